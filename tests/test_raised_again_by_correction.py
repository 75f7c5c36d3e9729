"""A safety flag never closed, withdrawn by a correction and raised again by a later one reads as a raised flag.

PHQ-9 item 9 above 0 ("several days" is 1) raises the suicidal-ideation flag, 0 ("not at all") none (Kroenke et al.
2001); it calls for a suicide risk assessment the same day (the Joint Commission's NPSG 15.01.01).  CIWA-Ar item 10
(orientation and clouding of sensorium) at 2, "disoriented for date by no more than 2 calendar days", is complicated
withdrawal, possible delirium (Sullivan et al. 1989; ASAM 2020 alcohol withdrawal guideline, Table 1), whose medical
review is due now.  A correction saved on a later day than the record's clinical day that raises a flag says the
patient may have left since: a suicide risk assessment's flag, contact the patient today; a medical review due now,
contact the patient now within 14 days of the record's day, today after that (iopkit's own rule, physician review).
While a correction had withdrawn the flag it was off the list: staff may have stopped acting on it, so the
correction that brings it back reads as one that raised it.  Every day and text below is typed by hand from those
sources and the days the test saves on.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from iopkit import score
from iopkit.episode import Episode
from iopkit.errors import StoreError
from iopkit.placement import FlagResolution
from iopkit.placement.resolution import AfterCorrection
from iopkit.report import programme_data, programme_report

from .conftest import clinic_time

D = dt.date
TAKEN = D(2026, 3, 2)  # every questionnaire's clinical day
OTHERS = [1, 1, 2, 1, 0, 1, 2, 1]  # PHQ-9 items 1-8
ITEM9_0, ITEM9_1 = [*OTHERS, 0], [*OTHERS, 1]
CIWA_ZEROS = [0] * 10
CIWA_DISORIENTED = [0, 0, 0, 0, 0, 0, 0, 0, 0, 2]  # item 10 at 2: disoriented for date by up to 2 days
PHQ9_MESSAGE = "Possible suicidal ideation (PHQ-9 item 9, thoughts of being better off dead or of self-harm)"
TODAY = (  # a suicide risk assessment's contact step
    "the patient may have left since: contact the patient today; if unreachable, follow the programme's outreach "
    "protocol"
)
NOW = "the patient may have left since: contact the patient now; welfare check if unreachable"  # a review due now
PHQ9_CALL = (
    "act on this flag as it calls for: 'Ask about suicidal thoughts today and complete a suicide risk assessment "
    "(e.g. C-SSRS) before the patient leaves'"
)
CIWA_NOW = (  # what a late CIWA-Ar flag calls for once the patient is reached: the signs now, the record's call then
    "ask about confusion, hallucinations, seizures, hospital visits and withdrawal now; see the patient in person "
    "today to re-score the CIWA-Ar and treat on the current score; emergency care if confused or hallucinating now, "
    "or after a seizure since that no doctor has seen (the record's call then: 'Medical review now: assess for "
    "alcohol withdrawal delirium and arrange medically managed (inpatient) withdrawal management; do not manage as "
    "ambulatory withdrawal')"
)


def _saved(store, clock, instrument, steps, who="IOP-R1"):
    """``steps`` (day saved, answers, by, reason) in order: the first the questionnaire of 2 Mar, each later one a
    correction of the current version.  Returns the patient and the store ids, in order."""
    pid = store.add_patient(who)
    ids: list = []
    for day, answers, by, reason in steps:
        clock.day = day
        more = {"amends": ids[-1], "reason": reason} if ids else {}
        ids.append(store.save(pid, score(instrument, answers), by=by, when=clinic_time(TAKEN, 12), **more))
    return pid, ids


def _phq9(store, clock, withdrawn=D(2026, 3, 6), again=D(2026, 3, 8), who="IOP-R1"):
    """Item 9 = 1 on 2 Mar (never closed), corrected to 0 on ``withdrawn``, back to 1 on ``again``."""
    steps = [(TAKEN, ITEM9_1, "KM", None), (withdrawn, ITEM9_0, "AB", "item 9 was 0")]
    return _saved(store, clock, "phq9", [*steps, (again, ITEM9_1, "CD", "item 9 was 1 after all")], who)


def _close(store, clock, pid, record, on, instrument="phq9", code="suicidal_ideation", level="low"):
    clock.day = on
    done = FlagResolution(code, instrument, 0, "C-SSRS full assessment; safety plan", "KM", on, str(record), level)
    store.save(pid, done, by="KM", when=on)


def _open(store, pid, day):
    return Episode.from_store(store, pid, as_of=day).open_flags


def test_phq9_item_9_never_closed_withdrawn_then_raised_again_days_later_says_so_with_the_contact_step(store, clock):
    pid, (_, _, back) = _phq9(store, clock)
    (flag,) = _open(store, pid, D(2026, 3, 8))
    assert (flag.flag.code, flag.after_correction) == ("suicidal_ideation", AfterCorrection.RAISED_AGAIN)
    assert flag.reopened == (
        f"Raised again by a correction entered on 08 Mar 2026 of the PHQ-9 of 02 Mar 2026 (record {back}, by CD; "
        "reason 'item 9 was 1 after all'), withdrawn by a correction entered on 06 Mar 2026 and never closed: "
        f"{TODAY}; when reached: {PHQ9_CALL}"
    )
    assert flag.own_record_only  # closed on the corrected record only, as a raised flag is


def test_the_flag_raised_again_is_closed_on_the_corrected_record_dated_on_or_after_the_correction(store, clock):
    pid, (_, _, back) = _phq9(store, clock)
    with pytest.raises(StoreError, match="raised again by a correction saved by CD on 08 Mar 2026"):
        _close(store, clock, pid, back, D(2026, 3, 7))
    _close(store, clock, pid, back, D(2026, 3, 9))
    assert _open(store, pid, D(2026, 3, 9)) == ()


@pytest.mark.parametrize(
    ("again", "step"),
    [
        (D(2026, 3, 5), NOW),  # 3 days after the record's 2 Mar
        (D(2026, 3, 16), NOW),  # 14 days after: still within
        (
            D(2026, 3, 17),  # 15 days after: the withdrawal has run its course one way or another
            "a correction entered 15 days after the record: contact the patient today; if unreachable, follow the "
            "programme's outreach protocol",
        ),
    ],
    ids=["3 days", "14 days", "15 days"],
)
def test_ciwa_ar_item_10_at_2_raised_again_says_to_contact_the_patient_now_within_14_days(store, clock, again, step):
    steps = [(TAKEN, CIWA_DISORIENTED, "KM", None), (D(2026, 3, 4), CIWA_ZEROS, "AB", "item 10 was 0")]
    pid, (_, _, back) = _saved(store, clock, "ciwa_ar", [*steps, (again, CIWA_DISORIENTED, "CD", "item 10 was 2")])
    (flag,) = _open(store, pid, again)
    assert (flag.flag.code, flag.after_correction) == ("complicated_withdrawal", AfterCorrection.RAISED_AGAIN)
    assert flag.reopened == (
        f"Raised again by a correction entered on {again:%d %b %Y} of the CIWA-Ar of 02 Mar 2026 (record {back}, by "
        f"CD; reason 'item 10 was 2'), withdrawn by a correction entered on 04 Mar 2026 and never closed: {step}; "
        f"when reached: {CIWA_NOW}"
    )


def test_a_flag_withdrawn_and_raised_again_on_the_records_own_day_adds_no_step(store, clock):
    pid, _ = _phq9(store, clock, withdrawn=TAKEN, again=TAKEN)
    (flag,) = _open(store, pid, TAKEN)
    assert (flag.flag.code, flag.reopened, flag.after_correction) == ("suicidal_ideation", "", None)


def test_a_flag_closed_before_it_was_withdrawn_reads_as_before(store, clock):
    # closed at low on 2 Mar; withdrawn 6 Mar; raised again at the same finding 8 Mar: the closing still answers it
    pid = store.add_patient("IOP-R2")
    clock.day = TAKEN
    first = store.save(pid, score("phq9", ITEM9_1), by="KM", when=clinic_time(TAKEN, 12))
    _close(store, clock, pid, first, TAKEN)
    clock.day = D(2026, 3, 6)
    gone = store.save(pid, score("phq9", ITEM9_0), by="AB", when=clinic_time(TAKEN, 12), amends=first, reason="0")
    clock.day = D(2026, 3, 8)
    store.save(pid, score("phq9", ITEM9_1), by="CD", when=clinic_time(TAKEN, 12), amends=gone, reason="1")
    assert _open(store, pid, D(2026, 3, 8)) == ()


def test_a_later_records_closing_before_the_flag_came_back_still_answers_it(store, clock):
    # a PHQ-9 of 4 Mar, item 9 = 1, closed that day, answers the 2 Mar alert (item 9 = 1 too) as it did before
    pid, (_, gone, _) = _phq9(store, clock, who="IOP-R3")
    clock.day = D(2026, 3, 4)
    later = store.save(pid, score("phq9", ITEM9_1), by="KM", when=clinic_time(D(2026, 3, 4), 12))
    _close(store, clock, pid, later, D(2026, 3, 4))
    assert _open(store, pid, D(2026, 3, 8)) == ()


def test_a_later_records_closing_saved_after_the_flag_came_back_leaves_it_open(store, clock):
    # as a raised flag: closed on its own record, a clinician closing a later PHQ-9 not shown the 2 Mar answers
    pid, (_, _, back) = _phq9(store, clock)
    clock.day = D(2026, 3, 9)
    later = store.save(pid, score("phq9", ITEM9_1), by="KM", when=clinic_time(D(2026, 3, 9), 12))
    _close(store, clock, pid, later, D(2026, 3, 9))
    (flag,) = _open(store, pid, D(2026, 3, 9))
    assert (flag.record_id, flag.after_correction) == (back, AfterCorrection.RAISED_AGAIN)


def _worklist(store, end):
    return programme_report(programme_data(store), "2026-03-01", end).late_flags


def test_the_flag_raised_again_is_on_the_worklist_from_the_day_it_came_back_until_closed(store, clock):
    pid, (_, _, back) = _phq9(store, clock)
    for end in ("2026-03-05", "2026-03-07"):  # open but never late-corrected, then withdrawn: not listed
        assert _worklist(store, end).empty
    late = _worklist(store, "2026-03-09")
    columns = ["patient", "flag", "earlier_flag", "record_day", "corrected_on", "days_late", "days_open", "reason"]
    assert late[columns].values.tolist() == [
        [
            "IOP-R1",
            PHQ9_MESSAGE,
            "",
            pd.Timestamp("2026-03-02"),
            pd.Timestamp("2026-03-08"),
            6,
            1,
            "item 9 was 1 after all",
        ]
    ]
    assert late[["step", "corrected_by"]].values.tolist() == [[f"{TODAY}; when reached: {PHQ9_CALL}", "CD"]]
    _close(store, clock, pid, back, D(2026, 3, 10))
    assert not _worklist(store, "2026-03-09").empty  # closed on 10 Mar: still open on 9 Mar
    assert _worklist(store, "2026-03-10").empty


def test_the_chart_and_the_worklist_agree_on_each_day(store, clock):
    # the chart as the store held it each day (read right after that day's saves), the report ending that day
    pid, ids, chart = store.add_patient("IOP-R4"), [], {}
    saves = {2: (ITEM9_1, "KM", None), 6: (ITEM9_0, "AB", "item 9 was 0"), 8: (ITEM9_1, "CD", "1 after all")}
    for day in (D(2026, 3, d) for d in range(2, 11)):
        clock.day = day
        if day.day in saves:
            answers, by, reason = saves[day.day]
            more = {"amends": ids[-1], "reason": reason} if ids else {}
            ids.append(store.save(pid, score("phq9", answers), by=by, when=clinic_time(TAKEN, 12), **more))
        chart[day] = [f.flag.code for f in _open(store, pid, day)]
    data = programme_data(store, as_of=D(2026, 3, 31))
    got = [
        (day.day, codes, not programme_report(data, "2026-03-01", day).late_flags.empty) for day, codes in chart.items()
    ]
    open_, listed = ["suicidal_ideation"], True
    expected = [(d, open_, False) for d in (2, 3, 4, 5)] + [(d, [], False) for d in (6, 7)]
    assert got == expected + [(d, open_, listed) for d in (8, 9, 10)]
