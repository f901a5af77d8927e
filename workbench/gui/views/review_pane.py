"""The review pane: the revision under review (preview, and the diff against the last reviewed
revision), the tier's rubric form, comments, the timeline, and the buttons for whatever the core
says this person may do now. No rules live here: the core decides, this shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workbench.core.proposals.model import ProposalView
from workbench.core.reviews.model import CommentView, ReviewEventView, ReviewStatus
from workbench.core.reviews.rubric import TierRubric
from workbench.core.reviews.service import section_headings
from workbench.core.reviews.states import Action
from workbench.core.users import Role, UserView
from workbench.core.workspace import Workspace
from workbench.gui.diff import side_by_side
from workbench.gui.labels import review_action_labels, review_state_labels
from workbench.gui.qt import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    Qt,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    Signal,
)


@dataclass(frozen=True)
class PaneData:
    """Everything the pane shows for one proposal, read in one go off the UI thread."""

    status: ReviewStatus
    proposal: ProposalView
    history: list[ReviewEventView]
    comments: list[CommentView]
    actions: list[Action]
    rubric: TierRubric | None
    base_revision: int | None
    reviewers: list[UserView]  # who a lead could hand it to
    viewer: str  # whose actions ``actions`` are


def load_pane(ws: Workspace, user: UserView, number: str) -> PaneData:
    status = ws.reviews.status(number)
    tier = status.tier
    return PaneData(
        status=status,
        proposal=ws.proposals.get(number),
        history=ws.reviews.history(number),
        comments=ws.reviews.comments(number),
        actions=ws.reviews.allowed_actions(user, number),
        rubric=ws.reviews.rubric(number, tier) if tier else None,
        base_revision=ws.reviews.last_reviewed_revision(number),
        reviewers=[u for u in ws.users.all() if u.active and u.role is Role.REVIEWER and u.tier == tier
                   and u.name != status.author] if tier else [],
        viewer=user.name,
    )


def _when(value: dt.datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "—"


class RubricForm(QGroupBox):
    """One spin box per criterion; the weighted score is worked out by the rubric itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rubric: TierRubric | None = None
        self.lang = "en"
        self.spins: dict[str, QSpinBox] = {}
        self.form = QFormLayout(self)
        self.total = QLabel()
        self.total.setObjectName("Hint")

    def show_rubric(self, rubric: TierRubric | None, lang: str) -> None:
        self.rubric, self.lang = rubric, lang
        while self.form.rowCount():
            self.form.removeRow(0)
        self.spins = {}
        self.total = QLabel()
        self.total.setObjectName("Hint")
        if rubric is None:
            self.setTitle(self.tr("No rubric: the proposal is not waiting at a tier"))
            return
        self.setTitle(rubric.title.get(lang))
        for c in rubric.criteria:
            spin = QSpinBox()
            spin.setRange(0, rubric.scale)
            spin.setSpecialValueText("—")
            spin.setObjectName(f"score-{c.name}")
            spin.valueChanged.connect(self._update_total)
            spin.setToolTip(c.help.get(lang))
            minimum = self.tr(", at least %1").replace("%1", str(c.minimum)) if c.minimum else ""
            label = QLabel(f"{c.label.get(lang)}  <span style='color:#5f6b7a'>×{c.weight:g}{minimum}</span>")
            label.setToolTip(c.help.get(lang))
            self.form.addRow(label, spin)
            self.spins[c.name] = spin
        self.form.addRow(self.total)
        self._update_total()

    def scores(self) -> dict[str, int]:
        return {name: spin.value() for name, spin in self.spins.items() if spin.value() > 0}

    def set_scores(self, scores: dict[str, int]) -> None:
        for name, value in scores.items():
            self.spins[name].setValue(value)

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


class ReviewPane(QWidget):
    """Emits what the person asked for; the screen runs it through the core."""

    requested = Signal(str, dict)  # action value, its arguments
    open_proposal = Signal(str)

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.data: PaneData | None = None
        self.states = review_state_labels()
        self.done_labels = review_action_labels()

        self.title = QLabel(self.tr("Select a proposal in the queue"))
        self.title.setObjectName("DetailTitle")
        self.title.setWordWrap(True)
        self.meta = QLabel()
        self.meta.setObjectName("DetailMeta")
        self.meta.setWordWrap(True)

        self.preview = QTextBrowser()
        self.preview.setObjectName("ReviewPreview")
        self.diff = QTextBrowser()
        self.diff.setObjectName("ReviewDiff")
        self.comment_list = QListWidget()
        self.comment_list.setObjectName("ReviewComments")
        self.comment_list.setWordWrap(True)
        self.timeline = QListWidget()
        self.timeline.setObjectName("ReviewTimeline")
        self.timeline.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.preview, self.tr("Revision"))
        self.tabs.addTab(self.diff, self.tr("Changes since last review"))
        self.tabs.addTab(self.comment_list, self.tr("Comments"))
        self.tabs.addTab(self.timeline, self.tr("Timeline"))

        self.rubric = RubricForm()
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("ReviewComment")
        self.comment.setPlaceholderText(self.tr("Comment: what is good, what must change"))
        self.comment.setMaximumHeight(90)
        self.section = QComboBox()
        self.section.setObjectName("ReviewSection")
        self.reply_to: int | None = None

        self.claim_button = QPushButton(self.tr("Claim"))
        self.release_button = QPushButton(self.tr("Release"))
        self.approve_button = QPushButton(self.tr("Approve"))
        self.approve_button.setObjectName("ApproveButton")
        self.changes_button = QPushButton(self.tr("Request changes"))
        self.comment_button = QPushButton(self.tr("Add comment"))
        self.submit_button = QPushButton(self.tr("Resubmit for review"))
        self.withdraw_button = QPushButton(self.tr("Withdraw"))
        self.edit_button = QPushButton(self.tr("Open in Proposals"))
        self.assignee = QComboBox()
        self.assignee.setObjectName("Assignee")
        self.reassign_button = QPushButton(self.tr("Reassign"))
        self.escalate_button = QPushButton(self.tr("Escalate"))
        self.buttons: dict[Action, QPushButton] = {
            Action.CLAIM: self.claim_button, Action.RELEASE: self.release_button, Action.APPROVE: self.approve_button,
            Action.REQUEST_CHANGES: self.changes_button, Action.COMMENT: self.comment_button,
            Action.SUBMIT: self.submit_button, Action.WITHDRAW: self.withdraw_button,
            Action.REASSIGN: self.reassign_button, Action.ESCALATE: self.escalate_button,
        }
        for action, button in self.buttons.items():
            button.clicked.connect(lambda _c=False, a=action: self._ask(a))
        self.edit_button.clicked.connect(lambda: self.data and self.open_proposal.emit(self.data.status.proposal))
        self.comment_list.itemDoubleClicked.connect(self._reply)

        decide = QHBoxLayout()
        for button in (self.claim_button, self.release_button, self.approve_button, self.changes_button):
            decide.addWidget(button)
        decide.addStretch(1)
        remark = QHBoxLayout()
        remark.addWidget(QLabel(self.tr("On:")))
        remark.addWidget(self.section, 1)
        remark.addWidget(self.comment_button)
        author = QHBoxLayout()
        for button in (self.submit_button, self.withdraw_button, self.edit_button):
            author.addWidget(button)
        author.addStretch(1)
        lead = QHBoxLayout()
        lead.addWidget(QLabel(self.tr("Lead:")))
        lead.addWidget(self.assignee, 1)
        lead.addWidget(self.reassign_button)
        lead.addWidget(self.escalate_button)
        self.lead_row = QWidget()
        self.lead_row.setLayout(lead)
        self.author_row = QWidget()
        self.author_row.setLayout(author)

        form_box = QWidget()
        form_layout = QVBoxLayout(form_box)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(self.rubric)
        form_layout.addWidget(self.comment)
        form_layout.addLayout(remark)
        form_layout.addLayout(decide)
        form_layout.addWidget(self.author_row)
        form_layout.addWidget(self.lead_row)
        form_layout.addStretch(1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tabs)
        split.addWidget(form_box)
        split.setSizes([620, 380])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(split, 1)
        self.show_data(None)

    # --- showing -------------------------------------------------------------------------------

    def show_data(self, data: PaneData | None) -> None:
        # what the person typed survives a refresh of the same proposal (e.g. after a conflict)
        same = data is not None and self.data is not None and data.status.proposal == self.data.status.proposal
        same_stage = same and data.status.state == self.data.status.state  # type: ignore[union-attr]
        kept = (self.rubric.scores() if same_stage else {}, self.comment.toPlainText() if same else "")
        self.data = data
        self.comment_list.clear()
        self.timeline.clear()
        self.section.clear()
        self.reply_to = None
        if data is None:
            self.title.setText(self.tr("Select a proposal in the queue"))
            self.meta.setText("")
            self.preview.clear()
            self.diff.clear()
            self.rubric.show_rubric(None, self.lang)
            self._enable([])
            return
        s, p = data.status, data.proposal
        self.title.setText(f"{s.proposal} · {s.title}")
        claimed = self.tr(" · claimed by %1").replace("%1", s.claimed_by_label) if s.claimed_by else ""
        self.meta.setText(
            self.tr("%1 · revision %2 · round %3 · due %4 · author %5")
            .replace("%1", self.states.get(s.state.value, s.state.value)).replace("%2", str(s.revision))
            .replace("%3", str(s.round)).replace("%4", _when(s.due_at)).replace("%5", s.author_label) + claimed)
        revisions = {r.number: r for r in p.revisions}
        shown = revisions.get(s.revision) or p.latest
        self.preview.setMarkdown(shown.markdown if shown else "")
        base = revisions.get(data.base_revision) if data.base_revision else None
        if base is not None and shown is not None:
            self.diff.setHtml(side_by_side(base.markdown, shown.markdown, f"r{base.number}", f"r{shown.number}"))
            self.tabs.setTabText(1, self.tr("Changes since r%1").replace("%1", str(base.number)))
        else:
            self.diff.setHtml("<p>" + self.tr("First review: there is no earlier reviewed revision.") + "</p>")
            self.tabs.setTabText(1, self.tr("Changes since last review"))
        self.section.addItem(self.tr("The whole proposal"), "")
        for heading in section_headings(shown.markdown if shown else ""):
            self.section.addItem(heading, heading)
        for c in data.comments:
            where = f" · {c.section}" if c.section else ""
            reply = self.tr(" · reply to #%1").replace("%1", str(c.reply_to)) if c.reply_to else ""
            entry = QListWidgetItem(f"#{c.id} · r{c.revision}{where}{reply} · {c.author_label} · {_when(c.at)}\n{c.body}")
            entry.setData(Qt.ItemDataRole.UserRole, c.id)
            self.comment_list.addItem(entry)
        for e in reversed(data.history):
            tier = self.tr(" · tier %1").replace("%1", str(e.tier)) if e.tier else ""
            score = f" · {e.detail['weighted']:.2f}" if "weighted" in e.detail else ""
            said = f" — {e.comment}" if e.comment else ""
            self.timeline.addItem(f"{_when(e.at)} · r{e.revision}{tier} · {e.actor_label} "
                                  f"{self.done_labels.get(e.action, e.action)}{score}{said}")
        self.rubric.show_rubric(data.rubric, self.lang)
        self.rubric.set_scores(kept[0])
        self.comment.setPlainText(kept[1])
        self.assignee.clear()
        for u in data.reviewers:
            self.assignee.addItem(u.label if u.label == u.name else f"{u.label} ({u.name})", u.name)
        self._enable(data.actions)

    def _enable(self, actions: list[Action]) -> None:
        for action, button in self.buttons.items():
            button.setVisible(action in actions)
        deciding = Action.APPROVE in actions or Action.REQUEST_CHANGES in actions
        self.rubric.setVisible(deciding)
        self.comment.setVisible(Action.COMMENT in actions or deciding)
        self.section.setVisible(Action.COMMENT in actions or deciding)
        self.lead_row.setVisible(Action.REASSIGN in actions or Action.ESCALATE in actions)
        self.assignee.setVisible(Action.REASSIGN in actions)
        self.edit_button.setVisible(self.data is not None and self.data.viewer == self.data.status.author)
        self.author_row.setVisible(self.edit_button.isVisibleTo(self) or Action.SUBMIT in actions
                                   or Action.WITHDRAW in actions)

    def _reply(self, entry: QListWidgetItem) -> None:
        self.reply_to = int(entry.data(Qt.ItemDataRole.UserRole))
        self.comment.setPlaceholderText(self.tr("Reply to #%1").replace("%1", str(self.reply_to)))
        self.comment.setFocus()

    # --- asking --------------------------------------------------------------------------------

    def _ask(self, action: Action) -> None:
        data = self.data
        if data is None:
            return
        args: dict[str, object] = {"number": data.status.proposal, "version": data.status.version}
        text, section = self.comment.toPlainText().strip(), str(self.section.currentData() or "")
        if action in (Action.APPROVE, Action.REQUEST_CHANGES):
            args.update(scores=self.rubric.scores(), comment=text, section=section)
        elif action is Action.COMMENT:
            args.update(comment=text, section=section, reply_to=self.reply_to)
        elif action is Action.REASSIGN:
            args.update(to=self.assignee.currentData() or "", comment=text)
        elif action is Action.ESCALATE:
            args.update(comment=text)
        self.requested.emit(action.value, args)

    def clear_form(self) -> None:
        self.comment.clear()
        self.comment.setPlaceholderText(self.tr("Comment: what is good, what must change"))
        self.reply_to = None
        self.rubric.set_scores(dict.fromkeys(self.rubric.spins, 0))
