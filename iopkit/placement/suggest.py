"""Suggested dimension ratings from instrument scores; the clinician's rating always decides.

A suggestion cites the score behind it. Pass the result of :func:`suggest_dimensions`
to :func:`iopkit.placement.recommend` as ``suggested=``: the recommendation's basis then
records the suggestion next to the clinician's rating, and every safety flag of the
scores reaches the recommendation.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from .._validate import is_bool, whole_number
from ..entry import clinic_clock, clinic_time, clinical_day, local_time
from ..errors import IopkitError, PlacementInputError
from ..flags import (
    ANY_DOSE_NAMED,
    CALL_FOR_ASSESSMENT,
    COWS_COMPLICATING,
    DECLINES_NOT_DRIVING,
    DECLINES_TRANSFER,
    DELIRIUM_SCREEN,
    NOT_AMBULATORY,
    OPIOID_AGONISTS,
    SEVERE_ALCOHOL_STEP,
    STAFF_STAY,
    SUICIDE_RISK_CALLS,
    CallsFor,
    Flag,
    MedicalReview,
    Severity,
)
from ..sources import OWN_RULE as _OWN_KEY
from ..sources import joined

__all__ = [
    "CIWA_BAND_RANK",
    "FACTS",
    "FLAG_FLOORS",
    "FLAG_ROUTES",
    "MITIGATED",
    "IF_CONFIRMED",
    "NOT_RESCORED",
    "NOT_WITHOUT_MONITORING",
    "POSSIBLE_DELIRIUM",
    "SAME_DAY_DELIRIUM",
    "SAME_DAY_NOTE",
    "SAME_DAY_OPEN",
    "SAME_DAY_STILL_STANDS",
    "IF_STILL_SEVERE",
    "SEIZURE_SINCE",
    "SEIZURE_OR_CONFUSION_SINCE",
    "SEVERE_OR_SEIZURE_STEP",
    "HALLUCINATING",
    "DISORIENTED",
    "NO_DRIVING_UNTIL_NO_DELIRIUM",
    "COMPLICATED_OF_ANOTHER_DAY",
    "IF_TRANSFERRED_ASK",
    "asked_at_handover",
    "transfer_arranged",
    "complicated_rescore",
    "doses_named",
    "conditional_transfer",
    "rescore_step",
    "PAWSS_HIGH_RISK",
    "RISK_NOT_ASSESSED",
    "ASSESS_WITHDRAWAL_RISK",
    "IF_HIGH_RISK",
    "PAWSS_NOT_SCORED",
    "SCORE_PAWSS",
    "FIRST_DOSE",
    "rating_called_for",
    "severe_band_words",
    "SEVERE_STEP",
    "SEVERE_EMERGENCY",
    "SAFETY_FLOOR",
    "STILL_STANDS",
    "dated_back",
    "Banded",
    "said_now",
    "suggested_from_now",
    "delirium_history",
    "SUGGESTION_RULES",
    "Suggestion",
    "SuggestionRule",
    "rates_signs_now",
    "risk_not_assessed",
    "risk_step",
    "severe_today",
    "same_day_delirium",
    "severe_signs",
    "signs_of_another_day",
    "suggest_dimensions",
]

#: Source key of iopkit's own rules (no published source gives them): review them locally.
OWN_RULE = _OWN_KEY
_OURS = OWN_RULE


@dataclass(frozen=True)
class Banded:
    """A CIWA-Ar score's total, the id of its banding scheme and its band, kept beside the words of the suggestion it
    is behind (:attr:`Suggestion.banded`), so the headline reads them as data, never out of the words a clinician
    reads (the words name the scheme, never its id: :attr:`said`).

    Parameters
    ----------
    total : float
        The score's total.
    scheme : str
        The id of the banding scheme the score used (``"sullivan_1989"``, ``"asam_2020"``).
    band : str
        The band's label on that scheme (``"moderate"``).
    """

    total: float
    scheme: str
    band: str

    @property
    def said(self) -> str:
        """The total and its band in the clinic's words, the scheme by its name as the headline names it ("iopkit's
        default" for the instrument's default scheme, "ASAM 2020's" for the ASAM 2020 guideline's): "total 10:
        moderate on iopkit's default bands".

        Examples
        --------
        >>> Banded(10, "sullivan_1989", "moderate").said
        "total 10: moderate on iopkit's default bands"
        >>> Banded(24, "asam_2020", "severe").said
        "total 24: severe on ASAM 2020's bands"
        """
        from ..instruments import get

        schemes = get("ciwa_ar").schemes
        own = next((s for s in schemes if s.id == self.scheme), None)
        named = _scheme_name(own, schemes[0]) if own is not None else "its scheme's"
        return f"total {self.total:g}: {self.band.replace('_', ' ')} on {named} bands"

    def to_dict(self) -> dict:
        """This value as a JSON-able dict (read back by ``Banded(**d)``)."""
        return {"total": self.total, "scheme": self.scheme, "band": self.band}


#: How a suggestion saved before :class:`Banded` gave a CIWA-Ar's total, scheme id and band in its reason ("total 10;
#: scheme sullivan_1989, band moderate"; the first version wrote "total 10; sullivan_1989 band moderate"): read once,
#: when it is read back (:meth:`Suggestion.from_dict`, :func:`suggested_from_now`), and said in words
#: (:attr:`Banded.said`), so an old record never shows the scheme's id. A scheme id is a name and a number
#: (``sullivan_1989``, ``asam_2020``, ``severe_16``).
_SAVED_BANDED = re.compile(
    r"total (?P<total>\d+(?:\.\d+)?); (?:scheme )?(?P<scheme>[a-z][a-z_]*_\d+),? band (?P<band>[a-z_]+)"
)


def said_now(words: str) -> tuple[str, Banded | None]:
    """Words saved before :class:`Banded` (a suggestion's reason, a basis's :attr:`suggested_from`) as they are said
    now: a CIWA-Ar's total, scheme id and band (:data:`_SAVED_BANDED`) said by the scheme's name
    (:attr:`Banded.said`), with what they name as data; other words as they are.

    Parameters
    ----------
    words : str
        The words as saved.

    Returns
    -------
    tuple of (str, Banded or None)
        The words as said now, and the total, scheme and band they gave (``None``: they gave none).

    Examples
    --------
    >>> said_now("CIWA-Ar moderate band (total 10; scheme sullivan_1989, band moderate)")[0]
    "CIWA-Ar moderate band (total 10: moderate on iopkit's default bands)"
    >>> said_now("CIWA-Ar moderate band (total 10: moderate on iopkit's default bands)")[1] is None
    True
    """
    saved = _SAVED_BANDED.search(words)
    if saved is None:
        return words, None
    banded = Banded(float(saved["total"]), saved["scheme"], saved["band"])
    return words.replace(saved[0], banded.said), banded


def suggested_from_now(saved: str | None) -> str | None:
    """A dimension's basis's ``suggested_from`` (``"<what it came from>: <reason>"``,
    :attr:`~iopkit.placement.recommendation.DimensionBasis.suggested_from`) as saved, in the words a new
    recommendation says it: what it came from by its name ("CIWA-Ar", never ``ciwa_ar``: walk24 finding 6), a
    CIWA-Ar's banding scheme by its name, never its id (:func:`said_now`). Read when a recommendation is read back.

    Parameters
    ----------
    saved : str or None
        As saved (``None``: no suggestion for the dimension).

    Returns
    -------
    str or None

    Examples
    --------
    >>> suggested_from_now("ciwa_ar: CIWA-Ar severe band (total 24; scheme asam_2020, band severe)")
    "CIWA-Ar: CIWA-Ar severe band (total 24: severe on ASAM 2020's bands)"
    """
    if saved is None:
        return None
    from ..records import short_name  # the definitions, when a saved record is read back

    head, sep, reason = str(saved).partition(": ")
    return f"{short_name(head)}{sep}{said_now(reason)[0]}" if sep else said_now(head)[0]


@dataclass(frozen=True)
class Suggestion:
    """A rating suggested from a score or fact, with the score behind it.

    Parameters
    ----------
    dimension : int
        The dimension (1..6) the suggestion is for.
    rating : int
        The suggested rating, 0..4.
    reason : str
        Why, in plain words (the rule's meaning and the value behind it).
    source : str
        The bibliography keys of the rule (``iopkit`` where the mapping is iopkit's own).
    from_score : str
        What it was suggested from: an instrument code, or a fact (``"readiness"``,
        ``"seizure_or_delirium"``, ``"withdrawal risk"``, ``"open flag"``).
    flags : tuple of Flag
        The flags of the scores behind it, which travel to the recommendation.
    earlier : tuple of (str, str, date)
        Each of ``flags`` raised on a score of another day than the placement's (the latest score of its instrument,
        or an older open flag whose note names its day): its code, message and that day. The handover to a receiving
        team names the day of such a finding, never "today's" (physician review R3, session 11, must-fix 5). Empty
        (default): every flag is of the placement's day. Such a flag carries its day itself too
        (:attr:`~iopkit.flags.Flag.day`, :func:`suggest_dimensions`), which its words say
        (:attr:`~iopkit.flags.Flag.said`); ``earlier`` stays, read by the headline, for a suggestion saved before.
    banded : Banded or None
        The total, banding scheme and band of the CIWA-Ar score behind it, where its reason says them
        (:attr:`Banded.said`): the headline names a severe band with its scheme from this, never from the reason's
        words (:func:`severe_band_words`). ``None`` (default) for any other suggestion.
    totals_today : tuple of (str, float)
        The total of each withdrawal-sign score of the placement's day behind it (CIWA-Ar, COWS: instrument code and
        total), which its reason says ("(total 7)", or a higher rule's note "COWS of today: total 7"): the headline
        reads them as data (:func:`total_today`), never out of the words. Empty (default): none, or a score of another
        day (its signs are not today's). A suggestion saved before carries them in its words only, read once when it
        is read back (:meth:`from_dict`).
    """

    dimension: int
    rating: int
    reason: str
    source: str
    from_score: str
    flags: tuple[Flag, ...] = ()
    earlier: tuple[tuple[str, str, dt.date], ...] = ()
    banded: Banded | None = None
    totals_today: tuple[tuple[str, float], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "flags", tuple(self.flags))
        object.__setattr__(self, "earlier", tuple(tuple(e) for e in self.earlier))
        object.__setattr__(self, "totals_today", tuple((str(i), float(t)) for i, t in self.totals_today))

    def to_dict(self) -> dict:
        """This suggestion as a JSON-able dict (read back by ``from_dict``).

        Returns
        -------
        dict
        """
        out = {**vars(self), "flags": [f.to_dict() for f in self.flags]}
        del out["earlier"], out["banded"], out["totals_today"]
        if self.earlier:  # only where a flag is of another day: the saved form of today's suggestions is unchanged
            out["earlier"] = [[code, message, day.isoformat()] for code, message, day in self.earlier]
        if self.banded is not None:  # only behind a CIWA-Ar score
            out["banded"] = self.banded.to_dict()
        if self.totals_today:  # only behind a CIWA-Ar or COWS of the placement's day
            out["totals_today"] = [[instrument, total] for instrument, total in self.totals_today]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Suggestion:
        """Rebuild what :meth:`to_dict` wrote (also after a JSON round trip).

        Parameters
        ----------
        data : mapping
            What :meth:`to_dict` wrote.

        Returns
        -------
        Suggestion

        Raises
        ------
        InvalidValueError
            A flag with a severity or ``calls_for`` outside its set (from :class:`~iopkit.flags.Flag`).
        TypeError
            A missing or unknown field (not an iopkit error).
        """
        earlier = tuple((c, m, dt.date.fromisoformat(d)) for c, m, d in data.get("earlier", ()))
        flags = dated_back((Flag.from_dict(f) for f in data.get("flags", ())), earlier)
        banded, reason = data.get("banded"), str(data.get("reason", ""))
        if banded is None:  # saved before Banded: its words, no id (said_now)
            reason, banded = said_now(reason)
        else:
            banded = Banded(**banded)
        totals = data["totals_today"] if "totals_today" in data else _totals_in_words(data, reason)
        return cls(
            **{**data, "reason": reason, "flags": flags, "earlier": earlier, "banded": banded, "totals_today": totals}
        )


def dated_back(flags: Iterable[Flag], earlier: Iterable[tuple[str, str, dt.date]]) -> tuple[Flag, ...]:
    """``flags`` read back from a suggestion or recommendation saved before a flag carried its day
    (:attr:`~iopkit.flags.Flag.day`), each of another day (``earlier``, :attr:`Suggestion.earlier`: code, message
    and day) with that day, so its words say it (:attr:`~iopkit.flags.Flag.said`); a flag with a day keeps it.

    Parameters
    ----------
    flags : iterable of Flag
        The flags as read back.
    earlier : iterable of (str, str, date)
        The suggestions' flags of another day than the placement's.

    Returns
    -------
    tuple of Flag

    Examples
    --------
    >>> old = Flag("suicidal_ideation", "PHQ-9 item 9", "critical")
    >>> [f.said for f in dated_back([old], [("suicidal_ideation", "PHQ-9 item 9", dt.date(2026, 11, 20))])]
    ['PHQ-9 item 9 (flag of 20 Nov 2026)']
    """
    days = {(code, message): day for code, message, day in earlier}
    return tuple(f.of_day(days.get((f.code, f.message))) for f in flags)


@dataclass(frozen=True)
class SuggestionRule:
    """A score range (inclusive) or band of one instrument that suggests a rating.

    Parameters
    ----------
    instrument : str
        The instrument code (``"readiness"`` for the readiness ruler).
    dimension : int
        The dimension (1..6) it suggests a rating for.
    low : float
        The lowest value the rule covers (inclusive): a total, or a band's rank where the table is
        keyed on bands (CIWA-Ar, C-SSRS, BAM; see :data:`SUGGESTION_RULES`).
    high : float
        The highest value the rule covers (inclusive; ``inf``: no upper bound).
    rating : int
        The suggested rating, 0..4.
    meaning : str
        What the range means, in plain words.
    source : str
        The bibliography keys of the rule (``iopkit`` where the mapping is iopkit's own).
    """

    instrument: str
    dimension: int
    low: float
    high: float
    rating: int
    meaning: str
    source: str


_INF = float("inf")
#: CIWA-Ar is keyed on the band of the banding scheme the score used (every scheme iopkit ships starts at
#: "mild"), so the suggestion and the score's flags never disagree. No scheme has a "no withdrawal" band
#: (COWS has one: under 5), so only a total of 0, every item at its "not present" anchor, suggests 0.
CIWA_BAND_RANK: Mapping[str, int] = MappingProxyType({"mild": 1, "moderate": 2, "severe": 3})
_AWM = "asam_awm2020; iopkit"
_OUD = "cows_wesson2003; asam_npg2020; iopkit"  # the COWS bands are Wesson & Ling's
_RISK = "cssrs_screener_triage; joint_commission_npsg15; iopkit"
#: Score -> suggested rating table. ``low``/``high`` bound the total (CIWA-Ar: 0 for a total of 0, else
#: the rank in :data:`CIWA_BAND_RANK`; C-SSRS: the band's triage rank 0 none, 1 low, 2 moderate, 3 high;
#: BAM: the number of clinically significant subscales; readiness: the 0-10 ruler value). ``source`` holds
#: bibliography keys (:mod:`iopkit.sources`): the guideline behind the mapping, or ``iopkit`` where the
#: mapping from a band to a rating is iopkit's own. The band itself comes from the instrument's definition.
#: Screens (AUDIT, DAST-10) suggest only from the ranges their authors tie to specialist treatment or
#: further assessment: a low screen is not evidence of low relapse potential, so it suggests nothing.
SUGGESTION_RULES: tuple[SuggestionRule, ...] = (
    SuggestionRule("ciwa_ar", 1, 0, 0, 0, "CIWA-Ar 0: no withdrawal sign present", _AWM),
    SuggestionRule(
        "ciwa_ar",
        1,
        1,
        1,
        1,
        "CIWA-Ar above 0, mild band: current withdrawal signs mild (severity "
        "only; the total alone does not decide the setting)",
        _AWM,
    ),
    SuggestionRule(
        "ciwa_ar",
        1,
        2,
        2,
        2,
        "CIWA-Ar moderate band: current withdrawal signs moderate (severity "
        "only; the total alone does not decide the setting)",
        _AWM,
    ),
    SuggestionRule(
        "ciwa_ar",
        1,
        3,
        3,
        3,
        "CIWA-Ar severe band: current withdrawal signs severe, inpatient withdrawal management",
        _AWM,
    ),
    SuggestionRule("cows", 1, 0, 4, 0, "COWS under 5: no significant opioid withdrawal", _OUD),
    SuggestionRule("cows", 1, 5, 12, 1, "COWS 5-12: mild opioid withdrawal, ambulatory management", _OUD),
    SuggestionRule(
        "cows",
        1,
        13,
        _INF,
        2,
        f"COWS 13 or more: moderate or worse opioid withdrawal, usually managed ambulatory with "
        f"{OPIOID_AGONISTS} and extended on-site monitoring; inpatient only for complicating "
        "conditions (the clinician's rating)",
        f"{_OUD}; cfr_1306_07",
    ),
    SuggestionRule("phq9", 3, 0, 4, 0, "PHQ-9 0-4: minimal depression", _OURS),
    SuggestionRule("phq9", 3, 5, 9, 1, "PHQ-9 5-9: mild depression", _OURS),
    SuggestionRule("phq9", 3, 10, _INF, 2, "PHQ-9 10 or more: moderate or worse depression", _OURS),
    SuggestionRule("gad7", 3, 0, 4, 0, "GAD-7 0-4: minimal anxiety", _OURS),
    SuggestionRule("gad7", 3, 5, 9, 1, "GAD-7 5-9: mild anxiety", _OURS),
    SuggestionRule(
        "gad7", 3, 10, _INF, 2, "GAD-7 10 or more: moderate or severe anxiety", "spitzer2006_cutoff; iopkit"
    ),
    SuggestionRule("pcl5", 3, 0, 0, 0, "PCL-5 0: no PTSD symptoms", _OURS),
    SuggestionRule("pcl5", 3, 1, 32, 1, "PCL-5 1-32: symptoms below the provisional PTSD cut-point", _OURS),
    SuggestionRule("pcl5", 3, 33, _INF, 2, "PCL-5 33 or more: provisional PTSD", "ncptsd_using_pcl5; iopkit"),
    SuggestionRule(
        "cssrs_screen", 3, 0, 0, 0, "C-SSRS screen: no ideation or behaviour", "cssrs_screener_triage; iopkit"
    ),
    SuggestionRule(
        "cssrs_screen", 3, 1, 1, 1, "C-SSRS screen low risk: evaluation by a behavioural-health provider", _RISK
    ),
    SuggestionRule(
        "cssrs_screen",
        3,
        2,
        2,
        2,
        "C-SSRS screen moderate risk (e.g. a suicide attempt more than 3 "
        "months ago): same-day risk assessment and safety plan; the assessment, not the screen, "
        "decides any 24-hour care",
        _RISK,
    ),
    SuggestionRule(
        "cssrs_screen",
        3,
        3,
        3,
        4,
        "C-SSRS screen high risk: immediate safety action, same-day emergency evaluation",
        _RISK,
    ),
    SuggestionRule(
        "audit",
        5,
        16,
        19,
        1,
        "AUDIT 16-19 (zone III): brief counselling and continued monitoring",
        "who_audit2001; iopkit",
    ),
    SuggestionRule(
        "audit",
        5,
        20,
        40,
        2,
        "AUDIT 20-40 (zone IV): possible dependence, referral for specialist diagnostic evaluation and treatment",
        "who_audit2001; iopkit",
    ),
    SuggestionRule(
        "dast10", 5, 3, 5, 1, "DAST-10 3-5: moderate problems, further investigation", "skinner1982_guidelines; iopkit"
    ),
    SuggestionRule(
        "dast10",
        5,
        6,
        10,
        2,
        "DAST-10 6-10: substantial or severe problems, intensive assessment",
        "skinner1982_guidelines; iopkit",
    ),
    SuggestionRule("bam", 5, 0, 0, 1, "BAM: no clinically significant subscale", _OURS),
    SuggestionRule("bam", 5, 1, 1, 2, "BAM: one clinically significant subscale", _OURS),
    SuggestionRule("bam", 5, 2, 3, 3, "BAM: two or three clinically significant subscales", _OURS),
    SuggestionRule("readiness", 4, 9, 10, 0, "readiness ruler 9-10", _OURS),
    SuggestionRule("readiness", 4, 7, 8, 1, "readiness ruler 7-8", _OURS),
    SuggestionRule("readiness", 4, 4, 6, 2, "readiness ruler 4-6", _OURS),
    SuggestionRule("readiness", 4, 0, 3, 3, "readiness ruler 0-3", _OURS),
)
#: A critical suicide-risk finding on a score (not a blank question's worst case, ``Flag.worst_case``: that
#: only travels, asking the question now) raises dimension 3's suggestion to at least this rating (the
#: same-day risk assessment then decides; the flag travels with the suggestion). No such floor for
#: dimension 1: withdrawal severity is rated from the band, and complicated withdrawal from its flag code.
SAFETY_FLOOR: Mapping[int, tuple[int, str, str]] = MappingProxyType(
    {
        3: (2, "critical suicide-risk flag on the score (e.g. PHQ-9 item 9): assess suicide risk today", _RISK),
    }
)
#: Flag codes that set a dimension's suggestion whatever the score's total: code -> (dimension, rating,
#: why, source). Complicated withdrawal (severe hallucinations, disorientation, seizures, delirium) needs
#: medically managed inpatient withdrawal management (4-WM) whatever the CIWA-Ar total.
FLAG_FLOORS: Mapping[str, tuple[int, int, str, str]] = MappingProxyType(
    {
        "complicated_withdrawal": (
            1,
            4,
            (
                "complicated withdrawal (possible delirium): medically managed inpatient "
                "withdrawal management whatever the total"
            ),
            "asam_awm2020; asam2013",
        ),
        # Inattention (CIWA-Ar item 10 at 1), an early sign of delirium, on a low total: the CIWA-Ar is to be
        # re-scored within the hour while delirium is screened, which needs extended on-site monitoring
        # (ambulatory WM with extended on-site monitoring, dimension 1 rated 2); iopkit's own rule, on the
        # item's anchors (Sullivan 1989) and the CAM (Inouye 1990).
        "possible_inattention": (
            1,
            2,
            (
                "inattention (CIWA-Ar item 10 at 1), an early sign of delirium: on-site monitoring while "
                "delirium is screened and the CIWA-Ar re-scored within 1 hour, whatever the total"
            ),
            "ciwa_sullivan1989; cam_inouye1990; iopkit",
        ),
    }
)
_DIMENSION_OF = {rule.instrument: rule.dimension for rule in SUGGESTION_RULES}
#: A safety flag reaches the dimension its call concerns whatever instrument raised it (a withdrawal sign on
#: the AUDIT, DAST-10, CAGE-AID or DSM-5 count reaches dimension 1; a suicide-risk flag dimension 3): where no
#: other suggestion for that dimension carries it, it suggests at least this rating, with why (iopkit's own
#: rule: the sign is a potential to assess, not a measured severity; the clinician rates it).
FLAG_ROUTES: Mapping[CallsFor, tuple[int, int, str, str]] = MappingProxyType(
    {
        # what to assess is the sign's own next step (per substance, iopkit.instruments WITHDRAWAL_ASSESSMENTS;
        # a re-score for a CIWA-Ar or COWS of another day), named after the sign (_routed), with the sign's own
        # sources (_route_sources); these are said only for a sign that carries none
        CallsFor.MEDICAL_REVIEW: (
            1,
            1,
            "withdrawal potential: assess withdrawal as the sign calls for before rating dimension 1",
            "asam_awm2020; iopkit",
        ),
        CallsFor.RISK_ASSESSMENT: (3, 1, "suicide or self-harm risk: assess it today before rating dimension 3", _RISK),
        CallsFor.EMERGENCY_EVALUATION: (
            3,
            2,
            "high suicide risk: emergency evaluation before rating dimension 3",
            _RISK,
        ),
    }
)
#: Codes of the BAM flags that mark a clinically significant subscale; their thresholds live in the BAM
#: definition (Use >= 1, Risk >= 12, Protective <= 12), so they are not written twice.
BAM_CONCERNS = ("substance_use", "high_risk_factors", "low_protective_factors")
_CSSRS_RANK = {"no_risk": 0, "low_risk": 1, "moderate_risk": 2, "high_risk": 3}
#: The facts :func:`suggest_dimensions` takes besides scores (its keyword parameters), and what they mean.
FACTS: Mapping[str, str] = MappingProxyType(
    {
        "readiness": "readiness ruler value 0..10",
        "seizure_or_delirium": "withdrawal seizures or delirium now or in this episode",
        "prior_withdrawal_seizure_or_dt": "ever had a withdrawal seizure or delirium tremens "
        "(True/False; None: not asked)",
        "pawss": "PAWSS total 0..10 (4 or more: high risk of complicated alcohol withdrawal; None: not scored)",
        "withdrawal_risk_mitigated": "the clinician's reason a high withdrawal risk is managed without 24-hour care",
        "withdrawal_delirium_on": "when this episode's saved CIWA-Ar scores with hallucinations or disorientation "
        "were taken (dates or datetimes; possible withdrawal delirium), resolved or not",
    }
)
#: PAWSS at or above this total marks high risk of complicated alcohol withdrawal (Maldonado et al. 2014).
PAWSS_HIGH_RISK = 4
_RISK_SOURCE = "asam_awm2020; pawss_maldonado2014; asam2013"
#: What the flag of a high withdrawal risk says once the clinician has recorded why it is managed without 24-hour
#: care (followed by the reason); the headline reads it as a mitigation still to review.
MITIGATED = "the clinician records the risk as mitigated"
#: Appended to dimension 1's suggestion when a CIWA-Ar was given and neither withdrawal-risk fact (ASAM 2020 alcohol
#: withdrawal guideline, Rec II.1, II.5: assess the risk of complicated withdrawal, past seizures or delirium tremens
#: and the PAWSS, before deciding the setting; Rec III.3: the CIWA-Ar reflects current signs and does not decide the
#: setting alone): the marker the headline reads (:func:`risk_not_assessed`).
RISK_NOT_ASSESSED = (
    "withdrawal risk not assessed: ask about past withdrawal seizures or delirium tremens and "
    "score the PAWSS before deciding the setting"
)
#: What a positive result of that assessment calls for (iopkit's rule for a high risk of complicated withdrawal,
#: :func:`suggest_dimensions`: a past withdrawal seizure or delirium tremens, or a PAWSS of 4 or more, Maldonado et al.
#: 2014; 24-hour withdrawal management, 3.7-WM, unless a mitigation is recorded: ASAM 2020 alcohol withdrawal
#: guideline, Rec II.5, III.1), said with the step so a counsellor reading the headline knows what a finding changes.
IF_HIGH_RISK = "3.7-WM unless the reason is recorded"
#: The step the headline names for it (:func:`risk_not_assessed`) where the plan is below medically monitored
#: 24-hour withdrawal management (no withdrawal management, 1-WM, 2-WM or 3.2-WM; not 3.7-WM or 4-WM, which a high
#: risk would call for at most): due before the setting is decided, so today, a review of the same kind as a
#: withdrawal sign's ("Assess withdrawal risk today (...) before planning ambulatory care", AUDIT item 6), with what a
#: positive result calls for (:data:`IF_HIGH_RISK`).
ASSESS_WITHDRAWAL_RISK = (
    "Assess withdrawal risk today (ask about past withdrawal seizures or delirium tremens; score the PAWSS) before "
    f"deciding the setting; if a past seizure or delirium tremens, or a PAWSS of 4 or more: {IF_HIGH_RISK}"
)
#: Appended to dimension 1's suggestion instead where a CIWA-Ar was given, no past withdrawal seizure or delirium
#: tremens was reported (``prior_withdrawal_seizure_or_dt=False``) but no PAWSS was scored: the history is one of the
#: PAWSS's items, not all of it (Maldonado et al. 2014; ASAM 2020 alcohol withdrawal guideline, Rec II.5), so the
#: PAWSS is still asked for (:func:`risk_not_assessed`).
PAWSS_NOT_SCORED = (
    "PAWSS not scored: no past withdrawal seizure or delirium tremens reported; score the PAWSS before deciding the "
    "setting"
)
#: The step the headline names for it, as for :data:`ASSESS_WITHDRAWAL_RISK`.
SCORE_PAWSS = f"Score the PAWSS today before deciding the setting; if 4 or more: {IF_HIGH_RISK}"
#: Each marker of a risk of complicated withdrawal not (fully) assessed, with the headline's step for it.
_RISK_STEPS: Mapping[str, str] = MappingProxyType(
    {RISK_NOT_ASSESSED: ASSESS_WITHDRAWAL_RISK, PAWSS_NOT_SCORED: SCORE_PAWSS}
)


def risk_not_assessed(suggestion: Suggestion | None) -> bool:
    """Whether a suggestion for dimension 1 says the risk of complicated withdrawal was not (fully) assessed
    (:data:`RISK_NOT_ASSESSED`: a CIWA-Ar given without ``prior_withdrawal_seizure_or_dt`` or ``pawss``;
    :data:`PAWSS_NOT_SCORED`: no past seizure or delirium tremens reported, but no PAWSS): the headline then names
    that assessment (:func:`risk_step`) before an ambulatory plan. Read from the reason, so a saved suggestion reads
    the same.

    Parameters
    ----------
    suggestion : Suggestion or None
        A suggestion (``None``: none for dimension 1).

    Returns
    -------
    bool

    Examples
    --------
    >>> ciwa = Suggestion(1, 1, f"CIWA-Ar mild; {RISK_NOT_ASSESSED}", "asam_awm2020", "ciwa_ar")
    >>> risk_not_assessed(ciwa), risk_not_assessed(None)
    (True, False)
    """
    return bool(risk_step(suggestion))


def risk_step(suggestion: Suggestion | None) -> tuple[str, str] | None:
    """The marker a suggestion for dimension 1 carries of a risk of complicated withdrawal not (fully) assessed and
    the headline's step for it (:data:`ASSESS_WITHDRAWAL_RISK`, :data:`SCORE_PAWSS`), else ``None``.

    Parameters
    ----------
    suggestion : Suggestion or None
        A suggestion (``None``: none for dimension 1).

    Returns
    -------
    tuple of (str, str) or None
        The marker (:data:`RISK_NOT_ASSESSED` or :data:`PAWSS_NOT_SCORED`) and the step.

    Examples
    --------
    >>> ciwa = Suggestion(1, 1, f"CIWA-Ar mild; {PAWSS_NOT_SCORED}", "asam_awm2020", "ciwa_ar")
    >>> risk_step(ciwa)[1]
    'Score the PAWSS today before deciding the setting; if 4 or more: 3.7-WM unless the reason is recorded'
    """
    if suggestion is None or suggestion.dimension != 1:
        return None
    return next(((m, step) for m, step in _RISK_STEPS.items() if m in suggestion.reason), None)


#: How dimension 1's suggestion names a withdrawal-sign score of the placement's day (CIWA-Ar, COWS) whose rating a
#: higher suggestion kept (e.g. a high risk of complicated withdrawal): "...; CIWA-Ar of today: total 5", "...; COWS of
#: today: total 7", so the headline can say the signs present today (:func:`total_today`).
CIWA_TODAY = "CIWA-Ar of today: total {total:g}"
COWS_TODAY = "COWS of today: total {total:g}"
#: By instrument: its note under a higher rule, and how its own rule's reason gives the total ("(total 5: mild on ...)",
#: :attr:`Banded.said`; "(total 7)", :func:`_from_rule`; "(value 7)" in a suggestion saved before walk24 finding 6).
_TOTAL_TODAY: Mapping[str, tuple[str, str]] = MappingProxyType(
    {"ciwa_ar": (CIWA_TODAY, "(total "), "cows": (COWS_TODAY, "(total ")}
)
#: How a COWS rule's reason gave its total in a suggestion saved before walk24 finding 6 ("(value 7)"), still read.
_SAVED_TOTAL = "(value "


def total_today(suggestion: Suggestion | None, instrument: str) -> float | None:
    """The total of the CIWA-Ar or COWS (``instrument``) of the placement's day behind dimension 1's suggestion, else
    ``None``: read from the suggestion's typed data (:attr:`Suggestion.totals_today`), whether that score's rule is
    the one kept ("... (total 5: mild on iopkit's default bands)", "... (total 7)") or a higher suggestion notes it
    (:data:`CIWA_TODAY`, :data:`COWS_TODAY`); never a score of another day (its signs are not today's: both scales rate
    the signs present at the time of rating, Sullivan et al. 1989; Wesson & Ling 2003). A suggestion saved before it
    carried them reads them from its words once, when read back (:meth:`Suggestion.from_dict`).

    Parameters
    ----------
    suggestion : Suggestion or None
        A suggestion (``None``: none for dimension 1).
    instrument : str
        ``"ciwa_ar"`` or ``"cows"``.

    Returns
    -------
    float or None

    Examples
    --------
    >>> why = "high risk of complicated withdrawal; CIWA-Ar of today: total 5; COWS of today: total 7"
    >>> risk = Suggestion(1, 3, why, "iopkit", "withdrawal risk", totals_today=(("ciwa_ar", 5), ("cows", 7)))
    >>> total_today(risk, "ciwa_ar"), total_today(risk, "cows"), total_today(None, "cows")
    (5.0, 7.0, None)
    >>> print(total_today(Suggestion(1, 1, "COWS 5-12: mild (total 7)", "iopkit", "cows"), "cows"))  # words alone
    None
    >>> saved = {"dimension": 1, "rating": 1, "reason": "COWS 5-12: mild (value 7)", "source": "iopkit",
    ...          "from_score": "cows"}
    >>> total_today(Suggestion.from_dict(saved), "cows")  # as saved before
    7.0
    """
    if suggestion is None or suggestion.dimension != 1:
        return None
    return dict(suggestion.totals_today).get(instrument)


def _totals_in_words(saved: Mapping[str, Any], reason: str) -> tuple[tuple[str, float], ...]:
    """The totals of today's CIWA-Ar and COWS a suggestion saved before :attr:`Suggestion.totals_today` gave only in
    its words (``reason``; ``saved``: its dict): its own rule's total ("(total 7)", or "(value 7)" as saved before
    walk24 finding 6) unless its score was not re-scored today (:data:`NOT_RESCORED`), a higher rule's note of it
    (:data:`CIWA_TODAY`, :data:`COWS_TODAY`). Read once, when it is read back (:meth:`Suggestion.from_dict`)."""
    if saved.get("dimension") != 1:
        return ()
    found = []
    for instrument, (note, own) in _TOTAL_TODAY.items():
        if saved.get("from_score") == instrument:  # its own rule: today's unless not re-scored
            leads: tuple[str, ...] = () if NOT_RESCORED in reason else (own, _SAVED_TOTAL)
        else:  # a higher rule's note, only ever made of a score of today
            leads = (note.split("{")[0],)
        at = next((m for x in leads if (m := re.search(re.escape(x) + r"(\d+(?:\.\d+)?)\b", reason))), None)
        if at is not None:
            found.append((instrument, float(at[1])))
    return tuple(found)


#: What the headline asks beside the record of an open severe-band flag of another day whose instrument was scored
#: again today (:data:`SIGNS_PAST`), by flag code, where no high risk of complicated withdrawal is known: a severe
#: CIWA-Ar falls within the window in which alcohol withdrawal may become complicated, and a seizure or delirium after
#: it is a past withdrawal seizure or delirium tremens (ASAM 2020 alcohol withdrawal guideline, Rec II.5; PAWSS,
#: Maldonado et al. 2014; iopkit's own wording, physician review).
RECORD_ASKS: Mapping[str, str] = MappingProxyType(
    {"severe_alcohol_withdrawal": "ask whether a seizure or confusion followed it (it counts in the withdrawal risk)"}
)


#: The note a flag of a withdrawal-sign score not taken on the placement's day ends its message with, after the
#: score's day (``"(COWS of 01 Sep 2026, not re-scored today)"``); the headline reads it as where the flag came
#: from (:func:`iopkit.placement.recommendation._origin`).
NOT_RESCORED = "not re-scored today"
#: How the next step of an open withdrawal-sign flag of another day ends where its instrument was scored again on the
#: placement's day (that score is the current one, the old signs past: :func:`signs_of_another_day`): a record only,
#: which the headline names after every review step (:func:`iopkit.placement.recommendation._only_records`).
SIGNS_PAST = "record what was done about this flag"


def rates_signs_now(instrument: str) -> bool:
    """Whether an instrument rates signs present at the time of scoring (its definition's timeframe is
    ``"now"``: CIWA-Ar, COWS), so a score of another day says nothing of today's signs.

    CIWA-Ar and COWS rate what is observed and reported at the time of rating, repeated as serial ratings
    (Sullivan et al. 1989; Wesson & Ling 2003); treatment follows the current score (ASAM 2020 alcohol
    withdrawal guideline, Rec III.3), and a buprenorphine dose without current withdrawal risks precipitated
    withdrawal (ASAM 2020 OUD guideline).

    Parameters
    ----------
    instrument : str
        An instrument code (anything not in the catalogue, e.g. ``"readiness"``: False).

    Returns
    -------
    bool

    Examples
    --------
    >>> rates_signs_now("cows"), rates_signs_now("ciwa_ar"), rates_signs_now("audit")
    (True, True, False)
    """
    from ..errors import UnknownInstrumentError
    from ..instruments import get

    try:
        return get(instrument).timeframe.split(" ", 1)[0] == "now"
    except UnknownInstrumentError:
        return False


def _day(value: Any, name: str) -> dt.date:
    """A date from a date or a datetime (its clinical day, :func:`~iopkit.entry.clinical_day`)."""
    if isinstance(value, dt.date):
        return clinical_day(value)
    raise PlacementInputError(f"{name} must be a date (got {value!r})", item=name, value=value, allowed="dates")


#: The finding a CIWA-Ar complicated-withdrawal flag (hallucinations or disorientation) of another day leaves, its day
#: filled in: one item of hallucinations or disorientation (item 10 at 2: date off by up to 2 days) is *possible*
#: delirium (Sullivan et al. 1989), and a history of complicated withdrawal means withdrawal seizures or delirium
#: (ASAM 2020 alcohol withdrawal guideline, Rec II.5), so the words say "possible" and "if confirmed".
POSSIBLE_DELIRIUM = "possible withdrawal delirium on {day} (CIWA-Ar)"
#: The same finding on an earlier CIWA-Ar of the placement's own day (not its latest score, which is rated as the
#: current score), its day and time filled in (" at 09:00"; "" when only the day is known): the words are saved
#: with the decision and read on later days, so they name the day, never "today" (nor "earlier", which beside an
#: older finding would misstate the order of events).
SAME_DAY_DELIRIUM = "on {day} (CIWA-Ar{at})"
#: What that finding would be, if confirmed (:data:`POSSIBLE_DELIRIUM`).
IF_CONFIRMED = "if confirmed, a history of complicated withdrawal"
#: What a history of complicated withdrawal calls for, iopkit's rule for a high risk of complicated withdrawal
#: (:func:`suggest_dimensions`, ``prior_withdrawal_seizure_or_dt``): never 1-WM; 24-hour withdrawal management
#: (3.7-WM) by default, 2-WM once a mitigation and its medical review are recorded. ASAM 2020 alcohol withdrawal
#: guideline, Rec II.5: a history of alcohol withdrawal delirium or seizure is a risk factor for complicated
#: withdrawal; Rec III.1: ambulatory withdrawal management for patients with limited or mitigated risk factors
#: (Rec VII.8, no history of complicated withdrawal, is the criterion for discharge from the emergency department
#: to ambulatory withdrawal management, not a rule for every setting).
NOT_WITHOUT_MONITORING = (
    "no ambulatory withdrawal management without extended on-site monitoring (1-WM); 24-hour withdrawal management "
    "unless a medical review records a mitigation"
)
#: What a withdrawal sign's flag still calls for on another day, beside its re-score, by flag code (the signs' day
#: filled in): CIWA-Ar hallucinations or disorientation earlier in this episode are possible withdrawal delirium,
#: if confirmed a history of complicated withdrawal (:data:`NOT_WITHOUT_MONITORING`; the history itself reaches the
#: suggestion as a high risk of complicated withdrawal, :func:`suggest_dimensions`). Moderate withdrawal and any
#: COWS flag have nothing that stands: their re-score alone.
STILL_STANDS: Mapping[str, str] = MappingProxyType(
    {"complicated_withdrawal": f"{NOT_WITHOUT_MONITORING} ({POSSIBLE_DELIRIUM}: {IF_CONFIRMED})"}
)
#: What an open CIWA-Ar complicated-withdrawal flag of an earlier score of the placement's own day calls for after
#: its own step (which ends "do not manage as ambulatory withdrawal", :data:`iopkit.flags.NOT_AMBULATORY`), its day
#: and time filled in (``when``: :data:`SAME_DAY_DELIRIUM`, "on 02 Dec 2026 (CIWA-Ar at 09:00)"; saved with the
#: decision, so never "today"). A finding of today is current, not history: confirmed, it is withdrawal delirium
#: (ASAM 2020 alcohol withdrawal guideline, Rec VI.7: close nursing observation, often intensive care), and a later
#: CIWA-Ar score does not exclude it (Rec VI.9: the CIWA-Ar is not used in delirium; delirium fluctuates, DSM-5), so it
#: is screened for (CAM, Inouye et al. 1990; or the 4AT). Once delirium is excluded (or, if confirmed, has resolved),
#: the finding is no history of withdrawal delirium if excluded, but it still counts in this episode as a high risk of
#: complicated withdrawal (Rec II.5), under iopkit's rule for one (:func:`suggest_dimensions`: never 1-WM; 3.7-WM
#: unless a medical review records a mitigation, then 2-WM; Rec III.1).
SAME_DAY_STILL_STANDS = (
    " until the medical review. The later CIWA-Ar does not exclude delirium: screen with CAM or 4AT. If withdrawal "
    "delirium is confirmed or not excluded: medically managed inpatient withdrawal management now (4-WM). Once "
    "delirium is excluded (or, if confirmed, has resolved): the finding {when} still counts as a high risk of "
    "complicated withdrawal in this episode: never 1-WM; 3.7-WM unless a medical review records a mitigation (then "
    "2-WM)."
)
#: What a high risk of complicated withdrawal calls for, recorded as mitigated or not (:func:`suggest_dimensions`).
_MITIGATED_ACTION = (
    "Medical review of the recorded mitigation ({mitigated}) before ambulatory withdrawal management; residential or "
    "inpatient withdrawal management (3.7-WM) if it does not hold"
)
_UNMITIGATED_ACTION = (
    "Medical review before deciding the setting: residential or inpatient withdrawal management (3.7-WM) unless the "
    "risk is mitigated and the reason recorded"
)
#: In a 24-hour (residential or inpatient) plan a home mitigation is moot: withdrawal management there is at least
#: 3.7-WM, mitigated or not (iopkit's rule for a high risk of complicated withdrawal, after the ASAM 2020 alcohol
#: withdrawal guideline, Rec II.5, III.1; :func:`~iopkit.placement.decision._wm_for_setting`).
IN_24H_SETTING = "a home mitigation does not apply in a 24-hour setting (3.7-WM)"
_IN_24H = (
    (
        re.compile(re.escape(_MITIGATED_ACTION).replace(re.escape("{mitigated}"), "(.*?)")),
        rf"Medical review before withdrawal management: the recorded mitigation (\1) is for ambulatory care; "
        rf"{IN_24H_SETTING}",
    ),
    (re.compile(re.escape(_UNMITIGATED_ACTION)), f"Medical review before withdrawal management: {IN_24H_SETTING}"),
    (re.compile(re.escape("3.7-WM unless a medical review records a mitigation (then 2-WM)")), IN_24H_SETTING),
)


def in_24h_setting(action: str) -> str:
    """A high-risk withdrawal flag's next step as it reads in a 24-hour (residential or inpatient) plan: the mitigation
    clauses (a medical review of a home mitigation before ambulatory withdrawal management, "3.7-WM unless ... (then
    2-WM)") replaced by :data:`IN_24H_SETTING`, since withdrawal management there is at least 3.7-WM, mitigated or
    not; any other text unchanged.

    Examples
    --------
    >>> in_24h_setting("Never 1-WM; 3.7-WM unless a medical review records a mitigation (then 2-WM).")
    'Never 1-WM; a home mitigation does not apply in a 24-hour setting (3.7-WM).'
    """
    for pattern, words in _IN_24H:
        action = pattern.sub(words, action)
    return action


#: What the placement page's note of an open flag of an earlier score of the placement's own day adds after "not
#: resolved" ("(CIWA-Ar of 02 Dec 2026 at 09:00, not resolved: an earlier score of the placement's day, not
#: history)"): the words are saved with the decision, so they name the day, never "today" (the page shows
#: "today" where it builds the text live).
SAME_DAY_NOTE = "an earlier score of the placement's day, not history"
#: Why dimension 1 is suggested 4 while such a CIWA-Ar flag of the placement's day is open (its day and time filled
#: in): not excluded, the finding is current withdrawal delirium (Rec VI.7, VI.9), never history.
SAME_DAY_OPEN = (
    "complicated withdrawal (possible delirium) on the CIWA-Ar of {day}{at}, its flag not resolved: the later CIWA-Ar "
    "does not exclude delirium; medically managed inpatient withdrawal management until a delirium screen (CAM or "
    "4AT) or the medical review excludes it"
)


#: An old severe COWS's branch (:data:`IF_STILL_SEVERE`: "if still 37 or more, ..."), its band's lowest total read for
#: the treatment that closes its re-score: "if below 37: treat on the current score" (:func:`_rescore`).
_BELOW_SEVERE = re.compile(r"if still (?P<low>\d+) or more, ")


def _rescore(name: str, last: str, severe: str = "") -> str:
    """What a withdrawal sign rated on another day calls for: a re-score now ("Re-score the COWS now (last 13 on
    01 Sep 2026); treat on the current score"), never treatment on the old signs; ``severe``: the severe band it
    came from, with what a re-score still in that band calls for (:func:`_if_still_severe`): "Re-score the COWS now
    (last 44 on 20 Nov 2026, severe): if still 37 or more, a prescriber treats withdrawal now (...) ...; if below 37:
    treat on the current score". The COWS's treatment on the current score is said as the branch below the band it
    is (physician review R53, finding D, in the form of R17b must-fix M1: after the 37-or-more branch's clauses a bare
    "treat on the current score" read as part of that branch); a CIWA-Ar's is said as before."""
    if severe:
        below = _BELOW_SEVERE.match(severe) if name == "COWS" else None
        below_said = f"if below {below['low']}: " if below else ""
        return f"Re-score the {name} now ({last}, severe): {severe}; {below_said}treat on the current score"
    return f"Re-score the {name} now ({last}); treat on the current score"


@functools.cache
def _severe_bands() -> Mapping[str, tuple[str, tuple[str, ...]]]:
    """The critical severity-band flag rules of the withdrawal-sign instruments (:func:`rates_signs_now`), read from
    the definitions: code -> (instrument code, the band labels that raise it). CIWA-Ar ``severe_alcohol_withdrawal``
    (the severe band of its scheme) and COWS ``severe_opioid_withdrawal`` (above 36); not a finding on items (CIWA-Ar
    ``complicated_withdrawal``: possible delirium, which has its own rules)."""
    from ..instruments import CATALOGUE

    return MappingProxyType(
        {
            rule.code: (inst.code, rule.when[0].bands)
            for inst in CATALOGUE.values()
            if rates_signs_now(inst.code)
            for rule in inst.flags
            if rule.severity is Severity.CRITICAL and rule.when and all(w.bands for w in rule.when)
        }
    )


def severe_signs(flag: Flag) -> bool:
    """Whether ``flag`` is a critical severity-band flag of a withdrawal-sign instrument (:func:`rates_signs_now`):
    CIWA-Ar in its severe band, COWS above 36 (severe opioid withdrawal; Wesson & Ling 2003). Of the placement's day
    its step is :data:`SEVERE_STEP`'s (CIWA-Ar: transfer to medically managed withdrawal, an emergency evaluation;
    COWS: a prescriber treats withdrawal now); of another day a re-score now, and that step only if the re-score is
    still in the severe band (:data:`IF_STILL_SEVERE`); a complicated-withdrawal finding (hallucinations,
    disorientation) is not one.

    Parameters
    ----------
    flag : Flag
        Any flag (a blank question's worst case is no finding: False).

    Returns
    -------
    bool

    Examples
    --------
    >>> severe_signs(Flag("severe_opioid_withdrawal", "COWS above 36", "critical"))
    True
    >>> severe_signs(Flag("complicated_withdrawal", "CIWA-Ar hallucinations", "critical"))
    False
    """
    return flag.code in _severe_bands() and not flag.worst_case


#: What a critical severity-band flag of a withdrawal-sign score of the placement's day (:func:`severe_signs`) calls
#: for first, by flag code, in the headline's words (:func:`severe_today`); a score of another day calls for it only
#: if its re-score now is still in the band (:data:`IF_STILL_SEVERE`).
#:
#: - COWS above 36 (severe opioid withdrawal, Wesson & Ling 2003): a prescriber's step due now
#:   (:attr:`~iopkit.flags.MedicalReview.NOW`), not an emergency evaluation. ASAM 2020 National Practice Guideline for
#:   OUD: opioid withdrawal is managed with buprenorphine or methadone, usually where the patient is (methadone, in an
#:   outpatient programme, only in an opioid treatment programme or under the 72-hour rule, 21 CFR 1306.07(b):
#:   :data:`~iopkit.flags.OPIOID_AGONISTS`); the setting
#:   escalates for complicating conditions, not the COWS total; opioid withdrawal is rarely life-threatening by itself,
#:   and a patient sent away in withdrawal is likely to use (overdose risk). The complicating conditions named are
#:   iopkit's list for an outpatient programme (dehydration, instability, pregnancy, another withdrawal alongside,
#:   precipitated withdrawal that does not settle, delirium). The COWS flag's own next step says the same.
#: - CIWA-Ar in its severe band: an emergency evaluation, said as what it is (ASAM 2020 alcohol withdrawal guideline:
#:   ambulatory withdrawal management only for mild or moderate withdrawal without complicating factors, Rec VII.8;
#:   medication at once for severe withdrawal, Rec VII.5): transfer now to medically managed withdrawal, a first dose
#:   before it where it does not delay the transfer (:data:`~iopkit.flags.FIRST_DOSE_SEVERE`), never driving,
#:   seizures and delirium re-assessed until handover (:data:`~iopkit.flags.SEVERE_ALCOHOL_STEP`).
#: The first dose a withdrawal sign of today treated by a prescriber gets before a transfer to 24-hour withdrawal
#: management (reaching it takes hours) beside a moderate band's 24-hour plan
#: (:func:`iopkit.placement.recommendation._plan`; ASAM 2020 alcohol withdrawal guideline: moderate withdrawal, CIWA-Ar
#: 10 or more, should receive medication; ASAM 2020 OUD guideline: treat opioid withdrawal).
FIRST_DOSE = "a prescriber gives a first dose before transfer if able"
#: What dimension 1 rated 4 (imminent danger) calls for first where no severe band of today already names a transfer
#: (:data:`SEVERE_EMERGENCY`): the transfer itself, now, to an emergency department or medically managed intensive
#: inpatient withdrawal management (4-WM, the withdrawal management of a rating of 4), and no driving there (ASAM
#: Criteria 2013, dimension 1 rated 4: imminent danger, medically managed intensive inpatient services; iopkit's own
#: wording, physician review: an emergency evaluation names the transfer and that the patient must not drive,
#: whatever else is found today); if the patient declines transfer, the capacity test
#: (:data:`~iopkit.flags.DECLINES_TRANSFER`), box and headline one text (physician review R6, should-fix 4).
TRANSFER_AT_4 = f"arrange transfer now (ED, or 4-WM); {DECLINES_NOT_DRIVING}"
#: What dimension 2 rated 4 (imminent danger from a biomedical condition) calls for first where dimension 1 is not
#: rated 4: the transfer to an emergency department now, no driving there (ASAM Criteria 2013, dimension 2 rated 4:
#: imminent danger, medically managed intensive inpatient care; withdrawal management is not the reason, so no 4-WM;
#: iopkit's own wording, physician review). The imminent-danger box of dimension 2 says the same, with the refusal
#: branch (:data:`~iopkit.flags.DECLINES_TRANSFER`; physician review R6, should-fix 4).
TRANSFER_ED = f"arrange transfer now (ED); {DECLINES_NOT_DRIVING}"
#: What complicated withdrawal found today (a CIWA-Ar's hallucinations or disorientation, item 10 at 2 or more:
#: possible delirium) calls for where no rating of 4 or severe band already names a transfer: the transfer now to
#: medically managed withdrawal, staff with the patient until handover, no driving (ASAM 2020 alcohol withdrawal
#: guideline, Rec VI.7: alcohol withdrawal delirium is a medical emergency; the CIWA-Ar flag: do not manage as
#: ambulatory withdrawal; physician review R2, session 11, must-fix 1, the reviewer's words).
TRANSFER_COMPLICATED = (
    "arrange transfer now to medically managed withdrawal (ED, or 4-WM); staff with the patient until handover; the "
    "patient must not drive"
)
#: The refusal branch of a transfer lead for an emergency evaluation for suicide risk or dimension 3 rated 4: the
#: emergency mental-health hold, not decision-making capacity, is the test there.  Physician review R5 (session 11),
#: must-fix 1 (b), its wording.
DECLINES_OR_LEAVES = f"if the patient declines transfer or tries to leave: {STAFF_STAY} and {CALL_FOR_ASSESSMENT}"
#: The transfer dimension 3 rated 4 (imminent danger) calls for with its emergency evaluation: to an emergency
#: department now, safety precautions with staff beside the patient until handover, the refusal branch
#: (:data:`DECLINES_OR_LEAVES`, R5 must-fix 1 (b)), no driving (ASAM Criteria 2013, dimension 3 rated 4: imminent
#: danger; Joint Commission NPSG 15.01.01; iopkit's own wording, physician review).
EMERGENCY_D3_TRANSFER = (
    "arrange transfer now (ED); safety precautions, staff with the patient, until handover; "
    f"{DECLINES_OR_LEAVES}; the patient must not drive"
)
#: The emergency evaluation for suicide risk: what a suicide-risk finding beside dimension 3 rated 4 (or a C-SSRS
#: screener high risk alone) calls for (C-SSRS screener triage, high risk: immediate safety action; Joint Commission
#: NPSG 15.01.01: a positive screen is followed by a suicide risk assessment).
SUICIDE_EVALUATION = "emergency evaluation for suicide risk"
#: The emergency psychiatric evaluation: what dimension 3 rated 4 calls for where no C-SSRS or PHQ-9 result calls for
#: a suicide risk evaluation (imminent danger may be psychosis, violence or another psychiatric emergency; ASAM
#: Criteria 2013, dimension 3 rated 4; physician review R5, session 11, should-fix 10, the reviewer's words:
#: "emergency psychiatric evaluation (dimension 3 rated 4)").
PSYCHIATRIC_EVALUATION = "emergency psychiatric evaluation"
#: What dimension 3 rated 4 (imminent danger) calls for first with a suicide-risk finding calling for an emergency
#: evaluation beside it (a C-SSRS screener high risk): the emergency evaluation for suicide risk now and its transfer
#: (:data:`EMERGENCY_D3_TRANSFER`); otherwise :data:`EMERGENCY_PSYCHIATRIC_SUICIDE_D3` or
#: :data:`EMERGENCY_PSYCHIATRIC_D3` (:func:`emergency_d3` chooses). The imminent-danger box of dimension 3 says the
#: same (:data:`iopkit.placement.decision.IMMINENT_DANGER_STEP`).
EMERGENCY_D3 = f"{SUICIDE_EVALUATION} now: {EMERGENCY_D3_TRANSFER}"
#: The refusal branch of the emergency psychiatric evaluation: imminent danger may be violence, so staff stay with the
#: patient at a safe distance where there is a risk of it (physician review R6, session 11, should-fix 2, the
#: reviewer's words); the evaluation for suicide risk keeps :data:`DECLINES_OR_LEAVES`.
DECLINES_OR_LEAVES_PSYCHIATRIC = (
    f"if the patient declines transfer or tries to leave: {STAFF_STAY} (at a safe distance if there is a risk of "
    f"violence) and {CALL_FOR_ASSESSMENT}"
)
#: The emergency psychiatric evaluation's transfer: :data:`EMERGENCY_D3_TRANSFER` with
#: :data:`DECLINES_OR_LEAVES_PSYCHIATRIC`.
EMERGENCY_PSYCHIATRIC_TRANSFER = EMERGENCY_D3_TRANSFER.replace(DECLINES_OR_LEAVES, DECLINES_OR_LEAVES_PSYCHIATRIC)
#: The emergency psychiatric evaluation where a suicide-risk finding calls for a risk assessment only (a PHQ-9 item 9
#: above 0, a C-SSRS screener low or moderate risk): "including suicide risk" (physician review R6, should-fix 2).
_INCLUDING_SUICIDE = "including suicide risk"
PSYCHIATRIC_INCLUDING_SUICIDE = f"{PSYCHIATRIC_EVALUATION}, {_INCLUDING_SUICIDE}"
#: What dimension 3 rated 4 calls for first where no suicide-risk finding stands beside it (:func:`emergency_d3`;
#: physician review R5, session 11, should-fix 10; R6 should-fix 2, its refusal branch).
EMERGENCY_PSYCHIATRIC_D3 = f"{PSYCHIATRIC_EVALUATION} now: {EMERGENCY_PSYCHIATRIC_TRANSFER}"
#: What dimension 3 rated 4 calls for first beside a suicide-risk finding calling for a risk assessment only
#: (:func:`emergency_d3`; physician review R6, session 11, should-fix 2, the reviewer's words).
EMERGENCY_PSYCHIATRIC_SUICIDE_D3 = (
    f"{PSYCHIATRIC_EVALUATION} now, {_INCLUDING_SUICIDE}: {EMERGENCY_PSYCHIATRIC_TRANSFER}"
)


def suicide_finding(flags: Iterable[Flag]) -> bool:
    """Whether a suicide-risk finding stands among ``flags`` (a score's flag calling for a suicide risk assessment or
    an emergency evaluation, :data:`~iopkit.flags.SUICIDE_RISK_CALLS`: a C-SSRS screener result, a positive PHQ-9
    item 9, a PCL-5 item 16, a blank safety question's worst case, or such a flag withdrawn by a correction and never
    closed), so that dimension 3 rated 4 is an emergency evaluation for suicide risk; the placement's own flags (a
    rating of 4's imminent danger, a rating below a suggestion) are no finding. Physician review R5 (session 11),
    should-fix 10: without one, "emergency psychiatric evaluation (dimension 3 rated 4)".

    Examples
    --------
    >>> suicide_finding([Flag("suicidal_ideation", "PHQ-9 item 9", "critical", calls_for="risk_assessment")])
    True
    >>> suicide_finding([Flag("imminent_danger_d3", "Dimension 3 rated 4", "critical",
    ...                       calls_for="emergency_evaluation")])
    False
    """
    from ._calls import calls_for

    return any(
        calls_for(f) in SUICIDE_RISK_CALLS
        and f.severity is not Severity.INFO
        and not f.code.startswith(("imminent_danger_d", "rated_below_suggestion_d"))
        for f in flags
    )


def suicide_emergency(flags: Iterable[Flag]) -> bool:
    """Whether a suicide-risk finding among ``flags`` (:func:`suicide_finding`) calls for an emergency evaluation (a
    C-SSRS screener high risk, :attr:`~iopkit.flags.CallsFor.EMERGENCY_EVALUATION`), so that dimension 3 rated 4 is
    the emergency evaluation for suicide risk (physician review R6, session 11, should-fix 2).

    Examples
    --------
    >>> suicide_emergency([Flag("suicidal_ideation", "PHQ-9 item 9", "critical", calls_for="risk_assessment")])
    False
    >>> suicide_emergency([Flag("suicide_risk_high", "C-SSRS", "critical", calls_for="emergency_evaluation")])
    True
    """
    from ._calls import calls_for

    flags = tuple(flags)
    return suicide_finding(flags) and any(
        calls_for(f) is CallsFor.EMERGENCY_EVALUATION and suicide_finding([f]) for f in flags
    )


def d3_evaluation(flags: Iterable[Flag]) -> str:
    """The evaluation dimension 3 rated 4 calls for, by name, beside ``flags``: for suicide risk beside a finding
    calling for an emergency evaluation (:func:`suicide_emergency`), "including suicide risk" beside one calling for a
    risk assessment, else the emergency psychiatric evaluation (physician review R5, should-fix 10; R6, should-fix 2).

    Examples
    --------
    >>> d3_evaluation([])
    'emergency psychiatric evaluation'
    """
    flags = tuple(flags)
    if suicide_emergency(flags):
        return SUICIDE_EVALUATION
    return PSYCHIATRIC_INCLUDING_SUICIDE if suicide_finding(flags) else PSYCHIATRIC_EVALUATION


def emergency_d3(flags: Iterable[Flag]) -> str:
    """What dimension 3 rated 4 calls for first, beside ``flags``: :data:`EMERGENCY_D3` (the emergency evaluation for
    suicide risk) beside a suicide-risk finding calling for an emergency evaluation (:func:`suicide_emergency`),
    :data:`EMERGENCY_PSYCHIATRIC_SUICIDE_D3` beside one calling for a risk assessment (:func:`suicide_finding`), else
    :data:`EMERGENCY_PSYCHIATRIC_D3` (physician review R5, session 11, should-fix 10; R6, should-fix 2)."""
    return _EMERGENCY_D3_BY_EVALUATION[d3_evaluation(flags)]


#: Dimension 3 rated 4's first step by the evaluation :func:`d3_evaluation` names: one rule chooses both.
_EMERGENCY_D3_BY_EVALUATION: Mapping[str, str] = MappingProxyType(
    {
        SUICIDE_EVALUATION: EMERGENCY_D3,
        PSYCHIATRIC_INCLUDING_SUICIDE: EMERGENCY_PSYCHIATRIC_SUICIDE_D3,
        PSYCHIATRIC_EVALUATION: EMERGENCY_PSYCHIATRIC_D3,
    }
)


#: Beside :data:`TRANSFER_AT_4`, a moderate withdrawal sign of today a prescriber treats (CIWA-Ar moderate band, COWS
#: 13-36): its first dose before the transfer only where the transfer is not delayed and the reason dimension 1 is
#: rated 4 allows a dose (a rating of 4 may itself be the reason a dose is unsafe outside a hospital: ASAM 2020 alcohol
#: withdrawal guideline, medication for moderate withdrawal, CIWA-Ar 10 or more; ASAM 2020 OUD guideline, treat
#: opioid withdrawal; iopkit's own wording, physician review).
FIRST_DOSE_AT_4 = (
    "a prescriber gives a first dose for today's withdrawal before transfer only if it does not delay the transfer "
    "and the reason for rating 4 allows it"
)
#: Beside :data:`TRANSFER_AT_4` (or :data:`TRANSFER_ED`), a COWS above 36 of today: buprenorphine before the transfer
#: only where the transfer is not delayed and the reason for the rating of 4 allows a dose, as
#: :data:`FIRST_DOSE_AT_4` (ASAM 2020 OUD guideline: opioid withdrawal is treated with buprenorphine where the patient
#: is; a patient left in severe withdrawal is likely to use; methadone's 72-hour rule, 21 CFR 1306.07(b), covers
#: arranging a referral, not a transfer: buprenorphine only; iopkit's own wording, physician review).
TREAT_SEVERE_AT_4 = (
    "a prescriber gives buprenorphine for today's withdrawal before transfer only if it does not delay the transfer "
    "and the reason for rating 4 allows it"
)
#: Beside a rating of 4, a COWS above 36 of today with a CIWA-Ar of today a prescriber treats (severe or moderate
#: band): one dose sentence naming both withdrawals, buprenorphine only for the opioid one, as
#: :data:`TREAT_SEVERE_AT_4` (ASAM 2020 alcohol withdrawal guideline, Rec VII.5: treat severe withdrawal at once; ASAM
#: 2020 OUD guideline; iopkit's own wording, physician review).
TREAT_BOTH_AT_4 = (
    "a prescriber gives a first dose for today's alcohol and opioid withdrawal (buprenorphine for the opioid "
    "withdrawal) before transfer only if it does not delay the transfer and the reason for rating 4 allows it"
)
SEVERE_STEP: Mapping[str, str] = MappingProxyType(
    {
        "severe_opioid_withdrawal": (
            f"A prescriber treats withdrawal now, before the patient leaves: {OPIOID_AGONISTS}; re-score the "
            f"COWS after dosing; emergency evaluation only for a complicating condition {COWS_COMPLICATING}"
        ),
        "severe_alcohol_withdrawal": (SEVERE_ALCOHOL_STEP),
    }
)
#: The severe bands of :data:`SEVERE_STEP` whose step of the placement's day is an emergency medical evaluation
#: (:attr:`~iopkit.placement.FirstStep.EMERGENCY_EVALUATION`): CIWA-Ar's. COWS above 36 is a prescriber's step now.
SEVERE_EMERGENCY = frozenset({"severe_alcohol_withdrawal"})
#: What a severe band of another day asks beside its re-score, by flag code: a severe CIWA-Ar days ago falls within the
#: window in which alcohol withdrawal may become complicated (seizures, delirium tremens: ASAM 2020 alcohol withdrawal
#: guideline, Rec II.5, VI), so what happened since is asked (iopkit's own rule, physician review).
SEVERE_SINCE: Mapping[str, str] = MappingProxyType(
    {"severe_alcohol_withdrawal": "ask what happened since (a seizure, confusion, a hospital visit, the last drink)"}
)
#: What a critical severity-band flag of a CIWA-Ar or COWS of another day (:func:`severe_signs`) calls for after
#: its re-score now: what today's score in that band calls for (:data:`SEVERE_STEP`), only if the re-score is still
#: at or above the band's lowest total (``cut``: "37 or more"; a CIWA-Ar by its score's banding scheme, "15 or more",
#: or where the scheme is not known every clinical scheme's: "15 or more (19 or more on the ASAM 2020 alcohol
#: withdrawal guideline's bands)"); treatment follows the current score. iopkit's own rule, on the instruments'
#: timeframe "now" (Sullivan et al. 1989; Wesson & Ling 2003) and the ASAM 2020 alcohol withdrawal guideline, Rec
#: III.3.
IF_STILL_SEVERE = "if still {cut}, {step}"
#: What a severe CIWA-Ar of another day's re-score asks beside "if still 15 or more" (:data:`IF_STILL_SEVERE`), and
#: what an old complicated CIWA-Ar's condition names (:func:`complicated_rescore`): a withdrawal seizure since the last
#: score is complicated withdrawal, managed in a medically managed setting (ASAM 2020 alcohol withdrawal guideline,
#: section VI.A), as the library's own rule for a seizure or delirium reported (``seizure_or_delirium``: 4-WM).
#: Physician review R9 (session 13), must-fix N2, its words.
SEIZURE_SINCE = "a seizure since the last score"
#: The step a severe band of another day calls for if still in the band or after a seizure since
#: (:data:`SEIZURE_SINCE`): the severe step of today (:data:`SEVERE_STEP`) with medically managed withdrawal as 4-WM
#: (a seizure is complicated withdrawal, ASAM 2020 alcohol withdrawal guideline, section VI.A; "medically managed" is
#: 4-WM, 3.7-WM being medically monitored), one destination for both conditions. Physician review R9, must-fix N2, its
#: words: "if still 15 or more, or a seizure since the last score, arrange transfer now to medically managed withdrawal
#: (ED, or 4-WM)".
SEVERE_OR_SEIZURE_STEP: Mapping[str, str] = MappingProxyType(
    {"severe_alcohol_withdrawal": SEVERE_ALCOHOL_STEP.replace("(ED, or 3.7-WM/4-WM)", "(ED, or 4-WM)", 1)}
)
#: What an old complicated CIWA-Ar is named by (the parenthesis of its re-score) and found by (its transfer's
#: condition), by CIWA-Ar item: hallucinations or disorientation (item 10 at 2 or more; physician review R7, must-fix
#: 4, its words). Hallucinations are plain in the condition, one definition in every text: the re-score also asks
#: what happened since, and hallucinations told in that history call for the transfer as much as items 6-8 at 4 or
#: more today (physician review R71, should-fix 3, ruled R73 item 3; was "hallucinations (item 6, 7 or 8 at
#: 'moderately severe hallucinations' or more)"; CIWA-Ar anchors, Sullivan et al. 1989: only 4-7 on items 6-8 are
#: hallucinations; ASAM 2020 alcohol withdrawal guideline: hallucinations call for inpatient or emergency care).
HALLUCINATING = "hallucinations"
DISORIENTED = ("disoriented", "disorientation (item 10 at 2 or more)")
#: What an old CIWA-Ar's re-score transfers on beside its total, in every re-score form ("if 15 or more, or ..."; an
#: old severe CIWA-Ar's "if still 15 or more, or ...": :func:`_if_still_severe`): a seizure since the last score
#: (:data:`SEIZURE_SINCE`), hallucinations or disorientation (:data:`HALLUCINATING`, :data:`DISORIENTED`), each
#: complicated withdrawal whatever the total (ASAM 2020 alcohol withdrawal guideline, section VI.A: hallucinations,
#: disorientation, seizures and delirium call for inpatient or emergency care). Physician review R63, section 5 (a
#: safety gap, "build now"), its words for the old severe form: "if still 15 or more, or a seizure since the last
#: score, or hallucinations, or disorientation (item 10 at 2 or more), arrange transfer now to medically managed
#: withdrawal (ED, or 4-WM)", as the old moderate form said them already.
SEIZURE_OR_CONFUSION_SINCE = f"{SEIZURE_SINCE}, or {HALLUCINATING}, or {DISORIENTED[1]}"
#: No driving unless the re-score and the delirium screen find none of the signs that call for the transfer and no
#: sedating dose (a benzodiazepine for alcohol withdrawal) is given today (chlordiazepoxide and diazepam labels: do
#: not drive; ASAM 2020 alcohol withdrawal guideline, Rec IV.22, IV.26). Physician review R8 (session 12), must-fix 2;
#: R9 (session 13), should-fix N7, its words; nor while intoxicated, now that the step screens for intoxication before
#: any dose (physician review R30a, M2, its words: "no dose here" alone would let an intoxicated patient drive). The
#: dose named is the one the step may give, a benzodiazepine (physician review R30b, should-fix S9 (a): "no sedating
#: dose" named); beside an opioid withdrawal step the placement names every dose (:func:`doses_named`).
NO_DRIVING_UNTIL_NO_DELIRIUM = (
    "the patient must not drive unless the re-score and the screens find none of these, the patient is not "
    "intoxicated, and no benzodiazepine is given today"
)
#: :data:`NO_DRIVING_UNTIL_NO_DELIRIUM` beside an opioid withdrawal step that may give buprenorphine or methadone the
#: same day (:data:`~iopkit.flags.ANY_DOSE_NAMED`; physician review R30b, should-fix S9 (a)).
_NO_DRIVING_UNTIL_NO_DELIRIUM_ANY_DOSE = NO_DRIVING_UNTIL_NO_DELIRIUM.replace(
    "no benzodiazepine", f"no dose of {ANY_DOSE_NAMED}"
)


def doses_named(text: str, opioid: bool) -> str:
    """``text`` (a headline or a box) with :data:`NO_DRIVING_UNTIL_NO_DELIRIUM` naming every dose the visit may give:
    a benzodiazepine alone where no opioid withdrawal step stands, else buprenorphine and methadone too
    (:data:`~iopkit.flags.ANY_DOSE_NAMED`; physician review R30b, should-fix S9 (a): name only what may be given).

    Parameters
    ----------
    text : str
        A headline or a box.
    opioid : bool
        Whether an opioid withdrawal step stands beside it (:func:`~iopkit.placement.recommendation.opioid_dose_step`).

    Returns
    -------
    str
        ``text`` with the doses named, or ``text`` itself.

    Examples
    --------
    >>> doses_named(f"x; {NO_DRIVING_UNTIL_NO_DELIRIUM}; y", opioid=True).split("; ")[1].endswith(
    ...     "no dose of a benzodiazepine, buprenorphine or methadone is given today")
    True
    >>> doses_named("x", opioid=True)
    'x'
    """
    return text.replace(NO_DRIVING_UNTIL_NO_DELIRIUM, _NO_DRIVING_UNTIL_NO_DELIRIUM_ANY_DOSE) if opioid else text


#: The re-score step of a CIWA-Ar of another day with complicated withdrawal (hallucinations or disorientation:
#: possible delirium), its parts filled in by :func:`complicated_rescore`: the chart box of each of that score's flags
#: and the placement headline's first step say this one text (physician review R9, session 13, must-fix N1).
COMPLICATED_OF_ANOTHER_DAY = (
    "Emergency medical evaluation now: re-score the {name} and {screen} ({last}, {named}): {since}; if delirium, "
    "{seizure}, {hallucinating}, {disoriented} or a total of {cut}: arrange transfer now (ED, or 4-WM); staff with "
    "the patient until handover; {declines}; {no_driving}; treat on the current score"
)
#: :data:`COMPLICATED_OF_ANOTHER_DAY` read back for its parts (the headline names every sign its flags name).
_COMPLICATED_STEP = re.compile(
    rf"^Emergency medical evaluation now: re-score the (?P<name>\S+) and {re.escape(DELIRIUM_SCREEN)} "
    r"\((?P<last>(?:last|flag of) [^(),]*(?:, severe)?), (?P<named>[^()]*)\): .*? or a total of (?P<cut>.+?): "
    r"arrange transfer now \(ED, or 4-WM\);"
)
#: What a suicide-risk flag calling for a risk assessment (PHQ-9 item 9, C-SSRS screener low or moderate risk) adds
#: beside a conditional transfer (an old CIWA-Ar's re-score decides it: :func:`conditional_transfer`): the assessment
#: stays, the receiving team asked for it at handover, the transfer never delayed for it (Joint Commission NPSG
#: 15.01.01). Physician review R9 (session 13), should-fix N6, its words, so box and headline agree.
IF_TRANSFERRED_ASK = "; if transferred: at handover ask the receiving team for it (do not delay the transfer for it)"


def complicated_rescore(name: str, last: str, named: Iterable[str], cut: str = "15 or more") -> str:
    """The re-score step of a CIWA-Ar of another day with complicated withdrawal (:data:`COMPLICATED_OF_ANOTHER_DAY`):
    an emergency medical evaluation now, the re-score and a delirium screen, what happened since asked, the transfer
    now (ED, or 4-WM) if delirium, a seizure since the last score, hallucinations, disorientation or a severe total is
    found, staff with the patient until handover, the capacity test if the patient declines, no driving unless none is
    found and no benzodiazepine is given; treatment on the current score.
    Disorientation days ago is not delirium today,
    but withdrawal delirium can come days after the last drink and is a medical emergency when present (ASAM 2020
    alcohol withdrawal guideline, Rec II.5, VI.7, section VI.A; CAM, Inouye 1990; 4AT, Bellelli et al. 2014). Physician
    review R7, must-fix 4; R8, must-fix 1 and 2; R9 (session 13), must-fix N1, N2 and should-fix N7, their words.

    Parameters
    ----------
    name : str
        The instrument's short name ("CIWA-Ar").
    last : str
        The score it re-scores: "last 10 on 20 Nov 2026", with ", severe" where it was in its severe band, or "flag of
        20 Nov 2026" where the latest score is not known.
    named : iterable of str
        What the old score found (:data:`HALLUCINATING`, :data:`DISORIENTED`: "hallucinations", "disoriented").
    cut : str
        The severe band's lowest total on the score's banding scheme ("15 or more").

    Returns
    -------
    str

    Examples
    --------
    >>> complicated_rescore("CIWA-Ar", "last 10 on 20 Nov 2026", ["hallucinations"]).split(": ")[1]
    're-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 10 on 20 Nov 2026, hallucinations)'
    """
    return COMPLICATED_OF_ANOTHER_DAY.format(
        name=name,
        screen=DELIRIUM_SCREEN,
        last=last,
        named=", ".join(named),
        since=SEVERE_SINCE["severe_alcohol_withdrawal"],
        seizure=SEIZURE_SINCE,
        hallucinating=HALLUCINATING,
        disoriented=DISORIENTED[1],
        cut=cut,
        declines=DECLINES_TRANSFER,
        no_driving=NO_DRIVING_UNTIL_NO_DELIRIUM,
    )


def complicated_named(messages: Iterable[str]) -> list[str]:
    """What complicated-withdrawal flags' messages name, in :func:`complicated_rescore`'s words: "hallucinations" for
    CIWA-Ar item 6, 7 or 8, "disoriented" for item 10 (one flag may name both).

    Examples
    --------
    >>> complicated_named(["CIWA-Ar item 10 (Orientation and clouding of sensorium) rated 2 of 4"])
    ['disoriented']
    """
    said = " ".join(messages)
    return [HALLUCINATING] * bool(re.search(r"\bitem [678] ", said)) + [DISORIENTED[0]] * ("item 10 " in said)


def complicated_step(action: str) -> re.Match[str] | None:
    """An old complicated CIWA-Ar's re-score step (:data:`COMPLICATED_OF_ANOTHER_DAY`) read for its parts (``name``,
    ``last``, ``named``, ``cut``), else ``None``."""
    return _COMPLICATED_STEP.match(action)


def rescore_step(action: str) -> bool:
    """Whether a flag's step is a re-score now of a withdrawal sign rated on another day: "Re-score the COWS now (last
    13 on 01 Sep 2026); treat on the current score" (:func:`_rescore`) or an old complicated CIWA-Ar's emergency
    medical evaluation, which re-scores it (:data:`COMPLICATED_OF_ANOTHER_DAY`).

    Parameters
    ----------
    action : str
        A flag's next step.

    Returns
    -------
    bool

    Examples
    --------
    >>> rescore_step("Re-score the COWS now (last 13 on 01 Sep 2026); treat on the current score")
    True
    >>> rescore_step("Today's COWS (3) is the current score")
    False
    """
    return re.match(r"Re-score \S+ \S+ now\b", action) is not None or complicated_step(action) is not None


#: A severe CIWA-Ar of another day's conditional transfer (:data:`IF_STILL_SEVERE` with :data:`SEVERE_OR_SEIZURE_STEP`):
#: "Re-score the CIWA-Ar now (flag of 20 Nov 2026, severe): ...; if still 15 or more (...), or a seizure since the last
#: score, or hallucinations, or disorientation (item 10 at 2 or more), arrange transfer now ..." (physician review
#: R63, section 5: :data:`SEIZURE_OR_CONFUSION_SINCE`), its parts ``name``, ``last`` and ``cut`` (the band's lowest
#: total alone); its delirium screen with the re-score read past ("(last 21 on 20 Nov 2026, severe) and screen for
#: delirium (CAM or 4AT): ...", physician review R65, follow-up F1).
_SEVERE_RESCORE = re.compile(
    r"^Re-score the (?P<name>\S+) now \((?P<last>[^()]*), severe\)"
    rf"(?: and {re.escape(DELIRIUM_SCREEN)})?: .*?\bif still (?P<cut>.+?)"
    rf"(?:, or {re.escape(SEIZURE_OR_CONFUSION_SINCE)})?, arrange transfer now\b"
)


def severe_rescore_step(action: str) -> re.Match[str] | None:
    """An old severe CIWA-Ar's re-score step with its conditional transfer (:data:`_SEVERE_RESCORE`) read for its parts
    (``name``, ``last``, ``cut``), else ``None``."""
    return _SEVERE_RESCORE.match(action)


def conditional_transfer(action: str) -> bool:
    """Whether a flag's step is a transfer its re-score decides: an old complicated CIWA-Ar's
    (:data:`COMPLICATED_OF_ANOTHER_DAY`) or an old severe CIWA-Ar's ("if still 15 or more, or a seizure since the last
    score, or hallucinations, or disorientation (item 10 at 2 or more), arrange transfer now ..."), beside which a
    suicide risk assessment is asked of the receiving team if the patient is transferred (:data:`IF_TRANSFERRED_ASK`).

    Parameters
    ----------
    action : str
        A flag's next step.

    Returns
    -------
    bool

    Examples
    --------
    >>> conditional_transfer("Re-score the CIWA-Ar now (last 10 on 20 Nov 2026); treat on the current score")
    False
    """
    return complicated_step(action) is not None or severe_rescore_step(action) is not None


def severe_today(flag: Flag) -> Flag:
    """A critical severity-band flag of a withdrawal-sign score (:func:`severe_signs`) with the step the headline names
    for it on the placement's day (:data:`SEVERE_STEP`), what a partial form adds to its rule's step kept; any other
    flag as it is.

    Parameters
    ----------
    flag : Flag
        A flag of a score of the placement's day (the caller tells one of another day, whose step is its re-score).

    Returns
    -------
    Flag

    Examples
    --------
    >>> f = Flag("severe_opioid_withdrawal", "COWS above 36", "critical", "Treat withdrawal now")
    >>> step = severe_today(f).action.split(": ")[0]
    >>> step
    'A prescriber treats withdrawal now, before the patient leaves'
    """
    step = SEVERE_STEP.get(flag.code) if severe_signs(flag) else None
    if step is None:
        return flag
    from ..instruments import get

    own = next((r.action for r in get(_severe_bands()[flag.code][0]).flags if r.code == flag.code), "")
    return replace(flag, action=flag.action.replace(own, step, 1) if own and own in flag.action else step)


def _severe_clause(score: Any) -> str:
    """:data:`IF_STILL_SEVERE` for a withdrawal-sign score in its instrument's severe band (a flag of it
    :func:`severe_signs`), its banding scheme's lowest total named; ``""`` for any other score."""
    code = next((f.code for f in score.flags if severe_signs(f)), None)
    return "" if code is None else _if_still_severe(code, getattr(getattr(score, "basis", None), "scheme", None))


def _severe_cut(code: str, scheme: str | None = None) -> str:
    """The lowest total of a severe-band flag's band (:func:`severe_signs`) on the score's scheme (``scheme``), or
    where it is not known each clinical scheme's, the instrument's default first ("15 or more (19 or more on the ASAM
    2020 alcohol withdrawal guideline's bands)"; a scheme kept only so old records read back, not for clinical use,
    is left out)."""
    from ..instruments import get
    from ..sources import UnknownSourceError, source

    instrument, bands = _severe_bands()[code]
    lows = [
        (s, band.low)
        for s in get(instrument).schemes
        if scheme in (None, s.id)
        for band in s.bands
        if band.label in bands and (scheme is not None or "not for clinical use" not in band.meaning)
    ]
    cut = "in the severe band" if not lows else f"{lows[0][1]:g} or more"
    for s, low in lows[1:] if len({low for _, low in lows}) > 1 else ():
        try:
            named = source(s.source.split(";")[0].strip()).short
        except UnknownSourceError:
            named = s.id
        cut += f" ({low:g} or more on the {named}'s bands)"
    return cut


def _if_still_severe(code: str, scheme: str | None = None) -> str:
    """:data:`IF_STILL_SEVERE` for a severe-band flag's code (:func:`severe_signs`), the band's lowest total
    (:func:`_severe_cut`) named; after what happened since, where the band asks it (:data:`SEVERE_SINCE`), and then a
    seizure since the last score, hallucinations or disorientation beside the band, with the step that covers them all
    (:data:`SEIZURE_OR_CONFUSION_SINCE`, :data:`SEVERE_OR_SEIZURE_STEP`; physician review R9, must-fix N2; R63,
    section 5, its words: "if still 15 or more, or a seizure since the last score, or hallucinations, or disorientation
    (item 10 at 2 or more), arrange transfer now to medically managed withdrawal (ED, or 4-WM)")."""
    cut = _severe_cut(code, scheme)
    step = SEVERE_STEP.get(code, "emergency medical evaluation")
    if code in SEVERE_OR_SEIZURE_STEP:
        cut, step = f"{cut}, or {SEIZURE_OR_CONFUSION_SINCE}", SEVERE_OR_SEIZURE_STEP[code]
    still = IF_STILL_SEVERE.format(cut=cut, step=step[:1].lower() + step[1:])
    since = SEVERE_SINCE.get(code)
    return f"{since}; {still}" if since else still


def severe_band_words(code: str, scheme: str | None, total: float | None = None) -> str:
    """A severe-band flag of today (:func:`severe_signs`) named for the headline with the score's total and its banding
    scheme, so a severe step beside another scheme's moderate range does not read as a contradiction, and a total
    severe on one scheme only says so (iopkit's own wording, physician review).

    The instrument's default scheme is named as iopkit's, not as its first source's: iopkit's default CIWA-Ar bands
    (15 or more severe) are derived from later protocol pages quoting the 1989 form, which itself says only that
    scores under 10 usually need no additional medication (Sullivan et al. 1989; :mod:`iopkit.instruments.ciwa_ar`).
    On the default scheme every other clinical scheme's band of the same total is named too ("CIWA-Ar 24 today: severe
    (15 or more on iopkit's default bands; 19 or more on ASAM 2020's)"; "CIWA-Ar 16 today: severe on iopkit's
    default bands (15 or more), moderate on ASAM 2020's (10-18)": ASAM 2020 alcohol withdrawal guideline, 10-18
    moderate, 19 or more severe); on another scheme only its own band ("CIWA-Ar 24 today: severe on ASAM 2020's bands
    (19 or more)"); a scheme kept only so old records read back says it is not for clinical use. Where the scheme is
    not known, every clinical scheme's lowest severe total ("CIWA-Ar in its severe band today (15 or more on iopkit's
    default bands; 19 or more on ASAM 2020's)"); where the total is not known, the scheme's band alone.

    Parameters
    ----------
    code : str
        The severe-band flag's code (``"severe_alcohol_withdrawal"``).
    scheme : str or None
        The score's banding scheme's id (``"sullivan_1989"``); ``None`` or ``""`` where it is not known.
    total : float, optional
        The score's total, where known.

    Returns
    -------
    str
        ``""`` for a flag code that is no severe band.

    Examples
    --------
    >>> severe_band_words("severe_alcohol_withdrawal", "asam_2020", 24)
    "CIWA-Ar 24 today: severe on ASAM 2020's bands (19 or more)"
    >>> severe_band_words("severe_alcohol_withdrawal", "sullivan_1989", 16)
    "CIWA-Ar 16 today: severe on iopkit's default bands (15 or more), moderate on ASAM 2020's (10-18)"
    """
    from ..instruments import get

    instrument, bands = _severe_bands().get(code, ("", ()))
    if not instrument:
        return ""
    inst = get(instrument)
    default = inst.schemes[0]
    own = next((s for s in inst.schemes if s.id == scheme), None)
    clinical = [s for s in inst.schemes if not _not_clinical(s)]
    if own is None:
        lows = "; ".join(
            f"{_band_range(s, _severe(s, bands))} on {_scheme_name(s, default)}{' bands' * (s is default)}"
            for s in clinical
        )
        return f"{inst.short_name} in its severe band today ({lows})"
    said = f"{inst.short_name} {total:g} today" if total is not None else f"{inst.short_name} today"
    named = _scheme_name(own, default)
    mine = _band_range(own, _severe(own, bands))
    others = [(s, _band_of(s, total)) for s in clinical if s is not own] if own is default and total is not None else []
    if others and all(b is not None and b.label in bands for _, b in others):
        also = "; ".join(f"{_band_range(s, b)} on {_scheme_name(s, default)}" for s, b in others if b is not None)
        return f"{said}: severe ({mine} on {named} bands; {also})"
    unfit = ", not for clinical use" if _not_clinical(own) else ""
    also = "".join(
        f", {b.label.replace('_', ' ')} on {_scheme_name(s, default)} ({_band_range(s, b)})"
        for s, b in others
        if b is not None
    )
    return f"{said}: severe on {named} bands ({mine}){unfit}{also}"


def _not_clinical(scheme: Any) -> bool:
    """Whether a banding scheme is kept only so old records read back (its bands say not for clinical use)."""
    return any("not for clinical use" in b.meaning for b in scheme.bands)


def _severe(scheme: Any, bands: tuple[str, ...]) -> Any:
    """A scheme's first band among ``bands`` (the severe band)."""
    return next(b for b in scheme.bands if b.label in bands)


def _band_of(scheme: Any, total: float) -> Any:
    """The band of ``scheme`` a total falls in, or ``None``."""
    return next((b for b in scheme.bands if b.low <= total <= b.high), None)


def _band_range(scheme: Any, band: Any) -> str:
    """A band's totals in words: "10-18", or "19 or more" for a scheme's top band."""
    return f"{band.low:g} or more" if band is scheme.bands[-1] else f"{band.low:g}-{band.high:g}"


def _scheme_name(scheme: Any, default: Any) -> str:
    """A banding scheme named for the headline, possessive, never by its id: "iopkit's default" for the instrument's
    default scheme (iopkit's choice of cut-offs, not its source's word), the name its definition gives it where it has
    one ("a secondary summary's" for the CIWA-Ar scheme kept only for old records, not for clinical use), else its
    first source's short form up to its year ("ASAM 2020's")."""
    from ..sources import UnknownSourceError, source

    if scheme is default:
        return "iopkit's default"
    if scheme.name:
        return f"{scheme.name}'s"
    try:
        short = source(scheme.source.split(";")[0].strip()).short
    except UnknownSourceError:
        return "its scheme's"  # as Banded.said names a scheme it does not know
    year = re.match(r"(.+?\b(?:19|20)\d\d)\b", short)
    return f"{year[1] if year else short}'s"


def _rescored(flag: Flag, message: str, action: str, day: str) -> Flag:
    """A withdrawal sign's flag rated on ``day`` (another day), with its message naming that day and ``action`` (the
    re-score :func:`_rescore` words) followed by what still stands of the flag's own step (:data:`STILL_STANDS`):
    the one rewrite of :func:`_not_today` and :func:`signs_of_another_day`."""
    source = joined(flag.source, "asam_awm2020; iopkit")
    still = STILL_STANDS.get(flag.code)
    action = f"{action}; {still.format(day=day)}" if still else action
    return Flag(flag.code, message, flag.severity, action, source, flag.calls_for, flag.partial, flag.worst_case)


def _same_day(flag: Flag, day: str, at: str) -> Flag:
    """An open flag of an earlier CIWA-Ar of the placement's own day (taken on ``day``, ``at`` " at 09:00" or ""),
    its own step kept, no ambulatory withdrawal management until the medical review, then what the finding calls for
    today (:data:`SAME_DAY_STILL_STANDS`: current withdrawal delirium until excluded, a history only after). Any other
    flag is returned as it is (a moderate band of an earlier score has nothing that stands)."""
    if flag.code != "complicated_withdrawal":
        return flag
    own = flag.action.rstrip(". ")
    own = own if own.endswith(NOT_AMBULATORY) else f"{own}; {NOT_AMBULATORY}" if own else NOT_AMBULATORY
    when = SAME_DAY_DELIRIUM.format(day=day, at=at)
    action = own + SAME_DAY_STILL_STANDS.format(when=when)
    source = joined(flag.source, "asam_awm2020; cam_inouye1990; dsm5_apa2013; iopkit")
    return Flag(flag.code, flag.message, flag.severity, action, source, flag.calls_for, flag.partial, flag.worst_case)


def _total(score: Any) -> str:
    return f"{score.total:g}" if score.total is not None else "not totalled"


def _not_today(score: Any, day: dt.date) -> Any:
    """A withdrawal-sign score of an earlier day (:func:`rates_signs_now`): each flag names the score's day and
    calls for a re-score now, never for treatment on the old signs (iopkit's own rule, on the instruments'
    timeframe "now": Sullivan et al. 1989, Wesson & Ling 2003; ASAM 2020 alcohol withdrawal guideline, Rec III.3).
    """
    from ..records import short_name

    name, when = short_name(score.instrument), f"{day:%d %b %Y}"
    last = f"last {_total(score)} on {when}"
    found = [f for f in score.flags if f.code == "complicated_withdrawal" and not f.worst_case]
    severe = next((f.code for f in score.flags if severe_signs(f)), None)
    scheme = getattr(getattr(score, "basis", None), "scheme", None)
    # one re-score, all its flags: complicated withdrawal's emergency evaluation where the score found it (physician
    # review R9, must-fix N1: the box of each of its flags says the headline's branch)
    action = (
        complicated_rescore(
            name,
            f"{last}, severe" if severe else last,
            complicated_named(f.message for f in found),
            _severe_cut(severe, scheme) if severe else "15 or more",
        )
        if found
        else _rescore(name, last, _severe_clause(score))
    )
    flags = tuple(_rescored(f, f"{f.message} ({name} of {when}, {NOT_RESCORED})", action, when) for f in score.flags)
    return replace(score, flags=flags)


#: The note the placement page ends an open flag's message with, naming the questionnaire and the day of the score
#: or check-in it came from (:func:`iopkit.episode._noted`): "(COWS of 01 Sep 2026, not resolved)",
#: "(CIWA-Ar check-in of 02 Dec 2026, not saved yet)".
_NOTED = re.compile(
    r" \((?P<name>[^()]+?) (?:check-in )?of (?P<day>\d{2} \w+ \d{4})"
    r"(?: at (?P<at>\d{2}:\d{2})(?: (?P<zone>[^\s,()]+))?)?, "
    rf"(?:not resolved(?P<same_day>: {SAME_DAY_NOTE})?|not saved yet)\)$"
)


#: The severe band's lowest total in a latest score's :data:`IF_STILL_SEVERE` ("if still 15 or more, or a seizure
#: since the last score, or hallucinations, or disorientation (item 10 at 2 or more), ..."), for
#: :func:`complicated_rescore`.
_LATEST_CUT = re.compile(rf"\bif still (?P<cut>.+?)(?:, or {re.escape(SEIZURE_OR_CONFUSION_SINCE)})?, ")


def signs_of_another_day(
    flag: Flag,
    instrument: str,
    day: dt.date | dt.datetime,
    today: dt.date,
    latest: tuple[float | None, dt.date] | None = None,
    *,
    earlier_score: bool = False,
    latest_severe: str = "",
) -> Flag:
    """A flag of a withdrawal-sign score (:func:`rates_signs_now`: CIWA-Ar, COWS) taken on ``day``, with the next
    step it has on ``today``: on another day, a re-score now, never treatment on the old signs.

    iopkit's own rule, on the instruments' timeframe "now" (Sullivan et al. 1989; Wesson & Ling 2003; treatment
    follows the current score: ASAM 2020 alcohol withdrawal guideline, Rec III.3): the flag's action becomes the
    re-score of the instrument's latest score where that is of another day too ("Re-score the COWS now (last 13 on
    15 Sep 2026); treat on the current score", the step a score of another day gives its own flags in
    :func:`suggest_dimensions`, so a headline tells it once), else one naming the flag's day ("(flag of 01 Sep
    2026)"); where the latest score is of ``today``, that score is the current one and the old signs are past
    ("Today's COWS (3) is the current score; the signs of 01 Sep 2026 are past: record what was done about this
    flag"). What still stands of the flag's own step follows either (:data:`STILL_STANDS`): for CIWA-Ar
    complicated withdrawal, no 1-WM and 24-hour withdrawal management unless a medical review records a
    mitigation, the signs being possible withdrawal delirium, if confirmed a history of complicated withdrawal
    (ASAM 2020 alcohol withdrawal guideline, Rec II.5, III.1). The message is kept (the caller names the day its own
    way). A flag of ``today`` keeps its own step; where it is a complicated-withdrawal flag of an earlier score than
    the instrument's latest (``earlier_score``: an earlier CIWA-Ar of the same day, its flag still open), the finding
    is current, not history: no ambulatory withdrawal management until the medical review, the later CIWA-Ar does not
    exclude delirium (screen with CAM or 4AT), 4-WM if delirium is confirmed or not excluded, and only once excluded
    or resolved the history rule (:data:`SAME_DAY_STILL_STANDS`; Rec VI.7, VI.9, II.5, III.1).

    Parameters
    ----------
    flag : Flag
        The flag, as saved with its score (or check-in).
    instrument : str
        The code of the instrument whose score raised it.
    day : date or datetime
        The day of that score (or check-in); a datetime keeps its time of day, named in what an earlier score of
        ``today`` calls for.
    today : date
        The day of the placement or summary.
    latest : tuple of (float or None, date), optional
        The total and day of the instrument's latest score, where known.
    earlier_score : bool
        The flag is of a score before the instrument's latest (an open flag of an older score, not the latest
        score's own).
    latest_severe : str
        Where the latest score (``latest``, of another day) is in its instrument's severe band, what a re-score still
        in that band calls for (:data:`IF_STILL_SEVERE`, filled in), so the flag's step is that score's own re-score
        ("Re-score the COWS now (last 44 on 20 Nov 2026, severe): if still 37 or more, a prescriber treats withdrawal
        now (...) ...; if below 37: treat on the current score"), said once; ``""`` otherwise. A critical severity-band
        flag (:func:`severe_signs`) without a latest score names its own band the same way ("(flag of 01 Sep 2026,
        severe): ...", a CIWA-Ar flag, whose banding scheme is not known, with each clinical scheme's cut-off).

    Returns
    -------
    Flag
        ``flag`` itself for any other instrument or a flag of ``today`` (a complicated-withdrawal flag of an earlier
        CIWA-Ar of ``today``: with what it calls for today, :data:`SAME_DAY_STILL_STANDS`); else the flag with its
        next step of today.

    Examples
    --------
    >>> from iopkit.flags import Flag
    >>> f = Flag("moderate_opioid_withdrawal", "COWS 13-24", action="Treat withdrawal now")
    >>> signs_of_another_day(f, "cows", dt.date(2026, 9, 1), dt.date(2026, 12, 2)).action
    'Re-score the COWS now (flag of 01 Sep 2026); treat on the current score'
    >>> signs_of_another_day(f, "cows", dt.date(2026, 9, 1), dt.date(2026, 12, 2), (13, dt.date(2026, 9, 15))).action
    'Re-score the COWS now (last 13 on 15 Sep 2026); treat on the current score'
    >>> g = Flag("complicated_withdrawal", "CIWA-Ar hallucinations", "critical", action="Medical review now")
    >>> signs_of_another_day(g, "ciwa_ar", dt.date(2026, 9, 1), dt.date(2026, 12, 2)).action.split("; ")[-2]
    'no ambulatory withdrawal management without extended on-site monitoring (1-WM)'
    """
    if not rates_signs_now(instrument):
        return flag
    at = _at(day)
    day = _day(day, "day")
    from ..records import short_name

    name, when = short_name(instrument), f"{day:%d %b %Y}"
    if day == today:  # an earlier score of today: its own step, and what its finding calls for today
        return _same_day(flag, when, at) if earlier_score and not flag.worst_case else flag
    total = None if latest is None else "not totalled" if latest[0] is None else f"{latest[0]:g}"
    if latest is not None and latest[1] == today:  # today's score: it is the current one
        return _rescored(
            flag,
            flag.message,
            f"Today's {name} ({total}) is the current score; the signs of {when} are past: {SIGNS_PAST}",
            when,
        )
    last = f"last {total} on {latest[1]:%d %b %Y}" if latest is not None else f"flag of {when}"
    if flag.code == "complicated_withdrawal" and not flag.worst_case:  # its emergency evaluation (R9, must-fix N1)
        cut = _LATEST_CUT.search(latest_severe)
        last += ", severe" if latest_severe else ""
        step = complicated_rescore(name, last, complicated_named([flag.message]), cut["cut"] if cut else "15 or more")
        return _rescored(flag, flag.message, step, when)
    if latest is not None:  # the latest score's own re-score, its flags' step, said once
        return _rescored(flag, flag.message, _rescore(name, last, latest_severe), when)
    severe = _if_still_severe(flag.code) if severe_signs(flag) else ""
    return _rescored(flag, flag.message, _rescore(name, f"flag of {when}", severe), when)


def transfer_arranged(action: str) -> bool:
    """Whether a flag's step arranges a transfer: one its re-score decides (:func:`conditional_transfer`) or one
    certain today, a severe CIWA-Ar of the placement's day (:data:`~iopkit.flags.SEVERE_ALCOHOL_STEP`: "Arrange
    transfer now to medically managed withdrawal ..."). Beside either, a suicide risk assessment's box asks the
    receiving team for it if the patient is transferred (:func:`asked_at_handover`); dimension 1, 2 or 3 rated 4 is
    the other certain transfer, read from the ratings (:func:`~iopkit.placement.decision.recommend`). Physician review
    R9 (session 13), should-fix N6; R10, should-fix 2d (e): one rule for any transfer; R11, should-fix 3 (a).

    Parameters
    ----------
    action : str
        A flag's next step.

    Returns
    -------
    bool

    Examples
    --------
    >>> transfer_arranged("Arrange transfer now to medically managed withdrawal (ED, or 3.7-WM/4-WM); ...")
    True
    >>> transfer_arranged("Re-score the CIWA-Ar now (last 10 on 20 Nov 2026); treat on the current score")
    False
    """
    return conditional_transfer(action) or action.startswith(SEVERE_ALCOHOL_STEP.split(" (", 1)[0])


def asked_at_handover(flags: Iterable[Flag], transfer: bool = False, blank: bool = False) -> tuple[Flag, ...]:
    """``flags`` with each suicide-risk finding calling for a risk assessment asked of the receiving team at handover
    (:func:`_asked_at_handover`) where a transfer stands: ``transfer`` (the caller knows one, e.g. dimension 1, 2 or
    3 rated 4, ASAM Criteria 2013: imminent danger) or a step among ``flags`` arranging one (:func:`transfer_arranged`);
    else as they are. With ``blank`` (beside a conditional transfer, an old complicated or severe CIWA-Ar's), a blank
    suicide-risk question's box too (its worst answer assumed until asked). Joint Commission NPSG 15.01.01; physician
    review R9, should-fix N6; R10, should-fix 2d (c), (e).

    Parameters
    ----------
    flags : iterable of Flag
        The flags of a recommendation (their boxes).
    transfer : bool, optional
        A transfer the caller knows stands (a dimension rated 4); default False: only a step among ``flags``.
    blank : bool, optional
        Beside a conditional transfer: a blank suicide-risk question's box too. Default False.

    Returns
    -------
    tuple of Flag
        ``flags``, each suicide-risk finding's step ending with :data:`IF_TRANSFERRED_ASK` where a transfer stands.
    """
    flags = tuple(flags)
    if transfer or any(transfer_arranged(f.action) for f in flags):
        return tuple(_asked_at_handover(f, blank) for f in flags)
    return flags


def _asked_at_handover(flag: Flag, blank: bool = False) -> Flag:
    """A suicide-risk finding calling for a risk assessment (PHQ-9 item 9, C-SSRS screener low or moderate risk; not a
    blank question's worst case unless ``blank``, nor a withdrawn finding) with :data:`IF_TRANSFERRED_ASK` after its
    step, beside a transfer (:func:`asked_at_handover`); any other flag as it is. Physician review R9, should-fix N6;
    R10, should-fix 2d (c) (``blank``: a blank question beside a conditional transfer).

    Examples
    --------
    >>> f = Flag("suicidal_ideation", "PHQ-9 item 9", "critical", "Assess before the patient leaves",
    ...          calls_for="risk_assessment")
    >>> print(_asked_at_handover(f).action)  # doctest: +NORMALIZE_WHITESPACE
    Assess before the patient leaves; if transferred: at handover ask the receiving team for it (do not delay the
    transfer for it)
    """
    from ._calls import calls_for

    if calls_for(flag) is not CallsFor.RISK_ASSESSMENT or flag.worst_case and not blank or flag.withdrawn is not None:
        return flag
    if not flag.action or flag.action.endswith(IF_TRANSFERRED_ASK):
        return flag
    return replace(flag, action=flag.action.rstrip(". ") + IF_TRANSFERRED_ASK)


def _open_not_today(flag: Flag, today: dt.date, scores: tuple[Any, ...], earlier: Mapping[str, dt.date]) -> Flag:
    """An open flag of an earlier score or check-in (``older_open_flags``) of a withdrawal-sign instrument, its day
    read from the note its message ends with (:data:`_NOTED`), with its next step of today
    (:func:`signs_of_another_day`) and, where that is a re-score, its note saying it was not re-scored today. Any
    other flag, and one of today, is returned as it is."""
    noted = _NOTED.search(flag.message)
    if noted is None or not rates_signs_now(noted["name"]):
        return flag
    taken = _noted_day(noted)
    if taken is None:
        return flag
    from ..instruments import get

    code = get(noted["name"]).code
    latest = next((s for s in reversed(scores) if s.instrument == code and not isinstance(s, IopkitError)), None)
    out = signs_of_another_day(
        flag,
        code,
        taken,
        today,
        None if latest is None else (latest.total, earlier.get(code, today)),
        earlier_score=True,
        latest_severe="" if latest is None else _severe_clause(latest),
    )
    return replace(out, message=f"{flag.message[:-1]}, {NOT_RESCORED})") if rescore_step(out.action) else out


def _noted_day(noted: re.Match[str]) -> dt.date | dt.datetime | None:
    """The day (a datetime where the note names the time: "of 02 Dec 2026 at 09:00 CST", aware on the clinic's clock
    where it names the zone) of a note (:data:`_NOTED`); ``None`` for a day that is not one."""
    try:
        day = dt.datetime.strptime(noted["day"], "%d %b %Y")
    except ValueError:
        return None
    if noted["at"] is None:
        return day.date()
    hour, minute = (int(x) for x in noted["at"].split(":"))
    # a note naming its zone was written on the clinic's clock (:func:`_at`): that time, aware, so it reads back the
    # same (the note is of the placement's own day, on this server); one without, as it is
    at = day.replace(hour=hour, minute=minute)
    return clinic_time(at.date(), at.time()) if noted["zone"] else at


def _open_same_day_delirium(flag: Flag, today: dt.date) -> dt.date | dt.datetime | None:
    """When the CIWA-Ar of the placement's own day an open complicated-withdrawal flag (``older_open_flags``, its note
    :data:`_NOTED`) came from was taken (a datetime where the note names the time), else ``None``: such a finding is
    current, not history, until its flag is resolved (:data:`SAME_DAY_OPEN`)."""
    noted = _NOTED.search(flag.message)
    if flag.code != "complicated_withdrawal" or flag.worst_case or noted is None or noted["name"] != "CIWA-Ar":
        return None
    if "not resolved" not in noted[0]:
        return None
    taken = _noted_day(noted)
    return taken if taken is not None and _day(taken, "day") == today else None


def same_day_delirium(flag: Flag) -> str:
    """The finding of an open complicated-withdrawal flag of an earlier CIWA-Ar of the placement's own day, as the
    placement page notes it (:data:`SAME_DAY_NOTE`), in words naming its day and time ("possible withdrawal delirium
    on 02 Dec 2026 (CIWA-Ar at 09:00)"); ``""`` for any other flag. Not excluded, such a finding is current
    withdrawal delirium, never 1-WM (ASAM 2020 alcohol withdrawal guideline, Rec VI.7, VI.9; :data:`SAME_DAY_OPEN`).

    Parameters
    ----------
    flag : Flag
        A flag of a recommendation or suggestion.

    Returns
    -------
    str

    Examples
    --------
    >>> f = Flag("complicated_withdrawal", "CIWA-Ar disorientation (CIWA-Ar of 02 Dec 2026 at 09:00, not resolved: "
    ...          "an earlier score of the placement's day, not history)", "critical")
    >>> same_day_delirium(f)
    'possible withdrawal delirium on 02 Dec 2026 (CIWA-Ar at 09:00)'
    """
    noted = _NOTED.search(flag.message)
    if flag.code != "complicated_withdrawal" or flag.worst_case or noted is None or not noted["same_day"]:
        return ""
    at = " ".join(x for x in (" at", noted["at"], noted["zone"]) if x) if noted["at"] else ""
    return "possible withdrawal delirium " + SAME_DAY_DELIRIUM.format(day=noted["day"], at=at)


def _of_another_day(scores: Iterable[Any], scored_on: Mapping[str, Any] | None, day: dt.date) -> dict[str, dt.date]:
    """The withdrawal-sign scores among ``scores`` (:func:`rates_signs_now`) taken on another day than ``day``
    (``scored_on``), instrument -> that day: signs then, not today's."""
    taken = {code: _day(when, "scored_on") for code, when in (scored_on or {}).items()}
    return {
        s.instrument: taken[s.instrument]
        for s in scores
        if not isinstance(s, IopkitError) and taken.get(s.instrument, day) != day and rates_signs_now(s.instrument)
    }


def _flags_of_another_day(
    scores: Iterable[Any], scored_on: Mapping[str, Any] | None, older: Iterable[Flag], day: dt.date
) -> dict[Flag, dt.date]:
    """The flags of the scores taken on another day than ``day`` (``scored_on``, any instrument) and the older open
    flags whose note (:data:`_NOTED`) names another day, each with that day (:attr:`Suggestion.earlier`; physician
    review R3, session 11, must-fix 5)."""
    taken = {code: _day(when, "scored_on") for code, when in (scored_on or {}).items()}
    out: dict[Flag, dt.date] = {}
    for score in scores:
        on = taken.get(score.instrument, day)
        if on != day:
            out.update(dict.fromkeys(score.flags, on))
    for flag in older:
        noted = _NOTED.search(flag.message)
        when = _noted_day(noted) if noted is not None else None
        if when is not None and _day(when, "day") != day:
            out[flag] = _day(when, "day")
    return out


def _clock(when: Any) -> str:
    """The clinic's clock time of a datetime (:func:`clinic_clock`), " at 09:00"; "" for a date: the time two findings
    are compared by, and the summary's (whose header names the zone once, :func:`iopkit.entry.zone_note`)."""
    if not isinstance(when, dt.datetime):
        return ""
    return f" at {clinic_clock(when):%H:%M}"


def _at(when: Any) -> str:
    """The clinic's clock time of a datetime with its zone, as saved words say it (:func:`iopkit.entry.local_time`:
    " at 09:00 CST"; " at 09:00" for a naive time, "" for a date): a saved decision is read later, elsewhere, so its
    words name the clock they were written on.

    Examples
    --------
    >>> _at(dt.datetime(2026, 12, 2, 9, 0)), _at(dt.date(2026, 12, 2))
    (' at 09:00', '')
    >>> _at(dt.datetime(2026, 12, 2, 9, 0).astimezone()).startswith(" at 09:00 ")
    True
    """
    return f" at {local_time(when).split(' ', 1)[1]}" if isinstance(when, dt.datetime) else ""


def _counted_delirium(found: Iterable[Any], today: dt.date, current: tuple[Any, ...]) -> tuple[Any, ...]:
    """The CIWA-Ar complicated-withdrawal findings (dates or datetimes) that count as possible withdrawal delirium on
    ``today``: all but the one on today's latest CIWA-Ar score itself (``current``: when each such score of today
    carrying the finding was taken; it is rated as the current score, a floor of 4). A finding of today is left out
    only where it is that score: the same moment, or the same day where either's time is unknown; any other finding
    of today (an earlier CIWA-Ar, its flag resolved or not) counts, so it never goes silent."""
    out = []
    for when in found:
        on = _day(when, "withdrawal_delirium_on")
        is_current = on == today and any(
            when == c or not (isinstance(when, dt.datetime) and isinstance(c, dt.datetime)) for c in current
        )
        if not is_current:
            out.append(when)
    return tuple(out)


def _same_finding(when: Any, open_today: Iterable[Any], today: dt.date) -> bool:
    """Whether a CIWA-Ar finding (date or datetime) is that of an open flag of the placement's day (``open_today``:
    when each was taken): the same day and local time, or the same day where either's time is not known."""
    if _day(when, "withdrawal_delirium_on") != today:
        return False
    return any(
        _clock(when) == _clock(o) or not (isinstance(when, dt.datetime) and isinstance(o, dt.datetime))
        for o in open_today
    )


def _possible_delirium(found: tuple[Any, ...], today: dt.date) -> str:
    """The counted findings (:func:`_counted_delirium`) in words: "possible withdrawal delirium on 01 Sep 2026
    (CIWA-Ar)", "possible withdrawal delirium on 02 Dec 2026 (CIWA-Ar at 09:00)", or both joined by
    "and"; "" for none."""
    days = sorted({d for d in (_day(w, "withdrawal_delirium_on") for w in found) if d != today})
    ours = [w for w in found if _day(w, "withdrawal_delirium_on") == today]
    clocks = sorted({_at(w).removeprefix(" at ") for w in ours} - {""})
    parts = [POSSIBLE_DELIRIUM.format(day=", ".join(f"{d:%d %b %Y}" for d in days))] if days else []
    if ours:
        at = f" at {', '.join(clocks)}" if clocks else ""
        same_day = SAME_DAY_DELIRIUM.format(day=f"{today:%d %b %Y}", at=at)
        parts.append(("" if parts else "possible withdrawal delirium ") + same_day)
    return " and ".join(parts)


def _current_delirium(scores: tuple[Any, ...], earlier: Mapping[str, dt.date], scored_on: Mapping[str, Any]) -> tuple:
    """When today's CIWA-Ar score among ``scores`` was taken (``scored_on``; ``None``: not known), if it carries a
    complicated-withdrawal finding itself (a blank safety question's worst case is none): that finding is the
    current score's, not a history."""
    return tuple(
        scored_on.get("ciwa_ar")
        for s in scores
        if s.instrument == "ciwa_ar"
        and s.instrument not in earlier
        and not isinstance(s, IopkitError)
        and any(f.code == "complicated_withdrawal" and not f.worst_case for f in s.flags)
    )


def delirium_history(
    found: Iterable[Any],
    today: dt.date,
    scores: Iterable[Any] = (),
    scored_on: Mapping[str, Any] | None = None,
    listed: Iterable[Any] = (),
) -> str:
    """What the episode's saved CIWA-Ar complicated-withdrawal findings say of the history of complicated
    withdrawal, in words for the placement page ("" when none counts), naming where the answer came from and how it
    is overridden: only by a recorded mitigation, after its medical review (iopkit's rule for a high risk of
    complicated withdrawal, :func:`suggest_dimensions`; ASAM 2020 alcohol withdrawal guideline, Rec II.5, III.1).

    Every finding counts but the one on today's latest CIWA-Ar score itself, which is rated as the current score:
    one of an earlier CIWA-Ar of the same day counts too, worded "on 02 Dec 2026 (CIWA-Ar at 09:00)", the
    same rule as :func:`suggest_dimensions` (``withdrawal_delirium_on``).

    Parameters
    ----------
    found : iterable of date or datetime
        When those findings were taken (:attr:`iopkit.episode.Episode.withdrawal_delirium_at`).
    today : date
        The placement's day.
    scores, scored_on : optional
        The scores and their moments given to :func:`suggest_dimensions`: today's latest CIWA-Ar among them, where
        it carries the finding itself, is the current score, not a history.
    listed : iterable of date or datetime, optional
        When the findings were taken whose flag is still open and listed beside this note with what it means
        (:func:`signs_of_another_day` with ``earlier_score``; one of today: "...; do not manage as ambulatory
        withdrawal until the medical review. The later CIWA-Ar does not exclude delirium: ...",
        :data:`SAME_DAY_STILL_STANDS`): said there once, the stronger wording, not here again. One of another day
        still counts for :func:`suggest_dimensions`; one of today whose flag is open is current, not history
        (dimension 1 suggested 4 until it is resolved).

    Returns
    -------
    str

    Examples
    --------
    >>> delirium_history([dt.date(2026, 9, 1)], dt.date(2026, 12, 2))[:77]
    'From the saved CIWA-Ar of 01 Sep 2026: possible withdrawal delirium on 01 Sep'
    >>> nine = dt.datetime(2026, 12, 2, 9, 0)
    >>> delirium_history([nine], dt.date(2026, 12, 2))[:96]
    'From the saved CIWA-Ar of today at 09:00: possible withdrawal delirium on 02 Dec 2026 (CIWA-Ar a'
    """
    scores = tuple(scores)
    taken = dict(scored_on or {})
    counted = _counted_delirium(found, today, _current_delirium(scores, _of_another_day(scores, taken, today), taken))
    shown = set(listed)
    counted = tuple(w for w in counted if w not in shown)
    if not counted:
        return ""
    days = sorted(counted, key=lambda w: (_day(w, "withdrawal_delirium_on"), _clock(w)))
    where = ", ".join(
        dict.fromkeys(
            f"today{_clock(w)}" if on == today else f"{on:%d %b %Y}"
            for w, on in ((w, _day(w, "withdrawal_delirium_on")) for w in days)
        )
    )
    return (
        f"From the saved CIWA-Ar of {where}: {_possible_delirium(counted, today)}, {IF_CONFIRMED} (hallucinations or "
        "disorientation; counted whether its flag is resolved or not, whatever is answered above): "
        f"{NOT_WITHOUT_MONITORING}. To manage it without 24-hour care, record why below; a medical review of that "
        "reason comes first."
    )


def _delirium_found(
    given: tuple[Any, ...], scores: tuple[Any, ...], earlier: Mapping[str, dt.date], older: tuple[Flag, ...]
) -> list[Any]:
    """The CIWA-Ar complicated-withdrawal findings (possible withdrawal delirium) known to
    :func:`suggest_dimensions`, as dates or datetimes: those given (``withdrawal_delirium_on``), a CIWA-Ar score of
    another day carrying the flag (``earlier``), and an open flag of a CIWA-Ar of another day (its day read from the
    note its message ends with, :data:`_NOTED`). A blank safety question's worst case (``Flag.worst_case``) is no
    finding."""
    found: list[Any] = []
    for when in given:
        _day(when, "withdrawal_delirium_on")  # a date or datetime, else refused
        found.append(when)
    found += [
        earlier[s.instrument]
        for s in scores
        if s.instrument == "ciwa_ar" and s.instrument in earlier and not isinstance(s, IopkitError)
        for f in s.flags
        if f.code == "complicated_withdrawal" and not f.worst_case
    ]
    for flag in older:
        noted = _NOTED.search(flag.message)
        if flag.code == "complicated_withdrawal" and not flag.worst_case and noted and noted["name"] == "CIWA-Ar":
            try:
                found.append(dt.datetime.strptime(noted["day"], "%d %b %Y").date())
            except ValueError:
                continue
    return list(dict.fromkeys(found))


def _route_sources(source: str, flag: Flag, calls: CallsFor) -> str:
    """The sources of a suggestion a flag's route makes: a withdrawal sign's are the sign's own, for the substance its
    item asks about (:data:`iopkit.instruments.WITHDRAWAL_ASSESSMENTS`: the ASAM alcohol withdrawal guideline for an
    alcohol item; the benzodiazepine tapering guideline, the GHB/GBL review and the COWS for a drug item), never the
    alcohol guideline for a drug item (physician review R28 S8: DAST-10 item 9 cited ASAM's alcohol guideline); any
    other route's are :data:`FLAG_ROUTES`'s."""
    return flag.source if calls is CallsFor.MEDICAL_REVIEW and flag.source else source


def _routed(why: str, flag: Flag, calls: CallsFor, note: str = "") -> str:
    """The reason of a suggestion a flag's route makes (:data:`FLAG_ROUTES`): the route's why and the flag, and
    for a withdrawal sign its own next step (what to assess for the substance its item asks about, from the one
    text the instrument's flag holds), e.g. "... (DAST-10 item 9 ...: ...; next step: Assess withdrawal risk today
    (ask which drugs ...) ...)"."""
    step = f"; next step: {flag.action}" if calls is CallsFor.MEDICAL_REVIEW and flag.action else ""
    return f"{why} ({note}{flag.message}{step})"


def _measure(score: Any) -> float | None:
    """The number the table is keyed on for this score (None: this score cannot suggest; a refused form's
    error has no total or band)."""
    total, band = getattr(score, "total", None), getattr(score, "band", None)
    if score.instrument == "cssrs_screen":
        return _CSSRS_RANK.get(str(band)) if band is not None else None
    if score.instrument == "ciwa_ar":
        return None if total is None else 0 if total == 0 else CIWA_BAND_RANK.get(str(band))
    if score.instrument == "bam":
        subs = getattr(score, "subscores", None) or {}
        if any(subs.get(k) is None for k in ("use", "risk", "protective")):
            return None
        return sum(flag.code in BAM_CONCERNS for flag in score.flags)
    return total


#: The instruments whose rules are keyed on a band or count the rule's meaning names in words (C-SSRS screen risk
#: band, BAM subscales: :func:`_measure`), so a suggestion's reason adds no number: the rank behind it is iopkit's, not
#: an answer or a total (walk24 finding 6: "(value 3)" for a C-SSRS high risk).
_SAID_BY_MEANING = frozenset({"cssrs_screen", "bam"})


def _from_rule(
    rule: SuggestionRule, value: float, label: str, flags: tuple[Flag, ...], score: Any = None
) -> Suggestion:
    """The suggestion of ``rule`` for ``value``, its reason the rule's meaning and what it was read from: a CIWA-Ar's
    total and band on its scheme (:func:`_banded`), another total ("PHQ-9 10 or more: ... (total 17)"), the readiness
    ruler's value ("readiness ruler 4-6 (ruler at 5)"), nothing more for a band or count the meaning names
    (:data:`_SAID_BY_MEANING`). It carries the score's flags except those a route takes to another dimension
    (:func:`_of_dimension`)."""
    flags = _of_dimension(flags, rule.dimension)
    banded = _banded(score) if label == "ciwa_ar" else None
    if banded is not None:
        said = f" ({banded.said})"
    elif label in _SAID_BY_MEANING:
        said = ""
    else:
        said = f" (ruler at {value:g})" if label == "readiness" else f" (total {value:g})"
    # a withdrawal-sign score's total, as data where it is said (total_today; one of another day drops it)
    total = getattr(score, "total", None) if label in _TOTAL_TODAY else None
    today = ((label, total),) if total is not None else ()
    why = f"{rule.meaning}{said}"
    return Suggestion(rule.dimension, rule.rating, why, rule.source, label, flags, banded=banded, totals_today=today)


def _of_dimension(flags: tuple[Flag, ...], dimension: int) -> tuple[Flag, ...]:
    """The flags of a score that a rule's suggestion for ``dimension`` carries: all but those whose call a route takes
    to another dimension (:data:`FLAG_ROUTES`: a withdrawal sign on the DAST-10 or AUDIT to dimension 1), which reach
    the recommendation with that dimension's suggestion. So a rating of the rule's dimension below it is never said to
    be below what such a sign calls for: the DAST-10 total, not its item 9, suggests dimension 5's rating (walk24
    finding 6)."""
    from ._calls import calls_for

    return tuple(f for f in flags if (route := FLAG_ROUTES.get(calls_for(f))) is None or route[0] == dimension)


def _banded(score: Any) -> Banded | None:
    """A CIWA-Ar score's total, banding scheme and band (:class:`Banded`), which a suggestion's reason says in words
    ("total 24: severe on iopkit's default bands") and the headline reads to name a severe band
    (:func:`severe_band_words`); ``None`` for another score or one without a total."""
    if getattr(score, "instrument", None) != "ciwa_ar" or getattr(score, "total", None) is None:
        return None
    return Banded(score.total, score.basis.scheme, str(score.band))


#: The rating of dimension 1 a high risk of complicated withdrawal suggests (3: 3.7-WM), and the one it suggests once
#: a mitigation is recorded (2: 2-WM, extended on-site monitoring): :func:`_withdrawal_risk` (ASAM 2020 alcohol
#: withdrawal guideline, Rec II.5, III.1; iopkit's own rule for the mitigated risk).
RISK_RATING, RISK_MITIGATED_RATING = 3, 2


@functools.cache
def _band_flag_rules() -> Mapping[str, tuple[str, tuple[str, ...]]]:
    """Every band flag rule of the withdrawal-sign instruments (:func:`rates_signs_now`), read from the definitions:
    code -> (instrument code, the band labels that raise it); :func:`_severe_bands` holds the critical ones."""
    from ..instruments import CATALOGUE

    return MappingProxyType(
        {
            rule.code: (inst.code, rule.when[0].bands)
            for inst in CATALOGUE.values()
            if rates_signs_now(inst.code)
            for rule in inst.flags
            if rule.severity is not Severity.INFO and rule.when and all(w.bands for w in rule.when)
        }
    )


def rating_called_for(flag: Flag, suggested: int | None = None) -> int | None:
    """The rating of its dimension a finding calls for by itself, by the rule that suggests it, so a rating below a
    suggestion names each finding with the rating it calls for (physician review): a finding that sets a floor
    whatever the total (:data:`FLAG_FLOORS`: complicated withdrawal 4, CIWA-Ar item 10 at 1 2), a high risk of
    complicated withdrawal 3, or 2 once a mitigation is recorded (:data:`RISK_RATING`), a withdrawal-sign band flag
    its band's rating in :data:`SUGGESTION_RULES` (CIWA-Ar severe 3, moderate 2; COWS 13 or more 2: ASAM 2020
    alcohol withdrawal and OUD guidelines, Wesson & Ling 2003); a critical suicide-risk flag the rating its
    suggestion is given (physician review 7): a same-day risk assessment's (e.g. PHQ-9 item 9) the floor of
    :data:`SAFETY_FLOOR` (2), an emergency evaluation's (C-SSRS screen high risk) the ``suggested`` rating of the
    suggestion it travels with (4: Columbia triage; ASAM 2013, rating 4 is imminent danger); ``None`` for any other
    flag and for a blank question's worst case (no finding).

    Parameters
    ----------
    flag : Flag
        A flag a suggestion carries.
    suggested : int, optional
        The rating of the suggestion the flag travels with (read for a critical suicide-risk flag only).

    Returns
    -------
    int or None

    Examples
    --------
    >>> rating_called_for(Flag("severe_opioid_withdrawal", "COWS above 36", "critical"))
    2
    >>> rating_called_for(Flag("severe_alcohol_withdrawal", "CIWA-Ar severe", "critical"))
    3
    >>> rating_called_for(Flag("positive_screen", "AUDIT 8 or more")) is None
    True
    >>> rating_called_for(Flag("suicidal_ideation", "PHQ-9 item 9", "critical", calls_for="risk_assessment"))
    2
    """
    from ..instruments import get
    from ._calls import calls_for

    if flag.worst_case:
        return None
    if flag.severity is Severity.CRITICAL and (call := calls_for(flag)) in SUICIDE_RISK_CALLS:
        return SAFETY_FLOOR[3][0] if call is CallsFor.RISK_ASSESSMENT else suggested
    if flag.code in FLAG_FLOORS:
        return FLAG_FLOORS[flag.code][1]
    if flag.code == "complicated_withdrawal_risk":
        return RISK_MITIGATED_RATING if MITIGATED in flag.message else RISK_RATING
    instrument, bands = _band_flag_rules().get(flag.code, ("", ()))
    if not instrument:
        return None
    band = next(b for b in get(instrument).schemes[0].bands if b.label in bands)
    value = CIWA_BAND_RANK.get(band.label) if instrument == "ciwa_ar" else band.low
    rule = next(
        (r for r in SUGGESTION_RULES if r.instrument == instrument and value is not None and r.low <= value <= r.high),
        None,
    )
    return rule.rating if rule else None


def _withdrawal_risk(
    prior: bool | None, pawss: int | None, mitigated: str | None, delirium: str = ""
) -> Suggestion | None:
    """The dimension 1 suggestion from the risk of complicated withdrawal (None: no high risk known).

    A past withdrawal seizure or delirium tremens, a PAWSS of 4 or more, or possible withdrawal delirium on a
    CIWA-Ar of another day or earlier today (``delirium``, in words, :func:`_possible_delirium`: if confirmed, a
    history of complicated withdrawal) is high risk of complicated alcohol withdrawal (ASAM 2020 alcohol
    withdrawal guideline Rec II.1, II.5; Maldonado et al. 2014):
    dimension 1 at least 3 (3.7-WM, medically monitored inpatient withdrawal management) unless the
    clinician records why the risk is managed otherwise; the warning stays either way. A recorded mitigation
    lowers the suggestion to 2 (2-WM, ambulatory withdrawal management with extended on-site monitoring), not
    below (iopkit's own rule: ASAM 2020 Rec III.1 allows ambulatory management for limited or mitigated risk;
    iopkit reads a mitigated high risk as ambulatory care with extended on-site monitoring, never 1-WM); its flag
    still calls for a medical review of the mitigation, which leads the headline whatever the rating. That review is
    a prescriber's, before the patient leaves (:attr:`~iopkit.flags.MedicalReview.PRESCRIBER`): managing withdrawal
    outside a medically monitored setting despite a high risk of complicated withdrawal is a prescriber's decision
    (physician review).
    """
    if prior is not None and not is_bool(prior):
        raise PlacementInputError(f"prior_withdrawal_seizure_or_dt must be True, False or None (got {prior!r})")
    if pawss is not None:
        whole = whole_number(pawss) if not isinstance(pawss, str) else None
        if whole is None or not 0 <= whole <= 10:
            raise PlacementInputError(f"pawss must be a whole PAWSS total 0..10 or None (got {pawss!r})")
        pawss = whole
    if mitigated is not None and (not isinstance(mitigated, str) or not mitigated.strip()):
        raise PlacementInputError(f"withdrawal_risk_mitigated must be non-empty text or None (got {mitigated!r})")
    found = (
        ([f"PAWSS {pawss} (4 or more)"] if pawss is not None and pawss >= PAWSS_HIGH_RISK else [])
        + (["past withdrawal seizure or delirium tremens"] if prior else [])
        + ([delirium] if delirium else [])
    )
    if not found:
        return None
    what = " and ".join(found)
    # the finding first (the headline names it by what precedes the first ": "), then what it means
    meaning = f"{IF_CONFIRMED}; " if delirium else ""
    message = f"{what[:1].upper()}{what[1:]}: {meaning}high risk of complicated alcohol withdrawal"
    if mitigated:
        message += f"; {MITIGATED}: {mitigated}"
    source = f"{_RISK_SOURCE}; ciwa_sullivan1989; iopkit" if delirium else _RISK_SOURCE
    flag = Flag(
        "complicated_withdrawal_risk",
        message,
        Severity.WARNING,
        _MITIGATED_ACTION.format(mitigated=mitigated) if mitigated else _UNMITIGATED_ACTION,
        source,
        calls_for=CallsFor.MEDICAL_REVIEW,
        medical_review=MedicalReview.PRESCRIBER,  # a prescriber's decision, not the day's review
    )
    rating = RISK_MITIGATED_RATING if mitigated else RISK_RATING
    why = (
        f"risk of complicated withdrawal ({what}) recorded as mitigated: {mitigated}; at least ambulatory "
        "withdrawal management with extended on-site monitoring, after a medical review of the mitigation"
        if mitigated
        else f"high risk of complicated withdrawal ({what}): medically monitored inpatient withdrawal management"
    )
    return Suggestion(1, rating, why, source, "withdrawal risk", (flag,))


def suggest_dimensions(
    scores: Iterable[Any],
    *,
    readiness: int | None = None,
    seizure_or_delirium: bool = False,
    prior_withdrawal_seizure_or_dt: bool | None = None,
    pawss: int | None = None,
    withdrawal_risk_mitigated: str | None = None,
    withdrawal_delirium_on: Iterable[dt.date | dt.datetime] = (),
    older_open_flags: Iterable[Flag] = (),
    scored_on: Mapping[str, dt.date] | None = None,
    today: dt.date | None = None,
    **unknown: object,
) -> Mapping[int, Suggestion]:
    """Suggest dimension ratings from today's scores and facts; the clinician decides.

    CIWA-Ar/COWS suggest dimension 1 (a ``complicated_withdrawal`` flag on any score: 4,
    whatever the total); PHQ-9, GAD-7, PCL-5, C-SSRS and their safety flags dimension 3;
    AUDIT (16+), DAST-10 (3+) and BAM (Likert version) dimension 5; the readiness ruler
    (``readiness=``, 0..10) dimension 4. Where several scores inform one dimension the highest suggestion
    is kept and every score's flags travel with it. Scores of other instruments are
    ignored. Pass the result to :func:`recommend` as ``suggested=``.

    Parameters
    ----------
    scores : iterable of Score or IopkitError
        Today's scores (:func:`iopkit.score`), or a refused (unfinished) form's error, whose certain flags
        count (a flag that is only the worst case of a blank safety question travels, but sets no floor);
        scores of instruments without a rule suggest nothing, yet their safety flags reach the dimension
        their call concerns (:data:`FLAG_ROUTES`: a withdrawal sign dimension 1, a suicide-risk flag
        dimension 3).
    readiness : int, optional
        The readiness ruler value, a whole number 0..10 (dimension 4).
    seizure_or_delirium : bool
        Withdrawal seizures or delirium now or in this episode: dimension 1 rated 4 with a critical
        flag (a string such as "no" is refused, never read as True).
    prior_withdrawal_seizure_or_dt : bool, optional
        Has the patient ever had a withdrawal seizure or delirium tremens? ``None``: not asked.
    pawss : int, optional
        The PAWSS total, 0..10 (Maldonado et al. 2014). ``None``: not scored.
        A past seizure or DT, or a PAWSS of 4 or more, raises a warning calling for medical review and
        suggests dimension 1 at least 3 (3.7-WM) (ASAM 2020 alcohol withdrawal guideline Rec II.1,
        II.5); with neither asked, where a CIWA-Ar was given, dimension 1's suggestion says the risk was not
        assessed (:data:`RISK_NOT_ASSESSED`, whichever score's rule it keeps; Rec III.3: the CIWA-Ar reflects current
        signs and does not decide the setting alone), and the headline names that assessment before a plan below
        3.7-WM (:data:`ASSESS_WITHDRAWAL_RISK`, :func:`risk_step`); with no past seizure or delirium tremens reported
        but no PAWSS, that the PAWSS is still to score (:data:`PAWSS_NOT_SCORED`, :data:`SCORE_PAWSS`).
    withdrawal_risk_mitigated : str, optional
        The clinician's reason a high withdrawal risk is managed without 24-hour care: the warning
        stays (with the reason, calling for a medical review of it, which leads the headline) and the
        suggestion is 2 (2-WM, extended on-site monitoring), not 3.
    withdrawal_delirium_on : iterable of date or datetime, optional
        When this episode's saved CIWA-Ar scores with a complicated-withdrawal finding (hallucinations or
        disorientation) were taken, whether their flags are resolved or not
        (:attr:`iopkit.episode.Episode.withdrawal_delirium_at`; a datetime keeps the time of day).
        Each, like such a flag of another day among ``scores`` (``scored_on``) or ``older_open_flags``, is possible
        withdrawal delirium, if confirmed a history of complicated withdrawal, but the finding on today's latest
        CIWA-Ar score itself (among ``scores``, carrying the flag: rated as the current score, a floor of 4; the
        same moment as ``scored_on["ciwa_ar"]``, or the same day where a time is not known). A finding of an earlier
        CIWA-Ar of today whose flag is still open (among ``older_open_flags``) is current, not history: the later
        CIWA-Ar does not exclude delirium (ASAM 2020 alcohol withdrawal guideline, Rec VI.7, VI.9), so dimension 1 is
        suggested 4 (4-WM) until a clinician resolves the flag (:data:`SAME_DAY_OPEN`). Once resolved it counts as
        below, worded "possible withdrawal delirium on <day> (CIWA-Ar at 09:00)": resolving a flag (e.g. after
        lorazepam) never silences it. Such a finding is
        a high risk of complicated withdrawal, as a past withdrawal seizure or delirium tremens is (24-hour withdrawal
        management, 3.7-WM, by default; 2-WM once a mitigation is recorded, after its medical review; never 1-WM;
        ASAM 2020 alcohol withdrawal guideline, Rec II.5, III.1). Resolving the flag does not end the history.
    older_open_flags : iterable of Flag
        Unresolved safety flags not on today's scores: of older scores (e.g.
        :attr:`iopkit.episode.Episode.open_flags`, those not on today's scores) and of the patient's check-in
        answers not saved yet (:attr:`iopkit.episode.Episode.checkin_flags`, open until the check-in is
        reviewed): each travels with the suggestion for the dimension its call concerns
        (:data:`FLAG_ROUTES`), to the recommendation's first step, so an open high risk of last week is not
        left out of the headline; today's scores still rate (where none does, the route's rating is
        suggested). iopkit's own rule: a flag stays open until a resolution records what was done.
        A CIWA-Ar or COWS flag (:func:`rates_signs_now`) whose message ends with the placement page's note of
        its day other than ``today`` ("(COWS of 01 Sep 2026, not resolved)") is rewritten as a score of another
        day is (see ``scored_on``): its note adds "not re-scored today" and it calls for a re-score now, the
        same one as the instrument's latest score where that is of another day too ("Re-score the COWS now
        (last 13 on 15 Sep 2026); treat on the current score"), else naming its own day ("(flag of 01 Sep
        2026)"); where today's score of the instrument is given, for treatment on that score.
    scored_on : mapping of str to date, optional
        The day each instrument's score was taken (instrument code -> date or datetime; the placement page
        passes its saved scores' days). A withdrawal-sign score (:func:`rates_signs_now`: CIWA-Ar, COWS) of a
        day other than ``today`` still suggests its rating, said to be of that day, but each of its flags names
        that day (``"(COWS of 01 Sep 2026, not re-scored today)"``) and calls for a re-score now ("Re-score the
        COWS now (last 13 on 01 Sep 2026); treat on the current score"), never for treatment on the old signs;
        the headline then leads with that re-score. A score in its severe band (CIWA-Ar severe, COWS above 36:
        :func:`severe_signs`) names it, with what a re-score still in that band calls for ("Re-score the COWS now
        (last 44 on 20 Nov 2026, severe): if still 37 or more, a prescriber treats withdrawal now (...) ...; if below
        37: treat on the current score", :data:`IF_STILL_SEVERE`; a CIWA-Ar asks what happened since,
        :data:`SEVERE_SINCE`): its flag stays critical, but the headline leads with that re-score, a medical review now,
        not with an emergency evaluation or treatment on the old signs; the score still suggests its band's rating, as a
        moderate band's does (the clinician's rating decides; a rating below it leads with the same re-score). Default:
        every score is today's.
    today : date, optional
        The placement's day (default: the clock's date).
    **unknown
        Refused: any other name raises :class:`~iopkit.errors.PlacementInputError` listing the facts
        there are (:data:`FACTS`), so a misspelt fact is never silently ignored.

    Returns
    -------
    Mapping of int to Suggestion
        A read-only mapping, dimension -> the highest suggestion for it, carrying every flag of the
        scores behind it (in dimension order).

    Raises
    ------
    PlacementInputError
        An unknown fact, ``scores`` not iterable or holding something that is neither a score nor a
        refused form's error, a readiness value that is not a whole number 0..10,
        ``seizure_or_delirium`` or ``prior_withdrawal_seizure_or_dt`` not a bool, a PAWSS that is not
        a whole number 0..10, a mitigation reason that is not non-empty text, a ``withdrawal_delirium_on`` day that
        is not a date, or an
        ``older_open_flags`` entry that is not a :class:`~iopkit.flags.Flag`.

    Examples
    --------
    >>> s = suggest_dimensions([], readiness=5)
    >>> s[4].rating, s[4].from_score
    (2, 'readiness')
    """
    if unknown:
        raise PlacementInputError(f"Unknown fact(s) {sorted(unknown)}; allowed: {', '.join(FACTS)}")
    from ._calls import calls_for  # read as the review reads it: a flag saved before its rule changed

    found: dict[int, list[Suggestion]] = {}
    flags: dict[int, list[Flag]] = {}

    def add(s: Suggestion) -> None:
        found.setdefault(s.dimension, []).append(s)
        flags.setdefault(s.dimension, []).extend(s.flags)

    try:
        scores = tuple(scores)
    except TypeError:
        raise PlacementInputError(
            f"scores must be a list of scores (iopkit.score results), not {scores!r}",
            item="scores",
            value=scores,
            allowed="Score values",
        ) from None
    for score in scores:  # a Score, or a refused form's error (an IopkitError), which carries its certain flags
        if not (hasattr(score, "instrument") and hasattr(score, "flags")) or not (
            isinstance(score, IopkitError) or all(hasattr(score, name) for name in ("total", "band"))
        ):
            raise PlacementInputError(
                f"scores must be iopkit.score results or a refused form's error (got {score!r})",
                item="scores",
                value=score,
                allowed="Score values or IopkitError with flags",
            )
    day = clinical_day() if today is None else _day(today, "today")
    earlier = _of_another_day(scores, scored_on, day)
    scores = tuple(
        _not_today(s, earlier[s.instrument]) if s.instrument in earlier and not isinstance(s, IopkitError) else s
        for s in scores
    )
    for score in scores:
        value = _measure(score)
        # a finding sets the floor; a blank safety question only prompts the question (it travels, sets no floor)
        critical = [f for f in score.flags if f.severity == Severity.CRITICAL and not f.worst_case]
        matched = False
        for rule in SUGGESTION_RULES:
            if rule.instrument == score.instrument and value is not None and rule.low <= value <= rule.high:
                matched = True
                made = _from_rule(rule, value, score.instrument, tuple(score.flags), score)
                if score.instrument in earlier:
                    when = f"{earlier[score.instrument]:%d %b %Y}"
                    # its signs are not today's: no total of today (total_today)
                    made = replace(
                        made, reason=f"{made.reason} ({when}, {NOT_RESCORED}: re-score now)", totals_today=()
                    )
                add(made)
                if critical and rule.dimension in SAFETY_FLOOR:
                    floor, why, source = SAFETY_FLOOR[rule.dimension]
                    add(Suggestion(rule.dimension, max(floor, rule.rating), why, source, score.instrument))
        dimension = _DIMENSION_OF.get(score.instrument)
        # e.g. an unfinished form: flags still travel
        if not matched and critical and dimension is not None and dimension in SAFETY_FLOOR:
            floor, why, source = SAFETY_FLOOR[dimension]
            add(
                Suggestion(
                    dimension, floor, f"{why} (form not fully scored)", source, score.instrument, tuple(score.flags)
                )
            )
        for flag in score.flags:  # whatever the total, and even where no band rule applies (partial form)
            if flag.code in FLAG_FLOORS and not flag.worst_case:  # a finding, not a blank safety question
                dimension, rating, why, source = FLAG_FLOORS[flag.code]
                # the total kept beside the finding, so a severe band under it is still named with its scheme
                banded = _banded(score)
                scored = f"; {banded.said}" if banded is not None else ""
                add(
                    Suggestion(
                        dimension,
                        rating,
                        f"{why} ({flag.message}{scored})",
                        source,
                        score.instrument,
                        tuple(score.flags),
                        banded=banded,
                    )
                )
        for flag in score.flags:  # a safety flag reaches the dimension its call concerns
            route = FLAG_ROUTES.get(calls_for(flag))
            if route is not None and flag not in flags.get(route[0], ()):
                dimension, rating, why, source = route
                calls = calls_for(flag)
                add(
                    Suggestion(
                        dimension,
                        rating,
                        _routed(why, flag, calls),
                        _route_sources(source, flag, calls),
                        score.instrument,
                        (flag,),
                    )
                )
    if readiness is not None:
        whole = whole_number(readiness)
        if whole is None or not 0 <= whole <= 10:
            raise PlacementInputError(f"readiness must be a whole ruler value 0..10 (got {readiness!r})")
        readiness = whole
        rule = next(r for r in SUGGESTION_RULES if r.instrument == "readiness" and r.low <= readiness <= r.high)
        add(_from_rule(rule, readiness, "readiness", ()))
    seizure = seizure_or_delirium
    if not is_bool(seizure):  # a string "no" must not raise a critical flag
        raise PlacementInputError(f"seizure_or_delirium must be True or False (got {seizure!r})")
    if seizure:
        _, rating, _, source = FLAG_FLOORS["complicated_withdrawal"]
        add(
            Suggestion(
                1,
                rating,
                "withdrawal seizures or delirium: imminent danger",
                source,
                "seizure_or_delirium",
                (
                    Flag(
                        "complicated_withdrawal",
                        "Withdrawal seizures or delirium reported",
                        Severity.CRITICAL,
                        "Arrange medically managed withdrawal management or emergency referral now",
                        source,
                        calls_for=CallsFor.MEDICAL_REVIEW,
                    ),
                ),
            )
        )
    try:
        older = tuple(older_open_flags)
        seen = tuple(withdrawal_delirium_on)
    except TypeError:
        raise PlacementInputError(
            "older_open_flags and withdrawal_delirium_on must be lists (of Flag values, of dates)"
        ) from None
    for flag in older:
        if not isinstance(flag, Flag):
            raise PlacementInputError(
                f"older_open_flags must be Flag values (got {flag!r})",
                item="older_open_flags",
                value=flag,
                allowed="Flag values",
            )
    current = _current_delirium(scores, earlier, dict(scored_on or {}))
    of_day = _flags_of_another_day(scores, scored_on, older, day)
    # an open flag of an earlier CIWA-Ar of today: current (possible) withdrawal delirium until a clinician resolves
    # it, not yet a history (ASAM 2020 alcohol withdrawal guideline, Rec VI.7, VI.9)
    open_today = {f: w for f in older if (w := _open_same_day_delirium(f, day)) is not None}
    found_before = [
        w for w in _delirium_found(seen, scores, earlier, older) if not _same_finding(w, open_today.values(), day)
    ]
    delirium = _possible_delirium(_counted_delirium(found_before, day, current), day)
    risk = _withdrawal_risk(prior_withdrawal_seizure_or_dt, pawss, withdrawal_risk_mitigated, delirium)
    if risk is not None:
        add(risk)
    # a CIWA-Ar without either risk fact, or without a PAWSS where no past seizure or delirium tremens was reported:
    # dimension 1's suggestion says so, whichever rule it keeps (the headline reads it, risk_step)
    not_assessed = (
        (PAWSS_NOT_SCORED if prior_withdrawal_seizure_or_dt is False else RISK_NOT_ASSESSED)
        if prior_withdrawal_seizure_or_dt is not True
        and pawss is None
        and not delirium
        and any(s.from_score == "ciwa_ar" for s in found.get(1, ()))
        else ""
    )
    for flag in older:  # an older unresolved safety flag reaches the first step; today's scores rate
        taken = open_today.get(flag)
        flag = _open_not_today(flag, day, scores, earlier)  # a CIWA-Ar or COWS of another day: re-score it now
        if taken is not None:  # possible withdrawal delirium of today, not excluded: 4 (4-WM) while it is open
            if SAME_DAY_NOTE not in flag.message:  # noted without it: say it is of the placement's day, not history
                flag = replace(flag, message=f"{flag.message[:-1]}: {SAME_DAY_NOTE})")
            _, rating, _, source = FLAG_FLOORS["complicated_withdrawal"]
            why = SAME_DAY_OPEN.format(day=f"{day:%d %b %Y}", at=_at(taken))
            add(Suggestion(1, rating, why, joined(source, "cam_inouye1990; iopkit"), "open flag", (flag,)))
            continue
        # a legacy flag (saved calling for a note) is never dropped; a C-SSRS high risk a correction withdrew, never
        # closed (Flag.withdrawn), calls for its screen repeated, a risk assessment, never an emergency evaluation on
        # the disputed answers (iopkit's own rule, physician review; the headline's step: recommendation)
        calls = CallsFor.RISK_ASSESSMENT if flag.withdrawn is not None else calls_for(flag)
        route = FLAG_ROUTES.get(calls)
        if route is None or flag in flags.get(route[0], ()):
            continue
        if route[0] in found:  # today's suggestion stands; the open flag travels with it
            flags[route[0]].append(flag)
        else:
            dimension, rating, why, source = route
            add(
                Suggestion(
                    dimension,
                    rating,
                    _routed(why, flag, calls, "open flag, not on today's scores: "),
                    _route_sources(source, flag, calls),
                    "open flag",
                    (flag,),
                )
            )
    # beside a transfer an old CIWA-Ar's re-score decides, a suicide risk assessment's box asks the receiving team for
    # it if the patient is transferred (physician review R9, should-fix N6, its words; the headline's form:
    # resolution.SCREENED_IF_TRANSFERRED)
    handover = any(transfer_arranged(f.action) for fs in flags.values() for f in fs)
    # beside a conditional transfer, a blank question's box too (R10 should-fix 2d (c))
    blank = any(conditional_transfer(f.action) for fs in flags.values() for f in fs)
    out = {}
    for d, options in sorted(found.items()):
        best = max(options, key=lambda s: s.rating)
        # a CIWA-Ar or COWS of today under a higher rule (e.g. a past withdrawal seizure): its total still said
        # (total_today)
        for instrument, (note, _) in _TOTAL_TODAY.items():
            mine = [s for s in options if s.from_score == instrument and instrument not in earlier]
            total = next((t for s in mine if (t := total_today(s, instrument)) is not None), None)
            if d == 1 and total is not None and best.from_score != instrument:
                said = f"{best.reason}; {note.format(total=total)}"
                best = replace(best, reason=said, totals_today=(*best.totals_today, (instrument, total)))
        if d == 1 and not_assessed:
            best = replace(best, reason=f"{best.reason}; {not_assessed}")
        kept = tuple(dict.fromkeys(flags[d]))
        then = tuple(dict.fromkeys((f.code, f.message, on) for f in kept if (on := of_day.get(f)) is not None))
        # each flag of another day carries that day, so every list of flags says it (Flag.said): an old finding
        # never reads as today's (physician ruling R20b, S5)
        kept = tuple(dict.fromkeys(f.of_day(of_day.get(f)) for f in kept))
        kept = asked_at_handover(kept, handover, blank)
        out[d] = replace(best, flags=kept, earlier=then)
    return MappingProxyType(out)
