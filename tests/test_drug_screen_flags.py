"""An opioid positive on a drug screen is a safety flag (walk review F5): on the record itself, so every screen raises
it however it reached the store, shown like the other flags (chart header, caseload, summary) and closed through
the same flag resolution.

What the flag must say is typed from the lead's brief (the reviewer's written words), never from iopkit:
"high overdose risk; offer naloxone and overdose education today; ask about use and route, review the treatment plan
including medication for opioid use disorder; do not change the level of care on a screen alone (a result is not a
diagnosis; confirmatory testing per lab policy when the result will change care)". The cases are the brief's.
Since physician review R17a (session 15) the words and cases of R17a-M1 and S1-S4 are the reviewer's, typed below.
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
    # physician review R23c B1 (overrules R17a's warning): an unexpected opioid is "Act now", not kratom alone
    assert flag.severity is Severity.CRITICAL and flag.calls_for is CallsFor.MEDICAL_REVIEW
    # Changed by physician review R18 (session 16), S3: the review is due the day the result is read (SCREEN_READ),
    # not "today, before the patient leaves" (TODAY): a screen is read days after collection
    assert medical_review_of(flag) is MedicalReview.SCREEN_READ
    assert "fentanyl" in flag.message and "cocaine" not in flag.message and "26 Nov 2026" in flag.message
    assert "overdose" in flag.message and "ask whether the patient knew" in flag.message  # opiates negative (R17a-S2)
    for words in (
        "naloxone",
        "overdose education today",
        "ask about use and route",
        "medication for opioid use disorder",
        "Do not change the level of care on the screen alone",
        "confirmatory",
    ):
        assert words in flag.action
    titles = " ".join(s.full() for s in resolve(flag.source))
    assert all(title.lower() in titles.lower() for title in SOURCES)
    assert "ask whether" not in _screen(["fentanyl"], ["amphetamines"]).flags[0].message  # opiates not tested


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
    assert "(drug screen, " in label and "overdose" in label  # walk23 finding 3
    page.resolve.flag.value = chosen
    assert page.resolve.risk_level.layout.display == "none"
    page.resolve.action.value = "naloxone kit and overdose education given; buprenorphine discussed"
    page.resolve.save.click()
    assert "iop-open-flags" not in page.chart_header.value
    assert store.latest(patient, "flag_resolution").item.instrument == "drug_screen"


# Physician review R17a (session 15), /work/reviews/r17a.md: the reviewer's cases and words, typed here verbatim as
# the oracle (never read from iopkit.records).

#: R17a-M1: which names each expected medication covers (the reviewer's table, typed).
R17A_EXPECTED_ALSO = {
    "buprenorphine": ("bup", "norbuprenorphine", "buprenorphine glucuronide", "norbuprenorphine glucuronide"),
    "methadone": ("mtd", "eddp", "methadone metabolite"),
    "fentanyl": ("fyl", "fty", "norfentanyl"),
    "oxycodone": ("oxy", "oxymorphone", "noroxycodone"),
    "hydrocodone": ("hydromorphone", "norhydrocodone"),
    "codeine": ("morphine", "opi", "opiates", "mop"),
    "morphine": ("opi", "opiates", "mop", "hydromorphone"),
    "tramadol": ("o-desmethyltramadol",),
}
#: R17a-M1: brand and combination names the reviewer names, and the generic each counts as.
R17A_BRANDS = {
    "Suboxone": "buprenorphine",
    "buprenorphine/naloxone": "buprenorphine",
    "Sublocade": "buprenorphine",
    "Subutex": "buprenorphine",
    "Zubsolv": "buprenorphine",
    "Brixadi": "buprenorphine",
    "Methadose": "methadone",
    "Dolophine": "methadone",
}

R17A_S1_MESSAGE = "; also positive for {sedatives}: with opioids these raise the risk of fatal overdose"
R17A_S1_XYLAZINE = (
    "; naloxone does not reverse xylazine: still give naloxone, give rescue breaths and call emergency services"
)
R17A_S1_OTHER = "; review sedative and alcohol use with the patient (do not stop a prescribed benzodiazepine abruptly)"
R17A_S2 = (
    "; opiates negative: ask whether the patient knew it was fentanyl (it is in the heroin, counterfeit pill and "
    "stimulant supply)"
)
R17A_S3 = (
    "Offer naloxone and overdose education today; ask about use and route; review the treatment plan, including "
    "medication for opioid use disorder (start or adjust it; never stop it or discharge the patient for a positive "
    "result). Do not change the level of care on the screen alone; send for confirmatory (definitive) testing when "
    "the patient disputes the result or it will change care"
)
R17A_S4 = (
    "Calls for a prescriber's or nurse's review the day the result is read: at this visit if the patient is here, "
    "otherwise reach the patient today (phone) to offer naloxone and arrange the review."
)


@pytest.mark.parametrize(
    ("positive", "expected"),
    [
        pytest.param(["buprenorphine", "norbuprenorphine"], ["buprenorphine"], id="norbuprenorphine"),
        pytest.param(["methadone", "eddp"], ["methadone"], id="methadone, eddp"),
        pytest.param(["eddp"], ["methadone"], id="eddp"),
        pytest.param(["bup"], ["buprenorphine"], id="bup"),
        pytest.param(["mtd"], ["methadone"], id="mtd"),
        pytest.param(["norfentanyl"], ["fentanyl"], id="norfentanyl, fentanyl patch"),
        pytest.param(["oxymorphone", "oxycodone"], ["oxycodone"], id="oxymorphone"),
        pytest.param(["buprenorphine"], ["Suboxone"], id="Suboxone"),
    ],
)
def test_r17a_m1_the_reviewers_cases_raise_no_flag(positive, expected):
    """Physician review R17a (session 15), R17a-M1: a metabolite or panel abbreviation of the expected medication
    never flags."""
    assert _screen(positive, expected=expected).flags == ()


@pytest.mark.parametrize(("medication", "covered"), R17A_EXPECTED_ALSO.items())
def test_r17a_m1_an_expected_medication_covers_the_names_of_the_reviewers_table(medication, covered):
    for name in covered:
        assert _screen([medication, name], expected=[medication]).flags == (), name
        assert not _screen([name], expected=[medication]).counts_as_positive, name
    assert len(_screen(list(covered), expected=["naltrexone"]).flags) == 1  # not covered without the medication


@pytest.mark.parametrize(("brand", "generic"), R17A_BRANDS.items())
def test_r17a_m1_a_brand_or_combination_name_counts_as_its_generic(brand, generic):
    assert _screen([generic], expected=[brand]).flags == ()
    assert _screen([generic, *R17A_EXPECTED_ALSO[generic]], expected=[brand]).flags == ()


@pytest.mark.parametrize(
    ("positive", "expected"),
    [
        pytest.param(["acetylfentanyl"], ["fentanyl"], id="acetylfentanyl, fentanyl expected"),
        pytest.param(["carfentanil"], ["fentanyl"], id="carfentanil, fentanyl expected"),
        pytest.param(["heroin"], ["morphine"], id="heroin, morphine expected"),
        pytest.param(["6-mam", "morphine"], ["morphine"], id="6-MAM, morphine expected"),
        pytest.param(["6-mam"], ["6-mam"], id="6-MAM listed as expected"),
        pytest.param(["fentanyl"], ["Suboxone"], id="fentanyl, Suboxone expected"),
    ],
)
def test_r17a_m1_never_prescribed_opioids_still_flag_when_listed_as_expected(positive, expected):
    (flag,) = _screen(positive, expected=expected).flags
    assert positive[0] in flag.message


@pytest.mark.parametrize(
    ("positive", "sedatives", "also"),
    [
        pytest.param(["fentanyl", "benzodiazepines"], "benzodiazepines", R17A_S1_OTHER, id="benzodiazepines"),
        pytest.param(["fentanyl", "etg"], "etg", R17A_S1_OTHER, id="etg"),
        pytest.param(["fentanyl", "xylazine"], "xylazine", R17A_S1_XYLAZINE, id="xylazine"),
        pytest.param(["fentanyl", "gabapentin"], "gabapentin", R17A_S1_OTHER, id="gabapentin"),
        pytest.param(["fentanyl", "pregabalin"], "pregabalin", R17A_S1_OTHER, id="pregabalin"),
        pytest.param(["fentanyl", "barbiturates"], "barbiturates", R17A_S1_OTHER, id="barbiturates"),
        pytest.param(["fentanyl", "zolpidem"], "zolpidem", R17A_S1_OTHER, id="z-drug"),
        pytest.param(["fentanyl", "ethanol"], "ethanol", R17A_S1_OTHER, id="ethanol"),
    ],
)
def test_r17a_s1_a_sedative_or_alcohol_beside_the_opioid_changes_the_words_not_the_level(positive, sedatives, also):
    (f,) = _screen(positive, ["opiates"]).flags
    # physician review R23c B1: critical (it was a warning under R17a); the sedative changes the words, not the level
    assert sedatives in f.message and "fatal overdose" in f.message and f.severity is Severity.CRITICAL
    assert f.message.endswith(R17A_S1_MESSAGE.format(sedatives=sedatives))
    assert f.action == R17A_S3 + also
    assert "FDA Drug Safety Communication" in " ".join(s.full() for s in resolve(f.source))


def test_r17a_s1_an_expected_benzodiazepine_with_an_unexpected_opioid_is_said():
    (f,) = _screen(["fentanyl", "clonazepam"], expected=["clonazepam"]).flags
    assert f.message.endswith(R17A_S1_MESSAGE.format(sedatives="clonazepam"))
    assert f.action.endswith(R17A_S1_OTHER)


def test_r17a_s1_xylazine_among_other_sedatives_takes_the_xylazine_step():
    (f,) = _screen(["fentanyl", "xylazine", "benzodiazepines"], ["opiates"]).flags
    assert f.message.endswith(R17A_S1_MESSAGE.format(sedatives="benzodiazepines, xylazine"))
    assert f.action.endswith(R17A_S1_XYLAZINE)


def test_r17a_s1_a_sedative_alone_raises_no_opioid_flag():
    assert _screen(["benzodiazepines", "etg"], ["opiates"]).flags == ()


def test_r17a_s2_the_fentanyl_question_only_when_every_opioid_found_is_fentanyl():
    assert "ask whether" not in _screen(["fentanyl", "heroin"], ["opiates"]).flags[0].message
    assert "ask whether the patient knew" in _screen(["fentanyl", "cocaine"], ["opiates"]).flags[0].message
    assert _screen(["fentanyl", "cocaine"], ["opiates"]).flags[0].message.endswith(R17A_S2)
    assert _screen(["fentanyl", "acetylfentanyl"], ["opiates"]).flags[0].message.endswith(R17A_S2)  # an analogue
    assert _screen(["fentanyl"], ["opioids"]).flags[0].message.endswith(R17A_S2)  # a cup's "opioids" strip
    assert _screen(["fentanyl"], ["OPI"]).flags[0].message.endswith(R17A_S2)
    assert "unknowingly" not in _screen(["fentanyl", "cocaine"], ["opiates"]).flags[0].message


def test_r17a_s3_the_action_in_the_reviewers_words():
    (flag,) = _screen(["fentanyl", "cocaine"], ["opiates"]).flags
    assert flag.action == R17A_S3
    assert "never stop it or discharge" in flag.action and "disputes" in flag.action


def test_r17a_s4_the_calls_for_line_is_the_day_the_result_is_read(store, patient, screened):
    from iopkit.markup import flags_html
    from iopkit.report.patient import patient_summary_html

    page = patient_summary_html(store, patient, today=TODAY)
    assert "the day the result is read" in page and R17A_S4.replace("'", "&#x27;") in page
    (flag,) = _screen(["fentanyl"], ["opiates"]).flags
    line = flags_html([flag])
    # physician review R23c B1 and B2: critical now, and still "the day the result is read", never "review now"
    assert "before the patient leaves" not in line and flag.severity is Severity.CRITICAL
    assert "review now" not in line
    # Changed by physician review R18 (session 16), S3: its own kind of review, the day the result is read (it read
    # TODAY, whose review-level words said "before the patient leaves")
    assert medical_review_of(flag) is MedicalReview.SCREEN_READ


def test_r17a_m1_the_pages_say_expected_medication_beside_a_metabolite_or_a_brands_generic():
    """What the flag reads as expected, the screen's line and the screens table say so too (one rule)."""
    from iopkit.report.patient import screen_text
    from iopkit.widgets.screens import screens_html

    screen = _screen(["buprenorphine", "norbuprenorphine"], ["fentanyl"], expected=["Suboxone"])
    assert not screen.counts_as_positive
    assert "norbuprenorphine (expected medication)" in screens_html([screen])
    assert screen_text(screen).endswith("positive for buprenorphine, norbuprenorphine (expected medication)")
    assert _screen(["cocaine"], ["buprenorphine"], expected=["Suboxone"]).expected_missing == ("suboxone",)
    assert _screen(["heroin"], expected=["heroin"]).counts_as_positive  # never prescribed: counted too
