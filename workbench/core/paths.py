"""Where Workbench keeps its files: one place, overridable by WORKBENCH_HOME or --home."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from workbench.core.private_files import private_folder

APP_NAME = "PresalesWorkbench"


def package_root() -> Path:
    """The folder holding the ``workbench`` package (the repository root in a checkout)."""
    return Path(__file__).resolve().parents[2]


def demo_knowledge_dir() -> Path:
    env = os.environ.get("WORKBENCH_DEMO_KNOWLEDGE")
    if env:
        return Path(env)
    return package_root() / "knowledge"


def demo_tenders_dir() -> Path:
    """The demo customer documents (a Chinese tender, an English questionnaire) a new user can
    answer at once; written by ``scripts/make_demo_tenders.py`` and shipped inside the package."""
    env = os.environ.get("WORKBENCH_DEMO_TENDERS")
    if env:
        return Path(env)
    return package_root() / "workbench" / "demo" / "tenders"


def resources_dir() -> Path:
    return package_root() / "resources"


def default_home() -> Path:
    env = os.environ.get("WORKBENCH_HOME")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class Paths:
    home: Path

    @property
    def database(self) -> Path:
        return self.home / "workbench.sqlite"

    @property
    def backups(self) -> Path:
        return self.home / "backups"

    @property
    def index(self) -> Path:
        return self.home / "index"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def safekeeping(self) -> Path:
        """Unsaved edits kept on this laptop while the server could not be reached."""
        return self.home / "safekeeping"

    def ensure(self) -> None:
        for folder in (self.home, self.backups, self.logs):
            private_folder(folder)  # 0700: every bid, price and session is in here
