"""Dashboard 2, placement: six dimension ratings (suggested from saved scores) to a level of care."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

import ipywidgets as widgets
import traitlets

from .base import guarded
from .charts import ladder_svg
from .page import BLANK, Dashboard, StoreSource, picked, section, short_name
from .render import esc, flags_html, recommendation_html, source_html

if TYPE_CHECKING:
    from ..placement.suggest import Suggestion

__all__ = ["UNKNOWN", "PlacementDashboard", "placement_app"]

UNKNOWN = "not asked"
WIDE = {"description_width": "initial"}


def latest_scores(store, patient_id: int) -> list:
    """The latest saved score record of each instrument of a patient (current versions), oldest first.

    Placement is made on today's picture: an older score (and its flags) is history, shown as an open flag
    until resolved, never today's emergency.
    """
    latest = {r.item.instrument: r for r in store.current(patient_id) if type(r.item).__name__ == "Score"}
    return sorted(latest.values(), key=lambda r: r.taken_at)


def scores_of(store, patient_id: int) -> list:
    """The latest saved Score of each instrument of a patient, oldest first (see :func:`latest_scores`)."""
    return [r.item for r in latest_scores(store, patient_id)]


def _noted(open_flag, kind: str, state: str, today=None, taken=None):
    """An open flag not on today's scores, its message ending with where it came from, by the questionnaire's
    name, e.g. "(PHQ-9 check-in of 02 Dec 2026, not saved yet)" or "(C-SSRS of 05 Jan 2026, not resolved)": the
    headline's "why" names it so (:func:`iopkit.placement.recommendation._origin`), a tablet answer told from a
    saved score; the suggestion reads the day from it (a CIWA-Ar or COWS flag of another day calls for a re-score:
    ``iopkit.placement.suggest._NOTED``), so the note keeps this form. An unresolved flag of an earlier score of the
    page's day (``today``) names its time (``taken``) and that it is not history: "(CIWA-Ar of 02 Dec 2026 at 09:00,
    not resolved: an earlier score of the placement's day, not history)" (saved with the decision, so the day, never
    "today"; :func:`_live` shows it as "today")."""
    from ..placement.suggest import SAME_DAY_NOTE

    same_day = state == "not resolved" and today is not None and open_flag.day == today
    at = f" at {taken.astimezone() if taken.tzinfo else taken:%H:%M}" if same_day and hasattr(taken, "hour") else ""
    state = f"{state}: {SAME_DAY_NOTE}" if same_day else state
    where = f"{short_name(open_flag.instrument)} {kind} {open_flag.day:%d %b %Y}{at}, {state}"
    return replace(open_flag.flag, message=f"{open_flag.flag.message} ({where})")


def _live(text: str, today) -> str:
    """Page text with the note of an earlier score of the page's day (:func:`_noted`) read as of that day: "(CIWA-Ar
    of today at 09:00, not resolved: an earlier score of today, not history)". Built live, so "today" is right here;
    the saved words keep the day."""
    from ..placement.suggest import SAME_DAY_NOTE

    notes = {SAME_DAY_NOTE, esc(SAME_DAY_NOTE)}  # as written, and as the page's HTML escapes it
    if today is None or not any(n in text for n in notes):
        return text
    text = text.replace(f" of {today:%d %b %Y} at ", " of today at ")
    for n in notes:
        text = text.replace(n, "an earlier score of today, not history")
    return text


class PlacementDashboard(Dashboard):
    """Rate the six dimensions (suggestions from saved scores shown with why), see the level and save.

    ``recommendation`` holds the live :class:`~iopkit.placement.Recommendation` (``None`` until all six
    dimensions are rated).
    """

    title = "Placement"
    intro = (
        "Rate each dimension 0-4. Where saved scores suggest a rating it is filled in with the reason; "
        "change it if your assessment differs and say why. The level of care is the most intensive "
        "level any one dimension needs."
    )
    page_class = "iop-placement"
    notebook = "02_placement.ipynb"
    recommendation = traitlets.Any(None, allow_none=True)

    def body(self) -> list[widgets.Widget]:
        from ..placement import CONTEXT_KEYS, DIMENSIONS, RATINGS, LevelOfCare

        self.suggestions: Mapping[int, Suggestion] = {}
        self._today: dt.date | None = None  # the page's clinical day (the episode's), set with the suggestions
        self._filled: dict[int, int] = {}  # the rating each dimension was last given from a suggestion
        self.ratings: dict[int, widgets.Dropdown] = {}
        self.why: dict[int, widgets.HTML] = {}
        cells = []
        for d, name in DIMENSIONS.items():
            rating = widgets.Dropdown(
                description=f"{d}. {name}",
                options=[("— rate —", BLANK)] + [(f"{r} {word}", r) for r, word in RATINGS.items()],
                value=BLANK,
                style=WIDE,
                layout={"width": "41em"},
            )
            rating.add_class(f"iop-dimension-{d}")
            rating.observe(guarded(self.status)(self._changed), names="value")
            why = widgets.HTML('<span class="iop-source">no saved score suggests a rating</span>')
            self.ratings[d], self.why[d] = rating, why
            cells += [rating, why]
        grid = widgets.GridBox(cells, layout={"grid_template_columns": "auto 1fr", "grid_gap": "4px 12px"})
        grid.add_class("iop-dimensions")
        self.readiness = widgets.Dropdown(
            description="Readiness ruler today (0-10)",
            options=[(UNKNOWN, BLANK)] + [(str(v), v) for v in range(11)],
            style=WIDE,
        )
        self.readiness.observe(guarded(self.status)(self._suggest), names="value")
        # Withdrawal risk, asked beside the CIWA-Ar (whose total alone never decides the setting): the facts of
        # iopkit.placement.suggest_dimensions, with their meanings from its FACTS table.
        yes_no = [(UNKNOWN, BLANK), ("yes", True), ("no", False)]
        self.prior_seizure = widgets.Dropdown(
            description="Ever a withdrawal seizure or delirium tremens",
            options=yes_no,
            style=WIDE,
            layout={"width": "max-content"},
        )
        self.prior_seizure.add_class("iop-prior-seizure")
        self.seizure_now = widgets.Dropdown(
            description="Withdrawal seizure or delirium now or in this episode",
            options=yes_no,
            style=WIDE,
            layout={"width": "max-content"},
        )
        self.seizure_now.add_class("iop-seizure-now")
        self.pawss = widgets.Dropdown(
            description="PAWSS total (0-10; 4 or more: high risk)",
            options=[(UNKNOWN, BLANK)] + [(str(v), v) for v in range(11)],
            style=WIDE,
            layout={"width": "max-content"},
        )
        self.pawss.add_class("iop-pawss")
        self.mitigated = widgets.Text(
            description="High withdrawal risk managed without 24-hour care because",
            style=WIDE,
            layout={"width": "60em"},
        )
        self.mitigated.add_class("iop-risk-mitigated")
        # the history of possible withdrawal delirium on this episode's saved CIWA-Ar scores (resolved or not),
        # which the library counts whatever is answered here: shown with where it came from
        self.delirium_history = widgets.HTML()
        self.delirium_history.add_class("iop-delirium-history")
        for box in (self.prior_seizure, self.seizure_now, self.pawss):
            box.observe(guarded(self.status)(self._suggest), names="value")
        self.mitigated.observe(guarded(self.status)(self._suggest), names="value")
        self.reason = widgets.Textarea(
            description="Reason for any override (a rating or level that differs)",
            placeholder="Required when you override a suggestion or the level",
            style=WIDE,
            layout={"width": "60em", "height": "3.5em"},
        )
        self.reason.add_class("iop-override-reason")
        self.context: dict[str, widgets.Dropdown] = {}
        for key, meaning in CONTEXT_KEYS.items():
            box = widgets.Dropdown(
                description=f"Patient {meaning}",
                options=[(UNKNOWN, BLANK), ("yes", True), ("no", False)],
                style=WIDE,
                layout={"width": "max-content"},
            )
            box.observe(guarded(self.status)(self._changed), names="value")
            self.context[key] = box
        self.flags = widgets.HTML()
        self.flags.add_class("iop-flags-area")
        self.result = widgets.HTML('<p class="iop-incomplete">Rate all six dimensions to see the level of care.</p>')
        self.result.add_class("iop-result")
        self.ladder = widgets.HTML()
        self.ladder.add_class("iop-ladder-area")
        self.decided = widgets.Dropdown(
            description="Place the patient at",
            style=WIDE,
            layout={"width": "40em"},
            options=[("the recommended level", BLANK)]
            + [(str(level), level.code) for level in LevelOfCare if not level.is_withdrawal_management],
        )
        self.decided.add_class("iop-decided")
        self.save = widgets.Button(description="Save placement", disabled=True)
        self.save.add_class("iop-save")
        self.save.on_click(guarded(self.status)(self._save))
        self._loaded = self._entered()  # what a fresh page holds: nothing entered yet
        self.current = widgets.HTML()
        self.current.add_class("iop-current-placement")
        self.used = widgets.HTML()  # which saved scores the suggestions come from
        self.used.add_class("iop-scores-used")
        self.history = widgets.HTML()  # open safety flags of older scores: history, not today's picture
        self.history.add_class("iop-older-open-flags")
        risk = section(
            "Withdrawal risk (ASAM 2020: the CIWA-Ar total alone never decides the setting)",
            widgets.GridBox(
                [self.prior_seizure, self.seizure_now, self.pawss],
                layout={"grid_template_columns": "1fr 1fr", "grid_gap": "4px 16px"},
            ),
            self.delirium_history,
            self.mitigated,
        )
        return [
            section("Dimensions", self.current, self.used, self.history, self.readiness, grid, self.reason),
            risk,
            section(
                "Practical factors (optional; they never lower the level)",
                widgets.GridBox(
                    list(self.context.values()),
                    layout={"grid_template_columns": "1fr 1fr", "grid_gap": "4px 16px"},
                ),
            ),
            section("Recommendation", self.flags, self.result, self.ladder, widgets.HBox([self.decided, self.save])),
        ]

    # --- what is entered ------------------------------------------------------------------------------
    def _entered(self) -> tuple:
        """Everything a clinician can enter on this page, to tell whether anything changed since loading."""
        return (
            tuple(w.value for w in self.ratings.values()),
            self.readiness.value,
            self.reason.value.strip(),
            tuple(w.value for w in self.context.values()),
            self.decided.value,
            self._risk_facts(),
        )

    def _facts(self) -> dict:
        """The facts kept with the placement decision: readiness and the withdrawal-risk facts entered."""
        facts = self._risk_facts()
        if picked(self.readiness.value) is not None:
            facts["readiness"] = self.readiness.value
        return facts

    def _risk_facts(self) -> dict:
        """The withdrawal-risk facts entered (unanswered ones left out, so the library words them as not assessed)."""
        facts: dict = {"seizure_or_delirium": picked(self.seizure_now.value) is True}
        if picked(self.prior_seizure.value) is not None:
            facts["prior_withdrawal_seizure_or_dt"] = self.prior_seizure.value
        if picked(self.pawss.value) is not None:
            facts["pawss"] = self.pawss.value
        if self.mitigated.value.strip():
            facts["withdrawal_risk_mitigated"] = self.mitigated.value.strip()
        return facts

    def unsaved(self) -> str | None:
        if self._entered() == self._loaded:
            return None
        rated = sum(picked(w.value) is not None for w in self.ratings.values())
        return f"placement: {rated} of 6 dimensions rated"

    # --- reactions ------------------------------------------------------------------------------------
    def on_patient(self, patient) -> None:
        # Nothing entered for the previous patient carries over: every field starts blank, then suggestions fill in.
        self._filled = {}
        for widget in (
            *self.ratings.values(),
            *self.context.values(),
            self.readiness,
            self.decided,
            self.prior_seizure,
            self.seizure_now,
            self.pawss,
        ):
            widget.value = BLANK
        self.reason.value = ""
        self.mitigated.value = ""
        self._suggest(None)
        self._prefill()
        self._loaded = self._entered()

    def _prefill(self) -> None:
        """Start from the current placement decision: its ratings, practical factors, level and reason."""
        episode = self.episode
        if episode is None or episode.placement is None:
            self.current.value = (
                '<p class="iop-current-placement-none">No placement saved yet for this patient.</p>'
                if episode is not None
                else ""
            )
            return
        decision = episode.placement
        rec = decision.recommendation
        facts = dict(getattr(decision, "facts", {}))  # withdrawal-risk facts and readiness, as decided
        for key, widget in (
            ("readiness", self.readiness),
            ("prior_withdrawal_seizure_or_dt", self.prior_seizure),
            ("pawss", self.pawss),
        ):
            if facts.get(key) is not None:
                widget.value = facts[key]
        if facts.get("seizure_or_delirium"):
            self.seizure_now.value = True
        self.mitigated.value = facts.get("withdrawal_risk_mitigated") or ""
        for d, widget in self.ratings.items():
            if d in rec.dimensions:
                widget.value = rec.dimensions[d]
        for key, widget in self.context.items():
            if key in rec.context:
                widget.value = rec.context[key]
        self.decided.value = decision.level.code if decision.level is not rec.level else BLANK
        self.reason.value = decision.reason or ""
        self.current.value = (
            f'<p class="iop-current-placement-text">Placed at {html.escape(decision.describe())}'
            + (f" by {html.escape(episode.level_by)}" if episode.level_by is not None else "")
            + f" on {episode.level_since:%d %b %Y}"
            + (
                f" (recommended {html.escape(rec.level.code)}; reason: {html.escape(decision.reason or '')})"
                if decision.overrides and decision.withdrawal_management_rated_below is None
                else f" (recommended {html.escape(rec.level.code)})"  # the reason is in the warning describe() names
                if decision.overrides
                else ""
            )
            + ". The ratings below are that decision's; change them to place the patient again.</p>"
        )

    def _suggest(self, _change) -> None:
        """Suggested ratings from the patient's saved scores (and the readiness ruler), with the reasons."""
        from ..placement import suggest_dimensions
        from ..placement.suggest import delirium_history

        patient = self.picker.patient()
        records = latest_scores(self.store, patient.id) if patient else []
        latest_ids = {r.id for r in records}
        older = [
            f for f in (self.episode.open_flags if self.episode is not None else ()) if f.record_id not in latest_ids
        ]
        # an unresolved safety flag of an older score, or of the patient's check-in answers not saved yet (the
        # chart's episode holds them), reaches the headline's first step, named with where it came from and its
        # day (the headline's "why" names it so: a tablet answer is told from a saved score)
        checkins = self.episode.checkin_flags if self.episode is not None else ()
        # possible withdrawal delirium on a saved CIWA-Ar, resolved or not (with its time: one of an earlier CIWA-Ar
        # of today counts too, only the latest score's own finding is the current score): the library counts it
        delirium = self.episode.withdrawal_delirium_at if self.episode is not None else ()
        scores = [r.item for r in records]
        scored_on = {r.item.instrument: r.taken_at for r in records}
        # one clinical "today" for every text of the page: the episode's day, the one the chart header shows (the
        # clock's date would move at midnight while the page stays open, and a CIWA-Ar would then be today's latest
        # score for the delirium note but a score of another day for the suggestion)
        today = self.episode.as_of if self.episode is not None else None
        # when each saved score was taken (time of day kept), for the note of an open flag of an earlier score of today
        taken = {r.id: r.taken_at for r in self.episode.score_records} if self.episode is not None else {}
        self._today = today
        # a CIWA-Ar or COWS of another day rates the signs of that day: its flags call for a re-score now
        self.suggestions = suggest_dimensions(
            scores,
            scored_on=scored_on,
            today=today,
            readiness=picked(self.readiness.value),
            **self._risk_facts(),
            withdrawal_delirium_on=delirium,
            older_open_flags=[_noted(f, "of", "not resolved", today, taken.get(f.record_id)) for f in older]
            + [_noted(f, "check-in of", "not saved yet") for f in checkins],
        )
        # a finding whose flag is still open is said once, by that flag in the list of open flags below (with what it
        # means, the stronger wording), not again in the note
        listed = {f.record_id for f in older if f.flag.code == "complicated_withdrawal"}
        shown = [r.taken_at for r in self.episode.score_records if r.id in listed] if self.episode is not None else []
        told = delirium_history(delirium, today, scores, scored_on, shown) if today is not None else ""
        self.delirium_history.value = f'<p class="iop-delirium-history-text">{esc(told)}</p>' if told else ""
        self.used.value = (
            ""
            if not records
            else '<p class="iop-source">Suggestions use the latest saved score of '
            "each instrument: "
            + ", ".join(f"{esc(r.item.instrument)} ({r.taken_at:%d %b %Y})" for r in records)
            + ".</p>"
        )
        # an open flag of an earlier score of today is no history: the header says so, and each flag names its day
        same_day = today is not None and any(f.day == today for f in older)
        header = (
            "Open safety flags on earlier scores (not the latest score of each instrument; those of today are not "
            "history; record what was done on the progress page):"
            if same_day
            else "Open safety flags on older scores (history, not today's scores; record what was done on the "
            "progress page):"
        )
        self.history.value = (
            ""
            if not older
            else f'<p class="iop-older-flags-note">{header}</p>'
            + _live(
                flags_html(
                    [
                        self.episode.flag_today(
                            _noted(f, "of", "not resolved", today, taken.get(f.record_id))
                            if f.day == today
                            else f.flag,
                            f.instrument,
                            taken.get(f.record_id, f.day) if f.day == today else f.day,
                            earlier_score=True,
                        )
                        for f in older
                    ]
                    if self.episode
                    else []
                ),
                today,
            )
        )
        for d, why in self.why.items():
            s = self.suggestions.get(d)
            if s is None:
                why.value = '<span class="iop-source">no saved score suggests a rating</span>'
                continue
            why.value = (
                f'<span class="iop-suggestion">Suggested {s.rating} from {html.escape(s.from_score)}: '
                f"{html.escape(s.reason)}</span> {source_html(s.source)}"
            )
            # A suggestion fills a blank rating or one it filled itself; a rating the clinician chose stays
            # (a rating below the suggestion then raises its own flag).
            if picked(self.ratings[d].value) in (None, self._filled.get(d)):
                self.ratings[d].value = s.rating
                self._filled[d] = s.rating
        self._changed(None)

    def _changed(self, _change) -> None:
        from ..flags import by_urgency
        from ..placement import recommend
        from ..placement.recommendation import below_suggested_withdrawal_management

        self.recommendation = None
        self.save.disabled = True
        ratings = {d: picked(w.value) for d, w in self.ratings.items()}
        unrated = [d for d, r in ratings.items() if r is None]
        if unrated:
            # The scores' flags are certain whatever the ratings: shown at once, most urgent first.
            self.flags.value = _live(
                flags_html(by_urgency(f for s in self.suggestions.values() for f in s.flags)), self._today
            )
            self.ladder.value = ""
            self.result.value = (
                f'<p class="iop-incomplete">Still to rate: dimension {", ".join(map(str, unrated))}.</p>'
            )
            return
        patient = self.picker.patient()
        context = {k: picked(w.value) for k, w in self.context.items() if picked(w.value) is not None}
        rec = recommend(
            ratings, adolescent=bool(patient and patient.adolescent), context=context, suggested=self.suggestions
        )
        self.recommendation = rec
        self.flags.value = _live(flags_html(rec.flags), self._today)
        self.result.value = _live(recommendation_html(rec), self._today)
        # a withdrawal management below what the withdrawal history or flags call for is named with that warning
        self.ladder.value = ladder_svg(rec.level, rec.withdrawal_management, below_suggested_withdrawal_management(rec))
        self.save.disabled = False

    def _save(self, _button) -> None:
        from ..entry import duplicate_of
        from ..placement import LevelOfCare, Placement

        rec = self.recommendation
        patient = self.picker.patient()
        if rec is None or patient is None:
            self.status.show("Choose a patient and rate all six dimensions before saving.", "error")
            return
        decided = LevelOfCare.from_code(self.decided.value) if picked(self.decided.value) else None
        # The library refuses an override (a rating below or above the suggestion, another level) without a reason.
        decision = Placement(
            rec, rec.level if decided is None else decided, self.reason.value.strip() or None, self._facts()
        )
        by = self.picker.by()
        if by is None:
            return
        repeated = duplicate_of(self.store, patient.id, decision)
        if repeated is not None:
            self.status.show(
                f"Not saved: this placement was already saved for {patient.pseudonym} today "
                f"(record {repeated.id}, by {repeated.by}).",
                "error",
            )
            return
        with self.store.batch():  # the recommendation and the decision are kept together, or not at all
            self.store.save(patient.id, rec, by=by)
            record = self.store.save(patient.id, decision, by=by)
        self._loaded = self._entered()
        self.confirm.close()
        self.saved(f"placement at level {decision.level.code}" + (" (override)" if decision.overrides else ""), record)


def placement_app(store: StoreSource = None) -> PlacementDashboard:
    """Build the placement dashboard.

    Parameters
    ----------
    store : Store or callable, optional
        A store, or a function that opens one (the dashboard notebook passes the dashboards' choice,
        :func:`iopkit.demo.dashboard_store`), opened when the page starts; default
        ``Store.open_default()`` (see :func:`~iopkit.widgets.page.open_store`).

    Returns
    -------
    PlacementDashboard
        The dashboard (a widget to display).
    """
    return PlacementDashboard(store)
