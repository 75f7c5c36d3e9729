"""Flags: safety and clinical signals attached to scores, recommendations and reviews.

A flag says what was found (``message``), how urgent it is (:class:`Severity`), what it calls for
(:class:`CallsFor`: the kind of response, which the continued-stay review acts on), the next step in
plain words (``action``) and the published source of the rule (``source``, a bibliography key or
citation).  A flag raised on an unfinished form is a *certain lower bound* (``partial=True``): what
the answers given so far already establish, whatever the remaining answers turn out to be; the
remaining questions can only make it more serious.  A flag raised only because a blank safety question
counts as its worst answer until it is asked is marked ``worst_case=True`` (and ``partial=True``): it
prompts the question now, but is not a finding to rate a placement on.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from ._validate import member
from .errors import InvalidValueError

__all__ = [
    "ACTION_ALLOWED",
    "ACTION_EXAMPLE",
    "ACTION_LETTERS",
    "ACTION_PLACEHOLDERS",
    "Flag",
    "Severity",
    "CallsFor",
    "LATER_ASSESSMENT",
    "MedicalReview",
    "PRESCRIBER_REVIEW",
    "SCREEN_READ_CALLS_FOR",
    "SEVERITIES",
    "SUICIDE_RISK_CALLS",
    "RISK_LEVELS",
    "RiskLevel",
    "at_rule_severity",
    "by_urgency",
    "severity_shown",
    "most_severe",
    "danger",
    "medical_review_of",
    "says_what_was_done",
    "triage_reminder",
    "urgency",
    "NOT_AMBULATORY",
    "OPIOID_AGONISTS",
    "FIRST_DOSE_SEVERE",
    "Withdrawn",
    "REASSESS_SEIZURES",
    "SEVERE_ALCOHOL_STEP",
    "DECLINES_TRANSFER",
    "DECLINES_EVALUATION_OR_LEAVES",
    "STAFF_STAY",
    "CALL_FOR_ASSESSMENT",
    "SUICIDE_RISK_HIGH_STEP",
    "sessions_unrecorded",
    "unrecorded_were",
    "SUICIDE_RISK_LOW_STEP",
    "SUICIDE_RISK_MODERATE_STEP",
    "EVALUATION_DECIDES",
    "EVALUATION_COVERS",
    "SCREEN_NOT_THE_ASSESSMENT",
    "week_named",
    "weeks_of",
]

#: What complicated withdrawal (hallucinations, disorientation) found today rules out: ambulatory withdrawal
#: management (ASAM 2020 alcohol withdrawal guideline, Table 1: hallucinations or confusion make withdrawal
#: complicated; medically managed withdrawal management now). The CIWA-Ar's complicated-withdrawal flag says it
#: (:mod:`iopkit.instruments.ciwa_ar`). On a later day the signs are possible withdrawal delirium, if confirmed a
#: history of complicated withdrawal: a risk factor (Rec II.5), with ambulatory withdrawal management possible
#: once the risk is limited or mitigated (Rec III.1), so the flag then says what iopkit's high-risk rule calls
#: for instead (:data:`iopkit.placement.suggest.STILL_STANDS`, read by
#: :func:`iopkit.placement.suggest.signs_of_another_day`; Rec VII.8's "no history of complicated alcohol
#: withdrawal" is the criterion for discharge from the emergency department to ambulatory withdrawal management).
NOT_AMBULATORY = "do not manage as ambulatory withdrawal"


class Severity(StrEnum):
    """How urgent a flag is, most urgent first.

    ``critical`` needs action now and leads the page (e.g. complicated withdrawal: a prescriber's (medical) review
    now; C-SSRS high risk: safety precautions and an immediate emergency evaluation; possible suicidal ideation on a
    screen: a suicide risk assessment today, before the patient leaves); ``warning`` needs attention at this visit
    (a warning's medical review may still be due now or before the patient leaves: :class:`MedicalReview`); ``info``
    is for the record.  What a flag calls for, and how soon, is its :class:`CallsFor` (and :class:`MedicalReview`).
    A ``StrEnum``: ``Severity.CRITICAL == "critical"``.
    """

    CRITICAL = "critical"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for the most urgent; sorts flags by urgency."""
        return _ORDER.index(self)


_ORDER = (Severity.CRITICAL, Severity.WARNING, Severity.INFO)

#: Ordered from most to least urgent (the values of :class:`Severity`).
SEVERITIES = tuple(s.value for s in _ORDER)


class CallsFor(StrEnum):
    """What a flag calls for: the kind of response, which decides how the review acts on it.

    - ``emergency_evaluation``: imminent danger to self or others (e.g. C-SSRS screener high risk):
      safety precautions now (the patient is not left alone) and an immediate emergency
      mental-health evaluation, which decides any hospitalisation.
    - ``risk_assessment``: a same-day suicide (or violence) risk assessment by a qualified
      clinician; never by itself a change of level of care.
    - ``medical_review``: a prescriber's or nurse's review (withdrawal, delirium, intoxication,
      medication), as soon and by whom its :class:`MedicalReview` says (:func:`medical_review_of`):
      a prescriber's (medical) review now on a critical flag (e.g. possible withdrawal delirium).
    - ``level_review``: reassess the level of care (placement) with the team.
    - ``counselling``: address in counselling or brief intervention at this visit.
    - ``complete_form``: a short screen is positive (AUDIT-C, PHQ-2, GAD-2): give the full questionnaire at this
      visit (an unfinished form's missing answers are its lower-bound note, ``partial``).
    - ``note``: for the record; no action beyond the plan already in place.
    """

    EMERGENCY_EVALUATION = "emergency_evaluation"
    RISK_ASSESSMENT = "risk_assessment"
    MEDICAL_REVIEW = "medical_review"
    LEVEL_REVIEW = "level_review"
    COUNSELLING = "counselling"
    COMPLETE_FORM = "complete_form"
    NOTE = "note"


class MedicalReview(StrEnum):
    """How soon, and by whom, the medical review a flag calls for (``CallsFor.MEDICAL_REVIEW``) is due, most urgent
    first: a flag's own next step decides it, not its severity alone (:func:`medical_review_of`).

    - ``now``: a prescriber's (medical) review now: every critical flag (e.g. possible withdrawal delirium, ASAM 2020
      alcohol withdrawal guideline, Rec VI.7), and a warning whose next step cannot wait (CIWA-Ar item 10 at 1,
      inattention: screen for delirium, treat a low glucose at once, re-score within 1 hour).
    - ``prescriber``: a prescriber's review (or a nurse under the prescriber's withdrawal protocol) before the
      patient leaves; if the patient has left, today: withdrawal to treat, where treating is a prescriber's
      decision (CIWA-Ar moderate band: medication at 10 or more, ASAM 2020; COWS moderate and moderately severe:
      buprenorphine or methadone, ASAM 2020 OUD guideline), an ambulatory decision (ASAM 2020 Table 1).
    - ``today``: a prescriber's or nurse's review today, before the patient leaves (e.g. a sign of physical
      dependence: assess withdrawal risk today): a flag raised at a visit, with the patient there.
    - ``screen_read``: a prescriber's or nurse's review the day a drug screen's result is read: at this visit if the
      patient is here, otherwise reach the patient today (phone) to offer naloxone and arrange the review (an
      opioid-positive screen, :attr:`iopkit.records.DrugScreen.flags`: opioid overdose risk). A screen is read days
      after its collection, usually with the patient gone, so never "before the patient leaves" (physician review
      R18-S3, session 16; ASAM 2017 drug testing; SAMHSA Overdose Toolkit 2018). As soon as ``today`` (the day's
      review), ranked after it only so that a review of a flag raised at a visit keeps its "before the patient leaves"
      where both are open (the continued-stay review then says both).

    A ``StrEnum``: ``MedicalReview.NOW == "now"``.
    """

    NOW = "now"
    PRESCRIBER = "prescriber"
    TODAY = "today"
    SCREEN_READ = "screen_read"

    @property
    def rank(self) -> int:
        """0 for the most urgent."""
        return tuple(MedicalReview).index(self)


#: What a flag whose medical review is due the day a drug screen's result is read calls for
#: (:attr:`MedicalReview.SCREEN_READ`), one text for the flag's box (:data:`iopkit.markup.MEDICAL_REVIEW_TEXT`) and
#: :data:`iopkit.records.OVERDOSE_RISK` (physician review R17a-S4, session 15, its words).
SCREEN_READ_CALLS_FOR = (
    "Calls for a prescriber's or nurse's review the day the result is read: at this visit if the patient is here, "
    "otherwise reach the patient today (phone) to offer naloxone and arrange the review."
)

#: How the next step of a flag calling for a prescriber's review before the patient leaves
#: (:attr:`MedicalReview.PRESCRIBER`) begins, so its box and its next step say one thing.
PRESCRIBER_REVIEW = "Prescriber's review before the patient leaves"

#: The opioid agonists a COWS flag and the headline name for withdrawal in an outpatient programme, the one shared
#: wording: buprenorphine; methadone for opioid use disorder only in an opioid treatment programme, or, outside one,
#: administered or dispensed on site (never prescribed), at most a three-day supply at one time, not renewed or
#: extended, to relieve acute withdrawal while referral for treatment is arranged (21 CFR 1306.07(b), the "72-hour
#: rule", as amended by the final rule of 8 August 2023, 88 FR 53377: ``cfr_1306_07``; physician review). ASAM 2020
#: OUD guideline: withdrawal is managed with buprenorphine or methadone. One bracket, none inside it: the text that
#: quotes it says it after a colon or "with", never inside brackets of its own (physician review).
OPIOID_AGONISTS = (
    "buprenorphine, or methadone only in an opioid treatment programme or under the 72-hour rule (given or dispensed "
    "on site, at most a 3-day supply while referral is arranged, not renewed or extended; never prescribed)"
)

#: The complicating conditions for which severe opioid withdrawal (a COWS above 36) calls for medically managed
#: withdrawal, a higher level of care or an emergency evaluation rather than treatment where the patient is (ASAM
#: 2020 OUD guideline: withdrawal is usually managed ambulatory; iopkit's list for an outpatient programme, physician
#: review), one bracket.  The severe COWS flag lists them; the placement headline names them as listed on the COWS
#: flag.
COWS_COMPLICATING = (
    "(vomiting or diarrhoea with fluids not kept down, unstable vital signs, other medical or psychiatric instability, "
    "pregnancy, alcohol or benzodiazepine withdrawal alongside, precipitated withdrawal that does not settle, delirium)"
)

#: The first dose a CIWA-Ar in its severe band gets before its transfer to medically managed withdrawal: severe
#: withdrawal is treated at once, but the transfer is not held up for it (ASAM 2020 alcohol withdrawal guideline, Rec
#: VII.5: treat severe withdrawal immediately; Rec VII.8: severe withdrawal is managed in a medically managed setting;
#: iopkit's own wording, physician review).
FIRST_DOSE_SEVERE = "a prescriber gives a first dose before transfer if it does not delay the transfer"
#: The seizure and delirium check a severe CIWA-Ar calls for while the patient waits for a transfer, until the
#: receiving team takes over (ASAM 2020 alcohol withdrawal guideline, Rec II.5: severe withdrawal is the setting of
#: seizures and delirium; physician review R3, session 11, should-fix 9, the reviewer's words: a transfer lead says
#: "until handover", never "before the patient leaves").
REASSESS_SEIZURES = "re-assess for seizures or delirium until handover"
#: What a CIWA-Ar in its severe band calls for: the severe CIWA-Ar flag's box, the headline's step for a severe CIWA-Ar
#: of the placement's day and the rated-below box copied from it say this one text (ASAM 2020 alcohol withdrawal
#: guideline: ambulatory withdrawal management only for mild or moderate withdrawal without complicating factors, Rec
#: VII.8; medication at once for severe withdrawal, Rec VII.5): the transfer now to medically managed withdrawal (an
#: emergency department, or 3.7-WM/4-WM), a first dose before it where it does not delay it, never driving, seizures
#: and delirium re-assessed until handover (iopkit's own wording, physician review).
#: After a dose for alcohol withdrawal given in the programme (a moderate CIWA-Ar's medication, commonly a
#: benzodiazepine), no driving that day: said by the moderate CIWA-Ar flag's step after its re-score, so its box and the
#: placement headline's prescriber's review say it (benzodiazepine labels, chlordiazepoxide, diazepam, lorazepam:
#: impaired driving; ASAM 2020 alcohol withdrawal guideline; physician review R16, session 15, the ruling on the case
#: table's C03 and C33, its words). A headline that says "the patient must not drive" outright says no second one.
#: No driving that day, every clause's words: a dose's (below), and every hold of a dose that names intoxication
#: (physician review R30b, must-fix M4: an intoxicated patient, given no dose, must not drive either;
#: :func:`iopkit.placement.recommendation.no_driving_while_intoxicated`).
NO_DRIVING_TODAY = "the patient must not drive today"
IF_DOSED_NO_DRIVING = f"if a dose is given: {NO_DRIVING_TODAY}"
#: Where one step gives, or may give, a benzodiazepine (alcohol withdrawal treated with medication) and buprenorphine or
#: methadone (a COWS dose), its driving advice in one clause, said once a sentence: physician review R22 (session 19),
#: should-fix S1, the physician's words ("if any dose is given (a benzodiazepine, buprenorphine or methadone): the
#: patient must not drive today"; the benzodiazepine named only where it is given on site). Benzodiazepine,
#: buprenorphine and methadone labels: impaired driving; FDA Drug Safety Communication, 20 Sep 2017.
#: The doses a step may give for withdrawal, named where it does not know which (physician review R22, should-fix S1's
#: words; R30b, should-fix S9 (a): "no sedating dose" names them).
ANY_DOSE_NAMED = "a benzodiazepine, buprenorphine or methadone"
ANY_DOSE_NO_DRIVING = f"if any dose is given ({ANY_DOSE_NAMED}): {NO_DRIVING_TODAY}"
#: What CIWA-Ar item 10 at 1 (cannot do serial additions or is uncertain about date: inattention, possible early
#: delirium) adds to its medical review now, in its flag's step and in the placement headline wherever the finding
#: leads or is listed without a "must not drive" already said: delirium impairs judgement and attention (iopkit's own
#: rule, physician check of review 9, as for possible delirium earlier today); inattention may also be intoxication,
#: so the review must find neither (physician review R2, session 11, should-fix 11, its wording).
NO_DRIVING_UNTIL_SCREEN_CLEARS = (
    "the patient must not drive until the medical review finds the patient not delirious or intoxicated"
)
#: The parts of CIWA-Ar item 10 at 1's medical review now (inattention, possible early delirium: CAM, Inouye 1990; 4AT,
#: Bellelli et al. 2014; its other causes after the ASAM 2020 alcohol withdrawal guideline, sections I.C and VI.B;
#: glucose never delayed for thiamine, Schabelman & Kuo 2012), said by its flag (:mod:`iopkit.instruments.ciwa_ar`)
#: and, before a first dose for a COWS above 36, by the placement headline with intoxication screened first (physician
#: review R2, session 11, must-fix 4: inattention can be intoxication, and a dose first risks respiratory depression).
DELIRIUM_SCREEN = "screen for delirium (CAM or 4AT)"
INTOXICATION = "intoxication (breath alcohol)"
DELIRIUM_CAUSES = (
    "Wernicke encephalopathy (give thiamine)",
    "low blood glucose (check it; treat a low one at once, thiamine with it)",
    INTOXICATION,
    "hepatic encephalopathy",
)
INATTENTION_RESCORE = (
    "re-score the CIWA-Ar within 1 hour; disorientation (item 10 at 2 or more) is complicated withdrawal"
)
#: CIWA-Ar item 10 at 1's hold on the intoxication its medical review considers: a CIWA-Ar score is not valid while the
#: patient is intoxicated, and a benzodiazepine then adds to the alcohol on board (physician review R5, session 11,
#: must-fix 2, the reviewer's words; as R4 must-fix 4 said it beside a COWS, where the placement headline names
#: buprenorphine and methadone too: :data:`INTOXICATED`, :data:`UNTIL_IT_CLEARS`).
#: What counts as intoxicated, one definition for the hold and the screen before any dose (physician review R6,
#: session 11, should-fix 3: a condition must be checkable; severe withdrawal often starts with alcohol still on board).
INTOXICATION_SIGNS = "(breath alcohol above zero, or signs of sedative intoxication)"
INTOXICATED = f"if intoxicated {INTOXICATION_SIGNS}"
UNTIL_IT_CLEARS = "until it clears and the review is repeated"
BENZODIAZEPINE_HOLD = f"{INTOXICATED}: no benzodiazepine {UNTIL_IT_CLEARS}"
#: What the placement headline adds where a prescriber gives buprenorphine now for opioid withdrawal (a COWS of 13 or
#: more) beside alcohol withdrawal treated with medication (a CIWA-Ar in its moderate or severe band, whose medication
#: is commonly a benzodiazepine): the two are not withheld from each other, but sedation and breathing are monitored
#: (FDA Drug Safety Communication, 20 September 2017, bibliography key ``fda_bup_benzo2017``: buprenorphine and
#: methadone are not withheld from patients taking benzodiazepines; careful medication management reduces the risk of
#: respiratory depression; physician check of review 9). Physician review R2 (session 11), should-fix 12: the
#: communication covers methadone too, and a sedated patient must not drive: "while the patient is on site, and the
#: patient must not drive" (:data:`BENZODIAZEPINE_WITH_AGONIST`), the driving part dropped where the headline already
#: says "the patient must not drive" (:data:`BENZODIAZEPINE_ON_SITE`), "until handover" beside a transfer
#: (:data:`BENZODIAZEPINE_UNTIL_HANDOVER`: the COWS lead's words, and any lead that arranges a transfer, e.g.
#: dimension 1 or 3 rated 4: physician review R3, session 11, should-fix 10).
BENZODIAZEPINE_MONITORING = (
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing"
)
BENZODIAZEPINE_ON_SITE = f"{BENZODIAZEPINE_MONITORING} while the patient is on site"
BENZODIAZEPINE_WITH_AGONIST = f"{BENZODIAZEPINE_ON_SITE}, and the patient must not drive"
BENZODIAZEPINE_UNTIL_HANDOVER = f"{BENZODIAZEPINE_MONITORING} until handover"
#: The refusal branch of a lead or box that arranges a transfer for a medical emergency: a refusal counts only with
#: capacity to decline.  Physician review R4 (session 11), should-fix of must-fix 1, its wording; in the boxes of
#: dimension 1 or 2 rated 4 and of a severe CIWA-Ar too, box and headline one text (R6 should-fix 4); said by the
#: placement headline and by CIWA-Ar item 10 at 1's step after a positive delirium screen
#: (:data:`IF_DELIRIUM_TRANSFER`). A patient who declines with capacity: the informed refusal recorded, the highest
#: level of care the patient accepts, any dose as the prescriber decides (the dose rules "before transfer" lose their
#: condition once the transfer is declined) and return precautions the patient and a supportive person can act on
#: (physician review R72, ruled R73 item 1: its words; ASAM Criteria, 3rd ed., 2013: the least intensive setting that
#: is safe, else the most intensive the patient accepts; ASAM 2020 alcohol withdrawal guideline: seizures,
#: hallucinations and confusion call for emergency care). The driving rule is said after the bracket, where it covers
#: the transfer too (R73, must-fix 1a).
DECLINED_WITH_CAPACITY = (
    "record the advice given and the risks explained; arrange the highest level of care the patient accepts; any dose "
    "as the prescriber decides; tell the patient and any supportive person to call emergency services for a seizure, "
    "confusion, hallucinations or any worsening"
)
CAPACITY_TO_DECLINE = (
    f"capacity to decline (without capacity: transfer by emergency services; with capacity: {DECLINED_WITH_CAPACITY})"
)
DECLINES_TRANSFER = f"if the patient declines transfer: the prescriber assesses and records {CAPACITY_TO_DECLINE}"
#: The same with the driving rule straight after it, as a medical transfer says it where nothing else in its branch
#: tells a patient who declines, is not intoxicated and is given no dose not to drive (physician review R43, should-fix
#: 3; R73, must-fix 1a).
DECLINES_NOT_DRIVING = f"{DECLINES_TRANSFER}; the patient must not drive"
#: How a patient with possible withdrawal delirium travels: by ambulance (physician review R75, item 3a: seizures,
#: agitation or arrhythmia on the way; ASAM 2020 alcohol withdrawal guideline: withdrawal delirium is a medical
#: emergency); a positive delirium screen's transfer says it too (R76b, ruling A).
BY_EMERGENCY_SERVICES = "by emergency services"
#: What CIWA-Ar item 10 at 1's medical review does with a positive delirium screen (CAM or 4AT): alcohol withdrawal
#: delirium is a medical emergency (ASAM 2020 alcohol withdrawal guideline, Rec VI.7), managed in a medically managed
#: intensive setting, as complicated withdrawal is (ED, or 4-WM; physician review R2, session 11, must-fix 1): the
#: transfer now, by emergency services (:data:`BY_EMERGENCY_SERVICES`; physician review R76b, ruling A), staff beside
#: the patient until handover, then its refusal branch (:data:`DECLINES_TRANSFER`), said
#: after "disorientation (item 10 at 2 or more) is complicated withdrawal" (physician review R6, session 11, must-fix
#: 5, the reviewer's words). Beside the mental-health refusal branch the capacity branch is left out (R5: that branch
#: governs, said once); beside a lead that already arranges a transfer, none of it (the placement headline).
IF_DELIRIUM_TRANSFER = (
    f"if delirium: emergency evaluation: arrange transfer now {BY_EMERGENCY_SERVICES} (ED, or 4-WM); staff with the "
    "patient until handover"
)
SEVERE_ALCOHOL_STEP = (
    f"Arrange transfer now to medically managed withdrawal (ED, or 3.7-WM/4-WM); {DECLINES_TRANSFER}; "
    f"{FIRST_DOSE_SEVERE}; the patient must not drive; {REASSESS_SEIZURES}"
)
#: The two halves of every mental-health refusal branch, one text: staff stay with the patient and call emergency
#: services for an emergency mental-health assessment (physician review R5, session 11, must-fix 1 (b), its wording;
#: :data:`DECLINES_EVALUATION_OR_LEAVES` here, ``DECLINES_OR_LEAVES`` and its psychiatric form in
#: :mod:`iopkit.placement.suggest`).
STAFF_STAY = "staff stay with the patient"
CALL_FOR_ASSESSMENT = (
    "call emergency services for an emergency mental-health assessment (local involuntary-assessment procedure)"
)
#: What staff do when a patient at imminent risk of suicide declines the emergency evaluation or tries to leave: stay
#: with the patient and call emergency services for an emergency mental-health assessment (C-SSRS screener triage,
#: Posner et al. 2011: do not leave the patient alone).  Physician review R5 (session 11), must-fix 1 (b), and R6,
#: must-fix 4, its wording: the C-SSRS high-risk flag's box (:data:`SUICIDE_RISK_HIGH_STEP`) and the placement
#: headline's lead for it say this one text.
DECLINES_EVALUATION_OR_LEAVES = f"if the patient declines it or tries to leave: {STAFF_STAY} and {CALL_FOR_ASSESSMENT}"
#: The C-SSRS screener high-risk flag's box: safety precautions now, the immediate emergency evaluation, and what
#: staff do if the patient declines it or tries to leave (Columbia screener triage, Posner et al. 2011; physician
#: review R6, must-fix 4, the reviewer's words, so that box and headline agree), then the driving rule on every path
#: (physician review R75, item 2: the car is a means of self-harm; the placement says it after every such hold).
SUICIDE_RISK_HIGH_STEP = (
    "Safety precautions now: do not leave the patient alone; arrange an immediate emergency mental-health evaluation, "
    f"which decides any hospitalisation; {DECLINES_EVALUATION_OR_LEAVES}; the patient must not drive"
)
#: Beside an open C-SSRS high risk the emergency evaluation decides the setting: the placement headline's "Then, as the
#: evaluation decides: Level 1 (Outpatient)" and the continued-stay review's (walk24 finding 2: one plan on every page;
#: Columbia screener triage, Posner et al. 2011: the evaluation decides any hospitalisation).
EVALUATION_DECIDES = "as the evaluation decides"
#: What a suicide-risk flag that calls for a same-day risk assessment (PHQ-9 item 9, C-SSRS screen low or moderate)
#: says beside an open C-SSRS high risk: the emergency evaluation for suicide risk covers it, never a second
#: assessment (the placement box's words, physician review R21; walk24 finding 2: the review says the same).
EVALUATION_COVERS = "the emergency evaluation for suicide risk covers this"
#: What the next step of a PHQ-9 item 9 flag says beside a C-SSRS screen (low or moderate risk) of the episode: the
#: screen asked about suicidal thoughts, the risk assessment by a qualified clinician is still to be done, never "(e.g.
#: C-SSRS)" read as done (walk24 finding 10, the walk's words; Joint Commission NPSG 15.01.01: a screen, then an
#: assessment of those who screen positive).
SCREEN_NOT_THE_ASSESSMENT = "the C-SSRS screen asked about suicidal thoughts: it is a screen, not the assessment"


#: The C-SSRS screener moderate-risk flag's next step (physician review R23c A1, the reviewer's words): a suicide risk
#: assessment at the visit (NPSG 15.01.01) with safety planning, and safety precautions considered until it is done
#: (the screener's triage for question 3, "a behavioural-health consult and consider patient safety precautions", as
#: the reviewer recalls the ED form: not confirmed against the official form).
SUICIDE_RISK_MODERATE_STEP = (
    "Suicide risk assessment by a qualified clinician and safety planning before the patient leaves; consider safety "
    "precautions (do not leave the patient alone) until it is done"
)
#: The C-SSRS screener low-risk flag's next step (physician review R23c A2, the reviewer's words).
SUICIDE_RISK_LOW_STEP = (
    "Suicide risk assessment by a qualified clinician today, before the patient leaves; review the safety plan and "
    "give the 988 Lifeline number"
)


#: What a suicide-risk flag calls for: an immediate emergency evaluation (C-SSRS screener high risk) or a same-day
#: suicide risk assessment (PHQ-9 item 9, PCL-5 item 16, C-SSRS screener low or moderate risk), as the continued-stay
#: review reads a flag (:func:`iopkit.placement.continued_stay.calls_for`).  Closing one records the overall risk
#: level (:class:`RiskLevel`).  The PCL-5 has no formal safety item: reading its item 16 (risky or harmful
#: behaviour, which can be self-harm) as calling for a suicide risk assessment, and so as needing a risk level when
#: closed, is iopkit's own rule (:mod:`iopkit.instruments.pcl5`).
SUICIDE_RISK_CALLS = (CallsFor.EMERGENCY_EVALUATION, CallsFor.RISK_ASSESSMENT)


class RiskLevel(StrEnum):
    """The overall level of suicide risk a clinician's assessment found, recorded when a suicide-risk flag is
    closed: a patient check-in's (:meth:`iopkit.checkin.CheckinBook.review`) or a saved score's
    (:class:`iopkit.placement.FlagResolution`).

    The Joint Commission's NPSG 15.01.01 asks, after a positive screen, for an evidence-based risk assessment
    with the overall level of risk and the plan to mitigate it documented; the three levels are those of the
    Columbia (C-SSRS) triage (bibliography keys ``joint_commission_npsg15`` and ``cssrs_screener_triage``).  The
    clinician's judgement, recorded: iopkit never decides it.  ``iopkit.checkin`` re-exports it.
    """

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


#: The values a :class:`RiskLevel` is given as ("low", "moderate", "high"), named in refusals.
RISK_LEVELS = tuple(level.value for level in RiskLevel)


def triage_reminder(level: RiskLevel | str | None) -> tuple[str, str]:
    """What the C-SSRS screener's triage calls for at a high overall risk level, shown beside the clinician's choice.

    The C-SSRS screener's own high-risk action (:mod:`iopkit.instruments.cssrs_screen`, flag
    ``suicide_risk_high``: Columbia's screener triage, bibliography key ``cssrs_screener_triage``) with its
    sources; nothing for low or moderate.  Shown wherever a suicide-risk flag is closed: the check-in review
    and the progress page.  ``iopkit.checkin`` re-exports it.

    Parameters
    ----------
    level : RiskLevel or str or None
        The overall risk level chosen (a :class:`RiskLevel` or its value), or None when none is chosen.

    Returns
    -------
    tuple of (str, str)
        The reminder and its bibliography keys; ``("", "")`` for any level but high.

    Examples
    --------
    >>> text, source = triage_reminder("high")
    >>> text.startswith("C-SSRS screener triage, high risk: Safety precautions now"), source.split("; ")[0]
    (True, 'cssrs_screener_triage')
    >>> triage_reminder("low")
    ('', '')
    """
    if level != RiskLevel.HIGH:
        return "", ""
    from .instruments import get  # the instrument definitions: loaded when high is chosen, never with a page

    (rule,) = (r for r in get("cssrs_screen").flags if r.code == "suicide_risk_high")
    return f"C-SSRS screener triage, high risk: {rule.action}", rule.source


#: What was done about a safety flag is said in words: at least this many letters (a "." or "-" says nothing);
#: iopkit's own rule, for a check-in's review (:meth:`iopkit.checkin.CheckinBook.review`) and a saved score's
#: flag (:class:`iopkit.placement.FlagResolution`) alike.
ACTION_LETTERS = 3
#: Placeholders that say nothing was done or decided, refused as what was done (iopkit's own rule): the whole text
#: compared by its letters only, in lower case, so "N/A", "n.a." and "na" are one, "To do" and "todo" another, "see
#: note" and "seenote" a third; text made of one letter repeated ("xxx") is a placeholder too.  A placeholder with
#: more words is what was done ("NA: patient in ED", "Pending ED eval", "safety plan reviewed").
ACTION_PLACEHOLDERS = frozenset(
    {
        # nothing said
        "na", "nana", "nan", "nil", "none", "nothing", "null", "nada", "unk", "unknown", "notapplicable",
        # nothing done
        "noneneeded", "noaction", "nothingdone",
        # still to do
        "tbd", "tba", "tbc", "todo", "pending",
        # a tick, not what was done
        "done", "reviewed", "seen", "noted", "seenote", "asabove", "ok", "okay",
        # a pointer elsewhere, not what was done
        "seechart", "seeabove", "pernote", "asperplan",
        # nothing done, said another way
        "noactionneeded", "nonerequired", "notneeded", "nothingtoadd",
        # a tick or a mood, not what was done
        "completed", "addressed", "handled", "acknowledged", "ack", "yes", "fine", "safe", "idk",
        # typed to get past the field
        "xxx", "test", "asdf",
    }
)  # fmt: skip
#: What was done about a suicide-risk flag, as an example in a refusal: the level, the plan, the next contact.
ACTION_EXAMPLE = "C-SSRS low; safety plan reviewed; 988 given; next contact Thu"
#: What is allowed as what was done, in the words of a refusal (:func:`says_what_was_done`).
ACTION_ALLOWED = (
    f"text with at least {ACTION_LETTERS} letters saying what was done (e.g. 'called 988 with patient'), not a "
    "placeholder (such as 'n/a', 'none', 'nil', 'tbd', 'todo', 'xxx' or '???'; nor 'done', 'reviewed', 'see note' or "
    "'no action' alone)"
)

#: Where a later suicide risk assessment goes once a safety flag is closed (a flag is closed once: a check-in's
#: review, :meth:`iopkit.checkin.CheckinBook.review`, or a flag resolution, :class:`iopkit.placement.FlagResolution`,
#: whichever comes first), in the words of a refusal: a new assessment, which carries its own flags.  iopkit has a
#: C-SSRS screener (on the Intake & measures page) and no since-last-contact screener nor full C-SSRS form, so a
#: full risk assessment goes in the clinic's own record.
LATER_ASSESSMENT = (
    "Record the later assessment as a new one: in iopkit, a new C-SSRS screener (Intake & measures) with its own "
    "overall risk level and what was done; a full suicide risk assessment (e.g. the C-SSRS risk assessment) goes in "
    "your clinic's record"
)


def says_what_was_done(action: object) -> bool:
    """True when ``action`` is text with at least :data:`ACTION_LETTERS` letters that is not a placeholder
    (:data:`ACTION_PLACEHOLDERS`; iopkit's own rule).

    Only new entries are checked: a resolution the store saved before this rule reads as saved
    (:meth:`iopkit.placement.FlagResolution.from_stored`).

    Parameters
    ----------
    action : object
        What was done, as given.

    Returns
    -------
    bool
        False for anything but text, for text such as ``"."``, ``"-"`` or ``"ok"``, and for a placeholder such
        as ``"N/A"``, ``"none"``, ``"TBD"``, ``"to do"`` or ``"xxx"`` (case, spaces and punctuation ignored).

    Examples
    --------
    >>> says_what_was_done("C-SSRS full assessment; safety plan agreed"), says_what_was_done("-")
    (True, False)
    >>> says_what_was_done("safety plan"), says_what_was_done(" T.B.D. "), says_what_was_done("None")
    (True, False, False)
    """
    if not isinstance(action, str):
        return False
    letters = "".join(ch for ch in action.lower() if ch.isalpha())
    return len(letters) >= ACTION_LETTERS and letters not in ACTION_PLACEHOLDERS and len(set(letters)) > 1


@dataclass(frozen=True)
class Withdrawn:
    """What a flag says of itself when a correction withdrew it, never closed, and it stays open on the corrected
    record until the screen is repeated and the flag closed there (a C-SSRS screen's high risk:
    :attr:`iopkit.placement.resolution.AfterCorrection.WITHDRAWN`, set by
    :attr:`iopkit.placement.resolution.Reopened.listed`): the placement headline leads with repeating the screen, never
    with the emergency evaluation the withdrawn finding called for (the correction disputes it; the repeated screen
    decides), read from these fields, never from the flag's text (iopkit's own rule, physician review; the texts:
    :func:`iopkit.placement.resolution.withdrawn_lead`).

    Parameters
    ----------
    taken_on : datetime.date
        The clinical day of the screen the correction withdrew the flag of.
    corrected_on : datetime.date
        The clinical day the correction that withdrew it was saved.
    record : str
        The store id of the corrected record, where the flag is closed.
    contact_first : bool
        The patient may have left since (a late correction, or read on a later day): contact the patient first.
    repeated : (str, datetime.date), optional
        The store id and clinical day of the repeated screen, once one was entered (by the day read); None before.
    lowered : bool, default False
        The flag is the lower flag (C-SSRS low or moderate risk) a correction raised in place of a high risk never
        closed (:attr:`iopkit.placement.resolution.AfterCorrection.LOWERED`), not the high-risk flag withdrawn: the
        screen is repeated all the same, before the screen is repeated (set by
        :attr:`iopkit.placement.resolution.Reopened.lowered_mark`), and the headline says what the chart says
        (physician check of review 9).
    """

    taken_on: dt.date
    corrected_on: dt.date
    record: str
    contact_first: bool
    repeated: tuple[str, dt.date] | None = None
    lowered: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict; :meth:`from_dict` reads it back."""
        again = None if self.repeated is None else [self.repeated[0], self.repeated[1].isoformat()]
        return {
            "taken_on": self.taken_on.isoformat(),
            "corrected_on": self.corrected_on.isoformat(),
            "record": self.record,
            "contact_first": self.contact_first,
            "repeated": again,
        } | ({"lowered": True} if self.lowered else {})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Withdrawn:
        """Read what :meth:`to_dict` wrote (also after a JSON round trip).

        Examples
        --------
        >>> w = Withdrawn(dt.date(2026, 3, 2), dt.date(2026, 3, 5), "2", True, ("3", dt.date(2026, 3, 6)))
        >>> Withdrawn.from_dict(w.to_dict()) == w
        True
        """
        again = data.get("repeated")
        return cls(
            dt.date.fromisoformat(data["taken_on"]),
            dt.date.fromisoformat(data["corrected_on"]),
            str(data["record"]),
            bool(data["contact_first"]),
            None if again is None else (str(again[0]), dt.date.fromisoformat(again[1])),
            bool(data.get("lowered", False)),
        )


@dataclass(frozen=True, slots=True, init=False)
class Flag:
    """A signal a clinician must see.

    Parameters
    ----------
    code : str
        Stable snake_case identifier, e.g. ``"suicidal_ideation"``.
    message : str
        What was found, in plain words.
    severity : Severity or str
        How urgent (a :class:`Severity` or its value).
    action : str
        The next step to take (e.g. "Complete a suicide risk assessment today").
    source : str
        The published source of the rule that raised the flag.
    calls_for : CallsFor or str
        The kind of response the flag calls for (default ``note``).
    partial : bool
        True when raised from an unfinished form: a certain lower bound that the remaining
        answers can only make more serious.
    worst_case : bool
        True when raised only because a blank safety question counts as its worst answer until
        it is asked (always with ``partial=True``).
    medical_review : MedicalReview or str or None
        How soon and by whom its medical review is due, for a flag iopkit builds outside the instruments'
        definitions (the continued-stay review's ``medical_review_due``); ``None`` (default): as
        :func:`medical_review_of` reads the flag's rule and severity.
    withdrawn : Withdrawn or mapping or None
        Set on a flag a correction withdrew and that stays open until the screen is repeated, or on the lower flag a
        correction raised in place of a C-SSRS high risk never closed, until the screen is repeated
        (``Withdrawn.lowered``) (:class:`Withdrawn`, or its :meth:`Withdrawn.to_dict`); ``None`` (default) for any
        other flag.
    day : datetime.date or None
        The clinic's day of the assessment that raised it, set where the flag is shown on a later day (a placement,
        summary or review of a later day: :func:`iopkit.placement.suggest_dimensions`,
        :meth:`iopkit.episode.Episode.flag_today`), so its words say that day (:attr:`said`), never reading as
        today's; ``None`` (default): a flag of the day it is shown on. Not part of ``message``: the message stays the
        finding's own words, by which earlier and corrected flags are matched.

    Raises
    ------
    InvalidValueError
        A severity, calls_for or medical_review outside its set, a partial or worst_case that is not a
        bool, worst_case without partial, or a day that is not a date (a datetime is refused: the clinic's day of
        it is the caller's, :func:`iopkit.entry.clinical_day`) (a ``ValueError``).

    Examples
    --------
    >>> f = Flag("suicidal_ideation", "PHQ-9 item 9 answered 1", "critical",
    ...          calls_for="risk_assessment")
    >>> f.severity is Severity.CRITICAL, f.calls_for is CallsFor.RISK_ASSESSMENT
    (True, True)
    >>> f.severity == "critical"
    True
    """

    code: str
    message: str
    severity: Severity
    action: str
    source: str
    calls_for: CallsFor
    partial: bool
    worst_case: bool
    medical_review: MedicalReview | None
    withdrawn: Withdrawn | None
    day: dt.date | None

    def __init__(
        self,
        code: str,
        message: str,
        severity: Severity | str = Severity.WARNING,
        action: str = "",
        source: str = "",
        calls_for: CallsFor | str = CallsFor.NOTE,
        partial: bool = False,
        worst_case: bool = False,
        medical_review: MedicalReview | str | None = None,
        withdrawn: Withdrawn | Mapping[str, Any] | None = None,
        day: dt.date | None = None,
    ) -> None:
        level = member(Severity, severity, "Flag severity", InvalidValueError)
        calls = member(CallsFor, calls_for, "Flag calls_for", InvalidValueError)
        review = (
            None
            if medical_review is None
            else member(MedicalReview, medical_review, "Flag medical_review", InvalidValueError)
        )
        for name, switch in (("partial", partial), ("worst_case", worst_case)):
            if not isinstance(switch, bool):
                raise InvalidValueError(
                    f"Flag {name} must be True or False (got {switch!r})",
                    item=f"Flag {name}",
                    value=switch,
                    allowed=(True, False),
                )
        if worst_case and not partial:
            raise InvalidValueError(
                "Flag worst_case is only for a flag of an unfinished form (partial=True)",
                item="Flag worst_case",
                value=worst_case,
                allowed=(False,),
            )
        if day is not None and (not isinstance(day, dt.date) or isinstance(day, dt.datetime)):
            raise InvalidValueError(
                f"Flag day must be a date (got {day!r})", item="Flag day", value=day, allowed="datetime.date"
            )
        for name, value in (
            ("code", code),
            ("message", message),
            ("severity", level),
            ("action", action),
            ("source", source),
            ("calls_for", calls),
            ("partial", partial),
            ("worst_case", worst_case),
            ("medical_review", review),
            ("withdrawn", _withdrawn(withdrawn)),
            ("day", day),
        ):
            object.__setattr__(self, name, value)

    @property
    def said(self) -> str:
        """The flag's message as a clinician is shown it: with the day of the assessment that raised it where that
        is another day than the one it is shown on (``day``), "(flag of 20 Nov 2026)", as the placement headline
        names an old finding's day ("of 20 Nov 2026"); the message as it is for a flag of the day it is shown on, or
        one whose message names that day already (an open flag's note, "(PHQ-9 of 20 Nov 2026, not resolved)", or
        the summary's "(phq9, 2026-11-20)").
        The one wording of a flag's day: every list of flags says it (:func:`iopkit.markup.flags_html`).

        Returns
        -------
        str

        Examples
        --------
        >>> f = Flag("suicidal_ideation", "Possible suicidal ideation (PHQ-9 item 9)", "critical")
        >>> f.said
        'Possible suicidal ideation (PHQ-9 item 9)'
        >>> Flag(f.code, f.message, f.severity, day=dt.date(2026, 11, 20)).said
        'Possible suicidal ideation (PHQ-9 item 9) (flag of 20 Nov 2026)'
        >>> Flag("x", "PHQ-9 item 9 (PHQ-9 of 20 Nov 2026, not resolved)", day=dt.date(2026, 11, 20)).said
        'PHQ-9 item 9 (PHQ-9 of 20 Nov 2026, not resolved)'
        """
        if self.day is None:
            return self.message
        when = f"{self.day:%d %b %Y}"
        named = when in self.message or self.day.isoformat() in self.message  # the summary's notes: "2026-11-20"
        return self.message if named else f"{self.message} (flag of {when})"

    def of_day(self, day: dt.date | None) -> Flag:
        """This flag dated ``day`` (:attr:`said`), where it has no day yet; as it is for ``None`` or a flag that
        has one (the day it was first found on stays).

        Parameters
        ----------
        day : datetime.date or None
            The clinic's day of the assessment that raised it, where it is another day than the one it is shown on.

        Returns
        -------
        Flag

        Examples
        --------
        >>> f = Flag("a", "x").of_day(dt.date(2026, 11, 20))
        >>> f.day, f.of_day(dt.date(2026, 11, 21)).day, f.of_day(None) is f
        (datetime.date(2026, 11, 20), datetime.date(2026, 11, 20), True)
        """
        if day is None or self.day is not None:
            return self
        return replace(self, day=day)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict; :meth:`from_dict` reads it back (``worst_case`` only when True, ``medical_review``,
        ``withdrawn`` and ``day`` only when given: a flag without them writes what it wrote before they existed, so a
        record's stored bytes, which its audit hash covers, never change)."""
        out: dict[str, Any] = {
            "code": self.code,
            "message": self.message,
            "severity": self.severity.value,
            "action": self.action,
            "source": self.source,
            "calls_for": self.calls_for.value,
            "partial": self.partial,
        }
        out = {**out, "worst_case": True} if self.worst_case else out
        out = out if self.withdrawn is None else {**out, "withdrawn": self.withdrawn.to_dict()}
        out = out if self.day is None else {**out, "day": self.day.isoformat()}
        return out if self.medical_review is None else {**out, "medical_review": self.medical_review.value}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Flag:
        """Read a flag written by :meth:`to_dict` (older records without ``calls_for``,
        ``partial``, ``worst_case``, ``medical_review`` or ``day`` read with the defaults).

        Examples
        --------
        >>> f = Flag("suicidal_ideation", "PHQ-9 item 9", "critical", day=dt.date(2026, 11, 20))
        >>> f.to_dict()["day"], Flag.from_dict(f.to_dict()) == f
        ('2026-11-20', True)
        >>> "day" in Flag("a", "x").to_dict()  # a flag without a day is written as before it had one
        False
        """
        day = data.get("day")
        if day is None:
            return cls(**data)
        try:
            read = dt.date.fromisoformat(day) if isinstance(day, str) else day
        except ValueError:
            raise InvalidValueError(
                f"Flag day must be a date (got {day!r})", item="Flag day", value=day, allowed="YYYY-MM-DD"
            ) from None
        return cls(**{**data, "day": read})


def _withdrawn(value: Withdrawn | Mapping[str, Any] | None) -> Withdrawn | None:
    """A flag's ``withdrawn`` as given, or read from :meth:`Withdrawn.to_dict` (a saved flag)."""
    return value if value is None or isinstance(value, Withdrawn) else Withdrawn.from_dict(value)


def by_urgency(flags: Iterable[Flag]) -> tuple[Flag, ...]:
    """Flags sorted most urgent first (:func:`urgency`: by severity, then by the danger of what each calls for, the
    order given within a tie), each at its rule's severity (:func:`at_rule_severity`), duplicates (equal flags)
    removed: the one order of every list of flags (physician review R23c A6); the same finding of another day (its
    ``day``, :attr:`Flag.said`) is kept beside today's.

    Parameters
    ----------
    flags : iterable of Flag
        The flags, in any order.

    Returns
    -------
    tuple of Flag
        Critical first, then warnings, then notes for the record, each severity in :func:`danger` order; each flag
        once.

    Examples
    --------
    >>> fs = [Flag("a", "x", "info"), Flag("b", "y", "critical"), Flag("a", "x", "info")]
    >>> [f.code for f in by_urgency(fs)]
    ['b', 'a']
    >>> fs = [Flag("c", "AUDIT item 6", "warning", calls_for="medical_review"),
    ...       Flag("d", "C-SSRS moderate", "critical", calls_for="risk_assessment"),
    ...       Flag("e", "C-SSRS high", "critical", calls_for="emergency_evaluation")]
    >>> [f.code for f in by_urgency(fs)]
    ['e', 'd', 'c']
    """
    unique = dict.fromkeys(at_rule_severity(f) for f in flags)
    return tuple(sorted(unique, key=urgency))


def urgency(flag: Flag) -> tuple[int, int]:
    """How urgent ``flag`` is, lower first: its severity's rank at its rule's severity (:func:`at_rule_severity`),
    then its :func:`danger`. The one sort key of every list of flags (:func:`by_urgency`; a list of things that hold
    a flag sorts by it too, e.g. :attr:`iopkit.episode.Episode.open_flags`): physician review R23c A6.

    Parameters
    ----------
    flag : Flag

    Returns
    -------
    tuple of (int, int)

    Examples
    --------
    >>> urgency(Flag("x", "y", "critical", calls_for="emergency_evaluation"))
    (0, 1)
    """
    lifted = at_rule_severity(flag)
    return lifted.severity.rank, danger(lifted)


def danger(flag: Flag) -> int:
    """The danger rank of what ``flag`` calls for, 1 the most dangerous, within a severity (physician review R23c A6,
    the reviewer's order): (1) an emergency evaluation (C-SSRS high risk); (2) a medical review now (possible
    delirium, CIWA-Ar item 10: it makes a suicide risk assessment unreliable); (3) a suicide risk assessment (C-SSRS
    moderate or low, PHQ-9 item 9, PCL-5 item 16); (4) opioid overdose (a review due the day a drug screen's result
    is read: :attr:`MedicalReview.SCREEN_READ`, the flag's own); (5) another withdrawal or medical review; (6) a level
    review; (7) unfinished safety questions; (8) counselling; (9) a note. What a flag calls for is the most urgent of
    its own and its rule's (by code), so an old record reads as its rule does now.

    Parameters
    ----------
    flag : Flag

    Returns
    -------
    int
        1 to 9.

    Examples
    --------
    >>> danger(Flag("opioid_positive", "x", "critical", calls_for="medical_review", medical_review="screen_read"))
    4
    >>> danger(Flag("withdrawal_risk", "AUDIT item 6", "warning", calls_for="medical_review"))
    5
    """
    order = tuple(CallsFor)
    calls = min((c for c in (flag.calls_for, _rule_calls().get(flag.code)) if c is not None), key=order.index)
    if calls is CallsFor.MEDICAL_REVIEW:
        if flag.medical_review is MedicalReview.SCREEN_READ:
            return 4
        return 2 if medical_review_of(flag) is MedicalReview.NOW else 5
    return {
        CallsFor.EMERGENCY_EVALUATION: 1,
        CallsFor.RISK_ASSESSMENT: 3,
        CallsFor.LEVEL_REVIEW: 6,
        CallsFor.COMPLETE_FORM: 7,
        CallsFor.COUNSELLING: 8,
    }.get(calls, 9)


def at_rule_severity(flag: Flag) -> Flag:
    """``flag`` at the severity its rule has now (the instruments' rules, by code), where that is more severe: a flag
    saved before its rule was made more urgent (e.g. C-SSRS moderate risk, a warning before physician review R23c A1)
    shows as its rule does now, so an old record never shows a lesser sign (R23c A5). The record itself is not
    changed (what the store keeps reads back as saved); a note for the record (``info``) keeps its own severity.

    Parameters
    ----------
    flag : Flag

    Returns
    -------
    Flag
        ``flag`` itself, or a copy at its rule's severity.

    Examples
    --------
    >>> at_rule_severity(Flag("suicide_risk_moderate", "C-SSRS moderate risk", "warning")).severity.value
    'critical'
    >>> f = Flag("withdrawal_risk", "AUDIT item 6", "warning")
    >>> at_rule_severity(f) is f
    True
    """
    rule = _rule_severities().get(flag.code)
    if rule is None or flag.severity is Severity.INFO or rule.rank >= flag.severity.rank:
        return flag
    return replace(flag, severity=rule)


def severity_shown(flag: Flag) -> Severity:
    """The severity ``flag`` is shown at on every page: its own, or its rule's where that is more severe
    (:func:`at_rule_severity`).  The one reading of a flag's colour and title: the placement page's boxes
    (:func:`iopkit.markup.flags_html`), the chart header and the caseload's flags (:func:`iopkit.markup.flag_class`),
    the roster's marker and the caseload's count (:func:`most_severe`) all read it (physician review R25a).

    Parameters
    ----------
    flag : Flag

    Returns
    -------
    Severity

    Examples
    --------
    >>> severity_shown(Flag("withdrawal_risk", "AUDIT item 6", "warning")).value
    'warning'
    >>> severity_shown(Flag("suicide_risk_moderate", "C-SSRS moderate risk", "warning")).value  # saved before R23c A1
    'critical'
    """
    return at_rule_severity(flag).severity


def most_severe(flags: Iterable[Flag]) -> Severity | None:
    """The most severe of ``flags`` as each is shown (:func:`severity_shown`), for a mark standing for several flags
    (a roster row's marker, the caseload's count): critical only when one of them is; None for no flag.

    Parameters
    ----------
    flags : iterable of Flag

    Returns
    -------
    Severity or None

    Examples
    --------
    >>> most_severe([Flag("withdrawal_risk", "AUDIT item 6", "warning"), Flag("note", "x", "info")]).value
    'warning'
    >>> most_severe([Flag("withdrawal_risk", "AUDIT item 6", "warning"), Flag("si", "PHQ-9 item 9", "critical")]).value
    'critical'
    >>> most_severe([]) is None
    True
    """
    return min((severity_shown(f) for f in flags), key=lambda s: s.rank, default=None)


def medical_review_of(flag: Flag) -> MedicalReview:
    """How soon, and by whom, a medical review of ``flag`` is due (:class:`MedicalReview`), the most urgent of: what
    the flag says itself (``Flag.medical_review``), ``now`` for a critical flag (but a flag saying ``screen_read``
    keeps it, however critical: physician review R23c B2), and what the instruments' rule of its
    code says (``FlagRule.medical_review``, a critical rule ``now``); else ``today``.

    Read from the definitions by code, so a flag saved before it said so, or rebuilt with a new next step (a score of
    another day), reads as its rule does now: an old record never makes a review later (iopkit's own rule).

    Parameters
    ----------
    flag : Flag
        A flag (whether it calls for a medical review is the caller's question: its ``calls_for``).

    Returns
    -------
    MedicalReview

    Examples
    --------
    >>> medical_review_of(Flag("possible_inattention", "CIWA-Ar item 10 at 1", "warning")).value
    'now'
    >>> medical_review_of(Flag("moderate_opioid_withdrawal", "COWS 13-24", "warning")).value
    'prescriber'
    >>> medical_review_of(Flag("withdrawal_risk", "AUDIT item 6", "warning")).value
    'today'
    """
    # a review due the day a drug screen's result is read keeps it however critical (physician review R23c B2)
    now = flag.severity is Severity.CRITICAL and flag.medical_review is not MedicalReview.SCREEN_READ
    found = [MedicalReview.NOW] if now else []
    found += [r for r in (flag.medical_review, _rule_reviews().get(flag.code)) if r is not None]
    return min(found, key=lambda r: r.rank, default=MedicalReview.TODAY)


@functools.cache
def _rule_reviews() -> Mapping[str, MedicalReview]:
    """The instruments' medical-review rules by flag code, each the most urgent its rules of that code say (a critical
    rule: ``now``; read from the definitions, :func:`medical_review_of`)."""
    from .instruments import CATALOGUE  # the definitions: loaded when a flag is first read, never with a page

    out: dict[str, MedicalReview] = {}
    for inst in CATALOGUE.values():
        for rule in inst.flags:
            said = MedicalReview.NOW if rule.severity is Severity.CRITICAL else rule.medical_review
            # a rule's value is a member once defined (FlagRule)
            if isinstance(said, MedicalReview) and (rule.code not in out or said.rank < out[rule.code].rank):
                out[rule.code] = said
    return MappingProxyType(out)


def sessions_unrecorded(n: int) -> str:
    """Planned sessions that have ended with no attendance recorded, counted in words, as the dose page and the
    continued-stay review say them: "1 session with no attendance recorded", "6 sessions with no attendance recorded".

    Parameters
    ----------
    n : int
        How many.

    Returns
    -------
    str
    """
    return f"{n} session{'s' if n != 1 else ''} with no attendance recorded"


def unrecorded_were(n: int) -> str:
    """The planned sessions with no attendance recorded as the subject of "... missed": "the session with no
    attendance recorded was", "the 6 sessions with no attendance recorded were".

    Parameters
    ----------
    n : int
        How many (at least 1).

    Returns
    -------
    str

    Examples
    --------
    >>> f"62% if {unrecorded_were(6)} missed"
    '62% if the 6 sessions with no attendance recorded were missed'
    """
    return f"the {sessions_unrecorded(n)} were" if n > 1 else "the session with no attendance recorded was"


@functools.cache
def _rule_severities() -> Mapping[str, Severity]:
    """The instruments' flag rules' severities by code, each the most severe its rules of that code say (read from
    the definitions, :func:`at_rule_severity`)."""
    from .instruments import CATALOGUE  # the definitions: loaded when a flag is first read, never with a page

    out: dict[str, Severity] = {}
    for inst in CATALOGUE.values():
        for rule in inst.flags:
            level = Severity(rule.severity)
            if rule.code not in out or level.rank < out[rule.code].rank:
                out[rule.code] = level
    return MappingProxyType(out)


@functools.cache
def _rule_calls() -> Mapping[str, CallsFor]:
    """What the instruments' flag rules call for, by code, the most urgent its rules of that code say
    (:func:`danger`)."""
    from .instruments import CATALOGUE  # the definitions: loaded when a flag is first read, never with a page

    order = tuple(CallsFor)
    out: dict[str, CallsFor] = {}
    for inst in CATALOGUE.values():
        for rule in inst.flags:
            calls = CallsFor(rule.calls_for)
            if rule.code not in out or order.index(calls) < order.index(out[rule.code]):
                out[rule.code] = calls
    return MappingProxyType(out)


def week_named(day: dt.date) -> str:
    """A week by its first day (its Monday), as :func:`weeks_of` names it and a chart's axis labels it: "16 Nov".

    Parameters
    ----------
    day : datetime.date
        The week's first day.

    Returns
    -------
    str

    Examples
    --------
    >>> import datetime as dt
    >>> week_named(dt.date(2026, 11, 2))
    '2 Nov'
    """
    return f"{day.day} {day:%b}"


def weeks_of(days: Sequence[dt.date]) -> str:
    """Weeks named by their first days, the month once for a run of days in it: "the weeks of 12, 19 Oct, 2, 16 Nov"
    ("the week of 16 Nov" for one). The one naming of a week on the review and the dose page: by its Monday's date,
    never a week number that one page counts from 0 and another from 1 (walk24 finding 9).

    Parameters
    ----------
    days : sequence of datetime.date
        Each week's first day, in order.

    Returns
    -------
    str

    Examples
    --------
    >>> import datetime as dt
    >>> weeks_of([dt.date(2026, 10, 12), dt.date(2026, 10, 19), dt.date(2026, 11, 2), dt.date(2026, 11, 16)])
    'the weeks of 12, 19 Oct, 2, 16 Nov'
    >>> weeks_of([dt.date(2026, 11, 16)])
    'the week of 16 Nov'
    """
    parts = []
    for i, day in enumerate(days):
        last = i + 1 == len(days) or (days[i + 1].month, days[i + 1].year) != (day.month, day.year)
        parts.append(week_named(day) if last else str(day.day))
    return f"the week{'s' if len(days) > 1 else ''} of {', '.join(parts)}"
