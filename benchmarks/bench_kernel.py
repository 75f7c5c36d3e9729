"""The dashboards' own kernel work at first render, apart from the browser: CPU and widget models per notebook.

    .venv/bin/python benchmarks/bench_kernel.py [--quick] [--rounds N] [--against CHECKOUT] [PAGE ...]

Each dashboard notebook (and the trivial one-slider notebook of ``bench_dashboards.py``) is run with nbclient
on a fresh kernel started in the dashboards folder, on the seeded demo database (``IOPKIT_DB``), as Voila runs
it for a page's first render.  Printed per notebook, medians over the rounds:

* kernel CPU: the kernel process's CPU time (every thread of it) from the notebook's first cell to the end of
  its last, i.e. what the page's first render costs the kernel (imports, building the widgets, the messages
  sending them); work a page leaves until the browser has shown it (``when_shown``) runs later and is not in it;
* ratio: the kernel CPU over the trivial notebook's, measured in the same run;
* models: the widget models the notebook has made when its cells are done (``Widget.widgets``), each one a
  message to the browser and a view to draw before the page shows (the trivial notebook makes 8).

Process CPU is far less disturbed by other work on a shared machine than wall time, yet on the 2-core machine
at a load average of 5-10 one notebook's runs spread over +-50 ms, and the paired median of 7 rounds of a notebook
unchanged still moves by 10-15 ms (4 December 2026).  ``--against CHECKOUT`` runs every notebook
of this checkout and of ``CHECKOUT`` (another worktree, or a ``git archive`` of ``main``) in turn, round after
round, and prints the median of the rounds' paired differences: compare changes that way, never against an
earlier run.  Both checkouts should have their bytecode compiled (``python -m compileall iopkit``): a kernel
compiling iopkit from source pays 35-55 ms more.  ``PAGE``: only the notebooks whose name contains one of these.

``--quick``: one round.  No timing is asserted anywhere.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_dashboards import TRIVIAL  # noqa: E402  (the same trivial notebook)

#: Inserted before the notebook's cells: the clock starts once the kernel is up.
BEFORE = "import time as _iop_bench_time\n_iop_bench_cpu = _iop_bench_time.process_time()"
#: Appended after them: the kernel CPU since ``BEFORE`` and the widget models made.
AFTER = (
    "_iop_bench_cpu = _iop_bench_time.process_time() - _iop_bench_cpu\n"
    "import json as _iop_bench_json, warnings as _iop_bench_warnings, ipywidgets as _iop_bench_widgets\n"
    "with _iop_bench_warnings.catch_warnings():\n"
    "    _iop_bench_warnings.simplefilter('ignore')  # Widget.widgets is deprecated, and still the registry\n"
    "    print('IOP-BENCH', _iop_bench_json.dumps([_iop_bench_cpu, len(_iop_bench_widgets.Widget.widgets)]))"
)


def run(checkout: Path, notebook: str, database: str) -> tuple[float, int]:
    """Run one notebook of ``checkout``'s dashboards on a fresh kernel: (kernel CPU in ms, widget models)."""
    import nbformat
    from nbclient import NotebookClient

    folder = checkout / "iopkit" / "dashboards"
    nb = nbformat.reads(TRIVIAL, as_version=4) if notebook == "trivial" else nbformat.read(folder / notebook, 4)
    nb.cells = [nbformat.v4.new_code_cell(BEFORE), *nb.cells, nbformat.v4.new_code_cell(AFTER)]
    saved = dict(os.environ)
    # the kernel inherits this process's environment: the checkout first on its path, the demo store
    os.environ.update(PYTHONPATH=str(checkout), IOPKIT_DB=database, JUPYTER_PLATFORM_DIRS="1")
    try:
        NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    for output in nb.cells[-1].outputs:
        if output.get("name") == "stdout" and "IOP-BENCH" in output["text"]:
            cpu, models = json.loads(output["text"].split("IOP-BENCH", 1)[1])
            return 1000 * cpu, models
    raise RuntimeError(f"{notebook}: the notebook did not finish: {nb.cells[-1].outputs}")


def main(argv: list[str]) -> int:
    args = list(argv)
    rounds = 1 if "--quick" in args else 7
    against = None
    if "--rounds" in args:
        rounds = int(args[args.index("--rounds") + 1])
        del args[args.index("--rounds") : args.index("--rounds") + 2]
    if "--against" in args:
        against = Path(args[args.index("--against") + 1]).resolve()
        del args[args.index("--against") : args.index("--against") + 2]
    wanted = [a for a in args if not a.startswith("--")]
    checkouts = {"this": ROOT, **({"against": against} if against is not None else {})}
    notebooks = ["trivial"] + sorted(
        p.name
        for p in (ROOT / "iopkit" / "dashboards").glob("0[0-9]_*.ipynb")
        if not wanted or any(w in p.name for w in wanted)
    )
    with tempfile.TemporaryDirectory(prefix="iopkit-bench-kernel-") as work:
        build = f"from iopkit.demo import build_demo_db; print(build_demo_db({work + '/demo.db'!r}))"
        database = subprocess.check_output(
            [sys.executable, "-c", build],
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            text=True,
        ).strip()
        cpu: dict[tuple[str, str], list[float]] = {}
        models: dict[tuple[str, str], int] = {}
        for _ in range(rounds):  # round after round, so that drift weighs on every notebook and checkout alike
            for notebook in notebooks:
                for label, checkout in checkouts.items():
                    ms, made = run(checkout, notebook, database)
                    cpu.setdefault((notebook, label), []).append(ms)
                    models[notebook, label] = made
    median = statistics.median
    print(f"Dashboards' kernel work at first render: nbclient, fresh kernels, medians of {rounds} round(s)")
    head = "".join(f" {label + ' models':>14} {label + ' CPU':>12}" for label in checkouts)
    print(f"{'notebook':24}{head} {'ratio':>7}" + (f" {'this - against':>15}" if against else ""))
    trivial = median(cpu["trivial", "this"])
    for notebook in notebooks:
        row = "".join(f" {models[notebook, c]:14d} {median(cpu[notebook, c]):9.0f} ms" for c in checkouts)
        row += f" {median(cpu[notebook, 'this']) / trivial:6.2f}x"
        if against is not None:
            paired = median(a - b for a, b in zip(cpu[notebook, "this"], cpu[notebook, "against"], strict=True))
            row += f" {paired:+12.0f} ms"
        print(f"{notebook:24}{row}")
    print(
        "ratio: this checkout's kernel CPU over the trivial notebook's (what the page's first render costs the kernel)"
    )
    if against is not None:
        print("this - against: the median of the rounds' paired differences in kernel CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
