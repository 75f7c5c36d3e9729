"""Physician review R18 (session 16), /work/reviews/r18.md, should-fixes S3 and S10: a drug screen's result and the
continued-stay review, and what counts as an opioid on a screen.

S3: a drug screen is read days after collection, usually with the patient gone, so a continued-stay review with an open
opioid-positive drug-screen flag must not head "a prescriber's or nurse's review today, before the patient leaves".
For a medical review due from a drug-screen flag the reviewer's words are typed below (``S3_FIRST``, ``S3_BOX``); a
flag raised at a visit (a sign of physical dependence) keeps "before the patient leaves". Basis: ASAM 2017 drug
testing; SAMHSA Overdose Toolkit 2018.

S10: mitragynine/kratom and 7-hydroxymitragynine count as opioids for the opioid-positive flag (FDA statement on
kratom, 6 February 2018: its compounds are opioids), and the 3.1-3.5 interim-care warning offers naloxone "if the
patient uses opioids".

The oracle is the reviewer's written words and the FDA statement's facts, typed here, never read from iopkit.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest

import iopkit
from iopkit import score
from iopkit.dose import DosePlan, against_placement
from iopkit.episode import Episode
from iopkit.flags import CallsFor, Flag, MedicalReview, medical_review_of
from iopkit.markup import flags_html
from iopkit.placement import EpisodeHistory, FlagResolution, LevelOfCare, Placement, recommend, review
from iopkit.records import DrugScreen
from iopkit.sources import resolve

from .test_review_safety import REMITTED, STEP_DOWN_READY

#: R18-S3, the reviewer's words for the review's first step, typed.
S3_FIRST = (
    "a prescriber's or nurse's review the day the result is read: at this visit if the patient is here, otherwise "
    "reach the patient today (phone) to offer naloxone and arrange the review (unresolved drug-screen flag: opioid "
    "overdose risk)"
)
#: R18-S3, the reviewer's words for its box, typed.
S3_BOX = "Arrange it and record what was done; no step-down until then"
#: The words R18-S3 keeps for a flag raised at a visit, typed from the review (its quotation of the headline).
VISIT_FIRST = (
    "a prescriber's or nurse's review today, before the patient leaves (unresolved withdrawal or medical flag)"
)
LEAVES = "before the patient leaves"
#: R17a-S4's "calls for" line of the screen's flag (the reviewer's words, typed in tests/test_drug_screen_flags.py too).
SCREEN_CALLS_FOR = (
    "Calls for a prescriber's or nurse's review the day the result is read: at this visit if the patient is here, "
    "otherwise reach the patient today (phone) to offer naloxone and arrange the review."
)

COLLECTED = dt.date(2026, 11, 26)
PLACED = dt.date(2026, 11, 19)
TODAY = dt.date(2026, 12, 3)
IOP = "Continue at Level 2.1 (Intensive outpatient)"
# AUDIT item 6 (morning drink) at 1: a sign of physical dependence, raised at a visit (Babor et al. 2001)
AUDIT_ITEM6 = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0]
# physician review R23c B3, B4 (its words): the overdose risk has a box of its own, with its own next step and the
# headline's own step, named with its finding; the hold is its own ("unresolved opioid overdose risk ...")
R23C_FIRST = (
    "naloxone, overdose education and a prescriber's or nurse's review the day the result is read: at this visit if "
    "the patient is here, otherwise reach the patient today (phone) (unresolved opioid overdose risk: fentanyl, 26 Nov)"
)
R23C_BOX = (
    "Offer naloxone and overdose education at this visit if the patient is here, otherwise reach the patient today "
    "(phone); ask about use and route; review the treatment plan, including medication for opioid use disorder (start "
    "or adjust it; never stop it or discharge the patient for a positive result); record what was done; no step-down "
    "until then"
)


def _screen(positive, negative=("opiates",), expected=(), day=COLLECTED):
    return DrugScreen(day, "urine 12-panel", positive=positive, negative=negative, expected=expected)


def _due(flags, code="medical_review_due"):
    (due,) = (f for f in flags if f.code == code)
    return due


@pytest.fixture
def screened(store, patient):
    """A placed IOP patient with a fentanyl-positive urine screen collected a week before the review, as the walk's
    tester saved one (tests/test_drug_screen_flags.py)."""
    store.save(patient, score("phq9", [0] * 9), by="KM", when=PLACED)
    store.save(patient, Placement(recommend({1: 0, 2: 0, 3: 1, 4: 1, 5: 2, 6: 1})), by="KM", when=PLACED)
    return store.save(patient, _screen(["fentanyl", "cocaine"]), by="KM", when=COLLECTED)


# --- S3 through the store -------------------------------------------------------------------------------------------
def test_s3_through_the_store_the_review_heads_the_day_the_result_is_read(store, patient, screened):
    r = Episode.from_store(store, patient, as_of=TODAY).review
    # physician review R23c B3, B4: its own box and step (it was S3_FIRST in the withdrawal or medical box), critical
    assert r.headline == f"First: {R23C_FIRST}. Then: continue at Level 2.1 (Intensive outpatient)"
    assert LEAVES not in r.headline
    due = _due(r.flags, "overdose_risk_due")
    assert due.action == R23C_BOX and str(due.severity) == "critical"
    assert not any(f.code == "medical_review_due" for f in r.flags)
    assert str(r.decision) == "continue"
    assert any(x.code == "unresolved_overdose_risk" and "fentanyl" in x.finding for x in r.reasons)


def test_s3_the_review_box_and_the_pages_never_say_before_the_patient_leaves_for_it(store, patient, screened):
    from iopkit.report.patient import patient_summary_html
    from iopkit.widgets import progress_app

    episode = Episode.from_store(store, patient, as_of=TODAY)
    box = html.unescape(flags_html(episode.review_flags))
    # physician review R23c B3: the overdose box's own next step (it was S3_BOX)
    assert f"Next step: {R23C_BOX}" in box and SCREEN_CALLS_FOR in box and LEAVES not in box
    summary = html.unescape(patient_summary_html(store, patient, today=TODAY))
    assert R23C_FIRST in summary and LEAVES not in summary
    page = progress_app(store)
    page.start()
    page.picker.select(patient)
    page.picker.clinician.value = "KM"
    shown = html.unescape(page.review_view.value)
    assert R23C_BOX in shown and "the day the result is read" in shown and LEAVES not in shown


def test_s3_closed_by_a_flag_resolution_the_review_no_longer_leads_with_it(store, patient, screened):
    (open_,) = Episode.from_store(store, patient, as_of=TODAY).open_flags
    done = FlagResolution(
        open_.flag.code,
        open_.instrument,
        open_.week,
        "phoned the patient: naloxone kit posted, review booked for Friday",
        "KM",
        TODAY,
        record=str(open_.record_id),
    )
    store.save(patient, done, by="KM", when=TODAY)
    r = Episode.from_store(store, patient, as_of=TODAY).review
    assert r.headline == IOP and not any(f.code == "medical_review_due" for f in r.flags)


# --- S3: the hold, and the typed route ------------------------------------------------------------------------------
def test_s3_an_open_screen_flag_holds_a_step_down_as_the_box_says():
    (flag,) = _screen(["fentanyl"]).flags
    assert str(review(EpisodeHistory(LevelOfCare.IOP, scores=REMITTED, **STEP_DOWN_READY)).decision) == "step_down"
    held = review(EpisodeHistory(LevelOfCare.IOP, scores=REMITTED, screen_flags=((1, flag),), **STEP_DOWN_READY))
    # physician review R23c B3, B4: its own step and hold reason, in the reviewer's words
    assert str(held.decision) == "continue" and held.headline.startswith(f"First: {R23C_FIRST}. Then:")
    (hold,) = (x for x in held.reasons if x.code == "unresolved_overdose_risk")
    assert hold.finding == (
        "unresolved opioid overdose risk in this episode: drug screen of 26 Nov 2026 positive for fentanyl (not an "
        "expected medication); a step-down waits until it is resolved"
    )


def test_s3_a_flag_raised_at_a_visit_keeps_before_the_patient_leaves():
    audit = iopkit.score("audit", AUDIT_ITEM6)
    r = review(EpisodeHistory(LevelOfCare.IOP, scores=(*REMITTED, (6, audit)), **STEP_DOWN_READY))
    assert r.headline == f"First: {VISIT_FIRST}. Then: {IOP[0].lower()}{IOP[1:]}"
    assert "the day the result is read" not in r.headline


def test_s3_beside_a_visits_flag_both_are_said_the_visits_before_the_patient_leaves_kept():
    """Not ruled in words by R18: each flag's own first step, in the reviewer's words, neither dropped."""
    (flag,) = _screen(["fentanyl"]).flags
    audit = iopkit.score("audit", AUDIT_ITEM6)
    r = review(
        EpisodeHistory(LevelOfCare.IOP, scores=(*REMITTED, (6, audit)), screen_flags=((1, flag),), **STEP_DOWN_READY)
    )
    # physician review R23c B4: the overdose step first (A6's order), each in its own words (R19 N5's joined box
    # overruled by R23c B3: the withdrawal box no longer speaks for the screen)
    assert r.headline.startswith(f"First: {R23C_FIRST}; and {VISIT_FIRST}. Then:")
    assert _due(r.flags).action == (
        "Arrange a prescriber's or nurse's review today, before the patient leaves, and record what was done; no "
        "step-down until then"
    )
    assert _due(r.flags, "overdose_risk_due").action == R23C_BOX


def test_s3_routed_by_the_flags_typed_review_not_its_words():
    """The same message and code with a visit's review reads as a visit's; another code due the day a screen is read
    reads as a screen's: the route is the flag's MedicalReview, never its text."""
    (flag,) = _screen(["fentanyl"]).flags
    assert flag.medical_review is MedicalReview.SCREEN_READ and medical_review_of(flag) is MedicalReview.SCREEN_READ
    medical = CallsFor.MEDICAL_REVIEW
    visit = Flag(flag.code, flag.message, "warning", flag.action, flag.source, medical, medical_review="today")
    other = Flag("some_result", "a result", "warning", "x", "iopkit", medical, medical_review="screen_read")

    def first(f):
        return review(EpisodeHistory(LevelOfCare.IOP, screen_flags=((1, f),), **STEP_DOWN_READY)).headline

    assert first(visit).startswith(f"First: {VISIT_FIRST}. Then:")
    assert first(other).startswith(f"First: {S3_FIRST}. Then:")
    assert LEAVES not in html.unescape(flags_html([flag])) and SCREEN_CALLS_FOR in html.unescape(flags_html([other]))


def test_s3_the_screen_flags_must_be_week_and_flag_pairs():
    from iopkit.errors import PlacementInputError

    (flag,) = _screen(["fentanyl"]).flags
    for bad in ((flag,), (("1", flag),), ((1, "flag"),), ((True, flag),)):
        with pytest.raises(PlacementInputError):
            EpisodeHistory(LevelOfCare.IOP, 0.9, screen_flags=bad)


# --- S10: kratom ----------------------------------------------------------------------------------------------------
#: The FDA statement of 6 February 2018: kratom's compounds, mitragynine and 7-hydroxymitragynine, are opioids.
KRATOM_NAMES = ["mitragynine", "7-hydroxymitragynine", "Kratom", "Mitragynine (kratom)"]


@pytest.mark.parametrize("positive", KRATOM_NAMES)
def test_s10_kratom_and_its_compounds_raise_the_opioid_positive_flag(positive):
    (flag,) = _screen([positive], negative=("opiates", "fentanyl")).flags
    assert flag.code == "opioid_positive" and positive.lower() in flag.message
    titles = " ".join(s.full() for s in resolve(flag.source))
    assert "presence of opioid compounds in kratom" in titles and "6 February 2018" in titles


@pytest.mark.parametrize("positive", KRATOM_NAMES)
def test_s10_kratom_listed_as_expected_still_flags(positive):
    """No approved medical use: never an expected medication (as heroin)."""
    assert [f.code for f in _screen([positive], expected=[positive]).flags] == ["opioid_positive"]


def test_s10_the_fda_source_only_where_kratom_is_found():
    (flag,) = _screen(["fentanyl"]).flags
    assert "kratom" not in " ".join(s.full() for s in resolve(flag.source)).lower()
    assert _screen(["cannabis"]).flags == ()


def test_s10_the_interim_care_warning_offers_naloxone_if_the_patient_uses_opioids():
    plan = DosePlan(9, 12, sessions_per_week=3)
    for level in (LevelOfCare.RESIDENTIAL_LOW, LevelOfCare.RESIDENTIAL_HIGH):
        action = against_placement(plan, level).action
        assert "offer naloxone if the patient uses opioids" in action
        assert "offer naloxone and" not in action
