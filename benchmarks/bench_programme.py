"""Benchmark: the programme report for 10,000 patients and 500,000 attendance records (target: under 2 s).

    .venv/bin/python benchmarks/bench_programme.py [--quick]

Synthetic tables (one episode of one or two stays per patient over a year, 500,000 sessions, 20 measures and
10 drug screens per patient, a few thousand flags) are built with numpy, then timed:

* ``ProgrammeData.from_frames`` (checks and normalises every column),
* ``programme_report`` (every table) and ``ProgrammeReport.to_html`` (the printable report),
* ``programme_report`` of one patient (a few records: the fixed cost of a report, what a test or a small clinic pays),
* baseline: a plain pandas groupby summing planned and delivered hours per patient-week of the same attendance.

Ratios are report time / baseline time (how many plain groupbys the whole report costs).  ``--quick`` uses
small sizes.  No timing is asserted anywhere: the numbers are printed for a person to read.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from iopkit.report import ProgrammeData, programme_report

TARGET_S = 2.0


CPU = {}


def best_of(repeats, function, *args):
    """Best wall time of ``repeats`` runs of ``function(*args)``, and the last result (best CPU time in CPU)."""
    times, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = function(*args)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU[function] = min(cpu)
    return min(times), result


def tables(patients: int, sessions: int, seed: int = 1):
    """Synthetic programme tables of ``patients`` patients and ``sessions`` attendance records."""
    rng = np.random.default_rng(seed)
    year = np.datetime64("2026-01-05")
    start = year + rng.integers(0, 330, patients).astype("timedelta64[D]")
    first_days = rng.integers(14, 90, patients)
    stepped = rng.random(patients) < 0.3
    second_days = rng.integers(14, 60, patients)
    open_ = rng.random(patients) < 0.15
    level = rng.choice(["1", "2.1", "2.5"], patients, p=[0.2, 0.6, 0.2])
    track = rng.choice(["morning", "evening"], patients)
    first_end = start + first_days.astype("timedelta64[D]")
    ids = np.arange(1, patients + 1)
    one = pd.DataFrame(
        {
            "patient": ids,
            "episode": 1,
            "level": level,
            "track": track,
            "start": start,
            "end": np.where(open_ & ~stepped, np.datetime64("NaT"), first_end),
            "next_level": np.where(
                stepped, np.where(level == "2.5", "2.1", "1"), np.where(rng.random(patients) < 0.6, "0.5", None)
            ),
        }
    )
    s = stepped.nonzero()[0]
    two = pd.DataFrame(
        {
            "patient": ids[s],
            "episode": 1,
            "level": np.where(level[s] == "2.5", "2.1", "1"),
            "track": track[s],
            "start": first_end[s] + np.timedelta64(1, "D"),
            "end": np.where(open_[s], np.datetime64("NaT"), first_end[s] + second_days[s].astype("timedelta64[D]")),
            "next_level": np.where(open_[s], None, "0.5"),
        }
    )
    stays = pd.concat([one, two], ignore_index=True)
    length = first_days + np.where(stepped, second_days, 0)
    who = rng.integers(0, patients, sessions)
    day = start[who] + (rng.random(sessions) * length[who]).astype("int64").astype("timedelta64[D]")
    planned = np.where(level[who] == "2.5", 4.0, 3.0)
    delivered = planned * (rng.random(sessions) < 0.82)
    attendance = pd.DataFrame({"patient": ids[who], "date": day, "planned_hours": planned, "hours": delivered})
    m = rng.integers(0, patients, patients * 20)
    mday = start[m] + (rng.random(m.size) * length[m]).astype("int64").astype("timedelta64[D]")
    measures = pd.DataFrame(
        {
            "patient": ids[m],
            "date": mday,
            "instrument": rng.choice(["phq9", "gad7"], m.size),
            "total": rng.integers(0, 22, m.size),
        }
    )
    k = rng.integers(0, patients, patients * 10)
    screens = pd.DataFrame(
        {
            "patient": ids[k],
            "date": start[k] + (rng.random(k.size) * length[k]).astype("int64").astype("timedelta64[D]"),
            "positive": rng.random(k.size) < 0.2,
        }
    )
    f = rng.integers(0, patients, patients // 4)
    fday = start[f] + (rng.random(f.size) * length[f]).astype("int64").astype("timedelta64[D]")
    flags = pd.DataFrame(
        {
            "patient": ids[f],
            "date": fday,
            "code": "suicidal_ideation",
            "severity": "critical",
            "resolved": np.where(
                rng.random(f.size) < 0.9,
                fday + rng.integers(0, 5, f.size).astype("timedelta64[D]"),
                np.datetime64("NaT"),
            ),
        }
    )
    return stays, attendance, measures, screens, flags


def baseline(attendance):
    week = attendance["date"] - pd.to_timedelta(attendance["date"].dt.day_of_week, unit="D")
    return attendance.assign(week=week).groupby(["patient", "week"])[["planned_hours", "hours"]].sum()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a few seconds)")
    args = parser.parse_args(argv)
    patients, sessions, repeats = (500, 25_000, 2) if args.quick else (10_000, 500_000, 3)
    frames = tables(patients, sessions)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t_data, data = best_of(repeats, lambda: ProgrammeData.from_frames(*frames))
    programme_report(data, "2026-01-01", "2026-12-31")  # warm: imports scipy.special once
    t_report, report = best_of(repeats, programme_report, data, "2026-01-01", "2026-12-31")
    t_html, html = best_of(repeats, report.to_html)
    cpu = CPU[programme_report] + CPU[report.to_html]
    t_base, _ = best_of(repeats, baseline, data.attendance)
    one = ProgrammeData.from_frames(*tables(1, 20))
    t_one, _ = best_of(5, programme_report, one, "2026-01-01", "2026-12-31")
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    total = t_report + t_html
    print(
        f"programme report, {patients:,} patients, {sessions:,} attendance records, "
        f"{len(data.measures):,} measures, {len(data.screens):,} screens:"
    )
    print(f"  ProgrammeData.from_frames (checks)   {t_data * 1e3:8.1f} ms")
    print(f"  programme_report (every table)       {t_report * 1e3:8.1f} ms")
    print(f"  to_html (printable, {len(html) // 1024} kB)          {t_html * 1e3:8.1f} ms")
    print(f"  programme_report, one patient        {t_one * 1e3:8.1f} ms")
    print(
        f"  pandas groupby baseline (per week)   {t_base * 1e3:8.1f} ms   ratio report/baseline {total / t_base:5.1f}x"
    )
    load = os.getloadavg()[0]
    print(
        f"  report + html {total:.2f} s wall ({cpu:.2f} s CPU; load average {load:.1f} on {os.cpu_count()} cores): "
        f"{'within' if total <= TARGET_S else 'OVER'} the {TARGET_S:g} s target; "
        f"peak memory grew by {(rss_after - rss_before) / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
