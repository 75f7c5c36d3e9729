"""What a C-SSRS high-risk result calls for, wherever it shows; resolutions keyed to the flagged record.

Typed from the source, not from iopkit: the Columbia C-SSRS screener with triage points (Columbia
Lighthouse Project; clinical triage and workflow guidelines) -- a "yes" to question 4 or 5 (intent), or
suicidal behaviour in the past 3 months (question 6), is high risk: patient safety precautions until a
mental-health professional evaluates the patient for possible hospitalisation (immediate referral,
emergency evaluation); question 3 (method) or behaviour over 3 months ago is moderate risk: a
behavioural-health evaluation the same day.
"""

import dataclasses
import datetime as dt

import pytest

import iopkit
from iopkit.flags import CallsFor, Severity
from iopkit.placement import (
    EpisodeHistory,
    FirstStep,
    FlagResolution,
    LevelOfCare,
    Placement,
    open_safety_flags,
    recommend,
    review,
    suggest_dimensions,
)

from .refusal_branches import MENTAL_HEALTH_DECLINES

DAY = dt.date(2026, 3, 2)
HIGH = ["yes", "yes", "no", "yes", "no", "no", None]  # question 4 (intent): high risk
MODERATE = ["yes", "yes", "yes", "no", "no", "no", None]  # question 3 (method): moderate risk
READY = dict(attendance=0.9, drug_screens=(False,) * 3)


def phq9(total, item9=0):
    answers, left = {9: item9}, total - item9
    for i in range(1, 9):
        answers[i], left = min(left, 3), left - min(left, 3)
    return iopkit.score("phq9", answers)


REMITTED = ((0, phq9(16)), (8, phq9(4)))


class TestHighRiskCallsForAnEmergencyEvaluation:
    def test_the_flag_itself(self):
        (high,) = [f for f in iopkit.score("cssrs_screen", HIGH).flags if f.code == "suicide_risk_high"]
        assert high.severity is Severity.CRITICAL and high.calls_for is CallsFor.EMERGENCY_EVALUATION
        assert "do not leave the patient alone" in high.action and "emergency" in high.action

    def test_the_review_says_safety_precautions_and_emergency_evaluation_not_only_risk_assessment_due(self):
        r = review(
            EpisodeHistory(LevelOfCare.IOP, scores=(*REMITTED, (8, iopkit.score("cssrs_screen", HIGH))), **READY)
        )
        assert r.decision == "continue"
        due = r.flags[0]
        assert (due.code, due.severity, due.calls_for) == (
            "emergency_evaluation_due",
            Severity.CRITICAL,
            CallsFor.EMERGENCY_EVALUATION,
        )
        assert "do not leave the patient alone" in due.action and "immediate emergency" in due.action
        assert "risk_assessment_due" not in {f.code for f in r.flags}
        assert r.headline.startswith("First: safety precautions and an immediate emergency evaluation")
        # walk24 2: the level as the emergency evaluation decides, as the placement headline says, never "continue at"
        assert r.headline.endswith("Then, as the evaluation decides: Level 2.1 (Intensive outpatient)")

    def test_the_review_keeps_a_same_day_risk_assessment_for_a_moderate_result(self):
        r = review(
            EpisodeHistory(LevelOfCare.IOP, scores=(*REMITTED, (8, iopkit.score("cssrs_screen", MODERATE))), **READY)
        )
        assert "risk_assessment_due" in {f.code for f in r.flags}
        assert "emergency_evaluation_due" not in {f.code for f in r.flags}
        assert r.headline.startswith("First: a same-day suicide risk assessment")

    def test_the_placement_headline_leads_with_the_emergency_evaluation(self):
        cssrs = iopkit.score("cssrs_screen", HIGH)
        r = recommend({1: 0, 2: 0, 3: 4, 4: 0, 5: 0, 6: 0}, suggested=suggest_dimensions([cssrs]))
        assert r.first_step is FirstStep.EMERGENCY_EVALUATION
        # dimension 3 rated 4 leads with its box's words: the transfer, staff with the patient, no driving
        # and, if the patient declines or tries to leave, the branch of physician review R5 (session 11), must-fix 1
        assert r.headline.startswith(
            "First: emergency evaluation for suicide risk now: arrange transfer now (ED); safety precautions, staff "
            f"with the patient, until handover{MENTAL_HEALTH_DECLINES}; the patient must not drive"
        )
        assert "high suicide risk" in r.headline.split(". Then")[0]

    def test_the_printout_and_the_progress_page_say_it(self, store, patient):
        from iopkit.report.patient import patient_summary_html
        from iopkit.widgets.progress import progress_app

        when = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
        store.save(patient, Placement(recommend({1: 0, 2: 1, 3: 2, 4: 1, 5: 1, 6: 1})), by="KM", when=when)
        store.save(patient, iopkit.score("cssrs_screen", HIGH), by="KM", when=when)
        page = patient_summary_html(store, patient, generated="now")
        decision = page.split('<div class="decision">')[-1]  # the headline's first step, bold (headline_html)
        assert decision.startswith(
            '<p class="iop-steps iop-first-step"><strong>First: safety precautions and an immediate emergency '
            "evaluation"
        )
        assert "data-code='emergency_evaluation_due'" in page or 'data-code="emergency_evaluation_due"' in page
        app = progress_app(store)
        app.start()
        app.picker.choose.value = patient
        headline = app.review_view.value.split("iop-headline'>")[1].split("</div>")[0]
        assert headline.startswith(
            '<p class="iop-steps iop-first-step"><strong>First: safety precautions and an immediate emergency '
            "evaluation"
        )


class TestAnySuicideRiskFlagLeadsThePlacementHeadline:
    def test_a_moderate_result_that_is_not_critical_leads_with_a_same_day_risk_assessment(self):
        cssrs = iopkit.score("cssrs_screen", MODERATE)
        # physician review R23c A1: C-SSRS moderate risk is critical ("Act now"); it was a warning
        assert cssrs.band == "moderate_risk" and cssrs.flags[0].severity is Severity.CRITICAL
        r = recommend({1: 0, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([cssrs]))
        assert r.first_step is FirstStep.RISK_ASSESSMENT
        assert r.headline.startswith(  # physician review R16 (session 15), the ruling on C16: "and safety planning"
            "First: a same-day suicide risk assessment and safety planning before the patient leaves "
            "(moderate suicide risk). Then, unless the assessment finds more: Level 2.1"
        )
        assert r.level.code == "2.1"  # the screen alone does not change the level

    def test_no_suicide_risk_flag_no_first_step(self):
        cssrs = iopkit.score("cssrs_screen", ["no", "no", None, None, None, "no", None])
        r = recommend({1: 0, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([cssrs]))
        assert r.first_step is None and r.headline.startswith("Recommended: Level 2.1")


class TestAResolutionCoversItsOwnRecord:
    """A resolution answers the flag on the record it names, and the same flag on that instrument's earlier
    records; never a later one, whatever week it was given (iopkit's own rule)."""

    SCORES = ((0, phq9(16, item9=1)), (4, phq9(12, item9=1)), (8, phq9(4, item9=1)))
    IDS = ("11", "12", "13")

    def _open(self, resolution):
        return [week for _, week, _ in open_safety_flags(self.SCORES, (resolution,), self.IDS)]

    def test_a_later_week_given_through_the_api_does_not_cover_later_flags(self):
        done = FlagResolution("suicidal_ideation", "phq9", 20, "assessed", "Dr B", DAY, record="12", risk_level="low")
        assert self._open(done) == [8]  # record 12 (week 4) and the earlier week 0; week 8 stays open
        r = review(EpisodeHistory(LevelOfCare.IOP, scores=self.SCORES, resolutions=(done,), records=self.IDS, **READY))
        assert r.decision == "continue" and "week 8" in r.flags[0].message

    def test_the_latest_record_covers_the_earlier_alerts_too(self):
        done = FlagResolution("suicidal_ideation", "phq9", 8, "assessed", "Dr B", DAY, record="13", risk_level="low")
        assert self._open(done) == []

    def test_an_unknown_record_covers_nothing(self):
        done = FlagResolution("suicidal_ideation", "phq9", 8, "assessed", "Dr B", DAY, record="99", risk_level="low")
        assert self._open(done) == [0, 4, 8]

    def test_a_resolution_without_a_record_covers_only_its_own_week(self):
        done = FlagResolution("suicidal_ideation", "phq9", 4, "assessed", "Dr B", DAY, risk_level="low")
        assert self._open(done) == [0, 8]

    def test_an_old_stored_resolution_still_reads(self):
        data = {
            "flag_code": "suicidal_ideation",
            "instrument": "phq9",
            "week": 4,
            "action": "assessed",
            "by": "Dr B",
            "on": "2026-03-02",
        }
        old = FlagResolution.from_stored(data)
        assert (old.week, old.action, old.record, old.risk_level) == (4, "assessed", "", None) and old.level_not_asked

    def test_records_must_match_the_scores(self):
        from iopkit.errors import PlacementInputError

        with pytest.raises(PlacementInputError):
            EpisodeHistory(LevelOfCare.IOP, 0.9, scores=self.SCORES, records=("1",))

    def test_the_private_names_still_work(self):
        from iopkit.placement.continued_stay import SAFETY_CALLS, _calls_for

        flag = dataclasses.replace(phq9(3, item9=1).flags[0])
        assert _calls_for(flag) in SAFETY_CALLS


def test_the_printout_does_not_let_an_old_resolution_hide_a_new_alert(store, patient):
    """An item-9 alert resolved in January does not answer the one of February (Kroenke et al. 2001: item 9
    above "not at all" calls for a risk assessment each time)."""
    from iopkit.report.patient import patient_summary_html

    first = store.save(patient, phq9(12, item9=1), by="KM", when=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
    store.save(
        patient,
        FlagResolution(
            "suicidal_ideation", "phq9", 0, "assessed", "Dr B", dt.date(2026, 1, 5), record=str(first), risk_level="low"
        ),
        by="KM",
        when=dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC),
    )
    store.save(patient, phq9(10, item9=1), by="KM", when=dt.datetime(2026, 2, 2, 9, tzinfo=dt.UTC))
    page = patient_summary_html(store, patient, generated="now")
    open_flags = page.split("<h2>Open flags</h2>")[1].split("</section>")[0]
    assert "suicidal_ideation" in open_flags


def test_the_caseload_keys_resolutions_to_the_record_too(store, patient):
    """A resolution saved through the API with a later week than its record's does not close a later alert
    in the episode (the caseload's and the chart header's open flags)."""
    from iopkit.episode import Episode

    first = store.save(patient, phq9(12, item9=1), by="KM", when=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
    store.save(patient, phq9(10, item9=1), by="KM", when=dt.datetime(2026, 2, 2, 9, tzinfo=dt.UTC))  # week 4
    store.save(
        patient,
        FlagResolution(
            "suicidal_ideation", "phq9", 4, "assessed", "Dr B", dt.date(2026, 1, 5), record=str(first), risk_level="low"
        ),
        by="KM",
        when=dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC),
    )
    episode = Episode.from_store(store, store.patient(patient), as_of=dt.date(2026, 2, 3))
    assert [(f.week, f.flag.code) for f in episode.open_flags] == [(4, "suicidal_ideation")]
