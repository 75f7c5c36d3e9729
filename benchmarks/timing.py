"""Timing and memory helpers every benchmark shares, so all of them measure alike.

Importing this module also puts the checkout the benchmarks sit in first on ``sys.path``: a
benchmark measures the code next to it, whichever environment runs it.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def best_of(fn: Callable[[], object], repeats: int, clock: Callable[[], float] = time.process_time) -> float:
    """The fastest of ``repeats`` calls of ``fn``, in seconds of ``clock``.

    The default clock is this process's CPU time (every thread of it, BLAS included), which other
    work on a shared machine disturbs far less than wall time; pass ``time.perf_counter`` for wall time.
    """
    times = []
    for _ in range(repeats):
        start = clock()
        fn()
        times.append(clock() - start)
    return min(times)


def peak_memory(fn: Callable[[], object]) -> int:
    """Peak bytes that Python and numpy allocate (traced) while ``fn`` runs, beyond what was there."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
