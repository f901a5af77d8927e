"""An item as passages the encoder reads well: the title with the start of the body, then the
rest of the body in chunks of paragraphs within the encoder's window, each chunk led by the title
(a chunk about "the SLA" means the SLA of *this* item). An item scores by its best passage."""

from __future__ import annotations

import re

from workbench.core.knowledge.lessons import without_sources

MAX_PASSAGES = 8  # per item: a 100-page pasted manual costs eight encodes, not eight hundred
_MARKUP = re.compile(r"[#*_>`|\[\]]+|^\s*[-+]\s+|^\s*\d+[.)]\s+", re.MULTILINE)
_BLANK = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[。！？；.!?;])\s*")


def _plain(text: str) -> str:
    """Markdown marks are not meaning."""
    return re.sub(r"[ \t]+", " ", _MARKUP.sub(" ", text)).strip()


def _pieces(paragraph: str, size: int) -> list[str]:
    """A paragraph longer than ``size`` split at sentence ends (or hard, when a sentence is
    longer still)."""
    if len(paragraph) <= size:
        return [paragraph]
    out: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(paragraph):
        while len(sentence) > size:
            if current:
                out.append(current)
                current = ""
            out.append(sentence[:size])
            sentence = sentence[size:]
        if current and len(current) + len(sentence) + 1 > size:
            out.append(current)
            current = ""
        current = f"{current} {sentence}".strip() if current else sentence
    if current:
        out.append(current)
    return out


def passages(title: str, body: str, window: int) -> list[str]:
    """At least one passage (the title alone for an empty body), at most ``MAX_PASSAGES``. A
    lesson's paragraphs that only name the bids it was learned from are not its meaning: a lesson
    about rehearsing the bid defence, learned on a predictive-maintenance bid, is not about
    predictive maintenance."""
    body = without_sources(body)
    title = _plain(title)[: window // 2]
    room = max(40, window - len(title) - 1)
    chunks: list[str] = []
    current = ""
    for paragraph in _BLANK.split(body):
        text = " ".join(line.strip() for line in _plain(paragraph).splitlines() if line.strip())
        for piece in _pieces(text, room) if text else []:
            if current and len(current) + len(piece) + 1 > room:
                chunks.append(current)
                current = ""
            current = f"{current} {piece}" if current else piece
    if current:
        chunks.append(current)
    if not chunks:
        return [title or " "]
    return [f"{title}\n{chunk}" if title else chunk for chunk in chunks[:MAX_PASSAGES]]
