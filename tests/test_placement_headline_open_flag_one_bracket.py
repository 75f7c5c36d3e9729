"""An open suicide-risk flag of an older score named among the headline's reasons in one bracket: where it was found,
then the day its note names (lead engineer, session 22).

Before: "suicidal ideation (PHQ-9 of 30 Nov 2026, not resolved) (PHQ-9 item 9)", two brackets side by side, the
second read as a note on the first. Wanted: "suicidal ideation (PHQ-9 item 9 of 30 Nov 2026, not resolved)", as a
PHQ-9 item 9 of another day is already named ("suicidal ideation (PHQ-9 item 9 of 20 Nov 2026, not re-asked today)",
physician ruling R20b, S5); a C-SSRS high risk the same ("high suicide risk (C-SSRS screen of 30 Nov 2026, not
resolved)"). The open flag's "not resolved" stays (it is no score of another day "not re-asked today", which a PHQ-9
of the placement's day would belie: walk24 finding 6). Every expected text typed from the ruling.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

import iopkit
from iopkit.placement import recommend, suggest_dimensions

PLACED = dt.date(2026, 12, 2)
#: PHQ-9 items 1-8 at 1, item 9 at 1 ("several days"): the suicidal_ideation flag.
PHQ_I9POS = [1, 1, 1, 1, 1, 1, 1, 1, 1]
#: PHQ-9 of the placement's day, total 17, item 9 at 0: dimension 3's suggestion 2, no flag of its own.
PHQ_17_TODAY = [2, 2, 2, 2, 2, 2, 2, 3, 0]
#: C-SSRS screen: items 1, 2 and 4 yes (method and intent): high risk.
CSSRS_HIGH = ["yes", "yes", "no", "yes", "no", "no", None]
REST = {1: 0, 2: 0, 4: 1, 5: 1, 6: 1}


def _open(instrument, answers, code, note):
    flag = next(f for f in iopkit.score(instrument, answers).flags if f.code == code)
    return replace(flag, message=f"{flag.message} ({note})")


def _headline(flag, d3):
    suggested = suggest_dimensions([iopkit.score("phq9", PHQ_17_TODAY)], older_open_flags=[flag], today=PLACED)
    return recommend({**REST, 3: d3}, suggested=suggested).headline


@pytest.mark.parametrize("d3", [0, 1])
def test_an_open_phq9_item_9_is_named_with_its_day_in_one_bracket(d3):
    flag = _open("phq9", PHQ_I9POS, "suicidal_ideation", "PHQ-9 of 30 Nov 2026, not resolved")
    headline = _headline(flag, d3)
    assert headline == (
        "First: a same-day suicide risk assessment before the patient leaves (suicidal ideation (PHQ-9 item 9 of 30 "
        f"Nov 2026, not resolved): dimension 3 rated {d3}, below the 2 it calls for). Then, unless the assessment "
        "finds more: Level 1 (Outpatient), under 9 h/week of clinical services."
    ), headline
    assert ") (" not in headline


def test_an_open_c_ssrs_high_risk_is_named_with_its_day_in_one_bracket():
    flag = _open("cssrs_screen", CSSRS_HIGH, "suicide_risk_high", "C-SSRS screen of 30 Nov 2026, not resolved")
    headline = _headline(flag, 1)
    assert "(high suicide risk (C-SSRS screen of 30 Nov 2026, not resolved): dimension 3 rated 1, below the 2" in (
        headline
    ), headline
    assert "not resolved) (C-SSRS screen)" not in headline
