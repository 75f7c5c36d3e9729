"""Dose plans: weekly hours x weeks, the intensity band they fall in, the service mix and tapers.

Hours thresholds come from :mod:`iopkit.placement.levels` (one table for the whole package); this module
adds the dose view of them: the CMS billing view, the mix of services that makes up a week,
a fidelity check against the core IOP components and step-down tapers.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import asdict, dataclass, field
from enum import Enum, StrEnum

from .._validate import member, whole_number
from ..errors import DosePlanError
from ..flags import Flag
from ..placement.levels import LevelOfCare, hours_per_week, level_for_hours
from .bounds import (
    HOURS_PER_WEEK,
    MAX_HOURS_PER_WEEK,
    MAX_WEEKS,
    SERVICE_COUNT,
    SESSION_HOURS,
    SESSIONS_PER_WEEK,
    WEEKLY_HOURS,
    WEEKS,
    _finite,
    _text,
    bounded_items,
    is_bool,
)

__all__ = [
    "Service",
    "ServiceLine",
    "DosePlan",
    "Taper",
    "CORE_COMPONENTS",
    "Mode",
    "MODES",
    "intensity_level",
    "fidelity_check",
    "taper",
    "minimum_hours",
]

#: The weekly-hours minimum of a level (bibliography keys): ASAM Criteria 3rd ed. (Mee-Lee et al. 2013), adults
#: Level 1 under 9 h, 2.1 from 9 h, 2.5 from 20 h; adolescents 2.1 from 6 h; the SAMHSA IOP Advisory states the IOP
#: minimum of 9 h (adults) and 6 h (adolescents) from the same edition.
ASAM_SOURCE = "asam2013; samhsa_iop_advisory2021"
#: TIP 47 / the SAMHSA Advisory name individual counselling, group therapy, family psychoeducation and case
#: management as core IOP services; medication management in iopkit's core set is iopkit's own choice (see Notes
#: of :func:`fidelity_check`), hence ``iopkit``.
CORE_SOURCE = "samhsa_iop_advisory2021; tip47; iopkit"
#: ASAM's IOP step-down allowance: at most this many weeks below the IOP minimum still count as IOP.
STEP_DOWN_WEEKS = 2
#: ASAM Criteria 3rd ed.: an IOP patient who no longer needs 9 h (adults) / 6 h (adolescents) but is not ready for
#: Level 1 may continue as IOP with fewer hours for 1-2 weeks.
STEP_DOWN_SOURCE = "asam2013"
#: A taper in phases of falling weekly hours is iopkit's own arrangement (as programmes describe it, no published
#: schedule); the weeks below the IOP minimum are judged by the ASAM step-down rule.
TAPER_SOURCE = "iopkit; asam2013"


class Mode(StrEnum):
    """How a session is delivered."""

    IN_PERSON = "in_person"
    TELEHEALTH = "telehealth"


#: The values of :class:`Mode`.
MODES = tuple(m.value for m in Mode)


class Service(Enum):
    """Services that make up an IOP week (SAMHSA TIP 47, 2006, and iopkit's list)."""

    INDIVIDUAL_THERAPY = "individual counselling/therapy"
    GROUP_THERAPY = "group therapy"
    FAMILY_THERAPY = "family therapy/psychoeducation"
    MEDICATION_MANAGEMENT = "medication management"
    PSYCHOEDUCATION = "psychoeducation"
    RELAPSE_PREVENTION = "relapse prevention"
    LIFE_SKILLS = "life skills/vocational support"
    DRUG_SCREENING = "drug screening"


#: The core components a fidelity check looks for.
CORE_COMPONENTS = (
    Service.INDIVIDUAL_THERAPY,
    Service.GROUP_THERAPY,
    Service.FAMILY_THERAPY,
    Service.MEDICATION_MANAGEMENT,
)


def _whole(name: str, value, minimum: int) -> int:
    """``value`` as an int (Python or numpy integer), or a DosePlanError naming the field."""
    whole = whole_number(value)
    if whole is None or whole < minimum:
        raise DosePlanError(
            f"{name} must be a whole number >= {minimum} (got {value!r})",
            item=name,
            value=value,
            allowed=f"a whole number >= {minimum}",
        )
    return whole


def _adolescent(value) -> bool:
    """``value`` as a bool, or a DosePlanError: a string such as "no" must not count as True."""
    if not is_bool(value):
        raise DosePlanError(
            f"adolescent must be True or False (got {value!r})", item="adolescent", value=value, allowed=(True, False)
        )
    return bool(value)


def _positive(name: str, value, *, allow_zero: bool = False) -> float:
    """``value`` as a float, or a DosePlanError naming the field, what was given and what is allowed."""
    ok = not is_bool(value) and isinstance(value, numbers.Real) and _finite(value)
    if not ok or value < 0 or (value == 0 and not allow_zero):
        allowed = "a finite number >= 0" if allow_zero else "a finite number > 0"
        raise DosePlanError(f"{name} must be {allowed} (got {_text(value)})", item=name, value=value, allowed=allowed)
    return float(value)


def intensity_level(hours_per_week: float, *, adolescent: bool = False) -> LevelOfCare:
    """The outpatient intensity band of a weekly dose: Level 1, 2.1 (IOP) or 2.5 (PHP).

    Adults: OP below 9 h/wk, IOP from 9 to under 20, PHP from 20; adolescents: IOP from 6 h/wk
    (ASAM Criteria 3rd ed., Mee-Lee et al. 2013). The thresholds are read from
    :func:`iopkit.placement.levels.hours_per_week`.
    Medicare's view under the CMS CY 2024 rule (IOP certification >= 9 h/wk; the rule
    gives no adolescent variant) is :func:`cms_view`.

    Parameters
    ----------
    hours_per_week : float
        Hours of treatment a week.
    adolescent : bool
        Whether the adolescent thresholds apply.

    Returns
    -------
    LevelOfCare
        Level 1 (outpatient), 2.1 (IOP) or 2.5 (PHP).

    Raises
    ------
    DosePlanError
        If ``hours_per_week`` is not a number > 0 and at most the 168 hours of a week.

    Examples
    --------
    >>> intensity_level(9).code, intensity_level(8.5).code, intensity_level(20).code
    ('2.1', '1', '2.5')
    >>> intensity_level(6, adolescent=True).code
    '2.1'
    """
    return level_for_hours(WEEKLY_HOURS.check(hours_per_week, "hours per week"), adolescent=_adolescent(adolescent))


def minimum_hours(level: LevelOfCare, *, adolescent: bool = False) -> float:
    """Weekly hours below which a plan at ``level`` falls out of its band (0 for Level 1).

    Parameters
    ----------
    level : LevelOfCare
        The level of care.
    adolescent : bool
        Whether the adolescent thresholds apply.

    Returns
    -------
    float
        The lowest weekly hours of the level's band.

    Examples
    --------
    >>> minimum_hours(LevelOfCare.IOP), minimum_hours(LevelOfCare.IOP, adolescent=True)
    (9, 6)
    """
    return hours_per_week(level, adolescent=adolescent)[0]


@dataclass(frozen=True)
class ServiceLine:
    """One service in a weekly plan: its hours per week, how many times a week, in person or telehealth.

    Drug screening is usually counted (``count``) rather than timed; every other service needs hours.

    Parameters
    ----------
    service : Service or str
        The service (a member, or its name such as ``"group_therapy"``).
    hours : float
        Hours of the service a week (0 for a service that is counted, not timed).
    count : int
        Times a week.
    mode : Mode or str
        ``in_person`` (default) or ``telehealth``.

    Raises
    ------
    DosePlanError
        An unknown service or mode, hours or count out of range, or neither hours nor a count.

    Examples
    --------
    >>> ServiceLine(Service.GROUP_THERAPY, hours=6, count=2).mode
    <Mode.IN_PERSON: 'in_person'>
    """

    service: Service
    hours: float = 0.0
    count: int = 0
    mode: Mode | str = Mode.IN_PERSON  # a str is read as its Mode

    def __post_init__(self) -> None:
        if not isinstance(self.service, Service):
            try:
                object.__setattr__(self, "service", Service[str(self.service).upper()])
            except KeyError:
                allowed = ", ".join(s.name.lower() for s in Service)
                raise DosePlanError(
                    f"service must be one of {allowed} (got {_text(self.service)})",
                    item="service",
                    value=self.service,
                    allowed=tuple(s.name.lower() for s in Service),
                ) from None
        name = self.service.name.lower()
        hours = _positive(f"{name} hours", self.hours, allow_zero=True)
        if hours > MAX_HOURS_PER_WEEK:
            HOURS_PER_WEEK.check(hours, f"{name} hours")  # raises with the limit and why
        object.__setattr__(self, "hours", hours)
        object.__setattr__(self, "count", SERVICE_COUNT.check(self.count, f"{name} count"))
        if self.hours == 0 and self.count == 0:
            raise DosePlanError(
                f"{name} needs hours > 0 or a count > 0 (got neither)",
                item="hours",
                value=0,
                allowed="hours > 0 or a count > 0",
            )
        object.__setattr__(self, "mode", member(Mode, self.mode, "mode", DosePlanError))

    def to_dict(self) -> dict:
        """This line as a JSON-able dict."""
        return {
            "service": self.service.name.lower(),
            "hours": self.hours,
            "count": self.count,
            "mode": Mode(self.mode).value,
        }


@dataclass(frozen=True)
class DosePlan:
    """A planned dose of treatment: hours per week for a number of weeks.

    Give ``sessions_per_week`` and/or ``session_hours``: a missing one is derived, and when both
    are given their product must equal ``hours_per_week``. With a service mix (``services``),
    ``hours_per_week`` must be the sum of the services' hours (see :meth:`from_services`).

    Parameters
    ----------
    hours_per_week : float
        Hours of treatment a week.
    weeks : float
        Length of the plan in weeks.
    sessions_per_week : int, optional
        Sessions a week.
    session_hours : float, optional
        Hours a session.
    services : tuple of ServiceLine
        The weekly service mix (empty when only hours are planned).
    adolescent : bool
        Whether the adolescent thresholds apply.
    placement_warning : str
        The warning the plan carried against the placed level of care when it was saved
        (:func:`iopkit.dose.placed.against_placement`: a 24-hour placement this outpatient plan is not, or hours
        below the placed level's minimum), in words; ``""`` (default): none. A record of what the planner said,
        not part of the dose: two plans that differ only in it are equal.

    Raises
    ------
    DosePlanError
        A number out of range, sessions times hours that differ from ``hours_per_week``, services that are
        not :class:`ServiceLine` values or do not add up to ``hours_per_week``, ``adolescent`` not a bool, or
        ``placement_warning`` not text.

    Examples
    --------
    >>> plan = DosePlan(9, 12, sessions_per_week=3)
    >>> plan.session_hours, plan.total_hours, plan.level.code
    (3.0, 108.0, '2.1')
    >>> DosePlan.from_dict(plan.to_dict()) == plan
    True
    """

    hours_per_week: float
    weeks: float
    sessions_per_week: int | None = field(default=None, kw_only=True)
    session_hours: float | None = field(default=None, kw_only=True)
    services: tuple[ServiceLine, ...] = field(default=(), kw_only=True)
    adolescent: bool = field(default=False, kw_only=True)
    placement_warning: str = field(default="", kw_only=True, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.placement_warning, str):
            raise DosePlanError(
                f"placement_warning must be text (got {_text(self.placement_warning)})",
                item="placement_warning",
                value=self.placement_warning,
                allowed="text",
            )
        hours = HOURS_PER_WEEK.check(self.hours_per_week, "hours per week")  # limits and why: iopkit.dose.bounds
        object.__setattr__(self, "hours_per_week", hours)
        object.__setattr__(self, "weeks", WEEKS.check(self.weeks))
        services = tuple(bounded_items(self.services, "services", limit=len(Service) * 2))
        for line in services:
            if not isinstance(line, ServiceLine):
                raise DosePlanError(
                    f"services must be ServiceLine values (got {_text(line)})",
                    item="services",
                    value=line,
                    allowed="ServiceLine values",
                )
        object.__setattr__(self, "services", services)
        object.__setattr__(self, "adolescent", _adolescent(self.adolescent))
        sessions, length = self.sessions_per_week, self.session_hours
        if sessions is not None:
            sessions = SESSIONS_PER_WEEK.count(sessions, "sessions per week")
        if length is not None:
            length = SESSION_HOURS.check(length, "session hours")
        if sessions is not None and length is None:
            length = SESSION_HOURS.check(hours / sessions, f"session hours ({hours:g} h/week in {sessions} sessions)")
        elif length is not None and sessions is None:
            sessions = max(1, round(hours / length))  # both bounded, so this is a small whole number
        if sessions is not None and length is not None and not math.isclose(sessions * length, hours, rel_tol=1e-9):
            raise DosePlanError(
                f"{sessions} sessions x {length:g} h = {sessions * length:g} h/week, "
                f"which does not match hours per week {hours:g}",
                item="session_hours",
                value=length,
                allowed=f"sessions x session hours = {hours:g}",
            )
        if sessions is not None:
            SESSIONS_PER_WEEK.count(sessions, f"sessions per week ({hours:g} h/week in sessions of {length:g} h)")
        object.__setattr__(self, "sessions_per_week", sessions)
        object.__setattr__(self, "session_hours", length)
        if self.services:
            service_hours = sum(line.hours for line in self.services)
            if not math.isclose(service_hours, hours, rel_tol=1e-9):
                raise DosePlanError(
                    f"services add up to {service_hours:g} h/week, which does not match hours per week {hours:g}",
                    item="services",
                    value=service_hours,
                    allowed=hours,
                )

    @classmethod
    def from_services(
        cls, services, weeks: float, *, sessions_per_week: int | None = None, adolescent: bool = False
    ) -> DosePlan:
        """Build a plan from its weekly mix of services; hours per week is their sum.

        >>> mix = [ServiceLine(Service.GROUP_THERAPY, hours=6), ServiceLine(Service.INDIVIDUAL_THERAPY, hours=1),
        ...        ServiceLine(Service.FAMILY_THERAPY, hours=1, mode="telehealth"),
        ...        ServiceLine(Service.MEDICATION_MANAGEMENT, hours=1), ServiceLine(Service.DRUG_SCREENING, count=2)]
        >>> plan = DosePlan.from_services(mix, 12)
        >>> plan.hours_per_week, plan.hours_by_mode
        (9.0, {'in_person': 8.0, 'telehealth': 1.0})
        """
        services = tuple(bounded_items(services, "services", limit=len(Service) * 2))
        if not services:
            raise DosePlanError("a plan built from services needs at least one service (got none)")
        return cls(
            sum(line.hours for line in services),
            weeks,
            sessions_per_week=sessions_per_week,
            services=services,
            adolescent=adolescent,
        )

    @property
    def total_hours(self) -> float:
        """Planned hours over the whole plan."""
        return self.hours_per_week * self.weeks

    @property
    def level(self) -> LevelOfCare:
        """The intensity band of the weekly dose (:func:`intensity_level`)."""
        return intensity_level(self.hours_per_week, adolescent=self.adolescent)

    @property
    def hours_by_mode(self) -> dict[str, float]:
        """Weekly hours in person and by telehealth (all in person when no service mix is given)."""
        if not self.services:
            return {"in_person": self.hours_per_week, "telehealth": 0.0}
        return {mode: sum(line.hours for line in self.services if line.mode == mode) for mode in MODES}

    def to_dict(self) -> dict:
        """JSON-able form; ``total_hours`` and ``level`` are included for readers and checked on load."""
        data = asdict(self)
        data["services"] = [line.to_dict() for line in self.services]
        if not self.placement_warning:  # a plan saved with no warning reads as it always did
            del data["placement_warning"]
        data.update(total_hours=self.total_hours, level=self.level.code)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> DosePlan:
        """Inverse of :meth:`to_dict`. The stored total and level are derived, so they are recomputed
        from the hours; a store reports any difference from what was stored."""
        if not isinstance(data, dict):
            raise DosePlanError(
                f"a dose plan must be read from a dict (got {_text(data)})", value=data, allowed="a dict"
            )
        data = {key: value for key, value in data.items() if key not in ("total_hours", "level")}
        try:
            data["services"] = tuple(
                ServiceLine(**line)
                for line in bounded_items(data.get("services", ()), "services", limit=len(Service) * 2)
            )
            return cls(**data)
        except TypeError as exc:
            raise DosePlanError(f"dose plan dict has unexpected or missing fields: {exc}") from None


def fidelity_check(plan: DosePlan, *, core=CORE_COMPONENTS) -> tuple[Flag, ...]:
    """Flags for core IOP components missing from a plan's service mix.

    Parameters
    ----------
    plan : DosePlan
        The plan, with its service mix.
    core : iterable of Service
        The core components to look for.

    Returns
    -------
    tuple of Flag
        A warning per missing core component; one ``info`` flag when the plan has no service mix.

    Notes
    -----
    The default core set is individual counselling, group therapy, family therapy and medication
    management (iopkit's choice). TIP 47 / SAMHSA 2021 lists individual counselling, group
    therapy, family psychoeducation and case management; pass ``core=`` to check another set.

    Examples
    --------
    >>> plan = DosePlan.from_services([ServiceLine(Service.GROUP_THERAPY, hours=9)], 12)
    >>> [flag.code for flag in fidelity_check(plan)]  # doctest: +NORMALIZE_WHITESPACE
    ['missing_core_component_individual_therapy', 'missing_core_component_family_therapy',
     'missing_core_component_medication_management']
    """
    if not plan.services:
        return (
            Flag(
                "no_service_mix",
                "The plan gives hours only, so its components cannot be checked.",
                "info",
                "Record the weekly mix of services to check programme fidelity.",
                CORE_SOURCE,
            ),
        )
    present = {line.service for line in plan.services}
    return tuple(
        Flag(
            f"missing_core_component_{service.name.lower()}",
            f"The plan has no {service.value}, a core IOP component.",
            "warning",
            f"Add {service.value} or record why it is not indicated.",
            CORE_SOURCE,
        )
        for service in core
        if service not in present
    )


@dataclass(frozen=True)
class Taper:
    """A step-down: consecutive phases, each a :class:`DosePlan`, with flags for runs of weeks below IOP.

    Parameters
    ----------
    phases : tuple of DosePlan
        The phases in order.
    flags : tuple of Flag
        Flags for the weeks below the IOP minimum.
    source : str
        The sources of the step-down rule (bibliography keys, :mod:`iopkit.sources`).
    """

    phases: tuple[DosePlan, ...]
    flags: tuple[Flag, ...]
    source: str = TAPER_SOURCE

    @property
    def weeks(self) -> float:
        """Weeks of the whole step-down (all phases)."""
        return sum(phase.weeks for phase in self.phases)

    @property
    def total_hours(self) -> float:
        """Hours of clinical service over the whole step-down."""
        return sum(phase.total_hours for phase in self.phases)


def _weeks_text(first: float, weeks: float) -> str:
    last = first + weeks - 1
    return f"week {first:g}" if last <= first else f"weeks {first:g}-{last:g}"


def taper(hours=(12, 9, 6, 3), weeks_per_step=2, *, adolescent: bool = False) -> Taper:
    """A step-down taper of weekly hours, e.g. 12 -> 9 -> 6 -> 3 h/wk, two weeks each.

    Weekly hours may not rise from one phase to the next. Phases below the IOP minimum (9 h adults,
    6 h adolescents) are judged together: ASAM lets an IOP patient who is not ready for Level 1
    continue as IOP with fewer hours for 1-2 weeks (ASAM Criteria 3rd ed.), so the consecutive weeks below the
    minimum are added up. At most 2 weeks is flagged ``info``; more is a ``warning`` that names the
    weeks and the week from which the plan is Level 1 intensity (the first week after the 2 allowed).

    Parameters
    ----------
    hours : sequence of float
        Weekly hours of each step, never rising.
    weeks_per_step : float or sequence of float
        Weeks of every step, or of each step.
    adolescent : bool
        Whether the adolescent IOP minimum (6 h) applies.

    Returns
    -------
    Taper
        The phases, and a flag for the run of weeks below the IOP minimum.

    Raises
    ------
    DosePlanError
        No step, a duration count that does not match, rising hours, or a step or total out of range.

    Examples
    --------
    >>> plan = taper((12, 9, 6, 3), 2)
    >>> [p.level.code for p in plan.phases], plan.weeks, plan.total_hours
    (['2.1', '2.1', '1', '1'], 8.0, 60.0)
    >>> [(str(f.severity), f.message) for f in plan.flags]  # doctest: +NORMALIZE_WHITESPACE
    [('warning', 'Weeks 5-8 (6, 3 h/week) are 4 weeks below the IOP minimum of 9 h/week; an IOP step-down
      may last 1-2 weeks, so from week 7 the plan is Level 1 (outpatient) intensity.')]
    >>> [str(f.severity) for f in taper((12, 9, 6), (4, 4, 2)).flags]
    ['info']
    """
    hours = bounded_items(hours, "taper hours", limit=MAX_WEEKS)  # each step lasts at least one week
    weeks = (
        bounded_items(weeks_per_step, "weeks per step", limit=MAX_WEEKS)
        if isinstance(weeks_per_step, (list, tuple))
        else [weeks_per_step] * len(hours)
    )
    if not hours or len(weeks) != len(hours):
        raise DosePlanError(
            f"a taper needs one or more steps and one duration per step "
            f"(got {len(hours)} steps and {len(weeks)} durations)",
            item="weeks_per_step",
            value=len(weeks),
            allowed=len(hours) or "one or more steps",
        )
    phases = tuple(DosePlan(h, w, adolescent=adolescent) for h, w in zip(hours, weeks))
    if sum(p.weeks for p in phases) > MAX_WEEKS:
        WEEKS.check(sum(p.weeks for p in phases), "taper weeks (all steps)")  # raises with the limit and why
    for before, after in zip(phases, phases[1:]):
        if after.hours_per_week > before.hours_per_week:
            raise DosePlanError(
                f"a step-down taper may not rise: {before.hours_per_week:g} -> {after.hours_per_week:g} h/week"
            )
    floor = minimum_hours(LevelOfCare.IOP, adolescent=adolescent)
    below = [p for p in phases if p.hours_per_week < floor]  # hours never rise: these are the last phases
    if not below:
        return Taper(phases, ())
    first = 1 + sum(p.weeks for p in phases[: len(phases) - len(below)])  # weeks counted from 1
    run_weeks = sum(p.weeks for p in below)
    where = f"{_weeks_text(first, run_weeks).capitalize()} ({', '.join(f'{p.hours_per_week:g}' for p in below)} h/week)"
    if run_weeks > STEP_DOWN_WEEKS and not math.isclose(run_weeks, STEP_DOWN_WEEKS):  # ASAM 3rd ed.
        level_1 = first + STEP_DOWN_WEEKS
        flag = Flag(
            "taper_below_iop_minimum",
            f"{where} are {run_weeks:g} weeks below the IOP minimum of {floor:g} h/week; an IOP step-down "
            f"may last 1-2 weeks, so from week {level_1:g} the plan is Level 1 (outpatient) intensity.",
            "warning",
            f"Shorten the time below {floor:g} h/week to at most {STEP_DOWN_WEEKS} weeks, or "
            f"plan the transfer to Level 1 from week {level_1:g}.",
            STEP_DOWN_SOURCE,
        )
    else:
        flag = Flag(
            "taper_below_iop_minimum",
            f"{where} {'are' if run_weeks > 1 else 'is'} {run_weeks:g} week{'s' if run_weeks != 1 else ''} "
            f"below the IOP minimum of {floor:g} h/week: within the 1-2 weeks an IOP step-down may last.",
            "info",
            "Record this as a short IOP step-down for a patient not yet ready for Level 1.",
            STEP_DOWN_SOURCE,
        )
    return Taper(phases, (flag,))
