"""What a person typed is text, not Markdown.

A template is Markdown written by its author; the values it is filled with (the form's fields,
pricing rows, list entries, the proposal's title, a knowledge item's title) are what someone typed.
Inside a render those values are ``PlainText``: a ``str`` that compares, hashes, slices and has the
``str`` methods a template calls (``strip``, ``splitlines``, ``replace``...) on what was typed, and
turns into escaped Markdown the moment it becomes part of the document (``{{ value }}``, ``~``,
``join``, ``'%s' % value``). So ``7*24`` stays ``7*24``, a line starting ``# `` stays a line and
``<b>`` stays visible, while the template's own ``**bold**`` stays bold. ``|markdown`` opts a value
into Markdown explicitly; knowledge item bodies are Markdown already and are never wrapped.

The escapes are backslash escapes of ASCII punctuation, which CommonMark (markdown-it, used for
.docx and PDF) and GitHub Markdown (md4c, used by Qt's preview) both read back as the character
itself; CJK punctuation is never touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, SupportsIndex

# escaped wherever they appear: emphasis, code, links, raw HTML, strikethrough, table cells
_ALWAYS = frozenset("\\`*[]<|~")
# escaped at the start of a line: headings, quotes, list items, setext underlines, thematic breaks
_LINE_START = frozenset("#>-+=")
_ORDERED = re.compile(r"(\d{1,9})([.)])(?=[ \t]|$)")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")


def _escape_line(line: str) -> str:
    """One line of text, taken to start a line of the document (where it may also land mid-line,
    the line-start escapes are harmless)."""
    out: list[str] = []
    start = 0
    ordered = _ORDERED.match(line, start)
    if ordered:  # "1. " / "1) " would start a numbered list
        out.append(ordered.group(1) + "\\" + ordered.group(2))
        start = ordered.end()
    elif line[start:start + 1] in _LINE_START:
        out.append("\\" + line[start])
        start += 1
    last = len(line) - 1
    for i in range(start, len(line)):
        ch = line[i]
        if ch in _ALWAYS:
            out.append("\\" + ch)
        elif ch == "_":
            # between two letters or digits "_" can neither open nor close emphasis (snake_case)
            inside_word = 0 < i < last and line[i - 1].isalnum() and line[i + 1].isalnum()
            out.append("_" if inside_word else "\\_")
        elif ch == "&" and _ENTITY.match(line, i):
            out.append("\\&")
        elif ch == "#" and not line[i:].rstrip(" \t#"):
            out.append("\\#")  # "## Title #" would lose its closing "#"s
        else:
            out.append(ch)
    return "".join(out)


def escape_markdown(text: str) -> str:
    """``text`` as Markdown that renders as exactly these characters. Lines lose their leading
    blanks (Markdown would drop them, or read four of them as a code block)."""
    lines = str.replace(text, "\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(_escape_line(line.lstrip(" \t")) for line in lines)


def _raw(value: Any) -> Any:
    """The characters of a PlainText as a plain str (anything else unchanged)."""
    return str.__str__(value) if isinstance(value, PlainText) else value


class PlainText(str):
    """Typed text inside a render: ``str`` on what was typed, Markdown-escaped when it becomes
    part of the document. Mixing it with the template's own strings gives Markdown."""

    __slots__ = ()

    def __str__(self) -> str:
        return escape_markdown(str.__str__(self))

    def __html__(self) -> str:  # |e, |safe and Markup(...) see the escaped Markdown too
        return str(self)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"PlainText({str.__repr__(self)})"

    def __add__(self, other: object) -> Any:
        if isinstance(other, PlainText):
            return PlainText(str.__add__(self, other))
        if isinstance(other, str):
            return str(self) + other
        return NotImplemented

    def __radd__(self, other: object) -> Any:
        if isinstance(other, str):
            return other + str(self)
        return NotImplemented

    def __mul__(self, count: SupportsIndex) -> PlainText:
        return PlainText(str.__mul__(self, count))

    __rmul__ = __mul__

    def __mod__(self, args: Any) -> PlainText:
        values = tuple(_raw(a) for a in args) if isinstance(args, tuple) else _raw(args)
        return PlainText(str.__mod__(self, values))

    def __getitem__(self, key: SupportsIndex | slice) -> PlainText:
        return PlainText(str.__getitem__(self, key))

    def __iter__(self) -> Iterator[PlainText]:
        return (PlainText(ch) for ch in str.__iter__(self))

    def format(self, *args: Any, **kwargs: Any) -> PlainText:
        return PlainText(str.format(self, *(_raw(a) for a in args), **{k: _raw(v) for k, v in kwargs.items()}))

    def split(self, sep: str | None = None, maxsplit: SupportsIndex = -1) -> list[PlainText]:  # type: ignore[override]
        return [PlainText(p) for p in str.split(self, sep, maxsplit)]

    def rsplit(self, sep: str | None = None, maxsplit: SupportsIndex = -1) -> list[PlainText]:  # type: ignore[override]
        return [PlainText(p) for p in str.rsplit(self, sep, maxsplit)]

    def splitlines(self, keepends: bool = False) -> list[PlainText]:  # type: ignore[override]
        return [PlainText(p) for p in str.splitlines(self, keepends)]

    def partition(self, sep: str) -> tuple[PlainText, PlainText, PlainText]:
        a, b, c = str.partition(self, sep)
        return PlainText(a), PlainText(b), PlainText(c)

    def rpartition(self, sep: str) -> tuple[PlainText, PlainText, PlainText]:
        a, b, c = str.rpartition(self, sep)
        return PlainText(a), PlainText(b), PlainText(c)


def _keeps_text(name: str) -> Callable[..., PlainText]:
    method = getattr(str, name)

    def wrapper(self: PlainText, *args: Any, **kwargs: Any) -> PlainText:
        return PlainText(method(self, *args, **kwargs))

    wrapper.__name__ = name
    wrapper.__doc__ = method.__doc__
    return wrapper


for _name in ("capitalize", "casefold", "center", "expandtabs", "join", "ljust", "lower", "lstrip",
              "removeprefix", "removesuffix", "replace", "rjust", "rstrip", "strip", "swapcase", "title",
              "translate", "upper", "zfill"):
    setattr(PlainText, _name, _keeps_text(_name))


def as_text(value: Any) -> Any:
    """Every string in a value (nested in lists, tuples and dicts) as PlainText."""
    if isinstance(value, PlainText):
        return value
    if isinstance(value, str):
        return PlainText(value)
    if isinstance(value, list):
        return [as_text(v) for v in value]
    if isinstance(value, tuple):
        return tuple(as_text(v) for v in value)
    if isinstance(value, dict):
        return {k: as_text(v) for k, v in value.items()}
    return value


def as_markdown(value: Any) -> Any:
    """The ``|markdown`` filter: a value the template author declares to be Markdown."""
    if isinstance(value, PlainText):
        return str.__str__(value)
    if isinstance(value, (list, tuple)):
        return [as_markdown(v) for v in value]
    return value
