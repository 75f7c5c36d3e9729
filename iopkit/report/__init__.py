"""Reports that need no widgets: the director's programme report (tables, CSV, printable HTML with SVG charts).

Everything here is plain numpy/pandas and HTML/SVG text, so a researcher on a headless server can build
the same report a dashboard shows (``import iopkit.report`` loads no ipywidgets).

* :mod:`~iopkit.report.data` -- :class:`ProgrammeData`, the programme as tables (from a store with
  :func:`programme_data`, or from a researcher's own DataFrames);
* :mod:`~iopkit.report.programme` -- :func:`programme_report` and the frozen :class:`ProgrammeReport`;
* :mod:`~iopkit.report.html` -- the printable report (a few pages, print CSS, SVG charts).
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
