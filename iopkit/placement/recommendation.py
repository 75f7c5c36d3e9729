"""What a placement recommendation is: the level, its withdrawal-management route, the weekly hours,
the flags, the safe alternatives and the basis of every dimension, as one deep-frozen value.

:func:`iopkit.placement.recommend` (in :mod:`iopkit.placement.decision`) makes it; the store keeps it
and re-derives it from :meth:`Recommendation.inputs`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar

from ..flags import (
    ANY_DOSE_NAMED,
    ANY_DOSE_NO_DRIVING,
    BENZODIAZEPINE_HOLD,
    BENZODIAZEPINE_MONITORING,
    BENZODIAZEPINE_ON_SITE,
    BENZODIAZEPINE_UNTIL_HANDOVER,
    BENZODIAZEPINE_WITH_AGONIST,
    BY_EMERGENCY_SERVICES,
    CALL_FOR_ASSESSMENT,
    DECLINES_EVALUATION_OR_LEAVES,
    DECLINES_NOT_DRIVING,
    DECLINES_TRANSFER,
    DELIRIUM_CAUSES,
    DELIRIUM_SCREEN,
    EVALUATION_DECIDES,
    FIRST_DOSE_SEVERE,
    IF_DELIRIUM_TRANSFER,
    IF_DOSED_NO_DRIVING,
    INATTENTION_RESCORE,
    INTOXICATED,
    INTOXICATION,
    INTOXICATION_SIGNS,
    NO_DRIVING_TODAY,
    NO_DRIVING_UNTIL_SCREEN_CLEARS,
    OPIOID_AGONISTS,
    PRESCRIBER_REVIEW,
    REASSESS_SEIZURES,
    SUICIDE_RISK_CALLS,
    UNTIL_IT_CLEARS,
    CallsFor,
    Flag,
    MedicalReview,
    Severity,
    Withdrawn,
    medical_review_of,
)
from ._calls import calls_for
from .levels import FOURTH_EDITION, Edition, LevelOfCare, describe
from .rule_table import _RULE, _WM_24H, SETTING_WM, is_24_hour_plan
from .suggest import (
    COWS_COMPLICATING,
    DECLINES_OR_LEAVES,
    EMERGENCY_D3_TRANSFER,
    FIRST_DOSE,
    FIRST_DOSE_AT_4,
    IN_24H_SETTING,
    MITIGATED,
    NOT_RESCORED,
    PSYCHIATRIC_EVALUATION,
    PSYCHIATRIC_INCLUDING_SUICIDE,
    RECORD_ASKS,
    SEIZURE_OR_CONFUSION_SINCE,
    SEVERE_EMERGENCY,
    SEVERE_OR_SEIZURE_STEP,
    SEVERE_SINCE,
    SEVERE_STEP,
    SIGNS_PAST,
    SUICIDE_EVALUATION,
    TRANSFER_AT_4,
    TRANSFER_COMPLICATED,
    TRANSFER_ED,
    TREAT_BOTH_AT_4,
    TREAT_SEVERE_AT_4,
    Suggestion,
    complicated_named,
    complicated_rescore,
    complicated_step,
    d3_evaluation,
    dated_back,
    doses_named,
    emergency_d3,
    in_24h_setting,
    rates_signs_now,
    rating_called_for,
    rescore_step,
    risk_step,
    same_day_delirium,
    severe_band_words,
    severe_rescore_step,
    severe_signs,
    severe_today,
    suggested_from_now,
    suicide_emergency,
    total_today,
)

__all__ = ["Alternative", "DimensionBasis", "FirstStep", "Recommendation", "below_suggested_withdrawal_management"]


class FirstStep(StrEnum):
    """What must happen before the recommended level starts (the reason the headline leads with).

    ``emergency_evaluation``: imminent danger (dimension 1, 2 or 3 rated 4, a rating below what a
    critical flag calling for an emergency or medical evaluation suggests, a flag calling for an
    emergency evaluation such as C-SSRS high risk, or a critical medical flag, but not a COWS above 36, whose step is
    a prescriber's now) calls for emergency
    evaluation first, with safety precautions (ASAM 2013:
    rating 4 is imminent danger; Columbia triage: high risk needs safety precautions until a
    mental-health professional evaluates; ASAM 2020 alcohol withdrawal guideline, Rec III.2: active
    suicide risk needs a setting equipped to manage it, often inpatient psychiatry with withdrawal
    management). ``risk_assessment``: any flag calling for a suicide risk assessment (PHQ-9 item 9,
    C-SSRS low or moderate risk, whatever its severity, also with dimension 3 rated below what it
    suggests) calls for a same-day suicide risk assessment before the patient leaves, not by itself a
    more intensive level (Joint Commission NPSG 15.01.01); for a blank safety question only (a
    ``worst_case`` flag), asking it now comes first; a medical review now comes before either (below).
    ``medical_review``: a sign whose step is a medical review now (:attr:`~iopkit.flags.MedicalReview.NOW`, e.g.
    CIWA-Ar item 10 at 1, inattention: possible early delirium, to screen for at once, ASAM 2020 alcohol withdrawal
    guideline; delirium also makes a risk assessment unreliable) leads whatever dimension 1 is rated, before a same-day
    suicide risk assessment, which follows before the patient leaves (iopkit's own rule); dimension 1 rated below
    what a flag calling for a medical review suggests (a
    withdrawal sign such as a morning drink on AUDIT item 6, a PAWSS of 4 or more, CIWA-Ar or COWS in the
    moderate band, CIWA-Ar item 10 at 1): what that flag calls for, a withdrawal assessment or treatment today,
    comes before the level, which the rating gives unchanged (ASAM 2020 alcohol withdrawal guideline, Rec II.1,
    III.3: assess withdrawal risk before deciding the setting; iopkit's own rule that the rating must account for
    the sign or the assessment leads). Below a sign that calls for 24-hour withdrawal management (a PAWSS of 4
    or more, a past withdrawal seizure or delirium tremens, not recorded as mitigated), that setting stays the
    default: the rated plan follows only if the review records why ambulatory care is safe (Rec II.5); once a
    mitigation is recorded, its medical review still leads below 24-hour withdrawal management, whatever the
    rating (Rec III.1: ambulatory care for limited or mitigated risk; VII.8).
    A CIWA-Ar or COWS warning of a score taken on another day than the placement's leads whatever the rating, as
    a re-score now ("re-score the COWS now (last 13 on 01 Sep 2026); treat on the current score"), never as
    treatment on the old signs (both rate signs at the time of scoring: Sullivan 1989, Wesson & Ling 2003; Rec
    III.3: treat on the current score). So does their critical severity-band flag of another day (CIWA-Ar severe
    band, COWS above 36), a medical review now (:attr:`~iopkit.flags.MedicalReview.NOW`, before a same-day suicide
    risk assessment), also where dimension 1 is rated below what that score suggests: "re-score the COWS now (last 44
    on 20 Nov 2026, severe): if still 37 or more, a prescriber treats withdrawal now (...); if below 37: treat on the
    current score" (physician review R53 D), the step of today's score in that band only if the re-score is still at its
    cut-off (iopkit's own rule, on the same sources; a CIWA-Ar also asks what happened since:
    :data:`~iopkit.placement.suggest.SEVERE_SINCE`).
    A COWS above 36 of the placement's day is a medical review now too, a prescriber treating withdrawal before the
    patient leaves, an emergency evaluation only for a complicating condition (ASAM 2020 National Practice Guideline
    for OUD: withdrawal is managed with buprenorphine or methadone, the setting escalating for complicating conditions,
    not the score; :data:`~iopkit.placement.suggest.SEVERE_STEP`); its flag stays critical. Beside a CIWA-Ar of that
    day in a band iopkit treats, alcohol withdrawal alongside is such a condition (listed on the COWS flag): the
    emergency evaluation it calls for leads, as the headline says it ("First: emergency evaluation now: severe opioid
    withdrawal with alcohol withdrawal alongside (CIWA-Ar 13 today), ...: arrange transfer now ...", then "after
    medically managed withdrawal, reassess all six dimensions": ASAM 2020 alcohol withdrawal guideline, Rec VII.8;
    physician reviews 8 and 9, R2 must-fix 1; :func:`_escalated`). A complicated-withdrawal
    finding (hallucinations, disorientation: possible delirium, its transfer arranged), a CIWA-Ar severe band of the
    placement's day (a transfer to medically managed withdrawal: ASAM 2020 alcohol withdrawal guideline, Rec VII.5,
    VII.8) and dimension 1 rated 4 still call for an emergency evaluation.
    ``withdrawal_management``:
    residential or inpatient withdrawal management first, then reassess (ASAM 2013).
    ``arrange_24_hour_setting``: dimension 4, 5 or 6 rated 4 (imminent danger in readiness to change, relapse or
    continued-use potential, or the recovery environment) with no dimension 1, 2 or 3 rated 4: a 24-hour structured
    setting arranged today, at least the level the rule table gives (Level 3.5 for those ratings, iopkit's own rows
    informed by the ASAM Criteria; higher where another dimension needs more), with withdrawal management there as
    dimension 1 needs, and until admission a safety plan and naloxone for a patient who uses opioids; never an emergency
    department, never the rating-4 rules of dimensions 1-3 (ED transfer, capacity to decline, a dose only as the reason
    for rating 4 allows) (ASAM Criteria, 3rd ed., 2013: dimensions 4-6 rated 4 are met by 24-hour structure, Level
    3.5/3.7, not by emergency care; ASAM 2020 National Practice Guideline for OUD: naloxone for every patient with
    opioid use disorder; physician review R13, session 14, should-fix 6: :func:`_setting_today`). It leads only where
    nothing above leads: a C-SSRS high risk's evaluation, a withdrawal emergency's transfer, a medical review, a
    same-day suicide risk assessment come first, the setting after them.
    """

    EMERGENCY_EVALUATION = "emergency_evaluation"
    RISK_ASSESSMENT = "risk_assessment"
    MEDICAL_REVIEW = "medical_review"
    WITHDRAWAL_MANAGEMENT = "withdrawal_management"
    #: Dimension 4, 5 or 6 rated 4, no dimension 1-3 rated 4: a 24-hour structured setting arranged today (ASAM
    #: Criteria 2013; ASAM 2020 OUD guideline for naloxone; physician review R13, should-fix 6).
    ARRANGE_24_HOUR_SETTING = "arrange_24_hour_setting"


def _level_code(level: LevelOfCare | None) -> str | None:
    return level.code if level is not None else None


def _level(code: str | None) -> LevelOfCare | None:
    return LevelOfCare.from_code(code) if code is not None else None


@dataclass(frozen=True)
class DimensionBasis:
    """Why one dimension requires what it does; ``suggested_*`` record any suggestion.

    Parameters
    ----------
    dimension : int
        The dimension, 1..6.
    name : str
        Its name (:data:`~iopkit.placement.rule_table.DIMENSIONS`).
    rating : int
        The clinician's rating, 0..4.
    level_required : LevelOfCare or None
        The least intensive treatment level that can safely address the rating (``None``: no
        requirement, dimension 1 rated 0).
    withdrawal_management : LevelOfCare or None
        For dimension 1, the withdrawal-management level the rating routes to (``None``: none).
    rule : str
        The rule applied, in words (the row of :data:`~iopkit.placement.rule_table.RULES`).
    source : str
        The bibliography keys of the rule (``iopkit`` for iopkit's own).
    suggested_rating : int or None
        The rating suggested from scores, when one was given (:class:`~iopkit.placement.suggest.Suggestion`).
    suggested_from : str or None
        What the suggestion came from and why, as ``"<from_score>: <reason>"``.
    """

    dimension: int
    name: str
    rating: int
    level_required: LevelOfCare | None
    withdrawal_management: LevelOfCare | None
    rule: str
    source: str
    suggested_rating: int | None = None
    suggested_from: str | None = None

    @property
    def overridden(self) -> bool:
        """True when the clinician's rating differs from the suggestion."""
        return self.suggested_rating is not None and self.suggested_rating != self.rating


@dataclass(frozen=True)
class Alternative:
    """Another safe option, never below the level any dimension requires.

    Parameters
    ----------
    level : LevelOfCare
        The alternative treatment level.
    withdrawal_management : LevelOfCare or None
        Its withdrawal-management level (``None``: none).
    when : str
        When it applies, in words (e.g. the context that makes it the better fit).
    source : str
        The bibliography keys of the rule (``iopkit`` for iopkit's own).
    """

    level: LevelOfCare
    withdrawal_management: LevelOfCare | None
    when: str
    source: str

    def describe(self, *, edition: Edition | str = Edition.THIRD) -> str:
        """The option in one line, as the plan names its own: a 24-hour withdrawal management (3.2-WM, 3.7-WM, 4-WM)
        first, then at least the level after a reassessment, never the two as if at once; an ambulatory one alongside
        (in the 4th edition, which builds it into the level, as the one level that provides both: :func:`_one_level`).

        The pair is the rule table's own for dimension 1 rated 3 (Level 1 with 3.7-WM: ASAM Criteria, 3rd ed., route
        withdrawal management separately from the treatment level): the 24-hour setting comes first and the level
        is only the least care to follow it, on today's ratings (iopkit's own rule, as
        :attr:`Recommendation.withdrawal_first`).

        Parameters
        ----------
        edition : Edition or str
            ``"3rd"`` (default) or ``"4th"``.

        Returns
        -------
        str

        Raises
        ------
        PlacementInputError
            An edition other than ``"3rd"`` or ``"4th"``.

        Examples
        --------
        >>> option = Alternative(LevelOfCare.OP, LevelOfCare.WM_INPATIENT_MONITORED, "", "iopkit")
        >>> first, then = option.describe().split(", ")
        >>> first
        'First Level 3.7-WM (Medically monitored inpatient withdrawal management)'
        >>> then
        'then at least Level 1 (Outpatient) after a reassessment'
        """
        text = describe(self.level, edition=edition)
        wm = self.withdrawal_management
        if wm in _WM_24H:  # the level is only the least care to follow it, on today's ratings
            return f"First {_wm_named(wm, edition)}, then at least {text} after a reassessment"
        return text if wm is None else _one_level(self.level, wm, edition) or f"{text} with {_wm_named(wm, edition)}"


@dataclass(frozen=True)
class Recommendation:
    """A level-of-care recommendation with its full basis. Re-derive with :meth:`inputs`.

    Deep-frozen: sequences are tuples and ``dimensions``/``context`` read-only mappings, so a
    recommendation cannot be changed after it is made, and equal recommendations hash equal.
    Made by :func:`~iopkit.placement.recommend`, which checks every input; the constructor itself
    checks nothing.

    Parameters
    ----------
    level : LevelOfCare
        The recommended treatment level: the most intensive any dimension requires.
    withdrawal_management : LevelOfCare or None
        The withdrawal-management level dimension 1 routes to (``None``: none).
    flags : tuple of Flag
        Every flag, most urgent first.
    basis : tuple of DimensionBasis
        Why each dimension requires what it does, in dimension order.
    alternatives : tuple of Alternative
        Other safe options, never below the level any dimension requires.
    hours_per_week : tuple of (float, float or None) or None
        The weekly hours of clinical service, ``(min, max)`` with ``max`` exclusive or ``None``;
        ``None`` for a level without a weekly-hours definition.
    dimensions : mapping of int to int
        The six ratings, dimension -> 0..4.
    adolescent : bool
        Whether the adolescent thresholds were used.
    context : mapping of str to bool
        The context facts given (:data:`~iopkit.placement.rule_table.CONTEXT_KEYS`).
    suggested : tuple of Suggestion
        The suggestions from scores that were recorded next to the ratings.
    clinical_services : LevelOfCare or None
        The level whose clinical services are added alongside a setting that guarantees fewer weekly
        hours than a dimension needs (e.g. 3.1 with IOP-level services); ``None``: the setting's own.
    raised : tuple of Flag
        The flags as the headline and first step read them, where their boxes (``flags``) say other words beside
        what the headline orders (:func:`~iopkit.placement.boxes.boxes_beside_emergency`: a box never says "before
        the patient leaves" beside an emergency evaluation for suicide risk, a transfer now or a rating of 4); empty:
        ``flags`` themselves. Not compared: the same inputs give the same boxes and headline.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> r = recommend({1: 0, 2: 1, 3: 2, 4: 1, 5: 1, 6: 1})
    >>> r.dimensions[3] = 0
    Traceback (most recent call last):
    ...
    TypeError: 'mappingproxy' object does not support item assignment
    >>> hash(r) == hash(recommend(dict(r.dimensions)))
    True
    """

    level: LevelOfCare
    withdrawal_management: LevelOfCare | None
    flags: tuple[Flag, ...]
    basis: tuple[DimensionBasis, ...]
    alternatives: tuple[Alternative, ...]
    hours_per_week: tuple[float, float | None] | None
    dimensions: Mapping[int, int]
    adolescent: bool
    context: Mapping[str, bool]
    suggested: tuple[Suggestion, ...] = ()
    clinical_services: LevelOfCare | None = None
    raised: tuple[Flag, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        for name in ("flags", "basis", "alternatives", "suggested", "raised"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if self.hours_per_week is not None:
            object.__setattr__(self, "hours_per_week", tuple(self.hours_per_week))
        object.__setattr__(self, "dimensions", MappingProxyType(dict(self.dimensions)))
        object.__setattr__(self, "context", MappingProxyType(dict(self.context)))

    def __hash__(self) -> int:
        # computed once (the fields are deep-frozen): the build's caches key on recommendations again and again
        said = self.__dict__.get("_hash")
        if said is None:
            said = self._fields_hash()
            object.__setattr__(self, "_hash", said)
        return said

    def _fields_hash(self) -> int:
        return hash(
            (
                self.level,
                self.withdrawal_management,
                self.flags,
                self.basis,
                self.alternatives,
                self.hours_per_week,
                tuple(sorted(self.dimensions.items())),
                self.adolescent,
                tuple(sorted(self.context.items())),
                self.suggested,
                self.clinical_services,
            )
        )

    def __reduce__(self):
        """Copy and pickle through :meth:`to_dict` (a read-only mapping cannot be pickled itself)."""
        return (Recommendation.from_dict, (self.to_dict(),))

    @property
    def withdrawal_first(self) -> bool:
        """True when withdrawal management is residential or inpatient (3.2-WM, 3.7-WM, 4-WM) and comes first.

        Then withdrawal management comes first, in its 24-hour setting, and the treatment level is
        only the least care to follow it: the headline names the withdrawal level first. False for Level 4's own
        4-WM where dimension 1 calls for no 24-hour withdrawal management (:func:`wm_within_level`): any withdrawal is
        managed within the level, never first (ASAM Criteria 2013: the withdrawal-management level follows
        dimension 1; physician review 8); False too for the setting's own 3.2-WM (3.7-WM in Level 3.7) in the 24-hour
        setting arranged today for dimension 4, 5 or 6 rated 4 with dimension 1 rated 2 (:func:`wm_alongside_setting`:
        alongside the level, never first; physician review R14, must-fix 2).

        Examples
        --------
        >>> from iopkit.placement import recommend
        >>> recommend({1: 3, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}).withdrawal_first
        True
        >>> recommend({1: 1, 2: 0, 3: 4, 4: 1, 5: 1, 6: 1}).withdrawal_first  # Level 4, 4-WM within it
        False
        >>> recommend({1: 2, 2: 0, 3: 1, 4: 1, 5: 4, 6: 1}).withdrawal_first  # Level 3.5, 3.2-WM alongside it
        False
        """
        return self.withdrawal_management in _WM_24H and not _managed_within_level(self) and not _wm_alongside(self)

    @property
    def first_step(self) -> FirstStep | None:
        """What comes before the recommended level, most urgent first (``None``: nothing).

        Emergency evaluation for imminent danger (dimension 1, 2 or 3 rated 4, a rating below what a
        critical flag calling for an emergency or medical evaluation suggests, a flag calling for an
        emergency evaluation, a critical medical flag, but not a severe CIWA-Ar or COWS band of another day, whose
        re-score now is a medical review now, nor a COWS above 36 of today, a prescriber's treatment now, unless
        alcohol withdrawal alongside it calls for its flag's emergency evaluation: :func:`_escalated`); the medical
        review of a sign whose step is a review now (e.g. CIWA-Ar item 10 at 1, a re-score of a CIWA-Ar or COWS of
        another day, a COWS above 36 of today), whatever the rating, except that a C-SSRS high flag withdrawn by a
        correction and never closed repeats its screen (a risk assessment) first unless a step due now of a score
        taken today leads it (:func:`_review_now_today`; physician review R1, must-fix 2); a same-day suicide risk
        assessment for any flag calling for one (also when dimension 3 is rated below what it suggests); the
        medical review a flag calls for (a withdrawal sign) when dimension 1 is rated below what it suggests, and the
        assessment of the risk of complicated withdrawal where a CIWA-Ar was given without it, below 3.7-WM; then
        a 24-hour structured setting arranged today for dimension 4, 5 or 6 rated 4 with no dimension 1-3 rated 4
        (:func:`_setting_today`; ASAM Criteria 2013; physician review R13, should-fix 6), whatever withdrawal
        management goes with it; otherwise withdrawal management when it is residential or inpatient.

        Examples
        --------
        >>> from iopkit.placement import recommend
        >>> recommend({1: 3, 2: 0, 3: 4, 4: 0, 5: 0, 6: 0}).first_step
        <FirstStep.EMERGENCY_EVALUATION: 'emergency_evaluation'>
        >>> recommend({1: 3, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1}).first_step
        <FirstStep.WITHDRAWAL_MANAGEMENT: 'withdrawal_management'>
        >>> recommend({1: 1, 2: 0, 3: 1, 4: 1, 5: 4, 6: 1}).first_step
        <FirstStep.ARRANGE_24_HOUR_SETTING: 'arrange_24_hour_setting'>
        """
        # the boxes say other words beside the headline's order: the step reads the flags as raised, once for each
        # recommendation read the same way (the boxes' build reads it again and again)
        return _first_step_of(as_raised(self))

    def _first_step(self) -> FirstStep | None:
        """:attr:`first_step` of this recommendation, its flags as raised (:func:`_first_step_of`)."""
        psychiatric, medical, screening, review = _dangers(self)
        steps = _steps(g.action for r in _without_records(review)[0] for g in r.signs)
        if psychiatric or medical or _EMERGENCY_ESCALATION in _escalated(self, steps):  # e.g. alcohol withdrawal
            return FirstStep.EMERGENCY_EVALUATION  # alongside a COWS above 36: its flag's emergency evaluation
        if _withdrawn_marks(self) and not _review_now_today(review):  # a withdrawn C-SSRS high risk never closed:
            return FirstStep.RISK_ASSESSMENT  # repeat the screen, after a step due now of a score taken today
        if screening and not _review_now(review):
            return FirstStep.RISK_ASSESSMENT
        if _without_records(review)[0]:  # a step that only records what was done about an old flag never leads
            return FirstStep.MEDICAL_REVIEW
        if _setting_today(self):  # dimension 4, 5 or 6 rated 4: the 24-hour setting today (R13 should-fix 6)
            return FirstStep.ARRANGE_24_HOUR_SETTING
        return FirstStep.WITHDRAWAL_MANAGEMENT if self.withdrawal_first else None

    @property
    def headline(self) -> str:
        """The one line every screen and printout shows first, in the clinic's words.

        Imminent danger leads (:attr:`first_step`): "First: emergency evaluation for suicide risk, with
        safety precautions until it is done" (a flag calling for one, such as C-SSRS high risk, or
        dimension 3 rated 4 or below what such a flag calls for; it takes precedence over
        withdrawal management, ASAM 2020 alcohol withdrawal guideline Rec III.2) or "First: emergency
        medical evaluation" (a critical medical flag or dimension 1 or 2 rated 4); then a sign whose step is a
        medical review now, whatever dimension 1 is rated ("First: medical review now: screen for delirium ...",
        CIWA-Ar item 10 at 1), with any suicide risk assessment after it ("; then, before the patient leaves, a
        same-day suicide risk assessment"); then "First: a
        same-day suicide risk assessment" for any flag calling for one (e.g. C-SSRS moderate risk),
        each naming why, then what follows as its own sentence. Dimension 1 rated below what a flag calling
        for a medical review suggests (a withdrawal sign, e.g. a morning drink on AUDIT item 6) leads with what
        that flag calls for ("First: assess withdrawal risk today (ask when and how much the last drink was;
        CIWA-Ar ...) before planning ambulatory care"), named after a suicide risk assessment when both apply,
        the why naming each sign by its finding and where it came from ("AUDIT item 6, morning drink (...)",
        "PAWSS 5 (4 or more)", "(PHQ-9 check-in of 02 Dec 2026, not saved yet)"; a CIWA-Ar or COWS of another
        day leads as "re-score the COWS now (last 13 on 01 Sep 2026); treat on the current score", whatever the
        rating, and one in its severe band as "re-score the COWS now (last 44 on 20 Nov 2026, severe): if still 37 or
        more, <the step of today's severe COWS>; treat on the current score", a step now, never that step on the old
        signs; a COWS above 36 of today leads as "a prescriber treats withdrawal now, before the patient leaves:
        buprenorphine, or methadone as the COWS flag says; re-score the COWS after dosing; emergency evaluation only
        for a complicating condition (listed on the COWS flag)" (the flag's box says the 72-hour rule in full, 21 CFR
        1306.07(b) as amended in 2023: :data:`~iopkit.flags.OPIOID_AGONISTS`; :data:`HEADLINE_CUTS`), a step now, and
        a CIWA-Ar
        severe band of today with "emergency medical evaluation: arrange transfer now to medically managed withdrawal
        (ED, or 3.7-WM/4-WM); ...", named with today's total and its scheme ("CIWA-Ar 24 today: severe (15 or more
        on iopkit's default bands; 19 or more on ASAM 2020's)": :func:`_severe_words`), a rating below it naming each
        finding that calls for the rating ("CIWA-Ar 24 today: severe (...), past withdrawal seizure or delirium
        tremens: dimension 1 rated 0, below the 3 they call for"; findings calling for different ratings each with
        its own, "dimension 1 rated 0, below the 3 that a past withdrawal seizure or delirium tremens calls for and the
        2 that a COWS above 36 (severe opioid withdrawal) calls for"; a suicide-risk flag with where it was found, "high
        suicide risk (C-SSRS screen): dimension 3 rated 2, below the 4 it calls for"; a sign of another day not
        re-scored today named apart, calling for no rating: :func:`_below_reason`, physician review 7)); the level is
        unchanged, and
        below a sign that calls for 24-hour withdrawal management it follows "Then, only if the review records
        why ambulatory care is safe". The steps, and the why's findings in the same order, name a medical review now
        first (e.g. CIWA-Ar item 10 at 1: :class:`~iopkit.flags.MedicalReview`), then every other review step in the
        order given (a prescriber's review before the patient leaves, e.g. COWS 13-24, and a review today, e.g. a
        morning drink on AUDIT item 6, are both due before the patient leaves: which comes first says who, not how
        soon; a re-score of a sign of another day first among them), then a step that only records what was done
        about an old flag (its signs past, the instrument scored again today), so the first step a clinician reads
        is the most urgent one: the step printed decides, not the flag's code (:func:`_most_urgent_first`); a re-score
        now of a score of another day is a step now, before "then" (physician re-review). A blank withdrawal item's
        worst case (e.g. CIWA-Ar item 10 not asked) is no finding: "First: ask CIWA-Ar item 10 now (...); until it is
        answered: medical review now: ..." (its flag's own step), the plan only "if CIWA-Ar item 10, once answered,
        rules out complicated withdrawal", also after an emergency evaluation for suicide risk ("Then, as the
        evaluation decides, and only if CIWA-Ar item 10, once answered, rules out complicated withdrawal": a suicide
        evaluation does not decide the withdrawal setting; an emergency medical evaluation, or a 4-WM plan, does); never
        an emergency evaluation on a blank; "ask item 10 now" is said once (:func:`_asked_once`). "Before the patient
        leaves" is said once in the first sentence (:func:`_leaves_said_once`), with "a prescriber's review"; it is
        one for a suicide risk assessment and the review steps after it ("before the patient leaves, a same-day
        suicide risk assessment, and a prescriber's review: ..."), and "unless the review or the assessment finds more"
        names both where both lead; the reasons follow the steps' order (:func:`_reasons_in_step_order`). A CIWA-Ar
        given without the risk of complicated withdrawal assessed (no past withdrawal seizure or delirium tremens asked,
        no PAWSS) adds, under a plan below 3.7-WM, "assess withdrawal risk today (ask about past withdrawal seizures or
        delirium tremens; score the PAWSS) before deciding the setting; if a past seizure or delirium tremens, or a
        PAWSS of 4 or more: 3.7-WM unless the reason is recorded" (why: "withdrawal risk not assessed"; with no past
        seizure reported but no PAWSS, "score the PAWSS today ..."; beside any other step, a sentence of its own after
        the first, "Also before deciding the setting: ...", :func:`_also_before_setting`) as a review today, after the
        steps now and a same-day suicide risk assessment, so a plan that would otherwise be only "Recommended: ..."
        follows "Then, unless the assessment finds more" ("the review or the assessment", "the assessments" beside a
        same-day suicide risk assessment; ASAM 2020 alcohol withdrawal guideline, Rec II.1, II.5, III.3;
        :func:`_risk_not_assessed_step`); an emergency medical evaluation decides the setting itself. The prescriber's
        review before the patient leaves that a withdrawal sign of today calls for (CIWA-Ar moderate band, COWS 13-36)
        is always named, whatever dimension 1 is rated and whatever else leads (after the steps now and a same-day
        suicide risk assessment), so treatment due before the patient leaves is never silent (ASAM 2020: CIWA-Ar 10
        or more should receive medication; OUD guideline: treat moderate opioid withdrawal; :func:`_prescriber_steps`);
        an emergency medical evaluation covers it. Dimension 4, 5 or 6 rated 4 with no dimension 1-3 rated 4: "First:
        arrange a 24-hour structured setting today (dimension 5 rated 4, imminent danger): on today's ratings at least
        Level 3.5 (...), with withdrawal management there as dimension 1 needs; until admission: a safety plan with the
        patient, and naloxone if the patient uses opioids", after any step above, never an ED nor a rating-4 form
        (:func:`_setting_today_plan`; ASAM Criteria 2013; ASAM 2020 OUD guideline; physician review R13, should-fix
        6). Otherwise residential or inpatient withdrawal management leads
        ("First: 3.7-WM ...; then reassess for treatment"), with "a prescriber gives a first dose before transfer if
        able" for such a sign (reaching the 24-hour setting takes hours); otherwise the treatment level with its weekly
        hours, and any ambulatory withdrawal management alongside. Dimension 1 rated 4 says the transfer and no
        driving ("First: emergency medical evaluation: arrange transfer now (ED, or 4-WM); the patient must not
        drive"; dimension 2 rated 4 without it "arrange transfer now (ED); the patient must not drive"), a severe
        CIWA-Ar of today beside either read with the rating's transfer and plan ("Then, as the evaluation decides: 4-WM
        ..."), then beside a withdrawal sign of today "; a prescriber gives a first dose for today's withdrawal before
        transfer only if it does not delay the transfer and the reason for rating 4 allows it" (a severe CIWA-Ar adding
        "; re-assess for seizures or delirium until handover"), beside a COWS above 36 of today "; a
        prescriber gives buprenorphine for today's withdrawal before transfer only if it does not delay the transfer
        and the reason for rating 4 allows it", beside both a COWS above 36 and a CIWA-Ar a prescriber treats "; a
        prescriber gives a first dose for today's alcohol and opioid withdrawal (buprenorphine for the opioid
        withdrawal) before transfer only if ..."; dimension 3 rated 4 "First: emergency evaluation for suicide risk
        now: arrange transfer now (ED); safety precautions, staff with the patient, until handover; the patient must
        not drive" (its box's words), beside imminent medical danger "First: emergency evaluation for suicide risk and
        emergency medical evaluation in one setting that can manage both: arrange transfer now (ED); safety
        precautions, staff with the patient, until handover; the patient must not drive"; with no suicide-risk finding
        beside dimension 3 rated 4 (no C-SSRS or PHQ-9 result calling for one:
        :func:`~iopkit.placement.suggest.suicide_finding`), "emergency psychiatric evaluation" in both (physician
        review R5, session 11, should-fix 10: imminent danger may be psychosis or violence), each with the same dose
        words (ASAM Criteria 2013: rating 4, imminent danger; ASAM 2020 alcohol withdrawal and OUD guidelines;
        physician review). An open severe CIWA-Ar or COWS flag of another day
        whose instrument was scored again on the placement's day is a record only (:func:`_severe_of_old_records`):
        today's score decides; the record is the last sentence, alone too, and never hides a finding of today such as
        a past withdrawal seizure (:func:`_headline`, :func:`_unaccounted`). Dimension 1 rated 0 under a high risk of
        complicated withdrawal says its rule once: "withdrawal management today: 3.7-WM ..., or 2-WM once a mitigation
        is recorded and medically reviewed; never 1-WM" beside withdrawal in a treatment band; beside milder signs
        preventive medication as the medical review decides, "CIWA-Ar of 5 today: preventive withdrawal medication as
        the medical review decides (...); re-score before the patient leaves; ...", "CIWA-Ar of 0 today: preventive
        withdrawal medication as the medical review decides if the last drink or sedative dose was recent; ..." at 0,
        "no CIWA-Ar today: score one before the patient leaves; preventive withdrawal medication ..." at none (with an
        emergency evaluation leading, "as the evaluation decides"), and before it a mild COWS of today, "COWS of 7
        today (mild, 5-12): buprenorphine or symptom relief as the prescriber decides; re-score the COWS and score a
        CIWA-Ar before the patient leaves (...)" (ASAM 2020 alcohol withdrawal guideline, Rec IV.13-IV.14;
        :func:`_if_withdrawal_returns`; physician review).
        Physician review 8: a COWS of 13 or more beside a CIWA-Ar of today in a treatment band names alcohol withdrawal
        alongside as the COWS flag's complicating condition; above 36 its emergency evaluation leads and arranges the
        transfer, "First: emergency evaluation now: severe opioid withdrawal with alcohol withdrawal alongside (CIWA-Ar
        13 today), ...: arrange transfer now (ED, or 3.7-WM/4-WM); ...", no withdrawal-risk assessment before the
        setting, then "Then, after medically managed withdrawal, reassess all six dimensions ..."
        (:func:`_severe_with_alcohol`; physician review R2, session 11, must-fix 1), as complicated withdrawal found
        today does ("First: emergency medical evaluation: arrange transfer now to medically managed withdrawal (ED, or
        4-WM); staff with the patient until handover; the patient must not drive",
        :data:`~iopkit.placement.suggest.TRANSFER_COMPLICATED`); a COWS above 36 beside CIWA-Ar item 10 at 1 leads with
        the medical review before the first dose (:func:`_review_before_dose`, must-fix 4); at 13-36 "arrange medically
        managed withdrawal or a higher level of care: co-occurring alcohol withdrawal (CIWA-Ar 13 today)":
        :func:`_alongside`; ASAM 2020 alcohol withdrawal guideline, Rec VII.8); beside a rating of 4 an old severe
        CIWA-Ar is re-scored before transfer only if that does not delay it, the ED evaluating both
        (:func:`_rescore_at_4`); Level 4 for dimension 2 or 3 rated 4 with dimension 1 calling for no 24-hour withdrawal
        management reads "Level 4 (...), any withdrawal managed within it" (:func:`wm_within_level`); possible delirium
        earlier today adds "; the patient must not drive".
        Physician review R3 (session 11): beside an emergency evaluation for suicide risk (dimension 3 not rated 4)
        that COWS lead is one evaluation for both, "First: emergency evaluation now, for suicide risk and for severe
        opioid withdrawal with alcohol withdrawal alongside (...): arrange transfer now (ED); safety precautions, staff
        with the patient, until handover; ...", then "Then, as the evaluation decides, and after medically managed
        withdrawal, reassess ..." (must-fix 2); beside CIWA-Ar item 10 at 1 of the day it says "before any dose:
        screen for delirium (CAM or 4AT) and intoxication (breath alcohol), give thiamine and check blood glucose; ..."
        (must-fix 3); the medical review before the first dose arranges the transfer for delirium and withholds the
        agonists and benzodiazepines while intoxicated (must-fix 4); a transfer says "re-assess for seizures or
        delirium until handover" and "monitor sedation and breathing until handover" (should-fix 9, 10); "the patient
        must not drive" said outright drops the weaker "... until the medical review finds ..." (should-fix 11).
        Physician review R4 (session 11): beside a rating of 4 and CIWA-Ar item 10 at 1 of the day, "before any dose:
        screen for delirium (CAM or 4AT) and intoxication (breath alcohol), ...; otherwise <the dose>; re-score the
        CIWA-Ar within 1 hour; ...", no medical review after the dose (must-fix 2); beside an emergency evaluation for
        suicide risk a COWS above 36 reads "a prescriber treats withdrawal now, while the patient waits for it: ...; a
        complicating condition listed on the COWS flag goes to the same emergency evaluation" (must-fix 3); beside a
        COWS of 13-36, item 10's review withholds the agonists and benzodiazepines while intoxicated (must-fix 4); the
        suicide lead says "the patient must not drive" without condition (should-fix 5); a lead that keeps staff with
        the patient says it once (should-fix 7); a plan ending in 1-WM after an arranged escalation adds
        :data:`ONE_WM_ONLY_IF_SAFE` (should-fix 8).
        Physician review R6 (session 11): the screen before any dose defines intoxication, "intoxication (breath alcohol
        above zero, or signs of sedative intoxication)" (should-fix 3), and sends delirium to the ED, "if delirium or
        intoxication: no dose here, staff with the patient until handover (delirium: to the ED by emergency services);
        otherwise ..." (must-fix 3); the lead for suicide risk and a medical emergency screens before its first dose
        (must-fix 1); complicated withdrawal of today beside a severe CIWA-Ar or a rating of 4 reads "(ED, or 4-WM)" or
        "(ED)", "staff with the patient until handover" after the bracket, any dose behind the screen (must-fix 2:
        :func:`_with_staff`); CIWA-Ar item 10 at 1's medical review says what a positive delirium screen calls for, "if
        delirium: emergency evaluation: arrange transfer now by emergency services (ED, or 4-WM); staff with the patient
        until handover; if the patient declines transfer: ..." (R76b, ruling A: by emergency services), ending at
        "until handover; " beside an emergency evaluation for suicide risk, none of it where the lead already arranges
        a transfer (must-fix 5: :func:`_delirium_transfer_said`).
        Physician review R1 (session 11): a C-SSRS high flag withdrawn by a correction, never closed, follows a medical
        emergency as "then, at handover, tell the receiving team that the C-SSRS screen of ... was high risk, was
        withdrawn by a correction and was never assessed, and ask them to repeat it once the patient is able to answer
        (do not delay the transfer for it); record their result here; if the patient declines transfer ...: (...)"
        (physician review R2, should-fix 5), an emergency evaluation for suicide risk as "then tell the evaluating team
        that ...; close this flag with their evaluation"; a finding calling for a same-day suicide risk assessment
        beside a medical emergency is handed over, "; at handover tell the receiving team that today's PHQ-9 item 9 was
        positive and ask them for a suicide risk assessment once the patient is able to answer (do not delay the
        transfer for it)", or joined to the withdrawn flag's handover step (physician review R2, must-fix 2:
        :func:`_screened_told`); a step due now of a score taken today (only then: a re-score now of another day's score
        keeps the flag's own step first) as "once the medical review finds the patient able to answer (not delirious or
        intoxicated)" or, after a COWS treated now, "after the first dose and before the patient leaves", a same-day
        suicide risk assessment joined to it, the fallback telling the receiving team at handover or contacting the
        patient now; its reason naming a late correction's day (physician check of review 9); the lower flag a
        correction raised in place of such a flag leads as the chart says
        (:func:`~iopkit.placement.resolution.withdrawn_lead`); CIWA-Ar item 10 at 1 listed under an emergency medical
        evaluation adds :data:`~iopkit.flags.NO_DRIVING_UNTIL_SCREEN_CLEARS`; buprenorphine now beside alcohol
        withdrawal treated with medication adds :data:`~iopkit.flags.BENZODIAZEPINE_WITH_AGONIST` (FDA Drug Safety
        Communication 2017, ``fda_bup_benzo2017``); the reasons after "; " start in lower case (:func:`_reasons`).
        Physician review R18 (session 16), phase 1 (R17b must-fix M3): an old COWS of 13 or more beside today's CIWA-Ar
        of 8 or more re-scores the COWS first, its 37-or-more branch the emergency evaluation and transfer now, 13-36
        medically managed withdrawal or a higher level of care (:func:`_old_cows_with_alcohol`).
        Last, every hold of a dose that names intoxication says the driving rule inside it, "if intoxicated: no dose
        here (the patient must not drive today)" (the intoxicated patient gets no dose, so "if any dose is given
        (...): the patient must not drive today" does not cover it; that clause is kept: physician review R30b,
        must-fix M4, :func:`no_driving_while_intoxicated`); the boxes read the headline as built, before it.

        Examples
        --------
        >>> from iopkit.placement import recommend
        >>> for part in recommend({1: 3, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1}).headline.split("; "):
        ...     print(part)
        First: 3.7-WM medically monitored inpatient withdrawal management
        then reassess all six dimensions for treatment (on today's ratings at least Level 1 (Outpatient)).
        >>> print(recommend({1: 0, 2: 1, 3: 2, 4: 1, 5: 1, 6: 1}).headline)
        Recommended: Level 2.1 (Intensive outpatient), 9 to under 20 h/week of clinical services
        """
        # said once for each recommendation that reads the same (and each :func:`headline_as_built` state): the boxes'
        # build reads the headline of the same recommendation again and again (a recommendation is deep-frozen: its
        # words never change); kept apart from the recommendation, whose vars are its fields
        said = _headline_of(self, _AS_BUILT.get(), _BRANCHES_SAID.get())
        # a transfer on what a CIWA-Ar re-score finds names the transport (physician review R76), once the boxes' build
        # has read the headline by the words its steps were built with (:func:`transport_unsaid`)
        return findings_transfer_by_emergency_services(said) if _TRANSPORT_SAID.get() else said

    def _headline_said(self) -> str:
        """:attr:`headline` as this recommendation says it (in the :func:`headline_as_built` state of the moment)."""
        # the boxes say other words beside the headline's order (boxes.py): the headline reads the flags as raised
        rec = as_raised(self)
        # the steps as built, said once for each recommendation read the same way (:func:`_steps_said`)
        text = _steps_said(rec, _AS_BUILT.get())
        # last, every hold naming intoxication says the patient must not drive today (physician review R30b, M4); the
        # boxes read the headline as built (:func:`headline_as_built`)
        # after it, beside dimension 1, 2 or 3 rated 4, an old COWS's re-score before transfer only if it does not
        # delay it and its first dose as the rating allows (physician review R31 S7, ruled R42 item 4)
        if _AS_BUILT.get():
            return text
        text = _cached_pass(
            cows_rescore_at_4, _cached_pass(no_driving_while_intoxicated, text, self.flags), rated_4(self)
        )
        # then, beside a transfer already ordered, a COWS re-score's 13-36 branch tells the receiving team that
        # medically managed withdrawal is needed (physician review R49, Q6)
        text = _cached_pass(managed_withdrawal_told, text, _cached_pass(_transfer_now_first_in, text))
        # then, beside a transfer already ordered, an old COWS's re-score before transfer only if it does not delay it
        # (physician review R52, ruling 4); an old CIWA-Ar's bracket beside a rating of 4 says no dose without today's
        # re-score, for alcohol withdrawal where a COWS of today is treated (R52, ruling 5)
        text = _cached_pass(cows_rescore_before_transfer, text, _cached_pass(_transfer_now_first_in, text))
        text = _cached_pass(ciwa_no_dose_unrescored, text, cows_treated_today(self))
        # last, each handover that tells a C-SSRS moderate risk asks for the assessment with safety planning
        # (physician review R50, b6 Q1: the re-score branch of cases 88, 133, 291, 532 and 780)
        text = _cached_pass(suicide_asks_said, text, _safety_planned(rec))
        # last, an old severe COWS re-score's screen before any dose said before "if still 37 or more", as the boxes
        # say it, where the step treats on the current score below 37 too (physician review R53, ruling 4); its hold
        # bars a dose in delirium where the step before it screens for delirium, as the boxes' hold (R55, ruling 2)
        text = _cached_pass(cows_hold_names_delirium, _cached_pass(screen_before_cows_condition, text))
        # then, an old COWS flag standing with no re-score of the COWS in the headline: its first dose before transfer
        # says buprenorphine or methadone only on a COWS re-scored today (physician review R52, noticed outside the
        # changed lines: cases 109, 154, 167, 286, 488, 499, 526, 674, 685, 716, 732, 775, 778)
        text = _cached_pass(first_dose_before_transfer_rescored, text, _old_cows_stands(self))
        # then, beside an old severe COWS and an old CIWA-Ar of 8 or more (no transfer ordered by it), the first step
        # re-scores both before any dose, its emergency branch before the COWS's dose (physician review R55, finding C:
        # cases 273 and 639); the boxes read the headline as built (:func:`headline_as_built`)
        text = both_rescored_first(self, text)
        # then an old moderate score's bare re-score now said behind the screen before any dose and its hold, as the
        # old severe re-score of the same instrument says them (physician review R57, must-fix M1: cases 139, 402, 678)
        text = _cached_pass(old_moderate_rescore_screened, text, self.flags)
        # then an old complicated CIWA-Ar's hold for intoxication bars a dose in delirium too (physician review R57,
        # must-fix M2), and its list before the hold sends delirium first, alone, to the ED by emergency services with
        # no dose here (physician review R59, must-fix 1); last, beside COWS boxes whose dose waits for the CIWA-Ar
        # re-score and the delirium screen, the handover of both scores says no dose here unless both re-scores are
        # done and the screen finds no delirium (physician review R57, must-fix M3; R59, 3: the words)
        text = _cached_pass(delirium_first_said, text)
        text = _cached_pass(
            dose_after_delirium_screen_said,
            text,
            any(NO_DOSE_BEFORE_CIWA_AND_DELIRIUM in f.action for f in self.flags if f.action),
        )
        # then, beside a transfer already ordered, an old severe COWS re-score's branch below 37 a first dose before
        # transfer only if it does not delay it, buprenorphine or methadone only on today's COWS (R60, Q5 S3a); with no
        # transfer ordered, an old COWS re-score's hold said apart: "no dose here" for delirium, an overdose or an
        # ingestion, "no dose until it clears" for intoxication (physician review R59, item 2, ruled R60 Q5)
        ordered = _cached_pass(_transfer_now_first_in, text)
        text = _cached_pass(
            intoxication_hold_until_clear, _cached_pass(severe_cows_below_before_transfer, text, ordered), ordered
        )
        # then an old CIWA-Ar's re-score screened before any dose says its severe branch before the intoxication hold,
        # whether or not the patient is intoxicated (physician review R60, Q2 (a), Q3 (i)), with a delirium screen
        # where its last score had item 10 at 1 (R60, Q4)
        text = _cached_pass(old_ciwa_severe_first, text, self.flags)
        # then (not in the boxes' build: :func:`old_moderate_branches_unsaid`) an old moderate CIWA-Ar's re-score beside
        # an emergency evaluation ordered, a COWS of today or a joined COWS re-score said with its severe branch, and
        # its delirium screen where item 10 was 1 (physician review R60, Q3 (ii), (iii), the joined re-scores, and Q4)
        if _BRANCHES_SAID.get():
            text = _cached_pass(old_moderate_rescore_branches_of, text, self.flags, text)
            # (ii)'s transfer tells the re-score, any dose and the screens at handover (physician review R61, 4)
            text = _cached_pass(evaluation_branch_handover, text, _screened_told(rec, high=True))
        # last of all (it reads every transfer the passes above said, the old re-scores' conditional transfers
        # among them), a same-day suicide risk assessment before the patient leaves, where the withdrawal step can
        # end in a transfer, asks the receiving team for it at handover (physician review R60, Q2(b): cases 223,
        # 352, 506, 652)
        text = _cached_pass(rescore_dose_no_driving, _cached_pass(assessment_asked_at_handover, text))
        # then (not in the boxes' build, as R60's above) the first step re-scoring an old severe COWS and an old
        # CIWA-Ar of 8 or more asks what happened since, screens for delirium where item 10 was 1, and says the
        # CIWA-Ar's transfer now before its two re-scores' branches (physician review R63, MF1: cases 273 and 639)
        if _BRANCHES_SAID.get():
            # and the first dose of two old withdrawals' emergency branch for the patient not intoxicated only
            # (physician review R64, S2)
            text = _cached_pass(severe_branch_dose_guarded, _cached_pass(both_rescored_severe_branch, text, self.flags))
        # then R60 Q2(a)'s dosing branch below 15 says the dose's driving rule (physician review R63, SF1, above), and
        # a sole sedation watch while the patient is on site beside a first dose before transfer lasts until handover
        # if transferred (physician review R62, S2, ruled R63 section 5), read from the headline as shown (the boxes'
        # build reads it without R60's and R63's re-score branches, which may say a watch of their own: R61's joined
        # texts)
        shown = (
            text
            if _BRANCHES_SAID.get()
            else _cached_pass(
                both_rescored_severe_branch,
                _cached_pass(old_moderate_rescore_branches_of, text, self.flags, text),
                self.flags,
            )
        )
        # then an old severe CIWA-Ar's conditional transfer screens for delirium with its re-score and holds any dose
        # in delirium (physician review R65, follow-up F1); an old severe CIWA-Ar's re-score beside a rating of 4
        # sends the patient to the ED's evaluation of both on a seizure, hallucinations or disorientation too, its
        # screen before the first dose naming delirium (physician review R65, SF3, with R66's must-fixes 1 and 2);
        # last of all, a headline that screens for delirium (or takes a delirium screen as its condition) tells the
        # screen with the scores and any dose at handover (physician review R64, should-fix S3; R65, SF2 and F2)
        text = _cached_pass(old_severe_delirium_screened, _cached_pass(sedation_watched_until_handover, text, shown))
        # last, an old severe COWS's dose before the patient leaves beside a transfer the headline arranges says its
        # timing if the patient is transferred (physician review R71, should-fix 5, ruled R73 item 2)
        text = _cached_pass(
            first_dose_if_transferred,
            _cached_pass(delirium_screen_told, _cached_pass(ed_evaluates_both_if_confused, text, self.flags)),
        )
        # last, complicated withdrawal found today (possible delirium) transfers by emergency services (physician
        # review R75, item 3a, scoped by R75b Q1 and Q2)
        text = _cached_pass(transfer_by_emergency_services, text) if _complicated_today(rec) else text
        # last of all, the driving rule after the mental-health hold, and no dose's driving clause after it (physician
        # review R75 item 2, ruled for the headline in R75c rule 1)
        return _cached_pass(not_driving_after_hold, text, True)

    def inputs(self) -> dict:
        """Keyword arguments that re-derive this recommendation: ``recommend(**r.inputs()) == r``.

        Returns
        -------
        dict
            ``dimensions``, ``adolescent``, ``context`` and ``suggested``, as :func:`recommend` takes them.
        """
        return {
            "dimensions": dict(self.dimensions),
            "adolescent": self.adolescent,
            "context": dict(self.context),
            "suggested": self.suggested,
        }

    def describe(self, *, edition: Edition | str = Edition.THIRD) -> str:
        """One line naming the level and WM route, in the 3rd or 4th edition; a WM route below what dimension 1's
        suggestion called for is named with that warning
        (:func:`~iopkit.placement.recommendation.below_suggested_withdrawal_management`).

        Parameters
        ----------
        edition : Edition or str
            ``"3rd"`` (default) or ``"4th"``.

        Returns
        -------
        str

        Raises
        ------
        PlacementInputError
            An edition other than ``"3rd"`` or ``"4th"``.
        """
        return self._described(edition) + ambulatory_wm_condition(self.basis, self.withdrawal_management, edition)

    def _described(self, edition: Edition | str) -> str:
        """:meth:`describe` before any condition of ambulatory withdrawal management."""
        text = describe(self.level, edition=edition)
        wm = self.withdrawal_management
        # rated below what the withdrawal history or flags call for: the WM named with that warning, also where
        # it comes first (e.g. 3.7-WM below the 4-WM an open delirium flag calls for)
        below = below_suggested_withdrawal_management(self, edition=edition)
        if wm is not None and _managed_within_level(self):  # Level 4's own 4-WM, not first
            # the 4th edition builds withdrawal management into the level: no 3rd-edition code beside it
            return f"{text}, {WITHIN_LEVEL}" + (f" ({wm.code})" if edition == Edition.THIRD else "")
        if wm is not None and self.withdrawal_first:  # 24-hour WM comes first
            return f"First {_wm_named(wm, edition)}{f', {below}' if below else ''}, then {text} after a reassessment"
        one = None if wm is None else _one_level(self.level, wm, edition)  # 4th edition: WM built into the level
        if below:
            named = "none" if wm is None else describe(wm, edition=edition)
            return f"{one}, {below}" if one else f"{text}; withdrawal management: {named}, {below}"
        if one:
            return one
        if wm is not None:
            text += "; withdrawal management: " + describe(wm, edition=edition)
        return text

    def to_dict(self) -> dict:
        """A JSON-able dict (levels by code, dimension numbers as strings); :meth:`from_dict` reads it back.

        Returns
        -------
        dict
        """
        return {
            "level": self.level.code,
            "withdrawal_management": _level_code(self.withdrawal_management),
            "flags": [f.to_dict() for f in self.flags],
            "basis": [
                {
                    **vars(b),
                    "level_required": _level_code(b.level_required),
                    "withdrawal_management": _level_code(b.withdrawal_management),
                }
                for b in self.basis
            ],
            "alternatives": [
                {**vars(a), "level": a.level.code, "withdrawal_management": _level_code(a.withdrawal_management)}
                for a in self.alternatives
            ],
            "hours_per_week": list(self.hours_per_week) if self.hours_per_week else None,
            "dimensions": {str(d): r for d, r in self.dimensions.items()},
            "adolescent": self.adolescent,
            "context": dict(self.context),
            "suggested": [s.to_dict() for s in self.suggested],
            "clinical_services": _level_code(self.clinical_services),
            **({"raised": [f.to_dict() for f in self.raised]} if self.raised else {}),
            "headline": self.headline,
            "withdrawal_first": self.withdrawal_first,
            "first_step": self.first_step.value if self.first_step else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Recommendation:
        """Rebuild a recommendation written by :meth:`to_dict`.

        A rating-below flag reads with a medical review as soon as the flags behind it say today
        (:func:`_reviews_read_back`): one saved before it said so, or when its flags' rules said later, never reads
        later than they do now (iopkit's own rule, as :func:`~iopkit.flags.medical_review_of` reads any flag).

        Parameters
        ----------
        data : mapping
            What :meth:`to_dict` wrote (also after a JSON round trip).

        Returns
        -------
        Recommendation

        Raises
        ------
        PlacementInputError
            A level code that names no level (:meth:`LevelOfCare.from_code`).
        InvalidValueError
            A flag with a severity or ``calls_for`` outside its set (from :class:`~iopkit.flags.Flag`).
        KeyError
            A required field missing from ``data`` (not an iopkit error).
        TypeError
            A missing or unknown field in a flag, basis, alternative or suggestion (not an iopkit error).
        """
        hours = data["hours_per_week"]  # "headline", "withdrawal_first", "first_step" are derived, not read back
        suggested = tuple(Suggestion.from_dict(s) for s in data.get("suggested", ()))
        return cls(
            level=LevelOfCare.from_code(data["level"]),
            withdrawal_management=_level(data["withdrawal_management"]),
            flags=_reviews_read_back(_dated_back(data["flags"], suggested), suggested),
            basis=tuple(
                DimensionBasis(
                    **{
                        **b,
                        "level_required": _level(b["level_required"]),
                        "withdrawal_management": _level(b["withdrawal_management"]),
                        "suggested_from": suggested_from_now(b.get("suggested_from")),  # in today's words
                    }
                )
                for b in data["basis"]
            ),
            alternatives=tuple(
                Alternative(
                    **{
                        **a,
                        "level": LevelOfCare.from_code(a["level"]),
                        "withdrawal_management": _level(a["withdrawal_management"]),
                    }
                )
                for a in data["alternatives"]
            ),
            hours_per_week=tuple(hours) if hours else None,
            dimensions={int(d): r for d, r in data["dimensions"].items()},
            adolescent=data["adolescent"],
            context=dict(data["context"]),
            suggested=suggested,
            clinical_services=_level(data.get("clinical_services")),
            raised=_reviews_read_back(_dated_back(data.get("raised", ()), suggested), suggested),
        )


def _dated_back(flags: Iterable[Mapping[str, Any]], suggested: tuple[Suggestion, ...]) -> tuple[Flag, ...]:
    """A stored recommendation's flags (:meth:`~iopkit.flags.Flag.to_dict`), each of another day than the placement's
    with that day (:func:`~iopkit.placement.suggest.dated_back`): one saved before a flag carried its day reads it from
    its suggestion's :attr:`~iopkit.placement.suggest.Suggestion.earlier`."""
    return dated_back((Flag.from_dict(f) for f in flags), (e for s in suggested for e in s.earlier))


def _hours_words(hours: tuple[float, float | None]) -> str:
    low, high = hours
    if high is None:
        return f"at least {low:g} h/week"
    return f"under {high:g} h/week" if low == 0 else f"{low:g} to under {high:g} h/week"


def _why(flag: Flag) -> str:
    """A flag named briefly for the headline ("complicated withdrawal", "high suicide risk"), with where it came
    from when not from today's scores (:func:`_origin`), and whether it is only the worst case of a blank question: a
    suicide-risk question ("a blank safety question"), else an item named with its instrument ("a blank CIWA-Ar
    item", :func:`_blank_item`)."""
    short = _short(flag)
    if not flag.worst_case:
        return short
    if flag.calls_for in SUICIDE_RISK_CALLS:
        return f"{short} (a blank safety question, its worst answer until asked)"
    instrument, item = _blank_item(flag)
    what = (
        f"blank {instrument} items, their worst answers"
        if item.startswith("items")
        else f"a blank {instrument} item, its worst answer"
    )
    return f"{short} ({what} until asked)".replace("  ", " ")


def _short(flag: Flag) -> str:
    """A flag's code in words ("complicated withdrawal", "high suicide risk"), with where it came from when not from
    today's scores (:func:`_origin`)."""
    origin = _origin(flag.message)
    return _code_words(flag) + (f" ({origin})" if origin else "")


def _code_words(flag: Flag) -> str:
    """A flag's code in words, its grade first ("low suicide risk" for ``suicide_risk_low``)."""
    words = flag.code.replace("_", " ")
    graded = re.fullmatch(r"(.+) (high|moderate|low)", words)
    return f"{graded[2]} {graded[1]}" if graded else words


#: How the next step of a blank question's worst case opens (:mod:`iopkit._partial`): "Ask item 10 now (Orientation
#: and clouding of sensorium); until it is answered: ...".
_ASK = re.compile(r"Ask (?:[^()]*? )?(items? [^()]+?) now \(")


def _blank_item(flag: Flag) -> tuple[str, str]:
    """The instrument (its short name, "CIWA-Ar"; ``""`` where no definition names the flag's rule) and the item(s)
    ("item 10") a blank question's worst-case flag asks (``Flag.worst_case``), read from the definitions by the flag's
    code and the step it prints (:mod:`iopkit._partial`: "Ask item 10 now (...); until it is answered: <the rule's
    step>")."""
    asked = _ASK.match(flag.action)
    return _instrument(flag), (asked[1] if asked else "")


def _instrument(flag: Flag) -> str:
    """The short name of the instrument whose rule raised ``flag`` ("CIWA-Ar"), read from the definitions by the
    flag's code and its rule's step within the step it prints (a blank question's "Ask item 10 now (...); until it is
    answered: <the rule's step>", an unfinished form's "<the rule's step>; ask item 10 now (...)":
    :mod:`iopkit._partial`); ``""`` where no one definition names it."""
    from ..instruments import CATALOGUE  # the definitions: loaded when such a flag is first read, never with a page

    names = {
        inst.short_name
        for inst in CATALOGUE.values()
        for rule in inst.flags
        if rule.code == flag.code and rule.action.lower() in flag.action.lower()
    }
    return names.pop() if len(names) == 1 else ""


#: How the next step of a flag raised on an unfinished form ends (:mod:`iopkit._partial`): "...; ask item 10 now (not
#: answered, or not a valid answer): they can only make this more serious" (a band's lower bound) or without the
#: clause after the colon (a finding certain from the answers given).
_ASK_AGAIN = re.compile(
    r"; ask (items? [^()]+?) now \(not answered, or not a valid answer\)"
    r"(: they can only make this more serious)?(?=;|$)"
)


def _asked_once(flag: Flag, asked: set[tuple[str, str]]) -> Flag:
    """``flag`` with "ask item 10 now" said once in the headline: where a blank question's step already asks the same
    item(s) of the same instrument first (``asked``: (instrument, items), :func:`_blank_item`), an unfinished form's
    flag no longer asks it again; a band's lower bound keeps what the answer may do ("...; item 10, once answered,
    can only make this more serious")."""
    again = _ASK_AGAIN.search(flag.action)
    if again is None or (_instrument(flag), again[1]) not in asked:
        return flag
    kept = f"; {again[1]}, once answered, can only make this more serious" if again[2] else ""
    return replace(flag, action=flag.action[: again.start()] + kept + flag.action[again.end() :])


#: Said once in the headline's first sentence (the said-once rule): a later step's own "and before the patient
#: leaves" (CIWA-Ar moderate band: "re-score the CIWA-Ar within 1 hour of a dose and before the patient leaves")
#: reads "and at the end of the visit" (:func:`_leaves_said_once`).
_LEAVES = "before the patient leaves"


def _leaves_said_once(first: str) -> str:
    """The headline's first sentence with "before the patient leaves" said once: after it, a step's own "and before
    the patient leaves" reads "and at the end of the visit" (the same time, in other words).

    Examples
    --------
    >>> _leaves_said_once("First: a prescriber's review before the patient leaves: re-score within 1 hour of a "
    ...                   "dose and before the patient leaves").split(": ")[-1]
    're-score within 1 hour of a dose and at the end of the visit'
    """
    head, said, rest = first.partition(_LEAVES)
    return head + said + rest.replace(f" and {_LEAVES}", " and at the end of the visit")


def _blank_step(flag: Flag) -> Flag:
    """A blank question's worst-case flag with its step naming the instrument: "Ask CIWA-Ar item 10 now (...); until
    it is answered: Medical review now: ..." (the flag's box shows it under its instrument; the headline does not)."""
    instrument, item = _blank_item(flag)
    if not (instrument and item):
        return flag
    action = flag.action.replace(f"Ask {item} now", f"Ask {instrument} {item} now", 1)
    head, said, step = action.partition(" answered: ")  # the rule's own step, in the headline's lower case
    return replace(flag, action=f"{head}{said}{step[:1].lower()}{step[1:]}" if said else action)


#: The note a flag not on today's scores ends with, saying where it came from (the placement page adds it, e.g.
#: "(PHQ-9 check-in of 02 Dec 2026, not saved yet)" or "(AUDIT of 05 Jan 2026, not resolved)"; a withdrawal-sign
#: score of another day, :func:`~iopkit.placement.suggest_dimensions`: "(COWS of 01 Sep 2026, not re-scored today)").
_ORIGIN = re.compile(rf" \(([^()]*(?:not saved yet|not resolved|not history|{NOT_RESCORED}))\)$")


def _earlier_signs(flag: Flag) -> bool:
    """Whether a flag is a withdrawal sign rated on another day than the placement's (its origin note says the
    score was not re-scored today): what it calls for is a re-score now."""
    return _origin(flag.message).endswith(NOT_RESCORED)


def _leads_whatever_the_rating(flag: Flag, rec: Recommendation) -> bool:
    """A withdrawal warning whose next step comes first whatever dimension 1 is rated: a sign rated on another
    day (its re-score now), or, below 24-hour withdrawal management, a high risk of complicated withdrawal
    recorded only as mitigated (the medical review of that mitigation: ASAM 2020 alcohol withdrawal guideline,
    Rec III.1, VII.8)."""
    mitigated = flag.code == "complicated_withdrawal_risk" and MITIGATED in flag.message
    return _earlier_signs(flag) or (mitigated and rec.withdrawal_management not in _WM_24H)


def _high_risk(rec: Recommendation) -> Flag | None:
    """The high risk of complicated withdrawal (a past withdrawal seizure or delirium tremens, a PAWSS of 4 or more,
    possible withdrawal delirium on a CIWA-Ar of another day) a plan below 24-hour withdrawal management is made
    under, else ``None``: its flag, so the plan's words never offer 1-WM and, until a mitigation is recorded, keep
    24-hour withdrawal management the default (iopkit's rule of :func:`~iopkit.placement.suggest_dimensions` on
    the ASAM 2020 alcohol withdrawal guideline, Rec II.5, III.1)."""
    return None if rec.withdrawal_management in _WM_24H else _high_risk_flag(rec.flags)


def _delirium_today(rec: Recommendation) -> str:
    """Possible withdrawal delirium on an earlier CIWA-Ar of the placement's day whose flag is still open, in words
    (:func:`~iopkit.placement.suggest.same_day_delirium`), whatever withdrawal management the plan starts with; else
    ``""``. Until excluded it is current withdrawal delirium (4-WM), and once excluded a high risk of complicated
    withdrawal: never 1-WM, and 24-hour withdrawal management is 3.7-WM, not 3.2-WM (ASAM 2020 alcohol withdrawal
    guideline, Rec VI.7, VI.9, II.5, III.1)."""
    return next((found for f in rec.flags if (found := same_day_delirium(f))), "")


def _high_risk_flag(flags: Iterable[Flag]) -> Flag | None:
    """The flag of a high risk of complicated withdrawal among ``flags`` (``complicated_withdrawal_risk``, raised on
    dimension 1's suggestion by :func:`~iopkit.placement.suggest_dimensions`, mitigated or not), else ``None``."""
    return next((f for f in flags if f.code == "complicated_withdrawal_risk"), None)


def _origin(message: str) -> str:
    """Where a flag not on today's scores came from (the note its message ends with), else ``""``."""
    found = _ORIGIN.search(message)
    return found[1] if found else ""


def _finding(flag: Flag) -> str:
    """A withdrawal sign named by its finding for the headline: the lead of its message (what precedes its first
    ": " outside brackets: "AUDIT item 6, morning drink (...)", "PAWSS 5 (4 or more)", "CIWA-Ar in the moderate
    withdrawal band"), with where it came from when not from today's scores (:func:`_origin`: a check-in's
    answer not saved yet, an older score not resolved), so a tablet answer is told from a saved score."""
    origin = _origin(flag.message)
    text = _ORIGIN.sub("", flag.message)
    depth = 0
    for i, c in enumerate(text):
        depth += (c == "(") - (c == ")")
        if depth == 0 and text.startswith(": ", i):
            text = text[:i]
            break
    return f"{text} ({origin})" if origin else text


def _in_list(findings: Iterable[str]) -> list[str]:
    """Findings as one list: after the first, a finding opening with a capitalised word ("Past withdrawal
    seizure ...") starts in lower case; a name in capitals ("PAWSS", "CIWA-Ar") is kept."""
    out = list(findings)
    return out[:1] + [f[:1].lower() + f[1:] if f[:1].isupper() and f[1:2].islower() else f for f in out[1:]]


def _where_asked(flag: Flag) -> str:
    """Where a suicide-risk flag was found, for a rating-below clause: its instrument's short name, with the item
    where one item alone raises it ("C-SSRS screen", "PHQ-9 item 9"), read from the definitions; else ``""``."""
    from ..instruments import CATALOGUE

    for inst in CATALOGUE.values():
        for rule in inst.flags:
            if rule.code == flag.code:
                items = {w.item for w in rule.when}
                one = len(rule.when) == 1 and not rule.when[0].bands and not rule.when[0].total
                return f"{inst.short_name} item {items.pop()}" if one and len(items) == 1 else inst.short_name
    return ""


def _caller_name(flag: Flag) -> str:
    """A finding that calls for a rating, named for a rating-below clause: a suicide-risk flag by its code in words
    and where it was found ("high suicide risk (C-SSRS screen)", "suicidal ideation (PHQ-9 item 9)", physician
    review 7), an open flag of an older score with the day its note names in the same bracket ("suicidal ideation
    (PHQ-9 item 9 of 30 Nov 2026, not resolved)", never "(PHQ-9 of 30 Nov 2026, not resolved) (PHQ-9 item 9)": lead
    engineer, session 22), any other by its finding (:func:`_finding`).

    Examples
    --------
    >>> noted = Flag("suicidal_ideation", "Possible suicidal ideation (PHQ-9 of 30 Nov 2026, not resolved)", "critical",
    ...              calls_for="risk_assessment")
    >>> _caller_name(noted)
    'suicidal ideation (PHQ-9 item 9 of 30 Nov 2026, not resolved)'
    """
    if flag.severity is Severity.CRITICAL and calls_for(flag) in SUICIDE_RISK_CALLS:
        where = _where_asked(flag)
        origin = _origin(flag.message)
        name = re.sub(r" item \S+$", "", where)
        if where and origin.startswith(f"{name} ") and not flag.worst_case:  # one bracket: where, then its day
            tail = origin[len(name) :]
            return f"{_code_words(flag)} ({where}{tail if tail.startswith(' of ') else ',' + tail})"
        return f"{_why(flag)} ({where})" if where else _why(flag)
    return _finding(flag)


def _below_reason(signs: Iterable[Flag], dimension: int | str, rating: int, suggested: int | None) -> tuple[str, str]:
    """The reason of a rating below a suggestion, and its rating clause alone, naming each finding with the rating it
    calls for (:func:`~iopkit.placement.suggest.rating_called_for`; physician review 7, as the rated-below flag).

    Findings calling for one rating: "past withdrawal seizure or delirium tremens: dimension 1 rated 0, below the 3
    it calls for" ("they call" for several). Findings calling for different ratings: "dimension 1 rated 0, below the
    3 that a past withdrawal seizure or delirium tremens calls for and the 2 that a COWS above 36 (severe opioid
    withdrawal) calls for". A withdrawal sign of another day not re-scored today calls for a re-score, never for a
    rating (iopkit's rule: never treatment on old signs): it is named before the others, apart ("CIWA-Ar in the
    severe withdrawal band (CIWA-Ar of 20 Nov 2026, not resolved, not re-scored today); past withdrawal seizure or
    delirium tremens: dimension 1 rated 0, below the 3 it calls for"; where today's findings call for less than the
    rating the old band suggests, joined: "they call for", physician review R25b); where it stands alone, as before.

    Examples
    --------
    >>> seizure = Flag("complicated_withdrawal_risk", "Past withdrawal seizure or delirium tremens: high risk")
    >>> cows = Flag("severe_opioid_withdrawal", "COWS above 36 (severe opioid withdrawal): treat", "critical")
    >>> print(_below_reason([cows, seizure], 1, 0, 3)[0])  # doctest: +NORMALIZE_WHITESPACE
    dimension 1 rated 0, below the 3 that a past withdrawal seizure or delirium tremens calls for and the 2 that a COWS
    above 36 (severe opioid withdrawal) calls for
    """
    found = list(dict.fromkeys(signs))
    old = [g for g in found if _earlier_signs(g) or _only_records(g)]  # a re-score or a record: no rating
    rest = [g for g in found if g not in old]
    alone = not rest  # only signs of another day or records: the suggested rating, as their own steps word it
    if alone:
        old, rest = [], old
    known = {
        g: min(n, suggested if suggested is not None else n)  # never above what the suggestion says (a partial form)
        for g in rest
        if not alone and (n := rating_called_for(g, suggested)) is not None and n > rating
    }
    ratings = sorted(set(known.values()), reverse=True)
    head = f"dimension {dimension} rated {rating}, below"
    if len(ratings) > 1:
        parts = []
        for n in ratings:
            group = [g for g in rest if known.get(g) == n]
            what = " and ".join(f"a {_in_list(['', _caller_name(g)])[1]}" for g in group)
            parts.append(f"the {n} that {what} {'calls' if len(group) < 2 else 'call'} for")
        rated = f"{head} {' and '.join(parts)}"
        named = _in_list(dict.fromkeys(_caller_name(g) for g in old + [g for g in rest if g not in known]))
        return (f"{', '.join(named)}: {rated}" if named else rated), rated
    # joined reasons are plural: a sign of another day named apart whose band the rating follows (today's findings
    # calling for less, as an old severe CIWA-Ar's 3 beside today's COWS's 2): "they call for" (physician review R25b:
    # "calls for" after joined reasons must be "call for"; case 39 of the 800)
    called = [n for g in rest if (n := rating_called_for(g, suggested)) is not None]
    joined = len(rest) > 1 or bool(old and suggested is not None and max(called, default=0) < suggested)
    rated = f"{head} the {suggested} {'they call' if joined else 'it calls'} for"
    names = _in_list([", ".join(_in_list(dict.fromkeys(map(_caller_name, old))))] if old else [])
    names = _in_list(names + [", ".join(_in_list(dict.fromkeys(map(_caller_name, rest))))])
    return f"{'; '.join(names)}: {rated}", rated


def _unaccounted(flags: Iterable[Flag]) -> tuple[Flag, ...]:
    """The flags of a suggestion that a rating below it leaves unanswered: what the rating-below flag follows.

    Its critical findings (e.g. C-SSRS high risk, complicated withdrawal); without one, its warnings calling for
    a medical review (a withdrawal sign such as a morning drink on AUDIT item 6, a PAWSS of 4 or more, COWS
    13-24). Where every critical finding is a severe withdrawal sign whose step is a medical review or a record, not
    an emergency (:func:`_reviews_not_emergencies`: a COWS above 36 of today, a severe band of another day, an open
    flag of another day whose instrument was scored again today, only a record), those with the warnings: they never
    hide a warning, so a rating below names the finding that calls for it (physician review: an old severe CIWA-Ar
    flag must not hide a past withdrawal seizure; a COWS calls for 2, a past withdrawal seizure for 3). The rating
    does not account for the sign, so what the sign calls for comes first.
    Never a blank safety question's worst case (``Flag.worst_case``: it prompts the question, it is no finding), a
    finding a correction withdrew kept open (``Flag.withdrawn``: the repeated screen decides), nor a note for the
    record. iopkit's own rule, after the ASAM 2020 alcohol withdrawal guideline (Rec II.1, III.3: assess
    withdrawal risk before deciding the setting).

    Parameters
    ----------
    flags : iterable of Flag
        The flags a suggestion carries (:attr:`Suggestion.flags <iopkit.placement.suggest.Suggestion.flags>`).

    Returns
    -------
    tuple of Flag
        The critical findings, else the warnings calling for a medical review; empty when none.

    Examples
    --------
    >>> from iopkit.flags import Flag
    >>> sign = Flag("withdrawal_risk", "AUDIT item 6: morning drink", "warning", calls_for="medical_review")
    >>> [f.code for f in _unaccounted([sign, Flag("positive_screen", "AUDIT 8 or more", "warning")])]
    ['withdrawal_risk']
    """
    from .continued_stay import calls_for  # a flag saved before its rule changed reads with today's call

    found = [f for f in flags if not f.worst_case and f.severity != Severity.INFO and f.withdrawn is None]
    critical = [f for f in found if f.severity == Severity.CRITICAL]
    if critical and not _reviews_not_emergencies(critical):
        return tuple(critical)
    return tuple(critical + [f for f in found if calls_for(f) is CallsFor.MEDICAL_REVIEW and f not in critical])


_T = TypeVar("_T")


class _Review(NamedTuple):
    """A medical-review step of the headline (:func:`_dangers`): why, in words; the flags whose next steps it names;
    whether the suggested rating's withdrawal management is a 24-hour setting; for a dimension rated below what the
    flags suggest, that clause alone ("dimension 1 rated 0, below the 2 they call for", ``""`` otherwise), so the
    reasons can be split to follow the steps' order (:func:`_reasons_in_step_order`)."""

    why: str
    signs: tuple[Flag, ...]
    needs_24h: bool
    rated: str = ""


def _only_records(flag: Flag) -> bool:
    """Whether the step a flag prints only asks to record what was done about it: an open withdrawal-sign flag of
    another day whose instrument was scored again on the placement's day ("Today's CIWA-Ar (0) is the current score;
    the signs of 01 Sep 2026 are past: record what was done about this flag", :data:`~iopkit.placement.suggest.
    SIGNS_PAST`), nothing of its own step still standing. Paperwork, not a medical review, whatever its code's rule."""
    return flag.action.rstrip(". ").endswith(SIGNS_PAST)


def _rescore_now(flag: Flag) -> bool:
    """Whether the step a flag prints is a re-score now: a withdrawal sign rated on another day (:func:`_earlier_signs`)
    whose step reads "Re-score the COWS now (last 13 on 01 Sep 2026); treat on the current score"
    (:func:`~iopkit.placement.suggest.signs_of_another_day`). A step that says now is due now, whatever its code's
    review (iopkit's own rule: the step printed decides)."""
    return _earlier_signs(flag) and rescore_step(flag.action)


def _severe_rescore(flag: Flag) -> bool:
    """Whether a flag is a critical severity-band flag of a CIWA-Ar or COWS of another day whose step is its re-score
    now (:func:`~iopkit.placement.suggest.severe_signs`, :func:`_rescore_now`: "Re-score the COWS now (last 44 on 20 Nov
    2026, severe): if still in the severe band (37 or more), emergency medical evaluation; treat on the current
    score"): a medical review now, not an emergency evaluation on the old signs (both scales rate the signs present
    at the time of rating: Sullivan et al. 1989, Wesson & Ling 2003; ASAM 2020 alcohol withdrawal guideline, Rec
    III.3: treat on the current score). The re-score decides: still in the severe band, the emergency medical
    evaluation its flag calls for today."""
    return severe_signs(flag) and _rescore_now(flag)


def _severe_review_now(flag: Flag) -> bool:
    """Whether a flag is a critical severity-band flag of a withdrawal-sign score of the placement's day whose step is
    a prescriber's, now, not an emergency evaluation (:func:`~iopkit.placement.suggest.severe_signs` not of another
    day, not in :data:`~iopkit.placement.suggest.SEVERE_EMERGENCY`: COWS above 36, "a prescriber treats withdrawal now,
    before the patient leaves: buprenorphine, or methadone only ... under the 72-hour rule (...); ...", :data:`~iopkit.
    placement.suggest.SEVERE_STEP`). ASAM 2020 National Practice Guideline for OUD: withdrawal is managed with
    buprenorphine or methadone (in an outpatient programme methadone only in an opioid treatment programme or under
    the 72-hour rule, 21 CFR 1306.07(b) as amended in 2023), the setting
    escalating for a complicating condition, not the score. The flag stays critical (a rating below its suggestion
    still needs a recorded reason); its headline step is a medical review now (:attr:`~iopkit.flags.MedicalReview.NOW`,
    :func:`~iopkit.flags.medical_review_of` of a critical flag)."""
    return (
        severe_signs(flag)
        and not _earlier_signs(flag)
        and not _only_records(flag)  # an open flag of another day, its instrument scored today: paperwork
        and flag.code not in SEVERE_EMERGENCY
    )


def _severe_of_old_records(flag: Flag) -> bool:
    """Whether a flag is a critical severity-band flag of a withdrawal-sign score of another day, left open, whose
    instrument was scored again on the placement's day (:func:`_only_records`: "Today's CIWA-Ar (3) is the current
    score; the signs of 20 Nov 2026 are past: record what was done about this flag"): paperwork, named after every
    review step, never an emergency evaluation or a treatment step on the old signs; today's score decides (both
    scales rate the signs at the time of rating: Sullivan et al. 1989, Wesson & Ling 2003; ASAM 2020 alcohol
    withdrawal guideline, Rec III.3: treat on the current signs; physician re-review). A complicated-withdrawal
    finding (possible delirium) is no severity band and keeps its own rules (:data:`~iopkit.placement.suggest.
    STILL_STANDS`: its step is not a record only)."""
    return severe_signs(flag) and _only_records(flag)


def _severe_alcohol_of_old(flag: Flag) -> bool:
    """Whether a flag is a severe withdrawal sign of another day whose band's step of today is an emergency (a CIWA-Ar
    in its severe band: :func:`_severe_rescore`, :data:`~iopkit.placement.suggest.SEVERE_EMERGENCY`): a risk of
    complicated alcohol withdrawal (seizures, delirium tremens come days after the last drink: ASAM 2020 alcohol
    withdrawal guideline, Rec II.5), so below 24-hour withdrawal management the plan follows only if the review
    records why ambulatory care is safe, for an open flag of it as for its score (whose suggestion, 3.7-WM, says so
    already; iopkit's own rule, physician review)."""
    return _severe_rescore(flag) and flag.code in SEVERE_EMERGENCY


def _step_today(flag: Flag) -> Flag:
    """A flag with the step the headline names for it: a COWS above 36 of the placement's day
    (:func:`_severe_review_now`) with :data:`~iopkit.placement.suggest.SEVERE_STEP`'s
    (:func:`~iopkit.placement.suggest.severe_today`); any other flag as it is (one of another day says its re-score)."""
    return severe_today(flag) if _severe_review_now(flag) else flag


def _severe_words(rec: Recommendation, flag: Flag) -> str:
    """A severe band of today whose step is a transfer (:func:`_severe_emergency`) named for the headline's reasons
    with its score's total and banding scheme ("CIWA-Ar 24 today: severe (15 or more on iopkit's default bands; 19 or
    more on ASAM 2020's)", "CIWA-Ar 16 today: severe on iopkit's default bands (15 or more), moderate on ASAM 2020's
    (10-18)": :func:`~iopkit.placement.suggest.severe_band_words`, the total and scheme dimension 1's suggestion
    carries as data (:attr:`~iopkit.placement.suggest.Suggestion.banded`), whichever rule it kept, e.g. complicated
    withdrawal, never read out of its words), so the severe step does not read as contradicting the moderate step's
    ASAM 2020 range nor hide a total moderate on ASAM 2020's bands; every clinical scheme's lowest severe total where
    the scheme is not known (physician review)."""
    banded = next((s.banded for s in rec.suggested if s.dimension == 1 and s.banded is not None), None)
    total, scheme = (banded.total, banded.scheme) if banded is not None else (None, None)
    return severe_band_words(flag.code, scheme, total) or _why(flag)


def _severe_emergency(flag: Flag) -> str:
    """What a critical severity-band flag of the placement's day whose step is an emergency evaluation (CIWA-Ar severe
    band: :data:`~iopkit.placement.suggest.SEVERE_EMERGENCY`) calls for, in the headline's words ("arrange transfer
    now to medically managed withdrawal (ED, or 3.7-WM/4-WM); ..."), else ``""``."""
    if not (
        severe_signs(flag) and not _earlier_signs(flag) and not _only_records(flag) and flag.code in SEVERE_EMERGENCY
    ):
        return ""
    step = SEVERE_STEP[flag.code]
    return step[:1].lower() + step[1:]


def _reviews_not_emergencies(behind: Iterable[Flag]) -> bool:
    """Whether the critical findings a rating below a suggestion leaves unanswered (:func:`_unaccounted`) are all
    severe withdrawal signs whose step is a medical review now: of another day (:func:`_severe_rescore`, the rating
    then rests on old signs and their re-score now leads, as below a moderate band of another day) or a COWS above 36
    of the placement's day (:func:`_severe_review_now`: a prescriber treats withdrawal now). A medical review leads,
    not an emergency evaluation. Warnings beside them (e.g. a past withdrawal seizure, :func:`_unaccounted`) call for
    no emergency either: only the critical findings are read."""
    found = tuple(g for g in behind if g.severity is Severity.CRITICAL)
    return bool(found) and all(_severe_rescore(g) or _severe_review_now(g) or _severe_of_old_records(g) for g in found)


def _emergency_behind(flag: Flag) -> bool:
    """Whether a critical finding behind a rating below a suggestion is one whose step is an emergency evaluation: not
    a severe withdrawal sign whose step is a medical review now (:func:`_reviews_not_emergencies`: a re-score of
    another day, a COWS above 36 of the placement's day, an old flag's record). The headline's first step is then the
    emergency medical evaluation (:func:`_dangers`), so the rating-below box says that finding's step first
    (:func:`rated_below_call`; physician review R17b, session 15, must-fix M1: "the joined box in the headline's
    order": it opens with "Arrange transfer now", the severe alcohol withdrawal part first).

    Examples
    --------
    >>> _emergency_behind(Flag("severe_alcohol_withdrawal", "CIWA-Ar 15 or more", "critical", "Arrange transfer now"))
    True
    >>> _emergency_behind(Flag("positive_screen", "AUDIT 8 or more"))
    False
    """
    return flag.severity is Severity.CRITICAL and not _reviews_not_emergencies((flag,))


def _prescriber_steps(rec: Recommendation, said: Iterable[str]) -> list[_Review]:
    """The prescriber's reviews before the patient leaves (:attr:`~iopkit.flags.MedicalReview.PRESCRIBER`) that the
    withdrawal-sign flags of the placement's own scores for dimension 1 call for (CIWA-Ar moderate band: treat with
    medication; COWS 13-36: buprenorphine or methadone), each as a headline step, where the headline's steps do not
    already say it (``said``: their next steps). Named whatever dimension 1 is rated and whatever else leads, unless
    an emergency medical evaluation does (a 24-hour withdrawal management plan with nothing else leading names its
    first dose instead: :func:`_plan`), so treatment due before the patient leaves is never silent nor dropped beside a
    less urgent step (ASAM 2020 alcohol withdrawal guideline: CIWA-Ar 10 or more should receive medication; ASAM 2020
    OUD guideline: treat moderate opioid withdrawal; iopkit's own rule, physician re-review: the first sentence is
    what is done before the patient leaves)."""
    last = [s for s in rec.suggested if s.dimension == 1][-1:]  # the last of a dimension, as recommend() reads them
    said = set(said)
    return [
        _Review(_finding(f), (f,), False)
        for f in dict.fromkeys(last[0].flags if last else ())
        if f.severity is Severity.WARNING
        and not f.worst_case
        and not _origin(f.message)  # a flag of today's scores, not an open flag of another score or day
        and calls_for(f) is CallsFor.MEDICAL_REVIEW
        and medical_review_of(f) is MedicalReview.PRESCRIBER
        and rates_signs_now(_instrument(f))
        and f.action not in said
    ]


def _review_rank(flag: Flag) -> int:
    """How soon the step a flag prints is due, 0 for the most urgent: a medical review now
    (:func:`~iopkit.flags.medical_review_of`), then a re-score now of a score of another day (:func:`_rescore_now`),
    then a prescriber's review before the patient leaves, then a review today, then a step that only records what was
    done about an old flag (:func:`_only_records`), after every review (iopkit's own rule: the step printed decides, not
    the code).

    Examples
    --------
    >>> now = Flag("possible_inattention", "CIWA-Ar item 10 at 1", "warning", calls_for="medical_review")
    >>> old = Flag("moderate_opioid_withdrawal", "COWS 13-24 (COWS of 01 Sep 2026, not re-scored today)", "warning",
    ...            "Re-score the COWS now (last 13 on 01 Sep 2026); treat on the current score")
    >>> today = Flag("withdrawal_risk", "AUDIT item 6: morning drink", "warning", calls_for="medical_review")
    >>> [_review_rank(f) for f in (now, old, today)]
    [0, 1, 3]
    """
    if _only_records(flag):
        return len(MedicalReview) + 1
    review = medical_review_of(flag)
    if review is MedicalReview.NOW:
        return 0
    return 1 if _rescore_now(flag) else review.rank + 1


def _now(flag: Flag) -> bool:
    """Whether the step a flag prints is due now (:func:`_review_rank`): a medical review now
    (:attr:`~iopkit.flags.MedicalReview.NOW`: it cannot wait) or a re-score now of a score of another day; such steps
    come before a same-day suicide risk assessment, which follows "then, before the patient leaves"."""
    return _review_rank(flag) <= 1


def _most_urgent_first(items: Iterable[_T], signs: Callable[[_T], Iterable[Flag]]) -> list[_T]:
    """``items`` with the steps due now first (:func:`_now`: a medical review now, then a re-score now), then every
    other review step in the order given, then a step that only records what was done about an old flag
    (:func:`_only_records`); each item as urgent as the most urgent of its ``signs`` (none: with the other review
    steps), in their given order within each (stable).

    A review now cannot wait (:attr:`~iopkit.flags.MedicalReview.NOW`, e.g. CIWA-Ar item 10 at 1); a re-score of a
    score of another day says now (treatment follows the current score); a prescriber's review before the patient
    leaves and a review today are both due before the patient leaves, and which of them is named first says who does
    it, not how soon, so they keep the order given. The one order of the headline's medical-review steps and of the
    reasons it names for them (:func:`_headline`), so the first step a clinician reads is the most urgent one (iopkit's
    own rule).

    Examples
    --------
    >>> today = Flag("withdrawal_risk", "AUDIT item 6: morning drink", "warning", calls_for="medical_review")
    >>> now = Flag("possible_inattention", "CIWA-Ar item 10 at 1", "warning", calls_for="medical_review")
    >>> before = Flag("moderate_opioid_withdrawal", "COWS 13-24", "warning", calls_for="medical_review")
    >>> [f.code for f in _most_urgent_first([today, before, now], lambda f: (f,))]
    ['possible_inattention', 'withdrawal_risk', 'moderate_opioid_withdrawal']
    """

    def rank(flag: Flag) -> int:  # a review now 0, a re-score now 1, any other review 2, a record only 3
        return min(_review_rank(flag), 2) if not _only_records(flag) else 3

    return sorted(items, key=lambda item: min((rank(g) for g in signs(item)), default=2))


def _review_behind(behind: Iterable[Flag]) -> MedicalReview | None:
    """How soon, and by whom, the medical review a rating below a suggestion calls for is due: the most urgent of the
    flags behind it (:func:`_unaccounted`) calling for a medical review, each as :func:`~iopkit.flags.medical_review_of`
    reads it (CIWA-Ar inattention now, a moderate withdrawal band a prescriber's review before the patient leaves, a
    re-score now of a score of another day as its code's urgency); a step that only records what was done about an old
    flag today, the least urgent, never now; ``None`` where none calls for one. The one rule of the rating-below
    flag's review, when it is made (:func:`iopkit.placement.decision._rated_below`) and when it is read back
    (:func:`_reviews_read_back`).

    Examples
    --------
    >>> _review_behind([Flag("possible_inattention", "CIWA-Ar item 10 at 1", calls_for="medical_review")]).value
    'now'
    >>> _review_behind([Flag("positive_screen", "AUDIT 8 or more")]) is None
    True
    """
    reviews = [f for f in behind if calls_for(f) is CallsFor.MEDICAL_REVIEW]
    said = [medical_review_of(f) for f in reviews if not _only_records(f)]
    return min(said, key=lambda r: r.rank, default=MedicalReview.TODAY if reviews else None)


def rated_below_call(behind: tuple[Flag, ...]) -> tuple[CallsFor, str, MedicalReview | None]:
    """What a rating below a suggestion calls for, given the flags behind it (:func:`_unaccounted`, not empty): the
    most urgent of their calls, the next step of the first flag whose review is the most urgent (a step that only
    records what was done about an old flag last) with the reason for the lower rating to record, and the medical
    review as soon as the most urgent behind it (:func:`_review_behind`). The one
    rule of :func:`~iopkit.placement.decision._rated_below` and of a saved placement's rating-below flag read back
    (:func:`_reviews_read_back`).

    Examples
    --------
    >>> calls, action, review = rated_below_call(
    ...     (Flag("possible_inattention", "CIWA-Ar item 10 at 1", "warning", "Screen for delirium now.",
    ...           calls_for="medical_review"),))
    >>> calls.value, review.value
    ('medical_review', 'now')
    >>> action
    'Screen for delirium now; record the reason for the lower rating with the placement decision'
    """
    from .continued_stay import calls_for  # a flag saved before its rule changed reads with today's call

    calls = min((calls_for(f) for f in behind), key=list(CallsFor).index)  # the most urgent call
    # every flag's next step, the first of the most urgent leading, a record only last; each said once (physician
    # review: a COWS above 36 beside a past withdrawal seizure gets the treatment now and the medical review of the
    # setting both)
    # a step that only records what was done about an old flag: alone; within one urgency an emergency evaluation
    # first, as the headline's first step says it (physician review R17b, session 15, must-fix M1: the joined box in
    # the headline's order)
    ordered = sorted(behind, key=lambda f: (_review_rank(f), not _emergency_behind(f)))
    steps = list(
        dict.fromkeys(
            a for k, f in enumerate(ordered) if (a := f.action.rstrip(". ")) and (k == 0 or not _only_records(f))
        )
    )
    # a step another already begins with is said once (the flags of one old score share its re-score; the
    # complicated-withdrawal flag's box adds what still stands after it: physician review R9, must-fix N1)
    steps = [a for k, a in enumerate(steps) if not any(b.startswith(a) for b in steps[:k])]
    steps = steps[:1] + [a[:1].lower() + a[1:] if a[1:2].islower() else a for a in steps[1:]]
    action = "; ".join([*steps, "record the reason for the lower rating with the placement decision"])
    return calls, action, _review_behind(behind)


def _reviews_read_back(flags: tuple[Flag, ...], suggested: tuple[Suggestion, ...]) -> tuple[Flag, ...]:
    """A stored recommendation's flags, each rating-below flag (``rated_below_suggestion_d1`` ...) read with the
    most urgent of what it was saved with and what the flags behind it call for now
    (:func:`rated_below_call` of its dimension's suggestion, as saved beside it): its medical
    review, and its call with the next step that goes with it. A flag saved before it said how soon (it then read
    "today"), or saved "for the record" under an older rule (it then held no headline), never reads later or less
    than its flags' rules say; one saved more urgent keeps that. Its code has no rule of its own, so
    :func:`~iopkit.flags.medical_review_of` alone cannot read it from the definitions. Every other flag reads as
    stored (a rule's flag is read from its code each time it is shown). A recommendation made now reads back equal
    (the same rule made it, its step ended as :func:`no_driving_while_intoxicated` ends every flag's)."""
    by_dimension = {str(s.dimension): s for s in suggested}  # the last of a dimension, as recommend() reads them
    out = []
    for f in flags:
        below = f.code.removeprefix("rated_below_suggestion_d")
        s = by_dimension.get(below) if below != f.code else None
        behind = _unaccounted(s.flags) if s is not None else ()
        if not behind:
            out.append(f)
            continue
        calls, action, now = rated_below_call(behind)
        said = [r for r in (f.medical_review, now) if r is not None]
        review = min(said, key=lambda r: r.rank, default=None)
        order = list(CallsFor).index
        # its step as recommend() ends every flag's step: the hold naming intoxication says the patient must not
        # drive today (physician review R30b, M4)
        said_now = no_driving_while_intoxicated(action, flags)
        read = replace(f, calls_for=calls, action=said_now) if order(calls) < order(calls_for(f)) else f
        out.append(read if review is read.medical_review else replace(read, medical_review=review))
    return tuple(out)


def _calling(rec: Recommendation, dimension: int) -> list[Flag]:
    """The findings of a dimension's suggestion that call for its suggested rating by themselves
    (:func:`~iopkit.placement.suggest.rating_called_for`: a severe CIWA-Ar 3, a past withdrawal seizure or delirium
    tremens 3, a COWS above 36 2), critical first, for a rating-below clause that names each finding calling for the
    rating (physician review: "it" for one, "they" for several); none where no finding's rating is known."""
    last = [s for s in rec.suggested if s.dimension == dimension][-1:]  # the last of a dimension, as recommend() reads
    if not last:
        return []
    found = [
        f
        for f in dict.fromkeys(last[0].flags)
        if rating_called_for(f, last[0].rating) == last[0].rating and f.withdrawn is None  # withdrawn: no finding
    ]
    return sorted(found, key=lambda f: f.severity is not Severity.CRITICAL)


def _dangers(
    rec: Recommendation,
) -> tuple[list[str], list[str], list[str], list[_Review]]:
    """Why something comes first, in words: (imminent psychiatric danger, imminent medical danger,
    flags that call for a same-day suicide risk assessment, and a dimension rated below what a flag calling for
    a medical review suggests, with the flags behind it whose next steps it calls for (their actions as the plan's
    setting words them) and whether the suggested rating's withdrawal management is a 24-hour setting).

    A sign whose step is a medical review now (:func:`_now`), a re-score of a withdrawal sign of another day and the
    medical review of a recorded mitigation are named whatever the rating (a rating that accounts for the sign does not
    make its step wait). The medical reviews, and the signs within each, are most urgent first
    (:func:`_most_urgent_first`: now, then every other review step, then a step that only records what was done about
    an old flag); within one of these a re-score of a withdrawal sign of another day leads, then the order of the
    flags."""
    psychiatric: list[str] = []
    medical: list[str] = []
    screening: list[str] = []
    review: list[_Review] = []
    named_below: set[str] = set()  # findings a rating-below clause names: not named again on their own
    for d, words in ((3, psychiatric), (1, medical), (2, medical)):
        if rec.dimensions.get(d) == 4:
            words.append(f"dimension {d} rated 4, imminent danger")
    from .continued_stay import calls_for  # a flag saved before its rule changed reads with today's call

    # in a 24-hour plan a home mitigation is moot: withdrawal management there is at least 3.7-WM; the suggestion's
    # flags read as the recommendation's own (recommend rewrites those with in_24h_setting), so one step is one step
    in_24h = is_24_hour_plan(rec.level, rec.withdrawal_management)
    for f in rec.flags:
        if f.code.startswith("imminent_danger_d") or f.severity == Severity.INFO or f.withdrawn is not None:
            continue  # a withdrawn finding kept open: its own step, the repeated screen (_withdrawn_leads)
        f = replace(f, calls_for=calls_for(f))
        below = f.code.removeprefix("rated_below_suggestion_d")
        behind = _unaccounted(next((s.flags for s in rec.suggested if str(s.dimension) == below), ()))
        # below only severe withdrawal signs whose step is a review now (of another day: their re-score now, as below a
        # moderate band's; a COWS above 36 of today: a prescriber treats withdrawal now): that review (below)
        if below != f.code and f.severity == Severity.CRITICAL and not _reviews_not_emergencies(behind):
            b = next(b for b in rec.basis if str(b.dimension) == below)
            # the findings that call for the suggested rating named in the clause ("CIWA-Ar 24 today: severe (...),
            # past withdrawal seizure or delirium tremens: dimension 1 rated 0, below the 3 they call for"), each then
            # said once (physician review); a flag whose rating is not known (e.g. a suicide-risk flag) as before
            callers = _calling(rec, int(below))
            words = [
                _severe_words(rec, g)
                if _severe_emergency(g)
                else _caller_name(g)
                if g.severity is Severity.CRITICAL and calls_for(g) in SUICIDE_RISK_CALLS
                else _why(g)
                if g.severity is Severity.CRITICAL
                else _finding(g)
                for g in callers
            ]
            they = "it calls" if len(callers) < 2 else "they call"
            why = (
                f"{', '.join(_in_list(dict.fromkeys(words)))}: dimension {below} rated {b.rating}, below the "
                f"{b.suggested_rating} {they} for"
                if callers
                else f"dimension {below} rated {b.rating}, below the {b.suggested_rating} a critical flag calls for"
            )
            named_below.update(_why(g) for g in callers)
            # below a flag that calls for a risk assessment (PHQ-9 item 9, C-SSRS low or moderate): that
            # assessment today, not an emergency (Columbia triage; ASAM 2013: only rating 4 is imminent danger)
            (
                screening
                if f.calls_for is CallsFor.RISK_ASSESSMENT
                else psychiatric
                if f.calls_for in SUICIDE_RISK_CALLS
                else medical
            ).append(why)
        elif below != f.code and f.calls_for is CallsFor.MEDICAL_REVIEW:  # below a withdrawal sign: review it first
            b = next(b for b in rec.basis if str(b.dimension) == below)
            # the most urgent first; within one urgency a re-score of old signs leads
            signs = tuple(
                _most_urgent_first(
                    sorted(map(_step_today, behind), key=lambda g: not _earlier_signs(g)), lambda g: (g,)
                )
            )
            why, rated = (
                _below_reason(signs, below, b.rating, b.suggested_rating)
                if signs
                else (f"a flag: dimension {below} rated {b.rating}, below the {b.suggested_rating} it calls for",) * 2
            )
            # below a rating whose withdrawal management is 24-hour (e.g. 3.7-WM for a PAWSS of 4 or more): that
            # setting is the default, ambulatory care the exception the review must justify
            row = _RULE.get((int(below), b.suggested_rating)) if b.suggested_rating is not None else None
            needs_24h = (
                row is not None and row.withdrawal_management in _WM_24H or any(map(_severe_alcohol_of_old, signs))
            )
            review.append(
                _Review(
                    why,
                    tuple(replace(g, action=in_24h_setting(g.action)) if in_24h else g for g in signs),
                    needs_24h,
                    rated,
                )
            )
        elif f.calls_for is CallsFor.EMERGENCY_EVALUATION:
            psychiatric.append(_why(f))
        elif f.calls_for is CallsFor.RISK_ASSESSMENT and below == f.code:
            screening.append(_why(f))
        elif f.worst_case and f.calls_for is CallsFor.MEDICAL_REVIEW:
            # a blank question's worst case (e.g. CIWA-Ar item 10 blank: disorientation until asked) is no finding:
            # asking it now comes first, its flag's own step (until it is answered: a medical review now), never an
            # emergency evaluation on a blank (iopkit's rule of a blank question, as for PHQ-9 item 9)
            review.append(_Review(_why(f), (_blank_step(f),), False))
        elif _severe_rescore(f) or _severe_review_now(f):  # their re-score now, or a prescriber's step now (below)
            continue
        elif _severe_of_old_records(f):  # old signs, today's score decides: paperwork, named only as a record step
            continue
        elif f.severity == Severity.CRITICAL and f.calls_for is not CallsFor.RISK_ASSESSMENT:
            medical.append(_why(f))
    # a withdrawal sign rated on another day leads whatever the rating (a rating on it rests on old signs): its
    # re-score now, before any treatment (iopkit's own rule on the instruments' timeframe "now", Sullivan 1989,
    # Wesson & Ling 2003; ASAM 2020 alcohol withdrawal guideline, Rec III.3); so does a high withdrawal risk
    # recorded only as mitigated: the medical review of the mitigation (Rec III.1, VII.8); and so does every sign whose
    # step is a medical review now (e.g. CIWA-Ar item 10 at 1: it cannot wait, :func:`_now`), whatever the rating
    # and so does a COWS above 36 of today: a prescriber treats withdrawal now (ASAM 2020 OUD guideline), its step in
    # the headline's words (severe_today). A severe CIWA-Ar of another day is a risk of complicated withdrawal: below
    # 24-hour withdrawal management the plan follows only if the review records why ambulatory care is safe
    # (_severe_alcohol_of_old)
    asked = {g.action for r in review for g in r.signs}
    earlier = [
        _Review(_finding(f), (_step_today(f),), _severe_alcohol_of_old(f))
        for f in rec.flags
        if (f.severity == Severity.WARNING or _severe_rescore(f) or _severe_review_now(f))
        and (_leads_whatever_the_rating(f, rec) or (_now(f) and not f.worst_case))  # a blank question: no finding
        and not f.code.startswith("rated_below_suggestion_d")  # its signs are named above, when it calls for a review
        and _step_today(f).action not in asked
        and calls_for(f) is CallsFor.MEDICAL_REVIEW
    ]
    # a CIWA-Ar without the risk of complicated withdrawal assessed, under a plan below 3.7-WM: that assessment
    # before the level, a review today after those due now (an emergency medical evaluation decides the setting)
    unassessed = [] if medical else _risk_not_assessed_step(rec)
    # the prescriber's reviews of today's withdrawal signs (CIWA-Ar, COWS moderate band), whatever dimension 1 is
    # rated: treatment is due before the patient leaves (ASAM 2020: a CIWA-Ar of 10 or more should get medication;
    # OUD guideline: treat moderate opioid withdrawal); an emergency medical evaluation covers them, and a 24-hour
    # withdrawal management plan with nothing else leading names its first dose (_plan)
    shown = earlier + review
    # (a 24-hour setting arranged today for dimension 4, 5 or 6 rated 4 is no withdrawal management first: the
    # reviews lead in their own form, before the patient leaves, unless more than the setting's own WM is named first:
    # physician review R13, should-fix 6)
    wm_first = rec.withdrawal_first and (_wm_leads_setting(rec) or not _setting_today(rec))
    if not medical and (shown or unassessed or screening or psychiatric or not wm_first):
        shown += _prescriber_steps(rec, {g.action for r in shown for g in r.signs})
    review = _most_urgent_first(shown + unassessed, lambda entry: entry.signs)  # at one urgency, given order
    return (
        list(dict.fromkeys(w for w in psychiatric if w not in named_below)),
        list(dict.fromkeys(w for w in medical if w not in named_below)),
        list(dict.fromkeys(w for w in screening if w not in named_below)),
        list(dict.fromkeys(review)),
    )


#: The code of the headline's step for a risk of complicated withdrawal not assessed (:func:`_risk_not_assessed_step`).
_RISK_STEP_CODE = "withdrawal_risk_not_assessed"


def _risk_not_assessed_step(rec: Recommendation) -> list[_Review]:
    """The headline's step where dimension 1's suggestion says the risk of complicated withdrawal was not assessed
    (:func:`~iopkit.placement.suggest.risk_step`: a CIWA-Ar without a past withdrawal seizure or delirium
    tremens asked nor a PAWSS scored) and the plan is below medically monitored 24-hour withdrawal management (none,
    1-WM, 2-WM or 3.2-WM), else none: "assess withdrawal risk today (ask about past withdrawal seizures or delirium
    tremens; score the PAWSS) before deciding the setting; if a past seizure or delirium tremens, or a PAWSS of 4 or
    more: 3.7-WM unless the reason is recorded" (:data:`~iopkit.placement.suggest.ASSESS_WITHDRAWAL_RISK`), why
    "withdrawal risk not assessed"; where no past seizure or delirium tremens was reported but no PAWSS scored, "score
    the PAWSS today before deciding the setting; if 4 or more: 3.7-WM unless the reason is recorded"
    (:data:`~iopkit.placement.suggest.SCORE_PAWSS`), why "PAWSS not scored" (the history is one PAWSS item, not all of
    it: Maldonado et al. 2014). ASAM 2020 alcohol withdrawal guideline, Rec II.1, II.5: assess the risk of complicated
    withdrawal before deciding the setting; Rec III.3: the CIWA-Ar alone does not decide it. Due before the setting is
    decided, so today (:attr:`~iopkit.flags.MedicalReview.TODAY`, the same kind of step as AUDIT item 6's
    "assess withdrawal risk today"): after the steps due now and a same-day suicide risk assessment, with the other
    review steps; a headline step only, no flag of its own (the suggestion's reason says it)."""
    if rec.withdrawal_management in (LevelOfCare.WM_INPATIENT_MONITORED, LevelOfCare.WM_INPATIENT_MANAGED):
        return []
    last = [s for s in rec.suggested if s.dimension == 1][-1:]  # the last of a dimension, as recommend() reads them
    said = risk_step(last[0]) if last else None
    if said is None:
        return []
    step = Flag(
        _RISK_STEP_CODE,
        said[0],
        Severity.WARNING,
        said[1],
        "asam_awm2020; pawss_maldonado2014",
        calls_for=CallsFor.MEDICAL_REVIEW,
        medical_review=MedicalReview.TODAY,
    )
    return [_Review(_finding(step), (step,), False)]


def _review_now(review: Iterable[_Review]) -> bool:
    """Whether a medical review of :func:`_dangers` is due now (:func:`_now`): it then comes before a same-day suicide
    risk assessment, which follows before the patient leaves (a sign such as CIWA-Ar item 10 at 1 may be delirium,
    which needs action at once and makes a risk assessment unreliable: ASAM 2020 alcohol withdrawal guideline; iopkit's
    own rule, as the continued-stay review's headline orders them: :attr:`~iopkit.placement.continued_stay.Review.
    headline`)."""
    return any(_now(g) for r in review for g in r.signs)


def _review_now_today(review: Iterable[_Review]) -> list[Flag]:
    """The signs of :func:`_dangers`' reviews whose step is due now (:func:`_now`) and comes from a score taken on the
    placement's day (not :func:`_earlier_signs`: a re-score now of a score of another day is no sign the patient is
    on site), in their order. Only these lead a withdrawn C-SSRS high flag's repeated screen (the patient on site:
    :func:`~iopkit.placement.resolution.withdrawn_lead` ``"review"``/``"dose"``); otherwise the flag keeps its own
    same-day or later step, its late "contact the patient now (welfare check if unreachable)" first (physician review
    R1, session 11, must-fix 2)."""
    return [g for r in review for g in r.signs if _now(g) and not _earlier_signs(g)]


#: A step that only records what was done about an old flag (:func:`_only_records`), read from its words: the
#: instrument, today's total and the old flag's day.
_RECORD = re.compile(r"Today's (.+?) \((.+?)\) is the current score; the signs of (.+?) are past: ")


def _record_words(flag: Flag, ask: bool = False) -> tuple[str, str]:
    """A step that only records what was done about an old flag (:func:`_only_records`) in the headline's words, and
    the score of today it names: ("record what was done about the CIWA-Ar flag of 20 Nov 2026 (today's CIWA-Ar, 3, is
    the current score)", "today's CIWA-Ar of 3"). ``ask``: no high risk of complicated withdrawal is known, so the
    record of an old severe CIWA-Ar also asks what followed it (:data:`~iopkit.placement.suggest.RECORD_ASKS`: "and
    ask whether a seizure or confusion followed it (it counts in the withdrawal risk)"; ASAM 2020 alcohol withdrawal
    guideline, Rec II.5; physician review)."""
    found = _RECORD.search(flag.action)
    if found is None:  # not in the words of signs_of_another_day: its own step
        return flag.action[:1].lower() + flag.action[1:].rstrip(". "), "the current score"
    name, total, when = found.groups()
    asks = RECORD_ASKS.get(flag.code, "") if ask else ""
    return (
        f"record what was done about the {name} flag of {when} (today's {name}, {total}, is the current score)"
        + (f" and {asks}" if asks else ""),
        f"today's {name} of {total}",
    )


def _without_records(review: Iterable[_Review]) -> tuple[list[_Review], str]:
    """The headline's review steps without the steps that only record what was done about an old flag
    (:func:`_only_records`: said last, by :func:`_headline`), each reason named by the findings left; and the rating
    clause of a rating below a suggestion whose only flags behind it were such records, worded after today's score
    ("dimension 1 rated 0, below the 1 today's CIWA-Ar of 3 calls for"), else ``""`` (physician final review: the old
    flag does not call for the rating, today's score does). A rating below a suggestion that another flag calls for
    (e.g. a past withdrawal seizure) keeps its clause with that flag's step (physician review: a "below" clause names
    the finding that calls for the rating)."""
    kept: list[_Review] = []
    rated = ""
    score = ""
    for r in review:
        records = [g for g in r.signs if _only_records(g)]
        if not records:
            kept.append(r)
            continue
        left = tuple(g for g in r.signs if not _only_records(g))
        if left:
            # a clause naming each finding with its rating (:func:`_below_reason`) names them already
            each = " that " in r.rated
            named = ", ".join(
                _in_list(dict.fromkeys(n for n in map(_finding, left) if not (each and n.lower() in r.rated.lower())))
            )
            one = r.rated.replace(" they call for", " it calls for") if len(left) < 2 else r.rated
            kept.append(r._replace(why=": ".join(filter(None, [named, one])), signs=left, rated=one))
        elif r.rated:
            score = _record_words(records[0])[1]
            rated = r.rated.replace(" they call for", f" {score} calls for").replace(
                " it calls for", f" {score} calls for"
            )
    # today's score of the same instrument named among the steps (its prescriber's review): the rating clause there
    name = next((n for r in review for g in r.signs if _only_records(g) and (n := _record_name(g))), "")
    for k, r in enumerate(kept):
        if rated and name and not r.rated and any(_instrument(g) == name for g in r.signs):
            one = rated.replace(f" {score} calls for", " it calls for")
            kept[k] = r._replace(why=f"{r.why}: {one}", rated=one)
            rated = ""
    return kept, rated


def _record_name(flag: Flag) -> str:
    """The instrument a step that only records what was done about an old flag names ("CIWA-Ar"), else ``""``."""
    found = _RECORD.search(flag.action)
    return found[1] if found else ""


@functools.lru_cache(maxsize=512)
def _headline_told(rec: Recommendation) -> str:
    """:func:`_headline` up to where the boxes' build reads it (:func:`headline_as_built`), which the headline as
    shown says more after: said once for each recommendation, in either state (a pure function of ``rec``; the build
    reads both)."""
    ask = _high_risk_flag(rec.flags) is None and not _delirium_today(rec)
    records = list(dict.fromkeys(_record_words(f, ask)[0] for f in rec.flags if _only_records(f)))
    text, rated = (_screen_dated(rec, t) for t in _headline_steps(rec))
    text = _cut(rec, text)
    if rated:  # the rating clause with the plan it rates
        text = f"{text.removesuffix('.')} ({rated})."
    from .resolution import withdrawn_close

    closes = " ".join(
        dict.fromkeys(c for f in rec.flags if f.withdrawn is not None and (c := withdrawn_close(f.withdrawn)))
    )
    end = "" if text.endswith(".") else "."
    if records:
        text = f"{text}{end} Also {'; '.join(records)}."
    # every dose behind the intoxication screen (physician review R13, should-fix S4), beside a C-SSRS high or moderate
    # risk or a positive PHQ-9 item 9 (overdose_risk) asking about an overdose or ingestion first (physician review
    # R16, session 15, should-fix S5; R30b S7)
    # (the screen and "the patient must not drive" each said once: physician review R16, should-fix S11)
    screened = _said_once(_doses_screened(f"{text}{'' if text.endswith('.') else '.'} {closes}" if closes else text))
    screened = overdose_asked(screened) if overdose_risk(rec.flags) else screened
    # physician review R18 (session 16), M3 of R17b; the benzodiazepine's monitoring (R18 S9); then the driving advice
    # said once in a sentence (R16 S11, R21 S2) and "before any dose:" once a step (R21 S3)
    said = _no_driving_until_said_once(_benzodiazepine_monitored(_old_cows_with_alcohol(rec, screened)))
    # the emergency evaluation for suicide risk done on site beside a transfer said only on a condition: the screens
    # told after that transfer, if transferred (physician review R22, session 19, must-fix M2)
    told = _told_if_transferred(rec, _ed_evaluates_both_once(_screened_once_a_step(said)))
    # an old moderate CIWA-Ar beside today's COWS of 13 or more: its re-score behind the screen, the escalation as the
    # re-score decides, told at handover if transferred below (physician review R28, M2)
    told = _old_moderate_beside_cows(rec, told)
    # two old withdrawals, a moderate CIWA-Ar and a COWS of 13 or more, neither re-scored today: one screen with
    # thiamine, the escalation both call for, 1-WM only if the re-scores do not find both (physician review R30b, M3)
    told = _two_old_withdrawals(rec, told)
    # beside the suicide evaluation on site, an old severe CIWA-Ar with a COWS of 13-36 of today: one delirium screen,
    # one screen before any dose, then the transfer's triggers and each branch said apart (physician review R24b, 3)
    # beside a C-SSRS high's transfer now with an old complicated CIWA-Ar and a COWS of today, the re-score and the
    # first dose while the transfer is arranged (physician review R23b A3, as ruled in R24b 2)
    return _old_complicated_rescored_in_transfer(rec, _old_severe_beside_high(told))


def _headline(rec: Recommendation) -> str:
    """The headline (:attr:`Recommendation.headline`): its steps and plan (:func:`_headline_steps`), then, last, the
    steps that only record what was done about an old flag whose instrument was scored today (:func:`_only_records`),
    whatever dimension 1 is rated: paperwork, never leading, alone or beside another step, "Also record what was done
    about the CIWA-Ar flag of 20 Nov 2026 (today's CIWA-Ar, 3, is the current score)." (iopkit's own rule, physician
    final review: the duty to record does not depend on the rating; today's score decides, ASAM 2020 alcohol withdrawal
    guideline, Rec III.3), asking what followed an old severe CIWA-Ar where no high risk of complicated withdrawal is
    known (:func:`_record_words`). A rating below a suggestion that only such records stood behind is said with the
    plan it rates, "(dimension 1 rated 0, below the 1 today's CIWA-Ar of 3 calls for)", never in the record sentence
    (physician review)."""
    told = _headline_told(rec)
    if _AS_BUILT.get():  # the boxes read the steps as built (:func:`headline_as_built`)
        return told
    # one handover clause a step: the withdrawal scores and any dose with its time, then the suicide screens, then the
    # requests (physician review R23a, findings 2, 3 and 4)
    dosed = [f.code for f in rec.flags if f.withdrawn is None and not _only_records(f)]
    alcohol = any(c in _CIWA_TREATED or c == "complicated_withdrawal" for c in dosed)
    # the old complicated CIWA-Ar's "no benzodiazepine is given today" names buprenorphine and methadone too beside
    # an opioid withdrawal step (physician review R30b, should-fix S9 (a))
    return doses_named(
        rescore_screened(
            rec,
            _safety_planning_said(
                rec,
                one_handover_a_step(
                    _screens_told_if_escalated(rec, told),
                    alcohol,
                    any(c in _COWS_TREATED for c in dosed),
                ),
            ),
        ),
        opioid_dose_step(rec),
    )


def opioid_dose_step(rec: Recommendation) -> bool:
    """Whether a step of the placement may give buprenorphine or methadone today (a COWS of 13 or more of any day,
    :data:`_COWS_TREATED`, or the buprenorphine induction threshold standing, not withdrawn, not only recorded): where
    one does, a dose's driving advice names them beside a benzodiazepine (:func:`~iopkit.placement.suggest.
    doses_named`; physician review R30b, should-fix S9 (a))."""
    codes = _COWS_TREATED | {"buprenorphine_induction_threshold"}
    return any(f.code in codes and f.withdrawn is None and not _only_records(f) for f in rec.flags)


def alcohol_dose_step(rec: Recommendation) -> bool:
    """Whether a step of the placement may give a benzodiazepine today (a CIWA-Ar in a band iopkit treats,
    :data:`_CIWA_TREATED`, or complicated withdrawal, of any day, standing, not withdrawn, not only recorded): beside
    :func:`opioid_dose_step`, each box's driving advice names every dose (physician review R31, must-fix M5)."""
    codes = _CIWA_TREATED | {"complicated_withdrawal"}
    return any(f.code in codes and f.withdrawn is None and not _only_records(f) for f in rec.flags)


#: What follows its screen: the first dose before transfer only if it does not delay the transfer.
_RESCORE_FIRST_DOSE = "a first dose before transfer only if it does not delay the transfer"
#: The guard before first-dose words inside a branch said "intoxicated or not": physician review R61, section 7, its
#: words.
IF_NOT_INTOXICATED = "if not intoxicated: "


def rescore_screened(
    rec: Recommendation, text: str, transfer: bool | None = None, box: bool = False, now: bool = False
) -> str:
    """``text`` (the headline, or a box) with each sentence's first re-score "treat on the current score" that no
    screen before it in the sentence guards said behind the screen before any dose, beside a transfer now for suicide
    risk (a C-SSRS high risk, or dimension 3 rated 4): "treat on the current score: before any dose: ask about any
    overdose or ingestion today and screen for intoxication (...), give thiamine and check blood glucose; if an
    overdose or ingestion, or intoxicated: no dose here ...; otherwise a first dose before transfer only if it does
    not delay the transfer" (thiamine and blood glucose where the sentence scores alcohol withdrawal, the CIWA-Ar; with
    no transfer arranged in the sentence, "before any dose: ...; otherwise treat on the current score"). The
    screen's words are those of every other dose's (:data:`_INTOXICATION_ALCOHOL`, :data:`_INTOXICATION_AT_4`,
    :func:`overdose_asked`). ``transfer``: whether a transfer is arranged (a box read alone says the headline's
    form), else read from the sentence; ``box``: ``text`` is a box (a box joined from two keeps each part's screen);
    ``now``: the headline arranges a transfer now that no condition stands before, so the box's treatment says its
    timing, "otherwise treat on the current score (a first dose before transfer only if it does not delay the
    transfer)" (physician review R30a, S6: case 449's COWS box beside dimension 1 rated 4).
    A patient screened high risk today may have taken sedatives already, and a benzodiazepine or buprenorphine on top
    can stop the patient breathing (physician review R28, M4; R16 S5; Columbia C-SSRS Screener triage; ASAM 2020
    alcohol withdrawal guideline; FDA Drug Safety Communication, 20 Sep 2017).

    The same screen, said before the treatment it guards ("before any dose: ...; otherwise treat on the current
    score", its own words kept whole), guards two more re-scores (physician review R29): every re-score beside a
    C-SSRS moderate risk, the overdose question first (N1; R16 S5), and, whatever the suicide screen, the re-score of
    an old complicated or severe CIWA-Ar that may dose before a transfer, "treat on the current score (a first dose
    before transfer only if it does not delay the transfer)", with thiamine and blood glucose (N2; ASAM 2020 alcohol
    withdrawal guideline: thiamine, blood glucose and intoxication assessed before medication). Where the headline
    says a screen before any dose right after such a dose (:data:`_SCREEN_NEXT`: an old complicated CIWA-Ar's re-score
    before today's COWS step, "...; after the re-score and the screen, before any dose: ...; otherwise a prescriber's
    review ..."), the dose is said after that screen's "otherwise " instead, never before the screen it depends on
    (physician review R30b, should-fix S8; R42 item 7: 11 headlines of the 800), and the prescriber's step for today's
    opioid withdrawal after it (:data:`_PRESCRIBER_STEP`) is joined into that "otherwise ", after the re-score's
    delirium screen finds none: "...; otherwise treat on the current score (...), and, if the delirium screen finds no
    delirium, a prescriber's review (" (physician review R47, must-fix M1, its words)."""
    high = any(f.code == "suicide_risk_high" and f.withdrawn is None for f in rec.flags)
    lead = high or rec.dimensions.get(3) == 4
    at_4 = 4 in (rec.dimensions.get(1), rec.dimensions.get(2), rec.dimensions.get(3))
    return _rescores_screened(text, lead, lead or overdose_risk(rec.flags), transfer, box, now=now, at_4=at_4)


def screened_alone(action: str, asked: bool) -> str:
    """A flag's next step (``action``) as a page that shows no placement says it (the chart header, the review, the
    one-page summary: :meth:`iopkit.episode.Episode.flag_shown`), its re-score's dose behind the screen before any
    dose as the placement's box says it read alone (:func:`rescore_screened`, no transfer for suicide risk arranged
    in it; physician review R29, N1 and N2), and every other dose behind the intoxication screen as the headline says
    it (:func:`_doses_screened`; physician review R30b, M2); ``asked``: :func:`overdose_risk` of the open flags (a
    C-SSRS high or moderate risk, a positive PHQ-9 item 9: R30b S7), the overdose question first.

    Examples
    --------
    >>> print(screened_alone("re-score the CIWA-Ar and screen for delirium (last 10): ...; treat on the current "
    ...                      "score", False))  # doctest: +NORMALIZE_WHITESPACE
    re-score the CIWA-Ar and screen for delirium (last 10): ...; before any dose: screen for intoxication (breath
    alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if intoxicated: no
    dose here; otherwise treat on the current score
    >>> screened_alone("re-score the COWS now (last 19); treat on the current score", False)  # no overdose risk
    're-score the COWS now (last 19); treat on the current score'
    """
    # its doses behind the intoxication screen as the headline's (:func:`_doses_screened`; an old severe CIWA-Ar's
    # "a prescriber gives a first dose before transfer": physician review R30b, M2), the overdose question first
    screened = _doses_screened(action)
    screened = overdose_asked(screened) if asked else screened
    return _rescores_screened(screened, False, asked, None, True, alone=True)


def _rescores_screened(
    text: str,
    lead: bool,
    asked: bool,
    transfer: bool | None,
    box: bool,
    *,
    alone: bool = False,
    now: bool = False,
    at_4: bool = False,
) -> str:
    """:func:`rescore_screened`'s rule, ``lead`` a transfer now for suicide risk (C-SSRS high, dimension 3 rated 4),
    ``asked`` :func:`overdose_risk` (the overdose question first), ``alone`` a flag read on a page that
    shows no placement (:func:`screened_alone`: an old complicated CIWA-Ar's re-score said as its flag says it),
    ``now`` a transfer now the headline arranges (the treatment's timing said: :func:`rescore_screened`), ``at_4``
    dimension 1, 2 or 3 rated 4 (a joined box's old COWS part screened on its own: :func:`_joined_cows_part`)."""
    # an old complicated CIWA-Ar's re-score as its flag says it (:data:`_COMPLICATED_RESCORE`), its "(a first
    # dose before transfer ...)" said by the placement alone
    found = _COMPLICATED_RESCORE in text if alone else _RESCORED_DOSE.search(text) is not None
    if not asked and not found:
        return text
    # a re-score's "treat on the current score", with the dose's timing where said
    rescore_dose = re.compile(f"{_ON_THE_CURRENT_SCORE}(?:{re.escape(_BEFORE_TRANSFER_ONLY)})?")
    out: list[str] = []
    for sentence in re.split(r"(?<=\.) (?=[A-Z])", text):
        # beside no overdose risk, only the old complicated or severe CIWA-Ar's re-score (R29 N2)
        alcohol_only = not asked and not (alone and _COMPLICATED_RESCORE in sentence)
        dose = (_RESCORED_DOSE if alcohol_only else rescore_dose).search(sentence)
        # a screen said after it in the sentence (a prescriber's review's): "before any dose:" once a step (R21 S3),
        # left as built (an old moderate CIWA-Ar beside today's COWS, physician review R28, M2: not done here); a box
        # joined from two keeps each part's screen beside a transfer for suicide risk (R28 M4), else once (R20c S2)
        later = not (box and lead) and _screened_after(sentence[dose.end() if dose is not None else 0 :])
        # a box's screen said in a sentence before (a rating-below box's own: physician review R30a, S4)
        earlier = box and not lead and _RESCORE_GUARDED.search(" ".join(out)) is not None
        # a box joined from two beside a transfer for suicide risk and a rating of 4: its old COWS's re-score guarded by
        # its own screen, not by the other part's before it, and screened as its COWS box, where no screen follows its
        # dose (one screen a box otherwise, R20c S2) (physician review R31 S7, ruled R42 item 4: case 240's dimension-1
        # box takes the COWS box's full screen)
        joined = dose is not None and box and lead and at_4 and _SCREENS_FIRST not in sentence[dose.end() :].lower()
        part = _joined_cows_part(sentence, dose.start()) if dose is not None and joined else 0
        # the screen said right after it, the re-score's dose moved behind it (physician review R30b, S8; R42 item 7)
        screened_next = None if box or dose is None else _SCREEN_NEXT.match(sentence, dose.end())
        if (
            dose is not None
            and screened_next is not None
            and _RESCORE_GUARDED.search(sentence, 0, dose.start()) is None
        ):
            # the prescriber's opioid step that follows joined into that "otherwise ", after the delirium screen's
            # finding where the re-score screens for delirium (physician review R47, must-fix M1)
            rest = sentence[screened_next.end() :]
            prescriber = _PRESCRIBER_STEP.match(rest) is not None
            delirium = prescriber and DELIRIUM_SCREEN in sentence[: dose.start()]
            join = _AND_NO_DELIRIUM if delirium else ", and " if prescriber else "; "
            sentence = f"{sentence[: dose.start()]}{screened_next['screen']}{dose[0]}{join}{rest}"
        elif (
            dose is not None
            and _RESCORE_GUARDED.search(sentence, part, dose.start()) is None
            and not (later or earlier)
        ):
            screen = _INTOXICATION_ALCOHOL if "CIWA-Ar" in sentence[part:] else _INTOXICATION_AT_4
            screen = overdose_asked(screen) if asked else screen
            # no transfer arranged in the sentence (the evaluation on site), or no transfer now for suicide risk (a
            # transfer only if the re-score finds it): the screen, then the treatment in its own words
            moved = lead and ("transfer now" in sentence if transfer is None else transfer)
            treat = f"{_ON_THE_CURRENT_SCORE}{_BEFORE_TRANSFER_ONLY}" if now else dose[0]  # R30a S6
            said = f"{_ON_THE_CURRENT_SCORE}: {screen}{_RESCORE_FIRST_DOSE}" if moved else f"{screen}{treat}"
            sentence = f"{sentence[: dose.start()]}{said}{sentence[dose.end() :]}"
        out.append(sentence)
    return " ".join(out)


#: A screen before any dose said right after a re-score's dose, unconditionally, to its "otherwise " (an old complicated
#: CIWA-Ar's "treat on the current score (...)" before today's COWS step "after the re-score and the screen, before any
#: dose: ...; otherwise a prescriber's review ...": :func:`_rescores_screened` says the dose after it).
_SCREEN_NEXT = re.compile(
    r"; (?P<screen>(?:after the re-score and the screen, )?before any dose: (?:(?!\. [A-Z]).)*?; otherwise )"
)
#: The prescriber's step for today's opioid withdrawal said after it (a COWS step: "a prescriber's review (...)",
#: "a prescriber treats withdrawal (...)"), joined into that screen's "otherwise " with the re-score's dose, never an
#: unconditional opioid dose after the screen's hold, and, where the re-score screens for delirium (CAM or 4AT), only
#: once it finds none, as the COWS box holds it (physician review R47, must-fix M1, its words; buprenorphine label:
#: CNS depressants, respiratory depression).
_PRESCRIBER_STEP = re.compile(r"a prescriber(?:'s review| treats withdrawal) \(")
_AND_NO_DELIRIUM = ", and, if the delirium screen finds no delirium, "


#: An old COWS's re-score opening a part of a box joined from two (:func:`_joined_cows_part`).
_JOINED_COWS_RESCORE = re.compile(r"\bre-score the COWS now \(last \d+ on [^(),]*\)", re.IGNORECASE)


def _joined_cows_part(sentence: str, end: int) -> int:
    """Where the part of ``sentence`` (a box) that re-scores an old COWS begins, its last such re-score before ``end``
    (its dose) where another part comes before it (a box joined from two: dimension 1's rating-below box), else 0:
    each part keeps its own screen (physician review R28, M4; R31 S7, ruled R42 item 4).

    Examples
    --------
    >>> _joined_cows_part("Re-score the CIWA-Ar x; re-score the COWS now (last 19 on 20 Nov 2026); treat", 74)
    24
    >>> _joined_cows_part("Re-score the COWS now (last 19 on 20 Nov 2026); treat", 40)
    0
    """
    found = [m.start() for m in _JOINED_COWS_RESCORE.finditer(sentence, 0, end)]
    return found[-1] if found else 0


def rated_4(rec: Recommendation) -> bool:
    """Whether dimension 1, 2 or 3 is rated 4 (imminent danger: a transfer now, :func:`~iopkit.placement.decision.
    recommend`'s ``at_4``)."""
    return 4 in (rec.dimensions.get(1), rec.dimensions.get(2), rec.dimensions.get(3))


#: An old COWS's re-score now below its severe band (:func:`~iopkit.placement.suggest.severe_signs`), either case.
_OLD_COWS_RESCORED_NOW = re.compile(
    r"(?P<r>[Rr])e-score the COWS now (?=\((?:last \d+ on|flag of) [^(),]*(?P<close>\)))"
)
#: Its re-score beside a rating of 4: before transfer only if it does not delay it, as an old COWS above 36's and an
#: old CIWA-Ar's (:data:`MODERATE_CIWA_RESCORE_AT_4`; physician review R31 S7, ruled R42 item 4, the reviewer's words).
_COWS_RESCORE_AT_4 = "e-score the COWS before transfer only if it does not delay it "
#: What its bracket says last beside a rating of 4: the last score is not today's, so no first dose on it (a first
#: dose with no withdrawal seen today risks precipitated withdrawal; physician review R49, must-fix M1, its words).
_COWS_NO_DOSE_UNRESCORED = "; no dose here without today's re-score"
#: Its first dose beside a rating of 4 (physician review R31 S7, the reviewer's words; R13 M1's form).
_FIRST_DOSE_AT_4_ALLOWS = f"{_RESCORE_FIRST_DOSE} and the reason for rating 4 allows it"
#: Where an old COWS's re-score clause ends: the next re-score, or the sentence's end.
_RESCORE_CLAUSE_END = re.compile(r"\b[Rr]e-score the |\.(?: |$)")
#: Its bare treatment (no screen, no timing after it): ";" or the text's end follows.
_TREATED_BARE = re.compile(r"\btreat on the current score(?=;|$)")


def _in_old_cows_clauses(text: str, said: Callable[[str], str], rescored: str | None) -> str:
    """``text`` with each clause that re-scores an old COWS below its severe band (from its re-score to the next
    re-score or the sentence's end) said by ``said``, its "re-score the COWS now" said ``rescored`` where given."""
    out: list[str] = []
    at = 0
    for found in _OLD_COWS_RESCORED_NOW.finditer(text):
        out.append(text[at : found.end()] if rescored is None else text[at : found.start()] + found["r"] + rescored)
        end = _RESCORE_CLAUSE_END.search(text, found.end() + 1)
        at = end.start() if end is not None else len(text)
        clause = text[found.end() : at]
        if rescored is not None:  # its bracket: no dose without today's re-score (physician review R49, M1)
            close = found.start("close") - found.end()
            clause = f"{clause[:close]}{_COWS_NO_DOSE_UNRESCORED}{clause[close:]}"
        out.append(said(clause))
    return "".join(out) + text[at:] if out else text


def _dose_timed(clause: str) -> str:
    """An old COWS's re-score clause whose treatment says no timing and no first dose ("treat on the current score;")
    with the first dose's timing before a transfer after it (R30a S6's form, :data:`_BEFORE_TRANSFER_ONLY`)."""
    if _RESCORE_FIRST_DOSE in clause or (bare := _TREATED_BARE.search(clause)) is None:
        return clause
    return f"{clause[: bare.end()]}{_BEFORE_TRANSFER_ONLY}{clause[bare.end() :]}"


def cows_dose_timed_at_4(text: str, at_4: bool) -> str:
    """``text`` (the headline, or a box) with each re-score of an old COWS below its severe band whose treatment says
    no timing said beside a rating of 4 (``at_4``: :func:`rated_4`) "treat on the current score (a first dose before
    transfer only if it does not delay the transfer)", read as a dose before a transfer by the passes after it (its
    handover: :func:`~iopkit.placement.boxes.doses_told_at_handover`), the rating's reason added last
    (:func:`cows_rescore_at_4`). Physician review R31, should-fix S7 (ruled R42 item 4).

    Examples
    --------
    >>> print(cows_dose_timed_at_4("Re-score the COWS now (last 30 on 20 Nov 2026); treat on the current score; if a "
    ...                            "dose is given: the patient must not drive today", True))
    ... # doctest: +NORMALIZE_WHITESPACE
    Re-score the COWS now (last 30 on 20 Nov 2026); treat on the current score (a first dose before transfer only if
    it does not delay the transfer); if a dose is given: the patient must not drive today
    """
    return _in_old_cows_clauses(text, _dose_timed, None) if at_4 else text


def _dose_allowed(clause: str) -> str:
    """An old COWS's re-score clause with its first dose "... and the reason for rating 4 allows it"."""
    dose = re.search(re.escape(_RESCORE_FIRST_DOSE) + r"(?! and the reason)", clause)
    return clause if dose is None else f"{clause[: dose.start()]}{_FIRST_DOSE_AT_4_ALLOWS}{clause[dose.end() :]}"


def cows_rescore_at_4(text: str, at_4: bool) -> str:
    """``text`` (the headline, or a box) with each re-score now of an old COWS below its severe band said beside a
    rating of 4 (``at_4``: :func:`rated_4`) as the transfer allows it, "re-score the COWS before transfer only if it
    does not delay it (last 19 on 20 Nov 2026; no dose here without today's re-score)" (not "now"; the bracket's
    last words: physician review R49, must-fix M1), and its first dose "a first dose before transfer only if
    it does not delay the transfer and the reason for rating 4 allows it" (its treatment's timing said first where it
    said none: :func:`cows_dose_timed_at_4`). Physician review R31, should-fix S7 (ruled R42 item 4), the reviewer's
    words; an old COWS above 36 says it already (R13 M1).

    Examples
    --------
    >>> print(cows_rescore_at_4("x; re-score the COWS now (last 19 on 20 Nov 2026); treat on the current score: "
    ...                         "y; otherwise a first dose before transfer only if it does not delay the transfer; z",
    ...                         True))  # doctest: +NORMALIZE_WHITESPACE
    x; re-score the COWS before transfer only if it does not delay it (last 19 on 20 Nov 2026; no dose here without
    today's re-score); treat on the current score: y; otherwise a first dose before transfer only if it does not
    delay the transfer and the reason for rating 4 allows it; z
    >>> print(cows_rescore_at_4("Re-score the COWS now (last 30 on 20 Nov 2026); treat on the current score; if a "
    ...                         "dose is given: the patient must not drive today", True))
    ... # doctest: +NORMALIZE_WHITESPACE
    Re-score the COWS before transfer only if it does not delay it (last 30 on 20 Nov 2026; no dose here without
    today's re-score); treat on the current score (a first dose before transfer only if it does not delay the
    transfer and the reason for rating 4 allows it); if a dose is given: the patient must not drive today
    >>> cows_rescore_at_4("re-score the COWS now (last 19 on 20 Nov 2026); treat on the current score", False)
    're-score the COWS now (last 19 on 20 Nov 2026); treat on the current score'
    """
    if not at_4:
        return text
    return _in_old_cows_clauses(text, lambda clause: _dose_allowed(_dose_timed(clause)), _COWS_RESCORE_AT_4)


def cows_rescore_before_transfer(text: str, transfer_ordered: bool) -> str:
    """``text`` (the headline, or a box) with each re-score now of an old COWS below its severe band said, beside a
    transfer already ordered for another reason (``transfer_ordered``: the headline's first step arranges a transfer
    now that no condition stands before, :func:`transfer_now_first`), as the transfer allows it: "re-score the COWS
    before transfer only if it does not delay it (last 19 on 20 Nov 2026; no dose here without today's re-score)"
    (physician review R52, ruling 4, its words: "treat on the current score" after a re-score not done could be read
    as the old score, a first dose of buprenorphine without withdrawal seen today risking precipitated withdrawal).
    Its treatment and dose are left as said; beside a rating of 4 :func:`cows_rescore_at_4` says it first. ``text``
    itself otherwise.

    Parameters
    ----------
    text : str
        The headline, or a box's words.
    transfer_ordered : bool
        Whether the headline's first step arranges a transfer now (:func:`transfer_now_first`).

    Returns
    -------
    str
        ``text`` with those re-scores said anew, or ``text`` itself.

    Examples
    --------
    >>> print(cows_rescore_before_transfer("Re-score the COWS now (last 30 on 20 Nov 2026); before any dose: x; "
    ...                                    "otherwise treat on the current score", True))
    ... # doctest: +NORMALIZE_WHITESPACE
    Re-score the COWS before transfer only if it does not delay it (last 30 on 20 Nov 2026; no dose here without
    today's re-score); before any dose: x; otherwise treat on the current score
    >>> cows_rescore_before_transfer("Re-score the COWS now (last 30 on 20 Nov 2026); treat", False)
    'Re-score the COWS now (last 30 on 20 Nov 2026); treat'
    """
    if not transfer_ordered:
        return text
    return _in_old_cows_clauses(text, lambda clause: clause, _COWS_RESCORE_AT_4)


#: An old severe COWS's re-score's branch below its severe band (:func:`~iopkit.placement.suggest._rescore`, physician
#: review R53 D), with the first dose before transfer a text may already say right after it (said once).
_SEVERE_COWS_BELOW = re.compile(
    r"\bif below 37: treat on the current score(?!s)"
    r"(?: \(a first dose before transfer only if it does not delay the transfer\)"
    r"|; a first dose before transfer only if it does not delay the transfer(?=; |\)|\.|$))?"
)
#: That branch beside a transfer already ordered: the transfer is the action, the dose only a bridge (physician review
#: R60, Q5 S3a, its words).
SEVERE_COWS_BELOW_BEFORE_TRANSFER = (
    "if below 37: a first dose before transfer only if it does not delay the transfer (buprenorphine or methadone "
    "only on a COWS re-scored today)"
)


def severe_cows_below_before_transfer(text: str, transfer_ordered: bool) -> str:
    """``text`` (the headline, or a box) with an old severe COWS's re-score's branch below 37, "if below 37: treat on
    the current score" (physician review R53 D), said beside a transfer already ordered (``transfer_ordered``: the
    headline's first step arranges a transfer now that no condition stands before, :func:`transfer_now_first`) as a
    bridge to the transfer: "if below 37: a first dose before transfer only if it does not delay the transfer
    (buprenorphine or methadone only on a COWS re-scored today)" (physician review R60, Q5 S3a, its words; ASAM
    Criteria 2013: the transfer is the action; COWS, Wesson & Ling 2003). A first dose before transfer the text says
    right after that branch is said once, inside the new words. ``text`` itself otherwise (no transfer ordered: the
    patient may stay, and is treated on the current score).

    Parameters
    ----------
    text : str
        The headline, or a box's words.
    transfer_ordered : bool
        Whether the headline's first step arranges a transfer now (:func:`transfer_now_first`).

    Returns
    -------
    str
        ``text`` with that branch said anew, or ``text`` itself.

    Examples
    --------
    >>> print(severe_cows_below_before_transfer("re-score the COWS after dosing; if below 37: treat on the current "
    ...                                         "score; if any dose is given: the patient must not drive today", True))
    ... # doctest: +NORMALIZE_WHITESPACE
    re-score the COWS after dosing; if below 37: a first dose before transfer only if it does not delay the transfer
    (buprenorphine or methadone only on a COWS re-scored today); if any dose is given: the patient must not drive today
    >>> print(severe_cows_below_before_transfer("x; if below 37: treat on the current score; a first dose before "
    ...                                         "transfer only if it does not delay the transfer; y", True))
    ... # doctest: +NORMALIZE_WHITESPACE
    x; if below 37: a first dose before transfer only if it does not delay the transfer (buprenorphine or methadone
    only on a COWS re-scored today); y
    >>> severe_cows_below_before_transfer("x; if below 37: treat on the current score; y", False)
    'x; if below 37: treat on the current score; y'
    """
    if not transfer_ordered:
        return text
    return _SEVERE_COWS_BELOW.sub(SEVERE_COWS_BELOW_BEFORE_TRANSFER, text)


#: A hold for intoxication, alone or joined with delirium, an overdose or an ingestion, that says "no dose here"
#: with its bracket (physician review R59, item 2: one wording for two kinds of hold).
_HELD_HERE = re.compile(
    r"\bif (?:an overdose or ingestion, or intoxicated|delirium or intoxication|delirium, an overdose or ingestion, or "
    r"intoxicat(?:ion|ed)|(?P<alone>intoxicated)): no dose here \("
)
#: Such a joined hold's bracket: the other kinds' words ("an overdose or ingestion: call emergency services ..."), then
#: the intoxicated patient's ("intoxicated: ask the patient to stay on site ...").
_HELD_PARTS = re.compile(
    r"(?P<kinds>delirium|an overdose or ingestion|delirium, or an overdose or ingestion): (?P<other>[^;]*); "
    r"intoxicat(?:ion|ed): (?P<intoxicated>.*)",
    re.DOTALL,
)
#: The intoxicated patient's words in an ambulatory step (:data:`STAY_ON_SITE`, "the score" or "the scores"): the
#: patient waits on site, no transfer named.
_WAITS_ON_SITE = "ask the patient to stay on site and repeat the screen and the score"
#: A re-score now of an old score, the instrument named (the last before a hold is the step it holds).
_RESCORE_NOW = re.compile(r"[Rr]e-score the (?P<name>CIWA-Ar and the COWS|CIWA-Ar|COWS) now\b")


def _bracket_closed(text: str, opened: int) -> int:
    """Where the bracket opened at ``opened`` in ``text`` closes (its ")"), ``-1`` where it does not."""
    depth = 0
    for i in range(opened, len(text)):
        depth += (text[i] == "(") - (text[i] == ")")
        if depth == 0:
            return i
    return -1


def _in_old_cows_rescore(before: str) -> bool:
    """Whether a hold after ``before`` (the text before it) is an old COWS re-score's: the last re-score now before it
    is the COWS's alone, in the same sentence (an old CIWA-Ar's re-score, or the two joined, is not)."""
    found = list(_RESCORE_NOW.finditer(before))
    return bool(found) and found[-1]["name"] == "COWS" and ". " not in before[found[-1].end() :]


def _hold_until_clear(alone: bool, bracket: str) -> str | None:
    """A hold's words said as :func:`intoxication_hold_until_clear` says them, from its bracket's inside
    (``bracket``); ``None`` where its intoxicated patient's words are not the ambulatory ones (:data:`_WAITS_ON_SITE`)
    or the bracket is not a joined hold's."""
    if alone:
        return f"if intoxicated: no dose until it clears ({bracket})" if bracket.startswith(_WAITS_ON_SITE) else None
    parts = _HELD_PARTS.fullmatch(bracket)
    if parts is None or not parts["intoxicated"].startswith(_WAITS_ON_SITE):
        return None
    return (
        f"if {parts['kinds']}: no dose here ({parts['other']}); "
        f"if intoxicated: no dose until it clears ({parts['intoxicated']})"
    )


def intoxication_hold_until_clear(text: str, transfer_ordered: bool) -> str:
    """``text`` (the headline, or a box) with each old COWS re-score's hold in an ambulatory step said as two holds:
    "no dose here" for delirium, an overdose or an ingestion (the ED doses, if at all), "no dose until it clears" for
    intoxication alone (the patient waits on site and may be dosed after a clear re-screen and re-score): "if an
    overdose or ingestion: no dose here (call emergency services for the ED, ...); if intoxicated: no dose until it
    clears (ask the patient to stay on site and repeat the screen and the score when it clears; ...)"; a hold for
    intoxication alone, "if intoxicated: no dose until it clears (...)". Physician review R59, item 2, ruled R60 Q5
    (should-fix, its words; SAMHSA TIP 45: re-assess withdrawal when intoxication resolves, do not sedate an
    intoxicated patient). Only where no transfer is ordered (``transfer_ordered``: the headline's first step arranges
    a transfer now, :func:`transfer_now_first`), the hold's intoxicated patient's words are the ambulatory ones
    (:data:`STAY_ON_SITE`) and the hold is an old COWS re-score's (the last re-score now before it, in its sentence):
    an old CIWA-Ar's re-score step is said by its own ruling (R60 Q2, Q3), a hold of today's scores is left (builder
    g4's bounded part of R59 2). ``text`` itself otherwise.

    Parameters
    ----------
    text : str
        The headline, or a box's words.
    transfer_ordered : bool
        Whether the headline's first step arranges a transfer now (:func:`transfer_now_first`).

    Returns
    -------
    str
        ``text`` with those holds said anew, or ``text`` itself.

    Examples
    --------
    >>> print(intoxication_hold_until_clear(
    ...     "Re-score the COWS now (last 19 on 20 Nov 2026): before any dose: x; if an overdose or ingestion, or "
    ...     "intoxicated: no dose here (an overdose or ingestion: call emergency services for the ED; intoxicated: ask "
    ...     "the patient to stay on site and repeat the screen and the score when it clears (y); z); otherwise treat",
    ...     False))  # doctest: +NORMALIZE_WHITESPACE
    Re-score the COWS now (last 19 on 20 Nov 2026): before any dose: x; if an overdose or ingestion: no dose here
    (call emergency services for the ED); if intoxicated: no dose until it clears (ask the patient to stay on site and
    repeat the screen and the score when it clears (y); z); otherwise treat
    >>> told = "Re-score the COWS now (last 19): if intoxicated: no dose here (tell the receiving team at handover)"
    >>> intoxication_hold_until_clear(told, False) == told
    True
    >>> today = ("Before any dose: x; if intoxicated: no dose here (ask the patient to stay on site and repeat the "
    ...          "screen and the score when it clears)")
    >>> intoxication_hold_until_clear(today, False) == today
    True
    """
    if transfer_ordered:
        return text
    said, at = [], 0
    for hold in _HELD_HERE.finditer(text):
        opened = hold.end() - 1
        closed = _bracket_closed(text, opened)
        if hold.start() < at or closed < 0 or not _in_old_cows_rescore(text[: hold.start()]):
            continue
        split = _hold_until_clear(hold["alone"] is not None, text[opened + 1 : closed])
        if split is not None:
            said += [text[at : hold.start()], split]
            at = closed + 1
    return "".join(said) + text[at:] if said else text


#: An old severe CIWA-Ar's bracket of its re-score before transfer only if it does not delay it (beside a rating of 4:
#: :func:`_rescore_at_4`, :data:`~iopkit.placement.boxes.BESIDE_WORDS`), its named signs after ", severe" where said
#: ("severe, disoriented"), not yet saying why no dose is given on it.
_SEVERE_CIWA_BRACKET = re.compile(
    r"(?P<said>\b[Rr]e-score the CIWA-Ar before transfer only if it does not delay it "
    r"\((?:last \d+ on|flag of) [^();]*?, severe(?:, [^();]*)?)\)"
)
#: An old CIWA-Ar's bracket that says no dose without today's re-score (:data:`MODERATE_CIWA_RESCORE_AT_4`, and the
#: severe one's said by :func:`ciwa_no_dose_unrescored`).
_CIWA_NO_DOSE_BRACKET = re.compile(
    r"(?P<said>\b[Rr]e-score the CIWA-Ar before transfer only if it does not delay it \([^()]*?)"
    + re.escape(_COWS_NO_DOSE_UNRESCORED)
    + r"\)"
)
#: An old complicated CIWA-Ar's bracket of its re-score and delirium screen while the transfer is arranged, never
#: delaying it (:data:`RESCORED_WHILE_ARRANGED_ALONE`, the boxes' ``_OLD_COMPLICATED_IN_THE_TRANSFER``), where the same
#: sentence then doses on the current score, not yet saying why no dose is given on the old score (physician review
#: R54, finding A: cases 7, 318, 560, 670, 688, 759).
_COMPLICATED_CIWA_BRACKET = re.compile(
    r"(?P<said>\bwhile the transfer is arranged \(do not delay the transfer for it\): re-score the CIWA-Ar and "
    + re.escape(DELIRIUM_SCREEN)
    + r" \(last \d+ on [^();]*)\)(?=(?:(?!\. ).)*?\btreat on the current score)"
)
#: Its last words where a COWS scored today is treated beside it: the dose held is alcohol withdrawal's, not the
#: buprenorphine for today's COWS (physician review R52, ruling 5, its words).
_ALCOHOL_NO_DOSE_UNRESCORED = "; no dose for alcohol withdrawal here without today's re-score"


def cows_treated_today(rec: Recommendation) -> bool:
    """Whether ``rec`` treats a COWS scored today (13 or more: moderate, moderately severe or severe opioid
    withdrawal, of today's scores, not another day's), whose buprenorphine the same step or box may give.

    Parameters
    ----------
    rec : Recommendation
        A recommendation.

    Returns
    -------
    bool
        ``True`` where a COWS flag of 13 or more stands on today's scores.
    """
    return any(f.code in _COWS_TREATED and f.day is None and not _origin(f.message) for f in rec.flags)


def _old_cows_stands(rec: Recommendation) -> bool:
    """Whether a COWS flag of 13 or more scored on another day than today's stands on ``rec``."""
    return any(f.code in _COWS_TREATED and f.day is not None for f in rec.flags)


#: The headline's first dose before transfer, said without naming which dose (:func:`_any_dose_beside_transfer_once`).
_FIRST_DOSE_BEFORE_TRANSFER = (
    "otherwise a prescriber gives a first dose before transfer if it does not delay the transfer"
)
#: Its words beside an old COWS not re-scored in the headline (physician review R52, noticed outside the changed lines,
#: its words).
FIRST_DOSE_BEFORE_TRANSFER_RESCORED = (
    "otherwise a prescriber gives a first dose for today's withdrawal before transfer only if it does not delay the "
    "transfer (buprenorphine or methadone only on a COWS re-scored today)"
)


def first_dose_before_transfer_rescored(text: str, cows_old: bool) -> str:
    """``text`` (the headline) with its first dose before transfer saying that buprenorphine or methadone needs a COWS
    re-scored today, where an old COWS flag stands (``cows_old``) and ``text`` says no re-score of the COWS
    (physician review R52, noticed outside the changed lines: the headline alone did not say buprenorphine needs
    today's COWS; its words, :data:`FIRST_DOSE_BEFORE_TRANSFER_RESCORED`). ``text`` itself otherwise.

    Parameters
    ----------
    text : str
        The headline.
    cows_old : bool
        Whether a COWS flag of 13 or more scored on another day stands.

    Returns
    -------
    str
        ``text`` with that first dose said anew, or ``text`` itself.

    Examples
    --------
    >>> print(first_dose_before_transfer_rescored("x; " + _FIRST_DOSE_BEFORE_TRANSFER + "; y", True))
    ... # doctest: +NORMALIZE_WHITESPACE
    x; otherwise a prescriber gives a first dose for today's withdrawal before transfer only if it does not delay the
    transfer (buprenorphine or methadone only on a COWS re-scored today); y
    >>> first_dose_before_transfer_rescored("re-score the COWS now; " + _FIRST_DOSE_BEFORE_TRANSFER, True).startswith(
    ...     "re-score the COWS now; otherwise a prescriber gives a first dose before transfer")
    True
    """
    if not cows_old or "re-score the cows" in text.lower():
        return text
    return text.replace(_FIRST_DOSE_BEFORE_TRANSFER, FIRST_DOSE_BEFORE_TRANSFER_RESCORED)


def ciwa_no_dose_unrescored(text: str, cows_today: bool) -> str:
    """``text`` (the headline, or a box) with each old severe CIWA-Ar's bracket of its re-score before transfer only
    if it does not delay it ending "; no dose here without today's re-score", as the moderate one's
    (:data:`MODERATE_CIWA_RESCORE_AT_4`): "(last 21 on 20 Nov 2026, severe; no dose here without today's re-score)",
    "(last 15 on 20 Nov 2026, severe, disoriented; no dose here without today's re-score)"; and, where a COWS scored
    today is treated (``cows_today``: :func:`cows_treated_today`), every such CIWA-Ar bracket, moderate or severe,
    saying which dose it holds: "(last 13 on 20 Nov 2026; no dose for alcohol withdrawal here without today's
    re-score)", so that it is not read as holding the buprenorphine for today's COWS said after it (physician review
    R52, ruling 5, its words). An old complicated CIWA-Ar's bracket of its re-score and delirium screen while the
    transfer is arranged (do not delay the transfer for it), the same sentence then treating on the current score,
    says it too: "(last 10 on 20 Nov 2026, hallucinations; no dose here without today's re-score)", for alcohol
    withdrawal where a COWS scored today is treated (physician review R54, finding A; not the brackets whose boxes give
    no dose, R54 ruling 2).

    Parameters
    ----------
    text : str
        The headline, or a box's words.
    cows_today : bool
        Whether a COWS scored today is treated beside it (:func:`cows_treated_today`).

    Returns
    -------
    str
        ``text`` with those brackets said anew, or ``text`` itself.

    Examples
    --------
    >>> print(ciwa_no_dose_unrescored("Re-score the CIWA-Ar before transfer only if it does not delay it (last 21 on "
    ...                               "20 Nov 2026, severe); if still 15 or more, x", False))
    ... # doctest: +NORMALIZE_WHITESPACE
    Re-score the CIWA-Ar before transfer only if it does not delay it (last 21 on 20 Nov 2026, severe; no dose here
    without today's re-score); if still 15 or more, x
    >>> print(ciwa_no_dose_unrescored("re-score the CIWA-Ar before transfer only if it does not delay it (last 13 on "
    ...                               "20 Nov 2026; no dose here without today's re-score); x", True))
    ... # doctest: +NORMALIZE_WHITESPACE
    re-score the CIWA-Ar before transfer only if it does not delay it (last 13 on 20 Nov 2026; no dose for alcohol
    withdrawal here without today's re-score); x
    >>> print(ciwa_no_dose_unrescored("while the transfer is arranged (do not delay the transfer for it): re-score the "
    ...     "CIWA-Ar and screen for delirium (CAM or 4AT) (last 10 on 20 Nov 2026, hallucinations); treat on the "
    ...     "current score", False))  # doctest: +NORMALIZE_WHITESPACE
    while the transfer is arranged (do not delay the transfer for it): re-score the CIWA-Ar and screen for delirium
    (CAM or 4AT) (last 10 on 20 Nov 2026, hallucinations; no dose here without today's re-score); treat on the current
    score
    """
    if "e-score the CIWA-Ar" not in text:  # each bracket below follows it (read quickly: asked of every box)
        return text
    text = _SEVERE_CIWA_BRACKET.sub(lambda m: f"{m['said']}{_COWS_NO_DOSE_UNRESCORED})", text)
    # the old complicated one whose sentence doses on the current score (physician review R54, finding A)
    unrescored = _ALCOHOL_NO_DOSE_UNRESCORED if cows_today else _COWS_NO_DOSE_UNRESCORED
    text = _COMPLICATED_CIWA_BRACKET.sub(lambda m: f"{m['said']}{unrescored})", text)
    if cows_today:
        text = _CIWA_NO_DOSE_BRACKET.sub(lambda m: f"{m['said']}{_ALCOHOL_NO_DOSE_UNRESCORED})", text)
    return text


def _screened_after(rest: str) -> bool:
    """Whether ``rest`` (what a sentence says after a re-score's dose) says the screen before any dose
    (:data:`_SCREENS_FIRST`) unconditionally: a clause "if still 37 or more, before any dose: ..." guards that branch's
    dose alone, not the re-score's before it (physician review R30a, M1: case 564).

    Examples
    --------
    >>> _screened_after("; after the re-score and the screen, before any dose: screen for intoxication")
    True
    >>> _screened_after("; re-score the COWS now (last 48): if still 37 or more, before any dose: screen")
    False
    """
    for found in re.finditer(re.escape(_SCREENS_FIRST), rest):
        if re.search(r"\bif\b", rest[: found.start()].rsplit(";", 1)[-1]) is None:
            return True
    return False


def transfer_now_first(rec: Recommendation) -> bool:
    """Whether the headline's first step arranges a transfer now that no condition stands before
    (:data:`_TRANSFER_CONDITION`: "if still 15 or more, ... arrange transfer now" is the re-score's, not yet a
    transfer): the boxes then say it in its words (:mod:`iopkit.placement.boxes`)."""
    return _transfer_now_first_in(rec.headline)


def _transfer_now_first_in(headline: str) -> bool:
    """Whether ``headline``'s first step arranges a transfer now that no condition stands before
    (:func:`transfer_now_first`, read from the text)."""
    from .steps import headline_steps

    steps = headline_steps(headline)
    first = steps[0].text if steps else ""
    at = first.find("arrange transfer now")
    return at >= 0 and _TRANSFER_CONDITION.search(first[:at]) is None


#: What makes a headline's transfer conditional: an "if", a re-score that decides it, or a threshold ("at 8 or more").
_TRANSFER_CONDITION = re.compile(r"\bif\b|\bre-score\b|\bat \d+ or more\b")

#: A COWS re-score's 13-36 branch where alcohol withdrawal alongside calls for medically managed withdrawal
#: (:data:`_MANAGED_ESCALATION`, :func:`_alongside`), the CIWA-Ar as the text says it ("CIWA-Ar 14 today").
_MANAGED_BRANCH = re.compile(
    r"\bif 13-36: arrange medically managed withdrawal or a higher level of care: co-occurring alcohol withdrawal "
    r"\((?P<ciwa>[^()]*)\)"
)
#: The same branch beside a transfer already ordered: the receiving team arranges it (physician review R49, Q6, its
#: words).
_MANAGED_TOLD = (
    r"if 13-36: tell the receiving team that medically managed withdrawal is needed (co-occurring alcohol withdrawal, "
    r"\g<ciwa>)"
)


def managed_withdrawal_told(text: str, transfer_ordered: bool) -> str:
    """``text`` (the headline, or a box) with a COWS re-score's 13-36 branch that arranges medically managed
    withdrawal for alcohol withdrawal alongside said, beside a transfer already ordered (``transfer_ordered``: the
    headline's first step arranges a transfer now, :func:`transfer_now_first`), as what the receiving team is told:
    "if 13-36: tell the receiving team that medically managed withdrawal is needed (co-occurring alcohol withdrawal,
    CIWA-Ar 14 today)" (physician review R49, Q6, its words: the transfer is already arranged, the withdrawal
    management is the receiving team's). ``text`` itself otherwise.

    Examples
    --------
    >>> print(managed_withdrawal_told("if 13-36: arrange medically managed withdrawal or a higher level of care: "
    ...                               "co-occurring alcohol withdrawal (CIWA-Ar 14 today); treat", True))
    ... # doctest: +NORMALIZE_WHITESPACE
    if 13-36: tell the receiving team that medically managed withdrawal is needed (co-occurring alcohol withdrawal,
    CIWA-Ar 14 today); treat
    >>> managed_withdrawal_told("if 13-36: arrange medically managed withdrawal or a higher level of care: "
    ...                         "co-occurring alcohol withdrawal (CIWA-Ar 14 today)", False)[:41]
    'if 13-36: arrange medically managed withd'
    """
    return _MANAGED_BRANCH.sub(_MANAGED_TOLD, text) if transfer_ordered else text


def rescore_screened_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box's re-score "treat on the current score" said behind the screen before any dose as its
    headline says it (:func:`rescore_screened`; physician review R28, M4: the box says the same), the transfer's form
    where the headline's re-score is said after a transfer arranged now; each box's treatment with its timing before a
    transfer where the headline's first step arranges one now that no condition stands before
    (:func:`transfer_now_first`; physician review R30a, S6); ``rec`` itself otherwise."""
    head = rec.headline
    at = head.find(_ON_THE_CURRENT_SCORE)
    transfer = None if at < 0 else "transfer now" in head[:at]  # no re-score in the headline: read from the box
    now = transfer_now_first(rec)
    flags = tuple(replace(f, action=rescore_screened(rec, f.action, transfer, True, now)) for f in rec.flags)
    # the headline and the first step read the flags as raised (as overdose_asked_in_boxes keeps them)
    return replace(rec, flags=flags, raised=rec.raised or rec.flags) if flags != rec.flags else rec


#: A same-day suicide risk assessment said without its safety planning (:func:`_safety_planning_said`).
_ASSESSMENT_UNPLANNED = re.compile(r"\ba same-day suicide risk assessment(?! (?:with|and) safety planning)")


def _safety_planning_said(rec: Recommendation, headline: str) -> str:
    """The headline with every same-day suicide risk assessment of ``rec`` said "with safety planning" where a finding
    calls for it (C-SSRS moderate risk, :func:`_safety_planned`), also where a re-score or a prescriber's review is
    joined to it: "before the patient leaves, a same-day suicide risk assessment with safety planning, and a
    prescriber's review: ..." (physician review R28, M5; physician case table C16; Columbia C-SSRS Screener triage;
    Stanley & Brown 2012, Safety Planning Intervention; Joint Commission NPSG 15.01.01)."""
    from .resolution import WITH_SAFETY_PLANNING

    if not _safety_planned(rec):
        return headline
    return _ASSESSMENT_UNPLANNED.sub(lambda m: f"{m[0]}{WITH_SAFETY_PLANNING}", headline)


#: A handover that tells the receiving team of a C-SSRS moderate risk and asks them for a suicide risk assessment
#: without its safety planning (:func:`suicide_asks_said`; a bracket inside the told part, e.g. "(method considered,
#: or suicidal behaviour over 3 months ago; never assessed)", read whole).
_MODERATE_ASKED_UNPLANNED = re.compile(
    r"\btell the receiving team (?:[^;()]|\([^()]*\))*?\bmoderate risk\b(?:[^;()]|\([^()]*\))*?,? and ask them for a "
    r"suicide risk assessment(?! with safety planning)"
)
#: The request of the receiving team, said without "once the patient is able to answer" (:func:`suicide_asks_said`).
_ASKED_NOT_ONCE_ABLE = re.compile(
    r"\bask them for a suicide risk assessment(?: with safety planning)?(?! with safety planning)"
    r"(?! once the patient is able to answer)"
)
#: What the request adds where the headline asks so (physician review R50, should-fix S1; R51).
ONCE_ABLE_TO_ANSWER = " once the patient is able to answer"
#: The moderate-risk box's request of the receiving team, "... was moderate risk and ask them for it (do not delay the
#: transfer for it)", said without "once the patient is able to answer" (:func:`suicide_asks_said`; physician review
#: R53, ruling 1).
_ASKED_FOR_IT_NOT_ONCE = re.compile(
    r"\bmoderate risk and ask them for it(?= \(do not delay the transfer for it\)|, without delaying the transfer"
    r"|; do not delay the transfer for it)"
)
#: The headline's declines-transfer step said without its safety planning, as a box copies it
#: (:func:`suicide_asks_said`; physician review R53, ruling 3, case 88).
_DECLINES_UNPLANNED = re.compile(
    r"\bif the patient declines transfer: a same-day suicide risk assessment(?! (?:with|and) safety planning)"
)
#: The delirium branch's request of the receiving team, up to its end (:func:`delirium_asked_once`; physician review
#: R53, finding A): its handover said after "staff with the patient until handover", or in its "(if transferred: ...)"
#: bracket (case 29's box), its told part a clause of its own.
_DELIRIUM_ASKED = re.compile(
    r"\bif delirium: emergency evaluation: arrange transfer now by emergency services \([^()]*\); staff with the "
    r"patient until handover"
    r"(?:; | \(if transferred: )at handover tell the receiving team [^;]*?\band ask them for a suicide risk assessment"
    r"(?: with safety planning)?(?! with safety planning)"
)


def suicide_asks_said(text: str, planned: bool, once: bool = False) -> str:
    """``text`` (the headline, or a box) with each request of the receiving team for a suicide risk assessment said as
    the headline says it: with ``planned`` (a C-SSRS moderate risk stands, :func:`_safety_planned`) each handover that
    tells the moderate risk asks "for a suicide risk assessment with safety planning" (physician review R50, b6 Q1:
    the re-score branch of cases 88, 133, 291, 532 and 780 asked without it, 39 other cases with it; Columbia C-SSRS
    Screener triage, Stanley & Brown 2012), and a box's copy of the headline's declines-transfer step says the
    headline's "if the patient declines transfer: a same-day suicide risk assessment with safety planning before the
    patient leaves" (physician review R53, ruling 3: case 88's severe_opioid_withdrawal and dimension-1 boxes); with
    ``once`` (the headline asks "once the patient is able to answer") every request says so before its end, "ask them
    for a suicide risk assessment once the patient is able to answer (do not delay the transfer for it)" (physician
    review R51, widening R50 S1: 217 boxes in 125 of the 800 random cases, e.g. case 10, asked without it beside a
    headline that asks with it), the moderate-risk box's "ask them for it" too (physician review R53, ruling 1: 44
    suicide_risk_moderate boxes, e.g. case 82). Whatever ``once``, the delirium branch's request says it
    (:func:`delirium_asked_once`).

    Parameters
    ----------
    text : str
        The headline, or a box's words.
    planned : bool
        Whether a C-SSRS moderate risk stands (its assessment asked with safety planning).
    once : bool
        Whether the headline (as shown, outside its delirium branch) asks "once the patient is able to answer".

    Returns
    -------
    str
        ``text`` with its requests said so (``text`` itself where none changes).

    Examples
    --------
    >>> print(suicide_asks_said("tell the receiving team that today's C-SSRS screen was moderate risk, and ask them "
    ...     "for a suicide risk assessment, without delaying the transfer", True))  # doctest: +NORMALIZE_WHITESPACE
    tell the receiving team that today's C-SSRS screen was moderate risk, and ask them for a suicide risk assessment
    with safety planning, without delaying the transfer
    >>> suicide_asks_said("and ask them for a suicide risk assessment (do not delay the transfer for it)", False, True)
    'and ask them for a suicide risk assessment once the patient is able to answer (do not delay the transfer for it)'
    >>> suicide_asks_said("was moderate risk and ask them for it (do not delay the transfer for it)", True, True)
    'was moderate risk and ask them for it once the patient is able to answer (do not delay the transfer for it)'
    >>> print(suicide_asks_said("if the patient declines transfer: a same-day suicide risk assessment before the "
    ...     "patient leaves", True))  # doctest: +NORMALIZE_WHITESPACE
    if the patient declines transfer: a same-day suicide risk assessment with safety planning before the patient
    leaves
    """
    from .resolution import WITH_SAFETY_PLANNING

    if planned:
        text = _MODERATE_ASKED_UNPLANNED.sub(lambda m: f"{m[0]}{WITH_SAFETY_PLANNING}", text)
        text = _DECLINES_UNPLANNED.sub(lambda m: f"{m[0]}{WITH_SAFETY_PLANNING}", text)
    if once:
        text = _ASKED_NOT_ONCE_ABLE.sub(lambda m: f"{m[0]}{ONCE_ABLE_TO_ANSWER}", text)
        text = _ASKED_FOR_IT_NOT_ONCE.sub(lambda m: f"{m[0]}{ONCE_ABLE_TO_ANSWER}", text)
    return delirium_asked_once(text)


def delirium_asked_once(text: str) -> str:
    """``text`` (the headline, or a box) with the delirium branch's request of the receiving team ("if delirium:
    emergency evaluation: arrange transfer now (...); staff with the patient until handover; at handover tell the
    receiving team ..., and ask them for a suicide risk assessment ...") said "once the patient is able to answer"
    before its end: a delirious patient can neither answer nor plan (physician review R53, finding A: cases 532 and
    780, their headlines and possible_inattention boxes; case 29's box already said it; R50 S1's concern). Only that
    branch's request: the other requests of the same text stay as they are.

    Parameters
    ----------
    text : str
        The headline, or a box's words.

    Returns
    -------
    str
        ``text`` with the delirium branch's request said so (``text`` itself where it says none, or says it so).

    Examples
    --------
    >>> print(delirium_asked_once(
    ...     f"{IF_DELIRIUM_TRANSFER}; at handover tell the receiving team the delirium screen, that today's C-SSRS "
    ...     "screen was moderate risk, and ask them for a suicide risk assessment with safety planning, without "
    ...     "delaying the transfer"
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    if delirium: emergency evaluation: arrange transfer now by emergency services (ED, or 4-WM); staff with the patient
    until handover; at handover tell the receiving team the delirium screen, that today's C-SSRS screen was moderate
    risk, and ask them for a suicide risk assessment with safety planning once the patient is able to answer, without
    delaying the transfer
    """
    return _DELIRIUM_ASKED.sub(
        lambda m: m[0] if text.startswith(ONCE_ABLE_TO_ANSWER, m.end()) else f"{m[0]}{ONCE_ABLE_TO_ANSWER}", text
    )


def asks_once_beyond_delirium(text: str) -> bool:
    """Whether ``text`` (the headline as shown) asks the receiving team for a suicide risk assessment "once the patient
    is able to answer" outside its delirium branch (:func:`delirium_asked_once`), the request every box then says so
    (physician review R51): the delirium branch's own "once" spreads to no other request (physician review R53,
    finding A: cases 532 and 780 keep the COWS 37-or-more and the after-dosing requests as they were).

    Parameters
    ----------
    text : str
        The headline as shown.

    Returns
    -------
    bool
        ``True`` where a request outside the delirium branch says "once the patient is able to answer".

    Examples
    --------
    >>> asks_once_beyond_delirium(
    ...     "if delirium: emergency evaluation: arrange transfer now by emergency services (ED, or 4-WM); staff with "
    ...     "the patient until handover; at handover tell the receiving team x, and ask them for a suicide risk "
    ...     "assessment once the patient is able to answer, without delaying the transfer"
    ... )
    False
    """
    outside = _DELIRIUM_ASKED.sub("", text)
    return (
        re.search(rf"ask them for a suicide risk assessment(?: with safety planning)?{ONCE_ABLE_TO_ANSWER}", outside)
        is not None
    )


#: An old severe COWS re-score's condition with the screen before any dose said inside it: "if still 37 or more, ", then
#: "before any dose: ", after the first step's CIWA-Ar re-score (and delirium screen) where a box waits for it
#: (:func:`screen_before_cows_condition`).
_SCREEN_IN_CONDITION = re.compile(
    r"(?P<condition>if still 37 or more, )"
    r"(?P<screen>(?:after the first step's [^,()]*(?:\([^()]*\))?, )?before any dose: )"
)
_OTHERWISE_AFTER_SCREEN = "; otherwise "
#: A branch after the condition's that doses on the re-score whatever it finds (below 37 too).
_TREATED_ON_THE_SCORE = re.compile(r"\btreat on the current scores?\b")


#: The COWS re-score's hold beside an intoxication and overdose screen, and the same hold barring a dose in delirium too
#: (physician review R55, ruling 2).
_COWS_HOLD = (
    "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services"
)
_COWS_HOLD_DELIRIUM = (
    "if delirium, an overdose or ingestion, or intoxicated: no dose here (delirium, or an overdose or ingestion: call "
    "emergency services"
)


def cows_hold_names_delirium(text: str) -> str:
    """``text`` (the headline) with a COWS re-score's hold said after a delirium screen of the same text barring a
    dose in delirium too: "re-score the COWS now (...): before any dose: ...; if delirium, an overdose or ingestion, or
    intoxicated: no dose here (delirium, or an overdose or ingestion: call emergency services ...", as the COWS boxes'
    hold says it beside the first step's delirium screen. Physician review R55, ruling 2 (case 564: the CIWA-Ar step
    screened for delirium, the COWS part's hold did not bar buprenorphine or methadone in delirium while the patient
    waits for the ED). ``text`` itself where no delirium screen comes before the COWS re-score, or its hold names
    delirium already.

    Parameters
    ----------
    text : str
        A headline.

    Returns
    -------
    str
        ``text`` with the COWS part's hold naming delirium, or ``text`` itself.

    Examples
    --------
    >>> print(cows_hold_names_delirium(
    ...     "screen for delirium (CAM or 4AT); re-score the COWS now (x): before any dose: screen; if an overdose "
    ...     "or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services)"
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    screen for delirium (CAM or 4AT); re-score the COWS now (x): before any dose: screen; if delirium, an
    overdose or ingestion, or intoxicated: no dose here (delirium, or an overdose or ingestion: call emergency services)
    >>> cows_hold_names_delirium("re-score the COWS now (x): if an overdose or ingestion, or intoxicated: no dose")
    're-score the COWS now (x): if an overdose or ingestion, or intoxicated: no dose'
    """
    cows = text.find("re-score the COWS now (")
    if cows < 0 or "screen for delirium (CAM or 4AT)" not in text[:cows]:
        return text
    hold = text.find(_COWS_HOLD, cows)
    if hold < 0:
        return text
    return text[:hold] + _COWS_HOLD_DELIRIUM + text[hold + len(_COWS_HOLD) :]


#: An old complicated CIWA-Ar's re-score and delirium screen, by its bracket: "re-score the CIWA-Ar and screen for
#: delirium (CAM or 4AT) (last 15 on 20 Nov 2026, severe, disoriented): ..." (physician review R57, must-fix M2).
_CIWA_DELIRIUM_BRACKET = f"{DELIRIUM_SCREEN} (last "
#: That step's hold of a dose for intoxication alone, and the same hold barring a dose in delirium too, as the COWS
#: box's hold beside it says it (physician review R57, must-fix M2, the words of case 144's moderate_opioid_withdrawal
#: box).
_INTOXICATED_NO_DOSE_NOW = "if intoxicated: no dose now ("
_DELIRIUM_OR_INTOXICATION_NO_DOSE = (
    "if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: "
)


def delirium_held_with_intoxication(text: str) -> str:
    """``text`` (the headline, or a box) with each hold after an old complicated CIWA-Ar's re-score and delirium screen
    ("re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last ...") that holds a dose for intoxication alone,
    "if intoxicated: no dose now (<the hold>)", barring a dose in delirium too: "if delirium or intoxication: no dose
    here (delirium: to the ED by emergency services; intoxication: <the hold>)", as the moderate_opioid_withdrawal box
    beside it says it. Physician review R57, must-fix M2 (cases 144 and 422: a delirious patient who was not
    intoxicated fell in "otherwise treat on the current score" and could be dosed here; delirium is a medical
    emergency for the ED, ASAM 2020). The transfer list before it is kept as it is. ``text`` itself where no such
    bracket comes before the hold.

    Parameters
    ----------
    text : str
        The headline, or a box's action.

    Returns
    -------
    str
        ``text`` with those holds said anew, or ``text`` itself.

    Examples
    --------
    >>> print(delirium_held_with_intoxication(
    ...     "re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 15 on 20 Nov 2026): x; if intoxicated: no "
    ...     "dose now (y; z); otherwise treat on the current score"
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 15 on 20 Nov 2026): x; if delirium or
    intoxication: no dose here (delirium: to the ED by emergency services; intoxication: y; z); otherwise treat on the
    current score
    >>> delirium_held_with_intoxication("re-score the CIWA-Ar now (last 13): if intoxicated: no dose now (y)")
    're-score the CIWA-Ar now (last 13): if intoxicated: no dose now (y)'
    """
    at = text.find(_CIWA_DELIRIUM_BRACKET)
    if at < 0:
        return text
    return text[:at] + text[at:].replace(_INTOXICATED_NO_DOSE_NOW, _DELIRIUM_OR_INTOXICATION_NO_DOSE)


#: That step's list sending delirium with the other findings of its re-score to a transfer ("ED, or 4-WM"), and
#: delirium said first, alone, to the ED by emergency services with no dose here (physician review R59, must-fix 1, the
#: reviewer's words).
_DELIRIUM_IN_TRANSFER_LIST = "if delirium, a seizure since the last score"
_DELIRIUM_TO_ED_FIRST = (
    "if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; "
    "if a seizure since the last score"
)


def delirium_to_ed_first(text: str) -> str:
    """``text`` (the headline, or a box) with each list after an old complicated CIWA-Ar's re-score and delirium screen
    ("re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last ...") that opens with delirium among the findings
    that set off the transfer, "if delirium, a seizure since the last score, ...: arrange transfer now (ED, or 4-WM);
    ...", said with delirium first and alone: "if delirium: no dose here; call emergency services for the ED; staff
    with the patient until handover; if a seizure since the last score, ...: <the list's transfer as it was>; ...".
    Physician review R59, must-fix 1 (the same text sent delirium to "ED, or 4-WM" and later "to the ED by emergency
    services"; delirium is a medical emergency with causes other than withdrawal, for an ED work-up and monitored
    transport, ASAM 2020). The rest of the list, its transfer and the later hold are kept as they are (where that hold
    names only an overdose, an ingestion or intoxication, this opening holds the dose in delirium). ``text`` itself
    where no such bracket comes before the list.

    Parameters
    ----------
    text : str
        The headline, or a box's action.

    Returns
    -------
    str
        ``text`` with those lists said anew, or ``text`` itself.

    Examples
    --------
    >>> print(delirium_to_ed_first(
    ...     "re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 15 on 20 Nov 2026): x; if delirium, a "
    ...     "seizure since the last score or a total of 15 or more: arrange transfer now (ED, or 4-WM); y"
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 15 on 20 Nov 2026): x; if delirium: no dose here;
    call emergency services for the ED; staff with the patient until handover; if a seizure since the last score or a
    total of 15 or more: arrange transfer now (ED, or 4-WM); y
    >>> delirium_to_ed_first("re-score the CIWA-Ar now (last 13): if delirium, a seizure since the last score: x")
    're-score the CIWA-Ar now (last 13): if delirium, a seizure since the last score: x'
    """
    at = text.find(_CIWA_DELIRIUM_BRACKET)
    if at < 0:
        return text
    return text[:at] + text[at:].replace(_DELIRIUM_IN_TRANSFER_LIST, _DELIRIUM_TO_ED_FIRST)


def delirium_named_in_hold(text: str) -> str:
    """``text`` (the headline, a box, or a flag shown without a placement) with the hold after an old complicated
    CIWA-Ar's re-score and delirium screen ("re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last ...")
    that names only an overdose, an ingestion or intoxication, "if an overdose or ingestion, or intoxicated: no dose
    here (an overdose or ingestion: call emergency services ...", barring a dose in delirium too: "if delirium, an
    overdose or ingestion, or intoxicated: no dose here (delirium, or an overdose or ingestion: call emergency services
    ...", the words of the COWS part's hold beside a delirium screen (physician review R55, ruling 2). Session 31's
    note, item 1, after physician review R59, must-fix 1 (cases 7, 318, 560, 670, 688 and 759: beside a high C-SSRS
    screen and a transfer already ordered the headline screened for delirium and then said only "otherwise a first dose
    before transfer", while the boxes said "if delirium: no dose here"; delirium is a medical emergency for the ED,
    ASAM 2020). ``text`` itself where no such bracket comes before the hold, or where "if delirium" is said anywhere
    after the bracket (the boxes' list says delirium first, alone: :func:`delirium_to_ed_first`; a step whose
    conditional transfer says delirium's own branch after the hold keeps it there).

    Parameters
    ----------
    text : str
        The headline, a box's action, or a flag's action.

    Returns
    -------
    str
        ``text`` with that hold naming delirium, or ``text`` itself.

    Examples
    --------
    >>> print(delirium_named_in_hold(
    ...     "re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 10 on 20 Nov 2026): before any dose: x; "
    ...     "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency "
    ...     "services)"
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 10 on 20 Nov 2026): before any dose: x; if
    delirium, an overdose or ingestion, or intoxicated: no dose here (delirium, or an overdose or ingestion: call
    emergency services)
    >>> delirium_named_in_hold(
    ...     "re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 10): if delirium: no dose here; y; if an "
    ...     "overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services)"
    ... ) == (
    ...     "re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 10): if delirium: no dose here; y; if an "
    ...     "overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services)"
    ... )
    True
    """
    at = text.find(_CIWA_DELIRIUM_BRACKET)
    hold = text.find(_COWS_HOLD, at) if at >= 0 else -1
    if hold < 0 or "if delirium" in text[at:]:
        return text
    return text[:hold] + _COWS_HOLD_DELIRIUM + text[hold + len(_COWS_HOLD) :]


def delirium_first_said(text: str) -> str:
    """``text`` (the headline, a box, or a flag shown without a placement) with both rules on an old complicated
    CIWA-Ar's re-score and delirium screen: its hold bars a dose in delirium too
    (:func:`delirium_held_with_intoxication`, physician review R57, must-fix M2), and its list says delirium first,
    alone (:func:`delirium_to_ed_first`, physician review R59, must-fix 1); where no such list says delirium before
    the hold, the hold names it (:func:`delirium_named_in_hold`, after R59, must-fix 1). One piece for the headline,
    the boxes and the chart's flags, so that they say it alike.

    Parameters
    ----------
    text : str
        The headline, a box's action, or a flag's action.

    Returns
    -------
    str
        ``text`` with those holds and lists said anew, or ``text`` itself.
    """
    return delirium_named_in_hold(delirium_to_ed_first(delirium_held_with_intoxication(text)))


#: An old complicated CIWA-Ar's re-score and delirium screen before transfer only if it does not delay it (a rating of
#: 4: physician review R57, must-fix M3).
DELIRIUM_SCREEN_BEFORE_TRANSFER = re.compile(
    r"\b[Rr]e-score the CIWA-Ar and " + re.escape(DELIRIUM_SCREEN) + r" before transfer only if it does not delay it\b"
)
#: A box's old COWS re-score before transfer only if it does not delay it, no dose without it, then its screen before
#: any dose without thiamine and glucose (physician review R52, ruling 4's form).
_COWS_DOSE_UNSCREENED_AT_TRANSFER = re.compile(
    r"(?P<rescore>\b[Rr]e-score the COWS before transfer only if it does not delay it \([^()]*"
    + re.escape(_COWS_NO_DOSE_UNRESCORED)
    + r"\); )(?P<screen>before any dose: (?:ask about any overdose or ingestion today and )?screen for intoxication "
    + re.escape(INTOXICATION_SIGNS)
    + r")(?!, give thiamine)"
)
#: What such a box's dose waits for beside that CIWA-Ar (physician review R57, must-fix M3, the reviewer's words).
NO_DOSE_BEFORE_CIWA_AND_DELIRIUM = (
    "no dose here unless today's COWS and CIWA-Ar re-scores are done and a delirium screen (CAM or 4AT) finds no "
    "delirium"
)
#: The headline's handover of a rating of 4 naming both scores and any dose, and what it says after it beside those
#: boxes (physician review R57, must-fix M3, the reviewer's words).
_SCORES_AND_DOSE_TOLD = "the last CIWA-Ar and COWS scores and any dose with its time"
#: Said as "no dose here unless ..." with both re-scores and a delirium screen finding no delirium, as the boxes say it
#: ("before" allowed a dose after a screen finding delirium, and left out the COWS re-score: physician review R59, 3,
#: the reviewer's words).
_NO_DOSE_BEFORE_CIWA_AND_DELIRIUM_HEADLINE = (
    "; no dose here unless today's CIWA-Ar and COWS re-scores are done and a delirium screen (CAM or 4AT) finds no "
    "delirium (if delirium: call emergency services for the ED if not already called)"
)


def cows_dose_after_delirium_screen(text: str) -> str:
    """``text`` (a box) with an old COWS's re-score before transfer only if it does not delay it, "(last 19 on 20 Nov
    2026; no dose here without today's re-score); before any dose: ask about any overdose or ingestion today and
    screen for intoxication (...)", holding its dose until both re-scores and a delirium screen are done, with thiamine
    and glucose before it: "(...; no dose here without today's re-score); no dose here unless today's COWS and CIWA-Ar
    re-scores are done and a delirium screen (CAM or 4AT) finds no delirium; before any dose: ask about any overdose or
    ingestion today and screen for intoxication (...), give thiamine and check blood glucose; ...". For a box beside
    an old complicated CIWA-Ar whose re-score and delirium screen are before transfer only if it does not delay it
    (:data:`DELIRIUM_SCREEN_BEFORE_TRANSFER`; the caller decides). Physician review R57, must-fix M3 (case 700: the
    COWS boxes allowed a dose, a benzodiazepine too, with no CIWA-Ar re-score, delirium screen, thiamine or glucose;
    hallucinations 12 days ago mean possible withdrawal delirium, Sullivan 1989). ``text`` itself where no such
    re-score opens a screen without thiamine.

    Parameters
    ----------
    text : str
        A box's action.

    Returns
    -------
    str
        ``text`` with that dose held, or ``text`` itself.

    Examples
    --------
    >>> print(cows_dose_after_delirium_screen(
    ...     "Re-score the COWS before transfer only if it does not delay it (last 19 on 20 Nov 2026; no dose here "
    ...     "without today's re-score); before any dose: screen for intoxication (breath alcohol above zero, or "
    ...     "signs of sedative intoxication); if intoxicated: no dose here (x); otherwise treat on the current score"
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    Re-score the COWS before transfer only if it does not delay it (last 19 on 20 Nov 2026; no dose here without
    today's re-score); no dose here unless today's COWS and CIWA-Ar re-scores are done and a delirium screen (CAM or
    4AT) finds no delirium; before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative
    intoxication), give thiamine and check blood glucose; if intoxicated: no dose here (x); otherwise treat on the
    current score
    """
    return _COWS_DOSE_UNSCREENED_AT_TRANSFER.sub(
        lambda m: (
            f"{m['rescore']}{NO_DOSE_BEFORE_CIWA_AND_DELIRIUM}; {m['screen']}, give thiamine and check blood glucose"
        ),
        text,
    )


def dose_after_delirium_screen_said(text: str, boxes_hold: bool) -> str:
    """``text`` (the headline) with its handover of both scores and any dose, "the last CIWA-Ar and COWS scores and any
    dose with its time", followed by "; no dose here unless today's CIWA-Ar and COWS re-scores are done and a delirium
    screen (CAM or 4AT) finds no delirium (if delirium: call emergency services for the ED if not already called)",
    where its boxes hold the COWS dose for them (``boxes_hold``: :func:`cows_dose_after_delirium_screen`), so the
    headline says what its boxes say. Physician review R57, must-fix M3 (case 700: the headline said nothing about any
    dose); physician review R59, 3 (the words: "no dose here before the CIWA-Ar re-score and the delirium screen"
    allowed a dose after a screen finding delirium and left out the COWS re-score). ``text`` itself otherwise.

    Parameters
    ----------
    text : str
        The headline.
    boxes_hold : bool
        Whether a box says :data:`NO_DOSE_BEFORE_CIWA_AND_DELIRIUM`.

    Returns
    -------
    str
        ``text`` with the clause said, or ``text`` itself.

    Examples
    --------
    >>> print(dose_after_delirium_screen_said(
    ...     "at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time; x", True
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time; no dose here
    unless today's CIWA-Ar and COWS re-scores are done and a delirium screen (CAM or 4AT) finds no delirium (if
    delirium: call emergency services for the ED if not already called); x
    >>> dose_after_delirium_screen_said("the last CIWA-Ar and COWS scores and any dose with its time", False)
    'the last CIWA-Ar and COWS scores and any dose with its time'
    """
    if not boxes_hold or _NO_DOSE_BEFORE_CIWA_AND_DELIRIUM_HEADLINE in text:
        return text
    return text.replace(_SCORES_AND_DOSE_TOLD, _SCORES_AND_DOSE_TOLD + _NO_DOSE_BEFORE_CIWA_AND_DELIRIUM_HEADLINE, 1)


def screen_before_cows_condition(text: str) -> str:
    """``text`` (the headline, or a box) with an old severe COWS re-score's screen before any dose said inside its
    condition ("if still 37 or more, before any dose: ...; otherwise a prescriber treats withdrawal now ...") said
    before the condition, its hold with it, the condition after its "otherwise " ("before any dose: ...; otherwise if
    still 37 or more, a prescriber treats withdrawal now ..."), where ``text`` treats on the current score after that
    branch (below 37: the dose the screen must guard too); ``text`` itself otherwise (a step that doses only at 37 or
    more, e.g. the rating-4 form "before transfer only if it does not delay it", case 742). Physician review R51 (the
    severe COWS and buprenorphine threshold boxes: cases 273 and 499; R17b must-fix M1's form), R53 ruling 4 (the
    headline and dimension 1's rating-below box in the boxes' form: a COWS re-score of 13-36 was dosed with no
    intoxication or overdose screen, e.g. case 35's headline).

    Parameters
    ----------
    text : str
        A headline or a box's action.

    Returns
    -------
    str
        ``text`` with the screen said before the condition, or ``text`` itself.

    Examples
    --------
    >>> print(screen_before_cows_condition(
    ...     "Re-score the COWS now (last 48): if still 37 or more, before any dose: screen for intoxication; if "
    ...     "intoxicated: no dose now (x; y); otherwise a prescriber treats withdrawal now; if below 37: treat on the "
    ...     "current score"
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    Re-score the COWS now (last 48): before any dose: screen for intoxication; if intoxicated: no dose now (x; y);
    otherwise if still 37 or more, a prescriber treats withdrawal now; if below 37: treat on the current score
    >>> screen_before_cows_condition("if still 37 or more, before any dose: x; otherwise y")
    'if still 37 or more, before any dose: x; otherwise y'
    """
    m = _SCREEN_IN_CONDITION.search(text)
    if m is None:
        return text
    depth, end = 0, -1
    for i in range(m.end(), len(text)):
        depth += (text[i] == "(") - (text[i] == ")")
        if depth == 0 and text.startswith(_OTHERWISE_AFTER_SCREEN, i):
            end = i + len(_OTHERWISE_AFTER_SCREEN)
            break
    if end < 0 or not _TREATED_ON_THE_SCORE.search(text, end):
        return text
    return f"{text[: m.start()]}{text[m.start('screen') : end]}{m['condition']}{text[end:]}"


#: An old severe COWS re-score's dose after its screen (:func:`screen_before_cows_condition`), and what it says beside
#: a transfer the same text arranges (physician review R71, should-fix 5, ruled R73 item 2: cases 125, 470 and 564).
_TREATS_BEFORE_LEAVING = "otherwise if still 37 or more, a prescriber treats withdrawal now, before the patient leaves"
_IF_TRANSFERRED_FIRST_DOSE = "(if transferred: a first dose before transfer only if it does not delay the transfer)"
_TREATS_BEFORE_LEAVING_UNTIMED = re.compile(rf"{re.escape(_TREATS_BEFORE_LEAVING)}(?! \(if transferred: )")


def first_dose_if_transferred(text: str) -> str:
    """``text`` (the headline, or a box) whose old severe COWS re-score treats "otherwise if still 37 or more, ...
    before the patient leaves" (:func:`screen_before_cows_condition`) in a text that also arranges a transfer now
    (an old CIWA-Ar's re-score that finds a seizure, hallucinations, disorientation or 15 or more; two withdrawals'
    emergency branch) saying that dose's timing if the patient is transferred: "..., before the patient leaves (if
    transferred: a first dose before transfer only if it does not delay the transfer)". Physician review R71,
    should-fix 5, ruled R73 item 2, its words: that "otherwise" sets aside only the screen's holds (delirium,
    intoxication), so the transfer can apply to the same patient, and the dose rule is the one every other text says
    beside a transfer (cases 125, 470 and 564 of the 800; the forms whose "otherwise" excludes the transfer, cases 88,
    249, 273, 639 and 657, say nothing more). ``text`` itself otherwise.

    Examples
    --------
    >>> print(first_dose_if_transferred(
    ...     "x: arrange transfer now (ED, or 4-WM); y; otherwise if still 37 or more, a prescriber treats withdrawal "
    ...     "now, before the patient leaves: buprenorphine"
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    x: arrange transfer now (ED, or 4-WM); y; otherwise if still 37 or more, a prescriber treats withdrawal now, before
    the patient leaves (if transferred: a first dose before transfer only if it does not delay the transfer):
    buprenorphine
    >>> first_dose_if_transferred(f"y; {_TREATS_BEFORE_LEAVING}: buprenorphine").endswith("leaves: buprenorphine")
    True
    >>> said = first_dose_if_transferred(f"arrange transfer now; {_TREATS_BEFORE_LEAVING}: b")
    >>> first_dose_if_transferred(said) == said  # said once, however often the text is read
    True
    """
    if _TREATS_BEFORE_LEAVING not in text or _ARRANGE_TRANSFER not in text:
        return text
    return _TREATS_BEFORE_LEAVING_UNTIMED.sub(f"{_TREATS_BEFORE_LEAVING} {_IF_TRANSFERRED_FIRST_DOSE}", text)


@functools.lru_cache(maxsize=512)
def _first_step_of(read: Recommendation) -> FirstStep | None:
    """:attr:`Recommendation.first_step` of ``read`` (its flags as raised), said once for each recommendation that
    reads the same."""
    return read._first_step()


@functools.lru_cache(maxsize=1024, typed=True)
def _cached_pass(step: Callable[..., _T], *words: Hashable) -> _T:
    """``step(*words)``, worked out once for the same words (a cache, unlike the ``*_once`` passes, which say a clause
    once in a text): a pass of the headline after its steps
    (:meth:`Recommendation._headline_said`), each a pure function of the text so far and of what it is given (the
    case's flags among them, or a fact read from the case). The boxes' build reads the headline of each recommendation
    it makes, and most passes then read the same words as for the one before: only the passes whose words changed are
    said again. The same text as without it, word for word."""
    return step(*words)


@functools.lru_cache(maxsize=512)
def _steps_said(rec: Recommendation, as_built: bool) -> str:
    """The headline of ``rec`` (its flags as raised) up to where the boxes' build reads it (:func:`headline_as_built`,
    ``as_built``): said once for each recommendation read the same way, however many box texts the build changes beside
    it (:meth:`Recommendation._headline_said`, which says the rest)."""
    # the plan's ambulatory withdrawal management with describe()'s condition (R18 S4 under R21 M1); how the
    # patient dosed here goes home (R21 S5); 2-WM beside two withdrawals (R25b, R26a M2/M3), a
    # benzodiazepine's monitoring only in a sentence that may give one (R25b)
    text = _benzodiazepine_only_where_given(_any_dose_beside_transfer_once(_headline(rec)))
    text = _two_wm_beside_two_withdrawals(rec, _alongside_at_rescore(text))
    # two old withdrawals, the COWS above 36: its re-score still above 36 with the CIWA-Ar's of 8 or more an
    # emergency evaluation, said last, after the handover and driving rules placed theirs (physician review R31, M2)
    text = two_withdrawals_severe(rec, _home_after_dose(rec, _ambulatory_wm_conditioned(rec, text)))
    # the worse history, an old complicated or severe CIWA-Ar with an old COWS of 13 or more (R31 M3); where its
    # plan now offers ambulatory withdrawal management, how the patient dosed here goes home (R21 S5: case 125)
    text = _home_after_dose(rec, old_transfer_two_withdrawals(rec, text))
    # a COWS dose on the not-transferred path with no driving clause of its own (physician review R38, M3)
    text = _any_dose_if_not_transferred(text)
    # a first step's only handover, if transferred, tells the suicide screens that stand (physician review R32, M1)
    text = screens_told_if_transferred(rec, text)
    # a first dose before transfer beside both withdrawals: the sedation watch until handover (physician review R46,
    # Q2)
    text = _first_dose_before_transfer_monitored(rec, text)
    # the dose on the path without transfer after an old CIWA-Ar's re-score branch: the sedation watch while the
    # patient is on site and every dose's driving clause (physician review R52, ruling 2: cases 88, 249), only where
    # that sentence names a benzodiazepine dose (physician review R54, ruling 1: not 657)
    text = _otherwise_on_site_watched(text)
    return text


def _headline_of(rec: Recommendation, as_built: bool, branches: bool = True) -> str:
    """``rec``'s headline (:attr:`Recommendation.headline`), said once for every recommendation that reads the same.

    The headline reads the flags as raised (``rec.raised`` where the boxes say other words) and, once built, the
    boxes' own flags (:func:`no_driving_while_intoxicated`): two recommendations equal in those read the same
    headline, whichever box words the build has changed since (a recommendation is deep-frozen)."""
    read = as_raised(rec)
    return _headline_for(read, None if as_built or not rec.raised else rec, as_built, branches)


@functools.lru_cache(maxsize=512)
def _headline_for(read: Recommendation, said: Recommendation | None, as_built: bool, branches: bool = True) -> str:
    """The headline of ``read`` (the flags as raised), of ``said`` (its boxes' own flags) where they differ (``None``:
    the same), in the :func:`headline_as_built` state ``as_built`` and the :func:`old_moderate_branches_unsaid` state
    ``branches`` (:func:`_headline_of`; the boxes' build reads the headline of the same recommendation again and again,
    each box it changes making a new one; ``read`` keys the flags as raised, which ``said``'s equality leaves out)."""
    return (read if said is None else said)._headline_said()


def as_raised(rec: Recommendation) -> Recommendation:
    """``rec`` with its flags as raised (:attr:`Recommendation.raised`: the boxes' build keeps them where a box says
    other words), as the headline, the first step and the boxes' build read it; ``rec`` itself where no box says other
    words.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> r = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> as_raised(r) is r
    True
    """
    if not rec.raised:
        return rec
    # made once for each recommendation (deep-frozen: its view never changes): the build reads it again and again, and
    # the caches that key on it hash it once; not a field, so equality, hashing and repr leave it out
    view = rec.__dict__.get("_as_raised")
    if view is None:
        view = rec.__dict__["_as_raised"] = replace(rec, flags=rec.raised, raised=())
    return view


#: Whether :attr:`Recommendation.headline` says physician review R60's re-score branches
#: (:func:`old_moderate_rescore_branches_of`): not while the boxes are built (:func:`old_moderate_branches_unsaid`).
_BRANCHES_SAID: ContextVar[bool] = ContextVar("old_moderate_branches_said", default=True)


@contextmanager
def old_moderate_branches_unsaid() -> Iterator[None]:
    """Within it, :attr:`Recommendation.headline` reads without physician review R60's re-score branches
    (:func:`old_moderate_rescore_branches_of`, said near the end of the headline's chain and after the boxes' own): the
    boxes' build (:func:`~iopkit.placement.decision.recommend`) reads the headline as its earlier passes knew it.

    Returns
    -------
    Iterator[None]
        A context manager; nothing to bind.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> r = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> with old_moderate_branches_unsaid():
    ...     unsaid = r.headline
    >>> unsaid == r.headline
    True
    """
    with _set_within(_BRANCHES_SAID, False):
        yield


#: Whether :attr:`Recommendation.headline` is read as its steps were built, before each step's handover is said once
#: (:func:`headline_as_built`).
_AS_BUILT: ContextVar[bool] = ContextVar("headline_as_built", default=False)


@contextmanager
def headline_as_built() -> Iterator[None]:
    """Within it, :attr:`Recommendation.headline` reads as its steps were built, before :func:`one_handover_a_step`
    says each step's handover once: the boxes find the headline's steps by the words they were built with (the boxes'
    build, :func:`~iopkit.placement.decision.recommend`), the headline shown says the handover once (physician review
    R23a, findings 2-4).

    Returns
    -------
    Iterator[None]
        A context manager; nothing to bind.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> r = recommend({1: 4, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> with headline_as_built():
    ...     built = r.headline
    >>> built == r.headline
    True
    """
    with _set_within(_AS_BUILT, True):
        yield


@contextmanager
def headline_as_said() -> Iterator[None]:
    """Within it, :attr:`Recommendation.headline` reads as the headline shown says it, even within the boxes' build
    (:func:`headline_as_built`, :func:`old_moderate_branches_unsaid`): its first step's screen with its hold as finally
    said, the delirium screen that later passes of the headline's chain add to it too (physician review R60, Q4:
    an old moderate CIWA-Ar's item 10 at 1; R65, SF3 and follow-up F1). A box that names what that screen must find
    reads it so (:func:`~iopkit.placement.boxes.threshold_screen_found`; physician review R69, the depth mend).

    Returns
    -------
    Iterator[None]
        A context manager; nothing to bind.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> r = recommend({1: 4, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> with headline_as_built(), old_moderate_branches_unsaid(), headline_as_said():
    ...     said = r.headline
    >>> said == r.headline
    True
    """
    with _set_within(_AS_BUILT, False), _set_within(_BRANCHES_SAID, True):
        yield


#: Whether :attr:`Recommendation.headline` names the transport of a transfer on what a CIWA-Ar re-score finds
#: (:func:`transport_unsaid`).
_TRANSPORT_SAID: ContextVar[bool] = ContextVar("transport_said", default=True)


@contextmanager
def transport_unsaid() -> Iterator[None]:
    """Within it, :attr:`Recommendation.headline` reads without the transport physician review R76 names for a transfer
    on what a CIWA-Ar re-score finds (:func:`findings_transfer_by_emergency_services`): the boxes' build finds the
    headline's transfer by the words it was built with (:func:`~iopkit.placement.decision.recommend`), and each box
    names the transport last, as the headline shown does.

    Returns
    -------
    Iterator[None]
        A context manager; nothing to bind.
    """
    with _set_within(_TRANSPORT_SAID, False):
        yield


@contextmanager
def _set_within(state: ContextVar[bool], value: bool) -> Iterator[None]:
    """``state`` set to ``value`` within it, reset after (:func:`headline_as_built`,
    :func:`old_moderate_branches_unsaid`)."""
    token = state.set(value)
    try:
        yield
    finally:
        state.reset(token)


#: A first dose a step may give before a transfer, in each of the headline's phrasings ("a prescriber gives a first
#: dose before transfer if it does not delay the transfer", "a first dose for today's withdrawal before transfer only
#: if ...", "(if transferred: a first dose before transfer only if ...)"): physician review R23a, finding 2.
DOSE_BEFORE_TRANSFER = re.compile(r"\b(?:first dose|gives buprenorphine)\b[^.;]*?\bbefore transfer\b")
#: A dose a step may give in its other phrasings, counted as a dose before a transfer where the step arranges a
#: transfer or says "if transferred" (:data:`_TRANSFERS`): "a prescriber treats withdrawal (before a transfer only if
#: it does not delay the transfer)", "treat on the current score", "treat withdrawal ..." (physician review R26b, M1:
#: "an ED that is not told can stack doses or misread the next score"; R26b ruled the first a dose before a transfer).
MAY_DOSE = re.compile(r"\btreats? withdrawal\b|\btreat on the current scores?\b")  # scores: R30b M3
#: A step that arranges a transfer, or says what is told "if transferred" (physician review R26b, M1), or arranges
#: medically managed withdrawal or a higher level of care (:data:`_MANAGED_ESCALATED`; physician review R27, M1).
_TRANSFER_SAID = re.compile(r"\barrange transfer\b|\bif transferred\b")
#: A COWS box's escalation called for, "arrange medically managed withdrawal or a higher level of care: co-occurring
#: alcohol withdrawal (...)": a transfer, the receiving team told the last withdrawal scores and any dose with its time
#: after it, if transferred (physician review R27, M1, the ruling's words; cases 252, 509, 589 beside 29 and 616, which
#: told it). Its escalation "only for a complicating condition (...)" is none: a COWS alone has no handover (the
#: physician case table, C11 and C12).
_MANAGED_ESCALATED = re.compile(
    r"\barrange medically managed withdrawal or a higher level of care\b(?! only for a complicating condition)"
)
_TRANSFERS = re.compile(f"{_TRANSFER_SAID.pattern}|{_MANAGED_ESCALATED.pattern}")
#: An old complicated CIWA-Ar re-scored with a delirium screen, then treated on the current score: the receiving team
#: told the re-score, the delirium screen and any dose (physician review R26b, M1 (c), the words of the boxes, R23b A1).
_COMPLICATED_RESCORE = "re-score the CIWA-Ar and screen for delirium"
_ON_THE_CURRENT_SCORE = "treat on the current score"
_BEFORE_TRANSFER_ONLY = " (a first dose before transfer only if it does not delay the transfer)"
_RESCORED_DOSE = re.compile(re.escape(f"{_ON_THE_CURRENT_SCORE}{_BEFORE_TRANSFER_ONLY}"))
#: "a prescriber treats withdrawal (before a transfer only if ...)": its dose sentence's re-score, the place its own
#: conditional handover follows (the "if 13-36" branch sends the patient on after a dose: physician review R26b,
#: M1 (b)).
_TREATS_BEFORE_A_TRANSFER = "a prescriber treats withdrawal (before a transfer only if it does not delay the transfer)"
_RESCORED_AT_HANDOVER = "re-score the CIWA-Ar within 1 hour of a dose and before the patient leaves or at handover"
#: A dimension rated 4 in a step's reasons ("dimension 3 rated 4, imminent danger"): why it was rated 4 is told at the
#: handover of its transfer (physician review R26b, M2: Joint Commission Sentinel Event Alert 58 and I-PASS, "illness
#: severity" first; NPSG 15.01.01, the suicide risk passed on). Dimensions 4-6 are not in the ruling.
_RATED_4 = re.compile(r"\bdimension ([123]) rated 4, imminent danger")
#: What dimension 3's "why" names (physician review R26b, M2 (b), case 151).
_WHY_3 = " (what the patient said or did)"
#: The delirium branch of such a step (a transfer that gives no withdrawal dose: "after the medical review finds no
#: delirium"), what its handover tells, and where its branch ends (physician review R26b, M1 (b)).
_DELIRIUM_TRANSFER = "if delirium: emergency evaluation: arrange transfer now"
_DELIRIUM_TOLD = "the delirium screen, the last CIWA-Ar score and any thiamine or glucose given with its time"
_DELIRIUM_STAFFED = "staff with the patient until handover"
_NEXT_BRANCH = "re-score the COWS now"
#: The words every handover clause opens with.
_TELL = "at handover tell the receiving team "
#: The suicide screens' handover (:data:`~iopkit.placement.resolution.SCREENED_AT_HANDOVER`, its conditional and
#: evaluation forms), the clause that carries the others where a step says it.
_SCREENS_TOLD = f"{_TELL}that "
#: The screens' handover with its request, as the old COWS's "if 37 or more" branch says it beside a same-day suicide
#: risk assessment (:data:`_HANDOVER_ASSESSMENT`), or a delirium branch's (:func:`item10_review_told`), after any
#: scores: "at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time, that
#: today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment, without delaying the transfer".
_SCREENS_ASKED = re.compile(
    rf"{_TELL}[^;]*?\bthat (?P<screened>[^;]*?), and ask them for a suicide risk assessment, without delaying the "
    "transfer"
)
#: Why dimension 1 or 2 was rated 4 (:func:`_at_4_handover`, physician review R16's words), with R16's COWS words.
_WHY_TOLD = re.compile(
    rf"; {_TELL}why (?P<why>dimensions? \d(?: and \d)* (?:was|were) rated 4)"
    r"(?P<cows> and the COWS score and any dose with its time)?(?=[;.)]| \(|$)"
)
#: An old moderate CIWA-Ar's re-score beside a rating of 4 (:data:`MODERATE_CIWA_RESCORE_AT_4`): its own handover.
_LAST_SCORE_GIVEN = re.compile(
    r"; at handover give the receiving team the last score and any dose with its time(?=[;.)]| \(|$)"
)
#: Safety precautions until handover, said by a transfer ("safety precautions, staff with the patient, until
#: handover") and again in :data:`~iopkit.placement.resolution.EVALUATION_IF_TRANSFERRED`.
_SAFETY_UNTIL_HANDOVER = re.compile(r"safety precautions[^;()]*until handover")
_SAFETY_AGAIN = "; safety precautions until handover"
_SAFETY_STAFFED = "safety precautions, staff with the patient, until handover"


def withdrawal_told(alcohol: bool, opioid: bool) -> str:
    """What the receiving team is told at handover of a withdrawal a dose may have been given for before the transfer:
    the last CIWA-Ar score (``alcohol``: a benzodiazepine by CIWA-Ar), the last COWS score (``opioid``: buprenorphine
    or methadone by COWS), or both, and any dose with its time (physician review R23a, finding 2, its words: "an ED not
    told can stack doses or misread the next withdrawal score"; ASAM Alcohol Withdrawal Management Guideline 2020:
    symptom-triggered dosing by CIWA-Ar; ASAM National Practice Guideline for OUD 2020: a COWS-guided first dose; Joint
    Commission NPSG 15.01.01: the handover is where information is lost).

    Parameters
    ----------
    alcohol : bool
        Whether a dose for alcohol withdrawal may have been given (the CIWA-Ar).
    opioid : bool
        Whether a dose for opioid withdrawal may have been given (the COWS).

    Returns
    -------
    str
        "the last CIWA-Ar score and any dose with its time", "the last COWS score and any dose with its time", "the
        last CIWA-Ar and COWS scores and any dose with its time"; ``""`` for neither.

    Examples
    --------
    >>> withdrawal_told(True, True)
    'the last CIWA-Ar and COWS scores and any dose with its time'
    >>> withdrawal_told(False, True)
    'the last COWS score and any dose with its time'
    """
    names = [name for name, given in (("CIWA-Ar", alcohol), ("COWS", opioid)) if given]
    if not names:
        return ""
    return f"the last {' and '.join(names)} score{'s' if len(names) > 1 else ''} and any dose with its time"


def why_rated_4(dimensions: Iterable[int]) -> str:
    """Why the ``dimensions`` were rated 4, as a handover tells it: R16's words, "why dimension 1 was rated 4", "why
    dimensions 1 and 2 were rated 4"; dimension 3 alone says what is wanted, "(what the patient said or did)"
    (physician review R26b, M2; Joint Commission Sentinel Event Alert 58: say why the patient is handed over).

    Parameters
    ----------
    dimensions : Iterable[int]
        The ASAM dimensions rated 4.

    Returns
    -------
    str
        The words; ``""`` for none.

    Examples
    --------
    >>> why_rated_4([2, 1])
    'why dimensions 1 and 2 were rated 4'
    >>> why_rated_4([3])
    'why dimension 3 was rated 4 (what the patient said or did)'
    """
    rated = sorted(set(dimensions))
    if not rated:
        return ""
    if len(rated) == 1:
        return f"why dimension {rated[0]} was rated 4{_WHY_3 if rated == [3] else ''}"
    return f"why dimensions {', '.join(map(str, rated[:-1]))} and {rated[-1]} were rated 4"


def _step_end(step: str) -> int:
    """Where the last clause of ``step`` ends: before the bracket of reasons that says a dimension rated 4 (it may be
    followed by more of the step), else before the bracket of reasons that ends its last sentence, or its full stop."""
    if (rated := _RATED_4.search(step)) is not None:
        depth = 0
        for i in range(rated.start() - 1, 0, -1):
            depth += {")": 1, "(": -1}.get(step[i], 0)
            if depth < 0:
                return i - 1 if step[i - 1] == " " else i
    end = len(step) - 1 if step.endswith(".") else len(step)
    if end < 1 or step[end - 1] != ")":
        return end
    depth = 0
    for i in range(end - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(step[i], 0)
        if depth == 0:
            return i - 1 if i > 0 and step[i - 1] == " " else end
    return end


def _clause_end(step: str, at: int) -> int:
    """Where the clause of ``step`` that holds index ``at`` ends: its "; ", the bracket closing around it, or the end
    of its sentence, before the sentence's bracket of reasons."""
    depth, opened = 0, -1
    for i in range(at, len(step)):
        c = step[i]
        if c == "(":
            depth, opened = depth + 1, i if depth == 0 else opened
        elif c == ")":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and (
            step.startswith("; ", i) or step.startswith(". ", i) or i == len(step) - 1 == step.rfind(".")
        ):
            # the sentence's reasons, the bracket that ends it, stay after the handover
            if c == "." and step[i - 1] == ")" and opened > 0 and step[opened - 1] == " ":
                return opened - 1
            return i
    return len(step)


def _handover_once(step: str, alcohol: bool = False, opioid: bool = False) -> str:
    """``step`` (one step of a headline, up to its "Also ..." or "Then ...") with one handover clause: where it may give
    a dose before a transfer (:data:`DOSE_BEFORE_TRANSFER`, or :data:`MAY_DOSE` in a step that arranges a transfer or
    says "if transferred"), the receiving team told the last withdrawal score and any dose with its time
    (:func:`withdrawal_told`; an old complicated CIWA-Ar's re-score: the re-score, the delirium screen and any dose);
    why a dimension was rated 4 and an old CIWA-Ar's last score said in the suicide screens' handover where the step
    says one, in the order: why, the scores and any dose, the screens, the requests; safety precautions until handover
    said once (physician review R23a, findings 2, 3, 4; R26b, M1). A step whose dose follows the medical review of a
    delirium branch and "if 37 or more" branch tells each branch's own (R26b, M1 (b): one handover a branch)."""
    if _SAFETY_STAFFED in step and len(_SAFETY_UNTIL_HANDOVER.findall(step)) > 1:
        # every repeat: a delirium branch's too, beside a later branch's transfer that says it (R28 M1, case 360)
        step = step.replace(_SAFETY_AGAIN, "")
    transfers = _TRANSFERS.search(step) is not None
    dose = DOSE_BEFORE_TRANSFER.search(step) or (MAY_DOSE.search(step) if transfers else None)
    if not (alcohol or opioid):  # no flag says which withdrawal: the step's words do
        alcohol, opioid = "CIWA-Ar" in step, "COWS" in step
    rescored = dose is not None and _COMPLICATED_RESCORE in step and _ON_THE_CURRENT_SCORE in step
    if rescored and f"{_ON_THE_CURRENT_SCORE}{_BEFORE_TRANSFER_ONLY}" not in step:  # R26b M1 (c), cases 13, 55, 64
        step = step.replace(_ON_THE_CURRENT_SCORE, f"{_ON_THE_CURRENT_SCORE}{_BEFORE_TRANSFER_ONLY}", 1)
        # the handover follows a later first dose before transfer (a COWS's), else this one
        treated = _RESCORED_DOSE.search(step)
        assert treated is not None
        dose = DOSE_BEFORE_TRANSFER.search(step, treated.end()) or treated
    why, given = _WHY_TOLD.search(step), _LAST_SCORE_GIVEN.search(step)
    tells = dose is not None or given is not None or bool(why and why["cows"])
    scores = withdrawal_told(alcohol or given is not None, opioid or bool(why and why["cows"])) if tells else ""
    if rescored:
        scores = f"the CIWA-Ar re-score, the delirium screen{', the last COWS score' if opioid else ''} and any dose "
        scores += "with its time"
    start = 0  # where the step's screens' clause is looked for
    if scores and _TREATS_BEFORE_A_TRANSFER in step and _RESCORED_AT_HANDOVER in step:  # R26b M1 (b)
        if (d := step.find(_DELIRIUM_TRANSFER)) >= 0:  # the delirium branch: no withdrawal dose, thiamine or glucose
            screens, branch = step.find(_SCREENS_TOLD, d), step.find(_NEXT_BRANCH, d)
            if screens >= 0 and (branch < 0 or screens < branch):
                at = screens + len(_TELL)
                step = f"{step[:at]}{_DELIRIUM_TOLD}, {step[at:]}"
            else:
                staff = step.find(_DELIRIUM_STAFFED, d)
                at = staff + len(_DELIRIUM_STAFFED) if staff >= 0 else _clause_end(step, d + len(_DELIRIUM_TRANSFER))
                step = f"{step[:at]}; {_TELL}{_DELIRIUM_TOLD}{step[at:]}"
            start = at + len(_DELIRIUM_TOLD)
        at = step.index(_RESCORED_AT_HANDOVER) + len(_RESCORED_AT_HANDOVER)  # the "if 13-36" branch's, after a dose
        # (the suicide screens the "if 37 or more" branch tells are told here too, by the pass that tells them at
        # every such handover: :func:`screens_told_if_transferred`, physician review R31, S3; R38, item 2)
        step = f"{step[:at]}; if transferred: {_TELL}{scores}{step[at:]}"
        if step.find(_SCREENS_TOLD, start) < 0 and not (why or given or _RATED_4.search(step)):
            return step
        why, given = _WHY_TOLD.search(step), _LAST_SCORE_GIVEN.search(step)
    elif scores and (d := step.find(_DELIRIUM_TRANSFER)) >= 0 and (branch := step.find(_NEXT_BRANCH, d)) >= 0:
        # beside the suicide evaluation on site, the delirium branch and the old COWS's "if 37 or more" branch each
        # tell their own where each tells the screens (R26b M1 (b): one handover a branch; R28 M1, case 360)
        screens = step.find(_SCREENS_TOLD, d)
        if 0 <= screens < branch <= step.find(_SCREENS_TOLD, branch):
            at = screens + len(_TELL)
            step = f"{step[:at]}{_DELIRIUM_TOLD}, {step[at:]}"
            start = branch + len(_DELIRIUM_TOLD) + 2
    screens_told = step.find(_SCREENS_TOLD, start) >= 0
    # why each dimension was rated 4, its transfer's reason, told at its handover (R16; R26b M2: the combined suicide
    # and medical transfer, and dimension 3's psychiatric transfer)
    rated = {int(d) for d in re.findall(r"\d(?= and| w)", why["why"])} if why else set()
    rated |= {int(d) for d in _RATED_4.findall(step)} if transfers else set()
    said = why_rated_4(rated)
    if not scores and not said:
        return step
    if screens_told:  # the screens' clause carries the rest, before its screens
        for m in sorted(filter(None, (why, given)), key=lambda m: m.start(), reverse=True):
            step = step[: m.start()] + step[m.end() :]
        at = step.index(_SCREENS_TOLD, start) + len(_TELL)
        return f"{step[:at]}{', '.join(filter(None, (said, scores)))}, {step[at:]}"
    told = f"; {_TELL}{', '.join(filter(None, (said, scores)))}"  # R26b M2, S5: a comma after why
    clauses = sorted((m for m in (why, given) if m is not None), key=lambda m: m.start())
    if clauses:  # the first clause says it, any other dropped
        for m in reversed(clauses[1:]):
            step = step[: m.start()] + step[m.end() :]
        return step[: clauses[0].start()] + told + step[clauses[0].end() :]
    end = _clause_end(step, dose.end()) if dose is not None else _step_end(step)
    if dose is not None and not said and not DOSE_BEFORE_TRANSFER.search(step):
        # a dose under its other words, beside a transfer only some branch arranges: told if transferred (R26b M1 (d));
        # the COWS box's escalation the only transfer: told after it (R27 M1)
        told = f"; if transferred: {_TELL}{scores}"
        if not _TRANSFER_SAID.search(step):
            escalated = _MANAGED_ESCALATED.search(step)
            assert escalated is not None
            end = _clause_end(step, escalated.end())
    return step[:end] + told + step[end:]


def one_handover_a_step(text: str, alcohol: bool = False, opioid: bool = False) -> str:
    """The headline ``text`` with one handover clause a step (:func:`_handover_once`; a step runs up to its "Also ..."
    or "Then ..." sentence): physician review R23a, finding 2 (must-fix: a step that may give a first dose before a
    transfer tells the receiving team the last CIWA-Ar or COWS score and any dose with its time), finding 4 (one
    clause a step, in a fixed order: the withdrawal scores and any dose with its time, the suicide screens, the
    requests) and finding 3 (safety precautions until handover said once).

    Parameters
    ----------
    text : str
        A headline.
    alcohol, opioid : bool
        Whether a dose for alcohol withdrawal (CIWA-Ar) or opioid withdrawal (COWS) may be given (the recommendation's
        flags); neither: each step's own words say which.

    Returns
    -------
    str
        ``text`` with each step's handover said once.

    Examples
    --------
    >>> print(one_handover_a_step(
    ...     "First: arrange transfer now (ED); staff with the patient until handover; at handover tell the receiving "
    ...     "team why dimension 1 was rated 4; otherwise a prescriber gives a first dose before transfer if it does "
    ...     "not delay the transfer; at handover tell the receiving team that today's PHQ-9 item 9 was positive, and "
    ...     "ask them for a suicide risk assessment, without delaying the transfer (CIWA-Ar 21 today). Then: x."
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    First: arrange transfer now (ED); staff with the patient until handover; otherwise a prescriber gives a first dose
    before transfer if it does not delay the transfer; at handover tell the receiving team why dimension 1 was rated 4,
    the last CIWA-Ar score and any dose with its time, that today's PHQ-9 item 9 was positive, and ask them for a
    suicide risk assessment, without delaying the transfer (CIWA-Ar 21 today). Then: x.
    >>> print(one_handover_a_step(
    ...     "First: arrange transfer now (ED); otherwise a prescriber gives a first dose before transfer if it does "
    ...     "not delay the transfer (COWS 19 today). Then: x."
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    First: arrange transfer now (ED); otherwise a prescriber gives a first dose before transfer if it does not delay
    the transfer; at handover tell the receiving team the last COWS score and any dose with its time (COWS 19 today).
    Then: x.
    """
    return " ".join(_handover_once(step, alcohol, opioid) for step in _STEP_END.split(text))


#: An old severe CIWA-Ar's re-score beside a rating of 4 (:func:`_rescore_at_4`) to its first dose, that dose's own
#: screen where said (the ED's evaluation of both, then the dose).
_ED_EVALUATES_BOTH_DOSE = re.compile(
    r"the ED evaluates both: (?:before any dose: .*?; otherwise )?" + re.escape(f"{FIRST_DOSE_AT_4}; ")
)
#: The first doses beside a rating of 4 a step may say before the re-score (:data:`~iopkit.placement.suggest.
#: FIRST_DOSE_AT_4`, :data:`~iopkit.placement.suggest.TREAT_BOTH_AT_4`, :data:`~iopkit.placement.suggest.
#: TREAT_SEVERE_AT_4`).
_DOSES_AT_4 = (FIRST_DOSE_AT_4, TREAT_BOTH_AT_4, TREAT_SEVERE_AT_4)


def _ed_evaluates_both_once(text: str) -> str:
    """The headline ``text`` with an old severe CIWA-Ar's re-score beside a rating of 4 saying "if still 15 or more,
    the ED evaluates both; re-assess for seizures or delirium until handover" where its step gave a first dose for
    today's withdrawal before it: one first dose a step, none beside "the ED evaluates both" (physician review R22,
    session 19, should-fix S5, its words: "reads as two first doses, and a dose here contradicts 'the ED evaluates
    both'"; cases 74 and 160 of the 800 random cases). Alone, the re-score keeps its dose (physician review 8).

    Examples
    --------
    >>> rescore = f"if still 15 or more, the ED evaluates both: {FIRST_DOSE_AT_4}; {REASSESS_SEIZURES} (x)."
    >>> print(_ed_evaluates_both_once(f"First: y; otherwise {FIRST_DOSE_AT_4}; {rescore} Then: z."))
    ... # doctest: +NORMALIZE_WHITESPACE
    First: y; otherwise a prescriber gives a first dose for today's withdrawal before transfer only if it does not
    delay the transfer and the reason for rating 4 allows it; if still 15 or more, the ED evaluates both; re-assess
    for seizures or delirium until handover (x). Then: z.
    >>> _ed_evaluates_both_once(f"First: {rescore}") == f"First: {rescore}"
    True
    """

    def once(step: str) -> str:
        m = _ED_EVALUATES_BOTH_DOSE.search(step)
        if m is None or not any(dose in step[: m.start()] for dose in _DOSES_AT_4):
            return step
        return f"{step[: m.start()]}the ED evaluates both; {step[m.end() :]}"

    return " ".join(once(step) for step in _STEP_END.split(text))


#: Where a headline's step ends: before its "Also ..." or "Then ..." sentence.
_STEP_END = re.compile(r"(?<=\.) (?=(?:Also|Then)\b)")


#: A box's screen before any dose that names intoxication but not delirium, with its hold and its bracket (moved from
#: boxes.py, where :func:`~iopkit.placement.boxes.cows_delirium_screen_in_boxes` reads it, so that the headline's pass
#: :func:`ed_evaluates_both_if_confused` reads it too).
_SCREEN_NO_DELIRIUM = re.compile(
    r"(?P<before>[Bb]efore any dose: )(?P<ask>ask about any overdose or ingestion today and )?screen for intoxication "
    + re.escape(INTOXICATION_SIGNS)
    + r"(?:, give thiamine and check blood glucose)?; if (?P<od>an overdose or ingestion, or )?intoxicated: no dose "
    r"here(?: \((?P<bracket>(?:[^()]|\([^()]*\))*)\))?"
)
#: An old severe CIWA-Ar's re-score beside a rating of 4, its condition as :func:`_rescore_at_4` and its box
#: (:data:`~iopkit.placement.boxes.BESIDE_WORDS`) say it: "if still 15 or more, the ED evaluates both" ("if still 15
#: or more (19 or more on ASAM 2020's), the ED evaluates both" for a CIWA-Ar of another banding scheme).
_CUT_STILL = r"\d+ or more(?: \([^()]*\))?"
_ED_EVALUATES_BOTH_IF_STILL = re.compile(rf"\bif still (?P<cut>{_CUT_STILL}), the ED evaluates both\b")
#: The same condition naming a seizure since the last score, hallucinations and disorientation, as the old severe
#: CIWA-Ar's re-score without a rating of 4 names them (:data:`~iopkit.placement.suggest.SEIZURE_OR_CONFUSION_SINCE`;
#: physician review R63, section 5), ``{cut}`` the condition's own: physician review R65, should-fix SF3, its words.
ED_EVALUATES_BOTH_IF = f"if still {{cut}}, or {SEIZURE_OR_CONFUSION_SINCE}, the ED evaluates both"
#: :data:`ED_EVALUATES_BOTH_IF` as said, to its last word.
_ED_EVALUATES_BOTH_IF_SAID = re.compile(re.escape(ED_EVALUATES_BOTH_IF).replace(re.escape("{cut}"), _CUT_STILL))
#: A screen before any dose, either case (a box may open with it).
_BEFORE_ANY_DOSE_AT = re.compile(r"[Bb]efore any dose: ")


def ed_evaluates_both_if_confused(text: str, flags: Iterable[Flag] = (), headline: str = "") -> str:
    """``text`` (the headline, or a box) whose old severe CIWA-Ar's re-score beside a rating of 4 sends the patient to
    the ED's evaluation of both "if still 15 or more" saying the condition of the same re-score without a rating of 4:
    "if still 15 or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or
    more), the ED evaluates both" (:data:`ED_EVALUATES_BOTH_IF`; physician review R65, should-fix SF3, its words:
    hallucinations, disorientation, seizures and delirium call for inpatient or emergency care, ASAM 2020 alcohol
    withdrawal guideline, section VI.A). The screen before any dose that guards the step's first dose (right after
    the condition's colon, else the last before the condition in its step: the step's order kept, physician review
    R66, must-fix 2: cases 74, 160 and 337) then screens for delirium too, with its hold and bracket as the tool says
    them beside complicated withdrawal (:data:`_SCREEN_DELIRIUM`, with the overdose question where the screen asks it,
    :func:`overdose_asked`; the bracket said by :func:`no_driving_while_intoxicated`'s rule, its escort once): "before
    any dose: screen for delirium (CAM or 4AT) and intoxication (...), give thiamine and check blood glucose; if
    delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: ...)", or "if
    delirium, an overdose or ingestion, or intoxication: no dose here (delirium, or an overdose or ingestion: ...;
    intoxication: ...)" (physician review R66, must-fix 1, its words: case 565's and case 6's; a first dose for
    possible withdrawal delirium only after a delirium screen, CAM: Inouye et al. 1990; 4AT: Bellelli et al. 2014;
    ruled R67). A screen that names delirium already is left as it is (case 565's); ``text`` itself where no such
    condition stands. Idempotent.

    Parameters
    ----------
    text : str
        A headline or a box's action.
    flags : iterable of Flag
        The case's flags, as :func:`no_driving_while_intoxicated` reads them for the hold's next step.
    headline : str
        The case's headline (for a box), as :func:`no_driving_while_intoxicated` reads it.

    Returns
    -------
    str
        ``text`` with the condition and its screen said, or ``text`` itself.

    Examples
    --------
    >>> step = (f"Arrange transfer now (ED); re-score the CIWA-Ar before transfer only if it does not delay it (last "
    ...         f"21 on 20 Nov 2026, severe); if still 15 or more, the ED evaluates both: {_INTOXICATION_ALCOHOL}"
    ...         f"{FIRST_DOSE_AT_4}")
    >>> said = ed_evaluates_both_if_confused(step)
    >>> print(said[said.index("if still") :])  # doctest: +NORMALIZE_WHITESPACE
    if still 15 or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or
    more), the ED evaluates both: before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol
    above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if delirium or
    intoxication: no dose here (delirium: to the ED by emergency services; intoxication: tell the receiving team at
    handover the breath alcohol reading or the signs, with the time; the patient must not drive today); otherwise a
    prescriber gives a first dose for today's withdrawal before transfer only if it does not delay the transfer and
    the reason for rating 4 allows it
    >>> ed_evaluates_both_if_confused(said) == said
    True
    >>> asked = ed_evaluates_both_if_confused(overdose_asked(step))
    >>> print(asked[asked.index("before any dose") : asked.index("; otherwise")])  # doctest: +NORMALIZE_WHITESPACE
    before any dose: ask about any overdose or ingestion today and screen for delirium (CAM or 4AT) and intoxication
    (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if
    delirium, an overdose or ingestion, or intoxication: no dose here (delirium, or an overdose or ingestion: call
    emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose;
    intoxication: tell the receiving team at handover the breath alcohol reading or the signs, with the time; the
    patient must not drive today)
    >>> other = "if still 15 or more, arrange transfer now"
    >>> ed_evaluates_both_if_confused(other) == other
    True
    """
    said = _ED_EVALUATES_BOTH_IF_STILL.sub(lambda m: ED_EVALUATES_BOTH_IF.format(cut=m["cut"]), text)
    if _ED_EVALUATES_BOTH_IF_SAID.search(said) is None:
        return text
    case = _hold_case(flags, headline)
    at = 0
    while (condition := _ED_EVALUATES_BOTH_IF_SAID.search(said, at)) is not None:
        at = condition.end()
        # the screen that guards the step's first dose: right after the condition's colon, else the last before it
        # in its step (physician review R66, must-fix 2: no text reordered)
        step = max((m.end() for m in _STEP_END.finditer(said, 0, condition.start())), default=0)
        screens = [m.start() for m in _BEFORE_ANY_DOSE_AT.finditer(said, step, condition.start())]
        colon = said.startswith(": ", condition.end())
        after = _BEFORE_ANY_DOSE_AT.match(said, condition.end() + 2) if colon else None
        where = after.start() if after is not None else screens[-1] if screens else None
        screen = None if where is None else _SCREEN_NO_DELIRIUM.match(said, where)
        if screen is None:  # none, or it names delirium already: not screened twice
            continue
        words = overdose_asked(_SCREEN_DELIRIUM) if screen["ask"] else _SCREEN_DELIRIUM
        words = f"{screen['before']}{words[len(screen['before']) :]}"
        said = f"{said[: screen.start()]}{words}{said[screen.end() :]}"
        hold = _HOLD_NAMING_INTOXICATION.search(said, screen.start())
        if hold is not None:
            said = _holds_said(said, case, hold.start())
    return said


def _screened_once_a_step(text: str) -> str:
    """The headline ``text`` saying "before any dose:" once a step (up to its "Also ..." or "Then ..."), the union of
    its screens where the first stood, a first screen said under a condition opening that condition's clause: the
    boxes' rule (:func:`_screened_once`; physician review R18, session 16, should-fix S2)
    applied to the headline (physician review R21, session 19, should-fix S3: "before any dose:" twice within one step
    of a headline; R17b must-fix M1: a screen inside another clause's condition covers no later dose).

    Examples
    --------
    >>> print(_screened_once_a_step(
    ...     f"First: x; {_INTOXICATION_ALCOHOL}a dose; y; {_INTOXICATION_AT_4}a dose (z). Then: w."
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    First: x; before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative
    intoxication), give thiamine and check blood glucose; if intoxicated: no dose here; otherwise a dose; y; a dose
    (z). Then: w.
    """
    return " ".join(_screened_once(step) for step in _STEP_END.split(text))


#: CIWA-Ar item 10 at 1's driving clause covering a dose's too, physician review R19 (session 16), N2 (c3), its words:
#: "the patient must not drive until the medical review finds the patient not delirious or intoxicated, nor today if a
#: dose is given" (:data:`OLD_COWS_WITH_ALCOHOL_ITEM10_STEP`).
_NOR_TODAY_IF_DOSED = ", nor today if a dose is given"
_SENTENCE_END = re.compile(r"\. (?=[A-Z])")


def _no_driving_until_said_once(text: str) -> str:
    """The headline ``text`` with its driving advice said once in the sentence of CIWA-Ar item 10 at 1's "the patient
    must not drive until the medical review finds the patient not delirious or intoxicated"
    (:data:`~iopkit.flags.NO_DRIVING_UNTIL_SCREEN_CLEARS`): where a dose's own driving clause follows it in that
    sentence (:data:`_DOSE_DRIVING`), the clause says both, in R19-N2 (c3)'s words (:data:`_NOR_TODAY_IF_DOSED`), and
    the dose's is dropped (a benzodiazepine's monitoring kept). Said outright, "the patient must not drive" leaves no
    "until" clause already (R3 should-fix 11). Physician review R16 (session 15), should-fix S11: "the patient must not
    drive" said once; the strongest form said. Any sentence saying a first dose's "must not drive today" says a
    benzodiazepine's monitoring without its own "and the patient must not drive" (:func:`_first_dose_said_once`;
    physician review R21, session 19, should-fix S2: the driving advice once a sentence, in any phrasing).

    Examples
    --------
    >>> print(_no_driving_until_said_once(f"First: x; {NO_DRIVING_UNTIL_SCREEN_CLEARS}; y; {IF_DOSED_NO_DRIVING} (z)."))
    ... # doctest: +NORMALIZE_WHITESPACE
    First: x; the patient must not drive until the medical review finds the patient not delirious or intoxicated, nor
    today if a dose is given; y (z).
    """
    text = any_dose_said(". ".join(map(_first_dose_said_once, _SENTENCE_END.split(text))))  # R21 S2, R22 S1
    at = text.find(NO_DRIVING_UNTIL_SCREEN_CLEARS)
    if at < 0:
        return text
    end = at + len(NO_DRIVING_UNTIL_SCREEN_CLEARS)
    stop = m.start() if (m := _SENTENCE_END.search(text, end)) else len(text)
    rest = text[end:stop]
    if rest.startswith(_NOR_TODAY_IF_DOSED) or not any(said in rest for said, _ in _DOSE_DRIVING):
        return text
    for said, kept in _DOSE_DRIVING:
        rest = rest.replace(said, kept)
    return f"{text[:end]}{_NOR_TODAY_IF_DOSED}{rest}{text[stop:]}"


def _first_dose_said_once(sentence: str) -> str:
    """A headline's ``sentence`` saying :data:`FIRST_DOSE_NO_DRIVING` with a benzodiazepine's monitoring beside
    buprenorphine or methadone in the on-site form (:data:`~iopkit.flags.BENZODIAZEPINE_ON_SITE`), its ", and the
    patient must not drive" dropped: the first dose's clause carries the condition that covers it (a benzodiazepine
    given with buprenorphine or methadone follows their dose). Physician review R21 (session 19), should-fix S2: "should
    not drive today" and "and the patient must not drive" in one sentence; the driving advice once a sentence (R16
    S11). Where the sentence gives a benzodiazepine too, both say :data:`~iopkit.flags.ANY_DOSE_NO_DRIVING`
    (:func:`any_dose_said`, R22 S1).

    Examples
    --------
    >>> print(_first_dose_said_once(f"Otherwise x; {FIRST_DOSE_NO_DRIVING}; y; {BENZODIAZEPINE_WITH_AGONIST} (z)"))
    ... # doctest: +NORMALIZE_WHITESPACE
    Otherwise x; after a first dose of buprenorphine or methadone the patient must not drive today; y; if a
    benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient is on
    site (z)
    """
    if FIRST_DOSE_NO_DRIVING not in sentence:
        return sentence
    return sentence.replace(BENZODIAZEPINE_WITH_AGONIST, BENZODIAZEPINE_ON_SITE)


#: A text that gives, or may give, a benzodiazepine: it treats alcohol withdrawal with medication (commonly a
#: benzodiazepine), gives a severe or moderate CIWA-Ar's first dose before transfer, or re-scores an old CIWA-Ar now and
#: treats on the current score.
_GIVES_BENZODIAZEPINE = re.compile(
    r"treat withdrawal with medication|medication for alcohol withdrawal|for alcohol withdrawal, medication|"
    r"alcohol and opioid withdrawal|a prescriber gives a first dose|"
    r"re-score the CIWA-Ar now\b[^.]*?treat on the current score"
)


def any_dose_said(text: str) -> str:
    """``text`` (the headline, or a box) with each sentence that gives, or may give, a benzodiazepine
    (:data:`_GIVES_BENZODIAZEPINE`) and buprenorphine or methadone (a COWS dose, :data:`_COWS_AFTER_DOSING`) saying
    its driving advice as :data:`~iopkit.flags.ANY_DOSE_NO_DRIVING`, once, where its first dose's driving clause stood
    (:data:`_DOSE_DRIVING_CLAUSE`). A sentence that says "the patient must not drive" outright
    (:data:`_NO_DRIVING_OUTRIGHT`), or CIWA-Ar item 10 at 1's "... until the medical review finds ..." (its clause
    covers a dose: R19-N2 (c3)), is kept as it is: the driving advice once a sentence, the strongest form said (R16
    S11, R21 S2). Physician review R22 (session 19), should-fix S1, the physician's words: "if any dose is given (a
    benzodiazepine, buprenorphine or methadone): the patient must not drive today"; the benzodiazepine named only
    where it is given on site (a sentence giving only buprenorphine or methadone keeps :data:`FIRST_DOSE_NO_DRIVING`).

    Examples
    --------
    >>> print(any_dose_said(
    ...     "First: x; treat withdrawal with medication (CIWA-Ar 10 or more); re-score the COWS after dosing; "
    ...     f"{FIRST_DOSE_NO_DRIVING}; y; {BENZODIAZEPINE_WITH_AGONIST} (z). Then: w."
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    First: x; treat withdrawal with medication (CIWA-Ar 10 or more); re-score the COWS after dosing; if any dose is
    given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today; y; if a
    benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient is on
    site (z). Then: w.
    >>> print(any_dose_said(f"First: buprenorphine; re-score the COWS after dosing; {FIRST_DOSE_NO_DRIVING}."))
    ... # doctest: +NORMALIZE_WHITESPACE
    First: buprenorphine; re-score the COWS after dosing; after a first dose of buprenorphine or methadone the patient
    must not drive today.
    """
    return ". ".join(map(_any_dose_said_once, _SENTENCE_END.split(text)))


def _any_dose_said_once(sentence: str) -> str:
    """One sentence of :func:`any_dose_said`."""
    if (
        _NOR_TODAY_IF_DOSED in sentence
        or _NO_DRIVING_OUTRIGHT.search(sentence)
        or not _COWS_AFTER_DOSING.search(sentence)
        or not _GIVES_BENZODIAZEPINE.search(sentence)
        or not _DOSE_DRIVING_CLAUSE.search(sentence)
    ):
        return sentence
    said: list[bool] = []

    def once(m: re.Match[str]) -> str:
        kept = m["note"] or ""
        if said:
            return kept
        said.append(True)
        return f"{kept}; {ANY_DOSE_NO_DRIVING}"

    return _DOSE_DRIVING_CLAUSE.sub(once, sentence)


#: A sedation watch of a benzodiazepine beside buprenorphine or methadone, in any of its forms ("while the patient is
#: on site", "until handover", "until the evaluation or handover", ...).
_SEDATION_WATCH = re.compile(r"\bmonitor sedation and breathing\b")
#: The watch while the patient is on site with nothing said of a transfer after it.
_WATCHED_ON_SITE_ONLY = re.compile(
    r"\bmonitor sedation and breathing while the patient is on site(?! \(if transferred)"
)
#: What a transfer adds to it (physician review R62, S2, its words).
_WATCH_IF_TRANSFERRED = " (if transferred: until handover)"
#: The "otherwise" that opens a watch's own branch, in a text that says another watch too (physician review R65, SF1).
_OTHERWISE_OPENS = re.compile(r"\b[Oo]therwise\b")


def sedation_watched_until_handover(text: str, shown: str | None = None, beside: Iterable[str] = ()) -> str:
    """``text`` (a headline or a box's action) that allows a first dose before a transfer (:data:`DOSE_BEFORE_TRANSFER`,
    or :data:`MAY_DOSE` where it arranges a transfer or says "if transferred": :data:`_TRANSFERS`, physician review
    R26b's reading) and whose only sedation watch says "monitor sedation and breathing while the patient is on site",
    with " (if transferred: until handover)" after it. Physician review R62, S2, ruled R63 section 5 (cases 312, 563,
    273, 639, 280, 385, 458, 541, 29, 157 and that form elsewhere): a benzodiazepine with an opioid agonist depresses
    breathing most after the patient has left the building (FDA Drug Safety Communication 2016, boxed warning; ASAM
    National Practice Guideline for OUD, 2020 focused update). A text that says another watch too (the joined
    re-scores' "until handover" beside the on-site path's: physician review R61, left) is left as it is.

    The same sole watch says it too, dose before transfer or not, where the case can transfer the patient: another text
    of the same case (``beside``: its headline, its other boxes) arranges a transfer or says "if transferred"
    (:data:`_TRANSFERS`). Physician review R64, should-fix S4, its words ("monitor sedation and breathing while the
    patient is on site (if transferred: until handover); if a dose is given: ..."; the moderate_alcohol_withdrawal
    boxes of cases 29 157 252 509 589 616 667, which read alone allow no dose before a transfer).

    A text that says another watch too says it after each on-site watch whose own branch (from the last "otherwise"
    before it, within its sentence) can transfer the patient (:data:`_TRANSFERS`): physician review R65, should-fix
    SF1, its words (the joined re-scores' "otherwise, if not intoxicated: a prescriber treats on today's score[s]; at a
    CIWA-Ar re-score of 8 or more with a COWS re-score of 13 or more (two withdrawals): arrange medically managed
    withdrawal or a higher level of care; if transferred: at handover tell ...; ... monitor sedation and breathing while
    the patient is on site (if transferred: until handover);": case 525's headline, the headlines and
    rated_below_suggestion_d1 boxes of cases 120 377 406 585 608 781). An on-site watch in a branch that cannot
    transfer ("Otherwise, ..., before the patient leaves: ...": cases 88 and 249) is left as it is.

    Parameters
    ----------
    text : str
        A headline or a box's action.
    shown : str, optional
        The words that decide (``text`` itself by default): the headline as shown, where ``text`` is the headline the
        boxes' build reads without R60's re-score branches (:func:`old_moderate_branches_unsaid`).
    beside : iterable of str, optional
        The case's other texts (none by default): any of them that can transfer the patient decides too (R64 S4).

    Returns
    -------
    str
        ``text`` with its watch said until handover if transferred, or ``text`` itself.

    Examples
    --------
    >>> step = (f"First: arrange transfer now if 15 or more; {FIRST_DOSE_BEFORE_TRANSFER}; otherwise treat; "
    ...         f"{BENZODIAZEPINE_ON_SITE}; after a dose given on site, ... (why). Then: y.")
    >>> print(sedation_watched_until_handover(step))  # doctest: +NORMALIZE_WHITESPACE
    First: arrange transfer now if 15 or more; a first dose before transfer only if it does not delay the transfer;
    otherwise treat; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while
    the patient is on site (if transferred: until handover); after a dose given on site, ... (why). Then: y.
    >>> said = sedation_watched_until_handover(step)
    >>> sedation_watched_until_handover(said) == said
    True
    >>> home = f"Treat withdrawal; {BENZODIAZEPINE_ON_SITE}"  # no transfer said: left
    >>> sedation_watched_until_handover(home) == home
    True
    >>> both = f"{step}; {BENZODIAZEPINE_UNTIL_HANDOVER}"  # another watch said: left
    >>> sedation_watched_until_handover(both) == both
    True
    >>> print(sedation_watched_until_handover(home, beside=["First: x; if delirium: arrange transfer now (ED)"]))
    ... # doctest: +NORMALIZE_WHITESPACE
    Treat withdrawal; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing
    while the patient is on site (if transferred: until handover)
    >>> sedation_watched_until_handover(home, beside=["First: x; then Level 1"]) == home  # no transfer beside: left
    True
    >>> joined = (f"x: arrange transfer now; {BENZODIAZEPINE_UNTIL_HANDOVER}; otherwise, if not intoxicated: treat; "
    ...           f"at 8 or more: arrange medically managed withdrawal or a higher level of care; "
    ...           f"{BENZODIAZEPINE_ON_SITE}; y")
    >>> print(sedation_watched_until_handover(joined))  # doctest: +NORMALIZE_WHITESPACE
    x: arrange transfer now; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and
    breathing until handover; otherwise, if not intoxicated: treat; at 8 or more: arrange medically managed withdrawal
    or a higher level of care; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and
    breathing while the patient is on site (if transferred: until handover); y
    >>> stays = f"x: arrange transfer now; {BENZODIAZEPINE_UNTIL_HANDOVER}. Otherwise treat; {BENZODIAZEPINE_ON_SITE}"
    >>> sedation_watched_until_handover(stays) == stays  # its own branch cannot transfer: left
    True
    """
    read = text if shown is None else shown
    watches = _SEDATION_WATCH.findall(read)
    bare = _WATCHED_ON_SITE_ONLY.findall(read)
    if not bare:
        return text
    if len(bare) != len(watches):
        # R65 SF1: beside another watch, each on-site watch whose own branch can transfer the patient
        return text if read != text else _WATCHED_ON_SITE_ONLY.sub(_watch_in_transfer_branch, text)
    transfers = any(_TRANSFERS.search(other) for other in beside)  # R64 S4: the case can transfer the patient
    dosed = DOSE_BEFORE_TRANSFER.search(read) is not None or bool(MAY_DOSE.search(read) and _TRANSFERS.search(read))
    if not (transfers or dosed):
        return text
    return _WATCHED_ON_SITE_ONLY.sub(lambda m: f"{m[0]}{_WATCH_IF_TRANSFERRED}", text)


def _watch_in_transfer_branch(watch: re.Match[str]) -> str:
    """An on-site watch (:data:`_WATCHED_ON_SITE_ONLY`) with :data:`_WATCH_IF_TRANSFERRED` after it where its own
    branch, from the last "otherwise" before it within its sentence, can transfer the patient (:data:`_TRANSFERS`);
    the watch itself otherwise (physician review R65, should-fix SF1)."""
    before = watch.string[: watch.start()]
    sentence = before[before.rfind(". ") + 1 :]
    opens = [m.end() for m in _OTHERWISE_OPENS.finditer(sentence)]
    if opens and _TRANSFERS.search(sentence, opens[-1]):
        return f"{watch[0]}{_WATCH_IF_TRANSFERRED}"
    return watch[0]


#: The CIWA-Ar review's dose, where a first step treats alcohol withdrawal with medication (commonly a benzodiazepine).
_CIWA_DOSE_REVIEWED = "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit"


def _benzodiazepine_monitored(text: str) -> str:
    """``text`` (a headline) whose first sentence may dose for both alcohol and opioid withdrawal, with the
    benzodiazepine's monitoring where the sentence does not say it yet (FDA Drug Safety Communication, 31 Aug 2016,
    boxed warning on opioids with benzodiazepines, and 20 Sep 2017, ``fda_bup_benzo2017``): a sentence that gives
    buprenorphine or methadone and treats alcohol withdrawal with medication says it after the CIWA-Ar's dose
    (:func:`_benzodiazepine`: on site, or until the suicide evaluation; an old severe COWS's re-score treated now
    beside today's moderate CIWA-Ar said neither: physician review R18, session 16, should-fix S9); a sentence that
    re-scores both an old CIWA-Ar and an old COWS (:data:`_DOSING_RESCORE`), each of which may dose, after the later
    re-score's dose (:data:`_RESCORE_DOSE_END`), in the words cases 189 and 252 say it: beside a
    transfer (:data:`_TRANSFERS`) "... while the patient is on site (if transferred: until handover)", else as
    :func:`_benzodiazepine` says it (physician review R30a, S5: cases 343, 604, 781 and 240 said none).

    Examples
    --------
    >>> print(_benzodiazepine_monitored("First: re-score the CIWA-Ar now (last 14); arrange transfer now if 15 or "
    ...       "more; treat on the current score; re-score the COWS now (last 19); treat on the current score; then x."))
    ... # doctest: +NORMALIZE_WHITESPACE
    First: re-score the CIWA-Ar now (last 14); arrange transfer now if 15 or more; treat on the current score;
    re-score the COWS now (last 19); treat on the current score; if a benzodiazepine is given with buprenorphine or
    methadone: monitor sedation and breathing while the patient is on site (if transferred: until handover); then x.
    """
    from .steps import first_sentence

    first = first_sentence(text)
    if BENZODIAZEPINE_MONITORING in first:
        return text
    if "buprenorphine" in first and _CIWA_DOSE_REVIEWED in first:
        said = first.replace(_CIWA_DOSE_REVIEWED, f"{_CIWA_DOSE_REVIEWED}; {_benzodiazepine(first)}", 1)
        return said + text[len(first) :]
    last = {m["name"]: m.end() for m in _DOSING_RESCORE.finditer(first)}
    dose = _RESCORE_DOSE_END.search(first, max(last.values())) if len(last) == 2 else None
    if dose is None:
        return text
    note = _BENZODIAZEPINE_IF_TRANSFERRED_ONLY if _TRANSFERS.search(first) else _benzodiazepine(first)
    return f"{first[: dose.end()]}; {note}{first[dose.end() :]}{text[len(first) :]}"


#: Staff beside the patient until handover: said by the screen before any dose where the lead has not already said it
#: (R4, should-fix 7), and where a transfer lead says :data:`~iopkit.flags.DECLINES_TRANSFER` (physician
#: review R4, session 11, should-fix of must-fix 1: "after 'staff with the patient until handover'").
_STAFF_WITH_PATIENT = "staff with the patient until handover"
#: The transfer of the emergency evaluation for a COWS above 36 with alcohol withdrawal alongside (the headline's,
#: :func:`_severe_with_alcohol`; the severe_opioid_withdrawal box's opening, :data:`~iopkit.placement.boxes.
#: _COWS_TRANSFER_ALONGSIDE`), with staff beside the patient until handover on every path, as every other transfer now
#: says it: the patient in COWS above 36 withdrawal with alcohol withdrawal alongside may have had a benzodiazepine and
#: buprenorphine (physician review R46, Q4, the reviewer's words: "staff with the patient until handover; " straight
#: after "arrange transfer now (ED, or 3.7-WM/4-WM); "; cases 34, 85, 115, 491, 568, 687, 707, 779 of the 800). The
#: screen before any dose keeps its own "no dose here, staff with the patient until handover (...)" (the reviewer:
#: leave the bracket words). The same emergency reached through a re-score says it too: an old COWS's "if 37 or more:
#: / if still 37 or more: emergency evaluation now: ..." (:data:`OLD_COWS_WITH_ALCOHOL_STEP`), "at a COWS re-score of 37
#: or more with a CIWA-Ar re-score of 8 or more: ..." (:data:`TWO_WITHDRAWALS_SEVERE`), "At a CIWA-Ar re-score of 8 or
#: more (alcohol withdrawal alongside, a complicating condition ...): ..." (:data:`CIWA_RESCORE_AT_8_SAID`), in the
#: headline and the boxes (physician review R48, item 2, the reviewer's words).
SEVERE_ALONGSIDE_TRANSFER = f"arrange transfer now (ED, or 3.7-WM/4-WM); {_STAFF_WITH_PATIENT}"


#: An old COWS of 13 or more (not re-scored today) beside today's CIWA-Ar in the moderate band (8 or more): the first
#: step's words, physician review R18 (session 16), phase 1 (R17b must-fix M3), the reviewer's words (/work/reviews/
#: r18_m3.md, case B; an old COWS of 13-36 reads "(last 30 on 20 Nov 2026)" and "if 37 or more" without "still"). An
#: old COWS says nothing of today (Wesson & Ling 2003: COWS rates the signs at the time of rating), so the re-score
#: stays first and the transfer conditional on it; today's alcohol withdrawal is a complicating condition the COWS
#: flag lists, already present, so each re-score band says what today's case says for it (ASAM Criteria 2013,
#: dimension 1: concurrent withdrawals; ASAM 2020 alcohol withdrawal guideline: concurrent withdrawal a reason for a
#: more intensive setting, thiamine before glucose; ASAM 2020 OUD guideline; FDA Drug Safety Communication 20 Sep
#: 2017: benzodiazepines with buprenorphine or methadone).
OLD_COWS_WITH_ALCOHOL_STEP = (
    "re-score the COWS now ({last}), with alcohol withdrawal alongside ({ciwa}): {if37}: emergency evaluation now: "
    "severe opioid withdrawal with alcohol withdrawal alongside, a complicating condition on the COWS flag: "
    f"{SEVERE_ALONGSIDE_TRANSFER}; "  # physician review R48, item 2
    f"{DECLINES_TRANSFER}; "
    "the patient must not drive; if 13-36: a "
    "prescriber's review before the patient leaves, and arrange medically managed withdrawal or a higher level of "
    "care: co-occurring alcohol withdrawal ({ciwa}); if below 13: a prescriber's review before the patient leaves. "
    "Before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose here; otherwise a prescriber treats withdrawal (before "
    "a transfer only if it does not delay the transfer): at a COWS of 13 or more, buprenorphine, or methadone as the "
    "COWS flag says; re-score the COWS after dosing; at a CIWA-Ar of 10 or more, medication for alcohol withdrawal "
    "(consider at 8-9); re-score the CIWA-Ar within 1 hour of a dose and before the patient leaves or at handover; if "
    "a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover or while "
    f"the patient is on site; {ANY_DOSE_NO_DRIVING}"  # physician review R22 (session 19), should-fix S1
)
#: The same beside an emergency evaluation for suicide risk (C-SSRS screener high, its lead first): the 37-or-more
#: branch is the combined transfer, no capacity test, no 3.7-WM; every screen asks about an overdose or ingestion
#: (physician review R18, session 16, phase 1, case F, its words; R7-M1; Posner et al. 2011, C-SSRS screener triage;
#: R16 should-fix S5); its "..." said in the words case B and the box beside the suicide evaluation say now.
#: The opening the step and its box (:data:`iopkit.placement.boxes.OLD_COWS_WITH_ALCOHOL_SUICIDE_BOX`) share, up to
#: the screen's "otherwise ".
OLD_COWS_WITH_ALCOHOL_SUICIDE_LEAD = (
    "re-score the COWS now ({last}), with alcohol withdrawal alongside ({ciwa}): {if37}: emergency evaluation for "
    "suicide risk and emergency medical evaluation in one setting that can manage both (severe opioid withdrawal with "
    "alcohol withdrawal alongside, {ciwa}): arrange transfer now (ED); safety precautions, staff with the patient, "
    "until handover; if 13-36: arrange medically managed withdrawal or a higher level of care: co-occurring alcohol "
    "withdrawal ({ciwa}); before any dose: ask about any overdose or ingestion today and screen for intoxication "
    "(breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if an "
    "overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services for the "
    "ED, staff with the patient until handover, naloxone if signs of opioid overdose); "
    "otherwise "
)
OLD_COWS_WITH_ALCOHOL_SUICIDE_STEP = (
    OLD_COWS_WITH_ALCOHOL_SUICIDE_LEAD
    + "a prescriber treats withdrawal now, while the patient waits for the suicide evaluation (if "
    "transferred: a first dose before transfer only if it does not delay the transfer): at a COWS of 13 or more, "
    "buprenorphine, or methadone as the COWS flag says; re-score the COWS after dosing; at a CIWA-Ar of 10 or more, "
    "medication for alcohol withdrawal (consider at 8-9); re-score the CIWA-Ar within 1 hour of a dose and before the "
    "evaluation ends or at handover; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation "
    f"and breathing until handover or while the patient is on site; {ANY_DOSE_NO_DRIVING}"  # R22 S1
)
#: The first step :data:`OLD_COWS_WITH_ALCOHOL_SUICIDE_STEP` replaces after the suicide lead, as it reads without it.
_SUICIDE_THEN_OLD_COWS_THEN_CIWA = re.compile(
    r"(?P<lead>First: emergency evaluation for suicide risk, with safety precautions, staff with the patient, until "
    r"it is done; if the patient declines it or tries to leave: [^;]*; and )re-score the COWS now "
    r"\((?P<last>last \d+ on [^()]*?)\)[:;] .*?treat on the current score; a prescriber's review now, while the "
    r"patient waits for the suicide evaluation: before any dose: ask about any overdose or ingestion today and screen "
    r"for intoxication [^;]*, give thiamine and check blood glucose; if an overdose or ingestion, or intoxicated: no "
    r"dose here \([^()]*\); otherwise treat withdrawal with medication \(CIWA-Ar 10 or more; consider at 8-9\); "
    r"re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; if a dose is given: the patient must "
    r"not drive today (?P<reasons>\(.*?\))(?P<rest>(?:\. Also |\. Then).*)$",
    re.S,
)
#: The first step the R18 phase-1 words replace, as it reads without them: the old COWS's re-score (its own step, to
#: "treat on the current score") and today's moderate CIWA-Ar's prescriber's review, nothing else (anything else in
#: the first step keeps the words as they are: never a step dropped).
_OLD_COWS_THEN_CIWA = re.compile(
    r"First: re-score the COWS now \((?P<last>last \d+ on [^()]*?)\)[:;] .*?treat on the current score; "
    r"a prescriber's review before the patient leaves: before any dose: [^()]*\([^()]*\), give thiamine and check "
    r"blood glucose; if intoxicated: no dose here; otherwise treat withdrawal with medication \(CIWA-Ar 10 or more; "
    r"consider at 8-9\); re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; if a dose is given: "
    r"the patient must not drive today (?P<reasons>\(.*?\))(?P<rest>(?:\. Also |\. Then).*)$",
    re.S,
)
#: The plan's "Then" an escalation arranged in the first step replaces (:data:`_REVIEW_AND_PRESCRIBER`).
_UNLESS_FINDS = re.compile(
    r"Then, (?:unless the review(?: or the assessment)? finds more|unless the review or the assessments find more|"
    r"only if the review records why ambulatory care is safe): "
)
#: Physician review R19 (session 16), must-fix N2: R18's ruling (:data:`OLD_COWS_WITH_ALCOHOL_STEP`) beside three
#: other leads, the reviewer's words (/work/reviews/r19.md, N2). Case B's screen, which (c1) beside a C-SSRS moderate
#: risk asks about an overdose or ingestion first (R16 should-fix S5; Posner et al. 2011).
_B_SCREEN = (
    "Before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose here; otherwise "
)
OLD_COWS_WITH_ALCOHOL_OVERDOSE_SCREEN = (
    "Before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication), give thiamine and check blood glucose; if an overdose or ingestion, or "
    "intoxicated: no dose here (an overdose or ingestion: call emergency services for the ED, staff with the patient "
    "until handover, naloxone if signs of opioid overdose); otherwise "
)
#: (c1, c2) the 37-or-more branch's handover of a moderate suicide-risk screen or a positive PHQ-9 item 9 (R19-N2's
#: words; Posner et al. 2011: a moderate screen calls for a same-day risk assessment), after "the patient must not
#: drive;"; and the same-day assessment the first step ends with, before its reasons.
_NO_DRIVING_THEN_13_36 = "; the patient must not drive; if 13-36"
_HANDOVER_ASSESSMENT = (  # the comma and ", without delaying the transfer": physician review R23a, finding 7
    "; the patient must not drive; at handover tell the receiving team {that}, and ask them for a suicide risk "
    "assessment, without delaying the transfer; if 13-36"
)
SAME_DAY_ASSESSMENT_LAST = "; before the patient leaves, a same-day suicide risk assessment"
#: The first step R19-N2 (c1, c2) replaces, as it reads without it: the old COWS's re-score (to "treat on the current
#: score"), then the same-day suicide risk assessment and today's CIWA-Ar's prescriber's review, nothing else.
_OLD_COWS_THEN_ASSESSMENT = re.compile(
    r"First: re-score the COWS now \((?P<last>last \d+ on [^()]*?)\)[:;] .*?treat on the current score; then, "
    r"before the patient leaves, a same-day suicide risk assessment, and a prescriber's review: before any dose: "
    r"(?:ask about any overdose or ingestion today and )?screen for intoxication [^;]*, give thiamine and check blood "
    r"glucose; if (?:an overdose or ingestion, or )?intoxicated: no dose here(?: \([^()]*\))?; otherwise treat "
    r"withdrawal with medication \(CIWA-Ar 10 or more; consider at 8-9\); re-score the CIWA-Ar within 1 hour of a "
    r"dose and at the end of the visit; if a dose is given: the patient must not drive today "
    r"(?P<reasons>\(.*?\))(?P<rest>(?:\. Also |\. Then).*)$",
    re.S,
)


def old_cows_with_alcohol_assessment_step(
    last: str, if37: str, ciwa: str, that: str | None = None, overdose: bool = False
) -> str:
    """The first step beside a same-day suicide risk assessment (physician review R19, session 16, N2 (c1) a C-SSRS
    moderate risk: ``overdose`` true, the screen asks about an overdose or ingestion; (c2) a positive PHQ-9 item 9):
    case B's (:data:`OLD_COWS_WITH_ALCOHOL_STEP`) with the handover ``that`` ("that today's C-SSRS screen was moderate
    risk") in the 37-or-more branch and the same-day assessment last, the reviewer's words; ``that`` ``None`` (an
    assessment no screen of :func:`assessment_handover` calls for, e.g. a C-SSRS low risk): case B's step word for word
    with the same-day assessment last (physician review R28, must-fix M1)."""
    step = OLD_COWS_WITH_ALCOHOL_STEP.format(last=last, if37=if37, ciwa=ciwa)
    assert _B_SCREEN in step and _NO_DRIVING_THEN_13_36 in step
    if that is None:
        return step + SAME_DAY_ASSESSMENT_LAST
    if overdose:
        step = step.replace(_B_SCREEN, OLD_COWS_WITH_ALCOHOL_OVERDOSE_SCREEN)
    step = step.replace(_NO_DRIVING_THEN_13_36, _HANDOVER_ASSESSMENT.format(that=that), 1)
    return step + SAME_DAY_ASSESSMENT_LAST


#: How the suicide screens told at a handover are joined, "that today's C-SSRS screen was moderate risk and that
#: today's PHQ-9 item 9 was positive" (:func:`_screened_told`, :func:`assessment_handover`: one joiner, physician review
#: R23a, finding 7; R30a: cases 291 and 532 read "... moderate risk and today's PHQ-9 item 9 was positive").
SCREENS_JOINED = " and that "


def assessment_handover(rec: Recommendation, low: bool = False) -> tuple[str, bool] | None:
    """``(that, overdose)`` for :func:`old_cows_with_alcohol_assessment_step`: every suicide screen that stands named,
    the C-SSRS first, joined by :data:`SCREENS_JOINED`, one of another day with its date: "that today's C-SSRS
    screen was moderate risk", "that the C-SSRS screen of 20 Nov 2026 was moderate risk", "that today's PHQ-9 item 9
    was positive", "that the PHQ-9 item 9 of 20 Nov 2026 was positive (not re-asked today)" (physician reviews R19-N2
    and R20-M1, session 16, their words; R20b: both together, and a PHQ-9 of another day, never left out);
    ``overdose`` where the screen asks about an overdose or ingestion (:func:`overdose_risk`: a C-SSRS moderate risk,
    R16-S5; a positive PHQ-9 item 9, R30b S7); ``None`` where neither stands. A C-SSRS low risk beside them is named
    too, first, "that today's C-SSRS screen found a wish to be dead or non-specific suicidal thoughts and that today's
    PHQ-9 item 9 was positive" (physician review R38, item 5: case 5 told the PHQ-9 and dropped the C-SSRS; alone it
    names nothing, R28 M1). A blank PHQ-9 item 9 (its worst case) "that today's PHQ-9 item 9 was not asked"
    (:data:`~iopkit.placement.resolution.SCREENED_NOT_ASKED`; physician review R32, should-fixes S7 and S8)."""
    from .resolution import SCREENED_NOT_ASKED, SCREENED_NOT_ASKED_EARLIER

    codes = {f.code for f in rec.flags if f.withdrawn is None}
    named, overdose = [], overdose_risk(rec.flags)
    for code, today, another_day in (
        ("suicide_risk_moderate", "today's C-SSRS screen was moderate risk", "the C-SSRS screen of {:%d %b %Y} was "
         "moderate risk"),
        ("suicidal_ideation", "today's PHQ-9 item 9 was positive", "the PHQ-9 item 9 of {:%d %b %Y} was positive (not "
         "re-asked today)"),
    ):  # fmt: skip
        if code in codes:
            day = _earlier_day(rec, code)
            if code in SCREENED_NOT_ASKED and all(f.worst_case for f in rec.flags if f.code == code):
                # a blank item 9: "was not asked", never "positive" (physician review R32, should-fixes S7 and S8)
                today, another_day = SCREENED_NOT_ASKED[code], SCREENED_NOT_ASKED_EARLIER[code]
            named.append(today if day is None else another_day.format(day, day=day))
    told_low = cssrs_low_told(rec) if low and named else None
    if told_low:  # told beside the screens named, first (physician review R38, item 5)
        named.insert(0, told_low)
    return (f"that {SCREENS_JOINED.join(named)}", overdose) if named else None


def cssrs_low_told(rec: Recommendation) -> str | None:
    """What the receiving team is told of a standing C-SSRS low risk (no correction withdrew it), today's or of
    another day with its date: "today's C-SSRS screen found a wish to be dead or non-specific suicidal thoughts", "the
    C-SSRS screen of 20 Nov 2026 found a wish to be dead or non-specific suicidal thoughts (never assessed)"
    (:data:`~iopkit.placement.resolution.SCREENED_TOLD`, :data:`~iopkit.placement.resolution.SCREENED_TOLD_EARLIER`;
    physician review R38, item 5; R39, C2); ``None`` where none stands."""
    from .resolution import SCREENED_TOLD, SCREENED_TOLD_EARLIER

    if not any(f.code == "suicide_risk_low" and f.withdrawn is None for f in rec.flags):
        return None
    day = _earlier_day(rec, "suicide_risk_low")
    return (
        SCREENED_TOLD["suicide_risk_low"] if day is None else SCREENED_TOLD_EARLIER["suicide_risk_low"].format(day=day)
    )


def _earlier_day(rec: Recommendation, code: str) -> dt.date | None:
    """The day of the first finding ``code`` of another day than the placement's among ``rec``'s suggestions
    (:attr:`~iopkit.placement.suggest.Suggestion.earlier`); ``None`` where it is of the placement's day."""
    return next((day for s in rec.suggested for c, _message, day in getattr(s, "earlier", ()) if c == code), None)


#: (c3) Today's CIWA-Ar item 10 at 1: the medical review first, as now but holding buprenorphine and methadone too
#: while intoxicated (R18-M6; FDA Drug Safety Communication 20 Sep 2017), then the old COWS's re-score with case B's
#: three branches and its doses after the medical review (physician review R19, session 16, N2 (c3), its words).
_B_BRANCHES = OLD_COWS_WITH_ALCOHOL_STEP[
    OLD_COWS_WITH_ALCOHOL_STEP.index("{if37}: ") : OLD_COWS_WITH_ALCOHOL_STEP.index(" Before any dose: ")
]
_B_TREATS = "otherwise a prescriber treats withdrawal (before a transfer only if it does not delay the transfer): "
_B_DOSES = OLD_COWS_WITH_ALCOHOL_STEP[
    OLD_COWS_WITH_ALCOHOL_STEP.index(_B_TREATS) + len(_B_TREATS) : OLD_COWS_WITH_ALCOHOL_STEP.index(
        f"; {ANY_DOSE_NO_DRIVING}"
    )
]
OLD_COWS_WITH_ALCOHOL_ITEM10_STEP = (
    "; and re-score the COWS now ({last}), with alcohol withdrawal alongside ({ciwa}): "
    + _B_BRANCHES
    + " After the medical review finds no delirium and no intoxication, a prescriber treats withdrawal (before a "
    "transfer only if it does not delay the transfer): "
    + _B_DOSES
    + "; the patient must not drive until the medical review finds the patient not delirious or intoxicated, nor today "
    "if a dose is given"
)
_BENZODIAZEPINE_ONLY = "no benzodiazepine until it clears and the review is repeated"
_ALL_THREE = "no buprenorphine, methadone or benzodiazepine until it clears and the review is repeated"
_MEDICAL_REVIEW_PART = (
    r"(?P<review>medical review now: (?:ask about any overdose or ingestion today and )?screen for delirium "
    r"\(CAM or 4AT\).*?the patient must not drive until the medical review finds the patient not delirious or "
    r"intoxicated)"
)
_COWS_RESCORE_PART = (
    r"(?P<cows>re-score the COWS now \((?P<last>last \d+ on [^()]*?)\)[:;] .*?treat on the current score)"
)
#: The first step R19-N2 (c3) replaces, as it reads without it: the old COWS's re-score and the medical review (either
#: order), then today's CIWA-Ar's prescriber's review, nothing else.
_ITEM10_FIRST = re.compile(
    r"First: (?P<body>.*?); a prescriber's review before the patient leaves: treat withdrawal with medication "
    r"\(CIWA-Ar 10 or more; consider at 8-9\); re-score the CIWA-Ar within 1 hour of a dose and at the end of the "
    r"visit; if a dose is given: the patient must not drive today (?P<reasons>\(.*?\))"
    r"(?P<rest>(?:\. Also |\. Then).*)$",
    re.S,
)
_ITEM10_BODY = (
    re.compile(f"{_COWS_RESCORE_PART}; {_MEDICAL_REVIEW_PART}", re.S),
    re.compile(f"{_MEDICAL_REVIEW_PART}; {_COWS_RESCORE_PART}", re.S),
)


#: Physician review R23b (session 20), must-fix B1: (c3) where the leads meet, today's CIWA-Ar item 10 at 1 beside a
#: same-day suicide risk assessment (a C-SSRS moderate risk, a positive PHQ-9 item 9, or both): the c3 first step, its
#: medical review asking about an overdose or ingestion (beside suicidal ideation an ingestion is a cause to exclude),
#: its delirium transfer and its 37-or-more branch naming the screens at handover (R19-N2 (i)/(ii), R20b), the doses
#: after a review that finds no overdose or ingestion either, the same-day assessment last, the reviewer's words
#: (/work/reviews/r23b.md, B1; ASAM Criteria 2013, dimensions 1 and 3; ASAM 2020 alcohol withdrawal and OUD
#: guidelines; FDA Drug Safety Communication 20 Sep 2017; Posner et al. 2011; Kroenke et al. 2001; Simon et al. 2013;
#: Joint Commission NPSG 15.01.01). The first step it replaces, as it reads without it: the old COWS's re-score and the
#: medical review, then the same-day assessment (its "(if transferred: ...)" handover) and today's CIWA-Ar's
#: prescriber's review, nothing else.
_ITEM10_ASSESSMENT_FIRST = re.compile(
    r"First: (?P<body>.*?); then, before the patient leaves, a same-day suicide risk assessment(?: with safety "
    r"planning)? \(if transferred: [^()]*(?:\([^()]*\)[^()]*)*\), and a prescriber's review: treat withdrawal with "
    r"medication \(CIWA-Ar 10 or more; consider at 8-9\); re-score the CIWA-Ar within 1 hour of a dose and at the end "
    r"of the visit; if a dose is given: the patient must not drive today (?P<reasons>\(.*?\))"
    r"(?P<rest>(?:\. Also |\. Then).*)$",
    re.S,
)
_REVIEW_SCREENS = "edical review now: screen for delirium"
_REVIEW_ASKS_OVERDOSE = "edical review now: ask about any overdose or ingestion today and screen for delirium"
_OVERDOSE_NO_DOSE = (
    "if an overdose or ingestion: no dose here (call emergency services for the ED, staff with the patient until "
    "handover, naloxone if signs of opioid overdose); "
)
_TOLD_ASKED = (  # the comma and ", without delaying the transfer": physician review R23a, finding 7 (c), (d)
    "at handover tell the receiving team {that}, and ask them for a suicide risk assessment, without delaying the "
    "transfer"
)
_AFTER_REVIEW = "After the medical review finds no delirium and no intoxication,"
_AFTER_REVIEW_NO_OVERDOSE = (
    "After the medical review finds no delirium and no intoxication and no overdose or ingestion,"
)


def item10_review_told(review: str, that: str) -> str:
    """CIWA-Ar item 10 at 1's medical review ``review`` (the headline's, or a box's, either case) beside a same-day
    suicide risk assessment, the screens ``that`` (:func:`assessment_handover`) told at its delirium transfer: items 1-3
    of physician review R23b (session 20), must-fix B1, its words. Each said once, where ``review`` says it already.

    Examples
    --------
    >>> print(item10_review_told(
    ...     f"Medical review now: screen for delirium (CAM or 4AT); {IF_DELIRIUM_TRANSFER}; {DECLINES_TRANSFER}; x",
    ...     "that today's PHQ-9 item 9 was positive",
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    Medical review now: ask about any overdose or ingestion today and screen for delirium (CAM or 4AT); if delirium:
    emergency evaluation: arrange transfer now by emergency services (ED, or 4-WM); staff with the patient until
    handover; at handover tell the receiving team that today's PHQ-9 item 9 was positive, and ask them for a suicide
    risk assessment, without delaying the transfer; if the patient declines transfer: the prescriber assesses and
    records capacity to decline (without capacity: transfer by emergency services; with capacity: ...); if an overdose
    or ingestion: no dose here (call emergency services for the ED, staff with the patient until handover, naloxone if
    signs of opioid overdose); x
    """
    at = min((i for i in (review.find(_REVIEW_SCREENS), review.find(_REVIEW_ASKS_OVERDOSE)) if i >= 0), default=-1)
    if at < 0:
        return review
    before, said = review[:at], review[at:]  # the review's own clauses only (a joined box says others before it)
    if not said.startswith(_REVIEW_ASKS_OVERDOSE):
        said = said.replace(_REVIEW_SCREENS, _REVIEW_ASKS_OVERDOSE, 1)
    told = f"{IF_DELIRIUM_TRANSFER}; {_TOLD_ASKED.format(that=that)}"
    if told not in said:
        said = said.replace(IF_DELIRIUM_TRANSFER, told, 1)
    declines = f"{DECLINES_TRANSFER}; "
    if f"{declines}{_OVERDOSE_NO_DOSE}" not in said:
        said = said.replace(declines, f"{declines}{_OVERDOSE_NO_DOSE}", 1)
    return before + said


def old_cows_with_alcohol_item10_step(last: str, if37: str, ciwa: str, that: str | None = None) -> str:
    """:data:`OLD_COWS_WITH_ALCOHOL_ITEM10_STEP` (physician review R19, N2 (c3)); beside a same-day suicide risk
    assessment, the screens ``that`` (:func:`assessment_handover`) told in its 37-or-more branch, its doses after a
    review that finds no overdose or ingestion either, the same-day assessment last: items 4-6 of physician review
    R23b (session 20), must-fix B1, its words."""
    step = OLD_COWS_WITH_ALCOHOL_ITEM10_STEP.format(last=last, if37=if37, ciwa=ciwa)
    if that is None:
        return step
    assert _NO_DRIVING_THEN_13_36 in step and _AFTER_REVIEW in step
    step = step.replace(_NO_DRIVING_THEN_13_36, _HANDOVER_ASSESSMENT.format(that=that), 1)
    return step.replace(_AFTER_REVIEW, _AFTER_REVIEW_NO_OVERDOSE, 1) + SAME_DAY_ASSESSMENT_LAST


#: Physician review R28, must-fix M1 (every old COWS of 13 or more beside today's CIWA-Ar of 8 or more escalates at
#: 13-36 and hands over), where today's CIWA-Ar has item 10 at 1 beside the emergency evaluation for suicide risk (a
#: C-SSRS high, or dimension 3 rated 4): case F's branches (:data:`OLD_COWS_WITH_ALCOHOL_SUICIDE_LEAD`, R18 phase 1,
#: as case 54 says them) in place of the bare "re-score the COWS now (...); treat on the current score". Evaluated on
#: site, R19-N2 (c3)'s order: the medical review first, then the branches, then case F's doses after a review that
#: finds no delirium, no intoxication and no overdose or ingestion (R23b B1's words); beside dimension 3 rated 4's
#: transfer now, the lead's own screen and first dose stay, the branches said where the re-score stood, and the
#: benzodiazepine's monitoring until handover (R3 should-fix 10; FDA Drug Safety Communication 20 Sep 2017).
OLD_COWS_WITH_ALCOHOL_SUICIDE_BRANCHES = OLD_COWS_WITH_ALCOHOL_SUICIDE_LEAD[
    : OLD_COWS_WITH_ALCOHOL_SUICIDE_LEAD.index("; before any dose: ")
]
_F_TREATS = "a prescriber treats withdrawal now"
_F_DOSES = OLD_COWS_WITH_ALCOHOL_SUICIDE_STEP[len(OLD_COWS_WITH_ALCOHOL_SUICIDE_LEAD) + len(_F_TREATS) :]
assert OLD_COWS_WITH_ALCOHOL_SUICIDE_STEP.startswith(OLD_COWS_WITH_ALCOHOL_SUICIDE_LEAD + _F_TREATS)
OLD_COWS_WITH_ALCOHOL_ITEM10_SUICIDE_STEP = (
    f"; and {OLD_COWS_WITH_ALCOHOL_SUICIDE_BRANCHES}. {_AFTER_REVIEW_NO_OVERDOSE} {_F_TREATS}{_F_DOSES}"
)
#: Beside dimension 3 rated 4's transfer now: the branches where the bare re-score stood, the 37-or-more branch naming
#: the setting that can manage both without arranging the transfer the lead arranges already (its safety precautions
#: said once a step: physician review R23a, finding 3), the benzodiazepine's monitoring after.
_F_TRANSFER = ": arrange transfer now (ED); safety precautions, staff with the patient, until handover; if 13-36"
assert _F_TRANSFER in OLD_COWS_WITH_ALCOHOL_SUICIDE_BRANCHES
OLD_COWS_WITH_ALCOHOL_ITEM10_AT_4 = (
    f"{OLD_COWS_WITH_ALCOHOL_SUICIDE_BRANCHES.replace(_F_TRANSFER, '; if 13-36', 1)}; treat on the current score; "
    f"{BENZODIAZEPINE_UNTIL_HANDOVER}"
)
#: The first step it replaces, as it reads without it: the suicide evaluation's lead, item 10 at 1's medical review,
#: the old COWS's bare re-score, today's CIWA-Ar's prescriber's review while the patient waits, nothing else.
_ITEM10_SUICIDE_FIRST = re.compile(
    r"(?P<lead>First: emergency evaluation for suicide risk, with safety precautions, staff with the patient, until "
    r"it is done; if the patient declines it or tries to leave: [^;]*; (?:the patient must not drive; )?and )"
    r"(?P<review>medical review now: ask about any overdose or ingestion today and screen for delirium \(CAM or 4AT\)"
    r".*?); re-score the COWS now \((?P<last>last \d+ on [^()]*?)\); treat on the current score; a prescriber's review "
    r"now, while the patient waits for the suicide evaluation: treat withdrawal with medication \(CIWA-Ar 10 or more; "
    r"consider at 8-9\); re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit "
    r"(?P<reasons>\(.*?\))(?P<rest>(?:\. Also |\. Then).*)$",
    re.S,
)
#: Dimension 3 rated 4's transfer now, its screen for delirium before any dose (item 10 at 1) and its first dose, then
#: the old COWS's bare re-score, in the first sentence.
_ITEM10_AT_4_FIRST = re.compile(
    r"(?P<head>First: emergency evaluation for suicide risk now: arrange transfer now \(ED\); [^.]*?before any dose: "
    r"ask about any overdose or ingestion today and screen for delirium \(CAM or 4AT\) and intoxication [^.]*?"
    r"a prescriber gives a first dose for today's withdrawal before transfer [^.]*?; )re-score the COWS now "
    r"\((?P<last>last \d+ on [^()]*?)\); treat on the current score; ",
    re.S,
)


def _old_cows_item10_beside_evaluation(text: str, last: str, if37: str, ciwa: str) -> str:
    """The headline ``text`` with the branches of physician review R18 phase 1's case F where an old COWS of 13 or more
    (its re-score's ``last``, ``if37``) stands beside today's CIWA-Ar ``ciwa`` of 8 or more with item 10 at 1
    (:func:`old_cows_with_alcohol` with ``item10``) and the emergency evaluation for suicide risk leads
    (:data:`OLD_COWS_WITH_ALCOHOL_ITEM10_SUICIDE_STEP` on site, :data:`OLD_COWS_WITH_ALCOHOL_ITEM10_AT_4` beside
    dimension 3 rated 4's transfer now; physician review R28, must-fix M1); ``text`` otherwise."""
    at_4 = _ITEM10_AT_4_FIRST.match(text)
    if at_4 and at_4["last"] == last:
        said = OLD_COWS_WITH_ALCOHOL_ITEM10_AT_4.format(last=last, if37=if37, ciwa=ciwa)
        return f"{at_4['head']}{said}; {text[at_4.end() :]}"
    m = _ITEM10_SUICIDE_FIRST.match(text)
    if m is None or m["last"] != last or _BENZODIAZEPINE_ONLY not in m["review"]:
        return text
    review = m["review"].replace(_BENZODIAZEPINE_ONLY, _ALL_THREE)  # R18-M6: the agonists held too
    step = OLD_COWS_WITH_ALCOHOL_ITEM10_SUICIDE_STEP.format(last=last, if37=if37, ciwa=ciwa)
    return f"{m['lead']}{review}{step} {m['reasons']}{m['rest']}"


def _old_cows_beside_item10(rec: Recommendation, text: str) -> str:
    """The headline ``text`` in the words of physician review R19 (session 16), N2 (c3), where an old COWS of 13 or
    more stands beside today's CIWA-Ar of 8 or more with item 10 at 1 (:func:`old_cows_with_alcohol` with
    ``item10``): the medical review first (:data:`_ALL_THREE` held while intoxicated), then
    :data:`OLD_COWS_WITH_ALCOHOL_ITEM10_STEP`, its reasons as they were, the plan as case B's; beside the emergency
    evaluation for suicide risk, :func:`_old_cows_item10_beside_evaluation`; ``text`` otherwise."""
    case = old_cows_with_alcohol(rec, item10=True)
    if case and text.startswith("First: emergency evaluation for suicide risk"):  # physician review R28, M1
        return _old_cows_item10_beside_evaluation(text, *case)
    told = assessment_handover(rec) if case else None  # physician review R23b, B1: where the leads meet
    m = (_ITEM10_ASSESSMENT_FIRST if told else _ITEM10_FIRST).match(text) if case else None
    # beside a same-day assessment no screen hands over (a C-SSRS low), the step as said without it, the assessment
    # last, as R28 M1 says case B's (physician review R46, Q1: a C-SSRS low dropped the step's two-withdrawal branches
    # and its sedation watch)
    low = case is not None and m is None and told is None and cssrs_low_told(rec) is not None
    m = _ITEM10_ASSESSMENT_FIRST.match(text) if low else m
    body = next((b for r in _ITEM10_BODY if m and (b := r.fullmatch(m["body"]))), None)
    if case is None or m is None or body is None or body["last"] != case[0]:
        return text
    last, if37, ciwa = case
    review = body["review"]
    if _ALL_THREE not in review:
        if _BENZODIAZEPINE_ONLY not in review:
            return text
        review = review.replace(_BENZODIAZEPINE_ONLY, _ALL_THREE)
    review = item10_review_told(review, told[0]) if told else review
    step = old_cows_with_alcohol_item10_step(last, if37, ciwa, told[0] if told else None)
    if low:  # its handover, if transferred, as the same-day assessment said it (R21 M2: the delirium box says it too)
        told_low = if_transferred_told(rec)
        step = f"{step}{SAME_DAY_ASSESSMENT_LAST}{f' {told_low}' if told_low else ''}"
    rest = _then_as_arranged(rec, m["rest"])
    # physician review R24b 1.4: not 1-WM for alcohol and opioid withdrawal together with item 10 at 1 today
    rest = _two_wm_as_arranged(rest)
    return f"First: {review}{step} {_suicide_reasons_last(m['reasons'])}{rest}"


#: The suicide screens' reasons in the headline, the C-SSRS first (physician review R24b 1.5).
_SUICIDE_REASONS = ("moderate suicide risk", "suicidal ideation (PHQ-9 item 9)")


def _suicide_reasons_last(reasons: str) -> str:
    """The reasons ``reasons`` ("(...)") of R19-N2 (c3)'s first step with dimension 1's reasons whole, joined with
    ", ", and the suicide screens' reasons after them, the C-SSRS first (physician review R24b, session 21,
    should-fix 1.5: "the D1 group whole, as c3 alone prints it, then the suicide reasons (C-SSRS first)");
    ``reasons`` itself without a suicide reason.

    Examples
    --------
    >>> _suicide_reasons_last("(a (x), b; suicidal ideation (PHQ-9 item 9): c; moderate suicide risk; d: e)")
    '(a (x), b, d: e; moderate suicide risk; suicidal ideation (PHQ-9 item 9): c)'
    >>> _suicide_reasons_last("(a; b)")
    '(a; b)'
    """
    parts, depth, at = [], 0, 1
    for i, ch in enumerate(reasons[1:-1], 1):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and reasons.startswith("; ", i):
            parts.append(reasons[at:i])
            at = i + 2
    parts.append(reasons[at:-1])
    suicide = sorted(
        (p for p in parts if p.startswith(_SUICIDE_REASONS)),
        key=lambda p: next(n for n, r in enumerate(_SUICIDE_REASONS) if p.startswith(r)),
    )
    if not suicide:
        return reasons
    kept = [p for p in parts if not p.startswith(_SUICIDE_REASONS)]
    withdrawal = ", ".join(kept)
    if len(kept) > 1:  # the D1 group whole: joined reasons call for the rating (physician review R25b)
        withdrawal = withdrawal.replace(" it calls for", " they call for")
    return f"({'; '.join([withdrawal, *suicide])})"


#: Why the plan after the escalation R19-N2 (c3) arranges (old COWS of 13 or more, today's CIWA-Ar with item 10 at 1)
#: is not 1-WM, physician review R24b's words (session 21, should-fix 1.4: alcohol and opioid withdrawal together with
#: inattention today is not a 1-WM patient; ASAM Criteria 2013, dimension 1, concurrent withdrawals; ASAM Alcohol
#: Withdrawal Management Guideline 2020: ambulatory management only at low risk of complicated withdrawal, with
#: monitoring): :func:`_two_wm_as_arranged`.
_NOT_ONE_WM_ITEM10 = "(not 1-WM: alcohol and opioid withdrawal together, CIWA-Ar item 10 at 1 today)"


def _two_wm_as_arranged(rest: str) -> str:
    """The plan ``rest`` after R19-N2 (c3)'s escalation with 2-WM in place of 1-WM (:data:`_NOT_ONE_WM_ITEM10`)."""
    one = f"with {_named(LevelOfCare.WM_AMBULATORY)}; {_AS_ARRANGED}."
    two = f"with {_named(LevelOfCare.WM_AMBULATORY_EXTENDED)} {_NOT_ONE_WM_ITEM10}; {_AS_ARRANGED}."
    return rest.replace(one, two, 1)


def _then_as_arranged(rec: Recommendation, rest: str) -> str:
    """The plan after an escalation arranged in the first step: "only if the review and the prescriber record why
    ambulatory care is safe: ...; otherwise as arranged above" (R18 phase 1, case B)."""
    wm = rec.withdrawal_management
    if wm in (LevelOfCare.WM_AMBULATORY, LevelOfCare.WM_AMBULATORY_EXTENDED) and rest.endswith(f"{_named(wm)}."):
        then = _UNLESS_FINDS.search(rest)
        if then:
            plan = rest[then.end() :].removesuffix(".")
            rest = f"{rest[: then.start()]}{_REVIEW_AND_PRESCRIBER}: {plan}; {_AS_ARRANGED}."
    return rest


def old_cows_with_alcohol(rec: Recommendation, *, item10: bool = False) -> tuple[str, str, str] | None:
    """``(last, if37, ciwa)`` where dimension 1's suggestion holds a COWS of 13 or more of another day whose step is its
    re-score now (:func:`_rescore_now`), no COWS of 13 or more of the placement's day, and today's CIWA-Ar in the
    moderate band (8 or more, iopkit's ``alcohol_alongside``) with no severe band, complicated withdrawal or item 10
    finding today (those lead otherwise): ``last`` the re-score's "last 48 on 20 Nov 2026, severe", ``if37`` "if still
    37 or more" (above 36) or "if 37 or more", ``ciwa`` "CIWA-Ar 13 today"; else ``None`` (physician review R18,
    session 16, phase 1: R17b must-fix M3's scope, the reviewer's words). With ``item10``, the same where today's
    CIWA-Ar has item 10 at 1 (``possible_inattention``, its medical review first: physician review R19, N2 (c3)), and
    only there."""
    last = [s for s in rec.suggested if s.dimension == 1][-1:]
    flags = [f for f in (last[0].flags if last else ()) if f.withdrawn is None and not f.worst_case]
    today = {f.code for f in flags if not _origin(f.message) and not _only_records(f)}
    old = [f for f in flags if f.code in _COWS_TREATED and _earlier_signs(f) and _rescore_now(f)]
    said = re.match(r"Re-score the COWS now \((last \d+ on [^()]*?)\)", old[0].action) if old else None
    if said is None or today & _COWS_TREATED or "moderate_alcohol_withdrawal" not in today:
        return None
    if today & {"severe_alcohol_withdrawal", "complicated_withdrawal"}:
        return None
    if ("possible_inattention" in today) is not item10:  # ``item10``: today's CIWA-Ar item 10 at 1 (R19-N2, c3)
        return None
    total = _total_today(rec, "ciwa_ar")
    ciwa = f"CIWA-Ar {total:g} today" if total is not None else "CIWA-Ar of today"
    return said[1], "if still 37 or more" if said[1].endswith(", severe") else "if 37 or more", ciwa


def _old_cows_with_alcohol(rec: Recommendation, text: str) -> str:
    """The headline ``text`` with its first step in the words of :data:`OLD_COWS_WITH_ALCOHOL_STEP` where
    :func:`old_cows_with_alcohol` finds its case and the first step is the old COWS's re-score and today's CIWA-Ar's
    prescriber's review only (:data:`_OLD_COWS_THEN_CIWA`), its reasons as they were; the plan after it "only if the
    review and the prescriber record why ambulatory care is safe: ...; otherwise as arranged above", as today's COWS of
    13-36 beside a CIWA-Ar of 13 (:data:`_REVIEW_AND_PRESCRIBER`; ASAM 2020 alcohol withdrawal guideline, Rec VII.8:
    ambulatory withdrawal management only without complicating factors; physician review R18, session 16, phase 1,
    the reviewer's words); beside a C-SSRS high, after its lead, :data:`OLD_COWS_WITH_ALCOHOL_SUICIDE_STEP`, the plan
    as the evaluation decides (case F). ``text`` itself otherwise."""
    case = old_cows_with_alcohol(rec)
    if case is None:
        return _old_cows_beside_item10(rec, text)  # physician review R19, N2 (c3)
    last, if37, ciwa = case
    suicide = _SUICIDE_THEN_OLD_COWS_THEN_CIWA.match(text)  # beside a C-SSRS high: after its lead, its plan as it is
    if suicide and suicide["last"] == last:
        step = OLD_COWS_WITH_ALCOHOL_SUICIDE_STEP.format(last=last, if37=if37, ciwa=ciwa)
        return f"{suicide['lead']}{step} {suicide['reasons']}{suicide['rest']}"
    beside = _OLD_COWS_THEN_ASSESSMENT.match(text)  # physician review R19, N2 (c1, c2)
    if beside and beside["last"] == last:  # R28 M1: beside an assessment no screen hands over (a C-SSRS low), too
        step = old_cows_with_alcohol_assessment_step(last, if37, ciwa, *(assessment_handover(rec, low=True) or ()))
        return f"First: {step} {beside['reasons']}{_then_as_arranged(rec, beside['rest'])}"
    m = _OLD_COWS_THEN_CIWA.match(text)
    if m is None or m["last"] != last:
        return text
    step = OLD_COWS_WITH_ALCOHOL_STEP.format(last=last, if37=if37, ciwa=ciwa)
    return f"First: {step} {m['reasons']}{_then_as_arranged(rec, m['rest'])}"


#: What a suicide-risk finding of another day than the placement's says after its day (:func:`_screen_dated`), by
#: where it was found (:func:`_where_asked`): a C-SSRS screen "not re-screened today" (physician review R13, should-fix
#: S9), a PHQ-9 item 9 "not re-asked today" (physician ruling R20b, S5: undated it reads as today's; Kroenke et al.
#: 2001, item 9 asks about the last 2 weeks), as :func:`assessment_handover` dates it.
_NOT_ASKED_AGAIN = {"C-SSRS": "not re-screened today", "PHQ-9 item 9": "not re-asked today"}
#: A suicide-risk finding named among the headline's reasons on its own, without where it was found ("...; high
#: suicide risk)", dimension 3 rated 4 naming it after itself): :func:`_screen_dated`.
_BARE_REASON = "(?:(?<=\\()|(?<=; )){words}(?=[;)])"


def _screen_of_another_day(flag: Flag, day: dt.date) -> str:
    """Where a critical suicide-risk finding of a screen of ``day``, another day than the placement's, was found,
    with that day (:data:`_NOT_ASKED_AGAIN`): "C-SSRS screen of 20 Nov 2026, not re-screened today", "PHQ-9 item 9 of
    20 Nov 2026, not re-asked today" (physician review R13, should-fix S9; physician ruling R20b, S5); a C-SSRS
    moderate risk the same, "C-SSRS screen of 20 Nov 2026, not re-screened today", though not critical (physician
    review R21, session 19, should-fix S1); ``""`` for any other flag."""
    critical = flag.severity is Severity.CRITICAL and calls_for(flag) in SUICIDE_RISK_CALLS
    where = _where_asked(flag) if critical or flag.code == "suicide_risk_moderate" else ""
    again = next((a for w, a in _NOT_ASKED_AGAIN.items() if where.startswith(w)), "")
    return f"{where} of {day:%d %b %Y}, {again}" if again else ""


def _screen_dated(rec: Recommendation, text: str) -> str:
    """``text`` (the headline's steps, or its rating clause) with each critical suicide-risk finding of a screen of
    another day than the placement's (:attr:`~iopkit.placement.suggest.Suggestion.earlier`) named with that day, as an
    old CIWA-Ar or COWS is: "high suicide risk (C-SSRS screen of 20 Nov 2026, not re-screened today)", for "high
    suicide risk (C-SSRS screen)" (:func:`_caller_name`) or a bare "high suicide risk" among the reasons; the first
    step stays the emergency evaluation (a screen today cannot clear an unresolved high risk without the evaluation:
    C-SSRS screener triage, Posner et al. 2011; physician review R13, should-fix S9, its words); a positive PHQ-9 item 9
    the same way, "suicidal ideation (PHQ-9 item 9 of 20 Nov 2026, not re-asked today)" (physician ruling R20b, S5:
    :func:`_screen_of_another_day`), and a C-SSRS moderate risk, "moderate suicide risk (C-SSRS screen of 20 Nov 2026,
    not re-screened today)" (physician review R21, session 19, should-fix S1). A finding also found on a screen of the
    placement's day is left as it is (which day it names would be unclear), as is a flag whose message names its day
    already (:func:`_origin`, e.g. a check-in not saved yet).

    Examples
    --------
    >>> import datetime as dt, iopkit
    >>> from iopkit.placement import recommend, suggest_dimensions
    >>> high = iopkit.score("cssrs_screen", ["yes", "yes", "no", "yes", "no", "no", None])
    >>> s = suggest_dimensions([high], scored_on={"cssrs_screen": dt.date(2026, 11, 20)}, today=dt.date(2026, 12, 2))
    >>> rec = recommend({1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=s)
    >>> print(_screen_dated(rec, "(high suicide risk (C-SSRS screen): dimension 3 rated 1)"))
    (high suicide risk (C-SSRS screen of 20 Nov 2026, not re-screened today): dimension 3 rated 1)
    """
    earlier = {(code, message): day for s in rec.suggested for code, message, day in s.earlier}
    today = {f.code for f in rec.flags if (f.code, f.message) not in earlier}
    for f in rec.flags:
        day = earlier.get((f.code, f.message))
        # a C-SSRS screen (the finding R13 names) or a PHQ-9 item 9 (R20b S5); a flag whose message names its day
        # already is left as it is
        dated = _screen_of_another_day(f, day) if day is not None else ""
        if not dated or f.code in today or _origin(f.message):
            continue
        where, words = _where_asked(f), _why(f)
        text = text.replace(f"{words} ({where})", f"{words} ({dated})")
        text = re.sub(_BARE_REASON.format(words=re.escape(words)), f"{words} ({dated})", text)
    return text


#: What the headline says shorter than the COWS flag's box beside it, which keeps the full text (iopkit's own wording,
#: physician review 7: a headline of 1,300-1,900 characters is not read): the methadone conditions of the 72-hour
#: rule (:data:`~iopkit.flags.OPIOID_AGONISTS`, 21 CFR 1306.07(b)) and the complicating conditions of a COWS above 36
#: (:data:`~iopkit.placement.suggest.COWS_COMPLICATING`), each only where a COWS flag of the recommendation names it.
#: The opioid agonists as the headline names them beside a COWS flag (:data:`HEADLINE_CUTS`).
_AGONISTS_SAID = "buprenorphine, or methadone as the COWS flag says"
#: A COWS above 36 of the placement's day beside an old complicated or severe CIWA-Ar's conditional transfer: alcohol
#: withdrawal alongside (a CIWA-Ar re-score of 8 or more) is a complicating condition, and the lead's one destination
#: is the transfer it calls for, as :func:`_alcohol_alongside` sends today's COWS above 36 beside a CIWA-Ar of 8 or more
#: (ASAM 2020 alcohol withdrawal guideline, Rec VII.8; ASAM 2020 OUD guideline; physician review R10, session 13,
#: must-fix 2b (ii), its words): the headline's words (:data:`HEADLINE_CUTS`) for :data:`_SAME_TRANSFER_BOX`. After
#: "re-score the COWS after dosing", "a CIWA-Ar re-score", never a bare "a re-score" read as the COWS's (physician
#: review R27, must-fix M2's ruling, applied here by the lead engineer in session 22).
_SAME_TRANSFER = (
    "a complicating condition listed on the COWS flag, alcohol withdrawal alongside among them (a CIWA-Ar re-score of "
    "8 or more): arrange the same transfer now"
)
#: The same in the COWS flag's box and dimension 1's rating-below box (:func:`cows_boxes_as_headline`), which say the
#: complicating conditions in full, since beside the transfer the COWS flag's box holds no other list of them (ASAM
#: 2020 OUD guideline: complicating conditions call for a higher level of care; ASAM 2020 alcohol withdrawal
#: guideline, Rec VII.8; physician review R11, session 13, must-fix N8 (ii), its words; "a CIWA-Ar re-score" as the
#: headline says it: R27 M2's ruling, session 22).
_SAME_TRANSFER_BOX = (
    "a complicating condition (vomiting or diarrhoea with fluids not kept down, unstable vital signs, other medical or "
    "psychiatric instability, pregnancy, alcohol withdrawal alongside (a CIWA-Ar re-score of 8 or more) or "
    "benzodiazepine withdrawal alongside, precipitated withdrawal that does not settle, delirium): arrange transfer "
    f"now (ED, or 4-WM); {_STAFF_WITH_PATIENT}"  # physician review R48, item 2 (lower priority)
)
#: What a COWS of 13-36's box adds after "co-occurring alcohol withdrawal (CIWA-Ar of 20 Nov 2026, not re-scored
#: today)" beside an old complicated or severe CIWA-Ar's conditional transfer (:func:`_beside_old_transfer`): the other
#: complicating conditions its own step listed (ASAM 2020 OUD guideline; physician review R11, session 13, must-fix N8
#: (iii), its words); the headline leaves it to the box (:data:`HEADLINE_CUTS`).
_ANOTHER_COMPLICATING = (
    ", or another complicating condition (medical or psychiatric instability, benzodiazepine withdrawal, pregnancy)"
)
#: What the headline says shorter than the box that says it in full: the methadone conditions of the 72-hour rule
#: and the complicating conditions of a COWS flag; beside an old CIWA-Ar's conditional transfer, the COWS clause's
#: complicating conditions (:data:`_SAME_TRANSFER_BOX`, :data:`_ANOTHER_COMPLICATING`). One text for both: the box
#: says the clause as built, the headline with these cuts made (:func:`_cut`, :func:`cows_boxes_as_headline`;
#: physician review R11, session 13, must-fix N8: the box keeps the 72-hour rule and the complicating conditions).
HEADLINE_CUTS = (
    (OPIOID_AGONISTS, _AGONISTS_SAID),
    (COWS_COMPLICATING, "(listed on the COWS flag)"),
    (_SAME_TRANSFER_BOX, _SAME_TRANSFER),
    (_ANOTHER_COMPLICATING, ""),
)


def _cut(rec: Recommendation, text: str) -> str:
    """The headline's text with :data:`HEADLINE_CUTS` made where a flag of ``rec`` whose box says the full text is a
    COWS flag (its code ``..._opioid_withdrawal``), so the headline points to a box that is there."""
    cows = any(f.code.endswith("opioid_withdrawal") for f in rec.flags)
    for full, short in HEADLINE_CUTS if cows else ():
        text = text.replace(full, short)
    return text


#: The COWS flags' escalation for a complicating condition, read from their steps ("emergency evaluation only for a
#: complicating condition (...)" above 36; "arrange medically managed withdrawal or a higher level of care only for a
#: complicating condition (...)" at 13-36): :func:`_alongside`.
_ESCALATION = re.compile(
    r"(emergency evaluation|arrange medically managed withdrawal or a higher level of care) only for a complicating "
    r"condition \([^()]*\)"
)
#: The band flags of a COWS of 13 or more and of a CIWA-Ar in a band iopkit treats (moderate, 8 or more; severe).
_COWS_TREATED = frozenset(
    {"moderate_opioid_withdrawal", "moderately_severe_opioid_withdrawal", "severe_opioid_withdrawal"}
)
_CIWA_TREATED = frozenset({"moderate_alcohol_withdrawal", "severe_alcohol_withdrawal"})


def _alcohol_alongside(rec: Recommendation) -> str:
    """Today's CIWA-Ar in words ("CIWA-Ar 13 today") where dimension 1's suggestion holds both a COWS of the
    placement's day of 13 or more (moderate, moderately severe or severe opioid withdrawal: Wesson & Ling 2003) and a
    CIWA-Ar of that day in a band iopkit treats (moderate, 8 or more, or severe), else ``""``: alcohol withdrawal
    alongside opioid withdrawal is a complicating condition the COWS flags name (:data:`~iopkit.flags.
    COWS_COMPLICATING`; ASAM 2020 alcohol withdrawal guideline, Rec VII.8: ambulatory withdrawal management only without
    complicating factors; physician review 8)."""
    last = [s for s in rec.suggested if s.dimension == 1][-1:]  # the last of a dimension, as recommend() reads them
    today = {
        f.code
        for f in (last[0].flags if last else ())
        if not f.worst_case and not _origin(f.message) and not _only_records(f)
    }
    if not (today & _COWS_TREATED and today & _CIWA_TREATED):
        return ""
    total = _total_today(rec, "ciwa_ar")
    return f"CIWA-Ar {total:g} today" if total is not None else "CIWA-Ar of today"


#: The COWS flag's escalation above 36 (:data:`_ESCALATION`): called for by alcohol withdrawal alongside, it leads
#: (:attr:`Recommendation.first_step`) and decides the setting ("Then, as the evaluation decides").
_EMERGENCY_ESCALATION = "emergency evaluation"
#: The COWS flag's escalation at 13-36 (:data:`_ESCALATION`): called for by alcohol withdrawal alongside, the lead
#: arranges it; a plan ending in 1-WM or 2-WM then holds only if found safe (:data:`ONE_WM_ONLY_IF_SAFE`).
_MANAGED_ESCALATION = "arrange medically managed withdrawal or a higher level of care"
#: What a plan ending in 1-WM or 2-WM adds where the headline's lead arranges medically managed withdrawal or a higher
#: level of care (:data:`_MANAGED_ESCALATION`, alcohol withdrawal alongside a COWS of 13-36): ambulatory withdrawal
#: management is the exception the review and the prescriber must find safe, never a plan beside the lead (ASAM 2020
#: alcohol withdrawal guideline, Rec VII.8: ambulatory withdrawal management only without complicating factors;
#: physician review R4, session 11, should-fix 8, the reviewer's words; R5 should-fix 6: the note follows the WM level,
#: "(2-WM only if the review and the prescriber find it safe; otherwise as arranged above)"). Where the plan's "Then"
#: already says "only if the review records why ambulatory care is safe", the condition is said once instead:
#: :data:`_REVIEW_AND_PRESCRIBER` and :data:`_AS_ARRANGED` (R5 should-fix 7, the reviewer's words).
_AS_ARRANGED = "otherwise as arranged above"
ONE_WM_ONLY_IF_SAFE = f"(1-WM only if the review and the prescriber find it safe; {_AS_ARRANGED})"
_REVIEW_ONLY = "Then, only if the review records why ambulatory care is safe"
_REVIEW_AND_PRESCRIBER = "Then, only if the review and the prescriber record why ambulatory care is safe"


def _only_if_safe(wm: LevelOfCare) -> str:
    """:data:`ONE_WM_ONLY_IF_SAFE` for the plan's ambulatory WM level ``wm`` (physician review R5, session 11,
    should-fix 6).

    Examples
    --------
    >>> _only_if_safe(LevelOfCare.WM_AMBULATORY_EXTENDED)
    '(2-WM only if the review and the prescriber find it safe; otherwise as arranged above)'
    """
    return ONE_WM_ONLY_IF_SAFE.replace(LevelOfCare.WM_AMBULATORY.code, wm.code, 1)


def _escalated(rec: Recommendation, steps: str) -> set[str]:
    """The COWS flags' escalations for a complicating condition (:data:`_ESCALATION`) that the headline's steps
    ``steps`` name and alcohol withdrawal alongside opioid withdrawal calls for (:func:`_alcohol_alongside`, said by
    :func:`_alongside`): ``{"emergency evaluation"}`` beside a COWS above 36 (:data:`_EMERGENCY_ESCALATION`, which then
    leads as :attr:`FirstStep.EMERGENCY_EVALUATION`), ``{"arrange medically managed withdrawal or a higher level of
    care"}`` beside a COWS of 13-36 (the plan then only if the review records why ambulatory care is safe); empty
    without alcohol withdrawal alongside, where each stays "only for a complicating condition" (ASAM 2020 alcohol
    withdrawal guideline, Rec VII.8; ASAM 2020 OUD guideline; physician reviews 8 and 9). One rule for the headline's
    words (:func:`_headline_steps`) and its :attr:`Recommendation.first_step`."""
    return {m[1] for m in _ESCALATION.finditer(steps)} if _alcohol_alongside(rec) else set()


def _alongside(step: str, ciwa: str) -> str:
    """A headline step with a COWS flag of 13-36's escalation "only for a complicating condition (...)" said as called
    for by alcohol withdrawal alongside (:func:`_alcohol_alongside`, ``ciwa`` its words): "arrange medically managed
    withdrawal or a higher level of care: co-occurring alcohol withdrawal (CIWA-Ar 13 today)" (ASAM 2020 alcohol
    withdrawal guideline, Rec VII.8; ASAM 2020 OUD guideline; physician review 8); ``step`` as it is without ``ciwa``.
    Above 36 the escalation is an emergency evaluation that leads with its transfer, never a step among others
    (:func:`_severe_with_alcohol`; physician review R3, session 11, must-fix 2: the old "emergency evaluation: alcohol
    withdrawal alongside (...)" form arranged no transfer, and is gone).

    Examples
    --------
    >>> _alongside("arrange medically managed withdrawal or a higher level of care only for a complicating condition "
    ...            "(x, y)", "CIWA-Ar 13 today")
    'arrange medically managed withdrawal or a higher level of care: co-occurring alcohol withdrawal (CIWA-Ar 13 today)'
    """

    def said(m: re.Match[str]) -> str:
        # above 36 the lead is the evaluation itself (_severe_with_alcohol): no step of it to say here
        return m[0] if m[1] == _EMERGENCY_ESCALATION else f"{m[1]}: co-occurring alcohol withdrawal ({ciwa})"

    return _ESCALATION.sub(said, step) if ciwa else step


#: Before the first dose beside a COWS above 36 with alcohol withdrawal alongside, or beside a rating of 4, where
#: CIWA-Ar item 10 of the same day is at 1 (inattention: possible early delirium, or intoxication;
#: :func:`_inattention_today`): the delirium and intoxication screen, thiamine and blood glucose, and no dose while
#: either is found (a dose first risks respiratory depression in an intoxicated patient; CAM, Inouye 1990; 4AT,
#: Bellelli et al. 2014; Schabelman & Kuo 2012; physician review R3, session 11, must-fix 3, and R4, must-fix 2, the
#: reviewers' words): :func:`_before_any_dose`. Intoxication as the hold defines it (breath alcohol above zero, or
#: signs of sedative intoxication: physician review R6, session 11, should-fix 3, its words), and a positive delirium
#: screen to the ED by emergency services (:data:`_DELIRIUM_TO_ED`; R6 must-fix 3).
_BEFORE_ANY_DOSE = (
    f"before any dose: {DELIRIUM_SCREEN} and intoxication {INTOXICATION_SIGNS}, give thiamine and check blood "
    "glucose; if delirium or intoxication: no dose here"
)
#: Where a delirious patient goes after the screen before any dose: alcohol withdrawal delirium is a medical emergency
#: (ASAM 2020 alcohol withdrawal guideline, Rec VI.7), never 3.7-WM, and a delirious patient goes by ambulance
#: (physician review R6, session 11, must-fix 3, the reviewer's words).
_DELIRIUM_TO_ED = "(delirium: to the ED by emergency services)"
_STAFF_UNTIL_HANDOVER = f", {_STAFF_WITH_PATIENT}"


#: Beside a rating of 4, the intoxication screen in front of a first dose for today's withdrawal before transfer
#: (:data:`~iopkit.placement.suggest.FIRST_DOSE_AT_4`; buprenorphine for a COWS above 36,
#: :data:`~iopkit.placement.suggest.TREAT_SEVERE_AT_4`, and the dose for both withdrawals,
#: :data:`~iopkit.placement.suggest.TREAT_BOTH_AT_4`: physician review R12, must-fix) that no screen before any dose
#: guards already: buprenorphine and
#: methadone labels (alcohol and other CNS depressants: respiratory depression); FDA Drug Safety Communication, 20 Sep
#: 2017, ``fda_bup_benzo2017``; physician review R11, session 13, should-fix 3 (c), its words
#: (:func:`_intoxication_screened`).
_SCREEN_INTOXICATION = f"before any dose: screen for intoxication {INTOXICATION_SIGNS}"
_NO_DOSE_IF_INTOXICATED = "; if intoxicated: no dose here; otherwise "
_INTOXICATION_AT_4 = f"{_SCREEN_INTOXICATION}{_NO_DOSE_IF_INTOXICATED}"
#: The same screen in front of a dose for alcohol withdrawal, with thiamine and blood glucose (ASAM 2020 alcohol
#: withdrawal guideline: thiamine, blood glucose, assess intoxication before medication; physician review
#: R9, session 13, should-fix S1, and R13, should-fix S4, the reviewers' words): :data:`_AFTER_RESCORE`,
#: :func:`_doses_screened`.
_INTOXICATION_ALCOHOL = f"{_SCREEN_INTOXICATION}, give thiamine and check blood glucose{_NO_DOSE_IF_INTOXICATED}"
_DOSE_AT_4 = re.compile(
    "(?<!otherwise )(?:"
    + "|".join(re.escape(d.split(" only if", 1)[0]) for d in (FIRST_DOSE_AT_4, TREAT_SEVERE_AT_4, TREAT_BOTH_AT_4))
    + ")"
)


#: The suicide screens' findings beside which the screen before any dose asks about an overdose or ingestion first
#: (:func:`overdose_risk`): the C-SSRS screener's high risk (intent, plan or recent behaviour) and moderate risk
#: (method considered, or behaviour over 3 months ago) (physician review R16, session 15, should-fix S5), and a
#: positive PHQ-9 item 9, thoughts of being better off dead or of self-harm (Kroenke et al. 2001; iopkit's rule,
#: physician review R30b, S7).
OVERDOSE_RISK_FLAGS = frozenset({"suicide_risk_high", "suicide_risk_moderate", "suicidal_ideation"})
#: What the screen before any dose asks first beside :data:`OVERDOSE_RISK_FLAGS`, and what it then holds: a patient
#: with suicidal intent may have taken an overdose (opioids, benzodiazepines, others) not yet visible, and a sedating
#: dose on top is dangerous (C-SSRS screener triage, Posner et al. 2011, its behaviour questions; FDA Drug Safety
#: Communication, 20 Sep 2017, ``fda_bup_benzo2017``; buprenorphine and methadone labels: CNS depressants). Physician
#: review R16 (session 15), should-fix S5, its words.
OVERDOSE_ASKED = "ask about any overdose or ingestion today and "
OVERDOSE_HELD = "an overdose or ingestion"
#: What the held patient's care is after an overdose or ingestion: a patient who has just disclosed one, with suicidal
#: ideation, must not wait alone or walk out (C-SSRS screener triage, Posner et al. 2011: do not leave the patient
#: alone), naloxone at the signs of an opioid overdose, staying with the person (SAMHSA Opioid Overdose Prevention
#: Toolkit). Physician review R31, must-fix M4 (was: "to the ED by emergency services"), its words; said once after
#: the overdose's own hold (R31 S5).
OVERDOSE_CALL = "call emergency services for the ED"
OVERDOSE_CARE = f"{OVERDOSE_CALL}, staff with the patient until handover, naloxone if signs of opioid overdose"
OVERDOSE_TO_ED = f"({OVERDOSE_HELD}: {OVERDOSE_CARE})"
#: The combined hold's bracket opening (delirium, or an overdose or ingestion: physician review R32 (b)).
DELIRIUM_OR_OVERDOSE = f"delirium, or {OVERDOSE_HELD}: "
#: Each screen's words (:data:`_INTOXICATION_AT_4`, :data:`_INTOXICATION_ALCOHOL`, :data:`_BEFORE_ANY_DOSE`) and what
#: they read beside :data:`OVERDOSE_RISK_FLAGS` (:func:`overdose_asked`): the question first, then the hold.
#: What "that screen" (:func:`_said_once`) must find before the prescriber's step after it (physician review R47, for
#: the lead, its words), and beside a C-SSRS high or moderate risk (:func:`overdose_asked`) with the overdose question.
_THAT_SCREEN = "after the re-score and that screen, "
_THAT_SCREEN_FINDS = "if it finds no intoxication, "
_THAT_SCREEN_FINDS_OVERDOSE = "if it finds no overdose or ingestion and no intoxication, "
_OVERDOSE_WORDS = (
    ("before any dose: screen for ", f"before any dose: {OVERDOSE_ASKED}screen for "),
    # the same screen opening a box (R16 S7), capitalised
    ("Before any dose: screen for ", f"Before any dose: {OVERDOSE_ASKED}screen for "),
    # the screen said again after an old severe CIWA-Ar's re-score beside a C-SSRS high (R10 should-fix 2d (a))
    ("; screen for intoxication ", f"; {OVERDOSE_ASKED}screen for intoxication "),
    ("; if intoxicated: no dose here", f"; if {OVERDOSE_HELD}, or intoxicated: no dose here {OVERDOSE_TO_ED}"),
    ("if delirium or intoxication: no dose here", f"if delirium, {OVERDOSE_HELD}, or intoxication: no dose here"),
    # physician review R32 (b): one bracket for both, the overdose's care in it (was: "(delirium or an overdose or
    # ingestion: to the ED by emergency services)", no naloxone, no escort); the escort said once
    # (:func:`no_driving_while_intoxicated`)
    (_DELIRIUM_TO_ED, f"({DELIRIUM_OR_OVERDOSE}{OVERDOSE_CARE})"),
    # CIWA-Ar item 10 at 1's medical review before the first dose, and its hold while intoxicated
    ("medical review now: screen for delirium", f"medical review now: {OVERDOSE_ASKED}screen for delirium"),
    # the same opening its box (possible_inattention) and the rating's box, capitalised: the overdose hold beside a
    # C-SSRS high never said without its question (physician review R19, session 16, N6)
    ("Medical review now: screen for delirium", f"Medical review now: {OVERDOSE_ASKED}screen for delirium"),
    ("before the first dose: screen for delirium", f"before the first dose: {OVERDOSE_ASKED}screen for delirium"),
    # R31 S5: the hold names the overdose once (was: "no dose here (an overdose or ingestion: to the ED ...)")
    (f"{INTOXICATED}: no ", f"if {OVERDOSE_HELD}: no dose here ({OVERDOSE_CARE}); {INTOXICATED}: no "),
    # physician review R47 (for the lead): the prescriber's step after "that screen" on its finding, the overdose too
    (f"that screen, {_THAT_SCREEN_FINDS}", f"that screen, {_THAT_SCREEN_FINDS_OVERDOSE}"),
)


#: A hold of the dose naming intoxication ("if intoxicated", "if delirium or intoxication", "if an overdose or
#: ingestion, or intoxicated", "if delirium, an overdose or ingestion, or intoxication"), with what it says of a
#: delirious or overdosed patient in brackets where it does (:data:`_DELIRIUM_TO_ED`, :data:`OVERDOSE_TO_ED`), and
#: CIWA-Ar item 10 at 1's own hold while intoxicated (:data:`~iopkit.flags.BENZODIAZEPINE_HOLD`, said apart from the
#: overdose's hold beside a C-SSRS high or moderate risk, :data:`_OVERDOSE_WORDS`).
_HOLD_NAMING_INTOXICATION = re.compile(
    r"\bif (?P<held>[^;:.()]*\bintoxicat(?:ed|ion)): no dose (?P<where>here|now)(?P<staff>"
    + re.escape(_STAFF_UNTIL_HANDOVER)
    + r")?(?: \((?P<why>(?:[^()]|\([^()]*\))*)\))?"
    + rf"|{re.escape(INTOXICATED)}: no [^;.()]*? {re.escape(UNTIL_IT_CLEARS)}(?: \((?P<said>[^()]*)\))?"
)
#: What every hold :data:`_HOLD_NAMING_INTOXICATION` finds says (a text without it has none).
_INTOXICATION_NAMED = "intoxicat"


#: The combined hold's bracket (delirium, or an overdose or ingestion) says its escort once in a text that says it
#: already ("staff with the patient until handover", "safety precautions, staff with the patient, until handover").
#: Where a step holds the dose while the patient waits for an emergency evaluation for suicide risk (R32 (a)).
_SUICIDE_EVALUATION_WAITED = "while the patient waits for the suicide evaluation"
_SUICIDE_EVALUATION = "emergency evaluation for suicide risk"
#: What the receiving team is told of an intoxicated patient held at a transfer (physician review R32 (a) and (b), the
#: reviewer's words, said as a clause: a hold's bracket holds no other).
INTOXICATION_TOLD = "tell the receiving team at handover the breath alcohol reading or the signs, with the time"
#: The hold's next step in an ambulatory step (no transfer named, no suicide evaluation waited for): physician review
#: R32 (a), the physician's words (was: the driving rule alone, no next step); "(if the patient insists: ...)" said as
#: a clause, a hold's bracket holding no other but the one physician review R38, item 6 (a) types
#: (:data:`IF_INSISTS_ON_LEAVING`). "the scores" where the step scores both withdrawals (physician review
#: R34, should-fix S1).
STAY_ON_SITE = "ask the patient to stay on site and repeat the screen and the score when it clears"
#: Where the step gives, or may give, a CIWA-Ar dose (or both kinds).
NOT_CLEARED_CIWA = (
    "if it has not cleared by the end of the session, or withdrawal worsens: arrange a higher level of care"
)
#: Where the step gives a COWS dose alone.
NOT_CLEARED_COWS = (
    "if it has not cleared by the end of the session: the prescriber arranges a higher level of care or the first dose "
    "on another day, with naloxone in hand"
)
IF_INSISTS = "if the patient insists: offer a lift or a taxi, and follow local policy"
#: A patient too intoxicated to take part in the same-day suicide risk assessment is not let go unassessed: staff stay
#: and an emergency evaluation for suicide risk is arranged (physician review R38, item 6, the reviewer's words).
TOO_INTOXICATED_TO_ASSESS = (
    "if too intoxicated to take part in it: staff stay with the patient and arrange an emergency evaluation for "
    "suicide risk"
)
#: Beside a same-day suicide risk assessment still to do (a positive PHQ-9 item 9): the patient who insists on
#: leaving is assessed first (physician review R34, should-fix S2, the reviewer's words), or, too intoxicated to take
#: part in it, evaluated for suicide risk in an emergency (R38, item 6 (a): :data:`TOO_INTOXICATED_TO_ASSESS`).
IF_INSISTS_ON_LEAVING = (
    f"if the patient insists on leaving: the same-day suicide risk assessment first ({TOO_INTOXICATED_TO_ASSESS}); "
    "offer a lift or a taxi, and follow local policy"
)
#: CIWA-Ar item 10 at 1's hold beside a same-day suicide risk assessment still to do, a hold with no "insists"
#: branch of its own: the patient who tries to leave before it clears is not let go (physician review R38, item 6
#: (b), the reviewer's words).
LEAVES_BEFORE_IT_CLEARS = (
    "if the patient tries to leave before it clears: staff stay with the patient and arrange an emergency evaluation "
    "for suicide risk"
)
#: The hold's own words naming an emergency evaluation for suicide risk (R38, item 6): not the case's evaluation, so a
#: hold's setting reads the text without them (:func:`_hold_setting`).
_HOLDS_OWN_EVALUATION = (f" ({TOO_INTOXICATED_TO_ASSESS})", f"; {LEAVES_BEFORE_IT_CLEARS}")
#: A same-day suicide risk assessment still to do, asked or told at handover (a positive PHQ-9 item 9).
_SAME_DAY_ASKED = re.compile(r"same-day suicide risk assessment|PHQ-9 item 9 was positive")
#: Beside a C-SSRS high risk withdrawn by a correction, whose screen is repeated before the patient leaves (physician
#: review R36, must-fix N3, the reviewer's words); a patient too intoxicated to take part in it is not let go either
#: (physician review R39, C6, its words: :data:`TOO_INTOXICATED_TO_ASSESS`, the hold's own words as R38 item 6's).
IF_INSISTS_ON_RESCREEN = (
    f"if the patient insists on leaving: the repeated C-SSRS screen first ({TOO_INTOXICATED_TO_ASSESS}); offer a lift "
    "or a taxi, and follow local policy"
)
#: The hold's next step while the patient waits for an emergency evaluation for suicide risk (physician review R32 (a),
#: the physician's words): staff stay, and the screen is repeated, or the receiving team told.
SUICIDE_WAIT = (
    "staff stay with the patient; repeat the screen and the score when it clears, or tell the receiving team at "
    "handover"
)
#: A step that arranges a transfer now: "arrange transfer now" in a ;-clause with no condition before it (no "if",
#: not "at a re-score of ...", not "a complicating condition ...": those transfer only on what they find).
_TRANSFER_NOW = re.compile(r"arrange transfer now", re.IGNORECASE)
_CONDITION = re.compile(
    r"\bif\b|^(?:First: |otherwise, on the two re-scores: |intoxicated or not, )?(?:[Aa]t |[Aa] complicating condition)"
)  # "otherwise, on the two re-scores: at ...": physician review R55, finding C (:func:`both_rescored_first`);
# "intoxicated or not, at a CIWA-Ar re-score of 15 or more, ...": physician review R61, 4 (:func:`ciwa_at_8_said`)
#: The open flags that call for a same-day suicide risk assessment before the patient leaves (a positive PHQ-9 item
#: 9, a C-SSRS screener moderate or low risk; physician review R35, M3), and the one that calls for an emergency
#: evaluation for suicide risk (a C-SSRS screener high risk; R35 M1).
_ASSESSMENT_DUE_FLAGS = frozenset({"suicidal_ideation", "suicide_risk_moderate", "suicide_risk_low"})
_SUICIDE_EMERGENCY_FLAG = "suicide_risk_high"
#: The withdrawal flags of each instrument: a case with both standing scores both withdrawals (R34 S1, R35 S3).
_ALCOHOL_WITHDRAWAL_FLAGS = frozenset(
    {"moderate_alcohol_withdrawal", "severe_alcohol_withdrawal", "complicated_withdrawal", "possible_inattention"}
)
_OPIOID_WITHDRAWAL_FLAGS = frozenset(
    {
        "moderate_opioid_withdrawal",
        "moderately_severe_opioid_withdrawal",
        "severe_opioid_withdrawal",
        "buprenorphine_induction_threshold",
    }
)


class _Setting(StrEnum):
    """Where a hold of the dose for intoxication stands (physician review R32 (a), its four settings; R33 S1; R34 S3;
    R35 M1-M2)."""

    AMBULATORY = "ambulatory"
    TRANSFER_NOW = "transfer now"
    IF_TRANSFERRED = "if transferred"
    SUICIDE_EVALUATION = "suicide evaluation"


class _HoldCase(NamedTuple):
    """What a hold's setting reads of its case beside its own text (physician review R35: a box does not always name
    what the case's headline and its other boxes say)."""

    suicide_evaluation: bool
    assessment_due: bool
    transfer_now: bool
    #: A C-SSRS high risk withdrawn by a correction: its screen is repeated before the patient leaves (R36, N3).
    rescreen_due: bool = False
    #: Whether the case scores both withdrawals (a CIWA-Ar and a COWS flag standing); None where no flags are given,
    #: the text then read (physician review R34 S1, R35 S3).
    both_withdrawals: bool | None = None


def _transfer_now(text: str) -> bool:
    """Whether ``text`` arranges a transfer now, unconditionally (:data:`_TRANSFER_NOW`, no :data:`_CONDITION`).

    Examples
    --------
    >>> _transfer_now("Arrange transfer now to medically managed withdrawal (ED, or 4-WM); if the patient declines")
    True
    >>> _transfer_now("re-score: if still 15 or more, arrange transfer now (ED, or 4-WM)")
    False
    """
    for clause in re.split(r"; |\. ", text):
        if (m := _TRANSFER_NOW.search(clause)) is not None and not _CONDITION.search(clause[: m.start()]):
            return True
    return False


def _hold_case(flags: Iterable[Flag], headline: str = "") -> _HoldCase:
    """The case of ``flags`` (those not withdrawn) as a hold reads it: a C-SSRS high risk open, a same-day suicide
    risk assessment due, a step arranging a transfer now in any flag's action or in the case's ``headline`` (physician
    review R36, N1: a box whose own step says only "a first dose before transfer" in a case whose headline transfers
    now), a withdrawn C-SSRS high risk's screen to repeat (R36, N3)."""
    flags = tuple(flags)
    standing = [f for f in flags if f.withdrawn is None]
    return _HoldCase(
        suicide_evaluation=any(f.code == _SUICIDE_EMERGENCY_FLAG for f in standing),
        assessment_due=any(f.code in _ASSESSMENT_DUE_FLAGS for f in standing),
        transfer_now=_transfer_now(headline) or any(_transfer_now(f.action) for f in standing if f.action),
        rescreen_due=any(f.code == _SUICIDE_EMERGENCY_FLAG and f.withdrawn is not None for f in flags),
        both_withdrawals=(
            any(f.code in _ALCOHOL_WITHDRAWAL_FLAGS for f in standing)
            and any(f.code in _OPIOID_WITHDRAWAL_FLAGS for f in standing)
            if flags
            else None
        ),
    )


def _sentence_start(text: str, start: int) -> int:
    """Where the sentence of ``text`` holding ``start`` begins (a full stop and a space before a capital end one)."""
    before = [m.end() for m in re.finditer(r"\. (?=[A-Z])", text[:start])]
    return before[-1] if before else 0


def _hold_setting(text: str, following: str, case: _HoldCase) -> _Setting:
    """The setting of a hold in ``text``, ``following`` being ``text`` from the hold's sentence on (what happens
    after the hold decides it): beside an emergency evaluation for suicide risk (a C-SSRS high risk open in the case,
    or named in ``text``; physician review R34, must-fix, and R35 M1: never offered a lift home); a transfer now
    arranged in the case or in ``text`` (R35 M2: before any conditional reading); no transfer named from the hold's
    sentence on, ambulatory; else a transfer that may not come (a re-score's, a finding's, "before transfer"), both
    branches (R33 S1, R34 S3, R35 S1)."""
    for own in _HOLDS_OWN_EVALUATION:  # a hold's own words (R38, item 6) are not the case's evaluation
        text = text.replace(own, "")
    if case.suicide_evaluation or _SUICIDE_EVALUATION_WAITED in text or _SUICIDE_EVALUATION in text:
        return _Setting.SUICIDE_EVALUATION
    if case.transfer_now or _transfer_now(text):
        return _Setting.TRANSFER_NOW
    if "transfer" not in following:
        return _Setting.AMBULATORY
    return _Setting.IF_TRANSFERRED


def _assessment_due(text: str, case: _HoldCase) -> bool:
    """Whether a same-day suicide risk assessment is due beside a hold in ``text``: in the case (a positive PHQ-9 item
    9, a C-SSRS moderate or low risk standing) or asked or told in ``text`` itself (physician review R34 S2, R35 M3;
    R38, item 6)."""
    return case.assessment_due or _SAME_DAY_ASKED.search(text) is not None


def _next_step(setting: _Setting, text: str, case: _HoldCase) -> str:
    """What the patient held for intoxication gets next in ``setting`` (physician review R32 (a), its words; R33 S1
    for a conditional transfer; R34 S1 and S2; R35 M3: the same-day suicide risk assessment first wherever the case
    has one due), ending with the driving rule or the lift home."""
    both = "COWS" in text and "CIWA-Ar" in text if case.both_withdrawals is None else case.both_withdrawals

    def scored(words: str) -> str:  # "the scores" beside both withdrawals (R34 S1)
        return words.replace("the score ", "the scores ") if both else words

    if setting is _Setting.SUICIDE_EVALUATION:
        return f"{scored(SUICIDE_WAIT)}; {NO_DRIVING_TODAY}"
    if setting is _Setting.TRANSFER_NOW:
        return f"{INTOXICATION_TOLD}; {NO_DRIVING_TODAY}"
    # a COWS dose alone: the case's flags read where given (physician review R37, S1: "the scores" never beside the
    # opioid-only next step), else the text
    cows_alone = "COWS" in text and "CIWA-Ar" not in text and not both
    insists = IF_INSISTS_ON_RESCREEN if case.rescreen_due else IF_INSISTS
    insists = IF_INSISTS_ON_LEAVING if _assessment_due(text, case) else insists
    cleared = NOT_CLEARED_COWS if cows_alone else NOT_CLEARED_CIWA
    ambulatory = f"{scored(STAY_ON_SITE)}; {cleared}; {NO_DRIVING_TODAY}; {insists}"
    if setting is _Setting.IF_TRANSFERRED:
        return f"if transferred, {INTOXICATION_TOLD}; if not: {ambulatory}"
    return ambulatory


def no_driving_while_intoxicated(text: str, flags: Iterable[Flag] = (), headline: str = "") -> str:
    """``text`` (the headline, a flag's next step, or a flag as a page without a placement shows it) with every hold
    of the dose that names intoxication telling what comes next for the patient held, the driving rule in it
    (:data:`~iopkit.flags.NO_DRIVING_TODAY`): the patient held for intoxication gets no dose, so the later "if any dose
    is given (...): the patient must not drive today" does not cover it (physician review R30b, must-fix M4, its
    words). Said last, once (a hold that says it already is left as it is); the dose's own driving clause later in the
    step is kept (:data:`_NO_DRIVING` reads the hold's bracket as no outright "the patient must not drive").

    The next step depends on the hold's setting (:func:`_hold_setting`), read from the case's ``flags`` and
    ``headline`` (the recommendation's, or the open flags of a page without a placement as it shows them: physician
    review R35, a box does not always name what its case says; R36 N1, N2) and from ``text`` from the hold's sentence
    on (physician review R32 (a), its four
    settings, the physician's words):

    - beside an emergency evaluation for suicide risk (a C-SSRS high risk open): staff stay with the patient, and the
      screen is repeated when it clears or the receiving team told (:data:`SUICIDE_WAIT`; never the lift home, R34
      must-fix, R35 M1);
    - a transfer now, arranged unconditionally by any step of the case: the receiving team is told the breath alcohol
      reading or the signs (:data:`INTOXICATION_TOLD`; R32 (b) for the combined hold, R33 S2 for the delirium hold of
      a transfer step; R35 M2);
    - ambulatory (no transfer named from the hold's sentence on): no dose now; the patient stays on site and is
      screened and scored again when it clears (:data:`STAY_ON_SITE`), a higher level of care if it has not cleared
      by the end of the session (:data:`NOT_CLEARED_CIWA`; beside a COWS dose alone the first dose on another day,
      :data:`NOT_CLEARED_COWS`), no driving, and a lift or a taxi if the patient insists (:data:`IF_INSISTS`; where a
      same-day suicide risk assessment is due, that assessment first, :data:`IF_INSISTS_ON_LEAVING`, R34 S2, R35 M3;
      a patient too intoxicated to take part in it, an emergency evaluation for suicide risk, R38 item 6 (a));
    - a transfer that may not come (on a re-score, a finding, "before transfer"): both, "if transferred, ...; if not:
      [the ambulatory words]" (R33 S1, its words; R34 S3; R35 S1).

    "the scores" where the case scores both withdrawals (R34 S1; R35 S3: its flags read, not the box's words). Beside
    a C-SSRS high risk withdrawn by a correction, the repeated screen first for a patient who insists on leaving
    (:data:`IF_INSISTS_ON_RESCREEN`, R36 N3). CIWA-Ar item 10 at 1's own hold tells the receiving team too where the
    step may transfer (R35 S2, its words; R36 S1); beside a same-day suicide risk assessment due, where the patient is
    not transferred now nor waiting for a suicide evaluation, it says what happens to a patient who tries to leave
    before it clears (:data:`LEAVES_BEFORE_IT_CLEARS`, physician review R38, item 6 (b), its words).

    Examples
    --------
    >>> print(no_driving_while_intoxicated("x; if intoxicated: no dose here; otherwise y"))
    ... # doctest: +NORMALIZE_WHITESPACE
    x; if intoxicated: no dose now (ask the patient to stay on site and repeat the screen and the score when it clears;
    if it has not cleared by the end of the session, or withdrawal worsens: arrange a higher level of care; the patient
    must not drive today; if the patient insists: offer a lift or a taxi, and follow local policy); otherwise y
    >>> print(no_driving_while_intoxicated("Arrange transfer now; if intoxicated: no dose here; otherwise y"))
    ... # doctest: +NORMALIZE_WHITESPACE
    Arrange transfer now; if intoxicated: no dose here (tell the receiving team at handover the breath alcohol reading
    or the signs, with the time; the patient must not drive today); otherwise y
    >>> print(no_driving_while_intoxicated(f"Arrange transfer now; if delirium or intoxication: no dose here "
    ...                                    f"{_DELIRIUM_TO_ED}; y"))  # doctest: +NORMALIZE_WHITESPACE
    Arrange transfer now; if delirium or intoxication: no dose here (delirium: to the ED by emergency services;
    intoxication: tell the receiving team at handover the breath alcohol reading or the signs, with the time; the
    patient must not drive today); y
    >>> print(no_driving_while_intoxicated("emergency evaluation for suicide risk; if intoxicated: no dose here; y"))
    ... # doctest: +NORMALIZE_WHITESPACE
    emergency evaluation for suicide risk; if intoxicated: no dose now (staff stay with the patient; repeat the screen
    and the score when it clears, or tell the receiving team at handover; the patient must not drive today); y
    >>> once = no_driving_while_intoxicated("if intoxicated: no dose here; otherwise y")
    >>> no_driving_while_intoxicated(once) == once
    True

    Beside a same-day suicide risk assessment due (physician review R38, item 6 (a) and (b)):

    >>> due = "x; if intoxicated: no dose here; then, before the patient leaves, a same-day suicide risk assessment"
    >>> print(no_driving_while_intoxicated(due))  # doctest: +NORMALIZE_WHITESPACE
    x; if intoxicated: no dose now (ask the patient to stay on site and repeat the screen and the score when it clears;
    if it has not cleared by the end of the session, or withdrawal worsens: arrange a higher level of care; the patient
    must not drive today; if the patient insists on leaving: the same-day suicide risk assessment first (if too
    intoxicated to take part in it: staff stay with the patient and arrange an emergency evaluation for suicide risk);
    offer a lift or a taxi, and follow local policy); then, before the patient leaves, a same-day suicide risk
    assessment
    >>> no_driving_while_intoxicated(no_driving_while_intoxicated(due)) == no_driving_while_intoxicated(due)
    True
    >>> item10 = f"{INTOXICATED}: no benzodiazepine {UNTIL_IT_CLEARS}; if delirium: transfer; PHQ-9 item 9 was positive"
    >>> said = no_driving_while_intoxicated(item10)
    >>> print(said[said.index("the review is repeated") : said.index("; if delirium")])
    ... # doctest: +NORMALIZE_WHITESPACE
    the review is repeated (the patient must not drive today; if the patient tries to leave before it clears: staff
    stay with the patient and arrange an emergency evaluation for suicide risk; if transferred: tell the receiving
    team at handover the breath alcohol reading or the signs, with the time)
    """
    if _INTOXICATION_NAMED not in text:  # no hold to say (read quickly: the boxes' build asks this of every box)
        return text
    return _holds_said(text, _hold_case(flags, headline))


def _holds_said(text: str, case: _HoldCase, at: int | None = None) -> str:
    """:func:`no_driving_while_intoxicated` of ``text`` in ``case``, read once for a whole recommendation's boxes;
    ``at``: only the hold that starts there (:func:`old_moderate_rescore_screened`, physician review R57, M1)."""
    if _INTOXICATION_NAMED not in text:
        return text

    def said(m: re.Match[str]) -> str:
        if at is not None and m.start() != at:
            return m[0]
        why = m["why"] if m["held"] is not None else m["said"]
        if why is not None and NO_DRIVING_TODAY in why:
            return m[0]
        setting = _hold_setting(text, text[_sentence_start(text, m.start()) :], case)
        if m["held"] is None:  # CIWA-Ar item 10 at 1's hold: no bracket of its own
            # beside a same-day suicide risk assessment due, read as for IF_INSISTS_ON_LEAVING, where the patient is
            # not transferred now nor waiting for a suicide evaluation: staff stay (physician review R38, item 6 (b))
            leaves = setting in (_Setting.AMBULATORY, _Setting.IF_TRANSFERRED) and _assessment_due(text, case)
            held = f"{NO_DRIVING_TODAY}; {LEAVES_BEFORE_IT_CLEARS}" if leaves else NO_DRIVING_TODAY
            if setting is not _Setting.AMBULATORY:  # physician review R35, S2 (R36 S1: beside a C-SSRS high too)
                return f"{m[0]} ({held}; if transferred: {INTOXICATION_TOLD})"
            return f"{m[0]} ({held})"
        named = "intoxication" if m["held"].endswith("intoxication") else "intoxicated"
        next_step = _next_step(setting, text, case)
        staff = m["staff"] or ""
        if why is None:
            where = "here" if setting is _Setting.TRANSFER_NOW else "now"
            return f"if {m['held']}: no dose {where}{staff} ({next_step})"
        if why.startswith(DELIRIUM_OR_OVERDOSE):  # physician review R32 (b): the escort said once
            # (said before the hold or in it: never a later branch's own transfer, R48 item 2: case 564's box)
            said_by = text[: m.end()]
            if said_by.count(_STAFF_WITH_PATIENT) + said_by.count(_SAFETY_STAFFED) > 1:
                why = why.replace(_STAFF_UNTIL_HANDOVER, "", 1)
        return f"if {m['held']}: no dose here{staff} ({why}; {named}: {next_step})"

    return _HOLD_NAMING_INTOXICATION.sub(said, text)


def no_driving_while_intoxicated_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with every box's hold naming intoxication said by :func:`no_driving_while_intoxicated`, its case (its
    flags and its headline) read once for all its boxes; the last step of the boxes' build (physician review R30b, M4;
    R35, R36 N1)."""
    case = _hold_case(rec.flags, rec.headline)
    flags = tuple(f if not f.action else replace(f, action=_holds_said(f.action, case)) for f in rec.flags)
    return replace(rec, flags=flags)


#: An old moderate score's re-score now, its treatment bare after it: "re-score the CIWA-Ar now (last 13 on 20 Nov
#: 2026); treat on the current score" (CIWA-Ar 8-14, COWS 13-36 of another day: :func:`~iopkit.placement.suggest.
#: rescore_step`'s words; a severe one says ", severe)" and its own branch), either case.
_OLD_MODERATE_RESCORE = re.compile(
    r"(?P<rescore>\b[Rr]e-score the (?P<name>CIWA-Ar|COWS) now \(last \d+ on [^()]*\)); "
    r"(?=treat on the current score(?!s))"
)


def old_moderate_rescore_screened(
    text: str, flags: Iterable[Flag] = (), headline: str = "", screen: str | None = None
) -> str:
    """``text`` (the headline, or a box) with an old moderate score's re-score now, "re-score the CIWA-Ar now (last 13
    on 20 Nov 2026); treat on the current score" (or the COWS's), said behind the screen before any dose and its hold
    that the old severe re-score of the same instrument says in the same case: "re-score the CIWA-Ar now (last 13 on
    20 Nov 2026): before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative
    intoxication), give thiamine and check blood glucose; if intoxicated: no dose now (...); otherwise treat on the
    current score". Physician review R57, must-fix M1 (cases 139, 402, 678: a benzodiazepine or buprenorphine could go
    into a patient who has been drinking; ASAM 2020 alcohol withdrawal guideline: intoxication, thiamine and blood
    glucose before medication; FDA Drug Safety Communication, 20 Sep 2017, ``fda_bup_benzo2017``).

    The screen's words are every other dose's: :data:`_INTOXICATION_ALCOHOL` for the CIWA-Ar, and for the COWS where
    the case has alcohol withdrawal standing (as the severe COWS step beside it), else :data:`_INTOXICATION_AT_4`; the
    overdose question first beside a C-SSRS high or moderate risk or a positive PHQ-9 item 9 (:func:`overdose_asked`).
    The hold's bracket is said by :func:`no_driving_while_intoxicated`'s rule for the case (its ``flags`` and
    ``headline``): e.g. the same-day suicide risk assessment first for a patient who insists on leaving where one is
    due, the first dose on another day with naloxone in hand beside a COWS alone. Said once a text: ``text`` itself
    where no such re-score is bare, or a screen for intoxication comes before it (an earlier step's, or an earlier
    re-score's in the same text). The CIWA-Ar's closing "otherwise treat on the current score" is then said as its
    two branches, transfer at the severe level (:func:`old_moderate_ciwa_severe_branch`; physician review R58,
    must-fix M1a); the COWS's stays as it is.

    Parameters
    ----------
    text : str
        A headline or a box's action.
    flags : iterable of Flag
        The case's flags (the recommendation's boxes).
    headline : str
        The case's headline, for a box (a transfer arranged there); ``""`` for the headline itself.
    screen : str, optional
        The screen before any dose to say, ending "otherwise " (a box says the headline's screen for its dose, as the
        severe re-score's box does: :func:`~iopkit.placement.boxes.old_moderate_rescore_screened_in_boxes`), before
        the overdose question; by default the words above.

    Returns
    -------
    str
        ``text`` with its first old moderate re-score screened, or ``text`` itself.

    Examples
    --------
    >>> print(old_moderate_rescore_screened("First: re-score the CIWA-Ar now (last 13 on 20 Nov 2026); treat on the "
    ...                                     "current score; then x."))  # doctest: +NORMALIZE_WHITESPACE
    First: re-score the CIWA-Ar now (last 13 on 20 Nov 2026): before any dose: screen for intoxication (breath alcohol
    above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if intoxicated: no dose now
    (ask the patient to stay on site and repeat the screen and the score when it clears; if it has not cleared by the
    end of the session, or withdrawal worsens: arrange a higher level of care; the patient must not drive today; if the
    patient insists: offer a lift or a taxi, and follow local policy); otherwise, on the re-score: if 15 or more, or a
    seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now to
    medically managed withdrawal (ED, or 4-WM); staff with the patient until handover; if the patient declines
    transfer: the prescriber assesses and records capacity to decline (without capacity: transfer by emergency
    services; with capacity: ...); if delirium: no dose here; call emergency services for the ED; if below 15: a
    prescriber treats on today's score (medication at 10 or more; consider at 8-9); then x.
    >>> said = old_moderate_rescore_screened(
    ...     "Re-score the COWS now (last 19 on 20 Nov 2026); treat on the current score"
    ... )
    >>> print(said)  # doctest: +NORMALIZE_WHITESPACE
    Re-score the COWS now (last 19 on 20 Nov 2026): before any dose: screen for intoxication (breath alcohol above zero,
    or signs of sedative intoxication); if intoxicated: no dose now (ask the patient to stay on site and repeat the
    screen and the score when it clears; if it has not cleared by the end of the session: the prescriber arranges a
    higher level of care or the first dose on another day, with naloxone in hand; the patient must not drive today; if
    the patient insists: offer a lift or a taxi, and follow local policy); otherwise treat on the current score
    >>> old_moderate_rescore_screened(said) == said
    True
    """
    m = _OLD_MODERATE_RESCORE.search(text)
    if m is None or _SCREENED.search(text, 0, m.start()) is not None:
        return text
    flags = tuple(flags)
    case = _hold_case(flags, headline)
    if screen is None:
        alcohol = m["name"] == "CIWA-Ar" or bool(case.both_withdrawals)
        screen = _INTOXICATION_ALCOHOL if alcohol else _INTOXICATION_AT_4
    screen = overdose_asked(screen) if overdose_risk(flags) else screen
    before = f"{text[: m.end('rescore')]}: "
    said = f"{before}{screen}{text[m.end() :]}"
    hold = _HOLD_NAMING_INTOXICATION.search(said, len(before))
    said = said if hold is None else _holds_said(said, case, at=hold.start())
    return old_moderate_ciwa_severe_branch(said, len(before)) if m["name"] == "CIWA-Ar" else said


#: The severe branch of an old moderate CIWA-Ar's re-score, after its hold: the old severe CIWA-Ar step's transfer
#: words (physician review R58, must-fix M1a, its words).
OLD_MODERATE_CIWA_SEVERE_BRANCH = (
    f"otherwise, on the re-score: if 15 or more, or {SEIZURE_OR_CONFUSION_SINCE}: arrange transfer now to medically "
    "managed withdrawal (ED, or 4-WM); "
    f"{_STAFF_WITH_PATIENT}; {DECLINES_TRANSFER}; if delirium: no dose here; call emergency services for the ED; "
    "if below 15: a prescriber treats on today's score (medication at 10 or more; consider at 8-9)"
)

#: The closing of an old moderate re-score screened (physician review R57, must-fix M1), one score's.
_TREAT_ON_CURRENT_SCORE = re.compile(r"\botherwise treat on the current score(?!s)")


def old_moderate_ciwa_severe_branch(text: str, start: int = 0) -> str:
    """``text`` with the first closing "otherwise treat on the current score" at or after ``start`` (the one after an
    old moderate CIWA-Ar's re-score screened before any dose and its hold, :func:`old_moderate_rescore_screened`)
    said as the re-score's two branches, :data:`OLD_MODERATE_CIWA_SEVERE_BRANCH`: a re-score of 15 or more, a
    seizure since the last score, hallucinations or disorientation (CIWA-Ar item 10 at 2 or more) arranges transfer
    now to medically managed withdrawal, in the old severe CIWA-Ar step's own transfer words; below 15, a prescriber
    treats on today's score. Physician review R58, must-fix M1a (cases 139, 156, 348: a re-score at the severe level
    in a patient going home got no transfer; ASAM 2020 alcohol withdrawal guideline: severe or complicated withdrawal
    to 3.7-WM or 4-WM). A re-score of the CIWA-Ar and the COWS together ("treat on the current scores") is not read
    here, nor a text already saying the branch.

    Parameters
    ----------
    text : str
        A headline or a box's action, its old moderate CIWA-Ar re-score screened.
    start : int
        Where that re-score's screen starts in ``text``.

    Returns
    -------
    str
        ``text`` with that closing said as the two branches, or ``text`` itself.

    Examples
    --------
    >>> print(old_moderate_ciwa_severe_branch("Re-score the CIWA-Ar now (last 13 on 20 Nov 2026): before any dose: x; "
    ...                                       "if intoxicated: no dose now (y); otherwise treat on the current score"))
    ... # doctest: +NORMALIZE_WHITESPACE
    Re-score the CIWA-Ar now (last 13 on 20 Nov 2026): before any dose: x; if intoxicated: no dose now (y); otherwise,
    on the re-score: if 15 or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at
    2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM); staff with the patient until
    handover; if the patient declines transfer: the prescriber assesses and records capacity to decline (without
    capacity: transfer by emergency services; with capacity: ...); if delirium: no dose here; call emergency services
    for the ED; if below 15: a prescriber treats on today's score (medication at 10 or more; consider at 8-9)
    >>> old_moderate_ciwa_severe_branch("re-score the CIWA-Ar and the COWS now; otherwise treat on the current scores")
    're-score the CIWA-Ar and the COWS now; otherwise treat on the current scores'
    """
    m = _TREAT_ON_CURRENT_SCORE.search(text, start)
    if m is None:
        return text
    return f"{text[: m.start()]}{OLD_MODERATE_CIWA_SEVERE_BRANCH}{text[m.end() :]}"


#: Q4's delirium screen, said with the re-score of an old CIWA-Ar whose last score had item 10 (orientation) at 1
#: (inattention or uncertain about the date, an early sign of delirium: physician review R60, Q4, its words).
DELIRIUM_SCREEN_AT_RESCORE = " and screen for delirium (CAM or 4AT)"
#: The hold of an old CIWA-Ar's re-score before its severe branch: delirium (and, where the screen asks it, an
#: overdose or ingestion) to the ED with no dose here (physician review R60, Q2 (a), its words).
_RESCORE_DELIRIUM_HELD = f"if delirium: no dose here; {OVERDOSE_CALL}; {_STAFF_WITH_PATIENT}"
_RESCORE_DELIRIUM_OR_OVERDOSE_HELD = (
    f"if delirium, or {OVERDOSE_HELD}: no dose here; {OVERDOSE_CALL}; {_STAFF_WITH_PATIENT} "
    "(naloxone if signs of opioid overdose)"
)
#: What the severe branch of an old CIWA-Ar's re-score says after its bridging dose: no dose to the intoxicated, the
#: driving rule inside that hold (physician review R63, SF1, its words: R30b M4, a patient who declines the transfer
#: with capacity walks out intoxicated, and a clause at the end of the handover list reads as one more thing to tell
#: the receiving team), and at handover the re-score, ``{delirium}`` (", the delirium screen" where the re-score
#: screens for it, R60 Q4), any dose with its time and the intoxication's reading (physician review R62, must-fix M2,
#: its words: SAMHSA TIP 45, scores and medication handed over between levels; ASAM Alcohol Withdrawal Guideline 2020).
RESCORE_SEVERE_HANDOVER = (
    "if intoxicated: no dose here (the patient must not drive today); at handover tell the receiving team the CIWA-Ar "
    "re-score{delirium} and any dose with its time, and, if intoxicated, the breath alcohol reading or the signs, with "
    "the time"
)


def declined_not_driving(declines: str) -> str:
    """``declines``, the refusal branch of a transfer, with the driving rule straight after it where it is the medical
    capacity clause (:data:`~iopkit.flags.DECLINES_TRANSFER`) and the branch says none of its own: the CIWA-Ar
    re-score's severe branches, "intoxicated or not", whose other driving rules are for an intoxicated patient or a
    dose, so a patient who declines with capacity, not intoxicated and given no dose, was told none (physician review
    R73, must-fix 1a, its words; ASAM 2020 alcohol withdrawal guideline: no driving in withdrawal that calls for a
    medically managed setting). Beside a C-SSRS high the suicide evaluation's refusal branch is kept as it is (the
    involuntary-assessment path, staff with the patient: physician review R13, must-fix M2; whether those headlines
    should also say the driving rule outright is open, physician review R74's follow-up).

    Examples
    --------
    >>> declined_not_driving(DECLINES_TRANSFER)[-60:]
    'hallucinations or any worsening); the patient must not drive'
    >>> declined_not_driving("if the patient declines transfer or tries to leave: x")
    'if the patient declines transfer or tries to leave: x'
    """
    return DECLINES_NOT_DRIVING if declines == DECLINES_TRANSFER else declines


#: The severe branch of an old CIWA-Ar's re-score, said before the intoxication hold, whether or not the patient is
#: intoxicated (physician review R60, Q2 (a), its words): "{staff}" and "{declines}" the text's own where it says them;
#: its intoxicated patient's hold says the driving rule, as every hold naming intoxication (physician review R30b, M4:
#: a patient who declines the transfer with capacity goes home intoxicated), "(the patient must not drive today)",
#: inside the hold (:data:`RESCORE_SEVERE_HANDOVER`; physician review R63, SF1).
_RESCORE_SEVERE_FIRST = (
    f"on the re-score, intoxicated or not: if 15 or more, or {SEIZURE_OR_CONFUSION_SINCE}: arrange transfer now to "
    "medically managed withdrawal (ED, or 4-WM); "
    # physician review R61, section 2 (should-fix): the bridging dose of the patient not intoxicated
    f"{{staff}}; {{declines}}; {IF_NOT_INTOXICATED}{_RESCORE_FIRST_DOSE}; "
    # physician review R62, must-fix M2: the bridging dose is handed over ({delirium}: where Q4 screens); R63 SF1: the
    # driving rule in the hold, not at the end of the handover list
    f"{RESCORE_SEVERE_HANDOVER}; otherwise, if intoxicated: no dose until "
    "it clears ({bracket}); if below 15 "
    "and not intoxicated: a prescriber treats on today's score (medication at 10 or more; consider at 8-9)"
)
#: A bracket of one nesting level inside it at most (a hold's: "(...; if the patient insists on leaving: ... (if too
#: intoxicated ...); ...)").
_BRACKETED = r"(?:[^()]|\((?:[^()]|\([^()]*\))*\))*"
#: An old CIWA-Ar's re-score step screened before any dose, from its start to its treatment: R57 M1 / R58 M1a's
#: form ("(last 14 on 20 Nov 2026): before any dose: ...; otherwise, on the re-score: if 15 or more, ...; if below
#: 15: ") or the older plain form ("(last 14 on 20 Nov 2026); before any dose: ...; otherwise treat on the current
#: score"), the overdose question first or not; "(flag of 20 Nov 2026)" on a page without a placement
#: (:meth:`iopkit.episode.Episode.flag_shown`); ``bracket``: the intoxication hold's own words.
_OLD_CIWA_RESCORE_STEP = re.compile(
    r"(?P<rescore>\b[Rr]e-score the CIWA-Ar now \((?:last \d+ on|flag of) [^()]*\))(?:: |; )before any dose: "
    rf"(?P<asked>{re.escape(OVERDOSE_ASKED)})?screen for intoxication {re.escape(INTOXICATION_SIGNS)}, give thiamine "
    rf"and check blood glucose; if (?:{re.escape(OVERDOSE_HELD)}, or )?intoxicated: no dose (?:now|here) "
    rf"\((?:{re.escape(OVERDOSE_HELD)}: [^;()]*; intoxicated: )?(?P<bracket>{_BRACKETED})\); "
    r"(?:(?P<plain>otherwise treat on the current score(?!s))|otherwise, on the re-score: if 15 or more, or a seizure "
    r"since the last score, or hallucinations, or disorientation \(item 10 at 2 or more\): arrange transfer now to "
    r"medically managed withdrawal \(ED, or 4-WM\); (?P<staff>[^;]*); (?P<declines>.*?); if delirium: no dose here; "
    rf"{re.escape(OVERDOSE_CALL)}; if below 15: a prescriber treats on today's score "
    r"\(medication at 10 or more; consider at 8-9\))"
)
#: What makes a plain old CIWA-Ar re-score another builder's shape (physician review R60, Q3 (ii) and (iii)): a
#: transfer or an emergency evaluation the text orders (outside any bracket), or a COWS joined to it.
_TRANSFER_ORDERED = re.compile(r"\btransfer|\bemergency (?:medical )?evaluation|\bCOWS\b")


def old_ciwa_severe_first(text: str, flags: Iterable[Flag] = (), plain: bool = True) -> str:
    """``text`` (the headline, a box, or a flag as a page without a placement shows it) with each re-score step of an
    old CIWA-Ar screened before any dose said with its severe branch before the intoxication hold: "Re-score the
    CIWA-Ar now (last 14 on 20 Nov 2026); ask what happened since (...); before any dose: [ask about any overdose or
    ingestion today and] screen for intoxication (...), give thiamine and check blood glucose; if delirium[, or an
    overdose or ingestion]: no dose here; call emergency services for the ED; staff with the patient until handover;
    on the re-score, intoxicated or not: if 15 or more, ...: arrange transfer now to medically managed withdrawal (ED,
    or 4-WM); ...; if intoxicated: no dose here (the patient must not drive today); at handover tell the receiving team
    the CIWA-Ar re-score[, the delirium screen] and any dose with its time, and, if intoxicated, the breath alcohol
    reading or the signs, with the time; otherwise, if intoxicated: no dose until it clears
    ([the hold's own words]); if below 15
    and not intoxicated: a prescriber treats on today's score (medication at 10 or more; consider at 8-9)".

    Physician review R60, Q2 (a) (R58 M1a's form: a positive breath alcohol does not rule out withdrawal; a re-score of
    15 or more, a seizure, hallucinations or disorientation is a transfer now, not a wait until it clears: ASAM Alcohol
    Withdrawal Guideline 2020; Sullivan et al. 1989, the CIWA-Ar; SAMHSA TIP 45) and Q3 (i) (the older plain form,
    "...; otherwise treat on the current score", where the text orders no transfer or emergency evaluation and joins
    no COWS: those are Q3 (ii) and (iii)'s). Where the last CIWA-Ar had item 10 (orientation) at 1 (the
    ``possible_inattention`` flag among ``flags``), the re-score screens for delirium too, "(last 14 on 20 Nov 2026)
    and screen for delirium (CAM or 4AT)" (physician review R60, Q4). The overdose question is said only where the
    screen asked it already (:func:`overdose_risk`, the tool's one reading of that risk), and with it the hold names
    the overdose and its naloxone; the text's own escort and capacity clause are kept (R58 M1a's form), else beside a
    C-SSRS high risk (:func:`~iopkit.placement.suggest.suicide_emergency`) the refusal branch of an emergency
    evaluation for suicide risk, "if the patient declines transfer or tries to leave: staff stay with the patient and
    call emergency services ..." (:data:`~iopkit.placement.suggest.DECLINES_OR_LEAVES`; physician review R13, must-fix
    M2: no capacity test beside it); everything after the treatment stays as built.

    Parameters
    ----------
    text : str
        A headline, a box's action, or a flag's next step.
    flags : iterable of Flag
        The case's flags (the recommendation's boxes, or the open flags of a page without a placement).
    plain : bool
        Whether the older plain form is said anew: ``False`` for a box whose case's headline leaves its own plain step
        as it is (Q3 (ii), (iii): that case's step is another builder's, its boxes with it).

    Returns
    -------
    str
        ``text`` with those steps said anew, or ``text`` itself.

    Examples
    --------
    >>> step = ("Re-score the CIWA-Ar now (last 13 on 20 Nov 2026); before any dose: screen for intoxication (breath "
    ...         "alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if "
    ...         "intoxicated: no dose now (ask the patient to stay on site; the patient must not drive today); "
    ...         "otherwise treat on the current score; if a dose is given: the patient must not drive today")
    >>> print(old_ciwa_severe_first(step))  # doctest: +NORMALIZE_WHITESPACE
    Re-score the CIWA-Ar now (last 13 on 20 Nov 2026); ask what happened since (a seizure, confusion, a hospital visit,
    the last drink); before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative
    intoxication), give thiamine and check blood glucose; if delirium: no dose here; call emergency services for the ED;
    staff with the patient until handover; on the re-score, intoxicated or not: if 15 or more, or a seizure since the
    last score, or hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now to medically managed
    withdrawal (ED, or 4-WM); staff with the patient until handover; if the patient declines transfer: the prescriber
    assesses and records capacity to decline (without capacity: transfer by emergency services; with capacity: ...); the
    patient must not drive; if not intoxicated: a first dose before transfer only if it does not delay the transfer; if
    intoxicated: no dose here (the patient must not drive today); at handover tell the receiving team the CIWA-Ar
    re-score and any dose with its time, and, if intoxicated, the breath alcohol reading or the signs, with the time;
    otherwise, if intoxicated: no dose until it clears (ask the patient to stay on site; the patient must not drive
    today); if below 15 and not intoxicated: a prescriber treats on today's score (medication at 10 or more; consider at
    8-9); if a dose is given: the patient must not drive today
    >>> item10 = [Flag("possible_inattention", "CIWA-Ar item 10 at 1", "warning")]
    >>> old_ciwa_severe_first(step, item10).startswith(
    ...     "Re-score the CIWA-Ar now (last 13 on 20 Nov 2026) and screen for delirium (CAM or 4AT); ask what")
    True
    >>> said = old_ciwa_severe_first(step)
    >>> old_ciwa_severe_first(said) == said
    True
    >>> ordered = f"First: emergency evaluation for suicide risk; and {step[:1].lower()}{step[1:]}"
    >>> old_ciwa_severe_first(ordered) == ordered  # Q3 (ii): another shape's
    True
    """
    flags = tuple(flags)
    item10 = any(f.code == "possible_inattention" for f in flags)
    ordered = _TRANSFER_ORDERED.search(_unbracketed(text)) is not None
    # beside a C-SSRS high risk, the refusal branch of an emergency evaluation for suicide risk (physician review R13,
    # must-fix M2: no capacity test there), else the medical capacity test
    declines = transfer_declined_said(flags)

    def said(m: re.Match[str]) -> str:
        if m["plain"] is not None and (ordered or not plain):
            return m[0]
        held = _RESCORE_DELIRIUM_OR_OVERDOSE_HELD if m["asked"] else _RESCORE_DELIRIUM_HELD
        severe = _RESCORE_SEVERE_FIRST.format(
            staff=m["staff"] or _STAFF_WITH_PATIENT,
            declines=declined_not_driving(m["declines"] or declines),
            bracket=m["bracket"],
            delirium=", the delirium screen" if item10 else "",
        )
        rescore = f"{m['rescore']}{DELIRIUM_SCREEN_AT_RESCORE if item10 else ''}"
        since = SEVERE_SINCE["severe_alcohol_withdrawal"]
        return (
            f"{rescore}; {since}; before any dose: {m['asked'] or ''}screen for intoxication {INTOXICATION_SIGNS}, "
            f"give thiamine and check blood glucose; {held}; {severe}"
        )

    return _OLD_CIWA_RESCORE_STEP.sub(said, text)


#: R60 Q2(a)'s dosing branch of an old CIWA-Ar's re-score below 15 (:data:`_RESCORE_SEVERE_FIRST`), its own words.
_RESCORE_TREATED_BELOW_15 = (
    "if below 15 and not intoxicated: a prescriber treats on today's score (medication at 10 or more; consider at 8-9)"
)
#: The same where the dose's driving clause does not follow it in its sentence ("if a dose is given: ...", "if any
#: dose is given (...): ..."): up to the sentence's end (a full stop before a capital, or the text's end).
_RESCORE_DOSED_UNDRIVEN = re.compile(
    re.escape(_RESCORE_TREATED_BELOW_15)
    + rf"(?!(?:(?!\. [A-Z]).)*?(?:{re.escape(IF_DOSED_NO_DRIVING)}|{re.escape(ANY_DOSE_NO_DRIVING)}))",
    re.S,
)


def rescore_dose_no_driving(text: str) -> str:
    """``text`` (a headline as shown) with R60 Q2(a)'s dosing branch below 15 of an old CIWA-Ar's re-score followed by
    the dose's driving rule, "...: a prescriber treats on today's score (medication at 10 or more; consider at 8-9);
    if a dose is given: the patient must not drive today", where its sentence does not say a dose's driving clause
    after it (its boxes say it already: never twice). Physician review R63, SF1, its words (the headlines of cases 3,
    131, 156, 218, 223, 285, 348, 623 and the rest of that form never said it for the dosing branch; ASAM Alcohol
    Withdrawal Guideline 2020: no driving after a benzodiazepine).

    Parameters
    ----------
    text : str
        A headline as shown.

    Returns
    -------
    str
        ``text`` with the driving rule said after that branch, or ``text`` itself.

    Examples
    --------
    >>> step = f"First: x; {_RESCORE_TREATED_BELOW_15} (CIWA-Ar in the moderate withdrawal band). Then: y."
    >>> print(rescore_dose_no_driving(step))  # doctest: +NORMALIZE_WHITESPACE
    First: x; if below 15 and not intoxicated: a prescriber treats on today's score (medication at 10 or more;
    consider at 8-9); if a dose is given: the patient must not drive today (CIWA-Ar in the moderate withdrawal band).
    Then: y.
    >>> rescore_dose_no_driving(rescore_dose_no_driving(step)) == rescore_dose_no_driving(step)
    True
    >>> told = f"First: x; {_RESCORE_TREATED_BELOW_15}; re-score within 1 hour; {IF_DOSED_NO_DRIVING}. Then: y."
    >>> rescore_dose_no_driving(told) == told
    True
    """
    return _RESCORE_DOSED_UNDRIVEN.sub(lambda m: f"{m[0]}; {IF_DOSED_NO_DRIVING}", text)


#: Physician review R60, Q2(b): what the headline adds after its same-day suicide risk assessment before the patient
#: leaves where its withdrawal step can end in a transfer (:func:`transfer_on_condition`), the reviewer's words.
ASSESSMENT_ASKED_AT_HANDOVER = "(if transferred: ask the receiving team for it at handover)"
#: The headline's same-day suicide risk assessment before the patient leaves, in the text's own forms ("then, before
#: the patient leaves, a same-day suicide risk assessment", "... with safety planning"), where no bracket of what a
#: transfer tells follows it yet ("(if transferred: at handover tell the receiving team ...)", or R60's own).
_SAME_DAY_BEFORE_LEAVING = re.compile(
    r"\bbefore the patient leaves, a same-day suicide risk assessment(?: with safety planning)?"
    r"(?! with safety planning)(?! \(if transferred: )"
)
#: A request of the receiving team for the suicide risk assessment the text says already ("..., and ask them for a
#: suicide risk assessment with safety planning, without delaying the transfer": case 88's branch handover; "ask the
#: receiving team for it").
_RECEIVING_TEAM_ASKED = re.compile(r"\bask (?:them|the receiving team) for (?:a suicide risk assessment|it)\b")


def transfer_on_condition(text: str) -> bool:
    """Whether ``text`` (a headline as shown) has a withdrawal step that can end in a transfer: "arrange transfer now"
    or "if transferred" said (:data:`_TRANSFER_SAID`), its first step ordering no transfer that no condition stands
    before (:func:`_transfer_now_first_in`: a transfer ordered outright has its own handover words). Physician review
    R60, Q2(b)'s condition, read from the words, never from a list of cases: R58 M1a's "otherwise, on the re-score: if
    15 or more, ...: arrange transfer now to medically managed withdrawal (ED, or 4-WM)" (cases 223 352 506 652), R60
    Q2(a)'s "on the re-score, intoxicated or not: if 15 or more, ...", Q3's joined "on the re-scores, intoxicated or
    not: if a CIWA-Ar of 15 or more, ...: arrange transfer now", and an old COWS re-score's "At a CIWA-Ar re-score of 8
    or more ...: arrange transfer now" (ASAM 2020 alcohol withdrawal guideline: severe or complicated withdrawal to
    medically managed withdrawal).

    Parameters
    ----------
    text : str
        A headline as shown.

    Returns
    -------
    bool
        True where a transfer is said on a condition and none is ordered first outright.

    Examples
    --------
    >>> transfer_on_condition("First: re-score the CIWA-Ar now (last 13 on 20 Nov 2026): x; on the re-score, "
    ...     "intoxicated or not: if 15 or more, or a seizure since the last score: arrange transfer now to medically "
    ...     "managed withdrawal (ED, or 4-WM); otherwise y (z). Then: Level 1.")
    True
    >>> transfer_on_condition("First: emergency medical evaluation: arrange transfer now (ED); staff with the patient.")
    False
    >>> transfer_on_condition("First: re-score the CIWA-Ar now; treat on the current score (a).")
    False
    """
    return _TRANSFER_SAID.search(text) is not None and not _transfer_now_first_in(text)


def assessment_asked_at_handover(text: str) -> str:
    """``text`` (a headline as shown) with its same-day suicide risk assessment before the patient leaves followed by
    :data:`ASSESSMENT_ASKED_AT_HANDOVER`, "(if transferred: ask the receiving team for it at handover)", where its
    withdrawal step can end in a transfer (:func:`transfer_on_condition`) and nothing in it asks the receiving team
    for the assessment yet (a branch's handover that does, case 88's, keeps its own words). Physician review R60,
    Q2(b), its words: a positive screen needs a same-day assessment wherever the patient goes (C-SSRS screener triage,
    Posner et al. 2011; Joint Commission NPSG 15.01.01: the handover is where a screen is lost). The boxes say the
    screens at that handover (:func:`~iopkit.placement.boxes.assessments_told_before_done_in_boxes`). ``text`` itself
    otherwise.

    Parameters
    ----------
    text : str
        A headline as shown.

    Returns
    -------
    str
        ``text`` with the request said after the assessment, or ``text`` itself.

    Examples
    --------
    >>> print(assessment_asked_at_handover(
    ...     "First: re-score the CIWA-Ar now (last 13 on 20 Nov 2026): x; otherwise, on the re-score: if 15 or more: "
    ...     "arrange transfer now to medically managed withdrawal (ED, or 4-WM); if below 15: y; then, before the "
    ...     "patient leaves, a same-day suicide risk assessment (z)."
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    First: re-score the CIWA-Ar now (last 13 on 20 Nov 2026): x; otherwise, on the re-score: if 15 or more: arrange
    transfer now to medically managed withdrawal (ED, or 4-WM); if below 15: y; then, before the patient leaves, a
    same-day suicide risk assessment (if transferred: ask the receiving team for it at handover) (z).
    >>> assessment_asked_at_handover("First: x; then, before the patient leaves, a same-day suicide risk assessment.")
    'First: x; then, before the patient leaves, a same-day suicide risk assessment.'
    """
    if not transfer_on_condition(text) or _RECEIVING_TEAM_ASKED.search(text):
        return text
    return _SAME_DAY_BEFORE_LEAVING.sub(lambda m: f"{m[0]} {ASSESSMENT_ASKED_AT_HANDOVER}", text, count=1)


#: An old moderate CIWA-Ar's re-score as the steps R60 Q3 reads say it, alone or joined with the COWS's: "re-score the
#: CIWA-Ar now (last 14 on 20 Nov 2026)", "Re-score the CIWA-Ar first (...)", "re-score the CIWA-Ar now, before any dose
#: (...)", "re-score the CIWA-Ar and the COWS now (last 14 and 19 on 20 Nov 2026)"; not an old severe one (", severe)"),
#: nor one already screened behind a colon (R57 M1 / R58 M1a's form, "(...): before any dose").
_OLD_MODERATE_CIWA_RESCORE = re.compile(
    r"\b[Rr]e-score the CIWA-Ar (?P<joined>and the COWS )?(?:now|first)(?:, before any dose)? "
    r"\(last \d+(?: and \d+)? on [^(),]*\)(?!:)"
)
#: That re-score's closing, one score's or both's.
_OTHERWISE_ON_THE_CURRENT = re.compile(r"\botherwise treat on the current score(?P<both>s?)\b")
#: A joined re-score's two-withdrawals line, kept as built (physician review R60, Q3).
_TWO_WITHDRAWALS_LINE = "with a COWS re-score of 13 or more (two withdrawals)"
#: A text already ordering the emergency evaluation for suicide risk first (physician review R60, Q3 (ii)).
EVALUATION_FIRST = "First: emergency evaluation for suicide risk"

#: The severe branch of an old moderate CIWA-Ar's re-score in a text that already orders an emergency evaluation:
#: physician review R60, Q3 (ii), its words; its "otherwise" guarded (R61, section 7); its first dose before transfer
#: said for the transfer for the suicide evaluation only, in brackets after the treatment (physician review R65, F3,
#: its words: "treat on the current score: a first dose before transfer only if ..." read oddly in the branch that
#: does not transfer; cases 33 135 199 247 293 321 370 458 580 724 766, every case of the 800 that says this branch).
OLD_MODERATE_CIWA_EVALUATION_BRANCH = (
    f"on the re-score, intoxicated or not: if 15 or more, or {SEIZURE_OR_CONFUSION_SINCE}: the emergency evaluation "
    "in an ED that can also manage withdrawal (arrange "
    f"transfer now), {_STAFF_WITH_PATIENT}; otherwise, {IF_NOT_INTOXICATED}treat on the current score "
    f"(if transferred for the suicide evaluation: {_RESCORE_FIRST_DOSE})"
)
#: The complications a CIWA-Ar re-score's transfer at 8 or more beside a COWS of today also sends: physician review
#: R60, Q3 (iii), its words.
_CIWA_AT_8 = re.compile(r"\b[Aa]t a CIWA-Ar re-score of 8 or more(?! with a COWS)(?! \(or, intoxicated)")
CIWA_AT_8_COMPLICATIONS = (
    " (or, intoxicated or not, a seizure since the last score, hallucinations, or disorientation (item 10 at 2 or "
    "more))"
)
#: An 8-or-more branch that only arranges care, possibly tomorrow (physician review R61, section 4 (iii)): its ending.
ARRANGE_MEDICALLY_MANAGED = "arrange medically managed withdrawal or a higher level of care"
#: What such a branch says after its ending in place of :data:`CIWA_AT_8_COMPLICATIONS` (physician review R61, section
#: 4 (iii), its words; ``{declines}``: the capacity clause, or beside a high C-SSRS the suicide evaluation's decline
#: words, :data:`~iopkit.placement.suggest.DECLINES_OR_LEAVES`).
CIWA_AT_8_TRANSFER_NOW = (
    f"; intoxicated or not, at a CIWA-Ar re-score of 15 or more, or {SEIZURE_OR_CONFUSION_SINCE}: arrange transfer "
    "now to medically managed withdrawal (ED, or 4-WM); "
    f"{_STAFF_WITH_PATIENT}; {{declines}}"
)


def ciwa_at_8_transfer_now(declines: str) -> str:
    """:data:`CIWA_AT_8_TRANSFER_NOW` with ``declines``, the capacity clause with the driving rule after it (physician
    review R73, must-fix 1a: :func:`declined_not_driving`) or beside a high C-SSRS the suicide evaluation's words.

    Examples
    --------
    >>> ciwa_at_8_transfer_now(DECLINES_TRANSFER).endswith("any worsening); the patient must not drive")
    True
    """
    return CIWA_AT_8_TRANSFER_NOW.format(declines=declined_not_driving(declines))


#: The severe branch of a joined CIWA-Ar and COWS re-score, before its closing: physician review R60, Q3, its words.
OLD_MODERATE_JOINED_SEVERE_BRANCH = (
    f"on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or {SEIZURE_OR_CONFUSION_SINCE}: arrange "
    "transfer now to medically managed withdrawal "
    f"(ED, or 4-WM); {_STAFF_WITH_PATIENT}; {DECLINES_NOT_DRIVING}; "
    f"{IF_NOT_INTOXICATED}{_RESCORE_FIRST_DOSE}; "
    f"{BENZODIAZEPINE_UNTIL_HANDOVER}; "
)
#: That joined re-score's closing, on the non-intoxicated path (physician review R60, Q3).
JOINED_TREATS_TODAY = "otherwise, if not intoxicated: a prescriber treats on today's score"
#: The delirium screen of a re-score whose last CIWA-Ar had item 10 at 1, and its branch before the hold, in the
#: existing words of an old complicated CIWA-Ar's list (:data:`_DELIRIUM_TO_ED_FIRST`): physician review R60, Q4.
_AND_DELIRIUM_SCREEN = f" and {DELIRIUM_SCREEN}"
IF_DELIRIUM_TO_ED = _DELIRIUM_TO_ED_FIRST.removesuffix("if a seizure since the last score")
#: The hold after a screen before any dose (with or without the overdose question).
_HOLD_AFTER_SCREEN = re.compile(r"\bif (?:an overdose or ingestion, or intoxicated|intoxicated): no dose\b")


#: A branch said whatever the patient's intoxication (physician review R60, Q2(a) and Q3).
_INTOXICATED_OR_NOT = re.compile(r"\bintoxicated or not\b")
#: First-dose words, with (ii)'s "otherwise" before them where it stands (physician review R61, section 7).
_FIRST_DOSE_WORDS = re.compile(
    r"(?P<otherwise>otherwise )?(?(otherwise)treat on the current score: |(?:a prescriber gives )?)"
    r"a first dose before transfer\b"
)
#: Words that end the branch said "intoxicated or not" before any first-dose words (the hold of the intoxicated, the
#: path below 15, a guard already said, an "otherwise" of its own) or the sentence.
_BRANCH_ENDS = re.compile(r"\bif intoxicated\b|\bnot intoxicated\b|\bif below\b|\botherwise\b|\. (?=[A-Z])")


def first_dose_if_not_intoxicated(text: str) -> str:
    """``text`` (the headline, or a box) with the first-dose words inside a branch said "intoxicated or not", or in
    the "otherwise" right after it, said for the patient who is not intoxicated only. Physician review R61, section 7
    (must-fix: "intoxicated or not" brought the first dose of a branch to an intoxicated patient, against the "no dose
    here" said before it; SAMHSA TIP 45: do not sedate an intoxicated patient, re-assess when intoxication clears;
    ASAM Alcohol Withdrawal Guideline 2020: caution with benzodiazepines given with alcohol or opioids), its words:

    - "a first dose before transfer only if it does not delay the transfer" (the joined forms) and "a prescriber gives
      a first dose before transfer" (R60 Q3 (iii)'s transfer now) get "if not intoxicated: " in front;
    - "otherwise treat on the current score: a first dose before transfer" (R60 Q3 (ii)) becomes "otherwise, if not
      intoxicated: treat on the current score: a first dose before transfer".

    Only the first such words after "intoxicated or not" in its sentence, where no hold, no path below 15, no guard and
    no other "otherwise" stands between them.

    Parameters
    ----------
    text : str
        A headline or a box's action.

    Returns
    -------
    str
        ``text`` with those first doses guarded, or ``text`` itself.

    Examples
    --------
    >>> print(first_dose_if_not_intoxicated(
    ...     "on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more: arrange transfer now; a first dose "
    ...     "before transfer only if it does not delay the transfer; otherwise, if not intoxicated: x"
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more: arrange transfer now; if not intoxicated: a
    first dose before transfer only if it does not delay the transfer; otherwise, if not intoxicated: x
    >>> print(first_dose_if_not_intoxicated(
    ...     "on the re-score, intoxicated or not: if 15 or more: y (arrange transfer now); otherwise treat on the "
    ...     "current score: a first dose before transfer only if it does not delay the transfer"
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    on the re-score, intoxicated or not: if 15 or more: y (arrange transfer now); otherwise, if not intoxicated: treat
    on the current score: a first dose before transfer only if it does not delay the transfer
    >>> print(first_dose_if_not_intoxicated(
    ...     "At a CIWA-Ar re-score of 8 or more (or, intoxicated or not, a seizure): arrange transfer now; a "
    ...     "prescriber gives a first dose before transfer only if it does not delay the transfer"
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    At a CIWA-Ar re-score of 8 or more (or, intoxicated or not, a seizure): arrange transfer now; if not intoxicated: a
    prescriber gives a first dose before transfer only if it does not delay the transfer
    >>> guarded = "intoxicated or not: z; if intoxicated: no dose; if not intoxicated: a first dose before transfer"
    >>> first_dose_if_not_intoxicated(guarded) == guarded
    True
    """
    out: list[str] = []
    at = 0
    for m in _INTOXICATED_OR_NOT.finditer(text):
        if m.start() < at:
            continue
        dose = _FIRST_DOSE_WORDS.search(text, m.end())
        if dose is None:
            continue
        end = _BRANCH_ENDS.search(text, m.end(), dose.start())
        if end is not None:
            continue
        out.append(text[at : dose.start()])
        if dose["otherwise"]:
            out.append(f"otherwise, {IF_NOT_INTOXICATED}{dose[0].removeprefix('otherwise ')}")
        else:
            out.append(f"{IF_NOT_INTOXICATED}{dose[0]}")
        at = dose.end()
    return "".join(out) + text[at:]


#: A first dose guarded for the patient who is not intoxicated (:func:`first_dose_if_not_intoxicated`'s words).
_GUARDED_FIRST_DOSE = re.compile(rf"\b{IF_NOT_INTOXICATED}(?:a prescriber gives )?a first dose before transfer\b")
#: The first "otherwise" after such a dose, where it treats (no condition of its own yet): "; otherwise treat on the
#: current score", ". Otherwise a prescriber treats withdrawal now", ". Otherwise treat withdrawal now".
_OTHERWISE_AFTER = re.compile(r"\b(?P<word>[Oo]therwise)\b(?P<treats> (?:a prescriber )?treat)?")


def otherwise_if_not_intoxicated(text: str) -> str:
    """``text`` (the headline, or a box) with the "otherwise" that follows each first dose guarded "if not
    intoxicated: " (:func:`first_dose_if_not_intoxicated`) saying "if not intoxicated" itself where it treats:
    "otherwise treat on the current score" becomes "otherwise, if not intoxicated: treat on the current score",
    "Otherwise a prescriber treats withdrawal now" becomes "Otherwise, if not intoxicated, a prescriber treats
    withdrawal now", and "Otherwise treat withdrawal now" becomes "Otherwise, if not intoxicated, treat withdrawal
    now". Physician review R62, must-fix M1 (cases 88 249 657, headlines and boxes: an unguarded "otherwise" after a
    guarded dose reads as "if intoxicated: treat", against the hold; SAMHSA TIP 45: do not sedate or induce an
    intoxicated patient, re-assess when it clears; ASAM Alcohol Withdrawal Guideline 2020: benzodiazepines given with
    alcohol or opioids). An "otherwise" with a condition of its own ("otherwise, if intoxicated: ...", "otherwise, if
    not intoxicated: ...") or
    one that does not treat is left as it is.

    Parameters
    ----------
    text : str
        A headline or a box's action.

    Returns
    -------
    str
        ``text`` with those "otherwise" guarded, or ``text`` itself.

    Examples
    --------
    >>> print(otherwise_if_not_intoxicated(
    ...     "x; if not intoxicated: a first dose before transfer only if it does not delay the transfer; otherwise "
    ...     "treat on the current score; y"
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    x; if not intoxicated: a first dose before transfer only if it does not delay the transfer; otherwise, if not
    intoxicated: treat on the current score; y
    >>> print(otherwise_if_not_intoxicated(
    ...     "x; if not intoxicated: a prescriber gives a first dose before transfer; z. Otherwise a prescriber treats "
    ...     "withdrawal now"
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    x; if not intoxicated: a prescriber gives a first dose before transfer; z. Otherwise, if not intoxicated, a
    prescriber treats withdrawal now
    >>> kept = "if not intoxicated: a first dose before transfer; otherwise, if intoxicated: no dose until it clears"
    >>> otherwise_if_not_intoxicated(kept) == kept
    True
    """
    out: list[str] = []
    at = 0
    for dose in _GUARDED_FIRST_DOSE.finditer(text):
        if dose.start() < at:
            continue
        other = _OTHERWISE_AFTER.search(text, dose.end())
        if other is None or other["treats"] is None:
            continue
        word = other["word"]
        guard = f"{word}, {IF_NOT_INTOXICATED}" if word.islower() else f"{word}, {IF_NOT_INTOXICATED[:-2]}, "
        out.append(text[at : other.start()])
        out.append(guard)
        at = other.end("word") + 1
    return "".join(out) + text[at:]


def ciwa_at_8_said(text: str, declines: str = DECLINES_TRANSFER) -> str:
    """``text`` with each "at a CIWA-Ar re-score of 8 or more" (not the two-withdrawals line) naming the complications
    that send the patient on: where its branch ends ":data:`ARRANGE_MEDICALLY_MANAGED`" (care possibly tomorrow; a
    box beside an emergency evaluation adds ", through the same emergency evaluation"), the
    transfer now of :data:`CIWA_AT_8_TRANSFER_NOW` after that ending (physician review R61, section 4 (iii), must-fix:
    cases 33 135 312 563; ASAM Alcohol Withdrawal Guideline 2020: seizure, hallucinations, delirium or a CIWA-Ar of 15
    or more need medically managed withdrawal; ASAM Criteria 2013, Dimension 1), else R60 Q3 (iii)'s bracket
    :data:`CIWA_AT_8_COMPLICATIONS` (its branch already arranges a transfer now: 88 249 657).

    Parameters
    ----------
    text : str
        A headline or a box's action.
    declines : str
        The decline words of the transfer now: the capacity clause, or beside a high C-SSRS the suicide evaluation's.

    Returns
    -------
    str
        ``text`` said anew, or ``text`` itself.

    Examples
    --------
    >>> print(ciwa_at_8_said("x; at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside): arrange medically "
    ...     "managed withdrawal or a higher level of care; y"))  # doctest: +NORMALIZE_WHITESPACE
    x; at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside): arrange medically managed withdrawal or a
    higher level of care; intoxicated or not, at a CIWA-Ar re-score of 15 or more, or a seizure since the last score, or
    hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED,
    or 4-WM); staff with the patient until handover; if the patient declines transfer: the prescriber assesses and
    records capacity to decline (without capacity: transfer by emergency services; with capacity: ...); the patient must
    not drive; y
    >>> print(ciwa_at_8_said("At a CIWA-Ar re-score of 8 or more (a): arrange transfer now (ED); z"))
    ... # doctest: +NORMALIZE_WHITESPACE
    At a CIWA-Ar re-score of 8 or more (or, intoxicated or not, a seizure since the last score, hallucinations, or
    disorientation (item 10 at 2 or more)) (a): arrange transfer now (ED); z
    """
    transfer = ciwa_at_8_transfer_now(declines)
    out: list[str] = []
    at = 0
    for m in _CIWA_AT_8.finditer(text):
        branch = re.match(r"[^;.]*(?:\.\d[^;.]*)*", text[m.end() :])
        end = m.end() + (branch.end() if branch else 0)
        if re.search(
            rf": {ARRANGE_MEDICALLY_MANAGED}(?:, through the same emergency evaluation)?$", text[m.end() : end]
        ):
            # said already (here, or before the plain treatment: physician review R63, SF2), or said to the
            # emergency evaluation's ED beside a high C-SSRS (physician review R63, MF2)
            if text.startswith((transfer, evaluation_ed_transfer(transfer)), end) or transfer in text[: m.start()]:
                continue
            out.append(text[at:end])
            out.append(transfer)
        else:
            out.append(text[at : m.end()])
            out.append(CIWA_AT_8_COMPLICATIONS)
            end = m.end()
        at = end
    return "".join(out) + text[at:]


#: What R62 S1 adds after (iii)'s transfer now where the dose before it is the plain "otherwise treat on the current
#: score" (its words).
TRANSFER_NOW_FIRST_DOSE = "; a first dose before transfer only if it does not delay the transfer"


def transfer_now_first_dose_limited(text: str) -> str:
    """``text`` whose (iii) transfer now (:data:`CIWA_AT_8_TRANSFER_NOW` with the capacity clause) follows the plain
    "otherwise treat on the current score" or "otherwise treat withdrawal as the prescriber decides" (a dose it does
    not limit), with that transfer and :data:`TRANSFER_NOW_FIRST_DOSE` said before the plain treatment, right after
    the hold: read in order, a re-score of 15 or more, a seizure, hallucinations or disorientation is a transfer now,
    before any dose and the COWS re-score 1-2 hours after it (physician review R63, should-fix SF2: cases 312 and 563,
    headline, COWS and d1 boxes; R62, should-fix S1: a first dose must not delay the transfer; ASAM Alcohol Withdrawal
    Guideline 2020: a CIWA-Ar of 15 or more, a seizure, hallucinations or delirium need medically managed withdrawal).
    The dose is then said for the patient not intoxicated only (:func:`first_dose_if_not_intoxicated`) and the plain
    treatment after it "otherwise, if not intoxicated" (:func:`otherwise_if_not_intoxicated`). Beside a C-SSRS high
    risk, the transfer with the suicide evaluation's decline words
    (:data:`~iopkit.placement.suggest.DECLINES_OR_LEAVES`) is moved the same way, unchanged (no first dose limit:
    physician review R64, S1, the COWS boxes of cases 33 and 135), and the plain treatment after it reads "otherwise,
    if not intoxicated: treat". ``text`` itself otherwise.

    Parameters
    ----------
    text : str
        A headline or a box's action.

    Returns
    -------
    str
        ``text`` with the transfer now and its first dose limit before the plain treatment, or ``text`` itself.

    Examples
    --------
    >>> now = ciwa_at_8_transfer_now(DECLINES_TRANSFER)
    >>> print(transfer_now_first_dose_limited(f"hold (x); otherwise treat on the current score; y{now}; z"))
    ... # doctest: +NORMALIZE_WHITESPACE
    hold (x); intoxicated or not, at a CIWA-Ar re-score of 15 or more, or a seizure since the last score, or
    hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED,
    or 4-WM); staff with the patient until handover; if the patient declines transfer: the prescriber assesses and
    records capacity to decline (without capacity: transfer by emergency services; with capacity: ...); the patient must
    not drive; a first dose before transfer only if it does not delay the transfer; otherwise treat on the current
    score; y; z
    >>> transfer_now_first_dose_limited(f"x{now}; z") == f"x{now}; z"
    True
    """
    for declines, dose in ((DECLINES_TRANSFER, TRANSFER_NOW_FIRST_DOSE), (DECLINES_OR_LEAVES, "")):
        now = ciwa_at_8_transfer_now(declines)
        at = text.find(now)
        plain = [*_PLAIN_TREATMENT.finditer(text, 0, max(at, 0))][-1:]
        if at < 0 or not plain:
            continue
        end = at + len(now)
        if text.startswith(TRANSFER_NOW_FIRST_DOSE, end):
            end += len(TRANSFER_NOW_FIRST_DOSE)
        before = plain[0].start()
        # the dose limit's "otherwise" is guarded after it (:func:`otherwise_if_not_intoxicated`); with none, here
        rest = text[before:at] if dose else f"; otherwise, {IF_NOT_INTOXICATED}{text[plain[0].end() : at]}"
        return f"{text[:before]}{now}{dose}{rest}{text[end:]}"
    return text


#: The plain treatment after an old moderate CIWA-Ar re-score's hold, a dose it does not limit (physician review R62,
#: S1; R63, SF2: the headline and d1 boxes' "otherwise treat on the current score", the COWS boxes' "otherwise treat
#: withdrawal as the prescriber decides").
_PLAIN_TREATMENT = re.compile(
    r"; otherwise (?=treat on the current score(?![s:])|treat withdrawal as the prescriber decides)"
)


#: The first dose of the emergency branch of two old withdrawals re-scored (a COWS re-score of 37 or more with a
#: CIWA-Ar re-score of 8 or more), unguarded, and the closing that guards a text's two re-scores already (physician
#: review R63, MF1(c)).
_SEVERE_BRANCH_DOSE = f"; {_RESCORE_FIRST_DOSE}; the patient must not drive"
_ON_THE_TWO_RESCORES_GUARDED = ", if not intoxicated, on the two re-scores:"


def severe_branch_dose_guarded(text: str) -> str:
    """``text`` with the first dose of two old withdrawals' emergency branch ("...; a first dose before transfer only
    if it does not delay the transfer; the patient must not drive") said for the patient not intoxicated only: "; if
    not intoxicated: a first dose before transfer ...". Physician review R64, S2 (cases 125 470 564, the alcohol and
    inattention boxes of 273 and the alcohol box of 639: read on its own, the branch offered a dose to an intoxicated
    patient; ASAM Alcohol Withdrawal Guideline 2020: no benzodiazepine to an intoxicated patient; FDA Drug Safety
    Communication 2016: opioids with benzodiazepines or other CNS depressants). Left where the text's two re-scores
    already read "otherwise, if not intoxicated, on the two re-scores:" before it (R63, MF1(c)) or it is guarded.

    Parameters
    ----------
    text : str
        A headline or a box's action.

    Returns
    -------
    str
        ``text`` with those first doses guarded, or ``text`` itself.

    Examples
    --------
    >>> print(severe_branch_dose_guarded(
    ...     "emergency evaluation now: arrange transfer now (ED); x; a first dose before transfer only if it does not "
    ...     "delay the transfer; the patient must not drive; y"))  # doctest: +NORMALIZE_WHITESPACE
    emergency evaluation now: arrange transfer now (ED); x; if not intoxicated: a first dose before transfer only if
    it does not delay the transfer; the patient must not drive; y
    >>> kept = "otherwise, if not intoxicated, on the two re-scores: at x; a first dose before transfer only if it "
    >>> kept += "does not delay the transfer; the patient must not drive"
    >>> severe_branch_dose_guarded(kept) == kept
    True
    """
    out: list[str] = []
    at = 0
    for m in re.finditer(re.escape(_SEVERE_BRANCH_DOSE), text):
        if _ON_THE_TWO_RESCORES_GUARDED in text[: m.start()]:
            continue
        out.append(text[at : m.start()])
        out.append(f"; {IF_NOT_INTOXICATED}{_SEVERE_BRANCH_DOSE[2:]}")
        at = m.end()
    return "".join(out) + text[at:]


def old_moderate_rescore_branches(
    text: str, evaluation: bool, inattention: bool, declines: str = DECLINES_TRANSFER
) -> str:
    """``text`` (the headline, or a box) with an old moderate CIWA-Ar's re-score said with its severe branch in the
    three shapes of physician review R60, Q3 (a 12-day-old score says nothing about today: a re-score of 15 or more, a
    seizure since the last score, hallucinations or disorientation is a transfer now, intoxicated or not; ASAM Alcohol
    Withdrawal Guideline 2020; ASAM Criteria 2013, Dimension 1), and, where its last score had item 10 at 1
    (``inattention``), its delirium screen (Q4: CIWA-Ar item 10, Sullivan 1989; delirium needs medically managed care):

    - joined to the COWS's re-score with the two-withdrawals line (cases 120 377 406 525 585 608 781):
      :data:`OLD_MODERATE_JOINED_SEVERE_BRANCH` before "otherwise treat on the current score(s)", which then reads
      :data:`JOINED_TREATS_TODAY` (the two-withdrawals line kept as built);
    - (ii) alone, in a text whose case already orders the emergency evaluation for suicide risk first (``evaluation``:
      cases 33 135 199 247 293 321 370 458 580 724 766): "otherwise treat on the current score" said as
      :data:`OLD_MODERATE_CIWA_EVALUATION_BRANCH`;
    - (iii) beside a COWS of today, each "at a CIWA-Ar re-score of 8 or more" with
      :data:`CIWA_AT_8_COMPLICATIONS` after it (cases 33 88 135 249 312 563 657), nothing else.

    Q4, only in a text so said: " and screen for delirium (CAM or 4AT)" after each such re-score's bracket, and
    :data:`IF_DELIRIUM_TO_ED` before the hold after it. The plain re-score (none of these shapes) and the screened
    form of R57 M1 / R58 M1a are not read here.

    Parameters
    ----------
    text : str
        A headline or a box's action, of a case with an old moderate CIWA-Ar.
    evaluation : bool
        Whether the case's headline orders the emergency evaluation for suicide risk first (:data:`EVALUATION_FIRST`).
    inattention : bool
        Whether the old CIWA-Ar had item 10 at 1 (the possible_inattention flag stands).
    declines : str
        The decline words of (iii)'s transfer now (:func:`ciwa_at_8_said`; physician review R61, section 4) and of the
        joined re-scores' transfer (physician review R62, must-fix M3: beside a high C-SSRS,
        :data:`~iopkit.placement.suggest.DECLINES_OR_LEAVES`).

    Returns
    -------
    str
        ``text`` said anew, or ``text`` itself.

    Examples
    --------
    >>> hold = "before any dose: x; if intoxicated: no dose here (y)"
    >>> print(old_moderate_rescore_branches(
    ...     f"and re-score the CIWA-Ar now (last 13 on 20 Nov 2026); {hold}; otherwise treat on the current score; z",
    ...     evaluation=True, inattention=False))  # doctest: +NORMALIZE_WHITESPACE
    and re-score the CIWA-Ar now (last 13 on 20 Nov 2026); before any dose: x; if intoxicated: no dose here (y); on the
    re-score, intoxicated or not: if 15 or more, or a seizure since the last score, or hallucinations, or disorientation
    (item 10 at 2 or more): the emergency evaluation in an ED that can also manage withdrawal (arrange transfer now),
    staff with the patient until handover; otherwise, if not intoxicated: treat on the current score (if transferred
    for the suicide evaluation: a first dose before transfer only if it does not delay the transfer); z
    >>> print(old_moderate_rescore_branches(
    ...     f"re-score the CIWA-Ar and the COWS now (last 14 and 19 on 20 Nov 2026); {hold}; otherwise treat on the "
    ...     "current scores; at a CIWA-Ar re-score of 8 or more with a COWS re-score of 13 or more (two "
    ...     "withdrawals): w",
    ...     evaluation=False, inattention=True))  # doctest: +NORMALIZE_WHITESPACE
    re-score the CIWA-Ar and the COWS now (last 14 and 19 on 20 Nov 2026) and screen for delirium (CAM or 4AT); before
    any dose: x; if delirium: no dose here; call emergency services for the ED; staff with the patient until handover;
    if intoxicated: no dose here (y); on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or a seizure
    since the last score, or hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now to medically
    managed withdrawal (ED, or 4-WM); staff with the patient until handover; if the patient declines transfer: the
    prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; with
    capacity: ...); the patient must not drive; if not intoxicated: a first dose before transfer only if it does not
    delay the transfer; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing
    until handover; otherwise, if not intoxicated: a prescriber treats on today's scores; at a CIWA-Ar re-score of 8 or
    more with a COWS re-score of 13 or more (two withdrawals): w
    >>> print(old_moderate_rescore_branches(
    ...     "First: re-score the CIWA-Ar now, before any dose (last 14 on 20 Nov 2026). x. At a CIWA-Ar re-score of "
    ...     "8 or more (alcohol withdrawal alongside): arrange transfer now", evaluation=False, inattention=False))
    ... # doctest: +NORMALIZE_WHITESPACE
    First: re-score the CIWA-Ar now, before any dose (last 14 on 20 Nov 2026). x. At a CIWA-Ar re-score of 8 or more
    (or, intoxicated or not, a seizure since the last score, hallucinations, or disorientation (item 10 at 2 or more))
    (alcohol withdrawal alongside): arrange transfer now
    >>> plain = f"Re-score the CIWA-Ar now (last 13 on 20 Nov 2026); {hold}; otherwise treat on the current score"
    >>> old_moderate_rescore_branches(plain, evaluation=False, inattention=True) == plain
    True
    """
    rescore = _OLD_MODERATE_CIWA_RESCORE.search(text)
    if rescore is None:
        return text
    said = ciwa_at_8_said(text, declines)
    closing = _OTHERWISE_ON_THE_CURRENT.search(said, rescore.end())
    if closing is not None and _TWO_WITHDRAWALS_LINE in said[closing.end() :]:
        # beside a high C-SSRS, the suicide evaluation's decline words (physician review R62, must-fix M3: case 120)
        joined = OLD_MODERATE_JOINED_SEVERE_BRANCH.replace(DECLINES_NOT_DRIVING, declined_not_driving(declines))
        treats = f"{joined}{JOINED_TREATS_TODAY}{closing['both']}"
        said = f"{said[: closing.start()]}{treats}{said[closing.end() :]}"
    elif closing is not None and evaluation and not rescore["joined"] and not closing["both"]:
        # a closing after the re-score's own transfer at 8 or more is its below-8 path: left as it is
        below_8 = said[rescore.end() : closing.start()]
        now = ciwa_at_8_transfer_now(declines)
        if CIWA_AT_8_COMPLICATIONS in below_8 or now in below_8 or evaluation_ed_transfer(now) in below_8:
            return said if said == text or not inattention else _delirium_screened_at_rescores(said)
        rest = said[closing.end() :]
        if not rest.startswith((f": {_RESCORE_FIRST_DOSE}", f" ({_RESCORE_FIRST_DOSE}")):
            said = f"{said[: closing.start()]}{OLD_MODERATE_CIWA_EVALUATION_BRANCH}{rest}"
    if said == text or not inattention:
        return said
    return _delirium_screened_at_rescores(said)


def _delirium_screened_at_rescores(text: str) -> str:
    """``text`` with each old moderate CIWA-Ar re-score (:data:`_OLD_MODERATE_CIWA_RESCORE`) screening for delirium
    too, and :data:`IF_DELIRIUM_TO_ED` before the first hold after it where no "if delirium" is said between them
    (physician review R60, Q4)."""
    parts: list[str] = []
    at = 0
    for m in _OLD_MODERATE_CIWA_RESCORE.finditer(text):
        parts.append(text[at : m.end()])
        parts.append(_AND_DELIRIUM_SCREEN)
        at = m.end()
    said = "".join(parts) + text[at:]
    out: list[str] = []
    at = 0
    for m in _OLD_MODERATE_CIWA_RESCORE.finditer(said):
        hold = _HOLD_AFTER_SCREEN.search(said, m.end())
        if hold is None or hold.start() < at or "if delirium" in said[m.end() : hold.start()]:
            continue
        out.append(said[at : hold.start()])
        out.append(IF_DELIRIUM_TO_ED)
        at = hold.start()
    return "".join(out) + said[at:]


#: Any handover a headline says already (physician review R61, section 4: the (ii) headlines without one).
_HANDOVER_SAID = "at handover tell the receiving team"
#: The handover R61 says after Q3 (ii)'s first dose before transfer: its words, ``{delirium}`` (", the delirium
#: screen" where Q4 screens) and ``{screened}`` (:func:`_screened_told`'s phrase) filled in.
EVALUATION_BRANCH_HANDOVER = (
    "; if transferred: at handover tell the receiving team the CIWA-Ar re-score{delirium} and any dose with its time, "
    "that {screened}, and whether the emergency evaluation for suicide risk was completed here (if so, its findings)"
)


def evaluation_branch_handover(text: str, screened: str) -> str:
    """The headline ``text`` whose Q3 (ii) branch (:data:`OLD_MODERATE_CIWA_EVALUATION_BRANCH`, a first dose before
    transfer only if it does not delay the transfer) is followed by the handover of the re-score, any dose and the
    screens, :data:`EVALUATION_BRANCH_HANDOVER`, where the headline says no handover yet ("at handover tell the
    receiving team"); ", the delirium screen" where the re-score screens for delirium (R60 Q4). Physician review R61,
    section 4, must-fix (cases 199 247 293 321 370 458 580 724 766: a dose given before the transfer must reach the ED,
    or it may be given twice, and the ED needs the screen that is the reason for the transfer; SAMHSA TIP 45: handover
    of scores and medication between levels; Posner et al. 2011). ``text`` itself otherwise.

    Parameters
    ----------
    text : str
        A headline as shown.
    screened : str
        The screens that stand, as the tool tells them at handover (:func:`_screened_told`), without the "that".

    Returns
    -------
    str
        ``text`` with the handover said, or ``text`` itself.

    Examples
    --------
    >>> print(evaluation_branch_handover(
    ...     f"First: emergency evaluation for suicide risk; x; {OLD_MODERATE_CIWA_EVALUATION_BRANCH} (y).",
    ...     "today's C-SSRS screen was high risk",
    ... ).split("does not delay the transfer")[-1])  # doctest: +NORMALIZE_WHITESPACE
    ); if transferred: at handover tell the receiving team the CIWA-Ar re-score and any dose with its time, that
    today's C-SSRS screen was high risk, and whether the emergency evaluation for suicide risk was completed here (if
    so, its findings) (y).
    >>> evaluation_branch_handover("First: x; at handover tell the receiving team y.", "z")
    'First: x; at handover tell the receiving team y.'
    """
    at = text.find(OLD_MODERATE_CIWA_EVALUATION_BRANCH)
    if at < 0 or _HANDOVER_SAID in text or not screened:
        return text
    end = at + len(OLD_MODERATE_CIWA_EVALUATION_BRANCH)
    delirium = ", the delirium screen" if _AND_DELIRIUM_SCREEN in text[:at] else ""
    told = EVALUATION_BRANCH_HANDOVER.format(delirium=delirium, screened=screened)
    return f"{text[:end]}{told}{text[end:]}"


#: An old severe CIWA-Ar's conditional transfer (:func:`~iopkit.placement.suggest._if_still_severe`: "Re-score the
#: CIWA-Ar now (last 21 on 20 Nov 2026, severe): ask what happened since (...); if still 15 or more, or a seizure since
#: the last score, or hallucinations, or disorientation (item 10 at 2 or more), arrange transfer now ..."; beside a
#: C-SSRS high risk "..., emergency evaluation for suicide risk and emergency medical evaluation in one setting ..."),
#: a box's, a headline's first step ("First: re-score ...") or one joined after another step ("...; and re-score ...").
_OLD_SEVERE_CIWA_CONDITIONAL = re.compile(
    r"\b(?P<rescore>[Rr]e-score the CIWA-Ar now \((?:last \d+ on|flag of) [^()]*, severe\))(?=: "
    rf"{re.escape(SEVERE_SINCE['severe_alcohol_withdrawal'])}; if still [^;]*?, or "
    rf"{re.escape(SEIZURE_OR_CONFUSION_SINCE)}, )"
)
#: A screen before any dose up to its hold: its intoxication screen, with thiamine and blood glucose where it gives them
#: (:data:`_INTOXICATION_ALCOHOL`, :data:`_INTOXICATION_AT_4`).
_SCREENED_TO_HOLD = re.compile(
    rf"\bscreen for intoxication {re.escape(INTOXICATION_SIGNS)}(?:, give thiamine and check blood glucose)?; "
)
#: The hold after it: for intoxication alone ("if intoxicated: no dose now (...)"); where the screen asks about an
#: overdose or ingestion, for both with the overdose's care in its bracket ("if an overdose or ingestion, or
#: intoxicated: no dose here (an overdose or ingestion: call emergency services for the ED, staff with the patient
#: until handover, naloxone if signs of opioid overdose; intoxicated: ..."), up to the intoxication's own words; or
#: the overdose's hold said apart from intoxication's (``apart``: "if an overdose or ingestion: no dose here (call
#: emergency services ...); if intoxicated: no dose until it clears (...)", physician review R60, Q5).
_HOLD_AFTER_SCREEN_SAID = re.compile(
    rf"(?P<apart>if {re.escape(OVERDOSE_HELD)}: no dose here \({re.escape(OVERDOSE_CARE)}\); )"
    rf"|if (?P<overdose>{re.escape(OVERDOSE_HELD)}, or )?intoxicated: no dose (?:now|here) "
    rf"\((?(overdose){re.escape(OVERDOSE_HELD)}: {re.escape(OVERDOSE_CARE)}; intoxicated: )"
)


def delirium_held_after_screen(text: str, start: int = 0) -> str:
    """``text`` with the first screen before any dose at or after ``start`` (:data:`_SCREENED_TO_HOLD`) holding any
    dose in delirium right after it, in the words of an old CIWA-Ar's re-score screened for delirium
    (:data:`_RESCORE_DELIRIUM_HELD`: "if delirium: no dose here; call emergency services for the ED; staff with the
    patient until handover; "); where the screen asks about an overdose or ingestion, merged with the overdose's hold
    as that re-score merges them (:data:`_RESCORE_DELIRIUM_OR_OVERDOSE_HELD`, physician review R60, Q2 (a): "if
    delirium, or an overdose or ingestion: no dose here; call emergency services for the ED; staff with the patient
    until handover (naloxone if signs of opioid overdose); if intoxicated: no dose now (...)"), never a second "no
    dose here" clause nor the escort said twice; intoxication's own hold then says "no dose now" as every hold for
    intoxication alone, "no dose here" beside a transfer now (physician review R32 (a)). Physician review R67, F1
    (R65's follow-up F1, its words ruled right in R66). ``text`` itself where no such screen follows ``start`` before
    the step treats on the current score (a later step's screen: a COWS re-score's), or its hold names delirium
    already.

    Parameters
    ----------
    text : str
        A headline or a box's action.
    start : int
        Where the step whose screen holds starts in ``text``.

    Returns
    -------
    str
        ``text`` with that hold said, or ``text`` itself.

    Examples
    --------
    >>> print(delirium_held_after_screen(
    ...     "before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol "
    ...     "above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if an overdose or "
    ...     "ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services for the ED, "
    ...     "staff with the patient until handover, naloxone if signs of opioid overdose; intoxicated: y); otherwise z"
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above zero,
    or signs of sedative intoxication), give thiamine and check blood glucose; if delirium, or an overdose or
    ingestion: no dose here; call emergency services for the ED; staff with the patient until handover (naloxone if
    signs of opioid overdose); if intoxicated: no dose now (y); otherwise z
    >>> said = delirium_held_after_screen(
    ...     "screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if intoxicated: "
    ...     "no dose now (y); otherwise z")
    >>> print(said)  # doctest: +NORMALIZE_WHITESPACE
    screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if delirium: no dose here;
    call emergency services for the ED; staff with the patient until handover; if intoxicated: no dose now (y);
    otherwise z
    >>> delirium_held_after_screen(said) == said
    True
    """
    screen = _SCREENED_TO_HOLD.search(text, start)
    if screen is None or "treat on the current score" in text[start : screen.start()]:
        return text
    held = screen.end()
    if text.startswith("if delirium", held):
        return text
    hold = _HOLD_AFTER_SCREEN_SAID.match(text, held)
    if hold is None or (hold["apart"] is None and hold["overdose"] is None):
        return f"{text[:held]}{_RESCORE_DELIRIUM_HELD}; {text[held:]}"
    # intoxication's own hold, said alone, as every hold for intoxication alone: "no dose now", "no dose here" beside
    # a transfer now (its words tell the receiving team: :func:`_holds_said`, physician review R32 (a))
    where = "here" if text.startswith(INTOXICATION_TOLD, hold.end()) else "now"
    intoxicated = "" if hold["apart"] else f"if intoxicated: no dose {where} ("
    return f"{text[:held]}{_RESCORE_DELIRIUM_OR_OVERDOSE_HELD}; {intoxicated}{text[hold.end() :]}"


#: The prescriber's step on what "that screen" finds (:func:`_said_once`: "after the re-score and that screen, if it
#: finds no intoxication, ", :data:`_THAT_SCREEN_FINDS`; beside a C-SSRS high or moderate risk "..., if it finds no
#: overdose or ingestion and no intoxication, ", :data:`_THAT_SCREEN_FINDS_OVERDOSE`), its finding in ``finds``.
_THAT_SCREEN_FINDING = re.compile(re.escape(f"{_THAT_SCREEN}if it finds ") + r"(?P<finds>[^,;()]*), ")
#: What it reads after an old severe CIWA-Ar's re-score screened for delirium with its hold (physician review R68,
#: must-fix M1, its words), and what the delirium screen must find, named first.
_THESE_SCREENS = "after the re-score and these screens, if they find "
NO_DELIRIUM = "no delirium"


def these_screens_find_no_delirium(text: str, start: int = 0) -> str:
    """``text`` with the prescriber's step after "that screen" in the sentence from ``start``
    (:data:`_THAT_SCREEN_FINDING`: "after the re-score and that screen, if it finds no intoxication, ...") waiting for
    the re-score's delirium screen too, where an old severe CIWA-Ar's conditional transfer screens for delirium and
    holds any dose in it before that step (:func:`old_severe_delirium_screened`): "after the re-score and these
    screens, if they find no delirium and no intoxication, ..."; beside a C-SSRS high or moderate risk "..., if they
    find no delirium, no overdose or ingestion and no intoxication, ...". Physician review R68, must-fix M1 (cases 39,
    432, 698: the later dose condition omitted delirium although its screen held for it; CAM, Inouye et al. 1990;
    4AT, Bellelli et al. 2014). ``text`` itself where no such step follows ``start`` in its sentence.

    Parameters
    ----------
    text : str
        A headline or a box's action.
    start : int
        Where the step holding any dose in delirium ends in ``text`` (its hold said before the step on that screen).

    Returns
    -------
    str
        ``text`` with that step's condition naming delirium, or ``text`` itself.

    Examples
    --------
    >>> print(these_screens_find_no_delirium(
    ...     "x; if delirium: no dose here; y; after the re-score and that screen, if it finds no overdose or ingestion "
    ...     "and no intoxication, a prescriber treats withdrawal. After the re-score and that screen, if it finds no "
    ...     "intoxication, z"))  # doctest: +NORMALIZE_WHITESPACE
    x; if delirium: no dose here; y; after the re-score and these screens, if they find no delirium, no overdose or
    ingestion and no intoxication, a prescriber treats withdrawal. After the re-score and that screen, if it finds no
    intoxication, z
    >>> print(these_screens_find_no_delirium("y; after the re-score and that screen, if it finds no intoxication, z"))
    y; after the re-score and these screens, if they find no delirium and no intoxication, z
    """
    stop = _SENTENCE_END.search(text, start)
    step = _THAT_SCREEN_FINDING.search(text, start, stop.start() if stop else len(text))
    if step is None:
        return text
    finds = [NO_DELIRIUM, *step["finds"].split(" and ")]
    listed = f"{', '.join(finds[:-1])} and {finds[-1]}"
    return f"{text[: step.start()]}{_THESE_SCREENS}{listed}, {text[step.end() :]}"


def old_severe_delirium_screened(text: str) -> str:
    """``text`` (the headline or a box) whose old severe CIWA-Ar's conditional transfer
    (:data:`_OLD_SEVERE_CIWA_CONDITIONAL`) screens for delirium with the re-score, "Re-score the CIWA-Ar now (last 21
    on 20 Nov 2026, severe) and screen for delirium (CAM or 4AT): ask what happened since ...", and holds any dose in
    delirium right after its screen before any dose, "give thiamine and check blood glucose; if delirium: no dose here;
    call emergency services for the ED; staff with the patient until handover; ..." (the words of the old moderate
    CIWA-Ar's re-score with item 10 at 1, :data:`_AND_DELIRIUM_SCREEN` and :func:`delirium_held_after_screen`, which
    merges the hold with an overdose's where the screen asks about one). Physician review R67, F1: R65's follow-up F1,
    "next round, high priority" (a delirium of another cause, hepatic encephalopathy or a head injury, reached by
    disorientation could be given a benzodiazepine by "a prescriber gives a first dose before transfer"; CAM, Inouye
    et al. 1990; 4AT, Bellelli et al. 2014), its words ruled right in R66. The handover of the screen is
    :func:`delirium_screen_told`'s, which runs after this pass; ``text`` itself where no such step stands, or it
    screens already.

    Parameters
    ----------
    text : str
        A headline or a box's action.

    Returns
    -------
    str
        ``text`` with the screen and its hold said, or ``text`` itself.

    Examples
    --------
    >>> step = ("First: re-score the CIWA-Ar now (last 21 on 20 Nov 2026, severe): ask what happened since (a "
    ...         "seizure, confusion, a hospital visit, the last drink); if still 15 or more, or a seizure since the "
    ...         "last score, or hallucinations, or disorientation (item 10 at 2 or more), arrange transfer now (x); "
    ...         "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative "
    ...         "intoxication), give thiamine and check blood glucose; if intoxicated: z")
    >>> print(old_severe_delirium_screened(step))  # doctest: +NORMALIZE_WHITESPACE
    First: re-score the CIWA-Ar now (last 21 on 20 Nov 2026, severe) and screen for delirium (CAM or 4AT): ask what
    happened since (a seizure, confusion, a hospital visit, the last drink); if still 15 or more, or a seizure since
    the last score, or hallucinations, or disorientation (item 10 at 2 or more), arrange transfer now (x); before any
    dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and
    check blood glucose; if delirium: no dose here; call emergency services for the ED; staff with the patient until
    handover; if intoxicated: z
    >>> old_severe_delirium_screened(old_severe_delirium_screened(step)) == old_severe_delirium_screened(step)
    True
    """
    ends = [m.end() for m in _OLD_SEVERE_CIWA_CONDITIONAL.finditer(text)]
    # from the last, each step's hold right after its own screen before any dose (not a later step's: a COWS
    # re-score's after "treat on the current score"), then its screen with the re-score
    for end in reversed(ends):
        held = delirium_held_after_screen(text, end)
        if held != text:
            # each later screen of its sentence (a joined COWS part's, after "treat on the current score") says the
            # same screen, the union: kept apart where the first stands inside the conditional transfer's clause, each
            # the union (physician review R18, should-fix S2; R22, must-fix M1), a COWS part's hold barring a dose in
            # delirium where the text screens for it before (R55, ruling 2)
            stop = _SENTENCE_END.search(held, end)
            screens = [m.start() for m in _SCREENED_TO_HOLD.finditer(held, end, stop.start() if stop else len(held))]
            for at in reversed(screens[1:]):
                held = delirium_held_after_screen(held, at)
            # the prescriber's step after the re-score and "that screen" then waits for no delirium too (physician
            # review R68, must-fix M1)
            held = these_screens_find_no_delirium(held, end)
        text = f"{held[:end]}{_AND_DELIRIUM_SCREEN}{held[end:]}"
    return text


#: A text that screens for delirium, or takes a delirium screen as its condition, in the tool's words: "screen for
#: delirium (CAM or 4AT)" (an old CIWA-Ar's re-score's, R60 Q4; the screen before any dose; a medical review's) or
#: "delirium screen (CAM or 4AT)" ("after the first step's CIWA-Ar re-score and delirium screen (CAM or 4AT)", "a
#: delirium screen (CAM or 4AT) finds no delirium"); or the screen in other words, a condition that it "finds no
#: delirium": "after the first step's medical review finds no delirium and ...", "once the (first step's) screen before
#: any dose finds no delirium ...", "once the first step's delirium screen finds no delirium ..." (physician review
#: R66, should-fix: the COWS, alcohol and buprenorphine boxes of cases 29 126 157 214 360 532 533 616 641 667 676 731
#: 780 794 and 15 buprenorphine_induction_threshold boxes).
_DELIRIUM_SCREEN_NAMED = re.compile(
    r"(?:screen for delirium|delirium screen) \(CAM or 4AT\)"
    r"|\b(?:medical review|screen before any dose|delirium screen) finds no delirium\b"
)
#: The withdrawal score or scores handed over with any dose ("the last CIWA-Ar score", "the last CIWA-Ar and COWS
#: scores", "the last score", "of the COWS score" ... "and any dose with its time"): the delirium screen is told after
#: them (physician review R64, should-fix S3, and R65, SF2 and F2, their words).
_SCORES_HANDED_OVER = re.compile(r"(?<= )scores?(?= and any dose with its time)")
#: The delirium screen as the receiving team is told it.
_SCREEN_TOLD = ", the delirium screen"


def delirium_screen_told(text: str) -> str:
    """``text`` (the headline, or a box) that screens for delirium, or takes a delirium screen as its condition
    (:data:`_DELIRIUM_SCREEN_NAMED`), with each handover of the withdrawal scores and any dose
    (:data:`_SCORES_HANDED_OVER`) telling the screen with them: "the last CIWA-Ar score, the delirium screen and any
    dose with its time", "the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time".
    Physician review R64, should-fix S3, ruled "build now" (case 563: an old CIWA-Ar re-scored with item 10 at 1 and
    screened for delirium; the screen done was not told to the receiving team; its words), and R65, should-fix SF2
    (the COWS boxes after the first step's re-score and delirium screen, cases 55 96 439; the headlines of cases 565
    and 700) and F2 (today's CIWA-Ar screened before any dose, cmp15 and hal10, and today's item 10 at 1's medical
    review, mod13_i1), their words: every text that screens for delirium tells the screen at handover; and R66,
    should-fix (36 box texts whose condition is the screen in other words, "after the first step's medical review finds
    no delirium", "once the screen before any dose finds no delirium": cases 29 126 157 214 360 532 533 616 641 667 676
    731 780 794 and 15 buprenorphine_induction_threshold boxes), the same words there (CAM: Inouye et al. 1990; 4AT:
    Bellelli et al. 2014). A handover whose clause (to the next ";") tells the screen already ("the CIWA-Ar re-score,
    the delirium screen, the last COWS score and any dose with its time") is left; ``text`` itself where it names no
    delirium screen. The last pass of the headline and of the boxes (no step reads these words after it).

    Parameters
    ----------
    text : str
        A headline or a box's action.

    Returns
    -------
    str
        ``text`` with the delirium screen told, or ``text`` itself.

    Examples
    --------
    >>> print(delirium_screen_told(
    ...     "Re-score the CIWA-Ar now (last 14 on 20 Nov 2026) and screen for delirium (CAM or 4AT); x; if "
    ...     "transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its "
    ...     "time; y"
    ... ).split("; x; ")[1])  # doctest: +NORMALIZE_WHITESPACE
    if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any
    dose with its time; y
    >>> print(delirium_screen_told(
    ...     "before any dose: screen for delirium (CAM or 4AT) and intoxication (x); at handover tell the receiving "
    ...     "team the last CIWA-Ar score and any dose with its time"
    ... ).split("(x); ")[1])  # doctest: +NORMALIZE_WHITESPACE
    at handover tell the receiving team the last CIWA-Ar score, the delirium screen and any dose with its time
    >>> print(delirium_screen_told(
    ...     "the first dose may be given once the first step's screen before any dose finds no delirium and no "
    ...     "intoxication; at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its "
    ...     "time"
    ... ).split("intoxication; ")[1])  # doctest: +NORMALIZE_WHITESPACE
    at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its
    time
    >>> told = (
    ...     "re-score the CIWA-Ar and screen for delirium (CAM or 4AT); at handover tell the receiving team the "
    ...     "CIWA-Ar re-score, the delirium screen, the last COWS score and any dose with its time"
    ... )
    >>> delirium_screen_told(told) == told
    True
    >>> unscreened = "re-assess for seizures or delirium; at handover tell the receiving team the last CIWA-Ar score "
    >>> unscreened += "and any dose with its time"
    >>> delirium_screen_told(unscreened) == unscreened
    True
    """
    if not _DELIRIUM_SCREEN_NAMED.search(text):
        return text

    def told(m: re.Match[str]) -> str:
        start = text.rfind(";", 0, m.start()) + 1
        end = text.find(";", m.end())
        clause = text[start : end if end >= 0 else len(text)]
        return m[0] if _SCREEN_TOLD.removeprefix(", ") in clause else f"{m[0]}{_SCREEN_TOLD}"

    return _SCORES_HANDED_OVER.sub(told, text)


#: The branches that turn on "a seizure since the last score" after an old moderate CIWA-Ar's re-score: (ii)'s, the
#: joined re-scores' (physician review R61, section 7), and (iii)'s bracket and transfer now (physician review R62, S3).
_SEIZURE_SINCE_BRANCHES = (
    OLD_MODERATE_CIWA_EVALUATION_BRANCH,
    OLD_MODERATE_JOINED_SEVERE_BRANCH[:60],
    CIWA_AT_8_COMPLICATIONS,
    CIWA_AT_8_TRANSFER_NOW[:60],
)


def asked_since_at_rescores(text: str) -> str:
    """``text`` whose (ii) or joined severe branch (:data:`OLD_MODERATE_CIWA_EVALUATION_BRANCH`,
    :data:`OLD_MODERATE_JOINED_SEVERE_BRANCH`) turns on "a seizure since the last score", with each old moderate
    CIWA-Ar re-score's bracket (and its delirium screen) followed by "; ask what happened since (a seizure, confusion, a
    hospital visit, the last drink)" (:data:`~iopkit.placement.suggest.SEVERE_SINCE`, g1's words). Physician review
    R61, section 7, should-fix (those texts never asked about the seizure their branch depends on); R62, should-fix
    S3: the (iii) texts too (:data:`CIWA_AT_8_COMPLICATIONS`, :data:`CIWA_AT_8_TRANSFER_NOW`: cases 88 249 657 312
    563). ``text`` itself otherwise.

    Parameters
    ----------
    text : str
        A headline or a box's action.

    Returns
    -------
    str
        ``text`` with the question said, or ``text`` itself.

    Examples
    --------
    >>> print(asked_since_at_rescores(
    ...     f"Re-score the CIWA-Ar now (last 13 on 20 Nov 2026); x; {OLD_MODERATE_CIWA_EVALUATION_BRANCH}"
    ... ).split("; x;")[0])  # doctest: +NORMALIZE_WHITESPACE
    Re-score the CIWA-Ar now (last 13 on 20 Nov 2026); ask what happened since (a seizure, confusion, a hospital
    visit, the last drink)
    >>> asked_since_at_rescores("Re-score the CIWA-Ar now (last 13 on 20 Nov 2026); x")
    'Re-score the CIWA-Ar now (last 13 on 20 Nov 2026); x'
    """
    # and the (iii) texts, whose 8-or-more branch turns on it too (physician review R62, S3)
    if not any(w in text for w in _SEIZURE_SINCE_BRANCHES):
        return text
    since = f"; {SEVERE_SINCE['severe_alcohol_withdrawal']}"
    out: list[str] = []
    at = 0
    for m in _OLD_MODERATE_CIWA_RESCORE.finditer(text):
        end = m.end() + (len(_AND_DELIRIUM_SCREEN) if text.startswith(_AND_DELIRIUM_SCREEN, m.end()) else 0)
        if text.startswith(since, end):
            continue
        out.append(text[at:end])
        out.append(since)
        at = end
    return "".join(out) + text[at:]


def transfer_declined_said(flags: Iterable[Flag]) -> str:
    """What a withdrawal transfer says if the patient declines it, beside ``flags``.

    Beside a C-SSRS high risk that stands (not withdrawn by a correction: its repeated screen decides, physician review
    R18, M4), the refusal branch of the emergency evaluation for suicide risk, no capacity test (physician review R13,
    must-fix M2; R61, 4; R62, must-fix M3); else the medical capacity test (ASAM Criteria, 3rd ed., 2013, dimension 1:
    the prescriber decides the setting; Posner et al. 2011: a positive C-SSRS screen calls for the evaluation).

    Parameters
    ----------
    flags : Iterable[Flag]
        The case's flags.

    Returns
    -------
    str
        :data:`~iopkit.placement.suggest.DECLINES_OR_LEAVES` or :data:`~iopkit.placement.suggest.DECLINES_TRANSFER`.

    Examples
    --------
    >>> high = Flag("suicide_risk_high", "C-SSRS", "critical", calls_for="emergency_evaluation")
    >>> transfer_declined_said([high])[:60]
    'if the patient declines transfer or tries to leave: staff st'
    >>> transfer_declined_said([])[:60]
    'if the patient declines transfer: the prescriber assesses an'
    """
    return DECLINES_OR_LEAVES if suicide_emergency_stands(flags) else DECLINES_TRANSFER


def suicide_emergency_stands(flags: Iterable[Flag]) -> bool:
    """Whether a suicide-risk finding calling for an emergency evaluation stands among ``flags``
    (:func:`~iopkit.placement.suggest.suicide_emergency`), none withdrawn by a correction (a withdrawn C-SSRS high,
    never assessed, is no positive screen: its repeated screen decides; physician review R18, M4; Posner et al. 2011).

    Examples
    --------
    >>> suicide_emergency_stands([Flag("suicide_risk_high", "C-SSRS", "critical", calls_for="emergency_evaluation")])
    True
    >>> suicide_emergency_stands([])
    False
    """
    return suicide_emergency(f for f in flags if f.withdrawn is None)


def old_moderate_rescore_branches_of(text: str, flags: Iterable[Flag], headline: str) -> str:
    """:func:`old_moderate_rescore_branches` of ``text`` in its case: ``flags`` (an old moderate CIWA-Ar's re-score
    flag among them, else ``text`` itself; item 10 at 1: the possible_inattention flag) and ``headline`` (the
    emergency evaluation for suicide risk ordered first). Physician review R60, Q3 and Q4.

    Examples
    --------
    >>> old_moderate_rescore_branches_of("x", (), "First: y")
    'x'
    """
    flags = tuple(flags)
    if not any(f.code == "moderate_alcohol_withdrawal" and _earlier_signs(f) for f in flags):
        return text
    inattention = any(f.code == "possible_inattention" for f in flags)
    # beside a high C-SSRS, the decline words of the emergency evaluation for suicide risk (physician review R61, 4)
    declines = transfer_declined_said(flags)
    said = old_moderate_rescore_branches(text, headline.startswith(EVALUATION_FIRST), inattention, declines)
    # no first dose to an intoxicated patient inside a branch said "intoxicated or not" (physician review R61, 7)
    # and the seizure their severe branch turns on is asked about (physician review R61, section 7, should-fix)
    # and the "otherwise" after each guarded first dose says "if not intoxicated" itself (physician review R62, M1)
    # and (iii)'s transfer now after the plain treatment limits the first dose (physician review R62, S1)
    said = transfer_now_first_dose_limited(said)
    said = asked_since_at_rescores(otherwise_if_not_intoxicated(first_dose_if_not_intoxicated(said)))
    # last, beside a high C-SSRS that stands (not withdrawn: physician review R18, M4), the re-score's transfer now
    # goes to the emergency evaluation in an ED that can also manage withdrawal (physician review R63, MF2 = R62 S4)
    return evaluation_ed_transfer(said) if suicide_emergency_stands(flags) else said


#: The transfer now of an old moderate CIWA-Ar's re-score at 15 or more, a seizure since the last score, hallucinations
#: or disorientation ((iii)'s :data:`CIWA_AT_8_TRANSFER_NOW`, the joined re-scores'
#: :data:`OLD_MODERATE_JOINED_SEVERE_BRANCH`): the words physician review R63, MF2 replaces beside a high C-SSRS.
WITHDRAWAL_TRANSFER_NOW = "(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)"
#: What R63 MF2 (R62 S4) says in their place, R60 Q3 (ii)'s destination (physician review R63, MF2, its words).
EVALUATION_ED_TRANSFER_NOW = (
    "(item 10 at 2 or more): the emergency evaluation in an ED that can also manage withdrawal (arrange transfer now)"
)


def evaluation_ed_transfer(text: str) -> str:
    """``text`` (a headline or a box of a case whose C-SSRS screen is high risk, the emergency evaluation for suicide
    risk ordered) with each old moderate CIWA-Ar re-score's transfer now to medically managed withdrawal
    (:data:`WITHDRAWAL_TRANSFER_NOW`: (iii)'s transfer now and the joined re-scores') said as the emergency evaluation
    in an ED that can also manage withdrawal (:data:`EVALUATION_ED_TRANSFER_NOW`), the decline clause after it kept.
    Physician review R63, must-fix MF2 (= R62 S4; cases 33 135 120: one trigger had two destinations in one text, and
    a high-risk C-SSRS patient must not be routed to a withdrawal unit that bypasses the emergency suicide evaluation;
    Posner et al. 2011, C-SSRS; ASAM Alcohol Withdrawal Guideline 2020, complicated withdrawal to medically managed
    care). ``text`` itself where it says no such transfer.

    Parameters
    ----------
    text : str
        A headline or a box's action, of a case beside a high C-SSRS (:func:`~.suggest.suicide_emergency`).

    Returns
    -------
    str
        ``text`` with those transfers said to the emergency evaluation's ED, or ``text`` itself.

    Examples
    --------
    >>> print(evaluation_ed_transfer(
    ...     "intoxicated or not, at a CIWA-Ar re-score of 15 or more, or disorientation (item 10 at 2 or more): "
    ...     "arrange transfer now to medically managed withdrawal (ED, or 4-WM); staff with the patient until handover"
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    intoxicated or not, at a CIWA-Ar re-score of 15 or more, or disorientation (item 10 at 2 or more): the emergency
    evaluation in an ED that can also manage withdrawal (arrange transfer now); staff with the patient until handover
    >>> evaluation_ed_transfer("arrange transfer now (ED)")
    'arrange transfer now (ED)'
    """
    return text.replace(WITHDRAWAL_TRANSFER_NOW, EVALUATION_ED_TRANSFER_NOW)


def overdose_risk(flags: Iterable[Flag]) -> bool:
    """Whether a suicide screen's finding that calls for the overdose question (:data:`OVERDOSE_RISK_FLAGS`) stands
    among ``flags``, so that every screen before a dose asks about an overdose or ingestion first
    (:func:`overdose_asked`): a C-SSRS screener high or moderate risk (physician review R16, session 15, should-fix
    S5), or a positive PHQ-9 item 9 (thoughts of being better off dead or of self-harm; Kroenke et al. 2001) that no
    suicide risk assessment has closed (iopkit's rule, physician review R30b, S7: a patient about to be dosed with a
    benzodiazepine, buprenorphine or methadone is asked first). The one reading of the risk: the headline, the boxes
    and the pages that show no placement (:meth:`iopkit.episode.Episode.flag_shown`) all read it here.

    A C-SSRS screen of the PHQ-9's day or later does not take the PHQ-9 flag's place: a low risk stands beside it,
    the headline still asks its same-day suicide risk assessment and tells both at handover, and a screen is not the
    assessment (:data:`iopkit.flags.SCREEN_NOT_THE_ASSESSMENT`); a moderate or high risk asks the question itself. The
    PHQ-9 flag stops asking it when a suicide risk assessment closes the flag (it is no longer among ``flags``).

    Examples
    --------
    >>> overdose_risk([Flag("suicide_risk_moderate", "C-SSRS moderate risk", "warning")])
    True
    >>> overdose_risk([Flag("suicide_risk_low", "C-SSRS low risk", "warning")])
    False
    >>> overdose_risk([Flag("suicidal_ideation", "PHQ-9 item 9", "critical"), Flag("suicide_risk_low", "C-SSRS")])
    True
    """
    return any(f.code in OVERDOSE_RISK_FLAGS for f in flags)


def overdose_asked(text: str) -> str:
    """``text`` (a headline, or a box's step) with each screen before any dose asking about an overdose or ingestion
    today first, and holding the dose after one (:data:`OVERDOSE_TO_ED`): the screen said beside a C-SSRS
    high or moderate risk (:func:`overdose_risk`). A screen that asks already is left as it is, each screen on its own
    (a box joined from two holds two). Physician review R16 (session 15), should-fix S5, its words.

    Examples
    --------
    >>> print(overdose_asked(f"First: x; {_INTOXICATION_ALCOHOL}treat withdrawal with medication"))
    ... # doctest: +NORMALIZE_WHITESPACE
    First: x; before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol
    above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if an overdose or
    ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services for the ED, staff with
    the patient until handover, naloxone if signs of opioid overdose); otherwise treat withdrawal with medication
    >>> overdose_asked(overdose_asked(_INTOXICATION_AT_4)) == overdose_asked(_INTOXICATION_AT_4)
    True
    """
    for said, asked in _OVERDOSE_WORDS:
        # each screen on its own: a joined box may hold one screen that asks already and one that does not
        text = asked.join(part.replace(said, asked) for part in text.split(asked))
    return text


def overdose_asked_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with every box's screen before any dose asking about an overdose or ingestion first
    (:func:`overdose_asked`) where a C-SSRS screener high or moderate risk, or a positive PHQ-9 item 9, stands among its
    flags (:func:`overdose_risk`; R30b S7), as its headline's screen asks (a box is read alone on the chart); ``rec``
    itself otherwise. The last step of the boxes' build, so a box that copies the headline's screen says the same
    words. Physician review R16 (session 15), should-fix S5."""
    if not overdose_risk(rec.flags):
        return rec
    flags = tuple(replace(f, action=overdose_asked(f.action)) for f in rec.flags)
    # the headline and the first step read the flags as raised (as boxes.boxes_beside_emergency keeps them)
    return replace(rec, flags=flags, raised=rec.raised or rec.flags) if flags != rec.flags else rec


def _intoxication_screened(text: str, alcohol: bool = False) -> str:
    """``text`` with the intoxication screen in front of each "a prescriber gives a first dose for today's
    withdrawal before transfer" not already after a screen's "otherwise " (physician review R11, should-fix 3 (c)):
    :data:`_INTOXICATION_ALCOHOL` (thiamine and blood glucose too) where the dose treats alcohol withdrawal (the dose
    for both withdrawals; a first dose for today's withdrawal where ``alcohol``, a CIWA-Ar treated, or after a
    CIWA-Ar's re-score), else :data:`_INTOXICATION_AT_4` (physician review R16, session 15, should-fix S1: thiamine
    and glucose wherever the dose treats alcohol withdrawal, rating 4 or not; ASAM 2020 alcohol withdrawal guideline).

    Examples
    --------
    >>> print(_intoxication_screened("the ED evaluates both: a prescriber gives a first dose for today's withdrawal "
    ...                              "before transfer only if it does not delay the transfer"))
    ... # doctest: +NORMALIZE_WHITESPACE
    the ED evaluates both: before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative
    intoxication); if intoxicated: no dose here; otherwise a prescriber gives a first dose for today's withdrawal
    before transfer only if it does not delay the transfer
    >>> print(_intoxication_screened("re-score the CIWA-Ar before transfer; if still 15 or more, the ED evaluates "
    ...                              "both: a prescriber gives a first dose for today's withdrawal before transfer"))
    ... # doctest: +NORMALIZE_WHITESPACE
    re-score the CIWA-Ar before transfer; if still 15 or more, the ED evaluates both: before any dose: screen for
    intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose;
    if intoxicated: no dose here; otherwise a prescriber gives a first dose for today's withdrawal before transfer
    """

    def screened(m: re.Match[str]) -> str:
        both = TREAT_BOTH_AT_4.startswith(m[0])
        first = FIRST_DOSE_AT_4.startswith(m[0])
        rescored = "CIWA-Ar" in text[: m.start()].rsplit("re-score the ", 1)[-1][:7]
        treats_alcohol = both or first and (alcohol or rescored)
        return f"{_INTOXICATION_ALCOHOL if treats_alcohol else _INTOXICATION_AT_4}{m[0]}"

    return _DOSE_AT_4.sub(screened, text)


def _before_any_dose(staffed: bool) -> str:
    """The screen before any dose (:data:`_BEFORE_ANY_DOSE`), ending "otherwise " before the dose it guards; beside a
    lead that does not keep staff with the patient until handover, "if delirium or intoxication: no dose here, staff
    with the patient until handover (delirium: to the ED by emergency services)" (physician review R3, session 11,
    must-fix 3; R4, must-fix 2; R6, must-fix 3), beside one that does (``staffed``: an emergency evaluation for
    suicide risk, "safety precautions, staff with the patient, until handover", or complicated withdrawal's "staff
    with the patient until handover") said once, "if delirium or intoxication: no dose here (delirium: to the ED by
    emergency services); otherwise ..." (R4, should-fix 7; R6, must-fix 3).

    Examples
    --------
    >>> print(_before_any_dose(staffed=False).partition("; ")[2])  # doctest: +NORMALIZE_WHITESPACE
    if delirium or intoxication: no dose here, staff with the patient until handover (delirium: to the ED by emergency
    services); otherwise
    >>> print(_before_any_dose(staffed=True).partition("; ")[2])  # doctest: +NORMALIZE_WHITESPACE
    if delirium or intoxication: no dose here (delirium: to the ED by emergency services); otherwise
    """
    return f"{_BEFORE_ANY_DOSE}{'' if staffed else _STAFF_UNTIL_HANDOVER} {_DELIRIUM_TO_ED}; otherwise "


#: The transfer of an emergency evaluation for suicide risk: to an emergency department, safety precautions with staff
#: beside the patient until handover, no driving (:data:`~iopkit.placement.suggest.EMERGENCY_D3_TRANSFER`, dimension 3
#: rated 4's own words).
_SUICIDE_TRANSFER = EMERGENCY_D3_TRANSFER


def _severe_with_alcohol(ciwa: str, *, suicide: bool = False, before_dose: bool = False) -> str:
    """The headline's lead where a COWS above 36 of the placement's day has alcohol withdrawal alongside (``ciwa``, its
    words: :func:`_alcohol_alongside`), the COWS flag's complicating condition: the emergency evaluation now, with the
    transfer it arranges, a first dose before it only if it does not delay it, the benzodiazepine note until
    handover, no driving (ASAM 2020 alcohol withdrawal guideline, Rec VII.5, VII.8; ASAM 2020 OUD guideline; FDA Drug
    Safety Communication 2017, ``fda_bup_benzo2017``; physician review R2, session 11, must-fix 1 and should-fix 12, the
    reviewer's words). The COWS flag beside it says the methadone conditions in full (:data:`HEADLINE_CUTS`). Staff
    stay with the patient until handover on every path (:data:`SEVERE_ALONGSIDE_TRANSFER`; physician review R46, Q4).

    ``suicide``: an emergency evaluation for suicide risk is called for too (e.g. today's C-SSRS high risk, dimension
    3 not rated 4): one evaluation for both, its transfer to an emergency department with safety precautions, staff
    with the patient, until handover (physician review R3, session 11, must-fix 2, the reviewer's words: two
    emergencies never without a transfer). ``before_dose``: CIWA-Ar item 10 of the day at 1, the delirium and
    intoxication screen before any dose (:data:`_BEFORE_ANY_DOSE`; R3 must-fix 3), beside ``suicide`` with no second
    "staff with the patient until handover" (:func:`_before_any_dose`; R4 should-fix 7).

    Examples
    --------
    >>> print(_severe_with_alcohol("CIWA-Ar 13 today"))  # doctest: +NORMALIZE_WHITESPACE
    emergency evaluation now: severe opioid withdrawal with alcohol withdrawal alongside (CIWA-Ar 13 today), a
    complicating condition on the COWS flag: arrange transfer now (ED, or 3.7-WM/4-WM); staff with the patient until
    handover; a prescriber gives a first dose before transfer if it does not delay the transfer (buprenorphine, or
    methadone as the COWS flag says; for alcohol withdrawal, medication at a CIWA-Ar of 10 or more); if a
    benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover; the
    patient must not drive
    >>> print(_severe_with_alcohol("CIWA-Ar 13 today", suicide=True))  # doctest: +NORMALIZE_WHITESPACE
    emergency evaluation now, for suicide risk and for severe opioid withdrawal with alcohol withdrawal alongside
    (CIWA-Ar 13 today), a complicating condition on the COWS flag: arrange transfer now (ED); safety precautions, staff
    with the patient, until handover; if the patient declines transfer or tries to leave: staff stay with the patient
    and call emergency services for an emergency mental-health assessment (local involuntary-assessment procedure); the
    patient must not drive; a prescriber gives a first dose before transfer if it does not delay the transfer
    (buprenorphine, or methadone as the COWS flag says; for alcohol withdrawal, medication at a CIWA-Ar of 10 or more);
    if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover
    >>> print(_severe_with_alcohol("CIWA-Ar 14 today", before_dose=True))  # doctest: +NORMALIZE_WHITESPACE
    emergency evaluation now: severe opioid withdrawal with alcohol withdrawal alongside (CIWA-Ar 14 today), a
    complicating condition on the COWS flag: arrange transfer now (ED, or 3.7-WM/4-WM); staff with the patient until
    handover; before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs
    of sedative intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose here, staff
    with the patient until handover (delirium: to the ED by emergency services); otherwise a prescriber gives a first
    dose before transfer if it does not delay the transfer (buprenorphine, or methadone as the COWS flag says; for
    alcohol withdrawal, medication at a CIWA-Ar of 10 or more); if a benzodiazepine is given with buprenorphine or
    methadone: monitor sedation and breathing until handover; the patient must not drive
    """
    dose = (
        f"{_before_any_dose(staffed=suicide) if before_dose else ''}{FIRST_DOSE_SEVERE} ({_AGONISTS_SAID}; for "
        "alcohol withdrawal, "
        f"medication at a CIWA-Ar of 10 or more); {BENZODIAZEPINE_UNTIL_HANDOVER}"
    )
    severe = (
        f"severe opioid withdrawal with alcohol withdrawal alongside ({ciwa}), a complicating condition on the COWS "
        "flag"
    )
    if suicide:
        return f"emergency evaluation now, for suicide risk and for {severe}: {_SUICIDE_TRANSFER}; {dose}"
    return f"emergency evaluation now: {severe}: {SEVERE_ALONGSIDE_TRANSFER}; {dose}; the patient must not drive"


#: "The patient must not drive" said outright, not "... until the delirium screen clears" (:func:`_benzodiazepine`),
#: nor the moderate CIWA-Ar's "if a dose is given: the patient must not drive today" (:data:`~iopkit.flags.
#: IF_DOSED_NO_DRIVING`, a condition: physician review R16, session 15, the ruling on C03 and C33), nor a dose's
#: "after a first dose of buprenorphine or methadone the patient must not drive today" or "if any dose is given (...):
#: the patient must not drive today" (:data:`FIRST_DOSE_NO_DRIVING`, :data:`~iopkit.flags.ANY_DOSE_NO_DRIVING`:
#: conditions too, "must" since physician review R22, session 19, should-fix S1), nor a hold's "no dose here (the
#: patient must not drive today)" or "(...; intoxicated: the patient must not drive today)" (the intoxicated patient
#: only: physician review R30b, M4, :func:`no_driving_while_intoxicated`).
_NO_DRIVING = re.compile(
    r"(?<!given: )(?<!methadone )(?<!methadone\): )(?<!\()(?<!intoxicated: )(?<!intoxication: )the patient must not "
    r"drive(?! until)(?! today; if the patient insists)"  # nor an ambulatory hold's (R32 (a))
)


def _benzodiazepine(first: str, handover: bool = False) -> str:
    """The benzodiazepine note beside buprenorphine or methadone now for opioid withdrawal and alcohol withdrawal
    treated with medication: :data:`~iopkit.flags.BENZODIAZEPINE_WITH_AGONIST`, its driving part dropped where the
    headline's first sentence ``first`` already says "the patient must not drive" (:data:`~iopkit.flags.
    BENZODIAZEPINE_ON_SITE`; FDA Drug Safety Communication 2017, ``fda_bup_benzo2017``; physician review R2, session 11,
    should-fix 12); beside a lead that arranges a transfer (``handover``, e.g. dimension 1 or 3 rated 4), "until
    handover" (:data:`~iopkit.flags.BENZODIAZEPINE_UNTIL_HANDOVER`, as the COWS lead says it: physician review R3,
    session 11, should-fix 10).

    Examples
    --------
    >>> _benzodiazepine("First: arrange medically managed withdrawal; the patient must not drive").endswith("on site")
    True
    >>> _benzodiazepine("First: arrange transfer now (ED); the patient must not drive", handover=True)[-24:]
    'breathing until handover'
    """
    if handover:
        return BENZODIAZEPINE_UNTIL_HANDOVER
    if _PRESCRIBERS_REVIEW_WAITS in first:  # the suicide evaluation pending (physician review R5, must-fix 3)
        return BENZODIAZEPINE_UNTIL_EVALUATION
    return BENZODIAZEPINE_ON_SITE if _NO_DRIVING.search(first) else BENZODIAZEPINE_WITH_AGONIST


def _complicated_today(rec: Recommendation) -> bool:
    """Whether complicated withdrawal was found on a score of the placement's day (a CIWA-Ar's hallucinations or
    disorientation, item 10 at 2 or more: possible delirium; flag ``complicated_withdrawal``, not a blank item's worst
    case, not an open flag of another score or day) among the recommendation's flags or dimension 1's suggestion's:
    its emergency medical evaluation arranges the transfer to medically managed withdrawal (:data:`~iopkit.placement.
    suggest.TRANSFER_COMPLICATED`; physician review R2, session 11, must-fix 1)."""
    return any(
        f.code == "complicated_withdrawal" and not f.worst_case and not _origin(f.message) and not _only_records(f)
        for f in _flags_found(rec)
    )


_ARRANGE_TRANSFER = "arrange transfer now"
_TRANSFER_BY_EMERGENCY_SERVICES = f"{_ARRANGE_TRANSFER} {BY_EMERGENCY_SERVICES}"


def transfer_by_emergency_services(text: str) -> str:
    """``text`` with its first "arrange transfer now" saying "by emergency services" after it, where complicated
    withdrawal was found today (:func:`_complicated_today`: the headline's first step, the complicated_withdrawal box's
    transfer; physician review R75, item 3a, and R75b Q1/Q2: the headline says it with the box, beside a C-SSRS high or
    dimension 3 rated 4 too); said once.

    Examples
    --------
    >>> said = transfer_by_emergency_services("First: emergency medical evaluation: arrange transfer now (ED); ...")
    >>> said
    'First: emergency medical evaluation: arrange transfer now by emergency services (ED); ...'
    >>> transfer_by_emergency_services(said) == said
    True
    """
    if _TRANSFER_BY_EMERGENCY_SERVICES in text:
        return text
    return text.replace(_ARRANGE_TRANSFER, _TRANSFER_BY_EMERGENCY_SERVICES, 1)


#: A transfer on what a CIWA-Ar re-score (or the history since) finds: a seizure since the last score, hallucinations
#: or disorientation in the branch's condition, no ";" between it and "arrange transfer now", the transport not yet
#: named (physician review R76, ruling 1); ``alongside``, the COWS boxes' destination beside alcohol withdrawal at a
#: CIWA-Ar re-score of 8 or more (R76, ruling 2).
_FINDINGS_CONDITION = r"(?:a seizure since the last score|hallucinations|disorientation \(item 10 at 2 or more\))[^;]*?"
_FINDINGS_TRANSFER = re.compile(
    _FINDINGS_CONDITION + f"{_ARRANGE_TRANSFER}(?! {BY_EMERGENCY_SERVICES})"
    r"(?P<alongside> \(ED, or 3\.7-WM/4-WM\))?"
)
#: That destination, split: the complicating findings (and 15 or more, as alcohol withdrawal alone) by emergency
#: services to the ED or 4-WM; 8-14 alone as before (physician review R76, ruling 2: emergency services for 8-14 alone
#: would over-triage).
FINDINGS_ALONGSIDE = (
    "(a seizure, hallucinations, disorientation or a total of 15 or more: by emergency services, to the ED or 4-WM; "
    "otherwise: ED, or 3.7-WM/4-WM)"
)


#: Such a transfer by emergency services, its destination said, with its refusal straight after it: no one said to stay
#: with the patient while the crew comes (physician review R76c, F3: a severe box's "if still 15 or more, ...").
_FINDINGS_UNSTAFFED = re.compile(
    _FINDINGS_CONDITION + f"{_ARRANGE_TRANSFER} {BY_EMERGENCY_SERVICES}"
    r"(?: to medically managed withdrawal)? \((?:[^()]|\([^()]*\))*\)(?=; if the patient declines transfer)"
)


#: A COWS box's transfer for a complicating condition, its list ending in delirium: the ED or 4-WM, by emergency
#: services for delirium (physician review R76b, ruling B3).
_DELIRIUM_LISTED_TRANSFER = re.compile(
    r"(?P<listed>a complicating condition \([^;]*?, delirium\): arrange transfer now \(ED, or 4-WM)\)"
)
DELIRIUM_LISTED = "; by emergency services if delirium)"


def findings_transfer_by_emergency_services(text: str) -> str:
    """``text`` with each transfer on what a CIWA-Ar re-score (or the history since) finds saying how the patient
    travels (physician review R76): "arrange transfer now by emergency services" where its condition names a seizure
    since the last score, hallucinations or disorientation (ruling 1: the whole branch, a total of 15 or more with
    them, headlines and boxes alike; R75 item 3a's words for the same findings on a score of today); a COWS box's
    transfer beside alcohol withdrawal at a re-score of 8 or more names the transport for those findings and 15 or
    more only (ruling 2, :data:`FINDINGS_ALONGSIDE`); such a transfer whose refusal follows its destination says
    "; staff with the patient until handover" before it (R76c, F3: the patient waits on site for the crew); a COWS
    box's transfer for a complicating condition whose list ends in delirium says "(ED, or 4-WM; by emergency services
    if delirium)" (R76b, ruling B3). ASAM 2020 alcohol withdrawal guideline: seizures and delirium are the
    complications that call for emergency care; a patient can seize on the way.

    Examples
    --------
    >>> said = findings_transfer_by_emergency_services(
    ...     "if a seizure since the last score, hallucinations, disorientation (item 10 at 2 or more) or a total of 15 "
    ...     "or more: arrange transfer now (ED, or 4-WM); staff with the patient until handover"
    ... )
    >>> said[said.index("arrange"):]
    'arrange transfer now by emergency services (ED, or 4-WM); staff with the patient until handover'
    >>> findings_transfer_by_emergency_services(said) == said
    True
    >>> findings_transfer_by_emergency_services("if still 15 or more: arrange transfer now (ED, or 4-WM)")
    'if still 15 or more: arrange transfer now (ED, or 4-WM)'
    >>> print(findings_transfer_by_emergency_services(
    ...     "if still 15 or more, or hallucinations, arrange transfer now (ED, or 4-WM); "
    ...     "if the patient declines transfer"
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    if still 15 or more, or hallucinations, arrange transfer now by emergency services (ED, or 4-WM); staff with the
    patient until handover; if the patient declines transfer
    """

    def said(m: re.Match[str]) -> str:
        if m["alongside"]:
            return f"{m[0].removesuffix(m['alongside'])} {FINDINGS_ALONGSIDE}"
        return f"{m[0]} {BY_EMERGENCY_SERVICES}"

    said_by = _DELIRIUM_LISTED_TRANSFER.sub(
        lambda m: f"{m['listed']}{DELIRIUM_LISTED}", _FINDINGS_TRANSFER.sub(said, text)
    )
    return _FINDINGS_UNSTAFFED.sub(lambda m: f"{m[0]}; {_STAFF_WITH_PATIENT}", said_by)


#: The driving rule said outright as a clause, and the mental-health hold's call not yet followed by it (physician
#: review R75, item 2).
_NO_DRIVING_CLAUSE = "; the patient must not drive"
_HOLD_CALLED = re.compile(re.escape(CALL_FOR_ASSESSMENT) + f"(?!{_NO_DRIVING_CLAUSE})")
#: A driving rule later in a box that already covers the hold's path (physician review R75c, rules 3 and 4): said
#: outright (not "today", "until" or "unless"), or the release "until the medical review finds the patient not
#: delirious or intoxicated" (an outright rule before it would read as cancelling the release).
_DRIVING_COVERED = re.compile(r"the patient must not drive(?! today| until| unless)| until the medical review finds")


def not_driving_after_hold(text: str, headline: bool = False) -> str:
    """``text`` with "; the patient must not drive" straight after each "call emergency services for an emergency
    mental-health assessment (local involuntary-assessment procedure)" that does not say it (physician review R75,
    item 2: a patient at high suicide risk beside a withdrawal transfer, or one who declines or leaves, is told no
    driving rule on every path; the car is a means of self-harm and withdrawal impairs driving), except where a driving
    rule later in the text already covers that path (:data:`_DRIVING_COVERED`, R75c rules 3 and 4). In the headline
    (``headline``), every patient passes through its first step, so the rule is outright for the whole headline and a
    dose's driving clause after it is dropped, wherever the rule after the hold was said (R75c rule 1; R75d Q3: case
    360 said it before); a box keeps its branch's dose clause (R75c rule 2).

    Examples
    --------
    >>> hold = "staff stay with the patient and call emergency services for an emergency mental-health assessment "
    >>> hold += "(local involuntary-assessment procedure)"
    >>> dosed = f"{hold}; if a dose is given: the patient must not drive today"
    >>> not_driving_after_hold(dosed, headline=True).removeprefix(hold)
    '; the patient must not drive'
    >>> not_driving_after_hold(dosed).removeprefix(hold)
    '; the patient must not drive; if a dose is given: the patient must not drive today'
    >>> said = not_driving_after_hold(hold)
    >>> not_driving_after_hold(said) == said
    True
    """
    found = [m.end() for m in _HOLD_CALLED.finditer(text) if not _DRIVING_COVERED.search(text, m.end())]
    for end in reversed(found):
        text = f"{text[:end]}{_NO_DRIVING_CLAUSE}{text[end:]}"
    if headline and (said := text.find(f"{CALL_FOR_ASSESSMENT}{_NO_DRIVING_CLAUSE}")) >= 0:
        # a dose's driving clause after the outright rule, whether said here or before (R75c rule 1; R75d Q3)
        text = text[:said] + dose_driving_dropped(text[said:])
    return text


def dose_driving_dropped(text: str) -> str:
    """``text`` without a dose's driving clause ("; if a dose is given: the patient must not drive today", "; after a
    first dose of buprenorphine or methadone ...", "; if any dose is given ...: ..."), for a text that follows an
    outright "the patient must not drive" every patient is told (physician review R44 Q2, R31 M5: a conditional clause
    after an outright one invites "no dose, so I may drive"; R75c rule 1).

    Examples
    --------
    >>> dose_driving_dropped("x; if a dose is given: the patient must not drive today; y")
    'x; y'
    """
    for clause in (FIRST_DOSE_NO_DRIVING, IF_DOSED_NO_DRIVING, ANY_DOSE_NO_DRIVING, TWO_WITHDRAWALS_NO_DRIVING):
        text = text.replace(f"; {clause}", "")
    return text


def _flags_found(rec: Recommendation) -> tuple[Flag, ...]:
    """The recommendation's flags and its last dimension 1 suggestion's (as :func:`~iopkit.placement.recommend`
    reads them): where a withdrawal sign found beside a rating of 4 is looked for, its step not said."""
    last = [s for s in rec.suggested if s.dimension == 1][-1:]
    return (*rec.flags, *(last[0].flags if last else ()))


def _inattention_today(signs: Iterable[Flag]) -> Flag | None:
    """The CIWA-Ar item 10 at 1 flag of the placement's day among ``signs`` (inattention: possible early delirium, or
    intoxication; a finding, not a blank item's worst case, not an open flag of another score or day), else
    ``None``: before a first dose for a COWS above 36 its screen comes first (:func:`_review_before_dose`,
    :data:`_BEFORE_ANY_DOSE`)."""
    return next(
        (
            g
            for g in signs
            if g.code == "possible_inattention" and not (g.worst_case or _origin(g.message) or _earlier_signs(g))
        ),
        None,
    )


#: What the medical review before the first dose of a COWS above 36 does with what it finds
#: (:func:`_review_before_dose`): delirium, a complicating condition on the COWS flag, the emergency evaluation with
#: its transfer now (as physician review R2, session 11, must-fix 1 arranged for every such evaluation); intoxication,
#: no agonist and no benzodiazepine until it clears and the review is repeated (respiratory depression; FDA Drug Safety
#: Communication 2017, ``fda_bup_benzo2017``); physician review R3, session 11, must-fix 4, the reviewer's words.
_IF_INTOXICATED = f"{INTOXICATED}: no buprenorphine, methadone or benzodiazepine {UNTIL_IT_CLEARS}"
#: The delirium branch says its transfer's refusal branch (:data:`~iopkit.flags.DECLINES_TRANSFER`) unless the lead
#: already says the mental-health one (C-SSRS high risk: it governs, said once): physician review R6, must-fix 6, its
#: words (:func:`_if_delirium_or_intoxicated`); the transfer by emergency services, as every delirium screen's
#: (physician review R76b, ruling A).
_IF_DELIRIUM = (
    "if delirium (a complicating condition on the COWS flag): emergency evaluation: arrange transfer now "
    f"{BY_EMERGENCY_SERVICES} (ED); staff with the patient until handover; "
)


def _if_delirium_or_intoxicated(mental_health: bool) -> str:
    """What the medical review before the first dose of a COWS above 36 does with what it finds
    (:data:`_IF_DELIRIUM`, :data:`_IF_INTOXICATED`), the capacity test for a refused transfer said inside the delirium
    branch unless ``mental_health`` (the lead says the mental-health refusal branch; physician review R6, must-fix 6).

    Examples
    --------
    >>> _if_delirium_or_intoxicated(True).partition("handover; ")[2][:15]
    'if intoxicated '
    >>> _if_delirium_or_intoxicated(False).partition("handover; ")[2][:32]
    'if the patient declines transfer'
    """
    return f"{_IF_DELIRIUM}{'' if mental_health else f'{DECLINES_TRANSFER}; '}{_IF_INTOXICATED}"


def _review_before_dose(signs: list[Flag], mental_health: bool = False) -> list[Flag]:
    """The headline's signs with a COWS above 36 of the placement's day (:func:`_severe_review_now`) and CIWA-Ar item
    10 at 1 of that day (:func:`_inattention_today`: inattention, possible early delirium, or intoxication) said as one
    step, the medical review first, before the first dose: "medical review now, before the first dose: screen for
    delirium (CAM or 4AT) and intoxication (breath alcohol), and consider the other causes of delirium: ...; if
    delirium: emergency evaluation: arrange transfer now (ED); ...; if intoxicated (...): no buprenorphine, methadone or
    benzodiazepine until it clears and the review is repeated; otherwise a prescriber treats withdrawal now, ..." (a
    dose first risks respiratory depression in an intoxicated patient, and delirium is a complicating condition on the
    COWS flag: physician review R2, session 11, must-fix 4, and R3 must-fix 4, the reviewer's words:
    :func:`_if_delirium_or_intoxicated`, with the refusal branch of its transfer unless ``mental_health``, the
    lead saying the mental-health one: R6 must-fix 6; the review's other parts as the item 10 flag says them).
    ``signs`` as they are without both.

    Examples
    --------
    >>> cows = Flag("severe_opioid_withdrawal", "COWS above 36", "critical", "A prescriber treats withdrawal now")
    >>> item = Flag("possible_inattention", "CIWA-Ar item 10 at 1", "warning", "Medical review now: screen")
    >>> [g.action[:47] for g in _review_before_dose([cows, item])]
    ['Medical review now, before the first dose: scre']
    """
    cows = next((g for g in signs if g.code == "severe_opioid_withdrawal" and _severe_review_now(g)), None)
    item = _inattention_today(signs)
    if cows is None or item is None:
        return signs
    causes = ", ".join(c for c in DELIRIUM_CAUSES if c != INTOXICATION)
    review = (
        f"Medical review now, before the first dose: {DELIRIUM_SCREEN} and {INTOXICATION}, and consider the other "
        f"causes of delirium: {causes}; {INATTENTION_RESCORE}; {NO_DRIVING_UNTIL_SCREEN_CLEARS}; "
        f"{_if_delirium_or_intoxicated(mental_health)}; otherwise {cows.action[:1].lower()}{cows.action[1:]}"
    )
    at = min(signs.index(cows), signs.index(item))
    kept = [g for g in signs if g is not cows and g is not item]
    return [*kept[:at], replace(item, action=review), *kept[at:]]


#: The COWS bands of 13-36, whose step is a prescriber's review before the patient leaves that treats withdrawal "as
#: the prescriber decides" (Wesson & Ling 2003: moderate, moderately severe): :func:`_intoxication_hold`.
_COWS_REVIEWED = frozenset({"moderate_opioid_withdrawal", "moderately_severe_opioid_withdrawal"})


def _intoxication_hold(signs: list[Flag]) -> list[Flag]:
    """The headline's signs with CIWA-Ar item 10 at 1 of the placement's day (:func:`_inattention_today`) beside a
    COWS of 13-36 of that day (:data:`_COWS_REVIEWED`, a prescriber's review that can dose) acting on the
    intoxication its medical review considers: after "disorientation (item 10 at 2 or more) is complicated
    withdrawal", "if intoxicated (breath alcohol above zero, or signs of sedative intoxication): no buprenorphine,
    methadone or benzodiazepine until it clears and the review is repeated" (respiratory depression: FDA Drug Safety
    Communication 2017, ``fda_bup_benzo2017``; physician review R4, session 11, must-fix 4, the reviewer's words, as
    R3 must-fix 4 said it above 36: :data:`_IF_INTOXICATED`), in place of the item's own hold, which names the
    benzodiazepine only (:data:`~iopkit.flags.BENZODIAZEPINE_HOLD`, R5 must-fix 2): one hold. ``signs`` as they are
    without both.

    Examples
    --------
    >>> cows = Flag("moderate_opioid_withdrawal", "COWS 13-24", "warning", "Prescriber's review: treat")
    >>> item = Flag("possible_inattention", "CIWA-Ar item 10 at 1", "warning",
    ...             "Medical review now: re-score the CIWA-Ar within 1 hour; disorientation (item 10 at 2 or more) is "
    ...             "complicated withdrawal; the patient must not drive")
    >>> print(_intoxication_hold([item, cows])[0].action)  # doctest: +NORMALIZE_WHITESPACE
    Medical review now: re-score the CIWA-Ar within 1 hour; disorientation (item 10 at 2 or more) is complicated
    withdrawal; if intoxicated (breath alcohol above zero, or signs of sedative intoxication): no buprenorphine,
    methadone or benzodiazepine until it clears and the review is repeated; the patient must not drive
    >>> own = replace(item, action=f"Medical review now: {BENZODIAZEPINE_HOLD}; the patient must not drive")
    >>> print(_intoxication_hold([own, cows])[0].action)  # doctest: +NORMALIZE_WHITESPACE
    Medical review now: if intoxicated (breath alcohol above zero, or signs of sedative intoxication): no
    buprenorphine, methadone or benzodiazepine until it clears and the review is repeated; the patient must not drive
    """
    item = _inattention_today(signs)
    cows = any(
        g.code in _COWS_REVIEWED and not (g.worst_case or _origin(g.message) or _earlier_signs(g)) for g in signs
    )
    if item is None or not cows or _IF_INTOXICATED in item.action:
        return signs
    # the item's own hold (no benzodiazepine, :data:`~iopkit.flags.BENZODIAZEPINE_HOLD`) names the agonists too here
    own = BENZODIAZEPINE_HOLD if BENZODIAZEPINE_HOLD in item.action else INATTENTION_RESCORE
    said = _IF_INTOXICATED if own == BENZODIAZEPINE_HOLD else f"{INATTENTION_RESCORE}; {_IF_INTOXICATED}"
    held = replace(item, action=item.action.replace(own, said, 1))
    return [held if g is item else g for g in signs]


#: A COWS above 36 of the placement's day beside an emergency evaluation for suicide risk: the prescriber treats
#: withdrawal while the patient waits for the evaluation, and a complicating condition goes to the same evaluation
#: (never "only" beside the suicide evaluation, never "before the patient leaves"; physician review R4, session 11,
#: must-fix 3, the reviewer's words): :func:`_while_waiting`.
_WAITS = "treats withdrawal now, while the patient waits for it: "
#: A prescriber's review said beside an emergency evaluation for suicide risk (not a medical one): now, while the
#: patient waits for it, and a benzodiazepine's monitoring until the evaluation or handover, never "before the patient
#: leaves" nor "while the patient is on site".  Physician review R5 (session 11), must-fix 3, its words.
_PRESCRIBERS_REVIEW_LEAVES = f"a prescriber's review {_LEAVES}"
_PRESCRIBERS_REVIEW_WAITS = "a prescriber's review now, while the patient waits for the suicide evaluation"
BENZODIAZEPINE_UNTIL_EVALUATION = f"{BENZODIAZEPINE_MONITORING} until the evaluation or handover"
_WAITS_FOR_EVALUATION = "treats withdrawal now, while the patient waits for the suicide evaluation: "
#: The evaluation for suicide risk's lead, where its steps may dose, saying the patient must not drive outright
#: (physician review R4, session 11, should-fix 5): the driving clause of the steps' path (physician re-review R39,
#: should-fix C10).
_EVALUATION_LEAD_NO_DRIVING = "; the patient must not drive; and "
_BEFORE_FIRST_DOSE = "medical review now, before the first dose: "
_SAME_EVALUATION = "a complicating condition listed on the COWS flag goes to the same emergency evaluation"


def _while_waiting(flag: Flag) -> Flag:
    """A COWS above 36 of the placement's day (:func:`_severe_review_now`) with its step said beside an emergency
    evaluation for suicide risk: "A prescriber treats withdrawal now, while the patient waits for it: ...; re-score the
    COWS after dosing; a complicating condition listed on the COWS flag goes to the same emergency evaluation"
    (:data:`_WAITS`, :data:`_SAME_EVALUATION`; ASAM 2020 OUD guideline; physician review R4, session 11, must-fix 3);
    any other flag as it is.

    Examples
    --------
    >>> f = Flag("severe_opioid_withdrawal", "COWS above 36", "critical",
    ...          "A prescriber treats withdrawal now, before the patient leaves: buprenorphine; re-score the COWS "
    ...          "after dosing; emergency evaluation only for a complicating condition (x, y)")
    >>> print(_while_waiting(f).action)  # doctest: +NORMALIZE_WHITESPACE
    A prescriber treats withdrawal now, while the patient waits for it: buprenorphine; re-score the COWS after dosing;
    a complicating condition listed on the COWS flag goes to the same emergency evaluation
    """
    if flag.code != "severe_opioid_withdrawal" or not _severe_review_now(flag):
        return flag
    action = flag.action.replace(f"treats withdrawal now, {_LEAVES}: ", _WAITS, 1)
    action = _ESCALATION.sub(lambda m: _SAME_EVALUATION if m[1] == _EMERGENCY_ESCALATION else m[0], action)
    return replace(flag, action=action)


#: An old moderate CIWA-Ar's re-score step, as its flag says it (:func:`~iopkit.placement.suggest.signs_of_another_day`:
#: "Re-score the CIWA-Ar now (last 13 on 20 Nov 2026); treat on the current score"), read for
#: :func:`_ciwa_rescore_first`.
_MODERATE_CIWA_RESCORE = re.compile(
    r"^Re-score the (?P<name>CIWA-Ar) now \((?P<last>[^()]*)\); treat on the current score$"
)
#: The branch of an old moderate CIWA-Ar's re-score before a COWS above 36 of today is dosed
#: (:func:`_ciwa_rescore_first`; physician review R13, must-fix M3, its words): a re-score of 8 or more is alcohol
#: withdrawal alongside, a complicating condition the COWS flag lists, and the transfer it calls for follows. Its
#: condition names the re-score it reads, the reason in brackets (physician review R42, item 2, R30b should-fix S2, its
#: words: "At 8 or more, alcohol withdrawal alongside, ..." read as any score of 8).
CIWA_RESCORE_AT_8 = (
    "at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside, a complicating condition on the COWS flag): "
)
_CIWA_RESCORE_TRANSFER = "arrange transfer now (ED, or 3.7-WM/4-WM)"
#: The same transfer beside an emergency evaluation for suicide risk (``{evaluation}`` its name): one setting that
#: can manage both, never the suicide evaluation alone (an on-site or mobile-crisis suicide evaluation does not manage
#: combined withdrawal; physician review R13, must-fix M3, its words).
_ONE_SETTING_TRANSFER = (
    "{evaluation} and emergency medical evaluation in one setting that can manage both: arrange transfer now (ED)"
)
#: The re-score's step said anew (physician review R19, session 16, must-fix N1, the reviewer's words; R18 must-fix M3:
#: "the headline's first step the same" as the box): the re-score's own sentence first, then one screen before any
#: dose (R16 must-fix M2: a screen before every dose; thiamine and blood glucose whatever the re-score, physician
#: review R42, item 2, R30b should-fix S2: a recent drinker gets thiamine before any dose, as the boxes say it; ASAM
#: 2020 alcohol withdrawal guideline), then the branch at 8 or more with its transfer, its refusal (capacity) clause, a
#: first dose only if it does not delay the transfer, the benzodiazepine monitoring (FDA Drug Safety Communication,
#: 20 Sep 2017, ``fda_bup_benzo2017``) and no driving, then the dose otherwise.
CIWA_RESCORE_SENTENCE = "Re-score the {name} now, before any dose ({last}). "
_CIWA_RESCORE_SCREEN = (
    f"Before any dose: screen for intoxication {INTOXICATION_SIGNS}, give thiamine and check blood glucose; if "
    "intoxicated: no dose here. "
)
#: The branch at 8 or more, its first letter capitalised (the sentence it opens): :data:`CIWA_RESCORE_AT_8`.
CIWA_RESCORE_AT_8_SAID = CIWA_RESCORE_AT_8[:1].upper() + CIWA_RESCORE_AT_8[1:]
_CIWA_RESCORE_FIRST_DOSE = "a prescriber gives a first dose before transfer only if it does not delay the transfer"
_CIWA_RESCORE_BRANCH = (
    f"{SEVERE_ALONGSIDE_TRANSFER}; {DECLINES_TRANSFER}; {_CIWA_RESCORE_FIRST_DOSE} (buprenorphine, or methadone as the "
    "COWS flag says; at a CIWA-Ar of 10 or more, medication for alcohol withdrawal, consider at 8-9); "
    f"{BENZODIAZEPINE_UNTIL_HANDOVER}; the patient must not drive. "
)
#: The branch's end beside a same-day suicide risk assessment (a C-SSRS moderate risk, today's or of another day, or
#: today's positive PHQ-9 item 9; ``{that}``: :func:`assessment_handover`): the receiving team told at handover and
#: asked for the assessment, and the assessment before the patient leaves if the patient declines transfer (physician
#: review R20, session 16, must-fix M1, the reviewer's words; Posner et al. 2011, C-SSRS screener triage: the handover
#: is where a screen is lost; Joint Commission NPSG 15.01.01).
CIWA_RESCORE_NO_DRIVING = "the patient must not drive. "
CIWA_RESCORE_HANDOVER = (  # the comma and ", without delaying the transfer": physician review R23a, finding 7
    "the patient must not drive; at handover tell the receiving team {that}, and ask them for a suicide risk "
    "assessment, without delaying the transfer; if the patient declines transfer: a same-day suicide risk assessment "
    "before the patient leaves. "
)
#: The same branch beside an emergency evaluation for suicide risk (``{transfer}``: :data:`_ONE_SETTING_TRANSFER`): no
#: capacity clause (the lead's involuntary path governs) and no second "must not drive" (the lead's; R19 must-fix N1).
_CIWA_RESCORE_BRANCH_EVALUATION = f"{{transfer}}; {_CIWA_RESCORE_FIRST_DOSE}; {BENZODIAZEPINE_UNTIL_HANDOVER}. "
#: A dose's timing beside a C-SSRS high withdrawn by a correction, never closed (R19 must-fix N1, as R18 must-fix M4's
#: box says it).
_LEAVES_REPEATED = f"{_LEAVES} (the C-SSRS screen is repeated as the first step says)"
#: Where the branch at 8 or more ends and the dose otherwise begins (:func:`_past_ciwa_branch`).
_CIWA_RESCORE_OTHERWISE = ". Otherwise "


def _past_ciwa_branch(first: str) -> str:
    """The headline's ``first`` step without an old moderate CIWA-Ar's branch at 8 or more
    (:data:`CIWA_RESCORE_AT_8_SAID`, :func:`_ciwa_rescore_first`), read for what the dose otherwise says already (its
    driving advice, its benzodiazepine note), the branch's transfer words being its own (physician review R19,
    session 16, must-fix N1: "the rest as now"); ``first`` itself without that branch.

    Examples
    --------
    >>> _past_ciwa_branch("a. At a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside, a complicating "
    ...                   "condition on the COWS flag): b; the patient must not drive. Otherwise c")
    'a. Otherwise c'
    >>> _past_ciwa_branch("x; the patient must not drive")
    'x; the patient must not drive'
    """
    at = first.find(CIWA_RESCORE_AT_8_SAID)
    end = first.find(_CIWA_RESCORE_OTHERWISE, at) if at >= 0 else -1
    return first[:at] + first[end + 2 :] if end >= 0 else first


def _ciwa_rescore_first(
    signs: list[Flag], evaluation: str = "", withdrawn: bool = False, handover: str = ""
) -> list[Flag]:
    """The headline's signs with an old moderate CIWA-Ar's re-score (:data:`_MODERATE_CIWA_RESCORE`, its flag not
    re-scored today) said first, before any dose for a COWS above 36 of the placement's day
    (:func:`_severe_review_now`), then one screen before any dose, then its branch, then the dose otherwise
    (physician review R19, session 16, must-fix N1, the reviewer's words; R42 item 2's): "Re-score the CIWA-Ar now,
    before any dose (last 13 on 20 Nov 2026). Before any dose: screen for intoxication (...), give thiamine and check
    blood glucose; if intoxicated: no dose here. At a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside, a
    complicating condition on the COWS flag): arrange transfer now (ED, or 3.7-WM/4-WM); if the patient declines
    transfer: [capacity]; a prescriber gives a first dose before transfer only if it does not delay the transfer
    (...); [benzodiazepine monitoring until handover]; the patient must not drive. Otherwise a prescriber treats
    withdrawal now, before the patient leaves: ...", the COWS flag's step after it, the re-score's own step said by
    it (its action emptied); beside a C-SSRS high withdrawn by a correction (``withdrawn``), "before the patient
    leaves (the C-SSRS screen is repeated as the first step says)". Beside an emergency evaluation for suicide risk
    (``evaluation``, its name; the COWS step already said while the patient waits, :func:`_while_waiting`), both the
    branch and the COWS flag's complicating condition end ":data:`_ONE_SETTING_TRANSFER`", never "goes to the same
    emergency evaluation", the branch with no capacity clause (the lead's involuntary path governs) and a
    benzodiazepine's monitoring until handover, and the dose's until the evaluation or handover. Beside a same-day
    suicide risk assessment (``handover``, what the receiving team is told: "that today's C-SSRS screen was moderate
    risk"), the branch's "the patient must not drive." said as :data:`CIWA_RESCORE_HANDOVER` (physician review R20,
    session 16, must-fix M1). ``signs`` as they are without both flags.

    Why: COWS items (pulse, sweating, restlessness, tremor, anxiety, GI upset) are also alcohol-withdrawal signs
    (Wesson & Ling 2003; Sullivan et al. 1989), so a COWS above 36 days after a moderate CIWA-Ar may be partly alcohol
    withdrawal; alcohol withdrawal alongside is a complicating condition on the COWS flag's own list; a benzodiazepine
    added after buprenorphine or methadone is the combination of the FDA Drug Safety Communication of 20 Sep 2017
    (``fda_bup_benzo2017``); ASAM 2020 alcohol withdrawal guideline: assess severity and co-occurring withdrawal before
    choosing setting and medication. Physician review R13 (session 14), must-fix M3, its words.

    Examples
    --------
    >>> ciwa = Flag("moderate_alcohol_withdrawal", "CIWA-Ar moderate (CIWA-Ar of 20 Nov 2026, not re-scored today)",
    ...             "warning", "Re-score the CIWA-Ar now (last 13 on 20 Nov 2026); treat on the current score")
    >>> cows = Flag("severe_opioid_withdrawal", "COWS above 36 (severe opioid withdrawal)", "critical",
    ...             "A prescriber treats withdrawal now, before the patient leaves: buprenorphine; re-score the COWS "
    ...             "after dosing; emergency evaluation only for a complicating condition (x, y)")
    >>> out = _ciwa_rescore_first([cows, ciwa])
    >>> print(out[0].action)  # doctest: +NORMALIZE_WHITESPACE
    Re-score the CIWA-Ar now, before any dose (last 13 on 20 Nov 2026). Before any dose: screen for intoxication
    (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if
    intoxicated: no dose here. At a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside, a complicating
    condition on the COWS flag): arrange transfer now (ED, or 3.7-WM/4-WM); staff with the patient until handover; if
    the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: transfer
    by emergency services; with capacity: ...); a prescriber gives a first dose before transfer only if it does not
    delay the transfer (buprenorphine, or methadone as the COWS flag says; at a CIWA-Ar of 10 or more, medication for
    alcohol withdrawal,
    consider at 8-9); if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing
    until handover; the patient must not drive. Otherwise a prescriber treats withdrawal now, before the patient leaves:
    buprenorphine; re-score the COWS after dosing; emergency evaluation only for a complicating condition (x, y)
    >>> out[1].action
    ''
    """
    found = [g for g in signs if g.code == "moderate_alcohol_withdrawal" and _rescore_now(g)]
    parsed = [(g, m) for g in found if (m := _MODERATE_CIWA_RESCORE.match(g.action))]
    cows = next((g for g in signs if g.code == "severe_opioid_withdrawal" and _severe_review_now(g)), None)
    if not parsed or cows is None:
        return signs
    ciwa, match = parsed[0]
    action = cows.action
    if evaluation:  # the COWS step while the patient waits (_while_waiting), its complicating condition to one setting
        transfer = _ONE_SETTING_TRANSFER.format(evaluation=evaluation)
        action = action.replace(_WAITS, _WAITS_FOR_EVALUATION, 1)
        said = f"{_COMPLICATING_ONE_SETTING}{transfer}; {BENZODIAZEPINE_UNTIL_EVALUATION}"
        action = action.replace(_SAME_EVALUATION, said, 1)
        branch = _CIWA_RESCORE_BRANCH_EVALUATION.format(transfer=transfer)
    else:
        branch = _CIWA_RESCORE_BRANCH
        if handover:  # R20 M1: the suicide step on the transfer path too
            assert branch.endswith(CIWA_RESCORE_NO_DRIVING)
            branch = branch[: -len(CIWA_RESCORE_NO_DRIVING)] + CIWA_RESCORE_HANDOVER.format(that=handover)
        if withdrawn:  # R19 N1: the screen repeated as the first step says (R18 M4's words)
            action = action.replace(
                f"treats withdrawal now, {_LEAVES}: ", f"treats withdrawal now, {_LEAVES_REPEATED}: ", 1
            )
    # R19 N1: the re-score, one screen before any dose, the branch at 8 or more, the dose otherwise
    step = (
        f"{CIWA_RESCORE_SENTENCE.format(name=match['name'], last=match['last'])}{_CIWA_RESCORE_SCREEN}"
        f"{CIWA_RESCORE_AT_8_SAID}{branch}{_CIWA_RESCORE_OTHERWISE[2:]}{action[:1].lower()}{action[1:]}"
    )
    # the re-score said once, by the COWS flag's step; every flag printing the same re-score (an old item 10 at 1 too)
    # said by it
    return [
        replace(g, action=step) if g is cows else replace(g, action="") if g.action == ciwa.action else g for g in signs
    ]


#: A COWS flag's complicating condition sent to one setting that can manage both beside the suicide evaluation
#: (:data:`_ONE_SETTING_TRANSFER`), as the M3 branch and :func:`_old_cows_one_setting` say it.
_COMPLICATING_ONE_SETTING = "a complicating condition listed on the COWS flag: "
#: The transfers said only on a condition (the M3 branch, a COWS flag's complicating condition): no transfer the lead
#: itself arranges (:func:`_delirium_transfer_said`).
_CONDITIONAL_TRANSFER = re.compile(
    rf"(?:{re.escape(CIWA_RESCORE_AT_8)}|{re.escape(_COMPLICATING_ONE_SETTING)})[^;]*?arrange transfer now"
)


def _old_cows_one_setting(step: str, evaluation: str) -> str:
    """An old COWS above 36's re-score ``step`` said beside an emergency evaluation for suicide risk (``evaluation``,
    its name; :func:`_while_waiting_old`) with its complicating condition sent to one setting that can manage both,
    ":data:`_COMPLICATING_ONE_SETTING`:data:`_ONE_SETTING_TRANSFER`", never "goes to the same emergency evaluation" (an
    on-site or mobile-crisis suicide evaluation does not manage a medical complication of withdrawal; C-SSRS screener
    triage, Posner et al. 2011; ASAM 2020 OUD guideline: a complicating condition calls for a higher level of care;
    physician review R13, case C31 and must-fix M1's words for the same step in its box); any other step as it is.

    Examples
    --------
    >>> step = ("Re-score the COWS now (last 48 on 20 Nov 2026, severe): if still 37 or more, a prescriber treats "
    ...         "withdrawal now, while the patient waits for the suicide evaluation: buprenorphine; re-score the COWS "
    ...         f"after dosing; {_SAME_EVALUATION}; if below 37: treat on the current score")
    >>> print(_old_cows_one_setting(step, "emergency evaluation for suicide risk")[-225:])
    ... # doctest: +NORMALIZE_WHITESPACE
    a complicating condition listed on the COWS flag: emergency evaluation for suicide risk and emergency medical
    evaluation in one setting that can manage both: arrange transfer now (ED); if below 37: treat on the current score
    """
    if _RESCORE_COWS_SEVERE.match(step) is None:
        return step
    said = f"{_COMPLICATING_ONE_SETTING}{_ONE_SETTING_TRANSFER.format(evaluation=evaluation)}"
    return step.replace(_SAME_EVALUATION, said, 1)


def _rescore_at_4(flag: Flag) -> str:
    """A severe CIWA-Ar of another day's re-score (:func:`_severe_alcohol_of_old`) while a rating of 4 leads (its
    transfer to an emergency department is already arranged): "re-score the CIWA-Ar before transfer only if it does
    not delay it (flag of 20 Nov 2026, severe); if still 15 or more (19 or more on ASAM 2020's), the ED evaluates both:
    a prescriber gives a first dose for today's withdrawal before transfer only if it does not delay the transfer and
    the reason for rating 4 allows it; re-assess for seizures or delirium until handover", never a second
    transfer nor 3.7-WM beside the rating's (ASAM Criteria 2013: rating 4, imminent danger, medically managed intensive
    inpatient care; ASAM 2020 alcohol withdrawal guideline, Rec VII.5: treat severe withdrawal at once; Rec II.5:
    re-assess for seizures or delirium; physician review 8); ``""`` for any other flag. A severe band whose score found
    complicated withdrawal too carries that score's one step (:func:`~iopkit.placement.suggest.complicated_rescore`,
    physician review R9, must-fix N1), read for the same parts.

    Examples
    --------
    >>> why = "CIWA-Ar severe (CIWA-Ar of 20 Nov 2026, not resolved, not re-scored today)"
    >>> old = Flag("severe_alcohol_withdrawal", why, "critical",
    ...            "Re-score the CIWA-Ar now (flag of 20 Nov 2026, severe): ask what happened since (a seizure); if "
    ...            "still 15 or more (19 or more on the ASAM 2020 alcohol withdrawal guideline's bands), arrange "
    ...            "transfer now to medically managed withdrawal (ED, or 3.7-WM/4-WM); treat on the current score")
    >>> print(_rescore_at_4(old))  # doctest: +NORMALIZE_WHITESPACE
    re-score the CIWA-Ar before transfer only if it does not delay it (flag of 20 Nov 2026, severe); if still 15 or
    more (19 or more on ASAM 2020's), the ED evaluates both: a prescriber gives a first dose for today's withdrawal
    before transfer only if it does not delay the transfer and the reason for rating 4 allows it; re-assess for
    seizures or delirium until handover
    """
    # its re-score step read for its parts (severe_rescore_step, the step conditional_transfer reads too)
    found = severe_rescore_step(flag.action) if _severe_alcohol_of_old(flag) else None
    # the severe band of a score that found complicated withdrawal too: its flags' one step, read for the same parts
    # (physician review R9, must-fix N1: the box says the complicated branch)
    both = complicated_step(flag.action) if _severe_alcohol_of_old(flag) and found is None else None
    if both is not None:
        found = both
    if found is None:
        return ""
    # another scheme's lowest severe total by its short name ("19 or more on ASAM 2020's"), as severe_band_words says it
    cut = re.sub(r" on the (ASAM \d{4})[^()']*'s bands\)", r" on \1's)", found["cut"])
    last = found["last"].removesuffix(", severe")
    return (
        f"re-score the {found['name']} before transfer only if it does not delay it ({last}, severe); if "
        f"still {cut}, the ED evaluates both: {FIRST_DOSE_AT_4}; {REASSESS_SEIZURES}"
    )


#: An old moderate CIWA-Ar's re-score beside a rating of 4 (its transfer already arranged), as an old COWS above 36's
#: re-score is said there: before transfer only if it does not delay it, at 10 or more the intoxication screen with
#: thiamine and blood glucose before a first dose the rating's reason allows, and the handover (ASAM Criteria 2013:
#: rating 4, imminent danger, transfer first; ASAM 2020 alcohol withdrawal guideline: moderate withdrawal, 10-18, should
#: receive medication; thiamine; physician review R16, session 15, should-fix S2, its words). ``{last}``: the last
#: score and its day ("last 13 on 20 Nov 2026"), its bracket's last words "; no dose here without today's re-score"
#: as an old COWS's (:data:`_COWS_NO_DOSE_UNRESCORED`; physician review R49, M1's twin: the last score is not
#: today's, so no dose on it). Its box beside a rating of 4 says the same, capitalised
#: (:data:`~iopkit.placement.boxes.BESIDE_WORDS`).
MODERATE_CIWA_RESCORE_AT_4 = (
    f"re-score the CIWA-Ar before transfer only if it does not delay it ({{last}}{_COWS_NO_DOSE_UNRESCORED}); at 10 or "
    f"more, {_INTOXICATION_ALCOHOL}a prescriber gives a first dose before transfer only if it does not delay the "
    "transfer and the reason for rating 4 allows it; at handover give the receiving team the last score and any dose "
    "with its time"
)


def _moderate_rescore_at_4(flag: Flag) -> str:
    """An old moderate CIWA-Ar's re-score (:data:`_MODERATE_CIWA_RESCORE`, not a record only) in its rating-4 form
    (:data:`MODERATE_CIWA_RESCORE_AT_4`), else ``""``. Physician review R16 (session 15), should-fix S2.

    Examples
    --------
    >>> old = Flag("moderate_alcohol_withdrawal", "CIWA-Ar moderate", "warning",
    ...            "Re-score the CIWA-Ar now (last 13 on 20 Nov 2026); treat on the current score")
    >>> print(_moderate_rescore_at_4(old))  # doctest: +NORMALIZE_WHITESPACE
    re-score the CIWA-Ar before transfer only if it does not delay it (last 13 on 20 Nov 2026; no dose here without
    today's re-score); at 10 or more, before any dose: screen for intoxication (breath alcohol above zero, or signs of
    sedative intoxication), give thiamine and check blood glucose; if intoxicated: no dose here; otherwise a
    prescriber gives a first dose before transfer only if it does not delay the transfer and the reason for rating 4
    allows it; at handover give the receiving team the last score and any dose with its time
    """
    found = _MODERATE_CIWA_RESCORE.match(flag.action)
    if found is None or _only_records(flag):
        return ""
    return MODERATE_CIWA_RESCORE_AT_4.format(last=found["last"])


def _complicated_of_old(rec: Recommendation) -> str:
    """The emergency medical evaluation's step for complicated withdrawal of another day (CIWA-Ar hallucinations or
    item 10 at 2 or more on an earlier day, not re-scored today, :func:`_earlier_signs`), in the words of its flags'
    own step (:func:`~iopkit.placement.suggest.complicated_rescore`, one text for the chart box and the headline):
    "emergency medical evaluation now: re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 26 on 20 Nov
    2026, severe, disoriented): ask what happened since (...); if delirium, a seizure since the last score,
    hallucinations (...), disorientation (item 10 at 2 or more) or a total of 15 or more: arrange transfer now (ED, or
    4-WM); staff with the patient until handover; if the patient declines transfer: ...; the patient must not drive
    unless the re-score and the screens find none of these, the patient is not intoxicated, and no benzodiazepine is
    given today (beside an opioid withdrawal step: no dose of a benzodiazepine, buprenorphine or methadone); before
    any dose: screen for intoxication (...); ...;
    otherwise treat on the current score", the
    parenthesis naming each sign its flags name (one flag may name both); ``""`` where no such flag
    stands. Physician review R7, must-fix 4; R8, must-fix 1 and 2; R9 (session 13), must-fix N1, N2, should-fix N7.
    """
    old = [(f, m) for f in rec.flags if f.code == "complicated_withdrawal" and (m := complicated_step(f.action))]
    old = [(f, m) for f, m in old if _earlier_signs(f)]
    if not old:
        return ""
    found = old[0][1]
    named = complicated_named(f.message for f, _ in old)
    step = complicated_rescore(found["name"], found["last"], named, found["cut"])
    return step[:1].lower() + step[1:]


#: A severe CIWA-Ar of another day's conditional transfer as its flag says it (:data:`~iopkit.placement.suggest.
#: SEVERE_OR_SEIZURE_STEP`'s start, with the capacity test): :func:`_while_waiting_old`.
_OLD_SEVERE_TRANSFER = (
    SEVERE_OR_SEIZURE_STEP["severe_alcohol_withdrawal"].split(f"; {DECLINES_TRANSFER}; ")[0].replace("A", "a", 1)
    + f"; {DECLINES_TRANSFER}; "
)


def _while_waiting_old(step: str, evaluation: str) -> str:
    """A severe band of another day's re-score ``step`` said beside an emergency evaluation for suicide risk of today
    (``evaluation``, its name): a CIWA-Ar's conditional transfer in the combined form, "if still 15 or more, or a
    seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or more), emergency evaluation for
    suicide risk and emergency medical evaluation in one setting that can manage both: arrange transfer now (ED); ...",
    no capacity test and no 3.7-WM inside a suicide emergency
    (the C-SSRS triage is not subject to capacity; the mental-health branch governs, said once), the driving clause said
    by the lead; a COWS's treatment "now, while the patient waits for the suicide evaluation", its complicating
    condition to the same emergency evaluation, never "before the patient leaves" (C-SSRS screener triage, Posner et al.
    2011; ASAM 2020 OUD and alcohol withdrawal guidelines). Any other step as it is. Physician review R7, must-fix 1 and
    3 (a), their words.

    Examples
    --------
    >>> step = ("Re-score the COWS now (last 46 on 20 Nov 2026, severe): if still 37 or more, a prescriber treats "
    ...         "withdrawal now, before the patient leaves: buprenorphine; re-score the COWS after dosing; emergency "
    ...         "evaluation only for a complicating condition (x, y); if below 37: treat on the current score")
    >>> print(_while_waiting_old(step, "emergency evaluation for suicide risk"))  # doctest: +NORMALIZE_WHITESPACE
    Re-score the COWS now (last 46 on 20 Nov 2026, severe): if still 37 or more, a prescriber treats withdrawal now,
    while the patient waits for the suicide evaluation: buprenorphine; re-score the COWS after dosing; a complicating
    condition listed on the COWS flag goes to the same emergency evaluation; if below 37: treat on the current score
    """
    if not re.match(r"Re-score the (CIWA-Ar|COWS) now \([^()]*, severe\)", step):
        return step
    if _OLD_SEVERE_TRANSFER in step:
        combined = f"{evaluation} and emergency medical evaluation in one setting that can manage both: "
        step = step.replace(_OLD_SEVERE_TRANSFER, f"{combined}arrange transfer now (ED); ", 1)
        return step.replace(_NO_DRIVING_CLAUSE, "", 1)
    if f"treats withdrawal now, {_LEAVES}: " in step:
        step = step.replace(f"treats withdrawal now, {_LEAVES}: ", _WAITS_FOR_EVALUATION, 1)
        return _ESCALATION.sub(lambda m: _SAME_EVALUATION if m[1] == _EMERGENCY_ESCALATION else m[0], step)
    return step


#: A COWS above 36 of another day's re-score step ("Re-score the COWS now (last 46 on 20 Nov 2026, severe): if still
#: 37 or more, a prescriber treats withdrawal now, ..."), read for :func:`_cows_rescore_at_4`.
_RESCORE_COWS_SEVERE = re.compile(
    r"^Re-score the (?P<name>COWS) now \((?P<last>[^()]*), severe\): if still (?P<cut>[^,;]+), a prescriber treats "
)


def _cows_rescore_at_4(flag: Flag) -> str:
    """A COWS above 36 of another day's re-score (:func:`_severe_rescore`) beside dimension 3 rated 4 (its transfer to
    an emergency department already arranged): "re-score the COWS before transfer only if it does not delay it (last
    46 on 20 Nov 2026, severe); if still 37 or more, a prescriber gives buprenorphine for today's withdrawal before
    transfer only if it does not delay the transfer and the reason for rating 4 allows it", the rating-4 form of the
    old CIWA-Ar's (:func:`_rescore_at_4`), never "before the patient leaves" (ASAM Criteria 2013: rating 4, imminent
    danger; ASAM 2020 OUD guideline); ``""`` for any other flag. Physician review R7, must-fix 3 (b), its words.

    Examples
    --------
    >>> old = Flag("severe_opioid_withdrawal", "COWS above 36 (COWS of 20 Nov 2026, not re-scored today)", "critical",
    ...            "Re-score the COWS now (last 46 on 20 Nov 2026, severe): if still 37 or more, a prescriber treats "
    ...            "withdrawal now, before the patient leaves: buprenorphine; if below 37: treat on the current score")
    >>> print(_cows_rescore_at_4(old))  # doctest: +NORMALIZE_WHITESPACE
    re-score the COWS before transfer only if it does not delay it (last 46 on 20 Nov 2026, severe); if still 37 or
    more, a prescriber gives buprenorphine for today's withdrawal before transfer only if it does not delay the
    transfer and the reason for rating 4 allows it
    """
    found = _RESCORE_COWS_SEVERE.match(flag.action) if _severe_rescore(flag) else None
    if found is None:
        return ""
    return (
        f"re-score the {found['name']} before transfer only if it does not delay it ({found['last']}, severe); if "
        f"still {found['cut']}, {TREAT_SEVERE_AT_4}"
    )


def _with_old_cows_at_4(rec: Recommendation, rescores: str) -> str:
    """The rating-4 re-scores ``rescores`` (an old severe CIWA-Ar's, :func:`_rescore_at_4`) with an old COWS above 36's
    in its rating-4 form after them (:func:`_cows_rescore_at_4`: "re-score the COWS before transfer only if it does not
    delay it (last 48 on 20 Nov 2026, severe); if still 37 or more, a prescriber gives buprenorphine ..."), for a lead
    where dimension 1 or 2 is rated 4: the same step dimension 3 rated 4 carries, never a headline silent on the old
    COWS (ASAM Criteria 2013: rating 4, imminent danger, the patient leaves only by transfer; ASAM 2020 OUD guideline:
    treat opioid withdrawal on the current score; physician review R13, should-fix S8, its words). The screen before
    its dose is said by the caller, as for every rating-4 dose (:func:`_intoxication_screened`).

    Examples
    --------
    >>> import datetime as dt, iopkit
    >>> from iopkit.placement import recommend, suggest_dimensions
    >>> cows = iopkit.score("cows", [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 5])
    >>> s = suggest_dimensions([cows], scored_on={"cows": dt.date(2026, 11, 20)}, today=dt.date(2026, 12, 2))
    >>> r = recommend({1: 4, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=s)
    >>> print(_with_old_cows_at_4(replace(r, flags=r.raised), ""))  # the flags as raised, as the headline reads them
    ... # doctest: +NORMALIZE_WHITESPACE
    re-score the COWS before transfer only if it does not delay it (last 48 on 20 Nov 2026, severe); if still 37 or
    more, a prescriber gives buprenorphine for today's withdrawal before transfer only if it does not delay the
    transfer and the reason for rating 4 allows it
    """
    cows = (w for f in rec.flags if (w := _cows_rescore_at_4(f)))
    return "; ".join(dict.fromkeys(w for w in (rescores, *cows) if w))


#: A COWS of 13 or more of the placement's day treated beside an old complicated or severe CIWA-Ar's conditional
#: transfer (:func:`_old_ciwa_transfer`: its re-score decides the transfer): the intoxication screen before any dose,
#: the dose timed by the transfer, co-occurring alcohol withdrawal (the old CIWA-Ar, not re-scored today) the COWS
#: flag's complicating condition, and a benzodiazepine's monitoring with no driving (:func:`_beside_old_transfer`;
#: Wesson & Ling 2003: COWS signs are not opioid-specific, inflated by alcohol withdrawal; ASAM 2020 OUD guideline;
#: FDA Drug Safety Communication 2017, ``fda_bup_benzo2017``; ASAM 2020 alcohol withdrawal guideline, Rec IV.22).
#: Physician review R9 (session 13), should-fix S1, its words.
_AFTER_RESCORE = f"After the re-score and the screen, {_INTOXICATION_ALCOHOL}"
#: The same beside an old severe CIWA-Ar's lead, which has no delirium screen (only the complicated lead screens for
#: delirium): "After the re-score, before any dose: ..." (physician review R10, session 13, must-fix 2b (i), its words).
_AFTER_RESCORE_ONLY = _AFTER_RESCORE.replace("After the re-score and the screen, ", "After the re-score, ", 1)
_AFTER_RESCORES = (_AFTER_RESCORE, _AFTER_RESCORE_ONLY)
_IF_TRANSFERRED_DOSE = (
    "(if transferred: a first dose before transfer only if it does not delay the transfer; if not: before the patient "
    "leaves)"
)
BENZODIAZEPINE_IF_TRANSFERRED = (
    f"{BENZODIAZEPINE_ON_SITE} (if transferred: until handover), and the patient must not drive"
)
#: How every dose beside a rating of 4 ends (:data:`~iopkit.placement.suggest.FIRST_DOSE_AT_4`, :data:`~iopkit.
#: placement.suggest.TREAT_SEVERE_AT_4`, :data:`~iopkit.placement.suggest.TREAT_BOTH_AT_4`): where a benzodiazepine
#: may be given with buprenorphine or methadone, its monitoring follows (physician review R9, session 13, should-fix
#: N5): :func:`_agonist_beside_alcohol`.
_RATING_4_ALLOWS = "and the reason for rating 4 allows it"
#: A step that re-scores an old CIWA-Ar or COWS and may dose on the re-score (physician review R30a, S5): "re-score the
#: CIWA-Ar now", "... and screen for delirium", "re-score the COWS before transfer only if ...", never a re-score after
#: a dose ("within 1 hour", "after dosing").
_DOSING_RESCORE = re.compile(r"\bre-score the (?P<name>CIWA-Ar|COWS) (?:now|and screen|before transfer)\b")
#: Where a re-score's dose ends: "treat on the current score" (with its timing before a transfer), or a dose beside a
#: rating of 4 (:data:`_RATING_4_ALLOWS`).
_RESCORE_DOSE_END = re.compile(
    rf"{re.escape(_ON_THE_CURRENT_SCORE)}(?:{re.escape(_BEFORE_TRANSFER_ONLY)})?|{re.escape(_RATING_4_ALLOWS)}"
)


def _old_ciwa_transfer(flags: Iterable[Flag]) -> Flag | None:
    """The CIWA-Ar flag of another day, not re-scored today, whose re-score now decides a transfer: complicated
    withdrawal (:func:`_complicated_of_old`) or a severe band (:func:`_severe_alcohol_of_old`), the first among
    ``flags``; else ``None``. One rule for both conditional transfers (physician review R8, session 12, must-fix 3;
    R9, session 13, must-fix N3 and should-fix S1)."""
    return next((f for f in flags if _complicated_of_another_day(f) or _severe_alcohol_of_old(f)), None)


def _complicated_of_another_day(flag: Flag) -> bool:
    """Whether a flag is complicated withdrawal (CIWA-Ar hallucinations, or item 10 at 2 or more) of another day, not
    re-scored today (:func:`_earlier_signs`, not a record only: :func:`_only_records`), whatever words its box says
    its step in (the headline says it: :func:`_complicated_of_old`)."""
    return flag.code == "complicated_withdrawal" and _earlier_signs(flag) and not _only_records(flag)


def _beside_old_transfer(flag: Flag, screened: bool = True) -> Flag:
    """A COWS flag of 13 or more of the placement's day (a prescriber's review at 13-36, a prescriber's treatment
    above 36, :func:`_step_today`) with its step as said beside an old CIWA-Ar's conditional transfer
    (:func:`_old_ciwa_transfer`, the CIWA-Ar of another day, not re-scored today): after the
    re-score and the screen, the intoxication screen before any dose (:data:`_AFTER_RESCORE`; beside an old severe
    lead, ``screened`` false, no delirium screen to name: :data:`_AFTER_RESCORE_ONLY`), the dose "(if transferred: a
    first dose before transfer only if it does not delay the transfer; if not: before the patient leaves)",
    co-occurring alcohol withdrawal the complicating condition at 13-36 at a CIWA-Ar re-score of 8 or more (physician
    review R27, M2: :data:`AT_RESCORE_ALONGSIDE`'s words, the headline's), above 36 alcohol
    withdrawal alongside named among the complicating conditions sent to the same transfer (:data:`_SAME_TRANSFER`),
    then :data:`BENZODIAZEPINE_IF_TRANSFERRED`'s monitoring and :data:`~iopkit.flags.ANY_DOSE_NO_DRIVING` (physician
    review R9, session 13, should-fix S1, its words; R25b: any dose, not the benzodiazepine alone, no driving; R10,
    must-fix 2b (i) and (ii)); the complicating conditions said in full, as the box says them (at 13-36
    :data:`_ANOTHER_COMPLICATING`, above 36 :data:`_SAME_TRANSFER_BOX`; R11 must-fix N8), the headline cutting them
    (:data:`HEADLINE_CUTS`); any other flag as it is.

    Examples
    --------
    >>> cows = Flag("moderate_opioid_withdrawal", "COWS 13-24 (moderate withdrawal)", "warning",
    ...             "Prescriber's review before the patient leaves: treat withdrawal as the prescriber decides; "
    ...             "arrange medically managed withdrawal or a higher level of care only for a complicating "
    ...             "condition (x, y)")
    >>> print(_beside_old_transfer(cows).action)
    ... # doctest: +NORMALIZE_WHITESPACE
    After the re-score and the screen, before any dose: screen for intoxication (breath alcohol above zero, or signs
    of sedative intoxication), give thiamine and check blood glucose; if intoxicated: no dose here; otherwise a
    prescriber's review (if transferred: a first dose before transfer only if it does not delay the transfer; if not:
    before the patient leaves): treat withdrawal as the prescriber decides; at a CIWA-Ar re-score of 8 or more (alcohol
    withdrawal alongside), or another complicating condition (medical or psychiatric instability, benzodiazepine
    withdrawal, pregnancy): arrange medically managed withdrawal or a higher level of care; if a benzodiazepine is
    given with buprenorphine or methadone: monitor sedation and breathing while the patient is on site (if transferred:
    until handover); if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive
    today
    """
    if flag.code not in _COWS_TREATED or flag.worst_case or _earlier_signs(flag):
        return flag
    review, treats = f"{PRESCRIBER_REVIEW}: ", f"A prescriber treats withdrawal now, {_LEAVES}: "
    after = _AFTER_RESCORE if screened else _AFTER_RESCORE_ONLY
    if flag.action.startswith(_BOX_BEFORE_DOSE):  # its box says the clause already (cows_boxes_as_headline)
        opening = after[: after.index(_BOX_BEFORE_DOSE.lower())]  # "After the re-score[ and the screen], "
        return replace(flag, action=f"{opening}{_BOX_BEFORE_DOSE.lower()}{flag.action.removeprefix(_BOX_BEFORE_DOSE)}")
    if flag.action.startswith(review):
        action = f"{after}a prescriber's review {_IF_TRANSFERRED_DOSE}: {flag.action.removeprefix(review)}"
    elif flag.action.startswith(treats):
        action = f"{after}a prescriber treats withdrawal {_IF_TRANSFERRED_DOSE}: "
        action += flag.action.removeprefix(treats)
    else:
        return flag

    def said(m: re.Match[str]) -> str:
        # the box's words, in full; the headline cuts them (HEADLINE_CUTS; R11 must-fix N8 (ii), (iii))
        # after the old CIWA-Ar's re-score, the escalation as that re-score decides it, the headline's words
        # (physician review R27, M2: the box and the headline agree)
        called = _SAME_TRANSFER_BOX if m[1] == _EMERGENCY_ESCALATION else _AT_RESCORE_BOX
        # physician review R25b (driving): a dose of any kind, not the benzodiazepine alone, keeps the patient from
        # driving today, in the going-home branch too
        return f"{called}; {_BENZODIAZEPINE_IF_TRANSFERRED_ONLY}; {ANY_DOSE_NO_DRIVING}"

    return replace(flag, action=_ESCALATION.sub(said, action, count=1))


#: S1's intoxication screen before any dose (:data:`_AFTER_RESCORE` after "before any dose: "): "screen for
#: intoxication (...), give thiamine and check blood glucose; if intoxicated: no dose here; otherwise ".
_INTOXICATION_SCREEN = _AFTER_RESCORE.split("before any dose: ", 1)[1]
#: A COWS step's start while the patient waits for the suicide evaluation (:data:`_PRESCRIBERS_REVIEW_WAITS` at
#: 13-36; a prescriber's treatment above 36, :data:`_WAITS` or :data:`_WAITS_FOR_EVALUATION`).
_COWS_WAITS = re.compile(
    rf"{re.escape(_PRESCRIBERS_REVIEW_WAITS)}: |a prescriber (?:{re.escape(_WAITS)}|{re.escape(_WAITS_FOR_EVALUATION)})"
)


#: Where a COWS step's clause ends in the headline: its escalation (:data:`_ESCALATION`), or beside the suicide
#: evaluation :data:`_SAME_EVALUATION` (physician review R10, should-fix 2d (b): the note after it).
_COWS_CLAUSE_END = re.compile(f"{_ESCALATION.pattern}|{re.escape(_SAME_EVALUATION)}")


def _screened_while_waiting(steps: str) -> str:
    """The headline's steps beside a C-SSRS high risk and an old severe CIWA-Ar's combined transfer
    (:func:`_while_waiting_old`) with today's COWS step of 13 or more behind S1's intoxication screen
    (:data:`_INTOXICATION_SCREEN`) and, after its escalation, :data:`BENZODIAZEPINE_UNTIL_EVALUATION`, never "while
    the patient is on site", which would let a patient at high suicide risk leave (FDA Drug Safety Communication, 20
    Sep 2017, ``fda_bup_benzo2017``; ASAM 2020 alcohol withdrawal guideline, Rec IV.22; Joint Commission NPSG
    15.01.01; physician review R10, session 13, should-fix 2d (a); R11 must-fix 2d (a), its words; R5 must-fix 3);
    ``steps`` as they are without such a COWS step.

    Examples
    --------
    >>> s = _screened_while_waiting(
    ...     "a prescriber's review now, while the patient waits for the suicide evaluation: treat withdrawal; arrange "
    ...     "medically managed withdrawal or a higher level of care only for a complicating condition (x, y)"
    ... )
    >>> print(s)  # doctest: +NORMALIZE_WHITESPACE
    screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check
    blood glucose; if intoxicated: no dose here; otherwise a prescriber's review now, while the patient waits for the
    suicide evaluation: treat withdrawal; arrange medically managed withdrawal or a higher level of care only for a
    complicating condition (x, y); if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and
    breathing until the evaluation or handover
    """
    found = _COWS_WAITS.search(steps)
    if found is None or BENZODIAZEPINE_MONITORING in steps:
        return steps
    rest = steps[found.start() :]
    clause = _ESCALATION.search(rest) or re.search(re.escape(_SAME_EVALUATION), rest)
    if clause is None:
        return steps
    rest = f"{rest[: clause.end()]}; {BENZODIAZEPINE_UNTIL_EVALUATION}{rest[clause.end() :]}"
    return f"{steps[: found.start()]}{_INTOXICATION_SCREEN}{rest}"


#: The buprenorphine induction threshold's note (:mod:`iopkit.instruments.cows`) and its words where the headline
#: screens before any dose (physician review R10, session 13, should-fix 2d (d), its words).
_FIRST_DOSE_NOW = "the first dose may be given now"
FIRST_DOSE_AFTER_SCREEN = "the first dose may be given once the first step's screen before any dose allows it"
_SCREENS_FIRST = "before any dose:"


def threshold_after_screen(rec: Recommendation) -> Recommendation:
    """``rec`` with the buprenorphine induction threshold's box saying :data:`FIRST_DOSE_AFTER_SCREEN` for "the first
    dose may be given now" wherever its headline screens "before any dose:" (intoxication, delirium or inattention
    first), so the box never gives a dose the first step holds back (buprenorphine label: alcohol and other CNS
    depressants, respiratory depression; FDA Drug Safety Communication, 20 Sep 2017; physician review R10, session 13,
    should-fix 2d (d), its words); ``rec`` itself otherwise. The note is informational: the headline never reads it,
    so the headline is the same either way."""
    noted = [f for f in rec.flags if f.code == "buprenorphine_induction_threshold" and _FIRST_DOSE_NOW in f.action]
    # (a screen opening its own sentence too: physician review R19, must-fix N1's "Before any dose: ...")
    if not noted or _SCREENS_FIRST not in rec.headline.replace(_SCREENS_FIRST.capitalize(), _SCREENS_FIRST):
        return rec
    said = {f: replace(f, action=f.action.replace(_FIRST_DOSE_NOW, FIRST_DOSE_AFTER_SCREEN, 1)) for f in noted}
    return replace(rec, flags=tuple(said.get(f, f) for f in rec.flags))


#: A COWS box said as the headline's S1 clause (:func:`cows_boxes_as_headline`): its start.
_BOX_BEFORE_DOSE = "Before any dose: "


def cows_boxes_as_headline(rec: Recommendation) -> Recommendation:
    """``rec`` with each COWS flag of 13 or more of the placement's day that its headline says beside an old
    complicated or severe CIWA-Ar's conditional transfer (:func:`_beside_old_transfer`) saying, in its box and in
    dimension 1's rating-below box, the headline's clause word for word from "before any dose:" to "the patient must
    not drive" (capitalised in its own box), never "before the patient leaves" beside the transfer (buprenorphine
    label: CNS depressants; FDA Drug Safety Communication, 20 Sep 2017; physician review R10, session 13, should-fix
    2d (d), its words), before the headline's cuts (:data:`HEADLINE_CUTS`): the box says the methadone conditions of
    the 72-hour rule and the complicating conditions in full where the headline points to the COWS flag (21 CFR
    1306.07(b); 42 CFR 8.12; ASAM 2020 OUD guideline; physician review R11, session 13, must-fix N8). The headline
    reads such a box back (:func:`_beside_old_transfer`) and makes its cuts, so it is the same either way; ``rec``
    itself where no such clause stands."""
    first = _headline_steps(rec)[0]  # the headline's words before its cuts (HEADLINE_CUTS), as the box says them
    said: dict[Flag, str] = {}
    for f in rec.flags:
        if f.code not in _COWS_TREATED or f.worst_case or _earlier_signs(f) or not f.action:
            continue
        for after in _AFTER_RESCORES:
            lead = _lower_first(after)
            start = first.find(lead)
            end = first.find("the patient must not drive", start) if start >= 0 else -1
            if end >= 0:
                end += len("the patient must not drive")
                end += len(" today") * first.startswith(" today", end)  # R25b: any dose's "... must not drive today"
                clause = first[start + lead.index(_BOX_BEFORE_DOSE.lower()) : end]
                said[f] = clause[:1].upper() + clause[1:]
                break
    return _cows_boxes_said(rec, said, capitalised=False)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _cows_boxes_said(rec: Recommendation, said: Mapping[Flag, str], capitalised: bool = True) -> Recommendation:
    """``rec`` with each COWS flag of ``said`` saying its new step, and dimension 1's rating-below box, which carries
    each COWS box's step after its own (lower-cased at its start), saying it there too (:func:`cows_boxes_as_headline`;
    beside a C-SSRS high, a transfer now or a rating of 4 every box is said by one rule,
    :func:`~iopkit.placement.boxes.boxes_beside_emergency`); with ``capitalised``, the step as the box says it is
    replaced there as well.
    ``rec`` itself when ``said`` is empty."""
    if not said:
        return rec
    by_action = {f.action: new for f, new in said.items()}

    def told(g: Flag) -> Flag:
        if g.code in _COWS_TREATED:
            return replace(g, action=said[g]) if g in said else g
        if g.code != "rated_below_suggestion_d1":
            return g
        action = g.action
        for old, new in by_action.items():
            if capitalised:
                action = action.replace(old, new, 1)
            action = action.replace(_lower_first(old), _lower_first(new), 1)
        return replace(g, action=action)

    return replace(rec, flags=tuple(map(told, rec.flags)))


def _agonist_beside_alcohol(rec: Recommendation, *, old_cows: bool = False) -> bool:
    """Whether a COWS of 13 or more of the placement's day (:data:`_COWS_TREATED`, as :func:`_alcohol_alongside` reads
    today) stands beside alcohol withdrawal of any day (a CIWA-Ar in a band iopkit treats, or complicated withdrawal;
    not a blank item's worst case, not an old flag whose instrument was scored again today): a benzodiazepine may then
    be given with buprenorphine or methadone, and a dose beside a rating of 4 says its monitoring until handover (FDA
    Drug Safety Communication 2017, ``fda_bup_benzo2017``; ASAM 2020 alcohol withdrawal guideline, Rec IV.22;
    physician review R9, session 13, should-fix N5).

    ``old_cows``: a COWS of 13 or more of another day counts too, for a dose beside a rating of 4 ("a prescriber gives
    a first dose for today's withdrawal before transfer only if it does not delay the transfer and the reason for
    rating 4 allows it", or the old COWS's "if still 37 or more, a prescriber gives buprenorphine ..."): that dose may
    give buprenorphine beside a benzodiazepine whichever day the COWS was scored (physician review R38, M1: cases 241,
    334, 754, 394, 603, 649 and 760, a CIWA-Ar of 8 or more today beside a COWS of 13 or more of 20 Nov 2026, said no
    monitoring; 337, 491 and 687 did)."""
    found = [f for f in _flags_found(rec) if not f.worst_case and not _only_records(f)]
    opioid = any(f.code in _COWS_TREATED and (old_cows or not _origin(f.message)) for f in found)
    return opioid and any(f.code in _CIWA_TREATED or f.code == "complicated_withdrawal" for f in found)


#: An old COWS re-scored now, on site (its step says the monitoring after its own dose: :func:`_old_agonist_monitored`).
_COWS_RESCORED_NOW = "re-score the COWS now"


#: A first dose given before a transfer, in the two phrasings a first step may say it without the sedation watch
#: (:func:`_first_dose_before_transfer_monitored`).
_FIRST_DOSES_BEFORE_TRANSFER = (
    "otherwise a prescriber gives a first dose before transfer if it does not delay the transfer",
    f"otherwise {_RESCORE_FIRST_DOSE}",
)


def _first_dose_before_transfer_monitored(rec: Recommendation, text: str) -> str:
    """The headline ``text`` whose first sentence gives a first dose before transfer
    (:data:`_FIRST_DOSES_BEFORE_TRANSFER`) where a benzodiazepine may be given with buprenorphine or methadone (a COWS
    of 13 or more of any day beside alcohol withdrawal a prescriber treats, :func:`_agonist_beside_alcohol` with
    ``old_cows``) and the sentence says no sedation watch, with :data:`~iopkit.flags.BENZODIAZEPINE_UNTIL_HANDOVER`
    right after that dose's clause; ``text`` itself otherwise. Physician review R46, Q2, the physician's words (cases
    109, 167, 286, 674, 716, 778: "After 'otherwise a prescriber gives a first dose before transfer if it does not
    delay the transfer;' type ' if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and
    breathing until handover;'"; 318, 560: before the reasons' " ("; FDA Drug Safety Communication, 20 Sep 2017). The
    same words reach the 20 headlines of the 800 with the same gap whose COWS box said the watch already (11, 72, 154,
    ...: R18 S9's rule, reported to the lead with R46).

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> _first_dose_before_transfer_monitored(recommend({1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}), "First: x; y. Then z.")
    'First: x; y. Then z.'
    """
    from .steps import first_sentence

    first = first_sentence(text)
    dose = next((d for d in _FIRST_DOSES_BEFORE_TRANSFER if d in first), None)
    if dose is None or BENZODIAZEPINE_MONITORING in first or not _agonist_beside_alcohol(rec, old_cows=True):
        return text
    said = first.replace(dose, f"{dose}; {BENZODIAZEPINE_UNTIL_HANDOVER}", 1)
    return said + text[len(first) :]


def _old_agonist_monitored(first: str) -> str:
    """``first`` (a headline's first step beside a rating of 4 whose dose may give a benzodiazepine with buprenorphine
    beside a COWS of 13 or more of another day, :func:`_agonist_beside_alcohol` with ``old_cows``) saying "if a
    benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover" right after
    the rating-4 dose, after the old COWS's buprenorphine clause (:data:`~iopkit.placement.suggest.TREAT_SEVERE_AT_4`)
    when there is one; ``first`` itself where it says the monitoring already, or re-scores both an old CIWA-Ar and an
    old COWS (:func:`_benzodiazepine_monitored` says it there, after the later re-score's dose: cases 240 and 337), or
    re-scores the old COWS now (its step says its own monitoring after its dose: case 635).
    Physician review R38, M1, the physician's words: "Add right after that clause (after the buprenorphine clause when
    there is one): '; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing
    until handover'" (cases 241, 334, 754, 394, 603, 649, 760; FDA Drug Safety Communication, 20 Sep 2017,
    ``fda_bup_benzo2017``).

    Examples
    --------
    >>> print(_old_agonist_monitored(f"First: x; otherwise a prescriber gives a first dose {_RATING_4_ALLOWS}; "
    ...       f"re-score the COWS before transfer (last 48); if still 37 or more, {TREAT_SEVERE_AT_4} (y)"))
    ... # doctest: +NORMALIZE_WHITESPACE
    First: x; otherwise a prescriber gives a first dose and the reason for rating 4 allows it; re-score the COWS
    before transfer (last 48); if still 37 or more, a prescriber gives buprenorphine for today's withdrawal before
    transfer only if it does not delay the transfer and the reason for rating 4 allows it; if a benzodiazepine is given
    with buprenorphine or methadone: monitor sedation and breathing until handover (y)
    >>> print(_old_agonist_monitored(f"First: x; a prescriber gives a first dose {_RATING_4_ALLOWS}; z"))
    ... # doctest: +NORMALIZE_WHITESPACE
    First: x; a prescriber gives a first dose and the reason for rating 4 allows it; if a benzodiazepine is given with
    buprenorphine or methadone: monitor sedation and breathing until handover; z
    """
    rescored = {m["name"] for m in _DOSING_RESCORE.finditer(first)}
    if BENZODIAZEPINE_MONITORING in first or len(rescored) == 2 or _COWS_RESCORED_NOW in first:
        return first
    dose = TREAT_SEVERE_AT_4 if TREAT_SEVERE_AT_4 in first else _RATING_4_ALLOWS
    return first.replace(dose, f"{dose}; {BENZODIAZEPINE_UNTIL_HANDOVER}", 1)


def _moot_mitigation(step: str) -> bool:
    """True for the medical review of a home mitigation in a 24-hour setting, moot when an emergency evaluation for
    suicide risk leads: the evaluation decides withdrawal management (physician review 7, S5)."""
    return step.startswith("Medical review before withdrawal management") and step.endswith(IN_24H_SETTING)


@functools.lru_cache(maxsize=512)  # the headline (each state) and the COWS boxes read the same steps
def _headline_steps(rec: Recommendation) -> tuple[str, str]:
    """The headline's steps and plan without the steps that only record what was done about an old flag
    (:func:`_without_records`, said by :func:`_headline`), and the rating clause those records alone stood behind."""
    from .continued_stay import calls_for  # a flag saved before its rule changed reads with today's call
    from .resolution import SCREENED_AT_HANDOVER, SCREENED_IF_TRANSFERRED, WITH_SAFETY_PLANNING, WITHDRAWN_THEN

    psychiatric, medical, screening, review = _dangers(rec)
    review, rated = _without_records(review)
    lead = _withdrawn_leads(rec)  # the chart's step for a withdrawn C-SSRS high risk, never closed
    if not (psychiatric or medical or screening or review or lead):
        return _plan(rec), rated
    if not (psychiatric or medical or screening or review):  # it leads alone: the repeated screen decides
        return f"First: {lead}. {WITHDRAWN_THEN}: {_plan(rec, after=True)}.", rated
    # what an unaccounted withdrawal sign calls for, in its own words (its next step), e.g. "assess withdrawal
    # risk today (ask when and how much the last drink was; ...)"; an emergency medical evaluation already covers it
    # (in a 24-hour plan already without the home mitigation: _dangers)
    in_24h = is_24_hour_plan(rec.level, rec.withdrawal_management)
    # the withdrawal-risk assessment beside other steps: a sentence of its own after the first ("Also before deciding
    # the setting: ..."), so no first sentence runs on (physician re-review); alone, it leads as any step does
    risk_only = [r for r in review if r.signs and all(g.code == _RISK_STEP_CODE for g in r.signs)]
    first_review = [r for r in review if r not in risk_only]
    if not (first_review or screening or psychiatric or medical):
        risk_only, first_review = [], review
    also = _also_before_setting(risk_only)
    # the most urgent first (_most_urgent_first: now, then the other reviews in their order, then a record only)
    signs = _most_urgent_first((g for r in first_review for g in r.signs), lambda g: (g,))
    # "ask item 10 now" said once: a blank question's step asks it first, no later step again (_asked_once)
    asked = {_blank_item(g) for g in signs if g.worst_case}
    signs = [_asked_once(g, asked) for g in signs]
    # a COWS above 36 beside a CIWA-Ar of today a prescriber treats (alcohol withdrawal alongside): the COWS flag's
    # emergency evaluation leads with its transfer (_severe_with_alcohol; physician review R2, session 11, must-fix 1)
    alongside = _alcohol_alongside(rec)
    escalates = _EMERGENCY_ESCALATION in _escalated(rec, "; ".join(g.action for g in signs))
    cows_emergency = not (psychiatric or medical) and escalates
    # beside an emergency evaluation for suicide risk (dimension 3 not rated 4, whose own transfer leads): one
    # evaluation for both, with the transfer, never two emergencies without one (physician review R3, session 11,
    # must-fix 2)
    d3_4 = bool(psychiatric) and rec.dimensions.get(3) == 4
    suicide_and_cows = bool(psychiatric) and not medical and not d3_4 and escalates
    # CIWA-Ar item 10 at 1 of the day: its screen before any dose in the COWS lead (R3 must-fix 3)
    before_dose = _inattention_today(signs) is not None
    # an old complicated or severe CIWA-Ar whose re-score decides a transfer, no rating of 4 or suicide emergency
    # arranging one already (physician review R9, session 13, must-fix N3, should-fix S1)
    rated_4_now = bool(medical) and 4 in (rec.dimensions.get(1), rec.dimensions.get(2))
    old_ciwa = None if psychiatric or rated_4_now else _old_ciwa_transfer(rec.flags)
    # its lead screens for delirium only where complicated withdrawal of another day stands (R10 must-fix 2b (i))
    old_screened = any(map(_complicated_of_another_day, rec.flags))
    if cows_emergency or suicide_and_cows:  # the transfer decides the setting: no withdrawal-risk assessment before
        also = ""  # it (R2 must-fix 1)
    elif not d3_4:  # beside CIWA-Ar item 10 at 1, the medical review before the first dose (R2 must-fix 4); beside
        # a rating of 4 its transfer leads, never "a prescriber treats ... now"; beside an emergency evaluation for
        # suicide risk a COWS above 36 is treated while the patient waits for it (R4 must-fix 3); beside a COWS of
        # 13-36, the review withholds the agonists and benzodiazepines while intoxicated (R4 must-fix 4)
        if psychiatric and not medical:
            signs = list(map(_while_waiting, signs))
        signs = _intoxication_hold(_review_before_dose(signs, mental_health=bool(psychiatric)))
        # a COWS of 13 or more of today beside an old complicated or severe CIWA-Ar's conditional transfer: its screen
        # before any dose, the dose timed by the transfer (physician review R9, session 13, should-fix S1)
        if old_ciwa is not None:
            signs = [_beside_old_transfer(g, old_screened) for g in signs]
        # an old moderate CIWA-Ar's re-score before a COWS above 36 of today is dosed, no rating of 4 arranging a
        # transfer already: the re-score first, its branch deciding the setting (physician review R13, must-fix M3)
        elif not medical:
            withdrawn = any(f.code == "suicide_risk_high" and f.withdrawn is not None for f in rec.flags)
            # beside a same-day suicide risk assessment, its handover on the transfer path (R20 M1)
            told_screen = assessment_handover(rec)
            signs = _ciwa_rescore_first(
                signs, d3_evaluation(rec.flags) if psychiatric else "", withdrawn, told_screen[0] if told_screen else ""
            )
    steps = [a for a in dict.fromkeys(g.action for g in signs) if a]
    assess = _and_steps(steps) or "a prescriber's or nurse's review today"  # "a prescriber's review ..."
    # (a COWS step said beside an old CIWA-Ar's conditional transfer right after it: R9 should-fix S1)
    now = [a for a in dict.fromkeys(g.action for g in signs if _now(g) or g.action.startswith(_AFTER_RESCORES)) if a]
    later = [a for a in steps if a not in now]
    blank_only = bool(screening) and all(
        f.worst_case for f in rec.flags if calls_for(f) is CallsFor.RISK_ASSESSMENT and f.severity is not Severity.INFO
    )
    # a medical review now comes before a same-day suicide risk assessment, the other reviews after it (_review_now)
    now_first = bool(screening) and _review_now(review) and not (psychiatric or medical)
    # a withdrawn C-SSRS high flag's repeated screen after a step due now of a score taken today, the patient on site:
    # a same-day suicide risk assessment is said with it, one step, "... repeat the C-SSRS screen (...) and a same-day
    # suicide risk assessment (...)" (physician review R1, session 11, should-fix 7)
    on_site = _review_now_today(review) if lead else []
    # (not where an emergency evaluation of a COWS flag leads: it follows that, below)
    with_screen = bool(on_site) and now_first and not blank_only
    with_screen = with_screen and _EMERGENCY_ESCALATION not in _escalated(rec, "; ".join(steps))
    # what an emergency medical evaluation is, where a severe band of today says (CIWA-Ar: transfer to medically
    # managed withdrawal, ASAM 2020 alcohol withdrawal guideline, Rec VII.5, VII.8)
    transfer = "; ".join(dict.fromkeys(w for f in rec.flags if (w := _severe_emergency(f))))
    banded = bool(transfer)  # a severe CIWA-Ar of today: its band named with its scheme (below)
    # dimension 1 or 2 rated 4 (imminent danger): the rating's transfer now, no driving, whatever else is found; a
    # rating of 4 in dimension 1 rules out 3.7-WM as the target, so a severe CIWA-Ar beside it reads the rating's
    # transfer (ED, or 4-WM), and its plan the rating's (physician review; ASAM Criteria 2013)
    d1_4, d2_4 = rec.dimensions.get(1) == 4, rec.dimensions.get(2) == 4
    at_4 = bool(medical) and (d1_4 or d2_4)
    # dimension 3 rated 4 (imminent psychiatric danger, d3_4 above): the transfer to an emergency department now, staff
    # with the patient until handover, no driving (emergency_d3, its box's words); a withdrawal sign of today a
    # prescriber treats gets the rated-4 dose, never the ambulatory treatment (physician review 7)
    if at_4:  # a rating of 4 in dimension 1 or 2: the rating's transfer, never 3.7-WM (ASAM Criteria 2013)
        transfer = ""
    # the dose beside a rating of 4: only if it does not delay the transfer and the reason for the rating allows it
    # (it may be why a dose is unsafe outside a hospital), buprenorphine only for a COWS above 36 (the 72-hour rule
    # covers arranging a referral, not a transfer), both withdrawals named beside a CIWA-Ar of today a prescriber
    # treats, none with no withdrawal sign of today; a severe CIWA-Ar keeps its re-assessment for seizures or
    # delirium (physician review; ASAM 2020 alcohol withdrawal guideline, Rec VII.5; ASAM 2020 OUD guideline)
    rated_4 = at_4 and not transfer or d3_4  # a dose only as a rating of 4 allows it
    prescribed = _prescriber_steps(rec, ()) if rated_4 else []
    dosed = [r.why for r in prescribed]
    # a dosed finding a rating-below clause among the reasons already names ("CIWA-Ar in the moderate withdrawal band:
    # dimension 1 rated 0, below the 2 it calls for") is named once, in that clause (physician review R5, session 11,
    # should-fix 9: X1 named "CIWA-Ar in the moderate withdrawal band" twice)
    named_below = {_finding(g) for r in first_review for g in r.signs}
    dosed_reasons = [w for w in dosed if w not in named_below]
    severe_now = any(_severe_review_now(f) for f in rec.flags)
    alcohol = banded or any(g.code == "moderate_alcohol_withdrawal" for r in prescribed for g in r.signs)
    dose = (
        (
            (TREAT_BOTH_AT_4 if alcohol else TREAT_SEVERE_AT_4)
            if severe_now
            else FIRST_DOSE_AT_4
            if dosed or banded
            else ""
        )
        + (f"; {REASSESS_SEIZURES}" if banded else "")
        if rated_4
        else f"{FIRST_DOSE_SEVERE}; {REASSESS_SEIZURES}"
        if banded
        else ""
    )
    # CIWA-Ar item 10 at 1 of the day beside a rating of 4 and its dose: the screen before any dose, the item's re-score
    # after it, never its medical review after the dose (staff with the patient until handover said once: the
    # suicide-risk leads say it; physician review R4, session 11, must-fix 2 and should-fix 7)
    inattentive = _inattention_today(_flags_found(rec)) is not None
    # complicated withdrawal of today (item 10 at 2 or more: disorientation, possible delirium) beside a severe band or
    # a rating of 4: never weaker than alone, "(ED, or 4-WM); staff with the patient until handover", any dose behind
    # the same screen (physician review R6, session 11, must-fix 2, its rule)
    # beside a rating of 4, complicated withdrawal of another day too: the screen before any dose, staff with the
    # patient until handover (physician review R9, session 13, must-fix N4, its words)
    old_complicated_at_4 = rated_4 and any(map(_complicated_of_another_day, rec.flags))
    disoriented = bool(medical) and (_complicated_today(rec) or old_complicated_at_4)
    # a lead whose staff are with the patient until handover: the suicide-risk leads, and complicated withdrawal's
    staffed = bool(psychiatric) or disoriented
    screened = inattentive or disoriented  # the screen before any dose (R6 must-fix 1, 2)
    gated = bool(rated_4 and dose) and screened
    if gated:
        dose = f"{_before_any_dose(staffed=staffed)}{dose}" + (f"; {INATTENTION_RESCORE}" if inattentive else "")
    # the same screen before the first dose a severe CIWA-Ar's own transfer gives, where CIWA-Ar item 10 at 1 is found
    # the same day (inattention may be delirium or intoxication: physician review R3, session 11, must-fix 3, as for
    # the COWS lead; R5's engineers found the severe CIWA-Ar lead without it), in the medical lead (its transfer) and in
    # the lead for suicide risk and a medical emergency (its dose: physician review R6, session 11, must-fix 1), and
    # where complicated withdrawal is found (R6 must-fix 2)
    if banded and not rated_4 and screened:
        screen = _before_any_dose(staffed=staffed)
        transfer = transfer.replace(FIRST_DOSE_SEVERE, f"{screen}{FIRST_DOSE_SEVERE}", 1)
        dose = dose.replace(FIRST_DOSE_SEVERE, f"{screen}{FIRST_DOSE_SEVERE}", 1)
    if disoriented:
        transfer = _with_staff(transfer)
    # a severe CIWA-Ar's first dose before transfer beside a COWS above 36 of today: the opioid withdrawal's drugs named
    # and a benzodiazepine given with them monitored until handover, as the moderate and rated-4 forms say (FDA Drug
    # Safety Communication 2017, fda_bup_benzo2017; physician review R6, should-fix 5, its words)
    if banded and not rated_4 and severe_now:
        both = f"{FIRST_DOSE_SEVERE} (for the opioid withdrawal: {_AGONISTS_SAID}); {BENZODIAZEPINE_UNTIL_HANDOVER}"
        transfer, dose = (t.replace(FIRST_DOSE_SEVERE, both, 1) for t in (transfer, dose))
    # complicated withdrawal found today, no other transfer named: its emergency medical evaluation arranges the
    # transfer to medically managed withdrawal (physician review R2, session 11, must-fix 1)
    complicated = bool(medical) and not psychiatric and not transfer and not at_4 and _complicated_today(rec)
    if complicated:
        transfer = TRANSFER_COMPLICATED if lead else _declines_transfer(TRANSFER_COMPLICATED)
        # as a severe band's complicated withdrawal says it (C05): the delirium and intoxication screen, the first dose
        # before transfer, seizures and delirium re-assessed until handover (ASAM 2020 alcohol withdrawal guideline:
        # 10-18 should receive medication; hallucinations are complicated withdrawal; physician review R16, session
        # 15, the ruling on the case table's C06, its words)
        transfer = (
            f"{transfer.removesuffix(_NO_DRIVING_CLAUSE)}; {_before_any_dose(staffed=True)}{FIRST_DOSE_SEVERE}"
            f"{_NO_DRIVING_CLAUSE}; {REASSESS_SEIZURES}"
        )
        if severe_now:  # beside a COWS above 36 of today, as the severe band says it (R6 should-fix 5, above)
            both = f"{FIRST_DOSE_SEVERE} (for the opioid withdrawal: {_AGONISTS_SAID}); {BENZODIAZEPINE_UNTIL_HANDOVER}"
            transfer = transfer.replace(FIRST_DOSE_SEVERE, both, 1)
    # a severe CIWA-Ar of another day beside a rating of 4: its re-score before transfer, the ED evaluating both, never
    # a second transfer (physician review 8; dimension 3 rated 4 says it among its other steps, below)
    # an old moderate CIWA-Ar's re-score beside a rating of 4 too (physician review R16, session 15, should-fix S2)
    at_4_rescore = "; ".join(
        dict.fromkeys(w for f in rec.flags if (w := _rescore_at_4(f) or _moderate_rescore_at_4(f)))
    )
    # an old COWS above 36 beside dimension 1 or 2 rated 4: the re-score step dimension 3 rated 4 says (physician
    # review R13, should-fix S8)
    at_4_rescore = _with_old_cows_at_4(rec, at_4_rescore) if at_4 else at_4_rescore
    # its dose behind the screen where complicated withdrawal of another day stands and no dose said before has it
    # (physician review R9, session 13, must-fix N4)
    if old_complicated_at_4 and not gated:
        at_4_rescore = at_4_rescore.replace(FIRST_DOSE_AT_4, f"{_before_any_dose(staffed=staffed)}{FIRST_DOSE_AT_4}", 1)
    # beside a rating of 4, a first dose for today's withdrawal that no screen guards: the intoxication screen before it
    # (physician review R11, session 13, should-fix 3 (c), its words)
    dose, at_4_rescore = _intoxication_screened(dose, alcohol), _intoxication_screened(at_4_rescore)
    if psychiatric and medical:
        # imminent psychiatric and medical danger: both evaluations in one setting, the transfer to an emergency
        # department now, staff with the patient until handover, no driving (Joint Commission NPSG 15.01.01; ASAM
        # Criteria 2013; iopkit's own wording, physician review)
        # dimension 3 rated 4 with no suicide-risk finding: the emergency psychiatric evaluation (physician review R5,
        # session 11, should-fix 10)
        # beside a finding calling for a risk assessment only: "including suicide risk" (R6 should-fix 2)
        evaluation = d3_evaluation(rec.flags)
        evaluation += "," if evaluation == PSYCHIATRIC_INCLUDING_SUICIDE else ""
        first = (
            f"First: {evaluation} and emergency medical evaluation in one setting that can manage both: arrange "
            "transfer now (ED); safety precautions, staff with the patient, until handover; the patient must not drive"
        ) + (f"; {dose}" if dose else "")
        first += f"; {at_4_rescore}" if at_4_rescore and (d3_4 or at_4) else ""
        medical = medical + [w for w in dosed_reasons if w not in medical]
    elif d3_4:
        # the steps a prescriber would take before the patient leaves are the dose before the transfer (above);
        # any other step (a re-score now, a medical review) still said after it
        treated = {g.code for r in prescribed for g in r.signs}
        # a severe band of another day's re-score in the rating-4 form, said once whichever of its flags (band, item
        # 10 at 1, buprenorphine threshold) prints it (physician review R7, must-fix 2 and 3 (b))
        at_4_forms = {
            g.action: w
            for g in rec.flags
            if (w := _rescore_at_4(g) or _cows_rescore_at_4(g) or _moderate_rescore_at_4(g))
        }
        kept = (
            at_4_forms.get(g.action) or g.action
            for g in signs
            if g.code not in treated and not _severe_review_now(g) and not (gated and _inattention_today([g]))
        )
        rest = [a for a in dict.fromkeys(kept) if a and not _moot_mitigation(a)]
        # the emergency psychiatric evaluation, or for suicide risk where a suicide-risk finding stands beside it
        # (physician review R5, session 11, should-fix 10)
        first = f"First: {emergency_d3(rec.flags)}" + (f"; {dose}" if dose else "")
        # its re-score's dose behind the intoxication screen, as the rating-4 dose above (R11 should-fix 3 (c))
        first += f"; {_intoxication_screened(_steps(rest))}" if rest else ""
    elif suicide_and_cows:  # one evaluation, for both, with its transfer (R3 must-fix 2; must-fix 3 before any dose)
        first = f"First: {_severe_with_alcohol(alongside, suicide=True, before_dose=before_dose)}"
    elif psychiatric:
        # staff with the patient until it is done, and what staff do if the patient declines it or tries to leave
        # (C-SSRS screener triage: do not leave the patient alone; physician review R6, must-fix 4, its words)
        first = f"{_EVALUATION_ON_SITE}; {DECLINES_EVALUATION_OR_LEAVES}"
        # the evaluation decides withdrawal management: no medical review of a moot home mitigation (physician
        # review 7, S5)
        steps = [a for a in steps if not _moot_mitigation(a)]
        # a severe band of another day's re-score: in the suicide emergency's own terms (R7 must-fix 1, 3 (a))
        rescored = [_while_waiting_old(a, d3_evaluation(rec.flags)) for a in steps]
        combined_rescore = any(_OLD_SEVERE_TRANSFER in a for a in steps)
        steps = rescored
        # an old COWS above 36's complicating condition: one setting for both, unless a combined lead names one already
        # (physician review R13, C31; R10 must-fix 2b (ii) keeps "the same emergency evaluation" beside that lead)
        if not combined_rescore:
            steps = [_old_cows_one_setting(a, d3_evaluation(rec.flags)) for a in steps]
        if first_review and steps:
            # a no-driving clause the steps would say (until the medical review clears, or beside a benzodiazepine):
            # said outright, first, with the evaluation pending (physician review R4, session 11, should-fix 5)
            # (alcohol withdrawal of another day too: physician review R10, should-fix 2d (b))
            benzodiazepine = (bool(alongside) or _agonist_beside_alcohol(rec)) and "buprenorphine" in _and_steps(steps)
            # a COWS above 36 treated now beside the evaluation: no driving too (physician review R5, should-fix 5)
            treated_now = any(_WAITS in a for a in steps)
            no_driving = any(NO_DRIVING_UNTIL_SCREEN_CLEARS in a for a in steps)
            if benzodiazepine or treated_now or no_driving or combined_rescore:
                first += _EVALUATION_LEAD_NO_DRIVING
            else:
                first += "; and "
            # the prescriber's review and the benzodiazepine's monitoring while the patient waits for the evaluation,
            # never "before the patient leaves" (physician review R5, session 11, must-fix 3, its words)
            joined = _and_steps(steps)
            # after the review before the first dose, "it" could read as the review: the evaluation named (physician
            # review R5, session 11, should-fix 4, its words)
            if _BEFORE_FIRST_DOSE in joined:
                joined = joined.replace(_WAITS, _WAITS_FOR_EVALUATION, 1)
            joined = joined.replace(f"{_PRESCRIBERS_REVIEW_LEAVES}: ", f"{_PRESCRIBERS_REVIEW_WAITS}: ")
            # beside an old severe CIWA-Ar's combined transfer: today's COWS step behind S1's intoxication screen, a
            # benzodiazepine with it monitored (physician review R10, session 13, should-fix 2d (a))
            if combined_rescore:
                joined = _screened_while_waiting(joined)
            first += joined.replace(f" and {_LEAVES}", " and at the end of the visit")
    elif medical or cows_emergency:
        # complicated withdrawal of another day alone: its re-score and screen now, the transfer if either finds it
        # (physician review R7, must-fix 4); a COWS of 13 or more of today with its own step after it
        old_complicated = "" if transfer or at_4 else _complicated_of_old(rec)
        first = (
            f"First: {old_complicated}"
            if old_complicated
            else "First: emergency medical evaluation"
            if medical
            else f"First: {_severe_with_alcohol(alongside, before_dose=before_dose)}"
        )
        first += f": {transfer}" if transfer else ""
        cows = [_step_today(f) for f in rec.flags if f.code in _COWS_TREATED and not _only_records(f)]
        if old_ciwa is not None:  # its screen before any dose, the dose timed by the transfer (R9 should-fix S1)
            cows = [_beside_old_transfer(f, old_screened) for f in cows]
        if old_complicated and cows:
            first += f"; {_and_steps(dict.fromkeys(f.action for f in cows))}"
            reasons = set(medical) | {r.why for r in first_review}
            medical = medical + [w for w in dict.fromkeys(f.message for f in cows) if w not in reasons]
        # dimension 1 rated 4 (or 2, not 1): the transfer now, no driving; beside a withdrawal sign of today a
        # prescriber treats, the sign named with its dose (above)
        if at_4 and not transfer:
            # staff with the patient until handover, and the receiving team told why (physician review R16, session
            # 15, the ruling on C22, C23, C30): _at_4_handover
            at_4_transfer = _at_4_handover(rec, TRANSFER_AT_4 if d1_4 else TRANSFER_ED)
            first += f": {at_4_transfer}" + (f"; {dose}" if dose else "")
            first = first.replace(_SCREEN_STAFFED, f"no dose here {_DELIRIUM_TO_ED}")  # staff said once
            first += f"; {at_4_rescore}" if at_4_rescore else ""
        # possible withdrawal delirium earlier today: no driving to the evaluation either (physician review 8; ASAM 2020
        # alcohol withdrawal guideline, Rec VI.7: delirium is a medical emergency)
        elif not transfer and _delirium_today(rec) and not cows_emergency:
            first += "; the patient must not drive"
        # CIWA-Ar item 10 at 1 listed among the reasons, its step not said: no driving until its screen clears
        # (physician check of review 9), unless "the patient must not drive" is already said (R3 should-fix 11)
        if not _NO_DRIVING.search(first) and _inattentive(rec):
            first += f"; {NO_DRIVING_UNTIL_SCREEN_CLEARS}"
        medical = medical + [w for w in dosed_reasons if w not in medical]
        # a finding calling for a same-day suicide risk assessment beside a medical emergency: the receiving team told
        # at handover, never an assessment that delays the transfer; beside a withdrawn C-SSRS flag, said in its
        # handover step (below; physician review R2, session 11, must-fix 2)
        if screening and not lead:
            planned = WITH_SAFETY_PLANNING if _safety_planned(rec) else ""  # must-fix 6 (R3)
            # a conditional transfer (an old complicated CIWA-Ar's re-score decides it): the assessment before the
            # patient leaves, the handover only if transferred (physician review R8, session 12, must-fix 3)
            told = SCREENED_IF_TRANSFERRED if old_complicated and not transfer and not at_4 else SCREENED_AT_HANDOVER
            first += f"; {told.format(screened=_screened_told(rec), planned=planned)}"
    elif with_screen:  # the same-day suicide risk assessment said with the repeated screen (below)
        first = f"First: {assess}"
    elif now_first:
        first = "First: " + (_steps(now) or "a prescriber's (medical) review now")
        if blank_only:  # what follows the answer is its own step: the other reviews do not wait for it
            first += (
                "; then ask the blank suicide-risk question, and if it is endorsed a same-day suicide risk assessment "
                "before the patient leaves"
            )
            # beside an old CIWA-Ar's conditional transfer, a blank PHQ-9 item 9 told at handover if transferred
            # (physician review R10, session 13, should-fix 2d (c)): "that today's PHQ-9 item 9 was not asked", its
            # request named as a positive item 9's (physician review R32, should-fixes S7 and S8: it read "that PHQ-9
            # item 9 was not asked; do not delay ...", undated, nothing asked of the receiving team)
            if old_ciwa is not None and _blank_phq9_only(rec):
                first += f" {if_transferred_told(rec)}"
            first += f"; {_and_steps(later)}" if later else ""
        # a conditional transfer: the handover only if transferred (R9 must-fix N3); today's CIWA-Ar item 10 at 1's
        # "if delirium: ... arrange transfer now" too (physician review R21, session 19, must-fix M2)
        elif old_ciwa is not None or IF_DELIRIUM_TRANSFER in first:
            planned = WITH_SAFETY_PLANNING if _safety_planned(rec) else ""
            first += f"; {SCREENED_IF_TRANSFERRED.format(screened=_screened_told(rec), planned=planned)}"
            first += f", and {_and_steps(later, scoped=True)}" if later else ""
        else:  # "before the patient leaves" said once, for the assessment and the reviews after it
            first += "; then, before the patient leaves, a same-day suicide risk assessment"
            first += f", and {_and_steps(later, scoped=True)}" if later else ""
    elif blank_only:  # only a blank safety question: ask it first; a review is a step of its own, not conditional
        first = (
            "First: ask the blank suicide-risk question now, and if it is endorsed a same-day suicide risk "
            "assessment before the patient leaves"
        ) + (f"; {_and_steps(steps) or assess}" if first_review else "")
    elif (
        screening and first_review
    ):  # "before the patient leaves" said once, for the assessment and the reviews after it
        first = (
            "First: before the patient leaves, a same-day suicide risk assessment, and "
            f"{_and_steps(steps, scoped=True) or assess}"
        )
    elif screening:
        # a finding that calls for safety planning with it (C-SSRS screener moderate risk): the first step names it
        # (C-SSRS screener triage; Stanley & Brown 2012, safety planning intervention; physician review R16, session
        # 15, the ruling on the case table's C16, its words)
        planning = " and safety planning" if _safety_planned(rec) else ""
        first = f"First: a same-day suicide risk assessment{planning} before the patient leaves"
    else:
        first = f"First: {assess}"
    # a COWS of 13 or more beside a CIWA-Ar of today a prescriber treats: the COWS flag's escalation is called for,
    # by alcohol withdrawal alongside (physician review 8): the evaluation, or the review, decides the setting
    escalated = _escalated(rec, first)
    first = _alongside(first, alongside)
    first = _delirium_transfer_said(first, mental_health=bool(psychiatric))
    # "the patient must not drive" said outright: no weaker "... until the medical review finds ..." after it (a
    # CIWA-Ar item 10 at 1 step beside a transfer; physician review R3, session 11, should-fix 11)
    if _NO_DRIVING.search(first):
        first = first.replace(f"; {NO_DRIVING_UNTIL_SCREEN_CLEARS}", "")
    # buprenorphine now beside alcohol withdrawal treated with medication: a benzodiazepine with it is not withheld,
    # but monitored (FDA Drug Safety Communication 2017, fda_bup_benzo2017; physician check of review 9; R2 should-fix
    # 12: methadone too, and no driving; the COWS lead says its own, until handover); beside a lead that arranges a
    # transfer, until handover (R3 should-fix 10)
    handover = bool(psychiatric and medical or d3_4 or medical and (transfer or at_4))
    # a first dose of today's withdrawal beside dimension 3 rated 4 covers the opioid withdrawal too (physician review
    # R5, session 11, should-fix 8: as K1 and X1 say it)
    opioid_dose = "buprenorphine" in first or bool(d3_4 and gated and "today's withdrawal" in first)
    # (R19 N1: an old moderate CIWA-Ar's branch at 8 or more says its own; the dose otherwise read alone)
    dose_otherwise = _past_ciwa_branch(first)
    said = BENZODIAZEPINE_MONITORING in dose_otherwise  # said by the severe CIWA-Ar's first dose (R6 S5)
    if alongside and opioid_dose and not (cows_emergency or suicide_and_cows or said):
        first += f"; {_benzodiazepine(dose_otherwise, handover)}"
    # a dose beside a rating of 4 where a benzodiazepine may be given with buprenorphine or methadone (alcohol
    # withdrawal of any day, a COWS of 13 or more today) and the note is not said yet: monitored until handover, said
    # after the dose (physician review R9, session 13, should-fix N5, its words)
    elif rated_4 and not said and _RATING_4_ALLOWS in first and _agonist_beside_alcohol(rec):
        first = first.replace(_RATING_4_ALLOWS, f"{_RATING_4_ALLOWS}; {BENZODIAZEPINE_UNTIL_HANDOVER}", 1)
    # the same beside a COWS of 13 or more of another day, where no other step says the monitoring
    # (:func:`_old_agonist_monitored`; physician review R38, M1)
    elif rated_4 and not said and _RATING_4_ALLOWS in first and _agonist_beside_alcohol(rec, old_cows=True):
        first = _old_agonist_monitored(first)
    # a COWS step of today beside alcohol withdrawal of another day with no transfer (an old moderate CIWA-Ar, no
    # rating of 4, no emergency): today's words after the COWS clause (FDA Drug Safety Communication, 20 Sep 2017;
    # ASAM 2020 alcohol withdrawal guideline, Rec IV.22; physician review R10, session 13, should-fix 2d (b))
    elif not (rated_4 or medical or said) and _agonist_beside_alcohol(rec):
        # beside the suicide evaluation, today's words there: until the evaluation or handover (R5 must-fix 3)
        note = BENZODIAZEPINE_UNTIL_EVALUATION if psychiatric else _benzodiazepine(dose_otherwise)
        first = _COWS_CLAUSE_END.sub(lambda m: f"{m[0]}; {note}", first, count=1)
    evaluating = bool(psychiatric or medical or _EMERGENCY_ESCALATION in escalated or cows_emergency)
    # the withdrawn flag's step: first where no emergency leads, else after it ("; then ..."), its reason its own; a
    # medical review due now of today's signs leads it too, the patient on site (physician review 9: possible
    # delirium is an emergency, and a delirious patient's answers are not valid)
    repeat_decides = bool(lead) and not evaluating
    if repeat_decides and on_site:
        # after a step due now of a score taken today, the patient on site: a COWS above 36's treatment now, "after the
        # first dose", else "once the medical review finds the patient able to answer (not delirious or intoxicated)"
        # (physician review R1, session 11, should-fix 6); with a same-day suicide risk assessment joined (should-fix 7)
        dosed_now = all(map(_severe_review_now, on_site))
        assessed_too = f" and a same-day suicide risk assessment ({_reasons(screening)})" if with_screen else ""
        form = "dose" if dosed_now else "assessment" if with_screen else "review"
        lead = _withdrawn_leads(rec, form, assessed_too, _screened_told(rec) if with_screen else "")
        before, after = "", f"; then, {lead}"
    elif lead and evaluating:  # the patient with staff now, for a transfer or an evaluation: never "contact now"
        # an emergency evaluation for suicide risk: its team told, their evaluation closes the flag; a medical
        # emergency: the receiving team told at handover (physician review R1, session 11, must-fix 3)
        # (whenever the lead arranges a transfer: a COWS above 36 with alcohol withdrawal alongside too, which leaves
        # ``medical`` empty; physician review R3, session 11, must-fix 1)
        handed = _screened_told(rec) if screening and not psychiatric else ""
        # a refusal of the transfer counts only with capacity, whatever the transfer is for (R3 must-fix 7, R4 must-fix
        # 1: resolution.DECLINES_WITH_CAPACITY, said by the transfer's own form)
        lead = _withdrawn_leads(rec, "evaluation" if psychiatric else "transfer", screened=handed)
        before, after = "", f"; then {lead}" if psychiatric else f"; then, {lead}"
    else:
        before, after = (lead, "") if repeat_decides else ("", f"; then {lead}" if lead else "")
    if before:
        first = f"First: {before}; then {first.removeprefix('First: ')}"
    # an emergency evaluation for suicide risk, or dimension 3 rated 4, that arranges a transfer beside a suicide screen
    # that stands: the receiving team told of each screen (said last in the first step, below), and beside dimension 3
    # rated 4 the screens among the reasons where not yet (physician review R21, session 19, should-fix S6, S7)
    # (a C-SSRS low risk told too beside dimension 3 rated 4: physician review R38, item 3)
    evaluation_told = (
        _told_at_evaluation(rec, low=d3_4) if psychiatric and (medical or d3_4 or suicide_and_cows) else ""
    )
    told_why = [w for w in screening if w not in psychiatric] if d3_4 and evaluation_told else []
    why = psychiatric + medical + (screening if not psychiatric else told_why) + [r.why for r in first_review]
    if banded:  # the severe band named with its scheme, beside the moderate step's ASAM range (physician review)
        severe = {_why(f): _severe_words(rec, f) for f in rec.flags if _severe_emergency(f)}
        why = [severe.get(w, w) for w in why]
    if now_first:  # the reasons in the steps' order: the steps now, the suicide-risk findings, then the other reviews
        # (the suicide-risk findings said with the repeated screen where it joins the assessment: should-fix 7)
        why = _reasons_in_step_order(first_review, [] if with_screen else screening)
    # a blank question's worst case (e.g. CIWA-Ar item 10) leads with asking it; the plan holds only once the answer
    # rules out what its worst case would be (its flag: "do not manage as ambulatory withdrawal" until then)
    blank = _asked_first([g for r in review for g in r.signs if g.worst_case])
    # what would find more: the steps the first sentence names, in its order; the withdrawal-risk assessment is an
    # assessment (what it finds decides the setting), beside a same-day suicide risk assessment "the assessments"
    risk_step_named = any(g.code == _RISK_STEP_CODE for r in review for g in r.signs)
    others = any(g.code != _RISK_STEP_CODE for r in review for g in r.signs)
    assessed = (
        "the assessments" if screening and risk_step_named else "the assessment" if screening or risk_step_named else ""
    )
    named = (
        ["the review", assessed]
        if now_first
        else [assessed] + ["the review"] * others
        if screening
        else ["the review"] * others + [assessed]
    )
    finds = " or ".join(n for n in named if n) or "the review"
    # the review of a COWS above 36 of today is the prescriber's treatment now: named by the step's noun (physician
    # final review)
    reviewed = [g for r in review for g in r.signs if g.code != _RISK_STEP_CODE]
    if reviewed and all(_severe_review_now(g) for g in reviewed):
        finds = finds.replace("the review", "the prescriber's review")
    # the verb agrees with the subject: a plural one ("the assessments"), alone or beside another, takes "find"
    finds += " find" if "assessments" in finds else " finds"
    # below a sign that calls for 24-hour withdrawal management (a PAWSS of 4 or more, a past withdrawal seizure
    # or DT, possible withdrawal delirium on a CIWA-Ar of another day, not recorded as mitigated): that setting is the
    # default and the plan below only the exception the review (or the evaluation) must justify (ASAM 2020 alcohol
    # withdrawal guideline, Rec II.5, III.1; iopkit's own wording)
    risk = _high_risk(rec)
    default_24h = risk is not None and MITIGATED not in risk.message
    today = _delirium_today(rec)  # not excluded yet: 4-WM; once excluded, the history rule
    # a plan that starts with 24-hour withdrawal management, or whose level is itself a 24-hour (residential or
    # inpatient) level, is no ambulatory care: the evaluation or review decides the setting, which the plan names
    # (:func:`_plan`: 4-WM while delirium is not excluded)
    ambulatory = not is_24_hour_plan(rec.level, rec.withdrawal_management)
    # an emergency evaluation for suicide risk does not decide the withdrawal setting: a blank question's condition
    # holds there too; an emergency medical evaluation, or a plan already in the setting the worst case itself calls
    # for (4-WM: "arrange medically managed (inpatient) withdrawal management"), decides it
    blank_holds = bool(blank) and not medical and rec.withdrawal_management is not LevelOfCare.WM_INPATIENT_MANAGED
    then = (
        "Then, only if the evaluation excludes delirium and records why ambulatory care is safe"
        if today and ambulatory
        else "Then, only if the evaluation excludes delirium"
        if today and not rec.withdrawal_first
        else f"Then, only if {blank} and the evaluation records why ambulatory care is safe"
        if psychiatric and blank_holds and default_24h and ambulatory
        else "Then, only if the evaluation records why ambulatory care is safe"
        if evaluating and default_24h and ambulatory
        else f"Then, {EVALUATION_DECIDES}, and only if {blank}"
        if psychiatric and blank_holds
        else f"Then, {EVALUATION_DECIDES}"
        if evaluating
        else f"{WITHDRAWN_THEN}, and unless {finds} more"
        if repeat_decides and not (default_24h or any(r.needs_24h for r in review))
        else f"Then, only if {blank + ' and ' if blank else ''}the review records why ambulatory care is safe"
        if ambulatory and (default_24h or escalated or any(r.needs_24h for r in review))
        else f"Then, {'only if ' + blank + ', and ' if blank else ''}unless {finds} more"
    )
    otherwise = f"; otherwise {_named(LevelOfCare.WM_INPATIENT_MONITORED)}" if default_24h else ""
    if risk is not None and rec.withdrawal_management is None:  # dimension 1 rated 0: no WM now, the rule if it returns
        otherwise = f"; {_rated_0_clause(rec, default_24h, in_24h)}"
    if today and not rec.withdrawal_first:
        # not excluded: 4-WM; dimension 1 rated 0 keeps its own clause (no WM now, the high-risk rule should withdrawal
        # return: the finding, once excluded, still counts as a high risk), the 4-WM then as a sentence of its own
        none_now = rec.withdrawal_management is None
        returns = f"; {_rated_0_clause(rec, default_24h or risk is None, in_24h)}" if none_now else ""
        otherwise = (
            f"{returns}{'. Otherwise: ' if returns else '; otherwise '}{_named(LevelOfCare.WM_INPATIENT_MANAGED)} "
            f"while delirium is not excluded, {_named(LevelOfCare.WM_INPATIENT_MONITORED)} once it is"
        )
    # after a COWS dose the patient does not drive today, where no driving clause is said outright (R13 should-fix S5)
    first = _first_dose_no_driving(first)
    # the moderate CIWA-Ar's "if a dose is given: the patient must not drive today" only where no driving clause is
    # said outright: "the patient must not drive" said once (physician review R16, session 15, should-fix S11 and the
    # ruling on C03 and C33)
    if _NO_DRIVING.search(first):
        first = first.replace(f"; {IF_DOSED_NO_DRIVING}", "")
    # where it stays, it covers a COWS dose too: driving advice said once (R16 should-fix S11)
    if IF_DOSED_NO_DRIVING in first:
        first = first.replace(f"; {FIRST_DOSE_NO_DRIVING}", "")
    if evaluation_told:  # physician review R21, should-fix S6, S7 (above)
        first += f"; {evaluation_told}"
    mental_health = bool(psychiatric or d3_4 or suicide_and_cows)  # its refusal branch (R5, must-fix 1 (b))
    lead_said = _staff_until_handover(_leaves_said_once(_refusal_branch(first, mental_health, after)))
    # complicated withdrawal found today beside the evaluation for suicide risk (one setting for both): the plan after
    # medically managed withdrawal, as the evaluation decides, never ambulatory withdrawal management (the flag: do not
    # manage as ambulatory withdrawal; physician review R6, must-fix 7, R3's text for the combined lead)
    complicated_too = bool(psychiatric) and _complicated_today(rec)
    if transfer and not today or complicated or cows_emergency or suicide_and_cows or complicated_too:
        # a transfer to medically managed withdrawal is the plan until it ends: the level follows its reassessment,
        # never an ambulatory plan beside it (the 3.7-WM plan's own words, :func:`_plan`; ASAM 2020 alcohol withdrawal
        # guideline, Rec VII.5, VII.8; physician re-review); possible delirium keeps its own clause (above); beside
        # the evaluation for suicide risk, as it decides (physician review R3, session 11, must-fix 2)
        decides = f"{EVALUATION_DECIDES}, and " if suicide_and_cows or complicated_too else ""
        return (
            f"{lead_said} ({_reasons(why)}){after}.{also} Then, "
            f"{decides}after medically managed withdrawal, reassess all six dimensions for treatment (on today's "
            f"ratings at least {rec.level})."
        ), rated
    reason = f" ({_reasons(why)})" if why else ""
    plan = _plan(rec, after=True)
    # the lead arranges medically managed withdrawal or a higher level of care (alcohol withdrawal alongside a COWS
    # of 13-36): a plan ending in 1-WM or 2-WM says it holds only if found safe (physician review R4, session 11,
    # should-fix 8; R5 should-fix 6), the condition said once where the "Then" already asks the review (R5 should-fix 7)
    wm = rec.withdrawal_management
    ambulatory_wm = wm in (LevelOfCare.WM_AMBULATORY, LevelOfCare.WM_AMBULATORY_EXTENDED)
    if _MANAGED_ESCALATION in escalated and wm is not None and ambulatory_wm and plan.endswith(_named(wm)):
        if then == _REVIEW_ONLY and not otherwise:
            then, plan = _REVIEW_AND_PRESCRIBER, f"{plan}; {_AS_ARRANGED}"
        else:
            plan += f" {_only_if_safe(wm)}"
    return (
        f"{lead_said}{reason}{after}.{also} {then}: {plan}{otherwise}.",
        rated,
    )


#: After a first dose of buprenorphine or methadone for a COWS of 13 or more: no driving today (buprenorphine and
#: methadone labels: impairment of the ability to drive or operate machinery until the patient knows how the medicine
#: affects them; induction doses peak after the patient has left; physician review R13, should-fix S5, its words;
#: physician review R22, session 19, should-fix S1: "must not drive", as every other driving clause says it).
FIRST_DOSE_NO_DRIVING = f"after a first dose of buprenorphine or methadone {NO_DRIVING_TODAY}"
#: A dose's own driving clause in the headline: the moderate CIWA-Ar's, a COWS dose's (R13 S5), a benzodiazepine's
#: beside buprenorphine or methadone (R2 S12), each with what it reads once the sentence says it (:func:`_no_driving_
#: until_said_once`).
_DOSE_DRIVING = (
    (f"; {IF_DOSED_NO_DRIVING}", ""),
    (f"; {FIRST_DOSE_NO_DRIVING}", ""),
    (f"; {ANY_DOSE_NO_DRIVING}", ""),
    (BENZODIAZEPINE_WITH_AGONIST, BENZODIAZEPINE_ON_SITE),
)
#: The COWS flags' re-score after their dose, which ends the dose step the driving advice follows.
_COWS_AFTER_DOSING = re.compile(r"re-score the COWS (?:1-2 hours )?after dosing")
#: The lead of a first step that re-scores an old CIWA-Ar and transfers only if it is still high (not a transfer now).
_OLD_CIWA_LEAD = "First: re-score the CIWA-Ar now (last "
#: An old COWS's re-score treated on its current score, the dose it may give on the not-transferred path beside an old
#: CIWA-Ar's conditional transfer (:data:`_OLD_CIWA_LEAD`; physician review R39, C4: cases 119, 604, 723, 799).
_OLD_COWS_TREATED = re.compile(r"re-score the COWS now \(last \d+ on [^)]*\); treat on the current score")
#: A driving clause said outright, not inside a benzodiazepine's note (", and the patient must not drive"), nor the
#: weaker "until the medical review finds ..." (:data:`~iopkit.flags.NO_DRIVING_UNTIL_SCREEN_CLEARS`); the old
#: complicated CIWA-Ar's "... unless ... no dose of ... is given today" counts (physician review R13, leave L1).
#: Never an ambulatory hold's own "; the patient must not drive today; if the patient insists: ..." (the intoxicated
#: patient given no dose: physician review R32 (a), :func:`no_driving_while_intoxicated`).
_NO_DRIVING_OUTRIGHT = re.compile(r"; (?:and )?the patient must not drive(?! until)(?! today; if the patient insists)")
#: A dose's own driving clause as a box says it (:func:`~iopkit.placement.boxes.dose_driving_in_boxes`): one of
#: :data:`_DOSE_DRIVING`'s, "nor today if a dose is given", or the old complicated CIWA-Ar's "... unless ... no
#: benzodiazepine is given today" (either naming); never an intoxicated patient's "(... must not drive today)"
#: (physician review R31, must-fix M5).
_DOSE_DRIVING_SAID_IN_BOX = re.compile(
    "|".join(re.escape(said.removeprefix("; ")) for said, _ in _DOSE_DRIVING[:3])
    + rf"|nor today if a dose is given|no (?:dose of {ANY_DOSE_NAMED}|benzodiazepine) is given today"
)
#: A dose's own driving clause where :data:`~iopkit.flags.ANY_DOSE_NO_DRIVING` is said instead: the moderate
#: CIWA-Ar's, the first dose's (R13 S5), a benzodiazepine's beside buprenorphine or methadone (R2 S12, its monitoring
#: kept: ``note``), and the clause itself (said once).
_DOSE_DRIVING_CLAUSE = re.compile(
    rf"; {re.escape(IF_DOSED_NO_DRIVING)}|; {re.escape(FIRST_DOSE_NO_DRIVING)}|; {re.escape(ANY_DOSE_NO_DRIVING)}|"
    rf"(?P<note>{re.escape(BENZODIAZEPINE_MONITORING)}[^;]*?), and the patient must not drive(?=;|\.|$| \()"
)


def _any_dose_if_not_transferred(text: str) -> str:
    """The headline ``text`` with each sentence that gives, or may give, a benzodiazepine
    (:data:`_GIVES_BENZODIAZEPINE`) and a COWS dose (:data:`_COWS_AFTER_DOSING`) on the path where the patient is not
    transferred (given "before the patient leaves", :data:`_LEAVES`; not while the patient waits for a suicide
    evaluation), and whose only driving words are a transfer branch's bare "the patient must not drive"
    (:data:`_NO_DRIVING_OUTRIGHT`; no dose's own driving clause, :data:`_DOSE_DRIVING_SAID_IN_BOX`), saying
    :data:`~iopkit.flags.ANY_DOSE_NO_DRIVING` right after the COWS's re-score after dosing: the patient dosed and sent
    home is told not to drive, as the COWS box beside it says. Physician review R38, M3, the physician's words (cases
    470 and 698, an old severe CIWA-Ar beside a COWS: after "re-score the COWS after dosing;" / "re-score the COWS 1-2
    hours after dosing;" add "if any dose is given (a
    benzodiazepine, buprenorphine or methadone): the patient must not drive today;"). The same after an old COWS's
    re-score treated on its current score (:data:`_OLD_COWS_TREATED`) in a step that opens with an old CIWA-Ar's
    conditional transfer (:data:`_OLD_CIWA_LEAD`; its dose is the not-transferred path's, no "before the patient
    leaves" needed; never a transfer now): physician review R39, C4, the physician's words (cases 119, 604, 723 and
    799: after "re-score the COWS now (last N on 20 Nov 2026); treat on the current score;" add " if any dose is given
    (a benzodiazepine, buprenorphine or methadone): the patient must not drive today;"). ``text`` itself otherwise.

    Examples
    --------
    >>> print(_any_dose_if_not_transferred(
    ...     "First: re-score the CIWA-Ar now (last 21): if still 15 or more, arrange transfer now; the patient must "
    ...     "not drive; treat on the current score; before the patient leaves: buprenorphine; re-score the COWS "
    ...     "after dosing; x (y). Then: z."
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    First: re-score the CIWA-Ar now (last 21): if still 15 or more, arrange transfer now; the patient must not drive;
    treat on the current score; before the patient leaves: buprenorphine; re-score the COWS after dosing; if any dose
    is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today; x (y). Then: z.
    >>> print(_any_dose_if_not_transferred(
    ...     "First: re-score the CIWA-Ar now (last 21): if still 15 or more, arrange transfer now; the patient must "
    ...     "not drive; treat on the current score; re-score the COWS now (last 19 on 20 Nov 2026); treat on the "
    ...     "current score; x (y). Then: z."
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    First: re-score the CIWA-Ar now (last 21): if still 15 or more, arrange transfer now; the patient must not drive;
    treat on the current score; re-score the COWS now (last 19 on 20 Nov 2026); treat on the current score; if any
    dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today; x (y). Then: z.
    """

    def said(sentence: str) -> str:
        dosed = _COWS_AFTER_DOSING.search(sentence)
        if dosed is not None and _LEAVES not in sentence[: dosed.start()]:
            dosed = None
        # R39 C4: an old COWS's re-score treated on its current score gives its dose on the same path, where the
        # step opens with the old CIWA-Ar's conditional transfer (never a transfer now)
        if sentence.startswith(_OLD_CIWA_LEAD):
            dosed = dosed or _OLD_COWS_TREATED.search(sentence)
        if (
            dosed is None
            or not _GIVES_BENZODIAZEPINE.search(sentence)
            or not _NO_DRIVING_OUTRIGHT.search(sentence)
            or _DOSE_DRIVING_SAID_IN_BOX.search(sentence)
        ):
            return sentence
        return f"{sentence[: dosed.end()]}; {ANY_DOSE_NO_DRIVING}{sentence[dosed.end() :]}"

    return ". ".join(map(said, _SENTENCE_END.split(text)))


#: The screen said again after an old CIWA-Ar's re-score (:data:`_AFTER_RESCORE_ONLY`, lower-cased in the headline),
#: and what it reads where the same screen was said before it in the sentence (:func:`_said_once`).
_SCREEN_AGAIN = _AFTER_RESCORE_ONLY[:1].lower() + _AFTER_RESCORE_ONLY[1:]
#: A benzodiazepine's monitoring beside a conditional transfer without its driving clause (:func:`_said_once`).
_BENZODIAZEPINE_IF_TRANSFERRED_ONLY = BENZODIAZEPINE_IF_TRANSFERRED.removesuffix(", and the patient must not drive")


def _said_once(first: str) -> str:
    """The headline ``first`` (its doses screened: :func:`_doses_screened`) with the screen before any dose and "the
    patient must not drive" each said once: an old CIWA-Ar's conditional transfer says the screen with thiamine and
    blood glucose before its first dose, so today's COWS dose after the re-score reads "after the re-score and that
    screen, if it finds no intoxication, a prescriber treats withdrawal ..." (not the screen a second time; the step on
    the screen's finding: physician review R47, for the lead), and a benzodiazepine's monitoring after
    it drops its ", and the patient must not drive" where the sentence says it already. Physician review R16 (session
    15), should-fix S11, its words (R13 leave L1: said once).

    Examples
    --------
    >>> print(_said_once(f"First: x; {_INTOXICATION_ALCOHOL}y; the patient must not drive; {_SCREEN_AGAIN}"
    ...                  f"a prescriber treats withdrawal; {BENZODIAZEPINE_IF_TRANSFERRED}"))
    ... # doctest: +NORMALIZE_WHITESPACE
    First: x; before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative
    intoxication), give thiamine and check blood glucose; if intoxicated: no dose here; otherwise y; the patient must
    not drive; after the re-score and that screen, if it finds no intoxication, a prescriber treats withdrawal; if a
    benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient is on
    site (if transferred: until handover)
    """
    again = first.find(_SCREEN_AGAIN)
    if 0 <= first.find(_INTOXICATION_ALCOHOL) < again:
        rest = first[again + len(_SCREEN_AGAIN) :]
        # the prescriber's step only on that screen's finding, never after its hold unconditionally (physician review
        # R47, for the lead: cases 39, 432, 698; the overdose question's finding added by overdose_asked)
        finds = _THAT_SCREEN_FINDS if rest.startswith("a prescriber") else ""
        first = f"{first[:again]}{_THAT_SCREEN}{finds}{rest}"
    if len(_NO_DRIVING.findall(first)) > 1:
        first = first.replace(BENZODIAZEPINE_IF_TRANSFERRED, _BENZODIAZEPINE_IF_TRANSFERRED_ONLY)
    return first


def _first_dose_no_driving(first: str) -> str:
    """The headline's first sentence ``first`` with :data:`FIRST_DOSE_NO_DRIVING` after its COWS dose step (the first
    "re-score the COWS after dosing", or "1-2 hours after dosing" at 13-36: a dose of today's COWS, or of an old COWS's
    re-score), where the sentence does not already say "the patient must not drive" outright
    (:data:`_NO_DRIVING_OUTRIGHT`: a rating of 4, an emergency evaluation for suicide risk, a transfer); ``first`` as it
    is without a COWS dose. Physician review R13 (session 14), should-fix S5, its words.

    Examples
    --------
    >>> print(_first_dose_no_driving("First: a prescriber treats withdrawal now: buprenorphine; re-score the COWS "
    ...                              "after dosing; emergency evaluation only for a complicating condition"))
    ... # doctest: +NORMALIZE_WHITESPACE
    First: a prescriber treats withdrawal now: buprenorphine; re-score the COWS after dosing; after a first dose of
    buprenorphine or methadone the patient must not drive today; emergency evaluation only for a complicating
    condition
    >>> _first_dose_no_driving("First: x; the patient must not drive; re-score the COWS after dosing")[-17:]
    'COWS after dosing'
    """
    dosed = _COWS_AFTER_DOSING.search(first)
    # (R19 N1: an old moderate CIWA-Ar's branch at 8 or more says its own; the dose otherwise read alone)
    if dosed is None or _NO_DRIVING_OUTRIGHT.search(_past_ciwa_branch(first)):
        return first
    return f"{first[: dosed.end()]}; {FIRST_DOSE_NO_DRIVING}{first[dosed.end() :]}"


#: The COWS dose on the path without transfer, its first dose's driving clause (:func:`_otherwise_on_site_watched`).
_OTHERWISE_FIRST_DOSE = f"re-score the COWS after dosing; {FIRST_DOSE_NO_DRIVING};"
#: What it says instead (physician review R52, ruling 2, the physician's words).
_OTHERWISE_WATCHED = f"re-score the COWS after dosing; {BENZODIAZEPINE_ON_SITE}; {ANY_DOSE_NO_DRIVING};"
#: A benzodiazepine dose the sentence itself names (:data:`BENZODIAZEPINE_HOME`: "... at least 1 hour after the last
#: benzodiazepine dose"), without which it keeps the first dose's driving clause (physician review R54, ruling 1).
_BENZODIAZEPINE_DOSE_NAMED = "benzodiazepine dose"


def _otherwise_on_site_watched(text: str) -> str:
    """The headline ``text`` whose sentence after an old moderate CIWA-Ar's re-score branch (the transfer only "At a
    CIWA-Ar re-score of 8 or more ...": :data:`CIWA_RESCORE_AT_8_SAID`, whose first dose before transfer names
    medication for alcohol withdrawal) opens "Otherwise " and treats withdrawal before the patient leaves
    (:data:`_LEAVES`), saying after its COWS dose "if a benzodiazepine is given with buprenorphine or methadone:
    monitor sedation and breathing while the patient is on site; if any dose is given (a benzodiazepine, buprenorphine
    or methadone): the patient must not drive today" in place of the first dose's driving clause
    (:data:`_OTHERWISE_FIRST_DOSE` -> :data:`_OTHERWISE_WATCHED`), as the boxes say it on that path (R47); ``text``
    itself otherwise. Physician review R52, ruling 2, the physician's words (cases 88 and 249 of the 800: the
    on-site path may give a benzodiazepine too, "CIWA-Ar below 10 at least 1 hour after the last benzodiazepine
    dose"; FDA Drug Safety Communication, 20 Sep 2017, ``fda_bup_benzo2017``), only where that same sentence names a
    benzodiazepine dose (:data:`_BENZODIAZEPINE_DOSE_NAMED`): physician review R54, ruling 1 (case 657's names none
    and keeps the first dose's driving clause, R25b, R22 S1).

    Parameters
    ----------
    text : str
        The headline.

    Returns
    -------
    str
        ``text`` with that sentence said anew, or ``text`` itself.

    Examples
    --------
    >>> print(_otherwise_on_site_watched(
    ...     f"First: x. {CIWA_RESCORE_AT_8_SAID}y. Otherwise a prescriber treats withdrawal now, before the patient "
    ...     f"leaves: buprenorphine; {_OTHERWISE_FIRST_DOSE} z after the last benzodiazepine dose (w)."
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    First: x. At a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside, a complicating condition on the COWS
    flag): y. Otherwise a prescriber treats withdrawal now, before the patient leaves: buprenorphine; re-score the COWS
    after dosing; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while
    the patient is on site; if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not
    drive today; z after the last benzodiazepine dose (w).
    >>> print(_otherwise_on_site_watched(
    ...     f"First: x. {CIWA_RESCORE_AT_8_SAID}y. Otherwise a prescriber treats withdrawal now, before the patient "
    ...     f"leaves: buprenorphine; {_OTHERWISE_FIRST_DOSE} z (w)."
    ... ))  # doctest: +ELLIPSIS
    First: x. ... buprenorphine; re-score the COWS after dosing; after a first dose of buprenorphine or methadone ...
    >>> _otherwise_on_site_watched(f"First: x. Otherwise a prescriber treats withdrawal now: {_OTHERWISE_FIRST_DOSE}")
    ... # doctest: +ELLIPSIS
    'First: x. Otherwise ...: re-score the COWS after dosing; after a first dose of buprenorphine or methadone ...;'
    """
    sentences = _SENTENCE_END.split(text)
    for i, sentence in enumerate(sentences[1:], 1):
        before = sentence.find(_OTHERWISE_FIRST_DOSE)
        if (
            sentences[i - 1].startswith(CIWA_RESCORE_AT_8_SAID)
            and sentence.startswith("Otherwise ")
            and 0 <= sentence.find(_LEAVES) < before
            and _BENZODIAZEPINE_DOSE_NAMED in sentence
        ):
            sentences[i] = sentence.replace(_OTHERWISE_FIRST_DOSE, _OTHERWISE_WATCHED, 1)
    return ". ".join(sentences)


_HANDOVER = "until handover"


def _refusal_branch(first: str, mental_health: bool, after: str = "") -> str:
    """Every lead that arranges a transfer with its refusal branch, said once: none added where the lead already
    says one (:data:`~iopkit.flags.DECLINES_TRANSFER`, or a withdrawn C-SSRS flag's handover step in
    ``after``, the rest of the sentence: refusal never said twice; nor inside a conditional branch, "if delirium:
    ... arrange transfer now"). Said right after "arrange transfer now (...)" or, where the clause after it says
    "until handover", after that clause: :data:`~iopkit.placement.suggest.DECLINES_OR_LEAVES` where the lead is an
    emergency evaluation for suicide risk or dimension 3 rated 4 (``mental_health``), even beside a medical one, else
    the medical capacity test. Physician review R5 (session 11), must-fix 1, its wording.

    Examples
    --------
    >>> _refusal_branch("First: emergency medical evaluation: arrange transfer now (ED); the patient must not drive",
    ...                 mental_health=False)  # doctest: +NORMALIZE_WHITESPACE
    'First: emergency medical evaluation: arrange transfer now (ED); if the patient declines transfer: the prescriber
    assesses and records capacity to decline (without capacity: transfer by emergency services; with capacity: ...);
    the patient must not drive'
    """
    from .suggest import DECLINES_OR_LEAVES_PSYCHIATRIC

    start = first.find(_ARRANGE_TRANSFER)
    # the boxes' transfers say the capacity test (R6 should-fix 4: TRANSFER_AT_4, TRANSFER_ED, the severe CIWA-Ar's):
    # where a withdrawn C-SSRS flag's handover step says the refusal, it is said there, once
    if "declines transfer" in after:
        first = first.replace(f"; {DECLINES_TRANSFER}", "")
    # a transfer inside a conditional branch ("if delirium: ... arrange transfer now") is not the lead's own
    if start < 0 or "if " in first[:start] or "declines transfer" in first + after:
        return first
    if CIWA_RESCORE_AT_8 in first[:start]:  # an old moderate CIWA-Ar's re-score branch (R13 must-fix M3), as "if "
        return first
    opened = first.find("(", start)
    depth, end = 0, opened
    for end in range(opened, len(first)):
        depth += {"(": 1, ")": -1}.get(first[end], 0)
        if depth == 0:
            break
    end += 1
    clause_end = first.find(";", end + 1)
    clause = first[end : clause_end if clause_end >= 0 else len(first)]
    if first.startswith(";", end) and _HANDOVER in clause:
        end = first.index(_HANDOVER, end) + len(_HANDOVER)
    # the emergency psychiatric evaluation's branch: at a safe distance where there is a risk of violence (R6 S2)
    psychiatric = first.startswith(f"First: {PSYCHIATRIC_EVALUATION}")
    branch = (
        (DECLINES_OR_LEAVES_PSYCHIATRIC if psychiatric else DECLINES_OR_LEAVES) if mental_health else DECLINES_TRANSFER
    )
    return f"{first[:end]}; {branch}{first[end:]}"


#: CIWA-Ar item 10 at 1's step after a positive delirium screen, as its flag says it (:data:`~iopkit.flags.
#: IF_DELIRIUM_TRANSFER` and its refusal branch): :func:`_delirium_transfer_said`.
_IF_DELIRIUM_DECLINES = f"{IF_DELIRIUM_TRANSFER}; {DECLINES_TRANSFER}; "
#: One setting for both emergencies beside an emergency evaluation for suicide risk, as the boxes name the ED there
#: (physician review R13, must-fix M1, M2, its words).
ONE_SETTING = f"{SUICIDE_EVALUATION} and emergency medical evaluation in one setting"
#: The same step beside an emergency evaluation for suicide risk: the ED, the one setting that can manage both, as
#: every other transfer there says (physician review R7, should-fix 6, its words), named as its box names it (physician
#: review R22, session 19, must-fix M2: "(ED: emergency evaluation for suicide risk and emergency medical evaluation
#: in one setting)").
_IF_DELIRIUM_TO_ED = IF_DELIRIUM_TRANSFER.replace("(ED, or 4-WM)", f"(ED: {ONE_SETTING})")


def _delirium_transfer_said(first: str, mental_health: bool) -> str:
    """The headline's first sentence ``first`` with CIWA-Ar item 10 at 1's step after a positive delirium screen
    (:data:`_IF_DELIRIUM_DECLINES`) said where it adds a step: none of it where the lead already arranges a transfer
    to the ED (a rating of 4, the combined leads), and ending at "staff with the patient until handover; " beside an
    emergency evaluation for suicide risk (``mental_health``), whose mental-health refusal branch governs, said once.
    Physician review R6 (session 11), must-fix 5, its words; R5, must-fix 1 (b).

    Examples
    --------
    >>> step = f"First: medical review now: {_IF_DELIRIUM_DECLINES}the patient must not drive"
    >>> _delirium_transfer_said(step, mental_health=False) == step
    True
    >>> _delirium_transfer_said(step, mental_health=True)[-65:]
    'staff with the patient until handover; the patient must not drive'
    >>> print(_delirium_transfer_said(f"First: arrange transfer now (ED); {step[7:]}", mental_health=False))
    First: arrange transfer now (ED); medical review now: the patient must not drive
    """
    if _IF_DELIRIUM_DECLINES not in first:
        return first
    # a transfer said only on a condition (R13: the M3 branch, a COWS flag's complicating condition) is no lead's own
    if first.count(_ARRANGE_TRANSFER) - len(_CONDITIONAL_TRANSFER.findall(first)) > 1:
        return first.replace(_IF_DELIRIUM_DECLINES, "")
    # beside a pending emergency evaluation for suicide risk, one setting, the ED (physician review R7, should-fix 6)
    return first.replace(_IF_DELIRIUM_DECLINES, f"{_IF_DELIRIUM_TO_ED}; ") if mental_health else first


#: The transfers of a severe CIWA-Ar's own step, and of a rating of 4 in dimension 1, complicated withdrawal reads
#: as "(ED, or 4-WM)": never 3.7-WM (physician review R2, session 11, must-fix 1; R6 must-fix 2): :func:`_with_staff`.
_TO_4_WM = {"(ED, or 3.7-WM/4-WM)": "(ED, or 4-WM)"}


def _with_staff(transfer: str) -> str:
    """A transfer beside complicated withdrawal of today (CIWA-Ar item 10 at 2 or more: disorientation, possible
    delirium, a medical emergency: ASAM 2020 alcohol withdrawal guideline, Rec VI.7) as complicated withdrawal alone
    has it: "(ED, or 4-WM)", never 3.7-WM (:data:`_TO_4_WM`), or "(ED)" where it says the ED only, then "staff with
    the patient until handover" right after the bracket where it does not say it yet; ``""`` stays ``""``. Physician
    review R6 (session 11), must-fix 2, its rule.

    Examples
    --------
    >>> _with_staff("arrange transfer now (ED); the patient must not drive")
    'arrange transfer now (ED); staff with the patient until handover; the patient must not drive'
    >>> _with_staff(TRANSFER_COMPLICATED) == TRANSFER_COMPLICATED
    True
    """
    if not transfer or _STAFF_WITH_PATIENT in transfer:
        return transfer
    for weaker, managed in _TO_4_WM.items():
        transfer = transfer.replace(weaker, managed)
    start = transfer.index(_ARRANGE_TRANSFER)
    end = transfer.index(")", start) + 1
    return f"{transfer[:end]}; {_STAFF_WITH_PATIENT}{transfer[end:]}"


#: A transfer now to medically managed withdrawal (a severe CIWA-Ar of today, or of another day if still severe)
#: followed by its refusal branch with no staff beside the patient said between them (:func:`_staff_until_handover`).
_TRANSFER_UNSTAFFED = re.compile(
    r"(arrange transfer now to medically managed withdrawal \((?:ED, or 3\.7-WM/4-WM|ED, or 4-WM)\))"
    + re.escape(f"; {DECLINES_TRANSFER}")
)
#: The screen before any dose that keeps staff with the patient itself (:func:`_before_any_dose`, ``staffed=False``).
_SCREEN_STAFFED = f"no dose here{_STAFF_UNTIL_HANDOVER} {_DELIRIUM_TO_ED}"


def _staff_until_handover(lead: str) -> str:
    """The headline's first sentence ``lead`` with "staff with the patient until handover" after each transfer now to
    medically managed withdrawal that does not say it before its refusal branch (a severe CIWA-Ar: seizure risk while
    the patient waits; ASAM 2020 alcohol withdrawal guideline), the screen before any dose then not saying it a second
    time. Physician review R16 (session 15), should-fix S8, its words.

    Examples
    --------
    >>> print(_staff_until_handover(f"First: arrange transfer now to medically managed withdrawal (ED, or "
    ...                             f"3.7-WM/4-WM); {DECLINES_TRANSFER}"))  # doctest: +NORMALIZE_WHITESPACE
    First: arrange transfer now to medically managed withdrawal (ED, or 3.7-WM/4-WM); staff with the patient until
    handover; if the patient declines transfer: the prescriber assesses and records capacity to decline (without
    capacity: transfer by emergency services; with capacity: ...)
    """
    staffed = _TRANSFER_UNSTAFFED.sub(rf"\1; {_STAFF_WITH_PATIENT}; {DECLINES_TRANSFER}", lead)
    if staffed == lead:
        return lead
    return staffed.replace(_SCREEN_STAFFED, f"no dose here {_DELIRIUM_TO_ED}")


def _at_4_handover(rec: Recommendation, transfer: str) -> str:
    """The transfer now of dimension 1 or 2 rated 4 (``transfer``: :data:`~iopkit.placement.suggest.TRANSFER_AT_4` or
    :data:`~iopkit.placement.suggest.TRANSFER_ED`) with staff beside the patient until handover and what the receiving
    team is told there: why the dimension was rated 4, and where a COWS of 13 or more is treated, the COWS score and
    any dose with its time (imminent medical danger: no patient waits alone; ASAM Criteria 2013, rating 4). Physician
    review R16 (session 15), the ruling on the case table's C22, C23 and C30, its words.

    Examples
    --------
    >>> import iopkit
    >>> from iopkit.placement import recommend
    >>> rec = recommend({1: 1, 2: 4, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> print(_at_4_handover(rec, TRANSFER_ED))  # doctest: +NORMALIZE_WHITESPACE
    arrange transfer now (ED); staff with the patient until handover; at handover tell the receiving team why
    dimension 2 was rated 4; if the patient declines transfer: the prescriber assesses and records capacity to decline
    (without capacity: transfer by emergency services; with capacity: ...); the patient must not drive
    """
    rated = [d for d in (1, 2) if rec.dimensions.get(d) == 4]
    why = (
        f"dimension {rated[0]} was rated 4"
        if len(rated) == 1
        else f"dimensions {' and '.join(map(str, rated))} were rated 4"
    )
    cows = any(f.code in _COWS_TREATED and not _only_records(f) for f in rec.flags)
    told = f"at handover tell the receiving team why {why}" + (
        " and the COWS score and any dose with its time" if cows else ""
    )
    staffed = _with_staff(transfer)
    return staffed.replace(_STAFF_WITH_PATIENT, f"{_STAFF_WITH_PATIENT}; {told}", 1)


def _declines_transfer(transfer: str) -> str:
    """A transfer lead with no refusal branch of its own (no withdrawn C-SSRS flag's handover step, which says one)
    with :data:`~iopkit.flags.DECLINES_TRANSFER` after "staff with the patient until handover", or at
    its end where it says no such words (never left out). Physician review R4 (session 11), should-fix of must-fix 1.

    Examples
    --------
    >>> print(_declines_transfer(TRANSFER_COMPLICATED))  # doctest: +NORMALIZE_WHITESPACE
    arrange transfer now to medically managed withdrawal (ED, or 4-WM); staff with the patient until handover; if the
    patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: transfer by
    emergency services; with capacity: ...); the patient must not drive
    """

    if _STAFF_WITH_PATIENT not in transfer:
        return f"{transfer}; {DECLINES_TRANSFER}"
    return transfer.replace(_STAFF_WITH_PATIENT, f"{_STAFF_WITH_PATIENT}; {DECLINES_TRANSFER}", 1)


def _inattentive(rec: Recommendation) -> bool:
    """Whether a CIWA-Ar item 10 at 1 flag (inattention, possible early delirium; a finding, not a blank item's worst
    case, nor a record only) is among the recommendation's flags or dimension 1's suggestion's, whose step says
    :data:`~iopkit.flags.NO_DRIVING_UNTIL_SCREEN_CLEARS` (physician check of review 9)."""
    last = [s for s in rec.suggested if s.dimension == 1][-1:]
    found = (*rec.flags, *(last[0].flags if last else ()))
    return any(f.code == "possible_inattention" and not f.worst_case and not _only_records(f) for f in found)


def _reasons(why: Iterable[str]) -> str:
    """The headline's reasons as the one bracket they are said in, joined by "; ", each after the first starting in
    lower case where it opens with a capitalised word ("...; past withdrawal seizure or delirium tremens: ...", a name
    in capitals such as "CIWA-Ar" kept: :func:`_in_list`; physician check of review 9)."""
    return "; ".join(_in_list(why))


def _screened_told(rec: Recommendation, high: bool = False) -> str:
    """What a receiving team is told at handover of the findings calling for a same-day suicide risk assessment
    (:data:`~iopkit.placement.resolution.SCREENED_TOLD`, "today's PHQ-9 item 9 was positive"; a blank question's worst
    case, or a finding without its own words, by its flag's words: "the record shows a suicide-risk finding
    (<message>)"; a blank PHQ-9 item 9, "today's PHQ-9 item 9 was not asked",
    :data:`~iopkit.placement.resolution.SCREENED_NOT_ASKED`: physician review R32, should-fixes S7 and S8), joined by
    :data:`SCREENS_JOINED`; a finding of another day than the placement's by its day, never "today's"
    (:data:`~iopkit.placement.resolution.SCREENED_TOLD_EARLIER`, :attr:`~iopkit.placement.suggest.Suggestion.earlier`).
    Physician review R2 (session 11), must-fix 2 and 3; R3, must-fix 5 and should-fix 8; R4, should-fix 6 (the dated
    forms: :data:`~iopkit.placement.resolution.SCREENED_TOLD_OTHER_EARLIER`). A C-SSRS screen is told first, a PHQ-9
    item 9 after it, as :func:`assessment_handover` names them (physician ruling R20b, session 16: both named, the
    C-SSRS first). With ``high``, a C-SSRS high risk that stands first of all, "today's C-SSRS screen was high risk"
    (:func:`_told_at_evaluation`; physician review R21, session 19, should-fix S7)."""
    # the C-SSRS first, as :func:`assessment_handover` names them (physician ruling R20b)
    found = sorted(
        [*(_standing_high(rec) if high else ()), *_screened_found(rec)],
        key=lambda f: (not f.code.startswith("suicide_risk_"), f.code != "suicide_risk_high"),
    )
    return SCREENS_JOINED.join(dict.fromkeys(screen_told(rec, f) for f in found))


def screen_told(rec: Recommendation, f: Flag) -> str:
    """What a receiving team is told at handover of the one finding ``f`` of ``rec``, the words
    :func:`_screened_told` joins: "today's PHQ-9 item 9 was positive" (:data:`~iopkit.placement.resolution.
    SCREENED_TOLD`); one of another day than the placement's (:attr:`~iopkit.placement.suggest.Suggestion.earlier`),
    never assessed since, by its day, "the PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed)"
    (:data:`~iopkit.placement.resolution.SCREENED_TOLD_EARLIER`; physician review R3, must-fix 5); a blank question's
    worst case, or a finding without its own words, by its flag's words (:data:`~iopkit.placement.resolution.
    SCREENED_TOLD_OTHER`, R3 should-fix 8; its dated form, R4 should-fix 6); a blank PHQ-9 item 9, "today's PHQ-9 item
    9 was not asked" (:data:`~iopkit.placement.resolution.SCREENED_NOT_ASKED`; physician review R32, should-fixes S7
    and S8). One rule for the headline and the boxes
    that tell the finding alone (:func:`~iopkit.placement.boxes._screens_named`; physician review R40, should-fix S1).
    """
    from .resolution import (
        SCREENED_NOT_ASKED,
        SCREENED_NOT_ASKED_EARLIER,
        SCREENED_TOLD,
        SCREENED_TOLD_EARLIER,
        SCREENED_TOLD_OTHER,
        SCREENED_TOLD_OTHER_EARLIER,
    )

    day = {(c, m): d for s in rec.suggested for c, m, d in s.earlier}.get((f.code, f.message))
    if f.worst_case and f.code in SCREENED_NOT_ASKED:  # a blank item 9: "was not asked" (R32 S7/S8)
        return SCREENED_NOT_ASKED[f.code] if day is None else SCREENED_NOT_ASKED_EARLIER[f.code].format(day=day)
    if f.code not in SCREENED_TOLD or f.worst_case:
        other = SCREENED_TOLD_OTHER if day is None else SCREENED_TOLD_OTHER_EARLIER
        return other.format(message=f.message, day=day)
    return SCREENED_TOLD[f.code] if day is None else SCREENED_TOLD_EARLIER[f.code].format(day=day)


#: The suicide screens that stand beside an emergency evaluation for suicide risk (a finding, not a blank question's
#: worst case; not withdrawn): the C-SSRS screener's high and moderate risk, a positive PHQ-9 item 9 (physician rulings
#: R20b and R21, session 19: each named at handover).
_STANDING_SCREENS = frozenset({"suicide_risk_high", "suicide_risk_moderate", "suicidal_ideation"})


def _standing_high(rec: Recommendation) -> list[Flag]:
    """The C-SSRS high-risk flags of ``rec`` that stand (not withdrawn, not a blank question's worst case)."""
    return [f for f in rec.flags if f.code == "suicide_risk_high" and f.withdrawn is None and not f.worst_case]


#: A dose's handover said only if transferred, the scores and any dose alone (R26b M1 (d), R27 M1).
_SCORES_IF_TRANSFERRED = re.compile(
    r"if transferred: at handover tell the receiving team (?:the last [^;()]*?|the CIWA-Ar re-score[^;()]*?) and any "
    r"dose with its time(?=[;.(]| \()"
)
#: Beside an emergency evaluation for suicide risk on site: the high risk told, and whether the evaluation was done
#: (physician review R32, M1, the reviewer's words; :data:`~iopkit.placement.resolution.EVALUATION_IF_TRANSFERRED`).
_EVALUATION_TOLD = (
    ", that {screened}, and whether the emergency evaluation for suicide risk was completed here (if so, its "
    f"findings); {_SAFETY_STAFFED}"
)
#: Beside a finding that calls for a suicide risk assessment: the finding told and what is asked for (``{asked}``: "a
#: suicide risk assessment", "with safety planning" beside a C-SSRS moderate), one text for the headline's handover
#: said if transferred and a suicide-risk box's (physician review R31, S2; R32, M1).
ASSESSMENT_TOLD = "that {screened}, and ask them for {asked} (do not delay the transfer for it)"


def screens_told_if_transferred(rec: Recommendation, text: str) -> str:
    """The headline ``text`` whose first step (up to its "Also ..." or "Then ...") tells the receiving team, if
    transferred, only the withdrawal scores and any dose (:data:`_SCORES_IF_TRANSFERRED`), while no handover of that
    step tells a suicide screen that stands, with the screens told there: beside a C-SSRS high risk
    :data:`_EVALUATION_TOLD` (the high risk first, whether the emergency evaluation for suicide risk was completed
    here, staff with the patient until handover), else :data:`ASSESSMENT_TOLD` (the finding, and the suicide risk
    assessment asked for, with safety planning beside a C-SSRS moderate). Physician review R32, must-fix M1 (cases 33,
    120, 135: a high-risk patient transferred on that branch arrived without the finding; Joint Commission NPSG
    15.01.01: the handover is where a screen is lost) and its should-fix (781; 61, 268, 273, 525, 585, 608). ``text``
    itself where no screen stands (a blank question's worst case alone is not told) or a handover tells one already.
    Where a handover before that clause names the screens and asks for the assessment (:data:`_SCREENS_ASKED`: the
    old COWS's "if 37 or more" branch, a delirium branch), that clause tells the same screens in its own form,
    :data:`ASSESSMENT_TOLD` (physician review R31, S3: cases 5, 133, 291, 532, 780; R38, item 2: one pass and one
    wording for both, case 61's, "..., and ask them for a suicide risk assessment (do not delay the transfer for it)").

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> screens_told_if_transferred(recommend({1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}), "First: x.")
    'First: x.'
    """
    from .resolution import WITH_SAFETY_PLANNING

    first = re.split(r"\. (?=Also |Then)", text, maxsplit=1)[0]
    scores, asked = _SCORES_IF_TRANSFERRED.search(first), _SCREENS_ASKED.search(first)
    if scores is not None and asked is not None and asked.start() < scores.start():
        # the screens a handover before it tells with their request, in its words, told here too, in this clause's
        # form (physician review R31, S3: cases 5, 133, 291, 532, 780; R38, item 2: one wording, case 61's)
        told = ", " + ASSESSMENT_TOLD.format(screened=asked["screened"], asked="a suicide risk assessment")
        return f"{first[: scores.end()]}{told}{text[scores.end() :]}"
    standing = [f for f in (*_standing_high(rec), *_screened_found(rec)) if not f.worst_case]
    if not standing:
        return text
    if re.search(r"at handover (?:tell|give) the receiving team[^;]*? that ", first) or "tell the evaluator" in first:
        return text
    if not _SCORES_IF_TRANSFERRED.search(first):
        return text
    screened = _screened_told(rec, high=True)
    if _standing_high(rec):
        told = _EVALUATION_TOLD.format(screened=screened)
    else:
        planned = WITH_SAFETY_PLANNING if _safety_planned(rec) else ""
        told = ", " + ASSESSMENT_TOLD.format(screened=screened, asked=f"a suicide risk assessment{planned}")
    said = _SCORES_IF_TRANSFERRED.sub(lambda m: f"{m[0]}{told}", first)
    return said + text[len(first) :]


def _told_at_evaluation(rec: Recommendation, if_transferred: bool = False, low: bool = False) -> str:
    """What an emergency evaluation for suicide risk, or dimension 3 rated 4, that arranges a transfer says where a
    suicide screen stands (:data:`_STANDING_SCREENS`): "at handover tell the receiving team that today's C-SSRS screen
    was high risk and that today's PHQ-9 item 9 was positive, without delaying the transfer" (R22 S2), each screen
    named as :func:`_screened_told` names it, the C-SSRS first; never "ask them for a suicide risk assessment", which
    the evaluation is (:data:`~iopkit.placement.resolution.SCREENED_TOLD_AT_EVALUATION`; physician review R21, session
    19, should-fix S6 and S7, its words); ``""`` where no screen stands. With ``if_transferred``, the evaluation done
    on site beside a transfer said only on a condition: "(if transferred: at handover tell the receiving team that
    today's C-SSRS screen was high risk and whether the emergency evaluation for suicide risk was completed here (if
    so, its findings); safety precautions until handover; do not delay the transfer for it)"
    (:data:`~iopkit.placement.resolution.EVALUATION_IF_TRANSFERRED`; physician review R22, session 19, must-fix M2).
    (S7's "tell the evaluator" where the evaluation is done on site, no transfer, is not said yet.) With ``low``
    (dimension 3 rated 4), a C-SSRS low risk stands too, "that the C-SSRS screen of 20 Nov 2026 found a wish to be dead
    or non-specific suicidal thoughts (never assessed), without delaying the transfer", as cases 250 and 551 say it
    (physician review R38, item 3: cases 23, 384, 454, 417, 792; no assessment asked, the emergency psychiatric
    evaluation includes suicide risk)."""
    from .resolution import EVALUATION_IF_TRANSFERRED, SCREENED_TOLD_AT_EVALUATION

    screens = _STANDING_SCREENS | {"suicide_risk_low"} if low else _STANDING_SCREENS
    standing = [f for f in (*_standing_high(rec), *_screened_found(rec)) if f.code in screens]
    if not any(not f.worst_case for f in standing):
        return ""
    told = EVALUATION_IF_TRANSFERRED if if_transferred else SCREENED_TOLD_AT_EVALUATION
    return told.format(screened=_screened_told(rec, high=True))


#: The headline's lead where the emergency evaluation for suicide risk is done on site (a C-SSRS high; no rating of 4,
#: medical emergency or severe COWS with alcohol withdrawal arranging a transfer): physician review R6, must-fix 4.
_EVALUATION_ON_SITE = (
    "First: emergency evaluation for suicide risk, with safety precautions, staff with the patient, until it is done"
)
#: A transfer said only on a condition beside the emergency evaluation for suicide risk done on site, to its staff
#: clause where one follows ("; staff with the patient until handover", "; safety precautions, staff with the patient,
#: until handover"): where :func:`_told_if_transferred` says the handover.
_TRANSFER_ON_SITE = re.compile(
    r"arrange transfer now(?: by emergency services)? \(ED(?:: [^()]*)?\)"
    r"(?:; (?:safety precautions, )?staff with the patient,? until handover)?"
)


def _told_if_transferred(rec: Recommendation, headline: str) -> str:
    """The ``headline`` whose lead is an emergency evaluation for suicide risk done on site
    (:data:`_EVALUATION_ON_SITE`: a C-SSRS high, no transfer it arranges itself), its first step with each transfer it
    says only on a condition (:data:`_TRANSFER_ON_SITE`: an old COWS above 36's complicating condition, an old severe
    CIWA-Ar's re-score, an old COWS re-scored at 37 or more, today's CIWA-Ar item 10 at 1's "if delirium: ...")
    followed by the handover of the screens that stand, if transferred (:func:`_told_at_evaluation`; physician review
    R22, session 19, must-fix M2, its words: "after the conditional transfer (after its 'staff with the patient until
    handover' where said)"); ``headline`` itself where no screen stands, the lead is another or it says the handover
    already.

    Examples
    --------
    >>> import iopkit
    >>> from iopkit.placement import recommend, suggest_dimensions
    >>> r = recommend({1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions(
    ...     [iopkit.score("cssrs_screen", ["yes", "yes", "no", "yes", "no", "no", None])]))
    >>> lead = f"{_EVALUATION_ON_SITE}; if 37 or more: arrange transfer now (ED); staff with the patient until handover"
    >>> print(_told_if_transferred(r, f"{lead}; if 13-36: x. Then: y."))  # doctest: +NORMALIZE_WHITESPACE
    First: emergency evaluation for suicide risk, with safety precautions, staff with the patient, until it is done;
    if 37 or more: arrange transfer now (ED); staff with the patient until handover (if transferred: at handover tell
    the receiving team that today's C-SSRS screen was high risk, and whether the emergency evaluation for suicide
    risk was completed here (if so, its findings); safety precautions until handover; do not delay the transfer for
    it); if 13-36: x. Then: y.
    """
    told = _told_at_evaluation(rec, if_transferred=True)
    if not told or not headline.startswith(f"{_EVALUATION_ON_SITE};"):
        return headline
    first, *rest = _STEP_END.split(headline, 1)
    if told in first:
        return headline
    return " ".join([_TRANSFER_ON_SITE.sub(lambda m: f"{m[0]} {told}", first), *rest])


def if_transferred_told(rec: Recommendation) -> str:
    """The handover a conditional transfer's headline says after its same-day suicide risk assessment
    (:data:`~iopkit.placement.resolution.SCREENED_IF_TRANSFERRED`, an old CIWA-Ar's re-score deciding it: physician
    review R8, must-fix 3; R9, must-fix N3) as its bracket alone, "(if transferred: at handover tell the receiving
    team that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment once the patient is able
    to answer; do not delay the transfer for it)" (the comma: physician review R23a, finding 7), for the box that
    carries today's CIWA-Ar item 10 at 1's "if delirium: ... arrange transfer now" (physician review R21, session 19,
    must-fix M2); ``""`` where no finding is told."""
    from .resolution import IF_TRANSFERRED_TOLD, WITH_SAFETY_PLANNING

    screened = _screened_told(rec)
    planned = WITH_SAFETY_PLANNING if _safety_planned(rec) else ""
    return IF_TRANSFERRED_TOLD.format(screened=screened, planned=planned) if screened else ""


#: A same-day suicide risk assessment a step says without its handover (:func:`_screens_told_if_escalated`).
_SAME_DAY_ASSESSMENT = re.compile(r"\ba same-day suicide risk assessment(?: with safety planning)?(?! \()")


def _screens_told_if_escalated(rec: Recommendation, headline: str) -> str:
    """The headline with the suicide findings of ``rec`` told at handover, if transferred, after the same-day suicide
    risk assessment of a step whose only transfer is a COWS box's escalation to medically managed withdrawal or a
    higher level of care (:data:`_MANAGED_ESCALATED`), told as beside an old CIWA-Ar's or today's delirium's
    conditional transfer (:func:`if_transferred_told`; physician review R27, M1: cases 252 and 589 beside 29 and 616;
    Joint Commission NPSG 15.01.01 and Sentinel Event Alert 58: the handover is where a finding is lost). The
    withdrawal scores and any dose join that clause (:func:`one_handover_a_step`)."""
    steps = _STEP_END.split(headline)
    told = if_transferred_told(rec)
    for k, step in enumerate(steps):
        if not told or not _MANAGED_ESCALATED.search(step) or _TRANSFER_SAID.search(step) or _TELL in step:
            continue
        if (assessed := _SAME_DAY_ASSESSMENT.search(step)) is not None:
            steps[k] = f"{step[: assessed.end()]} {told}{step[assessed.end() :]}"
    return " ".join(steps)


def _safety_planned(rec: Recommendation) -> bool:
    """Whether a finding handed over at a transfer calls for safety planning with its suicide risk assessment (C-SSRS
    moderate risk, :data:`~iopkit.placement.resolution.SAFETY_PLANNED`). Physician review R3 (session 11), must-fix
    6."""
    from .resolution import SAFETY_PLANNED

    return any(f.code in SAFETY_PLANNED and not f.worst_case for f in _screened_found(rec))


def _blank_phq9_only(rec: Recommendation) -> bool:
    """Whether every finding calling for a same-day suicide risk assessment (:func:`_screened_found`) is a blank PHQ-9
    item 9 (its worst answer assumed until asked, Kroenke et al. 2001)."""
    found = _screened_found(rec)
    return bool(found) and all(f.worst_case and "PHQ-9 item 9" in f.message for f in found)


def _screened_found(rec: Recommendation) -> list[Flag]:
    """The findings calling for a same-day suicide risk assessment a receiving team is told of (:func:`_screened_told`):
    not an informational flag, a withdrawn C-SSRS flag (its own step) or a rating's clause."""
    from .continued_stay import calls_for

    return [
        f
        for f in rec.flags
        if calls_for(f) is CallsFor.RISK_ASSESSMENT
        and f.severity is not Severity.INFO
        and f.withdrawn is None
        and not f.code.startswith("rated_below_suggestion")  # the rating's clause, not a finding
    ]


def _withdrawn_leads(rec: Recommendation, after: str = "", also: str = "", screened: str = "") -> str:
    """The headline's step for each C-SSRS high-risk flag a correction withdrew, never closed and kept open, whose
    screen was not repeated yet (``Flag.withdrawn``, set by :attr:`~iopkit.placement.resolution.Reopened.listed`):
    "step (reason)what follows" (:func:`~iopkit.placement.resolution.withdrawn_lead`), joined by "; "; ``""`` when
    none. The chart's step, never the emergency evaluation the disputed finding called for: the repeated screen
    decides; it leads unless an emergency evaluation or a step due now of a score taken today does (then it follows,
    "; then ...", as ``after`` says: :func:`~iopkit.placement.resolution.withdrawn_lead`; ``also``, said after the last
    flag's reason: the same-day suicide risk assessment joined to it), and its
    :attr:`Recommendation.first_step` is :attr:`FirstStep.RISK_ASSESSMENT`. Once the screen was repeated, only its
    closing is said, last (:func:`~iopkit.placement.resolution.withdrawn_close`). iopkit's own rule (physician
    review).

    Examples
    --------
    >>> import datetime
    >>> from iopkit.flags import Withdrawn
    >>> from iopkit.placement import recommend, suggest_dimensions
    >>> w = Withdrawn(datetime.date(2026, 3, 2), datetime.date(2026, 3, 5), "2", True)
    >>> kept = Flag("suicide_risk_high", "C-SSRS high risk", "critical", calls_for="emergency_evaluation", withdrawn=w)
    >>> r = recommend({1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([], older_open_flags=[kept]))
    >>> r.first_step, r.headline[:61]
    (<FirstStep.RISK_ASSESSMENT: 'risk_assessment'>, 'First: contact the patient now (welfare check if unreachable)')
    """
    from .resolution import SAFETY_PLANNED, withdrawn_lead

    what = {f.withdrawn: _code_words(f) for f in rec.flags if f.withdrawn is not None}  # a lowered flag's own name
    planned = {f.withdrawn for f in rec.flags if f.withdrawn is not None and f.code in SAFETY_PLANNED}
    marks = _withdrawn_marks(rec)
    return "; ".join(
        withdrawn_lead(
            w,
            after,
            what.get(w, ""),
            *((also, screened) if i == len(marks) - 1 else ("", "")),
            planned=w in planned,
        )
        for i, w in enumerate(marks)
    )


def _withdrawn_marks(rec: Recommendation) -> list[Withdrawn]:
    """The markers of the C-SSRS high-risk flags a correction withdrew whose screen was not repeated yet, once each
    (:func:`_withdrawn_leads`)."""
    marks = dict.fromkeys(f.withdrawn for f in rec.flags if f.withdrawn is not None and f.withdrawn.repeated is None)
    return [w for w in marks if w is not None]


def _also_before_setting(risk: Iterable[_Review]) -> str:
    """The withdrawal-risk assessment (:func:`_risk_not_assessed_step`) as a sentence of its own after the headline's
    first, where other steps lead: " Also before deciding the setting: assess withdrawal risk today (...); if ...:
    3.7-WM unless the reason is recorded (withdrawal risk not assessed)."; ``""`` for none. Its own "before deciding
    the setting" is said once, by the sentence's opening (iopkit's own wording, physician re-review: no first sentence
    runs on)."""
    found = [(g.action, r.why) for r in risk for g in r.signs]
    if not found:
        return ""
    steps = _steps(dict.fromkeys(a.replace(" before deciding the setting", "", 1) for a, _ in found))
    return f" Also before deciding the setting: {steps} ({'; '.join(dict.fromkeys(w for _, w in found))})."


def _reasons_in_step_order(review: Iterable[_Review], screening: list[str]) -> list[str]:
    """The headline's reasons in the order of its steps where a step due now leads a same-day suicide risk assessment
    (:func:`_now`): the findings of the steps now, the suicide-risk findings, then the other reviews' findings. A
    dimension rated below what findings of both kinds suggest is split: the findings now lead on their own, the
    others follow the assessment with the rating ("CIWA-Ar item 10 at 1 (...); suicidal ideation; COWS 13-24
    (moderate withdrawal): dimension 1 rated 0, below the 2 they call for")."""
    lead: list[str] = []
    rest: list[str] = []
    for r in review:
        now = [g for g in r.signs if _now(g)]
        later = [g for g in r.signs if not _now(g)]
        if now and later and r.rated:
            lead.append(", ".join(_in_list(dict.fromkeys(_finding(g) for g in now))))
            # a clause naming each finding with its rating (:func:`_below_reason`) names them already; a finding
            # after the others starts in lower case ("past withdrawal seizure ...", physician review 7)
            each = " that " in r.rated
            names = [n for n in map(_finding, later) if not (each and n.lower() in r.rated.lower())]
            # the findings left with the rating: "it calls for" for one, "they call for" for several (physician
            # review R25b: joined reasons are plural)
            rated = r.rated
            if not each:
                one = len(dict.fromkeys(names)) < 2
                rated = (
                    rated.replace(" they call for", " it calls for")
                    if one
                    else rated.replace(" it calls for", " they call for")
                )
            rest.append(": ".join(filter(None, [", ".join(_in_list(["", *dict.fromkeys(names)])[1:]), rated])))
        else:
            (lead if now else rest).append(r.why)
    return list(dict.fromkeys(lead + screening + rest))


def _asked_first(blank: Iterable[Flag]) -> str:
    """What must hold before the plan of a headline led by a blank question's worst case (``Flag.worst_case``, e.g.
    CIWA-Ar item 10 not asked yet: complicated withdrawal until it is), in words: "CIWA-Ar item 10, once answered,
    rules out complicated withdrawal"; ``""`` for none."""
    asked, found = [], []
    for f in blank:
        instrument, item = _blank_item(f)
        asked.append(" ".join(w for w in (instrument, item) if w) or "the blank question")
        found.append(_short(f))
    if not asked:
        return ""
    one = len(asked) == 1 and " items " not in f" {asked[0]} "
    return (
        f"{' and '.join(dict.fromkeys(asked))}, once answered, {'rules' if one else 'rule'} out "
        f"{' and '.join(dict.fromkeys(found))}"
    )


def _and_steps(actions: Iterable[str], scoped: bool = False) -> str:
    """Next steps following another in one clause (", and ..."), each starting in lower case (:func:`_steps`), a
    prescriber's review with its article ("a prescriber's review before the patient leaves: ..."); ``scoped``: the
    clause already says "before the patient leaves", so a step does not say it again ("a prescriber's review: ...")."""
    lead = PRESCRIBER_REVIEW[:1].lower() + PRESCRIBER_REVIEW[1:]  # "prescriber's review before the patient leaves"
    said = lead.removesuffix(" before the patient leaves") if scoped else lead
    # two prescriber's reviews before the patient leaves said as one: "a prescriber's review before the patient
    # leaves: <first>; <second>" (physician review 7, length)
    acts = [_steps([a]) for a in actions]
    theirs = [a for a in acts if a.startswith(f"{lead}: ")]
    if len(theirs) > 1:
        merged = "; ".join([theirs[0], *(a[len(lead) + 2 :] for a in theirs[1:])])
        acts = [merged if a == theirs[0] else a for a in acts if a not in theirs[1:]]
    return "; ".join(f"a {said}{a[len(lead) :]}" if a.startswith(lead) else a for a in "; ".join(acts).split("; "))


#: The moderate CIWA-Ar band's step shortened for the headline (physician review 7, length; the flag keeps the
#: ASAM 2020 alcohol withdrawal guideline's words: moderate withdrawal, 10-18, should receive medication).
_TREAT_WITH_MEDICATION = "treat withdrawal with medication"
_SHORTER = {
    "at a CIWA-Ar of 10 or more treat withdrawal with medication (ASAM 2020: moderate withdrawal, 10-18, should "
    "receive medication); at 8-9 consider it": f"{_TREAT_WITH_MEDICATION} (CIWA-Ar 10 or more; consider at 8-9)",
}
#: The headline's doses outside a rating of 4 (the rating-4 doses are screened where they are said:
#: :func:`_intoxication_screened`), by the withdrawal they treat: alcohol, a severe CIWA-Ar's first dose before
#: transfer (:data:`~iopkit.flags.FIRST_DOSE_SEVERE`, also the dose for both withdrawals beside a COWS above 36) and
#: the moderate band's medication (:data:`_SHORTER`); opioid, a COWS above 36's "a prescriber treats withdrawal now"
#: (:data:`~iopkit.placement.suggest.SEVERE_STEP`, of today or if still 37 or more on a re-score) and the prescriber's
#: review of a COWS of 13-36 ("treat withdrawal as the prescriber decides"). A 24-hour plan's first dose before
#: transfer (:data:`~iopkit.placement.suggest.FIRST_DOSE`) is screened where it is said
#: (:func:`_first_dose_before_transfer`): its withdrawal is read from its flags there.
_DOSE_SAID = re.compile(
    f"(?P<alcohol>{re.escape(FIRST_DOSE_SEVERE)}|{_TREAT_WITH_MEDICATION})"
    "|(?P<opioid>a prescriber treats withdrawal|treat withdrawal as the prescriber decides)"
)
#: A screen for intoxication already said (alone, or with delirium: :data:`_BEFORE_ANY_DOSE`, :data:`_AFTER_RESCORE`,
#: :data:`_INTOXICATION_AT_4`), or the intoxication branch of the medical review before the first dose whose
#: "otherwise" the dose is (:func:`_review_before_dose`, its screen said at the start of the same lead).
_SCREENED = re.compile(r"screen for\b[^;]*?\bintoxication|\bif intoxicated\b")
#: What guards a re-score's dose before it (:func:`rescore_screened`): a screen (:data:`_SCREENED`), or a box's "after
#: the first step's medical review finds no delirium and no intoxication ..." (physician review R23b, B1).
_RESCORE_GUARDED = re.compile(rf"{_SCREENED.pattern}|\bno intoxication\b")


def _doses_screened(headline: str) -> str:
    """``headline`` with the intoxication screen in front of the first dose of each of its steps
    (:func:`~iopkit.placement.steps.headline_steps`) that no screen before it in the same step guards already: before
    a dose for alcohol withdrawal :data:`_INTOXICATION_ALCOHOL` (thiamine and blood glucose too), before one for opioid
    withdrawal alone :data:`_INTOXICATION_AT_4` (:data:`_DOSE_SAID`). One screen per step, before its first dose, none
    after the medical review's hold of every dose while intoxicated (CIWA-Ar item 10 at 1: :data:`_IF_INTOXICATED`,
    :data:`~iopkit.flags.BENZODIAZEPINE_HOLD`); no other word changed.

    Why: a sedating dose given to a patient intoxicated with alcohol or another sedative risks respiratory depression
    (buprenorphine and methadone labels: alcohol and other CNS depressants; FDA Drug Safety Communication, 20 Sep 2017,
    ``fda_bup_benzo2017``); ASAM 2020 alcohol withdrawal guideline (assess intoxication; thiamine). Physician review
    R13 (session 14), should-fix S4, its words: the screen R12 put before every rating-4 dose, before every dose.

    Examples
    --------
    >>> print(_doses_screened("First: a prescriber treats withdrawal now, before the patient leaves: buprenorphine; "
    ...                       "re-score the COWS after dosing."))  # doctest: +NORMALIZE_WHITESPACE
    First: before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication);
    if intoxicated: no dose here; otherwise a prescriber treats withdrawal now, before the patient leaves:
    buprenorphine; re-score the COWS after dosing.
    >>> print(_doses_screened("First: a prescriber's review before the patient leaves: treat withdrawal with "
    ...                       "medication."))  # doctest: +NORMALIZE_WHITESPACE
    First: a prescriber's review before the patient leaves: before any dose: screen for intoxication (breath alcohol
    above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if intoxicated: no dose
    here; otherwise treat withdrawal with medication.
    >>> _doses_screened(_doses_screened("First: treat withdrawal with medication.")).count("screen for")
    1
    """
    from .steps import headline_steps

    out: list[str] = []
    for step in headline_steps(headline):
        text, dose = step.text, _DOSE_SAID.search(step.text)
        # the medical review before the first dose (CIWA-Ar item 10 at 1) holds every dose while intoxicated, its
        # screen and its "until it clears and the review is repeated" said once, steps before (physician review R5,
        # must-fix 2: the hold said once)
        held = any(UNTIL_IT_CLEARS in said for said in out)
        # the dose otherwise after an old moderate CIWA-Ar's branch at 8 or more: its screen is the step's, said
        # sentences before (physician review R19, session 16, must-fix N1: one screen before any dose first)
        held = (
            held
            or step.text.startswith(_CIWA_RESCORE_OTHERWISE[2:])
            and any(_CIWA_RESCORE_SCREEN in said for said in out)
        )
        if dose is not None and not held and _SCREENED.search(text, 0, dose.start()) is None:
            alcohol = any(m["alcohol"] for m in _DOSE_SAID.finditer(text))
            screen = _INTOXICATION_ALCOHOL if alcohol else _INTOXICATION_AT_4
            text = f"{text[: dose.start()]}{screen}{text[dose.start() :]}"
        out.append(f"{text}{step.separator}")
    return "".join(out)


def _steps(actions: Iterable[str]) -> str:
    """Next steps as one clause of the headline, each starting in lower case: "medical review now: ...; assess
    withdrawal risk today (...)", a long step in its headline words (:data:`_SHORTER`)."""
    out = "; ".join(a[:1].lower() + a[1:] for a in actions)
    for long, short in _SHORTER.items():
        out = out.replace(long, short)
    return out


def _signs_today(rec: Recommendation) -> int | None:
    """The rating dimension 1's suggestion calls for when a withdrawal-sign score of the placement's day (CIWA-Ar,
    COWS: :func:`~iopkit.placement.suggest.rates_signs_now`) is in a withdrawal band whose flag calls for treatment
    (a medical review, or critical), else ``None``: withdrawal is present today, so a plan with dimension 1 rated 0
    never says no withdrawal management is needed (iopkit's own rule, physician review; treatment follows the
    current score: ASAM 2020 alcohol withdrawal guideline, Rec III.3)."""
    last = [s for s in rec.suggested if s.dimension == 1][-1:]
    if not last:
        return None
    today = [
        f
        for f in last[0].flags
        if not f.worst_case
        and not _origin(f.message)
        and not _only_records(f)
        and rates_signs_now(_instrument(f))
        and (
            f.severity is Severity.CRITICAL
            or (f.severity is Severity.WARNING and calls_for(f) is CallsFor.MEDICAL_REVIEW)
        )
    ]
    return last[0].rating if today else None


def _total_today(rec: Recommendation, instrument: str) -> float | None:
    """The total of the CIWA-Ar or COWS (``instrument``) of the placement's day behind dimension 1's suggestion
    (:func:`~iopkit.placement.suggest.total_today`), else ``None``."""
    last = [s for s in rec.suggested if s.dimension == 1][-1:]  # the last of a dimension, as recommend() reads them
    return total_today(last[0], instrument) if last else None


#: A re-score now of a CIWA-Ar of another day, its own ("Re-score the CIWA-Ar now (...)") or an old complicated
#: CIWA-Ar's emergency evaluation ("Emergency medical evaluation now: re-score the CIWA-Ar and ...").
_RESCORES_CIWA = re.compile(r"(?:Emergency medical evaluation now: r|R)e-score the CIWA-Ar\b")


def _rated_0_clause(rec: Recommendation, default_24h: bool, in_24h: bool) -> str:
    """The clause of a plan with dimension 1 rated 0 (:func:`_if_withdrawal_returns`), with what the recommendation
    says of today's withdrawal signs and risk: a sign in a treatment band (:func:`_signs_today`), today's CIWA-Ar and
    COWS totals (:func:`_total_today`), a high risk of complicated withdrawal (:func:`_high_risk`), and whether
    possible withdrawal delirium was scored earlier today (:func:`_delirium_today`: signs were then scored today)."""
    return _if_withdrawal_returns(
        default_24h,
        in_24h,
        _signs_today(rec),
        _total_today(rec, "ciwa_ar"),
        cows=_total_today(rec, "cows"),
        high_risk=_high_risk(rec) is not None,
        scored_earlier=bool(_delirium_today(rec)),
        evaluation=any(rec.dimensions.get(d) == 4 for d in (2, 3)),
        ciwa_asked=any(_rescore_now(f) and _RESCORES_CIWA.match(f.action) for f in rec.flags),
        alongside=bool(_alcohol_alongside(rec)),
        managed=rec.level is LevelOfCare.INPATIENT_MANAGED,
    )


#: What a plan with dimension 1 rated 0 says of preventive withdrawal medication under a high risk of complicated
#: withdrawal (ASAM 2020 alcohol withdrawal guideline, Rec IV.13-IV.14: patients at risk of severe or complicated
#: withdrawal treated as outpatients should be given preventive pharmacotherapy; physician review 6): beside a
#: CIWA-Ar above 0 of today, and where no sign was scored today.
PREVENTIVE_SIGNS = (
    "preventive withdrawal medication as the medical review decides (a high risk of complicated withdrawal calls for "
    "it while withdrawal may still develop)"
)
PREVENTIVE_RECENT = (
    "preventive withdrawal medication as the medical review decides if the last drink or sedative dose was recent"
)


def _if_withdrawal_returns(
    default_24h: bool,
    in_24h: bool = False,
    signs_today: int | None = None,
    ciwa: float | None = None,
    *,
    cows: float | None = None,
    high_risk: bool = False,
    scored_earlier: bool = False,
    evaluation: bool = False,
    ciwa_asked: bool = False,
    alongside: bool = False,
    managed: bool = False,
) -> str:
    """What a plan with no withdrawal management (dimension 1 rated 0) says under a high risk of complicated
    withdrawal (or possible withdrawal delirium earlier today), in words a counsellor can follow, with iopkit's rule
    for it (3.7-WM unless a mitigation is recorded and medically reviewed, 2-WM after that review; never 1-WM:
    :func:`~iopkit.placement.suggest_dimensions` on the ASAM 2020 alcohol withdrawal guideline, Rec II.5, III.1;
    ``in_24h``: in a 24-hour plan, where a home mitigation does not apply, 3.7-WM).

    Withdrawal in a band that calls for treatment today (``signs_today``, :func:`_signs_today`; the rating below it is
    said once, with the step of the finding that calls for it): "withdrawal management today: 3.7-WM medically
    monitored inpatient withdrawal management, or 2-WM once a mitigation is recorded and medically reviewed; never
    1-WM" (physician review 6: as the rated-1 plan and the rule below say it); beside alcohol withdrawal alongside
    opioid withdrawal (``alongside``: :func:`_alcohol_alongside`, a complicating condition) without the 2-WM of a
    mitigation, "withdrawal management today: 3.7-WM medically monitored inpatient withdrawal management; never 1-WM"
    (physician review 8); within Level 4 (``managed``: dimension 2 or 3 rated 4) "4-WM medically managed intensive
    inpatient withdrawal management (within Level 4)", never 3.7-WM (physician review 8).

    Under a high risk of complicated withdrawal (``high_risk``), preventive medication is the medical review's to decide
    (ASAM 2020, Rec IV.13-IV.14: at risk of severe or complicated withdrawal, an outpatient should be given preventive
    pharmacotherapy; physician review 6), never "no withdrawal medication" nor "none needed": beside today's CIWA-Ar
    above 0 (``ciwa``), below the treatment band, "CIWA-Ar of 5 today: preventive withdrawal medication as the medical
    review decides (a high risk of complicated withdrawal calls for it while withdrawal may still develop); re-score
    before the patient leaves; if signs increase or use resumes: never 1-WM; <the rule>" (Rec III.3: serial CIWA-Ar
    ratings); at a CIWA-Ar of 0 today, "CIWA-Ar of 0 today: preventive withdrawal medication as the medical review
    decides if the last drink or sedative dose was recent; if substance use resumes or withdrawal returns: never 1-WM;
    <the rule>"; at none, "no CIWA-Ar today: score one before the patient leaves; preventive ..." (physician review
    7, S3: a 0 is a score); possible delirium scored earlier today (``scored_earlier``: an emergency evaluation
    leads), "preventive withdrawal medication as the evaluation decides"; a COWS of 1-4, "COWS of 3 today; score a
    CIWA-Ar before the patient leaves; preventive ..." (2f(ii)); a COWS of 13 or more with no CIWA-Ar today adds to
    the treatment-band clause "; score a CIWA-Ar before the patient leaves (...)" (S4), as a mild COWS does; none of
    these asks again for a CIWA-Ar whose re-score leads (``ciwa_asked``). With dimension 2 or 3 rated 4
    (``evaluation``: an emergency evaluation and transfer lead), "as the evaluation decides", "re-score before
    transfer" and "if signs increase or use resumes: 4-WM medically managed intensive inpatient withdrawal
    management" (2f(iv), S5; ASAM 2013: rating 4 is imminent danger). A mild COWS of today (``cows`` 5-12, Wesson &
    Ling 2003) comes first: "COWS of 7 today (mild, 5-12): buprenorphine or symptom relief as the prescriber decides;
    re-score the COWS and score a CIWA-Ar before the patient leaves (tremor, sweating and anxiety may also be alcohol
    or sedative withdrawal)" (the high risk is of alcohol or sedative withdrawal: screen for it today; "and score a
    CIWA-Ar" and its reason only where none was scored today, whose text then follows; at a CIWA-Ar of 0 today, "CIWA-Ar
    of 0 today: preventive withdrawal medication as the medical review decides if the last drink or sedative dose was
    recent"; physician review 6).

    Without a high risk, signs below the treatment band on today's CIWA-Ar: "no withdrawal medication at today's
    CIWA-Ar of 5; re-score before the patient leaves; if signs increase or use resumes: never 1-WM; <the rule>";
    otherwise "no withdrawal management needed now (dimension 1 rated 0); if substance use resumes or withdrawal
    returns: never 1-WM; <the rule>" (physician review: never "none needed" beside signs of today; one "never", for
    1-WM only).

    Examples
    --------
    >>> print(_if_withdrawal_returns(True, ciwa=5, high_risk=True))  # doctest: +NORMALIZE_WHITESPACE
    CIWA-Ar of 5 today: preventive withdrawal medication as the medical review decides (a high risk of complicated
    withdrawal calls for it while withdrawal may still develop); re-score before the patient leaves; if signs increase
    or use resumes: never 1-WM; 3.7-WM medically monitored inpatient withdrawal management unless a mitigation is
    recorded and medically reviewed
    """
    then = (
        f"{_named(LevelOfCare.WM_INPATIENT_MANAGED)} (within Level 4)"
        if in_24h and managed
        else f"{_named(LevelOfCare.WM_INPATIENT_MONITORED)} (a home mitigation does not apply in a 24-hour setting)"
        if in_24h
        else f"{_named(LevelOfCare.WM_INPATIENT_MONITORED)} unless a mitigation is recorded and medically reviewed"
        if default_24h
        else f"{_named(LevelOfCare.WM_AMBULATORY_EXTENDED)} once the recorded mitigation is medically reviewed"
    )
    if signs_today is not None:  # withdrawal present today: never "none needed now"
        today = (
            f"{_named(LevelOfCare.WM_INPATIENT_MONITORED)}, or {LevelOfCare.WM_AMBULATORY_EXTENDED.code} once a "
            "mitigation is recorded and medically reviewed"
            if default_24h and not in_24h and not alongside
            else _named(LevelOfCare.WM_INPATIENT_MONITORED)
            if alongside and not in_24h
            else then
        )
        # a COWS of 13 or more beside a high risk of complicated (alcohol or sedative) withdrawal: a CIWA-Ar too
        # (physician review 7, S4), as beside a mild COWS
        screen = (
            "; score a CIWA-Ar before the patient leaves " + _ALSO_ALCOHOL
            if high_risk and ciwa is None and not ciwa_asked and (cows or 0) >= 13
            else ""
        )
        return f"withdrawal management today: {today}; never 1-WM{screen}"
    if not high_risk:
        if ciwa:  # signs below the treatment band today: none now, a re-score before the patient leaves
            return (
                f"no withdrawal medication at today's CIWA-Ar of {ciwa:g}; re-score before the patient leaves; if "
                f"signs increase or use resumes: never 1-WM; {then}"
            )
        return (
            "no withdrawal management needed now (dimension 1 rated 0); if substance use resumes or withdrawal "
            f"returns: never 1-WM; {then}"
        )
    said: list[str] = []
    mild_cows = cows is not None and 5 <= cows <= 12  # Wesson & Ling 2003: 5-12 mild
    if mild_cows:
        said.append(f"COWS of {cows:g} today (mild, 5-12): buprenorphine or symptom relief as the prescriber decides")
        said.append(
            "re-score the COWS before the patient leaves"
            if ciwa is not None or ciwa_asked
            else f"re-score the COWS and score a CIWA-Ar before the patient leaves {_ALSO_ALCOHOL}"
        )
    elif cows and not scored_earlier:  # COWS 1-4: the CIWA-Ar screen kept (physician review 7, 2f(ii))
        said.append(f"COWS of {cows:g} today")
        said += [] if ciwa is not None or ciwa_asked else ["score a CIWA-Ar before the patient leaves"]
    if scored_earlier and not ciwa:  # possible delirium earlier today: the emergency evaluation decides (2f(i))
        said.append(f"preventive withdrawal medication {EVALUATION_DECIDES}")
    elif ciwa:
        said += [f"CIWA-Ar of {ciwa:g} today: {PREVENTIVE_SIGNS}", "re-score before the patient leaves"]
    elif ciwa is not None:  # a CIWA-Ar of 0 today is a score, not "no signs scored" (physician review 7, S3)
        said.append(f"CIWA-Ar of {ciwa:g} today: {PREVENTIVE_RECENT}")
    elif not mild_cows and (cows or ciwa_asked):  # the CIWA-Ar is asked for above, or its re-score leads
        said.append(PREVENTIVE_RECENT)
    elif mild_cows:  # its CIWA-Ar screen is asked for above
        pass
    else:
        said.append(f"no CIWA-Ar today: score one before the patient leaves; {PREVENTIVE_RECENT}")
    signs = bool(ciwa) or mild_cows
    when = "if signs increase or use resumes" if signs else "if substance use resumes or withdrawal returns"
    if evaluation:  # an emergency evaluation leads (dimension 2 or 3 rated 4): it decides, before transfer, 4-WM
        text = "; ".join(said).replace("as the medical review decides", EVALUATION_DECIDES)
        return f"{text.replace('before the patient leaves', 'before transfer')}; {when}: " + _named(
            LevelOfCare.WM_INPATIENT_MANAGED
        )
    return "; ".join([*said, f"{when}: never 1-WM; {then}"])


#: Why a COWS beside a high risk of complicated withdrawal asks for a CIWA-Ar (physician review 6, 7).
_ALSO_ALCOHOL = "(tremor, sweating and anxiety may also be alcohol or sedative withdrawal)"


def _named(wm: LevelOfCare) -> str:
    """A withdrawal-management level in the headline's words: "3.7-WM medically monitored inpatient withdrawal
    management"."""
    return f"{wm.code} {wm.label[0].lower()}{wm.label[1:]}"


def _wm_first_named(rec: Recommendation, wm: LevelOfCare) -> str:
    """The residential or inpatient withdrawal management ``wm`` of ``rec`` that comes first
    (:attr:`Recommendation.withdrawal_first`), in the headline's words: "3.7-WM medically monitored inpatient withdrawal
    management", or 4-WM while delirium of today is not excluded, then the history rule once it is (physician review
    8)."""
    named = _named(wm)
    if _delirium_today(rec) and wm.rank < LevelOfCare.WM_INPATIENT_MANAGED.rank:  # not excluded: 4-WM
        named = (
            f"{_named(LevelOfCare.WM_INPATIENT_MANAGED)} while delirium is not excluded; once it is, "
            f"{_named(max(wm, LevelOfCare.WM_INPATIENT_MONITORED, key=lambda lv: lv.rank))}"
            # "(not 3.2-WM)" only where 3.2-WM was an option: the level's own setting or dimension 1's rating
            + (
                " (not 3.2-WM)"
                if LevelOfCare.WM_RESIDENTIAL
                in (SETTING_WM.get(rec.level), _RULE[(1, rec.dimensions[1])].withdrawal_management)
                else ""
            )
        )
    return named


def _first_dose_before_transfer(rec: Recommendation) -> str:
    """Where 24-hour withdrawal management or setting leads and nothing else does: a withdrawal sign of today a
    prescriber treats gets its first dose before the transfer, "; a prescriber gives a first dose before transfer if
    able (CIWA-Ar in the moderate withdrawal band)" (reaching the 24-hour setting takes hours), "" with none; the
    intoxication screen before it (:func:`_doses_screened`; physician review R13, should-fix S4)."""
    prescribed = _prescriber_steps(rec, ())
    dose = ", ".join(_in_list(dict.fromkeys(r.why for r in prescribed)))
    # the intoxication screen before it, with thiamine and blood glucose for a CIWA-Ar (physician review R13,
    # should-fix S4: :func:`_doses_screened`)
    alcohol = any(g.code in _CIWA_TREATED for r in prescribed for g in r.signs)
    return f"; {_INTOXICATION_ALCOHOL if alcohol else _INTOXICATION_AT_4}{FIRST_DOSE} ({dose})" if dose else ""


def _level_words(rec: Recommendation) -> str:
    """The treatment level in the headline's words, with any clinical services added alongside its setting and its
    weekly hours: "Level 2.1 (Intensive outpatient), 9 to under 20 h/week of clinical services"."""
    text = f"{rec.level}"
    if rec.clinical_services is not None:
        text += f" with {rec.clinical_services.code} ({rec.clinical_services.label.lower()})-level clinical services"
    if rec.hours_per_week:
        text += f", {_hours_words(rec.hours_per_week)} of clinical services"
    return text


def _plan(rec: Recommendation, after: bool = False) -> str:
    """The plan in words; ``after``: as a clause following the first step ("then: ..."). Dimension 4, 5 or 6 rated 4
    with no dimension 1-3 rated 4: the 24-hour setting arranged today (:func:`_setting_today_plan`)."""
    if _setting_today(rec):
        return _setting_today_plan(rec, after)
    wm = rec.withdrawal_management
    if wm is not None and _managed_within_level(rec):
        # Level 4 for dimension 2 or 3 rated 4, dimension 1 calling for no 24-hour withdrawal management: any
        # withdrawal managed within the level, never withdrawal management first (physician review 8)
        return f"{rec.level if after else f'Recommended: {rec.level}'}, {WITHIN_LEVEL}"
    if rec.withdrawal_first and wm is not None:
        named = _wm_first_named(rec, wm)
        if after:
            return (
                f"{named}, then a reassessment of all six dimensions for treatment (on today's ratings at "
                f"least {rec.level})"
            )
        # nothing else leads: a withdrawal sign of today a prescriber treats gets its first dose before the transfer
        named += _first_dose_before_transfer(rec)
        return (
            f"First: {named}; then reassess all six dimensions for treatment (on today's ratings at least {rec.level})"
            # it ends as every other "First:" headline does (physician final review)
            + "."
        )
    text = _level_words(rec) if after else f"Recommended: {_level_words(rec)}"
    risk = _high_risk(rec)
    today = _delirium_today(rec)
    if wm is LevelOfCare.WM_AMBULATORY and (risk is not None or today):  # never 1-WM with a high risk
        why = today or (_in_list(["", _finding(risk)])[1] if risk is not None else "")
        text += f"; with {_named(LevelOfCare.WM_AMBULATORY_EXTENDED)} (not 1-WM: {why})"
    elif wm is not None:
        text += f"; with {_named(wm)}"
    return text


def _imminent_456(rec: Recommendation) -> tuple[int, ...]:
    """The dimensions among 4, 5 and 6 rated 4 (imminent danger), in order, where no dimension 1, 2 or 3 is rated 4
    (whose rules, the ED transfer among them, then win); ``()`` otherwise (physician review R13, session 14,
    should-fix 6: the rating-4 rules are dimensions 1-3's only; ASAM Criteria 2013)."""
    return _imminent_456_of(rec.dimensions)


def _imminent_456_of(ratings: Mapping[int, int]) -> tuple[int, ...]:
    """:func:`_imminent_456` for ``ratings`` (dimension -> rating) alone, before a recommendation is made."""
    if any(ratings.get(d) == 4 for d in (1, 2, 3)):
        return ()
    return tuple(d for d in (4, 5, 6) if ratings.get(d) == 4)


def _setting_today(rec: Recommendation) -> bool:
    """True where dimension 4, 5 or 6 is rated 4 and no dimension 1, 2 or 3 is (:func:`_imminent_456`): the plan is a
    24-hour structured setting arranged today (:attr:`FirstStep.ARRANGE_24_HOUR_SETTING`), never an emergency
    department nor dimensions 1-3's rating-4 rules (ASAM Criteria, 3rd ed., 2013: imminent danger in readiness,
    relapse potential or the recovery environment is met by 24-hour structure, Level 3.5 or above; physician review
    R13, session 14, should-fix 6)."""
    return bool(_imminent_456(rec))


def _wm_leads_setting(rec: Recommendation) -> bool:
    """True where the 24-hour setting arranged today (:func:`_setting_today`) starts with withdrawal management that
    is more than the setting's own (:data:`~iopkit.placement.rule_table.SETTING_WM`: 3.2-WM in a residential level):
    dimension 1 rated 3 (3.7-WM), a high risk of complicated withdrawal (3.7-WM), or delirium of today not excluded
    (4-WM): that level is named first, as :meth:`Recommendation.describe` says it ("First 3.7-WM ..., then Level 3.5
    after a reassessment"). Withdrawal management only the setting raises (dimension 1 rated 1 or 2 in Level 3.5:
    3.2-WM) is "withdrawal management there as dimension 1 needs", never a first step of its own (ASAM Criteria 2013;
    physician review R13, should-fix 6: a first step must not name withdrawal management the patient may not need)."""
    wm, own = rec.withdrawal_management, SETTING_WM.get(rec.level)
    if not rec.withdrawal_first or wm is None:
        return False
    return own is None or wm.rank > own.rank or bool(_delirium_today(rec))


#: The 24-hour levels (3.1, 3.3, 3.5, 3.7) another dimension than 1 may set whose withdrawal management follows
def ambulatory_wm_condition(
    basis: Iterable[DimensionBasis],
    wm: LevelOfCare | None,
    edition: Edition | str = Edition.THIRD,
    *,
    fallback: bool = True,
) -> str:
    """The condition an ambulatory withdrawal management (1-WM, 2-WM) carries where dimension 5 or 6 is rated 3 or
    more, appended to the words naming it; "" otherwise. Without ``fallback``, the condition without its "; otherwise
    3.2-WM": said before a fallback the text already has (the headline's "otherwise 3.7-WM ...", "otherwise as arranged
    above": physician review R21, M1, :func:`_ambulatory_wm_conditioned`).

    Ambulatory withdrawal management relies on a safe place to spend the night and someone who can watch and call for
    help; dimension 5 or 6 rated 3-4 says the patient may have neither (ASAM Criteria, 3rd ed., 2013: 1-WM and 2-WM,
    a supportive recovery environment; ASAM 2020 alcohol withdrawal guideline: ambulatory management where the
    patient has a safe, supportive setting; physician review R17a (session 15), should-fix S8, its words).

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> r = recommend({1: 2, 2: 0, 3: 1, 4: 1, 5: 3, 6: 1})
    >>> ambulatory_wm_condition(r.basis, r.withdrawal_management)[:60]
    '; ambulatory withdrawal management only with a safe place to'
    >>> ambulatory_wm_condition(r.basis, r.withdrawal_management, fallback=False)[-43:]
    'who can call for help (dimension 5 rated 3)'
    >>> ambulatory_wm_condition(r.basis, None)
    ''
    """
    if wm not in (LevelOfCare.WM_AMBULATORY, LevelOfCare.WM_AMBULATORY_EXTENDED):
        return ""
    rated = [f"dimension {b.dimension} rated {b.rating}" for b in basis if b.dimension in (5, 6) and b.rating >= 3]
    if not rated:
        return ""
    otherwise = (
        LevelOfCare.WM_RESIDENTIAL.code if edition == Edition.THIRD else _wm_named(LevelOfCare.WM_RESIDENTIAL, edition)
    )
    return (
        "; ambulatory withdrawal management only with a safe place to stay overnight and a supportive person who can "
        f"call for help ({', '.join(rated)})"
    ) + (f"; otherwise {otherwise}" if fallback else "")


#: The ambulatory withdrawal management levels (1-WM, 2-WM) the headline's plan may offer.
_AMBULATORY_WM = (LevelOfCare.WM_AMBULATORY, LevelOfCare.WM_AMBULATORY_EXTENDED)
#: A fallback the headline's plan says after its ambulatory withdrawal management: "; otherwise 3.7-WM ...",
#: "; otherwise as arranged above", also inside "(2-WM only if the review and the prescriber find it safe; otherwise as
#: arranged above)" (:func:`_ambulatory_wm_conditioned`).
_FALLBACK = "; otherwise "


def _ambulatory_wm_offered(rec: Recommendation, text: str) -> int:
    """Where the headline ``text``'s plan names the ambulatory withdrawal management it offers (1-WM, or the 2-WM said
    in its place beside a high risk) ends: the index after its last naming; -1 where it offers none (a transfer, a
    24-hour plan, no withdrawal management); an ambulatory plan with none beside an old complicated or severe CIWA-Ar
    and an old COWS names the 2-WM :func:`old_transfer_two_withdrawals` says (physician review R31, M3, case 125)."""
    if rec.withdrawal_management not in _AMBULATORY_WM and old_transfer_beside_old_cows(rec) is None:
        return -1
    ends = [at + len(_named(wm)) for wm in _AMBULATORY_WM if (at := text.rfind(_named(wm))) >= 0]
    return max(ends, default=-1)


def _ambulatory_wm_conditioned(rec: Recommendation, text: str) -> str:
    """The headline ``text`` with the condition :meth:`Recommendation.describe` says of the ambulatory withdrawal
    management its plan offers beside dimension 5 or 6 rated 3-4 (:func:`ambulatory_wm_condition`, the one text):
    before the fallback the plan already says ("; otherwise 3.7-WM ...", "; otherwise as arranged above"), without a
    second "otherwise" of its own; with its own "; otherwise 3.2-WM" only where the plan has no fallback, after the
    level (and its "(not 1-WM: ...)"). Physician review R18 (session 16), should-fix S4, redone as physician review R21
    ruled (M1: a headline that already sends the patient higher keeps that fallback, never a second naming another
    level). ``text`` itself where no condition applies or it is said already.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> print(recommend({1: 2, 2: 0, 3: 1, 4: 1, 5: 3, 6: 1}).headline)  # doctest: +NORMALIZE_WHITESPACE
    Recommended: Level 2.5 (Partial hospitalization), at least 20 h/week of clinical services; with 2-WM ambulatory
    withdrawal management with extended on-site monitoring; ambulatory withdrawal management only with a safe place to
    stay overnight and a supportive person who can call for help (dimension 5 rated 3); otherwise 3.2-WM
    """
    end = _ambulatory_wm_offered(rec, text)
    wm = rec.withdrawal_management
    condition = ambulatory_wm_condition(rec.basis, wm, fallback=False)
    if end < 0 or not condition or condition in text:
        return text
    stop = m.start() if (m := _SENTENCE_END.search(text, end)) else len(text)
    at = text.find(_FALLBACK, end, stop)
    if at >= 0:  # R21 M1: before the fallback the plan has, no second "otherwise"
        return f"{text[:at]}{condition}{text[at:]}"
    if text.startswith(" (not 1-WM", end):  # the reason 2-WM stands for 1-WM stays with the level
        depth = 0
        for i in range(end + 1, stop):
            depth += (text[i] == "(") - (text[i] == ")")
            if depth == 0:
                end = i + 1
                break
    return f"{text[:end]}{ambulatory_wm_condition(rec.basis, wm)}{text[end:]}"


#: The COWS boxes' driving advice beside an old CIWA-Ar's conditional transfer (:func:`_beside_old_transfer`; physician
#: review R25b: any dose, not the benzodiazepine alone), as a headline's sentence may say it ("today" cut or not).
_ANY_DOSE_BESIDE_TRANSFER = re.compile(
    re.escape(f"; {ANY_DOSE_NO_DRIVING}".removesuffix(" today")) + "(?: today)?(?=;|\\.|$| \\()"
)


def _any_dose_beside_transfer_once(text: str) -> str:
    """The headline ``text`` without the COWS boxes' :data:`~iopkit.flags.ANY_DOSE_NO_DRIVING` beside an old CIWA-Ar's
    conditional transfer (:data:`_ANY_DOSE_BESIDE_TRANSFER`) in a sentence that says "the patient must not drive"
    already (its transfer's, or "... unless ... no dose of ... is given today"): the driving advice once a sentence
    (physician reviews R16 S11, R21 S2); ``text`` itself otherwise.

    Examples
    --------
    >>> print(_any_dose_beside_transfer_once(f"First: x; the patient must not drive; y; {ANY_DOSE_NO_DRIVING} (z)."))
    First: x; the patient must not drive; y (z).
    """
    return ". ".join(
        _ANY_DOSE_BESIDE_TRANSFER.sub("", s) if _NO_DRIVING.search(_ANY_DOSE_BESIDE_TRANSFER.sub("", s)) else s
        for s in _SENTENCE_END.split(text)
    )


#: A benzodiazepine's monitoring as a headline's sentence says it beside buprenorphine or methadone given on site (not
#: the conditional transfer's "until handover", said with a benzodiazepine's first dose before transfer).
_BENZODIAZEPINE_ON_SITE_SAID = f"; {BENZODIAZEPINE_ON_SITE}"


def _benzodiazepine_only_where_given(text: str) -> str:
    """The headline ``text`` with a benzodiazepine's on-site monitoring (:data:`~iopkit.flags.BENZODIAZEPINE_ON_SITE`)
    dropped from the branch "Otherwise ..." of an old moderate CIWA-Ar's re-score ("At a CIWA-Ar re-score of 8 or more
    (...): ...", :data:`CIWA_RESCORE_AT_8_SAID`) where it gives
    no benzodiazepine (:data:`_GIVES_BENZODIAZEPINE`; a re-score below 8 gives none): physician review R25b,
    driving (cases 88, 249 and 657 of the 800: an old moderate CIWA-Ar's re-score below 8, "Otherwise a prescriber
    treats withdrawal now ...: buprenorphine, or methadone ...", kept the monitoring of a benzodiazepine it does not
    give). ``text`` itself otherwise.

    Examples
    --------
    >>> said = f"{CIWA_RESCORE_AT_8_SAID}x. Otherwise bup; {BENZODIAZEPINE_ON_SITE} (y)."
    >>> print(_benzodiazepine_only_where_given(said))  # doctest: +NORMALIZE_WHITESPACE
    At a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside, a complicating condition on the COWS flag): x.
    Otherwise bup (y).
    """
    said = _SENTENCE_END.split(text)
    return ". ".join(
        s.replace(_BENZODIAZEPINE_ON_SITE_SAID, "")
        if k
        and s.startswith("Otherwise ")
        and said[k - 1].startswith(CIWA_RESCORE_AT_8_SAID)  # R42 item 2: its words
        and not _GIVES_BENZODIAZEPINE.search(s)
        else s
        for k, s in enumerate(said)
    )


#: Why the plan beside an old severe CIWA-Ar (another day's, not re-scored today) and today's COWS of 13 or more offers
#: 2-WM, not 1-WM (:func:`_two_wm_beside_two_withdrawals`): physician review R25b, the closing form R24b 1.4 ruled
#: (:data:`_NOT_ONE_WM_ITEM10`) and the high risk's ("(not 1-WM: possible withdrawal delirium on 20 Nov 2026
#: (CIWA-Ar))"), its reason in physician review R26a's words (should-fix S3: the patient who reaches the closing was
#: re-scored below 8, so there is no alcohol withdrawal today; must-fix M2: any COWS of 13 or more, not 13-36). ASAM
#: Criteria 2013, dimension 1: concurrent withdrawals; ASAM Alcohol Withdrawal Management Guideline 2020: ambulatory
#: management only at low risk of complicated withdrawal, with monitoring; severe withdrawal days ago is such a risk
#: (Rec II.5).
_NOT_ONE_WM_OLD_SEVERE = "(not 1-WM: opioid withdrawal today and severe alcohol withdrawal on {day} (CIWA-Ar))"
#: The same beside a COWS of 13 or more of another day, not re-scored today, said symmetrically: "(not 1-WM: opioid
#: withdrawal on 20 Nov 2026 (COWS) and alcohol withdrawal today (CIWA-Ar 13))", "... and severe alcohol withdrawal on
#: 20 Nov 2026 (CIWA-Ar))" (physician review R27, M3, the ruling's words: R26a's rule holds for any COWS of 13 or more,
#: today's or an old one not re-scored today; ``{opioid}``: :data:`_OPIOID_ON`, ``{alcohol}``: :data:`_ALCOHOL_TODAY`
#: or :data:`_SEVERE_ALCOHOL_ON`).
_NOT_ONE_WM_OLD_COWS = "(not 1-WM: {opioid} and {alcohol})"
_OPIOID_ON = "opioid withdrawal on {day} (COWS)"
_ALCOHOL_TODAY = "alcohol withdrawal today ({ciwa})"
_SEVERE_ALCOHOL_ON = "severe alcohol withdrawal on {day} (CIWA-Ar)"
#: The mirror beside an old moderate CIWA-Ar (13, or 14 with item 10 at 1), not re-scored today, and today's COWS of
#: 13 or more, the old score first as R27 M3 says it: "(not 1-WM: alcohol withdrawal on 20 Nov 2026 (CIWA-Ar) and
#: opioid withdrawal today (COWS 19))" (physician review R28, M2 (c): :func:`old_moderate_ciwa_beside_cows`; the basis
#: of :data:`_NOT_ONE_WM_OLD_SEVERE`).
_NOT_ONE_WM_OLD_CIWA = "(not 1-WM: {alcohol} and {opioid})"
_ALCOHOL_ON = "alcohol withdrawal on {day} (CIWA-Ar)"
_OPIOID_TODAY = "opioid withdrawal today ({cows})"
#: Why the plan beside a CIWA-Ar of 8 or more and a COWS of 13 or more, both of the placement's day, offers 2-WM, not
#: 1-WM: physician review R26a, must-fix M3's words ("alcohol and opioid withdrawal together, CIWA-Ar 13 today"; item 10
#: at 1 today: :data:`_NOT_ONE_WM_ITEM10`). ASAM Criteria 2013, dimension 1: withdrawal from more than one substance at
#: once; ASAM Alcohol Withdrawal Management Guideline 2020, Rec III.1.
_NOT_ONE_WM_BOTH_TODAY = "(not 1-WM: alcohol and opioid withdrawal together, {ciwa})"


def _two_withdrawals_reason(rec: Recommendation) -> str | None:
    """Why ambulatory withdrawal management is never below 2-WM beside two withdrawals, or ``None``: a CIWA-Ar of 8 or
    more of the placement's day (:func:`_alcohol_alongside`) beside a COWS of 13 or more of that day
    (:data:`_NOT_ONE_WM_BOTH_TODAY`, :data:`_NOT_ONE_WM_ITEM10` with item 10 at 1 today), or an open severe CIWA-Ar of
    another day, not re-scored today, beside a COWS of 13 or more of the placement's day
    (:data:`_NOT_ONE_WM_OLD_SEVERE`). Physician review R26a, must-fixes M2 and M3, one rule (an old complicated CIWA-Ar
    already closes with 2-WM as a high risk: :func:`_high_risk`).

    Parameters
    ----------
    rec : Recommendation
        The recommendation, its flags as the headline reads them.

    Returns
    -------
    str or None
        The bracketed reason, "(not 1-WM: ...)", or ``None``.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> _two_withdrawals_reason(recommend({1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1})) is None
    True
    """
    ciwa = _alcohol_alongside(rec)
    last = [s for s in rec.suggested if s.dimension == 1][-1:]
    today = {
        f.code
        for f in (last[0].flags if last else ())
        if not f.worst_case and not _origin(f.message) and not _only_records(f)
    }
    item10 = "possible_inattention" in today
    if ciwa:
        return _NOT_ONE_WM_ITEM10 if item10 else _NOT_ONE_WM_BOTH_TODAY.format(ciwa=ciwa)
    old = next(
        (f for f in rec.flags if f.code == "severe_alcohol_withdrawal" and f.day is not None and not _only_records(f)),
        None,
    )
    cows = any(f.code in _COWS_TREATED and f.day is None and not _origin(f.message) for f in rec.flags)
    if old is not None and old.day is not None and cows:
        return _NOT_ONE_WM_OLD_SEVERE.format(day=f"{old.day:%d %b %Y}")
    # an old moderate CIWA-Ar, not re-scored today, beside today's COWS of 13 or more (R28 M2, R27 M3's mirror)
    moderate = old_moderate_ciwa_beside_cows(rec)
    if moderate is not None and moderate.day is not None:
        total = _total_today(rec, "cows")
        opioid = _OPIOID_TODAY.format(cows=f"COWS {total:g}" if total is not None else "COWS")
        return _NOT_ONE_WM_OLD_CIWA.format(alcohol=_ALCOHOL_ON.format(day=f"{moderate.day:%d %b %Y}"), opioid=opioid)
    # an old COWS of 13 or more, not re-scored today, beside alcohol withdrawal (R27 M3)
    old_cows = next(
        (f for f in rec.flags if f.code in _COWS_TREATED and f.day is not None and not _only_records(f)), None
    )
    if old_cows is None or old_cows.day is None:
        return None
    if today & _CIWA_TREATED:
        total = _total_today(rec, "ciwa_ar")
        named = "CIWA-Ar item 10 at 1" if item10 else f"CIWA-Ar {total:g}" if total is not None else "CIWA-Ar"
        alcohol = _ALCOHOL_TODAY.format(ciwa=named)
    elif old is not None and old.day is not None:
        alcohol = _SEVERE_ALCOHOL_ON.format(day=f"{old.day:%d %b %Y}")
    else:
        return None
    return _NOT_ONE_WM_OLD_COWS.format(opioid=_OPIOID_ON.format(day=f"{old_cows.day:%d %b %Y}"), alcohol=alcohol)


def _two_wm_beside_two_withdrawals(rec: Recommendation, text: str) -> str:
    """The headline ``text`` whose plan offers 2-WM in place of 1-WM beside two withdrawals
    (:func:`_two_withdrawals_reason`): "with 2-WM ... (not 1-WM: ...)". Physician review R25b (case 39 of the 800), R26a
    must-fixes M2 (case 432: COWS above 36 too) and M3 (cases 252, 509, 589, 616: both withdrawals scored today);
    ``text`` itself otherwise.

    Parameters
    ----------
    rec : Recommendation
        The recommendation, its flags as the headline reads them.
    text : str
        The headline.

    Returns
    -------
    str
        The headline, its closing's 1-WM raised to 2-WM where the rule holds.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> r = recommend({1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> _two_wm_beside_two_withdrawals(r, "Recommended: x") == "Recommended: x"
    True
    """
    if rec.withdrawal_management is not LevelOfCare.WM_AMBULATORY:
        return text
    why = _two_withdrawals_reason(rec)
    one = f"with {_named(LevelOfCare.WM_AMBULATORY)}"
    at = text.rfind(one)
    plan_at = max((m.end() for m in _SENTENCE_END.finditer(text)), default=0)
    if why is None or at < plan_at:
        return text
    rest = text[at + len(one) :]
    if rest.startswith(f" {ONE_WM_ONLY_IF_SAFE}"):  # the note follows the level (physician review R5, should-fix 6)
        # one bracket, the reason then the note, never two in a row (physician review R27, should-fix beside M3)
        note = _only_if_safe(LevelOfCare.WM_AMBULATORY_EXTENDED)
        why = f"{why.removesuffix(')')}; {note.removeprefix('(')}"
        rest = rest[len(ONE_WM_ONLY_IF_SAFE) + 1 :]
    return f"{text[:at]}with {_named(LevelOfCare.WM_AMBULATORY_EXTENDED)} {why}{rest}"


#: An old CIWA-Ar's alcohol withdrawal alongside a COWS of 13-36, said as called for whatever its re-score finds
#: (:func:`_alongside` with the old CIWA-Ar's words): :func:`_alongside_at_rescore`.
_OLD_ALONGSIDE = re.compile(
    r"arrange medically managed withdrawal or a higher level of care: co-occurring alcohol withdrawal \(CIWA-Ar of "
    r"\d\d \w{3} \d{4}, not re-scored today\)"
)
#: An old CIWA-Ar's re-score now as a headline's step says it ("re-score the CIWA-Ar now (...)", "emergency medical
#: evaluation now: re-score the CIWA-Ar and screen for delirium ..."), not a dose's re-score "within 1 hour".
_RESCORE_CIWA_SAID = re.compile(r"[Rr]e-score the CIWA-Ar (?:now|and screen)")
#: Physician review R26a, should-fix S2, the reviewer's words: the escalation follows the re-score; R27 M2: "at a
#: CIWA-Ar re-score", never read as the COWS re-score said before it. The COWS box says it with its other complicating
#: conditions (:func:`_beside_old_transfer`), the headline cutting them (:data:`HEADLINE_CUTS`).
_AT_RESCORE_BOX = (
    f"at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside){_ANOTHER_COMPLICATING}: {_MANAGED_ESCALATION}"
)
AT_RESCORE_ALONGSIDE = _AT_RESCORE_BOX.replace(_ANOTHER_COMPLICATING, "")


def _alongside_at_rescore(text: str) -> str:
    """The headline ``text`` with an old CIWA-Ar's unconditional "arrange medically managed withdrawal or a higher
    level of care: co-occurring alcohol withdrawal (CIWA-Ar of 20 Nov 2026, not re-scored today)" said as the re-score
    decides (:data:`AT_RESCORE_ALONGSIDE`) in a sentence that re-scores that CIWA-Ar before it (:data:`_RESCORES_CIWA`):
    physician review R26a, should-fix S2 (case 39 of the 800 and 189, 266, 420, 715, 770: the first step has just
    re-scored the CIWA-Ar, so the condition follows the re-score; ASAM Alcohol Withdrawal Management Guideline 2020,
    Rec III.1). ``text`` itself otherwise.

    Parameters
    ----------
    text : str
        The headline.

    Returns
    -------
    str
        The headline, the escalation conditioned on the re-score.

    Examples
    --------
    >>> old = "arrange medically managed withdrawal or a higher level of care: co-occurring alcohol withdrawal"
    >>> print(_alongside_at_rescore(f"First: re-score the CIWA-Ar now; x; {old} (CIWA-Ar of 20 Nov 2026, not "
    ...                             "re-scored today); y (z)."))  # doctest: +NORMALIZE_WHITESPACE
    First: re-score the CIWA-Ar now; x; at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside): arrange
    medically managed withdrawal or a higher level of care; y (z).
    """
    said = _SENTENCE_END.split(text)
    return ". ".join(
        _OLD_ALONGSIDE.sub(AT_RESCORE_ALONGSIDE, s)
        if (m := _OLD_ALONGSIDE.search(s)) and _RESCORE_CIWA_SAID.search(s, 0, m.start())
        else s
        for s in said
    )


def _standing_withdrawal_flags(rec: Recommendation) -> list[Flag]:
    """``rec``'s flags that stand: not withdrawn, not a blank item's worst case, not only a record of an old flag
    (:func:`_only_records`): those :func:`old_moderate_ciwa_beside_cows` and :func:`two_old_withdrawals` read."""
    return [f for f in rec.flags if f.withdrawn is None and not f.worst_case and not _only_records(f)]


def _old_moderate_ciwa(flags: Iterable[Flag]) -> Flag | None:
    """The moderate CIWA-Ar flag among ``flags`` whose step is its re-score now (:func:`_rescore_now`: a score of
    another day), else ``None``."""
    return next((f for f in flags if f.code == "moderate_alcohol_withdrawal" and _rescore_now(f)), None)


def old_moderate_ciwa_beside_cows(rec: Recommendation) -> Flag | None:
    """The moderate CIWA-Ar flag of another day (13, or 14 with item 10 at 1), not re-scored today, whose step is its
    re-score now (:func:`_rescore_now`), where a COWS of 13 or more of the placement's day stands beside it, no
    CIWA-Ar of that day in a band iopkit treats and no old complicated or severe CIWA-Ar (their conditional transfer
    leads: :func:`_old_ciwa_transfer`); else ``None``. Alcohol withdrawal is possible (the old score), opioid
    withdrawal is today's: physician review R28, must-fix M2 (cases 33, 135, 312 and 563 of the 800).

    Parameters
    ----------
    rec : Recommendation
        The recommendation, its flags as the headline reads them (or as its boxes hold them).

    Returns
    -------
    Flag or None
        The old moderate CIWA-Ar's flag, or ``None``.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> old_moderate_ciwa_beside_cows(recommend({1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1})) is None
    True
    """
    flags = _standing_withdrawal_flags(rec)
    old = _old_moderate_ciwa(flags)
    cows = any(f.code in _COWS_TREATED and not _earlier_signs(f) and not _origin(f.message) for f in flags)
    ciwa_today = any(f.code in _CIWA_TREATED and not _earlier_signs(f) for f in flags)
    if old is None or not cows or ciwa_today or _old_ciwa_transfer(rec.flags) is not None:
        return None
    return old


#: An old moderate CIWA-Ar's re-score now as the headline's step says it, its treatment next (:func:`_rescore_now`).
_MODERATE_RESCORE_SAID = re.compile(
    rf"re-score the CIWA-Ar now \(last \d+ on [^()]*\); (?={re.escape(_ON_THE_CURRENT_SCORE)}; )"
)


def _old_moderate_beside_cows(rec: Recommendation, text: str) -> str:
    """The headline ``text`` beside an old moderate CIWA-Ar and today's COWS of 13 or more
    (:func:`old_moderate_ciwa_beside_cows`) with, in the sentence that re-scores that CIWA-Ar now:

    - (a) the screen before any dose said once (:func:`_screened_once`), before the re-score's "treat on the current
      score", so it guards any dose, the prescriber's review's too, with thiamine and blood glucose
      (:data:`_INTOXICATION_ALCOHOL`; the overdose question first beside a C-SSRS high or moderate risk,
      :func:`overdose_asked`): "re-score the CIWA-Ar now (last 13 on 20 Nov 2026); before any dose: screen for
      intoxication (...), give thiamine and check blood glucose; if intoxicated: no dose here; otherwise treat on the
      current score; ... a prescriber's review: treat withdrawal ..." (alcohol withdrawal is possible: ASAM 2020
      alcohol withdrawal guideline, thiamine, blood glucose and intoxication before medication; "before any dose:"
      once a step, R21 S3);
    - (b) the COWS flag's escalation "only for a complicating condition (...)" said as the CIWA-Ar re-score decides
      it, :data:`AT_RESCORE_ALONGSIDE` (R27 M2's words, as beside an old severe CIWA-Ar: :func:`_beside_old_transfer`),
      then told at handover if transferred as every such escalation is (:func:`one_handover_a_step`,
      :func:`_screens_told_if_escalated`: R27 M1);
    - (c) a plan ending in ambulatory withdrawal management then holding only if found safe (:func:`_only_if_safe`,
      as beside today's CIWA-Ar: R4 should-fix 8, R5 should-fix 6), 2-WM in place of 1-WM said by
      :func:`_two_wm_beside_two_withdrawals` (:data:`_NOT_ONE_WM_OLD_CIWA`).

    Physician review R28, must-fix M2, its words (cases 33, 135, 312, 563 of the 800); ``text`` itself otherwise.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> _old_moderate_beside_cows(recommend({1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}), "First: x.") == "First: x."
    True
    """
    if old_moderate_ciwa_beside_cows(rec) is None:
        return text
    said = _SENTENCE_END.split(text)
    for k, sentence in enumerate(said):
        m = _MODERATE_RESCORE_SAID.search(sentence)
        if m is None:
            continue
        # the re-score's own screen, then "before any dose:" once, the union of the step's screens where the first
        # stood (the boxes' rule, R18 S2, as the headline says it, R21 S3)
        screen = overdose_asked(_INTOXICATION_ALCOHOL) if overdose_risk(rec.flags) else _INTOXICATION_ALCOHOL
        sentence = _screened_once(f"{sentence[: m.end()]}{screen}{sentence[m.end() :]}")
        escalation = next((e for e in _ESCALATION.finditer(sentence) if e[1] == _MANAGED_ESCALATION), None)
        if escalation is None:
            said[k] = sentence
            break
        said[k] = f"{sentence[: escalation.start()]}{AT_RESCORE_ALONGSIDE}{sentence[escalation.end() :]}"
        wm = rec.withdrawal_management
        plan = said[-1]
        if wm in _AMBULATORY_WM and wm is not None and plan.endswith(f"with {_named(wm)}.") and k < len(said) - 1:
            said[-1] = f"{plan.removesuffix('.')} {_only_if_safe(wm)}."
        break
    return ". ".join(said)


def two_old_withdrawals(rec: Recommendation) -> tuple[Flag, Flag] | None:
    """The moderate CIWA-Ar flag of another day (13, or 14 with item 10 at 1) and the COWS flag of 13 or more of
    another day, neither re-scored today, whose steps are their re-scores now (:func:`_rescore_now`), where no CIWA-Ar
    or COWS of the placement's day in a band iopkit treats stands beside them and no old complicated or severe CIWA-Ar
    (its conditional transfer leads: :func:`_old_ciwa_transfer`); else ``None``. Both withdrawals are possible, each
    on its old score: physician review R30b, must-fix M3 (open since R28 M3; cases 120, 240, 273, 377, 406, 525, 585,
    608, 639 and 781 of the 800), the mirror of :func:`old_moderate_ciwa_beside_cows` (R28 M2) with the COWS old too.

    Parameters
    ----------
    rec : Recommendation
        The recommendation, its flags as the headline reads them (or as its boxes hold them).

    Returns
    -------
    tuple of Flag or None
        The old moderate CIWA-Ar's flag and the old COWS's flag, or ``None``.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> two_old_withdrawals(recommend({1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1})) is None
    True
    """
    flags = _standing_withdrawal_flags(rec)
    ciwa = _old_moderate_ciwa(flags)
    cows = next((f for f in flags if f.code in _COWS_TREATED and _rescore_now(f)), None)
    today = any(f.code in _CIWA_TREATED | _COWS_TREATED and not _earlier_signs(f) for f in flags)
    if ciwa is None or cows is None or today or _old_ciwa_transfer(rec.flags) is not None:
        return None
    return ciwa, cows


#: Beside two old withdrawals (:func:`two_old_withdrawals`), what either re-score finding both calls for, in physician
#: review R30b M3's words: concurrent alcohol and opioid withdrawal need medically managed withdrawal or a higher
#: level of care (ASAM Criteria 2013, dimension 1; ASAM 2020 alcohol withdrawal guideline, Rec III.1: ambulatory
#: management only at low risk of complicated withdrawal), the bands each flag treats (CIWA-Ar 8 or more, COWS 13 or
#: more).
TWO_WITHDRAWALS_ESCALATION = (
    f"at a CIWA-Ar re-score of 8 or more with a COWS re-score of 13 or more (two withdrawals): {_MANAGED_ESCALATION}"
)
#: Its driving advice after the benzodiazepine's monitoring, in the reviewer's words (R30b M3; R22 S1's rule: one
#: clause for any dose, :data:`~iopkit.flags.ANY_DOSE_NO_DRIVING`, said without its list where no step names the doses).
TWO_WITHDRAWALS_NO_DRIVING = "if any dose is given: the patient must not drive today"
#: The plan's ambulatory closing beside them: 1-WM only where the re-scores find at most one withdrawal; if both, the
#: medically managed withdrawal the escalation arranged (:data:`TWO_WITHDRAWALS_ESCALATION`), 2-WM only with the
#: recorded reason a same-day pair's plan asks for (:data:`_REVIEW_AND_PRESCRIBER`, case 5), its reason both
#: withdrawals of the old day; old scores of two days name each day (:data:`_ALCOHOL_ON`, :data:`_OPIOID_ON`).
#: Physician review R31, must-fix M1, the reviewer's words (R30b M3's "if both: 2-WM at least" contradicted the
#: escalation: a nurse could not tell whether to arrange a transfer or book 2-WM).
_UNLESS_BOTH = "only if the re-scores do not find both withdrawals"
_BOTH_AS_ARRANGED = f"if both: {_AS_ARRANGED.removeprefix('otherwise ')}"
ONE_WM_UNLESS_BOTH = (
    f"{_UNLESS_BOTH}; {_BOTH_AS_ARRANGED} (medically managed withdrawal), "
    f"2-WM {_REVIEW_AND_PRESCRIBER.removeprefix('Then, ')} {{why}}"
)
#: The same beside a plan closing in 3.2-WM (clinically managed, no medical cover): if both, the medically managed
#: withdrawal arranged above (physician review R31, M2, case 273, the reviewer's words).
RESIDENTIAL_WM_UNLESS_BOTH = f"{_UNLESS_BOTH}; {_BOTH_AS_ARRANGED}"
#: Beside an old COWS above 36 whose own branch treats and sends the patient home: a COWS re-score still above 36 with
#: a CIWA-Ar re-score of 8 or more is alcohol withdrawal alongside, a complicating condition the COWS flag lists, and
#: calls for the emergency evaluation a same-day pair gets (case 5), its transfer's words
#: (:data:`_CIWA_RESCORE_TRANSFER`): physician review R31, must-fix M2 (cases 639, 273), the reviewer's words (ASAM 2020
#: OUD guideline: severe withdrawal with complicating conditions; ASAM 2020 alcohol withdrawal guideline, II.6, III).
#: Its transfer says the capacity to decline (:data:`~iopkit.flags.DECLINES_TRANSFER`) and a first dose's timing
#: (:data:`FIRST_DOSE_BEFORE_TRANSFER`) after its staff clause, in the order every other transfer-now branch of the
#: headline and the boxes says them (physician review R51: cases 125, 273, 470, 564 and 639 of the 800).
_BOTH_SEVERE_AT = "at a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more: "
#: A first dose's timing beside a transfer now, in the boxes' words (:data:`~iopkit.placement.boxes.
#: _FIRST_DOSE_IF_NO_DELAY`).
FIRST_DOSE_BEFORE_TRANSFER = "a first dose before transfer only if it does not delay the transfer"
TWO_WITHDRAWALS_SEVERE = (
    f"{_BOTH_SEVERE_AT}emergency evaluation now: {SEVERE_ALONGSIDE_TRANSFER}; "  # R48 item 2
    f"{DECLINES_TRANSFER}; {FIRST_DOSE_BEFORE_TRANSFER}; the patient must not drive"  # R51
)
#: The same beside an emergency evaluation for suicide risk (``{evaluation}`` its name,
#: :func:`~.suggest.d3_evaluation`): one setting that can manage both (:data:`_ONE_SETTING_TRANSFER`), never 3.7-WM
#: beside a suicide emergency (physician review R13, must-fix M3, the common rule of its boxes; C-SSRS screener
#: triage, Posner et al. 2011).
_TWO_WITHDRAWALS_SEVERE_ONE_SETTING = f"{_BOTH_SEVERE_AT}{_ONE_SETTING_TRANSFER}; the patient must not drive"
_BOTH_ON = "(alcohol and opioid withdrawal on {day})"
#: The two old re-scores as the headline's steps say them one after the other, the CIWA-Ar's or the COWS's first
#: (its own screen before its treatment beside a C-SSRS high or moderate: :func:`rescore_screened`), and the
#: benzodiazepine's monitoring with its driving advice after them.
_TWO_RESCORES_SAID = re.compile(
    r"re-score the (?P<a>CIWA-Ar|COWS) now \(last (?P<la>\d+) on (?P<da>\d\d \w{3} \d{4})\); "
    r"(?:before any dose: [^.]*?; otherwise )?treat on the current score; "
    r"re-score the (?P<b>CIWA-Ar|COWS) now \(last (?P<lb>\d+) on (?P<db>\d\d \w{3} \d{4})\); "
    r"(?:before any dose: [^.]*?; otherwise )?treat on the current score"
)
#: A severe COWS's re-score branch said first (its own step: "if still 37 or more, before any dose: ...; otherwise a
#: prescriber treats withdrawal now ...; if below 37: treat on the current score", physician review R53 D), then the
#: CIWA-Ar's re-score.
_CIWA_RESCORE_AFTER = re.compile(
    r"; (?:if below 37: )?treat on the current score; "
    r"re-score the CIWA-Ar now \((?P<last>last \d+ on \d\d \w{3} \d{4})\); treat on the current score"
)
_MONITORED_NOT_DRIVING = f"{BENZODIAZEPINE_ON_SITE}, and the patient must not drive"
#: An old COWS's re-score said after a transfer's CIWA-Ar re-score and its conditional screen ("at 10 or more, before
#: any dose: ..."), its treatment unscreened: (d) of :func:`_two_old_withdrawals`.
_COWS_RESCORE_UNSCREENED = re.compile(
    r"re-score the COWS now \(last \d+ on \d\d \w{3} \d{4}\); (?=treat on the current score)"
)


def two_withdrawals_severe(rec: Recommendation, text: str, told: bool = True) -> str:
    """``text`` (the headline, or a box) beside two old withdrawals (:func:`two_old_withdrawals`) whose old COWS is
    above 36, with :data:`TWO_WITHDRAWALS_SEVERE` after the first two-withdrawals escalation
    (:data:`TWO_WITHDRAWALS_ESCALATION`): the COWS branch's dose and going home hold only where the re-scores do not
    find a COWS of 37 or more with a CIWA-Ar of 8 or more (physician review R31, must-fix M2, cases 639 and 273);
    ``text`` itself otherwise. ``told``: as :func:`two_withdrawals_severe_said`.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> two_withdrawals_severe(recommend({1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}), "First: x.")
    'First: x.'
    """
    both = two_old_withdrawals(rec)
    if both is None or both[1].code != "severe_opioid_withdrawal" or _BOTH_SEVERE_AT in text:
        return text
    at = text.find(TWO_WITHDRAWALS_ESCALATION)
    if at < 0:
        return text
    at += len(TWO_WITHDRAWALS_ESCALATION)
    return f"{text[:at]}; {two_withdrawals_severe_said(rec, told)}{text[at:]}"


def two_withdrawals_severe_said(rec: Recommendation, told: bool = True) -> str:
    """:data:`TWO_WITHDRAWALS_SEVERE`, or beside an open suicide-risk finding calling for an emergency evaluation
    (:func:`~.suggest.suicide_emergency`) its one-setting form (:data:`_TWO_WITHDRAWALS_SEVERE_ONE_SETTING`); beside a
    C-SSRS high risk that stands, its transfer followed by the handover its sibling branch (a complicating condition
    listed on the COWS flag) says, if transferred (:func:`both_severe_told`; physician review R42, item 3, R32
    should-fix S1). A box says it without that handover (``told`` false), which the boxes' last pass says after each
    box's own handovers are said once (:func:`~.boxes.two_withdrawals_rescore_in_boxes`: one handover a box would
    otherwise drop the box's earlier one)."""
    standing = [f for f in rec.flags if f.withdrawn is None]
    if not suicide_emergency(standing):
        return TWO_WITHDRAWALS_SEVERE
    said = _TWO_WITHDRAWALS_SEVERE_ONE_SETTING.format(evaluation=d3_evaluation(standing))
    handover = both_severe_told(rec) if told else ""
    return said.replace(ONE_SETTING_AT_ED, f"{ONE_SETTING_AT_ED} {handover}", 1) if handover else said


#: The one-setting transfer's end, after which :func:`both_severe_told`'s bracket is said.
ONE_SETTING_AT_ED = "arrange transfer now (ED)"
#: The withdrawal scores and any dose told first in that bracket, as the sibling branch's merged handover says them
#: (:func:`one_handover_a_step`; physician review R23a, finding 4: the scores and any dose first, then the screens).
_BOTH_SEVERE_SCORES = "the last CIWA-Ar and COWS scores and any dose with its time, "


def both_severe_told(rec: Recommendation) -> str:
    """The handover said after the transfer of :data:`_TWO_WITHDRAWALS_SEVERE_ONE_SETTING` (a COWS re-score of 37 or
    more with a CIWA-Ar re-score of 8 or more) beside a C-SSRS high risk that stands: the sibling branch's bracket
    verbatim, "(if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with
    its time, that today's C-SSRS screen was high risk, and whether the emergency evaluation for suicide risk was
    completed here (if so, its findings); safety precautions until handover; do not delay the transfer for it)", the
    screens named as :func:`_told_at_evaluation` names them; ``""`` where no C-SSRS high stands. A high-risk patient
    sent to the ED on that branch arrived with no word of the high risk (physician review R42, item 3, R32 should-fix
    S1, its words; R32 must-fix M1; Joint Commission NPSG 15.01.01: the handover is where a screen is lost)."""
    told = _told_at_evaluation(rec, if_transferred=True) if _standing_high(rec) else ""
    lead = "at handover tell the receiving team "
    return told.replace(lead, f"{lead}{_BOTH_SEVERE_SCORES}", 1) if lead in told else ""


#: Beside two old withdrawals whose old COWS is above 36 (:func:`two_old_withdrawals`; an old CIWA-Ar of 8 or more,
#: neither severe nor complicated, so no transfer ordered by it), the first step as :func:`_two_old_withdrawals` (b)
#: and :func:`two_withdrawals_severe` leave it: the COWS's own branch first (its screen, its hold, its dose "if still
#: 37 or more"), the CIWA-Ar's re-score after it with the same screen, then both re-scores' escalations and the
#: handover and the sedation watch. The COWS step leads because its flag (critical) sorts before the moderate
#: CIWA-Ar's (:func:`~iopkit.flags.by_urgency`), both re-scores now (:func:`_most_urgent_first`, rank 1), and (b) keeps
#: that branch whole and says the CIWA-Ar's re-score after it.
_COWS_BRANCH_THEN_CIWA = re.compile(
    r"^First: re-score the COWS now \((?P<cows>last \d+ on \d\d \w{3} \d{4}, severe)\): "
    r"(?P<screen>before any dose: (?:ask about any overdose or ingestion today and )?screen for intoxication "
    + re.escape(INTOXICATION_SIGNS)
    + r", give thiamine and check blood glucose; if (?:an overdose or ingestion, or )?intoxicated: no dose (?:now|here)"
    r"(?: \((?:[^()]|\([^()]*\))*\))?; )"
    r"otherwise if still 37 or more, (?P<dose>a prescriber treats withdrawal now, [^;]*; re-score the COWS after "
    r"dosing; )"
    r"(?:if any dose is given \([^()]*\): the patient must not drive today; )?"
    r"(?P<complicating>emergency evaluation only for a complicating condition \(listed on the COWS flag\); )"
    r"re-score the CIWA-Ar now \((?P<ciwa>last \d+ on \d\d \w{3} \d{4})\); "
    r"before any dose: [^;]*; if (?:an overdose or ingestion, or )?intoxicated: no dose (?:now|here)"
    r"(?: \((?:[^()]|\([^()]*\))*\))?; otherwise treat on the current scores; "
    + re.escape(f"{TWO_WITHDRAWALS_ESCALATION}; ")
    + r"(?P<severe>"
    + re.escape(_BOTH_SEVERE_AT)
    + r"[^;]*(?:; (?!if transferred: |if a benzodiazepine )[^;]*)*; )"
    r"(?P<told>if transferred: at handover tell the receiving team (?:[^;()]|\([^()]*\))*; )?"
    r"(?P<watch>" + re.escape(BENZODIAZEPINE_ON_SITE) + r")(?=[;.( ]|$)"
)
#: The same step said as one, both re-scores before any dose (physician review R55, finding C, the reviewer's words):
#: the emergency branch (a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more) first, so that it is read
#: before any dose is given; then the COWS's dose at a CIWA-Ar re-score below 8, the two withdrawals' escalation at a
#: COWS re-score of 13 to 36, and "otherwise: treat on the current scores" last (physician review R58, should-fix S2b
#: and ruling (c): each branch names the re-score, so that the old scores said in the same sentence are not matched;
#: the escalation before the "otherwise" and below the emergency branch's band); the driving, handover and sedation
#: watch after every branch.
BOTH_RESCORED_FIRST = "First: re-score the COWS now ({cows}) and the CIWA-Ar ({ciwa}), both "
ON_THE_TWO_RESCORES = "otherwise, on the two re-scores: "
COWS_SEVERE_ALONE = "at a COWS re-score of 37 or more with a CIWA-Ar re-score below 8: "
#: The two withdrawals' escalation and the closing of :data:`BOTH_RESCORED_FIRST`'s branches (physician review R58,
#: S2b; the same in the COWS boxes, R58 must-fix M2a: :func:`~iopkit.placement.boxes.both_rescored_first_in_boxes`).
TWO_WITHDRAWALS_THEN_CURRENT = (
    f"at a CIWA-Ar re-score of 8 or more with a COWS re-score of 13 to 36 (two withdrawals): {_MANAGED_ESCALATION}; "
    "otherwise: treat on the current scores"
)


def both_rescored_first(rec: Recommendation, text: str) -> str:
    """The headline ``text`` beside two old withdrawals whose old COWS is above 36 (:func:`two_old_withdrawals`: an
    old CIWA-Ar of 8 or more, neither severe nor complicated, so no transfer ordered by it, and an old severe COWS,
    neither re-scored today) with its first step re-scoring both before any dose (:data:`BOTH_RESCORED_FIRST`): one
    screen and its hold, then, on the two re-scores, the emergency evaluation at a COWS re-score of 37 or more with a
    CIWA-Ar re-score of 8 or more, the COWS's dose at a CIWA-Ar re-score below 8, the two withdrawals' escalation at a
    COWS re-score of 13 to 36, "otherwise: treat on the current scores" (physician review R58, should-fix S2b and
    ruling (c): :data:`TWO_WITHDRAWALS_THEN_CURRENT`), then the driving advice after any dose, the step's handover and
    its sedation watch. The step the earlier passes
    build (:data:`_COWS_BRANCH_THEN_CIWA`) dosed on the COWS "if still 37 or more" before the CIWA-Ar was re-scored,
    so the emergency branch said after it could not be applied before a dose, and it said the same screen twice
    (physician review R55, finding C, the reviewer's words: cases 273 and 639 of the 800; case 125's CIWA-Ar first the
    model; ASAM 2020 OUD guideline: severe withdrawal with alcohol withdrawal alongside, a complicating condition).
    ``text`` itself otherwise, or where its first step does not read as built.

    Parameters
    ----------
    rec : Recommendation
        The recommendation whose headline ``text`` is.
    text : str
        The headline as the passes before this one say it.

    Returns
    -------
    str
        ``text`` with that first step said anew, or ``text`` itself.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> both_rescored_first(recommend({1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}), "First: x.")
    'First: x.'
    """
    both = two_old_withdrawals(rec)
    if both is None or both[1].code != "severe_opioid_withdrawal":
        return text
    found = _COWS_BRANCH_THEN_CIWA.match(text)
    if found is None:
        return text
    step = (
        f"{BOTH_RESCORED_FIRST.format(cows=found['cows'], ciwa=found['ciwa'])}{found['screen']}{ON_THE_TWO_RESCORES}"
        f"{found['severe']}{COWS_SEVERE_ALONE}{found['dose']}{found['complicating']}{TWO_WITHDRAWALS_THEN_CURRENT}; "
        f"{ANY_DOSE_NO_DRIVING}; {found['told'] or ''}{found['watch']}"
    )
    return f"{step}{text[found.end() :]}"


#: The question before a re-score's first dose of what happened since the last score (:data:`~iopkit.placement.
#: suggest.SEVERE_SINCE`, R61's words), said after the re-score of two old withdrawals (physician review R63, MF1 (a)).
_ASKED_SINCE_LAST = f"; {SEVERE_SINCE['severe_alcohol_withdrawal']}"
#: The screen before any dose of :data:`BOTH_RESCORED_FIRST` as built ("..., both before any dose: screen for ...").
_BOTH_BEFORE_ANY_DOSE = "both before any dose: "
#: A COWS box's opening after that first step's CIWA-Ar re-score (:func:`~iopkit.placement.boxes.
#: both_rescored_first_in_boxes`): "after the first step's CIWA-Ar re-score (last 14 on 20 Nov 2026)".
_AFTER_FIRST_STEP_CIWA = re.compile(r"after the first step's CIWA-Ar re-score \(last \d+ on [^()]*\)")
#: The end of a screen before any dose, where "if delirium: ..." is said (physician review R63, MF1 (b)).
_BLOOD_GLUCOSE_CHECKED = "check blood glucose; "
#: The severe branch on the re-scores of an old CIWA-Ar and an old COWS, before their "otherwise": physician review
#: R63, MF1 (c), its words; ``{transfer}`` its transfer now and ``{declines}`` its decline words
#: (:func:`rescores_severe_branch`).
RESCORES_SEVERE_BRANCH = (
    f"on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or {SEIZURE_OR_CONFUSION_SINCE}: "
    "{transfer}; " + _STAFF_WITH_PATIENT + "; {declines}; "
    f"{IF_NOT_INTOXICATED}{_RESCORE_FIRST_DOSE}; "
)
#: That branch's transfer now (physician review R63, MF1 (c)), and beside a high C-SSRS the emergency evaluation that
#: can also manage withdrawal (R63, MF2's words: one destination for one trigger).
TRANSFER_TO_MANAGED_WITHDRAWAL = "arrange transfer now to medically managed withdrawal (ED, or 4-WM)"
EVALUATION_ALSO_MANAGING_WITHDRAWAL = (
    "the emergency evaluation in an ED that can also manage withdrawal (arrange transfer now)"
)
#: What :data:`ON_THE_TWO_RESCORES` says after that branch (physician review R63, MF1 (c)).
ON_THE_TWO_RESCORES_IF_NOT_INTOXICATED = "otherwise, if not intoxicated, on the two re-scores: "
#: A joined re-score's COWS box's closing (physician review R63, SF4: the old words and its words).
_COWS_BOX_TREATS_CURRENT = re.compile(r"; otherwise treat on the current score(?![s:])")
COWS_BOX_TREATS_IF_NOT_INTOXICATED = "otherwise, if not intoxicated: treat on the current score"


def rescores_severe_branch(flags: Iterable[Flag]) -> str:
    """:data:`RESCORES_SEVERE_BRANCH` beside ``flags``: the transfer now to medically managed withdrawal with the
    capacity clause (physician review R63, MF1 (c), its words); beside a high C-SSRS
    (:func:`~iopkit.placement.suggest.suicide_emergency`) the emergency evaluation in an ED that can also manage
    withdrawal (R63, MF2's words) and the suicide evaluation's decline words (physician review R62, must-fix M3:
    :data:`~iopkit.placement.suggest.DECLINES_OR_LEAVES`).

    Parameters
    ----------
    flags : Iterable[Flag]
        The case's flags.

    Returns
    -------
    str
        The branch, ending "; " before its "otherwise".

    Examples
    --------
    >>> print(rescores_severe_branch(()))  # doctest: +NORMALIZE_WHITESPACE
    on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or a seizure since the last score, or
    hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED,
    or 4-WM); staff with the patient until handover; if the patient declines transfer: the prescriber assesses and
    records capacity to decline (without capacity: transfer by emergency services; with capacity: ...); the patient must
    not drive; if not intoxicated: a first dose before transfer only if it does not delay the transfer;
    """
    emergency = suicide_emergency(flags)
    return RESCORES_SEVERE_BRANCH.format(
        transfer=EVALUATION_ALSO_MANAGING_WITHDRAWAL if emergency else TRANSFER_TO_MANAGED_WITHDRAWAL,
        declines=DECLINES_OR_LEAVES if emergency else DECLINES_NOT_DRIVING,
    )


def both_rescored_severe_branch(text: str, flags: Iterable[Flag]) -> str:
    """``text`` (the headline, or a COWS box) whose step re-scores an old severe COWS and an old CIWA-Ar of 8 or more
    before any dose and then treats "otherwise, on the two re-scores: " (:func:`both_rescored_first`,
    :func:`~iopkit.placement.boxes.both_rescored_first_in_boxes`) said with the CIWA-Ar's transfer now and the
    question of what happened since (physician review R63, must-fix MF1, the reviewer's words: cases 273 and 639, whose
    headline sent a CIWA-Ar re-score of 18 to "treat on the current scores" while their alcohol boxes transfer now):

    (a) the headline's "both before any dose: " said "both before any dose[, and screen for delirium (CAM or 4AT)];
        ask what happened since (a seizure, confusion, a hospital visit, the last drink); before any dose: ", the
        delirium screen where the old CIWA-Ar had item 10 at 1 (the possible_inattention flag); a box's "after the
        first step's CIWA-Ar re-score (last N on ...)" followed by "; ask what happened since (...)";
    (b) where item 10 was 1, "if delirium: no dose here; call emergency services for the ED; staff with the patient
        until handover; " after the screen's "check blood glucose; ";
    (c) "; otherwise, on the two re-scores: " said "; " :func:`rescores_severe_branch` "otherwise, if not intoxicated,
        on the two re-scores: ".

    Sullivan et al. 1989 (CIWA-Ar 15 or more, item 10); ASAM Alcohol Withdrawal Guideline 2020 (complicated withdrawal
    to medically managed care; no benzodiazepine to an intoxicated patient). ``text`` itself otherwise.

    Parameters
    ----------
    text : str
        A headline or a box's action.
    flags : Iterable[Flag]
        The case's flags.

    Returns
    -------
    str
        ``text`` said anew, or ``text`` itself.

    Examples
    --------
    >>> print(both_rescored_severe_branch(
    ...     "First: re-score the COWS now (a) and the CIWA-Ar (b), both before any dose: x, check blood glucose; "
    ...     "if intoxicated: no dose now (y); otherwise, on the two re-scores: z", ()))
    ... # doctest: +NORMALIZE_WHITESPACE
    First: re-score the COWS now (a) and the CIWA-Ar (b), both before any dose; ask what happened since (a seizure,
    confusion, a hospital visit, the last drink); before any dose: x, check blood glucose; if intoxicated: no dose now
    (y); on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or a seizure since the last score, or
    hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED,
    or 4-WM); staff with the patient until handover; if the patient declines transfer: the prescriber assesses and
    records capacity to decline (without capacity: transfer by emergency services; with capacity: ...); the patient must
    not drive; if not intoxicated: a first dose before transfer only if it does not delay the transfer; otherwise, if
    not intoxicated, on the two re-scores: z
    >>> both_rescored_severe_branch("Re-score the COWS now (x); otherwise treat on the current score", ())
    'Re-score the COWS now (x); otherwise treat on the current score'
    """
    at = text.find(f"; {ON_THE_TWO_RESCORES}")
    if at < 0:
        return text
    flags = tuple(flags)
    inattention = any(f.code == "possible_inattention" for f in flags)
    step = text[:at]
    checked = step.rfind(_BLOOD_GLUCOSE_CHECKED)
    if inattention and checked >= 0 and "if delirium" not in step[checked:]:  # (b)
        end = checked + len(_BLOOD_GLUCOSE_CHECKED)
        step = f"{step[:end]}{IF_DELIRIUM_TO_ED}{step[end:]}"
    after = _AFTER_FIRST_STEP_CIWA.search(step)
    if _BOTH_BEFORE_ANY_DOSE in step:  # (a), the headline
        delirium = f", and {DELIRIUM_SCREEN}" if inattention else ""
        asked = f"both before any dose{delirium}{_ASKED_SINCE_LAST}; before any dose: "
        step = step.replace(_BOTH_BEFORE_ANY_DOSE, asked, 1)
    elif after is not None and not step.startswith(_ASKED_SINCE_LAST, after.end()):  # (a), a box
        step = f"{step[: after.end()]}{_ASKED_SINCE_LAST}{step[after.end() :]}"
    rest = text[at + len(f"; {ON_THE_TWO_RESCORES}") :]
    return f"{step}; {rescores_severe_branch(flags)}{ON_THE_TWO_RESCORES_IF_NOT_INTOXICATED}{rest}"


def joined_cows_box_severe_branch(text: str, flags: Iterable[Flag]) -> str:
    """A COWS or buprenorphine box's ``text`` of a joined CIWA-Ar and COWS re-score (its COWS re-score now, "...;
    otherwise treat on the current score") with the joined severe branch before that "otherwise"
    (:func:`rescores_severe_branch`, MF1 (c)'s words) and the closing said :data:`COWS_BOX_TREATS_IF_NOT_INTOXICATED`.
    Physician review R63, should-fix SF4 (cases 120 377 406 525 585 608 781: their headline and alcohol box transfer
    a CIWA-Ar re-score of 15 or more, their COWS boxes treated it; ASAM Alcohol Withdrawal Guideline 2020). The caller
    reads the joined re-score from the headline. ``text`` itself where it does not open "Re-score the COWS now" or
    says a severe branch before that closing already.

    Parameters
    ----------
    text : str
        A box's action.
    flags : Iterable[Flag]
        The case's flags.

    Returns
    -------
    str
        ``text`` said anew, or ``text`` itself.

    Examples
    --------
    >>> print(joined_cows_box_severe_branch(
    ...     "Re-score the COWS now (x); y; otherwise treat on the current score; z", ()))
    ... # doctest: +NORMALIZE_WHITESPACE
    Re-score the COWS now (x); y; on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or a seizure since
    the last score, or hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now to medically
    managed withdrawal (ED, or 4-WM); staff with the patient until handover; if the patient declines transfer: the
    prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; with
    capacity: ...); the patient must not drive; if not intoxicated: a first dose before transfer only if it does not
    delay the transfer; otherwise, if not intoxicated: treat on the current score; z
    """
    closing = _COWS_BOX_TREATS_CURRENT.search(text)
    if (
        not text.startswith("Re-score the COWS now")
        or closing is None
        or "intoxicated or not" in text[: closing.start()]
    ):
        return text
    said = f"; {rescores_severe_branch(flags)}{COWS_BOX_TREATS_IF_NOT_INTOXICATED}"
    return f"{text[: closing.start()]}{said}{text[closing.end() :]}"


def old_transfer_beside_old_cows(rec: Recommendation) -> tuple[Flag, Flag] | None:
    """The old complicated or severe CIWA-Ar flag whose re-score decides a transfer (:func:`_old_ciwa_transfer`) and
    the COWS flag of 13 or more of another day, neither re-scored today, whose step is its re-score now
    (:func:`_rescore_now`), with no CIWA-Ar or COWS of the placement's day beside them; else ``None``. The worse
    history of :func:`two_old_withdrawals` (physician review R31, must-fix M3: cases 119, 125, 470, 604, 723, 799; 55,
    96, 343, 439, 564, 699 of the 800).

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> old_transfer_beside_old_cows(recommend({1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1})) is None
    True
    """
    flags = [f for f in rec.flags if f.withdrawn is None and not f.worst_case and not _only_records(f)]
    ciwa = _old_ciwa_transfer(flags)
    cows = next((f for f in flags if f.code in _COWS_TREATED and _rescore_now(f)), None)
    today = any(f.code in _CIWA_TREATED | _COWS_TREATED and not _earlier_signs(f) for f in flags)
    return None if ciwa is None or cows is None or today else (ciwa, cows)


#: The COWS re-score as the headline says it beside an old CIWA-Ar's conditional transfer, up to its treatment:
#: "re-score the COWS now (last 19 on 20 Nov 2026); treat on the current score", or its severe branch's "...; treat on
#: the current score" (:func:`old_transfer_two_withdrawals`).
_COWS_RESCORE_TREATED = re.compile(r"re-score the COWS now \(last \d+ on [^()]*\)[^.]*?treat on the current score(?!s)")
#: The ambulatory levels a plan beside two old withdrawals may close with, no withdrawal management named.
_AMBULATORY = frozenset({LevelOfCare.OP, LevelOfCare.IOP, LevelOfCare.PHP})


def old_transfer_two_withdrawals(rec: Recommendation, text: str) -> str:
    """The headline ``text`` beside an old complicated or severe CIWA-Ar and an old COWS of 13 or more
    (:func:`old_transfer_beside_old_cows`) with, as beside two old moderate ones (:func:`_two_old_withdrawals`):

    - after the COWS re-score's treatment, what both re-scores found call for
      (:data:`TWO_WITHDRAWALS_ESCALATION`: a CIWA-Ar re-score of 8-14, below the transfer, with a COWS still 13 or
      more), and beside an old COWS above 36 :data:`TWO_WITHDRAWALS_SEVERE`;
    - a plan at an ambulatory level with no withdrawal management closing "with 2-WM ... only if the review and the
      prescriber record why ambulatory care is safe; otherwise as arranged above" (R31 M3, case 125, the reviewer's
      words); a plan with 2-WM after "only if the review records why ambulatory care is safe" saying
      :data:`_REVIEW_AND_PRESCRIBER` there and closing "; otherwise as arranged above", as a same-day pair's (case 5;
      R31 M3 follow-up: 119, 604, 723, 799); and a plan with 3.2-WM holding it only if the re-scores do not find both
      (:data:`RESIDENTIAL_WM_UNLESS_BOTH`, case 470).

    Physician review R31, must-fix M3 (ASAM 2020 alcohol withdrawal guideline, II.5 and II.6: prior severe withdrawal
    with another substance, a higher risk); ``text`` itself otherwise.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> old_transfer_two_withdrawals(recommend({1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}), "First: x.")
    'First: x.'
    """
    both = old_transfer_beside_old_cows(rec)
    if both is None or TWO_WITHDRAWALS_ESCALATION in text:
        return text
    said = _SENTENCE_END.split(text)
    found = _COWS_RESCORE_TREATED.search(said[0])
    if found is None:
        return text
    severe = f"; {two_withdrawals_severe_said(rec)}" if both[1].code == "severe_opioid_withdrawal" else ""
    said[0] = f"{said[0][: found.end()]}; {TWO_WITHDRAWALS_ESCALATION}{severe}{said[0][found.end() :]}"
    plan = said[-1]
    if len(said) > 1 and plan.startswith("Then"):
        residential = f"with {_named(LevelOfCare.WM_RESIDENTIAL)}"
        extended = _named(LevelOfCare.WM_AMBULATORY_EXTENDED)
        wm = rec.withdrawal_management
        if wm is None and rec.level in _AMBULATORY and "-WM" not in plan:
            ruled = f"; with {extended} {_REVIEW_AND_PRESCRIBER.removeprefix('Then, ')}; {_AS_ARRANGED}"
            said[-1] = f"{plan.removesuffix('.')}{ruled}{'.' if plan.endswith('.') else ''}"
        elif plan.startswith(_REVIEW_ONLY) and _AS_ARRANGED not in plan and extended in plan:
            # 2-WM (the plan's, or said for its 1-WM): the condition said once, the prescriber's record in it, as a
            # same-day pair's (R31 M3; case 5)
            said[-1] = f"{_REVIEW_AND_PRESCRIBER}{plan.removeprefix(_REVIEW_ONLY).removesuffix('.')}; {_AS_ARRANGED}."
        elif wm is LevelOfCare.WM_RESIDENTIAL and residential in plan and _UNLESS_BOTH not in plan:
            at = plan.rindex(residential) + len(residential)
            said[-1] = f"{plan[:at]} {RESIDENTIAL_WM_UNLESS_BOTH}{plan[at:]}"
    return ". ".join(said)


def _two_rescores(found: re.Match[str]) -> str:
    """The two old re-scores of ``found`` (:data:`_TWO_RESCORES_SAID`) said as one, the CIWA-Ar first, their last
    scores by day: "re-score the CIWA-Ar and the COWS now (last 14 and 19 on 20 Nov 2026)"."""
    last = {found["a"]: (found["la"], found["da"]), found["b"]: (found["lb"], found["db"])}
    (ciwa, on), (cows, cows_on) = last["CIWA-Ar"], last["COWS"]
    when = f"{ciwa} and {cows} on {on}" if on == cows_on else f"{ciwa} on {on} and {cows} on {cows_on}"
    return f"re-score the CIWA-Ar and the COWS now (last {when})"


def _two_old_withdrawals(rec: Recommendation, text: str) -> str:
    """The headline ``text`` beside two old withdrawals (:func:`two_old_withdrawals`: a moderate CIWA-Ar and a COWS of
    13 or more, both of another day, neither re-scored today) with, in the sentence that re-scores them:

    - (a) both re-scores said as one, then one screen before any dose with thiamine and blood glucose (the overdose
      question first beside a C-SSRS high or moderate, :func:`overdose_asked`), then "otherwise treat on the current
      scores", then what both found call for (:data:`TWO_WITHDRAWALS_ESCALATION`), the benzodiazepine's monitoring
      and the driving advice (:data:`TWO_WITHDRAWALS_NO_DRIVING`);
    - (b) beside a COWS above 36 whose own re-score branch leads (its screen, then a prescriber's dose now), that
      branch kept, its screen with thiamine and blood glucose, and the CIWA-Ar re-score after it screened the same,
      treating on both current scores, with the same escalation;
    - (c) a plan closing in 1-WM holding it only if the re-scores do not find both withdrawals
      (:data:`ONE_WM_UNLESS_BOTH`);
    - (d) beside a transfer whose CIWA-Ar re-score screens only at 10 or more, the COWS re-score's treatment behind
      its own screen (:data:`_COWS_RESCORE_UNSCREENED`).

    Physician review R30b, must-fix M3, the reviewer's words (case 377 of the 800; alcohol withdrawal possible: ASAM
    2020 alcohol withdrawal guideline, thiamine, blood glucose and intoxication before medication; concurrent
    withdrawals: ASAM Criteria 2013, dimension 1; benzodiazepines with buprenorphine or methadone: FDA Drug Safety
    Communication, 20 Sep 2017); ``text`` itself otherwise.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> _two_old_withdrawals(recommend({1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}), "First: x.") == "First: x."
    True
    """
    both = two_old_withdrawals(rec)
    if both is None:
        return text
    screen = overdose_asked(_INTOXICATION_ALCOHOL) if overdose_risk(rec.flags) else _INTOXICATION_ALCOHOL
    said = _SENTENCE_END.split(text)
    for k, sentence in enumerate(said):
        found = _TWO_RESCORES_SAID.search(sentence)
        after = _CIWA_RESCORE_AFTER.search(sentence) if found is None else None
        if found is not None:  # (a)
            steps = f"{_two_rescores(found)}; {screen}treat on the current scores; {TWO_WITHDRAWALS_ESCALATION}"
            sentence = f"{sentence[: found.start()]}{steps}{sentence[found.end() :]}"
        elif after is not None:  # (b): a COWS above 36 branch first
            plain = f"{_SCREEN_INTOXICATION}{_NO_DOSE_IF_INTOXICATED}"
            steps = (
                f"; re-score the CIWA-Ar now ({after['last']}); {screen}treat on the current scores; "
                f"{TWO_WITHDRAWALS_ESCALATION}"
            )
            head = sentence[: after.start()]
            head = head.replace(overdose_asked(plain), screen).replace(plain, screen)
            sentence = f"{head}{steps}{sentence[after.end() :]}"
        elif (
            unscreened := _COWS_RESCORE_UNSCREENED.search(sentence)
        ) is not None:  # (d): beside a transfer, its own screen
            sentence = f"{sentence[: unscreened.end()]}{screen}{sentence[unscreened.end() :]}"
            said[k] = sentence
            break
        else:
            continue
        # the driving advice after any dose, not only after the benzodiazepine with buprenorphine or methadone, also
        # beside an emergency evaluation on site (physician review R31, M5, case 120; a lead's own words kept)
        if _MONITORED_NOT_DRIVING in sentence:
            sentence = sentence.replace(
                _MONITORED_NOT_DRIVING, f"{BENZODIAZEPINE_ON_SITE}; {TWO_WITHDRAWALS_NO_DRIVING}", 1
            )
        elif BENZODIAZEPINE_ON_SITE not in sentence and BENZODIAZEPINE_MONITORING not in sentence:
            at = sentence.index(TWO_WITHDRAWALS_ESCALATION) + len(TWO_WITHDRAWALS_ESCALATION)
            sentence = f"{sentence[:at]}; {BENZODIAZEPINE_ON_SITE}{sentence[at:]}"
        said[k] = sentence
        plan = said[-1]
        one = f"with {_named(LevelOfCare.WM_AMBULATORY)}"
        if k < len(said) - 1 and rec.withdrawal_management is LevelOfCare.WM_AMBULATORY and one in plan:
            ciwa, cows = both
            days = {f.day for f in both}
            why = (
                _BOTH_ON.format(day=f"{ciwa.day:%d %b %Y}")
                if len(days) == 1 and ciwa.day is not None
                else f"({_ALCOHOL_ON.format(day=f'{ciwa.day:%d %b %Y}')} and "
                f"{_OPIOID_ON.format(day=f'{cows.day:%d %b %Y}')})"
            )
            at = plan.rindex(one) + len(one)
            said[-1] = f"{plan[:at]} {ONE_WM_UNLESS_BOTH.format(why=why)}{plan[at:]}"
        residential = f"with {_named(LevelOfCare.WM_RESIDENTIAL)}"
        if k < len(said) - 1 and rec.withdrawal_management is LevelOfCare.WM_RESIDENTIAL and residential in plan:
            at = plan.rindex(residential) + len(residential)  # R31 M2: 3.2-WM has no medical cover
            said[-1] = f"{plan[:at]} {RESIDENTIAL_WM_UNLESS_BOTH}{plan[at:]}"
        break
    return ". ".join(said)


#: How a patient given a dose on site goes home under ambulatory withdrawal management: physician review R21 (session
#: 17), should-fix S5, as ruled again (R21 S5's words said without a second "before the patient leaves" in a step that
#: opens "a prescriber's review before the patient leaves"; naloxone "if the patient also uses opioids" where the step
#: treats alcohol withdrawal alone), in observable words as physician review R26a, should-fix S1, ruled by the lead
#: engineer in session 22: the threshold is unchanged (no more than mild sedation), said as the Pasero Opioid-induced
#: Sedation Scale says its acceptable levels (1 "awake and alert", 2 "slightly drowsy, easily aroused"; Pasero C.
#: Assessment of sedation during opioid administration for pain management. J PeriAnesthesia Nursing
#: 2009;24(3):186-190, key ``pasero2009``), and naloxone in hand with the supportive person shown how to use it (SAMHSA
#: Opioid Overdose Prevention Toolkit 2018, key ``samhsa_overdose_toolkit2018``; ASAM 2020 OUD guideline, key
#: ``asam_npg2020``). ASAM 2020 alcohol withdrawal guideline: ambulatory management with a supportive person, no
#: alcohol or other sedatives; FDA Drug Safety Communication, 31 Aug 2016: opioids with benzodiazepines.
#: ``{benzodiazepine}``: :data:`BENZODIAZEPINE_HOME` or "" (physician review R29, should-fix); ``{buprenorphine}``:
#: :data:`BUPRENORPHINE_HOME` or "" (physician review R32, should-fix S3); ``{overnight}``:
#: :data:`SUPPORTIVE_OVERNIGHT` with :data:`BENZODIAZEPINE_HOME`, or ""; ``{naloxone}``: :data:`NALOXONE_OPIOIDS`,
#: :data:`NALOXONE_ALCOHOL_ALONE` or :data:`NALOXONE_ANY_SUPPORTIVE`; ``{otherwise}``: :data:`HOME_OTHERWISE` (physician
#: review R32, should-fix S4), or "" in :data:`EVALUATION_HOME_AFTER_DOSE`'s form.
HOME_AFTER_DOSE = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused{benzodiazepine}{buprenorphine}{overnight}{naloxone}, and the patient and {supportive} told not to add "
    "alcohol or other sedatives{otherwise}"
)
#: :data:`HOME_AFTER_DOSE`'s conditions where the step may give a benzodiazepine (alcohol withdrawal treated with
#: medication, :data:`_BENZODIAZEPINE_STEP`): what ambulatory alcohol withdrawal management asks after a benzodiazepine
#: dose. Physician review R29, should-fix (the reviewer's words). The patient walks steadily: the benzodiazepine labels
#: warn of sedation and ataxia (chlordiazepoxide, diazepam, lorazepam; FDA labelling). A supportive person stays
#: overnight: ambulatory management needs a supportive person who can monitor the patient (ASAM Clinical Practice
#: Guideline on Alcohol Withdrawal Management 2020, key ``asam_awm2020``). A CIWA-Ar below 10 at least 1 hour after the
#: last dose: the reviewer's threshold (R29), iopkit's own rule (below 10 is the guideline's mild band; its 1 hour is
#: the re-score the headline already asks "within 1 hour of a dose"). ``{and_}``: "and " where it ends the conditions,
#: "" where :data:`BUPRENORPHINE_HOME` follows it (its supportive person, :data:`SUPPORTIVE_OVERNIGHT`, after both).
BENZODIAZEPINE_HOME = (
    ", walks steadily, {and_}has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose"
)
#: :data:`BENZODIAZEPINE_HOME`'s supportive person to stay overnight (physician review R29, should-fix; ASAM 2020
#: alcohol withdrawal guideline, key ``asam_awm2020``), after the conditions the patient meets.
SUPPORTIVE_OVERNIGHT = ", with a supportive person to stay overnight"
#: :data:`HOME_AFTER_DOSE`'s condition where the step may give buprenorphine (:data:`_BUPRENORPHINE_STEP`): physician
#: review R32, should-fix S3, the reviewer's words: "a COWS re-score after the last buprenorphine dose no higher than
#: before it (no precipitated withdrawal)". Buprenorphine, a partial agonist, given while full-agonist opioids still
#: occupy the receptors can precipitate withdrawal (buprenorphine labelling, FDA; ASAM National Practice Guideline
#: 2020, key ``asam_npg2020``): a COWS that rises after the dose is that, and the patient does not go home on it. The
#: last of the conditions the patient meets ("and has"), after :data:`BENZODIAZEPINE_HOME`'s.
BUPRENORPHINE_HOME = (
    ", and has a COWS re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal)"
)
#: :data:`BUPRENORPHINE_HOME` in a conditional form where the step re-scores an old COWS and treats on the current
#: score but names no buprenorphine (physician re-review R39, should-fix C10's path; :data:`_OLD_COWS_TREATED`): the
#: dose given may be buprenorphine (all 33 such cases of the 800 raise buprenorphine_induction_threshold), methadone
#: or a symptomatic medication, so the condition holds only if buprenorphine is given. Physician review R44, Q1, the
#: reviewer's words: "and, if buprenorphine is given, has a COWS re-score after the last buprenorphine dose no higher
#: than before it (no precipitated withdrawal)" (cases 22, 51, 787 of the 800). Without it the list of conditions lets
#: a patient in precipitated withdrawal after a first buprenorphine dose go home.
BUPRENORPHINE_IF_GIVEN_HOME = (
    ", and, if buprenorphine is given, has a COWS re-score after the last buprenorphine dose no higher than before it "
    "(no precipitated withdrawal)"
)
#: :data:`HOME_AFTER_DOSE`'s naloxone where the step gives buprenorphine or methadone, or scores the COWS (R26a S1 as
#: ruled in session 22).
NALOXONE_OPIOIDS = ", with naloxone in hand and the supportive person shown how to use it"
#: :data:`HOME_AFTER_DOSE`'s naloxone where the step treats alcohol withdrawal alone (R21 S5 as ruled again), in a
#: bracket so that its condition covers the naloxone alone (R26a S1 as ruled in session 22).
NALOXONE_ALCOHOL_ALONE = (
    " (and, if the patient also uses opioids, with naloxone in hand and the supportive person shown how to use it)"
)
#: :data:`HOME_AFTER_DOSE`'s naloxone and warning where the clause introduces no supportive person (no
#: :data:`BENZODIAZEPINE_HOME`: the routine opioid clause). Physician re-review R39, should-fix S3, the physician's
#: words (cases 2, 30, 138, 347, 373, 505, 750 of the 800: "the supportive person" it never introduced).
NALOXONE_ANY_SUPPORTIVE = ", with naloxone in hand (and any supportive person shown how to use it)"
#: How :data:`HOME_AFTER_DOSE` ends: what happens while its conditions are not met. Physician review R32, should-fix
#: S4, the reviewer's words. Not in :data:`EVALUATION_HOME_AFTER_DOSE`'s form: after "if the evaluation lets the patient
#: go home ...: only if ..." the headline's "; otherwise" reads as that "if"'s other branch (the evaluation keeps the
#: patient), where staying on site until the conditions are met is wrong (reported to the lead, session 28); that form
#: ends :data:`EVALUATION_HOME_OTHERWISE`. Physician review R43, must-fix M1 (4(a)), the reviewer's words: "until these
#: conditions are met" (was "until they are met": after "the patient and the supportive person told not to ...", with
#: "they" read as the patient, "until the patient is met (collected)").
HOME_OTHERWISE = (
    "; otherwise the patient stays on site until these conditions are met, or a higher level of care is arranged"
)
#: How :data:`EVALUATION_HOME_AFTER_DOSE`'s form ends: what happens where the evaluation lets the patient go home but
#: its conditions are not met, said as that form's own branch (not a bare "; otherwise", which would read as the else
#: of "if the evaluation lets the patient go home"). Physician review R43, should-fix 2 (4(b)), the reviewer's words
#: ("they" follows "these conditions" directly); cases 120, 135, 210, 126, 501, 533, 641, 794 of the 800.
EVALUATION_HOME_OTHERWISE = (
    "; if the evaluation lets the patient go home but these conditions are not met: the patient stays on site until "
    "they are met, or a higher level of care is arranged"
)
#: What :data:`HOME_AFTER_DOSE` says before its naloxone: a headline that says it goes home once.
_HOME_SAID = HOME_AFTER_DOSE.partition("{")[0]
#: :data:`HOME_AFTER_DOSE` where the emergency evaluation for suicide risk decides the plan ("Then, as the evaluation
#: decides: Level 1 ...") and the prescriber may give a benzodiazepine while the patient waits for it: its conditions
#: after "if the evaluation lets the patient go home after a dose given on site: only if". Physician review R38,
#: should-fix S1 (the reviewer's words; cases 126, 501, 533, 641, 794 of the 800).
EVALUATION_HOME_AFTER_DOSE = "if the evaluation lets the patient go home after a dose given on site: only if "
#: What :data:`HOME_AFTER_DOSE` says before its conditions ("... the patient goes home only if "), which
#: :data:`EVALUATION_HOME_AFTER_DOSE` stands for.
_HOME_ONLY_IF = "after a dose given on site, the patient goes home only if "
#: The levels a patient goes home from after the day's treatment (Level 0.5-2.5): where the plan names one without
#: withdrawal management (dimension 1 rated below what the CIWA-Ar or the COWS calls for), :data:`HOME_AFTER_DOSE`
#: still follows a dose given on site. Physician review R38, must-fix M2: a lower rating never removes it.
_HOME_LEVELS = (LevelOfCare.EARLY_INTERVENTION, LevelOfCare.OP, LevelOfCare.IOP, LevelOfCare.PHP)
#: A dose a first step gives on site before the patient goes home: a benzodiazepine (alcohol withdrawal treated with
#: medication) or buprenorphine or methadone for opioid withdrawal; never "a first dose before transfer" alone.
_DOSED_HERE = re.compile(
    r"treat withdrawal with medication|medication for alcohol withdrawal|treat withdrawal as the prescriber decides, "
    r"with buprenorphine|a prescriber treats withdrawal|buprenorphine or symptom relief"
)
#: A step that treats today's alcohol withdrawal with medication (commonly a benzodiazepine), not an old CIWA-Ar's
#: re-score: where the evaluation for suicide risk decides the plan, it says :data:`EVALUATION_HOME_AFTER_DOSE`
#: (physician review R38, should-fix S1).
_TREATS_ALCOHOL_WITHDRAWAL = re.compile(r"treat withdrawal with medication|medication for alcohol withdrawal")
#: A step that gives, or scores for, an opioid: :data:`HOME_AFTER_DOSE` says naloxone outright.
_OPIOID_STEP = re.compile(r"buprenorphine|methadone|COWS")
#: A step that may give buprenorphine (it names buprenorphine other than to hold it, "no buprenorphine, methadone or
#: benzodiazepine until it clears", or to say none is given, "no dose of a benzodiazepine, buprenorphine or methadone is
#: given today"): :data:`HOME_AFTER_DOSE` says :data:`BUPRENORPHINE_HOME` (physician review R32, should-fix S3). A
#: COWS alone (a mild COWS beside alcohol withdrawal treated alone, case 204 of the 800) or methadone alone does not.
_BUPRENORPHINE_STEP = re.compile(r"(?<!\bno )(?<!\bno dose of a benzodiazepine, )\bbuprenorphine\b")
#: A step that may give a benzodiazepine: :data:`HOME_AFTER_DOSE` says :data:`BENZODIAZEPINE_HOME`. The doses
#: :data:`_GIVES_BENZODIAZEPINE` reads, a CIWA-Ar re-score's "treat on the current score" whatever its screens
#: ("re-score the CIWA-Ar and screen for delirium ...: ...; otherwise treat on the current score"), and a benzodiazepine
#: the step names as given ("if a benzodiazepine is given with buprenorphine or methadone: ..."). Physician review
#: R29, should-fix. Never a delirium review's own "re-score the CIWA-Ar within 1 hour;" read up to an old COWS's
#: "treat on the current score" (physician re-review R39, should-fix C10: that step gives no benzodiazepine).
_BENZODIAZEPINE_STEP = re.compile(
    rf"{_GIVES_BENZODIAZEPINE.pattern}|re-score the CIWA-Ar\b(?! within 1 hour;)[^.]*?treat on the current score|"
    r"a benzodiazepine is given"
)
#: An old CIWA-Ar's or COWS's re-score (scored on another day: "re-score the CIWA-Ar now (last 13 on 20 Nov 2026)")
#: whose step then treats on the current score(s): at a Level 0.5-2.5 plan (:func:`_home_plan_end`) it counts as a dose
#: given on site, so the step says how the patient goes home after it (:data:`HOME_AFTER_DOSE`). Physician re-review
#: R39, should-fix C10 (about 100 of the 800 cases, e.g. 45, 63, 119, 383: "treat on the current score(s)" and no
#: going-home criteria).
_OLD_RESCORE_TREATED = re.compile(
    r"re-score the (?:CIWA-Ar|COWS)\b[^;.]*?\(last \d[^.]*?treat on the current scores?\b"
)
#: An old COWS's re-score (alone or beside an old CIWA-Ar's: "re-score the CIWA-Ar and the COWS now (last ...") treated
#: on the current score(s): the dose given may be buprenorphine, so :func:`home_after_dose` says
#: :data:`BUPRENORPHINE_IF_GIVEN_HOME` where the step names none (physician review R44, Q1).
_OLD_COWS_TREATED = re.compile(
    r"re-score the (?:CIWA-Ar and the )?COWS\b[^;.]*?\(last \d[^.]*?treat on the current scores?\b"
)
#: A first step that transfers the patient now and treats on the current score while the transfer is arranged
#: (:data:`RESCORED_WHILE_ARRANGED_ALONE`): the patient leaves by the transfer, never home after a dose given here
#: (physician re-review R39, should-fix C10: no going-home words on a path that transfers the patient).
_WHILE_ARRANGED = "while the transfer is arranged"
#: Such a step's own dose clause: the last one said ends its dose step (physician re-review R39, should-fix C10).
_TREATS_ON_CURRENT = re.compile(r"treat on the current scores?\b")
#: An old CIWA-Ar's re-score treated on the current score (a benzodiazepine may be given): the step says
#: :data:`_CIWA_DOSE_REVIEWED` before the going-home clause (physician re-review R39, should-fix C10).
_OLD_CIWA_TREATED = re.compile(r"re-score the CIWA-Ar\b[^;.]*?\(last \d[^.]*?treat on the current scores?\b")
#: A step that may give buprenorphine or methadone: it names them, or re-scores a COWS to treat on it (a COWS recorded
#: today that the step does not treat, e.g. 8, gives none). Beside a benzodiazepine, the driving clause for any dose
#: (physician re-review R39, should-fix C10: "the any-dose form when a CIWA-Ar and a COWS are both scored"; physician
#: review R22, should-fix S1: never a benzodiazepine, buprenorphine or methadone named where one kind is given).
_OPIOID_DOSE_STEP = re.compile(r"buprenorphine|methadone|re-score the (?:CIWA-Ar and the )?COWS\b")
#: A CIWA-Ar re-score after a dose the step says already: :data:`_CIWA_DOSE_REVIEWED` is never said twice.
_CIWA_REVIEWED_AFTER_DOSE = "re-score the CIWA-Ar within 1 hour of a dose"
#: The clauses that follow such a dose (its re-score, the driving advice, the benzodiazepine's monitoring): the last
#: one said ends the dose step, where :data:`HOME_AFTER_DOSE` follows.
_AFTER_DOSE = re.compile(
    "|".join(
        [
            _DOSED_HERE.pattern,
            r"re-score the CIWA-Ar within 1 hour of a dose(?:[^;(]*[^;( ])?",
            r"re-score the COWS (?:1-2 hours )?after dosing",
            re.escape(IF_DOSED_NO_DRIVING),
            re.escape(ANY_DOSE_NO_DRIVING),
            re.escape(FIRST_DOSE_NO_DRIVING),
            r"nor today if a dose is given",
            re.escape(BENZODIAZEPINE_ON_SITE),
            re.escape(BENZODIAZEPINE_UNTIL_EVALUATION),  # R39 C9: the going-home clause after it
            re.escape(TWO_WITHDRAWALS_NO_DRIVING),  # R39 C9: case 120, the driving clause before the going home
            # R53 D: an old severe COWS's treatment below 37 ends its dose step too (both branches dose), never a
            # branch the going-home clause is said before (an open COWS flag of another day, "flag of ...")
            r"if below \d+: treat on the current scores?",
        ]
    )
)


def home_after_dose(steps: str, opioids: bool = False, evaluation: bool = False, old_cows: bool = False) -> str:
    """:data:`HOME_AFTER_DOSE` for a headline's ``steps`` (the text before its plan): naloxone outright where they give
    buprenorphine or methadone or score the COWS, "if the patient also uses opioids" where they treat alcohol
    withdrawal alone. Physician review R21 (session 17), should-fix S5, as ruled again. Where they may give a
    benzodiazepine (:data:`_BENZODIAZEPINE_STEP`), what ambulatory alcohol withdrawal management asks after its dose
    (:data:`BENZODIAZEPINE_HOME`): the patient walks steadily (the benzodiazepine labels: sedation, ataxia), a CIWA-Ar
    below 10 at least 1 hour after the last dose (the reviewer's threshold, R29, iopkit's own rule) and a supportive
    person to stay overnight (ASAM Clinical Practice Guideline on Alcohol Withdrawal Management 2020, key
    ``asam_awm2020``: ambulatory management needs a supportive person who can monitor the patient). Physician review
    R29, should-fix. A step that gives buprenorphine or methadone alone: without them, and so "any supportive
    person" (:data:`NALOXONE_ANY_SUPPORTIVE`: the clause introduces none; physician re-review R39, should-fix S3).
    Where they may give buprenorphine (:data:`_BUPRENORPHINE_STEP`), the last condition the patient meets is a COWS
    re-score after the last buprenorphine dose no higher than before it (:data:`BUPRENORPHINE_HOME`: no precipitated
    withdrawal; physician review R32, should-fix S3), after the benzodiazepine's and before the supportive person who
    stays overnight. The clause ends with what happens while its conditions are not met (:data:`HOME_OTHERWISE`:
    physician review R32, should-fix S4; R43 must-fix M1's words), except in :data:`EVALUATION_HOME_AFTER_DOSE`'s
    form, where "; otherwise" would read as the evaluation's other branch: it ends :data:`EVALUATION_HOME_OTHERWISE`
    (physician review R43, should-fix 2). Where the steps re-score an old COWS and treat on the current score
    (``old_cows``) but name no buprenorphine, the COWS re-score in a conditional form ("and, if buprenorphine is
    given, has ...", :data:`BUPRENORPHINE_IF_GIVEN_HOME`: physician review R44, Q1).

    Parameters
    ----------
    steps : str
        The headline's steps before its plan.
    opioids : bool
        A COWS is recorded (physician review R26a, must-fix M4: a COWS of 8 means the patient uses opioids): naloxone
        outright.
    evaluation : bool
        The emergency evaluation for suicide risk decides the plan: the clause opens
        :data:`EVALUATION_HOME_AFTER_DOSE` (physician review R38, should-fix S1).
    old_cows : bool
        The steps re-score an old COWS and treat on the current score (physician re-review R39, should-fix C10): where
        they name no buprenorphine, :data:`BUPRENORPHINE_IF_GIVEN_HOME` (physician review R44, Q1).

    Returns
    -------
    str
        The clause, without a leading "; ".

    Examples
    --------
    >>> print(home_after_dose("First: treat withdrawal with medication (CIWA-Ar 10 or more)."))
    ... # doctest: +NORMALIZE_WHITESPACE
    after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily roused,
    walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a supportive
    person to stay overnight (and, if the patient also uses opioids, with naloxone in hand and the supportive person
    shown how to use it), and the patient and the supportive person told not to add alcohol or other sedatives;
    otherwise the patient stays on site until these conditions are met, or a higher level of care is arranged
    >>> print(home_after_dose("First: buprenorphine; re-score the COWS after dosing."))
    ... # doctest: +NORMALIZE_WHITESPACE
    after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily roused,
    and has a COWS re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal),
    with naloxone in hand (and any supportive person shown how to use it), and the patient and any supportive person
    told not to add alcohol or other sedatives; otherwise the patient stays on site until these conditions are met,
    or a higher level of care is arranged
    >>> print(home_after_dose("First: buprenorphine; treat withdrawal with medication."))
    ... # doctest: +NORMALIZE_WHITESPACE
    after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily roused,
    walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, and has a COWS re-score
    after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with a supportive person
    to stay overnight, with naloxone in hand and the supportive person shown how to use it, and the patient and the
    supportive person told not to add alcohol or other sedatives; otherwise the patient stays on site until these
    conditions are met, or a higher level of care is arranged
    >>> "if the patient also uses opioids" in home_after_dose("First: treat withdrawal with medication.")
    True
    >>> "if the patient also uses opioids" in home_after_dose("First: buprenorphine; re-score the COWS after dosing.")
    False
    >>> "buprenorphine dose" in home_after_dose("First: no buprenorphine, methadone or benzodiazepine until it clears.")
    False
    >>> steps = "First: re-score the COWS now (last 19 on 20 Nov 2026); treat on the current score."
    >>> print(home_after_dose(steps, opioids=True, old_cows=True))  # physician review R44, Q1
    ... # doctest: +NORMALIZE_WHITESPACE
    after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily roused,
    and, if buprenorphine is given, has a COWS re-score after the last buprenorphine dose no higher than before it (no
    precipitated withdrawal), with naloxone in hand (and any supportive person shown how to use it), and the patient
    and any supportive person told not to add alcohol or other sedatives; otherwise the patient stays on site until
    these conditions are met, or a higher level of care is arranged
    >>> named = "First: re-score the COWS now (last 19 on 20 Nov 2026); treat on the current score; buprenorphine."
    >>> "if buprenorphine is given" in home_after_dose(named, opioids=True, old_cows=True)
    False
    >>> print(home_after_dose("First: treat withdrawal with medication.", evaluation=True)[:100])
    if the evaluation lets the patient go home after a dose given on site: only if awake or no more than
    >>> "otherwise" in home_after_dose("First: treat withdrawal with medication.", evaluation=True)
    False
    >>> print(home_after_dose("First: treat withdrawal with medication.", evaluation=True).split(" sedatives")[1])
    ... # doctest: +NORMALIZE_WHITESPACE
    ; if the evaluation lets the patient go home but these conditions are not met: the patient stays on site until
    they are met, or a higher level of care is arranged
    """
    naloxone = NALOXONE_OPIOIDS if opioids or _OPIOID_STEP.search(steps) else NALOXONE_ALCOHOL_ALONE
    benzodiazepine = bool(_BENZODIAZEPINE_STEP.search(steps))
    # R32 S3; R44 Q1: after an old COWS's re-score that names no buprenorphine, the same condition "if buprenorphine is
    # given"
    named = _BUPRENORPHINE_STEP.search(steps) is not None
    buprenorphine = BUPRENORPHINE_HOME if named else BUPRENORPHINE_IF_GIVEN_HOME if old_cows else ""
    introduced = benzodiazepine or naloxone != NALOXONE_OPIOIDS  # R39 S3: else no supportive person introduced
    said = HOME_AFTER_DOSE.format(
        # R32 S3: "and" before the last condition, the COWS re-score where it follows
        benzodiazepine=BENZODIAZEPINE_HOME.format(and_="" if buprenorphine else "and ") if benzodiazepine else "",
        buprenorphine=buprenorphine,
        overnight=SUPPORTIVE_OVERNIGHT if benzodiazepine else "",
        naloxone=naloxone if introduced else NALOXONE_ANY_SUPPORTIVE,
        supportive="the supportive person" if introduced else "any supportive person",
        # R32 S4 (R43 M1's words); R43 should-fix 2: the evaluation's form its own branch, not a bare "; otherwise"
        otherwise=EVALUATION_HOME_OTHERWISE if evaluation else HOME_OTHERWISE,
    )
    return EVALUATION_HOME_AFTER_DOSE + said.removeprefix(_HOME_ONLY_IF) if evaluation else said


def _home_plan_end(rec: Recommendation, text: str) -> int:
    """Where the headline ``text``'s plan names the setting the patient goes home from ends: the ambulatory withdrawal
    management it offers (:func:`_ambulatory_wm_offered`), or, where it offers none, its Level 0.5-2.5
    (:data:`_HOME_LEVELS`: dimension 1 rated below what today's CIWA-Ar or COWS calls for, e.g. rated 0 beside a
    CIWA-Ar of 14); -1 otherwise (a transfer, a 24-hour plan). Physician review R38, must-fix M2 (cases 204 and 740
    of the 800: the same case rated routine, 170 and 507, says how the patient goes home; a lower rating never removes
    it)."""
    end = _ambulatory_wm_offered(rec, text)
    if end >= 0 or rec.withdrawal_management is not None or rec.level not in _HOME_LEVELS:
        return end
    named = f"Level {rec.level.code} ({rec.level.label})"
    at = text.rfind(named)
    return at + len(named) if at >= 0 else -1


def _home_after_dose(rec: Recommendation, text: str) -> str:
    """The headline ``text`` saying :func:`home_after_dose` once where its plan offers ambulatory withdrawal management
    (:func:`_ambulatory_wm_offered`), its steps give a benzodiazepine or a dose for opioid withdrawal on site
    (:data:`_DOSED_HERE`) and the patient goes home after them (not "as the evaluation decides"): at the end of the
    sentence of that dose step's last clause (:data:`_AFTER_DOSE`), before its reasons, or before the first branch
    ("; if ...") after that clause, never inside one. Physician review R21, should-fix S5, as ruled again. Where the
    sentence's only driving words are a transfer branch's bare "the patient must not drive", the box's
    :data:`~iopkit.flags.ANY_DOSE_NO_DRIVING` once before it (physician review R26a, must-fix M1). Where the
    evaluation for suicide risk decides the plan: beside alcohol withdrawal treated alone (physician review R38, S1),
    and where the steps monitor a benzodiazepine given with buprenorphine or methadone while the patient waits for it
    (physician re-review R39, C9: K9 of review R5, cases 120 and 135), as :data:`EVALUATION_HOME_AFTER_DOSE`, after
    that monitoring (or the driving clause that follows it). ``text`` itself otherwise.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> r = recommend({1: 2, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> plan = f"Then, unless the review finds more: Level 2.5; with {_named(r.withdrawal_management)}."
    >>> print(_home_after_dose(r, f"First: x; treat withdrawal with medication; y (z). {plan}").split(" Then")[0])
    ... # doctest: +NORMALIZE_WHITESPACE
    First: x; treat withdrawal with medication; y; after a dose given on site, the patient goes home only if awake or no
    more than slightly drowsy and easily roused, walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the
    last benzodiazepine dose, with a supportive person to stay overnight (and, if the patient also uses opioids, with
    naloxone in hand and the supportive person shown how to use it), and the patient and the supportive person told
    not to add alcohol or other sedatives; otherwise the patient stays on site until these conditions are met, or a
    higher level of care is arranged (z).
    """
    end = _home_plan_end(rec, text)  # R38 M2: whatever dimension 1's rating
    if end < 0:
        return text
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, end)]
    plan_at = starts[-1] if starts else 0
    steps = text[:plan_at]
    # R38 S1: where the evaluation for suicide risk decides the plan, a step that treats today's alcohol withdrawal
    # with medication (a benzodiazepine) says how the patient goes home if the evaluation allows it; R39 C9: so does a
    # step that monitors a benzodiazepine given with buprenorphine or methadone (a CIWA-Ar beside a COWS: the
    # monitoring ends at the evaluation, the going-home conditions govern leaving after it; naloxone outright)
    evaluation = text.startswith(f"Then, {EVALUATION_DECIDES}", plan_at)
    if _HOME_SAID in text or EVALUATION_HOME_AFTER_DOSE in text:
        return text
    alcohol_alone = _TREATS_ALCOHOL_WITHDRAWAL.search(steps) and _total_today(rec, "cows") is None
    with_opioids = _BENZODIAZEPINE_STEP.search(steps) and (
        BENZODIAZEPINE_UNTIL_EVALUATION in steps or BENZODIAZEPINE_ON_SITE in steps
    )  # not a transfer now's "until handover"
    dosed = _DOSED_HERE.search(steps) or (
        evaluation and with_opioids
    )  # R39 C9: case 120's "treat on the current scores"
    # physician re-review R39, should-fix C10: at a Level 0.5-2.5 plan an old score's re-score treated on the current
    # score(s) is a dose given on site (cases 45, 63, 119, 383: "treat on the current score" and no going-home words);
    # its last such clause may end the dose step
    old = _OLD_RESCORE_TREATED.search(steps) if _WHILE_ARRANGED not in steps else None  # never beside a transfer now
    c10 = old is not None and not dosed
    if not (dosed or old) or (evaluation and not (alcohol_alone or with_opioids or old)):
        return text
    last = list(_AFTER_DOSE.finditer(steps))[-1] if not old else _last_dose_clause(steps)
    stop = m.start() if (m := _SENTENCE_END.search(text, last.end(), plan_at)) else plan_at - 2
    reasons = stop
    if text[stop - 1] == ")":  # the step's reasons, the bracket that ends the sentence
        depth = 0
        for i in range(stop - 1, last.end(), -1):
            depth += (text[i] == ")") - (text[i] == "(")
            if depth == 0:
                reasons = i - 1
                break
    # the end of the dose's sentence, before its reasons: never inside a branch ("if still 37 or more, ...") of the step
    # (d4413be: said after an old severe COWS's conditional transfer); before a branch that ends the sentence ("; if
    # positive: ...") where one follows the dose
    depth, at, clause_end = 0, reasons, reasons
    for i in range(last.end(), reasons):
        depth += (text[i] == "(") - (text[i] == ")")
        if depth == 0 and text.startswith("; ", i):
            clause_end = min(clause_end, i)
        if depth == 0 and text.startswith("; if ", i):
            at = i
            break
    # physician review R26a M1: a sentence whose only driving words are a transfer branch's bare "the patient must not
    # drive" (cases 39 and 432 of the 800: the once-a-sentence rule took the box's words out) says the box's words once,
    # at the end of the dose's clauses, before the going-home clause (the two branches exclude each other)
    # (not beside the evaluation for suicide risk, whose lead says "the patient must not drive" outright: R38 S1)
    sentence = text[max((m.end() for m in _SENTENCE_END.finditer(text, 0, at)), default=0) : at]
    # just before the going-home clause, or before the same-day suicide risk assessment that precedes it (case 432)
    # (R39 C10: or before a blank suicide-risk question that follows the old score's dose clause, "; then ask ...")
    then = text.startswith(_THEN_BEFORE_LEAVING, clause_end) or (c10 and text.startswith(_THEN_ASK, clause_end))
    said = clause_end if then else at
    if c10:
        # physician re-review R39, should-fix C10: right after the old score's last dose clause, the driving clause
        # where that path has none (never an intoxicated patient's bracket, nor a transfer branch's bare words), the
        # CIWA-Ar's re-score after a dose, then the going-home clause; an old COWS's treatment beside an old CIWA-Ar's
        # conditional transfer says its driving clause later, where R39 C4 put it (cases 119, 604, 723, 799)
        added = _old_score_dosed(
            _any_dose_if_not_transferred(sentence),
            evaluation,
            both=_BENZODIAZEPINE_STEP.search(sentence) is not None and _OPIOID_DOSE_STEP.search(sentence) is not None,
        )
    elif not evaluation and _NO_DRIVING.search(sentence) and not _DOSE_DRIVING_SAID.search(sentence):
        added = [ANY_DOSE_NO_DRIVING]
    else:
        added = []
    if added:
        clauses = "".join(f"; {clause}" for clause in added)
        text, at = f"{text[:said]}{clauses}{text[said:]}", at + len(clauses)
    # physician review R26a M4: beside a COWS recorded today (any score: a COWS of 8 is mild opioid withdrawal, so the
    # patient uses opioids) a sentence that may give a benzodiazepine and names no monitoring says it, and naloxone
    # is outright
    cows = _total_today(rec, "cows")
    before = text[max((m.end() for m in _SENTENCE_END.finditer(text, 0, at)), default=0) : at]
    # (R39 C10: an old complicated CIWA-Ar's re-score and delirium screen treated on the current score too, as the old
    # moderate CIWA-Ar's: cases 162, 202, 403, 443 beside 280 and 541)
    benzodiazepine = _GIVES_BENZODIAZEPINE.search(before) or (old is not None and _OLD_CIWA_TREATED.search(before))
    if cows is not None and benzodiazepine and "monitor sedation and breathing" not in before:
        beside = BENZODIAZEPINE_BESIDE_OPIOIDS.format(cows=f"COWS {cows:g} today")
        text, at = f"{text[:at]}; {beside}{text[at:]}", at + len(beside) + 2
    # physician review R44, Q1: an old COWS re-scored and treated on the current score may be dosed with buprenorphine
    # (the reviewer's 33 headlines that say "the patient goes home only if"; the lead extended it to the evaluation's
    # form on the same path, cases 140, 234, 482, 549, 693 of the 800: the same dose, the same going home if the
    # evaluation allows it)
    old_cows = old is not None and _OLD_COWS_TREATED.search(steps) is not None
    home = home_after_dose(steps, opioids=cows is not None, evaluation=evaluation, old_cows=old_cows)
    return f"{_ciwa_rescored_before_home(steps, text[:at], home)}{text[at:]}"


#: An old CIWA-Ar's re-score, whatever the step does with it ("re-score the CIWA-Ar now (last 21 on ...", "re-score
#: the CIWA-Ar and screen for delirium (CAM or 4AT) (last 15 on ...", "re-score the CIWA-Ar now, before any dose (last
#: 14 on ..."): :func:`_ciwa_rescored_before_home`.
_OLD_CIWA_RESCORED = re.compile(r"re-score the CIWA-Ar\b[^;.]*?\(last \d")
#: The going-home clause's CIWA-Ar condition (:data:`BENZODIAZEPINE_HOME`), which needs a CIWA-Ar re-score after the
#: dose.
_CIWA_HOME_CONDITION = BENZODIAZEPINE_HOME.partition("has ")[2]


def _ciwa_rescored_before_home(steps: str, before: str, home: str) -> str:
    """The headline up to the going-home clause (``before``) and the going-home clause ``home``
    (:func:`home_after_dose`) joined by "; ", for a headline whose ``steps`` re-score an old CIWA-Ar
    (:data:`_OLD_CIWA_RESCORED`), with :data:`_CIWA_DOSE_REVIEWED` immediately before ``home`` where it names a CIWA-Ar
    condition (:data:`_CIWA_HOME_CONDITION`: "a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose")
    that ``before`` orders no re-score for ("re-score the CIWA-Ar within 1 hour of a dose" not said): the condition
    needs a re-score the step never orders. Physician re-review R39, should-fix C10 said it for a step that waits for
    the suicide evaluation and treats an old CIWA-Ar on the current score (cases 120 and 135 of the 800); physician
    review R46, Q5 (should-fix), the reviewer's words and place ("immediately before 'after a dose given on site, the
    patient goes home only if'"), extended it to every such step: an old CIWA-Ar (not a mild one, which is not
    re-scored) beside a COWS dose, its re-score treated on the current score or before any dose (cases 39, 69, 88, 125,
    144, 189, 224, 249, 266, 312, 420, 432, 564, 639, 715, 770 of the 800). A going-home clause with no CIWA-Ar
    condition (an opioid-only one beside an old mild CIWA-Ar: cases 433, 547, 750) stays as it is. Where the same-day
    suicide risk assessment comes between the dose and going home (:data:`_THEN_ASSESSMENT`, its clause the last before
    ``home``), the re-score goes with the dose, immediately before "then, before the patient leaves, a same-day suicide
    risk assessment" (physician review R48, item 1, the reviewer's words: cases 88, 189, 224, 432, 564, 770); an
    assessment said before the dose ("..., and a prescriber's review: treat ...": case 312) leaves it before going home.

    Examples
    --------
    >>> steps = "First: re-score the CIWA-Ar now (last 21 on 20 Nov 2026, severe); x (y). "
    >>> home = home_after_dose("First: treat withdrawal with medication.")
    >>> print(_ciwa_rescored_before_home(steps, "x", home)[:116])  # physician review R46, Q5
    x; re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; after a dose given on site, the patient
    >>> then = "x; then, before the patient leaves, a same-day suicide risk assessment (if transferred: a; b)"
    >>> print(_ciwa_rescored_before_home(steps, then, home)[:160])  # physician review R48, item 1
    ... # doctest: +NORMALIZE_WHITESPACE
    x; re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; then, before the patient leaves, a
    same-day suicide risk assessment (if transferred
    >>> _ciwa_rescored_before_home(steps, f"{then}, and a prescriber's review: z", home).startswith(f"{then}, and")
    True
    >>> _ciwa_rescored_before_home(steps, "re-score the CIWA-Ar within 1 hour of a dose", home).endswith(f"; {home}")
    True
    >>> _ciwa_rescored_before_home("First: re-score the COWS now (last 19 on 20 Nov 2026). ", "x", home) == f"x; {home}"
    True
    >>> opioid_home = home_after_dose("First: buprenorphine; re-score the COWS after dosing.")
    >>> _ciwa_rescored_before_home(steps, "x", opioid_home) == f"x; {opioid_home}"
    True
    """
    if not (
        _OLD_CIWA_RESCORED.search(steps) and _CIWA_HOME_CONDITION in home and _CIWA_REVIEWED_AFTER_DOSE not in before
    ):
        return f"{before}; {home}"
    # physician review R48, item 1: the same-day suicide risk assessment said between the dose and going home (its
    # clause the last before the going-home clause): the re-score goes with the dose, immediately before its "then"
    then = before.rfind(_THEN_ASSESSMENT)
    if then >= 0 and not re.search(r"; |\. |, and ", _unbracketed(before[then + len(_THEN_ASSESSMENT) :])):
        return f"{before[:then]}; {_CIWA_DOSE_REVIEWED}{before[then:]}; {home}"
    return f"{before}; {_CIWA_DOSE_REVIEWED}; {home}"


def _last_dose_clause(steps: str) -> re.Match[str]:
    """The last clause of the headline ``steps`` that ends a dose step: one of :data:`_AFTER_DOSE`'s, or an old score's
    "treat on the current score(s)" (:data:`_TREATS_ON_CURRENT`; physician re-review R39, should-fix C10), whichever is
    said last.

    Examples
    --------
    >>> _last_dose_clause("First: re-score the COWS now (last 19 on 20 Nov 2026); treat on the current score (z).")[0]
    'treat on the current score'
    >>> steps = "First: x; treat on the current scores; if a dose is given: the patient must not drive today (z)."
    >>> _last_dose_clause(steps)[0]
    'if a dose is given: the patient must not drive today'
    """
    return max([*_AFTER_DOSE.finditer(steps), *_TREATS_ON_CURRENT.finditer(steps)], key=lambda m: m.end())


#: An opening or closing bracket (:func:`_unbracketed`).
_BRACKET = re.compile(r"[()]")


def _unbracketed(text: str) -> str:
    """``text`` without what it says in brackets (an intoxicated patient's "(...; the patient must not drive today)",
    a transfer's handover).

    Examples
    --------
    >>> _unbracketed("a (b (c) d) e (f)")
    'a  e '
    """
    if "(" not in text:
        return text
    kept, depth, start = [], 0, 0
    for bracket in _BRACKET.finditer(text):  # an unopened ")" is kept; an unclosed "(" drops the rest
        if bracket[0] == "(":
            if not depth:
                kept.append(text[start : bracket.start()])
            depth += 1
        elif depth:
            depth -= 1
            start = bracket.end()
    return "".join(kept) if depth else "".join([*kept, text[start:]])


def _old_score_dosed(sentence: str, evaluation: bool, both: bool) -> list[str]:
    """What a first step that re-scores an old CIWA-Ar or COWS and treats on the current score(s) at a Level 0.5-2.5
    plan says right after that last dose clause, before :func:`home_after_dose`'s going-home clause. Physician
    re-review R39, should-fix C10, the physician's words: where the step's path has no driving clause (none outside a
    bracket, :data:`_DOSE_DRIVING_SAID`; beside the evaluation for suicide risk, none in its lead,
    :data:`_EVALUATION_LEAD_NO_DRIVING`), :data:`~iopkit.flags.IF_DOSED_NO_DRIVING`, or
    :data:`~iopkit.flags.ANY_DOSE_NO_DRIVING` where a CIWA-Ar and a COWS are both scored and treated (``both``: the step
    may give a benzodiazepine and buprenorphine or methadone, :data:`_OPIOID_DOSE_STEP`); for a CIWA-Ar,
    :data:`_CIWA_DOSE_REVIEWED` (unless the step re-scores it after a dose already).

    Parameters
    ----------
    sentence : str
        The dose step's sentence up to where the going-home clause goes.
    evaluation : bool
        The emergency evaluation for suicide risk decides the plan ("Then, as the evaluation decides: ...").
    both : bool
        The step may give a benzodiazepine and buprenorphine or methadone (a CIWA-Ar and a COWS both scored and
        treated).

    Returns
    -------
    list of str
        The clauses, in order, each without a leading "; ".

    Examples
    --------
    >>> for clause in _old_score_dosed(
    ...     "First: re-score the CIWA-Ar now (last 13 on 20 Nov 2026); treat on the current score", False, False
    ... ):
    ...     print(clause)
    if a dose is given: the patient must not drive today
    re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit
    >>> _old_score_dosed("First: re-score the COWS now (last 19 on 20 Nov 2026); treat on the current score", False,
    ...     False)
    ['if a dose is given: the patient must not drive today']
    >>> _old_score_dosed("First: x (y; the patient must not drive today); treat on the current score", False, True)
    ['if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today']
    >>> _old_score_dosed(f"First: x{_EVALUATION_LEAD_NO_DRIVING}re-score the COWS now (last 19 on 20 Nov 2026); "
    ...     "treat on the current score", True, False)
    []
    """
    said = []
    if not (
        _DOSE_DRIVING_SAID.search(_unbracketed(sentence)) or (evaluation and _EVALUATION_LEAD_NO_DRIVING in sentence)
    ):
        said.append(ANY_DOSE_NO_DRIVING if both else IF_DOSED_NO_DRIVING)
    if _OLD_CIWA_TREATED.search(sentence) and _CIWA_REVIEWED_AFTER_DOSE not in sentence:
        said.append(_CIWA_DOSE_REVIEWED)
    return said


#: A benzodiazepine a step may give beside opioid use the COWS records (physician review R26a, must-fix M4, the
#: reviewer's words: "a benzodiazepine beside opioid use (COWS 8 today): monitor sedation and breathing while the
#: patient is on site"). FDA Drug Safety Communication, 31 Aug 2016: boxed warning on opioids used with benzodiazepines
#: (profound sedation, respiratory depression, coma, death); 20 Sep 2017: manage such patients carefully.
BENZODIAZEPINE_BESIDE_OPIOIDS = (
    "a benzodiazepine beside opioid use ({cows}): monitor sedation and breathing while the patient is on site"
)


#: The driving advice a dose's sentence gives the patient who goes home (not a transfer branch's bare "the patient must
#: not drive"): "... the patient must not drive today", "nor today if a dose is given", "... unless ... no dose of a
#: benzodiazepine, buprenorphine or methadone is given today" (:func:`_home_after_dose`, physician review R26a M1;
#: R30b S9 (a)).
_DOSE_DRIVING_SAID = re.compile(
    rf"drive today|nor today if a dose is given|no (?:dose of {ANY_DOSE_NAMED}|benzodiazepine) is given today"
)
#: The same-day suicide risk assessment said after the dose's clauses, before the going-home clause (case 432).
_THEN_BEFORE_LEAVING = "; then, before the patient leaves, "
#: The same-day suicide risk assessment said after a dose, before the patient goes home: the re-score goes before it
#: (:func:`_ciwa_rescored_before_home`; physician review R48, item 1).
_THEN_ASSESSMENT = f"{_THEN_BEFORE_LEAVING}a same-day suicide risk assessment"
#: A blank suicide-risk question said after the dose's clauses ("; then ask the blank suicide-risk question, ...").
_THEN_ASK = "; then ask "


#: dimension 1 alone (:func:`wm_follows_dimension_1`); Level 4's own 4-WM is "within it" (:func:`wm_within_level`).
WM_FOLLOWS_DIMENSION_1 = tuple(level for level in SETTING_WM if level is not LevelOfCare.INPATIENT_MANAGED)


def wm_follows_dimension_1(level: LevelOfCare | None, rating: int, high_risk: bool = False) -> bool:
    """Whether withdrawal management in ``level`` follows dimension 1's ``rating`` alone, whatever level the other
    dimensions give: ``level`` a 24-hour level (:data:`WM_FOLLOWS_DIMENSION_1`: 3.1, 3.3, 3.5, 3.7), dimension 1
    routing to no 24-hour withdrawal management (rated 0-2) and no high risk of complicated withdrawal nor delirium
    of today (``high_risk``).

    Then rated 0 or 1 the level has no withdrawal management of its own (mild withdrawal is managed there), rated 2
    the setting's own goes alongside the level, never first (:func:`wm_alongside_setting`); rated 3 (3.7-WM), a high
    risk (3.7-WM) or delirium of today (4-WM) come first. A "First 3.2-WM" referral for a patient without withdrawal
    needing 24-hour support is declined by the withdrawal unit and delays the setting the other dimension needs.
    Source: ASAM Criteria, 3rd ed., 2013 (dimension 1 risk 0-1: none or 1-WM; 3.2-WM is for withdrawal needing
    24-hour support; the withdrawal-management level follows dimension 1's rating); physician review R14, must-fix 2
    (dimensions 4-6 rated 4), generalised by physician review R16 (session 15), must-fix 5 and should-fix 9.

    Examples
    --------
    >>> wm_follows_dimension_1(LevelOfCare.RESIDENTIAL_HIGH, 1), wm_follows_dimension_1(LevelOfCare.RESIDENTIAL_HIGH, 3)
    (True, False)
    >>> wm_follows_dimension_1(LevelOfCare.INPATIENT_MANAGED, 1), wm_follows_dimension_1(LevelOfCare.IOP, 1)
    (False, False)
    """
    return level in WM_FOLLOWS_DIMENSION_1 and not high_risk and _RULE[(1, rating)].withdrawal_management not in _WM_24H


def wm_alongside_setting(
    basis: Iterable[DimensionBasis],
    wm: LevelOfCare | None,
    flags: Iterable[Flag] = (),
    level: LevelOfCare | None = None,
) -> bool:
    """Whether a plan's 24-hour withdrawal management ``wm`` goes alongside its level, never first: withdrawal
    management that follows dimension 1 alone (:func:`wm_follows_dimension_1`: ``level``, by default the most
    intensive level of ``basis``, a 24-hour level 3.1-3.7 another dimension gives; dimension 1 rated 2, ambulatory
    withdrawal management with extended on-site monitoring), ``wm`` only the setting's own
    (:data:`~iopkit.placement.rule_table.SETTING_WM`: 3.2-WM in Level 3.1-3.5, 3.7-WM in Level 3.7), and no high
    risk of complicated withdrawal nor delirium of today (``flags``: :func:`_high_risk_flag`, :func:`_delirium_today`).

    Then the setting manages the withdrawal there, as dimension 1 needs ("Level 3.5 (...) with 3.2-WM clinically
    managed residential withdrawal management"): never "First 3.2-WM ..., then Level 3.5 after a reassessment", which
    a withdrawal unit declines for a patient without withdrawal needing 24-hour support and which delays the setting
    the level is for. Dimension 1 rated 0 or 1 has no withdrawal management of its own there
    (:func:`iopkit.placement.decision._wm_follows_dimension_1`); rated 3 (3.7-WM), a high risk of complicated
    withdrawal (3.7-WM) or delirium of today (4-WM) still come first, as the headline names them
    (:func:`_wm_leads_setting`). Source: ASAM Criteria, 3rd ed., 2013 (the withdrawal management level follows
    dimension 1's rating; 3.2-WM is for withdrawal needing 24-hour support); physician review R14, must-fix 2
    (dimensions 4-6 rated 4), generalised to every level from a dimension other than 1 by physician review R16
    (session 15), must-fix 5.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> r = recommend({1: 2, 2: 0, 3: 1, 4: 1, 5: 4, 6: 1})
    >>> r.withdrawal_management.code, wm_alongside_setting(r.basis, r.withdrawal_management, r.flags)
    ('3.2-WM', True)
    >>> r = recommend({1: 2, 2: 0, 3: 3, 4: 1, 5: 1, 6: 1})
    >>> r.withdrawal_management.code, wm_alongside_setting(r.basis, r.withdrawal_management, r.flags)
    ('3.2-WM', True)
    >>> r = recommend({1: 3, 2: 0, 3: 1, 4: 1, 5: 4, 6: 1})
    >>> r.withdrawal_management.code, wm_alongside_setting(r.basis, r.withdrawal_management, r.flags)
    ('3.7-WM', False)
    """
    basis, flags = tuple(basis), tuple(flags)
    if level is None:
        levels = [b.level_required for b in basis if b.level_required is not None]
        level = max(levels, key=lambda lv: lv.rank, default=None)
    ratings = {b.dimension: b.rating for b in basis}
    high_risk = _high_risk_flag(flags) is not None or any(map(same_day_delirium, flags))
    if wm is None or level is None or wm is not SETTING_WM.get(level):
        return False
    return wm_follows_dimension_1(level, ratings.get(1, 0), high_risk)


def _wm_alongside(rec: Recommendation) -> bool:
    """:func:`wm_alongside_setting` for ``rec``."""
    return wm_alongside_setting(rec.basis, rec.withdrawal_management, rec.flags)


#: Until the 24-hour setting admits the patient (dimension 4, 5 or 6 rated 4): a safety plan, and naloxone for a
#: patient who uses opioids (ASAM 2020 National Practice Guideline for OUD: naloxone for every patient with opioid use
#: disorder; physician review R13, session 14, should-fix 6, its words).
UNTIL_ADMISSION = "until admission: a safety plan with the patient, and naloxone if the patient uses opioids"
#: The withdrawal management of the 24-hour setting where dimension 1 needs no more than the setting's own (physician
#: review R13, should-fix 6, its words).
WM_THERE = "with withdrawal management there as dimension 1 needs"


def _setting_today_plan(rec: Recommendation, after: bool = False) -> str:
    """The 24-hour structured setting arranged today for dimension 4, 5 or 6 rated 4 (:func:`_setting_today`), with
    the level the rule table gives on today's ratings ("at least": the recommendation's own level, Level 3.5 for
    those ratings alone, higher where another dimension needs more), the withdrawal management there, and what holds
    until admission (:data:`UNTIL_ADMISSION`):

    "First: arrange a 24-hour structured setting today (dimension 5 rated 4, imminent danger): on today's ratings at
    least Level 3.5 (Clinically managed high-intensity residential), with withdrawal management there as dimension 1
    needs; until admission: a safety plan with the patient, and naloxone if the patient uses opioids."

    With dimension 1 rated 0 (no withdrawal management) the withdrawal clause is left out; with withdrawal
    management above the setting's own (:func:`_wm_leads_setting`, e.g. 3.7-WM for dimension 1 rated 3) it is named
    first, "on today's ratings 3.7-WM medically monitored inpatient withdrawal management first, then at least Level
    3.5 (...) after a reassessment of all six dimensions", with the first dose before transfer a withdrawal sign of
    today gets where nothing else leads (:func:`_first_dose_before_transfer`). ``after``: as a clause following the
    first step, without "First: " and the full stop. No ED, no capacity clause, no rating-4 dose form, no driving
    clause: those are dimensions 1-3's (ASAM Criteria, 3rd ed., 2013, dimensions 4-6 rated 4: Level 3.5/3.7 24-hour
    structure; ASAM 2020 OUD guideline: naloxone; physician review R13, session 14, should-fix 6).

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> print(recommend({1: 0, 2: 0, 3: 1, 4: 4, 5: 4, 6: 1}).headline)  # doctest: +NORMALIZE_WHITESPACE
    First: arrange a 24-hour structured setting today (dimensions 4 and 5 rated 4, imminent danger): on today's
    ratings at least Level 3.5 (Clinically managed high-intensity residential); until admission: a safety plan with
    the patient, and naloxone if the patient uses opioids.
    """
    dims = [str(d) for d in _imminent_456(rec)]
    which = f"dimension {dims[0]}" if len(dims) == 1 else f"dimensions {', '.join(dims[:-1])} and {dims[-1]}"
    wm = rec.withdrawal_management
    if wm is not None and _wm_leads_setting(rec):
        ratings = (
            f"{_wm_first_named(rec, wm)} first, then at least {_level_words(rec)} after a reassessment of all six "
            "dimensions"
        )
        # nothing else leads: a withdrawal sign of today a prescriber treats, its first dose before the transfer (else
        # its review leads in its ordinary form: _dangers)
        ratings += "" if after else _first_dose_before_transfer(rec)
    else:
        # dimension 1 rated 1 or more: withdrawal management there as it needs (at 1 none of its own, R14 must-fix 2)
        needs = wm is not None or _RULE[(1, rec.dimensions[1])].withdrawal_management is not None
        ratings = f"at least {_level_words(rec)}" + (f", {WM_THERE}" if needs else "")
    text = (
        f"arrange a 24-hour structured setting today ({which} rated 4, imminent danger): on today's ratings "
        f"{ratings}; {UNTIL_ADMISSION}"
    )
    return text if after else f"First: {text}."


#: What a Level 4 plan whose 4-WM only the setting raised says of withdrawal management (:func:`wm_within_level`).
WITHIN_LEVEL = "any withdrawal managed within it"


def wm_within_level(basis: Iterable[DimensionBasis], level: LevelOfCare | None = None) -> bool:
    """Whether a plan's withdrawal management is 4-WM only because its level is Level 4 (medically managed intensive
    inpatient, reached by dimension 2 or 3 rated 4): dimension 1's rating and its suggestion both route to no 24-hour
    withdrawal management (1-WM, 2-WM or none: dimension 1 below 3 and no sign calling for it), so withdrawal, if any,
    is managed within the level, never "withdrawal management first" (ASAM Criteria 2013: the withdrawal-management
    level follows dimension 1; Level 4 provides medically managed withdrawal management within it; physician review
    8). The rule that raises the 4-WM is :data:`~iopkit.placement.rule_table.SETTING_WM`, applied by
    :func:`iopkit.placement.decision._wm_for_setting` (a 24-hour setting's withdrawal management is at least its own).
    ``level``: Level 4 chosen by the clinician (:meth:`~iopkit.placement.Placement.describe`), by default the most
    intensive level of ``basis``: dimension 1 decides whichever level is chosen, never "First Level 4-WM" for
    dimension 1 rated 1 (physician review R16 (session 15), should-fix 9).

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> wm_within_level(recommend({1: 1, 2: 0, 3: 4, 4: 1, 5: 1, 6: 1}).basis)
    True
    >>> wm_within_level(recommend({1: 3, 2: 0, 3: 4, 4: 1, 5: 1, 6: 1}).basis)
    False
    """
    basis = tuple(basis)
    if level is None:
        levels = [b.level_required for b in basis if b.level_required is not None]
        level = max(levels, key=lambda lv: lv.rank, default=None)
    d1 = next((b for b in basis if b.dimension == 1), None)
    if level is not LevelOfCare.INPATIENT_MANAGED or d1 is None or _RULE[(1, d1.rating)].withdrawal_management is None:
        return False
    rated = [r for r in (d1.rating, d1.suggested_rating) if r is not None]
    return all(_RULE[(1, r)].withdrawal_management not in _WM_24H for r in rated)


def _managed_within_level(rec: Recommendation) -> bool:
    """Whether ``rec``'s 24-hour withdrawal management is only its Level 4's own (:func:`wm_within_level`): any
    withdrawal managed within the level, never first (:attr:`Recommendation.withdrawal_first` is then False)."""
    return rec.withdrawal_management in _WM_24H and wm_within_level(rec.basis)


def _wm_of(b: DimensionBasis) -> LevelOfCare | None:
    """The withdrawal-management level of a dimension's suggested rating (``None``: none, or no suggestion)."""
    row = _RULE.get((b.dimension, b.suggested_rating)) if b.suggested_rating is not None else None
    return row.withdrawal_management if row is not None else None


def _wm_called_for(basis: Iterable[DimensionBasis]) -> LevelOfCare | None:
    """The withdrawal-management setting of dimension 1's suggestion where dimension 1 is rated below it, else
    ``None`` (what the withdrawal history or flags call for, above the clinician's rating)."""
    below = (b for b in basis if b.dimension == 1 and b.overridden and b.rating < (b.suggested_rating or 0))
    return next((wm for b in below if (wm := _wm_of(b)) is not None), None)


def _wm_rated_below(rec: Recommendation) -> LevelOfCare | None:
    """The withdrawal-management setting of dimension 1's suggestion where dimension 1 is rated below it and the
    plan's withdrawal management, even where its 24-hour setting raised it (:func:`~iopkit.placement.decision.
    _wm_for_setting`), is still below that setting (e.g. 3.7-WM below the 4-WM an open delirium flag calls for), else
    ``None`` (:attr:`Placement.withdrawal_management_rated_below`)."""
    return _wm_below_called_for(rec.basis, rec.withdrawal_management)


def _wm_below_called_for(basis: Iterable[DimensionBasis], wm: LevelOfCare | None) -> LevelOfCare | None:
    """:func:`_wm_rated_below` for a plan's withdrawal management ``wm`` (the recommendation's, or a decision's
    re-derived for the 24-hour level the clinician chose: :attr:`Placement.withdrawal_management`)."""
    called = _wm_called_for(basis)
    return called if called is not None and (wm is None or wm.rank < called.rank) else None


#: The 4th edition builds ambulatory withdrawal management into the level (the separate WM levels removed; x.7 is
#: the medically managed level of each broad level: ASAM Criteria, 4th ed., 2023, from secondary summaries): outpatient
#: with WM is 1.7 (medically managed outpatient), intensive or high-intensity outpatient with WM 2.7 (medically managed
#: intensive outpatient). Which one is iopkit's inference: the treatment level's broad level, never below the WM's
#: own nearest match (ambulatory WM with extended on-site monitoring: 2.7).
_BUILT_IN: Mapping[LevelOfCare, LevelOfCare] = MappingProxyType(
    {
        LevelOfCare.OP: LevelOfCare.WM_AMBULATORY,
        LevelOfCare.IOP: LevelOfCare.WM_AMBULATORY_EXTENDED,
        LevelOfCare.PHP: LevelOfCare.WM_AMBULATORY_EXTENDED,
    }
)


def _one_level(level: LevelOfCare, wm: LevelOfCare, edition: Edition | str) -> str | None:
    """A treatment level with ambulatory withdrawal management named as the one 4th-edition level that provides both
    ("Level 2.7 (Medically managed intensive outpatient) [4th ed., inferred by iopkit: Level 2.1 (Intensive
    outpatient) with ambulatory withdrawal management with extended on-site monitoring (3rd ed. 2-WM), one level]"),
    never the patient in two levels at once; a 3rd-edition code only so labelled;
    ``None`` in the 3rd edition, for a 24-hour WM (named first, then the level) or a level without an outpatient match
    (:data:`_BUILT_IN`).

    Where the withdrawal management, not the level, makes the one level (Level 1 with 2-WM: 2.7, not the 1.7 Level 1
    has with 1-WM), the hours differ: the level is said to be for the withdrawal period, then the level's own,
    "Level 2.7 (Medically managed intensive outpatient) while withdrawal is managed, then Level 1.5 (Outpatient
    therapy) [4th ed., inferred by iopkit: ...]" (physician review R16 (session 15), should-fix 10; ASAM Criteria,
    4th ed., 2023, from secondary summaries).
    """
    built = None if edition == Edition.THIRD else _built_in(level, wm)
    if built is None:
        return None
    fourth = FOURTH_EDITION[built]
    name = describe(level, edition=edition).split(" [", 1)[0]
    then = "" if built is _BUILT_IN[level] else f" while withdrawal is managed, then {name}"
    # the withdrawal management by its own name and 3rd-edition code, so a level named 2.7 for its 2-WM reads why
    return (
        f"Level {fourth.code} ({fourth.label}){then} [4th ed., inferred by iopkit: {name} with {wm.label[0].lower()}"
        f"{wm.label[1:]} (3rd ed. {wm.code}), one level]"
    )


def _built_in(level: LevelOfCare, wm: LevelOfCare | None) -> LevelOfCare | None:
    """The level (by its 3rd-edition match) whose 4th-edition name a treatment level with ambulatory withdrawal
    management takes (:func:`_one_level`: the level's own built-in match, never below the WM's), else ``None``."""
    own = _BUILT_IN.get(level)
    if own is None or wm not in (LevelOfCare.WM_AMBULATORY, LevelOfCare.WM_AMBULATORY_EXTENDED):
        return None
    return max(own, wm, key=lambda lv: lv.rank)


def _wm_named(wm: LevelOfCare, edition: Edition | str) -> str:
    """A withdrawal-management level named in one edition's scheme, never mixing the two: in the 3rd edition its own
    level ("Level 3.7-WM (Medically monitored inpatient withdrawal management)"); in the 4th, which integrates
    withdrawal management into the continuum (the separate WM levels removed), as withdrawal management in the nearest
    4th-edition level, with how sure that name is ("withdrawal management in Level 3.7 (Medically managed
    residential) [4th ed., inferred by iopkit: nearest match by setting]";
    :data:`~iopkit.placement.levels.FOURTH_EDITION`, ASAM Criteria, 4th ed., from secondary summaries)."""
    named = describe(wm, edition=edition)
    return named if edition == Edition.THIRD else f"withdrawal management in {named}"


def below_suggested_withdrawal_management(
    rec: Recommendation, reason: str | None = None, *, edition: Edition | str = Edition.THIRD
) -> str:
    """The warning every text naming a plan's withdrawal management carries where dimension 1 is rated below the
    setting its suggestion called for (:attr:`Placement.withdrawal_management_rated_below`), else ``""``: "below the
    3.7-WM that possible withdrawal delirium on 01 Sep 2026 (CIWA-Ar) calls for (reason: ...)".

    The clinician's rating stands (a :class:`Placement` below its suggestion needs a reason), but the level it routes
    to (e.g. 1-WM, ambulatory withdrawal management without extended on-site monitoring) is never shown as if it
    were the setting the withdrawal history or flags call for: iopkit's rule for a high risk of complicated
    withdrawal (never 1-WM; 3.7-WM by default, 2-WM once a mitigation is recorded and medically reviewed:
    :func:`~iopkit.placement.suggest_dimensions`, after the ASAM 2020 alcohol withdrawal guideline, Rec II.5,
    III.1). Used by :meth:`Placement.describe`, the placement page's ladder and the patient summary.

    Parameters
    ----------
    rec : Recommendation
        The recommendation (its ratings and the suggestions they were made against).
    reason : str, optional
        The clinician's recorded reason (:attr:`Placement.reason`), named in brackets; ``None``: none yet.
    edition : Edition or str
        ``"3rd"`` (default): the setting by its code ("3.7-WM"); ``"4th"``: as that edition names it ("withdrawal
        management in Level 3.7 (Medically managed residential) [...]"), so a 4th-edition text never mixes schemes.

    Returns
    -------
    str

    Raises
    ------
    PlacementInputError
        An edition other than ``"3rd"`` or ``"4th"`` (only where there is a setting to name).

    Examples
    --------
    >>> from iopkit.placement import recommend, suggest_dimensions
    >>> rec = recommend({1: 1, 2: 0, 3: 0, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([], pawss=5))
    >>> below_suggested_withdrawal_management(rec, "daily nurse visits")
    'below the 3.7-WM that PAWSS 5 (4 or more) calls for (reason: daily nurse visits)'
    """
    return _below(rec, rec.level, rec.withdrawal_management, reason, edition)


def _below(
    rec: Recommendation, level: LevelOfCare, plan_wm: LevelOfCare | None, reason: str | None, edition: Edition | str
) -> str:
    """:func:`below_suggested_withdrawal_management` for a plan at ``level`` with withdrawal management ``plan_wm``
    (the recommendation's, or a decision's at another level: :meth:`Placement.describe`)."""
    wm = _wm_below_called_for(rec.basis, plan_wm)
    if wm is None:
        return ""
    s = next((s for s in rec.suggested if s.dimension == 1), None)
    behind = _unaccounted(s.flags if s else ())
    # an old flag that is only a record calls for no setting where a finding of today does (physician review)
    behind = tuple(f for f in behind if not _only_records(f)) or behind
    found = list(dict.fromkeys(_finding(f) for f in behind))
    # two findings "call for" it, one "calls for" it (physician review R28 S7)
    verb = "call for" if len(found) > 1 else "calls for"
    why = f"that {' and '.join(_in_list(['', *found])[1:])} {verb}" if found else "suggested"
    reason_note = f" (reason: {reason})" if reason else ""
    built = None if edition == Edition.THIRD else _built_in(level, plan_wm)
    if built is not None and plan_wm is not None and FOURTH_EDITION[built] == FOURTH_EDITION[wm]:
        # the 4th edition names the plan's level by the very level that may provide the withdrawal management called
        # for (e.g. Level 2.7 for 2.1 with 1-WM, and 2-WM's nearest match 2.7): it does only if the programme provides
        # it, and the shortfall as rated stays named
        what = "extended on-site monitoring" if wm is LevelOfCare.WM_AMBULATORY_EXTENDED else "withdrawal management"
        return (
            f"provides the {what} {why} (3rd ed. {wm.code}) only if the programme does; as rated, "
            f"{plan_wm.code}{reason_note}"
        )
    if edition != Edition.THIRD and level in FOURTH_EDITION and FOURTH_EDITION[level].code == FOURTH_EDITION[wm].code:
        # a 4th-edition level that is itself the setting of the withdrawal management called for (Level 3.7, medically
        # managed residential, for a 3.7-WM need): the rating, not the level, is below it
        return f"below the withdrawal management this level provides {why} (3rd ed. {wm.code}){reason_note}"
    named = wm.code if edition == Edition.THIRD else _wm_named(wm, edition)
    return f"below the {named} {why}{reason_note}"


# --- one screen before any dose: the boxes' rule, applied to the headline too (moved from boxes.py) ---------------

#: The delirium and intoxication screen before a CIWA-Ar dose beside complicated withdrawal (R14 should-fix S5, its
#: words; the headline's own screen, :data:`~iopkit.placement.recommendation._BEFORE_ANY_DOSE`).
_SCREEN_DELIRIUM = f"{_BEFORE_ANY_DOSE} {_DELIRIUM_TO_ED}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _said_at(text: str, at: int, words: str) -> str:
    """``text`` with ``words`` inserted at ``at``, capitalised where they open the box, the words after them then in
    lower case."""
    if at == 0:
        return words[:1].upper() + words[1:] + text[:1].lower() + text[1:]
    return f"{text[:at]}{words[:1].lower()}{words[1:]}{text[at:]}"


#: A clause's condition a screen inside it is said under ("if still 37 or more", "at 8 or more").
_SCREEN_CONDITION = re.compile(r"\bif still\b|\bat \d+ or more\b")


#: One screen before any dose as a box says it, its hold to its "otherwise " (the overdose question, the delirium
#: screen, thiamine and blood glucose each where said).
_ONE_SCREEN = re.compile(
    r"[Bb]efore any dose: (?P<screen>(?:ask about any overdose or ingestion today and )?screen for [^;]*?); "
    r"(?P<hold>if [^;:]*: no dose here[^;]*); otherwise "
)
_FEATURES = ("overdose", "delirium", "thiamine")


def _features(screen: str) -> frozenset[str]:
    """What a screen before any dose asks beyond intoxication: an overdose or ingestion, delirium, thiamine."""
    return frozenset(w for w in _FEATURES if w in screen)


def _union_screen(screens: list[str]) -> str:
    """The one screen that says what each of ``screens`` says (physician review R18, session 16, should-fix S2): the
    first of them that says it all, else composed from the headline's screens (:data:`_SCREEN_DELIRIUM` with thiamine
    and blood glucose, :data:`~iopkit.placement.recommendation._INTOXICATION_ALCOHOL`, :data:`~iopkit.placement.
    recommendation._INTOXICATION_AT_4`, the overdose question by :func:`~iopkit.placement.recommendation.
    overdose_asked`), in lower case.

    Examples
    --------
    >>> print(_union_screen([_INTOXICATION_AT_4, _INTOXICATION_ALCOHOL]))  # doctest: +NORMALIZE_WHITESPACE
    before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give
    thiamine and check blood glucose; if intoxicated: no dose here; otherwise
    """
    union = frozenset().union(*map(_features, screens))
    said = next((s for s in screens if _features(s) >= union), None)
    if said is None:
        said = (
            f"{_SCREEN_DELIRIUM}; otherwise "
            if "delirium" in union
            else _INTOXICATION_ALCOHOL
            if "thiamine" in union
            else _INTOXICATION_AT_4
        )
        said = overdose_asked(said) if "overdose" in union else said
    return said[:1].lower() + said[1:]


def _clause_of(action: str, at: int) -> int:
    """Where the "; "-clause of ``action`` holding ``at`` starts (after the last "; " before it outside brackets)."""
    depth, start = 0, 0
    for i, c in enumerate(action[:at]):
        depth += (c == "(") - (c == ")")
        if depth == 0 and action.startswith("; ", i):
            start = i + 2
    return start


def _screened_once(action: str) -> str:
    """``action`` saying "before any dose:" once (physician review R18, session 16, should-fix S2, the reviewer's
    words: a joined box "says 'before any dose:' ONCE, listing the union of its screens ..., then the doses"): where it
    says two or more screens (:data:`_ONE_SCREEN`), their union (:func:`_union_screen`) where the first stood, the
    others gone, each dose then reading on from its own clause. A first screen said under a clause's condition ("if
    still 37 or more, ", "at 10 or more, ": :data:`_SCREEN_CONDITION`) opens that clause instead, the condition after
    its "otherwise ", so that it covers every later dose (physician review R17b, session 15, must-fix M1: a screen
    inside another clause's condition covers no later dose). Where the first screen may sit inside an earlier clause's
    condition (:func:`_inside_earlier_condition`), every screen is kept, each the union (physician review R22, session
    19, must-fix M1). ``action`` itself where it says one screen or none.

    Examples
    --------
    >>> print(_screened_once(
    ...     "Re-score the COWS (last 48): if still 37 or more, " + _INTOXICATION_AT_4 + "a prescriber gives "
    ...     "buprenorphine; prescriber's review: " + _INTOXICATION_ALCOHOL + "treat withdrawal with medication"
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    Re-score the COWS (last 48): before any dose: screen for intoxication (breath alcohol above zero, or signs of
    sedative intoxication), give thiamine and check blood glucose; if intoxicated: no dose here; otherwise if still 37
    or more, a prescriber gives buprenorphine; prescriber's review: treat withdrawal with medication
    """
    said = list(_ONE_SCREEN.finditer(action))
    if len(said) < 2:
        return action
    union = _union_screen([m[0] for m in said])
    if _inside_earlier_condition(action, said[0].start()):  # each screen kept, each the union (R22 M1)
        for m in reversed(said):
            action = action[: m.start()] + (_capitalised(union) if m[0][0] == "B" else union) + action[m.end() :]
        return action
    for m in reversed(said[1:]):
        rest = action[m.end() :]
        action = action[: m.start()] + (_capitalised(rest) if m[0][0] == "B" else rest)
    first = said[0]
    start = _clause_of(action, first.start())
    conditions = list(_SCREEN_CONDITION.finditer(action, start, first.start()))
    if conditions:
        start = conditions[-1].start()
        condition = action[start : first.start()]
        return _said_at(action[:start], start, union) + condition[:1].lower() + condition[1:] + action[first.end() :]
    words = _capitalised(union) if first[0][0] == "B" else union
    return action[: first.start()] + words + action[first.end() :]


def _inside_earlier_condition(action: str, at: int) -> bool:
    """Whether the screen said at ``at`` in ``action`` may sit inside an earlier clause's condition: a condition
    (:data:`_SCREEN_CONDITION`, "if still 15 or more, ... arrange transfer now ...") stands before it with a "; "
    (outside brackets) between the two. Such a screen covers only that condition's branch, so a later screen is kept
    (physician review R22, session 19, must-fix M1, the reviewer's rule: "remove a later screen only where no 'if
    still'/'at N or more' condition stands earlier in the step with a '; ' before the first screen"; R17b must-fix
    M1; FDA Drug Safety Communication 20 Sep 2017: no buprenorphine to a sedated patient unscreened).

    Examples
    --------
    >>> a = "if still 15 or more, transfer; before any dose: x"
    >>> _inside_earlier_condition(a, a.find("before"))
    True
    >>> a = "re-score: if still 37 or more, before any dose: x"
    >>> _inside_earlier_condition(a, a.find("before"))
    False
    """
    for m in _SCREEN_CONDITION.finditer(action, 0, at):
        if "; " in re.sub(r"\([^()]*\)", "", action[m.end() : at]):
            return True
    return False


#: Physician review R24b (session 21), must-fix 3: an old severe CIWA-Ar (not re-scored today, no hallucinations or
#: disorientation) beside today's COWS of 13-36 and a C-SSRS high risk, the suicide evaluation on site. The headline's
#: first step as it stood (R18-M2's 13-36 form: its screen before any dose said once a branch, neither branch named,
#: "only for a complicating condition" beside a psychiatric instability and possible alcohol withdrawal, no delirium
#: screen), from "and re-score the CIWA-Ar now" to the reasons' "(".
_OLD_SEVERE_BESIDE_HIGH = re.compile(
    r"and re-score the CIWA-Ar now \((?P<last>last \d+ on [^()]*, severe)\): (?P<since>ask what happened since "
    r"\([^()]*\)); if still 15 or more, or "
    + re.escape(f"{SEIZURE_OR_CONFUSION_SINCE}, ")
    + re.escape(f"{SUICIDE_EVALUATION} and emergency medical evaluation in one setting that can manage both: ")
    + r"arrange transfer now \(ED\) (?P<told>\(if transferred: .*?do not delay the transfer for it\)); "
    r"(?P<screen>before any dose: ask about any overdose or ingestion today and screen for intoxication \([^()]*\), "
    r"give thiamine and check blood glucose; if an overdose or ingestion, or intoxicated: no dose here \([^()]*\)); "
    r"otherwise a prescriber gives a first dose before transfer if it does not delay the transfer; "
    + re.escape(f"{REASSESS_SEIZURES}; treat on the current score; ")
    + r"ask about any overdose or ingestion today .*?; otherwise (?P<review>a prescriber's review now, while the "
    r"patient waits for the suicide evaluation: treat withdrawal as the prescriber decides, with buprenorphine, or "
    r"methadone as the COWS flag says; re-score the COWS 1-2 hours after dosing); arrange medically managed "
    r"withdrawal or a higher level of care only for a complicating condition \([^()]*\); (?P<benzodiazepine>if a "
    r"benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until the evaluation "
    r"or handover) \("
)
#: The same step in the reviewer's words (R24b 3, "exact words"): one delirium screen, one screen before any dose, R23b
#: A2's transfer triggers, then "if none of these and 8 or more" and "if none of these and below 8", neither read as
#: part of the transfer (ASAM Alcohol Withdrawal Management Guideline 2020: CIWA-Ar 19 or more severe; hallucinations,
#: disorientation, seizures and delirium call for inpatient or emergency care; thiamine; ASAM Criteria 2013: concurrent
#: withdrawals, dimension 1 with dimension 3; ASAM National Practice Guideline for OUD 2020; Posner et al. 2011; Joint
#: Commission NPSG 15.01.01; FDA Drug Safety Communication 20 Sep 2017).
OLD_SEVERE_BESIDE_HIGH_STEP = (
    f"and re-score the CIWA-Ar now and {DELIRIUM_SCREEN} ({{last}}): {{since}}; {{screen}}; if delirium, a seizure "
    "since the last score, hallucinations, "  # physician review R71 SF3, ruled R73 item 3: one definition
    f"disorientation (item 10 at 2 or more) or a total of 15 or more: {SUICIDE_EVALUATION} and emergency medical "
    "evaluation in one setting that can manage both: arrange transfer now (ED) {told}; a first dose before transfer "
    f"only if it does not delay the transfer; {REASSESS_SEIZURES}; if none of these and 8 or more: alcohol withdrawal "
    "alongside: arrange medically managed withdrawal or a higher level of care, through the same emergency "
    "evaluation, and treat on the current score; if none of these and below 8: {review}; another complicating "
    "condition (medical instability, benzodiazepine withdrawal, pregnancy) goes to the same emergency evaluation; "
    "{benzodiazepine} ("
)


def _old_severe_beside_high(text: str) -> str:
    """The headline ``text`` with an old severe CIWA-Ar's first step beside a COWS of 13-36 of today and a C-SSRS high
    risk (:data:`_OLD_SEVERE_BESIDE_HIGH`) said in physician review R24b's words (must-fix 3:
    :data:`OLD_SEVERE_BESIDE_HIGH_STEP`); ``text`` itself otherwise.

    Examples
    --------
    >>> _old_severe_beside_high("First: x.") == "First: x."
    True
    """
    return _OLD_SEVERE_BESIDE_HIGH.sub(lambda m: OLD_SEVERE_BESIDE_HIGH_STEP.format(**m.groupdict()), text, count=1)


#: Physician review R23b (session 20), should-fix A3, as ruled in physician review R24b (session 21), finding 2:
#: beside a C-SSRS high's transfer now to one setting with an old complicated CIWA-Ar (not re-scored today) and a COWS
#: of today, the headline's first step says the re-score and the delirium screen while the transfer is arranged, the
#: first dose for today's opioid withdrawal after them, and what the receiving team is told, any pregnancy among it
#: (R11 N8: it points to no COWS flag for what that flag does not say), after the screens told at handover, the
#: reviewer's words (Joint Commission NPSG 15.01.01: risk information passed on; ASAM National Practice Guideline for
#: OUD 2020: ED buprenorphine, a COWS-guided first dose, pregnancy; ASAM Alcohol Withdrawal Management Guideline 2020:
#: CIWA-Ar re-assessment, delirium; FDA Drug Safety Communication 20 Sep 2017).
_HIGH_ONE_SETTING_NOW = (
    f"First: {SUICIDE_EVALUATION} and emergency medical evaluation in one setting that can manage both: arrange "
    "transfer now (ED)"
)
_OLD_COMPLICATED_RESCORE_LAST = re.compile(
    rf"re-score the CIWA-Ar and {re.escape(DELIRIUM_SCREEN)} \((?P<last>last \d+ on [^()]*)\)"
)
RESCORED_WHILE_ARRANGED = (
    "; while the transfer is arranged (do not delay the transfer for it): re-score the CIWA-Ar and "
    f"{DELIRIUM_SCREEN} ({{last}}); a first dose for today's opioid withdrawal (COWS {{n}} today) only after that "
    "re-score and the screen before any dose on the COWS box, and only if it does not delay the transfer; tell the "
    "receiving team the results, today's COWS, any pregnancy and any dose with its time"
)
#: The same without a COWS of today, as the old complicated CIWA-Ar's box says it (physician review R26b, must-fix
#: M3: the boxes re-score the CIWA-Ar, screen for delirium and allow a dose before transfer; the headline says the
#: same, the receiving team told the re-score, the delirium screen and any dose with its time in the step's one
#: handover clause, :func:`one_handover_a_step`; ASAM Alcohol Withdrawal Management Guideline 2020: CIWA-Ar
#: re-assessment, delirium; Joint Commission Sentinel Event Alert 58: medications given, told at hand-off).
RESCORED_WHILE_ARRANGED_ALONE = (
    "; while the transfer is arranged (do not delay the transfer for it): re-score the CIWA-Ar and "
    f"{DELIRIUM_SCREEN} ({{last}}); {_ON_THE_CURRENT_SCORE}{_BEFORE_TRANSFER_ONLY}"
)


def _old_complicated_rescored_in_transfer(rec: Recommendation, text: str) -> str:
    """The headline ``text`` with :data:`RESCORED_WHILE_ARRANGED` after the screens its first step tells at handover
    (:func:`_told_at_evaluation`), where it opens with a C-SSRS high's transfer now to one setting
    (:data:`_HIGH_ONE_SETTING_NOW`, no rating of 4) beside an old complicated CIWA-Ar and a COWS of today (physician
    review R23b, should-fix A3, in physician review R24b's words, finding 2), without a COWS of today
    :data:`RESCORED_WHILE_ARRANGED_ALONE` (physician review R26b, must-fix M3); ``text`` itself otherwise."""
    if not text.startswith(_HIGH_ONE_SETTING_NOW) or any(rec.dimensions.get(d) == 4 for d in (1, 2, 3)):
        return text
    old = [f for f in rec.flags if f.code == "complicated_withdrawal" and f.withdrawn is None and _origin(f.message)]
    said = _OLD_COMPLICATED_RESCORE_LAST.search(old[0].action) if old and old[0].action else None
    cows = any(f.code in _COWS_TREATED and f.withdrawn is None and not _origin(f.message) for f in rec.flags)
    total = _total_today(rec, "cows")
    from .steps import first_sentence

    told = _told_at_evaluation(rec) if said and _standing_high(rec) else ""
    first = first_sentence(text)
    if not said or not told or told not in first or "while the transfer is arranged" in first:
        return text
    at = text.index(told) + len(told)
    if cows and total is not None:
        return text[:at] + RESCORED_WHILE_ARRANGED.format(last=said["last"], n=f"{total:g}") + text[at:]
    # no COWS of today: the re-score, the screen and the dose as the old complicated CIWA-Ar's box says them (R26b M3)
    return text[:at] + RESCORED_WHILE_ARRANGED_ALONE.format(last=said["last"]) + text[at:]
