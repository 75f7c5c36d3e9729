"""The demo clinic patients' dates follow the day the demo is built (clinic-day walk follow-up 1).

Every demo patient's plan had ended in spring 2026, so a groups roster of demo patients taken on a demo database
built later was refused ("DEMO-01 has no plan covering 25 Nov 2026: the plan ended 29 Mar 2026; ...").  Built on a
day, the demo's episodes start eight weeks before the last Monday before that day and their 12-week plans cover it; the
stories (scores, flags, days relative to the intake) are the same whatever the day.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing

import pytest

from iopkit.demo import PINNED_DAY, build_demo_db
from iopkit.entry import clinical_day
from iopkit.store import Store
from iopkit.widgets.groups import save_roster, uncovered

FRIDAY = dt.date(2026, 12, 4)  # the walk's build day, a Friday


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The demo (the clinic's five) built on the pinned day and on a Friday in December."""
    folder = tmp_path_factory.mktemp("demo")
    return {
        day: build_demo_db(folder / f"demo-{day}.sqlite", programme=False, today=day) for day in (PINNED_DAY, FRIDAY)
    }


def _story(path) -> list:
    """Each record of each demo patient: its kind, days after the intake, and its scores and flags."""
    out = []
    with Store(path, read_only=True) as store:
        for patient in store.patients():
            records = store.current(patient.id)
            intake = min(clinical_day(r.taken_at) for r in records)
            for r in records:
                item = r.item
                said = (getattr(item, "total", None), tuple(f.code for f in getattr(item, "flags", ())))
                out.append((patient.pseudonym, r.kind, (clinical_day(r.taken_at) - intake).days, said))
    return out


def test_the_demo_patients_dates_follow_the_build_day(built):
    with Store(built[FRIDAY], read_only=True) as store:
        assert store.meta("demo_built_on") == "2026-12-04"
        one = store.patients()[0]
        days = sorted({clinical_day(r.taken_at) for r in store.current(one.id, "assessment")})
        # typed: the last Monday before Friday 4 Dec 2026 is 30 Nov; eight weeks before it, Monday 5 Oct 2026
        assert (one.pseudonym, days[0], days[-1]) == ("DEMO-01", dt.date(2026, 10, 5), dt.date(2026, 11, 30))
        plan_schedule = store.latest(one.id, "schedule").item
        # 12 weeks from Monday 5 Oct 2026 end on Sunday 27 Dec 2026: the build day is inside the plan
        assert (plan_schedule.start, plan_schedule.end) == (dt.date(2026, 10, 5), dt.date(2026, 12, 27))
    with Store(built[PINNED_DAY], read_only=True) as store:  # the demo as first fixed: from Monday 5 January 2026
        one = store.patients()[0]
        assert min(clinical_day(r.taken_at) for r in store.current(one.id)) == dt.date(2026, 1, 5)


def test_the_demo_stories_are_the_same_whatever_the_build_day(built):
    assert _story(built[PINNED_DAY]) == _story(built[FRIDAY])


def test_a_roster_of_demo_patients_on_the_build_day_is_saved(tmp_path):
    from iopkit.dose import Group

    with Store(build_demo_db(tmp_path / "demo.sqlite", programme=False, today=FRIDAY)) as store:
        ids = {p.pseudonym: p.id for p in store.patients()}
        # DEMO-01's plan: IOP, evening sessions Mon/Wed/Fri, 3 h
        group = Group("Evening group", "evening", ["mon", "wed", "fri"], 3, "KM", members=(ids["DEMO-01"],))
        names = {ids["DEMO-01"]: "DEMO-01"}
        assert uncovered(store, group, FRIDAY, names) == ""  # was: "DEMO-01 has no plan covering 04 Dec 2026 ..."
        before = store.latest(ids["DEMO-01"], "attendance")
        saved = save_roster(
            store, group, FRIDAY, {ids["DEMO-01"]: "present"}, by="KM", today=FRIDAY, names=names, when=FRIDAY
        )
        after = store.latest(ids["DEMO-01"], "attendance")
        assert after.id == saved[ids["DEMO-01"]][0] and after.amends == before.id  # the patient's one log, amended
        assert after.item.on(FRIDAY).status == "attended"


def test_a_demo_built_on_a_monday_has_no_record_later_that_day(tmp_path):
    monday = dt.date(2026, 11, 30)
    with Store(build_demo_db(tmp_path / "demo.sqlite", programme=False, today=monday), read_only=True) as store:
        days = {
            clinical_day(r.taken_at) for p in store.patients() for r in store.current(p.id) if r.kind != "attendance"
        }
    # typed: the last measures on Monday 23 Nov 2026, the intake eight weeks before it (Monday 28 Sep 2026)
    assert (min(days), max(days)) == (dt.date(2026, 9, 28), dt.date(2026, 11, 23))


def test_a_demo_whose_plans_ended_is_said_outdated(built, tmp_path):
    from iopkit.demo import demo_outdated

    assert demo_outdated(built[FRIDAY], today=FRIDAY) == ""
    assert demo_outdated(built[FRIDAY], today=dt.date(2026, 12, 27)) == ""  # the plans' last day
    assert demo_outdated(tmp_path / "none.sqlite", today=FRIDAY) == ""
    said = demo_outdated(built[PINNED_DAY], today=FRIDAY)
    # typed: 12 weeks from Monday 5 Jan 2026 end on Sunday 29 Mar 2026, the walk's refusal's "the plan ended"
    assert said == (
        f"the demo database {built[PINNED_DAY]} was built for 03 Mar 2026: its clinic patients' plans ended 29 Mar "
        "2026, so a group's roster of them today is refused; delete it (and its -wal and -shm files) to rebuild it on "
        "today"
    )
    # a demo built before its dates followed the build day (no demo_built_on): its episodes from 5 Jan 2026
    legacy = tmp_path / "legacy.sqlite"  # its meta as such a demo's (the store's meta is append-only: made by hand)
    with closing(sqlite3.connect(legacy)) as conn, conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("INSERT INTO meta VALUES ('demo_seed', '20261123')")
    assert demo_outdated(legacy, today=FRIDAY).startswith(
        f"the demo database {legacy} was built before its dates followed the day it is built: its clinic "
        "patients' plans ended 29 Mar 2026"
    )
