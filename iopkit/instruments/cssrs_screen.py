"""C-SSRS screener: Columbia Suicide Severity Rating Scale, screen version with triage (Posner et al.).

Stems paraphrased.  Question 6 (suicidal behaviour) has a
follow-up on the form, "was this within the past 3 months?", recorded here as item 7.
There is no total: the triage level is the highest level any "yes" reaches (points = level).
"""

from ..flags import SUICIDE_RISK_HIGH_STEP, SUICIDE_RISK_LOW_STEP, SUICIDE_RISK_MODERATE_STEP
from ._model import (
    Band,
    FlagRule,
    IfAnswered,
    Instrument,
    Scheme,
    SkipRule,
    When,
    band_flag,
    safety_question,
    yes_no_item,
)

#: Screener with triage points: Q1-2 low, Q3 or Q6 over 3 months ago moderate, Q4, Q5 or Q6
#: within 3 months high.  High risk calls for patient safety precautions until a mental-health
#: professional evaluates the patient for possible hospitalisation (an emergency evaluation), not only
#: a risk assessment (Columbia clinical triage guidelines).
TRIAGE = "cssrs_screener_triage; cssrs_posner2011"

# Triage level of a "yes": 1 low, 2 moderate, 3 high.
ITEMS = (
    yes_no_item(1, "Wished you were dead or could go to sleep and not wake up", yes_points=1),
    yes_no_item(2, "Had any actual thoughts of killing yourself", yes_points=1),
    yes_no_item(3, "Thought about how you might do this (method)", yes_points=2),
    yes_no_item(4, "Had these thoughts and some intention of acting on them", yes_points=3),
    yes_no_item(5, "Started to work out or worked out details of how; intend to carry it out", yes_points=3),
    yes_no_item(6, "Ever done, started or prepared anything to end your life", yes_points=2),
    yes_no_item(7, "Question 6 follow-up: was this within the past 3 months?", yes_points=3),
)

CSSRS_SCREEN = Instrument(
    code="cssrs_screen",
    name="Columbia Suicide Severity Rating Scale, screener (C-SSRS screen)",
    items=ITEMS,
    timeframe="past month (ideation); lifetime and past 3 months (behaviour)",
    aggregate="max",
    # If Q2 = no, skip to Q6; the Q6 follow-up is asked only after a "yes".  A "yes" given to a
    # question the form skips is never dropped (a safety answer): kept, with a note to clarify.
    skip_rules=(
        SkipRule(when=((2, (0,)),), unasked=(3, 4, 5), source="cssrs_screener_triage", if_answered=IfAnswered.KEEP),
        SkipRule(when=((6, (0,)),), unasked=(7,), source="cssrs_screener_triage", if_answered=IfAnswered.KEEP),
    ),
    schemes=(
        Scheme(
            "columbia_triage",
            TRIAGE,
            (
                Band(0, 0, "no_risk", "No ideation or behaviour reported"),
                Band(1, 1, "low_risk"),
                Band(2, 2, "moderate_risk"),
                Band(3, 3, "high_risk"),
            ),
        ),
    ),
    flags=(
        # Safety questions the form asks next count as their worst answer until asked: intent and
        # plan (Q4, Q5: high risk) once Q2 is "yes", and the recency of behaviour (Q7) once Q6 is
        # "yes" or, Q6 being asked of everyone, still blank (its worst answer "yes" asks Q7): recent
        # behaviour is high risk (Columbia screener triage).  A "yes" to Q4, Q5 or Q7 is high risk
        # on a complete form too, so these conditions never add a flag the band lacks.
        FlagRule(
            "suicide_risk_high",
            "C-SSRS high risk: intent, plan, or suicidal behaviour in the past 3 months",
            "critical",
            SUICIDE_RISK_HIGH_STEP,
            TRIAGE,
            (When(bands=("high_risk",)), safety_question(4), safety_question(5), safety_question(7)),
            calls_for="emergency_evaluation",
        ),
        # Moderate and low risk are "Act now" (critical): a positive suicide screen gets a clinician's suicide risk
        # assessment at that visit (NPSG 15.01.01), as PHQ-9 item 9 does (physician review R23c A1, A2, the
        # reviewer's words: SUICIDE_RISK_MODERATE_STEP, SUICIDE_RISK_LOW_STEP)
        band_flag(
            "suicide_risk_moderate",
            "C-SSRS moderate risk: method considered, or suicidal behaviour over 3 months ago",
            ("moderate_risk",),
            SUICIDE_RISK_MODERATE_STEP,
            TRIAGE + "; joint_commission_npsg15",  # the screener's triage; the timing is the NPSG's assessment
            severity="critical",
            calls_for="risk_assessment",
        ),
        band_flag(
            "suicide_risk_low",
            "C-SSRS low risk: wish to be dead or non-specific suicidal thoughts",
            ("low_risk",),
            SUICIDE_RISK_LOW_STEP,
            TRIAGE + "; joint_commission_npsg15",
            severity="critical",
            calls_for="risk_assessment",
        ),
    ),
    loinc_panel="93373-9",  # screener, recent (public FHIR Questionnaires); unconfirmed
    citation="cssrs_posner2011",
    licence="(c) The Research Foundation for Mental Hygiene / Columbia University; terms not confirmed "
    "(check cssrs.columbia.edu); stems paraphrased here",
    aliases=("cssrs", "c-ssrs", "cssrs_screener"),
    notes=("The exact triage colour mapping is to be verified on the official form.",),
)
