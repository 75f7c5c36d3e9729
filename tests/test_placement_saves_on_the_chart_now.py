"""A page kept open does not save on the chart it read in the morning (physician review R7, S7; real SQLite store).

The placement page saves a recommendation computed from the episode read when the patient was picked. At Save it
reads the patient's records and open check-in answers again; anything saved since stops the save, the recommendation
is recomputed from the chart as it is now, and the status line says so in the reviewer's words.

Clinical facts typed from the sources: C-SSRS screener triage (Posner et al. 2011): question 4 "yes" is high risk,
calling for safety precautions and an immediate emergency evaluation; all "no" is no risk. PHQ-9 item 9 (Kroenke et
al. 2001) answered above 0 calls for a suicide risk assessment (Joint Commission NPSG 15.01.01).
"""

from __future__ import annotations

import pytest

from iopkit import score
from iopkit.checkin import CheckinBook, book_of, read_again
from iopkit.entry import local_time
from iopkit.episode import Episode, saved_since
from iopkit.placement import FirstStep
from iopkit.widgets.placement import placement_app

HIGH = ["yes", "yes", "no", "yes", "no", "no", None]
NO_RISK = ["no", "no", None, None, None, "no", None]
#: The reviewer's words (R7, S7) around the patient and what is new.
REFUSED = "Not saved: new records for IOP-0042 since this page was opened ("
RECOMPUTED = "). The recommendation has been recomputed; read it again and save."


@pytest.fixture(autouse=True)
def _book_next_to_the_store(monkeypatch):
    monkeypatch.delenv("IOPKIT_CHECKINS", raising=False)


def _item_9_answered(store, patient):
    """A check-in whose patient answered PHQ-9 item 9 "several days" (1) and went no further: no record yet."""
    with CheckinBook(book_of(store)) as book:
        ticket = book.start(store, patient, ["phq9"], by="KM")
        session = book.redeem(ticket.code)
        book.answer(session.checkin.id, "phq9", 9, 1)
        return session.checkin


# --- the library -------------------------------------------------------------------------------------------------
def test_a_record_saved_after_the_chart_was_read_is_named_with_its_kind_and_time(store, patient):
    store.save(patient, score("cssrs_screen", NO_RISK), by="KM")
    read = Episode.from_store(store, patient)
    assert saved_since(store, read) == ()  # what the page read is not new
    high = store.save(patient, score("cssrs_screen", HIGH), by="RN")
    plan = store.save(patient, score("phq9", [0] * 9), by="RN")
    new = saved_since(store, read)
    saved = {r: store.record(r).saved_at for r in (high, plan)}
    assert [(x.what, x.record_id, x.at) for x in new] == [
        ("C-SSRS screen", high, saved[high]),
        ("PHQ-9", plan, saved[plan]),
    ]
    assert new[0].said == f"C-SSRS screen saved {local_time(saved[high])}"  # on the clinic's clock
    assert saved_since(store, Episode.from_store(store, patient)) == ()  # read again: nothing new


def test_a_correction_saved_since_is_new_too(store, patient):
    first = store.save(patient, score("cssrs_screen", NO_RISK), by="KM")
    read = Episode.from_store(store, patient)
    store.save(patient, score("cssrs_screen", HIGH), by="RN", amends=first, reason="question 4 misheard")
    assert [x.what for x in saved_since(store, read)] == ["C-SSRS screen (correction)"]


def test_read_again_names_a_check_in_safety_answer_given_since_and_the_records(store, patient):
    read = Episode.from_store(store, patient)
    assert read_again(store, read).new == ()
    checkin = _item_9_answered(store, patient)
    again = read_again(store, read)
    assert [x.said for x in again.new] == [
        f"PHQ-9: suicidal ideation on a patient check-in begun {local_time(checkin.created_at)}, not saved yet"
    ]
    assert [f.flag.code for f in again.episode.checkin_flags] == ["suicidal_ideation"]
    assert read_again(store, again.episode).new == ()  # the episode read now shows it: nothing new


# --- the placement page ------------------------------------------------------------------------------------------
def _rated(app, patient):
    app.start()
    app.picker.choose.value = patient
    app.picker.clinician.value = "KM"
    for dimension in (1, 2, 4, 5, 6):  # dimension 3 is the C-SSRS's suggestion (0 on the no-risk screen)
        app.ratings[dimension].value = 1
    return app


def test_a_c_ssrs_high_saved_from_another_page_stops_the_save_and_leads_the_recomputed_headline(store, patient):
    store.save(patient, score("cssrs_screen", NO_RISK), by="KM")
    app = _rated(placement_app(store), patient)
    assert app.ratings[3].value == 0 and app.recommendation.first_step is None
    high = store.save(patient, score("cssrs_screen", HIGH), by="RN")  # the interview goes on; another page saves
    app.save.click()
    assert store.latest(patient, "placement") is None and store.latest(patient, "recommendation") is None
    said = f"C-SSRS screen saved {local_time(store.record(high).saved_at)}"
    assert f"{REFUSED}{said}{RECOMPUTED}" in app.status.value and 'class="iop-status-error"' in app.status.value
    rec = app.recommendation  # recomputed from the chart as it is now, and drawn
    assert rec.first_step is FirstStep.EMERGENCY_EVALUATION
    assert rec.headline.startswith("First: emergency evaluation for suicide risk")
    assert "suicide_risk_high" in app.flags.value
    # the chart header redrawn from the chart read now (the C-SSRS screener's high-risk flag, typed from its triage)
    assert "C-SSRS high risk: intent, plan, or suicidal behaviour in the past 3 months" in app.chart_header.value
    app.save.click()  # read again, saved
    decision = store.latest(patient, "placement").item
    assert decision.recommendation.first_step is FirstStep.EMERGENCY_EVALUATION
    assert "Saved placement" in app.status.value


def test_a_check_in_safety_answer_given_since_stops_the_save(store, patient):
    store.save(patient, score("cssrs_screen", NO_RISK), by="KM")
    app = _rated(placement_app(store), patient)
    assert app.recommendation.first_step is None
    checkin = _item_9_answered(store, patient)
    app.save.click()
    assert store.latest(patient, "placement") is None
    said = f"PHQ-9: suicidal ideation on a patient check-in begun {local_time(checkin.created_at)}, not saved yet"
    assert f"{REFUSED}{said}{RECOMPUTED}" in app.status.value
    assert app.recommendation.first_step is FirstStep.RISK_ASSESSMENT
    app.save.click()
    assert store.latest(patient, "placement").item.recommendation.first_step is FirstStep.RISK_ASSESSMENT


def test_nothing_new_saves_at_once(store, patient):
    store.save(patient, score("cssrs_screen", NO_RISK), by="KM")
    app = _rated(placement_app(store), patient)
    app.save.click()
    assert store.latest(patient, "placement") is not None and "Not saved" not in app.status.value


# --- physician review R8: S3 (a choice made against the old recommendation) and S4 (a chart that cannot be read) ---
def test_a_level_and_reason_chosen_before_a_refused_save_are_cleared_not_saved_on_the_next_click(store, patient):
    store.save(patient, score("cssrs_screen", NO_RISK), by="KM")
    app = _rated(placement_app(store), patient)
    app.decided.value = "1"  # the clinician places lower than recommended, with a reason, against the old chart
    app.reason.value = "works days; prefers evenings"
    store.save(patient, score("cssrs_screen", HIGH), by="RN")
    app.save.click()
    assert store.latest(patient, "placement") is None
    assert "The level and the reason you had chosen were cleared: choose them again against it." in app.status.value
    assert app.decided.value == "" and app.reason.value == ""
    app.save.click()  # the next click saves the new recommendation's level, not the old choice
    decision = store.latest(patient, "placement").item
    assert decision.level is decision.recommendation.level and decision.reason is None
    assert decision.recommendation.first_step is FirstStep.EMERGENCY_EVALUATION


def test_no_choice_made_no_word_of_clearing(store, patient):
    store.save(patient, score("cssrs_screen", NO_RISK), by="KM")
    app = _rated(placement_app(store), patient)
    store.save(patient, score("cssrs_screen", HIGH), by="RN")
    app.save.click()
    assert REFUSED in app.status.value and "cleared" not in app.status.value


def test_a_check_in_book_that_cannot_be_read_at_save_says_not_saved(store, patient):
    store.save(patient, score("cssrs_screen", NO_RISK), by="KM")
    _item_9_answered(store, patient)  # the book exists, then is found loose (group-readable) at Save
    app = _rated(placement_app(store), patient)
    book_of(store).chmod(0o644)
    app.save.click()
    assert store.latest(patient, "placement") is None
    assert "Not saved: the chart of IOP-0042 could not be read again to check for new records (" in app.status.value
    assert "Nothing was saved; try again, or ask the operator." in app.status.value
    assert 'class="iop-status-error"' in app.status.value
