"""The one shape of a placement record's ``to_dict``/``from_dict``: field by field, each with its own
encoding where it needs one (a level by its code, a date as ISO text), an absent optional field read with
its default (records stored before it existed), a field the class works out itself (``init=False``) neither
written nor read, and any missing or bad field refused as
:class:`~iopkit.errors.PlacementInputError`. Used by :class:`~iopkit.placement.Placement` and
:class:`~iopkit.placement.FlagResolution`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import MISSING, fields
from typing import Any, TypeVar

from ..errors import PlacementInputError

T = TypeVar("T")
Codec = Mapping[str, Callable[[Any], Any]]


def to_record(item: Any, encode: Codec) -> dict:
    """Every field of the frozen dataclass ``item`` it is made from (``init``), encoded where ``encode`` names one.

    Parameters
    ----------
    item : dataclass instance
        The record to write (a :class:`~iopkit.placement.Placement` or
        :class:`~iopkit.placement.FlagResolution`).
    encode : mapping of str to callable
        Field name -> how to encode its value (a level by its code, a date as ISO text).

    Returns
    -------
    dict
        Field name -> value, in field order.
    """
    return {
        f.name: encode[f.name](getattr(item, f.name)) if f.name in encode else getattr(item, f.name)
        for f in fields(item)
        if f.init
    }


def from_record(cls: type[T], data: Mapping[str, Any], decode: Codec, what: str) -> T:
    """Rebuild ``cls`` from :func:`to_record` output; an absent field with a default takes it.

    Parameters
    ----------
    cls : type
        The frozen dataclass to rebuild.
    data : mapping
        What :func:`to_record` wrote (also after a JSON round trip).
    decode : mapping of str to callable
        Field name -> how to decode its value (``None`` is passed through undecoded).
    what : str
        The record's name for the error message (e.g. ``"Placement"``).

    Returns
    -------
    object
        An instance of ``cls``.

    Raises
    ------
    PlacementInputError
        ``data`` is not a mapping, or a required field is missing or cannot be read (any
        ``KeyError``, ``TypeError``, ``ValueError`` or ``AttributeError`` of a decoder or of
        ``cls``, an iopkit error of another kind included, is re-raised as this error).
    """
    if not isinstance(data, Mapping):
        raise PlacementInputError(f"{what} record must be a mapping (got {data!r})", value=data)
    kwargs = {}
    try:
        for f in fields(cls):  # type: ignore[arg-type]  # cls is a dataclass
            if not f.init:  # worked out by the class itself: never taken from the data
                continue
            if f.name not in data:
                if f.default is MISSING and f.default_factory is MISSING:
                    raise KeyError(f.name)
                continue
            value = data[f.name]
            kwargs[f.name] = decode[f.name](value) if f.name in decode and value is not None else value
        return cls(**kwargs)
    except PlacementInputError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise PlacementInputError(f"{what} record is missing or has a bad field: {error}") from error
