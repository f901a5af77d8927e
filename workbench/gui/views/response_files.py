"""What the Responses screen does with files, off the UI thread: import the customer's document
(Import… or dropped on the screen), autofill it from the library, export the 技术偏离表 and
point-by-point answer, fill the customer's own file. A refusal (a bad file, the compliance check
blocking) is said in the UI language, in the core's words, and nothing is lost.

The screen (responses_view.py) is built on this; its strings keep the screen's translation context."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.core.tender.views import AutofillReport, ResponseSheet, ResponseView
from workbench.gui.context import AppContext
from workbench.gui.qt import QCoreApplication, QFileDialog, QLabel, QProgressBar, QPushButton, QWidget
from workbench.gui.views.response_row_editor import RowEditor

IMPORTABLE = (".docx", ".xlsx", ".pdf", ".doc", ".wps", ".xls")


def importable(path: str) -> bool:
    return Path(path).suffix.lower() in IMPORTABLE


class ResponseFileWork(QWidget):
    """The file work of the Responses screen; the screen provides the widgets and the reads."""

    ctx: AppContext
    sheet: ResponseSheet | None
    editor: RowEditor
    banner: QLabel
    state: QLabel
    busy: QProgressBar
    busy_label: QLabel
    import_button: QPushButton
    _busy: bool
    # the screen's signals (declared there)
    imported: Any
    import_failed: Any
    exported: Any
    refused: Any
    autofilled: Any
    reload: Callable[..., None]
    reload_sheet: Callable[[], None]
    _enable: Callable[[], None]

    # --- import ----------------------------------------------------------------------------------

    def open_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, QCoreApplication.translate("ResponsesView", "Import a tender or questionnaire"), "",
            QCoreApplication.translate("ResponsesView", "Customer documents (*.docx *.xlsx *.pdf *.doc *.wps *.xls)"))
        if path:
            self.import_file(Path(path))

    def dragEnterEvent(self, event: Any) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if not self._busy and any(u.isLocalFile() and importable(u.toLocalFile()) for u in urls):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: Any) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile() and importable(u.toLocalFile())]
        if paths and not self._busy:
            event.acceptProposedAction()
            self.import_file(Path(paths[0]))

    def import_file(self, path: Path) -> None:
        """Read the customer's file off the UI thread; a file the core refuses says why, in the UI
        language, and nothing is half-saved."""
        if self._busy:
            return
        self._set_busy(QCoreApplication.translate("ResponsesView", "Reading %1…").replace("%1", path.name))
        self.banner.hide()

        def done(view: ResponseView) -> None:
            self._set_busy("")
            self.state.setText(QCoreApplication.translate("ResponsesView", "Imported %1: %2 rows").replace("%1", path.name)
                               .replace("%2", str(view.progress.total)))
            self.reload(select=view.id)
            self.imported.emit(view)

        def failed(exc: BaseException) -> None:
            self._set_busy("")
            message = QCoreApplication.translate("ResponsesView", "%1 was not imported: %2").replace("%1", path.name).replace(
                "%2", self.ctx.message_for(exc))
            self.banner.setText(message)
            self.banner.show()
            self.import_failed.emit(message)

        self.ctx.write(lambda ws, me: ws.tenders.import_file(me, path), done, failed, parent=self)

    def _set_busy(self, label: str) -> None:
        self._busy = bool(label)
        self.busy.setVisible(self._busy)
        self.busy_label.setText(label)
        self._enable()

    # --- autofill, export, fill ------------------------------------------------------------------

    def autofill(self) -> None:
        sheet = self.sheet
        if sheet is None or self._busy:
            return
        response_id = sheet.response.id
        self._set_busy(QCoreApplication.translate("ResponsesView", "Finding answers in the library…"))

        def done(report: AutofillReport) -> None:
            self._set_busy("")
            self.state.setText(QCoreApplication.translate("ResponsesView", "Suggested answers for %1 of %2 rows; %3 accepted automatically")
                               .replace("%1", str(report.suggested)).replace("%2", str(report.rows))
                               .replace("%3", str(report.auto_accepted)))
            self.autofilled.emit(report)

        def failed(exc: BaseException) -> None:
            self._set_busy("")
            self.ctx.report(exc, self)

        self.ctx.write(lambda ws, me: ws.tenders.autofill(me, response_id), done, failed, parent=self)

    def choose_export(self) -> None:
        sheet = self.sheet
        if sheet is None:
            return
        word, excel = QCoreApplication.translate("ResponsesView", "Word (*.docx)"), QCoreApplication.translate("ResponsesView", "Excel (*.xlsx)")
        path, chosen = QFileDialog.getSaveFileName(self, QCoreApplication.translate("ResponsesView", "Export the response"),
                                                   f"{sheet.response.title}.docx", f"{word};;{excel}")
        if not path:
            return
        fmt = "xlsx" if path.lower().endswith(".xlsx") or (chosen == excel and not path.lower().endswith(".docx")) \
            else "docx"
        out = Path(path)
        if out.suffix.lower() != f".{fmt}":
            out = out.with_name(out.name + f".{fmt}")
        self.export(fmt, out)

    def export(self, fmt: str, out: Path) -> None:
        sheet, user = self.sheet, self.ctx.user
        if sheet is None or user is None:
            return
        response_id = sheet.response.id
        self._file_work(QCoreApplication.translate("ResponsesView", "Writing %1…").replace("%1", out.name),
                        lambda ws: ws.tenders.export(user, response_id, fmt, out))

    def choose_fill(self) -> None:
        sheet = self.sheet
        if sheet is None:
            return
        source = Path(sheet.response.source_name)
        suffix = f".{sheet.response.source_format}"
        answered = QCoreApplication.translate("ResponsesView", "-answered")
        title = QCoreApplication.translate("ResponsesView", "Fill the customer's file")
        path, _ = QFileDialog.getSaveFileName(self, title, f"{source.stem}{answered}{suffix}", f"*{suffix}")
        if path:
            self.fill(Path(path))

    def fill(self, out: Path) -> None:
        sheet, user = self.sheet, self.ctx.user
        if sheet is None or user is None:
            return
        response_id = sheet.response.id
        self._file_work(QCoreApplication.translate("ResponsesView", "Writing %1…").replace("%1", out.name),
                        lambda ws: ws.tenders.fill(user, response_id, out))

    def _file_work(self, label: str, work: Any) -> None:
        """Export or fill off the UI thread (behind any save on its way, so it is in the file); a
        refusal (the check blocks) is said plainly and the check's list is read again."""
        if self._busy:
            return
        if self.editor.has_unsaved_changes():
            self.state.setText(QCoreApplication.translate("ResponsesView", "Writing what is saved; the row you are editing is not saved yet."))
        self._set_busy(label)
        self.banner.hide()

        def done(written: Path) -> None:
            self._set_busy("")
            self.state.setText(QCoreApplication.translate("ResponsesView", "Written to %1").replace("%1", str(written)))
            self.exported.emit(str(written))

        def failed(exc: BaseException) -> None:
            self._set_busy("")
            message = self.ctx.message_for(exc)
            self.banner.setText(message)
            self.banner.show()
            self.refused.emit(message)
            self.reload_sheet()

        self.ctx.read(work, done, failed, parent=self)
