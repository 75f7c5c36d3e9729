"""Test harness: Voila on a free loopback port, headless Debian Chromium via Playwright,
and a guard that fails any test in which an ipywidgets callback raised.

See shared/toolchain.md §5-§8 for why each flag is here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import settings

# CI must not fail by chance: there, Hypothesis derives its examples from each test (derandomize).
# Elsewhere it explores new examples on every run, and keeps failing ones in .hypothesis/.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
DASHBOARDS = ROOT / "iopkit" / "dashboards"  # shipped in the package
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Written by ipywidgets when a callback raises outside IPython, and by iopkit's callback guard.
CALLBACK_FAILURE_MARKERS = ("Exception in callback", "iopkit: unexpected error in callback")
RENDER_ERROR_TEXT = "There was an error when executing cell"


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")

#: Seconds each test file took, longest first (``make durations`` measures them again): the two workers take the longest
#: files first, so a long server, browser or placement-sweep file never starts last while the other worker idles
#: (longest-first scheduling; a file not listed is short and goes after them).
DURATIONS: dict[str, float] = json.loads((ROOT / "tests" / "durations.json").read_text())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The test files longest first (:data:`DURATIONS`), each file's tests in their own order; the Makefile's workers
    take the files in this order (``--no-loadscope-reorder``: not xdist's default, most tests first, which left the
    few long browser and server files to the end)."""
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        first.setdefault(item.nodeid.split("::")[0], index)
    items.sort(key=lambda item: (-DURATIONS.get(path := item.nodeid.split("::")[0], 0.0), first[path]))


#: The test files that mostly wait (real grace and cull timeouts: the check-in kernels' 2 minutes use about a fifth of
#: a core). With 3 workers or more, the last worker runs only these (:class:`WaitingApart`), beside the others.
WAITING = frozenset({"tests/test_serving_checkin_kernels.py"})


def pytest_xdist_make_scheduler(config: pytest.Config, log):  # type: ignore[no-untyped-def]
    """xdist's ``loadfile`` scheduling, with the files that mostly wait on a worker of their own
    (:class:`WaitingApart`)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class WaitingApart(LoadFileScheduling):
        """A file per worker at a time, in the order collected (:func:`pytest_collection_modifyitems`); with 3 workers
        or more, the last one takes only the :data:`WAITING` files and then stops, and the others take them only
        when nothing else is left. A file that waits for minutes then no longer holds a core that the others could
        use: on 2 cores, 2 workers run the rest at full speed while it waits beside them."""

        lane = None  # the worker that takes only the WAITING files, chosen when the first files are handed out

        def schedule(self) -> None:
            if self.collection is None and len(self.nodes) >= 3:
                self.lane = self.nodes[-1]
            super().schedule()

        def _assign_work_unit(self, node) -> None:  # type: ignore[no-untyped-def]
            if self.lane is None:  # fewer than 3 workers: the files in their order, the longest first
                super()._assign_work_unit(node)
                return
            lane = node is self.lane
            scope = next((s for s in self.workqueue if (s in WAITING) == lane), None)
            if scope is None:
                if lane:  # nothing of its kind left: it stops, as xdist stops a worker when nothing is left
                    node.shutdown()
                    return
                scope = next(iter(self.workqueue))
            self.workqueue.move_to_end(scope, last=False)
            super()._assign_work_unit(node)

    return WaitingApart(config, log)


_MEASURED: dict[str, float] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Each test's setup, call and teardown time, added up by file where ``IOPKIT_TEST_DURATIONS`` names where to write
    them (``make durations``)."""
    if os.environ.get("IOPKIT_TEST_DURATIONS"):
        path = report.nodeid.split("::")[0]
        _MEASURED[path] = _MEASURED.get(path, 0.0) + report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Write the files' durations (``IOPKIT_TEST_DURATIONS``), longest first, from pytest's own process (with xdist,
    the controller, which hears every worker's reports)."""
    out = os.environ.get("IOPKIT_TEST_DURATIONS")
    if out and not hasattr(session.config, "workerinput") and _MEASURED:
        longest = sorted(_MEASURED.items(), key=lambda kv: -kv[1])
        Path(out).write_text(json.dumps({path: round(s) for path, s in longest if s >= 3}, indent=1) + "\n")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the test (``item.reports``), so a fixture's teardown can tell that its test failed
    (the ``page`` fixture then prints what the page and the servers showed)."""
    report = yield
    item.__dict__.setdefault("reports", {})[report.when] = report
    return report


def voila_command(root: Path, port: int, *, preheat: bool = False) -> list[str]:
    """The Voila command line of the tests and the dashboard benchmark.

    ``iopkit serve``'s server (``python -m iopkit.serving``: Voila behind iopkit's host, origin and token
    guards and kernel cap) with the settings shipped in ``iopkit/config/voila.json`` (loopback only, no port
    retries, IPC kernels, no tracebacks, no template/theme override, kernel culling), which apply wherever
    it starts. Only the port, preheating and a faster cull are set here.
    """
    return [
        sys.executable,
        "-m",
        "iopkit.serving",
        str(root),
        f"--port={port}",
        f"--preheat_kernel={preheat}",
        "--MappingKernelManager.cull_idle_timeout=60",
        "--MappingKernelManager.cull_interval=30",
    ]


def _with_args(command: list[str], args: tuple[str, ...]) -> list[str]:
    """``command`` plus ``args``, without the options of ``command`` that ``args`` sets again (traitlets refuses
    two)."""
    names = {arg.split("=", 1)[0] for arg in args}
    return [part for part in command if part.split("=", 1)[0] not in names] + list(args)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class VoilaServer:
    """A Voila process serving one notebook or one folder on 127.0.0.1, with its own access token.

    ``url`` is the bare address; a browser opens ``login_url(path)`` once (the token then lives in a cookie),
    scripts send ``headers`` (``Authorization: token ...``). ``args`` adds to the command line (an option given there
    replaces the same option of :func:`voila_command`).
    """

    def __init__(self, root: Path, env: dict[str, str], *, preheat: bool = False, args: tuple[str, ...] = ()) -> None:
        self.root, self.port = root, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_urlsafe(24)
        self.headers = {"Authorization": f"token {self.token}"}
        self.log_path = Path(tempfile.mkstemp(prefix="voila-", suffix=".log")[1])
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            _with_args(voila_command(root, self.port, preheat=preheat), args),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            env={**env, "IOPKIT_TOKEN": self.token},
        )
        self._wait_until_ready()

    def login_url(self, path: str = "/") -> str:
        """``path`` on this server with the access token (what ``make serve`` prints, for any page)."""
        return f"{self.url}{path}{'&' if '?' in path else '?'}token={self.token}"

    def status(self) -> dict:
        """The server's running kernel count and cap (``/iopkit/api/status``, starts nothing)."""
        request = urllib.request.Request(f"{self.url}/iopkit/api/status", headers=self.headers)
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.load(response)

    def _wait_until_ready(self, timeout: float = 60.0) -> None:
        # Probe a static file: GET / would start (and leak) a kernel (toolchain.md §8.8).
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Voila exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                probe = urllib.request.Request(f"{self.url}/voila/static/voila.js", headers=self.headers)
                with urllib.request.urlopen(probe, timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"Voila did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def log_text(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def stop(self) -> None:
        # SIGTERM lets Voila shut its kernels down; SIGKILL would orphan them (toolchain.md §8.9).
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


@pytest.fixture
def permissive_umask():
    """The usual default umask (022: new files readable by everyone) while the test runs, and its child processes."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def mode_of(path: Path) -> int:
    """A file's permission bits (``0o600`` for owner read and write only)."""
    return path.stat().st_mode & 0o777


@pytest.fixture
def store(tmp_path):
    """An empty record store in a temporary SQLite file."""
    from iopkit.store import Store

    with Store(tmp_path / "clinic.sqlite") as opened:
        yield opened


@pytest.fixture
def clock(monkeypatch):
    """The store's clock for saved_at: ``clock.day = D(...)`` saves at noon of that day, the clinic's time."""
    import types

    import iopkit.store.database as database

    now = types.SimpleNamespace(day=None)
    real = database.utc_text
    monkeypatch.setattr(
        database, "utc_text", lambda when: real(clinic_time(now.day, 12) if when is None and now.day else when)
    )
    return now


def raw_record(store, patient_id: int, kind: str, payload: str, *, taken_at: str, saved_at: str, saved_by: str) -> int:
    """A record written with plain SQL around the API, chained (the next id and its hash) as iopkit chains it: what an
    older iopkit (or a damaged file) left in the store; its id."""
    import sqlite3

    from iopkit.store.chain import RECORD_FIELDS, next_link

    given = {"patient_id": patient_id, "kind": kind, "version": 1, "taken_at": taken_at, "saved_at": saved_at}
    given |= {"saved_by": saved_by, "amends": None, "reason": None, "payload": payload}
    values = {field: given[field] for field in RECORD_FIELDS}
    conn = sqlite3.connect(store.path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        row_id, digest = next_link(conn, "records", values)
        conn.execute(
            f"INSERT INTO records (id, hash, {', '.join(values)}) VALUES ({', '.join('?' * (len(values) + 2))})",
            (row_id, digest, *values.values()),
        )
        conn.execute("COMMIT")
    finally:
        conn.close()
    return row_id


@pytest.fixture
def patient(store) -> int:
    """The id of one pseudonymous patient in ``store``."""
    return store.add_patient("IOP-0042")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """A fresh demo database for the browser tests, so they never touch a user's records."""
    return tmp_path_factory.mktemp("store") / "iopkit-test.sqlite"


#: The Voila servers running in this process (the ``voila`` fixture's), whose logs a failed browser test prints.
SERVING: list[VoilaServer] = []


def failure_context(page) -> str:
    """What a failed browser test saw, for its report: the page's address, its status and problem lines as shown, the
    end of its text, its console errors, and the end of each running Voila server's log (a flaky wait then says what
    the page showed instead of only the selector it waited for)."""
    said = [f"page: {page.url}"]
    with contextlib.suppress(Exception):  # the page may be gone: say what can still be read
        lines = page.locator("[class*=iop-status-], .iop-roster-problem, .iop-day-note").all_inner_texts()
        said.append("status and problem lines: " + json.dumps([line for line in lines if line.strip()]))
        said.append("end of the page's text:\n" + page.inner_text("body")[-1200:])
    said.append(f"console errors: {getattr(page, 'console_errors', [])}")
    said += [f"--- {server.root.name} server log (end):\n{server.log_tail(60)}" for server in SERVING]
    return "\n".join(said)


@pytest.fixture(scope="session")
def voila(demo_db):
    """Factory: ``voila(path)`` serves a notebook or folder and returns its running server.

    One server per path for the whole session; all are stopped (SIGTERM, then waited) at the end.
    """
    servers: dict[Path, VoilaServer] = {}
    # Room for the kernels a worker's browser tests leave behind when a closed tab's beacon is lost (they stay until
    # the idle cull, 60-90 s; see _close_like_a_tab): the cap itself is tested on servers of its own.
    env = {**os.environ, "IOPKIT_DB": str(demo_db), "JUPYTER_PLATFORM_DIRS": "1", "IOPKIT_MAX_KERNELS": "24"}

    def serve(path: Path | str = DASHBOARDS) -> VoilaServer:
        path = Path(path).resolve()
        if path not in servers:
            servers[path] = VoilaServer(path, env)
            SERVING.append(servers[path])
        return servers[path]

    yield serve
    for server in servers.values():
        SERVING.remove(server)
        server.stop()


def launch_chromium(playwright):
    """Debian's Chromium, headless, with the flags of every browser test and benchmark (never a downloaded one)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def loopback_context(browser, *, issued: bool = True, **options):
    """A new browser context in which every request off the loopback is aborted; returns (context, external).

    ``external`` lists the URLs that were asked for and refused: a test asserts it is empty. With ``issued``
    it also lists those the page issued and the browser itself blocked (Chromium reports a request its
    Content-Security-Policy stopped, which never reaches the network nor the route); pages served under a
    policy that is the guard (the hub's dashboards, whose Voila template links CDNs) pass ``issued=False``.
    """
    context = browser.new_context(**options)
    external: list[str] = []

    def only_loopback(route):
        if is_loopback(route.request.url):
            return route.continue_()
        external.append(route.request.url)
        return route.abort()

    context.route("**/*", only_loopback)
    if issued:
        context.on("request", lambda req: None if is_loopback(req.url) else external.append(req.url))
    return context, external


@pytest.fixture(scope="session")
def chromium():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium) or `apt-get install chromium`."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


def is_loopback(url: str) -> bool:
    """True for a URL that stays on this machine (or never leaves the page: data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.netloc.rsplit(":", 1)[0] in LOOPBACK_HOSTS


@pytest.fixture
def page(chromium, request):
    """A fresh browser context per test; every request off the loopback is aborted and fails the test.

    Nothing may be fetched from the internet: each such request is recorded, aborted, and reported at
    teardown as a failure. Console errors are collected on ``page.console_errors``; a screenshot is saved
    to tests/artifacts/<test name>.png at the end of every browser test.
    """
    context, external = loopback_context(chromium, viewport={"width": 1366, "height": 900})
    browser_page = context.new_page()
    browser_page.set_default_timeout(30_000)
    browser_page.console_errors = []
    browser_page.on(
        "console", lambda msg: browser_page.console_errors.append(msg.text) if msg.type == "error" else None
    )
    yield browser_page
    call = getattr(request.node, "reports", {}).get("call")
    if call is not None and call.failed:
        print(f"\n--- what the page showed when the test failed\n{failure_context(browser_page)}")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        browser_page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    finally:
        _close_like_a_tab(browser_page)
        context.close()
    assert not external, f"the page asked for something outside 127.0.0.1: {sorted(set(external))}"


def _close_like_a_tab(page) -> None:
    """Close a dashboard ``page`` as a user closes its tab, so that Voila's beacon shuts its kernel down.

    Playwright's ``context.close()`` runs no ``beforeunload`` handler: every browser test left its last page's kernel
    running until the idle cull (60-90 s), and a worker's quick tests in a row filled the shared server's cap of 12
    ("Too many dashboards are open at once": session 40's CI2, in the accessibility walk). The beacon then needs a
    moment to leave before the context closes (it was lost once in three without it).
    """
    if page.is_closed() or "/voila/render/" not in page.url:
        return
    with contextlib.suppress(Exception):  # a page already gone or hung: the cull frees its kernel
        page.close(run_before_unload=True)
        time.sleep(0.5)


def wait_until_read(page, timeout: float = 60_000) -> None:
    """Wait until every page on screen has done its first read of the store (its class ``iop-read``,
    :data:`iopkit.widgets.page.READ_CLASS`).

    The read begins once the browser has displayed the page.  What a test types or clicks before it is done
    could be redrawn by the read (the chart of the patient the address carries), as it could for a clinician
    who acts before the "Opening the chart ..." line goes.
    """
    page.wait_for_function(
        "() => !document.querySelector('.iop-page:not(.iop-read), .iop-home:not(.iop-read)')", timeout=timeout
    )


def open_dashboard(server: VoilaServer, page, notebook: str, ready_selector: str):
    """Load a dashboard, wait until ``ready_selector`` is visible and its first read is done; fail on a render
    error."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(server.login_url(f"/voila/render/{notebook}" if notebook else "/"), wait_until="commit")
    try:
        page.wait_for_selector(ready_selector, state="visible", timeout=60_000)
    except PlaywrightTimeout as error:  # say what the page and the server showed, not only the wait
        raise AssertionError(
            f"{notebook or '/'} did not show {ready_selector}: {page.inner_text('body')[-1500:]}\n{server.log_tail()}"
        ) from error
    wait_until_read(page)
    assert RENDER_ERROR_TEXT not in page.content(), server.log_tail()
    return page


def assert_no_callback_failures(server: VoilaServer) -> None:
    log = server.log_text()
    for marker in CALLBACK_FAILURE_MARKERS:
        assert marker not in log, f"a widget callback failed:\n{server.log_tail()}"


@pytest.fixture(autouse=True)
def fail_on_widget_callback_exception(caplog):
    """ipywidgets only logs an exception raised in a callback; make it fail the test."""
    caplog.set_level(logging.WARNING)
    yield
    failures = [
        r.getMessage() for r in caplog.records if any(marker in r.getMessage() for marker in CALLBACK_FAILURE_MARKERS)
    ]
    assert not failures, f"widget callback raised: {failures}"


#: The two sedative-hypnotic steps of a drug withdrawal sign, typed out from the reviewing physician's finding.
#: Benzodiazepines, Z-drugs, barbiturates: seizures and delirium, never stopped abruptly, tapered as a prescriber
#: plans (Joint guideline on benzodiazepine tapering, 2025, for prescribed benzodiazepines; a non-prescribed
#: supply: 3.7-WM considered). GHB/GBL (McDonough et al. 2004, which recorded no withdrawal seizures): onset
#: within hours, quickly to delirium, withdrawal management under medical care, 4-WM when dosing around the clock
#: (ASAM Criteria 3rd ed.: 3.7-WM medically monitored inpatient, 4-WM medically managed intensive inpatient).
SEDATIVE_TAPER = (
    "sedative-hypnotic withdrawal from benzodiazepines, Z-drugs or barbiturates can cause seizures and delirium: "
    "do not stop abruptly; a prescriber plans a taper (a non-prescribed supply: consider 3.7-WM medically "
    "monitored inpatient withdrawal management)"
)
GHB_WITHDRAWAL = (
    "withdrawal from GHB/GBL can start within hours and progress quickly to delirium: do not stop abruptly; "
    "withdrawal management under medical care (3.7-WM medically monitored inpatient, or 4-WM medically managed "
    "intensive inpatient when dosing around the clock)"
)


# --- the clinic's clock: this machine's local zone, whatever it is ----------------------------------------------------
# The store keeps UTC; every page, note and "today" reads the clinic's clock (iopkit.entry.clinic_clock). A test that
# saves "09:00 UTC" and expects that day is right only on a UTC machine: 09:00 UTC is the day before in Pago Pago
# (UTC-11), and 11:00 UTC the day after in Kiritimati (UTC+14). Tests save at an hour of the clinic's clock instead.
def clinic_time(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """That time of ``day`` on the clinic's clock (this machine's local zone), aware: its clinical day is ``day`` in any
    zone, and on a UTC machine it is the same instant as that time in UTC."""
    return dt.datetime.combine(day, dt.time(hour, minute)).astimezone()


@contextlib.contextmanager
def in_zone(zone: str):
    """The process's local zone (the clinic's clock) is ``zone`` meanwhile (TZ and time.tzset), restored afterwards."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def emergency_evaluation(instrument: str, code: str, on) -> dict:
    """What closing a flag that called for an emergency evaluation records of it, as keyword arguments of a
    FlagResolution (walk review 24, finding 1: who, where, when, the disposition); {} for any other flag, which closes
    with the level and what was done alone."""
    from iopkit.placement.resolution import needs_evaluation

    if not needs_evaluation(instrument, code):
        return {}
    return {
        "evaluated_by": "Dr B, psychiatrist",
        "evaluated_where": "County Hospital ED",
        "evaluated_on": on,
        "disposition": "returned_with_safety_plan",
    }
