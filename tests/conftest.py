"""Shared fixtures. Each test gets its own copy of a database prepared once per session
(anki's pattern), so tests are isolated and fast.

Core tests run against both backends (``backend_name`` is parametrised in tests/core/conftest.py):
SQLite copies a prepared file, PostgreSQL creates a database from a prepared template database
(``CREATE DATABASE ... TEMPLATE``) on a server started once per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["WORKBENCH_LANG"] = "en"

from tests.backends import Backend, PostgresServer, Templates, copy_home, postgres_missing, workspace_settings
from workbench.core.workspace import Workspace


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    why = postgres_missing()
    if why is not None:
        pytest.skip(why)
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    return Templates(tmp_path_factory)


@pytest.fixture
def backend_name() -> str:
    """SQLite outside tests/core (the GUI and the CLI run on the core either way)."""
    return "sqlite"


@pytest.fixture
def backend(backend_name: str, request: pytest.FixtureRequest) -> Iterator[Backend]:
    server = request.getfixturevalue("pg_server") if backend_name == "postgresql" else None
    chosen = Backend(backend_name, server)
    yield chosen
    chosen.cleanup()


@pytest.fixture
def home(templates: Templates, backend: Backend, tmp_path: Path) -> Path:
    return copy_home(templates, backend, False, tmp_path / "home")


@pytest.fixture
def ws(home: Path, backend: Backend) -> Iterator[Workspace]:
    workspace = Workspace.open(workspace_settings(backend, home))
    yield workspace
    workspace.close()


@pytest.fixture
def demo_home(templates: Templates, backend: Backend, tmp_path: Path) -> Path:
    return copy_home(templates, backend, True, tmp_path / "demo-home")


@pytest.fixture
def demo_ws(demo_home: Path, backend: Backend) -> Iterator[Workspace]:
    workspace = Workspace.open(workspace_settings(backend, demo_home))
    yield workspace
    workspace.close()
