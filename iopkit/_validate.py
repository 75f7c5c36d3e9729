"""Shared checks of values at the boundary, written once and called everywhere.

A Python or numpy bool is never a number here (``True`` is not 1 hour, nor a rating of 1), and a
string such as ``"no"`` is never a bool (it would count as True). Each check returns what it
accepted, or ``None``/``False`` for what it refuses; the caller raises its own clear iopkit error,
naming the field and what is allowed.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from enum import Enum
from typing import TypeVar

__all__ = ["as_bool", "is_bool", "member", "whole_number"]

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
