"""Measurement-based care: reliable change, response, remission, trajectories, stay review."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iopkit
from iopkit import placement
from iopkit.errors import PlacementInputError
from iopkit.placement import EpisodeHistory, review
from iopkit.placement.levels import LevelOfCare as L
from iopkit.progress import CHANGE_CRITERIA, change, cohort_trajectories, reliable_change_index, trajectory


def phq9_total(total, item9=0):
    """A real PHQ-9 score with the given total (items filled in order, item 9 as given)."""
    answers, left = {9: item9}, total - item9
    for i in range(1, 9):
        answers[i], left = min(left, 3), left - min(left, 3)
    return iopkit.score("phq9", answers)


# --- Reliable change -----------------------------------------------------------------------------


def test_rci_reproduces_the_published_worked_example():
    """SD 7.30, alpha .79 -> S_diff 4.73 and a 9.27-point threshold ([P] M4)."""
    assert reliable_change_index(0, 9.27, sd=7.30, reliability=0.79) == pytest.approx(1.96, abs=0.005)


def test_gad7_threshold_matches_bischoff_2020():
    """r = .87 gives an RCI of 5.59 points ([P] R23c)."""
    assert CHANGE_CRITERIA["gad7"].threshold == pytest.approx(5.59, abs=0.01)


def test_instruments_without_sd_use_their_published_threshold_and_say_so():
    phq = CHANGE_CRITERIA["phq9"]
    assert phq.s_diff is None and phq.threshold == 6 and "nhs_talking_therapies" in phq.source.split("; ")
    assert math.isnan(change("phq9", 20, 10)["rci"])


def test_rci_needs_a_positive_sd_and_reliability_below_one():
    with pytest.raises(PlacementInputError, match="sd > 0"):
        reliable_change_index(1, 2, sd=0, reliability=0.8)


@pytest.mark.parametrize(
    "instrument,before,after,improved",
    [
        ("phq9", 15, 9, True),
        ("phq9", 15, 10, False),
        ("gad7", 15, 9, True),
        ("gad7", 15, 10, False),
        ("pcl5", 40, 35, True),
        ("pcl5", 40, 36, False),
    ],
)
def test_reliable_improvement_at_the_threshold(instrument, before, after, improved):
    c = change(instrument, before, after)
    assert bool(c["reliable_improvement"]) is improved
    assert not c["reliable_deterioration"]


def test_reliable_deterioration_is_the_mirror_image():
    assert bool(change("phq9", 9, 15)["reliable_deterioration"])
    assert not change("phq9", 9, 14)["reliable_deterioration"]


@pytest.mark.parametrize(
    "instrument,before,after,expected",
    [
        ("phq9", 10, 5, True),
        ("phq9", 10, 6, False),
        ("phq9", 9, 0, False),  # HEDIS: baseline >= 10
        ("gad7", 10, 5, True),
        ("gad7", 10, 6, False),
        ("gad7", 8, 4, False),  # clinical baseline >= 10
        ("gad7", 0, 0, False),
    ],
)
def test_response_is_a_50_percent_drop_from_an_eligible_baseline(instrument, before, after, expected):
    assert bool(change(instrument, before, after)["response"]) is expected


@pytest.mark.parametrize(
    "instrument,before,after,remitted",
    [
        ("phq9", 20, 4, True),
        ("phq9", 20, 5, False),
        ("gad7", 20, 4, True),
        ("gad7", 20, 5, False),
        ("pcl5", 40, 30, True),
        ("pcl5", 40, 31, False),
    ],
)
def test_remission_boundaries(instrument, before, after, remitted):
    assert bool(change(instrument, before, after)["remission"]) is remitted


@pytest.mark.parametrize("instrument,drop_reaching,drop_short", [("phq9", 5, 4), ("gad7", 4, 3), ("pcl5", 10, 9)])
def test_minimal_important_change(instrument, drop_reaching, drop_short):
    assert bool(change(instrument, 20, 20 - drop_reaching)["mcid"])
    assert not change(instrument, 20, 20 - drop_short)["mcid"]


def test_unknown_instrument_has_no_change_criteria():
    with pytest.raises(PlacementInputError, match="No change criteria for 'audit'"):
        change("audit", 1, 2)


def test_reliability_is_given_only_with_an_sd_so_no_uncited_number_sits_unused():
    """r alone computes nothing (RCI needs SD and r); PCL-5's r = .82 had a source not in the reference."""
    for c in CHANGE_CRITERIA.values():
        assert (c.sd is None) == (c.reliability is None), c.instrument
    assert CHANGE_CRITERIA["pcl5"].reliability is None and "Blevins" not in CHANGE_CRITERIA["pcl5"].source


def test_every_change_criterion_cites_its_source():
    assert all(c.source for c in CHANGE_CRITERIA.values())


# --- Trajectories ---------------------------------------------------------------------------------


def test_trajectory_sorts_by_week_and_measures_from_the_first_score():
    t = trajectory("gad7", [4, 0, 2], [6, 15, 10])
    assert (t.weeks, t.baseline, t.latest) == ((0.0, 2.0, 4.0), 15.0, 6.0)
    assert t.slope_per_week == pytest.approx(-2.25)
    assert t.change["reliable_improvement"] and t.change["response"]


def test_single_score_has_no_slope():
    assert trajectory("phq9", [0], [12]).slope_per_week is None


def test_trajectory_refuses_missing_values():
    with pytest.raises(PlacementInputError, match="without missing values"):
        trajectory("phq9", [0, 1], [10, float("nan")])


def long_frame(rows):
    return pd.DataFrame(rows, columns=["patient", "week", "instrument", "total"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(0, 27), min_size=1, max_size=6), min_size=1, max_size=8))
def test_cohort_path_agrees_with_the_single_patient_path(series):
    rows = [(p, w * 2, "phq9", total) for p, totals in enumerate(series) for w, total in enumerate(totals)]
    cohort = cohort_trajectories(long_frame(rows)).set_index("patient")
    for p, totals in enumerate(series):
        one = trajectory("phq9", [w * 2 for w in range(len(totals))], totals)
        row = cohort.loc[p]
        assert (row["baseline"], row["latest"], row["n"]) == (one.baseline, one.latest, len(totals))
        for key in ("response", "remission", "reliable_improvement", "mcid"):
            assert bool(row[key]) is one.change[key]
        if one.slope_per_week is None:
            assert np.isnan(row["slope_per_week"])
        else:
            assert row["slope_per_week"] == pytest.approx(one.slope_per_week)


def test_cohort_accepts_dates_and_skips_instruments_without_criteria():
    df = pd.DataFrame(
        {
            "patient": ["a", "a", "a"],
            "date": pd.to_datetime(["2026-01-01", "2026-01-15", "2026-01-01"]),
            "instrument": ["gad7", "gad7", "audit"],
            "total": [14, 7, 20],
        }
    )
    out = cohort_trajectories(df, time="date")
    assert out[["instrument", "slope_per_week"]].values.tolist() == [["gad7", -3.5]]


def test_cohort_dates_count_calendar_days_whatever_the_time_of_day():
    """Research review F4: PHQ-9 18, 12, 8 at intake Monday 17:00, then the next two Mondays at 09:00 are weeks 0, 1
    and 2 (calendar days / 7), slope -5.0 points per week (the reviewer's value; elapsed 24-hour periods gave
    -5.35)."""
    when = pd.to_datetime(["2026-03-02 17:00", "2026-03-09 09:00", "2026-03-16 09:00"])
    df = pd.DataFrame({"patient": 1, "instrument": "phq9", "total": [18, 12, 8], "when": when})
    slope = cohort_trajectories(df, time="when")["slope_per_week"].iloc[0]
    assert slope == pytest.approx(-5.0)
    assert slope == pytest.approx(np.polyfit([0, 1, 2], [18, 12, 8], 1)[0])  # independent oracle: weeks 0, 1, 2


def test_cohort_dates_count_calendar_days_across_a_daylight_saving_change():
    """Research review F4: noon on 7, 8 and 14 March 2026 in New York (clocks go forward overnight 7-8 March) are
    calendar days 0, 1 and 7; slope of 18, 12, 8 on days 0, 1, 7 by hand: -50/43 per day, -350/43 per week."""
    when = pd.Series(pd.to_datetime(["2026-03-07 12:00", "2026-03-08 12:00", "2026-03-14 12:00"]))
    df = pd.DataFrame(
        {"patient": 1, "instrument": "phq9", "total": [18, 12, 8], "when": when.dt.tz_localize("America/New_York")}
    )
    slope = cohort_trajectories(df, time="when")["slope_per_week"].iloc[0]
    assert slope == pytest.approx(-350 / 43)
    assert slope == pytest.approx(np.polyfit(np.array([0, 1, 7]) / 7, [18, 12, 8], 1)[0])


def test_cohort_times_exported_in_utc_count_on_the_clinic_s_day_where_its_zone_is_named(monkeypatch):
    """A store's export gives UTC times: PHQ-9s at 01:30 UTC on 3 March, 00:30 and 13:00 UTC on 10 March 2026 are, in
    New York (EST, then EDT from 8 March), 20:30 on 2 March, 20:30 on 9 March and 09:00 on 10 March: the chart's days
    0, 7 and 8. Read in UTC, two of them fall on 10 March (a repeated time point, refused)."""
    when = pd.Series(pd.to_datetime(["2026-03-03 01:30", "2026-03-10 00:30", "2026-03-10 13:00"])).dt.tz_localize("UTC")
    df = pd.DataFrame({"patient": 1, "instrument": "phq9", "total": [18, 12, 8], "when": when})
    monkeypatch.setenv("IOPKIT_TIMEZONE", "America/New_York")
    slope = cohort_trajectories(df, time="when")["slope_per_week"].iloc[0]
    assert slope == pytest.approx(np.polyfit(np.array([0, 7, 8]) / 7, [18, 12, 8], 1)[0])
    monkeypatch.delenv("IOPKIT_TIMEZONE")
    with pytest.raises(PlacementInputError, match="more than one total at the same time point"):
        cohort_trajectories(df, time="when")  # read in UTC, 10 March twice


def test_cohort_dates_as_text_or_dates_read_as_dates_and_anything_else_is_refused():
    """Research review: ISO text and ``datetime.date`` values raised a raw ValueError or TypeError; they read as the
    datetimes they name (18, 12, 8 on three Mondays: -5.0 per week, weeks 0, 1, 2 by hand)."""
    import datetime as dt

    days = [dt.date(2026, 3, 2), dt.date(2026, 3, 9), dt.date(2026, 3, 16)]
    for when in (days, [d.isoformat() for d in days]):
        df = pd.DataFrame({"patient": 1, "instrument": "phq9", "total": [18, 12, 8], "when": when})
        assert cohort_trajectories(df, time="when")["slope_per_week"].iloc[0] == pytest.approx(-5.0)
    bad = pd.DataFrame({"patient": 1, "instrument": "phq9", "total": [18, 12], "when": ["intake", "week 1"]})
    with pytest.raises(PlacementInputError, match="column 'when' holds neither week numbers nor dates") as error:
        cohort_trajectories(bad, time="when")
    assert error.value.item == "when"


REPEATED = (
    r"cohort data give more than one total at the same time point \(phq9: 2 totals at 1 \(patient, week\) "
    r"pair\(s\), \(1, 0\)\): one total per patient, instrument and time point is allowed \(for an amended "
    r"record, use the store's current version\)"
)


@pytest.mark.parametrize("order", [[0, 1, 2], [1, 0, 2]])
def test_cohort_refuses_two_totals_at_one_time_point_in_any_row_order(order):
    """Research review F2: PHQ-9 20 and 8 both in week 0, 9 in week 4 gave baseline 20 (a response) or 8 (no
    clinical baseline) by row order; refused, naming the instrument, the pair and what is allowed."""
    df = pd.DataFrame({"patient": [1, 1, 1], "week": [0, 0, 4], "instrument": "phq9", "total": [20, 8, 9]})
    with pytest.raises(PlacementInputError, match=REPEATED) as caught:
        cohort_trajectories(df.iloc[order])
    assert (caught.value.instrument, caught.value.item) == ("phq9", "week")


def test_cohort_names_the_first_three_repeats_of_each_instrument_and_counts_them_all():
    rows = [(p, 2, "gad7", total) for p in (5, 1, 4, 2) for total in (10, 11)] + [(9, 0, "phq9", 3), (9, 0, "phq9", 4)]
    with pytest.raises(PlacementInputError) as caught:
        cohort_trajectories(long_frame(rows))
    assert (
        "(gad7: 8 totals at 4 (patient, week) pair(s), (1, 2), (2, 2), (4, 2) and 1 more; "
        "phq9: 2 totals at 1 (patient, week) pair(s), (9, 0))"
    ) in str(caught.value)


def test_cohort_dates_repeat_a_time_point_on_one_calendar_day():
    """Two PHQ-9s on 2 March 2026 (09:00 and 17:00) are one time point once dates count as calendar days."""
    when = pd.to_datetime(["2026-03-02 09:00", "2026-03-02 17:00", "2026-03-09 09:00"])
    df = pd.DataFrame({"patient": 1, "instrument": "phq9", "total": [18, 12, 8], "when": when})
    with pytest.raises(PlacementInputError, match=r"1 \(patient, when\) pair\(s\), \(1, 2026-03-02\)\)"):
        cohort_trajectories(df, time="when")


def test_cohort_takes_one_total_per_instrument_at_one_time_point():
    """The same week for two instruments, or two patients, is no repeat."""
    rows = [(1, 0, "phq9", 20), (1, 0, "gad7", 15), (2, 0, "phq9", 12), (1, 4, "phq9", 9)]
    out = cohort_trajectories(long_frame(rows))
    assert out[["patient", "instrument", "n"]].values.tolist() == [[1, "gad7", 1], [1, "phq9", 2], [2, "phq9", 1]]


def test_cohort_needs_its_columns():
    with pytest.raises(PlacementInputError, match=r"lacks column\(s\) \['total'\]"):
        cohort_trajectories(pd.DataFrame({"patient": [], "week": [], "instrument": []}))


# --- Continued-stay review -------------------------------------------------------------------------


def improving_phq9():
    return ((0, phq9_total(16)), (4, phq9_total(10)), (8, phq9_total(4)))


def test_improving_iop_patient_steps_down_to_outpatient_through_a_taper():
    r = review(EpisodeHistory(L.IOP, attendance=0.9, drug_screens=(True, False, False, False), scores=improving_phq9()))
    assert (r.decision, r.next_level) == ("step_down", L.OP)
    assert [(s.level, s.hours_per_week) for s in r.taper] == [(L.IOP, (0, 9)), (L.OP, (0, 9))]
    assert r.taper[0].weeks == "1-2" and r.taper[0].source == "asam2013"


def test_adolescent_taper_uses_the_adolescent_iop_minimum():
    r = review(EpisodeHistory(L.IOP, 0.9, (False,) * 3, improving_phq9(), adolescent=True))
    assert r.taper[0].hours_per_week == (0, 6)


def test_php_steps_down_to_iop():
    r = review(EpisodeHistory(L.PHP, 0.85, (False,) * 3, improving_phq9()))
    assert (r.decision, r.next_level, r.taper[0].hours_per_week) == ("step_down", L.IOP, (9, 20))


def test_attendance_just_below_80_percent_holds_the_step_down():
    r = review(EpisodeHistory(L.IOP, 0.79, (False,) * 3, improving_phq9()))
    assert r.decision == "continue" and "attendance" in {x.code for x in r.reasons}


def test_two_positive_screens_in_the_last_three_step_up():
    r = review(EpisodeHistory(L.IOP, 0.9, (False, True, True), improving_phq9()))
    assert (r.decision, r.next_level) == ("step_up", L.PHP)
    assert "continued_use" in {x.code for x in r.reasons}


def test_reliable_deterioration_steps_up():
    scores = ((0, phq9_total(8)), (4, phq9_total(15)))
    r = review(EpisodeHistory(L.OP, 0.9, (False,) * 3, scores))
    assert (r.decision, r.next_level) == ("step_up", L.IOP)


def test_a_suicide_risk_flag_in_the_latest_score_calls_for_a_risk_assessment_not_a_step_up():
    """Changed on purpose: PHQ-9 item 9 calls for a same-day risk assessment, not a bed."""
    scores = ((0, phq9_total(12)), (4, phq9_total(4, item9=1)))
    r = review(EpisodeHistory(L.IOP, 0.9, (False,) * 3, scores))
    assert r.decision == "continue"
    assert {"suicidal_ideation", "risk_assessment_due"} <= {f.code for f in r.flags}


def test_without_repeated_scores_the_review_continues_and_says_why():
    r = review(EpisodeHistory(L.IOP, 0.95, (False,) * 3))
    assert r.decision == "continue" and "no_scores" in {x.code for x in r.reasons}


def test_low_attendance_is_flagged_for_barriers():
    r = review(EpisodeHistory(L.IOP, 0.4))
    assert "low_attendance" in {f.code for f in r.flags}


def codes(reasons):
    return [x.code for x in reasons]


def test_unknown_attendance_is_said_plainly_and_raises_no_low_attendance_flag():
    r = review(EpisodeHistory(L.IOP, attendance=None))
    assert "low_attendance" not in {f.code for f in r.flags}
    unknown = [x for x in r.findings if x.code == "attendance_unknown"]
    assert len(unknown) == 1 and "attendance unknown" in unknown[0].finding and "80 %" in unknown[0].finding
    assert "attendance" not in codes(r.findings)  # no attended-percentage finding made up from nothing


def test_unknown_attendance_holds_a_step_down_that_known_attendance_allows():
    """A step-down needs attendance evidence: missing data never earns one."""
    known = review(EpisodeHistory(L.IOP, 0.9, (False,) * 3, improving_phq9()))
    unknown = review(EpisodeHistory(L.IOP, None, (False,) * 3, improving_phq9()))
    assert known.decision == "step_down"
    assert (unknown.decision, unknown.next_level, unknown.taper) == ("continue", L.IOP, ())
    assert codes(unknown.reasons) == ["attendance_unknown"]


def test_unknown_attendance_does_not_hold_back_a_step_up():
    r = review(EpisodeHistory(L.IOP, None, (False, True, True), improving_phq9()))
    assert r.decision == "step_up" and "attendance_unknown" not in codes(r.reasons)
    assert "attendance_unknown" in codes(r.findings)


@settings(max_examples=100, deadline=None)
@given(
    screens=st.lists(st.booleans(), max_size=5),
    totals=st.lists(st.integers(0, 27), max_size=4),
    attendance=st.floats(0, 1),
)
def test_unknown_attendance_never_steps_down_and_never_changes_a_step_up(screens, totals, attendance):
    scores = tuple((week * 2, phq9_total(total)) for week, total in enumerate(totals))
    known = review(EpisodeHistory(L.IOP, attendance, tuple(screens), scores))
    unknown = review(EpisodeHistory(L.IOP, None, tuple(screens), scores))
    assert unknown.decision == ("step_up" if known.decision == "step_up" else "continue")


@settings(max_examples=100, deadline=None)
@given(
    screens=st.lists(st.booleans(), max_size=5),
    totals=st.lists(st.integers(0, 27), max_size=4),
    attendance=st.one_of(st.none(), st.floats(0, 1)),
)
def test_every_reason_is_a_finding_and_every_finding_cites_its_source(screens, totals, attendance):
    scores = tuple((week * 2, phq9_total(total)) for week, total in enumerate(totals))
    r = review(EpisodeHistory(L.IOP, attendance, tuple(screens), scores))
    assert r.reasons and set(r.reasons) <= set(r.findings)
    assert all(x.source for x in r.findings)


def test_a_continue_review_still_shows_that_phq9_has_remitted():
    r = review(EpisodeHistory(L.IOP, 0.9, (False, True, False), improving_phq9()))
    assert r.decision == "continue" and "improved" not in codes(r.reasons)
    remitted = [x for x in r.findings if x.code == "improved"]
    # walk review F13 h: the instrument's name, never its code
    assert [x.finding for x in remitted] == ["PHQ-9 16 -> 4: remission"] and "ncqa_hedis_drr" in remitted[0].source
    assert {"screens", "attendance"} <= set(codes(r.findings))


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"level": L.WM_AMBULATORY, "attendance": 1}, "treatment LevelOfCare"),
        ({"level": L.IOP, "attendance": 1.2}, "fraction 0..1"),
        ({"level": L.IOP, "attendance": "0.9"}, "fraction 0..1"),
        ({"level": L.IOP, "attendance": True}, "fraction 0..1"),
        ({"level": L.IOP, "attendance": 1, "drug_screens": ("neg",)}, "drug_screens"),
        ({"level": L.IOP, "attendance": 1, "scores": ((0, 12),)}, r"\(week, Score\) pairs"),
    ],
)
def test_episode_history_refuses_bad_input(kwargs, match):
    with pytest.raises(PlacementInputError, match=match):
        EpisodeHistory(**kwargs)


def test_placement_reexports_review():
    assert placement.review is review and placement.EpisodeHistory is EpisodeHistory


# --- review fixes ------------------------------------------------------------------------------


@pytest.mark.parametrize("before, after", [(float("nan"), 3), (20, float("inf")), (-5, 3), (40, 3), ("x", 3)])
def test_change_refuses_missing_or_impossible_totals_instead_of_reading_them_as_no_response(before, after):
    with pytest.raises(PlacementInputError, match="phq9 .*totals"):
        change("phq9", before, after)


def test_change_refuses_nan_inside_cohort_arrays():
    with pytest.raises(PlacementInputError, match="gad7 after"):
        change("gad7", [15, 12], [9, np.nan])


def test_trajectory_with_dates_for_weeks_is_a_clear_iopkit_error():
    with pytest.raises(PlacementInputError, match="week numbers, not dates"):
        trajectory("phq9", ["2025-01-01", "2025-02-01"], [10, 4])


def test_review_from_level_3_3_steps_by_rank_instead_of_crashing():
    up = review(EpisodeHistory(L.RESIDENTIAL_POPULATION_SPECIFIC, 0.9, (True, True, True)))
    assert up.decision == "step_up" and up.next_level is L.RESIDENTIAL_HIGH
    scores = ((0, iopkit.score("phq9", [2, 2, 2, 2, 2, 2, 2, 2, 0])), (4, iopkit.score("phq9", [0] * 9)))
    down = review(EpisodeHistory(L.RESIDENTIAL_POPULATION_SPECIFIC, 0.9, (False,) * 3, scores))
    assert down.decision == "step_down" and down.next_level is L.RESIDENTIAL_LOW


def test_episode_history_adolescent_must_be_a_bool():
    with pytest.raises(PlacementInputError, match="adolescent"):
        EpisodeHistory(L.IOP, 0.9, adolescent="no")


# --- The ends of the ladder ------------------------------------------------------------------------


def test_step_up_findings_at_level_4_say_no_more_intensive_level_exists_and_flag_it():
    r = review(EpisodeHistory(L.INPATIENT_MANAGED, 0.9, (True, True, True)))
    assert (r.decision, r.next_level) == ("continue", L.INPATIENT_MANAGED)
    assert codes(r.reasons)[0] == "most_intensive_level" and "continued_use" in codes(r.reasons)
    (flag,) = [f for f in r.flags if f.code == "most_intensive_level"]
    assert flag.severity == "critical" and "emergency" in flag.action
    assert "most intensive" in r.next_step


def test_level_3_7_still_steps_up_to_level_4():
    r = review(EpisodeHistory(L.INPATIENT_MONITORED, 0.9, (True, True, True)))
    assert (r.decision, r.next_level) == ("step_up", L.INPATIENT_MANAGED)
    assert "most_intensive_level" not in {f.code for f in r.flags}


def test_step_down_from_outpatient_reads_as_continuing_care_not_early_intervention():
    """The level code stays 0.5 (no 3rd-edition code for it); the words say what it is."""
    r = review(EpisodeHistory(L.OP, 0.9, (False,) * 3, improving_phq9()))
    assert (r.decision, r.next_level, r.taper) == ("step_down", L.EARLY_INTERVENTION, ())
    assert r.next_step.startswith("Continuing care / recovery monitoring")
    (flag,) = [f for f in r.flags if f.code == "continuing_care"]
    assert flag.severity == "info" and "not early intervention" in flag.message
    assert "iopkit" in flag.source.split("; ") and "asam2023" in flag.source and "1.0" in flag.message
    assert "continuing_care" in codes(r.reasons)


def test_step_down_findings_at_level_0_5_do_not_step_down_to_the_same_level():
    r = review(EpisodeHistory(L.EARLY_INTERVENTION, 0.9, (False,) * 3, improving_phq9()))
    assert (r.decision, r.next_level) == ("continue", L.EARLY_INTERVENTION)
    assert codes(r.reasons)[0] == "least_intensive_level"


@settings(max_examples=100, deadline=None)
@given(
    level=st.sampled_from([lv for lv in L if not lv.is_withdrawal_management]),
    screens=st.lists(st.booleans(), max_size=4),
    totals=st.lists(st.integers(0, 27), max_size=3),
    attendance=st.one_of(st.none(), st.floats(0, 1)),
)
def test_a_step_always_changes_the_level_in_its_direction(level, screens, totals, attendance):
    scores = tuple((week * 2, phq9_total(total)) for week, total in enumerate(totals))
    r = review(EpisodeHistory(level, attendance, tuple(screens), scores))
    direction = {"step_up": 1, "step_down": -1, "continue": 0}[r.decision]
    assert (r.next_level.rank > level.rank, r.next_level.rank < level.rank) == (direction == 1, direction == -1)
    assert r.next_step and r.reasons and set(r.reasons) <= set(r.findings)
