"""What every ``iopkit`` subcommand shares: exit codes, the usage error, notes and the progress line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Self

__all__ = ["EXIT_OK", "EXIT_REFUSED", "EXIT_USAGE", "Progress", "UsageError"]

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad usage or unreadable input: the message is printed and the command exits with 2."""


class Progress:
    """A one-line progress display on stderr (``label: done/total (p%)``), silent unless stderr is a terminal.

    Use it as a context manager: entering writes ``label ...``, :meth:`advance` rewrites the line, leaving ends it.

    Parameters
    ----------
    label : str
        What is being counted, shown first on the line (``"scoring"``).
    total : int, optional
        How many there are in all, to show a percentage; ``None`` (or 0) shows the count alone.
    enabled : bool, optional
        Whether to write at all; ``None`` (the default) writes only if ``stream`` is a terminal.
    stream : file-like, optional
        Where to write; standard error by default.

    Examples
    --------
    >>> with Progress("scoring", total=10, enabled=False) as progress:
    ...     progress.advance(10)
    >>> progress.done
    10
    """

    def __init__(self, label: str, total: int | None = None, *, enabled: bool | None = None, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.label, self.total, self.done = label, total, 0

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more done and, if enabled, rewrite the line.

        Parameters
        ----------
        n : int, optional
            How many more are done (1 by default).
        """
        self.done += n
        if self.enabled:
            if self.total:
                text = f"{self.label}: {self.done:,}/{self.total:,} ({100 * self.done // self.total}%)"
            else:
                text = f"{self.label}: {self.done:,}"
            self.stream.write("\r" + text + "\x1b[K")
            self.stream.flush()

    def __enter__(self) -> Self:
        if self.enabled:
            self.stream.write(f"{self.label} ...")
            self.stream.flush()
        return self

    def __exit__(self, *exc) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def _say(arguments, text: str) -> None:
    """A note on stderr (what is happening), unless --quiet."""
    if not arguments.quiet:
        print(text, file=sys.stderr)


def _progress(arguments, label: str, total: int | None = None) -> Progress:
    return Progress(label, total, enabled=False if arguments.quiet else None)


def _existing_file(path: str, what: str = "file") -> Path:
    found = Path(path).expanduser()
    if not found.is_file():
        raise UsageError(f"{what} {path!r} does not exist (or is not a file)")
    return found
