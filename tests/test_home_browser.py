"""The home dashboard renders in headless Chromium with no error and lists the store's patients."""

from __future__ import annotations

import pytest

from .conftest import DASHBOARDS, assert_no_callback_failures, open_dashboard

pytestmark = pytest.mark.browser


def test_home_dashboard_renders_with_links_patients_and_disclaimer(voila, page, demo_db):
    from iopkit.placement import recommend
    from iopkit.store import Store

    with Store(demo_db) as store:
        pid = store.add_patient("BT-HOME-1", display_name="Home Test (fictional)")
        store.save(pid, recommend({1: 0, 2: 0, 3: 2, 4: 1, 5: 2, 6: 1}), by="seed")
    server = voila(DASHBOARDS)
    open_dashboard(server, page, "00_home.ipynb", ".iop-home")
    assert "does not diagnose" in page.inner_text(".iop-home")
    for notebook in sorted(DASHBOARDS.glob("0[1-9]_*.ipynb")):
        assert page.locator(f'.iop-dashboards a[href="{notebook.name}"]').count() == 1
    row = page.locator(".iop-patients tr", has_text="BT-HOME-1")
    row.wait_for(state="visible")
    assert "Home Test (fictional)" in row.inner_text() and "2.1" in row.inner_text()
    assert_no_callback_failures(server)


def test_the_caseload_paints_a_critical_flag_red_and_a_warning_amber(voila, page, demo_db):
    # physician review R25a: the caseload painted every open flag red; now each by its severity (an AUDIT item 6 flag
    # is a warning: amber, as on the placement page). Colours as the page computes them, the JupyterLab light theme's
    # error and warning colours typed from its variables (--jp-error-color1 #d32f2f, --jp-warn-color1 #f57c00).
    from iopkit import score
    from iopkit.store import Store

    with Store(demo_db) as store:
        pid = store.add_patient("BT-HOME-R25A", display_name="Flag Colours (fictional)")
        store.save(pid, score("audit", [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]), by="seed")  # item 6 at 1: a warning
        store.save(pid, score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1]), by="seed")  # item 9 at 1: critical
    server = voila(DASHBOARDS)
    open_dashboard(server, page, "00_home.ipynb", ".iop-home")
    row = page.locator(".iop-patients tr", has_text="BT-HOME-R25A")
    row.wait_for(state="visible")
    red, amber = row.locator(".iop-flag-critical"), row.locator(".iop-flag-warning")
    assert red.inner_text().startswith("Possible suicidal ideation (PHQ-9 item 9")
    assert amber.inner_text().startswith("AUDIT item 6, morning drink")
    border = "(el) => getComputedStyle(el).borderTopColor"
    assert red.evaluate(border) == "rgb(211, 47, 47)"
    assert amber.evaluate(border) == "rgb(245, 124, 0)"
    # the chart header of the same patient, opened from the caseload's link: the same two colours
    open_dashboard(server, page, "04_progress.ipynb?patient=BT-HOME-R25A&by=QA", ".iop-progress-page")
    page.wait_for_selector(".iop-chart-header .iop-open-flags")
    red = page.locator(".iop-chart-header .iop-open-flags li.iop-flag-critical")
    amber = page.locator(".iop-chart-header .iop-open-flags li.iop-flag-warning")
    assert red.inner_text().startswith("Possible suicidal ideation (PHQ-9 item 9")
    assert amber.inner_text().startswith("AUDIT item 6, morning drink")
    assert red.evaluate(border) == "rgb(211, 47, 47)"
    assert amber.evaluate(border) == "rgb(245, 124, 0)"
    assert_no_callback_failures(server)


def test_the_caseload_lists_current_patients_and_the_discharged_behind_a_button(voila, page, demo_db):
    # walk24 finding 3: a patient the programme report counts as discharged (no attended session for more than 30 days)
    # is not on the default list; their open safety flag is said in red above it; "Show discharged (N)" lists them with
    # when they were last in the programme
    import datetime as dt

    from iopkit import score
    from iopkit.dose import Attendance, schedule
    from iopkit.entry import clinical_day
    from iopkit.placement import Placement, recommend
    from iopkit.placement.levels import LevelOfCare
    from iopkit.store import Store

    today = clinical_day()
    start = today - dt.timedelta(days=70 + today.weekday())  # a Monday ten weeks ago
    with Store(demo_db) as store:
        pid = store.add_patient("BT-HOME-GONE", display_name="Gone Away (fictional)")
        rec = recommend({1: 0, 2: 0, 3: 2, 4: 2, 5: 3, 6: 2})
        store.save(pid, Placement(rec, LevelOfCare.from_code("2.1"), "clinical judgement"), by="seed", when=start)
        store.save(pid, score("phq9", [1] * 9), by="seed", when=start)  # item 9 at 1: an open flag
        log = Attendance(schedule(start, ["mon", "wed", "fri"], 3, 2)).record(start, "attended", today=today)
        store.save(pid, log, by="seed", when=start)
    server = voila(DASHBOARDS)
    open_dashboard(server, page, "00_home.ipynb", ".iop-home")
    page.locator(".iop-caseload-count").wait_for(state="visible")
    assert page.locator(".iop-patients tr", has_text="BT-HOME-GONE").count() == 0
    assert "still has an open safety flag" in page.inner_text(".iop-former-flags") or "still have" in page.inner_text(
        ".iop-former-flags"
    )
    button = page.locator(".iop-show-former button, button.iop-show-former").first
    assert button.inner_text().startswith("Show discharged (")
    button.click()
    row = page.locator(".iop-patients tr", has_text="BT-HOME-GONE")
    row.wait_for(state="visible")
    assert f"Last in the programme {start:%d %b %Y}: no attended session since then" in row.inner_text()
    assert (
        page.locator(".iop-show-former button, button.iop-show-former")
        .first.inner_text()
        .startswith("Show current patients (")
    )
    assert_no_callback_failures(server)
