"""The printable programme report becomes a PDF of a few pages in headless Chromium (Debian's, via Playwright)."""

from __future__ import annotations

import re

import pytest

from iopkit.datasets.programme import demo_programme
from iopkit.report import programme_data, programme_report

pytestmark = pytest.mark.browser


def _pages(pdf: bytes) -> int:
    """Page objects in a PDF (``/Type /Page``, not ``/Pages``)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_demo_programme_report_prints_to_a_pdf_of_four_pages(chromium, tmp_path):
    report = programme_report(programme_data(demo_programme()), "2025-11-02", "2026-11-01")
    context = chromium.new_context()
    context.route("**/*", lambda route: route.abort())  # the report is self-contained: nothing to fetch
    page = context.new_page()
    try:
        page.set_content(report.to_html(), wait_until="load")
        pdf = page.pdf(format="Letter", print_background=True, prefer_css_page_size=True)
    finally:
        context.close()
    (tmp_path / "programme.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    assert 4 <= _pages(pdf) <= 6  # one page per section, a wide table may spill onto one more
    assert b"Retention" in pdf or _pages(pdf) >= 4  # text may be compressed; the page count is the check


def test_programme_dashboard_shows_the_librarys_census_in_the_browser(page, tmp_path):
    """Voila renders iopkit/dashboards/05_programme.ipynb on a store of the demo programme; the page's census row for
    the whole programme is the library's, and the charts and downloads are there."""
    import os

    from iopkit.store import Store

    from .conftest import DASHBOARDS, VoilaServer, open_dashboard

    path = tmp_path / "programme.sqlite"
    demo = demo_programme(patients=40)
    with Store(path) as store:
        demo.write(store)
    expected = programme_report(programme_data(demo), "2025-11-02", "2026-11-01").tables["census"]
    everyone = expected[expected["level"] == "all"].iloc[0]
    server = VoilaServer(DASHBOARDS, {**os.environ, "IOPKIT_DB": str(path), "JUPYTER_PLATFORM_DIRS": "1"})
    try:
        open_dashboard(server, page, "05_programme.ipynb", ".iop-programme-body table")
        row = page.locator(".iop-programme-body table").first.locator("tr.total").last.inner_text()
        cells = row.split("\t")
        assert cells[:2] == ["all", "all"]
        assert [int(c) for c in cells[2:4]] == [everyone["census_start"], everyone["census_end"]]
        assert [int(c) for c in cells[5:8]] == [
            everyone["admissions"],
            everyone["discharges"],
            everyone["patients_served"],
        ]
        assert page.locator(".iop-programme-body svg.chart").count() == 2
        assert page.locator(".iop-programme-downloads a[download$='.csv']").count() == 10
        assert "02 Nov 2025 to 01 Nov 2026" in page.inner_text(".iop-programme-body")
        assert "There was an error" not in page.content()
    finally:
        server.stop()
