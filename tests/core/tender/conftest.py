"""Files made once per session by LibreOffice: an HTML tender converted to .docx, that .docx
printed to PDF and saved as Word 97 .doc, and a PDF whose second page is only an image."""

from __future__ import annotations

import pytest

from tests.tender_files import Written, libre_expected, soffice_convert, write_libre_tender


@pytest.fixture(scope="session")
def libre(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Written]:
    folder = tmp_path_factory.mktemp("libre-tender")
    profile = folder / "profile"
    docx_file = write_libre_tender(folder, profile)
    pdf = soffice_convert(docx_file.path, "pdf", folder, profile)
    doc = soffice_convert(docx_file.path, "doc", folder, profile)
    return {"docx": docx_file, "pdf": libre_expected(pdf), "doc": libre_expected(doc), "profile": Written(profile)}
