"""Record entry beside the measures: drug screens, and what was done about an open safety flag.

Both are thin: the values are :class:`iopkit.records.DrugScreen` and ``FlagResolution`` (they
validate), the open flags come from the episode view (:class:`iopkit.episode.Episode`), and the
continued-stay review reads what is saved here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from ..errors import InvalidAnswerError
from .base import PastDayPicker, guarded
from .page import BLANK, picked, risk_level_dropdown, short_name
from .render import esc, table_html, triage_html

if TYPE_CHECKING:
    from ..episode import Episode, OpenFlag
    from ..records import DrugScreen
    from ..store.kinds import Patient

__all__ = ["ASK_FOR", "SPECIMENS", "DrugScreenEntry", "FlagResolutionEntry", "screens_html"]

#: Specimens a screen is taken from (the DrugScreen record accepts any text; these are offered).
SPECIMENS = ("urine", "oral fluid", "blood", "breath", "hair")
WIDE = {"description_width": "initial"}


def _names(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.replace(";", ",").split(",") if x.strip())


def screens_html(screens: Sequence[DrugScreen]) -> str:
    """Drug screens, newest first; a positive for an expected medication (e.g. buprenorphine) is said so.

    Parameters
    ----------
    screens : sequence of DrugScreen
        The patient's drug screens (:class:`iopkit.records.DrugScreen`).

    Returns
    -------
    str
        The screens as HTML.
    """
    if not screens:
        return "<p>No drug screen saved yet.</p>"
    rows = []
    for s in reversed(screens):
        result = (
            "negative"
            if not s.positive
            else "positive: "
            + ", ".join(x + (" (expected medication)" if x in s.expected_positive else "") for x in s.positive)
        )
        if s.expected_missing:
            result += f"; expected but not detected: {', '.join(s.expected_missing)}"
        rows.append(
            (
                f"{s.collected:%d %b %Y}",
                s.specimen,
                s.panel,
                ", ".join(s.expected) or "—",
                result,
                ", ".join(s.negative) or "—",
                "yes" if s.counts_as_positive else "no",
            )
        )
    return table_html(
        [
            "Collected",
            "Specimen",
            "Panel",
            "Expected medications",
            "Result",
            "Negative for",
            "Counts as positive in the review",
        ],
        rows,
        cls="iop-table iop-screens",
    )


#: What to enter when the library refuses a drug screen's field (its ``item``), in the clinic's words.
ASK_FOR = {
    "panel": "Enter the panel used, e.g. urine 12-panel.",
    "specimen": "Choose the specimen, e.g. urine.",
}


def _ask(refused: InvalidAnswerError) -> str:
    """The clinic's words for a refused drug screen: what to enter in the field refused, else the library's message."""
    return ASK_FOR.get(str(refused.item), str(refused)) if refused.instrument == "drug_screen" else str(refused)


def _result_words(screen: DrugScreen) -> str:
    if screen.counts_as_positive:
        return "positive"
    return "positive for an expected medication only" if screen.positive else "negative"


class DrugScreenEntry(widgets.VBox):
    """Enter a drug screen for the page's patient: date, specimen, panel, positives, negatives, expected medications.

    A screen the library refuses shows its message in the page's status area; nothing is saved.

    Parameters
    ----------
    page : Dashboard
        The page it sits on (its patient picker, store and status area).
    """

    def __init__(self, page: Any) -> None:
        self.page = page
        self.collected = PastDayPicker("Collected on", style=WIDE)
        self.specimen = widgets.Dropdown(description="Specimen", options=SPECIMENS, value="urine", style=WIDE)
        self.panel = widgets.Text(description="Panel", placeholder="e.g. urine 12-panel", style=WIDE)
        self.positive = widgets.Text(
            description="Positive for",
            placeholder="comma-separated, e.g. cannabis",
            style=WIDE,
            layout={"width": "36em"},
        )
        self.negative = widgets.Text(
            description="Negative for",
            placeholder="e.g. opioids, cocaine, amphetamines",
            style=WIDE,
            layout={"width": "36em"},
        )
        self.expected = widgets.Text(
            description="Expected medications",
            placeholder="e.g. buprenorphine",
            style=WIDE,
            layout={"width": "36em"},
        )
        self.save = widgets.Button(description="Save drug screen")
        self.save.add_class("iop-save-screen")
        self.save.on_click(guarded(page.status)(self._save))
        self.saved = widgets.HTML()
        self.history = widgets.HTML()
        self.history.add_class("iop-screens-area")
        for w, cls in (
            (self.collected, "iop-screen-date"),
            (self.panel, "iop-screen-panel"),
            (self.positive, "iop-screen-positive"),
            (self.negative, "iop-screen-negative"),
            (self.expected, "iop-screen-expected"),
        ):
            w.add_class(cls)
        row = widgets.HBox([self.collected, self.collected.note, self.specimen, self.panel])
        row.add_class("iop-row")
        super().__init__(
            [row, self.positive, self.negative, self.expected, widgets.HBox([self.save, self.saved]), self.history]
        )
        self.add_class("iop-drug-screen")

    def _save(self, _button: object) -> None:
        from ..entry import duplicate_of
        from ..records import DrugScreen

        patient = self.page.picker.patient()
        if patient is None:
            self.saved.value = '<span class="iop-status-error" role="status">Choose a patient first.</span>'
            return
        by = self.page.picker.by()
        if by is None:
            return
        day = self.collected.value
        if self.collected.refusal() is not None or day is None:  # said beside the date, left as typed
            self.saved.value = (
                '<span class="iop-status-error" role="status">Not saved: check the date collected (beside it).</span>'
            )
            return
        # The result is recorded as detected, with the expected medications (e.g. buprenorphine) beside it:
        # the review counts only a positive for a substance not expected (DrugScreen.counts_as_positive).
        try:
            screen = DrugScreen(
                day,
                self.panel.value,
                positive=_names(self.positive.value),
                negative=_names(self.negative.value),
                specimen=self.specimen.value,
                expected=_names(self.expected.value),
            )
        except InvalidAnswerError as refused:  # said next to the button, in the clinic's words
            self.saved.value = f'<span class="iop-status-error" role="status">Not saved. {esc(_ask(refused))}</span>'
            return
        repeated = duplicate_of(self.page.store, patient.id, screen, when=day)
        if repeated is not None:
            self.saved.value = (
                f'<span class="iop-status-error" role="status">Not saved: the same result is already '
                f"saved (record {repeated.id}).</span>"
            )
            return
        record = self.page.store.save(patient.id, screen, by=by, when=day)
        self.positive.value = self.negative.value = ""
        self.saved.value = (
            f'<span class="iop-status-ok" role="status">Saved the drug screen of {day:%d %b %Y} for '
            f"{esc(patient.pseudonym)} (record {record}): "
            f"{_result_words(screen)}.</span>"
        ) + "".join(  # an opioid positive's safety flag, said beside the save (the chart header lists it too)
            f'<p class="iop-flag-critical" role="alert">{esc(f.said)}: {esc(f.action)}</p>' for f in screen.flags
        )
        self.page.saved("a drug screen", record)
        self.on_patient(patient)

    def on_patient(self, patient: Patient | None) -> None:
        """Show the patient's screens (none when nobody is chosen)."""
        self.saved.value = "" if patient is None else self.saved.value
        if patient is None:
            self.history.value = ""
            return
        screens = tuple(r.item for r in self.page.store.current(patient.id, "drug_screen"))
        self.history.value = screens_html(screens)


class FlagResolutionEntry(widgets.VBox):
    """Record what was done about an open safety flag (what, by whom, when) so the review can weigh it.

    For a suicide-risk flag (:func:`iopkit.placement.resolution.needs_risk_level`) it also asks the overall risk
    level the assessment found (:class:`iopkit.flags.RiskLevel`), which the library requires, and beside a high
    level what the C-SSRS screener's triage calls for (:func:`iopkit.flags.triage_reminder`), as the check-in
    review does. After the open flags it offers the suicide-risk flags closed below high
    (:attr:`iopkit.episode.Episode.reassessable_flags`), never preselected: a higher level is recorded as a
    re-assessment, saved for that flag's record only (never closing an earlier open flag nobody picked). Before
    Save it lists the other open flags a closing of the chosen one closes too (:meth:`iopkit.episode.OpenFlag.
    also_closes`). A resolution the library refuses (no level for a suicide-risk flag included, or a flag another
    resolution or a check-in's review closed meanwhile at the same or a higher level: a flag is closed once) shows its
    message in the page's status area; nothing is saved. The level and what was done belong to one flag of one patient:
    both are cleared whenever another patient or another flag is shown. A flag calling for an immediate emergency
    evaluation (a C-SSRS screen's high risk: :func:`iopkit.placement.resolution.needs_evaluation`) says, as soon as it
    is chosen, that closing it records that evaluation, and asks who did it, where, on what day and the disposition
    beside the overall risk level it found; the library refuses the closing without them (walk review 24, finding 1).

    Parameters
    ----------
    page : Dashboard
        The page it sits on (its patient picker, store and status area).
    """

    def __init__(self, page: Any) -> None:
        self.page = page
        self.flag = widgets.Dropdown(
            description="Open safety flag",
            options=[("— none open —", BLANK)],
            style=WIDE,
            layout={"width": "48em"},
        )
        self.flag.add_class("iop-resolve-flag")
        self.action = widgets.Textarea(
            description="What was done",
            style=WIDE,
            placeholder="e.g. C-SSRS full assessment: low risk; safety plan agreed",
            layout={"width": "48em"},
        )
        self.action.add_class("iop-resolve-action")
        #: The overall risk level: shown for a suicide-risk flag only (the library decides which flags need it).
        self.risk_level = risk_level_dropdown(layout=widgets.Layout(display="none"))  # its own: shown or hidden
        self.risk_level.add_class("iop-resolve-risk-level")
        #: Beside a high level: what the C-SSRS screener's triage calls for, with its source.
        self.triage = widgets.HTML()
        self.triage.add_class("iop-resolve-triage")
        self.risk_level.observe(lambda _change: guarded(page.status)(self._show_triage)(), names="value")
        #: For a flag calling for an emergency evaluation (:func:`iopkit.placement.resolution.needs_evaluation`): what
        #: closing it records, said as soon as the flag is chosen, and the evaluation's fields (walk review 24, 1).
        self.evaluation_needs = widgets.HTML()
        self.evaluation_needs.add_class("iop-resolve-evaluation-needs")
        self.evaluated_by = widgets.Text(
            description="Evaluated by",
            style=WIDE,
            placeholder="e.g. Dr K. Patel, psychiatrist; or County ED crisis team",
            layout={"width": "48em"},
        )
        self.evaluated_by.add_class("iop-resolve-evaluated-by")
        self.evaluated_where = widgets.Text(
            description="Where", style=WIDE, placeholder="e.g. County Hospital ED", layout={"width": "48em"}
        )
        self.evaluated_where.add_class("iop-resolve-evaluated-where")
        self.evaluated_on = PastDayPicker("Evaluated on", style=WIDE, value=None)  # typed, never assumed today
        self.evaluated_on.add_class("iop-resolve-evaluated-on")
        self.disposition = widgets.Dropdown(
            description="Disposition",
            options=[("— choose —", BLANK), *DISPOSITION_OPTIONS],
            style=WIDE,
            layout={"width": "48em"},
        )
        self.disposition.add_class("iop-resolve-disposition")
        self.evaluation = widgets.VBox(
            [
                self.evaluation_needs,
                self.evaluated_by,
                self.evaluated_where,
                widgets.HBox([self.evaluated_on, self.evaluated_on.note]),
                self.disposition,
            ],
            layout=widgets.Layout(display="none"),
        )
        self.evaluation.add_class("iop-resolve-evaluation")
        self.who = widgets.Text(description="By (name and role)", style=WIDE, placeholder="e.g. A. Rivera, LCSW")
        self.who.add_class("iop-resolve-by")
        self.on = PastDayPicker("On", style=WIDE)
        self.save = widgets.Button(description="Record what was done", layout={"width": "auto"})
        self.save.add_class("iop-save-resolution")
        self.save.on_click(guarded(page.status)(self._save))
        self.saved = widgets.HTML()
        #: The other open flags a closing of the chosen one closes too (earlier records' same flag), before Save.
        self.also = widgets.HTML()
        self.also.add_class("iop-resolve-also")
        #: Says how a check-in's flag is closed: no record holds it yet, so it is not offered here.
        self.checkins = widgets.HTML()
        self.checkins.add_class("iop-resolve-checkins")
        self._open: dict[int, OpenFlag] = {}
        self.flag.observe(lambda _change: guarded(page.status)(self._fresh)(), names="value")
        super().__init__(
            [
                self.checkins,
                self.flag,
                self.evaluation,
                self.risk_level,
                self.triage,
                self.action,
                self.also,
                widgets.HBox([self.who, self.on, self.on.note]),
                widgets.HBox([self.save, self.saved]),
            ]
        )
        self.add_class("iop-flag-resolution")

    def show(self, episode: Episode | None) -> None:
        """Offer the episode's open safety flags, the level, what was done and any earlier confirmation cleared, the
        day back to today (never another patient's back-dated day)."""
        self.saved.value = ""
        self.on.today()
        self.evaluated_on.max = self.on.max  # today the calendar's last day; the day itself is typed (_fresh)
        open_ = episode.open_flags if episode is not None else ()
        closed = episode.reassessable_flags if episode is not None else ()
        self._open = dict(enumerate((*open_, *closed)))
        # the open flags first; then the suicide-risk flags closed below high, which a higher level re-assesses
        # (never preselected: with none open, "none open" is chosen)
        from ..markup import clipped  # an option cut at a word, never mid-word (walk review F13 b)

        self.flag.options = [
            *([] if open_ else [("— none open —", BLANK)]),
            *(
                (
                    f"{f.after_correction.words + ': ' if f.after_correction else ''}{clipped(f.flag.message, 80)} "
                    # by its day, never a fractional "week 8.6" of the episode (walk24 finding 9)
                    f"({short_name(f.instrument)}, {f.day:%d %b %Y})",
                    i,
                )
                for i, f in enumerate(open_)
            ),
            *(
                (
                    f"Re-assess: {f.after_correction.words + ': ' if f.after_correction else ''}"
                    f"{clipped(f.flag.message, 60)} ({short_name(f.instrument)}, {f.day:%d %b %Y}), closed; "
                    "highest level "
                    f"recorded for this flag: {f.level.value if f.level is not None else 'none'}: a higher level is "
                    "recorded as a re-assessment",
                    len(open_) + i,
                )
                for i, f in enumerate(closed)
            ),
        ]
        self._fresh()
        n = len(episode.checkin_flags) if episode is not None else 0
        self.checkins.value = (
            ""
            if not n
            else (
                f'<p class="iop-flag-critical">{n} safety flag{"s" if n > 1 else ""} of a patient check-in not '
                "saved yet (see the chart header): talk with the patient, then mark the check-in reviewed on the "
                "Caseload page, with the overall risk level and what was done.</p>"
            )
        )

    def typed(self) -> tuple | None:
        """The flag chosen (as :meth:`_key` knows it again on a chart read anew) and what was typed for it: the action,
        the level, the day and the emergency evaluation's fields; None when no flag is chosen."""
        chosen = picked(self.flag.value)
        f = self._open.get(chosen) if chosen is not None else None
        if f is None:
            return None
        evaluation = (
            self.evaluated_by.value,
            self.evaluated_where.value,
            self.evaluated_on.value,
            self.disposition.value,
        )
        return _key(f), self.action.value, self.risk_level.value, self.on.value, evaluation

    def type_again(self, typed: tuple | None) -> bool:
        """Choose again the flag of ``typed`` (:meth:`typed`, before :meth:`show` redrew the flags from a chart read
        anew) with what was done and the day typed for it, the overall risk level left blank; False (nothing chosen)
        when that flag is no longer offered as it was (closed meanwhile, or its record corrected), True otherwise.

        The level is never typed again (physician review R13, S7): it was judged before the new records were read
        (a new C-SSRS or PHQ-9 may change it; C-SSRS screener triage, Posner et al. 2011: the risk level from all the
        information at hand), so a second click must not record a level nobody chose again.
        """
        if typed is None:
            return True
        key, action, _level, day, evaluation = typed
        found = [i for i, f in self._open.items() if _key(f) == key]
        if not found:
            return False
        self.flag.value = found[0]  # clears the action and the level (_fresh): the action and the day typed again
        self.risk_level.value = BLANK  # cleared even when the flag chosen was already the one chosen (no _fresh)
        self.action.value, self.on.value = action, day
        # the emergency evaluation as typed (who, where, when, the disposition: what happened, not a judgement made
        # before the new records were read); shown for a flag calling for one only
        by, where, when, disposition = evaluation
        self.evaluated_by.value, self.evaluated_where.value = by, where
        self.evaluated_on.value, self.disposition.value = when, disposition
        return True

    def _needs_level(self) -> bool:
        """True when the chosen flag is a suicide-risk flag (the library's reading: its level is required)."""
        chosen = picked(self.flag.value)
        f = self._open.get(chosen) if chosen is not None else None
        if f is None:
            return False
        from ..placement.resolution import needs_risk_level  # with a flag open, the episode has loaded it already

        return needs_risk_level(f.instrument, f.flag.code)

    def _needs_evaluation(self) -> bool:
        """True when the chosen flag called for an emergency evaluation (the library's reading: closing it records
        the evaluation)."""
        chosen = picked(self.flag.value)
        f = self._open.get(chosen) if chosen is not None else None
        if f is None:
            return False
        from ..placement.resolution import needs_evaluation  # with a flag open, the episode has loaded it already

        return needs_evaluation(f.instrument, f.flag.code)

    def _fresh(self) -> None:
        """For the flag now chosen: the level, what was done and the evaluation cleared (never another flag's or
        patient's), the level's choice shown for a suicide-risk flag only, the evaluation's fields and what closing it
        records for a flag calling for an emergency evaluation only."""
        from ..markup import clipped

        self.action.value, self.risk_level.value = "", BLANK
        self.evaluated_by.value = self.evaluated_where.value = ""
        self.evaluated_on.value, self.disposition.value = None, BLANK
        self.risk_level.layout.display = None if self._needs_level() else "none"
        emergency = self._needs_evaluation()
        self.evaluation.layout.display = None if emergency else "none"
        self.evaluation_needs.value = EVALUATION_NEEDED if emergency else ""
        self.save.disabled = picked(self.flag.value) is None
        chosen = picked(self.flag.value)
        f = self._open.get(chosen) if chosen is not None else None
        also = () if f is None else f.also_closes(self._open.values())
        # a flag open again after its record was corrected says why, in full (the choice's words are cut short)
        reopened = getattr(f, "reopened", "")
        self.also.value = (
            f'<p class="iop-flag-warning iop-reopened">{esc(f.said)}</p>' if f is not None and reopened else ""
        ) + (
            '<p class="iop-flag-warning">Recording this also closes the same flag of earlier records, still open: '
            + "; ".join(
                f"{esc(clipped(o.flag.message, 60))} ({esc(short_name(o.instrument))}, {o.day:%d %b %Y})" for o in also
            )
            + ".</p>"
            if also
            else ""
        )

    def _show_triage(self) -> None:
        """Beside a high risk level: what C-SSRS screener triage calls for at high risk, with its source."""
        self.triage.value = triage_html(self.risk_level.value)

    def _save(self, _button: object) -> None:
        from ..episode import ClosedFlag  # with a flag chosen, the episode has loaded it already
        from ..placement import FlagResolution

        chosen = picked(self.flag.value)
        patient = self.page.picker.patient()
        by = self.page.picker.by()
        if chosen is None or patient is None or by is None:
            return
        f = self._open[chosen]
        day = self.on.value
        emergency = self._needs_evaluation()
        if self.on.refusal() is not None or day is None:  # said beside the date; the date typed is left as it is
            self.saved.value = (
                '<span class="iop-status-error" role="status">Not saved: check the date (beside it).</span>'
            )
            return
        if emergency and self.evaluated_on.value is not None and self.evaluated_on.refusal() is not None:
            self.saved.value = (
                '<span class="iop-status-error" role="status">Not saved: check the evaluation\'s day (beside it).'
                "</span>"
            )
            return
        resolution = FlagResolution(
            f.flag.code,
            f.instrument,
            f.week,
            self.action.value,
            self.who.value or by,
            day,
            record=str(f.record_id),
            risk_level=picked(self.risk_level.value),  # refused by the library when a suicide-risk flag has none
            this_record_only=isinstance(f, ClosedFlag),  # a re-assessment closes no earlier open flag nobody picked
            # the emergency evaluation, for a flag calling for one (refused by the library when any part is missing)
            evaluated_by=self.evaluated_by.value if emergency else "",
            evaluated_where=self.evaluated_where.value if emergency else "",
            evaluated_on=self.evaluated_on.value if emergency else None,
            disposition=picked(self.disposition.value) if emergency else None,
        )
        if self.page.chart_changed(patient):  # saved since the page read the chart: nothing saved, redrawn, said
            return
        record = self.page.store.save(patient.id, resolution, by=by, when=day)
        self.page.saved("what was done about a safety flag", record)
        try:
            self.page.on_patient(patient)  # shows the flags still open, the fields cleared
        finally:
            self.saved.value = (
                f'<span class="iop-status-ok" role="status">Recorded (record {record}): '
                f"{esc(resolution.what_was_done)}.</span>"
            )


#: The dispositions after an emergency evaluation, as the form offers them: the clinic's words, the value.
DISPOSITION_OPTIONS = (
    ("Admitted to hospital", "hospitalised"),
    ("Transferred to the ED, a crisis unit or a higher level of care", "transferred"),
    ("Returned to the programme with a safety plan", "returned_with_safety_plan"),
)
#: What the form says, as soon as a flag calling for an emergency evaluation is chosen, that closing it records
#: (:func:`iopkit.placement.resolution.needs_evaluation`; walk review 24, finding 1).
EVALUATION_NEEDED = (
    '<p class="iop-flag-critical" role="alert">This flag called for an immediate emergency mental-health evaluation. '
    "Close it only once that evaluation was done, recording who did it (a qualified clinician, or the ED or crisis "
    "team), where and on what day, the overall risk level it found and the disposition. Until then, keep the safety "
    "precautions (do not leave the patient alone) and leave the flag open.</p>"
)


def _key(f: OpenFlag) -> tuple:
    """What tells one flag of a chart from another, on the chart read again: its record, instrument and flag, and
    whether it is closed (offered for a re-assessment) or open."""
    from ..episode import ClosedFlag  # with a flag offered, the episode has loaded it already

    return (isinstance(f, ClosedFlag), f.record_id, f.instrument, f.flag.code)
