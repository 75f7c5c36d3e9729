"""Building blocks shared by every dashboard: the status area, the callback guard, the CSS."""

from __future__ import annotations

import functools
import html
import logging
import sys
from importlib import resources

import ipywidgets as widgets

from ..errors import IopkitError

__all__ = ["DISCLAIMER", "StatusArea", "guarded", "load_css"]

log = logging.getLogger("iopkit.widgets")
# In a kernel, sys.stderr is the notebook's output stream: errors must reach the server's log
# (Voila's stderr, inherited by its kernels) and never the page.
if not any(getattr(h, "iopkit_server_log", False) for h in log.handlers):
    _handler = logging.StreamHandler(sys.__stderr__)
    setattr(_handler, "iopkit_server_log", True)  # noqa: B010  (a mark on the handler, unknown to its type)
    _handler.setLevel(logging.WARNING)
    log.addHandler(_handler)

DISCLAIMER = (
    "iopkit supports clinical decisions; it does not diagnose. Every score and recommendation "
    "shows its basis and source so that you can check it. Use your clinical judgement and your "
    "programme's policies."
)
GENERIC_FAILURE = "Something went wrong and nothing was changed. Please try again or tell your administrator."


class StatusArea(widgets.HTML):
    """The one place on a page where errors and confirmations appear (``role=status``).

    Parameters
    ----------
    **kwargs
        Passed on to :class:`ipywidgets.HTML`.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.add_class("iop-status")

    def show(self, message: str, kind: str = "info") -> None:
        """Show ``message``; ``kind`` is ``info``, ``ok`` or ``error``."""
        self.value = f'<div class="iop-status-{kind}" role="status" aria-live="polite">{html.escape(message)}</div>'

    def clear(self) -> None:
        self.value = ""


def guarded(status: StatusArea):
    """Decorate a widget callback so that no exception escapes it.

    An :class:`~iopkit.errors.IopkitError` shows its message in ``status``; anything else
    is logged (with the traceback, server side only) and ``status`` shows a short
    generic message.

    Parameters
    ----------
    status : StatusArea
        Where the callback's errors are shown.

    Returns
    -------
    callable
        A decorator: it wraps a callback so that it returns ``None`` instead of raising.
    """

    def decorate(callback):
        @functools.wraps(callback)
        def run(*args, **kwargs):
            try:
                return callback(*args, **kwargs)
            except IopkitError as error:
                status.show(str(error), "error")
            except Exception:
                log.exception("iopkit: unexpected error in callback %s", callback.__qualname__)
                status.show(GENERIC_FAILURE, "error")
            return None

        return run

    return decorate


def load_css() -> widgets.HTML:
    """The dashboards' stylesheet (JupyterLab variables only; no CDN).

    Returns
    -------
    ipywidgets.HTML
        A hidden widget holding the ``<style>`` element.
    """
    css = resources.files(__package__).joinpath("iopkit.css").read_text()
    return widgets.HTML(f"<style>{css}</style>", layout=widgets.Layout(display="none"))
