"""The clinic's JupyterHub, for real: deploy/hub/jupyterhub_config.py run by jupyterhub on loopback ports, with
npm's configurable-http-proxy, a PostgreSQL database of its own with iopkit's roles, and NativeAuthenticator.

People sign up through the hub's own form; the admin's approval is written to NativeAuthenticator's table (what
/hub/authorize does), groups are set through the hub's REST API.
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

from .conftest import RENDER_ERROR_TEXT, ROOT, is_loopback
from .store_backends import admin, database_url, new_database

CONFIG = ROOT / "deploy" / "hub" / "jupyterhub_config.py"
PROXY = ROOT / "deploy" / "hub" / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "correct-horse-battery-7"
TOKEN = uuid.uuid4().hex


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    if not PROXY.exists():
        subprocess.run(["make", "-s", "hubdeps"], cwd=ROOT, check=True)
    state = tmp_path_factory.mktemp("hub")
    name, drop = new_database()
    db = database_url(name)
    prefix = f"ih{uuid.uuid4().hex[:6]}"
    for command in (["migrate", db], ["setup-roles", db, "--prefix", prefix]):
        subprocess.run([sys.executable, "-m", "iopkit.store", *command], check=True, capture_output=True)
    port = _free_port()
    env = {**os.environ, "IOPKIT_HUB_PORT": str(port), "IOPKIT_HUB_API_PORT": str(_free_port()),
           "IOPKIT_PROXY_API_PORT": str(_free_port()), "IOPKIT_HUB_STATE": str(state), "IOPKIT_HUB_DB": db,
           "IOPKIT_HUB_DB_PREFIX": prefix, "IOPKIT_HUB_ADMIN_TOKEN": TOKEN, "JUPYTER_PLATFORM_DIRS": "1",
           "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    log = open(state / "hub.log", "w")  # noqa: SIM115 (closed at teardown)
    process = subprocess.Popen([str(Path(sys.executable).with_name("jupyterhub")), "-f", str(CONFIG)],
                               cwd=state, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 40
    while True:
        try:
            if requests.get(f"{url}/hub/api", timeout=2).ok:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail("the hub did not start:\n" + (state / "hub.log").read_text()[-3000:])
        time.sleep(0.3)
    yield {"url": url, "state": state, "db": db, "prefix": prefix, "log": state / "hub.log"}
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
    drop()
    with admin() as server:  # the test's roles are the cluster's: drop them with its database
        for (role,) in server.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s ORDER BY rolname DESC",
                                      (f"{prefix}\\_%",)).fetchall():
            try:
                server.execute(f'DROP ROLE IF EXISTS "{role}"')
            except Exception:  # noqa: BLE001 (a role still referenced elsewhere is left, not a failed test)
                pass


def _api(hub, method, path, **kwargs):
    response = requests.request(method, f"{hub['url']}/hub/api{path}", timeout=30,
                                headers={"Authorization": f"token {TOKEN}"}, **kwargs)
    assert response.status_code < 400, (response.status_code, response.text)
    return response.json() if response.text else None


def _xsrf(session, url) -> str:
    page = session.get(url, timeout=10)
    return re.search(r'name="_xsrf" value="([^"]+)"', page.text).group(1)


def _sign_up_and_approve(hub, name, group):
    session = requests.Session()
    form = {"_xsrf": _xsrf(session, f"{hub['url']}/hub/signup"), "username": name, "email": f"{name}@clinic.test",
            "signup_password": PASSWORD, "signup_password_confirmation": PASSWORD}
    assert session.post(f"{hub['url']}/hub/signup", data=form, timeout=10).ok
    with sqlite3.connect(hub["state"] / "jupyterhub.sqlite") as hubdb:  # the admin's approval (/hub/authorize)
        assert hubdb.execute("UPDATE users_info SET is_authorized = 1 WHERE username = ?", (name,)).rowcount == 1
    _api(hub, "POST", f"/users/{name}")
    _api(hub, "POST", f"/groups/{group}/users", json={"users": [name]})


def _log_in(hub, name, password=PASSWORD):
    session = requests.Session()
    form = {"_xsrf": _xsrf(session, f"{hub['url']}/hub/login"), "username": name, "password": password}
    session.post(f"{hub['url']}/hub/login", data=form, timeout=10, allow_redirects=False)
    return session


def _start(hub, name) -> dict:
    requests.post(f"{hub['url']}/hub/api/users/{name}/server", headers={"Authorization": f"token {TOKEN}"},
                  timeout=60)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        server = _api(hub, "GET", f"/users/{name}").get("servers", {}).get("")
        if server and server.get("ready"):
            return server
        time.sleep(0.5)
    pytest.fail(f"{name}'s server did not start:\n" + hub["log"].read_text()[-3000:])


def test_clinicians_sign_in_and_land_on_the_dashboards_only(hub):
    _sign_up_and_approve(hub, "clina", "clinicians")
    _sign_up_and_approve(hub, "clinb", "clinicians")
    assert "/hub/login" in _log_in(hub, "clina", "wrong-password-123").get(
        f"{hub['url']}/hub/home", timeout=10).url  # a wrong password gets nowhere
    _start(hub, "clina")
    alice = _log_in(hub, "clina")
    landing = alice.get(f"{hub['url']}/hub/home", timeout=10)
    assert landing.ok and "clina" in landing.text
    dashboard = alice.get(f"{hub['url']}/user/clina/", timeout=60)
    assert dashboard.status_code == 200, hub["log"].read_text()[-3000:]
    assert dashboard.url.endswith("/user/clina/voila/render/00_home.ipynb"), dashboard.url
    assert 'data-voila="voila"' in dashboard.text  # the page Voila rendered, not a JupyterLab shell
    assert "default-src 'self'" in dashboard.headers.get("Content-Security-Policy", ""), dashboard.headers
    # No JupyterLab, no terminals, no saving files.
    for path in ("lab", "lab/tree/00_home.ipynb", "terminals/1", "api/terminals", "tree", "edit/00_home.ipynb"):
        refused = alice.get(f"{hub['url']}/user/clina/{path}", timeout=30, allow_redirects=False)
        assert refused.status_code in (403, 404), (path, refused.status_code)
    # Nobody else's server: clinician B (signed in) is refused clinician A's dashboards.
    bob = _log_in(hub, "clinb")
    other = bob.get(f"{hub['url']}/user/clina/voila/render/00_home.ipynb", timeout=30)
    assert other.status_code == 403 or "/hub/login" in other.url, (other.status_code, other.url)
    # Anonymous: sent to the login page.
    anonymous = requests.get(f"{hub['url']}/user/clina/voila/render/00_home.ipynb", timeout=30)
    assert "/hub/login" in anonymous.url, anonymous.url


def test_a_researchers_server_connects_as_the_researcher_role(hub):
    import psycopg

    _sign_up_and_approve(hub, "rita", "researchers")
    _start(hub, "rita")
    state = _api(hub, "GET", "/users/rita", params={"include_stopped_servers": "0"})["servers"][""]["state"]
    environ = dict(line.split("=", 1) for line in
                   Path(f"/proc/{state['pid']}/environ").read_text().split("\0") if "=" in line)
    assert environ["IOPKIT_ROLE"] == "researcher" and environ["JUPYTERHUB_USER"] == "rita"
    login = f"{hub['prefix']}_u_rita"
    assert f"//{login}@" in environ["IOPKIT_DB"]
    with psycopg.connect(environ["IOPKIT_DB"], password=environ["PGPASSWORD"], autocommit=True) as db:
        assert db.execute("SELECT pg_has_role(current_user, %s, 'member')",
                          (f"{hub['prefix']}_researcher",)).fetchone()[0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            db.execute("SELECT * FROM patients")


@pytest.mark.browser
def test_a_clinician_signs_in_with_chromium_and_the_home_dashboard_renders(hub, chromium):
    _sign_up_and_approve(hub, "clinc", "clinicians")
    context = chromium.new_context()
    external: list[str] = []

    def only_loopback(route):
        if is_loopback(route.request.url):
            return route.continue_()
        external.append(route.request.url)
        return route.abort()

    context.route("**/*", only_loopback)
    try:
        page = context.new_page()
        page.goto(f"{hub['url']}/hub/login")
        page.fill("input[name=username]", "clinc")
        page.fill("input[name=password]", PASSWORD)
        page.click("input[type=submit], button[type=submit]")
        page.wait_for_url("**/user/clinc/voila/render/00_home.ipynb", timeout=90_000)
        page.wait_for_selector(".iop-home", state="visible", timeout=60_000)
        assert RENDER_ERROR_TEXT not in page.content()
    finally:
        context.close()
    # Voila's template links Font Awesome and MathJax CDNs: the Content-Security-Policy of the dashboards' server
    # (deploy/hub/dashboards_server_config.py) stops the browser before any such request leaves it.
    assert not external, f"the page asked for something outside 127.0.0.1: {sorted(set(external))}"
