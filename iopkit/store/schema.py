"""The database file: where it lives, how it is marked, and the versioned schema."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .chain import hash_sites, seal

if TYPE_CHECKING:
    import sqlite3

__all__ = [
    "APPLICATION_ID",
    "MIGRATIONS",
    "RECORD_SQL",
    "TABLES_V1",
    "SITE_COLUMN",
    "SOURCE_COLUMN",
    "data_folder",
    "default_path",
    "default_location",
    "is_postgres",
    "sqlite_path",
]

#: "IOPK": marks the file as an iopkit store (``PRAGMA application_id``, https://www.sqlite.org/pragma.html).
APPLICATION_ID = 0x494F504B

_NO_CHANGE = "RAISE(ABORT, '{table} are append-only: save an amendment instead of changing or deleting')"

_REPLACED = "RAISE(ABORT, '{table} are append-only: this insert would replace a saved row')"
_UNCHAINED = (
    "RAISE(ABORT, '{table} are chained: an insert names the next id and carries its hash (save through iopkit)')"
)

#: The tables and index of version 1, the same text on SQLite and PostgreSQL (PostgreSQL gets a
#: ``json_valid`` function, see :mod:`iopkit.store.pg_schema`); each backend adds its own guards.
TABLES_V1: tuple[str, ...] = (
    """CREATE TABLE patients (
        id INTEGER PRIMARY KEY,
        pseudonym TEXT NOT NULL UNIQUE CHECK (length(trim(pseudonym)) > 0),
        display_name TEXT,
        adolescent INTEGER NOT NULL CHECK (adolescent IN (0, 1)),
        created_at TEXT NOT NULL)""",
    """CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patients (id),
        kind TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        taken_at TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        saved_by TEXT NOT NULL CHECK (length(trim(saved_by)) > 0),
        amends INTEGER UNIQUE REFERENCES records (id),
        reason TEXT,
        payload TEXT NOT NULL CHECK (json_valid(payload)),
        CHECK ((amends IS NULL) = (version = 1)),
        CHECK (amends IS NULL OR length(trim(reason)) > 0))""",
    "CREATE INDEX records_by_patient ON records (patient_id, kind, id)",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)

#: Version 3 on both backends: the site (clinic) a patient belongs to; ``''`` is the only site of a
#: one-site store.  PostgreSQL scopes clinicians to their sites with row-level security on it.
SITE_COLUMN = "ALTER TABLE patients ADD COLUMN site TEXT NOT NULL DEFAULT ''"

#: Version 4 on both backends: who reported an assessment.  NULL (every row saved before version 4,
#: and every clinician's entry) is entered by staff; ``'patient'`` is the patient's own self-report
#: (:class:`iopkit.store.kinds.Source`).  The hash chain covers it only when set, so rows saved before
#: keep their hashes (:data:`iopkit.store.chain.OPTIONAL_FIELDS`).
SOURCE_COLUMN = "ALTER TABLE records ADD COLUMN source TEXT CHECK (source IS NULL OR source IN ('patient'))"

#: Schema migrations, one tuple of steps per version: ``MIGRATIONS[i]`` upgrades a file at
#: ``user_version`` i to i + 1.  A step is an SQL statement or a function of the connection.
#: Never edit a released entry; append a new one.
MIGRATIONS: tuple[tuple[str | Callable[[sqlite3.Connection], None], ...], ...] = (
    (
        *TABLES_V1,
        *(
            f"CREATE TRIGGER {table}_no_{verb} BEFORE {verb.upper()} ON {table} "
            f"BEGIN SELECT {_NO_CHANGE.format(table=table)}; END"
            for table in ("patients", "records")
            for verb in ("update", "delete")
        ),
        # An amendment names a record of the same patient and kind, exactly one version earlier;
        # UNIQUE (amends) above keeps each chain of versions a single line (no forks).
        """CREATE TRIGGER records_amendment_matches BEFORE INSERT ON records WHEN NEW.amends IS NOT NULL
           BEGIN SELECT RAISE(ABORT, 'an amendment must name a record of the same patient and kind, one version earlier')
           WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.id = NEW.amends AND r.patient_id = NEW.patient_id
                             AND r.kind = NEW.kind AND r.version = NEW.version - 1); END""",  # noqa: E501 (DDL kept verbatim)
    ),
    (
        # The hash chain (see iopkit.store.chain), computed for the rows already there.
        "ALTER TABLE patients ADD COLUMN hash TEXT",
        "ALTER TABLE records ADD COLUMN hash TEXT",
        "DROP TRIGGER patients_no_update",
        "DROP TRIGGER records_no_update",
        seal,
        *(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT {_NO_CHANGE.format(table=table)}; END"
            for table in ("patients", "records")
        ),
        *(
            f"CREATE TRIGGER meta_no_{verb} BEFORE {verb.upper()} ON meta "
            f"BEGIN SELECT {_NO_CHANGE.format(table='metadata')}; END"
            for verb in ("update", "delete")
        ),
        *(
            f"""CREATE TRIGGER {table}_chained BEFORE INSERT ON {table}
              WHEN NEW.hash IS NULL OR length(NEW.hash) != 64
                   OR NEW.id IS NOT (SELECT coalesce(max(id), 0) + 1 FROM {table})
              BEGIN SELECT {_UNCHAINED.format(table=table)}; END"""
            for table in ("patients", "records")
        ),
        # Created last so that SQLite (which fires the newest trigger first) names a replacement as such.
        # REPLACE (and INSERT OR REPLACE, and the REPLACE of an UPSERT) deletes the row it
        # conflicts with without firing delete triggers; refuse any insert that meets a saved key.
        f"""CREATE TRIGGER patients_no_replace BEFORE INSERT ON patients
            WHEN EXISTS (SELECT 1 FROM patients WHERE id = NEW.id OR pseudonym = NEW.pseudonym)
            BEGIN SELECT {_REPLACED.format(table="patients")}; END""",
        f"""CREATE TRIGGER records_no_replace BEFORE INSERT ON records
            WHEN EXISTS (SELECT 1 FROM records WHERE id = NEW.id OR amends = NEW.amends)
            BEGIN SELECT {_REPLACED.format(table="records")}; END""",
        f"""CREATE TRIGGER meta_no_replace BEFORE INSERT ON meta
            WHEN EXISTS (SELECT 1 FROM meta WHERE key = NEW.key)
            BEGIN SELECT {_REPLACED.format(table="metadata")}; END""",
    ),
    (SITE_COLUMN,),
    (SOURCE_COLUMN,),
    # Version 5: the patient's site joins the hash chain for every patient saved from now on.
    (hash_sites,),
)


def is_postgres(location: object) -> bool:
    """True when ``location`` is a PostgreSQL URL (``postgresql://`` or ``postgres://``).

    Parameters
    ----------
    location : object
        Where a store lives: a PostgreSQL URL, an ``sqlite:///`` URL, a path, or anything else.

    Returns
    -------
    bool
        True only for a string starting with ``postgresql://`` or ``postgres://``.
    """
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


def default_location() -> str | Path:
    """``$IOPKIT_DB`` as given when it is a PostgreSQL URL, else :func:`default_path`.

    Returns
    -------
    str or Path
        The PostgreSQL URL of ``$IOPKIT_DB`` as a string, or the SQLite file as a path.

    Examples
    --------
    >>> import os
    >>> os.environ["IOPKIT_DB"] = "postgresql://clinic-db/iopkit"; default_location()
    'postgresql://clinic-db/iopkit'
    >>> del os.environ["IOPKIT_DB"]
    """
    return os.environ["IOPKIT_DB"] if is_postgres(os.environ.get("IOPKIT_DB")) else default_path()


def sqlite_path(location: str | os.PathLike) -> Path:
    """The file of a path or an ``sqlite:///`` URL (``sqlite:////abs/file`` for an absolute path).

    Parameters
    ----------
    location : str or path-like
        A file path or an ``sqlite:///`` URL; a leading ``~`` is expanded to the user's home.

    Returns
    -------
    Path
        The database file (not checked to exist).

    Examples
    --------
    >>> str(sqlite_path("sqlite:////srv/iopkit.sqlite")), str(sqlite_path("clinic.sqlite"))
    ('/srv/iopkit.sqlite', 'clinic.sqlite')
    """
    text = os.fspath(location)
    if isinstance(text, str) and text.startswith("sqlite:///"):
        text = text.removeprefix("sqlite:///")
    return Path(text).expanduser()


def data_folder() -> Path:
    """The per-user data folder of this operating system, where iopkit keeps its files.

    ``~/.local/share/iopkit`` on Linux (``$XDG_DATA_HOME/iopkit`` when set; XDG Base Directory
    Specification), ``~/Library/Application Support/iopkit`` on macOS and ``%LOCALAPPDATA%\\iopkit``
    on Windows, as :func:`platformdirs.user_data_path` gives them.

    Returns
    -------
    Path
        The folder (not created here; :class:`~iopkit.store.Store` creates it owner-only on first use).

    Examples
    --------
    >>> data_folder().name
    'iopkit'
    """
    from platformdirs import user_data_path

    return user_data_path("iopkit", appauthor=False)


def default_path() -> Path:
    """Where :class:`Store` keeps its file when no path is given.

    ``$IOPKIT_DB`` if set, else ``iopkit.sqlite`` in the per-user data folder of the operating
    system (:func:`data_folder`).

    Returns
    -------
    Path
        The database file.

    Examples
    --------
    >>> import os
    >>> os.environ["IOPKIT_DB"] = "/tmp/elsewhere.sqlite"; str(default_path())
    '/tmp/elsewhere.sqlite'
    >>> del os.environ["IOPKIT_DB"]
    >>> default_path() == data_folder() / "iopkit.sqlite"
    True
    """
    if os.environ.get("IOPKIT_DB"):
        return sqlite_path(os.environ["IOPKIT_DB"])
    return data_folder() / "iopkit.sqlite"


#: The columns of a record as the store reads it (one row per saved version; the last column but one is the id of
#: the version that corrects it, if any), shared by single reads and the bulk read (:mod:`iopkit.store.bulk`).
RECORD_SQL = """SELECT r.id, r.patient_id, r.kind, r.version, r.taken_at, r.saved_at, r.saved_by, r.payload,
                       r.amends, r.reason, (SELECT n.id FROM records n WHERE n.amends = r.id), r.source
                FROM records r"""
