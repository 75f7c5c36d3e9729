"""Dashboard 2, placement: six dimension ratings (suggested from saved scores) to a level of care.

A placement has a clinical date ("Placed on": today by default, never in the future, as an assessment's "Taken on"):
the suggestions use the scores dated up to it, and the level reads "since" it (walk23 F2). A placement dated before
one already saved is kept as history, and the page says so beside the date and after the save.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from typing import TYPE_CHECKING

import ipywidgets as widgets
import traitlets

from ..entry import clinical_day
from .base import PastDayPicker, guarded
from .charts import ladder_svg
from .page import BLANK, Dashboard, StoreSource, picked, section, short_name
from .render import esc, flags_html, recommendation_html, source_html, suggestion_said

if TYPE_CHECKING:
    from ..placement.suggest import Suggestion

__all__ = ["UNKNOWN", "PlacementDashboard", "placement_app"]

UNKNOWN = "not asked"
WIDE = {"description_width": "initial"}


def _live(text: str, today) -> str:
    """Page text with the note of an earlier score of the page's day (:func:`iopkit.episode._noted`) read as of that
    day: "(CIWA-Ar of today at 09:00, not resolved: an earlier score of today, not history)". Built live, so "today"
    is right here; the saved words keep the day.

    The note travels inside the flags' messages, through the suggestion, the recommendation and its headline, to the
    page's HTML and to the saved decision, so "today" is read here, once rendered, not when the note is made."""
    from ..placement.suggest import SAME_DAY_NOTE

    notes = {SAME_DAY_NOTE, esc(SAME_DAY_NOTE)}  # as written, and as the page's HTML escapes it
    if today is None or not any(n in text for n in notes):
        return text
    text = text.replace(f" of {today:%d %b %Y} at ", " of today at ")
    for n in notes:
        text = text.replace(n, "an earlier score of today, not history")
    return text


def _scores(n: int) -> str:
    return f"{n} score" if n == 1 else f"{n} scores"


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
        # the placement's clinical date: the suggestions' scores are those dated up to it (walk23 F2)
        self._inputs_kept: tuple | None = None  # (episode, day, PlacementInputs): the last read (:meth:`_inputs`)
        self.placed_on = PastDayPicker("Placed on", style=WIDE)
        self.placed_on.add_class("iop-placed-on")
        self.placed_on.observe(guarded(self.status)(self._suggest), names="value")
        #: Beside the date: a placement dated before the current one is kept as history (Episode.placed_later_than).
        self.placed_note = widgets.HTML()
        self.placed_note.add_class("iop-placed-on-note")
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
            section(
                "Dimensions",
                self.current,
                widgets.HBox([self.placed_on, self.placed_on.note, self.placed_note]),
                self.used,
                self.history,
                self.readiness,
                grid,
                self.reason,
            ),
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
            self.placed_on.value,
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
        self.placed_on.today()  # a new placement is of today unless dated otherwise
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
        from ..episode import PlacementInputs
        from ..placement import suggest_dimensions

        # what the page reads of the episode (iopkit.episode.PlacementInputs): the latest saved score of each
        # instrument up to the placement's date, the open flags not on them noted with where they came from, the
        # withdrawal delirium history
        day = self.placed_on.value
        episode = self.episode
        inputs = PlacementInputs()
        if episode is not None:
            # a date the page refuses to save (none, or after today) reads the chart of today
            valid = day is not None and self.placed_on.refusal() is None
            inputs = self._inputs(episode, day if day is not None and valid else episode.as_of)
        today = inputs.today  # the placement's day: what the suggestions read as "today"
        # one clinical "today" for every text of the page: the episode's day; a placement dated earlier keeps its day
        self._today = today if episode is not None and today == episode.as_of else None
        later = None if episode is None or day is None else episode.placed_later_than(day)
        self.placed_note.value = (
            "" if later is None else f'<span class="iop-status-info" role="status">{esc(later)}</span>'
        )
        self.suggestions = suggest_dimensions(
            inputs.scores,
            scored_on=inputs.scored_on,
            today=today,
            readiness=picked(self.readiness.value),
            **self._risk_facts(),
            withdrawal_delirium_on=inputs.withdrawal_delirium_at,
            older_open_flags=inputs.older_open_flags,
        )
        told = inputs.delirium_note
        self.delirium_history.value = f'<p class="iop-delirium-history-text">{esc(told)}</p>' if told else ""
        self.used.value = (
            (
                ""
                if not inputs.later_scores or today is None
                else f'<p class="iop-source">No saved score is dated up to {today:%d %b %Y}: no suggestion '
                f"({_scores(inputs.later_scores)} dated after it not used).</p>"
            )
            if not inputs.latest
            else '<p class="iop-source">Suggestions use the latest saved score of '
            "each instrument"
            + (f" dated up to {today:%d %b %Y}" if self._today is None and today is not None else "")
            + ": "
            # each by its name and the clinic's day
            + ", ".join(f"{esc(short_name(x.instrument))} ({x.day:%d %b %Y})" for x in inputs.latest)
            + (f"; {_scores(inputs.later_scores)} dated after it not used" if inputs.later_scores else "")
            + ".</p>"
        )
        self.history.value = (
            ""
            if not inputs.history_flags
            else f'<p class="iop-older-flags-note">{esc(inputs.history_header)}</p>'
            + _live(flags_html(inputs.history_flags), self._today)
        )
        for d, why in self.why.items():
            s = self.suggestions.get(d)
            if s is None:
                why.value = '<span class="iop-source">no saved score suggests a rating</span>'
                # a rating a suggestion filled goes with it (another "Placed on" date, with no such score): rated again
                if d in self._filled and picked(self.ratings[d].value) == self._filled.pop(d):
                    self.ratings[d].value = BLANK
                continue
            why.value = f'<span class="iop-suggestion">Suggested {suggestion_said(s)}</span> {source_html(s.source)}'
            # A suggestion fills a blank rating or one it filled itself; a rating the clinician chose stays
            # (a rating below the suggestion then raises its own flag).
            if picked(self.ratings[d].value) in (None, self._filled.get(d)):
                self.ratings[d].value = s.rating
                self._filled[d] = s.rating
        self._changed(None)

    def _inputs(self, episode, day: dt.date):
        """The placement inputs as of ``day`` (:func:`iopkit.episode.placement_inputs_on`), kept while the episode
        and the day stay: a risk fact or the readiness changed re-reads no chart."""
        from ..episode import placement_inputs_on

        kept = self._inputs_kept
        if kept is None or kept[0] is not episode or kept[1] != day:
            kept = self._inputs_kept = (episode, day, placement_inputs_on(self.store, episode, day))
        return kept[2]

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
        if self.chart_changed(patient):
            return
        decided = LevelOfCare.from_code(self.decided.value) if picked(self.decided.value) else None
        # The library refuses an override (a rating below or above the suggestion, another level) without a reason.
        decision = Placement(
            rec, rec.level if decided is None else decided, self.reason.value.strip() or None, self._facts()
        )
        by = self.picker.by()
        if by is None:
            return
        day = self.placed_on.value
        refused = self.placed_on.refusal()  # also said beside the date, which is left as typed
        if refused is not None or day is None:
            self.status.show(f"Not saved: the date of the placement: {refused}", "error")
            return
        on = "today" if day == clinical_day() else f"on {day:%d %b %Y}"
        repeated = duplicate_of(self.store, patient.id, decision, when=day)
        if repeated is not None:
            self.status.show(
                f"Not saved: this placement was already saved for {patient.pseudonym} {on} "
                f"(record {repeated.id}, by {repeated.by}).",
                "error",
            )
            return
        # a placement dated before the current one is kept as history: said after the save, as beside the date
        later = self.episode.placed_later_than(day) if self.episode is not None else None
        with self.store.batch():  # the recommendation and the decision are kept together, or not at all
            self.store.save(patient.id, rec, by=by, when=day)  # its clinical date; the store keeps who saved it, when
            record = self.store.save(patient.id, decision, by=by, when=day)
        self._loaded = self._entered()
        self.confirm.close()
        self.saved(
            f"placement at level {decision.level.code}"
            + (" (override)" if decision.overrides else "")
            + ("" if day == clinical_day() else f" dated {day:%d %b %Y}"),
            record,
            "" if later is None else f" {later}",
        )

    def redraw_on_the_chart_now(self) -> tuple[str, str]:
        """After a refused save (:meth:`~iopkit.widgets.page.Dashboard.chart_changed`; R7 S7): the suggestions, the
        flags and the recommendation recomputed from the chart read now; the level and reason chosen against the old
        recommendation cleared, and said when there were any (R8, S3)."""
        self._suggest(None)
        chosen = picked(self.decided.value) is not None or bool(self.reason.value.strip())
        self.decided.value = BLANK
        self.reason.value = ""
        cleared = " The level and the reason you had chosen were cleared: choose them again against it."
        return "The recommendation has been recomputed", cleared if chosen else ""


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
