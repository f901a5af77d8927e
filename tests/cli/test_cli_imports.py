"""A command imports what it uses: ``workbench --help`` builds its parser without the core's
database, search or document libraries, and ``workbench search`` does not import the proposal,
review, retrospective and tender services (their imports were about a third of its start).
Checked by what a real process imported, never by time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, sys
from workbench.cli import main as cli
try:
    code = cli.main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""

LIBRARIES = ("sqlalchemy", "whoosh", "numpy", "rjieba", "argon2", "jinja2", "docx", "openpyxl", "pdfplumber")
SERVICES = ("workbench.core.proposals.service", "workbench.core.reviews.service", "workbench.core.retro.service",
            "workbench.core.tender.service", "workbench.core.demo_history", "jinja2", "docx", "openpyxl")


def _imported(*argv: str) -> tuple[object, set[str]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], env=env, capture_output=True, text=True,
                          timeout=300)
    seen = json.loads(done.stderr.strip().splitlines()[-1])
    return seen["code"], set(seen["modules"])


def test_help_lists_the_commands_without_the_core_libraries() -> None:
    code, modules = _imported("--help")
    assert code == 0
    assert [m for m in LIBRARIES if m in modules] == []
    assert "workbench.core.workspace" not in modules


def test_a_search_imports_search_and_not_the_other_services(tmp_path: Path) -> None:
    code, modules = _imported("--home", str(tmp_path / "home"), "--no-demo", "search", "云")
    assert code == 0
    assert {"whoosh", "sqlalchemy", "workbench.core.search.service"} <= modules  # it did search
    assert [m for m in SERVICES if m in modules] == []


def test_the_services_are_there_when_asked_for(tmp_path: Path) -> None:
    from workbench.core.workspace import LAZY_SERVICES, Workspace, WorkspaceSettings

    with Workspace.open(WorkspaceSettings(home=tmp_path / "home", load_demo=False)) as ws:
        assert not any(name in vars(ws) for name in LAZY_SERVICES)
        ws.load_services()
        made = {name: vars(ws)[name] for name in LAZY_SERVICES}
        assert ws.reviews is made["reviews"] and ws.proposals is made["proposals"]  # made once
        assert ws.tenders.all() == []  # they work
