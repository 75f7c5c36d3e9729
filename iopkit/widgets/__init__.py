"""Thin ipywidgets layer for the clinician dashboards (Voila).

All clinical logic lives in the library; this layer only assembles widgets and
routes every callback through :func:`guarded`, so an iopkit error reaches the
page as a plain message and anything unexpected is logged, never shown as a
traceback.  Importing this package imports ipywidgets: the library never does.

Each dashboard notebook is one call of :func:`~iopkit.widgets.page.show_page`: it builds the app,
displays it and calls ``app.start()`` (which reads the store once the browser has shown the page).

The pages are imported on first use (``from iopkit.widgets import intake_app`` imports the intake page
only): a dashboard's kernel pays for its own page, not for the other five.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names
from .base import DISCLAIMER, StatusArea, guarded, load_css

if TYPE_CHECKING:
    from .dose import dose_app
    from .home import home
    from .intake import intake_app
    from .placement import placement_app
    from .progress import progress_app

#: Name -> the page module that defines it (imported when the name is first asked for).
_LAZY = {
    "dose_app": "dose",
    "home": "home",
    "intake_app": "intake",
    "placement_app": "placement",
    "progress_app": "progress",
}

__all__ = [
    "DISCLAIMER",
    "StatusArea",
    "dose_app",
    "guarded",
    "home",
    "intake_app",
    "load_css",
    "placement_app",
    "progress_app",
]


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
