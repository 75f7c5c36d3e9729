"""Schedules: weekdays, tracks, month and year ends, skip dates; iCalendar export parsed back; grids."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import pytest

from iopkit import DosePlanError
from iopkit.dose import Schedule, Session, schedule

STAMP = datetime(2025, 1, 1, 8, 30, tzinfo=UTC)


def parse_ics(text: str) -> list[dict]:
    """A small RFC 5545 reader written for the tests (independent of iopkit): unfold, split, unescape."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    components, stack = [], []
    for line in unfolded.split("\r\n")[:-1]:
        name, _, value = line.partition(":")
        if name == "BEGIN":
            stack.append({"type": value, "props": {}})
        elif name == "END":
            assert stack[-1]["type"] == value
            components.append(stack.pop())
        else:
            unescaped = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)
            stack[-1]["props"].setdefault(name.split(";")[0], []).append(unescaped)
    assert not stack
    return components


class TestSchedule:
    def test_mon_wed_fri_for_two_weeks_gives_six_sessions(self):
        plan = schedule(date(2025, 1, 6), ["mon", "wed", "fri"], 3, 2)
        assert 6 == len(plan.sessions) and 18.0 == plan.total_hours
        assert (9.0, 9.0) == plan.hours_by_week()

    def test_weekdays_may_be_numbers_or_names(self):
        by_name = schedule("2025-01-06", ["Monday", "thu"], 2, 1)
        assert by_name == schedule("2025-01-06", [0, 3], 2, 1)

    def test_crosses_a_month_end(self):
        plan = schedule("2025-01-27", ["tue", "thu"], 3, 2)
        assert ["2025-01-28", "2025-01-30", "2025-02-04", "2025-02-06"] == [str(s.date) for s in plan.sessions]

    def test_crosses_a_year_end_and_skips_new_year(self):
        plan = schedule("2025-12-29", ["mon", "wed", "thu"], 3, 2, skip_dates=["2026-01-01", date(2025, 12, 25)])
        assert [date(2026, 1, 1)] == list(plan.skipped)
        assert ["2025-12-29", "2025-12-31", "2026-01-05", "2026-01-07", "2026-01-08"] == [
            str(s.date) for s in plan.sessions
        ]

    def test_leap_day_is_scheduled(self):
        assert date(2028, 2, 29) in [s.date for s in schedule("2028-02-28", ["tue"], 3, 1).sessions]

    def test_a_start_mid_week_begins_on_the_start_date(self):
        plan = schedule("2025-01-08", ["mon", "wed"], 3, 1)
        assert ["2025-01-08", "2025-01-13"] == [str(s.date) for s in plan.sessions]
        assert date(2025, 1, 14) == plan.end

    @pytest.mark.parametrize(
        "track, start, end",
        [("morning", time(9), time(12)), ("evening", time(18), time(21)), ("13:30", time(13, 30), time(16, 30))],
    )
    def test_tracks_set_the_start_time(self, track, start, end):
        (session,) = schedule("2025-01-06", ["mon"], 3, 1, track=track).sessions
        assert (start, end, 3.0) == (session.start, session.end, session.hours)

    @pytest.mark.parametrize("weekdays", [[7], ["funday"], [-1], ["t"], [], ["mon", "monday"]])
    def test_values_that_are_not_weekdays_are_refused(self, weekdays):
        with pytest.raises(DosePlanError, match="weekday"):
            schedule("2025-01-06", weekdays, 3, 1)

    @pytest.mark.parametrize("hours", [0, -2, float("nan"), float("inf"), 1.0001])
    def test_bad_session_hours_are_refused(self, hours):
        with pytest.raises(DosePlanError, match="session hours"):
            schedule("2025-01-06", ["mon"], hours, 1)

    @pytest.mark.parametrize("weeks", [0, 1.5, -1])
    def test_bad_weeks_are_refused(self, weeks):
        with pytest.raises(DosePlanError, match="weeks must be a whole number"):
            schedule("2025-01-06", ["mon"], 3, weeks)

    def test_a_session_running_past_midnight_is_refused(self):
        with pytest.raises(DosePlanError, match="would end after midnight"):
            schedule("2025-01-06", ["mon"], 3, 1, track="22:00")

    def test_a_session_ending_before_it_starts_is_refused(self):
        with pytest.raises(DosePlanError, match="not after its start"):
            Session(date(2025, 1, 6), time(12), time(9))

    def test_a_bad_start_date_is_refused(self):
        with pytest.raises(DosePlanError, match="ISO date"):
            schedule("06/01/2025", ["mon"], 3, 1)

    def test_round_trips_through_a_dict(self):
        plan = schedule("2025-12-29", ["mon", "thu"], 2.5, 2, track="evening", skip_dates=["2026-01-01"])
        assert plan == Schedule.from_dict(plan.to_dict())


class TestICalendar:
    @pytest.fixture
    def plan(self):
        return schedule("2025-12-29", ["mon", "wed", "fri"], 3, 2, track="evening", skip_dates=["2026-01-02"])

    def test_every_session_becomes_an_event_with_its_times(self, plan):
        events = [c for c in parse_ics(plan.to_ics(dtstamp=STAMP)) if c["type"] == "VEVENT"]
        assert [f"{s.date:%Y%m%d}T180000" for s in plan.sessions] == [e["props"]["DTSTART"][0] for e in events]
        assert ["20251229T210000"] == events[0]["props"]["DTEND"]

    def test_calendar_has_version_prodid_once_and_events_have_uid_and_utc_dtstamp(self, plan):
        components = parse_ics(plan.to_ics(dtstamp=STAMP))
        (calendar,) = [c for c in components if c["type"] == "VCALENDAR"]
        assert (["2.0"], 1) == (calendar["props"]["VERSION"], len(calendar["props"]["PRODID"]))
        events = [c for c in components if c["type"] == "VEVENT"]
        uids = [e["props"]["UID"][0] for e in events]
        assert len(set(uids)) == len(events) == 5
        assert all(e["props"]["DTSTAMP"] == ["20250101T083000Z"] for e in events)
        assert all("DURATION" not in e["props"] for e in events)

    def test_uids_are_stable_and_differ_by_salt(self, plan):
        first = plan.to_ics(dtstamp=STAMP)
        assert first == plan.to_ics(dtstamp=STAMP)
        assert first != plan.to_ics(dtstamp=STAMP, uid_salt="patient-2")

    def test_text_is_escaped_and_long_utf8_lines_fold_at_75_octets(self, plan):
        description = "Groupe de prévention, étape 2; apportez: carnet\\stylo\n" + "é" * 80
        text = plan.to_ics(
            dtstamp=STAMP, summary="IOP, evening; group", description=description, location="Room 2, Clinic: east wing"
        )
        assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
        assert "\r\n " in text
        event = [c for c in parse_ics(text) if c["type"] == "VEVENT"][0]["props"]
        assert (["IOP, evening; group"], [description], ["Room 2, Clinic: east wing"]) == (
            event["SUMMARY"],
            event["DESCRIPTION"],
            event["LOCATION"],
        )
        assert "SUMMARY:IOP\\, evening\\; group" in text and "Clinic: east" in text


class TestWeeklyGrid:
    def test_text_grid_has_one_row_per_week_and_shows_skipped_days(self):
        grid = schedule("2025-12-29", ["mon", "fri"], 3, 2, skip_dates=["2026-01-02"]).weekly_grid().splitlines()
        assert 3 == len(grid)
        assert ["Week", "Mon", "Fri"] == [cell.strip() for cell in grid[0].split("|")]
        assert "02 Jan no session" in grid[1] and "05 Jan 09:00-12:00" in grid[2]

    def test_columns_follow_the_week_from_a_mid_week_start(self):
        header = schedule("2025-01-08", ["mon", "wed"], 3, 1).weekly_grid().splitlines()[0]
        assert ["Week", "Wed", "Mon"] == [cell.strip() for cell in header.split("|")]

    def test_html_grid_is_a_table_with_a_row_per_week(self):
        page = schedule("2025-01-06", ["mon", "wed"], 3, 3).weekly_grid_html()
        assert page.startswith('<table class="iop-schedule">') and 4 == page.count("<tr>")
        assert "<td>06 Jan 09:00-12:00</td>" in page


# --- review fixes: a strict reading of RFC 5545 ------------------------------------------------


def _strict_lines(ics: str) -> list[bytes]:
    """Content lines of an iCalendar text read strictly: CRLF only, <= 75 octets, unfolded."""
    raw = ics.encode("utf-8")
    assert raw.endswith(b"\r\n")
    physical = raw.split(b"\r\n")[:-1]
    for line in physical:
        assert b"\r" not in line and b"\n" not in line, line
        assert len(line) <= 75, line
        assert not re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", line), line
    logical: list[bytes] = []
    for line in physical:
        if line[:1] in (b" ", b"\t"):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def test_ics_line_breaks_of_every_kind_are_escaped_and_lines_stay_strict():
    sched = schedule("2025-10-24", ["fri", "sun", "mon"], 2.5, 2, track="evening", skip_dates=["2025-10-27"])
    ics = sched.to_ics(
        summary="Grüße, IOP; group \\ näïve " * 4,
        location="Room 1\rFloor 2",
        description="one\r\ntwo\nthree\rfour\ttab",
        dtstamp=datetime(2025, 1, 1, tzinfo=UTC),
    )
    lines = _strict_lines(ics)
    events = [line for line in lines if line == b"BEGIN:VEVENT"]
    assert len(events) == len(sched.sessions) == 5
    assert b"LOCATION:Room 1\\nFloor 2" in lines
    assert b"DESCRIPTION:one\\ntwo\\nthree\\nfour\ttab" in lines
    for name in (b"UID:", b"DTSTAMP:", b"DTSTART:", b"DTEND:"):
        assert sum(line.startswith(name) for line in lines) == 5


def test_ics_refuses_other_control_characters_naming_the_field():
    with pytest.raises(DosePlanError, match=r"description .*0x7"):
        schedule("2025-01-06", ["mon"], 3, 1).to_ics(description="bell\x07")


def test_ics_of_a_schedule_with_every_session_skipped_is_refused():
    sched = schedule("2025-01-06", ["mon"], 3, 1, skip_dates=["2025-01-06"])
    assert sched.sessions == ()
    with pytest.raises(DosePlanError, match="no sessions"):
        sched.to_ics()


def test_a_time_zone_aware_start_time_is_refused_because_times_are_clinic_local():
    with pytest.raises(DosePlanError, match="clinic-local"):
        schedule("2025-01-06", ["mon"], 3, 1, track=time(9, tzinfo=UTC))


def test_a_number_is_not_read_as_a_date():
    with pytest.raises(DosePlanError, match="start must be a date"):
        schedule(20250106, ["mon"], 3, 1)


def test_one_weekday_or_one_skip_date_may_be_given_alone():
    sched = schedule("2025-01-06", "mon", 3, 2, skip_dates="2025-01-13")
    assert [s.date for s in sched.sessions] == [date(2025, 1, 6)] and sched.skipped == (date(2025, 1, 13),)


def test_numpy_integers_work_for_weeks_and_weekdays():
    np = pytest.importorskip("numpy")
    sched = schedule("2025-01-06", [np.int64(0)], 3, np.int64(2))
    assert sched.weeks == 2 and len(sched.sessions) == 2


# --- issue 5 review: a start with a time of day ---------------------------------------------------


def test_a_start_with_a_time_of_day_is_refused_rather_than_dropped():
    with pytest.raises(DosePlanError, match=r"start must be a date \(got 2025-01-06 15:00.*track='15:00'"):
        schedule(datetime(2025, 1, 6, 15), ["mon", "wed"], 3, 2)


def test_the_refused_start_time_can_be_given_as_the_track():
    plan = schedule(date(2025, 1, 6), ["mon", "wed"], 3, 2, track="15:00")
    assert {(time(15), time(18))} == {(s.start, s.end) for s in plan.sessions}


def test_a_midnight_datetime_start_carries_no_time_and_is_taken_as_its_date():
    pd = pytest.importorskip("pandas")
    expected = schedule(date(2025, 1, 6), ["mon", "wed"], 3, 2)
    assert expected == schedule(datetime(2025, 1, 6), ["mon", "wed"], 3, 2)
    assert expected == schedule(pd.Timestamp("2025-01-06"), ["mon", "wed"], 3, 2)
