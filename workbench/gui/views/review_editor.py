"""The part of the review pane a person edits: the rubric scores, the comment, the section it is
about and the comment it answers. The pane is rebuilt around it on every refresh (after an action,
after an error, on the periodic session check); this editor is never replaced for the same
proposal and viewer, so the text, its cursor, selection and scroll position, the chosen section
and the scores survive. It is the pane's :class:`UnsavedWork` and autosaves to this laptop's
safekeeping as the person types; a draft left by a crash is put back when the proposal is shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workbench.core import safekeeping
from workbench.core.reviews.rubric import TierRubric
from workbench.core.safekeeping import KeptEdit
from workbench.gui.context import AppContext
from workbench.gui.palette import MUTED
from workbench.gui.qt import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    Signal,
)
from workbench.gui.unsaved import Autosaver
from workbench.gui.when import local_time

WHOLE = ""  # the section value of "the whole proposal"


class RubricForm(QGroupBox):
    """One spin box per criterion; the weighted score is worked out by the rubric itself."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rubric: TierRubric | None = None
        self.lang = "en"
        self.spins: dict[str, QSpinBox] = {}
        self.parked: dict[str, int] = {}  # scores of criteria the rubric shown now does not have
        self.form = QFormLayout(self)
        self.total = QLabel()
        self.total.setObjectName("Hint")

    def show_rubric(self, rubric: TierRubric | None, lang: str) -> None:
        """Show ``rubric``; scores of criteria it shares with the one shown before are kept."""
        if self.spins and rubric == self.rubric and lang == self.lang:
            return  # the same form: leave the spin boxes (and the one being edited) alone
        kept = {**self.parked, **self.scores()}  # back when the proposal returns to that tier
        self.rubric, self.lang = rubric, lang
        while self.form.rowCount():
            self.form.removeRow(0)
        self.spins = {}
        self.total = QLabel()
        self.total.setObjectName("Hint")
        if rubric is None:
            self.parked = kept
            self.setTitle(self.tr("No rubric: the proposal is not waiting at a tier"))
            return
        self.setTitle(rubric.title.get(lang))
        for c in rubric.criteria:
            spin = QSpinBox()
            spin.setRange(0, rubric.scale)
            spin.setSpecialValueText("—")
            spin.setObjectName(f"score-{c.name}")
            spin.valueChanged.connect(self._update_total)
            spin.valueChanged.connect(lambda _v: self.changed.emit())
            spin.setToolTip(c.help.get(lang))
            minimum = self.tr(", at least %1").replace("%1", str(c.minimum)) if c.minimum else ""
            label = QLabel(f"{c.label.get(lang)}  <span style='color:{MUTED}'>×{c.weight:g}{minimum}</span>")
            label.setToolTip(c.help.get(lang))
            self.form.addRow(label, spin)
            self.spins[c.name] = spin
        self.form.addRow(self.total)
        self.parked = {name: value for name, value in kept.items() if name not in self.spins}
        self.set_scores(kept)
        self._update_total()

    def scores(self) -> dict[str, int]:
        return {name: spin.value() for name, spin in self.spins.items() if spin.value() > 0}

    def set_scores(self, scores: dict[str, int]) -> None:
        """Put scores back; criteria this rubric does not have are left out."""
        for name, value in scores.items():
            if name in self.spins:
                self.spins[name].setValue(int(value))

    def clear_scores(self) -> None:
        self.parked = {}
        self.set_scores(dict.fromkeys(self.spins, 0))

    def _update_total(self) -> None:
        rubric, scores = self.rubric, self.scores()
        if rubric is None:
            return
        if len(scores) < len(rubric.criteria):
            self.total.setText(self.tr("Pass mark %1; score every criterion to approve.")
                               .replace("%1", f"{rubric.pass_mark:.2f}"))
            return
        score = rubric.weighted(scores)
        verdict = self.tr("passes") if score >= rubric.pass_mark else self.tr("below the pass mark")
        self.total.setText(self.tr("Weighted score %1 of %2 (pass mark %3): %4")
                           .replace("%1", f"{score:.2f}").replace("%2", str(rubric.scale))
                           .replace("%3", f"{rubric.pass_mark:.2f}").replace("%4", verdict))



class CommentEditor(QWidget):
    """Rubric, comment, section and reply of one viewer on one proposal (an UnsavedWork).

    ``post_requested(then)`` asks the screen to post the comment alone (Save: never a decision);
    the screen calls ``then(True)`` once it is posted, ``then(False)`` if it was refused."""

    post_requested = Signal(object)

    def __init__(self, ctx: AppContext | None, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReviewCommentEditor")
        self.ctx = ctx
        self.lang = lang
        self.number: str | None = None  # the proposal this editor holds a comment on
        self.viewer = ""  # whose comment it is
        self.revision = 0  # the revision under review: the one a section is a heading of
        self.reply_to: int | None = None
        self.headings: list[str] = []
        self._listed_for = -1  # the revision the section list was built for
        self.restored_from: str | None = None  # when the draft put back after a crash was kept
        self.can_post = True  # the core still lets this viewer comment or decide here
        self.autosaver: Autosaver | None = None

        self.rubric = RubricForm()
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("ReviewComment")
        self.comment.setMaximumHeight(120)
        self.section = QComboBox()
        self.section.setObjectName("ReviewSection")
        self.note = QLabel()
        self.note.setObjectName("Hint")
        self.note.setWordWrap(True)
        self.note.hide()
        self.remark = QHBoxLayout()  # "On: [section]" and the pane's post button
        self.remark.addWidget(QLabel(self.tr("On:")))
        self.remark.addWidget(self.section, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.rubric)
        layout.addWidget(self.note)
        layout.addWidget(self.comment)
        layout.addLayout(self.remark)
        self._placeholder()

        self.comment.textChanged.connect(self._edited)
        self.section.currentIndexChanged.connect(lambda _i: self._section_chosen())
        self.rubric.changed.connect(self._edited)

    # --- what it holds ---------------------------------------------------------------------

    def text(self) -> str:
        return self.comment.toPlainText().strip()

    def chosen_section(self) -> str:
        return str(self.section.currentData() or WHOLE)

    def scores(self) -> dict[str, int]:
        return self.rubric.scores()

    def payload(self) -> dict[str, Any]:
        return {"text": self.comment.toPlainText(), "section": self.chosen_section(),
                "scores": self.scores(), "reply_to": self.reply_to}

    # --- UnsavedWork ------------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        return self.number is not None and bool(self.text() or self.scores())

    def unsaved_description(self) -> str:
        if self.text():
            return self.tr("your comment on %1").replace("%1", self.number or "")
        return self.tr("your rubric scores for %1").replace("%1", self.number or "")

    def save_unsaved(self, then: Callable[[bool], None]) -> None:
        """Saving a review comment posts it, never a decision: approving or requesting changes is
        the reviewer's own click. Scores without a decision cannot be posted; they stay in this
        laptop's draft and come back when the proposal is shown again."""
        if self.text():
            self.post_requested.emit(then)
            return
        if self.autosaver is not None:
            self.autosaver.flush()
        then(True)

    def discard_unsaved(self) -> None:
        self._reset()
        if self.autosaver is not None:
            self.autosaver.clear()

    # --- loading ------------------------------------------------------------------------------

    def load(self, number: str, viewer: str, revision: int, headings: list[str], rubric: TierRubric | None,
             draft: KeptEdit | None) -> None:
        """Another proposal (or another viewer): start from its saved state, or from the draft
        autosaved for it by this viewer before a crash."""
        if self.autosaver is not None:
            self.autosaver.flush()  # the person who typed it keeps it (e.g. a change of user)
            self.autosaver.setParent(None)  # bound to this editor's state: nobody may flush it any more
            self.autosaver.deleteLater()
            self.autosaver = None
        self.number, self.viewer = number, viewer
        self._reset()
        self.refresh(revision, headings, rubric)
        if self.ctx is not None:
            self.autosaver = Autosaver(self.ctx, self._snapshot, parent=self)
        if draft is not None:
            self._restore(draft)

    def refresh(self, revision: int, headings: list[str], rubric: TierRubric | None) -> None:
        """Fresh data for the proposal already loaded: update the section list and the rubric
        around what the person chose; the comment is not touched."""
        self.revision = revision
        self.rubric.show_rubric(rubric, self.lang)
        self._set_headings(headings)

    def _set_headings(self, headings: list[str], chosen: str | None = None) -> None:
        chosen = self.chosen_section() if chosen is None else chosen
        if (headings == self.headings and self._listed_for == self.revision and self.section.count()
                and chosen == self.chosen_section()):
            self._update_note()  # the same list: leave the combo (and an open popup) alone
            return
        self.headings, self._listed_for = list(headings), self.revision
        self.section.blockSignals(True)
        self.section.clear()
        self.section.addItem(self.tr("The whole proposal"), WHOLE)
        for heading in headings:
            self.section.addItem(heading, heading)
        if chosen and chosen not in headings:
            # the reviewer's choice stays chosen; the note says it is gone, the core refuses it
            self.section.addItem(self.tr("%1 (not in revision %2)").replace("%1", chosen)
                                 .replace("%2", str(self.revision)), chosen)
        self.section.setCurrentIndex(max(0, self.section.findData(chosen)))
        self.section.blockSignals(False)
        self._update_note()

    def _restore(self, draft: KeptEdit) -> None:
        p = draft.payload
        self.comment.setPlainText(str(p.get("text", "")))
        self.comment.moveCursor(self.comment.textCursor().MoveOperation.End)
        scores = p.get("scores")
        self.rubric.set_scores({str(k): v for k, v in scores.items() if isinstance(v, int)}
                               if isinstance(scores, dict) else {})
        reply = p.get("reply_to")
        self.reply_to = reply if isinstance(reply, int) else None
        self._placeholder()
        self._set_headings(self.headings, str(p.get("section") or WHOLE))
        self.restored_from = draft.kept_at
        self._update_note()
        if self.autosaver is not None:
            self.autosaver.flush()  # this editor owns the draft now: posting or discarding removes it

    # --- after the screen acted ---------------------------------------------------------------

    @property
    def posting(self) -> bool:
        return self.comment.isReadOnly()

    def set_posting(self, posting: bool) -> None:
        """While a comment is on its way nothing more is typed into it (it would be cleared)."""
        self.comment.setReadOnly(posting)

    def set_can_post(self, can_post: bool) -> None:
        self.can_post = can_post
        self._update_note()

    def posted(self, decided: bool) -> None:
        """The comment was posted (``decided``: with an approval or a request for changes, which
        also used the scores). What is left unposted stays in the draft; nothing left removes it."""
        self.set_posting(False)
        scores = {} if decided else self.scores()
        self._reset()
        self.rubric.set_scores(scores)
        if self.autosaver is not None:
            self.autosaver.flush()

    def reply(self, comment_id: int) -> None:
        self.reply_to = comment_id
        self._placeholder()
        self.comment.setFocus()

    # --- inside -------------------------------------------------------------------------------

    def _reset(self) -> None:
        self.comment.blockSignals(True)
        self.comment.clear()
        self.comment.blockSignals(False)
        self.rubric.clear_scores()
        self.reply_to = None
        self.restored_from = None
        self._placeholder()
        self._set_headings(self.headings, WHOLE)

    def _placeholder(self) -> None:
        self.comment.setPlaceholderText(
            self.tr("Reply to #%1").replace("%1", str(self.reply_to)) if self.reply_to is not None
            else self.tr("Comment: what is good, what must change"))

    def _snapshot(self, _user: str, database: str) -> KeptEdit | None:
        # the viewer, not whoever is signed in at the moment of the flush: a draft is its author's
        if self.number is None or not self.has_unsaved_changes():
            return None
        return safekeeping.review_comment(self.viewer, database, self.number, self.payload())

    def _edited(self) -> None:
        if self.restored_from is not None and not self.has_unsaved_changes():
            self.restored_from = None
        self._update_note()
        if self.autosaver is not None:
            self.autosaver.changed()

    def _section_chosen(self) -> None:
        self._update_note()
        self._edited()

    def _update_note(self) -> None:
        lines = []
        if self.restored_from is not None:
            lines.append(self.tr("Restored your unsaved comment from %1.").replace("%1", local_time(self.restored_from)))
        chosen = self.chosen_section()
        if chosen and chosen not in self.headings:
            lines.append(self.tr("“%1” is not a section of revision %2 any more: choose another section "
                                 "before posting.").replace("%1", chosen).replace("%2", str(self.revision)))
        if not self.can_post and self.has_unsaved_changes():
            lines.append(self.tr("You can no longer post this here: copy what you want to keep, then clear it."))
        self.note.setText("\n".join(lines))
        self.note.setVisible(bool(lines))
