"""The programme report is the same, table for table, as the one saved before it was made faster (a regression oracle).

Not a clinical oracle: every clinical number of the report is tested against values counted by hand in
``test_programme_*.py``.  This file guards the speed work on :mod:`iopkit.report` (``_rollup``, ``_order`` ...): every
table of every report below (its columns, dtypes, row order and values, compared exactly), the director's worklist,
the retention curves and the texts must equal the ones the code gave before, saved in
``tests/reference/programme_report/`` (one compressed pickle per programme).  The programmes: the demo year store
(:func:`iopkit.demo.build_demo_db`) over four ranges, the hand-made five-patient programme of
``test_programme_report.py``, each store of ``test_programme_reopen_withdrawn.py`` (a flag reopened, withdrawn and
raised again by corrections) over four ranges, and an empty programme (a store without patients, and stays alone).

A change that is meant to change the report regenerates the files on purpose, from the code that is right::

    IOPKIT_WRITE_PROGRAMME_REFERENCE=1 .venv/bin/python -m pytest tests/test_programme_report_unchanged.py

(the tests then write the files and are skipped); review the diff of the report before committing them.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from iopkit.report import ProgrammeData, programme_data, programme_report

from . import test_programme_report as hand_made
from .test_programme_reopen_withdrawn import placed_at_2_1, save_step

REFERENCE = Path(__file__).parent / "reference" / "programme_report"
WRITE = os.environ.get("IOPKIT_WRITE_PROGRAMME_REFERENCE") == "1"
D = dt.date
#: Columns, dtypes, index and column types, row order and every value: exact, but floating-point values to 1e-12
#: relative: the log-rank statistic comes through BLAS and LAPACK (a matrix product, a solve), whose last bits differ
#: between CPUs (a fresh-clone CI run on 4 Dec 2026 differed in the 16th digit of one chi-square from the saved file).
EXACTLY = {"check_dtype": True, "check_exact": False, "rtol": 1e-12, "atol": 0.0}
EXACTLY |= {"check_index_type": True, "check_column_type": True}


def _march(d: int) -> dt.date:
    return D(2026, 3, d)


# The ranges each programme is reported over: the demo year, a quarter, a month and three days inside a week.
DEMO_RANGES = [("2025-11-03", "2026-11-01"), ("2026-01-01", "2026-03-31"), ("2026-06-01", "2026-06-30")]
DEMO_RANGES += [("2026-09-09", "2026-09-11")]
HAND_MADE_RANGES = [("2026-01-01", "2026-03-31"), ("2026-01-10", "2026-02-20"), ("2025-12-01", "2026-12-31")]
MARCH_RANGES = [("2026-03-01", "2026-03-05"), ("2026-03-07", "2026-03-09"), ("2026-03-01", "2026-03-13")]
MARCH_RANGES += [("2026-03-01", "2026-03-31")]
EMPTY_RANGES = [("2026-01-01", "2026-12-31"), ("2026-03-02", "2026-03-02")]

CLOSED_REOPENED = [(_march(2), "taken", 1), (_march(2), "closed", "low"), (_march(4), "fixed", 3)]
WITHDRAWN_RAISED_AGAIN = [(_march(6), "fixed", 0), (_march(8), "fixed", 3)]
REOPENED_TWICE = [(_march(2), "taken", 1), (_march(2), "closed", "low"), (_march(4), "fixed", 2)]
REOPENED_TWICE += [(_march(5), "closed", "moderate")]
#: The saves of each case of test_programme_reopen_withdrawn.py: (day, what, item 9 or the closing's level).
STORES = {
    "closed-10-mar": [*CLOSED_REOPENED, *WITHDRAWN_RAISED_AGAIN, (_march(10), "closed", "moderate")],
    "never-closed-again": [*CLOSED_REOPENED, *WITHDRAWN_RAISED_AGAIN],
    "raised-again-at-the-first-finding": [*CLOSED_REOPENED, (_march(6), "fixed", 0), (_march(8), "fixed", 1)],
    "never-closed-withdrawn-raised-again": [
        (_march(2), "taken", 0),
        (_march(4), "fixed", 1),
        (_march(6), "fixed", 0),
        (_march(8), "fixed", 1),
        (_march(10), "closed", "low"),
    ],
    "reclosed-before-withdrawn": [*CLOSED_REOPENED, (_march(5), "closed", "moderate"), *WITHDRAWN_RAISED_AGAIN],
    "reopened-twice-around-withdrawal": [*REOPENED_TWICE, *WITHDRAWN_RAISED_AGAIN, (_march(10), "closed", "high")],
    "reopened-twice": [*REOPENED_TWICE, (_march(8), "fixed", 3), (_march(10), "closed", "high")],
    "reopened-twice-withdrawn-back-closed": [
        *REOPENED_TWICE,
        (_march(8), "fixed", 3),
        (_march(9), "closed", "high"),
        (_march(10), "fixed", 0),
        (_march(11), "fixed", 3),
    ],
}


def _saved(store, clock, steps) -> None:
    """Save ``steps`` as test_programme_reopen_withdrawn.py does: ``taken`` the questionnaire, ``fixed`` a correction
    of its current version, ``closed`` a risk assessment closing the flag on the current version."""
    pid = placed_at_2_1(store, clock)
    current = None
    for day, what, value in steps:
        current = save_step(store, clock, pid, current, day, what, value)


def _reports(data: ProgrammeData, ranges) -> dict:
    """Everything each report of ``ranges`` gives: its tables, worklist, curves and texts."""
    out = {}
    for start, end in ranges:
        report = programme_report(data, start, end)
        out[(start, end)] = {
            "tables": report.tables,
            "late_flags": report.late_flags,
            "curves": report.curves,
            "retention_comparison": report.retention_comparison,
            "resolution": report.resolution,
            "bounds": (report.start, report.end),
        }
    return out


def _same_as_saved(name: str, got: dict) -> None:
    path = REFERENCE / f"{name}.pkl.xz"
    if WRITE:
        REFERENCE.mkdir(parents=True, exist_ok=True)
        pd.to_pickle(got, path, compression="xz")
        pytest.skip(f"wrote {path}")
    saved = pd.read_pickle(path, compression="xz")
    assert list(got) == list(saved)
    for window, report in saved.items():
        mine = got[window]
        assert list(mine["tables"]) == list(report["tables"]), window
        for table, expected in report["tables"].items():
            assert_frame_equal(mine["tables"][table], expected, **EXACTLY, obj=f"{window} {table}")
        assert_frame_equal(mine["late_flags"], report["late_flags"], **EXACTLY, obj=f"{window} late_flags")
        for key in ("curves", "retention_comparison", "resolution", "bounds"):
            assert mine[key] == report[key], (window, key)


@pytest.fixture(scope="module")
def demo_year(tmp_path_factory):
    from iopkit.demo import PINNED_DAY, build_demo_db
    from iopkit.store import Store

    # built on the pinned day, as the saved reports were (the clinic's five from Monday 5 January 2026)
    demo = build_demo_db(tmp_path_factory.mktemp("demo") / "demo.sqlite", today=PINNED_DAY)
    with Store(demo, read_only=True) as store:
        return programme_data(store)


def test_the_demo_years_reports_are_unchanged(demo_year):
    _same_as_saved("demo_year", _reports(demo_year, DEMO_RANGES))


def test_the_hand_made_programmes_reports_are_unchanged():
    m = hand_made
    data = ProgrammeData.from_frames(m.stays(), m.attendance(), m.measures(), m.screens(), m.flags())
    _same_as_saved("hand_made", _reports(data, HAND_MADE_RANGES))


def test_the_reports_of_stays_alone_are_unchanged():
    _same_as_saved("stays_alone", _reports(ProgrammeData.from_frames(hand_made.stays()), HAND_MADE_RANGES))


@pytest.mark.parametrize("case", list(STORES))
def test_the_reports_of_a_flag_reopened_withdrawn_or_raised_again_are_unchanged(store, clock, case):
    _saved(store, clock, STORES[case])
    _same_as_saved(f"corrections_{case}", _reports(programme_data(store, as_of=D(2026, 3, 31)), MARCH_RANGES))


def test_the_reports_of_a_store_without_patients_are_unchanged(store):
    _same_as_saved("empty_store", _reports(programme_data(store, as_of=D(2026, 12, 31)), EMPTY_RANGES))


def test_the_reports_of_a_programme_without_stays_are_unchanged():
    stays = hand_made.stays().iloc[0:0]
    _same_as_saved("no_stays", _reports(ProgrammeData.from_frames(stays), EMPTY_RANGES))
