"""A placement has a clinical date, "Placed on", as an assessment has "Taken on" (walk23 finding 2).

walk23 F2: "saving gives 'Level 2.1 (Intensive outpatient) since 04 Dec 2026 (today)' though the intake measures it
rests on are dated 24 Nov ... Expected: a 'Placed on' date like 'Taken on', never in the future." The brief: the
episode, chart header, caseload and summary read the level "since" that date; the current level is the latest
placement by clinical date (one dated earlier than a saved one is kept as history, and said); the audit trail keeps
when it was saved and by whom; the suggestions use the scores dated up to the placement's date.

Clinical facts typed from the sources: C-SSRS screener triage (Columbia): question 4 "yes" is high risk (immediate
safety action, same-day emergency evaluation); all "no" is no risk.
"""

import datetime as dt

from iopkit import score
from iopkit.entry import clinical_day
from iopkit.episode import Episode, caseload
from iopkit.placement import LevelOfCare, Placement, recommend
from iopkit.report.patient import patient_summary_html
from iopkit.widgets.home import caseload_html
from iopkit.widgets.page import BLANK, chart_header_html
from iopkit.widgets.placement import placement_app

HIGH = ["yes", "yes", "no", "yes", "no", "no", None]
NO_RISK = ["no", "no", None, None, None, "no", None]
INTAKE = dt.date(2026, 11, 24)  # walk23: the intake measures' day
LATER = dt.date(2026, 12, 1)
OUTPATIENT = {1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}  # every dimension at most 1: Level 1
IOP = {1: 1, 2: 1, 3: 2, 4: 2, 5: 2, 6: 1}  # dimension 3 rated 2: Level 2.1


def _ready(app, patient):
    app.start()
    app.picker.choose.value = patient
    app.picker.clinician.value = "JL"
    return app


def _rate(app, ratings, reason=""):
    for dimension, rating in ratings.items():
        app.ratings[dimension].value = rating
    app.reason.value = reason


def test_a_placement_dated_on_its_intake_day_reads_since_that_day_everywhere(store, patient):
    store.save(patient, score("phq9", [1] * 8 + [0]), by="JL", when=INTAKE)
    app = _ready(placement_app(store), patient)
    assert app.placed_on.value == clinical_day()  # today by default, as "Taken on"
    app.placed_on.value = INTAKE
    _rate(app, IOP, "ratings from the intake interview")
    app.save.click()
    assert "Saved placement at level 2.1 (override) dated 24 Nov 2026 for IOP-0042" in app.status.value
    record = store.latest(patient, "placement")
    assert record.taken_at == INTAKE  # the clinical date
    assert (record.by, clinical_day(record.saved_at)) == ("JL", clinical_day())  # the audit trail: who, when saved
    assert store.latest(patient, "recommendation").taken_at == INTAKE  # saved together, of the same day
    episode = Episode.from_store(store, patient)
    assert (episode.level, episode.level_since, episode.level_by) == (LevelOfCare.IOP, INTAKE, "JL")
    assert "Level 2.1 (Intensive outpatient) since 24 Nov 2026 (" in chart_header_html(episode)
    assert "Level 2.1 (Intensive outpatient) since 24 Nov 2026 (" in app.chart_header.value
    assert "<small>since 24 Nov 2026</small>" in caseload_html(caseload(store))
    assert "since 24 Nov 2026" in patient_summary_html(store, patient)  # walk24 11: one date style (was "2026-11-24")
    again = _ready(placement_app(store), patient)
    assert "by JL on 24 Nov 2026" in again.current.value


def test_a_placement_date_after_today_is_said_and_refused_nothing_saved(store, patient):
    app = _ready(placement_app(store), patient)
    _rate(app, OUTPATIENT)
    app.placed_on.value = dt.date(2099, 1, 1)
    assert "01 Jan 2099 is after today (" in app.placed_on.note.value  # beside the date, as on Intake
    app.save.click()
    assert "Not saved: the date of the placement: 01 Jan 2099 is after today (" in app.status.value
    assert app.placed_on.value == dt.date(2099, 1, 1)  # left as typed, never replaced
    assert store.current(patient, "placement") == () and store.current(patient, "recommendation") == ()


def test_the_suggestions_use_the_scores_dated_up_to_the_placement_not_later_ones(store, patient):
    store.save(patient, score("cssrs_screen", HIGH), by="JL", when=INTAKE)
    store.save(patient, score("cssrs_screen", NO_RISK), by="JL", when=LATER)
    app = _ready(placement_app(store), patient)
    assert app.ratings[3].value == 0 and "no ideation or behaviour" in app.why[3].value  # today: 01 Dec's screen
    # walk23 finding 3: the instrument by its name, not its code
    assert "Suggestions use the latest saved score of each instrument: C-SSRS screen (01 Dec 2026)." in app.used.value
    app.placed_on.value = INTAKE
    # as of 24 Nov the high-risk screen is the latest: Columbia triage, high risk, immediate safety action
    assert app.ratings[3].value == 4 and "C-SSRS screen high risk" in app.why[3].value
    assert (
        "Suggestions use the latest saved score of each instrument dated up to 24 Nov 2026: "
        "C-SSRS screen (24 Nov 2026); 1 score dated after it not used."
    ) in app.used.value
    assert "suicide_risk_high" in app.flags.value and app.history.value == ""  # that day's score, not history
    app.placed_on.value = clinical_day()
    assert app.ratings[3].value == 0 and "C-SSRS screen (01 Dec 2026)." in app.used.value


def test_a_placement_dated_before_the_current_one_is_kept_as_history_and_said(store, patient):
    store.save(patient, recommend(OUTPATIENT), by="KM", when=LATER)
    store.save(patient, Placement(recommend(OUTPATIENT)), by="KM", when=LATER)
    app = _ready(placement_app(store), patient)
    assert app.placed_note.value == ""
    app.placed_on.value = INTAKE
    history = (
        "A placement dated 24 Nov 2026 is kept as history, not as the current level: the later placement of "
        "01 Dec 2026 (Level 1 (Outpatient), by KM) stays the current level."
    )
    assert history in app.placed_note.value  # said beside the date, before the save
    _rate(app, IOP, "ratings from the paper chart of the intake")
    app.save.click()
    assert "Saved placement at level 2.1 dated 24 Nov 2026 for IOP-0042" in app.status.value
    assert history in app.status.value  # and after it
    kept = [(r.taken_at, r.item.level.code) for r in store.current(patient, "placement")]
    assert kept == [(INTAKE, "2.1"), (LATER, "1")]  # saved, as history
    episode = Episode.from_store(store, patient)
    assert (episode.level, episode.level_since, episode.level_by) == (LevelOfCare.OP, LATER, "KM")
    assert episode.review is not None and episode.review_read[0].level is LevelOfCare.OP  # the review reads it too
    assert "Level 1 (Outpatient) since 01 Dec 2026" in app.chart_header.value
    app.placed_on.value = LATER  # of the same day as the current one: the last saved is current, nothing to say
    assert app.placed_note.value == ""


def test_of_two_placements_of_one_day_the_last_saved_is_current_whatever_its_time(store, patient):
    # a placement saved before dates existed carries its saving time; a placement dated the same day saved after it
    # is the current one (of one clinical day, the last saved), never the earlier one because its time sorts later
    store.save(patient, Placement(recommend(IOP)), by="KM", when=dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC))
    store.save(patient, Placement(recommend(OUTPATIENT)), by="JL", when=INTAKE)
    episode = Episode.from_store(store, patient, as_of=LATER)
    assert (episode.level, episode.level_by) == (LevelOfCare.OP, "JL")
    assert episode.placed_later_than(INTAKE) is None


def test_a_placement_saved_later_but_dated_earlier_never_becomes_current(store, patient):
    # saved first: 01 Dec; saved second (a paper chart entered late): 24 Nov. The current level is 01 Dec's.
    store.save(patient, Placement(recommend(OUTPATIENT)), by="KM", when=LATER)
    store.save(patient, Placement(recommend(IOP)), by="JL", when=INTAKE)
    episode = Episode.from_store(store, patient, as_of=dt.date(2026, 12, 4))
    assert (episode.level, episode.level_since, episode.level_by) == (LevelOfCare.OP, LATER, "KM")
    as_of_intake = Episode.from_store(store, patient, as_of=dt.date(2026, 11, 30))  # the chart as it was then
    assert (as_of_intake.level, as_of_intake.level_since) == (LevelOfCare.IOP, INTAKE)


def test_a_placement_dated_before_every_saved_score_says_that_none_is_used(store, patient):
    # no lower bound on the date (a placement may rest on an interview with no score saved, and a chart entered late
    # is not entered in clinical order): the page says that no saved score is of that day or before
    store.save(patient, score("cssrs_screen", HIGH), by="JL", when=INTAKE)
    app = _ready(placement_app(store), patient)
    app.placed_on.value = dt.date(2026, 11, 20)
    assert app.placed_on.note.value == ""  # a date that may be saved
    assert app.ratings[3].value == BLANK and "Still to rate: dimension 1, 2, 3, 4, 5, 6." in app.result.value
    assert (
        "No saved score is dated up to 20 Nov 2026: no suggestion (1 score dated after it not used)." in app.used.value
    )
    assert "no saved score suggests a rating" in app.why[3].value
