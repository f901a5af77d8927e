"""Reading files people hand us: size limits, text decoding, and a safety check for zip
containers (.docx, .xlsx) before any parser sees them."""

from __future__ import annotations

import zipfile
from pathlib import Path

from workbench.core.errors import ImportRejected

MAX_TEXT_BYTES = 5 * 1024 * 1024
MAX_CONTAINER_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # uncompressed/compressed for any member over 1 MB unpacked
MAX_MEMBERS = 10_000
# parts that are each small but together unpack past this, at more than MAX_RATIO:1 overall,
# are a zip bomb split into pieces (a real .docx/.xlsx compresses its XML about 5-20:1)
MAX_SPLIT_UNPACKED = 20 * 1024 * 1024
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_SCAN_CHUNK = 256 * 1024
_MARKER_LEN = len(b"<!DOCTYPE")


def read_limited(path: Path, limit: int) -> bytes:
    size = path.stat().st_size
    if size > limit:
        raise ImportRejected(
            "import_too_large", size=f"{size / 1048576:.1f}", limit=f"{limit / 1048576:.0f}"
        )
    data = path.read_bytes()
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ImportRejected("import_empty")
    return data


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (what Excel on a Chinese Windows writes)."""
    if b"\x00" in data[:8192]:
        raise ImportRejected("import_binary")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise ImportRejected("import_encoding") from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > 8:
        raise ImportRejected("import_binary")
    nul = text.find("\x00")  # anywhere, not only in the sample: no backend stores it alike
    if nul >= 0:
        raise ImportRejected("import_nul_byte", position=nul + 1)
    return text


def read_text(path: Path) -> str:
    return decode_text(read_limited(path, MAX_TEXT_BYTES))


def check_zip_container(path: Path, unsafe_code: str, corrupt_code: str) -> None:
    """Refuse zip bombs and XML with a DTD (entity expansion) before parsing."""
    size = path.stat().st_size
    if size == 0:
        raise ImportRejected("import_empty")
    if size > MAX_CONTAINER_BYTES:
        raise ImportRejected(
            "import_too_large", size=f"{size / 1048576:.1f}", limit=f"{MAX_CONTAINER_BYTES / 1048576:.0f}"
        )
    try:
        with zipfile.ZipFile(path) as zf:
            why = unsafe_zip(zf)
            if why is not None:
                raise ImportRejected(unsafe_code, detail=why)
    except ImportRejected:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise ImportRejected(corrupt_code, detail=type(exc).__name__ + (f": {exc}" if str(exc) else "")) from None


def unsafe_zip(zf: zipfile.ZipFile) -> str | None:
    """Why an Office file's zip is unsafe to hand to a parser (in English, for the message's
    detail), or None. Sizes are the ones the zip declares, which are also the most ``zf.open``
    will ever inflate (it stops there and checks the CRC)."""
    members = zf.infolist()
    if len(members) > MAX_MEMBERS:
        return f"{len(members)} parts"
    total = packed = 0
    for info in members:
        total += info.file_size
        packed += info.compress_size
        if total > MAX_UNPACKED_BYTES:
            return "unpacks to more than 200 MB"
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            return f"{info.filename} is compressed {info.file_size // max(info.compress_size, 1)}:1"
    # a bomb split into many parts, each under the 1 MB above: the parts together
    if total > MAX_SPLIT_UNPACKED and total > MAX_RATIO * max(packed, 1):
        return f"{len(members)} parts unpack to {total // 1048576} MB, compressed {total // max(packed, 1)}:1"
    for info in members:
        if info.filename.lower().endswith(_XML_SUFFIXES) and _declares_dtd(zf, info):
            return f"{info.filename} declares a DTD"
    return None


def _declares_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the XML part holds ``<!DOCTYPE`` or ``<!ENTITY`` anywhere: read as a stream in
    chunks (memory stays at one chunk), each searched together with the end of the one before,
    so a marker split across two chunks is found too."""
    tail = b""
    with zf.open(info) as fh:
        while chunk := fh.read(_SCAN_CHUNK):
            window = tail + chunk.upper()
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                return True
            tail = window[-(_MARKER_LEN - 1):]
    return False
