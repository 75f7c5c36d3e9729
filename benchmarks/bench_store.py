"""Benchmark: store throughput with many writers, PostgreSQL beside SQLite.

    .venv/bin/python benchmarks/bench_store.py [--quick]

8 processes x 500 saves each (``--quick``: 8 x 50), every process also racing the others to amend
the same 25 records (``iopkit.store.load.run_load``): all saves present, each race won exactly once,
the hash chain whole, on a SQLite file and on a fresh PostgreSQL database of the server at
``$IOPKIT_TEST_POSTGRES`` (default the local one on 127.0.0.1:5432; ``make pgdeps`` starts one).
Every write is durable before it returns on both (SQLite: WAL with synchronous=FULL; PostgreSQL:
synchronous_commit=on) and serialised (the chain), so writes/s is the commit rate of one queue.

Caseload read (``--caseload`` measures only this; target: well under 0.5 s of CPU): what the home page reads,
``Store.snapshot()`` of the demo database (245 patients, about 8,000 records, every stored score re-derived)
and ``Episode.from_store`` of each patient, CPU seconds, best of 3, against a baseline measured in the same
run: the same rows read with plain ``sqlite3`` and every payload parsed with ``json.loads``.  The first
snapshot in a fresh process is reported too (imports and first calls included).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import best_of  # noqa: E402

from iopkit.store.load import run_load  # noqa: E402

SERVER = os.environ.get("IOPKIT_TEST_POSTGRES") or "postgresql://postgres@127.0.0.1:5432/postgres"


#: The caseload read of the demo database should stay well under this many CPU seconds.
CASELOAD_TARGET_S = 0.5
#: What a fresh process does first: import the store and episodes, open the demo file, read it (CPU seconds).
FIRST_READ = """
import sys, time, datetime as dt
start = time.process_time()
from iopkit.store import Store
from iopkit.episode import Episode
everyone = Store(sys.argv[1], read_only=True).snapshot()
episodes = [Episode.from_store(everyone, p, as_of=dt.date.today()) for p in everyone.patients()]
print(time.process_time() - start, "pandas" in sys.modules)
"""


def caseload_read(folder: str) -> bool:
    """Time the caseload read of the demo database against plain sqlite3 + json.loads; print it."""
    import datetime as dt
    import json
    import sqlite3
    import subprocess

    from iopkit.demo import build_demo_db
    from iopkit.episode import Episode
    from iopkit.store import Store
    from iopkit.store.schema import RECORD_SQL

    path = str(build_demo_db(Path(folder) / "demo.sqlite"))
    today = dt.date.today()
    store = Store(path, read_only=True)
    holder: dict = {}

    def snapshot() -> None:
        holder["snapshot"] = store.snapshot()

    def episodes() -> None:
        everyone = holder["snapshot"]
        holder["episodes"] = [Episode.from_store(everyone, p, as_of=today) for p in everyone.patients()]

    def plain() -> None:
        with sqlite3.connect(path) as conn:
            rows = conn.execute(RECORD_SQL + " ORDER BY r.patient_id, r.taken_at, r.id").fetchall()
        holder["plain"] = [json.loads(row[7]) for row in rows]

    baseline, read, built = best_of(plain, 3), best_of(snapshot, 3), best_of(episodes, 3)
    records = sum(len(holder["snapshot"].history(p.id)) for p in holder["snapshot"].patients())
    first = subprocess.run(
        [sys.executable, "-c", FIRST_READ, path],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    ).stdout.split()
    store.close()
    total = read + built
    print(
        f"caseload read ({len(holder['episodes'])} patients, {records:,} records), CPU best of 3: "
        f"snapshot {read:.3f} s + episodes {built:.3f} s = {total:.3f} s (target < {CASELOAD_TARGET_S} s); "
        f"plain sqlite3 + json.loads {baseline:.3f} s (ratio caseload/plain {total / baseline:.1f}x); "
        f"first read in a fresh process, imports included: {float(first[0]):.2f} s (pandas imported: {first[1]})"
    )
    return len(holder["plain"]) == records


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--caseload", action="store_true", help="only the caseload read (no PostgreSQL needed)")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        read_ok = caseload_read(folder)
    if arguments.caseload:
        return 0 if read_ok else 1
    processes, saves, races = (8, 50, 5) if arguments.quick else (8, 500, 25)
    import psycopg

    with tempfile.TemporaryDirectory() as folder:
        sqlite = run_load(str(Path(folder) / "bench.sqlite"), processes, saves, races)
    print(f"SQLite:     {sqlite}")
    name = f"iopkit_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        postgres = run_load(f"{SERVER.rpartition('/')[0]}/{name}", processes, saves, races)
    finally:
        with psycopg.connect(SERVER, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"PostgreSQL: {postgres}")
    print(
        f"saves/s: PostgreSQL {postgres.per_second:.0f}, SQLite {sqlite.per_second:.0f} "
        f"(ratio PostgreSQL/SQLite {postgres.per_second / sqlite.per_second:.2f}x)"
    )
    return 0 if sqlite.ok and postgres.ok and read_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
