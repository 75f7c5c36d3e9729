"""Benchmark: store throughput with many writers, PostgreSQL beside SQLite.

    .venv/bin/python benchmarks/bench_store.py [--quick]

8 processes x 500 saves each (``--quick``: 8 x 50), every process also racing the others to amend
the same 25 records (``iopkit.store.load.run_load``): all saves present, each race won exactly once,
the hash chain whole, on a SQLite file and on a fresh PostgreSQL database of the server at
``$IOPKIT_TEST_POSTGRES`` (default the local one on 127.0.0.1:5432; ``make pgdeps`` starts one).
Every write is durable before it returns on both (SQLite: WAL with synchronous=FULL; PostgreSQL:
synchronous_commit=on) and serialised (the chain), so writes/s is the commit rate of one queue.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from iopkit.store.load import run_load  # noqa: E402

SERVER = os.environ.get("IOPKIT_TEST_POSTGRES") or "postgresql://postgres@127.0.0.1:5432/postgres"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    arguments = parser.parse_args(argv)
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
    return 0 if sqlite.ok and postgres.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
