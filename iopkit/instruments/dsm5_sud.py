"""DSM-5 substance use disorder: count of 11 criteria met in 12 months (APA 2013).

Facts: clinical-reference.md §2.12.  Criterion labels paraphrased (text (c) APA).
"""

from ._model import Band, Exclusion, Instrument, Scheme, yes_no_item

APA = "American Psychiatric Association. DSM-5, 2013 [P] R29"

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
    name="DSM-5 substance use disorder criteria count",
    items=tuple(yes_no_item(n, s) for n, s in enumerate(_CRITERIA, 1)),
    timeframe="past 12 months",
    # < 2 none; 2-3 mild; 4-5 moderate; >= 6 severe [P] R29.
    schemes=(Scheme("apa_2013", APA, (Band(0, 1, "no_disorder"), Band(2, 3, "mild"),
                                      Band(4, 5, "moderate"), Band(6, 11, "severe"))),),
    # Tolerance and withdrawal are not counted when the substance is taken solely under
    # appropriate medical supervision [P] R29.
    exclusions=(Exclusion("medical_supervision", (10, 11), APA),),
    context={"medical_supervision": ((False, True), False)},
    citation="American Psychiatric Association. Diagnostic and Statistical Manual of Mental "
             "Disorders, 5th ed. 2013",
    licence="Criteria text (c) APA [U]; short paraphrased labels used here",
    aliases=("dsm5", "dsm_5_sud"),
    notes=("A criteria count supports, but is not, a diagnosis.",),
)
