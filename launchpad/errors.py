"""The errors launchpad raises on purpose, and the exit codes they map to.

Cores raise these; only the CLI catches them (``launchpad.cli``), prints one red line
with the hint, and exits with the code below. Anything else is a bug and exits 1 with a
pointer to ``--verbose`` for the traceback.

::

    LaunchpadError                 1  something went wrong that is not the user's input
    ├── InputError                 2  a bad argument, answer, date, name or idea text
    │   └── ConfigError            2  a malformed config or data file (TOML, YAML, answers)
    ├── NotFoundError              4  a missing file, corpus, repository or check
    ├── ConflictError              5  the target exists, or another process holds the lock
    ├── ExternalError              6  GitHub, OAI-PMH or the network failed or refused
    │   └── AuthError              6  no token, or the token was rejected
    ├── StorageError               7  a file could not be written: no space, no permission
    └── BelowRequiredLevel         3  milestones: the level is below ``--require``

``ExitCode.INTERRUPTED`` (130) is used for Ctrl-C, ``ExitCode.USAGE`` (2) also for the
command-line parser's own usage errors.
"""

from __future__ import annotations

import enum
import errno
from pathlib import Path


class ExitCode(enum.IntEnum):
    """Documented exit codes (docs/exit-codes.md)."""

    OK = 0
    ERROR = 1
    USAGE = 2
    BELOW_REQUIRED = 3
    NOT_FOUND = 4
    CONFLICT = 5
    EXTERNAL = 6
    STORAGE = 7
    INTERRUPTED = 130


class LaunchpadError(Exception):
    """Base of every error launchpad raises on purpose.

    ``message`` says what went wrong in one line; ``hint`` says what to do about it.
    """

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} (hint: {self.hint})"


class InputError(LaunchpadError):
    """A value the user gave is not acceptable."""

    exit_code = ExitCode.USAGE


class ConfigError(InputError):
    """A configuration or data file could not be read or is malformed."""


class NotFoundError(LaunchpadError):
    """Something the command needs does not exist."""

    exit_code = ExitCode.NOT_FOUND


class ConflictError(LaunchpadError):
    """The target is in the way: it exists, or another process holds it."""

    exit_code = ExitCode.CONFLICT


class ExternalError(LaunchpadError):
    """A remote service (GitHub, OAI-PMH, a package index) failed or refused."""

    exit_code = ExitCode.EXTERNAL


class AuthError(ExternalError):
    """No credentials, or the credentials were rejected."""


class StorageError(LaunchpadError):
    """Writing to disk failed: a full disk, no permission, a read-only file system."""

    exit_code = ExitCode.STORAGE

    @classmethod
    def writing(cls, what: Path | str, err: OSError, *, kept: str = "") -> StorageError:
        """``writing WHAT failed: REASON`` from an ``OSError``; ``kept`` says what survived."""
        reason = err.strerror or str(err)
        hint = (
            "free some space, then run it again"
            if err.errno in (errno.ENOSPC, errno.EDQUOT)
            else "check the permissions of the folder, or choose another one"
        )
        return cls(f"writing {what} failed: {reason}{'; ' + kept if kept else ''}", hint=hint)


class BelowRequiredLevel(LaunchpadError):  # noqa: N818 - a gate outcome, not a fault
    """The milestone level reached is below the level required with ``--require``."""

    exit_code = ExitCode.BELOW_REQUIRED
