"""A form generated from a template's variable schema: one editor per variable type."""

from __future__ import annotations

import datetime as dt
from typing import Any

from workbench.core.proposals.catalog import ProposalTemplate
from workbench.core.proposals.variables import Column, VariableProblem, VariableSpec
from workbench.gui.date_field import DateField
from workbench.gui.labels import industry_labels
from workbench.gui.models.table import EditableRowsModel
from workbench.gui.qt import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QModelIndex,
    QPersistentModelIndex,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
)


class ChoiceDelegate(QStyledItemDelegate):
    """A choice column of a table (a pricing row's billing kind): a drop-down of the column's
    choices and an empty entry ("not given": the core's default for the row applies)."""

    def __init__(self, column: Column, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = column

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem("", "")
        for choice in self.column.choices:
            combo.addItem(choice, choice)
        combo.activated.connect(lambda _i: self.commitData.emit(combo))  # a pick counts at once, no Enter needed
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            found = editor.findData(str(index.data() or ""))
            if found < 0:  # a value typed in a --vars file that is not a choice: kept, the core names it
                editor.addItem(str(index.data()), str(index.data()))
                found = editor.count() - 1
            editor.setCurrentIndex(found)

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData() or "")


class TableEditor(QWidget):
    """Rows of a table variable (pricing, feedback items...) in an editable grid."""

    def __init__(self, spec: VariableSpec, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.model = EditableRowsModel([(c.name, c.label.get(lang)) for c in spec.columns], self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setMinimumHeight(140)
        for i, column in enumerate(spec.columns):
            if column.type == "choice":
                self.view.setItemDelegateForColumn(i, ChoiceDelegate(column, self.view))
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
        self.model.append(values or {})

    def remove_row(self) -> None:
        self.model.remove(self.view.currentIndex().row())

    def value(self) -> list[dict[str, str]]:
        return self.model.values()


class VariableForm(QWidget):
    """One editor per input of the template. Nothing is filled in that the person did not give:
    a date starts empty (unless the template has a default), a choice starts at "— choose —"
    (unless the template has a default), and whatever is left empty reaches the core empty.
    The core checks the inputs; :meth:`show_problems` puts each problem beside its field."""

    changed = Signal()

    def __init__(self, template: ProposalTemplate, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = template
        self.lang = lang
        self.editors: dict[str, Any] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        industries = industry_labels()
        for spec in template.variables:
            editor = self._editor(spec, lang, industries)
            editor.setObjectName(f"Input_{spec.name}")
            self.editors[spec.name] = editor
            label = spec.label.get(lang) + (" *" if spec.required else "")
            if spec.help is not None:
                editor.setToolTip(spec.help.get(lang))
            error = QLabel()
            error.setObjectName("FieldError")
            error.setWordWrap(True)
            error.hide()
            self.errors[spec.name] = error
            cell = QWidget()
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            box.addWidget(editor)
            box.addWidget(error)
            caption = QLabel(label)
            caption.setBuddy(editor)
            form.addRow(caption, cell)
            self._watch(spec.name, editor)

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
            # never the first option in the person's place: an unset choice says so
            combo.addItem(self.tr("— choose —") if spec.required else self.tr("— not given —"), "")
            for choice in spec.choices:
                combo.addItem(industries.get(choice, choice) if spec.name == "industry" else choice, choice)
            if default not in (None, ""):
                combo.setCurrentIndex(max(0, combo.findData(str(default))))
            return combo
        if spec.type == "date":
            date = DateField()
            date.set_date(default if isinstance(default, (dt.date, str)) else None)
            return date
        if spec.type == "table":
            return TableEditor(spec, lang)
        line = QLineEdit("" if default is None else str(default))
        if spec.type in ("number", "money"):
            line.setPlaceholderText(self.tr("(not given)"))
        return line

    def _watch(self, name: str, editor: QWidget) -> None:
        """Any edit: the note beside the field is out of date, and the form has changed."""
        def edited() -> None:
            self.errors[name].hide()
            self.changed.emit()

        if isinstance(editor, QPlainTextEdit):
            editor.textChanged.connect(edited)
        elif isinstance(editor, QComboBox):
            editor.currentIndexChanged.connect(lambda _i: edited())
        elif isinstance(editor, DateField):
            editor.changed.connect(edited)
        elif isinstance(editor, TableEditor):
            editor.model.dataChanged.connect(lambda *_a: edited())
            editor.model.rowsInserted.connect(lambda *_a: edited())
            editor.model.rowsRemoved.connect(lambda *_a: edited())
        elif isinstance(editor, QLineEdit):
            editor.textChanged.connect(lambda _t: edited())

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, editor in self.editors.items():
            if isinstance(editor, QPlainTextEdit):
                out[name] = editor.toPlainText()
            elif isinstance(editor, QComboBox):
                out[name] = editor.currentData() or ""
            elif isinstance(editor, DateField):
                out[name] = editor.text()  # "" is "not given"; a mistyped date is the core's to refuse
            elif isinstance(editor, TableEditor):
                out[name] = editor.value()
            else:
                out[name] = editor.text()
        return out

    def clear_problems(self) -> None:
        for label in self.errors.values():
            label.hide()

    def show_problems(self, problems: list[VariableProblem]) -> list[VariableProblem]:
        """Each problem beside the input it belongs to (a table cell's beside its table); returns
        the ones no field of this form holds."""
        self.clear_problems()
        lines: dict[str, list[str]] = {}
        unplaced = []
        for problem in problems:
            if problem.input in self.errors:
                lines.setdefault(problem.input, []).append(problem.message(self.lang, named=False))
            else:
                unplaced.append(problem)
        for name, texts in lines.items():
            self.errors[name].setText("\n".join(texts))
            self.errors[name].show()
        return unplaced

    def first_problem_field(self) -> QWidget | None:
        """The first field (in form order) showing a problem, to scroll to and focus."""
        return next((self.editors[name] for name, label in self.errors.items() if not label.isHidden()), None)
