"""The Store on a PostgreSQL server: the same API and guarantees as the SQLite file, for a clinic.

``Store("postgresql://user@host/db")`` (or ``$IOPKIT_DB`` set to such a URL) opens a
:class:`PostgresStore`.  What holds on both backends holds here, enforced by the server:

* Append-only: triggers refuse UPDATE, DELETE and TRUNCATE of patients, records and metadata
  (and the clinician role has no such grants, see :mod:`iopkit.store.pg_roles`); amendments
  are new versions; the same SHA-256 hash chain, checked by :meth:`Store.verify`.
* Every write is one transaction that first takes one transaction-level advisory lock
  (PostgreSQL documentation, "Advisory Locks",
  https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS): writers of all
  dashboards queue for it, so the chain never forks, no write is lost, and of two clinicians
  amending the same record the second is told which newer version to amend instead.  The lock
  is held for one insert (about a millisecond); the commit is durable
  (``synchronous_commit = on``) before :meth:`save` returns.
* Versioned migrations (:data:`~iopkit.store.pg_schema.PG_MIGRATIONS`, one per SQLite
  version) run on open under the same lock; a database of a newer iopkit is refused.

Needs the ``postgres`` extra (``pip install iopkit[postgres]``: psycopg 3).
"""

from __future__ import annotations

import datetime as dt
import re

from ..errors import StoreError
from . import chain
from .database import ENGINES, Store, _site
from .pg_schema import PG_MIGRATIONS, VERSION_TABLE
from .schema import APPLICATION_ID, MIGRATIONS, default_location

__all__ = ["WRITE_LOCK", "PostgresStore", "shown"]

#: The advisory lock key every write holds ("IOPK" as a number, the SQLite file's application id).
WRITE_LOCK = APPLICATION_ID

assert len(PG_MIGRATIONS) == len(MIGRATIONS), "every schema version exists on both backends"


def shown(url: str) -> str:
    """The URL without its password, for messages.

    Parameters
    ----------
    url : str
        A store URL (``postgresql://user:password@host:port/database``), with or without a password.

    Returns
    -------
    str
        The same URL with any password replaced by ``***``; a URL without one is returned unchanged.

    Examples
    --------
    >>> shown("postgresql://clinician:s3cret@db.clinic:5432/iopkit")
    'postgresql://clinician:***@db.clinic:5432/iopkit'
    """
    return re.sub(r"(://[^:@/]*):[^@/]*@", r"\1:***@", url)


def _psycopg():
    try:
        import psycopg
    except ImportError as error:  # pragma: no cover - the extra is part of the test set
        raise StoreError("a postgresql:// store needs psycopg 3: pip install 'iopkit[postgres]'") from error
    return psycopg


class _Connection:
    """A psycopg connection that speaks the store's ``?`` placeholders, like :mod:`sqlite3`."""

    def __init__(self, raw) -> None:
        self.raw = raw

    def execute(self, sql: str, parameters: tuple = ()):
        return self.raw.execute(sql.replace("%", "%%").replace("?", "%s"), tuple(parameters))

    def chain_head(self, table: str) -> tuple | None:
        """The id and hash of the newest row of a chain, whatever rows this role may read."""
        return self.execute("SELECT id, hash FROM iopkit_chain_head(?)", (table,)).fetchone()

    def clock(self) -> dt.datetime:
        """The database server's time now (``clock_timestamp()``), the only saving time it accepts."""
        return self.execute("SELECT clock_timestamp()").fetchone()[0]

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != _psycopg().pq.TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()


class PostgresStore(Store):
    """The :class:`~iopkit.store.Store` on PostgreSQL (open it as ``Store("postgresql://...")``).

    Parameters
    ----------
    path : str
        ``postgresql://user[:password]@host[:port]/database``; libpq reads the password from
        ``~/.pgpass`` or ``$PGPASSWORD`` when the URL has none.
    read_only : bool, default False
        Every transaction of the connection is read-only.
    site : str, optional
        The site new patients belong to (default ``$IOPKIT_SITE``, else ``''``).
    """

    path: str  # the URL without its password
    _conn: _Connection

    def __init__(self, path: str | None = None, *, read_only: bool = False, site: str | None = None) -> None:
        psycopg = _psycopg()
        url = str(default_location() if path is None else path)
        self.url, self.path = url, shown(url)
        self.site = _site(site)
        self.read_only = read_only
        self._open(
            lambda: _Connection(psycopg.connect(url, autocommit=True, application_name="iopkit")),
            self._set_up,
            psycopg.Error,
        )

    def _set_up(self) -> None:
        self._conn.execute("SET synchronous_commit = on")
        if self.read_only:
            self._conn.execute("SET default_transaction_read_only = on")
        self._migrate()

    # --- transactions and schema ---------------------------------------------------------------
    def _begin(self) -> None:
        psycopg = _psycopg()
        try:
            # One round trip: the transaction and its lock (the lock is released at COMMIT or ROLLBACK).
            self._conn.raw.execute(f"BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK:d})")
        except psycopg.Error as error:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise StoreError(f"{self.path}: could not start a write: {error}") from error

    def _rollback(self) -> None:
        if not self._conn.raw.closed and self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def _write_errors(self) -> tuple[type[Exception], tuple[type[Exception], ...]]:
        psycopg = _psycopg()
        return psycopg.Error, (psycopg.errors.IntegrityError, psycopg.errors.InsufficientPrivilege)

    def _versions(self) -> tuple[int, int]:
        """(APPLICATION_ID, version) for an iopkit database, (0, 0) for an empty one."""
        if self._conn.execute("SELECT to_regclass('iopkit_schema')").fetchone()[0] is None:
            tables = self._conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
            return (1 if tables.fetchone()[0] else 0), 0
        return APPLICATION_ID, self._conn.execute("SELECT coalesce(max(version), 0) FROM iopkit_schema").fetchone()[0]

    def _migrate(self) -> None:
        app_id, version = self._versions()
        if app_id not in (0, APPLICATION_ID):
            raise StoreError(f"{self.path} holds tables of another application, not an iopkit store")
        if version > len(PG_MIGRATIONS):
            raise StoreError(
                f"{self.path} has schema version {version}, written by a newer iopkit; "
                f"this one reads up to version {len(PG_MIGRATIONS)}. Upgrade iopkit."
            )
        if version == len(PG_MIGRATIONS) or self.read_only:
            return
        with self._transaction() as conn:
            conn.execute(VERSION_TABLE)
            version = conn.execute("SELECT coalesce(max(version), 0) FROM iopkit_schema").fetchone()[0]
            for number, steps in enumerate(PG_MIGRATIONS[version:], start=version + 1):
                for step in steps:
                    step(conn) if callable(step) else conn.execute(step)
                conn.execute("INSERT INTO iopkit_schema (version) VALUES (?)", (number,))

    def migrate(self) -> int:
        """Bring the schema up to date (done on open as well) and return its version.

        Returns
        -------
        int
            The newest schema version applied.

        Raises
        ------
        StoreError
            The database holds tables of another application, or a schema written by a newer iopkit; or the
            upgrade failed (rolled back).
        """
        self._migrate()
        return self.schema_version

    @property
    def schema_version(self) -> int:
        """The newest schema version applied (a row of ``iopkit_schema``)."""
        with self._lock:
            return self._versions()[1]

    def checkpoint(self) -> None:
        """Nothing to do on PostgreSQL (the server manages its write-ahead log)."""

    def verify(self, anchor: str | tuple[str, ...] = ()) -> chain.ChainReport:
        psycopg = _psycopg()
        try:
            return super().verify(anchor)
        except psycopg.Error as error:
            raise StoreError(f"{self.path} cannot be verified: {error}") from error

    verify.__doc__ = Store.verify.__doc__

    def _query(self, sql: str, parameters: tuple = ()) -> list[tuple]:
        psycopg = _psycopg()
        with self._lock:
            try:
                return self._conn.execute(sql, parameters).fetchall()
            except psycopg.Error as error:
                raise StoreError(f"{self.path} could not be read: {error}") from error

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            self._conn.close()

    # --- roles -----------------------------------------------------------------------------------
    def setup_roles(self, prefix: str = "iopkit", sites: tuple[str, ...] = ()) -> dict[str, str]:
        """Create the clinic's database roles, grants, site scoping and research views.

        See :func:`iopkit.store.pg_roles.setup_roles`; run it as the database owner or a superuser.

        Parameters
        ----------
        prefix : str, default "iopkit"
            Role names start with it (roles are shared by every database of the server).
        sites : tuple of str, default ()
            Sites to create a ``{prefix}_site_{site}`` role for (lower-case letters, digits, ``_``).

        Returns
        -------
        dict of str to str
            What each role is for -> its name (``{"clinician": "iopkit_clinician", ..., "site:a": "iopkit_site_a"}``).

        Raises
        ------
        StoreError
            A prefix or site name that is not lower-case letters, digits and ``_`` (nothing is changed); the
            store is open read-only; or the server refused (e.g. a role that may not create roles) and
            everything was rolled back.
        """
        from .pg_roles import setup_roles

        with self._transaction():
            return setup_roles(self._conn.raw, prefix, tuple(sites))


ENGINES["postgresql"] = PostgresStore
