"""The clinic's JupyterHub, for real: a day of a two-site clinic in Chromium, on one hub for the whole module.

``deploy/hub/jupyterhub_config.py`` run by jupyterhub on loopback ports, with npm's configurable-http-proxy, a
PostgreSQL database of its own with iopkit's roles, and NativeAuthenticator (:mod:`tests.hub_server`). Clinician
A signs in, adds a patient and a PHQ-9; clinician B, in another browser context, sees the patient and the record
signed by A and corrects it with a reason; an anonymous visitor is sent to the login page; A cannot open
JupyterLab or a terminal; a clinician of the other site does not see the patient; a researcher's notebook, run
with the environment and database login the hub gave the researcher's server, reads the de-identified view and
is refused the base tables.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import ARTIFACTS, RENDER_ERROR_TEXT, ROOT, loopback_context, wait_until_read
from .hub_server import PASSWORD, Hub, HubError
from .test_dashboards_browser import PHQ9_LABELS, _answer_phq9


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    try:
        running = Hub(tmp_path_factory.mktemp("hub"))
    except HubError as error:
        pytest.fail(str(error), pytrace=False)
    yield running
    running.stop()


def test_a_wrong_password_gets_nowhere(hub):
    hub.sign_up_and_approve("wendy", "clinicians")
    session = hub.log_in("wendy", "wrong-password-123")
    assert "/hub/login" in session.get(f"{hub.url}/hub/home", timeout=10).url


class Clinic:
    """The browser contexts of the story: one per person, every request off the loopback refused."""

    def __init__(self, browser, hub) -> None:
        self.browser, self.hub = browser, hub
        self.contexts: list = []

    def context(self):
        # Voila's template links Font Awesome and MathJax CDNs: the Content-Security-Policy of the dashboards'
        # server (deploy/hub/dashboards_server_config.py) stops them in the browser, before any leaves it; a
        # request that reached the network layer would still be aborted here and fail the test.
        context, external = loopback_context(self.browser, issued=False, viewport={"width": 1366, "height": 900})
        self.contexts.append((context, external))
        return context

    def sign_in(self, name: str):
        """``name`` signs in through the hub's login form and lands on the caseload (the hub starts the server)."""
        page = self.context().new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{self.hub.url}/hub/login")
        page.fill("input[name=username]", name)
        page.fill("input[name=password]", PASSWORD)
        page.click("input[type=submit], button[type=submit]")
        page.wait_for_url(f"**/user/{name}/voila/render/00_home.ipynb", timeout=120_000)
        page.wait_for_selector(".iop-home .iop-patient-list:not(:has-text('Loading'))", timeout=60_000)
        assert RENDER_ERROR_TEXT not in page.content()
        return page

    def close(self) -> list[str]:
        external = []
        for context, refused in self.contexts:
            context.close()
            external += refused
        return external


def _intake(hub, page, name: str, pseudonym: str | None = None):
    page.goto(
        f"{hub.url}/user/{name}/voila/render/01_intake.ipynb" + (f"?patient={pseudonym}" if pseudonym else ""),
        wait_until="commit",
    )
    page.wait_for_selector(".iop-intake .iop-signed-in", state="visible", timeout=90_000)
    wait_until_read(page)
    assert RENDER_ERROR_TEXT not in page.content()


def _history(page) -> str:
    page.locator(".iop-records").get_by_text("Saved assessments", exact=True).click()
    page.wait_for_selector(".iop-history", state="visible")
    return page.inner_text(".iop-history")


@pytest.mark.browser
def test_a_clinic_day_on_the_hub(hub, chromium):
    for name, groups in (
        ("anna", ("clinicians", "site-north")),
        ("ben", ("clinicians", "site-north")),
        ("cora", ("clinicians", "site-south")),
        ("rita", ("researchers",)),
    ):
        hub.sign_up_and_approve(name, *groups)
    pseudonym = f"HUB-{uuid.uuid4().hex[:6].upper()}"
    clinic = Clinic(chromium, hub)
    try:
        # Clinician A (site north) signs in, adds a patient and a PHQ-9: no initials box, the hub user signs.
        anna = clinic.sign_in("anna")
        _intake(hub, anna, "anna")
        assert anna.locator(".iop-clinician").count() == 0
        assert "Signed in as anna · site north" in anna.inner_text(".iop-signed-in")
        anna.locator(".iop-picker input[placeholder='e.g. IOP-0107']").fill(pseudonym)
        anna.get_by_role("button", name="Add patient").click()
        anna.wait_for_selector(f".iop-status-ok:has-text('Added patient {pseudonym}')")
        _answer_phq9(anna)
        anna.wait_for_selector(".iop-result:has-text('Total 10 of 27')")
        anna.get_by_role("button", name="Save to patient record").click()
        anna.wait_for_selector(".iop-status-ok:has-text('total 10, moderate')")
        anna.screenshot(path=str(ARTIFACTS / "hub-clinician-a-saved.png"), full_page=True)

        # Clinician B (same site, another browser context) sees the patient and A's record, and corrects it.
        ben = clinic.sign_in("ben")
        assert pseudonym in ben.inner_text(".iop-patient-list")
        _intake(hub, ben, "ben", pseudonym)
        ben.wait_for_selector(".iop-chart-header", state="visible")
        assert "anna" in _history(ben)  # signed by A
        ben.wait_for_function("() => document.querySelectorAll('.iop-corrects option').length >= 2")
        ben.locator(".iop-corrects select").select_option(index=1)
        ben.wait_for_selector(".iop-reason input", state="visible")
        ben.wait_for_selector(".iop-result:has-text('Total 10')")  # A's answers are back in the form
        ben.locator(".iop-item-4").get_by_role("radio", name=PHQ9_LABELS[0]).click()
        ben.wait_for_selector(".iop-result:has-text('Total 9')")
        ben.locator(".iop-reason input").fill("item 4 misread from the paper form")
        ben.get_by_role("button", name="Save the correction").click()
        ben.wait_for_selector(".iop-status-ok:has-text('corrects record')")
        ben.wait_for_function("() => document.querySelector('.iop-history').innerText.includes('ben')")
        history = ben.inner_text(".iop-history")
        assert "corrected (replaces record" in history and "item 4 misread" in history and "anna" in history
        ben.screenshot(path=str(ARTIFACTS / "hub-clinician-b-corrected.png"), full_page=True)
        # B cannot open A's server.
        other = ben.context.request.get(f"{hub.url}/user/anna/voila/render/00_home.ipynb")
        assert other.status == 403 or "/hub/login" in other.url, (other.status, other.url)

        # An anonymous visitor is sent to the login page.
        visitor = clinic.context().new_page()
        visitor.goto(f"{hub.url}/user/anna/voila/render/01_intake.ipynb")
        visitor.wait_for_url("**/hub/login**")

        # A has the dashboards and nothing else: no JupyterLab, no terminals, no file editing.
        for path in ("lab", "lab/tree/00_home.ipynb", "terminals/1", "api/terminals", "tree", "edit/00_home.ipynb"):
            refused = anna.context.request.get(f"{hub.url}/user/anna/{path}", max_redirects=0)
            assert refused.status in (403, 404), (path, refused.status)
        dashboard = anna.context.request.get(f"{hub.url}/user/anna/voila/render/00_home.ipynb")
        assert "default-src 'self'" in dashboard.headers.get("content-security-policy", "")

        # A clinician of site south does not see site north's patient, in the caseload or by its address.
        cora = clinic.sign_in("cora")
        assert pseudonym not in cora.inner_text(".iop-patient-list")
        _intake(hub, cora, "cora", pseudonym)
        cora.wait_for_selector(f".iop-status:has-text(\"No patient '{pseudonym}'\")")
        assert pseudonym not in cora.inner_text(".iop-patient select")
        cora.screenshot(path=str(ARTIFACTS / "hub-clinician-other-site.png"), full_page=True)
    finally:
        external = clinic.close()
    assert not external, f"a page asked for something outside 127.0.0.1: {sorted(set(external))}"

    # The researcher's notebook, run with the environment (database login) the hub gave the researcher's server.
    hub.start("rita")
    environment = hub.server_environment("rita")
    assert environment["IOPKIT_ROLE"] == "researcher" and environment["JUPYTERHUB_USER"] == "rita"
    assert f"//{hub.prefix}_u_rita@" in environment["IOPKIT_DB"]
    found = _research_notebook(environment)
    assert found["refused"] == ["patients", "records", "meta"], found
    assert [(row["instrument"], row["total"], row["version"]) for row in found["rows"]] == [
        ("phq9", 10, 1),
        ("phq9", 9, 2),
    ]
    assert all(row["research_id"].startswith("R") for row in found["rows"])
    assert pseudonym not in json.dumps(found) and "anna" not in json.dumps(found)


RESEARCH = [
    "import json, os\nimport psycopg\nconn = psycopg.connect(os.environ['IOPKIT_DB'], autocommit=True)",
    "cursor = conn.execute('SELECT research_id, instrument, total, version FROM research_records ORDER BY version')\n"
    "rows = [dict(zip([c.name for c in cursor.description], (float(v) if k == 2 else v for k, v in enumerate(r))))\n"
    "        for r in cursor.fetchall()]",
    "refused = []\n"
    "for table in ('patients', 'records', 'meta'):\n"
    "    try:\n"
    "        conn.execute(f'SELECT * FROM {table}')\n"
    "    except psycopg.errors.InsufficientPrivilege:\n"
    "        refused.append(table)",
    "print(json.dumps({'rows': rows, 'refused': refused}))",
]


def _research_notebook(environment: dict[str, str]) -> dict:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in RESEARCH])
    NotebookClient(notebook, kernel_name="python3", timeout=120).execute(env=environment)
    return json.loads(notebook.cells[-1].outputs[0]["text"])


def test_start_the_day_starts_clinicians_and_directors_servers_only(hub):
    """deploy/hub/start_the_day.py (the optional pre-spawn): clinicians' and directors' servers, as at login."""
    for name, group in (("pia", "clinicians"), ("dov", "directors"), ("rex", "researchers")):
        hub.sign_up_and_approve(name, group)
    script = ROOT / "deploy" / "hub" / "start_the_day.py"
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "IOPKIT_HUB_URL": hub.url, "IOPKIT_HUB_ADMIN_TOKEN": hub.token},
    )
    assert done.returncode == 0, done.stderr
    assert "pia: started" in done.stdout and "dov: started" in done.stdout and "rex" not in done.stdout
    for name, role in (("pia", "clinician"), ("dov", "director")):
        assert hub.api("GET", f"/users/{name}")["servers"][""]["ready"]
        environment = hub.server_environment(name)
        assert environment["JUPYTERHUB_USER"] == name and environment["IOPKIT_ROLE"] == role
        assert f"//{hub.prefix}_u_{name}@" in environment["IOPKIT_DB"]
    assert not hub.api("GET", "/users/rex")["servers"]
    again = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "IOPKIT_HUB_URL": hub.url, "IOPKIT_HUB_ADMIN_TOKEN": hub.token},
    )
    assert again.returncode == 0 and "started" not in again.stdout  # running servers are left as they are
    for name in ("pia", "dov"):
        hub.api("DELETE", f"/users/{name}/server")
