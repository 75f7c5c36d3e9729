"""The programme dashboard page shows the library's numbers, and the notebook prints the same ones."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from iopkit.datasets.programme import demo_programme
from iopkit.report import programme_data, programme_report
from iopkit.report.html import table_html

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "05_programme_report.ipynb"
#: The columns the notebook prints of each table (its ``show`` calls).
PRINTED = {
    "census": ["level", "track", "census_start", "census_end", "average_daily_census", "admissions", "discharges"],
    "level_changes": ["level", "track", "stays", "step_downs", "step_down_rate", "step_ups", "step_up_rate"],
    "length_of_stay": ["level", "track", "discharged", "median_days", "q1_days", "q3_days"],
    "retention": ["level", "track", "admitted", "ended", "retained_90d", "retained_90d_low", "retained_90d_high"],
    "retention_comparison": ["level", "admitted", "ended", "expected_ended", "chi_square", "df", "p_value"],
    "dose": [
        "level",
        "track",
        "patient_weeks",
        "planned_hours",
        "delivered_hours",
        "minimum_hours",
        "weeks_meeting_minimum",
        "share_meeting_minimum",
    ],
    "measurement": ["instrument", "level", "track", "admissions", "baseline_rate", "follow_up_due", "follow_up_rate"],
    "outcomes": [
        "instrument",
        "level",
        "track",
        "response_eligible",
        "response_rate",
        "remission_eligible",
        "remission_rate",
    ],
    "drug_screens": ["level", "track", "screens", "positive", "positivity"],
    "safety_flags": [
        "level",
        "track",
        "flags_raised",
        "raised_by_late_correction",
        "first_closed",
        "median_days_to_first_closing",
        "withdrawn_by_correction",
        "carried_in",
        "closed_at_end",
        "open_never_closed_at_end",
        "open_again_at_end",
        "open_oldest_age_days",
    ],
}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """The demo database `make serve` and `iopkit demo` build (the clinic's five and the synthetic programme)."""
    from iopkit.demo import PINNED_DAY, build_demo_db

    # built on the pinned day: the clinic's five inside the programme's dated year, whose days the page's tests type
    return build_demo_db(tmp_path_factory.mktemp("programme") / "demo.sqlite", today=PINNED_DAY)


@pytest.fixture(scope="module")
def demo_page(demo_db):
    from iopkit.store import Store
    from iopkit.widgets.programme import ProgrammePage

    with Store(demo_db) as store:
        page = ProgrammePage(store)
        page.start()
        yield page


def test_page_numbers_equal_the_library_on_the_demo_database(demo_page, demo_db):
    from iopkit.store import Store

    assert demo_page.status.value == ""
    assert (demo_page.first_day.value, demo_page.last_day.value) == (dt.date(2025, 11, 2), dt.date(2026, 11, 1))
    with Store(demo_db) as store:
        library = programme_report(programme_data(store), "2025-11-02", "2026-11-01")
    for name, table in library.tables.items():
        pd.testing.assert_frame_equal(demo_page.report.tables[name], table, check_dtype=False)
        assert table_html(table) in demo_page.body.value  # what the page shows is the library's table
    comparison = library.retention_comparison  # the log-rank test between levels, in words
    assert comparison.startswith("Log-rank test") and comparison in demo_page.body.value
    everyone = library.tables["safety_flags"].query("level == 'all'")
    assert everyone[["first_closed", "open_never_closed_at_end"]].min(axis=None) > 0


def test_the_demo_database_holds_the_synthetic_programme(demo_db):
    """The programme in the demo database is demo_programme() record for record (what the datasets read)."""
    from iopkit.store import Store

    demo = demo_programme()
    with Store(demo_db) as store:
        everyone = store.snapshot()
        synthetic = [p for p in everyone.patients() if p.pseudonym.startswith("SYN-")]
        assert [p.pseudonym for p in synthetic] == [p.pseudonym for p in demo.patients()]
        for mine, theirs in zip(synthetic, demo.patients()):
            assert _comparable(everyone.current(mine.id)) == _comparable(demo.current(theirs.id)), mine.pseudonym


def _comparable(records):
    """(kind, time, item) of each record; a resolution's record id as the time and form of the record it names."""
    from dataclasses import replace

    by_id = {r.id: r for r in records}
    out = []
    for r in records:
        item = r.item
        if r.kind == "flag_resolution" and item.record:
            named = by_id[int(item.record)]
            item = (replace(item, record=""), named.taken_at, named.item.instrument)
        out.append((r.kind, r.taken_at, item))
    return out


def test_notebook_prints_the_numbers_the_page_shows(demo_page):
    printed = "".join(
        "".join(out.get("text", ""))
        for cell in json.loads(NOTEBOOK.read_text())["cells"]
        for out in cell.get("outputs", ())
    )
    assert f"{demo_page.report.start} to {demo_page.report.end}" in printed
    for name, columns in PRINTED.items():
        assert demo_page.report.tables[name][columns].round(3).to_string(index=False) in printed, name
    assert demo_page.report.retention_comparison in printed  # the log-rank test between levels, in words
    assert f"First closed means: {demo_page.report.resolution}" in printed  # flags closed by recorded resolutions


def test_page_follows_the_chosen_range_and_offers_printable_and_csv(demo_page):
    demo_page.first_day.value, demo_page.last_day.value = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
    demo_page.show_button.click()
    assert str(demo_page.report.start) == "2026-01-01" and "01 Jan 2026 to 31 Mar 2026" in demo_page.body.value
    links = demo_page.downloads.value
    assert links.count("text/csv") == len(demo_page.report.tables) and "text/html" in links
    demo_page.last_day.value = dt.date(2025, 12, 1)  # before the first day: a message, not a traceback
    demo_page.show_button.click()
    assert "before start" in demo_page.status.value


def test_importing_the_report_loads_no_widgets():
    import subprocess
    import sys

    code = "import sys, iopkit.report, iopkit.report.html; print('ipywidgets' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
