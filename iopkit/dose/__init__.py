"""Dose of treatment: plans, intensity bands, schedules, attendance and dose-response models.

``iopkit.dose`` is the public path; the code lives in small modules:

* :mod:`~iopkit.dose.plan` -- :class:`DosePlan`, :func:`intensity_level`, the service mix,
  :func:`fidelity_check` and step-down :func:`taper`;
* :mod:`~iopkit.dose.placed` -- :func:`against_placement`, a plan against the placed level of care (a 24-hour
  setting it is not, a minimum it is below);
* :mod:`~iopkit.dose.medicare` -- :func:`cms_view`, Medicare's minimums judged week by week;
* :mod:`~iopkit.dose.schedule` -- :func:`schedule`, iCalendar export and printable weekly grids;
* :mod:`~iopkit.dose.attendance` -- :class:`Attendance`, :func:`progress`, each week judged alone
  (:func:`weekly_dose`) and the vectorised :func:`delivered_hours` for cohorts;
* :mod:`~iopkit.dose.groups` -- :class:`Group`, roster attendance (:func:`take_attendance`,
  :func:`record_roster`) and :func:`make_up_sessions` after holidays;
* :mod:`~iopkit.dose.recorded` -- attendance already recorded: who recorded a session, when
  (:func:`recorded_session`), and a roster taken again as an amendment with a reason (:func:`roster_to_save`);
* :mod:`~iopkit.dose.logs` -- a patient's attendance logs read together, each session counted once
  (:func:`~iopkit.dose.logs.sessions_once`);
* :mod:`~iopkit.dose.bounds` -- the limits of a plausible plan (hours a week, session length,
  sessions a week, weeks), with the reasoning behind each;
* :mod:`~iopkit.dose.response` -- :func:`fit_dose_response` (user-parameterised, not SUD-validated
  models) and :func:`kaplan_meier` retention.

Examples
--------
>>> from iopkit.dose import DosePlan, schedule
>>> plan = DosePlan(9, 12, sessions_per_week=3)
>>> str(plan.level), plan.total_hours
('Level 2.1 (Intensive outpatient)', 108.0)
>>> len(schedule("2025-01-06", ["mon", "wed", "fri"], plan.session_hours, 12).sessions)
36
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_names
from .attendance import (
    STATUSES,
    Attendance,
    AttendanceFractions,
    AttendanceRecord,
    AttendanceStatus,
    DoseProgress,
    WeeklyDose,
    delivered_hours,
    progress,
    weekly_dose,
)
from .calendar import SessionMark, SessionStatus, session_marks
from .groups import Group, MakeUpSession, RosterEntry, RosterMark, make_up_sessions, record_roster, take_attendance
from .medicare import CmsView, cms_view
from .placed import against_placement
from .plan import (
    CORE_COMPONENTS,
    MODES,
    DosePlan,
    Mode,
    Service,
    ServiceLine,
    Taper,
    fidelity_check,
    intensity_level,
    minimum_hours,
    taper,
)
from .recorded import RecordedSession, RosterChange, RosterChanges, recorded_session, roster_to_save
from .schedule import TRACKS, WEEKDAYS, Schedule, Session, Track, schedule

if TYPE_CHECKING:
    from .response import (
        HOWARD_1986,
        MODELS,
        DoseResponse,
        LogRank,
        RetentionCurve,
        fit_dose_response,
        kaplan_meier,
        log_rank,
    )

#: The dose-response names, resolved on first use (PEP 562): the models import numpy, which the dose
#: planner page does not need to draw itself.
_RESPONSE = (
    "HOWARD_1986",
    "MODELS",
    "DoseResponse",
    "LogRank",
    "RetentionCurve",
    "fit_dose_response",
    "kaplan_meier",
    "log_rank",
)

__all__ = [
    "DosePlan",
    "Service",
    "ServiceLine",
    "CORE_COMPONENTS",
    "Mode",
    "MODES",
    "intensity_level",
    "minimum_hours",
    "against_placement",
    "cms_view",
    "CmsView",
    "fidelity_check",
    "taper",
    "Taper",
    "schedule",
    "Schedule",
    "Session",
    "Track",
    "TRACKS",
    "WEEKDAYS",
    "Attendance",
    "AttendanceFractions",
    "AttendanceRecord",
    "AttendanceStatus",
    "STATUSES",
    "progress",
    "DoseProgress",
    "delivered_hours",
    "WeeklyDose",
    "weekly_dose",
    "SessionMark",
    "SessionStatus",
    "session_marks",
    "Group",
    "RosterMark",
    "RosterEntry",
    "MakeUpSession",
    "take_attendance",
    "record_roster",
    "make_up_sessions",
    "RecordedSession",
    "RosterChange",
    "RosterChanges",
    "recorded_session",
    "roster_to_save",
    "fit_dose_response",
    "DoseResponse",
    "HOWARD_1986",
    "MODELS",
    "kaplan_meier",
    "RetentionCurve",
    "log_rank",
    "LogRank",
]


__getattr__, __dir__ = lazy_names(__name__, dict.fromkeys(_RESPONSE, "response"))
