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
    "medical_review": "prescriber's or nurse's review today",
    "level_review": "review of the level of care",
    "counselling": "counselling or brief intervention at this visit",
    "complete_form": "give the full instrument",
    "note": "for the record",
}
#: Where a critical flag's call differs (iopkit.markup.CRITICAL_CALLS_FOR_TEXT): a prescriber, now.
CRITICAL_CALLS_FOR_WORDS = {"medical_review": "prescriber's (medical) review now"}
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
    if str(rule.severity) == "critical":
        words = CRITICAL_CALLS_FOR_WORDS.get(str(rule.calls_for), words)
    assert ROWS.get((instrument, rule.code)) == (str(rule.severity), words)


def test_readme_flag_table_lists_no_flag_that_does_not_exist():
    exists = {(code, r.code) for code, inst in CATALOGUE.items() for r in inst.flags}
    assert set(ROWS) <= exists
