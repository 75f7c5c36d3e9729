"""Building blocks shared by every dashboard: the status area, the callback guard, the CSS."""

from __future__ import annotations

import datetime
import functools
import html
import logging
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources

import ipywidgets as widgets
import traitlets

from ..entry import clinical_day, past_day_refusal
from ..errors import IopkitError

__all__ = [
    "DISCLAIMER",
    "PastDayPicker",
    "StatusArea",
    "built_sharing_defaults",
    "guarded",
    "load_css",
    "shared_defaults",
]

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


class PastDayPicker(widgets.DatePicker):
    """The date of something that happened (taken, collected, done): today by default, kept exactly as typed.

    ipywidgets' ``DatePicker`` replaces a date after its ``max`` by ``max`` itself (its value validator), so a future
    date typed in a field capped at today became today, without a word, under the clinician's hand (walk review F6).
    Here ``max`` is today for a front end that renders it (the browser's calendar then greys the later days; the
    date view Voila bundles, widgets-manager8, does not draw ``min``/``max`` at all), and never changes the value: a
    later date typed stays in the field, is said beside it (:attr:`note`, :func:`iopkit.entry.past_day_refusal`) and
    is refused by the page's Save (:meth:`refusal`); an empty field is said only by Save. Place :attr:`note` next to
    the picker.

    Parameters
    ----------
    description : str
        The field's label ("Collected on").
    **kwargs
        Other ``DatePicker`` arguments (``style``); ``value`` defaults to today.
    """

    #: The date in the field: None while none is chosen (a roster's next session, still to choose).
    value: datetime.date | None

    def __init__(self, description: str, **kwargs) -> None:
        today = clinical_day()
        kwargs.setdefault("value", today)
        super().__init__(description=description, max=today, **kwargs)
        #: Beside the field: why its date cannot be saved (empty while it can).
        self.note = widgets.HTML()
        self.note.add_class("iop-day-note")
        # an emptied field (a roster's next session, still to choose) is said only when Save is pressed (walk23 F4)
        self.observe(lambda change: self.refusal() if change["new"] is not None else self._quiet(), names="value")

    @traitlets.validate("value")
    def _validate_value(self, proposal):
        return proposal["value"]  # never capped: a date after max is said and refused, not replaced

    @traitlets.validate("max")
    def _validate_max(self, proposal):
        return proposal["value"]  # a new max (a new day) leaves the date typed as it is

    def _quiet(self) -> None:
        self.note.value = ""

    def refusal(self) -> str | None:
        """Why the date now in the field cannot be saved (also shown beside it), or None when it can."""
        words = past_day_refusal(self.value)
        self.note.value = (
            "" if words is None else f'<span class="iop-status-error" role="alert">{html.escape(words)}</span>'
        )
        return words

    def today(self) -> None:
        """Back to today (a new record), today also the calendar's last day."""
        day = clinical_day()
        self.max, self.value = day, day


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
        self.value = self._html(message, kind)

    def clear(self, message: str | None = None, kind: str = "info") -> None:
        """Clear the status area; with ``message``, only while it still shows that message (of ``kind``).

        A page clears its "Reading ..." line once read, but never a confirmation or an error that a click
        showed meanwhile.
        """
        if message is None or self.value == self._html(message, kind):
            self.value = ""

    @staticmethod
    def _html(message: str, kind: str) -> str:
        return f'<div class="iop-status-{kind}" role="status" aria-live="polite">{html.escape(message)}</div>'


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


class _Fixed:
    """A layout or style shared by the widgets of a page (:func:`shared_defaults`): never changed once made."""

    def __setattr__(self, name: str, value) -> None:
        if getattr(self, "_iop_fixed", False) and not name.startswith("_") and name in getattr(self, "keys", ()):
            kind = type(self).__mro__[2].__name__
            raise AttributeError(
                f"{kind}.{name}: this {kind} is shared by the widgets of the page; "
                "give the widget its own (layout=widgets.Layout(...)) to change it"
            )
        super().__setattr__(name, value)


_sharing = threading.local()


@functools.cache
def _fixed_kind(kind: type) -> type:
    """The class of ``kind``'s shared, fixed instances (:class:`_Fixed` before ``kind``), made once per kind.

    Making a traitlets class sets up its traits (0.15-0.2 ms each, measured): a page shares 4-20 layouts and
    styles of 4-8 kinds, and made one class for each of them.
    """
    return type(kind.__name__, (_Fixed, kind), {"__module__": __name__})


@contextmanager
def shared_defaults() -> Iterator[None]:
    """While a page is built, widgets given no layout (or no style) share one, fixed.

    Every ipywidgets widget has a layout model and most a style model, each its own by default: a page of 60
    widgets sent 180 models, and each model costs the server and the browser about 2 ms before the page shows
    (a trivial page sends 8).  Inside this block a widget built without ``layout=`` gets the page's one shared
    layout, and without ``style=`` the page's one style of its kind; widgets given the same ``layout`` or
    ``style`` as a dict (``layout={"width": "auto"}``) share one too.  Shared ones refuse any change (a widget
    that is shown or hidden by changing its layout is given its own: ``layout=widgets.Layout(...)``).  Widgets
    built after the block (answers, rows) get their own as usual.  Re-entrant; the kernel's loop only.

    Yields
    ------
    None
        Inside the block, widgets share their default layout and style.

    Examples
    --------
    >>> import ipywidgets as widgets
    >>> with shared_defaults():
    ...     a, b = widgets.HTML("a"), widgets.HTML("b")
    ...     c = widgets.HTML("c", layout=widgets.Layout(width="4em"))
    ...     d, e = (widgets.Dropdown(style={"description_width": "initial"}) for _ in "de")
    ...     f, g = (widgets.Button(layout={"width": "auto"}) for _ in "fg")
    >>> a.layout is b.layout, a.style is b.style, c.layout is a.layout, d.style is e.style, f.layout is g.layout
    (True, True, False, True, True)
    >>> widgets.HTML().layout is a.layout  # built after the block: its own
    False
    >>> a.layout.display = "none"  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    AttributeError: Layout.display: this Layout is shared by the widgets of the page; give the widget its own ...
    """
    if getattr(_sharing, "active", False):
        yield
        return
    from ipywidgets.widgets.trait_types import InstanceDict

    shared: dict[tuple, object] = {}

    def fixed(kind: type, **values) -> object:
        key = (kind, tuple(sorted(values.items())))
        if key not in shared:
            made = _fixed_kind(kind)(**values)
            made._iop_fixed = True
            shared[key] = made
        return shared[key]

    def validate(trait, obj, value):  # a layout or style given as a dict ({"width": "auto"}): shared too
        if isinstance(value, dict):
            value = fixed(trait.klass, **value)
        return InstanceDict.validate(trait, obj, value)

    traits = {
        id(trait): trait
        for kind in _widget_classes(widgets.DOMWidget)
        for name, trait in kind.class_traits().items()
        if name in ("layout", "style") and isinstance(trait, InstanceDict)
    }
    _sharing.active = True
    try:
        for trait in traits.values():
            trait.make_dynamic_default = functools.partial(fixed, trait.klass)
            trait.validate = functools.partial(validate, trait)
        yield
    finally:
        for trait in traits.values():
            vars(trait).pop("make_dynamic_default", None)
            vars(trait).pop("validate", None)
        _sharing.active = False


def built_sharing_defaults(init):
    """Decorate a page's ``__init__`` so that it builds inside :func:`shared_defaults`.

    Parameters
    ----------
    init : callable
        The page class's ``__init__``.

    Returns
    -------
    callable
        The same ``__init__``, run inside :func:`shared_defaults`.
    """

    @functools.wraps(init)
    def build(self, *args, **kwargs):
        with shared_defaults():
            init(self, *args, **kwargs)

    return build


def _widget_classes(root: type[widgets.DOMWidget]) -> set[type[widgets.DOMWidget]]:
    found: set[type[widgets.DOMWidget]] = set()
    stack = [root]
    while stack:
        kind = stack.pop()
        if kind not in found:
            found.add(kind)
            stack.extend(kind.__subclasses__())
    return found
