"""Charts for the dashboard, painted with QPainter.

pyqtgraph was the first choice, but with PySide6 6.12 on Python 3.11 every pyqtgraph item added
or removed takes a reference from ``True`` that it never gives back (measured: about 7 per item);
after a few hundred redraws the interpreter aborts ("bool_dealloc"). Matplotlib would be a heavy
new dependency for two chart shapes, and Qt Charts is deprecated. So: two small chart kinds drawn
here, with the app's fonts (Chinese included) and nothing to import at start-up."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from workbench.gui import palette
from workbench.gui.qt import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
    QRectF,
    QSize,
    Qt,
    QWidget,
)

WON = QColor(palette.WON)
LOST = QColor(palette.LOST)
NEUTRAL = QColor(palette.NEUTRAL)
LIGHT = QColor(palette.LIGHT)
LINE = QColor(palette.LINE)
TEXT = QColor(palette.TEXT)
MUTED = QColor(palette.MUTED)
GRID = QColor(palette.GRID)


@dataclass(frozen=True)
class Bar:
    label: str  # the category
    value: float  # the bar's length
    note: str = ""  # written after the bar, e.g. "60% · 3 of 5"
    extra: float = 0.0  # a lighter segment after the bar (e.g. secondary reasons)


@dataclass(frozen=True)
class HorizontalBars:
    bars: tuple[Bar, ...]
    maximum: float | None = None  # None: the longest bar
    percent: bool = False  # the scale is 0..100 %
    color: QColor = field(default_factory=lambda: QColor(NEUTRAL))
    empty: str = ""


@dataclass(frozen=True)
class Columns:
    """A share (0..1) per period as columns with a note above each, and a line of another share."""

    labels: tuple[str, ...]
    bars: tuple[float | None, ...]
    notes: tuple[str, ...]
    line: tuple[float | None, ...]
    bar_name: str
    line_name: str
    empty: str = ""


class Chart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec: HorizontalBars | Columns | None = None
        self.setMinimumHeight(240)

    def sizeHint(self) -> QSize:
        return QSize(560, 280)

    def show_spec(self, spec: HorizontalBars | Columns) -> None:
        self.spec = spec
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(palette.PAPER))
        painter.setFont(self.font())
        area = QRectF(self.rect()).adjusted(8, 8, -8, -8)
        if isinstance(self.spec, HorizontalBars):
            _horizontal(painter, area, self.spec)
        elif isinstance(self.spec, Columns):
            _columns(painter, area, self.spec)
        painter.end()


def _message(p: QPainter, area: QRectF, text: str) -> None:
    p.setPen(MUTED)
    p.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)


def _small(p: QPainter) -> QFontMetrics:
    font = QFont(p.font())
    font.setPointSizeF(max(7.5, font.pointSizeF() * 0.9))
    p.setFont(font)
    return QFontMetrics(font)


def _horizontal(p: QPainter, area: QRectF, spec: HorizontalBars) -> None:
    if not spec.bars:
        _message(p, area, spec.empty)
        return
    metrics = QFontMetrics(p.font())
    label_w = min(area.width() * 0.36, max(metrics.horizontalAdvance(b.label) for b in spec.bars) + 18)
    note_w = min(area.width() * 0.42, max(metrics.horizontalAdvance(b.note) for b in spec.bars) + 10)
    axis_h = metrics.height() + 6 if spec.percent else 0
    plot = QRectF(area.left() + label_w, area.top(), area.width() - label_w - note_w, area.height() - axis_h)
    top = spec.maximum if spec.maximum is not None else max([b.value + b.extra for b in spec.bars] + [1.0])
    top = top or 1.0

    def x(value: float) -> float:
        return plot.left() + plot.width() * max(0.0, value) / top

    if spec.percent:
        for pct in (0, 25, 50, 75, 100):
            gx = x(top * pct / 100)
            p.setPen(QPen(GRID, 1))
            p.drawLine(int(gx), int(plot.top()), int(gx), int(plot.bottom()))
            p.setPen(MUTED)
            p.drawText(QRectF(gx - 30, plot.bottom() + 2, 60, axis_h), Qt.AlignmentFlag.AlignHCenter, f"{pct}%")
    row = plot.height() / len(spec.bars)
    height = min(28.0, row * 0.62)
    for n, b in enumerate(spec.bars):
        cy = plot.top() + row * (n + 0.5)
        p.setPen(TEXT)
        label = metrics.elidedText(b.label, Qt.TextElideMode.ElideRight, int(label_w - 8))
        p.drawText(QRectF(area.left(), cy - row / 2, label_w - 8, row),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(spec.color)
        p.drawRect(QRectF(plot.left(), cy - height / 2, x(b.value) - plot.left(), height))
        if b.extra:
            p.setBrush(LIGHT)
            p.drawRect(QRectF(x(b.value), cy - height / 2, x(b.value + b.extra) - x(b.value), height))
        p.setPen(TEXT)
        note = metrics.elidedText(b.note, Qt.TextElideMode.ElideRight, int(note_w + plot.right() - x(b.value + b.extra)))
        p.drawText(QRectF(x(b.value + b.extra) + 6, cy - row / 2, area.right() - x(b.value + b.extra), row),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, note)
    p.setPen(QPen(MUTED, 1))
    p.drawLine(int(plot.left()), int(plot.top()), int(plot.left()), int(plot.bottom()))


def _columns(p: QPainter, area: QRectF, spec: Columns) -> None:
    if not spec.labels:
        _message(p, area, spec.empty)
        return
    metrics = QFontMetrics(p.font())
    axis_w = metrics.horizontalAdvance("100%") + 10
    legend_h = metrics.height() + 8
    plot = QRectF(area.left() + axis_w, area.top() + legend_h, area.width() - axis_w,
                  area.height() - legend_h - metrics.height() - 8)
    ceiling = 115.0  # room for the notes above full bars

    def y(share: float) -> float:
        return plot.bottom() - plot.height() * 100 * share / ceiling

    for pct in (0, 25, 50, 75, 100):
        gy = y(pct / 100)
        p.setPen(QPen(GRID, 1))
        p.drawLine(int(plot.left()), int(gy), int(plot.right()), int(gy))
        p.setPen(MUTED)
        p.drawText(QRectF(area.left(), gy - metrics.height() / 2, axis_w - 6, metrics.height()),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{pct}%")
    slot = plot.width() / len(spec.labels)
    width = min(56.0, slot * 0.6)
    small = _small(p)
    centres = []
    for n, (label, share) in enumerate(zip(spec.labels, spec.bars, strict=True)):
        cx = plot.left() + slot * (n + 0.5)
        centres.append(cx)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(NEUTRAL)
        p.drawRect(QRectF(cx - width / 2, y(share or 0), width, plot.bottom() - y(share or 0)))
        p.setPen(TEXT)
        p.drawText(QRectF(cx - slot / 2, plot.bottom() + 4, slot, small.height() + 2), Qt.AlignmentFlag.AlignHCenter,
                   small.elidedText(label, Qt.TextElideMode.ElideRight, int(slot)))
    points = [(cx, y(v)) for cx, v in zip(centres, spec.line, strict=True) if v is not None]
    p.setPen(QPen(LINE, 2.5))
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        p.drawLine(int(x1), int(y1), int(x2), int(y2))
    p.setBrush(LINE)
    for cx, cy in points:
        p.drawEllipse(QRectF(cx - 4, cy - 4, 8, 8))
    for cx, share, note in zip(centres, spec.bars, spec.notes, strict=True):
        text = small.elidedText(note, Qt.TextElideMode.ElideRight, int(slot))
        w = small.horizontalAdvance(text) + 6
        box = QRectF(cx - w / 2, y(share or 0) - small.height() - 3, w, small.height() + 2)
        p.setPen(Qt.PenStyle.NoPen)
        paper = QColor(palette.PAPER)
        paper.setAlpha(225)  # the chart shows faintly through the legend
        p.setBrush(paper)
        p.drawRoundedRect(box, 3, 3)
        p.setPen(TEXT)
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    p.setPen(QPen(MUTED, 1))
    p.drawLine(int(plot.left()), int(plot.bottom()), int(plot.right()), int(plot.bottom()))
    # the legend, top right
    entries = [(NEUTRAL, spec.bar_name, False), (LINE, spec.line_name, True)]
    lx = area.right()
    for colour, name, is_line in reversed(entries):
        w = small.horizontalAdvance(name)
        lx -= w
        p.setPen(TEXT)
        p.drawText(QRectF(lx, area.top(), w + 2, legend_h), Qt.AlignmentFlag.AlignVCenter, name)
        lx -= 20
        if is_line:
            p.setPen(QPen(colour, 2.5))
            p.drawLine(int(lx), int(area.top() + legend_h / 2), int(lx + 14), int(area.top() + legend_h / 2))
        else:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawRect(QRectF(lx, area.top() + legend_h / 2 - 6, 14, 12))
        lx -= 14

