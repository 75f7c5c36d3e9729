"""Dashboard 1, intake and measures: choose a patient and an instrument, answer, see the result, save.

Every assessment has a clinical date (today by default, never in the future); a saved assessment is
corrected by an amendment with a reason (the store keeps both versions; history shows "corrected").
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import ipywidgets as widgets

from ..entry import clinical_day
from .base import PastDayPicker, guarded
from .form import InstrumentForm
from .page import BLANK, ConfirmRow, Dashboard, StoreSource, picked, section, short_name
from .render import esc, flags_html, words

if TYPE_CHECKING:
    from .screens import DrugScreenEntry

__all__ = ["IntakeDashboard", "history_html", "intake_app"]


def _label(record) -> str:
    s = record.item
    total = "" if s.total is None else f" total {s.total:g}"
    return f"{short_name(s.instrument)}{total}, {_day(record.taken_at):%d %b %Y} (record {record.id})"


def _day(when) -> dt.date:
    return clinical_day(when)


def history_html(records) -> str:
    """Saved assessments, every version: a correction says "corrected" with its reason and what it replaced.

    Parameters
    ----------
    records : sequence of Record
        The patient's saved assessment records, oldest first (listed newest first).

    Returns
    -------
    str
        The history as HTML (a line saying none is saved when ``records`` is empty).
    """
    if not records:
        return "<p>No assessment saved yet.</p>"
    rows = []
    for r in reversed(records):
        s = r.item
        state = f"corrected (replaces record {r.amends}): {esc(r.reason or '')}" if r.amends is not None else ""
        if r.superseded_by is not None:
            state = (state + "; " if state else "") + f"replaced by record {r.superseded_by}"
        rows.append(
            f'<tr class="{"iop-superseded" if r.superseded_by else ""}"><td>{_day(r.taken_at):%d %b %Y}</td>'
            f"<td>{esc(short_name(s.instrument))}</td>"
            f"<td>{'—' if s.total is None else f'{s.total:g}'}</td><td>{esc(words(s.band or '—'))}</td>"
            f"<td>{esc(r.by)}</td><td>{r.id}</td><td>{state or 'current'}</td></tr>"
        )
    head = "".join(
        f'<th scope="col">{h}</th>' for h in ("Taken", "Instrument", "Total", "Band", "By", "Record", "Status")
    )
    return f'<table class="iop-table iop-history"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


class IntakeDashboard(Dashboard):
    """Answer any instrument of the catalogue; flags and score update live; save to the patient's record."""

    title = "Intake & measures"
    intro = (
        "Choose the patient and an instrument, then enter the answers. The total, band and any safety "
        "flag appear as you go, with the rule and its source. Save to add it to the patient's record."
    )
    page_class = "iop-intake"
    notebook = "01_intake.ipynb"

    def body(self) -> list[widgets.Widget]:
        self.form: InstrumentForm | None = None
        # The instruments are listed by the page's first read (:meth:`_open`), which imports the catalogue off the
        # page's first render; the page takes no clicks until then (iop-reading), so the list is never seen empty.
        self.chooser = widgets.Dropdown(
            description="Instrument",
            options=[("— choose an instrument —", BLANK)],
            style={"description_width": "initial"},
            layout={"width": "44em"},
        )  # room for the longest name (CIWA-Ar)
        self.chooser.add_class("iop-instrument")
        #: Asks before unsaved answers go with another instrument: under the list, where the eye is (walk review F2).
        self.switch_question = ConfirmRow(self.status)
        self.switch_question.add_class("iop-switch-question")
        self.questions.append(self.switch_question)
        self._settling = False
        self.chooser.observe(guarded(self.status)(self._chosen), names="value")
        self.form_area = widgets.VBox()
        self.form_area.add_class("iop-form-area")
        self.save = widgets.Button(
            description="Save to patient record",
            disabled=True,
            tooltip="Save this score (needs a patient and your initials)",
        )
        self.save.add_class("iop-save")
        self.save.on_click(guarded(self.status)(self._save))
        self.clear = widgets.Button(description="Clear answers")
        self.clear.on_click(guarded(self.status)(self._clear))
        self.flags = widgets.VBox()
        self.result = widgets.VBox()
        self.last_saved = widgets.HTML()
        self.last_saved.add_class("iop-last-saved")
        panel = widgets.VBox([self.flags, self.result, widgets.HBox([self.save, self.clear]), self.last_saved])
        panel.add_class("iop-result-panel")
        layout = widgets.HBox([self.form_area, panel])
        layout.add_class("iop-two-columns")
        self.when = PastDayPicker("Taken on", style={"description_width": "initial"})
        self.when.add_class("iop-when")
        self.corrects = widgets.Dropdown(
            description="Correct a saved assessment",
            options=[("— no: a new assessment —", BLANK)],
            style={"description_width": "initial"},
            layout={"width": "44em"},
        )
        self.corrects.add_class("iop-corrects")
        self.corrects.observe(guarded(self.status)(self._correcting), names="value")
        self.reason = widgets.Text(
            description="Reason for the correction",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="44em", display="none"),
        )
        self.reason.add_class("iop-reason")
        self.history = widgets.HTML()
        self.history.add_class("iop-history-area")
        # The drug-screen entry is built when its section is first opened (or :attr:`screens` first asked for):
        # the page's first view does not wait for a form most visits never open.
        self._screens: DrugScreenEntry | None = None
        self._screens_area = widgets.VBox()
        # Above the form and closed until opened: the form stays the bottom of the page, so the result panel
        # beside it (sticky) keeps its flags on screen while the last items are answered.
        self.records = widgets.Accordion(
            children=[self.history, self._screens_area],
            titles=("Saved assessments", "Drug screens"),
            selected_index=None,
        )
        self.records.add_class("iop-records")
        self.records.observe(guarded(self.status)(self._opened), names="selected_index")
        return [
            section(
                "Instrument",
                self.chooser,
                self.switch_question,
                widgets.HBox([self.when, self.when.note]),
                self.corrects,
                self.reason,
            ),
            self.records,
            layout,
        ]

    @property
    def screens(self) -> DrugScreenEntry:
        """The drug-screen entry (built on first use, showing the chosen patient's screens)."""
        if self._screens is None:
            from .screens import DrugScreenEntry

            self._screens = DrugScreenEntry(self)
            self._screens_area.children = (self._screens,)
            self._screens.on_patient(self.picker.patient())
        return self._screens

    def _opened(self, change) -> None:
        if change["new"] == 1:
            self.screens  # noqa: B018  (builds the section on first open)

    def _correcting(self, change) -> None:
        """Load the chosen saved assessment into its form, to be corrected and saved as an amendment."""
        rid = picked(change["new"])
        self.reason.layout.display = "none" if rid is None else "flex"
        self.save.description = "Save to patient record" if rid is None else "Save the correction"
        if rid is None:
            return
        record = self.store.record(rid)
        self._set_instrument(record.item.instrument)
        self._show(record.item.instrument)
        self._load(record.item)
        self.when.value = _day(record.taken_at)

    def _load(self, score) -> None:
        """Put a saved score's answers and context into the form."""
        from .form import _EMPTY

        form = self._shown
        by_item = dict(score.answers)
        if form.instrument.groups:
            by_item = {
                n: score.answers[name][i]
                for name, numbers in form.instrument.groups
                for i, n in enumerate(numbers)
                if name in score.answers
            }
        for number, control in form.controls.items():
            value = by_item.get(number, by_item.get(str(number)))
            if value is None:
                control.value = _EMPTY.get(type(control), BLANK)
            else:
                control.value = str(value) if isinstance(control, widgets.Text) else value
        for key, dropdown in form.context_controls.items():
            if key in score.context and score.context[key] in {v for _, v in dropdown.options}:
                dropdown.value = score.context[key]

    def _refresh_records(self, patient) -> None:
        if patient is None:
            self.history.value, self.corrects.options = "", [("— no: a new assessment —", BLANK)]
            return
        current = self.store.current(patient.id, "assessment")
        self.corrects.options = [("— no: a new assessment —", BLANK)] + [(_label(r), r.id) for r in reversed(current)]
        self.history.value = history_html(self.store.history(patient.id, "assessment"))

    def _clear(self, _button) -> None:
        if self.form is not None:
            self.form.reset()

    def unsaved(self) -> str | None:
        """The instrument and how many answers are entered and not saved (``None`` if none)."""
        if self.form is None or not self.form.answered():
            return None
        return f"{self.form.instrument.short_name}: {self.form.answered()} answered"

    def discard(self) -> None:
        self._clear(None)

    def choose(self, code: str) -> InstrumentForm:
        """Show the form of instrument ``code`` (what choosing it in the dropdown does)."""
        self._list_instruments()
        self.chooser.value = code
        return self._shown

    def _list_instruments(self) -> None:
        """Offer every instrument of the catalogue in the dropdown (once: by the first read, or the first choice)."""
        if len(self.chooser.options) > 1:
            return
        from ..instruments import CATALOGUE as catalogue

        self._settling = True  # listing the instruments is not the user choosing one
        try:
            with self.chooser.hold_sync():
                self.chooser.options = [*self.chooser.options, *((inst.name, code) for code, inst in catalogue.items())]
        finally:
            self._settling = False

    def _open(self) -> None:
        """List the instruments, then read the store (:meth:`Dashboard._open <iopkit.widgets.page.Dashboard._open>`)."""
        self._list_instruments()
        super()._open()

    @property
    def _shown(self) -> InstrumentForm:
        """The form on the page, where one must be shown (a RuntimeError names the slip otherwise)."""
        if self.form is None:
            raise RuntimeError("no instrument form is shown")
        return self.form

    def _set_instrument(self, value) -> None:
        self._list_instruments()
        self._settling = True
        try:
            self.chooser.value = value
        finally:
            self._settling = False

    def _chosen(self, change) -> None:
        if self._settling:
            return
        new = change["new"]

        def switch() -> None:
            self._set_instrument(new)
            self._show(new)

        if not self.ask_to_discard(switch, self.switch_question):
            self._set_instrument(change["old"])  # the answers on the page stay with their instrument
            return
        self._show(new)

    def _show(self, value) -> None:
        from .. import instrument

        code = picked(value)
        if code is None:
            self.form, self.form_area.children, self.flags.children, self.result.children = None, (), (), ()
            self.save.disabled = True
            return
        self.form = InstrumentForm(instrument(code), self.status)  # the library validates the code
        self.form.observe(guarded(self.status)(self._scored), names="score")
        self.form_area.children = (self.form,)
        self.flags.children = (self.form.flags,)
        self.result.children = (self.form.result,)
        self.save.disabled = self.form.score is None

    def _scored(self, change) -> None:
        self.save.disabled = change["new"] is None

    def _save(self, _button) -> None:
        from ..entry import duplicate_of

        score = self.form.score if self.form else None
        if score is None:
            self.status.show("Answer every item before saving: an incomplete form is never saved.", "error")
            return
        patient = self.picker.patient()
        if patient is None:
            self.status.show("Choose or add a patient before saving.", "error")
            return
        by = self.picker.by()
        if by is None:
            return
        name = self._shown.instrument.name
        day = self.when.value
        refused = self.when.refusal()  # also said beside the date, which is left as typed
        if refused is not None:
            self.status.show(f"Not saved: the date the {name} was taken: {refused}", "error")
            return
        amends = picked(self.corrects.value)
        if amends is not None:
            self._save_correction(patient, score, by, amends, day)
            return
        repeated = duplicate_of(self.store, patient.id, score, when=day)
        if repeated is not None:
            self.status.show(
                f"Not saved: the same {name} answers were already saved for {patient.pseudonym} "
                f"today (record {repeated.id}, by {repeated.by}). To change them, correct that "
                "record.",
                "error",
            )
            return
        record = self.store.save(patient.id, score, by=by, when=day)
        self._after_save(patient, score, record)

    def _save_correction(self, patient, score, by: str, amends: int, day) -> None:
        from ..entry import same_entry

        original = self.store.record(amends)
        reason = self.reason.value.strip()
        if not reason:
            self.status.show("Say why the record is corrected: a correction needs a reason.", "error")
            return
        if same_entry(original.item, score) and _day(original.taken_at) == day:
            self.status.show(f"Nothing to correct: the answers and date are those of record {amends}.", "error")
            return
        record = self.store.save(patient.id, score, by=by, amends=amends, reason=reason, when=day)
        self.reason.value = ""
        self.corrects.value = BLANK
        self._after_save(patient, score, record, f" (corrects record {amends})")

    def _after_save(self, patient, score, record: int, note: str = "") -> None:
        name = self._shown.instrument.name
        self.confirm.close()
        self._shown.reset()  # the next entry starts blank: a second click has nothing to save
        total = "" if score.total is None else f", total {score.total:g}"
        band = "" if score.band is None else f", {score.band.replace('_', ' ')}"
        # Beside the button, with its flags: clearing the form must not take a danger sign off the screen (shown
        # first, before the saved records are read again).
        self.last_saved.value = (
            f'<p class="iop-status-ok" role="status">Saved for {esc(patient.pseudonym)} '
            f"(record {record}): {esc(name)}{esc(total)}{esc(band)}</p>" + flags_html(score.flags)
        )
        self.saved(f"{name}{total}{band}{note}", record)
        self._refresh_records(patient)

    def on_patient(self, patient) -> None:
        self.last_saved.value = ""
        self.when.today()
        self._refresh_records(patient)
        if self._screens is not None:
            self._screens.on_patient(patient)


def intake_app(store: StoreSource = None) -> IntakeDashboard:
    """Build the intake dashboard.

    Parameters
    ----------
    store : Store or callable, optional
        A store, or a function that opens one (the dashboard notebook passes the dashboards' choice,
        :func:`iopkit.demo.dashboard_store`), opened when the page starts; default
        ``Store.open_default()`` (see :func:`~iopkit.widgets.page.open_store`).

    Returns
    -------
    IntakeDashboard
        The dashboard (a widget to display).
    """
    return IntakeDashboard(store)
