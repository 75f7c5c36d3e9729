"""Reading a programme from a real store, and the synthetic demo programme."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from iopkit import score
from iopkit.dose import Attendance, DosePlan, schedule
from iopkit.placement import FlagResolution, Placement, recommend
from iopkit.records import DrugScreen
from iopkit.report import programme_data, programme_report
from iopkit.report.data import RECORDED

from .conftest import clinic_time, emergency_evaluation, in_zone
from .test_programme_report import SAFETY  # the safety table's columns these tests read

DIMS = {
    "2.1": {1: 0, 2: 0, 3: 1, 4: 1, 5: 2, 6: 1},
    "2.5": {1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 6: 2},
    "0.5": {1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0},
}
D = dt.date


def place(store, pid, code, day):
    store.save(pid, Placement(recommend(DIMS[code])), by="k", when=day)


def attend(store, pid, start, days, hours, weeks, track, marks):
    sessions = schedule(start, days, hours, weeks, track=track)
    store.save(pid, sessions, by="k", when=dt.date.fromisoformat(start))
    log = Attendance(sessions, tuple((d, m) for d, m in marks))
    store.save(pid, log, by="k", when=dt.date.fromisoformat(start))


@pytest.fixture
def clinic(store):
    a = store.add_patient("IOP-A")
    place(store, a, "2.1", D(2026, 1, 5))
    store.save(a, DosePlan(9, 4, sessions_per_week=3), by="k", when=D(2026, 1, 5))
    attend(
        store,
        a,
        "2026-01-05",
        ["mon", "wed", "fri"],
        3,
        4,
        "evening",
        [("2026-01-05", "attended"), ("2026-01-07", "attended"), ("2026-01-09", "missed"), ("2026-01-12", "attended")],
    )
    flagged = clinic_time(D(2026, 1, 7), 18, 30)
    store.save(a, score("phq9", [2, 2, 2, 2, 2, 2, 2, 2, 1]), by="k", when=flagged)
    store.save(a, score("gad7", [2] * 7), by="k", when=flagged)  # the same sitting is not a later contact
    store.save(a, DrugScreen(D(2026, 1, 7), "urine", positive=["cannabis"]), by="k", when=D(2026, 1, 7))
    place(store, a, "0.5", D(2026, 1, 30))
    b = store.add_patient("IOP-B")
    place(store, b, "2.5", D(2026, 1, 5))
    attend(
        store,
        b,
        "2026-01-05",
        ["mon", "tue", "wed", "thu", "fri"],
        4,
        2,
        "morning",
        [(f"2026-01-{d:02d}", "attended") for d in (5, 6, 7, 8, 9, 12, 13, 14, 15, 16)],
    )
    place(store, b, "2.1", D(2026, 1, 19))
    attend(
        store,
        b,
        "2026-01-19",
        ["mon", "wed", "fri"],
        3,
        3,
        "evening",
        [("2026-01-19", "attended"), ("2026-02-06", "attended")],
    )
    return store, a, b


def test_stays_come_from_placements_tracks_from_sessions(clinic):
    store, a, b = clinic
    data = programme_data(store, as_of=D(2026, 2, 20))
    got = data.stays[["patient", "episode", "level", "track", "start", "end", "next_level"]]
    expected = pd.DataFrame(
        [
            (a, 1, "2.1", "evening", "2026-01-05", "2026-01-30", "0.5"),
            (b, 1, "2.5", "morning", "2026-01-05", "2026-01-18", "2.1"),
            (b, 1, "2.1", "evening", "2026-01-19", None, None),
        ],
        columns=got.columns,
    )
    for column in ("start", "end"):
        expected[column] = pd.to_datetime(expected[column]).astype("datetime64[ns]")
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected, check_dtype=False)


def test_an_episode_without_a_discharge_ends_on_its_last_session_after_30_days(clinic):
    store, _, b = clinic
    data = programme_data(store, as_of=D(2026, 3, 10))  # 32 days after 6 Feb
    last = data.stays[data.stays["patient"] == b].iloc[-1]
    assert last["end"] == pd.Timestamp("2026-02-06") and pd.isna(last["next_level"])


def test_a_stay_before_any_session_is_scheduled_has_an_unknown_track(store):
    pid = store.add_patient("IOP-N")
    place(store, pid, "2.1", D(2026, 3, 2))  # placed, no schedule yet: the report still reads the store
    stays = programme_data(store).stays
    assert stays[["patient", "level", "track"]].values.tolist() == [[pid, "2.1", "unknown"]]


def resolve(store, pid, code, instrument, week, on, record=""):
    done = FlagResolution(
        code,
        instrument,
        week,
        "C-SSRS full assessment; safety plan",
        "KM, LCSW",
        on,
        record=str(record),
        risk_level="low",
        **emergency_evaluation(instrument, code, on),  # walk24 finding 1: a high-risk closing records the evaluation
    )
    store.save(pid, done, by="k", when=on)


def test_a_critical_flag_is_resolved_on_the_day_of_the_recorded_resolution_that_covers_it(clinic):
    store, a, _ = clinic
    # A's PHQ-9 of 7 Jan (evening) is A's first assessment: week 0; a second flagged PHQ-9 on 21 Jan is week 2
    store.save(a, score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 2]), by="k", when=clinic_time(D(2026, 1, 21), 9))
    resolve(store, a, "suicidal_ideation", "phq9", 0, D(2026, 1, 9))  # covers week 0 only
    resolve(store, a, "suicidal_ideation", "gad7", 2, D(2026, 1, 22))  # another instrument: covers nothing
    data = programme_data(store, as_of=D(2026, 2, 20))
    assert data.resolution == RECORDED
    flags = data.flags
    assert flags[["patient", "code", "severity"]].values.tolist() == [[a, "suicidal_ideation", "critical"]] * 2
    assert flags["date"].tolist() == [pd.Timestamp("2026-01-07"), pd.Timestamp("2026-01-21")]
    assert flags["resolved"].iloc[0] == pd.Timestamp("2026-01-09") and pd.isna(flags["resolved"].iloc[1])
    report = programme_report(data, "2026-01-01", "2026-01-31")
    row = report.tables["safety_flags"].query("level == 'all'").iloc[0]
    # first closed after 2 days; the week-2 flag open on 31 Jan, 10 days old
    first = ["flags_raised", "first_closed", "median_days_to_first_closing", "open_never_closed_at_end"]
    assert row[[*first, "open_oldest_age_days"]].tolist() == [
        2,
        1,
        2.0,
        1,
        10.0,
    ]


def test_a_resolution_of_a_later_record_covers_the_earlier_flags_as_the_review_reads_it(clinic):
    store, a, _ = clinic
    later = store.save(a, score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 2]), by="k", when=clinic_time(D(2026, 1, 21), 9))
    # keyed to the week-2 record: answers it and, so, the same flag on the earlier record of week 0
    resolve(store, a, "suicidal_ideation", "phq9", 2, D(2026, 1, 23), record=later)
    flags = programme_data(store, as_of=D(2026, 2, 20)).flags
    assert flags["resolved"].tolist() == [pd.Timestamp("2026-01-23")] * 2  # 16 and 2 days after each flag
    from iopkit.episode import Episode

    assert Episode.from_store(store, a, as_of=D(2026, 2, 20)).open_flags == ()  # the chart agrees: none open


def test_a_resolution_dated_before_its_flag_counts_as_the_same_day_never_as_negative_days(clinic):
    store, a, _ = clinic
    resolve(store, a, "suicidal_ideation", "phq9", 0, D(2026, 1, 6))  # typed a day early
    flags = programme_data(store, as_of=D(2026, 2, 20)).flags
    assert flags["resolved"].tolist() == [pd.Timestamp("2026-01-07")]


def test_sessions_and_measures_read_from_the_store(clinic):
    store, a, _ = clinic
    data = programme_data(store, as_of=D(2026, 2, 20))
    mine = data.attendance[data.attendance["patient"] == a]
    assert len(mine) == 12 and mine["hours"].sum() == 9.0 and mine["planned_hours"].sum() == 36.0
    assert sorted(data.measures["instrument"]) == ["gad7", "phq9"]
    assert data.measures.set_index("instrument").loc["phq9", "total"] == 17
    report = programme_report(data, "2026-01-01", "2026-01-31")
    census = report.tables["census"]
    assert census.query("level == 'all'")["admissions"].tolist() == [2]
    changes = report.tables["level_changes"]
    assert changes.query("level == 'all'")[["step_downs", "step_ups"]].values.tolist() == [[2, 0]]


def test_demo_programme_reads_the_same_from_memory_and_from_the_store(store):
    from iopkit.datasets.programme import demo_programme

    demo = demo_programme(patients=25)
    demo.write(store)
    as_of = D(2026, 11, 30)
    from_store, from_memory = programme_data(store, as_of=as_of), programme_data(demo, as_of=as_of)
    for name in ("stays", "attendance", "measures", "screens", "flags"):
        pd.testing.assert_frame_equal(getattr(from_store, name), getattr(from_memory, name), check_dtype=False)


def test_demo_programme_is_seeded_fictional_and_has_something_to_show():
    from iopkit.datasets.programme import PROGRAMME_START, demo_programme

    demo = demo_programme(patients=60)
    assert demo == demo_programme(patients=60)
    assert all(p.display_name.endswith("(fictional)") and p.pseudonym.startswith("SYN-") for p in demo.patients())
    data = programme_data(demo, as_of=D(2026, 11, 30))
    report = programme_report(data, PROGRAMME_START, PROGRAMME_START + dt.timedelta(weeks=52, days=-1))
    t = report.tables
    assert set(t["census"]["level"]) >= {"1", "2.1", "2.5", "all"}
    everyone = {name: t[name][t[name]["level"] == "all"].iloc[0] for name in ("level_changes", "dose", "retention")}
    assert everyone["level_changes"]["step_downs"] > 0 and everyone["level_changes"]["step_ups"] > 0
    assert 0 < everyone["dose"]["share_meeting_minimum"] < 1
    assert 0 < everyone["retention"]["retained_90d"] < 1
    assert t["safety_flags"]["flags_raised"].max() > 0 and t["drug_screens"]["positive"].max() > 0


def test_a_critical_flag_on_a_form_without_a_total_is_counted(clinic):
    """The C-SSRS screen has no total; its high-risk flag must still reach the safety table."""
    store, _, b = clinic
    when = clinic_time(D(2026, 1, 20), 15)
    cssrs = score("cssrs_screen", {i: True for i in range(1, 8)})
    assert cssrs.total is None
    store.save(b, cssrs, by="k", when=when)
    data = programme_data(store, as_of=D(2026, 2, 20))
    flagged = data.flags[data.flags["patient"] == b]
    assert flagged["code"].tolist() == ["suicide_risk_high"] and pd.isna(flagged["resolved"].iloc[0])  # open
    assert "cssrs_screen" not in set(data.measures["instrument"])  # no total, so no measure
    resolve(store, b, "suicide_risk_high", "cssrs_screen", 0, D(2026, 1, 20))  # B's first assessment: week 0
    again = programme_data(store, as_of=D(2026, 2, 20)).flags
    assert again.loc[again["patient"] == b, "resolved"].tolist() == [pd.Timestamp("2026-01-20")]


def test_the_reports_open_flags_are_the_charts_open_flags_on_the_demo_programme(store):
    """The report reads a resolution as the patient's chart and the continued-stay review do."""
    from iopkit.datasets.programme import demo_programme
    from iopkit.episode import Episode

    demo_programme(patients=80).write(store)
    flags = programme_data(store).flags
    assert flags["resolved"].notna().any() and flags["resolved"].isna().any()  # the demo has both
    for patient in store.patients():
        chart = Episode.from_store(store, patient, as_of=D(2026, 12, 31))
        mine = flags[(flags["patient"] == patient.id) & flags["resolved"].isna()]
        assert sorted(zip(mine["date"].dt.date, mine["code"])) == sorted(
            # physician review R23c B1: a drug screen's opioid flag is critical now; the report follows the scores'
            # safety flags (a screen's flag is not among them)
            (f.day, f.flag.code)
            for f in chart.open_flags
            if f.flag.severity == "critical" and f.instrument != "drug_screen"
        ), patient


def test_a_resolution_of_an_earlier_record_leaves_a_later_flag_open_whatever_week_it_names(clinic):
    store, a, _ = clinic
    first = next(r.id for r in store.current(a) if r.kind == "assessment" and r.item.instrument == "phq9")
    store.save(a, score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 2]), by="k", when=clinic_time(D(2026, 1, 21), 9))
    resolve(store, a, "suicidal_ideation", "phq9", 2, D(2026, 1, 9), record=first)  # a later week typed by mistake
    flags = programme_data(store, as_of=D(2026, 2, 20)).flags.sort_values("date")
    assert flags["resolved"].tolist()[0] == pd.Timestamp("2026-01-09")
    assert pd.isna(flags["resolved"].tolist()[1])  # the later alert stays open


# --- a correction of a closed flag's record: the report reads it as the chart does ------------------------------------
# PHQ-9 item 9 above 0 raises the suicidal-ideation flag (Kroenke et al. 2001): answered 1 ("several days") and 3
# ("nearly every day") raise it alike; a correction from 1 to 3 raises the finding, from 3 to 1 lowers it.
OTHERS = [1, 1, 2, 1, 0, 1, 2, 1]  # PHQ-9 items 1-8
ITEM9_1, ITEM9_3 = [*OTHERS, 1], [*OTHERS, 3]
TAKEN = clinic_time(D(2026, 3, 2), 15)  # the clinic's day 2 Mar 2026, in any zone


def _closed_then_corrected(store, first, corrected):
    from iopkit.entry import clinical_day

    pid = store.add_patient("IOP-C")
    original = store.save(pid, score("phq9", first), by="KM", when=TAKEN)
    resolve(store, pid, "suicidal_ideation", "phq9", 0, D(2026, 3, 2), record=original)
    assert programme_data(store).flags["resolved"].tolist() == [pd.Timestamp("2026-03-02")]
    fixed = store.save(pid, score("phq9", corrected), by="AB", when=TAKEN, amends=original, reason="mis-keyed")
    return pid, fixed, clinical_day(store.record(fixed).saved_at)


def _open_in_chart(store, pid, as_of):
    from iopkit.episode import Episode

    return [(f.day, f.flag.code) for f in Episode.from_store(store, pid, as_of=as_of).open_flags]


def test_a_closed_flag_a_correction_raised_keeps_its_first_closing_and_is_reopened_until_closed_again(store):
    pid, fixed, today = _closed_then_corrected(store, ITEM9_1, ITEM9_3)  # item 9: 1 -> 3, saved today
    flags = programme_data(store).flags
    assert flags["code"].tolist() == ["suicidal_ideation"]
    assert flags[["resolved", "reopened"]].iloc[0].tolist() == [pd.Timestamp("2026-03-02"), pd.Timestamp(today)]
    assert pd.isna(flags["reclosed"].iloc[0])  # open again, as the chart shows it
    assert _open_in_chart(store, pid, today) == [(D(2026, 3, 2), "suicidal_ideation")]
    resolve(store, pid, "suicidal_ideation", "phq9", 0, today, record=fixed)  # closed on the corrected record
    flags = programme_data(store).flags
    assert flags[["resolved", "reopened", "reclosed"]].iloc[0].tolist() == [
        pd.Timestamp("2026-03-02"),  # the first closing stays
        pd.Timestamp(today),
        pd.Timestamp(today),
    ]
    assert _open_in_chart(store, pid, today) == []


def test_a_closed_flag_a_correction_lowered_keeps_its_first_closing_in_the_report(store):
    pid, _, today = _closed_then_corrected(store, ITEM9_3, ITEM9_1)  # item 9: 3 -> 1
    flags = programme_data(store).flags
    assert flags["resolved"].tolist() == [pd.Timestamp("2026-03-02")]
    assert flags[["reopened", "reclosed"]].isna().all(axis=None)  # never reopened
    assert _open_in_chart(store, pid, today) == []


def test_a_correction_of_item_9_to_0_withdraws_the_flag_on_the_day_it_was_saved_keeping_its_closing(store):
    pid, _, today = _closed_then_corrected(store, ITEM9_1, [*OTHERS, 0])  # a keying error: no ideation
    flags = programme_data(store).flags
    assert flags[["date", "code", "resolved", "withdrawn"]].values.tolist() == [
        [pd.Timestamp("2026-03-02"), "suicidal_ideation", pd.Timestamp("2026-03-02"), pd.Timestamp(today)]
    ]
    assert flags[["raised_by_correction", "reopened", "reclosed"]].isna().all(axis=None)
    assert _open_in_chart(store, pid, today) == []


# --- the reviewer's case: the days a correction was saved, on a clock the test sets ----------------------------------
# PHQ-9 item 9 = 1 on 2 Mar 2026, a risk assessment (overall risk low) closed the flag the same day; on 2 Dec 2026
# item 9 was corrected to 3 ("mis-keyed"), saved that day.  Every number below is counted by hand from these days.


@pytest.fixture
def clock(monkeypatch):
    """The store's clock for saved_at: ``clock.day = D(...)`` saves at noon of that day, local time."""
    import types

    import iopkit.store.database as database

    now = types.SimpleNamespace(day=None)
    real = database.utc_text

    def utc_text(when):
        return real(_noon(now.day) if when is None and now.day is not None else when)

    monkeypatch.setattr(database, "utc_text", utc_text)
    return now


def _noon(day):
    return clinic_time(day, 12)  # the clinic's day whatever its zone


def _reviewers_case(store, clock, corrected=D(2026, 12, 2), to=ITEM9_3):
    pid = store.add_patient("IOP-R")
    clock.day = D(2026, 3, 2)
    place(store, pid, "2.1", D(2026, 3, 1))  # a stay, so the flag counts in the programme's safety table
    first = store.save(pid, score("phq9", ITEM9_1), by="KM", when=_noon(D(2026, 3, 2)))
    resolve(store, pid, "suicidal_ideation", "phq9", 0, D(2026, 3, 2), record=first)
    clock.day = corrected
    fixed = store.save(pid, score("phq9", to), by="AB", when=_noon(D(2026, 3, 2)), amends=first, reason="mis-keyed")
    return pid, fixed


def _safety(store, end, start="2026-03-01", columns=SAFETY):
    data = programme_data(store, as_of=D(2026, 3, 31))  # the stay read as of 31 Mar: still in the programme
    table = programme_report(data, start, end).tables["safety_flags"]
    if table.empty:  # no flag followed in the range
        return None
    row = table.query("level == 'all'").iloc[0]
    return [None if pd.isna(v) else v for v in row[columns].tolist()]


def test_a_correction_never_rewrites_a_report_that_ends_before_it_was_saved(store, clock):
    _reviewers_case(store, clock)
    # the March report: resolved the same day (0 days), nothing open, nothing reopened yet
    assert _safety(store, "2026-03-31") == [1, 1, 0.0, 0, 0, None, 0, 0, None]
    assert _safety(store, "2026-12-01") == [1, 1, 0.0, 0, 0, None, 0, 0, None]  # the day before the correction


def test_a_reopened_flag_is_open_from_the_correction_until_closed_on_the_corrected_record(store, clock):
    pid, fixed = _reviewers_case(store, clock)
    # 3 Dec, before re-closing: still resolved after 0 days; reopened and open, 1 day since the correction
    assert _safety(store, "2026-12-03") == [1, 1, 0.0, 0, 1, 1.0, 1, 0, None]
    resolve(store, pid, "suicidal_ideation", "phq9", 0, D(2026, 12, 2), record=fixed)  # re-closed on 2 Dec
    flags = programme_data(store).flags
    assert flags[["resolved", "reopened", "reclosed"]].iloc[0].tolist() == [
        pd.Timestamp("2026-03-02"),
        pd.Timestamp("2026-12-02"),
        pd.Timestamp("2026-12-02"),
    ]
    # time to resolution still 0 days; re-closed 0 days after the correction; nothing open
    assert _safety(store, "2026-12-03") == [1, 1, 0.0, 0, 0, None, 1, 1, 0.0]
    assert _safety(store, "2026-03-31") == [1, 1, 0.0, 0, 0, None, 0, 0, None]  # March's report unchanged


def test_a_flag_is_reopened_on_the_day_the_first_correction_that_raised_it_was_saved(store, clock):
    pid, fixed = _reviewers_case(store, clock, D(2026, 11, 2), [*OTHERS, 2])  # item 9: 1 -> 2 saved 2 Nov
    clock.day = D(2026, 11, 4)
    again = store.save(pid, score("phq9", ITEM9_3), by="AB", when=_noon(D(2026, 3, 2)), amends=fixed, reason="again")
    # item 9: 2 -> 3 saved 4 Nov: the flag was open again since 2 Nov, the chart naming the latest correction
    assert programme_data(store).flags["reopened"].tolist() == [pd.Timestamp("2026-11-02")]
    assert _safety(store, "2026-11-03") == [1, 1, 0.0, 0, 1, 1.0, 1, 0, None]
    resolve(store, pid, "suicidal_ideation", "phq9", 0, D(2026, 11, 5), record=again)
    assert _safety(store, "2026-11-05") == [1, 1, 0.0, 0, 0, None, 1, 1, 3.0]  # 2 Nov -> 5 Nov


def test_the_december_report_shows_the_reviewers_flag_reopened_and_open_at_its_end(store, clock):
    _reviewers_case(store, clock)  # raised and closed 2 Mar; item 9 corrected 1 -> 3, saved 2 Dec
    # raised before December, so none raised in it; reopened on 2 Dec; open again on 31 Dec, 29 days after
    assert _safety(store, "2026-12-31", "2026-12-01") == [0, 0, None, 0, 1, 29.0, 1, 0, None]
    status = ["carried_in", "closed_at_end", "open_never_closed_at_end", "open_again_at_end"]
    assert _safety(store, "2026-12-31", "2026-12-01", status) == [1, 0, 0, 1]


# --- a flag a correction raised for the first time: it counts from the day the correction was saved -------------------
# PHQ-9 item 9 above 0 raises the suicidal-ideation flag (Kroenke et al. 2001); 0 ("not at all") raises none.  C-SSRS
# screener (Posner et al.; Columbia triage): "yes" to question 1 and 2 with no method, intent or behaviour is low risk
# (a critical flag since physician review R23c A2), "yes" to question 4 (some intention of acting) is high risk.
LATE = ["flags_raised", "raised_by_late_correction", "median_days_late", "longest_days_late"]


def _raised_late(store, clock, first, corrected, instrument="phq9", closed=""):
    """Saved on 2 Mar (``closed``: that flag closed the same day), corrected on 2 Dec."""
    pid = store.add_patient("IOP-L")
    clock.day = D(2026, 3, 2)
    place(store, pid, "2.1", D(2026, 3, 1))
    record = store.save(pid, score(instrument, first), by="KM", when=_noon(D(2026, 3, 2)))
    if closed:
        resolve(store, pid, closed, instrument, 0, D(2026, 3, 2), record=record)
    clock.day = D(2026, 12, 2)
    fixed = store.save(pid, score(instrument, corrected), by="AB", when=_noon(D(2026, 3, 2)), amends=record, reason="x")
    return pid, record, fixed


def test_item_9_corrected_from_0_to_1_raises_a_flag_that_counts_from_the_day_of_the_correction(store, clock):
    pid, _, fixed = _raised_late(store, clock, [*OTHERS, 0], ITEM9_1)  # saved 0 on 2 Mar, corrected to 1 on 2 Dec
    flags = programme_data(store).flags
    # the clinical date kept, the day it appeared apart
    assert flags[["date", "raised_by_correction"]].iloc[0].tolist() == [
        pd.Timestamp("2026-03-02"),
        pd.Timestamp("2026-12-02"),
    ]
    assert _safety(store, "2026-03-31") is None  # the March report re-run: no flag existed in March
    # 1 Mar - 3 Dec: raised 1 (on 2 Dec), open 1 day, not 276; raised by a late correction 275 days after the
    # questionnaire (2 Mar -> 2 Dec by month: 31 + 30 + 31 + 30 + 31 + 31 + 30 + 31 + 30 = 275)
    assert _safety(store, "2026-12-03") == [1, 0, None, 1, 0, 1.0, 0, 0, None]
    assert _safety(store, "2026-12-03", columns=LATE) == [1, 1, 275.0, 275.0]
    resolve(store, pid, "suicidal_ideation", "phq9", 0, D(2026, 12, 2), record=fixed)  # closed the day it appeared
    assert _safety(store, "2026-12-03") == [1, 1, 0.0, 0, 0, None, 0, 0, None]  # 0 days to its first closing, not 275


def test_a_cssrs_screen_corrected_from_low_to_high_risk_raises_the_high_risk_flag_on_the_day_saved(store, clock):
    low, high = ["yes", "yes", "no", "no", "no", "no", None], ["yes", "yes", "no", "yes", "no", "no", None]
    _raised_late(store, clock, low, high, "cssrs_screen", closed="suicide_risk_low")  # low closed on 2 Mar
    flags = programme_data(store).flags  # R23c A2: low risk is critical too (it was a warning, not followed)
    assert flags[["date", "code", "raised_by_correction"]].iloc[0].tolist() == [
        pd.Timestamp("2026-03-02"),
        "suicide_risk_high",
        pd.Timestamp("2026-12-02"),
    ]
    assert pd.isna(flags["resolved"].iloc[0])  # open: the low-risk closing answers no high risk
    # physician review R23c A2 (A5's rule): C-SSRS low risk is critical now, so a safety flag the report follows too:
    # raised and closed on 2 Mar (it was a warning, left out, and the March report empty)
    assert flags[["code", "resolved"]].values.tolist()[1] == ["suicide_risk_low", pd.Timestamp("2026-03-02")]
    assert _safety(store, "2026-03-31") == [1, 1, 0.0, 0, 0, None, 0, 0, None]
    assert _safety(store, "2026-12-31", "2026-12-01", LATE) == [1, 1, 275.0, 275.0]


# --- the report's days are the clinic's days, as the chart's ----------------------------------------------------------
# The store keeps UTC. Far from UTC the clinic's day of a record is another UTC day: the report once dated placements,
# measures and flags by the UTC day while the chart dated them by the clinic's. Pago Pago is UTC-11 (SST), Kiritimati
# UTC+14 (no daylight-saving time in either); each clinic's day below is typed by hand from the UTC time saved.
@pytest.mark.parametrize(
    ("zone", "saved", "clinic_day"),
    [
        ("Pacific/Pago_Pago", dt.datetime(2026, 3, 2, 5, tzinfo=dt.UTC), D(2026, 3, 1)),  # 18:00 SST on 1 Mar
        ("Pacific/Kiritimati", dt.datetime(2026, 3, 2, 15, tzinfo=dt.UTC), D(2026, 3, 3)),  # 05:00 on 3 Mar
    ],
)
def test_the_report_dates_stays_measures_and_flags_by_the_clinic_s_day_as_the_chart(store, zone, saved, clinic_day):
    with in_zone(zone):
        pid = store.add_patient("IOP-Z")
        store.save(pid, Placement(recommend(DIMS["2.1"])), by="k", when=saved)
        store.save(pid, score("phq9", ITEM9_1), by="k", when=saved)  # item 9 at 1: the suicidal-ideation flag
        data = programme_data(store, as_of=D(2026, 3, 10))
        day = pd.Timestamp(clinic_day)
        assert data.stays["start"].tolist() == [day]
        assert data.measures[["date", "instrument", "total"]].values.tolist() == [[day, "phq9", 10]]  # 9 + item 9 at 1
        assert data.flags[["date", "code"]].values.tolist() == [[day, "suicidal_ideation"]]
        assert _open_in_chart(store, pid, D(2026, 3, 10)) == [(clinic_day, "suicidal_ideation")]  # the chart's day


# --- a flag a correction withdrew and a later one raised again: the same flag back, never a second one --------------
# PHQ-9 item 9 = 1 on 2 Mar, a risk assessment closed it that day; corrected to 0 saved 1 Jun; corrected to 1 or 2
# saved 2 Dec.  Every number below is counted by hand from these days.
BACK = ["flags_raised", "raised_by_late_correction", "first_closed", "first_closed_within_1_day"]
BACK += ["reopened_by_correction", "withdrawn_by_correction", "raised_again_by_correction", "carried_in"]
BACK += ["closed_at_end", "open_again_at_end", "open_oldest_age_days"]


def _withdrawn_then_raised_again(store, clock, item9):
    pid, fixed = _reviewers_case(store, clock, D(2026, 6, 1), [*OTHERS, 0])  # 1 -> 0 saved 1 Jun
    clock.day = D(2026, 12, 2)
    again = store.save(
        pid, score("phq9", [*OTHERS, item9]), by="AB", when=_noon(D(2026, 3, 2)), amends=fixed, reason="y"
    )
    return pid, again


def test_item_9_corrected_1_to_0_to_1_brings_the_closed_flag_back_closed_without_a_new_first_closing(store, clock):
    pid, _ = _withdrawn_then_raised_again(store, clock, 1)
    flags = programme_data(store).flags
    assert len(flags) == 1  # one row: the same flag
    assert flags[["date", "resolved", "withdrawn", "raised_again"]].iloc[0].tolist() == [
        pd.Timestamp(D(2026, 3, 2)),
        pd.Timestamp(D(2026, 3, 2)),
        pd.Timestamp(D(2026, 6, 1)),
        pd.Timestamp(D(2026, 12, 2)),
    ]
    assert flags[["raised_by_correction", "reopened", "reclosed"]].isna().all(axis=None)
    assert _open_in_chart(store, pid, D(2026, 12, 3)) == []  # the chart: the March assessment answers item 9 = 1
    # December: raised 0, late 0, first closed 0 (not 1 after 0 days), raised again 1, closed at the end
    assert _safety(store, "2026-12-31", "2026-12-01", BACK) == [0, 0, 0, 0, 0, 0, 1, 1, 1, 0, None]
    assert _safety(store, "2026-06-30", "2026-06-01", BACK) == [0, 0, 0, 0, 0, 1, 0, 1, 0, 0, None]  # as it was


def test_item_9_corrected_1_to_0_to_2_reopens_the_withdrawn_flag_on_the_day_it_came_back(store, clock):
    pid, again = _withdrawn_then_raised_again(store, clock, 2)
    flags = programme_data(store).flags
    assert len(flags) == 1
    assert flags[["resolved", "reopened", "withdrawn", "raised_again"]].iloc[0].tolist() == [
        pd.Timestamp(D(2026, 3, 2)),
        pd.Timestamp(D(2026, 12, 2)),
        pd.Timestamp(D(2026, 6, 1)),
        pd.Timestamp(D(2026, 12, 2)),
    ]
    assert _open_in_chart(store, pid, D(2026, 12, 3)) == [(D(2026, 3, 2), "suicidal_ideation")]  # open, as the chart
    # December: no flag raised or first closed; reopened 1 and raised again 1 on 2 Dec; open again 29 days on 31 Dec
    assert _safety(store, "2026-12-31", "2026-12-01", BACK) == [0, 0, 0, 0, 1, 0, 1, 1, 0, 1, 29.0]
    resolve(store, pid, "suicidal_ideation", "phq9", 0, D(2026, 12, 2), record=again)  # closed on the corrected one
    assert programme_data(store).flags["reclosed"].tolist() == [pd.Timestamp(D(2026, 12, 2))]
    assert _safety(store, "2026-12-31", "2026-12-01", ["median_days_reopening_to_reclosing", "closed_at_end"]) == [
        0.0,
        1,
    ]


def test_a_keying_fix_saved_the_same_clinic_day_raises_an_ordinary_flag_not_a_late_one(store, clock):
    pid = store.add_patient("IOP-S")
    clock.day = D(2026, 3, 2)
    place(store, pid, "2.1", D(2026, 3, 1))
    record = store.save(pid, score("phq9", [*OTHERS, 0]), by="KM", when=_noon(D(2026, 3, 2)))
    store.save(pid, score("phq9", ITEM9_1), by="KM", when=_noon(D(2026, 3, 2)), amends=record, reason="mis-keyed")
    # raised 2 Mar, not late; open 29 days on 31 Mar
    assert _safety(store, "2026-03-31", columns=LATE) == [1, 0, None, None]
    assert _safety(store, "2026-03-31") == [1, 0, None, 1, 0, 29.0, 0, 0, None]
