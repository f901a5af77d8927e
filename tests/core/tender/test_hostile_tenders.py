"""Files that are hostile, damaged, protected or too big are refused with a reason, in English
and Chinese, before any parser gets far."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tender_files import (
    write_dtd_docx,
    write_encrypted_docx,
    write_many_paragraphs_docx,
    write_questionnaire_xlsx,
    write_tender_docx,
    write_zip_bomb_docx,
)
from workbench.core.errors import ImportRejected
from workbench.core.tender.extract import load


def _rejected(path: Path) -> ImportRejected:
    with pytest.raises(ImportRejected) as info:
        load(path)
    error = info.value
    assert path.name in error.message("en") or error.code in ("import_too_large", "import_empty")
    assert error.message("zh_CN") != error.message("en")
    return error


@pytest.fixture(scope="module")
def good_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tender_docx(tmp_path_factory.mktemp("good") / "good.docx").path


def test_zip_bomb_refused(tmp_path: Path, good_docx: Path) -> None:
    assert _rejected(write_zip_bomb_docx(tmp_path / "bomb.docx", good_docx)).code == "tender_unsafe"


def test_entity_declaration_refused(tmp_path: Path, good_docx: Path) -> None:
    error = _rejected(write_dtd_docx(tmp_path / "dtd.docx", good_docx))
    assert error.code == "tender_unsafe" and "DTD" in error.message("en")


def test_password_protected_docx_said_so(tmp_path: Path) -> None:
    assert _rejected(write_encrypted_docx(tmp_path / "locked.docx")).code == "tender_encrypted"


def test_password_protected_pdf_said_so(tmp_path: Path, libre: dict) -> None:
    from tests.tender_files import soffice_convert

    options = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
               '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
    pdf = soffice_convert(libre["docx"].path, options, tmp_path, libre["profile"].path)
    assert _rejected(pdf).code == "tender_encrypted"


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".pdf", ".doc"])
def test_junk_with_an_office_extension_is_corrupt(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"junk{suffix}"
    path.write_bytes(b"this is not what the extension says " * 40)
    assert _rejected(path).code == "tender_corrupt"


def test_truncated_docx_is_corrupt(tmp_path: Path, good_docx: Path) -> None:
    path = tmp_path / "cut.docx"
    path.write_bytes(good_docx.read_bytes()[:3000])
    assert _rejected(path).code == "tender_corrupt"


def test_unsupported_and_empty_files(tmp_path: Path) -> None:
    text = tmp_path / "tender.txt"
    text.write_text("招标文件", encoding="utf-8")
    assert _rejected(text).code == "tender_unsupported"
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    assert _rejected(empty).code == "import_empty"


def test_too_many_paragraphs_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import workbench.core.tender.readers.docx as reader

    monkeypatch.setattr(reader, "MAX_BLOCKS", 500)
    error = _rejected(write_many_paragraphs_docx(tmp_path / "long.docx", 800))
    assert error.code == "tender_too_big" and "500" in error.message("en")


def test_too_many_rows_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import workbench.core.tender.readers.xlsx as reader

    monkeypatch.setattr(reader, "MAX_TABLE_ROWS", 5)
    assert _rejected(write_questionnaire_xlsx(tmp_path / "q.xlsx").path).code == "tender_too_big"


def test_scanned_pdf_without_any_text_refused(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "scan.pdf"
    Image.new("RGB", (600, 800), "white").save(path)
    assert _rejected(path).code == "tender_pdf_no_text"


def test_document_xml_too_big_to_hold_refused(tmp_path: Path, good_docx: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import workbench.core.tender.readers.docx as reader

    monkeypatch.setattr(reader, "MAX_DOCUMENT_XML", 20_000)
    error = _rejected(good_docx)
    assert error.code == "tender_too_big"
    assert "MB" in error.message("en") and "MB" in error.message("zh_CN")
