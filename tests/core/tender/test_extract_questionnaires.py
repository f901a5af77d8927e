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
    assert (extracted.title, extracted.customer) == ("Vendor Security Assessment", "Acme Bank")  # the title row


def test_docx_questionnaire_is_questions(tmp_path: Path) -> None:
    written = write_questionnaire_docx(tmp_path / "questionnaire.docx")
    extracted = load(written.path).extracted
    result = score(extracted, written)
    assert (result.precision, result.recall, result.wrong) == (1.0, 1.0, ())
    assert [r.clause for r in extracted.requirements] == ["SEC-01", "SEC-02", "SEC-03", "DR-01"]
    assert extracted.language == "en"
    assert extracted.requirements[0].location.table == 0 and extracted.requirements[0].location.row == 1
    assert (extracted.title, extracted.customer) == ("", "")  # "Vendor Security Questionnaire": the file's name says more


def test_excel_97_xls_is_converted_and_keeps_its_dropdowns(tmp_path: Path, libre: dict) -> None:
    from tests.tender_files import soffice_convert

    written = write_questionnaire_xlsx(tmp_path / "assessment.xlsx")
    xls = soffice_convert(written.path, "xls", tmp_path / "out", libre["profile"].path)
    loaded = load(xls)
    result = score(loaded.extracted, written)
    assert (result.precision, result.recall, result.wrong) == (1.0, 1.0, ())
    assert loaded.extracted.source_format is SourceFormat.XLSX
    assert loaded.content[:4] == b"PK\x03\x04"
    assert loaded.extracted.title == "Vendor Security Assessment"  # LibreOffice's workbook reads the same


def test_an_english_documents_title_and_issuer_from_its_first_lines(tmp_path: Path) -> None:
    """The title line names the document (issuer before a dash), labelled lines name the project
    and the customer; a sheet's start is read above its table, or on a sheet of its own; lines
    that only say what kind of document it is, sentences and list items name nothing."""
    from openpyxl import Workbook

    from workbench.core.tender.cover import read_cover

    assert read_cover(["Contoso Bank CRM Replacement RFP", "Please reply by 30 June."]).title == "Contoso Bank CRM Replacement RFP"
    assert read_cover(["RFP 2026-014: Branch service desk"]).title == "RFP 2026-014: Branch service desk"
    assert read_cover(["Phase 2 - Security Assessment"]).customer == ""  # a phase, not an issuer
    assert read_cover(["Project: Branch service desk", "Issued by: Contoso Bank"]) == read_cover(
        ["Contoso Bank – Request for Proposal", "Project: Branch service desk"])
    for nothing in (["Request for Proposal"], ["Vendor Security Questionnaire"],
                    ["1. Answer every question in the questionnaire"],
                    ["This questionnaire must be returned by 30 June, in full."]):
        assert read_cover(nothing).title == "", nothing
    book = Workbook()
    sheet = book.active
    sheet.title = "Questions"
    sheet.append(["ID", "Question", "Answer"])
    sheet.append(["Q1", "Do you enforce MFA for administrators?", None])
    about = book.create_sheet("About")
    about.append(["Due diligence questionnaire 2026"])
    about.append(["Issued by:", "Northwind Insurance"])
    about.append(["Version", "1.2", "final"])  # a table: the lines stop here
    about.append(["Customer:", "somebody else"])
    book.save(str(tmp_path / "dd.xlsx"))
    extracted = load(tmp_path / "dd.xlsx").extracted
    assert (extracted.title, extracted.customer) == ("Due diligence questionnaire 2026", "Northwind Insurance")
