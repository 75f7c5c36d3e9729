"""A demo database of synthetic, clearly fictional patients, so a new user sees a populated dashboard.

Every patient is generated from a seed: pseudonyms ``DEMO-01`` ... and display names ending in
"(fictional)".  Each has an intake (PHQ-9, GAD-7, AUDIT-C or DAST-10, CRAFFT for the adolescent),
a placement with its recommendation, a dose plan and schedule with attendance, weekly PHQ-9 and
GAD-7 over the episode and weekly drug screens; one patient shows a clinician override and one a
corrected (amended) assessment.  Beside them, a programme of a few hundred synthetic patients over a year
(:func:`iopkit.datasets.programme.add_demo_programme`: ``SYN-0001`` ...), so the programme report has a
year to show.  Nothing here is real data or a clinical example to follow.

``make serve`` points ``IOPKIT_DEMO_DB`` at a file; :func:`dashboard_store` opens the store a
dashboard should use.  Real use sets ``IOPKIT_DB`` and never touches the demo.

Run ``python -m iopkit.demo PATH [--seed N]`` to build one by hand.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, cast

from .errors import StoreError
from .placement.levels import LevelOfCare

if TYPE_CHECKING:  # the store and numpy are imported when a store is opened or a demo built, not by a page's import
    from .store import Store

__all__ = [
    "build_demo_db",
    "dashboard_store",
    "demo_outdated",
    "episode_start",
    "programme_seed",
    "DEMO_SEED",
    "PINNED_DAY",
]

DEMO_SEED = 20261123
#: Weeks of the demo episode measured up to the last Monday before the build day (its 12-week plan covers that day).
WEEKS = 8
#: A build day that gives the demo as it was first fixed (episodes from Monday 5 January 2026): the notebooks and tests
#: whose stored outputs read the demo's dates pass it as ``today``, so they are the same on every machine and day.
PINNED_DAY = dt.date(2026, 3, 3)
BY = "demo.clinician"

#: name, adolescent, sex, PHQ-9 level at intake (mean item value), weekly improvement, attendance rate,
#: dimension ratings, substance tested positive early in the episode.
PATIENTS = (
    ("Alex Rivera (fictional)", False, "male", 1.8, 0.15, 0.92, {1: 1, 2: 0, 3: 2, 4: 1, 5: 2, 6: 1}, "alcohol"),
    ("Jordan Lee (fictional)", False, "female", 2.3, 0.05, 0.70, {1: 0, 2: 1, 3: 2, 4: 2, 5: 2, 6: 2}, "opioids"),
    ("Sam Okafor (fictional)", True, "male", 1.2, 0.10, 0.85, {1: 0, 2: 0, 3: 1, 4: 1, 5: 2, 6: 1}, "cannabis"),
    ("Casey Nguyen (fictional)", False, "female", 0.9, 0.08, 0.95, {1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, "cocaine"),
    ("Morgan Dubois (fictional)", False, None, 2.0, -0.02, 0.55, {1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 6: 2}, "stimulants"),
)
#: (level placed, adolescent) -> weekly hours and session days, inside each level's hours range
#: (levels.py: OP < 9 h adults, IOP 9-19 h adults / from 6 h adolescents, PHP >= 20 h; [S] A3).
DOSE = {
    (LevelOfCare.OP, False): (3, ["tue"]),
    (LevelOfCare.OP, True): (3, ["tue"]),
    (LevelOfCare.IOP, False): (9, ["mon", "wed", "fri"]),
    (LevelOfCare.IOP, True): (6, ["mon", "wed", "fri"]),
    (LevelOfCare.PHP, False): (20, ["mon", "tue", "wed", "thu", "fri"]),
}
PANEL = ("alcohol", "cannabis", "cocaine", "opioids", "stimulants", "benzodiazepines")


def episode_start(today: dt.date) -> dt.date:
    """The Monday the demo clinic patients' episodes start when the demo is built on ``today``: :data:`WEEKS` weeks
    before the last Monday before ``today``, so their weekly measures (09:15 or 18:15 on Mondays) run up to that
    Monday, never later in the build day, and their 12-week plans cover ``today`` and the weeks after it (a group's
    roster of demo patients taken today is a session of their plan).

    Parameters
    ----------
    today : datetime.date
        The day the demo is built (the clinic's day).

    Returns
    -------
    datetime.date
        The Monday of the episodes' first week.

    Examples
    --------
    >>> episode_start(dt.date(2026, 12, 4)), episode_start(dt.date(2026, 11, 30)), episode_start(PINNED_DAY)
    (datetime.date(2026, 10, 5), datetime.date(2026, 9, 28), datetime.date(2026, 1, 5))
    """
    monday = today - dt.timedelta(days=1 + (today - dt.timedelta(days=1)).weekday())  # the last Monday before today
    return monday - dt.timedelta(weeks=WEEKS)


def build_demo_db(
    path: str | os.PathLike, seed: int = DEMO_SEED, *, programme: bool = True, today: dt.date | None = None
) -> Path:
    """Create the demo database at ``path`` unless it is already there; return the path.

    ``programme``: add the synthetic programme (a few hundred patients over a year, seeded from ``seed``;
    :func:`iopkit.datasets.programme.demo_programme`) beside the five demo clinic patients.  ``False`` builds
    the five alone (seconds faster, for a test that reads every patient).

    The five clinic patients' dates follow the day the demo is built (``today``, :func:`episode_start`): their
    intake eight weeks before the last Monday before it, a weekly PHQ-9, GAD-7 and drug screen on each Monday since,
    attendance recorded up to the last week, and a 12-week plan that covers the build day; the scores, flags and
    days relative to the intake are the same whatever the day.  The synthetic programme keeps its own dated year
    (:data:`iopkit.datasets.programme.PROGRAMME_START`, its closed days dated).

    Idempotent: an existing demo database is left as it is (delete the file to rebuild it).
    The file is built beside ``path`` and linked into place in one step that never replaces an
    existing file, so a dashboard never opens a half-built demo and two kernels building at once
    agree on one file.  A file that is not a demo database is never touched.

    Parameters
    ----------
    path : str or os.PathLike
        Where the demo database is (or is to be built); ``~`` is expanded.
    seed : int, default DEMO_SEED
        The seed of the fictional patients (another seed gives others); unused when the demo is already there.
    programme : bool, default True
        Add the synthetic programme.
    today : datetime.date, optional
        The build day the clinic patients' dates follow (default the clinic's today, :func:`iopkit.entry.clinical_day`);
        a notebook or test with stored dates pins it (:data:`PINNED_DAY`). Saved as the meta ``demo_built_on``.

    Returns
    -------
    pathlib.Path
        ``path``, with ``~`` expanded.

    Raises
    ------
    StoreError
        ``path`` holds an iopkit store that is not a demo (real records are never mixed with demo ones), or a
        file that is not a usable iopkit store.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from iopkit.store import Store
    >>> path = build_demo_db(pathlib.Path(tempfile.mkdtemp()) / "demo.sqlite", seed=1, programme=False)
    >>> with Store(path) as store:
    ...     [p.pseudonym for p in store.patients()][:2], store.meta("demo_seed")
    (['DEMO-01', 'DEMO-02'], '1')
    """
    from .store import Store

    path = Path(path).expanduser()
    if path.exists():
        _make_private_if_demo(path)
        with Store(path) as existing:
            if existing.meta("demo_seed") is None:
                raise StoreError(f"{path} holds records that are not the demo; the demo is never written there")
        return path
    partial = path.with_name(f".{path.name}.{os.getpid()}.building")
    try:
        with Store(partial) as store:
            _populate(store, seed, programme, today)
            store.checkpoint()
        try:
            os.link(partial, path)  # fails if another process got there first: keep theirs
        except FileExistsError:
            pass
    finally:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
    return path


def demo_outdated(path: str | os.PathLike, today: dt.date | None = None) -> str:
    """Why the demo database at ``path`` no longer shows a clinic day on ``today``: its clinic patients' plans ended
    before it (a demo built before its dates followed the build day, or built more than four weeks ago); "" when they
    cover it, or when ``path`` holds no demo.  A demo in use is never rebuilt underneath its readers: delete it.

    Parameters
    ----------
    path : str or os.PathLike
        The demo database.
    today : datetime.date, optional
        The day it is to show (default the clinic's today).

    Returns
    -------
    str
        The words to say ("... delete it to rebuild it on today"), or "".
    """
    from .entry import clinical_day

    path = Path(path).expanduser()
    if not path.is_file():
        return ""
    today = today or clinical_day()
    try:
        with closing(sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)) as conn:
            rows = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('demo_seed', 'demo_built_on')"))
    except sqlite3.Error:
        return ""
    if "demo_seed" not in rows:
        return ""
    built = dt.date.fromisoformat(rows["demo_built_on"]) if "demo_built_on" in rows else PINNED_DAY
    ended = episode_start(built) + dt.timedelta(weeks=12, days=-1)
    if ended >= today:
        return ""
    when = f"for {built:%d %b %Y}" if "demo_built_on" in rows else "before its dates followed the day it is built"
    return (
        f"the demo database {path} was built {when}: its clinic patients' plans ended {ended:%d %b %Y}, "
        "so a group's roster of them today is refused; delete it (and its -wal and -shm files) to rebuild it on today"
    )


def _make_private_if_demo(path: Path) -> None:
    """A demo database built before stores were private (0644) is made 0600; any other file is left alone."""
    from .store.files import fix_permissions, loose_files

    if not loose_files(path):
        return
    try:
        with closing(sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)) as conn:
            is_demo = conn.execute("SELECT 1 FROM meta WHERE key = 'demo_seed'").fetchone() is not None
    except sqlite3.Error:
        return  # not a demo: Store() refuses it with its own message
    if is_demo:
        fix_permissions(path)


def dashboard_store() -> Store:
    """The store a dashboard opens: ``$IOPKIT_DB`` if set; else the demo at ``$IOPKIT_DEMO_DB``
    (built on first use); else the per-user default of :class:`~iopkit.store.Store`.

    Returns
    -------
    Store
        The open store (close it, or use it in a ``with`` block).

    Raises
    ------
    StoreError
        The chosen file cannot be opened as an iopkit store, or ``$IOPKIT_DEMO_DB`` holds a store that is not a
        demo.

    Examples
    --------
    >>> import os, pathlib, tempfile
    >>> from unittest import mock
    >>> folder = tempfile.TemporaryDirectory()
    >>> demo = pathlib.Path(folder.name) / "demo.sqlite"
    >>> with mock.patch.dict(os.environ, {"IOPKIT_DB": "", "IOPKIT_DEMO_DB": str(demo)}):
    ...     with dashboard_store() as store:
    ...         store.path == demo, store.meta("demo_seed") == str(DEMO_SEED), store.patients()[0].pseudonym
    (True, True, 'DEMO-01')

    With ``$IOPKIT_DB`` set, the clinic's own store opens and the demo is never used:

    >>> clinic = pathlib.Path(folder.name) / "clinic.sqlite"
    >>> with mock.patch.dict(os.environ, {"IOPKIT_DB": str(clinic), "IOPKIT_DEMO_DB": str(demo)}):
    ...     with dashboard_store() as store:
    ...         store.path == clinic, store.meta("demo_seed"), store.patients()
    (True, None, ())
    >>> folder.cleanup()
    """
    from .store import Store

    if not os.environ.get("IOPKIT_DB") and os.environ.get("IOPKIT_DEMO_DB"):
        return Store(build_demo_db(os.environ["IOPKIT_DEMO_DB"]))
    return Store.open_default()


def programme_seed(seed: int) -> int:
    """The seed of the demo programme in a demo database of ``seed`` (the default demo: the notebooks' programme).

    Parameters
    ----------
    seed : int
        The demo database's seed.

    Returns
    -------
    int
        The seed its synthetic programme is generated with.

    Examples
    --------
    >>> from iopkit.datasets.programme import PROGRAMME_SEED
    >>> programme_seed(DEMO_SEED) == PROGRAMME_SEED, programme_seed(7)
    (True, 7)
    """
    from .datasets.programme import PROGRAMME_SEED

    return PROGRAMME_SEED if seed == DEMO_SEED else seed


def _populate(store: Store, seed: int, programme: bool = True, today: dt.date | None = None) -> None:
    import numpy as np

    from .datasets.programme import add_demo_programme
    from .dose import Attendance, DosePlan, schedule
    from .entry import clinic_time, clinical_day
    from .flags import RiskLevel
    from .placement import FlagResolution, Placement, recommend, suggest_dimensions
    from .records import DrugScreen
    from .scoring import Sex, score

    rng = np.random.default_rng(seed)
    today = today or clinical_day()
    start = episode_start(today)
    with store.batch():
        store.set_meta("demo_seed", str(seed))
        store.set_meta("demo_built_on", today.isoformat())
        store.set_meta("demo_note", "Synthetic, clearly fictional patients generated by iopkit.demo; not real data.")
        for number, (name, adolescent, sex, level, gain, rate, dims, drug) in enumerate(PATIENTS, start=1):
            pid = store.add_patient(f"DEMO-{number:02d}", adolescent=adolescent, display_name=name)
            intake = clinic_time(start, dt.time(9, 30))

            def likert(mean: float, n: int, top: int = 3) -> list[int]:
                return [int(v) for v in np.clip(np.rint(rng.normal(mean, 0.6, n)), 0, top)]

            scores = [score("phq9", likert(level, 9)), score("gad7", likert(level * 0.9, 7))]
            if adolescent:
                scores.append(
                    score(
                        "crafft",
                        {
                            "part_a_days": [0, int(rng.integers(4, 20)), 0],
                            "part_b": [bool(v) for v in rng.random(6) < 0.5],
                        },
                    )
                )
            elif drug == "alcohol":
                scores.append(score("audit_c", likert(2.5, 3, 4), sex=cast(Sex | None, sex)))
            else:
                scores.append(score("dast10", [bool(v) for v in rng.random(10) < 0.5]))
            ids = [store.save(pid, s, by=BY, when=intake) for s in scores]
            if number == 2:  # a corrected entry: the audit trail keeps both versions
                fixed = score("gad7", [min(v + 1, 3) for v in scores[1].answers.values()])
                store.save(
                    pid,
                    fixed,
                    by=BY,
                    when=intake,
                    amends=ids[1],
                    reason="item answers transposed from the paper form; re-entered",
                )
            rec = recommend(dims, adolescent=adolescent, suggested=suggest_dimensions(scores))
            store.save(pid, rec, by=BY, when=intake)
            override = number == 4 and rec.level is LevelOfCare.IOP
            store.save(
                pid,
                Placement(
                    rec,
                    LevelOfCare.OP if override else rec.level,
                    "works day shifts; agreed to OP with weekly check-ins" if override else _reason_if_needed(rec),
                ),
                by=BY,
                when=intake,
            )
            placed = LevelOfCare.OP if override else rec.level
            hours, days = DOSE.get((placed, adolescent), DOSE[(LevelOfCare.IOP, adolescent)])
            plan = DosePlan(hours, 12, sessions_per_week=len(days), adolescent=adolescent)
            assert plan.session_hours is not None  # derived when the plan is made
            sessions = schedule(start, days, plan.session_hours, 12, track="evening" if number % 2 else "morning")
            store.save(pid, plan, by=BY, when=intake)
            store.save(pid, sessions, by=BY, when=intake)
            log = Attendance(sessions)
            for session in [s for s in sessions.sessions if s.date < start + dt.timedelta(weeks=WEEKS)]:
                log = log.record(session.date, "attended" if rng.random() < rate else "missed")
            for week in range(1, WEEKS + 1):
                day = start + dt.timedelta(weeks=week)
                when = clinic_time(day, dt.time(18 if number % 2 else 9, 15))
                mean = max(level - gain * week, 0.2)
                weekly = score("phq9", likert(mean, 9))
                rid = store.save(pid, weekly, by=BY, when=when)
                for flag in weekly.flags:
                    if flag.calls_for == "risk_assessment" and week < WEEKS:  # the latest stays open
                        outcome = "Same-day risk assessment (C-SSRS); safety plan reviewed"
                        store.save(
                            pid,
                            FlagResolution(
                                flag.code, "phq9", week, outcome, BY, day, record=str(rid), risk_level=RiskLevel.LOW
                            ),
                            by=BY,
                            when=when,
                        )
                store.save(pid, score("gad7", likert(mean * 0.9, 7)), by=BY, when=when)
                use = rng.random() < max(0.6 - 0.1 * week, 0.05) + (0.3 if gain < 0 else 0.0)
                store.save(
                    pid,
                    DrugScreen(
                        day,
                        "urine 6-panel",
                        positive=(drug,) if use else (),
                        negative=tuple(s for s in PANEL if not (use and s == drug)),
                    ),
                    by=BY,
                    when=day,
                )
            store.save(pid, log, by=BY, when=start + dt.timedelta(weeks=WEEKS))
        if programme:
            store.set_meta("demo_programme_seed", str(programme_seed(seed)))
            add_demo_programme(store, seed=programme_seed(seed))


def _reason_if_needed(rec) -> str | None:
    """A reason where the demo clinician's ratings differ from the suggested ones."""
    differs = any(b.overridden for b in rec.basis)
    return "ratings reflect the intake interview as well as the screening scores" if differs else None


if __name__ == "__main__":  # python -m iopkit.demo PATH [--seed N]
    arguments = sys.argv[1:]
    chosen = int(arguments[arguments.index("--seed") + 1]) if "--seed" in arguments else DEMO_SEED
    print(
        build_demo_db(
            arguments[0]
            if arguments and arguments[0] != "--seed"
            else os.environ.get("IOPKIT_DEMO_DB", "iopkit-demo.sqlite"),
            seed=chosen,
        )
    )
