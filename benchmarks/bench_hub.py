"""How much the clinic's JupyterHub adds before a clinician sees the caseload, against plain Voila.

    .venv/bin/python benchmarks/bench_hub.py [--quick]

One real hub (``deploy/hub/jupyterhub_config.py`` with npm's configurable-http-proxy and NativeAuthenticator,
the same harness as ``tests/test_hub.py``) and one plain Voila server (``iopkit serve``'s, as the dashboard
benchmark starts it) serve the same dashboards on the same PostgreSQL database. Headless Chromium measures,
as medians:

* plain Voila: from opening the home dashboard (token link) to the caseload being read from the store;
* hub, first login of the day: from submitting the login form to the same caseload, the hub starting the
  clinician's server on the way (the server is stopped again before each load);
* hub, server already running: the same with the clinician's server up (e.g. a second browser).

Each hub figure is printed as seconds added to plain Voila and as a ratio. Goal: a login whose server is
running within +1 s of plain Voila; the first login of the day also pays for starting a Jupyter server.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import DASHBOARDS, VoilaServer, launch_chromium, loopback_context  # noqa: E402
from tests.hub_server import PASSWORD, Hub  # noqa: E402

#: The caseload is on screen and read from the store (the home page's "Loading" note is gone).
READY = ".iop-home .iop-patient-list:not(:has-text('Loading'))"
USER = "bench"


def _voila(browser, server) -> float:
    context, _ = loopback_context(browser, issued=False)
    page = context.new_page()
    began = time.perf_counter()
    page.goto(server.login_url("/voila/render/00_home.ipynb"), wait_until="commit")
    page.wait_for_selector(READY, state="visible", timeout=120_000)
    took = time.perf_counter() - began
    context.close()
    return took


def _hub(browser, hub) -> float:
    context, _ = loopback_context(browser, issued=False)
    page = context.new_page()
    page.goto(f"{hub.url}/hub/login")
    page.fill("input[name=username]", USER)
    page.fill("input[name=password]", PASSWORD)
    began = time.perf_counter()
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_selector(READY, state="visible", timeout=180_000)
    took = time.perf_counter() - began
    context.close()
    return took


def _stop_server(hub) -> None:
    hub.api("DELETE", f"/users/{USER}/server")
    deadline = time.monotonic() + 60
    while hub.api("GET", f"/users/{USER}").get("servers") and time.monotonic() < deadline:
        time.sleep(0.3)


def main(argv: list[str]) -> int:
    loads = 1 if "--quick" in argv else 3
    from playwright.sync_api import sync_playwright

    state = Path(tempfile.mkdtemp(prefix="iopkit-bench-hub-"))
    hub = Hub(state)
    voila = None
    results: dict[str, list[float]] = {"plain Voila": [], "hub, first login": [], "hub, server running": []}
    try:
        hub.sign_up_and_approve(USER, "clinicians")
        voila = VoilaServer(DASHBOARDS, {**os.environ, "IOPKIT_DB": hub.db, "JUPYTER_PLATFORM_DIRS": "1"})
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            for _ in range(loads):
                results["plain Voila"].append(_voila(browser, voila))
                results["hub, first login"].append(_hub(browser, hub))
                results["hub, server running"].append(_hub(browser, hub))
                _stop_server(hub)
            browser.close()
    finally:
        if voila is not None:
            voila.stop()
        hub.stop()
        shutil.rmtree(state, ignore_errors=True)
    base = statistics.median(results["plain Voila"])
    print(f"Hub login -> first dashboard render (caseload read), medians of {loads} load(s)")
    print(f"{'':22} {'render':>8} {'added':>8} {'ratio':>7}")
    for name, times in results.items():
        median = statistics.median(times)
        print(f"{name:22} {median:7.2f}s {median - base:+7.2f}s {median / base:6.2f}x")
    print("goal: hub with the server running within +1 s of plain Voila; the first login also starts a server")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
