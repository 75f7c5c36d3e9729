"""The groups page in headless Chromium: create a group of two patients and take three sessions' attendance,
counting the clicks one session takes (before: 20 clicks for six sessions of one patient on the dose page)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from .conftest import DASHBOARDS, assert_no_callback_failures, open_dashboard

pytestmark = pytest.mark.browser


def test_a_group_of_two_takes_three_sessions_in_the_roster(voila, page, demo_db):
    from iopkit.store import Store

    server = voila(DASHBOARDS)
    tag = uuid.uuid4().hex[:6]
    with Store(demo_db) as store:
        ids = [store.add_patient(f"GRP-{tag}-{k}") for k in (1, 2)]
    open_dashboard(server, page, "06_groups.ipynb?by=KM", ".iop-groups-page")
    page.wait_for_selector(f".iop-groups-page select >> text=GRP-{tag}-1", state="attached")
    # walk F11: the navigation bar of every page, and the initials the address carries
    assert page.locator(".iop-clinician input").input_value() == "KM"
    nav = page.locator(".iop-groups-page .iop-nav")
    assert nav.get_by_role("link", name="Dose & attendance").get_attribute("href") == "03_dose_planner.ipynb?by=KM"
    assert nav.locator("[aria-current=page]").inner_text() == "Groups & roster"
    page.get_by_label("Name").fill(f"Early recovery {tag}")
    page.get_by_label("Facilitator").fill("KM")
    page.get_by_label("Members").select_option(label=[f"GRP-{tag}-1", f"GRP-{tag}-2"])
    page.get_by_role("button", name="Save group").click()
    page.wait_for_selector(f".iop-status-ok:has-text('Saved Early recovery {tag}')")
    # walk F13 f: the confirmation is on the page once (its status area holds one line)
    assert page.get_by_text(f"Saved Early recovery {tag}").count() == 1
    page.wait_for_selector(".iop-roster-row >> nth=1")

    clicks = {}
    for day, left_early in (("2026-01-05", False), ("2026-01-07", True), ("2026-01-09", False)):
        n = 0
        page.locator(".iop-session-date input").fill(day)
        n += 1
        # the line above the roster names the session once the roster is drawn for it: marked only then
        page.wait_for_selector(f".iop-roster-day:has-text('on {dt.date.fromisoformat(day):%a %d %b %Y}')")
        second = page.locator(".iop-roster-row").nth(1)
        if left_early:
            second.get_by_role("radio", name="Left early").click()
            # walk24 finding 13: the hours are asked for (the box emptied to 0): typed once the question is shown
            second.locator(".iop-roster-problem:has-text('give the hours')").wait_for()
            assert second.get_by_label("Hours attended").input_value() == "0"
            second.get_by_label("Hours attended").fill("2")
            n += 2
        elif second.get_by_role("radio", name="Present").is_checked() is False:
            second.get_by_role("radio", name="Present").click()
            n += 1
        page.get_by_role("button", name="Save attendance").click()
        n += 1
        page.wait_for_selector(f".iop-status-ok:has-text('on {day}')")
        clicks[day] = n
    print(f"\nclicks per session (date, marks changed, save): {clicks}")
    # A session where everyone came is the date and Save; the marks start from "present" again after each save.
    assert clicks == {"2026-01-05": 2, "2026-01-07": 4, "2026-01-09": 2}

    with Store(demo_db) as store:
        delivered = [store.latest(p, "attendance").item.delivered() for p in ids]
        assert store.latest(ids[0], "group").item.members == tuple(ids)
    assert delivered == [9.0, 8.0]  # 3 x 3 h; 3 + 2 + 3 h (typed from the session length)
    # walk F14: the Wednesday session reopens as recorded; saving it unchanged is refused and changes nothing
    page.locator(".iop-session-date input").fill("2026-01-07")
    second = page.locator(".iop-roster-row").nth(1)
    page.wait_for_selector(".iop-roster-row >> nth=1 >> .iop-recorded:has-text('as left early, 2 h')")
    assert second.get_by_role("radio", name="Left early").is_checked()
    assert "by KM on" in second.locator(".iop-recorded").inner_text()
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_selector(".iop-status-error:has-text('Nothing saved')")
    with Store(demo_db) as store:
        assert [store.latest(p, "attendance").item.delivered() for p in ids] == [9.0, 8.0]
    assert page.get_by_text("Saved attendance").count() == 0  # the earlier confirmation is not left beside it
    radiogroups = page.locator(".iop-roster [role=radiogroup]")
    # the form's accessibility script names the radio groups just after the roster appears: wait for it
    page.wait_for_function(
        "() => document.querySelectorAll('.iop-roster [role=radiogroup]').length === 2", timeout=15_000
    )
    assert radiogroups.count() == 2
    assert_no_callback_failures(server)


def test_walk24_an_evening_plan_an_adolescent_and_a_late_arrival(voila, page, demo_db):
    """Walk24 findings 5, 12, 13 in Chromium: the walk's morning group (Mon/Wed/Fri 09:00, 3 h) with an adult whose
    plan is Mon-Fri 18:00-22:00 (4 h) and an adolescent; words typed from the walk and the brief."""
    from iopkit.dose import DosePlan, schedule
    from iopkit.entry import clinical_day
    from iopkit.store import Store

    server = voila(DASHBOARDS)
    tag = uuid.uuid4().hex[:6]
    adult, teen, late = f"W24-{tag}-A", f"W24-{tag}-T", f"W24-{tag}-L"
    with Store(demo_db) as store:
        a = store.add_patient(adult)
        store.add_patient(teen, adolescent=True)
        store.add_patient(late)
        store.save(a, DosePlan(20, 12, sessions_per_week=5), by="KM")
        store.save(a, schedule("2026-10-05", ["mon", "tue", "wed", "thu", "fri"], 4, 12, track="18:00"), by="KM")
    open_dashboard(server, page, "06_groups.ipynb?by=KM", ".iop-groups-page")
    page.wait_for_selector(f".iop-groups-page select >> text={teen}", state="attached")
    # finding 13: the session date starts on today, the clinic's day
    assert page.locator(".iop-session-date input").input_value() == clinical_day().isoformat()
    page.get_by_label("Name").fill(f"Early recovery AM {tag}")
    page.get_by_label("Facilitator").fill("KM")
    page.get_by_label("Members").select_option(label=[adult, teen, late])
    # finding 12: said as the members are chosen, and kept after Save group
    warning = page.locator(".iop-group-ages .iop-flag-warning")
    warning.wait_for()
    assert warning.inner_text().startswith(f"{teen} is an adolescent (under 18): this group is for adults.")
    page.get_by_role("button", name="Save group").click()
    page.wait_for_selector(f".iop-status-ok:has-text('Saved Early recovery AM {tag}')")
    page.wait_for_selector(".iop-roster-row >> nth=2")
    assert page.locator(".iop-group-ages .iop-flag-warning").count() == 1
    page.get_by_role("radiogroup", name=f"{teen} (adolescent)").wait_for()
    # finding 5: Mon 30 Nov 2026; the adult's own session is 18:00-22:00: said on her row, the status points to it
    page.locator(".iop-session-date input").fill("2026-11-30")
    row = page.locator(".iop-roster-row", has_text=adult)
    said = row.locator(".iop-roster-problem .iop-status-error:has-text('Mon 30 Nov 2026')")
    said.wait_for()
    assert said.inner_text().startswith(
        f"{adult}'s plan has 18:00-22:00 (4 h) on Mon 30 Nov 2026; Early recovery AM {tag} meets 09:00-12:00 (3 h)"
    )
    status = page.locator(".iop-status-error", has_text="on Mon 30 Nov 2026 cannot be saved yet")
    assert status.inner_text() == f"Attendance on Mon 30 Nov 2026 cannot be saved yet: see {adult}'s row."
    assert page.get_by_text("18:00-22:00 (4 h)").count() == 1  # the words once
    # finding 13: Late asks the hours; Save then says it on the row, never "typed"
    third = page.locator(".iop-roster-row", has_text=late)
    third.get_by_role("radio", name="Late").click()
    third.locator(".iop-roster-problem:has-text('give the hours')").wait_for()
    assert third.get_by_label("Hours attended").input_value() == "0"
    assert "typed" not in third.locator(".iop-roster-problem").inner_text()
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_selector(f".iop-status-error:has-text('see {adult}')")
    with Store(demo_db) as store:
        assert store.latest(a, "attendance") is None
    assert_no_callback_failures(server)
