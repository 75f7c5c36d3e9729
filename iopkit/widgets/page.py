"""Page layout shared by the dashboards: header, status area, patient picker, sections, disclaimer.

Every dashboard is a :class:`Dashboard`: build it (cheap: no store access, no heavy imports),
display it, then call :meth:`Dashboard.start`, which reads the store. Under Voila with
preheated kernels the notebook runs before anyone asks for the page, so ``start`` first waits
for the request (``voila.utils.wait_for_request``), otherwise the patient list would be as old
as the preheated kernel (toolchain.md §5).
"""

from __future__ import annotations

import datetime as dt
import html
import os

import ipywidgets as widgets
import traitlets

from .base import DISCLAIMER, StatusArea, guarded, load_css

__all__ = ["Dashboard", "PatientPicker", "section", "wait_for_request", "BLANK", "picked"]

WIDE = {"description_width": "initial"}
#: The value of a dropdown's "nothing chosen" option. Not ``None``: an ipywidgets 8 Dropdown whose
#: value is ``None`` shows an empty box instead of the option's label.
BLANK = ""


def picked(value):
    """A dropdown's value, with the "nothing chosen" option read as ``None``."""
    return None if value == BLANK else value


def section(title: str, *children: widgets.Widget, cls: str = "") -> widgets.VBox:
    """A titled block of the page (``iop-section``, plus ``cls``)."""
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


class PatientPicker(widgets.VBox):
    """Choose a patient, or add a pseudonymous one; and say who is saving (the audit trail needs it).

    ``patient_id`` is the chosen patient's id (``None``: nobody chosen). The store is opened on
    first use, so building the picker touches no file.
    """

    patient_id = traitlets.Int(None, allow_none=True)

    def __init__(self, status: StatusArea, store=None) -> None:
        self._store = store
        self.status = status
        self.choose = widgets.Dropdown(description="Patient", options=[("— choose a patient —", BLANK)],
                                       style=WIDE)
        self.choose.add_class("iop-patient")
        self.new_name = widgets.Text(description="New patient (pseudonym, no real names)",
                                     placeholder="e.g. IOP-0107", style=WIDE,
                                     layout=widgets.Layout(width="38em"))
        self.adolescent = widgets.Checkbox(description="Adolescent (under 18)", indent=False,
                                           layout=widgets.Layout(width="max-content"))
        self.add = widgets.Button(description="Add patient", tooltip="Register a new pseudonymous patient")
        self.add.add_class("iop-add-patient")
        self.clinician = widgets.Text(description="Your initials (saved with each record)",
                                      placeholder="e.g. KM", style=WIDE, layout=widgets.Layout(width="26em"))
        self.clinician.add_class("iop-clinician")
        row1 = widgets.HBox([self.choose, self.clinician])
        row2 = widgets.HBox([self.new_name, self.adolescent, self.add])
        for row in (row1, row2):
            row.add_class("iop-row")
        super().__init__([row1, row2])
        self.add_class("iop-picker")
        self.choose.observe(guarded(status)(self._chosen), names="value")
        self.add.on_click(guarded(status)(self._add))

    @property
    def store(self):
        """The record store, opened on first use (``$IOPKIT_DB``, else the demo: :func:`iopkit.demo.dashboard_store`)."""
        if self._store is None:
            from ..demo import dashboard_store

            self._store = dashboard_store()
        return self._store

    def refresh(self) -> None:
        """Reload the patient list from the store, keeping the current choice."""
        options = [("— choose a patient —", BLANK)] + [
            (p.pseudonym + (" (adolescent)" if p.adolescent else ""), p.id) for p in self.store.patients()]
        current = self.choose.value
        self.choose.options = options
        self.choose.value = current if current in {v for _, v in options} else BLANK

    def patient(self):
        """The chosen ``Patient``, re-read from the store (never trusting the widget's value)."""
        if self.patient_id is None:
            return None
        return self.store.patient(self.patient_id)

    def by(self) -> str | None:
        """Who saves, or ``None`` after telling the user what is missing (the store validates it too)."""
        initials = self.clinician.value.strip()
        if not initials:
            self.status.show("Enter your initials before saving: every record says who saved it.", "error")
            return None
        return initials

    def _chosen(self, change) -> None:
        value = change["new"]
        self.patient_id = value if isinstance(value, int) and not isinstance(value, bool) else None

    def _add(self, _button) -> None:
        pid = self.store.add_patient(self.new_name.value, adolescent=bool(self.adolescent.value))
        self.new_name.value = ""
        self.refresh()
        self.choose.value = pid
        self.status.show(f"Added patient {self.store.patient(pid).pseudonym}.", "ok")


class Dashboard(widgets.VBox):
    """A dashboard page: title, status area, patient picker, body sections, summary link, disclaimer.

    Subclasses set ``title``/``intro``, build ``body()`` and react to ``on_patient``.
    """

    title = "iopkit"
    intro = ""
    page_class = "iop-page"

    def __init__(self, store=None) -> None:
        self.status = StatusArea()
        self.picker = PatientPicker(self.status, store)
        self.summary = widgets.HTML()
        self.summary.add_class("iop-summary-link")
        header = widgets.HTML(f"<h1>{html.escape(self.title)}</h1><p>{html.escape(self.intro)}</p>")
        footer = widgets.HTML(f'<p class="iop-disclaimer">{html.escape(DISCLAIMER)}</p>')
        super().__init__([load_css(), header, self.status, self.picker, self.summary, *self.body(), footer])
        self.add_class("iop-page")
        self.add_class(self.page_class)
        self.picker.observe(guarded(self.status)(self._patient_changed), names="patient_id")

    @property
    def store(self):
        return self.picker.store

    def body(self) -> list[widgets.Widget]:
        return []

    def start(self) -> None:
        """Read the store (after the browser's request when the kernel was preheated)."""
        wait_for_request()
        guarded(self.status)(self.picker.refresh)()

    def _patient_changed(self, _change) -> None:
        self.status.clear()
        self.refresh_summary()
        self.on_patient(self.picker.patient())

    def on_patient(self, patient) -> None:
        """Called with the chosen ``Patient`` (or ``None``)."""

    def refresh_summary(self) -> None:
        """Refresh the printable-summary download link for the chosen patient."""
        from .summary import patient_summary
        from .render import download_link

        patient = self.picker.patient()
        if patient is None:
            self.summary.value = ""
            return
        document = patient_summary(self.store, patient, generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"))
        self.summary.value = download_link(f"summary-{patient.pseudonym}.html", document, "text/html",
                                           f"Download a printable summary of {patient.pseudonym} for the chart")

    def saved(self, what: str, record_id: int) -> None:
        """Confirm a save in the status area and refresh the summary."""
        patient = self.picker.patient()
        self.status.show(f"Saved {what} for {patient.pseudonym} (record {record_id}).", "ok")
        self.refresh_summary()
