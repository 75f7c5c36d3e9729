"""The Store: one SQLite file, append-only, every write one durable transaction."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import RecordNotFoundError, StoreError
from . import chain
from .files import open_checks
from .kinds import (
    KINDS,
    Patient,
    Record,
    Source,
    _differences,
    _encode,
    _rederive,
    kind_of,
    stored_item,
)
from .schema import (
    APPLICATION_ID,
    MIGRATIONS,
    RECORD_SQL,
    default_location,
    default_path,
    is_postgres,
    sqlite_path,
)
from .text import (
    LIMITS,
    clean,
    row_id,
    skeleton,
    utc_text,
    warn_if_identifying,
    when_of,
)

__all__ = ["Store"]

BUSY_TIMEOUT_S = 10.0  # one busy wait inside SQLite ...
RETRIES = 8  # ... then this many more attempts with jittered back-off


#: Store classes of other engines by URL scheme; :mod:`iopkit.store.postgres` registers itself
#: (``import iopkit.store`` imports it, so a ``postgresql://`` URL always finds it).
ENGINES: dict[str, type] = {}


def _saving_time(conn) -> str:
    """Now, as the time a row is saved: the database server's clock when the connection has one (PostgreSQL
    refuses any other, see :mod:`iopkit.store.pg_schema`), else this computer's."""
    clock = getattr(conn, "clock", None)
    return utc_text(clock() if clock else None)


def _site(site: str | None) -> str:
    site = os.environ.get("IOPKIT_SITE", "") if site is None else site
    return clean("site", site) if site != "" else ""


def _is_busy(error: sqlite3.Error) -> bool:
    return getattr(error, "sqlite_errorcode", 0) & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


class Store:
    """The append-only record store: one SQLite file, or a PostgreSQL database.

    Parameters
    ----------
    path : str or Path, optional
        The database file (a path or ``sqlite:///file``), created with its folder on first use;
        or a ``postgresql://`` URL, which opens a :class:`~iopkit.store.postgres.PostgresStore`
        with the same API and guarantees.  Default: ``$IOPKIT_DB`` (a path or either URL), else
        :func:`default_path` in the per-user data folder.

    read_only : bool, default False
        Open for reading only.  A file this process cannot write (or whose folder it cannot
        write, for SQLite's ``-wal``/``-shm``) is opened read-only anyway, with a
        :class:`~iopkit.store.files.StoreWarning`; :attr:`read_only` says which.

    site : str, optional
        The site (clinic) that patients added through this store belong to; default
        ``$IOPKIT_SITE``, else ``''`` (the only site).  On PostgreSQL a clinician sees only the
        patients of the sites their database role belongs to.

    Raises
    ------
    StoreError
        The path is a folder; the file is not an iopkit store, was written by a newer iopkit,
        is damaged, or may be read by others than its owner (the message gives the command
        that fixes it).  Nothing is written to a file that is refused.
    """

    #: The SQLite file; a PostgreSQL store keeps its URL here, password hidden (``PostgresStore.path``).
    path: Path | str
    #: The open connection: :mod:`sqlite3`'s, or the PostgreSQL store's adapter speaking the same ``execute``.
    _conn: Any

    def __new__(cls, path: str | os.PathLike | None = None, **options):
        if cls is Store and is_postgres(default_location() if path is None else path):
            return super().__new__(ENGINES["postgresql"])
        return super().__new__(cls)

    def __init__(
        self, path: str | os.PathLike | None = None, *, read_only: bool = False, site: str | None = None
    ) -> None:
        self.path = sqlite_path(path) if path is not None else default_path()
        self.site = _site(site)
        self.read_only, uri = open_checks(self.path, read_only)
        self._open(
            lambda: sqlite3.connect(
                uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            ),
            self._set_up,
            sqlite3.Error,
        )

    # --- connection and transactions -------------------------------------------------------
    def _open(self, connect: Callable[[], Any], set_up: Callable[[], object], engine_error: type[Exception]) -> None:
        """Open the connection (``self._conn``) and set it up: the one opening path of every engine.

        Parameters
        ----------
        connect : callable
            Returns the open connection.
        set_up : callable
            Configures the connection and migrates the schema (it reads ``self._conn``).
        engine_error : type
            The engine's base error (``sqlite3.Error``, ``psycopg.Error``).

        Raises
        ------
        StoreError
            The engine refused to connect ("cannot be opened") or the set-up failed ("is not a
            usable iopkit store"); a connection whose set-up failed for any reason is closed.
        """
        self._lock = threading.RLock()
        self._depth = 0  # 1 inside a write transaction (see batch())
        try:
            self._conn = connect()
        except engine_error as error:
            raise StoreError(f"{self.path} cannot be opened: {error}".strip()) from error
        try:
            set_up()
        except engine_error as error:
            self._conn.close()
            raise StoreError(f"{self.path} is not a usable iopkit store: {error}") from error
        except BaseException:
            self._conn.close()
            raise

    @classmethod
    def open_default(cls, *, read_only: bool = False, site: str | None = None) -> Store:
        """The production store: ``$IOPKIT_DB`` if set, else ``iopkit.sqlite`` in the per-user data folder.

        The data folder is the operating system's own (:func:`~iopkit.store.schema.data_folder`:
        ``~/.local/share/iopkit`` on Linux, ``~/Library/Application Support/iopkit`` on macOS,
        ``%LOCALAPPDATA%\\iopkit`` on Windows); a new folder and file are created owner-only, as
        for any path.

        Parameters
        ----------
        read_only : bool, default False
            Open for reading only (see :class:`Store`).
        site : str, optional
            The site patients added through this store belong to (see :class:`Store`).

        Returns
        -------
        Store
            The store at ``$IOPKIT_DB`` (a path or a ``postgresql://`` URL), else the per-user one.

        Examples
        --------
        >>> import os, pathlib, tempfile
        >>> from unittest import mock
        >>> clinic = pathlib.Path(tempfile.mkdtemp()) / "clinic.sqlite"
        >>> with mock.patch.dict(os.environ, {"IOPKIT_DB": str(clinic)}), Store.open_default() as store:
        ...     store.path == clinic, oct(clinic.stat().st_mode & 0o777)
        (True, '0o600')
        """
        return Store(default_location(), read_only=read_only, site=site)

    # --- connection and transactions -------------------------------------------------------
    def _set_up(self) -> None:
        self._retrying(self._configure)
        self._migrate()

    def _configure(self) -> None:
        self._conn.execute("PRAGMA foreign_keys = ON")
        if self.read_only:
            self._conn.execute("PRAGMA query_only = ON")
            return
        self._conn.execute("PRAGMA synchronous = FULL")
        mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise StoreError(f"{self.path}: SQLite refused WAL mode (got {mode!r})")

    def _retrying(self, action):
        for attempt in range(RETRIES + 1):
            try:
                return action()
            except sqlite3.OperationalError as error:
                if not _is_busy(error) or attempt == RETRIES:
                    raise
                time.sleep(random.uniform(0.01, 0.05) * 2 ** min(attempt, 4))

    @contextmanager
    def _transaction(self):
        """One write transaction, the write lock taken first; commits durably or rolls back.

        Inside :meth:`batch` it joins the batch's transaction instead.
        """
        with self._lock:
            if self._depth:
                yield self._conn
                return
            if self.read_only:
                raise StoreError(f"{self.path} is open read-only; nothing was saved")
            self._begin()
            self._depth = 1
            engine_error, refused = self._write_errors()
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException as error:
                self._rollback()
                if isinstance(error, refused):
                    raise StoreError(f"{self.path}: refused: {error}") from error
                if isinstance(error, engine_error):
                    raise StoreError(f"{self.path}: the write failed and was rolled back: {error}") from error
                raise
            finally:
                self._depth = 0

    def _begin(self) -> None:
        """Start a write transaction holding the write lock (a :class:`StoreError` if it cannot)."""
        try:
            self._retrying(lambda: self._conn.execute("BEGIN IMMEDIATE"))
        except sqlite3.Error as error:
            raise StoreError(f"{self.path}: could not start a write (another writer held it): {error}") from error

    def _rollback(self) -> None:
        """Roll back the write transaction, if one is open."""
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def _write_errors(self) -> tuple[type[Exception], tuple[type[Exception], ...]]:
        """The engine's base error, and the errors that mean the store refused the write."""
        return sqlite3.Error, (sqlite3.IntegrityError,)

    def batch(self):
        """Group several writes into one transaction: all are committed together, or none is.

        Record ids returned inside the batch are durable once the ``with`` block ends without error.

        Returns
        -------
        contextlib.AbstractContextManager
            Use it in a ``with`` block; an error inside the block rolls every write of the block back.

        Raises
        ------
        StoreError
            On entering the block, the store is open read-only or another writer held it too long; within it,
            a write was refused or failed (every write of the block is rolled back).

        Examples
        --------
        >>> import tempfile, pathlib, datetime
        >>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "b.sqlite")
        >>> try:
        ...     with store.batch():
        ...         pid = store.add_patient("IOP-9")
        ...         store.save(pid, "not a record", by="k")
        ... except StoreError:
        ...     pass
        >>> store.patients()
        ()
        """
        return self._transaction()

    def _migrate(self) -> None:
        """Create or upgrade the schema; a store already at this version is only read, not written."""
        if self.read_only or self._versions() == (APPLICATION_ID, len(MIGRATIONS)):
            return
        with self._transaction() as conn:
            app_id, version = self._versions()
            foreign = app_id == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if app_id not in (0, APPLICATION_ID) or foreign:
                raise StoreError(f"{self.path} is an SQLite file of another application, not an iopkit store")
            if version > len(MIGRATIONS):
                raise StoreError(
                    f"{self.path} has schema version {version}, written by a newer iopkit; "
                    f"this one reads up to version {len(MIGRATIONS)}. Upgrade iopkit."
                )
            for steps in MIGRATIONS[version:]:
                for step in steps:
                    step(conn) if callable(step) else conn.execute(step)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")

    def _versions(self) -> tuple[int, int]:
        return (
            self._conn.execute("PRAGMA application_id").fetchone()[0],
            self._conn.execute("PRAGMA user_version").fetchone()[0],
        )

    @property
    def schema_version(self) -> int:
        """The schema version of the open file (``PRAGMA user_version``)."""
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database file and empty it (e.g. before copying the file).

        Raises
        ------
        StoreError
            SQLite refused the checkpoint (the file is damaged or closed).
        """
        with self._lock:
            try:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error as error:
                raise StoreError(f"{self.path}: checkpoint failed: {error}") from error

    def verify(self, anchor: str | tuple[str, ...] = ()) -> chain.ChainReport:
        """Check the hash chains of patients and records: is the audit trail as it was saved?

        Parameters
        ----------
        anchor : str or tuple of str, optional
            :attr:`~iopkit.store.chain.ChainReport.head` entries kept from an earlier verify;
            a row they name that was rewritten or removed is reported too.

        Returns
        -------
        ChainReport
            ``ok`` when whole; otherwise each break (altered, reordered, gap, unsealed) with its ids.

        Raises
        ------
        StoreError
            An anchor that is not text, or a file too damaged to be read at all.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> with Store(pathlib.Path(tempfile.mkdtemp()) / "v.sqlite") as store:
        ...     _ = store.add_patient("IOP-1")
        ...     report = store.verify()
        >>> report.ok, report.patients, report.records
        (True, 1, 0)
        """
        anchors = (anchor,) if isinstance(anchor, str) else tuple(anchor)
        if not all(isinstance(a, str) for a in anchors):
            raise StoreError(f"anchor must be text 'table:id:hash' (got {anchor!r})", item="anchor", value=anchor)
        with self._lock:
            try:
                return chain.verify(self._conn, str(self.path), anchors)
            except sqlite3.Error as error:
                raise StoreError(f"{self.path} cannot be verified, it is damaged: {error}") from error

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- patients ----------------------------------------------------------------------------
    def add_patient(self, pseudonym: str, *, adolescent: bool = False, display_name: str | None = None) -> int:
        """Register a patient under a pseudonymous id and return the patient id.

        Text is checked and normalised by :func:`iopkit.store.text.clean` (no control, format
        or bidirectional characters; bounded length).  A pseudonym that looks like a real name,
        an e-mail address or contains a date issues a
        :class:`~iopkit.store.text.PossibleRealNameWarning`.

        Parameters
        ----------
        pseudonym : str
            The clinic's pseudonymous id of the patient (never a real name).
        adolescent : bool, default False
            Whether the patient is an adolescent (the placement rules differ).
        display_name : str, optional
            A name shown to staff beside the pseudonym; none by default.

        Returns
        -------
        int
            The new patient's id.

        Raises
        ------
        StoreError
            The pseudonym is empty, invisible, longer than 64 characters, already registered, or
            looks like a registered one (same once case, lookalike letters and spaces are ignored);
            ``adolescent`` is not a bool; a text breaks the rules of :func:`~iopkit.store.text.clean`;
            or the write failed (nothing is written).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> with Store(pathlib.Path(tempfile.mkdtemp()) / "s.sqlite") as store:
        ...     store.add_patient("IOP-0001", adolescent=True), store.patients()[0].adolescent
        (1, True)
        """
        pseudonym = clean("pseudonym", pseudonym)
        display_name = clean("display_name", display_name, optional=True)
        if not isinstance(adolescent, bool):
            raise StoreError(
                f"adolescent must be True or False (got {adolescent!r})",
                item="adolescent",
                value=adolescent,
                allowed=(True, False),
            )
        looks = skeleton(pseudonym)
        values = {
            "pseudonym": pseudonym,
            "display_name": display_name,
            "adolescent": int(adolescent),
            "created_at": "",  # the time of saving, taken under the write lock
            "site": self.site,  # hashed since schema version 5 (iopkit.store.chain.SITE_FROM)
        }
        with self._transaction() as conn:
            values["created_at"] = _saving_time(conn)
            for (existing,) in conn.execute("SELECT pseudonym FROM patients"):
                if existing == pseudonym:
                    raise StoreError(
                        f"a patient with pseudonym {pseudonym!r} already exists",
                        item="pseudonym",
                        value=pseudonym,
                        allowed="a pseudonym not yet registered",
                    )
                if skeleton(existing) == looks:
                    raise StoreError(
                        f"pseudonym {pseudonym!r} looks like the registered {existing!r} (the same "
                        "once case, lookalike letters and spaces are ignored); choose a distinct one",
                        item="pseudonym",
                        value=pseudonym,
                        allowed="a pseudonym unlike any registered",
                    )
            # A store not yet hashing sites (an older schema: never written by this iopkit) hashes the site as absent.
            hashed = values if chain.site_from(conn) is not None else values | {"site": None}
            new_id, digest = chain.next_link(conn, "patients", hashed)
            conn.execute(
                "INSERT INTO patients (id, hash, pseudonym, display_name, adolescent, created_at, site) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (new_id, digest, *values.values()),
            )
        warn_if_identifying(pseudonym)
        return new_id

    def patients(self) -> tuple[Patient, ...]:
        """Every patient, in the order they were added.

        Returns
        -------
        tuple of Patient
            Every patient the store holds (on PostgreSQL, every patient this role may see).

        Raises
        ------
        StoreError
            The store cannot be read (damaged or closed), or a patient row cannot be read by this iopkit.
        """
        return tuple(
            self._patient(row)
            for row in self._query(
                "SELECT id, pseudonym, display_name, adolescent, created_at FROM patients ORDER BY id"
            )
        )

    def patient(self, patient_id: int) -> Patient:
        """One patient by id; :class:`~iopkit.errors.RecordNotFoundError` if there is none.

        Parameters
        ----------
        patient_id : int
            The patient's id (from :meth:`add_patient`).

        Returns
        -------
        Patient
            The patient.

        Raises
        ------
        StoreError
            ``patient_id`` is not a whole number, or the store or the patient's row cannot be read.
        RecordNotFoundError
            The store has no patient with that id (on PostgreSQL, none this role may see).
        """
        patient_id = row_id(patient_id, "patient_id", f"no patient in {self.path} with id")
        rows = self._query(
            "SELECT id, pseudonym, display_name, adolescent, created_at FROM patients WHERE id = ?", (patient_id,)
        )
        if not rows:
            raise RecordNotFoundError(
                f"no patient with id {patient_id!r} in {self.path}", item="patient_id", value=patient_id
            )
        return self._patient(rows[0])

    def _patient(self, row: tuple) -> Patient:
        i, p, d, a, c = row
        try:
            return Patient(i, p, d, bool(a), dt.datetime.fromisoformat(c))
        except (TypeError, ValueError) as error:
            raise StoreError(f"patient {i} in {self.path} cannot be read (written around iopkit?): {error}") from error

    def _query(self, sql: str, parameters: tuple = ()) -> list[tuple]:
        """One read, under the lock (the connection is shared by the threads of a kernel)."""
        with self._lock:
            try:
                return self._conn.execute(sql, parameters).fetchall()
            except sqlite3.Error as error:
                raise StoreError(
                    f"{self.path} could not be read (damaged, or closed): {error}; "
                    f"check it with: python -m iopkit.store verify {self.path}"
                ) from error

    def _require_patient(self, patient_id: object) -> int:
        patient_id = row_id(patient_id, "patient_id", f"no patient in {self.path} with id")
        if not self._query("SELECT 1 FROM patients WHERE id = ?", (patient_id,)):
            raise RecordNotFoundError(
                f"no patient with id {patient_id!r} in {self.path}", item="patient_id", value=patient_id
            )
        return patient_id

    # --- records -------------------------------------------------------------------------------
    def save(
        self,
        patient_id: int,
        item: Any,
        *,
        by: str,
        amends: int | None = None,
        reason: str | None = None,
        when: dt.datetime | dt.date | None = None,
        source: Source | str = Source.STAFF,
    ) -> int:
        """Save ``item`` for a patient and return the new record id, once durably committed.

        Parameters
        ----------
        patient_id : int
            From :meth:`add_patient`.
        item
            A Score, Recommendation, Placement, DosePlan, schedule, attendance entry or
            DrugScreen (see :data:`KINDS`).
        by : str
            Who saves it (clinician id), required.
        amends : int, optional
            The id of the record this corrects: it must be the newest version of a record
            of the same patient and kind.  The new record is its next version.
        reason : str, optional
            Why; required with ``amends``.
        when : date or datetime, optional
            When it happened clinically (assessment taken, sessions attended); default now.
        source : Source, default staff
            Who reported it: ``"patient"`` for an assessment the patient answered (a check-in).
            An amendment records its own source (a clinician's correction of a self-report is staff).

        Returns
        -------
        int
            The new record's id.

        Raises
        ------
        RecordNotFoundError
            Unknown patient, or ``amends`` names no record.
        FlagAlreadyClosedError
            A flag resolution of a safety flag another resolution already closes, at the same or a lower overall
            risk level than the flag's now (a flag is closed once; a higher level is recorded, as a re-assessment):
            the error names the closing, who, when and at which level; amending that resolution corrects it.
        StoreError
            Anything else refused; nothing is written.
        """
        kind = kind_of(item)
        by = clean("by", by)
        if source not in tuple(Source):
            raise StoreError(
                f"source must be one of {', '.join(Source)} (got {source!r})",
                item="source",
                value=source,
                allowed=tuple(Source),
            )
        if source == Source.PATIENT and kind != "assessment":
            raise StoreError(
                f"only an assessment can be patient-reported (got a {kind})",
                item="source",
                value=str(source),
                allowed=(Source.STAFF.value,),
            )
        if amends is not None:
            amends = row_id(amends, "amends", f"cannot amend: no record in {self.path} with id")
            if not isinstance(reason, str) or not reason.strip():
                raise StoreError(
                    f"an amendment of record {amends} needs a reason (got {reason!r})",
                    item="reason",
                    value=reason,
                    allowed="text saying why",
                )
        if isinstance(reason, str) and not reason.strip():
            reason = None  # a blank reason on a first version is no reason
        reason = clean("reason", reason, optional=True)
        payload, taken_at = _encode(item), utc_text(when)
        if len(payload) > LIMITS["item"]:
            raise StoreError(
                f"this {kind} is {len(payload):,} characters as saved; a record holds at most "
                f"{LIMITS['item']:,} (is a free-text field of it unreasonably long?)",
                item="item",
                value=len(payload),
                allowed=f"at most {LIMITS['item']:,} characters",
            )
        with self._transaction() as conn:
            patient_id = self._require_patient(patient_id)
            if kind == "flag_resolution":  # under the write lock: of two clinicians closing a flag at once, one does
                self._closes_once(patient_id, item, amends)
            version = self._next_version(patient_id, kind, amends)
            values = {
                "patient_id": patient_id,
                "kind": kind,
                "version": version,
                "taken_at": taken_at,
                "saved_at": _saving_time(conn),
                "saved_by": by,
                "amends": amends,
                "reason": reason,
                "payload": payload,
            }
            if source == Source.PATIENT:  # staff is NULL: the column's meaning for every earlier row
                values["source"] = Source.PATIENT.value
            new_id, digest = chain.next_link(conn, "records", values)
            conn.execute(
                f"INSERT INTO records (id, hash, {', '.join(values)}) VALUES ({', '.join('?' * (len(values) + 2))})",
                (new_id, digest, *values.values()),
            )
        return new_id

    def _closes_once(self, patient_id: int, resolution: Any, amends: int | None) -> None:
        """Apply the flag-closing rule (:func:`iopkit.placement.resolution.check_closing`) to ``resolution`` at its
        place among the flag's stored closings (the chart's reading, :func:`~iopkit.placement.resolution.closings_of`),
        inside the save's write transaction."""
        from ..placement.resolution import check_closing, closings_of, in_order, reopened_by_corrections

        stored = in_order(
            self.current(patient_id, "flag_resolution"), of=lambda r: r.item
        )  # an amendment keeps its place
        place = next((i for i, r in enumerate(stored) if r.id == amends), len(stored))
        versions = self.history(patient_id, "assessment")
        amended = next((r.item for r in stored if r.id == amends), None)
        self._on_current_version(resolution, versions, amended)
        self._evaluated_after_the_screen(resolution, versions)

        def closing(items) -> tuple:
            return closings_of(
                resolution.instrument, resolution.flag_code, resolution.record, resolution.week, items, versions
            )

        check_closing(
            resolution,
            closing([r.item for r in stored[:place]]),
            closing([r.item for r in stored[place + 1 :]]),
            amended=amended,
            reopened=reopened_by_corrections([r.item for r in stored], versions).get(
                (str(resolution.record), resolution.flag_code)
            ),
        )

    @staticmethod
    def _evaluated_after_the_screen(resolution: Any, versions: Sequence[Record]) -> None:
        """An emergency evaluation recorded with a closing (:attr:`iopkit.placement.FlagResolution.evaluated_on`) is
        dated on or after the clinical day of the flagged record that called for it (walk review 24, finding 1): one
        dated before it answered another screen, never this one."""
        from ..entry import clinical_day
        from ..records import short_name

        when = getattr(resolution, "evaluated_on", None)
        flagged = next((v for v in versions if str(v.id) == str(resolution.record)), None)
        if when is None or flagged is None or when >= clinical_day(flagged.taken_at):
            return
        taken = clinical_day(flagged.taken_at)
        raise StoreError(
            f"the emergency evaluation is dated {when:%d %b %Y}, before the {short_name(resolution.instrument)} of "
            f"{taken:%d %b %Y} (record {flagged.id}) whose flag called for it: record the evaluation done after that "
            "screen, with its own day",
            item="evaluated_on",
            value=when.isoformat(),
            allowed=f"on or after {taken.isoformat()}",
        )

    @staticmethod
    def _on_current_version(resolution: Any, versions: Sequence[Record], amended: Any) -> None:
        """A flag is closed on its record's current version: a new resolution keyed to a version a correction
        superseded is refused, naming the current one (an amendment of a resolution keeps the record it was keyed
        to)."""
        from ..entry import clinical_day
        from ..placement.resolution import current_version

        if amended is not None and amended.record == resolution.record:
            return
        current = current_version(str(resolution.record), versions) if resolution.record else None
        if current is None or str(current.id) == str(resolution.record):
            return
        raise StoreError(
            f"record {resolution.record} was corrected: its current version is record {current.id} (saved by "
            f"{current.by} on {clinical_day(current.saved_at):%d %b %Y}), so this closing of the safety flag "
            f"{resolution.flag_code} on the earlier version is not recorded. Reload the patient and close the flag "
            f"on record {current.id}, which shows what the correction changed",
            item="record",
            value=str(resolution.record),
            allowed=(str(current.id),),
        )

    def _next_version(self, patient_id: int, kind: str, amends: int | None) -> int:
        if amends is None:
            return 1
        row = self._conn.execute(
            "SELECT patient_id, kind, version, (SELECT n.id FROM records n WHERE n.amends = r.id) "
            "FROM records r WHERE id = ?",
            (amends,),
        ).fetchone()
        if row is None:
            raise RecordNotFoundError(f"cannot amend record {amends!r}: no such record in {self.path}")
        owner, old_kind, version, newer = row
        if (owner, old_kind) != (patient_id, kind):
            raise StoreError(
                f"record {amends} is a {old_kind} of patient {owner}; "
                f"an amendment must be a {old_kind} of the same patient (got a {kind} of {patient_id})"
            )
        if newer is not None:
            raise StoreError(f"record {amends} was already amended by record {newer}; amend {newer} instead")
        return version + 1

    def record(self, record_id: int) -> Record:
        """One record by id (any version); :class:`~iopkit.errors.RecordNotFoundError` if absent.

        Parameters
        ----------
        record_id : int
            The record's id (from :meth:`save`).

        Returns
        -------
        Record
            The record, its scores re-derived under the current rules (differences listed in its warnings).

        Raises
        ------
        StoreError
            ``record_id`` is not a whole number, the store cannot be read, or the record cannot be read by this
            iopkit.
        RecordNotFoundError
            The store has no record with that id (on PostgreSQL, none this role may see).
        """
        record_id = row_id(record_id, "record_id", f"no record in {self.path} with id")
        rows = self._query(RECORD_SQL + " WHERE r.id = ?", (record_id,))
        if not rows:
            raise RecordNotFoundError(f"no record with id {record_id!r} in {self.path}")
        return self._read(rows[0])

    def history(self, patient_id: int, kind: str | None = None) -> tuple[Record, ...]:
        """Every version of every record of a patient (optionally of one kind), oldest first.

        Ordered by save order (record id), so amendments follow what they amend.

        Parameters
        ----------
        patient_id : int
            The patient's id (from :meth:`add_patient`).
        kind : str, optional
            Only records of this kind (see :data:`~iopkit.store.kinds.KINDS`); default every kind.

        Returns
        -------
        tuple of Record
            Every version, oldest first; empty when there is none.

        Raises
        ------
        StoreError
            ``patient_id`` is not a whole number, ``kind`` is no record kind, the store cannot be read (damaged or
            closed), or a saved record cannot be read by this iopkit.
        RecordNotFoundError
            The store has no patient with that id (on PostgreSQL, none this role may see).
        """
        return self._records(patient_id, kind, current_only=False)

    def current(self, patient_id: int, kind: str | None = None) -> tuple[Record, ...]:
        """The newest version of each record, ordered by when it happened (then save order).

        Parameters
        ----------
        patient_id : int
            The patient's id (from :meth:`add_patient`).
        kind : str, optional
            Only records of this kind (see :data:`~iopkit.store.kinds.KINDS`); default every kind.

        Returns
        -------
        tuple of Record
            The current version of each record; empty when there is none.

        Raises
        ------
        StoreError
            ``patient_id`` is not a whole number, ``kind`` is no record kind, the store cannot be read (damaged or
            closed), or a saved record cannot be read by this iopkit.
        RecordNotFoundError
            The store has no patient with that id (on PostgreSQL, none this role may see).
        """
        return self._records(patient_id, kind, current_only=True)

    def latest(self, patient_id: int, kind: str) -> Record | None:
        """The most recent current record of one kind (by when it happened), or None.

        Parameters
        ----------
        patient_id : int
            The patient's id (from :meth:`add_patient`).
        kind : str
            The record kind (see :data:`~iopkit.store.kinds.KINDS`).

        Returns
        -------
        Record or None
            The last of :meth:`current` of that kind; None when the patient has none.

        Raises
        ------
        StoreError
            ``patient_id`` is not a whole number, ``kind`` is no record kind, the store cannot be read (damaged or
            closed), or a saved record cannot be read by this iopkit.
        RecordNotFoundError
            The store has no patient with that id (on PostgreSQL, none this role may see).
        """
        records = self.current(patient_id, kind)
        return records[-1] if records else None

    def _records(self, patient_id: int, kind: str | None, *, current_only: bool) -> tuple[Record, ...]:
        if kind is not None and (not isinstance(kind, str) or kind not in KINDS):
            raise StoreError(
                f"unknown record kind {kind!r}; kinds: {', '.join(KINDS)}",
                item="kind",
                value=kind,
                allowed=tuple(KINDS),
            )
        patient_id = self._require_patient(patient_id)
        sql = RECORD_SQL + " WHERE r.patient_id = ? AND r.kind = coalesce(?, r.kind)"
        if current_only:
            sql += " AND NOT EXISTS (SELECT 1 FROM records n WHERE n.amends = r.id) ORDER BY r.taken_at, r.id"
        else:
            sql += " ORDER BY r.id"
        return tuple(self._read(row) for row in self._query(sql, (patient_id, kind)))

    def _read(self, row: tuple, derived: tuple | None = None, item: tuple | None = None) -> Record:
        """One record from its row.

        ``derived``: its (rederived, warnings) already computed; ``item``: its :meth:`_item` already read (both
        for a stored payload shared by many rows, see :mod:`.bulk`).
        """
        record_id, patient_id, kind, version, taken_at, saved_at, by, payload, amends, reason, newer, source = row
        read, stored_differs = self._item(row) if item is None else item
        try:
            taken_at, saved_at = when_of(taken_at), dt.datetime.fromisoformat(saved_at)
            source = Source.STAFF if source is None else Source(source)
        except (KeyError, ValueError, TypeError, AttributeError, RecursionError) as error:
            raise StoreError(f"record {record_id} ({kind}) cannot be read by this iopkit: {error}") from error
        rederived, warnings = _rederive(kind, read) if derived is None else derived
        return Record(
            record_id,
            patient_id,
            kind,
            version,
            taken_at,
            saved_at,
            by,
            read,
            amends,
            reason,
            newer,
            rederived,
            warnings + stored_differs,
            source,
        )

    def _item(self, row: tuple) -> tuple[Any, tuple[str, ...]]:
        """The stored item of a record row as its class, and the warning when the current rules would store other
        values for it (none when they give what was stored).

        A function of the row's kind and payload alone (a snapshot reads each distinct payload once).

        Raises
        ------
        StoreError
            The payload cannot be read by this iopkit (not JSON, or not what its class writes).
        """
        record_id, kind, payload = row[0], row[2], row[7]
        try:
            stored = json.loads(payload)
            item = stored_item(kind, stored)
        except (KeyError, ValueError, TypeError, AttributeError, RecursionError) as error:
            raise StoreError(f"record {record_id} ({kind}) cannot be read by this iopkit: {error}") from error
        now = item.to_dict()
        if now != stored:  # derived fields (e.g. a plan's level) computed under other rules
            return item, (f"stored values differ from the current rules: {_differences(stored, now)}",)
        return item, ()

    def snapshot(self, patients=None):
        """Every patient (or the ids in ``patients``) with all their records, read at once.

        Returns a :class:`~iopkit.store.bulk.Snapshot` that reads like this store (``patients``,
        ``current``, ``history``, ``latest``), every stored score re-derived vectorised
        (:func:`~iopkit.store.bulk.rederive_scores`): the caseload and the programme report read it.

        Parameters
        ----------
        patients : iterable of int, optional
            The patient ids to read; None (the default) reads every patient.

        Returns
        -------
        Snapshot
            The patients and all their records as read now; later writes are not seen.

        Raises
        ------
        StoreError
            An id that is not a whole number, the store cannot be read, or a stored record cannot be read by
            this iopkit.
        RecordNotFoundError
            An id of no patient in the store (on PostgreSQL, none this role may see).
        """
        from .bulk import snapshot

        return snapshot(self, patients)

    def revisions(self, patients: Iterable[int]) -> dict[int, tuple[int, int]]:
        """Each patient's revision: how many records the store holds for them, and the last one's id.

        The store is append-only (no record is ever changed or deleted; an amendment is a new record), so a
        patient's revision changes exactly when a record of theirs is saved, from this process or any other: what
        was derived from their records under a revision still holds while the revision is the same (the roster's
        open flags, :func:`iopkit.episode.open_flags_of`).  The count as well as the last id: on PostgreSQL a
        transaction that took a lower id may commit after one that took a higher id.

        Parameters
        ----------
        patients : iterable of int
            The patient ids.

        Returns
        -------
        dict of int to (int, int)
            Each id given -> (number of records, the highest record id); ``(0, 0)`` for a patient with no record
            (or none the store shows).

        Raises
        ------
        StoreError
            An id that is not a whole number, or the store cannot be read.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from iopkit import score
        >>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "clinic.sqlite")
        >>> a = store.add_patient("IOP-0047")
        >>> store.revisions([a])
        {1: (0, 0)}
        >>> _ = store.save(a, score("phq2", [1, 2]), by="KM")
        >>> store.revisions([a])
        {1: (1, 1)}
        """
        from .bulk import CHUNK

        ids = list(dict.fromkeys(row_id(p, "patient_id", f"no patient in {self.path} with id") for p in patients))
        found = dict.fromkeys(ids, (0, 0))
        for part in (ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)):
            rows = self._query(
                "SELECT patient_id, COUNT(*), MAX(id) FROM records"
                f" WHERE patient_id IN ({', '.join('?' * len(part))}) GROUP BY patient_id",
                tuple(part),
            )
            found.update({int(p): (int(n), int(last)) for p, n, last in rows})
        return found

    # --- metadata --------------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        """A value from the store's metadata table (e.g. ``"demo_seed"``), or None.

        Parameters
        ----------
        key : str
            The metadata key.

        Returns
        -------
        str or None
            The value, or None when the key was never set.

        Raises
        ------
        StoreError
            ``key`` breaks the text rules of :func:`~iopkit.store.text.clean`, or the store cannot be read.
        """
        key = clean("meta", key)
        rows = self._query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        """Record a metadata value once; metadata, like records, is never overwritten.

        Parameters
        ----------
        key : str
            The metadata key.
        value : str
            The value (anything else is turned into text).

        Raises
        ------
        StoreError
            The key is already set, the key or value breaks the text rules of :func:`~iopkit.store.text.clean`,
            or the write failed.
        """
        key, value = clean("meta", key), clean("meta", str(value))
        with self._transaction() as conn:
            if conn.execute("SELECT 1 FROM meta WHERE key = ?", (key,)).fetchone():
                raise StoreError(f"metadata {key!r} is already set in {self.path}")
            conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, str(value)))
