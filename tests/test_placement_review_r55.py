"""Physician review R55 (session 30), ruling 2: a COWS re-score's hold in the headline bars a dose in delirium where
the same headline's first step screens for delirium (case 564: its CIWA-Ar step screened for delirium, its COWS part's
hold barred a dose only for an overdose, an ingestion or intoxication, so buprenorphine or methadone could be given to a
delirious patient waiting for the ED; every box of 564 already bars it). Expectations typed from the ruling."""

from __future__ import annotations

from .random_placements import built, cases

#: R55's words for the headline's COWS part (typed from the ruling).
HOLD_564 = (
    "re-score the COWS now (last 48 on 20 Nov 2026, severe): before any dose: ask about any overdose or ingestion "
    "today and screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if delirium, an "
    "overdose or ingestion, or intoxicated: no dose here (delirium, or an overdose or ingestion: call emergency "
    "services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose; "
)
#: The hold as it read before the ruling, barring no dose in delirium.
OLD_HOLD = (
    "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services"
)


def test_564_headline_cows_hold_names_delirium() -> None:
    headline = built(cases(800)[564]).headline
    assert HOLD_564 in headline
    # the CIWA-Ar step's own hold, before the COWS re-score, stays (its delirium screen arranges transfer itself)
    assert OLD_HOLD not in headline[headline.index("re-score the COWS now (") :]


def test_sweep_no_cows_hold_after_a_delirium_screen_leaves_delirium_out() -> None:
    """Over the 800: no headline whose first step screens for delirium before its COWS re-score holds a dose there
    for an overdose, an ingestion or intoxication alone; 564 is the one headline of this form."""
    wrong, said = [], []
    for case in cases(800):
        headline = built(case).headline
        cows = headline.find("re-score the COWS now (")
        if cows < 0 or "screen for delirium (CAM or 4AT)" not in headline[:cows]:
            continue
        if OLD_HOLD in headline[cows:]:
            wrong.append(case.number)
        if "if delirium, an overdose or ingestion, or intoxicated: no dose here (delirium" in headline[cows:]:
            said.append(case.number)
    assert wrong == []
    assert said == [564]
