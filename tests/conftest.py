"""Shared fixtures. Each test gets its own copy of a database prepared once per session
(anki's pattern), so tests are isolated and fast."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["WORKBENCH_LANG"] = "en"

from workbench.core.workspace import Workspace, WorkspaceSettings

USERS = [
    ("alice", "author", None),
    ("rita", "reviewer", 1),
    ("mike", "reviewer", 2),
    ("sara", "reviewer", 3),
    ("nina", "viewer", None),
]


def _settings(home: Path, demo: bool = False) -> WorkspaceSettings:
    # the demo knowledge base without the demo history of decided bids (tests that want it add it)
    return WorkspaceSettings(home=home, load_demo=demo, demo_history=False, automatic_backups=False)


def _prepare(home: Path, demo: bool) -> Path:
    ws = Workspace.open(_settings(home, demo))
    admin = ws.actor()
    for name, role, tier in USERS:
        ws.users.add(admin, name, role, tier)
    if demo:
        _ = ws.search
        ws.index.ensure()  # copied with the folder: tests start with a built index
    ws.close()
    return home


@pytest.fixture(scope="session")
def template_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _prepare(tmp_path_factory.mktemp("template"), demo=False)


@pytest.fixture(scope="session")
def demo_template_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _prepare(tmp_path_factory.mktemp("demo-template"), demo=True)


def _copy_home(template: Path, target: Path) -> Path:
    shutil.copytree(template, target)
    return target


@pytest.fixture
def home(template_home: Path, tmp_path: Path) -> Path:
    return _copy_home(template_home, tmp_path / "home")


@pytest.fixture
def ws(home: Path) -> Iterator[Workspace]:
    workspace = Workspace.open(_settings(home))
    yield workspace
    workspace.close()


@pytest.fixture
def demo_home(demo_template_home: Path, tmp_path: Path) -> Path:
    return _copy_home(demo_template_home, tmp_path / "demo-home")


@pytest.fixture
def demo_ws(demo_home: Path) -> Iterator[Workspace]:
    workspace = Workspace.open(_settings(demo_home))
    yield workspace
    workspace.close()
