"""The progress page and the dose planner do not save on the chart they read when the patient was picked (physician
review R7, S7, as the placement page; real SQLite store, the real dashboards driven from Python).

At Save each page reads the patient's chart again (:meth:`iopkit.widgets.page.Dashboard.chart_changed`, one mechanism
for the three pages): anything saved since stops the save, the page is redrawn from the chart as it is now, and the
status line says so in the placement page's words; the next click saves. On the progress page the flag chosen and what
was done are kept, but an overall risk level chosen before the new records were read is cleared and said (physician
review R13, S7): the next click saves no level nobody chose again.

Clinical facts typed from the sources: PHQ-9 item 9 (Kroenke et al. 2001) answered above 0 raises the suicidal
ideation flag; C-SSRS screener triage (Posner et al. 2011): question 4 "yes" is high risk ("intent, plan, or suicidal
behaviour in the past 3 months"), and the overall risk level is judged from all the information at hand; a CIWA-Ar
(Sullivan et al. 1989) of 21 raises the severe alcohol withdrawal flag, which takes no risk level. ASAM Criteria hours
bands: Level 2.1 (intensive outpatient) at least 9 h/week for adults, Level 2.5 (partial hospitalization) at least
20 h/week.
"""

from __future__ import annotations

import datetime as dt

import pytest

from iopkit import score
from iopkit.checkin import CheckinBook, book_of
from iopkit.entry import clinical_day, local_time
from iopkit.placement import FlagResolution, Placement, recommend
from iopkit.widgets import dose_app, progress_app
from iopkit.widgets.page import BLANK

PHQ9_ITEM_9 = [1, 1, 2, 1, 0, 1, 2, 1, 1]  # item 9 "several days": the suicidal ideation flag
HIGH = ["yes", "yes", "no", "yes", "no", "no", None]  # C-SSRS screener, question 4 yes: high risk
CIWA_AR_21 = [4, 3, 3, 3, 3, 2, 0, 0, 3, 0]  # CIWA-Ar 21: the severe alcohol withdrawal flag
IOP = {1: 0, 2: 0, 3: 1, 4: 2, 5: 2, 6: 1}  # Level 2.1 by the rule table
PHP = {1: 0, 2: 0, 3: 2, 4: 3, 5: 3, 6: 2}  # dimension 4 at 3: Level 2.5
#: The placement page's words (R7, S7), around the patient and what is new.
REFUSED = "Not saved: new records for IOP-0042 since this page was opened ("
AGAIN = "; read it again and save."
CSSRS_HIGH = "C-SSRS high risk: intent, plan, or suicidal behaviour in the past 3 months"
#: The physician's words (R13, S7), said after the refused save when a level had been chosen.
LEVEL_CLEARED = (
    "; read it again and save. The overall risk level you had chosen was cleared. New records arrived for this "
    "patient: read them, then choose the overall risk level again."
)


@pytest.fixture(autouse=True)
def _book_next_to_the_store(monkeypatch):
    monkeypatch.delenv("IOPKIT_CHECKINS", raising=False)


def _said(store, record_id, what):
    return f"{what} saved {local_time(store.record(record_id).saved_at)}"


def _placed(store, patient, ratings, by="RN"):
    """A placement saved as the placement page saves it (the recommendation, then the decision)."""
    rec = recommend(ratings)
    with store.batch():
        store.save(patient, rec, by=by)
        return store.save(patient, Placement(rec, rec.level), by=by)


# --- the progress page: closing a safety flag --------------------------------------------------------------------
def _closing(store, patient):
    """The progress page (the patient placed at 2.1, so the continued-stay review shows) with the PHQ-9's suicidal
    ideation flag chosen, a low level and what was done typed."""
    _placed(store, patient, IOP)
    page = progress_app(store)
    page.start()
    page.picker.choose.value = patient
    page.picker.clinician.value = "KM"
    (flag,) = [v for _label, v in page.resolve.flag.options]
    page.resolve.flag.value = flag
    page.resolve.risk_level.value = "low"
    page.resolve.action.value = "C-SSRS full assessment: low risk; safety plan agreed"
    page.resolve.who.value = "A. Rivera, LCSW"
    return page


def test_a_c_ssrs_high_saved_since_stops_closing_a_flag_and_the_page_shows_it(store, patient):
    store.save(patient, score("phq9", PHQ9_ITEM_9), by="KM")
    page = _closing(store, patient)
    assert CSSRS_HIGH not in page.chart_header.value
    assert "<strong>First: a same-day suicide risk assessment" in page.review_view.value.split("iop-headline'>")[1]
    high = store.save(patient, score("cssrs_screen", HIGH), by="RN")  # saved from another page meanwhile
    page.resolve.save.click()
    assert store.current(patient, "flag_resolution") == ()
    shows = "The continued-stay review and the open safety flags have been redrawn from the chart as it is now"
    assert f"{REFUSED}{_said(store, high, 'C-SSRS screen')}). {shows}{AGAIN}" in page.status.value
    assert 'class="iop-status-error"' in page.status.value
    # redrawn from the chart read now: the header, the flags offered and the review lead with the high risk
    assert CSSRS_HIGH in page.chart_header.value
    assert any("(C-SSRS screen, " in label for label, _v in page.resolve.flag.options)  # walk23 finding 3
    assert (
        "<strong>First: safety precautions and an immediate emergency evaluation for suicide risk"
        in page.review_view.value.split("iop-headline'>")[1]
    )
    # the flag chosen and what was done are kept; the level, judged before the high was read, is cleared (R13, S7)
    assert LEVEL_CLEARED in page.status.value
    chosen = page.resolve._open[page.resolve.flag.value]
    assert (chosen.instrument, chosen.flag.code) == ("phq9", "suicidal_ideation")
    assert page.resolve.action.value == "C-SSRS full assessment: low risk; safety plan agreed"
    assert page.resolve.risk_level.value == BLANK
    page.resolve.save.click()  # a second click records no level nobody chose again
    assert store.current(patient, "flag_resolution") == ()
    page.resolve.risk_level.value = "low"  # chosen again, after reading the new records: the next click saves it
    page.resolve.save.click()
    (saved,) = store.current(patient, "flag_resolution")
    assert (saved.item.flag_code, saved.item.instrument, saved.item.risk_level) == ("suicidal_ideation", "phq9", "low")
    assert "Saved what was done about a safety flag" in page.status.value
    assert CSSRS_HIGH in page.chart_header.value  # the C-SSRS high stays open: closing the PHQ-9 flag never hides it


def test_a_check_in_safety_answer_given_since_stops_closing_a_flag(store, patient):
    store.save(patient, score("phq9", PHQ9_ITEM_9), by="KM")
    page = _closing(store, patient)
    with CheckinBook(book_of(store)) as book:  # the patient answers PHQ-9 item 9 on a check-in: no record yet
        ticket = book.start(store, patient, ["phq9"], by="KM")
        session = book.redeem(ticket.code)
        book.answer(session.checkin.id, "phq9", 9, 1)
    page.resolve.save.click()
    assert store.current(patient, "flag_resolution") == ()
    said = (
        f"PHQ-9: suicidal ideation on a patient check-in begun {local_time(session.checkin.created_at)}, not saved yet"
    )
    assert f"{REFUSED}{said}). " in page.status.value
    assert "1 safety flag of a patient check-in not saved yet" in page.resolve.checkins.value
    assert LEVEL_CLEARED in page.status.value and page.resolve.risk_level.value == BLANK
    page.resolve.save.click()  # no level chosen again: nothing saved
    assert store.current(patient, "flag_resolution") == ()
    page.resolve.risk_level.value = "low"
    page.resolve.save.click()
    assert len(store.current(patient, "flag_resolution")) == 1


def test_a_flag_that_takes_no_level_is_kept_with_what_was_done_and_no_level_is_said_cleared(store, patient):
    store.save(patient, score("ciwa_ar", CIWA_AR_21), by="KM")  # severe alcohol withdrawal: no risk level asked
    _placed(store, patient, IOP)
    page = progress_app(store)
    page.start()
    page.picker.choose.value = patient
    page.picker.clinician.value = "KM"
    (flag,) = [v for _label, v in page.resolve.flag.options]
    page.resolve.flag.value = flag
    assert page.resolve.risk_level.layout.display == "none"
    page.resolve.action.value = "Transferred to the ED"
    store.save(patient, score("cssrs_screen", HIGH), by="RN")
    page.resolve.save.click()
    assert store.current(patient, "flag_resolution") == ()
    assert REFUSED in page.status.value and "was cleared" not in page.status.value
    assert page.resolve.action.value == "Transferred to the ED"
    page.resolve.save.click()
    assert len(store.current(patient, "flag_resolution")) == 1


def test_a_flag_closed_from_another_page_meanwhile_is_not_closed_again_and_the_choice_is_cleared(store, patient):
    phq9 = store.save(patient, score("phq9", PHQ9_ITEM_9), by="KM")
    page = _closing(store, patient)
    flag = page.resolve._open[page.resolve.flag.value]
    elsewhere = FlagResolution(
        "suicidal_ideation",
        "phq9",
        flag.week,
        "ED evaluation arranged; 988 given",
        "Dr B, MD",
        clinical_day(),
        record=str(phq9),
        risk_level="high",
    )
    closed = store.save(patient, elsewhere, by="RN")
    page.resolve.save.click()
    assert [r.id for r in store.current(patient, "flag_resolution")] == [closed]
    assert f"{REFUSED}{_said(store, closed, 'flag resolution')}). " in page.status.value
    assert (
        "and the flag you chose is no longer offered as it was: what you typed for it was cleared" + AGAIN
        in page.status.value
    )
    assert page.resolve.flag.value == "" and page.resolve.action.value == "" and page.resolve.save.disabled


def test_progress_nothing_new_saves_at_once(store, patient):
    store.save(patient, score("phq9", PHQ9_ITEM_9), by="KM")
    page = _closing(store, patient)
    page.resolve.save.click()
    assert len(store.current(patient, "flag_resolution")) == 1 and "Not saved" not in page.status.value


# --- the dose planner: a plan against the placed level -----------------------------------------------------------
def _planner(store, patient):
    page = dose_app(store)
    page.start()
    page.picker.choose.value = patient
    page.picker.clinician.value = "KM"
    return page


def test_a_placement_saved_since_stops_the_plan_and_its_hours_follow_the_new_level(store, patient):
    _placed(store, patient, IOP)
    page = _planner(store, patient)
    assert page.hours.value == 9  # Level 2.1 starts at its minimum, 9 h/week
    php = _placed(store, patient, PHP)  # another clinician places the patient at 2.5 meanwhile
    page.save_plan.click()
    assert store.latest(patient, "dose_plan") is None and store.latest(patient, "schedule") is None
    shows = "The plan now starts from the placed Level 2.5 (Partial hospitalization) minimum, 20 h/week"
    recommendation = store.latest(patient, "recommendation").id
    said = f"{_said(store, recommendation, 'recommendation')}; {_said(store, php, 'placement')}"
    assert f"{REFUSED}{said}). {shows}{AGAIN}" in page.status.value
    assert 'class="iop-status-error"' in page.status.value
    assert page.hours.value == 20 and "20 h/week × 12 weeks" in page.plan_view.value
    assert "Level 2.5" in page.chart_header.value and "iop-plan-level-conflict" not in page.plan_view.value
    page.save_plan.click()
    assert store.latest(patient, "dose_plan").item.hours_per_week == 20
    assert "Saved the plan (240 h) and its schedule" in page.status.value


def test_hours_typed_stay_and_the_below_minimum_warning_follows_the_new_level(store, patient):
    _placed(store, patient, IOP)
    page = _planner(store, patient)
    page.hours.value = 10  # typed by the clinician: within Level 2.1
    assert "iop-plan-level-conflict" not in page.plan_view.value
    _placed(store, patient, PHP)
    page.save_plan.click()
    assert store.latest(patient, "dose_plan") is None
    shows = "The plan (10 h/week, as on the page) is now checked against the placed Level 2.5 (Partial hospitalization)"
    assert f"{shows}{AGAIN}" in page.status.value and REFUSED in page.status.value
    assert page.hours.value == 10
    assert (
        "This plan (10 h/week) is below the minimum of the placed Level 2.5 (Partial hospitalization) (20 h/week)"
        in page.plan_view.value
    )
    page.save_plan.click()  # saved as typed, beside the warning
    assert store.latest(patient, "dose_plan").item.hours_per_week == 10


def test_attendance_recorded_and_not_saved_stays_through_a_refused_plan(store, patient):
    _placed(store, patient, IOP)
    page = _planner(store, patient)
    page.first_day.value = clinical_day() - dt.timedelta(days=clinical_day().weekday())  # this week's Monday
    page.session.index = 0
    page.record.click()
    _placed(store, patient, PHP)
    page.save_plan.click()
    assert store.latest(patient, "dose_plan") is None
    assert len(page.attendance.records) == 1  # the session recorded is still on the page


def test_dose_nothing_new_saves_at_once(store, patient):
    _placed(store, patient, IOP)
    page = _planner(store, patient)
    page.save_plan.click()
    assert store.latest(patient, "dose_plan") is not None and "Not saved" not in page.status.value


# --- the cost: one read of the chart per Save click, none per redraw ---------------------------------------------
def test_the_chart_is_read_again_once_per_save_click_and_never_while_typing(store, patient, monkeypatch):
    import iopkit.checkin

    reads = []
    real = iopkit.checkin.read_again

    def counted(*args, **kwargs):  # the real read, counted
        reads.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(iopkit.checkin, "read_again", counted)
    store.save(patient, score("phq9", PHQ9_ITEM_9), by="KM")
    progress = _closing(store, patient)  # choosing, typing: no read
    dose = _planner(store, patient)
    dose.hours.value, dose.weeks.value = 12, 10
    assert reads == []
    progress.resolve.save.click()
    assert len(reads) == 1
    dose.save_plan.click()
    assert len(reads) == 2


# --- a chart that cannot be read again is never taken for "nothing new" (R8, S4) ---------------------------------
@pytest.mark.parametrize("which", ["progress", "dose"])
def test_a_check_in_book_that_cannot_be_read_at_save_says_not_saved(store, patient, which):
    store.save(patient, score("phq9", PHQ9_ITEM_9), by="KM")
    with CheckinBook(book_of(store)) as book:  # the book exists, then is found loose (group-readable) at Save
        book.start(store, patient, ["gad7"], by="KM")
    if which == "progress":
        page, kind = _closing(store, patient), "flag_resolution"
        save = page.resolve.save
    else:
        page, kind = _planner(store, patient), "dose_plan"
        save = page.save_plan
    book_of(store).chmod(0o644)
    save.click()
    assert store.current(patient, kind) == ()
    assert "Not saved: the chart of IOP-0042 could not be read again to check for new records (" in page.status.value
    assert 'class="iop-status-error"' in page.status.value
