"""A saved placement's flags read back with the medical review their rules give (review item 1): a withdrawal sign
calling for a prescriber's review now (CIWA-Ar item 10 at 1, inattention: screen for delirium, treat a low glucose at
once, re-score within 1 hour) reads "now" after the round trip, also the placement's own rating-below flag saved
before it said how soon (it read "today", the default), and a flag saved more urgent than its rule never reads later.

Expected values typed from the physician review (CIWA-Ar item 10 at 1: a prescriber's (medical) review now).
"""

import html
import json

import pytest

import iopkit
from iopkit.flags import MedicalReview, medical_review_of
from iopkit.markup import flags_html
from iopkit.placement import Placement, recommend, suggest_dimensions
from tests.test_placement_headline_review_r7_old_scores import recommended
from tests.test_placement_physician_cases import COWS_19, CSSRS_MOD

NOW = "Calls for a prescriber's (medical) review now."
DAYS_REVIEW = "Calls for a prescriber's or nurse's review today"
REST = {2: 0, 3: 0, 4: 0, 5: 0, 6: 0}


def _placement():
    # CIWA-Ar item 10 (orientation) at 1, total 1; dimension 1 rated 1, below what the flag suggests
    ciwa = iopkit.score("ciwa_ar", [0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    rec = recommend({1: 1, **REST}, suggested=suggest_dimensions([ciwa]))
    return Placement(rec, reason="patient declines; nurse call in 1 hour")


def _read(stored):
    return Placement.from_dict(json.loads(json.dumps(stored)))


def _flag(placement, code):
    (flag,) = (f for f in placement.recommendation.flags if f.code == code)
    return flag


def test_a_saved_placement_reads_back_its_now_flags_as_now():
    p = _placement()
    back = _read(p.to_dict())
    assert back == p
    for code in ("possible_inattention", "rated_below_suggestion_d1"):
        flag = _flag(back, code)
        assert medical_review_of(flag) is MedicalReview.NOW and medical_review_of(flag) == "now", code
        assert NOW in html.unescape(flags_html([flag])) and DAYS_REVIEW not in html.unescape(flags_html([flag]))
    assert _flag(back, "rated_below_suggestion_d1").medical_review == "now"  # said by the flag itself, typed


def test_a_rating_below_flag_saved_before_it_said_how_soon_reads_now():
    stored = _placement().to_dict()
    for f in stored["recommendation"]["flags"]:
        f.pop("medical_review", None)  # as saved before the rating-below flag carried its review
    flag = _flag(_read(stored), "rated_below_suggestion_d1")
    assert flag.medical_review == "now" and NOW in html.unescape(flags_html([flag]))


def test_a_flag_saved_more_urgent_than_its_rule_now_says_never_reads_later():
    # AUDIT item 6 at 1 behind it (a sign of dependence: the day's review), but saved as "now"
    audit = iopkit.score("audit", [1, 0, 1, 0, 0, 1, 0, 0, 0, 0])
    rec = recommend({1: 0, **REST}, suggested=suggest_dimensions([audit]))
    stored = Placement(rec, reason="seen by the nurse").to_dict()
    (below,) = (f for f in stored["recommendation"]["flags"] if f["code"] == "rated_below_suggestion_d1")
    assert below["medical_review"] == "today"  # a sign of dependence alone: the day's review
    below["medical_review"] = "now"
    assert _flag(_read(stored), "rated_below_suggestion_d1").medical_review == "now"
    # an unknown old code keeps what it was saved with
    stored["recommendation"]["flags"].append(
        {"code": "retired_code", "message": "m", "severity": "warning", "calls_for": "medical_review",
         "medical_review": "prescriber"}
    )  # fmt: skip
    assert medical_review_of(_flag(_read(stored), "retired_code")) == "prescriber"


def test_a_rating_below_flag_saved_for_the_record_reads_back_the_call_and_step_its_flags_give():
    # As saved under the older rule: "for the record", its step "Document why ...", no review said (the physician
    # review's should-fix: its box read "now" but the saved placement's headline named no review at all)
    stored = _placement().to_dict()
    (below,) = (f for f in stored["recommendation"]["flags"] if f["code"] == "rated_below_suggestion_d1")
    below.update(calls_for="note", action="Document why the clinician's rating is lower")
    below.pop("medical_review", None)
    back = _read(stored)
    flag = _flag(back, "rated_below_suggestion_d1")
    assert flag.calls_for == "medical_review" and flag.medical_review == "now"
    assert flag.action.startswith("Medical review now: screen for delirium (CAM or 4AT)")  # item 10 at 1, typed
    assert flag.action.endswith("; record the reason for the lower rating with the placement decision")
    assert back.recommendation.headline.startswith("First: medical review now")
    assert back == _placement()  # reads back as the rule makes it today


def test_a_rating_below_flag_saved_with_a_more_urgent_call_keeps_it():
    stored = _placement().to_dict()
    (below,) = (f for f in stored["recommendation"]["flags"] if f["code"] == "rated_below_suggestion_d1")
    below.update(calls_for="emergency_evaluation", action="Emergency evaluation now")
    flag = _flag(_read(stored), "rated_below_suggestion_d1")
    assert flag.calls_for == "emergency_evaluation" and flag.action == "Emergency evaluation now"


@pytest.mark.parametrize(
    "today",
    [
        [("ciwa_ar", [2, 2, 2, 2, 2, 1, 0, 0, 1, 1])],
        [("ciwa_ar", [2, 2, 2, 2, 2, 1, 0, 0, 1, 1]), ("cows", COWS_19)],
        [("ciwa_ar", [2, 2, 2, 2, 2, 1, 0, 0, 1, 1]), ("cssrs_screen", CSSRS_MOD)],
    ],
    ids=["item 10 at 1", "item 10 at 1 + COWS 19", "item 10 at 1 + C-SSRS moderate"],
)
def test_an_older_saved_rating_below_box_reads_back_as_a_new_one_says_it(today):
    # physician review R32, must-fix M2: a rating-below box saved under an older rule ("for the record") and said again
    # on reading was re-derived from its flags alone: beside a COWS its hold named no buprenorphine or methadone and its
    # dose had no gate on the medical review; beside a C-SSRS moderate it dropped the overdose question and the screen's
    # handover. Read back, every box is the box a recommendation made now says, box by box.
    new = recommended({1: 0}, today=today)
    stored = json.loads(json.dumps(Placement(new, reason="seen by the nurse").to_dict()))
    for f in stored["recommendation"]["flags"]:
        if f["code"].startswith("rated_below_suggestion_d"):
            f.update(calls_for="note", action="Document why the clinician's rating is lower")
            f.pop("medical_review", None)
    back = Placement.from_dict(stored).recommendation
    assert [(f.code, f.action) for f in back.flags] == [(f.code, f.action) for f in new.flags]
    if len(today) > 1 and today[1][0] == "cows":  # typed: the hold the fresh box says
        box = next(f.action for f in back.flags if f.code == "rated_below_suggestion_d1")
        assert "no buprenorphine, methadone or benzodiazepine until it clears" in box, box
