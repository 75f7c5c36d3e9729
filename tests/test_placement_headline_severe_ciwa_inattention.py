"""A severe CIWA-Ar whose item 10 is at 1 (inattention: possible delirium, or intoxication) gives its transfer's first
dose only after the screen before any dose, as the COWS lead does (physician review R3, session 11, must-fix 3, the
reviewer's words, typed; the case found by the engineers of R5: CIWA-Ar 22 with item 10 at 1 dosed with no screen)."""

from __future__ import annotations

from iopkit import score
from iopkit.placement import recommend, suggest_dimensions

from .intoxication_screens import NEXT_TRANSFER, SCREEN_ALCOHOL

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

ROUTINE = {1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
CIWA_22_ITEM_10_AT_1 = [4, 3, 3, 3, 3, 2, 0, 0, 3, 1]  # severe on both schemes; item 10 at 1 (Sullivan et al. 1989)
CIWA_21 = [4, 3, 3, 3, 3, 2, 0, 0, 3, 0]  # severe, item 10 at 0

GATE = (
    # physician review R6 (session 11): intoxication defined as the hold defines it (should-fix 3) and delirium to
    # the ED by emergency services (must-fix 3), the reviewer's words
    "before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of "
    "sedative intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose here "
    # physician review R16 (session 15), should-fix S8: "staff with the patient until handover" said after the
    # transfer, so once: the hold no longer repeats it
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team (was: "intoxication:
    # the patient must not drive today)")
    f"(delirium: to the ED by emergency services; intoxication: {NEXT_TRANSFER}); otherwise a "
    "prescriber gives a first dose before transfer if it does not delay the transfer"
)


def _headline(items):
    return recommend(ROUTINE, suggested=suggest_dimensions([score("ciwa_ar", items)])).headline


def test_the_severe_ciwa_ar_transfer_screens_before_its_first_dose_when_item_10_is_at_1():
    headline = _headline(CIWA_22_ITEM_10_AT_1)
    assert headline.startswith(
        "First: emergency medical evaluation: arrange transfer now to medically managed withdrawal (ED, or "
        # physician review R16 (session 15), should-fix S8: staff with the patient until handover (the reviewer's words)
        "3.7-WM/4-WM); staff with the patient until handover; if the patient declines transfer: the prescriber "
        "assesses and records capacity to decline "
        "(without capacity: transfer by emergency services; with capacity: record the advice given and the risks "
        "explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell "
        "the patient and any supportive person to call emergency services for a seizure, confusion, hallucinations "
        f"or any worsening); {GATE}"
        # R23a finding 2: the first dose before the transfer, the last CIWA-Ar score and any dose told at handover
        # R65 F2 (was: "the last CIWA-Ar score and any dose with its time"): the gate screens for delirium (CAM or 4AT)
        "; at handover tell the receiving team the last CIWA-Ar score, the delirium screen and any dose with its time; "
        "the patient must not drive; "
    )
    assert headline.count("a prescriber gives a first dose") == 1


def test_without_inattention_the_severe_transfer_keeps_its_first_dose_as_it_was():
    headline = _headline(CIWA_21)
    assert "screen for delirium" not in headline  # no inattention gate; the intoxication screen of R13-S4 only
    assert (
        "; "
        # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team
        + SCREEN_ALCOHOL.replace("(the patient must not drive today)", f"({NEXT_TRANSFER})")
        + "a prescriber gives a first dose before transfer if it does not delay the transfer; "
        in headline
    )
