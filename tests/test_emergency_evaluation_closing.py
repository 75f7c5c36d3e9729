"""Closing a flag that called for an immediate emergency evaluation records that evaluation (walk review 24, finding 1).

A C-SSRS screener high-risk answer calls for safety precautions until a mental health professional evaluates the
person for possible hospitalisation (Columbia screener triage); the Joint Commission's NPSG 15.01.01 asks for a suicide
risk assessment by a qualified clinician after a positive screen.  So closing the C-SSRS screen's high-risk flag
records who did the evaluation, where, on what day, the overall risk level it found and the disposition; without
them the closing is refused, naming what is missing.  A same-day suicide risk assessment's flag (PHQ-9 item 9, the
C-SSRS screener's low or moderate risk) closes as before, with the level and what was done.  Words typed here from
the finding and the rule, never read from the code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3

import pytest

import iopkit
from iopkit.errors import EvaluationNotRecordedError, PlacementInputError
from iopkit.placement import FlagResolution, LevelOfCare, Placement, recommend
from iopkit.placement.resolution import Disposition, needs_evaluation

from .conftest import raw_record

DAY = dt.date(2026, 12, 4)
TODAY = dt.date.today()
HIGH = ["yes", "yes", "no", "yes", "no", "no", None]  # question 4 (intent): high risk (walk24 step 1)
MODERATE = ["yes", "yes", "yes", "no", "no", "no", None]  # question 3 (method): moderate risk
PHQ9_ITEM9 = [1, 1, 2, 1, 0, 1, 2, 1, 1]  # item 9 = 1: a same-day suicide risk assessment
#: The evaluation, as a clinic records it.
EVALUATION = {
    "evaluated_by": "Dr K. Patel, psychiatrist",
    "evaluated_where": "County Hospital ED",
    "evaluated_on": DAY,
    "disposition": "returned_with_safety_plan",
}
#: What the refusal names as missing, in the clinic's words (walk24 finding 1: who, where, when, outcome).
MISSING_WORDS = {
    "evaluated_by": "who did the evaluation (a qualified clinician, or the ED or crisis team: name and role)",
    "evaluated_where": "where it was done (e.g. County Hospital ED, crisis team at the clinic)",
    "evaluated_on": "the day it was done",
    "risk_level": "the overall risk level it found (low, moderate or high)",
    "disposition": (
        "the disposition (admitted to hospital; transferred to the ED, a crisis unit or a higher level of care; or "
        "returned to the programme with a safety plan)"
    ),
}


def high(level="low", action="safety plan written with patient; 988 given", by="RN, nurse", **more):
    return FlagResolution("suicide_risk_high", "cssrs_screen", 8.6, action, by, DAY, "8070", level, **more)


# --- the library -------------------------------------------------------------------------------------------------


def test_only_the_flag_calling_for_an_emergency_evaluation_needs_one():
    assert needs_evaluation("cssrs_screen", "suicide_risk_high")
    for instrument, code in [
        ("cssrs_screen", "suicide_risk_moderate"),
        ("cssrs_screen", "suicide_risk_low"),
        ("phq9", "suicidal_ideation"),
        ("pcl5", "possible_self_harm"),
        ("ciwa_ar", "complicated_withdrawal"),
    ]:
        assert not needs_evaluation(instrument, code), (instrument, code)


def test_the_walk_s_closing_at_low_with_any_words_is_refused_naming_what_is_missing():
    # walk24 finding 1: Low, "talked with patient, feels better", by "RN, nurse" was recorded (record 8072)
    with pytest.raises(EvaluationNotRecordedError) as refused:
        high("low", "talked with patient, feels better", "RN, nurse")
    error = refused.value
    assert isinstance(error, PlacementInputError)  # one hierarchy: a caller catching input errors catches it
    assert error.missing == ("evaluated_by", "evaluated_where", "evaluated_on", "disposition")
    assert (error.item, error.instrument, error.value) == ("evaluated_by", "cssrs_screen", None)
    said = str(error)
    assert said.startswith(
        "Not recorded: the C-SSRS screen's high-risk flag called for an immediate emergency mental-health evaluation"
    )
    assert (
        "evaluation, and closing it records that evaluation. Missing: who did the evaluation (a qualified clinician, "
        "or the ED or crisis team: name and role); where it was done (e.g. County Hospital ED, crisis team at the "
        "clinic); the day it was done; the disposition (admitted to hospital; transferred to the ED, a crisis unit or "
        "a higher level of care; or returned to the programme with a safety plan). Until it is done"
    ) in said
    assert "keep the safety precautions (do not leave the patient alone) and leave the flag open" in said


@pytest.mark.parametrize("name", ["evaluated_by", "evaluated_where", "evaluated_on", "disposition", "risk_level"])
def test_each_part_of_the_evaluation_is_required(name):
    given = {**EVALUATION, "risk_level": "low"}
    del given[name]
    level = given.pop("risk_level", None)
    with pytest.raises(EvaluationNotRecordedError) as refused:
        high(level, **given)
    assert refused.value.missing == (name,) and refused.value.item == name
    assert f"Missing: {MISSING_WORDS[name]}." in str(refused.value)
    if name == "disposition":
        assert refused.value.allowed == ("hospitalised", "transferred", "returned_with_safety_plan")


def test_a_closing_with_the_evaluation_says_who_found_what_where_and_when():
    done = high(**EVALUATION)
    assert done.evaluation == (
        "emergency evaluation by Dr K. Patel, psychiatrist (County Hospital ED, 04 Dec 2026): overall risk low; "
        "returned to the programme with a safety plan"
    )
    assert done.what_was_done == (
        "emergency evaluation by Dr K. Patel, psychiatrist (County Hospital ED, 04 Dec 2026): overall risk low; "
        "returned to the programme with a safety plan; safety plan written with patient; 988 given"
    )


@pytest.mark.parametrize(
    "value, words",
    [
        ("hospitalised", "admitted to hospital"),
        ("transferred", "transferred to the emergency department, a crisis unit or a higher level of care"),
        ("returned_with_safety_plan", "returned to the programme with a safety plan"),
    ],
)
def test_each_disposition_in_the_clinic_s_words(value, words):
    done = high("high", **{**EVALUATION, "disposition": value})
    assert done.disposition is Disposition(value) and done.evaluation.endswith(f"overall risk high; {words}")


def test_a_bad_disposition_a_later_evaluation_day_or_a_placeholder_is_refused():
    with pytest.raises(PlacementInputError, match="disposition is one of hospitalised, transferred") as bad:
        high(**{**EVALUATION, "disposition": "home"})
    assert bad.value.item == "disposition"
    with pytest.raises(PlacementInputError, match="after the day this closing is recorded on") as later:
        high(**{**EVALUATION, "evaluated_on": DAY + dt.timedelta(days=1)})
    assert later.value.item == "evaluated_on"
    for name in ("evaluated_by", "evaluated_where"):
        with pytest.raises(PlacementInputError, match="placeholder") as placeholder:
            high(**{**EVALUATION, name: "n/a"})
        assert placeholder.value.item == name
    assert high(**{**EVALUATION, "evaluated_where": "ED"}).evaluated_where == "ED"  # a short place is a place


def test_an_evaluation_done_days_before_the_closing_is_recorded_is_kept_with_its_own_day():
    done = high("moderate", **{**EVALUATION, "evaluated_on": DAY - dt.timedelta(days=2), "disposition": "hospitalised"})
    assert "(County Hospital ED, 02 Dec 2026): overall risk moderate; admitted to hospital" in done.what_was_done


@pytest.mark.parametrize(
    "instrument, code",
    [("phq9", "suicidal_ideation"), ("cssrs_screen", "suicide_risk_low"), ("cssrs_screen", "suicide_risk_moderate")],
)
def test_a_same_day_risk_assessment_s_flag_closes_as_before(instrument, code):
    done = FlagResolution(code, instrument, 4, "C-SSRS full assessment; safety plan agreed", "KM", DAY, "9", "low")
    assert done.what_was_done == "overall risk low; C-SSRS full assessment; safety plan agreed"
    assert set(done.to_dict()) == {"flag_code", "instrument", "week", "action", "by", "on", "record", "risk_level"}


def test_round_trip_through_json_and_the_new_fields_only_when_recorded():
    done = high(**EVALUATION)
    data = json.loads(json.dumps(done.to_dict()))
    assert (data["evaluated_on"], data["disposition"]) == ("2026-12-04", "returned_with_safety_plan")
    assert FlagResolution.from_dict(data) == done


#: A C-SSRS high-risk closing as iopkit stored it before it asked for the evaluation (its to_dict then).
OLD_HIGH = {
    "flag_code": "suicide_risk_high",
    "instrument": "cssrs_screen",
    "week": 8.6,
    "action": "talked with patient, feels better",
    "by": "RN, nurse",
    "on": "2026-12-04",
    "record": "8070",
    "risk_level": "low",
}


def test_an_old_high_risk_closing_reads_as_stored_and_says_the_evaluation_was_not_recorded():
    old = FlagResolution.from_stored(OLD_HIGH)
    assert old.evaluation_not_asked and old.to_dict() == OLD_HIGH  # the same bytes: the hash chain still holds
    assert old.what_was_done == (
        "overall risk low; talked with patient, feels better (emergency evaluation not recorded: entered before "
        "iopkit asked for it)"
    )
    assert old.keyed_to("8090").record == "8090"  # a correction's re-keying keeps reading it
    with pytest.raises(EvaluationNotRecordedError):
        FlagResolution.from_dict(OLD_HIGH)  # never made anew without the evaluation


def test_the_store_keeps_an_old_closing_s_bytes_and_saves_a_new_one_with_its_evaluation(store, patient):
    screen = store.save(patient, iopkit.score("cssrs_screen", HIGH), by="KM", when=DAY)
    payload = json.dumps({**OLD_HIGH, "record": str(screen)})
    old = raw_record(
        store, patient, "flag_resolution", payload, taken_at="2026-12-04T12:00:00+00:00",
        saved_at="2026-12-04T12:00:00+00:00", saved_by="RN",
    )  # fmt: skip
    read = store.record(old).item
    assert read.evaluation_not_asked and read.to_dict() == json.loads(payload)  # read back as stored
    assert store.verify().ok  # the hash chain holds: nothing rewritten
    other = store.add_patient("IOP-0099")
    rid = store.save(other, iopkit.score("cssrs_screen", HIGH), by="KM", when=DAY)
    new = store.save(other, dataclasses.replace(high(**EVALUATION), record=str(rid)), by="RN", when=DAY)
    (stored,) = sqlite3.connect(store.path).execute("SELECT payload FROM records WHERE id = ?", (new,)).fetchone()
    assert json.loads(stored)["evaluated_by"] == "Dr K. Patel, psychiatrist"
    assert store.record(new).item.evaluation.startswith("emergency evaluation by Dr K. Patel, psychiatrist")
    assert store.verify().ok


# --- the progress page's "record what was done about an open safety flag" form ------------------------------------


def _progress(store, patient):
    from iopkit.widgets import progress_app

    app = progress_app(store)
    app.start()
    app.picker.select(patient)
    app.picker.clinician.value = "RN"
    return app


def _choose(entry, words):
    (value,) = [v for label, v in entry.flag.options if words in label]
    entry.flag.value = value


#: What the form says as soon as the C-SSRS high-risk flag is chosen, before any level (walk24 finding 1).
NEEDS = (
    "This flag called for an immediate emergency mental-health evaluation. Close it only once that evaluation was "
    "done, recording who did it (a qualified clinician, or the ED or crisis team), where and on what day, the overall "
    "risk level it found and the disposition. Until then, keep the safety precautions (do not leave the patient "
    "alone) and leave the flag open."
)


def test_the_form_asks_for_the_evaluation_as_soon_as_the_high_risk_flag_is_chosen(store, patient):
    store.save(patient, iopkit.score("cssrs_screen", HIGH), by="KM", when=TODAY)
    store.save(patient, iopkit.score("phq9", PHQ9_ITEM9), by="KM", when=TODAY)
    entry = _progress(store, patient).resolve
    _choose(entry, "C-SSRS high risk")
    assert entry.evaluation.layout.display != "none" and entry.risk_level.value == ""  # before any level
    assert NEEDS in entry.evaluation_needs.value
    assert [label for label, _ in entry.disposition.options] == [
        "— choose —",
        "Admitted to hospital",
        "Transferred to the ED, a crisis unit or a higher level of care",
        "Returned to the programme with a safety plan",
    ]
    assert entry.evaluated_on.value is None  # typed, never assumed today
    _choose(entry, "PHQ-9")  # a same-day risk assessment's flag: no evaluation asked
    assert entry.evaluation.layout.display == "none" and entry.evaluation_needs.value == ""
    assert entry.risk_level.layout.display != "none"


def test_the_walk_s_closing_is_refused_and_the_flag_stays_open_until_the_evaluation_is_recorded(store, patient):
    store.save(patient, iopkit.score("cssrs_screen", HIGH), by="KM", when=TODAY)
    rec = recommend({1: 0, 2: 0, 3: 2, 4: 2, 5: 3, 6: 2})
    store.save(patient, Placement(rec, LevelOfCare.IOP, "clinical judgement"), by="KM", when=TODAY)
    page = _progress(store, patient)
    entry = page.resolve
    _choose(entry, "C-SSRS high risk")
    # walk24 finding 1, the steps: Low, "talked with patient, feels better", "RN, nurse", Record what was done
    entry.risk_level.value, entry.action.value, entry.who.value = (
        "low",
        "talked with patient, feels better",
        "RN, nurse",
    )
    entry.save.click()
    assert "iop-status-error" in page.status.value
    assert "Missing: who did the evaluation (a qualified clinician, or the ED or crisis team: name and role); " in (
        page.status.value
    )
    assert store.latest(patient, "flag_resolution") is None and "C-SSRS high risk" in page.chart_header.value
    entry.evaluated_by.value = "Dr K. Patel, psychiatrist"
    entry.evaluated_where.value = "County Hospital ED"
    entry.evaluated_on.value = TODAY
    entry.disposition.value = "returned_with_safety_plan"
    entry.action.value = "safety plan written with patient; 988 given"
    entry.save.click()
    saved = store.latest(patient, "flag_resolution").item
    assert (saved.evaluated_by, saved.disposition, saved.risk_level) == (
        "Dr K. Patel, psychiatrist",
        "returned_with_safety_plan",
        "low",
    )
    said = (
        f"emergency evaluation by Dr K. Patel, psychiatrist (County Hospital ED, {TODAY:%d %b %Y}): overall risk low; "
        "returned to the programme with a safety plan; safety plan written with patient; 988 given"
    )
    assert f"Recorded (record {store.latest(patient, 'flag_resolution').id}): {said}." in entry.saved.value
    assert said in page.review_view.value  # the trace stays: the review says what the evaluation found


def test_a_same_day_assessment_s_flag_is_closed_on_the_page_as_before(store, patient):
    store.save(patient, iopkit.score("cssrs_screen", MODERATE), by="KM", when=TODAY)
    page = _progress(store, patient)
    entry = page.resolve
    _choose(entry, "C-SSRS")
    assert entry.evaluation.layout.display == "none"
    entry.risk_level.value, entry.action.value = "low", "C-SSRS full assessment; safety plan agreed"
    entry.who.value = "A. Rivera, LCSW"
    entry.save.click()
    saved = store.latest(patient, "flag_resolution").item
    assert (saved.flag_code, saved.risk_level, saved.evaluation) == ("suicide_risk_moderate", "low", "")


def test_the_store_refuses_an_evaluation_dated_before_the_screen_that_called_for_it(store, patient):
    from iopkit.errors import StoreError

    screen = store.save(patient, iopkit.score("cssrs_screen", HIGH), by="KM", when=DAY)
    early = dataclasses.replace(high(**{**EVALUATION, "evaluated_on": DAY - dt.timedelta(days=1)}), record=str(screen))
    with pytest.raises(StoreError) as refused:
        store.save(patient, early, by="RN", when=DAY)
    assert str(refused.value) == (
        f"the emergency evaluation is dated 03 Dec 2026, before the C-SSRS screen of 04 Dec 2026 (record {screen}) "
        "whose flag called for it: record the evaluation done after that screen, with its own day"
    )
    assert refused.value.item == "evaluated_on" and store.latest(patient, "flag_resolution") is None
    store.save(patient, dataclasses.replace(high(**EVALUATION), record=str(screen)), by="RN", when=DAY)  # same day
