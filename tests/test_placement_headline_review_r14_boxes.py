"""Physician review R14 (session 14), the chart boxes beside the headline: must-fix M1; should-fix S2, S3, S1, S5.

Every expected text is typed by hand from the reviewer's words (/work/reviews/r14.md), never computed by iopkit; where
the reviewer wrote "(...)" or "..." for a part of a box left as it is, the test reads any bracket or any words there
(:func:`_reviewers`). The answers arrays are the reviewer's (R13's arrays, totals checked there with iopkit.score).
Cases are built as the reviewer built them: :func:`recommended` (old scores on 20 Nov 2026, today's on 02 Dec 2026,
ratings over ROUTINE).
"""

import itertools
import re

import pytest

from .intoxication_screens import NEXT_TRANSFER
from .test_placement_headline_review_r7_old_scores import built, either_day, given, grid_id, recommended
from .test_placement_headline_review_r13_boxes import (  # the reviewer's answers arrays, R13's
    CIWA_CMP15,
    CIWA_HAL10,
    CIWA_MOD13,
    CIWA_SEV21,
    COWS_19,
    COWS_48,
    CSSRS_HIGH,
    _box,
    _reviewers,
)

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

CIWA = {"sev": CIWA_SEV21, "cmp": CIWA_CMP15, "hal": CIWA_HAL10, "mod": CIWA_MOD13}
COWS = {"19": COWS_19, "48": COWS_48}


def _boxes(rec):
    return [(f.code, f.action) for f in rec.flags if f.action]


def _built(ratings, ciwa=None, cows=None, high=False):
    """The grid's case: a CIWA-Ar and a COWS of either day (``("sev", "old")``) and today's C-SSRS high."""
    today = [("cssrs_screen", CSSRS_HIGH)] if high else []
    return built(ratings, given("ciwa_ar", CIWA, ciwa), given("cows", COWS, cows), today=today)


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
    # R75 3b (was: _reviewers(M1) on the box, "arrange transfer now" capitalised): the severe box's own opening
    # transfer is dropped from the rating-below box; the complicated step's transfer (R75 3a, by emergency services)
    # is followed by M1's refusal
    assert _reviewers(
        "arrange transfer now by emergency services (ED: emergency psychiatric evaluation and emergency medical "
        "evaluation in one setting); staff with the patient until handover; do not manage as ambulatory withdrawal; "
        "if the patient declines transfer or tries to leave: staff stay with the patient (at a safe distance if there "
        "is a risk of violence) and call emergency services for an emergency mental-health assessment (local "
        "involuntary-assessment procedure); ..."
    ).search(_box(r, "rated_below_suggestion_d1"))
    assert not any("capacity" in a for _, a in _boxes(r))


def test_m1_a_high_beside_dimension_3_rated_4_keeps_the_suicide_evaluations_words():
    # a C-SSRS high leads the headline beside dimension 3 rated 4 (its evaluation for suicide risk): R13-M2's words
    r = recommended({3: 4}, today=[("ciwa_ar", CIWA_SEV21), ("cssrs_screen", CSSRS_HIGH)])
    assert _box(r, "severe_alcohol_withdrawal").startswith(
        "Arrange transfer now (ED: emergency evaluation for suicide risk and emergency medical evaluation in one "
        "setting); if the patient declines transfer or tries to leave: staff stay with the patient and call emergency "
        "services"
    )


# R14-S2, the reviewer's words; retyped to physician review R16 (session 15), should-fix S7: "Before any dose:
# <screen>; if <...>: no dose here; otherwise treat withdrawal as the prescriber decides (a first dose before transfer
# only if it does not delay the transfer[ and the reason for rating 4 allows it]): buprenorphine, ..."
S2_SEVERE = (
    "Before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if "
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team at handover (was:
    # "(the patient must not drive today)")
    f"intoxicated: no dose here ({NEXT_TRANSFER}); otherwise treat withdrawal as the prescriber "
    "decides (a first dose before transfer "
    # physician review R26b, should-fix S9: the last score and any dose first in the box's one handover clause
    "only if ... allows it): ...; at handover tell the receiving team the last COWS score and any dose with its time, "
    "and any complicating condition (...)"
    # physician review R31 M5: a box that may give a dose says its driving advice (before: none)
    "; if a dose is given: the patient must not drive today"
)
# "same screen in the moderate box's parenthesis": R13's moderate COWS words with S2's screen; R16 must-fix M2: the
# screen after the box's lead, before its dose verb, "if intoxicated: no dose here; otherwise "
S2_MODERATE = (
    "Prescriber's review (a first dose before transfer only if ... allows it): before any dose: screen for "
    "intoxication (breath alcohol above zero, or signs of sedative intoxication); if intoxicated: no dose here "
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team at handover
    f"({NEXT_TRANSFER}); "
    # physician review R26b, should-fix S9: the last score and any dose first in the box's one handover clause
    "otherwise treat withdrawal as the prescriber decides, ...; at handover tell the receiving team the last COWS "
    "score and any dose with its time, and any complicating condition (...)"
    # physician review R31 M5: a box that may give a dose says its driving advice (before: none)
    "; if a dose is given: the patient must not drive today"
)


@pytest.mark.parametrize("d", [1, 2, 3])
def test_s2_severe_cows_beside_a_rating_of_4_the_reviewers_words(d):
    r = recommended({d: 4}, today=[("cows", COWS_48)])
    assert _reviewers(S2_SEVERE).fullmatch(_box(r, "severe_opioid_withdrawal")), _box(r, "severe_opioid_withdrawal")
    assert not any("only for a complicating condition" in a for _, a in _boxes(r))


@pytest.mark.parametrize("d", [1, 2, 3])
def test_s2_moderate_cows_beside_a_rating_of_4_the_reviewers_words(d):
    r = recommended({d: 4}, today=[("cows", COWS_19)])
    assert _reviewers(S2_MODERATE).fullmatch(_box(r, "moderate_opioid_withdrawal"))
    assert not any("only for a complicating condition" in a for _, a in _boxes(r))


# R14-S3, the reviewer's words; physician review R18 (session 16), must-fix M5 retyped: with the headline's "give
# thiamine and check blood glucose" (r18.md, its words)
S3 = (
    # R52 ruling 5: the old severe CIWA-Ar's bracket says no dose without today's re-score
    "Re-score the CIWA-Ar before transfer only if it does not delay it (last 21 on 20 Nov 2026, severe; no dose here "
    # R67 SF3 (physician review R65 SF3 with R66 must-fix 1): the condition names a seizure, hallucinations and
    # disorientation, the screen delirium, case 565's words (was: "if still 15 or more, the ED evaluates both: before
    # any dose: screen for intoxication (...), give thiamine and check blood glucose; if intoxicated: no dose here
    # ({NEXT_TRANSFER}); ")
    "without today's re-score); if still 15 or more, or a seizure since the last score, or hallucinations, or "
    "disorientation (item 10 at 2 or more), the ED evaluates both: before any dose: screen for delirium (CAM or 4AT) "
    "and intoxication (...), give thiamine and check blood "
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team at handover
    "glucose; if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: "
    f"{NEXT_TRANSFER}); "
    "otherwise a prescriber gives a first dose before transfer only if it does not delay the transfer and the reason "
    # physician review R26b, should-fix S9: the last score and any dose told at handover, after its dose; R67 SF3:
    # the delirium screen told (was: "the last CIWA-Ar score and any dose with its time")
    "for rating 4 allows it; at handover tell the receiving team the last CIWA-Ar score, the delirium screen and any "
    "dose with its time; "
    "re-assess for seizures or delirium until handover"
    # physician review R31 M5: a box that may give a dose says its driving advice (before: none)
    "; if a dose is given: the patient must not drive today"
)


@pytest.mark.parametrize("d", [1, 2, 3])
def test_s3_old_severe_ciwa_ar_beside_a_rating_of_4_the_headlines_words(d):
    r = recommended({d: 4}, old=[("ciwa_ar", CIWA_SEV21)])
    assert _reviewers(S3).fullmatch(_box(r, "severe_alcohol_withdrawal")), _box(r, "severe_alcohol_withdrawal")
    d1 = _box(r, "rated_below_suggestion_d1") if any(f.code == "rated_below_suggestion_d1" for f in r.flags) else ""
    assert not d1 or _reviewers(S3).match(d1), d1
    # the reviewer's test
    assert not any("Re-score the CIWA-Ar now" in a for _, a in _boxes(r))


@pytest.mark.parametrize("d", [1, 2, 3])
@pytest.mark.parametrize("ciwa", ["cmp", "hal"])
def test_s3_old_complicated_ciwa_ar_beside_a_rating_of_4(d, ciwa):
    r = _built({d: 4}, (ciwa, "old"))
    assert not any("Emergency medical evaluation now: re-score" in a for _, a in _boxes(r))
    assert not any("re-score the CIWA-Ar now" in a.lower() for _, a in _boxes(r))
    # a dose in these boxes comes after the delirium and intoxication screen (the headline's own)
    for _, a in _boxes(r):
        if "a prescriber gives" in a:
            assert "screen for delirium (CAM or 4AT) and intoxication" in a[: a.index("a prescriber gives")], a


# R14-S1, the reviewer's words
S1 = (
    "At handover tell the receiving team of the high risk of complicated withdrawal: a home mitigation does not apply; "
    "withdrawal management at least 3.7-WM after the transfer"
)


@pytest.mark.parametrize("d", [1, 2, 3])
def test_s1_complicated_withdrawal_risk_beside_a_rating_of_4(d):
    r = recommended({d: 4}, old=[("ciwa_ar", CIWA_CMP15)])
    assert _box(r, "complicated_withdrawal_risk") == S1
    # the reviewer's test
    assert not any("(3.7-WM)" in a for _, a in _boxes(r))
    assert all("at least 3.7-WM after the transfer" in a for _, a in _boxes(r) if "3.7-WM" in a)


# R14-S5, the reviewer's words
S5_C06 = (
    "Prescriber's review now (before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication), give thiamine and check blood glucose; if delirium or intoxication: no "
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team at handover
    f"dose here (delirium: to the ED by emergency services; intoxication: {NEXT_TRANSFER}); a first "
    "dose before transfer only if it does not delay the "
    "transfer): ..."
)
S5_C36 = "the first dose may be given before transfer only if it does not delay the transfer"


def test_s5_c06_moderate_box_beside_a_complicated_transfer_now():
    r = recommended(today=[("ciwa_ar", CIWA_HAL10)])
    box = _box(r, "moderate_alcohol_withdrawal")
    assert _reviewers(S5_C06).match(box), box
    # the table's box_doses_after("CAM", *SCREEN): CAM, "screen for" and "intoxication" before the box's dose
    dose = box.index("treat withdrawal")
    assert all(0 <= box.find(s) < dose for s in ("CAM", "screen for", "intoxication"))


def test_s5_c05_severe_box_beside_a_complicated_transfer_now_screens_as_the_headline():
    r = recommended(today=[("ciwa_ar", CIWA_CMP15)])
    for code in ("severe_alcohol_withdrawal", "rated_below_suggestion_d1"):
        box = _box(r, code)
        dose = box.index("a prescriber gives")
        assert "screen for delirium (CAM or 4AT) and intoxication" in box[:dose], box
        assert "(ED, or 4-WM)" in box and "3.7-WM" not in box, box


def test_s5_c36_no_box_says_may_be_given_now():
    r = recommended(today=[("ciwa_ar", CIWA_MOD13), ("cows", COWS_48)])
    assert not any("may be given now" in a for _, a in _boxes(r))
    # R13-S4 (landed after R14) screens the headline's COWS dose, so the box first defers to that screen (R10 2d (d))
    # and then says R14-S5's condition: "... once the first step's screen before any dose finds no intoxication, before
    # transfer only if it does not delay the transfer" (R42 item 5, R46 Q6's words: what the screen must find; was
    # "... before any dose allows it, ...")
    box = _box(r, "buprenorphine_induction_threshold")
    assert (
        S5_C36 in box
        or (
            "the first dose may be given once the first step's screen before any dose finds no intoxication, "
            + S5_C36.removeprefix("the first dose may be given ")
        )
        in box
    ), box


# every R14 rule over a grid: ratings 1-3 at 4 (and 1+3, 2+3), today's C-SSRS high, transfers now; CIWA-Ar and COWS
# old or today
def _grid():
    ratings = [{}, {1: 4}, {2: 4}, {3: 4}, {1: 4, 3: 4}, {2: 4, 3: 4}]
    return list(itertools.product(ratings, either_day(CIWA), either_day(COWS), (False, True)))


def _transfer_now_first(rec):
    """The headline's first step arranges a transfer now with no condition before it (R13's test reading)."""
    first = rec.headline.split(". Then")[0]
    at = first.find("arrange transfer now")
    return at >= 0 and not re.search(r"\bif\b|\bre-score\b|\bat \d+ or more\b", first[:at])


#: A box's dose; "Treat withdrawal (before any dose: ..." is R14-S2's own form (the screen inside its bracket, before
#: the dose the bracket allows), read as a dose after its screen; beside a C-SSRS high the screen asks about an
#: overdose or ingestion first (physician review R16, session 15, should-fix S5, its words).
DOSE = re.compile(
    r"a prescriber gives|a prescriber treats|[Tt]reats? withdrawal"
    r"(?! \(before any dose: (?:ask about any overdose or ingestion today and )?screen for)"
)


@pytest.mark.parametrize(("ratings", "ciwa", "cows", "high"), _grid(), ids=map(grid_id, _grid()))
def test_the_r14_rules_over_the_grid(ratings, ciwa, cows, high):
    r = _built(ratings, ciwa, cows, high)
    boxes = _boxes(r)
    at_4 = any(ratings.get(d) == 4 for d in (1, 2, 3))
    if ratings.get(3) == 4 and not high:  # M1
        assert not [a for _, a in boxes if "capacity" in a]
        assert all("safe distance" in a for _, a in boxes if "declines transfer" in a)
    if at_4:
        assert not [a for _, a in boxes if "only for a complicating condition" in a]  # S2
        for _, a in boxes:  # S2, S3: every box dose after the screen
            for m in DOSE.finditer(a):
                assert "screen for" in a[: m.start()] and "intoxication" in a[: m.start()], a
        if ciwa and ciwa[1] == "old" and ciwa[0] in ("sev", "cmp", "hal"):  # S3: an old severe or complicated CIWA-Ar
            # (an old moderate one's "Re-score the CIWA-Ar now (last 13 ...); treat on the current score" gives no
            # transfer nor dose: as R13-L2 for an old COWS 13-36, not asked)
            assert not [a for _, a in boxes if "re-score the ciwa-ar now" in a.lower()]
            assert not [a for _, a in boxes if "emergency medical evaluation now: re-score" in a.lower()]
        assert not [a for _, a in boxes if "(3.7-WM)" in a]  # S1
        assert all("at least 3.7-WM after the transfer" in a for _, a in boxes if "3.7-WM" in a)  # S1
    if not at_4 and not high and _transfer_now_first(r):  # S5
        assert not [a for _, a in boxes if "may be given now" in a]
        if any(c == "complicated_withdrawal" for c, _ in boxes):  # the CIWA-Ar boxes S5 names (a COWS box's dose
            # beside complicated alcohol withdrawal is not asked there: left, see the commit message)
            for _, a in (b for b in boxes if b[0] in ("moderate_alcohol_withdrawal", "severe_alcohol_withdrawal")):
                for m in DOSE.finditer(a):
                    assert "screen for delirium (CAM or 4AT) and intoxication" in a[: m.start()], a


@pytest.mark.parametrize("d", [1, 2, 3])
def test_s3_old_complicated_ciwa_ar_in_its_severe_band_says_the_headlines_re_score(d):
    # CIWA_CMP15 of 20 Nov 2026 (15, disoriented) beside a rating of 4: its boxes say the headline's step for it (R14-S3
    # "the headline's words"; the headline's screen before any dose for complicated withdrawal, R13's accepted words)
    r = recommended({d: 4}, old=[("ciwa_ar", CIWA_CMP15)])
    said = (
        # R52 ruling 5: the old severe CIWA-Ar's bracket says no dose without today's re-score
        "Re-score the CIWA-Ar before transfer only if it does not delay it (last 15 on 20 Nov 2026, severe, "
        # R67 SF3: the condition names a seizure, hallucinations and disorientation (was: "if still 15 or more, the
        # ED evaluates both: "); the screen as it was (it names delirium already)
        "disoriented; no dose here without today's re-score); if still 15 or more, or a seizure since the last score, "
        "or hallucinations, or disorientation (item 10 at 2 or more), the ED evaluates both: before any "
        "dose: screen for delirium (CAM or 4AT) "
        "and intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check "
        "blood glucose; if delirium or intoxication: no dose here (delirium: to the ED by emergency services; "
        # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team at handover
        f"intoxication: {NEXT_TRANSFER}); "
        "otherwise a prescriber gives a first dose before transfer only if it does not delay the transfer and the "
        # physician review R26b, should-fix S9: the last score and any dose told at handover, after its dose
        # R65 F2 (was: "...CIWA-Ar score and any dose with its time")
        "reason for rating 4 allows it; at handover tell the receiving team the last CIWA-Ar score, the delirium "
        "screen and any dose with its time; re-assess for seizures or delirium until handover"
    )
    # physician review R31 M5: a box that may give a dose says its driving advice (before: none), after its steps
    driving = "; if a dose is given: the patient must not drive today"
    assert _box(r, "severe_alcohol_withdrawal") == said + driving
    assert _box(r, "complicated_withdrawal") == (
        f"{said}; no ambulatory withdrawal management without extended on-site monitoring (1-WM); 24-hour withdrawal "
        "management unless a medical review records a mitigation (possible withdrawal delirium on 20 Nov 2026 "
        f"(CIWA-Ar): if confirmed, a history of complicated withdrawal){driving}"
    )


@pytest.mark.parametrize("d", [1, 2, 3])
def test_s3_old_complicated_ciwa_ar_below_its_severe_band_gives_no_dose(d):
    # CIWA_HAL10 of 20 Nov 2026 beside a rating of 4: the headline gives no dose for it, nor does the box (R14-S5's
    # rule: no box dose where the headline gives none)
    r = recommended({d: 4}, old=[("ciwa_ar", CIWA_HAL10)])
    box = _box(r, "complicated_withdrawal")
    assert box.startswith(
        "Re-score the CIWA-Ar and screen for delirium (CAM or 4AT) before transfer only if it does not delay it (last "
        "10 on 20 Nov 2026, hallucinations): "
    )
    assert not DOSE.search(box) and "capacity" not in box
