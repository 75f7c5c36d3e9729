"""The caseload and the programme page on the demo database: the store reads behind them, and their first render.

    .venv/bin/python benchmarks/bench_programme_pages.py [--quick]

The demo database is the one ``make serve`` builds (iopkit.demo: the clinic's five patients and the synthetic
programme of 240 patients over a year).  Printed:

* library, in this process: the caseload's episodes (``Episode.from_store`` for every patient) and
  ``programme_data`` read record by record (``Store.current`` / ``Store.history`` per patient, each stored
  score re-derived on its own with ``score``: the baseline) and from one ``Store.snapshot()`` (one query, the
  scores re-derived with ``score_many``); wall and CPU time, ratio snapshot / record by record.  The first
  snapshot is timed cold (it imports pandas, as a fresh dashboard kernel does) and warm.
* browser: first render of ``00_home`` (navigation to the caseload table) and ``05_programme`` (to the report's
  tables) in headless Chromium, each against the trivial one-slider notebook served the same way (ratio).

``--quick``: a programme of 40 patients and one load each.  No timing is asserted anywhere.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_dashboards import TRIVIAL  # noqa: E402  (the same trivial notebook)

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, VoilaServer, loopback_context  # noqa: E402  (one Voila configuration)

#: name -> (notebook, what shows the page has rendered its content)
PAGES = {
    "trivial slider": ("00_trivial.ipynb", ".bench-out"),
    "caseload (home)": ("00_home.ipynb", ".iop-caseload"),
    "programme report": ("05_programme.ipynb", ".iop-programme-body table"),
}

READS = """
import sys, time
from iopkit.episode import Episode
from iopkit.report import programme_data
from iopkit.store import Store


class OneByOne:  # the store read record by record: what the pages did before Store.snapshot()
    def __init__(self, store):
        self.patients, self.patient, self.current, self.history = (store.patients, store.patient, store.current,
                                                                   store.history)


def timed(what):
    wall, cpu = time.perf_counter(), time.process_time()
    what()
    return time.perf_counter() - wall, time.process_time() - cpu


store = Store(sys.argv[1])
cold = timed(store.snapshot)  # imports pandas, as a fresh kernel does
out = {"snapshot (cold)": cold}
out["caseload, record by record"] = timed(lambda: [Episode.from_store(store, p) for p in store.patients()])
out["caseload, snapshot"] = timed(lambda: [Episode.from_store(s, p) for s in [store.snapshot()] for p in s.patients()])
out["programme_data, record by record"] = timed(lambda: programme_data(OneByOne(store)))
out["programme_data, snapshot"] = timed(lambda: programme_data(store))
for name, (wall, cpu) in out.items():
    print(f"{name}\\t{wall}\\t{cpu}")
"""


def build(work: Path, quick: bool) -> Path:
    from iopkit.datasets.programme import add_demo_programme
    from iopkit.demo import build_demo_db
    from iopkit.store import Store

    if not quick:
        return build_demo_db(work / "demo.sqlite")
    path = build_demo_db(work / "demo.sqlite", programme=False)
    with Store(path) as store:
        add_demo_programme(store, patients=40)
    return path


def reads(db: Path) -> dict[str, tuple[float, float]]:
    """The library's timings, in a fresh interpreter (nothing imported or cached by this one)."""
    done = subprocess.run(
        [sys.executable, "-c", READS, str(db)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    rows = [line.split("\t") for line in done.stdout.strip().splitlines()]
    return {name: (float(wall), float(cpu)) for name, wall, cpu in rows}


def first_render(server, browser, notebook: str, ready: str, loads: int) -> float:
    times = []
    for _ in range(loads):
        context, _external = loopback_context(browser, issued=False, viewport={"width": 1366, "height": 900})
        page = context.new_page()
        began = time.perf_counter()
        page.goto(server.login_url(f"/voila/render/{notebook}"), wait_until="commit")
        page.wait_for_selector(ready, state="visible", timeout=180_000)
        times.append(time.perf_counter() - began)
        context.close()
    return statistics.median(times)


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    loads = 1 if quick else 3
    from playwright.sync_api import sync_playwright

    from iopkit.store import Store

    work = Path(tempfile.mkdtemp(prefix="iopkit-bench-"))
    try:
        db = build(work, quick)
        with Store(db) as store:
            patients = len(store.patients())
        timings = reads(db)
        served = work / "dashboards"
        served.mkdir()
        (served / "00_trivial.ipynb").write_text(TRIVIAL)
        for name in ("00_home.ipynb", "05_programme.ipynb"):
            shutil.copy(ROOT / "iopkit" / "dashboards" / name, served / name)
        # the kernels import this tree's iopkit (they start in the served folder)
        env = {**os.environ, "IOPKIT_DB": str(db), "JUPYTER_PLATFORM_DIRS": "1", "PYTHONPATH": str(ROOT)}
        server = VoilaServer(served, env)
        renders = {}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                for name, (notebook, ready) in PAGES.items():
                    renders[name] = first_render(server, browser, notebook, ready, loads)
                browser.close()
        finally:
            server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"demo database, {patients} patients; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'store read':36} {'wall':>8} {'CPU':>8}")
    for name, (wall, cpu) in timings.items():
        print(f"  {name:34} {wall:7.2f}s {cpu:7.2f}s")
    for what in ("caseload", "programme_data"):
        before, after = timings[f"{what}, record by record"], timings[f"{what}, snapshot"]
        print(
            f"  {what}: ratio snapshot / record by record {after[0] / before[0]:5.2f}x wall, "
            f"{after[1] / before[1]:5.2f}x CPU"
        )
    base = renders["trivial slider"]
    print(f"first render in Chromium (median of {loads}):")
    for name, seconds in renders.items():
        print(f"  {name:34} {seconds:7.2f}s   ratio {seconds / base:5.2f}x the trivial notebook")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
