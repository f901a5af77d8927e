"""What a file really is, before any parser sees it: its size, its magic bytes, a password, and
for zip containers (.docx, .xlsx) the zip-bomb and DTD checks of knowledge import."""

from __future__ import annotations

from pathlib import Path

from workbench.core.errors import ImportRejected
from workbench.core.knowledge.files import check_zip_container
from workbench.core.tender.readers import MAX_FILE_BYTES

ZIP_MAGIC = b"PK\x03\x04"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .doc, .xls, .wps, encrypted OOXML
PDF_MAGIC = b"%PDF-"
# An OOXML file saved with a password is a compound file holding these streams.
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))


def head(path: Path, size: int = 8) -> bytes:
    with path.open("rb") as fh:
        return fh.read(size)


def check_size(path: Path) -> None:
    size = path.stat().st_size
    if size == 0:
        raise ImportRejected("import_empty")
    if size > MAX_FILE_BYTES:
        raise ImportRejected("import_too_large", size=f"{size / 1048576:.1f}",
                             limit=f"{MAX_FILE_BYTES / 1048576:.0f}")


def is_encrypted_ooxml(path: Path) -> bool:
    if head(path) != CFB_MAGIC:
        return False
    data = path.read_bytes()[: 4 * 1024 * 1024]
    return any(marker in data for marker in _ENCRYPTED_STREAMS)


def check_ooxml(path: Path, name: str) -> None:
    """A .docx / .xlsx: a real zip, not a bomb, no DTD; a password-protected one is said so."""
    check_size(path)
    if head(path, 4) != ZIP_MAGIC:
        if is_encrypted_ooxml(path):
            raise ImportRejected("tender_encrypted", name=name)
        raise ImportRejected("tender_corrupt", name=name, detail="not a zip container")
    try:
        check_zip_container(path, "tender_unsafe", "tender_corrupt")
    except ImportRejected as exc:
        if exc.code in ("tender_unsafe", "tender_corrupt"):
            raise ImportRejected(exc.code, name=name, detail=exc.params.get("detail", "")) from None
        raise
