"""Text that names a heading of the document, with that heading's page as a PAGEREF field.

Markdown marks such text with HTML comments (invisible in the preview, the .docx and the PDF):
``<!-- heading-ref -->3.2 系统架构<!-- heading-ref-page -->（第 12 页）<!-- /heading-ref -->``.
The text before ``heading-ref-page`` is the name; after it, a page the author typed (optional).
When the name is a heading of the document being written (with or without the number the
document gives it), the typed page gives way to "（第 N 页）" / ", p. N" with N a PAGEREF field on
the heading's bookmark: Word and LibreOffice show the page the heading lands on. Its shown value
is filled from the layout pass that numbers the table of contents (``WrittenDocument.set_pages``),
so the page is right before any program updates fields. A name that is no heading of the document
stays as written, typed page and all: never a field pointing nowhere."""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from workbench.core.knowledge.language import document_script

REF_OPEN = "<!-- heading-ref -->"
REF_PAGE = "<!-- heading-ref-page -->"
REF_CLOSE = "<!-- /heading-ref -->"
# a section of a tender quoted in our document: its number after the title, as the point-by-point
# chapter writes it ("安全要求（招标文件 二）", "Security (tender 2)"), since the document numbers its
# own headings; evidence names it as the tender does ("二、安全要求")
_TENDER_SECTION = re.compile(r"^(?P<title>.+?)(?:（招标文件 | \(tender )(?P<clause>[^）)]+)[）)]$")


def heading_key(text: str) -> str:
    """A heading or a name of one, compared without case and extra spaces."""
    return " ".join(text.split()).casefold()


def heading_names(headings: list[tuple[int, str, str]]) -> dict[str, str]:
    """Each way a heading (level, numbered text, bookmark) may be named -> its bookmark: as
    numbered, without its number, and a quoted tender section also as the tender writes it."""
    found: dict[str, str] = {}
    for _level, numbered, bookmark in headings:
        number, _, bare = numbered.partition(" ")
        found.setdefault(heading_key(numbered), bookmark)
        if bare and number.replace(".", "").isdigit():
            found.setdefault(heading_key(bare), bookmark)
            tender = _TENDER_SECTION.match(bare)
            if tender:
                title, clause = tender.group("title").strip(), tender.group("clause")
                for written_as in (title, f"{clause}、{title}", f"{clause}. {title}", f"{clause} {title}"):
                    found.setdefault(heading_key(written_as), bookmark)
    return found


def page_words(language: str) -> tuple[str, str]:
    """What stands before and after the page number in a document in ``language`` ("（第 12 页）",
    "（第 12 頁）", ", p. 12"); no-break spaces keep it on one line."""
    script = document_script(language)
    if script == "en":
        return ", p.\u00a0", ""
    return "（第\u00a0", ("\u00a0頁）" if script == "zh-Hant" else "\u00a0页）")


def _run(rpr: Any, child: Any) -> Any:
    run = OxmlElement("w:r")
    if rpr is not None:
        run.append(deepcopy(rpr))
    run.append(child)
    return run


def text_run(rpr: Any, text: str) -> tuple[Any, Any]:
    """A run of ``text`` with the run properties ``rpr`` (copied); returns the run and its w:t."""
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    return _run(rpr, t), t


def page_field(rpr: Any, bookmark: str, placeholder: str) -> tuple[list[Any], Any]:
    """The runs of a PAGEREF field on ``bookmark`` showing ``placeholder``, and the w:t showing it."""
    runs = []
    for kind in ("begin", "instr", "separate", "shown", "end"):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" PAGEREF {bookmark} \\h "
            runs.append(_run(rpr, element))
        elif kind == "shown":
            run, shown = text_run(rpr, placeholder)
            runs.append(run)
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            runs.append(_run(rpr, element))
    return runs, shown


@dataclass
class HeadingRef:
    """One marked name in a written paragraph: the runs of the name and of the typed page."""

    paragraph: Any
    name_runs: list[Any]
    page_runs: list[Any]

    @property
    def name(self) -> str:
        """The name as typed: the writer keeps an ID's hyphen from ending a line with Word's
        non-breaking hyphen element, which has no text of its own, so it is read back as "-"."""
        hyphen, text = qn("w:noBreakHyphen"), qn("w:t")
        return "".join("-" if e.tag == hyphen else e.text or ""
                       for r in self.name_runs for e in r.iter(text, hyphen))


class RefMarks:
    """Collects the marked names while the writer appends runs to paragraphs."""

    def __init__(self) -> None:
        self.refs: list[HeadingRef] = []
        self._open: tuple[Any, int, int | None] | None = None  # paragraph, first run, first page run

    def mark(self, comment: str, paragraph: Any) -> bool:
        """Note a marker met at the end of ``paragraph`` (a w:p); whether ``comment`` was one."""
        comment = comment.strip()
        if comment not in (REF_OPEN, REF_PAGE, REF_CLOSE):
            return False
        at = len(paragraph)
        if comment == REF_OPEN:
            self._open = (paragraph, at, None)
        elif self._open is not None and self._open[0] is paragraph:
            p, start, page = self._open
            if comment == REF_PAGE:
                self._open = (p, start, at)
            else:
                children = list(p)
                split = page if page is not None else at
                names = [c for c in children[start:split] if c.tag == qn("w:r")]
                pages = [c for c in children[split:at] if c.tag == qn("w:r")]
                if names:
                    self.refs.append(HeadingRef(p, names, pages))
                self._open = None
        return True


def link_refs(refs: list[HeadingRef], headings: list[tuple[int, str, str]], language: str,
              placeholder: str) -> dict[str, list[Any]]:
    """Give each ref naming a heading its page field (in place of a typed page); returns, per
    bookmark, the w:t elements showing its page."""
    names = heading_names(headings)
    before, after = page_words(language)
    shown: dict[str, list[Any]] = {}
    for ref in refs:
        bookmark = names.get(heading_key(ref.name))
        if bookmark is None:
            continue
        texts = [r for r in ref.name_runs if r.find(qn("w:t")) is not None]  # the writer leaves empty runs too
        rpr = texts[-1].find(qn("w:rPr")) if texts else None  # the page is set like the name it follows
        for run in ref.page_runs:
            ref.paragraph.remove(run)
        field, t = page_field(rpr, bookmark, placeholder)
        anchor = ref.name_runs[-1]
        for run in [text_run(rpr, before)[0], *field, *([text_run(rpr, after)[0]] if after else [])]:
            anchor.addnext(run)
            anchor = run
        shown.setdefault(bookmark, []).append(t)
    return shown


def show_pages(shown: dict[str, list[Any]], pages: dict[str, int]) -> None:
    for bookmark, texts in shown.items():
        page = pages.get(bookmark)
        for t in texts:
            t.text = str(page) if page else ""
