"""The response fields of the row editor (response_row_editor.py): the response text, the deviation
(or a questionnaire's drop-down answer), note, evidence and its page, who works on the row, the
Save button with the state and error lines; how they are laid out, filled from a row's values and
read back. Values are by the tender service's ``respond()`` argument names.

The editor is built on this; its strings keep the editor's translation context."""

from __future__ import annotations

from workbench.core.safekeeping import RESPONSE_FIELDS
from workbench.core.tender.views import RowView
from workbench.gui.elided_label import ElidedLabel
from workbench.gui.models.response_rows import deviation_labels
from workbench.gui.qt import (
    QComboBox,
    QCoreApplication,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)


def saved_values(row: RowView) -> dict[str, str]:
    """The row's fields as the editor holds them (respond()'s argument names)."""
    return {"text": row.response, "deviation": row.deviation, "note": row.note, "evidence": row.evidence,
            "evidence_page": row.evidence_page, "answer_choice": row.answer_choice, "assign": row.assignee or ""}


def empty_values() -> dict[str, str]:
    return dict.fromkeys(RESPONSE_FIELDS, "")


def choose(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(index if index >= 0 else 0)


class RowForm(QWidget):
    """The response's fields; :meth:`build_form` makes them and returns the part that holds them."""

    def build_form(self) -> QWidget:
        self.text = QPlainTextEdit()
        self.text.setObjectName("ResponseText")
        self.text.setPlaceholderText(QCoreApplication.translate(
            "RowEditor", "The response: the actual parameter or capability, not a copy of the requirement"))
        self.deviation = QComboBox()
        self.deviation.setObjectName("Deviation")
        self.deviation.addItem(QCoreApplication.translate("RowEditor", "— not set —"), "")
        for value in ("positive", "none", "negative"):
            self.deviation.addItem(deviation_labels()[value], value)
        self.answer = QComboBox()
        self.answer.setObjectName("AnswerChoice")
        self.answer_label = QLabel(QCoreApplication.translate("RowEditor", "Answer"))
        self.assignee = QComboBox()
        self.assignee.setObjectName("RowAssignee")
        # as wide as a name with its login, not half the row: the note beside Save gets the rest
        self.assignee.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.assignee.setMinimumContentsLength(16)
        self.note = QLineEdit()
        self.note.setObjectName("RowNote")
        self.note.setPlaceholderText(QCoreApplication.translate(
            "RowEditor", "Why a deviation, or how it exceeds the requirement"))
        self.evidence = QLineEdit()
        self.evidence.setObjectName("Evidence")
        self.evidence.setPlaceholderText(QCoreApplication.translate("RowEditor", "e.g. product white paper, test report"))
        self.page = QLineEdit()
        self.page.setObjectName("EvidencePage")
        self.page.setPlaceholderText(QCoreApplication.translate("RowEditor", "page"))
        self.page.setMaximumWidth(90)
        self.save_button = QPushButton(QCoreApplication.translate("RowEditor", "Save"))
        self.save_button.setObjectName("SaveRow")
        self.save_button.setToolTip(QCoreApplication.translate("RowEditor", "Ctrl+Enter: save and go to the next open row"))
        self.error = QLabel()
        self.error.setObjectName("ErrorLabel")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        # a line of its own under the form, the pane's whole width (beside Save, half a 1280-pixel
        # pane cut the put-back note to "Put back wh…"); a longer note is cut, whole in its tooltip
        self.state: QLabel = ElidedLabel(hide_when_empty=True)
        self.state.setObjectName("Hint")

        choices = QHBoxLayout()
        choices.setContentsMargins(0, 0, 0, 0)
        choices.addWidget(self.deviation, 1)
        choices.addWidget(self.answer_label)
        choices.addWidget(self.answer, 1)
        evidence = QHBoxLayout()
        evidence.setContentsMargins(0, 0, 0, 0)
        evidence.addWidget(self.evidence, 1)
        evidence.addWidget(self.page)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # shown while the check warns that the saved answer is partly in another region's character
        # forms than its readers' (response_row_editor.py): one click writes it in theirs, unsaved
        self.forms_button = QPushButton(QCoreApplication.translate("RowEditor", "Readers' forms"))
        self.forms_button.setObjectName("ReadersForms")
        self.forms_button.setToolTip(QCoreApplication.translate(
            "RowEditor", "Write the response in the character forms of the tender's readers (Taiwan's 戶, 裡 or "
                         "Hong Kong's 户, 裏), the words as typed; save to keep it"))
        self.forms_button.hide()
        save_row = QHBoxLayout()
        save_row.setContentsMargins(0, 0, 0, 0)
        save_row.addWidget(self.assignee)
        save_row.addStretch(1)
        save_row.addWidget(self.forms_button)
        save_row.addWidget(self.save_button)
        self.choice_label = QLabel(QCoreApplication.translate("RowEditor", "Deviation"))
        form.addRow(self.choice_label, choices)
        form.addRow(QCoreApplication.translate("RowEditor", "Note"), self.note)
        form.addRow(QCoreApplication.translate("RowEditor", "Evidence"), evidence)
        form.addRow(QCoreApplication.translate("RowEditor", "Assignee"), save_row)

        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.text, 1)
        bottom_layout.addLayout(form)
        bottom_layout.addWidget(self.state)
        bottom_layout.addWidget(self.error)
        self.text.setMinimumHeight(48)  # small: the editor fits beside the table on a 1280×720 screen
        return bottom

    def fields(self) -> tuple[QWidget, ...]:
        return (self.text, self.note, self.evidence, self.page, self.deviation, self.answer, self.assignee)

    def values(self) -> dict[str, str]:
        return {"text": self.text.toPlainText(), "deviation": self.deviation.currentData() or "",
                "note": self.note.text(), "evidence": self.evidence.text(), "evidence_page": self.page.text(),
                "answer_choice": self.answer.currentData() or "", "assign": self.assignee.currentData() or ""}

    def _fill_people(self, people: tuple[tuple[str, str], ...], row: RowView | None) -> None:
        chosen = self.assignee.currentData()
        self.assignee.blockSignals(True)
        self.assignee.clear()
        self.assignee.addItem(QCoreApplication.translate("RowEditor", "Unassigned"), "")
        for login, label in people:
            self.assignee.addItem(label if label == login else f"{label} ({login})", login)
        if row is not None and row.assignee and self.assignee.findData(row.assignee) < 0:
            self.assignee.addItem(row.assignee_label or row.assignee, row.assignee)  # no longer assignable
        if chosen is not None and self.assignee.findData(chosen) >= 0:
            self.assignee.setCurrentIndex(self.assignee.findData(chosen))
        self.assignee.blockSignals(False)

    def _put(self, values: dict[str, str], row: RowView | None) -> None:
        if self.text.toPlainText() != values["text"]:
            self.text.setPlainText(values["text"])  # left alone when equal: cursor and undo stay
        choose(self.deviation, values["deviation"])
        self.note.setText(values["note"])
        self.evidence.setText(values["evidence"])
        self.page.setText(values["evidence_page"])
        self.answer.clear()
        allowed = row.allowed_answers if row is not None else ()
        self.answer.addItem(QCoreApplication.translate("RowEditor", "— not set —"), "")
        for choice in allowed:
            self.answer.addItem(choice, choice)
        if values["answer_choice"] and self.answer.findData(values["answer_choice"]) < 0:
            self.answer.addItem(values["answer_choice"], values["answer_choice"])
        choose(self.answer, values["answer_choice"])
        # a questionnaire's question is answered from its drop-down; deviations are a tender's
        question = row is not None and row.kind == "question"
        self.deviation.setVisible(not question)
        self.choice_label.setText(QCoreApplication.translate("RowEditor", "Answer") if question
                                  else QCoreApplication.translate("RowEditor", "Deviation"))
        self.choice_label.setVisible(bool(allowed) or not question)
        self.answer.setVisible(bool(allowed))
        self.answer_label.setVisible(bool(allowed) and not question)
        choose(self.assignee, values["assign"])

    def _block(self, block: bool) -> None:
        for widget in self.fields():
            widget.blockSignals(block)
