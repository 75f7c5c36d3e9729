"""A synthetic demo programme: a few hundred fictional patients over a year, written into a store.

Every patient is generated from a seed and is clearly synthetic: pseudonyms ``SYN-0001`` ... and display
names "Synthetic patient 0001 (fictional)".  Each has an admission (PHQ-9 and GAD-7 at intake, a
recommendation and a placement at Level 1, 2.1 or 2.5 on a morning or evening track), a dose plan, a
schedule (holidays skipped) and its attendance, weekly PHQ-9, GAD-7 and drug screens while in treatment,
and then one of: completion (a placement in continuing care, recorded as 0.5), a step-down (PHP to IOP,
IOP to OP) or a step-up (IOP to PHP, or to residential care), or dropping out (attendance stops; no
discharge record).  Some PHQ-9 answers endorse item 9, so the programme has critical safety flags; most are
answered by a recorded risk assessment (:class:`~iopkit.placement.FlagResolution`) the same day or a few days
later, some are left open.

Nothing here is real data, a real programme's figures or a clinical example to follow.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, replace

import numpy as np

from ..entry import clinic_time

__all__ = [
    "BY",
    "PROGRAMME_PATIENTS",
    "PROGRAMME_SEED",
    "PROGRAMME_START",
    "DemoProgramme",
    "add_demo_programme",
    "demo_programme",
]

PROGRAMME_SEED = 20261201
#: A Monday; the year runs to Sunday 1 November 2026.
PROGRAMME_START = dt.date(2025, 11, 3)
PROGRAMME_WEEKS = 52
PROGRAMME_PATIENTS = 240
BY = "demo.programme"
#: Closed days (US federal holidays in the year): their sessions are skipped, so some weeks fall short.
HOLIDAYS = tuple(
    dt.date.fromisoformat(d)
    for d in (
        "2025-11-27",
        "2025-12-25",
        "2026-01-01",
        "2026-01-19",
        "2026-02-16",
        "2026-05-25",
        "2026-06-19",
        "2026-07-03",
        "2026-09-07",
        "2026-10-12",
    )
)
#: Level -> (hours a week, session days, planned weeks, dimension ratings that recommend the level).
LEVELS = {
    "1": (3, ("mon", "thu"), 12, {1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}),
    "2.1": (9, ("mon", "wed", "fri"), 10, {1: 0, 2: 0, 3: 1, 4: 1, 5: 2, 6: 1}),
    "2.5": (20, ("mon", "tue", "wed", "thu", "fri"), 4, {1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 6: 2}),
}
CONTINUING_CARE = {1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0}  # recommends 0.5
RESIDENTIAL = {1: 1, 2: 1, 3: 3, 4: 3, 5: 3, 6: 3}  # recommends 3.5
PANEL = ("alcohol", "cannabis", "cocaine", "opioids", "stimulants", "benzodiazepines")
#: Days from a flagged PHQ-9 to its recorded risk assessment, and how often (None: never recorded, left open).
RESOLUTION_DELAYS = ((0, 0.62), (1, 0.14), (2, 0.08), (4, 0.06), (7, 0.03), (None, 0.07))
RESOLUTION = "Suicide risk assessment (C-SSRS): low risk; safety plan reviewed (synthetic record)"


def _answers(rng, total: float, items: int, item9: int | None = None) -> list[int]:
    """Item answers (0-3) whose sum is near ``total``."""
    answers = np.clip(np.rint(rng.normal(total / items, 0.55, items)), 0, 3).astype(int).tolist()
    if item9 is not None:
        answers[-1] = item9
    return answers


@dataclass(frozen=True)
class DemoProgramme:
    """A generated programme held in memory: the records a store would hold, in the order they are saved.

    It reads like a store (:meth:`patients`, :meth:`current`), so :func:`iopkit.report.programme_data` reads it
    exactly as it reads the store :meth:`write` fills -- in a second instead of re-scoring every stored form.
    Made by :func:`demo_programme`.

    Parameters
    ----------
    people : tuple of (str, str)
        ``(pseudonym, display name)`` of each patient; patient 1 first.
    entries : tuple of (int, datetime.date or datetime.datetime, object)
        ``(patient number, when, item)`` of each record, in save order; items are store kinds (a
        :class:`~iopkit.scoring.Score`, a :class:`~iopkit.placement.Placement`, ...).
    """

    people: tuple  # (pseudonym, display name) per patient, patient i + 1 first
    entries: tuple  # (patient number, when, item) in save order

    def patients(self) -> tuple:
        """Every patient as the store would list them (ids 1, 2, ... in order)."""
        from ..store import Patient

        made = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
        return tuple(Patient(i, p, d, False, made) for i, (p, d) in enumerate(self.people, start=1))

    def current(self, patient_id: int, kind: str | None = None) -> tuple:
        """The patient's records ordered as :meth:`iopkit.store.Store.current` orders them (when, then save order).

        Parameters
        ----------
        patient_id : int
            The patient's number (1 for the first).
        kind : str, optional
            Only records of this store kind (``"assessment"``); all kinds by default.

        Returns
        -------
        tuple of Record
            The records, numbered in save order, each its own first version (nothing is amended).
        """
        from ..store import Record, kind_of

        rows = [
            (n, self.entries[n][1], _keyed(self.entries[n][2], lambda k: k + 1))
            for n in self._by_patient().get(patient_id, ())
        ]
        rows.sort(key=lambda r: (_when_text(r[1]), r[0]))
        made = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
        records = (Record(n + 1, patient_id, kind_of(item), 1, when, made, BY, item) for n, when, item in rows)
        return tuple(r for r in records if kind is None or r.kind == kind)

    def _by_patient(self) -> dict:
        if "_index" not in self.__dict__:
            index: dict = {}
            for n, (p, _, _) in enumerate(self.entries):
                index.setdefault(p, []).append(n)
            object.__setattr__(self, "_index", index)
        return self.__dict__["_index"]

    def write(self, store) -> tuple[int, ...]:
        """Save every patient and record into ``store`` in one transaction; return the new patient ids.

        Parameters
        ----------
        store : Store
            An open, writable store without patients of the same pseudonyms.

        Returns
        -------
        tuple of int
            The store's ids of the patients, in order.

        Raises
        ------
        StoreError
            As :meth:`Store.add_patient` and :meth:`Store.save` raise it (e.g. a pseudonym already registered);
            nothing is saved then.
        """
        with store.batch():
            ids = [store.add_patient(p, display_name=d) for p, d in self.people]
            saved: dict[int, int] = {}  # entry number -> the store's record id
            for n, (number, when, item) in enumerate(self.entries):
                saved[n] = store.save(ids[number - 1], _keyed(item, saved.__getitem__), by=BY, when=when)
        return tuple(ids)


def _keyed(item, record_id):
    """``item`` with a resolution's placeholder ``#n`` (the entry number of the flagged form) made the record id."""
    record = getattr(item, "record", "")
    if isinstance(record, str) and record.startswith("#"):
        return replace(item, record=str(record_id(int(record[1:]))))
    return item


def _when_text(when) -> str:
    """The store's ordering key of a record's time (UTC text; a bare date sorts before that day's times)."""
    if isinstance(when, dt.datetime):
        return when.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return when.isoformat()


def add_demo_programme(
    store, *, seed: int = PROGRAMME_SEED, patients: int = PROGRAMME_PATIENTS, start: dt.date = PROGRAMME_START
) -> tuple[int, ...]:
    """Write the synthetic programme of :func:`demo_programme` into ``store`` (one transaction); return the ids.

    Parameters
    ----------
    store : Store
        An open, writable store without patients of the same pseudonyms (``SYN-0001`` ...).
    seed, patients, start
        As for :func:`demo_programme`.

    Returns
    -------
    tuple of int
        The store's ids of the new patients, in order.

    Raises
    ------
    StoreError
        As the store raises it (e.g. a pseudonym already registered); nothing is saved then.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from iopkit.store import Store
    >>> with Store(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite") as store:
    ...     ids = add_demo_programme(store, patients=3)
    ...     store.patient(ids[0]).pseudonym, store.patient(ids[0]).display_name
    ('SYN-0001', 'Synthetic patient 0001 (fictional)')
    """
    return demo_programme(seed=seed, patients=patients, start=start).write(store)


def demo_programme(
    *, seed: int = PROGRAMME_SEED, patients: int = PROGRAMME_PATIENTS, start: dt.date = PROGRAMME_START
) -> DemoProgramme:
    """Generate a synthetic year of a programme (the same seed gives the same programme).

    Parameters
    ----------
    seed : int
        The same seed gives the same programme (dates, answers, attendance).
    patients : int
        How many fictional patients (admitted across the first 44 weeks of the year; nothing is recorded
        after the year's last day, so some are still in treatment at its end).
    start : date
        The Monday the year starts.

    Returns
    -------
    DemoProgramme
        The patients and their records, in memory (write them with :meth:`DemoProgramme.write`).

    Examples
    --------
    >>> demo = demo_programme(patients=2)
    >>> [p.pseudonym for p in demo.patients()], demo.current(1)[0].kind
    (['SYN-0001', 'SYN-0002'], 'placement')
    """
    from ..dose import Attendance, DosePlan, schedule
    from ..dose.attendance import AttendanceRecord
    from ..flags import CallsFor, RiskLevel
    from ..placement import FlagResolution, Placement, recommend
    from ..records import DrugScreen
    from ..scoring import score

    scored: dict = {}

    def form(instrument: str, answers: list[int]):
        """The Score of these answers (a frozen value, so one form scored once serves every equal form)."""
        key = (instrument, tuple(answers))
        if key not in scored:
            scored[key] = score(instrument, answers)
        return scored[key]

    rng = np.random.default_rng(seed)
    follow_up = np.random.default_rng([seed, 1])  # resolutions draw apart, so the rest stays as it was
    delays = [d for d, _ in RESOLUTION_DELAYS]
    chances = [p for _, p in RESOLUTION_DELAYS]
    end = start + dt.timedelta(weeks=PROGRAMME_WEEKS, days=-1)
    recommended = {
        key: recommend(dims)
        for key, dims in [(k, v[3]) for k, v in LEVELS.items()] + [("0.5", CONTINUING_CARE), ("3.5", RESIDENTIAL)]
    }
    people, entries = [], []
    for pid in range(1, patients + 1):
        people.append((f"SYN-{pid:04d}", f"Synthetic patient {pid:04d} (fictional)"))

        def save(item, when, pid=pid) -> int | None:
            """Keep ``item`` as the next entry (its number), unless it falls after the year (None)."""
            if (when.date() if isinstance(when, dt.datetime) else when) <= end:  # nothing after the year
                entries.append((pid, when, item))
                return len(entries) - 1
            return None

        day = start + dt.timedelta(weeks=int(rng.integers(0, 44)), days=int(rng.integers(0, 5)))
        level = str(rng.choice(["1", "2.1", "2.5"], p=[0.2, 0.6, 0.2]))
        track = "morning" if level == "2.5" or rng.random() < 0.5 else "evening"
        severity = float(np.clip(rng.normal(14, 5), 2, 26))
        gain = float(rng.normal(0.9, 0.6))  # PHQ-9 points a week
        rate = float(rng.beta(8, 2))
        drug = str(rng.choice(PANEL[:5]))
        at = clinic_time(day, dt.time(8, 30))
        first = None  # the day of the first assessment: week 0 of the episode, as resolutions count weeks
        if rng.random() < 0.92:  # a few intakes miss the baseline measures
            save(form("phq9", _answers(rng, severity, 9, 0)), at)
            save(form("gad7", _answers(rng, severity * 0.8, 7)), at)
            first = day
        week = 0
        while True:
            hours, days, weeks, _ = LEVELS[level]
            stay_weeks = max(1, round(weeks * rng.uniform(0.7, 1.3)))
            dropout = rng.random() < 0.3
            if dropout:
                stay_weeks = int(rng.integers(1, stay_weeks + 1))
            save(Placement(recommended[level]), day)
            plan = DosePlan(hours, weeks, sessions_per_week=len(days))
            assert plan.session_hours is not None  # derived when the plan is made
            sessions = schedule(
                day,
                list(days),
                plan.session_hours,
                weeks if dropout else stay_weeks,
                track=track,
                skip_dates=[h for h in HOLIDAYS if h >= day],
            )
            save(plan, day)
            save(sessions, day)
            last = day + dt.timedelta(weeks=stay_weeks) - dt.timedelta(days=1)
            records = []
            for s in sessions.sessions:
                if s.date > min(last, end):
                    break
                draw = rng.random()
                status = "attended" if draw < rate else "partial" if draw < rate + 0.05 else "missed"
                records.append(AttendanceRecord(s.date, status, s.hours / 2 if status == "partial" else None))
            save(Attendance(sessions, tuple(records)), min(last, end))
            for w in range(stay_weeks):
                week += 1
                when = day + dt.timedelta(weeks=w, days=2)
                moment = clinic_time(when, dt.time(9, 15))
                total = max(severity - gain * week + rng.normal(0, 2), 0)
                if rng.random() < 0.85:
                    weekly = form("phq9", _answers(rng, total, 9, 1 if rng.random() < 0.04 else 0))
                    flagged = save(weekly, moment)
                    save(form("gad7", _answers(rng, total * 0.8, 7)), moment)
                    first = first or when
                    for flag in weekly.flags:
                        delay = delays[int(follow_up.choice(len(delays), p=chances))]
                        if flag.calls_for is CallsFor.RISK_ASSESSMENT and delay is not None and flagged is not None:
                            on = when + dt.timedelta(days=delay)
                            # keyed to the flagged form ("#n": its entry, made its record id when saved)
                            save(
                                FlagResolution(
                                    flag.code,
                                    "phq9",
                                    round((when - first).days / 7, 1),
                                    RESOLUTION,
                                    BY,
                                    on,
                                    record=f"#{flagged}",
                                    risk_level=RiskLevel.LOW,  # as RESOLUTION says
                                ),
                                clinic_time(on, dt.time(16, 0)),
                            )
                if rng.random() < 0.8:
                    use = rng.random() < max(0.5 - 0.05 * week, 0.08)
                    save(
                        DrugScreen(
                            when,
                            "urine 6-panel",
                            positive=(drug,) if use else (),
                            negative=tuple(d for d in PANEL if not (use and d == drug)),
                        ),
                        when,
                    )
            day = last + dt.timedelta(days=1)
            if dropout or day > end:
                break
            level = _next_level(rng, level)
            if level in ("0.5", "3.5"):
                save(Placement(recommended[level]), day)
                break
    return DemoProgramme(tuple(people), tuple(entries))


TABLES = ("stays", "attendance", "measures", "screens", "flags")


@functools.lru_cache(maxsize=2)
def _tables(seed: int, patients: int):
    from ..report import programme_data

    return programme_data(demo_programme(seed=seed, patients=patients))


def programme_table(table: str, *, seed: int = PROGRAMME_SEED, patients: int = PROGRAMME_PATIENTS):
    """One table of the demo programme as :func:`iopkit.report.programme_data` reads it (a copy).

    The data sets ``programme_stays``, ``programme_attendance``, ``programme_measures``, ``programme_screens`` and
    ``programme_flags`` of :func:`iopkit.datasets.load` are these tables.

    Examples
    --------
    >>> programme_table("stays", patients=3).columns.tolist()[:4]
    ['patient', 'episode', 'level', 'start']
    """
    if table not in TABLES:
        from ..errors import UnknownDatasetError

        raise UnknownDatasetError(
            f"the demo programme has no table {table!r}; tables: {', '.join(TABLES)}", value=table, allowed=TABLES
        )
    return getattr(_tables(seed, patients), table).copy()


def _next_level(rng, level: str) -> str:
    """Where a patient who finished a stay goes next: step down, step up, or continuing care."""
    draw = rng.random()
    if level == "2.5":
        return "2.1" if draw < 0.8 else "0.5"
    if level == "2.1":
        return "2.5" if draw < 0.08 else "3.5" if draw < 0.12 else "1" if draw < 0.4 else "0.5"
    return "0.5"
