"""A patient's check-in never takes the dashboards from the staff, and ends with its check-in (iopkit.serving).

Against the real server over the shipped dashboards (cap 4: at most 2 check-in kernels, :func:`checkin_kernel_share`),
with a patient's session made as the phone makes it (``/checkin``, then the page) and its kernel websocket opened as
the page opens it: reloading the page replaces its kernel, a third check-in waits while the staff still open their
dashboards, and a withdrawn check-in loses its websocket and its kernel, whether the page is talking or silent.
An open tab keeps its kernel past the idle timeout; a tab closed, or left by a browser that ended without closing it,
loses its kernel within the idle timeout and one cull check, which is what the page refusing a dashboard at the cap
says to wait (walk review F4).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import re
import time
import uuid

import pytest
import requests
import tornado.httpclient
import tornado.websocket

from iopkit.checkin import CheckinBook
from iopkit.serving import CHECKIN_BUSY, CHECKIN_SWEEP_S, ENDED_GRACE, checkin_kernel_share, too_many_dashboards
from iopkit.store import Store

from .conftest import DASHBOARDS, VoilaServer
from .test_server_security import _notebook, open_kernel, request, shut, wait_for_kernels

pytestmark = pytest.mark.browser

CAP = 4
#: A withdrawn check-in's page keeps its kernel for the grace in which it tells the patient (walk review F10), then
#: loses it at the next sweep: three sweeps of slack for a loaded machine.
ENDS_WITHIN = ENDED_GRACE.total_seconds() + CHECKIN_SWEEP_S * 3


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    """The guarded server over the shipped dashboards, its store (three patients) and its check-in book."""
    folder = tmp_path_factory.mktemp("clinic")
    with Store(folder / "clinic.sqlite") as store:
        patients = [store.add_patient(f"IOP-CHK-{n}") for n in range(3)]
    env = {
        **os.environ,
        "IOPKIT_DB": str(folder / "clinic.sqlite"),
        "IOPKIT_MAX_KERNELS": str(CAP),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    env.pop("IOPKIT_CHECKINS", None)
    server = VoilaServer(DASHBOARDS, env)
    store = Store(folder / "clinic.sqlite")
    book = CheckinBook(folder / "clinic.checkins.sqlite")
    yield server, store, book, patients
    book.close()
    store.close()
    server.stop()


class Phone:
    """A patient's browser: redeems a check-in code at /checkin and loads the check-in page with its cookie."""

    def __init__(self, server: VoilaServer, store, book, patient: int) -> None:
        self.server, self.book = server, book
        self.ticket = book.start(store, patient, ["phq9"], by="KM")
        self.http = requests.Session()
        form = self.http.get(f"{server.url}/checkin", timeout=30).text
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form).group(1)
        sent = self.http.post(
            f"{server.url}/checkin", data={"code": self.ticket.code, "_xsrf": xsrf}, allow_redirects=False, timeout=30
        )
        assert sent.status_code == 303, sent.text
        self.page = sent.headers["Location"]

    def load(self) -> tuple[int, str | None, str]:
        """Load (or reload) the check-in page: its status, the kernel it runs and its text."""
        page = self.http.get(f"{self.server.url}{self.page}", timeout=120)
        found = re.search(r'"kernelId": "([0-9a-f-]{36})"', page.text)
        return page.status_code, found and found.group(1), page.text

    def withdraw(self) -> None:
        self.book.cancel(self.ticket.checkin.id, by="KM")

    def cookie(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.http.cookies.items())


def _message(kind: str) -> str:
    header = {
        "msg_id": uuid.uuid4().hex,
        "msg_type": kind,
        "username": "",
        "session": "s",
        "date": "",
        "version": "5.3",
    }
    return json.dumps({"header": header, "parent_header": {}, "metadata": {}, "channel": "shell", "content": {}})


def _in_thread(coroutine):
    # In a thread of its own: a session's Chromium fixture (Playwright) may already run an event loop here.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=120)


async def _socket(server: VoilaServer, kernel_id: str, headers: dict[str, str]):
    url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels"
    return await tornado.websocket.websocket_connect(tornado.httpclient.HTTPRequest(url, headers=headers))


async def _reply(socket, kind: str, timeout: float = 15) -> str | None:
    """Send a message, return the type of its reply (None if the server closed the socket)."""
    try:
        await socket.write_message(_message(f"{kind}_request"))
    except tornado.websocket.WebSocketClosedError:
        return None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = await asyncio.wait_for(socket.read_message(), timeout)
        if text is None:
            return None
        if json.loads(text)["msg_type"] == f"{kind}_reply":
            return f"{kind}_reply"
    raise AssertionError(f"no {kind}_reply")


async def _closed_within(socket, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if await asyncio.wait_for(socket.read_message(), deadline - time.monotonic()) is None:
                return True
        except TimeoutError:
            return False
    return False


def test_half_the_cap_is_for_check_ins_the_rest_for_the_staff():
    assert [checkin_kernel_share(cap) for cap in (1, 2, 3, 4, 12)] == [0, 1, 1, 2, 6]


def test_reloading_the_check_in_page_replaces_its_kernel_never_adds_one(clinic):
    server, store, book, patients = clinic
    assert wait_for_kernels(server, 0) == 0
    phone = Phone(server, store, book, patients[0])
    try:
        seen = []
        for _ in range(CAP + 1):  # more reloads than the whole cap
            status, kernel_id, text = phone.load()
            assert status == 200 and kernel_id, text[-500:]
            seen.append(kernel_id)
            assert server.status()["kernels"] == 1
        assert len(set(seen)) == len(seen)  # a new kernel each time, the old one shut
        # The old kernels are not the session's any more: only the last one opens to it.
        for old in seen[:-1]:
            status = requests.get(f"{server.url}/api/kernels/{old}", headers={"Cookie": phone.cookie()}, timeout=10)
            assert status.status_code == 403
    finally:
        phone.withdraw()
    assert wait_for_kernels(server, 0, timeout=ENDS_WITHIN) == 0, server.log_tail()


def test_check_ins_take_at_most_their_share_and_the_staff_keep_theirs(clinic):
    server, store, book, patients = clinic
    assert wait_for_kernels(server, 0) == 0
    phones = [Phone(server, store, book, patient) for patient in patients]
    staff: list[tuple[str, str]] = []
    try:
        for phone in phones[:2]:
            assert phone.load()[0] == 200
        status, kernel_id, text = phones[2].load()
        assert (status, text) == (503, CHECKIN_BUSY) and kernel_id is None
        assert "ask a member of staff" in text and "dashboard tabs" not in text
        staff = [open_kernel(server, "00_home.ipynb") for _ in range(CAP - checkin_kernel_share(CAP))]
        assert server.status()["kernels"] == CAP
        refusal = too_many_dashboards(CAP, 60, 30)  # the tests' culling (conftest.voila_command)
        assert request(server, "/voila/render/00_home.ipynb")[::2] == (503, refusal)
        phones[0].withdraw()  # a check-in ends: its kernel goes, and the waiting patient's page opens
        assert wait_for_kernels(server, CAP - 1, timeout=ENDS_WITHIN) == CAP - 1, server.log_tail()
        assert phones[2].load()[0] == 200
    finally:
        for kernel_id, xsrf in staff:
            shut(server, kernel_id, xsrf)
        for phone in phones:
            phone.withdraw()
    assert wait_for_kernels(server, 0, timeout=ENDS_WITHIN) == 0, server.log_tail()


def test_a_withdrawn_check_in_loses_its_open_websocket_and_its_kernel(clinic):
    server, store, book, patients = clinic
    assert wait_for_kernels(server, 0) == 0
    talking, silent = Phone(server, store, book, patients[0]), Phone(server, store, book, patients[1])
    kernels = [phone.load()[1] for phone in (talking, silent)]

    async def run():
        sockets = [
            await _socket(server, kernel_id, {"Cookie": phone.cookie()})
            for phone, kernel_id in zip((talking, silent), kernels, strict=True)
        ]
        assert [await _reply(socket, "kernel_info") for socket in sockets] == ["kernel_info_reply"] * 2
        talking.withdraw()
        silent.withdraw()
        # Within the grace the page still talks, so that it can tell the patient the check-in has ended (F10) ...
        assert await _reply(sockets[0], "comm_info") == "comm_info_reply"
        await asyncio.sleep(ENDED_GRACE.total_seconds())
        # ... after it, the withdrawn page's next message closes its socket, unanswered (if a sweep has not already)
        assert await _reply(sockets[0], "comm_info") is None
        # and a page that sends nothing more is closed by the server within a sweep
        return await _closed_within(sockets[1], CHECKIN_SWEEP_S * 3)

    assert _in_thread(run()), server.log_tail()
    assert wait_for_kernels(server, 0, timeout=ENDS_WITHIN) == 0, server.log_tail()
    for kernel_id in kernels:
        status = requests.get(f"{server.url}/api/kernels/{kernel_id}", headers=server.headers, timeout=10)
        assert status.status_code == 404


def test_an_open_tab_keeps_its_kernel_past_the_idle_timeout_and_a_closed_one_is_culled(tmp_path):
    """``cull_connected`` is off: a form left open and untouched through a long interview must still save, so its
    kernel outlives the idle timeout while the tab is connected; once the tab is gone the kernel is culled."""
    (tmp_path / "form.ipynb").write_text(_notebook("import ipywidgets as w\nw.Text(description='Note')"))
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1"}
    idle = 3  # seconds
    server = VoilaServer(
        tmp_path,
        env,
        args=(f"--MappingKernelManager.cull_idle_timeout={idle}", "--MappingKernelManager.cull_interval=1"),
    )
    try:
        assert server.status()["settings"]["cull_connected"] is False
        kernel_id, _ = open_kernel(server, "form.ipynb")

        async def run():
            socket = await _socket(server, kernel_id, server.headers)
            await asyncio.sleep(idle * 3)  # open, untouched, three idle timeouts
            assert server.status()["kernels"] == 1, "an open tab lost its kernel"
            socket.close()
            deadline = time.monotonic() + idle * 5
            while server.status()["kernels"] and time.monotonic() < deadline:
                await asyncio.sleep(0.5)

        _in_thread(run())
        assert server.status()["kernels"] == 0, server.log_tail()
    finally:
        server.stop()


def test_at_the_cap_a_dashboard_whose_browser_ended_frees_its_place_within_the_wait_the_refusal_says(tmp_path):
    """Walk review F4: a browser that ended without closing its tabs (a crash, a laptop out of power) left their
    kernels until the 600 s idle cull, while the 503 said "wait a few seconds". Its kernels now go within the idle
    timeout plus one cull check, which the refusal names; a dashboard still connected keeps its kernel."""
    (tmp_path / "form.ipynb").write_text(_notebook("import ipywidgets as w\nw.Text(description='Note')"))
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1", "IOPKIT_MAX_KERNELS": "2"}
    # seconds: a test's settings (the shipped ones are 90 s and 30 s, test_cli); long enough that on a loaded machine
    # the open tab's kernel is connected before its idle time is up (at 3 s a CI run culled it first: a 404)
    idle, check, shutdown = 10, 1, 5
    server = VoilaServer(
        tmp_path,
        env,
        args=(f"--MappingKernelManager.cull_idle_timeout={idle}", f"--MappingKernelManager.cull_interval={check}"),
    )
    try:
        open_tab, _ = open_kernel(server, "form.ipynb")
        ended, _ = open_kernel(server, "form.ipynb")

        async def run():
            socket = await _socket(server, open_tab, server.headers)  # a tab still open
            lost = await _socket(server, ended, server.headers)
            lost.protocol.stream.close()  # the browser ended: the connection drops, no close frame, no shutdown
            status, _, text = request(server, "/voila/render/form.ipynb")
            assert status == 503
            assert text.endswith(
                "A dashboard whose browser ended without closing its tab (a crash, a computer switched off) frees "
                "its place by itself within 16 seconds.\n"
            ), text
            started = time.monotonic()
            while server.status()["kernels"] == 2 and time.monotonic() - started < 30:
                await asyncio.sleep(0.25)
            freed = time.monotonic() - started
            # the idle time, one check and the kernel's shutdown (Jupyter gives it up to 5 s, then kills it): a CI
            # run on a busy 2-core machine freed it after 13.2 s, past the 11 s promised before the shutdown counted
            assert freed <= idle + check + shutdown + 1, f"the place came back after {freed:.1f} s, not within 16 s"
            await asyncio.sleep(idle + check)  # the open tab, untouched, outlives the idle timeout
            assert request(server, f"/api/kernels/{open_tab}")[0] == 200, "the open tab lost its kernel"
            socket.close()

        _in_thread(run())
        assert request(server, f"/api/kernels/{ended}")[0] == 404, server.log_tail()
        assert shut(server, *open_kernel(server, "form.ipynb")) == 204  # the freed place opens a dashboard again
    finally:
        server.stop()
