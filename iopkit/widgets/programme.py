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

from .base import DISCLAIMER, StatusArea, guarded, load_css
from .page import StoreSource, open_store, start_reading
from .render import download_link

if TYPE_CHECKING:  # the report is imported when the page reads the store, not when it is built
    from ..report import ProgrammeData, ProgrammeReport

__all__ = ["ProgrammePage", "programme_app"]

WIDE = {"description_width": "initial"}


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
            "<h1>Programme report</h1><p>Census, retention (compared between levels of "
            "admission), dose against the weekly minimum, "
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
        """Read the store once the notebook has run, while the browser loads the page (see
        :func:`~iopkit.widgets.page.start_reading`), then show the last year."""
        start_reading(self._load, self.status)

    def _load(self) -> None:
        from ..report import programme_data

        if self._store is None or callable(self._store):
            self._store = open_store(self._store)
        self.status.show("Reading the programme's records ...", "info")
        self.data = programme_data(self._store)
        last = self.data.latest_day()
        self.last_day.value = last
        self.first_day.value = last - dt.timedelta(days=364)
        self.status.clear()
        self.show()

    def show(self) -> None:
        """Compute the report for the chosen range and display it."""
        from ..report import programme_report
        from ..report.html import CSS, body_html, render

        if self.data is None:
            self.status.show("The programme's records are not read yet.", "error")
            return
        if self.first_day.value is None or self.last_day.value is None:
            self.status.show("Choose the first and the last day of the report.", "error")
            return
        self.status.clear()
        self.report = programme_report(self.data, self.first_day.value, self.last_day.value)
        self.body.value = f'<style>{CSS}</style><div class="iop-programme">{body_html(self.report)}</div>'
        name = f"programme-{self.report.start}-{self.report.end}"
        links = [
            download_link(
                f"{name}.html", render(self.report), "text/html", "Printable report (open, then print to PDF)"
            )
        ]
        links += [
            download_link(f"{name}-{table}.csv", frame.to_csv(index=False), "text/csv", f"{table} (CSV)")
            for table, frame in self.report.tables.items()
        ]
        self.downloads.value = '<p class="iop-programme-downloads">' + " · ".join(links) + "</p>"


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
