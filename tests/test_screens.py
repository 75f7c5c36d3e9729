"""Drug screens with expected (prescribed) medications: the typed field, records saved before it, and what reads it.

Records saved before ``DrugScreen.expected`` existed carried the expected medications in the panel text
(``"urine 12-panel (expected: buprenorphine)"``); they are written here with plain SQL as that version did.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from iopkit import score
from iopkit.dose import Attendance, DosePlan, schedule
from iopkit.episode import Episode
from iopkit.placement import FlagResolution, LevelOfCare, Placement, recommend
from iopkit.records import DrugScreen
from iopkit.report.patient import patient_summary_html
from iopkit.store import Store
from iopkit.widgets.screens import screens_html

from .conftest import raw_record

MON = dt.date(2026, 3, 2)  # a Monday
# PHQ-9 totals added by hand: 17 (item 9 = 1, the suicide-risk flag), 8, then 3 (remission, < 5).
PHQ9 = ([2, 2, 2, 2, 2, 2, 2, 2, 1], [1, 1, 1, 1, 1, 1, 1, 1, 0], [1, 1, 1, 0, 0, 0, 0, 0, 0])
OLD_PANEL = "urine 12-panel (expected: buprenorphine)"


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "clinic.sqlite") as s:
        yield s


def _old_screen(store, pid: int, day: dt.date, positive=("buprenorphine",), panel=OLD_PANEL) -> None:
    """A drug screen as the version before ``expected`` saved it: the medications in the panel text."""
    payload = json.dumps(
        {
            "collected": day.isoformat(),
            "negative": ["fentanyl"],
            "panel": panel,
            "positive": list(positive),
            "specimen": "urine",
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    raw_record(
        store,
        pid,
        "drug_screen",
        payload,
        taken_at=day.isoformat(),
        saved_at=f"{day.isoformat()}T12:00:00+00:00",
        saved_by="KM",
    )


def _ready_for_step_down(store, pid: int) -> dt.date:
    """Three weekly PHQ-9s down to remission, the flag resolved, IOP placement, every session attended."""
    for week, answers in enumerate(PHQ9):
        store.save(pid, score("phq9", answers), by="KM", when=MON + dt.timedelta(days=7 * week))
    store.save(
        pid,
        Placement(recommend({1: 0, 2: 0, 3: 2, 4: 2, 5: 3, 6: 2}), LevelOfCare.IOP, "clinical judgement"),
        by="KM",
        when=MON,
    )
    store.save(
        pid,
        FlagResolution("suicidal_ideation", "phq9", 0, "C-SSRS; safety plan", "KM", MON, risk_level="low"),
        by="KM",
        when=MON,
    )
    as_of = MON + dt.timedelta(days=14)
    log = Attendance(schedule(MON, ["mon", "wed", "fri"], 3, 3))
    for s in log.schedule.sessions:
        if s.date <= as_of:
            log = log.record(s.date, "attended", today=as_of)
    store.save(pid, DosePlan(9, 3, sessions_per_week=3), by="KM", when=MON)
    store.save(pid, log, by="KM", when=as_of)
    return as_of


def test_expected_is_a_typed_field_kept_apart_from_the_panel():
    s = DrugScreen(
        MON,
        "urine 12-panel",
        positive=["Buprenorphine", "cocaine"],
        negative=["fentanyl", "methadone"],
        expected=["buprenorphine", "Methadone"],
    )
    assert (s.panel, s.expected) == ("urine 12-panel", ("buprenorphine", "methadone"))
    assert (s.unexpected_positive, s.counts_as_positive, s.expected_missing) == (("cocaine",), True, ("methadone",))
    assert s.to_dict()["expected"] == ["buprenorphine", "methadone"]
    assert DrugScreen.from_dict(json.loads(json.dumps(s.to_dict()))) == s
    with pytest.raises(Exception, match="expected must be a list"):
        DrugScreen(MON, "urine", negative=["cocaine"], expected="buprenorphine")


def test_an_old_record_s_panel_text_is_read_back_as_the_expected_field(store):
    pid = store.add_patient("IOP-OLD")
    _old_screen(store, pid, MON)
    (record,) = store.current(pid, "drug_screen")
    assert (record.item.panel, record.item.expected, record.item.counts_as_positive) == (
        "urine 12-panel",
        ("buprenorphine",),
        False,
    )
    # The audit trail still says how the stored text differs from what this version would write.
    assert "panel: stored 'urine 12-panel (expected: buprenorphine)'" in record.warnings[0]
    # A panel that only looks like it (no closing bracket) is left as it is.
    assert (
        DrugScreen.from_dict({"collected": "2026-03-02", "panel": "urine (expected: x", "negative": ["a"]}).expected
        == ()
    )


@pytest.mark.parametrize("positive, decision", [(("buprenorphine",), "step_down"), (("cocaine",), "continue")])
def test_the_review_s_last_three_screens_negative_counts_an_expected_medication_as_negative(store, positive, decision):
    pid = store.add_patient("IOP-REVIEW")
    as_of = _ready_for_step_down(store, pid)
    _old_screen(store, pid, MON, positive=positive)  # an old record: buprenorphine expected, in the panel text
    store.save(
        pid,
        DrugScreen(
            MON + dt.timedelta(days=7),
            "urine 12-panel",
            positive=["methadone"],
            negative=["cocaine"],
            expected=["methadone"],
        ),
        by="KM",
        when=MON + dt.timedelta(days=7),
    )
    store.save(pid, DrugScreen(as_of, "urine 12-panel", negative=["cocaine", "opioids"]), by="KM", when=as_of)
    e = Episode.from_store(store, pid, as_of=as_of)
    assert [s.counts_as_positive for s in e.screens] == [positive == ("cocaine",), False, False]
    assert e.review.decision == decision
    page = patient_summary_html(store, pid, generated="now", today=as_of, history=True)
    assert page.count("(expected medication)") >= (2 if decision == "step_down" else 1)
    counted = "0 counted positive" if decision == "step_down" else "1 counted positive"
    assert counted in page
    assert ("Step down" in page) == (decision == "step_down")


def test_screens_page_and_summary_show_the_expected_medications_of_old_and_new_records(store):
    pid = store.add_patient("IOP-SCREENS")
    _old_screen(store, pid, MON)
    store.save(
        pid,
        DrugScreen(
            MON + dt.timedelta(days=7),
            "urine 12-panel",
            negative=["buprenorphine", "cocaine"],
            expected=["buprenorphine"],
        ),
        by="KM",
        when=MON + dt.timedelta(days=7),
    )
    screens = Episode.from_store(store, pid, as_of=MON + dt.timedelta(days=7)).screens
    table = screens_html(screens)
    assert "urine 12-panel</td>" in table and "(expected:" not in table
    assert "positive: buprenorphine (expected medication)" in table
    assert "expected but not detected: buprenorphine" in table
    assert table.count("<td>no</td>") == 2  # neither counts as positive in the review
    page = patient_summary_html(store, pid, generated="now", today=MON + dt.timedelta(days=7), history=True)
    assert "expected buprenorphine not detected" in page
    assert "(expected:" not in page
