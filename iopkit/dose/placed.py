"""A dose plan against the level of care the patient is placed at: what the planner says beside the plan and on save.

A dose plan is weekly hours of outpatient sessions. Two placements it cannot stand for:

* a **24-hour level** (residential or inpatient, Levels 3.1 to 4, or residential/inpatient withdrawal management
  first: :func:`iopkit.placement.rule_table.is_24_hour_plan`). The ASAM Criteria, 3rd ed. (Mee-Lee et al. 2013)
  define those levels by their 24-hour setting, not by weekly outpatient hours; an outpatient plan is not that
  setting, whatever its hours (critical for withdrawal management and Levels 3.7 and 4; for Levels 3.1 to 3.5 a
  warning: interim care until the bed is available). Level 3.1 placed with 2.1- or 2.5-level clinical services
  alongside it is the exception: a plan at those services' hours is them (physician review R17a (session 15), M2,
  S6, S11);
* an outpatient level whose **weekly-hours minimum** is above the plan's hours (Level 2.5 from 20 h/week, Level 2.1
  from 9 h, adolescents 6 h: :func:`iopkit.placement.levels.hours_per_week`), or a plan in a more intensive
  outpatient band than the level placed.

:func:`against_placement` says which, with what was placed, when and by whom; the planner shows it beside the plan and
saves its words with the plan (:attr:`iopkit.dose.DosePlan.placement_warning`). Raising the flag is iopkit's own rule
(the planner never silently plans below the placement); the levels and their hours are the ASAM Criteria's.
"""

from __future__ import annotations

import datetime as dt

from ..errors import IopkitError
from ..flags import CallsFor, Flag, Severity
from ..placement.levels import LevelOfCare, hours_per_week, minimum_clinical_hours
from ..placement.rule_table import _WM_24H, SETTING_WM, is_24_hour_plan
from .plan import DosePlan

__all__ = ["PLACED_SOURCE", "against_placement", "starting_hours", "warning_words"]

#: The source of the check: the levels and their hours (ASAM Criteria, 3rd ed., bibliography key ``asam2013``);
#: warning beside the plan is iopkit's own rule.
PLACED_SOURCE = "asam2013; iopkit"

#: The 24-hour levels for medical or nursing need (Level 3.7 medically monitored, Level 4 medically managed): an
#: outpatient plan there is not safe care, a critical flag, as under 24-hour withdrawal management (ASAM Criteria, 3rd
#: ed., 2013; physician review R17a (session 15), should-fix S6). Clinically managed residential levels (3.1, 3.3,
#: 3.5): a warning, the plan interim care until the bed is available.
MEDICAL_24_HOUR = (LevelOfCare.INPATIENT_MONITORED, LevelOfCare.INPATIENT_MANAGED)


def _on_by(placed_on: dt.date | None, placed_by: str | None) -> str:
    """ " on 03 Dec 2026 by QA, LCSW" (what is known of it), or ""."""
    on = f" on {placed_on:%d %b %Y}" if placed_on is not None else ""
    return on + (f" by {placed_by}" if placed_by else "")


def against_placement(
    plan: DosePlan,
    level: LevelOfCare | None,
    *,
    withdrawal_management: LevelOfCare | None = None,
    clinical_services: LevelOfCare | None = None,
    placed_on: dt.date | None = None,
    placed_by: str | None = None,
    placed_from: str = "placement",
) -> Flag | None:
    """The warning a dose plan carries against the placed level of care, or ``None`` when the plan fits it.

    Parameters
    ----------
    plan : DosePlan
        The outpatient dose plan.
    level : LevelOfCare or None
        The level of care placed (``None``: none placed, no warning).
    withdrawal_management : LevelOfCare or None
        The withdrawal management that goes with the placement (residential or inpatient withdrawal management
        first is a 24-hour setting too).
    clinical_services : LevelOfCare or None
        The outpatient level whose clinical services the placement puts alongside Level 3.1
        (:attr:`iopkit.placement.Placement.clinical_services`): a plan at their hours is those services.
    placed_on : datetime.date, optional
        The clinical day the placement was saved.
    placed_by : str, optional
        Who saved it.
    placed_from : {"placement", "recommendation", "dose_plan"}
        What the level is read from (:attr:`iopkit.episode.Episode.level_from`); a level read from a dose plan
        is the plan's own, never a placement: no warning.

    Returns
    -------
    Flag or None
        ``plan_not_the_placed_24_hour_setting`` (a level review): the placement is a 24-hour setting, and this
        outpatient plan is not that setting: critical for 24-hour withdrawal management and Levels 3.7 and 4 (with
        withdrawal management first the plan is for after it), a warning for clinically managed residential Levels
        3.1 to 3.5 (the plan is interim care until the bed is available); ``plan_is_the_services_alongside_the_placed_
        setting`` (info): Level 3.1 with an outpatient level's clinical services alongside, and this plan at their
        hours is those services; ``plan_below_placed_minimum`` (warning): the plan's weekly hours are below the placed
        level's minimum, or that of the clinical services placed alongside Level 3.1; ``plan_above_placed_level``
        (warning): the plan is in a more intensive outpatient band than the level placed; ``None`` otherwise.

    Examples
    --------
    >>> import datetime
    >>> plan = DosePlan(9, 12, sessions_per_week=3)
    >>> f = against_placement(plan, LevelOfCare.RESIDENTIAL_HIGH, placed_on=datetime.date(2026, 12, 3),
    ...                       placed_by="QA")
    >>> f.code, f.severity.value
    ('plan_not_the_placed_24_hour_setting', 'warning')
    >>> f.message.split(":")[0]
    'Placed on 03 Dec 2026 by QA at Level 3.5 (Clinically managed high-intensity residential), a 24-hour setting'
    >>> against_placement(plan, LevelOfCare.INPATIENT_MONITORED).severity.value
    'critical'
    >>> against_placement(plan, LevelOfCare.RESIDENTIAL_LOW, clinical_services=LevelOfCare.IOP).severity.value
    'info'
    >>> against_placement(plan, LevelOfCare.PHP).message
    'This plan (9 h/week) is below the minimum of the placed Level 2.5 (Partial hospitalization) (20 h/week)'
    >>> against_placement(plan, LevelOfCare.IOP) is None
    True
    """
    if level is None or placed_from == "dose_plan":
        return None
    placed = "placed" if placed_from == "placement" else "recommended"
    on_by = _on_by(placed_on, placed_by) + ("" if placed == "placed" else " (no placement decision saved)")
    said = f", {placed}{on_by}" if on_by else ""
    hours = f"{plan.hours_per_week:g} h/week"
    if withdrawal_management in _WM_24H and level not in SETTING_WM:
        # withdrawal management first, then the outpatient level this plan is for (physician review R17a (session
        # 15), should-fix S11, its words)
        return Flag(
            "plan_not_the_placed_24_hour_setting",
            f"{placed.capitalize()}{on_by} at {withdrawal_management}, a 24-hour setting, first, then {level}: this "
            f"plan ({hours}) is for after withdrawal management, not instead of it",
            Severity.CRITICAL,
            "Arrange the withdrawal management today; start this plan when it ends and every dimension is re-rated",
            PLACED_SOURCE,
            calls_for=CallsFor.LEVEL_REVIEW,
        )
    if (
        level is LevelOfCare.RESIDENTIAL_LOW
        and clinical_services is not None
        and withdrawal_management
        in (
            None,
            SETTING_WM[level],
        )
    ):
        # Level 3.1 with an outpatient level's clinical services alongside: this plan is those services (physician
        # review R17a (session 15), must-fix M2, its words)
        least = minimum_clinical_hours(clinical_services, adolescent=plan.adolescent) or 0
        alongside = f"{clinical_services.code}-level clinical services"
        if plan.hours_per_week < least:
            return Flag(
                "plan_below_placed_minimum",
                f"This plan ({hours}) is below the minimum of the {alongside} {placed} alongside Level {level.code} "
                f"({least:g} h/week){said}",
                Severity.WARNING,
                "Raise the hours or place the patient again",
                PLACED_SOURCE,
                calls_for=CallsFor.LEVEL_REVIEW,
            )
        return Flag(
            "plan_is_the_services_alongside_the_placed_setting",
            f"{placed.capitalize()}{on_by} at Level {level.code} with {alongside} alongside: this plan is those "
            f"services; confirm the patient lives in the {level.code} setting",
            Severity.INFO,
            f"Confirm the patient lives in the {level.code} setting",
            PLACED_SOURCE,
        )
    if is_24_hour_plan(level, withdrawal_management):
        floor = minimum_clinical_hours(level, adolescent=plan.adolescent)
        services = (
            f"; its clinical services alone are at least {floor:g} h/week"
            if floor is not None and plan.hours_per_week < floor
            else ""
        )
        found = (
            f"{placed.capitalize()}{on_by} at {level}, a 24-hour setting: this plan ({hours}, {plan.level}) "
            f"schedules outpatient sessions and is not that setting{services}"
        )
        if level in MEDICAL_24_HOUR or withdrawal_management in _WM_24H:
            # withdrawal or medical or nursing need: an outpatient plan there is not safe care (R17a S6)
            return Flag(
                "plan_not_the_placed_24_hour_setting",
                found,
                Severity.CRITICAL,
                f"Arrange the 24-hour setting today as {placed}; plan outpatient hours only once a step-down is "
                "decided, or place the patient again if the team decides otherwise",
                PLACED_SOURCE,
                calls_for=CallsFor.LEVEL_REVIEW,
            )
        # clinically managed residential (3.1, 3.3, 3.5): the plan is interim care while a bed is arranged, a
        # high-overdose-risk gap that must not be left without services (R17a S6, its words); naloxone for a patient
        # who uses opioids, as the placement headline's "until admission" says (physician review R18-S10)
        return Flag(
            "plan_not_the_placed_24_hour_setting",
            found,
            Severity.WARNING,
            f"Arrange the 24-hour setting as {placed}; until it is available these sessions are interim care, not "
            f"the {placed} level: say so in the plan, offer naloxone if the patient uses opioids, and review the "
            "safety plan; or place the patient again if the team decides otherwise",
            PLACED_SOURCE,
            calls_for=CallsFor.LEVEL_REVIEW,
        )
    if level == plan.level:
        return None
    floor = minimum_clinical_hours(level, adolescent=plan.adolescent)
    if floor is None:  # 0.5: no weekly-hours band to plan against
        return None
    if plan.hours_per_week < floor:
        return Flag(
            "plan_below_placed_minimum",
            f"This plan ({hours}) is below the minimum of the {placed} {level} ({floor:g} h/week){said}",
            Severity.WARNING,
            "Raise the hours or place the patient again",
            PLACED_SOURCE,
            calls_for=CallsFor.LEVEL_REVIEW,
        )
    return Flag(
        "plan_above_placed_level",
        f"This plan ({hours}) is {plan.level}, not the {placed} {level}{said}",
        Severity.WARNING,
        "Check the hours or place the patient again",
        PLACED_SOURCE,
        calls_for=CallsFor.LEVEL_REVIEW,
    )


def warning_words(flag: Flag | None) -> str:
    """A plan's warning as it is saved with the plan (:attr:`DosePlan.placement_warning`): what was found and the
    next step; ``""`` for no warning.

    Parameters
    ----------
    flag : Flag or None
        The warning of :func:`against_placement` (``None``: none).

    Returns
    -------
    str
        "<what was found>. Next step: <the next step>.", or ``""``.

    Examples
    --------
    >>> warning_words(against_placement(DosePlan(9, 12, sessions_per_week=3), LevelOfCare.PHP)).split(". ")[1]
    'Next step: Raise the hours or place the patient again.'
    """
    return "" if flag is None else f"{flag.message}. Next step: {flag.action}."


def starting_hours(level: LevelOfCare | None, *, adolescent: bool = False) -> float | None:
    """Weekly hours a new plan starts from at the placed ``level``: the level's minimum (ASAM Criteria hours
    bands, :func:`iopkit.placement.hours_per_week`); for Level 1, whose band starts at 0, a third of its ceiling
    (iopkit's own starting value, to be changed as planned). ``None`` for a level without an outpatient hours band
    (0.5, and the 24-hour levels above 3.1, whose setting :func:`against_placement` names beside any plan).

    Parameters
    ----------
    level : LevelOfCare or None
        The placed level (``None``: none placed).
    adolescent : bool
        Use the adolescent thresholds.

    Returns
    -------
    float or None
        The weekly hours to start from, or ``None``.

    Examples
    --------
    >>> starting_hours(LevelOfCare.PHP), starting_hours(LevelOfCare.OP), starting_hours(None)
    (20.0, 3.0, None)
    >>> starting_hours(LevelOfCare.RESIDENTIAL_HIGH) is None
    True
    """
    if level is None:
        return None
    try:
        low, high = hours_per_week(level, adolescent=adolescent)
    except IopkitError:
        return None
    if low:
        return float(low)
    return None if high is None else float(high) / 3
