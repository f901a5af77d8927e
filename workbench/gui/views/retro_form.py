"""The retrospective form: the outcome of one bid and what the team learned, in under two
minutes from the keyboard. The core checks everything; each problem it reports is shown beside
its field and nothing typed is lost."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workbench.core.errors import WorkbenchError
from workbench.core.proposals.model import ProposalView
from workbench.core.retro.model import Lists, RetroInput, RetroView
from workbench.core.retro.taxonomy import OTHER
from workbench.core.users import UserView
from workbench.core.workspace import Workspace
from workbench.gui.qt import (
    QComboBox,
    QCompleter,
    QDate,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

FIELDS = ("outcome", "decided_on", "value", "reasons", "other_reason", "competitors", "satisfaction")


@dataclass(frozen=True)
class FormData:
    proposal: ProposalView
    retro: RetroView | None
    lists: Lists
    may_record: bool


def load_form(ws: Workspace, user: UserView, number: str) -> FormData:
    return FormData(ws.proposals.get(number), ws.retros.get(number), ws.retros.lists(),
                    ws.retros.may_record(user, number))


class CompetitorCompleter(QCompleter):
    """Completes the last name of a comma-separated list."""

    def splitPath(self, path: str) -> list[str]:
        return [path.replace("，", ",").split(",")[-1].strip()]

    def pathFromIndex(self, index) -> str:  # type: ignore[no-untyped-def]
        widget = self.widget()
        assert isinstance(widget, QLineEdit)
        done = widget.text().replace("，", ",").split(",")[:-1]
        return ", ".join([p.strip() for p in done if p.strip()] + [str(index.data())])


class RetroForm(QWidget):
    save_requested = Signal(str, object, int)  # proposal, RetroInput, the version the form opened

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RetroForm")
        self.lang = lang
        self.data: FormData | None = None
        self.heading = QLabel(self.tr("Choose a bid on the left."))
        self.heading.setObjectName("DetailTitle")
        self.heading.setWordWrap(True)
        self.meta = QLabel()
        self.meta.setObjectName("DetailMeta")
        self.general = QLabel()
        self.general.setObjectName("ErrorLabel")
        self.general.setWordWrap(True)
        self.general.hide()

        self.outcome = QComboBox()
        self.outcome.setObjectName("Outcome")
        for code, text in (("won", self.tr("Won")), ("lost", self.tr("Lost")), ("no_decision", self.tr("No decision")),
                           ("cancelled", self.tr("Cancelled"))):
            self.outcome.addItem(text, code)
        self.outcome.currentIndexChanged.connect(lambda _i: self._outcome_changed())
        self.decided_on = QDateEdit()
        self.decided_on.setCalendarPopup(True)
        self.decided_on.setDisplayFormat("yyyy-MM-dd")
        self.value = QLineEdit()
        self.value.setObjectName("ContractValue")
        self.value.setPlaceholderText(self.tr("e.g. 1,200,000 (our bid's value if lost)"))
        self.primary = QComboBox()
        self.primary.setObjectName("PrimaryReason")
        self.secondary = QListWidget()
        self.secondary.setObjectName("SecondaryReasons")
        self.secondary.setMaximumHeight(96)
        self.other = QLineEdit()
        self.other.setPlaceholderText(self.tr("What was it? (needed when a reason is 'Other')"))
        self.competitors = QLineEdit()
        self.competitors.setObjectName("Competitors")
        self.competitors.setPlaceholderText(self.tr("Names, separated by commas"))
        self.completer = CompetitorCompleter([], self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.competitors.setCompleter(self.completer)
        self.satisfaction = QComboBox()
        self.satisfaction.addItem(self.tr("Not known"), None)
        for n, text in ((1, self.tr("1 – very unhappy")), (2, self.tr("2")), (3, self.tr("3 – neutral")), (4, self.tr("4")),
                        (5, self.tr("5 – very happy"))):
            self.satisfaction.addItem(text, n)
        self.worked = QPlainTextEdit()
        self.improve = QPlainTextEdit()
        self.lessons = QPlainTextEdit()
        self.lessons.setObjectName("Lessons")
        self.lessons.setPlaceholderText(self.tr("One lesson per line. Each becomes a knowledge item of kind "
                                                "'lesson' that search finds."))
        for box in (self.worked, self.improve, self.lessons):
            box.setTabChangesFocus(True)
            box.setMaximumHeight(72)
        self.saved_lessons = QLabel()
        self.saved_lessons.setObjectName("Hint")
        self.saved_lessons.setWordWrap(True)
        self.errors: dict[str, QLabel] = {}
        self.primary_label = QLabel(self.tr("Primary reason"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, caption, widget in (
            ("outcome", QLabel(self.tr("&Outcome")), self.outcome),
            ("decided_on", QLabel(self.tr("&Decided on")), self.decided_on),
            ("value", QLabel(self.tr("Contract &value")), self.value),
            ("reasons", self.primary_label, self.primary),
            ("secondary", QLabel(self.tr("Secondary reasons")), self.secondary),
            ("other_reason", QLabel(self.tr("'Other' means")), self.other),
            ("competitors", QLabel(self.tr("&Competitors")), self.competitors),
            ("satisfaction", QLabel(self.tr("Customer &satisfaction")), self.satisfaction),
            ("worked", QLabel(self.tr("What &worked")), self.worked),
            ("improve", QLabel(self.tr("What to &improve")), self.improve),
            ("lessons", QLabel(self.tr("&Lessons")), self.lessons),
        ):
            caption.setBuddy(widget)
            cell = QWidget()
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            box.addWidget(widget)
            if name in FIELDS:
                error = QLabel()
                error.setObjectName("FieldError")
                error.setWordWrap(True)
                error.hide()
                box.addWidget(error)
                self.errors[name] = error
            form.addRow(caption, cell)
        self.save = QPushButton(self.tr("Save retrospective"))
        self.save.setObjectName("SaveRetro")
        self.save.setDefault(True)
        self.save.setToolTip("Ctrl+S")
        self.save.clicked.connect(self.submit)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.submit,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.state = QLabel()
        self.state.setObjectName("Hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.state, 1)
        buttons.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.meta)
        layout.addWidget(self.general)
        layout.addLayout(form)
        layout.addWidget(self.saved_lessons)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.setEnabled(False)

    # --- showing -----------------------------------------------------------------------------

    def show_data(self, data: FormData) -> None:
        """Fill the form from what is recorded (or sensible defaults), unless the same bid's form
        holds unsaved work."""
        if self.data is not None and self.data.proposal.number == data.proposal.number and self.dirty():
            return  # the same bid reloaded while the person types: keep their entries (and the version)
        self.data = data
        p, retro = data.proposal, data.retro
        self.heading.setText(f"{p.number}  {p.title}")
        deadline = p.bid_deadline.isoformat() if p.bid_deadline else "–"
        self.meta.setText(self.tr("%1 · author %2 · bid deadline %3").replace("%1", p.customer or "–")
                          .replace("%2", p.author_label).replace("%3", deadline))
        self._lists(data.lists, retro)
        self.clear_errors()
        if retro is None:
            self.outcome.setCurrentIndex(0)
            self.decided_on.setDate(QDate.currentDate())
            for edit in (self.value, self.other, self.competitors):
                edit.clear()
            self.primary.setCurrentIndex(0)
            self.satisfaction.setCurrentIndex(0)
            for box in (self.worked, self.improve):
                box.clear()
            self.saved_lessons.clear()
        else:
            self.outcome.setCurrentIndex(self.outcome.findData(retro.outcome.value))
            self.decided_on.setDate(QDate(retro.decided_on.year, retro.decided_on.month, retro.decided_on.day))
            self.value.setText(f"{retro.value:,.2f}" if retro.value is not None else "")
            self.primary.setCurrentIndex(max(0, self.primary.findData(retro.primary_reason)))
            self.other.setText(retro.other_reason)
            self.competitors.setText(", ".join(retro.competitors))
            self.satisfaction.setCurrentIndex(max(0, self.satisfaction.findData(retro.satisfaction)))
            self.worked.setPlainText(retro.what_worked)
            self.improve.setPlainText(retro.to_improve)
            self.saved_lessons.setText(self.tr("Lessons kept as knowledge items: %1")
                                       .replace("%1", "; ".join(lesson.title for lesson in retro.lessons))
                                       if retro.lessons else "")
        self.lessons.clear()
        self.state.setText("" if data.may_record else
                           self.tr("Only the author, an administrator or a review lead records this bid's outcome."))
        self.setEnabled(True)
        self.save.setEnabled(data.may_record)
        self._outcome_changed()

    def dirty(self) -> bool:
        """Whether anything typed would be lost by filling the form again (new lessons)."""
        return bool(self.lessons.toPlainText().strip())

    def _lists(self, lists: Lists, retro: RetroView | None) -> None:
        self.primary.clear()
        self.primary.addItem(self.tr("— choose —"), None)
        self.secondary.clear()
        reasons = {r.code: r for r in lists.reasons}
        chosen = retro.reasons if retro else ()
        for r in lists.reasons:
            self.primary.addItem(r.label(self.lang), r.code)
        for code in chosen:  # retired since, still shown on the retrospective that gave it
            if code not in reasons:
                self.primary.addItem(code, code)
        for r in lists.reasons:
            item = QListWidgetItem(r.label(self.lang))
            item.setData(Qt.ItemDataRole.UserRole, r.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if r.code in chosen[1:] else Qt.CheckState.Unchecked)
            self.secondary.addItem(item)
        self.completer.model().setStringList(list(lists.competitors))  # type: ignore[attr-defined]

    def _outcome_changed(self) -> None:
        lost = self.outcome.currentData() == "lost"
        self.primary_label.setText(self.tr("Primary reason *") if lost else self.tr("Primary reason"))

    # --- saving ------------------------------------------------------------------------------

    def current_input(self) -> RetroInput:
        reasons = [self.primary.currentData()] if self.primary.currentData() else []
        for n in range(self.secondary.count()):
            item = self.secondary.item(n)
            code = item.data(Qt.ItemDataRole.UserRole)
            if item.checkState() == Qt.CheckState.Checked and code not in reasons:
                reasons.append(code)
        decided = self.decided_on.date().toPython()
        assert isinstance(decided, dt.date)
        return RetroInput(
            outcome=str(self.outcome.currentData()), decided_on=decided, value=self.value.text(),
            reasons=tuple(reasons), other_reason=self.other.text() if OTHER in reasons else "",
            competitors=tuple(self.competitors.text().replace("，", ",").split(",")),
            satisfaction=self.satisfaction.currentData(), what_worked=self.worked.toPlainText(),
            to_improve=self.improve.toPlainText(), lessons=tuple(self.lessons.toPlainText().splitlines()),
        )

    def submit(self) -> None:
        if self.data is None or not self.save.isEnabled():
            return
        self.clear_errors()
        version = self.data.retro.version if self.data.retro else 0
        self.save_requested.emit(self.data.proposal.number, self.current_input(), version)

    def clear_errors(self) -> None:
        self.general.hide()
        for label in self.errors.values():
            label.hide()

    def show_error(self, exc: BaseException, message: str) -> None:
        """Each problem beside its field; the rest above the form. The entries stay as typed."""
        problems = exc.params.get("problems") if isinstance(exc, WorkbenchError) else None
        placed = False
        if problems:
            texts: dict[str, list[str]] = {}
            for problem in problems:
                texts.setdefault(str(problem.params.get("field", "")), []).append(problem.message(self.lang))
            for name, lines in texts.items():
                target = self.errors.get(name)
                if target is not None:
                    target.setText("\n".join(lines))
                    target.show()
                    placed = True
            unplaced = [line for name, lines in texts.items() if name not in self.errors for line in lines]
            if unplaced:
                self.general.setText("\n".join(unplaced))
                self.general.show()
        elif isinstance(exc, WorkbenchError) and exc.params.get("field") in self.errors:
            target = self.errors[str(exc.params["field"])]
            target.setText(message)
            target.show()
            placed = True
        else:
            self.general.setText(message)
            self.general.show()
        if placed:
            self.state.setText(self.tr("Nothing was saved: see the notes beside the fields."))
