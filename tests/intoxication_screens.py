"""The intoxication screen before a dose, typed from physician review R13's should-fix S4 (/work/reviews/r13.md, the
reviewer's words): before a dose for alcohol withdrawal with thiamine and blood glucose, before one for opioid
withdrawal without. Imported by the tests that type a headline with a dose in it."""

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

SCREEN_ALCOHOL = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose here (the patient must not drive today); otherwise "
)
SCREEN_OPIOID = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if "
    "intoxicated: no dose here (the patient must not drive today); otherwise "
)
# physician review R16 (session 15), should-fix S5, the reviewer's words: beside a C-SSRS high or moderate risk the
# screen asks about an overdose or ingestion first and holds the dose after one
SCREEN_OPIOID_OVERDOSE = (
    "before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication); if an overdose or ingestion, or intoxicated: no dose here (an overdose "
    "or ingestion: call emergency services for the ED, staff with the patient until handover, naloxone if signs of "
    "opioid overdose; intoxicated: the patient must not drive today); otherwise "
)
SCREEN_ALCOHOL_OVERDOSE = (
    "before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication), give thiamine and check blood glucose; if an overdose or ingestion, or "
    "intoxicated: no dose here (an overdose or ingestion: call emergency services for the ED, staff with the patient "
    "until handover, naloxone if signs of opioid overdose; intoxicated: the patient "
    "must not drive today); otherwise "
)


#: Physician review R30b, must-fix M4: each hold naming intoxication says the driving rule inside it, for the patient
#: given no dose; the checks that "the patient must not drive" is said once leave these out (:func:`without_holds`).
HOLDS_NO_DRIVING = (
    # physician review R32 (b): the combined hold of a transfer step tells the receiving team of the intoxication first
    "; intoxication: tell the receiving team at handover the breath alcohol reading or the signs, with the time; the "
    "patient must not drive today",
    " (the patient must not drive today)",
    "; intoxicated: the patient must not drive today",
    "; intoxication: the patient must not drive today",
)


def without_holds(text: str) -> str:
    """``text`` without the holds' own driving rule (:data:`HOLDS_NO_DRIVING`)."""
    for held in HOLDS_NO_DRIVING:
        text = text.replace(held, "")
    return text
