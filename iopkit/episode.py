"""One patient's episode of care as of a day: the current status every page and the summary read.

:meth:`Episode.from_store` reads the patient's current records once (amended versions are left
out) and gathers what a clinician asks first: the level of care and since when, days in the
programme, when the patient was last seen, open safety flags, the latest score of each instrument
with its trend, which measures are due, attendance this week, the dose planned against delivered,
drug screens, and the continued-stay review (:func:`iopkit.placement.review`) built from all of it.
:attr:`Episode.placement_inputs` is what the placement page reads of it (:class:`PlacementInputs`).

Rules used here:

* **Level of care**: the latest clinician's placement decision (:class:`iopkit.records.Placement`);
  without one, the latest saved recommendation, else the dose plan's level (``level_from`` says which).
  The latest is the one of the latest clinical day (its "Placed on" date), of one day the last saved: a placement
  dated earlier than one already saved is kept as history and never becomes the current level
  (:meth:`Episode.placed_later_than` says so before it is saved; walk23 F2).
* **Open safety flags**: a flag calling for a same-day risk assessment or a medical review that no
  :class:`iopkit.records.FlagResolution` covers, as the continued-stay review decides it
  (:func:`iopkit.placement.continued_stay.open_safety_flags`), and a drug screen's flag (an opioid positive:
  :attr:`iopkit.records.DrugScreen.flags`, instrument ``"drug_screen"``) that none covers. A screen's flag reaches
  the chart header, the caseload, the summary and the continued-stay review (which counts the positive screen, and
  holds a step-down while its flag is open: :attr:`iopkit.placement.EpisodeHistory.screen_flags`, R18-S3), not the
  placement's dimensions: a result never changes the level of care alone.
* **Check-in answers not saved yet** (:attr:`Episode.checkin_flags`, read from the check-in book by
  :func:`iopkit.checkin.with_open_checkins`): a safety answer shows on the chart at once and holds the continued-stay
  review's step-down until a clinician reviews the check-in (:meth:`Episode.with_checkin_flags`; NPSG 15.01.01).
* **Due measures** (:data:`MEASUREMENT_PLAN`, iopkit's own rule, review it locally): a PHQ-9 every
  7 days, as measurement-based care in IOP repeats it weekly; overdue the day after it falls due.
* **Weeks** of the episode count from the first saved assessment (week 0), as the continued-stay
  review and flag resolutions read them.

Examples
--------
>>> import datetime, tempfile, pathlib
>>> from iopkit import score
>>> from iopkit.store import Store
>>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "clinic.sqlite")
>>> pid = store.add_patient("IOP-0042")
>>> _ = store.save(pid, score("phq9", [2, 2, 2, 2, 1, 1, 1, 1, 1]), by="KM", when=datetime.date(2026, 3, 2))
>>> e = Episode.from_store(store, pid, as_of=datetime.date(2026, 3, 12))
>>> e.days_in_programme, e.last_seen, [f.flag.code for f in e.open_flags]
(10, datetime.date(2026, 3, 2), ['suicidal_ideation'])
>>> [(d.instrument, d.due_on.isoformat(), d.overdue_days) for d in e.due]
[('phq9', '2026-03-09', 3)]
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .entry import clinic_clock, clinical_day
from .flags import RiskLevel, urgency
from .in_programme import ProgrammeStatus, attended_days, programme_status

if TYPE_CHECKING:
    from .dose import Attendance, DosePlan, DoseProgress, Schedule
    from .dose.off_plan import OffPlanLog
    from .flags import Flag
    from .placement import EpisodeHistory, FlagResolution, LevelOfCare, Placement, Recommendation, Review
    from .placement.continued_stay import SafetyFlag
    from .placement.resolution import AfterCorrection, Corrections
    from .records import DrugScreen
    from .scoring import Score
    from .store.kinds import Patient, Record

__all__ = [
    "MEASUREMENT_PLAN",
    "ClosedFlag",
    "DueMeasure",
    "Episode",
    "LatestScore",
    "OpenFlag",
    "PlacementInputs",
    "SavedSince",
    "SCREEN_ITEMS",
    "SCREEN_PROMPTS",
    "SuicideRiskScreen",
    "WeekAttendance",
    "caseload",
    "open_flag_counts",
    "open_flags_of",
    "open_flags_said",
    "placement_inputs_on",
    "saved_since",
    "unexpected_positive",
]

#: Suicide-risk flags whose screen's finding is read from one item's answer: (instrument, flag code) -> (item number,
#: what the item asks, in the words of physician review R17a-S9: "PHQ-9 item 9 answered '{answer}' ({value} of 3):
#: thoughts of being better off dead or of self-harm"; Kroenke et al. 2001 for the item and its response scale).
SCREEN_ITEMS: Mapping[tuple[str, str], tuple[int, str]] = MappingProxyType(
    {("phq9", "suicidal_ideation"): (9, "thoughts of being better off dead or of self-harm")}
)
#: Flags listed with the suicide-risk screens that are a prompt for one, not one: (instrument, flag code) -> what the
#: summary's screen cell says (physician review R17a-S10: PCL-5 item 16 asks about risky behaviour, not suicidal
#: thoughts, Weathers et al. 2013; it still calls for a same-day suicide screen and a closing, NPSG 15.01.01).
SCREEN_PROMPTS: Mapping[tuple[str, str], str] = MappingProxyType(
    {("pcl5", "possible_self_harm"): "PCL-5 item 16 (risky behaviour: a prompt for a suicide screen, not one)"}
)
#: The suicide screen a prompt's closing reports (Posner et al. 2011: the C-SSRS screener).
PROMPTED_SCREEN = "cssrs_screen"

#: Measures repeated through the episode: instrument -> days between administrations
#: (iopkit's own rule: weekly PHQ-9 in measurement-based care; review it locally).
MEASUREMENT_PLAN = {"phq9": 7}
#: Where the current level of care is read from, first found wins.
LEVEL_FROM = ("placement", "recommendation", "dose_plan")


def unexpected_positive(screen: DrugScreen) -> bool:
    """True when a substance was detected that is not an expected (prescribed) medication: what the review counts
    (:attr:`iopkit.records.DrugScreen.counts_as_positive`).

    Parameters
    ----------
    screen : DrugScreen
        One drug screen as saved.

    Returns
    -------
    bool
        True when a substance other than an expected medication was detected.
    """
    return screen.counts_as_positive


#: The example instrument a PHQ-9 item 9 flag's rule names for the suicide risk assessment (its next step's words):
#: the chart header says what is true of the chart instead (:meth:`Episode.next_step`, walk24 finding 10).
_EXAMPLE_SCREEN = "(e.g. C-SSRS)"


@dataclass(frozen=True)
class OpenFlag:
    """A safety flag on a saved assessment that no flag resolution covers yet.

    Parameters
    ----------
    instrument : str
        The code of the instrument whose score raised the flag.
    week : float
        The week of the episode the assessment was taken (week 0 = the first assessment).
    day : datetime.date
        The clinical day the assessment was taken.
    record_id : int
        The store id of the assessment record.
    flag : Flag
        The flag itself (code, message, severity, what it calls for, source).
    reopened : str, default ""
        Why it is open again, when a correction of the record changed the finding an earlier version's closing
        answered, or why it is new, when a correction raised it where the earlier version's flag (another code) was
        closed; for a :class:`ClosedFlag`, why it reads closed, when the closing of an earlier version's higher
        finding (another code) covers it (:attr:`iopkit.placement.resolution.Reopened.said`); "" otherwise. Keyword
        only.
    own_record_only : bool, default False
        True when it is closed on its own record only, never by a later record's closing: a correction of the record
        reopened it or changed its finding (:meth:`iopkit.placement.resolution.Corrections.own_record_only`).
        Keyword only.
    """

    instrument: str
    week: float
    day: dt.date
    record_id: int
    flag: Flag
    reopened: str = field(default="", kw_only=True)
    own_record_only: bool = field(default=False, kw_only=True)

    @property
    def said(self) -> str:
        """The flag's message as every view shows it: with why it is open again after a correction, when it is
        (:func:`iopkit.placement.resolution.with_reopened`).

        Returns
        -------
        str
        """
        from .placement.resolution import with_reopened

        return with_reopened(self.flag.message, self.reopened)

    @property
    def after_correction(self) -> AfterCorrection | None:
        """How a correction of its record bears on it: open again (the same flag, its finding changed), new (a
        flag the earlier version, whose own flag was closed, did not raise) or, closed, covered (a lower finding the
        closing of the earlier version's higher one answers); None when no correction does
        (:class:`iopkit.placement.resolution.AfterCorrection`, read from :attr:`reopened`).

        Returns
        -------
        AfterCorrection or None
            Its :attr:`~iopkit.placement.resolution.AfterCorrection.words` begin a page's choice of the flag.
        """
        from .placement.resolution import AfterCorrection

        return AfterCorrection.of(self.reopened)

    def also_closes(self, others) -> tuple[OpenFlag, ...]:
        """The other open flags a flag resolution of this one closes too: the same flag on the same instrument's
        records of an earlier clinical day (an assessment done now answers the older alerts too:
        :meth:`iopkit.placement.FlagResolution.covers`), which the progress page lists before Save; never one a
        correction reopened or changed (:attr:`own_record_only`), which is closed on its own record only
        (:meth:`iopkit.placement.resolution.Corrections.reaches`).

        Parameters
        ----------
        others : sequence of OpenFlag
            The episode's open flags (:attr:`Episode.open_flags`).

        Returns
        -------
        tuple of OpenFlag
            Those it closes too, in the order given; empty when none.
        """
        return tuple(
            o
            for o in others
            if isinstance(o, OpenFlag)
            and not isinstance(o, ClosedFlag)
            and (o.instrument, o.flag.code) == (self.instrument, self.flag.code)
            and o.day < self.day
            and not (o.reopened or o.own_record_only)  # a correction reopened or changed it: its own record only
        )


#: What an open safety flag is about, as a roster row counts it (iopkit's own grouping): a flag calling for a suicide
#: risk assessment or an emergency evaluation (:data:`~iopkit.flags.SUICIDE_RISK_CALLS`), a drug screen's opioid
#: positive (:data:`~iopkit.records.OVERDOSE_RISK`), any other.
FLAG_CONCERNS = ("suicide risk", "overdose risk", "other")


def open_flag_counts(flags: Iterable[OpenFlag]) -> tuple[tuple[str, int], ...]:
    """How many open safety flags there are of each concern (:data:`FLAG_CONCERNS`, in that order; none left out).

    Parameters
    ----------
    flags : iterable of OpenFlag
        A patient's open flags (:attr:`Episode.open_flags`).

    Returns
    -------
    tuple of (str, int)
        Each concern with at least one open flag, and how many.
    """
    from .flags import SUICIDE_RISK_CALLS
    from .records import OVERDOSE_RISK

    counts = dict.fromkeys(FLAG_CONCERNS, 0)
    for f in flags:
        if f.flag.calls_for in SUICIDE_RISK_CALLS:
            counts[FLAG_CONCERNS[0]] += 1
        elif f.flag.code == OVERDOSE_RISK["code"]:
            counts[FLAG_CONCERNS[1]] += 1
        else:
            counts[FLAG_CONCERNS[2]] += 1
    return tuple((concern, n) for concern, n in counts.items() if n)


def open_flags_said(flags: Iterable[OpenFlag]) -> str:
    """A patient's open safety flags counted in words, for a screen that lists patients without their chart (a group's
    roster, walk23 finding 14); "" when none is open.

    Parameters
    ----------
    flags : iterable of OpenFlag
        A patient's open flags (:attr:`Episode.open_flags`).

    Returns
    -------
    str
        E.g. "open safety flags (2 suicide risk, 1 overdose risk)"; "open safety flag (1 suicide risk)".
    """
    counts = open_flag_counts(flags)
    total = sum(n for _concern, n in counts)
    if not total:
        return ""
    return f"open safety flag{'' if total == 1 else 's'} ({', '.join(f'{n} {concern}' for concern, n in counts)})"


@dataclass(frozen=True)
class ClosedFlag(OpenFlag):
    """A suicide-risk flag on a saved assessment, closed below high: a later assessment that finds a higher overall
    risk level is recorded as a re-assessment (:func:`iopkit.placement.resolution.escalates`), never refused.

    Parameters
    ----------
    instrument, week, day, record_id, flag, reopened
        As :class:`OpenFlag`: ``reopened`` says why it reads closed when the closing of an earlier version's higher
        finding covers it after a correction ("Covered after a correction: ...").
    level : RiskLevel or None, default None
        Its overall risk level now (its closing's, or its latest re-assessment's; None: none recorded).
    closed_as : str, default ""
        Its closing and re-assessments in the chart's words
        (:attr:`iopkit.placement.continued_stay.SafetyFlag.closed_as`).
    """

    level: RiskLevel | None = None
    closed_as: str = ""

    def also_closes(self, others) -> tuple[OpenFlag, ...]:
        """None: a re-assessment is saved for this flag's record only (``this_record_only``), never closing an
        earlier open flag nobody picked.

        Parameters
        ----------
        others : sequence of OpenFlag
            The episode's open flags.

        Returns
        -------
        tuple of OpenFlag
            Always empty.
        """
        return ()


@dataclass(frozen=True)
class SuicideRiskScreen:
    """A positive suicide-risk screen of the episode and its closing, as the printed summary shows every one.

    A suicide-risk flag is one whose closing records the overall risk level
    (:func:`iopkit.placement.resolution.needs_risk_level`: PHQ-9 item 9, the C-SSRS screener, PCL-5 self-harm). The
    Joint Commission's NPSG 15.01.01 asks, after a positive suicide screen, for a risk assessment whose overall level
    of risk and plan are documented: the summary prints each screen with that closing, or that it is open.

    Parameters
    ----------
    instrument : str
        The code of the instrument whose score raised the flag.
    day : datetime.date
        The clinical day the screen was taken.
    record_id : int
        The store id of the assessment record.
    flag : Flag
        The flag as the score carries it.
    taken_at : datetime.datetime or datetime.date
        The clinical time the screen was taken.
    level : RiskLevel or None, default None
        Its overall risk level now (its closing's, or its latest re-assessment's; None: open, or none recorded).
    closed_as : str, default ""
        Its closing in the chart's words: the overall risk level, what was done, by whom and when (with how many days
        after the screen, when a later day: :meth:`iopkit.placement.continued_stay.SafetyFlag.closed_after`), then
        any re-assessment; for a prompt (:attr:`prompt`), led by what the suicide screen found; "" while it is open.
    closed_on : datetime.date or None, default None
        The day of its closing (None: open).
    answer : int or None, default None
        The answer of the item the finding is read from (:data:`SCREEN_ITEMS`; None: none, or left blank).

    Examples
    --------
    >>> import datetime as dt
    >>> from iopkit import score
    >>> flag = score("phq9", [0] * 8 + [1]).flags[0]
    >>> s = SuicideRiskScreen("phq9", dt.date(2026, 11, 19), 1, flag, dt.date(2026, 11, 19), answer=1)
    >>> s.finding
    "PHQ-9 item 9 answered 'Several days' (1 of 3): thoughts of being better off dead or of self-harm"
    >>> s.open_since(dt.date(2026, 12, 3)), s.still_to_record
    ('open since 2026-11-19 (14 days)', 'no overall risk level or action recorded yet')
    """

    instrument: str
    day: dt.date
    record_id: int
    flag: Flag
    taken_at: dt.datetime | dt.date
    level: RiskLevel | None = None
    closed_as: str = ""
    closed_on: dt.date | None = None
    answer: int | None = None

    @property
    def prompt(self) -> str:
        """What the summary's screen cell says of a flag that prompts a suicide screen and is not one
        (:data:`SCREEN_PROMPTS`); "" for a suicide-risk screen.

        Returns
        -------
        str
        """
        return SCREEN_PROMPTS.get((self.instrument, self.flag.code), "")

    @property
    def finding(self) -> str:
        """What the screen found: the answer of the item it is read from and what the item asks, "PHQ-9 item 9
        answered 'Several days' (1 of 3): thoughts of being better off dead or of self-harm" (physician review
        R17a-S9: item 9 at 1 and at 3 are different patients); the flag's message otherwise (no such item, or the
        item left blank: its worst answer stands and the message says so).

        Returns
        -------
        str
        """
        from .instruments import CATALOGUE

        read = SCREEN_ITEMS.get((self.instrument, self.flag.code))
        definition = CATALOGUE.get(self.instrument)
        if read is None or self.answer is None or definition is None:
            return self.flag.message
        number, asks = read
        options = definition.item(number).options
        label = next((o.label for o in options if o.code == self.answer), "")
        high = max(o.code for o in options)
        return f"{definition.short_name} item {number} answered '{label}' ({self.answer} of {high}): {asks}"

    @property
    def days_to_closing(self) -> int | None:
        """Days from the screen's day to its closing's (0: the same day; None: open).

        Returns
        -------
        int or None
        """
        return None if self.closed_on is None else (self.closed_on - self.day).days

    def open_since(self, as_of: dt.date) -> str:
        """How long it has been open as of ``as_of``: "open since 2026-11-19 (14 days)", "(today)" on its own day
        (physician review R17a-S9: an open row says since when).

        Parameters
        ----------
        as_of : datetime.date
            The day the summary is read as of.

        Returns
        -------
        str
        """
        days = (as_of - self.day).days
        return f"open since {self.day.isoformat()} ({'today' if days <= 0 else f'{days} day' + 's' * (days != 1)})"

    @property
    def still_to_record(self) -> str:
        """What an open row still needs recorded: the overall risk level and action; for a prompt, first what the
        suicide screen found (physician review R17a-S10).

        Returns
        -------
        str
        """
        lead = "suicide screen result (e.g. C-SSRS), " if self.prompt else ""
        return f"no {lead}overall risk level or action recorded yet"

    @property
    def open(self) -> bool:
        """True while no flag resolution closes it.

        Returns
        -------
        bool
        """
        return not self.closed_as


@dataclass(frozen=True)
class LatestScore:
    """An instrument's latest score, the one before it and the change between them.

    ``trend`` is ``"up"``, ``"down"``, ``"same"`` or ``None`` (one score, or no total);
    ``reliable`` is the reliable-change reading (``"improved"``, ``"worse"``, ``"no reliable change"``)
    where :data:`iopkit.progress.CHANGE_CRITERIA` has the instrument and there are two totals;
    ``change`` is that reading in full (:func:`iopkit.progress.trajectory`, first total to latest) and
    ``first`` the episode's first score of the instrument. ``at`` is the latest record's clinical time.

    Parameters
    ----------
    instrument : str
        The instrument's code.
    day : datetime.date
        The clinical day of the latest score.
    score : Score
        The latest score.
    previous : Score or None, optional
        The score before it (``None`` for a first score).
    trend : {"up", "down", "same"} or None, optional
        The total's direction from ``previous`` to ``score``.
    reliable : {"improved", "worse", "no reliable change"} or None, optional
        The reliable-change reading from the first total to the latest.
    corrected : bool, optional
        True when the latest record is an amendment of an earlier version.
    first : Score or None, optional
        The episode's first score of the instrument.
    change : mapping or None, optional
        The reliable-change reading in full, as :func:`iopkit.progress.trajectory` gives it.
    at : datetime.datetime or datetime.date or None, optional
        The latest record's clinical time.
    covered : str, default ""
        When a correction lowered the latest record's finding and a closing recorded on an earlier version covers it
        (``AfterCorrection.COVERED``): the level it reads closed at, who recorded it and when, e.g. "overall risk
        high recorded (KM, 02 Mar 2026) covers this corrected C-SSRS screen", which the chart header and the
        summary show beside the score (its band reads the corrected, lower finding); "" otherwise.
    """

    instrument: str
    day: dt.date
    score: Score
    previous: Score | None = None
    trend: str | None = None
    reliable: str | None = None
    corrected: bool = False
    first: Score | None = None
    change: Mapping[str, Any] | None = None
    at: dt.datetime | dt.date | None = None
    covered: str = ""


def _covered_line(f: SafetyFlag) -> str:
    """What a latest score's row says when a closing of an earlier version's higher finding covers its flag after a
    correction (:attr:`LatestScore.covered`): the level the flag reads closed at, who recorded it, when; "" for any
    other flag."""
    from .placement.resolution import AfterCorrection, level_set_by
    from .records import short_name

    if f.resolution is None or AfterCorrection.of(f.reopened) is not AfterCorrection.COVERED:
        return ""
    by = level_set_by((f.resolution, *f.reassessments))
    if by.risk_level is None:
        return ""
    name = short_name(f.instrument)
    return f"overall risk {by.risk_level.value} recorded ({by.by}, {by.on:%d %b %Y}) covers this corrected {name}"


@dataclass(frozen=True)
class DueMeasure:
    """A repeated measure that is due: when it was last given, when it fell due, how overdue.

    Parameters
    ----------
    instrument : str
        The code of the measure (a key of :data:`MEASUREMENT_PLAN`).
    last : datetime.date or None
        The clinical day it was last given, ``None`` when never in this episode.
    due_on : datetime.date
        The day it fell due (the first assessment's day, or ``as_of``, when never given).
    overdue_days : int
        Days from ``due_on`` to ``as_of`` (0 on the day it falls due).
    """

    instrument: str
    last: dt.date | None
    due_on: dt.date
    overdue_days: int


@dataclass(frozen=True)
class WeekAttendance:
    """Sessions this week (Monday to Sunday of ``as_of``) up to ``as_of``: held, attended, hours.

    Parameters
    ----------
    scheduled_sessions : int
        Sessions of the schedule from Monday up to ``as_of`` held by then: recorded, or ended (a session of ``as_of``
        still running is not counted until it ends).
    attended_sessions : int
        Those of them recorded with hours attended.
    scheduled_hours : float
        The hours of the scheduled sessions.
    delivered_hours : float
        The hours attended at them.
    unrecorded_sessions : int
        Those of them that have ended with no attendance recorded.
    """

    scheduled_sessions: int
    attended_sessions: int
    scheduled_hours: float
    delivered_hours: float
    unrecorded_sessions: int


@dataclass(frozen=True)
class PlacementInputs:
    """What the placement page reads of an episode (:attr:`Episode.placement_inputs`): the saved scores its
    suggestions come from, the open flags not on them (each noted once with where it came from), the withdrawal
    delirium history, and the older open flags ready to show.

    Placement is made on today's picture: an older score (and its flags) is history, shown as an open flag until
    resolved, never today's emergency; an unresolved flag of an earlier score of the page's day is no history, and
    its note says so (:func:`_noted`). Every field is empty (``today`` None) for a page with no episode.

    Parameters
    ----------
    today : datetime.date or None, optional
        The page's clinical day: the episode's ``as_of``, the day its chart header shows (the clock's date would move
        at midnight while the page stays open, and a CIWA-Ar would then be today's latest score for the delirium note
        but a score of another day for the suggestion).
    latest : tuple of LatestScore, optional
        The latest saved score of each instrument, oldest first: what the suggestions use.
    older : tuple of OpenFlag, optional
        The episode's open flags not on those scores (of an older score of their instrument), as the episode holds
        them.
    older_noted : tuple of Flag, optional
        Each of ``older``, its message ending with its note: "(C-SSRS screen of 05 Jan 2026, not resolved)", or for an
        earlier score of ``today`` "(CIWA-Ar of 02 Dec 2026 at 09:00, not resolved: an earlier score of the
        placement's day, not history)".
    checkin_noted : tuple of Flag, optional
        The flags of the patient's check-in answers not saved yet (:attr:`Episode.checkin_flags`), each noted
        "(PHQ-9 check-in of 02 Dec 2026, not saved yet)".
    withdrawal_delirium_at : tuple of datetime.datetime or datetime.date, optional
        When the episode's saved CIWA-Ar scores with possible withdrawal delirium were taken
        (:attr:`Episode.withdrawal_delirium_at`).
    delirium_listed_at : tuple of datetime.datetime or datetime.date, optional
        When those of them whose complicated-withdrawal flag is among ``older`` were taken: that flag, listed with
        what it means, says the finding once (the stronger wording), not the delirium note again.
    history_flags : tuple of Flag, optional
        ``older`` as the page lists them (:meth:`Episode.flag_shown`, ``earlier_score``): one of an earlier score of
        ``today`` noted with its time, any other as saved, each with its next step of ``today`` and, when open again
        after a correction, why (:attr:`OpenFlag.said`).
    later_scores : int, default 0
        How many saved scores are dated after ``today`` (a placement dated before the chart's day,
        :func:`placement_inputs_on`): not used by the suggestions.
    """

    today: dt.date | None = None
    latest: tuple[LatestScore, ...] = ()
    older: tuple[OpenFlag, ...] = ()
    older_noted: tuple[Flag, ...] = ()
    checkin_noted: tuple[Flag, ...] = ()
    withdrawal_delirium_at: tuple[dt.datetime | dt.date, ...] = ()
    delirium_listed_at: tuple[dt.datetime | dt.date, ...] = ()
    history_flags: tuple[Flag, ...] = ()
    later_scores: int = 0

    @property
    def scores(self) -> tuple[Score, ...]:
        """The latest saved score of each instrument, oldest first (of ``latest``).

        Returns
        -------
        tuple of Score
        """
        return tuple(x.score for x in self.latest)

    @property
    def scored_on(self) -> dict[str, dt.datetime | dt.date]:
        """When each of ``latest`` was taken (time of day kept where the record has one), by instrument.

        Returns
        -------
        dict of str to datetime.datetime or datetime.date
        """
        return {x.instrument: x.at if x.at is not None else x.day for x in self.latest}

    @property
    def older_open_flags(self) -> tuple[Flag, ...]:
        """The open flags not on today's scores, noted: ``older_noted`` then ``checkin_noted``, as
        :func:`iopkit.placement.suggest_dimensions` takes them (``older_open_flags``): they reach the headline's
        first step, named with where they came from and their day.

        Returns
        -------
        tuple of Flag
        """
        return self.older_noted + self.checkin_noted

    @property
    def history_header(self) -> str:
        """The words before ``history_flags``: an open flag of an earlier score of ``today`` is no history, so the
        header says so; ``""`` without an older open flag.

        Returns
        -------
        str
        """
        if not self.older:
            return ""
        if self.today is not None and any(f.day == self.today for f in self.older):
            return (
                "Open safety flags on earlier scores (not the latest score of each instrument; those of today are not "
                "history; record what was done on the progress page):"
            )
        return (
            "Open safety flags on older scores (history, not today's scores; record what was done on the progress "
            "page):"
        )

    @property
    def delirium_note(self) -> str:
        """What the saved CIWA-Ar findings of possible withdrawal delirium say of the history of complicated
        withdrawal (:func:`iopkit.placement.suggest.delirium_history`), those listed among the open flags left out;
        ``""`` when none counts.

        Returns
        -------
        str
        """
        if self.today is None:
            return ""
        from .placement.suggest import delirium_history

        return delirium_history(
            self.withdrawal_delirium_at, self.today, self.scores, self.scored_on, self.delirium_listed_at
        )


def _with_why_open(flag: Flag, open_flag: OpenFlag) -> Flag:
    """``flag`` (``open_flag``'s, as a page shows it) saying why it is open again after a correction, when it is
    (:attr:`OpenFlag.said`)."""
    if not open_flag.reopened:
        return flag
    from .placement.resolution import with_reopened

    return replace(flag, message=with_reopened(flag.message, open_flag.reopened))


def _latest_dated(records: Sequence[Record], day_of: Mapping[int, dt.date]) -> Record:
    """Of ``records`` (one kind), the one of the latest clinical day (``day_of``), of one day the last saved (the
    highest id): the current level is the latest placement by its clinical date, whatever order the placements were
    entered in (walk23 F2: a paper chart entered late)."""
    return max(records, key=lambda r: (day_of[r.id], r.id))


def placement_inputs_on(store: Any, episode: Episode, day: dt.date) -> PlacementInputs:
    """What the placement page reads for a placement dated ``day`` (its "Placed on" date, walk23 F2).

    A placement rests on the scores of its day: for a ``day`` before the episode's ``as_of`` the chart is read again
    as of ``day`` (:meth:`Episode.from_store`: the scores, open flags and flag resolutions dated up to that day), and
    the scores dated after it are counted (:attr:`PlacementInputs.later_scores`), not used. The check-in answers not
    saved yet are today's, not of ``day``: the chart header shows them. On ``episode.as_of`` (or a later day, which
    a page refuses to save), the episode's own :attr:`Episode.placement_inputs`.

    Parameters
    ----------
    store : Store
        The record store ``episode`` was read from.
    episode : Episode
        The patient's episode as the page read it (as of today).
    day : datetime.date
        The placement's clinical date.

    Returns
    -------
    PlacementInputs
        As of ``day``.

    Examples
    --------
    >>> import datetime, tempfile, pathlib
    >>> from iopkit import score
    >>> from iopkit.store import Store
    >>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "clinic.sqlite")
    >>> pid = store.add_patient("IOP-0044")
    >>> _ = store.save(pid, score("phq9", [1] * 8 + [0]), by="KM", when=datetime.date(2026, 11, 24))
    >>> _ = store.save(pid, score("phq9", [2] * 8 + [0]), by="KM", when=datetime.date(2026, 12, 1))
    >>> episode = Episode.from_store(store, pid, as_of=datetime.date(2026, 12, 4))
    >>> inputs = placement_inputs_on(store, episode, datetime.date(2026, 11, 24))
    >>> [(x.instrument, x.day.isoformat(), x.score.total) for x in inputs.latest], inputs.later_scores
    ([('phq9', '2026-11-24', 8)], 1)
    """
    if day >= episode.as_of:
        return episode.placement_inputs
    then = Episode.from_store(store, episode.patient, as_of=day)
    later = sum(clinical_day(r.taken_at) > day for r in episode.score_records)
    return replace(then.placement_inputs, later_scores=later)


def _local_time(when: dt.datetime | dt.date) -> dt.time:
    """The clinic's clock time of a datetime (:func:`~iopkit.entry.clinic_clock`); midnight for a date."""
    return clinic_clock(when).time() if isinstance(when, dt.datetime) else dt.time.min


def _clinical_order(when: dt.datetime | dt.date) -> tuple[dt.date, dt.time]:
    """A sort key putting dates and datetimes in clinical order: the clinical day, then the local time (a date
    first)."""
    return clinical_day(when), _local_time(when)


def _noted(
    open_flag: OpenFlag,
    kind: str,
    state: str,
    today: dt.date | None = None,
    taken: dt.datetime | dt.date | None = None,
    listed: bool = False,
) -> Flag:
    """An open flag not on today's scores, its message ending with where it came from, by the questionnaire's
    name, e.g. "(PHQ-9 check-in of 02 Dec 2026, not saved yet)" or "(C-SSRS of 05 Jan 2026, not resolved)": the
    headline's "why" names it so (:func:`iopkit.placement.recommendation._origin`), a tablet answer told from a
    saved score; the suggestion reads the day from it (a CIWA-Ar or COWS flag of another day calls for a re-score:
    ``iopkit.placement.suggest._NOTED``), so the note keeps this form. An unresolved flag of an earlier score of the
    page's day (``today``) names its time (``taken``) and that it is not history: "(CIWA-Ar of 02 Dec 2026 at 09:00,
    not resolved: an earlier score of the placement's day, not history)" (saved with the decision, so the day, never
    "today"; the placement page, :func:`iopkit.widgets.placement._live`, shows it as "today"). A C-SSRS high-risk flag
    a correction withdrew, kept open (``Flag.withdrawn``), is noted as withdrawn, never closed, with the box's action
    (:func:`iopkit.placement.resolution.withdrawn_noted`; ``listed``: as the page's list of open flags shows it).

    Examples
    --------
    >>> from iopkit.flags import Flag
    >>> f = OpenFlag("ciwa_ar", 0.0, dt.date(2026, 12, 2), 1, Flag("complicated_withdrawal", "CIWA-Ar item 10"))
    >>> _noted(f, "of", "not resolved", dt.date(2026, 12, 2), dt.datetime(2026, 12, 2, 9, 0)).message[16:]
    "(CIWA-Ar of 02 Dec 2026 at 09:00, not resolved: an earlier score of the placement's day, not history)"
    >>> _noted(f, "check-in of", "not saved yet").message
    'CIWA-Ar item 10 (CIWA-Ar check-in of 02 Dec 2026, not saved yet)'
    """
    from .placement.suggest import SAME_DAY_NOTE, _at  # " at 09:00 CST": saved with the decision, its zone named
    from .records import short_name

    same_day = state == "not resolved" and today is not None and open_flag.day == today
    at = _at(taken) if same_day else ""
    marker = open_flag.flag.withdrawn  # disputed by a correction: repeat the screen (lowered too: R2 should-fix 8)
    if marker is not None and state == "not resolved":
        from .placement.resolution import withdrawn_noted

        return withdrawn_noted(open_flag.flag, at, listed)
    state = f"{state}: {SAME_DAY_NOTE}" if same_day else state
    where = f"{short_name(open_flag.instrument)} {kind} {open_flag.day:%d %b %Y}{at}, {state}"
    return replace(open_flag.flag, message=f"{open_flag.flag.message} ({where})")


def _marked(latest: LatestScore, record: int | None, marks: Mapping[tuple[int, str], Flag]) -> LatestScore:
    """``latest`` with each flag of its record (``record``) that the chart lists with a marker (``marks``, by record
    and code: :attr:`iopkit.placement.resolution.Reopened.lowered_mark`) as the chart lists it."""
    flags = tuple(marks.get((record, f.code), f) if record is not None else f for f in latest.score.flags)
    return latest if flags == latest.score.flags else replace(latest, score=replace(latest.score, flags=flags))


def _trend(previous: Score | None, latest: Score) -> str | None:
    if previous is None or previous.total is None or latest.total is None:
        return None
    return "up" if latest.total > previous.total else "down" if latest.total < previous.total else "same"


def _change(code: str, points: Sequence[tuple[float, Score]], known: dict[tuple, Any]) -> Mapping[str, Any] | None:
    """The reading of change of one instrument's scores; its trajectory goes into ``known`` under its weeks and
    totals, for the continued-stay review of the same scores."""
    from .progress import CHANGE_CRITERIA, trajectory

    totals = [(w, s.total) for w, s in points if s.total is not None]
    if code not in CHANGE_CRITERIA or len(totals) < 2:
        return None
    weeks, values = tuple(w for w, _ in totals), tuple(t for _, t in totals)
    path = known[(code, weeks, values)] = trajectory(code, weeks, values)
    change: Mapping[str, Any] = path.change
    return change


def _reliable(change: Mapping[str, Any] | None) -> str | None:
    if change is None:
        return None
    return (
        "improved"
        if change["reliable_improvement"]
        else "worse"
        if change["reliable_deterioration"]
        else "no reliable change"
    )


@dataclass(frozen=True)
class Episode:
    """The current status of one patient's episode as of ``as_of`` (see the module docstring).

    Built by :meth:`from_store`; every field but ``patient`` and ``as_of`` is empty when there is
    nothing to show.

    Parameters
    ----------
    patient : Patient
        The patient.
    as_of : datetime.date
        The day the episode is looked at; records dated after it are left out.
    level : LevelOfCare or None, optional
        The current level of care (see ``level_from``).
    level_since : datetime.date or None, optional
        The clinical day of the record the level is read from.
    level_by : str or None, optional
        Who saved that record.
    level_from : {"placement", "recommendation", "dose_plan"} or None, optional
        The kind of record the level is read from (:data:`LEVEL_FROM`, first found wins).
    placement : Placement or None, optional
        The clinician's placement decision, when the level is read from one.
    started : datetime.date or None, optional
        The clinical day of the episode's first record (attendance logs aside).
    last_seen : datetime.date or None, optional
        The latest day the patient was seen on site: an assessment entered by staff, a drug screen collected or
        attended hours (a patient's own check-in is not a visit, :func:`~iopkit.store.entered_by_staff`).
    scores : tuple of (float, Score) pairs, optional
        Every current assessment with its week (week 0 = the first assessment), in clinical order.
    score_records : tuple of Record, optional
        The assessment records behind ``scores``.
    latest : tuple of LatestScore, optional
        Each instrument's latest score with its trend.
    open_flags : tuple of OpenFlag, optional
        Safety flags no flag resolution covers.
    due : tuple of DueMeasure, optional
        Repeated measures due or overdue (:data:`MEASUREMENT_PLAN`).
    plan : DosePlan or None, optional
        The dose plan saved with the attendance log's schedule (:func:`iopkit.dose.off_plan.chart_plan`: before a
        newer plan's first session, the plan it replaces), else the latest; never one saved after ``as_of``.
    schedule : Schedule or None, optional
        The session schedule (the attendance log's own, when there is one).
    attendance : Attendance or None, optional
        The attendance log: the newest not off the plans, or, from its first session, a newer plan's with no
        attendance recorded on it yet (:func:`iopkit.dose.off_plan.chart_attendance`); never the log of a plan saved
        after ``as_of``.
    dose : DoseProgress or None, optional
        Planned against delivered hours to date (needs a plan and a log that has started).
    this_week : WeekAttendance or None, optional
        Sessions of the week of ``as_of`` (needs a schedule).
    screens : tuple of DrugScreen, optional
        Drug screens collected up to ``as_of``, oldest first.
    resolutions : tuple of FlagResolution, optional
        The clinicians' flag resolutions.
    review_attendance : float or None, optional
        Delivered hours over the hours of the sessions recorded to date, at most 1 (``None`` without a dose to date
        or before any session is recorded): a planned session with no attendance record is not counted as missed
        (session 19).
    review : Review or None, optional
        The continued-stay review (``None`` without a treatment level of care).
    level_at : datetime.datetime or datetime.date or None, optional
        The clinical time of the record the level is read from.
    recommendation : Recommendation or None, optional
        The latest saved recommendation, decided on or not.
    checkin_flags : tuple of OpenFlag, optional
        Safety flags of the patient's own check-in answers not yet saved as a record (a check-in in progress, or
        one that ended unfinished and no clinician has reviewed): :meth:`with_checkin_flags`, read by
        :func:`iopkit.checkin.with_open_checkins`.  Apart from ``open_flags``: no record holds them yet, so no
        flag resolution covers them and no placement rule reads them; the clinician reviews the check-in instead.
        The continued-stay review holds a step-down for each until then (:meth:`with_checkin_flags`).
    reassessable_flags : tuple of ClosedFlag, optional
        Suicide-risk flags closed below high, which a later assessment at a higher level re-assesses (the progress
        page offers them after the open flags).
    suicide_screens : tuple of SuicideRiskScreen, optional
        Every positive suicide-risk screen of the episode up to ``as_of``, closed or open, in clinical order (the
        summary prints each with its closing).
    off_plan : tuple of OffPlanLog, optional
        Current attendance logs holding sessions no saved plan has (:func:`iopkit.dose.off_plan.off_plan_logs`: the
        old roster's second log, walk23 finding 13), left out of ``attendance`` and said with what to do.
    programme : ProgrammeStatus or None, optional
        Whether the patient is in the programme on ``as_of`` by the programme report's census rule
        (:func:`iopkit.in_programme.programme_status`: a stay at Level 1, 2.1 or 2.5 not ended by a placement
        elsewhere or by more than :data:`~iopkit.in_programme.INACTIVE_DAYS` days without an attended session);
        ``None`` when not read.
    review_read : tuple or None, optional
        What the continued-stay review was built from (its :class:`~iopkit.placement.EpisodeHistory`, the
        trajectories and the safety flags worked out for it), so that :meth:`with_checkin_flags` builds it again
        with the check-in flags; ``None`` without a review.
    read_through : int, default 0
        The highest record id of the patient's records when the episode was read (0: none). Record ids grow with
        every save (the chained store names the next id under the write lock, :func:`iopkit.store.chain.next_link`;
        saving times come from each computer's clock and may go back), so a record with a higher id was saved after
        this episode was read (:func:`saved_since`).
    """

    patient: Patient
    as_of: dt.date
    level: LevelOfCare | None = None
    level_since: dt.date | None = None
    level_by: str | None = None
    level_from: str | None = None
    placement: Placement | None = None
    started: dt.date | None = None
    last_seen: dt.date | None = None
    scores: tuple[tuple[float, Score], ...] = ()  # (week, Score) pairs, clinical order
    score_records: tuple[Record, ...] = ()  # the assessment Records behind ``scores``
    latest: tuple[LatestScore, ...] = ()
    open_flags: tuple[OpenFlag, ...] = ()
    due: tuple[DueMeasure, ...] = ()
    plan: DosePlan | None = None
    schedule: Schedule | None = None
    attendance: Attendance | None = None
    dose: DoseProgress | None = None  # planned vs delivered to date
    this_week: WeekAttendance | None = None
    screens: tuple[DrugScreen, ...] = ()  # oldest first
    resolutions: tuple[FlagResolution, ...] = ()
    review_attendance: float | None = None
    review: Review | None = None  # None without a treatment level
    level_at: dt.datetime | dt.date | None = None  # clinical time of the record the level is read from
    recommendation: Recommendation | None = None  # the latest saved recommendation, decided on or not
    checkin_flags: tuple[OpenFlag, ...] = ()  # flags of unsaved check-in answers (not records)
    reassessable_flags: tuple[ClosedFlag, ...] = ()  # suicide-risk flags closed below high
    read_through: int = 0  # the highest record id read: what was saved after it is new (saved_since)
    suicide_screens: tuple[SuicideRiskScreen, ...] = ()  # every positive suicide-risk screen, closed or open
    # the review's inputs: its history, the trajectories and safety flags worked out for it (with_checkin_flags)
    review_read: tuple[EpisodeHistory, Mapping[tuple, Any], tuple[SafetyFlag, ...]] | None = field(
        default=None, repr=False, compare=False
    )
    programme: ProgrammeStatus | None = None  # in the programme on as_of, the census's rule (walk24 finding 3)
    off_plan: tuple[OffPlanLog, ...] = ()  # attendance logs holding sessions no saved plan has (walk23 finding 13)

    @property
    def current(self) -> bool:
        """On the caseload's default list: in the programme on ``as_of`` as the programme report's census counts
        (:func:`iopkit.in_programme.programme_status`), or not placed yet (being assessed); an episode built without
        reading it (``programme`` is ``None``) counts as current."""
        return self.programme is None or self.programme.current

    def with_checkin_flags(self, flags: Iterable[OpenFlag]) -> Episode:
        """This episode with the safety flags of its patient's unsaved check-in answers (``checkin_flags``).

        Parameters
        ----------
        flags : iterable of OpenFlag
            Check-in flags (:class:`iopkit.checkin.CheckinFlag`); those of another patient are left out.

        The continued-stay review is built again with those of them up to ``as_of``
        (:attr:`iopkit.placement.EpisodeHistory.checkin_flags`): a safety answer the chart shows holds a step-down
        and leads the review until a clinician reviews the check-in (Joint Commission NPSG 15.01.01: a positive
        suicide screen is assessed the same day; ASAM Criteria 3rd ed. 2013, continued-stay and transfer/discharge
        criteria; audit, session 17).

        Returns
        -------
        Episode
            A copy whose ``checkin_flags`` are ``flags`` of this patient (``open_flags`` unchanged) and whose
            ``review`` reads them.
        """
        mine = tuple(f for f in flags if getattr(f, "patient_id", self.patient.id) == self.patient.id)
        if self.review_read is None:
            return replace(self, checkin_flags=mine)
        from .placement.continued_stay import _review as continued_stay

        history, trajectories, found = self.review_read
        shown = tuple((self.week_of(f.day), f.instrument, f.flag) for f in mine if f.day <= self.as_of)
        review = continued_stay(replace(history, checkin_flags=shown), trajectories, found)
        return replace(self, checkin_flags=mine, review=review)

    def flag_today(
        self, flag: Flag, instrument: str, day: dt.date | dt.datetime, *, earlier_score: bool = False
    ) -> Flag:
        """``flag`` (raised by a score of ``instrument`` taken on ``day``) with the next step it has on the
        episode's day (``as_of``), as every view shows it.

        A CIWA-Ar or COWS flag of a score of another day asks for a re-score now, never treatment on that day's
        signs (:func:`iopkit.placement.suggest.signs_of_another_day`: the instruments rate the signs present now,
        Sullivan et al. 1989, Wesson & Ling 2003), and where that latest score is in its severe band, what a re-score
        still in it calls for, as the placement headline says it; any other flag is returned as it is.

        Parameters
        ----------
        flag : Flag
            The flag as saved (of :attr:`open_flags`, :attr:`latest` or :attr:`checkin_flags`).
        instrument : str
            The code of the instrument whose score raised it.
        day : datetime.date or datetime.datetime
            The clinical day of that score (a datetime: with its time of day, named for an earlier score of
            ``as_of``).
        earlier_score : bool
            The flag is of a score before the instrument's latest (an open flag of an older score): a
            complicated-withdrawal flag of an earlier CIWA-Ar of ``as_of`` then says what its finding calls for
            today (current possible withdrawal delirium, not excluded by the later CIWA-Ar: screen for delirium,
            4-WM if confirmed or not excluded, the high-risk rule only once excluded or, if confirmed, resolved).

        Returns
        -------
        Flag
            The flag, with its next step of ``as_of``; of a score of another day than ``as_of``, carrying that day
            (:attr:`~iopkit.flags.Flag.day`), so its words say it (:attr:`~iopkit.flags.Flag.said`: "... (flag of 20
            Nov 2026)"), never reading as today's (physician ruling R20b, S5).
        """
        from .placement.suggest import _severe_clause, signs_of_another_day

        latest = next((x for x in self.latest if x.instrument == instrument), None)
        shown = signs_of_another_day(
            flag,
            instrument,
            day,
            self.as_of,
            None if latest is None else (latest.score.total, latest.day),
            earlier_score=earlier_score,
            latest_severe="" if latest is None else _severe_clause(latest.score),
        )
        found = clinical_day(day)
        return shown if found == self.as_of else shown.of_day(found)

    @property
    def off_plan_flags(self) -> tuple[Flag, ...]:
        """Each attendance log off the plans (:attr:`off_plan`) as a warning, in brief, for the chart header
        (:attr:`iopkit.dose.off_plan.OffPlanLog.flag`: "Attendance recorded off the plan on 25 Nov 2026", "see Dose &
        attendance"); empty when every log is on a plan.

        Returns
        -------
        tuple of Flag
        """
        return tuple(o.flag for o in self.off_plan)

    def flag_shown(
        self, flag: Flag, instrument: str, day: dt.date | dt.datetime, *, earlier_score: bool = False
    ) -> Flag:
        """``flag`` as a page that shows no placement shows it (the chart header, the review, the one-page summary):
        its next step of the episode's day (:meth:`flag_today`), a re-score's dose said behind the screen before any
        dose as the placement says it (:func:`iopkit.placement.recommendation.screened_alone`: thiamine and blood
        glucose before an alcohol dose, the overdose question first while a C-SSRS high or moderate risk or a positive
        PHQ-9 item 9 is open, :func:`iopkit.placement.recommendation.overdose_risk`, R30b S7; physician review R29, N1
        and N2). The placement reads :meth:`flag_today` (its own passes say the screen).

        Parameters
        ----------
        flag, instrument, day, earlier_score
            As :meth:`flag_today`.

        Returns
        -------
        Flag
        """
        from .placement.recommendation import (
            delirium_first_said,
            findings_transfer_by_emergency_services,
            no_driving_while_intoxicated,
            old_ciwa_severe_first,
            overdose_risk,
            screened_alone,
        )

        shown = self.flag_today(flag, instrument, day, earlier_score=earlier_score)
        asked = overdose_risk(o.flag for o in self.open_flags)  # the placement's own reading of the risk
        # last, every hold naming intoxication says the patient must not drive today (physician review R30b, M4); an
        # old complicated CIWA-Ar's hold after its delirium screen bars a dose in delirium too, as the placement's
        # (physician review R57, must-fix M2), and its list sends delirium first, alone, to the ED by emergency services
        # with no dose here (physician review R59, must-fix 1); an old CIWA-Ar's re-score screened before any dose says
        # its severe branch before the intoxication hold, as the placement's (physician review R60, Q2 (a), Q4); last,
        # its transfer on what the re-score finds travels by emergency services, as the placement's (R76)
        action = (
            findings_transfer_by_emergency_services(
                old_ciwa_severe_first(
                    delirium_first_said(
                        no_driving_while_intoxicated(screened_alone(shown.action, asked), self._open_flags_today)
                    ),
                    self._open_flags_today,
                )
            )
            if shown.action
            else shown.action
        )
        return shown if action == shown.action else replace(shown, action=action)

    @cached_property
    def _open_flags_today(self) -> tuple[Flag, ...]:
        """Each open flag as a page shows it today (:meth:`flag_today`): the case a hold's setting reads (physician
        review R35; R36, N2: an old severe CIWA-Ar saved as "Arrange transfer now" is shown as a re-score), read once
        for the episode, not again for each flag shown."""
        return tuple(self.flag_today(o.flag, o.instrument, o.day) for o in self.open_flags)

    def next_step(self, open_flag: OpenFlag) -> str:
        """The next step of one of :attr:`open_flags` as the chart header says it: its :meth:`flag_today` action,
        where a PHQ-9 item 9 flag's rule names an example instrument, "(e.g. C-SSRS)", said as what is true of this
        chart instead (walk24 finding 10: the example read as data):

        - beside an open C-SSRS high risk, its emergency evaluation covers the assessment
          (:data:`iopkit.flags.EVALUATION_COVERS`, as the review and the placement box say);
        - after a C-SSRS screen of the flag's day or later, the screen asked: the suicide risk assessment by a
          qualified clinician is still to do (:data:`iopkit.flags.SCREEN_NOT_THE_ASSESSMENT`, as the review says);
        - otherwise the step without the example.

        Parameters
        ----------
        open_flag : OpenFlag
            One of :attr:`open_flags`.

        Returns
        -------
        str
        """
        from .flags import EVALUATION_COVERS, SCREEN_NOT_THE_ASSESSMENT
        from .records import short_name

        action = self.flag_shown(open_flag.flag, open_flag.instrument, open_flag.day).action
        if open_flag.flag.code != "suicidal_ideation" or _EXAMPLE_SCREEN not in action:
            return action
        high = [o for o in self.open_flags if o.flag.code == "suicide_risk_high"]
        if high:
            covers = f"{EVALUATION_COVERS[0].upper()}{EVALUATION_COVERS[1:]}"
            named = f"{short_name(high[-1].instrument)}, {high[-1].day:%d %b}"
            return f"{covers} ({named}): tell the evaluator of this finding"
        screened = any(
            s.instrument == "cssrs_screen" and clinical_day(r.taken_at) >= open_flag.day
            for r, (_, s) in zip(self.score_records, self.scores)
        )
        if screened:
            return (
                "Complete a suicide risk assessment by a qualified clinician before the patient leaves "
                f"({SCREEN_NOT_THE_ASSESSMENT})"
            )
        return action.replace(f" {_EXAMPLE_SCREEN}", "")

    @property
    def review_flags(self) -> tuple[Flag, ...]:
        """The continued-stay review's flags as every view shows them today: an open flag of a CIWA-Ar or COWS
        score of another day with its re-score (:meth:`flag_shown`), never treatment on that day's signs.

        Returns
        -------
        tuple of Flag
            ``review.flags`` (empty without a review), each open flag with its next step of ``as_of``.
        """
        if self.review is None:
            return ()
        where = {o.flag: o for o in sorted(self.open_flags, key=lambda o: o.day)}  # an equal flag: the latest day
        return tuple(
            f if f not in where else self.flag_shown(f, where[f].instrument, where[f].day) for f in self.review.flags
        )

    @property
    def withdrawal_delirium_at(self) -> tuple[dt.datetime | dt.date, ...]:
        """When this episode's saved CIWA-Ar scores with a complicated-withdrawal finding (hallucinations or
        disorientation: possible withdrawal delirium) were taken (their ``taken_at``, with the time of day where the
        record has one), whether a resolution covers their flag or not, oldest first.

        Resolving the flag records what was done; the signs stay possible withdrawal delirium, if confirmed a history
        of complicated withdrawal, a risk factor for complicated withdrawal (ASAM 2020 alcohol withdrawal guideline,
        Rec II.5): the placement page passes these to :func:`~iopkit.placement.suggest_dimensions`
        (``withdrawal_delirium_on``), which counts every one but the finding on today's latest CIWA-Ar itself (the
        time tells an earlier CIWA-Ar of the same day from it). A blank safety question's worst case
        (``Flag.worst_case``) is no finding.

        Returns
        -------
        tuple of datetime.datetime or datetime.date
        """
        found = {
            r.taken_at: None
            for r, (_, s) in zip(self.score_records, self.scores)
            if s.instrument == "ciwa_ar"
            and any(f.code == "complicated_withdrawal" and not f.worst_case for f in s.flags)
        }
        return tuple(sorted(found, key=_clinical_order))

    @cached_property
    def placement_inputs(self) -> PlacementInputs:
        """What the placement page reads of this episode, as of ``as_of`` (see :class:`PlacementInputs`).

        Returns
        -------
        PlacementInputs
            The latest score of each instrument, the open flags not on them and those of the check-in answers not
            saved yet (each noted once), the withdrawal delirium history and the older open flags ready to show.

        Examples
        --------
        >>> import datetime, tempfile, pathlib
        >>> from iopkit import score
        >>> from iopkit.store import Store
        >>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "clinic.sqlite")
        >>> pid = store.add_patient("IOP-0043")
        >>> high = ["yes", "yes", "no", "yes", "no", "no", None]
        >>> _ = store.save(pid, score("cssrs_screen", high), by="KM", when=datetime.date(2026, 1, 5))
        >>> no_risk = ["no", "no", None, None, None, "no", None]
        >>> _ = store.save(pid, score("cssrs_screen", no_risk), by="KM", when=datetime.date(2026, 2, 2))
        >>> inputs = Episode.from_store(store, pid, as_of=datetime.date(2026, 2, 2)).placement_inputs
        >>> [s.instrument for s in inputs.scores], inputs.scored_on
        (['cssrs_screen'], {'cssrs_screen': datetime.date(2026, 2, 2)})
        >>> [f.message.rsplit(" (", 1)[1] for f in inputs.older_open_flags]
        ['C-SSRS screen of 05 Jan 2026, not resolved)']
        >>> inputs.history_header[:37]
        'Open safety flags on older scores (hi'
        """
        from .records import DRUG_SCREEN

        latest_of = {r.item.instrument: r.id for r in self.score_records}  # the last record of each instrument
        latest = tuple(sorted(self.latest, key=lambda x: _clinical_order(x.at if x.at is not None else x.day)))
        raised = {x.instrument: {flag.code for flag in x.score.flags} for x in self.latest}  # by the latest scores
        # the open flags not raised by the latest scores: an older score's, or one a correction kept open on the
        # latest record that its corrected answers no longer raise (a C-SSRS high risk withdrawn, never closed)
        older = tuple(
            f
            for f in self.open_flags
            if (f.record_id != latest_of.get(f.instrument) or f.flag.code not in raised.get(f.instrument, ()))
            and f.instrument != DRUG_SCREEN  # a drug screen rates no dimension: the chart header shows its flag
        )
        # a latest record's flag a correction lowered from a C-SSRS high risk never closed: with its marker, as the
        # chart lists it, so the headline repeats the screen (Reopened.lowered_mark; physician check of review 9), its
        # box noted as lowered, never closed, with the withdrawn flag's action (physician review R2, session 11,
        # should-fix 8)
        from .placement.resolution import withdrawn_noted
        from .placement.suggest import _at

        taken = {r.id: r.taken_at for r in self.score_records}  # time of day kept, for a note of an earlier score
        same_day = {f.record_id: _at(taken.get(f.record_id)) for f in self.open_flags if f.day == self.as_of}
        marks = {
            (f.record_id, f.flag.code): withdrawn_noted(f.flag, same_day.get(f.record_id, ""))
            for f in self.open_flags
            if f.flag.withdrawn is not None
        }
        latest = tuple(_marked(x, latest_of.get(x.instrument), marks) for x in latest)
        noted = tuple(_noted(f, "of", "not resolved", self.as_of, taken.get(f.record_id)) for f in older)
        listed = {f.record_id for f in older if f.flag.code == "complicated_withdrawal"}
        return PlacementInputs(
            self.as_of,
            latest,
            older,
            noted,
            tuple(_noted(f, "check-in of", "not saved yet") for f in self.checkin_flags),
            self.withdrawal_delirium_at,
            tuple(r.taken_at for r in self.score_records if r.id in listed),
            tuple(
                _with_why_open(  # shown beside the placement, as the chart header shows it (flag_shown)
                    self.flag_shown(
                        _noted(f, "of", "not resolved", self.as_of, taken.get(f.record_id), listed=True),
                        f.instrument,
                        taken.get(f.record_id, f.day),
                        earlier_score=True,
                    )
                    if f.day == self.as_of
                    else self.flag_shown(f.flag, f.instrument, f.day, earlier_score=True),
                    f,
                )
                for f in older
            ),
        )

    def placed_later_than(self, day: dt.date) -> str | None:
        """What happens to a placement dated ``day`` when a later one is saved: it is kept as history, the later one
        stays the current level (the latest by clinical date, :meth:`from_store`; walk23 F2). ``None`` when a
        placement dated ``day`` would be the current one (no placement, or none dated after ``day``: of one day, the
        last saved is current).

        Parameters
        ----------
        day : datetime.date
            The clinical date of the placement about to be saved.

        Returns
        -------
        str or None
            The words the placement page shows beside its date and after the save.

        Examples
        --------
        >>> import datetime, tempfile, pathlib
        >>> from iopkit.placement import Placement, recommend
        >>> from iopkit.store import Store
        >>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "clinic.sqlite")
        >>> pid = store.add_patient("IOP-0045")
        >>> outpatient = Placement(recommend({1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}))
        >>> _ = store.save(pid, outpatient, by="KM", when=datetime.date(2026, 12, 1))
        >>> episode = Episode.from_store(store, pid, as_of=datetime.date(2026, 12, 4))
        >>> print(episode.placed_later_than(datetime.date(2026, 11, 24)).replace(": ", ":\\n"))
        A placement dated 24 Nov 2026 is kept as history, not as the current level:
        the later placement of 01 Dec 2026 (Level 1 (Outpatient), by KM) stays the current level.
        >>> episode.placed_later_than(datetime.date(2026, 12, 1)) is None
        True
        """
        if self.level_from != "placement" or self.level_since is None or day >= self.level_since:
            return None
        return (
            f"A placement dated {day:%d %b %Y} is kept as history, not as the current level: the later placement of "
            f"{self.level_since:%d %b %Y} ({self.level}, by {self.level_by}) stays the current level."
        )

    def plan_against_placement(self, plan: DosePlan) -> Flag | None:
        """The warning ``plan`` carries against the level this episode is placed at, or ``None`` when it fits.

        The placement read here is the episode's current one (``level``, ``level_since``, ``level_by``,
        ``level_from``, and the withdrawal management and clinical services alongside of the placement decision or
        recommendation it is read from):
        :func:`iopkit.dose.against_placement` says whether it is a 24-hour setting this outpatient plan is not, or
        a level whose weekly minimum is above the plan (what the dose planner shows beside the plan and saves
        with it).

        Parameters
        ----------
        plan : DosePlan
            The outpatient dose plan.

        Returns
        -------
        Flag or None
            As :func:`iopkit.dose.against_placement`.
        """
        from .dose import against_placement

        decided = self.placement if self.level_from == "placement" else None
        if decided is not None:
            wm, services = decided.withdrawal_management, decided.clinical_services
        elif self.level_from == "recommendation" and self.recommendation is not None:
            wm, services = self.recommendation.withdrawal_management, self.recommendation.clinical_services
        else:
            wm, services = None, None
        return against_placement(
            plan,
            self.level,
            withdrawal_management=wm,
            clinical_services=services,
            placed_on=self.level_since,
            placed_by=self.level_by,
            placed_from=self.level_from or "placement",
        )

    @property
    def days_in_programme(self) -> int | None:
        """Days since the first record of the episode (``None`` before any).

        Returns
        -------
        int or None
            ``as_of`` minus ``started`` in days.
        """
        return None if self.started is None else (self.as_of - self.started).days

    @property
    def day_of_episode(self) -> int | None:
        """The day of the episode the chart is read on, the first day counted as day 1, as the clinic counts it (an
        admission on 24 Nov is on day 11 on 04 Dec: walk23 finding 12); ``None`` before any record. Every page and
        summary says the episode's day from this (:attr:`days_in_programme` is the days elapsed, one fewer).

        Returns
        -------
        int or None
            :attr:`days_in_programme` plus one.

        Examples
        --------
        >>> import datetime as dt
        >>> from iopkit.store import Patient
        >>> e = Episode(Patient(1, "IOP-1", None, False, None), dt.date(2026, 12, 4), started=dt.date(2026, 11, 24))
        >>> e.days_in_programme, e.day_of_episode
        (10, 11)
        """
        days = self.days_in_programme
        return None if days is None else days + 1

    @property
    def attendance_used(self) -> str:
        """The attendance the continued-stay review weighed, in words: "80% of the session hours recorded", with, where
        it reads otherwise, the figure with every unrecorded session counted as missed: "89% of the session hours
        recorded (62% if the 6 sessions with no attendance recorded were missed)"; or "unknown" (a planned session
        with no attendance recorded is not counted as missed, session 19 and its clinician review, M1).

        Returns
        -------
        str
            :attr:`iopkit.dose.AttendanceFractions.said` of :attr:`dose` (the dose page's reading).
        """
        held = self.dose.attendance if self.dose is not None else None
        return "unknown" if self.review_attendance is None or held is None else held.said

    def week_of(self, day: dt.date) -> float:
        """The week of ``day`` in the episode (week 0 = the first assessment), as reviews count it.

        Parameters
        ----------
        day : datetime.date
            Any day.

        Returns
        -------
        float
            Days since the first assessment over 7, to one decimal (0.0 without an assessment).
        """
        return round((day - (self._first or day)).days / 7, 1)

    @property
    def _first(self) -> dt.date | None:
        return clinical_day(self.score_records[0].taken_at) if self.score_records else None

    @classmethod
    def from_store(
        cls, store: Any, patient: Patient | int, *, as_of: dt.date | None = None, now: dt.datetime | None = None
    ) -> Episode:
        """Read ``patient`` (a ``Patient`` or its id) from ``store`` as of ``as_of`` (default today).

        Records dated after ``as_of`` are left out, so a past day can be looked at as it was.

        The continued-stay review weighs attendance over the sessions recorded: a planned session that has ended
        with no attendance recorded is not counted as missed but named to be recorded, and a session
        of ``as_of`` that has not ended by ``now`` is not counted at all
        (:attr:`iopkit.placement.EpisodeHistory.unrecorded_sessions`); the attendance with every such session counted
        as missed is weighed too (:attr:`iopkit.placement.EpisodeHistory.attendance_if_missed`); each completed week
        attended below the placed level's weekly minimum, or a holiday or taper week below what it offered, is said
        with its hours (:func:`iopkit.dose.weekly_dose`, :attr:`iopkit.placement.EpisodeHistory.weeks_below_minimum`;
        session 19 and its clinician review).

        Parameters
        ----------
        store : Store or PostgresStore
            The store to read (:class:`iopkit.store.Store` or its PostgreSQL counterpart).
        patient : Patient or int
            The patient, or its id in ``store``.
        as_of : datetime.date, optional
            The day to look at (default today).
        now : datetime.datetime, optional
            The moment it is read (default the clock's; aware): whether a session of ``as_of`` has ended.

        Returns
        -------
        Episode
            The episode's status as of that day, its continued-stay review included.

        Raises
        ------
        RecordNotFoundError
            ``store`` holds no patient with that id.
        StoreError
            The store cannot be read (damaged or closed), or a saved record cannot be read by this
            iopkit.
        """
        if isinstance(patient, int):
            patient = store.patient(patient)
        assert not isinstance(patient, int)
        as_of = as_of or clinical_day()
        everything = store.current(patient.id)
        day_of = {r.id: clinical_day(r.taken_at) for r in everything}  # each record's clinical day, worked out once
        # An attendance log is one running record (saved when last updated): its sessions are dated.
        records = [r for r in everything if r.kind == "attendance" or day_of[r.id] <= as_of]
        by_kind: dict[str, list[Record]] = {}
        for r in records:
            by_kind.setdefault(r.kind, []).append(r)
        assessments = tuple(by_kind.get("assessment", ()))
        first = day_of[assessments[0].id] if assessments else None
        scores = tuple((round((day_of[r.id] - first).days / 7, 1), r.item) for r in assessments if first is not None)

        level = since = by = source = placement = level_at = None
        for kind in LEVEL_FROM:
            if by_kind.get(kind):
                last = _latest_dated(by_kind[kind], day_of)
                level, since, by, source = last.item.level, day_of[last.id], last.by, kind
                level_at = last.taken_at
                placement = last.item if kind == "placement" else None
                break
        recommendation = (
            _latest_dated(by_kind["recommendation"], day_of).item if by_kind.get("recommendation") else None
        )

        latest = []
        series: dict[str, list[tuple[float, Score, Record]]] = {}
        for r, (week, s) in zip(assessments, scores):
            series.setdefault(s.instrument, []).append((week, s, r))
        trajectories: dict[tuple, Any] = {}  # worked out once, for the latest scores and the review
        for code, points in series.items():
            week, s, r = points[-1]
            prev = points[-2][1] if len(points) > 1 else None
            change = _change(code, [(w, x) for w, x, _ in points], trajectories)
            latest.append(
                LatestScore(
                    code,
                    day_of[r.id],
                    s,
                    prev,
                    _trend(prev, s),
                    _reliable(change),
                    r.amends is not None,
                    points[0][1],
                    change,
                    r.taken_at,
                )
            )

        due = []
        for code, every in MEASUREMENT_PLAN.items():
            last_day = day_of[series[code][-1][2].id] if code in series else None
            due_on = (last_day + dt.timedelta(days=every)) if last_day else (first or as_of)
            if due_on <= as_of:
                due.append(DueMeasure(code, last_day, due_on, (as_of - due_on).days))

        sched = by_kind["schedule"][-1].item if by_kind.get("schedule") else None
        # the newest log not off the plans: the old roster's second log never hides the plan's own (walk23 F13); a
        # newer plan with no attendance recorded yet is read from its first session on (the lead engineer's ruling);
        # the dose plan the one saved with the schedule of that log, never a newer plan's before its first session
        from .dose.off_plan import chart_attendance, chart_plan, off_plan_logs

        logs, plans = by_kind.get("attendance", []), store.history(patient.id, "schedule")
        log = chart_attendance(logs, plans, as_of)
        planned = chart_plan(by_kind.get("dose_plan", []), plans, log, as_of)
        plan = planned.item if planned is not None else None
        if log is not None:
            sched = log.schedule
        now = now or dt.datetime.now(dt.UTC)
        dose = this_week = None
        if plan is not None and log is not None and as_of >= log.schedule.start:
            from .dose import progress as dose_progress

            dose = dose_progress(plan, log, min(as_of, log.schedule.end), now=now)
        if sched is not None:
            this_week = _this_week(sched, log, as_of, now)
        # attendance over the sessions recorded (a session with no record is the roster not taken, not a miss), and the
        # same with every unrecorded session counted as missed: a step-down must not rest on the first alone (clinician
        # review of session 19, M1); the dose page's very reading (DoseProgress.attendance), named without a plan too
        held = dose.attendance if dose is not None else None
        fraction = held.recorded if held is not None else None
        if_missed = held.if_missed if held is not None else None
        unrecorded = log.unrecorded(as_of, now) if log is not None else ()
        attended = attended_days(r.item for r in by_kind.get("attendance", ()))  # every log's, as the caseload's
        last_attended = max((d for d in attended if d <= as_of), default=None)

        screens = tuple(r.item for r in by_kind.get("drug_screen", ()) if r.item.collected <= as_of)
        resolutions = tuple(r.item for r in by_kind.get("flag_resolution", ()))
        from .placement.resolution import Corrections, corrected_same_day, follow_corrections
        from .store.kinds import entered_by_staff

        versions = store.history(patient.id, "assessment")
        covering = follow_corrections(resolutions, versions)  # corrections too
        # seen on site: an assessment entered by staff, a drug screen collected, hours attended, as the late-flag
        # worklist's "on site since"
        seen = [day_of[r.id] for r in assessments if entered_by_staff(r)] + [s.collected for s in screens]
        seen += [a.date for r in logs for a in r.item.records if a.date <= as_of and a.hours]  # every log: on site
        started = min([day_of[r.id] for r in records if r.kind != "attendance"], default=None)

        from .placement.continued_stay import safety_flags

        corrections = Corrections.of(resolutions, versions)  # a correction that changed a closed finding
        ids, same_day = [str(r.id) for r in assessments], corrected_same_day(versions)
        # read as of the chart's day: a screen repeated for a same-day correction, read later, reaches the patient first
        reopened = {key: replace(why, as_of=as_of) for key, why in corrections.reopened.items()}
        found = safety_flags(scores, covering, ids, reopened, same_day, corrections)  # flags and review
        open_flags = tuple(_open_flags(assessments, scores, found, day_of, corrections))
        screen_records = tuple(r for r in by_kind.get("drug_screen", ()) if r.item.collected <= as_of)
        screen_open = tuple(_screen_flags(screen_records, resolutions, first))  # a screen's flag: opioid positive
        # one order in every list: severity, then danger (physician review R23c A6), the chart header and caseload's
        screen_open = _with_co_use(screen_open, screen_records, assessments, day_of, open_flags)  # R23c C1
        open_flags = tuple(sorted(open_flags + screen_open, key=lambda o: urgency(o.flag)))
        covered: dict[str, list[str]] = {}  # a corrected latest score whose flag an earlier higher finding covers
        for f in found:
            if line := _covered_line(f):
                covered.setdefault(f.record, []).append(line)
        latest = [replace(x, covered="; ".join(covered.get(str(series[x.instrument][-1][2].id), ()))) for x in latest]
        reassessable = tuple(_reassessable_flags(assessments, scores, found, day_of))
        review = read = None
        if level is not None and not level.is_withdrawal_management:
            from .placement import EpisodeHistory
            from .placement.continued_stay import _review as continued_stay

            positives = tuple(s.counts_as_positive for s in screens)
            weeks_below, weeks_completed = _weeks_below_minimum(log, as_of, level, patient.adolescent)
            history = EpisodeHistory(
                level,
                fraction,
                positives,
                scores,
                patient.adolescent,
                covering,
                records=tuple(str(r.id) for r in assessments),
                # a screen's open flag holds a step-down and leads the review, due the day it is read (R18-S3)
                screen_flags=tuple((o.week, o.flag) for o in screen_open),
                unrecorded_sessions=unrecorded,
                weeks_below_minimum=weeks_below,
                as_of=as_of,
                attendance_if_missed=if_missed,
                weeks_completed=weeks_completed,
                first_day=first,  # the review names a record by its day (physician review R25a 4)
                last_attended=last_attended,  # 30 days or more before as_of: re-engage, re-assess (walk24 12)
                level_since=since,
            )
            review = continued_stay(history, trajectories, found)
            read = (history, MappingProxyType(trajectories), found)  # built again with_checkin_flags
        return cls(
            patient,
            as_of,
            level,
            since,
            by,
            source,
            placement,
            started,
            max(seen, default=None),
            scores,
            assessments,
            tuple(latest),
            open_flags,
            tuple(due),
            plan,
            sched,
            log,
            dose,
            this_week,
            screens,
            resolutions,
            fraction,
            review,
            level_at,
            recommendation,
            reassessable_flags=reassessable,
            read_through=max((r.id for r in everything), default=0),
            suicide_screens=tuple(_suicide_screens(assessments, found, day_of)),
            review_read=read,
            programme=programme_status(
                [(day_of[r.id], r.item.level.code) for r in by_kind.get("placement", ())],
                attended,
                as_of,
            ),
            off_plan=off_plan_logs(logs, plans),
        )


@dataclass(frozen=True)
class SavedSince:
    """A record, or a safety flag of check-in answers not saved yet, new on a patient's chart since a page read it.

    Parameters
    ----------
    what : str
        What it is, in the clinic's words: the questionnaire's short name for an assessment ("C-SSRS screener"), the
        kind of record otherwise ("flag resolution"); "(correction)" after an amendment.
    at : datetime.datetime
        When it was saved (a record's ``saved_at``), or when its check-in began (check-in answers, which have no
        saving time of their own).
    record_id : int, default 0
        The record's id; 0 for check-in answers (no record yet).
    """

    what: str
    at: dt.datetime
    record_id: int = 0

    @property
    def said(self) -> str:
        """In a few words, the time on the clinic's clock (:func:`iopkit.entry.local_time`), e.g.
        "C-SSRS screener saved 2026-12-03 10:42 CST"."""
        from .entry import local_time

        if self.record_id:
            return f"{self.what} saved {local_time(self.at)}"
        return f"{self.what} on a patient check-in begun {local_time(self.at)}, not saved yet"


def caseload(store: Any, *, as_of: dt.date | None = None, patients: Iterable[int] | None = None) -> list[Episode]:
    """Every patient's episode (or the ones of ``patients``) as of ``as_of`` (default today), the store read at once
    (:meth:`iopkit.store.Store.snapshot`): the caseload's rows, read again when the page refreshes them.

    Parameters
    ----------
    store : Store or PostgresStore
        The store to read.
    as_of : datetime.date, optional
        The day to look at (default today, the clinical day).
    patients : iterable of int, optional
        The patient ids to read (default every patient the store shows).

    Returns
    -------
    list of Episode
        One per patient, in the store's order of patients (the page orders them: open safety flags first).

    Raises
    ------
    StoreError
        The store cannot be read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from iopkit.store import Store
    >>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "clinic.sqlite")
    >>> _ = store.add_patient("IOP-0044")
    >>> [e.patient.pseudonym for e in caseload(store)]
    ['IOP-0044']
    """
    as_of = as_of or clinical_day()
    everyone = store.snapshot(None if patients is None else list(patients))  # one read, every score re-derived at once
    return [Episode.from_store(everyone, p, as_of=as_of) for p in everyone.patients()]


def open_flags_of(
    store: Any, patients: Iterable[int], *, as_of: dt.date | None = None
) -> dict[int, tuple[OpenFlag, ...]]:
    """Each patient's open safety flags as their chart has them on ``as_of``: the caseload's episodes
    (:func:`caseload`, the store read at once) of these patients, for a page that lists patients without their chart
    (a group's roster, walk23 finding 14) and shows the flags the caseload and the chart show.

    Reading the patients at once, not one :meth:`Episode.from_store` each (a store read and every score re-derived per
    patient).  Measured on the demo (4 Dec 2026, a shared 2-core machine), choosing a group on the groups page: 17
    members (the clinic's five, twelve of the programme) 0.25 s one by one, 0.15 s at once (first choice in a fresh
    kernel, imports included, 0.47 s and 0.38 s); the five demo patients 0.11 s and 0.09 s; the 17 members' flags
    alone while two test workers ran, 1.5 s and 0.43 s.

    Each patient's flags are then kept for their revision (:meth:`iopkit.store.Store.revisions`, one small query):
    read again for the same day, only the patients with a record saved since are derived again.  Choosing a group
    again on the groups page (5 Dec 2026, the demo with the bench's groups, a loaded 2-core machine): 190 ms -> 34 ms
    for 3 members, 93 ms -> 31 ms for 2; the rows' widgets are now most of it.

    Parameters
    ----------
    store : Store or PostgresStore
        The store to read.
    patients : iterable of int
        The patients' ids (each one the store shows).
    as_of : datetime.date, optional
        The day to look at (default today, the clinical day).

    Returns
    -------
    dict of int to tuple of OpenFlag
        Each patient's :attr:`Episode.open_flags` (most urgent first), by id; an empty tuple when none is open.

    Raises
    ------
    RecordNotFoundError
        An id of no patient the store shows.
    StoreError
        The store cannot be read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from iopkit.scoring import score
    >>> from iopkit.store import Store
    >>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "clinic.sqlite")
    >>> a, b = store.add_patient("IOP-0045"), store.add_patient("IOP-0046")
    >>> _ = store.save(a, score("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 2]), by="KM")
    >>> {p: open_flags_said(flags) for p, flags in open_flags_of(store, [a, b]).items()}
    {1: 'open safety flag (1 suicide risk)', 2: ''}
    """
    wanted = list(dict.fromkeys(patients))
    if not wanted:
        return {}
    as_of = as_of or clinical_day()
    try:
        read = _FLAGS_READ.setdefault(store, {})
    except TypeError:  # a store that cannot be weakly referenced: read every time
        read = {}
    revisions = store.revisions(wanted)  # one small query: a record saved since, from any page or process, shows
    found, missing = {}, []
    for p in wanted:
        kept = read.get((p, as_of))
        if kept is not None and kept[0] == revisions[p]:
            found[p] = kept[1]
        else:
            missing.append(p)
    if missing:
        if len(read) > _FLAGS_KEPT:
            read.clear()
        for e in caseload(store, as_of=as_of, patients=missing):
            found[e.patient.id] = e.open_flags
            read[(e.patient.id, as_of)] = (revisions[e.patient.id], e.open_flags)
    return {p: found[p] for p in wanted}


#: Each store's open flags as :func:`open_flags_of` read them: (patient id, day) -> (the patient's revision,
#: :meth:`iopkit.store.Store.revisions`, when read; the flags).  A patient's open flags are derived from their own
#: records and the day alone (:meth:`Episode.from_store`; not the clock: the flags of a day's records hold all day),
#: and the store is append-only, so they hold while the revision is the same: choosing a group again on the groups
#: page re-derives nothing until a record of a member is saved (issue 12: every input's result within 100 ms).
_FLAGS_READ: weakref.WeakKeyDictionary[Any, dict[tuple[int, dt.date], tuple[tuple[int, int], tuple[OpenFlag, ...]]]]
_FLAGS_READ = weakref.WeakKeyDictionary()
#: At most this many (patient, day) kept per store (then all are dropped and read again).
_FLAGS_KEPT = 4096


def saved_since(store: Any, episode: Episode) -> tuple[SavedSince, ...]:
    """The records of ``episode``'s patient saved after the episode was read (its :attr:`~Episode.read_through`).

    A page that saves on a chart read earlier (the placement page's recommendation) asks this first: a C-SSRS high
    risk saved from another page meanwhile must not be left out of what is saved (physician review R7, S7).

    Parameters
    ----------
    store : Store or PostgresStore
        The store the episode was read from.
    episode : Episode
        The episode as the page read it (:meth:`Episode.from_store`).

    Returns
    -------
    tuple of SavedSince
        Each record saved since, in save order (every version: a correction too); empty when none.

    Raises
    ------
    StoreError
        The store cannot be read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from iopkit import score
    >>> from iopkit.store import Store
    >>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "clinic.sqlite")
    >>> pid = store.add_patient("IOP-0043")
    >>> read = Episode.from_store(store, pid)
    >>> _ = store.save(pid, score("phq9", [0] * 9), by="KM")
    >>> [x.what for x in saved_since(store, read)]
    ['PHQ-9']
    """
    from .records import short_name

    def what(record: Record) -> str:
        name = short_name(record.item.instrument if record.kind == "assessment" else record.kind)
        return name + (" (correction)" if record.amends is not None else "")

    return tuple(
        SavedSince(what(r), r.saved_at, r.id) for r in store.history(episode.patient.id) if r.id > episode.read_through
    )


def _open_flags(
    records: Sequence[Record],
    scores: Sequence[tuple[float, Score]],
    found: Sequence[SafetyFlag],
    day_of: Mapping[int, dt.date],
    corrections: Corrections,
) -> Iterator[OpenFlag]:
    """Safety flags no resolution covers, by the continued-stay review's own reading of a flag (``found``: the
    :func:`~iopkit.placement.continued_stay.safety_flags` of ``scores`` and their resolutions, as
    :func:`~iopkit.placement.continued_stay.open_safety_flags` reads them; ``day_of``: each record's clinical day
    by id; ``corrections``: which of them are closed on their own record only)."""
    for f in found:
        if f.open:
            r = records[f.index]
            alone = corrections.own_record_only(str(r.id), f.flag.code)
            yield OpenFlag(
                scores[f.index][1].instrument,
                f.week,
                day_of[r.id],
                r.id,
                f.flag,
                reopened=f.reopened,
                own_record_only=alone,
            )


def _with_co_use(
    screen_open: tuple[OpenFlag, ...],
    screens: Sequence[Record],
    assessments: Sequence[Record],
    day_of: Mapping[Any, dt.date],
    open_flags: Sequence[OpenFlag],
) -> tuple[OpenFlag, ...]:
    """Each open opioid-positive screen's flag naming alcohol or sedative use found in the episode's other records
    (:func:`iopkit.records.with_co_use`; physician review R23c C1): the latest AUDIT of the episode at 8 or more, or
    an open AUDIT item 6 flag; alcohol or a sedative positive on another drug screen of the episode, expected or not."""
    from .records import CO_USE, is_sedative, with_co_use

    if not screen_open:
        return screen_open
    found: list[str] = []
    audits = [(day_of[r.id], r.item) for r in assessments if r.item.instrument == "audit" and r.item.total is not None]
    day, latest = max(audits, key=lambda a: a[0]) if audits else (None, None)  # the latest AUDIT, found once
    if latest is not None and latest.total >= 8:
        found.append(CO_USE["alcohol"].format(said=f"AUDIT {latest.total:g}", day=f"{day:%d %b}"))
    else:
        item6 = [o for o in open_flags if o.instrument == "audit" and o.flag.code == "withdrawal_risk"]
        found += [CO_USE["alcohol"].format(said="AUDIT item 6", day=f"{o.day:%d %b}") for o in item6[-1:]]
    out = []
    for o in screen_open:
        others = [
            CO_USE["screen"].format(found=", ".join(sedatives), day=f"{r.item.collected:%d %b}")
            for r in screens
            if r.id != o.record_id and (sedatives := [x for x in r.item.positive if is_sedative(x)])
        ]
        out.append(replace(o, flag=with_co_use(o.flag, [*found, *others])))
    return tuple(out)


def _screen_flags(
    records: Sequence[Record], resolutions: Sequence[FlagResolution], first: dt.date | None
) -> Iterator[OpenFlag]:
    """The drug screens' flags (:attr:`iopkit.records.DrugScreen.flags`, an opioid positive) that no resolution
    covers, as any flag is closed (:meth:`iopkit.placement.FlagResolution.covers`, instrument
    :data:`iopkit.records.DRUG_SCREEN`): on its record and the same flag of earlier screens. ``first``: the first
    assessment's day (week 0), as a score's week counts; the screen's day is the day it was collected."""
    from .records import DRUG_SCREEN

    weeks = {str(r.id): round((r.item.collected - (first or r.item.collected)).days / 7, 1) for r in records}
    for r in records:
        rid = str(r.id)
        for flag in r.item.flags:
            if not any(x.covers(DRUG_SCREEN, weeks[rid], flag.code, rid, weeks=weeks) for x in resolutions):
                yield OpenFlag(DRUG_SCREEN, weeks[rid], r.item.collected, r.id, flag)


def _reassessable_flags(
    records: Sequence[Record],
    scores: Sequence[tuple[float, Score]],
    found: Sequence[SafetyFlag],
    day_of: Mapping[int, dt.date],
) -> Iterator[ClosedFlag]:
    """Closed suicide-risk flags whose level may still rise: a closing at high would be recorded
    (:func:`~iopkit.placement.resolution.escalates`), as :func:`_open_flags` reads ``found``."""
    from .placement.resolution import escalates, needs_risk_level

    for f in found:
        closings = () if f.resolution is None else (f.resolution, *f.reassessments)
        if closings and needs_risk_level(f.instrument, f.flag.code) and escalates(closings, RiskLevel.HIGH):
            r = records[f.index]
            yield ClosedFlag(
                f.instrument, f.week, day_of[r.id], r.id, f.flag, f.risk_level, f.closed_as, reopened=f.reopened
            )


def _suicide_screens(
    records: Sequence[Record], found: Sequence[SafetyFlag], day_of: Mapping[int, dt.date]
) -> Iterator[SuicideRiskScreen]:
    """Every suicide-risk flag of ``found`` (closing it records the overall risk level), closed or open, with its
    closing in the chart's words, as :func:`_open_flags` reads ``found``."""
    from .placement.resolution import needs_risk_level

    for f in found:
        if needs_risk_level(f.instrument, f.flag.code):
            r = records[f.index]
            day = day_of[r.id]
            read = SCREEN_ITEMS.get((f.instrument, f.flag.code))
            answer = r.item.answers.get(read[0]) if read is not None else None
            closed_on = f.resolution.on if f.resolution is not None else None
            prompt = (f.instrument, f.flag.code) in SCREEN_PROMPTS
            closed_as = f.closed_after(day, "the prompt" if prompt else "the screen")
            if closed_as and prompt:
                closed_as = f"{_prompted_screen(records, day_of, day, closed_on)}; {closed_as}"
            yield SuicideRiskScreen(
                f.instrument,
                day,
                r.id,
                f.flag,
                r.taken_at,
                f.risk_level,
                closed_as,
                closed_on,
                int(answer) if isinstance(answer, int | float) and answer == answer else None,  # NaN: blank
            )


def _prompted_screen(
    records: Sequence[Record], day_of: Mapping[int, dt.date], since: dt.date, until: dt.date | None
) -> str:
    """What the suicide screen a prompt called for found, for its closing: the latest C-SSRS screener saved from the
    prompt's day to its closing's, "C-SSRS screen: moderate risk (2026-12-01)", or "C-SSRS screen: none saved"
    (physician review R17a-S10: the closing of a prompt asks what the suicide screen found)."""
    from .instruments import CATALOGUE

    found = [
        r for r in records if r.item.instrument == PROMPTED_SCREEN and since <= day_of[r.id] <= (until or dt.date.max)
    ]
    name = CATALOGUE[PROMPTED_SCREEN].short_name
    if not found:
        return f"{name}: none saved"
    last = found[-1]
    band = (last.item.band or "no band").replace("_", " ")
    return f"{name}: {band} ({day_of[last.id].isoformat()})"


def _weeks_below_minimum(
    log: Attendance | None, as_of: dt.date, level: LevelOfCare, adolescent: bool
) -> tuple[tuple[tuple[dt.date, float, float, str], ...], int | None]:
    """Each completed week of ``log`` attended below the weekly minimum of the placed ``level``
    (:func:`iopkit.dose.weekly_dose`), as (its first day, hours attended, hours scheduled, ``"holiday"`` for a week with
    a skipped date, ``"taper"`` for another week scheduled below the minimum, ``""``), and the number of completed
    weeks. A week whose schedule offered less is judged against what it offered: among them when a session was lost,
    not when every session was attended (clinician review of session 19, M2). Empty without a log, or for a level not
    defined by weekly hours."""
    from .dose import weekly_dose
    from .errors import PlacementInputError
    from .placement.levels import hours_range

    if log is None or as_of < log.schedule.start:
        return (), None
    try:
        minimum = hours_range(level, adolescent=adolescent).min
    except PlacementInputError:
        return (), None
    weeks = weekly_dose(log, as_of, minimum)

    def why(w: int) -> str:
        if w not in weeks.scheduled_below:
            return ""
        first = weeks.starts[w - 1]
        return "holiday" if any(0 <= (d - first).days < 7 for d in log.schedule.skipped) else "taper"

    below = tuple((weeks.starts[w - 1], weeks.attended[w - 1], weeks.scheduled[w - 1], why(w)) for w in weeks.below)
    return below, weeks.completed


def _this_week(sched: Schedule, log: Attendance | None, as_of: dt.date, now: dt.datetime) -> WeekAttendance:
    """The sessions of the week of ``as_of`` held by then: recorded, or ended by ``now`` with no attendance recorded (a
    session of ``as_of`` still running is not counted until it ends, as the continued-stay review and the dose page
    read it: :meth:`iopkit.dose.Attendance.unrecorded`)."""
    from .dose import Attendance

    monday = as_of - dt.timedelta(days=as_of.weekday())
    recorded = {a.date: a for a in (log.records if log is not None else ())}
    ended = set((log if log is not None else Attendance(sched)).unrecorded(as_of, now))
    held = [s for s in sched.sessions if monday <= s.date <= as_of and (s.date in recorded or s.date in ended)]
    attended = [recorded[s.date] for s in held if s.date in recorded and recorded[s.date].hours]
    return WeekAttendance(
        len(held),
        len(attended),
        sum(s.hours for s in held),
        sum(a.hours or 0.0 for a in attended),
        sum(s.date not in recorded for s in held),
    )
