"""CIWA-Ar: Clinical Institute Withdrawal Assessment for Alcohol, revised (Sullivan et al. 1989).

Nine items 0-7 (anchors printed at 0, 1, 4, 7 or every
step), orientation 0-4; maximum 67.  Valid only if the patient can communicate.

Item titles, instructions and answer anchors are the printed form's words (Sullivan 1989, "not copyrighted"), first
letter capitalised.  A stem is the printed title only (it names the item wherever a blank item is to be asked now);
the form's instruction for the item, what to ask or observe, is its ``instruction``, shown where the item is rated
(item 9's "Do not rate for dizziness or lightheadedness" is a scoring rule, item 10's questions test orientation).
Reproductions print item 3's and 5's instruction as "Observation." or "Observation:"; the period is kept, as for the
other items.  Two anchors differ
between reproductions of the form: item 4 at 1 ("mild anxious" in transcriptions of the printed form, "mildly
anxious" in UpToDate and MDCalc) and item 10 at 4 ("disoriented for place/or person" in those transcriptions,
"place and/or person" elsewhere); both read as misprints and are shown in the corrected wording.
"""

from ..flags import (
    BENZODIAZEPINE_HOLD,
    DECLINES_TRANSFER,
    DELIRIUM_CAUSES,
    DELIRIUM_SCREEN,
    IF_DELIRIUM_TRANSFER,
    IF_DOSED_NO_DRIVING,
    INATTENTION_RESCORE,
    NO_DRIVING_UNTIL_SCREEN_CLEARS,
    NOT_AMBULATORY,
    PRESCRIBER_REVIEW,
    SEVERE_ALCOHOL_STEP,
)
from ._model import Band, FlagRule, Instrument, Item, Scheme, When, band_flag, labelled, safety_question

SULLIVAN = "ciwa_sullivan1989"
ASAM = "asam_awm2020"

_SEVERITY = {
    0: "Not present",
    1: "Very mild",
    2: "Mild",
    3: "Moderate",
    4: "Moderately severe",
    5: "Severe",
    6: "Very severe",
    7: "Extremely severe",
}


def _perception(what: str, absent: str = "Not present") -> dict[int, str]:
    """Items 6-8 anchors (Sullivan 1989): ``absent`` at 0 ("None" on item 6), 1-3 grade a sensation, 4-7 grade
    hallucinations."""
    return {
        0: absent,
        1: f"Very mild {what}",
        2: f"Mild {what}",
        3: f"Moderate {what}",
        4: "Moderately severe hallucinations",
        5: "Severe hallucinations",
        6: "Extremely severe hallucinations",
        7: "Continuous hallucinations",
    }


#: Hallucinations start at 4 on items 6-8 ("moderately severe hallucinations"); item 10 at 2 is the
#: first disoriented anchor ("disoriented for date by no more than 2 calendar days"), and 1 ("cannot
#: do serial additions or is uncertain about date") is inattention (Sullivan 1989 anchors).
HALLUCINATIONS_FROM, DISORIENTED_FROM, INATTENTIVE_AT = 4, 2, 1

#: How the encyclopaedia-only scheme is labelled wherever it is shown, and its name in words users read (its id,
#: ``severe_16``, is data only: scores saved under it read back by it).
_NOT_CLINICAL = "Secondary source only, not for clinical use"
SECONDARY_SUMMARY = "a secondary summary"

ITEMS = (
    Item(
        1,
        "Nausea and vomiting",
        instruction='Ask "Do you feel sick to your stomach? Have you vomited?" Observation.',
        options=labelled(
            {
                0: "No nausea and no vomiting",
                1: "Mild nausea with no vomiting",
                4: "Intermittent nausea with dry heaves",
                7: "Constant nausea, frequent dry heaves and vomiting",
            },
            7,
        ),
    ),
    Item(
        2,
        "Tremor",
        instruction="Arms extended and fingers spread apart. Observation.",
        options=labelled(
            {
                0: "No tremor",
                1: "Not visible, but can be felt fingertip to fingertip",
                4: "Moderate, with patient's arms extended",
                7: "Severe, even with arms not extended",
            },
            7,
        ),
    ),
    Item(
        3,
        "Paroxysmal sweats",
        instruction="Observation.",
        options=labelled(
            {
                0: "No sweat visible",
                1: "Barely perceptible sweating, palms moist",
                4: "Beads of sweat obvious on forehead",
                7: "Drenching sweats",
            },
            7,
        ),
    ),
    Item(
        4,
        "Anxiety",
        instruction='Ask "Do you feel nervous?" Observation.',
        options=labelled(
            {
                0: "No anxiety, at ease",
                1: "Mildly anxious",
                4: "Moderately anxious, or guarded, so anxiety is inferred",
                7: "Equivalent to acute panic states as seen in severe delirium or acute schizophrenic reactions",
            },
            7,
        ),
    ),
    Item(
        5,
        "Agitation",
        instruction="Observation.",
        options=labelled(
            {
                0: "Normal activity",
                1: "Somewhat more than normal activity",
                4: "Moderately fidgety and restless",
                7: "Paces back and forth during most of the interview, or constantly thrashes about",
            },
            7,
        ),
    ),
    Item(
        6,
        "Tactile disturbances",
        instruction='Ask "Have you any itching, pins and needles sensations, any burning, any numbness, or do you '
        'feel bugs crawling on or under your skin?" Observation.',
        options=labelled(_perception("itching, pins and needles, burning or numbness", absent="None"), 7),
    ),
    Item(
        7,
        "Auditory disturbances",
        instruction='Ask "Are you more aware of sounds around you? Are they harsh? Do they frighten you? Are you '
        'hearing anything that is disturbing to you? Are you hearing things you know are not there?" Observation.',
        options=labelled(_perception("harshness or ability to frighten"), 7),
    ),
    Item(
        8,
        "Visual disturbances",
        instruction='Ask "Does the light appear to be too bright? Is its color different? Does it hurt your eyes? '
        'Are you seeing anything that is disturbing to you? Are you seeing things you know are not there?" '
        "Observation.",
        options=labelled(_perception("sensitivity"), 7),
    ),
    Item(
        9,
        "Headache, fullness in head",
        # a scoring rule as well as a question: dizziness or lightheadedness is not rated here
        instruction='Ask "Does your head feel different? Does it feel like there is a band around your head?" '
        "Do not rate for dizziness or lightheadedness. Otherwise, rate severity.",
        options=labelled(_SEVERITY, 7),
    ),
    Item(
        10,
        "Orientation and clouding of sensorium",
        instruction='Ask "What day is this? Where are you? Who am I?"',
        options=labelled(
            {
                0: "Oriented and can do serial additions",
                1: "Cannot do serial additions or is uncertain about date",
                2: "Disoriented for date by no more than 2 calendar days",
                3: "Disoriented for date by more than 2 calendar days",
                4: "Disoriented for place and/or person",
            },
            4,
        ),
    ),
)

CIWA_AR = Instrument(
    code="ciwa_ar",
    name="Clinical Institute Withdrawal Assessment for Alcohol, revised (CIWA-Ar)",
    items=ITEMS,
    timeframe="now (serial ratings)",
    schemes=(
        # iopkit's default bands, Sullivan-DERIVED, not the 1989 form's: the form says only that scores
        # under 10 usually need no additional medication; "<8-10 minimal to mild; 8-15 moderate; 15 or more
        # severe" is later protocol text quoting the form (VA PAWS page).  Overlaps resolved at the lower
        # number (<8, 8-14, 15+), the reading also used by CamCOPS.  The id keeps its name so saved scores
        # read back; the headline names these "iopkit's default bands", never Sullivan 1989's
        # (iopkit.placement.suggest.severe_band_words; physician review).
        Scheme(
            "sullivan_1989",
            SULLIVAN + "; camcops_tasks",
            (Band(0, 7, "mild"), Band(8, 14, "moderate"), Band(15, 67, "severe")),
        ),
        # ASAM 2020 alcohol withdrawal guideline: <10 mild, 10-18 moderate, >= 19 severe.
        Scheme("asam_2020", ASAM, (Band(0, 9, "mild"), Band(10, 18, "moderate"), Band(19, 67, "severe"))),
        # <= 10 mild, 11-15 moderate, >= 16 severe (encyclopaedia summary only): kept so records
        # scored under it still read back, and labelled not for clinical use; said by its name, never its id.
        Scheme(
            "severe_16",
            "ciwa_wikipedia",
            tuple(
                Band(low, high, label, f"{_NOT_CLINICAL}: {label} on {SECONDARY_SUMMARY}'s bands")
                for low, high, label in ((0, 10, "mild"), (11, 15, "moderate"), (16, 67, "severe"))
            ),
            name=SECONDARY_SUMMARY,
        ),
    ),
    flags=(
        # Hallucinations or disorientation mean complicated withdrawal (possible delirium) whatever
        # the total: ASAM 2020 guideline, Table 1 ("complicated": seizure, clouding of the
        # sensorium or confusion, or new onset of hallucinations); item anchors Sullivan 1989. On a later
        # day the flag is possible withdrawal delirium, if confirmed a history of complicated withdrawal
        # (Rec II.5: a risk factor; Rec III.1: ambulatory care once limited or mitigated): iopkit.flags,
        # NOT_AMBULATORY, says what it calls for then.
        FlagRule(
            "complicated_withdrawal",
            "CIWA-Ar hallucinations (item 6, 7 or 8 at 'moderately severe hallucinations' or "
            "more) or disorientation (item 10 at 2 or more: disoriented for date, place or "
            "person): complicated withdrawal, possible delirium, whatever the total",
            "critical",
            "Medical review now: assess for alcohol withdrawal delirium and arrange medically "
            f"managed (inpatient) withdrawal management; {NOT_AMBULATORY}",
            ASAM + "; " + SULLIVAN,
            # Safety questions: left blank on a started form, each counts as its worst answer
            # until it is asked (the generic rule of iopkit._partial), never as "not present".
            (
                safety_question(6, HALLUCINATIONS_FROM),
                safety_question(7, HALLUCINATIONS_FROM),
                safety_question(8, HALLUCINATIONS_FROM),
                safety_question(10, DISORIENTED_FROM),
            ),
            calls_for="medical_review",
            # the flag names the item(s) and rating(s) that raised it, then this finding (physician review: which
            # item fired, and nothing it did not find); the message above states the rule, for the docs
            finding="complicated withdrawal, possible delirium (any total)",
        ),
        # Item 10 at 1 is inattention, not yet disorientation: the guideline names no rule for it,
        # so screening for delirium and re-scoring soon is iopkit's own rule (CAM: Inouye 1990; the 4AT:
        # Bellelli et al. 2014, a bedside screen for a clinic, not the intensive-care CAM-ICU). Delirium is
        # assessed for all its causes (ASAM 2020 alcohol withdrawal guideline, section I.C, differential
        # diagnosis, and section VI.B, alcohol withdrawal delirium; not Rec VII.6, which is in the emergency-
        # department section VII.B): Wernicke encephalopathy (thiamine), low blood glucose (checked and a low one
        # treated at once, thiamine given with it: glucose is never delayed for thiamine, Schabelman & Kuo 2012),
        # intoxication (breath alcohol), hepatic encephalopathy. None of that waits for a review later in the day:
        # a warning, its medical review is a prescriber's now (physician review; iopkit's own rule). Possible delirium
        # impairs driving, and inattention may be intoxication: the patient must not drive until the medical review
        # finds the patient not delirious or intoxicated (iopkit's own rule, physician check of review 9; physician
        # review R2, session 11, should-fix 11, its wording). Intoxicated, the score is not valid: no benzodiazepine
        # until it clears and the review is repeated (physician review R5, session 11, must-fix 2, its words). A
        # positive delirium screen: the transfer now (ED, or 4-WM), staff with the patient, its refusal branch
        # (physician review R6, session 11, must-fix 5, its words: alcohol withdrawal delirium is a medical emergency,
        # ASAM 2020 Rec VI.7).
        FlagRule(
            "possible_inattention",
            "CIWA-Ar item 10 at 1 (cannot do serial additions or uncertain about date): "
            "inattention, an early sign of delirium",
            "warning",
            f"Medical review now: {DELIRIUM_SCREEN} and consider its other causes: {', '.join(DELIRIUM_CAUSES)}; "
            f"{INATTENTION_RESCORE}; {IF_DELIRIUM_TRANSFER}; {DECLINES_TRANSFER}; {BENZODIAZEPINE_HOLD}; "
            f"{NO_DRIVING_UNTIL_SCREEN_CLEARS}",
            # its step names 4-WM, the ASAM Criteria's level (R6 must-fix 5)
            SULLIVAN + "; " + ASAM + "; asam2013; cam_inouye1990; fourat_bellelli2014; wernicke_schabelman2012; iopkit",
            (When(item=10, at_least=INATTENTIVE_AT, at_most=INATTENTIVE_AT),),
            calls_for="medical_review",
            medical_review="now",
        ),
        band_flag(
            "severe_alcohol_withdrawal",
            "CIWA-Ar in the severe withdrawal band",
            ("severe",),
            SEVERE_ALCOHOL_STEP,
            SULLIVAN + "; " + ASAM + "; asam2013",  # its step names 3.7-WM and 4-WM, the ASAM Criteria's levels
            severity="critical",
            calls_for="medical_review",
        ),
        # ASAM 2020 alcohol withdrawal guideline, the ambulatory recommendations, section IV.D(2) (withdrawal
        # symptoms; Rec V.15, V.16 are their inpatient counterparts, not the basis for an IOP): moderate
        # withdrawal, CIWA-Ar 10-18, should receive medication; under 10, medication or supportive care.
        # Ambulatory withdrawal management is for patients whose risk factors for complicated withdrawal
        # (Rec II.5) are limited or mitigated (Rec III.1); Rec VII.8 is the criterion for discharge from the
        # emergency department, not the basis here. Reassess within the hour after a dose (symptom-triggered
        # protocols, MDCalc) and before the patient leaves. The Sullivan bands call 8-9 moderate too, where many
        # protocols start medication (MDCalc): consider it there. Medication is a prescriber's decision (or a nurse's
        # under the prescriber's symptom-triggered protocol), before the patient leaves; a warning all the same
        # (ASAM 2020 Table 1: moderate withdrawal without complications, ambulatory care): physician review. After a
        # dose no driving today (benzodiazepine labels, chlordiazepoxide, diazepam, lorazepam: impaired driving; ASAM
        # 2020 alcohol withdrawal guideline): physician review R16 (session 15), the ruling on C03 and C33, its words.
        band_flag(
            "moderate_alcohol_withdrawal",
            "CIWA-Ar in the moderate withdrawal band",
            ("moderate",),
            f"{PRESCRIBER_REVIEW}: at a CIWA-Ar of 10 or more treat withdrawal with medication (ASAM 2020: "
            "moderate withdrawal, 10-18, should receive medication); at 8-9 consider it; re-score the CIWA-Ar "
            f"within 1 hour of a dose and before the patient leaves; {IF_DOSED_NO_DRIVING}",
            ASAM + "; ciwa_mdcalc",
            calls_for="medical_review",
            medical_review="prescriber",
        ),
    ),
    citation=SULLIVAN,
    licence='"This scale is not copyrighted and may be used freely" (Sullivan 1989)',
    aliases=("ciwa",),
    notes=(
        "Not validated in intubated or critically ill patients.",
        "ASAM 2020 'complicated' withdrawal is flagged from the items that show it (hallucinations, "
        "disorientation); seizures are not on the scale and need clinical history.",
        "No LOINC code found.",
        "A secondary summary's bands (16 or more severe) come from an encyclopaedia only: not for clinical use; "
        "score on iopkit's default bands or ASAM 2020's.",
    ),
)
