"""One exception hierarchy for iopkit.

Every error iopkit raises on bad input is an :class:`IopkitError`, and also
subclasses the built-in exception that fits, so ``except ValueError`` keeps
working for callers that do not know iopkit.  Messages name what was given and
what is allowed, so a clinician can act on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = [
    "IopkitError",
    "UnknownInstrumentError",
    "UnknownSchemeError",
    "InstrumentDefinitionError",
    "InvalidAnswerError",
    "InvalidValueError",
    "IncompleteResponseError",
    "PlacementInputError",
    "EvaluationNotRecordedError",
    "DosePlanError",
    "FitError",
    "StoreError",
    "RecordNotFoundError",
    "FlagAlreadyClosedError",
    "InteropError",
    "UnknownDatasetError",
    "ServingConfigError",
]


class IopkitError(Exception):
    """Base class of every error raised by iopkit.

    Structured fields, so a form can highlight what was wrong and a program can act on it
    without parsing the message (each is ``None`` where it does not apply):

    - ``flags``: safety flags that the input raised even though it was refused (e.g. PHQ-9
      item 9 answered on an unfinished form), so a form can show them at once;
    - ``instrument``: the instrument code (``"phq9"``);
    - ``item``: the item (its number, or a field name such as ``"hours_per_week"``);
    - ``value``: the value given;
    - ``allowed``: what is allowed, in words or as a tuple of values.

    >>> err = IopkitError("PHQ-9 item 3: 7 is not an answer", instrument="phq9", item=3, value=7,
    ...                   allowed=(0, 1, 2, 3))
    >>> err.item, err.allowed
    (3, (0, 1, 2, 3))
    """

    def __init__(
        self,
        *args: object,
        flags: Iterable[Any] = (),
        instrument: str | None = None,
        item: object = None,
        value: object = None,
        allowed: object = None,
    ) -> None:
        super().__init__(*args)
        # set only on the error a cohort import raises: its iopkit.interop.ImportReport (typed loosely:
        # naming that class here would make the errors module depend on interop)
        self.report: object
        # iopkit.flags.Flag values (typed loosely: flags.py raises these errors, so this module cannot import it)
        self.flags = tuple(flags)
        self.instrument = instrument
        self.item = item
        self.value = value
        self.allowed = allowed

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if len(self.args) == 1 else super().__str__()


class UnknownInstrumentError(IopkitError, KeyError):
    """An instrument code that is not in the catalogue."""


class UnknownSchemeError(IopkitError, KeyError):
    """A banding scheme that the instrument does not define."""


class InstrumentDefinitionError(IopkitError, ValueError):
    """An instrument definition that fails its load-time checks (a bug in the data)."""


class InvalidAnswerError(IopkitError, ValueError):
    """An answer that is out of range, non-numeric, NaN or of the wrong shape."""


class InvalidValueError(IopkitError, ValueError):
    """A value outside its closed set (a severity, an item kind, a mode) where no more specific error applies."""


class IncompleteResponseError(IopkitError, ValueError):
    """A scored item is missing and the instrument defines no rule that allows it."""


class PlacementInputError(IopkitError, ValueError):
    """Dimension ratings or placement context that cannot be used as given."""


class EvaluationNotRecordedError(PlacementInputError):
    """A safety flag that called for an immediate emergency evaluation (a C-SSRS screen's high risk) closed without
    that evaluation recorded: who did it, where, when, the overall risk level it found and the disposition
    (:func:`iopkit.placement.resolution.needs_evaluation`).

    ``missing`` names the fields not given, in the order the form asks them (``"evaluated_by"``,
    ``"evaluated_where"``, ``"evaluated_on"``, ``"risk_level"``, ``"disposition"``); ``item`` is the first of them,
    ``instrument`` the flagged record's instrument.
    """

    def __init__(self, *args: object, missing: tuple[str, ...] = (), **fields: Any) -> None:
        super().__init__(*args, **fields)
        self.missing = tuple(missing)


class DosePlanError(IopkitError, ValueError):
    """A dose plan, schedule or attendance record that is not possible."""


class FitError(IopkitError, ValueError):
    """Data that cannot support the requested model (too few events, no variation)."""


class StoreError(IopkitError, RuntimeError):
    """The record store refused or could not complete an operation."""


class RecordNotFoundError(StoreError, KeyError):
    """A patient or record id that the store does not hold."""


class FlagAlreadyClosedError(StoreError):
    """A safety flag closed a second time at the same or a lower overall risk level: a flag is closed once (its
    first closing stands; a higher level is recorded as a re-assessment).

    Raised by the store when a flag resolution would close a flag already closed at the same or a higher level
    (:meth:`iopkit.store.Store.save`), and by a check-in's review whose risk level is lower than the level the
    patient's chart closed its saved questionnaire's flag at (:meth:`iopkit.checkin.CheckinBook.review`).
    ``first`` is the first closing (an :class:`iopkit.placement.FlagResolution`: who, when, the overall risk
    level, what was done), ``instrument`` the flagged record's instrument, ``item`` ``"risk_level"``, ``value``
    the level given now (its value, or None) and ``allowed`` the levels a re-assessment may still record (those
    above the flag's level now; all when it recorded none).
    """

    def __init__(self, *args: object, first: object = None, **fields: Any) -> None:
        super().__init__(*args, **fields)
        # the first closing, an iopkit.placement.FlagResolution (typed loosely: placement raises these errors)
        self.first = first


class InteropError(IopkitError, ValueError):
    """FHIR or CSV input that is malformed, of the wrong type or uses unknown codes."""


class UnknownDatasetError(IopkitError, KeyError):
    """A data-set name that is not in ``iopkit.datasets.index()``."""


class ServingConfigError(IopkitError, ValueError):
    """A setting that cannot be used as given: of the dashboard server (``IOPKIT_TOKEN``, ``IOPKIT_MAX_KERNELS``,
    ``IOPKIT_SECURE_COOKIES``) or the clinic's time zone (``IOPKIT_TIMEZONE``), read by the library and the server
    alike.

    ``item`` names the setting, ``value`` the value given (for the token: only its length, never the token),
    ``allowed`` what is allowed, in words.
    """
