"""Dashboard 1, intake and screening: choose a patient and an instrument, answer, see the result, save."""

from __future__ import annotations

import ipywidgets as widgets

from .base import guarded
from .form import InstrumentForm
from .page import BLANK, Dashboard, picked, section
from .render import esc, flags_html

__all__ = ["IntakeDashboard", "intake_app"]


class IntakeDashboard(Dashboard):
    """Answer any instrument of the catalogue; flags and score update live; save to the patient's record."""

    title = "Intake & screening"
    intro = ("Choose the patient and an instrument, then enter the answers. The total, band and any safety "
             "flag appear as you go, with the rule and its source. Save to add it to the patient's record.")
    page_class = "iop-intake"
    notebook = "01_intake.ipynb"

    def body(self) -> list[widgets.Widget]:
        from .. import instruments

        catalogue = instruments()
        self.form: InstrumentForm | None = None
        self.chooser = widgets.Dropdown(
            description="Instrument", options=[("— choose an instrument —", BLANK)]
            + [(inst.name, code) for code, inst in catalogue.items()], style={"description_width": "initial"},
            layout=widgets.Layout(width="44em"))  # room for the longest name (CIWA-Ar)
        self.chooser.add_class("iop-instrument")
        self._settling = False
        self.chooser.observe(guarded(self.status)(self._chosen), names="value")
        self.form_area = widgets.VBox()
        self.form_area.add_class("iop-form-area")
        self.save = widgets.Button(description="Save to patient record", disabled=True,
                                   tooltip="Save this score (needs a patient and your initials)")
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
        return [section("Instrument", self.chooser), layout]

    def _clear(self, _button) -> None:
        if self.form is not None:
            self.form.reset()

    def unsaved(self) -> str | None:
        """The instrument and how many answers are entered and not saved (``None`` if none)."""
        if self.form is None or not self.form.answered():
            return None
        name = self.form.instrument.name  # its short name, e.g. "PHQ-9" from "Patient Health ... (PHQ-9)"
        short = name.rsplit("(", 1)[-1].rstrip(")") if name.endswith(")") else name
        return f"{short}: {self.form.answered()} answered"

    def discard(self) -> None:
        self._clear(None)

    def choose(self, code: str) -> InstrumentForm:
        """Show the form of instrument ``code`` (what choosing it in the dropdown does)."""
        self.chooser.value = code
        return self.form

    def _set_instrument(self, value) -> None:
        self._settling = True
        try:
            self.chooser.value = value
        finally:
            self._settling = False

    def _chosen(self, change) -> None:
        if self._settling:
            return
        new = change["new"]
        if not self.ask_to_discard(lambda: (self._set_instrument(new), self._show(new))):
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
        name = self.form.instrument.name
        repeated = duplicate_of(self.store, patient.id, score)
        if repeated is not None:
            self.status.show(f"Not saved: the same {name} answers were already saved for {patient.pseudonym} "
                             f"today (record {repeated.id}, by {repeated.by}). To change them, correct that "
                             "record.", "error")
            return
        record = self.store.save(patient.id, score, by=by)
        self.confirm.close()
        self.form.reset()  # the next entry starts blank: a second click has nothing to save
        total = "" if score.total is None else f", total {score.total:g}"
        band = "" if score.band is None else f", {score.band.replace('_', ' ')}"
        self.saved(f"{name}{total}{band}", record)
        # Beside the button, with its flags: clearing the form must not take a danger sign off the screen.
        self.last_saved.value = (f'<p class="iop-status-ok" role="status">Saved for {esc(patient.pseudonym)} '
                                 f"(record {record}): {esc(name)}{esc(total)}{esc(band)}</p>" + flags_html(score.flags))

    def on_patient(self, patient) -> None:
        self.last_saved.value = ""


def intake_app(store=None) -> IntakeDashboard:
    """Build the intake dashboard (``store``: an ``iopkit.store.Store``; default ``$IOPKIT_DB``)."""
    return IntakeDashboard(store)
