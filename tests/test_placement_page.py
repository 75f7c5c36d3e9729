"""The placement page keeps what was decided and shows today's picture (widget tests, real SQLite store).

Clinical facts typed from the sources: C-SSRS screener triage (Columbia): question 4 "yes" is high risk,
calling for safety precautions and an immediate emergency evaluation; all "no" is no risk. ASAM Criteria
(Mee-Lee et al. 2013): dimension 1 rated 3 routes to 3.7-WM, medically monitored inpatient withdrawal
management. PAWSS 4 or more: high risk of complicated withdrawal (Maldonado et al. 2014).
"""

import datetime as dt
import html
import json

from iopkit import score
from iopkit.entry import local_time
from iopkit.placement import FirstStep
from iopkit.widgets.placement import placement_app

from .conftest import clinic_time, in_zone
from .intoxication_screens import SCREEN_OPIOID, r32a

#: R57 M1: an old moderate re-score's screen before any dose and its hold (the COWS alone, ambulatory), as the old
#: severe COWS re-score's.
R57_COWS = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if "
    "intoxicated: no dose now (ask the patient to stay on site and repeat the screen and the score when it clears; if "
    "it has not cleared by the end of the session: the prescriber arranges a higher level of care or the first dose on "
    "another day, with naloxone in hand; the patient must not drive today; if the patient insists: offer a lift or a "
    "taxi, and follow local policy); otherwise "
)

HIGH = ["yes", "yes", "no", "yes", "no", "no", None]
NO_RISK = ["no", "no", None, None, None, "no", None]


def _ready(app, patient):
    app.start()
    app.picker.choose.value = patient
    app.picker.clinician.value = "KM"
    return app


def test_the_withdrawal_risk_facts_are_saved_with_the_decision_and_restored_with_the_wm_level(store, patient):
    app = _ready(placement_app(store), patient)
    app.readiness.value = 6
    app.prior_seizure.value = True
    app.pawss.value = 5
    app.mitigated.value = "lives with a nurse; daily visits"
    for dimension, rating in {1: 3, 2: 1, 3: 1, 4: 2, 5: 1, 6: 1}.items():
        app.ratings[dimension].value = rating
    app.reason.value = "rated above the mitigated suggestion: seizure history weighs more"
    app.save.click()
    decision = store.latest(patient, "placement").item
    assert dict(decision.facts) == {
        "readiness": 6,
        "prior_withdrawal_seizure_or_dt": True,
        "pawss": 5,
        "withdrawal_risk_mitigated": "lives with a nurse; daily visits",
        "seizure_or_delirium": False,
    }
    again = _ready(placement_app(store), patient)
    assert (again.readiness.value, again.prior_seizure.value, again.pawss.value) == (6, True, 5)
    assert again.mitigated.value == "lives with a nurse; daily visits" and again.seizure_now.value is not True
    assert "3.7-WM" in again.current.value  # the withdrawal-management component of the current placement
    assert again.unsaved() is None


def test_a_decision_stored_before_facts_were_kept_still_opens(store, patient):
    from iopkit.placement import Placement, recommend

    store.save(patient, Placement(recommend({1: 2, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})), by="KM")
    app = _ready(placement_app(store), patient)
    assert "2-WM" in app.current.value and app.pawss.value != 5


def test_critical_flags_show_before_every_dimension_is_rated(store, patient):
    store.save(patient, score("cssrs_screen", HIGH), by="KM")
    app = _ready(placement_app(store), patient)
    assert app.recommendation is None and "Still to rate" in app.result.value
    assert "suicide_risk_high" in app.flags.value and "iop-flag-critical" in app.flags.value


def test_suggestions_use_the_latest_score_and_an_older_open_flag_still_leads_the_headline(store, patient):
    store.save(patient, score("cssrs_screen", HIGH), by="KM", when=clinic_time(dt.date(2026, 1, 5), 9))
    store.save(patient, score("cssrs_screen", NO_RISK), by="KM", when=clinic_time(dt.date(2026, 2, 2), 9))
    app = _ready(placement_app(store), patient)
    assert app.ratings[3].value == 0 and "no ideation or behaviour" in app.why[3].value
    assert "latest saved score of each instrument: C-SSRS screen (02 Feb 2026)" in app.used.value  # walk23 finding 3
    assert "suicide_risk_high" in app.history.value and "older scores" in app.history.value
    for dimension in (1, 2, 4, 5, 6):
        app.ratings[dimension].value = 1
    rec = app.recommendation
    # today's score rates dimension 3 (0), but the high risk of 5 Jan is not resolved: Columbia triage, high
    # risk -> safety precautions and an immediate emergency evaluation, so it leads the headline, named with its day
    assert rec.dimensions[3] == 0 and rec.basis[2].suggested_rating == 0
    assert rec.first_step is FirstStep.EMERGENCY_EVALUATION
    assert rec.headline.startswith("First: emergency evaluation for suicide risk")
    assert "suicide_risk_high" in app.flags.value and "05 Jan 2026, not resolved" in app.flags.value


def test_an_open_check_in_flag_reaches_the_suggestion_and_leads_the_headline(store, patient, monkeypatch):
    # PHQ-9 item 9 (Kroenke et al. 2001) answered "several days" on the check-in tablet, the questionnaire not
    # finished (no record yet): a suicide risk assessment before the patient leaves (Joint Commission NPSG 15.01.01)
    # comes first, whatever today's saved scores say; the level is the rule table's.
    from iopkit.checkin import CheckinBook, book_of

    monkeypatch.delenv("IOPKIT_CHECKINS", raising=False)
    store.save(patient, score("cssrs_screen", NO_RISK), by="KM")
    with CheckinBook(book_of(store)) as book:
        ticket = book.start(store, patient, ["phq9"], by="KM")
        session = book.redeem(ticket.code)
        book.answer(session.checkin.id, "phq9", 9, 1)
    app = _ready(placement_app(store), patient)
    assert "suicidal_ideation" in {f.code for f in app.suggestions[3].flags}
    for dimension, rating in {1: 0, 2: 0, 3: 0, 4: 1, 5: 1, 6: 1}.items():
        app.ratings[dimension].value = rating
    rec = app.recommendation
    assert rec.first_step is FirstStep.RISK_ASSESSMENT
    assert rec.headline.startswith("First: a same-day suicide risk assessment before the patient leaves")
    # the why names where the finding came from, a check-in answer not saved yet, by the questionnaire's name
    today = session.checkin.created_at.astimezone().date()
    assert f"(suicidal ideation (PHQ-9 check-in of {today:%d %b %Y}, not saved yet))" in rec.headline
    assert "phq9" not in rec.headline and "(phq9," not in app.flags.value  # not the instrument's code
    assert rec.level.code == "1"
    assert "patient check-in, questionnaire not finished yet" in app.flags.value
    with CheckinBook(book_of(store)) as book:  # the check-in withdrawn and reviewed: no longer open
        book.cancel(session.checkin.id)
        book.review(session.checkin.id, "KM", risk_level="low", action="C-SSRS full assessment: low risk; safety plan")
    again = _ready(placement_app(store), patient)
    for dimension, rating in {1: 0, 2: 0, 3: 0, 4: 1, 5: 1, 6: 1}.items():
        again.ratings[dimension].value = rating
    assert again.recommendation.first_step is None


def test_a_check_in_flag_alone_suggests_dimension_3_and_says_where_it_comes_from(store, patient, monkeypatch):
    from iopkit.checkin import CheckinBook, book_of

    monkeypatch.delenv("IOPKIT_CHECKINS", raising=False)
    with CheckinBook(book_of(store)) as book:  # no score saved at all: only the tablet's item 9 answer
        ticket = book.start(store, patient, ["phq9"], by="KM")
        book.answer(book.redeem(ticket.code).checkin.id, "phq9", 9, 2)
    app = _ready(placement_app(store), patient)
    assert app.suggestions[3].rating == 1 and app.suggestions[3].from_score == "open flag"
    why = html.unescape(app.why[3].value)
    assert "not on today's scores" in why and "patient check-in" in why and "older score" not in why


def test_a_cows_of_another_day_asks_for_a_re_score_and_a_cows_of_today_for_treatment(store, patient):
    # COWS rates the signs present when scored (Wesson & Ling 2003): 13 is moderate withdrawal; scored on
    # another day it is history, so the placement asks for a re-score now, never a dose on the old signs
    moderate = score("cows", [1, 2, 3, 1, 1, 1, 1, 1, 1, 1, 0])
    store.save(patient, moderate, by="KM", when=clinic_time(dt.date(2026, 9, 1), 9))
    app = _ready(placement_app(store), patient)
    for dimension, rating in {1: 0, 2: 0, 3: 0, 4: 1, 5: 1, 6: 1}.items():
        app.ratings[dimension].value = rating
    # R39 C10: at Level 1 the old score's re-score is a dose given on site: the driving clause, then going home
    assert app.recommendation.headline.startswith(
        # R57 M1: the screen before any dose and its hold
        "First: re-score the COWS now (last 13 on 01 Sep 2026): "
        + R57_COWS
        + "treat on the current score; if a dose is given: the "
        "patient must not drive today; after a dose given on site, the patient goes home only if awake"
    )
    store.save(patient, moderate, by="KM")  # re-scored today: today's signs, today's treatment
    again = _ready(placement_app(store), patient)
    for dimension, rating in {1: 0, 2: 0, 3: 0, 4: 1, 5: 1, 6: 1}.items():
        again.ratings[dimension].value = rating
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert again.recommendation.headline.startswith(
        r32a(
            "First: a prescriber's review before the patient leaves: "
            + SCREEN_OPIOID
            + "treat withdrawal as the prescriber decides, with "
            "buprenorphine, or methadone as the COWS flag says"
        )
    )


# CIWA-Ar item 10 at 2 (date off by up to 2 days, Sullivan 1989) on 1 Sep 2026 is possible withdrawal delirium, if
# confirmed a history of complicated withdrawal: a risk factor for complicated withdrawal (ASAM 2020 alcohol
# withdrawal guideline, Rec II.5), managed ambulatory only once mitigated (Rec III.1). A counsellor records "re-scored,
# 0" and the flag is resolved: the history stays, so the next placement still suggests 24-hour withdrawal management
# (dimension 1 rated 3, 3.7-WM: ASAM Criteria 2013), never 1-WM, and the page says where that came from.
def test_a_resolved_ciwa_ar_delirium_flag_still_sets_the_history_on_the_placement_page(store, patient):
    from iopkit.placement import FlagResolution

    first = store.save(patient, score("ciwa_ar", [0] * 9 + [2]), by="KM", when=clinic_time(dt.date(2026, 9, 1), 9))
    store.save(
        patient,
        FlagResolution("complicated_withdrawal", "ciwa_ar", 0, "re-scored, 0", "KM", dt.date(2026, 9, 1), str(first)),
        by="KM",
        when=clinic_time(dt.date(2026, 9, 1), 9),
    )
    store.save(patient, score("ciwa_ar", [0] * 10), by="KM", when=clinic_time(dt.date(2026, 9, 15), 9))
    app = _ready(placement_app(store), patient)
    assert app.history.value == ""  # nothing open any more
    note = html.unescape(app.delirium_history.value)
    assert "From the saved CIWA-Ar of 01 Sep 2026: possible withdrawal delirium on 01 Sep 2026 (CIWA-Ar)" in note
    assert "if confirmed, a history of complicated withdrawal" in note and "record why below" in note
    assert app.ratings[1].value == 3 and "(possible withdrawal delirium on 01 Sep 2026 (CIWA-Ar))" in html.unescape(
        app.why[1].value
    )
    for dimension, rating in {1: 1, 2: 0, 3: 0, 4: 1, 5: 1, 6: 1}.items():
        app.ratings[dimension].value = rating
    headline = app.recommendation.headline
    assert "Then, only if the review records why ambulatory care is safe" in headline
    assert "1-WM ambulatory" not in headline and "with 2-WM ambulatory withdrawal management" in headline
    # the ladder's highlighted 1-WM rung is named with the 3.7-WM it is below
    assert (
        ">Withdrawal management 1-WM, below the 3.7-WM that possible withdrawal delirium on 01 Sep 2026 (CIWA-Ar) "
        "calls for</text>"
    ) in html.unescape(app.ladder.value)
    # answering "no" to a past seizure or DT does not clear the record; only a recorded mitigation lowers it to 2-WM
    app.prior_seizure.value = False
    assert app.suggestions[1].rating == 3
    app.mitigated.value = "sober partner at home 24 h; daily nurse visits"
    assert app.suggestions[1].rating == 2


# CIWA-Ar item 6 at 4 (moderately severe hallucinations, Sullivan 1989) is complicated withdrawal, medically managed
# whatever the total (ASAM 2020 alcohol withdrawal guideline, Table 1): on the placement's own day it is the current
# score (dimension 1 rated 4, imminent danger: ASAM Criteria 2013); on an earlier day its signs are re-scored now
# and it is possible withdrawal delirium, if confirmed a history (Rec II.5: a high risk of complicated withdrawal).
# The page has one "today" for both texts: the day its chart header shows (the episode's), never the clock's, which
# moves at midnight while the page is open.
def test_the_page_reads_a_ciwa_ar_on_one_clinical_day_for_the_suggestion_and_the_delirium_note(store, patient):
    from dataclasses import replace

    yesterday = dt.date.today() - dt.timedelta(days=1)
    store.save(patient, score("ciwa_ar", [1, 1, 1, 1, 1, 4, 0, 0, 0, 0]), by="KM", when=clinic_time(yesterday, 9))
    app = _ready(placement_app(store), patient)
    # read on the clock's day, the CIWA-Ar of yesterday is history in both texts
    assert f"From the saved CIWA-Ar of {yesterday:%d %b %Y}" in html.unescape(app.delirium_history.value)
    flags = app.suggestions[1].flags
    assert any(f.message.endswith(f"(CIWA-Ar of {yesterday:%d %b %Y}, not re-scored today)") for f in flags)
    assert any(f.code == "complicated_withdrawal_risk" for f in flags)
    # the page opened yesterday and still showing yesterday (the clock now past midnight): the CIWA-Ar is that day's
    # latest score in both texts, the current score, not a history and not a score of another day to re-score
    app.episode = replace(app.episode, as_of=yesterday)
    app.pawss.value = 1  # any change re-reads the suggestions
    assert app.delirium_history.value == ""
    flags = app.suggestions[1].flags
    assert app.suggestions[1].rating == 4 and app.suggestions[1].from_score == "ciwa_ar"
    assert all("not re-scored today" not in f.message and "Re-score" not in f.action for f in flags)
    assert all(f.code != "complicated_withdrawal_risk" for f in flags)


# The addiction-medicine review (must-fix 1 and 2): CIWA-Ar item 10 at 2 (date off by up to 2 days, Sullivan 1989) at
# 09:00, then a CIWA-Ar of 0 at 11:00, the 09:00 flag still open. A finding of today is current, not history: the
# 11:00 score does not exclude delirium (ASAM 2020 alcohol withdrawal guideline, Rec VI.9), confirmed it is withdrawal
# delirium (Rec VI.7), so dimension 1 stays 4 (4-WM, ASAM Criteria 2013) until a clinician resolves the flag. The page
# says it is of today ("(CIWA-Ar of today at 09:00, not resolved: an earlier score of today, not history)", the
# reviewer's words), its header never calls it history; the saved words name the day, never "today".
def test_a_same_day_delirium_finding_whose_flag_is_open_is_current_and_said_to_be_of_today(store, patient):
    today = dt.date.today()
    nine, eleven = (clinic_time(today, h) for h in (9, 11))
    clock = local_time(nine)[11:]  # "09:00 CST": the clinic's clock, its zone named (tests/test_summary_zone.py)
    assert clock.startswith("09:00 ")
    store.save(patient, score("ciwa_ar", [0] * 9 + [2]), by="KM", when=nine)
    store.save(patient, score("ciwa_ar", [0] * 10), by="KM", when=eleven)
    app = _ready(placement_app(store), patient)
    note, listed = html.unescape(app.delirium_history.value), html.unescape(app.history.value)
    assert note == ""
    assert "not today's scores" not in listed and "history, not" not in listed
    on_screen = f"(CIWA-Ar of today at {clock}, not resolved: an earlier score of today, not history)"
    assert on_screen in listed and on_screen in html.unescape(app.flags.value)
    assert "if confirmed, a history" not in listed + html.unescape(app.flags.value)
    assert (
        "do not manage as ambulatory withdrawal until the medical review. The later CIWA-Ar does not exclude "
        "delirium: screen with CAM or 4AT. If withdrawal delirium is confirmed or not excluded: medically managed "
        "inpatient withdrawal management now (4-WM). Once delirium is excluded (or, if confirmed, has resolved): the "
        f"finding on {today:%d %b %Y} (CIWA-Ar at {clock}) still counts as a high risk of complicated withdrawal in "
        "this episode: never 1-WM; 3.7-WM unless a medical review records a mitigation (then 2-WM)."
    ) in listed
    assert app.suggestions[1].rating == 4 and app.suggestions[1].from_score == "open flag"
    assert app.ratings[1].value == 4
    for dimension, rating in {1: 1, 2: 0, 3: 0, 4: 1, 5: 1, 6: 1}.items():
        app.ratings[dimension].value = rating
    headline = app.recommendation.headline
    assert headline.startswith("First: emergency medical evaluation") and "1-WM ambulatory" not in headline
    assert f"of today at {clock}" in html.unescape(app.result.value)
    # the words saved with the recommendation name the day and time, never "today"
    app.reason.value = "rated 1 after the evaluation"
    app.save.click()
    saved = json.dumps(store.latest(patient, "recommendation").item.to_dict())
    assert f"(CIWA-Ar of {today:%d %b %Y} at {clock}, not resolved: an earlier score of the placement" in saved
    assert "today at 09:00" not in saved and "earlier score of today" not in saved


# Resolved by a clinician (e.g. a delirium screen excluded it), the 09:00 finding is no longer current: the history rule
# applies (dimension 1 rated 3, 3.7-WM by default: ASAM 2020 alcohol withdrawal guideline, Rec II.5, III.1), and the
# page no longer lists it as an open flag of today.
def test_a_same_day_delirium_finding_once_resolved_follows_the_history_rule(store, patient):
    from iopkit.placement import FlagResolution

    today = dt.date.today()
    nine, eleven = (clinic_time(today, h) for h in (9, 11))
    first = store.save(patient, score("ciwa_ar", [0] * 9 + [2]), by="KM", when=nine)
    store.save(patient, score("ciwa_ar", [0] * 10), by="KM", when=eleven)
    store.save(
        patient,
        FlagResolution("complicated_withdrawal", "ciwa_ar", 0, "4AT 0: delirium excluded", "KM", today, str(first)),
        by="KM",
        when=eleven,
    )
    app = _ready(placement_app(store), patient)
    assert app.history.value == ""
    assert app.suggestions[1].rating == 3 and app.suggestions[1].from_score == "withdrawal risk"
    assert "From the saved CIWA-Ar of today at 09:00" in html.unescape(app.delirium_history.value)


# The page names the day of each score its suggestions use: the clinic's day, as the rest of the page (it once named
# the stored UTC time's day). Kiritimati is UTC+14 (no daylight-saving time): 19:00 UTC on 1 Feb 2026 is 09:00 on
# 2 Feb there, typed by hand.
def test_the_scores_the_suggestions_use_are_named_by_the_clinic_s_day(store, patient):
    with in_zone("Pacific/Kiritimati"):
        store.save(patient, score("cssrs_screen", NO_RISK), by="KM", when=dt.datetime(2026, 2, 1, 19, tzinfo=dt.UTC))
        app = _ready(placement_app(store), patient)
        # walk23 finding 3: the instrument by its name
        assert "latest saved score of each instrument: C-SSRS screen (02 Feb 2026)." in app.used.value
