"""The retrospective form: the outcome of one bid and what the team learned, in under two
minutes from the keyboard. The core checks everything; each problem it reports is shown beside
its field and nothing typed is lost: the form knows when it differs from what was loaded, asks
before it is replaced (it is an :class:`~workbench.gui.unsaved.UnsavedWork`), autosaves a draft to
the laptop as the person types and offers that draft back when the bid is opened again.

Nothing is chosen in the person's place: the outcome starts at "— choose —", the decision date
empty, the primary reason at "— choose —", satisfaction at "Not known"."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workbench.core.errors import WorkbenchError
from workbench.core.proposals.model import ProposalView
from workbench.core.retro.model import Lists, RetroInput, RetroView, WrittenLesson
from workbench.core.retro.taxonomy import OTHER
from workbench.core.safekeeping import KeptEdit, retro_form
from workbench.core.users import UserView
from workbench.core.workspace import Workspace
from workbench.gui.context import AppContext
from workbench.gui.date_field import DateField
from workbench.gui.qt import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QShortcut,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from workbench.gui.unsaved import Autosaver
from workbench.gui.when import local_time

log = logging.getLogger(__name__)
VERSION = "base_version"  # in an autosaved draft: the recorded version its entries started from
WRITTEN_PAUSE_MS = 400  # typing pause before the lessons are looked up in the library
FIELDS = ("outcome", "decided_on", "value", "reasons", "other_reason", "competitors", "satisfaction")


@dataclass(frozen=True)
class FormData:
    """The core's RetroFormModel, and what only this laptop knows: the autosaved draft."""

    proposal: ProposalView
    retro: RetroView | None
    lists: Lists
    may_record: bool
    draft: KeptEdit | None = None  # this user's entries autosaved and never saved (a crash)


def load_form(ws: Workspace, user: UserView, number: str) -> FormData:
    draft = ws.safekeeping.find("retro", number, user.name, ws.server, origin="autosave")
    form = ws.retros.form(user, number)
    return FormData(form.proposal, form.retro, form.lists, form.may_record, draft)



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

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RetroForm")
        self.ctx = ctx
        self.lang = ctx.lang
        self.data: FormData | None = None
        self._loaded: dict[str, Any] = {}  # the entries as shown from what is recorded
        self._version = 0  # the recorded version the entries started from (0: none recorded)
        self._filling = False
        self._after_save: Callable[[bool], None] | None = None
        self.heading = QLabel(self.tr("Choose a bid on the left."))
        self.heading.setObjectName("DetailTitle")
        self.heading.setWordWrap(True)
        self.meta = QLabel()
        self.meta.setObjectName("DetailMeta")
        self.general = QLabel()
        self.general.setObjectName("ErrorLabel")
        self.general.setWordWrap(True)
        self.general.hide()
        self.restored = QLabel()
        self.restored.setObjectName("RestoredNote")
        self.restored.setWordWrap(True)
        self.restored.hide()

        self.outcome = QComboBox()
        self.outcome.setObjectName("Outcome")
        self.outcome.addItem(self.tr("— choose —"), "")
        for code, text in (("won", self.tr("Won")), ("lost", self.tr("Lost")), ("no_decision", self.tr("No decision")),
                           ("cancelled", self.tr("Cancelled"))):
            self.outcome.addItem(text, code)
        self.outcome.currentIndexChanged.connect(lambda _i: self._outcome_changed())
        self.decided_on = DateField()
        self.decided_on.setObjectName("DecidedOn")
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
                                                "'lesson' that search finds; one already written down for "
                                                "another bid gains this bid as a source."))
        for text_box in (self.worked, self.improve, self.lessons):
            text_box.setTabChangesFocus(True)
            text_box.setMaximumHeight(72)
        self.saved_lessons = QLabel()
        self.saved_lessons.setObjectName("Hint")
        self.saved_lessons.setWordWrap(True)
        # a lesson typed as the library already states it: saving adds this bid to that item
        self.written = QLabel()
        self.written.setObjectName("WrittenLessons")
        self.written.setWordWrap(True)
        self.written.hide()
        self._written_timer = QTimer(self)
        self._written_timer.setSingleShot(True)
        self._written_timer.setInterval(WRITTEN_PAUSE_MS)
        self._written_timer.timeout.connect(self._look_up_lessons)
        self.lessons.textChanged.connect(self._written_timer.start)
        self.errors: dict[str, QLabel] = {}
        self.primary_label = QLabel(self.tr("Primary reason"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, caption, widget in (
            ("outcome", QLabel(self.tr("&Outcome *")), self.outcome),
            ("decided_on", QLabel(self.tr("&Decided on *")), self.decided_on),
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
            if name == "lessons":
                box.addWidget(self.written)
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
        save = QShortcut(QKeySequence("Ctrl+S"), self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.submit)
        self.state = QLabel()
        self.state.setObjectName("Hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.state, 1)
        buttons.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.meta)
        layout.addWidget(self.restored)
        layout.addWidget(self.general)
        layout.addLayout(form)
        layout.addWidget(self.saved_lessons)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.setEnabled(False)
        self.autosaver = Autosaver(ctx, self._snapshot, self)
        for combo in (self.outcome, self.primary, self.satisfaction):
            combo.currentIndexChanged.connect(lambda _i: self._edited())
        for line in (self.value, self.other, self.competitors):
            line.textChanged.connect(lambda _t: self._edited())
        for text_box in (self.worked, self.improve, self.lessons):
            text_box.textChanged.connect(self._edited)
        self.decided_on.changed.connect(self._edited)
        self.secondary.itemChanged.connect(lambda _item: self._edited())

    # --- lessons the library already states ----------------------------------------------------

    def _typed_lessons(self) -> list[str]:
        return [line.strip() for line in self.lessons.toPlainText().splitlines() if line.strip()]

    def _look_up_lessons(self) -> None:
        """After a pause in typing the lessons: which of them the library states already (off the
        UI thread); the answer is shown only if the lessons are still what was asked about."""
        lines = self._typed_lessons()
        if not lines:
            self.written.hide()
            return

        def shown(found: list[WrittenLesson | None]) -> None:
            if self._typed_lessons() != lines:
                return  # typed on meanwhile: the next pause asks again
            kept = {ref.slug for ref in self.data.retro.lessons} if self.data and self.data.retro else set()
            notes = [(self.tr("“%1” is already in the library (learned on one bid so far): saving adds this "
                              "bid to it, not a new item.") if w.bids == 1 else
                      self.tr("“%1” is already in the library (learned on %2 bids so far): saving adds this bid "
                              "to it, not a new item.")).replace("%1", w.title).replace("%2", str(w.bids))
                     for w in found if w is not None and w.slug not in kept]
            self.written.setText("\n".join(notes))
            self.written.setVisible(bool(notes))
            if notes and self.window().focusWidget() is self.lessons:  # on a laptop's screen the note may be below the fold
                QTimer.singleShot(0, self._scroll_to_written)  # once the layout has made room for it

        def failed(exc: BaseException) -> None:  # a hint: the save itself still says what is wrong
            log.warning("looking up the typed lessons failed: %r", exc)
            self.written.hide()

        self.ctx.read(lambda ws: ws.retros.written_lessons(lines), shown, on_error=failed, parent=self)

    def _scroll_to_written(self) -> None:
        """The form's scroll area (the Retrospectives screen holds the form in one) shows the note."""
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None and self.written.isVisible():
            parent.ensureWidgetVisible(self.written)

    # --- showing -----------------------------------------------------------------------------

    def show_data(self, data: FormData, keep_entries: bool = True) -> None:
        """Fill the form from what is recorded (nothing made up where nothing is), unless the same
        bid's form holds unsaved work (``keep_entries``). A draft of this bid autosaved and never
        saved (the app stopped) is put back, with a note saying so."""
        same = self.data is not None and self.data.proposal.number == data.proposal.number
        if keep_entries and same and self.has_unsaved_changes():
            return  # the same bid reloaded while the person types: keep their entries (and the version)
        self.data = data
        p, retro = data.proposal, data.retro
        self.heading.setText(f"{p.number}  {p.title}")
        deadline = p.bid_deadline.isoformat() if p.bid_deadline else "–"
        self.meta.setText(self.tr("%1 · author %2 · bid deadline %3").replace("%1", p.customer or "–")
                          .replace("%2", p.author_label).replace("%3", deadline))
        self._filling = True
        try:
            self._lists(data.lists, retro)
            self.clear_errors()
            self.restored.hide()
            self.apply_entries(self._recorded(retro))
            self.saved_lessons.setText(self.tr("Lessons kept as knowledge items: %1")
                                       .replace("%1", "; ".join(lesson.title for lesson in retro.lessons))
                                       if retro is not None and retro.lessons else "")
            self._loaded = self.entries()
            self._version = retro.version if retro is not None else 0
            draft = data.draft if not same else None
            entries = {k: v for k, v in draft.payload.items() if k != VERSION} if draft is not None else None
            if draft is not None and entries is not None and data.may_record and entries != self._loaded:
                self.apply_entries(entries)
                # saved with the version the draft started from: if someone recorded this bid
                # meanwhile, the core refuses with a conflict naming them instead of overwriting
                self._version = int(draft.payload.get(VERSION, self._version))
                kept = local_time(draft.kept_at)
                self.restored.setText(self.tr("Restored your unsaved entries from %1 (kept on this computer "
                                              "when the app stopped). Save them, or choose another bid and "
                                              "discard them.").replace("%1", kept))
                self.restored.show()
        finally:
            self._filling = False
        self.state.setText("" if data.may_record else
                           self.tr("Only the author, an administrator or a review lead records this bid's outcome."))
        self.setEnabled(True)
        self.save.setEnabled(data.may_record)
        self._outcome_changed()
        if self.has_unsaved_changes():
            self.autosaver.flush()  # the restored draft is this editor's draft now

    def show_gone(self, number: str) -> None:
        """The bid being opened no longer exists (the demo history was removed, or someone
        deleted it meanwhile): the form says so and takes no entries, instead of an error box."""
        self.data = None
        self.autosaver.clear()
        self._filling = True
        try:
            self.apply_entries({})  # not the entries of the bid shown before
        finally:
            self._filling = False
        self.heading.setText(self.tr("%1 no longer exists: it was removed meanwhile. Choose a bid on the left.")
                             .replace("%1", number))
        for label in (self.meta, self.saved_lessons, self.state):
            label.setText("")
        self.restored.hide()
        self.clear_errors()
        self.setEnabled(False)

    @staticmethod
    def _recorded(retro: RetroView | None) -> dict[str, Any]:
        """The entries as recorded (empty ones where nothing is recorded)."""
        if retro is None:
            return {}
        return {
            "outcome": retro.outcome.value, "decided_on": retro.decided_on.isoformat(),
            "value": f"{retro.value:,.2f}" if retro.value is not None else "",
            "primary": retro.primary_reason, "secondary": list(retro.reasons[1:]),
            "other": retro.other_reason, "competitors": ", ".join(retro.competitors),
            "satisfaction": retro.satisfaction, "worked": retro.what_worked, "improve": retro.to_improve,
        }

    def entries(self) -> dict[str, Any]:
        """Every entry as the person left it (JSON, for comparing and for the autosaved draft)."""
        secondary = []
        for n in range(self.secondary.count()):
            item = self.secondary.item(n)
            if item.checkState() == Qt.CheckState.Checked:
                secondary.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return {
            "outcome": self.outcome.currentData() or "", "decided_on": self.decided_on.text(),
            "value": self.value.text(), "primary": self.primary.currentData(), "secondary": secondary,
            "other": self.other.text(), "competitors": self.competitors.text(),
            "satisfaction": self.satisfaction.currentData(), "worked": self.worked.toPlainText(),
            "improve": self.improve.toPlainText(), "lessons": self.lessons.toPlainText(),
        }

    def apply_entries(self, entries: dict[str, Any]) -> None:
        """Show ``entries`` (from :meth:`entries`, or what is recorded); what is missing is empty."""
        def pick(combo: QComboBox, value: Any) -> None:
            index = combo.findData(value) if value not in (None, "") else -1
            combo.setCurrentIndex(max(0, index))

        pick(self.outcome, entries.get("outcome"))
        self.decided_on.set_date(str(entries.get("decided_on") or ""))
        self.value.setText(str(entries.get("value") or ""))
        pick(self.primary, entries.get("primary"))
        chosen = set(entries.get("secondary") or ())
        for n in range(self.secondary.count()):
            item = self.secondary.item(n)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in chosen
                               else Qt.CheckState.Unchecked)
        self.other.setText(str(entries.get("other") or ""))
        self.competitors.setText(str(entries.get("competitors") or ""))
        pick(self.satisfaction, entries.get("satisfaction"))
        self.worked.setPlainText(str(entries.get("worked") or ""))
        self.improve.setPlainText(str(entries.get("improve") or ""))
        self.lessons.setPlainText(str(entries.get("lessons") or ""))

    def dirty(self) -> bool:
        """Whether anything typed or chosen differs from what was loaded."""
        return self.data is not None and self.entries() != self._loaded

    # --- unsaved work (workbench.gui.unsaved.UnsavedWork) ------------------------------------------

    def has_unsaved_changes(self) -> bool:
        return self.data is not None and self.data.may_record and self.dirty()

    def unsaved_description(self) -> str:
        number = self.data.proposal.number if self.data is not None else ""
        return self.tr("the retrospective of %1").replace("%1", number)

    def save_unsaved(self, then: Callable[[bool], None]) -> None:
        self._after_save = then
        if not self.submit():
            self._after_save = None
            then(False)

    def discard_unsaved(self) -> None:
        self.autosaver.clear()
        if self.data is not None:
            self._filling = True
            try:
                self.apply_entries(self._loaded)
            finally:
                self._filling = False
            self._version = self.data.retro.version if self.data.retro is not None else 0
            self.restored.hide()
            self.clear_errors()
            self._outcome_changed()

    def save_finished(self, ok: bool) -> None:
        """The view's answer to :attr:`save_requested`. Saved: the entries are what is recorded
        now (the view reloads them) and the autosaved draft goes; refused: everything stays."""
        if ok:
            self.autosaver.clear()
            self._loaded = self.entries()
            self.restored.hide()
        then, self._after_save = self._after_save, None
        if then is not None:
            then(ok)

    def _edited(self) -> None:
        if not self._filling and self.data is not None:
            self.autosaver.changed()

    def _snapshot(self, user: str, database: str) -> KeptEdit | None:
        if self.data is None or not self.has_unsaved_changes():
            return None
        return retro_form(user, database, self.data.proposal.number, {**self.entries(), VERSION: self._version})

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
        return RetroInput(
            outcome=str(self.outcome.currentData() or ""), decided_on=self.decided_on.text(), value=self.value.text(),
            reasons=tuple(reasons), other_reason=self.other.text() if OTHER in reasons else "",
            competitors=tuple(self.competitors.text().replace("，", ",").split(",")),
            satisfaction=self.satisfaction.currentData(), what_worked=self.worked.toPlainText(),
            to_improve=self.improve.toPlainText(), lessons=tuple(self.lessons.toPlainText().splitlines()),
        )

    def submit(self) -> bool:
        """Ask the view to save; False when there is nothing this person may save."""
        if self.data is None or not self.save.isEnabled():
            return False
        self.clear_errors()
        self.save_requested.emit(self.data.proposal.number, self.current_input(), self._version)
        return True

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
