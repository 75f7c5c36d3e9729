"""Levels of care, named by number with neutral descriptors ("ASAM-informed").

Numbers follow the ASAM Criteria, 3rd edition (Mee-Lee et al., 2013; bibliography key
``asam2013``); the text of the Criteria is licensed and is not reproduced here.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum
from types import MappingProxyType

from .._validate import as_bool, is_bool
from ..errors import PlacementInputError
from ..sources import in_words

__all__ = [
    "EDITIONS",
    "FOURTH_EDITION",
    "HOURS",
    "Confidence",
    "Edition",
    "FourthEditionLevel",
    "HoursRange",
    "LevelOfCare",
    "describe",
    "hours_per_week",
    "hours_range",
    "is_adolescent",
    "level_for_hours",
    "minimum_clinical_hours",
]


class LevelOfCare(Enum):
    """A level of care on the 3rd-edition continuum, ordered by intensity.

    ``.code`` is the level number as clinicians write it, ``.label`` a plain
    descriptor, ``.rank`` the position in order of intensity (treatment levels
    and withdrawal-management levels are ranked separately).

    Examples
    --------
    >>> LevelOfCare.IOP.code, LevelOfCare.IOP.label
    ('2.1', 'Intensive outpatient')
    >>> LevelOfCare.from_code("2.5") is LevelOfCare.PHP
    True
    """

    # name = (code, label, rank, is_withdrawal_management)
    EARLY_INTERVENTION = ("0.5", "Early intervention", 0, False)
    OP = ("1", "Outpatient", 1, False)
    IOP = ("2.1", "Intensive outpatient", 2, False)
    PHP = ("2.5", "Partial hospitalization", 3, False)
    RESIDENTIAL_LOW = ("3.1", "Clinically managed low-intensity residential", 4, False)
    RESIDENTIAL_POPULATION_SPECIFIC = (
        "3.3",
        "Clinically managed population-specific high-intensity residential",
        5,
        False,
    )
    RESIDENTIAL_HIGH = ("3.5", "Clinically managed high-intensity residential", 6, False)
    INPATIENT_MONITORED = ("3.7", "Medically monitored intensive inpatient", 7, False)
    INPATIENT_MANAGED = ("4", "Medically managed intensive inpatient", 8, False)
    WM_AMBULATORY = ("1-WM", "Ambulatory withdrawal management without extended on-site monitoring", 1, True)
    WM_AMBULATORY_EXTENDED = ("2-WM", "Ambulatory withdrawal management with extended on-site monitoring", 2, True)
    WM_RESIDENTIAL = ("3.2-WM", "Clinically managed residential withdrawal management", 3, True)
    WM_INPATIENT_MONITORED = ("3.7-WM", "Medically monitored inpatient withdrawal management", 4, True)
    WM_INPATIENT_MANAGED = ("4-WM", "Medically managed intensive inpatient withdrawal management", 5, True)

    def __init__(self, code: str, label: str, rank: int, is_withdrawal_management: bool) -> None:
        self.code = code
        self.label = label
        self.rank = rank
        self.is_withdrawal_management = is_withdrawal_management

    def __str__(self) -> str:
        return f"Level {self.code} ({self.label})"

    @classmethod
    def from_code(cls, code: str) -> LevelOfCare:
        """Return the level whose code is ``code`` (e.g. ``"2.1"`` or ``"3.2-WM"``).

        Parameters
        ----------
        code : str
            The level number as clinicians write it (case and surrounding spaces do not matter).

        Returns
        -------
        LevelOfCare

        Raises
        ------
        PlacementInputError
            No level has that code; the message lists the codes there are.
        """
        wanted = str(code).strip().upper()
        for level in cls:
            if level.code.upper() == wanted:
                return level
        allowed = ", ".join(level.code for level in cls)
        raise PlacementInputError(f"Unknown level of care {code!r}; allowed codes: {allowed}")


# --- Hours of clinical service per week -------------------------------------------------------
# Ranges are half-open, [min, max): ``min`` inclusive, ``max`` exclusive, ``None`` = no upper bound.
# So 8.5 h/wk is Level 1 for an adult and 19.5 h/wk is still Level 2.1 (the "9-19" of the
# ranges name whole hours). Sources (bibliography keys): asam2013 (Level 1 <9 h adults / <6 h
# adolescents; Level 2.1 >=9 h adults / >=6 h adolescents; Level 2.5 >=20 h; Level 3.1 >=5 h clinical
# services in a 24-h structure); IOP minimum 9 h also tip47 and cfr_410_43 (Medicare IOP certification);
# PHP >=20 h also cfr_410_43 (42 CFR 410.43(c)(1)).
# Levels without a weekly-hours definition (0.5, 24-hour levels above 3.1, WM levels) are absent.


@dataclass(frozen=True)
class HoursRange:
    """Weekly hours of clinical service that define a level, with the source of the rule.

    Parameters
    ----------
    level : LevelOfCare
        The level the row defines (1, 2.1, 2.5 or 3.1).
    adolescent : bool
        True for the adolescent thresholds, False for adults.
    min : float
        The fewest weekly hours of clinical service (inclusive).
    max : float or None
        The weekly hours the level stays below (exclusive); ``None``: no upper bound.
    source : str
        The bibliography keys of the rule (e.g. ``"asam2013; tip47; cfr_410_43"``).
    """

    level: LevelOfCare
    adolescent: bool
    min: float
    max: float | None
    source: str


_A3 = "asam2013; tip47; cfr_410_43"
_PHP = "asam2013; cfr_410_43"
_RES = "asam2013"

#: The hours table, as data. One row per (level, adolescent).
HOURS: tuple[HoursRange, ...] = (
    HoursRange(LevelOfCare.OP, False, 0, 9, _A3),
    HoursRange(LevelOfCare.IOP, False, 9, 20, _A3),
    HoursRange(LevelOfCare.PHP, False, 20, None, _PHP),
    HoursRange(LevelOfCare.RESIDENTIAL_LOW, False, 5, None, _RES),
    HoursRange(LevelOfCare.OP, True, 0, 6, _A3),
    HoursRange(LevelOfCare.IOP, True, 6, 20, _A3),
    HoursRange(LevelOfCare.PHP, True, 20, None, _PHP),
    HoursRange(LevelOfCare.RESIDENTIAL_LOW, True, 5, None, _RES),
)
_HOURS = {(row.level, row.adolescent): row for row in HOURS}


def _member(level: object) -> LevelOfCare:
    """``level`` itself if it is a LevelOfCare, else a ValueError (as ``LevelOfCare(level)`` gave)."""
    if isinstance(level, LevelOfCare):
        return level
    raise ValueError(f"{level!r} is not a LevelOfCare")


def hours_range(level: LevelOfCare, *, adolescent: bool = False) -> HoursRange:
    """Return the weekly-hours row of ``level`` (with its source) for adults or adolescents.

    Parameters
    ----------
    level : LevelOfCare
        A level defined by weekly hours (1, 2.1, 2.5 or 3.1).
    adolescent : bool
        Use the adolescent thresholds.

    Returns
    -------
    HoursRange
        The row of :data:`HOURS`, with its source.

    Raises
    ------
    PlacementInputError
        A level that is not defined by weekly hours (0.5, the 24-hour levels above 3.1 and the
        withdrawal-management levels), or ``adolescent`` not a bool.

    Examples
    --------
    >>> hours_range(LevelOfCare.IOP, adolescent=True).min
    6
    """
    adolescent = is_adolescent(adolescent)
    try:
        return _HOURS[(_member(level), adolescent)]
    except (KeyError, ValueError):
        allowed = ", ".join(sorted({row.level.code for row in HOURS}))
        raise PlacementInputError(
            f"Level {getattr(level, 'code', level)!r} has no weekly-hours definition; "
            f"levels defined by hours/week: {allowed}"
        ) from None


def is_adolescent(value: object) -> bool:
    """``value`` as a bool, or a PlacementInputError: a string such as "no" must not count as True.

    Parameters
    ----------
    value : bool
        A Python or numpy bool.

    Returns
    -------
    bool

    Raises
    ------
    PlacementInputError
        Anything that is not a bool (a string, 0 or 1, None).

    Examples
    --------
    >>> is_adolescent(False)
    False
    """
    if (flag := as_bool(value)) is not None:  # Python or numpy bool
        return flag
    raise PlacementInputError(f"adolescent must be True or False (got {value!r})")


def hours_per_week(level: LevelOfCare, *, adolescent: bool = False) -> tuple[float, float | None]:
    """Weekly hours of clinical service that define ``level``: ``(min, max)``, ``max`` exclusive.

    ``max`` is ``None`` where the level has no upper bound. Adults: Level 1 below 9 h,
    Level 2.1 from 9 to under 20 h, Level 2.5 20 h or more; adolescents: Level 1 below 6 h,
    Level 2.1 from 6 to under 20 h, Level 2.5 20 h or more (ASAM 2013; TIP 47; 42 CFR 410.43).

    Parameters
    ----------
    level : LevelOfCare
        A level defined by weekly hours (1, 2.1, 2.5 or 3.1).
    adolescent : bool
        Use the adolescent thresholds.

    Returns
    -------
    tuple of (float, float or None)
        ``(min, max)``, ``max`` exclusive or ``None``.

    Raises
    ------
    PlacementInputError
        As :func:`hours_range`.

    Examples
    --------
    >>> hours_per_week(LevelOfCare.IOP)
    (9, 20)
    >>> hours_per_week(LevelOfCare.IOP, adolescent=True)
    (6, 20)
    >>> hours_per_week(LevelOfCare.PHP)
    (20, None)
    """
    row = hours_range(level, adolescent=adolescent)
    return (row.min, row.max)


def minimum_clinical_hours(level: LevelOfCare, *, adolescent: bool = False) -> float | None:
    """The fewest weekly hours of clinical services that ``level`` itself guarantees, or None.

    This is the one place weekly-hour minimums come from (the rows of :data:`HOURS`, with their
    sources): Level 1 0, Level 2.1 9 (adolescents 6), Level 2.5 20, Level 3.1 5. ``None`` for
    levels without a weekly-hours definition (0.5, the 24-hour levels above 3.1, WM levels).

    Parameters
    ----------
    level : LevelOfCare
        Any level of care.
    adolescent : bool
        Use the adolescent thresholds.

    Returns
    -------
    float or None

    Raises
    ------
    PlacementInputError
        ``adolescent`` not a bool.
    ValueError
        ``level`` not a :class:`LevelOfCare` (checked first; not an iopkit error).

    Examples
    --------
    >>> [minimum_clinical_hours(lv) for lv in (LevelOfCare.IOP, LevelOfCare.PHP, LevelOfCare.RESIDENTIAL_LOW)]
    [9, 20, 5]
    >>> minimum_clinical_hours(LevelOfCare.RESIDENTIAL_HIGH) is None
    True
    """
    row = _HOURS.get((_member(level), is_adolescent(adolescent)))
    return None if row is None else row.min


def level_for_hours(hours: float, *, adolescent: bool = False) -> LevelOfCare:
    """The outpatient level (1, 2.1 or 2.5) whose weekly-hours range contains ``hours``.

    Parameters
    ----------
    hours : float
        Weekly hours of clinical service, finite and not negative (a bool is not a number here).
    adolescent : bool
        Use the adolescent thresholds.

    Returns
    -------
    LevelOfCare
        :attr:`LevelOfCare.OP`, :attr:`LevelOfCare.IOP` or :attr:`LevelOfCare.PHP`.

    Raises
    ------
    PlacementInputError
        ``hours`` not a finite number >= 0, or ``adolescent`` not a bool.

    Examples
    --------
    >>> [level_for_hours(h).code for h in (8.5, 9, 19.5, 20)]
    ['1', '2.1', '2.1', '2.5']
    >>> level_for_hours(6, adolescent=True).code
    '2.1'
    """
    if not isinstance(hours, numbers.Real) or is_bool(hours) or not (math.isfinite(hours) and hours >= 0):
        raise PlacementInputError(f"hours per week must be a finite number >= 0 (got {hours!r})")
    for level in (LevelOfCare.OP, LevelOfCare.IOP, LevelOfCare.PHP):
        low, high = hours_per_week(level, adolescent=adolescent)
        if low <= hours and (high is None or hours < high):
            return level
    raise AssertionError("unreachable: the outpatient ranges cover [0, inf)")  # pragma: no cover


# --- 4th edition (2023) names -----------------------------------------------------------------
# The default continuum is the 3rd edition. The 4th-edition crosswalk below rests on secondary summaries
# of the 4th edition (bibliography key asam2023); its full level list and any official crosswalk were not
# seen, so every entry says whether a summary names it ("secondary") or iopkit inferred it ("inferred").


class Edition(StrEnum):
    """An edition of the ASAM Criteria that levels can be named in (a ``StrEnum``: ``"3rd"`` still works)."""

    THIRD = "3rd"
    FOURTH = "4th"


class Confidence(StrEnum):
    """How sure a 4th-edition name is: named by a secondary summary, or iopkit's own nearest match."""

    SECONDARY = "secondary"
    INFERRED = "inferred"


@dataclass(frozen=True)
class FourthEditionLevel:
    """The nearest 4th-edition level for a 3rd-edition level, with how sure we are.

    Parameters
    ----------
    code : str or None
        The 4th-edition level number (``None``: no treatment level, as for 0.5).
    label : str
        Its descriptor.
    confidence : Confidence
        ``SECONDARY``: named by a secondary summary of the 4th edition; ``INFERRED``: iopkit's
        nearest match.
    source : str
        The bibliography keys (``asam2023``, with ``iopkit`` where the match is iopkit's own).
    note : str
        Why the match was made, where it is not a plain renaming (default "").
    """

    code: str | None
    label: str
    confidence: Confidence  # SECONDARY: named by a secondary summary; INFERRED: iopkit's nearest match
    source: str  # bibliography keys
    note: str = ""


_SEEN, _INFERRED = Confidence.SECONDARY, Confidence.INFERRED
_WM = "asam2023; iopkit"
FOURTH_EDITION: Mapping[LevelOfCare, FourthEditionLevel] = MappingProxyType(
    {
        LevelOfCare.EARLY_INTERVENTION: FourthEditionLevel(
            None,
            "No treatment level (0.5 dropped)",
            _INFERRED,
            "asam2023; iopkit",
            "0.5 is reported as no longer a treatment level",
        ),
        LevelOfCare.OP: FourthEditionLevel(
            "1.5", "Outpatient therapy", _SEEN, "asam2023", "1.7 if medically managed (addiction medication, WM)"
        ),
        LevelOfCare.IOP: FourthEditionLevel("2.1", "Intensive outpatient", _SEEN, "asam2023"),
        LevelOfCare.PHP: FourthEditionLevel("2.5", "High-intensity outpatient (renamed PHP)", _SEEN, "asam2023"),
        LevelOfCare.RESIDENTIAL_LOW: FourthEditionLevel(
            "3.1", "Clinically managed low-intensity residential", _SEEN, "asam2023"
        ),
        LevelOfCare.RESIDENTIAL_POPULATION_SPECIFIC: FourthEditionLevel(
            "3.5",
            "Clinically managed high-intensity residential",
            _INFERRED,
            "asam2023; cobha_fhir_ig; iopkit",
            "3.3 removed; cognitive impairment addressed across the continuum; 3.5 is our nearest match",
        ),
        LevelOfCare.RESIDENTIAL_HIGH: FourthEditionLevel(
            "3.5", "Clinically managed high-intensity residential", _SEEN, "asam2023"
        ),
        LevelOfCare.INPATIENT_MONITORED: FourthEditionLevel("3.7", "Medically managed residential", _SEEN, "asam2023"),
        LevelOfCare.INPATIENT_MANAGED: FourthEditionLevel("4", "Medically managed inpatient", _SEEN, "asam2023"),
        LevelOfCare.WM_AMBULATORY: FourthEditionLevel(
            "1.7", "Medically managed outpatient", _INFERRED, _WM, "nearest match by setting"
        ),
        LevelOfCare.WM_AMBULATORY_EXTENDED: FourthEditionLevel(
            "2.7", "Medically managed intensive outpatient", _INFERRED, _WM, "nearest match by setting"
        ),
        LevelOfCare.WM_RESIDENTIAL: FourthEditionLevel(
            "3.7",
            "Medically managed residential",
            _INFERRED,
            "asam2023; cobha_fhir_ig; iopkit",
            "3.2-WM retired; no clinically managed WM level reported; nearest residential level with medical "
            "management",
        ),
        LevelOfCare.WM_INPATIENT_MONITORED: FourthEditionLevel(
            "3.7", "Medically managed residential", _INFERRED, _WM, "nearest match by setting"
        ),
        LevelOfCare.WM_INPATIENT_MANAGED: FourthEditionLevel(
            "4", "Medically managed inpatient", _INFERRED, _WM, "nearest match by setting"
        ),
    }
)

#: Editions that :func:`describe` can name levels in (as text); the 3rd edition is the default.
EDITIONS = tuple(e.value for e in Edition)


def describe(level: LevelOfCare, *, edition: Edition | str = Edition.THIRD) -> str:
    """Name ``level`` as a clinician would write it, in the 3rd (default) or 4th edition.

    4th-edition names are labelled with their confidence, because they rest on secondary
    summaries of the 4th edition (or, where marked, on iopkit's own nearest match).

    Parameters
    ----------
    level : LevelOfCare
        The level, on the 3rd-edition continuum.
    edition : Edition or str
        ``"3rd"`` (default) or ``"4th"`` (:class:`Edition`).

    Returns
    -------
    str
        The level's number and descriptor; in the 4th edition with how sure the name is.

    Raises
    ------
    PlacementInputError
        An edition other than ``"3rd"`` or ``"4th"``.
    KeyError
        In the 4th edition, a ``level`` that is not a :class:`LevelOfCare` (not an iopkit error; in
        the 3rd edition such a value is returned as its ``str``).

    Examples
    --------
    >>> describe(LevelOfCare.PHP)
    'Level 2.5 (Partial hospitalization)'
    >>> name, tag = describe(LevelOfCare.PHP, edition="4th").split(" [")
    >>> name
    'Level 2.5 (High-intensity outpatient (renamed PHP))'
    >>> tag
    '4th ed., from secondary summaries of ASAM Criteria, 4th ed. (ASAM 2023)]'
    >>> describe(LevelOfCare.WM_AMBULATORY, edition="4th").split(" [")[1]
    '4th ed., inferred by iopkit: nearest match by setting]'
    """
    if edition not in EDITIONS:
        raise PlacementInputError(f"edition must be one of {EDITIONS} (got {edition!r})")
    if edition == Edition.THIRD:
        return str(level)
    fourth = FOURTH_EDITION[level]
    code = f"Level {fourth.code}" if fourth.code else "No level"
    if fourth.confidence == _SEEN:
        tag = "from secondary summaries of " + in_words(fourth.source)
    else:
        tag = f"inferred by iopkit: {fourth.note}"
    return f"{code} ({fourth.label}) [4th ed., {tag}]"
