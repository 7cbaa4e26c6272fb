"""A story's short label: its members' most typical headline."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from claimdiff.models import Article
from claimdiff.stories.text import _clip, _title

LABEL_WORDS = 10




_STOP = set("""a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have
having he her here hers him his how i if in into is it its itself just me more most my no nor not now of off
on once only or other our ours out over own same she should so some such than that the their theirs them
then there these they this those through to too under until up very was we were what when where which while
who whom why will with would you your said says say one two new like even still may might must its it's
report reports news video watch update live breaking""".split())
_WORD = re.compile(r"\w(?:[\w'’.,$%-]*\w%?)?")


def _headline(article: Article) -> str:
    title = _title(article)
    if title:
        return title
    first = next((ln for ln in article.text.splitlines() if ln.strip()), "")
    return _clip(first, 12)


def _key(word: str) -> str:
    w = word.lower().replace("’", "'").replace(".", "")
    if w.endswith("'s"):
        w = w[:-2]
    return w[:-1] if len(w) > 4 and w[-1] == "s" and w[-2] != "s" else w


def story_label(members: Sequence[Article]) -> str:
    """A short label: the members' most typical headline (the one whose words the other members'
    headlines share most, on average; ties to the oldest), cut to LABEL_WORDS words."""
    heads = [_headline(m) for m in members]
    best = 0
    if len(members) > 1:
        keys = [{_key(w) for w in _WORD.findall(h)} - _STOP for h in heads]
        df = Counter(k for ks in keys for k in ks)
        score = [sum(df[k] - 1 for k in ks) / len(ks) if ks else -1.0 for ks in keys]
        best = max(range(len(members)), key=lambda i: (score[i], -i))
    words = heads[best].split()
    if not words:
        return "(untitled)"
    return " ".join(words[:LABEL_WORDS]) + (" …" if len(words) > LABEL_WORDS else "")
