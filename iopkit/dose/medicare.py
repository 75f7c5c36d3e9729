"""Medicare's (CMS) view of a dose: IOP certification and the PHP minimum judged week by week, per-diem tiers.

A plan of 9 h a week can still leave a week below 9 h (a holiday, a cancelled group); an average over
weeks would hide it, so every week is judged on its own and a short week is never reported as "met".
"""

from __future__ import annotations

from dataclasses import dataclass

from ..flags import Flag
from .bounds import MAX_WEEKS, WEEKLY_HOURS, bounded_items
from .plan import _positive, _whole

__all__ = ["CmsView", "cms_view", "CMS_IOP_MINIMUM", "CMS_PHP_MINIMUM"]

#: Medicare's IOP and PHP rules behind the view (bibliography keys): the CY 2024 OPPS/ASC final rule
#: (CMS-1786-FC; IOP certification of at least 9 h a week, per-diem tiers for days with 3 and with 4 or more
#: services) and 42 CFR 410.43 (PHP for patients who need at least 20 h a week, 410.43(c)(1)).
CMS_SOURCE = "cms_opps2024; cfr_410_43"

#: Medicare's weekly minimums: IOP certification needs at least 9 h of IOP services a week (CY 2024 OPPS
#: final rule, Consolidated Appropriations Act 2023 section 4124); PHP is for patients who need at least
#: 20 h a week (42 CFR 410.43(c)(1)).
CMS_IOP_MINIMUM = 9.0
CMS_PHP_MINIMUM = 20.0
#: The source of a week judged against those minimums: the CMS rules, and iopkit's own arrangement of judging
#: every week on its own (the rules state a weekly need; judging each week rather than an average is iopkit's).
CMS_WEEKLY_SOURCE = "cms_opps2024; cfr_410_43; iopkit"


@dataclass(frozen=True)
class CmsView:
    """How Medicare (CMS, from CY 2024) sees a weekly dose, week by week, and the services given per day.

    ``meets_iop_certification`` (>= 9 h) and ``meets_php_minimum`` (>= 20 h) hold only when the planned
    hours *and every week given* reach the minimum: a week below it (a holiday, a cancelled group) is
    listed in ``weeks_below_iop`` / ``weeks_below_php`` (week 1 first) and raises a warning in ``flags``,
    so the view never says "met" while a week falls short.  ``day_tiers`` holds, per programme day,
    ``"4+"`` (the >=4-services per-diem APC), ``"3"`` (the 3-services APC) or ``"<3"`` (neither).

    Parameters
    ----------
    hours_per_week : float
        The planned weekly hours.
    meets_iop_certification, meets_php_minimum : bool
        Whether the plan and every week given reach 9 h (IOP) or 20 h (PHP).
    day_tiers : tuple of str
        Per programme day: ``"4+"``, ``"3"`` or ``"<3"`` services.
    source : str
        The CMS rules behind the view (bibliography keys, :mod:`iopkit.sources`).
    weekly_hours : tuple of float
        Hours of each week given, week 1 first.
    weeks_below_iop, weeks_below_php : tuple of int
        The weeks (from 1) below each minimum.
    flags : tuple of Flag
        A warning for each minimum missed in a week.
    """

    hours_per_week: float
    meets_iop_certification: bool
    meets_php_minimum: bool
    day_tiers: tuple[str, ...]
    source: str = CMS_SOURCE
    weekly_hours: tuple[float, ...] = ()
    weeks_below_iop: tuple[int, ...] = ()
    weeks_below_php: tuple[int, ...] = ()
    flags: tuple[Flag, ...] = ()

    def summary(self) -> str:
        """One line for a page: met, or not met with the plan's hours or the weeks that fall short.

        >>> print(cms_view(9, weekly_hours=[9, 6, 9]).summary())
        Medicare IOP certification (at least 9 h/week): not met in week 2 (6 h).
        """
        if self.hours_per_week >= CMS_PHP_MINIMUM:
            name, minimum, short, met = "PHP minimum", CMS_PHP_MINIMUM, self.weeks_below_php, self.meets_php_minimum
        else:
            name, minimum, short, met = (
                "IOP certification",
                CMS_IOP_MINIMUM,
                self.weeks_below_iop,
                self.meets_iop_certification,
            )
        head = f"Medicare {name} (at least {minimum:g} h/week): "
        if met:
            return head + ("met in every week." if self.weekly_hours else "met by the plan.")
        if short:
            weeks = ", ".join(f"{w} ({self.weekly_hours[w - 1]:g} h)" for w in short)
            return head + f"not met in week{'s' if len(short) > 1 else ''} {weeks}."
        return head + f"not met: the plan gives {self.hours_per_week:g} h/week."


def _weekly_hours(weekly_hours) -> tuple[float, ...]:
    """Hours of each week, from a sequence of numbers or anything with ``hours_by_week()`` (a Schedule)."""
    if hasattr(weekly_hours, "hours_by_week"):
        weekly_hours = weekly_hours.hours_by_week()
    items = bounded_items(weekly_hours, "weekly_hours", limit=MAX_WEEKS)
    return tuple(_positive(f"hours in week {w}", h, allow_zero=True) for w, h in enumerate(items, start=1))


def cms_view(hours_per_week: float, services_per_day=(), *, weekly_hours=()) -> CmsView:
    """Medicare's view of a weekly dose: IOP certification needs >= 9 h/wk, PHP >= 20 h/wk, in every week.

    Parameters
    ----------
    hours_per_week : float
        Planned hours of IOP services per week.
    services_per_day : sequence of int
        Number of separately billable services on each programme day.
    weekly_hours : Schedule or sequence of float, optional
        Hours scheduled (or delivered) in each week, week 1 first; a :class:`~iopkit.dose.Schedule`
        gives its :meth:`~iopkit.dose.Schedule.hours_by_week`.  Each week below the minimum is listed
        and flagged, and the view is then not "met" (an average over weeks would hide it).

    Returns
    -------
    CmsView
        The weekly hours judged against both minimums, with a flag for each week below one.

    Raises
    ------
    DosePlanError
        Hours that are not a number in range, a service count that is not a whole number >= 0, or weekly hours
        that are not numbers.

    Notes
    -----
    The certification is of the patient's need for at least 9 h a week (CMS CY 2024 OPPS final rule,
    Consolidated Appropriations Act 2023 section 4124); PHP is for patients who need at least 20 h a week
    (42 CFR 410.43(c)(1)), and CMS
    flags PHP claims for weeks below 20 h.  A week below the minimum is therefore shown as not met
    with its hours, so the programme can make the hours up or document why.

    Examples
    --------
    >>> view = cms_view(9, services_per_day=[3, 4, 2])
    >>> view.meets_iop_certification, view.meets_php_minimum, view.day_tiers
    (True, False, ('3', '4+', '<3'))
    >>> view = cms_view(9, weekly_hours=[9, 9, 6, 9])  # a holiday in week 3
    >>> view.meets_iop_certification, view.weeks_below_iop, [f.code for f in view.flags]
    (False, (3,), ['cms_week_below_iop_minimum'])
    """
    hours = WEEKLY_HOURS.check(hours_per_week, "hours per week")
    tiers = []
    for count in bounded_items(services_per_day, "services_per_day", limit=7 * MAX_WEEKS):
        count = _whole("services per day", count, 0)
        tiers.append("4+" if count >= 4 else "3" if count == 3 else "<3")
    weeks = _weekly_hours(weekly_hours)
    tol = 1e-9
    below_iop = tuple(w for w, h in enumerate(weeks, start=1) if h < CMS_IOP_MINIMUM - tol)
    below_php = tuple(w for w, h in enumerate(weeks, start=1) if h < CMS_PHP_MINIMUM - tol)
    flags = []
    for name, minimum, short in (("PHP", CMS_PHP_MINIMUM, below_php), ("IOP", CMS_IOP_MINIMUM, below_iop)):
        if hours >= minimum and short:  # the plan claims this level, but some weeks fall short
            listed = ", ".join(f"week {w} ({weeks[w - 1]:g} h)" for w in short)
            flags.append(
                Flag(
                    f"cms_week_below_{name.lower()}_minimum",
                    f"{listed} {'is' if len(short) == 1 else 'are'} below Medicare's {name} minimum of {minimum:g} "
                    f"h/week, although the plan gives {hours:g} h/week.",
                    "warning",
                    f"Schedule make-up hours in {'that week' if len(short) == 1 else 'those weeks'} or document why "
                    f"the patient received less than {minimum:g} h.",
                    CMS_WEEKLY_SOURCE,
                )
            )
            break  # a week below PHP but above IOP is reported once, against the level the plan claims
    return CmsView(
        hours,
        hours >= CMS_IOP_MINIMUM and not below_iop,
        hours >= CMS_PHP_MINIMUM and not below_php,
        tuple(tiers),
        CMS_SOURCE,
        weeks,
        below_iop,
        below_php,
        tuple(flags),
    )
