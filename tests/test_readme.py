"""README stays true: its safety-flag table lists every flag of every instrument, with its severity and
what it calls for, as the definitions say."""

from __future__ import annotations

import re

import pytest

from iopkit.instruments import CATALOGUE

from .conftest import ROOT

CALLS_FOR_WORDS = {
    "emergency_evaluation": "safety precautions and immediate emergency evaluation",
    "risk_assessment": "same-day suicide risk assessment",
    "medical_review": "prescriber's or nurse's review today, before the patient leaves",
    "level_review": "review of the level of care",
    "counselling": "counselling or brief intervention at this visit",
    "complete_form": "give the full instrument",
    "note": "for the record",
}
#: A medical review as soon and by whom as the flag's next step says (iopkit.markup.MEDICAL_REVIEW_TEXT, physician
#: review): a critical flag or inattention, a prescriber, now; withdrawal to treat, a prescriber before the patient
#: leaves; any other, the day's review (above).
MEDICAL_REVIEW_WORDS = {
    "now": "prescriber's (medical) review now",
    "prescriber": (
        "prescriber's review (or a nurse under the prescriber's withdrawal protocol) before the patient leaves"
    ),
}
ROWS = {
    (m[0], m[1]): (m[2], m[3])
    for m in re.findall(r"^\| (\w+) \| `(\w+)` \| (\w+) \| .* \| ([^|]+) \|$", (ROOT / "README.md").read_text(), re.M)
}


@pytest.mark.parametrize(
    "instrument,rule",
    [(code, r) for code, inst in CATALOGUE.items() for r in inst.flags],
    ids=lambda v: getattr(v, "code", v),
)
def test_readme_flag_table_lists_every_flag_with_its_severity_and_what_it_calls_for(instrument, rule):
    words = CALLS_FOR_WORDS[str(rule.calls_for)]
    if str(rule.calls_for) == "medical_review":
        review = "now" if str(rule.severity) == "critical" else str(rule.medical_review or "today")
        words = MEDICAL_REVIEW_WORDS.get(review, words)
    assert ROWS.get((instrument, rule.code)) == (str(rule.severity), words)


def test_readme_flag_table_lists_no_flag_that_does_not_exist():
    exists = {(code, r.code) for code, inst in CATALOGUE.items() for r in inst.flags}
    assert set(ROWS) <= exists
