"""A roster for a member whose saved plan does not cover the session (walk23 finding 13).

DEMO-01's plan ran Mon/Wed/Fri 18:00, 3 h, 12 weeks from Mon 05 Jan 2026 (to Sun 29 Mar 2026); its log holds the
delivered sessions.  A morning group's roster on Wed 25 Nov 2026 once wrote a new attendance record (version 1,
``amends`` empty) that hid them all.  The roster now says, before saving and when Save is pressed, that no plan
covers the session, and saves nothing: a roster never starts a log that hides delivered sessions.  Dates, hours and
words are typed from the walk's case and the brief's wording, not from the code under test.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest

from iopkit.dose import DosePlan, schedule
from iopkit.dose.groups import Group, roster_log
from iopkit.episode import Episode
from iopkit.errors import DosePlanError
from iopkit.store import Store
from iopkit.widgets.groups import GroupsPage, save_group, save_roster

PLAN_START = dt.date(2026, 1, 5)  # Mon 05 Jan 2026
SESSION = dt.date(2026, 11, 25)  # Wed 25 Nov 2026
TODAY = dt.date(2026, 12, 4)
ENDED = "DEMO-01 has no plan covering 25 Nov 2026: the plan ended 29 Mar 2026"


@pytest.fixture
def clinic(tmp_path):
    """DEMO-01 with the Jan-Mar plan, its first three sessions attended (9 h); DEMO-02 with a plan from 23 Nov.

    Saved on ``TODAY`` (not the clock's day: after midnight UTC on 5 Dec the episode as of 4 Dec left them out).
    """
    store = Store(tmp_path / "walk23.sqlite")
    one, two = store.add_patient("DEMO-01"), store.add_patient("DEMO-02")
    store.save(one, DosePlan(9, 12, sessions_per_week=3), by="KM", when=TODAY)
    sched = schedule(PLAN_START, ["mon", "wed", "fri"], 3, 12, track="evening")
    store.save(one, sched, by="KM", when=TODAY)
    from iopkit.dose import Attendance

    log = Attendance(sched)
    for day in ("2026-01-05", "2026-01-07", "2026-01-09"):
        log = log.record(day, "attended", today=TODAY)
    store.save(one, log, by="KM", when=TODAY)
    store.save(two, DosePlan(9, 12, sessions_per_week=3), by="KM", when=TODAY)
    store.save(two, schedule("2026-11-23", ["mon", "wed", "fri"], 3, 12), by="KM", when=TODAY)
    group = Group("Early recovery AM", "morning", ["mon", "wed", "fri"], 3, "KM", members=(one, two))
    save_group(store, group, by="KM")
    return store, group, one, two


def test_the_roster_refuses_a_session_no_saved_plan_covers_and_saves_nothing(clinic):
    store, group, one, two = clinic
    with pytest.raises(DosePlanError) as refused:
        save_roster(
            store, group, SESSION, {one: "present", two: "present"}, by="JL", today=TODAY,
            names={one: "DEMO-01", two: "DEMO-02"},
        )  # fmt: skip
    assert str(refused.value).startswith(ENDED), str(refused.value)
    assert "save a plan that covers it on the Dose page, then save this roster again" in str(refused.value)
    assert refused.value.item == "date" and refused.value.value == SESSION
    assert len(store.history(one, "attendance")) == 1  # record of the Jan sessions, untouched
    assert store.latest(one, "attendance").item.delivered() == 9.0
    assert store.latest(two, "attendance") is None  # one transaction: nothing saved for anyone


def test_the_delivered_hours_stay_one_figure_after_the_refused_roster(clinic):
    store, group, one, two = clinic
    with pytest.raises(DosePlanError):
        save_roster(store, group, SESSION, {one: "present", two: "present"}, by="JL", today=TODAY)
    ep = Episode.from_store(store, one, as_of=TODAY)
    assert ep.dose is not None and ep.dose.delivered == 9.0  # the three Jan sessions, 3 h each
    assert ep.dose.planned_to_date == 108.0  # the whole plan (12 weeks x 9 h) has run by 29 Mar


def test_the_page_says_it_when_the_date_is_chosen_and_again_on_save(clinic):
    # walk24 finding 5: re-typed; the words are said once, on the member's row, and the status points to the row
    store, _group, one, _two = clinic
    page = GroupsPage(store)
    page.refresh("Early recovery AM")
    page.clinician.value = "JL"
    page.day.value = SESSION
    row = page.roster.children[0]
    assert ENDED in html.unescape(row.problem.value), row.problem.value
    said = html.unescape(page.roster_status.value)
    assert "Attendance on Wed 25 Nov 2026 cannot be saved yet: see DEMO-01's row." in said, said
    assert ENDED not in said
    page.take_button.click()
    said = html.unescape(page.roster_status.value)
    assert "see DEMO-01's row" in said and "iop-status-error" in page.roster_status.value, said
    assert html.unescape(row.problem.value).count(ENDED) == 1
    assert len(store.history(one, "attendance")) == 1


def test_a_plan_that_starts_later_or_meets_other_days_is_named():
    evening = schedule("2026-12-07", ["mon", "wed", "fri"], 3, 12, track="evening")
    group = Group("Early recovery AM", "morning", ["mon", "tue", "wed", "fri"], 3, "KM", members=(1,))
    with pytest.raises(DosePlanError, match="^DEMO-01 has no plan covering 25 Nov 2026: the plan starts 07 Dec 2026"):
        roster_log(group, SESSION, plan=evening, name="DEMO-01")
    tuesday = schedule("2026-11-23", ["mon", "wed", "fri"], 3, 12)
    with pytest.raises(DosePlanError, match=r"^DEMO-01 has no plan covering 24 Nov 2026: the plan has no session on "
                       r"Tuesdays \(it meets Monday, Wednesday and Friday\)"):  # fmt: skip
        roster_log(group, "2026-11-24", plan=tuesday, name="DEMO-01")


def test_a_member_with_no_plan_keeps_one_log_that_grows_with_each_roster(tmp_path):
    """No plan saved: the log is on the group's calendar; a session before it, or after its 12 weeks, extends it
    (the same record amended, earlier sessions carried), never a second record that hides the first."""
    store = Store(tmp_path / "noplan.sqlite")
    a = store.add_patient("DEMO-09")
    group = Group("Early recovery AM", "morning", ["mon", "wed", "fri"], 3, "KM", members=(a,))
    save_group(store, group, by="KM")
    save_roster(store, group, "2026-11-30", {a: "present"}, by="JL", today=TODAY)
    save_roster(store, group, SESSION, {a: ("left_early", 1.5)}, by="JL", today=TODAY)
    versions = store.history(a, "attendance")
    assert len(versions) == 2 and versions[-1].amends == versions[0].id
    log = store.latest(a, "attendance").item
    assert [(str(r.date), r.hours) for r in log.records] == [("2026-11-25", 1.5), ("2026-11-30", 3.0)]
    assert log.delivered() == 4.5
