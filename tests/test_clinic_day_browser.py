"""A clinic day walked in Chromium as one story, page to page through the navigation bar.

Two new patients; dated intake PHQ-9, AUDIT-C and C-SSRS; placement; a dose plan started from the
placed level and its schedule; a group of both patients and three sessions' attendance taken in the
roster, marked on the dose calendar; drug screens (one with an expected medication); a later PHQ-9; a
mis-entered answer corrected with a reason; the continued-stay review and what was done about the open
safety flag; the one-page summary printed to PDF (one Letter page). No external request (the ``page``
fixture fails on one), no error; screenshots at 1366x768 and 1024x768. Prints the clicks per task.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import uuid

import pytest

from .conftest import ARTIFACTS, DASHBOARDS, assert_no_callback_failures, open_dashboard, wait_until_read

pytestmark = pytest.mark.browser

PHQ9_LABELS = {0: "0 Not at all", 1: "1 Several days", 2: "2 More than half the days", 3: "3 Nearly every day"}
INTAKE_PHQ9 = (2, 2, 1, 2, 1, 1, 2, 1, 1)  # 13 by hand, item 9 = 1: suicide-risk flag
TODAY = dt.date.today()
INTAKE_DAY = TODAY - dt.timedelta(days=14)


def _shot(page, name: str) -> None:
    for width in (1366, 1024):
        page.set_viewport_size({"width": width, "height": 768})
        page.screenshot(path=str(ARTIFACTS / f"clinic_day_{name}_{width}.png"), full_page=False)
    page.set_viewport_size({"width": 1366, "height": 768})


def _instrument(page, label: str, css: str) -> None:
    page.locator(".iop-instrument select").select_option(label=label)
    page.wait_for_selector(f".iop-form-{css}")


def _first_answers(page, items: int) -> None:
    """Answer every asked item with its first choice (skip-rule items are disabled and left)."""
    for n in range(1, items + 1):
        control = page.locator(f".iop-form .iop-item-{n}")
        if control.locator("select").count():
            control.locator("select").select_option(index=1)
        elif control.get_by_role("radio").count():
            page.wait_for_timeout(400)  # the previous answer's skip rules reach the page
            if control.get_by_role("radio").first.is_enabled():
                control.get_by_role("radio").first.click()


def _save_assessment(page, expect: str) -> None:
    page.get_by_role("button", name="Save to patient record").click()
    page.wait_for_selector(f".iop-status-ok:has-text('{expect}')")


def _go(page, link: str, ready: str) -> None:
    page.locator(".iop-nav").get_by_role("link", name=link).click()
    page.wait_for_selector(ready, state="visible", timeout=60_000)
    wait_until_read(page)


def _saved_roster(page, server, day: dt.date) -> None:
    """Wait for the roster's confirmation for ``day``; if it does not come, say what the page said instead."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:  # a save on a loaded 2-core CI machine: the page navigations' 60 s, not the default 30 s
        page.wait_for_selector(f".iop-status-ok:has-text('on {day.isoformat()}')", timeout=60_000)
    except PlaywrightTimeout as error:
        take = page.locator(".iop-roster-save").locator("xpath=..")
        # the page's words last: CI's excerpt of a failure keeps the end of its output (stop 54 cut them off)
        raise AssertionError(
            f"{server.log_tail()}\nno confirmation for {day}: the page said {take.inner_text()!r}; roster: "
            f"{page.locator('.iop-roster-day').inner_text()!r} {page.locator('.iop-roster').inner_text()!r}"
        ) from error


def test_a_clinic_day(voila, page):
    server = voila(DASHBOARDS)
    a, b = (f"BT-DAY{n}-{uuid.uuid4().hex[:5]}" for n in (1, 2))
    page.set_viewport_size({"width": 1366, "height": 768})

    # Intake: two new patients, the first one's dated intake measures.
    open_dashboard(server, page, "01_intake.ipynb", ".iop-intake")
    for name in (b, a):
        page.locator(".iop-picker input[placeholder='e.g. IOP-0107']").fill(name)
        page.get_by_role("button", name="Add patient").click()
        page.wait_for_selector(f".iop-status-ok:has-text('Added patient {name}')")
    page.locator(".iop-clinician input").fill("KM")
    page.locator(".iop-when input").fill(INTAKE_DAY.isoformat())
    clicks = 1  # the instrument
    _instrument(page, "Patient Health Questionnaire-9 (PHQ-9)", "phq9")
    for number, value in enumerate(INTAKE_PHQ9, start=1):
        page.locator(f".iop-item-{number}").get_by_role("radio", name=PHQ9_LABELS[value]).click()
        clicks += 1
    _save_assessment(page, "total 13, moderate")
    clicks += 1
    assert clicks == 11  # PHQ-9 entry once the page has its patient and clinician
    page.wait_for_selector(".iop-chart-header .iop-open-flags")  # the item-9 flag in the chart header, at once
    for label, css, items in (("AUDIT-C", "audit_c", 3), ("C-SSRS", "cssrs_screen", 6)):
        page.locator(".iop-instrument select").select_option(
            label=next(o for o in page.locator(".iop-instrument option").all_inner_texts() if label in o)
        )
        page.wait_for_selector(f".iop-form-{css}")
        if page.locator(".iop-form [class*='iop-context-'] select").count():
            page.locator(".iop-form [class*='iop-context-'] select").first.select_option(index=1)
        page.locator(".iop-when input").fill(INTAKE_DAY.isoformat())
        _first_answers(page, items)
        page.get_by_role("button", name="Save to patient record").click()
        page.wait_for_selector(f".iop-last-saved:has-text('{label}')")
    page.locator(".iop-records").get_by_text("Saved assessments", exact=True).click()
    page.wait_for_selector(".iop-history", state="visible")
    assert page.locator(".iop-history tbody tr").count() == 3
    _shot(page, "intake")

    # Placement, reached through the navigation bar: the patient and the clinician come with it.
    _go(page, "Placement", ".iop-placement .iop-chart-header")
    assert a in page.inner_text(".iop-chart-header")
    # dated the day it was made, the intake's (walk23 F2): the suggestions read the scores up to that day
    page.locator(".iop-placed-on input").fill(INTAKE_DAY.isoformat())
    page.wait_for_selector(f".iop-scores-used:has-text('dated up to {INTAKE_DAY:%d %b %Y}')")
    for dimension, rating in {1: 0, 2: 0, 3: 2, 4: 2, 5: 2, 6: 1}.items():
        page.locator(f".iop-dimension-{dimension} select").select_option(index=rating + 1)
    page.locator(".iop-override-reason textarea").fill("ratings from the intake interview")
    page.wait_for_selector(".iop-level:has-text('Level 2.1')")
    page.get_by_role("button", name="Save placement").click()
    page.wait_for_selector(f".iop-status-ok:has-text('dated {INTAKE_DAY:%d %b %Y}')")
    page.wait_for_selector(
        f".iop-chart-header:has-text('Level 2.1 (Intensive outpatient) since {INTAKE_DAY:%d %b %Y}')"
    )

    # Dose and attendance: the plan starts from the placed level's minimum (9 h/week for adult IOP).
    _go(page, "Dose & attendance", ".iop-dose .iop-plan-summary")
    assert page.locator(".iop-hours-per-week input").input_value() == "9"
    monday = INTAKE_DAY - dt.timedelta(days=INTAKE_DAY.weekday())
    page.locator(".iop-start input").fill(monday.isoformat())
    page.wait_for_selector(f".iop-plan-summary:has-text('{monday.isoformat()} to')")
    assert "Medicare IOP certification (at least 9 h/week): met in every week." in page.inner_text(".iop-plan")
    page.get_by_role("button", name="Save plan and schedule").click()
    page.wait_for_selector(".iop-status-ok:has-text('Saved')")
    _shot(page, "dose")

    # Groups: a group of both patients on the plan's days and times; three sessions' attendance in the roster.
    open_dashboard(server, page, "06_groups.ipynb", ".iop-groups-page")
    page.wait_for_selector(f".iop-groups-page select >> text={b}", state="attached")
    page.locator(".iop-clinician input").fill("KM")
    page.get_by_label("Name").fill(f"Early recovery {a}")
    page.get_by_label("Facilitator").fill("KM")
    page.get_by_label("Members").select_option(label=[a, b])
    page.get_by_role("button", name="Save group").click()
    page.wait_for_selector(f".iop-status-ok:has-text('Saved Early recovery {a}')")
    page.wait_for_selector(".iop-roster-row >> nth=1")
    rows = {name: page.locator(".iop-roster-row", has_text=name) for name in (a, b)}
    roster_clicks = {}
    sessions = (
        (monday, {}),
        (monday + dt.timedelta(days=2), {b: "Left early"}),
        (monday + dt.timedelta(days=4), {a: "Absent, excused"}),
    )
    for day, marks in sessions:
        page.locator(".iop-session-date input").fill(day.isoformat())
        # the page's line above the roster names the session once the roster is drawn for it: marked only then
        page.wait_for_selector(f".iop-roster-day:has-text('on {day:%a %d %b %Y}')")
        n = 1
        for name, mark in marks.items():
            rows[name].get_by_role("radio", name=mark).click()
            n += 1
            if mark == "Left early":  # walk24 finding 13: the hours asked for, then typed
                rows[name].locator(".iop-roster-problem:has-text('give the hours')").wait_for()
                rows[name].get_by_label("Hours attended").fill("2")
                n += 1
                # leaving the box sends the hours, and the question goes from the row: what the clinician sees
                # before Save (stop 54's CI timed out on this session's confirmation; cause not seen)
                rows[name].get_by_label("Hours attended").press("Tab")
                rows[name].locator(".iop-roster-problem:has-text('give the hours')").wait_for(state="detached")
        page.get_by_role("button", name="Save attendance").click()
        n += 1
        _saved_roster(page, server, day)
        roster_clicks[day.isoformat()] = n
    assert list(roster_clicks.values()) == [2, 4, 3]  # all present: the date and Save
    _shot(page, "groups")

    # Back to the first patient's dose page: the calendar marks each session from the roster.
    page.goto(server.url + f"/voila/render/03_dose_planner.ipynb?patient={a}&by=KM", wait_until="commit")
    page.wait_for_selector(".iop-dose .iop-marked-calendar", state="visible", timeout=60_000)
    wait_until_read(page)
    week_1 = page.locator(".iop-marked-calendar tbody tr").first.inner_text()
    assert week_1.count("attended") == 2 and "missed, excused" in week_1, week_1
    assert "not recorded" in page.inner_text(".iop-marked-calendar")  # the sessions since, not taken yet
    assert "6 h" in page.inner_text(".iop-progress-table")  # delivered: two sessions of 3 h
    page.locator(".iop-marked-calendar").scroll_into_view_if_needed()
    _shot(page, "calendar")

    # Drug screens and a later PHQ-9 back on intake; then a mis-entered answer corrected.
    _go(page, "Intake & measures", ".iop-intake .iop-chart-header")
    page.locator(".iop-records").get_by_text("Drug screens", exact=True).click()
    page.wait_for_selector(".iop-screen-date input", state="visible")
    for when, positive, expected in ((INTAKE_DAY, "buprenorphine", "buprenorphine"), (TODAY, "", "")):
        page.locator(".iop-screen-date input").fill(when.isoformat())
        page.locator(".iop-screen-panel input").fill("urine 12-panel")
        page.locator(".iop-screen-positive input").fill(positive)
        page.locator(".iop-screen-negative input").fill("fentanyl, cocaine, amphetamines")
        page.locator(".iop-screen-expected input").fill(expected)
        page.get_by_role("button", name="Save drug screen").click()
        page.wait_for_selector(f".iop-drug-screen .iop-status-ok:has-text('{when:%d %b %Y}')")
    assert "(expected medication)" in page.inner_text(".iop-screens")
    _instrument(page, "Patient Health Questionnaire-9 (PHQ-9)", "phq9")
    for number in range(1, 10):
        page.locator(f".iop-item-{number}").get_by_role("radio", name=PHQ9_LABELS[1 if number < 4 else 0]).click()
    _save_assessment(page, "total 3, minimal")
    page.wait_for_function("() => document.querySelectorAll('.iop-corrects option').length >= 5")
    page.locator(".iop-corrects select").select_option(index=1)  # the newest assessment first
    page.wait_for_selector(".iop-reason input", state="visible")
    page.wait_for_selector(".iop-result:has-text('Total 3')")  # its answers are back in the form
    page.locator(".iop-item-4").get_by_role("radio", name=PHQ9_LABELS[1]).click()
    page.locator(".iop-reason input").fill("item 4 mis-entered from the paper form")
    page.get_by_role("button", name="Save the correction").click()
    page.wait_for_selector(".iop-status-ok:has-text('corrects record')")
    page.locator(".iop-records").get_by_text("Saved assessments", exact=True).click()
    page.wait_for_selector(".iop-history", state="visible")
    assert "corrected (replaces record" in page.inner_text(".iop-history")

    # Progress: the review, then what was done about the open item-9 flag.
    _go(page, "Progress & review", ".iop-progress-page .iop-decision")
    assert "Unresolved suicide-risk" in page.inner_text(".iop-review")
    page.locator(".iop-resolve-risk-level select").select_option(label="Low")  # asked for a suicide-risk flag
    page.locator(".iop-resolve-action textarea").fill("C-SSRS full assessment; safety plan agreed")
    page.locator(".iop-resolve-by input").fill("KM, LCSW")
    page.get_by_role("button", name="Record what was done").click()
    page.wait_for_selector(".iop-status-ok:has-text('what was done')")
    page.wait_for_function("() => !document.querySelector('.iop-review').innerText.includes('Unresolved suicide')")
    assert page.locator(".iop-chart-header .iop-open-flags").count() == 0
    _shot(page, "progress")

    # The one-page summary, downloaded from the chart and printed to PDF in Chromium.
    href = page.locator("#iop-summary a").get_attribute("href")
    summary = base64.b64decode(href.split("base64,", 1)[1]).decode("utf-8")
    (ARTIFACTS / "clinic_day_summary.html").write_text(summary, encoding="utf-8")
    assert "Level of care: Level 2.1" in summary
    # the placement's clinical date (walk23 F2), in the summary's one date style (walk24 11: was ISO)
    assert f"since {INTAKE_DAY:%d %b %Y}" in summary
    # The item-9 flag is resolved; what stays open is the attendance. Session 19: unrecorded sessions: a session no
    # roster was taken for is not counted as missed but named for its roster: 6 h delivered of the 3 sessions of 3 h
    # recorded (the roster's first week: two present, one absent, excused) is 67 %, and the sessions since, not
    # taken on a roster, are named.
    assert "iop-flag-critical" not in summary.split("<body>", 1)[1]
    assert "Attendance used: 67% of the session hours recorded" in summary
    # session 19 review S2: "record it (present, late, left early or absent)" instead of "take the roster"
    assert "no attendance recorded: take the roster" not in summary
    assert "no attendance recorded" in summary
    # physician review R23c D1: the summary's open flags hold danger signs only; the unrecorded sessions are said in
    # the review's reasons (their own flag box, with its sign-in sheet step, is on the progress page)
    assert "have no attendance recorded: record them (present, late, left early or absent)" in summary
    assert "(expected medication)" in summary and "corrected" in summary
    printer = page.context.new_page()
    try:
        printer.set_content(summary, wait_until="load")
        pdf = printer.pdf(format="Letter", print_background=True, prefer_css_page_size=True)
    finally:
        printer.close()
    (ARTIFACTS / "clinic_day_summary.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    assert pages == 1, pages

    # Home: the caseload lists both, the first without an open flag now.
    _go(page, "Caseload", ".iop-caseload")
    row = page.locator(".iop-caseload tr", has_text=a)
    assert "2.1" in row.inner_text() and page.locator(".iop-caseload tr", has_text=b).count() == 1
    _shot(page, "caseload")
    assert "Traceback" not in page.content()
    assert_no_callback_failures(server)
    print(
        f"\nclicks: PHQ-9 entry {clicks}; one group session's attendance {roster_clicks} "
        f"(date, marks changed, save); summary PDF {pages} page(s)"
    )
