"""Property-based fuzzing of the readers (hypothesis). Example counts are bounded so the whole
file runs in seconds; the properties are the contracts, not particular outputs:

- clean_text / split_sentences never raise, and every sentence span is exact (its text is the
  normalised text of its span in the article);
- read_paths on arbitrary bytes never raises: each file is an article or one skip line;
- find_date / parse_date return a date or None, never raise;
- load_lexicon on arbitrary YAML returns a Lexicon or raises ConfigError.
"""

import datetime as dt
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimdiff.read.boilerplate import clean_text
from claimdiff.claims import load_lexicon
from claimdiff.claims.frame import Lexicon
from claimdiff.read.dates import find_date, parse_date
from claimdiff.errors import ConfigError
from claimdiff.read.files import EXTENSIONS, read_paths
from claimdiff.models import Article, short_hash
from claimdiff.read.normalise import normalise
from claimdiff.read.sentences import split_sentences

FUZZ = settings(max_examples=120, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# text that looks like scraped articles: words, numbers, punctuation, dates, odd whitespace, odd code points
WORDS = st.sampled_from(["The", "mayor", "said", "12", "2,500", "troops", "were", "withdrawn", "on", "Monday",
                         "By", "Jane", "Doe", "Oct", "5,", "2020", "2023-03-03", "Comments", "Log", "in", "U.S.",
                         "Dr.", "e.g.", "“quoted”", "—", "...", "?", "!", ".", "\n", "\n\n", "\t", "\r\n",
                         "\u2028", "\x00", "\x85", "\ufeff", "𝔘𝔫𝔦", "日本語", "عربى", "#", "*", "<p>", "&amp;"])
PROSE = st.one_of(st.lists(WORDS, max_size=80).map(" ".join), st.text(max_size=400))


@FUZZ
@given(PROSE)
def test_clean_text_and_sentence_spans(raw):
    c = clean_text(raw)
    assert isinstance(c.text, str)
    a = Article(id=short_hash(c.text), path="fuzz.txt", text=c.text)
    for s in split_sentences(a):
        assert 0 <= s.start <= s.end <= len(a.text)
        assert normalise(a.text[s.start:s.end]).strip() == s.text


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=600), PROSE.map(lambda t: t.encode("utf-8", "surrogatepass")),
                      PROSE.map(lambda t: t.encode("utf-16", "surrogatepass"))),
       ext=st.sampled_from(sorted(EXTENSIONS) + [".json", ""]))
def test_read_paths_on_random_bytes(tmp_path_factory, data, ext):
    d = tmp_path_factory.mktemp("fuzz")
    p = d / f"f{ext}"
    p.write_bytes(data)
    r = read_paths([d])
    if ext != ".jsonl":
        assert len(r.articles) + len(r.skipped) == 1, r
    for line in r.skipped:
        assert "\n" not in line and line.startswith(str(p))
    for a in r.articles:
        for s in split_sentences(a):
            assert normalise(a.text[s.start:s.end]).strip() == s.text


DATEISH = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(["2020", "1999", "0", "31", "13", "-", "/", ".", " ", "Feb", "September", "29th",
                              "T", "Z", "+99:99", "99999999999", "1e9", "de", ","]), max_size=12).map("".join),
)


@FUZZ
@given(DATEISH)
def test_find_date_and_parse_date(s):
    for d in (find_date(s), parse_date(s)):
        assert d is None or isinstance(d, dt.date)


@FUZZ
@given(st.one_of(st.none(), st.integers(), st.floats(), st.booleans(), st.lists(st.integers(), max_size=3),
                 st.dictionaries(st.text(max_size=3), st.integers(), max_size=2), st.dates(), st.datetimes()))
def test_parse_date_on_any_metadata_value(v):
    d = parse_date(v)
    assert d is None or isinstance(d, dt.date)


YAML_SCALAR = st.one_of(st.text(alphabet=string.ascii_letters + " *-", max_size=12), st.integers(), st.none(),
                        st.booleans(), st.floats(allow_nan=True))
YAML_VALUE = st.recursive(YAML_SCALAR, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                              st.dictionaries(st.text(max_size=6), kids, max_size=4)),
                          max_leaves=20)


@pytest.fixture(autouse=True)
def _fresh_lexicon_cache():
    load_lexicon.cache_clear()
    yield
    load_lexicon.cache_clear()


@settings(max_examples=100, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(doc=st.one_of(
    YAML_VALUE.map(lambda v: {"axes": v}),
    st.dictionaries(st.text(string.ascii_lowercase, min_size=1, max_size=5),
                    st.fixed_dictionaries({"frames": st.dictionaries(st.text(string.ascii_lowercase, min_size=1, max_size=5),
                                                                     YAML_VALUE, max_size=3)},
                                          optional={"min_similarity": YAML_SCALAR, "description": YAML_SCALAR}),
                    max_size=2).map(lambda axes: {"axes": axes}),
    YAML_VALUE),
    raw=st.one_of(st.none(), st.binary(max_size=80), st.text(max_size=80)))
def test_load_lexicon_on_random_yaml(tmp_path_factory, doc, raw):
    import yaml

    p = tmp_path_factory.mktemp("lex") / "lex.yaml"
    if raw is None:
        p.write_text(yaml.safe_dump(doc, allow_unicode=True))
    elif isinstance(raw, bytes):
        p.write_bytes(raw)
    else:
        p.write_text(raw, encoding="utf-8", errors="surrogatepass")
    load_lexicon.cache_clear()
    try:
        lex = load_lexicon(str(p))
    except ConfigError as e:
        assert "\n" not in str(e)
        return
    assert isinstance(lex, Lexicon)


@pytest.mark.parametrize("doc", [
    "axes: {1: {frames: {2: [pull out], 3: [stay]}}}",  # numbers as names: read as text
    "[" * 5000,  # nesting past the recursion limit
    "axes: " + "[" * 5000,
    "axes: &a {b: *a}",  # a YAML alias loop
])
def test_load_lexicon_regressions(tmp_path, doc):
    """Inputs the fuzzer found (or that sit next to them): a Lexicon usable by read_frames, or ConfigError."""
    from claimdiff.claims.frame import read_frames

    p = tmp_path / "lex.yaml"
    p.write_text(doc)
    try:
        lex = load_lexicon(str(p))
    except ConfigError as e:
        assert "\n" not in str(e)
        return
    assert read_frames("They will pull out the troops and stay", lex)


def test_load_lexicon_not_utf8(tmp_path):
    p = tmp_path / "lex.yaml"
    p.write_bytes(b"axes: {a: \x80}")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_lexicon(str(p))
