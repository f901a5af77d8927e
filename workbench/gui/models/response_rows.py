"""The rows of one response (a tender's requirements, a questionnaire's questions) as a table, and
the filters a presales engineer works through them with: ★ open, ▲ open, mine, unanswered, all,
plus free text over clause, requirement and response."""

from __future__ import annotations

from typing import Any

from workbench.core.tender.views import RowView
from workbench.gui.models.table import ROW_ROLE, SORT_ROLE, Column, RowTableModel
from workbench.gui.palette import DANGER, ERROR_BACKGROUND, FADED, LINE, MUTED, WON
from workbench.gui.qt import QCoreApplication, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

Index = QModelIndex | QPersistentModelIndex
RESPONSE_ROW_ROLE = ROW_ROLE
STAR, TRIANGLE = "★", "▲"
MAX_REQUIREMENT = 90  # characters shown in the table; the whole text is in the tooltip
ANSWERED = "answered"
DEVIATION_COLUMN = 5


def mark_colour(mark: str) -> str | None:
    """★ (a negative deviation voids the bid) in the danger colour, ▲ (costs points) in orange."""
    return DANGER if mark == STAR else LINE if mark == TRIANGLE else None


def band_colour(band: str) -> str:
    return {"auto": WON, "suggest": LINE}.get(band, FADED)


def deviation_labels() -> dict[str, str]:
    """正偏离 / 无偏离 / 负偏离 in Chinese; the English words say what each means."""
    return {
        "positive": QCoreApplication.translate("ResponseLabels", "Exceeds"),
        "none": QCoreApplication.translate("ResponseLabels", "Complies"),
        "negative": QCoreApplication.translate("ResponseLabels", "Does not comply"),
    }


def row_status_labels() -> dict[str, str]:
    return {
        "open": QCoreApplication.translate("ResponseLabels", "Open"),
        ANSWERED: QCoreApplication.translate("ResponseLabels", "Answered"),
    }


def row_kind_labels() -> dict[str, str]:
    return {
        "requirement": QCoreApplication.translate("ResponseLabels", "Requirement"),
        "scoring": QCoreApplication.translate("ResponseLabels", "Scoring"),
        "question": QCoreApplication.translate("ResponseLabels", "Question"),
    }


def band_labels() -> dict[str, str]:
    return {
        "auto": QCoreApplication.translate("ResponseLabels", "auto"),
        "suggest": QCoreApplication.translate("ResponseLabels", "suggest"),
        "none": QCoreApplication.translate("ResponseLabels", "weak"),
    }


def is_open(row: RowView) -> bool:
    """Still to be answered: the core's status says so (a suggestion not yet accepted is open)."""
    return row.status != ANSWERED


def elide(text: str, limit: int = MAX_REQUIREMENT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class ResponseRowsModel(RowTableModel[RowView]):
    def __init__(self, parent: Any = None) -> None:
        kinds, statuses, deviations = row_kind_labels(), row_status_labels(), deviation_labels()

        def kind(r: RowView) -> str:
            """Only what stands out: a scoring row and its points, a question's category; a plain
            requirement (most rows of a tender) shows nothing."""
            if r.points is not None:
                return f"{kinds.get(r.kind, r.kind)} · {r.points:g}"
            if r.kind == "question":
                return r.category or kinds["question"]
            return "" if r.kind == "requirement" else kinds.get(r.kind, r.kind)

        def status_colour(r: RowView) -> str | None:
            return WON if r.status == ANSWERED else MUTED

        def deviation_colour(r: RowView) -> str | None:
            return DANGER if r.deviation == "negative" else WON if r.deviation == "positive" else None
        super().__init__([
            Column(QCoreApplication.translate("ResponseRows", "No."), lambda r: str(r.no), sort_key=lambda r: r.no,
                   align=Qt.AlignmentFlag.AlignRight),
            Column(QCoreApplication.translate("ResponseRows", "Clause"), lambda r: r.clause, sort_key=lambda r: r.no),
            Column(QCoreApplication.translate("ResponseRows", "★/▲"), lambda r: r.mark, foreground=lambda r: mark_colour(r.mark),
                   align=Qt.AlignmentFlag.AlignCenter, tooltip=lambda r: mark_tooltip(r.mark)),
            Column(QCoreApplication.translate("ResponseRows", "Kind"), kind, tooltip=lambda r: kinds.get(r.kind, r.kind)),
            Column(QCoreApplication.translate("ResponseRows", "Requirement"), lambda r: elide(r.text), tooltip=lambda r: r.text,
                   sort_key=lambda r: r.no),
            # a question has no deviation: its drop-down answer (Yes / No / Partial) stands there instead
            Column(QCoreApplication.translate("ResponseRows", "Deviation"),
                   lambda r: r.answer_choice if r.kind == "question" else deviations.get(r.deviation, ""),
                   foreground=deviation_colour),
            Column(QCoreApplication.translate("ResponseRows", "Status"), lambda r: statuses.get(r.status, r.status), foreground=status_colour),
            Column(QCoreApplication.translate("ResponseRows", "Assignee"), lambda r: r.assignee_label or "",
                   tooltip=lambda r: r.assignee or None),
        ], parent, background=lambda r: ERROR_BACKGROUND if r.problems and r.mark == STAR else None)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A questionnaire's deviation column is its answer column."""
        if (section == DEVIATION_COLUMN and orientation == Qt.Orientation.Horizontal
                and role == Qt.ItemDataRole.DisplayRole and self.rows and all(r.kind == "question" for r in self.rows)):
            return QCoreApplication.translate("ResponseRows", "Answer")
        return super().headerData(section, orientation, role)

    def row_of(self, no: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.no == no), -1)

    def replace(self, row: RowView) -> None:
        """One row saved: only that row repaints (the selection and the scroll position stay)."""
        i = self.row_of(row.no)
        if i < 0:
            return
        self.rows[i] = row
        self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))


def mark_tooltip(mark: str) -> str | None:
    if mark == STAR:
        return QCoreApplication.translate("ResponseRows", "★ substantive: a negative deviation voids the bid")
    if mark == TRIANGLE:
        return QCoreApplication.translate("ResponseRows", "▲ important: not meeting it costs points")
    return None


FILTERS = ("star_open", "important_open", "mine", "unanswered", "all")


class ResponseRowsFilter(QSortFilterProxyModel):
    """``mode`` is one of FILTERS; ``me`` is the signed-in login (for "mine")."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.mode = "all"
        self.text = ""
        self.me = ""

    def refilter(self) -> None:
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def accepts(self, r: RowView) -> bool:
        if self.mode == "star_open" and not (r.mark == STAR and is_open(r)):
            return False
        if self.mode == "important_open" and not (r.mark == TRIANGLE and is_open(r)):
            return False
        if self.mode == "mine" and (not self.me or r.assignee != self.me):
            return False
        if self.mode == "unanswered" and not is_open(r):
            return False
        if self.text:
            haystack = f"{r.clause} {r.text} {r.response} {r.chapter} {r.category} {r.note}".lower()
            return all(word in haystack for word in self.text.lower().split())
        return True

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ResponseRowsModel)
        return self.accepts(model.rows[source_row])
