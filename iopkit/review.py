"""Continued-stay review over an episode: continue, step down or step up, with reasons.

Looks at repeated scores (reliable change, response and remission from :mod:`iopkit.progress`),
attendance against the plan and drug screens, and gives a decision with every finding and its
source. Thresholds that no public source gives are labelled "iopkit design [U]": review them.
``iopkit.placement`` re-exports :class:`EpisodeHistory`, :class:`Review` and :func:`review`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import PlacementInputError
from .flags import Flag
from .levels import LevelOfCare, hours_per_week, is_adolescent
from .progress import CHANGE_CRITERIA, trajectory

__all__ = ["EpisodeHistory", "Review", "ReviewReason", "TaperStep", "CONTINUING_CARE", "REVIEW_RULES", "review"]


@dataclass(frozen=True)
class EpisodeHistory:
    """What a continued-stay review looks at, for one episode of care.

    Parameters
    ----------
    level : LevelOfCare
        The current treatment level.
    attendance : float or None
        Fraction (0..1) of planned hours attended over the review period; ``None`` when it is
        unknown (no dose plan, or no attendance recorded yet).
    drug_screens : tuple of bool
        Results oldest to newest; True = positive for a substance not prescribed.
    scores : tuple of (week, Score)
        Repeated instrument scores (any objects with ``instrument``, ``total``, ``flags``).
    adolescent : bool
        Use the adolescent hours thresholds.
    """

    level: LevelOfCare
    attendance: float | None
    drug_screens: tuple[bool, ...] = ()
    scores: tuple[tuple[float, Any], ...] = ()
    adolescent: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "adolescent", is_adolescent(self.adolescent))
        if not isinstance(self.level, LevelOfCare) or self.level.is_withdrawal_management:
            raise PlacementInputError(f"level must be a treatment LevelOfCare (got {self.level!r})")
        a = self.attendance
        if a is not None and (isinstance(a, bool) or not isinstance(a, (int, float)) or not 0 <= a <= 1):
            raise PlacementInputError(f"attendance must be a fraction 0..1 of planned hours, or None when "
                                      f"unknown (got {a!r})")
        if any(not isinstance(s, bool) for s in self.drug_screens):
            raise PlacementInputError(f"drug_screens must be True (positive) / False (got {self.drug_screens!r})")
        for entry in self.scores:
            if not (isinstance(entry, tuple) and len(entry) == 2 and hasattr(entry[1], "instrument")):
                raise PlacementInputError(f"scores must be (week, Score) pairs (got {entry!r})")


@dataclass(frozen=True)
class ReviewReason:
    """One finding of a review and the rule it rests on."""

    code: str
    finding: str
    source: str


@dataclass(frozen=True)
class TaperStep:
    """One phase of a step-down: a level, its hours/week range and how long."""

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
    """

    decision: str
    level: LevelOfCare
    next_level: LevelOfCare
    reasons: tuple[ReviewReason, ...]
    flags: tuple[Flag, ...]
    taper: tuple[TaperStep, ...] = ()
    findings: tuple[ReviewReason, ...] = ()
    next_step: str = ""  # the next level in words (e.g. continuing care after Level 1, not "early intervention")


#: Treatment levels in order for stepping (3.3 is population-specific and not stepped through).
LADDER = tuple(lv for lv in sorted(LevelOfCare, key=lambda lv: lv.rank)
               if not lv.is_withdrawal_management and lv is not LevelOfCare.RESIDENTIAL_POPULATION_SPECIFIC)
_DESIGN = "iopkit design [U]"
_TOP, _BOTTOM = LADDER[-1], LADDER[0]
#: What a step down from Level 1 is. The 3rd edition has no code for it, so ``next_level`` keeps the
#: nearest member (0.5) and the words say what it is. 0.5 is early intervention for at-risk people
#: without a diagnosable SUD [S] A1; the 4th edition names 1.0 "long-term remission monitoring" [S] A14.
CONTINUING_CARE = ("Continuing care / recovery monitoring after outpatient treatment (recorded as Level 0.5 "
                   "for want of a 3rd-edition code; 4th edition: 1.0 long-term remission monitoring)")
_CONTINUING_SRC = f"{_DESIGN} from anchors [S] A1 (0.5 = at-risk, not yet diagnosable SUD), [S] A14 (4th ed. 1.0)"
_ENDS_SRC = f"{_DESIGN}; Level 4 is the most intensive and 0.5 the least intensive level [S] A1, A2"
#: Review thresholds, as data.
REVIEW_RULES = {
    "screens_for_step_down": (3, f"last 3 drug screens negative; {_DESIGN}"),
    "positive_screens_for_step_up": (2, f"2 or more of the last 3 screens positive; {_DESIGN}"),
    "attendance_for_step_down": (0.8, f"attended >= 80 % of planned hours; {_DESIGN}"),
    "attendance_low": (0.5, f"attended < 50 % of planned hours: review barriers and readiness; {_DESIGN}"),
}


def _by_instrument(history: EpisodeHistory) -> dict[str, list[tuple[float, Any]]]:
    series: dict[str, list[tuple[float, Any]]] = {}
    for week, score in sorted(history.scores, key=lambda ws: ws[0]):
        series.setdefault(score.instrument, []).append((week, score))
    return series


def review(history: EpisodeHistory) -> Review:
    """Continued-stay review: ``"step_up"``, ``"step_down"`` or ``"continue"``, with reasons.

    Step up on a critical flag in the latest scores, a reliable deterioration, or
    continued use (>= 2 of the last 3 screens positive). Step down when the last 3
    screens are negative, attendance is >= 80 % and every monitored instrument is in
    remission or has responded; IOP steps down through a short taper below the IOP
    minimum before Level 1 ([S] A3). Otherwise continue. Unknown attendance (``None``)
    is said plainly and weighed neither way, but a step-down waits for attendance evidence.

    At the ends of the ladder a step never returns the same level (iopkit design [U]):
    step-up findings at Level 4 give "continue" with a critical ``most_intensive_level`` flag
    (intensify care within Level 4 or arrange emergency care); a step down from Level 1 is to
    continuing care / recovery monitoring (:data:`CONTINUING_CARE`, an info flag says so);
    step-down findings at Level 0.5 give "continue" with a ``least_intensive_level`` reason.

    Examples
    --------
    >>> h = EpisodeHistory(LevelOfCare.IOP, attendance=0.9, drug_screens=(False,) * 3)
    >>> review(h).decision  # no repeated scores: symptoms cannot be judged
    'continue'
    >>> r = review(EpisodeHistory(LevelOfCare.IOP, attendance=None, drug_screens=(False,) * 3))
    >>> r.decision, [x.code for x in r.reasons], [x.code for x in r.findings]
    ('continue', ['attendance_unknown', 'no_scores'], ['abstinent', 'attendance_unknown', 'no_scores'])
    >>> top = review(EpisodeHistory(LevelOfCare.INPATIENT_MANAGED, 0.9, drug_screens=(True,) * 3))
    >>> top.decision, top.next_level.code, [f.code for f in top.flags]
    ('continue', '4', ['most_intensive_level'])
    """
    up, down, hold, flags = [], [], [], []
    series = _by_instrument(history)
    for instrument, points in series.items():
        latest = points[-1][1]
        flags.extend(f for f in latest.flags if f.severity == "critical")
        if instrument not in CHANGE_CRITERIA or len(points) < 2 or points[0][1].total is None:
            continue
        c = trajectory(instrument, [w for w, _ in points], [s.total for _, s in points]).change
        text = f"{instrument} {points[0][1].total:g} -> {latest.total:g}"
        if c["reliable_deterioration"]:
            up.append(ReviewReason("reliable_deterioration", f"{text}: reliable deterioration", CHANGE_CRITERIA[instrument].source))
        elif c["remission"] or c["response"]:
            down.append(ReviewReason("improved", f"{text}: {'remission' if c['remission'] else 'response'}", CHANGE_CRITERIA[instrument].source))
        else:
            hold.append(ReviewReason("not_yet_improved", f"{text}: neither remission nor response", CHANGE_CRITERIA[instrument].source))
    if flags:
        up.append(ReviewReason("critical_flag", "; ".join(f.message for f in flags), "; ".join(f.source for f in flags)))
    n_neg, neg_src = REVIEW_RULES["screens_for_step_down"]
    n_pos, pos_src = REVIEW_RULES["positive_screens_for_step_up"]
    recent = history.drug_screens[-3:]
    if sum(recent) >= n_pos:
        up.append(ReviewReason("continued_use", f"{sum(recent)} of the last {len(recent)} screens positive", pos_src))
    if len(recent) >= n_neg and not any(recent):
        down.append(ReviewReason("abstinent", "last 3 drug screens negative", neg_src))
    else:
        hold.append(ReviewReason("screens", "fewer than 3 consecutive negative screens", neg_src))
    good, good_src = REVIEW_RULES["attendance_for_step_down"]
    low, low_src = REVIEW_RULES["attendance_low"]
    if history.attendance is None:  # no evidence either way; a step-down needs attendance evidence
        hold.append(ReviewReason("attendance_unknown", "attendance unknown (no dose plan or no attendance recorded): "
                                 "not weighed for or against; a step-down waits for it", f"step-down needs {good_src}"))
    else:
        if history.attendance < low:
            flags.append(Flag("low_attendance", f"Attended {history.attendance:.0%} of planned hours", "warning",
                              "Review barriers (transport, schedule) and readiness (dimension 4)", low_src))
        (down if history.attendance >= good else hold).append(
            ReviewReason("attendance", f"attended {history.attendance:.0%} of planned hours", good_src))
    if not any(r.code in ("improved", "not_yet_improved") for r in down + hold + up):
        hold.append(ReviewReason("no_scores", "no repeated PHQ-9/GAD-7/PCL-5 scores: symptoms cannot be judged",
                                 _DESIGN))
    decision, nxt, reasons, next_step = _decide(history.level, up, down, hold, flags)
    ladder_end = [r for r in reasons if r not in up + down + hold]  # said at the ends of the ladder
    return Review(decision, history.level, nxt, tuple(reasons), tuple(dict.fromkeys(flags)),
                  _taper(history, nxt) if decision == "step_down" else (), tuple(ladder_end + up + down + hold),
                  next_step)


def _decide(level: LevelOfCare, up: list, down: list, hold: list, flags: list):
    """Decision, next level, reasons and the next step in words; at the ends of the ladder the
    level stays and the review says why (no step to the same level)."""
    if up and level is _TOP:
        flags.append(Flag("most_intensive_level", f"Findings point to more intensive care, but {level} is "
                          "already the most intensive level", "critical",
                          "Intensify care within medically managed care (physician review today) or arrange "
                          "emergency care", _ENDS_SRC))
        why = ReviewReason("most_intensive_level", "step-up findings at the most intensive level: no higher "
                           "level exists", _ENDS_SRC)
        return "continue", level, [why, *up], f"Stay at {level}: already the most intensive level"
    if not up and not hold and down and level is _BOTTOM:
        why = ReviewReason("least_intensive_level", "step-down findings at the least intensive level: consider "
                           "ending it with recovery check-ins", _ENDS_SRC)
        return "continue", level, [why, *down], f"Stay at {level}: already the least intensive level"
    rank = level.rank  # by rank, so Level 3.3 (not on the ladder) steps to 3.5 or 3.1
    if up:
        nxt = next(lv for lv in LADDER if lv.rank > rank)
        return "step_up", nxt, up, str(nxt)
    if not hold and down:
        nxt = [lv for lv in LADDER if lv.rank < rank][-1]
        if nxt is not _BOTTOM:
            return "step_down", nxt, down, str(nxt)
        flags.append(Flag("continuing_care", f"Step-down from {level} is to continuing care / recovery "
                          "monitoring, recorded as code 0.5 but not early intervention (the 4th edition's 1.0 "
                          "long-term remission monitoring)", "info",
                          "Plan recovery check-ins and how to return to care if use or symptoms recur",
                          _CONTINUING_SRC))
        why = ReviewReason("continuing_care", f"next step: {CONTINUING_CARE}", _CONTINUING_SRC)
        return "step_down", nxt, [*down, why], CONTINUING_CARE
    return "continue", level, hold, f"Continue at {level}"


def _taper(history: EpisodeHistory, nxt: LevelOfCare) -> tuple[TaperStep, ...]:
    """IOP -> Level 1 goes through 1-2 weeks below the IOP minimum while still in IOP ([S] A3)."""
    steps = []
    if history.level is LevelOfCare.IOP and nxt is LevelOfCare.OP:
        iop_min = hours_per_week(LevelOfCare.IOP, adolescent=history.adolescent)[0]
        steps.append(TaperStep(LevelOfCare.IOP, (0, iop_min), "1-2",
                               "[S] A3: fewer hours for 1-2 weeks may continue as IOP"))
    if nxt in (LevelOfCare.OP, LevelOfCare.IOP, LevelOfCare.PHP):
        steps.append(TaperStep(nxt, hours_per_week(nxt, adolescent=history.adolescent), "until next review",
                               "[S] A3 (hours per level)"))
    return tuple(steps)
