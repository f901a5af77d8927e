"""What a retrospective writes into a lesson item beside the lesson itself: a paragraph naming
each bid the lesson was learned from (``retro_lesson_source``, in the lesson's language)."""

from __future__ import annotations


def lesson_key(text: str) -> str:
    """A lesson as compared with the ones already written down: its words, spacing and case aside."""
    return " ".join(text.split()).casefold()


def lesson_of(body: str) -> str:
    """The lesson a lesson item's body states: its first paragraph (the bids it came from follow)."""
    return body.split("\n\n", 1)[0]


def learned_again(body: str, source: str) -> str:
    """A lesson's body with one more bid it was learned from (once), as a paragraph of its own."""
    if source in body.split("\n\n"):
        return body
    return f"{body.rstrip()}\n\n{source}"
