"""English questionnaires: one row per question with its ID, category, answer cell and drop-down."""

from __future__ import annotations

from pathlib import Path

from tests.core.tender.scoring import score
from tests.tender_files import write_questionnaire_docx, write_questionnaire_xlsx
from workbench.core.tender.extract import load
from workbench.core.tender.model import Kind, Location, SourceFormat


def test_xlsx_questionnaire_every_sheet_with_answer_cells_and_dropdowns(tmp_path: Path) -> None:
    written = write_questionnaire_xlsx(tmp_path / "Vendor assessment.xlsx")
    extracted = load(written.path).extracted
    result = score(extracted, written)
    assert (result.precision, result.recall, result.wrong) == (1.0, 1.0, ())
    assert extracted.language == "en" and extracted.source_format is SourceFormat.XLSX
    rows = extracted.requirements
    assert all(r.kind is Kind.QUESTION for r in rows)
    assert rows[0].location == Location(sheet="Security", cell="C5", answer_cell="D5")
    assert rows[-1].location == Location(sheet="Privacy", cell="B4", answer_cell="C4")
    assert rows[0].allowed_answers == ("Yes", "No", "Partial", "N/A")
    assert rows[-1].allowed_answers == ("Compliant", "Partially compliant", "Not compliant")  # from a range
    assert {r.location.sheet for r in rows} == {"Security", "Privacy"}  # the Lists sheet gives none


def test_docx_questionnaire_is_questions(tmp_path: Path) -> None:
    written = write_questionnaire_docx(tmp_path / "questionnaire.docx")
    extracted = load(written.path).extracted
    result = score(extracted, written)
    assert (result.precision, result.recall, result.wrong) == (1.0, 1.0, ())
    assert [r.clause for r in extracted.requirements] == ["SEC-01", "SEC-02", "SEC-03", "DR-01"]
    assert extracted.language == "en"
    assert extracted.requirements[0].location.table == 0 and extracted.requirements[0].location.row == 1


def test_excel_97_xls_is_converted_and_keeps_its_dropdowns(tmp_path: Path, libre: dict) -> None:
    from tests.tender_files import soffice_convert

    written = write_questionnaire_xlsx(tmp_path / "assessment.xlsx")
    xls = soffice_convert(written.path, "xls", tmp_path / "out", libre["profile"].path)
    loaded = load(xls)
    result = score(loaded.extracted, written)
    assert (result.precision, result.recall, result.wrong) == (1.0, 1.0, ())
    assert loaded.extracted.source_format is SourceFormat.XLSX
    assert loaded.content[:4] == b"PK\x03\x04"
