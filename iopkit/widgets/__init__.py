"""Thin ipywidgets layer for the clinician dashboards (Voila).

All clinical logic lives in the library; this layer only assembles widgets and
routes every callback through :func:`guarded`, so an iopkit error reaches the
page as a plain message and anything unexpected is logged, never shown as a
traceback.  Importing this package imports ipywidgets: the library never does.

Each dashboard notebook is: build the app, display it, then ``app.start()``
(which reads the store once the browser's request has arrived).
"""

from __future__ import annotations

from .base import DISCLAIMER, StatusArea, guarded, load_css
from .dose import dose_app
from .home import home
from .intake import intake_app
from .placement import placement_app
from .progress import progress_app

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
