"""Import files and folders with a progress bar and cancel. Afterwards: items not applied because
they were changed in the app since the last import (conflicts, and newer edits kept), and files
not imported (refused, or stopped part-way with the rows in and out), each with its reason."""

from __future__ import annotations

from pathlib import Path

from workbench.core.knowledge.import_report import ItemNote
from workbench.core.knowledge.importer import MAX_ROWS, ImportReport
from workbench.gui.context import AppContext
from workbench.gui.qt import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from workbench.gui.tasks import Task

# what a progress report counts (the task runner carries one label with the numbers)
_FILES, _ITEMS = "files\n", "items\n"


class ImportDialog(QDialog):
    finished_import = Signal(object)  # ImportReport

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ImportDialog")
        self.ctx = ctx
        self.paths: list[Path] = []
        self.task: Task | None = None
        self.report: ImportReport | None = None
        self.setWindowTitle(self.tr("Import knowledge"))
        self.resize(720, 520)

        intro = QLabel(
            self.tr(
                "Markdown files with front matter, FAQ/objection lists in .csv or .xlsx (up to %1 rows "
                "a file), and past proposals or case write-ups in .docx. Each file is imported whole or not "
                "at all; items changed in the app since they were last imported are never overwritten."
            ).replace("%1", f"{MAX_ROWS:,}")
        )
        intro.setWordWrap(True)
        self.add_files = QPushButton(self.tr("Add files…"))
        self.add_folder = QPushButton(self.tr("Add folder…"))
        self.add_files.clicked.connect(self._choose_files)
        self.add_folder.clicked.connect(self._choose_folder)
        self.chosen = QListWidget()
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.current_file = QLabel()
        self.current_file.setObjectName("CurrentFile")
        self.summary = QLabel()
        self.summary.setObjectName("ImportSummary")
        self.summary.setWordWrap(True)
        self.conflicts_label = QLabel(self.tr("Changed in the app since the last import (the app's version is kept):"))
        self.conflicts = self._problem_list("ConflictList")
        self.not_imported_label = QLabel(self.tr("Not imported:"))
        self.not_imported = self._problem_list("RejectedList")
        for widget in (self.conflicts_label, self.conflicts, self.not_imported_label, self.not_imported):
            widget.hide()
        self.start = QPushButton(self.tr("Import"))
        self.start.setDefault(True)
        self.start.setEnabled(False)
        self.start.clicked.connect(self.run)
        self.cancel = QPushButton(self.tr("Cancel"))
        self.cancel.clicked.connect(self._cancel)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        self.close_button.hide()

        pick = QHBoxLayout()
        pick.addWidget(self.add_files)
        pick.addWidget(self.add_folder)
        pick.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(pick)
        layout.addWidget(self.chosen, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.current_file)
        layout.addWidget(self.summary)
        layout.addWidget(self.conflicts_label)
        layout.addWidget(self.conflicts, 2)
        layout.addWidget(self.not_imported_label)
        layout.addWidget(self.not_imported, 2)
        layout.addLayout(buttons)

    @staticmethod
    def _problem_list(name: str) -> QListWidget:
        """A list of long reasons: wrapped, every line readable at any window width."""
        problems = QListWidget()
        problems.setObjectName(name)
        problems.setWordWrap(True)
        problems.setAlternatingRowColors(True)
        problems.setResizeMode(QListWidget.ResizeMode.Adjust)
        problems.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return problems

    def add_paths(self, paths: list[Path]) -> None:
        for path in paths:
            if path not in self.paths:
                self.paths.append(path)
                self.chosen.addItem(str(path))
        self.start.setEnabled(bool(self.paths) and self.task is None)

    def _choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Choose files"), "", self.tr("Knowledge files (*.md *.markdown *.csv *.xlsx *.docx)")
        )
        self.add_paths([Path(f) for f in files])

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"))
        if folder:
            self.add_paths([Path(folder)])

    def run(self) -> None:
        paths = list(self.paths)
        self.start.setEnabled(False)
        self.add_files.setEnabled(False)
        self.add_folder.setEnabled(False)
        self.progress.show()
        self.progress.setRange(0, 0)
        self.task = self.ctx.write(
            lambda ws, actor, task: ws.importer.run(
                actor, paths,
                lambda done, total, path: task.report(done, total, _FILES + path),
                task.cancelled,
                on_batch=lambda path, done, total: task.report(done, total, _ITEMS + str(path)),
            ),
            on_done=self._done,
            on_error=self._failed,
            on_progress=self._progress,
            with_task=True,
            parent=self,
        )

    def _progress(self, done: int, total: int, label: str) -> None:
        """Files done, and within a big table the items written so far (it goes in batches)."""
        unit, _, path = label.partition("\n")
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        text = self.tr("%1 of %2 items") if unit + "\n" == _ITEMS else self.tr("%1 of %2 files")
        self.progress.setFormat(text.replace("%1", f"{done:,}").replace("%2", f"{total:,}"))
        self.current_file.setText(Path(path).name if path else "")

    def _done(self, report: ImportReport) -> None:
        self.task = None
        self.report = report
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.current_file.setText("")
        text = self.tr("Added %1, updated %2, unchanged %3, kept your newer edits %4, conflicts %5, not imported %6.")
        counts = (report.added, report.updated, report.unchanged, len(report.kept), len(report.conflicts),
                  len(report.rejected) + len(report.interrupted))
        for n, value in enumerate(counts, start=1):
            text = text.replace(f"%{n}", str(value))
        if report.cancelled:
            text = self.tr("Cancelled. Files imported before cancelling are kept.") + " " + text
        self.summary.setText(text)
        lang = self.ctx.lang
        for note in report.conflicts:
            self._add(self.conflicts, f"⚠ {self._where(note)}: {note.reason(lang)}")
        for note in report.kept:
            self._add(self.conflicts, f"✓ {self._where(note)}: {note.reason(lang)}")
        for stopped in report.interrupted:
            self._add(self.not_imported, f"{Path(stopped.path).name}: {stopped.reason(lang)}")
        for r in report.rejected:
            self._add(self.not_imported, f"{Path(r.path).name}: {r.reason(lang)}")
        self.conflicts_label.setVisible(self.conflicts.count() > 0)
        self.conflicts.setVisible(self.conflicts.count() > 0)
        self.not_imported_label.setVisible(self.not_imported.count() > 0)
        self.not_imported.setVisible(self.not_imported.count() > 0)
        self.cancel.hide()
        self.close_button.show()
        self.finished_import.emit(report)

    def _where(self, note: ItemNote) -> str:
        name = Path(note.path).name
        if note.row is None:
            return name
        return self.tr("%1, row %2").replace("%1", name).replace("%2", str(note.row))

    @staticmethod
    def _add(problems: QListWidget, text: str) -> None:
        item = QListWidgetItem(text)
        item.setToolTip(text)
        problems.addItem(item)

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self.summary.setText(self.ctx.message_for(exc))
        self.cancel.hide()
        self.close_button.show()

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel.setEnabled(False)
            self.current_file.setText(self.tr("Cancelling after the current file…"))
        else:
            self.reject()
