"""Wrong-patient and duplicate safeguards in the dashboards, driven from Python (no browser).

Answers entered for one patient never end up in another patient's chart; switching patient or
instrument with unsaved answers asks first; Save starts a fresh form; the same record is never
saved twice; nothing ticked for one new patient carries over to the next.
"""

from __future__ import annotations

import datetime as dt

from iopkit import score
from iopkit.entry import duplicate_of, same_entry
from iopkit.widgets import intake_app, placement_app

PHQ9 = (1, 1, 2, 1, 0, 1, 2, 1, 1)  # total 10, item 9 = 1


def _answer(form, answers):
    for number, value in enumerate(answers, start=1):
        form.controls[number].value = value


def _intake(store, patient):
    app = intake_app(store)
    app.start()
    app.picker.choose.value = patient
    app.picker.clinician.value = "KM"
    return app


class TestSwitchingPatient:
    def test_with_answers_entered_asks_first_and_keeps_the_patient_and_the_answers(self, store, patient):
        other = store.add_patient("IOP-0043")
        app = _intake(store, patient)
        form = app.choose("phq9")
        _answer(form, PHQ9[:3])
        app.picker.choose.value = other
        assert app.confirm.asking
        assert "Discard the answers entered for IOP-0042?" in app.confirm.question.value
        assert app.picker.patient_id == patient and app.picker.choose.value == patient  # still IOP-0042
        assert form.answered() == 3

    def test_keep_stays_with_the_patient_and_save_files_under_them(self, store, patient):
        other = store.add_patient("IOP-0043")
        app = _intake(store, patient)
        form = app.choose("phq9")
        _answer(form, PHQ9)
        app.picker.choose.value = other
        app.confirm.no.click()
        assert not app.confirm.asking and app.picker.patient_id == patient and form.score is not None
        app.save.click()
        assert len(store.history(patient)) == 1 and not store.history(other)

    def test_discard_clears_the_answers_then_switches(self, store, patient):
        other = store.add_patient("IOP-0043")
        app = _intake(store, patient)
        form = app.choose("phq9")
        _answer(form, PHQ9)
        app.picker.choose.value = other
        app.confirm.yes.click()
        assert app.picker.patient_id == other and app.picker.choose.value == other
        assert form.answered() == 0 and form.score is None and app.save.disabled
        app.save.click()
        assert not store.history(other) and not store.history(patient)

    def test_without_answers_switches_at_once(self, store, patient):
        other = store.add_patient("IOP-0043")
        app = _intake(store, patient)
        app.choose("phq9")
        app.picker.choose.value = other
        assert not app.confirm.asking and app.picker.patient_id == other

    def test_adding_a_patient_with_answers_entered_asks_before_selecting_them(self, store, patient):
        app = _intake(store, patient)
        _answer(app.choose("phq9"), PHQ9[:2])
        app.picker.new_name.value = "IOP-0099"
        app.picker.add.click()
        assert app.confirm.asking and app.picker.patient().pseudonym == "IOP-0042"
        app.confirm.yes.click()
        assert app.picker.patient().pseudonym == "IOP-0099"

    def test_the_adolescent_box_resets_for_the_next_new_patient(self, store):
        app = intake_app(store)
        app.start()
        app.picker.new_name.value = "IOP-T1"
        app.picker.adolescent.value = True
        app.picker.add.click()
        assert app.picker.patient().adolescent and app.picker.adolescent.value is False
        app.picker.new_name.value = "IOP-A2"
        app.picker.add.click()
        assert not app.picker.patient().adolescent


class TestSwitchingInstrument:
    def test_with_answers_entered_asks_and_keep_leaves_the_form_as_it_was(self, store, patient):
        app = _intake(store, patient)
        form = app.choose("phq9")
        _answer(form, PHQ9[:4])
        app.chooser.value = "gad7"
        # asked under the instrument list (walk review F2: the page's top row was out of view), one question at a time
        question = app.switch_question.question.value
        assert app.switch_question.asking and "PHQ-9" in question and "4 answered" in question
        assert not app.confirm.asking
        assert app.chooser.value == "phq9" and app.form is form
        app.switch_question.no.click()
        assert app.form is form and form.answered() == 4

    def test_the_question_focuses_keep_so_the_browser_scrolls_it_into_view(self, store, patient):
        """Walk review F2: the list snapped back and the question was drawn above the window; the safe answer is now
        focused (a focused button is scrolled into view), never Discard (Enter must not throw answers away)."""
        other = store.add_patient("IOP-0043")
        app = _intake(store, patient)
        _answer(app.choose("phq9"), PHQ9[:3])
        sent: list[tuple[str, dict]] = []
        for row in (app.switch_question, app.confirm):
            for button in (row.yes, row.no):
                button.send = lambda content, buffers=None, b=button: sent.append((b.description, content))
        app.chooser.value = "gad7"
        assert sent == [("Keep", {"do": "focus"})]
        app.picker.choose.value = other  # the patient question, under the picker, replaces the instrument's
        assert sent[1:] == [("Keep", {"do": "focus"})] and app.confirm.asking and not app.switch_question.asking

    def test_discard_shows_the_new_instrument_blank(self, store, patient):
        app = _intake(store, patient)
        _answer(app.choose("phq9"), PHQ9[:4])
        app.chooser.value = "gad7"
        app.switch_question.yes.click()
        assert app.chooser.value == "gad7" and app.form.instrument.code == "gad7" and app.form.answered() == 0

    def test_without_answers_switches_at_once(self, store, patient):
        app = _intake(store, patient)
        app.choose("phq9")
        assert app.choose("gad7").instrument.code == "gad7" and not app.switch_question.asking


class TestSave:
    def test_save_clears_the_form_and_keeps_the_result_and_its_flags_beside_the_button(self, store, patient):
        app = _intake(store, patient)
        form = app.choose("phq9")
        _answer(form, PHQ9)
        app.save.click()
        assert len(store.history(patient)) == 1
        assert form.answered() == 0 and form.score is None and app.save.disabled
        assert "IOP-0042" in app.last_saved.value and "total 10" in app.last_saved.value
        assert "iop-flag-critical" in app.last_saved.value  # the item-9 flag stays on screen

    def test_a_second_click_saves_nothing_more(self, store, patient):
        app = _intake(store, patient)
        _answer(app.choose("phq9"), PHQ9)
        app.save.click()
        app.save.click()
        assert len(store.history(patient)) == 1

    def test_the_same_answers_entered_again_the_same_day_are_refused(self, store, patient):
        app = _intake(store, patient)
        form = app.choose("phq9")
        _answer(form, PHQ9)
        app.save.click()
        (first,) = store.history(patient)
        _answer(form, PHQ9)
        app.save.click()
        assert len(store.history(patient)) == 1
        assert "Not saved" in app.status.value and f"record {first.id}" in app.status.value
        form.controls[1].value = 0  # a different answer is a different record
        app.save.click()
        assert len(store.history(patient)) == 2

    def test_switching_patient_clears_the_last_saved_note(self, store, patient):
        other = store.add_patient("IOP-0043")
        app = _intake(store, patient)
        _answer(app.choose("phq9"), PHQ9)
        app.save.click()
        app.picker.choose.value = other
        assert app.last_saved.value == ""


class TestDuplicateRule:
    def test_same_answers_on_another_day_are_a_new_measurement(self, store, patient):
        phq9 = score("phq9", PHQ9)
        store.save(patient, phq9, by="KM", when=dt.date(2026, 1, 5))
        assert duplicate_of(store, patient, phq9, when=dt.date(2026, 1, 12)) is None
        assert duplicate_of(store, patient, phq9, when=dt.date(2026, 1, 5)) is not None

    def test_another_instrument_or_context_is_not_the_same_entry(self):
        assert not same_entry(score("gad2", [1, 2]), score("phq2", [1, 2]))
        assert not same_entry(score("audit_c", [1, 1, 1], sex="female"), score("audit_c", [1, 1, 1], sex="male"))

    def test_another_patients_identical_record_is_not_a_duplicate(self, store, patient):
        other = store.add_patient("IOP-0043")
        phq9 = score("phq9", PHQ9)
        store.save(patient, phq9, by="KM")
        assert duplicate_of(store, other, phq9) is None


IOP_RATINGS = {1: 0, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1}


class TestPlacementEntry:
    def _ready(self, store, patient):
        app = placement_app(store)
        app.start()
        app.picker.choose.value = patient
        app.picker.clinician.value = "KM"
        return app

    def test_ratings_entered_for_one_patient_are_not_carried_to_the_next(self, store, patient):
        other = store.add_patient("IOP-0043")
        app = self._ready(store, patient)
        for d, r in IOP_RATINGS.items():
            app.ratings[d].value = r
        app.picker.choose.value = other
        assert app.confirm.asking and "IOP-0042" in app.confirm.question.value
        app.confirm.yes.click()
        assert app.picker.patient_id == other
        assert all(w.value == "" for w in app.ratings.values()) and app.recommendation is None

    def test_a_saved_placement_is_not_unsaved_and_is_not_saved_twice(self, store, patient):
        other = store.add_patient("IOP-0043")
        app = self._ready(store, patient)
        for d, r in IOP_RATINGS.items():
            app.ratings[d].value = r
        app.save.click()
        n = len(store.history(patient))
        app.save.click()
        assert len(store.history(patient)) == n and "already saved" in app.status.value
        app.picker.choose.value = other
        assert not app.confirm.asking and app.picker.patient_id == other


def test_the_same_dose_plan_saved_twice_the_same_day_is_refused(store, patient):
    from iopkit.widgets import dose_app

    app = dose_app(store)
    app.first_day.value = dt.date(2026, 1, 5)
    app.start()
    app.picker.choose.value = patient
    app.picker.clinician.value = "KM"
    app.save_plan.click()
    app.save_plan.click()
    assert [r.kind for r in store.history(patient)] == ["dose_plan", "schedule"]
    assert "already saved" in app.status.value
    app.hours.value = 12  # a changed plan is a new record
    app.save_plan.click()
    assert len(store.history(patient)) == 4
