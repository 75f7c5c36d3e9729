"""What the store keeps: the registry of record kinds, and the records a read returns.

Each kind is a class with ``to_dict()`` and ``from_dict()``; adding a kind is adding one line to
:data:`KINDS` (and, if its result can be derived again from its inputs, one to :data:`REDERIVE`).  A class whose
stored payloads read differently from a new dict (one saved before a required field existed) also has
``from_stored()``, which only the store's reading calls (:func:`stored_item`); what it saves is read back with
``from_dict()``, so it never saves again what only ``from_stored()`` accepts.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from collections.abc import Iterator
from dataclasses import MISSING, dataclass, fields, replace
from enum import StrEnum
from functools import lru_cache
from typing import Any

from ..errors import StoreError

__all__ = ["KINDS", "REDERIVE", "Patient", "Record", "Source", "entered_by_staff", "kind_of", "stored_item"]

#: What the store keeps: kind -> "module:Class". Each class has ``to_dict()`` and
#: ``from_dict()`` (and may have ``from_stored()``, see :func:`stored_item`); adding a kind is adding one line here.
KINDS = {
    "assessment": "iopkit.scoring:Score",
    "recommendation": "iopkit.placement:Recommendation",
    "placement": "iopkit.placement:Placement",
    "dose_plan": "iopkit.dose.plan:DosePlan",
    "schedule": "iopkit.dose.schedule:Schedule",
    "attendance": "iopkit.dose.attendance:Attendance",
    "drug_screen": "iopkit.records:DrugScreen",
    "flag_resolution": "iopkit.placement:FlagResolution",
    "group": "iopkit.dose.groups:Group",
}


def _score(instrument, answers, **context):
    from ..scoring import score

    return score(instrument, answers, **context)


def _recommend_again(rec):
    from ..placement import recommend

    return recommend(**rec.inputs())


#: Kinds re-derived from their stored inputs on every read, with the function that does it.
#: Re-deriving must reproduce the stored item (contracts of iopkit.scoring and iopkit.placement).
REDERIVE = {
    "assessment": lambda s: _score(s.instrument, s.answers, **s.context),
    "recommendation": _recommend_again,
    "placement": lambda p: replace(p, recommendation=_recommend_again(p.recommendation)),  # keeps its facts
}

#: "IOPK": marks the file as an iopkit store (``PRAGMA application_id``, https://www.sqlite.org/pragma.html).


class Source(StrEnum):
    """Who reported what a record holds.

    - ``staff``: entered by a clinician (every record saved before sources were kept is staff-entered).
    - ``patient``: the patient's own answers, given on the patient check-in page (:mod:`iopkit.checkin`)
      and scored by the same scorer; the clinician reviews them and may amend with a reason.
    """

    STAFF = "staff"
    PATIENT = "patient"


def entered_by_staff(record: object) -> bool:
    """Whether someone at the clinic took what ``record`` holds: entered by staff, not the patient's own check-in.

    A check-in (:attr:`Source.PATIENT`) may be answered on the patient's own phone, away from the clinic and with no
    one from the clinic in touch, so it never shows the patient was seen.  Read wherever that matters: the chart's
    last seen (:attr:`~iopkit.episode.Episode.last_seen`), the late-flag worklist's days on site
    (:data:`~iopkit.report.late.ON_SITE_AS`) and the repeated screen a reopened C-SSRS flag asks for
    (:attr:`~iopkit.placement.resolution.Reopened.repeated`).  iopkit's own rule (physician review).

    Parameters
    ----------
    record : Record or record-like
        A stored record, or anything that reads like one; without a ``source`` it is staff-entered, as is every
        record saved before sources were kept.

    Returns
    -------
    bool
        False for a patient's own check-in, True otherwise.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> entered_by_staff(SimpleNamespace(source=Source.PATIENT)), entered_by_staff(SimpleNamespace())
    (False, True)
    """
    return getattr(record, "source", Source.STAFF) != Source.PATIENT


@dataclass(frozen=True)
class Patient:
    """A patient as the store knows them: a pseudonymous id, never required to be a real name.

    Made by the store (:meth:`Store.patient`, :meth:`Store.patients`), not by callers.

    Attributes
    ----------
    id : int
        The store's id of the patient (what :meth:`Store.add_patient` returned).
    pseudonym : str
        The programme's pseudonymous identifier, as normalised when registered (``"IOP-0042"``).
    display_name : str or None
        A name to show clinicians, if one was given.
    adolescent : bool
        Whether the patient was registered as an adolescent.
    created_at : datetime.datetime
        When the patient was registered.
    """

    id: int
    pseudonym: str
    display_name: str | None
    adolescent: bool
    created_at: dt.datetime


@dataclass(frozen=True, init=False)  # its __init__ below: the store makes one Record per row it reads
class Record:
    """One saved version of one item, with its audit trail.

    ``taken_at`` is when it happened clinically (given to :meth:`Store.save` as ``when``),
    ``saved_at`` when it was committed.  ``superseded_by`` is the id of the version that
    amends this one, if any.  ``source`` says who reported it (:class:`Source`; staff unless the
    patient answered on a check-in).  ``rederived`` holds the item derived again from the stored
    inputs under today's rules when that differs from what was stored; ``warnings`` says how.

    Made by the store when it reads (:meth:`Store.record`, :meth:`Store.history`), not by callers.

    Attributes
    ----------
    id : int
        The record's id.
    patient_id : int
        The patient it belongs to.
    kind : str
        Its store kind, a key of :data:`KINDS` (``"assessment"``).
    version : int
        1 for a first save, one more for each amendment in its chain.
    taken_at : datetime.datetime or datetime.date
        When it happened clinically.
    saved_at : datetime.datetime
        When it was committed.
    by : str
        Who saved it.
    item : object
        What was saved, read back as its class (a :class:`~iopkit.scoring.Score`, a
        :class:`~iopkit.records.DrugScreen`, ...).
    amends : int or None
        The id of the record this version amends, if any.
    reason : str or None
        Why it amends that record (required for an amendment).
    superseded_by : int or None
        The id of the version that amends this one, if any.
    rederived : object or None
        The item derived again under today's rules, when that differs from ``item``.
    warnings : tuple of str
        How re-deriving differed (or why it failed); empty when it reproduced ``item``.
    source : Source
        Who reported what it holds: staff, or the patient on a check-in.
    """

    id: int
    patient_id: int
    kind: str
    version: int
    taken_at: dt.datetime | dt.date
    saved_at: dt.datetime
    by: str
    item: Any
    amends: int | None = None
    reason: str | None = None
    superseded_by: int | None = None
    rederived: Any = None
    warnings: tuple[str, ...] = ()
    source: Source = Source.STAFF

    def __init__(
        self,
        id: int,  # noqa: A002 - the field's name
        patient_id: int,
        kind: str,
        version: int,
        taken_at: dt.datetime | dt.date,
        saved_at: dt.datetime,
        by: str,
        item: Any,
        amends: int | None = None,
        reason: str | None = None,
        superseded_by: int | None = None,
        rederived: Any = None,
        warnings: tuple[str, ...] = (),
        source: Source = Source.STAFF,
    ) -> None:
        # The fields set in one update of the instance's dict: the frozen dataclass's own __init__ sets each with
        # object.__setattr__, three times slower (a caseload reads 8,000 records).  _check_init keeps the two in step.
        self.__dict__.update(
            id=id,
            patient_id=patient_id,
            kind=kind,
            version=version,
            taken_at=taken_at,
            saved_at=saved_at,
            by=by,
            item=item,
            amends=amends,
            reason=reason,
            superseded_by=superseded_by,
            rederived=rederived,
            warnings=warnings,
            source=source,
        )

    @property
    def rescored_differs(self) -> bool:
        """True when re-deriving the stored inputs today does not reproduce the stored item."""
        return bool(self.warnings)

    @property
    def current(self) -> bool:
        """True for the newest version of its chain (not amended by a later record)."""
        return self.superseded_by is None


def _check_init(cls: type) -> None:
    """Refuse, at import, a hand-written dataclass ``__init__`` whose parameters and defaults are not the fields'."""
    code, defaults = cls.__init__.__code__, cls.__init__.__defaults__ or ()  # type: ignore[misc]
    named = code.co_varnames[1 : code.co_argcount]
    wanted = tuple(f.name for f in fields(cls))
    given = tuple(f.default for f in fields(cls) if f.default is not MISSING)
    if named != wanted or defaults != given:
        raise TypeError(f"{cls.__name__}.__init__ takes {named} = {defaults}, its fields are {wanted} = {given}")


_check_init(Record)


def kind_of(item: Any) -> str:
    """The store kind of ``item`` (its class as registered in :data:`KINDS`).

    Parameters
    ----------
    item : object
        What is to be saved: an instance of one of the classes in :data:`KINDS` (exactly that class).

    Returns
    -------
    str
        Its kind, a key of :data:`KINDS`.

    Raises
    ------
    StoreError
        ``item`` is of no registered class; the message lists the kinds the store keeps.

    Examples
    --------
    >>> from iopkit import score
    >>> kind_of(score("phq2", [1, 2]))
    'assessment'
    """
    for kind in KINDS:
        if type(item) is _class(kind):
            return kind
    raise StoreError(
        f"Cannot store a {type(item).__name__}: the store keeps "
        + ", ".join(f"{kind} ({KINDS[kind].split(':')[1]})" for kind in KINDS)
    )


def _class(kind: str) -> Any:  # a record class, looked up by name: each has from_dict
    return _named(KINDS[kind])


@lru_cache(maxsize=64)
def _named(where: str) -> Any:
    """The class named ``"module:Name"``, imported once (a snapshot looks one up for every stored payload)."""
    module, name = where.split(":")
    return getattr(importlib.import_module(module), name)


def stored_item(kind: str, data: Any) -> Any:
    """A stored payload of ``kind`` read back as its class: its ``from_stored()`` when it has one, else ``from_dict()``.

    ``from_stored()`` reads what the store saved under earlier rules (a
    :class:`~iopkit.placement.FlagResolution` saved before iopkit asked for the overall risk level); a new item is
    checked by ``from_dict()`` when it is saved (:func:`_encode`).

    Parameters
    ----------
    kind : str
        The record kind, a key of :data:`KINDS`.
    data : object
        The payload as decoded from JSON.

    Returns
    -------
    object
        The item.
    """
    cls = _class(kind)
    return getattr(cls, "from_stored", cls.from_dict)(data)


def _encode(item: Any) -> str:
    payload = json.dumps(item.to_dict(), sort_keys=True, allow_nan=False, separators=(",", ":"))
    # never store what would read back different, nor what only the store's reading of old payloads accepts
    if type(item).from_dict(json.loads(payload)) != item:
        raise StoreError(f"{type(item).__name__} does not survive its own to_dict()/from_dict(); not saved")
    return payload


def _rederive(kind: str, item: Any) -> tuple[Any, tuple[str, ...]]:
    """Derive ``item`` again from its stored inputs; report any difference, never hide it."""
    if kind not in REDERIVE:
        return None, ()
    try:
        again = REDERIVE[kind](item)
    except Exception as error:  # a rule that now refuses the stored inputs is itself a difference
        return None, (f"could not be derived again under the current rules: {error}",)
    if again == item:
        return None, ()
    differences = _differences(item.to_dict(), again.to_dict())
    return again, (f"derived again under the current rules it differs: {differences}",)


def _differences(stored: dict, now: dict) -> str:
    """The fields that differ between two serialised items, in words (at most 2,000 characters); a field that is a
    mapping in both is compared field by field, named by its path ("recommendation.first_step: stored
    'medical_review', now 'emergency_evaluation'"), so a derived field of a nested item (a placement's
    recommendation) is named, never cut off behind the whole nested item.

    Examples
    --------
    >>> _differences({"level": "2.1", "rec": {"a": 1, "b": 2}}, {"level": "2.1", "rec": {"a": 1, "b": 3}})
    'rec.b: stored 2, now 3'
    """
    return "; ".join(_changed(stored, now))[:2000]


def _changed(stored: dict, now: dict, path: str = "") -> Iterator[str]:
    """Each field that differs between ``stored`` and ``now`` in words, in key order (:func:`_differences`)."""
    for key in sorted(stored.keys() | now.keys()):
        was, is_now = stored.get(key), now.get(key)
        if was == is_now:
            continue
        if isinstance(was, dict) and isinstance(is_now, dict):
            yield from _changed(was, is_now, f"{path}{key}.")
        else:
            yield f"{path}{key}: stored {was!r}, now {is_now!r}"
