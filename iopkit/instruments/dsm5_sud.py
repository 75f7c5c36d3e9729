"""DSM-5 substance use disorder: count of 11 criteria met in 12 months (APA 2013).

Criterion labels paraphrased (text (c) APA).
"""

from ._model import Band, Exclusion, Instrument, Scheme, withdrawal_sign, yes_no_item

APA = "dsm5_apa2013"

_CRITERIA = (
    "Taken in larger amounts or for longer than intended",
    "Persistent desire or failed efforts to cut down",
    "Much time spent obtaining, using or recovering",
    "Craving",
    "Use leads to failure at work, school or home",
    "Continued use despite social or interpersonal problems",
    "Important activities given up or reduced",
    "Use in physically hazardous situations",
    "Continued use despite physical or psychological problems",
    "Tolerance",
    "Withdrawal",
)

DSM5_SUD = Instrument(
    code="dsm5_sud",
    name="DSM-5 substance use disorder criteria count (not a diagnosis)",
    items=tuple(yes_no_item(n, s) for n, s in enumerate(_CRITERIA, 1)),
    timeframe="past 12 months",
    # A count of criteria met, not a diagnosis: DSM-5 needs 2 or more criteria (with clinically
    # significant impairment or distress) for a disorder, and calls 2-3 mild, 4-5 moderate, 6+ severe.
    schemes=(
        Scheme(
            "apa_2013",
            APA,
            (
                Band(0, 1, "fewer_than_2_criteria", "0-1 criteria met: below the DSM-5 threshold of 2 criteria"),
                Band(
                    2,
                    3,
                    "2_to_3_criteria",
                    "2-3 criteria met: at the DSM-5 threshold; the count DSM-5 calls 'mild' if a clinician "
                    "confirms the disorder",
                ),
                Band(
                    4,
                    5,
                    "4_to_5_criteria",
                    "4-5 criteria met: the count DSM-5 calls 'moderate' if a clinician confirms the disorder",
                ),
                Band(
                    6,
                    11,
                    "6_or_more_criteria",
                    "6 or more criteria met: the count DSM-5 calls 'severe' if a clinician confirms the disorder",
                ),
            ),
        ),
    ),
    # Tolerance and withdrawal are not counted when the substance is taken solely under
    # appropriate medical supervision.
    exclusions=(Exclusion("medical_supervision", (10, 11), APA),),
    context={"medical_supervision": ((False, True), False)},
    # Withdrawal met (even under medical supervision, where it is not counted): assess it today.
    flags=(withdrawal_sign("DSM-5 criterion 11 (withdrawal) met", 11, APA, substance="alcohol or drugs"),),
    citation=APA,
    licence="Criteria text (c) APA; short paraphrased labels used here",
    aliases=("dsm5", "dsm_5_sud"),
    notes=("A criteria count supports, but is not, a diagnosis.",),
)
