"""The limits of a plausible dose plan, in one place, with the reasoning behind each.

Every number a dose plan, schedule or attendance record takes from outside is checked here, so a
mistyped "90" for "9" hours a week, a 500-hour session or a 20,000-week programme is refused with a
message that gives the limit and why, instead of being planned, scheduled and exported.  The limits
are of two kinds:

* **physical** -- a week has 168 hours, a session must fit in one day, a calendar ends in year 9999;
* **clinical sense** -- what an outpatient, intensive outpatient (IOP) or partial-hospitalisation
  (PHP) programme can deliver.  These are iopkit's own limits, set well beyond every published
  programme so that no real plan is refused; a clinic with a real need beyond them should plan a
  different level of care (24-hour care) or a new plan, not a larger number.

Sources
-------
* ASAM Criteria, 3rd ed. (Mee-Lee D, et al., eds. The ASAM Criteria. American Society of Addiction
  Medicine; 2013): Level 2.1 IOP 9 h/week or more for adults (6 h adolescents), Level 2.5 PHP 20 h/week
  or more.  PHP is the most intensive level planned in weekly hours; above it is 24-hour care.
* SAMHSA. Treatment Improvement Protocol 47: Substance Abuse: Clinical Issues in Intensive
  Outpatient Treatment. 2006 (updated 2013): IOP programmes commonly run 3 h a day, 3-5 days a week,
  for a few months; https://store.samhsa.gov/product/tip-47-clinical-issues-intensive-outpatient-treatment/sma13-3624
* HCPCS H0004 "behavioral health counseling and therapy, per 15 minutes": 15 minutes is the smallest
  unit in which outpatient counselling is counted.

Examples
--------
>>> HOURS_PER_WEEK.check(9)
9.0
>>> HOURS_PER_WEEK.check(169)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
iopkit.errors.DosePlanError: hours per week must be at most 70 h/week (got 169): ...
"""

from __future__ import annotations

import itertools
import math
import numbers
from dataclasses import dataclass
from datetime import date

from .._validate import is_bool
from ..errors import DosePlanError

__all__ = [
    "Bound",
    "HOURS_IN_A_WEEK",
    "MAX_HOURS_PER_WEEK",
    "MIN_SESSION_MINUTES",
    "MAX_SESSION_HOURS",
    "MAX_SESSIONS_PER_WEEK",
    "MIN_WEEKS",
    "MAX_WEEKS",
    "MAX_LIST_ITEMS",
    "LAST_DAY",
    "HOURS_PER_WEEK",
    "WEEKLY_HOURS",
    "SESSION_HOURS",
    "SESSIONS_PER_WEEK",
    "WEEKS",
    "SCHEDULE_WEEKS",
    "SERVICE_COUNT",
    "is_bool",
    "bounded_items",
]

#: A week has 7 x 24 hours: no weekly dose can exceed it (physical limit).
HOURS_IN_A_WEEK = 168.0

#: Most hours of services a week in any plan: 10 h a day, 7 days a week.  PHP, the most intensive
#: level planned in weekly hours, starts at 20 h/week (ASAM 3rd ed.; 42 CFR 410.43(c)(1)) and day
#: programmes run about 4-6 h a day, 5-7 days; a patient who needs more than 70 h a week of services
#: needs 24-hour care, not a larger outpatient plan (iopkit's own limit, far above any programme).
MAX_HOURS_PER_WEEK = 70.0

#: Shortest session: 15 minutes, the unit in which outpatient counselling is counted (HCPCS H0004,
#: "per 15 minutes"); a shorter "session" (1,000 sessions of 32 seconds) is a data-entry error.
MIN_SESSION_MINUTES = 15

#: Longest session: 12 hours, half a day.  A session must also end on the day it starts (a day has
#: 24 h); no IOP or PHP day lasts longer than about 6-8 h of services (iopkit's own limit).
MAX_SESSION_HOURS = 12.0

#: Most sessions a week: two a day, every day (e.g. a morning group and an afternoon individual
#: session); a calendar schedule holds at most one session a day, so at most 7 (iopkit's own limit).
MAX_SESSIONS_PER_WEEK = 14

#: Shortest plan: one week; a dose in hours *per week* for less than a week (weeks = 1e-9) means nothing.
MIN_WEEKS = 1

#: Longest plan: 52 weeks.  IOP typically runs 8-12 weeks, some programmes 16 weeks or 6 months
#: (TIP 47); a programme longer than a year is not an IOP plan but continuing care, to be planned
#: again at review (iopkit's own limit).  It also keeps every schedule and calendar export small.
MAX_WEEKS = 52

#: Most entries read from a list given as input (holiday dates, services, taper steps, days of
#: services): enough for a century of holidays, small enough that nothing runs without bound.
MAX_LIST_ITEMS = 5_000

#: The last day a calendar can hold (Python's date.max, 31 Dec 9999).
LAST_DAY = date.max


def _finite(value) -> bool:
    try:
        return math.isfinite(value)
    except (OverflowError, TypeError, ValueError):  # an int too large for a float is not a dose
        return False


def _text(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass(frozen=True)
class Bound:
    """The allowed range of one input field, with the reason for its limits.

    Parameters
    ----------
    item : str
        The field as the API spells it (``"hours_per_week"``); errors carry it as ``item``.
    low, high : float
        Smallest and largest value allowed (both inclusive, except ``low`` when ``above_low``).
    unit : str
        Unit shown in messages (``"h/week"``).
    why : str
        Why the upper limit is where it is, shown in the message.
    whole : bool
        Whether only whole numbers are allowed.
    above_low : bool
        Whether ``low`` itself is refused (``> low`` instead of ``>= low``).
    why_low : str
        Why the lower limit is where it is, when it is more than "a dose must be positive".
    """

    item: str
    low: float
    high: float
    unit: str
    why: str
    whole: bool = False
    above_low: bool = False
    why_low: str = ""

    @property
    def allowed(self) -> str:
        """The range in words, e.g. ``"> 0 and at most 70 h/week"``."""
        low = f"> {self.low:g}" if self.above_low else f">= {self.low:g}"
        return f"{low} and at most {self.high:g} {self.unit}".rstrip()

    def check(self, value, label: str | None = None) -> float | int:
        """``value`` as a float (an int when ``whole``), or a :class:`DosePlanError` with the limit and why."""
        label = label or self.item.replace("_", " ")
        kind = "a whole number" if self.whole else "a finite number"
        number = not is_bool(value) and isinstance(value, numbers.Integral if self.whole else numbers.Real)
        if not number or not (isinstance(value, numbers.Integral) or _finite(value)):  # ints are finite, however large
            low = f"> {self.low:g}" if self.above_low else f">= {self.low:g}"
            raise DosePlanError(
                f"{label} must be {kind} {low} (got {_text(value)})", item=self.item, value=value, allowed=self.allowed
            )
        if value < self.low or (self.above_low and value == self.low):
            low = f"> {self.low:g}" if self.above_low else f">= {self.low:g}"
            why = f": {self.why_low}" if self.why_low and value > 0 else ""
            raise DosePlanError(
                f"{label} must be {kind} {low} (got {_text(value)}){why}",
                item=self.item,
                value=value,
                allowed=self.allowed,
            )
        if value > self.high:
            raise DosePlanError(
                f"{label} must be at most {self.high:g} {self.unit} (got {_text(value)}): {self.why}",
                item=self.item,
                value=value,
                allowed=self.allowed,
            )
        return int(value) if self.whole else float(value)

    def count(self, value, label: str | None = None) -> int:
        """:meth:`check` for a bound of whole numbers: the value as an ``int``."""
        if not self.whole:
            raise TypeError(f"{self.item} is not a bound of whole numbers")
        return int(self.check(value, label))


_WEEK_WHY = (
    f"{MAX_HOURS_PER_WEEK:g} h is 10 h of services a day, 7 days a week, far above any outpatient or "
    "day programme (PHP starts at 20 h/week); a patient who needs more needs 24-hour care"
)
_LENGTH_WHY = (
    f"a programme longer than {MAX_WEEKS} weeks (a year) is not an IOP plan; IOP commonly runs "
    "8-12 weeks (TIP 47): plan continuing care again at review"
)
_SHORT_WHY = "a dose in hours per week needs at least one week"

#: Weekly hours of a plan (clinical limit).
HOURS_PER_WEEK = Bound("hours_per_week", 0, MAX_HOURS_PER_WEEK, "h/week", _WEEK_WHY, above_low=True)
#: Weekly hours judged as a number (intensity band, Medicare view): only the physical limit applies.
WEEKLY_HOURS = Bound("hours_per_week", 0, HOURS_IN_A_WEEK, "h/week", "a week has 168 hours", above_low=True)
#: Length of one session in hours.
SESSION_HOURS = Bound(
    "session_hours",
    MIN_SESSION_MINUTES / 60,
    MAX_SESSION_HOURS,
    "h",
    "a session longer than half a day is not one session; no IOP or PHP day gives more than about 6-8 h of services",
    why_low=f"a session lasts at least {MIN_SESSION_MINUTES} minutes, the unit outpatient "
    "counselling is counted in (HCPCS H0004)",
)
#: Sessions per week of a plan.
SESSIONS_PER_WEEK = Bound(
    "sessions_per_week",
    1,
    MAX_SESSIONS_PER_WEEK,
    "a week",
    "two sessions a day, every day, is the most any programme runs",
    whole=True,
)
#: Weeks of a plan (may be fractional, e.g. 12.5).
WEEKS = Bound("weeks", MIN_WEEKS, MAX_WEEKS, "weeks", _LENGTH_WHY, why_low=_SHORT_WHY)
#: Weeks of a calendar schedule (whole weeks).
SCHEDULE_WEEKS = Bound("weeks", MIN_WEEKS, MAX_WEEKS, "weeks", _LENGTH_WHY, whole=True, why_low=_SHORT_WHY)
#: Times a counted service (e.g. drug screening) is given in a week.
SERVICE_COUNT = Bound(
    "count", 0, MAX_SESSIONS_PER_WEEK, "a week", "twice a day, every day, is the most any service is given", whole=True
)


def bounded_items(values, name: str, *, limit: int = MAX_LIST_ITEMS) -> list:
    """The items of an iterable input as a list, refusing a non-iterable or one with more than ``limit`` items.

    Reads at most ``limit + 1`` items, so an endless generator is refused rather than read forever.

    Parameters
    ----------
    values : iterable
        The caller's list (any iterable but text).
    name : str
        The field, for the error.
    limit : int
        The most items accepted.

    Returns
    -------
    list
        The items.

    Raises
    ------
    DosePlanError
        Text or a non-iterable, or more than ``limit`` items.

    Examples
    --------
    >>> bounded_items(("mon", "wed"), "weekdays")
    ['mon', 'wed']
    >>> bounded_items(5, "weekdays")
    Traceback (most recent call last):
    ...
    iopkit.errors.DosePlanError: weekdays must be a list (got 5)
    """
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise DosePlanError(f"{name} must be a list (got {_text(values)})", item=name, value=values, allowed="a list")
    try:
        items = list(itertools.islice(iter(values), limit + 1))
    except TypeError:
        raise DosePlanError(
            f"{name} must be a list (got {_text(values)})", item=name, value=values, allowed="a list"
        ) from None
    if len(items) > limit:
        raise DosePlanError(
            f"{name} has more than {limit} entries, more than any plan needs",
            item=name,
            value=f"more than {limit} entries",
            allowed=f"at most {limit} entries",
        )
    return items
