"""walk24 finding 10: the chart header said for a PHQ-9 item 9 flag "complete a suicide risk assessment (e.g. C-SSRS)
before the patient leaves": a placeholder example shown as if it were data. It says what is true of the chart: the
emergency evaluation of an open C-SSRS high risk covers the assessment; after a C-SSRS screen the screen asked and the
assessment by a qualified clinician is still to do; otherwise nothing in its place.

Words typed from the walk's ruling and the review's (flags.EVALUATION_COVERS: "the emergency evaluation for suicide
risk covers this"; flags.SCREEN_NOT_THE_ASSESSMENT: "the C-SSRS screen asked about suicidal thoughts: it is a screen,
not the assessment"). C-SSRS screener answers (Posner et al. 2011): question 1 yes, 2 no, 6 no = low risk; 1-4 yes =
high risk (intent).
"""

from __future__ import annotations

import datetime as dt
import re

from iopkit import score
from iopkit.episode import Episode
from iopkit.widgets.page import chart_header_html

DAY = dt.date(2026, 11, 30)
PHQ9_ITEM9 = [1, 1, 1, 1, 1, 1, 1, 1, 2]
LOW = ["yes", "no", None, None, None, "no", None]
HIGH = ["yes", "yes", "yes", "yes", "no", "no", None]


def _phq9_step(store, patient) -> str:
    text = re.sub(r"<[^>]+>", "\n", chart_header_html(Episode.from_store(store, patient, as_of=DAY)))
    (line,) = [x for x in text.splitlines() if x.startswith("Possible suicidal ideation")]
    return line.split("(PHQ-9, 30 Nov): ", 1)[1]


def test_without_a_screen_no_example_is_shown(store, patient):
    store.save(patient, score("phq9", PHQ9_ITEM9), by="KM", when=DAY)
    assert _phq9_step(store, patient) == (
        "Ask about suicidal thoughts today and complete a suicide risk assessment before the patient leaves"
    )


def test_after_a_c_ssrs_screen_the_assessment_is_still_to_do(store, patient):
    store.save(patient, score("phq9", PHQ9_ITEM9), by="KM", when=DAY)
    store.save(patient, score("cssrs_screen", LOW), by="KM", when=DAY)
    assert _phq9_step(store, patient) == (
        "Complete a suicide risk assessment by a qualified clinician before the patient leaves (the C-SSRS screen "
        "asked about suicidal thoughts: it is a screen, not the assessment)"
    )


def test_beside_an_open_c_ssrs_high_risk_its_emergency_evaluation_covers_it(store, patient):
    store.save(patient, score("phq9", PHQ9_ITEM9), by="KM", when=DAY)
    store.save(patient, score("cssrs_screen", HIGH), by="KM", when=DAY)
    assert _phq9_step(store, patient) == (
        "The emergency evaluation for suicide risk covers this (C-SSRS screen, 30 Nov): tell the evaluator of this "
        "finding"
    )
    header = chart_header_html(Episode.from_store(store, patient, as_of=DAY))
    assert "e.g." not in header
