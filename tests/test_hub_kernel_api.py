"""Security review F11: a clinician's dashboards-only server under the hub runs no code a page sends.

The real single-user settings (deploy/hub/dashboards_server_config.py) in a real ``jupyter server`` (a token
instead of the hub's login): only Voila's render starts a kernel, and a kernel's websocket carries widget
messages only, as `make serve` has from Voila's own server.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "f11-" + uuid.uuid4().hex


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _call(base: str, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(
        base + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"token {TOKEN}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    root = tmp_path_factory.mktemp("dashboards")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, root / "page.ipynb")
    port = _free_port()
    env = os.environ | {"HOME": str(home), "JUPYTER_PLATFORM_DIRS": "1", "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter_server",
            "--allow-root",
            f"--config={ROOT / 'deploy/hub/dashboards_server_config.py'}",
            f"--IdentityProvider.token={TOKEN}",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--ServerApp.root_dir={root}",
            "--no-browser",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if _call(base, "GET", "/api/status")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("the dashboards server did not start")
        yield base, home
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_no_kernel_is_started_through_the_kernel_or_session_api(server):
    base, _ = server
    before = json.loads(_call(base, "GET", "/api/kernels")[1])
    status, body = _call(base, "POST", "/api/kernels", {})
    assert status == 403 and "started by the dashboards only" in body
    session = {"path": "page.ipynb", "type": "notebook", "name": "page", "kernel": {"name": "python3"}}
    assert _call(base, "POST", "/api/sessions", session)[0] >= 400
    assert json.loads(_call(base, "GET", "/api/kernels")[1]) == before


def _messages(port: str, kernel: str, marker: Path) -> list[str]:
    import websockets

    def message(kind: str, content: dict) -> str:
        header = {"msg_id": uuid.uuid4().hex, "msg_type": kind, "username": "c", "session": uuid.uuid4().hex}
        header |= {"date": "", "version": "5.3"}
        return json.dumps(
            {"header": header, "parent_header": {}, "metadata": {}, "channel": "shell", "content": content}
        )

    async def talk() -> list[str]:
        seen = []
        url = f"ws://127.0.0.1:{port}/api/kernels/{kernel}/channels"
        async with websockets.connect(url, additional_headers={"Authorization": f"token {TOKEN}"}) as ws:
            code = f"open({str(marker)!r}, 'w').write('ran')"
            await ws.send(message("execute_request", {"code": code, "silent": False, "allow_stdin": False}))
            await ws.send(message("kernel_info_request", {}))
            try:
                while "kernel_info_reply" not in seen or len(seen) < 12:
                    seen.append(json.loads(await asyncio.wait_for(ws.recv(), 5))["msg_type"])
            except TimeoutError:
                pass
        return seen

    # A thread of its own: a test run before this one in the same worker may have left an event loop running here.
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        return thread.submit(lambda: asyncio.run(talk())).result()


def test_a_dashboard_renders_and_its_kernel_runs_no_code_sent_over_the_websocket(server, tmp_path):
    base, _ = server
    status, page = _call(base, "GET", "/voila/render/page.ipynb")
    assert status == 200
    kernel = page.split('"kernelId": "', 1)[1].split('"', 1)[0]
    marker = tmp_path / "ran"
    seen = _messages(base.rpartition(":")[2], kernel, marker)
    assert "kernel_info_reply" in seen  # the socket works: widget and info traffic pass
    assert "execute_reply" not in seen and not marker.exists()  # the code was never run
