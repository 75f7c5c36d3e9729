"""One rule for "in the programme today" on the caseload and in the programme report's census (walk24 finding 3).

The walk's caseload read "Patients 1-25 of 245; 56 with an open safety flag" on the day the programme report's census
was 5: the report counts an episode with no attended session for more than 30 days (or placed at a level outside the
programme) as discharged, the caseload did not.  Both read :func:`iopkit.in_programme.stays` now.  The days below are
typed by hand from the rule: a stay ends on its last attended session when more than 30 days have passed since it.
"""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from iopkit import score
from iopkit.dose import Attendance, schedule
from iopkit.episode import caseload
from iopkit.in_programme import programme_status
from iopkit.placement import Placement, recommend
from iopkit.placement.levels import LevelOfCare
from iopkit.report import programme_data, programme_report
from iopkit.store import Store

DAY = dt.date(2026, 12, 4)  # a Friday, the walk's day
D = dt.date


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "clinic.sqlite") as s:
        yield s


def _placed(store, pid, day, code="2.1"):
    rec = recommend({1: 0, 2: 0, 3: 2, 4: 2, 5: 3, 6: 2})
    level = LevelOfCare.from_code(code)
    store.save(pid, Placement(rec, level, None if level is rec.level else "clinical judgement"), by="KM", when=day)


def _attended(store, pid, start, weeks, days):
    log = Attendance(schedule(start, ["mon", "wed", "fri"], 3, weeks))
    for d in days:
        log = log.record(d, "attended", today=DAY)
    store.save(pid, log, by="KM", when=max(days))


def _clinic(store):
    """IN (attended Mon 30 Nov), EDGE (last attended Wed 4 Nov: 30 days, still in), GONE (last attended Mon 2 Nov: 32
    days, out; an open PHQ-9 item-9 flag), STEP (placed at Level 0.5 on Mon 16 Nov), NEW (a PHQ-9 today, not placed)."""
    ids = {name: store.add_patient(name) for name in ("IN", "EDGE", "GONE", "STEP", "NEW")}
    _placed(store, ids["IN"], D(2026, 11, 2))
    _attended(store, ids["IN"], D(2026, 11, 2), 5, [D(2026, 11, 2), D(2026, 11, 30)])
    _placed(store, ids["EDGE"], D(2026, 10, 5))
    _attended(store, ids["EDGE"], D(2026, 10, 5), 5, [D(2026, 10, 5), D(2026, 11, 4)])
    _placed(store, ids["GONE"], D(2026, 10, 5))
    store.save(ids["GONE"], score("phq9", [1] * 8 + [1]), by="KM", when=D(2026, 10, 5))
    _attended(store, ids["GONE"], D(2026, 10, 5), 5, [D(2026, 10, 5), D(2026, 11, 2)])
    _placed(store, ids["STEP"], D(2026, 10, 5))
    _placed(store, ids["STEP"], D(2026, 11, 16), "0.5")
    store.save(ids["NEW"], score("phq9", [1] * 8 + [0]), by="KM", when=DAY)
    return ids


def test_the_caseload_and_the_census_count_the_same_patients_in_the_programme(store):
    _clinic(store)
    episodes = {e.patient.pseudonym: e for e in caseload(store, as_of=DAY)}
    assert sorted(n for n, e in episodes.items() if e.current) == ["EDGE", "IN", "NEW"]
    assert sorted(n for n, e in episodes.items() if e.programme.in_programme) == ["EDGE", "IN"]
    report = programme_report(programme_data(store, as_of=DAY), D(2026, 1, 1), DAY)
    census = report.tables["census"].set_index(["level", "track"]).loc[("all", "all")]
    assert int(census["census_end"]) == 2  # IN and EDGE, as the caseload
    gone, step = episodes["GONE"].programme, episodes["STEP"].programme
    assert (gone.last_day, step.last_day) == (D(2026, 11, 2), D(2026, 11, 16))
    assert gone.why == (
        "no attended session since then (more than 30 days without one count as discharged, as in the programme report)"
    )
    assert step.why == "placed at Level 0.5"


def test_thirty_days_without_a_session_is_still_in_thirty_one_is_not():
    placed = [(D(2026, 10, 5), "2.1")]
    assert programme_status(placed, [D(2026, 11, 4)], DAY).in_programme  # 30 days
    assert not programme_status(placed, [D(2026, 11, 3)], DAY).in_programme  # 31 days
    assert not programme_status([], [], DAY).placed and programme_status([], [], DAY).current  # being assessed


def test_the_caseload_lists_current_patients_and_the_discharged_on_request_never_losing_an_open_flag(
    store, monkeypatch
):
    from iopkit.widgets.home import home  # the function (the module once imported would shadow it)

    # the page reads today from the clinic's clock: the clinic's day is the walk's day (after midnight UTC on 5 Dec
    # EDGE's 30 days became 31 and the test went red on the clock, not on the rule)
    monkeypatch.setattr(sys.modules["iopkit.widgets.home"], "clinical_day", lambda *a: DAY)  # the module, by name
    _clinic(store)
    page = home(store=store)
    page.start()
    # walk24 3: the default list is the patients in the programme or being assessed
    assert "3 patients." in page.patients.value and "GONE" not in page.patients.value
    # the discharged patient's open flag is said under the list, never dropped silently
    assert (
        '<p class="iop-former-flags iop-flag-critical">1 discharged patient still has an open safety flag: see "Show '
        'discharged" (listed first there); record what was done or hand it over.</p>'
    ) in page.patients.value
    assert page.former_button.description == "Show discharged (2)"
    page.former_button.click()
    assert "2 discharged patients, no longer in the programme; " in page.patients.value
    assert "Last in the programme 02 Nov 2026: no attended session since then" in page.patients.value
    assert "Last in the programme 16 Nov 2026: placed at Level 0.5" in page.patients.value
    assert page.patients.value.index("GONE") < page.patients.value.index("STEP")  # the open flag first
    assert "overdue" not in page.patients.value and "due today" not in page.patients.value  # nothing due of them
    assert page.former_button.description == "Show current patients (3)"
    page.former_button.click()
    page.search.value = "gone"  # the search finds any patient
    assert "1 patient found" in page.patients.value and "Last in the programme 02 Nov 2026" in page.patients.value
