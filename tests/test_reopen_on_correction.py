"""A correction that changes a closed safety flag's finding reopens the flag, and the chart says why.

The patient-safety review's case: a PHQ-9 saved with item 9 answered 1 raises the suicidal-ideation flag (item 9
above 0, Kroenke et al. 2001); a clinician closes it at overall risk low; the PHQ-9 is then corrected to item 9
answered 3.  The low closing answered "several days", not "nearly every day": the flag is open again on the
corrected record, with who closed it when, what the correction changed and why.  A correction that changes nothing
the flag's rule reads, or lowers it, keeps the closing (a closing of the higher finding answered the lower one).
C-SSRS screener triage (Columbia): item 1 or 2 "yes" without items 3-5 or behaviour is low risk, item 4 "yes" high
risk.  CIWA-Ar item 6 (tactile disturbances) at 4 or more is moderately severe hallucinations: complicated
withdrawal (Sullivan et al. 1989).  Every value below is typed from those sources, never read from the code.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import replace
from types import SimpleNamespace

import pytest

from iopkit import score
from iopkit.entry import clinical_day
from iopkit.episode import Episode
from iopkit.errors import FlagAlreadyClosedError
from iopkit.flags import Flag
from iopkit.placement import FlagResolution, LevelOfCare, Placement, recommend
from iopkit.placement.resolution import AfterCorrection, closings_of, follow_corrections, reopened_by_corrections
from iopkit.store import Store

from .conftest import emergency_evaluation

DAY = dt.date(2026, 3, 2)
OTHERS = [1, 1, 2, 1, 0, 1, 2, 1]  # PHQ-9 items 1-8
ITEM9_1 = [*OTHERS, 1]  # item 9 "several days": the suicidal-ideation flag
ITEM9_3 = [*OTHERS, 3]  # item 9 "nearly every day": the same flag, a higher finding
MESSAGE = "Possible suicidal ideation (PHQ-9 item 9, thoughts of being better off dead or of self-harm)"
CSSRS_LOW = ["yes", "yes", "no", "no", "no", "no", None]  # wish to be dead, thoughts, no method: low risk
CSSRS_MODERATE = ["yes", "yes", "yes", "no", "no", "no", None]  # item 3 (method) yes: moderate risk
CSSRS_HIGH = ["yes", "yes", "no", "yes", "no", "no", None]  # item 4 (intent) yes: high risk
CSSRS_HIGH_MESSAGE = "C-SSRS high risk: intent, plan, or suicidal behaviour in the past 3 months"
# What a correction changed, as the chart names it: the item's number and words, each answer's printed words.  PHQ-9
# item 9 and its answers (Kroenke et al. 2001): 0 "Not at all", 1 "Several days", 2 "More than half the days",
# 3 "Nearly every day"; the item as iopkit's form words it (the printed form goes on "... in some way").
ITEM9 = "item 9 (Thoughts that you would be better off dead or of hurting yourself)"
ITEM9_1_TO_3 = f"{ITEM9} 'Several days' -> 'Nearly every day'"
# A correction saved on a later day than the record's clinical day (the tests' records are of 02 Mar 2026, corrected
# when the test runs) leaves open a flag calling for an evaluation: the patient may have left since.  iopkit's own
# rule, scaled after the Columbia screener's triage (high risk: immediate action; low and moderate: referral, consult).
WELFARE = (  # a flag calling for a suicide risk assessment (PHQ-9 item 9; C-SSRS low and moderate risk)
    "the patient may have left since: contact the patient today; if unreachable, follow the programme's outreach "
    "protocol"
)
WELFARE_NOW = "the patient may have left since: contact the patient now; welfare check if unreachable"  # C-SSRS high
# What the PHQ-9 item-9 flag and the C-SSRS low-risk flag call for, as iopkit's rules word them
PHQ9_CALL = (
    "'Ask about suicidal thoughts today and complete a suicide risk assessment (e.g. C-SSRS) before the patient leaves'"
)
# physician review R23c A1, A2: the C-SSRS low/moderate flag's new words
LOW_CALL = (
    "'Suicide risk assessment by a qualified clinician today, before the patient leaves; review the safety "
    "plan and give the 988 Lifeline number'"
)
# What the C-SSRS high-risk flag calls for (Columbia triage: safety precautions, an immediate emergency evaluation)
HIGH_CALL = (
    "'Safety precautions now: do not leave the patient alone; arrange an immediate emergency mental-health "
    "evaluation, which decides any hospitalisation; if the patient declines it or tries to leave: staff stay with "
    "the patient and call emergency services for an emergency mental-health assessment (local involuntary-assessment "
    # R75 2 (was: "...(local involuntary-assessment procedure)'")
    "procedure); the patient must not drive'"  # physician review R6, must-fix 4: box and headline agree
)


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "clinic.sqlite") as s:
        yield s


def _close(store, record, level="low", code="suicidal_ideation", instrument="phq9", by="KM", on=DAY):
    closing = FlagResolution(
        code,
        instrument,
        0,
        "C-SSRS full assessment; safety plan agreed",
        by,
        on,
        record=str(record),
        risk_level=level,
        **emergency_evaluation(instrument, code, on),  # walk24 finding 1: a high-risk closing records the evaluation
    )
    return store.save(store.record(record).patient_id, closing, by=by, when=on)


def _closed_then_corrected(store, first, corrected, instrument="phq9", code="suicidal_ideation", level="low"):
    pid = store.add_patient("IOP-0101")
    original = store.save(pid, score(instrument, first), by="KM", when=DAY)
    _close(store, original, level, code, instrument)
    assert Episode.from_store(store, pid, as_of=DAY).open_flags == ()
    fixed = store.save(pid, score(instrument, corrected), by="AB", when=DAY, amends=original, reason="mis-keyed")
    return pid, original, fixed


def _corrected_on(store, record) -> str:
    return f"{clinical_day(store.record(record).saved_at):%d %b %Y}"


# --- the review's case, end to end through the store ----------------------------------------------------------------


def test_item_9_corrected_from_1_to_3_reopens_the_closed_flag_and_says_why(store):
    pid, original, fixed = _closed_then_corrected(store, ITEM9_1, ITEM9_3)
    (open_,) = Episode.from_store(store, pid, as_of=DAY).open_flags
    assert (open_.record_id, open_.flag.code, open_.flag.message) == (fixed, "suicidal_ideation", MESSAGE)
    why = (
        f"Open again after a correction: closed at overall risk low by KM on 02 Mar 2026 on the earlier version "
        f"(record {original}); the PHQ-9 was corrected since, by AB on {_corrected_on(store, fixed)} (item 9 "
        "(Thoughts that you would be better off dead or of hurting yourself) 'Several days' -> 'Nearly every day'; "
        f"reason: 'mis-keyed'): {WELFARE}; when reached: act on this flag as it calls for: {PHQ9_CALL}; then "
        "re-assess and close "
        "it on the corrected record"  # a floor of low says nothing
    )
    assert open_.reopened == why
    assert open_.said == f"{MESSAGE}. {why}"


def test_the_reopened_flag_says_why_in_the_chart_header_the_caseload_and_the_summary(store):
    from iopkit.report.patient import patient_summary_html
    from iopkit.widgets.home import caseload_html
    from iopkit.widgets.page import chart_header_html

    pid, _, _ = _closed_then_corrected(store, ITEM9_1, ITEM9_3)
    episode = Episode.from_store(store, pid, as_of=DAY)
    said = html.escape(episode.open_flags[0].said)
    assert html.escape(ITEM9_1_TO_3) in said
    assert said in chart_header_html(episode)
    assert said in caseload_html([episode])
    assert said in patient_summary_html(store, pid, generated="now", today=DAY)  # not placed: no review


def test_the_review_of_a_placed_patient_holds_on_the_reopened_flag_and_says_why(store):
    pid, _, _ = _closed_then_corrected(store, ITEM9_1, ITEM9_3)
    rec = recommend({1: 0, 2: 0, 3: 2, 4: 2, 5: 3, 6: 2})
    store.save(pid, Placement(rec, LevelOfCare.from_code("2.1"), "clinical judgement"), by="KM", when=DAY)
    episode = Episode.from_store(store, pid, as_of=DAY)
    why = episode.open_flags[0].reopened
    assert why.startswith("Open again after a correction: closed at overall risk low by KM on 02 Mar 2026")
    hold = next(r for r in episode.review.reasons if r.code == "unresolved_risk_assessment")
    # R25a 4: the record by its instrument's name and day (the PHQ-9 of 02 Mar 2026, week 0), not "(phq9, week 0)"
    assert f"{MESSAGE} (PHQ-9, 02 Mar). {why}" in hold.finding
    assert why in episode.review.flags[0].message  # the review's unresolved-flag alert, first (most urgent)
    from iopkit.report.patient import patient_summary_html

    assert html.escape(why) in patient_summary_html(store, pid, generated="now", today=DAY, episode=episode)


def test_the_reopened_flag_is_closed_again_on_the_corrected_record_at_its_earlier_level_or_higher(store):
    pid, original, fixed = _closed_then_corrected(store, ITEM9_1, ITEM9_3)
    on = clinical_day(store.record(fixed).saved_at)  # on or after the correction was saved
    again = _close(store, fixed, "low", by="Dr B", on=on)  # the earlier level (low) or higher
    assert Episode.from_store(store, pid, as_of=on).open_flags == ()
    resolutions = [r.item for r in store.current(pid, "flag_resolution")]
    versions = store.history(pid, "assessment")
    (closing,) = closings_of("phq9", "suicidal_ideation", str(fixed), 0, resolutions, versions)
    assert (closing.by, closing.record, closing.risk_level) == ("Dr B", str(fixed), "low")
    with pytest.raises(FlagAlreadyClosedError):  # and it is closed once, as any flag
        _close(store, fixed, "low", by="KM", on=on)
    assert store.record(again).item.record == str(fixed)
    # the reopening is no longer said once closed, nor is the first closing carried to the corrected record
    assert [r.record for r in follow_corrections(resolutions, versions)] == [str(original), str(fixed)]


def test_a_correction_dated_before_the_record_is_still_reopened_and_closed_again(store):
    pid = store.add_patient("IOP-0102")
    original = store.save(pid, score("phq9", ITEM9_1), by="KM", when=DAY)
    _close(store, original)
    earlier = DAY - dt.timedelta(days=1)
    fixed = store.save(pid, score("phq9", ITEM9_3), by="AB", when=earlier, amends=original, reason="date and item 9")
    (open_,) = Episode.from_store(store, pid, as_of=DAY).open_flags
    assert (open_.record_id, open_.reopened != "") == (fixed, True)
    on = clinical_day(store.record(fixed).saved_at)
    _close(store, fixed, "low", on=on)  # the closing left on the earlier version reaches back to no correction
    assert Episode.from_store(store, pid, as_of=on).open_flags == ()


def test_a_closing_left_on_the_corrected_record_still_answers_the_earlier_records_alert(store):
    pid = store.add_patient("IOP-0103")
    week0 = store.save(pid, score("phq9", ITEM9_1), by="KM", when=DAY)
    week1 = store.save(pid, score("phq9", ITEM9_1), by="KM", when=DAY + dt.timedelta(days=7))
    _close(store, week1, on=DAY + dt.timedelta(days=7))  # the week-1 assessment answers the week-0 alert too
    fixed = store.save(pid, score("phq9", ITEM9_3), by="AB", when=DAY + dt.timedelta(days=7), amends=week1, reason="x")
    (open_,) = Episode.from_store(store, pid, as_of=DAY + dt.timedelta(days=7)).open_flags
    assert (open_.record_id, open_.reopened.startswith("Open again after a correction")) == (fixed, True)
    with pytest.raises(FlagAlreadyClosedError):  # the store reads the week-0 flag as the chart does: closed
        _close(store, week0, on=DAY + dt.timedelta(days=7))


# --- what keeps the closing -------------------------------------------------------------------------------------------


def test_a_correction_of_an_item_the_flag_does_not_read_keeps_the_closing(store):
    pid, _, fixed = _closed_then_corrected(store, ITEM9_1, [3, *OTHERS[1:], 1])  # item 1 corrected, item 9 still 1
    assert Episode.from_store(store, pid, as_of=DAY).open_flags == ()
    (moved,) = follow_corrections(
        [r.item for r in store.current(pid, "flag_resolution")], store.history(pid, "assessment")
    )
    assert moved.record == str(fixed)


def test_a_correction_that_lowers_item_9_keeps_the_closing_of_the_higher_finding(store):
    pid, _, _ = _closed_then_corrected(store, ITEM9_3, ITEM9_1)
    assert Episode.from_store(store, pid, as_of=DAY).open_flags == ()


def test_a_correction_that_drops_the_flag_leaves_nothing_open(store):
    pid, _, _ = _closed_then_corrected(store, ITEM9_1, [*OTHERS, 0])
    assert Episode.from_store(store, pid, as_of=DAY).open_flags == ()


# --- C-SSRS and CIWA-Ar -----------------------------------------------------------------------------------------------


def test_a_c_ssrs_answer_changed_within_low_risk_reopens_it(store):
    pid, _, _ = _closed_then_corrected(
        store,
        ["no", "yes", "no", "no", "no", "no", None],
        ["yes", "yes", "no", "no", "no", "no", None],  # item 1 no -> yes: still low risk, another finding
        "cssrs_screen",
        "suicide_risk_low",
    )
    (open_,) = Episode.from_store(store, pid, as_of=DAY).open_flags
    assert open_.flag.code == "suicide_risk_low"
    assert (
        "(item 1 (Wished you were dead or could go to sleep and not wake up) 'No' -> 'Yes'; reason: 'mis-keyed')"
        in open_.reopened
    )


def test_a_c_ssrs_answer_lowered_within_low_risk_keeps_the_closing(store):
    pid, _, _ = _closed_then_corrected(
        store,
        ["yes", "yes", "no", "no", "no", "no", None],
        ["no", "yes", "no", "no", "no", "no", "no"],  # item 1 yes -> no, item 7 (not asked) -> no
        "cssrs_screen",
        "suicide_risk_low",
    )
    assert Episode.from_store(store, pid, as_of=DAY).open_flags == ()


def test_a_c_ssrs_correction_to_high_risk_is_open_as_a_new_flag_that_says_it_came_after_the_closing(store):
    pid, original, fixed = _closed_then_corrected(store, CSSRS_LOW, CSSRS_HIGH, "cssrs_screen", "suicide_risk_low")
    (open_,) = Episode.from_store(store, pid, as_of=DAY).open_flags
    assert (open_.record_id, open_.flag.code, open_.flag.message) == (fixed, "suicide_risk_high", CSSRS_HIGH_MESSAGE)
    why = (  # never closed itself: new, on a record whose earlier version's low-risk flag was closed
        f"New after a correction: the C-SSRS screen of 02 Mar 2026 (record {original}) was corrected by AB on "
        f"{_corrected_on(store, fixed)} (item 4 (Had these thoughts and some intention of acting on them) 'No' -> "
        # physician review R23c A1, A2: the C-SSRS low/moderate flag's new words
        "'Yes'; reason: 'mis-keyed'); its earlier flag 'C-SSRS low risk: wish to be dead or non-specific "
        "suicidal thoughts' was "
        f"closed at overall risk low by KM on 02 Mar 2026: {WELFARE_NOW}; when reached: act on this flag as it calls "
        "for: "
        f"{HIGH_CALL}; then close it on the corrected record"  # a floor of low says nothing: no floor clause
    )
    assert open_.reopened == why
    assert open_.said == f"{CSSRS_HIGH_MESSAGE}. {why}"
    assert (open_.after_correction, open_.own_record_only) == (AfterCorrection.NEW, True)


def test_a_ciwa_ar_hallucination_item_raised_reopens_the_withdrawal_flag(store):
    pid, _, _ = _closed_then_corrected(
        store, [0, 0, 0, 0, 0, 4, 0, 0, 0, 0], [0, 0, 0, 0, 0, 5, 0, 0, 0, 0], "ciwa_ar", "complicated_withdrawal", None
    )
    (open_,) = Episode.from_store(store, pid, as_of=DAY).open_flags
    assert open_.flag.code == "complicated_withdrawal"
    assert open_.reopened.startswith("Open again after a correction: closed by KM on 02 Mar 2026 on the earlier")
    assert "the CIWA-Ar was corrected since, by AB" in open_.reopened
    assert (  # Sullivan et al. 1989: tactile disturbances 4 "moderately severe", 5 "severe hallucinations"
        "(item 6 (Tactile disturbances) 'Moderately severe hallucinations' -> 'Severe hallucinations'; reason: "
        "'mis-keyed')" in open_.reopened
    )


def test_a_ciwa_ar_hallucination_item_lowered_keeps_the_closing_of_the_higher_finding(store):
    pid, _, _ = _closed_then_corrected(
        store, [0, 0, 0, 0, 0, 5, 0, 0, 0, 0], [0, 0, 0, 0, 0, 4, 0, 0, 0, 0], "ciwa_ar", "complicated_withdrawal", None
    )
    assert Episode.from_store(store, pid, as_of=DAY).open_flags == ()  # even where the message names the answer


def test_a_ciwa_ar_item_the_hallucination_flag_does_not_read_keeps_its_closing(store):
    pid, _, _ = _closed_then_corrected(
        store, [0, 0, 0, 0, 0, 4, 0, 0, 0, 0], [1, 0, 0, 0, 0, 4, 0, 0, 0, 0], "ciwa_ar", "complicated_withdrawal", None
    )
    assert Episode.from_store(store, pid, as_of=DAY).open_flags == ()


# --- the rule on its own: urgency, re-assessments ---------------------------------------------------------------------


def _version(rid, item, amends=None, reason=None):
    return SimpleNamespace(
        id=rid,
        amends=amends,
        item=item,
        by="AB",
        taken_at=dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC),
        saved_at=dt.datetime(2026, 3, 3, 12, tzinfo=dt.UTC),
        reason=reason,
    )


def _with_flag(s, **changed):
    (f,) = s.flags
    fields = {**f.to_dict(), **changed}
    return type(s)(s.instrument, s.total, s.band, (Flag(**fields),), s.subscores, s.basis, s.answers, s.context)


def _resolution(record, level="low", by="KM", on=DAY):
    return FlagResolution("suicidal_ideation", "phq9", 0, "C-SSRS full assessment", by, on, str(record), level)


def test_a_more_urgent_flag_of_the_same_code_and_answers_is_not_covered():
    same = score("phq9", ITEM9_1)
    urgent = _with_flag(same, calls_for="emergency_evaluation")  # the same answers, a more urgent call
    versions = [_version(1, same), _version(2, urgent, amends=1, reason="re-scored")]
    (kept,) = follow_corrections([_resolution(1)], versions)
    assert kept.record == "1"
    assert ("2", "suicidal_ideation") in reopened_by_corrections([_resolution(1)], versions)


def test_a_less_urgent_flag_of_the_same_code_is_covered_whatever_its_answers():
    three = score("phq9", ITEM9_3)
    calmer = _with_flag(score("phq9", ITEM9_1), severity="warning")
    versions = [_version(1, three), _version(2, calmer, amends=1)]
    assert [r.record for r in follow_corrections([_resolution(1)], versions)] == ["2"]
    assert reopened_by_corrections([_resolution(1)], versions) == {}


def test_the_reopening_names_the_level_now_after_a_re_assessment_on_the_earlier_version():
    versions = [_version(1, score("phq9", ITEM9_1)), _version(2, score("phq9", ITEM9_3), amends=1, reason="typo")]
    closings = [_resolution(1), _resolution(1, "high", "Dr B", DAY + dt.timedelta(days=1))]
    reopened = reopened_by_corrections(closings, versions)[("2", "suicidal_ideation")]
    assert reopened.said == (
        "Open again after a correction: closed at overall risk low by KM on 02 Mar 2026, re-assessed at high by "
        "Dr B on 03 Mar 2026 on the earlier version (record 1); the PHQ-9 was corrected since, by AB on "
        f"{clinical_day(versions[1].saved_at):%d %b %Y} ({ITEM9_1_TO_3}; reason: 'typo'): {WELFARE}; when reached: "
        "act on this "
        f"flag as it calls for: {PHQ9_CALL}; then re-assess and close it on the corrected record at overall risk high "
        "(a flag's level only goes up)"
    )


def test_a_correction_back_to_the_closed_finding_is_covered_again():
    one, three = score("phq9", ITEM9_1), score("phq9", ITEM9_3)
    versions = [_version(1, one), _version(2, three, amends=1), _version(3, one, amends=2)]
    assert [r.record for r in follow_corrections([_resolution(1)], versions)] == ["3"]
    assert reopened_by_corrections([_resolution(1)], versions) == {}


def test_the_progress_page_offers_the_reopened_flag_as_open_again_and_says_why_when_chosen(store):
    from iopkit.widgets import progress_app

    pid, original, fixed = _closed_then_corrected(store, ITEM9_1, ITEM9_3)
    page = progress_app(store)
    page.start()
    page.picker.select(pid)
    (label, value), *_ = page.resolve.flag.options
    assert label.startswith("Open again after a correction: Possible suicidal ideation")
    page.resolve.flag.value = value
    shown = html.unescape(page.resolve.also.value)
    assert "closed at overall risk low by KM on 02 Mar 2026 on the earlier version" in shown
    assert f"{ITEM9_1_TO_3}; reason: 'mis-keyed'" in shown


def test_the_placement_page_lists_an_older_reopened_flag_with_why_it_is_open_again(store):
    pid, _, _ = _closed_then_corrected(store, ITEM9_1, ITEM9_3)
    later = DAY + dt.timedelta(days=7)
    store.save(pid, score("phq9", [*OTHERS, 0]), by="KM", when=later)  # the latest PHQ-9: the corrected one is older
    inputs = Episode.from_store(store, pid, as_of=later).placement_inputs
    (shown,) = inputs.history_flags
    assert shown.message.startswith(MESSAGE)
    assert "Open again after a correction: closed at overall risk low by KM on 02 Mar 2026" in shown.message
    assert ITEM9_1_TO_3 in shown.message
    # what the suggestion reads (and the saved decision keeps) is the flag's finding with its note, as before
    (noted,) = inputs.older_noted
    assert noted.message == f"{MESSAGE} (PHQ-9 of 02 Mar 2026, not resolved)"


# --- the patient-safety review's second round: a later record's closing, the level, the date --------------------------

WEEK1 = DAY + dt.timedelta(days=7)


def _open_of(store, pid, as_of):
    return {o.record_id: o for o in Episode.from_store(store, pid, as_of=as_of).open_flags}


def _closings(store, pid, record):
    resolutions = [r.item for r in store.current(pid, "flag_resolution")]
    return closings_of("phq9", "suicidal_ideation", str(record), 0, resolutions, store.history(pid, "assessment"))


def test_a_later_records_closing_made_before_a_correction_never_covers_the_worse_corrected_finding(store):
    # week 0: item 9 answered 1, closed low; week 1: item 9 answered 1, closed low; then week 0 corrected to 3
    pid = store.add_patient("IOP-0201")
    week0 = store.save(pid, score("phq9", ITEM9_1), by="KM", when=DAY)
    _close(store, week0)
    week1 = store.save(pid, score("phq9", ITEM9_1), by="KM", when=WEEK1)
    _close(store, week1, on=WEEK1)
    fixed = store.save(pid, score("phq9", ITEM9_3), by="AB", when=DAY, amends=week0, reason="week-0 item 9 was 3")
    today = clinical_day(store.record(fixed).saved_at)
    (open_,) = _open_of(store, pid, today).values()  # the week-1 clinician never saw "nearly every day"
    assert open_.record_id == fixed
    assert open_.reopened == (
        f"Open again after a correction: closed at overall risk low by KM on 02 Mar 2026 on the earlier version "
        f"(record {week0}); the PHQ-9 was corrected since, by AB on {today:%d %b %Y} ({ITEM9} 'Several days' -> "
        f"'Nearly every day'; reason: 'week-0 item 9 was 3'): {WELFARE}; when reached: act on this flag as it calls "
        "for: "
        f"{PHQ9_CALL}; then re-assess and close it on the corrected record"
    )
    assert _closings(store, pid, fixed) == ()  # the store reads it as the chart does: open
    _close(store, fixed, "moderate", by="Dr B", on=today)
    assert _open_of(store, pid, today) == {}


def test_a_later_records_closing_alone_dated_before_the_correction_leaves_the_corrected_flag_open(store):
    pid = store.add_patient("IOP-0202")
    week0 = store.save(pid, score("phq9", ITEM9_1), by="KM", when=DAY)  # never closed on its own
    week1 = store.save(pid, score("phq9", ITEM9_1), by="KM", when=WEEK1)
    _close(store, week1, on=WEEK1)  # answers week 0's alert too, as it read then: item 9 answered 1
    assert _open_of(store, pid, WEEK1) == {}
    fixed = store.save(pid, score("phq9", ITEM9_3), by="AB", when=DAY, amends=week0, reason="week-0 item 9 was 3")
    today = clinical_day(store.record(fixed).saved_at)
    (open_,) = _open_of(store, pid, today).values()
    assert open_.record_id == fixed
    assert open_.reopened.startswith(
        f"Open again after a correction: closed at overall risk low by KM on 09 Mar 2026 (with the later PHQ-9, "
        f"record {week1}) on the earlier version (record {week0}); the PHQ-9 was corrected since, by AB on "
    )
    assert _closings(store, pid, fixed) == ()
    assert [c.by for c in _closings(store, pid, week1)] == ["KM"]  # week 1's own flag stays closed


def test_a_later_records_closing_never_covers_an_earlier_record_whose_correction_raised_the_finding(store):
    # closings carry a day, not a time, and a clinician closing week 1 is not shown week 0's answers: a corrected
    # week 0 with a higher finding is closed on its own record, whenever week 1 was closed
    pid = store.add_patient("IOP-0203")
    week0 = store.save(pid, score("phq9", ITEM9_1), by="KM", when=DAY)  # never closed: nothing to reopen
    fixed = store.save(pid, score("phq9", ITEM9_3), by="AB", when=DAY, amends=week0, reason="item 9 was 3")
    today = clinical_day(store.record(fixed).saved_at)
    week1 = store.save(pid, score("phq9", ITEM9_1), by="KM", when=today)
    opened = _open_of(store, pid, today)
    assert opened[fixed].own_record_only and not opened[week1].own_record_only
    assert opened[week1].also_closes(opened.values()) == ()  # said before Save: week 0 is not closed with it
    _close(store, week1, on=today)  # saved after the correction
    assert list(_open_of(store, pid, today)) == [fixed]
    _close(store, fixed, on=today)  # on its own record
    assert _open_of(store, pid, today) == {}


def test_a_correction_saved_the_day_a_later_record_was_closed_reopens_the_earlier_flag(store):
    # the second safety review's case: week 0 and week 1 at item 9 = 1, week 1 closed today (closing week 0 too),
    # then week 0 corrected to 3 the same day: the closing of that day may have been saved before the correction
    pid = store.add_patient("IOP-0205")
    week0 = store.save(pid, score("phq9", ITEM9_1), by="KM", when=DAY)
    today = clinical_day(store.record(week0).saved_at)
    week1 = store.save(pid, score("phq9", ITEM9_1), by="KM", when=today)
    _close(store, week1, on=today)
    assert _open_of(store, pid, today) == {}
    fixed = store.save(pid, score("phq9", ITEM9_3), by="AB", when=DAY, amends=week0, reason="item 9 was 3")
    (reopened,) = _open_of(store, pid, today).values()
    assert reopened.record_id == fixed and reopened.own_record_only
    assert ITEM9_1_TO_3 in reopened.reopened


def _reassessed_high_then_corrected(store):
    pid = store.add_patient("IOP-0204")
    original = store.save(pid, score("phq9", ITEM9_1), by="KM", when=DAY)
    _close(store, original)
    _close(store, original, "high", by="Dr B", on=DAY + dt.timedelta(days=1))
    fixed = store.save(pid, score("phq9", ITEM9_3), by="AB", when=DAY, amends=original, reason="item 9 mis-keyed")
    return pid, original, fixed, clinical_day(store.record(fixed).saved_at)


def test_a_reopened_flag_is_never_closed_below_its_re_assessment_on_the_earlier_version(store):
    from iopkit.errors import StoreError

    pid, original, fixed, today = _reassessed_high_then_corrected(store)
    (open_,) = _open_of(store, pid, today).values()
    assert "re-assessed at high by Dr B on 03 Mar 2026" in open_.reopened
    assert open_.reopened.endswith(
        "then re-assess and close it on the corrected record at overall risk high (a flag's level only goes up)"
    )
    for lower in ("low", "moderate"):
        with pytest.raises(StoreError) as refused:
            _close(store, fixed, lower, by="KM", on=today)
        assert str(refused.value).startswith(
            f"the safety flag suicidal_ideation (phq9, record {fixed}) is open again after a correction, and its "
            f"level before the correction was overall risk high, recorded by Dr B on 03 Mar 2026 (record {original}): "
            f"a flag's level only goes up, so this closing (overall risk {lower}) is not recorded. Close it at overall "
            "risk high. Record the later assessment as a new one"
        )
        assert (refused.value.item, refused.value.allowed) == ("risk_level", ("high",))
    assert _closings(store, pid, fixed) == ()  # nothing recorded: still open
    _close(store, fixed, "high", by="Dr B", on=today)
    (closing,) = _closings(store, pid, fixed)
    assert closing.risk_level == "high"
    episode = Episode.from_store(store, pid, as_of=today)
    assert (episode.open_flags, episode.reassessable_flags) == ((), ())  # nothing offered below high


def test_the_progress_page_offers_no_re_assessment_below_the_earlier_high(store):
    from iopkit.widgets import progress_app

    pid, _, fixed, today = _reassessed_high_then_corrected(store)
    _close(store, fixed, "high", by="Dr B", on=today)
    page = progress_app(store)
    page.start()
    page.picker.select(pid)
    assert [label for label, _ in page.resolve.flag.options] == ["— none open —"]


def test_a_reopened_flag_is_never_closed_with_a_date_before_the_correction(store):
    from iopkit.errors import StoreError

    pid, _, fixed = _closed_then_corrected(store, ITEM9_1, ITEM9_3)
    today = clinical_day(store.record(fixed).saved_at)
    with pytest.raises(StoreError) as refused:
        _close(store, fixed, "low", on=DAY + dt.timedelta(days=1))
    assert str(refused.value) == (
        f"the safety flag suicidal_ideation (phq9, record {fixed}) is open again after a correction saved by AB on "
        f"{today:%d %b %Y}; this closing is dated 03 Mar 2026, before the corrected finding was in the record, so it "
        f"is not recorded (it would read as answering a finding it never saw). Date it on or after {today:%d %b %Y} "
        "(today is fine) and write when the assessment was done in what was done"
    )
    assert (refused.value.item, refused.value.allowed) == ("on", f"on or after {today.isoformat()}")
    assert [o.record_id for o in _open_of(store, pid, today).values()] == [fixed]


def test_a_later_records_closing_never_closes_a_reopened_earlier_flag_on_the_page_or_in_the_chart(store):
    from iopkit.widgets import progress_app

    pid = store.add_patient("IOP-0205")
    week0 = store.save(pid, score("phq9", ITEM9_1), by="KM", when=DAY)
    _close(store, week0)
    fixed = store.save(pid, score("phq9", ITEM9_3), by="AB", when=DAY, amends=week0, reason="item 9 mis-keyed")
    today = clinical_day(store.record(fixed).saved_at)
    week1 = store.save(pid, score("phq9", ITEM9_1), by="KM", when=today)
    opened = _open_of(store, pid, today)
    assert opened[week1].also_closes(opened.values()) == ()  # the library: closed on its own record only
    page = progress_app(store)
    page.start()
    page.picker.select(pid)
    labels = dict(page.resolve.flag.options)
    chosen = next(v for label, v in labels.items() if not label.startswith("Open again"))
    page.resolve.flag.value = chosen
    assert "also closes" not in page.resolve.also.value  # the page: nothing closed as a side effect
    _close(store, week1, on=today)
    (still,) = _open_of(store, pid, today).values()
    assert (still.record_id, still.reopened.startswith("Open again after a correction")) == (fixed, True)
    assert _closings(store, pid, fixed) == ()


def test_a_correction_of_a_correction_names_the_latest_author_day_and_reason(store):
    pid, original, fixed = _closed_then_corrected(store, ITEM9_1, ITEM9_3)  # 1 -> 3 by AB, "mis-keyed"
    again = store.save(pid, score("phq9", [*OTHERS, 2]), by="CD", when=DAY, amends=fixed, reason="paper says 2")
    today = clinical_day(store.record(again).saved_at)
    (open_,) = _open_of(store, pid, today).values()
    assert open_.record_id == again
    assert (
        f"the PHQ-9 was corrected since, by CD on {today:%d %b %Y} ({ITEM9} 'Several days' -> 'More than half the "
        "days'; reason: 'paper says 2')" in open_.reopened
    )
    assert "AB" not in open_.reopened and "mis-keyed" not in open_.reopened


def test_a_closing_on_a_version_a_correction_superseded_is_refused_naming_the_current_one(store):
    from iopkit.errors import StoreError

    pid = store.add_patient("IOP-0206")
    original = store.save(pid, score("phq9", ITEM9_1), by="KM", when=DAY)
    fixed = store.save(pid, score("phq9", ITEM9_3), by="AB", when=DAY, amends=original, reason="item 9 mis-keyed")
    today = clinical_day(store.record(fixed).saved_at)
    with pytest.raises(StoreError) as refused:  # a page opened before the correction
        _close(store, original, "low", on=today)
    assert str(refused.value) == (
        f"record {original} was corrected: its current version is record {fixed} (saved by AB on {today:%d %b %Y}), "
        "so this closing of the safety flag suicidal_ideation on the earlier version is not recorded. Reload the "
        f"patient and close the flag on record {fixed}, which shows what the correction changed"
    )
    assert [o.record_id for o in _open_of(store, pid, today).values()] == [fixed]


def test_a_reopened_flag_is_closed_at_the_highest_level_a_later_records_closing_gave_it_too(store):
    from iopkit.errors import StoreError

    pid = store.add_patient("IOP-0207")
    week0 = store.save(pid, score("phq9", ITEM9_1), by="KM", when=DAY)
    _close(store, week0)  # low
    fixed = store.save(pid, score("phq9", ITEM9_3), by="AB", when=DAY, amends=week0, reason="item 9 mis-keyed")
    today = clinical_day(store.record(fixed).saved_at)
    week1 = store.save(pid, score("phq9", ITEM9_1), by="KM", when=today)
    _close(store, week1, "high", by="Dr B", on=today)  # the same flag, a later record: high
    (open_,) = _open_of(store, pid, today).values()
    assert open_.record_id == fixed and open_.reopened.endswith(
        "close it on the corrected record at overall risk high (a flag's level only goes up)"
    )
    with pytest.raises(StoreError, match=f"recorded by Dr B on {today:%d %b %Y} \\(record {week1}\\)"):
        _close(store, fixed, "moderate", on=today)
    _close(store, fixed, "high", by="Dr B", on=today)
    assert _open_of(store, pid, today) == {}


def test_a_closing_dated_after_today_is_refused(store):
    from iopkit.errors import StoreError

    pid = store.add_patient("IOP-0206")
    record = store.save(pid, score("phq9", ITEM9_1), by="KM", when=DAY)
    tomorrow = clinical_day() + dt.timedelta(days=1)
    with pytest.raises(StoreError, match="after today") as refused:
        _close(store, record, on=tomorrow)
    assert refused.value.item == "on" and refused.value.value == tomorrow.isoformat()
    assert list(_open_of(store, pid, DAY)) == [record]


def test_a_closing_keyed_by_week_only_never_covers_a_finding_a_correction_raised(store):
    # the third safety review's case: a closing saved without a record id (through the library, or stored before
    # record ids) answers the week's records; a correction raising item 9 from 1 to 3 is open again
    pid = store.add_patient("IOP-0207")
    week0 = store.save(pid, score("phq9", ITEM9_1), by="KM", when=DAY)
    closing = FlagResolution(
        "suicidal_ideation", "phq9", 0, "C-SSRS full assessment; safety plan agreed", "KM", DAY, risk_level="low"
    )
    store.save(pid, closing, by="KM", when=DAY)
    assert _open_of(store, pid, DAY) == {}
    fixed = store.save(pid, score("phq9", ITEM9_3), by="AB", when=DAY, amends=week0, reason="item 9 was 3")
    (still,) = _open_of(store, pid, DAY).values()
    assert still.record_id == fixed and still.own_record_only
    store.save(pid, score("phq9", ITEM9_1), by="AB", when=DAY, amends=fixed, reason="item 9 was 1 after all")
    assert _open_of(store, pid, DAY) == {}  # back to the finding the closing answered: covered again


# --- a new flag after a correction: another code where the earlier version's flag was closed -------------------------


def test_a_phq9_item_9_correction_only_reopens_its_flag_and_raises_no_new_one(store):
    pid, original, fixed = _closed_then_corrected(store, ITEM9_1, ITEM9_3)
    (open_,) = Episode.from_store(store, pid, as_of=DAY).open_flags
    assert open_.after_correction is AfterCorrection.OPEN_AGAIN
    assert open_.reopened.startswith("Open again after a correction: closed at overall risk low by KM on 02 Mar 2026")
    found = reopened_by_corrections(
        [r.item for r in store.current(pid, "flag_resolution")], store.history(pid, "assessment")
    )
    assert [(key, r.kind) for key, r in found.items()] == [
        ((str(fixed), "suicidal_ideation"), AfterCorrection.OPEN_AGAIN)
    ]


# The physician review: a correction to a lower C-SSRS risk (another flag code) never drops the level recorded.
CSSRS_HIGH_RECENT_BEHAVIOUR = ["no", "no", "no", "no", "no", "yes", "yes"]  # Q6 yes, within 3 months: high risk
CSSRS_MODERATE_OLD_BEHAVIOUR = ["no", "no", "no", "no", "no", "yes", "no"]  # Q6 yes, over 3 months ago: moderate
CSSRS_MODERATE_MESSAGE = "C-SSRS moderate risk: method considered, or suicidal behaviour over 3 months ago"
INTENT = "item 4 (Had these thoughts and some intention of acting on them)"
METHOD = "item 3 (Thought about how you might do this)"


def test_a_c_ssrs_closed_at_high_corrected_to_low_reads_closed_at_high_and_says_why(store):
    pid, original, fixed = _closed_then_corrected(
        store, CSSRS_HIGH, CSSRS_LOW, "cssrs_screen", "suicide_risk_high", "high"
    )
    today = clinical_day(store.record(fixed).saved_at)
    episode = Episode.from_store(store, pid, as_of=today)
    assert (episode.open_flags, episode.reassessable_flags) == ((), ())  # closed at high: nothing lower to record
    why = (
        f"Covered after a correction: the C-SSRS screen of 02 Mar 2026 (record {original}) was corrected by AB on "
        f"{today:%d %b %Y} ({INTENT} 'Yes' -> 'No'; reason: 'mis-keyed'); the closing of its earlier flag "
        f"'{CSSRS_HIGH_MESSAGE}' at overall risk high by KM on 02 Mar 2026 answers this lower finding; a lower level "
        "needs a new screen and assessment"
    )
    (found,) = reopened_by_corrections(
        [r.item for r in store.current(pid, "flag_resolution")], store.history(pid, "assessment")
    ).values()
    assert (found.record, found.flag_code, found.kind, found.said) == (
        str(fixed),
        "suicide_risk_low",
        AfterCorrection.COVERED,
        why,
    )
    resolutions = [r.item for r in store.current(pid, "flag_resolution")]
    (closing,) = closings_of(
        "cssrs_screen", "suicide_risk_low", str(fixed), 0, resolutions, store.history(pid, "assessment")
    )
    assert (closing.by, closing.on, closing.risk_level, closing.record) == ("KM", DAY, "high", str(fixed))
    # the store refuses a lower closing, saying why the flag reads closed at high
    with pytest.raises(FlagAlreadyClosedError) as refused:
        _close(store, fixed, "low", "suicide_risk_low", "cssrs_screen", by="CD", on=today)
    assert str(refused.value).startswith(
        f"the safety flag suicide_risk_low (cssrs_screen, record {fixed}) is covered after a correction: the C-SSRS "
        f"screen of 02 Mar 2026 (record {original})"
    )
    assert (refused.value.value, refused.value.allowed) == ("low", ())


def test_the_covered_flag_says_why_in_the_review_of_a_placed_patient(store):
    pid, _, fixed = _closed_then_corrected(store, CSSRS_HIGH, CSSRS_LOW, "cssrs_screen", "suicide_risk_high", "high")
    rec = recommend({1: 0, 2: 0, 3: 2, 4: 2, 5: 3, 6: 2})
    store.save(pid, Placement(rec, LevelOfCare.from_code("2.1"), "clinical judgement"), by="KM", when=DAY)
    episode = Episode.from_store(store, pid, as_of=clinical_day(store.record(fixed).saved_at))
    (done,) = [r.finding for r in episode.review.findings if r.code == "flag_resolved"]
    assert done.startswith(
        # physician review R23c A1, A2: the C-SSRS low/moderate flag's new words
        # R25a 4: "(C-SSRS screen, 02 Mar)", the screen of 02 Mar 2026 (week 0), was "(cssrs_screen, week 0)"
        "C-SSRS low risk: wish to be dead or non-specific suicidal thoughts (C-SSRS screen, 02 Mar). Covered "
        "after a correction:"
    )
    assert done.endswith(
        # walk24 finding 1: the high-risk closing records its emergency evaluation, which the review says
        "a lower level needs a new screen and assessment: emergency evaluation by Dr B, psychiatrist (County Hospital "
        "ED, 02 Mar 2026): overall risk high; returned to the programme with a safety plan; C-SSRS full assessment; "
        "safety plan agreed (KM, 2026-03-02)"
    )


@pytest.mark.parametrize(
    ("closed", "code", "corrected", "left", "changed"),
    [  # high corrected to moderate: less urgent (Columbia: Q6 within 3 months high, over 3 months ago moderate)
        (
            CSSRS_HIGH_RECENT_BEHAVIOUR,
            "suicide_risk_high",
            CSSRS_MODERATE_OLD_BEHAVIOUR,
            "suicide_risk_moderate",
            "item 7 (Question 6 follow-up: was this within the past 3 months?) 'Yes' -> 'No'",
        ),
        # item 4 yes (intent, high) corrected to item 3 yes (method, moderate)
        (
            CSSRS_HIGH,
            "suicide_risk_high",
            CSSRS_MODERATE,
            "suicide_risk_moderate",
            f"{METHOD} 'No' -> 'Yes'; {INTENT} 'Yes' -> 'No'",
        ),
    ],
)
def test_a_c_ssrs_closed_at_high_corrected_to_moderate_reads_closed_at_high(
    store, closed, code, corrected, left, changed
):
    pid, original, fixed = _closed_then_corrected(store, closed, corrected, "cssrs_screen", code, "high")
    today = clinical_day(store.record(fixed).saved_at)
    episode = Episode.from_store(store, pid, as_of=today)
    assert (episode.open_flags, episode.reassessable_flags) == ((), ())
    (found,) = reopened_by_corrections(
        [r.item for r in store.current(pid, "flag_resolution")], store.history(pid, "assessment")
    ).values()
    assert (found.flag_code, found.kind) == (left, AfterCorrection.COVERED)
    assert (
        f"({changed}; reason: 'mis-keyed'); the closing of its earlier flag '{CSSRS_HIGH_MESSAGE}' at overall risk "
        "high by KM on 02 Mar 2026 answers this lower finding" in found.said
    )
    for lower in ("low", "moderate", "high"):  # closed at high: no closing is recorded
        with pytest.raises(FlagAlreadyClosedError):
            _close(store, fixed, lower, left, "cssrs_screen", by="CD", on=today)


def test_a_c_ssrs_closed_at_moderate_corrected_to_low_reads_closed_at_moderate_and_can_still_rise(store):
    pid, original, fixed = _closed_then_corrected(
        store, CSSRS_MODERATE, CSSRS_LOW, "cssrs_screen", "suicide_risk_moderate", "moderate"
    )
    today = clinical_day(store.record(fixed).saved_at)
    episode = Episode.from_store(store, pid, as_of=today)
    assert episode.open_flags == ()
    (closed,) = episode.reassessable_flags  # the list of closed flags whose level can still rise: at moderate
    assert (closed.record_id, closed.flag.code, closed.level) == (fixed, "suicide_risk_low", "moderate")
    assert closed.after_correction is AfterCorrection.COVERED
    assert closed.reopened == (
        f"Covered after a correction: the C-SSRS screen of 02 Mar 2026 (record {original}) was corrected by AB on "
        f"{today:%d %b %Y} ({METHOD} 'Yes' -> 'No'; reason: 'mis-keyed'); the closing of its earlier flag "
        f"'{CSSRS_MODERATE_MESSAGE}' at overall risk moderate by KM on 02 Mar 2026 answers this lower finding; a lower "
        "level needs a new screen and assessment"
    )
    with pytest.raises(FlagAlreadyClosedError):  # never closable lower
        _close(store, fixed, "low", "suicide_risk_low", "cssrs_screen", by="CD", on=today)
    from iopkit.widgets import progress_app

    page = progress_app(store)
    page.start()
    page.picker.select(pid)
    (label, value), *_ = [(lbl, v) for lbl, v in page.resolve.flag.options if lbl.startswith("Re-assess")]
    # physician review R23c A2: the low-risk flag's message
    assert label.startswith("Re-assess: Covered after a correction: C-SSRS low risk: wish to be dead")
    page.resolve.flag.value = value
    assert "the closing of its earlier flag" in html.unescape(page.resolve.also.value)
    high = FlagResolution(
        "suicide_risk_low",
        "cssrs_screen",
        0,
        "ED evaluation arranged",
        "Dr B",
        today,
        str(fixed),
        "high",
        this_record_only=True,
    )
    store.save(pid, high, by="Dr B", when=today)  # a higher level is a re-assessment
    assert Episode.from_store(store, pid, as_of=today).reassessable_flags == ()


def test_a_mixed_c_ssrs_correction_from_moderate_to_low_is_new_with_the_moderate_floor(store):
    # item 1 no -> yes (higher), item 3 yes -> no (lower): not every answer lower: the moderate closing answers it not
    pid, original, fixed = _closed_then_corrected(
        store,
        ["no", "yes", "yes", "no", "no", "no", None],
        ["yes", "yes", "no", "no", "no", "no", None],
        "cssrs_screen",
        "suicide_risk_moderate",
        "moderate",
    )
    today = clinical_day(store.record(fixed).saved_at)
    (open_,) = _open_of(store, pid, today).values()
    assert open_.reopened == (
        f"New after a correction: the C-SSRS screen of 02 Mar 2026 (record {original}) was corrected by AB on "
        f"{today:%d %b %Y} (item 1 (Wished you were dead or could go to sleep and not wake up) 'No' -> 'Yes'; "
        f"{METHOD} 'Yes' -> 'No'; reason: 'mis-keyed'); its earlier flag '{CSSRS_MODERATE_MESSAGE}' was closed at "
        f"overall risk moderate by KM on 02 Mar 2026: act on this flag as it calls for: {LOW_CALL}; then close it on "
        "the corrected record at overall risk moderate or higher (a correction never lowers a level recorded)"
    )  # a lower band than the moderate risk closed (Columbia triage): no welfare step
    from iopkit.errors import StoreError

    with pytest.raises(StoreError, match="overall risk moderate, recorded by KM on 02 Mar 2026"):
        _close(store, fixed, "low", "suicide_risk_low", "cssrs_screen", by="CD", on=today)
    _close(store, fixed, "moderate", "suicide_risk_low", "cssrs_screen", by="CD", on=today)
    assert _open_of(store, pid, today) == {}


def test_a_correction_chain_back_down_keeps_the_high_closing_of_the_middle_version(store):
    # low closed at low by KM; corrected to high, closed at high by Dr B; corrected back to low
    pid = store.add_patient("IOP-0501")
    first = store.save(pid, score("cssrs_screen", CSSRS_LOW), by="KM", when=DAY)
    _close(store, first, "low", "suicide_risk_low", "cssrs_screen")
    high = store.save(pid, score("cssrs_screen", CSSRS_HIGH), by="AB", when=DAY, amends=first, reason="Q4 was yes")
    today = clinical_day(store.record(high).saved_at)
    _close(store, high, "high", "suicide_risk_high", "cssrs_screen", by="Dr B", on=today)
    back = store.save(
        pid, score("cssrs_screen", CSSRS_LOW), by="AB", when=DAY, amends=high, reason="Q4 keyed on wrong patient"
    )
    assert _open_of(store, pid, today) == {}
    resolutions = [r.item for r in store.current(pid, "flag_resolution")]
    versions = store.history(pid, "assessment")
    closings = closings_of("cssrs_screen", "suicide_risk_low", str(back), 0, resolutions, versions)
    assert [(c.by, c.risk_level) for c in closings] == [("KM", "low"), ("Dr B", "high")]  # Dr B's high: its level
    (found,) = reopened_by_corrections(resolutions, versions).values()
    assert (found.record, found.kind) == (str(back), AfterCorrection.COVERED)
    assert found.said == (
        f"Covered after a correction: the C-SSRS screen of 02 Mar 2026 (record {high}) was corrected by AB on "
        f"{today:%d %b %Y} ({INTENT} 'Yes' -> 'No'; reason: 'Q4 keyed on wrong patient'); the closing of its earlier "
        f"flag '{CSSRS_HIGH_MESSAGE}' at overall risk high by Dr B on {today:%d %b %Y} answers this lower finding; a "
        "lower level needs a new screen and assessment"
    )
    with pytest.raises(FlagAlreadyClosedError):
        _close(store, back, "low", "suicide_risk_low", "cssrs_screen", by="KM", on=today)


def test_a_closing_without_a_recorded_level_covers_no_lower_flag_of_another_code():
    # a legacy closing (saved before iopkit asked for the level) of the high flag; corrected to low risk
    legacy = FlagResolution.from_stored(
        {
            "flag_code": "suicide_risk_high",
            "instrument": "cssrs_screen",
            "week": 0,
            "action": "ED evaluation",
            "by": "KM",
            "on": "2026-03-02",
            "record": "1",
        }
    )
    versions = [
        _version(1, score("cssrs_screen", CSSRS_HIGH)),
        _version(2, score("cssrs_screen", CSSRS_LOW), amends=1, reason="Q4 keyed on wrong patient"),
    ]
    found = reopened_by_corrections([legacy], versions)[("2", "suicide_risk_low")]
    assert found.kind is AfterCorrection.NEW
    assert found.said == (
        "New after a correction: the C-SSRS screen of 02 Mar 2026 (record 1) was corrected by AB on 03 Mar 2026 "
        f"({INTENT} 'Yes' -> 'No'; reason: 'Q4 keyed on wrong patient'); its earlier flag '{CSSRS_HIGH_MESSAGE}' was "
        "closed by KM on 02 Mar 2026 (entered before iopkit asked for the overall risk level: it answers no other "
        f"finding): act on this flag as it calls for: {LOW_CALL}; then close it on the corrected record"
    )  # less urgent than the high risk closed: no welfare step
    assert [r.record for r in follow_corrections([legacy], versions)] == ["1"]  # carried to nothing: open


def test_a_correction_saved_the_records_own_day_says_nothing_of_a_welfare_check(store):
    pid = store.add_patient("IOP-0502")
    today = clinical_day()
    first = store.save(pid, score("cssrs_screen", CSSRS_LOW), by="KM", when=today)
    _close(store, first, "low", "suicide_risk_low", "cssrs_screen", on=today)
    fixed = store.save(pid, score("cssrs_screen", CSSRS_HIGH), by="AB", when=today, amends=first, reason="Q4 was yes")
    (open_,) = _open_of(store, pid, today).values()
    assert open_.reopened.endswith(
        f"act on this flag as it calls for: {HIGH_CALL}; then close it on the corrected record"
    )
    assert "welfare" not in open_.reopened and open_.record_id == fixed


def test_a_c_ssrs_correction_from_moderate_to_high_risk_names_the_moderate_flag_and_its_level(store):
    pid, original, fixed = _closed_then_corrected(
        store, CSSRS_MODERATE, CSSRS_HIGH, "cssrs_screen", "suicide_risk_moderate", "moderate"
    )
    (open_,) = Episode.from_store(store, pid, as_of=DAY).open_flags
    assert open_.reopened == (
        f"New after a correction: the C-SSRS screen of 02 Mar 2026 (record {original}) was corrected by AB on "
        f"{_corrected_on(store, fixed)} (item 3 (Thought about how you might do this) 'Yes' -> 'No'; item 4 (Had "
        "these thoughts and some intention of acting on them) 'No' -> 'Yes'; reason: 'mis-keyed'); its earlier flag "
        "'C-SSRS moderate risk: method considered, or suicidal behaviour over 3 months ago' was closed at overall risk "
        f"moderate by KM on 02 Mar 2026: {WELFARE_NOW}; when reached: act on this flag as it calls for: {HIGH_CALL}; "
        "then close it "
        "on the corrected record at overall risk moderate or higher (a correction never lowers a level recorded)"
    )


def test_the_new_flag_says_why_in_the_chart_header_the_caseload_the_summary_and_the_progress_page(store):
    from iopkit.report.patient import patient_summary_html
    from iopkit.widgets import progress_app
    from iopkit.widgets.home import caseload_html
    from iopkit.widgets.page import chart_header_html

    pid, _, _ = _closed_then_corrected(store, CSSRS_LOW, CSSRS_HIGH, "cssrs_screen", "suicide_risk_low")
    episode = Episode.from_store(store, pid, as_of=DAY)
    said = html.escape(episode.open_flags[0].said)
    assert "New after a correction: the C-SSRS screen of 02 Mar 2026" in html.unescape(said)
    assert said in chart_header_html(episode)
    assert said in caseload_html([episode])
    assert said in patient_summary_html(store, pid, generated="now", today=DAY)
    page = progress_app(store)
    page.start()
    page.picker.select(pid)
    (label, value), *_ = page.resolve.flag.options
    assert label.startswith(f"New after a correction: {CSSRS_HIGH_MESSAGE}")  # never "Open again": never closed
    page.resolve.flag.value = value
    # physician review R23c A2: the low-risk flag's message
    assert "its earlier flag 'C-SSRS low risk: wish to be dead" in html.unescape(page.resolve.also.value)


def test_the_review_of_a_placed_patient_holds_on_the_new_flag_and_says_why(store):
    pid, _, _ = _closed_then_corrected(store, CSSRS_LOW, CSSRS_HIGH, "cssrs_screen", "suicide_risk_low")
    rec = recommend({1: 0, 2: 0, 3: 2, 4: 2, 5: 3, 6: 2})
    store.save(pid, Placement(rec, LevelOfCare.from_code("2.1"), "clinical judgement"), by="KM", when=DAY)
    episode = Episode.from_store(store, pid, as_of=DAY)
    why = episode.open_flags[0].reopened
    assert why.startswith("New after a correction: the C-SSRS screen of 02 Mar 2026")
    hold = next(r for r in episode.review.reasons if r.code == "unresolved_emergency_evaluation")
    # R25a 4: the screen of 02 Mar 2026 by its name and day, was "(cssrs_screen, week 0)"
    assert f"{CSSRS_HIGH_MESSAGE} (C-SSRS screen, 02 Mar). {why}" in hold.finding
    assert why in episode.review.flags[0].message  # the review's unresolved-flag alert, first (most urgent)


def test_the_new_flag_is_closed_on_the_corrected_record_after_the_correction_at_the_earlier_level_or_higher(store):
    from iopkit.errors import StoreError

    pid, original, fixed = _closed_then_corrected(
        store, CSSRS_MODERATE, CSSRS_HIGH, "cssrs_screen", "suicide_risk_moderate", "moderate"
    )
    today = clinical_day(store.record(fixed).saved_at)
    with pytest.raises(StoreError) as refused:  # dated before the correction: it never saw the high-risk answers
        _close(store, fixed, "high", "suicide_risk_high", "cssrs_screen", on=DAY)
    assert str(refused.value).startswith(
        f"the safety flag suicide_risk_high (cssrs_screen, record {fixed}) is new after a correction saved by AB on "
        f"{today:%d %b %Y}; this closing is dated 02 Mar 2026, before the corrected finding was in the record"
    )
    with pytest.raises(StoreError) as refused:  # below the earlier flag's moderate
        _close(store, fixed, "low", "suicide_risk_high", "cssrs_screen", on=today)
    assert str(refused.value).startswith(
        f"the safety flag suicide_risk_high (cssrs_screen, record {fixed}) is new after a correction, and its earlier "
        f"flag's level before the correction was overall risk moderate, recorded by KM on 02 Mar 2026 (record "
        f"{original}): a correction never lowers a level recorded, so this closing (overall risk low) is not recorded"
    )
    _close(store, fixed, "high", "suicide_risk_high", "cssrs_screen", by="Dr B", on=today)
    assert Episode.from_store(store, pid, as_of=today).open_flags == ()


def test_a_later_records_closing_of_the_earlier_flag_is_named_with_the_new_flag(store):
    pid = store.add_patient("IOP-0301")
    week0 = store.save(pid, score("cssrs_screen", CSSRS_LOW), by="KM", when=DAY)  # never closed on its own
    week1 = store.save(pid, score("cssrs_screen", CSSRS_LOW), by="KM", when=WEEK1)
    _close(store, week1, "low", "suicide_risk_low", "cssrs_screen", on=WEEK1)  # answers week 0's low flag too
    fixed = store.save(pid, score("cssrs_screen", CSSRS_HIGH), by="AB", when=DAY, amends=week0, reason="Q4 was yes")
    today = clinical_day(store.record(fixed).saved_at)
    (open_,) = _open_of(store, pid, today).values()
    assert open_.record_id == fixed and open_.reopened == (
        f"New after a correction: the C-SSRS screen of 02 Mar 2026 (record {week0}) was corrected by AB on "
        f"{today:%d %b %Y} (item 4 (Had these thoughts and some intention of acting on them) 'No' -> 'Yes'; reason: "
        # physician review R23c A1, A2: the C-SSRS low/moderate flag's new words
        "'Q4 was yes'); its earlier flag 'C-SSRS low risk: wish to be dead or non-specific suicidal thoughts' "
        "was closed at "
        f"overall risk low by KM on 09 Mar 2026 (with the later C-SSRS screen, record {week1}): {WELFARE_NOW}; when "
        "reached: act on "
        f"this flag as it calls for: {HIGH_CALL}; then close it on the corrected record"
    )


# --- the words of a change: the item's words and each answer's, a blank as blank; an earlier version as such ---------


@pytest.mark.parametrize(
    ("was", "now", "words"),
    [  # PHQ-9 answers as printed (Kroenke et al. 2001)
        (1, 2, "'Several days' -> 'More than half the days'"),
        (1, 3, "'Several days' -> 'Nearly every day'"),
        (2, 3, "'More than half the days' -> 'Nearly every day'"),
    ],
)
def test_a_phq9_item_9_change_is_named_by_the_items_words_and_the_answers_printed_words(was, now, words):
    versions = [
        _version(1, score("phq9", [*OTHERS, was])),
        _version(2, score("phq9", [*OTHERS, now]), amends=1, reason="paper form"),
    ]
    said = reopened_by_corrections([_resolution(1)], versions)[("2", "suicidal_ideation")].said
    assert f"(item 9 (Thoughts that you would be better off dead or of hurting yourself) {words}; reason:" in said
    assert "answered" not in said


@pytest.mark.parametrize(
    ("first", "corrected", "words"),
    [
        # Q6 "no" leaves Q7 (its follow-up) unasked: blank on the form, then recorded "no" with item 1 raised to "yes"
        (
            ["no", "yes", "no", "no", "no", "no", None],
            ["yes", "yes", "no", "no", "no", "no", "no"],
            "'No' -> 'Yes'; item 7 (Question 6 follow-up: was this within the past 3 months?) not answered -> 'No'",
        ),
        # an answer corrected to blank is never a lower finding: the closing of the answered form does not cover it
        (
            ["yes", "yes", "no", "no", "no", "no", "no"],
            ["no", "yes", "no", "no", "no", "no", None],
            "'Yes' -> 'No'; item 7 (Question 6 follow-up: was this within the past 3 months?) 'No' -> not answered",
        ),
    ],
    ids=["blank-answered-reads-not-answered-never-0", "answer-cleared-reads-not-answered"],
)
def test_a_c_ssrs_blank_on_either_side_of_a_correction_reads_not_answered(store, first, corrected, words):
    pid, _, _ = _closed_then_corrected(store, first, corrected, "cssrs_screen", "suicide_risk_low")
    (open_,) = Episode.from_store(store, pid, as_of=DAY).open_flags
    assert f"(item 1 (Wished you were dead or could go to sleep and not wake up) {words}; reason: 'mis-keyed')" in (
        open_.reopened
    )


def test_a_closing_carried_over_an_unchanged_correction_is_named_as_made_on_an_earlier_version(store):
    # record 1 closed (item 9 "several days"); record 2 corrects item 1 only (the closing still answers it); record 3
    # corrects item 9 to "nearly every day": the closing was made on record 1, an earlier version, no later record
    pid = store.add_patient("IOP-0401")
    first = store.save(pid, score("phq9", ITEM9_1), by="KM", when=DAY)
    _close(store, first)
    kept = store.save(pid, score("phq9", [3, *OTHERS[1:], 1]), by="AB", when=DAY, amends=first, reason="item 1 was 3")
    assert _open_of(store, pid, DAY) == {}
    fixed = store.save(pid, score("phq9", [3, *OTHERS[1:], 3]), by="CD", when=DAY, amends=kept, reason="item 9 was 3")
    today = clinical_day(store.record(fixed).saved_at)
    (open_,) = _open_of(store, pid, today).values()
    assert open_.record_id == fixed
    assert open_.reopened == (
        f"Open again after a correction: closed at overall risk low by KM on 02 Mar 2026 on an earlier version (record "
        f"{first}), carried to the correction it still answered (record {kept}); the PHQ-9 was corrected since, by CD "
        f"on {today:%d %b %Y} ({ITEM9_1_TO_3}; reason: 'item 9 was 3'): {WELFARE}; when reached: act on this flag as "
        "it calls for: "
        f"{PHQ9_CALL}; then re-assess and close it on the corrected record"
    )


def test_a_re_assessment_on_the_carried_version_ends_the_words_on_that_version():
    # closed low on record 1, carried to record 2 (item 1 corrected), re-assessed high there; record 3: item 9 to 3
    versions = [
        _version(1, score("phq9", ITEM9_1)),
        _version(2, score("phq9", [3, *OTHERS[1:], 1]), amends=1, reason="item 1"),
        _version(3, score("phq9", [3, *OTHERS[1:], 3]), amends=2, reason="item 9"),
    ]
    closings = [_resolution(1), _resolution(2, "high", "Dr B", DAY + dt.timedelta(days=1))]
    said = reopened_by_corrections(closings, versions)[("3", "suicidal_ideation")].said
    assert said.startswith(
        "Open again after a correction: closed at overall risk low by KM on 02 Mar 2026 on an earlier version (record "
        "1), re-assessed at high by Dr B on 03 Mar 2026 on the earlier version (record 2); the PHQ-9 was corrected "
        f"since, by AB on 03 Mar 2026 ({ITEM9_1_TO_3}; reason: 'item 9'): {WELFARE}; when reached: act on this flag "
        "as it calls "
        f"for: {PHQ9_CALL}; then re-assess and close it on the corrected record at overall risk high (a flag's level "
        "only goes up)"
    )
    assert "with the later" not in said


def test_a_reopened_flag_carries_the_highest_level_of_another_flag_on_a_version_of_its_record():
    # record 1 low (item 2) closed low; record 2 moderate (item 3 added) closed moderate by Dr B; record 3 low again,
    # item 1 added, item 3 gone: another low finding (open again), a mixed one against the moderate (not covered)
    versions = [
        _version(1, score("cssrs_screen", ["no", "yes", "no", "no", "no", "no", None])),
        _version(2, score("cssrs_screen", ["no", "yes", "yes", "no", "no", "no", None]), amends=1, reason="Q3"),
        _version(3, score("cssrs_screen", ["yes", "yes", "no", "no", "no", "no", None]), amends=2, reason="Q1, Q3"),
    ]
    low = FlagResolution("suicide_risk_low", "cssrs_screen", 0, "C-SSRS full assessment", "KM", DAY, "1", "low")
    moderate = FlagResolution(
        "suicide_risk_moderate",
        "cssrs_screen",
        0,
        "Safety plan agreed",
        "Dr B",
        DAY + dt.timedelta(days=1),
        "2",
        "moderate",
    )
    found = reopened_by_corrections([low, moderate], versions)[("3", "suicide_risk_low")]
    assert (found.kind, found.level) == (AfterCorrection.OPEN_AGAIN, "moderate")
    assert found.said.endswith(
        f"{WELFARE}; when reached: act on this flag as it calls for: {LOW_CALL}; then re-assess and close it on the "
        "corrected record "
        "at overall risk moderate or higher, the highest recorded on a version of this record (by Dr B on 03 Mar "
        "2026, record 2) (a flag's level only goes up)"
    )


# --- the physician re-review: the highest level on any version, one reading for every view; a late correction ------

CSSRS_WISH_AND_THOUGHTS = ["yes", "yes", "no", "no", "no", "no", None]  # Q1, Q2 yes: low risk (Columbia triage)
CSSRS_THOUGHTS_AND_METHOD = ["no", "yes", "yes", "no", "no", "no", None]  # Q2, Q3 yes: moderate risk
CSSRS_THOUGHTS_ONLY = ["no", "yes", "no", "no", "no", "no", None]  # Q2 yes: low risk, Q1 lower
WISH = "item 1 (Wished you were dead or could go to sleep and not wake up)"


def _low_moderate_then_back(store, middle, middle_code):
    """Record 1 (Q1, Q2 yes) closed low by KM; corrected to ``middle``, whose ``middle_code`` flag Dr B closes (or
    re-assesses) at moderate; corrected back to record 1's answers."""
    pid = store.add_patient("IOP-0601")
    first = store.save(pid, score("cssrs_screen", CSSRS_WISH_AND_THOUGHTS), by="KM", when=DAY)
    _close(store, first, "low", "suicide_risk_low", "cssrs_screen")
    mid = store.save(pid, score("cssrs_screen", middle), by="AB", when=DAY, amends=first, reason="Q1 keyed wrong")
    today = clinical_day(store.record(mid).saved_at)
    _close(store, mid, "moderate", middle_code, "cssrs_screen", by="Dr B", on=today)
    back = store.save(
        pid, score("cssrs_screen", CSSRS_WISH_AND_THOUGHTS), by="AB", when=DAY, amends=mid, reason="back to paper"
    )
    resolutions = [r.item for r in store.current(pid, "flag_resolution")]
    return pid, first, mid, back, today, resolutions, store.history(pid, "assessment")


def test_a_c_ssrs_corrected_back_to_its_closed_low_finding_carries_the_moderate_recorded_on_the_middle_version(store):
    pid, first, mid, back, today, resolutions, versions = _low_moderate_then_back(
        store, CSSRS_THOUGHTS_AND_METHOD, "suicide_risk_moderate"
    )
    closings = closings_of("cssrs_screen", "suicide_risk_low", str(back), 0, resolutions, versions)
    assert [(c.by, c.risk_level, c.record) for c in closings] == [
        ("KM", "low", str(back)),
        ("Dr B", "moderate", str(back)),  # Dr B's moderate, carried to this record only: its level
    ]
    episode = Episode.from_store(store, pid, as_of=today)
    (closed,) = episode.reassessable_flags
    assert (closed.record_id, closed.flag.code, closed.level) == (back, "suicide_risk_low", "moderate")
    assert closed.after_correction is AfterCorrection.COVERED
    assert closed.reopened == (
        f"Covered after a correction: the C-SSRS screen of 02 Mar 2026 (record {mid}) was corrected by AB on "
        f"{today:%d %b %Y} ({WISH} 'No' -> 'Yes'; {METHOD} 'Yes' -> 'No'; reason: 'back to paper'); this finding's own "
        f"closing at overall risk low by KM on 02 Mar 2026 on an earlier version (record {first}) answers it, and "
        f"overall risk moderate, the highest recorded on a version of this record, by Dr B on {today:%d %b %Y} "
        f"(record {mid}, its flag '{CSSRS_MODERATE_MESSAGE}'), carries to it (a correction never lowers a level "
        "recorded); a lower level needs a new screen and assessment"
    )
    for same_or_lower in ("low", "moderate"):
        with pytest.raises(FlagAlreadyClosedError):
            _close(store, back, same_or_lower, "suicide_risk_low", "cssrs_screen", by="CD", on=today)


def test_a_c_ssrs_re_assessed_at_moderate_then_corrected_back_up_is_open_again_at_moderate_in_every_view(store):
    # the same code: Q1 yes -> no is covered, Dr B re-assesses it at moderate; Q1 back to yes rises above what Dr B
    # answered: open again at moderate, in the chart, the store and the review alike (KM's low never steps over it)
    pid, first, mid, back, today, resolutions, versions = _low_moderate_then_back(
        store, CSSRS_THOUGHTS_ONLY, "suicide_risk_low"
    )
    assert closings_of("cssrs_screen", "suicide_risk_low", str(back), 0, resolutions, versions) == ()
    (open_,) = Episode.from_store(store, pid, as_of=today).open_flags
    assert (open_.record_id, open_.after_correction) == (back, AfterCorrection.OPEN_AGAIN)
    why = reopened_by_corrections(resolutions, versions)[(str(back), "suicide_risk_low")].said
    assert open_.reopened == why
    assert why == (
        f"Open again after a correction: closed at overall risk low by KM on 02 Mar 2026 on an earlier version "
        f"(record {first}), re-assessed at moderate by Dr B on {today:%d %b %Y} on the earlier version (record "
        f"{mid}); the C-SSRS screen was corrected since, by AB on {today:%d %b %Y} ({WISH} 'No' -> 'Yes'; reason: "
        f"'back to paper'): {WELFARE}; when reached: act on this flag as it calls for: {LOW_CALL}; then re-assess and "
        "close it on "
        "the corrected record at overall risk moderate or higher (a flag's level only goes up)"
    )
    from iopkit.errors import StoreError

    with pytest.raises(StoreError, match="overall risk moderate, recorded by Dr B"):
        _close(store, back, "low", "suicide_risk_low", "cssrs_screen", by="KM", on=today)
    _close(store, back, "moderate", "suicide_risk_low", "cssrs_screen", by="KM", on=today)
    assert Episode.from_store(store, pid, as_of=today).open_flags == ()


def test_a_screen_never_closed_corrected_to_high_on_a_later_day_says_so_with_the_welfare_step(store):
    pid = store.add_patient("IOP-0602")
    first = store.save(pid, score("cssrs_screen", CSSRS_LOW), by="KM", when=DAY)  # nothing closed
    fixed = store.save(pid, score("cssrs_screen", CSSRS_HIGH), by="AB", when=DAY, amends=first, reason="Q4 was yes")
    today = clinical_day(store.record(fixed).saved_at)
    opened = {o.flag.code: o for o in _open_of(store, pid, today).values()}
    high = opened["suicide_risk_high"]
    assert high.after_correction is AfterCorrection.RAISED
    assert high.reopened == (
        f"Raised by a correction entered on {today:%d %b %Y} of the C-SSRS screen of 02 Mar 2026 (record {fixed}, by "
        f"AB; reason 'Q4 was yes'): {WELFARE_NOW}; when reached: act on this flag as it calls for: {HIGH_CALL}"
    )
    from iopkit.errors import StoreError

    with pytest.raises(StoreError, match="before the corrected finding was in the record"):
        _close(store, fixed, "high", "suicide_risk_high", "cssrs_screen", by="Dr B", on=DAY)
    _close(store, fixed, "high", "suicide_risk_high", "cssrs_screen", by="Dr B", on=today)
    assert "suicide_risk_high" not in {o.flag.code for o in _open_of(store, pid, today).values()}


def test_a_screen_corrected_on_its_own_day_raises_its_flag_bare(store):
    pid = store.add_patient("IOP-0603")
    today = clinical_day()
    first = store.save(pid, score("cssrs_screen", CSSRS_LOW), by="KM", when=today)
    store.save(pid, score("cssrs_screen", CSSRS_HIGH), by="AB", when=today, amends=first, reason="Q4 was yes")
    (high,) = [o for o in _open_of(store, pid, today).values() if o.flag.code == "suicide_risk_high"]
    assert high.reopened == ""


def test_a_c_ssrs_covered_at_high_after_a_correction_shows_the_high_level_on_the_header_and_the_summary(store):
    from iopkit.report.patient import patient_summary_html
    from iopkit.widgets.page import chart_header_html

    pid, _, fixed = _closed_then_corrected(store, CSSRS_HIGH, CSSRS_LOW, "cssrs_screen", "suicide_risk_high", "high")
    today = clinical_day(store.record(fixed).saved_at)
    episode = Episode.from_store(store, pid, as_of=today)
    line = "overall risk high recorded (KM, 02 Mar 2026) covers this corrected C-SSRS screen"
    (latest,) = episode.latest
    assert latest.covered == line
    assert line in html.unescape(chart_header_html(episode))
    summary = html.unescape(patient_summary_html(store, pid, generated="now", today=today, episode=episode))
    assert f"low risk; {line}" in summary  # beside the corrected, lower band


def test_an_uncorrected_screen_says_nothing_of_a_covering_level(store):
    pid = store.add_patient("IOP-0604")
    first = store.save(pid, score("cssrs_screen", CSSRS_HIGH), by="KM", when=DAY)
    _close(store, first, "high", "suicide_risk_high", "cssrs_screen")
    (latest,) = Episode.from_store(store, pid, as_of=DAY).latest
    assert latest.covered == ""


# --- a late correction revealing complicated withdrawal; one that lowered the finding; the call once reached ----------
# CIWA-Ar (Sullivan et al. 1989): item 6 (tactile disturbances) 4 "moderately severe hallucinations"; item 10
# (orientation and clouding of sensorium) 1 "cannot do serial additions or is uncertain about date", 2 "disoriented for
# date by no more than 2 calendar days".  Hallucinations or disorientation are complicated withdrawal, possible
# delirium (ASAM 2020 alcohol withdrawal guideline, Table 1).  A flag whose medical review is due now, corrected on a
# later day within 14 days of its record's day, says to contact the patient now; later than that, to contact the
# patient today (iopkit's own rule, physician review).  Whatever the delay, a CIWA-Ar or COWS flag corrected late
# calls for the signs now once the patient is reached, the record's call only as background: the scales rate the
# signs at the moment of rating (Sullivan 1989; Wesson & Ling 2003).
CIWA_ZEROS = [0] * 10
CIWA_TACTILE_4 = [0, 0, 0, 0, 0, 4, 0, 0, 0, 0]
CIWA_DISORIENTED = [0, 0, 0, 0, 0, 0, 0, 0, 0, 2]
CIWA_INATTENTIVE = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
CIWA_MODERATE = [2, 2, 2, 2, 2, 0, 0, 0, 0, 0]  # total 10: moderate (Sullivan 8-14; ASAM 2020 10-18)
# COWS (Wesson & Ling 2003), items 1-11 each at its highest anchor: 4+4+5+5+4+4+5+4+4+4+5 = 48, severe (> 36); the
# first six at their highest, the rest 0: 4+4+5+5+4+4 = 26, moderately severe (25-36); all 0: no significant withdrawal
COWS_ZEROS = [0] * 11
COWS_SEVERE = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 5]
COWS_MODERATELY_SEVERE = [4, 4, 5, 5, 4, 4, 0, 0, 0, 0, 0]


def _later(days):
    """The contact step of a late correction of a withdrawal flag due now, entered ``days`` after the record."""
    return (
        f"a correction entered {days} days after the record: contact the patient today; if unreachable, follow the "
        "programme's outreach protocol"
    )


def _signs_now(name, opioid=False):
    """What a late CIWA-Ar or COWS flag calls for once the patient is reached (physician review)."""
    use = (
        "; ask about return to use, and vomiting or diarrhoea with fluids not kept down; offer naloxone"
        if opioid
        else ""
    )  # noqa: E501
    return (
        f"ask about confusion, hallucinations, seizures, hospital visits and withdrawal now{use}; see the patient in "
        f"person today to re-score the {name} and treat on the current score; emergency care if confused or "
        "hallucinating now, or after a seizure since that no doctor has seen"
    )


COMPLICATED_CALL = (  # what the complicated-withdrawal flag calls for, as iopkit's rule words it (ASAM 2020)
    "'Medical review now: assess for alcohol withdrawal delirium and arrange medically managed (inpatient) withdrawal "
    "management; do not manage as ambulatory withdrawal'"
)
COMPLICATED_THEN = f"{_signs_now('CIWA-Ar')} (the record's call then: {COMPLICATED_CALL})"
CIWA_MODERATE_CALL = (  # the CIWA-Ar moderate-band flag's call, as iopkit's rule words it (ASAM 2020), quoted as repr
    "\"Prescriber's review before the patient leaves: at a CIWA-Ar of 10 or more treat withdrawal with medication "
    "(ASAM 2020: moderate withdrawal, 10-18, should receive medication); at 8-9 consider it; re-score the CIWA-Ar "
    "within 1 hour of a dose and before the patient leaves"
    # physician review R16 (session 15), the ruling on C03 and C33: the box says it after "before the patient leaves"
    '; if a dose is given: the patient must not drive today"'
)
ESCALATE = (  # the COWS flags' last step, as iopkit's rule words it (ASAM 2020 OUD guideline)
    "arrange medically managed withdrawal or a higher level of care only for a complicating condition (medical or "
    "psychiatric instability, co-occurring alcohol or benzodiazepine withdrawal, pregnancy)"
)
ESCALATE_SEVERE = (  # the severe COWS flag lists every complicating condition (physician review 7)
    "arrange medically managed withdrawal or a higher level of care only for a complicating condition (vomiting or "
    "diarrhoea with fluids not kept down, unstable vital signs, other medical or psychiatric instability, pregnancy, "
    "alcohol or benzodiazepine withdrawal alongside, precipitated withdrawal that does not settle, delirium)"
)
COWS_SEVERE_CALL = (
    "'Treat withdrawal now, before the patient leaves, as the prescriber decides: buprenorphine, or methadone only in "
    "an opioid treatment programme or under the 72-hour rule (given or dispensed on site, at most a 3-day supply "
    "while referral is arranged, not renewed or extended; never prescribed); re-score the COWS after dosing; "
    f"{ESCALATE_SEVERE}'"
)
COWS_MODERATELY_SEVERE_CALL = (
    "\"Prescriber's review before the patient leaves: treat withdrawal as the prescriber decides, with buprenorphine, "
    "or methadone only in an opioid treatment programme or under the 72-hour rule (given or dispensed on site, at "
    "most a 3-day supply while referral is arranged, not renewed or extended; never prescribed); re-score the COWS 1-2 "
    "hours after dosing; "
    f'{ESCALATE}"'
)
COWS_SEVERE_MESSAGE = "COWS above 36 (severe opioid withdrawal)"
TACTILE_4_MESSAGE = (  # the complicated-withdrawal flag of item 6 at 4, quoted (Sullivan 1989 anchor)
    '\'CIWA-Ar item 6 (Tactile disturbances) rated 4 of 7, "Moderately severe hallucinations": complicated withdrawal, '
    "possible delirium (any total)'"
)
EARLIER_UNACTED = "in the chart: confirm and record whether the evaluation the earlier flag called for was done"
# physician review R23c A1, A2: the C-SSRS low/moderate flag's new words
MODERATE_CALL = (  # C-SSRS moderate
    "'Suicide risk assessment by a qualified clinician and safety planning before the patient leaves; "
    "consider safety precautions (do not leave the patient alone) until it is done'"
)
CSSRS_MODERATE_MESSAGE = "C-SSRS moderate risk: method considered, or suicidal behaviour over 3 months ago"


def _never_closed_then_corrected(store, instrument, first, corrected, days_before, reason="mis-keyed"):
    """A record entered ``days_before`` today, never closed, corrected today by AB."""
    pid = store.add_patient("IOP-0701")
    taken = clinical_day() - dt.timedelta(days=days_before)
    original = store.save(pid, score(instrument, first), by="KM", when=taken)
    fixed = store.save(pid, score(instrument, corrected), by="AB", when=taken, amends=original, reason=reason)
    today = clinical_day(store.record(fixed).saved_at)
    return pid, fixed, taken, today


@pytest.mark.parametrize("corrected", [CIWA_TACTILE_4, CIWA_DISORIENTED], ids=["item 6 at 4", "item 10 at 2"])
def test_a_ciwa_ar_corrected_days_later_to_complicated_withdrawal_says_to_contact_the_patient_now(store, corrected):
    pid, fixed, taken, today = _never_closed_then_corrected(store, "ciwa_ar", CIWA_ZEROS, corrected, 3)
    (open_,) = _open_of(store, pid, today).values()
    assert (open_.flag.code, open_.after_correction) == ("complicated_withdrawal", AfterCorrection.RAISED)
    assert open_.reopened == (
        f"Raised by a correction entered on {today:%d %b %Y} of the CIWA-Ar of {taken:%d %b %Y} (record {fixed}, by "
        f"AB; reason 'mis-keyed'): {WELFARE_NOW}; when reached: {COMPLICATED_THEN}"
    )


def test_a_ciwa_ar_corrected_days_later_to_inattention_says_to_contact_the_patient_now(store):
    pid, fixed, taken, today = _never_closed_then_corrected(store, "ciwa_ar", CIWA_ZEROS, CIWA_INATTENTIVE, 1)
    (open_,) = _open_of(store, pid, today).values()
    assert open_.flag.code == "possible_inattention"  # a warning whose medical review is due now
    assert open_.reopened.startswith(
        f"Raised by a correction entered on {today:%d %b %Y} of the CIWA-Ar of {taken:%d %b %Y} (record {fixed}, by "
        f"AB; reason 'mis-keyed'): {WELFARE_NOW}; when reached: {_signs_now('CIWA-Ar')} (the record's call then: "
        "'Medical review now: screen for delirium"
    )


def test_a_ciwa_ar_corrected_weeks_later_to_complicated_withdrawal_says_to_contact_the_patient_today(store):
    pid, fixed, taken, today = _never_closed_then_corrected(store, "ciwa_ar", CIWA_ZEROS, CIWA_TACTILE_4, 30)
    (open_,) = _open_of(store, pid, today).values()
    assert open_.reopened == (
        f"Raised by a correction entered on {today:%d %b %Y} of the CIWA-Ar of {taken:%d %b %Y} (record {fixed}, by "
        "AB; reason 'mis-keyed'): a correction entered 30 days after the record: contact the patient today; if "
        "unreachable, follow the programme's outreach protocol; when reached: ask about confusion, hallucinations, "
        "seizures, hospital visits and withdrawal now; see the patient in person today to re-score the CIWA-Ar and "
        "treat on the current score; emergency care if confused or hallucinating now, or after a seizure since that no "
        "doctor has seen (the record's call then: 'Medical review now: assess for alcohol withdrawal delirium and "
        "arrange medically managed (inpatient) withdrawal management; "
        "do not manage as ambulatory withdrawal')"
    )
    assert "may have left" not in open_.reopened


@pytest.mark.parametrize(("days", "step"), [(3, WELFARE_NOW), (30, _later(30))], ids=["3 days", "30 days"])
def test_a_cows_corrected_later_to_severe_withdrawal_asks_for_the_signs_now_never_the_old_treatment(store, days, step):
    pid, fixed, taken, today = _never_closed_then_corrected(store, "cows", COWS_ZEROS, COWS_SEVERE, days)
    (open_,) = _open_of(store, pid, today).values()
    assert (open_.flag.code, open_.after_correction) == ("severe_opioid_withdrawal", AfterCorrection.RAISED)
    assert open_.reopened == (
        f"Raised by a correction entered on {today:%d %b %Y} of the COWS of {taken:%d %b %Y} (record {fixed}, by AB; "
        f"reason 'mis-keyed'): {step}; when reached: ask about confusion, hallucinations, seizures, hospital visits "
        "and withdrawal now; ask about return to use, and vomiting or diarrhoea with fluids not kept down; offer "
        "naloxone; see the patient in person today to re-score the COWS and treat on the current score; emergency "
        "care if confused or hallucinating now, or after a seizure since that no doctor has seen (the record's call "
        "then: "
        f"{COWS_SEVERE_CALL})"
    )
    assert "when reached: Treat" not in open_.reopened and "when reached: act on" not in open_.reopened


def _saved(version, saved):
    """``version`` saved at ``saved``."""
    version.saved_at = saved
    return version


@pytest.mark.parametrize(
    ("saved", "step"),
    [
        (dt.datetime(2026, 3, 16, 12, tzinfo=dt.UTC), WELFARE_NOW),  # 14 days after the record's 02 Mar: within
        (dt.datetime(2026, 3, 17, 12, tzinfo=dt.UTC), _later(15)),  # 15 days after
    ],
    ids=["14 days", "15 days"],
)
def test_the_withdrawal_contact_step_is_now_within_14_days_of_the_records_day(saved, step):
    versions = [
        _version("1", score("ciwa_ar", CIWA_ZEROS)),
        _saved(_version("2", score("ciwa_ar", CIWA_TACTILE_4), amends="1", reason="item 6"), saved),
    ]
    found = reopened_by_corrections([], versions)[("2", "complicated_withdrawal")]
    assert found.said == (
        f"Raised by a correction entered on {saved:%d %b %Y} of the CIWA-Ar of 02 Mar 2026 (record 2, by AB; reason "
        f"'item 6'): {step}; when reached: {COMPLICATED_THEN}"
    )


def test_a_ciwa_ar_corrected_later_to_moderate_withdrawal_adds_no_contact_step(store):
    # moderate withdrawal calls for a prescriber's review before the patient leaves, not a review now: no step
    pid, fixed, taken, today = _never_closed_then_corrected(store, "ciwa_ar", CIWA_ZEROS, CIWA_MODERATE, 3)
    (open_,) = _open_of(store, pid, today).values()
    assert open_.flag.code == "moderate_alcohol_withdrawal"
    assert open_.reopened == (
        f"Raised by a correction entered on {today:%d %b %Y} of the CIWA-Ar of {taken:%d %b %Y} (record {fixed}, by "
        "AB; reason 'mis-keyed')"
    )


def test_a_closed_ciwa_ar_corrected_later_to_hallucinations_is_new_with_the_contact_step(store):
    pid = store.add_patient("IOP-0702")
    taken = clinical_day() - dt.timedelta(days=2)
    original = store.save(pid, score("ciwa_ar", CIWA_MODERATE), by="KM", when=taken)
    _close(store, original, None, "moderate_alcohol_withdrawal", "ciwa_ar", on=taken)
    corrected = [2, 2, 2, 2, 2, 0, 0, 0, 0, 2]  # item 10 at 2 as well: disoriented
    fixed = store.save(pid, score("ciwa_ar", corrected), by="AB", when=taken, amends=original, reason="item 10")
    today = clinical_day(store.record(fixed).saved_at)
    opened = {o.flag.code: o for o in Episode.from_store(store, pid, as_of=today).open_flags}
    moderate = opened["moderate_alcohol_withdrawal"]  # its total changed (10 -> 12): open again
    assert moderate.after_correction is AfterCorrection.OPEN_AGAIN
    assert "may have left" not in moderate.reopened  # a prescriber's review, not one due now: no contact step
    assert moderate.reopened.endswith(  # but the signs now, never the record's treatment order: no "when reached"
        f"reason: 'item 10'): {_signs_now('CIWA-Ar')} (the record's call then: {CIWA_MODERATE_CALL}); then re-assess "
        "and close it on the corrected record"
    )
    new = opened["complicated_withdrawal"]
    assert new.after_correction is AfterCorrection.NEW
    assert new.reopened == (
        f"New after a correction: the CIWA-Ar of {taken:%d %b %Y} (record {original}) was corrected by AB on "
        f"{today:%d %b %Y} (item 10 (Orientation and clouding of sensorium) 'Oriented and can do serial additions' -> "
        "'Disoriented for date by no more than 2 calendar days'; reason: 'item 10'); its earlier flag 'CIWA-Ar in the "
        f"moderate withdrawal band' was closed by KM on {taken:%d %b %Y}: "
        f"{WELFARE_NOW}; when reached: {COMPLICATED_THEN}; then close it on the corrected record"
    )


# A flag lowered from a higher flag never closed says the higher flag's contact step when it is "contact the patient
# now" (an emergency evaluation; a medical review due now within 14 days of the record's day): the higher finding was
# never assessed and the correction is unverified (physician / patient-safety review); otherwise its own step.  From
# the C-SSRS screen's high risk, once the patient is reached, the screen is repeated first (the published 6-question
# screener, Posner et al. 2011: questions 1-6, ideation for the past month, question 6 with its "past 3 months"
# follow-up): intent (Q4), a plan (Q5) or behaviour in the past 3 months is high risk on the Columbia triage, calling
# for immediate action; otherwise the new screen's result, at least the lowered flag's call.  At any delay, 3 days or
# 30: the finding was never assessed, whatever the days since.  The least done after a negative screen: a same-day
# suicide risk assessment, as the headline says it (physician review R2, session 11, should-fix 8); lowered to moderate,
# with safety planning (physician review R3, session 11, must-fix 6, the reviewer's words).
ASK_AGAIN = (
    "repeat the C-SSRS screen with the patient (questions 1-6; 4 and 5 for the past month; if 6 is yes, ask whether "
    "it was in the past 3 months) and enter it; if question 4 or 5 is yes, or behaviour was in the past 3 months: do "
    "not leave the patient alone (by phone: stay on the line and call emergency services) and arrange an immediate "
    "emergency mental-health evaluation; otherwise act on the new screen's result, and at least a same-day suicide "
    "risk assessment (the screen it replaced was high risk, never assessed)"
)
ASK_AGAIN_MODERATE = (
    "repeat the C-SSRS screen with the patient (questions 1-6; 4 and 5 for the past month; if 6 is yes, ask whether "
    "it was in the past 3 months) and enter it; if question 4 or 5 is yes, or behaviour was in the past 3 months: do "
    "not leave the patient alone (by phone: stay on the line and call emergency services) and arrange an immediate "
    "emergency mental-health evaluation; otherwise act on the new screen's result, and at least a same-day suicide "
    "risk assessment with safety planning (the screen it replaced was high risk, never assessed)"
)


@pytest.mark.parametrize("days", [3, 30], ids=["3 days", "30 days"])
@pytest.mark.parametrize(
    ("corrected", "code", "step", "call", "ask_again"),
    [
        (CSSRS_MODERATE, "suicide_risk_moderate", WELFARE_NOW, MODERATE_CALL, ASK_AGAIN_MODERATE),
        (CSSRS_LOW, "suicide_risk_low", WELFARE_NOW, LOW_CALL, ASK_AGAIN),
    ],
    ids=["to moderate", "to low"],
)
def test_a_c_ssrs_high_never_closed_corrected_later_to_a_lower_risk_says_the_high_risk_flag_s_contact_now(
    store, corrected, code, step, call, ask_again, days
):
    pid, fixed, taken, today = _never_closed_then_corrected(
        store, "cssrs_screen", CSSRS_HIGH, corrected, days, reason="Q4 was no"
    )
    (open_,) = _open_of(store, pid, today).values()
    assert (open_.flag.code, open_.after_correction) == (code, AfterCorrection.LOWERED)
    assert open_.reopened == (
        f"Lowered by a correction entered on {today:%d %b %Y} of the C-SSRS screen of {taken:%d %b %Y} (record "
        f"{fixed}, by AB; reason 'Q4 was no') from '{CSSRS_HIGH_MESSAGE}' (never closed): {step}; when reached: "
        f"{ask_again}; {EARLIER_UNACTED}"
    )
    from iopkit.errors import StoreError

    with pytest.raises(StoreError, match="is lowered by a correction saved by AB"):
        _close(store, fixed, "moderate", code, "cssrs_screen", by="Dr B", on=taken)
    _close(store, fixed, "moderate", code, "cssrs_screen", by="Dr B", on=today)
    assert _open_of(store, pid, today) == {}


def test_a_c_ssrs_high_closed_then_lowered_by_a_late_correction_asks_no_question_again(store):
    # had the high-risk flag been closed (assessed) before a late correction lowered it: the lower flag's own call
    pid, fixed, taken, _ = _never_closed_then_corrected(store, "cssrs_screen", CSSRS_HIGH, CSSRS_LOW, 3)
    found = reopened_by_corrections([], store.history(pid, "assessment"))
    never = found[(str(fixed), "suicide_risk_low")]
    assert never.call.startswith("repeat the C-SSRS screen with the patient")
    high = FlagResolution(
        "suicide_risk_high",
        "cssrs_screen",
        0,
        "Emergency evaluation",
        "Dr B",
        taken,
        risk_level="high",
        **emergency_evaluation("cssrs_screen", "suicide_risk_high", taken),  # walk24 finding 1
    )
    assert replace(never, closings=(high,)).call == f"act on this flag as it calls for: {LOW_CALL}"


def test_a_c_ssrs_moderate_never_closed_corrected_later_to_low_asks_no_question_again(store):
    # the earlier flag called for a risk assessment, not an emergency evaluation: the low flag's own call alone
    pid, fixed, taken, today = _never_closed_then_corrected(store, "cssrs_screen", CSSRS_MODERATE, CSSRS_LOW, 3)
    (open_,) = _open_of(store, pid, today).values()
    assert (open_.flag.code, open_.after_correction) == ("suicide_risk_low", AfterCorrection.LOWERED)
    assert open_.reopened.endswith(
        f"(never closed): {WELFARE}; when reached: act on this flag as it calls for: {LOW_CALL}; {EARLIER_UNACTED}"
    )


def test_a_ciwa_ar_complicated_never_closed_corrected_days_later_to_moderate_says_to_contact_the_patient_now(store):
    pid, fixed, taken, today = _never_closed_then_corrected(store, "ciwa_ar", CIWA_TACTILE_4, CIWA_MODERATE, 3)
    (open_,) = _open_of(store, pid, today).values()
    assert (open_.flag.code, open_.after_correction) == ("moderate_alcohol_withdrawal", AfterCorrection.LOWERED)
    assert open_.reopened == (
        f"Lowered by a correction entered on {today:%d %b %Y} of the CIWA-Ar of {taken:%d %b %Y} (record {fixed}, by "
        f"AB; reason 'mis-keyed') from {TACTILE_4_MESSAGE} (never closed): the patient may have left since: contact "
        "the patient now; welfare check if unreachable; when reached: "
        f"{_signs_now('CIWA-Ar')} (the record's call then: {CIWA_MODERATE_CALL}); {EARLIER_UNACTED}"
    )


@pytest.mark.parametrize(
    ("saved", "step"),
    [
        (dt.datetime(2026, 3, 16, 12, tzinfo=dt.UTC), WELFARE_NOW),  # 14 days after the record's 02 Mar: the earlier
        (dt.datetime(2026, 3, 17, 12, tzinfo=dt.UTC), WELFARE),  # 15 days after: its own (a prescriber's review: today)
    ],
    ids=["14 days", "15 days"],
)
def test_a_lowered_flag_says_the_earlier_flag_s_contact_now_within_14_days_of_the_records_day(saved, step):
    versions = [
        _version("1", score("ciwa_ar", CIWA_TACTILE_4)),
        _saved(_version("2", score("ciwa_ar", CIWA_MODERATE), amends="1", reason="item 6"), saved),
    ]
    found = reopened_by_corrections([], versions)[("2", "moderate_alcohol_withdrawal")]
    assert found.said == (
        f"Lowered by a correction entered on {saved:%d %b %Y} of the CIWA-Ar of 02 Mar 2026 (record 2, by AB; reason "
        f"'item 6') from {TACTILE_4_MESSAGE} (never closed): {step}; when reached: {_signs_now('CIWA-Ar')} (the "
        f"record's call then: {CIWA_MODERATE_CALL}); {EARLIER_UNACTED}"
    )


@pytest.mark.parametrize(("days", "step"), [(3, WELFARE_NOW), (30, WELFARE)], ids=["3 days", "30 days"])
def test_a_cows_severe_never_closed_corrected_later_to_moderately_severe_asks_for_the_signs_now(store, days, step):
    pid, fixed, taken, today = _never_closed_then_corrected(store, "cows", COWS_SEVERE, COWS_MODERATELY_SEVERE, days)
    (open_,) = _open_of(store, pid, today).values()
    assert (open_.flag.code, open_.after_correction) == (
        "moderately_severe_opioid_withdrawal",
        AfterCorrection.LOWERED,
    )
    assert open_.reopened == (
        f"Lowered by a correction entered on {today:%d %b %Y} of the COWS of {taken:%d %b %Y} (record {fixed}, by AB; "
        f"reason 'mis-keyed') from '{COWS_SEVERE_MESSAGE}' (never closed): {step}; when reached: "
        f"{_signs_now('COWS', opioid=True)} (the record's call then: {COWS_MODERATELY_SEVERE_CALL}); {EARLIER_UNACTED}"
    )


def test_a_lowered_flag_whose_higher_flag_was_closed_adds_no_contact_step():
    closing = FlagResolution(
        "complicated_withdrawal", "ciwa_ar", 0, "Medical review: no delirium; thiamine given", "Dr B", DAY, "1"
    )
    versions = [
        _version("1", score("ciwa_ar", CIWA_TACTILE_4)),
        _version("2", score("ciwa_ar", CIWA_MODERATE), amends="1", reason="item 6"),
    ]
    found = reopened_by_corrections([], versions)[("2", "moderate_alcohol_withdrawal")]
    assert (found.kind, found.closings) == (AfterCorrection.LOWERED, ())
    closed = replace(found, closings=(closing,))
    assert closed.said == (
        "Lowered by a correction entered on 03 Mar 2026 of the CIWA-Ar of 02 Mar 2026 (record 2, by AB; reason "
        f"'item 6') from {TACTILE_4_MESSAGE}: {_signs_now('CIWA-Ar')} (the record's call then: {CIWA_MODERATE_CALL})"
    )


def test_a_c_ssrs_moderate_never_closed_corrected_later_to_high_is_raised_never_lowered(store):
    pid, fixed, taken, today = _never_closed_then_corrected(store, "cssrs_screen", CSSRS_MODERATE, CSSRS_HIGH, 3)
    (open_,) = _open_of(store, pid, today).values()
    assert open_.after_correction is AfterCorrection.RAISED
    assert open_.reopened.endswith(
        f"(record {fixed}, by AB; reason 'mis-keyed'): {WELFARE_NOW}; when reached: "
        f"act on this flag as it calls for: {HIGH_CALL}"
    )


def test_a_correction_on_the_records_own_day_gives_the_flags_call_without_when_reached(store):
    pid = store.add_patient("IOP-0703")
    today = clinical_day()
    first = store.save(pid, score("phq9", ITEM9_1), by="KM", when=today)
    _close(store, first, on=today)
    store.save(pid, score("phq9", ITEM9_3), by="AB", when=today, amends=first, reason="item 9")
    (open_,) = _open_of(store, pid, today).values()
    assert open_.reopened.endswith(
        f"reason: 'item 9'): act on this flag as it calls for: {PHQ9_CALL}; then re-assess and close it on the "
        "corrected record"
    )
    assert "when reached" not in open_.reopened and "may have left" not in open_.reopened
