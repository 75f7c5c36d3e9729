"""The director's programme page: the programme report for a chosen date range, with its printable and CSV forms.

Only displays what :mod:`iopkit.report` computes: the tables and charts on the page are the report's own
HTML (:func:`iopkit.report.html.body_html`), so the page shows exactly the numbers a notebook gets from
:func:`iopkit.report.programme_report` on the same store.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING

import ipywidgets as widgets

from .base import DISCLAIMER, StatusArea, built_sharing_defaults, guarded, load_css
from .page import StoreSource, open_store, start_reading
from .render import download_link

if TYPE_CHECKING:  # the report is imported when the page reads the store, not when it is built
    from ..report import ProgrammeData, ProgrammeReport

__all__ = ["ProgrammePage", "programme_app"]

WIDE = {"description_width": "initial"}
#: The status line while the page reads the programme's records.
READING = "Reading the programme's records ..."
#: The status line from the click on "Show report" until the report is shown (issue 12: every input acknowledged).
COMPUTING = "Computing the report from {first} to {last} ..."
#: The class of the report on display while the one for new dates is computed (dimmed: iopkit.css).
STALE = "iop-programme-stale"


class ProgrammePage(widgets.VBox):
    """Pick a date range, see the programme report; download it printable (HTML, print to PDF) or as CSV.

    :attr:`report` is the :class:`~iopkit.report.ProgrammeReport` on display.  A report the data refuse
    (:class:`~iopkit.report.data.ReportInputError`) shows its message in the page's status area.

    Parameters
    ----------
    store : Store or callable, optional
        A store, or a function that opens one (the dashboard notebook passes the dashboards' choice,
        :func:`iopkit.demo.dashboard_store`), opened when the page starts; default
        ``Store.open_default()`` (see :func:`~iopkit.widgets.page.open_store`).
    """

    @built_sharing_defaults
    def __init__(self, store: StoreSource = None) -> None:
        self._store = store
        self.data: ProgrammeData | None = None
        self.report: ProgrammeReport | None = None
        self.status = StatusArea()
        self.first_day = widgets.DatePicker(description="From", style=WIDE)
        self.last_day = widgets.DatePicker(description="To", style=WIDE)
        self.show_button = widgets.Button(description="Show report", button_style="primary")
        self.show_button.add_class("iop-programme-show")
        self.downloads = widgets.HTML()
        self.body = widgets.HTML()
        self.body.add_class("iop-programme-body")
        header = widgets.HTML(
            "<h1>Programme report</h1><p>The safety flags a late correction left open, then census, retention "
            "(compared between levels of admission), dose against the weekly minimum, "
            "measurement-based care, drug screens and safety flags, per level of care and "
            "track, for a date range.</p>"
        )
        footer = widgets.HTML(f'<p class="iop-disclaimer">{html.escape(DISCLAIMER)}</p>')
        controls = widgets.HBox([self.first_day, self.last_day, self.show_button])
        super().__init__([load_css(), header, self.status, controls, self.downloads, self.body, footer])
        self.add_class("iop-page")
        self.add_class("iop-programme-page")
        self.show_button.on_click(guarded(self.status)(lambda _button: self.show()))

    def start(self) -> None:
        """Read the store and compute the last year's report once the notebook has run, in a worker thread while
        the browser loads the page (see :func:`~iopkit.widgets.page.start_reading`), then show it."""
        self.status.show(READING, "info")
        start_reading(self._read, self.status, self._loaded, page=self)

    def _read(self) -> tuple[ProgrammeData, dt.date, dt.date, tuple[ProgrammeReport, str, str]]:
        """The programme's records and the last year's report, drawn (reads and computes only: no widget)."""
        from ..report import programme_data

        if self._store is None or callable(self._store):
            self._store = open_store(self._store)
        data = programme_data(self._store)
        last = data.latest_day()
        first = last - dt.timedelta(days=364)
        return data, first, last, _drawn(data, first, last)

    def _loaded(self, read: tuple[ProgrammeData, dt.date, dt.date, tuple[ProgrammeReport, str, str]]) -> None:
        self.data, self.first_day.value, self.last_day.value, drawn = read
        self.status.clear(READING)
        self._display(drawn)

    def show(self) -> None:
        """Compute the report for the chosen range and display it."""
        if self.data is None:
            self.status.show("The programme's records are not read yet.", "error")
            return
        if self.first_day.value is None or self.last_day.value is None:
            self.status.show("Choose the first and the last day of the report.", "error")
            return
        first, last = self.first_day.value, self.last_day.value
        # acknowledged at once (issue 12): the button pressed, the report shown dimmed and its downloads taken away
        # until the new one replaces them, never an old report's file downloaded for the new dates
        computing = COMPUTING.format(first=first, last=last)
        self.show_button.disabled = True
        self.body.add_class(STALE)
        self.downloads.value = ""
        self.status.show(computing, "info")
        try:
            # the links built before the report is shown: built after it, while the browser drew it, the bench's
            # round trip was no shorter on the shared 2-core machine (5 Dec 2026: 197 vs 143 ms, 279 vs 253 ms)
            report, body = _shown(self.data, first, last)
            links = _links(report)
            self.report, self.body.value = report, body
            self.body.remove_class(STALE)
            self.status.clear(computing)
            self.downloads.value = links
        finally:
            self.show_button.disabled = False

    def _display(self, drawn: tuple[ProgrammeReport, str, str]) -> None:
        self.report, self.body.value, self.downloads.value = drawn


def _shown(data: ProgrammeData, first: dt.date, last: dt.date) -> tuple[ProgrammeReport, str]:
    """The programme report from ``first`` to ``last`` and its HTML on the page (computes only)."""
    from ..report import programme_report
    from ..report.html import CSS, body_html

    report = programme_report(data, first, last)
    return report, f'<style>{CSS}</style><div class="iop-programme">{body_html(report)}</div>'


def _drawn(data: ProgrammeData, first: dt.date, last: dt.date) -> tuple[ProgrammeReport, str, str]:
    """The programme report from ``first`` to ``last``, its HTML and its download links (computes only)."""
    report, body = _shown(data, first, last)
    return report, body, _links(report)


def _links(report: ProgrammeReport) -> str:
    """The report's download links: printable HTML, and a CSV per table (computes only)."""
    from ..report.html import render
    from ..report.tables import TITLES

    name = f"programme-{report.start}-{report.end}"
    links = [download_link(f"{name}.html", render(report), "text/html", "Printable report (open, then print to PDF)")]
    links += [
        # in words, the report's own heading (walk24 finding 14: "level_changes (CSV)" read as a code)
        download_link(
            f"{name}-{table}.csv",
            frame.to_csv(index=False),
            "text/csv",
            f"{TITLES.get(table, table.replace('_', ' '))} (CSV)",
        )
        for table, frame in report.tables.items()
    ]
    return '<p class="iop-programme-downloads">' + " · ".join(links) + "</p>"


def programme_app(store: StoreSource = None) -> ProgrammePage:
    """The programme page (call ``.start()`` after displaying it).

    Parameters
    ----------
    store : Store or callable, optional
        A store, or a function that opens one (the dashboard notebook passes the dashboards' choice,
        :func:`iopkit.demo.dashboard_store`), opened when the page starts; default
        ``Store.open_default()`` (see :func:`~iopkit.widgets.page.open_store`).

    Returns
    -------
    ProgrammePage
        The page, not yet reading the store.
    """
    return ProgrammePage(store)
