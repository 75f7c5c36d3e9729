"""Page layout shared by the dashboards: header, status area, patient picker, sections, disclaimer.

Every dashboard is a :class:`Dashboard`: build it (cheap: no store access, no heavy imports),
display it, then call :meth:`Dashboard.start`, which reads the store (a dashboard notebook does all three with
:func:`show_page`). Under Voila with preheated kernels the notebook runs before anyone asks for the page, so
``start`` first waits for the request (``voila.utils.wait_for_request``), otherwise the patient list would be as
old as the preheated kernel. In a kernel started for the request, the read runs once the browser has shown the
page (:func:`start_reading`).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeAlias

import ipywidgets as widgets
import traitlets

from .base import DISCLAIMER, StatusArea, built_sharing_defaults, guarded, load_css, workers

if TYPE_CHECKING:
    from ..episode import Episode, SavedSince
    from ..store import Store  # imported by open_store: a page's first render does not need the store

#: What a page is given to read: an open store, a function that opens one when the page starts (the dashboard
#: notebooks pass the application's choice, :func:`iopkit.demo.dashboard_store`), or None for
#: :meth:`Store.open_default <iopkit.store.Store.open_default>`.
StoreSource: TypeAlias = "Store | Callable[[], Store] | None"

__all__ = [
    "BLANK",
    "AddressBar",
    "PAGES",
    "READ_CLASS",
    "READING_CLASS",
    "ConfirmRow",
    "Dashboard",
    "address_script",
    "PatientPicker",
    "chart_header_html",
    "nav_html",
    "open_store",
    "page_link",
    "picked",
    "request_args",
    "risk_level_dropdown",
    "script_output",
    "section",
    "show_page",
    "signed_in_author",
    "signed_in_sites",
    "start_reading",
    "wait_for_request",
    "when_idle",
    "when_shown",
    "in_background",
    "not_saved_new_records",
]

WIDE = {"description_width": "initial"}
#: The value of a dropdown's "nothing chosen" option. Not ``None``: an ipywidgets 8 Dropdown whose
#: value is ``None`` shows an empty box instead of the option's label.
BLANK = ""


def picked(value):
    """A dropdown's value, with the "nothing chosen" option read as ``None``.

    Parameters
    ----------
    value : object
        The dropdown's value.

    Returns
    -------
    object or None
        ``value``, or ``None`` for the "nothing chosen" option (``BLANK``).
    """
    return None if value == BLANK else value


def risk_level_dropdown(**kwargs: Any) -> widgets.Dropdown:
    """The choice of the overall risk level a clinician's assessment found (:class:`iopkit.flags.RiskLevel`),
    none chosen yet (:data:`BLANK`): the check-in review's and the flag resolution's.

    Parameters
    ----------
    **kwargs
        Passed on to :class:`ipywidgets.Dropdown` (a ``layout`` of its own when it is shown or hidden).

    Returns
    -------
    ipywidgets.Dropdown
    """
    from ..flags import RiskLevel

    return widgets.Dropdown(
        description="Overall risk level",
        options=[("— choose —", BLANK), *((level.value.capitalize(), level.value) for level in RiskLevel)],
        value=BLANK,
        style=WIDE,
        **kwargs,
    )


def section(title: str, *children: widgets.Widget, cls: str = "") -> widgets.VBox:
    """A titled block of the page (``iop-section``, plus ``cls``).

    Parameters
    ----------
    title : str
        The block's heading (escaped).
    *children : ipywidgets.Widget
        What the block holds, in order.
    cls : str
        A further CSS class (none when empty).

    Returns
    -------
    ipywidgets.VBox
        The block.
    """
    box = widgets.VBox([widgets.HTML(f"<h2>{html.escape(title)}</h2>"), *children])
    box.add_class("iop-section")
    if cls:
        box.add_class(cls)
    return box


def wait_for_request() -> None:
    """In a preheated Voila kernel, block until a browser asks for the page; else return at once."""
    if os.environ.get("VOILA_PREHEAT", "False") != "False":
        from voila.utils import wait_for_request as wait

        wait()


def _kernel_loop():
    """The running kernel's event loop (where widget messages are handled), or None outside a kernel."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover  (ipywidgets depends on IPython)
        return None
    return getattr(getattr(get_ipython(), "kernel", None), "io_loop", None)


def when_idle(task) -> bool:
    """Run ``task`` once the kernel has finished the notebook; False (and nothing run) outside a kernel.

    The page is on its way to the browser by then: work done here overlaps the browser's loading of the
    page instead of delaying it.  It still holds the kernel's loop while it runs: long work belongs in
    :func:`in_background`.

    Parameters
    ----------
    task : callable
        Called without arguments.

    Returns
    -------
    bool
        True when ``task`` is scheduled on the kernel's loop; False outside a kernel (nothing run).
    """
    loop = _kernel_loop()
    if loop is None:
        return False
    loop.add_callback(task)
    return True


def show_page(build: Callable[[], widgets.Widget | tuple[widgets.Widget, ...]]) -> None:
    """Build a dashboard notebook's page, display it and start its first read: the whole of a dashboard notebook.

    ``build`` imports what the page needs, makes its widgets and returns them, the page last (the widget whose
    ``start()`` reads the store, e.g. a :class:`Dashboard`); the page's modules are imported inside it, so a
    notebook reads as one call.  Under Voila the page is built while the notebook runs, before Voila sends the
    page's HTML.  Building it on the kernel's loop just after the notebook had run, while the browser loads
    Voila's scripts, was measured (issue 12) and not adopted: the HTML came 30-150 ms sooner but the first render
    did not change on a 2-core machine, and a build still running when the browser asks for the widgets' state
    would hold that answer back (the widget manager gives up after 4 s and falls back to a request per widget).

    Parameters
    ----------
    build : callable
        Called once, without arguments: the widget to show, or several (the page last).
    """
    from IPython.display import display

    shown = build()
    shown = shown if isinstance(shown, tuple) else (shown,)
    display(*shown)
    shown[-1].start()


#: Longest a page waits for the browser to display it before its first read starts anyway (:func:`when_shown`):
#: a notebook run without a browser (nbval, a script's kernel), or a browser too loaded to say so in time.
SHOWN_WAIT_S = 10.0


def when_shown(widget: widgets.Widget, task, *, wait: float | None = None) -> bool:
    """Run ``task`` on the kernel's loop once a browser has displayed ``widget``; False outside a kernel.

    The browser counts the views it displays of a widget whose ``_view_count`` is a number (ipywidgets' view
    count, set to 0 here) and tells the kernel.  A page's first read waits for that: until then the browser
    is loading scripts, fetching the widgets' state and drawing them, and a read in the kernel would compete
    with it for the processor (two cores serve a clinic's laptop: the browser, the server and the kernel).
    Without a browser, or when none says so within ``wait`` seconds, ``task`` runs then.

    Parameters
    ----------
    widget : ipywidgets.Widget
        A widget of the page, displayed when the page is (its last one: the others are drawn before it).
    task : callable
        Called once, without arguments.
    wait : float, optional
        Seconds after which ``task`` runs though no browser has said it displayed ``widget``; default
        :data:`SHOWN_WAIT_S`.

    Returns
    -------
    bool
        True when ``task`` is scheduled; False outside a kernel (nothing run).
    """
    loop = _kernel_loop()
    if loop is None:
        return False
    pending = [True]

    def run(*_args: Any) -> None:
        if pending and pending.pop():
            widget.unobserve(displayed, names="_view_count")
            loop.remove_timeout(timer)
            task()

    def displayed(change: dict[str, Any]) -> None:
        if change["new"]:
            run()

    widget._view_count = 0
    widget.observe(displayed, names="_view_count")
    timer = loop.call_later(SHOWN_WAIT_S if wait is None else wait, run)
    return True


def in_background(work, then, status: StatusArea, *, after=None) -> bool:
    """Run ``work()`` in a worker thread, then ``then(result)`` on the kernel's loop; False outside a kernel.

    While ``work`` runs, the kernel keeps answering the browser.  This matters for a page's first read: the
    browser's widget manager asks the kernel for every widget's state once the page has loaded, and gives up
    after 4 s without an answer (ipywidgets' control-comm timeout), leaving "Error displaying widget: model
    not found" in place of the page.  A long read on the kernel's loop (hundreds of patients, a slow disk, a
    loaded server) did exactly that.

    ``work`` must only read (no widget is touched off the loop: ipywidgets is not thread-safe); ``then`` shows
    what it read.  A callback that arrives meanwhile (a click) waits for ``work`` to finish
    (:data:`~iopkit.widgets.base.workers`), so two threads never import at once.  An error raised by either is
    shown in ``status`` (:func:`~iopkit.widgets.base.guarded`).

    Parameters
    ----------
    work : callable
        Called without arguments in a worker thread; returns what ``then`` shows.
    then : callable
        Called with ``work``'s result on the kernel's loop.
    status : StatusArea
        Where an error of either is shown.
    after : callable, optional
        Called without arguments on the kernel's loop once ``then`` has run or an error of either is shown.

    Returns
    -------
    bool
        True when the work has started; False outside a kernel (nothing run).
    """
    import threading

    loop = _kernel_loop()
    if loop is None:
        return False

    def on_loop(callback, value) -> None:
        try:
            guarded(status)(callback)(value)
        finally:
            if after is not None:
                after()

    def run() -> None:
        try:
            result = work()
        except BaseException as error:  # noqa: BLE001  (shown on the loop, as any callback's error)
            workers.finished()
            loop.add_callback(on_loop, _raise, error)
        else:
            workers.finished()
            loop.add_callback(on_loop, then, result)

    def begin() -> None:
        try:
            threading.Thread(target=run, name=f"iopkit-read-{getattr(work, '__name__', 'work')}", daemon=True).start()
        except BaseException:
            workers.finished()
            raise

    # Counted now (a callback waits from here on); started from the loop once the running cell has finished,
    # so the thread does not compete with the end of the notebook for the interpreter.
    workers.started()
    loop.add_callback(begin)
    return True


def _raise(error: BaseException) -> None:
    raise error


def open_store(source: StoreSource) -> Store:
    """The store a page reads, opened from what it was given (see :data:`StoreSource`).

    Parameters
    ----------
    source : Store, callable returning a Store, or None
        An open store (returned as it is), a function that opens one (called now), or None (the production
        store, :meth:`Store.open_default <iopkit.store.Store.open_default>`).

    Returns
    -------
    Store
        The open store.

    Raises
    ------
    StoreError
        The chosen store cannot be opened.
    """
    if source is None:
        from ..store import Store

        return Store.open_default()
    return source() if callable(source) else source


#: The CSS class a page takes once its first read of the store is done, read or refused (:func:`start_reading`):
#: what is on the page from then on is what the store holds.
READ_CLASS = "iop-read"
#: The CSS class a page holds while its first read runs (:func:`start_reading`). The read may redraw the page (the
#: patient of the address chosen, the form set for them), so until then its inputs take no clicks (iopkit.css):
#: what a clinician typed in that moment would be redrawn away.
READING_CLASS = "iop-reading"


def start_reading(read, status: StatusArea, show=None, *, page: widgets.Box | None = None) -> None:
    """Run a page's first read of the store at the right moment, its errors shown in ``status``.

    Preheated kernel: once a browser has asked for the page (the page itself was rendered in advance).
    Otherwise, in a kernel: once the browser has displayed the page (:func:`when_shown`, given ``page``), or as
    soon as the notebook has run (without it).  Outside a kernel (tests, scripts): at once.

    The modules the read needs are imported first in a worker thread (:func:`warm_up`, :func:`in_background`),
    so the kernel answers the browser meanwhile.  With ``show``, ``read()`` only reads and runs in that thread
    too, however long it takes; ``show(result)`` then fills the page on the kernel's loop.  Without it,
    ``read`` reads and fills the page on the loop (for reads of a few milliseconds).

    Parameters
    ----------
    read : callable
        The page's first read, called without arguments; an error it raises is shown in ``status``
        (:func:`~iopkit.widgets.base.guarded`), never raised.
    status : StatusArea
        Where its errors are shown.
    show : callable, optional
        Called with ``read``'s result to fill the page.
    page : ipywidgets.Box, optional
        The page.  The read waits until the browser has displayed its last widget, so that the page is drawn
        first with the whole processor.  Meanwhile the page holds the class :data:`READING_CLASS` (its inputs
        take no clicks); once the read is done (or refused) it takes :data:`READ_CLASS` instead.
    """
    if page is not None:
        page.add_class(READING_CLASS)

    def done() -> None:
        if page is not None:
            with page.hold_sync():  # one message: never both classes, nor neither, in the browser
                page.remove_class(READING_CLASS)
                page.add_class(READ_CLASS)

    def task() -> None:
        try:
            guarded(status)(read if show is None else lambda: show(read()))()
        finally:
            done()

    if os.environ.get("VOILA_PREHEAT", "False") != "False":
        # Imported before anyone asks for the page (the kernel is idle); the read once a browser has asked,
        # while the page rendered in advance goes to it.
        guarded(status)(warm_up)()
        wait_for_request()
        started = when_idle(task) if show is None else in_background(read, show, status, after=done)
    else:
        if show is None:
            # The imports first, off the kernel's loop; then the read on the loop, short now that everything it
            # needs is imported.  One thread imports at a time, never two (two threads importing each other's
            # modules could deadlock).
            def begin() -> bool:
                return in_background(warm_up, lambda _imported: read(), status, after=done)

        else:  # the imports and the read in one worker thread

            def begin() -> bool:
                return in_background(_after_warm_up(read), show, status, after=done)

        started = begin() if page is None else when_shown(page.children[-1], begin)
    if not started:  # outside a kernel
        wait_for_request()
        task()


def _after_warm_up(read):
    def warmed_then_read():
        warm_up()
        return read()

    return warmed_then_read


def warm_up() -> None:
    """Import what reading the store and choosing the first patient need (the episode view, the summary, every
    record kind), so that the first read and the first choice are as quick as the next ones."""
    import importlib

    from ..store.kinds import KINDS

    for spec in KINDS.values():
        importlib.import_module(spec.split(":")[0])
    importlib.import_module("iopkit.episode")
    importlib.import_module("iopkit.checkin")  # the chart header's check-in flags
    importlib.import_module("iopkit.report.patient")


#: The pages of the navigation bar: a patient's chart in the order of an episode, then the groups' roster:
#: (notebook, title).
PAGES = (
    ("00_home.ipynb", "Caseload"),
    ("01_intake.ipynb", "Intake & measures"),
    ("02_placement.ipynb", "Placement"),
    ("03_dose_planner.ipynb", "Dose & attendance"),
    ("04_progress.ipynb", "Progress & review"),
    ("06_groups.ipynb", "Groups & roster"),
)
#: Pages with no one patient's chart (no summary of a patient to link to).
_NOT_A_CHART = ("00_home.ipynb", "06_groups.ipynb")
#: What a page reads from its address: the patient's pseudonym and the signed-in clinician's initials.
CARRIED = ("patient", "by")


def request_args() -> dict[str, str]:
    """This page's own arguments from the browser's address (Voila puts the query in ``$QUERY_STRING``).

    Only :data:`CARRIED` keys are read; the access token never is (the server drops it from the address).
    Under the hub ``by`` is not read either: the author is the signed-in user (:func:`signed_in_author`),
    and an address is something anyone can type.

    Returns
    -------
    dict of str to str
        The carried keys present and not blank, each with its last value, stripped.
    """
    from urllib.parse import parse_qs

    query = parse_qs(os.environ.get("QUERY_STRING", ""))
    keys = CARRIED if signed_in_author() is None else tuple(k for k in CARRIED if k != "by")
    return {key: query[key][-1].strip() for key in keys if query.get(key) and query[key][-1].strip()}


def who_saves(signed_in: str | None, initials: Any, status: StatusArea) -> str | None:
    """Who saves a record: the hub's signed-in user whatever any widget says, else the initials typed in
    ``initials`` (a text widget); ``None`` after telling the user in ``status`` that they are missing (the
    store validates the author too).

    Parameters
    ----------
    signed_in : str or None
        The hub's signed-in user (:func:`signed_in_author`), or ``None`` outside the hub.
    initials : ipywidgets.Text
        The page's initials box.
    status : StatusArea
        Where a missing author is said.

    Returns
    -------
    str or None
        The author, or ``None`` when nobody is signed in and no initials were typed.
    """
    if signed_in is not None:
        return signed_in
    typed = initials.value.strip()
    if not typed:
        status.show("Enter your initials before saving: every record says who saved it.", "error")
        return None
    return typed


def signed_in_author() -> str | None:
    """The author of every record saved from this kernel under JupyterHub (the hub's signed-in user), else None.

    The hub's spawner puts the user's name in the server's environment (``JUPYTERHUB_USER``), which the
    dashboard's kernel inherits; nothing on the page can change it. Outside the hub (``iopkit serve``) the
    clinician types their initials instead.

    Returns
    -------
    str or None
        The hub user's name, or ``None`` outside the hub.
    """
    from ..hub import signed_in_user

    return signed_in_user()


def signed_in_sites() -> tuple[str, ...]:
    """The sites of the signed-in hub user (``IOPKIT_SITES``, set by the hub's spawner from ``site-<name>``
    groups); empty outside the hub. The database decides what the user sees; this only names the sites a new
    patient may be added to.

    Returns
    -------
    tuple of str
        The site names, in the order given; empty outside the hub.
    """
    return tuple(site for site in os.environ.get("IOPKIT_SITES", "").split(",") if site)


def page_link(notebook: str, patient: str | None = None, by: str | None = None) -> str:
    """The address of ``notebook`` carrying the patient and the clinician (relative to the current page).

    Parameters
    ----------
    notebook : str
        The notebook's file name.
    patient : str, optional
        The patient's pseudonym.
    by : str, optional
        The clinician's initials.

    Returns
    -------
    str
        The relative address, with a query for the values given.
    """
    from urllib.parse import urlencode

    args = {k: v for k, v in (("patient", patient), ("by", by)) if v}
    return notebook + ("?" + urlencode(args) if args else "")


def script_output(script: str) -> tuple[dict, ...]:
    """The outputs of a hidden :class:`ipywidgets.Output` that runs ``script`` in the browser once it is drawn.

    The output is trusted in the page (Voila's widget manager), so the browser runs the script each time the
    outputs are set; nothing is fetched.

    Parameters
    ----------
    script : str
        JavaScript, self-contained.

    Returns
    -------
    tuple of dict
        One ``display_data`` output, for ``Output.outputs``.
    """
    return (
        {"output_type": "display_data", "metadata": {}, "data": {"application/javascript": script, "text/plain": ""}},
    )


def address_script(patient: str | None) -> str:
    """The browser script that makes the page's address carry ``patient`` (walk review F12).

    Only the ``patient`` argument changes (set, or removed for no patient); the others (``by``, the access
    token) and the path stay, and the history gets no new entry (``history.replaceState``): a reload, a
    bookmark or a copied address opens the chart on screen, never the one the page was opened with.

    Parameters
    ----------
    patient : str or None
        The pseudonym of the patient on screen; ``None`` when no patient is chosen.

    Returns
    -------
    str
        Self-contained JavaScript (the pseudonym as a JSON string, never pasted as code).
    """
    change = (
        "u.searchParams.delete('patient');"
        if patient is None
        else f"u.searchParams.set('patient', {json.dumps(patient)});"
    )
    return (
        "(() => { const u = new URL(window.location.href); "
        + change
        + " if (u.href !== window.location.href) {"
        + " window.history.replaceState(window.history.state, '', u.href); } })();"
    )


class AddressBar(widgets.Output):
    """A hidden output that keeps the browser's address on the page's patient (:func:`address_script`).

    :meth:`follow` runs the script when the patient differs from the one last followed (none at first: the
    address the page was opened with is left as it is until a patient is taken).
    """

    def __init__(self) -> None:
        super().__init__(layout={"display": "none"})
        self.add_class("iop-address")
        self.patient: str | None = None
        self._followed = False

    def follow(self, patient: str | None) -> None:
        """Make the address carry ``patient`` (``None``: no patient argument), once per change.

        Parameters
        ----------
        patient : str or None
            The pseudonym of the patient the page now shows.
        """
        if self._followed and patient == self.patient:
            return
        self.patient, self._followed = patient, True
        self.outputs = script_output(address_script(patient))


# The bar's layout travels with it (one row of underlined links, AA contrast on white), whatever the page's CSS.
_BAR = (
    ' style="display:flex;flex-wrap:wrap;gap:0.4em 1.4em;list-style:none;margin:0 0 0.6em;padding:0.4em 0;'
    'border-bottom:1px solid #ccc"'
)
_LINK = ' style="color:#0b4f9c;text-decoration:underline"'


def nav_html(current: str, patient: str | None = None, by: str | None = None, available=None) -> str:
    """The navigation bar between the chart's pages (``current`` marked), carrying patient and clinician.

    Parameters
    ----------
    current : str
        This page's notebook file name.
    patient : str, optional
        The patient's pseudonym, carried in the links (and a link to the summary).
    by : str, optional
        The clinician's initials, carried in the links.
    available : collection of str, optional
        The notebook file names that exist (default all of :data:`PAGES`).

    Returns
    -------
    str
        The bar as an HTML ``<nav>``.
    """
    items = []
    for notebook, title in PAGES:
        if available is not None and notebook not in available and notebook != current:
            continue
        here = ' aria-current="page" class="iop-nav-current"' if notebook == current else ""
        style = _LINK[:-1] + ';font-weight:bold"' if notebook == current else _LINK
        items.append(
            f'<li><a href="{html.escape(page_link(notebook, patient, by))}"{here}{style}>{html.escape(title)}</a></li>'
        )
    if patient and current not in _NOT_A_CHART:
        items.append(f'<li><a href="#iop-summary"{_LINK}>Summary</a></li>')
    return f'<nav class="iop-nav" aria-label="Patient chart"><ul{_BAR}>{"".join(items)}</ul></nav>'


def short_name(code: str) -> str:
    """What a score or flag comes from, as the clinic names it (:func:`iopkit.records.short_name`: "PHQ-9",
    "drug screen"), imported when a page first says one (the catalogue is not loaded with the page)."""
    from ..records import short_name as said  # the definitions only: not the scoring engine

    return said(code)


def _since(day: dt.date | None, today: dt.date) -> str:
    if day is None:
        return ""
    days = (today - day).days
    return f"{day:%d %b %Y}" + (" (today)" if days == 0 else f" ({days} d ago)" if days > 0 else "")


def _score_said(score) -> str:
    """A score as the chart header says it: its total, else (an instrument read by its band, the C-SSRS screen) its
    band in words ("moderate risk", walk review F13 c), else a dash."""
    from ..markup import words

    if score.total is not None:
        return f"{score.total:g}"
    return words(score.band) if score.band else "—"


def chart_header_html(episode) -> str:
    """The patient's chart header: pseudonym, adolescent, level and since when, attendance recorded off the plan
    (:attr:`iopkit.episode.Episode.off_plan_flags`, in amber), open flags (with those of the patient's check-in
    answers not saved yet, :attr:`iopkit.episode.Episode.checkin_flags`), latest scores.

    Parameters
    ----------
    episode : Episode
        The patient's episode (:class:`iopkit.episode.Episode`).

    Returns
    -------
    str
        The header as HTML; open flags in a list with ``role=alert``.

    Raises
    ------
    UnknownInstrumentError
        A due measure, check-in flag or latest score names an instrument iopkit does not know.
    """
    p = episode.patient
    level = (
        "no level of care saved yet"
        if episode.level is None
        else str(episode.level)
        + (
            f" since {_since(episode.level_since, episode.as_of)}, "
            + ("placed" if episode.level_from == "placement" else f"from the {episode.level_from.replace('_', ' ')}")
            + f" by {episode.level_by}"
            if episode.level_since
            else ""
        )
    )
    parts = [
        f'<span class="iop-chart-patient">{html.escape(p.pseudonym)}</span>',
        '<span class="iop-chart-adolescent">adolescent</span>' if p.adolescent else "",
        f'<span class="iop-chart-level">{html.escape(level)}</span>',
    ]
    if episode.day_of_episode is not None:  # the first day is day 1 (walk23 finding 12)
        parts.append(f'<span class="iop-chart-days">day {episode.day_of_episode} of the episode</span>')
    from ..markup import flag_class, flags_class  # each flag by its severity, as the placement page (R25a)

    if off := episode.off_plan_flags:  # a stray attendance log, said on every page (walk23 finding 13)
        said = "; ".join(f"{f.message}: {f.action}" for f in off)
        parts.append(f'<span class="iop-chart-off-plan {flags_class(off)}" role="status">{html.escape(said)}</span>')
    for d in episode.due:
        parts.append(
            f'<span class="iop-chart-due">{html.escape(short_name(d.instrument))} '
            + (f"overdue {d.overdue_days} d" if d.overdue_days else "due today")
            + "</span>"
        )
    flags = "".join(
        f'<li class="{flag_class(f.flag)}">{html.escape(f.said)} ({html.escape(short_name(f.instrument))}, '
        f"{f.day:%d %b}): {html.escape(episode.next_step(f))}</li>"  # what is true of this chart (walk24 10)
        for f in episode.open_flags
    )
    # a check-in's flag says where it comes from (in progress, or ended unfinished) in its message
    flags += "".join(
        f'<li class="{flag_class(f.flag)} iop-checkin-flag">{html.escape(f.flag.message)} '
        f"({html.escape(short_name(f.instrument))}, {f.day:%d %b}): {html.escape(f.flag.action)}</li>"
        for f in getattr(episode, "checkin_flags", ())
    )
    scores = []
    for x in episode.latest:
        short = short_name(x.instrument)
        value = _score_said(x.score)
        trend = {"up": " ↑", "down": " ↓", "same": " →"}.get(x.trend, "")
        prev = "" if x.previous is None or _score_said(x.previous) == "—" else f" (was {_score_said(x.previous)})"
        scores.append(
            f"<li>{html.escape(short)} {value}{trend}{prev}, {x.day:%d %b}"
            + (" <em>corrected</em>" if x.corrected else "")
            + (f' <span class="iop-chart-covered">{html.escape(x.covered)}</span>' if x.covered else "")
            + "</li>"
        )
    return (
        f'<div class="iop-chart-header">{" · ".join(x for x in parts if x)}'
        + (f'<ul class="iop-open-flags" role="alert" aria-label="Open safety flags">{flags}</ul>' if flags else "")
        + (f'<ul class="iop-latest-scores" aria-label="Latest scores">{"".join(scores)}</ul>' if scores else "")
        + "</div>"
    )


def not_saved_new_records(pseudonym: str, new: Iterable[SavedSince], shows: str) -> str:
    """What a page says when a save is refused because the chart changed since the page read it
    (:meth:`Dashboard.chart_changed`; physician review R7, S7): one sentence for every page.

    Parameters
    ----------
    pseudonym : str
        The patient's pseudonym.
    new : iterable of SavedSince
        What is new on the chart (:attr:`iopkit.checkin.ChartReadAgain.new`), each said with its time.
    shows : str
        What the page now shows, redrawn from the chart as it is now (no full stop), e.g. "The recommendation has
        been recomputed".

    Returns
    -------
    str
        "Not saved: new records for <pseudonym> since this page was opened (<what, when>; ...). <shows>; read it
        again and save."

    Examples
    --------
    >>> import datetime as dt
    >>> from iopkit.episode import SavedSince
    >>> at = dt.datetime(2026, 12, 3, 16, 5, tzinfo=dt.timezone.utc)
    >>> not_saved_new_records("IOP-0042", [SavedSince("placement", at, 7)], "The plan is redrawn")[:62]
    'Not saved: new records for IOP-0042 since this page was opened'
    """
    return (
        f"Not saved: new records for {pseudonym} since this page was opened "
        f"({'; '.join(x.said for x in new)}). {shows}; read it again and save."
    )


class ConfirmRow(widgets.HBox):
    """A question asked in the page, with two answers (``iop-confirm``; hidden until :meth:`ask`).

    Voila has no modal dialogs: the question appears where the user is, and nothing happens
    until one of the two buttons is clicked. A page places a row where the choice it asks about was made (beside the
    instrument list, under the patient picker), and :meth:`ask` puts the keyboard focus on the answer that loses
    nothing ("Keep"), which also scrolls the question into view: the click on a list that snaps back never seems to
    do nothing (walk review F2), and Enter or Space on a question not yet read never throws answers away.

    Parameters
    ----------
    status : StatusArea
        Where an error of an answer's callback is shown.
    """

    def __init__(self, status: StatusArea) -> None:
        self.question = widgets.HTML()
        self.yes = widgets.Button(description="Discard", button_style="danger", layout={"width": "auto"})
        self.yes.add_class("iop-confirm-yes")
        self.no = widgets.Button(description="Keep", layout={"width": "auto"})
        self.no.add_class("iop-confirm-no")
        self._on_yes = self._on_no = None
        self.yes.on_click(guarded(status)(self._answered))
        self.no.on_click(guarded(status)(self._answered))
        super().__init__([self.question, self.yes, self.no], layout=widgets.Layout(display="none"))
        self.add_class("iop-confirm")
        self.add_class("iop-row")

    @property
    def asking(self) -> bool:
        """True while a question waits for an answer."""
        return self.layout.display != "none"

    def ask(self, question: str, on_yes, on_no=None, *, yes: str = "Discard", no: str = "Keep") -> None:
        """Show ``question``, its safe answer (``no``) focused and so scrolled into view; ``on_yes`` (or ``on_no``)
        runs when its button is clicked."""
        self.question.value = f'<span class="iop-confirm-question" role="alert">{html.escape(question)}</span>'
        self.yes.description, self.no.description = yes, no
        self._on_yes, self._on_no = on_yes, on_no
        self.layout.display = "flex"
        self.no.focus()  # the browser scrolls a focused button into view

    def close(self) -> None:
        """Hide the question without running either answer."""
        self.layout.display = "none"
        self.question.value = ""
        self._on_yes = self._on_no = None

    def _answered(self, button) -> None:
        action = self._on_yes if button is self.yes else self._on_no
        self.close()
        if action is not None:
            action()


class PatientPicker(widgets.VBox):
    """Choose a patient, or add a pseudonymous one; and say who is saving (the audit trail needs it).

    ``patient_id`` is the chosen patient's id (``None``: nobody chosen). The store is opened on
    first use, so building the picker touches no file.

    Who saves: single-user (``iopkit serve``) the clinician types their initials (``clinician``); under
    JupyterHub there is no such box, the author is the signed-in hub user (:func:`signed_in_author`, read
    once when the page is built) and the page shows it (``identity``). On PostgreSQL the database checks
    it as well: a hub user's login role may only save records signed with that user's name
    (:mod:`iopkit.store.pg_roles`).

    ``before_change``, when set, is asked ``before_change(new_id, old_id)`` before another patient
    is chosen; if it returns False the dropdown goes back to the current patient (the page asks the
    user first, then calls :meth:`select`).

    Parameters
    ----------
    status : StatusArea
        Where the picker's errors and confirmations are shown.
    store : Store or callable, optional
        A store, or a function that opens one (the dashboard notebook passes the dashboards' choice,
        :func:`iopkit.demo.dashboard_store`), opened when the page starts; default
        ``Store.open_default()`` (see :func:`~iopkit.widgets.page.open_store`).
    """

    patient_id = traitlets.Int(None, allow_none=True)

    def __init__(self, status: StatusArea, store: StoreSource = None) -> None:
        self._store = store
        self.status = status
        self.before_change: Callable[[Any, Any], bool] | None = None
        self._settling = False
        self.choose = widgets.Dropdown(description="Patient", options=[("— choose a patient —", BLANK)], style=WIDE)
        self.choose.add_class("iop-patient")
        self.new_name = widgets.Text(
            description="New patient (pseudonym, no real names)",
            placeholder="e.g. IOP-0107",
            style=WIDE,
            layout={"width": "38em"},
        )
        self.adolescent = widgets.Checkbox(
            description="Adolescent (under 18)", indent=False, layout={"width": "max-content"}
        )
        self.add = widgets.Button(description="Add patient", tooltip="Register a new pseudonymous patient")
        self.add.add_class("iop-add-patient")
        self.clinician = widgets.Text(
            description="Your initials (saved with each record)",
            placeholder="e.g. KM",
            style=WIDE,
            layout={"width": "26em"},
        )
        self.clinician.add_class("iop-clinician")
        #: The hub's signed-in user, the author of every record saved here (None: single-user, the box decides).
        self.signed_in = signed_in_author()
        self.identity = widgets.HTML()
        self.identity.add_class("iop-signed-in")
        # A clinician of several sites says which one a new patient belongs to (one site: that one, no question).
        sites = signed_in_sites() if self.signed_in is not None else ()
        self.site = widgets.Dropdown(
            description="Site",
            options=[("— site of the new patient —", BLANK)] + [(site, site) for site in sites],
            style=WIDE,
        )
        self.site.add_class("iop-site")
        if self.signed_in is not None:
            self.clinician.value = self.signed_in
            self.clinician.disabled = True
            self.identity.value = self._identity_html()
        row1 = widgets.HBox([self.choose, self.clinician if self.signed_in is None else self.identity])
        row2 = widgets.HBox([self.new_name, self.adolescent, *([self.site] if len(sites) > 1 else []), self.add])
        for row in (row1, row2):
            row.add_class("iop-row")
        super().__init__([row1, row2])
        self.add_class("iop-picker")
        self.choose.observe(guarded(status)(self._chosen), names="value")
        self.add.on_click(guarded(status)(self._add))

    @property
    def store(self):
        """The record store, opened on first use from what the page was given (see :func:`open_store`)."""
        if self._store is None or callable(self._store):
            self._store = open_store(self._store)
        return self._store

    def _identity_html(self, site: str = "") -> str:
        where = f" · site{'s' if ',' in site else ''} {html.escape(site)}" if site else ""
        who = html.escape(self.signed_in or "")
        return (
            f'<span class="iop-identity">Signed in as <strong class="iop-author">{who}</strong>{where} '
            "(saved with each record)</span>"
        )

    def refresh(self) -> None:
        """Reload the patient list from the store, keeping the current choice."""
        if self.signed_in is not None:
            several = len(self.site.options) > 2
            self.identity.value = self._identity_html(
                ", ".join(v for _, v in self.site.options[1:]) if several else getattr(self.store, "site", "")
            )
        options = [("— choose a patient —", BLANK)] + [
            (p.pseudonym + (" (adolescent)" if p.adolescent else ""), p.id) for p in self.store.patients()
        ]
        current = self.choose.value
        self._settling = True  # replacing the options is not the user choosing another patient
        try:
            self.choose.options = options
            self.choose.value = current if current in {v for _, v in options} else BLANK
        finally:
            self._settling = False
        self._take(self.choose.value)

    def patient(self):
        """The chosen ``Patient``, re-read from the store (never trusting the widget's value)."""
        if self.patient_id is None:
            return None
        return self.store.patient(self.patient_id)

    def by(self) -> str | None:
        """Who saves, or ``None`` after telling the user what is missing (the store validates it too).

        Under the hub: the signed-in user, whatever any widget says (:func:`who_saves`).
        """
        return who_saves(self.signed_in, self.clinician, self.status)

    def select(self, value) -> None:
        """Choose the patient with id ``value`` (or ``BLANK``) without asking ``before_change``."""
        self._settling = True
        try:
            self.choose.value = value
        finally:
            self._settling = False
        self._take(value)

    def _take(self, value) -> None:
        self.patient_id = value if isinstance(value, int) and not isinstance(value, bool) else None

    def _chosen(self, change) -> None:
        if self._settling:
            return
        new, old = change["new"], change["old"]
        if self.before_change is not None and not self.before_change(new, old):
            self._settling = True  # back to the patient whose answers are on the page
            try:
                self.choose.value = old
            finally:
                self._settling = False
            return
        self._take(new)

    def _add(self, _button) -> None:
        import warnings

        from ..store import PossibleRealNameWarning

        if len(self.site.options) > 2:  # several sites: the clinician chooses, the database checks it is theirs
            if picked(self.site.value) is None:
                self.status.show("Choose the site of the new patient: you work at several.", "error")
                return
            self.store.site = self.site.value
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", PossibleRealNameWarning)
            pid = self.store.add_patient(self.new_name.value, adolescent=bool(self.adolescent.value))
        self.new_name.value = ""
        self.adolescent.value = False  # the next new patient starts as an adult unless ticked again
        self.refresh()
        self.choose.value = pid
        named = [str(w.message) for w in caught if issubclass(w.category, PossibleRealNameWarning)]
        self.status.show(
            f"Added patient {self.store.patient(pid).pseudonym}."
            + (f" Check the pseudonym: {named[0]}." if named else ""),
            "error" if named else "ok",
        )


class Dashboard(widgets.VBox):
    """A dashboard page: title, status area, patient picker, body sections, summary link, disclaimer.

    Subclasses set ``title``/``intro``, build ``body()`` and react to ``on_patient``.

    Parameters
    ----------
    store : Store or callable, optional
        A store, or a function that opens one (the dashboard notebook passes the dashboards' choice,
        :func:`iopkit.demo.dashboard_store`), opened when the page starts; default
        ``Store.open_default()`` (see :func:`~iopkit.widgets.page.open_store`).
    """

    title = "iopkit"
    intro = ""
    page_class = "iop-page"
    notebook = ""  # this page's notebook in :data:`PAGES`

    @built_sharing_defaults
    def __init__(self, store: StoreSource = None) -> None:
        self.episode: Episode | None = None
        self._reading = ""  # the status line shown while the first read waits and runs (:meth:`start`)
        self.nav = widgets.HTML(nav_html(self.notebook))
        self.nav.add_class("iop-nav-bar")
        self.address = AddressBar()
        self.chart_header = widgets.HTML()
        self.chart_header.add_class("iop-chart-head")
        self.status = StatusArea()
        self.picker = PatientPicker(self.status, store)
        self.confirm = ConfirmRow(self.status)
        #: The page's other question rows, each beside the choice it asks about (:meth:`ask_to_discard`).
        self.questions: list[ConfirmRow] = []
        self.picker.before_change = self._may_change_patient
        self.summary = widgets.HTML()
        self.summary.add_class("iop-summary-link")
        header = widgets.HTML(f"<h1>{html.escape(self.title)}</h1><p>{html.escape(self.intro)}</p>")
        footer = widgets.HTML(f'<p class="iop-disclaimer">{html.escape(DISCLAIMER)}</p>')
        super().__init__(
            [
                load_css(),
                self.nav,
                self.address,
                header,
                self.status,
                self.picker,
                self.chart_header,
                self.confirm,
                self.summary,
                *self.body(),
                footer,
            ]
        )
        self.add_class("iop-page")
        self.add_class(self.page_class)
        self.picker.observe(guarded(self.status)(self._patient_changed), names="patient_id")
        self.picker.clinician.observe(guarded(self.status)(lambda _c: self.refresh_chart(read=False)), names="value")

    @property
    def store(self):
        return self.picker.store

    def body(self) -> list[widgets.Widget]:
        return []

    def start(self) -> None:
        """Read the store: the patient list, and the patient the address carries (see :func:`start_reading`)."""
        carried = request_args().get("patient")
        self._reading = f"Opening the chart of {carried} ..." if carried else "Reading the patient list ..."
        self.status.show(self._reading, "info")
        start_reading(self._open, self.status, page=self)

    def _open(self) -> None:
        """Read the patient list, then take the patient and clinician the address carries."""
        self.status.clear(self._reading)
        self.picker.refresh()
        args = request_args()
        if "by" in args:
            self.picker.clinician.value = args["by"]
        if "patient" in args:
            found = [p.id for p in self.store.patients() if p.pseudonym == args["patient"]]
            if not found:
                self.status.show(f"No patient {args['patient']!r} in this record store.", "error")
                return
            self.picker.select(found[0])

    def refresh_chart(self, *, read: bool = True) -> None:
        """Re-read the chosen patient's episode (``read``) and redraw the chart header and navigation."""
        patient = self.picker.patient()
        if read:
            from ..episode import Episode

            self.episode = None if patient is None else Episode.from_store(self.store, patient)
            self._read_checkin_flags()
        self.chart_header.value = "" if self.episode is None else chart_header_html(self.episode)
        carried = None if self.picker.signed_in is not None else self.picker.clinician.value.strip() or None
        self.nav.value = nav_html(self.notebook, patient.pseudonym if patient else None, carried)
        self.address.follow(patient.pseudonym if patient else None)  # a reload opens this chart (walk F12)

    def _read_checkin_flags(self) -> None:
        """Add the safety flags of the patient's check-in answers not saved yet (one small read of the book); a
        book that cannot be read is said in red, never taken for "no flags", and the chart still shows."""
        import sqlite3

        from ..checkin import with_open_checkins
        from ..errors import StoreError

        if self.episode is None:
            return
        try:
            self.episode = with_open_checkins(self.store, self.episode)
        except (OSError, sqlite3.Error, StoreError) as error:  # a book refused (a folder, loose) too
            self.status.show(
                f"The patient check-ins could not be read ({error}): a safety answer given on the "
                "check-in page may not show here; see the Caseload page or ask the patient.",
                "error",
            )

    def _patient_changed(self, _change) -> None:
        self.status.clear()
        self.summary.value = ""  # never the previous patient's summary, even for a moment
        self.refresh_chart()  # reads the episode once: the page below and the summary use it
        try:
            self.on_patient(self.picker.patient())  # what the clinician asked for first
        finally:
            self.refresh_summary()  # then the download (tens of kB) behind it

    def on_patient(self, patient) -> None:
        """Called with the chosen ``Patient`` (or ``None``)."""

    def unsaved(self) -> str | None:
        """What the page holds that is not saved, in words (``None``: nothing would be lost)."""
        return None

    def discard(self) -> None:
        """Throw away what :meth:`unsaved` describes."""

    def whose(self) -> str:
        """The chosen patient's pseudonym, as questions name them."""
        patient = self.picker.patient()
        return patient.pseudonym if patient is not None else "no patient yet"

    def ask_to_discard(self, then, where: ConfirmRow | None = None) -> bool:
        """True when nothing unsaved is on the page; else ask first, and on "Discard" clear it and run ``then``.

        ``where`` is the row beside the choice that asks (default :attr:`confirm`, under the patient picker); a
        question asked elsewhere on the page is closed, unanswered: one question at a time.
        """
        lost = self.unsaved()
        if not lost:
            return True

        def discard_then() -> None:
            self.discard()
            then()

        where = where if where is not None else self.confirm
        for row in (self.confirm, *self.questions):
            if row is not where:
                row.close()
        where.ask(f"Discard the answers entered for {self.whose()}? ({lost}, not saved)", discard_then)
        return False

    def _may_change_patient(self, new, _old) -> bool:
        return self.ask_to_discard(lambda: self.picker.select(new))

    def refresh_summary(self) -> None:
        """Refresh the printable-summary download link for the chosen patient."""
        from .render import download_link
        from .summary import patient_summary

        patient = self.picker.patient()
        if patient is None:
            self.summary.value = ""
            return
        episode = self.episode if self.episode is not None and self.episode.patient.id == patient.id else None
        # made now, printed on the clinic's clock with the zone like every time on it (the library's default)
        document = patient_summary(self.store, patient, episode=episode)
        self.summary.value = (
            '<div id="iop-summary">'
            + download_link(
                f"summary-{patient.pseudonym}.html",
                document,
                "text/html",
                f"Download a printable summary of {patient.pseudonym} for the chart",
            )
            + "</div>"
        )

    def chart_changed(self, patient) -> bool:
        """Read the chart again before a save; True when nothing may be saved (physician review R7, S7; R8, S4).

        A page kept open saves what it shows, worked out from the chart it read when the patient was picked. If a
        record (a C-SSRS high risk saved from another page, a new placement) or a check-in's safety answer was saved
        for ``patient`` since (:func:`iopkit.checkin.read_again`), nothing is saved: the page takes the chart as it is
        now, redraws the chart header and itself (:meth:`redraw_on_the_chart_now`) and says so in red
        (:func:`not_saved_new_records`). A chart that cannot be read again is said in red too, never taken for
        "nothing new". Called once per Save click (a read of the patient's records), never per redraw.

        Parameters
        ----------
        patient : Patient
            The patient the page is about to save for.

        Returns
        -------
        bool
            True: nothing new may be saved now (said in the status area); False: the page's chart is still the chart
            (or the page holds no chart of ``patient``), save.
        """
        import sqlite3

        from ..checkin import read_again
        from ..errors import StoreError

        if self.episode is None or self.episode.patient.id != patient.id:
            return False
        try:
            again = read_again(self.store, self.episode)
        except (OSError, sqlite3.Error, StoreError) as error:  # never taken for "nothing new" (R8, S4)
            self.status.show(
                f"Not saved: the chart of {patient.pseudonym} could not be read again to check for new records "
                f"({error}). Nothing was saved; try again, or ask the operator.",
                "error",
            )
            return True
        if not again.new:
            return False
        self.episode = again.episode
        self.refresh_chart(read=False)  # the chart header from the episode read now
        shows, then = self.redraw_on_the_chart_now()
        self.status.show(not_saved_new_records(patient.pseudonym, again.new, shows) + then, "error")
        return True

    def redraw_on_the_chart_now(self) -> tuple[str, str]:
        """Redraw the page from :attr:`episode`, just read again (:meth:`chart_changed`), and say what it now shows.

        Returns
        -------
        tuple of (str, str)
            What the page now shows, for :func:`not_saved_new_records` (no full stop); and what else is said after
            that sentence ("" when nothing, else starting with a space).
        """
        self.on_patient(self.picker.patient())
        return "The page has been redrawn from the chart as it is now", ""

    def saved(self, what: str, record_id: int, then: str = "") -> None:
        """Confirm a save in the status area (``then``: more words after it, starting with a space) and refresh the
        summary."""
        patient = self.picker.patient()
        self.status.show(f"Saved {what} for {patient.pseudonym} (record {record_id}).{then}", "ok")
        self.refresh_chart()  # the episode as saved, read once for the header and the summary
        self.refresh_summary()
