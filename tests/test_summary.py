"""The one-page patient summary (iopkit.report.patient): what it says, and that it prints on one Letter page."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from iopkit import score
from iopkit.placement import LevelOfCare, Placement, recommend
from iopkit.records import DrugScreen
from iopkit.report.patient import patient_summary_html
from iopkit.store import Store

from .conftest import clinic_time
from .intoxication_screens import r32a

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

PHQ9_ITEM9 = [1, 1, 1, 1, 1, 1, 1, 1, 2]  # item 9 endorsed: a safety flag


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "s.sqlite")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from iopkit.demo import build_demo_db

    return Store(build_demo_db(tmp_path_factory.mktemp("demo") / "demo.sqlite", programme=False))


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_chosen_level_comes_first_with_the_recommendation_beside_it(store):
    pid = store.add_patient("IOP-1")
    rec = recommend({1: 0, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1})
    store.save(pid, Placement(rec, LevelOfCare.OP, "declined IOP hours; agreed to weekly OP"), by="KM")
    page = patient_summary_html(store, pid, generated="now")
    decision = page.split('<p class="decision">')[1]
    assert decision.startswith("Placed at Level 1") and f"recommended {rec.level}" in decision
    assert decision.index("Placed at") < decision.index("recommended")


def test_latest_score_per_instrument_with_trend_and_the_open_safety_flag(store):
    pid = store.add_patient("IOP-1")
    store.save(pid, score("phq9", [2] * 9), by="KM", when=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
    store.save(pid, score("phq9", PHQ9_ITEM9), by="KM", when=dt.datetime(2026, 2, 2, 9, tzinfo=dt.UTC))
    page = patient_summary_html(store, pid, generated="now")
    # 18 -> 10 on the PHQ-9 (typed from the answers: 9 x 2 = 18; 8 x 1 + 2 = 10)
    assert "18 → 10 (-8)" in page and page.count("<td>PHQ-9") == 1 or page.count("PHQ-9") >= 1
    assert "iop-flag-critical" in page.split("<h2>Latest scores")[0]  # open flags are in the header part
    assert 'data-calls-for="risk_assessment"' in page and "Signature" in page


def test_times_are_local_with_the_zone_and_history_only_when_asked(store):
    pid = store.add_patient("IOP-1")
    store.save(pid, score("phq9", [1] * 9), by="KM", when=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
    local = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC).astimezone()
    page = patient_summary_html(store, pid, generated="now")
    # walk24 11: the summary prints one date style, "30 Nov 2026 09:15 UTC" / "04 Dec 2026" (was ISO)
    assert f"{local:%d %b %Y %H:%M} " in page  # its zone named: tests/test_summary_zone.py
    assert "every saved version" not in page
    assert "every saved version" in patient_summary_html(store, pid, generated="now", history=True)


def test_drug_screens_and_a4(store):
    pid = store.add_patient("IOP-1")
    store.save(pid, DrugScreen(dt.date(2026, 1, 7), "10-panel", positive=("cocaine",)), by="KM")
    page = patient_summary_html(store, pid, generated="now", paper="A4")
    assert "cocaine" in page and "size: A4" in page


@pytest.mark.browser
def test_demo_patients_summary_prints_on_one_letter_page(demo, chromium, tmp_path):
    context = chromium.new_context()
    fetched = []
    context.route("**/*", lambda route: (fetched.append(route.request.url), route.abort()))
    page = context.new_page()
    counts = {}
    try:
        for patient in demo.patients():
            document = patient_summary_html(demo, patient.id, today=dt.date(2026, 3, 2))
            page.set_content(document, wait_until="load")
            pdf = page.pdf(format="Letter", print_background=True, prefer_css_page_size=True)
            (tmp_path / f"{patient.pseudonym}.pdf").write_bytes(pdf)
            counts[patient.pseudonym] = (_pages(pdf), "iop-flag-critical" in document or "iop-flag-warning" in document)
        page.set_content(patient_summary_html(demo, demo.patients()[0].id, history=True), wait_until="load")
        with_history = _pages(page.pdf(format="Letter", prefer_css_page_size=True))
    finally:
        context.close()
    assert not fetched
    assert all(n <= (2 if flagged else 1) for n, flagged in counts.values()), counts
    assert with_history >= 2


@pytest.mark.browser
def test_a_patient_without_open_flags_prints_on_one_letter_page(store, chromium):
    from iopkit.dose import Attendance, DosePlan, schedule

    pid = store.add_patient("IOP-1")
    for week, answers in enumerate(([2] * 8 + [0], [1] * 8 + [0], [1] * 4 + [0] * 5)):
        store.save(pid, score("phq9", answers), by="KM", when=dt.date(2026, 1, 5) + dt.timedelta(weeks=2 * week))
        store.save(pid, score("gad7", answers[:7]), by="KM", when=dt.date(2026, 1, 5) + dt.timedelta(weeks=2 * week))
    store.save(pid, Placement(recommend({1: 0, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1})), by="KM", when=dt.date(2026, 1, 5))
    sched = schedule("2026-01-05", ["mon", "wed", "fri"], 3, 12)
    store.save(pid, DosePlan(9, 12, sessions_per_week=3), by="KM", when=dt.date(2026, 1, 5))
    log = Attendance(sched)
    for s in (s for s in sched.sessions if s.date <= dt.date(2026, 3, 2)):
        log = log.record(s.date, "attended", today=dt.date(2026, 3, 2))
    store.save(pid, log, by="KM", when=dt.date(2026, 3, 2))
    for k in range(5):
        screen = DrugScreen(
            dt.date(2026, 1, 7) + dt.timedelta(weeks=k), "urine 6-panel", negative=("cocaine", "opioids")
        )
        store.save(pid, screen, by="KM", when=screen.collected)
    document = patient_summary_html(store, pid, today=dt.date(2026, 3, 2))
    assert "No open flags" in document, document.split("<h2>Open flags</h2>")[1][:600]
    context = chromium.new_context()
    context.route("**/*", lambda route: route.abort())
    page = context.new_page()
    try:
        page.set_content(document, wait_until="load")
        pdf = page.pdf(format="Letter", print_background=True, prefer_css_page_size=True)
    finally:
        context.close()
    assert _pages(pdf) == 1


def test_a_page_s_episode_is_used_as_read_and_gives_the_same_summary(store):
    from iopkit.episode import Episode

    pid = store.add_patient("IOP-1")
    store.save(pid, score("phq9", PHQ9_ITEM9), by="KM", when=dt.date(2026, 2, 2))
    day = dt.date(2026, 2, 9)
    episode = Episode.from_store(store, pid, as_of=day)
    alone = patient_summary_html(store, pid, generated="now", today=day)
    assert patient_summary_html(store, pid, generated="now", today=day, episode=episode) == alone
    # An episode of another day is not used for this one.
    other = Episode.from_store(store, pid, as_of=dt.date(2026, 2, 1))
    assert patient_summary_html(store, pid, generated="now", today=day, episode=other) == alone


def test_an_open_high_risk_flag_on_an_older_score_prints_when_there_is_no_review(store):
    # Not placed yet (no continued-stay review): a C-SSRS high risk last week, never resolved, then a calm
    # C-SSRS this week.  The printout must not say "No open flags" over an open emergency-evaluation flag.
    pid = store.add_patient("IOP-1")
    day = clinic_time(dt.date(2026, 3, 2), 10)
    store.save(pid, score("cssrs_screen", {1: 1, 2: 1, 3: 1, 4: 1, 5: 0, 6: 0}), by="KM", when=day)
    store.save(pid, score("cssrs_screen", {1: 0, 2: 0, 6: 0}), by="KM", when=day + dt.timedelta(days=7))
    page = patient_summary_html(store, pid, generated="now", today=dt.date(2026, 3, 10))
    flags = page.split("<h2>Open flags</h2>")[1].split("</section>")[0]
    assert "No open flags" not in flags
    # walk24 11: the summary prints one date style, "30 Nov 2026 09:15 UTC" / "04 Dec 2026" (was ISO)
    assert 'data-calls-for="emergency_evaluation"' in flags and "02 Mar 2026" in flags


# --- the patient's check-in answers not saved yet -------------------------------------------------------------
# PHQ-9 (Kroenke et al. 2001): item 9 asks about "thoughts that you would be better off dead, or of hurting yourself";
# any answer above "Not at all" (0) calls for a suicide risk assessment before the patient leaves (Joint Commission
# NPSG 15.01.01). The patient's own answer on the check-in tablet is no record until the questionnaire is finished.
ITEM_9_ACTION = "Ask about suicidal thoughts today and complete a suicide risk assessment"
RISK_ASSESSMENT_CALL = "Calls for a suicide risk assessment by a qualified clinician today, before the patient leaves"


def _checkin_item(store, pid, *, item=9, value=1, started=None):
    from iopkit.checkin import CheckinBook, book_of

    with CheckinBook(book_of(store)) as book:
        ticket = book.start(store, pid, ["phq9"], by="KM", now=started)
        session = book.redeem(ticket.code, now=started)
        book.answer(session.checkin.id, "phq9", item, value, now=started)
        return session.checkin.id


def _flags_section(page):
    return page.split("<h2>Open flags</h2>")[1].split("</section>")[0]


def test_an_open_check_in_flag_prints_in_the_flags_section_with_its_day_and_call(store, monkeypatch):
    monkeypatch.delenv("IOPKIT_CHECKINS", raising=False)
    pid = store.add_patient("IOP-1")
    _checkin_item(store, pid)  # PHQ-9 item 9 "several days" on the tablet, the questionnaire not finished
    assert store.current(pid, "assessment") == ()
    today = dt.date.today()
    flags = _flags_section(patient_summary_html(store, pid, generated="now", today=today))
    assert "No open flags" not in flags
    assert "Possible suicidal ideation" in flags and "Patient-entered, not yet reviewed by staff." in flags
    assert "(PHQ-9) check-in started " in flags and ITEM_9_ACTION in flags and RISK_ASSESSMENT_CALL in flags
    assert 'data-calls-for="risk_assessment"' in flags and "iop-flag-critical" in flags


def test_a_reviewed_check_in_and_another_patients_check_in_print_no_flag(store, monkeypatch):
    from iopkit.checkin import CheckinBook, book_of

    monkeypatch.delenv("IOPKIT_CHECKINS", raising=False)
    pid, other = store.add_patient("IOP-1"), store.add_patient("IOP-2")
    checkin = _checkin_item(store, other)
    assert "No open flags" in _flags_section(patient_summary_html(store, pid, generated="now"))
    assert "Possible suicidal ideation" in _flags_section(patient_summary_html(store, other, generated="now"))
    with CheckinBook(book_of(store)) as book:
        book.cancel(checkin)  # withdrawn, then reviewed by a clinician: the flag is closed
        book.review(checkin, "KM", risk_level="low", action="C-SSRS full assessment: low risk; safety plan agreed")
    assert "No open flags" in _flags_section(patient_summary_html(store, other, generated="now"))


def test_a_check_in_that_ended_before_item_9_prints_the_unanswered_question(store, monkeypatch):
    monkeypatch.delenv("IOPKIT_CHECKINS", raising=False)
    pid = store.add_patient("IOP-1")
    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)  # expired: item 9 never answered
    _checkin_item(store, pid, item=1, value=0, started=started)
    flags = _flags_section(patient_summary_html(store, pid, generated="now"))
    assert "item 9 not answered yet, so its worst answer is assumed" in flags and ITEM_9_ACTION in flags
    # a blank question's worst case is no lower bound: the unfinished-form line would say the opposite
    assert "Unfinished form: a lower bound" not in flags


# PHQ-9 (Kroenke et al. 2001) item 9 anchors: 0 "Not at all", 1 "Several days", 2 "More than half the days",
# 3 "Nearly every day". The summary prints the answer the patient gave and when the check-in started, so a
# tablet answer is told from a saved score.
def test_a_check_in_flag_prints_the_answer_given_and_the_time_of_the_check_in(store, monkeypatch):
    from iopkit.report.patient import local_time

    monkeypatch.delenv("IOPKIT_CHECKINS", raising=False)
    pid = store.add_patient("IOP-1")
    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    _checkin_item(store, pid, value=3, started=started)
    flags = _flags_section(patient_summary_html(store, pid, generated="now", today=dt.date.today()))
    # walk24 11: the summary prints one date style, "30 Nov 2026 09:15 UTC" / "04 Dec 2026" (was ISO)
    shown = local_time(started)  # its zone, then the summary's style of the same clock time
    when = dt.datetime.strptime(shown[:16], "%Y-%m-%d %H:%M").strftime("%d %b %Y %H:%M") + shown[16:]
    given = f'(PHQ-9) check-in started {when}: item 9 "Nearly every day" (3))'
    assert given in html.unescape(flags)
    assert "Patient-entered, not yet reviewed by staff." in flags
    assert "patient check-in, questionnaire not finished yet" not in flags


def test_a_check_in_book_that_cannot_be_read_is_said_on_the_summary(store, monkeypatch):
    from iopkit.checkin import book_of

    monkeypatch.delenv("IOPKIT_CHECKINS", raising=False)
    pid = store.add_patient("IOP-1")
    book_of(store).mkdir()  # not a SQLite file
    flags = _flags_section(patient_summary_html(store, pid, generated="now"))
    assert "check-ins could not be read" in flags and "No open flags." not in flags


# PAWSS 4 or more (Maldonado et al. 2014) calls for 24-hour withdrawal management, dimension 1 rated 3, 3.7-WM
# (ASAM 2020 Rec II.5; ASAM Criteria 2013): rated 1 instead, the level is the ratings' (Level 1), an override the
# clinician gave a reason for; the printed line names what was suggested (3.7-WM, for the PAWSS) and does not call
# the ratings' level "the recommendation".
def test_a_rating_below_a_flag_prints_its_override_and_reason_even_at_the_recommended_level(store):
    from iopkit.placement import suggest_dimensions

    pid = store.add_patient("IOP-1")
    rec = recommend({1: 1, 2: 0, 3: 0, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([], pawss=5))
    store.save(pid, Placement(rec, reason="sober partner at home 24 h; daily nurse visits"), by="KM")
    decision = patient_summary_html(store, pid, generated="now").split('<p class="decision">')[1].split("</p>")[0]
    assert html.unescape(decision).startswith(
        "Placed at Level 1 (Outpatient) with Level 1-WM (Ambulatory withdrawal management without extended on-site "
        "monitoring), below the 3.7-WM that PAWSS 5 (4 or more) calls for (reason: sober partner at home 24 h; daily "
        'nurse visits) <span class="beside">(the level of the clinician\'s ratings; override: dimension 1 rated 1, '
        "suggested 3: 3.7-WM, "
        "PAWSS 5 (4 or more)) by KM"
    )
    assert "the recommendation" not in decision


# The same PAWSS with a mitigation recorded: the floor is ambulatory withdrawal management with extended on-site
# monitoring, 2-WM (dimension 1 rated 2), iopkit's own rule for a mitigated high risk (ASAM 2020 Rec III.1 allows
# ambulatory withdrawal management for limited or mitigated risk factors without naming a level). Rated below it,
# the level is the ratings', below that 2-WM, spelt out for a counsellor: never "the recommendation"; rated at it, it
# is the recommendation.
@pytest.mark.parametrize("d1", [0, 1])
def test_a_rating_below_the_2_wm_floor_of_a_mitigated_pawss_prints_the_ratings_level(store, d1):
    from iopkit.placement import suggest_dimensions

    pid = store.add_patient("IOP-1")
    s = suggest_dimensions([], pawss=5, withdrawal_risk_mitigated="partner at home 24 h")
    rec = recommend({1: d1, 2: 0, 3: 0, 4: 1, 5: 1, 6: 1}, suggested=s)
    store.save(pid, Placement(rec, reason="daily nurse visits"), by="KM")
    decision = patient_summary_html(store, pid, generated="now").split('<p class="decision">')[1].split("</p>")[0]
    wm = (
        "no withdrawal management"
        if d1 == 0
        else "Level 1-WM (Ambulatory withdrawal management without extended on-site monitoring)"
    )
    assert html.unescape(decision).startswith(
        f"Placed at Level 1 (Outpatient) with {wm}, below the 2-WM that PAWSS 5 (4 or more) calls for (reason: daily "
        'nurse visits) <span class="beside">(the level of the clinician\'s ratings; override: '
        f"dimension 1 rated {d1}, suggested 2: 2-WM, PAWSS 5 (4 or more)) by KM"
    )
    assert "the recommendation" not in decision and "24-hour" not in decision


# Possible withdrawal delirium on a CIWA-Ar of 1 Sep 2026 (item 10 at 2, Sullivan 1989), its flag resolved: if
# confirmed a history of complicated withdrawal, iopkit's high-risk rule (ASAM 2020 alcohol withdrawal guideline, Rec
# II.5, III.1) suggests 3.7-WM (dimension 1 rated 3, ASAM Criteria 2013). Rated 1 with a reason, the plan routes to
# 1-WM: the summary never names 1-WM without the 3.7-WM it is below, and the reason.
def test_a_summary_never_names_1_wm_below_a_delirium_history_without_the_warning(store):
    from iopkit.placement import suggest_dimensions

    pid = store.add_patient("IOP-1")
    s = suggest_dimensions([], withdrawal_delirium_on=[dt.date(2026, 9, 1)], today=dt.date(2026, 12, 2))
    rec = recommend({1: 1, 2: 0, 3: 0, 4: 1, 5: 1, 6: 1}, suggested=s)
    store.save(pid, Placement(rec, reason="daily nurse visits"), by="KM")
    decision = patient_summary_html(store, pid, generated="now").split('<p class="decision">')[1].split("</p>")[0]
    assert html.unescape(decision).startswith(
        "Placed at Level 1 (Outpatient) with Level 1-WM (Ambulatory withdrawal management without extended on-site "
        "monitoring), below the 3.7-WM that possible withdrawal delirium on 01 Sep 2026 (CIWA-Ar) calls for "
        '(reason: daily nurse visits) <span class="beside">(the level of the clinician\'s ratings; override: '
    )


def test_a_rating_at_the_2_wm_floor_of_a_mitigated_pawss_is_the_recommendation(store):
    from iopkit.placement import suggest_dimensions

    pid = store.add_patient("IOP-1")
    s = suggest_dimensions([], pawss=5, withdrawal_risk_mitigated="partner at home 24 h")
    store.save(pid, Placement(recommend({1: 2, 2: 0, 3: 0, 4: 1, 5: 1, 6: 1}, suggested=s)), by="KM")
    decision = patient_summary_html(store, pid, generated="now").split('<p class="decision">')[1].split("</p>")[0]
    assert "(the recommendation)" in html.unescape(decision) and "clinician's ratings" not in decision


def test_an_override_above_the_suggestion_is_still_placed_at_the_recommendation(store):
    from iopkit.placement import suggest_dimensions

    pid = store.add_patient("IOP-2")
    rec = recommend({1: 3, 2: 0, 3: 0, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([], pawss=5))
    store.save(pid, Placement(rec), by="KM")
    decision = patient_summary_html(store, pid, generated="now").split('<p class="decision">')[1].split("</p>")[0]
    assert "(the recommendation)" in html.unescape(decision) and "below the 24-hour" not in decision


# CIWA-Ar and COWS rate the signs present when scored (Sullivan et al. 1989; Wesson & Ling 2003); treatment follows
# the current score (ASAM 2020 alcohol withdrawal guideline, Rec III.3). A COWS of another day prints a re-score.
COWS_13 = [1, 2, 3, 1, 1, 1, 1, 1, 1, 1, 0]


def test_an_open_cows_flag_of_another_day_prints_its_re_score_not_treatment(store):
    # the reviewer's case: COWS 13 on 1 Sep and on 15 Sep 2026, the 1 Sep flag unresolved, printed on 2 Dec 2026
    pid = store.add_patient("IOP-1")
    for day in (1, 15):
        store.save(pid, score("cows", COWS_13), by="KM", when=clinic_time(dt.date(2026, 9, day), 10))
    flags = html.unescape(_flags_section(patient_summary_html(store, pid, generated="now", today=dt.date(2026, 12, 2))))
    assert "Re-score the COWS now (last 13 on 15 Sep 2026); treat on the current score" in flags
    assert "treat withdrawal" not in flags.lower() and "the first dose may be given now" not in flags
    # printed on the day of the score, its treatment stands (a prescriber's review before the patient leaves:
    # physician review, should-fix 3)
    today = html.unescape(_flags_section(patient_summary_html(store, pid, generated="now", today=dt.date(2026, 9, 15))))
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert (
        # physician review R30b, M2: every dose behind the intoxication screen on the summary as in the headline
        # (R13 S4; was: "Prescriber's review before the patient leaves: treat withdrawal as ...")
        r32a(
            "Prescriber's review before the patient leaves: before any dose: screen for intoxication (breath alcohol "
            "above zero, or signs of sedative intoxication); if intoxicated: no dose here (the patient must not drive "
            "today); otherwise treat withdrawal as "
            "the prescriber decides, with "
            "buprenorphine, or methadone only in an opioid treatment programme or under the 72-hour rule (given or "
            "dispensed on site, at most a 3-day supply while referral is arranged, not renewed or extended; never "
            "prescribed); re-score the COWS"
        )
        in today
    )
    assert "Re-score the COWS now" not in today


def test_a_placed_patients_stale_cows_flag_prints_its_re_score_in_the_review_too(store):
    # the fourth clinical review's case: a patient placed at 2.1 has a continued-stay review, whose flags carry the
    # open flags as saved; the printout and the progress page show them with their re-score, never treatment
    from iopkit.widgets.progress import progress_app

    pid = store.add_patient("IOP-3")
    store.save(pid, Placement(recommend({1: 0, 2: 1, 3: 2, 4: 1, 5: 1, 6: 1})), by="KM", when=dt.date(2026, 8, 31))
    for day in (1, 15):
        store.save(pid, score("cows", COWS_13), by="KM", when=clinic_time(dt.date(2026, 9, day), 10))
    page = html.unescape(patient_summary_html(store, pid, generated="now", today=dt.date(2026, 12, 2)))
    assert "Re-score the COWS now (last 13 on 15 Sep 2026); treat on the current score" in page
    assert "treat withdrawal" not in page.lower() and "the first dose may be given now" not in page
    app = progress_app(store)
    app.start()
    app.picker.choose.value = pid  # today's date: 15 Sep 2026 is another day
    shown = html.unescape(app.review_view.value)
    assert "Re-score the COWS now (last 13 on 15 Sep 2026); treat on the current score" in shown, shown
    assert "treat withdrawal" not in shown.lower() and "the first dose may be given now" not in shown


CIWA_12 = [2, 2, 2, 2, 2, 0, 0, 0, 2, 0]  # 12: moderate (Sullivan et al. 1989: 8-14; ASAM 2020: 10-18)


@pytest.mark.parametrize(
    ("stale", "today_score", "expected"),
    [
        ("ciwa_ar", None, "Re-score the CIWA-Ar now (last 12 on 15 Sep 2026); treat on the current score"),
        (
            "cows",
            [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
            "Today's COWS (3) is the current score; the signs of 15 Sep 2026 are past: record what was done about this "
            "flag",
        ),
    ],
)
def test_a_placed_patients_review_never_treats_on_old_signs(store, stale, today_score, expected):
    pid = store.add_patient("IOP-4")
    store.save(pid, Placement(recommend({1: 0, 2: 1, 3: 2, 4: 1, 5: 1, 6: 1})), by="KM", when=dt.date(2026, 8, 31))
    answers = CIWA_12 if stale == "ciwa_ar" else COWS_13
    for day in (1, 15):
        store.save(pid, score(stale, answers), by="KM", when=clinic_time(dt.date(2026, 9, day), 10))
    if today_score is not None:
        store.save(pid, score(stale, today_score), by="KM", when=clinic_time(dt.date(2026, 12, 2), 9))
    page = html.unescape(patient_summary_html(store, pid, generated="now", today=dt.date(2026, 12, 2)))
    assert expected in page
    for old in ("treat withdrawal", "first dose may be given now"):
        assert old not in page.lower(), old


# ASAM 2020 alcohol withdrawal guideline, Table 1: disorientation is complicated withdrawal; Rec II.5: a history of
# withdrawal delirium is a risk factor for complicated withdrawal; Rec III.1: ambulatory care once that risk is
# limited or mitigated. Printed on a later day, the flag is re-scored (the CIWA-Ar rates the signs now) and keeps
# the possible delirium (item 10 at 2, Sullivan 1989: possible, not confirmed) under iopkit's high-risk rule.
CIWA_DISORIENTED = [0, 0, 0, 0, 0, 0, 0, 0, 0, 2]  # item 10 at 2 (Sullivan 1989), total 2


@pytest.mark.parametrize("placed", [False, True])
def test_a_stale_complicated_withdrawal_flag_prints_its_re_score_and_the_possible_delirium(store, placed):
    pid = store.add_patient("IOP-5")
    if placed:  # the continued-stay review carries the open flag too
        store.save(pid, Placement(recommend({1: 0, 2: 1, 3: 2, 4: 1, 5: 1, 6: 1})), by="KM", when=dt.date(2026, 8, 31))
    store.save(pid, score("ciwa_ar", CIWA_DISORIENTED), by="KM", when=clinic_time(dt.date(2026, 9, 15), 10))
    page = html.unescape(patient_summary_html(store, pid, generated="now", today=dt.date(2026, 12, 2)))
    # the re-score as an emergency medical evaluation, the placement headline's branch (physician review R9, session
    # 13, must-fix N1, N2 and should-fix N7, the reviewer's words)
    # physician review R32 (a) (its four settings), R33 S1: the step transfers only if the re-score finds it, so the
    # hold gives both branches (r32a; was "no dose here (the patient must not drive today)")
    stale = r32a(
        "Emergency medical evaluation now: re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 2 on 15 Sep "
        # R59 1: delirium said first and alone
        "2026, disoriented): ask what happened since (a seizure, confusion, a hospital visit, the last drink); if "
        "delirium: no dose here; call emergency services for the ED; staff with the patient until handover; if a "
        "seizure since the last score, hallucinations, disorientation (item 10 at 2 or more) or a total of 15 or "
        # R76: the summary says the placement's transfer by emergency services (was: "arrange transfer now (ED, ...")
        "more: arrange transfer "
        "now by emergency services (ED, or 4-WM); staff with the patient until handover; if the patient declines "
        "transfer: the prescriber "
        "assesses and records capacity to decline (without capacity: transfer by emergency services; with capacity: "
        "record the advice given and the risks explained; arrange the highest level of care the patient accepts; any "
        "dose as the prescriber decides; tell the patient and any supportive person to call emergency services for a "
        "seizure, confusion, hallucinations or any worsening); the patient "
        # physician review R30a, M2: nor while intoxicated (was: "the screen find none of these and no sedating dose")
        # physician review R30b S9 (a): the dose the step may give named, a benzodiazepine (no opioid withdrawal
        # step here; was: "no sedating dose")
        "must not drive unless the re-score and the screens find none of these, the patient is not intoxicated, and no "
        "benzodiazepine is given today; "
        # physician review R29, N2: the re-score's dose behind the screen, on the summary as on the placement page
        "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
        "thiamine and check blood glucose; if intoxicated: no dose here (the patient must not drive today); otherwise "
        "treat on the current score; no "
        "ambulatory withdrawal "
        "management without extended on-site monitoring (1-WM); 24-hour withdrawal management unless a medical "
        "review records a mitigation (possible withdrawal delirium on 15 Sep 2026 (CIWA-Ar): if confirmed, a "
        "history of complicated withdrawal)"
    )
    # R57 M2: after the delirium screen the hold bars a dose in delirium too, as on the placement page
    stale = stale.replace(
        "if intoxicated: no dose now (",
        "if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: ",
    )
    assert (
        "if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: " in stale
    )
    assert stale in page
    assert "do not manage as ambulatory withdrawal" not in page
    # a moderate CIWA-Ar of another day prints its re-score alone
    other = store.add_patient("IOP-6")
    store.save(other, score("ciwa_ar", CIWA_12), by="KM", when=clinic_time(dt.date(2026, 9, 15), 10))
    moderate = html.unescape(patient_summary_html(store, other, generated="now", today=dt.date(2026, 12, 2)))
    assert "Re-score the CIWA-Ar now (last 12 on 15 Sep 2026); treat on the current score" in moderate
    assert "1-WM" not in moderate and "possible withdrawal delirium" not in moderate


# The physician re-review (should-fix 3): CIWA-Ar item 10 at 2 (disorientation, Sullivan 1989) at 09:00, then a
# CIWA-Ar of 0 at 11:00, the 09:00 flag open, printed the same day. "Latest scores" shows the 11:00 score, so the
# flag names the 09:00 record and that it is no history; what it calls for is today's: the 11:00 score does not
# exclude delirium (ASAM 2020 alcohol withdrawal guideline, Rec VI.9; a delirium screen, CAM, Inouye et al. 1990, or
# the 4AT), 4-WM while it is not excluded (Rec VI.7).
def test_an_open_delirium_flag_of_an_earlier_ciwa_ar_the_same_day_prints_its_time_and_todays_action(store):
    pid = store.add_patient("IOP-7")
    # 09:00 and 11:00 on the clinic's clock, whatever this machine's zone (tests/test_summary_zone.py: another zone)
    at = {hour: clinic_time(dt.date(2026, 12, 2), hour) for hour in (9, 11)}
    store.save(pid, score("ciwa_ar", CIWA_DISORIENTED), by="KM", when=at[9])
    store.save(pid, score("ciwa_ar", [0] * 10), by="KM", when=at[11])
    flags = html.unescape(_flags_section(patient_summary_html(store, pid, generated="now", today=dt.date(2026, 12, 2))))
    # walk24 11: the summary prints one date style, "30 Nov 2026 09:15 UTC" / "04 Dec 2026" (was ISO)
    assert "(CIWA-Ar of 02 Dec 2026 at 09:00, not resolved: an earlier score of that day, not history)" in flags
    assert "The later CIWA-Ar does not exclude delirium: screen with CAM or 4AT." in flags
    assert "medically managed inpatient withdrawal management now (4-WM)" in flags


# Physician check (should-fix 1): a past withdrawal seizure with a home mitigation ("partner 24h") is recommended Level
# 2.1 with 2-WM; the clinician decides Level 3.5 (no safe home). In a 24-hour setting the home mitigation does not
# apply, so 3.7-WM comes first (ASAM 2020 alcohol withdrawal guideline, Rec II.5, III.1): the printed record names it,
# never the residential level alone. Typed from the finding.
def test_a_decided_24_hour_level_prints_the_withdrawal_management_that_comes_first(store):
    from iopkit.placement import suggest_dimensions

    facts = {"prior_withdrawal_seizure_or_dt": True, "withdrawal_risk_mitigated": "partner 24h"}
    rec = recommend({1: 2, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1}, suggested=suggest_dimensions([], **facts))
    assert (rec.level.code, rec.withdrawal_management.code) == ("2.1", "2-WM")
    pid = store.add_patient("IOP-1")
    store.save(pid, Placement(rec, LevelOfCare.from_code("3.5"), "no safe home", facts), by="KM")
    decision = patient_summary_html(store, pid, generated="now").split('<p class="decision">')[1].split("</p>")[0]
    text = html.unescape(decision)
    assert text.startswith("Placed at First Level 3.7-WM")
    assert "Level 3.5 (Clinically managed high-intensity residential)" in text
    assert "recommended Level 2.1" in text and "reason: no safe home" in text


@pytest.mark.browser
def test_the_walk_patients_month_prints_on_one_letter_page_and_more_says_page_1_of_n(chromium, tmp_path, clock):
    """Walk review F7: WALK-01 (one month of data, open flags, a positive suicide screen with its closing, the plan
    against a 24-hour placement) prints on one Letter page, signature block included (two since physician review
    R18-S3: its open drug-screen flag now leads the review, see below); at the end of the walk day (a
    C-SSRS at high risk, open, too) the page count is said at the foot of each page ("page 1 of N")."""
    from .walk_case import TODAY, walk_patient, walk_patient_at_the_end_of_the_day

    clock.day = TODAY  # the records saved on the walk day, whatever today is (a closing dated before its record fails)
    counts = {}
    context = chromium.new_context()
    fetched = []
    context.route("**/*", lambda route: (fetched.append(route.request.url), route.abort()))
    page = context.new_page()
    try:
        for name, build in (("month", walk_patient), ("end of day", walk_patient_at_the_end_of_the_day)):
            store = Store(tmp_path / f"{name}.sqlite")
            document = patient_summary_html(store, build(store), today=TODAY)
            assert "Signature" in document and "Suicide-risk screens (and prompts for one) this episode" in document
            page.set_content(document, wait_until="load")
            pdf = page.pdf(format="Letter", print_background=True, prefer_css_page_size=True)
            (tmp_path / f"{name}.pdf").write_bytes(pdf)
            counts[name] = _pages(pdf)
    finally:
        context.close()
    assert not fetched
    # Changed by physician review R18 (session 16), S3: WALK-01's open opioid-positive drug screen (26 Nov) now leads
    # the continued-stay review ("and a prescriber's or nurse's review the day the result is read: ...") and holds its
    # step-down (a reason of its own), about 80 px more than one Letter page held: the month prints on two pages (it
    # printed on one while the review left the screen's flag out).
    # Back to one page: each review reason points to its source by number, each source cited once after the list
    # (the same "iopkit's own rule" after four of its five reasons had taken the lines the page lacked), and the open
    # flags hold danger signs only (physician review R23c D1)
    assert counts["month"] == 1, counts
    assert counts["end of day"] >= 1 and 'counter(page) " of " counter(pages)' in document


def test_each_open_flag_shows_once_on_the_summary_in_its_most_urgent_box(tmp_path, clock):
    """Walk review F7 (one Letter page): WALK-01's open C-SSRS flag of 19 Nov was printed twice, an "Act now" box
    (a same-day suicide risk assessment, naming it) and again a "Check" box of its own. Once now: in the "Act now"
    box, with the Check box's next step and sources added there (the rule's words, typed from iopkit's C-SSRS rule:
    "Behavioural-health evaluation and safety planning before the patient leaves"; Posner et al. 2011)."""
    from .walk_case import TODAY, walk_patient

    clock.day = TODAY
    store = Store(tmp_path / "walk.sqlite")
    document = patient_summary_html(store, walk_patient(store), today=TODAY)
    flags = document.split("<h2>Open flags</h2>")[1].split("</section>")[0]
    boxes = flags.split('<div class="iop-flag ')[1:]
    # physician review R23c D1: "Open flags" holds danger signs only: the C-SSRS's Act now box and the overdose box
    # (the AUDIT's counselling prompts, low attendance and the unrecorded sessions were boxes here too: 6 in all;
    # attendance is said under the dose and in the review's reasons)
    assert len(boxes) == 2, flags  # Act now (C-SSRS), opioid-positive screen
    assert "Attended 40-67% of the planned hours" not in flags
    assert flags.count("C-SSRS moderate risk: method considered") == 1, flags
    codes = [b.split('data-code="')[1].split('"')[0] for b in boxes]
    assert len(codes) == len(set(codes)), codes
    assert 'data-code="suicide_risk_moderate"' not in flags
    act_now = boxes[0]
    assert act_now.startswith('iop-flag-critical" role="alert" data-code="risk_assessment_due"'), act_now[:200]
    assert "Act now: Unresolved suicide-risk flag(s): C-SSRS moderate risk" in act_now
    # R25a 3: the box names the suicide risk assessment once (it named it three times: its "Calls for" line, its own
    # step and the C-SSRS flag's R23c A1 step), with the C-SSRS flag's words (by whom, safety planning, by when, the
    # precautions until it is done)
    assert "Calls for" not in act_now
    assert (
        "Next step: Complete a suicide risk assessment by a qualified clinician, with safety planning, before the "
        "patient leaves, and record what was done; consider safety precautions (do not leave the patient alone) until "
        "it is done; no step-down until then (the assessment, not the screen, decides any change of level)"
    ) in html.unescape(act_now)
    said = html.unescape(re.sub(r"<[^>]+>", " ", act_now)).split("Source:")[0]  # the box, not its sources' notes
    assert said.lower().count("suicide risk assessment") == 1, said
    assert 'data-source-key="cssrs_posner2011"' in act_now and 'data-source-key="joint_commission_npsg15"' in act_now


def test_review_reasons_point_to_their_sources_by_number_each_cited_once(tmp_path, clock):
    """WALK-01's review holds its step-down for five reasons, four on iopkit's own rules and one on the drug-testing
    and overdose sources: the printed summary cites each source once after the list ("Sources: [1] ...; [2] ..."),
    each reason pointing to its own by number, not the same source after each reason (the month's page lacked the
    lines the repeats took)."""
    from .walk_case import TODAY, walk_patient

    clock.day = TODAY
    store = Store(tmp_path / "walk.sqlite")
    document = patient_summary_html(store, walk_patient(store), today=TODAY)
    review = document.split("<h2>Continued-stay review</h2>")[1].split("</section>")[0]
    listed = review.split("<ul>")[1].split("</ul>")[0]
    items = listed.split("<li>")[1:]
    assert len(items) == 5 and "data-source-key" not in listed, listed
    assert [i.count("[1]") for i in items] == [1, 0, 1, 1, 1] and "[2]" in items[1], items
    cited = review.split("</ul>")[1]
    assert cited.startswith("<p class='meta'>Sources: [1] ") and "; [2] " in cited, cited
    assert review.count('data-source-key="iopkit"') == 1 and 'data-source-key="asam_drug_testing2017"' in cited
