"""The chart boxes beside a headline that keeps the patient: one rule for every box.

Where the headline orders an emergency evaluation for suicide risk (a C-SSRS screener high risk), a transfer now, or
a transfer for dimension 1, 2 or 3 rated 4, no flag's box (its next step, shown beside the headline) says "before the
patient leaves", nor, beside the suicide evaluation, offers "capacity to decline" or a 3.7-WM unit that cannot do a
suicide evaluation, nor, beside a rating of 4, a dose without the intoxication screen or a 3.7-WM destination, nor,
beside dimension 3 rated 4, "capacity to decline" (physician review R13, session 14: must-fix M1, M2; should-fix S1,
S2, S3, S10; R14: must-fix M1, should-fix S1, S2, S3, S5; the reviewers' words). The rule is
said once (:func:`boxes_beside_emergency`); each box's new words are data (:data:`BESIDE_WORDS`): a box's words as
raised, and what it says instead beside each :class:`Beside`, the first that stands winning.

A second rule, said once too (:func:`screens_before_box_doses`, after the first): a box that doses carries the
headline's screen for that withdrawal before its first dose verb (physician review R16, session 15: must-fix M1, M2,
M3, should-fix S7), the screen's words read from the headline itself. A third, last (:func:`boxes_said_as_headline`):
each box says "before any dose:" once, the union of its screens (R18 should-fix S2), thiamine and blood glucose where
the headline's screen gives them (R19 N4), and, where the headline tells the receiving team of the suicide screens at
handover, every box that hands over names the same screens (R20c should-fix S6).

The headline reads the findings as raised and is the same either way (checked byte for byte over a sweep).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from enum import StrEnum
from types import MappingProxyType

from ..flags import (
    ANY_DOSE_NO_DRIVING,
    BENZODIAZEPINE_HOLD,
    BENZODIAZEPINE_MONITORING,
    BENZODIAZEPINE_ON_SITE,
    BENZODIAZEPINE_UNTIL_HANDOVER,
    BENZODIAZEPINE_WITH_AGONIST,
    COWS_COMPLICATING,
    DECLINES_NOT_DRIVING,
    DECLINES_TRANSFER,
    DELIRIUM_SCREEN,
    FIRST_DOSE_SEVERE,
    IF_DELIRIUM_TRANSFER,
    IF_DOSED_NO_DRIVING,
    INTOXICATION_SIGNS,
    NOT_AMBULATORY,
    OPIOID_AGONISTS,
    PRESCRIBER_REVIEW,
    REASSESS_SEIZURES,
    SUICIDE_RISK_MODERATE_STEP,
    UNTIL_IT_CLEARS,
    Flag,
)
from .recommendation import (
    _ARRANGE_TRANSFER,
    _AS_BUILT,
    _AT_RESCORE_BOX,
    _B_SCREEN,
    _BOTH_SEVERE_AT,
    _CIWA_TREATED,
    _COWS_AFTER_DOSING,
    _COWS_HOLD,
    _COWS_HOLD_DELIRIUM,
    _DELIRIUM_ASKED,
    _DELIRIUM_SCREEN_NAMED,
    _DELIRIUM_STAFFED,
    _DELIRIUM_TO_ED,
    _DELIRIUM_TOLD,
    _DELIRIUM_TRANSFER,
    _DOSE_DRIVING_SAID_IN_BOX,
    _ED_EVALUATES_BOTH_IF_STILL,
    _FIRST_DOSE_NOW,
    _HANDOVER_ASSESSMENT,
    _IF_INTOXICATED,
    _INTOXICATION_ALCOHOL,
    _INTOXICATION_AT_4,
    _MANAGED_ESCALATION,
    _MODERATE_CIWA_RESCORE,
    _NO_DOSE_IF_INTOXICATED,
    _NO_DRIVING_OUTRIGHT,
    _OLD_CIWA_RESCORE_STEP,
    _OLD_MODERATE_RESCORE,
    _OTHERWISE_AFTER_SCREEN,
    _SCREEN_CONDITION,
    _SCREEN_DELIRIUM,
    _SCREEN_INTOXICATION,
    _SCREEN_NO_DELIRIUM,
    _SCREENED_TO_HOLD,
    _TRANSFER_BY_EMERGENCY_SERVICES,
    _TRANSFERS,
    ASSESSMENT_TOLD,
    BENZODIAZEPINE_UNTIL_EVALUATION,
    BOTH_RESCORED_FIRST,
    CIWA_RESCORE_AT_8,
    CIWA_RESCORE_HANDOVER,
    CIWA_RESCORE_NO_DRIVING,
    COWS_SEVERE_ALONE,
    DELIRIUM_OR_OVERDOSE,
    DELIRIUM_SCREEN_BEFORE_TRANSFER,
    DOSE_BEFORE_TRANSFER,
    FIRST_DOSE_AFTER_SCREEN,
    FIRST_DOSE_NO_DRIVING,
    INTOXICATION_TOLD,
    MAY_DOSE,
    MODERATE_CIWA_RESCORE_AT_4,
    NO_DELIRIUM,
    OLD_COWS_WITH_ALCOHOL_ITEM10_AT_4,
    OLD_COWS_WITH_ALCOHOL_ITEM10_SUICIDE_STEP,
    OLD_COWS_WITH_ALCOHOL_OVERDOSE_SCREEN,
    OLD_COWS_WITH_ALCOHOL_STEP,
    OLD_COWS_WITH_ALCOHOL_SUICIDE_LEAD,
    OLD_COWS_WITH_ALCOHOL_SUICIDE_STEP,
    OLD_MODERATE_CIWA_EVALUATION_BRANCH,
    ON_THE_TWO_RESCORES,
    ONCE_ABLE_TO_ANSWER,
    ONE_SETTING,
    OVERDOSE_CALL,
    OVERDOSE_HELD,
    RESCORED_WHILE_ARRANGED,
    SEVERE_ALONGSIDE_TRANSFER,
    STAY_ON_SITE,
    TWO_WITHDRAWALS_ESCALATION,
    TWO_WITHDRAWALS_THEN_CURRENT,
    FirstStep,
    Recommendation,
    _alcohol_alongside,
    _capitalised,
    _complicated_today,
    _dangers,
    _features,
    _hold_case,
    _HoldCase,
    _holds_said,
    _safety_planned,
    _said_at,
    _screened_found,
    _screened_once,
    _screened_told,
    _severe_review_now,
    _told_at_evaluation,
    alcohol_dose_step,
    any_dose_said,
    as_raised,
    asks_once_beyond_delirium,
    assessment_handover,
    both_rescored_severe_branch,
    ciwa_no_dose_unrescored,
    cows_dose_after_delirium_screen,
    cows_dose_timed_at_4,
    cows_rescore_at_4,
    cows_rescore_before_transfer,
    cows_treated_today,
    cssrs_low_told,
    delirium_asked_once,
    delirium_first_said,
    delirium_held_after_screen,
    delirium_screen_told,
    dose_driving_dropped,
    ed_evaluates_both_if_confused,
    findings_transfer_by_emergency_services,
    first_dose_if_transferred,
    headline_as_built,
    headline_as_said,
    if_transferred_told,
    intoxication_hold_until_clear,
    item10_review_told,
    joined_cows_box_severe_branch,
    managed_withdrawal_told,
    not_driving_after_hold,
    old_ciwa_severe_first,
    old_cows_with_alcohol,
    old_cows_with_alcohol_assessment_step,
    old_cows_with_alcohol_item10_step,
    old_moderate_ciwa_beside_cows,
    old_moderate_rescore_branches_of,
    old_moderate_rescore_screened,
    old_severe_delirium_screened,
    old_transfer_beside_old_cows,
    opioid_dose_step,
    overdose_asked,
    overdose_risk,
    rated_4,
    screen_before_cows_condition,
    screen_told,
    sedation_watched_until_handover,
    severe_branch_dose_guarded,
    severe_cows_below_before_transfer,
    suicide_asks_said,
    transfer_by_emergency_services,
    transfer_now_first,
    transfer_on_condition,
    two_old_withdrawals,
    two_withdrawals_severe,
    two_withdrawals_severe_said,
    withdrawal_told,
)
from .resolution import WITH_SAFETY_PLANNING
from .steps import first_sentence
from .suggest import (
    DECLINES_OR_LEAVES,
    DECLINES_OR_LEAVES_PSYCHIATRIC,
    IF_TRANSFERRED_ASK,
    IN_24H_SETTING,
    NO_DRIVING_UNTIL_NO_DELIRIUM,
    SEIZURE_OR_CONFUSION_SINCE,
    SEVERE_STEP,
    TRANSFER_AT_4,
    TRANSFER_COMPLICATED,
    TRANSFER_ED,
    asked_at_handover,
    doses_named,
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
    with CNS depressants: FDA boxed warning 2016, 20 Sep 2017; physician review R15, must-fix M1);
    ``alcohol_alongside``: a CIWA-Ar of the placement's day in a band iopkit treats beside a COWS of 13 or more of that
    day, alcohol withdrawal alongside opioid withdrawal, a complicating condition the COWS flag names and the
    headline says is present ("arrange medically managed withdrawal or a higher level of care: co-occurring alcohol
    withdrawal (CIWA-Ar 14 today)": ASAM 2020 alcohol withdrawal guideline, Rec VII.8; physician review R16, session
    15, must-fix M3, M4); ``high_transfer_now``: beside a C-SSRS high (no rating of 4), the headline's first step
    also arranges a transfer now that no condition stands before (severe opioid withdrawal with alcohol withdrawal
    alongside: one setting that manages both; R16 must-fix M4: no "only for a complicating condition" beside any
    transfer now); ``emergency_first``: the headline's first step is an emergency evaluation
    (:attr:`~iopkit.placement.FirstStep.EMERGENCY_EVALUATION`, e.g. an old complicated CIWA-Ar's re-score and
    delirium screen), so a COWS box's complicating condition goes to it (R16 should-fix S6's words and test: no "only
    for a complicating condition" beside an emergency evaluation); ``high_ciwa_rescore_first``: beside a C-SSRS high
    (no rating of 4), the headline's first step re-scores an old moderate CIWA-Ar before any dose for a COWS above 36
    of today, its branch a transfer now at 8 or more (R13 must-fix M3's headline; COWS items are also
    alcohol-withdrawal signs, Wesson & Ling 2003, Sullivan et al. 1989), where the headline sends a complicating
    condition to one setting that can manage both, never "the same emergency evaluation" (R13 must-fix M3's
    headline; R16 should-fix S6); ``withdrawn_high``: a C-SSRS
    high risk withdrawn by a correction, never closed (no confirmed one): no positive screen, so never ``high``; the
    boxes keep their words as raised (with the overdose question) and say a dose's timing "now, before the patient
    leaves (the C-SSRS screen is repeated as the first step says)" (physician review R18, session 16, must-fix M4, the
    reviewer's words; Posner et al. 2011: a withdrawn answer is not a positive screen).
    """

    RATED_4_D3 = "rated_4_d3"
    RATED_4_D1 = "rated_4_d1"
    RATED_4_D2_D3 = "rated_4_d2_d3"
    RATED_4 = "rated_4"
    HIGH = "high"
    TRANSFER_NOW_COMPLICATED = "transfer_now_complicated"
    TRANSFER_NOW = "transfer_now"
    HIGH_TRANSFER_NOW = "high_transfer_now"
    ALCOHOL_ALONGSIDE = "alcohol_alongside"
    EMERGENCY_FIRST = "emergency_first"
    HIGH_CIWA_RESCORE_FIRST = "high_ciwa_rescore_first"
    WITHDRAWN_HIGH = "withdrawn_high"


#: A first dose before a transfer the headline orders now (physician review R13, should-fix S10, its words).
_FIRST_DOSE_IF_NO_DELAY = "a first dose before transfer only if it does not delay the transfer"
#: The same while the patient waits for the suicide evaluation (R12 should-fix 5; R13 must-fix M1, S1, its words).
_WAITS = f"now, while the patient waits for the suicide evaluation (if transferred: {_FIRST_DOSE_IF_NO_DELAY})"
#: The same beside dimension 1, 2 or 3 rated 4 (R12 should-fix 5; R13 must-fix M1, should-fix S1, S3, its words).
_AT_4 = f"{_FIRST_DOSE_IF_NO_DELAY} and the reason for rating 4 allows it"
#: The intoxication screen before any dose beside a rating of 4 (R11 should-fix 3 (c); R13 M1, S1, S3, its words).
_SCREEN_AT_4 = "before any dose: screen for intoxication " + INTOXICATION_SIGNS
#: The same before a dose for alcohol withdrawal, with the headline's thiamine and blood glucose (physician review R18,
#: session 16, must-fix M5, the reviewer's words; R16 must-fix M2: every dose box carries the headline's screen; ASAM
#: 2020 alcohol withdrawal guideline: thiamine for all in withdrawal).
_SCREEN_AT_4_ALCOHOL = f"{_SCREEN_AT_4}, give thiamine and check blood glucose"
#: The handover of a moderate CIWA-Ar's dose (R13 should-fix S1, S10, its words).
_CIWA_HANDOVER = (
    "re-score the CIWA-Ar within 1 hour of a dose if the patient is still here; at handover give the receiving team "
    "the last score and any dose with its time"
)
#: One setting for both emergencies beside a C-SSRS high (R13 must-fix M1, M2, its words).
_ONE_SETTING = ONE_SETTING
#: One setting for both emergencies beside dimension 3 rated 4 (R14 must-fix M1, its words).
_ONE_SETTING_D3 = "emergency psychiatric evaluation and emergency medical evaluation in one setting"
_NO_DELAY = "(do not delay the transfer for it)"
#: The same screen before a COWS dose beside complicated alcohol withdrawal, and its handover (R15 must-fix M1, its
#: words; with thiamine and blood glucose, the headline's screen whole, :data:`_SCREEN_DELIRIUM`: physician review
#: R16, session 15, R15 acceptance remark (ii)).
_SCREEN_DELIRIUM_COWS = f"{_SCREEN_DELIRIUM}; {_FIRST_DOSE_IF_NO_DELAY}"
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
#: A COWS box's escalation "only for a complicating condition (...)", above 36 of another day and at 13 or more of
#: today (:data:`~iopkit.flags.COWS_COMPLICATING`; ``iopkit.instruments.cows``), as :data:`BESIDE_WORDS` reads them
#: (physician review R16, must-fix M3, M4, should-fix S6).
_COWS_ESCALATION_SEVERE = r"emergency evaluation only for a complicating condition (?P<conditions>\([^()]*\))"
_COWS_ESCALATION = (
    r"arrange medically managed withdrawal or a higher level of care only for a complicating condition "
    r"(?P<conditions>\([^()]*\))"
)
#: A COWS box's complicating condition beside a transfer now, whose reason may be one of them (alcohol withdrawal
#: alongside): told at handover, with the COWS score, the dose and the benzodiazepine monitoring (the rating-4 form's
#: words; physician review R16, session 15, must-fix M4, its words; ASAM 2020 alcohol withdrawal guideline: severe
#: withdrawal is treated inpatient; FDA Drug Safety Communication 20 Sep 2017, ``fda_bup_benzo2017``).
_COWS_TOLD_AT_HANDOVER = (
    "at handover tell the receiving team of the COWS score, any dose with its time, and any complicating condition "
    f"{{conditions}}; {BENZODIAZEPINE_UNTIL_HANDOVER}"
)
#: A COWS box's complicating condition beside a C-SSRS high's emergency evaluation, the box's list unchanged (the
#: headline's "a complicating condition listed on the COWS flag goes to the same emergency evaluation"; physician
#: review R16, should-fix S6, its words).
_COWS_SAME_EVALUATION = "a complicating condition {conditions} goes to the same emergency evaluation"
#: The same beside a C-SSRS high where the headline re-scores an old moderate CIWA-Ar first: the headline's one
#: setting (R13 must-fix M3's words, as R13 M1's box beside a C-SSRS high says them: :data:`BESIDE_WORDS`).
_COWS_ONE_SETTING = (
    f"a complicating condition {{conditions}}: {_ONE_SETTING} that can manage both: arrange transfer now (ED)"
)
#: A COWS box's escalation where alcohol withdrawal alongside it is present: the headline's words
#: (:func:`~iopkit.placement.recommendation._alongside`; physician review R16, must-fix M3, M4, its words).
_COWS_ALCOHOL_ALONGSIDE = f"{_MANAGED_ESCALATION}: co-occurring alcohol withdrawal ({{ciwa}})"

#: A dose's timing beside a withdrawn C-SSRS high (physician review R18, must-fix M4, the reviewer's words).
_REPEATED_SCREEN = "now, before the patient leaves (the C-SSRS screen is repeated as the first step says)"

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
        rf"(?P<cut>\d+ or more(?: \([^()]*\))?), or {re.escape(SEIZURE_OR_CONFUSION_SINCE)}, arrange transfer now to "
        rf"medically managed withdrawal \(ED, or 4-WM\); {re.escape(DECLINES_TRANSFER)}; "
        rf"{re.escape(FIRST_DOSE_SEVERE)}; the patient must not drive; {re.escape(REASSESS_SEIZURES)}; treat on the "
        r"current score",
        {
            Beside.RATED_4: (
                f"{_RESCORE_AT_4}, severe); if still {{cut}}, the ED evaluates both: {_SCREEN_AT_4_ALCOHOL}; if "
                f"intoxicated: no dose here; otherwise a prescriber gives {_AT_4}; {REASSESS_SEIZURES}"
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
        + "; if below 37: treat on the current score",  # R53 D: the branch below 37 said
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
            # R15 M1; R16 S7: its screen before the dose verb (screens_before_box_doses)
            Beside.TRANSFER_NOW_COMPLICATED: f"a prescriber treats withdrawal now ({_FIRST_DOSE_IF_NO_DELAY}): ",
            Beside.HIGH: f"a prescriber treats withdrawal {_WAITS}: ",
            Beside.TRANSFER_NOW: f"a prescriber treats withdrawal now ({_FIRST_DOSE_IF_NO_DELAY}): ",
        },
    ),
    (  # M1: an old COWS above 36's complicating condition beside a C-SSRS high
        r"emergency evaluation only for a complicating condition (?P<conditions>" + re.escape(COWS_COMPLICATING) + ")",
        {
            Beside.HIGH: f"a complicating condition {{conditions}}: {_ONE_SETTING} that can manage both: arrange "
            "transfer now (ED); staff with the patient until handover"  # R48 item 2 (lower priority)
        },
    ),
    (  # R12 should-fix 5, S10: a COWS above 36 of today
        re.escape("Treat withdrawal now, before the patient leaves, as the prescriber decides:"),
        {
            # R16 S7: the screen opens the box, before its dose verb (screens_before_box_doses)
            Beside.RATED_4: f"Treat withdrawal as the prescriber decides ({_AT_4}):",
            Beside.TRANSFER_NOW_COMPLICATED: (  # R15 M1
                f"Treat withdrawal as the prescriber decides ({_FIRST_DOSE_IF_NO_DELAY}):"
            ),
            Beside.HIGH: f"Treat withdrawal {_WAITS}, as the prescriber decides:",
            Beside.TRANSFER_NOW: f"Treat withdrawal now ({_FIRST_DOSE_IF_NO_DELAY}), as the prescriber decides:",
        },
    ),
    (  # R12 should-fix 5, S10: a COWS of 13-36 of today
        re.escape(f"{PRESCRIBER_REVIEW}: treat withdrawal as the prescriber decides"),
        {
            # R16 M2: its screen after the lead, before the dose verb (screens_before_box_doses)
            Beside.RATED_4: f"Prescriber's review ({_AT_4}): treat withdrawal as the prescriber decides",
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
    # R16 (physician review R16, session 15, its words): a COWS box's complicating condition where the headline has
    # already arranged what it would call for, or found one present (must-fix M3, M4, should-fix S6), and a COWS
    # above 36's dose after the headline's re-score of an old moderate CIWA-Ar (must-fix M6)
    (  # M4, S6: an old COWS above 36's complicating condition beside a transfer now or an emergency evaluation
        _COWS_ESCALATION_SEVERE,
        {Beside.TRANSFER_NOW: _COWS_TOLD_AT_HANDOVER, Beside.EMERGENCY_FIRST: _COWS_SAME_EVALUATION},
    ),
    (  # M4, M3, S6: a COWS box's escalation beside a transfer now, alcohol withdrawal alongside, a C-SSRS high
        _COWS_ESCALATION,
        {
            Beside.TRANSFER_NOW: _COWS_TOLD_AT_HANDOVER,
            Beside.HIGH_TRANSFER_NOW: _COWS_TOLD_AT_HANDOVER,
            Beside.ALCOHOL_ALONGSIDE: _COWS_ALCOHOL_ALONGSIDE,
            Beside.HIGH_CIWA_RESCORE_FIRST: _COWS_ONE_SETTING,
            Beside.HIGH: _COWS_SAME_EVALUATION,
            Beside.EMERGENCY_FIRST: _COWS_SAME_EVALUATION,
        },
    ),
    (  # S1, S10: a moderate CIWA-Ar of today
        re.escape(f"{PRESCRIBER_REVIEW}: ")
        + r"(?P<treat>at a CIWA-Ar of 10 or more treat withdrawal with medication \([^()]*\); at 8-9 consider it); "
        + re.escape("re-score the CIWA-Ar within 1 hour of a dose and before the patient leaves"),
        {
            # R16 M2: its screen (with its hold, thiamine and blood glucose) after the lead (screens_before_box_doses)
            Beside.RATED_4: f"Prescriber's review ({_AT_4}): {{treat}}; {_CIWA_HANDOVER}",
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
        {
            # R16, R15 acceptance remark (iii): beside a C-SSRS high with complicated withdrawal too (unconditional)
            Beside.TRANSFER_NOW_COMPLICATED: (
                f"{FIRST_DOSE_AFTER_SCREEN}, before transfer only if it does not delay the transfer"
            ),
            Beside.TRANSFER_NOW: f"{FIRST_DOSE_AFTER_SCREEN}, before transfer only if it does not delay the transfer",
        },
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
        "(?P<arrange>[Aa]rrange transfer now(?: by emergency services)?)(?P<to> to medically managed withdrawal)?"
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
            Beside.RATED_4: (  # R18 M5: with thiamine and blood glucose
                f"{_SCREEN_AT_4_ALCOHOL}; if intoxicated: no dose here; otherwise a prescriber gives {_AT_4}"
            ),
            # R14 S5: beside complicated withdrawal the headline's screen before any dose
            Beside.TRANSFER_NOW_COMPLICATED: (
                f"{_SCREEN_DELIRIUM}; otherwise a prescriber gives {_FIRST_DOSE_IF_NO_DELAY}"
            ),
        },
    ),
    (  # S2: a C-SSRS moderate risk beside a certain transfer (its step: physician review R23c A1)
        re.escape(SUICIDE_RISK_MODERATE_STEP) + f"(?:{re.escape(IF_TRANSFERRED_ASK)})?",
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
                "that {phq9} {phq9_found}"
            ),
            Beside.RATED_4: (
                "At handover tell the receiving team that {phq9_told} and ask them for a suicide risk "
                f"assessment {_NO_DELAY}"
            ),
            Beside.TRANSFER_NOW: (
                "At handover tell the receiving team that {phq9_told} and ask them for a suicide risk "
                f"assessment {_NO_DELAY}"
            ),
        },
    ),
    # R18 M4 (physician review R18, session 16, the reviewer's words): beside a withdrawn C-SSRS high the dose's
    # timing, last, so that the words said beside a transfer now or a rating of 4, and the re-score first (R16 M6),
    # come first
    (  # an old COWS above 36's dose
        re.escape("a prescriber treats withdrawal now, before the patient leaves: "),
        {Beside.WITHDRAWN_HIGH: f"a prescriber treats withdrawal {_REPEATED_SCREEN}: "},
    ),
    (  # a COWS above 36 of today (also after the re-score first, R16 M6's words)
        re.escape("Treat withdrawal now, before the patient leaves, as the prescriber decides:"),
        {Beside.WITHDRAWN_HIGH: f"Treat withdrawal {_REPEATED_SCREEN}, as the prescriber decides:"},
    ),
    (  # a COWS of 13-36 of today, a moderate CIWA-Ar of today
        re.escape(f"{PRESCRIBER_REVIEW}: "),
        {Beside.WITHDRAWN_HIGH: f"Prescriber's review {_REPEATED_SCREEN}: "},
    ),
)


def _boxes_said(rec: Recommendation, says: Callable[[Flag], str]) -> Recommendation:
    """``rec`` with each box (a flag with words) said by ``says`` (a flag -> its words); ``rec`` itself where no box
    changes. The headline and the first step read the flags as raised (``raised``: the first pass that changes a box
    keeps them), never the boxes' words: every pass of the boxes' build
    (:func:`~iopkit.placement.decision.recommend`) ends here.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> rec = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> _boxes_said(rec, lambda f: f.action) is rec
    True
    """
    flags = tuple(replace(f, action=said) if f.action and (said := says(f)) != f.action else f for f in rec.flags)
    return replace(rec, flags=flags, raised=rec.raised or rec.flags) if flags != rec.flags else rec


def _either_case(pattern: str) -> re.Pattern[str]:
    """``pattern`` with its first letter matched either case (one opening with a group says its own)."""
    if not pattern[:1].isalpha():
        return re.compile(pattern)
    return re.compile(f"[{pattern[0].upper()}{pattern[0].lower()}]{pattern[1:]}")


_COMPILED = tuple((_either_case(pattern), MappingProxyType(dict(words))) for pattern, words in BESIDE_WORDS)


def _confirmed_high(rec: Recommendation) -> bool:
    """Whether a C-SSRS screener high risk that no correction has withdrawn stands among ``rec``'s flags: a withdrawn
    one (corrected, never assessed) is no positive screen, the headline repeats the screen, and its boxes keep their
    no-C-SSRS words (physician review R18, session 16, must-fix M4, the reviewer's words: "``Beside.HIGH`` only for a
    ``suicide_risk_high`` flag with ``withdrawn is None``"; Posner et al. 2011: a positive screen triggers the
    evaluation)."""
    return suicide_emergency(f for f in rec.flags if f.code == "suicide_risk_high" and f.withdrawn is None)


def _withdrawn_high(rec: Recommendation) -> bool:
    """Whether a C-SSRS screener high risk withdrawn by a correction, never closed, stands among ``rec``'s flags and
    no confirmed one (:func:`_confirmed_high`; physician review R18, must-fix M4)."""
    withdrawn = [f for f in rec.flags if f.code == "suicide_risk_high" and f.withdrawn is not None]
    return bool(withdrawn) and suicide_emergency(withdrawn) and not _confirmed_high(rec)


def _rated_or_high(rec: Recommendation) -> frozenset[Beside]:
    """What ``rec``'s ratings of 4 and a confirmed C-SSRS high have ordered (:class:`Beside`: ``rated_4``,
    ``rated_4_d1`` or ``rated_4_d2_d3``, ``rated_4_d3``, ``high``), the first part of :func:`beside`, read off the
    ratings and flags only (never the headline)."""
    rated = {d for d in (1, 2, 3) if rec.dimensions.get(d) == 4}
    found: set[Beside] = set()
    if rated:
        found |= {Beside.RATED_4, Beside.RATED_4_D1 if 1 in rated else Beside.RATED_4_D2_D3}
    if 3 in rated:
        found.add(Beside.RATED_4_D3)
    if _confirmed_high(rec):
        found.add(Beside.HIGH)
    return frozenset(found)


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
    found = set(_rated_or_high(rec))
    rated = Beside.RATED_4 in found
    complicated = any(f.code == "complicated_withdrawal" for f in rec.flags)
    # R16 M4, S6: a COWS box's "only for a complicating condition" is said otherwise beside an emergency first step
    emergency = _said_only_for(rec) and rec.first_step is FirstStep.EMERGENCY_EVALUATION
    if not found and (emergency or _said_beside_transfer(rec)) and transfer_now_first(rec):
        found.add(Beside.TRANSFER_NOW)
        if complicated:
            found.add(Beside.TRANSFER_NOW_COMPLICATED)
    elif Beside.HIGH in found and not rated and complicated:
        # R15 M1: beside a C-SSRS high too, the COWS boxes' words beside complicated withdrawal come first
        found.add(Beside.TRANSFER_NOW_COMPLICATED)
    if found == {Beside.HIGH} and _ciwa_rescore_last(rec):  # R16 S6
        found.add(Beside.HIGH_CIWA_RESCORE_FIRST)
    if _alcohol_alongside(rec):  # R16 M3, M4: after a transfer now's words, before a C-SSRS high's (the headline's)
        found.add(Beside.ALCOHOL_ALONGSIDE)
        if emergency and Beside.HIGH in found and not rated and transfer_now_first(rec):  # R16 M4
            found.add(Beside.HIGH_TRANSFER_NOW)
    if emergency:  # R16 S6
        found.add(Beside.EMERGENCY_FIRST)
    if _withdrawn_high(rec):  # R18 M4: last, read by no rule above
        found.add(Beside.WITHDRAWN_HIGH)
    return frozenset(found)


#: A COWS above 36 of today's box as raised and the headline's first step re-scoring an old
#: moderate CIWA-Ar before it (:func:`~iopkit.placement.recommendation._ciwa_rescore_first`).
_COWS_TREAT_NOW = re.compile(re.escape("Treat withdrawal now, before the patient leaves, as the prescriber decides:"))
#: (its own sentence, then the screen and the branch at 8 or more: physician review R19, session 16, must-fix N1)
_HEADLINE_CIWA_FIRST = re.compile(
    r"(?:First: |; and )re-score the CIWA-Ar now, before any dose \((?P<last>[^()]*)\)\.\s*$"
)


def _ciwa_rescore_last(rec: Recommendation) -> str:
    """The old moderate CIWA-Ar's last score the headline's first step re-scores before any dose for a COWS above 36
    of today ("last 13 on 20 Nov 2026"), ``""`` where it does not (physician review R16, must-fix M6). The headline
    is read only where an old moderate CIWA-Ar's box and a COWS above 36 of today's box stand."""
    ciwa = any(f.code == "moderate_alcohol_withdrawal" and _MODERATE_CIWA_RESCORE.match(f.action) for f in rec.flags)
    cows = any(f.code == "severe_opioid_withdrawal" and _COWS_TREAT_NOW.match(f.action) for f in rec.flags)
    if not (ciwa and cows):
        return ""
    m = _headline_ciwa_first(rec.headline)
    return m["last"] if m else ""


def _headline_ciwa_first(headline: str) -> re.Match[str] | None:
    """The headline's first step re-scoring an old moderate CIWA-Ar before any dose, in its own sentence
    (:data:`_HEADLINE_CIWA_FIRST`: "First: re-score the CIWA-Ar now, before any dose (last 13 on 20 Nov 2026). "), its
    last score named ``last``; ``None`` where it does not."""
    # the first sentence, its steps (beside a C-SSRS high the re-score follows the suicide evaluation's)
    first = first_sentence(headline)
    return _HEADLINE_CIWA_FIRST.search(first) if first.startswith("First: ") else None


#: The words :data:`BESIDE_WORDS` changes beside a transfer now (:func:`_said_beside_transfer`), but a COWS box's
#: escalation (:data:`_COWS_ESCALATION`): every COWS box of 13 or more says it, and the transfer now it is said
#: otherwise beside is an emergency first step, read first (:func:`beside`; R16 must-fix M4).
_MOVED_BESIDE_TRANSFER = tuple(
    pattern
    for pattern, words in _COMPILED
    if {Beside.TRANSFER_NOW, Beside.TRANSFER_NOW_COMPLICATED} & set(words)
    and pattern.pattern not in (_COWS_ESCALATION_SEVERE, _COWS_ESCALATION)
)
_ONLY_FOR = "only for a complicating condition"


def _said_only_for(rec: Recommendation) -> bool:
    """Whether a box of ``rec`` escalates "only for a complicating condition" (the COWS boxes): only then is the
    headline read for a transfer now beside a C-SSRS high (R16 must-fix M4)."""
    return any(_ONLY_FOR in f.action for f in rec.flags if f.action)


def _said_beside_transfer(rec: Recommendation) -> bool:
    """Whether a box of ``rec`` says words :data:`BESIDE_WORDS` changes beside a transfer now: only then is the
    headline read for one (building it is the costly part; the boxes are the same either way)."""
    return any(pattern.search(f.action) for f in rec.flags if f.action for pattern in _MOVED_BESIDE_TRANSFER)


def _screens_named(rec: Recommendation) -> dict[str, str]:
    """The suicide-risk screens a box names, "today's" or of their own day (a screen of another day than the
    placement's, :attr:`~iopkit.placement.suggest.Suggestion.earlier`); ``{phq9_told}``, a positive PHQ-9 item 9 told
    alone at handover, in the headline's words (:func:`_phq9_told`)."""
    earlier = {code: day for s in rec.suggested for code, _message, day in s.earlier}

    def of(code: str, name: str, today: str) -> str:
        day = earlier.get(code)
        return today if day is None else f"the {name} of {day:%d %b %Y}"

    return {
        "cssrs": of("suicide_risk_moderate", "C-SSRS screen", "today's C-SSRS screen"),
        "cssrs_high": _capitalised(of("suicide_risk_high", "C-SSRS screen", "today's C-SSRS screen")),
        "phq9": of("suicidal_ideation", "PHQ-9 item 9", "PHQ-9 item 9"),
        "phq9_told": _phq9_told(rec, of("suicidal_ideation", "PHQ-9 item 9", "today's PHQ-9 item 9")),
    }


def _phq9_told(rec: Recommendation, named: str) -> str:
    """What a box tells the receiving team at handover of a positive PHQ-9 item 9 told alone, as the headline tells it
    (:func:`~iopkit.placement.recommendation.screen_told`, the headline's one rule): one of another day, never assessed
    since, "the PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed)" (physician review R40, should-fix S1: cases
    17, 46 and 89, whose headline said "(never assessed)" and whose suicidal_ideation and dimension-3 boxes did not);
    today's, "today's PHQ-9 item 9 was positive". A blank item 9 alone (its worst case), "today's PHQ-9 item 9 was not
    asked", never "positive" (:func:`_blank_item9`; physician review R32, should-fixes S7 and S8).
    """
    found = [f for f in _screened_found(rec) if f.code == "suicidal_ideation"]
    phq9 = next((f for f in found if not f.worst_case), None) or next(filter(_blank_item9, found), None)
    return screen_told(rec, phq9) if phq9 is not None else f"{named}{_POSITIVE}"


def _phq9_found(flag: Flag) -> str:
    """What a PHQ-9 item 9 box tells of the item (``{phq9_found}``, :data:`BESIDE_WORDS`): "was positive", and for a
    blank item 9's own box (its worst answer assumed until asked, ``Flag.worst_case``) "was not asked", never
    "positive" (physician review R32, should-fixes S7 and S8: a blank item 9 told as "that PHQ-9 item 9 was not
    asked"; its box beside a transfer said "that today's PHQ-9 item 9 was positive")."""
    return "was not asked" if _blank_item9(flag) else "was positive"


def _blank_item9(flag: Flag) -> bool:
    """Whether ``flag`` is a blank PHQ-9 item 9's worst case (Kroenke et al. 2001: its worst answer assumed until the
    item is asked; :func:`~iopkit.placement.recommendation._blank_phq9_only`)."""
    return flag.worst_case and flag.code == "suicidal_ideation" and "PHQ-9 item 9" in flag.message


def _conditions_named(rec: Recommendation, found: frozenset[Beside]) -> dict[str, str]:
    """What the R16 boxes name (:data:`BESIDE_WORDS`): today's CIWA-Ar alongside a COWS ("CIWA-Ar 14 today",
    ``{ciwa}``). (The box of a COWS above 36 beside the headline's re-score of an old moderate CIWA-Ar first, R16
    must-fix M6, is said whole by :func:`_cows_after_old_ciwa`.)"""
    return {
        "ciwa": _alcohol_alongside(rec) if Beside.ALCOHOL_ALONGSIDE in found else "",
    }


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
    named = _screens_named(rec) | _conditions_named(rec, found)
    rules = []
    for pattern, words in _COMPILED:
        said = next((words[b] for b in words if b in found), None)
        if said is not None:
            rules.append((pattern, said))

    def says(action: str, flag: Flag) -> str:
        # a blank item 9's own box tells its own item: "was not asked" (physician review R32, should-fixes S7 and S8)
        told = {"phq9_found": _phq9_found(flag)} | ({"phq9_told": screen_told(rec, flag)} if _blank_item9(flag) else {})
        for pattern, said in rules:

            def sub(m: re.Match[str], said: str = said) -> str:
                new = said.format(**{k: v or "" for k, v in m.groupdict().items()}, **(named | told))
                return (str.lower if m[0][:1].islower() else str.upper)(new[:1]) + new[1:]

            action = pattern.sub(sub, action)
        return action

    return _boxes_said(rec, lambda f: says(f.action, f))


#: A box's dose verbs (the physician case table's BOX_DOSE: physician review R13; R16 must-fix M2).
_DOSE_VERB = re.compile(
    r"(?<!\w)(?:a prescriber gives|a prescriber treats|treat withdrawal|treats withdrawal)(?!\w)", re.IGNORECASE
)
#: A screen before any dose as the headline says it, to its "otherwise " (:func:`~iopkit.placement.recommendation.
#: _doses_screened`, :func:`~iopkit.placement.recommendation._before_any_dose`): the words a box copies. Within one
#: sentence (never across a ". " before a capital): a screen whose hold ends its sentence ("no dose here (...). At 8 or
#: more ...") is no screen to a later sentence's "; otherwise", such as the going-home clause's
#: (:data:`~iopkit.placement.recommendation.HOME_OTHERWISE`, physician review R32, should-fix S4: case 88 of the 800
#: copied the headline's whole first step into its COWS boxes).
_SCREEN_SAID = re.compile(r"[Bb]efore any dose: (?:(?!\. [A-Z]).)*?; otherwise ")
#: An old complicated CIWA-Ar's re-score and delirium screen in the headline's first step
#: (:data:`_COMPLICATED_RESCORE`).
_RESCORE_AND_DELIRIUM = f"re-score the CIWA-Ar and {DELIRIUM_SCREEN}"
#: Beside it, a box's screen before any dose: after the first step's re-score and delirium screen, the intoxication
#: screen with thiamine and blood glucose, and no dose on either (physician review R16, session 15, must-fix M1, its
#: words; ASAM 2020 alcohol withdrawal guideline: withdrawal delirium is a medical emergency; CAM, Inouye et al.
#: 1990; 4AT, Bellelli et al. 2014).
#: Its opening, the same words wherever a box's screen before any dose comes after that step (physician review R69,
#: must-fix 1-4 of part D: "after the first step's CIWA-Ar re-score and delirium screen (CAM or 4AT), ...").
_AFTER_FIRST_STEPS_SCREEN = f"after the first step's CIWA-Ar re-score and delirium screen {DELIRIUM_SCREEN[20:]}, "
_AFTER_RESCORE_AND_DELIRIUM = (
    "A"
    + _AFTER_FIRST_STEPS_SCREEN[1:]
    + _INTOXICATION_ALCOHOL.replace(
        "if intoxicated: no dose here", f"if delirium or intoxication: no dose here {_DELIRIUM_TO_ED}"
    )
)
#: Beside the medical review before the first dose (CIWA-Ar item 10 at 1 of the day: possible early delirium, or
#: intoxication; the headline holds every dose "until it clears and the review is repeated"), a box's dose waits for
#: it (physician review R16, must-fix M3, its words; buprenorphine label: CNS depressants; FDA Drug Safety
#: Communication, 20 Sep 2017).
_AFTER_MEDICAL_REVIEW = "after the first step's medical review finds no delirium and no intoxication"
FIRST_DOSE_AFTER_MEDICAL_REVIEW = (
    "the first dose may be given once the first step's medical review finds no delirium and no intoxication"
)


def _headline_screens(headline: str) -> tuple[str, ...]:
    """The screens before any dose ``headline`` says, each from "before any dose: " to its "otherwise "."""
    return tuple(m[0][:1].lower() + m[0][1:] for m in _SCREEN_SAID.finditer(headline))


def _screen_for(headline: str, screens: tuple[str, ...], opioid: bool, complicated: bool = False) -> str:
    """The headline's screen for a box's dose (physician review R16, must-fix M2, M1 and its extension): beside an old
    complicated CIWA-Ar's re-score and delirium screen, :data:`_AFTER_RESCORE_AND_DELIRIUM`; where the headline
    screens for delirium (CAM or 4AT), that screen; beside a transfer now for complicated withdrawal (``complicated``:
    :attr:`Beside.TRANSFER_NOW_COMPLICATED`) the headline's delirium screen whether or not it doses
    (:data:`_SCREEN_DELIRIUM`; R15 must-fix M1); else for a dose for opioid withdrawal (``opioid``) the headline's
    screen without thiamine, for one for alcohol withdrawal its screen with thiamine and blood glucose, either the
    other where the headline says only one, and where it says none its words
    (:data:`~iopkit.placement.recommendation._INTOXICATION_AT_4`, :data:`~iopkit.placement.recommendation.
    _INTOXICATION_ALCOHOL`)."""
    if _RESCORE_AND_DELIRIUM in headline:
        return _AFTER_RESCORE_AND_DELIRIUM
    delirium = [s for s in screens if DELIRIUM_SCREEN in s]
    if delirium:
        return delirium[0]
    if complicated:
        return f"{_SCREEN_DELIRIUM}; otherwise "
    alcohol = [s for s in screens if "thiamine" in s]
    other = [s for s in screens if "thiamine" not in s]
    said = (other + alcohol) if opioid else (alcohol + other if alcohol else [])
    return said[0] if said else (_INTOXICATION_AT_4 if opioid else _INTOXICATION_ALCOHOL)


def _clause_start(text: str, end: int) -> int:
    """Where the clause that ``text[end:]`` continues starts: after the last ": ", "; " or ", " before ``end`` outside
    brackets (the box's lead: "Prescriber's review before the patient leaves: ", "if still 37 or more, "), else 0."""
    depth, start = 0, 0
    for i, c in enumerate(text[:end]):
        depth += (c == "(") - (c == ")")
        if depth == 0 and c in ":;," and text[i + 1 : i + 2] == " ":
            start = i + 2
    return start


_OTHERWISE = "otherwise "


def _screened_box(action: str, screen: str, delirium: bool) -> str:
    """``action`` saying ``screen`` before its first dose verb (:data:`_DOSE_VERB`), after its lead: the last screen
    before any dose said before it stays where it has its hold ("no dose here") and, where ``delirium``, the delirium
    screen (CAM or 4AT), else ``screen`` takes its place; with no screen said before it, ``screen`` opens the dose's
    clause."""
    dose = _DOSE_VERB.search(action)
    if dose is None:
        return action
    before = action[: dose.start()]
    said = list(_SCREEN_SAID.finditer(before))
    if said:
        m = said[-1]
        if "no dose here" in m[0] and (not delirium or DELIRIUM_SCREEN in m[0]):
            return action
        return _said_at(action[: m.start()] + action[m.end() :], m.start(), screen)
    if "screen for" in before.lower() and "no dose here" in before and (not delirium or "CAM" in before):
        return action  # a screen with its hold in other words (the suicide evaluation's, R15 M1's)
    at = _clause_start(action, dose.start())
    if action.startswith(_OTHERWISE, at):  # "...; otherwise before any dose: ...; otherwise treat" (R16 M6's words)
        at += len(_OTHERWISE)
    return _said_at(action, at, screen)


def _later_doses_screened(
    action: str, headline: str, screens: tuple[str, ...], complicated: bool, delirium: bool
) -> str:
    """A joined box's ``action`` with each dose verb after its first (:data:`_DOSE_VERB`) said after its own screen
    (:func:`_screen_for`) where the last screen before it sits inside another clause's condition
    (:data:`_SCREEN_CONDITION`) or none stands before it: "a screen covers a later dose only if it is not inside
    another clause's condition ("if still ...", "at 8 or more ..."); otherwise repeat the screen" (physician review
    R17b, session 15, must-fix M1, the reviewer's words; ASAM 2020 alcohol withdrawal guideline: assess intoxication,
    thiamine before glucose; FDA Drug Safety Communication 20 Sep 2017). The screens so said are then said once, their
    union (:func:`_screened_once`; physician review R18, should-fix S2)."""
    for dose in reversed(list(_DOSE_VERB.finditer(action))[1:]):
        said = list(_SCREEN_SAID.finditer(action[: dose.start()]))
        between = re.sub(r"\([^()]*\)", "", action[said[-1].end() : dose.start()]) if said else ";"
        if said and ("; " not in between or not _SCREEN_CONDITION.search(action[: said[-1].start()])):
            continue
        clause = action[dose.start() :].split(";", 1)[0]
        screen = _screen_for(headline, screens, opioid="buprenorphine" in clause, complicated=complicated)
        if delirium and DELIRIUM_SCREEN not in screen:
            screen = f"{_SCREEN_DELIRIUM}; otherwise "
        at = _clause_start(action, dose.start())
        if action.startswith(_OTHERWISE, at):
            at += len(_OTHERWISE)
        action = _said_at(action, at, screen)
    return action


#: The medical review's finding beside a C-SSRS high or moderate, whose first step asks about an overdose or ingestion
#: (physician review R18, session 16, should-fix S7, the reviewer's words; R16 should-fix S5).
_NO_OVERDOSE = " and no overdose or ingestion"
_OVERDOSE_ASKED = "ask about any overdose or ingestion"


def _after_medical_review(action: str, overdose: bool = False) -> str:
    """``action`` with its first dose after the first step's medical review (:data:`_AFTER_MEDICAL_REVIEW`, with
    :data:`_NO_OVERDOSE` where ``overdose``: the first step asks about one): said in its lead before the lead's ":",
    or opening the dose's clause."""
    after = _AFTER_MEDICAL_REVIEW + (_NO_OVERDOSE if overdose else "")
    for now in (_FIRST_DOSE_NOW, FIRST_DOSE_AFTER_SCREEN):
        action = action.replace(now, FIRST_DOSE_AFTER_MEDICAL_REVIEW + (_NO_OVERDOSE if overdose else ""))
    # each dose's own clause (a joined box's too: physician review R18, session 16, must-fix M6, the reviewer's words:
    # "every dose clause of a joined box keeps its own box's condition verbatim"), from the last
    for dose in reversed(list(_DOSE_VERB.finditer(action))):
        at = _clause_start(action, dose.start())
        if action[at - 2 : at] == ": ":  # in the dose's lead, before its ":"
            if _AFTER_MEDICAL_REVIEW not in action[_clause_start(action, at - 2) : at]:
                action = f"{action[: at - 2]}, {after}{action[at - 2 :]}"
        elif not action[:at].endswith(f"{after}, ") and _AFTER_MEDICAL_REVIEW not in action[at : dose.start()]:
            action = _said_at(action, at, f"{after}, ")
    return action


#: The headline's re-score and delirium screen while a C-SSRS high's transfer now is arranged (physician review R23b,
#: should-fix A3, in R24b 2's words): not the first step's re-score the boxes' screens follow, which R23b A1 keeps as
#: R15-M1 and R16-S5 said them (R24b 2: "The boxes keep R23b A1").
_WHILE_ARRANGED = re.compile(
    re.escape(RESCORED_WHILE_ARRANGED).replace(re.escape("{last}"), r"[^()]*").replace(re.escape("{n}"), r"\d+")
)


def _box_screens(rec: Recommendation, headline: str) -> tuple[tuple[str, ...], bool, bool]:
    """What the boxes' doses are screened by beside ``headline`` (``rec``'s, as :func:`screens_before_box_doses` reads
    it): the headline's screens before any dose (:func:`_headline_screens`), whether a transfer now for complicated
    withdrawal stands (:attr:`Beside.TRANSFER_NOW_COMPLICATED`, read on the boxes as raised), and whether the dose
    waits for a delirium screen (CAM or 4AT: beside that transfer, after an old complicated CIWA-Ar's re-score and
    delirium screen, or where a headline's screen says one)."""
    screens = _headline_screens(headline)
    raised = as_raised(rec)  # beside() reads the boxes as raised
    complicated = Beside.TRANSFER_NOW_COMPLICATED in beside(raised)
    delirium = complicated or _RESCORE_AND_DELIRIUM in headline or any(DELIRIUM_SCREEN in s for s in screens)
    return screens, complicated, delirium


def screens_before_box_doses(rec: Recommendation) -> Recommendation:
    """``rec`` with every box that gives a dose saying, before its first dose verb, the headline's screen for that
    withdrawal (:func:`_screen_for`): the screen for intoxication, with thiamine and blood glucose for alcohol
    withdrawal, "if intoxicated: no dose here; otherwise " (a box is read alone on the chart: the nurse acts on the
    flag she opened), after the box's lead, capitalised where it opens the box; beside a delirium screen in the
    headline, that screen (CAM or 4AT); beside the medical review before the first dose (CIWA-Ar item 10 at 1), the
    dose after that review finds no delirium and no intoxication, the buprenorphine induction's first dose too.
    Physician review R16 (session 15), must-fix M1 and its extension, M2, M3, should-fix S7, the reviewer's words;
    ASAM 2020 alcohol withdrawal guideline (assess intoxication; thiamine; delirium a medical emergency);
    buprenorphine and methadone labels (CNS depressants incl. alcohol: respiratory depression); FDA Drug Safety
    Communication, 20 Sep 2017. The headline reads the flags as raised, so it is the same either way; ``rec`` itself
    where no box changes.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes said beside the headline (:func:`boxes_beside_emergency`).

    Returns
    -------
    Recommendation
        ``rec`` with each dose box's screen before its dose.

    Examples
    --------
    >>> import iopkit
    >>> from iopkit.placement import recommend, suggest_dimensions
    >>> r = recommend({1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions(
    ...     [iopkit.score("ciwa_ar", [2, 2, 2, 2, 2, 1, 0, 0, 2, 0])]))
    >>> print(next(f.action for f in r.flags if f.code == "moderate_alcohol_withdrawal"))
    ... # doctest: +NORMALIZE_WHITESPACE
    Prescriber's review before the patient leaves: before any dose: screen for intoxication (breath alcohol above zero,
    or signs of sedative intoxication), give thiamine and check blood glucose; if intoxicated: no dose now (ask the
    patient to stay on site and repeat the screen and the score when it clears; if it has not cleared by the end of
    the session, or withdrawal worsens: arrange a higher level of care; the patient must not drive today; if the
    patient insists: offer a lift or a taxi, and follow local policy); otherwise at a CIWA-Ar of 10 or more treat
    withdrawal with medication (ASAM 2020: moderate withdrawal, 10-18, should receive medication); at 8-9 consider it;
    re-score the CIWA-Ar within 1 hour of a dose and before the patient leaves; if a dose is given: the patient must
    not drive today
    """
    headline = _WHILE_ARRANGED.sub("", rec.headline)  # R23b A3's re-score, read as before it (R23b A1)
    if UNTIL_IT_CLEARS in headline:  # the medical review before the first dose holds every dose (R16 M3)
        first = first_sentence(headline)
        overdose = _OVERDOSE_ASKED in first  # R18 S7: beside a C-SSRS high or moderate
        said = {f: _after_medical_review(f.action, overdose) for f in rec.flags if f.action}
    else:
        screens, complicated, delirium = _box_screens(rec, headline)
        said = {}
        for f in rec.flags:
            dose = _DOSE_VERB.search(f.action or "")
            if dose is None:
                continue
            clause = f.action[dose.start() :].split(";", 1)[0]
            screen = _screen_for(headline, screens, opioid="buprenorphine" in clause, complicated=complicated)
            said[f] = _screened_box(f.action, screen, delirium)
            if f.code == "rated_below_suggestion_d1":  # R17b M1: a joined box's later doses
                said[f] = _later_doses_screened(said[f], headline, screens, complicated, delirium)
    if any(f.code in _COWS_DOSE_CODES for f in rec.flags):  # R18 M6: the item-10 hold names the agonists too
        said = {f: said.get(f, f.action).replace(BENZODIAZEPINE_HOLD, _IF_INTOXICATED) for f in rec.flags if f.action}
    said = {f: _cows_after_old_ciwa(rec, f.code, said.get(f, f.action)) for f in rec.flags if f.action}
    said = {f: _old_moderate_beside_cows_box(rec, f.code, a) for f, a in said.items()}  # R28 M2
    said = {f: _two_old_withdrawals_box(rec, f.code, a) for f, a in said.items()}  # R30b M3
    said = {f: _old_transfer_two_withdrawals_box(rec, f.code, a) for f, a in said.items()}  # R31 M3
    flags = tuple(replace(f, action=said[f]) if f in said else f for f in rec.flags)
    return replace(rec, flags=flags, raised=rec.raised or rec.flags) if flags != rec.flags else rec


#: The COWS flags whose box doses for opioid withdrawal of 13 or more (``iopkit.instruments.cows``); beside one, CIWA-Ar
#: item 10 at 1's hold (:data:`~iopkit.flags.BENZODIAZEPINE_HOLD`) says the headline's "no buprenorphine, methadone or
#: benzodiazepine until it clears and the review is repeated" in every box (physician review R18, session 16, must-fix
#: M6, the reviewer's words; R16 must-fix M3; buprenorphine and methadone labels: CNS depressants, respiratory
#: depression; FDA Drug Safety Communication 20 Sep 2017).
_COWS_DOSE_CODES = frozenset(
    {"moderate_opioid_withdrawal", "moderately_severe_opioid_withdrawal", "severe_opioid_withdrawal"}
)
#: The headline's first sentence re-scoring an old moderate CIWA-Ar (its last score), and an old severe one: its first
#: step, or after a C-SSRS step ("; and re-score" beside a C-SSRS high, "then re-score" beside a withdrawn one).
_FIRST_MODERATE_CIWA = re.compile(
    r"(?:^First: |; and |\bthen )re-score the CIWA-Ar now \((?P<last>last \d+ on [^(),]*)\); "
    r"(?P<screened>before any dose: [^.]*?; otherwise )?treat on "
)  # physician review R28, M2: beside today's COWS of 13 or more, the screen before the re-score's treatment
_FIRST_SEVERE_CIWA = re.compile(
    r"(?:^First: |; and |\bthen )re-score the CIWA-Ar now (?P<delirium>and screen for delirium \(CAM or 4AT\) )?"
    r"\((?P<last>last \d+ on [^(),]*), severe\)(?P<screened> and screen for delirium \(CAM or 4AT\))?: "
)  # physician review R24b 3: its delirium screen beside a C-SSRS high (OLD_SEVERE_BESIDE_HIGH_STEP); ``screened``:
# the conditional transfer's, after the bracket, as the headline shows it (physician review R67, F1)
#: A COWS 13-36 box's lead, as said beside no C-SSRS flag or beside one (:data:`BESIDE_WORDS`).
_REVIEW_LEAD = re.compile(
    r"Prescriber's review (?:before the patient leaves: |now, while the patient waits for the suicide evaluation|"
    r"now, before the patient leaves)"
)
#: A COWS box of 13 or more beside the headline's re-score of an old moderate CIWA-Ar first: the re-score first, its
#: branch at 8 or more (physician review R17b, session 15, must-fix M2, its words; R16 must-fix M6's rule); beside a
#: C-SSRS high (not withdrawn) through the same emergency evaluation (physician review R18, session 16, must-fix M2,
#: its words).
_MODERATE_CIWA_FIRST = (
    "Re-score the CIWA-Ar first, before any dose ({last}): at 8 or more, alcohol withdrawal alongside: "
    f"{_MANAGED_ESCALATION}{{through}}; otherwise "
)
_THROUGH_EVALUATION = ", through the same emergency evaluation"
#: The same box beside the headline's re-score of an old moderate CIWA-Ar screened before its treatment (physician
#: review R28, M2: :func:`~iopkit.placement.recommendation.old_moderate_ciwa_beside_cows`): the re-score first, then
#: the box's review with the headline's screen, its escalation as that re-score decides it (:data:`~iopkit.placement.
#: recommendation._AT_RESCORE_BOX`, R27 M2's words, as beside an old severe CIWA-Ar), never a second branch at 8 or
#: more before it.
_MODERATE_CIWA_FIRST_SCREENED = "Re-score the CIWA-Ar first ({last}); "
#: A COWS 13-36 box's escalation for a complicating condition, beside no C-SSRS high or beside one
#: (:data:`_COWS_SAME_EVALUATION`), co-occurring alcohol withdrawal among its conditions.
_COWS_13_36_ESCALATION = re.compile(
    f"{_COWS_ESCALATION}|"
    + re.escape(_COWS_SAME_EVALUATION).replace(re.escape("{conditions}"), r"(?P<listed>\([^()]*\))")
)
#: An old moderate CIWA-Ar's re-score as its own box and dimension 1's rating-below box say it, no screen before its
#: treatment yet (:func:`_old_moderate_beside_cows_box`).
_MODERATE_RESCORE_UNSCREENED = re.compile(
    r"(?P<rescore>Re-score the CIWA-Ar now \(last \d+ on [^()]*\); )(?=treat on )"
)


def _old_moderate_beside_cows_box(rec: Recommendation, code: str, action: str) -> str:
    """A box beside an old moderate CIWA-Ar and today's COWS of 13 or more (:func:`~iopkit.placement.recommendation.
    old_moderate_ciwa_beside_cows`) saying what the headline says (physician review R28, M2): the CIWA-Ar re-score's
    "treat on the current score" behind the screen before any dose, with thiamine and blood glucose (the alcohol
    boxes and dimension 1's rating-below box: :data:`~iopkit.placement.recommendation._INTOXICATION_ALCOHOL`, the
    overdose question added beside a C-SSRS high or moderate as for every box, and "before any dose:" said once,
    :func:`boxes_said_as_headline`), and a COWS box's (or the rating-below box's) escalation said as the CIWA-Ar
    re-score decides it, with the other complicating conditions (:data:`~iopkit.placement.recommendation.
    _AT_RESCORE_BOX`; beside a C-SSRS high, :data:`_THROUGH_EVALUATION`); ``action`` itself otherwise (ASAM 2020
    alcohol withdrawal guideline: thiamine, blood glucose and intoxication before medication; R27 M2)."""
    raised = as_raised(rec)
    if old_moderate_ciwa_beside_cows(raised) is None:
        return action
    # only where the headline says it so (a COWS above 36 keeps R18 M3's branch words, a rating of 4 its transfer)
    said = _FIRST_MODERATE_CIWA.search(first_sentence(rec.headline))
    if said is None or not said["screened"]:
        return action
    action = _MODERATE_RESCORE_UNSCREENED.sub(lambda m: f"{m['rescore']}{_INTOXICATION_ALCOHOL}", action)
    if code not in _COWS_DOSE_CODES and code != "rated_below_suggestion_d1":
        return action
    through = _THROUGH_EVALUATION if _confirmed_high(rec) else ""
    return _COWS_13_36_ESCALATION.sub(f"{_AT_RESCORE_BOX}{through}", action, count=1)


#: An old CIWA-Ar's or COWS's re-score as a box says it, no screen before its treatment yet
#: (:func:`_two_old_withdrawals_box`).
_RESCORE_UNSCREENED = re.compile(
    r"(?P<rescore>[Rr]e-score the (?:CIWA-Ar|COWS) now \(last \d+ on [^()]*\); )(?=treat on the current score)"
)
#: The boxes beside two old withdrawals that say what both re-scores found call for (the withdrawal boxes and dimension
#: 1's rating-below box).
_TWO_WITHDRAWALS_BOXES = frozenset({"moderate_alcohol_withdrawal", "rated_below_suggestion_d1"}) | _COWS_DOSE_CODES

#: CIWA-Ar item 10 at 1's box beside two old withdrawals: the same re-score as its sibling moderate_alcohol_withdrawal
#: box, said word for word as it (the two-withdrawal escalation, its handover and the sedation watch; physician review
#: R50, b6 Q2: cases 273 377 525 585 608 781, the remedy of R45).
_ITEM10_TWO_WITHDRAWALS = frozenset({"possible_inattention"})


def _two_old_withdrawals_box(rec: Recommendation, code: str, action: str) -> str:
    """A box beside two old withdrawals (:func:`~iopkit.placement.recommendation.two_old_withdrawals`: a moderate
    CIWA-Ar and a COWS of 13 or more, both of another day, neither re-scored today) saying what the headline says
    (physician review R30b, must-fix M3; R30a S4's rule: a box's own earlier screen guards its re-score): every screen
    before any dose with thiamine and blood glucose (:data:`~iopkit.placement.recommendation._INTOXICATION_ALCOHOL`;
    the overdose question first beside a C-SSRS high or moderate), the box's first unscreened re-score's treatment
    behind that screen, and the withdrawal boxes' and dimension 1's rating-below box's treatment followed by what both
    re-scores found call for (:data:`~iopkit.placement.recommendation.TWO_WITHDRAWALS_ESCALATION`), and each box that
    may dose ending with the sedation watch where it has none (:data:`_WATCHED`, physician review R31, S1); ``action``
    itself otherwise, or where the headline does not say the escalation (ASAM 2020 alcohol withdrawal guideline:
    thiamine, blood glucose and intoxication before medication; ASAM Criteria 2013, dimension 1: concurrent
    withdrawals)."""
    raised = as_raised(rec)
    if two_old_withdrawals(raised) is None or TWO_WITHDRAWALS_ESCALATION not in rec.headline:
        return action
    screen = _INTOXICATION_ALCOHOL
    plain = f"{_SCREEN_INTOXICATION}{_NO_DOSE_IF_INTOXICATED}"
    overdose = overdose_risk(raised.flags)
    action = action.replace(overdose_asked(plain), overdose_asked(screen)).replace(plain, screen)
    action = _RESCORE_UNSCREENED.sub(lambda m: f"{m['rescore']}{screen}", action, count=1)
    action = overdose_asked(action) if overdose else action
    if code in _TWO_WITHDRAWALS_BOXES | _ITEM10_TWO_WITHDRAWALS:
        action = _escalated_after_treatment(action, TWO_WITHDRAWALS_ESCALATION)
        # an old COWS above 36: a re-score still above 36 with a CIWA-Ar's of 8 or more, an emergency evaluation
        # (R31 M2)
        action = two_withdrawals_severe(raised, action, told=False)  # its handover last (R42 item 3)
    if code in _WATCHED_BOXES | _ITEM10_TWO_WITHDRAWALS and BENZODIAZEPINE_MONITORING not in action:
        action = f"{action}; {_WATCHED}"  # R31 S1: a box read alone, both withdrawals possible
        if not _DOSE_DRIVING_SAID_IN_BOX.search(action):  # and its driving advice, read alone (R22 S1; R31 M5)
            action = f"{action}; {ANY_DOSE_NO_DRIVING}"
    return action


def _escalated_after_treatment(action: str, escalation: str) -> str:
    """``action`` with ``escalation`` (the two-withdrawals step, :data:`~iopkit.placement.recommendation.
    TWO_WITHDRAWALS_ESCALATION`, and what follows it) after its last "treat on the current score", as the headline says
    it after the COWS re-score's treatment; ``action`` itself where it says the two-withdrawals step already or treats
    on no current score."""
    treat = "treat on the current score"
    at = action.rfind(treat)
    if TWO_WITHDRAWALS_ESCALATION in action or at < 0:
        return action
    at += len(treat)
    return f"{action[:at]}; {escalation}{action[at:]}"


#: The boxes beside an old complicated or severe CIWA-Ar and an old COWS of 13 or more that say what both re-scores
#: found call for: the CIWA-Ar's boxes, the COWS's and dimension 1's rating-below box (:func:`
#: _old_transfer_two_withdrawals_box`).
_OLD_TRANSFER_TWO_WITHDRAWALS_BOXES = (
    frozenset({"severe_alcohol_withdrawal", "complicated_withdrawal", "moderate_alcohol_withdrawal"})
    | _TWO_WITHDRAWALS_BOXES
)


def _old_transfer_two_withdrawals_box(rec: Recommendation, code: str, action: str) -> str:
    """A CIWA-Ar, COWS or dimension-1 rating-below box (:data:`_OLD_TRANSFER_TWO_WITHDRAWALS_BOXES`) beside an old
    complicated or severe CIWA-Ar and an old COWS of 13 or more (:func:`~iopkit.placement.recommendation.
    old_transfer_beside_old_cows`) saying after its treatment on the current score what both re-scores found call for
    (:data:`~iopkit.placement.recommendation.TWO_WITHDRAWALS_ESCALATION`), and beside an old COWS above 36 the
    emergency evaluation after it (:data:`~iopkit.placement.recommendation.TWO_WITHDRAWALS_SEVERE`), as the headline
    says them and as two old moderate ones' boxes say them (:func:`_two_old_withdrawals_box`; physician review R31,
    must-fix M3 follow-up: cases 119, 125, 470, 604, 723, 799; 55, 96, 343, 439, 564, 699); ``action`` itself
    otherwise, or where the headline does not say the escalation (ASAM 2020 alcohol withdrawal guideline, II.5 and
    II.6: prior severe withdrawal with another substance, a higher risk)."""
    raised = as_raised(rec)
    both = old_transfer_beside_old_cows(raised)
    if both is None or code not in _OLD_TRANSFER_TWO_WITHDRAWALS_BOXES:
        return action
    if TWO_WITHDRAWALS_ESCALATION not in rec.headline:
        return action
    severe = (
        f"; {two_withdrawals_severe_said(raised, told=False)}" if both[1].code == "severe_opioid_withdrawal" else ""
    )
    return _escalated_after_treatment(action, f"{TWO_WITHDRAWALS_ESCALATION}{severe}")


#: The boxes beside two old withdrawals that may give a benzodiazepine, buprenorphine or methadone, and the sedation
#: watch each says read alone, as 240's boxes say it (physician review R31, should-fix S1; FDA 2016 boxed warning,
#: opioids with benzodiazepines; ASAM 2020 OUD guideline, benzodiazepine co-use).
_WATCHED_BOXES = frozenset({"moderate_alcohol_withdrawal", "buprenorphine_induction_threshold"}) | _COWS_DOSE_CODES
_UNTIL_HANDOVER = "(if transferred: until handover)"
_WATCHED = f"{BENZODIAZEPINE_ON_SITE} {_UNTIL_HANDOVER}"


#: A COWS above 36 box (or the joined box that opens with it) beside the headline's re-score of an old moderate
#: CIWA-Ar before any dose, as :func:`_screened_box` said it: its screen, its hold and the start of its dose clause.
_SEVERE_COWS_SAID = re.compile(
    r"[Bb]efore any dose: (?P<ask>(?:ask about any overdose or ingestion today and )?)screen for intoxication "
    + re.escape(INTOXICATION_SIGNS)
    + r"; if (?P<held>[^:]*): no dose here(?P<ed>(?: \([^()]*\))?); otherwise (?=treat withdrawal now)"
)
#: The same box said anew: one screen before any dose first, then the branch at 8 or more with its refusal clause,
#: the benzodiazepine monitoring and no driving, then the dose otherwise (physician review R18, session 16, must-fix
#: M3, its words; R16 must-fix M2: the screen before every dose; beside a C-SSRS high, not withdrawn, R18 must-fix
#: M2's one setting that can manage both and R13 must-fix M2's refusal; ASAM 2020 alcohol withdrawal guideline:
#: thiamine; FDA Drug Safety Communication 20 Sep 2017: benzodiazepines with opioid agonists). Thiamine and blood
#: glucose whatever the re-score, and the branch named by the re-score it reads, as the headline says them (physician
#: review R42, item 2, R30b should-fix S2, its words).
_CIWA_FIRST_SCREEN_FIRST = (
    "Re-score the CIWA-Ar first ({last}). Before any dose: {ask}screen for intoxication "
    f"{INTOXICATION_SIGNS}, give thiamine and check blood glucose; if {{held}}: no dose here{{ed}}. At a CIWA-Ar "
    "re-score of 8 or more (alcohol withdrawal alongside, a complicating condition): {transfer}; {refusal}; "
    f"{_FIRST_DOSE_IF_NO_DELAY}; {BENZODIAZEPINE_UNTIL_HANDOVER}; the patient must not drive. Otherwise "
)
#: Its opening re-score, said once in the box: "Re-score the CIWA-Ar first (last 14 on 20 Nov 2026)" (physician review
#: R69, ruling R67 must-fix 1: :func:`_rescore_branch_said` does not repeat it).
_CIWA_FIRST_SAID = _CIWA_FIRST_SCREEN_FIRST[: _CIWA_FIRST_SCREEN_FIRST.index(")") + 1]
#: Its tail beside no C-SSRS high: the headline's escalation (R18 must-fix M3: "use the headline's").
_TAIL_SAID = "; arrange medically managed withdrawal or a higher level of care only for a complicating condition ("
_TAIL_HEADLINE = "; emergency evaluation only for a complicating condition ("
#: The same beside an old severe CIWA-Ar's re-score: the box's screen after it (R17b must-fix M2, its words; R16
#: must-fix M1's form without the delirium screen).
_AFTER_SEVERE_CIWA = "after the first step's CIWA-Ar re-score ({last}, severe), before any dose: "
#: The same after a re-score that screens for delirium, naming the screen: beside a C-SSRS high's step (physician review
#: R24b 3, with R16-M1: CAM) and beside the old severe CIWA-Ar's conditional transfer (physician review R67, F1).
_AFTER_SEVERE_CIWA_SCREENED = _AFTER_SEVERE_CIWA.replace(
    "CIWA-Ar re-score (", f"CIWA-Ar re-score and delirium screen {DELIRIUM_SCREEN[20:]} (", 1
)
#: A box's opening after that re-score, not naming the screen ("After the first step's CIWA-Ar re-score (last 21 on 20
#: Nov 2026, severe), before any dose: "), either case.
_AFTER_SEVERE_CIWA_SAID = re.compile(
    "(?<=[Aa])" + re.escape(_AFTER_SEVERE_CIWA[1:]).replace(re.escape("{last}"), r"(?P<last>last \d+ on [^(),]*)")
)
_ANY_DOSE = re.compile("[Bb]efore any dose: ")
_RESCORED = re.compile("CIWA-Ar re-score|[Rr]e-score the CIWA-Ar")


def _cows_after_old_ciwa(rec: Recommendation, code: str, action: str) -> str:
    """A COWS dose box (``code`` of :data:`_COWS_DOSE_CODES`; above 36, the joined dimension-1 box that opens with it
    too) saying the headline's first sentence's re-score of an old CIWA-Ar before its screen and dose (physician
    review R17b, session 15, must-fix M2, the reviewer's words: "the COWS box re-scores the CIWA-Ar first"; physician
    review R18, session 16, must-fix M2: beside a C-SSRS high of today and a withdrawn one too; must-fix M3: beside a
    COWS above 36, one screen before any dose first, then the transfer at 8 or more with its refusal clause; COWS
    items are also alcohol-withdrawal signs, Wesson & Ling 2003, Sullivan et al. 1989; ASAM 2020 alcohol withdrawal
    guideline); ``action`` itself otherwise. ``rec`` as said, its boxes as raised in :attr:`Recommendation.raised`."""
    joined = code == "rated_below_suggestion_d1"
    if code not in _COWS_DOSE_CODES and not joined:
        return action
    first = first_sentence(rec.headline)
    high = _confirmed_high(rec)
    raised = as_raised(rec)
    last = _ciwa_rescore_last(raised)
    said = _SEVERE_COWS_SAID.match(action) if last else None
    if said:  # R18 M3, M2: a COWS above 36 (R48 item 2: staff with the patient until handover)
        transfer = (
            f"{_ONE_SETTING} that can manage both: arrange transfer now (ED)" if high else SEVERE_ALONGSIDE_TRANSFER
        )
        lead = _CIWA_FIRST_SCREEN_FIRST.format(
            last=last, transfer=transfer, refusal=DECLINES_OR_LEAVES if high else DECLINES_TRANSFER, **said.groupdict()
        )
        told = None if high else assessment_handover(rec)
        if told:  # R20 M1: beside a same-day suicide risk assessment, its handover on the transfer path too
            at = lead.rindex(CIWA_RESCORE_NO_DRIVING)
            lead = lead[:at] + CIWA_RESCORE_HANDOVER.format(that=told[0]) + lead[at + len(CIWA_RESCORE_NO_DRIVING) :]
        rest = action[said.end() :]
        return lead + (rest if high else rest.replace(_TAIL_SAID, _TAIL_HEADLINE, 1))
    if joined:
        return action
    moderate = _FIRST_MODERATE_CIWA.search(first)
    if moderate and moderate["screened"] and _REVIEW_LEAD.match(action):  # R28 M2: the re-score screened first
        return _MODERATE_CIWA_FIRST_SCREENED.format(last=moderate["last"]) + "p" + action[1:]
    if moderate and _REVIEW_LEAD.match(action):  # R17b M2; R18 M2: beside a C-SSRS high or a withdrawn one
        through = _THROUGH_EVALUATION if high else ""
        return _MODERATE_CIWA_FIRST.format(last=moderate["last"], through=through) + "p" + action[1:]
    severe = _FIRST_SEVERE_CIWA.search(first)
    if severe is None:
        return action
    # R24b 3's delirium screen (R16-M1: CAM)
    opening = _AFTER_SEVERE_CIWA_SCREENED if severe["delirium"] else _AFTER_SEVERE_CIWA
    return _screen_after_severe_ciwa(action, opening.format(last=severe["last"]))


def _screen_after_severe_ciwa(action: str, opening: str) -> str:
    """``action`` with its first "before any dose: " said ``opening`` (:data:`_AFTER_SEVERE_CIWA` or
    :data:`_AFTER_SEVERE_CIWA_SCREENED`, its last score said) where no CIWA-Ar re-score is said before it (physician
    review R17b, must-fix M2: the box's screen after the first step's re-score); ``action`` itself otherwise."""
    screen = _ANY_DOSE.search(action)
    if screen is None or _RESCORED.search(action[: screen.start()]):
        return action
    return _said_at(action[: screen.start()] + action[screen.end() :], screen.start(), opening)


#: An old COWS of 13 or more (not re-scored today) beside today's CIWA-Ar in the moderate band: the COWS boxes and
#: the COWS part of dimension 1's rating-below box, physician review R18 (session 16), phase 1 (R17b must-fix M3),
#: the reviewer's words (/work/reviews/r18_m3.md; its basis as :data:`~iopkit.placement.recommendation.
#: OLD_COWS_WITH_ALCOHOL_STEP`'s: Wesson & Ling 2003; ASAM Criteria 2013, dimension 1; ASAM 2020 alcohol withdrawal and
#: OUD guidelines; FDA Drug Safety Communication 20 Sep 2017), the methadone conditions and the complicating
#: conditions in full ("as now").
OLD_COWS_WITH_ALCOHOL_BOX = (
    "Re-score the COWS now ({last}), with alcohol withdrawal alongside ({ciwa}): {if37}: emergency evaluation now: "
    f"{SEVERE_ALONGSIDE_TRANSFER}; "  # physician review R48, item 2
    # the driving rule after the capacity clause, as the headline's step says it (physician review R73, must-fix 1a)
    f"{DECLINES_NOT_DRIVING}; "
    "if 13-36: arrange medically managed "
    "withdrawal or a higher level of care: co-occurring alcohol withdrawal ({ciwa}); before any dose: screen for "
    "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
    "glucose; if intoxicated: no dose here; otherwise at a COWS of 13 or more a prescriber treats withdrawal now (a "
    f"first dose before transfer only if it does not delay the transfer): {OPIOID_AGONISTS}; re-score the COWS after "
    "dosing; at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time, and any "
    f"complicating condition {COWS_COMPLICATING}; if a benzodiazepine is given with buprenorphine or methadone: "
    "monitor sedation and breathing until handover or while the patient is on site; treat on the current score"
)
#: The same beside an emergency evaluation for suicide risk (physician review R18, session 16, phase 1, case F, its
#: words: the combined transfer, no capacity test, no 3.7-WM; the overdose question in the screen; R7-M1; Posner et
#: al. 2011), the rest as :data:`OLD_COWS_WITH_ALCOHOL_BOX`.
OLD_COWS_WITH_ALCOHOL_SUICIDE_BOX = (
    "R"
    + OLD_COWS_WITH_ALCOHOL_SUICIDE_LEAD[1:]
    + "at a COWS of 13 or more a prescriber treats withdrawal now, while the patient waits for the suicide "
    "evaluation (if transferred: a first dose before transfer only if it does not delay the transfer): "
    f"{OPIOID_AGONISTS}; re-score the COWS after dosing; at handover tell the receiving team the last CIWA-Ar and COWS "
    f"scores and any dose with its time, and any complicating condition {COWS_COMPLICATING}; if a benzodiazepine is "
    "given with buprenorphine or methadone: monitor sedation and breathing until handover or while the patient is on "
    "site; treat on the current score"
)
#: R19-N2 (c1): the box's screen beside a C-SSRS moderate risk asks about an overdose or ingestion first (physician
#: review R19, session 16, N2: "r18_m3's box form with screen (i)"; R16 should-fix S5).
_BOX_SCREEN = "b" + _B_SCREEN[1:]
_BOX_OVERDOSE_SCREEN = "b" + OLD_COWS_WITH_ALCOHOL_OVERDOSE_SCREEN[1:]
assert _BOX_SCREEN in OLD_COWS_WITH_ALCOHOL_BOX
#: The COWS step of another day a box says now: its re-score to "treat on the current score" (in a joined box, any
#: case at its start).
_OLD_COWS_PART = re.compile(r"[Rr]e-score the COWS now \(last \d+ on [^()]*?\)[:;] .*?treat on the current score")
_OLD_COWS_BOXES = _COWS_DOSE_CODES | {"buprenorphine_induction_threshold", "rated_below_suggestion_d1"}


def old_cows_boxes_with_alcohol(rec: Recommendation) -> Recommendation:
    """``rec`` with its COWS boxes (moderate, moderately severe, severe opioid withdrawal, the buprenorphine induction
    threshold) and the COWS part of dimension 1's rating-below box in the words of :data:`OLD_COWS_WITH_ALCOHOL_BOX`,
    where the headline's first step says :data:`~iopkit.placement.recommendation.OLD_COWS_WITH_ALCOHOL_STEP` (an old
    COWS of 13 or more beside today's CIWA-Ar of 8 or more: :func:`~iopkit.placement.recommendation.
    old_cows_with_alcohol`; physician review R18, session 16, phase 1, R17b must-fix M3); beside the suicide
    evaluation's lead, :data:`OLD_COWS_WITH_ALCOHOL_SUICIDE_BOX` (case F); ``rec`` itself otherwise.

    Parameters
    ----------
    rec : Recommendation
        The recommendation, its headline built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes in the ruling's words, or ``rec`` itself.
    """
    case = old_cows_with_alcohol(rec)
    item10 = old_cows_with_alcohol(rec, item10=True) if case is None else None
    if item10:  # physician review R19, N2 (c3): the doses after the first step's medical review, the reviewer's words
        last, if37, ciwa = item10
        beside = _item10_beside_evaluation_box(rec, last, if37, ciwa)  # physician review R28, M1
        if beside is not None:
            return _old_cows_boxes_said(rec, last, beside)
        handed = assessment_handover(rec)  # physician review R23b, B1: beside a same-day suicide risk assessment
        that = handed[0] if handed else None
        if not rec.headline.startswith("First: medical review now: ") or (
            old_cows_with_alcohol_item10_step(last, if37, ciwa, that) not in rec.headline
        ):
            return rec
        after = _AFTER_MEDICAL_REVIEW + (_NO_OVERDOSE if that else "")
        box = OLD_COWS_WITH_ALCOHOL_BOX.format(last=last, if37=if37, ciwa=ciwa).replace(
            _BOX_SCREEN + "at a COWS", f"{after}, at a COWS"
        )
        if that is None:
            return _old_cows_boxes_said(rec, last, box)
        return _item10_reviews_told(_old_cows_boxes_said(rec, last, _told_at_handover(box, that)), that)
    if case is None:
        return rec
    last, if37, ciwa = case
    b_box = OLD_COWS_WITH_ALCOHOL_BOX.format(last=last, if37=if37, ciwa=ciwa)
    handover = assessment_handover(rec, low=True)
    if rec.headline.startswith(f"First: {OLD_COWS_WITH_ALCOHOL_STEP.format(last=last, if37=if37, ciwa=ciwa)}"):
        box = b_box
    elif handover and rec.headline.startswith(
        f"First: {old_cows_with_alcohol_assessment_step(last, if37, ciwa, *handover)}"
    ):  # physician review R19, N2: (c1) the screen asks about an overdose or ingestion; (c2) as case B
        box = b_box.replace(_BOX_SCREEN, _BOX_OVERDOSE_SCREEN) if handover[1] else b_box
    # (read without the handover the headline says after its conditional transfer: physician review R22, must-fix M2)
    elif f"; and {OLD_COWS_WITH_ALCOHOL_SUICIDE_STEP.format(last=last, if37=if37, ciwa=ciwa)}" in (
        rec.headline.replace(f" {told}", "")
        if (told := _told_at_evaluation(rec, if_transferred=True))
        else rec.headline
    ):
        box = OLD_COWS_WITH_ALCOHOL_SUICIDE_BOX.format(last=last, if37=if37, ciwa=ciwa)
    else:
        return rec
    return _old_cows_boxes_said(rec, last, box)


def _item10_beside_evaluation_box(rec: Recommendation, last: str, if37: str, ciwa: str) -> str | None:
    """The COWS boxes' words where the headline's first step says an old COWS of 13 or more (its re-score's ``last``,
    ``if37``) beside today's CIWA-Ar ``ciwa`` with item 10 at 1 and the emergency evaluation for suicide risk in case
    F's branches (physician review R28, M1): evaluated on site (:data:`~iopkit.placement.recommendation.
    OLD_COWS_WITH_ALCOHOL_ITEM10_SUICIDE_STEP`), :data:`OLD_COWS_WITH_ALCOHOL_SUICIDE_BOX` with its doses after the
    first step's medical review, as R19-N2 (c3)'s box says them beside an assessment (R23b B1); beside dimension 3
    rated 4's transfer now (:data:`~iopkit.placement.recommendation.OLD_COWS_WITH_ALCOHOL_ITEM10_AT_4`), the
    headline's words; ``None`` where the headline says neither (read without the handover it says after its
    conditional transfers, as case F's box reads it)."""
    said = {"last": last, "if37": if37, "ciwa": ciwa}
    told = _told_at_evaluation(rec, if_transferred=True)
    head = rec.headline.replace(f" {told}", "") if told else rec.headline
    if (at_4 := OLD_COWS_WITH_ALCOHOL_ITEM10_AT_4.format(**said)) in head:
        return _capitalised(at_4)
    if OLD_COWS_WITH_ALCOHOL_ITEM10_SUICIDE_STEP.format(**said) not in head:
        return None
    # its doses after the medical review, never a second "treat on the current score" after the handover, which would
    # read as a dose unscreened (physician review R30b, M1)
    return (
        OLD_COWS_WITH_ALCOHOL_SUICIDE_BOX.format(**said)
        .replace(f"{_BOX_OVERDOSE_SCREEN}at a COWS", f"{_AFTER_MEDICAL_REVIEW}{_NO_OVERDOSE}, at a COWS", 1)
        .removesuffix(f"; {_TREAT_CURRENT}")
    )


#: The boxes that say CIWA-Ar item 10 at 1's medical review (its own, and dimension 1's rating-below box that joins it).
_ITEM10_REVIEW_BOXES = frozenset({"possible_inattention", "rated_below_suggestion_d1"})
#: The positive PHQ-9 item 9's box beside a transfer the first step may arrange: its handover (physician review R23b,
#: session 20, should-fix B2, its words; Joint Commission NPSG 15.01.01), a comma before the request as the headline
#: says it (:data:`~iopkit.placement.recommendation.CIWA_RESCORE_HANDOVER`; R23a, finding 7; R30a: case 532); a clause
#: after "; ", not a bracket, so that no bracket closes inside another ("...for it))": physician review R38, item 1,
#: cases 532 and 780, the form the other such boxes say).
_IDEATION_TOLD = (
    "; if transferred: at handover tell the receiving team {that}, and ask them for a suicide risk assessment (do not "
    "delay the transfer for it)"
)


def _item10_reviews_told(rec: Recommendation, that: str) -> Recommendation:
    """``rec`` with CIWA-Ar item 10 at 1's medical review, in each box that says it, in the headline's words beside a
    same-day suicide risk assessment (:func:`~iopkit.placement.recommendation.item10_review_told`: physician review
    R23b, session 20, must-fix B1, items 1-3), and the positive PHQ-9 item 9's box naming the screens ``that`` at
    handover (should-fix B2); so does the C-SSRS moderate risk's step where it hands over to no one, in its own box and
    in dimension 3's rating-below box (physician review R30a: case 532's rating-below box had no handover beside the
    PHQ-9 box's)."""

    def said(f: Flag) -> str:
        if f.code in _ITEM10_REVIEW_BOXES and _REVIEWS_DELIRIUM.search(f.action):
            return item10_review_told(f.action, that)
        if f.code == "suicidal_ideation" and f.action.endswith("before the patient leaves"):
            return f.action + _IDEATION_TOLD.format(that=that)
        if f.action.startswith(SUICIDE_RISK_MODERATE_STEP) and _HANDED_OVER.search(f.action) is None:
            at = len(SUICIDE_RISK_MODERATE_STEP)
            return f.action[:at] + _IDEATION_TOLD.format(that=that) + f.action[at:]
        return f.action

    return _boxes_said(rec, said)


_REVIEWS_DELIRIUM = re.compile(r"[Mm]edical review now: (?:ask about any overdose or ingestion today and )?screen for")


def _old_cows_boxes_said(rec: Recommendation, last: str, box: str) -> Recommendation:
    """``rec`` with the old COWS's step (:data:`_OLD_COWS_PART`) in its COWS boxes said as ``box``."""

    def said(m: re.Match[str]) -> str:
        return box if m.start() == 0 else box[:1].lower() + box[1:]

    return _boxes_said(
        rec,
        lambda f: (
            _OLD_COWS_PART.sub(said, f.action, count=1)
            if f.code in _OLD_COWS_BOXES and f"({last})" in f.action
            else f.action
        ),
    )


#: The intoxication screen's words a box may say without the headline's thiamine and blood glucose
#: (:data:`~iopkit.flags.INTOXICATION_SIGNS`, after "screen for intoxication" or "... and intoxication").
_INTOXICATION_WITHOUT_THIAMINE = re.compile(
    rf"(?<=intoxication ){re.escape(INTOXICATION_SIGNS)}(?!, give thiamine|, and at a CIWA-Ar)"
)
_THIAMINE = ", give thiamine and check blood glucose"


def _thiamine_as_headline(action: str) -> str:
    """``action`` with each intoxication screen in it giving thiamine and checking blood glucose (:data:`_THIAMINE`)
    where it did not: said where the headline's screen says it (:func:`boxes_said_as_headline`)."""
    return _INTOXICATION_WITHOUT_THIAMINE.sub(lambda m: m[0] + _THIAMINE, action)


def _told_at_handover(action: str, that: str) -> str:
    """``action`` with its first handover to a receiving team ("at handover tell the receiving team of ...", "at
    handover give the receiving team ...") naming the suicide screens ``that`` the headline names there, and asking
    for the assessment, in the headline's words (:data:`~iopkit.placement.recommendation.CIWA_RESCORE_HANDOVER`);
    ``action`` itself where it names them already or hands over to no one."""
    m = _HANDED_OVER.search(action)
    if m is None or that in action:
        return action
    end = _clause_end(action, m.end())
    told = f"and {that}" if m["verb"] == "tell" else f"tell them {that}"
    return f"{action[:end]}, {told}{_ASK_FOR_ASSESSMENT}{action[end:]}"


_HANDED_OVER = re.compile(r"\bat handover (?P<verb>tell|give) the receiving team ")
#: The headline's request at handover after the screens it names (R19-N2, R20-M1's words, as the headline says them).
_ASK_FOR_ASSESSMENT = CIWA_RESCORE_HANDOVER.split("{that}", 1)[1].split(";", 1)[0]


def _clause_end(action: str, at: int) -> int:
    """Where the "; "-clause of ``action`` going on at ``at`` ends (its next "; " outside brackets, or the end)."""
    depth = 0
    for i in range(at, len(action)):
        c = action[i]
        depth += (c == "(") - (c == ")")
        if depth == 0 and action.startswith("; ", i):
            return i
    return len(action)


#: The benzodiazepine's monitoring as the headline says it (R18 S9: "while the patient is on site", "until handover",
#: "until the evaluation or handover", "... (if transferred: until handover)", ", and the patient must not drive").
_HEADLINE_MONITORING = re.compile(
    rf"{re.escape(BENZODIAZEPINE_MONITORING)}[^;().]*?(?: \(if transferred: until handover\))?(?=;| \(|\.|$)"
)
#: A box that gives a benzodiazepine: it treats alcohol withdrawal with medication (commonly a benzodiazepine), or gives
#: a severe or moderate CIWA-Ar's first dose before transfer.
_GIVES_BENZODIAZEPINE = re.compile(
    r"treat withdrawal with medication|medication for alcohol withdrawal|alcohol and opioid withdrawal|"
    r"a prescriber gives a first dose"
)
#: Where the box's dose step ends: its CIWA-Ar re-score after a dose, else the dose itself.
_CIWA_RESCORED = re.compile(r"re-score the CIWA-Ar within 1 hour of a dose")
#: The driving part of the monitoring, dropped where the box says "must not drive" already.
_AND_NO_DRIVING = BENZODIAZEPINE_WITH_AGONIST.removeprefix(BENZODIAZEPINE_ON_SITE)


def _benzodiazepine_as_headline(action: str, monitored: str) -> str:
    """``action`` (a box that gives a benzodiazepine, :data:`_GIVES_BENZODIAZEPINE`) saying the benzodiazepine's
    monitoring ``monitored`` as the headline says it, after its dose step (its CIWA-Ar re-score after a dose, else the
    dose), where it does not say it yet; its driving part dropped where the box says "must not drive" already
    (:func:`boxes_said_as_headline`; physician review R21, should-fix S4; R18 S9; FDA Drug Safety Communication, 31 Aug
    2016 and 20 Sep 2017, ``fda_bup_benzo2017``).

    Examples
    --------
    >>> print(_benzodiazepine_as_headline(
    ...     "Prescriber's review: treat withdrawal with medication; re-score the CIWA-Ar within 1 hour of a dose; "
    ...     "if a dose is given: the patient must not drive today", BENZODIAZEPINE_WITH_AGONIST
    ... ))  # doctest: +NORMALIZE_WHITESPACE
    Prescriber's review: treat withdrawal with medication; re-score the CIWA-Ar within 1 hour of a dose; if a
    benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient is on
    site; if a dose is given: the patient must not drive today
    """
    gives = list(_GIVES_BENZODIAZEPINE.finditer(action))
    if not gives or BENZODIAZEPINE_MONITORING in action:
        return action
    words = monitored.replace(_AND_NO_DRIVING, "") if "must not drive" in action else monitored
    rescored = list(_CIWA_RESCORED.finditer(action, gives[-1].start()))
    end = _clause_end(action, (rescored or gives)[-1].end())
    return f"{action[:end]}; {words}{action[end:]}"


def boxes_said_as_headline(rec: Recommendation) -> Recommendation:
    """``rec`` with its boxes saying the headline's screens once each, the last step of the boxes' build:

    - every box's intoxication screen gives thiamine and checks blood glucose where the headline's screen does
      (physician review R19, session 16, N4: "a COWS dose box's screen says what the headline's screen says for that
      patient"; ASAM 2020 alcohol withdrawal guideline: thiamine for all in withdrawal, before glucose);
    - a box says "before any dose:" once, the union of its screens (:func:`_screened_once`; physician review R18,
      session 16, should-fix S2);
    - where the headline tells the receiving team at handover of the suicide screens that stand
      (:func:`~iopkit.placement.recommendation.assessment_handover`), every box that hands the patient over names the
      same screens (:func:`_told_at_handover`; physician review R20c, session 16, should-fix S6; Posner et al. 2011;
      Joint Commission NPSG 15.01.01: the handover is where a screen is lost);
    - where the headline tells the receiving team of them only if the patient is transferred for delirium (today's
      CIWA-Ar item 10 at 1: :func:`~iopkit.placement.recommendation.if_transferred_told`), the box that carries that
      conditional transfer says the same words right after it (physician review R21, session 19, must-fix M2);
    - where the headline says the benzodiazepine's monitoring (:func:`~iopkit.placement.recommendation.
      _benzodiazepine_monitored`, physician review R18, should-fix S9), every box that gives a benzodiazepine says it
      in the headline's words (:func:`_benzodiazepine_as_headline`; physician review R21, should-fix S4);
    - a box that gives, or may give, a benzodiazepine and buprenorphine or methadone says its driving advice once, in
      the physician's words (:func:`~iopkit.placement.recommendation.any_dose_said`; physician review R22, session
      19, should-fix S1).

    The headline reads the flags as raised, so it is the same either way; ``rec`` itself where no box changes.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built (:func:`old_cows_boxes_with_alcohol`).

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.
    """
    headline = rec.headline
    thiamine = _THIAMINE[2:] in headline
    that = _screens_told_in_headline(rec)
    # today's CIWA-Ar item 10 at 1's conditional transfer: its box says the headline's handover after it (R21 M2)
    told = if_transferred_told(rec) if IF_DELIRIUM_TRANSFER in headline else ""
    told = told if told and told in headline else ""
    monitored = m[0] if (m := _HEADLINE_MONITORING.search(headline)) else ""

    def said(action: str) -> str:
        if thiamine and _ANY_DOSE.search(action):
            action = _thiamine_as_headline(action)
        action = _screened_once(action)
        if told and IF_DELIRIUM_TRANSFER in action and told not in action:
            action = action.replace(IF_DELIRIUM_TRANSFER, f"{IF_DELIRIUM_TRANSFER} {told}", 1)
        if monitored:  # R21 S4: the benzodiazepine's monitoring where the headline says it
            action = _benzodiazepine_as_headline(action, monitored)
        action = any_dose_said(action)  # R22 S1: a benzodiazepine with buprenorphine or methadone, one driving clause
        return _told_at_handover(action, that) if that else action

    # R39 C2: a C-SSRS low the headline names beside the PHQ-9 at a handover, named beside it in every box's handover
    # but the PHQ-9's own box (cases 380, 687)
    low_words = cssrs_low_told(rec)
    low_words = low_words if low_words and _low_told_in(headline, low_words) else None

    def said_in(f: Flag) -> str:
        action = said(f.action)
        return _low_told_beside_phq9(action, low_words) if low_words and f.code != "suicidal_ideation" else action

    return _boxes_said(rec, said_in)


def _screens_told_in_headline(rec: Recommendation) -> str:
    """The suicide screens the headline tells the receiving team at a handover before its request ("that today's
    C-SSRS screen was moderate risk", :func:`~iopkit.placement.recommendation.assessment_handover`), a C-SSRS low risk
    named too where the old COWS's 37-or-more branch names it (physician review R38, item 5); ``""`` where the headline
    tells none in those words."""
    headline = rec.headline
    handover = assessment_handover(rec)
    that = handover[0] if handover and f"{handover[0]}, and ask" in headline else ""
    low = assessment_handover(rec, low=True)
    if low and f"{low[0]}{_HANDOVER_ASSESSMENT.split('{that}', 1)[1]}" in headline:
        that = low[0]
    return that


#: A positive PHQ-9 item 9 told at a handover, today's or of another day ("that today's PHQ-9 item 9 was positive",
#: "that the PHQ-9 item 9 of 20 Nov 2026 was positive").
_PHQ9_TOLD = re.compile(
    r"\bthat (?=(?:today's PHQ-9 item 9|the PHQ-9 item 9 of \d{2} \w{3} \d{4}) was positive"
    r"(?P<end>(?: \([^()]*\))? and ask them)?)"
)
_AT_HANDOVER = "at handover "
_POSITIVE = " was positive"
#: What a screen of another day told at handover says when no suicide risk assessment followed it.
_NEVER_ASSESSED = "(never assessed)"


def _low_told_in(headline: str, low: str) -> bool:
    """Whether ``headline`` tells the receiving team the C-SSRS low ``low`` (:func:`~iopkit.placement.recommendation.
    cssrs_low_told`) beside another screen at a handover: "at handover tell the receiving team ..., that today's
    C-SSRS screen found a wish to be dead or non-specific suicidal thoughts and that today's PHQ-9 item 9 was
    positive" (physician review R39, C2)."""
    return (
        re.search(rf"{_AT_HANDOVER}(?:tell|give) the receiving team[^;]*?\bthat {re.escape(low)} and that ", headline)
        is not None
    )


def _low_told_beside_phq9(action: str, low: str) -> str:
    """``action`` (a box, not the PHQ-9's own) with each handover clause that tells a positive PHQ-9 item 9 and not
    the C-SSRS low ``low`` telling it first, as the headline does: "at handover tell the receiving team that the C-SSRS
    screen of 20 Nov 2026 found a wish to be dead or non-specific suicidal thoughts (never assessed) and that today's
    PHQ-9 item 9 was positive" (physician review R39, C2: cases 380 and 687, the d3 and withdrawal boxes, as R38 item
    5 did for case 5; the PHQ-9's own box keeps its own finding), a comma before the request after the joined screens
    ("... was positive, and ask them": R23a, finding 7; R30a, as case 532's box says it).

    Examples
    --------
    >>> print(_low_told_beside_phq9("x; at handover give the receiving team the last score, tell them that today's "
    ...     "PHQ-9 item 9 was positive, and ask them for a suicide risk assessment; y", "today's C-SSRS screen was low")
    ... )
    ... # doctest: +NORMALIZE_WHITESPACE
    x; at handover give the receiving team the last score, tell them that today's C-SSRS screen was low and that
    today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment; y
    >>> print(_low_told_beside_phq9("at handover tell the receiving team that today's PHQ-9 item 9 was positive and "
    ...     "ask them for a suicide risk assessment", "today's C-SSRS screen was low"))
    ... # doctest: +NORMALIZE_WHITESPACE
    at handover tell the receiving team that today's C-SSRS screen was low and that today's PHQ-9 item 9 was positive,
    and ask them for a suicide risk assessment
    >>> print(_low_told_beside_phq9("at handover tell the receiving team that the PHQ-9 item 9 of 20 Nov 2026 was "
    ...     "positive, and ask them", "the C-SSRS screen of 20 Nov 2026 was low (never assessed)"))
    ... # doctest: +NORMALIZE_WHITESPACE
    at handover tell the receiving team that the C-SSRS screen of 20 Nov 2026 was low (never assessed) and that the
    PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed), and ask them
    """
    for m in reversed(list(_PHQ9_TOLD.finditer(action))):
        at = action.rfind(_AT_HANDOVER, 0, m.start())
        if at < 0 or _clause_end(action, at) < m.start() or low in action[at : m.start()]:
            continue
        end = m.start("end")
        if end >= 0:  # the request after the joined screens after a comma
            action = f"{action[:end]}{action[end:].replace(' and ask them', ', and ask them', 1)}"
        # a PHQ-9 of another day joined to the screen: "(never assessed)" too, as the headline says it (physician
        # review R40, S1: case 115's dimension-3 box)
        told = action.index(_POSITIVE, m.start()) + len(_POSITIVE)
        if "PHQ-9 item 9 of " in action[m.start() : told] and not action.startswith(" (", told):
            action = f"{action[:told]} {_NEVER_ASSESSED}{action[told:]}"
        action = f"{action[: m.start()]}that {low} and {action[m.start() :]}"
    return action


#: The headline's first step beside a C-SSRS high with complicated alcohol withdrawal: one transfer now, no condition
#: before it (physician review R15, must-fix M1's form; R23b A: "The transfer is unconditional").
_HIGH_TRANSFER_NOW = f"First: {_ONE_SETTING} that can manage both: arrange transfer now (ED)"
#: An old complicated CIWA-Ar's re-score step as :data:`BESIDE_WORDS` says it beside a C-SSRS high (its transfer and
#: refusal in the suicide evaluation's words), to "treat on the current score".
_OLD_COMPLICATED_BESIDE_HIGH = re.compile(
    rf"[Ee]mergency medical evaluation now: re-score the CIWA-Ar and {re.escape(DELIRIUM_SCREEN)} "
    r"\((?P<last>last \d+ on [^()]*)\): (?P<since>ask what happened since \([^()]*\)); (?P<signs>if delirium, .*? or a "
    rf"total of \d+ or more): arrange transfer now \(ED: {re.escape(_ONE_SETTING)}\); staff with the patient until "
    rf"handover; {re.escape(DECLINES_OR_LEAVES)}; {re.escape(NO_DRIVING_UNTIL_NO_DELIRIUM)}; treat on the current score"
)
#: The same said beside the headline's transfer now: the transfer first, unconditional, then the re-score and the
#: delirium screen while it is arranged, never delaying it, their findings calling for emergency services; no driving
#: without condition (physician review R23b, session 20, must-fix A2, its words; ASAM Alcohol Withdrawal Management
#: Guideline 2020: withdrawal delirium and seizures are medical emergencies; ASAM Criteria 2013, dimensions 1 and 3 at
#: level 4: one setting; Joint Commission NPSG 15.01.01; Posner et al. 2011).
_OLD_COMPLICATED_IN_THE_TRANSFER = (
    f"Emergency medical evaluation now, in the same transfer as the suicide evaluation: arrange transfer now (ED: "
    f"{_ONE_SETTING}); staff with the patient until handover; {DECLINES_OR_LEAVES}; the patient must not drive; while "
    f"the transfer is arranged {_NO_DELAY}: re-score the CIWA-Ar and {DELIRIUM_SCREEN} ({{last}}), {{since}}; "
    f"{{signs}}: the transfer by emergency services; {REASSESS_SEIZURES}; treat on the current score "
    f"({_FIRST_DOSE_IF_NO_DELAY}); at handover tell the receiving team the CIWA-Ar re-score, the delirium screen and "
    "any dose with its time"
)
#: A COWS box beside it: the CIWA-Ar re-score first, while the transfer is arranged (COWS items overlap alcohol
#: withdrawal: Wesson & Ling 2003; Sullivan et al. 1989), and its result told at handover (physician review R23b,
#: must-fix A1, its words; ASAM National Practice Guideline for OUD 2020; FDA Drug Safety Communication 20 Sep 2017).
_CIWA_FIRST_WHILE_ARRANGED = (
    f"Re-score the CIWA-Ar first, before any dose ({{last}}), while the transfer is arranged {_NO_DELAY}. "
)
#: Its opening, and the same with the delirium screen the first step says with that re-score, where the box holds any
#: dose in delirium (:func:`old_ciwa_delirium_held_in_boxes`; physician review R69, must-fix 4 of part D: "Re-score the
#: CIWA-Ar and screen for delirium (CAM or 4AT) first, before any dose").
_CIWA_FIRST_OPENING = _CIWA_FIRST_WHILE_ARRANGED[: _CIWA_FIRST_WHILE_ARRANGED.index(" (")]
_CIWA_FIRST_SCREENED_OPENING = _CIWA_FIRST_OPENING.replace(" first", f" and {DELIRIUM_SCREEN} first", 1)
_COWS_SCORE_TOLD = "at handover tell the receiving team of the COWS score and any dose with its time"
#: Any pregnancy among it, so box and headline tell the same things (physician review R24b, finding 2, its words).
_COWS_AND_CIWA_TOLD = (
    "at handover tell the receiving team of the COWS score, the CIWA-Ar re-score, any pregnancy and any dose with its "
    "time"
)
#: The joined box's COWS part: its screen after the re-score its alcohol part says (R23b A1; R18 S2: said once).
_JOINED_COWS_SCREEN = "; before any dose: ask about any overdose"
_JOINED_AFTER_RESCORE = "; after the CIWA-Ar re-score, before any dose: ask about any overdose"
#: The buprenorphine induction's first dose and the suicide evaluation's boxes beside it (physician review R23b,
#: should-fix A4 and A5, its words; ASAM Criteria 2013, dimension 1 with dimension 3).
_THRESHOLD_SCREEN = "the first dose may be given once the screen before any dose allows it"
_THRESHOLD_RESCORE = "the first dose may be given once the CIWA-Ar re-score and the screen before any dose allow it"
_MENTAL_HEALTH_EVALUATION = "arrange an immediate emergency mental-health evaluation, which decides any hospitalisation"
_IN_THE_SAME_TRANSFER = (
    "arrange an immediate emergency mental-health evaluation, in the same ED transfer as the emergency medical "
    "evaluation (one setting that can manage both), which decides any hospitalisation"
)
_OLD_COMPLICATED_ALCOHOL_BOXES = frozenset({"complicated_withdrawal", "severe_alcohol_withdrawal"})


def old_complicated_beside_high(rec: Recommendation) -> Recommendation:
    """``rec`` with its boxes saying the headline's transfer now where an old complicated CIWA-Ar (not re-scored today)
    stands beside a C-SSRS high risk of today and the headline transfers now to one setting that can manage both, no
    rating of 4 (physician review R23b, session 20, the reviewer's words): the alcohol boxes (and the alcohol part of
    dimension 1's rating-below box) the transfer first, then the re-score and the delirium screen while it is arranged
    (must-fix A2, :data:`_OLD_COMPLICATED_IN_THE_TRANSFER`); each COWS box the CIWA-Ar re-score first
    (:data:`_CIWA_FIRST_WHILE_ARRANGED`) and its result told at handover, the joined box's COWS part after the
    re-score (must-fix A1); the buprenorphine induction's first dose after the re-score too (should-fix A4); the
    suicide evaluation's boxes in the same ED transfer (should-fix A5). ``rec`` itself otherwise.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built (:func:`boxes_said_as_headline`).

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.
    """
    if not rec.headline.startswith(_HIGH_TRANSFER_NOW) or not _confirmed_high(rec):
        return rec
    if any(rec.dimensions.get(d) == 4 for d in (1, 2, 3)):
        return rec
    said = next((m for f in rec.flags if f.action and (m := _OLD_COMPLICATED_BESIDE_HIGH.search(f.action))), None)
    if said is None:
        return rec

    def in_the_transfer(m: re.Match[str]) -> str:
        return _OLD_COMPLICATED_IN_THE_TRANSFER.format(**m.groupdict())

    def says(f: Flag) -> str:
        action = f.action
        if f.code in _OLD_COMPLICATED_ALCOHOL_BOXES or f.code == "rated_below_suggestion_d1":
            action = _OLD_COMPLICATED_BESIDE_HIGH.sub(in_the_transfer, action, count=1)
        if f.code in _COWS_DOSE_CODES and not action.startswith("Re-score the CIWA-Ar first"):
            action = _CIWA_FIRST_WHILE_ARRANGED.format(last=said["last"]) + action
        if f.code in _COWS_DOSE_CODES or f.code == "rated_below_suggestion_d1":
            action = action.replace(_JOINED_COWS_SCREEN, _JOINED_AFTER_RESCORE, 1)
            action = action.replace(_COWS_SCORE_TOLD, _COWS_AND_CIWA_TOLD, 1)
        if f.code == "buprenorphine_induction_threshold":
            action = action.replace(_THRESHOLD_SCREEN, _THRESHOLD_RESCORE, 1)
        if f.code in ("suicide_risk_high", "rated_below_suggestion_d3"):
            action = action.replace(_MENTAL_HEALTH_EVALUATION, _IN_THE_SAME_TRANSFER, 1)
        return action

    return _boxes_said(rec, says)


#: An old severe CIWA-Ar's re-score in the alcohol boxes (and the alcohol part of dimension 1's rating-below box) as
#: said beside a C-SSRS high before physician review R24b, to its transfer, and the same in the reviewer's words
#: (must-fix 3: the delirium screen and R23b A2's transfer triggers, as the headline's first step says them:
#: :data:`~iopkit.placement.recommendation.OLD_SEVERE_BESIDE_HIGH_STEP`; ASAM Alcohol Withdrawal Management
#: Guideline 2020: hallucinations, disorientation, seizures and delirium call for inpatient or emergency care).
_OLD_SEVERE_RESCORE_BOX = re.compile(
    r"Re-score the CIWA-Ar now \((?P<last>last \d+ on [^()]*, severe)\): (?P<since>ask what happened since "
    r"\([^()]*\)); if still 15 or more, or " + re.escape(SEIZURE_OR_CONFUSION_SINCE) + ", arrange transfer now"
)
_OLD_SEVERE_RESCORE_BOX_HIGH = (
    f"Re-score the CIWA-Ar now and {DELIRIUM_SCREEN} ({{last}}): {{since}}; if delirium, a seizure since the last "
    # physician review R71 SF3, ruled R73 item 3: plain "hallucinations", one definition
    "score, hallucinations, disorientation (item 10 at 2 or more) or a total of 15 or more, arrange transfer now"
)
#: The headline's first step in R24b 3's words (its delirium screen after an old severe CIWA-Ar's re-score).
_OLD_SEVERE_HEADLINE_HIGH = re.compile(
    rf"and re-score the CIWA-Ar now and {re.escape(DELIRIUM_SCREEN)} \(last \d+ on [^()]*, severe\): .*?; if none "
    "of these and below 8: "
)
#: The buprenorphine induction's first dose beside it (R24b 3: "as A4").
_THRESHOLD_FIRST_STEP = "once the first step's screen before any dose allows it"
_THRESHOLD_FIRST_STEP_RESCORE = "once the CIWA-Ar re-score and the first step's screen before any dose allow it"


def old_severe_beside_high(rec: Recommendation) -> Recommendation:
    """``rec`` with its boxes saying the headline's first step where an old severe CIWA-Ar (not re-scored today)
    stands beside today's COWS of 13-36 and a C-SSRS high risk and the headline says that step in physician review
    R24b's words (must-fix 3): the alcohol boxes (severe_alcohol_withdrawal and the alcohol part of dimension 1's
    rating-below box) re-score with the delirium screen and transfer on R23b A2's triggers
    (:data:`_OLD_SEVERE_RESCORE_BOX_HIGH`); the buprenorphine induction's first dose after the CIWA-Ar re-score too.
    ``rec`` itself otherwise.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built (:func:`old_complicated_beside_high`).

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.
    """
    if not _OLD_SEVERE_HEADLINE_HIGH.search(first_sentence(rec.headline)):
        return rec

    def says(f: Flag) -> str:
        action = f.action
        if f.code in ("severe_alcohol_withdrawal", "rated_below_suggestion_d1"):
            action = _OLD_SEVERE_RESCORE_BOX.sub(
                lambda m: _OLD_SEVERE_RESCORE_BOX_HIGH.format(**m.groupdict()), action, count=1
            )
        if f.code == "buprenorphine_induction_threshold":
            action = action.replace(_THRESHOLD_FIRST_STEP, _THRESHOLD_FIRST_STEP_RESCORE, 1)
        return action

    return _boxes_said(rec, says)


#: The buprenorphine induction threshold's first dose once the screen before any dose "allows it"
#: (:data:`~iopkit.placement.recommendation.FIRST_DOSE_AFTER_SCREEN`, R15 M1's "once the screen before any dose allows
#: it" beside a transfer now for complicated withdrawal), and what that screen finds before it, by what it asks beyond
#: intoxication (:func:`~iopkit.placement.recommendation._features`), in the order the box's hold names them ("if
#: delirium, an overdose or ingestion, or intoxication: no dose here").
#: R23b A4's and R24b 3's "once the CIWA-Ar re-score and the [first step's ]screen before any dose allow it"
#: (:data:`_THRESHOLD_RESCORE`, :data:`_THRESHOLD_FIRST_STEP_RESCORE`) too (physician review R47, b5 Q3).
_THRESHOLD_ALLOWS = re.compile(
    r"once (?:(?P<screen>the (?:first step's )?screen before any dose) allows it"
    r"|the CIWA-Ar re-score and (?P<rescore>the (?:first step's )?screen before any dose) allow it)"
)
_FIRST_STEPS_SCREEN = "the first step's screen before any dose"
_SCREEN_BEFORE_ANY_DOSE = "the screen before any dose"
#: Where the first step re-scores an old moderate CIWA-Ar before any dose (:func:`_headline_ciwa_first`), the re-score
#: done first (a re-score of 8 or more sends the patient to transfer: physician review R46, Q6, case 88's words).
_RESCORE_DONE_AND_SCREEN = "the first step's CIWA-Ar re-score is done and its screen before any dose"
_FINDS_NO = (("delirium", "no delirium"), ("overdose", "no overdose or ingestion"))
_NO_DELIRIUM = NO_DELIRIUM
_NO_INTOXICATION = "no intoxication"
#: Where the delirium screen is the first step's re-score's own (an old complicated CIWA-Ar's re-score and delirium
#: screen, the COWS box's :data:`_AFTER_RESCORE_AND_DELIRIUM`), not asked in the screen before any dose: each screen
#: named with what it finds (physician review R47, should-fix S1, its words).
_FIRST_STEPS_DELIRIUM_AND_SCREEN = (
    "the first step's delirium screen finds no delirium and its screen before any dose finds {finds}"
)
#: R23b A4's first dose after the CIWA-Ar re-score (beside a C-SSRS high's transfer now, the COWS box's screen asking
#: about delirium, an overdose or ingestion and intoxication), and R24b 3's after the first step's re-score and its
#: delirium screen (the COWS box's screen asking about an overdose or ingestion and intoxication): each screen named
#: with what it finds (physician review R47, b5 Q3, its words).
_RESCORE_DONE_AND_THE_SCREEN = "the CIWA-Ar re-score is done and the screen before any dose finds {finds}"
_FIRST_STEPS_RESCORE_AND_DELIRIUM = (
    "the first step's CIWA-Ar re-score and delirium screen find no delirium and its screen before any dose finds "
    "{finds}"
)


#: The headline's first screen before any dose, to the end of its holds (its "; otherwise" or its sentence's end).
_FIRST_SCREEN_HELD = re.compile(r"[Bb]efore any dose: (?:(?!\. [A-Z]|; otherwise\b).)*")
#: A hold of any dose that names delirium: "if delirium: no dose here", "if delirium or intoxication: no dose here",
#: "if delirium, or an overdose or ingestion: no dose here", "if delirium, an overdose or ingestion, or intoxication:
#: no dose here".
_DELIRIUM_HOLD = re.compile(r"\bif delirium\b[^;:]*: no dose\b")


def _first_screen_holds_delirium(headline: str) -> bool:
    """Whether ``headline``'s first screen before any dose holds any dose in delirium (:data:`_FIRST_SCREEN_HELD`,
    :data:`_DELIRIUM_HOLD`): "...; before any dose: ...; if delirium: no dose here; ..." (physician review R69, the
    depth mend: case 563's first step; CAM, Inouye et al. 1990; 4AT, Bellelli et al. 2014).

    Examples
    --------
    >>> _first_screen_holds_delirium("First: x; before any dose: screen; if delirium: no dose here; otherwise y")
    True
    >>> _first_screen_holds_delirium("First: x; before any dose: screen; if intoxicated: no dose here; otherwise y")
    False
    """
    screen = _FIRST_SCREEN_HELD.search(headline)
    return screen is not None and _DELIRIUM_HOLD.search(screen[0]) is not None


def _screen_finds(rec: Recommendation) -> tuple[list[str], bool]:
    """What the screen before any dose of ``rec``'s boxes must find before a first dose of buprenorphine: the screen a
    box's opioid dose is said after (:func:`_screen_for`, :func:`_box_screens`: the delirium screen (CAM or 4AT) where
    the dose waits for one), with the overdose question beside a suicide screen that calls for it
    (:func:`~iopkit.placement.recommendation.overdose_risk`), each it asks "no ...", as the medical review's
    (:data:`_AFTER_MEDICAL_REVIEW`): "no intoxication", "no overdose or ingestion and no intoxication", "no delirium
    and no intoxication", "no delirium, no overdose or ingestion and no intoxication" (:func:`_listed`); and whether
    the delirium screen is the first step's re-score's own, the COWS box's dose said after "the first step's CIWA-Ar
    re-score and delirium screen" (:data:`_AFTER_RESCORE_AND_DELIRIUM`; physician review R47, S1).

    Delirium is counted wherever the first step's screen, as the headline finally says it
    (:func:`~iopkit.placement.recommendation.headline_as_said`), holds any dose in delirium
    (:func:`_first_screen_holds_delirium`), though the boxes' build reads the headline before later passes of its
    chain add that screen: an old moderate CIWA-Ar's re-score with item 10 at 1 (physician review R60, Q4: cases 88
    and 563), the ED's evaluation of both if confused (R65, SF3: cases 74 and 160); the old severe CIWA-Ar's
    conditional transfer screening for delirium with its re-score (:data:`_FIRST_SEVERE_CIWA`'s ``screened``; R65
    follow-up F1, ruled R67 F1) says its delirium screen apart, as R47 S1's. Physician review R69 (the depth mend of
    R67's design finding; R67 must-fix 2: cases 88 and 563; R42 item 5: the box names delirium where the first step
    holds the dose on it; CAM, Inouye et al. 1990; 4AT, Bellelli et al. 2014)."""
    headline = _WHILE_ARRANGED.sub("", rec.headline)  # as screens_before_box_doses reads it (R23b A1)
    screens, complicated, delirium = _box_screens(rec, headline)
    screen = _screen_for(headline, screens, opioid=True, complicated=complicated)
    with headline_as_said():  # R69: the first step as the headline finally says it
        said = rec.headline
    held = _first_screen_holds_delirium(said)
    severe = _FIRST_SEVERE_CIWA.search(first_sentence(said)) if held else None
    asks = _features(screen)
    asks |= {"delirium"} if delirium or held else set()
    asks |= {"overdose"} if overdose_risk(rec.flags) else set()
    found = [no for feature, no in _FINDS_NO if feature in asks] + [_NO_INTOXICATION]
    return found, screen == _AFTER_RESCORE_AND_DELIRIUM or bool(severe and severe["screened"])


def _listed(found: list[str]) -> str:
    """``found`` said as a list: "no intoxication", "no overdose or ingestion and no intoxication", "no delirium, no
    overdose or ingestion and no intoxication"."""
    return f"{', '.join(found[:-1])} and {found[-1]}" if len(found) > 1 else found[0]


def threshold_screen_found(rec: Recommendation) -> Recommendation:
    """``rec`` with the buprenorphine induction threshold's box saying what the screen before any dose must find
    before the first dose, not that it "allows it" (:data:`_THRESHOLD_ALLOWS`): "the first dose may be given once the
    first step's screen before any dose finds no overdose or ingestion and no intoxication" (:func:`_screen_finds`);
    where the first step re-scores an old moderate CIWA-Ar before any dose, "once the first step's CIWA-Ar re-score is
    done and its screen before any dose finds ..." (:data:`_RESCORE_DONE_AND_SCREEN`; physician review R46, Q6);
    where the first step's re-score carries the delirium screen, "once the first step's delirium screen finds no
    delirium and its screen before any dose finds ..." (:data:`_FIRST_STEPS_DELIRIUM_AND_SCREEN`; physician review
    R47, S1: the screen before any dose does not ask about delirium there); R23b A4's and R24b 3's "once the CIWA-Ar
    re-score and the [first step's] screen before any dose allow it" the same way (:data:`_RESCORE_DONE_AND_THE_SCREEN`,
    :data:`_FIRST_STEPS_RESCORE_AND_DELIRIUM`; physician review R47, b5 Q3, its words). What the screen must find is
    read from the headline's first step as finally said, the delirium screen later passes of the headline's chain add
    to it too (:func:`_screen_finds`; physician review R69, the depth mend: "no delirium" wherever that screen holds
    any dose in delirium, cases 88 and 563; R65 SF3's and R67 F1's string patches after the fact deleted).
    A box is read alone on its card, and "allows it" does not say what the screen must find (physician review R42,
    item 5 (R31 should-fix S6); physician review R46, Q6, its words, parallel to the medical review's
    :data:`FIRST_DOSE_AFTER_MEDICAL_REVIEW`; buprenorphine label: CNS depressants, respiratory depression; FDA Drug
    Safety Communication, 20 Sep 2017). ``rec`` itself where no such box stands.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built (:func:`old_severe_beside_high`: the re-score's "allow it" before it).

    Returns
    -------
    Recommendation
        ``rec`` with that box said anew, or ``rec`` itself.
    """
    noted = [
        f for f in rec.flags if f.code == "buprenorphine_induction_threshold" and _THRESHOLD_ALLOWS.search(f.action)
    ]
    if not noted:
        return rec
    items, apart = _screen_finds(rec)
    finds = _listed(items)
    rescored = _headline_ciwa_first(rec.headline) is not None

    def found(m: re.Match[str]) -> str:
        if m["rescore"] == _SCREEN_BEFORE_ANY_DOSE:  # R47 (b5 Q3): R23b A4
            return "once " + _RESCORE_DONE_AND_THE_SCREEN.format(finds=finds)
        if m["rescore"]:  # R47 (b5 Q3): R24b 3, the delirium screen the first step's re-score's
            rest = items[1:] if items[0] == _NO_DELIRIUM else items
            return "once " + _FIRST_STEPS_RESCORE_AND_DELIRIUM.format(finds=_listed(rest))
        first = m["screen"] == _FIRST_STEPS_SCREEN
        if first and rescored:
            return f"once {_RESCORE_DONE_AND_SCREEN} finds {finds}"
        if first and apart and items[0] == _NO_DELIRIUM:  # R47 S1: the re-score's delirium screen, then the screen
            return "once " + _FIRST_STEPS_DELIRIUM_AND_SCREEN.format(finds=_listed(items[1:]))
        return f"once {m['screen']} finds {finds}"

    said = {f: _THRESHOLD_ALLOWS.sub(found, f.action, count=1) for f in noted}
    flags = tuple(replace(f, action=said[f]) if f in said else f for f in rec.flags)
    return replace(rec, flags=flags, raised=rec.raised or rec.flags)


#: The words of the complicated_withdrawal box (:mod:`iopkit.instruments.ciwa_ar`: hallucinations or disorientation,
#: possible delirium) that only book medically managed withdrawal management.
_COMPLICATED_BOOKED = " and arrange medically managed (inpatient) withdrawal management; "


@functools.cache
def _complicated_said() -> re.Pattern[str]:
    """The complicated_withdrawal box as raised (and dimension 1's rating-below box that repeats it), either case at
    its start, the whole step only (never a longer step that opens with these words, e.g. possible delirium on an
    earlier CIWA-Ar of the day). Read from the instrument when first needed: importing the placement leaves the
    instruments unloaded (tests/test_import_weight.py)."""
    from ..instruments import get as instrument_definition

    raised = next(r.action for r in instrument_definition("ciwa_ar").flags if r.code == "complicated_withdrawal")
    if _COMPLICATED_BOOKED not in raised:  # the instrument's words changed: this pass would silently say nothing
        raise AssertionError(f"the CIWA-Ar's complicated_withdrawal box no longer says {_COMPLICATED_BOOKED!r}")
    return re.compile(f"[{raised[0]}{raised[0].lower()}]{re.escape(raised[1:])}(?=$|; )")


#: Where the box says the headline's own transfer instead: "Medical review now: assess for alcohol withdrawal
#: delirium; arrange transfer now ...; staff with the patient until handover; do not manage as ambulatory withdrawal"
#: (physician review R42, item 1 (R31 should-fix S8) (a), the reviewer's words: "arrange medically managed
#: (inpatient) withdrawal management" read as booking an admission where the patient needs transfer now with staff;
#: ASAM 2020 alcohol withdrawal guideline, Rec VI.7: alcohol withdrawal delirium is a medical emergency).
_COMPLICATED_TRANSFER_SAID = "; {transfer}; staff with the patient until handover; "
#: The headline's transfer, by what it has ordered (:class:`Beside`, most binding first, as :data:`BESIDE_WORDS`'s
#: medical transfer's destination reads it): beside a C-SSRS high, the one setting for both emergencies (R42 item 1
#: (a)'s words, :data:`~iopkit.placement.recommendation.ONE_SETTING`); beside dimension 3 rated 4, its one setting
#: (:data:`_ONE_SETTING_D3`, R14 must-fix M1); beside dimension 1 rated 4, :data:`~iopkit.placement.suggest.
#: TRANSFER_AT_4`'s; beside dimension 2 rated 4, :data:`~iopkit.placement.suggest.TRANSFER_ED`'s (the headline's own
#: transfer, R42 item 1 (a): "replace ... with the headline's own transfer, in all 75"); each with that transfer's
#: refusal and the driving rule the box says after its step (physician review R75, item 1: the mental-health hold
#: beside a C-SSRS high or dimension 3 rated 4, the capacity clause beside a medical transfer).
_COMPLICATED_TRANSFER_BESIDE: tuple[tuple[Beside, str, str], ...] = (
    (Beside.HIGH, f"arrange transfer now (ED: {_ONE_SETTING})", f"{DECLINES_OR_LEAVES}; the patient must not drive"),
    (
        Beside.RATED_4_D3,
        f"arrange transfer now (ED: {_ONE_SETTING_D3})",
        f"{DECLINES_OR_LEAVES_PSYCHIATRIC}; the patient must not drive",
    ),
    (Beside.RATED_4_D1, TRANSFER_AT_4.split("; ", 1)[0], DECLINES_NOT_DRIVING),
    (Beside.RATED_4_D2_D3, TRANSFER_ED.split("; ", 1)[0], DECLINES_NOT_DRIVING),
)
#: Otherwise complicated withdrawal of today's own transfer, as the headline says it
#: (:data:`~iopkit.placement.suggest.TRANSFER_COMPLICATED`, R42 item 1 (a)'s words), with the capacity clause and the
#: driving rule after it (physician review R75, item 1).
_COMPLICATED_OWN_TRANSFER = (TRANSFER_COMPLICATED.split("; ", 1)[0], DECLINES_NOT_DRIVING)
_COMPLICATED_BOXES = frozenset({"complicated_withdrawal", "rated_below_suggestion_d1"})
#: A box that goes on, after the complicated_withdrawal step, with a transfer of its own and its refusal (dimension 1's
#: rating-below box that repeats the severe_alcohol_withdrawal box after it): that refusal and its driving rule follow,
#: so the step says none of its own (physician review R75, item 1: said once in a box), and the transfer, the step's
#: own, is not said twice (R75 3b; R75b Q3: else a second transfer with no transport named).
_OWN_TRANSFER_NEXT = re.compile(
    r"; arrange transfer now (?:to medically managed withdrawal )?\([^()]*\)(?=; if the patient declines transfer)"
)


def _complicated_transfer(rec: Recommendation) -> tuple[str, str] | None:
    """The headline's own transfer a complicated_withdrawal box says and its refusal with the driving rule
    (:data:`_COMPLICATED_TRANSFER_BESIDE`, :data:`_COMPLICATED_OWN_TRANSFER`) where complicated withdrawal was found
    today (a finding, not a blank item's worst case: :func:`~iopkit.placement.recommendation._complicated_today`, the
    headline's own test, read on the flags as raised), ``None`` otherwise (physician review R42, item 1 (R31 should-fix
    S8) (a); R75 item 1)."""
    raised = as_raised(rec)
    if not _complicated_today(raised):
        return None
    ordered = _rated_or_high(raised)
    return next(
        ((transfer, refusal) for b, transfer, refusal in _COMPLICATED_TRANSFER_BESIDE if b in ordered),
        _COMPLICATED_OWN_TRANSFER,
    )


def complicated_transfer_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with the complicated_withdrawal box (and dimension 1's rating-below box that repeats it) saying the
    headline's own transfer now, with staff until handover, instead of "and arrange medically managed (inpatient)
    withdrawal management" (physician review R42, item 1 (R31 should-fix S8) (a), the reviewer's words:
    :data:`_COMPLICATED_TRANSFER_SAID`, :func:`_complicated_transfer`); ``rec`` itself otherwise.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.
    """
    if not any(f.code in _COMPLICATED_BOXES and _complicated_said().search(f.action) for f in rec.flags if f.action):
        return rec
    found = _complicated_transfer(rec)
    if found is None:
        return rec
    transfer, refusal = found
    said = _COMPLICATED_TRANSFER_SAID.format(transfer=transfer_by_emergency_services(transfer))
    thiamine = _THIAMINE.removeprefix(", ")

    def step(m: re.Match[str]) -> str:
        # thiamine and blood glucose for the two reversible look-alikes of delirium, once in a box (R75 3c)
        here = said if thiamine in m.string[m.end() :] else f"; {thiamine}{said}"
        text = m[0].replace(_COMPLICATED_BOOKED, here, 1)
        return text if _OWN_TRANSFER_NEXT.match(m.string, m.end()) else f"{text}; {refusal}"

    def says(f: Flag) -> str:
        if f.code not in _COMPLICATED_BOXES:
            return f.action
        text = _complicated_said().sub(step, f.action, count=1)
        if f.code == "complicated_withdrawal" or text == f.action:
            return text
        # dimension 1's rating-below box: the transfer that follows the step, said once (its own refusal after it),
        # and every later transfer by emergency services, as the step's (physician review R75 3b; R75b Q3)
        end = text.index(NOT_AMBULATORY) + len(NOT_AMBULATORY)
        rest = _OWN_TRANSFER_NEXT.sub("", text[end:], count=1)
        return text[:end] + rest.replace(_ARRANGE_TRANSFER, _TRANSFER_BY_EMERGENCY_SERVICES)

    return _boxes_said(rec, says)


#: The severe_opioid_withdrawal box's opening (and dimension 1's rating-below box's that starts with it): its screen
#: before any dose, to its dose.
_COWS_BOX_OPENING = re.compile(r"Before any dose: .*?; otherwise treat withdrawal now\b")
#: Before it, where the headline's transfer is the COWS flag's own complicating condition (alcohol withdrawal
#: alongside: :func:`~iopkit.placement.recommendation._severe_with_alcohol`'s transfer and refusal), the transfer
#: the rest of the box already refers to ("a first dose before transfer only if ...", "at handover ..."): physician
#: review R42, item 1 (R31 should-fix S8) (b), the reviewer's words; ASAM 2020 alcohol withdrawal guideline, Rec
#: VII.8; ASAM 2020 OUD guideline: the setting escalates for a complicating condition. After the refusal, "the patient
#: must not drive" (physician review R43, should-fix 3 (3(b-1)), the imminent_danger boxes' own words: a patient who
#: declines the transfer with capacity and takes no dose was told no driving rule in the box; cases 34, 85, 115, 491,
#: 568, 687, 707, 779 of the 800). With it, the box drops its later "; if any dose is given (a benzodiazepine,
#: buprenorphine or methadone): the patient must not drive today" (physician review R44, Q2: said outright, a second,
#: conditional driving clause invites "no dose, so I may drive", as R31 must-fix M5 forbids); the "the patient must not
#: drive today" inside the intoxication branch's bracket stays. Staff with the patient until handover straight after the
#: transfer, as the headline says it (:data:`~iopkit.placement.recommendation.SEVERE_ALONGSIDE_TRANSFER`: physician
#: review R46, Q4; the 12 such boxes of the 800).
_COWS_TRANSFER_ALONGSIDE = (
    "Emergency evaluation now: alcohol withdrawal alongside ({ciwa}), a complicating condition: "
    f"{SEVERE_ALONGSIDE_TRANSFER}; {DECLINES_NOT_DRIVING}; b"
)


def _cows_emergency_alongside(rec: Recommendation) -> str:
    """Today's CIWA-Ar in words ("CIWA-Ar 14 today": :func:`~iopkit.placement.recommendation._alcohol_alongside`)
    where the headline's first step is the COWS above 36's own emergency evaluation for alcohol withdrawal alongside
    (the first step an emergency evaluation, :attr:`~iopkit.placement.FirstStep.EMERGENCY_EVALUATION`, with no
    imminent psychiatric or medical danger to call for it: its cause the COWS flag's escalation, as the headline's
    lead reads it), ``""`` otherwise (physician review R42, item 1 (R31 should-fix S8) (b))."""
    raised = as_raised(rec)
    ciwa = _alcohol_alongside(raised)
    if not ciwa or not any(f.code == "severe_opioid_withdrawal" and _severe_review_now(f) for f in raised.flags):
        return ""
    if raised.first_step is not FirstStep.EMERGENCY_EVALUATION:
        return ""
    psychiatric, medical, _screening, _review = _dangers(raised)
    return "" if psychiatric or medical else ciwa


def cows_transfer_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with the severe_opioid_withdrawal box (and dimension 1's rating-below box that starts with it) opening
    with the headline's transfer (:data:`_COWS_TRANSFER_ALONGSIDE`) where that transfer is the COWS flag's own
    complicating condition, alcohol withdrawal alongside (:func:`_cows_emergency_alongside`), its "Before any dose"
    then lower-cased (physician review R42, item 1 (R31 should-fix S8) (b), the reviewer's words), without its later
    :data:`~iopkit.flags.ANY_DOSE_NO_DRIVING` (the lead says "the patient must not drive" outright: physician review
    R44, Q2); every other severe-COWS box (its transfer another flag's, which says it) and ``rec`` otherwise as they
    are.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.
    """
    cows = next((f for f in rec.flags if f.code == "severe_opioid_withdrawal" and f.action), None)
    opening = _COWS_BOX_OPENING.match(cows.action) if cows is not None else None
    if opening is None:
        return rec
    ciwa = _cows_emergency_alongside(rec)
    if not ciwa:
        return rec
    lead = _COWS_TRANSFER_ALONGSIDE.format(ciwa=ciwa)

    def says(f: Flag) -> str:
        if f is cows or (f.code == "rated_below_suggestion_d1" and f.action.startswith(opening[0])):
            # physician review R44, Q2: the lead says "the patient must not drive" outright, so no later "if any dose
            # is given ...: the patient must not drive today" (R31 M5); the intoxication bracket's words stay
            return lead + f.action[1:].replace(f"; {ANY_DOSE_NO_DRIVING}", "")
        return f.action

    return _boxes_said(rec, says)


def cows_dose_timed_at_4_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box's re-score of an old COWS below its severe band whose treatment says no timing said beside
    dimension 1, 2 or 3 rated 4 "treat on the current score (a first dose before transfer only if it does not delay
    the transfer)" (:func:`~iopkit.placement.recommendation.cows_dose_timed_at_4`), before
    :func:`doses_told_at_handover` tells its dose at handover as every box's that may dose before a transfer (physician
    review R26b, S9); the rating's reason is added last (:func:`cows_rescore_at_4_in_boxes`; physician review R31 S7,
    ruled R42 item 4). ``rec`` itself otherwise.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.
    """
    at_4 = rated_4(rec)
    if not at_4:
        return rec
    return _boxes_said(rec, lambda f: cows_dose_timed_at_4(f.action, at_4))


def cows_rescore_at_4_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box's re-score now of an old COWS below its severe band said beside dimension 1, 2 or 3 rated
    4 as its headline says it (:func:`~iopkit.placement.recommendation.cows_rescore_at_4`): "Re-score the COWS before
    transfer only if it does not delay it (last 19 on 20 Nov 2026)", its first dose "... a first dose before transfer
    only if it does not delay the transfer and the reason for rating 4 allows it" (physician review R31, should-fix
    S7, ruled R42 item 4, the reviewer's words). After every other step of the boxes' build (none reads these words);
    ``rec`` itself otherwise.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.
    """
    at_4 = rated_4(rec)
    if not at_4:
        return rec
    return _boxes_said(rec, lambda f: cows_rescore_at_4(f.action, at_4))


def managed_withdrawal_told_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box's COWS re-score 13-36 branch that arranges medically managed withdrawal for alcohol
    withdrawal alongside said, where the headline's first step arranges a transfer now
    (:func:`~iopkit.placement.recommendation.transfer_now_first`), as its headline says it
    (:func:`~iopkit.placement.recommendation.managed_withdrawal_told`): "if 13-36: tell the receiving team that
    medically managed withdrawal is needed (co-occurring alcohol withdrawal, CIWA-Ar 14 today)" (physician review R49,
    Q6, its words: case 635). ``rec`` itself otherwise.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.
    """
    if not transfer_now_first(rec):
        return rec
    return _boxes_said(rec, lambda f: managed_withdrawal_told(f.action, True))


def cows_rescore_before_transfer_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box's re-score now of an old COWS below its severe band said, where the headline's first step
    arranges a transfer now for another reason (:func:`~iopkit.placement.recommendation.transfer_now_first`), as the
    transfer allows it (:func:`~iopkit.placement.recommendation.cows_rescore_before_transfer`): "Re-score the COWS
    before transfer only if it does not delay it (last 30 on 20 Nov 2026; no dose here without today's re-score)"
    (physician review R52, ruling 4, its words: cases 109, 167, 286, 318, 560, 646, 674, 778). ``rec`` itself
    otherwise.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.
    """
    if not transfer_now_first(rec):
        return rec
    return _boxes_said(rec, lambda f: cows_rescore_before_transfer(f.action, True))


def severe_cows_below_before_transfer_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box's old severe COWS re-score's branch below 37, "if below 37: treat on the current score"
    (physician review R53 D), said where the headline's first step arranges a transfer now
    (:func:`~iopkit.placement.recommendation.transfer_now_first`) as a bridge to the transfer, "if below 37: a first
    dose before transfer only if it does not delay the transfer (buprenorphine or methadone only on a COWS re-scored
    today)" (:func:`~iopkit.placement.recommendation.severe_cows_below_before_transfer`; physician review R60, Q5 S3a:
    the severe_opioid_withdrawal, buprenorphine_induction_threshold and rated_below_suggestion_d1 boxes of cases 154,
    419, 488, 499, 526, 685, 716, 732, 775). Run last: no pass reads these words. ``rec`` itself otherwise.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> rec = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> severe_cows_below_before_transfer_in_boxes(rec) is rec
    True
    """
    if not transfer_now_first(rec):
        return rec
    return _boxes_said(rec, lambda f: severe_cows_below_before_transfer(f.action, True))


def intoxication_hold_until_clear_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box's old COWS re-score hold in an ambulatory step said as two holds, "no dose here" for
    delirium, an overdose or an ingestion and "no dose until it clears" for intoxication alone
    (:func:`~iopkit.placement.recommendation.intoxication_hold_until_clear`; physician review R59, item 2, ruled R60
    Q5: the COWS boxes and dimension 1's box of e.g. cases 51, 53, 79), where the headline's first step arranges no
    transfer now (:func:`~iopkit.placement.recommendation.transfer_now_first`). Run last: no pass reads these words.
    ``rec`` itself otherwise.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> rec = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> intoxication_hold_until_clear_in_boxes(rec) is rec
    True
    """
    if transfer_now_first(rec):
        return rec
    return _boxes_said(rec, lambda f: intoxication_hold_until_clear(f.action, False))


def old_moderate_rescore_screened_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box's old moderate re-score now ("Re-score the COWS now (last 19 on 20 Nov 2026); treat on the
    current score", or the CIWA-Ar's) said behind the screen before any dose and its hold, as the old severe re-score
    of the same instrument says them in its box (:func:`~iopkit.placement.recommendation.
    old_moderate_rescore_screened`): the headline's screen for the box's dose as the headline is built
    (:func:`_screen_for`: beside an old complicated CIWA-Ar's re-score and delirium screen, "after the first step's
    CIWA-Ar re-score and delirium screen (CAM or 4AT), before any dose: ...; if delirium or intoxication: no dose
    here (...)"), the hold's bracket as the case (its flags and its headline) calls for it. Run after R55 C's box pass
    and before R57 M2/M3's (:func:`delirium_held_in_boxes`, :func:`cows_dose_after_delirium_screen_in_boxes`), which
    read only an old complicated CIWA-Ar's bracket (physician review R57, must-fix M1: cases 139, 402, 678).

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.
    """
    with headline_as_built():
        built = rec.headline
    screens = _headline_screens(built)
    head = rec.headline

    def says(f: Flag) -> str:
        found = _OLD_MODERATE_RESCORE.search(f.action)
        if found is None:
            return f.action
        screen = _screen_for(built, screens, opioid=found["name"] == "COWS")
        said = old_moderate_rescore_screened(f.action, rec.flags, head, screen[:1].lower() + screen[1:])
        # a hold that now says "if transferred" (or sends delirium to the ED): the box tells the scores and any dose
        # at handover, as every box that may dose beside a transfer (physician review R26b, should-fix S9)
        return said if said == f.action else _dose_told(rec, said)

    return _boxes_said(rec, says)


def old_moderate_rescore_branches_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box carrying an old moderate CIWA-Ar's re-score said as the headline says it
    (:func:`~iopkit.placement.recommendation.old_moderate_rescore_branches_of`, its case read from the boxes and the
    headline): the severe branch beside an emergency evaluation ordered (Q3 (ii)), the complications beside a COWS of
    today's transfer at 8 or more (Q3 (iii)), the joined re-scores' severe branch, and the delirium screen where item 10
    was 1 (Q4). Physician review R60; the last pass of the boxes' build (no step reads these words).

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> rec = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> old_moderate_rescore_branches_in_boxes(rec) is rec
    True
    """
    if not any(f.code == "moderate_alcohol_withdrawal" for f in rec.flags):
        return rec
    head = rec.headline

    def says(f: Flag) -> str:
        said = old_moderate_rescore_branches_of(f.action, rec.flags, head)
        # Q3 (ii)'s box, which now may dose before a transfer, tells the scores and any dose at handover, as every such
        # box (physician review R26b, should-fix S9); the joined re-scores' boxes keep their handovers as built
        if OLD_MODERATE_CIWA_EVALUATION_BRANCH not in said or OLD_MODERATE_CIWA_EVALUATION_BRANCH in f.action:
            return rescore_told_at_handover(said)
        # the handover names the re-score, not the last score (physician review R63, SF3)
        return rescore_told_at_handover(_dose_told(rec, said))

    return _boxes_said(rec, says)


#: The handover of a box's old CIWA-Ar score beside R60 Q3 (ii)'s branch, alone or with the COWS's: the words physician
#: review R63, SF3 replaces ("last" can be read as 20 Nov's score).
_LAST_CIWA_TOLD = "at handover tell the receiving team the last CIWA-Ar score"
_LAST_CIWA_AND_COWS_TOLD = "at handover tell the receiving team the last CIWA-Ar and COWS scores"


def rescore_told_at_handover(action: str) -> str:
    """``action`` (one box) holding R60 Q3 (ii)'s branch (an old moderate CIWA-Ar's re-score beside the emergency
    evaluation for suicide risk, :data:`~iopkit.placement.recommendation.OLD_MODERATE_CIWA_EVALUATION_BRANCH`) with its
    handover telling the receiving team "the CIWA-Ar re-score" (", the delirium screen" after it where the box screens
    for delirium, R60 Q4) in place of "the last CIWA-Ar score", and "the CIWA-Ar re-score, the COWS score" in place
    of "the last CIWA-Ar and COWS scores". Physician review R63, should-fix SF3 (cases 199 247 293 321 370 458 580 724
    766, and 33 135: "last" can be read as the score of 20 Nov; the headline already says "re-score"; SAMHSA TIP 45:
    scores and medication handed over between levels), said as a list before "and any dose with its time" (physician
    review R64, 2b, its words: "the CIWA-Ar re-score, the COWS score and any dose with its time", not "and ... and";
    cases 33 and 135). ``action`` itself otherwise (the headline is not read here).

    Parameters
    ----------
    action : str
        A box's action.

    Returns
    -------
    str
        ``action`` with its handover naming the re-score, or ``action`` itself.

    Examples
    --------
    >>> from iopkit.placement.recommendation import OLD_MODERATE_CIWA_EVALUATION_BRANCH as BRANCH
    >>> print(rescore_told_at_handover(
    ...     f"Re-score the CIWA-Ar now (last 14 on 20 Nov 2026) and screen for delirium (CAM or 4AT); x; {BRANCH}; at "
    ...     "handover tell the receiving team the last CIWA-Ar score and any dose with its time"
    ... ).split("transfer); ")[-1])
    at handover tell the receiving team the CIWA-Ar re-score, the delirium screen and any dose with its time
    >>> print(rescore_told_at_handover(
    ...     f"x; {BRANCH}; at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose"
    ... ).split("transfer); ")[-1])
    at handover tell the receiving team the CIWA-Ar re-score, the COWS score and any dose
    >>> rescore_told_at_handover("x; at handover tell the receiving team the last CIWA-Ar score")
    'x; at handover tell the receiving team the last CIWA-Ar score'
    """
    if OLD_MODERATE_CIWA_EVALUATION_BRANCH not in action:
        return action
    delirium = ", the delirium screen" if f" and {DELIRIUM_SCREEN}" in action else ""
    told = "at handover tell the receiving team the CIWA-Ar re-score"
    said = action.replace(_LAST_CIWA_AND_COWS_TOLD, f"{told}{delirium}, the COWS score")  # R64 2b: a list
    return said.replace(_LAST_CIWA_TOLD, f"{told}{delirium}")


def ciwa_no_dose_unrescored_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box's old severe CIWA-Ar bracket of its re-score before transfer only if it does not delay it
    saying "; no dose here without today's re-score" as its headline says it, and, where a COWS scored today is treated
    (:func:`~iopkit.placement.recommendation.cows_treated_today`), every such CIWA-Ar bracket saying "; no dose for
    alcohol withdrawal here without today's re-score"
    (:func:`~iopkit.placement.recommendation.ciwa_no_dose_unrescored`; physician review R52, ruling 5, its words).
    ``rec`` itself where no box changes.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.
    """
    today = cows_treated_today(rec)
    return _boxes_said(rec, lambda f: ciwa_no_dose_unrescored(f.action, today))


#: The headline's first step re-scoring an old severe COWS and an old CIWA-Ar of 8 or more as one, both before any dose
#: (:data:`~iopkit.placement.recommendation.BOTH_RESCORED_FIRST`): their last scores.
_BOTH_RESCORED_LEAD = re.compile(
    re.escape(BOTH_RESCORED_FIRST)
    .replace(re.escape("{cows}"), r"(?P<cows>last \d+ on [^()]*?, severe)")
    .replace(re.escape("{ciwa}"), r"(?P<ciwa>last \d+ on [^()]*?)")
)
#: A box's screen after that step's CIWA-Ar re-score, as :data:`_AFTER_SEVERE_CIWA` says it beside an old severe one
#: (case 125's box), the CIWA-Ar's band not severe.
_AFTER_CIWA = "after the first step's CIWA-Ar re-score ({last}), before any dose: "
#: The boxes that open with that COWS's re-score (:func:`both_rescored_first_in_boxes`).
_BOTH_RESCORED_BOXES = frozenset(
    {"severe_opioid_withdrawal", "buprenorphine_induction_threshold", "rated_below_suggestion_d1"}
)
#: Such a box's COWS branches as the earlier passes say them: the dose "if still 37 or more" (its methadone rule and
#: its complicating conditions in full), then "if below 37: treat on the current score" (physician review R53 D).
_STILL_SEVERE_BRANCHES = re.compile(
    r"otherwise if still 37 or more, (?P<dose>a prescriber treats withdrawal now\b.*?); "
    r"if below 37: treat on the current score(?=; |$)"
)
#: The emergency branch of two withdrawals (:data:`~iopkit.placement.recommendation.TWO_WITHDRAWALS_SEVERE`), as a
#: box or the headline says it, to its "the patient must not drive".
_BOTH_SEVERE_BRANCH = re.compile(
    re.escape(_BOTH_SEVERE_AT) + r"emergency evaluation now: .*?; the patient must not drive(?=; |$)"
)


def _branches_as_headline(action: str, headline: str) -> str:
    """A COWS box's ``action`` (:data:`_BOTH_RESCORED_BOXES`) with its branches said in the order of the headline's
    first step (:func:`~iopkit.placement.recommendation.both_rescored_first`): "otherwise, on the two re-scores: " the
    emergency branch (the box's own, else the headline's), the COWS's dose at a CIWA-Ar re-score below 8 (the box's
    long forms), the two withdrawals' escalation at a COWS re-score of 13 to 36, "otherwise: treat on the current
    scores"; the box's later escalation and emergency branch, said now, dropped, and the rest of the box as it was
    (physician review R58, must-fix M2a, the reviewer's words). ``action`` itself where its branches do not read as
    built.

    Parameters
    ----------
    action : str
        The box's action, its opening already after the first step's CIWA-Ar re-score.
    headline : str
        The headline whose first step re-scores both before any dose.

    Returns
    -------
    str
        ``action`` with its branches said anew, or ``action`` itself.

    Examples
    --------
    >>> _branches_as_headline("Re-score the COWS now (x): treat", "First: y.")
    'Re-score the COWS now (x): treat'
    """
    found = _STILL_SEVERE_BRANCHES.search(action)
    if found is None:
        return action
    rest = action[found.end() :].replace(f"; {TWO_WITHDRAWALS_ESCALATION}", "", 1)
    own = _BOTH_SEVERE_BRANCH.search(rest)
    if own is not None:
        rest = rest[: own.start()].removesuffix("; ") + rest[own.end() :]
    emergency = own or _BOTH_SEVERE_BRANCH.search(headline)
    if emergency is None:
        return action
    branches = (
        f"{ON_THE_TWO_RESCORES}{emergency[0]}; {COWS_SEVERE_ALONE}{found['dose']}; {TWO_WITHDRAWALS_THEN_CURRENT}"
    )
    return f"{action[: found.start()]}{branches}{rest}"


def both_rescored_first_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with, where its headline's first step re-scores an old severe COWS and an old CIWA-Ar of 8 or more both
    before any dose (:func:`~iopkit.placement.recommendation.both_rescored_first`), the severe COWS box, the
    buprenorphine induction threshold's and dimension 1's rating-below box opening "Re-score the COWS now (last 48 on
    20 Nov 2026, severe): after the first step's CIWA-Ar re-score (last 14 on 20 Nov 2026), before any dose: ...", as
    case 125's COWS box says it after an old severe CIWA-Ar's (:data:`_AFTER_SEVERE_CIWA`), and dimension 1's box no
    longer re-scoring the CIWA-Ar a second time after the COWS's treatment ("re-score the CIWA-Ar now (last 14 on 20
    Nov 2026); treat on the current score; "): the first step re-scored it before any dose (physician review R55,
    finding C, the reviewer's words: cases 273 and 639 of the 800); and each of the three boxes saying its branches in
    the headline's order, the emergency branch first (:func:`_branches_as_headline`; physician review R58, must-fix
    M2a). ``rec`` itself otherwise.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> rec = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> both_rescored_first_in_boxes(rec) is rec
    True
    """
    lead = _BOTH_RESCORED_LEAD.match(rec.headline)
    if lead is None:
        return rec
    rescored = f"e-score the COWS now ({lead['cows']}): "
    after = f"{rescored}{_AFTER_CIWA.format(last=lead['ciwa'])}"
    again = f"re-score the CIWA-Ar now ({lead['ciwa']}); {_TREAT_CURRENT}; "

    def said(f: Flag) -> str:
        action = f.action
        if f.code not in _BOTH_RESCORED_BOXES or not action or action[1:].find(f"{rescored}before any dose: ") != 0:
            return action
        action = action[0] + action[1:].replace(f"{rescored}before any dose: ", after, 1)
        action = action.replace(again, "", 1) if f.code == "rated_below_suggestion_d1" else action
        return _branches_as_headline(action, rec.headline)  # R58 M2a

    return _boxes_said(rec, said)


#: The joined re-score of an old moderate CIWA-Ar and an old COWS as the headline says it
#: (:func:`~iopkit.placement.recommendation.old_moderate_rescore_branches`: cases 120 377 406 525 585 608 781).
_JOINED_RESCORES = "re-score the CIWA-Ar and the COWS now"
#: The boxes of that joined re-score that open with the COWS's re-score (physician review R63, SF4).
_JOINED_COWS_BOXES = frozenset(
    {
        "moderate_opioid_withdrawal",
        "moderately_severe_opioid_withdrawal",
        "severe_opioid_withdrawal",
        "buprenorphine_induction_threshold",
    }
)


def rescores_severe_branch_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with the CIWA-Ar's transfer now said before the COWS's treatment in the boxes of two old withdrawals
    re-scored together, as their headline and alcohol boxes say it (physician review R63):

    - MF1 (must-fix), every box saying "otherwise, on the two re-scores: " (the COWS, dimension 1 and buprenorphine
      boxes of cases 273 and 639: :func:`~iopkit.placement.recommendation.both_rescored_severe_branch`): "; ask what
      happened since (...)" after the first step's CIWA-Ar re-score, "if delirium: no dose here; ..." where item 10 was
      1, and the joined severe branch before "otherwise, if not intoxicated, on the two re-scores: ";
    - SF4 (should-fix), where the headline re-scores the CIWA-Ar and the COWS jointly, each COWS or buprenorphine box
      opening "Re-score the COWS now" with that branch before "otherwise, if not intoxicated: treat on the current
      score" (:func:`~iopkit.placement.recommendation.joined_cows_box_severe_branch`: cases 120 377 406 525 585 608
      781).

    The last pass of the boxes' build (no step reads these words). ``rec`` itself where no box changes.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> rec = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> rescores_severe_branch_in_boxes(rec) is rec
    True
    """
    if not any(f.code == "moderate_alcohol_withdrawal" for f in rec.flags):
        return rec
    joined = _JOINED_RESCORES in rec.headline

    def says(f: Flag) -> str:
        said = both_rescored_severe_branch(f.action, rec.flags)
        if joined and f.code in _JOINED_COWS_BOXES:
            said = joined_cows_box_severe_branch(said, rec.flags)
        return said

    return _boxes_said(rec, says)


def delirium_held_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box's hold after an old complicated CIWA-Ar's re-score and delirium screen that holds a dose
    for intoxication alone, "if intoxicated: no dose now (<the hold>)", barring a dose in delirium too, "if delirium or
    intoxication: no dose here (delirium: to the ED by emergency services; intoxication: <the hold>)", as the headline
    says it (:func:`~iopkit.placement.recommendation.delirium_held_with_intoxication`; physician review R57, must-fix
    M2: the complicated_withdrawal, severe_alcohol_withdrawal or moderate_alcohol_withdrawal and
    rated_below_suggestion_d1 boxes of cases 144 and 422); and the list before that hold opening with delirium among
    the findings that set off the transfer ("if delirium, a seizure since the last score, ...") said with delirium
    first and alone, "if delirium: no dose here; call emergency services for the ED; staff with the patient until
    handover; if a seizure since the last score, ..." (:func:`~iopkit.placement.recommendation.delirium_to_ed_first`;
    physician review R59, must-fix 1). ``rec`` itself where no box changes.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.
    """
    return _boxes_said(rec, lambda f: delirium_first_said(f.action))


def old_ciwa_severe_first_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box's re-score step of an old CIWA-Ar screened before any dose said with its severe branch
    before the intoxication hold, whether or not the patient is intoxicated, and a delirium screen with the re-score
    where the last CIWA-Ar had item 10 at 1, as the headline says it
    (:func:`~iopkit.placement.recommendation.old_ciwa_severe_first`; physician review R60, Q2 (a), Q3 (i) and Q4: the
    possible_inattention, moderate_alcohol_withdrawal and rated_below_suggestion_d1 boxes of cases 3, 101 and 104).
    A case whose headline leaves its own plain step (it orders a transfer or an evaluation, or joins a COWS: Q3 (ii),
    (iii)) leaves only the boxes that :func:`old_moderate_rescore_branches_in_boxes` says in Q3's shapes: every other
    box still carrying the plain re-score takes the form whatever its headline's shape (physician review R61, section
    5, must-fix: the moderate_alcohol_withdrawal boxes of cases 312 and 563 and 563's possible_inattention box). Only
    R60 Q2(b)'s pass (:func:`assessments_told_before_done_in_boxes`) runs after it, and reads the transfers it says;
    ``rec`` itself where no box changes.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> rec = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> old_ciwa_severe_first_in_boxes(rec) is rec
    True
    """
    # a headline that leaves its own plain step (it orders a transfer or an evaluation, or joins a COWS: Q3 (ii),
    # (iii)) leaves its boxes' plain steps too
    left = _OLD_CIWA_RESCORE_STEP.search(rec.headline)
    plain = left is None or left["plain"] is None
    if plain:
        return _boxes_said(rec, lambda f: old_ciwa_severe_first(f.action, rec.flags, plain))
    head = rec.headline

    def says(f: Flag) -> str:
        # save a box that the last pass says in Q3's shapes (:func:`old_moderate_rescore_branches_in_boxes`), every box
        # still carrying the plain re-score with no branch "intoxicated or not" takes the form whatever its headline's
        # shape (physician review R61, section 5: cases 312 and 563)
        if old_moderate_rescore_branches_of(f.action, rec.flags, head) != f.action:
            return f.action
        return old_ciwa_severe_first(f.action, rec.flags)

    return _boxes_said(rec, says)


def severe_branch_dose_guarded_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box's first dose of two old withdrawals' emergency branch said for the patient not
    intoxicated only, as the headline (:func:`~iopkit.placement.recommendation.severe_branch_dose_guarded`; physician
    review R64, S2: the boxes of cases 125 470 564, the alcohol and inattention boxes of 273 and the alcohol box of
    639). ``rec`` itself where no box changes.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> rec = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> severe_branch_dose_guarded_in_boxes(rec) is rec
    True
    """
    return _boxes_said(rec, lambda f: severe_branch_dose_guarded(f.action))


def sedation_watched_until_handover_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box that allows a first dose before a transfer and whose only sedation watch says "monitor
    sedation and breathing while the patient is on site" saying " (if transferred: until handover)" after it, as the
    headline (:func:`~iopkit.placement.recommendation.sedation_watched_until_handover`; physician review R62, S2, ruled
    R63 section 5: the boxes of cases 312, 563, 273, 639 and that form elsewhere). Read from each box's own words, and
    beside the case's other texts: a box whose sole watch is on site says it too where the headline as shown or
    another box can transfer the patient (physician review R64, should-fix S4: the moderate_alcohol_withdrawal boxes of
    cases 29 157 252 509 589 616 667). ``rec`` itself where no box changes.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> rec = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> sedation_watched_until_handover_in_boxes(rec) is rec
    True
    """

    def says(f: Flag) -> str:
        beside = [rec.headline, *(g.action for g in rec.flags if g is not f)]  # R64 S4: the case's other texts
        return sedation_watched_until_handover(f.action, beside=beside)

    return _boxes_said(rec, says)


def ed_evaluates_both_if_confused_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box that re-scores an old severe CIWA-Ar beside a rating of 4 sending the patient to the ED's
    evaluation of both on the same condition as the headline: "if still 15 or more, or a seizure since the last score,
    or hallucinations, or disorientation (item 10 at 2 or more), the ED evaluates both", the screen before the box's
    first dose then screening for delirium too, its hold and bracket as the tool says them beside complicated
    withdrawal (:func:`~iopkit.placement.recommendation.ed_evaluates_both_if_confused`; physician review R65,
    should-fix SF3, with R66's must-fixes 1 and 2: case 565's and case 6's words, no text reordered). The buprenorphine
    induction threshold's first dose after the first step's screen, where that screen now names delirium, waits for
    "no delirium" too (cases 74 and 160): :func:`threshold_screen_found` says so where it is built, reading the
    headline's first step as finally said (physician review R69, the depth mend: the patch here deleted). Before the
    boxes' last pass,
    which then tells the delirium screen at handover (:func:`delirium_screen_told_in_boxes`); ``rec`` itself where no
    box changes.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> rec = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> ed_evaluates_both_if_confused_in_boxes(rec) is rec
    True
    """
    if not any(f.action and _ED_EVALUATES_BOTH_IF_STILL.search(f.action) for f in rec.flags):
        return rec
    headline = rec.headline
    return _boxes_said(rec, lambda f: ed_evaluates_both_if_confused(f.action, rec.flags, headline))


def old_severe_delirium_screened_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box carrying an old severe CIWA-Ar's conditional transfer screening for delirium with the
    re-score and holding any dose in delirium after its screen before any dose, as the headline
    (:func:`~iopkit.placement.recommendation.old_severe_delirium_screened`); and, where the headline's first step so
    screens, each box whose dose waits for that re-score ("After the first step's CIWA-Ar re-score (last 21 on 20 Nov
    2026, severe), before any dose: ...", the COWS boxes: :func:`_cows_after_old_ciwa`) naming the screen in its
    opening, as beside R24b 3's step (:data:`_AFTER_SEVERE_CIWA_SCREENED`: "After the first step's CIWA-Ar re-score
    and delirium screen (CAM or 4AT) (last 21 on 20 Nov 2026, severe), before any dose: ..."), and holding any dose in
    delirium after its screen as the first step's
    (:func:`~iopkit.placement.recommendation.delirium_held_after_screen`). The buprenorphine threshold's box that gives
    the first dose "once the first step's delirium screen finds no delirium and its screen before any dose finds ..."
    (:data:`_FIRST_STEPS_DELIRIUM_AND_SCREEN`, physician review R47, S1; R42 item 5) is said so where it is built
    (:func:`threshold_screen_found`, reading the headline's first step as finally said: physician review R69, the
    depth mend; the string patch here deleted). Physician review R67, F1 (R65's follow-up F1, ruled in R66; the COWS
    boxes read alone on the chart, R16 M1: a COWS dose box beside a headline that screens for delirium says the
    screen before its dose; CAM, Inouye et al. 1990; 4AT, Bellelli et al. 2014). Run before
    :func:`delirium_screen_told_in_boxes`, which tells the screen at handover; ``rec`` itself where no box changes.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> rec = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> old_severe_delirium_screened_in_boxes(rec) is rec
    True
    """
    severe = _FIRST_SEVERE_CIWA.search(first_sentence(rec.headline))
    # the opening after it, naming the screen ("fter the first step's CIWA-Ar re-score and delirium screen ...")
    opening = _AFTER_SEVERE_CIWA_SCREENED.format(last=severe["last"]) if severe and severe["screened"] else ""
    # R24b 3's step (its delirium screen before the bracket, beside a C-SSRS high): its COWS boxes open naming the
    # screen already (:func:`_cows_after_old_ciwa`) and hold any dose in delirium after it as F1's (physician review
    # R68, must-fix M2: R24b 3's COWS dose box opened a dose with no delirium hold)
    beside_high = _AFTER_SEVERE_CIWA_SCREENED.format(last=severe["last"]) if severe and severe["delirium"] else ""

    def says(f: Flag) -> str:
        action = old_severe_delirium_screened(f.action)
        if beside_high and f.code in _COWS_DOSE_CODES:
            at = action.find(beside_high[1:])
            return action if at < 0 else delirium_held_after_screen(action, at + len(beside_high) - 1)
        if not opening:
            return action
        after = _AFTER_SEVERE_CIWA_SAID.search(action)
        if after is not None:  # a COWS box (:func:`_cows_after_old_ciwa`)
            action = f"{action[: after.start()]}{opening[1:]}{action[after.end() :]}"
        elif f.code in _OPIOID_DOSE_BOXES:  # the buprenorphine threshold's, its screen said after the re-score too
            action = _screen_after_severe_ciwa(action, opening)
        at = action.find(opening[1:])
        return action if at < 0 else delirium_held_after_screen(action, at + len(opening) - 1)

    return _boxes_said(rec, says)


#: The headline's first step re-scoring an old CIWA-Ar (:data:`_RESCORED`) with its delirium screen
#: (:data:`~iopkit.flags.DELIRIUM_SCREEN`) and holding any dose in delirium, in any of the tool's words ("if delirium:
#: no dose here", "if delirium, or an overdose or ingestion: no dose here", "if delirium or intoxication: no dose
#: here", "if delirium, an overdose or ingestion, or intoxicated: no dose here").
_DELIRIUM_HELD = re.compile(r"\bif delirium\b[^:;]*: no dose here\b")
#: A box's treatment before its screen before any dose (beside a C-SSRS high's transfer now: "...; treat on the current
#: score: before any dose: ..."): the screen's opening is said before it (physician review R69, must-fix 4 of part D).
_TREATED_BEFORE_SCREEN = "treat on the current score: "


def _first_step_holds_delirium(headline: str) -> bool:
    """Whether ``headline``'s first step (:func:`~iopkit.placement.steps.first_sentence`) re-scores an old CIWA-Ar,
    screens for delirium (CAM or 4AT) and holds any dose in delirium (:data:`_DELIRIUM_HELD`)."""
    first = first_sentence(headline)
    return DELIRIUM_SCREEN in first and bool(_RESCORED.search(first)) and bool(_DELIRIUM_HELD.search(first))


def _delirium_held_at(action: str, at: int) -> str:
    """``action`` with the screen before any dose from ``at`` holding any dose in delirium: merged into the COWS
    re-score's hold for an overdose or ingestion and intoxication as the tool says it beside a delirium screen
    (:data:`~iopkit.placement.recommendation._COWS_HOLD_DELIRIUM`, physician review R55, ruling 2: "if delirium, an
    overdose or ingestion, or intoxicated: no dose here (delirium, or an overdose or ingestion: call emergency services
    ..."); else as an old CIWA-Ar's re-score screened for delirium holds it
    (:func:`~iopkit.placement.recommendation.delirium_held_after_screen`: its own step before intoxication's, or merged
    into an overdose's hold said apart, R60 Q2 (a)). ``action`` itself where the hold names delirium already."""
    screen = _SCREENED_TO_HOLD.search(action, at)
    if screen is not None and action.startswith(_COWS_HOLD, screen.end()):
        return f"{action[: screen.end()]}{_COWS_HOLD_DELIRIUM}{action[screen.end() + len(_COWS_HOLD) :]}"
    return delirium_held_after_screen(action, at)


def _old_ciwa_delirium_held(action: str) -> str:
    """``action`` (a COWS or buprenorphine threshold box, :data:`_OPIOID_DOSE_BOXES`) whose dose follows a screen before
    any dose naming no delirium screen before it, said after the first step's: "after the first step's CIWA-Ar re-score
    and delirium screen (CAM or 4AT), before any dose: ..." (:data:`_AFTER_FIRST_STEPS_SCREEN`; before the treatment it
    follows, "after ..., treat on the current score: before any dose: ...", :data:`_TREATED_BEFORE_SCREEN`), its hold
    holding any dose in delirium too (:func:`_delirium_held_at`), and the intoxicated patient's ambulatory next step
    said as the "if not" branch of the transfer the box may now arrange, the receiving team told first
    (:func:`_told_if_transferred`). ``action`` itself where no such screen stands, it names the delirium screen before
    it, or its hold names delirium already. A box that re-scores the CIWA-Ar first, before any dose, while the transfer
    is arranged (:data:`_CIWA_FIRST_WHILE_ARRANGED`) says that re-score with the first step's delirium screen
    (:data:`_CIWA_FIRST_SCREENED_OPENING`)."""
    screen = _ANY_DOSE.search(action)
    if screen is None or _DELIRIUM_SCREEN_NAMED.search(action, 0, screen.start()):
        return action
    at = screen.start()
    held = _delirium_held_at(action, at)
    if held == action:
        return action
    end = held.find(_OTHERWISE_AFTER_SCREEN, at)  # where its hold ends
    end = len(held) if end < 0 else end
    held = f"{held[:at]}{_told_if_transferred(held[at:end])}{held[end:]}"
    after = _AFTER_FIRST_STEPS_SCREEN
    if held.startswith(_CIWA_FIRST_OPENING):  # the CIWA-Ar re-score first, with the first step's delirium screen
        held = _CIWA_FIRST_SCREENED_OPENING + held[len(_CIWA_FIRST_OPENING) :]
        at += len(_CIWA_FIRST_SCREENED_OPENING) - len(_CIWA_FIRST_OPENING)
        after = _AFTER_THAT_SCREEN  # the box's own first sentence says them (R70, should-fix D1)
    opens = at - len(_TREATED_BEFORE_SCREEN) if held.endswith(_TREATED_BEFORE_SCREEN, 0, at) else at
    return _said_at(held, opens, after)


#: What a box's screen follows where the box opens with the CIWA-Ar re-score and delirium screen itself: "that" one,
#: not "the first step's", read as one step (physician review R70, should-fix D1, its words: cases 318 and 560).
_AFTER_THAT_SCREEN = "after that CIWA-Ar re-score and delirium screen, "


def old_ciwa_delirium_held_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each COWS and buprenorphine threshold box (:data:`_OPIOID_DOSE_BOXES`) whose dose follows a screen
    before any dose that does not hold for delirium, in a case whose headline's first step re-scores an old CIWA-Ar,
    screens for delirium (CAM or 4AT) and holds any dose in delirium (:func:`_first_step_holds_delirium`), saying its
    screen after the first step's and holding any dose in delirium (:func:`_old_ciwa_delirium_held`): "Re-score the
    COWS now (last 19 on 20 Nov 2026); after the first step's CIWA-Ar re-score and delirium screen (CAM or 4AT), before
    any dose: screen for intoxication (...), give thiamine and check blood glucose; if delirium: no dose here; call
    emergency services for the ED; staff with the patient until handover; if intoxicated: no dose now (...". A box is
    read alone on the chart: the last CIWA-Ar showed inattention, disorientation or hallucinations, and an opioid
    agonist in undetected delirium risks oversedation and delays the ED. Physician review R69, must-fix 1-4 of part D
    (the COWS and buprenorphine_induction_threshold boxes of cases 318 343 377 525 560 585 608 699 781; CAM, Inouye et
    al. 1990; 4AT, Bellelli et al. 2014; CIWA-Ar, Sullivan et al. 1989; COWS, Wesson & Ling 2003); R67 F1's rule for
    an old severe CIWA-Ar (:func:`old_severe_delirium_screened_in_boxes`) for every old CIWA-Ar screened so. Run before
    :func:`screened_doses_told_in_boxes` and :func:`delirium_screen_told_in_boxes`, which then hand over the scores,
    the delirium screen and any dose; ``rec`` itself where no box changes.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> rec = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> old_ciwa_delirium_held_in_boxes(rec) is rec
    True
    """
    if not _first_step_holds_delirium(rec.headline):
        return rec
    return _boxes_said(rec, lambda f: _old_ciwa_delirium_held(f.action) if f.code in _OPIOID_DOSE_BOXES else f.action)


#: The headline's first step transfers on what the CIWA-Ar re-score finds: "if a seizure since the last score,
#: hallucinations (...), disorientation (item 10 at 2 or more) or a total of 15 or more: arrange transfer now (ED, or
#: 4-WM)" (an old complicated CIWA-Ar, :func:`~iopkit.placement.suggest.complicated_rescore`), "if still 15 or more, or
#: a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or more), arrange transfer now to
#: medically managed withdrawal (ED, or 4-WM)" (an old severe one); not a transfer already ordered, whose branch is
#: "the transfer by emergency services", nor a rating of 4's "the ED evaluates both", nor a C-SSRS high's "emergency
#: evaluation for suicide risk and emergency medical evaluation in one setting that can manage both: arrange transfer
#: now (ED)", where no capacity to decline is said (physician review R13: the involuntary-assessment path governs).
_RESCORE_FINDINGS_TRANSFER = re.compile(
    r"\bif (?:delirium, )?(?:still 15 or more, or )?a seizure since the last score\b[^;]*?[:,] arrange transfer now "
    r"(?:to medically managed withdrawal )?\(ED, or 4-WM\)"
)
#: A COWS or buprenorphine threshold box's screen after the first step's CIWA-Ar re-score and delirium screen
#: (:data:`_AFTER_FIRST_STEPS_SCREEN`), the old score's bracket kept, with the comma before what follows it.
_AFTER_FIRST_STEPS_RESCORE = re.compile(
    rf"[Aa]{re.escape(_AFTER_FIRST_STEPS_SCREEN[1:].removesuffix(', '))}(?: \([^()]*\))?, (?=before any dose: )"
)
#: What the CIWA-Ar re-score's findings call for, as a box says it after the re-score
#: (:data:`RESCORE_FINDINGS_TRANSFER`) and a threshold box that waits for the first step's screens
#: (:data:`_STANDARD_INDUCTION_FINDINGS`): physician review R70, should-fix D3, its words; physician review R71,
#: must-fix 1: the capacity to decline a transfer and no driving; should-fix 2: a seizure the history tells, the
#: CIWA-Ar having no seizure item; should-fix 4: the re-assessment until handover, as the old severe CIWA-Ar's
#: headline says it.
_FINDINGS_TRANSFER = (
    "or the history since finds a seizure since the last score, hallucinations, disorientation (item 10 at 2 or more) "
    "or a total of 15 or more: arrange transfer now (ED, or 4-WM); staff with the patient until handover; "
    f"{REASSESS_SEIZURES}; {DECLINES_NOT_DRIVING}"
)
#: What a box says the CIWA-Ar re-score's findings call for, after that re-score and before its screen before any
#: dose, its first dose before transfer after that screen (physician review R71, must-fix 1).
RESCORE_FINDINGS_TRANSFER = (
    f"if the CIWA-Ar re-score {_FINDINGS_TRANSFER}; a first dose before transfer only after the screen below and only "
    "if it does not delay the transfer"
)
#: A buprenorphine threshold box whose first dose waits for the first step's screens ("If starting buprenorphine by
#: standard induction, the first dose may be given once the first step's delirium screen finds no delirium ..."), and
#: what it says first beside a first step that transfers on the CIWA-Ar re-score's findings (physician review R71,
#: should-fix 1, its words, with :data:`_FINDINGS_TRANSFER`; physician review R72, must-fix: the first dose before
#: transfer waits for the same screens, ``{screens}``, in the box's own words).
_STANDARD_INDUCTION_OPENING = "If starting buprenorphine by standard induction"
_STANDARD_INDUCTION = f"{_STANDARD_INDUCTION_OPENING}, the first dose may be given once the first step's "
_STANDARD_INDUCTION_FINDINGS = (
    f"{_STANDARD_INDUCTION_OPENING}: if the first step's CIWA-Ar re-score {_FINDINGS_TRANSFER}; a first dose before "
    "transfer only once the first step's {screens}, and only if it does not delay the transfer; otherwise "
    + _STANDARD_INDUCTION.removeprefix(f"{_STANDARD_INDUCTION_OPENING}, ")
)


def rescore_findings_transfer_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each COWS and buprenorphine threshold box (:data:`_OPIOID_DOSE_BOXES`) whose dose follows the first
    step's CIWA-Ar re-score and delirium screen (:data:`_AFTER_FIRST_STEPS_SCREEN`), in a case whose headline's first
    step transfers on what that re-score finds (:data:`_RESCORE_FINDINGS_TRANSFER`), saying it after that re-score:
    "Re-score the COWS now (last 30 on 20 Nov 2026); after the first step's CIWA-Ar re-score and delirium screen (CAM
    or 4AT): if the CIWA-Ar re-score or the history since finds a seizure since the last score, hallucinations,
    disorientation (item 10 at 2 or more) or a total of 15 or more: arrange transfer now (ED, or 4-WM); staff with the
    patient until handover; re-assess for seizures or delirium until handover; if the patient declines transfer: ...;
    the patient must not drive; a first dose before transfer only after the screen below and only if it does not
    delay the transfer; before any dose: ..." (physician review R70, should-fix D3, with R71's must-fix 1 and
    should-fixes 2 and 4: cases 343 and 699, whose boxes read alone never said what to do when the re-score finds
    a seizure, hallucinations, disorientation or 15 or more; CIWA-Ar, Sullivan et al. 1989; ASAM 2020 alcohol
    withdrawal guideline: complicated withdrawal is managed in a medically managed setting). Such a box's
    intoxication hold said for no transfer says the transfer's handover first (:func:`_told_if_transferred`; R71,
    must-fix 2), and a threshold box
    whose first dose waits for the first step's screens says the transfer first, its first dose before transfer behind
    the same screens (:data:`_STANDARD_INDUCTION_FINDINGS`; R71, should-fix 1; R72, must-fix). A box that says a
    seizure since the last score already keeps its words. After :func:`old_ciwa_delirium_held_in_boxes`, which says that
    screen in more boxes, and before the handover passes that read the boxes' transfers
    (:func:`screened_doses_told_in_boxes`); ``rec`` itself where no box changes.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> rec = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> rescore_findings_transfer_in_boxes(rec) is rec
    True
    """
    if not _RESCORE_FINDINGS_TRANSFER.search(first_sentence(rec.headline)):
        return rec

    def says(f: Flag) -> str:
        if f.code not in _OPIOID_DOSE_BOXES or "a seizure since the last score" in f.action:
            return f.action
        if f.action.startswith(_STANDARD_INDUCTION):
            rest = f.action.removeprefix(_STANDARD_INDUCTION)
            screens = rest.split(";", 1)[0].split(", before transfer", 1)[0]
            return _STANDARD_INDUCTION_FINDINGS.format(screens=screens) + rest
        said = _AFTER_FIRST_STEPS_RESCORE.sub(
            lambda m: f"{m[0].removesuffix(', ')}: {RESCORE_FINDINGS_TRANSFER}; ", f.action, count=1
        )
        # its hold's ambulatory next step said as the "if not" branch of the transfer it now arranges, the receiving
        # team told first (physician review R71, must-fix 2: the threshold boxes of cases 125, 470, 604 and 799 asked
        # an intoxicated patient to stay on site while the box ordered a transfer)
        return _told_if_transferred(said) if said != f.action else said

    return _boxes_said(rec, says)


#: A box's sedation watch that lasts until handover, in any of the tool's words ("... monitor sedation and breathing
#: until handover", "... until handover or while the patient is on site", "... until the evaluation or handover"
#: beside a C-SSRS high, R50 S2, "... while the patient is on site (if transferred: until handover)"): the tool has read
#: the box's dose as one that may come before a transfer (physician review R62, S2, ruled R63 section 5; R64, S4).
_WATCHED_TO_HANDOVER = re.compile(
    rf"{re.escape(BENZODIAZEPINE_MONITORING)} (?:until (?:the evaluation or )?handover|while the patient is on site "
    r"\(if transferred: until handover\))"
)
#: The handover said by a box that screens for delirium (or waits for the screen) and may dose before a transfer, where
#: the box says none: its own step, "if transferred", with the withdrawal scores and any dose
#: (:func:`~iopkit.placement.recommendation.withdrawal_told`); :func:`delirium_screen_told_in_boxes`, run after it,
#: tells the delirium screen with them (physician review R67, question Q2, ruled "build" in R69: "if transferred: at
#: handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time").
_SCREENED_DOSE_HANDOVER = "; if transferred: at handover tell the receiving team {scores}"
#: Where a box's own dose and transfer steps end, the first of these after its dose: its sedation watch, else its dose's
#: driving advice (:func:`_dose_driving`), else what follows the box's steps (:data:`_AFTER_STEPS`).
_DOSE_STEPS_END = (f"; {BENZODIAZEPINE_MONITORING}", f"; {IF_DOSED_NO_DRIVING}", f"; {ANY_DOSE_NO_DRIVING}")


def _screened_dose_told(rec: Recommendation, action: str) -> str:
    """``action`` (one box) that screens for delirium or takes a delirium screen as its condition
    (:data:`~iopkit.placement.recommendation._DELIRIUM_SCREEN_NAMED`), may give a dose (:data:`_BOX_MAY_DOSE`,
    :data:`_DOSE_VERB`) that may come before a transfer (its sedation watch lasts until handover,
    :data:`_WATCHED_TO_HANDOVER`, or it transfers after the dose, :data:`_BOX_TRANSFERS`) and says no handover clause
    (:data:`_HANDOVER_CLAUSE`), with one (:data:`_SCREENED_DOSE_HANDOVER`) where its own dose and transfer steps end:
    before its sedation watch, else its driving advice (:data:`_DOSE_STEPS_END`), else what follows its steps, as the
    boxes that say the clause order it; where the headline tells the receiving team suicide screens at its handover
    (:func:`_screens_told_in_headline`), the clause tells them and asks for the assessment in the headline's words
    ("..., that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment once the patient is able
    to answer": physician review R20c, S6, every handover names the screens the headline names). ``action`` itself
    otherwise.

    Examples
    --------
    >>> _SCREENED_DOSE_HANDOVER.format(scores="the last CIWA-Ar and COWS scores and any dose with its time")
    '; if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time'
    """
    if not _DELIRIUM_SCREEN_NAMED.search(action) or _HANDOVER_CLAUSE.search(action):
        return action
    may = _BOX_MAY_DOSE.search(action) or _DOSE_VERB.search(action)
    if may is None:
        return action
    if not (_WATCHED_TO_HANDOVER.search(action, may.start()) or _BOX_TRANSFERS.search(action, may.end())):
        return action
    ends = [at for said in _DOSE_STEPS_END if (at := action.find(said, may.end())) >= 0]
    if not ends:
        ends = [at for after in _AFTER_STEPS if (at := action.find(after, may.end())) >= 0]
    end = min(ends, default=len(action.rstrip(". ")))
    told = _SCREENED_DOSE_HANDOVER.format(scores=withdrawal_told(*_withdrawals_dosed(rec, action)))
    return f"{action[:end]}{told}{action[end:]}"


def screened_doses_told_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box that screens for delirium (or waits for the screen) and may dose before a transfer, but
    says no handover, saying one where its own dose and transfer steps end (:func:`_screened_dose_told`): "if
    transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time" ("the
    last CIWA-Ar score and any dose with its time" where the case treats no COWS), the screen then told with them by
    :func:`delirium_screen_told_in_boxes`, run after it. Physician review R67, question Q2, ruled "build" in R69 (the
    alcohol withdrawal boxes of cases 29 157 214 532 616 667 676 731 780, the buprenorphine_induction_threshold boxes
    of cases 29 157 616 667, beside a rating of 4 of cases 17 326 572, and of cases 58 69 144 189 224 264 266 420 422
    715 770: nothing to tell the screen in; an ED not told can stack doses or misread the next score, R23a finding 2;
    CAM: Inouye et al. 1990; 4AT: Bellelli et al. 2014; CIWA-Ar: Sullivan et al. 1989; COWS: Wesson & Ling 2003).
    ``rec`` itself where no box changes.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> rec = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> screened_doses_told_in_boxes(rec) is rec
    True
    """
    return _boxes_said(rec, lambda f: _screened_dose_told(rec, f.action))


def delirium_screen_told_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box that screens for delirium (or takes a delirium screen as its condition) and hands over
    the withdrawal scores and any dose telling the screen with them ("the last CIWA-Ar score, the delirium screen and
    any dose with its time", "the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time"), as
    the headline (:func:`~iopkit.placement.recommendation.delirium_screen_told`; physician review R64, should-fix S3,
    ruled "build now": case 563's dimension-1 and COWS boxes; R65, SF2: the COWS boxes of cases 55 96 439, and F2:
    today's CIWA-Ar boxes screening before any dose; R66, should-fix: the boxes whose condition is the screen in other
    words, "after the first step's medical review finds no delirium", "once the screen before any dose finds no
    delirium"). The last pass of the boxes' build; ``rec`` itself where no box changes.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> rec = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> delirium_screen_told_in_boxes(rec) is rec
    True
    """
    return _boxes_said(rec, lambda f: delirium_screen_told(f.action))


def cows_dose_after_delirium_screen_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box's old COWS re-score before transfer only if it does not delay it holding its dose until
    today's COWS and CIWA-Ar re-scores and a delirium screen are done, with thiamine and glucose before it
    (:func:`~iopkit.placement.recommendation.cows_dose_after_delirium_screen`), where a box re-scores an old
    complicated CIWA-Ar and screens for delirium before transfer only if it does not delay it
    (:data:`~iopkit.placement.recommendation.DELIRIUM_SCREEN_BEFORE_TRANSFER`). Physician review R57, must-fix M3 (case
    700's moderate_opioid_withdrawal and buprenorphine_induction_threshold boxes). ``rec`` itself otherwise.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.
    """
    if not any(DELIRIUM_SCREEN_BEFORE_TRANSFER.search(f.action) for f in rec.flags if f.action):
        return rec
    return _boxes_said(rec, lambda f: cows_dose_after_delirium_screen(f.action))


#: The headline's screen before any dose naming delirium (:data:`~iopkit.placement.recommendation._BEFORE_ANY_DOSE`,
#: its overdose form too).
_HEADLINE_DELIRIUM_SCREEN = f"{DELIRIUM_SCREEN} and intoxication {INTOXICATION_SIGNS}"
#: The boxes that give buprenorphine or methadone on a COWS (physician review R30b, should-fix S5).
_OPIOID_DOSE_BOXES = frozenset(
    {
        "moderate_opioid_withdrawal",
        "moderately_severe_opioid_withdrawal",
        "severe_opioid_withdrawal",
        "buprenorphine_induction_threshold",
    }
)
#: Dimension 1's rating-below box's part that re-scores an old COWS (its screen the COWS box's).
_D1_COWS_PART = re.compile(r"\bre-score the COWS\b")
#: The same part, either case (the box may open with it: case 316's; physician review R49, Q1).
_D1_COWS_PART_EITHER = re.compile(r"\b[Rr]e-score the COWS\b")
#: The headline's delirium screen, its hold and bracket, to its "otherwise " (:data:`_HEADLINE_DELIRIUM_SCREEN`).
_HEADLINE_SCREEN_SAID = re.compile(
    r"before any dose: (?:ask about any overdose or ingestion today and )?"
    + re.escape(_HEADLINE_DELIRIUM_SCREEN)
    + r".*?; otherwise "
)
#: An old COWS's re-score's own treatment right after its bracket, with no screen before it (:func:`_unscreened_part`).
#: A headline that arranges a transfer now first (physician review R51, b11 question 1).
_HEADLINE_TRANSFER_NOW = re.compile(r"First: [^;(]*arrange transfer now\b")
_TREATED_UNSCREENED = re.compile(
    r"\b[Rr]e-score the COWS (?:now|before transfer only if it does not delay it) \([^()]*\); "
    r"(?P<treat>treat on the current score\b)"
)


def _delirium_screened(m: re.Match[str]) -> str:
    """A box's screen (:data:`_SCREEN_NO_DELIRIUM`) said as the headline's delirium screen: "screen for delirium (CAM
    or 4AT) and intoxication (...), give thiamine and check blood glucose; if delirium, an overdose or ingestion, or
    intoxication: no dose here (delirium, or an overdose or ingestion: ...; intoxication: ...)", the box's own care in
    its bracket (physician review R30b, should-fix S5)."""
    overdose = m["od"] is not None
    held = f"delirium, {OVERDOSE_HELD}, or intoxication" if overdose else "delirium or intoxication"
    bracket = (m["bracket"] or "").replace("intoxicated: ", "intoxication: ")
    if overdose:
        bracket = bracket.replace(f"{OVERDOSE_HELD}: ", DELIRIUM_OR_OVERDOSE, 1)
    else:
        # the intoxication hold's bracket said under its name after the delirium's, as the headline's (case 565's words:
        # physician review R66, must-fix 1; a COWS box beside case 74's headline, R65 SF3)
        delirium = _DELIRIUM_TO_ED[1:-1]
        named = bracket if bracket.startswith("intoxication: ") else f"intoxication: {bracket}"
        bracket = f"{delirium}; {named}" if bracket else delirium
    return (
        f"{m['before']}{m['ask'] or ''}{_HEADLINE_DELIRIUM_SCREEN}, give thiamine and check blood glucose; if {held}: "
        f"no dose here ({bracket})"
    )


def _unscreened_part(f: Flag) -> int | None:
    """Where the part of ``f``'s box that doses on a COWS with no screen before any dose begins (a COWS or
    buprenorphine box: 0; dimension 1's rating-below box: its old COWS's re-score), where its re-score's treatment
    ("treat on the current score" right after its bracket) has no screen in that part, else ``None`` (physician
    review R49, Q5b)."""
    if not f.action:
        return None
    if f.code in _OPIOID_DOSE_BOXES:
        at = 0
    elif f.code == "rated_below_suggestion_d1" and (part := _D1_COWS_PART_EITHER.search(f.action)) is not None:
        at = part.start()
    else:
        return None
    rest = f.action[at:]
    if "before any dose" in rest.lower() or _TREATED_UNSCREENED.search(rest) is None:
        return None
    return at


def cows_delirium_screen_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with the screen before any dose of each box that gives buprenorphine or methadone on a COWS (the COWS
    boxes and the buprenorphine threshold's, and dimension 1's rating-below box's part that re-scores an old COWS)
    naming delirium where the headline's screen does ("screen for delirium (CAM or 4AT) and intoxication ...; if
    delirium, an overdose or ingestion, or intoxication: no dose here (delirium, or an overdose or ingestion: ..."),
    with thiamine and blood glucose, each box's own care kept in its bracket (physician review R30b, should-fix S5:
    case 635's COWS and buprenorphine boxes). A box (or dimension 1's box's old COWS part) with no screen before its
    "treat on the current score" takes the headline's own screen before it, "before any dose: screen for delirium (CAM
    or 4AT) and intoxication (...), give thiamine and check blood glucose; if delirium or intoxication: no dose here
    (...); otherwise treat on the current score" (physician review R49, must-fix Q5b, its words: cases 167, 286, 603,
    760); beside a headline that arranges a transfer now, its treatment says "(a first dose before transfer only if it
    does not delay the transfer)" and the box tells the scores and any dose at handover (:func:`~iopkit.placement.
    recommendation.cows_dose_timed_at_4`, :func:`_dose_told`), as 603's (physician review R51, b11 question 1: cases
    167 and 286, no rating of 4). A screen that names delirium already is left as it is; ``rec`` itself where the
    headline's screen names no delirium.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.
    """
    if not any(
        f.action and (_SCREEN_NO_DELIRIUM.search(f.action) or _unscreened_part(f) is not None) for f in rec.flags
    ):
        return rec
    headline = rec.headline
    if _HEADLINE_DELIRIUM_SCREEN not in headline:
        return rec
    # a box with no screen before its treatment: the headline's own screen before it (physician review R49, Q5b)
    headline_screen = _HEADLINE_SCREEN_SAID.search(headline)

    transfer_now = _HEADLINE_TRANSFER_NOW.match(headline) is not None

    def says(f: Flag) -> str:
        unscreened = _unscreened_part(f)
        if unscreened is not None and headline_screen is not None:
            treat = _TREATED_UNSCREENED.search(f.action, unscreened)
            if treat is not None:
                action = f.action
                if transfer_now:
                    # beside the headline's transfer now, its first dose before the transfer only if it does not delay
                    # it, told at handover, as a rating of 4's (physician review R51, b11 question 1: cases 167, 286)
                    action = _dose_told(rec, cows_dose_timed_at_4(action, True))
                    treat = _TREATED_UNSCREENED.search(action, unscreened)
                    if treat is None:
                        return f.action
                at = treat.start("treat")
                return f"{action[:at]}{headline_screen[0]}{action[at:]}"
        if f.code in _OPIOID_DOSE_BOXES:
            return _SCREEN_NO_DELIRIUM.sub(_delirium_screened, f.action)
        part = _D1_COWS_PART.search(f.action) if f.code == "rated_below_suggestion_d1" else None
        if part is None:
            return f.action
        return f.action[: part.start()] + _SCREEN_NO_DELIRIUM.sub(_delirium_screened, f.action[part.start() :])

    return _boxes_said(rec, says)


def cows_screen_at_4_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each COWS or buprenorphine box (and dimension 1's box's old COWS part) whose re-score's treatment
    has no screen before it, beside dimension 1, 2 or 3 rated 4, screened before it as every other such box beside a
    rating of 4 (case 42's box): "; before any dose: ask about any overdose or ingestion today and screen for
    intoxication (...); if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: ...;
    intoxicated: ...); otherwise treat on the current score (a first dose before transfer only if ...)" (physician
    review R49, must-fix Q1, its words: cases 265, 316, 445, 524, 700, a patient in imminent danger offered a first dose
    with no question about an overdose and no check for sedative intoxication). The screen's words are
    :data:`~iopkit.placement.recommendation._INTOXICATION_AT_4` with :func:`~iopkit.placement.recommendation.
    overdose_asked`, the hold's bracket said as every box's (:func:`~iopkit.placement.recommendation.
    no_driving_while_intoxicated`). After :func:`cows_delirium_screen_in_boxes` (a box beside a headline screening for
    delirium takes that screen instead: R49 Q5b); ``rec`` itself otherwise.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.
    """
    if not rated_4(rec) or not any(_unscreened_part(f) is not None for f in rec.flags):
        return rec
    case = _hold_case(rec.flags, rec.headline)
    screen = overdose_asked(_INTOXICATION_AT_4)

    def says(f: Flag) -> str:
        unscreened = _unscreened_part(f)
        treat = None if unscreened is None else _TREATED_UNSCREENED.search(f.action, unscreened)
        if treat is None:
            return f.action
        at = treat.start("treat")
        return _holds_said(f"{f.action[:at]}{screen}{f.action[at:]}", case)

    return _boxes_said(rec, says)


#: Dimension 1's box joined from a CIWA-Ar part and an old COWS part whose only handover is the CIWA-Ar part's.
_JOINED_HANDOVER = re.compile(
    r"(?<=; at handover give the receiving team )the last score(?= and any dose with its time; re-score the COWS )"
)


def joined_handover_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with dimension 1's rating-below box, joined from a CIWA-Ar part and an old COWS part after it whose
    handover is the CIWA-Ar part's alone, telling both scores: "at handover give the receiving team the last CIWA-Ar
    and COWS scores and any dose with its time" (physician review R49, should-fix Q2, its words: case 240; one
    handover, no second). ``rec`` itself otherwise.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with that box said anew, or ``rec`` itself.
    """
    return _boxes_said(
        rec,
        lambda f: (
            _JOINED_HANDOVER.sub("the last CIWA-Ar and COWS scores", f.action, count=1)
            if f.code == "rated_below_suggestion_d1" and f.action
            else f.action
        ),
    )


#: The boxes whose old severe COWS re-score screens before any dose only inside its condition (physician review R51;
#: dimension 1's rating-below box, R53 ruling 4).
_SEVERE_COWS_BOXES = frozenset(
    {"severe_opioid_withdrawal", "buprenorphine_induction_threshold", "rated_below_suggestion_d1"}
)


def screen_before_cows_condition_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each severe COWS box, buprenorphine induction threshold box and dimension 1's rating-below box
    whose old severe COWS re-score screens before any dose only inside "if still 37 or more, ..." and treats on the
    current score after that branch saying the screen, with its hold, before the condition, so that it covers every
    branch (:func:`~iopkit.placement.recommendation.screen_before_cows_condition`): below 37 the box's "treat on the
    current score" gave a dose unscreened (physician review R51, its ruling: cases 273 and 499, "move the screen
    before the condition so it covers every branch"; the precedent of R17b must-fix M1's "before any dose: ...;
    otherwise if still 37 or more, ..."); dimension 1's box too, as the headline (physician review R53, ruling 4: 28
    of the 800, e.g. 31; 499's, whose COWS part its CIWA-Ar part's screen covers, says no such condition). ``rec``
    itself where no box changes.

    Parameters
    ----------
    rec : Recommendation
        A recommendation, its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.
    """
    return _boxes_said(
        rec,
        lambda f: screen_before_cows_condition(f.action) if f.code in _SEVERE_COWS_BOXES and f.action else f.action,
    )


__all__ = [
    "ANY_DOSE_TOLD",
    "OLD_COWS_WITH_ALCOHOL_BOX",
    "OLD_COWS_WITH_ALCOHOL_SUICIDE_BOX",
    "BESIDE_WORDS",
    "FIRST_DOSE_AFTER_MEDICAL_REVIEW",
    "Beside",
    "beside",
    "boxes_said_as_headline",
    "boxes_beside_emergency",
    "complicated_transfer_in_boxes",
    "rescore_findings_transfer_in_boxes",
    "cows_delirium_screen_in_boxes",
    "cows_dose_timed_at_4_in_boxes",
    "cows_rescore_at_4_in_boxes",
    "cows_rescore_before_transfer_in_boxes",
    "ciwa_no_dose_unrescored_in_boxes",
    "cows_dose_after_delirium_screen_in_boxes",
    "delirium_held_in_boxes",
    "both_rescored_first_in_boxes",
    "rescores_severe_branch_in_boxes",
    "cows_screen_at_4_in_boxes",
    "joined_handover_in_boxes",
    "managed_withdrawal_told_in_boxes",
    "cows_transfer_in_boxes",
    "doses_told_at_handover",
    "dose_driving_in_boxes",
    "old_complicated_beside_high",
    "old_severe_beside_high",
    "old_cows_boxes_with_alcohol",
    "screen_before_cows_condition_in_boxes",
    "first_dose_if_transferred_in_boxes",
    "not_driving_after_hold_in_boxes",
    "complicated_driving_once_in_boxes",
    "findings_transfer_in_boxes",
    "screens_before_box_doses",
    "severe_cows_below_before_transfer_in_boxes",
    "intoxication_hold_until_clear_in_boxes",
    "suicide_asks_as_headline",
    "assessments_told_before_done_in_boxes",
    "threshold_screen_found",
    "two_withdrawals_rescore_in_boxes",
]


#: PHQ-9 item 9's step as a rating-below box joins it (its box, :mod:`iopkit.instruments.phq9`, with or without its
#: handover if transferred), and a C-SSRS screen's assessment by a qualified clinician (moderate or low risk).
_IDEATION_ASKED = re.compile(
    r"(?:^|; )[Aa]sk about suicidal thoughts today and complete a suicide risk assessment \(e\.g\. C-SSRS\) before "
    r"the patient leaves(?:; if transferred: at handover ask the receiving team for it \(do not delay the transfer for "
    r"it\))?(?=; )"
)
_QUALIFIED_ASSESSMENT = re.compile("[Ss]uicide risk assessment by a qualified clinician")


def assessment_asked_once(rec: Recommendation) -> Recommendation:
    """``rec`` with dimension 3's rating-below box asking for the suicide risk assessment once: where it joins a C-SSRS
    screen's assessment by a qualified clinician, PHQ-9 item 9's "ask about suicidal thoughts today and complete a
    suicide risk assessment (e.g. C-SSRS) before the patient leaves" is dropped (the C-SSRS's covers it; a handover
    that tells the receiving team of the PHQ-9 is kept). Physician review R25b: "A dimension-3 box that asks for the
    suicide risk assessment twice: once." ``rec`` itself where no box asks twice.

    Parameters
    ----------
    rec : Recommendation
        The recommendation, its boxes said (:func:`boxes_said_as_headline` and after).

    Returns
    -------
    Recommendation
        ``rec`` with that box said anew, or ``rec`` itself.

    Examples
    --------
    >>> _IDEATION_ASKED.sub("", "Ask about suicidal thoughts today and complete a suicide risk assessment (e.g. "
    ...     "C-SSRS) before the patient leaves; suicide risk assessment by a qualified clinician today; record")
    '; suicide risk assessment by a qualified clinician today; record'
    """

    def once(action: str) -> str:
        if not _QUALIFIED_ASSESSMENT.search(action) or not _IDEATION_ASKED.search(action):
            return action
        said = _IDEATION_ASKED.sub("", action).removeprefix("; ")
        return said[:1].upper() + said[1:]

    return _boxes_said(
        rec, lambda f: once(f.action) if f.code == "rated_below_suggestion_d3" and f.action else f.action
    )


#: A suicide-risk box's assessment on site (:func:`assessments_asked_if_transferred`).
_ASSESSED_ON_SITE = "before the patient leaves"
#: The headline's request of the receiving team beside a delirium or intoxication transfer, and the words a box copies
#: from it before its own " (do not delay the transfer for it)" (physician review R50, should-fix S1: read alone, the
#: card sent the ED to assess suicide risk in a patient who cannot answer; the box's ask copies the headline's ask).
_ONCE_ABLE = ONCE_ABLE_TO_ANSWER
_NOT_DELAYED = " (do not delay the transfer for it)"


def _headline_shown(rec: Recommendation) -> str:
    """``rec``'s headline as shown (each step's handover said once), read within the boxes' build, which reads the
    headline as built (:func:`~iopkit.placement.recommendation.headline_as_built`); said once for each recommendation
    read the same way (:attr:`~iopkit.placement.recommendation.Recommendation.headline`: a box the build changes after
    makes a new recommendation, read anew)."""
    token = _AS_BUILT.set(False)
    try:
        return rec.headline
    finally:
        _AS_BUILT.reset(token)


def assessments_asked_if_transferred(rec: Recommendation) -> Recommendation:
    """``rec`` with each suicide-risk box that asks for a suicide risk assessment before the patient leaves and hands
    over to no one (a C-SSRS screen's low or moderate risk, a positive PHQ-9 item 9: :func:`~iopkit.placement.
    suggest.asked_at_handover`'s findings) asking the receiving team for it if the patient is transferred, where the
    headline arranges a transfer or may arrange one ("if ...: arrange transfer now", "if transferred", an escalation
    to medically managed withdrawal or a higher level of care: :data:`~iopkit.placement.recommendation._TRANSFERS`),
    and dimension 3's rating-below box after the step it joins from such a box. The words are case 429's box's:
    :data:`~iopkit.placement.suggest.IF_TRANSFERRED_ASK`, which :func:`doses_told_at_handover` says with every screen
    standing (:func:`_finding_told`): "...; if transferred: at handover tell the receiving team that today's C-SSRS
    screen found a wish to be dead or non-specific suicidal thoughts and that today's PHQ-9 item 9 was positive, and
    ask them for a suicide risk assessment (do not delay the transfer for it)"; where the headline tells the screens
    at its handover in other words, its words (:data:`_IDEATION_TOLD`; physician review R20c, S6). Physician review
    R32, should-fix S2 (wider), built by ruling R42, item 6: beside a transfer the flags' own steps do not arrange (a
    CIWA-Ar item 10 at 1's delirium transfer, an old CIWA-Ar's re-score branch beside a COWS, a complicated CIWA-Ar's
    medical review), the suicide boxes said only "... before the patient leaves" (61 boxes in 29 of the 800 random
    cases, e.g. 5, 88, 115 and 491; Joint Commission NPSG 15.01.01: the handover is where a screen is lost). ``rec``
    itself where the headline arranges no transfer (its boxes untouched) or no box changes.

    Parameters
    ----------
    rec : Recommendation
        The recommendation, its boxes said (:func:`assessment_asked_once` and before).

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.
    """
    if not _TRANSFERS.search(rec.headline):
        return rec
    # every screen standing, as case 429's box tells them (R31 S2's words, :func:`_finding_told`), where the headline
    # tells them so or tells none; else the screens in the headline's words at its handover (physician review R20c,
    # S6: a box names the screens the headline names: cases 88, 133 and 291), said as CIWA-Ar item 10 at 1's boxes say
    # them beside it (R23b B2)
    screened = _screened_told(rec)
    that = "" if screened and f"that {screened}" in rec.headline else _screens_told_in_headline(rec)
    told = _IDEATION_TOLD.format(that=that) if that else IF_TRANSFERRED_ASK
    # R50 S1: the request words of the headline as shown (its handover said once), "once the patient is able to answer"
    if asks_once_beyond_delirium(_headline_shown(rec)):  # R53 A: not the delirium branch's own
        told = told.replace(_NOT_DELAYED, f"{_ONCE_ABLE}{_NOT_DELAYED}", 1)
    asked: dict[str, str] = {}  # each suicide box's step as it stood, and as it asks now
    for f in rec.flags:
        # a box whose assessment is done on site ("before the patient leaves"), never one an emergency evaluation
        # for suicide risk covers ("tell the evaluator ...": a C-SSRS high's, its own handover)
        if f.code != _D3_BOX and _ASSESSED_ON_SITE in f.action and not _HANDOVER_CLAUSE.search(f.action):
            asks = asked_at_handover((f,), transfer=True)[0].action
            if asks != f.action:
                asked[f.action.rstrip(". ")] = asks.replace(IF_TRANSFERRED_ASK, told)

    def d3_asked(action: str) -> str:
        if _HANDOVER_CLAUSE.search(action):
            return action
        # after the last step it joins from such a box (its first letter either case, as the box joins it)
        ends = [
            at + len(step)
            for step in asked
            if (at := action.lower().find(step.lower())) >= 0 and action.startswith((";", "."), at + len(step))
        ]
        return f"{action[: max(ends)]}{told}{action[max(ends) :]}" if ends else action

    def says(f: Flag) -> str:
        if f.code == _D3_BOX:
            return d3_asked(f.action)
        return asked.get(f.action.rstrip(". "), f.action)

    return _boxes_said(rec, says)


#: Physician review R60, Q2(b): a suicide box's assessment before the patient leaves, where the withdrawal step can end
#: in a transfer: the receiving team told the screens (``{screened}``, the tool's own words at a handover) and asked for
#: the assessment, the reviewer's words.
TOLD_IF_TRANSFERRED_BEFORE_DONE = (
    "; if transferred before it is done: at handover tell the receiving team that {screened}, and ask them for a "
    "suicide risk assessment with safety planning, without delaying the transfer"
)
#: The suicide boxes that may ask for the assessment before the patient leaves (R60 Q2(b)'s list).
_SUICIDE_BOXES = frozenset(
    {"suicide_risk_low", "suicide_risk_moderate", "suicidal_ideation", "rated_below_suggestion_d3"}
)


def assessments_told_before_done_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each suicide box (a C-SSRS screen's low or moderate risk, a positive PHQ-9 item 9, dimension 3's
    rating-below box) that asks for the suicide risk assessment before the patient leaves and hands over to no one
    (:data:`_HANDOVER_CLAUSE`) saying :data:`TOLD_IF_TRANSFERRED_BEFORE_DONE` after its steps (before a rating-below
    box's "; record the reason ..."), where the headline as shown has a withdrawal step that can end in a transfer
    (:func:`~iopkit.placement.recommendation.transfer_on_condition`): "; if transferred before it is done: at handover
    tell the receiving team that today's C-SSRS screen found a wish to be dead or non-specific suicidal thoughts, and
    ask them for a suicide risk assessment with safety planning, without delaying the transfer". The screens are
    said as the headline tells them at a handover (:func:`_screens_told_in_headline`, physician review R20c, S6), else
    every screen standing in the words every other box's handover says them
    (:func:`~iopkit.placement.recommendation._screened_told`: R31 S2, R38 item 5). Physician review R60, Q2(b), its
    words (cases 223, 352, 506, 652: R58 M1a's transfer at a re-score of 15 or more is said after
    :func:`assessments_asked_if_transferred` read the headline as built; C-SSRS screener triage, Posner et al. 2011:
    a positive screen needs a same-day assessment wherever the patient goes). The last of the boxes' passes
    (:func:`~iopkit.placement.decision.recommend`), so that it reads every transfer the others said. ``rec`` itself
    where the headline says no transfer on a condition, or no box changes.

    Parameters
    ----------
    rec : Recommendation
        The recommendation, its boxes said.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.

    Examples
    --------
    >>> TOLD_IF_TRANSFERRED_BEFORE_DONE.format(screened="today's PHQ-9 item 9 was positive")[:72]
    '; if transferred before it is done: at handover tell the receiving team '
    """
    if not transfer_on_condition(rec.headline):
        return rec
    screened = _screens_told_in_headline(rec).removeprefix("that ") or _screened_told(rec)
    if not screened:
        return rec
    told = TOLD_IF_TRANSFERRED_BEFORE_DONE.format(screened=screened)

    def says(f: Flag) -> str:
        action = f.action
        if f.code not in _SUICIDE_BOXES or _ASSESSED_ON_SITE not in action or _HANDOVER_CLAUSE.search(action):
            return action
        at = action.find(_AFTER_STEPS[0])
        at = len(action) if at < 0 else at
        return f"{action[:at]}{told}{action[at:]}"

    return _boxes_said(rec, says)


#: A box (or a joined box's part) that arranges a transfer, says what is told "if transferred", doses "before transfer"
#: ("a prescriber gives buprenorphine, or methadone ... (...; never prescribed), before transfer only if ..."), or
#: escalates to medically managed withdrawal or a higher level of care (physician review R26b, S9: the headline's sweep,
#: :data:`~iopkit.placement.recommendation.MAY_DOSE`, read over every box, the escalation with it); never the
#: outpatient COWS box's "only for a complicating condition", which the physician case table keeps without a handover
#: (C11-C13, ``tests/test_placement_physician_cases.py``) as the headline does. A positive delirium screen before any
#: dose sends the patient "to the ED by emergency services" (:data:`~iopkit.placement.recommendation._DELIRIUM_TO_ED`,
#: beside a C-SSRS high or moderate risk with an overdose or ingestion, "call emergency services for the ED", physician
#: review R32 (b)): a transfer too, so that the box tells the
#: receiving team as every other box with it does (case 564 of the 800 random cases: an old COWS above 36's boxes told
#: no one; R26b M1 (b), (d): "if transferred" after the dose's re-score, as the headline's step says).
_DELIRIUM_SENT = (_DELIRIUM_TO_ED.removesuffix(")"), f"({DELIRIUM_OR_OVERDOSE}{OVERDOSE_CALL}")
_BOX_TRANSFERS = re.compile(rf"{_TRANSFERS.pattern}|\bbefore transfer\b|{'|'.join(map(re.escape, _DELIRIUM_SENT))}")
#: ... and may give buprenorphine, methadone or a benzodiazepine, in any of the headline's wordings.
_BOX_MAY_DOSE = re.compile(rf"\bfirst dose\b|\bgives buprenorphine\b|{MAY_DOSE.pattern}")
#: The words every handover of a score and dose ends with (physician review R23a, finding 2; R26b, M1).
ANY_DOSE_TOLD = "and any dose with its time"
#: A box's handover clause, to its end (:func:`_handover_clause_end`): one that tells (or gives) the receiving team,
#: or one that only asks them for an assessment (a C-SSRS screen's or PHQ-9 item 9's "if transferred: at handover ask
#: the receiving team for it", :data:`~iopkit.placement.suggest.IF_TRANSFERRED_ASK`), said in one where a box joins
#: both (physician review R30b, should-fix S6: one handover clause a box).
_HANDOVER_CLAUSE = re.compile(r"\b[Aa]t handover (?:(?:tell|give) the receiving team |ask the receiving team for )")
#: How :data:`_HANDOVER_CLAUSE` opens a clause that only asks, and how its request is said among the told parts.
_ASKS_RECEIVING_TEAM = "ask the receiving team for "
_ASKS_THEM = "ask them for "
#: A clause said only if transferred; removed with it where another clause of its box says it (R30b, S6).
_IF_TRANSFERRED = "if transferred: "
#: The withdrawal scores and dose a box's handover told before physician review R26b S9, in its own words: R16's
#: "of the COWS score, any dose with its time, and" (:data:`_COWS_TOLD_AT_HANDOVER`), R15's "of the COWS score and any
#: dose with its time" (:data:`_COWS_HANDOVER`), R13's "the last score and any dose with its time"
#: (:data:`_CIWA_HANDOVER`), the score after a re-score at a rating of 4 ("the score and the screen"), and the
#: ruling's own words (:func:`~iopkit.placement.recommendation.withdrawal_told`, an old complicated CIWA-Ar's re-score).
_SCORES_TOLD = re.compile(
    r"^(?:of the COWS score, any dose with its time, (?=and )|of the COWS score and any dose with its time|"
    r"the last score and any dose with its time|the score and the screen|the last (?:CIWA-Ar|COWS)(?: and COWS)? "
    r"scores? and any dose with its time|the CIWA-Ar re-score, the delirium screen(?:, the last COWS score)? and any "
    r"dose with its time)(?:, )?"
)
#: An old complicated CIWA-Ar re-scored with a delirium screen and treated on the current score (the headline's
#: :data:`~iopkit.placement.recommendation._COMPLICATED_RESCORE`; physician review R26b, M1 (c)).
_RESCORE_AND_SCREEN = f"re-score the CIWA-Ar and {DELIRIUM_SCREEN}"
_TREAT_CURRENT = "treat on the current score"
_TREAT_CURRENT_BEFORE_TRANSFER = f"{_TREAT_CURRENT} ({_FIRST_DOSE_IF_NO_DELAY})"


def _handover_clause_end(action: str, at: int) -> int:
    """Where the handover clause of ``action`` starting at ``at`` ends: its next "; " outside brackets, the bracket
    closing around it, or the end."""
    depth = 0
    for i in range(at, len(action)):
        c = action[i]
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and action.startswith("; ", i):
            return i
    return len(action)


def _box_scores(rec: Recommendation, action: str) -> str:
    """What a box that may dose before a transfer tells the receiving team of the withdrawal: the last CIWA-Ar and
    COWS scores the recommendation's flags treat (the headline's, :func:`~iopkit.placement.recommendation.
    withdrawal_told`) and any dose with its time; after an old complicated CIWA-Ar's re-score, the re-score, the
    delirium screen (and the last COWS score) and any dose with its time (physician review R26b, M1 (c))."""
    alcohol, opioid = _withdrawals_dosed(rec, action)
    if _rescored_with_delirium(action):
        return f"the CIWA-Ar re-score, the delirium screen{', the last COWS score' if opioid else ''} {ANY_DOSE_TOLD}"
    return withdrawal_told(alcohol, opioid)


def _withdrawals_dosed(rec: Recommendation, action: str) -> tuple[bool, bool]:
    """Whether a dose for alcohol withdrawal (the CIWA-Ar), and for opioid withdrawal (the COWS), may have been given
    before a transfer from the box ``action``: a flag of the recommendation that treats it, or the box naming its
    score (:func:`_box_scores`, physician review R26b, S9)."""
    dosed = {f.code for f in rec.flags if f.withdrawn is None and f.action}
    alcohol = bool(dosed & (_CIWA_TREATED | {"complicated_withdrawal"})) or "CIWA-Ar" in action
    opioid = bool(dosed & _COWS_DOSE_CODES) or "COWS" in action
    return alcohol, opioid


def _rescored_with_delirium(action: str) -> bool:
    """Whether ``action`` re-scores an old complicated CIWA-Ar with a delirium screen, treating on the current score
    (:func:`_treated_after_rescore`), or doses after the first step's (:data:`_AFTER_RESCORE_AND_DELIRIUM`: the
    headline tells the same)."""
    after = _AFTER_RESCORE_AND_DELIRIUM.split(" (CAM", 1)[0][1:]  # "fter the first step's ... delirium screen"
    return _treated_after_rescore(action) or after in action


def _treated_after_rescore(action: str) -> bool:
    """Whether ``action`` re-scores an old complicated CIWA-Ar with a delirium screen, then treats on the score."""
    return _RESCORE_AND_SCREEN.lower() in action.lower() and _TREAT_CURRENT in action


#: What a delirium branch's handover tells besides the last CIWA-Ar score, where the box's one clause tells that score
#: already (physician review R30b, should-fix S6: one handover clause a box; R27 S2's words otherwise).
_DELIRIUM_JOINED = _DELIRIUM_TOLD.replace(", the last CIWA-Ar score and", " and", 1)


def _delirium_told(action: str) -> tuple[str, tuple[int, int]]:
    """``action`` with its delirium branch ("if delirium: emergency evaluation: arrange transfer now", before any
    dose) telling the receiving team the delirium screen, the last CIWA-Ar score and any thiamine or glucose given
    with its time, the headline's words, first in the branch's handover clause where it says one (physician review
    R27, S2; R26b, M1 (b): one handover a branch), and where that branch starts and its handover ends (``(0, 0)``
    where the box has no delirium branch)."""
    d = action.find(_DELIRIUM_TRANSFER)
    if d < 0 or _DELIRIUM_JOINED in action:  # no branch, or its handover said in the box's one clause (R30b S6)
        return action, (0, 0)
    staff = action.find(_DELIRIUM_STAFFED, d)
    at = staff + len(_DELIRIUM_STAFFED) if staff >= 0 else _handover_clause_end(action, d + len(_DELIRIUM_TRANSFER))
    if _DELIRIUM_TOLD not in action:
        said = _BRANCH_TOLD.match(action, at)
        told = f"{_DELIRIUM_TOLD}, " if said else f"; at handover tell the receiving team {_DELIRIUM_TOLD}"
        at = said.end() if said else at
        action = action[:at] + told + action[at:]
    at = action.index(_DELIRIUM_TOLD)
    bracket = action.rfind("(", 0, at) > max(action.rfind(")", 0, at), d)
    return action, (d, _handover_clause_end(action, at) + bracket)


#: Where a box's delirium branch stood, while the rest of the box is told its handover (:func:`_dose_told`): a mark
#: no box says, so that the branch is said again in its place after the text before it grew (case 34 of the 800 random
#: cases read "is compliif delirium: ... cated withdrawal" when the branch went back at its old index).
_BRANCH_AT = "\x00"


#: The delirium branch's own handover clause, after its staffing: "; at handover ..." or " (if transferred: ...)".
_BRANCH_TOLD = re.compile(r"(?:; | \(if transferred: )at handover tell the receiving team ")


#: An escalation said as an old CIWA-Ar's re-score decides it (:data:`~iopkit.placement.recommendation.
#: _AT_RESCORE_BOX`): "at a CIWA-Ar re-score".
_AT_CIWA_RESCORE = _AT_RESCORE_BOX.split(" of ", 1)[0]
#: A withdrawal score re-scored after a dose (the place a conditional handover follows it).
_RESCORED_AFTER_DOSE = re.compile(r"re-score the (?:CIWA-Ar|COWS) [^;]*?(?:of a dose|after dosing)")


def _dose_told(rec: Recommendation, action: str) -> str:
    """``action`` (one box) with one handover clause that tells the receiving team the withdrawal scores and any dose
    with its time (:func:`_box_scores`), where the box may give a first dose before a transfer, or arranges a transfer
    (or says "if transferred", or escalates to medically managed withdrawal or a higher level of care) and may give a
    dose (:data:`_BOX_MAY_DOSE`); the clause the box says already carries it first, then what it told before (a
    complicating condition, then the suicide screens), and a second handover clause is said in it (physician review
    R26b, S9; R23a, findings 2 and 4: one clause, the scores and dose before the suicide findings). A delirium branch
    before any dose tells its own (:func:`_delirium_told`). A box that gives no dose but joins two handover clauses
    (dimension 3's rating-below box beside a transfer: a C-SSRS moderate risk's and a positive PHQ-9 item 9's) says
    them as one too (physician review R23a, findings 2-4, as ruled for the headline). ``action`` itself where it tells
    them already, once."""
    action, (d, branch) = _delirium_told(action)
    return _branch_told_once(rec, _main_told(rec, action, d, branch))


def _main_told(rec: Recommendation, action: str, d: int, branch: int) -> str:
    """:func:`_dose_told` for ``action`` without its delirium branch (``action[d:branch]``, said again where it
    stood)."""
    # the box without its delirium branch, which gives no dose; the branch said again where it stood, however the text
    # before it grew (:data:`_BRANCH_AT`)
    rest = action[:d] + (_BRANCH_AT if branch else "") + action[branch:]
    # two old withdrawals' emergency branch's own first dose before its transfer (physician review R51) is not the
    # box's dose before transfer: the box's handover stays where it stood, after the escalation it follows
    dose = DOSE_BEFORE_TRANSFER.search(_BOTH_SEVERE_OWN.sub(lambda m: " " * len(m[0]), rest))
    clauses = list(_HANDOVER_CLAUSE.finditer(rest))
    if dose is None and not (_BOX_TRANSFERS.search(rest) and _BOX_MAY_DOSE.search(rest)):
        if len(clauses) < 2:
            return action
        # no dose to tell: the joined box's clauses (dimension 3's suicide screens) said as one all the same
        return _told_once(rest, clauses, "", screens=_named_if_asked(rec, clauses)).replace(
            _BRANCH_AT, action[d:branch], 1
        )
    if ANY_DOSE_TOLD in rest and len(clauses) <= 1:
        return action
    scores = _box_scores(rec, rest)
    if _treated_after_rescore(rest) and _TREAT_CURRENT_BEFORE_TRANSFER not in rest:
        rest = rest.replace(_TREAT_CURRENT, _TREAT_CURRENT_BEFORE_TRANSFER, 1)  # the headline's words (R26b M1 (c))
        clauses = list(_HANDOVER_CLAUSE.finditer(rest))
    if clauses:
        rest = _told_once(rest, clauses, scores, screens=_named_if_asked(rec, clauses))
    else:
        rest = _told_after_dose(rest, dose, scores)
    return rest.replace(_BRANCH_AT, action[d:branch], 1)


#: A delirium branch's handover said in a bracket after its staffing (:data:`~iopkit.placement.resolution.
#: IF_TRANSFERRED_TOLD`), and that bracket's end.
_BRANCH_BRACKET = re.compile(
    rf" \(({re.escape(_IF_TRANSFERRED)}at handover tell the receiving team {re.escape(_DELIRIUM_TOLD)}[^()]*"
    r"(?:\([^()]*\)[^()]*)*?); do not delay the transfer for it\)"
)


def _branch_told_once(rec: Recommendation, action: str) -> str:
    """``action`` (one box, its handover said by :func:`_main_told`) with its delirium branch's own handover clause
    (:func:`_delirium_told`) said in the box's other clause: one handover clause a box, in the headline's order: the
    withdrawal scores and any dose with its time, the delirium screen and any thiamine or glucose given with its time,
    what else the box told, the suicide screens, the requests, the end once (physician review R30b, should-fix S6;
    cases 6, 34, 126, 616 and 780 of the 800 random cases told the receiving team twice). ``action`` itself where the
    branch's clause is the box's only one.

    Examples
    --------
    >>> _DELIRIUM_JOINED
    'the delirium screen and any thiamine or glucose given with its time'
    """
    if _DELIRIUM_TRANSFER not in action or len(_HANDOVER_CLAUSE.findall(action)) < 2:
        return action
    # the bracket's form said as a clause: "; if transferred: at handover tell ... (do not delay the transfer for it)"
    action = _BRANCH_BRACKET.sub(r"; \1 (do not delay the transfer for it)", action, count=1)
    clauses = list(_HANDOVER_CLAUSE.finditer(action))
    branch = next((m for m in clauses if action.startswith(_DELIRIUM_TOLD, m.end())), None)
    main = next((m for m in clauses if m is not branch), None)
    if branch is None or main is None:
        return action
    told = action[main.end() : _handover_clause_end(action, main.end())]
    scores = _box_scores(rec, action) if ANY_DOSE_TOLD in told else ""
    # the branch's screens a clause of their own, so that the box's screens are said once (:func:`_screens_once`)
    said = _DELIRIUM_JOINED if "CIWA-Ar" in scores else _DELIRIUM_TOLD
    at = branch.end() + len(_DELIRIUM_TOLD)
    more = f"; {branch[0]}" if action.startswith(", that ", at) else ""
    action = f"{action[: branch.end()]}{said}{more}{action[at:].removeprefix(', ' if more else '')}"
    clauses = list(_HANDOVER_CLAUSE.finditer(action))
    kept = next(k for k, m in enumerate(clauses) if not action.startswith((_DELIRIUM_TOLD, _DELIRIUM_JOINED), m.end()))
    kept = kept if not more or clauses[kept].start() != branch.end() + len(said) + 2 else kept + 1
    return _told_once(action, clauses, scores, kept, _named_if_asked(rec, clauses))


def _named_if_asked(rec: Recommendation, clauses: list[re.Match[str]]) -> str:
    """Every suicide screen the headline tells (:func:`~iopkit.placement.recommendation._screened_told`) where one of a
    box's handover ``clauses`` only asks the receiving team (its screen told in no clause); else ``""``."""
    return _screened_told(rec) if any(m[0].endswith(_ASKS_RECEIVING_TEAM) for m in clauses) else ""


#: A request whose "it" a box read alone on the chart leaves without its antecedent: "... and ask them for it", "at
#: handover ask the receiving team for it" (physician review R30b, should-fix S9 (b)).
_ASKED_FOR_IT = re.compile(r"\b(ask (?:them|the receiving team) for) it\b")


def _assessment_named(rec: Recommendation, action: str) -> str:
    r"""``action`` (dimension 3's rating-below box) with what it asks the receiving team for named: "a suicide risk
    assessment", "with safety planning" where a finding handed over calls for it (C-SSRS moderate risk, as the
    headline says it, :func:`~iopkit.placement.recommendation._safety_planned`), "the emergency evaluation for suicide
    risk" beside a C-SSRS high risk (physician review R30b, should-fix S9 (b): "the box is read alone on the chart,
    'it' has no antecedent there").

    Examples
    --------
    >>> _ASKED_FOR_IT.sub(r"\1 X", "at handover ask the receiving team for it (do not delay the transfer for it)")
    'at handover ask the receiving team for X (do not delay the transfer for it)'
    """
    if not _ASKED_FOR_IT.search(action):
        return action
    if any(f.code == "suicide_risk_high" and f.withdrawn is None for f in rec.flags):
        asked = "the emergency evaluation for suicide risk"
    else:
        asked = _ASSESSMENT_ASKED.removeprefix(_ASKS_THEM) + (WITH_SAFETY_PLANNING if _safety_planned(rec) else "")
    return _ASKED_FOR_IT.sub(lambda m: f"{m[1]} {asked}", action)


def _finding_told(rec: Recommendation, flag: Flag, action: str) -> str:
    """``action`` (a box) whose "if transferred: at handover ask the receiving team for it" names neither the finding
    nor the request telling both, as the headline and dimension 3's box say them: "if transferred: at handover tell
    the receiving team that today's C-SSRS screen found a wish to be dead or non-specific suicidal thoughts, and ask
    them for a suicide risk assessment (do not delay the transfer for it)" (every suicide screen the headline tells,
    :func:`~iopkit.placement.recommendation._screened_told`; the request named as :func:`_assessment_named` names it).
    Physician review R31, should-fix S2: read alone on the chart, the box sent the patient with the request and
    without the finding behind it (Joint Commission NPSG 15.01.01; C-SSRS screener triage, Posner et al. 2011); the
    same in dimension 3's rating-below box, its request named already (R32, should-fix S6).
    ``action`` itself where it does not say that request, no screen is told, or ``flag`` (the box's) is a blank
    question's worst case (its box asks the question first: "Ask item 9 now ...") but a blank PHQ-9 item 9's, whose
    request is named and the item told "not asked" as the headline tells it (physician review R32, should-fixes S7
    and S8: beside an old severe CIWA-Ar it said "ask the receiving team for it")."""
    found = _ASKED_IF_TRANSFERRED.search(action)
    if found is None or (flag.worst_case and not _blank_item9(flag)):
        return action
    screens = _screened_told(rec)
    if not screens:
        return action
    asked = found["asked"]
    if asked == "it":
        asked = _assessment_named(rec, f"{_ASKS_RECEIVING_TEAM}it").removeprefix(_ASKS_RECEIVING_TEAM)
    asked += found["once"] or ""  # R50 S1: the headline's "once the patient is able to answer", kept
    told = (
        f"{_IF_TRANSFERRED}at handover tell the receiving team {ASSESSMENT_TOLD.format(screened=screens, asked=asked)}"
    )
    return f"{action[: found.start()]}{told}{action[found.end() :]}"


#: A request said only if transferred that tells no finding: a suicide-risk box's "ask the receiving team for it", and
#: dimension 3's rating-below box's, its request named (:func:`_assessment_named`; physician review R32, should-fix S6).
_ASKED_IF_TRANSFERRED = re.compile(
    r"if transferred: at handover ask the receiving team for (?P<asked>it|a suicide risk assessment(?: with safety "
    r"planning)?|the emergency evaluation for suicide risk)(?P<once> once the patient is able to answer)? \(do not "
    r"delay the transfer for it\)"
)


def _told_after_dose(action: str, dose: re.Match[str] | None, scores: str) -> str:
    """``action`` (a box that hands over to no one yet) telling the receiving team ``scores``: after an old
    complicated CIWA-Ar's "treat on the current score (a first dose before transfer ...)" (R26b M1 (c), R23b A1's
    words); else after its first dose before transfer (``dose``), as the headline; else, a dose under other words,
    after the transfer or escalation that follows it, else "if transferred" after the dose's re-score (R26b M1 (b),
    (d))."""
    treated = action.find(_TREAT_CURRENT_BEFORE_TRANSFER)
    branch = action.find(OLD_MODERATE_CIWA_EVALUATION_BRANCH)
    if treated >= 0:
        at = treated + len(_TREAT_CURRENT_BEFORE_TRANSFER)
    elif dose is not None and branch >= 0 and branch < dose.start() < branch + len(OLD_MODERATE_CIWA_EVALUATION_BRANCH):
        # R60 Q3 (ii)'s first dose, in its bracket since physician review R65, F3: told after the branch, where it was
        at = branch + len(OLD_MODERATE_CIWA_EVALUATION_BRANCH)
    elif dose is not None:
        at = _handover_clause_end(action, dose.end())
    else:
        may = _BOX_MAY_DOSE.search(action)
        assert may is not None
        after = _BOX_TRANSFERS.search(action, may.end()) or _RESCORED_AFTER_DOSE.search(action, may.end())
        at = _handover_clause_end(action, (after or may).end())
        if action.endswith(_UNTIL_HANDOVER, 0, at + 1):  # the sedation watch's own bracket: told after it (R31 S1)
            at += 1
    conditional = dose is None and treated < 0 and not _BOX_TRANSFERS.match(action, _clause_start(action, at))
    # an escalation as an old CIWA-Ar's re-score decides it (R27 M2's words): told if transferred, as the headline
    # tells it after the same words (physician review R28, M2; R27 M1)
    start = action.rfind("; ", 0, at) + 2
    # R53 B: the branch's capacity clause after its transfer (with the driving rule after it: R74, must-fix 1)
    for declined in (DECLINES_NOT_DRIVING, DECLINES_TRANSFER):
        if action.endswith(f"{declined}; ", 0, start):
            start -= len(declined) + 2
            break
    if action.endswith(f"{SEVERE_ALONGSIDE_TRANSFER}; ", 0, start):  # R50 S3: the branch's transfer with its staff
        start = action.rfind("; ", 0, start - len(SEVERE_ALONGSIDE_TRANSFER) - 2) + 2
    conditional = conditional or action.startswith(_AT_CIWA_RESCORE, start)
    told = f"; {'if transferred: ' if conditional else ''}at handover tell the receiving team {scores}"
    return action[:at] + told + action[at:]


#: R24b finding 2's handover of a COWS box beside an old complicated CIWA-Ar's re-score (:data:`_COWS_AND_CIWA_TOLD`):
#: said in another clause, its pregnancy kept after the scores and dose.
_PREGNANCY_TOLD = _COWS_AND_CIWA_TOLD.removeprefix("at handover tell the receiving team ")


def _told_once(
    action: str, clauses: list[re.Match[str]], scores: str, kept: int | None = None, screens: str = ""
) -> str:
    """``action`` with its handover ``clauses`` said as one, at the first (without ``scores``, at the clause a lead
    opens whose request is "it", :func:`_kept_clause`): ``scores`` first, then what each told besides the withdrawal
    scores and dose (:data:`_SCORES_TOLD`), a complicating condition before the suicide screens, the screens said in
    one part (:func:`_screens_once`) (physician review R23a, finding 4; R26b, S9: never two handover clauses in one
    box). A clause that only asks the receiving team for an assessment is said in the other (its request after the
    screens), an "if transferred: " before it dropped with it; ``kept`` names the clause that says them all, else the
    one :func:`_kept_clause` finds; ``screens``, where given, the suicide screens every part tells, as the headline
    names them (physician review R30b, should-fix S6: one clause a box, in the headline's order: the withdrawal scores
    and any dose with its time, the suicide screens told, the requests)."""
    told, spans = [], []
    for m in clauses:
        end = _handover_clause_end(action, m.end())
        rest = action[m.end() : end].replace(_PREGNANCY_TOLD, "any pregnancy")  # R24b 2's, the scores said first
        rest = _SCORES_TOLD.sub("", rest).removeprefix("of ")
        asks = m[0].endswith(_ASKS_RECEIVING_TEAM)
        told.append(f"{_ASKS_THEM}{rest}" if asks else f"and {rest}" if rest.startswith("any ") else rest)
        spans.append((m.start(), end))
    if kept is None:
        kept = 0 if scores else _kept_clause(action, clauses, told)
    told = [part for t in [told[kept], *told[:kept], *told[kept + 1 :]] for part in _screens_apart(t)]
    told = _screens_once(told, screens)
    # the scores and dose, what else each told (the delirium screen, then "and any ..."), the screens, the requests
    told = sorted(told, key=lambda t: (t.startswith(_ASKS_THEM), t.startswith("that "), t.startswith("and ")))
    parts = list(dict.fromkeys(filter(None, [scores, *told])))
    # "and" before a request, and before the screens after an "and any ..." (R24b, R26b S9's words kept)
    said = ", ".join(
        f"and {t}"
        if k and (t.startswith(_ASKS_THEM) or (t.startswith("that ") and parts[k - 1].startswith("and ")))
        else t
        for k, t in enumerate(parts)
    )
    capital = action[:1].isupper()
    for k, (start, end) in sorted(enumerate(spans), key=lambda ks: ks[1], reverse=True):
        if k == kept:
            opens = "tell the receiving team "
            if said.startswith(_ASKS_THEM):  # nothing told, only asked
                opens, said = _ASKS_RECEIVING_TEAM, said.removeprefix(_ASKS_THEM)
            action = f"{action[:start]}{action[start]}t handover {opens}{said}{action[end:]}"
            continue
        if action[:start].endswith(f"; {_IF_TRANSFERRED}"):  # said only if transferred: its condition with it
            start -= len(_IF_TRANSFERRED)
        if action[start - 2 : start] == "; ":  # another clause said in the kept one, with the "; " before it
            action = action[: start - 2] + action[end:]
        else:  # ... or the "; " after it, where it opened the box
            action = action[:start] + action[end:].removeprefix("; ")
    return action[:1].upper() + action[1:] if capital else action


#: Where a clause's suicide screens follow what else it told ("and any complicating condition (...), and that the
#: C-SSRS screen ..."), outside brackets.
_SCREENS_FOLLOW = re.compile(r", (?:and )?(?=that )")


def _screens_apart(told: str) -> list[str]:
    """What one handover clause ``told``, its suicide screens (with their request) a part of their own, so that a box's
    screens are said once (:func:`_screens_once`; physician review R30b, should-fix S6: case 780's d1 box told the
    C-SSRS screen twice).

    Examples
    --------
    >>> _screens_apart("and any complicating condition (a, b), and that today's PHQ-9 item 9 was positive, and ask x")
    ['and any complicating condition (a, b)', "that today's PHQ-9 item 9 was positive, and ask x"]
    """
    for m in _SCREENS_FOLLOW.finditer(told):
        if told.count("(", 0, m.start()) == told.count(")", 0, m.start()):
            return [told[: m.start()], told[m.end() :]]
    return [told]


def _kept_clause(action: str, clauses: list[re.Match[str]], told: list[str]) -> int:
    """Which of a box's handover ``clauses`` says the others (:func:`_told_once`): the one a lead opens whose request
    is "it", or names it (a C-SSRS moderate risk's "Behavioural-health evaluation and safety planning: at handover tell
    the receiving team that ... and ask them for it"), so that the request keeps its lead; else the first said
    whatever the transfer (not "if transferred: ", physician review R30b, S6: a PHQ-9 item 9's handover beside a
    transfer now is not made conditional by a C-SSRS screen's "if transferred: at handover ask the receiving team for
    it"); else the first."""
    for k, m in enumerate(clauses):
        lead = action[max(m.start() - 2, 0) : m.start()] == ": " and not action[: m.start()].endswith(_IF_TRANSFERRED)
        if lead and f" {_ASKS_THEM}" in f" {told[k]}":  # its request named or "it" (R30b S9 (b))
            return k
    return next((k for k, m in enumerate(clauses) if not action[: m.start()].endswith(_IF_TRANSFERRED)), 0)


#: What a box's handover tells of the suicide screens: the screens ("that today's C-SSRS screen was moderate risk"),
#: then the request ("ask them for it"), and its end ("(do not delay the transfer for it)", ", without delaying the
#: transfer").
_SCREENS_ASKED = re.compile(
    r"^(?:(?P<screens>that .*?),? and )?(?P<ask>ask them for .*?)"
    r"(?P<end> \(do not delay the transfer for it\)|, without delaying the transfer)?$"
)
#: A request the evaluation a lead names ("it") covers (physician review R25b: the suicide risk assessment asked once).
_ASSESSMENT_ASKED = "ask them for a suicide risk assessment"


def _screens_once(told: list[str], named: str = "") -> list[str]:
    """``told`` (what each handover clause of a box tells, the kept clause's first) with the suicide screens of its
    parts said in one part, the first's place, as the headline says them (:data:`~iopkit.placement.resolution.
    SCREENED_AT_HANDOVER`; physician review R23a, findings 4 and 7): each screen, the C-SSRS first, joined by " and ",
    a comma before the request, the requests and end said once; a suicide risk assessment another part asks for is
    covered where the first asks for "it", its lead's evaluation (physician review R25b: asked once), or where it asks
    for the same assessment with more (" with safety planning"), else asked after it. A part that only asks (no screen
    told: a C-SSRS screen's "if transferred: at handover ask the receiving team for ...") joins them; its screens are
    then ``named`` (every screen the headline tells, :func:`~iopkit.placement.recommendation._screened_told`) where
    given (physician review R30b, should-fix S6).

    Examples
    --------
    >>> _screens_once(["that today's C-SSRS screen was moderate risk and ask them for it (do not delay the transfer "
    ...     "for it)", "that the PHQ-9 item 9 of 20 Nov 2026 was positive and ask them for a suicide risk assessment "
    ...     "(do not delay the transfer for it)"])  # doctest: +NORMALIZE_WHITESPACE
    ["that today's C-SSRS screen was moderate risk and that the PHQ-9 item 9 of 20 Nov 2026 was positive, and ask
    them for it (do not delay the transfer for it)"]
    >>> _screens_once(["ask them for a suicide risk assessment (do not delay the transfer for it)", "that today's "
    ...     "PHQ-9 item 9 was positive and ask them for a suicide risk assessment (do not delay the transfer for it)"],
    ...     "today's C-SSRS screen was low risk and that today's PHQ-9 item 9 was positive")
    ... # doctest: +NORMALIZE_WHITESPACE
    ["that today's C-SSRS screen was low risk and that today's PHQ-9 item 9 was positive, and ask them for a suicide
    risk assessment (do not delay the transfer for it)"]
    """
    parts = [(k, m) for k, t in enumerate(told) if (m := _SCREENS_ASKED.match(t))]
    if len(parts) < 2:
        return told
    (first, m), *others = parts
    screens = sorted(
        dict.fromkeys(p["screens"] for _k, p in parts if p["screens"]), key=lambda screen: "C-SSRS" not in screen
    )
    if named and any(p["screens"] is None for _k, p in parts):
        screens = [f"that {named}"]
    asks: list[str] = []
    for _k, p in parts:
        ask = p["ask"]
        covered = any(
            ask == said
            or said.startswith(f"{ask} ")
            or (said == f"{_ASKS_THEM}it" and ask.startswith(_ASSESSMENT_ASKED))
            for said in asks
        )
        asks = asks if covered else [said for said in asks if not ask.startswith(f"{said} ")] + [ask]
    ask = " and ".join([asks[0], *(a.removeprefix("ask them ") for a in asks[1:])])
    end = next((p["end"] for _k, p in parts if p["end"]), "")
    said = f"{' and '.join(screens)}, and {ask}{end}" if screens else f"{ask}{end}"
    joined = {k for k, _m in others}
    return [said if k == first else t for k, t in enumerate(told) if k not in joined]


#: Dimension 3's rating-below box, whose request is named (:func:`_assessment_named`).
_D3_BOX = "rated_below_suggestion_d3"


def doses_told_at_handover(rec: Recommendation, rated_below_only: bool = False) -> Recommendation:
    """``rec`` with every box that arranges a transfer (or says "if transferred", or escalates to medically managed
    withdrawal or a higher level of care) and may give buprenorphine, methadone or a benzodiazepine telling the
    receiving team, in its one handover clause, the last CIWA-Ar and COWS scores (those that apply) and any dose with
    its time, after an old complicated CIWA-Ar's re-score the re-score, the delirium screen and any dose with its time
    (:func:`_dose_told`): the headline's words in every box (physician review R26b, should-fix S9, R23a finding 2, R26b
    M1: "an ED that is not told can stack doses or misread the next score"; ASAM Alcohol Withdrawal Management
    Guideline 2020; ASAM National Practice Guideline for OUD 2020; Joint Commission Sentinel Event Alert 58, I-PASS).
    ``rec`` itself where no box changes.

    Parameters
    ----------
    rec : Recommendation
        The recommendation, its boxes said (:func:`assessment_asked_once` and before).
    rated_below_only : bool
        Only the rating-below boxes: a stored placement read back, whose rating-below boxes are said again by today's
        rule and every other box reads as stored (:meth:`~iopkit.placement.Placement.from_dict`).

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself (a box that tells them already is unchanged).
    """
    flags = tuple(
        replace(
            f,
            action=_finding_told(
                rec, f, _dose_told(rec, _assessment_named(rec, f.action) if f.code == _D3_BOX else f.action)
            ),
        )
        if f.action and (not rated_below_only or f.code.startswith("rated_below_suggestion_d"))
        else f
        for f in rec.flags
    )
    return replace(rec, flags=flags, raised=rec.raised or rec.flags) if flags != rec.flags else rec


#: An old CIWA-Ar's re-score in a box (physician review R25b: a COWS box beside it may give a benzodiazepine too).
_CIWA_RESCORE_IN_BOX = re.compile(r"(?i)CIWA-Ar re-score|re-score the CIWA-Ar")


def _box_gives_both(action: str) -> bool:
    """Whether the box ``action`` itself may give buprenorphine or methadone and a benzodiazepine: the sedation watch
    naming both (physician review R31, S1), or a COWS dose (its re-score after dosing) beside a dose for alcohol
    withdrawal or an old CIWA-Ar's re-score (R25b). Physician review R22, should-fix S1: the benzodiazepine named only
    where it is given (a box giving one kind says :data:`~iopkit.flags.IF_DOSED_NO_DRIVING`)."""
    if BENZODIAZEPINE_MONITORING in action:
        return True
    return bool(
        _COWS_AFTER_DOSING.search(action)
        and (_GIVES_BENZODIAZEPINE.search(action) or _CIWA_RESCORE_IN_BOX.search(action))
    )


def _dose_driving(action: str, opioid: bool, both: bool) -> str:
    """A box ``action`` that may give a dose (:data:`_BOX_MAY_DOSE`, :data:`_DOSE_VERB`) with the dose's driving advice
    said once after its steps: :data:`~iopkit.flags.ANY_DOSE_NO_DRIVING` where the visit may give buprenorphine or
    methadone and a benzodiazepine (``both``) and the box itself may give both (:func:`_box_gives_both`; R22 S1), else
    :data:`~iopkit.flags.IF_DOSED_NO_DRIVING`; the old complicated
    CIWA-Ar's "no benzodiazepine is given today" naming buprenorphine and methadone beside an opioid withdrawal step
    (``opioid``: :func:`~iopkit.placement.suggest.doses_named`). ``action`` itself where it gives no dose or says a
    dose's driving clause, or an outright "the patient must not drive", already (the headline's rule, :data:`~iopkit.
    placement.recommendation._DOSE_DRIVING_SAID_IN_BOX`). An intoxicated patient's "(... the patient must not drive
    today)" is not a dose's: read alone, such a box let the dosed patient drive (physician review R31, must-fix M5;
    benzodiazepine, buprenorphine and methadone labels: impaired driving; FDA Drug Safety Communication, 20 Sep 2017).
    """
    action = doses_named(action, opioid)
    if not (_BOX_MAY_DOSE.search(action) or _DOSE_VERB.search(action)):
        return action
    checked = _COWS_37_OWN.sub("", _BOTH_SEVERE_OWN.sub("", action))
    if _LEAVES_AFTER_DOSE in action:  # a dose before the patient leaves: an old severe CIWA-Ar's transfer's is not its
        checked = _OLD_SEVERE_OWN.sub("", checked)
    if _DOSE_DRIVING_SAID_IN_BOX.search(action) or _NO_DRIVING_OUTRIGHT.search(checked):
        return action
    # after the box's steps, before a rating-below box's record of its reason or the induction threshold's note, and
    # before R31 M2's emergency branch with its own "the patient must not drive"
    ends = [at for after in (*_AFTER_STEPS, f"; {_BOTH_SEVERE_AT}") if (at := action.find(after)) >= 0]
    end = min(ends, default=len(action.rstrip(". ")))
    said = ANY_DOSE_NO_DRIVING if both and _box_gives_both(action) else IF_DOSED_NO_DRIVING
    return f"{action[:end]}; {said}{action[end:]}"


#: Two old withdrawals' emergency branch (a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more: physician
#: review R31, must-fix M2) with its own "the patient must not drive": the transfer's, not a dose's (the branches
#: exclude each other); the box's other branches, which may dose, say the dose's driving advice before it (R31 M5).
_BOTH_SEVERE_OWN = re.compile(
    rf"; {re.escape(_BOTH_SEVERE_AT)}[^;]*(?:; (?!the patient)[^;]*)*?; the patient must not drive(?=;|$)"
)
#: An old severe CIWA-Ar's transfer branch ("if still 15 or more, ... arrange transfer now ...") with its own "the
#: patient must not drive" (physician review R26a, M1): the transfer's, not the dose the box gives before the patient
#: leaves (:data:`_LEAVES_AFTER_DOSE`; physician review R33, must-fix: cases 125 and 470's dimension-1 box).
_OLD_SEVERE_OWN = re.compile(r"if still 15 or more[^.]*?; the patient must not drive(?=;)")
_LEAVES_AFTER_DOSE = "treats withdrawal now, before the patient leaves"
#: An old COWS's re-score with alcohol withdrawal alongside, its branch at 37 or more (the emergency evaluation and its
#: transfer) with its own "the patient must not drive" after the capacity clause (physician review R73, must-fix 1a):
#: the transfer's, not the dose its 13-36 branch may give, which keeps the dose's driving advice (R31 M5).
_COWS_37_OWN = re.compile(
    rf"if (?:still )?37 or more: emergency evaluation now: (?:[^.]|\.\d)*?{re.escape(DECLINES_NOT_DRIVING)}(?=;)"
)
#: What follows a box's steps: a rating-below box's record of its reason (:func:`~iopkit.placement.recommendation.
#: _below`), the buprenorphine induction threshold's note on other protocols (``iopkit.instruments.cows``).
_AFTER_STEPS = ("; record the reason for the lower rating with the placement decision", ". Fentanyl-era protocols")


#: The COWS boxes whose driving advice names every dose beside alcohol withdrawal (:func:`_cows_any_dose`): the COWS
#: bands a prescriber treats; dimension 1's rating-below box where it carries the COWS's words.
_COWS_DOSE_BOXES = frozenset(
    {"severe_opioid_withdrawal", "moderately_severe_opioid_withdrawal", "moderate_opioid_withdrawal"}
)


def _cows_any_dose(code: str, action: str, both: bool) -> str:
    """A COWS box ``action`` (``code`` in :data:`_COWS_DOSE_BOXES`, or ``rated_below_suggestion_d1`` carrying the
    COWS's words) saying :data:`~iopkit.flags.ANY_DOSE_NO_DRIVING` for :data:`~iopkit.flags.IF_DOSED_NO_DRIVING`
    where the visit may give a benzodiazepine too (``both``: a CIWA-Ar of any day in a band iopkit treats, 8 or more, or
    complicated withdrawal, beside the COWS's dose; :func:`dose_driving_in_boxes`); ``action`` itself otherwise (no
    CIWA-Ar, or a mild one: "if a dose is given: the patient must not drive today", physician review R33, S4).
    Physician review R38, S2 (item 4's rule), the physician's words: a COWS box "says 'if any dose is given (a
    benzodiazepine, buprenorphine or methadone): the patient must not drive today' when the case has a CIWA-Ar (today
    or dated) last scored 8 or more, or complicated (cmp15) or with hallucinations (hal10)" (e.g. cases 17, 29, 55, 127,
    245, 252). The buprenorphine induction threshold's box keeps its words: the review leaves cases 33, 135, 312 and
    563 as they are, whose only such box it is.

    Examples
    --------
    >>> print(_cows_any_dose("moderate_opioid_withdrawal", f"x; re-score the COWS; {IF_DOSED_NO_DRIVING}", True))
    ... # doctest: +NORMALIZE_WHITESPACE
    x; re-score the COWS; if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not
    drive today
    >>> print(_cows_any_dose("moderate_opioid_withdrawal", f"x; {IF_DOSED_NO_DRIVING}", False))
    x; if a dose is given: the patient must not drive today
    """
    cows = code in _COWS_DOSE_BOXES or (code == "rated_below_suggestion_d1" and "COWS" in action)
    if not (both and cows):
        return action
    return action.replace(IF_DOSED_NO_DRIVING, ANY_DOSE_NO_DRIVING)


def dose_driving_in_boxes(rec: Recommendation, rated_below_only: bool = False) -> Recommendation:
    """``rec`` with every box that may give a dose saying the dose's driving advice once (:func:`_dose_driving`;
    physician review R31, must-fix M5; R30b, should-fix S9 (a): the doses named as the visit may give them), ``rec``
    itself where no box changes.

    Parameters
    ----------
    rec : Recommendation
        The recommendation, its boxes said.
    rated_below_only : bool
        Only the rating-below boxes, as a stored placement is read back (:func:`doses_told_at_handover`;
        :meth:`~iopkit.placement.Placement.from_dict`).

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.
    """
    opioid = opioid_dose_step(rec)
    both = opioid and alcohol_dose_step(rec)
    watch = _sedation_watch_beside_old_moderate(rec)
    return _boxes_said(
        rec,
        lambda f: (
            _watched(_cows_any_dose(f.code, _dose_driving(f.action, opioid, both), both), watch)
            if f.action and (not rated_below_only or f.code.startswith("rated_below_suggestion_d"))
            else f.action
        ),
    )


def _sedation_watch_beside_old_moderate(rec: Recommendation) -> str:
    """The benzodiazepine's sedation watch as the headline says it (:data:`_HEADLINE_MONITORING`: "... while the
    patient is on site", "... until the evaluation or handover") beside an old moderate CIWA-Ar's re-score and today's
    COWS (:func:`~iopkit.placement.recommendation.old_moderate_ciwa_beside_cows`, physician review R28, M2), its
    driving part dropped (the box says its own, :data:`~iopkit.flags.ANY_DOSE_NO_DRIVING`); ``""`` where the case is
    not that or the headline says no watch. Physician review R30b, should-fix S3: "R28 M2's COWS box lacks the
    sedation watch" (cases 33, 135, 312 and 563 of the 800: the COWS box and dimension 1's rating-below box said the
    dose's driving rule, not the watch the headline says; FDA Drug Safety Communication, 20 Sep 2017)."""
    raised = as_raised(rec)
    if old_moderate_ciwa_beside_cows(raised) is None:
        return ""
    return _headline_watch(rec, alone=True)  # R47


#: The sedation watch a box says on its own where the headline's watch "until handover" is its conditional transfer's
#: and a path without transfer doses before the patient leaves (:func:`_headline_watch`): physician review R47's words.
_BOTH_PATHS_WATCHED = f"{BENZODIAZEPINE_UNTIL_HANDOVER} or while the patient is on site"
#: A headline sentence that transfers only at a re-score ("At a CIWA-Ar re-score of 8 or more ...: arrange transfer
#: now ...") and the sentence after it that doses without transfer ("Otherwise ... before the patient leaves").
#: (A sentence ends at ". "; "3.7-WM" is inside one.)
_CONDITIONAL_TRANSFER = re.compile(r"(?:^|\. )At a (?:[^.]|\.(?! ))*? re-score of (?:[^.]|\.(?! ))*")
_OTHERWISE_ON_SITE = re.compile(r"\. Otherwise (?:[^.]|\.(?! ))*?before the patient leaves")


def _headline_watch(rec: Recommendation, alone: bool = False) -> str:
    """The benzodiazepine's sedation watch as the headline says it first (:data:`_HEADLINE_MONITORING`), its driving
    part dropped (a box says its own); ``""`` where the headline says none. ``alone``: as a box says it on its own, not
    inside a transfer branch of its own: where the headline's watch is "until handover" said inside a transfer the
    headline arranges only at a re-score (:data:`_CONDITIONAL_TRANSFER`) and its next sentence doses without transfer,
    before the patient leaves (:data:`_OTHERWISE_ON_SITE`), the box covers both paths, "... until handover or while the
    patient is on site" (:data:`_BOTH_PATHS_WATCHED`; physician review R47: the buprenorphine induction threshold's box
    beside an old moderate CIWA-Ar re-scored before today's COWS above 36, cases 249 and 657 of the 800, and 88)."""
    m = _HEADLINE_MONITORING.search(rec.headline)
    if not m:
        return ""
    watch = m[0].replace(_AND_NO_DRIVING, "")
    if alone and watch == BENZODIAZEPINE_UNTIL_HANDOVER:
        for branch in _CONDITIONAL_TRANSFER.finditer(rec.headline):
            if branch.start() <= m.start() < branch.end() and _OTHERWISE_ON_SITE.match(rec.headline, branch.end()):
                return _BOTH_PATHS_WATCHED
    return watch


def _box_watch(rec: Recommendation) -> str:
    """The sedation watch a box says on its own (:func:`sedation_watch_in_boxes`): the headline's as a box says it
    alone (:func:`_headline_watch`, physician review R47), else :data:`_WATCHED` ("... while the patient is on site (if
    transferred: until handover)"), beside a C-SSRS high risk that stands (:func:`_confirmed_high`) "... until the
    evaluation or handover" (:data:`~iopkit.placement.recommendation.BENZODIAZEPINE_UNTIL_EVALUATION`: physician
    review R11, must-fix 2d (a), never "while the patient is on site" there)."""
    return _headline_watch(rec, alone=True) or (BENZODIAZEPINE_UNTIL_EVALUATION if _confirmed_high(rec) else _WATCHED)


def sedation_watch_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with every box that says :data:`~iopkit.flags.ANY_DOSE_NO_DRIVING` ("if any dose is given (a
    benzodiazepine, buprenorphine or methadone): the patient must not drive today"), or beside two withdrawals
    :data:`~iopkit.flags.IF_DOSED_NO_DRIVING` ("if a dose is given: the patient must not drive today"), and no sedation
    watch saying the watch right before that clause (:func:`_watched`), its tail as the headline's watch says it
    (:func:`_headline_watch`: "until handover", "while the patient is on site", "while the patient is on site (if
    transferred: until handover)", "until handover or while the patient is on site"), else as :func:`_box_watch` says
    it; ``rec`` itself where no box changes. Physician review R46, Q2, the physician's rule: "every box that contains
    'if any dose is given (a benzodiazepine, buprenorphine or methadone)' also says the watch. That clause itself tells
    the card's reader that both drugs may be given, and the alcohol card's watch is not on this card" (FDA Drug Safety
    Communication, 20 Sep 2017, ``fda_bup_benzo2017``). Physician review R50, S2: beside two withdrawals (a step may
    give buprenorphine or methadone and a step a benzodiazepine: :func:`~iopkit.placement.recommendation.
    opioid_dose_step` and :func:`~iopkit.placement.recommendation.alcohol_dose_step`, as
    :func:`dose_driving_in_boxes` reads them for R46's clause) the boxes ending "if a dose is given: the patient must
    not drive today" (the buprenorphine induction threshold's, the moderate CIWA-Ar's, CIWA-Ar item 10 at 1's) say the
    watch before it too, its tail the headline's watch; where the headline says no watch (it gives no dose step of its
    own), the tail the case's sibling boxes' watch says (:func:`_siblings_watch`, where they say one; physician review
    R52, ruling 1: cases 419, 450, 646 and 700 of the 800, the highest sedation risk, whose boxes dose both); where one
    withdrawal only is in play no box says it. Among the boxes' last steps
    (:func:`~iopkit.placement.decision.recommend`): every clause it reads is said by then.

    Parameters
    ----------
    rec : Recommendation
        The recommendation, its boxes said by every earlier pass of :func:`~iopkit.placement.decision.recommend`.

    Returns
    -------
    Recommendation
        ``rec`` with the boxes' sedation watch said; ``rec`` itself where no box changes.
    """
    watch = _box_watch(rec)
    # R50 S2: both withdrawals as dose_driving_in_boxes reads them, the tail the headline's
    two = opioid_dose_step(rec) and alcohol_dose_step(rec)
    headline = bool(_headline_watch(rec))
    said = _boxes_said(rec, lambda f: _watched(f.action, watch, headline and two))
    if headline or not two:
        return said
    # R52 ruling 1: the headline says no watch (no dose step of its own): the tail the sibling boxes' watch says
    sibling = _siblings_watch(said)
    return _boxes_said(said, lambda f: _watched(f.action, sibling, True)) if sibling else said


def _siblings_watch(rec: Recommendation) -> str:
    """The sedation watch ``rec``'s boxes say (:data:`_HEADLINE_MONITORING`, its driving part dropped), where they all
    say one; ``""`` where none says a watch or they say more than one.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> _siblings_watch(recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1}))
    ''
    """
    said = {m[0].replace(_AND_NO_DRIVING, "") for f in rec.flags for m in _HEADLINE_MONITORING.finditer(f.action or "")}
    return said.pop() if len(said) == 1 else ""


def _watched(action: str, watch: str, both: bool = False) -> str:
    """``action`` (a box) with the sedation ``watch`` (:func:`_sedation_watch_beside_old_moderate`) before its driving
    clause where it may give a benzodiazepine and buprenorphine or methadone (it says
    :data:`~iopkit.flags.ANY_DOSE_NO_DRIVING`: the COWS box, dimension 1's rating-below box carrying the COWS's words)
    and says no watch yet; beside two withdrawals (``both``) before :data:`~iopkit.flags.IF_DOSED_NO_DRIVING` too
    (physician review R50, S2: the buprenorphine induction threshold's box and the alcohol boxes of cases 11, 33, 563
    ...); ``action`` itself otherwise (one withdrawal: "if a dose is given: the patient must not drive today" alone).

    Examples
    --------
    >>> print(_watched(f"x; {ANY_DOSE_NO_DRIVING}; y", BENZODIAZEPINE_ON_SITE))  # doctest: +NORMALIZE_WHITESPACE
    x; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient
    is on site; if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today; y
    >>> print(_watched(f"x; {IF_DOSED_NO_DRIVING}", BENZODIAZEPINE_ON_SITE))
    x; if a dose is given: the patient must not drive today
    >>> print(_watched(f"x; {IF_DOSED_NO_DRIVING}. y", BENZODIAZEPINE_ON_SITE, both=True))
    ... # doctest: +NORMALIZE_WHITESPACE
    x; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient
    is on site; if a dose is given: the patient must not drive today. y
    """
    if not watch or BENZODIAZEPINE_MONITORING in action:
        return action
    ats = [action.find(f"; {ANY_DOSE_NO_DRIVING}")]
    if both:  # R50 S2
        ats.append(action.find(f"; {IF_DOSED_NO_DRIVING}"))
    at = min((a for a in ats if a >= 0), default=-1)
    if at < 0:
        return action
    return f"{action[:at]}; {watch}{action[at:]}"


#: An old moderate CIWA-Ar's re-score as its own box and the tail of dimension 1's rating-below box say it beside the
#: headline's re-score first for today's COWS above 36: no screen before its treatment (``screen`` empty), or the
#: screen and its hold (a C-SSRS high or moderate risk's, :func:`~iopkit.placement.recommendation.rescore_screened`),
#: then "otherwise treat on the current score" (:func:`_rescore_branch_said`).
_CIWA_RESCORE_PART = re.compile(
    r"(?P<rescore>[Rr]e-score the CIWA-Ar now \((?P<last>last \d+ on [^()]*)\); )"
    r"(?P<screen>before any dose: [^.]*?; (?=otherwise treat on the current score(?:;|$)))?"
    r"(?P<treat>(?:otherwise )?treat on the current score)(?=;|$)"
)


def _rescore_branch_said(action: str, branch: str, screen: str, case: _HoldCase) -> str:
    """``action`` with its old moderate CIWA-Ar re-score part (:data:`_CIWA_RESCORE_PART`, the first whose last score
    the headline re-scores) said as physician review R42, item 2 (R30b should-fix S2) words it: the screen before any
    dose with its hold where none guards it (``screen``, the hold said as every box's, :func:`~iopkit.placement.
    recommendation.no_driving_while_intoxicated`, read in ``case``), then ``branch`` (the transfer at a re-score of 8 or
    more), "otherwise treat on the current score", the sedation watch (:data:`_WATCHED`) and the dose's driving advice
    where the box has none; ``action`` itself where no such part stands or the branch is said already.

    Where the box re-scores that CIWA-Ar before the part already (dimension 1's joined box, its COWS part opening
    "Re-score the CIWA-Ar first (last 14 on 20 Nov 2026)": :data:`_CIWA_FIRST_SCREEN_FIRST`), the part's re-score step
    is not said again, its screen, hold, branch and treatment with it: the first re-score, its screen, hold and transfer
    branch stand once; the sedation watch and the driving advice after it stay (physician review R69, ruling R67
    must-fix 1: cases 88 and 249 re-scored the old CIWA-Ar twice; CIWA-Ar, Sullivan et al. 1989)."""
    found = _CIWA_RESCORE_PART.search(action)
    if found is None or CIWA_RESCORE_AT_8 in action:
        return action
    rest = action[found.end() :]
    said = ""
    if _CIWA_FIRST_SAID.format(last=found["last"]) not in action[: found.start()]:  # R69 (R67 must-fix 1)
        # its hold beside the branch's transfer, which may come: told at handover if transferred (physician review R51)
        screened = _told_if_transferred(found["screen"] or _holds_said(screen, case).removesuffix("otherwise "))
        said = f"{found['rescore']}{screened}{branch}; otherwise treat on the current score"
    if BENZODIAZEPINE_MONITORING not in rest:
        said = f"{said}; {_WATCHED}" if said else _WATCHED
    if not _DOSE_DRIVING_SAID_IN_BOX.search(rest):
        said = f"{said}; {IF_DOSED_NO_DRIVING}" if said else IF_DOSED_NO_DRIVING
    if not said:  # the part said no more, and nothing in its place: its "; " with it
        return f"{action[: found.start()]}{rest.removeprefix('; ')}"
    return f"{action[: found.start()]}{said}{rest}"


#: A hold's ambulatory next step (:data:`~iopkit.placement.recommendation.STAY_ON_SITE`, "the score" or "the
#: scores"), not said as the "if not" branch of a transfer that may come.
_STAYS_ON_SITE = re.compile(rf"(?<!if not: ){re.escape(STAY_ON_SITE.removesuffix('the score when it clears'))}")


def _told_if_transferred(screen: str) -> str:
    """``screen`` (a screen before any dose with its hold said) with each ambulatory next step of its hold
    (:data:`_STAYS_ON_SITE`) said as the "if not" branch of a transfer that may come, the receiving team told first,
    as :func:`~iopkit.placement.recommendation.no_driving_while_intoxicated` says it there: "if transferred, tell the
    receiving team at handover the breath alcohol reading or the signs, with the time; if not: ask the patient to stay
    on site ...". Physician review R51: the old moderate CIWA-Ar re-score part's hold sent the intoxicated patient home
    in a box whose branch at 8 or more arranges a transfer, while the headline told the receiving team (cases 88, 249
    and 657 of the 800).

    Examples
    --------
    >>> print(_told_if_transferred("if intoxicated: no dose now (ask the patient to stay on site and repeat the "
    ...                            "screen and the score when it clears; x)"))  # doctest: +NORMALIZE_WHITESPACE
    if intoxicated: no dose now (if transferred, tell the receiving team at handover the breath alcohol reading or
    the signs, with the time; if not: ask the patient to stay on site and repeat the screen and the score when it
    clears; x)
    """
    return _STAYS_ON_SITE.sub(lambda m: f"if transferred, {INTOXICATION_TOLD}; if not: {m[0]}", screen)


#: The boxes that say an old moderate CIWA-Ar's re-score part beside the headline's re-score first for today's COWS
#: above 36 (:func:`_rescore_branch_said`): the CIWA-Ar box, dimension 1's rating-below box (physician review R42, item
#: 2), and CIWA-Ar item 10 at 1's box, which says the same re-score and, read alone, treated on the current score
#: beside COWS 48 without the transfer at 8 or more and the sedation watch (physician review R45, should-fix: case 88,
#: its sibling moderate_alcohol_withdrawal box's own words).
_RESCORE_BRANCH_BOXES = frozenset({"moderate_alcohol_withdrawal", "rated_below_suggestion_d1", "possible_inattention"})
#: The COWS above 36 box's home branch beside the headline's re-score of an old moderate CIWA-Ar first
#: (:data:`_CIWA_FIRST_SCREEN_FIRST`'s "Otherwise treat withdrawal now, before the patient leaves, ..."): physician
#: review R42, item 2 (R30b should-fix S2).
_HOME_BRANCH = ". Otherwise treat withdrawal now, before the patient leaves"


def two_withdrawals_rescore_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec``'s boxes beside two withdrawals said last, after each box's holds and handovers are said once (the
    boxes' build, :func:`~iopkit.placement.decision.recommend`):

    - beside the headline's re-score of an old moderate CIWA-Ar first, before any dose for today's COWS above 36
      (:func:`_ciwa_rescore_last`; cases 88, 249 and 657 of the 800): the CIWA-Ar box and the tail of dimension 1's
      rating-below box say the screen before any dose with thiamine and blood glucose and its hold, the transfer at a
      re-score of 8 or more, "a first dose before transfer only if it does not delay the transfer", then "otherwise
      treat on the current score", the sedation watch and the driving advice (:func:`_rescore_branch_said`; in
      dimension 1's box every dose named, :func:`_cows_any_dose`, physician review R38, S2's rule; beside a
      C-SSRS high risk the transfer to one setting that can manage both, as the COWS box says it:
      :func:`_cows_after_old_ciwa`), and the COWS box's home branch ends "; after a first dose of buprenorphine or
      methadone the patient must not drive today" (the headline's words; its "the patient must not drive" is the
      transfer's); the branch's first dose before transfer told at handover as every box's (:func:`_dose_told`,
      physician review R26b, should-fix S9). Physician review R42, item 2 (R30b should-fix S2), its words: the
      CIWA-Ar box let a benzodiazepine be given unscreened beside severe opioid withdrawal about to get
      buprenorphine and left out the transfer a re-score of 8 or more calls for (ASAM 2020 alcohol withdrawal
      guideline: thiamine, intoxication, co-occurring withdrawal before medication; FDA Drug Safety Communication 20
      Sep 2017: benzodiazepines with opioids);
    - beside two old withdrawals' emergency branch (a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or
      more) and a C-SSRS high risk, that branch's transfer followed by its handover, if transferred
      (:func:`~iopkit.placement.recommendation.both_severe_told`; physician review R42, item 3, R32 should-fix S1).

    ``rec`` itself where no box changes.

    Parameters
    ----------
    rec : Recommendation
        The recommendation, its boxes said.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.
    """
    raised = as_raised(rec)
    told: list[tuple[str, str]] = []
    pair = two_old_withdrawals(raised) or old_transfer_beside_old_cows(raised)
    if pair is not None and pair[1].code == "severe_opioid_withdrawal":  # R42 item 3
        untold, said = two_withdrawals_severe_said(raised, told=False), two_withdrawals_severe_said(raised)
        told = [(untold, said)] if said != untold else []
    last = _ciwa_rescore_last(raised)
    branch = screen = ""
    if last:  # R42 item 2
        high = _confirmed_high(rec)
        # R50 S3: the transfer's staff clause, as the headline's (R48 item 2's rule; was the comma form); then, as
        # the headline's branch says it, the capacity to decline (physician review R53, finding B: cases 88, 249,
        # 657); beside a C-SSRS high none (the lead's involuntary path governs, as the headline's one-setting branch)
        transfer = (
            f"{_ONE_SETTING} that can manage both: arrange transfer now (ED), "
            if high
            else f"{SEVERE_ALONGSIDE_TRANSFER}; {DECLINES_NOT_DRIVING}; "
        )
        branch = f"{CIWA_RESCORE_AT_8}{transfer}{_FIRST_DOSE_IF_NO_DELAY}"
        screen = overdose_asked(_INTOXICATION_ALCOHOL) if overdose_risk(raised.flags) else _INTOXICATION_ALCOHOL
    if not told and not branch:
        return rec
    case = _hold_case(rec.flags, rec.headline)
    both = opioid_dose_step(rec) and alcohol_dose_step(rec)  # as dose_driving_in_boxes reads it

    def says(f: Flag) -> str:
        action = f.action
        for untold, said in told:
            action = action.replace(untold, said) if said not in action else action
        if branch and f.code in _RESCORE_BRANCH_BOXES:
            # dimension 1's box carrying the COWS's words names every dose in its driving advice (R38 S2's rule); the
            # first dose before the branch's transfer told at handover, as every box's (R26b S9, R23a finding 2)
            said = _rescore_branch_said(action, branch, screen, case)
            action = _cows_any_dose(f.code, _dose_told(rec, said) if said != action else said, both)
        if branch and f.code == "severe_opioid_withdrawal" and _HOME_BRANCH in action:
            home = action[action.index(_HOME_BRANCH) :]
            if "must not drive" not in home:
                action = f"{action}; {FIRST_DOSE_NO_DRIVING}"
        return action

    return _boxes_said(rec, says)


def suicide_asks_as_headline(rec: Recommendation) -> Recommendation:
    """``rec`` with every box's request of the receiving team for a suicide risk assessment said as the headline (as
    shown) asks it (:func:`~iopkit.placement.recommendation.suicide_asks_said`): where the headline asks "once the
    patient is able to answer", every box's request says so, "... ask them for a suicide risk assessment once the
    patient is able to answer (do not delay the transfer for it)" (physician review R51, widening R50 S1, which
    :func:`assessments_asked_if_transferred` built in its own boxes only: 217 boxes in 125 of the 800 random cases
    said it without, e.g. case 10); beside a C-SSRS moderate risk each handover that tells it asks "with safety
    planning" (physician review R50, b6 Q1: the re-score branch of cases 88, 133, 291, 532 and 780), and a copy of the
    headline's declines-transfer step says its safety planning (physician review R53, ruling 3: case 88); the
    moderate-risk box's "ask them for it" says "once" where the headline does (R53, ruling 1: 44 boxes, e.g. case 82);
    the delirium branch's request says "once" whatever the headline (R53, finding A: cases 532 and 780), its "once"
    read as the headline's by no other box (:func:`~iopkit.placement.recommendation.asks_once_beyond_delirium`). Among
    the boxes' last steps (:func:`~iopkit.placement.decision.recommend`): no step after it reads these words.

    Parameters
    ----------
    rec : Recommendation
        The recommendation with its boxes built.

    Returns
    -------
    Recommendation
        ``rec`` itself where no box changes, else a copy with the boxes' requests said as the headline's.
    """
    planned = _safety_planned(rec)
    # the delirium branch's own "once" spreads to no other request (physician review R53, finding A)
    once = asks_once_beyond_delirium(rec.headline)
    return _boxes_said(rec, lambda f: suicide_asks_said(f.action, planned, once))


#: The intoxication reading a box's handover tells after the scores and any dose, and the same said apart after the
#: suicide screens (physician review R70, must-fix 1, its words).
_INTOXICATION_TOLD = ", and, if intoxicated, the breath alcohol reading or the signs, with the time"
_INTOXICATION_ALSO_TOLD = "if intoxicated, also tell them the breath alcohol reading or the signs, with the time"


#: The complicated_withdrawal step's own refusals, each ending with the driving rule (physician review R75, item 1).
_COMPLICATED_REFUSALS = tuple(
    dict.fromkeys([*(refusal for _, _, refusal in _COMPLICATED_TRANSFER_BESIDE), _COMPLICATED_OWN_TRANSFER[1]])
)


def complicated_driving_once_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with dimension 1's rating-below box that says the complicated_withdrawal step's own refusal and its
    driving rule, said outright (:func:`complicated_transfer_in_boxes`), saying no dose's driving clause after it in
    the box it repeats after the step (physician review R44 Q2, R31 M5: a conditional clause after an outright one
    invites "no dose, so I may drive"; as R75c rule 1 rules it for the headline): the severe COWS re-score joined after
    the step in cases 154, 419, 526, 685 and 775 of the 800. Last of the boxes' build, so that the passes before it
    read the box's dose clause as they always have (a benzodiazepine's sedation watch among them); ``rec`` itself
    where no box changes.

    Parameters
    ----------
    rec : Recommendation
        The recommendation, its boxes said.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> rec = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> complicated_driving_once_in_boxes(rec) is rec
    True
    """

    def says(f: Flag) -> str:
        if f.code != "rated_below_suggestion_d1" or not f.action or NOT_AMBULATORY not in f.action:
            return f.action
        for refusal in _COMPLICATED_REFUSALS:
            said = f"{NOT_AMBULATORY}; {refusal}"
            if said in f.action:
                end = f.action.index(said) + len(said)
                return f.action[:end] + dose_driving_dropped(f.action[end:])
        return f.action

    return _boxes_said(rec, says)


def findings_transfer_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box's transfer on what a CIWA-Ar re-score (or the history since) finds saying how the patient
    travels, as the headline (:func:`~iopkit.placement.recommendation.findings_transfer_by_emergency_services`;
    physician review R76: "arrange transfer now by emergency services" where the branch's condition names a seizure
    since the last score, hallucinations or disorientation; a COWS box beside alcohol withdrawal at a re-score of 8 or
    more names it for those findings and 15 or more only). Last of the boxes' build; ``rec`` itself where no box
    changes.

    Parameters
    ----------
    rec : Recommendation
        The recommendation, its boxes said.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> rec = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> findings_transfer_in_boxes(rec) is rec
    True
    """
    return _boxes_said(rec, lambda f: findings_transfer_by_emergency_services(f.action) if f.action else f.action)


def not_driving_after_hold_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box's mental-health hold followed by "; the patient must not drive" where no driving rule
    later in the box covers that path, as the headline (:func:`~iopkit.placement.recommendation.
    not_driving_after_hold`; physician review R75, item 2, ruled for the boxes in R75c rules 2-4: a box keeps its
    branch's dose clause). Last of the boxes' build; ``rec`` itself where no box changes.

    Parameters
    ----------
    rec : Recommendation
        The recommendation, its boxes said.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> rec = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> not_driving_after_hold_in_boxes(rec) is rec
    True
    """
    return _boxes_said(rec, lambda f: not_driving_after_hold(f.action) if f.action else f.action)


def first_dose_if_transferred_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box whose old severe COWS re-score treats "otherwise if still 37 or more, ... before the
    patient leaves" in a box that also arranges a transfer now saying that dose's timing if the patient is transferred,
    as the headline (:func:`~iopkit.placement.recommendation.first_dose_if_transferred`; physician review R71,
    should-fix 5, ruled R73 item 2). After every pass that says a transfer in a box (the first step's CIWA-Ar re-score
    findings, :func:`rescore_findings_transfer_in_boxes`); ``rec`` itself where no box changes.

    Parameters
    ----------
    rec : Recommendation
        The recommendation, its boxes said.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> rec = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> first_dose_if_transferred_in_boxes(rec) is rec
    True
    """
    return _boxes_said(rec, lambda f: first_dose_if_transferred(f.action) if f.action else f.action)


def screens_told_at_every_handover_in_boxes(rec: Recommendation) -> Recommendation:
    """``rec`` with each box that hands the scores over to a receiving team ("at handover tell the receiving team the
    last CIWA-Ar and COWS scores, the delirium screen and any dose with its time") but tells no suicide screen there,
    where the headline tells the receiving team suicide screens at its handover (:func:`_screens_told_in_headline`),
    telling them and asking for the assessment in the headline's words at the end of that clause: "..., the delirium
    screen and any dose with its time, that today's PHQ-9 item 9 was positive, and ask them for a suicide risk
    assessment once the patient is able to answer". A box is read alone on the chart: a receiving team told the scores
    but not the positive screen may discharge without the same-day assessment (physician review R20c, S6: every
    handover names the screens the headline names; C-SSRS screener triage, Posner et al. 2011; PHQ-9 item 9, Kroenke
    et al. 2001; reviewed in R70). Where the clause tells an intoxication reading last, the screens come before it and
    the reading follows apart, "...; if intoxicated, also tell them the breath alcohol reading or the signs, with the
    time" (R70, must-fix 1: read alone, the screen must not seem to depend on intoxication). The request is the
    headline's beyond its delirium branch: that branch's "once the patient is able to answer" is said only in a box's
    own delirium branch (R53, finding A). The last of the boxes' passes to say a handover (only
    :func:`first_dose_if_transferred_in_boxes`, which says none, comes after it), so that it reads every handover the
    others said. ``rec`` itself where the headline tells no screen at a handover, or no box changes.

    Parameters
    ----------
    rec : Recommendation
        The recommendation, its boxes said.

    Returns
    -------
    Recommendation
        ``rec`` with those boxes said anew, or ``rec`` itself.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> rec = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    >>> screens_told_at_every_handover_in_boxes(rec) is rec
    True
    """
    that = _screens_told_in_headline(rec)
    # every screen the headline tells there (a C-SSRS low before a positive PHQ-9 item 9, R39 C2), and its request up
    # to its clause's end or a bracket (the transfer's reason there is the headline's own), read beyond the headline's
    # delirium branch: that branch's own "once the patient is able to answer" spreads to no other request (physician
    # review R53, finding A; cases 532 and 780); a box's own delirium branch asks once as every one does
    # (:func:`~iopkit.placement.recommendation.delirium_asked_once`, R51)
    said = re.escape(that.removeprefix("that "))
    screens = re.compile(rf"\bthat (?:[^;]*? and that )?{said}, and ask them[^;(]*")
    asked = screens.search(_DELIRIUM_ASKED.sub("", rec.headline)) or screens.search(rec.headline) if that else None
    if asked is None:
        return rec
    told = asked[0].rstrip(" ,")
    if not asks_once_beyond_delirium(rec.headline):
        told = told.replace(_ONCE_ABLE, "", 1)

    def says(f: Flag) -> str:
        action = f.action
        m = _HANDOVER_CLAUSE.search(action)
        if m is None:
            return action
        end = _clause_end(action, m.end())
        clause = action[m.end() : end]
        # not a clause that tells a screen already, nor one inside a bracket (its end is the bracket's)
        if " that " in clause or "suicide" in clause or clause.count(")") > clause.count("("):
            return action
        # before an intoxication reading the clause tells last, which then follows on its own (physician review R70,
        # must-fix 1: read alone, the screen must not seem to depend on intoxication)
        if clause.endswith(_INTOXICATION_TOLD):
            at = end - len(_INTOXICATION_TOLD)
            return delirium_asked_once(f"{action[:at]}, {told}; {_INTOXICATION_ALSO_TOLD}{action[end:]}")
        return delirium_asked_once(f"{action[:end]}, {told}{action[end:]}")

    return _boxes_said(rec, says)
