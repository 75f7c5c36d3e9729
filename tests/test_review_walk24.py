"""The clinic day of walk24 (/work/reviews/walk24.md) on the demo built on Fri 04 Dec 2026 (a pinned build day, so
every date is fixed): DEMO-04 after a PHQ-9 (2,2,2,2,1,2,2,1,2 = 16, item 9 = 2) and a C-SSRS screen with intent
(items 1-4 "yes": high risk, Posner et al. 2011) entered that day; DEMO-01 unchanged.

Expected words typed by hand from the walk's expectations and the placement page's words (finding 2: "Then, as the
evaluation decides: Level 1 (Outpatient)", "the emergency evaluation for suicide risk covers this"; finding 4: "4 of 8
completed weeks"; finding 7: each step once).
"""

from __future__ import annotations

import datetime as dt

import pytest

from iopkit import score
from iopkit.demo import build_demo_db
from iopkit.episode import Episode
from iopkit.placement.continued_stay import each_once
from iopkit.report.patient import patient_summary_html
from iopkit.store import Store

TODAY = dt.date(2026, 12, 4)
PHQ9 = [2, 2, 2, 2, 1, 2, 2, 1, 2]  # 16, item 9 "more than half the days"
CSSRS_INTENT = ["yes", "yes", "yes", "yes", "no", "no", None]  # question 4 (intent) yes: high risk


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("walk24") / "demo.sqlite"
    build_demo_db(path, today=TODAY, programme=False)
    store = Store(path)
    ids = {p.pseudonym: p.id for p in store.patients()}
    when = dt.datetime(2026, 12, 4, 15, tzinfo=dt.UTC)
    store.save(ids["DEMO-04"], score("phq9", PHQ9), by="RN", when=when)
    store.save(ids["DEMO-04"], score("cssrs_screen", CSSRS_INTENT), by="RN", when=when + dt.timedelta(minutes=10))
    return store, ids


def _episode(demo, who: str) -> Episode:
    store, ids = demo
    return Episode.from_store(store, ids[who], as_of=TODAY)


def _boxes(demo, who: str) -> dict[str, tuple[str, str]]:
    return {f.code: (f.message, f.action) for f in each_once(_episode(demo, who).review_flags)}


# walk24 finding 2 (must-fix): one plan on every page under a C-SSRS high risk of the day


def test_the_review_s_level_is_as_the_emergency_evaluation_decides(demo):
    assert _episode(demo, "DEMO-04").review.headline == (
        "First: safety precautions and an immediate emergency evaluation for suicide risk (unresolved high-risk "
        "flag); and a prescriber's or nurse's review today, before the patient leaves (unresolved withdrawal or "
        "medical flag). Then, as the evaluation decides: Level 1 (Outpatient)"
    )


def test_the_review_never_asks_for_a_same_day_assessment_beside_the_emergency_evaluation(demo):
    headline = _episode(demo, "DEMO-04").review.headline
    assert "same-day suicide risk assessment" not in headline
    assert "Then: continue" not in headline


def test_the_phq9_item_9_box_says_the_emergency_evaluation_covers_it(demo):
    message, action = _boxes(demo, "DEMO-04")["risk_assessment_due"]
    assert message == (
        "Unresolved suicide-risk flag(s): Possible suicidal ideation (PHQ-9 item 9, thoughts of being better off dead "
        "or of self-harm) (PHQ-9, 30 Nov); Possible suicidal ideation (PHQ-9 item 9, thoughts of being better off dead "
        "or of self-harm) (PHQ-9, 04 Dec)"
    )
    assert action == (
        "The C-SSRS screen of 04 Dec is high risk: the emergency evaluation for suicide risk covers this; tell the "
        "evaluator of these findings and record what was done; no step-down until then"
    )


def test_the_summary_says_the_placement_s_plan(demo):
    store, ids = demo
    html = patient_summary_html(store, ids["DEMO-04"], today=TODAY, generated="2026-12-04 16:00 UTC")
    assert "Then, as the evaluation decides: Level 1 (Outpatient)" in html
    assert "the emergency evaluation for suicide risk covers this" in html
    assert "same-day suicide risk assessment" not in html
    assert "Then: continue at" not in html


def test_without_a_high_risk_the_review_still_asks_for_the_same_day_assessment(demo):
    # DEMO-01: a PHQ-9 item 9 of 30 Nov open, no C-SSRS high risk: the assessment and a plain continue, as before
    headline = _episode(demo, "DEMO-01").review.headline
    assert headline == (
        "First: a same-day suicide risk assessment (unresolved suicide-risk flag). Then: continue at Level 2.1 "
        "(Intensive outpatient)"
    )


# walk24 finding 4 (must-fix): one count of the weeks below the minimum


def test_the_review_note_counts_every_week_below_the_minimum(demo):
    flags = {f.code: f.message for f in _episode(demo, "DEMO-01").review.flags}
    assert flags["week_below_minimum"] == (
        "Week of Mon 16 Nov: 6 h attended of 9 h scheduled, below the IOP minimum of 9 h/week"
    )
    assert flags["weeks_below_minimum_earlier"] == (
        "4 of 8 completed weeks below the IOP minimum of 9 h/week (weeks of 12, 19 Oct, 2, 16 Nov), 3 of them before "
        "the last two weeks: a pattern; plan for it in the step-down (Dimension 4/5)"
    )


def test_the_dose_page_lists_the_same_four_weeks_by_their_dates(demo):
    # walk24 4 and 9: the same four weeks, named as the review names them, never "weeks 2, 3, 5, 7" (counted from 1
    # while the chart counts from 0)
    episode = _episode(demo, "DEMO-01")
    said = " ".join(f.message for f in episode.dose.flags) if episode.dose is not None else ""
    assert "Attended hours were below the 2.1 minimum of 9 h/week in the weeks of 12, 19 Oct, 2, 16 Nov." in said


# walk24 finding 7: each box's next step once


def test_the_c_ssrs_high_risk_box_says_its_step_once(demo):
    _, action = _boxes(demo, "DEMO-04")["emergency_evaluation_due"]
    assert action == (
        "Safety precautions now: do not leave the patient alone; arrange an immediate emergency mental-health "
        "evaluation, which decides any hospitalisation; if the patient declines it or tries to leave: staff stay with "
        "the patient and call emergency services for an emergency mental-health assessment (local "
        # R75 2 (was: "...(local involuntary-assessment procedure); record what was done")
        "involuntary-assessment procedure); the patient must not drive; record what was done; no step-down until then"
    )
    assert action.count("Safety precautions now") == 1


def test_the_withdrawal_box_says_its_review_once(demo):
    _, action = _boxes(demo, "DEMO-04")["medical_review_due"]
    assert action.startswith(
        "Arrange a prescriber's or nurse's review today, before the patient leaves, to assess withdrawal risk (ask "
        "which drugs and when last used; "
    )
    assert action.endswith("before planning ambulatory care; record what was done; no step-down until then")
    assert action.count("today") == 1


# walk24 finding 8: a complete AUDIT-C's box carries its date and asks for the full AUDIT, never "missing answers"


def test_the_audit_c_box_carries_its_record_and_asks_for_the_full_questionnaire(demo):
    import re

    from iopkit.markup import flags_html

    (flag,) = [f for f in _episode(demo, "DEMO-01").review.flags if f.code == "positive_screen"]
    assert flag.message == "AUDIT-C screen positive for hazardous drinking (AUDIT-C, 05 Oct)"
    text = re.sub(r"<[^>]+>", " ", flags_html([flag]))
    assert "Calls for the full questionnaire at this visit." in text
    assert "Complete the full AUDIT" in text
    assert "missing answers" not in text


# walk24 finding 10: beside a C-SSRS screen the PHQ-9 item 9's step never reads "(e.g. C-SSRS)" as done


def _suicide_box(cssrs_answers):
    from iopkit.placement import EpisodeHistory, LevelOfCare, review

    scores = ((0, score("phq9", PHQ9)), (0, score("cssrs_screen", cssrs_answers)))
    r = review(EpisodeHistory(LevelOfCare.IOP, attendance=0.9, scores=scores, first_day=TODAY))
    (box,) = [f for f in each_once(r.flags) if f.code == "risk_assessment_due"]
    return box.action


def test_beside_a_moderate_c_ssrs_screen_the_assessment_is_still_to_do():
    assert _suicide_box(["yes", "yes", "yes", "no", "no", "no", None]) == (
        "Complete a suicide risk assessment by a qualified clinician, with safety planning, before the patient leaves "
        "(the C-SSRS screen asked about suicidal thoughts: it is a screen, not the assessment), and record what was "
        "done; consider safety precautions (do not leave the patient alone) until it is done; no step-down until then "
        "(the assessment, not the screen, decides any change of level)"
    )


def test_beside_a_low_c_ssrs_screen_the_assessment_is_still_to_do():
    action = _suicide_box(["yes", "no", None, None, None, "no", None])
    assert action.startswith(
        "Complete a suicide risk assessment by a qualified clinician before the patient leaves (the C-SSRS screen "
        "asked about suicidal thoughts: it is a screen, not the assessment) and record what was done; "
    )
    assert "(e.g. C-SSRS)" not in action and "Ask about suicidal thoughts" not in action
