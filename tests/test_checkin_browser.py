"""A patient check-in end to end in real Chromium: the clinician starts it on the caseload, the patient answers
PHQ-9 (item 9 = 1) and GAD-7 on a phone-sized screen with touch-sized answers, sees the staff/988 message and
no score, the caseload shows the red flag, the code is spent, wrong codes are refused and then slowed."""

from __future__ import annotations

import os
import re
import time
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from iopkit.serving import CHECKIN_BUSY

from .conftest import ARTIFACTS, DASHBOARDS, VoilaServer, assert_no_callback_failures, is_loopback, open_dashboard
from .test_accessibility_browser import CLIPPED_JS, CONTRAST_JS

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
BAND_WORDS = re.compile(r"\b(score|total|minimal|mild|moderate|severe|band|points?)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def clinic_server(demo_db):
    """This file's own server over the shipped dashboards and the demo store: the session's shared one holds the
    kernels of every earlier browser test of its worker until the idle cull, and a CI run met its cap (12) and its
    check-ins' share (6) here; these tests need their places."""
    server = VoilaServer(DASHBOARDS, {**os.environ, "IOPKIT_DB": str(demo_db), "JUPYTER_PLATFORM_DIRS": "1"})
    yield server
    server.stop()


def _patient_context(chromium):
    """A phone's browser: no clinic token, touch, nothing fetched from off the machine."""
    context = chromium.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    external: list[str] = []

    def only_loopback(route):
        if is_loopback(route.request.url):
            return route.continue_()
        external.append(route.request.url)
        return route.abort()

    context.route("**/*", only_loopback)
    return context, external


def _code_page(context, server):
    """A new page of the phone's browser on the server's check-in code page."""
    phone = context.new_page()
    phone.set_default_timeout(30_000)
    phone.goto(f"{server.url}/checkin")
    phone.wait_for_selector("#code")
    return phone


def _wait_for_questions(phone, server) -> None:
    """Wait for the check-in page's first question; if it never shows, say what the phone and the server showed.

    A page refused at the check-ins' share (kernels of earlier pages held until the idle cull: 60 s, checked every
    30 s) is reloaded, as it tells the patient to, until the cull makes room."""
    deadline = time.monotonic() + 150
    while CHECKIN_BUSY.split("\n")[0] in phone.inner_text("body") and time.monotonic() < deadline:
        time.sleep(5)
        phone.reload()
    try:
        phone.wait_for_selector(".iop-checkin-answer", timeout=60_000)
    except PlaywrightTimeout as error:
        raise AssertionError(
            f"no question on the phone at {phone.url}:\n{phone.inner_text('body')[-1500:]}\n{server.log_tail()}"
        ) from error


def _submit(page, code: str) -> str:
    page.fill("#code", code)
    page.click("button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    return page.inner_text("body")


def _tap_answer(page, label: str) -> None:
    buttons = page.locator(".iop-checkin-answer")
    buttons.first.wait_for(state="visible")
    for k in range(buttons.count()):  # every answer is a touch-sized target (>= 44 x 44 CSS px)
        box = None
        for _ in range(20):  # the answers of the question just shown may still be replacing the previous ones
            box = buttons.nth(k).bounding_box()
            if box is not None:
                break
            page.wait_for_timeout(100)
        assert box is not None and box["height"] >= 44 and box["width"] >= 44, box
    question = page.inner_text("#iop-checkin-q")
    page.locator(".iop-checkin-answer", has_text=re.compile(f"^{re.escape(label)}$")).tap()
    page.wait_for_function(
        "q => { const e = document.querySelector('#iop-checkin-q'); return !e || e.textContent !== q; }", arg=question
    )


def test_staff_withdraw_a_check_in_and_the_patient_s_phone_says_it_has_ended(clinic_server, chromium, demo_db):
    """Walk review F10: the patient's page kept asking after a withdrawal and ignored taps. It now says the check-in
    has ended (the reviewer's words) with no question left to tap, while the server still holds its kernel."""
    from iopkit.checkin import CheckinBook, book_of
    from iopkit.store import Store

    server = clinic_server
    with Store(demo_db) as store:
        pid = store.add_patient("BT-CHECKIN-WITHDRAWN")
        book = CheckinBook(book_of(store))
        ticket = book.start(store, pid, ("phq9",), by="KM")
    context, external = _patient_context(chromium)
    try:
        phone = _code_page(context, server)
        _submit(phone, ticket.code)
        _wait_for_questions(phone, server)
        for _ in range(3):
            _tap_answer(phone, "Not at all")
        phone.locator(".iop-checkin-progress", has_text="Question 4 of 9").wait_for()
        book.cancel(ticket.checkin.id, by="QA")  # the caseload's "Withdraw"
        phone.wait_for_selector("text=This check-in has ended.", timeout=20_000)
        shown = phone.inner_text(".iop-checkin")
        assert "Please speak with a member of staff." in shown and "Question" not in shown
        assert phone.locator(".iop-checkin-answer").count() == 0
    finally:
        context.close()
    assert not external, external
    assert_no_callback_failures(server)


def test_a_patient_checks_in_on_a_phone_and_the_caseload_shows_the_flag(
    clinic_server, page, chromium, demo_db, tmp_path
):
    from iopkit.store import Store

    with Store(demo_db) as store:
        store.add_patient("BT-CHECKIN-1")
    server = clinic_server

    # The clinician starts a check-in for PHQ-9 and GAD-7 on the caseload.
    open_dashboard(server, page, "00_home.ipynb", ".iop-checkin-starter")
    assert not page.evaluate(CONTRAST_JS) and not page.evaluate(CLIPPED_JS)
    page.locator(".iop-checkin-patient select").select_option(label="BT-CHECKIN-1")
    page.locator(".iop-checkin-which label", has_text="Choose measures").click()
    page.locator(".iop-checkin-measures select").select_option(value=None, label=["PHQ-9", "GAD-7"])
    page.fill(".iop-checkin-by input", "KM")
    page.click(".iop-checkin-start")
    code = page.locator(".iop-checkin-code").inner_text(timeout=30_000).strip()
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", code), code
    # The link's QR code is drawn on the page (inline SVG, nothing fetched) with the code in it.
    qr = page.locator(".iop-checkin-ticket svg.iop-checkin-qr")
    assert qr.is_visible() and code in page.locator(".iop-checkin-link").inner_text()
    assert qr.bounding_box()["width"] >= 150

    context, external = _patient_context(chromium)
    try:
        phone = _code_page(context, server)
        phone.fill("#code", code.lower())
        phone.click("button[type=submit]")
        _wait_for_questions(phone, server)
        # The patient's session opens nothing else: not the caseload, not the file tree.
        own = re.search(r"checkin=(\d+)", phone.url).group(1)
        for other in (
            "/voila/render/00_home.ipynb",
            "/",
            "/voila/render/04_progress.ipynb",
            "/voila/tree",
            f"/voila/render/patient_checkin.ipynb?checkin={int(own) + 1}",
            "/voila/files/00_home.ipynb",
        ):
            response = context.request.get(f"{server.url}{other}")
            assert response.status == 403, other

        phone.locator(".iop-checkin-progress", has_text="Question 1 of 16").wait_for()
        assert not phone.evaluate(CONTRAST_JS) and not phone.evaluate(CLIPPED_JS)  # WCAG AA on the phone
        # The page's own kernel takes widget messages only: code sent to it from the browser is never run.
        kernel = re.findall(r"Kernel started: ([0-9a-f-]{36})", server.log_text())[-1]
        witness = tmp_path / "ran.txt"
        phone.evaluate(
            """([kernel, path]) => new Promise((done) => {
            const ws = new WebSocket(`ws://${location.host}/api/kernels/${kernel}/channels`);
            ws.onopen = () => { ws.send(JSON.stringify({channel: 'shell', parent_header: {}, metadata: {},
                header: {msg_id: 'x1', msg_type: 'execute_request', username: '', session: 's', version: '5.3',
                         date: new Date().toISOString()},
                content: {code: `open(${JSON.stringify(path)}, 'w').write('ran')`, silent: false,
                          store_history: false, user_expressions: {}, allow_stdin: false}}));
                setTimeout(() => { ws.close(); done(); }, 1500); };
            ws.onerror = () => done();
        })""",
            [kernel, str(witness)],
        )
        phone.wait_for_timeout(1000)
        assert not witness.exists()
        assert "dropped a 'execute_request' message from a patient's check-in page" in server.log_text()
        for item in range(1, 10):
            _tap_answer(phone, "Several days" if item == 9 else "Not at all")
        staff = phone.locator(".iop-checkin-staff")
        staff.wait_for(state="visible")
        text = staff.inner_text()
        assert "speak with a member of staff now" in text and "988" in text
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(ARTIFACTS / "checkin_phone_staff_message.png"), full_page=True)
        assert not phone.evaluate(CONTRAST_JS) and not phone.evaluate(CLIPPED_JS)
        assert not BAND_WORDS.search(phone.inner_text(".iop-checkin")), phone.inner_text(".iop-checkin")
        phone.locator(".iop-checkin-continue").tap()
        phone.locator(".iop-checkin-progress", has_text="Question 10 of 16").wait_for()
        for _ in range(7):
            _tap_answer(phone, "Not at all")
        phone.wait_for_selector("text=Thank you. You have finished.")
        body = phone.inner_text(".iop-checkin")
        assert not BAND_WORDS.search(body) and not re.search(r"\b\d+\s*/\s*\d+\b", body), body
        phone.screenshot(path=str(ARTIFACTS / "checkin_phone_finished.png"), full_page=True)
        phone.reload()  # the check-in is over: the patient is back at the code page, not the staff's token note
        phone.wait_for_selector("#code")
        assert "access link" not in phone.inner_text("body")

        # The caseload shows the red flag at once (read from the store), the assessments patient-reported.
        open_dashboard(server, page, "00_home.ipynb", ".iop-home")
        row = page.locator(".iop-patients tr", has_text="BT-CHECKIN-1")
        row.wait_for(state="visible")
        assert "suicidal ideation" in row.locator(".iop-flag-critical").inner_text().lower()
        with Store(demo_db) as store:
            pid = next(p.id for p in store.patients() if p.pseudonym == "BT-CHECKIN-1")
            saved = store.current(pid, "assessment")
        assert sorted((r.item.instrument, r.source.value, r.item.total) for r in saved) == [
            ("gad7", "patient", 0),
            ("phq9", "patient", 1),
        ]

        # The code is spent; wrong codes are refused, and repeated wrong codes are slowed.
        fresh = context.browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
        try:
            again = fresh.new_page()
            again.goto(f"{server.url}/checkin")
            assert "did not work" in _submit(again, code)
            texts: list[str] = []
            for _ in range(8):  # 5 wrong codes per client are answered, then each try waits longer
                texts.append(_submit(again, "ZZZZ-ZZZZ"))
                if "Too many tries" in texts[-1]:
                    break
            assert "did not work" in texts[0]
            assert "Too many tries" in texts[-1] and len(texts) <= 6, texts
        finally:
            fresh.close()
    finally:
        context.close()
    assert not external, external
    assert_no_callback_failures(server)


def test_the_checkin_page_opens_without_the_token_and_nothing_else_does(clinic_server):
    server = clinic_server
    with urllib.request.urlopen(f"{server.url}/checkin", timeout=10) as response:
        assert response.status == 200
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    for path in ("/", "/voila/render/patient_checkin.ipynb?checkin=1", "/api/kernels"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{server.url}{path}", timeout=10)
        assert refused.value.code == 403, path
    wrong_host = urllib.request.Request(f"{server.url}/checkin", headers={"Host": f"evil.example:{server.port}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(wrong_host, timeout=10)
    assert refused.value.code == 403
