"""Placement: six dimensions to a level of care, suggestions from scores, the clinician's decision and
the continued-stay review ("ASAM-informed": iopkit's own open, cited rules, never ASAM text).

Where each part lives (one place each):

* :mod:`~iopkit.placement.levels`: the levels of care (:class:`LevelOfCare`), the weekly clinical
  hours that define them, and their 4th-edition names;
* :mod:`~iopkit.placement.rule_table`: the rule table (:data:`RULES`, printed by :func:`rules`), the six
  dimensions, the ratings and the context keys; add or change a placement rule here;
* :mod:`~iopkit.placement.suggest`: dimension ratings suggested from instrument scores
  (:func:`suggest_dimensions`); add a score-to-rating rule here;
* :mod:`~iopkit.placement.recommendation`: what a recommendation is (:class:`Recommendation`, each
  dimension's :class:`DimensionBasis`, the safe :class:`Alternative` options);
* :mod:`~iopkit.placement.decision`: :func:`recommend`, which makes one from the six ratings, and the
  clinician's :class:`Placement` decision (the recommendation, any override and why);
* :mod:`~iopkit.placement.continued_stay`: the continued-stay :func:`review` of an
  :class:`EpisodeHistory`, and :func:`open_safety_flags`, the one reading of which safety flags are open;
* :mod:`~iopkit.placement.resolution`: :class:`FlagResolution`, what was done about a safety flag (it
  lets a review step down again);
* :mod:`~iopkit.placement.steps`: :func:`headline_steps`, a headline's steps and sentences (:class:`HeadlineStep`)
  for a page to show one step per line, every word the headline's own.

Modules are named for what they hold and never share a name with a function, so
``iopkit.placement.rules`` and ``iopkit.placement.review`` are always the functions.

Examples
--------
>>> from iopkit import placement
>>> placement.recommend({1: 0, 2: 1, 3: 2, 4: 1, 5: 1, 6: 1}).level.code
'2.1'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
    from .continued_stay import (
        CONTINUING_CARE,
        REVIEW_RULES,
        Decision,
        EpisodeHistory,
        Review,
        ReviewReason,
        SafetyFlag,
        TaperStep,
        open_safety_flags,
        review,
        safety_flags,
    )
    from .decision import Placement, recommend
    from .levels import (
        EDITIONS,
        FOURTH_EDITION,
        HOURS,
        Confidence,
        Edition,
        FourthEditionLevel,
        HoursRange,
        LevelOfCare,
        describe,
        hours_per_week,
    )
    from .recommendation import Alternative, DimensionBasis, FirstStep, Recommendation
    from .resolution import FlagResolution
    from .rule_table import CONTEXT_KEYS, DIMENSIONS, RATINGS, RULES, Rule, rules
    from .steps import HeadlineStep, headline_steps
    from .suggest import (
        FACTS,
        SUGGESTION_RULES,
        Suggestion,
        SuggestionRule,
        suggest_dimensions,
    )

#: Public name -> the module that defines it, imported on first use (PEP 562), so that
#: ``import iopkit`` (which needs only :class:`LevelOfCare`) and a dashboard page that needs only the
#: recommendation do not import the continued-stay review and, through it, :mod:`iopkit.progress`.
_LAZY = {
    **dict.fromkeys(
        (
            "CONTINUING_CARE",
            "REVIEW_RULES",
            "Decision",
            "EpisodeHistory",
            "Review",
            "ReviewReason",
            "SafetyFlag",
            "TaperStep",
            "open_safety_flags",
            "review",
            "safety_flags",
        ),
        "continued_stay",
    ),
    **dict.fromkeys(("Placement", "recommend"), "decision"),
    **dict.fromkeys(
        (
            "EDITIONS",
            "FOURTH_EDITION",
            "HOURS",
            "Confidence",
            "Edition",
            "FourthEditionLevel",
            "HoursRange",
            "LevelOfCare",
            "describe",
            "hours_per_week",
        ),
        "levels",
    ),
    **dict.fromkeys(("Alternative", "DimensionBasis", "FirstStep", "Recommendation"), "recommendation"),
    "FlagResolution": "resolution",
    **dict.fromkeys(("CONTEXT_KEYS", "DIMENSIONS", "RATINGS", "RULES", "Rule", "rules"), "rule_table"),
    **dict.fromkeys(("FACTS", "SUGGESTION_RULES", "Suggestion", "SuggestionRule", "suggest_dimensions"), "suggest"),
    **dict.fromkeys(("HeadlineStep", "headline_steps"), "steps"),
}

__all__ = [  # noqa: RUF022  (grouped by module, in the order a placement is made)
    "LevelOfCare",
    "HoursRange",
    "HOURS",
    "hours_per_week",
    "Edition",
    "EDITIONS",
    "Confidence",
    "FourthEditionLevel",
    "FOURTH_EDITION",
    "describe",
    "DIMENSIONS",
    "RATINGS",
    "CONTEXT_KEYS",
    "Rule",
    "RULES",
    "rules",
    "Suggestion",
    "SuggestionRule",
    "SUGGESTION_RULES",
    "FACTS",
    "suggest_dimensions",
    "DimensionBasis",
    "Alternative",
    "FirstStep",
    "Recommendation",
    "recommend",
    "Placement",
    "Decision",
    "EpisodeHistory",
    "FlagResolution",
    "Review",
    "ReviewReason",
    "TaperStep",
    "CONTINUING_CARE",
    "REVIEW_RULES",
    "review",
    "SafetyFlag",
    "safety_flags",
    "open_safety_flags",
    "HeadlineStep",
    "headline_steps",
]


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
