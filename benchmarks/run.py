"""Run every benchmark in this folder: `make bench` (full sizes) or `python benchmarks/run.py --quick`.

Each bench_*.py prints its own measurements as ratios against a baseline measured in the same run.
Extra arguments are passed through to every benchmark.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    failed = []
    for bench in sorted(Path(__file__).parent.glob("bench_*.py")):
        print(f"\n=== {bench.name} {' '.join(argv)}".rstrip(), flush=True)
        if subprocess.run([sys.executable, str(bench), *argv]).returncode != 0:
            failed.append(bench.name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
