"""Records that are never lost: an append-only store with an audit trail, on SQLite or PostgreSQL.

One file holds the patients of a programme and everything saved about them: assessments
(:class:`~iopkit.scoring.Score`), placement recommendations and the clinician's decision,
dose plans, schedules, attendance and drug screens.  Nothing is updated or deleted: a
correction is a new version that names the record it amends and why, so
:meth:`Store.history` shows every version ever saved, by whom and when.

``Store(path)`` opens a SQLite file (one person, one laptop); ``Store("postgresql://...")`` (or
``$IOPKIT_DB`` set to such a URL) opens the same store on a PostgreSQL server for a clinic, with
the same API and guarantees, concurrent writers, and roles and site scoping enforced by the server
(:mod:`iopkit.store.postgres`, :mod:`iopkit.store.pg_roles`).

Durability and concurrency of the SQLite file (standard library :mod:`sqlite3` only):

* WAL journal with ``synchronous=FULL``: :meth:`Store.save` returns only after the
  commit is on disk, so a write the caller saw acknowledged survives a crash or
  ``kill -9`` of the process (SQLite documentation, "Write-Ahead Logging" and
  "PRAGMA synchronous", https://www.sqlite.org/wal.html, https://www.sqlite.org/pragma.html).
* Every write is one ``BEGIN IMMEDIATE`` transaction: the write lock is taken first, a
  busy timeout waits for another kernel's write, and a few retries with back-off cover
  the rest, so two dashboard kernels saving at once both succeed.
* Triggers in the schema refuse ``UPDATE`` and ``DELETE`` on patients, records and metadata,
  and any insert that would replace a saved row (``REPLACE``, ``INSERT OR REPLACE``, an
  upsert), so the audit trail holds even against SQL typed by hand.
* Every patient and record carries a SHA-256 hash chained to the one saved before it
  (:mod:`iopkit.store.chain`); :meth:`Store.verify` and ``python -m iopkit.store verify PATH``
  report any row altered, removed, moved or written around iopkit.
* The file is private: created ``0600`` in a ``0700`` folder whatever the umask, and refused
  when others may read it (``python -m iopkit.store fix-permissions PATH`` fixes it).  A file
  that is refused is never written to; one this user cannot write is opened read-only.
* Pseudonyms are normalised and checked so no two patients look alike, and every free-text
  field is bounded (:mod:`iopkit.store.text`).
* The schema is versioned with ``PRAGMA user_version``; :data:`~iopkit.store.schema.MIGRATIONS` upgrades
  an older file on open, and a file from a newer iopkit is refused, not damaged.

Reading a stored Score back re-scores its stored answers under today's rules; a
difference (e.g. after a rule change) is reported on the record
(:attr:`Record.rescored_differs`, :attr:`Record.warnings`), never hidden.

Examples
--------
>>> import datetime, tempfile, pathlib
>>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "clinic.sqlite")
>>> pid = store.add_patient("IOP-0042")
>>> screen = DrugScreen(datetime.date(2026, 3, 2), "urine 12-panel",
...                     positive=("cannabis",), negative=("opioids", "cocaine"))
>>> first = store.save(pid, screen, by="counsellor.k")
>>> fixed = DrugScreen(datetime.date(2026, 3, 2), "urine 12-panel", negative=("cannabis", "opioids", "cocaine"))
>>> second = store.save(pid, fixed, by="dr.m", amends=first, reason="lab corrected the cannabis result")
>>> [(r.kind, r.version, r.by) for r in store.history(pid)]
[('drug_screen', 1, 'counsellor.k'), ('drug_screen', 2, 'dr.m')]
>>> store.latest(pid, "drug_screen").item.positive
()
>>> store.close()
"""

from __future__ import annotations

from ..placement import Placement
from ..records import DrugScreen
from .chain import Break, ChainReport, Problem
from .database import Store
from .files import StoreWarning, fix_permissions
from .kinds import KINDS, REDERIVE, Patient, Record, Source, entered_by_staff, kind_of
from .postgres import PostgresStore
from .schema import APPLICATION_ID, MIGRATIONS, default_path
from .text import LIMITS, PossibleRealNameWarning

__all__ = [
    "Store",
    "PostgresStore",
    "Record",
    "Patient",
    "Source",
    "entered_by_staff",
    "DrugScreen",
    "Placement",
    "KINDS",
    "REDERIVE",
    "MIGRATIONS",
    "APPLICATION_ID",
    "default_path",
    "kind_of",
    "ChainReport",
    "Problem",
    "Break",
    "StoreWarning",
    "PossibleRealNameWarning",
    "LIMITS",
    "fix_permissions",
]
