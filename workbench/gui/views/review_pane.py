"""The review pane: the revision under review (preview, and the diff against the last reviewed
revision), the tier's rubric form, comments, the timeline, and the buttons for whatever the core
says this person may do now. No rules live here: the core decides, this shows.

A refresh of the same proposal (after an action, an error, the periodic session check) replaces
only what the person does not edit (title, preview, diff, comments, timeline, buttons); the comment
editor (review_editor.py) is updated around what the person typed and chose."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from workbench.core.reviews.model import ReviewPaneModel
from workbench.core.reviews.states import Action
from workbench.core.safekeeping import KeptEdit
from workbench.core.users import UserView
from workbench.core.workspace import Workspace
from workbench.gui.context import AppContext
from workbench.gui.diff import side_by_side
from workbench.gui.labels import review_action_labels, review_state_labels
from workbench.gui.markdown_preview import preview_markdown
from workbench.gui.qt import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    Qt,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    Signal,
)
from workbench.gui.views.review_editor import CommentEditor
from workbench.gui.when import local_time


@dataclass(frozen=True)
class PaneData:
    """What the pane shows: the core's read model, and the viewer's comment autosaved on this
    laptop and never posted (a crash), which only this laptop knows."""

    model: ReviewPaneModel
    draft: KeptEdit | None


def load_pane(ws: Workspace, user: UserView, number: str) -> PaneData:
    return PaneData(ws.reviews.pane(user, number),
                    ws.safekeeping.find("review_comment", number, user.name, ws.server, origin="autosave"))


def _when(value: dt.datetime | None) -> str:
    return local_time(value, "—")


class ReviewPane(QWidget):
    """Emits what the person asked for; the screen runs it through the core. ``requested`` carries
    the action, its arguments and, for a save asked by the unsaved-work question, what to call
    with True or False once the core answered (else None)."""

    requested = Signal(str, dict, object)
    open_proposal = Signal(str)

    def __init__(self, ctx: AppContext | None, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.data: PaneData | None = None
        # actions sent and not yet answered: until the data read after them is shown, the pane's
        # version is stale and a click would be refused as a conflict with the person's own write
        self._in_flight = 0
        self._answered = False  # an action answered since the last data shown
        self._shown_markdown = self._shown_diff = ""  # what the preview and the diff hold
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

        self.editor = CommentEditor(ctx, lang)
        self.editor.post_requested.connect(lambda then: self._ask(Action.COMMENT, then))
        self.rubric, self.comment, self.section = self.editor.rubric, self.editor.comment, self.editor.section

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
        self.edit_button.clicked.connect(lambda: self.data and self.open_proposal.emit(self.data.model.status.proposal))
        self.comment_list.itemDoubleClicked.connect(self._reply)

        decide = QHBoxLayout()
        for button in (self.claim_button, self.release_button, self.approve_button, self.changes_button):
            decide.addWidget(button)
        decide.addStretch(1)
        self.editor.remark.addWidget(self.comment_button)
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
        form_layout.addWidget(self.editor)
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
        """Show ``data``. For the proposal and viewer already shown this is a refresh: the comment
        editor keeps what the person typed and chose, the lists keep their scroll position."""
        previous = self.data
        same = (data is not None and previous is not None and data.model.status.proposal
                == previous.model.status.proposal and data.model.viewer == previous.model.viewer)
        self.data = data
        if data is None:
            self.title.setText(self.tr("Select a proposal in the queue"))
            self.meta.setText("")
            self.preview.clear()
            self.diff.clear()
            self.comment_list.clear()
            self.timeline.clear()
            self.editor.rubric.show_rubric(None, self.lang)
            self._enable([])
            return
        self._answered = False  # the data read after the last answer: current again
        m = data.model
        s, p = m.status, m.proposal
        self.title.setText(f"{s.proposal} · {s.title}")
        claimed = self.tr(" · claimed by %1").replace("%1", s.claimed_by_label) if s.claimed_by else ""
        self.meta.setText(
            self.tr("%1 · revision %2 · round %3 · due %4 · author %5")
            .replace("%1", self.states.get(s.state.value, s.state.value)).replace("%2", str(s.revision))
            .replace("%3", str(s.round)).replace("%4", _when(s.due_at)).replace("%5", s.author_label) + claimed)
        revisions = {r.number: r for r in p.revisions}
        shown = revisions.get(s.revision) or p.latest
        markdown = shown.markdown if shown else ""
        if not same or markdown != self._shown_markdown:
            self.preview.setMarkdown(preview_markdown(markdown, self.tr("Contents")))  # only when it changed: the reader keeps their place
        self._shown_markdown = markdown
        base = revisions.get(m.base_revision) if m.base_revision else None
        if base is not None and shown is not None:
            diff = side_by_side(base.markdown, shown.markdown, f"r{base.number}", f"r{shown.number}")
            self.tabs.setTabText(1, self.tr("Changes since r%1").replace("%1", str(base.number)))
        else:
            diff = "<p>" + self.tr("First review: there is no earlier reviewed revision.") + "</p>"
            self.tabs.setTabText(1, self.tr("Changes since last review"))
        if not same or diff != self._shown_diff:
            self.diff.setHtml(diff)
        self._shown_diff = diff
        comments = []
        for c in m.comments:
            where = f" · {c.section}" if c.section else ""
            reply = self.tr(" · reply to #%1").replace("%1", str(c.reply_to)) if c.reply_to else ""
            comments.append((f"#{c.id} · r{c.revision}{where}{reply} · {c.author_label} · {_when(c.at)}\n{c.body}",
                             c.id))
        _refill(self.comment_list, comments, keep_place=same)
        events = []
        for e in reversed(m.history):
            tier = self.tr(" · tier %1").replace("%1", str(e.tier)) if e.tier else ""
            score = f" · {e.detail['weighted']:.2f}" if "weighted" in e.detail else ""
            said = f" — {e.comment}" if e.comment else ""
            events.append((f"{_when(e.at)} · r{e.revision}{tier} · {e.actor_label} "
                           f"{self.done_labels.get(e.action, e.action)}{score}{said}", None))
        _refill(self.timeline, events, keep_place=same)
        headings = m.sections
        if same:
            self.editor.refresh(s.revision, headings, m.rubric)
        else:
            self.editor.load(s.proposal, m.viewer, s.revision, headings, m.rubric, data.draft)
        chosen = self.assignee.currentData() if same else None
        self.assignee.clear()
        for u in m.reviewers:
            self.assignee.addItem(u.label if u.label == u.name else f"{u.label} ({u.name})", u.name)
        if chosen is not None and self.assignee.findData(chosen) >= 0:
            self.assignee.setCurrentIndex(self.assignee.findData(chosen))
        self._enable(m.actions)

    def _enable(self, actions: list[Action]) -> None:
        # the rubric can be filled in while reading, before claiming; the decision comes after
        deciding = Action.APPROVE in actions or Action.REQUEST_CHANGES in actions
        actions = _presented(actions, self.data)
        for action, button in self.buttons.items():
            button.setVisible(action in actions)
            button.setEnabled(self._in_flight == 0 and not self._answered)
        self.editor.rubric.setVisible(deciding)
        # text the person typed stays in view even when nothing can be posted from here any more
        can_post = Action.COMMENT in actions or deciding
        self.editor.set_can_post(can_post or self.data is None)
        self.editor.setVisible(can_post or self.editor.has_unsaved_changes())
        self.lead_row.setVisible(Action.REASSIGN in actions or Action.ESCALATE in actions)
        self.assignee.setVisible(Action.REASSIGN in actions)
        self.edit_button.setVisible(self.data is not None and self.data.model.viewer == self.data.model.status.author)
        self.author_row.setVisible(self.edit_button.isVisibleTo(self) or Action.SUBMIT in actions
                                   or Action.WITHDRAW in actions)

    def _reply(self, entry: QListWidgetItem) -> None:
        self.editor.reply(int(entry.data(Qt.ItemDataRole.UserRole)))

    # --- asking --------------------------------------------------------------------------------

    def _ask(self, action: Action, then: Callable[[bool], None] | None = None) -> None:
        data = self.data
        if data is None:
            if then is not None:
                then(False)
            return
        args: dict[str, object] = {"number": data.model.status.proposal, "version": data.model.status.version}
        text, section = self.editor.text(), self.editor.chosen_section()
        if action in (Action.APPROVE, Action.REQUEST_CHANGES):
            args.update(scores=self.editor.scores(), comment=text, section=section)
        elif action is Action.COMMENT:
            args.update(comment=text, section=section, reply_to=self.editor.reply_to)
        elif action is Action.REASSIGN:
            args.update(to=self.assignee.currentData() or "", comment=text)
        elif action is Action.ESCALATE:
            args.update(comment=text)
        if "comment" in args:
            self._posting(True)
        self._in_flight += 1
        for button in self.buttons.values():
            button.setEnabled(False)
        self.requested.emit(action.value, args, then)

    def _posting(self, posting: bool) -> None:
        """A comment on its way can be neither edited nor sent twice."""
        self.editor.set_posting(posting)
        for action in (Action.APPROVE, Action.REQUEST_CHANGES, Action.COMMENT, Action.REASSIGN, Action.ESCALATE):
            self.buttons[action].setEnabled(not posting)

    def acted(self, action: str) -> None:
        """The core applied ``action``: what it used of the form is cleared, the rest stays."""
        self._posting(False)
        self._in_flight = max(0, self._in_flight - 1)
        self._answered = True  # the buttons wait for the data read after this write
        for button in self.buttons.values():
            button.setEnabled(False)
        if action in (Action.APPROVE.value, Action.REQUEST_CHANGES.value):
            self.editor.posted(decided=True)
        elif action in (Action.COMMENT.value, Action.REASSIGN.value, Action.ESCALATE.value):
            self.editor.posted(decided=False)

    def refused(self) -> None:
        self._posting(False)
        self._in_flight = max(0, self._in_flight - 1)
        for button in self.buttons.values():
            button.setEnabled(self._in_flight == 0)


def _presented(actions: list[Action], data: PaneData | None) -> list[Action]:
    """What the pane offers of what the core allows: one step at a time. Deciding would claim an
    unclaimed item too, but the screen asks for Claim first (the reviewer then has the rubric to
    themselves); once the viewer holds it, Claim is no longer offered."""
    if data is None:
        return actions
    claimed_by, viewer = data.model.status.claimed_by, data.model.viewer
    if claimed_by is None and Action.CLAIM in actions:
        return [a for a in actions if a not in (Action.APPROVE, Action.REQUEST_CHANGES)]
    if claimed_by == viewer:
        return [a for a in actions if a is not Action.CLAIM]
    return actions


def _refill(widget: QListWidget, rows: Sequence[tuple[str, int | None]], keep_place: bool) -> None:
    """Replace a list's rows; on a refresh keep where it was scrolled to and which row was current."""
    bar = widget.verticalScrollBar()
    place, row = (bar.value(), widget.currentRow()) if keep_place else (0, -1)
    widget.clear()
    for text, key in rows:
        entry = QListWidgetItem(text)
        if key is not None:
            entry.setData(Qt.ItemDataRole.UserRole, key)
        widget.addItem(entry)
    if 0 <= row < widget.count():
        widget.setCurrentRow(row)
    bar.setValue(place)
