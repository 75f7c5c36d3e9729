"""Clinical safety in headless Chromium: a danger sign shows at once, and answers never move to another patient.

- An unfinished C-SSRS with Q1 and Q2 "yes" shows its certain flag (a lower bound, with what it calls for)
  in the intake page, beside the form, before the form is complete.
- Delirium on the CIWA-Ar (hallucinations and disorientation) is a critical flag whatever the total, and the
  placement page then leads with the withdrawal level.
- Switching patient with answers entered asks first, and the dropdown stays on the patient whose answers they are.
- Switching instrument (or patient) with answers entered, the page scrolled down to the form, asks where the eye is:
  under the list, in the window, its "Keep" focused (walk review F2).
- A C-SSRS high-risk flag closes on the progress page only with the emergency evaluation it called for (walk review
  24, finding 1).

Screenshots land in tests/artifacts/ (the ``page`` fixture's full-page shot, plus the named shots below).
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import ARTIFACTS, DASHBOARDS, assert_no_callback_failures, open_dashboard, wait_until_read

pytestmark = pytest.mark.browser


def _pseudonym(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:6]}"


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def _add_patient(page, name: str) -> None:
    page.locator(".iop-picker input[placeholder='e.g. IOP-0107']").fill(name)
    page.get_by_role("button", name="Add patient").click()
    page.wait_for_selector(f".iop-status-ok:has-text('Added patient {name}')")
    page.locator(".iop-clinician input").fill("KM")


def _choose_instrument(page, label: str, code: str) -> None:
    page.locator(".iop-instrument select").select_option(label=label)
    page.wait_for_selector(f".iop-form-{code}")


def _in_view(page, selector: str) -> bool:
    """Whether ``selector`` comes into the window within 15 s. Polled in the page: the panel may be redrawing, so the
    element found a moment ago may be replaced before it is measured (a fresh-clone run read a detached one)."""
    try:
        page.wait_for_function(
            """(s) => { const e = document.querySelector(s); if (!e) return false;
                        const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }""",
            arg=selector,
            timeout=15_000,
        )
    except PlaywrightTimeout:
        return False
    return True


def _focused_keep_in_view(page) -> bool:
    """Whether the focused element becomes a question's "Keep" button, wholly inside the window, within 15 s."""
    try:
        page.wait_for_function(
            """() => { const e = document.activeElement;
                       if (!e || !e.classList.contains('iop-confirm-no')) return false;
                       const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }""",
            timeout=15_000,
        )
    except PlaywrightTimeout:
        return False
    return True


def _assert_clean(server, page) -> None:
    assert "Traceback" not in page.content()
    assert_no_callback_failures(server)


def test_an_unfinished_cssrs_shows_what_is_already_certain_at_once(voila, page):
    server = voila(DASHBOARDS)
    open_dashboard(server, page, "01_intake.ipynb", ".iop-intake")
    _add_patient(page, _pseudonym("BT-CSSRS"))
    _choose_instrument(page, "Columbia Suicide Severity Rating Scale, screener (C-SSRS screen)", "cssrs_screen")
    for item in (1, 2):  # wish to be dead, active suicidal thoughts; nothing else answered yet
        page.locator(f".iop-item-{item}").get_by_role("radio", name="Yes").click()
    flag = page.locator(".iop-result-panel .iop-flag-partial[data-code='suicide_risk_low']")
    flag.wait_for(state="visible")
    text = flag.inner_text()
    assert "at least low risk" in text and "the remaining questions could raise it: ask them now" in text
    assert "Calls for a suicide risk assessment" in text and "Next step" in text
    assert "Columbia" in text  # the source, in words a clinician can look up
    page.wait_for_selector(".iop-result:has-text('2 of 7 answered: not scored')")  # its own update, maybe later
    assert _in_view(page, ".iop-result-panel .iop-flag-partial")
    _shot(page, "cssrs-partial-intake")
    # Question 6 "yes" with its recency not yet asked: high risk (the worst answer) until it is asked.
    page.locator(".iop-item-6").get_by_role("radio", name="Yes").click()
    critical = page.locator(".iop-result-panel .iop-flag-critical.iop-flag-partial[data-code='suicide_risk_high']")
    critical.wait_for(state="visible")
    assert "Act now" in critical.inner_text()
    # announced as an alert: wait for it, as the result panel and the chart header redraw one after the other
    page.locator(".iop-flag-critical[role=alert]").first.wait_for(state="attached", timeout=15_000)
    assert _in_view(page, ".iop-result-panel .iop-flag-critical")
    _shot(page, "cssrs-partial-intake-q6")
    assert page.get_by_role("button", name="Save to patient record").is_disabled()
    _assert_clean(server, page)


CIWA_DELIRIUM = {1: 2, 2: 3, 3: 2, 4: 3, 5: 2, 6: 2, 7: 6, 8: 6, 9: 2, 10: 4}  # hallucinations, disoriented


def test_delirium_on_the_ciwa_is_critical_and_placement_leads_with_the_withdrawal_level(voila, page):
    server = voila(DASHBOARDS)
    open_dashboard(server, page, "01_intake.ipynb", ".iop-intake")
    name = _pseudonym("BT-DELIR")
    _add_patient(page, name)
    _choose_instrument(page, "Clinical Institute Withdrawal Assessment for Alcohol, revised (CIWA-Ar)", "ciwa_ar")
    for item, value in CIWA_DELIRIUM.items():
        control = page.locator(f".iop-item-{item}")
        if control.locator("select").count():
            control.locator("select").select_option(index=value + 1)  # after "— not answered —"
        else:
            control.get_by_role("radio").nth(value).click()
    page.wait_for_selector(".iop-result:has-text('Total 32 of 67')")  # 2+3+2+3+2+2+6+6+2+4, every item answered
    flag = page.locator(
        ".iop-result-panel .iop-flag-critical[data-code='complicated_withdrawal']:not(.iop-flag-partial)"
    )
    flag.wait_for(state="visible")
    assert "Calls for a prescriber's (medical) review now." in flag.inner_text()  # critical: now (re-review note 7)
    # the items that raised it, each with its rating (Sullivan 1989 anchors), then the finding (physician review)
    assert (
        'CIWA-Ar item 7 (Auditory disturbances) rated 6 of 7, "Extremely severe hallucinations"; item 8 (Visual '
        'disturbances) rated 6 of 7, "Extremely severe hallucinations"; item 10 (Orientation and clouding of '
        'sensorium) rated 4 of 4, "Disoriented for place and/or person": complicated withdrawal, possible delirium '
        "(any total)" in flag.inner_text()
    )
    # After the last item the most urgent flag is still on screen (the result panel never outgrows the window).
    assert _in_view(page, ".iop-result-panel .iop-flag-critical")
    _shot(page, "delirium-ciwa-intake")
    page.get_by_role("button", name="Save to patient record").click()
    page.wait_for_selector(".iop-status-ok:has-text('Saved')")
    saved = page.locator(".iop-last-saved .iop-flag-critical[data-code='complicated_withdrawal']")
    saved.wait_for(state="visible")  # "Saved" also shows in the status line, which may come first
    assert saved.count() == 1  # still shown

    open_dashboard(server, page, "02_placement.ipynb", ".iop-placement")
    page.locator(".iop-clinician input").fill("KM")
    page.locator(".iop-patient select").select_option(label=name)
    page.wait_for_selector(".iop-suggestion:has-text('from CIWA-Ar')")  # walk23 finding 3: by its name, not its code
    assert page.locator(".iop-dimension-1 select").evaluate("s => s.selectedOptions[0].text").startswith("4")
    for dimension in range(2, 7):
        page.locator(f".iop-dimension-{dimension} select").select_option(index=2)  # rating 1
    headline = page.locator(".iop-recommendation .iop-headline")
    headline.wait_for(state="visible")
    text = headline.inner_text()
    assert text.lower().index("withdrawal") < text.lower().index("then"), text
    assert page.locator(".iop-flags-area .iop-flag-critical").count() >= 1
    assert "[asam" not in page.inner_text(".iop-placement-basis")  # sources cited, never raw keys
    headline.evaluate("e => e.scrollIntoView({block: 'center'})")
    _shot(page, "delirium-placement")
    _assert_clean(server, page)


def test_switching_patient_with_answers_entered_asks_and_keeps_the_patient_until_discarded(voila, page):
    server = voila(DASHBOARDS)
    open_dashboard(server, page, "01_intake.ipynb", ".iop-intake")
    first, second = _pseudonym("BT-WP1"), _pseudonym("BT-WP2")
    _add_patient(page, second)
    _add_patient(page, first)
    _choose_instrument(page, "Patient Health Questionnaire-9 (PHQ-9)", "phq9")
    page.locator(".iop-item-1").get_by_role("radio", name="2 More than half the days").click()
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # down at the form, as when answering
    page.locator(".iop-patient select").select_option(label=second)
    question = page.locator(".iop-confirm-question")
    question.wait_for(state="visible")
    assert f"Discard the answers entered for {first}?" in question.inner_text()
    assert _focused_keep_in_view(page), "the question is out of the window or its Keep not focused"
    page.wait_for_function(
        "(v) => document.querySelector('.iop-patient select').selectedOptions[0].text === v", arg=first
    )
    _shot(page, "wrong-patient-confirm")
    page.get_by_role("button", name="Keep").click()
    question.wait_for(state="hidden")
    assert page.locator(".iop-patient select").evaluate("s => s.selectedOptions[0].text") == first
    page.locator(".iop-patient select").select_option(label=second)
    page.get_by_role("button", name="Discard").click()
    page.wait_for_function(
        "(v) => document.querySelector('.iop-patient select').selectedOptions[0].text === v", arg=second
    )
    assert page.locator(".iop-item-1 input:checked").count() == 0  # the answer went with the discard
    _assert_clean(server, page)


def test_switching_instrument_with_answers_entered_asks_under_the_list_in_view(voila, page):
    """Walk review F2: AUDIT items 1-3 answered (the page scrolled to the form), C-SSRS chosen in the list: the list
    went back to AUDIT and the question was drawn above the window, so the click seemed to do nothing."""
    server = voila(DASHBOARDS)
    page.set_viewport_size({"width": 1366, "height": 768})
    open_dashboard(server, page, "01_intake.ipynb", ".iop-intake")
    _add_patient(page, _pseudonym("BT-SW"))
    _choose_instrument(page, "Alcohol Use Disorders Identification Test (AUDIT)", "audit")
    for item in (1, 2, 3):
        page.locator(f".iop-item-{item}").get_by_role("radio").nth(1).click()
    page.locator(".iop-item-6").evaluate("e => e.scrollIntoView({block: 'center'})")  # the walk's scroll position
    page.locator(".iop-instrument select").select_option(
        label="Columbia Suicide Severity Rating Scale, screener (C-SSRS screen)"
    )
    question = page.locator(".iop-switch-question .iop-confirm-question")
    question.wait_for(state="visible")
    assert "Discard the answers entered for" in question.inner_text() and "AUDIT: 3 answered" in question.inner_text()
    assert _focused_keep_in_view(page), "the question is out of the window or its Keep not focused"
    assert page.locator(".iop-page > .iop-confirm").first.is_hidden()  # asked once, under the list
    _shot(page, "switch-instrument-question")
    page.keyboard.press("Enter")  # the focused answer keeps the answers
    question.wait_for(state="hidden")
    assert page.locator(".iop-instrument select").evaluate("s => s.selectedOptions[0].text").endswith("(AUDIT)")
    assert page.locator(".iop-form-audit input:checked").count() == 3
    _assert_clean(server, page)


def test_a_future_collection_date_typed_stays_as_typed_and_is_refused_beside_it(voila, page):
    """Walk review F6: 2 days ahead typed in "Collected on" came back as today, without a word."""
    import datetime as dt

    from iopkit.entry import clinical_day

    server = voila(DASHBOARDS)
    open_dashboard(server, page, "01_intake.ipynb", ".iop-intake")
    _add_patient(page, _pseudonym("BT-FD"))
    page.get_by_text("Drug screens").click()
    field = page.locator(".iop-screen-date input")
    today = clinical_day()
    ahead = today + dt.timedelta(days=2)
    # no max attribute to test: Voila's bundled date view (widgets-manager8) does not render the widget's min/max
    field.fill(ahead.isoformat())
    field.blur()
    note = page.locator(".iop-drug-screen .iop-day-note")
    note.get_by_text(f"{ahead:%d %b %Y} is after today").wait_for()
    page.locator(".iop-screen-positive input").fill("cocaine")
    page.get_by_role("button", name="Save drug screen").click()
    page.get_by_text("Not saved: check the date collected (beside it).").wait_for()
    assert field.input_value() == ahead.isoformat(), "the date typed was replaced"
    _shot(page, "future-collection-date")
    field.fill((today - dt.timedelta(days=1)).isoformat())
    field.blur()
    page.get_by_role("button", name="Save drug screen").click()
    page.get_by_text("Not saved. Enter the panel used, e.g. urine 12-panel.").wait_for()
    _assert_clean(server, page)


def _go(page, link: str, ready: str) -> None:
    page.locator(".iop-nav").get_by_role("link", name=link).click()
    page.wait_for_selector(ready, state="visible", timeout=60_000)
    wait_until_read(page)


def test_a_c_ssrs_high_risk_flag_closes_only_with_its_emergency_evaluation(voila, page):
    """Walk review 24, finding 1: the walk's closing (Low, "talked with patient, feels better", "RN, nurse") is
    refused, naming what is missing; the form asks for the evaluation as soon as the flag is chosen; with it, the
    closing says what the evaluation found, by whom, where and when."""
    server = voila(DASHBOARDS)
    open_dashboard(server, page, "01_intake.ipynb", ".iop-intake")
    _add_patient(page, _pseudonym("BT-EVAL"))
    _choose_instrument(page, "Columbia Suicide Severity Rating Scale, screener (C-SSRS screen)", "cssrs_screen")
    for item, answer in ((1, "Yes"), (2, "Yes"), (3, "No"), (4, "Yes"), (5, "No"), (6, "No")):  # Q4 intent: high
        page.wait_for_timeout(300)  # the previous answer's skip rules reach the page
        page.locator(f".iop-item-{item}").get_by_role("radio", name=answer).click()
    page.get_by_role("button", name="Save to patient record").click()
    page.wait_for_selector(".iop-last-saved:has-text('C-SSRS')")
    _go(page, "Progress & review", ".iop-progress-page .iop-flag-resolution")
    page.wait_for_selector(".iop-resolve-flag option:has-text('C-SSRS high')", state="attached")
    label = page.locator(".iop-resolve-flag option", has_text="C-SSRS high").first.text_content() or ""
    page.locator(".iop-resolve-flag select").select_option(label=label.strip())
    needs = page.locator(".iop-resolve-evaluation-needs")
    needs.wait_for(state="visible")  # before any level is chosen
    assert "This flag called for an immediate emergency mental-health evaluation." in needs.inner_text()
    page.locator(".iop-resolve-risk-level select").select_option(label="Low")
    page.locator(".iop-resolve-action textarea").fill("talked with patient, feels better")
    page.locator(".iop-resolve-by input").fill("RN, nurse")
    page.get_by_role("button", name="Record what was done").click()
    page.wait_for_selector(".iop-status-error:has-text('Missing: who did the evaluation')")
    assert page.locator(".iop-chart-header .iop-open-flags").count() == 1  # still open
    _shot(page, "emergency-evaluation-refused")
    page.locator(".iop-resolve-evaluated-by input").fill("Dr K. Patel, psychiatrist")
    page.locator(".iop-resolve-evaluated-where input").fill("County Hospital ED")
    page.locator(".iop-resolve-evaluated-on input").fill(dt.date.today().isoformat())
    page.locator(".iop-resolve-disposition select").select_option(label="Returned to the programme with a safety plan")
    page.locator(".iop-resolve-action textarea").fill("safety plan written with patient; 988 given")
    page.get_by_role("button", name="Record what was done").click()
    page.wait_for_selector(
        ".iop-status-ok:has-text('emergency evaluation by Dr K. Patel, psychiatrist (County Hospital ED, "
        f"{dt.date.today():%d %b %Y}): overall risk low; returned to the programme with a safety plan')"
    )
    page.wait_for_function("() => !document.querySelector('.iop-chart-header .iop-open-flags')")
    _shot(page, "emergency-evaluation-recorded")
    _assert_clean(server, page)
