"""What an article is about, as the grouping reads it: its title and lead (`story_text`), and
its lede (title and first lead sentence, `lede`), where news states the event and the period
it reports on."""

from __future__ import annotations

from functools import lru_cache

from claimdiff.models import Article

LEAD_CHARS = 3000  # characters of the text read for the lead (80 words fit in far fewer)
LEAD_WORDS = 80  # title + lead sentences, cut at this many words (the model reads 256 word pieces)

@lru_cache(maxsize=4096)  # story_text is asked for by prepare and by story_features: split each lead once
def _lead_sentences(article: Article) -> tuple[str, ...]:
    from claimdiff.read.sentences import split_sentences

    head = article if len(article.text) <= LEAD_CHARS else article.model_copy(update={"text": article.text[:LEAD_CHARS]})
    return tuple(s.text for s in split_sentences(head))  # only the head is split: the lead is all we keep


def _clip(text: str, words: int) -> str:
    parts = text.split()
    return " ".join(parts[:words])


def _title(article: Article) -> str:
    return " ".join((article.title or "").split())


def _lead_parts(article: Article) -> list[str]:
    """The title (with a stop) and the lead sentences, a first line repeating the title left out."""
    title = _title(article)
    parts = [title if title[-1:] in ".!?:;" else title + "."] if title else []  # a stop, so NER keeps them apart
    n = len(title.split())
    for s in _lead_sentences(article):
        if n >= LEAD_WORDS:
            break
        if title and _norm_space(s).rstrip(".") == _norm_space(title).rstrip("."):
            continue
        parts.append(s)
        n += len(s.split())
    return parts


def lede(article: Article) -> str:
    """The title and the first sentence of the lead: where a news report states its event and, for a
    statistical release, the period it reports on ("Employers added 266,000 jobs in April"). Later
    sentences give background ("since the shot was authorized in December", "600,000 shots a day
    were given last week") that is not the report's period."""
    title, first = lede_sentences(article)
    keep = [p for p in (title, first) if p]
    return _clip(" ".join(keep), LEAD_WORDS) if keep else _clip(" ".join(article.text.split()), LEAD_WORDS)


def lede_sentences(article: Article) -> tuple[str, str]:
    """(title with a stop, or "", first sentence of the lead, or "")."""
    parts = _lead_parts(article)
    title = _title(article)
    if not title:
        return "", parts[0] if parts else ""
    t = _norm_space(title)
    rest = [p for p in parts[1:] if _norm_space(p).rstrip(".;:") not in t]  # a piece of the title is not a lead
    return parts[0], rest[0] if rest else ""


def story_text(article: Article) -> str:
    """The title and the lead sentences (at most LEAD_WORDS words): what an article is about.

    A first line that repeats the title (as many files print it) is not counted twice; an
    article without a title is represented by its lead alone."""
    parts = _lead_parts(article)
    if not parts:  # a text with no sentence of MIN_WORDS words: whatever it has
        parts = [" ".join(article.text.split())]
    return _clip(" ".join(parts), LEAD_WORDS)


def _norm_space(s: str) -> str:
    return " ".join(s.lower().split())
