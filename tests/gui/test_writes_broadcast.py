"""Every write goes through ``AppContext.write``, so what it changed is broadcast once and the
screens that show it refresh. A write sent as a read changes the database silently."""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtWidgets import QListWidgetItem, QWidget

import workbench
from tests.reviewing import MARKDOWN, VARS
from workbench.gui.qt import Qt
from workbench.gui.views.main_window import MainWindow

PACKAGE = Path(workbench.__file__).parent


def _writes() -> set[str]:
    """The names of the core's methods that return an OpResult (its writes)."""
    names = set()
    for path in (PACKAGE / "core").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.returns is not None \
                    and "OpResult" in ast.unparse(node.returns) and not node.name.startswith("_"):
                names.add(node.name)
    return names


def _workspace_calls(node: ast.AST) -> set[str]:
    """Methods called on the workspace inside ``node`` (``ws.proposals.insert_item(...)``)."""
    out = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
            root = call.func.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id == "ws":
                out.add(call.func.attr)
    return out


def _reads_that_write() -> list[str]:
    writes, found = _writes(), set()
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted((PACKAGE / "gui").rglob("*.py"))}
    # a screen's read often calls a module-level loader with the workspace (``load_pane(ws, ...)``,
    # defined beside the pane): what the loaders call on it counts as the read's own calls
    loaders: dict[str, set[str]] = {}
    for tree in trees.values():
        for n in tree.body:
            if isinstance(n, ast.FunctionDef):
                loaders.setdefault(n.name, set()).update(_workspace_calls(n))
    for path, tree in trees.items():
        # a callable named at the call is looked up in the function that makes the call (several
        # methods each define their own ``work``), then at module level
        scopes: list[ast.AST] = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)] + [tree]
        for scope in scopes:
            local_defs = {n.name: n for n in ast.iter_child_nodes(scope) if isinstance(n, ast.FunctionDef)}
            body_nodes = scope.body if isinstance(scope, ast.FunctionDef) else [scope]
            for call in (c for node in body_nodes for c in ast.walk(node)):
                if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                        and call.func.attr == "read" and call.args):
                    continue
                work = call.args[0]
                body = (local_defs.get(work.id) if isinstance(work, ast.Name) else work)
                if body is None:
                    continue
                called = _workspace_calls(body).union(*(
                    loaders.get(c.func.id, set()) for c in ast.walk(body)
                    if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)))
                for name in sorted(called & writes):
                    found.add(f"{path.relative_to(PACKAGE.parent)}:{call.lineno} reads with {name}()")
    return sorted(found)


def test_the_core_writes_are_known_to_the_check() -> None:
    """The check below looks for these names: it cannot pass by finding none."""
    assert {"insert_item", "save_revision", "record_miss", "submit", "approve"} <= _writes()


def test_no_screen_sends_a_write_as_a_read() -> None:
    assert _reads_that_write() == []


def test_inserting_knowledge_into_a_proposal_broadcasts_its_use(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ctx = window.ctx
    assert ctx.ws is not None
    slug = window.knowledge.model.item(0).slug
    before = window.knowledge.model.item(0).usage_count
    ctx.ws.proposals.create(ctx.ws.actor(), "tech-proposal-en", dict(VARS, bid_deadline="2027-06-30"),
                            matched={}, markdown=MARKDOWN)
    view = window.proposals
    assert view.find is QWidget.find  # the knowledge search box no longer shadows QWidget.find
    view.reload()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: view.select(view.model.rows[0].number) and view.current is not None, timeout=10_000)
    entry = QListWidgetItem("an item")
    entry.setData(Qt.ItemDataRole.UserRole, slug)
    view.found.addItem(entry)
    view.found.setCurrentItem(entry)
    with qtbot.waitSignal(ctx.changed, timeout=10_000, check_params_cb=lambda c: c.knowledge):
        view.insert_selected()
    model = window.knowledge.model
    qtbot.waitUntil(lambda: model.item(model.row_of(slug)).usage_count == before + 1, timeout=10_000)


def test_a_search_that_found_nothing_reaches_the_gap_lists(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ctx, search = window.ctx, window.search
    window.nav.setCurrentRow(window.stack.indexOf(search))
    search.tabs.setCurrentIndex(1)  # the content gaps, in view
    for text in ("quantum bid", "quantum bid", "cold fusion"):
        with qtbot.waitSignal(ctx.changed, timeout=10_000, check_params_cb=lambda c: c.gaps and not c.index):
            ctx.write(lambda ws, actor, t=text: ws.search.record_miss(actor, t))
    gaps = search.insights.gaps
    qtbot.waitUntil(lambda: gaps.rowCount() == 2, timeout=10_000)
    table = search.insights.gaps_view.model()
    table.sort(1, Qt.SortOrder.DescendingOrder)  # by how often, as a number
    assert [table.index(i, 0).data() for i in range(2)] == ["quantum bid", "cold fusion"]
    assert table.index(0, 1).data() == "2"
    dashboard = window.dashboard
    with qtbot.waitSignal(dashboard.loaded, timeout=10_000):
        window.nav.setCurrentRow(window.stack.indexOf(dashboard))
    qtbot.waitUntil(lambda: dashboard.gaps_model.rowCount() == 2, timeout=10_000)
    assert dashboard.gaps_model.index(0, 0).data() == "quantum bid"
    assert dashboard.gaps_model.index(0, 1).data() == "2"
    assert dashboard.gaps_model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight.value
