"""How fast the clinician dashboards feel, against a trivial one-slider notebook served the same way.

Serves a temporary folder holding every dashboard and a trivial notebook (one slider, one
text output) with the Voila command line the browser tests use, loads each page in headless
Chromium and prints medians of

* first render: from navigation to the dashboard's main widget being visible;
* data shown: from navigation to what the page's first read of the store fills in (the caseload table, the
  report), or, on the other pages, to the end of that read (the page's class ``iop-read``: it takes clicks from
  then on), read once the page has shown (``start_reading``);
* round trip: from an input event (click, key, select) to the result element changing, measured
  inside the page with a MutationObserver (Playwright's own polling adds 4-50 ms);

and each as a ratio to the trivial notebook measured in the same run (first render: the median of each round's
ratio, with a 95 % bootstrap interval of that median, since one page moves by up to 0.2x between runs). The store
is the seeded demo database (iopkit.demo), so the progress page has real records to read, with two groups added
(:data:`GROUPS`: the demo holds none) for the groups page's roster.

One load of the trivial notebook comes first and is not counted (the server's first page pays for its warm-up).
The pages are then loaded in turn, round after round, so that drift during the run weighs on all of them alike.

Usage: ``python benchmarks/bench_dashboards.py [--quick] [--preheat] [--rounds N] [--page NAME ...]`` (7 rounds, or
``N``; ``--quick``: one load each; ``--page``: that page alone, beside the trivial one, e.g.
``--page groups --page programme``).
Targets: first render no slower than the trivial notebook (<= 1.0x); round trip under 100 ms.

Run it with the checkout first on ``PYTHONPATH`` when iopkit is also installed elsewhere: the kernels start in
the dashboards folder and import whichever iopkit the interpreter finds.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import VoilaServer, launch_chromium, loopback_context  # noqa: E402  (one Voila and Chromium configuration)

TRIVIAL = """{"cells": [{"cell_type": "code", "execution_count": null, "id": "trivial", "metadata": {}, "outputs": [],
 "source": ["import ipywidgets as w\\n", "slider = w.IntSlider(70, min=40, max=150, description='Weight (kg)')\\n",
  "out = w.HTML()\\n", "out.add_class('bench-out')\\n",
  "def show(change=None):\\n", "    out.value = f'Weight = {slider.value} kg'\\n",
  "slider.observe(show, 'value')\\n", "show()\\n", "w.VBox([slider, out])"]}],
 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
 "nbformat": 4, "nbformat_minor": 5}"""

#: Arms a MutationObserver on ``target``; the first input event after it starts the clock.
ARM = """([target]) => {
  window.__rt = undefined;
  const el = document.querySelector(target), before = el.textContent;
  let t0 = null;
  const start = () => { if (t0 === null) t0 = performance.now(); };
  for (const kind of ['pointerdown', 'keydown', 'input', 'change']) {
    document.addEventListener(kind, start, {capture: true, once: true});
  }
  const obs = new MutationObserver(() => {
    if (t0 !== null && el.textContent !== before) { obs.disconnect(); window.__rt = performance.now() - t0; }
  });
  obs.observe(el, {subtree: true, childList: true, characterData: true});
}"""


def _slider(page, k):
    page.locator(".widget-slider .noUi-handle").focus()
    page.keyboard.press("ArrowRight" if k % 2 == 0 else "ArrowLeft")


def _intake_setup(page):
    page.locator(".iop-instrument select").select_option(label="Patient Health Questionnaire-9 (PHQ-9)")
    page.wait_for_selector(".iop-form-phq9")


def _intake(page, k):
    page.locator(".iop-item-1").get_by_role("radio", name="1 Several days" if k % 2 == 0 else "0 Not at all").click()


def _placement_setup(page):
    for dimension in range(1, 7):
        page.locator(f".iop-dimension-{dimension} select").select_option(index=2)
    page.wait_for_selector(".iop-recommendation")


def _placement(page, k):
    page.locator(".iop-dimension-1 select").select_option(index=3 - k % 2)


def _dose(page, k):
    page.locator(".iop-days").get_by_role("button", name="Tue").click()


def _progress(page, k):
    page.locator(".iop-patient select").select_option(label=f"DEMO-0{1 + k % 2}")


def _home(page, k):
    page.locator(".iop-search input").fill("DEMO-01" if k % 2 == 0 else "")


#: The groups the bench adds to the demo database (:func:`add_groups`), chosen in turn on the groups page: name,
#: track and members (pseudonyms). Each holds members whose own plan has the group's Monday session (DEMO-02 and
#: SYN-0062 mornings, DEMO-01 evenings, 3 h) and one whose plan has not (DEMO-04 meets on Tuesdays, DEMO-05's
#: sessions are 4 h), so that the roster drawn shows rows that can be saved and a row that says why it cannot.
GROUPS = (
    ("Early recovery AM", "morning", ("DEMO-02", "SYN-0062", "DEMO-04")),
    ("Early recovery PM", "evening", ("DEMO-01", "DEMO-05")),
)


def session_day():
    """The session the roster is taken for: the last Monday before the clinic's today, a session of the demo clinic
    patients' plans (:func:`iopkit.demo.episode_start`) whose attendance is not recorded yet."""
    import datetime as dt

    from iopkit.demo import WEEKS, episode_start
    from iopkit.entry import clinical_day

    return episode_start(clinical_day()) + dt.timedelta(weeks=WEEKS)


def add_groups(path) -> dict:
    """Save :data:`GROUPS` (Monday, Wednesday, Friday, 3 h, facilitator KM) in the store at ``path`` as the groups
    page does (:func:`iopkit.widgets.groups.save_group`); the demo database holds none. Returns name -> member ids."""
    from iopkit.dose.groups import Group
    from iopkit.store import Store
    from iopkit.widgets.groups import save_group

    saved = {}
    with Store(path) as store:
        ids = {patient.pseudonym: patient.id for patient in store.patients()}
        for name, track, members in GROUPS:
            group = Group(name, track, ["mon", "wed", "fri"], 3, "KM", members=tuple(ids[m] for m in members))
            save_group(store, group, by="KM")
            saved[name] = group.members
    return saved


def _groups_setup(page):
    page.locator(".iop-session-date input").fill(session_day().isoformat())
    page.wait_for_selector(f".iop-group-choose select >> text={GROUPS[-1][0]}", state="attached")


def _groups(page, k):
    page.locator(".iop-group-choose select").select_option(label=GROUPS[k % 2][0])


def _programme_range(page, k):
    """Before the clock: the report's first day, 13 weeks before its last day, then the year before it, in turn."""
    import datetime as dt

    first, last = page.locator(".iop-programme-page .widget-datepicker input").all()
    days = 90 if k % 2 == 0 else 364  # the page opens on the year up to the last day (ProgrammePage._read)
    first.fill((dt.date.fromisoformat(last.input_value()) - dt.timedelta(days=days)).isoformat())


def _programme(page, k):
    page.locator(".iop-programme-show").click()


#: The page every ratio is measured against.
BASELINE = "trivial slider"

#: A page whose first read of the store is done (iopkit.widgets.page.READ_CLASS): it takes clicks from then on.
READ = ".iop-read"

#: name -> (notebook, main widget selector, result selector, setup, input action, data-shown selector); an input
#: action given as (prepare, act) runs ``prepare(page, k)`` before the clock and the clock starts on ``act``'s event
PAGES = {
    "trivial slider": ("00_trivial.ipynb", ".bench-out", ".bench-out", None, _slider, None),
    "intake": ("01_intake.ipynb", ".iop-intake .iop-instrument", ".iop-result-panel", _intake_setup, _intake, READ),
    "placement": (
        "02_placement.ipynb",
        ".iop-dimensions",
        ".iop-placement .iop-result",
        _placement_setup,
        _placement,
        READ,
    ),
    "dose planner": ("03_dose_planner.ipynb", ".iop-plan-summary", ".iop-plan", None, _dose, READ),
    "progress": ("04_progress.ipynb", ".iop-patient", ".iop-review", None, _progress, READ),
    "home (caseload)": ("00_home.ipynb", ".iop-patient-list", ".iop-patient-list", None, _home, ".iop-caseload"),
    "programme": (
        "05_programme.ipynb",
        ".iop-programme-show",
        ".iop-programme-body",
        None,
        (_programme_range, _programme),
        ".iop-programme-body table",
    ),
    "groups": ("06_groups.ipynb", ".iop-group-choose", ".iop-roster", _groups_setup, _groups, READ),
}


def load(server, browser, notebook, ready, result, setup, act, filled, trips):
    """Load one page once: its first render, its data shown (or None), its round trips and its phases.

    The phases split the first render where the page's work changes hands: ``server`` from navigation to the
    page's HTML complete (``DOMContentLoaded``: the kernel started and the notebook run, since Voila streams the
    outputs as the cells run), ``browser`` from there to the widget manager's websocket (the page's scripts
    loaded and started), ``widgets`` from there to the main widget visible (the widgets' state fetched from the
    kernel and drawn).  Times are taken as Playwright reports the events.
    """
    rts: list[float] = []
    marks: dict[str, float] = {}
    context, _external = loopback_context(browser, issued=False, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    began = time.perf_counter()
    page.on("domcontentloaded", lambda _page: marks.setdefault("html", time.perf_counter() - began))
    page.on("websocket", lambda _ws: marks.setdefault("socket", time.perf_counter() - began))
    page.goto(server.login_url(f"/voila/render/{notebook}"), wait_until="commit")
    page.wait_for_selector(ready, state="visible", timeout=60_000)
    render, shown = time.perf_counter() - began, None
    html, socket = marks.get("html", render), marks.get("socket", render)
    phases = {"server": html, "browser": max(socket - html, 0.0), "widgets": max(render - socket, 0.0)}
    if filled:
        try:
            page.wait_for_selector(filled, state="visible", timeout=60_000)
        except Exception:  # say what the page and the server showed
            print(page.inner_text("body")[-2000:], server.log_tail(), sep="\n", file=sys.stderr)
            raise
        shown = time.perf_counter() - began
    if setup:
        setup(page)
    prepare, act = act if isinstance(act, tuple) else (None, act)
    for k in range(trips if act else 0):
        if prepare:
            prepare(page, k)  # what the input needs first (the report's dates before Show report), not timed
        page.wait_for_timeout(100)  # human pace: the kernel is idle when the input arrives
        page.evaluate(ARM, [result])
        act(page, k)
        page.wait_for_function("window.__rt !== undefined", timeout=30_000)
        rts.append(page.evaluate("window.__rt"))
    page.close(run_before_unload=True)  # as a tab is closed: Voila's unload handler shuts the kernel down
    context.close()
    return render, shown, rts, phases


#: The phases of a first render (:func:`load`).
PHASES = ("server", "browser", "widgets")


def measure(server, browser, pages, loads, trips, preheat=False):
    """Per page: median first render, median round trip, median data shown, the first-render ratios to the
    trivial page (one per round), and per phase the median time and the median of the rounds' differences to
    the trivial page's same phase (what the page itself adds there).

    The pages are loaded in turn (trivial, intake, ..., trivial, intake, ...), not each page ``loads`` times in a
    row: whatever drifts during the run (the server's memory, kernels still shutting down, the machine's other work)
    then weighs on every page alike, the trivial one included.  Each round's ratio divides a page's render by the
    trivial page's render of the same round, so that a slow round weighs on both sides of its ratio.
    """
    renders, shown, rts, phases = ({name: [] for name in pages} for _ in range(4))
    for _ in range(loads):
        for name, spec in pages.items():
            render, data, trips_ms, split = load(server, browser, *spec, trips)
            renders[name].append(render)
            shown[name] += [] if data is None else [data]
            rts[name] += trips_ms
            phases[name].append(split)
            if preheat:
                time.sleep(2)  # let the pool refill
    median = statistics.median
    base = renders[BASELINE]
    return {
        name: (
            median(renders[name]),
            median(rts[name]) if rts[name] else None,
            median(shown[name]) if shown[name] else None,
            [page / trivial for page, trivial in zip(renders[name], base, strict=True)],
            {
                phase: (
                    median(split[phase] for split in phases[name]),
                    median(
                        own[phase] - trivial[phase] for own, trivial in zip(phases[name], phases[BASELINE], strict=True)
                    ),
                )
                for phase in PHASES
            },
        )
        for name in pages
    }


def interval(ratios: list[float], level: float = 0.95, resamples: int = 2000) -> tuple[float, float]:
    """A percentile-bootstrap interval of the median of ``ratios`` (fixed seed: the same ratios, the same interval).

    With a handful of rounds it is wide; it says how far the median could move in another run of the same
    benchmark, which a single median hides.
    """
    draw = random.Random(0)
    medians = sorted(statistics.median(draw.choices(ratios, k=len(ratios))) for _ in range(resamples))
    cut = int(resamples * (1 - level) / 2)
    return medians[cut], medians[-cut - 1]


def chosen(argv: list[str]) -> dict:
    """The pages ``--page NAME`` (repeatable) names, the trivial page always first; every page without one."""
    names = [argv[i + 1] for i, arg in enumerate(argv[:-1]) if arg == "--page"]
    # anything else (``--help`` included) is refused with the usage, never a whole run of the bench
    others = [
        a for i, a in enumerate(argv) if a not in ("--quick", "--preheat", "--page") and argv[i - 1 : i] != ["--page"]
    ]
    if others:
        raise SystemExit(f"usage: bench_dashboards.py [--quick] [--preheat] [--page NAME ...]; not {' '.join(others)}")
    unknown = [name for name in names if name not in PAGES]
    if unknown or argv[-1:] == ["--page"]:
        raise SystemExit(f"--page takes one of {', '.join(PAGES)}; not {', '.join(unknown) or 'nothing'}")
    return {name: spec for name, spec in PAGES.items() if not names or name == BASELINE or name in names}


def rounds_given(argv: list[str]) -> tuple[int, list[str]]:
    """``--rounds N``: how many times each page is loaded (default 7), and the other arguments."""
    if "--rounds" not in argv:
        return 7, argv
    at = argv.index("--rounds")
    try:
        rounds = int(argv[at + 1])
    except (IndexError, ValueError):
        rounds = 0  # said as the usage below
    if rounds < 2:
        raise SystemExit("usage: --rounds N (a whole number of 2 or more)")
    return rounds, argv[:at] + argv[at + 2 :]


def main(argv: list[str]) -> int:
    rounds, argv = rounds_given(argv)
    quick, preheat, pages = "--quick" in argv, "--preheat" in argv, chosen(argv)
    loads, trips = (1, 3) if quick else (rounds, 10)
    from playwright.sync_api import sync_playwright

    from iopkit.demo import build_demo_db

    work = Path(tempfile.mkdtemp(prefix="iopkit-bench-"))
    served = work / "dashboards"
    served.mkdir()
    (served / "00_trivial.ipynb").write_text(TRIVIAL)
    for notebook in sorted((ROOT / "iopkit" / "dashboards").glob("0[0-9]_*.ipynb")):
        shutil.copy(notebook, served / notebook.name)
    # A kernel whose tab closed may still be shutting down when the next load comes: the cap on running kernels
    # (IOPKIT_MAX_KERNELS) is not what is measured here.
    demo = build_demo_db(work / "demo.sqlite")
    add_groups(demo)
    env = {
        **os.environ,
        "IOPKIT_DB": str(demo),
        "JUPYTER_PLATFORM_DIRS": "1",
        "IOPKIT_MAX_KERNELS": "64",
    }
    server = VoilaServer(served, env, preheat=preheat)
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            # One page first, not measured: the server's first page also compiles its templates and loads
            # what every later page finds ready, which would count against whichever page came first.
            load(server, browser, *PAGES[BASELINE][:3], None, None, None, 0)
            results = measure(server, browser, pages, loads, trips, preheat)
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    base_render, base_rt, _, _, _ = results[BASELINE]
    mode = "preheated kernels" if preheat else "default kernels"
    print(f"Voila dashboards, {mode}; medians of {loads} load(s) and {loads * trips} round trip(s) each")
    print("first render ratio: the median of the rounds' ratios to the trivial page, with a 95 % bootstrap interval")
    head = ("page", 16), ("first render", 13), ("ratio", 7), ("interval", 13), ("round trip", 11), ("ratio", 7)
    print(" ".join(f"{title:>{width}}" if width < 16 else f"{title:{width}}" for title, width in head), end="")
    print(f" {'data shown':>11}   ratio")
    for name, (render, rt, shown, ratios, _) in results.items():
        low, high = interval(ratios) if len(ratios) > 1 else (ratios[0], ratios[0])
        trip = "—" if rt is None else f"{rt:9.1f}ms {rt / base_rt:6.2f}x"
        data = "—" if shown is None else f"{shown:10.2f}s {shown / base_render:6.2f}x"
        ratio = statistics.median(ratios)
        print(f"{name:16} {render:12.2f}s {ratio:6.2f}x {low:5.2f}-{high:4.2f}x {trip:>19} {data:>19}")
    print("targets: first render ratio <= 1.0x the trivial notebook; round trip < 100 ms; data shown reported")
    print()
    print("first render by phase: median seconds, and (+/- ms) the median of the rounds' differences to the trivial")
    print("page's same phase; server: the kernel started and the notebook run (the page's HTML complete); browser:")
    print("the page's scripts loaded and started (to the widgets' websocket); widgets: their state fetched and drawn")
    print(f"{'page':16}" + "".join(f" {phase:>18}" for phase in PHASES))
    for name, (*_, split) in results.items():
        cells = (f"{split[phase][0]:7.2f}s ({1000 * split[phase][1]:+5.0f} ms)" for phase in PHASES)
        print(f"{name:16}" + "".join(f" {cell:>18}" for cell in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
