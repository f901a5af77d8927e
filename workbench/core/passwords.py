"""What a password must be: long enough, not only spaces, and not one of the passwords people
use most.

The list is the 10,000 most common passwords, shipped in the package (``common-passwords.txt.gz``,
one lower-case password a line; taken from the list Django ships, BSD licence, which comes from
Royce Williams's 2017 compilation of leaked passwords). It is read on the first check, not at
import, and compared case-insensitively: ``Password1`` is as guessable as ``password1``."""

from __future__ import annotations

import functools
import gzip
from pathlib import Path

from workbench.core.errors import InvalidInput

COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt.gz")


@functools.cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as fh:
        return frozenset(line.strip().lower() for line in fh if line.strip())


def check_guessable(password: str) -> None:
    """Refuse, with a message saying why, a password made only of white space or on the list of
    common passwords (its length is checked by ``users.hash_password``)."""
    if not password.strip():
        raise InvalidInput("password_blank")
    if password.strip().lower() in common_passwords():
        raise InvalidInput("password_common")
