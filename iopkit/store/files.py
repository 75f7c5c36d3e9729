"""The store's files on disk: private by default, refused when others can read them, and
never touched when they are not an iopkit store.

Health data is kept owner-only: a new folder is created ``0700`` and the database ``0600``
whatever the umask (SQLite then gives its ``-wal`` and ``-shm`` files the database's mode;
"Atomic Commit In SQLite" and the ``unix`` VFS, https://www.sqlite.org/atomiccommit.html).
A database, ``-wal`` or ``-shm`` file that the group or others may read or write is refused
with the command that fixes it, the same rule OpenSSH applies to private keys.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import warnings
from pathlib import Path

from .._files import POSIX as _POSIX
from .._files import PRIVATE_FILE as _PRIVATE_FILE
from .._files import PRIVATE_FOLDER as _PRIVATE_FOLDER
from .._files import open_private
from ..errors import StoreError
from .schema import APPLICATION_ID, MIGRATIONS

__all__ = [
    "StoreWarning",
    "open_checks",
    "companions",
    "create_private",
    "fix_permissions",
    "loose_files",
    "probe",
    "writable",
]


class StoreWarning(UserWarning):
    """Something the store did that its user should know (e.g. it opened a file read-only)."""


def companions(path: Path) -> tuple[Path, ...]:
    """The database and the ``-wal`` and ``-shm`` files SQLite keeps beside it.

    Parameters
    ----------
    path : Path
        The database file.

    Returns
    -------
    tuple of Path
        The database, its ``-wal`` and its ``-shm`` file (whether they exist or not).
    """
    return path, Path(f"{path}-wal"), Path(f"{path}-shm")


def create_private(path: Path) -> None:
    """Create the folder (0700) and an empty database file (0600) if they do not exist yet.

    Parameters
    ----------
    path : Path
        The database file.

    Raises
    ------
    StoreError
        The path is a folder, or the folder or file cannot be created.
    """
    if path.is_dir():
        raise StoreError(
            f"{path} is a folder; give the database file inside it, e.g. {path / 'iopkit.sqlite'}",
            item="path",
            value=str(path),
            allowed="a file path",
        )
    folder = path.parent
    if not folder.exists():
        try:
            folder.mkdir(mode=_PRIVATE_FOLDER, parents=True)
            if _POSIX:
                os.chmod(folder, _PRIVATE_FOLDER)  # mode= is filtered by the umask; this is not
        except FileExistsError:
            pass  # another process created it at the same moment
        except OSError as error:
            raise StoreError(f"cannot create the folder {folder}: {error}", item="path", value=str(path)) from error
    if path.exists():
        return
    try:
        open_private(path, "wb", exclusive=True).close()
    except FileExistsError:
        return
    except OSError as error:
        raise StoreError(f"cannot create the database {path}: {error}", item="path", value=str(path)) from error


def loose_files(path: Path) -> tuple[Path, ...]:
    """Those of the database, ``-wal`` and ``-shm`` files that the group or others may access.

    Parameters
    ----------
    path : Path
        The database file.

    Returns
    -------
    tuple of Path
        The files with any group or other permission bit set (none on Windows).
    """
    if not _POSIX:
        return ()
    loose = []
    for file in companions(path):
        try:
            if stat.S_IMODE(file.stat().st_mode) & 0o077:
                loose.append(file)
        except FileNotFoundError:
            continue
    return tuple(loose)


def refuse_loose(path: Path) -> None:
    """Raise a StoreError naming the fix if the group or others may read or write the store."""
    loose = loose_files(path)
    if loose:
        modes = ", ".join(f"{file.name} {stat.S_IMODE(file.stat().st_mode):o}" for file in loose)
        raise StoreError(
            f"{path} holds health data but others may read it ({modes}); iopkit opens it only when it is "
            f"private to its owner. Fix: chmod 600 {' '.join(str(f) for f in loose)}  "
            f"(or: python -m iopkit.store fix-permissions {path})",
            item="path",
            value=str(path),
            allowed="mode 600 (owner read and write only)",
        )


def fix_permissions(path: str | os.PathLike) -> tuple[Path, ...]:
    """Make the database and its ``-wal``/``-shm`` files owner-only (0600); return those changed.

    Parameters
    ----------
    path : str or path-like
        The database file (``~`` is expanded).

    Returns
    -------
    tuple of Path
        The files whose permissions were changed.

    Raises
    ------
    StoreError
        The path is not a file.

    Examples
    --------
    >>> import tempfile, pathlib, os
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "s.sqlite"
    >>> db.touch(mode=0o644); os.chmod(db, 0o644)
    >>> [p.name for p in fix_permissions(db)], oct(db.stat().st_mode & 0o777)
    (['s.sqlite'], '0o600')
    """
    path = Path(path).expanduser()
    if not path.is_file():
        raise StoreError(f"{path} is not a database file", item="path", value=str(path))
    changed = loose_files(path)
    for file in changed:
        os.chmod(file, _PRIVATE_FILE)
    return changed


def writable(path: Path) -> bool:
    """Can this process write the database (and create its ``-wal``/``-shm`` beside it)?

    Parameters
    ----------
    path : Path
        The database file.

    Returns
    -------
    bool
        Whether the file, its folder (or both companions) and any existing companion are writable.
    """
    wal, shm = companions(path)[1:]
    folder_ok = os.access(path.parent, os.W_OK | os.X_OK) or (wal.exists() and shm.exists())
    return os.access(path, os.W_OK) and folder_ok and all(os.access(f, os.W_OK) for f in (wal, shm) if f.exists())


def read_only_uri(path: Path) -> str:
    """The SQLite URI that opens ``path`` for reading only, even in a folder this process cannot write.

    SQLite reads a WAL database read-only only when its ``-shm`` file exists or can be created;
    otherwise, if no write-ahead log is pending, the file is opened ``immutable`` (nothing can
    change it while no one can write the folder).  https://www.sqlite.org/wal.html#readonly
    """
    uri = path.absolute().as_uri() + "?mode=ro"
    wal, shm = companions(path)[1:]
    if shm.exists() or os.access(path.parent, os.W_OK | os.X_OK):
        return uri
    if wal.exists() and wal.stat().st_size:
        raise StoreError(
            f"{path} has a write-ahead log ({wal.name}) not yet copied into it, and its folder cannot "
            "be written, so it cannot be read safely; its owner should open it once with iopkit",
            item="path",
            value=str(path),
        )
    return uri + "&immutable=1"


def probe(path: Path) -> tuple[int, int, int]:
    """``(application_id, user_version, number of schema objects)`` read without writing anything.

    Parameters
    ----------
    path : Path
        The database file.

    Returns
    -------
    (int, int, int)
        The application id, the schema version and the number of schema objects.

    Raises
    ------
    StoreError
        The file is not SQLite or cannot be read.
    """
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as error:
        raise StoreError(f"{path} cannot be opened: {error}", item="path", value=str(path)) from error
    try:
        return (
            conn.execute("PRAGMA application_id").fetchone()[0],
            conn.execute("PRAGMA user_version").fetchone()[0],
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0],
        )
    except sqlite3.Error as error:
        raise StoreError(f"{path} is not a usable iopkit store: {error}", item="path", value=str(path)) from error
    finally:
        conn.close()


def open_checks(path: Path, read_only: bool) -> tuple[bool, str]:
    """Everything checked before a store is opened, without writing to a file that is refused.

    Creates a new store's folder and file privately; refuses a folder, a foreign or newer file and
    a file others may read; falls back to reading only when this process cannot write.
    Returns ``(read_only, uri)``: whether the store is read-only and the URI to open.

    Parameters
    ----------
    path : Path
        The database file.
    read_only : bool
        Whether the caller asked to read only.

    Returns
    -------
    (bool, str)
        Whether the store opens read-only, and the SQLite URI to open.

    Raises
    ------
    StoreError
        A folder, a missing file to read, a file of another application or of a newer iopkit, a file others may
        read, or a file needing an upgrade that cannot be written.
    """
    if not read_only:
        create_private(path)
    elif not path.is_file():
        raise StoreError(f"{path} is not a database file", item="path", value=str(path))
    app_id, version, objects = probe(path)  # read-only: nothing is written before the checks
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and objects):
        raise StoreError(f"{path} is an SQLite file of another application, not an iopkit store")
    if version > len(MIGRATIONS):
        raise StoreError(
            f"{path} has schema version {version}, written by a newer iopkit; "
            f"this one reads up to version {len(MIGRATIONS)}. Upgrade iopkit."
        )
    refuse_loose(path)
    if not read_only and not writable(path):
        read_only = True
        warnings.warn(
            StoreWarning(f"{path} cannot be written by this user; opened read-only (reading works, saving is refused)"),
            stacklevel=3,
        )
    if read_only and (app_id, version) != (APPLICATION_ID, len(MIGRATIONS)):
        raise StoreError(
            f"{path} has schema version {version} and needs an upgrade to version "
            f"{len(MIGRATIONS)}, which needs write access; open it once writable"
        )
    return read_only, (read_only_uri(path) if read_only else path.absolute().as_uri() + "?mode=rw")
