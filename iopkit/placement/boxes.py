"""The chart boxes beside a headline that keeps the patient: one rule for every box.

Where the headline orders an emergency evaluation for suicide risk (a C-SSRS screener high risk), a transfer now, or
a transfer for dimension 1, 2 or 3 rated 4, no flag's box (its next step, shown beside the headline) says "before the
patient leaves", nor, beside the suicide evaluation, offers "capacity to decline" or a 3.7-WM unit that cannot do a
suicide evaluation, nor, beside a rating of 4, a dose without the intoxication screen or a 3.7-WM destination, nor,
beside dimension 3 rated 4, "capacity to decline" (physician review R13, session 14: must-fix M1, M2; should-fix S1,
S2, S3, S10; R14: must-fix M1, should-fix S1, S2, S3, S5; the reviewers' words). The rule is
said once (:func:`boxes_beside_emergency`); each box's new words are data (:data:`BESIDE_WORDS`): a box's words as
raised, and what it says instead beside each :class:`Beside`, the first that stands winning.

The headline reads the findings as raised and is the same either way (checked byte for byte over a sweep).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from enum import StrEnum
from types import MappingProxyType

from ..flags import (
    BENZODIAZEPINE_UNTIL_HANDOVER,
    COWS_COMPLICATING,
    DECLINES_TRANSFER,
    DELIRIUM_SCREEN,
    FIRST_DOSE_SEVERE,
    INTOXICATION_SIGNS,
    OPIOID_AGONISTS,
    PRESCRIBER_REVIEW,
    REASSESS_SEIZURES,
)
from .recommendation import (
    _BEFORE_ANY_DOSE,
    _DELIRIUM_TO_ED,
    _FIRST_DOSE_NOW,
    FIRST_DOSE_AFTER_SCREEN,
    MODERATE_CIWA_RESCORE_AT_4,
    Recommendation,
)
from .steps import headline_steps
from .suggest import (
    DECLINES_OR_LEAVES,
    DECLINES_OR_LEAVES_PSYCHIATRIC,
    IF_TRANSFERRED_ASK,
    IN_24H_SETTING,
    NO_DRIVING_UNTIL_NO_DELIRIUM,
    SEIZURE_SINCE,
    SEVERE_STEP,
    suicide_emergency,
)


class Beside(StrEnum):
    """What the headline has ordered that a box must not contradict, most binding first where one box's words differ.

    ``rated_4_d3``: dimension 3 rated 4, with or without another (the emergency psychiatric evaluation and the
    emergency medical evaluation in one setting, the emergency mental-health hold: physician review R14, must-fix
    M1); ``rated_4_d1``: dimension 1 rated 4 (a transfer now, ED or 4-WM); ``rated_4_d2_d3``: dimension 2 or 3 rated
    4, not 1 (a transfer now, ED); ``rated_4``: any of dimensions 1-3 (ASAM Criteria 2013: rating 4, imminent danger,
    the patient leaves only by transfer); ``high``: an emergency evaluation for suicide risk (C-SSRS screener high
    risk: the patient is not left alone, Posner et al. 2011; Joint Commission NPSG 15.01.01); ``transfer_now``: the
    headline's first step arranges a transfer now that no condition ("if ...") stands before (e.g. a severe or
    complicated CIWA-Ar of today, a COWS above 36 with alcohol withdrawal alongside); ``transfer_now_complicated``:
    such a transfer beside complicated alcohol withdrawal (CIWA-Ar hallucinations or disorientation: possible
    delirium, a medical emergency, ASAM 2020 alcohol withdrawal guideline, Rec VI.7; physician review R14, should-fix
    S5), or beside a C-SSRS high with complicated alcohol withdrawal, its COWS boxes' words winning over the high's
    (the delirium and intoxication screen before any dose, the benzodiazepine monitoring and the handover; opioids
    with CNS depressants: FDA boxed warning 2016, 20 Sep 2017; physician review R15, must-fix M1).
    """

    RATED_4_D3 = "rated_4_d3"
    RATED_4_D1 = "rated_4_d1"
    RATED_4_D2_D3 = "rated_4_d2_d3"
    RATED_4 = "rated_4"
    HIGH = "high"
    TRANSFER_NOW_COMPLICATED = "transfer_now_complicated"
    TRANSFER_NOW = "transfer_now"


#: A first dose before a transfer the headline orders now (physician review R13, should-fix S10, its words).
_FIRST_DOSE_IF_NO_DELAY = "a first dose before transfer only if it does not delay the transfer"
#: The same while the patient waits for the suicide evaluation (R12 should-fix 5; R13 must-fix M1, S1, its words).
_WAITS = f"now, while the patient waits for the suicide evaluation (if transferred: {_FIRST_DOSE_IF_NO_DELAY})"
#: The same beside dimension 1, 2 or 3 rated 4 (R12 should-fix 5; R13 must-fix M1, should-fix S1, S3, its words).
_AT_4 = f"{_FIRST_DOSE_IF_NO_DELAY} and the reason for rating 4 allows it"
#: The intoxication screen before any dose beside a rating of 4 (R11 should-fix 3 (c); R13 M1, S1, S3, its words).
_SCREEN_AT_4 = "before any dose: screen for intoxication " + INTOXICATION_SIGNS
#: The handover of a moderate CIWA-Ar's dose (R13 should-fix S1, S10, its words).
_CIWA_HANDOVER = (
    "re-score the CIWA-Ar within 1 hour of a dose if the patient is still here; at handover give the receiving team "
    "the last score and any dose with its time"
)
#: One setting for both emergencies beside a C-SSRS high (R13 must-fix M1, M2, its words).
_ONE_SETTING = "emergency evaluation for suicide risk and emergency medical evaluation in one setting"
#: One setting for both emergencies beside dimension 3 rated 4 (R14 must-fix M1, its words).
_ONE_SETTING_D3 = "emergency psychiatric evaluation and emergency medical evaluation in one setting"
_NO_DELAY = "(do not delay the transfer for it)"
#: The intoxication screen before a COWS dose beside a rating of 4, with its hold (R14 should-fix S2, its words).
_SCREEN_AT_4_HELD = f"{_SCREEN_AT_4}; if intoxicated: no dose here; {_AT_4}"
#: The delirium and intoxication screen before a CIWA-Ar dose beside complicated withdrawal (R14 should-fix S5, its
#: words; the headline's own screen, :data:`~iopkit.placement.recommendation._BEFORE_ANY_DOSE`).
_SCREEN_DELIRIUM = f"{_BEFORE_ANY_DOSE} {_DELIRIUM_TO_ED}"
#: The same screen before a COWS dose beside complicated alcohol withdrawal, and its handover (R15 must-fix M1, its
#: words: the screen's delirium and intoxication parts and their hold, :data:`_SCREEN_DELIRIUM`'s).
_SCREEN_DELIRIUM_COWS = (
    f"before any dose: {DELIRIUM_SCREEN} and intoxication {INTOXICATION_SIGNS}; if delirium or intoxication: "
    f"no dose here {_DELIRIUM_TO_ED}; {_FIRST_DOSE_IF_NO_DELAY}"
)
_COWS_HANDOVER = (
    f"{BENZODIAZEPINE_UNTIL_HANDOVER}; at handover tell the receiving team of the COWS score and any dose with its time"
)
#: An old complicated CIWA-Ar's re-score step as raised (:func:`~iopkit.placement.suggest.complicated_rescore`), its
#: severe band's ", severe" where ``severe`` says it.
_COMPLICATED_RESCORE = (
    rf"Emergency medical evaluation now: re-score the (?P<name>CIWA-Ar) and {re.escape(DELIRIUM_SCREEN)} "
    r"\((?P<last>(?:last \d+ on|flag of) [^(),]*){severe}, (?P<named>[^()]*)\): (?P<since>[^;]*); "
    r"if delirium, [^:]* or a total of (?P<cut>[^:]+): arrange transfer now \(ED, or 4-WM\); staff with the "
    rf"patient until handover; {re.escape(DECLINES_TRANSFER)}; {re.escape(NO_DRIVING_UNTIL_NO_DELIRIUM)}; treat on "
    "the current score"
)
#: An old CIWA-Ar's re-score beside a rating of 4: the headline's words (R14 should-fix S3, its words; R13 M1's form).
_RESCORE_AT_4 = "Re-score the {name} before transfer only if it does not delay it ({last}"

#: Each box's words as raised (a regular expression, its first letter matched either case, so the rating-below
#: boxes that carry a flag's step lower-cased are said the same), and its words beside each :class:`Beside` (a
#: :meth:`str.format` template of the expression's named groups and of the screens' days, ``{cssrs}``, ``{phq9}``,
#: ``{phq9_told}``: :func:`_screens_named`), the first that stands winning. Physician review R13 (session 14), its
#: words: M1 (a COWS above 36 of another day), M2 (the transfer and its refusal beside a C-SSRS high), S1 and S10 (a
#: moderate CIWA-Ar; a COWS of today), S2 (the suicide-risk boxes), S3 (a dose and its destination beside a rating of
#: 4); R12 should-fix 5 (a COWS of today beside a high or a 4). Physician review R14 (session 14), its words: M1 (the
#: refusal and destination beside dimension 3 rated 4), S1 (a high risk of complicated withdrawal beside a 4), S2 (a
#: COWS box's screen and handover beside a 4), S3 (an old severe or complicated CIWA-Ar's re-score beside a 4: the
#: headline's), S5 (a dose beside a transfer now for complicated withdrawal; the buprenorphine threshold's "now").
BESIDE_WORDS: tuple[tuple[str, Mapping[Beside, str]], ...] = (
    (  # R14 S3: an old severe CIWA-Ar's re-score, whole, beside a rating of 4: the headline's words
        r"Re-score the (?P<name>CIWA-Ar) now \((?P<last>(?:last \d+ on|flag of) [^(),]*), severe\): [^;]*; if still "
        rf"(?P<cut>\d+ or more(?: \([^()]*\))?), or {SEIZURE_SINCE}, arrange transfer now to medically managed "
        rf"withdrawal \(ED, or 4-WM\); {re.escape(DECLINES_TRANSFER)}; {re.escape(FIRST_DOSE_SEVERE)}; the patient "
        rf"must not drive; {re.escape(REASSESS_SEIZURES)}; treat on the current score",
        {
            Beside.RATED_4: (
                f"{_RESCORE_AT_4}, severe); if still {{cut}}, the ED evaluates both: {_SCREEN_AT_4}; if intoxicated: "
                f"no dose here; otherwise a prescriber gives {_AT_4}; {REASSESS_SEIZURES}"
            ),
        },
    ),
    (  # R14 S3: an old complicated CIWA-Ar in its severe band, its re-score whole, beside a rating of 4: the
        # headline's words, the delirium screen before any dose
        _COMPLICATED_RESCORE.format(severe=", severe"),
        {
            Beside.RATED_4: (
                f"{_RESCORE_AT_4}, severe, {{named}}); if still {{cut}}, the ED evaluates both: {_SCREEN_DELIRIUM}; "
                f"otherwise a prescriber gives {_AT_4}; {REASSESS_SEIZURES}"
            ),
        },
    ),
    (  # R14 S3: an old complicated CIWA-Ar below its severe band beside a rating of 4: the re-score and the screen
        # before transfer only if they do not delay it; no dose (the headline gives none: the ED treats)
        _COMPLICATED_RESCORE.format(severe=""),
        {
            Beside.RATED_4: (
                f"Re-score the {{name}} and {DELIRIUM_SCREEN} before transfer only if it does not delay it ({{last}}, "
                f"{{named}}): {{since}}; at handover give the receiving team the score and the screen; "
                f"{REASSESS_SEIZURES}"
            ),
        },
    ),
    (  # R16 S2: an old moderate CIWA-Ar's re-score beside a rating of 4: the headline's words, capitalised
        r"Re-score the CIWA-Ar now \((?P<last>last \d+ on [^()]*)\); treat on the current score",
        {Beside.RATED_4: "R" + MODERATE_CIWA_RESCORE_AT_4[1:]},
    ),
    (  # M1: an old COWS above 36's re-score, whole, beside a rating of 4
        r"Re-score the COWS now \((?P<last>last \d+ on [^()]*, severe)\): if still 37 or more, "
        + re.escape(SEVERE_STEP["severe_opioid_withdrawal"][:1].lower() + SEVERE_STEP["severe_opioid_withdrawal"][1:])
        + "; treat on the current score",
        {
            Beside.RATED_4: (
                "Re-score the COWS before transfer only if it does not delay it ({last}); if still 37 or more, "
                f"{_SCREEN_AT_4}; if intoxicated: no dose here; otherwise a prescriber gives {OPIOID_AGONISTS}, "
                f"before transfer only if it does not delay the transfer and the reason for rating 4 allows it; "
                "re-score the COWS after dosing if the patient is still here"
            ),
        },
    ),
    (  # M1, S10: an old COWS above 36's dose
        re.escape("a prescriber treats withdrawal now, before the patient leaves: "),
        {
            # R15 M1
            Beside.TRANSFER_NOW_COMPLICATED: f"a prescriber treats withdrawal now ({_SCREEN_DELIRIUM_COWS}): ",
            Beside.HIGH: f"a prescriber treats withdrawal {_WAITS}: ",
            Beside.TRANSFER_NOW: f"a prescriber treats withdrawal now ({_FIRST_DOSE_IF_NO_DELAY}): ",
        },
    ),
    (  # M1: an old COWS above 36's complicating condition beside a C-SSRS high
        r"emergency evaluation only for a complicating condition (?P<conditions>" + re.escape(COWS_COMPLICATING) + ")",
        {
            Beside.HIGH: f"a complicating condition {{conditions}}: {_ONE_SETTING} that can manage both: arrange "
            "transfer now (ED)"
        },
    ),
    (  # R12 should-fix 5, S10: a COWS above 36 of today
        re.escape("Treat withdrawal now, before the patient leaves, as the prescriber decides:"),
        {
            Beside.RATED_4: f"Treat withdrawal ({_SCREEN_AT_4_HELD}), as the prescriber decides:",
            Beside.TRANSFER_NOW_COMPLICATED: (  # R15 M1
                f"Treat withdrawal now ({_SCREEN_DELIRIUM_COWS}), as the prescriber decides:"
            ),
            Beside.HIGH: f"Treat withdrawal {_WAITS}, as the prescriber decides:",
            Beside.TRANSFER_NOW: f"Treat withdrawal now ({_FIRST_DOSE_IF_NO_DELAY}), as the prescriber decides:",
        },
    ),
    (  # R12 should-fix 5, S10: a COWS of 13-36 of today
        re.escape(f"{PRESCRIBER_REVIEW}: treat withdrawal as the prescriber decides"),
        {
            Beside.RATED_4: f"Prescriber's review ({_SCREEN_AT_4_HELD}): treat withdrawal as the prescriber decides",
            Beside.TRANSFER_NOW_COMPLICATED: (  # R15 M1
                f"Prescriber's review now ({_SCREEN_DELIRIUM_COWS}): treat withdrawal as the prescriber decides"
            ),
            Beside.HIGH: f"Prescriber's review {_WAITS}: treat withdrawal as the prescriber decides",
            Beside.TRANSFER_NOW: (
                f"Prescriber's review now ({_FIRST_DOSE_IF_NO_DELAY}): treat withdrawal as the prescriber decides"
            ),
        },
    ),
    (  # R15 M1: a COWS box's re-score and escalation beside a transfer now for complicated withdrawal (the reason
        # the patient leaves): the benzodiazepine monitoring and the handover
        r"re-score the COWS (?:1-2 hours )?after dosing; arrange medically managed withdrawal or a higher level of "
        r"care only for a complicating condition \([^()]*\)",
        {Beside.TRANSFER_NOW_COMPLICATED: _COWS_HANDOVER},
    ),
    (  # R14 S2: a COWS box's escalation beside a rating of 4 (a transfer is already ordered)
        r"arrange medically managed withdrawal or a higher level of care only for a complicating condition "
        r"(?P<conditions>\([^()]*\))",
        {Beside.RATED_4: "at handover tell the receiving team of any complicating condition {conditions}"},
    ),
    (  # S1, S10: a moderate CIWA-Ar of today
        re.escape(f"{PRESCRIBER_REVIEW}: ")
        + r"(?P<treat>at a CIWA-Ar of 10 or more treat withdrawal with medication \([^()]*\); at 8-9 consider it); "
        + re.escape("re-score the CIWA-Ar within 1 hour of a dose and before the patient leaves"),
        {
            Beside.RATED_4: (f"Prescriber's review ({_SCREEN_AT_4}; {_AT_4}): {{treat}}; {_CIWA_HANDOVER}"),
            Beside.TRANSFER_NOW_COMPLICATED: (  # R14 S5; R15 M1: beside a C-SSRS high too
                f"Prescriber's review now ({_SCREEN_DELIRIUM}; {_FIRST_DOSE_IF_NO_DELAY}): {{treat}}; {_CIWA_HANDOVER}"
            ),
            Beside.HIGH: (
                f"Prescriber's review {_WAITS}: {{treat}}; re-score the CIWA-Ar within 1 hour of a dose and before "
                "the evaluation ends or at handover"
            ),
            Beside.TRANSFER_NOW: f"Prescriber's review now ({_FIRST_DOSE_IF_NO_DELAY}): {{treat}}; {_CIWA_HANDOVER}",
        },
    ),
    (  # R14 S5: the buprenorphine induction threshold's first dose beside a transfer now
        re.escape(_FIRST_DOSE_NOW),
        {
            Beside.TRANSFER_NOW_COMPLICATED: (  # R15 M1: after the box's own screen before any dose
                "the first dose may be given once the screen before any dose allows it, before transfer only if it "
                "does not delay the transfer"
            ),
            Beside.TRANSFER_NOW: "the first dose may be given before transfer only if it does not delay the transfer",
        },
    ),
    (  # the same where the headline screens before any dose (recommendation.threshold_after_screen said it first)
        re.escape(FIRST_DOSE_AFTER_SCREEN),
        {Beside.TRANSFER_NOW: f"{FIRST_DOSE_AFTER_SCREEN}, before transfer only if it does not delay the transfer"},
    ),
    (  # R14 S1: a high risk of complicated withdrawal beside a rating of 4: 3.7-WM after the transfer, never a
        # destination of its own
        r"Medical review before withdrawal management: (?:the recorded mitigation \([^()]*\) is for ambulatory care; )?"
        + re.escape(IN_24H_SETTING),
        {
            Beside.RATED_4: (
                "At handover tell the receiving team of the high risk of complicated withdrawal: a home mitigation "
                "does not apply; withdrawal management at least 3.7-WM after the transfer"
            )
        },
    ),
    (  # M2, S3: a medical transfer's destination
        "(?P<arrange>[Aa]rrange transfer now)(?P<to> to medically managed withdrawal)?"
        r" \(ED(?:, or (?:3\.7-WM/)?4-WM)?\)"
        # a medical transfer only: its refusal is the capacity clause (never dimension 3's psychiatric transfer)
        f"(?=(?:; staff with the patient until handover)?; {re.escape(DECLINES_TRANSFER)})",
        {
            Beside.HIGH: f"{{arrange}} (ED: {_ONE_SETTING})",
            Beside.RATED_4_D3: f"{{arrange}} (ED: {_ONE_SETTING_D3})",
            Beside.RATED_4_D1: "{arrange}{to} (ED, or 4-WM)",
            Beside.RATED_4_D2_D3: "{arrange}{to} (ED)",
            Beside.TRANSFER_NOW_COMPLICATED: "{arrange}{to} (ED, or 4-WM)",  # R14 S5: the headline's destination
        },
    ),
    (  # M2, R14 M1: a transfer's refusal beside a C-SSRS high or dimension 3 rated 4: the emergency mental-health
        # hold, not capacity (at a safe distance beside dimension 3's imminent danger, which may be violence)
        re.escape(DECLINES_TRANSFER),
        {Beside.HIGH: DECLINES_OR_LEAVES, Beside.RATED_4_D3: DECLINES_OR_LEAVES_PSYCHIATRIC},
    ),
    (  # S3: a severe CIWA-Ar's first dose beside a rating of 4
        "(?<!otherwise )" + re.escape(FIRST_DOSE_SEVERE),
        {
            Beside.RATED_4: f"{_SCREEN_AT_4}; if intoxicated: no dose here; otherwise a prescriber gives {_AT_4}",
            # R14 S5: beside complicated withdrawal the headline's screen before any dose
            Beside.TRANSFER_NOW_COMPLICATED: (
                f"{_SCREEN_DELIRIUM}; otherwise a prescriber gives {_FIRST_DOSE_IF_NO_DELAY}"
            ),
        },
    ),
    (  # S2: a C-SSRS moderate risk beside a certain transfer
        re.escape("Behavioural-health evaluation and safety planning before the patient leaves")
        + f"(?:{re.escape(IF_TRANSFERRED_ASK)})?",
        {
            Beside.RATED_4: (
                "Behavioural-health evaluation and safety planning: at handover tell the receiving team that {cssrs} "
                f"was moderate risk and ask them for it {_NO_DELAY}"
            ),
            Beside.TRANSFER_NOW: (
                "Behavioural-health evaluation and safety planning: at handover tell the receiving team that {cssrs} "
                f"was moderate risk and ask them for it {_NO_DELAY}"
            ),
        },
    ),
    (  # S2: a positive PHQ-9 item 9 beside a C-SSRS high or a certain transfer
        re.escape(
            "Ask about suicidal thoughts today and complete a suicide risk assessment (e.g. C-SSRS) before the "
            "patient leaves"
        )
        + f"(?:{re.escape(IF_TRANSFERRED_ASK)})?",
        {
            Beside.HIGH: (
                "{cssrs_high} is high risk: the emergency evaluation for suicide risk covers this; tell the evaluator "
                "that {phq9} was positive"
            ),
            Beside.RATED_4: (
                "At handover tell the receiving team that {phq9_told} was positive and ask them for a suicide risk "
                f"assessment {_NO_DELAY}"
            ),
            Beside.TRANSFER_NOW: (
                "At handover tell the receiving team that {phq9_told} was positive and ask them for a suicide risk "
                f"assessment {_NO_DELAY}"
            ),
        },
    ),
)


def _either_case(pattern: str) -> re.Pattern[str]:
    """``pattern`` with its first letter matched either case (one opening with a group says its own)."""
    if not pattern[:1].isalpha():
        return re.compile(pattern)
    return re.compile(f"[{pattern[0].upper()}{pattern[0].lower()}]{pattern[1:]}")


_COMPILED = tuple((_either_case(pattern), MappingProxyType(dict(words))) for pattern, words in BESIDE_WORDS)


def _transfer_now(rec: Recommendation) -> bool:
    """Whether the headline's first step arranges a transfer now that no condition stands before
    (:data:`_CONDITION`: "if still 15 or more, ... arrange transfer now" is the re-score's, not yet a transfer)."""
    steps = headline_steps(rec.headline)
    first = steps[0].text if steps else ""
    at = first.find("arrange transfer now")
    return at >= 0 and _CONDITION.search(first[:at]) is None


#: What makes a headline's transfer conditional: an "if", a re-score that decides it, or a threshold ("at 8 or more").
_CONDITION = re.compile(r"\bif\b|\bre-score\b|\bat \d+ or more\b")


def beside(rec: Recommendation) -> frozenset[Beside]:
    """What ``rec``'s headline has ordered that its boxes must not contradict (:class:`Beside`); a transfer now is
    read off the headline only where no rating of 4 or C-SSRS high stands (their words come first).

    Parameters
    ----------
    rec : Recommendation
        A recommendation (its boxes as raised or as said: the ratings, flags and headline read are the same).

    Returns
    -------
    frozenset of Beside
        Empty where the headline orders none of these.
    """
    rated = {d for d in (1, 2, 3) if rec.dimensions.get(d) == 4}
    found: set[Beside] = set()
    if rated:
        found |= {Beside.RATED_4, Beside.RATED_4_D1 if 1 in rated else Beside.RATED_4_D2_D3}
    if 3 in rated:
        found.add(Beside.RATED_4_D3)
    if suicide_emergency(rec.flags):
        found.add(Beside.HIGH)
    complicated = any(f.code == "complicated_withdrawal" for f in rec.flags)
    if not found and _said_beside_transfer(rec) and _transfer_now(rec):
        found.add(Beside.TRANSFER_NOW)
        if complicated:
            found.add(Beside.TRANSFER_NOW_COMPLICATED)
    elif Beside.HIGH in found and not rated and complicated:
        # R15 M1: beside a C-SSRS high too, the COWS boxes' words beside complicated withdrawal come first
        found.add(Beside.TRANSFER_NOW_COMPLICATED)
    return frozenset(found)


def _said_beside_transfer(rec: Recommendation) -> bool:
    """Whether a box of ``rec`` says words :data:`BESIDE_WORDS` changes beside a transfer now: only then is the
    headline read for one (building it is the costly part; the boxes are the same either way)."""
    moved = [
        pattern for pattern, words in _COMPILED if {Beside.TRANSFER_NOW, Beside.TRANSFER_NOW_COMPLICATED} & set(words)
    ]
    return any(pattern.search(f.action) for f in rec.flags if f.action for pattern in moved)


def _screens_named(rec: Recommendation) -> dict[str, str]:
    """The suicide-risk screens a box names, "today's" or of their own day (a screen of another day than the
    placement's, :attr:`~iopkit.placement.suggest.Suggestion.earlier`)."""
    earlier = {code: day for s in rec.suggested for code, _message, day in s.earlier}

    def of(code: str, name: str, today: str) -> str:
        day = earlier.get(code)
        return today if day is None else f"the {name} of {day:%d %b %Y}"

    return {
        "cssrs": of("suicide_risk_moderate", "C-SSRS screen", "today's C-SSRS screen"),
        "cssrs_high": _capitalised(of("suicide_risk_high", "C-SSRS screen", "today's C-SSRS screen")),
        "phq9": of("suicidal_ideation", "PHQ-9 item 9", "PHQ-9 item 9"),
        "phq9_told": of("suicidal_ideation", "PHQ-9 item 9", "today's PHQ-9 item 9"),
    }


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def boxes_beside_emergency(rec: Recommendation) -> Recommendation:
    """``rec`` with each box (every flag's next step, the rating-below boxes that carry one too) saying its words
    beside what the headline has ordered (:func:`beside`, :data:`BESIDE_WORDS`): never "before the patient leaves"
    beside a C-SSRS high risk, a transfer now or dimension 1, 2 or 3 rated 4; beside a C-SSRS high never "capacity to
    decline" nor 3.7-WM (one setting that manages both emergencies, the emergency mental-health hold); beside a
    rating of 4 no dose without the intoxication screen and the rating-4 destination (C-SSRS screener triage, Posner
    et al. 2011; Joint Commission NPSG 15.01.01; ASAM Criteria 2013, rating 4; 21 CFR 1306.07(b): the 72-hour rule
    kept in full; physician review R12 should-fix 5; R13 must-fix M1, M2, should-fix S1, S2, S3, S10; R14 must-fix
    M1: beside dimension 3 rated 4 the emergency psychiatric and medical evaluation in one setting and the emergency
    mental-health hold, never "capacity to decline"; S1, S2, S3: beside a rating of 4 an old CIWA-Ar's re-score in the
    headline's words, a COWS dose after the intoxication screen and its complicating condition told at handover,
    3.7-WM only after the transfer; S5: beside a transfer now for complicated withdrawal the delirium and
    intoxication screen before a CIWA-Ar dose, and no buprenorphine dose "now"; the reviewers' words).
    The headline reads the findings as raised, so it is the same either way; ``rec`` itself where nothing stands.

    Parameters
    ----------
    rec : Recommendation
        A recommendation as :func:`~iopkit.placement.recommend` builds it.

    Returns
    -------
    Recommendation
        ``rec`` with its boxes' words beside the headline's order.

    Examples
    --------
    >>> import iopkit
    >>> from iopkit.placement import recommend, suggest_dimensions
    >>> r = recommend({1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions(
    ...     [iopkit.score("cssrs_screen", ["yes", "yes", "no", "yes", "no", "no", None]),
    ...      iopkit.score("phq9", [2, 2, 2, 2, 2, 2, 2, 2, 1])]))
    >>> print(next(f.action for f in r.flags if f.code == "suicidal_ideation"))  # doctest: +NORMALIZE_WHITESPACE
    Today's C-SSRS screen is high risk: the emergency evaluation for suicide risk covers this; tell the evaluator
    that PHQ-9 item 9 was positive
    """
    found = beside(rec)
    if not found:
        return rec
    named = _screens_named(rec)
    rules = []
    for pattern, words in _COMPILED:
        said = next((words[b] for b in words if b in found), None)
        if said is not None:
            rules.append((pattern, said))

    def says(action: str) -> str:
        for pattern, said in rules:

            def sub(m: re.Match[str], said: str = said) -> str:
                new = said.format(**{k: v or "" for k, v in m.groupdict().items()}, **named)
                return (str.lower if m[0][:1].islower() else str.upper)(new[:1]) + new[1:]

            action = pattern.sub(sub, action)
        return action

    flags = tuple(replace(f, action=says(f.action)) if f.action else f for f in rec.flags)
    return replace(rec, flags=flags, raised=rec.raised or rec.flags) if flags != rec.flags else rec


__all__ = ["BESIDE_WORDS", "Beside", "beside", "boxes_beside_emergency"]
