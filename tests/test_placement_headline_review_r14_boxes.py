"""Physician review R14 (session 14), the chart boxes beside the headline: must-fix M1; should-fix S2, S3, S1, S5.

Every expected text is typed by hand from the reviewer's words (/work/reviews/r14.md), never computed by iopkit; where
the reviewer wrote "(...)" or "..." for a part of a box left as it is, the test reads any bracket or any words there
(:func:`_reviewers`). The answers arrays are the reviewer's (R13's arrays, totals checked there with iopkit.score).
Cases are built as the reviewer built them: :func:`recommended` (old scores on 20 Nov 2026, today's on 02 Dec 2026,
ratings over ROUTINE).
"""

import re

import pytest

from .test_placement_headline_review_r7_old_scores import recommended

CIWA_MOD13 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 0]
CIWA_SEV21 = [4, 3, 3, 3, 3, 2, 0, 0, 3, 0]
CIWA_CMP15 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 2]
CIWA_HAL10 = [1, 1, 1, 1, 1, 0, 4, 0, 1, 0]
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]
COWS_48 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 5]
CSSRS_HIGH = ["yes", "yes", "no", "yes", "no", "no", None]
CIWA = {"sev": CIWA_SEV21, "cmp": CIWA_CMP15, "hal": CIWA_HAL10, "mod": CIWA_MOD13}
COWS = {"19": COWS_19, "48": COWS_48}


def _reviewers(text):
    """The reviewer's words as a pattern: "(...)" any bracket, "..." any words, the rest exactly."""
    out = re.escape(text).replace(re.escape("(...)"), r"\([^()]*\)").replace(re.escape("..."), ".*?")
    return re.compile(out)


def _box(rec, code):
    (action,) = (f.action for f in rec.flags if f.code == code)
    return action


def _boxes(rec):
    return [(f.code, f.action) for f in rec.flags if f.action]


def _built(ratings, ciwa=None, cows=None, high=False):
    """``recommended`` with a CIWA-Ar and a COWS of either day (``("sev", "old")``) and today's C-SSRS high."""
    old, today = [], [("cssrs_screen", CSSRS_HIGH)] if high else []
    for instrument, table, given in (("ciwa_ar", CIWA, ciwa), ("cows", COWS, cows)):
        if given:
            (old if given[1] == "old" else today).append((instrument, table[given[0]]))
    return recommended(ratings, old=old, today=today)


# R14-M1, the reviewer's words
M1 = (
    "Arrange transfer now (ED: emergency psychiatric evaluation and emergency medical evaluation in one setting); if "
    "the patient declines transfer or tries to leave: staff stay with the patient (at a safe distance if there is a "
    "risk of violence) and call emergency services for an emergency mental-health assessment (local "
    "involuntary-assessment procedure); ..."
)
D3_RATINGS = [{3: 4}, {1: 4, 3: 4}, {2: 4, 3: 4}]


@pytest.mark.parametrize("ratings", D3_RATINGS, ids=str)
@pytest.mark.parametrize("ciwa", ["sev", "cmp", "hal", "mod"])
@pytest.mark.parametrize("when", ["today", "old"])
def test_m1_dimension_3_rated_4_no_capacity_in_any_box(ratings, ciwa, when):
    r = _built(ratings, (ciwa, when))
    # the reviewer's one-line test, first half verbatim
    assert not any("capacity" in f.action for f in r.flags)
    # its second half, where a box of those codes is raised with a transfer's refusal in it (the reviewer's "any" is
    # empty for {3: 4} with a CIWA-Ar of 10 or 13: no severe or dimension 1 box; an old severe CIWA-Ar's box says the
    # headline's re-score there, R14-S3, with no refusal of its own)
    refusing = [
        f.action for f in r.flags if f.code.startswith(("severe_alc", "imminent_danger_d1")) and "declines" in f.action
    ]
    assert all("safe distance" in a for a in refusing)
    if (ciwa, when) in (("sev", "today"), ("cmp", "today")) or 1 in ratings and ratings[1] == 4:
        assert any(
            "safe distance" in f.action for f in r.flags if f.code.startswith(("severe_alc", "imminent_danger_d1"))
        )
    # every refusal in any box is the emergency mental-health hold at a safe distance
    assert all("safe distance" in a for _, a in _boxes(r) if "declines transfer" in a)


@pytest.mark.parametrize("code", ["severe_alcohol_withdrawal", "rated_below_suggestion_d1"])
def test_m1_severe_ciwa_ar_today_the_reviewers_words(code):
    r = recommended({3: 4}, today=[("ciwa_ar", CIWA_SEV21)])
    assert _reviewers(M1).match(_box(r, code)), _box(r, code)


@pytest.mark.parametrize(
    ("ratings", "code"), [({1: 4, 3: 4}, "imminent_danger_d1"), ({2: 4, 3: 4}, "imminent_danger_d2")]
)
def test_m1_imminent_danger_boxes_the_reviewers_words(ratings, code):
    r = recommended(ratings)
    assert _reviewers(M1).match(_box(r, code)), _box(r, code)


def test_m1_complicated_ciwa_ar_today_no_capacity():
    r = recommended({3: 4}, today=[("ciwa_ar", CIWA_CMP15)])
    assert _reviewers(M1).search(
        _box(r, "rated_below_suggestion_d1").replace("arrange transfer now", "Arrange transfer now")
    )
    assert not any("capacity" in a for _, a in _boxes(r))


def test_m1_a_high_beside_dimension_3_rated_4_keeps_the_suicide_evaluations_words():
    # a C-SSRS high leads the headline beside dimension 3 rated 4 (its evaluation for suicide risk): R13-M2's words
    r = recommended({3: 4}, today=[("ciwa_ar", CIWA_SEV21), ("cssrs_screen", CSSRS_HIGH)])
    assert _box(r, "severe_alcohol_withdrawal").startswith(
        "Arrange transfer now (ED: emergency evaluation for suicide risk and emergency medical evaluation in one "
        "setting); if the patient declines transfer or tries to leave: staff stay with the patient and call emergency "
        "services"
    )
