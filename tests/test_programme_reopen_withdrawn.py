"""A safety flag reopened, withdrawn and raised again by corrections: the report reads it as the chart did each day.

PHQ-9 item 9 above 0 ("several days" is 1, "nearly every day" 3) raises the suicidal-ideation flag, 0 ("not at all")
raises none (Kroenke et al. 2001); a suicide risk assessment recording the overall level of risk closes it (the Joint
Commission's NPSG 15.01.01).  A correction of item 9 from 1 to 3 reopens the closed flag, one to 0 withdraws it, a
later one above 0 raises it again.  Each questionnaire below is of 2 Mar 2026; each correction is saved on a later
clinic day (a late correction).  For every day, the chart as the store held it that day (read right after that day's
saves), the programme report ending that day (where the flag stood on its last day) and the worklist of flags a late
correction left open say the same.  Every day and count is typed by hand from the days the test saves on.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from iopkit import score
from iopkit.episode import Episode
from iopkit.placement import FlagResolution, Placement, recommend
from iopkit.report import programme_data, programme_report

from .conftest import clinic_time

D = dt.date
OTHERS = [1, 1, 2, 1, 0, 1, 2, 1]  # PHQ-9 items 1-8
TAKEN = D(2026, 3, 2)  # every questionnaire's clinical day
LEVEL_2_1 = {1: 0, 2: 0, 3: 1, 4: 1, 5: 2, 6: 1}  # ASAM dimension ratings placing at Level 2.1: a stay from 1 Mar
DAYS = [D(2026, 3, d) for d in range(2, 14)]  # the reports ending 2 Mar ... 13 Mar
OPEN = ("open", "open again")
ROW = ["resolved", "raised_by_correction", "reopened", "reclosed", "withdrawn", "raised_again"]


def placed_at_2_1(store, clock) -> int:
    """A patient placed at Level 2.1 on 1 Mar 2026 (the stay the flag's days fall in)."""
    pid = store.add_patient("IOP-W")
    clock.day = D(2026, 3, 1)
    store.save(pid, Placement(recommend(LEVEL_2_1)), by="KM", when=D(2026, 3, 1))
    return pid


def save_step(store, clock, pid, current, day, what, value):
    """Save one step on ``day``: ``taken`` the questionnaire, ``fixed`` a correction of its current version
    (``current``), ``closed`` a risk assessment closing the flag on it; returns the questionnaire's current version."""
    clock.day = day
    if what == "taken":
        return store.save(pid, score("phq9", [*OTHERS, value]), by="KM", when=clinic_time(TAKEN, 12))
    if what == "fixed":
        return store.save(
            pid, score("phq9", [*OTHERS, value]), by="AB", when=clinic_time(TAKEN, 12), amends=current, reason="x"
        )
    action = "C-SSRS full assessment; safety plan"
    done = FlagResolution("suicidal_ideation", "phq9", 0, action, "KM, LCSW", day, str(current), value)
    store.save(pid, done, by="KM", when=day)
    return current


def _saved(store, clock, steps):
    """Save ``steps`` (day, what, item 9 or the closing's level) in order: ``taken`` the questionnaire, ``fixed`` a
    correction of its current version, ``closed`` a risk assessment closing the flag on the current version.  Returns
    the patient and, for each day from 2 Mar to 13 Mar, whether the chart as the store held it that day showed the
    flag open."""
    pid = placed_at_2_1(store, clock)
    current, chart = None, {}
    until = [day for day, _, _ in steps[1:]] + [DAYS[-1] + dt.timedelta(days=1)]
    for (day, what, value), end in zip(steps, until):
        current = save_step(store, clock, pid, current, day, what, value)
        while day < end:  # the chart of each day until the next save, as the store held it
            chart[day] = [f.flag.code for f in Episode.from_store(store, pid, as_of=day).open_flags] == [
                "suicidal_ideation"
            ]
            day += dt.timedelta(days=1)
    return pid, chart


def _state(report) -> str:
    """Where the flag stood on the report's last day, from its safety table (``none``: no flag followed)."""
    table = report.tables["safety_flags"]
    if table.empty:
        return "none"
    row = table.query("level == 'all'").iloc[0]
    ends = {"closed": "closed_at_end", "open": "open_never_closed_at_end", "open again": "open_again_at_end"}
    states = [state for state, column in ends.items() if row[column] == 1]
    return states[0] if states else "withdrawn"


def _each_day(store, clock, steps):
    """For each report ending 2 Mar ... 13 Mar: (day, the report's state, the chart open, on the worklist)."""
    _, chart = _saved(store, clock, steps)
    data = programme_data(store, as_of=D(2026, 3, 31))
    got = []
    for day in DAYS:
        report = programme_report(data, "2026-03-01", day)
        got.append((day, _state(report), chart[day], not report.late_flags.empty))
    return data, got


def _expected(states: dict) -> list:
    """The states typed by hand, by day; the chart and the worklist show the flag open on the days it is open."""
    by_day = {day: state for days, state in states.items() for day in days}
    return [(day, by_day[day], by_day[day] in OPEN, by_day[day] in OPEN) for day in DAYS]


def _row(data) -> list:
    return [None if pd.isna(v) else v.date() for v in data.flags[ROW].iloc[0].tolist()]


def _march(d: int) -> dt.date:
    return D(2026, 3, d)


def _days(first: int, last: int) -> tuple:
    return tuple(_march(d) for d in range(first, last + 1))


CLOSED_REOPENED = [(_march(2), "taken", 1), (_march(2), "closed", "low"), (_march(4), "fixed", 3)]
WITHDRAWN_RAISED_AGAIN = [(_march(6), "fixed", 0), (_march(8), "fixed", 3)]


@pytest.mark.parametrize("closed_on", [_march(10), None], ids=["closed-10-mar", "never-closed-again"])
def test_a_flag_open_again_when_withdrawn_is_open_again_from_its_first_reopening(store, clock, closed_on):
    # item 9 = 1 on 2 Mar, closed at low risk that day; corrected to 3 on 4 Mar (reopened), to 0 on 6 Mar (withdrawn),
    # to 3 on 8 Mar (raised again, the 2 Mar assessment of item 9 = 1 answering no 3), closed at moderate on 10 Mar
    closing = [(closed_on, "closed", "moderate")] if closed_on else []
    data, got = _each_day(store, clock, CLOSED_REOPENED + WITHDRAWN_RAISED_AGAIN + closing)
    again = _days(8, 9) if closed_on else _days(8, 13)
    after = {_days(10, 13): "closed"} if closed_on else {}
    expected = {_days(2, 3): "closed", _days(4, 5): "open again", _days(6, 7): "withdrawn", again: "open again"}
    assert got == _expected({**expected, **after})  # before the fix: 4-5 Mar closed in the report, open in the chart
    # the first reopening kept (4 Mar, not 8 Mar): the gap from 6 to 8 Mar told by withdrawn and raised_again
    assert _row(data) == [_march(2), None, _march(4), closed_on, _march(6), _march(8)]
    columns = ["reopened_by_correction", "closed_at_end", "open_again_at_end", "open_oldest_age_days"]
    report = programme_report(data, "2026-03-01", "2026-03-05").tables["safety_flags"].query("level == 'all'")
    assert report[columns].iloc[0].tolist() == [1, 0, 1, 1.0]  # reopened 4 Mar, open again 1 day on 5 Mar
    columns = ["reopened_by_correction", "withdrawn_by_correction", "raised_again_by_correction", "carried_in"]
    columns += ["open_again_at_end", "open_oldest_age_days"]
    report = programme_report(data, "2026-03-07", "2026-03-09").tables["safety_flags"].query("level == 'all'")
    # 7-9 Mar: the reopening and the withdrawal before the range, raised again in it; open again since 4 Mar: 5 days
    assert report[columns].iloc[0].tolist() == [0, 0, 1, 1, 1, 5.0]
    if closed_on:  # March: re-closed 6 days after the reopening (4 -> 10 Mar), closed at the end
        columns = ["reopened_by_correction", "reclosed", "median_days_reopening_to_reclosing", "closed_at_end"]
        report = programme_report(data, "2026-03-01", "2026-03-31").tables["safety_flags"].query("level == 'all'")
        assert report[columns].iloc[0].tolist() == [1, 1, 6.0, 1]


def test_a_flag_open_again_when_withdrawn_raised_again_at_the_first_finding_is_back_closed(store, clock):
    # as above, but raised again at item 9 = 1 on 8 Mar: the 2 Mar assessment of item 9 = 1 answers it
    steps = [*CLOSED_REOPENED, (_march(6), "fixed", 0), (_march(8), "fixed", 1)]
    data, got = _each_day(store, clock, steps)
    expected = {_days(2, 3): "closed", _days(4, 5): "open again", _days(6, 7): "withdrawn", _days(8, 13): "closed"}
    assert got == _expected(expected)
    assert _row(data) == [_march(2), None, _march(4), _march(8), _march(6), _march(8)]


def test_a_flag_never_closed_raised_withdrawn_and_raised_again_is_open_but_while_withdrawn(store, clock):
    # item 9 = 0 on 2 Mar; corrected to 1 on 4 Mar (raised), to 0 on 6 Mar (withdrawn), to 1 on 8 Mar (raised
    # again), closed at low risk on 10 Mar
    steps = [(_march(2), "taken", 0), (_march(4), "fixed", 1), *WITHDRAWN_RAISED_AGAIN[:1], (_march(8), "fixed", 1)]
    data, got = _each_day(store, clock, [*steps, (_march(10), "closed", "low")])
    expected = {_days(2, 3): "none", _days(4, 5): "open", _days(6, 7): "withdrawn", _days(8, 9): "open"}
    assert got == _expected({**expected, _days(10, 13): "closed"})
    assert _row(data) == [_march(10), _march(4), None, None, _march(6), _march(8)]


def test_a_flag_reopened_and_closed_again_before_it_was_withdrawn_comes_back_closed(store, clock):
    # item 9 = 1 on 2 Mar, closed at low; corrected to 3 on 4 Mar (reopened), closed at moderate on 5 Mar; to 0 on
    # 6 Mar (withdrawn), to 3 on 8 Mar (raised again: the 5 Mar assessment of item 9 = 3 answers it)
    steps = [*CLOSED_REOPENED, (_march(5), "closed", "moderate"), *WITHDRAWN_RAISED_AGAIN]
    data, got = _each_day(store, clock, steps)
    expected = {_days(2, 3): "closed", _days(4, 4): "open again", _days(5, 5): "closed", _days(6, 7): "withdrawn"}
    assert got == _expected({**expected, _days(8, 13): "closed"})
    assert _row(data) == [_march(2), None, _march(4), _march(5), _march(6), _march(8)]


def _later(data) -> list:
    """The flags' later reopenings (``reopenings``): (the flag's row, reopened, reclosed)."""
    rows = data.reopenings[["flag", "reopened", "reclosed"]].itertuples(index=False)
    return [(flag, on.date(), None if pd.isna(off) else off.date()) for flag, on, off in rows]


def _safety(data, first: str, last: str, columns: list) -> list:
    table = programme_report(data, first, last).tables["safety_flags"].query("level == 'all'")
    return table[columns].iloc[0].tolist()


AGAIN = ["reopened_by_correction", "reclosed", "median_days_reopening_to_reclosing"]


def test_a_flag_reopened_twice_around_its_withdrawal_is_open_again_both_times(store, clock):
    # item 9 = 1 on 2 Mar, closed at low; corrected to 2 on 4 Mar (reopened), closed at moderate on 5 Mar; to 0 on
    # 6 Mar (withdrawn), to 3 on 8 Mar (raised again above the 5 Mar finding: open again), closed at high on 10 Mar
    steps = [(_march(2), "taken", 1), (_march(2), "closed", "low"), (_march(4), "fixed", 2)]
    steps += [(_march(5), "closed", "moderate"), *WITHDRAWN_RAISED_AGAIN, (_march(10), "closed", "high")]
    data, got = _each_day(store, clock, steps)
    expected = {_days(2, 3): "closed", _days(4, 4): "open again", _days(5, 5): "closed", _days(6, 7): "withdrawn"}
    assert got == _expected({**expected, _days(8, 9): "open again", _days(10, 13): "closed"})
    # one flag: its first reopening in its row (4 -> 5 Mar), the second its own (8 -> 10 Mar)
    assert _row(data) == [_march(2), None, _march(4), _march(5), _march(6), _march(8)]
    assert _later(data) == [(0, _march(8), _march(10))]
    # March: two reopenings, each re-closed (1 and 2 days), one flag closed at the end
    assert _safety(data, "2026-03-01", "2026-03-31", [*AGAIN, "flags_raised", "closed_at_end"]) == [2, 2, 1.5, 1, 1]
    # 7-9 Mar: raised again on 8 Mar, reopened that day: open again 1 day on 9 Mar (not since 4 Mar)
    columns = ["reopened_by_correction", "raised_again_by_correction", "carried_in", "open_again_at_end"]
    assert _safety(data, "2026-03-07", "2026-03-09", [*columns, "open_oldest_age_days"]) == [1, 1, 1, 1, 1.0]


def test_a_flag_reopened_twice_without_a_withdrawal_is_closed_between_its_reopenings(store, clock):
    # item 9 = 1 on 2 Mar, closed at low; corrected to 2 on 4 Mar (reopened), closed at moderate on 5 Mar; corrected
    # to 3 on 8 Mar (reopened again: above the 5 Mar finding), closed at high on 10 Mar
    steps = [(_march(2), "taken", 1), (_march(2), "closed", "low"), (_march(4), "fixed", 2)]
    steps += [(_march(5), "closed", "moderate"), (_march(8), "fixed", 3), (_march(10), "closed", "high")]
    data, got = _each_day(store, clock, steps)
    expected = {_days(2, 3): "closed", _days(4, 4): "open again", _days(5, 7): "closed", _days(8, 9): "open again"}
    assert got == _expected({**expected, _days(10, 13): "closed"})
    assert _row(data) == [_march(2), None, _march(4), _march(5), None, None]
    assert _later(data) == [(0, _march(8), _march(10))]
    # March: 4 -> 5 Mar (1 day) and 8 -> 10 Mar (2 days); 6-8 Mar: closed when the range began, reopened in it
    assert _safety(data, "2026-03-01", "2026-03-31", [*AGAIN, "closed_at_end"]) == [2, 2, 1.5, 1]
    columns = ["reopened_by_correction", "reclosed", "carried_in", "closed_at_end", "open_again_at_end"]
    assert _safety(data, "2026-03-06", "2026-03-08", [*columns, "open_oldest_age_days"]) == [1, 0, 1, 0, 1, 0.0]


def test_a_flag_reopened_twice_then_withdrawn_and_raised_again_to_its_last_closing_is_back_closed(store, clock):
    # item 9 = 1 on 2 Mar, closed at low; corrected to 2 on 4 Mar (reopened), closed at moderate on 5 Mar; to 3 on
    # 8 Mar (reopened again), closed at high on 9 Mar; to 0 on 10 Mar (withdrawn), to 3 on 11 Mar (raised again: the
    # 9 Mar assessment of item 9 = 3 answers it)
    steps = [(_march(2), "taken", 1), (_march(2), "closed", "low"), (_march(4), "fixed", 2)]
    steps += [(_march(5), "closed", "moderate"), (_march(8), "fixed", 3), (_march(9), "closed", "high")]
    data, got = _each_day(store, clock, [*steps, (_march(10), "fixed", 0), (_march(11), "fixed", 3)])
    expected = {_days(2, 3): "closed", _days(4, 4): "open again", _days(5, 7): "closed", _days(8, 8): "open again"}
    assert got == _expected({**expected, _days(9, 9): "closed", _days(10, 10): "withdrawn", _days(11, 13): "closed"})
    assert _row(data) == [_march(2), None, _march(4), _march(5), _march(10), _march(11)]
    assert _later(data) == [(0, _march(8), _march(9))]
    columns = ["withdrawn_by_correction", "raised_again_by_correction", "closed_at_end"]
    assert _safety(data, "2026-03-01", "2026-03-31", [*AGAIN, *columns]) == [2, 2, 1.0, 1, 1, 1]
