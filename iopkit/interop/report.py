"""What an import did: every row or resource either imported or refused, with its safety flags.

An import never drops a danger sign.  A row that cannot be imported (an unanswered item, a typo,
an unknown patient, a bad date) is *refused*, and the report keeps, for that row, the error iopkit
raised and the safety flags its valid answers already make certain (``Flag.partial`` marks a
certain lower bound from an unfinished form).  Critical flags of refused rows are listed first
and loudly by ``str(report)``; ``report.critical`` gives them to a program.

Shared helpers for reading outside data live here too: :func:`show` (a bounded ``repr`` that is
safe on any input) and :func:`clinical_time` (an ISO date or date-time a store can hold).
"""

from __future__ import annotations

import datetime as dt
import reprlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .._frozen import freeze
from ..entry import clinical_day
from ..errors import InteropError, IopkitError
from ..flags import Flag, Severity, by_urgency, urgency

if TYPE_CHECKING:
    from ..scoring import Score

__all__ = ["ImportReport", "Imported", "Refused", "RowFlag", "show", "clinical_time", "checked_context", "EARLIEST"]

#: Assessments dated before this are refused as implausible (e.g. a spreadsheet's empty date, 0001-01-01).
EARLIEST = dt.date(1900, 1, 1)

_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother, _REPR.maxlist, _REPR.maxdict = 3, 60, 60, 6, 6


def show(value) -> str:
    """A short ``repr`` of outside data for an error message: bounded, and safe on any input.

    Deep nesting, long text and integers too long to print (Python refuses to print integers of
    more than 4300 digits) are shortened, so writing an error message can never fail.

    Parameters
    ----------
    value : object
        Anything read from outside.

    Returns
    -------
    str
        A ``repr`` of at most a few levels and about 60 characters per part, or a description such as
        ``<a dict>`` where none can be made.

    Examples
    --------
    >>> show(10 ** 5000)
    '<an integer of about 5001 digits>'
    >>> show({"a": {"b": {"c": {"d": 1}}}})
    "{'a': {'b': {'c': {...}}}}"
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"<an integer of about {int(value.bit_length() * 0.30103) + 1} digits>"
    try:
        return _REPR.repr(value)
    except (ValueError, RecursionError):
        return f"<a {type(value).__name__}>"


def clinical_time(value, where: str) -> dt.date | dt.datetime | None:
    """An ISO date or date-time as the clinical time of a record; ``None`` for an empty value.

    Refuses (:class:`~iopkit.errors.InteropError`) text that is not ISO 8601, times that cannot be
    expressed in UTC, dates before :data:`EARLIEST` and dates more than a day in the future: each
    is a data error, not a time an assessment was taken.

    Parameters
    ----------
    value : str or None
        The time as read: ``YYYY-MM-DD``, or a date-time with ``T`` or a space (with a time zone, or read in
        the local one).
    where : str
        Where it was read, to start the message (``"line 2: taken_at"``).

    Returns
    -------
    datetime.date or datetime.datetime or None
        A date for a date, a date-time (as written) for a date-time, ``None`` for ``None`` or ``""``.

    Raises
    ------
    InteropError
        Anything else: not text, longer than 40 characters, not ISO 8601, not placeable in UTC, before
        :data:`EARLIEST` or after tomorrow (``item`` is ``"taken_at"``).

    Examples
    --------
    >>> clinical_time("2026-03-02", "line 2: taken_at")
    datetime.date(2026, 3, 2)
    >>> clinical_time("0001-01-01", "line 2: taken_at")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    iopkit.errors.InteropError: line 2: taken_at 0001-01-01 is not a plausible assessment date (allowed: ...)
    """
    if value in (None, ""):
        return None
    allowed = f"from {EARLIEST.isoformat()} to tomorrow"
    text = value if isinstance(value, str) else None
    try:
        if text is None or len(text) > 40:
            raise ValueError
        when = dt.datetime.fromisoformat(text) if "T" in text or " " in text else dt.date.fromisoformat(text)
        utc = when.astimezone(dt.UTC) if isinstance(when, dt.datetime) else None
    except (ValueError, OverflowError):
        raise InteropError(
            f"{where} {show(value)} is not an ISO date or date-time (e.g. 2026-03-02 or "
            "2026-03-02T10:15:00+00:00) that can be placed in UTC",
            item="taken_at",
            value=value,
            allowed=allowed,
        ) from None
    day = utc.date() if utc is not None else when
    if not EARLIEST <= day <= clinical_day() + dt.timedelta(days=1):
        raise InteropError(
            f"{where} {text} is not a plausible assessment date (allowed: {allowed})",
            item="taken_at",
            value=value,
            allowed=allowed,
        )
    return when


def checked_context(inst, context: dict) -> dict:
    """``context`` if every key is a scoring context the instrument takes, else an InteropError.

    Checked before calling :func:`iopkit.score`, so a key from outside data can never collide
    with ``score``'s own parameters (``instrument``, ``answers``).

    Parameters
    ----------
    inst : Instrument
        The instrument's definition.
    context : dict
        Scoring context read from outside data, by key.

    Returns
    -------
    dict
        ``context`` itself (its values are checked by :func:`iopkit.score`).

    Raises
    ------
    InteropError
        A key other than ``scheme`` and the instrument's context keys; the message lists those allowed.

    Examples
    --------
    >>> from iopkit.instruments import get
    >>> checked_context(get("audit_c"), {"sex": "female"})
    {'sex': 'female'}
    >>> checked_context(get("phq2"), {"answers": 1})
    Traceback (most recent call last):
    ...
    iopkit.errors.InteropError: phq2 takes no scoring context 'answers'; allowed: scheme
    """
    from ..errors import InteropError

    allowed = ("scheme", *inst.context)
    for key in context:
        if key not in allowed:
            raise InteropError(
                f"{inst.code} takes no scoring context {show(key)}; allowed: {', '.join(allowed)}",
                instrument=inst.code,
                item=key,
                value=context[key],
                allowed=allowed,
            )
    return context


@dataclass(frozen=True)
class RowFlag:
    """One flag raised by one row (or resource) of an import.

    Made by :attr:`ImportReport.flags`.

    Attributes
    ----------
    row : int or None
        The row's number (``None`` when not known).
    patient : str or None
        The row's patient as written, if it names one.
    instrument : str or None
        The instrument's code, if known.
    flag : Flag
        The flag.
    saved : bool
        Whether the row was saved to a store (False for every refused row).
    unit : str
        What ``row`` counts (``"line"``, ``"entry"`` or ``"resource"``, as :attr:`ImportReport.unit`).
    """

    row: int | None
    patient: str | None
    instrument: str | None
    flag: Flag
    saved: bool
    unit: str = "line"

    def __str__(self) -> str:
        where = f"{self.unit} {self.row}" if self.row is not None else "resource"
        who = f" patient {self.patient}" if self.patient is not None else ""
        state = "saved" if self.saved else "NOT SAVED"
        bound = " (at least: the form is unfinished)" if self.flag.partial else ""
        return (
            f"{self.flag.severity.value.upper()} {where}{who} {self.instrument or ''} [{state}]: "
            f"{self.flag.said}{bound}. {self.flag.action}"
        )


@dataclass(frozen=True)
class Imported:
    """A row (or resource) that was read and scored; ``record`` is its store id once saved.

    Attributes
    ----------
    row : int or None
        The row's number (a line, entry or position, as the report's ``unit`` says).
    patient : str or None
        The row's patient as written (a pseudonym, or a FHIR ``subject.reference``), if it names one.
    score : Score
        The row's answers, scored.
    ids : Mapping
        The row's id columns, as text (CSV); empty for FHIR. Read-only.
    record : int or None
        The store's id of the saved record, once saved.
    """

    row: int | None
    patient: str | None
    score: Score
    ids: Mapping[str, str | None] = field(default_factory=dict)
    record: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "ids", freeze(self.ids))

    @property
    def instrument(self) -> str:
        return self.score.instrument


@dataclass(frozen=True)
class Refused:
    """A row (or resource) that was not imported: where, whose, why, and its certain flags.

    Attributes
    ----------
    row : int or None
        The row's number (a line, entry or position), ``None`` when not known.
    patient : str or None
        The row's patient as written, if it could be read.
    instrument : str or None
        The instrument's code, if known.
    error : IopkitError
        Why it was refused; its ``flags`` are the safety flags the readable answers already make certain.
    ids : Mapping
        The row's id columns, as text (CSV); empty for FHIR. Read-only.
    """

    row: int | None
    patient: str | None
    instrument: str | None
    error: IopkitError = field(compare=False)
    ids: Mapping[str, str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ids", freeze(self.ids))

    @property
    def message(self) -> str:
        return str(self.error)

    @property
    def flags(self) -> tuple[Flag, ...]:
        return tuple(self.error.flags)

    @classmethod
    def of(cls, row: Imported, error: IopkitError, *, number: int | None = None, ids: bool = True) -> Refused:
        """A row read and scored, then refused on its way into the store (e.g. an unknown patient).

        Parameters
        ----------
        row : Imported
            The row as read; its score's flags travel with the refusal, so no danger sign is lost.
        error : IopkitError
            Why it is refused (its message and its ``item``, ``value`` and ``allowed`` are kept).
        number : int, optional
            The row's number in the source when it differs from ``row.row`` (a Bundle's entry, a file's line).
        ids : bool, default True
            Keep the row's id columns.

        Returns
        -------
        Refused
        """
        refusal = InteropError(
            str(error),
            flags=row.score.flags,
            instrument=row.instrument,
            item=error.item,
            value=error.value,
            allowed=error.allowed,
        )
        return cls(row.row if number is None else number, row.patient, row.instrument, refusal, row.ids if ids else {})


@dataclass(frozen=True)
class ImportReport:
    """What an import read: the rows imported and the rows refused, each with its flags.

    Attributes
    ----------
    source : str
        What was read, e.g. ``"cohort CSV"``.
    imported : tuple of Imported
        Rows read and scored (``record`` set once saved to a store), in file order.
    refused : tuple of Refused
        Rows not imported, in file order, each with the iopkit error and its certain flags.
    unit : str
        What the row numbers count: ``"line"`` of a CSV or NDJSON file (the default), ``"entry"`` of a
        FHIR Bundle, ``"resource"`` of a list of resources.

    Examples
    --------
    >>> import io
    >>> from iopkit.interop import read_report
    >>> report = read_report(io.StringIO(
    ...     "patient,item1,item2,item3,item4,item5,item6,item7,item8,item9\\n"
    ...     "IOP-1,0,0,0,0,0,0,0,0,0\\n"
    ...     "IOP-2,,,,,,,,,3\\n"), "phq9")
    >>> len(report.imported), len(report.refused), report.ok
    (1, 1, False)
    >>> [(f.row, f.patient, f.flag.code, f.saved) for f in report.critical]
    [(3, 'IOP-2', 'suicidal_ideation', False)]
    >>> print(str(report).splitlines()[0])
    !!! 1 CRITICAL FLAG ON ROWS NOT IMPORTED: act on it now, the record is not in the store !!!
    """

    source: str
    imported: tuple[Imported, ...] = ()
    refused: tuple[Refused, ...] = ()
    unit: str = "line"

    @property
    def ok(self) -> bool:
        """True when every row was imported."""
        return not self.refused

    @property
    def records(self) -> tuple[int, ...]:
        """Store ids of the imported rows, in file order (empty when nothing was saved)."""
        return tuple(row.record for row in self.imported if row.record is not None)

    @property
    def flags(self) -> tuple[RowFlag, ...]:
        """Every flag of every row, imported or refused, most urgent first (refused rows first)."""
        rows = [
            RowFlag(r.row, r.patient, r.instrument, f, False, self.unit)
            for r in self.refused
            for f in by_urgency(r.flags)
        ]
        rows += [
            RowFlag(r.row, r.patient, r.instrument, f, r.record is not None, self.unit)
            for r in self.imported
            for f in by_urgency(r.score.flags)
        ]
        return tuple(sorted(rows, key=lambda rf: (urgency(rf.flag), rf.saved)))

    @property
    def critical(self) -> tuple[RowFlag, ...]:
        """Critical flags of every row, those of refused rows (not in any store) first."""
        return tuple(rf for rf in self.flags if rf.flag.severity is Severity.CRITICAL)

    def raise_for_refused(self) -> None:
        """Raise the first refused row's error (its own type, flags and fields), if any row was refused.

        The message names how many more rows were refused, and the error's ``flags`` hold the flags
        of every refused row; ``error.report`` is this report.

        Raises
        ------
        IopkitError
            The first refused row's error, of its own type (e.g. :class:`~iopkit.errors.InteropError`,
            :class:`~iopkit.errors.InvalidAnswerError`), whenever a row was refused.
        """
        if not self.refused:
            return
        first = self.refused[0].error
        more = len(self.refused) - 1
        note = f" ({more} more row{'s' * (more != 1)} refused: see error.report)" if more else ""
        others = by_urgency(f for r in self.refused for f in r.flags)
        error = type(first)(
            str(first) + note,
            flags=others,
            instrument=first.instrument,
            item=first.item,
            value=first.value,
            allowed=first.allowed,
        )
        error.report = self
        raise error from first

    def __str__(self) -> str:
        lines = []
        unsaved = [rf for rf in self.critical if not rf.saved]
        if unsaved:
            lines.append(
                f"!!! {len(unsaved)} CRITICAL FLAG{'S' * (len(unsaved) != 1)} ON ROWS NOT IMPORTED: "
                "act on it now, the record is not in the store !!!"
            )
            lines += [f"  {rf}" for rf in unsaved]
        lines.append(f"{self.source}: {len(self.imported)} imported, {len(self.refused)} refused")
        for r in self.refused:
            where = f"{self.unit} {r.row}" if r.row is not None else "resource"
            lines.append(
                f"  refused {where}" + (f" (patient {r.patient})" if r.patient is not None else "") + f": {r.message}"
            )
        others = [rf for rf in self.flags if rf not in unsaved]
        if others:
            lines.append("flags:")
            lines += [f"  {rf}" for rf in others]
        return "\n".join(lines)
