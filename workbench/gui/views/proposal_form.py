"""A form generated from a template's variable schema: one editor per variable type."""

from __future__ import annotations

import datetime as dt
from typing import Any

from workbench.core.proposals.catalog import ProposalTemplate
from workbench.core.proposals.variables import VariableSpec
from workbench.gui.labels import industry_labels
from workbench.gui.qt import (
    QAbstractItemView,
    QComboBox,
    QDate,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStandardItem,
    QStandardItemModel,
    QTableView,
    QVBoxLayout,
    QWidget,
)


class TableEditor(QWidget):
    """Rows of a table variable (pricing, feedback items...) in an editable grid."""

    def __init__(self, spec: VariableSpec, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.model = QStandardItemModel(0, len(spec.columns), self)
        self.model.setHorizontalHeaderLabels([c.label.get(lang) for c in spec.columns])
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setMinimumHeight(140)
        add = QPushButton(self.tr("Add row"))
        remove = QPushButton(self.tr("Remove row"))
        add.clicked.connect(self.add_row)
        remove.clicked.connect(self.remove_row)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)

    def add_row(self, values: dict[str, Any] | None = None) -> None:
        values = values or {}
        self.model.appendRow([QStandardItem(str(values.get(c.name, "") or "")) for c in self.spec.columns])

    def remove_row(self) -> None:
        row = self.view.currentIndex().row()
        if row >= 0:
            self.model.removeRow(row)

    def value(self) -> list[dict[str, str]]:
        rows = []
        for r in range(self.model.rowCount()):
            rows.append({c.name: (self.model.item(r, i).text() if self.model.item(r, i) else "")
                         for i, c in enumerate(self.spec.columns)})
        return rows


class VariableForm(QWidget):
    def __init__(self, template: ProposalTemplate, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = template
        self.editors: dict[str, Any] = {}
        form = QFormLayout(self)
        industries = industry_labels()
        for spec in template.variables:
            editor = self._editor(spec, lang, industries)
            self.editors[spec.name] = editor
            label = spec.label.get(lang) + (" *" if spec.required else "")
            if spec.help is not None:
                editor.setToolTip(spec.help.get(lang))
            form.addRow(QLabel(label), editor)

    def _editor(self, spec: VariableSpec, lang: str, industries: dict[str, str]) -> QWidget:
        default = spec.default
        if spec.type == "multiline":
            editor = QPlainTextEdit(str(default or ""))
            editor.setMinimumHeight(90)
            return editor
        if spec.type == "list":
            editor = QPlainTextEdit("\n".join(default) if isinstance(default, list) else str(default or ""))
            editor.setPlaceholderText(self.tr("one per line"))
            editor.setMaximumHeight(80)
            return editor
        if spec.type == "choice":
            combo = QComboBox()
            if not spec.required:
                combo.addItem("", "")
            for choice in spec.choices:
                combo.addItem(industries.get(choice, choice) if spec.name == "industry" else choice, choice)
            if default:
                combo.setCurrentIndex(max(0, combo.findData(str(default))))
            return combo
        if spec.type == "date":
            date = QDateEdit()
            date.setCalendarPopup(True)
            date.setDisplayFormat("yyyy-MM-dd")
            day = default if isinstance(default, dt.date) else dt.date.today() + dt.timedelta(days=30)
            date.setDate(QDate(day.year, day.month, day.day))
            return date
        if spec.type == "table":
            return TableEditor(spec, lang)
        line = QLineEdit("" if default is None else str(default))
        if spec.type in ("number", "money"):
            line.setPlaceholderText("0" if spec.type == "number" else "0.00")
        return line

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, editor in self.editors.items():
            if isinstance(editor, QPlainTextEdit):
                out[name] = editor.toPlainText()
            elif isinstance(editor, QComboBox):
                out[name] = editor.currentData()
            elif isinstance(editor, QDateEdit):
                d = editor.date()
                out[name] = dt.date(d.year(), d.month(), d.day()).isoformat()
            elif isinstance(editor, TableEditor):
                out[name] = editor.value()
            else:
                out[name] = editor.text()
        return out

    def set_values(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            editor = self.editors.get(name)
            if editor is None:
                continue
            if isinstance(editor, QPlainTextEdit):
                editor.setPlainText("\n".join(value) if isinstance(value, list) else str(value or ""))
            elif isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findData(str(value))))
            elif isinstance(editor, QDateEdit) and value:
                day = dt.date.fromisoformat(str(value))
                editor.setDate(QDate(day.year, day.month, day.day))
            elif isinstance(editor, TableEditor):
                for row in value or []:
                    editor.add_row(row)
            elif isinstance(editor, QLineEdit):
                editor.setText(str(value))
