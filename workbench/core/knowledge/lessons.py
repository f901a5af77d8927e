"""What a retrospective writes into a lesson item beside the lesson itself: a paragraph naming
each bid the lesson was learned from (``retro_lesson_source``, in the lesson's language)."""

from __future__ import annotations

import re

from workbench.core.errors import MESSAGES


def _as_pattern(template: str) -> str:
    return ".+?".join(re.escape(part) for part in re.split(r"\{\w+\}", template))


_TEMPLATES = MESSAGES["retro_lesson_source"]
assert isinstance(_TEMPLATES, tuple)
_SOURCE = re.compile("(?:" + "|".join(_as_pattern(t) for t in _TEMPLATES) + ")", re.DOTALL)


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


def without_sources(text: str) -> str:
    """``text`` without the paragraphs that only say which bid a lesson came from: two items
    stating the same lesson learned on different bids are the same lesson, and those paragraphs
    (different customers, projects and dates) would make them look apart. Text that is nothing
    but such paragraphs is kept whole."""
    if "\n\n" not in text:
        return text
    kept = [p for p in text.split("\n\n") if not _SOURCE.fullmatch(p.strip())]
    return "\n\n".join(kept) if kept else text
