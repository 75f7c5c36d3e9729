"""Physician review R31, must-fix M4 and should-fix S5: an overdose or ingestion disclosed at the screen before a dose
was sent "to the ED by emergency services" with nobody told to stay with the patient (600+ boxes; cases 51, 120, 563,
781). A patient who has just disclosed an ingestion, with suicidal ideation, must not wait alone or walk out. The
reviewer's words:

- M4: "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services
  for the ED, staff with the patient until handover, naloxone if signs of opioid overdose; intoxicated: the patient
  must not drive today)";
- S5, the delirium-form boxes (CIWA-Ar item 10 at 1's possible_inattention), where the overdose has its own hold:
  "if an overdose or ingestion: no dose here (call emergency services for the ED, staff with the patient until
  handover, naloxone if signs of opioid overdose)" (was the redundant "no dose here (an overdose or ingestion: to the
  ED by emergency services)").

Sources: C-SSRS screener triage (Posner et al. 2011): do not leave the patient alone; SAMHSA Opioid Overdose
Prevention Toolkit: give naloxone at the signs of an opioid overdose and stay with the person."""

from __future__ import annotations

import pytest

from tests.intoxication_screens import r32a
from tests.random_placements import built, cases
from tests.test_placement_review_r60_g4 import held_apart

# --- the reviewer's words, typed --------------------------------------------------------------------------------------

#: M4, case 51 (a C-SSRS moderate risk beside an old COWS 19)
HOLD_OVERDOSE = (
    "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services for "
    "the ED, staff with the patient until handover, naloxone if signs of opioid overdose; intoxicated: the patient "
    "must not drive today); otherwise "
)
#: S5, the delirium-form box: the overdose's own hold, then CIWA-Ar item 10 at 1's hold while intoxicated
HOLD_OVERDOSE_ALONE = (
    "if an overdose or ingestion: no dose here (call emergency services for the ED, staff with the patient until "
    "handover, naloxone if signs of opioid overdose); if intoxicated (breath alcohol above zero, or signs of sedative "
    "intoxication): no "
)
#: the words before (sent to the ED with nobody told to stay), gone from every overdose hold
BEFORE = "an overdose or ingestion: to the ED by emergency services"
REDUNDANT = "no dose here (an overdose or ingestion: "
#: the delirium form's box (CIWA-Ar item 10 at 1 today) beside a C-SSRS high or moderate risk (R19 N6)
DELIRIUM_FORM = "Medical review now: ask about any overdose or ingestion today and screen for delirium"


def test_m4_case_51_the_headline_and_the_cows_box_keep_staff_with_the_patient():
    rec = built(cases(800)[51])
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    # R60 Q5 (R59 2): the old COWS re-score's hold said apart, "no dose until it clears" for intoxication (was: the
    # joined hold "... or intoxicated: no dose here (...)", or "if intoxicated: no dose here (...)")
    assert held_apart(r32a(HOLD_OVERDOSE, rec.headline)) in rec.headline, rec.headline
    action = next(f.action for f in rec.flags if f.code == "moderate_opioid_withdrawal")
    assert held_apart(r32a(HOLD_OVERDOSE, action, rec)) in action, action  # R32 (a); R35 M3: the case read too
    assert BEFORE not in rec.headline and BEFORE not in action


def _inattention_box_beside_an_overdose_risk() -> str:
    for case in cases(800):
        rec = built(case)
        for f in rec.flags:
            if f.code == "possible_inattention" and (f.action or "").startswith(DELIRIUM_FORM):
                return f.action
    raise AssertionError("no possible_inattention box beside a C-SSRS high or moderate risk in the 800 cases")


def test_s5_the_delirium_form_box_names_the_overdose_once_with_its_care():
    action = _inattention_box_beside_an_overdose_risk()
    assert HOLD_OVERDOSE_ALONE in action, action
    assert REDUNDANT not in action, action


@pytest.mark.parametrize("chunk", range(4))
def test_sweep_no_overdose_hold_sends_the_patient_to_the_ed_alone(chunk: int) -> None:
    """All 800: every overdose hold says the care in the reviewer's words; none says the words before."""
    left = []
    for case in cases(800)[chunk::4]:
        rec = built(case)
        for text in [rec.headline, *(f.action or "" for f in rec.flags)]:
            if BEFORE in text.replace(f"delirium or {BEFORE}", ""):
                left.append(f"{case}: {text}")
    assert not left, "\n\n".join(left[:5])
