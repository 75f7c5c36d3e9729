"""Dashboard 3, dose planner: hours/week x weeks -> schedule, .ics, attendance, planned vs delivered, tapers."""

from __future__ import annotations

import datetime as dt
import html
import re

import ipywidgets as widgets
import traitlets

from .base import guarded
from .charts import Chart, Series, line_chart_svg
from .page import Dashboard, section
from .render import download_link, esc, flags_html, table_html

__all__ = ["DoseDashboard", "dose_app", "dose_chart_svg", "next_monday"]

WIDE = {"description_width": "initial"}
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def next_monday(today: dt.date | None = None) -> dt.date:
    """The first Monday after ``today`` (a plan starts at the beginning of a week)."""
    today = today or dt.date.today()
    return today + dt.timedelta(days=7 - today.weekday())


def _day(start: dt.date, day: dt.date) -> float:
    return float((day - start).days)


def dose_chart_svg(plan, schedule, attendance, progress) -> str:
    """Cumulative planned vs delivered hours, the level's minimum pace and the projected completion."""
    from ..dose import minimum_hours

    start = schedule.start
    planned, total = [(0.0, 0.0)], 0.0
    for s in schedule.sessions:
        total += s.hours
        planned.append((_day(start, s.date) + 1, total))
    delivered, done = [(0.0, 0.0)], 0.0
    for r in attendance.records:
        if r.date <= progress.as_of:
            done += r.hours
            delivered.append((_day(start, r.date) + 1, done))
    floor = minimum_hours(plan.level, adolescent=plan.adolescent)
    end = 7.0 * schedule.weeks
    series = [Series("planned", planned, "iop-line-planned", step=True),
              Series("delivered", delivered, "iop-line-delivered", step=True)]
    vlines, extra = [], []
    if floor:
        series.append(Series(f"level {plan.level.code} minimum ({floor:g} h/wk)", [(0, 0), (end, floor * end / 7)],
                             "iop-line-minimum"))
    if progress.projected_completion is not None:
        finish = _day(start, progress.projected_completion)
        series.append(Series("projected", [(_day(start, progress.as_of) + 1, progress.delivered),
                                           (finish, plan.total_hours)], "iop-line-projected"))
        vlines.append((finish, f"projected {progress.projected_completion:%d %b}"))
        extra.append(finish)
    weeks = max(schedule.weeks, int(max(extra, default=0) // 7) + 1)
    every = 1 if weeks <= 12 else 2 if weeks <= 24 else 4
    ticks = [(7.0 * w, f"wk {w + 1}") for w in range(0, weeks, every)]
    label = (f"Cumulative hours: planned {plan.total_hours:g} h, delivered {progress.delivered:g} h by "
             f"{progress.as_of}; projected completion {progress.projected_completion or 'not possible yet'}")
    return line_chart_svg(series, Chart(x_ticks=ticks, y_label="hours (cumulative)", vlines=vlines,
                                        extra_x=extra),
                          label=label)


def _dates(text: str) -> list[str]:
    """Split a list of dates typed by a person (commas, spaces or new lines); the library checks each one."""
    return [part for part in re.split(r"[\s,;]+", text.strip()) if part]


class DoseDashboard(Dashboard):
    """Plan a dose, see the calendar, download it, record attendance and follow the dose delivered."""

    title = "Dose planner & schedule"
    intro = ("Set hours per week, weeks, session days and track. The calendar, total hours and level update "
             "as you type. Record attendance to follow planned against delivered hours.")
    page_class = "iop-dose"
    plan = traitlets.Any(None, allow_none=True)
    schedule = traitlets.Any(None, allow_none=True)
    attendance = traitlets.Any(None, allow_none=True)

    def body(self) -> list[widgets.Widget]:
        start = next_monday()
        self.hours = widgets.FloatText(value=9, description="Hours per week", style=WIDE,
                                       layout=widgets.Layout(width="14em"))
        self.hours.add_class("iop-hours-per-week")
        self.weeks = widgets.IntText(value=12, description="Weeks", style=WIDE, layout=widgets.Layout(width="10em"))
        self.weeks.add_class("iop-weeks")
        self.days = {name: widgets.ToggleButton(value=name in ("Mon", "Wed", "Fri"), description=name,
                                                tooltip=f"Sessions on {name}", layout=widgets.Layout(width="4.5em"))
                     for name in DAYS}
        self.track = widgets.Dropdown(description="Track", options=[("Morning (09:00)", "morning"),
                                                                    ("Evening (18:00)", "evening")], style=WIDE)
        self.first_day = widgets.DatePicker(description="First day of week 1", value=start, style=WIDE)
        self.first_day.add_class("iop-start")
        self.skip = widgets.Text(description="Days with no session (YYYY-MM-DD, comma-separated)", style=WIDE,
                                 layout=widgets.Layout(width="44em"), placeholder="e.g. 2026-12-25, 2027-01-01")
        inputs = [self.hours, self.weeks, self.track, self.first_day, self.skip, *self.days.values()]
        for w in inputs:
            w.observe(guarded(self.status)(self._replan), names="value")
        days_row = widgets.HBox([widgets.HTML("Session days:"), *self.days.values()])
        days_row.add_class("iop-days")
        self.plan_view = widgets.HTML()
        self.plan_view.add_class("iop-plan")
        self.calendar = widgets.HTML()
        self.calendar.add_class("iop-calendar")
        self.save_plan = widgets.Button(description="Save plan and schedule")
        self.save_plan.add_class("iop-save-plan")
        self.save_plan.on_click(guarded(self.status)(self._save_plan))

        self.session = widgets.Dropdown(description="Session", options=[], style=WIDE)
        self.session.add_class("iop-session")
        self.outcome = widgets.ToggleButtons(options=[("Attended", "attended"), ("Missed", "missed"),
                                                      ("Partial", "partial")], value="attended",
                                             style={"button_width": "auto"})
        self.outcome.add_class("iop-outcome")
        self.partial = widgets.FloatText(description="Hours attended (partial)", value=0, style=WIDE,
                                         layout=widgets.Layout(width="16em"))
        self.record = widgets.Button(description="Record attendance")
        self.record.add_class("iop-record")
        self.record.on_click(guarded(self.status)(self._record))
        self.as_of = widgets.DatePicker(description="Progress as of", style=WIDE)
        self.as_of.add_class("iop-as-of")
        self.as_of.observe(guarded(self.status)(self._progress), names="value")
        self.save_attendance = widgets.Button(description="Save attendance")
        self.save_attendance.add_class("iop-save-attendance")
        self.save_attendance.on_click(guarded(self.status)(self._save_attendance))
        self.progress_view = widgets.HTML()
        self.progress_view.add_class("iop-progress")
        self.chart = widgets.HTML()
        self.chart.add_class("iop-dose-chart")

        self.taper_hours = widgets.Text(value="12, 9, 6, 3", description="Step-down hours per week", style=WIDE)
        self.taper_weeks = widgets.IntText(value=2, description="Weeks per step", style=WIDE,
                                           layout=widgets.Layout(width="12em"))
        for w in (self.taper_hours, self.taper_weeks):
            w.observe(guarded(self.status)(self._taper), names="value")
        self.taper_view = widgets.HTML()
        self.taper_view.add_class("iop-taper")
        self._replan(None)
        self._taper(None)
        return [
            section("Plan", widgets.HBox([self.hours, self.weeks, self.track]), days_row,
                    widgets.HBox([self.first_day]), self.skip, self.plan_view, self.save_plan),
            section("Calendar", self.calendar),
            section("Attendance and dose delivered",
                    widgets.HBox([self.session, self.outcome, self.partial, self.record]),
                    widgets.HBox([self.as_of, self.save_attendance]), self.progress_view, self.chart),
            section("Step-down taper", widgets.HBox([self.taper_hours, self.taper_weeks]), self.taper_view),
        ]

    def on_patient(self, patient) -> None:
        self._replan(None)  # adolescent thresholds follow the patient

    # --- plan and schedule -----------------------------------------------------------------------------
    def chosen_days(self) -> list[str]:
        return [name for name, button in self.days.items() if button.value is True]

    def _replan(self, _change) -> None:
        from ..dose import DosePlan, Attendance, cms_view, schedule

        self.plan = self.schedule = self.attendance = None
        self.plan_view.value = self.calendar.value = self.progress_view.value = self.chart.value = ""
        self.session.options = []
        days = self.chosen_days()
        if not days:
            self.plan_view.value = '<p class="iop-incomplete">Choose at least one session day.</p>'
            return
        patient = self.picker.patient()
        plan = DosePlan(self.hours.value, self.weeks.value, sessions_per_week=len(days),
                        adolescent=bool(patient and patient.adolescent))
        sched = schedule(self.first_day.value, days, plan.session_hours, self.weeks.value, track=self.track.value,
                         skip_dates=_dates(self.skip.value))
        self.plan, self.schedule, self.attendance = plan, sched, Attendance(sched)
        cms = cms_view(plan.hours_per_week)
        first = sched.sessions[0] if sched.sessions else None
        times = f" {first.start:%H:%M}-{first.end:%H:%M}" if first else ""
        skipped = f"; {len(sched.skipped)} skipped ({', '.join(map(str, sched.skipped))})" if sched.skipped else ""
        self.plan_view.value = (
            f'<div class="iop-plan-summary"><p class="iop-headline">{plan.hours_per_week:g} h/week × '
            f"{plan.weeks:g} weeks = <strong class='iop-total-hours'>{plan.total_hours:g} h planned</strong></p>"
            f"<p><span class='iop-sessions'>{len(sched.sessions)} sessions</span> of {plan.session_hours:g} h on "
            f"{esc(', '.join(days))}{esc(times)}, {sched.start} to {sched.end}{esc(skipped)} "
            f"({sched.total_hours:g} h scheduled).</p>"
            f"<p>Intensity: <strong>{esc(plan.level)}</strong>. Medicare view: IOP certification (≥ 9 h/week) "
            f"{'met' if cms.meets_iop_certification else 'not met'}.</p></div>")
        self.calendar.value = sched.weekly_grid_html() + "<p>" + download_link(
            "iop-schedule.ics", sched.to_ics(summary="IOP session"), "text/calendar",
            "Download the schedule (.ics) for a calendar") + "</p>"
        self.session.options = [(f"{s.date:%a %d %b %Y} {s.start:%H:%M}", s.date.isoformat()) for s in sched.sessions]
        self.session.index = 0 if sched.sessions else None
        today = dt.date.today()
        self.as_of.value = min(max(today, sched.start), sched.end)
        self._progress(None)

    # --- attendance ----------------------------------------------------------------------------------
    def _record(self, _button) -> None:
        if self.attendance is None or self.session.value is None:
            self.status.show("Make a plan with at least one session first.", "error")
            return
        hours = self.partial.value if self.outcome.value == "partial" else None
        self.attendance = self.attendance.record(self.session.value, self.outcome.value, hours)
        self.status.show(f"Recorded {self.outcome.value} on {self.session.value} (not saved yet).", "ok")
        self._progress(None)

    def _progress(self, _change) -> None:
        from ..dose import progress

        if self.plan is None or self.as_of.value is None:
            return
        p = progress(self.plan, self.attendance, self.as_of.value)
        percent = "—" if p.percent is None else f"{p.percent:.0f} %"
        finish = p.projected_completion.isoformat() if p.projected_completion else "not possible until hours are delivered"
        counts = ", ".join(f"{n} {k}" for k, n in p.counts.items())
        self.progress_view.value = flags_html(p.flags) + table_html(
            ["As of", "Planned to date", "Delivered", "Delivered / planned", "Sessions", "Projected completion"],
            [(p.as_of, f"{p.planned_to_date:g} h", f"{p.delivered:g} h", percent, counts, finish)],
            cls="iop-table iop-progress-table")
        self.chart.value = dose_chart_svg(self.plan, self.schedule, self.attendance, p)

    # --- taper ---------------------------------------------------------------------------------------
    def _taper(self, _change) -> None:
        from ..dose import taper

        self.taper_view.value = ""
        steps = []
        for part in _dates(self.taper_hours.value):
            try:
                steps.append(float(part))
            except ValueError:
                self.status.show(f"Step-down hours must be numbers such as 12, 9, 6, 3 (got {part!r}).", "error")
                return
        t = taper(steps, self.taper_weeks.value)
        rows = [(i, f"{p.hours_per_week:g}", f"{p.weeks:g}", f"{p.total_hours:g}", p.level)
                for i, p in enumerate(t.phases, 1)]
        self.taper_view.value = (table_html(["Phase", "Hours/week", "Weeks", "Hours", "Intensity"], rows)
                                 + f"<p>{t.weeks:g} weeks, {t.total_hours:g} h in all. "
                                 f"<span class='iop-source'>{html.escape(t.source)}</span></p>" + flags_html(t.flags))

    # --- saving --------------------------------------------------------------------------------------
    def _ready(self):
        patient = self.picker.patient()
        if patient is None or self.plan is None:
            self.status.show("Choose a patient and make a plan before saving.", "error")
            return None, None
        return patient, self.picker.by()

    def _save_plan(self, _button) -> None:
        patient, by = self._ready()
        if by is None:
            return
        self.store.save(patient.id, self.plan, by=by)
        record = self.store.save(patient.id, self.schedule, by=by)
        self.saved(f"the plan ({self.plan.total_hours:g} h) and its schedule", record)

    def _save_attendance(self, _button) -> None:
        patient, by = self._ready()
        if by is None:
            return
        record = self.store.save(patient.id, self.attendance, by=by)
        self.saved(f"attendance ({self.attendance.delivered():g} h delivered)", record)


def dose_app(store=None) -> DoseDashboard:
    """Build the dose-planner dashboard (``store``: an ``iopkit.store.Store``; default ``$IOPKIT_DB``)."""
    return DoseDashboard(store)
