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
# physician review R16 (session 15), should-fix S5, the reviewer's words: beside a C-SSRS high or moderate risk the
# screen asks about an overdose or ingestion first and holds the dose after one
SCREEN_OPIOID_OVERDOSE = (
    "before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication); if an overdose or ingestion, or intoxicated: no dose here (an overdose "
    "or ingestion: to the ED by emergency services); otherwise "
)
SCREEN_ALCOHOL_OVERDOSE = (
    "before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication), give thiamine and check blood glucose; if an overdose or ingestion, or "
    "intoxicated: no dose here (an overdose or ingestion: to the ED by emergency services); otherwise "
)
