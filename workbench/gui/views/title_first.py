"""Tables whose title column must stay readable at laptop size (1280 x 720): the title stretches,
and when the table is too narrow for the other columns at their widths, those give up width, the
least needed first, down to a floor (their text is elided, the whole value in its tooltip), until
the title has its share of the table. A column the person widened keeps that width as what it
wants; it gives it up again only while the table is too narrow for it."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.gui.qt import QByteArray, QEvent, QHeaderView, QObject, Qt, QTableView, QTimer

TITLE_SHARE = 0.42  # of the table's width, before the other columns may have what they want
FLOOR = 48  # a column that gave up width still shows a few characters and its elision mark


class TitleFirst(QObject):
    """``give_up``: the other columns in the order they give up width (the least needed first);
    a column not listed keeps its width. Call :meth:`remember` after restoring a saved header."""

    def __init__(self, table: QTableView, title_column: int, give_up: Sequence[int],
                 share: float = TITLE_SHARE, floor: int = FLOOR) -> None:
        super().__init__(table)
        self.table = table
        self.title_column = title_column
        self.give_up = list(give_up)
        self.share = share
        self.floor = floor
        self._applying = False
        header = table.horizontalHeader()
        header.setSectionResizeMode(title_column, QHeaderView.ResizeMode.Stretch)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # a narrow column's title: "Indu…", not "ndustr"
        self.wanted: dict[int, int] = {}
        self.remember()
        header.sectionResized.connect(self._resized_by_hand)
        table.viewport().installEventFilter(self)

    def remember(self) -> None:
        """The widths the columns have now are what they want (defaults, or a restored header)."""
        header = self.table.horizontalHeader()
        self.wanted = {c: header.sectionSize(c) for c in range(header.count())
                       if c != self.title_column and not header.isSectionHidden(c)}
        self.fit()

    def saved_state(self) -> QByteArray:
        """The header's state to keep (QSettings) with each column at the width it wants, not
        the width it gave up in a narrow window: the next start in a wider one has room for it."""
        header = self.table.horizontalHeader()
        self._applying = True
        try:
            for column, width in self.wanted.items():
                if not header.isSectionHidden(column):
                    header.resizeSection(column, width)
            return header.saveState()
        finally:
            self._applying = False
            self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.fit()
        return False

    def _resized_by_hand(self, column: int, old: int, new: int) -> None:
        if self._applying or column == self.title_column:
            return
        if new > 0:  # also a column shown again from the header's menu, at the width it had
            self.wanted[column] = new
        if old == 0 or new == 0:  # shown or hidden: the others fit again
            QTimer.singleShot(0, self, self.fit)

    def fit(self) -> None:
        """Each column its wanted width, less what the title needs to keep its share."""
        header = self.table.horizontalHeader()
        available = self.table.viewport().width()
        if available <= 0:
            return
        shown = [c for c in self.wanted if not self.table.isColumnHidden(c)]
        widths = {c: self.wanted[c] for c in shown}
        short = sum(widths.values()) - int(available * (1 - self.share))
        for column in self.give_up:
            if short <= 0:
                break
            if column not in widths:
                continue
            spare = max(0, widths[column] - self.floor)
            taken = min(spare, short)
            widths[column] -= taken
            short -= taken
        self._applying = True
        try:
            for column, width in widths.items():
                if header.sectionSize(column) != width:
                    header.resizeSection(column, width)
        finally:
            self._applying = False
