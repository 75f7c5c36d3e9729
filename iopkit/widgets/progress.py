"""Dashboard 4, patient progress: repeated scores over the episode, change, attendance, continued-stay review."""

from __future__ import annotations

import datetime as dt
import math

import ipywidgets as widgets

from .base import guarded
from .charts import WEEK_OF, Chart, Series, line_chart_svg, week_ticks
from .page import Dashboard, StoreSource, picked, section
from .render import esc, flags_html, headline_html, hours_text, source_html, table_html, words

__all__ = ["ProgressDashboard", "progress_app", "trajectory_svg"]

#: Instruments followed over an episode, in the order the page shows them.
FOLLOWED = ("phq9", "gad7", "pcl5", "bam", "ciwa_ar", "cows")


#: The change table's terms in plain words (counsellors are not expected to know "RCI").
CHANGE_NOTE = (
    '<p class="iop-source iop-change-note">RCI (reliable change index): the change divided by the '
    "test's measurement error; beyond ±1.96 the change is larger than chance (Jacobson &amp; Truax 1991). "
    "Reliable change, response and remission use the criteria in each row's source.</p>"
)


def trajectory_svg(instrument, points) -> str:
    """One instrument's totals over the weeks of the episode, its bands shaded.

    Bands are those of the scheme the latest score was banded with. The x axis is whole weeks, each named by its
    Monday ("week of 2 Nov", as the dose page and the review name a week; walk24 finding 9: it said "wk 0" and
    "week 8.6"), from the week of the first score; each score at its day.

    Parameters
    ----------
    instrument : Instrument
        The instrument (its schemes and total range).
    points : sequence of (datetime.date, Score)
        (clinical day, score) pairs, oldest first; at least one.

    Returns
    -------
    str
        The chart as inline SVG.
    """
    scheme_id = points[-1][1].basis.scheme
    scheme = next((s for s in instrument.schemes if s.id == scheme_id), None)
    bands = [(b.low, b.high + 1, words(b.label)) for b in (scheme.bands if scheme else ())]
    top = instrument.total_range[1] if instrument.total_range else max(s.total for _, s in points)
    monday = points[0][0] - dt.timedelta(days=points[0][0].weekday())
    weeks = (max(day for day, _ in points) - monday).days // 7 + 1  # through the week of the last score

    def at(day: dt.date) -> float:
        return (day - monday).days / 7

    series = [
        Series(
            instrument.name.split(" (")[0], [(at(d), float(s.total)) for d, s in points], "iop-line-score", markers=True
        )
    ]
    label = f"{instrument.name}: " + ", ".join(f"{d:%d %b %Y} total {s.total:g}" for d, s in points)
    chart = Chart(
        x_ticks=week_ticks(monday, weeks),
        y_label="total",
        bands=bands,
        y_max=top,
        extra_x=[0.0, float(weeks)],
        x_label=WEEK_OF,
    )
    return line_chart_svg(series, chart, label=label, height=220)


class ProgressDashboard(Dashboard):
    """Trajectories with bands, reliable change and response/remission, attendance, and the review."""

    title = "Patient progress"
    intro = (
        "Scores saved over the episode, with the severity bands shaded; whether change is reliable; "
        "attendance against the plan; and the continued-stay review: continue, step down or step up."
    )
    page_class = "iop-progress-page"
    notebook = "04_progress.ipynb"

    def body(self) -> list[widgets.Widget]:
        self.refresh = widgets.Button(
            description="Reload from the record", layout={"width": "auto", "align_self": "flex-start"}
        )
        self.refresh.on_click(guarded(self.status)(self._reload))
        self.review_view = widgets.HTML('<p class="iop-incomplete">Choose a patient.</p>')
        self.review_view.add_class("iop-review")
        self.change_view = widgets.HTML()
        self.change_view.add_class("iop-change")
        self.charts = widgets.HTML()
        self.charts.add_class("iop-trajectories")
        self.attendance_view = widgets.HTML()
        self.attendance_view.add_class("iop-attendance")
        from .screens import FlagResolutionEntry

        self.resolve = FlagResolutionEntry(self)
        return [
            self.refresh,
            section("Continued-stay review", self.review_view),
            section("Record what was done about an open safety flag", self.resolve),
            section("Change since the first score", self.change_view),
            section("Scores over the episode", self.charts),
            section("Attendance", self.attendance_view),
        ]

    def _reload(self, _button) -> None:
        self.refresh_chart()
        self.on_patient(self.picker.patient())

    def redraw_on_the_chart_now(self) -> tuple[str, str]:
        """After a refused save (:meth:`~iopkit.widgets.page.Dashboard.chart_changed`): the review, the open flags, the
        change and the attendance redrawn from the chart read now; the flag chosen to close, with what was done,
        kept while it is still offered as it was, else cleared and said; the overall risk level chosen for it cleared
        and said (physician review R13, S7: judged before the new records were read; as the placement page clears
        its level and reason)."""
        typed = self.resolve.typed()
        chosen_level = typed is not None and picked(typed[2]) is not None
        self.on_patient(self.picker.patient())
        kept = self.resolve.type_again(typed)
        shows = "The continued-stay review and the open safety flags have been redrawn from the chart as it is now"
        if not kept:
            shows += ", and the flag you chose is no longer offered as it was: what you typed for it was cleared"
        cleared = (
            " The overall risk level you had chosen was cleared. New records arrived for this patient: read them, "
            "then choose the overall risk level again."
        )
        return shows, cleared if kept and chosen_level else ""

    def on_patient(self, patient) -> None:
        from .. import instrument
        from ..entry import clinical_day
        from ..episode import Episode
        from ..progress import CHANGE_CRITERIA, course_said, trajectory

        if patient is None:
            self.review_view.value = '<p class="iop-incomplete">Choose a patient.</p>'
            self.resolve.show(None)
            self.change_view.value = self.charts.value = self.attendance_view.value = ""
            return
        episode = self.episode
        if episode is None or episode.patient.id != patient.id:
            episode = Episode.from_store(self.store, patient)
        self.resolve.show(episode)
        by_instrument: dict[str, list] = {}
        dated: dict[str, list] = {}  # each score with its clinical day: the chart's x, a result read without a total
        for r, (w, s) in zip(episode.score_records, episode.scores):
            by_instrument.setdefault(s.instrument, []).append((w, s))
            dated.setdefault(s.instrument, []).append((clinical_day(r.taken_at), s))
        rows: list[tuple] = []
        charts: list[str] = []
        for code in sorted(by_instrument, key=lambda c: FOLLOWED.index(c) if c in FOLLOWED else len(FOLLOWED)):
            points = by_instrument[code]
            inst = instrument(code)
            totals = [(w, s) for w, s in points if s.total is not None]
            if totals:
                on = [(day, s) for day, s in dated[code] if s.total is not None]
                charts.append(f"<h3>{esc(inst.name)}</h3>" + trajectory_svg(inst, on))
            if code in CHANGE_CRITERIA and len(totals) >= 2:
                t = trajectory(code, [w for w, _ in totals], [s.total for _, s in totals])
                c = t.change
                rows.append(
                    (
                        inst.name,
                        f"{t.baseline:g} → {t.latest:g}",
                        f"{c['difference']:+g}",
                        "—" if math.isnan(c["rci"]) else f"{c['rci']:.2f}",
                        "improved" if c["reliable_improvement"] else "worse" if c["reliable_deterioration"] else "no",
                        "yes" if c["response"] else "no" if c["response_eligible"] else "n/a",
                        "yes" if c["remission"] else "no",
                        source_html(CHANGE_CRITERIA[code].source, label=""),
                    )
                )
            elif totals:
                rows.append((inst.name, f"{totals[-1][1].total:g}", "—", "—", "needs 2 scores", "—", "—", ""))
            read = [(day, s) for day, s in dated[code] if s.total is None]
            if read:  # a screen read by its result (the C-SSRS): first -> latest, each dated (walk23 finding 10)
                source = source_html(read[-1][1].basis.source, label="")
                rows.append((inst.name, course_said(read), "—", "—", "—", "—", "—", source))
        change = (
            table_html(
                ["Instrument", "First → latest", "Change", "RCI", "Reliable change", "Response", "Remission", "Source"],
                rows,
                cls="iop-table iop-change-table",
            )
            + CHANGE_NOTE
            if rows
            else "<p>No saved scores yet.</p>"
        )
        # Everything worked out first, then shown at once: the review (at the top, with the safety flags) is never
        # the previous patient's, nor "Choose a patient.", below the new patient's scores while it is worked out.
        review, attendance = self._review_html(episode), self._attendance_html(episode)
        self.review_view.value = review
        self.change_view.value = change
        self.charts.value = "".join(charts) or "<p>No saved totals to chart yet.</p>"
        self.attendance_view.value = attendance

    @staticmethod
    def _attendance_html(episode) -> str:
        dose, plan = episode.dose, episode.plan
        if dose is None:
            return (
                "<p>No saved dose plan with attendance yet (use the dose planner).</p>"
                if plan is None
                else f"<p>Plan: {plan.total_hours:g} h; no attendance saved.</p>"
            )
        assert dose.attendance is not None  # progress() always reads it
        return flags_html(dose.flags) + table_html(
            ["As of", "Planned to date", "Delivered", "Attendance", "Sessions", "Projected completion"],
            [
                (
                    dose.as_of,
                    f"{dose.planned_to_date:g} h",
                    f"{dose.delivered:g} h",
                    dose.attendance.said,
                    dose.sessions_said,
                    dose.projected_completion or "—",
                )
            ],
        )

    @staticmethod
    def _review_html(episode) -> str:
        r = episode.review
        if episode.level is None:
            return (
                '<p class="iop-incomplete">Save a placement or a dose plan first: the review '
                "needs the current level of care.</p>"
            )
        if r is None:
            return (
                f'<p class="iop-incomplete">Placed at {esc(episode.level.code)} (withdrawal '
                "management): the continued-stay review applies to treatment levels.</p>"
            )
        if episode.review_attendance is None:
            used = (
                "Attendance unknown: no dose plan with attendance to date (dose planner), so "
                "it is not weighed either way, and a step-down waits for it"
            )
        else:
            used = f"Attendance used: {episode.attendance_used}"
        others = [x for x in r.findings if x not in r.reasons]
        # The library's headline: an unresolved safety flag's call first (e.g. C-SSRS high risk: safety
        # precautions and an immediate emergency evaluation), then the decision in words; one step per line.
        headline = headline_html(r.headline)
        taper = (
            table_html(
                ["Level", "Hours/week", "Weeks"], [(s.level, hours_text(*s.hours_per_week), s.weeks) for s in r.taper]
            )
            if r.taper
            else ""
        )
        from ..placement.continued_stay import each_once

        return (
            flags_html(each_once(episode.review_flags))  # each safety fact once (physician review R23c D4)
            + f'<div class="iop-decision iop-decision-{esc(r.decision)}">'
            f"<div class='iop-headline'>{headline}</div>"
            f"<p class='iop-attendance-used'>{esc(used)}; {len(episode.screens)} drug screen(s).</p>"
            f"<p>Reasons for this decision:</p>{_findings_html(r.reasons, 'iop-reasons')}{taper}"
            + (f"<p>Other findings:</p>{_findings_html(others, 'iop-findings')}" if others else "")
            + "</div>"
        )


def _findings_html(findings, cls: str) -> str:
    """Review findings as a list, each with its source."""
    return (
        f'<ul class="{cls}">'
        + "".join(f"<li>{esc(x.finding)} {source_html(x.source)}</li>" for x in findings)
        + "</ul>"
    )


def progress_app(store: StoreSource = None) -> ProgressDashboard:
    """Build the patient-progress dashboard.

    Parameters
    ----------
    store : Store or callable, optional
        A store, or a function that opens one (the dashboard notebook passes the dashboards' choice,
        :func:`iopkit.demo.dashboard_store`), opened when the page starts; default
        ``Store.open_default()`` (see :func:`~iopkit.widgets.page.open_store`).

    Returns
    -------
    ProgressDashboard
        The dashboard (a widget to display).
    """
    return ProgressDashboard(store)
