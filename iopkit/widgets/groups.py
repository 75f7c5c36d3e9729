"""Groups page: define therapy groups, take a session's attendance for the whole roster, propose make-ups.

Only displays what :mod:`iopkit.dose.groups` decides: :class:`~iopkit.dose.groups.Group` checks the
definition, :func:`~iopkit.dose.groups.take_attendance` turns the roster's marks into attendance records
(refusing a session in the future or a member left unmarked), :func:`~iopkit.dose.groups.record_roster`
adds them to each patient's attendance log, and :meth:`~iopkit.dose.groups.Group.make_up_sessions`
proposes make-ups.  A group belongs to no single patient: the store keeps it as a ``group`` record on
each member (:func:`groups_in`), and each member's attendance log is saved (or amended) in one transaction.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from ..entry import clinical_day
from .base import DISCLAIMER, PastDayPicker, StatusArea, built_sharing_defaults, guarded, load_css
from .form import radio_semantics
from .page import (
    StoreSource,
    nav_html,
    open_store,
    page_link,
    request_args,
    signed_in_author,
    start_reading,
    who_saves,
)
from .render import esc, source_html

__all__ = [
    "LOG_WEEKS",
    "MARK_LABELS",
    "GroupsPage",
    "flags_html",
    "groups_app",
    "groups_in",
    "recorded_roster",
    "row_problems",
    "save_group",
    "save_roster",
    "uncovered",
]

WIDE = {"description_width": "initial"}
#: The roster's choices, in the clinic's words, for each :class:`~iopkit.dose.groups.RosterMark`.
MARK_LABELS = (
    ("Present", "present"),
    ("Late", "late"),
    ("Left early", "left_early"),
    ("Absent, excused", "absent_excused"),
    ("Absent, unexcused", "absent_unexcused"),
)
#: Weeks of the group's calendar a member's attendance log covers when they have no plan of their own
#: (:data:`iopkit.dose.groups.GROUP_LOG_WEEKS`).
LOG_WEEKS = 12
GROUP_CHANGED = "group membership or times changed"
ROSTER_TAKEN = "group attendance recorded"
#: How the amendment of a session's recorded attendance begins its reason (the clinician's words follow).
ROSTER_AMENDED = "group attendance amended"
#: This page's notebook (its place in the navigation bar, :data:`~iopkit.widgets.page.PAGES`).
NOTEBOOK = "06_groups.ipynb"


def groups_in(store) -> dict:
    """Every group in ``store``: name -> (Group, {patient id: its current group Record}).

    A group is kept as a ``group`` record on each member; the newest version saved for a name is the group.

    Parameters
    ----------
    store : Store
        The store to read (``patients()`` and ``current(id, kind)``).

    Returns
    -------
    dict
        Group name -> (the newest :class:`~iopkit.dose.groups.Group`, {member id: that member's current
        ``group`` record}), names in order.
    """
    held: dict = {}
    for patient in store.patients():
        for record in store.current(patient.id, "group"):
            held.setdefault(record.item.name, {})[patient.id] = record
    found = {}
    for name, holders in sorted(held.items()):
        group = max(holders.values(), key=lambda r: (r.saved_at, r.id)).item  # the newest definition
        found[name] = (group, {p: r for p, r in holders.items() if p in group.members})
    return found


def save_group(store, group, *, by: str) -> tuple[int, ...]:
    """Save ``group`` on each member (amending their earlier version of it); its members must be store ids.

    All members are saved in one transaction, or none is; a member whose current version is this group is
    left as it is.

    Parameters
    ----------
    store : Store
        Where to save.
    group : Group
        The group, its members as store patient ids.
    by : str
        Who saves (the audit trail).

    Returns
    -------
    tuple of int
        The record id of the group on each member, in the order of the members.

    Raises
    ------
    DosePlanError
        A member is not a patient id (e.g. a pseudonym).
    RecordNotFoundError
        The store holds no patient with a member's id (nothing is saved).
    StoreError
        The store cannot be written.
    """
    from ..errors import DosePlanError

    if not all(isinstance(m, int) for m in group.members):
        raise DosePlanError(
            "a saved group lists store patients (ids), not pseudonyms",
            item="members",
            value=group.members,
            allowed="patient ids",
        )
    _old, holders = groups_in(store).get(group.name, (None, {}))
    ids = []
    with store.batch():
        for patient in group.members:
            store.patient(patient)  # an unknown id is refused before anything is written
            earlier = holders.get(patient)
            if earlier is not None and earlier.item == group:
                ids.append(earlier.id)
                continue
            ids.append(
                store.save(
                    patient,
                    group,
                    by=by,
                    amends=earlier.id if earlier else None,
                    reason=GROUP_CHANGED if earlier else None,
                )
            )
    return tuple(ids)


def _member_logs(store, group, day: dt.date, names: dict | None = None) -> dict:
    """Each member's attendance log that takes the session on ``day`` and the saved record it amends (None: a new
    log), as :func:`~iopkit.dose.groups.roster_logs` chooses them; a DosePlanError naming every member no saved plan
    covers the session for."""
    from ..dose.groups import roster_logs

    saved = _saved(store, group, day)
    logs = roster_logs(group, day, _items(saved), names=names or {})
    return {p: (found.log, saved[p][0] if found.continues else None) for p, found in logs.items()}


def _saved(store, group, day: dt.date) -> dict:
    """Each member's saved attendance log and plan schedule a session on ``day`` is recorded against, as the library
    chooses them (:func:`iopkit.dose.off_plan.roster_saved`: never a log off the plans, walk23 finding 13; the plan
    holding the session, a newer plan from its first session on), the store's records (None where there is none)."""
    from ..dose.off_plan import roster_saved

    return {p: roster_saved(store.current(p, "attendance"), store.history(p, "schedule"), day) for p in group.members}


def _items(saved: dict) -> dict:
    """:func:`_saved`'s records as the roster functions take them: member -> (Attendance or None, Schedule or None)."""
    return {p: (a and a.item, s and s.item) for p, (a, s) in saved.items()}


def uncovered(store, group, day: dt.date, names: dict | None = None) -> str:
    """Why the roster of ``group`` on ``day`` cannot be saved: the members no saved plan covers the session for
    (:func:`~iopkit.dose.groups.roster_logs`' words), said before Save is pressed; "" when every member is covered.

    Parameters
    ----------
    store : Store
        The record store.
    group : Group
        The group whose session it is.
    day : datetime.date
        The session's date.
    names : dict or None
        Member -> the name the refusal uses (default the member's id).

    Returns
    -------
    str
        The refusal in the clinic's words, or "".
    """
    from ..errors import DosePlanError

    try:
        _member_logs(store, group, day, names)
    except DosePlanError as refused:
        return str(refused)
    return ""


def row_problems(store, group, day: dt.date, names: dict | None = None, *, saved: dict | None = None) -> dict:
    """Why each member's attendance at the session of ``group`` on ``day`` cannot be saved on the roster, member by
    member (:func:`~iopkit.dose.groups.roster_problems`: no saved plan covers it, or the member's own session is at
    another time or length), for their row, before Save is pressed (walk24 finding 5).

    Parameters
    ----------
    store : Store
        The record store.
    group : Group
        The group whose session it is.
    day : datetime.date
        The session's date (a day the group meets).
    names : dict or None
        Member -> the name the words use (default the member's id).
    saved : dict, optional
        Each member's saved log and plan for ``day`` as already read (as :func:`recorded_roster` takes them);
        default read now.

    Returns
    -------
    dict
        Member id -> the words; empty when every member's attendance can be saved.
    """
    from ..dose.groups import roster_problems

    saved = _saved(store, group, day) if saved is None else saved
    return roster_problems(group, day, _items(saved), names=names)


def _see_rows(names: list[str]) -> str:
    """Where the words are: "see DEMO-05's row", "see the rows of DEMO-03 and DEMO-05"."""
    if len(names) == 1:
        return f"see {names[0]}'s row"
    return f"see the rows of {', '.join(names[:-1])} and {names[-1]}"


def recorded_roster(store, group, day: dt.date, *, saved: dict | None = None) -> dict:
    """What each member's attendance log already holds for the group's session on ``day``, with who recorded it: the
    log the roster records the session against (:func:`iopkit.dose.off_plan.roster_saved`), so that a session a
    replaced plan's log recorded is changed only with a reason, as any other.

    Parameters
    ----------
    store : Store
        The store to read.
    group : Group
        The group.
    day : datetime.date
        The session's date.
    saved : dict, optional
        Each member's saved log and plan for ``day`` as already read (a page that also asks :func:`row_problems`
        reads them once); default read now.

    Returns
    -------
    dict
        Member id -> :class:`~iopkit.dose.RecordedSession`, for the members whose log holds the session.
    """
    from ..dose import recorded_session

    found = {}
    saved = _saved(store, group, day) if saved is None else saved
    for patient, (record, _plan) in saved.items():  # the log the roster would amend or carry
        if record is not None and record.item.on(day) is not None:
            found[patient] = recorded_session(record, day, store.history(patient, "attendance"))
    return found


def save_roster(
    store,
    group,
    day,
    marks,
    *,
    by: str,
    today=None,
    reason: str | None = None,
    names: dict | None = None,
    when: dt.date | None = None,
) -> dict:
    """Take one session's attendance for the whole roster and save each member's attendance log.

    All members are saved in one transaction, or none is.  Each member's log is the one
    :func:`~iopkit.dose.groups.roster_log` chooses from the log and plan holding the session
    (:func:`iopkit.dose.off_plan.roster_saved`: the chart's log, else one on their saved plan's schedule, a newer
    plan's from its first session on, else, with no plan saved, one on the group's calendar); a session no saved
    plan covers is refused.  A session
    already recorded is compared with the new marks (:func:`~iopkit.dose.roster_to_save`): the same marks are
    refused (nothing to save), changed marks amend the recorded attendance only with ``reason``.  Each record saved
    is dated ``when``, the clinic's day (:func:`iopkit.dose.off_plan.record_day`: default today, never a day after
    it, nor one before the session: attendance is not recorded before the session took place), as any record the
    store saves with ``when=`` (:meth:`iopkit.store.Store.save`), so that a log on the group's
    calendar is read in the order of that day, never of the machine's clock (the page passes the session's day).

    Parameters
    ----------
    store : Store
        Where the members' logs are read and saved.
    group : Group
        The group that met.
    day : datetime.date
        The day of the session.
    marks : Mapping
        Member id -> mark (``"present"``, ``"absent_excused"`` ..., or (``"late"`` or ``"left_early"``, hours)), as
        :func:`~iopkit.dose.groups.take_attendance` takes them.
    by : str
        Who saves (the audit trail).
    today : datetime.date, optional
        The day taken as today (a session after it cannot be marked; default today).
    reason : str, optional
        Why attendance already recorded is changed (needed then; the store keeps it with the amendment).
    names : dict, optional
        Member id -> pseudonym, for the messages.
    when : datetime.date, optional
        The clinic's day the records are dated (default ``today``, else the clinic's today); today or earlier, the
        session's day or later.

    Returns
    -------
    dict
        Patient id -> (record id, hours delivered in that log).

    Raises
    ------
    DosePlanError
        From :func:`~iopkit.dose.groups.take_attendance` and :func:`~iopkit.dose.groups.record_roster`: a day the
        group does not meet or after ``today``, a member unmarked or a mark for someone not in the group, an
        unknown mark, hours that do not fit the mark, a session no saved plan of a member covers, or a member's own
        session at another time or length than the group's (walk24 finding 5); from
        :func:`~iopkit.dose.roster_to_save`: the session already recorded with these marks, or recorded
        attendance changed without a reason; from :func:`~iopkit.dose.off_plan.record_day`: ``when`` no date,
        after today or before the session.
    StoreError
        The store cannot be read or written.
    """
    from ..dose import roster_to_save
    from ..dose.groups import record_roster
    from ..dose.off_plan import record_day

    day = group.session(day).date
    changes = roster_to_save(  # a session after today is refused first, in the session's own words
        group, day, marks, recorded_roster(store, group, day), reason=reason, today=today, names=names
    )
    dated = record_day(when, today, session=day)  # before anything is written: never before the session
    found = _member_logs(store, group, day, names)
    logs = record_roster({p: log for p, (log, _r) in found.items()}, [c.entry for c in changes.to_save])
    saved = {}
    with store.batch():
        for change in changes.changes:
            patient = change.entry.patient
            log, earlier = logs[patient], found[patient][1]
            if change.unchanged and earlier is not None:  # already recorded as marked: left as it is
                saved[patient] = (earlier.id, log.delivered())
                continue
            why = f"{ROSTER_AMENDED}: {changes.reason}" if change.amends else ROSTER_TAKEN if earlier else None
            record = store.save(patient, log, by=by, amends=earlier.id if earlier else None, reason=why, when=dated)
            saved[patient] = (record, log.delivered())
    return saved


def _capital(text: str) -> str:
    """``text`` with its first letter a capital (the rest as it is: initials and names keep theirs)."""
    return text[:1].upper() + text[1:]


def flags_html(flags: Sequence[Any], pseudonym: str, by: str | None = None) -> str:
    """A roster row's marker of the member's open safety flags, counted in words
    (:func:`iopkit.episode.open_flags_said`) and painted as the most severe of them
    (:func:`iopkit.markup.flags_class`): red only when one of them is critical, amber when the worst is a warning
    (e.g. AUDIT item 6 alone); linking to their chart; "" when none is open (walk23 finding 14).

    Parameters
    ----------
    flags : sequence of OpenFlag
        The member's open flags (:attr:`iopkit.episode.Episode.open_flags`).
    pseudonym : str
        The member's pseudonym, for the link to their chart.
    by : str or None
        The clinician to carry in the link, where no one is signed in.

    Returns
    -------
    str
        The marker's HTML, or "".
    """
    from ..episode import open_flags_said
    from ..markup import flags_class

    said = open_flags_said(flags)
    if not said:
        return ""
    painted = flags_class(f.flag for f in flags)
    role = ' role="alert"' if painted == "iop-flag-critical" else ""  # as a flag's box (iopkit.markup.flags_html)
    href = html.escape(page_link("04_progress.ipynb", pseudonym, by))
    return (
        f'<div class="{painted} iop-roster-flags"{role}>⚑ {esc(said)}: '
        f'<a class="iop-link iop-open-chart" href="{href}">see chart</a></div>'
    )


class RosterRow(widgets.HBox):
    """One member's line of the roster: name ("(adolescent)" after it for an adolescent), mark (a radio group), hours
    when late or left early (asked for when the mark is chosen), who recorded the session when it is already
    recorded, why the member's attendance cannot be saved, and a marker when the member has open safety flags (red
    when one of them is critical, amber when the worst is a warning)."""

    def __init__(
        self, patient: int, label: str, session_hours: float, flags: str = "", *, adolescent: bool = False
    ) -> None:
        self.patient, self.label, self.session_hours = patient, label, session_hours
        #: Why this member's attendance at the chosen session cannot be saved (the plan's session; walk24 F5).
        self.session_problem = ""
        #: The member's open safety flags (:func:`flags_html`), shown on the row whatever the session.
        self.flags = widgets.HTML(flags, layout={"flex": "1 1 16em", "min_width": "12em"})  # wraps in its own box
        self.flags.add_class("iop-roster-flag")
        self.mark = widgets.RadioButtons(
            options=MARK_LABELS,
            value="present",
            description=f"{label} (adolescent)" if adolescent else label,  # walk24 finding 12
            style=WIDE,
            layout={"width": "auto"},
        )
        self.mark.add_class("iop-roster-mark")
        if adolescent:
            self.mark.add_class("iop-roster-adolescent")
        self.mark.add_class("iop-choice")  # a named radio group with its member as the label (form.radio_semantics)
        # not bounded: a number typed outside the session is kept and refused in the roster's words (walk23 F15),
        # never clamped to the session's length under the clinician's hand
        self.hours = widgets.FloatText(
            value=session_hours,
            step=0.25,
            description="Hours attended",
            style=WIDE,
            disabled=True,
            layout={"width": "14em"},
        )
        self.hours.add_class("iop-roster-hours")
        self.note = widgets.HTML()
        self.note.add_class("iop-roster-recorded")
        #: Beside the row: why its mark or session cannot be saved, in the roster's words (walk24 findings 5, 13).
        self.problem = widgets.HTML(layout={"flex": "1 1 20em"})
        self.problem.add_class("iop-roster-problem")
        super().__init__([self.mark, self.hours, self.flags, self.note, self.problem])
        self.add_class("iop-roster-row")
        self.mark.observe(self._marked, names="value")
        self.hours.observe(lambda _change: self.check(), names="value")

    def _marked(self, change) -> None:
        """Late or left early asks for the hours attended (the box emptied to 0, never the whole session pre-filled:
        walk24 finding 13); other marks take none."""
        part = change["new"] in ("late", "left_early")
        self.hours.disabled = not part
        if part and change["old"] not in ("late", "left_early"):
            self.hours.value = 0.0
        self.check()

    def check(self, *, saving: bool = False) -> str | None:
        """Show beside the row why it cannot be saved (its session, else its hours; the hours asked for as a question
        until Save is pressed, then as an error), and return the words (None when it can be saved)."""
        from ..dose.groups import hours_refusal

        hours = None
        if self.mark.value in ("late", "left_early"):
            hours = hours_refusal(self.label, self.mark.value, self.hours.value, self.session_hours)
        words = self.session_problem or hours
        kind = "error" if self.session_problem or saving or (hours and self.hours.value != 0) else "info"
        self.problem.value = (
            "" if not words else f'<div class="iop-status-{kind}" role="alert">{html.escape(words)}</div>'
        )
        return words

    def show(self, recorded=None, *, reset: bool = False) -> None:
        """Show the session as recorded (a :class:`~iopkit.dose.RecordedSession`: its mark, hours and who recorded
        it); with nothing recorded, the marks start from present again when ``reset``, else stay as entered."""
        if recorded is not None:
            mark = recorded.mark
            self.mark.value = None if mark is None else mark.value  # no one mark says it: the clinician chooses
            partial = recorded.record.status == "partial"
            self.hours.value = recorded.record.hours if partial else self.session_hours
            unsure = "" if mark is not None else " (choose the mark it stands for to change it)"
            self.note.value = f'<span class="iop-recorded">{esc(_capital(str(recorded)))}{esc(unsure)}</span>'
            self.check()
            return
        self.note.value = ""
        if reset:
            self.mark.value, self.hours.value = "present", self.session_hours
        self.check()

    @property
    def value(self):
        """The mark as :func:`~iopkit.dose.groups.take_attendance` takes it (None: no mark chosen)."""
        if self.mark.value in ("late", "left_early"):
            return self.mark.value, self.hours.value
        return self.mark.value


class GroupsPage(widgets.VBox):
    """Define groups, take a session's attendance for the whole roster, and see make-up sessions.

    Parameters
    ----------
    store : Store or callable, optional
        A store, or a function that opens one (the dashboard notebook passes the dashboards' choice,
        :func:`iopkit.demo.dashboard_store`), opened when the page starts; default
        ``Store.open_default()`` (see :func:`~iopkit.widgets.page.open_store`).
    """

    @built_sharing_defaults
    def __init__(self, store: StoreSource = None) -> None:
        self._store = store
        self.groups: dict = {}
        self._recorded: dict = {}  # the session shown as recorded (member -> RecordedSession), empty when none
        self._gaps = ""  # the members whose attendance at the chosen session cannot be saved, said in a line
        self.adolescents: set = set()  # the patients registered as adolescents
        self._patient: str | None = None  # the patient the address carries, kept in the navigation links
        self.nav = widgets.HTML(nav_html(NOTEBOOK))
        self.nav.add_class("iop-nav-bar")
        self.status = StatusArea()
        self.clinician = widgets.Text(
            description="Your initials (saved with each record)",
            placeholder="e.g. KM",
            style=WIDE,
            layout={"width": "26em"},
        )
        self.clinician.add_class("iop-clinician")
        self.signed_in = signed_in_author()  # under the hub the author, and no initials box
        who = widgets.HTML(
            f'<span class="iop-identity">Signed in as <strong class="iop-author">'
            f"{html.escape(self.signed_in or '')}</strong> (saved with each record)</span>"
        )
        self.choose = widgets.Dropdown(description="Group", options=[("— new group —", "")], style=WIDE)
        self.choose.add_class("iop-group-choose")
        # --- definition
        self.name = widgets.Text(description="Name", placeholder="e.g. Early recovery, morning", style=WIDE)
        self.track = widgets.Dropdown(
            description="Track", options=[("Morning", "morning"), ("Evening", "evening")], style=WIDE
        )
        self.days = widgets.SelectMultiple(
            description="Days",
            options=[(d, d[:3].lower()) for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")],
            value=("mon", "wed", "fri"),
            rows=6,
            style=WIDE,
        )
        self.start_time = widgets.Text(description="Starts (HH:MM, blank: the track's)", style=WIDE)
        self.hours = widgets.BoundedFloatText(
            value=3, min=0.25, max=12, step=0.25, description="Hours per session", style=WIDE
        )
        self.facilitator = widgets.Text(description="Facilitator", placeholder="e.g. KM", style=WIDE)
        self.members = widgets.SelectMultiple(description="Members", options=[], rows=6, style=WIDE)
        #: A group of adolescents and adults, said as members are chosen and after Save group (walk24 finding 12).
        self.ages = widgets.HTML()
        self.ages.add_class("iop-group-ages")
        self.save_button = widgets.Button(
            description="Save group", button_style="primary", layout={"width": "auto", "flex": "0 0 auto"}
        )
        self.save_button.add_class("iop-group-save")
        self.define_status = StatusArea()
        # --- attendance
        # a session held: today or earlier; today, the clinic's day, to start with (walk24 finding 13)
        self.day = PastDayPicker("Session date", style=WIDE)
        self.day.add_class("iop-session-date")
        #: Above the roster: which session it is for (:func:`~iopkit.dose.groups.roster_day`), said once the roster
        #: is drawn for the date chosen (the date field shows a date typed at once, the roster only after the read).
        self.roster_day = widgets.HTML()
        self.roster_day.add_class("iop-roster-day")
        self.roster = widgets.VBox()
        self.roster.add_class("iop-roster")
        self.reason = widgets.Text(
            description="Reason for the amendment",
            placeholder="why the recorded attendance is changed",
            style=WIDE,
            layout=widgets.Layout(width="44em", display="none"),  # shown for a session already recorded
        )
        self.reason.add_class("iop-roster-reason")
        self.take_button = widgets.Button(
            description="Save attendance", button_style="primary", layout={"width": "auto", "flex": "0 0 auto"}
        )
        self.take_button.add_class("iop-roster-save")
        self.roster_status = StatusArea()
        # --- make-ups
        self.first_day = widgets.DatePicker(description="From", style=WIDE)
        self.weeks = widgets.BoundedIntText(value=4, min=1, max=52, description="Weeks", style=WIDE)
        self.holidays = widgets.Text(
            description="Closed dates (YYYY-MM-DD, comma-separated)", style=WIDE, layout={"width": "40em"}
        )
        self.makeup_button = widgets.Button(description="Propose make-up sessions", layout={"width": "auto"})
        self.makeup_button.add_class("iop-makeup")
        self.makeups = widgets.HTML()
        self.makeups.add_class("iop-makeups")
        header = widgets.HTML(
            "<h1>Groups</h1><p>Define a group, then take each session's attendance for the whole "
            "roster on one screen: every member's delivered dose follows.</p>"
        )
        footer = widgets.HTML(f'<p class="iop-disclaimer">{html.escape(DISCLAIMER)}</p>')
        define = widgets.VBox(
            [
                widgets.HTML("<h2>The group</h2>"),
                self.name,
                self.track,
                self.days,
                self.start_time,
                self.hours,
                self.facilitator,
                self.members,
                self.ages,
                widgets.HBox([self.save_button, self.define_status]),
            ]
        )
        take = widgets.VBox(
            [
                widgets.HTML("<h2>Attendance for one session</h2>"),
                widgets.HBox([self.day, self.day.note]),
                self.roster_day,
                self.roster,
                self.reason,
                widgets.HBox([self.take_button, self.roster_status]),
            ]
        )
        makeup = widgets.VBox(
            [
                widgets.HTML(
                    "<h2>Make-up sessions</h2><p>When a holiday drops a week below the level's weekly minimum.</p>"
                ),
                self.first_day,
                self.weeks,
                self.holidays,
                self.makeup_button,
                self.makeups,
            ]
        )
        author = self.clinician if self.signed_in is None else who
        super().__init__(
            [
                load_css(),
                self.nav,
                header,
                self.status,
                widgets.HBox([self.choose, author]),
                define,
                take,
                makeup,
                footer,
                radio_semantics(),
            ]
        )
        self.add_class("iop-page")
        self.add_class("iop-groups-page")
        self.choose.observe(guarded(self.status)(self._chosen), names="value")
        self.members.observe(guarded(self.define_status)(lambda _change: self._ages()), names="value")
        self.day.observe(guarded(self.roster_status)(self._load_day), names="value")
        self.clinician.observe(lambda _change: self._carry(), names="value")
        self.save_button.on_click(guarded(self.define_status)(self._save))
        self.take_button.on_click(guarded(self.roster_status)(self._take))
        self.makeup_button.on_click(guarded(self.roster_status)(self._propose))

    @property
    def store(self):
        if self._store is None or callable(self._store):
            self._store = open_store(self._store)
        return self._store

    def start(self) -> None:
        """Read the store (after the browser's request when the kernel was preheated; see
        :func:`~iopkit.widgets.page.start_reading`)."""
        start_reading(self._open, self.status, page=self)

    def _open(self) -> None:
        """Read the store, then take the clinician and patient the address carries (as every page does)."""
        args = request_args()
        self._patient = args.get("patient")
        if "by" in args and self.signed_in is None:
            self.clinician.value = args["by"]
        self._carry()
        self.refresh()

    def _carry(self) -> None:
        """The navigation bar, its links carrying the patient of the address and the initials typed."""
        by = None if self.signed_in is not None else self.clinician.value.strip() or None
        self.nav.value = nav_html(NOTEBOOK, self._patient, by)

    def refresh(self, chosen: str = "") -> None:
        """Read the patients and groups from the store."""
        patients = self.store.patients()
        self.pseudonyms = {p.id: p.pseudonym for p in patients}
        self.adolescents = {p.id for p in patients if p.adolescent}
        self.members.options = [(p.pseudonym, p.id) for p in patients]
        self.groups = {name: group for name, (group, _held) in groups_in(self.store).items()}
        self.choose.options = [("— new group —", "")] + [(name, name) for name in self.groups]
        self.choose.value = chosen if chosen in self.groups else ""
        self._chosen(None)

    @property
    def group(self):
        """The chosen saved group, or None."""
        return self.groups.get(self.choose.value)

    def _by(self) -> str | None:
        return who_saves(self.signed_in, self.clinician, self.status)

    def _chosen(self, _change) -> None:
        group = self.group
        if group is not None:
            self.name.value, self.track.value, self.facilitator.value = group.name, group.track.value, group.facilitator
            self.days.value = tuple(d[:3] for d in group.days)
            self.hours.value, self.start_time.value = group.session_hours, group.start.isoformat("minutes")
            self.members.value = tuple(m for m in group.members if m in self.pseudonyms)
            self.first_day.value = self.first_day.value or clinical_day()
        flags = self._flags(group.members if group else ())
        self.roster.children = [
            RosterRow(
                m,
                self.pseudonyms.get(m, str(m)),
                group.session_hours,
                flags.get(m, ""),
                adolescent=m in self.adolescents,
            )
            for m in (group.members if group else ())
        ]
        self.take_button.disabled = group is None
        self._recorded = {}
        self._load_day(None)

    def _ages(self) -> str:
        """Warn when the members chosen mix adolescents and adults (:func:`~iopkit.dose.groups.age_mix`)."""
        from ..dose.groups import age_mix

        said = age_mix(self.members.value, self.adolescents, names=self.pseudonyms)
        self.ages.value = f'<div class="iop-flag-warning" role="alert">{html.escape(said)}</div>' if said else ""
        return said

    def _flags(self, members) -> dict:
        """Each member's open safety flags as their chart has them today, the members read at once
        (:func:`iopkit.episode.open_flags_of`, the caseload's reading), counted by
        :func:`iopkit.episode.open_flags_said`, as the rows' markers (member -> HTML, :func:`flags_html`)."""
        from ..episode import open_flags_of

        shown = [m for m in members if m in self.pseudonyms]
        by = None if self.signed_in is not None else self.clinician.value.strip() or None
        return {
            m: flags_html(flags, self.pseudonyms[m], by)
            for m, flags in open_flags_of(self.store, shown, as_of=clinical_day()).items()
        }

    def _load_day(self, _change) -> None:
        """Show the session on the chosen date as recorded, when it is: its marks, who recorded it and when, and
        the reason box an amendment needs; a date not recorded starts from everyone present again.  A member whose
        attendance cannot be saved (no saved plan covers the date, walk23 finding 13; their own session is at another
        time or length, walk24 finding 5) is said on their row before Save is pressed, and the status points to it
        (the words once).  Last, the line above the roster names the session it is now drawn for
        (:func:`~iopkit.dose.groups.roster_day`)."""
        from ..dose import RecordedSession
        from ..dose.groups import roster_day

        group, day, shown, warned = self.group, self.day.value, self._recorded, self._gaps
        self._recorded, self._gaps, problems = {}, "", {}
        if group is not None and day is not None and day.weekday() in group.weekdays:
            saved = _saved(self.store, group, day)  # each member's log and plan, read once for both
            self._recorded = recorded_roster(self.store, group, day, saved=saved)
            problems = row_problems(self.store, group, day, self.pseudonyms, saved=saved)
        for row in self.roster.children:
            row.session_problem = problems.get(row.patient, "")
            row.show(self._recorded.get(row.patient), reset=bool(shown))
        if problems:
            named = [self.pseudonyms.get(p, str(p)) for p in group.members if p in problems]
            self._gaps = f"Attendance on {day:%a %d %b %Y} cannot be saved yet: {_see_rows(named)}."
        self.reason.value = ""
        self.reason.layout.display = "flex" if self._recorded else "none"
        said = [self._gaps] if self._gaps else []
        if self._recorded:
            held: list[RecordedSession] = list(self._recorded.values())
            who = "; ".join(dict.fromkeys(r.when for r in held))
            some = "" if len(held) == len(group.members) else f" for {len(held)} of {len(group.members)} members"
            said.append(
                f"{group.name} on {day} is already recorded{some} ({who}): the marks shown are the recorded ones. "
                "To amend them, change the marks, give the reason for the amendment and save."
            )
        if said:
            self.roster_status.show(" ".join(said), "error" if self._gaps else "info")
        elif shown or warned:
            self.roster_status.clear()
        self.roster_day.value = "" if group is None else f'<p class="iop-roster-for">{esc(roster_day(group, day))}</p>'

    def _save(self, _button) -> None:
        from ..dose.groups import Group

        by = self._by()
        if by is None:
            return
        group = Group(
            self.name.value,
            self.track.value,
            tuple(self.days.value),
            self.hours.value,
            self.facilitator.value,
            members=tuple(self.members.value),
            start=self.start_time.value or None,
        )
        save_group(self.store, group, by=by)
        self.roster_status.clear()  # a roster's message belongs to an earlier action (walk F13 f)
        self.refresh(group.name)
        self.define_status.show(
            f"Saved {group.name}: {', '.join(d.title() for d in group.days)} "
            f"{group.start:%H:%M}-{group.end:%H:%M}, {len(group.members)} members.",
            "ok",
        )
        self._ages()  # the warning stays beside the members (walk24 finding 12)

    def _take(self, _button) -> None:
        by, group = self._by(), self.group
        if by is None or group is None:
            return
        if self.day.value is None:
            self.day.refusal()  # an empty date is said beside it only now, when Save is pressed (walk23 finding 4)
            self.roster_status.show("Choose the session date.", "error")
            return
        unmarked = [row.label for row in self.roster.children if row.value is None]
        if unmarked:
            self.roster_status.show(f"Choose a mark for {', '.join(unmarked)}.", "error")
            return
        if self._gaps:  # said on the rows when the date was chosen: the status points to them again, once
            self.roster_status.show(self._gaps, "error")
            return
        wrong = [row.label for row in self.roster.children if row.check(saving=True)]
        if wrong:  # the hours of a late or left-early mark, said on the row (walk24 finding 13)
            self.roster_status.show(f"Nothing saved: {_see_rows(wrong)}.", "error")
            return
        marks = {row.patient: row.value for row in self.roster.children}
        day, amending = self.day.value, bool(self._recorded)
        saved = save_roster(  # dated the session's day: the day it happened, never after today (the picker's rule)
            self.store, group, day, marks, by=by, reason=self.reason.value, names=dict(self.pseudonyms), when=day
        )
        self.define_status.clear()  # the group's own confirmation belongs to an earlier action
        self.day.value = None  # the next session starts from everyone present, on a date still to choose
        self._chosen(None)
        done = "; ".join(f"{self.pseudonyms.get(p, p)} {hours:g} h" for p, (_r, hours) in saved.items())
        self.roster_status.show(
            f"{'Amended the recorded' if amending else 'Saved'} attendance of {group.name} on {day} for "
            f"{len(saved)} member{'' if len(saved) == 1 else 's'} (delivered so far: {done}).",
            "ok",
        )

    def _propose(self, _button) -> None:
        from ..dose import DosePlan

        group = self.group
        if group is None or self.first_day.value is None:
            self.roster_status.show("Choose a saved group and the first day.", "error")
            return
        closed = [d.strip() for d in self.holidays.value.split(",") if d.strip()]
        plan = DosePlan(
            group.session_hours * len(group.weekdays), self.weeks.value, sessions_per_week=len(group.weekdays)
        )
        proposals = group.make_up_sessions(self.first_day.value, self.weeks.value, plan, skip_dates=closed)
        if not proposals:
            self.makeups.value = "<p>No week falls below the minimum: no make-up session needed.</p>"
            return
        self.makeups.value = (
            "<ul>"
            + "".join(
                f"<li><strong>{m.session.date:%a %Y-%m-%d} {m.session.start:%H:%M}-{m.session.end:%H:%M}</strong>: "
                f"{html.escape(m.reason)} <small>{source_html(m.source, label='')}</small></li>"
                for m in proposals
            )
            + "</ul>"
        )


def groups_app(store: StoreSource = None) -> GroupsPage:
    """The groups page (call ``.start()`` after displaying it).

    Parameters
    ----------
    store : Store or callable, optional
        A store, or a function that opens one (the dashboard notebook passes the dashboards' choice,
        :func:`iopkit.demo.dashboard_store`), opened when the page starts; default
        ``Store.open_default()`` (see :func:`~iopkit.widgets.page.open_store`).

    Returns
    -------
    GroupsPage
        The page, not yet reading the store.
    """
    return GroupsPage(store)
