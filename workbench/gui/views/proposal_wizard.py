"""New proposal: template → form → matched knowledge (keep, drop or swap each item) → draft."""

from __future__ import annotations

from typing import Any

from workbench.core.errors import WorkbenchError
from workbench.core.proposals.catalog import ProposalTemplate
from workbench.core.proposals.model import SectionReport
from workbench.core.proposals.service import Draft
from workbench.gui import palette
from workbench.gui.context import AppContext
from workbench.gui.labels import kind_labels
from workbench.gui.markdown_preview import preview_markdown
from workbench.gui.qt import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    Qt,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
    Signal,
)
from workbench.gui.views.proposal_form import VariableForm


class ProposalWizard(QWizard):
    created = Signal(object)  # ProposalView

    def __init__(self, ctx: AppContext, templates: list[ProposalTemplate], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProposalWizard")
        self.ctx = ctx
        self.templates = templates
        self.template: ProposalTemplate | None = None
        self.form: VariableForm | None = None
        self.draft: Draft | None = None
        self.setWindowTitle(self.tr("New proposal"))
        room = self.screen().availableGeometry()  # on a 1280x720 laptop 760 px would hide the buttons
        self.resize(min(980, room.width() - 40), min(760, room.height() - 40))
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)

        # 1 template
        self.template_page = QWizardPage()
        self.template_page.setTitle(self.tr("Choose a template"))
        self.template_list = QListWidget()
        self.template_list.setObjectName("TemplateList")
        for t in templates:
            entry = QListWidgetItem(f"{t.display_title(ctx.lang)}\n{t.description.get(ctx.lang)}")
            entry.setData(Qt.ItemDataRole.UserRole, t.name)
            self.template_list.addItem(entry)
        self.template_list.setWordWrap(True)
        self.template_list.setCurrentRow(0)
        QVBoxLayout(self.template_page).addWidget(self.template_list)

        # 2 inputs
        self.form_page = QWizardPage()
        self.form_page.setTitle(self.tr("Inputs"))
        self.form_page.setSubTitle(self.tr("Fields marked * are required. The requirements also choose the matched knowledge."))
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidgetResizable(True)
        self.form_errors = QLabel()
        self.form_errors.setObjectName("ErrorLabel")
        self.form_errors.setWordWrap(True)
        self.form_errors.hide()
        layout = QVBoxLayout(self.form_page)
        layout.addWidget(self.form_scroll, 1)
        layout.addWidget(self.form_errors)

        # 3 knowledge
        self.knowledge_page = QWizardPage()
        self.knowledge_page.setTitle(self.tr("Matched knowledge"))
        self.knowledge_page.setSubTitle(self.tr("Checked items go into the draft. Uncheck one and check a spare to swap it."))
        self.knowledge_lists: dict[str, QListWidget] = {}
        lists = QWidget()
        self.knowledge_layout = QVBoxLayout(lists)
        self.knowledge_layout.setContentsMargins(0, 0, 0, 0)
        lists_scroll = QScrollArea()
        lists_scroll.setWidgetResizable(True)
        lists_scroll.setWidget(lists)
        # the body of the item selected, to read before checking it
        self.item_preview = QTextBrowser()
        self.item_preview.setObjectName("KnowledgePreview")
        self.item_preview.setPlaceholderText(self.tr("Select an item to read it here before you check it."))
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(lists_scroll)
        split.addWidget(self.item_preview)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([560, 380])
        split.setChildrenCollapsible(False)
        page_layout = QVBoxLayout(self.knowledge_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(split, 1)

        # 4 draft
        self.draft_page = QWizardPage()
        self.draft_page.setTitle(self.tr("Draft"))
        self.draft_page.setSubTitle(self.tr("Finish saves the draft as revision 1; edit it afterwards in the editor."))
        self.preview = QTextBrowser()
        self.preview.setObjectName("DraftPreview")
        QVBoxLayout(self.draft_page).addWidget(self.preview)
        if ctx.user is not None and not ctx.user.has_display_name:  # the cover would name a login
            self.name_hint = QLabel(self.tr("The cover names you “%1”, your user name: set the name "
                                            "customers should read in File ▸ Settings… (Your display name).")
                                    .replace("%1", ctx.user.name))
            self.name_hint.setObjectName("Hint")
            self.name_hint.setWordWrap(True)
            draft_layout = self.draft_page.layout()
            assert draft_layout is not None  # set up in __init__
            draft_layout.addWidget(self.name_hint)

        for page in (self.template_page, self.form_page, self.knowledge_page, self.draft_page):
            self.addPage(page)
        self._busy = False
        self.saved: Any = None

    # --- page flow -----------------------------------------------------------------------------

    def validateCurrentPage(self) -> bool:
        page = self.currentPage()
        if page is self.template_page:
            name = self.template_list.currentItem().data(Qt.ItemDataRole.UserRole) if self.template_list.currentItem() else None
            chosen = next((t for t in self.templates if t.name == name), None)
            if chosen is None:
                return False
            if chosen is not self.template:
                self.template = chosen
                self.form = VariableForm(chosen, self.ctx.lang)
                self.form.setObjectName("VariableForm")
                self.form_scroll.setWidget(self.form)
                self.draft = None
            return True
        if page is self.form_page:
            return self._make_draft(then_next=True)
        if page is self.knowledge_page:
            return self._make_draft(then_next=True, chosen=self.chosen())
        if page is self.draft_page:
            if self.saved is not None:
                return True  # accept() validates once more after the save
            self._create()
            return False  # closes itself once saved
        return True

    def _make_draft(self, then_next: bool, chosen: dict[str, list[str]] | None = None) -> bool:
        """Validate and render in the background; move on when the draft is back."""
        if self.draft is not None and self._draft_is_current(chosen):
            if self.currentPage() is self.form_page:
                self._show_knowledge(self.draft)
            else:
                self.preview.setMarkdown(preview_markdown(self.draft.markdown, self.tr("Contents")))
            return True
        if self._busy or self.template is None or self.form is None:
            return False
        self._busy = True
        name, raw = self.template.name, self.form.values()
        matched = self.draft.matched if (chosen is not None and self.draft is not None) else None
        report = self.draft.report if matched is not None and self.draft is not None else None
        self._pending = (raw, chosen)
        self.form_errors.hide()

        def done(draft: Draft) -> None:
            self._busy = False
            self.draft = draft
            self._draft_key = (raw, chosen)
            self.next()

        def failed(exc: BaseException) -> None:
            self._busy = False
            self._show_refusal(exc)
            if self.currentPage() is not self.form_page:
                self.ctx.report(exc, self)

        self.ctx.read(
            lambda ws: ws.proposals.draft(name, raw, chosen=chosen, matched=matched, report=report, author=self.ctx.user.label if self.ctx.user else ""),
            done, failed, parent=self, cpu=True,
        )
        return False

    def _show_refusal(self, exc: BaseException) -> None:
        """Why the inputs were refused: each problem beside its field (the first one scrolled to),
        a line below the form saying so; anything not about one field in full below the form."""
        problems = exc.params.get("problems") if isinstance(exc, WorkbenchError) else None
        if not problems or self.form is None:
            self.form_errors.setText(self.ctx.message_for(exc))
            self.form_errors.show()
            return
        unplaced = self.form.show_problems(list(problems))
        lines = [self.tr("%1 input(s) need fixing: see the notes beside the fields.")
                 .replace("%1", str(len(problems) - len(unplaced)))] if len(unplaced) < len(problems) else []
        lines += [p.message(self.ctx.lang, named=False) for p in unplaced]  # the form's labels, not input names
        self.form_errors.setText("\n".join(lines))
        self.form_errors.show()
        first = self.form.first_problem_field()
        if first is not None:
            self.form_scroll.ensureWidgetVisible(first)
            first.setFocus()

    def _draft_is_current(self, chosen: dict[str, list[str]] | None) -> bool:
        key = getattr(self, "_draft_key", None)
        return key is not None and self.form is not None and key == (self.form.values(), chosen)

    def initializePage(self, page_id: int) -> None:
        page = self.page(page_id)
        if page is self.knowledge_page and self.draft is not None:
            self._show_knowledge(self.draft)
        elif page is self.draft_page and self.draft is not None:
            self.preview.setMarkdown(preview_markdown(self.draft.markdown, self.tr("Contents")))
        super().initializePage(page_id)

    def _show_knowledge(self, draft: Draft) -> None:
        while self.knowledge_layout.count():
            taken = self.knowledge_layout.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.knowledge_lists = {}
        self.item_preview.clear()
        bodies: dict[str, str] = {}
        kinds = kind_labels()
        relevance = self.tr("relevance")
        for section in draft.template.knowledge:
            title = section.title.get(self.ctx.lang)
            self.knowledge_layout.addWidget(QLabel(f"<b>{title}</b>"))
            report = draft.report.get(section.section)
            if report is not None and (report.no_good_match or report.left_out):
                note = QLabel(self._report_note(title, report))
                note.setObjectName(f"KnowledgeNote_{section.section}")
                note.setWordWrap(True)
                note.setStyleSheet(f"color:{palette.NOTICE_TEXT if report.no_good_match else palette.MUTED}")
                self.knowledge_layout.addWidget(note)
            lst = QListWidget()
            lst.setObjectName(f"Knowledge_{section.section}")
            for item in draft.matched.get(section.section, []):
                entry = QListWidgetItem(
                    f"[{kinds.get(item.kind, item.kind)}] {item.title}   ·  {relevance} {item.score:.0%}"
                    f"  ·  {', '.join(item.matched[:8])}"
                )
                entry.setData(Qt.ItemDataRole.UserRole, item.id)
                bodies[item.id] = f"# {item.title}\n\n{item.body}"
                entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                entry.setCheckState(
                    Qt.CheckState.Checked if item.id in draft.chosen.get(section.section, []) else Qt.CheckState.Unchecked
                )
                entry.setToolTip(self.tr("Matched words: %1").replace("%1", ", ".join(item.matched)))
                lst.addItem(entry)
            lst.currentItemChanged.connect(lambda current, _previous: self._preview_item(current, bodies))
            lst.setVisible(lst.count() > 0)  # an empty list says less than the note above it
            self.knowledge_layout.addWidget(lst)
            self.knowledge_lists[section.section] = lst
        if not any(lst.count() for lst in self.knowledge_lists.values()):
            self.knowledge_layout.addStretch(1)  # the notes at the top, not spread down the page

    def _preview_item(self, current: QListWidgetItem | None, bodies: dict[str, str]) -> None:
        if current is not None:
            self.item_preview.setMarkdown(bodies.get(current.data(Qt.ItemDataRole.UserRole), ""))

    def _report_note(self, title: str, report: SectionReport) -> str:
        """What matching left out of a section and why, in a line; first that nothing fitted."""
        reasons = {
            "draft": self.tr("%1 draft"), "archived": self.tr("%1 archived"), "stale": self.tr("%1 past review date"),
            "language": self.tr("%1 in another language"), "excluded": self.tr("%1 ruled out by the inputs"),
            "other_industry": self.tr("%1 of another industry"), "duplicate": self.tr("%1 near-duplicate"),
            "below_threshold": self.tr("%1 below the relevance threshold"),
        }
        counts = report.counts()
        comma = self.tr(", ", "between the reasons an item was left out")
        left = comma.join(reasons.get(r, r + " %1").replace("%1", str(n)) for r, n in counts.items())
        if not report.no_good_match:
            return self.tr("Left out: %1").replace("%1", left)
        weak = counts.get("below_threshold", 0)
        text = (self.tr("No good match for %1 — %2 candidate(s) below the threshold (%3%).")
                .replace("%1", title).replace("%2", str(weak)).replace("%3", f"{report.threshold:.0%}".rstrip("%")))
        others = comma.join(reasons[r].replace("%1", str(n)) for r, n in counts.items() if r != "below_threshold")
        if others:
            text += " " + self.tr("Excluded: %1.").replace("%1", others)
        return text + " " + self.tr("Nothing is placed here: write this section yourself or add knowledge.")

    def chosen(self) -> dict[str, list[str]]:
        return {
            section: [lst.item(i).data(Qt.ItemDataRole.UserRole) for i in range(lst.count())
                      if lst.item(i).checkState() == Qt.CheckState.Checked]
            for section, lst in self.knowledge_lists.items()
        }

    def _create(self) -> None:
        draft, form = self.draft, self.form
        if draft is None or form is None or self._busy:
            return
        self._busy = True
        raw = form.values()
        chosen = dict(draft.chosen)

        def done(view: Any) -> None:
            self._busy = False
            self.saved = view
            self.created.emit(view)
            self.accept()

        def failed(exc: BaseException) -> None:
            self._busy = False
            self.ctx.report(exc, self)

        self.ctx.write(
            lambda ws, actor: ws.proposals.create(actor, draft.template.name, raw, chosen=chosen, matched=draft.matched),
            done, failed, parent=self,
        )
