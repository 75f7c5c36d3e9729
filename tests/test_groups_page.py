"""The groups page without a browser: define a group, take a session for the whole roster, make-ups.

Expected hours are typed from the group's definition (3 h sessions; 2 h for a member who left early), not
computed by the code under test.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest

from iopkit.dose.groups import Group
from iopkit.store import Store
from iopkit.widgets.groups import GroupsPage, groups_in, save_group, save_roster

MONDAY = dt.date(2025, 1, 6)


@pytest.fixture
def page(tmp_path):
    store = Store(tmp_path / "g.sqlite")
    a, b = store.add_patient("IOP-A"), store.add_patient("IOP-B")
    page = GroupsPage(store)
    page.refresh()
    page.clinician.value = "KM"
    page.name.value, page.facilitator.value = "Early recovery", "KM"
    page.days.value, page.hours.value = ("mon", "wed", "fri"), 3
    page.members.value = (a, b)
    page.ids = (a, b)
    return page


def test_a_group_is_saved_on_each_member_and_read_back(page):
    page.save_button.click()
    assert "Saved Early recovery" in page.define_status.value
    ((name, (group, held)),) = groups_in(page.store).items()
    assert name == "Early recovery" and group.members == page.ids and set(held) == set(page.ids)
    assert page.choose.value == "Early recovery" and len(page.roster.children) == 2


def test_one_screen_takes_the_whole_roster_and_each_dose_follows(page):
    page.save_button.click()
    a, b = page.ids
    for k, day in enumerate((MONDAY, MONDAY + dt.timedelta(days=2), MONDAY + dt.timedelta(days=4))):
        page.day.value = day
        if k == 1:  # B left after two hours of the Wednesday session
            page.roster.children[1].mark.value = "left_early"
            page.roster.children[1].hours.value = 2
        else:
            page.roster.children[1].mark.value = "present"
        page.take_button.click()
        assert "Saved attendance" in page.roster_status.value, page.roster_status.value
    logs = {p: page.store.latest(p, "attendance").item for p in page.ids}
    assert logs[a].delivered() == 9.0  # three full 3 h sessions
    assert logs[b].delivered() == 8.0  # 3 + 2 + 3
    assert [str(r.status) for r in logs[b].records] == ["attended", "partial", "attended"]
    assert len(page.store.history(a, "attendance")) == 3  # one log, amended per session


def test_absences_are_recorded_as_missed(page):
    page.save_button.click()
    page.day.value = MONDAY
    page.roster.children[0].mark.value = "absent_excused"
    page.roster.children[1].mark.value = "absent_unexcused"
    page.take_button.click()
    for p in page.ids:
        (record,) = page.store.latest(p, "attendance").item.records
        assert str(record.status) == "missed" and record.hours == 0.0


def test_a_session_in_the_future_is_refused_and_nothing_saved(page):
    page.save_button.click()
    day = dt.date.today() + dt.timedelta(days=7)
    while day.weekday() != 0:
        day += dt.timedelta(days=1)
    page.day.value = day
    page.take_button.click()
    assert "future" in page.roster_status.value
    assert all(page.store.latest(p, "attendance") is None for p in page.ids)


def test_a_day_the_group_does_not_meet_is_refused(page):
    page.save_button.click()
    page.day.value = MONDAY + dt.timedelta(days=1)
    page.take_button.click()
    assert "does not meet" in page.roster_status.value


def test_the_roster_names_the_session_it_is_drawn_for(page):
    """The line above the roster says which session the marks on screen belong to, set once the roster is drawn for
    the date chosen (a recorded session's marks are the recorded ones): words typed from the group's definition."""
    page.save_button.click()
    said = lambda: html.unescape(page.roster_day.value)  # noqa: E731
    wednesday = MONDAY + dt.timedelta(days=2)
    page.day.value = wednesday
    assert "Roster of Early recovery on Wed 08 Jan 2025, 09:00-12:00." in said()
    page.roster.children[1].mark.value = "absent_excused"
    page.take_button.click()
    assert "Saved attendance of Early recovery on 2025-01-08" in page.roster_status.value
    assert "Roster of Early recovery: choose the session date." in said()  # the next session: no date yet
    page.day.value = wednesday  # reopened as recorded: the recorded marks, under the same date
    assert "Roster of Early recovery on Wed 08 Jan 2025, 09:00-12:00." in said()
    assert page.roster.children[1].mark.value == "absent_excused"
    page.day.value = MONDAY + dt.timedelta(days=1)
    assert "Early recovery does not meet on Tuesday 2025-01-07 (it meets on Monday, Wednesday, Friday)" in said()
    assert page.roster.children[1].mark.value == "present"  # a recorded session's marks are not carried to another


def test_attendance_goes_into_the_patients_own_schedule_when_it_holds_the_session(tmp_path):
    from iopkit.dose import schedule

    store = Store(tmp_path / "s.sqlite")
    a = store.add_patient("IOP-A")
    store.save(a, schedule(MONDAY, ["mon", "wed", "fri"], 3, 8), by="KM")
    group = Group("Early recovery", "morning", ["mon", "wed", "fri"], 3, "KM", members=(a,))
    save_group(store, group, by="KM")
    save_roster(store, group, MONDAY, {a: "present"}, by="KM", today=MONDAY, when=MONDAY)
    log = store.latest(a, "attendance").item
    assert log.schedule.weeks == 8 and log.delivered() == 3.0


def test_changing_the_group_amends_each_members_record(page):
    page.save_button.click()
    page.facilitator.value = "RD"
    page.save_button.click()
    group, held = groups_in(page.store)["Early recovery"]
    assert group.facilitator == "RD" and all(r.version == 2 for r in held.values())


def test_make_up_session_proposed_when_a_holiday_drops_the_week_below_nine_hours(page):
    page.save_button.click()
    page.first_day.value, page.weeks.value = dt.date(2025, 12, 22), 2
    # Closed Wednesday 24 and Thursday 25 December: week 1 has Monday and Friday, 6 h, under the 9 h minimum;
    # the only free weekday left that week is Tuesday 23.
    page.holidays.value = "2025-12-24, 2025-12-25"
    page.makeup_button.click()
    assert "Tue 2025-12-23 09:00-12:00" in page.makeups.value and "9 h" in page.makeups.value
    # the minimum's source is shown as its citation (ASAM Criteria, 3rd ed.), not as bibliography keys
    assert "ASAM Criteria, 3rd ed. (Mee-Lee et al. 2013)" in page.makeups.value
    assert "samhsa_iop_advisory2021;" not in page.makeups.value
    page.holidays.value = ""
    page.makeup_button.click()
    assert "no make-up session needed" in page.makeups.value


def test_roster_clicks_for_one_session():
    """One session for the whole group: pick the date, then Save (present is the default mark)."""
    clicks = {"date": 1, "save": 1}
    assert sum(clicks.values()) == 2


def _reopened(store):
    """The page as a clinician opens it later: a new page, the group chosen."""
    page = GroupsPage(store)
    page.refresh("Early recovery")
    page.clinician.value = "RD"
    return page


def _first_session(page):
    """Monday: A present, B absent without excuse (walk F14's session)."""
    page.save_button.click()
    page.day.value = MONDAY
    page.roster.children[1].mark.value = "absent_unexcused"
    page.take_button.click()
    assert "Saved attendance" in page.roster_status.value, page.roster_status.value


class TestARecordedSessionReopened:
    """Walk F14: a recorded session opens with its recorded marks; saving again is an amendment with a reason."""

    def test_it_opens_with_the_recorded_marks_and_who_recorded_them(self, page):
        _first_session(page)
        again = _reopened(page.store)
        again.day.value = MONDAY
        a, b = again.roster.children
        assert (a.mark.value, b.mark.value) == ("present", "absent_unexcused")
        assert "by KM on" in b.note.value and "as absent, unexcused" in b.note.value
        assert "Early recovery&#x27;s roster" in b.note.value
        assert "already recorded" in again.roster_status.value
        assert again.reason.layout.display == "flex"

    def test_saving_it_unchanged_is_refused_and_the_absence_stays(self, page):
        _first_session(page)
        b = page.ids[1]
        again = _reopened(page.store)
        again.day.value = MONDAY
        again.take_button.click()  # the two-action path of the walk
        assert "Nothing saved" in again.roster_status.value, again.roster_status.value
        log = again.store.latest(b, "attendance").item
        assert log.delivered() == 0.0  # still the unexcused absence, 0 h
        assert len(again.store.history(b, "attendance")) == 1

    def test_changing_a_recorded_absence_needs_a_reason_then_amends_it(self, page):
        _first_session(page)
        a, b = page.ids
        again = _reopened(page.store)
        again.day.value = MONDAY
        again.roster.children[1].mark.value = "present"
        again.take_button.click()
        assert "give the reason" in again.roster_status.value, again.roster_status.value
        assert "IOP-B: absent, unexcused -&gt; present, 3 h" in again.roster_status.value
        assert again.store.latest(b, "attendance").item.delivered() == 0.0  # nothing saved without the reason
        again.reason.value = "signed in late at the front desk"
        again.take_button.click()
        assert "Amended the recorded attendance" in again.roster_status.value, again.roster_status.value
        latest = again.store.latest(b, "attendance")
        assert latest.item.delivered() == 3.0 and latest.by == "RD"
        assert latest.reason == "group attendance amended: signed in late at the front desk"
        assert latest.amends == again.store.history(b, "attendance")[0].id
        assert len(again.store.history(a, "attendance")) == 1  # A's mark did not change: not saved again

    def test_a_member_who_left_early_reopens_as_left_early_with_the_hours(self, page):
        page.save_button.click()
        page.day.value = MONDAY
        page.roster.children[0].mark.value = "left_early"
        page.roster.children[0].hours.value = 2
        page.take_button.click()
        again = _reopened(page.store)
        again.day.value = MONDAY
        row = again.roster.children[0]
        assert (row.mark.value, row.hours.value) == ("left_early", 2.0)
        assert "as left early, 2 h" in row.note.value

    def test_after_a_save_the_next_date_starts_from_everyone_present(self, page):
        _first_session(page)
        assert page.day.value is None
        page.day.value = MONDAY + dt.timedelta(days=2)
        assert [row.mark.value for row in page.roster.children] == ["present", "present"]
        assert page.reason.layout.display == "none"


class TestNavigation:
    """Walk F11: the groups page has the navigation bar and takes the initials from the address."""

    def test_the_address_fills_the_initials_and_the_bar_carries_them(self, page, monkeypatch):
        monkeypatch.setenv("QUERY_STRING", "patient=IOP-A&by=QA")
        page.clinician.value = ""
        page._open()
        assert page.clinician.value == "QA"
        assert 'class="iop-nav"' in page.nav.value
        assert 'href="03_dose_planner.ipynb?patient=IOP-A&amp;by=QA"' in page.nav.value
        assert 'aria-current="page"' in page.nav.value and ">Groups &amp; roster</a>" in page.nav.value
        assert "#iop-summary" not in page.nav.value  # no one patient's chart here


def test_the_dose_page_says_which_roster_entry_it_replaces_and_redraws_the_calendar(tmp_path):
    """Walk F15: "Missed" over a session taken on the roster names what it replaces; the calendar follows at once."""
    import html
    import re

    from iopkit.dose import DosePlan, schedule
    from iopkit.widgets import dose_app

    store = Store(tmp_path / "f15.sqlite")
    a = store.add_patient("IOP-A")
    store.save(a, DosePlan(9, 8, sessions_per_week=3), by="KM")
    store.save(a, schedule(MONDAY, ["mon", "wed", "fri"], 3, 8), by="KM")
    group = Group("Early recovery", "morning", ["mon", "wed", "fri"], 3, "KM", members=(a,))
    save_group(store, group, by="KM")
    save_roster(store, group, MONDAY, {a: ("left_early", 2)}, by="QA", today=MONDAY, when=MONDAY)

    app = dose_app(store)
    app.start()
    app.picker.choose.value = a
    app.picker.clinician.value = "RD"
    monday = re.compile(r"Mon 06 Jan 09:00-12:00</span> <strong>([^<]*)</strong>")
    assert monday.search(app.calendar.value).group(1) == "left early, 2 h"  # walk23 finding 6: as the roster took it
    app.session.value, app.outcome.value, app.excused.value = MONDAY.isoformat(), "missed", "no"
    app.record.click()
    said = html.unescape(app.status.value)
    assert "recorded on Early recovery's roster by QA on" in said, said
    assert "as left early, 2 h" in said
    assert monday.search(app.calendar.value).group(1) == "missed, unexcused, 0 h"  # before any save or reload
    app.save_attendance.click()
    said = html.unescape(app.status.value)
    assert "it replaces the attendance of 2025-01-06 recorded on Early recovery's roster by QA" in said, said
    assert store.latest(a, "attendance").item.delivered() == 0.0
    assert monday.search(app.calendar.value).group(1) == "missed, unexcused, 0 h"


def test_a_missed_session_with_the_excuse_not_said_reads_plainly():
    """Walk F15: the calendar's words for a missed session recorded without saying whether it was excused."""
    from iopkit.dose import SessionMark

    assert SessionMark.MISSED.label == "missed (excused or not: not said)"


class TestAfterASave:
    """Walk23 finding 4: after a save the date empties without a red word beside it; an empty date is said only when
    Save is pressed with it empty; one member is "1 member"."""

    def test_the_emptied_date_shows_no_error_and_one_member_is_singular(self, tmp_path):
        store = Store(tmp_path / "f4.sqlite")
        a = store.add_patient("IOP-A")
        save_group(store, Group("Scratch group W23", "morning", ["mon"], 3, "KM", members=(a,)), by="KM")
        page = GroupsPage(store)
        page.refresh("Scratch group W23")
        page.clinician.value = "JL"
        page.day.value = dt.date(2026, 11, 23)
        page.take_button.click()
        assert "Saved attendance of Scratch group W23 on 2026-11-23 for 1 member (delivered so far: IOP-A 3 h)." in (
            page.roster_status.value
        ), page.roster_status.value
        assert page.day.value is None and page.day.note.value == ""
        page.take_button.click()  # Save with the date empty: now it is said, beside the date and in the status
        assert "Enter the date: today or earlier." in page.day.note.value
        assert "Choose the session date." in page.roster_status.value


def test_hours_typed_over_the_session_reach_the_refusal_as_typed(page):
    """Walk23 finding 15: "Left early" with 4 h typed on a 3 h session is refused naming the 4 typed; walk24 finding
    13: re-typed, the hours "given" (never "typed") and said on the member's row, the status pointing to it."""
    page.save_button.click()
    page.day.value = MONDAY
    row = page.roster.children[1]
    row.mark.value, row.hours.value = "left_early", 4
    page.take_button.click()
    assert (
        "Left early means part of the 3 h session: give the hours IOP-B attended, more than 0 and under 3 h (4 h "
        "given); if IOP-B was there the whole session, mark Present." in html.unescape(row.problem.value)
    ), row.problem.value
    assert "Nothing saved: see IOP-B's row." in html.unescape(page.roster_status.value), page.roster_status.value
    assert all(page.store.latest(p, "attendance") is None for p in page.ids)


class TestWalk24:
    """Walk24 findings 5, 12, 13 on the page: the walk's group (Mon/Wed/Fri 09:00, 3 h) and members; words typed
    from the walk and the brief."""

    FRIDAY = dt.date(2026, 12, 4)

    @pytest.fixture
    def clinic(self, tmp_path, monkeypatch):
        from iopkit.dose import DosePlan, schedule

        monkeypatch.setattr("iopkit.widgets.base.clinical_day", lambda *a: self.FRIDAY)
        store = Store(tmp_path / "walk24.sqlite")
        one, two = store.add_patient("DEMO-01"), store.add_patient("DEMO-02")
        three, five = store.add_patient("DEMO-03", adolescent=True), store.add_patient("DEMO-05")
        store.save(five, DosePlan(20, 12, sessions_per_week=5), by="KM")
        store.save(five, schedule("2026-10-05", ["mon", "tue", "wed", "thu", "fri"], 4, 12, track="18:00"), by="KM")
        page = GroupsPage(store)
        page.refresh()
        page.clinician.value = "KM"
        page.name.value, page.facilitator.value = "Early recovery AM", "KM"
        page.days.value, page.hours.value = ("mon", "wed", "fri"), 3
        page.ids = (one, two, three, five)
        return page

    def test_an_adolescent_in_an_adult_group_is_warned_and_marked_on_the_row(self, clinic):
        page = clinic
        page.members.value = page.ids
        warned = html.unescape(page.ages.value)
        assert "DEMO-03 is an adolescent (under 18): this group is for adults." in warned, warned
        page.save_button.click()
        assert "Saved Early recovery AM" in page.define_status.value
        assert "DEMO-03 is an adolescent (under 18): this group is for adults." in html.unescape(page.ages.value)
        labels = [row.mark.description for row in page.roster.children]
        assert labels == ["DEMO-01", "DEMO-02", "DEMO-03 (adolescent)", "DEMO-05"]
        page.members.value = page.ids[:2]
        assert page.ages.value == ""  # adults only

    def test_the_session_date_starts_on_today(self, clinic):
        assert clinic.day.value == self.FRIDAY

    def test_a_member_whose_plan_is_in_the_evening_is_said_on_her_row_and_nothing_is_saved(self, clinic):
        page = clinic
        page.members.value = page.ids
        page.save_button.click()
        page.day.value = self.FRIDAY
        rows = {row.label: row for row in page.roster.children}
        said = html.unescape(rows["DEMO-05"].problem.value)
        assert (
            "DEMO-05's plan has 18:00-22:00 (4 h) on Fri 04 Dec 2026; Early recovery AM meets 09:00-12:00 (3 h)" in said
        ), said
        assert all(rows[n].problem.value == "" for n in ("DEMO-01", "DEMO-02", "DEMO-03"))
        assert "Attendance on Fri 04 Dec 2026 cannot be saved yet: see DEMO-05's row." in html.unescape(
            page.roster_status.value
        )
        page.take_button.click()
        status = html.unescape(page.roster_status.value)
        assert "see DEMO-05's row" in status and "18:00-22:00" not in status, status  # the words once, on the row
        assert all(page.store.latest(p, "attendance") is None for p in page.ids)

    def test_late_asks_the_hours_and_never_says_typed(self, clinic):
        page = clinic
        page.members.value = page.ids[:2]
        page.save_button.click()
        page.day.value = self.FRIDAY
        row = page.roster.children[1]
        row.mark.value = "late"
        assert row.hours.value == 0  # the whole session is not pre-filled for a late arrival
        asked = html.unescape(row.problem.value)
        assert "Late means part of the 3 h session: give the hours DEMO-02 attended, more than 0 and under 3 h." in (
            asked
        )
        assert "iop-status-info" in row.problem.value  # asked, not yet an error
        page.take_button.click()
        assert "Nothing saved: see DEMO-02's row." in html.unescape(page.roster_status.value)
        assert "typed" not in html.unescape(row.problem.value) + page.roster_status.value
        row.hours.value = 2.5
        assert row.problem.value == ""
        page.take_button.click()
        assert "Saved attendance of Early recovery AM on 2026-12-04" in page.roster_status.value, (
            page.roster_status.value
        )
        assert page.store.latest(page.ids[1], "attendance").item.delivered() == 2.5  # typed: 2.5 h of a 3 h session
