"""Physician review R32 (a): the hold of a dose naming intoxication gives a next step. Done here: the ambulatory step
(no transfer named in the text, no suicide evaluation waited for), beside a CIWA-Ar dose (or both kinds) and beside
a COWS dose alone, the single hold ("if intoxicated") and the overdose's combined hold ("if an overdose or ingestion,
or intoxicated"). Every expected text is typed from the ruling's words (never read from iopkit); the hold's
"(if the patient insists: ...)" is said as a clause inside the hold's bracket (a hold's bracket holds no other).
Cases built as the reviewers' Method builds them (``recommended`` of
tests/test_placement_headline_review_r7_old_scores.py, arrays of tests/test_placement_physician_cases.py)."""

from __future__ import annotations

import re

import pytest

from iopkit.placement.recommendation import no_driving_while_intoxicated

from .intoxication_screens import INSISTS_ON_RESCREEN, transfers_now
from .random_placements import built, cases
from .test_placement_headline_review_r7_old_scores import recommended
from .test_placement_physician_cases import CIWA_MOD13, COWS_19, PHQ_I9POS

# physician review R32 (a), the physician's words
STAY = "ask the patient to stay on site and repeat the screen and the score when it clears"
CIWA_NEXT = (
    f"{STAY}; if it has not cleared by the end of the session, or withdrawal worsens: arrange a higher level of care; "
    "the patient must not drive today; if the patient insists: offer a lift or a taxi, and follow local policy"
)
COWS_NEXT = (
    f"{STAY}; if it has not cleared by the end of the session: the prescriber arranges a higher level of care or the "
    "first dose on another day, with naloxone in hand; the patient must not drive today; if the patient insists: offer "
    "a lift or a taxi, and follow local policy"
)
SIGNS = "(breath alcohol above zero, or signs of sedative intoxication)"
OVERDOSE = (
    "an overdose or ingestion: call emergency services for the ED, staff with the patient until handover, naloxone if "
    "signs of opioid overdose"
)
CIWA_SCREEN = (
    f"before any dose: screen for intoxication {SIGNS}, give thiamine and check blood glucose; if intoxicated: no dose "
    f"now ({CIWA_NEXT}); otherwise "
)
COWS_SCREEN = f"before any dose: screen for intoxication {SIGNS}; if intoxicated: no dose now ({COWS_NEXT}); otherwise "
CIWA_SCREEN_OVERDOSE = (
    f"before any dose: ask about any overdose or ingestion today and screen for intoxication {SIGNS}, give thiamine "
    f"and check blood glucose; if an overdose or ingestion, or intoxicated: no dose here ({OVERDOSE}; intoxicated: "
    f"{CIWA_NEXT}); otherwise "
)
COWS_SCREEN_OVERDOSE = (
    f"before any dose: ask about any overdose or ingestion today and screen for intoxication {SIGNS}; if an overdose "
    f"or ingestion, or intoxicated: no dose here ({OVERDOSE}; intoxicated: {COWS_NEXT}); otherwise "
)

# physician review R34, should-fix S2, the reviewer's words: beside a same-day suicide risk assessment still to do (a
# positive PHQ-9 item 9 of today), the patient who insists on leaving gets that assessment first
INSISTS = "if the patient insists: offer a lift or a taxi, and follow local policy"
INSISTS_ON_LEAVING = (
    # R38 item 6 (a): a patient too intoxicated to take part in the assessment: an emergency evaluation for suicide risk
    "if the patient insists on leaving: the same-day suicide risk assessment first (if too intoxicated to take part "
    "in it: staff stay with the patient and arrange an emergency evaluation for suicide risk); offer a lift or a "
    "taxi, and follow local policy"
)
CIWA_SCREEN_OVERDOSE_S2 = CIWA_SCREEN_OVERDOSE.replace(INSISTS, INSISTS_ON_LEAVING)
COWS_SCREEN_OVERDOSE_S2 = COWS_SCREEN_OVERDOSE.replace(INSISTS, INSISTS_ON_LEAVING)
#: Every ambulatory hold's next step (R32 (a)); "the scores" where a text names both withdrawals (R34 S1); beside a
#: same-day suicide risk assessment, that assessment first (R34 S2).
AMBULATORY_NEXT = [
    next_step.replace(*scores).replace(*insists)
    for next_step in (CIWA_NEXT, COWS_NEXT)
    for scores in (("", ""), ("the score ", "the scores "))
    # physician review R36 N3: beside a C-SSRS high risk withdrawn by a correction, the repeated screen first
    for insists in (("", ""), (INSISTS, INSISTS_ON_LEAVING), (INSISTS, INSISTS_ON_RESCREEN))
]

CASES = {
    "ciwa": (dict(today=[("ciwa_ar", CIWA_MOD13)]), CIWA_SCREEN, "moderate_alcohol_withdrawal"),
    "cows": (dict(today=[("cows", COWS_19)]), COWS_SCREEN, "moderate_opioid_withdrawal"),
    "ciwa_phq9": (
        dict(today=[("ciwa_ar", CIWA_MOD13), ("phq9", PHQ_I9POS)]),
        CIWA_SCREEN_OVERDOSE_S2,  # physician review R34 S2: the same-day suicide risk assessment first
        "moderate_alcohol_withdrawal",
    ),
    "cows_phq9": (
        dict(today=[("cows", COWS_19), ("phq9", PHQ_I9POS)]),
        COWS_SCREEN_OVERDOSE_S2,  # physician review R34 S2: the same-day suicide risk assessment first
        "moderate_opioid_withdrawal",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_the_ambulatory_hold_gives_its_next_step_in_the_headline_and_the_box(name):
    kwargs, screen, code = CASES[name]
    rec = recommended(**kwargs)
    assert f"a prescriber's review: {screen}" in rec.headline or f"before the patient leaves: {screen}" in rec.headline
    box = next(f.action for f in rec.flags if f.code == code)
    assert box.startswith(f"Prescriber's review before the patient leaves: {screen}")


@pytest.mark.parametrize("name", CASES)
def test_said_once(name):
    kwargs, _, code = CASES[name]
    rec = recommended(**kwargs)
    box = next(f.action for f in rec.flags if f.code == code)
    for text in (rec.headline, box):
        assert no_driving_while_intoxicated(text) == text
        assert text.count(STAY) == 1


#: R38 item 6 (a) and (b), the reviewer's words: the holds' own emergency evaluation for suicide risk.
TOO_INTOXICATED = (
    "(if too intoxicated to take part in it: staff stay with the patient and arrange an emergency evaluation for "
    "suicide risk)"
)
TRIES_TO_LEAVE = (
    "if the patient tries to leave before it clears: staff stay with the patient and arrange an emergency evaluation "
    "for suicide risk"
)

#: CIWA-Ar item 10 at 1's own hold keeps its own next step (R32 (a): as is).
ITEM_10_HOLD = re.compile(r"if intoxicated \([^()]*\): no [^;.()]*? until it clears and the review is repeated")


def _ambulatory(text, rec=None):
    # physician review R34 (must-fix): a text naming an emergency evaluation for suicide risk is not ambulatory;
    # physician review R35 M1/M2, R36 N1: nor a text of a case with a C-SSRS high risk standing, or whose headline or
    # any standing flag's step arranges a transfer now (the case read, not the text alone)
    standing = [f for f in rec.flags if f.withdrawn is None] if rec is not None else []
    # R38 item 6: a hold's own "emergency evaluation for suicide risk" (for a patient too intoxicated to be assessed,
    # or who tries to leave before it clears) does not make its text the evaluation's
    text = text.replace(f" {TOO_INTOXICATED}", "").replace(f"; {TRIES_TO_LEAVE}", "")
    return (
        "transfer" not in text
        and "while the patient waits for the suicide evaluation" not in text
        and "emergency evaluation for suicide risk" not in text
        and not any(f.code == "suicide_risk_high" for f in standing)
        and not (rec is not None and transfers_now(rec.headline))
        and not any(transfers_now(f.action) for f in standing if f.action)
    )


#: The withdrawal flags of each instrument (a case with both standing scores both: physician review R35 S3).
ALCOHOL = {"moderate_alcohol_withdrawal", "severe_alcohol_withdrawal", "complicated_withdrawal", "possible_inattention"}
OPIOID = {
    "moderate_opioid_withdrawal",
    "moderately_severe_opioid_withdrawal",
    "severe_opioid_withdrawal",
    "buprenorphine_induction_threshold",
}


@pytest.mark.parametrize("number", [112, 199])
def test_r34_no_lift_home_beside_an_emergency_evaluation_for_suicide_risk(number):
    # physician review R34 (must-fix): C-SSRS high headlines got the ambulatory hold ("ask the patient to stay on site
    # ... if the patient insists: offer a lift or a taxi") right after "staff stay with the patient and call emergency
    # services"; cases 112 (COWS) and 199 (CIWA-Ar) of the 800
    rec = built(cases(800)[number])
    for text in (rec.headline, *(f.action for f in rec.flags if f.action)):
        if "emergency evaluation for suicide risk" in text:
            assert "stay on site" not in text and "a lift or a taxi" not in text, text


def test_every_ambulatory_hold_of_the_random_cases_gives_its_next_step():
    """Over the 400 random cases: in an ambulatory text no hold naming intoxication says the driving rule alone."""
    seen = 0
    for case in cases():
        rec = built(case)
        codes = {f.code for f in rec.flags if f.withdrawn is None}
        due = bool(codes & {"suicidal_ideation", "suicide_risk_moderate", "suicide_risk_low"})  # R35 M3
        both = bool(codes & ALCOHOL) and bool(codes & OPIOID)  # R35 S3
        for text in [rec.headline] + [f.action for f in rec.flags if f.action]:
            if not _ambulatory(text, rec):
                continue
            text = ITEM_10_HOLD.sub("", text)
            # R38 item 6 (a): the hold's bracket holds the assessment's own bracket
            for hold in re.findall(r"\bif [^;:.()]*\bintoxicat(?:ed|ion): no dose \w+ \((?:[^()]|\([^()]*\))*\)", text):
                seen += 1
                # physician review R32 (a), R34 S1/S2: "the scores" beside both withdrawals; the same-day suicide risk
                # assessment first beside one still to do (R35 M3: where the case has one due; R36 N3: the repeated
                # C-SSRS screen first beside a withdrawn high risk)
                assert any(hold.endswith(f"{step})") for step in AMBULATORY_NEXT), (str(case), hold)
                assert "no dose here (the patient must not drive today)" not in hold
                # physician review R35 M3: the same-day suicide risk assessment first wherever the case has one due;
                # R35 S3: "the scores" wherever the case scores both withdrawals (its flags, not the text, read)
                assert not due or INSISTS_ON_LEAVING in hold, (str(case), hold)
                assert ("the scores when it clears" in hold) is both, (str(case), hold)
    assert seen > 100
