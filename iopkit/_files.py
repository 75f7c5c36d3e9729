"""Files iopkit writes that hold health data: owner-only (``0600``) whatever the umask, and never half written.

The store's database (:mod:`iopkit.store.files`), exports, scored files and programme reports are all
created through :func:`open_private`: ``os.open`` with mode ``0600`` and then ``fchmod``, because the
mode given to ``open`` is filtered by the umask and is not applied at all to a file that already
exists (POSIX ``open()``, https://pubs.opengroup.org/onlinepubs/9799919799/functions/open.html).
:func:`private_output` writes beside the target under a temporary name and renames it over the
target only when the writing ended without an error (``rename`` replaces the target in one step,
https://pubs.opengroup.org/onlinepubs/9799919799/functions/rename.html), so a failure never leaves a
plausible-looking partial file.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .errors import InteropError

__all__ = ["PRIVATE_FILE", "PRIVATE_FOLDER", "POSIX", "open_private", "private_output"]

#: Owner read and write only (``-rw-------``), and owner only for a folder (``drwx------``).
PRIVATE_FILE, PRIVATE_FOLDER = 0o600, 0o700
POSIX = os.name == "posix"


def open_private(path: str | os.PathLike, mode: str = "w", *, exclusive: bool = False, **options: Any) -> IO[Any]:
    """Open a file for writing, owner-only (``0600``) whatever the umask, and never through a symbolic link.

    Parameters
    ----------
    path : str or path-like
        The file to create (or, unless ``exclusive``, to empty and rewrite).
    mode : str
        ``"w"`` (text) or ``"wb"`` (bytes), as for :func:`open`.
    exclusive : bool
        Refuse a file that already exists (:class:`FileExistsError`) instead of emptying it.
    **options
        Passed to :func:`open` (``encoding``, ``newline``).

    Returns
    -------
    file object
        Open for writing; the caller closes it.

    Raises
    ------
    OSError
        The file cannot be created (a missing folder, no permission, a symbolic link, or it exists
        and ``exclusive`` was asked).
    """
    flags = os.O_CREAT | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, PRIVATE_FILE)
    try:
        if POSIX:
            os.fchmod(fd, PRIVATE_FILE)  # the mode of os.open is filtered by the umask (and kept by an existing file)
        return os.fdopen(fd, mode, **options)
    except BaseException:
        os.close(fd)
        raise


@contextmanager
def private_output(path: str | os.PathLike, mode: str = "w", **options: Any) -> Iterator[IO[Any]]:
    """Write a file whole or not at all, owner-only: a temporary file beside it, renamed over it on success.

    Parameters
    ----------
    path : str or path-like
        The file to write (replaced if it exists).
    mode : str
        ``"w"`` (text) or ``"wb"`` (bytes).
    **options
        Passed to :func:`open` (``encoding``, ``newline``).

    Yields
    ------
    file object
        The temporary file (``0600``); when the ``with`` block raises, it is removed and ``path``
        is left as it was.

    Raises
    ------
    InteropError
        The file cannot be created or renamed (its folder does not exist, or cannot be written), naming it.

    Examples
    --------
    >>> import os, pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "scores.csv"
    >>> with private_output(target, encoding="utf-8") as handle:
    ...     _ = handle.write("patient,total\\n")
    >>> oct(target.stat().st_mode & 0o777), sorted(os.listdir(target.parent))
    ('0o600', ['scores.csv'])
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        handle = open_private(temporary, mode, exclusive=True, **options)
    except OSError as error:
        raise _cannot_write(path, error) from None
    try:
        with handle:
            yield handle
        try:
            os.replace(temporary, path)
        except OSError as error:
            raise _cannot_write(path, error) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _cannot_write(path: Path, error: OSError) -> InteropError:
    reason = (
        f"the folder {path.parent} does not exist (create it first)"
        if isinstance(error, FileNotFoundError) and not path.parent.is_dir()
        else error.strerror or str(error)
    )
    return InteropError(
        f"cannot write {path}: {reason}",
        item="file",
        value=str(path),
        allowed="a file in an existing folder this user can write",
    )
