"""The hash chain that makes a rewrite of the audit trail visible.

Every patient and every record carries a SHA-256 hash over its own content and the hash of
the row saved before it (patients and records form two chains, each in id order, starting from
:data:`GENESIS`).  The hashed content is canonical JSON (keys sorted, no spaces, UTF-8), so the
hash depends only on the values stored, never on how a client spelled them.  Changing any
hashed value of a row, inserting a row out of turn, removing one or swapping two breaks the
chain at that row, and :func:`verify` names it.

What the chain does not do: it has no secret key, so someone who can write the file *and*
knows this algorithm can rewrite a row and recompute every later hash.  Keep the
:attr:`ChainReport.head` of a verified store somewhere else (a printed audit log, a ticket, a
second machine) and pass it back as ``anchor``; then a rewrite of anything up to that point is
detected too (Haber & Stornetta 1991, "How to time-stamp a digital document", J. Cryptology
3:99-111, https://doi.org/10.1007/BF00196791).  Removing the newest rows (truncation) is only
visible against an anchor.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "BOOK_FIELDS",
    "GENESIS",
    "OPTIONAL_FIELDS",
    "PATIENT_FIELDS",
    "RECORD_FIELDS",
    "SITE_FROM",
    "Break",
    "Problem",
    "ChainReport",
    "check_anchor",
    "row_hash",
    "verify",
]

#: The "previous hash" of the first row of each chain.
GENESIS = "0" * 64

#: The hashed columns, in the order they are selected (the row id is not hashed: its place in
#: the chain is, through the previous hash, and ids must run 1, 2, 3, ... without a gap).
PATIENT_FIELDS = ("pseudonym", "display_name", "adolescent", "created_at")
RECORD_FIELDS = ("patient_id", "kind", "version", "taken_at", "saved_at", "saved_by", "amends", "reason", "payload")
#: Columns added by a later schema version, hashed only when set (not None): a row without one (every row
#: saved before it existed) hashes exactly as before.  ``source``: who reported the record (schema version 4).
#: ``site``: the patient's site (schema version 3, hashed from version 5 on): every patient saved since the
#: store's :data:`SITE_FROM` hashes it, ``''`` included; a patient saved before hashes as it did.
OPTIONAL_FIELDS = ("source", "site")
#: The ``meta`` key holding the first patient id whose ``site`` is hashed (written once by the migration to
#: version 5; a store without it hashes no site).  Moving it either way breaks the chain at the rows it moves
#: over, because on one side of it even ``''`` is hashed.
SITE_FROM = "chain_site_from"
_TABLES = {"patients": PATIENT_FIELDS + ("site",), "records": RECORD_FIELDS + ("source",)}
#: The check-in book's own chain (:class:`iopkit.checkin.CheckinBook`): every state a check-in was saved in, as
#: canonical JSON text (``state``), chained in the book's file like the store's rows.
BOOK_FIELDS = ("checkin_id", "state")
_FIELDS = {**_TABLES, "checkin_states": BOOK_FIELDS}
_REORDER_WINDOW = 64  # how far away a misplaced row's real predecessor is looked for


def row_hash(table: str, values: dict, previous: str) -> str:
    """The SHA-256 hash (hex) of one row of ``table`` chained to ``previous``.

    The hashed text is the row's hashed columns, its table and the previous hash as canonical JSON:

    Parameters
    ----------
    table : str
        ``"patients"``, ``"records"`` or ``"checkin_states"`` (the check-in book's chain).
    values : dict
        The row's columns (at least those the table hashes).
    previous : str
        The hash of the row before it (:data:`GENESIS` for the first row).

    Returns
    -------
    str
        64 hexadecimal digits.

    Examples
    --------
    >>> canonical = ('{"adolescent":0,"created_at":"2026-03-02T09:00:00+00:00","display_name":null,'
    ...              '"previous":"' + "0" * 64 + '","pseudonym":"IOP-1","table":"patients"}')
    >>> row = {"pseudonym": "IOP-1", "display_name": None, "adolescent": 0, "created_at": "2026-03-02T09:00:00+00:00"}
    >>> row_hash("patients", row, GENESIS) == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    True
    """
    fields = _FIELDS[table]
    document = {field: values[field] for field in fields if field not in OPTIONAL_FIELDS}
    document.update(
        {field: values[field] for field in fields if field in OPTIONAL_FIELDS and values.get(field) is not None}
    )
    document["table"], document["previous"] = table, previous
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Break(StrEnum):
    """How a chain is broken at a row."""

    ALTERED = "altered"  # its content or its hash was changed after it was saved
    REORDERED = "reordered"  # it is intact but chained after another row than the one before it
    GAP = "gap"  # ids are missing before it (rows removed, or inserted with a chosen id)
    UNLINKED = "unlinked"  # right after a gap: chained to a row that is missing, so it cannot be checked
    UNSEALED = "unsealed"  # it has no hash (written around iopkit)
    ANCHOR = "anchor"  # the anchor given does not match the row it names


@dataclass(frozen=True)
class Problem:
    """One break in a chain: which table, which row ids, what is wrong, in words.

    Parameters
    ----------
    table : str
        ``"patients"`` or ``"records"``.
    ids : tuple of int
        The row ids concerned.
    kind : Break
        What kind of break.
    detail : str
        What is wrong, in words.
    """

    table: str
    ids: tuple[int, ...]
    kind: Break
    detail: str


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify` found.

    ``head`` identifies the newest row of each chain as ``"table:id:hash"``; keep it elsewhere and
    pass it back to :meth:`Store.verify` as ``anchor`` to detect a rewrite of everything before it.

    Parameters
    ----------
    path : str
        The store checked.
    patients, records : int
        Rows in each chain.
    problems : tuple of Problem
        Every break found (empty when the audit trail is whole).
    head : tuple of str
        The newest row of each chain as ``"table:id:hash"``.
    """

    path: str
    patients: int
    records: int
    problems: tuple[Problem, ...]
    head: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when both chains are whole."""
        return not self.problems

    @property
    def affected(self) -> tuple[int, ...]:
        """The record ids named by any problem (patients not included), sorted."""
        return tuple(sorted({i for p in self.problems if p.table == "records" for i in p.ids}))

    def __str__(self) -> str:
        lines = [
            f"{self.path}: {self.patients} patients, {self.records} records: "
            + ("the audit trail is whole" if self.ok else f"{len(self.problems)} problem(s) found")
        ]
        for p in self.problems:
            what = p.table if len(p.ids) != 1 else p.table.removesuffix("s")
            lines.append(f"  {what} {', '.join(map(str, p.ids))}: {p.kind}: {p.detail}")
        if not self.ok:
            lines.append(
                "  Rows were changed outside iopkit: keep this file as evidence, find out who had access, "
                "and compare with a backup."
            )
        lines += [f"  head (keep it elsewhere, pass it back as an anchor): {head}" for head in self.head]
        return "\n".join(lines)


def _rows(conn: sqlite3.Connection, table: str, fields: tuple[str, ...] | None = None) -> list[tuple]:
    fields = _TABLES[table] if fields is None else fields
    return conn.execute(f"SELECT id, hash, {', '.join(fields)} FROM {table} ORDER BY id").fetchall()


def site_from(conn) -> int | None:
    """The first patient id whose site is hashed (:data:`SITE_FROM`), or None when the store hashes no site."""
    found = conn.execute("SELECT value FROM meta WHERE key = ?", (SITE_FROM,)).fetchone()
    return int(found[0]) if found else None


def check(table: str, rows: list[tuple], hashed_from: dict[str, int | None] | None = None) -> list[Problem]:
    """The breaks of one chain, given its rows as ``(id, hash, *hashed fields)`` in id order.

    ``hashed_from`` names optional fields hashed only from a row id on (None: never).
    """
    fields, problems, previous, expected_id = _FIELDS[table], [], GENESIS, 1
    hashed_from = hashed_from or {}
    for index, (row_id, stored, *values) in enumerate(rows):
        after_gap = row_id != expected_id
        if after_gap:
            missing = tuple(range(expected_id, row_id)) if row_id > expected_id else (row_id,)
            problems.append(
                Problem(
                    table,
                    missing,
                    Break.GAP,
                    f"missing: removed after it was saved (the next id present is {row_id})"
                    if row_id > expected_id
                    else f"id {row_id} out of order",
                )
            )
        expected_id = max(expected_id, row_id) + 1
        content = dict(zip(fields, values))
        for field, first in hashed_from.items():  # saved before the field was hashed: hashes as it did
            if field in content and (first is None or row_id < first):
                content[field] = None
        if not stored:
            problems.append(Problem(table, (row_id,), Break.UNSEALED, "saved without a hash, around iopkit"))
        elif row_hash(table, content, previous) != stored:
            problems.append(
                _misplaced(table, row_id, content, stored, rows, index)
                or (
                    Problem(table, (row_id,), Break.UNLINKED, "chained to a row that is missing")
                    if after_gap
                    else Problem(
                        table, (row_id,), Break.ALTERED, "its content no longer matches the hash saved with it"
                    )
                )
            )
        previous = stored or previous
    return problems


def _misplaced(table, row_id, content, stored, rows, index) -> Problem | None:
    """A row whose hash matches when chained after another nearby row: it was moved, not changed."""
    window = rows[max(0, index - _REORDER_WINDOW) : index + _REORDER_WINDOW]
    for candidate_id, candidate_hash, *_ in [(0, GENESIS)] + window:
        if candidate_hash and row_hash(table, content, candidate_hash) == stored:
            after = "the start of the chain" if candidate_id == 0 else f"{table} {candidate_id}"
            return Problem(table, (row_id,), Break.REORDERED, f"intact, but it was saved after {after}")
    return None


def check_anchor(conn: sqlite3.Connection, anchor: str, tables=tuple(_TABLES)) -> list[Problem]:
    """The problem with one anchor (``"table:id:hash"``, a head printed earlier): the row it names is missing or
    has another hash; or the anchor is not one of ``tables``.

    Parameters
    ----------
    conn : sqlite3.Connection or a connection with the same ``execute``
        The open database holding ``tables`` (the store, or the check-in book for ``checkin_states``).
    anchor : str
        The anchor.
    tables : tuple of str
        The chained tables of that database.

    Returns
    -------
    list of Problem
        Empty when the anchored row is there with the same hash.
    """
    try:
        table, row_id_text, expected = anchor.split(":")
        row_id = int(row_id_text)
        assert table in tables
    except (ValueError, AssertionError):
        return [Problem("anchor", (), Break.ANCHOR, f"{anchor[:80]!r} is not an anchor (table:id:hash)")]
    row = conn.execute(f"SELECT hash FROM {table} WHERE id = ?", (row_id,)).fetchone()
    if row is None or row[0] != expected:
        found = "is missing" if row is None else "has another hash"
        return [Problem(table, (row_id,), Break.ANCHOR, f"the anchored row {found}: rewritten or removed")]
    return []


def verify(conn: sqlite3.Connection, path: str, anchors: tuple[str, ...] = ()) -> ChainReport:
    """Check both chains of an open store (see :meth:`iopkit.store.Store.verify`).

    Parameters
    ----------
    conn : sqlite3.Connection or a connection with the same ``execute``
        The open store's connection.
    path : str
        The store, as the report names it.
    anchors : tuple of str
        Heads of earlier reports (``"table:id:hash"``) that must still be in the chain.

    Returns
    -------
    ChainReport
        What was found; :attr:`ChainReport.ok` when both chains are whole.
    """
    problems, counts, head = [], {}, []
    first_site = site_from(conn)
    for table in _TABLES:
        # A store not yet at version 5 (opened read-only) may not even have the site column: hash it as absent.
        fields = _TABLES[table] if first_site is not None or table != "patients" else PATIENT_FIELDS
        rows = [(*row, None) for row in _rows(conn, table, fields)] if fields != _TABLES[table] else _rows(conn, table)
        problems += check(table, rows, {"site": first_site})
        counts[table] = len(rows)
        if rows:
            head.append(f"{table}:{rows[-1][0]}:{rows[-1][1]}")
    for anchor in anchors:
        problems += check_anchor(conn, anchor)
    return ChainReport(path, counts["patients"], counts["records"], tuple(problems), tuple(head))


def hash_sites(conn: sqlite3.Connection) -> None:
    """Hash the site of every patient saved from now on (a schema migration step, version 5).

    Patients already saved keep their hashes (their site stays outside the chain); the first id
    after them is kept in ``meta`` as :data:`SITE_FROM`.
    """
    (first,) = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM patients").fetchone()
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (SITE_FROM, str(first)))


def seal(conn: sqlite3.Connection) -> None:
    """Compute the chains of rows saved before the store had them (a schema migration step)."""
    for table in _TABLES:
        previous = GENESIS
        # Run by the migration to version 2, before any optional column exists (those hash as absent).
        fields = tuple(f for f in _TABLES[table] if f not in OPTIONAL_FIELDS)
        for row_id, stored, *values in _rows(conn, table, fields):
            previous = stored or row_hash(table, dict(zip(fields, values)), previous)
            if not stored:
                conn.execute(f"UPDATE {table} SET hash = ? WHERE id = ?", (previous, row_id))


def next_link(conn: sqlite3.Connection, table: str, values: dict) -> tuple[int, str]:
    """The id and hash of the row about to be inserted in ``table`` (inside the write transaction)."""
    # A connection that may see only some rows (PostgreSQL's row-level security) asks the server for the head.
    head = getattr(conn, "chain_head", None)
    last = head(table) if head else conn.execute(f"SELECT id, hash FROM {table} ORDER BY id DESC LIMIT 1").fetchone()
    row_id, previous = (last[0] + 1, last[1] or GENESIS) if last else (1, GENESIS)
    return row_id, row_hash(table, values, previous)
