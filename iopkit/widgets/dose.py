"""Dashboard 3, dose planner: hours/week x weeks -> schedule, .ics, attendance, planned vs delivered, tapers."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING

import ipywidgets as widgets
import traitlets

from ..entry import clinic_clock, clinical_day
from ..errors import IopkitError

if TYPE_CHECKING:
    from ..dose import Attendance, AttendanceRecord, Schedule
    from ..store.kinds import Record
from .base import guarded
from .charts import WEEK_OF, Chart, Series, line_chart_svg, week_ticks
from .page import Dashboard, StoreSource, section
from .render import download_link, esc, flags_html, source_html, table_html

__all__ = ["DoseDashboard", "dose_app", "dose_chart_svg", "marked_calendar_html", "next_monday", "plan_fields"]

WIDE = {"description_width": "initial"}
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: The amendment reason when a reopened attendance log is saved again (the store's audit trail).
ATTENDANCE_UPDATED = "attendance updated"


def next_monday(today: dt.date | None = None) -> dt.date:
    """The first Monday after ``today`` (a plan starts at the beginning of a week).

    Parameters
    ----------
    today : datetime.date, optional
        The day to count from (default today).

    Returns
    -------
    datetime.date
        The next Monday (a week later when ``today`` is a Monday).
    """
    today = today or clinical_day()
    return today + dt.timedelta(days=7 - today.weekday())


def _day(start: dt.date, day: dt.date) -> float:
    return float((day - start).days)


def dose_chart_svg(plan, schedule, attendance, progress) -> str:
    """Cumulative planned vs delivered hours, the level's minimum pace and the projected completion.

    Parameters
    ----------
    plan : DosePlan
        The plan (its level gives the minimum pace, its total the projected end).
    schedule : Schedule
        The planned sessions.
    attendance : Attendance
        The hours delivered.
    progress : DoseProgress
        The progress as of a day (delivered hours, projected completion).

    Returns
    -------
    str
        The chart as inline SVG.
    """
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
    series = [
        Series("planned", planned, "iop-line-planned", step=True),
        Series("delivered", delivered, "iop-line-delivered", step=True),
    ]
    vlines, extra = [], []
    if floor:
        series.append(
            Series(
                f"level {plan.level.code} minimum ({floor:g} h/wk)",
                [(0, 0), (end, floor * end / 7)],
                "iop-line-minimum",
            )
        )
    if progress.projected_completion is not None:
        finish = _day(start, progress.projected_completion)
        series.append(
            Series(
                "projected",
                [(_day(start, progress.as_of) + 1, progress.delivered), (finish, plan.total_hours)],
                "iop-line-projected",
            )
        )
        vlines.append((finish, f"projected {progress.projected_completion:%d %b}"))
        extra.append(finish)
    weeks = max(schedule.weeks, int(max(extra, default=0) // 7) + 1)
    ticks = week_ticks(schedule.start, weeks, unit=7.0)  # each week by its first day, as the dose page's judgements
    label = (
        f"Cumulative hours: planned {plan.total_hours:g} h, delivered {progress.delivered:g} h by "
        f"{progress.as_of}; projected completion {progress.projected_completion or 'not possible yet'}"
    )
    return line_chart_svg(
        series,
        Chart(x_ticks=ticks, y_label="hours (cumulative)", vlines=vlines, extra_x=extra, x_label=WEEK_OF),
        label=label,
    )


def marked_calendar_html(sched: Schedule, attendance: Attendance | None, today: dt.date | None = None) -> str:
    """The schedule week by week, each session marked as :func:`iopkit.dose.session_marks` says it stands
    (attended, late, left early, missed excused or not, not recorded, upcoming).

    Parameters
    ----------
    sched : Schedule
        The planned sessions.
    attendance : Attendance, optional
        The attendance log (``None``: nothing recorded yet).
    today : datetime.date, optional
        The day sessions after which are upcoming (default today).

    Returns
    -------
    str
        The calendar as an HTML table.

    Raises
    ------
    DosePlanError
        When ``attendance`` is for another schedule (from :func:`iopkit.dose.session_marks`).
    """
    from ..dose import session_marks

    weeks: dict[int, list[str]] = {}
    for status in session_marks(sched, attendance, today=today or clinical_day()):
        s = status.session
        hours = "" if status.delivered is None or status.mark.value == "attended" else f", {status.delivered:g} h"
        weeks.setdefault(sched.week_of(s.date), []).append(
            f'<li class="iop-mark-{status.mark.value}"><span class="iop-mark-day">{s.date:%a %d %b} '
            f"{s.start:%H:%M}-{s.end:%H:%M}</span> <strong>{esc(status.mark.label)}{hours}</strong></li>"
        )
    inline = "list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:2px 1.5em"
    rows = "".join(
        f'<tr><th scope="row">Week {week}</th><td><ul class="iop-marks" style="{inline}">'
        f"{''.join(cells)}</ul></td></tr>"
        for week, cells in sorted(weeks.items())
    )
    return (
        f'<table class="iop-table iop-schedule iop-marked-calendar"><thead><tr><th scope="col">Week</th>'
        f'<th scope="col">Sessions and attendance</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def _session_days(sched) -> tuple[str, ...]:
    """The weekdays a schedule runs on (skipped dates included), Monday first."""
    return tuple(DAYS[i] for i in sorted({d.weekday() for d in [s.date for s in sched.sessions] + list(sched.skipped)}))


def plan_fields(plan=None, sched=None) -> dict:
    """The planner's field values for a saved plan and schedule; the defaults where nothing is saved.

    ``track`` is ``None`` when the sessions start at a time other than a track's (the field keeps
    its value). The fields cannot hold everything a library-made plan can (a service mix, a
    custom start time): compare the plan the fields give back with the saved one.

    Parameters
    ----------
    plan : DosePlan, optional
        The saved plan (hours per week, weeks).
    sched : Schedule, optional
        The saved schedule (weeks, days, first day, track, skipped days).

    Returns
    -------
    dict
        ``hours``, ``weeks``, ``days``, ``track``, ``first_day`` and ``skip`` (the skipped days as text).

    Examples
    --------
    >>> from iopkit.dose import DosePlan, schedule
    >>> sched = schedule("2026-01-05", ["tue", "thu"], 5, 8, track="evening", skip_dates=["2026-01-15"])
    >>> fields = plan_fields(DosePlan(10, 8, sessions_per_week=2), sched)
    >>> fields["hours"], fields["weeks"], fields["days"], str(fields["track"]), fields["skip"]
    (10.0, 8, ('Tue', 'Thu'), 'evening', '2026-01-15')
    >>> plan_fields()["days"]
    ('Mon', 'Wed', 'Fri')
    """
    from ..dose import TRACKS

    fields = {
        "hours": 9.0,
        "weeks": 12,
        "days": ("Mon", "Wed", "Fri"),
        "track": "morning",
        "first_day": next_monday(),
        "skip": "",
    }
    if plan is not None:
        fields.update(hours=plan.hours_per_week, weeks=round(plan.weeks))
    if sched is not None and sched.sessions:
        begins = sched.sessions[0].start
        fields.update(
            weeks=sched.weeks,
            days=_session_days(sched),
            first_day=sched.start,
            track=next((name for name, time in TRACKS.items() if time == begins), None),
            skip=", ".join(d.isoformat() for d in sched.skipped),
        )
    return fields


def _saved(record) -> str:
    """When and by whom a record was saved, in words."""
    return f"saved on {clinic_clock(record.saved_at):%d %b %Y %H:%M} by {record.by}"


def _entry(record):
    """An attendance record as entered (hours only for a partial session), to be checked against any schedule."""
    from ..dose import AttendanceRecord

    return AttendanceRecord(
        record.date,
        record.status,
        record.hours if record.status == "partial" else None,
        record.excused,
        record.mark,  # taken on a group's roster: kept, so saving the log again keeps who took it where
        record.group,
    )


def _dates(text: str) -> list[str]:
    """Split a list of dates typed by a person (commas, spaces or new lines); the library checks each one."""
    return [part for part in re.split(r"[\s,;]+", text.strip()) if part]


class DoseDashboard(Dashboard):
    """Plan a dose, see the calendar, download it, record attendance and follow the dose delivered."""

    title = "Dose planner & schedule"
    intro = (
        "Set hours per week, weeks, session days and track. The calendar, total hours and level update "
        "as you type. Record attendance to follow planned against delivered hours."
    )
    page_class = "iop-dose"
    notebook = "03_dose_planner.ipynb"
    plan = traitlets.Any(None, allow_none=True)
    schedule = traitlets.Any(None, allow_none=True)
    attendance = traitlets.Any(None, allow_none=True)
    _filling = False  # True while the fields are set from a saved plan: one replan at the end, not one per field

    def body(self) -> list[widgets.Widget]:
        self.hours = widgets.FloatText(description="Hours per week", style=WIDE, layout={"width": "14em"})
        self.hours.add_class("iop-hours-per-week")
        self.weeks = widgets.IntText(description="Weeks", style=WIDE, layout={"width": "10em"})
        self.weeks.add_class("iop-weeks")
        self.days = {
            name: widgets.ToggleButton(description=name, tooltip=f"Sessions on {name}", layout={"width": "4.5em"})
            for name in DAYS
        }
        self.track = widgets.Dropdown(
            description="Track", options=[("Morning (09:00)", "morning"), ("Evening (18:00)", "evening")], style=WIDE
        )
        self.first_day = widgets.DatePicker(description="First day of week 1", style=WIDE)
        self.first_day.add_class("iop-start")
        self.skip = widgets.Text(
            description="Days with no session (YYYY-MM-DD, comma-separated)",
            style=WIDE,
            layout={"width": "44em"},
            placeholder="e.g. 2026-12-25, 2027-01-01",
        )
        inputs = [self.hours, self.weeks, self.track, self.first_day, self.skip, *self.days.values()]
        for w in inputs:
            w.observe(guarded(self.status)(self._replan), names="value")
        days_row = widgets.HBox([widgets.HTML("Session days:"), *self.days.values()])
        days_row.add_class("iop-days")
        self.plan_view = widgets.HTML()
        self.plan_view.add_class("iop-plan")
        self.calendar = widgets.HTML()
        self.calendar.add_class("iop-calendar")
        self.save_plan = widgets.Button(description="Save plan and schedule", layout={"width": "auto"})
        self.save_plan.add_class("iop-save-plan")
        self.save_plan.on_click(guarded(self.status)(self._save_plan))

        self.session = widgets.Dropdown(description="Session", options=[], style=WIDE)
        self.session.add_class("iop-session")
        self.outcome = widgets.ToggleButtons(
            options=[("Attended", "attended"), ("Missed", "missed"), ("Partial", "partial")],
            value="attended",
            style={"button_width": "auto"},
        )
        self.outcome.add_class("iop-outcome")
        self.partial = widgets.FloatText(
            description="Hours attended (partial)", value=0, style=WIDE, layout={"width": "16em"}
        )
        self.excused = widgets.Dropdown(
            description="If missed",
            options=[("excused or not: not said", ""), ("excused", "yes"), ("unexcused", "no")],
            style=WIDE,
            layout={"width": "18em"},
        )
        self.excused.add_class("iop-excused")
        self.record = widgets.Button(description="Record attendance", layout={"width": "auto", "flex": "0 0 auto"})
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
        # attendance logs off the plans (walk23 finding 13): said, and corrected by an amendment with a reason
        self.off_plan = widgets.HTML()
        self.off_plan.add_class("iop-off-plan")
        self.off_plan_reason = widgets.Text(
            description="Reason for the correction", style=WIDE, layout={"width": "44em"}
        )
        self.off_plan_reason.add_class("iop-off-plan-reason")
        self.move_off_plan = widgets.Button(description="Move onto the saved plan", layout={"width": "auto"})
        self.move_off_plan.add_class("iop-off-plan-move")
        self.move_off_plan.on_click(guarded(self.status)(lambda _b: self._correct_off_plan(True)))
        self.withdraw_off_plan = widgets.Button(description="Withdraw: recorded in error", layout={"width": "auto"})
        self.withdraw_off_plan.add_class("iop-off-plan-withdraw")
        self.withdraw_off_plan.on_click(guarded(self.status)(lambda _b: self._correct_off_plan(False)))
        self.off_plan_box = widgets.VBox(
            [self.off_plan, self.off_plan_reason, widgets.HBox([self.move_off_plan, self.withdraw_off_plan])],
            layout=widgets.Layout(display="none"),
        )
        self._off_plan: tuple = ()
        self._plan_record: Record | None = None

        self.taper_hours = widgets.Text(value="12, 9, 6, 3", description="Step-down hours per week", style=WIDE)
        self.taper_weeks = widgets.IntText(value=2, description="Weeks per step", style=WIDE, layout={"width": "12em"})
        for w in (self.taper_hours, self.taper_weeks):
            w.observe(guarded(self.status)(self._taper), names="value")
        self.taper_view = widgets.HTML()
        self.taper_view.add_class("iop-taper")
        self._log: dict[dt.date, AttendanceRecord] = {}  # the attendance entered or loaded, kept across replans
        self._log_record: Record | None = None  # the saved attendance Record this page's log amends when saved
        self._replacing: dict[dt.date, str] = {}  # sessions recorded again on this page: what each replaces, said
        self._filled_hours: float | None = None  # the hours the page filled in itself (no plan saved), not typed
        self._fill(plan_fields())
        self._replan(None)
        return [
            section(
                "Plan",
                widgets.HBox([self.hours, self.weeks, self.track]),
                days_row,
                widgets.HBox([self.first_day]),
                self.skip,
                self.plan_view,
                self.save_plan,
            ),
            section("Calendar", self.calendar),
            section(
                "Attendance and dose delivered",
                self.off_plan_box,
                widgets.HBox([self.session, self.outcome, self.partial, self.excused, self.record]),
                widgets.HBox([self.as_of, self.save_attendance]),
                self.progress_view,
                self.chart,
            ),
            section("Step-down taper", widgets.HBox([self.taper_hours, self.taper_weeks]), self.taper_view),
        ]

    def _open(self) -> None:
        """The step-down taper, then the page's first read (:meth:`Dashboard._open`).

        The taper's flags are ranked by urgency, which imports the instruments' rule catalogue (about 20 ms):
        drawn here, once the browser has shown the page, the taper (at the foot of the page) is off its first
        render; the page takes no clicks until this read is done.
        """
        self._taper(None)
        super()._open()

    def on_patient(self, patient) -> None:
        """Load the patient's newest saved plan, schedule and attendance, or show the defaults."""
        self._log, self._log_record, self._filled_hours, self._replacing = {}, None, None, {}
        self._show_off_plan((), (), None)
        if patient is None:
            self._replan(None)
            return
        from ..dose.off_plan import chart_log

        plan, sched = (self.store.latest(patient.id, kind) for kind in ("dose_plan", "schedule"))
        logs, plans = self.store.current(patient.id, "attendance"), self.store.history(patient.id, "schedule")
        log = chart_log(logs, plans)  # the chart's: a log off the plans never hides the plan's own (walk23 F13)
        self._show_off_plan(logs, plans, sched)
        if plan is None:
            from ..dose.placed import starting_hours

            fields, level = plan_fields(), self.episode.level if self.episode is not None else None
            start = starting_hours(level, adolescent=patient.adolescent)
            if start is not None:
                fields["hours"] = start
            self._fill(fields)
            self._filled_hours = fields["hours"]
            self._replan(None)
            if start is not None:
                basis = f"the plan starts from the placed {level} minimum, {start:g} h/week"
            elif level is not None:
                basis = (
                    f"the placed {level} has no outpatient hours to start from (see the warning beside the plan): "
                    "the page shows the default plan"
                )
            else:
                basis = "the page shows the default plan"
            self.status.show(
                f"No dose plan saved for {patient.pseudonym} yet: {basis} "
                f"({self.plan.hours_per_week:g} h/week × {self.plan.weeks:g} weeks from "
                f"{self.schedule.start}). Change it as needed and save it.",
                "info",
            )
            return
        self._fill(plan_fields(plan.item, sched and sched.item))
        notes = [f"Loaded the plan {_saved(plan)} (record {plan.id}) for {patient.pseudonym}"]
        if log is not None:  # what of it falls on this plan's sessions is shown (see _show)
            self._log = {r.date: _entry(r) for r in log.item.records}
        if sched is None:
            notes.append("but no schedule was saved with it, so the calendar is made from the fields")
        elif log is None:
            notes.append("with its schedule; no attendance saved yet")
        elif log.item.schedule != sched.item:
            notes.append(
                f"with its schedule; the newest attendance ({_saved(log)}) is for an earlier schedule: "
                "its sessions that are in this plan are shown, and saving starts a new attendance record"
            )
        else:
            self._log_record = log
            notes.append(
                f"with its schedule and the attendance {_saved(log)} (version {log.version}, "
                f"{len(log.item.records)} sessions recorded)"
            )
        try:
            self._replan(None)
        except IopkitError:  # the fields cannot make this plan again; the saved one is shown below
            if sched is None:
                raise
        if sched is not None and (self.plan, self.schedule) != (plan.item, sched.item):
            self._show(plan.item, sched.item)  # as saved; the fields show the nearest they can
            notes.append(
                "some saved settings cannot be shown in the fields above: the plan, calendar and "
                "progress below are as saved, and changing a field makes a new plan from the fields"
            )
        notes += [
            f"record {r.id} ({r.kind}): {warning}"
            for r in (plan, sched, self._log_record)
            if r is not None
            for warning in r.warnings
        ]
        self.status.show(f"{notes[0]}, {'; '.join(notes[1:])}.", "ok")

    def _show_off_plan(self, logs, plans, sched) -> None:
        """Say each attendance log off the plans (:func:`iopkit.dose.off_plan.off_plan_logs`) with what to do, and
        offer its correction (an amendment with a reason): moved onto the newest saved plan ``sched``, or withdrawn."""
        from ..dose.off_plan import off_plan_logs

        self._off_plan, self._plan_record = off_plan_logs(logs, plans), sched
        self.off_plan.value = "".join(
            f'<div class="iop-flag-warning" role="status">{esc(o.said)}</div>' for o in self._off_plan
        )
        self.move_off_plan.disabled = sched is None
        self.off_plan_box.layout.display = None if self._off_plan else "none"

    def _correct_off_plan(self, move: bool) -> None:
        """Correct the first log off the plans by an amendment with the reason typed (:func:`correct_off_plan`)."""
        from ..dose.off_plan import correct_off_plan

        patient = self.picker.patient()
        if patient is None or not self._off_plan:
            return
        by = self.picker.by()
        if by is None:
            return
        reason = self.off_plan_reason.value.strip()
        if not reason:
            self.status.show(
                "Give the reason for the correction (kept with the amended record), then press again.", "error"
            )
            return
        if self.chart_changed(patient):
            return
        stray = self._off_plan[0]
        onto = self._plan_record.id if move and self._plan_record is not None else None
        record = correct_off_plan(self.store, patient.id, stray.record_id, by=by, reason=reason, plan=onto)
        self.off_plan_reason.value = ""
        self.on_patient(patient)
        what = f"moved onto the plan of record {onto}" if onto is not None else "its sessions off the plans withdrawn"
        self.saved(f"the correction of attendance record {stray.record_id} ({what})", record)

    def redraw_on_the_chart_now(self) -> tuple[str, str]:
        """After a refused save (:meth:`~iopkit.widgets.page.Dashboard.chart_changed`): the plan drawn against the
        level placed now. Hours the page filled in itself (no plan saved) start again from that level's minimum
        (:func:`starting_hours`); hours typed, or of a saved plan, stay, and the warning beside them
        (:meth:`_against_placement`) follows the new level. The attendance recorded and not saved yet stays."""
        from ..dose.placed import starting_hours

        patient = self.picker.patient()
        level = self.episode.level if self.episode is not None else None
        start = starting_hours(level, adolescent=bool(patient and patient.adolescent))
        if start is not None and self._filled_hours is not None and self.hours.value == self._filled_hours:
            self._fill({**self._fields(), "hours": start})
            self._filled_hours = start
            self._replan(None)
            return f"The plan now starts from the placed {level} minimum, {start:g} h/week", ""
        if self.plan is not None:
            self._show(self.plan, self.schedule)  # the plan shown, checked against the level placed now
        hours = f"{self.hours.value:g} h/week, as on the page"
        if level is None:
            return f"The plan ({hours}) is now drawn with no level of care placed", ""
        return f"The plan ({hours}) is now checked against the placed {level}", ""

    def _fields(self) -> dict:
        """The plan fields as they are (the form of :func:`plan_fields`)."""
        return {
            "hours": self.hours.value,
            "weeks": self.weeks.value,
            "days": tuple(self.chosen_days()),
            "track": self.track.value,
            "first_day": self.first_day.value,
            "skip": self.skip.value,
        }

    def _fill(self, fields: dict) -> None:
        """Set the plan fields (from :func:`plan_fields`) without replanning at each one."""
        self._filling = True
        try:
            self.hours.value, self.weeks.value = fields["hours"], fields["weeks"]
            for name, button in self.days.items():
                button.value = name in fields["days"]
            if fields["track"] is not None:
                self.track.value = fields["track"]
            self.first_day.value, self.skip.value = fields["first_day"], fields["skip"]
        finally:
            self._filling = False

    # --- plan and schedule -----------------------------------------------------------------------------
    def chosen_days(self) -> list[str]:
        return [name for name, button in self.days.items() if button.value is True]

    def _replan(self, _change) -> None:
        from ..dose import DosePlan, schedule

        if self._filling:
            return
        self.plan = self.schedule = self.attendance = None
        self.plan_view.value = self.calendar.value = self.progress_view.value = self.chart.value = ""
        self.session.options = []
        days = self.chosen_days()
        if not days:
            self.plan_view.value = '<p class="iop-incomplete">Choose at least one session day.</p>'
            return
        patient = self.picker.patient()
        plan = DosePlan(
            self.hours.value,
            self.weeks.value,
            sessions_per_week=len(days),
            adolescent=bool(patient and patient.adolescent),
        )
        assert plan.session_hours is not None  # derived from the hours and the days
        sched = schedule(
            self.first_day.value,
            days,
            plan.session_hours,
            self.weeks.value,
            track=self.track.value,
            skip_dates=_dates(self.skip.value),
        )
        self._show(plan, sched)

    def _show(self, plan, sched) -> None:
        """Show a plan, its calendar and the attendance entered so far that falls on its sessions."""
        from ..dose import Attendance, cms_view
        from ..dose.logs import carried

        fits = carried(self._log.values(), sched)  # the library's rule, as the chart reads a newer plan's
        plan, placed = self._against_placement(plan)
        self.plan, self.schedule, self.attendance = plan, sched, Attendance(sched, fits)
        cms = cms_view(plan.hours_per_week, weekly_hours=sched)
        if "iop-status-error" in self.status.value:
            self.status.clear()  # the input that was refused has been fixed
        first = sched.sessions[0] if sched.sessions else None
        times = f" {first.start:%H:%M}-{first.end:%H:%M}" if first else ""
        skipped = f"; {len(sched.skipped)} skipped ({', '.join(map(str, sched.skipped))})" if sched.skipped else ""
        unfit = len(self._log) - len(fits)
        aside = (
            (
                f"<p class='iop-incomplete'>{unfit} recorded session(s) do not fit this plan and are left out of "
                "its attendance.</p>"
            )
            if unfit
            else ""
        )
        self.plan_view.value = (
            f'<div class="iop-plan-summary"><p class="iop-headline">{plan.hours_per_week:g} h/week × '
            f"{plan.weeks:g} weeks = <strong class='iop-total-hours'>{plan.total_hours:g} h planned</strong></p>"
            f"<p><span class='iop-sessions'>{len(sched.sessions)} sessions</span> of {plan.session_hours:g} h on "
            f"{esc(', '.join(_session_days(sched)))}{esc(times)}, {sched.start} to {sched.end}{esc(skipped)} "
            f"({sched.total_hours:g} h scheduled).</p>"
            f"<p>Intensity: <strong>{esc(plan.level)}</strong>.</p>{placed}"
            f"<p class='iop-medicare'>{esc(cms.summary())}</p>{flags_html(cms.flags)}{aside}</div>"
        )
        self._draw_calendar()
        self.session.options = [(f"{s.date:%a %d %b %Y} {s.start:%H:%M}", s.date.isoformat()) for s in sched.sessions]
        self.session.index = 0 if sched.sessions else None
        today = clinical_day()
        self.as_of.value = min(max(today, sched.start), sched.end)
        self._progress(None)

    def _draw_calendar(self) -> None:
        """The calendar of the schedule shown, each session marked from the attendance on the page (saved or not)."""
        sched = self.schedule
        self.calendar.value = (
            marked_calendar_html(sched, self.attendance)
            + "<p>"
            + download_link(
                "iop-schedule.ics",
                sched.to_ics(summary="IOP session"),
                "text/calendar",
                "Download the schedule (.ics) for a calendar",
            )
            + "</p>"
        )

    def _against_placement(self, plan):
        """``plan`` with the warning it carries against the current placement (:meth:`iopkit.episode.Episode.
        plan_against_placement`, saved with the plan), and that warning as HTML beside the plan ("" for none)."""
        from ..dose.placed import warning_words

        flag = self.episode.plan_against_placement(plan) if self.episode is not None else None
        plan = replace(plan, placement_warning=warning_words(flag))
        if flag is None:
            return plan, ""
        return plan, f'<div class="iop-plan-level-conflict">{flags_html((flag,))}</div>'

    # --- attendance ----------------------------------------------------------------------------------
    def _record(self, _button) -> None:
        if self.attendance is None or self.session.value is None:
            self.status.show("Make a plan with at least one session first.", "error")
            return
        hours = self.partial.value if self.outcome.value == "partial" else None
        excused = {"yes": True, "no": False}.get(self.excused.value) if self.outcome.value == "missed" else None
        day = dt.date.fromisoformat(self.session.value)
        before = self.attendance.on(day)
        self.attendance = self.attendance.record(day, self.outcome.value, hours, excused=excused)  # validates
        self._log.update({r.date: _entry(r) for r in self.attendance.records})
        replaced = self._replaced(day, before)
        if replaced:
            self._replacing[day] = replaced
        self.status.show(
            f"Recorded {day} as {self.attendance.on(day).said} (not saved yet)"
            + (f"; it replaces the attendance {replaced}" if replaced else "")
            + ".",
            "ok",
        )
        self._draw_calendar()  # the calendar shows the session as now recorded, as the progress below does
        self._progress(None)

    def _replaced(self, day: dt.date, before) -> str:
        """What recording ``day`` again replaces, in words ("recorded on Walk morning group's roster by QA on
        23 Nov 2026 as left early, 2 h"), or "" when nothing was recorded for it."""
        from ..dose import recorded_session

        if before is None:
            return ""
        saved = self._log_record
        if saved is not None and saved.item.on(day) == before:
            held = recorded_session(saved, day, self.store.history(saved.patient_id, "attendance"))
            if held is not None:
                return str(held)
        return f"entered on this page as {before.said}, not saved"

    def _progress(self, _change) -> None:
        from ..dose import progress

        if self.plan is None or self.as_of.value is None:
            return
        p = progress(self.plan, self.attendance, self.as_of.value)
        finish = (
            p.projected_completion.isoformat() if p.projected_completion else "not possible until hours are delivered"
        )
        assert p.attendance is not None  # progress() always reads it
        # planned to date: the sessions held (today's counted once it has ended); attendance as the continued-stay
        # review weighs it, the sessions with no attendance recorded named apart from those missed
        self.progress_view.value = flags_html(p.flags) + table_html(
            ["As of", "Planned to date", "Delivered", "Attendance", "Sessions", "Projected completion"],
            [(p.as_of, f"{p.planned_to_date:g} h", f"{p.delivered:g} h", p.attendance.said, p.sessions_said, finish)],
            cls="iop-table iop-progress-table",
        )
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
        rows = [
            (i, f"{p.hours_per_week:g}", f"{p.weeks:g}", f"{p.total_hours:g}", p.level)
            for i, p in enumerate(t.phases, 1)
        ]
        self.taper_view.value = (
            table_html(["Phase", "Hours/week", "Weeks", "Hours", "Intensity"], rows)
            + f"<div>{t.weeks:g} weeks, {t.total_hours:g} h in all. "
            f"{source_html(t.source)}</div>" + flags_html(t.flags)
        )

    # --- saving --------------------------------------------------------------------------------------
    def _ready(self):
        patient = self.picker.patient()
        if patient is None or self.plan is None:
            self.status.show("Choose a patient and make a plan before saving.", "error")
            return None, None
        return patient, self.picker.by()

    def _save_plan(self, _button) -> None:
        from ..entry import duplicate_of

        patient, by = self._ready()
        if by is None:
            return
        if self.chart_changed(patient):  # anything saved since the page read the chart (a new placement): redrawn
            return
        repeated = duplicate_of(self.store, patient.id, self.schedule)
        if repeated is not None and duplicate_of(self.store, patient.id, self.plan) is not None:
            self.status.show(
                f"Not saved: this plan and schedule were already saved for {patient.pseudonym} today "
                f"(record {repeated.id}, by {repeated.by}).",
                "error",
            )
            return
        with self.store.batch():  # the plan and its schedule are saved together or not at all
            self.store.save(patient.id, self.plan, by=by)
            record = self.store.save(patient.id, self.schedule, by=by)
        if self._off_plan:  # the plan a log off the plans may now be moved onto
            self._show_off_plan(
                self.store.current(patient.id, "attendance"),
                self.store.history(patient.id, "schedule"),
                self.store.record(record),
            )
        self.saved(f"the plan ({self.plan.total_hours:g} h) and its schedule", record)
        if self.plan.placement_warning:  # saved with the plan; said again here, where the eye is after Save
            self.status.show(
                f"Saved the plan ({self.plan.total_hours:g} h) and its schedule for {patient.pseudonym} "
                f"(record {record}) with this warning: {self.plan.placement_warning}",
                "info",
            )

    def _save_attendance(self, _button) -> None:
        patient, by = self._ready()
        if by is None:
            return
        previous = self._log_record
        if previous is None or previous.item.schedule != self.attendance.schedule:  # a new log: a new record
            record = self.store.save(patient.id, self.attendance, by=by)
        elif previous.item == self.attendance:
            self.status.show(f"Nothing to save: the attendance is as saved in record {previous.id}.", "info")
            return
        elif (newer := self.store.record(previous.id).superseded_by) is not None:
            self.status.show(
                f"Newer attendance for {patient.pseudonym} was saved (record {newer}) since this page "
                "loaded it. Reload the page and choose the patient to see it, then record your changes.",
                "error",
            )
            return
        else:  # the next version of the log this page loaded (the store's append-only amendment)
            record = self.store.save(patient.id, self.attendance, by=by, amends=previous.id, reason=ATTENDANCE_UPDATED)
        saved = self.store.record(record)
        self._log_record = saved
        replaced = "; ".join(f"the attendance of {day} {what}" for day, what in sorted(self._replacing.items()))
        self._replacing = {}
        self.saved(
            f"attendance, version {saved.version} ({self.attendance.delivered():g} h delivered"
            + (f"; it replaces {replaced})" if replaced else ")"),
            record,
        )
        self._draw_calendar()  # as saved


def dose_app(store: StoreSource = None) -> DoseDashboard:
    """Build the dose-planner dashboard.

    Parameters
    ----------
    store : Store or callable, optional
        A store, or a function that opens one (the dashboard notebook passes the dashboards' choice,
        :func:`iopkit.demo.dashboard_store`), opened when the page starts; default
        ``Store.open_default()`` (see :func:`~iopkit.widgets.page.open_store`).

    Returns
    -------
    DoseDashboard
        The dashboard (a widget to display).
    """
    return DoseDashboard(store)
