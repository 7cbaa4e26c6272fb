"""Split an article into sentences with character offsets (syntok).

Each line of the cleaned text is a paragraph (headline, subheading, body). The paragraph
is normalised first (read/normalise.py: NFKC, invisible format characters removed, odd
spaces made spaces, digits of any script made ASCII), so every later stage reads
`2,000` where the article hides `2,\u200b000` or writes `２，０００`; syntok splits the
normalised paragraph, and each sentence keeps its span in the *original* `Article.text`:
`Sentence.text == normalise(Article.text[start:end]).strip()`, and where the sentence
holds nothing to normalise (nearly always) `Sentence.text == Article.text[start:end]`.
"""

from __future__ import annotations

import re

import syntok.segmenter as segmenter

from claimdiff.models import Article, Sentence
from claimdiff.read.normalise import normalise_with_map

MIN_WORDS = 4  # shorter fragments carry no comparable claim
MAX_CHARS = 1000  # runaway "sentences" (lists, tables) are cut out


# a title before a name ("Rep. Randy Forbes", "Gov. Andrew Cuomo", "Lt. Gen. Flynn"): syntok ends a
# sentence at its period; the two halves are one sentence
_TITLE_END = re.compile(r"(?:^|\s|\()(?:Rep|Reps|Sen|Sens|Gov|Govs|Gen|Lt|Col|Sgt|Capt|Cpt|Cmdr|Adm|Maj|Cpl|Pvt|"
                        r"Dr|Mr|Mrs|Ms|Prof|Rev|Hon|Pres|Atty|Supt|Det|Insp|Amb|Sec|Gens|Brig|Msgr)\.$")


def _joined_spans(spans: list[tuple[int, int]], chunk: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in spans:
        if out and _TITLE_END.search(chunk[out[-1][0]:out[-1][1]]) and chunk[lo:hi].lstrip()[:1].isupper():
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def split_sentences(article: Article) -> list[Sentence]:
    text = article.text
    out: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", text):
        base = para.start()
        chunk, starts, ends = normalise_with_map(para.group(0))
        if not chunk.strip():
            continue
        for paragraph in segmenter.analyze(chunk):
            for lo, hi in _joined_spans([(sent[0].offset, sent[-1].offset + len(sent[-1].value))
                                         for sent in paragraph if sent], chunk):
                s = chunk[lo:hi]
                lead = len(s) - len(s.lstrip())  # keep the span exact if a token carries spaces
                s = s.strip()
                if not s or len(s.split()) < MIN_WORDS or len(s) > MAX_CHARS:
                    continue
                lo += lead
                hi = lo + len(s)
                out.append(Sentence(article_id=article.id, index=len(out), text=s,
                                    start=base + starts[lo], end=base + ends[hi - 1]))
    return out
