"""Extraction from real tenders written by python-docx and by LibreOffice (.docx, PDF, .doc):
every requirement with its clause and mark, scoring rows with points, the legend and the empty
技术偏离表 found and not taken as requirements, no ★ from instructions that merely mention ★."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from tests.core.tender.scoring import score
from tests.tender_files import DEVIATION_HEADERS, INSTRUCTION, Written, write_tender_docx
from workbench.core.paths import demo_tenders_dir
from workbench.core.tender import docx_body
from workbench.core.tender.extract import load
from workbench.core.tender.model import Extracted, ExtractedRequirement, Kind, Mark, SourceFormat


def _check(extracted: Extracted, written: Written) -> None:
    result = score(extracted, written)
    missing = [e.text for e in written.expected
               if not any("".join(e.text.split()) in "".join(r.text.split()) for r in extracted.requirements)]
    assert missing == []
    assert result.wrong == ()
    assert result.recall == 1.0
    assert result.precision == 1.0, [r.text for r in extracted.requirements]
    for text in written.not_requirements:
        assert not any(text in r.text for r in extracted.requirements), text
    for symbol, meaning in written.legend.items():
        assert extracted.legend[symbol].startswith(meaning)
    assert not any("标注“★”" in r.text or "标有“★”" in r.text for r in extracted.requirements)
    assert extracted.language == "zh-Hans"


@pytest.fixture(scope="module")
def tender(tmp_path_factory: pytest.TempPathFactory) -> tuple[Written, Extracted, bytes]:
    written = write_tender_docx(tmp_path_factory.mktemp("tender") / "招标文件.docx")
    loaded = load(written.path)
    return written, loaded.extracted, loaded.content


def test_python_docx_tender_every_requirement_with_clause_and_mark(tender: tuple[Written, Extracted, bytes]) -> None:
    written, extracted, content = tender
    _check(extracted, written)
    assert extracted.source_format is SourceFormat.DOCX
    assert content == written.path.read_bytes()
    assert extracted.warnings == ()


def test_word_numbering_gives_the_displayed_clause_numbers(tender: tuple[Written, Extracted, bytes]) -> None:
    _written, extracted, _ = tender

    def by_text(start: str) -> ExtractedRequirement:
        return next(r for r in extracted.requirements if r.text.startswith(start))

    assert by_text("存储系统须采用").clause == "3.1"  # "%1.%2", level 0 starting at 3
    assert by_text("单台存储裸容").clause == "3.2"
    assert by_text("支持同步复制").clause == "3.2.1"
    assert by_text("提供统一运维").clause == "（一）"  # chineseCounting "（%1）"
    assert by_text("日志保存期限").clause == "（二）"
    # the un-styled numbered line "3 存储系统" is a sub-chapter, not a requirement
    assert by_text("存储系统须采用").chapter.endswith("二、技术要求 > 3 存储系统")


def test_content_controls_are_read(tender: tuple[Written, Extracted, bytes]) -> None:
    _written, extracted, _ = tender
    block = next(r for r in extracted.requirements if r.text.startswith("管理平台应支持多租户"))
    assert (block.clause, block.mark) == ("4.1", Mark.IMPORTANT)
    inline = next(r for r in extracted.requirements if r.clause == "4.2")
    assert "SM2/SM3/SM4，密钥由客户自行管理" in inline.text


def test_no_star_from_instructions_that_mention_it(tender: tuple[Written, Extracted, bytes]) -> None:
    _written, extracted, _ = tender
    assert not any("逐条响应" in r.text or "逐条列明" in r.text for r in extracted.requirements)
    assert INSTRUCTION[:10] not in " ".join(r.text for r in extracted.requirements)
    starred = [r.clause for r in extracted.requirements if r.mark is Mark.SUBSTANTIVE]
    assert starred == ["1", "3.1", "4.2", "4.3.1", "1"]


def test_scoring_rows_carry_points(tender: tuple[Written, Extracted, bytes]) -> None:
    _written, extracted, _ = tender
    scoring = [r for r in extracted.requirements if r.kind is Kind.SCORING]
    assert [(r.clause, r.category, r.points) for r in scoring] == [
        ("1", "技术方案", 30), ("2", "▲关键指标响应", 20), ("3", "项目实施", 10), ("4", "售后服务", 10)]
    assert all(r.chapter == "第四章 评标办法" for r in scoring)


def test_deviation_table_shape_from_its_header(tender: tuple[Written, Extracted, bytes]) -> None:
    _written, extracted, _ = tender
    shape = extracted.deviation_table
    assert shape is not None
    assert shape.headers == DEVIATION_HEADERS
    assert shape.columns == {"no": 0, "clause": 1, "requirement": 2, "response": 3, "deviation": 4, "note": 5,
                             "evidence": 6}
    assert shape.location.table == 2 and shape.location.row == 0


def test_locations_point_at_the_elements_write_back_finds(tender: tuple[Written, Extracted, bytes]) -> None:
    written, extracted, _ = tender
    document = docx.Document(str(written.path))
    blocks = docx_body.body_blocks(document)
    tables = docx_body.body_tables(document)
    for r in extracted.requirements:
        loc = r.location
        if loc.table is None:
            assert loc.block is not None
            assert r.text[:8] in docx_body.element_text(blocks[loc.block])
        else:
            assert blocks[loc.block] is tables[loc.table]
            assert loc.row is not None and loc.column is not None
            cell = docx_body.row_cells(docx_body.table_rows(tables[loc.table])[loc.row])[loc.column]
            assert docx_body.element_text(cell).strip() == r.text
    assert tables[extracted.deviation_table.location.table] is blocks[extracted.deviation_table.location.block]


def test_libreoffice_docx_tender(libre: dict[str, Written]) -> None:
    extracted = load(libre["docx"].path).extracted
    _check(extracted, libre["docx"])
    assert extracted.deviation_table is not None
    assert extracted.deviation_table.headers == libre["docx"].deviation_headers
    assert extracted.deviation_table.columns["response"] == 3


def test_libreoffice_pdf_tender_keeps_pages(libre: dict[str, Written]) -> None:
    loaded = load(libre["pdf"].path)
    extracted = loaded.extracted
    _check(extracted, libre["pdf"])
    assert extracted.source_format is SourceFormat.PDF
    assert extracted.pages is not None and extracted.pages >= 2
    assert {r.location.page for r in extracted.requirements if r.kind is Kind.REQUIREMENT} == {1}
    assert {r.location.page for r in extracted.requirements if r.kind is Kind.SCORING} == {extracted.pages}
    assert extracted.deviation_table is not None
    assert loaded.content.startswith(b"%PDF-")


def test_word_97_doc_is_converted_and_read(libre: dict[str, Written]) -> None:
    loaded = load(libre["doc"].path)
    _check(loaded.extracted, libre["doc"])
    assert loaded.extracted.source_format is SourceFormat.DOCX
    assert loaded.extracted.source_name.endswith(".doc")
    with zipfile.ZipFile(__import__("io").BytesIO(loaded.content)) as zf:
        assert "word/document.xml" in zf.namelist()


def test_wps_office_file_is_converted_and_read(tmp_path: Path, libre: dict[str, Written]) -> None:
    """WPS Office (WPS 文字) saves its .wps documents in the Word 97 binary format: such a file under
    the .wps name goes through the same LibreOffice conversion and gives the same rows."""
    import shutil

    wps = tmp_path / "招标文件.wps"
    shutil.copyfile(libre["doc"].path, wps)
    loaded = load(wps)
    _check(loaded.extracted, libre["doc"])
    assert loaded.extracted.source_format is SourceFormat.DOCX
    assert loaded.extracted.source_name == "招标文件.wps"


def test_pdf_page_without_text_layer_is_a_warning(tmp_path: Path, libre: dict[str, Written]) -> None:
    from PIL import Image, ImageDraw

    from tests.tender_files import soffice_convert

    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).rectangle((40, 40, 560, 760), outline="black")
    image.save(tmp_path / "scan.png")
    html = tmp_path / "mixed.html"
    html.write_text('<html><head><meta charset="utf-8"></head><body><h1>第三章 技术要求</h1>'
                    "<p>1. 设备须支持冗余电源。</p>"
                    '<p style="page-break-before: always"><img src="scan.png" width="500" height="600"></p>'
                    "</body></html>", encoding="utf-8")
    pdf = soffice_convert(html, "pdf:writer_web_pdf_Export", tmp_path, libre["profile"].path)
    extracted = load(pdf).extracted
    assert extracted.pages == 2
    assert extracted.warnings == ("tender_scanned_pages",)
    assert [(r.clause, r.text) for r in extracted.requirements] == [("1", "设备须支持冗余电源。")]


def test_table_over_several_pdf_pages_gives_the_same_rows_as_the_docx(tmp_path: Path,
                                                                     libre: dict[str, Written]) -> None:
    """A long 技术参数 table breaks over pages: the header is on the first page only and a row can be
    cut in two; the PDF must still give each row once, whole, as the .docx does."""
    from tests.tender_files import soffice_convert

    rows = "".join(
        f"<tr><td>{n}</td><td>指标{n}</td><td>{'须支持双活部署，单节点故障时业务在三十秒内自动切换到另一节点，' * 3}"
        f"第{n}项</td><td>{'★' if n % 5 == 0 else ''}</td></tr>" for n in range(1, 61))
    html = tmp_path / "long.html"
    html.write_text('<html><head><meta charset="utf-8"></head><body><h1>第三章 技术要求</h1>'
                    '<table border="1" width="100%"><tr><th width="8%">序号</th><th width="14%">指标项</th>'
                    f'<th width="70%">技术要求</th><th width="8%">★</th></tr>{rows}</table></body></html>',
                    encoding="utf-8")
    docx_file = soffice_convert(html, "docx:MS Word 2007 XML", tmp_path, libre["profile"].path)
    pdf = soffice_convert(docx_file, "pdf", tmp_path, libre["profile"].path)
    from_docx, from_pdf = load(docx_file).extracted, load(pdf).extracted
    assert from_pdf.pages is not None and from_pdf.pages >= 3

    def key(r: ExtractedRequirement) -> tuple[str, str, str]:
        return r.clause, r.mark.value, "".join(r.text.split())

    assert len(from_docx.requirements) == 60
    assert [key(r) for r in from_pdf.requirements] == [key(r) for r in from_docx.requirements]
    assert [r.clause for r in from_pdf.requirements if r.mark is Mark.SUBSTANTIVE] == [str(n) for n in range(5, 61, 5)]


def test_traditional_chinese_tender(tmp_path: Path) -> None:
    """A Hong Kong / Taiwan tender: Traditional characters, its modal words (須/應/不少於/支援)."""
    d = docx.Document()
    d.add_heading("第一章 投標須知", 1)
    d.add_paragraph("投標人須於截止時間前遞交投標文件。")
    d.add_heading("第二章 技術規格", 1)
    d.add_paragraph("註：標註「★」的條款為實質性條款，不滿足將導致投標無效。")
    d.add_paragraph("1. ★系統須支援雙機熱備，切換時間不超過30秒。")
    d.add_paragraph("2. 記憶體容量應不少於256GB。")
    d.add_paragraph("3. 本系統部署於客戶機房。")
    path = tmp_path / "招標文件.docx"
    d.save(str(path))
    extracted = load(path).extracted
    assert extracted.language == "zh-Hant"
    assert [(r.clause, r.mark.value, r.text) for r in extracted.requirements] == [
        ("1", "★", "系統須支援雙機熱備，切換時間不超過30秒。"), ("2", "", "記憶體容量應不少於256GB。")]
    assert extracted.legend["★"].startswith("實質性條款")


def test_the_cover_names_the_project_and_the_buyer(tmp_path: Path) -> None:
    """A response is named after the project and addressed to the buyer its tender names: on the
    cover (the name over 招 标 文 件, then 采 购 人：…) or in the invitation (一、项目名称：…；),
    in Simplified or Traditional; a file whose start says neither keeps its file name."""
    demo = load(demo_tenders_dir() / "smart-park-tender-zh.docx").extracted
    assert (demo.title, demo.customer) == ("滨江高新区智慧园区综合管理平台建设项目", "滨江市高新技术产业开发区管理委员会")
    d = docx.Document()
    d.add_heading("第一章 投標邀請", 1)
    d.add_paragraph("臺北市政府資訊局就下列標案辦理公開招標。")
    d.add_paragraph("一、標案名稱：市民服務平臺建置案；")
    d.add_paragraph("（二）招標機關：臺北市政府資訊局。")
    d.add_heading("第二章 技術規格", 1)
    d.add_paragraph("1. ★系統須支援雙機熱備，切換時間不超過30秒。")
    d.save(str(tmp_path / "招標文件.docx"))
    invited = load(tmp_path / "招標文件.docx").extracted
    assert (invited.title, invited.customer) == ("市民服務平臺建置案", "臺北市政府資訊局")
    bare = docx.Document()
    bare.add_paragraph("1. 系统须支持单点登录。")
    bare.add_paragraph("2. 系统应支持 LDAP 同步。")
    bare.save(str(tmp_path / "需求清单.docx"))
    assert (load(tmp_path / "需求清单.docx").extracted.title, load(tmp_path / "需求清单.docx").extracted.customer) == ("", "")
    # a sentence or a short phrase ending in 招标文件 is not a project's name
    for lines in (["须知", "本项目招标文件", "1. 系统须支持单点登录。"],
                  ["第一章 投标邀请", "投标人应仔细阅读招标文件", "1. 系统须支持单点登录。"]):
        plain = docx.Document()
        for line in lines:
            plain.add_paragraph(line)
        plain.save(str(tmp_path / "phrase.docx"))
        assert load(tmp_path / "phrase.docx").extracted.title == "", lines
