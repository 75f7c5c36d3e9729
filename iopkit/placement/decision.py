"""The placement decision: six dimension ratings to a recommended level of care ("ASAM-informed"),
and the clinician's decision on it (:class:`Placement`).

The rule table (:mod:`iopkit.placement.rule_table`) is our own, open and cited. It is *informed by* the public
summaries of the ASAM Criteria (3rd edition, Mee-Lee et al. 2013) but does not
reproduce ASAM text or CONTINUUM logic, which are licensed. Levels are named by
number with neutral descriptors. Every rule cites bibliography keys
(:mod:`iopkit.sources`); ``iopkit`` marks iopkit's own rules.

How a recommendation is made (print :func:`iopkit.placement.rules` to read the table):

1. each dimension's rating (0-4) gives the least intensive level that can
   safely address it (ASAM 2013);
2. the treatment level is the most intensive of these, never an average;
3. withdrawal potential (dimension 1) is routed to a withdrawal-management (WM)
   level separately from the treatment level (ASAM 2013); any WM need also
   requires at least Level 1 treatment, the care that follows WM, and a 24-hour
   WM level carries a flag to re-rate every dimension when WM ends (iopkit
   own rule, anchors in :data:`RULES`); the headline then names the WM level first;
4. imminent danger (rating 4) in dimensions 1-3 means medically managed care or
   emergency referral, with a critical flag (ASAM 2013);
5. the weekly clinical hours are never fewer than any one dimension's level needs:
   where the setting alone guarantees fewer (3.1 guarantees 5 h; a dimension needs
   2.1's 9 h or 2.5's 20 h), the recommendation adds that level's clinical services
   alongside the setting (``clinical_services``), e.g. 3.1 living support with
   IOP-level services. A 24-hour setting with outpatient services matches both needs
   without sending someone whose only 24-hour need is a place to live to a
   high-intensity residential programme (iopkit's own rule).

Context (obligations, home, transport ...) adds alternatives and flags; it never
lowers a level. Suggestions derived from scores (:func:`suggest_dimensions`) are
recorded next to the clinician's rating, which always decides
(:mod:`iopkit.placement.suggest`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from .._validate import as_bool, whole_number
from ..errors import PlacementInputError
from ..flags import SUICIDE_RISK_CALLS, CallsFor, Flag, Severity, by_urgency
from ..sources import joined
from ._calls import calls_for
from ._record import Codec, from_record, to_record
from .boxes import (
    assessment_asked_once,
    assessments_asked_if_transferred,
    assessments_told_before_done_in_boxes,
    both_rescored_first_in_boxes,
    boxes_beside_emergency,
    boxes_said_as_headline,
    ciwa_no_dose_unrescored_in_boxes,
    complicated_driving_once_in_boxes,
    complicated_transfer_in_boxes,
    cows_delirium_screen_in_boxes,
    cows_dose_after_delirium_screen_in_boxes,
    cows_dose_timed_at_4_in_boxes,
    cows_rescore_at_4_in_boxes,
    cows_rescore_before_transfer_in_boxes,
    cows_screen_at_4_in_boxes,
    cows_transfer_in_boxes,
    delirium_held_in_boxes,
    delirium_screen_told_in_boxes,
    dose_driving_in_boxes,
    doses_told_at_handover,
    ed_evaluates_both_if_confused_in_boxes,
    findings_transfer_in_boxes,
    first_dose_if_transferred_in_boxes,
    intoxication_hold_until_clear_in_boxes,
    joined_handover_in_boxes,
    managed_withdrawal_told_in_boxes,
    not_driving_after_hold_in_boxes,
    old_ciwa_delirium_held_in_boxes,
    old_ciwa_severe_first_in_boxes,
    old_complicated_beside_high,
    old_cows_boxes_with_alcohol,
    old_moderate_rescore_branches_in_boxes,
    old_moderate_rescore_screened_in_boxes,
    old_severe_beside_high,
    old_severe_delirium_screened_in_boxes,
    rescore_findings_transfer_in_boxes,
    rescores_severe_branch_in_boxes,
    screen_before_cows_condition_in_boxes,
    screened_doses_told_in_boxes,
    screens_before_box_doses,
    screens_told_at_every_handover_in_boxes,
    sedation_watch_in_boxes,
    sedation_watched_until_handover_in_boxes,
    severe_branch_dose_guarded_in_boxes,
    severe_cows_below_before_transfer_in_boxes,
    suicide_asks_as_headline,
    threshold_screen_found,
    two_withdrawals_rescore_in_boxes,
)
from .levels import Edition, LevelOfCare, describe, hours_per_week, is_adolescent, minimum_clinical_hours
from .recommendation import (
    _ORIGIN,
    WITHIN_LEVEL,
    WM_FOLLOWS_DIMENSION_1,
    Alternative,
    DimensionBasis,
    Recommendation,
    _below,
    _earlier_signs,
    _finding,
    _high_risk_flag,
    _imminent_456_of,
    _named,
    _one_level,
    _origin,
    _screen_of_another_day,
    _short,
    _unaccounted,
    _where_asked,
    _wm_below_called_for,
    _wm_called_for,
    _wm_named,
    _wm_of,
    ambulatory_wm_condition,
    cows_boxes_as_headline,
    headline_as_built,
    no_driving_while_intoxicated_in_boxes,
    old_moderate_branches_unsaid,
    overdose_asked_in_boxes,
    rated_below_call,
    rescore_screened_in_boxes,
    threshold_after_screen,
    transport_unsaid,
    wm_alongside_setting,
    wm_follows_dimension_1,
    wm_within_level,
)
from .rule_table import (
    _ANCHOR,
    _HOURS_RULE,
    _IMMINENT_CALLS,
    _REASSESS,
    _RULE,
    _WM,
    _WM_24H,
    CONTEXT_KEYS,
    DIMENSIONS,
    RATINGS,
    SETTING_WM,
    is_24_hour_plan,
)
from .suggest import (
    EMERGENCY_PSYCHIATRIC_D3,
    FACTS,
    MITIGATED,
    TRANSFER_AT_4,
    TRANSFER_ED,
    Suggestion,
    asked_at_handover,
    emergency_d3,
    in_24h_setting,
    rating_called_for,
    same_day_delirium,
    suggest_dimensions,
)

__all__ = ["Placement", "recommend"]

L = LevelOfCare

#: The next step of the imminent-danger box of dimensions 1-3 rated 4, in the headline's words, so box and headline
#: agree (ASAM Criteria 2013: a rating of 4 in dimensions 1-3 is imminent danger, medically managed intensive inpatient
#: care or an emergency referral; iopkit's own wording, physician review): dimension 1 the transfer to an emergency
#: department or 4-WM (:data:`~iopkit.placement.suggest.TRANSFER_AT_4`), dimension 2 to an emergency department
#: (:data:`~iopkit.placement.suggest.TRANSFER_ED`), dimension 3 the emergency psychiatric evaluation with staff beside
#: the patient until handover, or the emergency evaluation for suicide risk where a suicide-risk finding stands beside
#: it (:func:`~iopkit.placement.suggest.emergency_d3`; physician review R5, session 11, should-fix 10); never driving
#: there.
IMMINENT_DANGER_STEP: Mapping[int, str] = MappingProxyType(
    {
        1: TRANSFER_AT_4[:1].upper() + TRANSFER_AT_4[1:],
        2: TRANSFER_ED[:1].upper() + TRANSFER_ED[1:],
        3: EMERGENCY_PSYCHIATRIC_D3[:1].upper() + EMERGENCY_PSYCHIATRIC_D3[1:],
    }
)


def _imminent_step(dimension: int, flags: Iterable[Flag]) -> str:
    """The imminent-danger box's next step of a dimension rated 4 (:data:`IMMINENT_DANGER_STEP`), dimension 3's by the
    findings beside it (``flags``: :func:`~iopkit.placement.suggest.emergency_d3`, physician review R5, should-fix
    10)."""
    if dimension == 3:
        step = emergency_d3(flags)
        return step[:1].upper() + step[1:]
    return IMMINENT_DANGER_STEP[dimension]


def _check_rating(dimension: Any, value: Any, what: str = "rating") -> int:
    whole = whole_number(value)
    if whole is None or whole not in RATINGS:
        name = DIMENSIONS.get(dimension, "?")
        raise PlacementInputError(f"Dimension {dimension} ({name}) {what} must be an integer in 0..4 (got {value!r})")
    return whole


def _check_dimensions(dimensions: Mapping) -> dict[int, int]:
    if not isinstance(dimensions, Mapping):
        raise PlacementInputError(f"dimensions must be a mapping 1..6 -> rating 0..4 (got {dimensions!r})")
    unknown = [d for d in dimensions if isinstance(d, bool) or d not in DIMENSIONS]
    if unknown:
        raise PlacementInputError(f"Unknown dimension(s) {unknown!r}; allowed dimensions: 1..6")
    missing = [d for d in DIMENSIONS if d not in dimensions]
    if missing:
        names = "; ".join(f"{d} ({DIMENSIONS[d]})" for d in missing)
        raise PlacementInputError(
            f"Missing dimension(s) {names}: rate every dimension 0..4 before placement "
            "(a suggestion must be confirmed by passing its rating)"
        )
    return {d: _check_rating(d, dimensions[d]) for d in sorted(DIMENSIONS)}


def _check_context(context: Mapping | None) -> dict[str, bool]:
    context = {} if context is None else context
    if not isinstance(context, Mapping):
        raise PlacementInputError(f"context must be a mapping of known keys (got {context!r})")
    out: dict[str, bool] = {}
    for key, value in context.items():
        if key not in CONTEXT_KEYS:
            raise PlacementInputError(f"Unknown context key {key!r}; allowed: {', '.join(CONTEXT_KEYS)}")
        flag = as_bool(value)
        if flag is None:
            raise PlacementInputError(f"context {key!r} must be True or False (got {value!r})")
        out[key] = flag
    return out


def _check_suggested(suggested: Mapping | Iterable | None) -> tuple[Suggestion, ...]:
    items = suggested.values() if isinstance(suggested, Mapping) else (suggested or ())
    out = tuple(items)
    for s in out:
        if not isinstance(s, Suggestion):
            raise PlacementInputError(f"suggested must hold Suggestion objects (got {s!r})")
        _check_rating(s.dimension, s.rating, "suggested rating")
    dims = [s.dimension for s in out]
    if len(set(dims)) != len(dims):
        raise PlacementInputError(f"suggested holds more than one suggestion for a dimension: {sorted(dims)}")
    return tuple(sorted(out, key=lambda s: s.dimension))


def _basis(ratings: dict[int, int], suggested: dict[int, Suggestion]) -> tuple[DimensionBasis, ...]:
    out = []
    for d, rating in ratings.items():
        row, s = _RULE[(d, rating)], suggested.get(d)
        out.append(
            DimensionBasis(
                d,
                DIMENSIONS[d],
                rating,
                row.level,
                row.withdrawal_management,
                row.rule,
                row.source,
                s.rating if s else None,
                f"{_from_name(s.from_score)}: {s.reason}" if s else None,
            )
        )
    return tuple(out)


def _from_name(code: str) -> str:
    """What a suggestion came from, as the clinic names it (:func:`iopkit.records.short_name`: "DAST-10", never
    ``dast10``; walk24 finding 6)."""
    from ..records import short_name  # the definitions, when a recommendation is first made

    return short_name(code)


def _flags(
    basis: tuple[DimensionBasis, ...],
    suggested: tuple[Suggestion, ...],
    context: dict[str, bool],
    adolescent: bool,
    wm: LevelOfCare | None,
) -> tuple[Flag, ...]:
    flags: list[Flag] = [f for s in suggested for f in s.flags]
    by_dimension = {s.dimension: s for s in suggested}
    for b in basis:
        if b.rating == 4:
            critical = b.dimension <= 3
            flags.append(
                Flag(
                    f"imminent_danger_d{b.dimension}",
                    f"Dimension {b.dimension} ({b.name}) rated 4",
                    Severity.CRITICAL if critical else Severity.WARNING,
                    _imminent_step(b.dimension, flags) if critical else "Arrange a 24-h structured setting",
                    _ANCHOR,
                    calls_for=_IMMINENT_CALLS.get(b.dimension, CallsFor.LEVEL_REVIEW),
                )
            )
        if b.suggested_rating is not None and b.rating < b.suggested_rating:
            flags.append(_rated_below(b, by_dimension.get(b.dimension)))
    if wm in (L.WM_AMBULATORY, L.WM_AMBULATORY_EXTENDED) and (
        context.get("supportive_home") is False or context.get("transport") is False
    ):
        flags.append(
            Flag(
                "ambulatory_wm_without_support",
                "Ambulatory withdrawal management without a supportive home or reliable transport",
                Severity.WARNING,
                "Consider residential withdrawal management (3.2-WM)",
                f"{_WM}; iopkit",
                calls_for=CallsFor.LEVEL_REVIEW,
            )
        )
    if wm in _WM_24H and wm_within_level(basis):
        # Level 4 for dimension 2 or 3 rated 4, dimension 1 calling for no 24-hour withdrawal management: withdrawal
        # managed within the level, not first (physician review 8; ASAM Criteria 2013)
        flags.append(
            Flag(
                "reassess_after_withdrawal_management",
                f"Any withdrawal managed within Level 4 ({wm.code}), not first: the level is for the rating of 4, "
                "dimension 1 calls for no 24-hour withdrawal management",
                Severity.WARNING,
                _AFTER_DANGER,
                _REASSESS,
                calls_for=CallsFor.LEVEL_REVIEW,
            )
        )
    elif wm in _WM_24H and wm_alongside_setting(basis, wm, flags):
        flags.append(_alongside_setting_box(wm, basis))
    elif wm in _WM_24H:
        flags.append(
            Flag(
                "reassess_after_withdrawal_management",
                f"Withdrawal management first, in a 24-hour setting ({wm.code}); the treatment level shown is only "
                "the least care to follow it",
                Severity.WARNING,
                "Re-rate all six dimensions when withdrawal management ends and re-run placement "
                "before the treatment level starts",
                _REASSESS,
                calls_for=CallsFor.LEVEL_REVIEW,
            )
        )
    if wm is not None and adolescent:
        flags.append(
            Flag(
                "adolescent_wm",
                "The separate WM levels are described for adults",
                Severity.INFO,
                "Arrange withdrawal management within the adolescent's setting",
                "asam2013",
            )
        )
    return by_urgency(flags)


#: When a plan whose level is for a rating of 4 is re-rated (physician review 8; R14 must-fix 2 for the setting's own).
_AFTER_DANGER = (
    "Re-rate all six dimensions when the imminent danger has been managed and re-run placement before the next level "
    "starts"
)


def _alongside_setting_box(wm: LevelOfCare, basis: tuple[DimensionBasis, ...]) -> Flag:
    """The reassessment box of withdrawal management alongside its 24-hour level
    (:func:`~iopkit.placement.recommendation.wm_alongside_setting`): not first. Beside the setting arranged today for
    dimension 4, 5 or 6 rated 4 the plan is re-rated when the imminent danger has been managed, in Level 4's own words
    (:data:`_AFTER_DANGER`; ASAM Criteria 2013; physician review R14, must-fix 2); beside a level another dimension
    rated 3 or less gives, when withdrawal management ends, naming the dimensions the level is for (physician review
    R16 (session 15), must-fix 5)."""
    ratings = {b.dimension: b.rating for b in basis}
    if _imminent_456_of(ratings):
        why, action = "the rating of 4", _AFTER_DANGER
    else:
        level = max((b.level_required for b in basis if b.level_required), key=lambda lv: lv.rank)
        given = [f"dimension {b.dimension} rated {b.rating}" for b in basis[1:] if b.level_required is level]
        why = given[0] if len(given) == 1 else f"{', '.join(given[:-1])} and {given[-1]}"
        action = "Re-rate all six dimensions when withdrawal management ends and re-run placement"
    return Flag(
        "reassess_after_withdrawal_management",
        f"Withdrawal managed in the 24-hour setting ({wm.code}), alongside the level, not first: the level is for "
        f"{why}, dimension 1 calls for no 24-hour withdrawal management",
        Severity.WARNING,
        action,
        _REASSESS,
        calls_for=CallsFor.LEVEL_REVIEW,
    )


def _suggested(rec: Recommendation, b: DimensionBasis) -> str:
    """What a dimension's suggestion was, for an override: "suggested 3: 3.7-WM, PAWSS 5 (4 or more)" (its
    rating's withdrawal-management level and the findings behind it, :func:`_unaccounted`), else
    "suggested 1"."""
    s = next((s for s in rec.suggested if s.dimension == b.dimension), None)
    wm = _wm_of(b)
    named = ", ".join(
        dict.fromkeys(([wm.code] if wm else []) + [_finding(f) for f in _unaccounted(s.flags if s else ())])
    )
    return f"suggested {b.suggested_rating}" + (f": {named}" if named else "")


def _below_what(
    rating: int,
    behind: tuple[Flag, ...],
    carried: Iterable[Flag],
    suggested: int | None = None,
    earlier: Mapping[tuple[str, str], dt.date] = MappingProxyType({}),
) -> str:
    """What a rating below a suggestion is below, each finding named with the rating it calls for by itself
    (:func:`~iopkit.placement.suggest.rating_called_for`), the highest first, each group in its words, never its flags'
    codes, with "(critical)" where a finding of it is critical: "below the 3 that a past withdrawal seizure or delirium
    tremens calls for and the 2 that a COWS above 36 calls for (critical)" (physician review; walk24 finding 6: the
    codes, e.g. "(severe_opioid_withdrawal, critical)", were). The findings are those behind the rating-below flag
    (:func:`~iopkit.placement.recommendation._unaccounted`) and any other the suggestion carries whose rating, known, is
    above the clinician's (a severe CIWA-Ar does not hide a past withdrawal seizure); a suicide-risk flag with the
    rating of its suggestion (``suggested``: "below the 4 that a C-SSRS screen high risk calls for (critical)",
    physician review 7); a finding whose rating is not known is said as "what a DAST-10 item 9, withdrawal symptoms
    when stopping drugs calls for". A withdrawal sign of another day not re-scored today calls for a re-score, never a
    rating (iopkit's rule: never treatment on old signs): "; re-score the CIWA-Ar flag of 20 Nov 2026 (critical)"
    (physician review 7). A suicide-risk finding of a screen of another day (``earlier``,
    :attr:`~iopkit.placement.suggest.Suggestion.earlier`) named with its day where :func:`_a_finding` says so."""
    every = [f for f in dict.fromkeys((*behind, *carried))]
    old = [f for f in every if _earlier_signs(f) and (f in behind or rating_called_for(f, suggested) is not None)]
    every = [f for f in every if f not in old]
    known = {f: r for f in every if (r := rating_called_for(f, suggested)) is not None}
    named = [f for f in every if f in known and known[f] > rating] + [
        f for f in behind if f not in known and f not in old
    ]
    groups: dict[int | None, list[Flag]] = {}
    for f in sorted(named, key=lambda f: -known.get(f, -1)):
        groups.setdefault(known.get(f), []).append(f)
    parts = []
    for r, found in groups.items():
        # each finding in its words, never its flag's code (walk24 finding 6: "(suicide_risk_high, critical)" was)
        what = " and ".join(dict.fromkeys(_a_finding(f, earlier.get((f.code, f.message))) for f in found))
        calls = f"{'calls' if len(found) < 2 else 'call'} for{_critical(found)}"
        parts.append(f"what {what} {calls}" if r is None else f"the {r} that {what} {calls}")
    rescore = [
        f"re-score the {m[1]} flag of {m[2]}{_critical((f,))}"
        for f in old
        if (m := re.match(r"(\S+) of (\d\d \w+ \d{4})", _origin(f.message)))
    ]
    return "; ".join(["below " + " and ".join(parts)] * bool(parts) + rescore)


def _critical(found: Iterable[Flag]) -> str:
    """ " (critical)" after what a rating-below clause names where a finding of it is critical, else ``""``."""
    return " (critical)" if any(f.severity is Severity.CRITICAL for f in found) else ""


def _a_finding(flag: Flag, day: dt.date | None = None) -> str:
    """A finding named briefly with its article for the rating-below flag ("a past withdrawal seizure or delirium
    tremens", "a COWS above 36"): its lead (:func:`~iopkit.placement.recommendation._finding`) without a closing
    bracket of detail, where it came from kept. A PHQ-9 item 9 of ``day``, another day than the placement's, as the
    headline names it: "suicidal ideation (PHQ-9 item 9 of 20 Nov 2026, not re-asked today)" (physician ruling R20b,
    S5: undated it reads as today's; :func:`~iopkit.placement.recommendation._screen_of_another_day`); an open flag of
    an older score by the day its note names, "suicidal ideation on PHQ-9 item 9 (PHQ-9 of 30 Nov 2026, not
    resolved)", never "not re-asked today", which a PHQ-9 of the placement's day would belie (walk24 finding 6)."""
    origin = _origin(flag.message)
    if flag.severity is Severity.CRITICAL and calls_for(flag) in SUICIDE_RISK_CALLS:  # "a C-SSRS screen high risk"
        graded = re.fullmatch(r"\w+_risk_(high|moderate|low)", flag.code)
        where = _where_asked(flag)
        # an open flag of an older score names its own day ("PHQ-9 of 30 Nov 2026, not resolved"): never "not
        # re-asked today", which a screen of the placement's day would belie (walk24 finding 6)
        dated = _screen_of_another_day(flag, day) if day is not None and not graded and not origin else ""
        if dated:
            return f"{_short(flag)} ({dated})"
        if where:  # where it was found, then the day an open flag of an older score names
            bare = _short(replace(flag, message=_ORIGIN.sub("", flag.message)))
            return (f"a {where} {graded[1]} risk" if graded else f"{bare} on {where}") + (
                f" ({origin})" if origin else ""
            )
    lead = re.sub(r" \([^()]*\)$", "", _finding(replace(flag, message=_ORIGIN.sub("", flag.message))))
    lead = lead[:1].lower() + lead[1:] if lead[1:2].islower() else lead
    return f"{'an' if lead[:1] in 'AEIOUaeiou' else 'a'} {lead}" + (f" ({origin})" if origin else "")


def _earlier(s: Suggestion | None) -> dict[tuple[str, str], dt.date]:
    """The flags of ``s`` of another day than the placement's, (code, message) -> that day
    (:attr:`~iopkit.placement.suggest.Suggestion.earlier`)."""
    return {(code, message): day for code, message, day in (s.earlier if s else ())}


def _rated_below(b: DimensionBasis, s: Suggestion | None) -> Flag:
    """A rating below its suggestion: a warning, or critical when a critical flag set the suggestion.

    A rating under the floor a critical flag sets (e.g. C-SSRS high risk, complicated withdrawal) must
    not quietly lower the plan: the flag is critical, so it leads the headline, and the
    :class:`Placement` is refused until the clinician records why (iopkit's own rule). A rating under a
    suggestion carrying a warning that calls for a medical review (a withdrawal sign, e.g. a morning drink on
    AUDIT item 6) is a warning calling for that review, with the sign's next step, so the review leads the
    headline (:func:`~iopkit.placement.recommendation._unaccounted`); the level is unchanged. Its medical review is
    as soon and by whom as the most urgent of the medical-review flags behind it says
    (:func:`~iopkit.placement.recommendation._review_behind`: CIWA-Ar inattention now, a moderate withdrawal band a
    prescriber's review before the patient leaves, a step that only records what was done about an old flag after
    every review), and its next step is that of the first flag whose review is that urgent, so
    its box and its next step say one thing.
    """
    behind = _unaccounted(s.flags if s else ())
    message = f"Dimension {b.dimension} rated {b.rating}; scores suggest {b.suggested_rating} ({b.suggested_from})"
    if not behind:
        return Flag(
            f"rated_below_suggestion_d{b.dimension}",
            message,
            Severity.WARNING,
            "Document why the clinician's rating is lower",
            "iopkit",
        )
    critical = behind[0].severity == Severity.CRITICAL  # critical findings first, else the warnings
    calls, action, review = rated_below_call(behind)
    return Flag(
        f"rated_below_suggestion_d{b.dimension}",
        f"{message}: {_below_what(b.rating, behind, s.flags if s else (), b.suggested_rating, _earlier(s))}",
        Severity.CRITICAL if critical else Severity.WARNING,
        action,
        joined("iopkit", *(f.source for f in behind)),  # it repeats their step: their sources too
        calls_for=calls,
        medical_review=review,
    )


def _alternatives(
    level: LevelOfCare,
    wm: LevelOfCare | None,
    context: dict[str, bool],
    called_for: LevelOfCare | None = None,
    high_risk: Flag | None = None,
) -> tuple[Alternative, ...]:
    """The safe alternatives to ``level`` with ``wm``.

    Beside ambulatory withdrawal management: residential or inpatient withdrawal management for a patient who cannot
    be managed at home, never below ``called_for`` (the setting the withdrawal history or flags call for where
    dimension 1 is rated below it). Under a high risk of complicated withdrawal (``high_risk``, its flag: PAWSS 4 or
    more, a past withdrawal seizure or delirium tremens, possible withdrawal delirium; mitigated or not) never below
    3.7-WM: 3.2-WM is clinically managed, without medical monitoring (iopkit's rule for a high risk of complicated
    withdrawal, after the ASAM 2020 alcohol withdrawal guideline, Rec II.5, III.1); a patient who cannot stay home is
    then, where a mitigation is recorded, one whose mitigation no longer holds; where none is recorded, 3.7-WM is the
    default until one is recorded and medically reviewed, and the alternative says so. Dimension 1 rated 0 under that
    high risk (no withdrawal management now) has the same alternative, should substance use resume or withdrawal
    return.
    The alternative's withdrawal management, like the plan's, comes first where it is a 24-hour setting, and the
    level after a reassessment (:meth:`Alternative.describe`).
    """
    out = []
    mitigated = high_risk is not None and MITIGATED in high_risk.message
    if wm in (L.WM_AMBULATORY, L.WM_AMBULATORY_EXTENDED) or (wm is None and high_risk is not None):
        floors = [
            L.WM_RESIDENTIAL,
            *([called_for] if called_for else []),
            *([L.WM_INPATIENT_MONITORED] if high_risk is not None else []),
        ]
        setting = max(floors, key=lambda lv: lv.rank)
        why = "withdrawal cannot be managed safely at home (no support or transport)"
        source = f"{_WM}; iopkit"
        if high_risk is not None:
            home = f"no support or transport{', or the mitigation no longer holds' if mitigated else ''}"
            # 3.7-WM is the default until a mitigation is recorded and medically reviewed (iopkit's rule, above): with
            # none recorded, that is when the alternative applies, not only a home that cannot manage withdrawal; the
            # risk may be of sedatives as well as alcohol, so "substance use", not "drinking"
            why = (
                f"substance use resumes or withdrawal returns and cannot be managed safely at home ({home})"
                if wm is None and mitigated
                else "substance use resumes or withdrawal returns (no withdrawal management now: dimension 1 rated 0)"
                if wm is None
                else f"withdrawal cannot be managed safely at home ({home})"
                if mitigated
                else "no mitigation is recorded and medically reviewed, or withdrawal cannot be managed safely at "
                f"home ({home})"
            )
            why += f"; {setting.code}, not 3.2-WM: a high risk of complicated withdrawal calls for medical monitoring"
            source = f"{_WM}; asam_awm2020; iopkit"
        elif setting is not L.WM_RESIDENTIAL:
            why += f"; {setting.code}, not 3.2-WM: the withdrawal history or flags call for {setting.code}"
        out.append(Alternative(level, setting, why, source))
    if level in (L.OP, L.IOP, L.PHP) and any(
        context.get(k) for k in ("work_or_school", "caregiving", "evening_sessions")
    ):
        out.append(Alternative(level, wm, "same level as an evening or flexible-schedule programme", "tip47; iopkit"))
    return tuple(out)


def recommend(
    dimensions: Mapping[int, int],
    *,
    adolescent: bool = False,
    context: Mapping[str, bool] | None = None,
    suggested: Mapping[int, Suggestion] | Iterable[Suggestion] | None = None,
) -> Recommendation:
    """Recommend a level of care from the six dimension ratings.

    Parameters
    ----------
    dimensions : mapping
        Dimension number 1..6 -> the clinician's risk rating 0..4. All six are required.
    adolescent : bool
        Use the adolescent hours thresholds (ASAM 2013).
    context : mapping, optional
        Practical factors, keys from :data:`CONTEXT_KEYS` (booleans). They add
        alternatives and flags and never lower the level.
    suggested : mapping or iterable of Suggestion, optional
        Output of :func:`suggest_dimensions`. Each basis entry records the suggestion
        next to the clinician's rating; a rating below the suggestion raises a warning,
        and the suggestion's safety flags always reach the recommendation.

    Returns
    -------
    Recommendation
        The level, any withdrawal-management level, the weekly hours (and any clinical services
        added alongside the setting), the flags most urgent first, the safe alternatives, and the
        basis of every dimension with its rule and source.

    Raises
    ------
    PlacementInputError
        A missing or unknown dimension, a rating outside 0..4 or not an integer, an
        unknown context key or a context value that is not a bool, ``adolescent`` not a bool,
        ``suggested`` holding anything but one :class:`Suggestion` per dimension, or a suggested
        rating outside 0..4 or not an integer.

    Examples
    --------
    >>> r = recommend({1: 2, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1})
    >>> r.level.code, r.withdrawal_management.code, r.hours_per_week
    ('2.1', '2-WM', (9, 20))
    >>> [(a.level.code, a.withdrawal_management.code) for a in r.alternatives]
    [('2.1', '3.2-WM')]
    >>> recommend(r.dimensions) == r
    True
    """
    ratings = _check_dimensions(dimensions)
    adolescent = is_adolescent(adolescent)
    ctx = _check_context(context)
    sugg = _check_suggested(suggested)
    basis = _basis(ratings, {s.dimension: s for s in sugg})
    level = max((b.level_required for b in basis if b.level_required), key=lambda lv: lv.rank)
    basis, wm = _decided_wm(basis, level, _high_risk_suggested(sugg))
    services, hours, flag = _clinical_hours(level, basis, adolescent)
    # dimension 1, 2 or 3 rated 4 arranges a transfer now: a suicide risk assessment's box (and the rating-below box
    # that says it) asks the receiving team for it if transferred, as beside any transfer (physician review R10,
    # should-fix 2d (e); R11 should-fix 3 (a): dimension 3 rated 4, the patient leaves only by emergency transfer);
    # the suggestions themselves kept as given
    at_4 = 4 in (ratings[1], ratings[2], ratings[3])
    told = tuple(replace(s, flags=asked_at_handover(s.flags, at_4)) for s in sugg) if at_4 else sugg
    flags = by_urgency(_flags(basis, told, ctx, adolescent, wm) + ((flag,) if flag else ()))
    if is_24_hour_plan(level, wm):  # a home mitigation is moot (at least 3.7-WM)
        flags = tuple(replace(f, action=in_24h_setting(f.action)) if f.action else f for f in flags)
    rec = Recommendation(
        level,
        wm,
        flags,
        basis,
        _alternatives(level, wm, ctx, _wm_called_for(basis), _high_risk_flag(flags)),
        hours,
        ratings,
        adolescent,
        ctx,
        sugg,
        services,
    )
    # the buprenorphine threshold's note beside a headline that screens before any dose (R10 should-fix 2d (d))
    # beside an old CIWA-Ar's conditional transfer, the COWS boxes say the headline's clause (R10 should-fix 2d (d))
    # beside a C-SSRS high risk, a transfer now or a rating of 4, no box says "before the patient leaves", nor
    # contradicts the headline (R12 should-fix 5: the COWS boxes; R13: every box; one rule, boxes.py)
    # every box that doses says the headline's screen for its withdrawal before its first dose verb (R16 M1-M3, S7);
    # then, beside a C-SSRS high or moderate risk or a positive PHQ-9 item 9 (overdose_risk), every box's screen
    # (those just inserted too) asks about an overdose or ingestion first, as the headline's (physician review R16,
    # session 15, should-fix S5; R30b S7)
    # an old COWS of 13 or more beside today's CIWA-Ar of 8 or more: the COWS boxes in the headline's branch words
    # (physician review R18, session 16, phase 1: R17b must-fix M3)
    # last, each box says the headline's screens once: thiamine where the headline's screen gives it (R19 N4), one
    # "before any dose:" per box (R18 S2), the suicide screens the headline names at handover (R20c S6); after them,
    # beside a C-SSRS high's transfer now with an old complicated CIWA-Ar, the boxes say that transfer (R23b A1-A5)
    # beside a C-SSRS high with an old severe CIWA-Ar and a COWS of 13-36 of today, the alcohol boxes and the first
    # dose's threshold say the headline's first step (physician review R24b, must-fix 3)
    # the boxes find the headline's steps by the words they were built with, before each step's handover is said once
    # (physician review R23a, findings 2-4); last, dimension 3's rating-below box asks for the suicide risk assessment
    # once (physician review R25b); beside any transfer the headline arranges or may arrange, every suicide box that
    # hands over to no one asks the receiving team for the assessment if transferred, said with the screens the
    # headline tells (physician review R42, item 6: R32 should-fix S2, wider); then the buprenorphine induction
    # threshold's box says what the screen before any dose must find, not that it "allows it" (physician review R42,
    # item 5 (R31 should-fix S6); R46 Q6's words)
    # the boxes' build reads the headline without physician review R60's re-score branches; then, last, each box
    # carrying an old moderate CIWA-Ar's re-score beside an emergency evaluation ordered, a COWS of today or a joined
    # COWS re-score says its severe branch, and its delirium screen where item 10 was 1, as the headline (physician
    # review R60, Q3 (ii), (iii), the joined re-scores, and Q4); then, last, the boxes of two old withdrawals re-scored
    # together say the CIWA-Ar's transfer now before the COWS's treatment, as the headline (physician review R63, MF1
    # and SF4)
    with transport_unsaid():  # the boxes' build reads the headline as built; the transport is named last (R76)
        return findings_transfer_in_boxes(_boxes_finished(rec))


def _boxes_finished(rec: Recommendation) -> Recommendation:
    """``rec`` (its boxes raised) with every pass of the boxes' build but the last (:func:`recommend`, whose comments
    name each pass before physician review R60's, and this function's after it)."""
    with old_moderate_branches_unsaid():
        rec = _boxes_built(rec)
    # then, last of all, a box's sole sedation watch while the patient is on site beside a first dose before transfer
    # lasts until handover if transferred, read from the box's last words (physician review R62, S2, ruled R63
    # section 5)
    # (and before it each box's first dose of two old withdrawals' emergency branch for the patient not intoxicated
    # only, as the headline: physician review R64, S2); after it, each box that screens for delirium (or takes a
    # delirium screen as its condition, in other words too: "finds no delirium") tells the screen with the scores and
    # any dose at handover, as the headline (physician review R64, should-fix S3; R65, SF2 and F2; R66, should-fix)
    # (physician review R65, SF3, with R66's must-fixes: before it, each box's old severe CIWA-Ar re-score beside a
    # rating of 4 sends the patient to the ED's evaluation of both on a seizure, hallucinations or disorientation too,
    # its screen before the first dose naming delirium)
    # (and before that, each box carrying an old severe CIWA-Ar's conditional transfer screens for delirium with the
    # re-score and holds any dose in delirium, as the headline: physician review R65, follow-up F1)
    # (and just before it, each such box that may dose before a transfer but says no handover says one, "if
    # transferred: at handover tell the receiving team" the scores and any dose, the screen then told with them:
    # physician review R67, question Q2, ruled "build" in R69)
    # (and before that, each COWS and buprenorphine threshold box whose dose follows a screen before any dose that does
    # not hold for delirium, beside a first step that re-scores an old CIWA-Ar, screens for delirium and holds any dose
    # in it, says its screen after the first step's and holds any dose in delirium: physician review R69, part D)
    # (and just after it, each such box whose first step transfers on what the CIWA-Ar re-score finds says that transfer
    # after the re-score: physician review R70, should-fix D3)
    # (and, last of all, each box that hands the scores over but tells no suicide screen there tells the screens the
    # headline tells at its handover, in its words: physician review R20c, S6, for every handover the passes above
    # said)
    # (then, after it, each box's old severe COWS dose before the patient leaves beside a transfer the box arranges
    # says its timing if the patient is transferred, as the headline: physician review R71, should-fix 5, ruled R73)
    # (and, last of all, each box's mental-health hold says the driving rule after it where no later rule covers that
    # path, as the headline: physician review R75, item 2, ruled for the boxes in R75c; then dimension 1's rating-below
    # box that says the complicated_withdrawal step's own driving rule outright says no dose's driving clause after it:
    # R44 Q2, R31 M5, with R75 item 1; then, in recommend, last of all, each box's transfer on what a CIWA-Ar re-score
    # finds names the transport, as the headline: physician review R76)
    return complicated_driving_once_in_boxes(
        not_driving_after_hold_in_boxes(
            first_dose_if_transferred_in_boxes(
                screens_told_at_every_handover_in_boxes(
                    delirium_screen_told_in_boxes(
                        screened_doses_told_in_boxes(
                            rescore_findings_transfer_in_boxes(
                                old_ciwa_delirium_held_in_boxes(
                                    ed_evaluates_both_if_confused_in_boxes(
                                        old_severe_delirium_screened_in_boxes(
                                            sedation_watched_until_handover_in_boxes(
                                                severe_branch_dose_guarded_in_boxes(
                                                    rescores_severe_branch_in_boxes(
                                                        old_moderate_rescore_branches_in_boxes(rec)
                                                    )
                                                )
                                            )
                                        )
                                    )
                                )
                            )
                        )
                    )
                )
            )
        )
    )


def _boxes_built(rec: Recommendation) -> Recommendation:
    """``rec`` (its boxes raised) with every pass of the boxes' build before physician review R60's
    (:func:`recommend`, whose comments name each pass)."""
    with headline_as_built():
        built = threshold_screen_found(
            doses_told_at_handover(
                assessments_asked_if_transferred(
                    assessment_asked_once(
                        old_severe_beside_high(
                            old_complicated_beside_high(
                                boxes_said_as_headline(
                                    old_cows_boxes_with_alcohol(
                                        overdose_asked_in_boxes(
                                            screens_before_box_doses(
                                                boxes_beside_emergency(
                                                    cows_boxes_as_headline(threshold_after_screen(rec))
                                                )
                                            )
                                        )
                                    )
                                )
                            )
                        )
                    )
                )
            )
        )
    # each re-score's dose behind the screen before any dose beside a transfer for suicide risk, as the headline says
    # it (physician review R28, M4); then a box whose dose the screen just put before a transfer tells the scores and
    # the dose at handover too (physician review R26b, should-fix S9)
    # then every box that may give a dose says the dose's driving advice once, after its steps, and the old
    # complicated CIWA-Ar's names the doses as the visit may give them (physician review R31, must-fix M5; R30b,
    # should-fix S9 (a)); last, every hold naming intoxication in a box says the patient must not drive today
    # (physician review R30b, M4); after it, beside two withdrawals, the boxes' re-score branch and emergency
    # branch said with their holds and handovers as the headline's (physician review R42, items 2 and 3); after every
    # other step (none reads these words), the complicated_withdrawal box says the headline's own transfer, and the
    # severe COWS box the transfer for alcohol withdrawal alongside where that is the headline's (physician review R42,
    # item 1 (R31 should-fix S8) (a), (b))
    # (beside dimension 1, 2 or 3 rated 4, an old COWS's re-score that says no timing gives its first dose before a
    # transfer first, told at handover as every such box's); then each box's old COWS re-score before transfer only if
    # it does not delay it, its first dose as the rating allows (physician review R31 S7, ruled R42 item 4); then the
    # COWS and buprenorphine boxes' screen names delirium where the headline's does (physician review R30b, S5)
    # (physician review R49, Q1: beside a rating of 4, a COWS box's unscreened treatment screened as case 42's box)
    # (physician review R49, Q2: dimension 1's joined box tells both scores at its one handover); then the severe COWS
    # and buprenorphine boxes' screen said before "if still 37 or more" where the box treats on the current score below
    # it too (physician review R51; dimension 1's box too, as the headline, R53 ruling 4); then, beside a transfer
    # already ordered, a COWS box's 13-36 branch tells the receiving team that medically managed withdrawal is needed
    # (physician review R49, Q6); then every box that names every dose in its driving advice says the sedation watch
    # before it (physician review R46, Q2), and beside two withdrawals every box saying one dose's (physician review
    # R50, S2); then each box's request of the receiving team for a suicide risk assessment said as the headline asks
    # it (no step after it reads these words): "once the patient is able to answer" where the headline asks so, with
    # safety planning beside a C-SSRS moderate risk (physician review R51, widening R50 S1; R50, b6 Q1); last, beside a
    # transfer already ordered, each box's old COWS re-score before transfer only if it does not delay it (physician
    # review R52, ruling 4), and each old CIWA-Ar bracket beside a rating of 4 saying no dose without today's re-score,
    # for alcohol withdrawal where a COWS of today is treated (R52, ruling 5); then, where the headline's first step
    # re-scores an old severe COWS and an old CIWA-Ar of 8 or more both before any dose, the COWS boxes' screen after
    # that CIWA-Ar re-score, and dimension 1's box's second CIWA-Ar re-score dropped (physician review R55, finding C);
    # then each box's old moderate re-score said behind the screen before any dose and its hold, as the old
    # severe re-score's (physician review R57, must-fix M1)
    rec = old_moderate_rescore_screened_in_boxes(
        both_rescored_first_in_boxes(
            ciwa_no_dose_unrescored_in_boxes(
                cows_rescore_before_transfer_in_boxes(
                    suicide_asks_as_headline(
                        sedation_watch_in_boxes(
                            managed_withdrawal_told_in_boxes(
                                screen_before_cows_condition_in_boxes(
                                    joined_handover_in_boxes(
                                        cows_screen_at_4_in_boxes(
                                            cows_delirium_screen_in_boxes(
                                                cows_rescore_at_4_in_boxes(
                                                    cows_transfer_in_boxes(
                                                        complicated_transfer_in_boxes(
                                                            two_withdrawals_rescore_in_boxes(
                                                                no_driving_while_intoxicated_in_boxes(
                                                                    dose_driving_in_boxes(
                                                                        doses_told_at_handover(
                                                                            cows_dose_timed_at_4_in_boxes(
                                                                                rescore_screened_in_boxes(built)
                                                                            )
                                                                        )
                                                                    )
                                                                )
                                                            )
                                                        )
                                                    )
                                                )
                                            )
                                        )
                                    )
                                )
                            )
                        )
                    )
                )
            )
        )
    )
    # last (no step reads these words), every hold after an old complicated CIWA-Ar's re-score and delirium screen bars
    # a dose in delirium too, as the headline's (physician review R57, must-fix M2); and beside that CIWA-Ar's re-score
    # and delirium screen before transfer only if it does not delay it, an old COWS box's dose waits for both re-scores
    # and the screen, with thiamine and glucose (physician review R57, must-fix M3); then, beside a transfer already
    # ordered, an old severe COWS re-score's branch below 37 a first dose before transfer only if it does not delay it
    # (physician review R60, Q5 S3a); with no transfer ordered, an old COWS re-score's hold said apart: "no dose here"
    # for delirium, an overdose or an ingestion, "no dose until it clears" for intoxication (R59 item 2, ruled R60 Q5);
    # then each box's old CIWA-Ar re-score step says its severe branch before the intoxication hold, as the headline
    # (physician review R60, Q2 (a), Q3 (i), Q4)
    # last of all (it reads every transfer the passes above said), each suicide box asking for the assessment before
    # the patient leaves, where the withdrawal step can end in a transfer, tells the receiving team the screens and
    # asks them for it if transferred before it is done (physician review R60, Q2(b): cases 223, 352, 506, 652)
    return assessments_told_before_done_in_boxes(
        old_ciwa_severe_first_in_boxes(
            intoxication_hold_until_clear_in_boxes(
                severe_cows_below_before_transfer_in_boxes(
                    cows_dose_after_delirium_screen_in_boxes(delirium_held_in_boxes(rec))
                )
            )
        )
    )


def _high_risk_suggested(suggested: Iterable[Suggestion]) -> bool:
    """Whether the suggestions carry a high risk of complicated withdrawal (a past withdrawal seizure or delirium
    tremens, a PAWSS of 4 or more, possible withdrawal delirium, resolved or open; mitigated or not): the 3.7-WM floor
    of :func:`_wm_for_setting` in a 24-hour setting."""
    return any(_high_risk_flag(s.flags) or any(map(same_day_delirium, s.flags)) for s in suggested)


def _decided_wm(
    basis: tuple[DimensionBasis, ...], level: LevelOfCare, high_risk: bool = False
) -> tuple[tuple[DimensionBasis, ...], LevelOfCare | None]:
    """The withdrawal management that goes with ``level``, with why on dimension 1's basis: dimension 1's own
    (:data:`~iopkit.placement.rule_table.RULES`), none of its own in a 24-hour level another dimension gives for
    dimension 1 rated 0 or 1 (:func:`_wm_follows_dimension_1`), else at least the 24-hour setting's own
    (:func:`_wm_for_setting`). One rule for :func:`recommend` and for a level the clinician chooses
    (:attr:`Placement.withdrawal_management`; physician review R16 (session 15), must-fix 5, should-fix 9)."""
    wm = _RULE[(1, basis[0].rating)].withdrawal_management
    basis, wm = _wm_follows_dimension_1(basis, level, wm, high_risk)
    return _wm_for_setting(basis, level, wm, high_risk)


def _wm_follows_dimension_1(
    basis: tuple[DimensionBasis, ...], level: LevelOfCare, wm: LevelOfCare | None, high_risk: bool = False
) -> tuple[tuple[DimensionBasis, ...], LevelOfCare | None]:
    """No withdrawal management of its own for dimension 1 rated 1 in a 24-hour level (3.1, 3.3, 3.5, 3.7) another
    dimension gives, with why.

    Mild withdrawal (dimension 1 rated 1: 1-WM, ambulatory) is managed there, in the setting: the setting's own
    withdrawal management (:data:`SETTING_WM`: 3.2-WM in Level 3.5) is for withdrawal needing 24-hour support, and
    raised to it the plan would read "First 3.2-WM ..., then Level 3.5 after a reassessment", which a withdrawal unit
    declines and which delays the setting the other dimension needs (ASAM Criteria, 3rd ed., 2013: the
    withdrawal-management level follows dimension 1's rating, risk 0-1 none or 1-WM; physician review R14, must-fix 2
    for dimensions 4-6 rated 4, generalised by physician review R16 (session 15), must-fix 5:
    :func:`~iopkit.placement.recommendation.wm_follows_dimension_1`). Dimension 1 rated 2 keeps the setting's own
    alongside the level (:func:`~iopkit.placement.recommendation.wm_alongside_setting`); under a high risk of
    complicated withdrawal (``high_risk``) :func:`_wm_for_setting`'s 3.7-WM floor stands; so it does where dimension
    1 is rated below a suggestion that calls for 24-hour withdrawal management, rated 1 or, without a high risk, 0
    (the setting's own alongside: physician review R17a (session 15), should-fix S7) (e.g. an old severe CIWA-Ar: the
    rating below the score is for the clinician to justify, not a reason to drop the setting's own, as
    :func:`~iopkit.placement.recommendation.wm_within_level` reads both); Level 4's own 4-WM is "within it"
    (:func:`~iopkit.placement.recommendation.wm_within_level`). Otherwise ``basis`` and ``wm`` unchanged.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> r = recommend({1: 1, 2: 0, 3: 1, 4: 1, 5: 4, 6: 1})
    >>> r.withdrawal_management is None, r.basis[0].rule.split("; ")[1][:48]
    (True, 'no withdrawal management of its own in Level 3.5')
    >>> recommend({1: 1, 2: 0, 3: 3, 4: 1, 5: 1, 6: 1}).withdrawal_management is None
    True
    """
    d1 = basis[0]
    if wm is None and d1.suggested_rating is not None and not high_risk:
        # rated 0 below a suggestion calling for 24-hour withdrawal management: the setting's own kept alongside, as
        # for rated 1 (physician review R17a (session 15), should-fix S7: the rating below the score is for the
        # clinician to justify, more so for 0); under a high risk of complicated withdrawal rated 0 keeps none, with
        # the "below" warning (physician re-review 2, should-fix 3 and 5)
        if level not in WM_FOLLOWS_DIMENSION_1 or wm_follows_dimension_1(level, d1.suggested_rating):
            return basis, wm
        own = SETTING_WM[level]
        rescore = " (re-score it)" if "not re-scored today" in (d1.suggested_from or "") else ""
        why = (
            f"no withdrawal risk on the rating; the setting's own {own.code} kept alongside: rated below the "
            f"{d1.suggested_rating} its suggestion calls for{rescore}"
        )
        return (replace(d1, withdrawal_management=own, rule=why), *basis[1:]), own
    rated = [r for r in (d1.rating, d1.suggested_rating) if r is not None]
    # R17b S3: a score showing withdrawal above dimension 1's rating (any suggested WM level) keeps the setting's own
    above = d1.suggested_rating is not None and d1.rating is not None and d1.suggested_rating > d1.rating
    if above or wm is not L.WM_AMBULATORY or not all(wm_follows_dimension_1(level, r, high_risk) for r in rated):
        return basis, wm
    why = (
        f"no withdrawal management of its own in Level {level.code}, a 24-hour setting another dimension needs: mild "
        "withdrawal is managed there (3.2-WM is for withdrawal needing 24-hour support; ASAM Criteria, 3rd ed.)"
    )
    return (replace(d1, withdrawal_management=None, rule=f"{d1.rule}; {why}"), *basis[1:]), None


def _wm_for_setting(
    basis: tuple[DimensionBasis, ...], level: LevelOfCare, wm: LevelOfCare | None, high_risk: bool = False
) -> tuple[tuple[DimensionBasis, ...], LevelOfCare | None]:
    """Withdrawal management no weaker than the 24-hour setting's own (:data:`SETTING_WM`), with why.

    A patient placed in a residential or inpatient level is not sent home for ambulatory withdrawal
    management: WM is raised to what the setting provides (3.1-3.5: 3.2-WM; 3.7: 3.7-WM; 4: 4-WM; ASAM
    2013), and dimension 1's basis says so. Under a high risk of complicated withdrawal (``high_risk``: a past
    withdrawal seizure or delirium tremens, a PAWSS of 4 or more, possible withdrawal delirium, resolved or open;
    mitigated or not), withdrawal management in a 24-hour setting is at least 3.7-WM: 3.2-WM is clinically managed,
    without medical monitoring (iopkit's rule for a high risk of complicated withdrawal, after the ASAM 2020 alcohol
    withdrawal guideline, Rec II.5, III.1; the same floor as :func:`_alternatives`).
    """
    floor = SETTING_WM.get(level)
    if floor is not None and high_risk:
        floor = max(floor, L.WM_INPATIENT_MONITORED, key=lambda lv: lv.rank)
    if wm is None or floor is None or wm.rank >= floor.rank:
        return basis, wm
    d1 = basis[0]
    source = d1.source if "asam2013" in d1.source else f"{d1.source}; asam2013"
    why = (
        f"withdrawal management in a 24-hour setting (Level {level.code}) is at least the setting's own, not "
        "ambulatory (ASAM Criteria, 3rd ed.)"
    )
    if floor is not SETTING_WM[level]:
        why += (
            f", and under a high risk of complicated withdrawal at least {floor.code}, not "
            f"{SETTING_WM[level].code}: medical monitoring (ASAM 2020 alcohol withdrawal guideline, Rec II.5, III.1)"
        )
        source = joined(source, "asam_awm2020; iopkit")
    raised = replace(d1, withdrawal_management=floor, source=source, rule=f"{d1.rule}; raised to {floor.code}: {why}")
    return (raised, *basis[1:]), floor


def _clinical_hours(level: LevelOfCare, basis: tuple[DimensionBasis, ...], adolescent: bool):
    """Clinical services, weekly hours and a flag, so that no dimension gets fewer hours than it needs.

    The setting is the most intensive level any dimension needs; the weekly clinical hours are the
    most any dimension's level needs (:func:`iopkit.placement.levels.minimum_clinical_hours`). Where the
    setting alone guarantees fewer (3.1 guarantees 5 h, a dimension needs 2.1's 9 h or 2.5's 20 h), the
    recommendation adds the outpatient level whose hours are needed as clinical services alongside the setting
    (iopkit's own rule). Levels 3.3, 3.5, 3.7 and 4 deliver daily clinical services within the setting and the ASAM
    Criteria set no weekly hours for them: they meet any dimension's hours, no services alongside, no weekly hours
    (ASAM Criteria, 3rd ed., 2013; physician review R17a (session 15), should-fix S5).

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> recommend({1: 0, 2: 0, 3: 2, 4: 1, 5: 1, 6: 3}).clinical_services.code
    '2.1'
    >>> r = recommend({1: 0, 2: 0, 3: 3, 4: 1, 5: 1, 6: 2})
    >>> r.level.code, r.clinical_services, r.hours_per_week
    ('3.5', None, None)
    """
    if level in SETTING_WM and level is not L.RESIDENTIAL_LOW:
        return None, None, None

    def minimum(lv):
        return (minimum_clinical_hours(lv, adolescent=adolescent) or 0) if lv is not None else 0

    need = max(basis, key=lambda b: minimum(b.level_required))
    need_hours = minimum(need.level_required)
    own = minimum_clinical_hours(level, adolescent=adolescent)
    if need_hours <= (own or 0):
        return None, (hours_per_week(level, adolescent=adolescent) if own is not None else None), None
    services = need.level_required
    assert services is not None  # more hours than the setting's own come from a dimension's level
    flag = Flag(
        "clinical_hours_from_dimension",
        f"Dimension {need.dimension} ({need.name}) needs at least {need_hours:g} h/week of clinical services "
        f"({services}); {level} alone does not guarantee them",
        Severity.WARNING,
        f"Arrange {services.code}-level clinical services alongside {level.code} (e.g. attend "
        f"the {services.label.lower()} programme from the residence), or a more intensive level",
        _HOURS_RULE,
        calls_for=CallsFor.LEVEL_REVIEW,
    )
    return services, (need_hours, None), flag


#: What 3.2-WM is and when 3.7-WM is needed instead (ASAM Criteria, 3rd ed.: 3.2-WM is clinically managed, without the
#: on-site nursing or medical monitoring 2-WM has during the day; 3.7-WM is medically monitored).
WM_3_2_CAVEAT = (
    "3.2-WM (clinically managed; 3.7-WM if the withdrawal needs on-site nursing or medical monitoring or more than "
    "protocol medication)"
)


def _rederived(recommended: LevelOfCare | None, wm: LevelOfCare, edition: Edition | str) -> str:
    """What :meth:`Placement.describe` adds after a 24-hour withdrawal management re-derived for a decided 24-hour
    level ("" where it is the recommendation's own).

    3.7-WM and above is raised from the ambulatory one recommended. In the 3rd edition 3.2-WM is clinically managed
    (ASAM Criteria, 3rd ed.): in place of a recommended 2-WM, which had on-site nursing or medical monitoring during
    the day, it is a trade-off, never "raised": the 2-WM is named and when 3.7-WM is needed instead
    (:data:`WM_3_2_CAVEAT`); from 1-WM it is raised, with the same caveat. The 4th edition names 3.2-WM's work
    medically managed (Level 3.7), so it is raised there.

    Examples
    --------
    >>> _rederived(LevelOfCare.WM_AMBULATORY_EXTENDED, LevelOfCare.WM_RESIDENTIAL, "3rd")[:50]
    ', for the decided 24-hour level in place of the 2-'
    """
    if wm is recommended:
        return ""
    raised = ", raised for the decided 24-hour level from the ambulatory withdrawal management recommended"
    if wm is not LevelOfCare.WM_RESIDENTIAL or edition != Edition.THIRD:
        return raised
    if recommended is LevelOfCare.WM_AMBULATORY_EXTENDED:
        return (
            f", for the decided 24-hour level in place of the {recommended.code} recommended (on-site nursing or "
            f"medical monitoring during the day): {WM_3_2_CAVEAT}"
        )
    return f"{raised}: {WM_3_2_CAVEAT}"


@dataclass(frozen=True)
class Placement:
    """The clinician's placement decision: the software's recommendation and any override, with why.

    A clinician may rate a dimension differently from the rating suggested by scores, or place
    the patient at another level than the one recommended; either is an override, and an override
    needs a reason. The recommendation is
    kept whole, so the record shows what was suggested, what was recommended and what was decided.

    Parameters
    ----------
    recommendation : Recommendation
        What :func:`recommend` gave; kept whole.
    level : LevelOfCare, optional
        Where the patient is placed; default the recommended level.
    reason : str, optional
        Why the clinician overrode a suggested rating or the recommended level.
    facts : mapping, optional
        The facts given to :func:`suggest_dimensions` besides scores (:data:`FACTS`: readiness, past
        withdrawal seizure or delirium tremens, seizure or delirium now, PAWSS, why a high withdrawal
        risk is managed without 24-hour care), kept with the decision so it reopens as it was made.

    Raises
    ------
    PlacementInputError
        Not a :class:`Recommendation`, a level that is not a :class:`LevelOfCare`, an empty or
        non-text reason, an override (:attr:`overrides`) without a reason, or facts
        :func:`suggest_dimensions` refuses.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> from iopkit.placement import LevelOfCare
    >>> rec = recommend({1: 0, 2: 0, 3: 1, 4: 1, 5: 2, 6: 1})
    >>> Placement(rec).overrides
    ()
    >>> Placement(rec, LevelOfCare.OP, "works nights; will attend OP and step up if use continues").overrides
    ('level 2.1 recommended, 1 chosen',)
    >>> Placement(rec, LevelOfCare.OP)  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    iopkit.errors.PlacementInputError: Placement overrides the recommendation (level 2.1 recommended, 1 chosen):
    give the reason
    """

    recommendation: Recommendation
    level: LevelOfCare = None  # type: ignore[assignment]  # None: the recommended level, set on creation
    reason: str | None = None
    facts: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.facts, Mapping):
            raise PlacementInputError(f"Placement facts must be a mapping of {', '.join(FACTS)} (got {self.facts!r})")
        suggest_dimensions((), **self.facts)  # the same facts, checked as suggest_dimensions checks them
        object.__setattr__(self, "facts", MappingProxyType(dict(sorted(self.facts.items()))))
        if not isinstance(self.recommendation, Recommendation):
            raise PlacementInputError(f"Placement needs a Recommendation (got {type(self.recommendation).__name__})")
        if self.level is None:
            object.__setattr__(self, "level", self.recommendation.level)
        if not isinstance(self.level, LevelOfCare):
            raise PlacementInputError(f"Placement level must be a LevelOfCare (got {self.level!r})")
        if self.reason is not None and (not isinstance(self.reason, str) or not self.reason.strip()):
            raise PlacementInputError(f"Placement reason must be non-empty text or None (got {self.reason!r})")
        if self.overrides and self.reason is None:
            raise PlacementInputError(
                f"Placement overrides the recommendation ({'; '.join(self.overrides)}): give the reason"
            )

    def __hash__(self) -> int:
        return hash((self.recommendation, self.level, self.reason, tuple(self.facts.items())))

    def __reduce__(self):
        """Copy and pickle through :meth:`to_dict` (a read-only mapping cannot be pickled itself)."""
        return (Placement.from_dict, (self.to_dict(),))

    @property
    def withdrawal_management(self) -> LevelOfCare | None:
        """The withdrawal-management level that goes with the decision.

        The recommendation's, except where the clinician places the patient at another level: then it is
        re-derived for that level by the recommendation's own rule (:func:`_decided_wm`): dimension 1 decides,
        whichever level is chosen (physician review R16 (session 15), must-fix 5, should-fix 9; ASAM Criteria, 3rd
        ed., 2013): rated 0 none; rated 1 1-WM at an ambulatory level (1, 2.1, 2.5), none of its own at a 24-hour
        level 3.1-3.7; otherwise at least the 24-hour setting's own (ASAM Criteria, 3rd ed.), and under a high risk
        of complicated withdrawal at least 3.7-WM, mitigated or not (a home mitigation does not apply in a 24-hour
        setting; ASAM 2020 alcohol withdrawal guideline, Rec II.5, III.1). Never an ambulatory withdrawal management
        beside a residential level. At an ambulatory level chosen under a high risk of complicated withdrawal or
        delirium of today the recommendation's own is kept (its 24-hour floor is never lowered by the choice).

        Examples
        --------
        >>> from iopkit.placement import LevelOfCare, recommend
        >>> rec = recommend({1: 2, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1})
        >>> p = Placement(rec, LevelOfCare.RESIDENTIAL_HIGH, "no safe home")
        >>> rec.withdrawal_management.code, p.withdrawal_management.code
        ('2-WM', '3.2-WM')
        >>> Placement(recommend({1: 1, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1}), LevelOfCare.RESIDENTIAL_HIGH, "no safe home"
        ...           ).withdrawal_management is None
        True
        """
        rec = self.recommendation
        high_risk = _high_risk_suggested(rec.suggested)
        if self.level is rec.level or (high_risk and self.level not in SETTING_WM):
            return rec.withdrawal_management
        return _decided_wm(rec.basis, self.level, high_risk)[1]

    @property
    def clinical_services(self) -> LevelOfCare | None:
        """The outpatient level whose clinical services go alongside the placed setting (Level 3.1, whose own 5 h/week
        are fewer than a dimension's level needs: :attr:`Recommendation.clinical_services`), re-derived by the
        recommendation's own rule for a level the clinician chose; ``None`` otherwise (physician review R17a (session
        15), must-fix M2: the dose planner reads it).

        Examples
        --------
        >>> from iopkit.placement import LevelOfCare, recommend
        >>> rec = recommend({1: 0, 2: 0, 3: 2, 4: 1, 5: 1, 6: 3})
        >>> Placement(rec).clinical_services.code
        '2.1'
        >>> Placement(rec, LevelOfCare.RESIDENTIAL_HIGH, "no safe home").clinical_services is None
        True
        """
        rec = self.recommendation
        if self.level is rec.level:
            return rec.clinical_services
        return _clinical_hours(self.level, rec.basis, rec.adolescent)[0] if self.level is L.RESIDENTIAL_LOW else None

    def describe(self, *, edition: Edition | str = Edition.THIRD) -> str:
        """Where the patient is placed, with the withdrawal-management component, in one line.

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
        Residential or inpatient withdrawal management comes first, so it is named first (ASAM Criteria
        3rd ed.: reassess for treatment when it ends); ambulatory withdrawal management goes alongside.

        >>> Placement(recommend({1: 3, 2: 1, 3: 2, 4: 1, 5: 1, 6: 1})).describe()  # doctest: +NORMALIZE_WHITESPACE
        'First Level 3.7-WM (Medically monitored inpatient withdrawal management), then Level 2.1 (Intensive
        outpatient) after a reassessment'

        Rated below what the withdrawal history or flags call for, the withdrawal management named carries that
        warning and the reason (:func:`below_suggested_withdrawal_management`).
        """
        wm = self.withdrawal_management
        return self._described(edition) + ambulatory_wm_condition(self.recommendation.basis, wm, edition)

    def _described(self, edition: Edition | str) -> str:
        """:meth:`describe` before any condition of ambulatory withdrawal management."""
        text = describe(self.level, edition=edition)
        wm = self.withdrawal_management
        # a withdrawal management below what the withdrawal history or flags call for is named with that warning,
        # also where it comes first (e.g. 3.7-WM below the 4-WM an open delirium flag calls for)
        below = _below(self.recommendation, self.level, wm, self.reason, edition)
        if wm_alongside_setting(self.recommendation.basis, wm, self.recommendation.flags, self.level):
            # a 24-hour level another dimension gives, dimension 1 rated 2: its own WM alongside, never first (R14
            # must-fix 2; R16 must-fix 5), re-derived for a level the clinician chose and said so
            assert wm is not None  # alongside only a withdrawal management
            named = _named(wm) if edition == Edition.THIRD else _wm_named(wm, edition)
            raised = _rederived(self.recommendation.withdrawal_management, wm, edition)
            return f"{text} with {named}{raised}{f', {below}' if below else ''}"
        if wm in _WM_24H and wm_within_level(self.recommendation.basis, self.level):
            # Level 4 the clinician chose, dimension 1 calling for no 24-hour withdrawal management: any withdrawal
            # managed within it, as for Level 4 recommended (physician review 8; R16 should-fix 9: dimension 1 decides)
            return f"{text}, {WITHIN_LEVEL}" + (f" ({wm.code})" if edition == Edition.THIRD else "")
        if wm is not None and wm in _WM_24H:
            # re-derived for the 24-hour level the clinician chose (:attr:`withdrawal_management`), and said so
            raised = _rederived(self.recommendation.withdrawal_management, wm, edition)
            return (
                f"First {_wm_named(wm, edition)}{raised}{f', {below}' if below else ''}, then {text} after a "
                "reassessment"
            )
        one = None if wm is None else _one_level(self.level, wm, edition)  # 4th edition: WM built into the level
        if below:
            named = "no withdrawal management" if wm is None else _wm_named(wm, edition)
            return f"{one}, {below}" if one else f"{text} with {named}, {below}"
        return text if wm is None else one or f"{text} with {_wm_named(wm, edition)}"

    @property
    def overrides(self) -> tuple[str, ...]:
        """What the clinician decided differently from the software, in words (empty: none).

        A rating that differs from its suggestion names what the suggestion was: the withdrawal-management level
        of the suggested rating and the findings behind it ("dimension 1 rated 1, suggested 3: 3.7-WM, PAWSS 5
        (4 or more)"), so an override of a 24-hour floor reads as one.
        """
        rec = self.recommendation
        changed = tuple(
            f"dimension {b.dimension} rated {b.rating}, {_suggested(rec, b)}" for b in rec.basis if b.overridden
        )
        if self.level != rec.level:
            changed += (f"level {rec.level.code} recommended, {self.level.code} chosen",)
        return changed

    @property
    def withdrawal_management_rated_below(self) -> LevelOfCare | None:
        """The withdrawal-management setting of dimension 1's suggestion where the clinician rated dimension 1 below
        it and the plan's withdrawal management, even where its 24-hour setting raised it, is still below that
        setting (e.g. 3.7-WM first, below the 4-WM an open same-day delirium flag calls for), else ``None``: the
        level is then the ratings', not the setting the scores and facts called for.

        E.g. 3.7-WM for a PAWSS of 4 or more (ASAM 2020 alcohol withdrawal guideline, Rec II.5), or the 2-WM floor
        (ambulatory withdrawal management with extended on-site monitoring) of one recorded as mitigated, rated 1
        or 0: that floor is iopkit's own rule (:func:`~iopkit.placement.suggest_dimensions`; Rec III.1 allows
        ambulatory withdrawal management for limited or mitigated risk, without naming a level).

        Returns
        -------
        LevelOfCare or None

        Examples
        --------
        >>> from iopkit.placement import suggest_dimensions
        >>> s = suggest_dimensions([], pawss=5, withdrawal_risk_mitigated="partner at home 24 h")
        >>> rec = recommend({1: 1, 2: 0, 3: 0, 4: 1, 5: 1, 6: 1}, suggested=s)
        >>> Placement(rec, reason="daily nurse visits").withdrawal_management_rated_below.code
        '2-WM'
        """
        return _wm_below_called_for(self.recommendation.basis, self.withdrawal_management)

    @property
    def below_24h_withdrawal_management(self) -> bool:
        """True when dimension 1 is rated below a suggestion whose withdrawal management is a 24-hour setting
        (3.2-WM, 3.7-WM, 4-WM; e.g. 3.7-WM for a PAWSS of 4 or more) and the plan's withdrawal management is below
        it: the level is the ratings', not the setting the scores called for
        (:attr:`withdrawal_management_rated_below`)."""
        return self.withdrawal_management_rated_below in _WM_24H

    def to_dict(self) -> dict:
        """A JSON-able dict; :meth:`from_dict` reads it back.

        Returns
        -------
        dict
        """
        return to_record(self, _CODEC_OUT)

    @classmethod
    def from_dict(cls, data: dict) -> Placement:
        """Rebuild a decision from :meth:`to_dict` output (one stored before decisions kept their facts
        reads with none).

        Parameters
        ----------
        data : dict
            What :meth:`to_dict` wrote.

        Returns
        -------
        Placement

        Raises
        ------
        PlacementInputError
            A missing or bad field.
        """
        return from_record(cls, data, _CODEC_IN, "Placement")


_CODEC_OUT: Codec = {"recommendation": Recommendation.to_dict, "level": lambda lv: lv.code, "facts": dict}
#: A stored recommendation's rating-below boxes, said again by today's rule on reading (``_reviews_read_back``), tell
#: the scores and dose at handover and say the dose's driving advice as a new one's do (physician review R26b, S9;
#: R27, S2; R31, M5).
#: A box said again as new is final as :func:`~iopkit.placement.recommend` says it: those passes are not run on it
#: again (CIWA-Ar item 10's hold of a transfer step tells the receiving team, words a second pass read as a dose's
#: handover: physician review R35, S2).
_CODEC_IN: Codec = {
    "recommendation": lambda data: _redone_boxes_as_new(data["flags"], Recommendation.from_dict(data)),
    "level": LevelOfCare.from_code,
}


def _redone_boxes_as_new(stored: Iterable[Mapping[str, Any]], rec: Recommendation) -> Recommendation:
    """``rec`` read back, each rating-below box said again by today's rule (``_reviews_read_back``: saved less
    urgent than its flags now call for) said as a recommendation made now says it, every box step of
    :func:`~iopkit.placement.recommend` applied (its screens and holds, its overdose question, its handover): a box
    re-derived from its flags alone held a benzodiazepine but not buprenorphine while intoxicated, dropped the overdose
    question and the suicide screen's handover (physician review R32, must-fix M2). Every other rating-below box
    tells the scores and dose at handover and says the dose's driving advice as a new one's do (physician review
    R26b, S9; R27, S2; R31, M5)."""
    saved = {f["code"]: f.get("action", "") for f in stored}
    redone = {
        f.code for f in rec.flags if f.code.startswith("rated_below_suggestion_d") and f.action != saved.get(f.code)
    }
    passed = dose_driving_in_boxes(doses_told_at_handover(rec, rated_below_only=True), rated_below_only=True)
    changed = {p.code for f, p in zip(rec.flags, passed.flags, strict=True) if p.action != f.action}
    if not (redone or changed):
        return passed
    new = recommend(**passed.inputs())
    said = {f.code: f for f in new.flags}
    # a box saved as a recommendation made now says it is read as saved: the passes above bring an older box's words up
    # to today's, and are not run again on words that are already final (case 170's dimension-1 box told its delirium
    # screen at its dose's handover instead of its transfer's: a saved placement must read back as it was decided)
    kept = {f.code for f in rec.flags if f.code in changed - redone and f.code in said and said[f.code] == f}
    flags = tuple(
        f if f.code in kept else replace(p, action=said[p.code].action) if p.code in redone and p.code in said else p
        for f, p in zip(rec.flags, passed.flags, strict=True)
    )
    if flags == rec.flags:
        return rec
    return replace(passed, flags=flags, raised=new.raised if redone and passed.raised else passed.raised)
