"""Split an article into sentences with character offsets (syntok).

Each line of the cleaned text is a paragraph (headline, subheading, body); syntok splits
paragraphs into sentences and gives token offsets, so every sentence keeps its exact
span in `Article.text`.
"""

from __future__ import annotations

import re

import syntok.segmenter as segmenter

from claimdiff.models import Article, Sentence

MIN_WORDS = 4  # shorter fragments carry no comparable claim
MAX_CHARS = 1000  # runaway "sentences" (lists, tables) are cut out


def split_sentences(article: Article) -> list[Sentence]:
    text = article.text
    out: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", text):
        base = para.start()
        chunk = para.group(0)
        for paragraph in segmenter.analyze(chunk):
            for sent in paragraph:
                if not sent:
                    continue
                start = base + sent[0].offset
                end = base + sent[-1].offset + len(sent[-1].value)
                if end - start > MAX_CHARS:
                    continue
                s = text[start:end]
                lead = len(s) - len(s.lstrip())  # keep the span exact if a token carries spaces
                s = s.strip()
                start += lead
                end = start + len(s)
                if len(s.split()) < MIN_WORDS or len(s) > MAX_CHARS:
                    continue
                out.append(Sentence(article_id=article.id, index=len(out), text=s, start=start, end=end))
    return out
