"""The intoxication screen before a dose, typed from physician review R13's should-fix S4 (/work/reviews/r13.md, the
reviewer's words): before a dose for alcohol withdrawal with thiamine and blood glucose, before one for opioid
withdrawal without. Imported by the tests that type a headline with a dose in it."""

SCREEN_ALCOHOL = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose here; otherwise "
)
SCREEN_OPIOID = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if "
    "intoxicated: no dose here; otherwise "
)
