"""Hostile files and text at the import boundary, on SQLite and PostgreSQL alike: links out of
the imported folder, a DTD hidden past the first 64 KB of an XML part, a zip bomb split into
parts under 1 MB, NUL characters anywhere, front matter nested thousands deep. Each is refused
with a clear reason, the other files still import, and nothing of the refused one is written."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from tests import factories as f
from workbench.core.errors import InvalidInput
from workbench.core.knowledge.files import _SCAN_CHUNK
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.retro.model import RetroInput
from workbench.core.workspace import Workspace


def _rejected(report: object) -> dict[str, str]:
    return {Path(r.path).name: r.code for r in report.rejected}  # type: ignore[attr-defined]


def test_links_out_of_the_imported_folder_are_refused(ws: Workspace, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    secret = f.write(outside / "secret.md", f.MD_FAQ_EN.replace("on-premise?", "the secret?"))
    f.write(outside / "more" / "more.md", f.MD_FAQ_EN.replace("on-premise?", "more secrets?"))
    folder = tmp_path / "import"
    f.write(folder / "inside.md", f.MD_CASE)
    (folder / "secret.md").symlink_to(secret)
    (folder / "more").symlink_to(outside / "more", target_is_directory=True)
    hidden = f.write(folder / ".drafts" / "faq.md", f.MD_FAQ_EN)  # hidden folders are skipped...
    (folder / "faq.md").symlink_to(hidden)  # ...but a link to a file inside the folder is followed
    before = ws.knowledge.count()

    report = ws.importer.run(ws.actor(), [folder]).value

    assert _rejected(report) == {"secret.md": "import_symlink_outside", "more": "import_symlink_outside"}
    secret_rejection = next(r for r in report.rejected if r.path.endswith("secret.md"))
    assert str(secret.resolve()) in secret_rejection.reason("en") and "链接" in secret_rejection.reason("zh")
    assert report.added == 2 and ws.knowledge.count() == before + 2
    assert not any("secret" in i.title for i in ws.knowledge.items())


def _with_document_xml(source: Path, target: Path, text: str) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, text.encode() if info.filename == "word/document.xml" else src.read(info))
    return target


@pytest.mark.parametrize("padding", [70_000, _SCAN_CHUNK - 30, 3 * _SCAN_CHUNK])
def test_a_dtd_anywhere_in_an_xml_part_is_refused(ws: Workspace, tmp_path: Path, padding: int) -> None:
    """A comment may stand before the DOCTYPE in valid XML: the DTD is past the old 64 KB look, on
    a chunk boundary of the streamed scan (the marker split in two), or far into the part."""
    real = f.docx_case(tmp_path / "real.docx")
    with zipfile.ZipFile(real) as zf:
        xml = zf.read("word/document.xml").decode()
    head, body = xml[: xml.index("?>") + 2], xml[xml.index("?>") + 2 :]
    comment = "<!--" + "x" * (padding - len(head) - 7) + "-->"
    dtd = '<!DOCTYPE w:document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    hostile = _with_document_xml(real, tmp_path / "hidden-dtd.docx", head + comment + dtd + body)
    assert (head + comment + dtd).index("<!DOCTYPE") >= padding - 1

    report = ws.importer.run(ws.actor(), [hostile, real]).value

    assert _rejected(report) == {"hidden-dtd.docx": "import_docx_unsafe"}
    assert "declares a DTD" in report.rejected[0].reason("en")
    assert report.added == 1  # the real one


def test_a_zip_bomb_split_into_parts_under_1_mb_is_refused(ws: Workspace, tmp_path: Path) -> None:
    real = f.docx_case(tmp_path / "real.docx")
    bomb = tmp_path / "split-bomb.docx"
    with zipfile.ZipFile(real) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        part = b"\0" * (1024 * 1024 - 1)  # each under the 1 MB the per-part ratio check starts at
        for n in range(150):  # 150 MB together: under the 200 MB cap on the whole
            dst.writestr(f"word/media/part{n}.bin", part)
    assert bomb.stat().st_size < 1024 * 1024

    report = ws.importer.run(ws.actor(), [bomb]).value

    assert _rejected(report) == {"split-bomb.docx": "import_docx_unsafe"}
    assert "parts unpack to 150 MB" in report.rejected[0].reason("en")
    assert report.added == 0


def test_a_real_docx_with_many_small_pictures_still_imports(ws: Workspace, tmp_path: Path) -> None:
    real = f.docx_case(tmp_path / "real.docx")
    pictures = tmp_path / "pictures.docx"
    with zipfile.ZipFile(real) as src, zipfile.ZipFile(pictures, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        for n in range(30):  # photos do not compress: 30 x 900 KB
            dst.writestr(f"word/media/image{n}.jpeg", os.urandom(900 * 1024))
    report = ws.importer.run(ws.actor(), [pictures]).value
    assert report.rejected == [] and report.added == 1


def test_a_nul_anywhere_in_a_text_file_is_refused_with_where(ws: Workspace, tmp_path: Path) -> None:
    late = f.MD_FAQ_EN + "x" * 9000 + "\x00 and more text\n"  # past the 8 KB binary sniff
    md = f.write(tmp_path / "late-nul.md", late)
    table = f.write(tmp_path / "late-nul.csv", f.FAQ_CSV_EN + ("Q?,A" + "a" * 9000 + "\x00,t,saas,CRM\n"))
    fine = f.write(tmp_path / "fine.md", f.MD_CASE)
    before = ws.knowledge.count()

    report = ws.importer.run(ws.actor(), [md, table, fine]).value

    assert _rejected(report) == {"late-nul.md": "import_nul_byte", "late-nul.csv": "import_nul_byte"}
    message = report.rejected[0].reason("en")
    assert f"at character {late.index(chr(0)) + 1}" in message and "空字符" in report.rejected[0].reason("zh")
    assert report.added == 1 and ws.knowledge.count() == before + 1


def test_typed_text_with_a_nul_is_refused_alike_on_both_backends(ws: Workspace) -> None:
    before = ws.knowledge.count()
    with pytest.raises(InvalidInput) as typed:
        ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, title="Pasted", slug="pasted", body="from a PDF\x00 viewer"))
    assert typed.value.code == "text_nul_byte" and "NUL" in typed.value.message("en")
    assert "空字符" in typed.value.message("zh") and ws.knowledge.count() == before
    from tests.retros import bid

    number = bid(ws, "NUL-1")
    with pytest.raises(InvalidInput) as retro:
        ws.retros.record(ws.users.get("alice"), number, RetroInput("won", "2026-03-03", what_worked="demo\x00"))
    assert retro.value.code == "text_nul_byte"


def test_front_matter_nested_thousands_deep_is_refused_quickly(ws: Workspace, tmp_path: Path) -> None:
    deep = "[" * 20_000 + "]" * 20_000
    flow = f.write(tmp_path / "deep-tags.md", f"---\ntitle: Deep\nkind: faq\ntags: {deep}\n---\nBody\n")
    block = "".join(" " * n + f"k{n}:\n" for n in range(60)) + " " * 60 + "v"
    indented = f.write(tmp_path / "deep-block.md", f"---\ntitle: Deep\nkind: faq\nextra:\n{block}\n---\nBody\n")
    report = ws.importer.run(ws.actor(), [flow, indented]).value
    assert _rejected(report) == {"deep-tags.md": "import_too_deep", "deep-block.md": "import_too_deep"}
    assert "nested too deeply" in report.rejected[0].reason("en") and "嵌套过深" in report.rejected[0].reason("zh")
