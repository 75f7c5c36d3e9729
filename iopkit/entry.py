"""Data entry: the clinic's clock and day of a record, and whether a record about to be saved repeats one.

Times are stored in UTC; a page or printout shows them on the clinic's clock (:func:`clinic_clock`, :func:`local_time`
with the zone, :func:`zone_note` naming it once), and a record counts on that clock's calendar day
(:func:`clinical_day`). The clinic's clock is the zone named by ``$IOPKIT_TIMEZONE`` (an IANA name such as
``America/Chicago``), else this computer's local zone (:func:`clinic_zone`): set it wherever the computer's zone is
not the clinic's (a server or a research notebook in UTC), or an evening's record counts on the next day.

A double click on Save, or the same form entered twice, must not put two identical records in the
chart: progress would then read "13 -> 13, no change" and a week's measure would count twice.
:func:`duplicate_of` finds the saved record an item would repeat, so a page can refuse the save
and point to the record to correct instead (the store keeps corrections as amendments).

What counts as the same entry is iopkit's own rule, not from a published source: an assessment
is the same when the instrument, every answer and the context (e.g. sex for AUDIT-C) are the same
and it was taken the same clinical day; any other record (placement, plan, drug screen ...) when
it is equal in every field and taken the same clinical day.  The same answers on another day are a
new measurement, never a duplicate.

Examples
--------
>>> import tempfile, pathlib
>>> from iopkit import score
>>> from iopkit.store import Store
>>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "clinic.sqlite")
>>> pid = store.add_patient("IOP-0042")
>>> phq9 = score("phq9", [1, 1, 2, 1, 0, 1, 2, 1, 0])
>>> duplicate_of(store, pid, phq9) is None
True
>>> first = store.save(pid, phq9, by="KM")
>>> duplicate_of(store, pid, phq9).id == first
True
>>> duplicate_of(store, pid, score("phq9", [1, 1, 2, 1, 0, 1, 2, 1, 1])) is None
True
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from typing import Any

from .errors import ServingConfigError

__all__ = [
    "TIMEZONE_SETTING",
    "clinic_clock",
    "clinic_time",
    "clinic_zone",
    "clinical_day",
    "day_said",
    "duplicate_of",
    "local_time",
    "past_day_refusal",
    "same_entry",
    "zone_note",
]

#: The environment variable naming the clinic's time zone (an IANA name); unset or blank: this computer's zone.
TIMEZONE_SETTING = "IOPKIT_TIMEZONE"


def clinic_zone() -> dt.tzinfo | None:
    """The clinic's time zone: the one ``$IOPKIT_TIMEZONE`` names, else ``None`` (this computer's local zone).

    Every time shown and every clinical day is read on this zone (:func:`clinic_clock`), so that a server or a
    research notebook running in UTC counts an evening's record on the clinic's day, as the chart does.

    Returns
    -------
    datetime.tzinfo or None
        The named zone, or ``None`` for this computer's local zone.

    Raises
    ------
    iopkit.errors.ServingConfigError
        ``$IOPKIT_TIMEZONE`` names no time zone known to this computer (``item`` the setting, ``value`` the name).

    Examples
    --------
    >>> import os
    >>> os.environ.get("IOPKIT_TIMEZONE") or clinic_zone() is None
    True
    """
    return _zone(os.environ.get(TIMEZONE_SETTING, "").strip())


@functools.lru_cache(maxsize=8)
def _zone(name: str) -> dt.tzinfo | None:
    """The zone of an IANA ``name`` (``""``: ``None``), read once per name."""
    if not name:
        return None
    import zoneinfo  # only where a zone is named: ``import iopkit`` stays light

    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ServingConfigError(
            f"{TIMEZONE_SETTING}={name!r} is not a time zone this computer knows ({error})",
            item=TIMEZONE_SETTING,
            value=name,
            allowed="an IANA time-zone name (America/Chicago, Europe/London), or unset for this computer's zone",
        ) from None


def clinic_clock(when: dt.datetime) -> dt.datetime:
    """A time as the clinic reads it: an aware datetime on the clinic's clock (:func:`clinic_zone`), the one zone every
    page and printout shows (and :func:`clinical_day` takes the day of); a naive one as it is.

    The stored times are UTC (:func:`iopkit.store.text.utc_text`): every time shown goes through here, so that one
    page never shows two clocks.

    Parameters
    ----------
    when : datetime.datetime
        The time.

    Returns
    -------
    datetime.datetime
        ``when`` in the clinic's zone (aware, its ``tzname()`` the zone's abbreviation), or ``when`` itself if naive.

    Examples
    --------
    >>> clinic_clock(dt.datetime(2026, 12, 2, 9, 30))  # naive: as it is
    datetime.datetime(2026, 12, 2, 9, 30)
    >>> utc = dt.datetime(2026, 12, 2, 15, 30, tzinfo=dt.UTC)
    >>> clinic_clock(utc) == utc and clinic_clock(utc).utcoffset() == utc.astimezone(clinic_zone()).utcoffset()
    True
    """
    return when.astimezone(clinic_zone()) if when.tzinfo is not None else when


def clinic_time(day: dt.date, time: dt.time) -> dt.datetime:
    """The moment ``time`` on ``day`` on the clinic's clock (aware, stored as the UTC instant it is).

    A record made "at 09:30 on 2 March" means 09:30 where the clinic is: built in UTC instead, it would show as
    03:30 on a server six hours west and count on the next calendar day (:func:`clinical_day`) on one ten hours east.

    Parameters
    ----------
    day : datetime.date
        The clinic's calendar day.
    time : datetime.time
        The time of day on the clinic's clock (naive).

    Returns
    -------
    datetime.datetime
        The aware moment, in the clinic's zone (:func:`clinic_zone`).

    Examples
    --------
    >>> at = clinic_time(dt.date(2026, 3, 2), dt.time(9, 30))
    >>> (clinical_day(at), clinic_clock(at).time())
    (datetime.date(2026, 3, 2), datetime.time(9, 30))
    """
    zone = clinic_zone()
    return dt.datetime.combine(day, time).astimezone() if zone is None else dt.datetime.combine(day, time, zone)


def local_time(when: dt.datetime | dt.date | str) -> str:
    """A record's time as the pages show it: the clinic's clock with the zone (a date stays a date).

    The one helper for printed times: the zone is :func:`clinic_clock`'s, the clock a flag's " at 09:00" is
    read on too.

    Parameters
    ----------
    when : datetime.datetime, datetime.date or str
        The time; an aware datetime is shown on the clinic's clock (:func:`clinic_zone`), a naive one as it is.

    Returns
    -------
    str
        ``YYYY-MM-DD HH:MM`` and the zone's abbreviation (its offset, ``UTC-03:00``, for a zone without one) for a
        datetime (no zone for a naive one); a date or text as ``str`` gives it.

    Examples
    --------
    >>> local_time(dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)).endswith(("UTC", "GMT")) or True
    True
    >>> local_time(dt.datetime(2026, 3, 2, 9, 30))  # naive: as it is, no zone
    '2026-03-02 09:30'
    >>> local_time(dt.date(2026, 3, 2))
    '2026-03-02'
    """
    if isinstance(when, dt.datetime):
        local = clinic_clock(when)
        return f"{local:%Y-%m-%d %H:%M} {_zone_label(local)}" if local.tzinfo is not None else f"{local:%Y-%m-%d %H:%M}"
    return str(when)


def _utc_offset(local: dt.datetime) -> str:
    """A local time's offset from UTC in words: ``UTC-06:00``, ``UTC+05:30``; ``UTC`` for none."""
    offset = local.utcoffset() or dt.timedelta(0)
    minutes = round(abs(offset).total_seconds() / 60)
    return f"UTC{'-' if offset < dt.timedelta(0) else '+'}{minutes // 60:02d}:{minutes % 60:02d}" if minutes else "UTC"


def _zone_label(local: dt.datetime) -> str:
    """The zone a local time is printed with: its abbreviation (``CST``), or its offset (``UTC-03:00``) where the
    zone has none (its name is the offset, ``-03``)."""
    name = local.tzname() or ""
    return name if name and name[0] not in "+-" else _utc_offset(local)


def _zone_named(local: dt.datetime) -> str:
    """A local time's zone for the header: ``CST (UTC-06:00)``; ``UTC-03:00`` or ``UTC`` alone."""
    label, utc = _zone_label(local), _utc_offset(local)
    return label if label == utc or utc == "UTC" else f"{label} ({utc})"


def zone_note(now: dt.datetime) -> str:
    """The clock the summary's times are on, named once for its header: the clinic's zone at ``now`` (this server's
    local zone unless ``$IOPKIT_TIMEZONE`` names one) with its offset from UTC and, for a zone with daylight-saving
    time, its other offset of the year.

    Parameters
    ----------
    now : datetime.datetime
        An aware time (when the summary is made); its year's January and July give the zone's offsets.

    Returns
    -------
    str
        E.g. ``"Times are this server's local time, CST (UTC-06:00), or CDT (UTC-05:00) in daylight-saving time;
        dates are its calendar days."``

    Examples
    --------
    >>> zone_note(dt.datetime(2026, 12, 2, 15, tzinfo=dt.UTC)).startswith("Times are this server's local time, ")
    True
    """
    local = clinic_clock(now)
    year = (clinic_clock(dt.datetime(now.year, month, 1, 12, tzinfo=dt.UTC)) for month in (1, 7))
    other = next((x for x in year if x.utcoffset() != local.utcoffset()), None)
    zone = _zone_named(local)
    if other is not None:  # the larger offset is the daylight-saving one
        zero = dt.timedelta(0)
        kind = "daylight-saving" if (other.utcoffset() or zero) > (local.utcoffset() or zero) else "standard"
        zone += f", or {_zone_named(other)} in {kind} time"
    named = os.environ.get(TIMEZONE_SETTING, "").strip()
    # the setting is named unless the zone says it already ("UTC", UTC: once, walk review F13 g)
    where = (
        "this server's local time"
        if clinic_zone() is None
        else "the clinic's time" + ("" if named.casefold() == zone.split(" ")[0].casefold() else f" ({named})")
    )
    return f"Times are {where}, {zone}; dates are its calendar days."


def clinical_day(when: dt.datetime | dt.date | None = None) -> dt.date:
    """The clinic's calendar day of ``when`` (on :func:`clinic_zone`; a date is its own day; ``None`` is today).

    Parameters
    ----------
    when : datetime.datetime or datetime.date, optional
        The moment; an aware datetime is read in the clinic's local time zone.

    Returns
    -------
    datetime.date
        The calendar day.

    Examples
    --------
    >>> clinical_day(dt.date(2026, 3, 2))
    datetime.date(2026, 3, 2)
    """
    if when is None:
        return clinic_clock(dt.datetime.now(dt.UTC)).date()
    if isinstance(when, dt.datetime):
        return clinic_clock(when).date()
    return when


def day_said(day: dt.date) -> str:
    """A day as the continued-stay review and the dose page name a session: "Fri 20 Nov".

    Parameters
    ----------
    day : datetime.date
        The day.

    Returns
    -------
    str

    Examples
    --------
    >>> day_said(dt.date(2026, 11, 20))
    'Fri 20 Nov'
    """
    return f"{day:%a} {day.day} {day:%b}"


def past_day_refusal(day: dt.date | None, today: dt.date | None = None) -> str | None:
    """Why a date of something that happened (taken, collected, done) cannot be saved, in the clinic's words; None
    when it can: today or earlier.

    A date after today is refused, never replaced: the clinician typed it, and only they know the day it happened
    (walk review F6: a browser date field silently turned a typed future date into today).

    Parameters
    ----------
    day : datetime.date or None
        The date given (None: none given, or one the browser could not read).
    today : datetime.date, optional
        The clinic's day (default :func:`clinical_day`).

    Returns
    -------
    str or None
        The refusal, naming the date given and today; None for today or earlier.

    Examples
    --------
    >>> past_day_refusal(dt.date(2026, 12, 5), today=dt.date(2026, 12, 3))
    '05 Dec 2026 is after today (03 Dec 2026): enter the day it happened, today or earlier.'
    >>> past_day_refusal(None), past_day_refusal(dt.date(2026, 12, 3), today=dt.date(2026, 12, 3))
    ('Enter the date: today or earlier.', None)
    """
    if day is None:
        return "Enter the date: today or earlier."
    today = clinical_day() if today is None else today
    if day > today:
        return f"{day:%d %b %Y} is after today ({today:%d %b %Y}): enter the day it happened, today or earlier."
    return None


def same_entry(a: Any, b: Any) -> bool:
    """True when ``a`` and ``b`` record the same thing (see the module's rule).

    Assessments compare instrument, answers and context (the score is derived from them);
    anything else compares equal in every field.

    Parameters
    ----------
    a, b : object
        Two saved items (scores, drug screens, placement decisions ...).

    Returns
    -------
    bool
        Whether saving ``b`` after ``a`` would record nothing new.

    Examples
    --------
    >>> from iopkit import score
    >>> (same_entry(score("phq2", [1, 2]), score("phq2", [1, 2])),
    ...  same_entry(score("phq2", [1, 2]), score("phq2", [2, 1])))
    (True, False)
    """
    if type(a) is not type(b):
        return False
    if type(a).__name__ == "Score":
        return (a.instrument, a.answers, a.context) == (b.instrument, b.answers, b.context)
    return a == b


def duplicate_of(store: Any, patient_id: int, item: Any, *, when: dt.datetime | dt.date | None = None):
    """The patient's saved record that ``item`` would repeat, or ``None``.

    Parameters
    ----------
    store : iopkit.store.Store
        The record store.
    patient_id : int
        Whose chart.
    item
        What is about to be saved (a Score, Placement, DrugScreen ...).
    when : date or datetime, optional
        Its clinical date or time (default: now).

    Returns
    -------
    iopkit.store.Record or None
        The most recently saved current record of the same kind, taken the same clinical day,
        that is :func:`same_entry` as ``item``.
    """
    from .store.kinds import kind_of

    day = clinical_day(when)
    for record in reversed(store.current(patient_id, kind_of(item))):
        if clinical_day(record.taken_at) == day and same_entry(record.item, item):
            return record
    return None
