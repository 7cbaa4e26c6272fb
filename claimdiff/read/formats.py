"""Document formats: a front-matter block at the top of a .txt / .md file, and HTML pages
(trafilatura, with a plain non-recursive extraction when it cannot cope).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from claimdiff.errors import InputError

class _FrontMatterLoader(yaml.SafeLoader):
    """yaml's SafeLoader without implicit timestamps: `date: 2020-08-31` stays the text it is,
    so a date that is not a real date (`date: 9999-99-99`) is one warning, not a YAML error
    that loses the article, and every date is read by the one strict reader (dates.py)."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _front_matter(text: str, path: Path) -> tuple[dict, str]:
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    try:
        meta = yaml.load(text[3:end], Loader=_FrontMatterLoader) or {}  # a SafeLoader, see the class
    except yaml.YAMLError as e:
        first = (str(e).splitlines() or [e.__class__.__name__])[0]
        raise InputError(path, f"front matter is not valid YAML ({first})", "fix the block between the --- lines") from e
    except (RecursionError, ValueError, OverflowError) as e:  # deep nesting, impossible dates like 2020-02-30
        raise InputError(path, f"front matter cannot be read ({e.__class__.__name__})", "fix the block between the --- lines") from e
    if not isinstance(meta, dict):
        return {}, text
    body = text[end + 4:]
    return meta, body.lstrip("\n")


def _html_to_text(html: str) -> tuple[str, dict]:
    """Article text and page metadata (trafilatura). Pages trafilatura cannot handle
    (nesting past the recursion limit, parser errors) and installs where it cannot be
    imported fall back to a plain, non-recursive text extraction."""
    try:
        import trafilatura
    except ImportError:  # e.g. lxml>=5.2 without lxml_html_clean (needed by jusText)
        return _plain_html_text(html)
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True)
    except (RecursionError, ValueError, TypeError, MemoryError, AttributeError):
        return _plain_html_text(html)
    if doc is None:
        return "", {}
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    meta = {"title": d.get("title"), "author": d.get("author"), "date": d.get("date"),
            "publisher": d.get("sitename"), "url": d.get("url")}
    return d.get("text") or "", {k: v for k, v in meta.items() if v}


_SKIP_TAGS = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
              "button", "select", "svg", "iframe"}
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
               "blockquote", "pre", "dd", "dt", "figcaption", "main", "table", "ul", "ol", "hr", "title"}


def _plain_html_text(html: str) -> tuple[str, dict]:
    """Text of an HTML page by the standard library's streaming parser: no recursion,
    so any nesting depth and any broken markup give text in linear time."""
    from html.parser import HTMLParser

    out: list[str] = []
    title: list[str] = []
    state = {"skip": 0, "title": False}

    class _P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in _SKIP_TAGS:
                state["skip"] += 1
            elif tag == "title":
                state["title"] = True
            if tag in _BLOCK_TAGS:
                out.append("\n")

        def handle_startendtag(self, tag, attrs):
            if tag in _BLOCK_TAGS:
                out.append("\n")

        def handle_endtag(self, tag):
            if tag in _SKIP_TAGS and state["skip"]:
                state["skip"] -= 1
            elif tag == "title":
                state["title"] = False
            if tag in _BLOCK_TAGS:
                out.append("\n")

        def handle_data(self, data):
            if state["title"]:
                title.append(data)
            elif not state["skip"]:
                out.append(data)

    parser = _P(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    meta = {"title": " ".join("".join(title).split())} if "".join(title).strip() else {}
    return "".join(out), meta
