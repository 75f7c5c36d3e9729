"""Shared checks of values at the boundary, written once and called everywhere.

A Python or numpy bool is never a number here (``True`` is not 1 hour, nor a rating of 1), and a
string such as ``"no"`` is never a bool (it would count as True). Each check returns what it
accepted, or ``None``/``False`` for what it refuses; the caller raises its own clear iopkit error,
naming the field and what is allowed.
"""

from __future__ import annotations

import datetime as dt
import numbers
import sys
from collections.abc import Callable
from enum import Enum
from typing import TypeVar

__all__ = ["as_bool", "is_bool", "member", "shown", "whole_number"]

E = TypeVar("E", bound=Enum)


def is_bool(value: object) -> bool:
    """True for a Python or numpy bool, and for nothing else.

    Parameters
    ----------
    value : object
        Any value.

    Returns
    -------
    bool
        Whether ``value`` is a Python ``bool`` or a ``numpy.bool_`` (numpy is not imported to check).

    Examples
    --------
    >>> is_bool(True), is_bool(1), is_bool("no")
    (True, False, False)
    """
    return type(value).__name__ in ("bool", "bool_")


def as_bool(value: object) -> bool | None:
    """``value`` as a Python bool if :func:`is_bool` holds, else ``None`` (a string "no" is not False).

    Parameters
    ----------
    value : object
        Any value.

    Returns
    -------
    bool or None
        ``value`` as a Python ``bool`` when it is a Python or numpy bool; ``None`` for anything else.

    Examples
    --------
    >>> as_bool(False), as_bool("no")
    (False, None)
    """
    return bool(value) if is_bool(value) else None


def whole_number(value: object) -> int | None:
    """``value`` as an int if it is a Python or numpy integer and not :func:`is_bool`, else ``None``
    (``None`` for a float, even 2.0, and for a string).

    Parameters
    ----------
    value : object
        Any value.

    Returns
    -------
    int or None
        ``value`` as a Python ``int`` when it is a Python or numpy integer other than a bool; ``None`` otherwise.

    Examples
    --------
    >>> whole_number(3), whole_number(True), whole_number(2.0)
    (3, None, None)
    """
    return int(value) if isinstance(value, numbers.Integral) and not is_bool(value) else None


def member(kind: type[E], value: object, name: str, error: Callable[..., Exception], **fields: object) -> E:
    """``value`` as a member of the closed set ``kind`` (a member, or its value as written in a definition).

    Parameters
    ----------
    kind : Enum subclass
        The closed set, e.g. :class:`iopkit.flags.Severity`.
    value : object
        A member of ``kind`` or its value (``"critical"``).
    name : str
        The field, for the message and the error's ``item``.
    error : IopkitError subclass
        The error to raise.
    **fields
        More structured fields for the error (e.g. ``instrument``).

    Returns
    -------
    Enum
        The member of ``kind``.

    Raises
    ------
    IopkitError
        ``error``, naming the field, the value given and the values allowed (``.allowed``).

    Examples
    --------
    >>> from iopkit.flags import Severity
    >>> from iopkit.errors import InvalidValueError
    >>> member(Severity, "warning", "severity", InvalidValueError)
    <Severity.WARNING: 'warning'>
    >>> member(Severity, "urgent", "severity", InvalidValueError)
    Traceback (most recent call last):
    iopkit.errors.InvalidValueError: severity must be one of 'critical', 'warning', 'info' (got 'urgent')
    """
    try:
        return kind(value)
    except (ValueError, TypeError):
        allowed = tuple(m.value for m in kind)
        raise error(
            f"{name} must be one of {', '.join(map(repr, allowed))} (got {value!r})",
            item=name,
            value=value,
            allowed=allowed,
            **fields,
        ) from None


#: Attoseconds in each unit a numpy time value may count in (months and years are no fixed length).
_ATTO = {
    "W": 7 * 86_400 * 10**18,
    "D": 86_400 * 10**18,
    "h": 3_600 * 10**18,
    "m": 60 * 10**18,
    "s": 10**18,
    "ms": 10**15,
    "us": 10**12,
    "ns": 10**9,
    "ps": 10**6,
    "fs": 10**3,
    "as": 1,
}
#: The units a time span is named in, largest first (the first that counts it whole is used).
_SPAN_UNITS = (
    ("day", _ATTO["D"]),
    ("hour", _ATTO["h"]),
    ("minute", _ATTO["m"]),
    ("second", _ATTO["s"]),
    ("millisecond", _ATTO["ms"]),
    ("microsecond", _ATTO["us"]),
    ("nanosecond", _ATTO["ns"]),
    ("picosecond", _ATTO["ps"]),
    ("femtosecond", _ATTO["fs"]),
    ("attosecond", _ATTO["as"]),
)


def _counted(n: int, unit: str) -> str:
    return f"{n} {unit}" + ("" if abs(n) == 1 else "s")


def _span(atto: int) -> str:
    """A time span of ``atto`` attoseconds in the largest unit that counts it whole."""
    name, size = next((u for u in _SPAN_UNITS if atto % u[1] == 0), _SPAN_UNITS[-1]) if atto else ("second", 1)
    return "a time span of " + _counted(atto // size, name)


def _moment(date: str, atto: int, offset: dt.timedelta | None = None) -> str:
    """A date, with its time of day (``atto`` attoseconds after midnight) when there is one or a UTC offset."""
    if not atto and offset is None:
        return f"the date {date}"
    seconds, fraction = divmod(atto, 10**18)
    clock = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    if fraction:
        clock += "." + f"{fraction:018d}".rstrip("0")
    if offset is not None:
        sign, off = ("-", -offset) if offset < dt.timedelta(0) else ("+", offset)
        hours, rest = divmod(int(off.total_seconds()), 3600)
        clock += f"{sign}{hours:02d}:{rest // 60:02d}" + (f":{rest % 60:02d}" if rest % 60 else "")
    return f"the date and time {date} {clock}"


def _numpy_time(np, value) -> str:
    """A numpy time span or date in words; the same words as the pandas or Python value it equals."""
    if np.isnat(value):
        return "NaT"
    unit, step = np.datetime_data(value.dtype)
    count = int(value.astype(np.int64)) * step
    if isinstance(value, np.timedelta64):
        if unit in ("Y", "M"):
            return "a time span of " + _counted(count, "year" if unit == "Y" else "month")
        if unit == "generic":
            return f"a time span of {count} (no unit)"
        return _span(count * _ATTO[unit])
    if unit in ("Y", "M"):  # the first day of the year or month, as pandas reads it
        return f"the date {value}" + ("-01-01" if unit == "Y" else "-01")
    days, atto = divmod(count * _ATTO[unit], _ATTO["D"])
    try:
        date = str(np.datetime64(days, "D"))
    except OverflowError:  # beyond numpy's days: its own text
        return f"the date and time {value}"
    return _moment(date, atto)


def shown(value: object) -> str:
    """How a refusal names a value given: its repr, except that a numpy number is shown as the Python
    number it holds (``0.5``, not ``np.float64(0.5)``) and a time span or a date is named in words, never
    as the number numpy counts it by.

    A time span or a date has the same words whether it is a numpy, pandas or Python value and whatever
    unit it counts in, so one cell reads the same one at a time and in a table (a DataFrame turns
    ``np.timedelta64(1, "D")`` into ``pd.Timedelta("1 days")``).  Neither numpy nor pandas is imported here.

    Parameters
    ----------
    value : object
        Any value.

    Returns
    -------
    str
        The value as a refusal names it.

    Examples
    --------
    >>> import datetime as dt
    >>> shown(dt.timedelta(hours=36)), shown(dt.date(2020, 1, 1)), shown(dt.datetime(2020, 1, 1, 8, 30))
    ('a time span of 36 hours', 'the date 2020-01-01', 'the date and time 2020-01-01 08:30:00')
    >>> shown("two"), shown(2.5)
    ("'two'", '2.5')
    """
    np = sys.modules.get("numpy")  # a numpy value exists only once numpy (its types) does
    if isinstance(value, (getattr(np, "timedelta64", ()), getattr(np, "datetime64", ()))):
        return _numpy_time(np, value)
    if isinstance(value, getattr(np, "generic", ())):
        return repr(value.item())  # type: ignore[attr-defined]
    if type(value).__name__ == "NaTType":  # pandas.NaT, a datetime subclass
        return "NaT"
    if isinstance(value, dt.timedelta):  # pandas.Timedelta too, with its nanoseconds
        micro = (value.days * 86_400 + value.seconds) * 10**6 + value.microseconds
        return _span(micro * 10**12 + getattr(value, "nanoseconds", 0) * 10**9)
    if isinstance(value, dt.datetime):  # pandas.Timestamp too, with its nanoseconds
        micro = ((value.hour * 60 + value.minute) * 60 + value.second) * 10**6 + value.microsecond
        atto = micro * 10**12 + getattr(value, "nanosecond", 0) * 10**9
        return _moment(value.date().isoformat(), atto, value.utcoffset())
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return repr(value)
