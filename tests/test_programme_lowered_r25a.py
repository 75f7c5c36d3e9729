"""Physician review R25a, item 5: a C-SSRS screen entered as high risk and corrected (amended) to moderate or low risk
keeps the danger sign's day: the corrected record's critical flag counts as raised on the record's clinical date, not
as a flag raised late by the correction. The decision: a correction changes the level, not when the danger sign was
known. A flag a correction raised for the first time where no higher finding stood (PHQ-9 item 9 corrected from 0 to
1, entered days later) is still raised by the late correction.

Cases (typed by hand): a C-SSRS screen of Monday 2 Mar 2026, Q4 (intent) yes (high risk), never closed; corrected on
Thursday 5 Mar 2026 (3 days later) to Q3 (method) yes (moderate risk), or to Q1-2 yes only (low risk). Before R25a the
report counted the moderate (low) flag raised on 5 Mar, 1 raised by a late correction, 3 days late.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from iopkit import score
from iopkit.placement import Placement, recommend
from iopkit.report import programme_data, programme_report
from iopkit.report.tables import DEFINITIONS

from .conftest import clinic_time

D = dt.date
TAKEN = D(2026, 3, 2)
CORRECTED = D(2026, 3, 5)
HIGH = ["yes", "yes", "no", "yes", "no", "no", None]  # Q4 (intent) yes: high risk
MODERATE = ["yes", "yes", "yes", "no", "no", "no", None]  # Q3 (method) yes: moderate risk
LOW = ["yes", "yes", "no", "no", "no", "no", None]  # Q1-2 yes only: low risk


def _corrected(store, clock, first, then, instrument="cssrs_screen"):
    pid = store.add_patient("IOP-R25A")
    clock.day = D(2026, 3, 1)
    store.save(pid, Placement(recommend({1: 0, 2: 0, 3: 1, 4: 1, 5: 2, 6: 1})), by="KM", when=D(2026, 3, 1))
    clock.day = TAKEN
    original = store.save(pid, score(instrument, first), by="KM", when=clinic_time(TAKEN, 12))
    clock.day = CORRECTED
    store.save(pid, score(instrument, then), by="AB", when=clinic_time(TAKEN, 12), amends=original, reason="mis-keyed")
    return pid


def _row(store):
    report = programme_report(programme_data(store, as_of=D(2026, 3, 31)), "2026-03-01", "2026-03-31")
    return report.tables["safety_flags"].query("level == 'all'").iloc[0]


@pytest.mark.parametrize(("then", "code"), [(MODERATE, "suicide_risk_moderate"), (LOW, "suicide_risk_low")])
def test_a_cssrs_high_corrected_lower_keeps_the_screens_day(store, clock, then, code):
    _corrected(store, clock, HIGH, then)
    flags = programme_data(store, as_of=D(2026, 3, 31)).flags.set_index("code")
    # the high flag withdrawn by the correction on 5 Mar; the lower one raised on the screen's day, 2 Mar, not by it
    assert flags.loc["suicide_risk_high", ["date", "withdrawn"]].tolist() == [
        pd.Timestamp(TAKEN),
        pd.Timestamp(CORRECTED),
    ]
    assert flags.loc[code, "date"] == pd.Timestamp(TAKEN)
    assert pd.isna(flags.loc[code, "raised_by_correction"])  # was 5 Mar 2026 before R25a
    row = _row(store)
    assert (row["flags_raised"], row["raised_by_late_correction"]) == (2, 0)  # was (2, 1), 3 days late


def test_item_9_raised_by_a_late_correction_from_0_is_still_late(store, clock):
    # PHQ-9 item 9 at 0 on 2 Mar, corrected to 1 on 5 Mar: no danger sign stood before the correction
    _corrected(store, clock, [1, 1, 1, 1, 1, 1, 1, 1, 0], [1, 1, 1, 1, 1, 1, 1, 1, 1], "phq9")
    flags = programme_data(store, as_of=D(2026, 3, 31)).flags
    assert flags[["code", "raised_by_correction"]].values.tolist() == [["suicidal_ideation", pd.Timestamp(CORRECTED)]]
    row = _row(store)
    assert (row["flags_raised"], row["raised_by_late_correction"]) == (1, 1)


def test_the_help_says_a_lowered_flag_counts_from_the_questionnaires_date():
    said = DEFINITIONS["safety_flags"]
    assert "whose own critical flag then counts as raised by the correction" not in said  # 10ec2a1's words
    assert (
        "C-SSRS high corrected to moderate or low risk, whose own critical flag counts from the questionnaire's date: "
        "a correction that lowers the level changes the level, not when the danger sign was known"
    ) in said
