"""The placement rule table: each dimension's rating -> the least intensive level that safely meets it.

iopkit's own open table, "ASAM-informed": informed by the public summaries of the ASAM Criteria (3rd
edition, Mee-Lee et al. 2013) and the public PPC-2R grid, never ASAM text or CONTINUUM logic (licensed).
Every row cites bibliography keys (:mod:`iopkit.sources`); ``iopkit`` marks iopkit's own rules.
:mod:`iopkit.placement.decision` combines the rows into a recommendation; :mod:`iopkit.placement` re-exports
these names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..flags import CallsFor
from ..sources import OWN_RULE, in_words
from .levels import Edition, LevelOfCare, describe

__all__ = ["CONTEXT_KEYS", "DIMENSIONS", "RATINGS", "RULES", "SETTING_WM", "Rule", "rules"]

L = LevelOfCare

#: The six dimensions (3rd edition), in plain words (ASAM 2013).
DIMENSIONS: Mapping[int, str] = MappingProxyType(
    {
        1: "Acute intoxication and/or withdrawal potential",
        2: "Biomedical conditions and complications",
        3: "Emotional, behavioural or cognitive conditions",
        4: "Readiness to change",
        5: "Relapse, continued use or continued problem potential",
        6: "Recovery/living environment",
    }
)
#: Risk ratings 0-4 with their usual anchors (ASAM 2013).
RATINGS: Mapping[int, str] = MappingProxyType({0: "none", 1: "mild", 2: "moderate", 3: "severe", 4: "imminent danger"})

#: Known context keys (all booleans) and what they mean.
CONTEXT_KEYS: Mapping[str, str] = MappingProxyType(
    {
        "work_or_school": "has work or school obligations during the day",
        "caregiving": "has caregiving obligations",
        "supportive_home": "lives in a home that supports recovery",
        "completed_detox": "has just completed withdrawal management (step-down)",
        "completed_residential": "has just completed residential or inpatient care (step-down)",
        "transport": "has reliable transport to sessions",
        "evening_sessions": "prefers evening sessions",
    }
)


@dataclass(frozen=True)
class Rule:
    """One row of the rule table: a dimension's rating and the least intensive safe level.

    ``level`` is the treatment level the rating requires (``None``: no requirement, dimension 1
    rated 0); ``withdrawal_management`` the WM level, routed separately.

    Parameters
    ----------
    dimension : int
        The dimension, 1..6 (:data:`DIMENSIONS`).
    rating : int
        The risk rating, 0..4 (:data:`RATINGS`).
    level : LevelOfCare or None
        The least intensive treatment level that safely meets the rating (``None``: no requirement).
    withdrawal_management : LevelOfCare or None
        For dimension 1, the withdrawal-management level (``None``: none).
    rule : str
        The rule, in words.
    source : str
        The bibliography keys the row rests on (``iopkit`` for iopkit's own rules).
    """

    dimension: int
    rating: int
    level: LevelOfCare | None
    withdrawal_management: LevelOfCare | None
    rule: str
    source: str


_GRID = "asam_ppc2r; asam2013"
_ANCHOR = "asam2013"
_OURS = OWN_RULE
_WM = "asam2013"
_NONE = "no current risk: early intervention at most"
#: Why dimension 1 ratings 1-3 require Level 1 as well as a WM level: our design, on public anchors.
_AFTER_WM = "iopkit; asam_ppc2r; asam2013"
#: After 24-hour WM the treatment level must be re-derived: our design, on public anchors.
_REASSESS = "iopkit; asam2013"
#: Combined setting and clinical hours: iopkit's own rule, on the hours of each level in the ASAM Criteria.
_HOURS_RULE = "iopkit; asam2013"
#: What a rating of 4 (imminent danger) calls for, by dimension (others: a level review).
_IMMINENT_CALLS = MappingProxyType(
    {1: CallsFor.MEDICAL_REVIEW, 2: CallsFor.MEDICAL_REVIEW, 3: CallsFor.EMERGENCY_EVALUATION}
)
_WM_24H = (L.WM_RESIDENTIAL, L.WM_INPATIENT_MONITORED, L.WM_INPATIENT_MANAGED)
#: The least withdrawal management a 24-hour treatment setting provides (ASAM 2013): residential levels
#: pair with clinically managed residential WM, 3.7 with medically monitored and 4 with medically managed
#: inpatient WM. Ambulatory WM inside a 24-hour setting is incoherent, so WM is raised to this.
SETTING_WM: Mapping[LevelOfCare, LevelOfCare] = MappingProxyType(
    {
        L.RESIDENTIAL_LOW: L.WM_RESIDENTIAL,
        L.RESIDENTIAL_POPULATION_SPECIFIC: L.WM_RESIDENTIAL,
        L.RESIDENTIAL_HIGH: L.WM_RESIDENTIAL,
        L.INPATIENT_MONITORED: L.WM_INPATIENT_MONITORED,
        L.INPATIENT_MANAGED: L.WM_INPATIENT_MANAGED,
    }
)


def is_24_hour_plan(level: LevelOfCare, withdrawal_management: LevelOfCare | None) -> bool:
    """True when a plan is cared for around the clock: a 24-hour treatment level (:data:`SETTING_WM`) or residential
    or inpatient withdrawal management first.  There a home mitigation of a withdrawal risk does not apply, and the
    plan is never called ambulatory (iopkit's own rule).

    Parameters
    ----------
    level : LevelOfCare
        The treatment level.
    withdrawal_management : LevelOfCare or None
        Its withdrawal-management level.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_24_hour_plan(LevelOfCare.IOP, LevelOfCare.WM_AMBULATORY_EXTENDED)
    False
    >>> is_24_hour_plan(LevelOfCare.IOP, LevelOfCare.WM_INPATIENT_MONITORED)
    True
    """
    return level in SETTING_WM or withdrawal_management in _WM_24H


#: The rule table, as data: one row per dimension and rating (6 x 5 rows).
RULES: tuple[Rule, ...] = (
    Rule(1, 0, None, None, "no withdrawal risk: no withdrawal management", _GRID),
    Rule(1, 1, L.OP, L.WM_AMBULATORY, "mild withdrawal, safe at home: ambulatory WM, then at least Level 1", _AFTER_WM),
    Rule(
        1,
        2,
        L.OP,
        L.WM_AMBULATORY_EXTENDED,
        "moderate withdrawal: ambulatory WM with extended on-site monitoring, then at least Level 1",
        _AFTER_WM,
    ),
    Rule(
        1,
        3,
        L.OP,
        L.WM_INPATIENT_MONITORED,
        "severe withdrawal needing 24-h nursing: medically monitored inpatient WM, then at least Level 1 "
        "(reassess after WM)",
        _AFTER_WM,
    ),
    Rule(
        1,
        4,
        L.INPATIENT_MANAGED,
        L.WM_INPATIENT_MANAGED,
        "imminent danger (e.g. seizures, delirium): medically managed care or emergency referral",
        "asam2013; asam_awm2020",
    ),
    Rule(2, 0, L.EARLY_INTERVENTION, None, _NONE, _GRID),
    Rule(2, 1, L.OP, None, "stable condition, managed alongside outpatient care", _GRID),
    Rule(2, 2, L.IOP, None, "condition distracts from recovery but is manageable outside 24-h care", _GRID),
    Rule(2, 3, L.INPATIENT_MONITORED, None, "condition needs 24-h medical monitoring", _GRID),
    Rule(2, 4, L.INPATIENT_MANAGED, None, "imminent danger: medically managed care or emergency referral", _ANCHOR),
    Rule(3, 0, L.EARLY_INTERVENTION, None, _NONE, _GRID),
    Rule(3, 1, L.OP, None, "mild symptoms, stable", _GRID),
    Rule(3, 2, L.IOP, None, "mild-to-moderate symptoms needing structured care several days a week", _GRID),
    Rule(3, 3, L.RESIDENTIAL_HIGH, None, "symptoms needing a 24-h structured setting", _GRID),
    Rule(
        3,
        4,
        L.INPATIENT_MANAGED,
        None,
        "imminent danger (e.g. active suicidal intent): emergency referral, medically managed care",
        _ANCHOR,
    ),
    Rule(4, 0, L.EARLY_INTERVENTION, None, _NONE, _OURS),
    Rule(4, 1, L.OP, None, "ambivalent but engaged: motivational work in outpatient care", _OURS),
    Rule(4, 2, L.OP, None, "low readiness: motivational strategies, outpatient", _OURS),
    Rule(4, 3, L.IOP, None, "not ready, needs frequent structured motivational contact", _OURS),
    Rule(4, 4, L.RESIDENTIAL_HIGH, None, "unable to follow through, with imminent danger: 24-h structure", _OURS),
    Rule(5, 0, L.EARLY_INTERVENTION, None, _NONE, _OURS),
    Rule(5, 1, L.OP, None, "some relapse risk, coping skills in place", _OURS),
    Rule(5, 2, L.IOP, None, "likely relapse without close monitoring several days a week", _OURS),
    Rule(5, 3, L.PHP, None, "continued use despite treatment: near-daily structure", _OURS),
    Rule(5, 4, L.RESIDENTIAL_HIGH, None, "unable to control use, with imminent danger: 24-h structure", _OURS),
    Rule(6, 0, L.EARLY_INTERVENTION, None, _NONE, _OURS),
    Rule(6, 1, L.OP, None, "environment mostly supportive", _OURS),
    Rule(6, 2, L.IOP, None, "environment unsupportive; needs frequent support to cope", _OURS),
    Rule(6, 3, L.RESIDENTIAL_LOW, None, "environment undermines recovery: 24-h supportive structure", _OURS),
    Rule(6, 4, L.RESIDENTIAL_HIGH, None, "environment dangerous (e.g. violence): immediate separation", _OURS),
)
_RULE = {(row.dimension, row.rating): row for row in RULES}

#: The 4th edition integrates withdrawal management into the continuum (the separate WM levels removed; ASAM
#: Criteria, 4th ed., 2023, from secondary summaries): the table says so in its words, never the 3rd edition's.
_FOURTH_ROUTING = (
    "dimension 1 (withdrawal) sets the withdrawal management (WM), part of the level in the 4th edition (the WM "
    "column: the level that provides it);"
)
#: The 24-hour settings' own WM in the 4th edition: clinically managed WM is folded into the residential levels
#: (3.1/3.5 manage mild withdrawal within the level), 3.7 and 4 are medically managed. iopkit still routes a
#: 3rd-edition 3.2-WM need (clinically managed residential WM, retired) upward to 3.7 (levels.FOURTH_EDITION), tagged
#: as its own inference.
_FOURTH_SETTING_WM = (
    "in a 24-hour setting WM is at least the setting's own (3.1/3.5: within the level, clinically managed, mild "
    "withdrawal [inferred]; {monitored}; {managed}); a 3rd-edition clinically managed residential WM need is shown "
    "as 3.7 [3.1-3.5 -> 3.7: iopkit's upward inference];"
)
#: A rule's 3rd-edition words and the 4th edition's for them (3.7 is medically managed residential).
_FOURTH_WORDS = (("medically monitored inpatient WM", "medically managed residential WM (3.7)"),)


def rules(*, edition: Edition | str = Edition.THIRD) -> str:
    """The rule table as text a clinician can read (levels in the 3rd or 4th edition).

    Parameters
    ----------
    edition : Edition or str
        ``"3rd"`` (default) or ``"4th"``: which edition's level numbers the table shows.

    Returns
    -------
    str
        The rules, one line per dimension and rating, with the short citation of each.

    Raises
    ------
    PlacementInputError
        An edition other than ``"3rd"`` or ``"4th"``.

    Examples
    --------
    >>> print(rules().splitlines()[9].split(" (")[0])
    D1  0 none             -          -        no withdrawal risk: no withdrawal management
    """

    def code(level: LevelOfCare | None) -> str:
        if level is None:
            return "-"
        return describe(level, edition=edition).split(" (")[0].removeprefix("Level ")

    own = (
        (f"{code(L.RESIDENTIAL_LOW)}-{code(L.RESIDENTIAL_HIGH)}", L.RESIDENTIAL_LOW),
        (code(L.INPATIENT_MONITORED), L.INPATIENT_MONITORED),
        (code(L.INPATIENT_MANAGED), L.INPATIENT_MANAGED),
    )
    third = edition == Edition.THIRD
    lines = [
        "iopkit placement rules (ASAM-informed: our own open table, not ASAM text)",
        "Level = the most intensive level any dimension requires (never an average);",
        "dimension 1 (withdrawal) is routed to a withdrawal-management (WM) level separately;"
        if third
        else _FOURTH_ROUTING,
        f"a WM need also requires at least Level {code(L.OP)} treatment after WM (iopkit's own rule);",
        # in the edition's own numbers, so a 4th-edition table never names a 3rd-edition "3.7-WM"
        "in a 24-hour setting WM is at least the setting's own ("
        + "; ".join(f"{levels}: {code(SETTING_WM[setting])}" for levels, setting in own)
        + ");"
        if third
        else _FOURTH_SETTING_WM.format(
            monitored=code(SETTING_WM[L.INPATIENT_MONITORED]), managed=code(SETTING_WM[L.INPATIENT_MANAGED])
        ),
        # the floor recommend() applies under a high risk of complicated withdrawal (decision._wm_for_setting)
        "under a high risk of complicated withdrawal (a past withdrawal seizure or delirium tremens, a PAWSS of 4 or "
        f"more, possible withdrawal delirium) WM in a 24-hour setting is at least {code(L.WM_INPATIENT_MONITORED)}, "
        f"{'medically monitored' if third else 'medically managed residential'} (iopkit's own rule, after the ASAM "
        "2020 alcohol withdrawal guideline);",
        # WM follows dimension 1 alone, whatever level the others give (recommendation.wm_follows_dimension_1: R14
        # must-fix 2 for dimensions 4-6 rated 4, generalised by R16 must-fix 5)
        "where another dimension gives a 24-hour level below Level 4 withdrawal is managed in that setting, never WM "
        "first for dimension 1 rated 0-2: rated 0 or 1 no WM of its own, rated 2 the setting's own WM alongside the "
        f"level; rated 3, or a high risk of complicated withdrawal, {code(L.WM_INPATIENT_MONITORED)} first (iopkit's "
        "own rule, after ASAM 2013: WM follows dimension 1);",
        "weekly clinical hours are never fewer than any one dimension needs (iopkit's own rule).",
        f"{'Dim':3} {'Rating':18} {'Level':10} {'WM':8} Rule (source)",
    ]
    if not third:
        lines.insert(
            3,
            "Levels in 4th-edition numbers (ASAM Criteria, 4th ed., 2023): the mapping from the "
            "3rd edition rests on published secondary sources, not the licensed text; check it "
            "against your own copy of the Criteria.",
        )
    for row in RULES:
        rating = f"{row.rating} {RATINGS[row.rating]}"
        rule = row.rule
        for words, fourth in () if third else (*_FOURTH_WORDS, ("at least Level 1", f"at least Level {code(L.OP)}")):
            rule = rule.replace(words, fourth)  # the outpatient level by the edition's own number (4th: 1.5)
        lines.append(
            f"D{row.dimension:<2} {rating:18} {code(row.level):10} {code(row.withdrawal_management):8} "
            f"{rule} ({in_words(row.source)})"
        )
    return "\n".join(lines)
