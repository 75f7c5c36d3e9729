"""The programme page acknowledges "Show report" at once (issue 12: every input -> its result within 100 ms): the
button pressed, the status saying what is computed, the report on display dimmed and its downloads taken away, before
the report is computed."""

from __future__ import annotations

import datetime as dt

import pytest

import iopkit.widgets.programme as programme


@pytest.fixture(scope="module")
def data():
    from iopkit.datasets.programme import demo_programme
    from iopkit.report import programme_data

    return programme_data(demo_programme(patients=20))


def _page(data):
    page = programme.ProgrammePage(store=None)
    page.data = data
    page.first_day.value, page.last_day.value = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
    page.body.value, page.downloads.value = "<p>the report before</p>", "<p>its links</p>"
    return page


def test_the_click_is_acknowledged_before_the_report_is_computed(data, monkeypatch):
    page = _page(data)
    seen = []
    shown, links = programme._shown, programme._links

    def computing(*args):
        seen.append(("computing", page.show_button.disabled, page.status.value, page.downloads.value))
        seen.append(("dimmed", "iop-programme-stale" in page.body._dom_classes, page.body.value))
        return shown(*args)

    def linking(report):
        seen.append(("linking", "01 Jan 2026 to 31 Mar 2026" in page.body.value, page.status.value))
        return links(report)

    monkeypatch.setattr(programme, "_shown", computing)
    monkeypatch.setattr(programme, "_links", linking)
    page.show_button.click()
    computing_said = (
        '<div class="iop-status-info" role="status" aria-live="polite">'
        "Computing the report from 2026-01-01 to 2026-03-31 ...</div>"
    )
    assert seen == [
        (
            "computing",
            True,
            '<div class="iop-status-info" role="status" aria-live="polite">'
            "Computing the report from 2026-01-01 to 2026-03-31 ...</div>",
            "",
        ),
        ("dimmed", True, "<p>the report before</p>"),
        ("linking", False, computing_said),  # still acknowledged while the links are built
    ]
    assert page.show_button.disabled is False and "iop-programme-stale" not in page.body._dom_classes
    assert page.status.value == "" and page.downloads.value.count("text/csv") == 10


def test_a_refused_range_leaves_the_button_usable_and_the_old_report_dimmed(data):
    page = _page(data)
    page.last_day.value = dt.date(2025, 12, 1)  # before the first day
    page.show_button.click()
    assert "end (2025-12-01) is before start (2026-01-01)" in page.status.value
    assert page.show_button.disabled is False
    assert page.body.value == "<p>the report before</p>" and "iop-programme-stale" in page.body._dom_classes
    assert page.downloads.value == ""  # never the old report's files under the new dates
