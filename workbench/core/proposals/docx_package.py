"""The parts of a .docx around its text: document properties, settings and the font table.

What a customer's Word shows about the file must come from the proposal, not from the tool:
python-docx leaves author "python-docx" and a 2013 date, and bids with identical metadata
across bidders are read as collusion. Word opens a file whose settings.xml carries an old
``compatibilityMode`` in Compatibility Mode, and ``w:updateFields`` makes it ask to update
fields on open (the table of contents is filled before the file is written, so neither is
wanted). Fonts are named as Windows and macOS have them (宋体/SimSun, 黑体/SimHei; for Traditional
Chinese 新細明體/PMingLiU and 微軟正黑體/Microsoft JhengHei): Noto CJK is on Linux only, and Word
substituting it moves page breaks. The font table gives each its localised name and character
set so Word matches it on a Chinese or an English system."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from workbench.core.knowledge.language import document_script

LATIN = "Arial"
BODY_EAST_ASIAN = "SimSun"  # 宋体
HEADING_EAST_ASIAN = "SimHei"  # 黑体
MONO = "Courier New"
HEADING_STYLES = ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "TOC Heading")
WORD_URI = "http://schemas.microsoft.com/office/word"
COMPATIBILITY_MODE = "15"  # Word 2013 and later: no Compatibility Mode

# name -> (localised name, panose, charset, family, pitch): what Windows reports for each
# (charset 86: GB2312, 88: Big5)
FONTS: dict[str, tuple[str, str, str, str, str]] = {
    "SimSun": ("宋体", "02010600030101010101", "86", "auto", "variable"),
    "SimHei": ("黑体", "02010609060101010101", "86", "modern", "fixed"),
    "PMingLiU": ("新細明體", "02020500000000000000", "88", "roman", "variable"),
    "Microsoft JhengHei": ("微軟正黑體", "020B0604030504040204", "88", "swiss", "variable"),
    "Arial": ("", "020B0604020202020204", "00", "swiss", "variable"),
    "Courier New": ("", "02070309020205020404", "00", "modern", "fixed"),
}


@dataclass(frozen=True)
class Lettering:
    """What a document's script asks of its runs: the language Word and LibreOffice are told
    (spelling, line breaking, the PDF's language tag), the East Asian language, and the East
    Asian faces of body text and headings."""

    language: str
    east_asian: str
    body: str
    heading: str


SIMPLIFIED = Lettering("zh-CN", "zh-CN", BODY_EAST_ASIAN, HEADING_EAST_ASIAN)
# Taiwan's defaults: 新細明體 for text, 微軟正黑體 for headings (Hong Kong's Windows has them too);
# Simplified faces lack characters Traditional text uses and draw others in mainland forms
TRADITIONAL = Lettering("zh-TW", "zh-TW", "PMingLiU", "Microsoft JhengHei")
# a Hong Kong document (zh-HK) in the same faces, told it is Hong Kong's: Word proofs it as
# Chinese (Hong Kong SAR) and the PDF says so. The tag also gives the PDF Hong Kong's glyph shapes:
# LibreOffice shapes text with its language, and the Noto CJK faces the Taiwan names are replaced
# by (office.FONT_PAIRS) draw Hong Kong's forms for zh-HK (their locl feature). Measured: a line
# of characters whose forms differ (骨 起 說 着 戶 ...) set in Noto Serif CJK TC and tagged zh-HK
# rendered pixel for pixel as in Noto Serif CJK HK, and unlike the same line tagged zh-TW.
HONG_KONG = Lettering("zh-HK", "zh-HK", TRADITIONAL.body, TRADITIONAL.heading)
ENGLISH = Lettering("en-US", "zh-CN", BODY_EAST_ASIAN, HEADING_EAST_ASIAN)
# a reference document's Simplified faces and what a Traditional document uses in their place
_SIMPLIFIED_FACES = {"SimSun": "body", "宋体": "body", "NSimSun": "body", "新宋体": "body", "SimHei": "heading",
                     "黑体": "heading", "Microsoft YaHei": "heading", "微软雅黑": "heading", "DengXian": "heading",
                     "等线": "heading"}


def lettering(language: str) -> Lettering:
    """The lettering of a document in ``language`` (zh-Hans, zh-Hant, zh-TW, zh-HK, en, ...)."""
    script = document_script(language)
    if script == "zh-Hant" and language.endswith("HK"):
        return HONG_KONG
    return {"zh-Hans": SIMPLIFIED, "zh-Hant": TRADITIONAL, "en": ENGLISH}[script]


def traditional_faces(styles: Any) -> None:
    """In a Traditional document, each style's Simplified East Asian face (the shared reference
    document's, or a company's own) replaced by its Traditional counterpart; other faces kept."""
    for rfonts in styles.iter(qn("w:rFonts")):
        face = _SIMPLIFIED_FACES.get(rfonts.get(qn("w:eastAsia"), ""))
        if face is not None:
            rfonts.set(qn("w:eastAsia"), TRADITIONAL.body if face == "body" else TRADITIONAL.heading)


def set_properties(document: Any, *, title: str, author: str, company: str, lettering: Lettering,
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
    core.language = lettering.language
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


def current_format(settings: Any, lettering: Lettering) -> None:
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
        theme_lang.set(qn("w:eastAsia"), lettering.east_asian)
        theme_lang.set(qn("w:val"), lettering.language)


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


def set_language(rpr: Any, lettering: Lettering) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), lettering.language)
    lang.set(qn("w:eastAsia"), lettering.east_asian)
    lang.set(qn("w:bidi"), "ar-SA")


def document_defaults(document: Any, lettering: Lettering) -> None:
    """The defaults every run inherits: our fonts and the document's language (LibreOffice tags
    the PDF with it); every paragraph's widow and orphan control."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr is None:
        return
    set_fonts(rpr, lettering.body)
    set_language(rpr, lettering)
    # widow and orphan control on every paragraph, said rather than left to each program's
    # default: without it LibreOffice let a paragraph's last line start a page of its own
    ppr = defaults.find(qn("w:pPrDefault") + "/" + qn("w:pPr"))
    if ppr is not None:
        ppr.get_or_add_widowControl().set(qn("w:val"), "1")


def font_table(document: Any, lettering: Lettering) -> None:
    """Entries for the fonts we name, with their localised names as altName."""
    part = next((p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    from lxml import etree  # type: ignore[import-untyped]

    root = etree.fromstring(part.blob)
    for font in list(root.findall(qn("w:font"))):
        if font.get(qn("w:name")) in FONTS:
            root.remove(font)
    named = {LATIN, MONO, lettering.body, lettering.heading}
    for name, (alt, panose, charset, family, pitch) in FONTS.items():
        if name not in named:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        if alt:
            etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alt)
        etree.SubElement(font, qn("w:panose1")).set(qn("w:val"), panose)
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), charset)
        etree.SubElement(font, qn("w:family")).set(qn("w:val"), family)
        etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), pitch)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
