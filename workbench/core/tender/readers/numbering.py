"""The numbers Word displays in front of numbered paragraphs (``w:numPr``): computed from
numbering.xml the way Word does: per list a counter for each level, starting at the level's
``w:start`` (or the list's ``w:startOverride``), deeper levels restarting when a shallower one
counts on, and the level's ``w:lvlText`` ("%1.%2", "（%1）", "第%1条") filled with each level's
counter in that level's ``w:numFmt``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn

_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def chinese_number(n: int, digits: str = _DIGITS, units: str = "十百千") -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (up to 9999)."""
    if n <= 0 or n > 9999:
        return str(n)
    parts: list[str] = []
    places = [(1000, units[2]), (100, units[1]), (10, units[0]), (1, "")]
    zero = False
    for value, unit in places:
        d = (n // value) % 10
        if d == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append(digits[0])
            zero = False
        parts.append(("" if (value == 10 and d == 1 and not parts) else digits[d]) + unit)
    return "".join(parts)


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _roman(n: int) -> str:
    out = ""
    for value, glyph in _ROMAN:
        while n >= value:
            out += glyph
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand"):
        return chinese_number(n)
    if fmt == "chineseLegalSimplified":
        return chinese_number(n, _LEGAL, "拾佰仟")
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if fmt == "ideographDigital" or fmt == "taiwaneseDigital":
        return "".join(_DIGITS[int(d)] for d in str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        text = _letters(n)
        return text if fmt == "upperLetter" else text.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        text = _roman(n)
        return text if fmt == "upperRoman" else text.lower()
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    legal: bool = False
    style: str = ""


def _val(el: Any, tag: str) -> str | None:
    child = el.find(qn(tag)) if el is not None else None
    return None if child is None else child.get(qn("w:val"))


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


@dataclass
class Numbering:
    """Counters of one document, fed its numbered paragraphs in document order."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)  # numId -> (abstract, overrides)
    styles: dict[str, tuple[str, int | None]] = field(default_factory=dict)  # styleId -> (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Any) -> Numbering:
        self = cls()
        part = None
        for rel in document.part.rels.values():
            if rel.reltype.endswith("/numbering") and not rel.is_external:
                part = rel.target_part
        if part is not None:
            root = part.element
            for an in root.iterchildren(qn("w:abstractNum")):
                levels: dict[int, _Level] = {}
                for lvl in an.iterchildren(qn("w:lvl")):
                    levels[_int(lvl.get(qn("w:ilvl")), 0)] = _Level(
                        start=_int(_val(lvl, "w:start"), 1), fmt=_val(lvl, "w:numFmt") or "decimal",
                        text=_val(lvl, "w:lvlText") or "", legal=lvl.find(qn("w:isLgl")) is not None,
                        style=_val(lvl, "w:pStyle") or "")
                self.abstract[an.get(qn("w:abstractNumId")) or ""] = levels
            for num in root.iterchildren(qn("w:num")):
                overrides = {}
                for ov in num.iterchildren(qn("w:lvlOverride")):
                    start = _val(ov, "w:startOverride")
                    if start is not None:
                        overrides[_int(ov.get(qn("w:ilvl")), 0)] = _int(start, 1)
                self.nums[num.get(qn("w:numId")) or ""] = (_val(num, "w:abstractNumId") or "", overrides)
        for style in document.styles.element.iterchildren(qn("w:style")):
            numpr = style.find(qn("w:pPr") + "/" + qn("w:numPr"))
            if numpr is not None and _val(numpr, "w:numId"):
                ilvl = _val(numpr, "w:ilvl")
                self.styles[style.get(qn("w:styleId")) or ""] = (_val(numpr, "w:numId") or "",
                                                                 None if ilvl is None else _int(ilvl, 0))
        return self

    def number(self, p: Any, style_id: str, style_chain: list[str]) -> str:
        """The number Word shows before paragraph ``p`` ("" for none or a bullet)."""
        numpr = p.find(qn("w:pPr") + "/" + qn("w:numPr"))
        num_id = _val(numpr, "w:numId") if numpr is not None else None
        ilvl = _int(_val(numpr, "w:ilvl"), 0) if numpr is not None else None
        if num_id is None:
            for sid in style_chain:
                if sid in self.styles:
                    num_id, ilvl = self.styles[sid]
                    break
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl is None:  # a style's numbering names the level through the level's pStyle
            ilvl = next((i for i, lv in levels.items() if lv.style == style_id), 0)
        level = levels.get(ilvl)
        if level is None or level.fmt in ("bullet", "none"):
            return ""
        key = num_id if overrides else "a" + abstract_id
        counts = self.counters.setdefault(key, {})

        def start(i: int) -> int:
            return overrides.get(i, levels[i].start if i in levels else 1)

        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else start(ilvl)
        for deeper in [d for d in counts if d > ilvl]:
            del counts[deeper]
        text = level.text
        for i in range(ilvl, -1, -1):
            token = f"%{i + 1}"
            if token in text:
                lv = levels.get(i, _Level())
                value = counts.get(i, start(i))
                text = text.replace(token, str(value) if level.legal else format_number(value, lv.fmt))
        return text.strip()
