"""Reports that need no widgets: the director's programme report (tables, CSV, printable HTML with SVG charts).

Everything here is plain numpy/pandas and HTML/SVG text, so a researcher on a headless server can build
the same report a dashboard shows (``import iopkit.report`` loads no ipywidgets).

* :mod:`~iopkit.report.data` -- :class:`ProgrammeData`, the programme as tables (from a store with
  :func:`programme_data`, or from a researcher's own DataFrames);
* :mod:`~iopkit.report.programme` -- :func:`programme_report` and the frozen :class:`ProgrammeReport`, with
  :data:`DEFINITIONS` of every number; the tables are computed in :mod:`~iopkit.report.stays` (census, level
  changes, length of stay, retention, dose) and :mod:`~iopkit.report.outcomes` (measurement-based care,
  drug screens, safety flags);
* :mod:`~iopkit.report.html` -- the printable report (a few pages, print CSS, SVG charts).

Examples
--------
>>> from iopkit.datasets.programme import demo_programme
>>> report = programme_report(programme_data(demo_programme(patients=20)), "2025-11-03", "2026-11-01")
>>> sorted(report.tables)[:3], report.to_html().startswith("<!DOCTYPE html>")
(['census', 'dose', 'drug_screens'], True)
"""

from __future__ import annotations

from .data import ProgrammeData, programme_data
from .programme import (
    DEFINITIONS,
    PROGRAMME_LEVELS,
    ProgrammeReport,
    programme_report,
    wilson_interval,
)

__all__ = [
    "DEFINITIONS",
    "PROGRAMME_LEVELS",
    "ProgrammeData",
    "ProgrammeReport",
    "programme_data",
    "programme_report",
    "wilson_interval",
]
