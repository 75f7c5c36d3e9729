"""The roster in headless Chromium (1366 px): a member's open safety flags as a red marker on their row, and a
member whose saved plan ended named before Save (walk23 findings 14 and 13)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from .conftest import DASHBOARDS, assert_no_callback_failures, open_dashboard

pytestmark = pytest.mark.browser


def test_the_roster_shows_open_flags_and_a_plan_that_ended(voila, page, demo_db):
    from iopkit import score
    from iopkit.dose import DosePlan, schedule
    from iopkit.dose.groups import Group
    from iopkit.records import DrugScreen
    from iopkit.store import Store
    from iopkit.widgets.groups import save_group

    server = voila(DASHBOARDS)
    tag = uuid.uuid4().hex[:6]
    flagged, ended = f"W23-{tag}-A", f"W23-{tag}-B"
    with Store(demo_db) as store:
        a, b = store.add_patient(flagged), store.add_patient(ended)
        store.save(a, score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 2]), by="JL", when=dt.date(2026, 11, 24))
        store.save(a, score("cssrs_screen", [1, 1, 1, 0, 0, 0, 0]), by="JL", when=dt.date(2026, 11, 24))
        fentanyl = DrugScreen(dt.date(2026, 11, 30), "urine 12-panel", positive=["fentanyl"], negative=["opiates"])
        store.save(a, fentanyl, by="JL", when=dt.date(2026, 11, 30))
        store.save(b, DosePlan(9, 12, sessions_per_week=3), by="KM")
        store.save(b, schedule("2026-01-05", ["mon", "wed", "fri"], 3, 12, track="evening"), by="KM")
        save_group(store, Group(f"AM {tag}", "morning", ["mon", "wed", "fri"], 3, "KM", members=(a, b)), by="KM")
    open_dashboard(server, page, "06_groups.ipynb?by=JL", ".iop-groups-page")
    page.wait_for_selector(f".iop-group-choose select >> text=AM {tag}", state="attached")
    page.locator(".iop-group-choose select").select_option(label=f"AM {tag}")
    marker = page.locator(".iop-roster-row", has_text=flagged).locator(".iop-roster-flags")
    marker.wait_for(state="visible")
    assert marker.inner_text() == "⚑ open safety flags (2 suicide risk, 1 overdose risk): see chart"
    assert marker.get_by_role("link", name="see chart").get_attribute("href") == (
        f"04_progress.ipynb?patient={flagged}&by=JL"
    )
    box = marker.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1366, box  # on the screen, not clipped off its right
    assert page.locator(".iop-roster-row", has_text=ended).locator(".iop-roster-flags").count() == 0
    page.locator(".iop-session-date input").fill("2026-11-25")
    # the session date now starts on today (walk24 finding 13), whose refusal is said at once: wait for 25 Nov's
    said = page.locator(".iop-status-error", has_text="has no plan covering 25 Nov 2026")
    said.wait_for()
    assert f"{ended} has no plan covering 25 Nov 2026: the plan ended 29 Mar 2026" in said.inner_text()
    assert page.locator(".iop-session-date").locator("..").locator(".iop-day-note").inner_text() == ""
    assert_no_callback_failures(server)
