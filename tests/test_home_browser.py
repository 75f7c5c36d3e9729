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
