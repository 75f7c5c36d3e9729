"""Continued-stay review over an episode: continue, step down or step up, with reasons.

Looks at repeated scores (reliable change, response and remission from :mod:`iopkit.progress`),
attendance over the sessions recorded (a planned session with no attendance record is named to be recorded and
left out of the figure; with every such session counted as missed, attendance below 80 % holds a step-down and below
50 % is low attendance) and each completed week below the level's weekly minimum (a holiday or taper week judged
against what it offered), drug screens and every flag
of the episode, and gives a decision with every finding and its source (bibliography keys; ``iopkit`` marks iopkit's
own thresholds: review them).

Flags are acted on by what they call for (:class:`iopkit.flags.CallsFor`), not by their severity:
C-SSRS high risk (``emergency_evaluation``) calls for safety precautions and an immediate emergency
evaluation (Columbia triage), any other suicide-risk flag (``risk_assessment``) for a same-day risk
assessment and a withdrawal flag (``medical_review``) for a medical review, as soon and by whom the flags behind it
say (:class:`~iopkit.flags.MedicalReview`); none changes the level by itself, and while any is unresolved anywhere in
the episode (no
:class:`~iopkit.placement.resolution.FlagResolution` covers it: :func:`open_safety_flags`) no step-down is
offered, and the review's :attr:`Review.headline` leads with it. A flag for the record (``info``, e.g. the COWS
buprenorphine induction threshold) is no safety flag. Only ``level_review`` flags on an instrument's latest score
point to a step up.
``iopkit.placement`` re-exports :class:`EpisodeHistory`, :class:`Review` and
:func:`review`; this module is named for the clinic's word (continued stay) so that
``iopkit.placement.review`` is always the function.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from ..entry import day_said as _day_said
from ..errors import PlacementInputError
from ..flags import (
    EVALUATION_COVERS,
    EVALUATION_DECIDES,
    SCREEN_NOT_THE_ASSESSMENT,
    SUICIDE_RISK_HIGH_STEP,
    CallsFor,
    Flag,
    MedicalReview,
    RiskLevel,
    Severity,
    by_urgency,
    medical_review_of,
    urgency,
    weeks_of,
)
from ..flags import unrecorded_were as _the_unrecorded
from ..in_programme import INACTIVE_DAYS
from ..instruments import get as instrument_definition
from ..progress import CHANGE_CRITERIA, Trajectory, trajectory
from ..records import DRUG_SCREEN, overdose_finding, short_name
from ._calls import SAFETY_CALLS, calls_for
from .levels import LevelOfCare, hours_per_week, hours_range, is_adolescent
from .resolution import (
    FlagResolution,
    current_level,
    in_order,
    reassessments,
    reviewed_again,
    said_reassessments,
    with_reopened,
)

__all__ = [
    "BRIEF_INTERVENTION",
    "CONTINUING_CARE",
    "NO_ATTENDANCE_DAYS",
    "NO_ATTENDANCE_STEP",
    "OVERDOSE_BOX",
    "REVIEW_RULES",
    "SAFETY_CALLS",
    "Decision",
    "EpisodeHistory",
    "Review",
    "ReviewReason",
    "SafetyFlag",
    "TaperStep",
    "calls_for",
    "each_once",
    "open_safety_flags",
    "overdose_box",
    "review",
    "safety_flags",
]


class Decision(StrEnum):
    """What a continued-stay review decides (a ``StrEnum``: ``review(h).decision == "continue"`` still works)."""

    CONTINUE = "continue"
    STEP_DOWN = "step_down"
    STEP_UP = "step_up"
    #: No session attended for :data:`NO_ATTENDANCE_DAYS` days or more: re-engage the patient and re-assess the level
    #: of care (or discharge), never a continued stay by default (walk24 finding 12).
    REASSESS = "reassess"


@dataclass(frozen=True)
class EpisodeHistory:
    """What a continued-stay review looks at, for one episode of care.

    Parameters
    ----------
    level : LevelOfCare
        The current treatment level.
    attendance : float or None
        Fraction (0..1) of the hours of the sessions recorded that were attended (present, late, left early or
        absent, as the roster says); ``None`` when it is unknown (no dose plan, or no attendance recorded yet). A
        planned session with no attendance record is not recorded, not missed: it is left out here and named in
        ``unrecorded_sessions`` (session 19).
    drug_screens : tuple of bool
        Results oldest to newest; True = positive for a substance not prescribed.
    scores : tuple of (week, Score)
        Repeated instrument scores (any objects with ``instrument``, ``total``, ``flags``).
    adolescent : bool
        Use the adolescent hours thresholds.
    resolutions : tuple of FlagResolution
        What was done about safety flags (:class:`FlagResolution`).
    records : tuple of str
        The store id of each scored record, in the order of ``scores`` (empty: not known). A
        resolution names the record whose flag it answers; without ids it covers only a flag of its
        own week (:meth:`FlagResolution.covers`).
    screen_flags : tuple of (week, Flag)
        The drug screens' open safety flags (an opioid positive, :attr:`iopkit.records.DrugScreen.flags`), each with
        its screen's week: those no resolution covers, as the caller reads them
        (:attr:`iopkit.episode.Episode.open_flags` of instrument :data:`iopkit.records.DRUG_SCREEN`). Each holds a
        step-down as any open safety flag does, and its medical review is due the day the result is read
        (:attr:`~iopkit.flags.MedicalReview.SCREEN_READ`, physician review R18-S3).
    checkin_flags : tuple of (week, instrument, Flag)
        The safety flags of the patient's own check-in answers not saved yet (a questionnaire in progress, or one a
        check-in left unfinished and no clinician has reviewed: :attr:`iopkit.episode.Episode.checkin_flags`), each
        with the week of its check-in and the code of its questionnaire. No record holds them, so no flag resolution
        covers them: each holds a step-down as any open safety flag does, and leads the review with what it calls
        for, until a clinician reviews the check-in (:meth:`iopkit.checkin.CheckinBook.review`). A positive suicide
        screen is assessed the same day (Joint Commission NPSG 15.01.01), and a step-down waits for every unresolved
        danger sign (ASAM Criteria 3rd ed. 2013, continued-stay and transfer/discharge criteria; audit, session 17:
        the chart showed such a flag while the review offered the step-down). The views show the flag itself apart
        (the review's box names it; its flags do not repeat it).
    unrecorded_sessions : tuple of datetime.date
        The days of planned sessions that have ended with no attendance recorded (not recorded yet, or a clinic that
        writes down only who came; a session of today that has not ended is not among them), oldest first. The
        review names them and asks for them to be recorded; a step-down waits while any of the last two weeks is
        unrecorded, as it waits for unknown attendance (iopkit's own rule, :data:`REVIEW_RULES`
        ``attendance_recent_days``), and while any is unrecorded and ``attendance_if_missed`` is below 80 %.
    weeks_below_minimum : tuple of (datetime.date, float, float, str) or (datetime.date, float)
        Each completed week attended below the weekly minimum of ``level`` (:func:`~iopkit.dose.weekly_dose`), as
        (the week's first day, hours attended, hours scheduled, why the schedule offered less than the minimum:
        ``"holiday"``, ``"taper"`` or ``""``); a pair (day, hours attended) is a week scheduled in full. A week whose
        schedule offered less than the minimum is judged against what it offered: one with a session lost is
        among them, one with every session attended is not (clinician review of session 19, M2). Those of the last
        two weeks hold a step-down; none is a step up by itself.
    attendance_if_missed : float or None
        Fraction (0..1) of the planned hours of the sessions that have ended that were attended, every unrecorded
        session counted as missed (``None``: not known). Below 80 % while any session is unrecorded, a step-down
        waits until they are recorded, however old they are; below 50 % it is low attendance (clinician review of
        session 19, M1: a clinic that writes down only who came would otherwise show 100 %).
    weeks_completed : int or None
        The completed weeks of the schedule, to say a pattern of earlier short weeks against (``None``: not said).
    as_of : datetime.date or None
        The day of the review, from which the last two weeks are counted (``None``: every unrecorded session and
        every week below the minimum is taken as recent).
    last_attended : datetime.date or None
        The day of the last session attended, from the attendance records (``None``: none attended, or no attendance
        recorded). At Level 1, 2.1 or 2.5 (:data:`iopkit.in_programme.PROGRAMME_LEVELS`), :data:`NO_ATTENDANCE_DAYS`
        days or more before ``as_of`` (counted from ``level_since`` when no session was attended since that day), the
        review says the absence and calls for outreach and a re-assessment of the level of care or discharge, not a
        continued stay (walk24 finding 12).
    level_since : datetime.date or None
        The day the patient was placed at ``level`` (``None``: not known).
    first_day : datetime.date or None
        The clinical day of week 0 (the episode's first assessment), the weeks of ``scores``, ``screen_flags`` and
        ``checkin_flags`` counted from it as days over 7 to one decimal (:meth:`iopkit.episode.Episode.week_of`): the
        review names a flag's record by its instrument and day, "(PHQ-9, 24 Nov)", as the chart does (physician
        review R25a 4; it said "(phq9, week 0)"). ``None``: by its week, "(PHQ-9, week 0)".

    Raises
    ------
    PlacementInputError
        A ``level`` that is not a treatment :class:`LevelOfCare` (a withdrawal-management level
        included), an ``attendance`` that is not a number 0..1 or ``None``, ``drug_screens`` or
        ``scores`` that are not sequences, a drug screen that is not a bool, a score that is not a
        ``(week, Score)`` pair, a resolution that is not a :class:`FlagResolution`, ``records``
        whose length differs from that of ``scores``, an ``adolescent`` that is not a bool
        (:func:`~iopkit.placement.levels.is_adolescent`), a screen flag that is not a ``(week, Flag)`` pair, a
        check-in flag that is not a ``(week, instrument, Flag)`` triple, an unrecorded session that is not a date,
        a week below the minimum that is not a ``(date, hours)`` pair, or an ``as_of``, ``last_attended`` or
        ``level_since`` that is not a date.
    """

    level: LevelOfCare
    attendance: float | None
    drug_screens: tuple[bool, ...] = ()
    scores: tuple[tuple[float, Any], ...] = ()
    adolescent: bool = False
    resolutions: tuple[FlagResolution, ...] = ()
    records: tuple[str, ...] = ()
    screen_flags: tuple[tuple[float, Flag], ...] = ()
    checkin_flags: tuple[tuple[float, str, Flag], ...] = ()
    unrecorded_sessions: tuple[dt.date, ...] = ()
    weeks_below_minimum: tuple[tuple[dt.date, float] | tuple[dt.date, float, float, str], ...] = ()
    as_of: dt.date | None = None
    attendance_if_missed: float | None = None
    weeks_completed: int | None = None
    first_day: dt.date | None = None
    last_attended: dt.date | None = None
    level_since: dt.date | None = None

    def __post_init__(self) -> None:
        # deep-frozen: a caller's list cannot change the history
        for name in (
            "drug_screens",
            "scores",
            "screen_flags",
            "checkin_flags",
            "unrecorded_sessions",
            "weeks_below_minimum",
        ):
            if not isinstance(getattr(self, name), (str, bytes)):
                try:
                    object.__setattr__(self, name, tuple(getattr(self, name)))
                except TypeError:
                    raise PlacementInputError(f"{name} must be a sequence (got {getattr(self, name)!r})") from None
        object.__setattr__(self, "adolescent", is_adolescent(self.adolescent))
        object.__setattr__(self, "resolutions", tuple(self.resolutions))
        object.__setattr__(self, "records", tuple(str(r) for r in self.records))
        if self.records and len(self.records) != len(self.scores):
            raise PlacementInputError(
                f"records must name the store id of every score, in order ({len(self.records)} "
                f"ids for {len(self.scores)} scores)"
            )
        if any(not isinstance(r, FlagResolution) for r in self.resolutions):
            raise PlacementInputError(f"resolutions must be FlagResolution records (got {self.resolutions!r})")
        if not isinstance(self.level, LevelOfCare) or self.level.is_withdrawal_management:
            raise PlacementInputError(f"level must be a treatment LevelOfCare (got {self.level!r})")
        a = self.attendance
        if a is not None and (isinstance(a, bool) or not isinstance(a, (int, float)) or not 0 <= a <= 1):
            raise PlacementInputError(
                f"attendance must be a fraction 0..1 of the session hours recorded, or None when unknown (got {a!r})"
            )
        if any(not isinstance(s, bool) for s in self.drug_screens):
            raise PlacementInputError(f"drug_screens must be True (positive) / False (got {self.drug_screens!r})")
        for entry in self.scores:
            if not (isinstance(entry, tuple) and len(entry) == 2 and hasattr(entry[1], "instrument")):
                raise PlacementInputError(f"scores must be (week, Score) pairs (got {entry!r})")
        for entry in self.screen_flags:
            if not (isinstance(entry, tuple) and len(entry) == 2 and _is_week(entry[0]) and isinstance(entry[1], Flag)):
                raise PlacementInputError(f"screen_flags must be (week, Flag) pairs (got {entry!r})")
        for triple in self.checkin_flags:
            if not (
                isinstance(triple, tuple)
                and len(triple) == 3
                and _is_week(triple[0])
                and isinstance(triple[1], str)
                and isinstance(triple[2], Flag)
            ):
                raise PlacementInputError(f"checkin_flags must be (week, instrument, Flag) triples (got {triple!r})")
        for name in ("last_attended", "level_since"):
            if getattr(self, name) is not None and not _is_day(getattr(self, name)):
                raise PlacementInputError(f"{name} must be a date or None (got {getattr(self, name)!r})")
        if any(not _is_day(day) for day in self.unrecorded_sessions):
            raise PlacementInputError(f"unrecorded_sessions must be dates (got {self.unrecorded_sessions!r})")
        for pair in self.weeks_below_minimum:
            if not (
                isinstance(pair, tuple)
                and len(pair) in (2, 4)
                and _is_day(pair[0])
                and all(_is_week(h) for h in pair[1:3])
                and (len(pair) == 2 or pair[3] in ("", "holiday", "taper"))
            ):
                raise PlacementInputError(
                    "weeks_below_minimum must be (date, hours) pairs or (date, attended, scheduled, 'holiday' | "
                    f"'taper' | '') quadruples (got {pair!r})"
                )
        m = self.attendance_if_missed
        if m is not None and (isinstance(m, bool) or not isinstance(m, (int, float)) or not 0 <= m <= 1):
            raise PlacementInputError(f"attendance_if_missed must be a fraction 0..1, or None (got {m!r})")
        n = self.weeks_completed
        if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 0):
            raise PlacementInputError(f"weeks_completed must be a whole number >= 0, or None (got {n!r})")
        if self.as_of is not None and not _is_day(self.as_of):
            raise PlacementInputError(f"as_of must be a date or None (got {self.as_of!r})")
        if self.first_day is not None and not _is_day(self.first_day):
            raise PlacementInputError(f"first_day must be a date or None (got {self.first_day!r})")

    def named(self, instrument: str, week: float) -> str:
        """A record of the episode as the review names it: its instrument's name (:func:`iopkit.records.short_name`)
        and its day, "PHQ-9, 24 Nov", as the chart header names a flag's record (physician review R25a 4); its week
        when the day of week 0 is not known (``first_day``), "PHQ-9, week 0".

        Parameters
        ----------
        instrument : str
            The instrument's code, or :data:`iopkit.records.DRUG_SCREEN`.
        week : float
            The record's week of the episode, as ``scores`` give it.

        Returns
        -------
        str

        Examples
        --------
        >>> h = EpisodeHistory(LevelOfCare.IOP, None, first_day=dt.date(2026, 11, 24))
        >>> h.named("phq9", 0), h.named("cssrs_screen", 0.1), h.named("drug_screen", 0.9)
        ('PHQ-9, 24 Nov', 'C-SSRS screen, 25 Nov', 'drug screen, 30 Nov')
        >>> EpisodeHistory(LevelOfCare.IOP, None).named("phq9", 1.5)
        'PHQ-9, week 1.5'
        """
        if self.first_day is None:
            return f"{short_name(instrument)}, week {week:g}"
        day = self.first_day + dt.timedelta(days=round(week * 7))  # days over 7 to one decimal: the very day
        return f"{short_name(instrument)}, {day:%d %b}"


def _is_week(week: object) -> bool:
    """True for a week of the episode: a number, not a bool."""
    return isinstance(week, (int, float)) and not isinstance(week, bool)


def _is_day(day: object) -> bool:
    """True for a calendar day: a date, not a datetime."""
    return isinstance(day, dt.date) and not isinstance(day, dt.datetime)


@dataclass(frozen=True)
class ReviewReason:
    """One finding of a review and the rule it rests on.

    Parameters
    ----------
    code : str
        Stable snake_case identifier of the finding, e.g. ``"abstinent"`` or ``"attendance"``.
    finding : str
        What was found, in plain words.
    source : str
        The bibliography keys of the rule (``iopkit`` for iopkit's own thresholds).
    """

    code: str
    finding: str
    source: str


@dataclass(frozen=True)
class TaperStep:
    """One phase of a step-down: a level, its hours/week range and how long.

    Parameters
    ----------
    level : LevelOfCare
        The level of this phase.
    hours_per_week : tuple of (float, float or None)
        The lowest and highest hours per week (``None``: no upper bound).
    weeks : str
        How long, in words (e.g. ``"1-2"`` or ``"until next review"``).
    source : str
        The bibliography key of the rule (``asam2013``).
    """

    level: LevelOfCare
    hours_per_week: tuple[float, float | None]
    weeks: str
    source: str


@dataclass(frozen=True)
class Review:
    """Continue, step down or step up, with the reasons and, for a step-down, the taper.

    ``reasons`` are the findings behind the decision; ``findings`` are all of them (any about
    the end of the ladder, then those pointing to a step up, a step down, then holding), so a
    "continue" still shows, say, that PHQ-9 has remitted. ``next_step`` names the next level in
    words: a step down from Level 1 is :data:`CONTINUING_CARE`, not early intervention, even
    though ``next_level`` keeps the nearest 3rd-edition member (0.5).

    Parameters
    ----------
    decision : Decision or str
        Continue, step down or step up (a string is read as a :class:`Decision`).
    level : LevelOfCare
        The level reviewed.
    next_level : LevelOfCare
        The level after the decision (the same level for "continue").
    reasons : tuple of ReviewReason
        The findings behind the decision.
    flags : tuple of Flag
        Every flag the review raises or carries, most urgent first.
    taper : tuple of TaperStep
        For a step-down, its phases (empty otherwise).
    findings : tuple of ReviewReason
        Every finding: those about the end of the ladder, then step-up, step-down and holding ones,
        then those said but not weighed (an unrecorded session or a week below the minimum before the last two
        weeks), then the resolved safety flags.
    next_step : str
        The next level in words (e.g. continuing care after Level 1, not "early intervention").

    Raises
    ------
    ValueError
        A ``decision`` that is not a :class:`Decision` value (no iopkit error: a review is built by
        :func:`review`, not from user input).
    """

    decision: Decision
    level: LevelOfCare
    next_level: LevelOfCare
    reasons: tuple[ReviewReason, ...]
    flags: tuple[Flag, ...]
    taper: tuple[TaperStep, ...] = ()
    findings: tuple[ReviewReason, ...] = ()
    next_step: str = ""  # the next level in words (e.g. continuing care after Level 1, not "early intervention")

    def __post_init__(self) -> None:
        object.__setattr__(self, "decision", Decision(self.decision))
        for name in ("reasons", "flags", "taper", "findings"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    @property
    def headline(self) -> str:
        """The one line the progress page and the printout show first, in the clinic's words.

        An unresolved safety flag leads with what it calls for, most urgent first (:data:`SAFETY_CALLS`:
        C-SSRS high risk: safety precautions and an immediate emergency evaluation, as Columbia's triage
        says; a same-day suicide risk assessment; a medical review, as soon and by whom as the review's flag says:
        :data:`_MEDICAL_REVIEW_DUE`), then the decision. A prescriber's (medical) review now comes before the suicide
        risk assessment, which then follows "then, before the patient leaves" (an urgent withdrawal sign such as
        CIWA-Ar item 10 at 1 may be delirium, which needs action at once and makes a risk assessment unreliable: ASAM
        2020 alcohol withdrawal guideline; iopkit's own rule, as the placement headline orders them:
        :attr:`~iopkit.placement.Recommendation.headline`); an emergency evaluation still leads. A drug screen's open
        flag (read days after collection: :attr:`~iopkit.flags.MedicalReview.SCREEN_READ`) asks for its review the day
        the result is read, never "before the patient leaves"; beside a more urgent medical review (a flag raised at a
        visit) it is said after it, "; and ..." (physician review R18-S3).

        Examples
        --------
        >>> r = review(EpisodeHistory(LevelOfCare.IOP, attendance=0.9, drug_screens=(False,) * 3))
        >>> r.headline
        'Continue at Level 2.1 (Intensive outpatient)'
        """
        words = {Decision.STEP_DOWN: "Step down", Decision.STEP_UP: "Step up"}
        decision = (
            self.next_step
            if self.decision in (Decision.CONTINUE, Decision.REASSESS)
            else f"{words[self.decision]}: {self.level} → {self.next_step}"
        )
        due = {code: first for code, first in _FIRST.items() if any(f.code == code for f in self.flags)}
        now = False
        for f in self.flags:  # as soon and by whom as its flag says
            if f.code == "medical_review_due":
                now = medical_review_of(f) is MedicalReview.NOW
                due[f.code] = _MEDICAL_REVIEW_DUE[medical_review_of(f)][2]
            if f.code == OVERDOSE_BOX:  # its own step, named with its findings (physician review R23c B4)
                found = [x for x in (overdose_finding(g) for g in self.flags) if x is not None]
                named = "; ".join(dict.fromkeys(f"{what}, {day}" for what, day, _ in found))
                due[f.code] = f"{_FIRST[f.code]} (unresolved opioid overdose risk: {named})"
        if not due:
            return decision
        # an open C-SSRS high risk: its emergency evaluation covers the same-day suicide risk assessment (never asked
        # twice) and decides the setting, as the placement headline says it (walk24 finding 2: one plan on every page)
        evaluating = _EVALUATION_DUE in due
        if evaluating:
            due.pop(_ASSESSMENT_DUE, None)
        first = "; and ".join(due.values())
        if now and _ASSESSMENT_DUE in due:  # the review now before the suicide risk assessment
            review, assessment = due.pop("medical_review_due"), due.pop("risk_assessment_due")
            overdose = [due.pop(OVERDOSE_BOX)] if OVERDOSE_BOX in due else []
            first = "; and ".join([*due.values(), review]) + f"; then, before the patient leaves, {assessment}"
            first += "".join(f"; and {x}" for x in overdose)
        if evaluating:  # the level as the evaluation decides, never a plain "continue at" (walk24 finding 2)
            return f"First: {first}. Then, {EVALUATION_DECIDES}: {self._level_said()}"
        return f"First: {first}. Then: {decision[0].lower()}{decision[1:]}"

    def _level_said(self) -> str:
        """The level after the review, as the emergency evaluation decides it (:attr:`headline`): the level kept,
        "Level 1 (Outpatient)", as the placement headline names it; a step, "step up from ... to ..."."""
        if self.decision is Decision.REASSESS:
            return self.next_step
        if self.decision is Decision.CONTINUE:
            return str(self.level) if self.next_level is self.level else self.next_step
        return f"step {'up' if self.decision is Decision.STEP_UP else 'down'} from {self.level} to {self.next_step}"


#: Treatment levels in order for stepping (3.3 is population-specific and not stepped through).
LADDER = tuple(
    lv
    for lv in sorted(LevelOfCare, key=lambda lv: lv.rank)
    if not lv.is_withdrawal_management and lv is not LevelOfCare.RESIDENTIAL_POPULATION_SPECIFIC
)
_DESIGN = "iopkit"
_TOP, _BOTTOM = LADDER[-1], LADDER[0]
#: What a step down from Level 1 is. The 3rd edition has no code for it, so ``next_level`` keeps the
#: nearest member (0.5) and the words say what it is. 0.5 is early intervention for at-risk people
#: without a diagnosable SUD (ASAM 2013); the 4th edition names 1.0 "long-term remission monitoring".
CONTINUING_CARE = (
    "Continuing care / recovery monitoring after outpatient treatment (recorded as Level 0.5 "
    "for want of a 3rd-edition code; 4th edition: 1.0 long-term remission monitoring)"
)
_CONTINUING_SRC = "iopkit; asam2013; asam2023"
_ENDS_SRC = "iopkit; asam2013"
#: Review thresholds, as data: (value, what it means, source keys).
REVIEW_RULES: Mapping[str, tuple[float, str, str]] = MappingProxyType(
    {
        "screens_for_step_down": (3, "last 3 drug screens negative", _DESIGN),
        "positive_screens_for_step_up": (2, "2 or more of the last 3 screens positive", _DESIGN),
        "attendance_for_step_down": (0.8, "attended >= 80 % of the session hours recorded", _DESIGN),
        "attendance_low": (
            0.5,
            "attended < 50 % of the session hours recorded: review barriers and readiness",
            _DESIGN,
        ),
        # a step-down waits for the sessions of the last two weeks to be recorded, and for a week of them below the
        # level's minimum to be made good (session 19)
        "attendance_recent_days": (14, "the last two weeks", _DESIGN),
    }
)
#: What each safety call is, in words (the review's flag message and headline).
_WHAT = MappingProxyType(
    {
        CallsFor.EMERGENCY_EVALUATION: "high suicide-risk",
        CallsFor.RISK_ASSESSMENT: "suicide-risk",
        CallsFor.MEDICAL_REVIEW: "withdrawal or medical",
    }
)
#: The codes of the review's boxes for an emergency evaluation and for a same-day suicide risk assessment.
_EVALUATION_DUE = SAFETY_CALLS[CallsFor.EMERGENCY_EVALUATION][0]
_ASSESSMENT_DUE = SAFETY_CALLS[CallsFor.RISK_ASSESSMENT][0]
_REVIEW_DUE = SAFETY_CALLS[CallsFor.MEDICAL_REVIEW][0]
#: The headline's first step for each review flag of :data:`SAFETY_CALLS`.
_FIRST = MappingProxyType(
    {
        "emergency_evaluation_due": "safety precautions and an immediate emergency evaluation for suicide risk "
        "(unresolved high-risk flag)",
        "risk_assessment_due": "a same-day suicide risk assessment (unresolved suicide-risk flag)",
        # an opioid-positive screen's box (:func:`overdose_box`), its findings said after it (R23c B4, its words)
        "overdose_risk_due": "naloxone, overdose education and a prescriber's or nurse's review the day the result is "
        "read: at this visit if the patient is here, otherwise reach the patient today (phone)",
        "medical_review_due": "a prescriber's or nurse's review today, before the patient leaves (unresolved "
        "withdrawal or medical flag)",
    }
)
#: ``medical_review_due`` is as urgent as the most urgent unresolved flag behind it
#: (:func:`iopkit.flags.medical_review_of`: the flag's own next step, not its severity alone): its severity, next
#: step and the headline's first step, so its
#: box (:func:`iopkit.markup.flags_html`, :data:`iopkit.markup.MEDICAL_REVIEW_TEXT`) says what its next step says.
#: ``now``: a prescriber's (medical) review now, critical, behind a critical flag (e.g. possible withdrawal delirium,
#: ASAM 2020 alcohol withdrawal guideline, Rec VI.7) or inattention (CIWA-Ar item 10 at 1: delirium screen, a low
#: glucose treated at once, re-score within 1 hour); ``prescriber``: a prescriber's review (or a nurse under the
#: prescriber's withdrawal protocol) before the patient leaves, if the patient has left today, a warning, behind
#: withdrawal to treat (CIWA-Ar moderate band, ASAM 2020; COWS moderate or moderately severe, ASAM 2020 OUD
#: guideline); ``today``: the day's review, a warning, behind a flag raised at a visit (e.g. PAWSS, a sign of physical
#: dependence); ``screen_read``: a review the day a drug screen's result is read, a warning, behind an opioid-positive
#: screen (:attr:`iopkit.records.DrugScreen.flags`): a result read days after collection, usually with the patient
#: gone, so never "before the patient leaves" (physician review R18-S3, session 16, its words; ASAM 2017 drug testing;
#: SAMHSA Overdose Toolkit 2018). Its severity holds nothing: a step-down waits for every unresolved safety flag,
#: whatever its severity (physician review).
_MEDICAL_REVIEW_DUE: Mapping[MedicalReview, tuple[Severity, str, str]] = MappingProxyType(
    {
        MedicalReview.NOW: (
            Severity.CRITICAL,
            "Arrange a prescriber's (medical) review now and record what was done; no step-down until then",
            "a prescriber's (medical) review now (unresolved urgent withdrawal or medical flag)",
        ),
        MedicalReview.PRESCRIBER: (
            Severity.WARNING,
            "Arrange a prescriber's review (or a nurse under the prescriber's withdrawal protocol) before the patient "
            "leaves (if the patient has left, today) and record what was done; no step-down until then",
            "a prescriber's review before the patient leaves (unresolved withdrawal flag: treatment to decide)",
        ),
        MedicalReview.TODAY: (
            Severity.WARNING,
            SAFETY_CALLS[CallsFor.MEDICAL_REVIEW][1],
            _FIRST["medical_review_due"],
        ),
        MedicalReview.SCREEN_READ: (
            Severity.WARNING,
            "Arrange it and record what was done; no step-down until then",
            "a prescriber's or nurse's review the day the result is read: at this visit if the patient is here, "
            "otherwise reach the patient today (phone) to offer naloxone and arrange the review (unresolved "
            "drug-screen flag: opioid overdose risk)",
        ),
    }
)

#: The basis of a review due the day a drug screen's result is read (:attr:`~iopkit.flags.MedicalReview.SCREEN_READ`):
#: a result is read with the patient, often after the visit (ASAM 2017 drug testing); naloxone for a patient at risk
#: of opioid overdose (SAMHSA Overdose Toolkit 2018); the wording is the physician reviewer's (R18-S3, session 16).
_SCREEN_READ_SOURCE = "asam_drug_testing2017; samhsa_overdose_toolkit2018"
#: The screens' brief-intervention prompts (counselling): AUDIT's four (positive screen, incipient dependence,
#: dependence symptoms, alcohol-related harm in the past year) and any screen's positive screen (AUDIT-C, CAGE-AID,
#: DAST-10, CRAFFT). A patient placed at a treatment level (Level 1 or above, or any -WM) is referred and placed
#: (ASAM Criteria 2013), so the WHO zones' responses up to referral (Babor et al. 2001) are done: the continued-stay
#: review leaves them out, never collapsed, and keeps every danger sign (AUDIT item 6 is a medical review) and PCL-5
#: probable PTSD (physician review R23c D2, its words).
BRIEF_INTERVENTION = frozenset(
    {"positive_screen", "incipient_dependence", "dependence_symptoms", "alcohol_related_harm_past_year"}
)
#: The code of the continued-stay review's box for open opioid-positive screens (:func:`overdose_box`), and its next
#: step (physician review R23c B3, the reviewer's words).
OVERDOSE_BOX = "overdose_risk_due"
OVERDOSE_BOX_ACTION = (
    "Offer naloxone and overdose education at this visit if the patient is here, otherwise reach the patient today "
    "(phone); ask about use and route; review the treatment plan, including medication for opioid use disorder (start "
    "or adjust it; never stop it or discharge the patient for a positive result); record what was done; no step-down "
    "until then"
)

#: The earlier private name, kept while callers move to :func:`calls_for`.
_calls_for = calls_for


@dataclass(frozen=True)
class SafetyFlag:
    """A flag calling for a same-day safety response, on one scored record of an episode.

    ``index`` is the score's position in the episode's scores; ``calls_for`` what the review acts on
    (:func:`calls_for`); ``record`` the store id of the scored record ("" when not known);
    ``resolution`` what was recorded as done about it (``None``: the flag is open).

    Parameters
    ----------
    index : int
        The score's position in the episode's scores.
    instrument : str
        The instrument of the scored record.
    week : float
        The week of that record in the episode.
    flag : Flag
        The flag as the score carries it.
    calls_for : CallsFor
        What the review acts on (:func:`calls_for`).
    record : str
        The store id of the scored record ("" when not known).
    resolution : FlagResolution or None
        What first covered the flag, its closing (``None``: it is open).
    reassessments : tuple of FlagResolution, default ()
        The later resolutions that recorded a higher overall risk level, in order
        (:func:`~iopkit.placement.resolution.reassessments`): the flag's level is the last one's.
    reviews : tuple of FlagResolution, default ()
        The notes of ``reviewed_again`` on it, in order (a check-in's review of the closed flag at the same or a
        lower level, :func:`~iopkit.placement.resolution.reviews_of`): shown after the closing, never its level.
    reopened : str, default ""
        While it is open: why, when a correction of its record changed the finding an earlier version's closing
        answered (:attr:`~iopkit.placement.resolution.Reopened.said`); closed: why, when the closing of an earlier
        version's higher finding covers it (``AfterCorrection.COVERED``); "" otherwise.
    """

    index: int
    instrument: str
    week: float
    flag: Flag
    calls_for: CallsFor
    record: str = ""
    resolution: FlagResolution | None = None
    reassessments: tuple[FlagResolution, ...] = ()
    reviews: tuple[FlagResolution, ...] = ()
    reopened: str = ""

    @property
    def open(self) -> bool:
        """True while no resolution covers the flag."""
        return self.resolution is None

    @property
    def risk_level(self) -> RiskLevel | None:
        """The flag's overall risk level now: its latest re-assessment's, else its closing's (None: none recorded)."""
        latest = (self.resolution, *self.reassessments)[-1]
        return None if latest is None else latest.risk_level

    @property
    def closed_as(self) -> str:
        """What was done, as the chart says it: the closing (level, action, who, when), then each re-assessment
        ("re-assessed higher: high, by Dr B on 2026-03-03, what was done: '...'") and each note of a later review
        ("reviewed again: moderate, by KM on 2026-03-02, what was done: '...'"), by date; "" while it is open."""
        return self.closed_after(None)

    def closed_after(self, screened: dt.date | None, what: str = "the screen") -> str:
        """:attr:`closed_as`, with how many days after the screen of ``screened`` it was closed when that is a later
        day: "... (QA, LCSW, 2026-12-03; 14 days after the screen)" (physician review R17a-S9: a screen closed days
        later is a documentation gap the chart must show); "" while it is open.

        Parameters
        ----------
        screened : datetime.date or None
            The clinical day of the flagged screen; None: the days are not said.
        what : str, default "the screen"
            What the days are counted from, in words ("the prompt" for a prompt for a suicide screen, R17a-S10).

        Returns
        -------
        str
        """
        if self.resolution is None:
            return ""
        done, now = self.resolution, current_level((self.resolution, *self.reassessments))
        days = (done.on - screened).days if screened is not None else 0
        late = f"; {days} day{'s' if days != 1 else ''} after {what}" if days > 0 else ""
        later = sorted(
            [(r.on, said) for r, said in zip(self.reassessments, said_reassessments((done, *self.reassessments)))]
            + [(r.on, reviewed_again(r, now)) for r in self.reviews],
            key=lambda pair: pair[0],
        )
        return f"{done.what_was_done} ({done.by}, {done.on.isoformat()}{late})" + "".join(
            f"; {said}" for _, said in later
        )


def safety_flags(
    scores, resolutions=(), records=(), reopened=None, same_day=None, corrections=None
) -> tuple[SafetyFlag, ...]:
    """Every flag of an episode that calls for a same-day safety response, with what covers it.

    Parameters
    ----------
    scores : sequence of (week, Score)
        The episode's scores, as in :class:`EpisodeHistory`.
    resolutions : sequence of FlagResolution
        What was done about flags.
    records : sequence of str, optional
        The store id of each score's record, in the same order (a resolution names the record it
        answers, and covers that record's flag and the same flag on that instrument's earlier records).
    reopened : mapping of (str, str) to Reopened, optional
        The flags a correction reopened, by record id and code
        (:func:`~iopkit.placement.resolution.reopened_by_corrections`): an open one says why (``reopened``).  A flag
        a correction withdrew and that stays open (``AfterCorrection.WITHDRAWN``: a C-SSRS screen's high risk never
        closed) is read as its corrected record's flag (:attr:`~iopkit.placement.resolution.Reopened.listed`).
    same_day : mapping of str to str, optional
        Each corrected version's store id -> its current version's, when the correction kept the record's day
        (:func:`~iopkit.placement.resolution.corrected_same_day`): a closing left on the corrected version still
        answers the same flag on the instrument's earlier records.
    corrections : Corrections, optional
        How the records' corrections bear on a later record's closing
        (:meth:`~iopkit.placement.resolution.Corrections.reaches`): a reopened flag is closed on its own record
        only, and a later closing never covers a finding corrected after it.

    Returns
    -------
    tuple of SafetyFlag
        In the order of ``scores`` (most urgent call first within a record).
    """
    scores = tuple(scores)
    ids = tuple(str(r) for r in records) or ("",) * len(scores)
    weeks = {rid: week for rid, (week, _) in zip(ids, scores) if rid}
    weeks |= {old: weeks[now] for old, now in (same_day or {}).items() if now in weeks and old not in weeks}
    withdrawn: dict[str, list[Flag]] = {}  # a flag a correction withdrew, kept open on its corrected record
    for (rid, _), why in (reopened or {}).items():
        if why.listed is not None:  # as the chart lists it: its action once the screen was repeated
            withdrawn.setdefault(rid, []).append(why.listed)
    out = []
    for index, (rid, (week, score)) in enumerate(zip(ids, scores)):
        for flag in (*withdrawn.get(rid, ()), *score.flags):  # kept: an emergency evaluation, the most urgent
            calls = calls_for(flag)
            if calls in SAFETY_CALLS and flag.severity is not Severity.INFO:  # a note for the record holds nothing
                kept = [r for r in resolutions if corrections is None or corrections.reaches(r, rid, flag.code)]
                covering = in_order(r for r in kept if r.covers(score.instrument, week, flag.code, rid, weeks=weeks))
                done = covering[0] if covering else None
                notes = tuple(
                    r for r in kept if r.covers(score.instrument, week, flag.code, rid, weeks=weeks, again=True)
                )
                again = reassessments(covering)
                why = (reopened or {}).get((rid, flag.code))  # while open; closed: covered after a correction
                why = why if done is None or (why is not None and why.kind == "covered") else None
                # lowered from a C-SSRS high risk never closed: marked, so the headline repeats the screen as the chart
                mark = why.lowered_mark if why is not None and done is None else None
                out.append(
                    SafetyFlag(
                        index,
                        score.instrument,
                        week,
                        flag if mark is None else replace(flag, withdrawn=mark),
                        calls,
                        rid,
                        done,
                        again,
                        notes if done else (),
                        "" if why is None else why.said,
                    )
                )
    return tuple(out)


def open_safety_flags(scores, resolutions=(), records=()) -> tuple[tuple[int, float, Flag], ...]:
    """The flags of an episode that call for a same-day safety response and that no resolution covers.

    The one reading of "open safety flag" that the continued-stay review, the caseload and the pages
    share (:func:`safety_flags` gives each with what it calls for and what covers it).

    Parameters
    ----------
    scores : sequence of (week, Score)
        The episode's scores, as in :class:`EpisodeHistory`.
    resolutions : sequence of FlagResolution
        What was done about flags.
    records : sequence of str, optional
        The store id of each score's record, in the same order (a resolution names the record it answers).

    Returns
    -------
    tuple of (int, float, Flag)
        For each open flag: its score's index in ``scores``, its week and the flag.

    Examples
    --------
    >>> import datetime, iopkit
    >>> phq9 = iopkit.score("phq9", [1] * 9)
    >>> [(i, w, f.code) for i, w, f in open_safety_flags([(0, phq9)])]
    [(0, 0, 'suicidal_ideation')]
    >>> done = FlagResolution("suicidal_ideation", "phq9", 0, "C-SSRS full assessment; safety plan", "A. Rivera, LCSW",
    ...                       datetime.date(2026, 3, 2), record="17", risk_level="low")
    >>> open_safety_flags([(0, phq9)], [done], records=["17"])
    ()
    """
    return tuple((f.index, f.week, f.flag) for f in safety_flags(scores, resolutions, records) if f.open)


def _by_instrument(history: EpisodeHistory) -> dict[str, list[tuple[float, Any]]]:
    series: dict[str, list[tuple[float, Any]]] = {}
    for week, score in sorted(history.scores, key=lambda ws: ws[0]):
        series.setdefault(score.instrument, []).append((week, score))
    return series


def _safety(
    history: EpisodeHistory,
    series: dict,
    up: list,
    hold: list,
    flags: list,
    resolved: list,
    safety: tuple[SafetyFlag, ...] | None = None,
) -> None:
    """Every flag of the episode, acted on by what it calls for (see the module docstring); ``safety``: its
    :func:`safety_flags`, when worked out already."""
    # each open flag with how the box names it (open_) and how the hold does (held: a drug screen's by its first
    # clause), listed most urgent first within a box, as every list of flags (flags.urgency; physician review R25a)
    open_: dict[CallsFor, list[tuple[Flag, str]]] = {}
    held: dict[CallsFor, list[tuple[Flag, str]]] = {}
    if safety is None:
        safety = safety_flags(history.scores, history.resolutions, history.records)
    reviews: list[MedicalReview] = []  # how soon and by whom each unresolved medical-review flag's review is due
    evaluated: list[str] = []  # each open C-SSRS high risk's record, "C-SSRS screen, 04 Dec" (walk24 finding 2)
    for sf in safety:
        where = with_reopened(f"{sf.flag.message} ({history.named(sf.instrument, sf.week)})", sf.reopened)
        if sf.resolution is None:
            evaluated += (
                [history.named(sf.instrument, sf.week)] if sf.calls_for is CallsFor.EMERGENCY_EVALUATION else []
            )
            flags.append(sf.flag)
            open_.setdefault(sf.calls_for, []).append((sf.flag, where))
            held.setdefault(sf.calls_for, []).append((sf.flag, where))
            reviews += [medical_review_of(sf.flag)] if sf.calls_for is CallsFor.MEDICAL_REVIEW else []
        else:
            resolved.append(ReviewReason("flag_resolved", f"{where}: {sf.closed_as}", "iopkit"))
    overdose: list[Flag] = []  # an opioid-positive screen's open flag: a box of its own (physician review R23c B3)
    for week, flag in history.screen_flags:  # a drug screen's open flag: read after the visit (SCREEN_READ, R18-S3)
        calls = calls_for(flag)
        if calls in SAFETY_CALLS and flag.severity is not Severity.INFO:
            flags.append(flag)
            if flag.medical_review is MedicalReview.SCREEN_READ and overdose_finding(flag) is not None:
                overdose.append(flag)
                continue
            open_.setdefault(calls, []).append((flag, f"{flag.message} ({history.named(DRUG_SCREEN, week)})"))
            # the hold names it by its finding (the result, "... positive for fentanyl (not an expected medication)"),
            # its questions and other positives said once, in the review's box (the summary prints both)
            held.setdefault(calls, []).append(
                (flag, f"{flag.message.split('; ')[0]} ({history.named(DRUG_SCREEN, week)})")
            )
            reviews += [medical_review_of(flag)] if calls is CallsFor.MEDICAL_REVIEW else []
    for week, instrument, flag in history.checkin_flags:  # a check-in's answers not saved yet: open until reviewed
        calls = calls_for(flag)
        if calls in SAFETY_CALLS and flag.severity is not Severity.INFO:
            where = f"{flag.message} ({history.named(instrument, week)})"
            open_.setdefault(calls, []).append((flag, where))
            held.setdefault(calls, []).append((flag, where))
            evaluated += [history.named(instrument, week)] if calls is CallsFor.EMERGENCY_EVALUATION else []
            reviews += [medical_review_of(flag)] if calls is CallsFor.MEDICAL_REVIEW else []
    placed = history.level is not LevelOfCare.EARLY_INTERVENTION  # at a treatment level (Level 1 or above, any -WM)
    for instrument, points in series.items():
        week = points[-1][0]
        for flag in points[-1][1].flags:  # the latest score's other flags
            if placed and flag.code in BRIEF_INTERVENTION and calls_for(flag) is CallsFor.COUNSELLING:
                continue  # referred and placed: the screen's brief-intervention prompt is done (R23c D2)
            if calls_for(flag) not in SAFETY_CALLS and flag.severity != Severity.INFO:
                # named with its record, "(AUDIT-C, 05 Oct)", as the review's other boxes (walk24 finding 8)
                flags.append(replace(flag, message=f"{flag.message} ({history.named(instrument, week)})"))
                if calls_for(flag) is CallsFor.LEVEL_REVIEW:
                    up.append(
                        ReviewReason("level_review_flag", f"{instrument}: {flag.message}", flag.source or "iopkit")
                    )
    boxes: list[tuple[Flag, ReviewReason]] = []  # each box and its reason: the reasons in the boxes' order (R25a)
    for calls in SAFETY_CALLS:
        if calls not in open_:
            continue
        found = [where for _, where in sorted(open_[calls], key=lambda pair: urgency(pair[0]))]
        code, action, source = SAFETY_CALLS[calls]
        severity, review = Severity.CRITICAL, None
        if calls is CallsFor.MEDICAL_REVIEW:  # as urgent as the flags behind it (_MEDICAL_REVIEW_DUE); the same hold
            review = min(reviews, key=lambda r: r.rank)
            severity, action, _ = _MEDICAL_REVIEW_DUE[review]
            if MedicalReview.SCREEN_READ in reviews:  # a drug screen's review: its own basis (R18-S3)
                screen = _SCREEN_READ_SOURCE
                source = screen if review is MedicalReview.SCREEN_READ else f"{source}; {screen}"
        if calls is CallsFor.RISK_ASSESSMENT and evaluated:  # covered by the emergency evaluation (walk24 finding 2)
            action = _covered_by_evaluation(evaluated[-1])
        what = _WHAT[calls]
        named = [where for _, where in sorted(held[calls], key=lambda pair: urgency(pair[0]))]
        boxes.append(
            (
                Flag(
                    code,
                    f"Unresolved {what} flag(s): {'; '.join(found)}",
                    severity,
                    action,
                    source,
                    calls_for=calls,
                    medical_review=review,
                ),
                ReviewReason(
                    f"unresolved_{calls.value}",
                    f"unresolved {what} flag(s) in this episode: {'; '.join(named)}; a step-down waits until each is "
                    "resolved",
                    "iopkit",
                ),
            )
        )
    if overdose:
        overdose.sort(key=urgency)  # the most urgent screen first, as every list of flags (R25a)
        results = [x[2] for x in (overdose_finding(f) for f in overdose) if x is not None]
        boxes.append(
            (
                overdose_box(overdose),
                ReviewReason(
                    "unresolved_overdose_risk",
                    "unresolved opioid overdose risk in this episode: "
                    + "; ".join(dict.fromkeys(results))
                    + f"; a step-down waits until {'it is' if len(overdose) == 1 else 'each is'} resolved",
                    _SCREEN_READ_SOURCE,
                ),
            )
        )
    # the boxes first among the flags, and their reasons first in the hold, most urgent first (flags.urgency): the
    # review's reasons in the order of its boxes and of the placement headline (physician review R25a)
    boxes.sort(key=lambda pair: urgency(pair[0]))
    flags[:0] = [box for box, _ in boxes]
    hold.extend(reason for _, reason in boxes)


#: The review's box's closing words, said after the flags' own steps (walk24 finding 7).
_UNTIL = "record what was done; no step-down until then"


def _step_once(action: str, these: list[Flag]) -> list[str]:
    """The next steps of the review's emergency-evaluation or medical-review box (``action``) with the flags folded
    into it (``these``), its step said once (walk24 finding 7, as R25a 3 did for the suicide box): beside the C-SSRS
    high-risk flag's own step (:data:`iopkit.flags.SUICIDE_RISK_HIGH_STEP`, which names the safety precautions and the
    emergency evaluation) the box's first half is left out; a review's "and record what was done" is followed by a
    withdrawal sign's "Assess withdrawal risk today (...)" as what the review does ("Arrange a prescriber's or nurse's
    review today, before the patient leaves, to assess withdrawal risk (...) before planning ambulatory care");
    then "record what was done; no step-down until then", once."""
    lead, sep, _ = action.partition(f"; {_UNTIL}") if f"; {_UNTIL}" in action else action.partition(f" and {_UNTIL}")
    if not sep:  # a box without the closing words: as before
        return list(dict.fromkeys(a for a in (action, *(f.action for f in these)) if a))
    own = [f.action for f in these if f.action]
    if any(a.startswith(SUICIDE_RISK_HIGH_STEP) for a in own):
        return list(dict.fromkeys([*own, _UNTIL]))
    assess = "Assess withdrawal risk today "
    done = [a for a in own if a.startswith(assess)]
    if done and "review" in lead:
        steps = [f"{lead.rstrip(',')}, to assess withdrawal risk {done[0][len(assess) :]}"]
        return list(dict.fromkeys([*steps, *(a for a in own if a not in done[:1]), _UNTIL]))
    return list(dict.fromkeys([action, *own]))


def _covered_by_evaluation(named: str) -> str:
    """The next step of the review's suicide-risk box beside an open C-SSRS high risk (``named``: its record, "C-SSRS
    screen, 04 Dec"): the emergency evaluation for suicide risk covers the same-day risk assessment, as the placement
    box says (:data:`iopkit.flags.EVALUATION_COVERS`), never a second assessment (walk24 finding 2)."""
    instrument, _, day = named.partition(", ")
    return (
        f"The {instrument} of {day} is high risk: {EVALUATION_COVERS}; tell the evaluator of these findings and record "
        "what was done; no step-down until then"
    )


def each_once(flags: tuple[Flag, ...]) -> tuple[Flag, ...]:
    """The review's flags with each unresolved safety flag once: in the review's box for what it calls for ("Act
    now: Unresolved suicide-risk flag(s): <the flag> (<instrument>, <day>)"; an opioid-positive screen's in the
    overdose box, "Act now: High risk of opioid overdose (fentanyl, 30 Nov): ...", its questions and
    confirmatory-testing step after the box's: physician review R23c B3), which names it, its next step and sources
    added there, never again as a box of its own. A flag on an unfinished form (its lower-bound note), or one more
    urgent than that box, keeps its own box. Which box holds a flag is read from its code and what it calls for (the
    review lists every open safety flag of its flags in its box), never from the message text (R23c B3).

    Parameters
    ----------
    flags : tuple of Flag
        The review's flags as a page shows them (:attr:`iopkit.episode.Episode.review_flags`): the summary and the
        progress page read them through this one function (physician review R23c D4).

    Returns
    -------
    tuple of Flag
        The same flags, in the same order, less those folded into their review box.
    """
    due_codes = {code for code, _, _ in SAFETY_CALLS.values()} | {OVERDOSE_BOX}
    due = {f.code: f for f in flags if f.code in due_codes}

    def box_of(f: Flag) -> str | None:
        if f.code in due_codes or f.severity == Severity.INFO or f.partial:
            return None
        if f.medical_review is MedicalReview.SCREEN_READ and OVERDOSE_BOX in due:
            return OVERDOSE_BOX
        return SAFETY_CALLS[calls_for(f)][0] if calls_for(f) in SAFETY_CALLS else None

    folded: dict[str, list[Flag]] = {}
    for f in flags:
        code = box_of(f)
        if code in due and f.severity.rank >= due[code].severity.rank:
            folded.setdefault(code, []).append(f)
    if not folded:
        return flags
    merged = {}
    for code, these in folded.items():
        box = due[code]
        message = box.message
        if code == OVERDOSE_BOX:  # the screens' findings (their messages after the finding) said in the box before
            # its next step, then the box's step and the screens' other steps (physician review R25a 3)
            found = list(dict.fromkeys(q for f in these for q in f.message.split("; ")[1:]))
            if found:  # "... education today. Opiates negative: ask whether ...; alcohol use this episode (...): ..."
                said = "; ".join(found)
                message += f". {said[:1].upper()}{said[1:]}"
            rest = [f.action.split(". ", 1)[1] for f in these if ". " in f.action]
            steps = list(dict.fromkeys([box.action, *rest]))
        elif code == _ASSESSMENT_DUE and _EVALUATION_DUE in due:  # the emergency evaluation covers them (walk24 2)
            steps = [box.action]
        elif code == _ASSESSMENT_DUE:  # the suicide risk assessment named once (R25a 3)
            steps = _one_assessment(box.action, these)
        elif code in (_EVALUATION_DUE, _REVIEW_DUE):  # the box's step said once, with the flags' (walk24 finding 7)
            steps = _step_once(box.action, these)
        else:
            steps = list(dict.fromkeys(a for a in (box.action, *(f.action for f in these)) if a))
        keys = [k.strip() for f in (box, *these) for k in (f.source or "").split(";") if k.strip()]
        merged[box.code] = replace(box, message=message, action="; ".join(steps), source="; ".join(dict.fromkeys(keys)))
    gone = {id(f) for these in folded.values() for f in these}
    return tuple(merged.get(f.code, f) for f in flags if id(f) not in gone)


@dataclass(frozen=True)
class _OneAssessment:
    """How a suicide-risk flag's next step reads in the review's suicide box, which names the suicide risk assessment
    once (physician review R25a 3): the flag's rule (``instrument``, its code the key of :data:`_ONE_ASSESSMENT`),
    whether it asks about suicidal thoughts first (``asks``), what it says of the assessment (``how``: an example
    instrument, by whom, with what, by when; words of :data:`_HOW`) and what it adds after it (``rest``)."""

    instrument: str
    asks: bool = False
    how: tuple[str, ...] = ()
    rest: str = ""


#: What a suicide-risk flag's next step says of the suicide risk assessment, in the order the box says them.
_HOW = ("(e.g. C-SSRS)", "by a qualified clinician", "with safety planning", "before the patient leaves")
#: The suicide-risk flags whose next step names the suicide risk assessment, by code, each split as the review's
#: suicide box says it once (physician review R25a 3): PHQ-9 item 9 (its rule's words), C-SSRS screener moderate and
#: low risk (:data:`iopkit.flags.SUICIDE_RISK_MODERATE_STEP`, :data:`iopkit.flags.SUICIDE_RISK_LOW_STEP`: R23c A1,
#: A2). PCL-5 item 16 calls for a suicide screen, not the assessment (R23c A4): kept whole, as any other.
_ONE_ASSESSMENT: Mapping[str, _OneAssessment] = MappingProxyType(
    {
        "suicidal_ideation": _OneAssessment("phq9", asks=True, how=(_HOW[0], _HOW[3])),
        "suicide_risk_moderate": _OneAssessment(
            "cssrs_screen",
            how=_HOW[1:],
            rest="consider safety precautions (do not leave the patient alone) until it is done",
        ),
        "suicide_risk_low": _OneAssessment(
            "cssrs_screen", how=(_HOW[1], _HOW[3]), rest="review the safety plan and give the 988 Lifeline number"
        ),
    }
)


def _one_assessment(action: str, these: list[Flag]) -> list[str]:
    """The next steps of the review's suicide box (``action``, :data:`SAFETY_CALLS`) with the suicide-risk flags
    folded into it (``these``), the suicide risk assessment named once (physician review R25a 3): what each flag of
    :data:`_ONE_ASSESSMENT` says of it (its rule's next step, unchanged) said in the box's first step, what each adds
    after it, then the box's "no step-down until then", then any other flag's next step whole (as before R25a)."""
    told: list[_OneAssessment] = []
    others: list[str] = []
    for f in these:
        one = _ONE_ASSESSMENT.get(f.code)
        rule = None if one is None else next(r for r in instrument_definition(one.instrument).flags if r.code == f.code)
        if one is not None and rule is not None and f.action == rule.action:
            told.append(one)
        elif f.action:
            others.append(f.action)
    first, until = action.split("; ", 1)  # "Complete a same-day ... and record what was done", "no step-down ..."
    if not told:
        return list(dict.fromkeys([action, *others]))
    # beside a C-SSRS screen the screen asked about suicidal thoughts: no "ask" and no "(e.g. C-SSRS)" read as done,
    # the assessment still to do (walk24 finding 10)
    screened = any(one.instrument == "cssrs_screen" for one in told)
    how = [h for h in _HOW if any(h in one.how for one in told) and not (screened and h == _HOW[0])]
    leaves = _HOW[3] in how
    asks = any(one.asks for one in told) and not screened
    said = ("Ask about suicidal thoughts today and complete" if asks else "Complete") + (
        " a suicide risk assessment" if leaves else " a same-day suicide risk assessment"
    )
    said += "".join(f" {h}" for h in how if h in _HOW[:2])
    aside = f" ({SCREEN_NOT_THE_ASSESSMENT})" if screened and any(one.asks for one in told) else ""
    if _HOW[2] in how:
        said += f", {_HOW[2]}" + (f", {_HOW[3]}{aside}," if leaves else f"{aside},")
    elif leaves:
        said += f" {_HOW[3]}{aside}"
    else:
        said += aside
    said += first.split(" assessment", 1)[1]  # " and record what was done"
    return list(dict.fromkeys([said, *(one.rest for one in told if one.rest), until, *others]))


def overdose_box(screens: list[Flag] | tuple[Flag, ...]) -> Flag:
    """The continued-stay review's box for the open opioid-positive screens (:attr:`iopkit.records.DrugScreen.flags`),
    each named with its day, a box of its own: flags share a box only when they call for the same response with the
    same next step, and a box is as severe as the most severe flag in it (physician review R23c B3, the reviewer's
    words). Its review is due the day the result is read (:attr:`~iopkit.flags.MedicalReview.SCREEN_READ`, R23c B2).

    Parameters
    ----------
    screens : sequence of Flag
        The open opioid-positive screens' flags.

    Returns
    -------
    Flag
        Code ``overdose_risk_due``.
    """
    found = [x for x in (overdose_finding(f) for f in screens) if x is not None]
    worst = min((f.severity for f in screens), key=lambda v: v.rank)
    title = "High risk of opioid overdose" if worst is Severity.CRITICAL else "Opioid overdose risk"
    named = "; ".join(dict.fromkeys(f"{what}, {day}" for what, day, _ in found))
    return Flag(
        OVERDOSE_BOX,
        f"{title} ({named}): offer naloxone and overdose education today",
        worst,
        OVERDOSE_BOX_ACTION,
        f"{_SCREEN_READ_SOURCE}; tip63",
        calls_for=CallsFor.MEDICAL_REVIEW,
        medical_review=MedicalReview.SCREEN_READ,
    )


def review(history: EpisodeHistory) -> Review:
    """Continued-stay review: ``"step_up"``, ``"step_down"``, ``"continue"`` or ``"reassess"``, with reasons.

    Step up on a reliable deterioration into the clinical range, a ``level_review`` flag on an
    instrument's latest score, or continued use (>= 2 of the last 3 screens positive). A reliable
    deterioration that stays below the clinical range is a warning, not a step up. Step down when
    the last 3 screens are negative, attendance is >= 80 % of the session hours recorded and, with every unrecorded
    session counted as missed, of the planned hours (:attr:`EpisodeHistory.attendance_if_missed`, clinician review of
    session 19, M1), no session of the last two weeks is unrecorded and none of their completed weeks fell below the
    level's weekly minimum or, for a holiday or taper week, below what it offered
    (:attr:`EpisodeHistory.unrecorded_sessions`, :attr:`EpisodeHistory.weeks_below_minimum`: each said with its days
    or hours; a week with no session attended calls for outreach, two or more earlier weeks below it are a pattern
    said for the plan), every monitored instrument is in
    remission or has responded, and no suicide-risk or withdrawal flag in the episode is unresolved
    (a drug screen's, :attr:`EpisodeHistory.screen_flags`, and one of check-in answers not saved yet,
    :attr:`EpisodeHistory.checkin_flags`, included); IOP steps down through a short taper below the
    IOP minimum before Level 1 (ASAM 2013).
    Otherwise continue. At Level 1, 2.1 or 2.5 with no session attended for :data:`NO_ATTENDANCE_DAYS` days or more
    (:attr:`EpisodeHistory.last_attended`), never continue: ``"reassess"``, the absence said with its days and the
    call for outreach (a re-engagement contact) and a re-assessment of the level of care or discharge as the
    programme's policy says (walk24 finding 12). Unknown attendance (``None``) is said plainly and weighed neither
    way, but a step-down waits for attendance evidence. Suicide-risk and withdrawal flags call for a same-day
    risk assessment or medical review, never a change of level by themselves.

    At the ends of the ladder a step never returns the same level (iopkit's own rule):
    step-up findings at Level 4 give "continue" with a critical ``most_intensive_level`` flag
    (intensify care within Level 4 or arrange emergency care); a step down from Level 1 is to
    continuing care / recovery monitoring (:data:`CONTINUING_CARE`, an info flag says so);
    step-down findings at Level 0.5 give "continue" with a ``least_intensive_level`` reason.

    Parameters
    ----------
    history : EpisodeHistory
        The current level, attendance, drug screens, repeated scores and flag resolutions.

    Returns
    -------
    Review
        The :class:`Decision`, the next level, the reasons and every finding with its source, the
        flags (most urgent first) and, for a step-down, the taper.

    Raises
    ------
    PlacementInputError
        ``history`` is not an :class:`EpisodeHistory`; or, from :func:`iopkit.progress.trajectory`,
        a score with change criteria whose total lies outside its instrument's range, or whose week
        is not a number.

    Examples
    --------
    >>> h = EpisodeHistory(LevelOfCare.IOP, attendance=0.9, drug_screens=(False,) * 3)
    >>> review(h).decision  # no repeated scores: symptoms cannot be judged
    <Decision.CONTINUE: 'continue'>
    >>> r = review(EpisodeHistory(LevelOfCare.IOP, attendance=None, drug_screens=(False,) * 3))
    >>> str(r.decision), [x.code for x in r.reasons], [x.code for x in r.findings]
    ('continue', ['attendance_unknown', 'no_scores'], ['abstinent', 'attendance_unknown', 'no_scores'])
    >>> top = review(EpisodeHistory(LevelOfCare.INPATIENT_MANAGED, 0.9, drug_screens=(True,) * 3))
    >>> str(top.decision), top.next_level.code, [f.code for f in top.flags]
    ('continue', '4', ['most_intensive_level'])
    """
    return _review(history, {})


def _review(
    history: EpisodeHistory, known: Mapping[tuple, Trajectory], safety: tuple[SafetyFlag, ...] | None = None
) -> Review:
    """:func:`review`, reading each instrument's trajectory from ``known`` when it holds the very weeks and totals
    of its series, and taking ``safety`` as :func:`safety_flags` of the history's scores, resolutions and records
    (an episode has worked both out already, :meth:`iopkit.episode.Episode.from_store`)."""
    if not isinstance(history, EpisodeHistory):
        raise PlacementInputError(f"review needs an EpisodeHistory (got {type(history).__name__})")
    up: list[ReviewReason] = []
    down: list[ReviewReason] = []
    hold: list[ReviewReason] = []
    resolved: list[ReviewReason] = []
    flags: list[Flag] = []
    series = _by_instrument(history)
    _safety(history, series, up, hold, flags, resolved, safety)
    for instrument, points in series.items():
        latest = points[-1][1]
        if instrument not in CHANGE_CRITERIA or len(points) < 2 or points[0][1].total is None or latest.total is None:
            continue
        crit = CHANGE_CRITERIA[instrument]
        c = _trajectory(known, instrument, [w for w, _ in points], [s.total for _, s in points]).change
        # the instrument by its name, "PHQ-9 13 -> 6", never its code (walk review F13 h)
        text = f"{instrument_definition(instrument).short_name} {points[0][1].total:g} -> {latest.total:g}"
        if c["reliable_deterioration"] and latest.total < crit.clinical_baseline:
            flags.append(
                Flag(
                    "deterioration_below_clinical_range",
                    f"{text}: reliable deterioration, still below the clinical range ({crit.clinical_baseline:g})",
                    Severity.WARNING,
                    "Ask what changed and re-score at the next visit; not a step up by itself",
                    crit.source,
                    calls_for=CallsFor.COUNSELLING,
                )
            )
            hold.append(
                ReviewReason(
                    "deterioration_below_clinical_range",
                    f"{text}: reliable deterioration below the clinical range",
                    crit.source,
                )
            )
        elif c["reliable_deterioration"]:
            up.append(ReviewReason("reliable_deterioration", f"{text}: reliable deterioration", crit.source))
        elif c["remission"] or c["response"]:
            down.append(
                ReviewReason("improved", f"{text}: {'remission' if c['remission'] else 'response'}", crit.source)
            )
        elif not c["response_eligible"]:
            down.append(
                ReviewReason(
                    "below_clinical_range",
                    f"{text}: below the clinical range from the start "
                    f"({crit.clinical_baseline:g}); response and remission do not apply",
                    crit.source,
                )
            )
        else:
            hold.append(ReviewReason("not_yet_improved", f"{text}: neither remission nor response", crit.source))
    n_neg, _neg_what, neg_src = REVIEW_RULES["screens_for_step_down"]
    n_pos, pos_what, pos_src = REVIEW_RULES["positive_screens_for_step_up"]
    recent = history.drug_screens[-3:]
    if sum(recent) >= n_pos:
        up.append(
            ReviewReason(
                "continued_use", f"{sum(recent)} of the last {len(recent)} screens positive ({pos_what})", pos_src
            )
        )
    if len(recent) >= n_neg and not any(recent):
        down.append(ReviewReason("abstinent", "last 3 drug screens negative", neg_src))
    else:
        hold.append(ReviewReason("screens", f"fewer than {n_neg} consecutive negative screens", neg_src))
    good, good_what, good_src = REVIEW_RULES["attendance_for_step_down"]
    low, _low_what, low_src = REVIEW_RULES["attendance_low"]
    if history.attendance is None:  # no evidence either way; a step-down needs attendance evidence
        hold.append(
            ReviewReason(
                "attendance_unknown",
                "attendance unknown (no dose plan or no attendance recorded): "
                f"not weighed for or against; a step-down waits for it (step-down needs "
                f"{good_what})",
                good_src,
            )
        )
    else:
        said = f"attended {history.attendance:.0%} of the session hours recorded"
        n = len(history.unrecorded_sessions)
        lowest = _if_missed(history)
        if lowest is not None and lowest < low:  # M1: low attendance whatever the unrecorded sessions say
            flags.append(
                Flag(
                    "low_attendance",
                    f"Attended {_range(lowest, history.attendance)} of the planned hours: {lowest:.0%} if "
                    f"{_the_unrecorded(n)} missed",
                    Severity.WARNING,
                    "Review barriers (transport, schedule) and readiness (dimension 4)",
                    low_src,
                )
            )
        elif history.attendance < low:
            flags.append(
                Flag(
                    "low_attendance",
                    f"Attended {history.attendance:.0%} of the session hours recorded",
                    Severity.WARNING,
                    "Review barriers (transport, schedule) and readiness (dimension 4)",
                    low_src,
                )
            )
        if history.attendance >= good and lowest is not None and lowest < good:
            # M1 (clinician review, session 19): absences never entered must not make the patient look better
            hold.append(
                ReviewReason(
                    "attendance",
                    f"{said}, {lowest:.0%} of the planned hours if {_the_unrecorded(n)} missed: a step-down waits "
                    f"until {'they are' if n > 1 else 'it is'} recorded (>= {good:.0%} needed)",
                    good_src,
                )
            )
        else:
            (down if history.attendance >= good else hold).append(
                ReviewReason("attendance", f"{said} (a step-down needs >= {good:.0%})", good_src)
            )
    noted: list[ReviewReason] = []  # said, not weighed: what is older than the last two weeks
    _unrecorded(history, hold, noted, flags)
    _weeks_below_minimum(history, hold, noted, flags)
    judged = (
        "improved",
        "not_yet_improved",
        "below_clinical_range",
        "reliable_deterioration",
        "deterioration_below_clinical_range",
    )
    if not any(r.code in judged for r in down + hold + up):
        hold.append(
            ReviewReason("no_scores", "no repeated PHQ-9/GAD-7/PCL-5 scores: symptoms cannot be judged", _DESIGN)
        )
    decision, nxt, reasons, next_step = _decide(history.level, up, down, hold, flags)
    ladder_end = [r for r in reasons if r not in up + down + hold]  # said at the ends of the ladder
    absent = _absence(history)
    if absent is not None:  # gone 30 days or more: re-engage and re-assess, never "continue" (walk24 finding 12)
        flag, why = absent
        flags.append(flag)
        hold.insert(0, why)
        said = (
            f"{flag.message}: {NO_ATTENDANCE_STEP[0].lower()}{NO_ATTENDANCE_STEP[1:]}"  # the headline says the absence
        )
        decision, nxt, next_step = Decision.REASSESS, history.level, said
        reasons = [why, *up, *(r for r in hold if r is not why)]
        ladder_end = []
    return Review(
        decision,
        history.level,
        nxt,
        tuple(reasons),
        by_urgency(flags),
        _taper(history, nxt) if decision is Decision.STEP_DOWN else (),
        tuple(ladder_end + up + down + hold + noted + resolved),
        next_step,
    )


#: Days without a session attended, counted from the last one attended to the review's day, from which the review
#: calls for re-engagement and a re-assessment of the level of care instead of a continued stay (walk24 finding 12,
#: the ruling: 30 days). A patient gone that long is not in continued stay: the ASAM Criteria 3rd ed. (Mee-Lee et al.
#: 2013) continued-stay criteria ask that the patient be making progress or working on the plan, and its
#: transfer/discharge criteria call for re-assessment when they are not; SAMHSA TIP 47 (2006) makes client
#: retention a priority, with outreach to clients who miss sessions. The same 30 days as the programme report's and
#: the caseload's discharge by inactivity (:data:`iopkit.in_programme.INACTIVE_DAYS`, counted there as more than 30),
#: read from it, so the two never drift apart.
NO_ATTENDANCE_DAYS = INACTIVE_DAYS
#: What the review calls for when no session was attended for :data:`NO_ATTENDANCE_DAYS` days or more: its next step.
NO_ATTENDANCE_STEP = (
    "Contact the patient now (outreach, a re-engagement contact), then re-assess the level of care, or discharge as "
    "the programme's policy says: not a continued stay while the patient does not attend"
)
_NO_ATTENDANCE_SRC = "asam2013; tip47"


def _absence(history: EpisodeHistory) -> tuple[Flag, ReviewReason] | None:
    """The flag and reason of a patient at Level 1, 2.1 or 2.5 with no session attended for :data:`NO_ATTENDANCE_DAYS`
    days or more by the review's day (:attr:`EpisodeHistory.as_of`), counted from the last session attended
    (:attr:`EpisodeHistory.last_attended`) or, with none attended since, from the placement at the level
    (:attr:`EpisodeHistory.level_since`); ``None`` otherwise, when neither day is known, or when no attendance was
    recorded at all (:attr:`EpisodeHistory.attendance` unknown and no session attended: absence is not known)."""
    from ..in_programme import PROGRAMME_LEVELS

    last, since, today = history.last_attended, history.level_since, history.as_of
    attended = last is not None and (since is None or last >= since)
    start = last if attended else since
    if history.level.code not in PROGRAMME_LEVELS or start is None or today is None:
        return None
    if last is None and history.attendance is None:  # no attendance recorded at all: not known to be absent
        return None
    days = (today - start).days
    if days < NO_ATTENDANCE_DAYS:
        return None
    said = (
        f"no session attended for {days} days (last attended {start:%d %b %Y})"
        if attended
        else f"no session attended in the {days} days since the placement at this level on {start:%d %b %Y}"
    )
    return (
        Flag(
            "no_attendance",
            f"{said[0].upper()}{said[1:]}",
            Severity.WARNING,
            NO_ATTENDANCE_STEP,
            _NO_ATTENDANCE_SRC,
            calls_for=CallsFor.LEVEL_REVIEW,
        ),
        ReviewReason(
            "no_attendance", f"{said}: re-engage and re-assess the level of care, not continue", _NO_ATTENDANCE_SRC
        ),
    )


def _recent(history: EpisodeHistory, day: dt.date) -> bool:
    """Whether ``day`` falls in the last two weeks up to the review's day (every day, without one)."""
    days = REVIEW_RULES["attendance_recent_days"][0]
    return history.as_of is None or (history.as_of - day).days < days


def _if_missed(history: EpisodeHistory) -> float | None:
    """Attendance with every unrecorded session counted as missed, when a session is unrecorded and the attendance
    of the sessions recorded is known (``None`` otherwise): the lower end of what attendance may be (M1)."""
    m = history.attendance_if_missed
    return m if history.unrecorded_sessions and m is not None and history.attendance is not None else None


def _range(lowest: float, highest: float) -> str:
    """Attendance between two figures, as the review says it: "62-100%"; one figure where both round to it.

    >>> _range(0.62, 1.0), _range(0.4941, 0.4949)
    ('62-100%', '49%')
    """
    low, high = f"{lowest * 100:.0f}", f"{highest * 100:.0f}"
    return f"{high}%" if low == high else f"{low}-{high}%"


def _unrecorded(history: EpisodeHistory, hold: list, noted: list, flags: list) -> None:
    """The planned sessions with no attendance recorded, named with their days, to be recorded. Left out of the
    attendance figure; one of the last two weeks holds a step-down as unknown attendance does, and so does any, however
    old, while attendance with them counted as missed is below 80 % (iopkit's own rule: IOP rosters record present,
    late, left early or absent, but a clinic that writes down only who came leaves its absences unrecorded; clinician
    review of session 19, M1)."""
    days = history.unrecorded_sessions
    if not days:
        return
    n = len(days)
    named = (
        f"{n} planned session{'s' if n > 1 else ''} ({', '.join(map(_day_said, days))}) "
        f"{'have' if n > 1 else 'has'} no attendance recorded"
    )
    recent = any(_recent(history, day) for day in days)
    lowest = _if_missed(history)
    short = lowest is not None and lowest < REVIEW_RULES["attendance_for_step_down"][0]
    recent_what = REVIEW_RULES["attendance_recent_days"][1]
    finding = (
        f"{named}: record {'them' if n > 1 else 'it'} (present, late, left early or absent); left out of the "
        "attendance figure until then"
    )
    if recent:
        finding += f"; a step-down waits until every session of {recent_what} is recorded"
    elif short:
        finding += f"; a step-down waits until {'they are' if n > 1 else 'it is'} recorded"
    (hold if recent or short else noted).append(ReviewReason("attendance_unrecorded", finding, _DESIGN))
    message = named
    if lowest is not None and history.attendance is not None and f"{lowest:.0%}" != f"{history.attendance:.0%}":
        message += f"; attendance is {_range(lowest, history.attendance)} until {'they are' if n > 1 else 'it is'}"
    flags.append(
        Flag(
            "attendance_unrecorded",
            message,
            Severity.WARNING if recent or short else Severity.INFO,
            f"Record {'each' if n > 1 else 'it'} from the sign-in sheet or group note (present, late, left early or "
            "absent)" + (f"; a step-down waits for {recent_what}' sessions" if recent else ""),
            _DESIGN,
        )
    )


#: The level's name in its weekly minimum ("the IOP minimum of 9 h/week"); other levels by their code.
_MINIMUM_OF = MappingProxyType({LevelOfCare.IOP: "IOP", LevelOfCare.PHP: "PHP"})

#: What a recent week with no session attended calls for (clinician review of session 19, S4): outreach, and a review
#: for relapse; after a lapse in opioid use tolerance is lower, and so is the overdose threshold. Not a step up by
#: itself. iopkit's own rule; the loss of tolerance after a period without opioids: Strang et al. 2003.
NO_SESSION_ATTENDED = (
    "No session attended in the week of {day}: contact the patient (outreach) and review for relapse. After a lapse "
    "in opioid use, tolerance is lower and so is the overdose threshold"
)


def _weeks_said(days: list[dt.date]) -> str:
    """Weeks by their first days, the month once for a run of days in it: "2, 9, 16 Nov"."""
    return weeks_of(days).split(" of ", 1)[1]  # the dose page's naming of a week (walk24 finding 9)


def _weeks_below_minimum(history: EpisodeHistory, hold: list, noted: list, flags: list) -> None:
    """Each completed week attended below the placed level's weekly minimum
    (:func:`~iopkit.placement.levels.hours_range`: 9 h adult IOP, 6 h adolescent IOP, 20 h PHP; ASAM Criteria 3rd ed.
    2013), said with its hours: one of the last two weeks is a warning that holds a step-down, never a step up by
    itself; an older one is said, not weighed for the step-down, and two or more older ones are a pattern said as
    information. A week whose schedule offered less (a holiday, a taper) is judged against what it offered. The level
    tables define the hours; judging the hours attended week by week, and holding a step-down on them, is iopkit's own
    rule (an overall attendance of 80 % can hide a week of 6 h; session 19, clinician review M2, S1, S3, S4)."""
    if not history.weeks_below_minimum:
        return
    try:
        row = hours_range(history.level, adolescent=history.adolescent)
    except PlacementInputError:  # a level not defined by weekly hours (0.5, the 24-hour levels above 3.1)
        return
    source = f"{row.source}; {_DESIGN}"
    name = _MINIMUM_OF.get(history.level, f"Level {history.level.code}")
    minimum = f"the {name} minimum of {row.min:g} h/week"
    recent_what = REVIEW_RULES["attendance_recent_days"][1]
    earlier: list[dt.date] = []
    below: list[dt.date] = []  # every completed week below it, the last two weeks' too: the note's count (walk24 4)
    for week in history.weeks_below_minimum:
        start, hours = week[0], week[1]
        scheduled, why = (week[2], week[3]) if len(week) == 4 else (None, "")
        if hours >= row.min:
            continue
        below.append(start)
        day = _day_said(start)
        if scheduled is not None and scheduled < row.min:  # the schedule offered less: judged against it
            said = (
                f"week of {day} ({scheduled:g} h scheduled{', ' + why if why else ''}): {hours:g} h attended, "
                f"below the hours scheduled and {minimum}"
            )
        elif scheduled is not None:
            said = f"week of {day}: {hours:g} h attended of {scheduled:g} h scheduled, below {minimum}"
        else:
            said = f"week of {day}: {hours:g} h attended, below {minimum}"
        if _recent(history, start + dt.timedelta(days=6)):
            hold.append(ReviewReason("week_below_minimum", said, source))
            flags.append(
                Flag(
                    "week_below_minimum",
                    said[0].upper() + said[1:],
                    Severity.WARNING,
                    NO_SESSION_ATTENDED.format(day=day)
                    if hours == 0
                    else "Review barriers to attendance and whether the level of care still fits; not a step up by "
                    "itself",
                    f"{source}; strang2003" if hours == 0 else source,
                )
            )
        else:
            noted.append(
                ReviewReason(
                    "week_below_minimum", f"{said} (before {recent_what}: not weighed for the step-down)", source
                )
            )
            earlier.append(start)
    if len(earlier) >= 2:
        # one count on every line: every completed week below the minimum out of the completed weeks, the weeks the
        # dose page lists (:func:`iopkit.dose.weekly_dose`), those before the last two said apart (walk24 finding 4:
        # "3 of 8" had counted the earlier weeks only, out of every completed week)
        of = "" if history.weeks_completed is None else f" of {history.weeks_completed}"
        apart = f", {len(earlier)} of them before {recent_what}" if len(below) > len(earlier) else ""
        flags.append(
            Flag(
                "weeks_below_minimum_earlier",
                f"{len(below)}{of} completed weeks below {minimum} (weeks of {_weeks_said(below)}){apart}: "
                f"{'a' if apart else 'an earlier'} pattern; plan for it in the step-down (Dimension 4/5)",
                Severity.INFO,
                "Plan for it in the step-down or the continued stay (Dimension 4/5)",
                source,
            )
        )


def _trajectory(known: Mapping[tuple, Trajectory], instrument: str, weeks: list, totals: list) -> Trajectory:
    """:func:`~iopkit.progress.trajectory` of a series, or the one ``known`` holds for exactly these values."""
    try:
        found = known.get((instrument, tuple(weeks), tuple(totals)))
    except TypeError:  # a week that is no number (unhashable): trajectory words it
        found = None
    return found if found is not None else trajectory(instrument, weeks, totals)


def _decide(level: LevelOfCare, up: list, down: list, hold: list, flags: list):
    """Decision, next level, reasons and the next step in words; at the ends of the ladder the
    level stays and the review says why (no step to the same level)."""
    if up and level is _TOP:
        flags.append(
            Flag(
                "most_intensive_level",
                f"Findings point to more intensive care, but {level} is already the most intensive level",
                Severity.CRITICAL,
                "Intensify care within medically managed care (physician review today) or arrange emergency care",
                _ENDS_SRC,
            )
        )
        why = ReviewReason(
            "most_intensive_level", "step-up findings at the most intensive level: no higher level exists", _ENDS_SRC
        )
        return Decision.CONTINUE, level, [why, *up], f"Stay at {level}: already the most intensive level"
    if not up and not hold and down and level is _BOTTOM:
        why = ReviewReason(
            "least_intensive_level",
            "step-down findings at the least intensive level: consider ending it with recovery check-ins",
            _ENDS_SRC,
        )
        return Decision.CONTINUE, level, [why, *down], f"Stay at {level}: already the least intensive level"
    rank = level.rank  # by rank, so Level 3.3 (not on the ladder) steps to 3.5 or 3.1
    if up:
        nxt = next(lv for lv in LADDER if lv.rank > rank)
        return Decision.STEP_UP, nxt, up, str(nxt)
    if not hold and down:
        nxt = [lv for lv in LADDER if lv.rank < rank][-1]
        if nxt is not _BOTTOM:
            return Decision.STEP_DOWN, nxt, down, str(nxt)
        flags.append(
            Flag(
                "continuing_care",
                f"Step-down from {level} is to continuing care / recovery "
                "monitoring, recorded as code 0.5 but not early intervention (the 4th edition's 1.0 "
                "long-term remission monitoring)",
                Severity.INFO,
                "Plan recovery check-ins and how to return to care if use or symptoms recur",
                _CONTINUING_SRC,
            )
        )
        why = ReviewReason("continuing_care", f"next step: {CONTINUING_CARE}", _CONTINUING_SRC)
        return Decision.STEP_DOWN, nxt, [*down, why], CONTINUING_CARE
    return Decision.CONTINUE, level, hold, f"Continue at {level}"


def _taper(history: EpisodeHistory, nxt: LevelOfCare) -> tuple[TaperStep, ...]:
    """IOP -> Level 1 goes through 1-2 weeks below the IOP minimum while still in IOP (ASAM 2013)."""
    steps = []
    if history.level is LevelOfCare.IOP and nxt is LevelOfCare.OP:
        iop_min = hours_per_week(LevelOfCare.IOP, adolescent=history.adolescent)[0]
        steps.append(TaperStep(LevelOfCare.IOP, (0, iop_min), "1-2", "asam2013"))
    if nxt in (LevelOfCare.OP, LevelOfCare.IOP, LevelOfCare.PHP):
        steps.append(
            TaperStep(nxt, hours_per_week(nxt, adolescent=history.adolescent), "until next review", "asam2013")
        )
    return tuple(steps)
