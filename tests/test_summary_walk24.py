"""The walk24 clinician's summary (finding 11): DEMO-04 of a demo built today, after a PHQ-9 of today (2,2,2,2,1,2,2,1,2
= 16, item 9 = 2) and a C-SSRS screen with intent (items 1-4 yes, 5-6 no: high risk): three open flags and nine
suicide-screen rows.  The walk printed it on 2 Letter pages with the signature line pushed to the foot, and read
"2026-11-30 09:15 UTC", "2026-12-04" and "04 Dec" on one page."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from iopkit import score
from iopkit.entry import clinical_day
from iopkit.report.patient import patient_summary_html
from iopkit.store import Store


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    from iopkit.demo import build_demo_db

    store = Store(build_demo_db(tmp_path_factory.mktemp("walk24") / "demo.sqlite", programme=False))
    pid = next(p.id for p in store.patients() if p.pseudonym == "DEMO-04")
    now = dt.datetime.now(dt.UTC)
    store.save(pid, score("phq9", [2, 2, 2, 2, 1, 2, 2, 1, 2]), by="RN", when=now)
    store.save(pid, score("cssrs_screen", ["yes", "yes", "yes", "yes", "no", "no", None]), by="RN", when=now)
    return patient_summary_html(store, pid, today=clinical_day())


def test_one_date_style_on_the_clinic_s_clock(walk):
    text = re.sub(r"<style>.*?</style>|<[^>]+>", " ", walk, flags=re.S)
    assert not re.findall(r"\b\d{4}-\d{2}-\d{2}\b", text.split("References")[0])  # no ISO day or time
    assert re.search(r"Generated \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2} [A-Z]", text)
    # each time of a record with its zone: "30 Nov 2026 09:15 UTC" (the demo's times, on this machine's clock)
    assert all(re.match(r" [A-Z]", text[m.end() : m.end() + 2]) for m in re.finditer(r"\d{4} \d{2}:\d{2}", text))


def test_the_c_ssrs_box_says_its_call_once_in_print(walk):
    # walk24 11: "Calls for safety precautions now ..." then "Next step: Safety precautions now ...": the call is hidden
    # where the box's next step says it
    assert ".iop-flag:has(.iop-next-step) .iop-calls-for { display: none; }" in walk


def test_the_review_names_the_open_flags_once(walk):
    # walk24 11: the review's reasons said each open flag again, with its record, under the boxes that say it; now
    # one reason names their kinds and points to the boxes
    review = re.sub(r"<[^>]+>", "", walk.split("<h2>Continued-stay review</h2>")[1].split("</section>")[0])
    assert "Possible suicidal ideation" not in review and "DAST-10 item 9" not in review
    assert (
        "unresolved high suicide-risk flag(s); unresolved suicide-risk flag(s); unresolved withdrawal or medical "
        "flag(s), each under Open flags above: a step-down waits until each is resolved"
    ) in review


@pytest.mark.browser
def test_the_signature_block_is_printed_whole(walk, chromium):
    page = chromium.new_page()
    try:
        page.set_content(walk, wait_until="load")
        page.emulate_media(media="print")
        assert page.evaluate("getComputedStyle(document.querySelector('.signature-block')).breakInside") == "avoid"
    finally:
        page.close()


@pytest.mark.browser
def test_the_walk_patient_prints_on_one_letter_page(walk, chromium):
    page = chromium.new_page()
    try:
        page.set_content(walk, wait_until="load")
        pdf = page.pdf(format="Letter", print_background=True, prefer_css_page_size=True)
    finally:
        page.close()
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 1
