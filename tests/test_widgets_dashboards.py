"""The dashboards' widgets, driven from Python: set values, click, assert on what the page would show.

No browser here; the harness fails any test in which a callback raised (conftest autouse fixture).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import importlib

from iopkit import score
from iopkit.demo import build_demo_db
from iopkit.dose import Attendance, DosePlan, schedule
from iopkit.errors import StoreError
from iopkit.placement import Placement, recommend
from iopkit.placement.levels import LevelOfCare
from iopkit.records import DrugScreen
from iopkit.store import Store
from iopkit.widgets import dose_app, intake_app, placement_app, progress_app
from iopkit.widgets.charts import ladder_svg
from iopkit.widgets.home import (
    home,  # the function: once iopkit.widgets.home is imported, "from iopkit.widgets import home" is the module
)
from iopkit.widgets.page import BLANK
from iopkit.widgets.render import flags_html, table_html

PHQ9 = (1, 1, 2, 1, 0, 1, 2, 1, 1)  # total 10, moderate, item 9 = 1


def _ready(app, patient):
    app.start()
    app.picker.choose.value = patient
    app.picker.clinician.value = "KM"
    return app


def _answer(form, answers):
    for number, value in enumerate(answers, start=1):
        form.controls[number].value = value


class TestIntake:
    def test_the_instruments_are_listed_by_the_first_read_even_a_refused_one(self):
        from iopkit.instruments import CATALOGUE

        def refused():
            raise StoreError("the store cannot be opened")

        app = intake_app(refused)
        assert app.chooser.options == (("— choose an instrument —", BLANK),)  # built without the catalogue
        app.start()  # outside a kernel the first read runs at once; its refusal is said, never raised
        assert "the store cannot be opened" in app.status.value
        listed = app.chooser.options
        assert listed == (("— choose an instrument —", BLANK), *((i.name, code) for code, i in CATALOGUE.items()))
        assert app.chooser.value == BLANK and app.form is None  # listing is not choosing
        app.start()
        assert app.chooser.options == listed  # listed once

    def test_an_instrument_is_chosen_before_the_first_read(self, store):
        assert intake_app(store).choose("gad7").instrument.code == "gad7"

    def test_phq9_item9_positive_shows_total_band_and_a_critical_flag_with_its_next_step(self, store):
        form = intake_app(store).choose("phq9")
        _answer(form, PHQ9)
        assert (10, "moderate") == (form.score.total, form.score.band)
        assert 'class="iop-flag iop-flag-critical" role="alert"' in form.flags.value
        assert "Next step: Ask about suicidal thoughts today" in form.flags.value
        assert "Total 10 of 27" in form.result.value and "Kroenke" in form.result.value

    def test_incomplete_form_is_not_scored_and_says_what_is_missing(self, store):
        app = intake_app(store)
        form = app.choose("phq9")
        _answer(form, PHQ9[:8])
        assert form.score is None and app.save.disabled
        assert "8 of 9 answered" in form.result.value and "9" in form.result.value

    def test_phq9_item9_answered_first_shows_the_critical_flag_before_the_form_is_complete(self, store):
        form = intake_app(store).choose("phq9")
        form.controls[9].value = 1
        assert form.score is None  # not scored: eight items are still unanswered
        assert "iop-flag-critical" in form.flags.value and "Next step" in form.flags.value
        form.controls[9].value = 0
        assert "iop-flag-critical" not in form.flags.value

    def test_crafft_skip_rule_shows_part_b_items_as_not_asked_and_scores(self, store):
        form = intake_app(store).choose("crafft")
        for number in (1, 2, 3):
            form.controls[number].value = "0"
        form.controls[4].value = 0
        assert all(form.controls[n].disabled for n in range(5, 10))
        assert "not asked" in form.notes[5].value
        assert (0, "lower_risk") == (form.score.total, form.score.band)

    def test_an_invalid_day_count_shows_the_library_message_not_a_traceback(self, store):
        app = intake_app(store)
        form = app.choose("crafft")
        form.controls[1].value = "400"
        for number in (2, 3):
            form.controls[number].value = "0"
        form.controls[4].value = 1
        assert form.score is None
        assert "crafft item 1 must be a whole number from 0 to 365 (got 400)" in app.status.value
        assert "Traceback" not in app.status.value

    def test_sex_context_is_a_labelled_choice_and_reaches_the_score(self, store):
        form = intake_app(store).choose("audit_c")
        form.context_controls["sex"].value = "female"
        _answer(form, (1, 1, 1))
        assert "female" == form.score.context["sex"]

    def test_save_needs_initials_then_saves_the_score_and_offers_a_summary(self, store, patient):
        app = intake_app(store)
        app.start()
        app.picker.choose.value = patient
        form = app.choose("phq9")
        _answer(form, PHQ9)
        app.save.click()
        assert "Enter your initials" in app.status.value and not store.history(patient)
        app.picker.clinician.value = "KM"
        entered = form.score
        app.save.click()
        (record,) = store.history(patient)
        assert (record.item, record.by) == (entered, "KM")
        assert form.score is None  # Save starts a fresh form
        assert "total 10, moderate" in app.status.value
        summary = app.summary.value
        document = base64.b64decode(summary.split("base64,", 1)[1].split('"')[0]).decode()
        assert "IOP-0042" in document and "10 of 27" in document and "iop-flag-critical" in document

    def test_adding_a_patient_selects_them_and_a_duplicate_is_refused_with_the_store_message(self, store):
        app = intake_app(store)
        app.start()
        app.picker.new_name.value = "IOP-7"
        app.picker.add.click()
        assert app.picker.patient().pseudonym == "IOP-7"
        app.picker.new_name.value = "IOP-7"
        app.picker.add.click()
        assert "already exists" in app.status.value


class TestPlacement:
    def test_saved_phq9_suggests_dimension_3_and_ratings_give_level_2_1_with_basis_and_ladder(self, store, patient):
        store.save(patient, score("phq9", PHQ9), by="KM")
        app = _ready(placement_app(store), patient)
        # walk23 finding 3: "from PHQ-9", never the code
        assert 2 == app.ratings[3].value and "Suggested 2 from PHQ-9" in app.why[3].value
        for dimension, rating in {1: 2, 2: 1, 4: 1, 5: 2, 6: 1}.items():
            app.ratings[dimension].value = rating
        rec = app.recommendation
        assert ("2.1", "2-WM") == (rec.level.code, rec.withdrawal_management.code)
        assert "iop-placement-basis" in app.result.value and 'data-source-key="asam_ppc2r"' in app.result.value
        assert "[S]" not in app.result.value  # sources a clinician can look up, no internal codes
        assert 2 == app.ladder.value.count("iop-rung-current")
        assert "iop-flag-critical" in app.flags.value  # the PHQ-9 safety flag travels with the suggestion

    def test_an_override_without_a_reason_is_refused_and_with_a_reason_is_saved(self, store, patient):
        store.save(patient, score("phq9", PHQ9), by="KM")
        app = _ready(placement_app(store), patient)
        for dimension, rating in {1: 0, 2: 1, 3: 1, 4: 1, 5: 2, 6: 1}.items():  # dimension 3 below the suggestion
            app.ratings[dimension].value = rating
        app.save.click()
        assert "give the reason" in app.status.value and len(store.history(patient)) == 1
        app.reason.value = "seen by psychiatry today; mood stable on review"
        app.save.click()
        decision = store.latest(patient, "placement").item
        assert decision.reason.startswith("seen by psychiatry") and decision.overrides
        assert "(override)" in app.status.value

    def test_withdrawal_risk_is_asked_beside_the_ciwa_and_a_past_seizure_suggests_24_hour_withdrawal_management(
        self, store, patient
    ):
        """ASAM 2020 alcohol withdrawal guideline (Rec II.1, II.5, III.3): a CIWA-Ar total alone never decides
        the setting; a past withdrawal seizure or delirium tremens, or PAWSS 4 or more, is high risk."""
        store.save(patient, score("ciwa_ar", [1, 1, 1, 1, 0, 0, 0, 0, 1, 0]), by="KM")
        app = _ready(placement_app(store), patient)
        assert 1 == app.ratings[1].value and "withdrawal risk not assessed" in app.why[1].value
        for dimension in range(2, 7):
            app.ratings[dimension].value = 1
        app.prior_seizure.value = True
        assert 3 == app.ratings[1].value
        assert "complicated_withdrawal_risk" in app.flags.value
        app.prior_seizure.value = False
        app.pawss.value = 5
        assert 3 == app.ratings[1].value
        app.mitigated.value = "on-site nurse daily, supportive partner, no benzodiazepines"
        assert app.ratings[1].value < 3 and "complicated_withdrawal_risk" in app.flags.value

    def test_a_rating_the_clinician_chose_is_never_overwritten_when_other_inputs_change(self, store, patient):
        store.save(patient, score("phq9", PHQ9), by="KM")
        app = _ready(placement_app(store), patient)
        for dimension, rating in {1: 0, 2: 1, 3: 4, 4: 1, 5: 1, 6: 1}.items():  # dimension 3 above the suggestion
            app.ratings[dimension].value = rating
        assert "imminent_danger_d3" in app.flags.value
        app.pawss.value = 2
        app.readiness.value = 5
        assert 4 == app.ratings[3].value and "imminent_danger_d3" in app.flags.value

    def test_until_all_six_are_rated_there_is_no_recommendation(self, store):
        app = placement_app(store)
        app.ratings[1].value = 2
        assert app.recommendation is None and app.save.disabled
        assert "Still to rate: dimension 2, 3, 4, 5, 6" in app.result.value


class TestDosePlanner:
    def _plan(self, store, **changes):
        app = dose_app(store)
        app.first_day.value = dt.date(2026, 1, 5)
        for name, value in changes.items():
            getattr(app, name).value = value
        return app

    def test_9h_for_12_weeks_on_three_days_is_108h_in_36_sessions_with_an_ics(self, store):
        app = self._plan(store)
        assert (108.0, 36) == (app.plan.total_hours, len(app.schedule.sessions))
        assert "108 h planned" in app.plan_view.value and "36 sessions" in app.plan_view.value
        href = app.calendar.value.split('href="', 1)[1].split('"')[0]
        assert 36 == base64.b64decode(href.split("base64,", 1)[1]).decode().count("BEGIN:VEVENT")

    def test_a_skip_date_removes_that_session(self, store):
        app = self._plan(store, skip="2026-01-07")
        assert 35 == len(app.schedule.sessions) and "1 skipped" in app.plan_view.value

    def test_negative_hours_show_the_library_message(self, store):
        app = self._plan(store, hours=-3)
        assert app.plan is None
        assert "hours per week must be a finite number > 0 (got -3.0)" in html.unescape(app.status.value)

    def test_attendance_updates_delivered_hours_and_the_chart(self, store):
        app = self._plan(store)
        app.session.value = "2026-01-05"
        app.record.click()
        app.session.value = "2026-01-07"
        app.outcome.value = "partial"
        app.partial.value = 1.5
        app.record.click()
        app.as_of.value = dt.date(2026, 1, 9)
        assert 4.5 == app.attendance.delivered()
        assert "4.5 h" in app.progress_view.value and "1 attended, 0 missed, 1 partial" in app.progress_view.value
        assert "level 2.1 minimum (9 h/wk)" in app.chart.value and "projected" in app.chart.value

    def test_taper_lists_phases_and_flags_those_below_the_iop_minimum(self, store):
        app = self._plan(store)
        assert "" == app.taper_view.value  # drawn by the page's first read, off its first render (issue #12)
        app.start()
        assert 4 == app.taper_view.value.count("<tr><td>")
        app.taper_hours.value = "12, 9, 6"
        app.taper_weeks.value = 3
        assert "below the IOP minimum" in app.taper_view.value

    def test_saving_plan_schedule_and_attendance(self, store, patient):
        app = _ready(self._plan(store), patient)
        app.save_plan.click()
        app.save_attendance.click()
        kinds = [r.kind for r in store.history(patient)]
        assert ["dose_plan", "schedule", "attendance"] == kinds


IOP_RATINGS = {1: 0, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1}  # level 2.1
OP_RATINGS = {1: 0, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1}  # level 1


def _improving_iop_episode(store, patient, first: dt.date, ratings=IOP_RATINGS) -> None:
    """Placed by ``ratings`` (IOP, 2.1); PHQ-9 16 at ``first``, 4 four weeks later; 3 weekly negative screens."""
    when = dt.datetime.combine(first, dt.time(9), tzinfo=dt.UTC)
    store.save(patient, Placement(recommend(ratings)), by="KM", when=when)
    store.save(patient, score("phq9", [2] * 8 + [0]), by="KM", when=when)
    store.save(patient, score("phq9", [0, 1] * 4 + [0]), by="KM", when=when + dt.timedelta(weeks=4))
    for week in (1, 2, 3):
        day = first + dt.timedelta(weeks=week)
        store.save(patient, DrugScreen(day, "urine 6-panel", negative=("alcohol",)), by="KM", when=day)


def _fully_attended_improving_episode(store, patient, ratings, weekdays) -> None:
    """The improving episode, started on a Monday four weeks ago, with 3-hour sessions on ``weekdays``
    for 12 weeks and every session to date attended."""
    today = dt.date.today()
    first = today - dt.timedelta(weeks=4, days=today.weekday())
    _improving_iop_episode(store, patient, first, ratings=ratings)
    sessions = schedule(first, weekdays, 3, 12)
    log = Attendance(sessions)
    for session in sessions.sessions:
        if session.date <= today:
            log = log.record(session.date, "attended")
    plan = DosePlan(3 * len(weekdays), 12, sessions_per_week=len(weekdays))
    for item in (plan, sessions, log):
        store.save(patient, item, by="KM", when=first)


class TestProgress:
    def test_two_phq9_scores_show_reliable_improvement_and_the_review_needs_attendance(self, store, patient):
        first = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
        store.save(patient, score("phq9", [2] * 8 + [0]), by="KM", when=first)
        store.save(patient, score("phq9", [0, 1] * 4 + [0]), by="KM", when=first + dt.timedelta(weeks=4))
        app = _ready(progress_app(store), patient)
        assert "16 → 4" in app.change_view.value and "improved" in app.change_view.value
        assert 5 == app.charts.value.count('class="iop-band-shade"')
        assert "Save a placement or a dose plan first" in app.review_view.value

    def test_without_a_dose_plan_the_review_runs_with_attendance_unknown_and_shows_every_finding(self, store, patient):
        _improving_iop_episode(store, patient, dt.date(2026, 1, 5))
        view = _ready(progress_app(store), patient).review_view.value
        assert "Continue at Level 2.1 (Intensive outpatient)" in view
        assert "Attendance unknown: no dose plan with attendance to date" in view and "3 drug screen(s)" in view
        assert "low attendance" not in view.lower() and "Attended 0%" not in view
        reasons, others = view.split('class="iop-reasons"')[1].split('class="iop-findings"')
        assert "attendance unknown" in reasons and "remission" not in reasons
        assert "PHQ-9 16 -&gt; 4: remission" in others and "last 3 drug screens negative" in others
        assert view.index("iop-headline") < view.index("iop-findings")

    def test_a_step_down_review_lists_its_reasons_and_no_empty_other_findings(self, store, patient):
        _fully_attended_improving_episode(store, patient, IOP_RATINGS, ["mon", "wed", "fri"])
        view = _ready(progress_app(store), patient).review_view.value
        assert "Step down: Level 2.1 (Intensive outpatient) → Level 1 (Outpatient)" in view
        # session 19: unrecorded sessions: attendance is weighed over the session hours recorded
        assert "Attendance used: 100% of the session hours recorded" in view and "Attendance unknown" not in view
        assert "PHQ-9 16 -&gt; 4: remission" in view.split('class="iop-reasons"')[1]
        assert 'class="iop-findings"' not in view

    def test_a_step_down_from_outpatient_reads_as_continuing_care_not_early_intervention(self, store, patient):
        _fully_attended_improving_episode(store, patient, OP_RATINGS, ["mon"])
        view = _ready(progress_app(store), patient).review_view.value
        headline = view.split("iop-headline'>")[1].split("</div>")[0]  # one step, bold (headline_html)
        assert headline.startswith(
            '<p class="iop-steps iop-first-step"><strong>Step down: Level 1 (Outpatient) → Continuing care / recovery '
            "monitoring"
        )
        assert "Early intervention" not in headline


def _rows(page) -> dict:
    """The caseload's rows by pseudonym, in the order listed."""
    return {row.split("</a>")[0].rsplit(">", 1)[1]: row for row in page.patients.value.split("<tr><td>")[1:]}


class TestHome:
    def test_lists_the_demo_patients_with_name_and_level_and_says_they_are_fictional(self, tmp_path):
        with Store(build_demo_db(tmp_path / "demo.sqlite", programme=False)) as demo:
            page = home(store=demo)
            assert "DEMO-01" not in page.patients.value  # nothing read before start()
            page.start()
        rows = _rows(page)
        assert sorted(rows) == [f"DEMO-0{n}" for n in range(1, 6)]
        assert 'href="04_progress.ipynb?patient=DEMO-01"' in rows["DEMO-01"]  # opens the patient's chart
        assert "Alex Rivera (fictional)" in rows["DEMO-01"] and "Level 2.1 (Intensive outpatient)" in rows["DEMO-01"]
        assert "Level 1 (Outpatient)" in rows["DEMO-04"]  # the demo clinician's override, not the recommendation
        assert "Demo patients are fictional" in page.patients.value

    def test_the_whole_demo_lists_a_page_at_a_time_open_safety_flags_first(self, tmp_path):
        from iopkit.widgets.home import PAGE_SIZE

        with Store(build_demo_db(tmp_path / "demo.sqlite")) as demo:
            page = home(store=demo)
            page.start()
            everyone = len(demo.patients())
        assert everyone > 200  # the clinic's five and the synthetic programme
        # walk24 3: the caseload lists the patients in the programme today by the programme report's census rule (the
        # demo's five, as the report's census of 5); the synthetic programme's 240 are discharged, a button away
        assert sorted(_rows(page)) == [f"DEMO-0{n}" for n in range(1, 6)] and "5 patients" in page.patients.value
        assert page.former_button.description == "Show discharged (240)"
        former_flagged = sum(1 for e in page.episodes if not e.current and e.open_flags)
        assert f"{former_flagged} discharged patients still have an open safety flag" in page.patients.value
        page.former_button.click()
        first = _rows(page)
        assert len(first) == PAGE_SIZE and f"Discharged patients 1–{PAGE_SIZE} of 240" in page.patients.value
        flagged = [bool(e.open_flags) for e in page.episodes if not e.current]
        # changed with walk review F5: the synthetic programme's opioid-positive drug screens are open safety flags
        # too, more than a page of them: every flagged patient is listed before any patient without a flag
        n = sum(flagged)
        assert flagged == sorted(flagged, reverse=True) and 0 < n == former_flagged < 240
        assert f"{n} with an open safety flag" in page.patients.value
        red = ['iop-flag-critical">' in row for row in first.values()]
        assert red == [True] * min(n, PAGE_SIZE) + [False] * max(PAGE_SIZE - n, 0)  # the red flags first
        assert all("Last in the programme" in row for row in first.values())
        assert page.previous_button.disabled and not page.next_button.disabled
        page.next_button.click()
        assert f"Discharged patients {PAGE_SIZE + 1}–{2 * PAGE_SIZE} of 240" in page.patients.value
        assert not set(_rows(page)) & set(first) and not page.previous_button.disabled
        page.search.value = "demo-0"  # the search looks through every patient, from its first page
        assert sorted(_rows(page)) == [f"DEMO-0{n}" for n in range(1, 6)] and "5 patients found" in page.patients.value
        assert page.pager.layout.display == "none"
        page.search.value = "SYN-02"
        assert len(_rows(page)) == PAGE_SIZE and not page.next_button.disabled
        page.next_button.click()
        page.next_button.click()  # past the last page: stays on the last
        assert all(name.startswith("SYN-02") for name in _rows(page)) and page.next_button.disabled

    def test_caseload_order_puts_open_flags_then_the_newest_activity_first(self, store):
        from iopkit.widgets.home import caseload_order

        days = {"OLD": dt.date(2026, 1, 5), "NEW": dt.date(2026, 3, 2), "FLAG": dt.date(2026, 1, 12)}
        for name, day in days.items():
            pid = store.add_patient(name)
            answers = [1] * 8 + [1 if name == "FLAG" else 0]
            store.save(pid, score("phq9", answers), by="k", when=day)
        store.add_patient("NOTHING-YET")
        page = home(store=store)
        page.start()
        assert [e.patient.pseudonym for e in page.episodes] == ["FLAG", "NOTHING-YET", "NEW", "OLD"]
        assert caseload_order(reversed(page.episodes)) == page.episodes
        assert "4 patients; " in page.patients.value and "1 with an open safety flag" in page.patients.value

    def test_a_clinic_patient_without_a_placement_shows_no_level_and_no_demo_note(self, store, patient):
        page = home(store=store)
        page.start()
        assert "IOP-0042" in page.patients.value and "none saved yet" in page.patients.value
        assert "fictional" not in page.patients.value

    def test_reads_the_store_only_after_the_browsers_request(self, store, monkeypatch):
        page_module = importlib.import_module("iopkit.widgets.page")  # start_reading waits there (no kernel here)
        events = []
        monkeypatch.setattr(page_module, "wait_for_request", lambda: events.append("request"))
        monkeypatch.setattr(store, "patients", lambda: events.append("read") or ())
        page = home(store=store)
        assert events == []
        page.start()
        assert events == ["request", "read"] and "No patients yet" in page.patients.value

    def test_opens_the_dashboards_store_on_start_not_when_built(self, tmp_path, monkeypatch):
        monkeypatch.setenv("IOPKIT_DB", str(tmp_path / "clinic.sqlite"))
        page = home()
        assert not (tmp_path / "clinic.sqlite").exists()
        page.start()
        assert (tmp_path / "clinic.sqlite").exists() and "No patients yet" in page.patients.value

    def test_calls_the_store_opener_it_was_given_on_start_not_when_built(self, tmp_path):
        from iopkit.store import Store

        opened = []
        page = home(store=lambda: opened.append("opened") or Store(tmp_path / "chosen.sqlite"))
        assert opened == [] and not (tmp_path / "chosen.sqlite").exists()
        page.start()
        assert (
            opened == ["opened"] and (tmp_path / "chosen.sqlite").exists() and "No patients yet" in page.patients.value
        )

    def test_a_store_error_reaches_the_status_area(self, store, monkeypatch):
        def broken():
            raise StoreError("clinic.sqlite cannot be read by this iopkit")

        monkeypatch.setattr(store, "patients", broken)
        page = home(store=store)
        page.start()
        assert "cannot be read by this iopkit" in page.status.value and "iop-status-error" in page.status.value


class TestRender:
    def test_flags_are_ordered_critical_first_and_escaped(self):
        from iopkit.flags import Flag

        html = flags_html([Flag("w", "<b>late</b>", "warning"), Flag("c", "item 9", "critical", "act")])
        assert html.index("iop-flag-critical") < html.index("iop-flag-warning") and "<b>" not in html

    def test_table_cells_are_escaped(self):
        assert "&lt;script&gt;" in table_html(["a"], [["<script>"]])

    def test_ladder_highlights_only_the_recommended_level_without_wm(self):
        svg = ladder_svg(LevelOfCare.PHP)
        assert 1 == svg.count("iop-rung-current") and "◀ recommended" in svg

    def test_a_single_score_is_drawn_as_a_point_and_its_legend_clears_the_band_names(self):
        import re

        from iopkit import instrument
        from iopkit.widgets.progress import trajectory_svg

        svg = trajectory_svg(instrument("phq9"), [(dt.date(2026, 11, 2), score("phq9", PHQ9))])  # walk24 9: by day
        assert 1 == svg.count("<circle")  # a one-point line would draw nothing
        legend = re.search(r'<text class="iop-line-score-label" x="(\d+)" y="(\d+)"', svg)
        assert legend and int(legend[2]) < 30  # in the row above the plot, not among the band names

    def test_a_long_episode_keeps_its_week_labels_apart(self):
        from iopkit import instrument
        from iopkit.widgets.progress import trajectory_svg

        # walk24 9: points by their day, ticks naming weeks by their Monday (was "wk 0" ... "wk 46")
        first, last = dt.date(2026, 1, 5), dt.date(2026, 1, 5) + dt.timedelta(weeks=46)
        svg = trajectory_svg(instrument("phq9"), [(first, score("phq9", PHQ9)), (last, score("phq9", PHQ9))])
        assert 13 >= svg.count('text-anchor="middle"') >= 5  # the x axis's ticks


def test_stylesheet_keeps_focus_visible_and_the_result_panel_in_view():
    """Keyboard focus is outlined, the chosen answer stands out, and nothing between the page's scroller
    and the sticky result panel clips it (else a critical flag scrolls out of view)."""
    from importlib import resources

    css = resources.files("iopkit.widgets").joinpath("iopkit.css").read_text()
    assert ":focus-visible" in css and ".mod-active" in css
    assert ".iop-result-panel { flex: 0 0 36%; position: sticky;" in css
    # every box up to the page: the output area's and any widget box the page is shown in
    boxes = ":is(.jp-OutputArea, .jp-OutputArea-child, .jp-OutputArea-output, .widget-box):has(.iop-page)"
    assert boxes in css and ".iop-two-columns { overflow: visible; }" in css


def test_no_dropdown_starts_empty_in_the_browser(store):
    """ipywidgets 8 shows an empty box for a Dropdown whose value is None: every one must have a label."""
    import ipywidgets as widgets

    for app in (intake_app(store), placement_app(store), dose_app(store), progress_app(store)):
        stack = [app]
        while stack:
            widget = stack.pop()
            stack.extend(getattr(widget, "children", ()))
            if isinstance(widget, widgets.Dropdown) and widget.options:
                assert widget.index is not None, widget.description
    assert BLANK == ""
