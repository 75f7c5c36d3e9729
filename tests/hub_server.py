"""The clinic's JupyterHub, for real, for the hub tests and the hub benchmark.

``deploy/hub/jupyterhub_config.py`` run by ``jupyterhub`` on free loopback ports, with npm's
configurable-http-proxy (``make hubdeps``), NativeAuthenticator, and a PostgreSQL database of its own with
iopkit's schema and roles (``migrate``, ``setup-roles``) on the server of ``$IOPKIT_TEST_POSTGRES``. People
sign up through the hub's own form; the admin's approval is written to NativeAuthenticator's table (what
/hub/authorize does); groups are set through the hub's REST API with a setup service's token.
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

import requests

from .store_backends import admin, database_url, new_database

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "hub" / "jupyterhub_config.py"
PROXY = ROOT / "deploy" / "hub" / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "correct-horse-battery-7"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HubError(RuntimeError):
    """The hub, or a user's server, did not come up (the message ends with the hub's log)."""


class Hub:
    """A running hub: ``url``, ``state`` (its folder), ``db`` (the clinic's database URL), ``prefix`` (roles).

    ``stop()`` stops the hub and its users' servers and drops the database and the roles it created.
    """

    def __init__(self, state: Path) -> None:
        if not PROXY.exists():
            subprocess.run(["make", "-s", "hubdeps"], cwd=ROOT, check=True)
        self.state = state
        self.token = uuid.uuid4().hex
        name, self._drop = new_database()
        self.db = database_url(name)
        self.prefix = f"ih{uuid.uuid4().hex[:6]}"
        for command in (["migrate", self.db], ["setup-roles", self.db, "--prefix", self.prefix]):
            subprocess.run([sys.executable, "-m", "iopkit.store", *command], check=True, capture_output=True)
        port = _free_port()
        env = {
            **os.environ,
            "IOPKIT_HUB_PORT": str(port),
            "IOPKIT_HUB_API_PORT": str(_free_port()),
            "IOPKIT_PROXY_API_PORT": str(_free_port()),
            "IOPKIT_HUB_STATE": str(state),
            "IOPKIT_HUB_DB": self.db,
            "IOPKIT_HUB_DB_PREFIX": self.prefix,
            "IOPKIT_HUB_ADMIN_TOKEN": self.token,
            "JUPYTER_PLATFORM_DIRS": "1",
            "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        }
        env.pop("IOPKIT_SITE", None)
        # The hub, its spawner and the users' servers import this checkout's iopkit (the config keeps PYTHONPATH).
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))
        self.log = state / "hub.log"
        self._log = self.log.open("w")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("jupyterhub")), "-f", str(CONFIG)],
            cwd=state,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 40
        while True:
            try:
                if requests.get(f"{self.url}/hub/api", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise HubError("the hub did not start:\n" + self.log_tail())
            time.sleep(0.3)

    def log_tail(self, characters: int = 3000) -> str:
        self._log.flush()
        return self.log.read_text(errors="replace")[-characters:]

    def api(self, method: str, path: str, **kwargs):
        """The hub's REST API as the setup service (admin rights); fails on an error status."""
        response = requests.request(
            method, f"{self.url}/hub/api{path}", timeout=60, headers={"Authorization": f"token {self.token}"}, **kwargs
        )
        if response.status_code >= 400:
            raise HubError(f"{method} {path}: {response.status_code} {response.text}")
        return response.json() if response.text else None

    def sign_up_and_approve(self, name: str, *groups: str) -> None:
        """``name`` signs up with :data:`PASSWORD` at /hub/signup; the admin approves and adds them to ``groups``."""
        session = requests.Session()
        form = {
            "_xsrf": _xsrf(session, f"{self.url}/hub/signup"),
            "username": name,
            "email": f"{name}@clinic.test",
            "signup_password": PASSWORD,
            "signup_password_confirmation": PASSWORD,
        }
        session.post(f"{self.url}/hub/signup", data=form, timeout=10).raise_for_status()
        with sqlite3.connect(self.state / "jupyterhub.sqlite") as hubdb:  # the admin's approval (/hub/authorize)
            if hubdb.execute("UPDATE users_info SET is_authorized = 1 WHERE username = ?", (name,)).rowcount != 1:
                raise HubError(f"{name} did not sign up")
        self.api("POST", f"/users/{name}")
        for group in groups:
            if group not in {g["name"] for g in self.api("GET", "/groups")}:  # e.g. a new site-<name>
                self.api("POST", f"/groups/{group}")
            self.api("POST", f"/groups/{group}/users", json={"users": [name]})

    def log_in(self, name: str, password: str = PASSWORD) -> requests.Session:
        """A requests session signed in as ``name`` through the hub's login form."""
        session = requests.Session()
        form = {"_xsrf": _xsrf(session, f"{self.url}/hub/login"), "username": name, "password": password}
        session.post(f"{self.url}/hub/login", data=form, timeout=10, allow_redirects=False)
        return session

    def start(self, name: str, timeout: float = 90) -> dict:
        """Start ``name``'s server (as the admin) and return the hub's model of it once ready."""
        requests.post(
            f"{self.url}/hub/api/users/{name}/server", headers={"Authorization": f"token {self.token}"}, timeout=timeout
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = self.api("GET", f"/users/{name}").get("servers", {}).get("")
            if server and server.get("ready"):
                return server
            time.sleep(0.5)
        raise HubError(f"{name}'s server did not start:\n" + self.log_tail())

    def server_environment(self, name: str) -> dict[str, str]:
        """The environment the hub gave ``name``'s running server (read from /proc, as the server has it)."""
        state = self.api("GET", f"/users/{name}")["servers"][""]["state"]
        text = Path(f"/proc/{state['pid']}/environ").read_text()
        return dict(line.split("=", 1) for line in text.split("\0") if "=" in line)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # the hub stops its users' servers (cleanup_servers) and its proxy
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        self._drop()
        with admin() as server:  # the hub's roles are the cluster's: drop them with its database
            roles = server.execute(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE %s ORDER BY rolname LIKE '%%\\_u\\_%%' DESC",
                (f"{self.prefix}\\_%",),
            ).fetchall()
            for (role,) in roles:
                try:
                    server.execute(f'DROP ROLE IF EXISTS "{role}"')
                except Exception:  # noqa: BLE001 (a role still referenced elsewhere is left, not a failed test)
                    pass


def _xsrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10)
    found = re.search(r'name="_xsrf" value="([^"]+)"', page.text)
    if found is None:
        raise HubError(f"no _xsrf field in {url} ({page.status_code})")
    return found.group(1)
