"""Physician review R19 (session 16), should-fix N7: a drug screen whose only opioids are kratom's compounds.

The reviewer's words, typed: "Opioid overdose risk: drug screen ... positive for mitragynine (kratom; overdose mostly
with other opioids or sedatives)" where kratom compounds are the only opioid; the action text stays as it is. Source
the reviewer names: U.S. Food and Drug Administration, Statement from FDA Commissioner Scott Gottlieb, M.D., on the
agency's scientific evidence on the presence of opioid compounds in kratom, 6 February 2018 (kratom's compounds are
opioids; the deaths reported mostly involved other substances too).
"""

from __future__ import annotations

import datetime as dt

from iopkit.records import DrugScreen

DAY = dt.date(2026, 11, 26)
#: R17a's action words (unchanged by N7): its opening, typed from r17a's ruling as the earlier tests type it.
ACTION_OPENING = "Offer naloxone and overdose education today"


def _message(*positive: str) -> str:
    (flag,) = DrugScreen(DAY, "urine 12-panel", positive=list(positive)).flags
    return flag.message


def test_n7_kratom_alone_says_opioid_overdose_risk_and_what_its_overdoses_mostly_involve():
    assert _message("mitragynine") == (
        "Opioid overdose risk: drug screen of 26 Nov 2026 positive for mitragynine (kratom; overdose mostly with "
        "other opioids or sedatives)"
    )


def test_n7_both_kratom_compounds_and_a_sedative():
    message = _message("7-hydroxymitragynine", "mitragynine", "benzodiazepines")
    assert message.startswith("Opioid overdose risk: drug screen of 26 Nov 2026 positive for ")
    assert "(kratom; overdose mostly with other opioids or sedatives); also positive for benzodiazepines" in message


def test_n7_kratom_beside_another_opioid_keeps_the_high_risk_words():
    assert _message("fentanyl", "mitragynine").startswith("High risk of opioid overdose: ")


def test_n7_the_action_is_unchanged():
    (flag,) = DrugScreen(DAY, "urine 12-panel", positive=["mitragynine"]).flags
    assert flag.action.startswith(ACTION_OPENING)
