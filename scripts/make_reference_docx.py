"""Build proposal_templates/_shared/reference.docx: the company's Word styles every export uses
(fonts with an East Asian font on every style, numbered headings, TOC levels, code, A4 margins).

    python scripts/make_reference_docx.py

A company can replace the file with its own (same style names); the exporter only appends content."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parents[1] / "proposal_templates" / "_shared" / "reference.docx"
LATIN = "Arial"
EAST_ASIAN = "Noto Sans CJK SC"
MONO = "Noto Sans Mono CJK SC"
ACCENT = RGBColor(0x1F, 0x4E, 0x8C)


def fonts(style, latin: str = LATIN, east: str = EAST_ASIAN) -> None:  # type: ignore[no-untyped-def]
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), latin)
    rfonts.set(qn("w:eastAsia"), east)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)


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
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), str(432 + 144 * level))
        ind.set(qn("w:hanging"), str(432 + 144 * level))
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
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            rfonts = rpr.find(qn("w:rFonts"))
            if rfonts is None:
                rfonts = OxmlElement("w:rFonts")
                rpr.insert(0, rfonts)
            for attr in ("w:ascii", "w:hAnsi", "w:cs"):
                rfonts.set(qn(attr), LATIN)
            rfonts.set(qn("w:eastAsia"), EAST_ASIAN)
            for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                rfonts.attrib.pop(qn(theme), None)

    num_id = heading_numbering(document)
    for level, size in ((1, 16), (2, 13), (3, 11.5), (4, 11)):
        style = styles[f"Heading {level}"]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = ACCENT
        style.paragraph_format.space_before = Pt(14 if level == 1 else 10)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
        fonts(style)
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
    fonts(title)
    for name in ("Subtitle", "Header", "Footer", "List Bullet", "List Bullet 2", "List Number", "List Number 2",
                 "Quote", "Caption", "TOC Heading", "List Paragraph"):
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
        style.paragraph_format.space_after = Pt(2)
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
    fonts(code, MONO, MONO)

    cover = styles.add_style("Cover Detail", WD_STYLE_TYPE.PARAGRAPH)
    cover.base_style = normal
    cover.font.size = Pt(12)
    fonts(cover)

    table = styles["Table Grid"]
    fonts(table)

    OUT.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(OUT))
    print(OUT)


if __name__ == "__main__":
    main()
