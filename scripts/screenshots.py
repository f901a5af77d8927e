"""Take the README's screenshots from the real app with the demo knowledge base.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/screenshots.py

Each language runs in its own process (a translator is installed once per process).
``WORKBENCH_SHOTS`` names another folder for them and ``WORKBENCH_SHOTS_SIZE`` (e.g. ``1280x720``)
another window size: the pictures then carry the size in their names (``search-en-1280x720.png``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(os.environ.get("WORKBENCH_SHOTS") or ROOT / "docs" / "screenshots")
SIZE = os.environ.get("WORKBENCH_SHOTS_SIZE", "")
PROPOSAL = yaml.safe_load((ROOT / "proposal_templates" / "tech-proposal-zh" / "example.yaml").read_text(encoding="utf-8"))


def seed_reviews(ws, language: str) -> str:  # type: ignore[no-untyped-def]
    """Reviewers and proposals in several review states; returns the one to show."""
    import datetime as dt

    from workbench.core.reviews.service import section_headings

    zh = language.startswith("zh")
    admin = ws.actor()
    people = [("li.na", "author", None, "李娜" if zh else "Li Na"), ("zhao.lei", "reviewer", 1, "赵磊" if zh else "Zhao Lei"),
              ("wang.min", "reviewer", 2, "王敏" if zh else "Wang Min"), ("chen.jie", "reviewer", 3, "陈杰" if zh else "Chen Jie")]
    for name, role, tier, display in people:
        ws.users.add(admin, name, role, tier, display)
    user = ws.users.get
    soon = (dt.date.today() + dt.timedelta(days=4)).isoformat()  # tier 2 was due yesterday
    later = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    base = {"industry": "retail", "customer_tier": "A", "products": ["客服云"], "deployment": "SaaS",
            "pricing": [{"item": "Service Cloud seats", "quantity": 300, "unit": "seat/year", "unit_price": 480}]}
    specs = [("华润万家" if zh else "Contoso Retail", "全渠道客服平台" if zh else "Omnichannel service", later),
             ("永辉超市" if zh else "Fabrikam Foods", "门店智能巡检" if zh else "Store inspection", soon),
             ("苏宁易购" if zh else "Northwind Traders", "会员运营中台" if zh else "Loyalty platform", later)]
    numbers = []
    for customer, project, deadline in specs:
        values = dict(base, customer=customer, project_name=project, bid_deadline=deadline,
                      requirements="300 家门店统一接入\n智能客服自动回答常见问题" if zh
                      else "one inbox for 300 stores\nchatbot answers FAQs")
        template = "tech-proposal-zh" if zh else "tech-proposal-en"
        if zh:  # a required choice of the Chinese template: no default stands in for it
            values["xinchuang"] = "不涉及"
        numbers.append(ws.proposals.create(user("li.na"), template, values, matched={}).value.number)
    tier1 = {"completeness": 4, "format": 4, "requirements": 4}
    for number in numbers:
        ws.reviews.submit(user("li.na"), number)
        ws.reviews.approve(user("zhao.lei"), number, tier1)
    shown = numbers[0]
    first = ws.proposals.get(shown).latest
    section = "总体方案" if zh else "Solution"
    headings = section_headings(first.markdown)
    section = next((h for h in headings if section.lower() in h.lower()), headings[1] if len(headings) > 1 else "")
    ws.reviews.request_changes(user("wang.min"), shown, "门店网络不稳定时如何接入？请补充网关方案。" if zh
                               else "How do stores with unstable networks connect? Describe the gateway.",
                               section=section)
    ws.reviews.comment(user("li.na"), shown, "已在新版本中补充“门店接入网关”一节。" if zh
                       else "Added a 'Store gateway' section in the new revision.", reply_to=ws.reviews.comments(shown)[0].id)
    addition = ("\n\n## 门店接入网关\n\n每家门店部署轻量网关，断网时本地排队，恢复后自动同步。\n" if zh
                else "\n\n## Store gateway\n\nEach store runs a small gateway that queues offline and syncs on reconnect.\n")
    ws.proposals.save_revision(user("li.na"), shown, first.markdown + addition, note="gateway")
    ws.reviews.submit(user("li.na"), shown)
    ws.reviews.escalate(user("chen.jie"), numbers[2], "投标在下周" if zh else "The bid is next week")
    return shown


def customer_file(language: str) -> Path:
    """The demo tender (Chinese) or questionnaire (English) the Responses screen shows."""
    from workbench.core.paths import demo_tenders_dir

    return next(demo_tenders_dir().glob("*.docx" if language.startswith("zh") else "*.xlsx"))


def seed_response(ws, language: str) -> str:  # type: ignore[no-untyped-def]
    """A customer file imported and autofilled, a few rows answered and one assigned; returns its id."""
    me = ws.actor()
    zh = language.startswith("zh")
    if "li.na" not in {u.name for u in ws.users.all()}:  # the proposals' seeding may have added her
        ws.users.add(me, "li.na", "author", None, "李娜" if zh else "Li Na")
    # first start imported the demo files already (Workspace.load_demo_once): that response, else a new one
    view = next((r for r in ws.tenders.all() if r.source_name == customer_file(language).name), None) \
        or ws.tenders.import_file(me, customer_file(language),
                                  customer="某市大数据管理局" if zh else "Acme Bank").value
    ws.meaning.sync()  # the vectors, as the app has them a few seconds after first start
    ws.tenders.autofill(me, view.id)
    rows = ws.tenders.sheet(me, view.id).rows
    for row in [r for r in rows if r.suggestions and not r.response][:3]:
        ws.tenders.respond(me, view.id, row.no, from_item=row.suggestions[0].id,
                           **({"deviation": "none"} if zh else {"answer_choice": "Yes"}),
                           evidence="产品技术白皮书" if zh else "Security whitepaper", evidence_page="12")
    open_rows = [r for r in rows if not r.response]
    if open_rows:
        ws.tenders.respond(me, view.id, open_rows[-1].no, assign="li.na")
    return str(view.id)


def shoot(language: str, only: str | None = None) -> None:
    from PySide6.QtCore import QSettings, QTimer

    home = Path(tempfile.mkdtemp(prefix="wb-shots-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "qsettings"))
    from workbench.gui.app import build_window, create_app

    app = create_app()
    QSettings().setValue("ui/language", language)
    window, ctx = build_window(home)
    width, height = (int(n) for n in SIZE.split("x")) if SIZE else (1440, 860)
    window.resize(width, height)
    suffix = f"-{SIZE}" if SIZE else ""
    window.show()
    OUT.mkdir(parents=True, exist_ok=True)

    def wait(condition, then, tries: int = 200) -> None:  # type: ignore[no-untyped-def]
        if condition() or tries == 0:
            then()
        else:
            QTimer.singleShot(50, lambda: wait(condition, then, tries - 1))

    view = window.knowledge
    search = window.search

    query = "竞品降价 报价"

    def searching() -> None:
        window.focus_search()
        search.box.setText(query)
        wait(
            lambda: search.results is not None and search.results.request.text == query and search.similar.count() > 0,
            lambda: QTimer.singleShot(300, lambda: (window.grab().save(str(OUT / f"search-{language}{suffix}.png")), knowledge())),
        )

    def knowledge() -> None:
        window.nav.setCurrentRow(1)
        view.select("objection-competitor-price-cut-zht") or view.table.selectRow(3)
        QTimer.singleShot(600, lambda: (window.grab().save(str(OUT / f"knowledge-{language}{suffix}.png")), editor()))

    def editor() -> None:
        view.select("case-mfg-predictive-maintenance")
        view.edit_current()
        QTimer.singleShot(500, lambda: (view.editor.grab().save(str(OUT / f"editor-{language}{suffix}.png")), proposals()))

    def proposals() -> None:
        view.editor.close()
        assert ctx.ws is not None
        created = ctx.ws.proposals.create(ctx.ws.actor(), "tech-proposal-zh", PROPOSAL).value
        window.proposals.reload(select=created.number)
        window.nav.setCurrentRow(2)
        wait(
            lambda: window.proposals.current is not None,
            lambda: QTimer.singleShot(800, lambda: (window.grab().save(str(OUT / f"proposals-{language}{suffix}.png")), importing())),
        )

    def importing() -> None:
        window.nav.setCurrentRow(1)
        sample = home / "to-import"
        sample.mkdir()
        (sample / "faq-warranty.md").write_text(
            "---\nkind: faq\ntitle: 质保期多长？\ntags: [服务]\n---\n标准质保 12 个月，可购买延保。\n", encoding="utf-8"
        )
        (sample / "broken.md").write_text("没有元数据块的文件\n", encoding="utf-8")
        (sample / "scan.docx").write_bytes(b"PK\x03\x04 damaged")
        view.open_import()
        dialog = view.import_dialog
        dialog.add_paths([sample])
        dialog.finished_import.connect(
            lambda _r: QTimer.singleShot(300, lambda: (dialog.grab().save(str(OUT / f"import-{language}{suffix}.png")),
                                                       dialog.close(), reviewing()))
        )
        dialog.run()

    def reviewing() -> None:
        """A tier-2 reviewer's queue: one overdue, one resubmitted after changes (with comments and a
        diff), and the rubric form filled in."""
        admin_name.append(ctx.ws.actor().name)
        number = seed_reviews(ctx.ws, language)
        ctx.write(lambda ws, _me: ws.users.switch("wang.min"))
        reviews = window.reviews

        def ready() -> bool:
            data = reviews.pane.data
            return data is not None and data.model.status.proposal == number and data.model.viewer == "wang.min"

        def filled() -> None:
            for name, value in {"feasibility": 4, "delivery": 3, "security": 4}.items():
                reviews.pane.rubric.spins[name].setValue(value)
            reviews.pane.comment.setPlainText(
                "网关方案可行；请补充门店断网时的本地缓存策略。" if language.startswith("zh")
                else "The gateway design works; add the offline cache for stores that lose connectivity.")
            reviews.pane.tabs.setCurrentIndex(1)
            QTimer.singleShot(600, lambda: (window.grab().save(str(OUT / f"reviews-{language}{suffix}.png")),
                                            app.quit() if only == "reviews" else dashboard()))

        window.nav.setCurrentRow(3)
        QTimer.singleShot(300, lambda: (reviews.reload(select=number), wait(ready, filled)))

    def dashboard() -> None:
        """The demo history's 18 months: win rates, loss reasons, review figures."""
        board = window.dashboard
        shown: list[bool] = []
        board.loaded.connect(lambda _d: shown.append(True))
        ctx.write(lambda ws, _me: ws.users.switch(admin_name[0]))
        window.nav.setCurrentRow(5)
        QTimer.singleShot(300, board.reload)
        wait(lambda: bool(shown), lambda: QTimer.singleShot(
            800, lambda: (window.grab().save(str(OUT / f"dashboard-{language}{suffix}.png")), retro())))

    def retro() -> None:
        """The first bid whose retrospective is due, its form open."""
        retros = window.retros
        window.nav.setCurrentRow(4)
        retros.form_loaded.connect(lambda _n: QTimer.singleShot(
            600, lambda: (window.grab().save(str(OUT / f"retro-{language}{suffix}.png")), responding())))
        wait(lambda: retros.listed is not None and bool(retros.listed.due),
             lambda: retros.open_bid(retros.listed.due[0].proposal))  # type: ignore[union-attr]

    def responding() -> None:
        """The demo tender (or questionnaire) autofilled, an open ★ row (or question) with its suggestions."""
        assert ctx.ws is not None
        screen = window.responses
        response_id = seed_response(ctx.ws, language)
        window.nav.setCurrentRow(window.stack.indexOf(screen))
        screen.reload(select=response_id)

        def pick() -> None:
            rows = ctx.ws.tenders.rows(response_id)  # as seeded (the screen's model may be a load behind)
            # a ★ row of the tender; a question whose best answer is in the other language (marked
            # for translation) of the questionnaire, which has no marks
            row = next((r for r in rows if r.mark == "★" and not r.response and r.suggestions),
                       next((r for r in rows if not r.response and r.suggestions and r.suggestions[0].foreign),
                            next((r for r in rows if not r.response and r.suggestions), rows[0])))
            screen.select_row(row.no)
            QTimer.singleShot(800, lambda: (window.grab().save(str(OUT / f"responses-{language}{suffix}.png")),
                                            app.quit()))

        wait(lambda: screen.sheet is not None and screen.sheet.response.id == response_id, pick)

    admin_name: list[str] = []
    if only == "reviews":
        wait(lambda: ctx.ws is not None and window.indexer.is_ready, reviewing)
    elif only == "responses":
        wait(lambda: ctx.ws is not None and window.indexer.is_ready, responding)
    else:
        wait(lambda: view.model.rowCount() > 100 and window.indexer.is_ready, searching)
    app.exec()
    ctx.runner.wait()
    if ctx.ws is not None:
        ctx.ws.close()
    shutil.rmtree(home, ignore_errors=True)  # its data folder (8 MB a run) is not kept in /tmp


if __name__ == "__main__":
    if len(sys.argv) > 1:  # one language; "reviews" or "responses" as a second argument takes only that screen
        shoot(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
    else:
        for lang in ("en", "zh_CN"):
            subprocess.run([sys.executable, __file__, lang], check=True, env=os.environ.copy())
        print("\n".join(str(p) for p in sorted(OUT.glob("*.png"))))
