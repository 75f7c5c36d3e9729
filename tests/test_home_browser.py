"""The home dashboard renders in headless Chromium with no error."""

from __future__ import annotations

import pytest

from .conftest import DASHBOARDS, assert_no_callback_failures, open_dashboard

pytestmark = pytest.mark.browser


def test_home_dashboard_renders_with_links_and_disclaimer(voila, page):
    server = voila(DASHBOARDS)
    open_dashboard(server, page, "00_home.ipynb", ".iop-home")
    text = page.inner_text(".iop-home")
    assert "does not diagnose" in text
    for notebook in sorted(DASHBOARDS.glob("0[1-9]_*.ipynb")):
        assert page.locator(f'a[href="{notebook.name}"]').count() == 1
    assert_no_callback_failures(server)
