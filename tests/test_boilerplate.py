from claimdiff.read.boilerplate import clean_text

PAGE = """loader image

Council approves new bridge budget

2021/04/12 | News, local

City Online - The council voted on Tuesday to fund the new river bridge, ending a two-year dispute. Jane Roe - Researcher on urban policy

The bridge will carry four lanes of traffic and a cycle path, the council said in a statement.

0 Comments

Submit a Comment

Your email address will not be published. Required fields are marked *

LATEST CONTENT

Another story teaser that is not part of this article at all, but looks like prose.

Loading
"""


def test_strips_chrome_and_reads_head_metadata():
    c = clean_text(PAGE)
    assert c.title == "Council approves new bridge budget"
    assert c.date.isoformat() == "2021-04-12"
    assert c.author == "Jane Roe"
    assert "Comment" not in c.text and "LATEST" not in c.text and "teaser" not in c.text
    assert "loader image" not in c.text and "Loading" not in c.text
    assert "four lanes" in c.text
    assert "Researcher on urban policy" not in c.text


def test_byline_with_date_and_glued_image_prefix():
    c = clean_text("Remember meForgot password?\n    Log in with Twitter\n\narticle imageOp-Ed: Prices rise again\n\n"
                   "By Sam Lee     Oct 5, 2020 in Business\nPrices rose by 4 percent in September, the bureau said on Monday.\n")
    assert c.title == "Op-Ed: Prices rise again"
    assert c.author == "Sam Lee"
    assert c.date.isoformat() == "2020-10-05"
    assert c.text.splitlines()[0] == "Op-Ed: Prices rise again"
    assert "Forgot" not in c.text and "Twitter" not in c.text


def test_repeated_blocks_kept_once():
    body = "The harbour reopened after the storm, the port authority said on Monday morning.\n"
    c = clean_text("Harbour reopens\n\n" + body + "Story Code : 123456\nHarbour reopens\n" + body)
    assert c.text.count("harbour reopened") == 1
    assert c.text.count("Harbour reopens") == 1
    assert "Story Code" not in c.text


def test_tail_marker_needs_body_first():
    # a line "Comments" at the very top is not the end of the article
    c = clean_text("Comments\nReaders wrote hundreds of comments about the new bridge on Monday, the paper said.\n")
    assert "hundreds of comments" in c.text


def test_digit_group_spaces_survive_cleaning_other_spaces_collapse():
    from claimdiff.read.boilerplate import clean_text

    c = clean_text("Storm\n\nOfficials said 2\u202f000 homes and 3\u00a0500 cars\u00a0 were hit \u2003 on Monday.\n")
    assert c.text == "Storm\n\nOfficials said 2\u202f000 homes and 3\u00a0500 cars were hit on Monday."


def test_chrome_rules_and_repeats_see_through_invisible_characters():
    from claimdiff.read.boilerplate import clean_text

    body = "The council said 12 bridges were closed on Monday after the flood, officials confirmed."
    hidden = body.replace("12", "1\u200b2")  # the same line again, with a zero-width space
    c = clean_text(f"Floods close bridges\n\n{body}\n\n{hidden}\n\nSubmit a Com\u200bment\n\nSpam")
    assert c.text == f"Floods close bridges\n\n{body}"
