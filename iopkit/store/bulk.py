"""Reading many patients at once: one query, and every stored score re-derived vectorised.

:meth:`Store.snapshot <iopkit.store.Store.snapshot>` reads the records of every patient (or of the
patients named) in one query and returns a :class:`Snapshot` that reads like the store
(:meth:`~Snapshot.patients`, :meth:`~Snapshot.current`, :meth:`~Snapshot.history`, ...), so the caseload and
the programme report build from it exactly as they would from the store, without a query and a
re-scoring per record.

Each distinct stored payload is read once (``json.loads``, ``from_dict``, and the check that the current rules
store the same values, ``Store._item``): everything a read derives from a record's
item is a function of its kind and payload, and every record class is frozen, so the records of one payload share
the item read, its warnings and its re-derivation.  A payload that cannot be read is read again for each of its
records, which raises the single read's :class:`~iopkit.errors.StoreError` in the store's order.

Re-scoring on read stays a guarantee (:attr:`Record.rescored_differs <iopkit.store.Record.rescored_differs>`):
:func:`rederive_scores` re-scores the stored answers of all assessments as :func:`iopkit.score_many` does
(its validation and the engine, one evaluation per instrument and context, without its pandas frame) and
compares, for every record, the total, the band, each subscore, whether the current rules refuse the answers,
and -- against :func:`iopkit.score` of one record of each class of equal results -- every flag with its
wording, severity and what it calls for, the context, the scheme, the source and the rule text.  A record
that differs in any of these is then re-scored on its own with :func:`iopkit.score`, so its
:attr:`~iopkit.store.Record.rederived` and warning are exactly those a single read gives.  What the bulk path
does not re-derive: the items listed as the basis's inputs and its notes (the explanation of which answers
drove the total); :meth:`Store.record <iopkit.store.Store.record>` re-derives those too.

Placements and recommendations, derived again on read as well, are derived once per distinct stored payload,
as a single read derives them.

Examples
--------
>>> import datetime, tempfile, pathlib
>>> from iopkit import score
>>> from iopkit.store import Store
>>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "clinic.sqlite")
>>> pid = store.add_patient("IOP-0042")
>>> _ = store.save(pid, score("phq9", [2, 2, 2, 2, 1, 1, 1, 1, 1]), by="KM", when=datetime.date(2026, 3, 2))
>>> snap = store.snapshot()
>>> snap.current(pid) == store.current(pid)
True
>>> [f.code for f in snap.latest(pid, "assessment").item.flags]
['suicidal_ideation']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import Any

from ..errors import IopkitError, RecordNotFoundError, StoreError
from .kinds import KINDS, Patient, Record, _rederive
from .text import row_id

__all__ = ["Snapshot", "rederive_scores", "snapshot"]

#: Patients per query when a snapshot names them (well inside every engine's limit on parameters).
CHUNK = 500
#: A group of scores of one instrument and context smaller than this is re-derived one by one, where that is
#: quicker than evaluating it at once.  The results are the same either way.
GROUP_FROM = 16
_Derived = tuple[Any, tuple[str, ...]]


class Snapshot:
    """The patients of a store and all their records, read at one moment; reads like the store.

    Build it with :meth:`Store.snapshot <iopkit.store.Store.snapshot>`.  Its records are those
    :meth:`Store.current` and :meth:`Store.history` return (the same order, the same re-derivation
    warnings); it does not follow later writes.

    Parameters
    ----------
    path : str
        The store's path or URL, named in error messages.
    patients : sequence of Patient
        The patients of the snapshot, in the order they were added.
    records : sequence of Record
        Their records in the store's current order (when it happened, then save order); records of other
        patients are left out.
    """

    def __init__(self, path: str, patients: Sequence[Patient], records: Sequence[Record]) -> None:
        self.path = path
        self._patients = tuple(patients)
        self._by_id = {p.id: p for p in self._patients}
        self._current: dict[int, list[Record]] = {p.id: [] for p in self._patients}
        self._history: dict[int, list[Record]] = {p.id: [] for p in self._patients}
        for record in records:  # in the store's current order: when it happened, then save order
            if record.current and record.patient_id in self._current:
                self._current[record.patient_id].append(record)
        for record in sorted(records, key=attrgetter("id")):
            if record.patient_id in self._history:
                self._history[record.patient_id].append(record)

    def patients(self) -> tuple[Patient, ...]:
        """Every patient of the snapshot, in the order they were added.

        Returns
        -------
        tuple of Patient
            The patients read.
        """
        return self._patients

    def patient(self, patient_id: int) -> Patient:
        """One patient by id; :class:`~iopkit.errors.RecordNotFoundError` if the snapshot has none.

        Parameters
        ----------
        patient_id : int
            The patient's id.

        Returns
        -------
        Patient
            The patient.

        Raises
        ------
        StoreError
            ``patient_id`` is not a whole number.
        RecordNotFoundError
            The snapshot has no patient with that id.
        """
        patient_id = row_id(patient_id, "patient_id", f"no patient in {self.path} with id")
        if patient_id not in self._by_id:
            raise RecordNotFoundError(
                f"no patient with id {patient_id!r} in this snapshot of {self.path}",
                item="patient_id",
                value=patient_id,
            )
        return self._by_id[patient_id]

    def current(self, patient_id: int, kind: str | None = None) -> tuple[Record, ...]:
        """As :meth:`Store.current <iopkit.store.Store.current>`: the newest version of each record.

        Parameters
        ----------
        patient_id : int
            The patient's id.
        kind : str, optional
            Only records of this kind; default every kind.

        Returns
        -------
        tuple of Record
            The current version of each record, ordered by when it happened (then save order).

        Raises
        ------
        StoreError
            ``patient_id`` is not a whole number, or ``kind`` is no record kind.
        RecordNotFoundError
            The snapshot has no patient with that id.
        """
        return self._select(self._current, patient_id, kind)

    def history(self, patient_id: int, kind: str | None = None) -> tuple[Record, ...]:
        """As :meth:`Store.history <iopkit.store.Store.history>`: every version, in save order.

        Parameters
        ----------
        patient_id : int
            The patient's id.
        kind : str, optional
            Only records of this kind; default every kind.

        Returns
        -------
        tuple of Record
            Every version, oldest first.

        Raises
        ------
        StoreError
            ``patient_id`` is not a whole number, or ``kind`` is no record kind.
        RecordNotFoundError
            The snapshot has no patient with that id.
        """
        return self._select(self._history, patient_id, kind)

    def latest(self, patient_id: int, kind: str) -> Record | None:
        """As :meth:`Store.latest <iopkit.store.Store.latest>`.

        Parameters
        ----------
        patient_id : int
            The patient's id.
        kind : str
            The record kind.

        Returns
        -------
        Record or None
            The last current record of that kind, or None when the patient has none.

        Raises
        ------
        StoreError
            ``patient_id`` is not a whole number, or ``kind`` is no record kind.
        RecordNotFoundError
            The snapshot has no patient with that id.
        """
        records = self.current(patient_id, kind)
        return records[-1] if records else None

    def _select(self, table: dict[int, list[Record]], patient_id: int, kind: str | None) -> tuple[Record, ...]:
        if kind is not None and (not isinstance(kind, str) or kind not in KINDS):
            raise StoreError(
                f"unknown record kind {kind!r}; kinds: {', '.join(KINDS)}",
                item="kind",
                value=kind,
                allowed=tuple(KINDS),
            )
        records = table[self.patient(patient_id).id]
        return tuple(records) if kind is None else tuple([r for r in records if r.kind == kind])


def snapshot(store, patients: Iterable[int] | None = None) -> Snapshot:
    """Read ``patients`` (ids; default every patient the store shows) with all their records at once.

    The implementation behind :meth:`Store.snapshot <iopkit.store.Store.snapshot>` (see it); the same on
    SQLite and PostgreSQL, where the server's row-level security decides which patients a role sees.

    Parameters
    ----------
    store : Store
        The open store (SQLite file or PostgreSQL) to read.
    patients : iterable of int, optional
        The patient ids to read; None (the default) reads every patient the store shows.

    Returns
    -------
    Snapshot
        The chosen patients (in the order they were added) and all their records, scores re-derived.

    Raises
    ------
    StoreError
        An id that is not a whole number, or a stored record this iopkit cannot read.
    RecordNotFoundError
        An id out of range or of no patient the store shows (on PostgreSQL, none this role may see).
    """
    from .schema import RECORD_SQL

    everyone = store.patients()
    if patients is None:
        chosen = list(everyone)
        clauses: list[tuple[str, tuple]] = [("", ())]
    else:
        wanted = {row_id(p, "patient_id", f"no patient in {store.path} with id") for p in patients}
        chosen = [p for p in everyone if p.id in wanted]
        missing = sorted(wanted - {p.id for p in chosen})
        if missing:
            raise RecordNotFoundError(
                f"no patient with id {missing[0]!r} in {store.path}", item="patient_id", value=missing[0]
            )
        ids = [p.id for p in chosen]
        clauses = [
            (f" WHERE r.patient_id IN ({', '.join('?' * len(part))})", tuple(part))
            for part in (ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK))
        ]
    rows: list[tuple] = []
    for where, parameters in clauses:  # the server orders as Store.current does: when, then save order
        rows += store._query(RECORD_SQL + where + " ORDER BY r.patient_id, r.taken_at, r.id", parameters)
    items = _items(store, rows)
    derived = _derived(items)
    records = [store._read(row, derived.get((row[2], row[7])), items.get((row[2], row[7]))) for row in rows]
    return Snapshot(str(store.path), chosen, records)


def _items(store, rows: Sequence[tuple]) -> dict[tuple[str, str], tuple[Any, tuple[str, ...]]]:
    """(kind, payload) -> the stored item as its class and its warnings, read once per distinct payload.

    What ``Store._item`` reads is a function of the kind and the payload alone,
    and every record class is frozen, so the records of one payload share it.  A payload that cannot be read is
    left out: each of its records is then read on its own and raises its own error, in the store's order.
    """
    out: dict[tuple[str, str], tuple[Any, tuple[str, ...]]] = {}
    refused: set[tuple[str, str]] = set()
    for row in rows:
        key = (row[2], row[7])
        if key in out or key in refused:
            continue
        try:
            out[key] = store._item(row)
        except Exception:  # noqa: BLE001 - the single read raises its own error for this record
            refused.add(key)
    return out


def _derived(items: dict[tuple[str, str], tuple[Any, tuple[str, ...]]]) -> dict[tuple[str, str], _Derived]:
    """(kind, payload) -> (rederived, warnings) of every item derived again on read, once per distinct payload.

    Assessments: :func:`rederive_scores`; the other kinds of :data:`~iopkit.store.kinds.REDERIVE` (placements,
    recommendations) one by one, as a single read derives them.  Re-deriving is a function of what was stored.
    """
    from .kinds import REDERIVE

    scores = [(key, item) for key, (item, _) in items.items() if key[0] == "assessment"]
    out = dict(zip((key for key, _ in scores), rederive_scores([item for _, item in scores])))
    for key, (item, _) in items.items():
        if key[0] != "assessment" and key[0] in REDERIVE:
            out[key] = _rederive(key[0], item)
    return out


def rederive_scores(scores: Sequence[Any]) -> list[_Derived]:
    """Re-derive stored Scores under today's rules, vectorised; what a single read derives for each.

    Parameters
    ----------
    scores : sequence of Score
        Stored scores (as read back from their records).

    Returns
    -------
    list of (Score or None, tuple of str)
        Per score, in order: ``(None, ())`` when today's rules give the same result, else the score derived
        again and the warning, exactly as a single read reports them (see the module documentation for what
        is compared).

    Examples
    --------
    >>> from dataclasses import replace
    >>> from iopkit import score
    >>> good = score("gad7", [1, 1, 1, 1, 1, 1, 1])
    >>> changed = replace(good, total=3)  # a total the current rules do not give
    >>> [(again is None, warnings) for again, warnings in rederive_scores([good])]
    [(True, ())]
    >>> again, warnings = rederive_scores([changed])[0]
    >>> again.total, warnings
    (7, ('derived again under the current rules it differs: total: stored 3, now 7',))
    """
    out: list[_Derived | None] = [None] * len(scores)
    groups: dict[tuple[str, str], list[int]] = {}
    for i, s in enumerate(scores):
        try:
            key = (str(s.instrument), json.dumps(dict(s.context), sort_keys=True, allow_nan=False))
        except (TypeError, ValueError, AttributeError):
            out[i] = _one(s)
            continue
        groups.setdefault(key, []).append(i)
    for members in groups.values():
        group = [scores[i] for i in members]
        for i, derived in zip(members, _group(group) if len(group) >= GROUP_FROM else map(_one, group)):
            out[i] = derived
    return [d if d is not None else (None, ()) for d in out]


def _one(s: Any) -> _Derived:
    """What a single read derives for one stored Score."""
    return _rederive("assessment", s)


def _group(scores: list[Any]) -> list[_Derived]:
    """Scores of one instrument and one context: evaluated at once as :func:`iopkit.score_many` evaluates them
    (the same validation and rules, without its data frame), then one ``score`` per class of equal results."""
    import numpy as np

    from .. import instrument, score
    from ..scoring.core import _cohort

    first = scores[0]
    try:
        inst = instrument(first.instrument)
        rows = [inst.arrange(s.answers) for s in scores]
        # numbers as numbers (score_many's fast path); a word or a bool goes as it is, so it is judged as score() would
        numeric = {type(a) for row in rows for a in row} <= {int, float, type(None)}
        result, _, errors = _cohort(
            inst, np.array(rows, dtype=float if numeric else object), _keywords(**first.context)
        )
    except (IopkitError, TypeError, ValueError):  # the current rules refuse the group: read each singly
        return [_one(s) for s in scores]
    refused = result.missing_rows.copy()  # what score_many words in its error column
    refused[list(errors)] = True
    # read out of numpy once, as plain values (tolist gives the same numbers as indexing does, one at a time)
    refused_rows = refused.tolist()
    totals = result.aggregate.tolist() if inst.reports_total else None
    fired = [result.flags[rule.code].tolist() for rule in inst.flags]
    subscores = [(name, values.tolist()) for name, values in result.subscores.items()]
    # a rule that names its finding words its flag with the answers that raised it (FlagRule.finding): rows of one
    # class share a representative only with the same answers to its items
    named = [(k, rule.items) for k, rule in enumerate(inst.flags) if rule.finding]
    out: list[_Derived] = []
    representative: dict[tuple, Any] = {}
    for row, s in enumerate(scores):
        if refused_rows[row]:
            out.append(_one(s))  # refused today: the single read words why
            continue
        total = None if totals is None else int(totals[row])
        band = result.band_label(row)
        codes = tuple(rule.code for rule, on in zip(inst.flags, fired) if on[row])
        scored = tuple((name, _plain(values[row])) for name, values in subscores)
        blanks = tuple(a is None for a in rows[row])
        wording = tuple(tuple(rows[row][n - 1] for n in items) for k, items in named if fired[k][row])
        key = (total, band, codes, scored, blanks, wording)
        if key not in representative:
            try:
                again = score(s.instrument, s.answers, **s.context)
            except IopkitError:
                again = None
            agrees = again is not None and (
                again.total,
                again.band,
                tuple(f.code for f in again.flags),
                tuple(again.subscores.items()),
            ) == (total, band, codes, scored)
            representative[key] = again if agrees else None
        again = representative[key]
        if again is not None and _same(s, again):
            out.append((None, ()))
        else:
            out.append(_one(s))
    return out


def _keywords(scheme=None, sex=None, medical_supervision=None, **unknown) -> dict:
    """A stored context as :func:`iopkit.score_many` reads it when given as keywords (``None``: not given)."""
    from ..scoring.core import _given

    return _given(scheme, sex, medical_supervision, unknown)


def _plain(value: Any) -> Any:
    """A subscore cell as :func:`iopkit.score` gives it (bool or int)."""
    import numpy as np

    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    return int(value)


def _same(stored: Any, again: Any) -> bool:
    """Every field the bulk path re-derives is as the current rules give it (see the module documentation)."""
    return (
        stored.instrument == again.instrument
        and stored.total == again.total
        and stored.band == again.band
        and stored.flags == again.flags
        and stored.subscores == again.subscores
        and stored.context == again.context
        and stored.basis.rule == again.basis.rule
        and stored.basis.scheme == again.basis.scheme
        and stored.basis.source == again.basis.source
    )
