"""The log file a command-line run writes in the data folder (``logs/workbench-cli.log``):
rotating, so it never grows past ``MAX_BYTES`` × (``BACKUPS`` + 1), private to the user (the
folder 0700, the file 0600: tracebacks quote paths and file contents). Messages that say "the
details were written to the log" are true for the command line too; the terminal shows each
problem in one line and leaves the traceback to the file."""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench.core.private_files import private_file, private_folder

LOG_NAME = "workbench-cli.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s %(process)d: %(message)s"


class OneLine(logging.Formatter):
    """For the terminal: the message without its traceback, and where the traceback went."""

    def __init__(self, log_file: Path) -> None:
        super().__init__("%(levelname)s %(name)s: %(message)s")
        self.log_file = log_file

    def format(self, record: logging.LogRecord) -> str:
        record.message = record.getMessage()
        line = self.formatMessage(record)
        if record.exc_info or record.exc_text:
            line += f" (details in {self.log_file})"
        return line


@contextmanager
def command_log(logs: Path, level: int = logging.WARNING) -> Iterator[Path]:
    """While a command runs: warnings and errors with their tracebacks go to the rotating log
    file in ``logs``, and one line each to the terminal. Both handlers are removed afterwards
    (a process that runs several commands, as the tests do, does not stack them)."""
    private_folder(logs)
    log_file = logs / LOG_NAME
    private_file(log_file)
    to_file = logging.handlers.RotatingFileHandler(log_file, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                   encoding="utf-8", delay=True)
    to_file.setFormatter(logging.Formatter(FORMAT))
    to_file.setLevel(level)
    to_terminal = logging.StreamHandler()
    to_terminal.setFormatter(OneLine(log_file))
    to_terminal.setLevel(level)
    root = logging.getLogger()
    before = root.level
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    root.addHandler(to_file)
    root.addHandler(to_terminal)
    try:
        yield log_file
    finally:
        root.removeHandler(to_terminal)
        root.removeHandler(to_file)
        to_file.close()
        root.setLevel(before)
