"""Building blocks shared by every dashboard: the status area, the callback guard, the CSS."""

from __future__ import annotations

import functools
import html
import logging
import sys
import threading
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
#: Longest a callback waits for a page's worker thread (:func:`iopkit.widgets.page.in_background`).
WORKER_WAIT_S = 60.0
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


class _Workers:
    """How many page worker threads are importing or reading; callbacks wait until there are none.

    A callback on the kernel's loop may import a module (iopkit imports lazily) while a worker imports
    others: two threads importing modules that import each other can deadlock (Python then raises).  A
    callback that arrives while a worker runs (a click during the page's first read) waits for it instead.
    """

    def __init__(self) -> None:
        self._count = 0
        self._idle = threading.Condition()

    def started(self) -> None:
        with self._idle:
            self._count += 1

    def finished(self) -> None:
        with self._idle:
            self._count -= 1
            self._idle.notify_all()

    def wait(self, timeout: float = WORKER_WAIT_S) -> None:
        """Return once no worker runs (at once in a worker itself, and after ``timeout`` seconds at most)."""
        if threading.current_thread() is not threading.main_thread():
            return
        with self._idle:
            self._idle.wait_for(lambda: self._count == 0, timeout)


#: The page worker threads of this kernel (:func:`iopkit.widgets.page.in_background`).
workers = _Workers()


def guarded(status: StatusArea):
    """Decorate a widget callback so that no exception escapes it.

    An :class:`~iopkit.errors.IopkitError` shows its message in ``status``; anything else
    is logged (with the traceback, server side only) and ``status`` shows a short
    generic message.  A callback waits first while a page's worker thread imports or reads
    (:data:`workers`).

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
            workers.wait()
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
