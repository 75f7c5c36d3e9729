"""COWS: Clinical Opiate Withdrawal Scale, 11 clinician-rated items (Wesson & Ling 2003).

Each item takes only its published anchor values (a set,
not a range).  Anchors paraphrased.
"""

from ..flags import COWS_COMPLICATING, OPIOID_AGONISTS, PRESCRIBER_REVIEW
from ._model import Band, Instrument, Item, Option, Scheme, band_flag

WESSON_LING = "cows_wesson2003"
#: Opioid withdrawal is usually managed ambulatory with an opioid agonist (ASAM 2020 National
#: Practice Guideline for OUD, focused update).
ASAM_OUD = "oud_asam2020"

#: Bibliography key of that regulation.
CFR_1306_07 = "cfr_1306_07"
#: What a COWS flag asks for: treatment where the patient is, a re-score, and escalation only for a
#: complicating condition.
#: :data:`OPIOID_AGONISTS` after a colon, never inside brackets of its own (physician review: no nested brackets).
_TREAT = f"Treat withdrawal now, before the patient leaves, as the prescriber decides: {OPIOID_AGONISTS}"
_ESCALATE = (
    "arrange medically managed withdrawal or a higher level of care only for a complicating "
    "condition (medical or psychiatric instability, co-occurring alcohol or benzodiazepine "
    "withdrawal, pregnancy)"
)
#: Severe withdrawal: the complicating conditions listed in full (:data:`~iopkit.flags.COWS_COMPLICATING`), the list
#: the placement headline points to ("listed on the COWS flag").
_ESCALATE_SEVERE = (
    f"arrange medically managed withdrawal or a higher level of care only for a complicating condition "
    f"{COWS_COMPLICATING}"
)
#: Moderate and moderately severe withdrawal: a prescriber's review before the patient leaves (treatment is the
#: prescriber's decision: :data:`OPIOID_AGONISTS`, ASAM 2020 OUD guideline; a warning, managed ambulatory), treat,
#: re-score, escalate only for a complicating condition (physician review: its box and next step agree).
_TREAT_AND_RESCORE = (
    f"{PRESCRIBER_REVIEW}: treat withdrawal as the prescriber decides, with {OPIOID_AGONISTS}; re-score the COWS 1-2 "
    f"hours after dosing; {_ESCALATE}"
)


def _anchors(*pairs) -> tuple[Option, ...]:
    return tuple(Option(code, label, code) for code, label in pairs)


# Value sets (max 4+4+5+5+4+4+5+4+4+4+5 = 48).
ITEMS = (
    Item(
        1,
        "Resting pulse rate (after sitting 1 minute)",
        options=_anchors((0, "80 or below"), (1, "81-100"), (2, "101-120"), (4, "Above 120")),
    ),
    Item(
        2,
        "Sweating (past half hour, not from room temperature or activity)",
        options=_anchors(
            (0, "No chills or flushing"),
            (1, "Subjective chills or flushing"),
            (2, "Flushed or observable moistness on face"),
            (3, "Beads of sweat on brow or face"),
            (4, "Sweat streaming off face"),
        ),
    ),
    Item(
        3,
        "Restlessness during assessment",
        options=_anchors(
            (0, "Able to sit still"),
            (1, "Reports difficulty sitting still, but able to"),
            (3, "Frequent shifting or extraneous movements"),
            (5, "Unable to sit still for more than a few seconds"),
        ),
    ),
    Item(
        4,
        "Pupil size",
        options=_anchors(
            (0, "Pinned or normal for room light"),
            (1, "Possibly larger than normal"),
            (2, "Moderately dilated"),
            (5, "So dilated only the rim of the iris is visible"),
        ),
    ),
    Item(
        5,
        "Bone or joint aches (new, from withdrawal)",
        options=_anchors(
            (0, "Not present"),
            (1, "Mild diffuse discomfort"),
            (2, "Severe diffuse aching"),
            (4, "Rubbing joints or muscles, unable to sit still from discomfort"),
        ),
    ),
    Item(
        6,
        "Runny nose or tearing (not from colds or allergies)",
        options=_anchors(
            (0, "Not present"),
            (1, "Nasal stuffiness or unusually moist eyes"),
            (2, "Nose running or tearing"),
            (4, "Nose constantly running or tears streaming"),
        ),
    ),
    Item(
        7,
        "GI upset (past half hour)",
        options=_anchors(
            (0, "No GI symptoms"),
            (1, "Stomach cramps"),
            (2, "Nausea or loose stool"),
            (3, "Vomiting or diarrhoea"),
            (5, "Multiple episodes of diarrhoea or vomiting"),
        ),
    ),
    Item(
        8,
        "Tremor (outstretched hands)",
        options=_anchors(
            (0, "No tremor"),
            (1, "Tremor can be felt, not observed"),
            (2, "Slight tremor observable"),
            (4, "Gross tremor or muscle twitching"),
        ),
    ),
    Item(
        9,
        "Yawning during assessment",
        options=_anchors(
            (0, "No yawning"), (1, "Once or twice"), (2, "Three or more times"), (4, "Several times a minute")
        ),
    ),
    Item(
        10,
        "Anxiety or irritability",
        options=_anchors(
            (0, "None"),
            (1, "Reports increasing irritability or anxiousness"),
            (2, "Obviously irritable or anxious"),
            (4, "So irritable or anxious that taking part is difficult"),
        ),
    ),
    Item(
        11,
        "Gooseflesh skin",
        options=_anchors(
            (0, "Skin is smooth"),
            (3, "Piloerection can be felt or hairs standing up on arms"),
            (5, "Prominent piloerection"),
        ),
    ),
)

COWS = Instrument(
    code="cows",
    name="Clinical Opiate Withdrawal Scale (COWS)",
    items=ITEMS,
    timeframe="now (serial ratings)",
    # 5-12 mild, 13-24 moderate, 25-36 moderately severe, > 36 severe; < 5 no significant
    # withdrawal.
    schemes=(
        Scheme(
            "wesson_ling_2003",
            WESSON_LING,
            (
                Band(0, 4, "not_significant"),
                Band(5, 12, "mild"),
                Band(13, 24, "moderate"),
                Band(25, 36, "moderately_severe"),
                Band(37, 48, "severe"),
            ),
        ),
    ),
    flags=(
        # Severe withdrawal needs treatment before the patient leaves, not by itself a transfer.
        band_flag(
            "severe_opioid_withdrawal",
            "COWS above 36 (severe opioid withdrawal)",
            ("severe",),
            f"{_TREAT}; re-score the COWS after dosing; {_ESCALATE_SEVERE}",
            WESSON_LING + "; " + ASAM_OUD + "; " + CFR_1306_07,
            severity="critical",
            calls_for="medical_review",
        ),
        band_flag(
            "moderately_severe_opioid_withdrawal",
            "COWS 25-36 (moderately severe withdrawal)",
            ("moderately_severe",),
            _TREAT_AND_RESCORE,
            WESSON_LING + "; " + ASAM_OUD + "; " + CFR_1306_07,
            calls_for="medical_review",
            medical_review="prescriber",
        ),
        # Moderate withdrawal is withdrawal to treat as well (ASAM 2020 OUD guideline: withdrawal managed with
        # buprenorphine, or methadone under its rules), as the CIWA-Ar moderate band is: a warning calling for a
        # medical review.
        band_flag(
            "moderate_opioid_withdrawal",
            "COWS 13-24 (moderate withdrawal)",
            ("moderate",),
            _TREAT_AND_RESCORE,
            WESSON_LING + "; " + ASAM_OUD + "; " + CFR_1306_07,
            calls_for="medical_review",
            medical_review="prescriber",
        ),
        # Precipitated-withdrawal risk falls when COWS > 12 (BC guidance); other protocols use >= 8,
        # and fentanyl-era low-dose or high-dose initiations do not wait for this threshold. A note for the record,
        # no safety flag and no call of its own (physician re-review: no "prescriber's review before the patient
        # leaves" over "the first dose may be given now"): the band's own flag, raised with it, calls for the
        # prescriber's review and holds a step-down; starting buprenorphine is that prescriber's decision.
        band_flag(
            "buprenorphine_induction_threshold",
            "COWS above 12: buprenorphine induction threshold in BC guidance",
            ("moderate", "moderately_severe", "severe"),
            "If starting buprenorphine by standard induction, the first dose may be given "
            "now; re-score the COWS after dosing. Fentanyl-era protocols differ (low-dose or "
            "micro-induction needs no withdrawal; high-dose induction starts higher): follow "
            "the local protocol",
            "cows_bc_induction; " + ASAM_OUD + "; iopkit",
            severity="info",
        ),
    ),
    citation=WESSON_LING,
    licence="Journal publication; reprinted in public guides with the publisher's permission "
    "(exact terms not confirmed); anchors paraphrased here",
    notes=("Rate only signs attributable to opioid withdrawal.", "No LOINC code found."),
)
