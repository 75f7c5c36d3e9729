"""Suggested dimension ratings from instrument scores; the clinician's rating always decides.

A suggestion cites the score behind it. Pass the result of :func:`suggest_dimensions`
to :func:`iopkit.placement.recommend` as ``suggested=``: the recommendation's basis then
records the suggestion next to the clinician's rating, and every safety flag of the
scores reaches the recommendation.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, replace
from typing import Any, Iterable, Mapping

from .errors import PlacementInputError
from .flags import Flag

__all__ = ["Suggestion", "SuggestionRule", "SUGGESTION_RULES", "CIWA_BAND_RANK", "SAFETY_FLOOR", "FACTS",
           "suggest_dimensions"]

#: Source label of rules that are iopkit's own design (no public source gives them): review them.
OWN_RULE = "iopkit design [U] from anchors [S] A8, A18"
_OURS = OWN_RULE


@dataclass(frozen=True)
class Suggestion:
    """A rating suggested from a score or fact, with the score behind it."""

    dimension: int
    rating: int
    reason: str
    source: str
    from_score: str
    flags: tuple[Flag, ...] = ()

    def to_dict(self) -> dict:
        """This suggestion as a JSON-able dict (read back by ``from_dict``)."""
        return {**vars(self), "flags": [f.to_dict() for f in self.flags]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Suggestion":
        """Rebuild what :meth:`to_dict` wrote (also after a JSON round trip)."""
        return cls(**{**data, "flags": tuple(Flag.from_dict(f) for f in data.get("flags", ()))})



@dataclass(frozen=True)
class SuggestionRule:
    """A score range (inclusive) or band of one instrument that suggests a rating."""

    instrument: str
    dimension: int
    low: float
    high: float
    rating: int
    meaning: str
    source: str


_INF = float("inf")
_D3 = "iopkit design [U]: rating from the severity band"
#: CIWA-Ar is keyed on the band of the banding scheme the score used (clinical-reference.md §2.8:
#: every scheme listed there starts at "mild"), so the suggestion and the score's flags never disagree.
#: None of those schemes has a "no withdrawal" band (COWS has one: <5 [P] R26), so only a total of 0,
#: every item at its "not present" anchor [P] R25b, suggests 0: iopkit design [U].
CIWA_BAND_RANK = {"mild": 1, "moderate": 2, "severe": 3}
_CIWA = "rating from the band of the score's own banding scheme"
#: Score -> suggested rating table. ``low``/``high`` bound the total (CIWA-Ar: 0 for a total of 0, else
#: the rank in :data:`CIWA_BAND_RANK`; C-SSRS: the band's triage rank 0 none, 1 low, 2 moderate, 3 high;
#: BAM: the number of clinically significant subscales; readiness: the 0-10 ruler value).
SUGGESTION_RULES: tuple[SuggestionRule, ...] = (
    SuggestionRule("ciwa_ar", 1, 0, 0, 0, "CIWA-Ar 0: no withdrawal sign present",
                   "[P] R25b (item anchors); iopkit design [U]: no scheme in §2.8 has a no-withdrawal band"),
    SuggestionRule("ciwa_ar", 1, 1, 1, 1, "CIWA-Ar above 0, mild band", _CIWA),
    SuggestionRule("ciwa_ar", 1, 2, 2, 2, "CIWA-Ar moderate band", _CIWA),
    SuggestionRule("ciwa_ar", 1, 3, 3, 3, "CIWA-Ar severe band", _CIWA),
    SuggestionRule("cows", 1, 0, 4, 0, "COWS <5: no significant withdrawal", "[P] R26 (Wesson & Ling 2003)"),
    SuggestionRule("cows", 1, 5, 12, 1, "COWS 5-12: mild withdrawal", "[P] R26"),
    SuggestionRule("cows", 1, 13, 24, 2, "COWS 13-24: moderate withdrawal", "[P] R26"),
    SuggestionRule("cows", 1, 25, _INF, 3, "COWS >=25: moderately severe or severe withdrawal", "[P] R26"),
    SuggestionRule("phq9", 3, 0, 4, 0, "PHQ-9 0-4: minimal depression", f"[S] R20b; {_D3}"),
    SuggestionRule("phq9", 3, 5, 9, 1, "PHQ-9 5-9: mild depression", f"[S] R20b; {_D3}"),
    SuggestionRule("phq9", 3, 10, _INF, 2, "PHQ-9 >=10: moderate or worse depression", f"[S] R20b; {_D3}"),
    SuggestionRule("gad7", 3, 0, 4, 0, "GAD-7 0-4: minimal anxiety", f"[P] R23; {_D3}"),
    SuggestionRule("gad7", 3, 5, 9, 1, "GAD-7 5-9: mild anxiety", f"[P] R23; {_D3}"),
    SuggestionRule("gad7", 3, 10, _INF, 2, "GAD-7 >=10: moderate or severe anxiety", f"[P] R23; {_D3}"),
    SuggestionRule("pcl5", 3, 0, 0, 0, "PCL-5 0: no PTSD symptoms", f"[P] R27; {_D3}"),
    SuggestionRule("pcl5", 3, 1, 32, 1, "PCL-5 1-32: symptoms below the provisional PTSD cut-point",
                   f"[P] R27; {_D3}"),
    SuggestionRule("pcl5", 3, 33, _INF, 2, "PCL-5 >=33: provisional PTSD", "[P] R27; [S] R13"),
    SuggestionRule("cssrs_screen", 3, 0, 0, 0, "C-SSRS screen: no ideation or behaviour", f"[S] R30b; {_D3}"),
    SuggestionRule("cssrs_screen", 3, 1, 1, 1, "C-SSRS screen low risk", f"[S] R30b; {_D3}"),
    SuggestionRule("cssrs_screen", 3, 2, 2, 3, "C-SSRS screen moderate risk", f"[S] R30b; {_D3}"),
    SuggestionRule("cssrs_screen", 3, 3, 3, 4, "C-SSRS screen high risk: immediate safety action", "[S] R30b"),
    SuggestionRule("bam", 5, 0, 0, 1, "BAM: no clinically significant subscale", f"[S] R28b; {_OURS}"),
    SuggestionRule("bam", 5, 1, 1, 2, "BAM: one clinically significant subscale", f"[S] R28b; {_OURS}"),
    SuggestionRule("bam", 5, 2, 3, 3, "BAM: two or three clinically significant subscales", f"[S] R28b; {_OURS}"),
    SuggestionRule("readiness", 4, 9, 10, 0, "readiness ruler 9-10", f"[S] R31; {_OURS}"),
    SuggestionRule("readiness", 4, 7, 8, 1, "readiness ruler 7-8", f"[S] R31; {_OURS}"),
    SuggestionRule("readiness", 4, 4, 6, 2, "readiness ruler 4-6", f"[S] R31; {_OURS}"),
    SuggestionRule("readiness", 4, 0, 3, 3, "readiness ruler 0-3", f"[S] R31; {_OURS}"),
)
#: A critical flag on a score raises its dimension's suggestion to at least this rating.
SAFETY_FLOOR: dict[int, tuple[int, str]] = {
    1: (3, "critical withdrawal flag on the score"),
    3: (2, "critical safety flag on the score (e.g. PHQ-9 item 9): assess suicide risk today"),
}
#: Codes of the BAM flags that mark a clinically significant subscale; their thresholds live in the BAM
#: definition (Use >= 1, Risk >= 12, Protective <= 12 [S] R28b), so they are not written twice.
BAM_CONCERNS = ("substance_use", "high_risk_factors", "low_protective_factors")
_CSSRS_RANK = {"no_risk": 0, "low_risk": 1, "moderate_risk": 2, "high_risk": 3}
FACTS = {"readiness": "readiness ruler value 0..10 ([S] R31)",
         "seizure_or_delirium": "withdrawal seizures or delirium now or in this episode ([S] A8, R25d)"}


def _measure(score: Any) -> float | None:
    """The number the table is keyed on for this score (None: this score cannot suggest)."""
    if score.instrument == "cssrs_screen":
        return _CSSRS_RANK.get(score.band)
    if score.instrument == "ciwa_ar":
        return None if score.total is None else 0 if score.total == 0 else CIWA_BAND_RANK.get(score.band)
    if score.instrument == "bam":
        subs = score.subscores or {}
        if any(subs.get(k) is None for k in ("use", "risk", "protective")):
            return None
        return sum(flag.code in BAM_CONCERNS for flag in score.flags)
    return score.total


def _from_rule(rule: SuggestionRule, value: float, label: str, flags: tuple[Flag, ...],
               score: Any = None) -> Suggestion:
    if label != "ciwa_ar":
        return Suggestion(rule.dimension, rule.rating, f"{rule.meaning} (value {value:g})", rule.source, label, flags)
    scheme = f"scheme {score.basis.scheme}: {score.basis.source}"
    return Suggestion(rule.dimension, rule.rating, f"{rule.meaning} (total {score.total:g}; {score.basis.scheme} band {score.band})",
                      f"{rule.source}; {scheme}", label, flags)


def suggest_dimensions(scores: Iterable[Any], **facts: Any) -> dict[int, Suggestion]:
    """Suggest dimension ratings from today's scores and facts; the clinician decides.

    CIWA-Ar/COWS suggest dimension 1; PHQ-9, GAD-7, PCL-5, C-SSRS and their safety flags
    dimension 3; BAM (Likert version) dimension 5; the readiness ruler (``readiness=``,
    0..10) dimension 4. Where several scores inform one dimension the highest suggestion
    is kept and every score's flags travel with it. Scores of other instruments are
    ignored. Pass the result to :func:`recommend` as ``suggested=``.

    Examples
    --------
    >>> s = suggest_dimensions([], readiness=5)
    >>> s[4].rating, s[4].from_score
    (2, 'readiness')
    """
    unknown = set(facts) - set(FACTS)
    if unknown:
        raise PlacementInputError(f"Unknown fact(s) {sorted(unknown)}; allowed: {', '.join(FACTS)}")
    found: dict[int, list[Suggestion]] = {}
    flags: dict[int, list[Flag]] = {}

    def add(s: Suggestion) -> None:
        found.setdefault(s.dimension, []).append(s)
        flags.setdefault(s.dimension, []).extend(s.flags)

    for score in scores:
        value = _measure(score)
        for rule in SUGGESTION_RULES:
            if rule.instrument == score.instrument and value is not None and rule.low <= value <= rule.high:
                add(_from_rule(rule, value, score.instrument, tuple(score.flags), score))
                critical = [f for f in score.flags if f.severity == "critical"]
                if critical and rule.dimension in SAFETY_FLOOR:
                    floor, why = SAFETY_FLOOR[rule.dimension]
                    add(Suggestion(rule.dimension, max(floor, rule.rating), why,
                                   "; ".join(f.source for f in critical) or "iopkit design", score.instrument))
    readiness = facts.get("readiness")
    if readiness is not None:
        if not isinstance(readiness, numbers.Integral) or type(readiness).__name__ in ("bool", "bool_") \
                or not 0 <= readiness <= 10:
            raise PlacementInputError(f"readiness must be a whole ruler value 0..10 (got {readiness!r})")
        readiness = int(readiness)
        rule = next(r for r in SUGGESTION_RULES if r.instrument == "readiness" and r.low <= readiness <= r.high)
        add(_from_rule(rule, readiness, "readiness", ()))
    seizure = facts.get("seizure_or_delirium", False)
    if type(seizure).__name__ not in ("bool", "bool_"):  # a string "no" must not raise a critical flag
        raise PlacementInputError(f"seizure_or_delirium must be True or False (got {seizure!r})")
    if seizure:
        add(Suggestion(1, 4, "withdrawal seizures or delirium: imminent danger", "[S] A8, R25d", "seizure_or_delirium",
                       (Flag("complicated_withdrawal", "Withdrawal seizures or delirium reported", "critical",
                             "Arrange medically managed withdrawal management or emergency referral today",
                             "[S] A8, R25d"),)))
    out = {}
    for d, options in sorted(found.items()):
        best = max(options, key=lambda s: s.rating)
        out[d] = replace(best, flags=tuple(dict.fromkeys(flags[d])))
    return out
