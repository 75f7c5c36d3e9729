"""The home page: links to each dashboard and the disclaimer."""

from __future__ import annotations

import html

import ipywidgets as widgets

from .base import DISCLAIMER

__all__ = ["DASHBOARDS", "home"]

#: (notebook file, title, what it is for) — the order a clinician meets them in an episode.
DASHBOARDS = (
    ("01_intake.ipynb", "Intake & screening", "Score intake and weekly instruments; safety flags first."),
    ("02_placement.ipynb", "Placement", "Six dimensions to a level of care, with the reasons."),
    ("03_dose_planner.ipynb", "Dose planner & schedule", "Hours per week x weeks, calendar, attendance."),
    ("04_progress.ipynb", "Patient progress", "Scores over the episode and the continued-stay review."),
)


def home(available=None) -> widgets.VBox:
    """Links to the dashboards that exist (``available``: file names; default all) and the disclaimer."""
    rows = "".join(
        f'<li><a class="iop-link" href="{html.escape(name)}">{html.escape(title)}</a> — {html.escape(purpose)}</li>'
        for name, title, purpose in DASHBOARDS
        if available is None or name in available
    )
    page = widgets.HTML(
        "<h1>iopkit</h1><p>Decision support for Intensive Outpatient Programs.</p>"
        f'<ul class="iop-dashboards">{rows}</ul>'
        f'<p class="iop-disclaimer">{html.escape(DISCLAIMER)}</p>'
    )
    box = widgets.VBox([page])
    box.add_class("iop-home")
    return box
