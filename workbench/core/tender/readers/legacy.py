""".doc / .wps / .xls: converted to .docx / .xlsx by a one-shot LibreOffice in a subprocess, with a
time limit and a profile of its own (two soffice runs on one profile at once make one of them
silently produce nothing), then read like any .docx / .xlsx."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from workbench.core.errors import ImportRejected
from workbench.core.proposals.office import soffice
from workbench.core.tender.readers.container import CFB_MAGIC, check_size, head, is_encrypted_ooxml

CONVERT_TIMEOUT_S = 120
TARGET = {".doc": "docx", ".wps": "docx", ".xls": "xlsx"}


def convert(path: Path, name: str) -> tuple[Path, Path]:
    """The converted file and the temporary folder holding it (the caller removes the folder)."""
    check_size(path)
    magic = head(path)
    if is_encrypted_ooxml(path):
        raise ImportRejected("tender_encrypted", name=name)
    if magic != CFB_MAGIC and not magic.startswith(b"{\\rtf"):
        raise ImportRejected("tender_corrupt", name=name, detail="not an Office 97-2003 / WPS file")
    binary = soffice()
    if binary is None:
        raise ImportRejected("tender_no_soffice")
    target = TARGET[path.suffix.lower()]
    work = Path(tempfile.mkdtemp(prefix="workbench-tender-"))
    try:
        source = work / ("in" + path.suffix.lower())
        shutil.copyfile(path, source)
        out = work / "out"
        profile = (work / "profile").as_uri()
        # its own session, so that on a timeout the whole group (oosplash and soffice.bin) is ended
        proc = subprocess.Popen(
            [binary, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
             "--convert-to", target, "--outdir", str(out), str(source)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            stdout, stderr = proc.communicate(timeout=CONVERT_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ImportRejected("tender_convert_failed", name=name,
                                 detail=f"no result after {CONVERT_TIMEOUT_S} s") from None
        result = out / f"in.{target}"
        if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            detail = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()
            raise ImportRejected("tender_convert_failed", name=name,
                                 detail=(detail[-1] if detail else f"exit {proc.returncode}")[:200])
        return result, work
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
