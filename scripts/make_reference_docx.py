"""Build proposal_templates/_shared/reference.docx: the company's Word styles every export uses
(fonts Word finds on Windows and macOS, with an East Asian font on every style: 宋体/SimSun for
text, 黑体/SimHei for headings; numbered headings, TOC levels, code, A4 margins), saved as a
current Word document: compatibility mode 15, none of python-docx's leftovers (its thumbnail,
a Word 2010 stylesWithEffects part, custom XML, "python-docx" as author and a 2013 date).

    python scripts/make_reference_docx.py

A company can replace the file with its own (same style names); the exporter only appends content."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parents[1] / "proposal_templates" / "_shared" / "reference.docx"
from workbench.core.proposals import docx_package as package  # noqa: E402

LATIN = package.LATIN
EAST_ASIAN = package.BODY_EAST_ASIAN
HEADING_EAST_ASIAN = package.HEADING_EAST_ASIAN
MONO = package.MONO
LEFTOVERS = ("/word/stylesWithEffects.xml", "/docProps/thumbnail.jpeg", "/customXml/")
ACCENT = RGBColor(0x1F, 0x4E, 0x8C)


def fonts(style, latin: str = LATIN, east: str = EAST_ASIAN) -> None:  # type: ignore[no-untyped-def]
    package.set_fonts(style.element.get_or_add_rPr(), east, latin)


def drop_leftovers(document) -> None:  # type: ignore[no-untyped-def]
    """Relationships to the parts a current Word document does not carry."""
    for source in [document.part, document.part.package]:
        for rel_id, rel in list(source.rels.items()):
            if not rel.is_external and str(rel.target_part.partname).startswith(LEFTOVERS):
                del source.rels[rel_id]
    for part in document.part.package.iter_parts():
        for rel_id, rel in list(part.rels.items()):
            if not rel.is_external and str(rel.target_part.partname).startswith(LEFTOVERS):
                del part.rels[rel_id]


def heading_numbering(document) -> int:  # type: ignore[no-untyped-def]
    """A multilevel list 1 / 1.1 / 1.1.1 tied to Heading 1-3."""
    numbering = document.part.numbering_part.element
    ids = [int(n.get(qn("w:abstractNumId"))) for n in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(ids, default=0) + 1
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    multi = OxmlElement("w:multiLevelType")
    multi.set(qn("w:val"), "multilevel")
    abstract.append(multi)
    for level in range(3):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, val in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:pStyle", f"Heading{level + 1}"),
                         ("w:lvlText", ".".join(f"%{i + 1}" for i in range(level + 1))), ("w:lvlJc", "left")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        # the number's room (twips) holds a two-digit chapter's number in its heading's size (16 pt
        # "10", 13 pt "10.1", 11.5 pt "10.1.1") with a gap: at 432/576/720 chapter 10 on sat
        # against its title while chapter 9 had a wide gap
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), str(520 + 120 * level))
        ind.set(qn("w:hanging"), str(520 + 120 * level))
        ppr.append(ind)
        lvl.append(ppr)
        abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    num_id = max(num_ids, default=0) + 1
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(abstract_id))
    num.append(ref)
    numbering.append(num)
    return num_id


def main() -> None:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.4)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.2)
    styles = document.styles

    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.25
    fonts(normal)
    # document defaults too, so nothing falls back to a theme font
    package.document_defaults(document, zh=True)
    num_id = heading_numbering(document)
    for level, size in ((1, 16), (2, 13), (3, 11.5), (4, 11)):
        style = styles[f"Heading {level}"]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = ACCENT
        style.paragraph_format.space_before = Pt(14 if level == 1 else 10)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
        fonts(style, east=HEADING_EAST_ASIAN)
        if level <= 3:
            ppr = style.element.get_or_add_pPr()
            numpr = OxmlElement("w:numPr")
            ilvl = OxmlElement("w:ilvl")
            ilvl.set(qn("w:val"), str(level - 1))
            nid = OxmlElement("w:numId")
            nid.set(qn("w:val"), str(num_id))
            numpr.append(ilvl)
            numpr.append(nid)
            ppr.insert(0, numpr)

    title = styles["Title"]
    title.font.size = Pt(26)
    title.font.color.rgb = ACCENT
    fonts(title, east=HEADING_EAST_ASIAN)
    fonts(styles["Subtitle"], east=HEADING_EAST_ASIAN)
    fonts(styles["TOC Heading"], east=HEADING_EAST_ASIAN)
    for name in ("Header", "Footer", "List Bullet", "List Bullet 2", "List Number", "List Number 2",
                 "Quote", "Caption", "List Paragraph"):
        fonts(styles[name])
    styles["Header"].font.size = Pt(8.5)
    styles["Footer"].font.size = Pt(8.5)
    text_width = section.page_width - section.left_margin - section.right_margin
    for name in ("Header", "Footer"):
        stops = styles[name].paragraph_format.tab_stops
        tabs = styles[name].element.pPr.find(qn("w:tabs"))
        if tabs is not None:
            tabs.getparent().remove(tabs)
        stops.add_tab_stop(text_width // 2, WD_TAB_ALIGNMENT.CENTER)
        stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    toc_heading = styles["TOC Heading"]
    toc_heading.font.color.rgb = ACCENT
    # based on Heading 1, it would take its chapter number: switch numbering off
    ppr = toc_heading.element.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), "0")
    numpr.append(nid)
    ppr.insert(0, numpr)

    for level in (1, 2, 3):
        name = f"TOC {level}"
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.space_before = Pt(4 if level == 1 else 0)
        style.paragraph_format.line_spacing = 1.1  # a two-level contents of a 30-page proposal fits one page
        style.paragraph_format.tab_stops.add_tab_stop(
            section.page_width - section.left_margin - section.right_margin, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        if level == 1:
            style.font.bold = True
        fonts(style)

    code = styles.add_style("Code", WD_STYLE_TYPE.PARAGRAPH)
    code.base_style = normal
    code.font.size = Pt(9)
    code.paragraph_format.space_after = Pt(0)
    code.paragraph_format.line_spacing = 1.0
    fonts(code, MONO)

    cover = styles.add_style("Cover Detail", WD_STYLE_TYPE.PARAGRAPH)
    cover.base_style = normal
    cover.font.size = Pt(12)
    fonts(cover)

    table = styles["Table Grid"]
    fonts(table)

    drop_leftovers(document)
    package.font_table(document)
    package.current_format(document.settings.element, zh=True)
    package.set_properties(document, title="", author="", company="", zh=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(OUT))
    print(OUT)


if __name__ == "__main__":
    main()
