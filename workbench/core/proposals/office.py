"""A warm LibreOffice: one soffice per user, with its own profile, listening on a private pipe
and spoken to through UNO. Starting soffice costs 2-3 s; a warm one loads a 30-page proposal
in ~0.2 s, tells on which page each heading's bookmark landed in ~0.1 s and writes the PDF in
~0.15 s. A small watchdog process owns the soffice and ends it after ``IDLE_S`` without use.

Each soffice gets its own profile (``-env:UserInstallation``): two conversions on one profile
at once make one silently produce nothing. The profile maps the fonts the documents name
(SimSun, SimHei: on every Windows, not on Linux) to the Noto CJK faces that are here; left to
itself LibreOffice picks the Japanese variant, whose glyphs for some hanzi differ.

UNO is the ``uno`` module of python3-uno (Debian), importable from a virtual environment made
from the system Python 3.11. Where it is missing (Windows, macOS), ``available()`` says so and
the caller converts with a one-shot ``soffice --convert-to``."""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from workbench.core.errors import WorkbenchError

log = logging.getLogger(__name__)
IDLE_S = 900  # the watchdog ends soffice after this long without an export
START_TIMEOUT_S = 60
UNO_DIRS = ("/usr/lib/python3/dist-packages", "/usr/lib/libreoffice/program")
FONT_PAIRS = (("SimSun", "Noto Serif CJK SC"), ("宋体", "Noto Serif CJK SC"), ("SimHei", "Noto Sans CJK SC"),
              ("黑体", "Noto Sans CJK SC"), ("Microsoft YaHei", "Noto Sans CJK SC"),
              ("微软雅黑", "Noto Sans CJK SC"), ("PMingLiU", "Noto Serif CJK TC"), ("新細明體", "Noto Serif CJK TC"),
              ("Microsoft JhengHei", "Noto Sans CJK TC"), ("微軟正黑體", "Noto Sans CJK TC"))
_lock = threading.Lock()  # one UNO conversation at a time per process


def soffice() -> str | None:
    import shutil

    return shutil.which("soffice") or shutil.which("libreoffice")


def _import_uno() -> Any:
    try:
        import uno  # type: ignore[import-not-found]
    except ImportError:
        for folder in UNO_DIRS:
            if Path(folder, "uno.py").is_file() and folder not in sys.path:
                sys.path.append(folder)
        try:
            import uno
        except ImportError:
            return None
    return uno


def available() -> bool:
    """Whether exports can use the warm LibreOffice (soffice and python3-uno installed)."""
    return soffice() is not None and _import_uno() is not None


def write_profile(profile: Path) -> None:
    """A LibreOffice profile whose font replacement table maps the Windows CJK fonts to Noto."""
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    items = ['<item oor:path="/org.openoffice.Office.Common/Font/Substitution">'
             '<prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop></item>']
    for n, (font, replacement) in enumerate(FONT_PAIRS):
        items.append(
            '<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs">'
            f'<node oor:name="_{n}" oor:op="replace">'
            '<prop oor:name="Always" oor:op="fuse"><value>true</value></prop>'
            '<prop oor:name="OnScreenOnly" oor:op="fuse"><value>false</value></prop>'
            f'<prop oor:name="ReplaceFont" oor:op="fuse"><value>{font}</value></prop>'
            f'<prop oor:name="SubstituteFont" oor:op="fuse"><value>{replacement}</value></prop>'
            "</node></item>")
    target = user / "registrymodifications.xcu"
    try:
        kept = target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        kept = ""
    # a profile written by an older version (fewer pairs: the Traditional faces came later) is
    # written again; it is ours alone, LibreOffice's own settings in it are nothing to keep
    if not all(f"<value>{font}</value>" in kept for font, _replacement in FONT_PAIRS):
        target.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
            + "\n".join(items) + "\n</oor:items>\n", encoding="utf-8")


def _home() -> Path:
    """This user's folder for the warm LibreOffice (profile, lock, last-use stamp), private to
    the user: one that someone else made first is not used."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    home = Path(tempfile.gettempdir()) / f"workbench-office-{user}"
    home.mkdir(mode=0o700, exist_ok=True)
    if hasattr(os, "getuid") and (home.is_symlink() or home.stat().st_uid != os.getuid()):
        home = Path(tempfile.mkdtemp(prefix="workbench-office-"))
    return home


def _pipe_name(home: Path) -> str:
    return "wb-office-" + hashlib.sha1(str(home).encode()).hexdigest()[:12]


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """Across processes: only one starts soffice (POSIX; elsewhere the thread lock only)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Office:
    """The warm LibreOffice of this user."""

    def __init__(self, home: Path | None = None) -> None:
        self.home = home or _home()
        self.pipe = _pipe_name(self.home)
        self.uno = _import_uno()
        if self.uno is None or soffice() is None:
            raise WorkbenchError("soffice_missing")

    def _connect(self) -> Any:
        local = self.uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = resolver.resolve(f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
        return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)

    def desktop(self) -> Any:
        """The running soffice's desktop, starting soffice (and its watchdog) when none answers."""
        (self.home / "last-use").parent.mkdir(parents=True, exist_ok=True)
        (self.home / "last-use").touch()
        with contextlib.suppress(Exception):
            return self._connect()
        with _file_lock(self.home / "start.lock"):
            with contextlib.suppress(Exception):
                return self._connect()
            write_profile(self.home / "profile")
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
            subprocess.Popen(
                [sys.executable, "-m", "workbench.core.proposals.office", str(self.home), self.pipe, soffice() or ""],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True, env=env, close_fds=True,
            )
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                try:
                    return self._connect()
                except Exception:
                    if time.monotonic() > deadline:
                        raise WorkbenchError("pdf_failed", detail=f"LibreOffice did not start in {START_TIMEOUT_S} s") \
                            from None
                    time.sleep(0.1)

    def _property(self, name: str, value: Any) -> Any:
        from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

        prop = PropertyValue()
        prop.Name = name
        prop.Value = value
        return prop

    def layout(self, source: Path, pdf: Path | None = None, prefix: str = "_Toc",
               placeholder: str | None = None) -> dict[str, int]:
        """The page each bookmark whose name starts with ``prefix`` is on; with ``pdf``, the
        document is also written there as a tagged PDF with an outline, after each TOC entry
        linking to such a bookmark has its ``placeholder`` page number replaced by the page
        (one load of the document instead of two)."""
        with _lock:
            try:
                return self._layout(source, pdf, prefix, placeholder)
            except WorkbenchError:
                raise
            except Exception as exc:  # a UNO error: the document or soffice gave up
                log.exception("LibreOffice could not lay out %s", source)
                raise WorkbenchError("pdf_failed", detail=str(exc)[:300]) from None

    def _layout(self, source: Path, pdf: Path | None, prefix: str, placeholder: str | None) -> dict[str, int]:
        uno = self.uno
        desktop = self.desktop()
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(str(source.resolve())), "_blank", 0,
                                           (self._property("Hidden", True),))
        if doc is None:
            raise WorkbenchError("pdf_failed", detail=f"LibreOffice could not open {source.name}")
        try:
            pages: dict[str, int] = {}
            bookmarks = doc.getBookmarks()
            cursor = doc.getCurrentController().getViewCursor()
            for name in bookmarks.getElementNames():
                if name.startswith(prefix):
                    cursor.gotoRange(bookmarks.getByName(name).getAnchor(), False)
                    pages[name] = int(cursor.getPage())
            if pdf is not None:
                if placeholder:
                    _fill_toc(doc, pages, "#" + prefix, placeholder)
                options = uno.Any("[]com.sun.star.beans.PropertyValue", (
                    self._property("UseTaggedPDF", True), self._property("ExportBookmarks", True),
                    self._property("ExportNotes", False)))
                # through uno.invoke: a plain call drops the Any's type and LibreOffice ignores the options
                uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(str(pdf.resolve())), (
                    self._property("FilterName", "writer_pdf_Export"), self._property("FilterData", options))))
            return pages
        finally:
            doc.close(True)


def _fill_toc(doc: Any, pages: dict[str, int], link_prefix: str, placeholder: str) -> None:
    """Replace the placeholder at the end of each TOC entry (a paragraph linking to a heading's
    bookmark) with the heading's page. The entries come first in the document: stop after them."""
    paragraphs = doc.getText().createEnumeration()
    seen = False
    while paragraphs.hasMoreElements():
        paragraph = paragraphs.nextElement()
        if not paragraph.supportsService("com.sun.star.text.Paragraph"):
            continue
        target = None
        portions = paragraph.createEnumeration()
        while portions.hasMoreElements():
            url = portions.nextElement().HyperLinkURL
            if url.startswith(link_prefix):
                target = url[1:]
                break
        if target is None:
            if seen:
                return
            continue
        seen = True
        if paragraph.getString().endswith(placeholder):
            cursor = paragraph.getText().createTextCursorByRange(paragraph.getEnd())
            cursor.goLeft(len(placeholder), True)
            page = pages.get(target)
            cursor.setString(str(page) if page else "")


def _watch(home: Path, pipe: str, binary: str) -> int:
    """Run soffice on the pipe until it has been idle for ``IDLE_S`` (or dies)."""
    profile = (home / "profile").resolve()
    process = subprocess.Popen(
        [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--norestore",
         "--nologo", "--nodefault", "--nolockcheck", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    stamp = home / "last-use"
    while process.poll() is None:
        time.sleep(5)
        try:
            idle = time.time() - stamp.stat().st_mtime
        except OSError:
            idle = IDLE_S + 1
        if idle > IDLE_S:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    return 0


if __name__ == "__main__":
    sys.exit(_watch(Path(sys.argv[1]), sys.argv[2], sys.argv[3]))
