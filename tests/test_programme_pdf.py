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
