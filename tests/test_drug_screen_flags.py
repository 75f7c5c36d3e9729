"""An opioid positive on a drug screen is a safety flag (walk review F5): on the record itself, so every screen raises
it however it reached the store, shown like the other flags (chart header, caseload, summary) and closed through
the same flag resolution.

What the flag must say is typed from the lead's brief (the reviewer's written words), never from iopkit:
"high overdose risk; offer naloxone and overdose education today; ask about use and route, review the treatment plan
including medication for opioid use disorder; do not change the level of care on a screen alone (a result is not a
diagnosis; confirmatory testing per lab policy when the result will change care)". The cases are the brief's.
"""

from __future__ import annotations

import datetime as dt

import pytest

from iopkit import score
from iopkit.episode import Episode, caseload
from iopkit.flags import CallsFor, MedicalReview, Severity, medical_review_of
from iopkit.placement import FlagResolution
from iopkit.records import DrugScreen
from iopkit.sources import resolve

COLLECTED = dt.date(2026, 11, 26)
TODAY = dt.date(2026, 12, 3)
#: The sources the brief names, by the words of their titles (typed from the brief, not from the bibliography).
SOURCES = (
    "Medications for Opioid Use Disorder",
    "Opioid Overdose Prevention Toolkit",
    "National Practice Guideline for the Treatment of Opioid Use Disorder",
    "Appropriate Use of Drug Testing in Clinical Addiction Medicine",
)


def _screen(positive=(), negative=(), expected=(), day=COLLECTED):
    return DrugScreen(day, "urine 12-panel", positive=positive, negative=negative, expected=expected)


# (positive, negative, expected, flagged): typed from the brief
CASES = [
    pytest.param(["fentanyl", "cocaine"], ["opiates", "amphetamines"], [], True, id="fentanyl, opiates negative"),
    pytest.param(["buprenorphine"], ["fentanyl"], ["buprenorphine"], False, id="buprenorphine expected"),
    pytest.param(["buprenorphine"], ["fentanyl"], [], True, id="buprenorphine not expected"),
    pytest.param(["methadone"], [], ["methadone"], False, id="methadone expected"),
    pytest.param(["methadone"], [], [], True, id="methadone not expected"),
    pytest.param(["cocaine"], ["opiates", "fentanyl"], [], False, id="cocaine only"),
    pytest.param(["heroin"], [], [], True, id="heroin"),
    pytest.param(["6-MAM", "opiates"], [], [], True, id="6-MAM and opiates"),
    pytest.param(["Opiates"], [], [], True, id="opiates, no opioid prescribed"),
    pytest.param(["oxycodone"], [], [], True, id="oxycodone not prescribed"),
    pytest.param(["acetylfentanyl"], [], ["fentanyl"], True, id="a fentanyl analogue"),
    pytest.param(["heroin"], [], ["heroin"], True, id="heroin listed as expected: never prescribed"),
    pytest.param(["cannabis", "amphetamines"], ["opiates"], [], False, id="no opioid"),
]


@pytest.mark.parametrize(("positive", "negative", "expected", "flagged"), CASES)
def test_an_opioid_positive_not_expected_raises_the_overdose_flag(positive, negative, expected, flagged):
    """Cocaine alone raises no overdose flag: the flag is for an opioid positive (opioid overdose, which naloxone
    reverses); a stimulant contaminated with fentanyl is a known risk, but only an opioid positive or a confirmatory
    test shows fentanyl on the screen."""
    flags = _screen(positive, negative, expected).flags
    assert len(flags) == (1 if flagged else 0)


def test_the_flag_says_what_it_calls_for_in_the_briefs_words():
    (flag,) = _screen(["fentanyl", "cocaine"], ["opiates", "amphetamines"]).flags
    assert flag.severity is Severity.WARNING and flag.calls_for is CallsFor.MEDICAL_REVIEW
    assert medical_review_of(flag) is MedicalReview.TODAY
    assert "fentanyl" in flag.message and "cocaine" not in flag.message and "26 Nov 2026" in flag.message
    assert "overdose" in flag.message and "unknowingly" in flag.message  # opiates negative: unknowing exposure
    for words in (
        "naloxone",
        "overdose education today",
        "ask about use and route",
        "medication for opioid use disorder",
        "Do not change the level of care on the screen alone",
        "confirm",
    ):
        assert words in flag.action
    titles = " ".join(s.full() for s in resolve(flag.source))
    assert all(title.lower() in titles.lower() for title in SOURCES)
    assert "unknowingly" not in _screen(["fentanyl"], ["amphetamines"]).flags[0].message  # opiates not tested


def test_a_screen_read_back_from_its_saved_form_raises_the_flag():
    """An imported or old record (its saved dict) raises the flag: the flag is read from the result."""
    saved = {"collected": "2026-11-26", "panel": "urine 12-panel", "positive": ["fentanyl"], "negative": ["opiates"]}
    assert [f.code for f in DrugScreen.from_dict(saved).flags] == ["opioid_positive"]


@pytest.fixture
def screened(store, patient):
    store.save(patient, score("phq9", [0] * 9), by="KM", when=dt.date(2026, 11, 19))
    record = store.save(patient, _screen(["fentanyl", "cocaine"], ["opiates"]), by="KM", when=COLLECTED)
    return record


def test_the_episode_lists_the_screens_flag_as_open_on_the_chart_the_caseload_and_the_summary(store, patient, screened):
    from iopkit.report.patient import patient_summary_html
    from iopkit.widgets.home import caseload_html, caseload_order
    from iopkit.widgets.page import chart_header_html

    episode = Episode.from_store(store, patient, as_of=TODAY)
    (flag,) = episode.open_flags
    assert (flag.instrument, flag.record_id, flag.day, flag.week) == ("drug_screen", screened, COLLECTED, 1.0)
    assert "naloxone" in chart_header_html(episode)
    (listed,) = caseload_order(caseload(store, as_of=TODAY))
    assert "overdose" in caseload_html([listed]) and listed.open_flags == episode.open_flags
    assert "naloxone" in patient_summary_html(store, patient, today=TODAY)
    assert Episode.from_store(store, patient, as_of=COLLECTED - dt.timedelta(days=1)).open_flags == ()  # before it
    assert episode.placement_inputs.older == ()  # a result rates no dimension (the chart header shows it)


def test_the_screens_flag_is_closed_by_a_flag_resolution_and_reads_open_in_the_history_before(store, patient, screened):
    second_day = dt.date(2026, 12, 1)
    later = store.save(patient, _screen(["fentanyl"], ["opiates"], day=second_day), by="KM", when=second_day)
    first, second = Episode.from_store(store, patient, as_of=TODAY).open_flags
    assert (first.record_id, second.record_id) == (screened, later)
    assert second.also_closes([first, second]) == (first,)  # the progress page says it closes the earlier one too
    closing = FlagResolution(
        second.flag.code,
        second.instrument,
        second.week,
        "naloxone kit given and overdose education; MOUD discussed",
        "KM",
        TODAY,
        record=str(second.record_id),
    )
    store.save(patient, closing, by="KM", when=TODAY)
    assert Episode.from_store(store, patient, as_of=TODAY).open_flags == ()
    assert len(Episode.from_store(store, patient, as_of=dt.date(2026, 12, 2)).open_flags) == 2  # not closed yet


def test_the_pages_show_a_fentanyl_positive_and_the_progress_page_closes_it_as_any_flag(store, patient):
    """The walk's steps (F5) driven from Python: intake's drug screen, the chart header, placement opens, the
    progress page's flag resolution (no risk level: not a suicide-risk flag)."""
    from iopkit.widgets import intake_app, placement_app, progress_app

    def ready(app):
        app.start()
        app.picker.select(patient)
        app.picker.clinician.value = "KM"
        return app

    intake = ready(intake_app(store))
    s = intake.screens
    s.panel.value, s.positive.value, s.negative.value = "urine 12-panel", "fentanyl, cocaine", "opiates, amphetamines"
    s.save.click()
    assert "naloxone" in s.saved.value and "naloxone" in intake.chart_header.value
    assert "iop-open-flags" in ready(placement_app(store)).chart_header.value
    page = ready(progress_app(store))
    ((label, chosen),) = page.resolve.flag.options
    assert "drug_screen" in label and "overdose" in label
    page.resolve.flag.value = chosen
    assert page.resolve.risk_level.layout.display == "none"
    page.resolve.action.value = "naloxone kit and overdose education given; buprenorphine discussed"
    page.resolve.save.click()
    assert "iop-open-flags" not in page.chart_header.value
    assert store.latest(patient, "flag_resolution").item.instrument == "drug_screen"
