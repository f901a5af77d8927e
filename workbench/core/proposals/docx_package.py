"""The parts of a .docx around its text: document properties, settings and the font table.

What a customer's Word shows about the file must come from the proposal, not from the tool:
python-docx leaves author "python-docx" and a 2013 date, and bids with identical metadata
across bidders are read as collusion. Word opens a file whose settings.xml carries an old
``compatibilityMode`` in Compatibility Mode, and ``w:updateFields`` makes it ask to update
fields on open (the table of contents is filled before the file is written, so neither is
wanted). Fonts are named as Windows and macOS have them (宋体/SimSun, 黑体/SimHei): Noto CJK is
on Linux only, and Word substituting it moves page breaks. The font table gives each its
localised name and character set so Word matches it on a Chinese or an English system."""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.sax.saxutils import escape

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

LATIN = "Arial"
BODY_EAST_ASIAN = "SimSun"  # 宋体
HEADING_EAST_ASIAN = "SimHei"  # 黑体
MONO = "Courier New"
HEADING_STYLES = ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "TOC Heading")
WORD_URI = "http://schemas.microsoft.com/office/word"
COMPATIBILITY_MODE = "15"  # Word 2013 and later: no Compatibility Mode

# name -> (localised name, panose, charset, family, pitch): what Windows reports for each
FONTS: dict[str, tuple[str, str, str, str, str]] = {
    "SimSun": ("宋体", "02010600030101010101", "86", "auto", "variable"),
    "SimHei": ("黑体", "02010609060101010101", "86", "modern", "fixed"),
    "Arial": ("", "020B0604020202020204", "00", "swiss", "variable"),
    "Courier New": ("", "02070309020205020404", "00", "modern", "fixed"),
}


def language_tag(zh: bool) -> str:
    return "zh-CN" if zh else "en-US"


def set_properties(document: Any, *, title: str, author: str, company: str, zh: bool,
                   now: dt.datetime | None = None) -> None:
    """Core and extended properties from the proposal; nothing of python-docx's defaults."""
    when = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0, tzinfo=None)
    core = document.core_properties
    core.title = title
    core.author = author
    core.last_modified_by = author
    core.created = when
    core.modified = when
    printed = core._element.find(qn("cp:lastPrinted"))
    if printed is not None:
        core._element.remove(printed)
    core.revision = 1
    core.language = language_tag(zh)
    for empty in ("subject", "keywords", "comments", "category", "content_status", "identifier", "version"):
        setattr(core, empty, "")
    package = document.part.package
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = _app_xml(company)


def _app_xml(company: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<Template>Normal.dotm</Template><TotalTime>0</TotalTime><Application>Microsoft Office Word</Application>"
        f"<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><Company>{escape(company)}</Company>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion></Properties>"
    ).encode()


def current_format(settings: Any, zh: bool) -> None:
    """settings.xml of a current Word document: compatibility mode 15, no update-fields prompt,
    the theme's East Asian language that of the document."""
    for stale in settings.findall(qn("w:updateFields")):
        settings.remove(stale)
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        anchor = settings.find(qn("w:rsids"))
        if anchor is not None:
            anchor.addprevious(compat)
        else:
            settings.append(compat)
    mode = next((c for c in compat.findall(qn("w:compatSetting")) if c.get(qn("w:name")) == "compatibilityMode"), None)
    if mode is None:
        mode = OxmlElement("w:compatSetting")
        mode.set(qn("w:name"), "compatibilityMode")
        mode.set(qn("w:uri"), WORD_URI)
        compat.append(mode)
    mode.set(qn("w:val"), COMPATIBILITY_MODE)
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")
        theme_lang.set(qn("w:val"), language_tag(zh))


def set_fonts(rpr: Any, east_asian: str, latin: str = LATIN) -> None:
    """Name the fonts of a run or style: Latin, complex script and East Asian, no theme fonts."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)


def set_language(rpr: Any, zh: bool) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language_tag(zh))
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")


def document_defaults(document: Any, zh: bool) -> None:
    """The defaults every run inherits: our fonts and the document's language (LibreOffice tags
    the PDF with it); every paragraph's widow and orphan control."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr is None:
        return
    set_fonts(rpr, BODY_EAST_ASIAN)
    set_language(rpr, zh)
    # widow and orphan control on every paragraph, said rather than left to each program's
    # default: without it LibreOffice let a paragraph's last line start a page of its own
    ppr = defaults.find(qn("w:pPrDefault") + "/" + qn("w:pPr"))
    if ppr is not None:
        ppr.get_or_add_widowControl().set(qn("w:val"), "1")


def font_table(document: Any) -> None:
    """Entries for the fonts we name, with their localised names as altName."""
    part = next((p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    from lxml import etree  # type: ignore[import-untyped]

    root = etree.fromstring(part.blob)
    for font in list(root.findall(qn("w:font"))):
        if font.get(qn("w:name")) in FONTS:
            root.remove(font)
    for name, (alt, panose, charset, family, pitch) in FONTS.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        if alt:
            etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alt)
        etree.SubElement(font, qn("w:panose1")).set(qn("w:val"), panose)
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), charset)
        etree.SubElement(font, qn("w:family")).set(qn("w:val"), family)
        etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), pitch)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
