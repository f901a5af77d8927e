"""The compliance check's result under the rows table: what blocks the export (each row and why, in
the core's words in the UI language), then the warnings. Clicking a problem picks its row."""

from __future__ import annotations

from workbench.core.errors import say
from workbench.core.tender.views import CheckReport, Problem
from workbench.gui.palette import DANGER, MUTED, WON
from workbench.gui.qt import (
    QBrush,
    QColor,
    QLabel,
    QListWidget,
    QListWidgetItem,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)


class CheckPanel(QWidget):
    row_picked = Signal(int)  # the row's number

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CheckPanel")
        self.lang = lang
        self.report: CheckReport | None = None
        self.summary = QLabel()
        self.summary.setObjectName("CheckSummary")
        self.summary.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setObjectName("CheckProblems")
        self.problems.setWordWrap(True)
        self.problems.itemClicked.connect(self._picked)
        self.problems.itemActivated.connect(self._picked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        self.show_report(None)

    def show_report(self, report: CheckReport | None) -> None:
        self.report = report
        place = self.problems.verticalScrollBar().value()
        self.problems.clear()
        if report is None:
            self.summary.setText("")
            self.problems.hide()
            return
        if report.blocking:
            self.summary.setText(self.tr("%1 blocking problems: export waits until they are fixed").replace("%1", str(len(report.blocking))))
            self.summary.setStyleSheet(f"color: {DANGER}; font-weight: 600;")
        else:
            passed = self.tr("Compliance check passed: nothing blocks the export")
            if report.warnings:
                passed += " · " + self.tr("%1 warnings").replace("%1", str(len(report.warnings)))
            self.summary.setText(passed)
            self.summary.setStyleSheet(f"color: {WON}; font-weight: 600;")
        for problem in report.blocking:
            self._add(problem, DANGER)
        for problem in report.warnings:
            self._add(problem, MUTED, warning=True)
        self.problems.setVisible(bool(report.blocking or report.warnings))
        self.problems.verticalScrollBar().setValue(place)

    def _add(self, p: Problem, colour: str, warning: bool = False) -> None:
        reason = say(p.code, self.lang, row=p.row_no, clause=p.clause, mark=p.mark, detail=p.detail)
        where = f"{p.mark} {p.clause}".strip() or str(p.row_no)
        prefix = self.tr("warning") + " · " if warning else ""
        row = self.tr("row %1").replace("%1", str(p.row_no))
        entry = QListWidgetItem(f"{prefix}{row} · {where} — {reason}")
        entry.setData(Qt.ItemDataRole.UserRole, p.row_no)
        entry.setForeground(QBrush(QColor(colour)))
        entry.setToolTip(self.tr("Click to open this row"))
        self.problems.addItem(entry)

    def _picked(self, entry: QListWidgetItem) -> None:
        self.row_picked.emit(int(entry.data(Qt.ItemDataRole.UserRole)))
