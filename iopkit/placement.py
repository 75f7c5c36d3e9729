"""Placement helpers: six dimensions to a level of care, "ASAM-informed".

The rule table below is our own, open and cited. It is *informed by* the public
summaries of the ASAM Criteria (3rd edition, Mee-Lee et al. 2013) but does not
reproduce ASAM text or CONTINUUM logic, which are licensed. Levels are named by
number with neutral descriptors. Every rule cites bibliography keys
(:mod:`iopkit.sources`); ``iopkit`` marks iopkit's own rules.

How a recommendation is made (print :func:`rules` to read the table):

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
(:mod:`iopkit.suggest`).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from .errors import PlacementInputError
from .flags import Flag, by_urgency
from .levels import LevelOfCare, describe, hours_per_week, is_adolescent, minimum_clinical_hours
from .placement_rules import (  # the rule table, re-exported here
    _ANCHOR, _HOURS_RULE, _IMMINENT_CALLS, _REASSESS, _RULE, _WM, _WM_24H, CONTEXT_KEYS, DIMENSIONS, RATINGS, RULES,
    Rule, rules,
)
from .review import EpisodeHistory, Review, review
from .suggest import SUGGESTION_RULES, Suggestion, SuggestionRule, suggest_dimensions

__all__ = [
    "LevelOfCare", "DIMENSIONS", "RATINGS", "CONTEXT_KEYS", "Rule", "RULES", "rules",
    "DimensionBasis", "Alternative", "Recommendation", "recommend",
    "Suggestion", "SuggestionRule", "SUGGESTION_RULES", "suggest_dimensions",
    "EpisodeHistory", "Review", "review",
]

L = LevelOfCare

def _level_code(level: LevelOfCare | None) -> str | None:
    return level.code if level is not None else None


def _level(code: str | None) -> LevelOfCare | None:
    return LevelOfCare.from_code(code) if code is not None else None


@dataclass(frozen=True)
class DimensionBasis:
    """Why one dimension requires what it does; ``suggested_*`` record any suggestion."""

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
    """Another safe option, never below the level any dimension requires."""

    level: LevelOfCare
    withdrawal_management: LevelOfCare | None
    when: str
    source: str


@dataclass(frozen=True)
class Recommendation:
    """A level-of-care recommendation with its full basis. Re-derive with :meth:`inputs`."""

    level: LevelOfCare
    withdrawal_management: LevelOfCare | None
    flags: tuple[Flag, ...]
    basis: tuple[DimensionBasis, ...]
    alternatives: tuple[Alternative, ...]
    hours_per_week: tuple[float, float | None] | None
    dimensions: dict[int, int]
    adolescent: bool
    context: dict[str, bool]
    suggested: tuple[Suggestion, ...] = ()
    clinical_services: LevelOfCare | None = None

    @property
    def withdrawal_first(self) -> bool:
        """True when withdrawal management is residential or inpatient (3.2-WM, 3.7-WM, 4-WM).

        Then withdrawal management comes first, in its 24-hour setting, and the treatment level is
        only the least care to follow it: the headline names the withdrawal level first.
        """
        return self.withdrawal_management in _WM_24H

    @property
    def headline(self) -> str:
        """The one line every screen and printout shows first, in the clinic's words.

        Where withdrawal management is residential or inpatient it leads ("First: 3.7-WM ...;
        then reassess for treatment"); otherwise the treatment level with its weekly hours, and
        any ambulatory withdrawal management alongside.

        Examples
        --------
        >>> for part in recommend({1: 3, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1}).headline.split("; "):
        ...     print(part)
        First: 3.7-WM medically monitored inpatient withdrawal management
        then reassess all six dimensions for treatment (on today's ratings at least Level 1 (Outpatient))
        >>> print(recommend({1: 0, 2: 1, 3: 2, 4: 1, 5: 1, 6: 1}).headline)
        Recommended: Level 2.1 (Intensive outpatient), 9 to under 20 h/week of clinical services
        """
        return _headline(self)

    def inputs(self) -> dict:
        """Keyword arguments that re-derive this recommendation: ``recommend(**r.inputs()) == r``."""
        return {"dimensions": dict(self.dimensions), "adolescent": self.adolescent,
                "context": dict(self.context), "suggested": self.suggested}

    def describe(self, *, edition: str = "3rd") -> str:
        """One line naming the level and WM route, in the 3rd or 4th edition."""
        text = describe(self.level, edition=edition)
        if self.withdrawal_management is not None:
            text += "; withdrawal management: " + describe(self.withdrawal_management, edition=edition)
        return text

    def to_dict(self) -> dict:
        """A JSON-able dict (levels by code, dimension numbers as strings)."""
        return {
            "level": self.level.code,
            "withdrawal_management": _level_code(self.withdrawal_management),
            "flags": [f.to_dict() for f in self.flags],
            "basis": [{**vars(b), "level_required": _level_code(b.level_required),
                       "withdrawal_management": _level_code(b.withdrawal_management)} for b in self.basis],
            "alternatives": [{**vars(a), "level": a.level.code,
                              "withdrawal_management": _level_code(a.withdrawal_management)}
                             for a in self.alternatives],
            "hours_per_week": list(self.hours_per_week) if self.hours_per_week else None,
            "dimensions": {str(d): r for d, r in self.dimensions.items()},
            "adolescent": self.adolescent,
            "context": dict(self.context),
            "suggested": [s.to_dict() for s in self.suggested],
            "clinical_services": _level_code(self.clinical_services),
            "headline": self.headline,
            "withdrawal_first": self.withdrawal_first,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Recommendation":
        """Rebuild a recommendation written by :meth:`to_dict`."""
        hours = data["hours_per_week"]  # "headline" and "withdrawal_first" are derived, not read back
        return cls(
            level=LevelOfCare.from_code(data["level"]),
            withdrawal_management=_level(data["withdrawal_management"]),
            flags=tuple(Flag.from_dict(f) for f in data["flags"]),
            basis=tuple(DimensionBasis(**{**b, "level_required": _level(b["level_required"]),
                                          "withdrawal_management": _level(b["withdrawal_management"])})
                        for b in data["basis"]),
            alternatives=tuple(Alternative(**{**a, "level": LevelOfCare.from_code(a["level"]),
                                              "withdrawal_management": _level(a["withdrawal_management"])})
                               for a in data["alternatives"]),
            hours_per_week=tuple(hours) if hours else None,
            dimensions={int(d): r for d, r in data["dimensions"].items()},
            adolescent=data["adolescent"],
            context=dict(data["context"]),
            suggested=tuple(Suggestion.from_dict(s) for s in data.get("suggested", ())),
            clinical_services=_level(data.get("clinical_services")),
        )


def _hours_words(hours: tuple[float, float | None]) -> str:
    low, high = hours
    if high is None:
        return f"at least {low:g} h/week"
    return f"under {high:g} h/week" if low == 0 else f"{low:g} to under {high:g} h/week"


def _headline(rec: "Recommendation") -> str:
    wm = rec.withdrawal_management
    if rec.withdrawal_first:
        return (f"First: {wm.code} {wm.label[0].lower()}{wm.label[1:]}; then reassess all six dimensions for "
                f"treatment (on today's ratings at least {rec.level})")
    text = f"Recommended: {rec.level}"
    if rec.clinical_services is not None:
        text += f" with {rec.clinical_services.code} ({rec.clinical_services.label.lower()})-level clinical services"
    if rec.hours_per_week:
        text += f", {_hours_words(rec.hours_per_week)} of clinical services"
    if wm is not None:
        text += f"; with {wm.code} {wm.label[0].lower()}{wm.label[1:]}"
    return text


def _whole(value: Any) -> int | None:
    """``value`` as an int if it is a whole-number type (Python or numpy int, not bool), else None."""
    if isinstance(value, numbers.Integral) and type(value).__name__ not in ("bool", "bool_"):
        return int(value)
    return None


def _flag(value: Any) -> bool | None:
    """``value`` as a bool if it is a Python or numpy bool, else None (a string "no" is not False)."""
    return bool(value) if type(value).__name__ in ("bool", "bool_") else None


def _check_rating(dimension: Any, value: Any, what: str = "rating") -> int:
    whole = _whole(value)
    if whole is None or whole not in RATINGS:
        name = DIMENSIONS.get(dimension, "?")
        raise PlacementInputError(
            f"Dimension {dimension} ({name}) {what} must be an integer in 0..4 (got {value!r})")
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
            "(a suggestion must be confirmed by passing its rating)")
    return {d: _check_rating(d, dimensions[d]) for d in sorted(DIMENSIONS)}


def _check_context(context: Mapping | None) -> dict[str, bool]:
    context = {} if context is None else context
    if not isinstance(context, Mapping):
        raise PlacementInputError(f"context must be a mapping of known keys (got {context!r})")
    out = {}
    for key, value in context.items():
        if key not in CONTEXT_KEYS:
            raise PlacementInputError(f"Unknown context key {key!r}; allowed: {', '.join(CONTEXT_KEYS)}")
        if _flag(value) is None:
            raise PlacementInputError(f"context {key!r} must be True or False (got {value!r})")
        out[key] = _flag(value)
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
        out.append(DimensionBasis(
            d, DIMENSIONS[d], rating, row.level, row.withdrawal_management, row.rule, row.source,
            s.rating if s else None, f"{s.from_score}: {s.reason} [{s.source}]" if s else None))
    return tuple(out)


def _flags(basis: tuple[DimensionBasis, ...], suggested: tuple[Suggestion, ...],
           context: dict[str, bool], adolescent: bool, wm: LevelOfCare | None) -> tuple[Flag, ...]:
    flags: list[Flag] = [f for s in suggested for f in s.flags]
    for b in basis:
        if b.rating == 4:
            critical = b.dimension <= 3
            flags.append(Flag(
                f"imminent_danger_d{b.dimension}", f"Dimension {b.dimension} ({b.name}) rated 4",
                "critical" if critical else "warning",
                "Arrange medically managed care or an emergency referral today" if critical
                else "Arrange a 24-h structured setting", _ANCHOR,
                calls_for=_IMMINENT_CALLS.get(b.dimension, "level_review")))
        if b.overridden and b.rating < b.suggested_rating:
            flags.append(Flag(
                f"rated_below_suggestion_d{b.dimension}",
                f"Dimension {b.dimension} rated {b.rating}; scores suggest {b.suggested_rating} ({b.suggested_from})",
                "warning", "Document why the clinician's rating is lower", "iopkit"))
    if wm in (L.WM_AMBULATORY, L.WM_AMBULATORY_EXTENDED) and (
            context.get("supportive_home") is False or context.get("transport") is False):
        flags.append(Flag("ambulatory_wm_without_support",
                          "Ambulatory withdrawal management without a supportive home or reliable transport",
                          "warning", "Consider residential withdrawal management (3.2-WM)", f"{_WM}; iopkit",
                          calls_for="level_review"))
    if wm in _WM_24H:
        flags.append(Flag(
            "reassess_after_withdrawal_management",
            f"Withdrawal management first, in a 24-hour setting ({wm.code}); the treatment level shown is only "
            "the least care to follow it",
            "warning", "Re-rate all six dimensions when withdrawal management ends and re-run placement "
            "before the treatment level starts", _REASSESS, calls_for="level_review"))
    if wm is not None and adolescent:
        flags.append(Flag("adolescent_wm", "The separate WM levels are described for adults",
                          "info", "Arrange withdrawal management within the adolescent's setting", "asam2013"))
    unique = dict.fromkeys(flags)
    return tuple(sorted(unique, key=lambda f: ("critical", "warning", "info").index(f.severity)))


def _alternatives(level: LevelOfCare, wm: LevelOfCare | None, context: dict[str, bool]) -> tuple[Alternative, ...]:
    out = []
    if wm in (L.WM_AMBULATORY, L.WM_AMBULATORY_EXTENDED):
        out.append(Alternative(level, L.WM_RESIDENTIAL,
                               "withdrawal cannot be managed safely at home (no support or transport)",
                               f"{_WM}; iopkit"))
    if level in (L.OP, L.IOP, L.PHP) and any(
            context.get(k) for k in ("work_or_school", "caregiving", "evening_sessions")):
        out.append(Alternative(level, wm, "same level as an evening or flexible-schedule programme",
                               "tip47; iopkit"))
    return tuple(out)


def recommend(dimensions: Mapping[int, int], *, adolescent: bool = False,
              context: Mapping[str, bool] | None = None,
              suggested: Mapping[int, Suggestion] | Iterable[Suggestion] | None = None) -> Recommendation:
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

    Raises
    ------
    PlacementInputError
        A missing or unknown dimension, a rating outside 0..4 or not an integer, an
        unknown context key.

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
    wm = _RULE[(1, ratings[1])].withdrawal_management
    services, hours, flag = _clinical_hours(level, basis, adolescent)
    flags = by_urgency(_flags(basis, sugg, ctx, adolescent, wm) + ((flag,) if flag else ()))
    return Recommendation(level, wm, flags, basis, _alternatives(level, wm, ctx), hours, ratings, adolescent, ctx,
                          sugg, services)


def _clinical_hours(level: LevelOfCare, basis: tuple[DimensionBasis, ...], adolescent: bool):
    """Clinical services, weekly hours and a flag, so that no dimension gets fewer hours than it needs.

    The setting is the most intensive level any dimension needs; the weekly clinical hours are the
    most any dimension's level needs (:func:`iopkit.levels.minimum_clinical_hours`). Where the
    setting alone guarantees fewer (3.1 guarantees 5 h, a dimension needs 2.1's 9 h or 2.5's 20 h;
    levels above 3.1 have no weekly-hours definition), the recommendation adds the outpatient level
    whose hours are needed as clinical services alongside the setting (iopkit's own rule).
    """
    def minimum(lv):
        return (minimum_clinical_hours(lv, adolescent=adolescent) or 0) if lv is not None else 0

    need = max(basis, key=lambda b: minimum(b.level_required))
    need_hours = minimum(need.level_required)
    own = minimum_clinical_hours(level, adolescent=adolescent)
    if need_hours <= (own or 0):
        return None, (hours_per_week(level, adolescent=adolescent) if own is not None else None), None
    services = need.level_required
    flag = Flag("clinical_hours_from_dimension",
                f"Dimension {need.dimension} ({need.name}) needs at least {need_hours:g} h/week of clinical services "
                f"({services}); {level} alone does not guarantee them",
                "warning", f"Arrange {services.code}-level clinical services alongside {level.code} (e.g. attend "
                f"the {services.label.lower()} programme from the residence), or a more intensive level",
                _HOURS_RULE, calls_for="level_review")
    return services, (need_hours, None), flag
