"""Thin ipywidgets layer for the clinician dashboards (Voila).

All clinical logic lives in the library; this layer only assembles widgets and
routes every callback through :func:`guarded`, so an iopkit error reaches the
page as a plain message and anything unexpected is logged, never shown as a
traceback.  Importing this package imports ipywidgets: the library never does.
"""

from __future__ import annotations

from .base import DISCLAIMER, StatusArea, guarded, load_css
from .home import home

__all__ = ["DISCLAIMER", "StatusArea", "guarded", "home", "load_css"]
