"""The callback guard: iopkit errors reach the status area, anything else is logged, nothing escapes."""

from __future__ import annotations

import ipywidgets as widgets

from iopkit.errors import InvalidAnswerError
from iopkit.widgets import DISCLAIMER, StatusArea, guarded, home, load_css


def test_guard_shows_an_iopkit_error_message_in_the_status_area():
    status = StatusArea()

    @guarded(status)
    def on_click(_):
        raise InvalidAnswerError("PHQ-9 item 3: got 7; allowed 0, 1, 2, 3")

    button = widgets.Button(description="Score")
    button.on_click(on_click)
    button.click()
    assert "PHQ-9 item 3: got 7; allowed 0, 1, 2, 3" in status.value
    assert "iop-status-error" in status.value


def test_guard_logs_an_unexpected_error_and_shows_only_a_generic_message(caplog):
    status = StatusArea()

    @guarded(status)
    def on_click(_):
        raise RuntimeError("secret path /home/patient-42")

    on_click(None)
    assert "secret path" not in status.value and "Traceback" not in status.value
    assert "Something went wrong" in status.value
    logged = [r for r in caplog.records if "unexpected error in callback" in r.getMessage()]
    assert logged and logged[0].exc_info is not None
    caplog.clear()  # expected here; the harness fails any other test that logs it


def test_status_area_escapes_html():
    status = StatusArea()
    status.show("<script>alert(1)</script>", "error")
    assert "<script>" not in status.value


def test_home_links_only_the_dashboards_that_exist_and_shows_the_disclaimer():
    page = home(available={"01_intake.ipynb"})
    links, disclaimer = page.children[0].value, page.children[-1].value
    assert 'href="01_intake.ipynb"' in links and "02_placement.ipynb" not in links
    assert DISCLAIMER.split(";")[0] in disclaimer


def test_css_is_bundled_and_uses_no_cdn():
    css = load_css().value
    assert ".iop-status-error" in css and "http" not in css
