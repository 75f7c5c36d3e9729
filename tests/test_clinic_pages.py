"""A clinic day's records on the pages, driven from Python: dates, corrections, drug screens, flag resolutions,
placement pre-filled, the dose plan against the placed level, the chart header and navigation."""

from __future__ import annotations

import datetime as dt

import pytest

from iopkit.entry import clinical_day
from iopkit.errors import InvalidAnswerError
from iopkit.records import DrugScreen
from iopkit.widgets import dose_app, home, intake_app, placement_app, progress_app
from iopkit.widgets.page import BLANK

PHQ9 = (1, 1, 2, 1, 0, 1, 2, 1, 1)  # 10 by hand; item 9 = 1 raises the suicide-risk flag
PHP_RATINGS = {1: 0, 2: 0, 3: 2, 4: 3, 5: 3, 6: 2}  # dimension 4 at 3 needs Level 2.5 (the rule table)


def _ready(app, patient):
    app.start()
    app.picker.select(patient)
    app.picker.clinician.value = "KM"
    return app


def _phq9(app, answers=PHQ9, day=None):
    """A PHQ-9 entered and saved, dated ``day`` (``None``: today, read when it is saved)."""
    form = app.choose("phq9")
    for number, value in enumerate(answers, start=1):
        form.controls[number].value = value
    app.when.value = clinical_day() if day is None else day
    app.save.click()


def _day(record):
    return record.taken_at.date() if isinstance(record.taken_at, dt.datetime) else record.taken_at


def test_an_assessment_takes_its_clinical_date_and_never_a_future_one(store, patient):
    """Walk review F6: a future date typed is refused beside the field and kept as typed, never turned into today."""
    app = _ready(intake_app(store), patient)
    today = clinical_day()
    ahead = today + dt.timedelta(days=2)
    assert app.when.max == today  # the browser's calendar greys the days after today
    _phq9(app, day=ahead)
    assert app.when.value == ahead, "the date typed was replaced"
    said = f"{ahead:%d %b %Y} is after today ({today:%d %b %Y}): enter the day it happened, today or earlier."
    assert said in app.when.note.value and "iop-status-error" in app.status.value
    assert store.current(patient) == ()
    app.when.value = today
    assert app.when.note.value == ""  # the note goes with the date it was about
    _phq9(app, day=today - dt.timedelta(days=7))
    (record,) = store.current(patient)
    assert _day(record) == today - dt.timedelta(days=7)


def test_a_mis_entered_answer_is_corrected_with_a_reason_and_history_says_corrected(store, patient):
    app = _ready(intake_app(store), patient)
    _phq9(app)
    first = store.current(patient)[0].id
    app.corrects.value = first
    assert app.form.answers()[3] == 2 and app.save.description == "Save the correction"
    app.form.controls[3].value = 1
    app.save.click()
    assert "needs a reason" in app.status.value and len(store.history(patient)) == 1
    app.reason.value = "item 3 mis-entered from the paper form"
    app.save.click()
    (current,) = store.current(patient)
    assert (current.amends, current.item.total) == (first, 9)  # 10 - 1
    assert "corrected (replaces record" in app.history.value and "item 3 mis-entered" in app.history.value
    assert "<em>corrected</em>" in app.chart_header.value


def test_a_prescribed_buprenorphine_is_not_counted_as_a_positive_screen(store, patient):
    app = _ready(intake_app(store), patient)
    s = app.screens
    s.panel.value, s.positive.value, s.negative.value, s.expected.value = (
        "urine 12-panel",
        "buprenorphine",
        "fentanyl, cocaine",
        "buprenorphine",
    )
    s.save.click()
    assert "positive for an expected medication only" in s.saved.value
    assert "(expected medication)" in s.history.value
    s.positive.value, s.negative.value, s.expected.value = "cocaine", "fentanyl", ""
    s.collected.value = clinical_day() - dt.timedelta(days=1)
    s.save.click()
    from iopkit.episode import Episode, unexpected_positive

    screens = Episode.from_store(store, patient).screens

    assert [unexpected_positive(x) for x in screens] == [True, False]  # oldest first: cocaine, then buprenorphine


def test_a_future_collection_date_and_an_empty_panel_are_refused_in_the_clinics_words(store, patient):
    """Walk review F6: "Collected on" two days ahead stayed as today without a word, and an empty panel was refused at
    the top of the page as "Drug screen panel must be non-empty text (got '')"."""
    s = _ready(intake_app(store), patient).screens
    today = clinical_day()
    ahead = today + dt.timedelta(days=2)
    s.collected.value, s.positive.value = ahead, "cocaine"
    s.save.click()
    assert s.collected.value == ahead, "the date typed was replaced"
    assert f"{ahead:%d %b %Y} is after today ({today:%d %b %Y})" in s.collected.note.value
    assert "Not saved: check the date collected (beside it)." in s.saved.value
    s.collected.value = today - dt.timedelta(days=1)
    assert s.collected.note.value == ""
    s.save.click()  # the panel left blank
    assert "Not saved. Enter the panel used, e.g. urine 12-panel." in s.saved.value
    assert "non-empty text" not in s.saved.value and store.current(patient, "drug_screen") == ()
    s.panel.value = "urine 12-panel"
    s.save.click()
    assert [r.item.collected for r in store.current(patient, "drug_screen")] == [today - dt.timedelta(days=1)]


def test_the_library_refusal_of_an_empty_panel_names_its_field_value_and_what_is_allowed():
    with pytest.raises(InvalidAnswerError) as refused:
        DrugScreen(dt.date(2026, 12, 3), " ", positive=["cocaine"])
    error = refused.value
    assert (str(error), error.instrument, error.item, error.value, error.allowed) == (
        "Drug screen panel must be non-empty text (got ' ')",
        "drug_screen",
        "panel",
        " ",
        "non-empty text, e.g. urine 12-panel",
    )


def test_a_future_day_for_what_was_done_about_a_flag_is_kept_and_refused(store, patient):
    _phq9(_ready(intake_app(store), patient))
    page = _ready(progress_app(store), patient)
    page.resolve.flag.value = 0
    page.resolve.risk_level.value = "low"
    page.resolve.action.value = "C-SSRS full assessment; safety plan agreed"
    ahead = clinical_day() + dt.timedelta(days=1)
    page.resolve.on.value = ahead
    page.resolve.save.click()
    assert page.resolve.on.value == ahead and "is after today" in page.resolve.on.note.value
    assert store.current(patient, "flag_resolution") == ()


def test_recording_what_was_done_closes_the_open_flag(store, patient):
    _phq9(_ready(intake_app(store), patient))
    page = _ready(progress_app(store), patient)
    assert "iop-open-flags" in page.chart_header.value
    assert page.resolve.flag.options[0][1] == 0
    page.resolve.flag.value = 0
    page.resolve.risk_level.value = "low"
    page.resolve.action.value = "C-SSRS full assessment; safety plan agreed"
    page.resolve.who.value = "A. Rivera, LCSW"
    page.resolve.save.click()
    assert "iop-open-flags" not in page.chart_header.value
    # changed with the reviewer's finding 1: the flag closed at low is offered after "none open" (never chosen) for a
    # later assessment at a higher level, recorded as a re-assessment
    none_open, (closed_label, closed) = page.resolve.flag.options
    assert none_open == ("— none open —", BLANK) and page.resolve.flag.value == BLANK and page.resolve.save.disabled
    # changed with the re-review's note 9: the level shown is the highest recorded for the flag
    assert closed_label.startswith("Re-assess: ") and (
        "closed; highest level recorded for this flag: low: a higher level is recorded as a re-assessment"
    ) in (closed_label)
    assert store.latest(patient, "flag_resolution").item.by == "A. Rivera, LCSW"
    page.resolve.flag.value = closed
    page.resolve.risk_level.value = "high"
    page.resolve.action.value = "ED evaluation arranged; 988 given"
    page.resolve.who.value = "Dr B, MD"
    page.resolve.save.click()
    assert [r.item.risk_level for r in store.current(patient, "flag_resolution")] == ["low", "high"]
    assert "overall risk high; ED evaluation arranged; 988 given" in page.resolve.saved.value
    assert page.resolve.flag.options == (("— none open —", BLANK),)  # at high: no higher level to record


def test_placement_prefills_and_the_dose_plan_starts_from_the_placed_level(store, patient):
    page = _ready(placement_app(store), patient)
    for d, widget in page.ratings.items():
        widget.value = PHP_RATINGS[d]
    page.save.click()
    again = _ready(placement_app(store), patient)
    assert "Placed at Level 2.5" in again.current.value and "by KM" in again.current.value
    assert {d: w.value for d, w in again.ratings.items()} == PHP_RATINGS and again.unsaved() is None
    dose = _ready(dose_app(store), patient)
    assert dose.hours.value == 20  # Level 2.5 starts at 20 h/week (ASAM Criteria hours bands)
    assert "Medicare PHP minimum (at least 20 h/week): met in every week." in dose.plan_view.value
    dose.hours.value = 9
    assert "below the minimum of the placed Level 2.5" in dose.plan_view.value


def test_a_week_below_9_hours_is_not_met_on_the_medicare_line(store, patient):
    dose = _ready(dose_app(store), patient)
    dose.hours.value = 9
    monday = dose.first_day.value
    dose.skip.value = (monday + dt.timedelta(days=7)).isoformat()  # a holiday in week 2
    assert "not met in week 2 (6 h)" in dose.plan_view.value


def test_a_name_like_pseudonym_is_said_in_the_status_area(store):
    app = intake_app(store)
    app.start()
    app.picker.new_name.value = "John Smith"
    app.picker.add.click()
    assert "iop-status-error" in app.status.value and "looks like" in app.status.value


def test_the_address_carries_patient_and_clinician_between_pages(store, patient, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "patient=IOP-0042&by=KM")
    app = progress_app(store)
    app.start()
    assert app.picker.patient_id == patient and app.picker.clinician.value == "KM"
    assert 'href="01_intake.ipynb?patient=IOP-0042&amp;by=KM"' in app.nav.value
    assert 'aria-current="page"' in app.nav.value and "IOP-0042" in app.chart_header.value
    monkeypatch.setenv("QUERY_STRING", "patient=NOBODY")
    other = progress_app(store)
    other.start()
    assert other.picker.patient_id is None and "No patient &#x27;NOBODY&#x27;" in other.status.value


def test_caseload_search_and_due_measures(store, patient):
    store.add_patient("IOP-0099")
    page = home(store=store)
    page.start()
    assert "IOP-0042" in page.patients.value and "PHQ-9 due today (none yet)" in page.patients.value
    page.search.value = "0099"
    assert "IOP-0099" in page.patients.value and "IOP-0042" not in page.patients.value


@pytest.mark.parametrize("days", [7, 10])
def test_caseload_shows_an_overdue_weekly_phq9(store, patient, days):
    # today read as the test runs, not when it was collected: a run that crosses midnight reads one day
    _phq9(_ready(intake_app(store), patient), day=clinical_day() - dt.timedelta(days=days))
    page = home(store=store)
    page.start()
    expected = "PHQ-9 due today" if days == 7 else f"PHQ-9 overdue {days - 7} d"
    assert expected in page.patients.value
    assert "iop-flag-critical" in page.patients.value  # the open item-9 flag, in red


def test_a_re_assessment_closes_only_the_flag_picked_and_a_closing_lists_the_earlier_flags_it_closes_too(
    store, patient
):
    # the re-review's finding 3: Monday's flag open (item 9 = 3); Tuesday's closed at low by the check-in review
    # (its own record only); re-assessing Tuesday's at high left Monday's closed too and off the caseload
    from iopkit import score
    from iopkit.episode import Episode
    from iopkit.placement import FlagResolution

    today = clinical_day()
    monday, tuesday = today - dt.timedelta(days=2), today - dt.timedelta(days=1)
    first = store.save(patient, score("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 3]), by="KM", when=monday)
    second = store.save(patient, score("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1]), by="KM", when=tuesday)
    page = _ready(progress_app(store), patient)
    labels = dict((v, label) for label, v in page.resolve.flag.options)
    (earlier,) = [v for v, f in page.resolve._open.items() if f.record_id == first]
    (later,) = [v for v, f in page.resolve._open.items() if f.record_id == second]
    page.resolve.flag.value = later  # closing Tuesday's flag would close Monday's too: said before Save
    assert "also closes the same flag of earlier records, still open" in page.resolve.also.value
    assert f"{monday:%d %b %Y}" in page.resolve.also.value
    page.resolve.flag.value = earlier  # Monday's: nothing earlier
    assert page.resolve.also.value == ""
    assert labels[later].startswith("Possible suicidal ideation")
    week = Episode.from_store(store, patient).week_of(tuesday)
    review = FlagResolution(
        "suicidal_ideation", "phq9", week, "C-SSRS screener: low; safety plan", "KM", tuesday, str(second), "low",
        this_record_only=True,
    )  # fmt: skip
    store.save(patient, review, by="KM", when=tuesday)  # as the check-in's review saves it
    page = _ready(progress_app(store), patient)
    (reassess,) = [v for label, v in page.resolve.flag.options if label.startswith("Re-assess: ")]
    page.resolve.flag.value = reassess
    assert page.resolve.also.value == ""  # a re-assessment closes no other flag
    page.resolve.risk_level.value = "high"
    page.resolve.action.value = "ED evaluation arranged; 988 given"
    page.resolve.who.value = "Dr B, MD"
    page.resolve.save.click()
    assert store.latest(patient, "flag_resolution").item.this_record_only
    assert [f.record_id for f in Episode.from_store(store, patient).open_flags] == [first]  # Monday's stays open
