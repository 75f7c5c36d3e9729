"""Patient check-ins on screen: the clinician's "start a check-in" panel and the patient's own page.

Every rule lives in :mod:`iopkit.checkin` (codes, expiry, which measures, what to ask next, when to send the
patient to staff, saving through the scorer and the store); these widgets only display and collect.

* :class:`CheckinStarter` (on the caseload): choose a patient and this week's set of measures or your own,
  get the one-time code, the address of the check-in page and its QR code (:func:`qr_svg`, drawn offline);
  check-ins in progress are listed, a safety answer in red at once; a check-in that ended with a questionnaire
  unfinished is marked reviewed here once the clinician has spoken with the patient, with the overall risk level
  and what was done while a safety flag of it is open, saved or not (:meth:`iopkit.checkin.CheckinBook.review`);
  each check-in to review is named by its patient and its flags, and choosing another clears both fields;
  reading the check-ins again clears the risk level chosen, and says so, when a safety answer of that check-in is
  new or changed since its answers were shown (what was done is kept); "Reviewed" saves nothing then either: the
  book refuses a level chosen on an earlier reading (``seen``), and the flags are shown again for a new choice.
* :class:`PatientCheckin` (the ``patient_checkin`` dashboard, opened by a code on ``/checkin``): one question
  at a time with the progress, answers as large buttons, plain words; no score, band, other patient or link
  anywhere else.  A safety answer shows :data:`iopkit.checkin.STAFF_NOW_MESSAGE`.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

import ipywidgets as widgets

from ..entry import clinic_clock, clinical_day
from .base import StatusArea, built_sharing_defaults, guarded, log
from .page import BLANK, StoreSource, open_store, picked, risk_level_dropdown, short_name, wait_for_request
from .render import esc, triage_html

if TYPE_CHECKING:
    from ..checkin import Checkin, CheckinBook

__all__ = ["CheckinStarter", "PatientCheckin", "patient_checkin", "qr_svg"]

THIS_WEEK = "This week's set (measures due)"
CHOSEN = "Choose measures"
#: Touch targets of at least 44 CSS pixels (WCAG 2.2 target size, enhanced; Apple's and Android's guidance).
PATIENT_CSS = """<style>
.iop-checkin { font-size: 20px; line-height: 1.5; max-width: 36em; margin: 0 auto; padding: 8px; }
.iop-checkin h1 { font-size: 1.5em; margin: 0 0 0.3em; }
.iop-checkin .iop-checkin-progress { font-size: 0.95em; color: #333; }
.iop-checkin .iop-checkin-bar { height: 10px; background: #ddd; border-radius: 5px; overflow: hidden; }
.iop-checkin .iop-checkin-bar > div { height: 100%; background: #0b4f9c; }
.iop-checkin .iop-checkin-lead { margin: 0.8em 0 0.2em; color: #333; }
.iop-checkin .iop-checkin-question { font-size: 1.25em; font-weight: 600; margin: 0.2em 0 0.6em; }
.iop-checkin .iop-checkin-answer, .iop-checkin .iop-checkin-continue {
  min-height: 56px; height: auto; width: 100%; font-size: 1.05em; white-space: normal; margin: 6px 0;
  border-radius: 8px; border: 2px solid #0b4f9c; background: #fff; color: #0b4f9c; padding: 8px 12px; }
.iop-checkin .iop-checkin-answer.iop-chosen { background: #0b4f9c; color: #fff; }
.iop-checkin .iop-checkin-continue { background: #0b4f9c; color: #fff; }
.iop-checkin .iop-checkin-back { min-height: 48px; min-width: 8em; height: auto; font-size: 0.95em; margin-top: 12px;
  background: #f4f4f4; border: 1px solid #888; border-radius: 8px; }
.iop-checkin .iop-checkin-staff { background: #eef5ff; border: 2px solid #0b4f9c; border-radius: 8px;
  padding: 12px 16px; font-size: 1.1em; }
</style>"""


def _query(key: str) -> str | None:
    values = parse_qs(os.environ.get("QUERY_STRING", "")).get(key)
    return values[-1].strip() if values else None


class PatientCheckin(widgets.VBox):
    """The patient's page: the next question of their check-in, one at a time (after :meth:`start`).

    An answer the library refuses, or a check-in that cannot be read, shows its message on the page.

    Parameters
    ----------
    store : Store or callable, optional
        A store, or a function that opens one (the dashboard notebook passes the dashboards' choice,
        :func:`iopkit.demo.dashboard_store`), opened when the page starts; default
        ``Store.open_default()`` (see :func:`~iopkit.widgets.page.open_store`).
    book : CheckinBook, optional
        The check-ins in progress (:class:`iopkit.checkin.CheckinBook`; default the store's).
    """

    _book: CheckinBook | None
    checkin: Checkin | None

    @built_sharing_defaults
    def __init__(self, store: StoreSource = None, book=None) -> None:
        self._store, self._book = store, book
        self.checkin = None
        self.status = StatusArea()
        self.progress = widgets.HTML()
        self.progress.add_class("iop-checkin-progress")
        self.question = widgets.HTML('<p class="iop-checkin-question">Loading your questions…</p>')
        self.answers = widgets.VBox()
        self.answers.add_class("iop-checkin-answers")
        self.staff = widgets.HTML()
        self.staff.add_class("iop-checkin-staff-area")
        self.back = widgets.Button(
            description="Back", tooltip="Go back to the previous question", layout=widgets.Layout(display="none")
        )
        self.back.add_class("iop-checkin-back")
        self.back.on_click(guarded(self.status)(lambda _b: self._go_back()))
        self._asking: tuple[str, int] | None = None  # (instrument, item) shown now
        self._history: list[tuple[str, int]] = []  # questions answered on this screen, for Back
        self._told_staff = False
        super().__init__(
            [
                widgets.HTML(PATIENT_CSS),
                widgets.HTML("<h1>Check-in</h1>"),
                self.progress,
                self.status,
                self.staff,
                self.question,
                self.answers,
                self.back,
            ]
        )
        self.add_class("iop-checkin")

    # --- reading -----------------------------------------------------------------------------------
    def start(self) -> None:
        """Open the check-in named in the address (the server let this page in for that check-in only)."""
        wait_for_request()
        guarded(self.status)(self._open)()

    def _open(self) -> None:
        from ..checkin import CheckinBook, book_of
        from ..errors import StoreError

        wanted = _query("checkin")
        if not wanted or not wanted.isdigit():
            return self._closed()
        if self._store is None or callable(self._store):
            self._store = open_store(self._store)
        if self._book is None:
            try:
                self._book = CheckinBook(book_of(self._store))
            except StoreError as error:  # the operator's words (e.g. a book with no chain of states) go to the log
                log.error("iopkit: the check-in book was refused: %s", error)
                return self._closed()  # the patient is asked to see staff, never shown them
        self.checkin = self._book.get(int(wanted))
        self._show_next()

    def _closed(self) -> None:
        self.question.value = (
            '<p class="iop-checkin-question">This check-in is closed.</p><p>Please ask a member of staff.</p>'
        )
        self.answers.children = ()
        self.back.layout.display = "none"
        self.progress.value = ""

    # --- asking ------------------------------------------------------------------------------------
    def _shown(self) -> tuple[CheckinBook, Checkin]:
        """The check-in book and the check-in on the page (once :meth:`start` found it)."""
        if self._book is None or self.checkin is None:
            raise RuntimeError("No check-in is open on this page: call start() first.")
        return self._book, self.checkin

    def _show_next(self, review: tuple[str, int] | None = None) -> None:
        from ..checkin import Status, next_question, progress
        from ..instruments.translations import translation

        book, shown = self._shown()
        checkin = self.checkin = book.get(shown.id)
        if checkin.status is not Status.OPEN and checkin.status is not Status.DONE:
            return self._closed()
        done, total = progress(checkin)
        nxt = next_question(checkin)
        if review is None and nxt is None:
            return self._finished()
        if review is not None:
            instrument, item = review
        else:
            assert nxt is not None  # returned above when there is no next question and nothing to review
            instrument, item = nxt.instrument, nxt.item
        self._asking = (instrument, item)
        position = (self._history.index(review) + 1 + done - len(self._history)) if review else done + 1
        self.progress.value = (
            f"<div>Question {position} of {total}</div>"
            f'<div class="iop-checkin-bar" role="progressbar" aria-valuemin="0" '
            f'aria-valuemax="{total}" aria-valuenow="{done}"><div style="width:'
            f'{100 * done / max(total, 1):.0f}%"></div></div>'
        )
        words = translation(instrument)
        chosen = checkin.answers.get(instrument, {}).get(item)
        buttons = []
        for code, label in words.answer_labels(item):
            button = widgets.Button(description=label, layout={"width": "100%", "height": "auto"})
            button.add_class("iop-checkin-answer")
            if code == chosen:
                button.add_class("iop-chosen")
            button.on_click(guarded(self.status)(lambda _b, c=code: self._answer(c)))
            buttons.append(button)
        self.answers.children = tuple(buttons)
        self.back.layout.display = "" if self._previous() is not None else "none"
        # The question last: once it shows, its answers have been sent to the page.
        self.question.value = (
            f'<p class="iop-checkin-lead">{esc(words.lead_in)}</p>'
            f'<p class="iop-checkin-question" id="iop-checkin-q">{esc(words.items[item])}</p>'
        )

    def _previous(self) -> tuple[str, int] | None:
        """The question before the one shown, if it can still be changed (its questionnaire is not saved yet)."""
        if self._asking is None or not self._history:
            return None
        here = self._history.index(self._asking) if self._asking in self._history else len(self._history)
        if here == 0:
            return None
        before = self._history[here - 1]
        return before if before[0] not in self._shown()[1].saved else None

    def _go_back(self) -> None:
        before = self._previous()
        if before is not None:
            self._show_next(review=before)

    def _answer(self, code: int) -> None:
        if self._asking is None:
            return
        instrument, item = self._asking
        book, shown = self._shown()
        answered = book.answer(shown.id, instrument, item, code)
        self.checkin = answered
        if self._asking not in self._history:
            self._history.append(self._asking)
        book.save_complete(self._store, answered.id)
        self.checkin = book.get(answered.id)
        if self.checkin.staff_now and not self._told_staff:
            return self._tell_staff()
        self._show_next()

    def _tell_staff(self) -> None:
        from ..checkin import STAFF_NOW_MESSAGE

        self._told_staff = True
        self.staff.value = f'<div class="iop-checkin-staff" role="alert">{html.escape(STAFF_NOW_MESSAGE)}</div>'
        self.question.value = ""
        more = widgets.Button(description="Continue with the questions", layout={"width": "100%"})
        more.add_class("iop-checkin-continue")
        more.on_click(guarded(self.status)(lambda _b: self._show_next()))
        pending = self._shown()[1].pending
        self.answers.children = (more,) if pending else ()
        self.back.layout.display = "none"
        if not pending:
            self._finished()

    def _finished(self) -> None:
        self._asking = None
        self.progress.value = "<div>All questions answered.</div>"
        self.question.value = (
            '<p class="iop-checkin-question">Thank you. You have finished.</p><p>Please let a member of staff know.</p>'
        )
        self.answers.children = ()
        self.back.layout.display = "none"


def patient_checkin(store: StoreSource = None, book=None) -> PatientCheckin:
    """The patient check-in page (the ``patient_checkin`` dashboard); call :meth:`PatientCheckin.start`.

    Parameters
    ----------
    store : Store or callable, optional
        A store, or a function that opens one (the dashboard notebook passes the dashboards' choice,
        :func:`iopkit.demo.dashboard_store`), opened when the page starts; default
        ``Store.open_default()`` (see :func:`~iopkit.widgets.page.open_store`).
    book : CheckinBook, optional
        The check-ins in progress (:class:`iopkit.checkin.CheckinBook`; default the store's).

    Returns
    -------
    PatientCheckin
        The page, not yet reading the store.
    """
    return PatientCheckin(store, book)


def _server_address() -> str:
    """This server's address as the browser asked for it (Voila gives the kernel ``SERVER_NAME``/``SERVER_PORT``)."""
    name, port = os.environ.get("SERVER_NAME"), os.environ.get("SERVER_PORT")
    if not name:
        return ""
    name = f"[{name}]" if ":" in name else name
    return f"http://{name}" + (f":{port}" if port and port != "80" else "")


#: Light modules around the code, as the QR standard asks (ISO/IEC 18004: four modules).
QR_QUIET_ZONE = 4


def qr_svg(text: str, size: int = 200) -> str:
    """``text`` as a QR code drawn in inline SVG (no image file, nothing fetched): one square per dark module.

    The modules are segno's (pure Python, BSD licence; error correction M, never a Micro QR), drawn here as
    one path of unit squares in a ``viewBox`` that includes the quiet zone, so any phone camera reads it.

    Parameters
    ----------
    text : str
        What the code holds (the check-in's address).
    size : int
        The drawn width and height.

    Returns
    -------
    str
        The QR code as inline SVG with a text alternative.

    Examples
    --------
    >>> svg = qr_svg("http://clinic.example:8866/checkin?code=ABCD-EFGH")
    >>> svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and 'class="iop-checkin-qr"' in svg
    True
    """
    import segno

    code = segno.make(text, error="m", micro=False, boost_error=False)
    width = len(code.matrix) + 2 * QR_QUIET_ZONE
    squares = "".join(
        f"M{x + QR_QUIET_ZONE} {y + QR_QUIET_ZONE}h1v1h-1z"
        for y, row in enumerate(code.matrix)
        for x, dark in enumerate(row)
        if dark
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="iop-checkin-qr" width="{size}" height="{size}" '
        f'viewBox="0 0 {width} {width}" role="img" aria-label="QR code of the check-in address" '
        f'shape-rendering="crispEdges"><rect width="{width}" height="{width}" fill="#fff"/>'
        f'<path fill="#000" d="{squares}"/></svg>'
    )


class CheckinStarter(widgets.VBox):
    """Start a patient check-in and see the check-ins in progress (after :meth:`start`).

    Parameters
    ----------
    status : StatusArea, optional
        Where errors and confirmations are shown (default a new one of its own).
    """

    _book: CheckinBook | None

    def __init__(self, status: StatusArea | None = None) -> None:
        self.status = status or StatusArea()
        self._store = self._book = None
        self._patients: tuple = ()
        self.patient = widgets.Dropdown(description="Patient", options=[], style={"description_width": "initial"})
        self.patient.add_class("iop-checkin-patient")
        self.which = widgets.RadioButtons(options=[THIS_WEEK, CHOSEN], value=THIS_WEEK, layout={"width": "auto"})
        self.which.add_class("iop-checkin-which")
        # The measures are listed by start(), which imports the check-in module (and the instrument catalogue it
        # names them from) off the page's first render; the starter takes no clicks until then.
        self.measures = widgets.SelectMultiple(
            options=[], value=(), description="Measures", style={"description_width": "initial"}
        )
        self.measures.add_class("iop-checkin-measures")
        self.by = widgets.Text(
            description="Started by", placeholder="your initials", style={"description_width": "initial"}
        )
        self.by.add_class("iop-checkin-by")
        self.go = widgets.Button(description="Start check-in", button_style="primary")
        self.go.add_class("iop-checkin-start")
        self.go.on_click(guarded(self.status)(lambda _b: self._start()))
        self.ticket = widgets.HTML()
        self.ticket.add_class("iop-checkin-ticket")
        self.live = widgets.HTML()
        self.live.add_class("iop-checkin-live")
        self.reread = widgets.Button(description="Refresh check-ins", tooltip="Read the check-ins' progress again")
        self.reread.add_class("iop-checkin-refresh")
        self.reread.on_click(guarded(self.status)(lambda _b: self.refresh()))
        self.to_review = widgets.Dropdown(
            description="Unfinished check-in", options=[], style={"description_width": "initial"}
        )
        self.to_review.add_class("iop-checkin-to-review")
        self.review_flags = widgets.HTML()
        self.review_flags.add_class("iop-checkin-review-flags")
        self.risk_level = risk_level_dropdown()
        self.risk_level.add_class("iop-checkin-risk-level")
        self.triage = widgets.HTML()
        self.triage.add_class("iop-checkin-triage")
        self.action = widgets.Textarea(
            description="What was done",
            placeholder="e.g. C-SSRS full assessment: low risk; safety plan agreed",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="36em"),
        )
        self.action.add_class("iop-checkin-action")
        self.safety_box = widgets.VBox(
            [self.review_flags, widgets.HBox([self.risk_level, self.triage]), self.action],
            layout=widgets.Layout(display="none"),
        )
        self.reviewed = widgets.Button(
            description="Reviewed with the patient",
            tooltip=(
                "Close this check-in's unfinished answers: its flag leaves the caseload. A saved questionnaire's "
                "safety flag is closed on the patient's progress page too, at this risk level"
            ),
        )
        self.reviewed.add_class("iop-checkin-reviewed")
        self.review_status = StatusArea()
        self.review_status.add_class("iop-checkin-review-status")
        self.reviewed.on_click(guarded(self.review_status)(lambda _b: self._review()))
        self.risk_level.observe(lambda _change: guarded(self.review_status)(self._show_triage)(), names="value")
        self._refilling = False  # the list of check-ins to review is being filled again (not the clinician's choice)
        self._read: Checkin | None = None  # the check-in to review as its answers were last shown
        self.to_review.observe(lambda _change: guarded(self.review_status)(self._chosen)(), names="value")
        self.review_box = widgets.VBox(
            [self.to_review, self.safety_box, widgets.HBox([self.reviewed, self.review_status])],
            layout=widgets.Layout(display="none"),
        )
        self.to_withdraw = widgets.Dropdown(description="Check-in", options=[], style={"description_width": "initial"})
        self.to_withdraw.add_class("iop-checkin-to-withdraw")
        self.withdraw = widgets.Button(description="Withdraw", tooltip="Its code and the patient's page stop working")
        self.withdraw.add_class("iop-checkin-withdraw")
        self.withdraw.on_click(guarded(self.status)(lambda _b: self._withdraw()))
        self.withdraw_box = widgets.HBox([self.to_withdraw, self.withdraw], layout=widgets.Layout(display="none"))
        #: Why the check-in book could not be opened (:func:`iopkit.checkin.closed_book_notice`), None once it was.
        self.closed: str | None = None
        #: Called after "Refresh check-ins" has read the check-ins again: the caseload page reads its rows again.
        self.on_refresh: Callable[[], None] | None = None
        self._controls = (
            widgets.HTML(
                "<p>The patient answers their own questionnaires on a tablet or their phone "
                "with a one-time code; the answers are saved as patient-reported for you to "
                "review.</p>"
            ),
            self.patient,
            self.which,
            self.measures,
            self.by,
            self.go,
            self.ticket,
            self.live,
            self.withdraw_box,
            self.review_box,
            self.reread,
        )
        self.closed_note = widgets.HTML()
        self.closed_note.add_class("iop-checkin-closed")
        super().__init__(self._controls)
        self.add_class("iop-checkin-starter")

    def start(self, store, by: str | None = None, book=None, patients=None) -> None:
        """Fill the patient list (``patients``, default every patient of ``store``) and list the check-ins.

        A check-in book that cannot be opened (refused: :class:`iopkit.checkin.CheckinBook`) is read for nothing:
        :attr:`closed` says why (:func:`iopkit.checkin.closed_book_notice`, for the page to show in red), the
        starter's controls give way to a line saying no check-in can be started or reviewed, and
        :meth:`with_flags` adds no flag.
        """
        import sqlite3

        from ..checkin import SELF_REPORT, CheckinBook, book_of, closed_book_notice
        from ..errors import StoreError

        if not self.measures.options:
            with self.measures.hold_sync():
                self.measures.options = [(short_name(c), c) for c in SELF_REPORT]
                self.measures.rows = len(SELF_REPORT)
        self._store, self.closed = store, None
        try:
            self._book = book if book is not None else CheckinBook(book_of(store))  # an empty book is falsy
        except (OSError, sqlite3.Error, StoreError) as error:  # refused (no chain of states, loose) or unreadable
            self._book, self.closed = None, closed_book_notice(error)
        self.closed_note.value = (
            ""
            if self.closed is None
            else "<p>No check-in can be started or reviewed while the check-in book is closed.</p>"
        )
        self.children = self._controls if self.closed is None else (self.closed_note,)
        self._patients = tuple(store.patients() if patients is None else patients)
        self.patient.options = [(p.pseudonym, p.id) for p in self._patients]
        if by:
            self.by.value = by
        self._show_live()

    def _start(self) -> None:
        from ..checkin import this_weeks_set

        if self._store is None or self._book is None or self.patient.value is None:
            self.status.show("Choose a patient first.", "warning")
            return
        chosen = (
            this_weeks_set(self._store, self.patient.value)
            if self.which.value == THIS_WEEK
            else tuple(self.measures.value)
        )
        if not chosen:
            self.status.show("Nothing is due this week for this patient: choose the measures instead.", "warning")
            return
        ticket = self._book.start(self._store, self.patient.value, chosen, by=self.by.value)
        expires = clinic_clock(ticket.checkin.expires_at).strftime("%H:%M")
        link = ticket.link(_server_address())
        names = ", ".join(short_name(m) for m in ticket.checkin.measures)
        self.ticket.value = (
            f'<div class="iop-checkin-code-box"><p>Check-in code for {esc(self.patient.label)} ({esc(names)}):</p>'
            f'<p class="iop-checkin-code" style="font-size:2em;font-weight:bold;letter-spacing:0.1em">'
            f"{esc(ticket.shown)}</p><p>Valid once, until {expires}. On the tablet or the patient's phone open "
            f'<code class="iop-checkin-link">{esc(link)}</code> (or /checkin on this server) and type the code. '
            "The code is shown only now.</p>"
            + (
                f"<p>Or the patient scans this with their phone's camera (the code is in it; the phone must "
                f"reach this server's address):</p>{qr_svg(link)}"
                if link.startswith("http")
                else ""
            )
            + "</div>"
        )
        self.status.show("Check-in started.", "info")
        self._show_live()

    def _show_live(self) -> None:
        from ..checkin import Status, progress

        names = {p.id: p.pseudonym for p in self._patients}
        rows = []
        for c in self._book.live() if self._book is not None else ():
            done, total = progress(c)
            safety = (
                _reviewed_html(c)
                if c.reviewed_at is not None
                else f'<div class="iop-flag-critical">A safety answer was given: {_contact_words(c)}.</div>'
                if c.staff_now
                else '<div class="iop-flag-critical">A safety question was left unanswered and counts at its worst '
                "answer: ask the patient and review this check-in.</div>"
                if c.raised_safety_flags()
                else ""
            )
            rows.append(
                f"<li>{esc(names.get(c.patient_id, str(c.patient_id)))}: {esc(_status_words(c))}, "
                f"{done} of {total} answered, {esc(_until_words(c))}{safety}</li>"
            )
        self.live.value = f"<p>Check-ins in progress:</p><ul>{''.join(rows)}</ul>" if rows else ""
        running = [
            c
            for c in (self._book.live() if self._book is not None else ())
            if c.status in (Status.WAITING, Status.OPEN)
        ]
        self.to_withdraw.options = [
            (f"{names.get(c.patient_id, str(c.patient_id))}, until {clinic_clock(c.expires_at):%H:%M}", c.id)
            for c in running
        ]
        if running and self.to_withdraw.value not in [c.id for c in running]:
            self.to_withdraw.value = running[0].id
        self.withdraw_box.layout.display = "" if running else "none"
        waiting = () if self._book is None else self._book.to_review()
        options = [
            (_to_review_label(c, flags, _patient_name(c.patient_id, self._patients)), c.id) for c, flags in waiting
        ]
        before = self.to_review.value
        self._refilling = True
        try:
            if list(self.to_review.options) != options:
                self.to_review.options = options
            ids = [i for _label, i in options]
            if ids:
                self.to_review.value = before if before in ids else ids[0]
        finally:
            self._refilling = False
        if self.to_review.value != before:
            self._clear_review()
        self.review_box.layout.display = "" if options else "none"
        self._show_review()

    def _chosen(self) -> None:
        """Another check-in chosen to review: what was typed for the one before never carries over to it."""
        if self._refilling:
            return
        self._clear_review()
        self._show_review()

    def _clear_review(self) -> None:
        self.risk_level.value, self.action.value = BLANK, ""
        self.review_status.clear()

    def _show_triage(self) -> None:
        """Beside a high risk level: what C-SSRS screener triage calls for at high risk, with its source."""
        self.triage.value = triage_html(self.risk_level.value)

    def _show_review(self) -> None:
        """The open safety flags of the check-in chosen to review, and the risk level and action they call for."""
        from ..checkin import REVIEW_SOURCE
        from ..markup import source_html

        chosen = self.to_review.value
        # the check-in read before its flags (a safety answer arriving in between is said at the next reading)
        read = None if self._book is None or chosen is None else self._book.get(chosen)
        self._answers_changed(read)
        flags = () if self._book is None or chosen is None else self._book.safety_flags(chosen)
        items = "".join(f"<li>{esc(f.flag.message)} ({esc(short_name(f.instrument))})</li>" for f in flags)
        whose = _patient_name(flags[0].patient_id, self._patients) if flags else ""
        chart = () if self._book is None or chosen is None else self._book.in_the_chart(chosen, self._store)
        closed = "".join(
            f'<p class="iop-checkin-closed-there">{esc(f.named)}: closed on the progress page already at '
            f"{_level_words(closings, 'on')}: a higher level is recorded there as a re-assessment; the same or a "
            "lower level reviews this check-in only and is noted there after that closing, never changing its "
            "level.</p>"
            for f, closings in chart
        )
        self.review_flags.value = (
            f'<div class="iop-flag-critical" role="alert">Open safety flag{"s" if len(flags) > 1 else ""} of this '
            f"check-in ({esc(whose)}):<ul>{items}</ul></div>{closed}<p>Record the overall risk level your "
            f"assessment found and what was done (the plan).{_chart_words(flags)} {source_html(REVIEW_SOURCE)}</p>"
            if flags
            else ""
        )
        self.safety_box.layout.display = "" if flags else "none"

    def _answers_changed(self, read: Checkin | None) -> None:
        """The chosen check-in read again (``read``): a risk level chosen on its earlier reading is cleared, and said,
        when a safety answer of it is new or changed since (:meth:`iopkit.checkin.Checkin.safety_answers_changed`;
        physician review R14, S4: the level was judged before that answer was read); what was done is kept."""
        from ..checkin import NEW_ANSWERS

        shown, self._read = self._read, read
        if read is None or shown is None or shown.id != read.id or picked(self.risk_level.value) is None:
            return
        if read.safety_answers_changed(since=shown):
            self.risk_level.value = BLANK
            self.review_status.show(NEW_ANSWERS, "warning")

    def refresh(self) -> None:
        """Read the check-ins again (progress, safety answers), then the page's caseload (:attr:`on_refresh`, set by
        the caseload page), so a finished check-in's safety answer reaches the red flag column with the panel; a
        risk level chosen for the check-in to review is cleared, and said, when its safety answers changed meanwhile
        (:meth:`_answers_changed`)."""
        self._show_live()
        if self.on_refresh is not None:
            self.on_refresh()

    def open_flags(self) -> tuple:
        """The safety flags of answers still in a check-in, of every patient (none without a book: :meth:`start`).

        See :meth:`iopkit.checkin.CheckinBook.open_flags`.
        """
        return () if self._book is None else self._book.open_flags()

    def with_flags(self, episodes, flags: tuple | None = None) -> list:
        """The caseload's ``episodes`` with the safety flags of answers still in a check-in added (after :meth:`start`).

        ``flags``: those flags read before the episodes (:meth:`open_flags`), so a check-in saved in between shows
        twice rather than not at all; default read now. See :meth:`iopkit.checkin.CheckinBook.open_flags`.
        """
        from ..checkin import with_checkin_flags

        if self._book is None:
            return list(episodes)
        return with_checkin_flags(episodes, self._book.open_flags() if flags is None else flags)

    def _withdraw(self) -> None:
        if self._book is None or self.to_withdraw.value is None:
            return
        self._book.cancel(self.to_withdraw.value, by=self.by.value)
        self.status.show("Check-in withdrawn: its code and the patient's page no longer work.", "info")
        self._show_live()

    def _review(self) -> None:
        if self._book is None or self.to_review.value is None:
            return
        if not self.by.value.strip():
            self.review_status.show("Type your initials in Started by first.", "warning")
            return
        chart = self._book.in_the_chart(self.to_review.value, self._store)  # closed in the chart before the review
        from ..checkin import NEW_ANSWERS, CheckinAnswersChanged

        try:
            done = self._book.review(
                self.to_review.value,
                self.by.value,
                risk_level=picked(self.risk_level.value),
                action=self.action.value,
                store=self._store,  # a saved questionnaire's safety flag is closed in the chart too, at the same level
                seen=self._read,  # the level was chosen on the answers shown: refused if a safety answer came since
            )
        except CheckinAnswersChanged:
            # physician review R15, M2: nothing saved; the level is chosen again on the answers shown now
            self.risk_level.value = BLANK
            self._show_review()
            self.review_status.show(NEW_ANSWERS, "warning")
            return
        self.risk_level.value, self.action.value = BLANK, ""
        self._show_live()
        from ..flags import triage_reminder

        reminder, _source = triage_reminder(done.risk_level)  # at high: what the screener's triage calls for, kept
        self.review_status.show(
            f"Check-in reviewed{_review_words(done)}{_below_the_chart(done, chart)}; reload the caseload to see this "
            f"check-in's flags go{self._still_open(done)}." + (f" {reminder}" if reminder else ""),
            "warning" if reminder or _below_the_chart(done, chart) else "info",
        )

    def _still_open(self, done: Checkin) -> str:
        """ "; the PHQ-9 flag of 02 Mar stays open on the progress page until closed there" for each safety flag of
        the patient's chart the review did not close (an earlier open flag it never showed); "" when none."""
        if self._store is None:
            return ""
        from ..episode import Episode

        still = Episode.from_store(self._store, done.patient_id).open_flags
        return "".join(
            f"; the {short_name(f.instrument)} flag of {f.day:%d %b} stays open on the progress page until closed there"
            for f in still
        )


def _level_words(closings, form: str = "()") -> str:
    """ "moderate (Dr B, 02 Mar)", or with ``form`` "on" "moderate by Dr B on 02 Mar": a closed flag's level in the
    chart (the highest recorded for it) and who recorded it, when."""
    from ..placement.resolution import level_set_by

    by = level_set_by(closings)
    level = by.risk_level.value if by.risk_level is not None else "no recorded level"
    if form == "on":
        return f"{level} by {esc(by.by)} on {by.on:%d %b}"
    return f"{level} ({esc(by.by)}, {by.on:%d %b})"


def _below_the_chart(done: Checkin, chart) -> str:
    """ "; the chart's level stays moderate (Dr B, 02 Mar); if you gave a new C-SSRS screener, enter it ..." for
    a review below the level the chart closed a flag at (it reviews the check-in only); "" otherwise."""
    from ..placement.resolution import current_level, escalates

    below = [
        closings
        for _flag, closings in chart
        if not escalates(closings, done.risk_level) and done.risk_level != current_level(closings)
    ]
    return "".join(
        f"; the chart's level stays {_level_words(closings)}; if you gave a new C-SSRS screener, enter it on "
        "Intake & measures; a full suicide risk assessment goes in your clinic's record"
        for closings in below
    )


def _status_words(checkin: Checkin) -> str:
    """Where a check-in stands in the clinic's words: "withdrawn" for a cancelled one (the button's word)."""
    from ..checkin import Status

    status = checkin.status
    return "withdrawn" if status is Status.CANCELLED else str(status)


def _chart_words(flags) -> str:
    """Where else the review closes a flag: " Reviewing also closes ... on the patient's progress page ..." for a
    saved questionnaire's flag (:meth:`iopkit.checkin.CheckinBook.review`); "" when none is saved."""
    saved = [f for f in flags if f.record_id]
    if not saved:
        return ""
    return (
        f" Reviewing also closes the saved questionnaire's flag ({esc(_flag_names(saved))}) on the patient's progress "
        "page, at this risk level; if it was closed there already, a higher level is recorded there as a "
        "re-assessment, and the same or a lower level is noted there, never changing its level."
    )


def _until_words(checkin: Checkin) -> str:
    """ "until 09:30" (when its code expires), or for a withdrawn one "withdrawn at 09:10 by KM" ("withdrawn on 01 Mar
    at 09:10 by KM" on an earlier day; its expiry means nothing once withdrawn)."""
    if checkin.cancelled_at is None:
        return f"until {clinic_clock(checkin.expires_at):%H:%M}"
    by = f" by {checkin.cancelled_by}" if checkin.cancelled_by else ""
    at = clinic_clock(checkin.cancelled_at)
    day = "" if at.date() == clinical_day() else f" on {at:%d %b}"  # an earlier day says so
    return f"withdrawn{day} at {at:%H:%M}{by}"


def _contact_words(checkin: Checkin) -> str:
    """What a safety answer calls for: "speak with the patient now", or for a withdrawn check-in "contact the patient
    now (they may have left); if you cannot reach them, follow your clinic's protocol ..."."""
    if checkin.cancelled_at is not None:
        return (
            "contact the patient now (they may have left); if you cannot reach them, follow your clinic's protocol "
            "for an at-risk patient who cannot be reached"
        )
    return "speak with the patient now"


def _review_words(checkin: Checkin) -> str:
    """ " by KM: moderate risk; safety plan agreed" (the risk level and action only where recorded)."""
    recorded = [f"{checkin.risk_level.value} risk" if checkin.risk_level is not None else "", checkin.action or ""]
    said = "; ".join(part for part in recorded if part)
    return (f" by {checkin.reviewed_by}" if checkin.reviewed_by else "") + (f": {said}" if said else "")


def _reviewed_html(checkin: Checkin) -> str:
    """A reviewed check-in's line in the list: when, by whom, the risk level and what was done.

    A safety flag (:meth:`iopkit.checkin.Checkin.raised_safety_flags`: a safety answer given, or an unanswered
    safety question counted at its worst) is never said "Reviewed" without its risk level: a check-in closed
    without one (by an iopkit that did not ask for it) says so in red and where to record the assessment.
    """
    when = f" at {clinic_clock(checkin.reviewed_at):%H:%M}" if checkin.reviewed_at is not None else ""
    flags = checkin.raised_safety_flags()
    given = (
        "A safety answer was given."
        if checkin.staff_now
        else f"A safety question was left unanswered and counts at its worst answer ({_flag_names(flags)})."
        if flags
        else ""
    )
    if flags and checkin.risk_level is None:
        by = f" by {checkin.reviewed_by}" if checkin.reviewed_by else ""
        said = (
            f"{given} The check-in was closed{when}{by} with no risk level recorded: record the suicide risk "
            "assessment (overall risk level and what was done) in the patient's chart."
        )
        return f'<div class="iop-checkin-review iop-flag-critical" role="alert">{esc(said)}</div>'
    said = f"{given} Reviewed{when}{_review_words(checkin)}.".lstrip()
    return f'<div class="iop-checkin-review">{esc(said)}</div>'


def _flag_names(flags) -> str:
    """The check-in's flags in a few words each, once each: "PHQ-9: suicidal ideation"."""
    return ", ".join(dict.fromkeys(f.named for f in flags))


def _patient_name(patient_id: int, patients) -> str:
    """The pseudonym of a patient of the list (``patients``), else "patient <id>"."""
    return next((p.pseudonym for p in patients if p.id == patient_id), f"patient {patient_id}")


def _to_review_label(checkin: Checkin, flags, who: str) -> str:
    """A check-in to review as the list names it: its patient (``who``), its flags and when it was started.

    E.g. "IOP-7: safety flag PHQ-9: suicidal ideation (saved), started 02 Dec 09:00"; a withdrawn one ends
    ", withdrawn at 09:10".
    """
    safety = [f for f in flags if f.safety]
    said = ", ".join(
        dict.fromkeys(
            f.named
            + (" (unanswered, counted at its worst)" if f.flag.worst_case else " (saved)" if f.record_id else "")
            for f in safety or flags
        )
    )
    kind = "safety flag" if safety else "not finished"
    withdrawn = f", withdrawn at {clinic_clock(checkin.cancelled_at):%H:%M}" if checkin.cancelled_at is not None else ""
    return f"{who}: {kind} {said}, started {clinic_clock(checkin.created_at):%d %b %H:%M}{withdrawn}"
