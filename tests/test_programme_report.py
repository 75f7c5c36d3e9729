"""The programme report on a small hand-made programme: every number below was counted by hand.

Range 1 Jan - 31 Mar 2026 (90 days).  Five patients:

* P1: Level 2.1 morning, 5 Jan - 13 Feb, then placed in continuing care (0.5): a step-down and a discharge.
* P2: Level 2.5 morning 12-25 Jan, stepped down to 2.1 morning from 26 Jan, still in treatment.
* P3: Level 2.1 evening 8 Dec 2025 - 9 Jan, then placed in residential care (3.5): a step-up and a discharge.
* P4: Level 1 evening 2 Feb - 10 Mar, no later placement (stopped coming): a discharge.
* P5: Level 2.1 evening from 6 Apr (after the range).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from iopkit.errors import IopkitError
from iopkit.report import ProgrammeData, programme_report, wilson_interval
from iopkit.report.data import ReportInputError

from .conftest import mode_of

NaN = float("nan")


def stays():
    rows = [
        (1, 1, "2.1", "morning", "2026-01-05", "2026-02-13", "0.5"),
        (2, 1, "2.5", "morning", "2026-01-12", "2026-01-25", "2.1"),
        (2, 1, "2.1", "morning", "2026-01-26", None, None),
        (3, 1, "2.1", "evening", "2025-12-08", "2026-01-09", "3.5"),
        (4, 1, "1", "evening", "2026-02-02", "2026-03-10", None),
        (5, 1, "2.1", "evening", "2026-04-06", None, None),
    ]
    return pd.DataFrame(rows, columns=["patient", "episode", "level", "track", "start", "end", "next_level"])


def attendance():
    rows = []
    week = {
        "2026-01-05": [3, 3, 3],
        "2026-01-12": [3, 0, 3],
        "2026-01-19": [3, 3, 3],  # P1, Mon/Wed/Fri 3 h
        "2026-02-02": [3, 3, 1.5],
        "2026-02-09": [3, 3, 3],
    }
    for monday, hours in week.items():
        for offset, h in zip((0, 2, 4), hours):
            rows.append((1, pd.Timestamp(monday) + pd.Timedelta(days=offset), 3.0, h))
    rows.append((1, pd.Timestamp("2026-02-16"), 3.0, 3.0))  # after discharge: outside every stay
    for monday, hours in {"2026-01-12": [4] * 5, "2026-01-19": [4, 4, 4, 4, 0]}.items():  # P2 at 2.5
        for offset, h in enumerate(hours):
            rows.append((2, pd.Timestamp(monday) + pd.Timedelta(days=offset), 4.0, h))
    return pd.DataFrame(rows, columns=["patient", "date", "planned_hours", "hours"])


def measures():
    rows = [
        (1, "2026-01-03", "phq9", 16),
        (1, "2026-01-30", "phq9", 7),
        (1, "2026-02-12", "phq9", 4),
        (2, "2026-01-19", "phq9", 12),
        (2, "2026-02-25", "phq9", 7),
        (4, "2026-02-20", "phq9", 9),
        (4, "2026-02-02", "gad7", 12),
        (4, "2026-02-25", "gad7", 3),
    ]
    return pd.DataFrame(rows, columns=["patient", "date", "instrument", "total"])


def screens():
    rows = [
        (1, "2026-01-07", True),
        (1, "2026-01-14", False),
        (1, "2026-01-21", True),
        (2, "2026-01-13", True),
        (2, "2026-02-03", False),
        (4, "2026-02-10", False),
        (1, "2026-02-20", True),
        (5, "2025-12-20", True),
    ]
    return pd.DataFrame(rows, columns=["patient", "date", "positive"])


def flags():
    rows = [
        (1, "2026-01-14", "suicidal_ideation", "critical", "2026-01-14"),
        (2, "2026-02-10", "suicidal_ideation", "critical", "2026-02-13"),
        (4, "2026-02-20", "suicidal_ideation", "critical", None),
        (2, "2026-03-30", "suicide_risk_high", "critical", "2026-04-02"),  # resolved after the range
        (4, "2026-02-21", "cms_week_below_iop_minimum", "warning", None),
    ]  # not a safety flag
    return pd.DataFrame(rows, columns=["patient", "date", "code", "severity", "resolved"])


@pytest.fixture(scope="module")
def data():
    return ProgrammeData.from_frames(stays(), attendance(), measures(), screens(), flags())


@pytest.fixture(scope="module")
def report(data):
    return programme_report(data, "2026-01-01", "2026-03-31")


def row(table, level, track, **keys):
    hit = table[(table["level"] == level) & (table["track"] == track)]
    for key, value in keys.items():
        hit = hit[hit[key] == value]
    assert len(hit) == 1, (level, track, keys)
    return hit.iloc[0]


def test_wilson_interval_matches_newcombe_1998_published_examples():
    # Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven methods.
    # Stat Med 1998;17:857-872, Table I (method 3, score interval without continuity correction).
    low, high = wilson_interval([81, 15, 0, 1], [263, 148, 20, 29])
    assert np.round(low, 4).tolist() == [0.2553, 0.0624, 0.0, 0.0061]
    assert np.round(high, 4).tolist() == [0.3662, 0.1605, 0.1611, 0.1718]


def test_census_counts_patients_on_the_first_and_last_day_admissions_and_discharges(report):
    census = report.tables["census"]
    assert row(census, "2.1", "evening")[["census_start", "census_end", "admissions", "discharges"]].tolist() == [
        1,
        0,
        0,
        1,
    ]
    assert row(census, "2.1", "morning")[["census_start", "census_end", "admissions", "discharges"]].tolist() == [
        0,
        1,
        1,
        1,
    ]
    assert row(census, "2.5", "morning")[["admissions", "discharges"]].tolist() == [1, 0]
    assert row(census, "1", "evening")[["admissions", "discharges"]].tolist() == [1, 1]
    everyone = row(census, "all", "all")
    assert everyone[["census_start", "census_end", "admissions", "discharges", "patients_served"]].tolist() == [
        1,
        1,
        3,
        3,
        4,
    ]
    # patient-days: P1 40, P2 14 + 65, P3 9, P4 37 = 165 over 90 days
    assert everyone["average_daily_census"] == pytest.approx(165 / 90)
    assert row(census, "2.1", "morning")["average_daily_census"] == pytest.approx(105 / 90)
    assert row(census, "2.1", "all")["patients_served"] == 3
    assert "5" not in census["level"].tolist() and len(census[census["level"] == "2.1"]) == 3


def test_step_down_and_step_up_rates_count_level_changes_in_the_range(report):
    changes = report.tables["level_changes"]
    assert row(changes, "2.5", "morning")[["stays", "step_downs", "step_ups"]].tolist() == [1, 1, 0]
    assert row(changes, "2.1", "evening")[["stays", "step_downs", "step_ups"]].tolist() == [1, 0, 1]
    assert row(changes, "1", "evening")[["stays", "step_downs", "step_ups"]].tolist() == [1, 0, 0]
    everyone = row(changes, "all", "all")
    assert everyone[["stays", "step_downs", "step_ups"]].tolist() == [5, 2, 1]
    assert everyone["step_down_rate"] == pytest.approx(0.4)
    # Wilson 95 % interval of 2/5, by hand: centre 0.78415/1.76829, half-width 0.57616/1.76829
    assert (round(everyone["step_down_rate_low"], 4), round(everyone["step_down_rate_high"], 4)) == (0.1176, 0.7693)


def test_length_of_stay_counts_days_from_admission_to_discharge(report):
    los = report.tables["length_of_stay"]
    assert row(los, "2.1", "morning")[["discharged", "median_days"]].tolist() == [1, 39]  # 5 Jan - 13 Feb
    assert row(los, "2.1", "evening")["median_days"] == 32  # 8 Dec - 9 Jan
    assert row(los, "2.1", "all")["mean_days"] == pytest.approx(35.5)
    everyone = row(los, "all", "all")
    assert everyone[["discharged", "median_days"]].tolist() == [3, 36]
    assert everyone["mean_days"] == pytest.approx((39 + 32 + 36) / 3)


def test_retention_is_blank_when_no_episode_was_followed_90_days(report):
    everyone = row(report.tables["retention"], "all", "all")
    assert everyone[["admitted", "ended"]].tolist() == [3, 2]  # P2 followed only 78 days
    assert math.isnan(everyone["retained_90d"])


def test_retention_90_days_is_kaplan_meier_by_hand_and_by_scipy(data):
    report = programme_report(data, "2026-01-01", "2026-06-30")
    everyone = row(report.tables["retention"], "all", "all")
    # episodes admitted in the range: P1 ended at 39 d, P4 at 36 d, P2 followed 169 d and P5 85 d (censored)
    # S(36) = 3/4, S(39) = 3/4 * 2/3 = 1/2, no event after 39 d: S(90) = 0.5
    assert everyone[["admitted", "ended"]].tolist() == [4, 2]
    assert everyone["retained_90d"] == pytest.approx(0.5)
    from scipy import stats

    sample = stats.CensoredData(uncensored=[39, 36], right=[169, 85])
    sf = stats.ecdf(sample).sf
    assert everyone["retained_90d"] == pytest.approx(float(sf.evaluate(90)))
    ci = sf.confidence_interval(0.95, method="log-log")
    assert everyone["retained_90d_low"] == pytest.approx(float(ci.low.evaluate(90)))
    assert everyone["retained_90d_high"] == pytest.approx(float(ci.high.evaluate(90)))


def test_retention_is_compared_between_admission_levels_with_observed_and_expected_by_hand(report):
    """Admitted in the range: P1 (2.1, ended day 39), P2 (2.5, censored day 78), P4 (1, ended day 36).

    Day 36: 3 at risk, 1 ends (P4): expected 1/3 at each level.  Day 39: 2 at risk (P1, P2), 1 ends:
    expected 1/2 at 2.1 and at 2.5.  Expected: Level 1 1/3, 2.1 5/6, 2.5 5/6.
    """
    table = report.tables["retention_comparison"].set_index("level")
    assert table.index.tolist() == ["1", "2.1", "2.5", "all"]
    assert table["admitted"].tolist() == [1, 1, 1, 3] and table["ended"].tolist() == [1, 1, 0, 2]
    np.testing.assert_allclose(table["expected_ended"], [1 / 3, 5 / 6, 5 / 6, 2.0])
    assert table.loc["all", "df"] == 2 and table.loc[["1", "2.1", "2.5"], "chi_square"].isna().all()
    assert report.retention_comparison.startswith("Log-rank test of retention between the admission levels 1, 2.1")
    assert "Mantel" in report.definitions["retention_comparison"]
    assert "not evidence that one level" in report.definitions["retention_comparison"]


def test_retention_is_not_compared_when_fewer_than_two_levels_have_an_ended_episode(data):
    january = programme_report(data, "2026-01-01", "2026-01-31")  # P1 and P2 admitted, neither ended by 31 Jan
    table = january.tables["retention_comparison"]
    assert table["ended"].tolist() == [0, 0, 0]
    assert table[["expected_ended", "chi_square", "df", "p_value"]].isna().all(axis=None)
    assert "fewer than two admission levels" in january.retention_comparison
    assert january.retention_comparison in january.to_html()
    one = programme_report(data, "2026-01-01", "2026-02-28")  # only P1 (Level 2.1) ended
    assert "(only Level 2.1)" in one.retention_comparison
    assert one.tables["retention_comparison"]["p_value"].isna().all()


def test_retention_comparison_equals_statsmodels_survdiff_on_the_demo_programme():
    """The independent oracle: statsmodels' survdiff on the episodes the retention table counts."""
    from statsmodels.duration.survfunc import _survdiff, survdiff

    from iopkit.datasets.programme import demo_programme
    from iopkit.report import programme_data

    data = programme_data(demo_programme())
    first, last = pd.Timestamp("2025-11-02"), pd.Timestamp("2026-11-01")
    report = programme_report(data, first, last)
    e = _episodes_by_hand(data.stays)
    e = e[(e["admitted"] >= first) & (e["admitted"] <= last)]
    ended = (e["discharged"].notna() & (e["discharged"] <= last)).to_numpy()
    days = (e["discharged"].where(ended, last) - e["admitted"]).dt.days.to_numpy(float)
    levels = e["level"].to_numpy(str)
    chi2, p = survdiff(days, ended.astype(float), levels)
    table = report.tables["retention_comparison"].set_index("level")
    assert table.loc["all", "chi_square"] == pytest.approx(chi2, rel=1e-9)
    assert table.loc["all", "p_value"] == pytest.approx(p, rel=1e-9)
    assert table.loc["all", "df"] == len(set(levels)) - 1 == 2
    groups = sorted(set(levels))
    observed = pd.Series(ended, index=levels).groupby(level=0).sum()
    o_minus_e, _ = _survdiff(days, ended.astype(float), levels, None, np.array(groups))  # all groups but the first
    assert table.loc[groups, "ended"].tolist() == observed.loc[groups].tolist()
    np.testing.assert_allclose(table.loc[groups[1:], "expected_ended"], observed.loc[groups[1:]] - o_minus_e, rtol=1e-9)
    assert table.loc[groups, "expected_ended"].sum() == pytest.approx(ended.sum())
    assert table.loc[groups, "admitted"].tolist() == (
        report.tables["retention"].query("track == 'all'").set_index("level").loc[groups, "admitted"].tolist()
    )
    assert f"chi-square {chi2:.2f} on 2 df, p = {p:.3f}" in report.retention_comparison


def _episodes_by_hand(stays):
    """Each episode from its first and last *row* (never pandas' first/last filled value), as the reviewer did:
    discharged on the last stay's end when that stay ended without a placement at 1, 2.1 or 2.5."""
    keys = ["patient", "episode"]
    first = stays.groupby(keys, sort=False).head(1).set_index(keys)
    last = stays.groupby(keys, sort=False).tail(1).set_index(keys).reindex(first.index)
    ended = last["end"].notna() & ~last["next_level"].isin(["1", "2.1", "2.5"])
    return pd.DataFrame(
        {"level": first["level"], "admitted": first["start"], "discharged": last["end"].where(ended)}
    ).reset_index()


def stepped_down_then_left():
    """Researcher review F1: P1 at IOP (2.1) 5 Jan-1 Feb 2026, stepped down to OP (1) 2 Feb-15 Mar, then left (no
    further placement); P2 at IOP 5 Jan-15 Mar, then left.  Both episodes ended on 15 Mar 2026."""
    return pd.DataFrame(
        {
            "patient": [1, 1, 2],
            "episode": [1, 1, 1],
            "level": ["2.1", "1", "2.1"],
            "track": ["morning"] * 3,
            "start": ["2026-01-05", "2026-02-02", "2026-01-05"],
            "end": ["2026-02-01", "2026-03-15", "2026-03-15"],
        }
    )


def test_an_episode_that_steps_down_and_then_ends_is_discharged_in_every_table():
    """Researcher review F1: census 2 discharges, so length of stay and retention count 2 discharged/ended."""
    measures = pd.DataFrame(
        {
            "patient": [1, 1, 1],
            "date": ["2026-01-05", "2026-02-02", "2026-04-01"],  # the last one after P1 left on 15 Mar
            "instrument": "phq9",
            "total": [18, 12, 3],
        }
    )
    data = ProgrammeData.from_frames(stepped_down_then_left(), measures=measures)
    tables = programme_report(data, "2026-01-01", "2026-06-30").tables
    assert row(tables["census"], "all", "all")["discharges"] == 2
    los = row(tables["length_of_stay"], "all", "all")
    assert los["discharged"] == 2
    assert los["median_days"] == 69  # 5 Jan to 15 Mar 2026, both episodes
    assert row(tables["retention"], "all", "all")[["admitted", "ended"]].tolist() == [2, 2]
    # the episode's last measure is the 12 of 2 Feb (18 -> 12: no response, no remission), not the 3 of 1 April
    outcome = row(tables["outcomes"], "all", "all", instrument="phq9")
    assert outcome[["with_follow_up", "responded", "remitted"]].tolist() == [1, 0, 0]


def test_an_episode_whose_last_stay_is_open_is_in_treatment_whatever_an_earlier_stay_says():
    """The last stay has no end: the episode is still in treatment (not discharged on the earlier stay's end)."""
    stays = stepped_down_then_left().assign(end=["2026-02-01", None, "2026-03-15"])
    tables = programme_report(ProgrammeData.from_frames(stays), "2026-01-01", "2026-06-30").tables
    assert row(tables["census"], "all", "all")[["discharges", "census_end"]].tolist() == [1, 1]
    assert row(tables["length_of_stay"], "all", "all")["discharged"] == 1
    assert row(tables["retention"], "all", "all")[["admitted", "ended"]].tolist() == [2, 1]


def test_demo_programme_counts_the_same_discharges_in_census_length_of_stay_and_retention():
    """Researcher review F1 on the shipped demo programme, whole year: census 213 discharges; length of stay and
    retention count the same 213 (they counted 196), and 90-day retention is statsmodels' SurvfuncRight on the
    episodes built by hand (0.243, not 0.280); median length of stay of the discharged 70 days (not 66.5)."""
    import statsmodels.api as sm

    from iopkit.datasets.programme import programme_table

    data = ProgrammeData.from_frames(programme_table("stays"))
    first, last = data.stays["start"].min(), pd.Timestamp(data.latest_day())
    tables = programme_report(data, first, last).tables
    assert row(tables["census"], "all", "all")["discharges"] == 213
    assert row(tables["length_of_stay"], "all", "all")["discharged"] == 213
    everyone = row(tables["retention"], "all", "all")
    assert everyone[["admitted", "ended"]].tolist() == [240, 213]
    e = _episodes_by_hand(data.stays)
    ended = e["discharged"].notna() & (e["discharged"] <= last)
    days = (e["discharged"].where(ended, last) - e["admitted"]).dt.days.to_numpy(float)
    sf = sm.SurvfuncRight(days, ended.to_numpy(int))
    expected = float(sf.surv_prob[np.searchsorted(sf.surv_times, 90, side="right") - 1])
    assert everyone["retained_90d"] == pytest.approx(expected, rel=1e-12)
    assert round(everyone["retained_90d"], 3) == 0.243
    assert row(tables["length_of_stay"], "all", "all")["median_days"] == 70


def test_dose_judges_every_complete_week_at_the_level_against_medicares_minimum(report):
    dose = report.tables["dose"]
    iop = row(dose, "2.1", "morning")
    # P1: 5 complete weeks (9, 6, 9, no session 0, 7.5 h); P2 at 2.1: 9 complete weeks without sessions
    assert iop[["patient_weeks", "weeks_judged", "weeks_meeting_minimum"]].tolist() == [14, 14, 2]
    assert iop[["planned_hours", "delivered_hours", "minimum_hours"]].tolist() == [36.0, 31.5, 9.0]
    php = row(dose, "2.5", "morning")
    assert php[["patient_weeks", "planned_hours", "delivered_hours", "weeks_meeting_minimum"]].tolist() == [
        2,
        40.0,
        36.0,
        1,
    ]
    assert php["minimum_hours"] == 20.0
    op = row(dose, "1", "evening")
    assert op[["patient_weeks", "weeks_judged"]].tolist() == [5, 0] and math.isnan(op["share_meeting_minimum"])
    everyone = row(dose, "all", "all")
    assert everyone[["patient_weeks", "weeks_judged", "weeks_meeting_minimum"]].tolist() == [21, 16, 3]
    assert everyone["share_meeting_minimum"] == pytest.approx(3 / 16)


def test_measurement_based_care_baseline_and_follow_up_on_schedule(report):
    m = report.tables["measurement"]
    phq = row(m, "all", "all", instrument="phq9")
    assert phq[["admissions", "with_baseline", "follow_up_due", "follow_up_on_schedule"]].tolist() == [3, 2, 2, 1]
    assert row(m, "2.5", "morning", instrument="phq9")[["with_baseline", "follow_up_on_schedule"]].tolist() == [
        1,
        0,
    ]  # P2's follow-up came 37 days after the baseline
    assert row(m, "1", "evening", instrument="phq9")["with_baseline"] == 0  # P4's PHQ-9 came 18 days in
    gad = row(m, "all", "all", instrument="gad7")
    assert gad[["admissions", "with_baseline", "follow_up_due", "follow_up_on_schedule"]].tolist() == [3, 1, 1, 1]
    assert phq["baseline_rate"] == pytest.approx(2 / 3)


def test_response_and_remission_use_progress_criteria_among_eligible(report):
    o = report.tables["outcomes"]
    phq = row(o, "all", "all", instrument="phq9")
    # P1 16 -> 4: response and remission; P2 12 -> 7: a 42 % drop, neither
    assert phq[["with_follow_up", "response_eligible", "responded", "remission_eligible", "remitted"]].tolist() == [
        2,
        2,
        1,
        2,
        1,
    ]
    gad = row(o, "all", "all", instrument="gad7")  # P4 12 -> 3 (a baseline in the clinical range, GAD-7 10 or more)
    assert gad[["with_follow_up", "response_eligible", "responded", "remission_eligible", "remitted"]].tolist() == [
        1,
        1,
        1,
        1,
        1,
    ]


def test_drug_screen_positivity_counts_screens_during_a_stay(report):
    s = report.tables["drug_screens"]
    assert row(s, "2.1", "morning")[["screens", "positive"]].tolist() == [4, 2]
    assert row(s, "2.5", "morning")[["screens", "positive"]].tolist() == [1, 1]
    everyone = row(s, "all", "all")
    assert everyone[["screens", "positive", "patients_screened"]].tolist() == [6, 3, 3]
    assert everyone["positivity"] == pytest.approx(0.5)


def test_safety_flags_raised_first_closed_and_open_with_their_age(report):
    f = report.tables["safety_flags"]
    # P1 14 Jan first closed the same day (0 d), P2 10 Feb closed 13 Feb (3 d), P2 30 Mar closed 2 Apr: open
    # on 31 Mar, 1 day old
    assert row(f, "2.1", "morning")[
        [
            "flags_raised",
            "first_closed",
            "median_days_to_first_closing",
            "first_closed_within_1_day",
            "closed_at_end",
            "open_never_closed_at_end",
            "open_again_at_end",
            "open_median_age_days",
            "open_oldest_age_days",
        ]
    ].tolist() == [3, 2, 1.5, 1, 2, 1, 0, 1, 1]
    # P4 20 Feb, never closed: 39 days old on 31 Mar (8 days of February, 31 of March)
    assert row(f, "1", "evening")[
        ["flags_raised", "first_closed", "open_never_closed_at_end", "open_oldest_age_days"]
    ].tolist() == [1, 0, 1, 39]
    assert math.isnan(row(f, "1", "evening")["median_days_to_first_closing"])
    everyone = row(f, "all", "all")
    assert everyone[["flags_raised", "patients_flagged", "first_closed", "open_never_closed_at_end"]].tolist() == [
        4,
        3,
        2,
        2,
    ]
    assert everyone[["open_median_age_days", "open_oldest_age_days"]].tolist() == [20, 39]
    assert everyone["share_first_closed_within_1_day"] == pytest.approx(1 / 4)


SAFETY = [
    "flags_raised",
    "first_closed",
    "median_days_to_first_closing",
    "open_never_closed_at_end",
    "open_again_at_end",
    "open_oldest_age_days",
    "reopened_by_correction",
    "reclosed",
    "median_days_reopening_to_reclosing",
]
STATUS = ["carried_in", "closed_at_end", "open_never_closed_at_end", "open_again_at_end", "withdrawn_by_correction"]
LATE = ["flags_raised", "raised_by_late_correction", "median_days_late", "longest_days_late"]


def _safety(data, end, start="2026-01-01", columns=SAFETY):
    """The programme's row of the safety table (None for an empty cell; no row when no flag was followed)."""
    table = programme_report(data, start, end).tables["safety_flags"]
    if table.empty:
        return None
    return [None if pd.isna(v) else v for v in row(table, "all", "all")[columns].tolist()]


def test_a_flags_table_without_the_correction_columns_reads_as_no_correction(data):
    assert data.flags[["raised_by_correction", "reopened", "reclosed", "withdrawn"]].isna().all(axis=None)
    assert str(data.flags["reopened"].dtype) == "datetime64[ns]"
    # the four flags of 1 Jan - 31 Mar as counted above, none reopened
    assert _safety(data, "2026-03-31") == [4, 2, 1.5, 2, 0, 39.0, 0, 0, None]


def _one(**days):
    """P2's flag of 2 Mar 2026 (during the 2.1 morning stay from 26 Jan, still open), with the days given."""
    row = {"patient": 2, "date": "2026-03-02", "code": "suicidal_ideation", "severity": "critical", "resolved": None}
    return ProgrammeData.from_frames(stays(), flags=pd.DataFrame([row | days]))


def test_a_reopened_flag_keeps_its_first_closing_and_is_open_from_the_correction_to_its_re_closing():
    # P1's flag of 14 Jan (during the 2.1 morning stay), closed the same day; a correction raising its finding
    # saved 10 Mar reopened it; closed again on the corrected record 20 Mar
    reopened = pd.DataFrame(
        [(1, "2026-01-14", "suicidal_ideation", "critical", "2026-01-14", "2026-03-10", "2026-03-20")],
        columns=["patient", "date", "code", "severity", "resolved", "reopened", "reclosed"],
    )
    data = ProgrammeData.from_frames(stays(), flags=reopened)
    assert _safety(data, "2026-02-28") == [1, 1, 0.0, 0, 0, None, 0, 0, None]  # before the correction: as it was
    assert _safety(data, "2026-03-15") == [1, 1, 0.0, 0, 1, 5.0, 1, 0, None]  # open again 5 days since the correction
    assert _safety(data, "2026-03-31") == [1, 1, 0.0, 0, 0, None, 1, 1, 10.0]  # re-closed 10 days after it
    still = ProgrammeData.from_frames(stays(), flags=reopened.assign(reclosed=None))
    assert _safety(still, "2026-03-31") == [1, 1, 0.0, 0, 1, 21.0, 1, 0, None]  # 10 -> 31 Mar


def test_a_flag_reopened_again_after_its_re_closing_counts_each_reopening_on_its_own_day():
    # as above (reopened 10 Mar, closed again 20 Mar), then reopened by a later correction saved 1 Apr, closed again
    # 5 Apr: the second reopening a row of reopenings naming the flag's row (0)
    reopened = pd.DataFrame(
        [(1, "2026-01-14", "suicidal_ideation", "critical", "2026-01-14", "2026-03-10", "2026-03-20")],
        columns=["patient", "date", "code", "severity", "resolved", "reopened", "reclosed"],
    )
    later = pd.DataFrame({"flag": [0], "reopened": ["2026-04-01"], "reclosed": ["2026-04-05"]})
    data = ProgrammeData.from_frames(stays(), flags=reopened, reopenings=later)
    assert _safety(data, "2026-03-31") == [1, 1, 0.0, 0, 0, None, 1, 1, 10.0]  # March as before the second
    assert _safety(data, "2026-03-31", "2026-03-25") is None  # closed again 25-31 Mar: nothing to follow
    # 1-3 Apr: carried in, reopened 1 Apr, open again 2 days on 3 Apr (not 24 days since 10 Mar)
    assert _safety(data, "2026-04-03", "2026-04-01") == [0, 0, None, 0, 1, 2.0, 1, 0, None]
    assert _safety(data, "2026-04-03", "2026-04-01", STATUS) == [1, 0, 0, 1, 0]
    # March-April: two reopenings, both closed again (10 and 4 days: median 7), closed at the end
    assert _safety(data, "2026-04-30", "2026-03-01") == [0, 0, None, 0, 0, None, 2, 2, 7.0]
    assert _safety(data, "2026-04-30", "2026-03-01", STATUS) == [1, 1, 0, 0, 0]


def test_a_flag_reopened_in_a_later_range_counts_there_by_the_day_of_the_reopening():
    # the reviewer's case: raised 2 Mar, closed 2 Mar, reopened by a correction saved 2 Dec
    data = _one(resolved="2026-03-02", reopened="2026-12-02")
    december = _safety(data, "2026-12-31", "2026-12-01")
    # nothing raised in December; reopened there, open again on 31 Dec, 29 days after 2 Dec
    assert december == [0, 0, None, 0, 1, 29.0, 1, 0, None]
    # carried in (raised before December, reopened in it), and open again at the end: nowhere else
    assert _safety(data, "2026-12-31", "2026-12-01", STATUS) == [1, 0, 0, 1, 0]
    assert _safety(data, "2026-11-30", "2026-11-01") is None  # closed all November: nothing to follow
    # re-closed 9 Dec: January reads nothing; December reads it reopened and re-closed 7 days after, closed at the end
    closed = _one(resolved="2026-03-02", reopened="2026-12-02", reclosed="2026-12-09")
    assert _safety(closed, "2026-12-31", "2026-12-01") == [0, 0, None, 0, 0, None, 1, 1, 7.0]
    assert _safety(closed, "2026-12-31", "2026-12-01", STATUS) == [1, 1, 0, 0, 0]
    assert _safety(closed, "2027-01-31", "2027-01-01") is None


def test_a_flag_open_when_the_range_began_counts_as_open_at_its_end_whatever_day_it_was_raised():
    data = _one()  # raised 2 Mar, never closed
    # April: nothing raised in April, carried in from March, open never closed on 30 Apr, 59 days old (29 + 30)
    assert _safety(data, "2026-04-30", "2026-04-01") == [0, 0, None, 1, 0, 59.0, 0, 0, None]
    assert _safety(data, "2026-04-30", "2026-04-01", STATUS) == [1, 0, 1, 0, 0]


def test_a_flag_a_correction_raised_for_the_first_time_counts_from_the_day_it_was_saved():
    # PHQ-9 of 2 Mar saved with item 9 = 0 (no flag); corrected to 1 on 2 Dec: the flag first existed on 2 Dec
    data = _one(raised_by_correction="2026-12-02")
    assert data.flags["date"].tolist() == [pd.Timestamp("2026-03-02")]  # the clinical date stays
    assert _safety(data, "2026-03-31", "2026-03-01") is None  # March re-run: no flag existed in March
    # 2 Mar - 3 Dec: raised 1, open 1 day (2 -> 3 Dec); raised by a late correction 275 days after the questionnaire
    # (2 Mar -> 2 Dec by month: 31 + 30 + 31 + 30 + 31 + 31 + 30 + 31 + 30 = 275)
    assert _safety(data, "2026-12-03", "2026-03-01") == [1, 0, None, 1, 0, 1.0, 0, 0, None]
    assert _safety(data, "2026-12-03", "2026-03-01", LATE) == [1, 1, 275.0, 275.0]
    closed = _one(raised_by_correction="2026-12-02", resolved="2026-12-02")  # closed the day it appeared
    assert _safety(closed, "2026-12-31", "2026-12-01") == [1, 1, 0.0, 0, 0, None, 0, 0, None]  # 0 days, not 275
    assert _safety(closed, "2026-12-31", "2026-12-01", ["share_first_closed_within_1_day"]) == [1.0]


def test_a_flag_a_correction_withdrew_counts_with_its_closing_before_the_correction_and_never_after():
    # PHQ-9 item 9 = 1 on 2 Mar, closed 2 Mar; corrected to 0 (a keying error) on 2 Dec: withdrawn on 2 Dec
    data = _one(resolved="2026-03-02", withdrawn="2026-12-02")
    assert _safety(data, "2026-03-31", "2026-03-01") == [1, 1, 0.0, 0, 0, None, 0, 0, None]  # March as it was
    assert _safety(data, "2026-03-31", "2026-03-01", STATUS) == [0, 1, 0, 0, 0]
    # December: withdrawn in it (carried in), neither closed nor open at the end
    assert _safety(data, "2026-12-31", "2026-12-01", STATUS) == [1, 0, 0, 0, 1]
    assert _safety(data, "2027-01-31", "2027-01-01") is None  # after the correction: out of every count
    # open when withdrawn: March reads it open (29 days on 31 Mar), December withdrawn, never open at its end
    still = _one(withdrawn="2026-12-02")
    assert _safety(still, "2026-03-31", "2026-03-01") == [1, 0, None, 1, 0, 29.0, 0, 0, None]
    assert _safety(still, "2026-12-31", "2026-12-01", STATUS) == [1, 0, 0, 0, 1]


AGAIN = ["flags_raised", "raised_by_late_correction", "first_closed", "first_closed_within_1_day"]
AGAIN += ["reopened_by_correction", "withdrawn_by_correction", "raised_again_by_correction", "carried_in"]
AGAIN += ["closed_at_end", "open_again_at_end", "open_oldest_age_days"]


def test_a_withdrawn_flag_a_later_correction_raises_again_is_the_same_flag_back_never_a_new_first_closing():
    # the reviewers' case: item 9 = 1 on 2 Mar, closed 2 Mar; corrected to 0 saved 1 Jun (withdrawn); corrected to 1
    # saved 2 Dec: the March risk assessment still answers item 9 = 1, the flag is back closed
    back = _one(resolved="2026-03-02", withdrawn="2026-06-01", raised_again="2026-12-02")
    # December: nothing raised, nothing late, no first closing (not 1 after 0 days), raised again 1, closed at its end
    assert _safety(back, "2026-12-31", "2026-12-01", AGAIN) == [0, 0, 0, 0, 0, 0, 1, 1, 1, 0, None]
    # June as it was before 2 Dec: withdrawn 1; July-November: nothing to follow
    assert _safety(back, "2026-06-30", "2026-06-01", AGAIN) == [0, 0, 0, 0, 0, 1, 0, 1, 0, 0, None]
    assert _safety(back, "2026-11-30", "2026-07-01") is None
    # corrected to 2 on 2 Dec: more serious than what the March assessment answered, open again from 2 Dec as after a
    # reopening (reopened 1, the same day), 29 days on 31 Dec; still no first closing in December
    serious = _one(resolved="2026-03-02", withdrawn="2026-06-01", reopened="2026-12-02", raised_again="2026-12-02")
    assert _safety(serious, "2026-12-31", "2026-12-01", AGAIN) == [0, 0, 0, 0, 1, 0, 1, 1, 0, 1, 29.0]
    # March - December: the one flag raised on 2 Mar, first closed after 0 days, once
    assert _safety(serious, "2026-12-31", "2026-03-01", AGAIN) == [1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 29.0]


def test_a_flag_a_correction_raised_the_same_clinic_day_is_an_ordinary_flag_of_that_day_not_a_late_one():
    # item 9 keyed 0 on 2 Mar, fixed to 1 and saved the same day: raised 2 Mar, 0 days late is not late
    same = _one(raised_by_correction="2026-03-02")
    assert _safety(same, "2026-03-31", "2026-03-01", LATE) == [1, 0, None, None]
    assert _safety(same, "2026-03-31", "2026-03-01") == [1, 0, None, 1, 0, 29.0, 0, 0, None]  # open 2 -> 31 Mar
    # saved the next clinic day: 1 day late
    assert _safety(_one(raised_by_correction="2026-03-03"), "2026-03-31", "2026-03-01", LATE) == [1, 1, 1.0, 1.0]


def test_every_flag_followed_is_in_exactly_one_status_at_the_end_of_the_range():
    many = pd.DataFrame(
        [
            (1, "2026-01-14", "suicidal_ideation", "critical", "2026-01-14", None, None, None, None),
            (2, "2026-02-10", "suicidal_ideation", "critical", "2026-02-13", None, "2026-03-05", None, None),
            (2, "2026-02-11", "suicidal_ideation", "critical", "2026-02-11", None, "2026-03-05", "2026-03-06", None),
            (2, "2026-02-12", "suicidal_ideation", "critical", None, "2026-03-02", None, None, None),
            (2, "2026-02-16", "suicidal_ideation", "critical", "2026-02-16", None, None, None, "2026-03-20"),
            (4, "2026-02-20", "suicidal_ideation", "critical", None, None, None, None, None),
        ],
        columns=["patient", "date", "code", "severity", "resolved", "raised_by_correction", "reopened", "reclosed"]
        + ["withdrawn"],
    )
    data = ProgrammeData.from_frames(stays(), flags=many)
    # 1 Feb - 31 Mar: raised P2 10, 11, 16 Feb and P4 20 Feb, and P2's flag of 12 Feb on 2 Mar (a late correction);
    # P1's of 14 Jan closed before February: not followed.  At the end: closed the 11 Feb one (re-closed); open never
    # closed P2 12 Feb and P4; open again the 10 Feb one; withdrawn the 16 Feb one
    assert _safety(data, "2026-03-31", "2026-02-01", ["flags_raised", *STATUS]) == [5, 0, 1, 2, 1, 1]
    assert _safety(data, "2026-03-31", "2026-02-01", ["first_closed", "reopened_by_correction"]) == [3, 2]
    # the first closings (13 Feb, 11 Feb, 16 Feb) are counted once, never beside the same flag open again
    assert _safety(data, "2026-03-31", "2026-02-01", LATE) == [5, 1, 18.0, 18.0]  # 12 Feb -> 2 Mar


def test_every_rate_has_a_wilson_interval_around_it(report):
    for name, table in report.tables.items():
        for col in [c for c in table.columns if f"{c}_low" in table.columns]:
            ok = table[col].notna()
            assert (table.loc[ok, f"{col}_low"] <= table.loc[ok, col] + 1e-12).all(), (name, col)
            assert (table.loc[ok, col] <= table.loc[ok, f"{col}_high"] + 1e-12).all(), (name, col)


def test_report_is_frozen_and_tables_are_copies(report):
    census = report.tables["census"]
    census.loc[0, "admissions"] = 999
    assert report.tables["census"].loc[0, "admissions"] != 999
    with pytest.raises(AttributeError):
        report.start = None


def test_csv_per_table_reads_back_the_same_numbers_and_is_owner_only(report, tmp_path, permissive_umask):
    paths = report.to_csv(tmp_path)
    assert sorted(p.name for p in paths) == sorted(f"programme_{name}.csv" for name in report.tables)
    assert {mode_of(p) for p in paths} == {0o600}  # security review F3: small counts can point at a patient
    census = pd.read_csv(tmp_path / "programme_census.csv", dtype={"level": str})
    assert census["admissions"].tolist() == report.tables["census"]["admissions"].tolist()


def test_html_report_prints_rates_with_intervals_and_charts(report):
    document = report.to_html()
    assert document.count('<section class="page">') == 4 and "@page" in document
    assert document.count("<svg") == 2 and "Kaplan-Meier" in document
    assert "Retention compared between levels of admission" in document and "Peto" in document
    assert "chi-square 2.60 on 2 df, p = 0.273" in document and "<td>0.273</td>" in document
    assert "40 % (12-77)" in document  # step-down rate of the programme with its Wilson interval
    assert "<script" not in document


def _reopened():
    """The flags, P1's of 14 Jan reopened 1 Mar and closed again 5 Mar."""
    return flags().assign(reopened=["2026-03-01"] + [None] * 4, reclosed=["2026-03-05"] + [None] * 4)


def _later(flag, reopened, reclosed=None):
    """A later reopening of the flag in row ``flag``."""
    return pd.DataFrame({"flag": [flag], "reopened": [reopened], "reclosed": [reclosed]})


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"stays": stays().drop(columns="track")}, "lacks column"),
        ({"stays": stays().assign(level=["2.1", "9", "2.1", "2.1", "1", "2.1"])}, "not a level-of-care code"),
        ({"stays": stays().assign(end=["2025-01-01"] + [None] * 5)}, "end before they start"),
        ({"attendance": attendance().assign(hours=-1.0)}, "numbers >= 0"),
        ({"screens": screens().assign(positive="yes")}, "True or False"),
        ({"flags": flags().assign(reopened=[None, None, "2026-03-01", None, None])}, "reopened must be on or after"),
        ({"flags": flags().assign(reopened=["2026-01-10", None, None, None, None])}, "reopened must be on or after"),
        ({"flags": flags().assign(reclosed=["2026-03-01", None, None, None, None])}, "reclosed must be on or after"),
        (
            {"flags": flags().assign(reopened=["2026-03-01"] + [None] * 4, reclosed=["2026-02-27"] + [None] * 4)},
            "reclosed must be on or after",
        ),
        ({"flags": flags().assign(reopened=["soon"] + [None] * 4)}, "flags.reopened must hold dates"),
        (
            {"flags": flags().assign(raised_by_correction=["2026-01-13"] + [None] * 4)},
            "raised_by_correction must be on or after flags.date",
        ),
        (
            {"flags": flags().assign(raised_by_correction=["2026-01-15"] + [None] * 4)},
            "resolved must be on or after flags.raised_by_correction",
        ),
        ({"flags": flags().assign(withdrawn=["2026-01-13"] + [None] * 4)}, "withdrawn must be on or after flags.date"),
        (
            {"flags": flags().assign(withdrawn=[None, "2026-02-12", None, None, None])},
            "resolved must be on or before flags.withdrawn, or on or after flags.raised_again",
        ),
        ({"flags": flags().assign(raised_again=["2026-03-01"] + [None] * 4)}, "raised_again must be on or after"),
        ({"reopenings": _later(9, "2026-03-01")}, "reopenings.flag must be the label of a row of flags"),
        ({"flags": _reopened(), "reopenings": _later(1, "2026-03-10")}, "reopenings.reopened must be on or after"),
        ({"flags": _reopened(), "reopenings": _later(0, "2026-03-04")}, "reopenings.reopened must be on or after"),
        ({"flags": _reopened(), "reopenings": _later(0, "2026-03-10", "2026-03-09")}, "reclosed on or after reopened"),
        (
            {"flags": _reopened().assign(withdrawn=["2026-03-06"] + [None] * 4), "reopenings": _later(0, "2026-03-10")},
            "neither while the flag was withdrawn",
        ),
        (
            {
                "flags": flags().assign(
                    withdrawn=[None, "2026-02-11", None, None, None], raised_again=[None, "2026-02-20"] + [None] * 3
                )
            },
            "resolved must be on or before flags.withdrawn, or on or after flags.raised_again",
        ),
    ],
)
def test_bad_programme_data_is_refused_with_what_is_wrong(bad, message):
    tables = {
        "stays": stays(),
        "attendance": attendance(),
        "measures": measures(),
        "screens": screens(),
        "flags": flags(),
    }
    tables.update(bad)
    with pytest.raises(ReportInputError, match=message) as error:
        ProgrammeData.from_frames(**tables)
    assert isinstance(error.value, IopkitError)


def test_a_range_that_ends_before_it_starts_is_refused(data):
    with pytest.raises(ReportInputError, match="before start"):
        programme_report(data, "2026-03-31", "2026-01-01")


def test_impossible_totals_are_refused_not_counted(data):
    broken = ProgrammeData.from_frames(stays(), measures=measures().assign(total=[16, 7, 40, 12, 7, 9, 8, 3]))
    with pytest.raises(IopkitError, match="0..27"):
        programme_report(broken, "2026-01-01", "2026-03-31")


def test_empty_programme_gives_empty_tables_not_an_error():
    empty = ProgrammeData.from_frames(stays().iloc[0:0])
    report = programme_report(empty, "2026-01-01", "2026-03-31")
    assert report.tables["census"]["admissions"].sum() == 0 and report.tables["dose"].empty
    assert report.tables["retention"]["admitted"].tolist() == [0]
    assert "<svg" in report.to_html()
