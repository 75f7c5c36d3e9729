"""How soon, and by whom, a flag's medical review is due is data (``FlagRule.medical_review``), read from each flag's
stated next step, not its severity alone (physician review, must-fix 1 and should-fix 2, 3); each box's "Calls for"
text and its "Next step" agree.

Expected texts typed from the physician review: CIWA-Ar item 10 at 1 (inattention: screen for delirium, treat a low
glucose at once, re-score within 1 hour) a prescriber's review now; CIWA-Ar 10-18 (medication, ASAM 2020) and COWS
13-36 (buprenorphine or methadone, ASAM 2020 OUD guideline) a prescriber's review (or a nurse under the prescriber's
withdrawal protocol) before the patient leaves, still warnings (ASAM 2020 Table 1: moderate withdrawal without
complications, ambulatory); any other medical-review warning a prescriber's or nurse's review today, before the
patient leaves.
"""

import html

import pytest

import iopkit
from iopkit.errors import InstrumentDefinitionError, InvalidValueError
from iopkit.flags import Flag, MedicalReview, medical_review_of
from iopkit.instruments import CATALOGUE, FlagRule, When
from iopkit.markup import CALLS_FOR_TEXT, flags_html

NOW = "Calls for a prescriber's (medical) review now."
PRESCRIBER = (
    "Calls for a prescriber's review (or a nurse under the prescriber's withdrawal protocol) before the patient "
    "leaves; if the patient has left, today."
)
TODAY = "Calls for a prescriber's or nurse's review today, before the patient leaves."
#: Every medical-review flag of the instruments and what its box says it calls for (typed from the review)
EXPECTED = {
    ("ciwa_ar", "complicated_withdrawal"): NOW,
    ("ciwa_ar", "severe_alcohol_withdrawal"): NOW,
    ("ciwa_ar", "possible_inattention"): NOW,
    ("ciwa_ar", "moderate_alcohol_withdrawal"): PRESCRIBER,
    ("cows", "severe_opioid_withdrawal"): NOW,
    ("cows", "moderately_severe_opioid_withdrawal"): PRESCRIBER,
    ("cows", "moderate_opioid_withdrawal"): PRESCRIBER,
    ("audit", "withdrawal_risk"): TODAY,
    ("dast10", "withdrawal_risk"): TODAY,
    ("cage_aid", "withdrawal_risk"): TODAY,
    ("dsm5_sud", "withdrawal_risk"): TODAY,
}


def _box(flag):
    return html.unescape(flags_html([flag]))


def test_every_medical_review_flag_says_how_soon_and_by_whom_as_the_review_asks():
    found = {
        (code, r.code): r
        for code, inst in CATALOGUE.items()
        for r in inst.flags
        if str(r.calls_for) == "medical_review"
    }
    assert set(found) == set(EXPECTED)
    for key, rule in found.items():
        flag = Flag(rule.code, rule.message, rule.severity, rule.action, rule.source, rule.calls_for)
        assert EXPECTED[key] in _box(flag), key


@pytest.mark.parametrize(("instrument", "code"), [k for k, v in EXPECTED.items() if v != NOW])
def test_a_review_before_the_patient_leaves_stays_a_warning(instrument, code):
    (rule,) = (r for r in CATALOGUE[instrument].flags if r.code == code)
    assert str(rule.severity) == "warning"


def test_inattention_stays_a_warning_whose_review_is_now():
    (rule,) = (r for r in CATALOGUE["ciwa_ar"].flags if r.code == "possible_inattention")
    assert str(rule.severity) == "warning" and rule.medical_review is MedicalReview.NOW
    assert rule.action.startswith("Medical review now: screen for delirium (CAM or 4AT)")


@pytest.mark.parametrize(
    ("instrument", "answers", "code"),
    [
        ("ciwa_ar", [4, 4, 1, 1, 1, 0, 0, 0, 1, 0], "moderate_alcohol_withdrawal"),  # 12: ASAM 2020 moderate 10-18
        ("cows", [1, 2, 3, 1, 1, 1, 1, 1, 1, 1, 0], "moderate_opioid_withdrawal"),  # 13: Wesson & Ling 13-24
        ("cows", [2, 3, 3, 2, 2, 2, 2, 2, 2, 2, 3], "moderately_severe_opioid_withdrawal"),  # 25: 25-36
    ],
)
def test_withdrawal_to_treat_box_and_next_step_agree(instrument, answers, code):
    (flag,) = (f for f in iopkit.score(instrument, answers).flags if f.code == code)
    box = _box(flag)
    assert "<strong>Check: " in box and PRESCRIBER in box
    assert "Next step: Prescriber's review before the patient leaves: " in box
    assert (
        " now" not in flag.action.split(":")[0]
        and "Treat withdrawal now" not in box
        and "Medical review now" not in box
    )
    assert "nurse's review today" not in box


def test_the_days_review_reads_before_the_patient_leaves_as_the_risk_assessment_does():
    assert CALLS_FOR_TEXT["medical_review"] == TODAY
    assert CALLS_FOR_TEXT["risk_assessment"].split(",")[0].endswith("today")  # "... today, before the patient leaves"


def test_an_old_record_reads_as_its_rule_does_now():
    # a possible_inattention flag saved before flags said how soon (no medical_review in its dict)
    saved = {
        "code": "possible_inattention",
        "message": "CIWA-Ar item 10 at 1 (cannot do serial additions or uncertain about date): inattention",
        "severity": "warning",
        "action": "Medical review: screen for delirium (CAM or 4AT)",
        "source": "ciwa_sullivan1989",
        "calls_for": "medical_review",
        "partial": False,
    }
    flag = Flag.from_dict(saved)
    assert flag.medical_review is None and medical_review_of(flag) is MedicalReview.NOW
    assert NOW in _box(flag)
    # a complicated-withdrawal flag saved as a warning reads as its rule does now: critical, now
    assert medical_review_of(Flag("complicated_withdrawal", "CIWA-Ar item 10 at 2", "warning")) is MedicalReview.NOW


def test_a_flag_built_outside_the_definitions_says_its_own_and_survives_a_round_trip():
    flag = Flag(
        "medical_review_due",
        "Unresolved",
        "warning",
        "Arrange",
        "iopkit",
        "medical_review",
        medical_review="prescriber",
    )
    assert flag.to_dict()["medical_review"] == "prescriber" and Flag.from_dict(flag.to_dict()) == flag
    assert "medical_review" not in Flag("x", "y").to_dict()  # written only when given: older records unchanged
    assert medical_review_of(flag) is MedicalReview.PRESCRIBER and PRESCRIBER in _box(flag)
    # the most urgent wins: a critical flag is now whatever it says
    assert medical_review_of(Flag("x", "y", "critical", medical_review="today")) is MedicalReview.NOW
    with pytest.raises(InvalidValueError, match="medical_review"):
        Flag("x", "y", medical_review="soon")


def test_a_rule_says_how_soon_only_where_it_calls_for_a_medical_review_and_never_later_than_now_when_critical():
    when = (When(item=1),)
    FlagRule("x", "m", "warning", "a", "iopkit", when, "medical_review", medical_review="now")
    with pytest.raises(InstrumentDefinitionError, match="calls for counselling"):
        FlagRule("x", "m", "warning", "a", "iopkit", when, "counselling", medical_review="now")
    with pytest.raises(InstrumentDefinitionError, match="critical: its medical review is now"):
        FlagRule("x", "m", "critical", "a", "iopkit", when, "medical_review", medical_review="today")
    with pytest.raises(InstrumentDefinitionError, match="medical_review"):
        FlagRule("x", "m", "warning", "a", "iopkit", when, "medical_review", medical_review="later")


def test_the_buprenorphine_induction_note_is_for_the_record_not_a_review():
    # physician re-review, should-fix 3: COWS 1+2+3+1+1+1+1+1+1+1+0 = 13 (> 12, BC guidance): a "Note" box never says
    # "a prescriber's review ... before the patient leaves" over "the first dose may be given now"; the moderate
    # band's own warning, raised with it, calls for the prescriber's review
    flags = {f.code: f for f in iopkit.score("cows", [1, 2, 3, 1, 1, 1, 1, 1, 1, 1, 0]).flags}
    note = _box(flags["buprenorphine_induction_threshold"])
    assert "<strong>Note: COWS above 12" in note and "the first dose may be given now" in note
    assert '<div class="iop-calls-for" data-calls-for="note">For the record.</div>' in note
    assert "review" not in note.split("Next step:")[0].split("</strong>")[1]
    assert PRESCRIBER in _box(flags["moderate_opioid_withdrawal"])
