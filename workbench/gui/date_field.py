"""A date entry that can be empty: typed as YYYY-MM-DD or picked from a calendar, cleared with its
clear button. QDateEdit always holds some date, so an input nobody gave used to arrive as one
(today + 30 days); this field's empty text means "not given" and stays so."""

from __future__ import annotations

import datetime as dt

from workbench.gui.qt import (
    QCalendarWidget,
    QDate,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
    Signal,
)

ISO = "yyyy-MM-dd"


class DateField(QWidget):
    """``text()`` is what the person typed or picked ("" when nothing); ``date()`` the date it
    names, or None (empty, or not a date: the core says so when it is checked)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("YYYY-MM-DD (not given)"))
        self.edit.setClearButtonEnabled(True)
        self.edit.setMaxLength(40)
        self.edit.textChanged.connect(lambda _t: self.changed.emit())
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.menu = QMenu(self)
        holder = QWidgetAction(self.menu)
        holder.setDefaultWidget(self.calendar)
        self.menu.addAction(holder)
        self.menu.aboutToShow.connect(self._before_calendar)
        self.pick = QToolButton()
        self.pick.setObjectName("PickDate")
        self.pick.setText("…")
        self.pick.setToolTip(self.tr("Pick a date"))
        self.pick.setMenu(self.menu)
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.pick)
        self.setFocusProxy(self.edit)

    def text(self) -> str:
        return self.edit.text().strip()

    def date(self) -> dt.date | None:
        try:
            return dt.date.fromisoformat(self.text()) if self.text() else None
        except ValueError:
            return None

    def set_date(self, value: dt.date | str | None) -> None:
        """Show ``value`` (a date or its ISO text); None or "" empties the field."""
        if isinstance(value, dt.datetime):
            value = value.date()
        self.edit.setText(value.isoformat() if isinstance(value, dt.date) else str(value or ""))

    def clear(self) -> None:
        self.edit.clear()

    def _before_calendar(self) -> None:
        day = self.date() or dt.date.today()  # where the calendar opens; nothing is filled in
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def _picked(self, day: QDate) -> None:
        self.edit.setText(day.toString(ISO))
        self.menu.hide()
