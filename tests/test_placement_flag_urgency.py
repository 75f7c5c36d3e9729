"""The placement's own withdrawal flags say as soon and by whom as their next steps (physician re-review): dimension 1
rated below what a withdrawal flag suggests (must-fix 1: the rating-below flag's box as its copied next step says),
reported seizures or delirium (should-fix 2: now), a high risk of complicated withdrawal (should-fix 6: a
prescriber's review).

Expected texts typed from the physician review: CIWA-Ar item 10 at 1 (inattention) calls for a prescriber's
(medical) review now; CIWA-Ar 10-18 (ASAM 2020: moderate withdrawal should receive medication) and COWS 13-24
(Wesson & Ling 2003 moderate; buprenorphine or methadone, ASAM 2020 OUD guideline) a prescriber's review before the
patient leaves; never the nurse's review later the day. Reported current seizures or delirium are imminent danger
(ASAM Criteria 2013, dimension 1 at 4): now. A PAWSS of 4 or more or a past withdrawal seizure or delirium tremens
(ASAM 2020 alcohol withdrawal guideline, Rec II.5, III.1): ambulatory management despite it is a prescriber's decision.
"""

import html

import pytest

import iopkit
from iopkit.markup import flags_html
from iopkit.placement import recommend, suggest_dimensions

from .intoxication_screens import r32a
from .refusal_branches import MEDICAL_DECLINES, PSYCHIATRIC_DECLINES

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

NOW = "Calls for a prescriber's (medical) review now."
PRESCRIBER = (
    "Calls for a prescriber's review (or a nurse under the prescriber's withdrawal protocol) before the patient "
    "leaves; if the patient has left, today."
)
DAYS_REVIEW = "Calls for a prescriber's or nurse's review today"
REST = {2: 0, 3: 0, 4: 0, 5: 0, 6: 0}


def _below_box(scores, d1, **facts):
    r = recommend({1: d1, **REST}, suggested=suggest_dimensions(scores, **facts))
    (below,) = (f for f in r.flags if f.code == "rated_below_suggestion_d1")
    return below, html.unescape(flags_html([below]))


@pytest.mark.parametrize(
    ("instrument", "answers", "d1", "calls", "step"),
    [
        # CIWA-Ar item 10 at 1 (cannot do serial additions or uncertain about date), total 1; dimension 1 rated 1
        ("ciwa_ar", [0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 1, NOW, "Medical review now: screen for delirium (CAM or 4AT)"),
        # COWS 1+2+3+1+1+1+1+1+1+1+0 = 13 (moderate, 13-24); dimension 1 rated 0
        (
            "cows",
            [1, 2, 3, 1, 1, 1, 1, 1, 1, 1, 0],
            0,
            PRESCRIBER,
            # physician review R16 (session 15), must-fix M2: the headline's screen before the dose verb
            "Prescriber's review before the patient leaves: before any dose: screen for intoxication (breath alcohol "
            "above zero, or signs of sedative intoxication); if intoxicated: no dose here (the patient must not drive "
            "today); otherwise treat withdrawal "
            "as the prescriber decides, with "
            "buprenorphine, or methadone only in an opioid treatment programme or under the 72-hour rule (given or "
            "dispensed on site, at most a 3-day supply while referral is arranged, not renewed or extended; never "
            "prescribed)",
        ),
        # CIWA-Ar 4+4+1+1+1+0+0+0+1+0 = 12 (ASAM 2020 moderate, 10-18); dimension 1 rated 1
        (
            "ciwa_ar",
            [4, 4, 1, 1, 1, 0, 0, 0, 1, 0],
            1,
            PRESCRIBER,
            "Prescriber's review before the patient leaves: before any dose: screen for intoxication (breath alcohol "
            "above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if intoxicated: no "
            "dose here (the patient must not drive today); otherwise at a CIWA-Ar of 10 or more treat withdrawal",
        ),
    ],
)
def test_the_rating_below_box_says_as_soon_and_by_whom_as_its_next_step(instrument, answers, d1, calls, step):
    below, box = _below_box([iopkit.score(instrument, answers)], d1)
    assert str(below.severity) == "warning" and str(below.calls_for) == "medical_review"
    assert f'data-calls-for="medical_review">{calls}</div>' in box
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r32a(f"Next step: {step}", box) in box
    assert DAYS_REVIEW not in box


def test_the_most_urgent_flag_behind_it_decides_the_box_and_the_next_step_whatever_their_order():
    # AUDIT item 6 at 1 (morning drink: assess withdrawal risk today) and CIWA-Ar item 10 at 1 (inattention: now)
    audit = iopkit.score("audit", [1, 0, 1, 0, 0, 1, 0, 0, 0, 0])
    ciwa = iopkit.score("ciwa_ar", [0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    for scores in ([audit, ciwa], [ciwa, audit]):
        below, box = _below_box(scores, 0)
        assert f'data-calls-for="medical_review">{NOW}</div>' in box
        assert "Next step: Medical review now: screen for delirium (CAM or 4AT)" in box
        # walk24 finding 6: the signs in words, never their codes (was "withdrawal_risk", "possible_inattention")
        assert "an AUDIT item 6, morning drink" in below.message and "a CIWA-Ar item 10 at 1" in below.message
        assert "withdrawal_risk" not in below.message and "possible_inattention" not in below.message


def test_a_sign_of_dependence_alone_keeps_the_days_review():
    # AUDIT item 6 at 1 (morning drink), dimension 1 rated 0: a prescriber's or nurse's review, the next step "today"
    below, box = _below_box([iopkit.score("audit", [1, 0, 1, 0, 0, 1, 0, 0, 0, 0])], 0)
    assert DAYS_REVIEW in box and "Next step: Assess withdrawal risk today" in box


def test_reported_seizures_or_delirium_call_for_a_review_now_and_say_so():
    # reported current withdrawal seizures or delirium: imminent danger (ASAM 2013 dimension 1 at 4)
    (flag,) = suggest_dimensions([], seizure_or_delirium=True)[1].flags
    box = html.unescape(flags_html([flag]))
    assert "<strong>Act now: Withdrawal seizures or delirium reported</strong>" in box
    assert f'data-calls-for="medical_review">{NOW}</div>' in box
    assert "Next step: Arrange medically managed withdrawal management or emergency referral now<" in box
    assert "today" not in flag.action


@pytest.mark.parametrize(
    "facts, finding",
    [
        ({"pawss": 4}, "a PAWSS 4"),
        ({"prior_withdrawal_seizure_or_dt": True}, "a past withdrawal seizure or delirium tremens"),
        ({"pawss": 5, "withdrawal_risk_mitigated": "sober partner at home 24 h, daily nurse visits"}, "a PAWSS 5"),
    ],
)
def test_a_high_risk_of_complicated_withdrawal_calls_for_a_prescribers_review(facts, finding):
    # managing withdrawal outside a medically monitored setting despite that risk is a prescriber's decision
    (flag,) = (f for f in suggest_dimensions([], **facts)[1].flags if f.code == "complicated_withdrawal_risk")
    box = html.unescape(flags_html([flag]))
    assert "<strong>Check: " in box and f'data-calls-for="medical_review">{PRESCRIBER}</div>' in box
    assert DAYS_REVIEW not in box
    # dimension 1 rated 1 below it: the rating-below flag calls for the same review
    below, box = _below_box([], 1, **facts)
    # walk24 finding 6: the finding in words, never its code (was "complicated_withdrawal_risk")
    assert "complicated_withdrawal_risk" not in below.message
    assert below.message.endswith(f"that {finding} calls for")
    assert f'data-calls-for="medical_review">{PRESCRIBER}</div>' in box and "Next step: Medical review " in box


@pytest.mark.parametrize("dimension", [1, 2, 3])
def test_a_dimension_rated_4_calls_for_medically_managed_care_or_an_emergency_referral_now(dimension):
    # imminent danger (ASAM Criteria 2013: a rating of 4 in dimensions 1-3): the next step is now, as its box says,
    # in the rated-4 headline's words (physician review 6, SF2)
    r = recommend({**{d: 0 for d in range(1, 7)}, dimension: 4})
    (danger,) = (f for f in r.flags if f.code == f"imminent_danger_d{dimension}")
    wanted = {
        # physician review R6, should-fix 4: the capacity test in the boxes of dimensions 1 and 2 too
        1: "Arrange transfer now (ED, or 4-WM)" + MEDICAL_DECLINES + "; the patient must not drive",
        2: "Arrange transfer now (ED)" + MEDICAL_DECLINES + "; the patient must not drive",
        3: (
            # no suicide-risk finding beside it: the psychiatric evaluation (physician review R5, should-fix 10)
            "Emergency psychiatric evaluation now: arrange transfer now (ED); safety precautions, staff with the "
            "patient, until handover" + PSYCHIATRIC_DECLINES + "; the patient must not drive"
        ),
    }
    assert danger.action == wanted[dimension]
    assert "today" not in html.unescape(flags_html([danger]))
