"""Physician review R25a, item 2: the continued-stay review's reasons in the one order of every list of flags
(:func:`iopkit.flags.urgency`: severity at its rule's, then danger), the order of its boxes and of the placement
headline, never the order the records were saved in.

Patients (typed by hand; placed at Level 2.1 on 20 Nov 2026, read on 4 Dec 2026):

R25A-2: AUDIT item 6 at 1 (a warning: withdrawal or medical review today) and PHQ-9 item 9 at 1, 24 Nov; C-SSRS screen
items 1-3 yes (moderate risk, critical), 25 Nov; urine screen positive for fentanyl, negative for opiates, 30 Nov.
Before R25a the reasons began with the medical review (the warning), then the suicide risk, then the overdose risk.

R25A-3: AUDIT item 6 at 1 and PHQ-9 item 9 at 1, 24 Nov; CIWA-Ar every item at 1, 25 Nov (item 10 at 1: inattention,
a prescriber's review now; total 10: moderate withdrawal). Before R25a the withdrawal box named AUDIT item 6 first.
"""

from __future__ import annotations

import datetime as dt

from iopkit import score
from iopkit.episode import Episode
from iopkit.placement import recommend
from iopkit.placement.continued_stay import each_once
from iopkit.records import DrugScreen
from iopkit.store import Store

D = dt.date


def _placed(store, name):
    pid = store.add_patient(name)
    store.save(pid, recommend({1: 0, 2: 0, 3: 2, 4: 1, 5: 2, 6: 1}), by="KM", when=D(2026, 11, 20))
    store.save(pid, score("audit", [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]), by="KM", when=D(2026, 11, 24))
    store.save(pid, score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1]), by="KM", when=D(2026, 11, 24))
    return pid


def _r25a_2(tmp_path):
    store = Store(tmp_path / "r25a2.sqlite")
    pid = _placed(store, "R25A-2")
    store.save(pid, score("cssrs_screen", [1, 1, 1, 0, 0, 0, 0]), by="KM", when=D(2026, 11, 25))
    fentanyl = DrugScreen(D(2026, 11, 30), "urine 12-panel", positive=["fentanyl"], negative=["opiates"])
    store.save(pid, fentanyl, by="KM", when=D(2026, 11, 30))
    return Episode.from_store(store, pid, as_of=D(2026, 12, 4))


def _r25a_3(tmp_path):
    store = Store(tmp_path / "r25a3.sqlite")
    pid = _placed(store, "R25A-3")
    store.save(pid, score("ciwa_ar", [1] * 10), by="KM", when=D(2026, 11, 25))
    return Episode.from_store(store, pid, as_of=D(2026, 12, 4))


def _in_order(text: str, *parts: str) -> None:
    at = -1
    for part in parts:
        found = text.find(part, at + 1)
        assert found > at, f"{part!r} not after the one before it in {text!r}"
        at = found


def test_the_reasons_follow_the_boxes_suicide_risk_then_overdose_then_the_warning_medical_review(tmp_path):
    episode = _r25a_2(tmp_path)
    assert [r.code for r in episode.review.reasons] == [
        "unresolved_risk_assessment",
        "unresolved_overdose_risk",
        "unresolved_medical_review",
        "screens",
        "attendance_unknown",
        "no_scores",
    ]
    boxes = [f.code for f in each_once(episode.review_flags)]
    assert boxes[:3] == ["risk_assessment_due", "overdose_risk_due", "medical_review_due"]
    assert [f.severity.value for f in each_once(episode.review_flags)][:3] == ["critical", "critical", "warning"]


def test_within_a_reason_the_inattention_sign_comes_before_the_audit_warning_saved_a_day_earlier(tmp_path):
    episode = _r25a_3(tmp_path)
    reasons = {r.code: r.finding for r in episode.review.reasons}
    assert [r.code for r in episode.review.reasons][:2] == ["unresolved_medical_review", "unresolved_risk_assessment"]
    _in_order(
        reasons["unresolved_medical_review"],
        "unresolved withdrawal or medical flag(s) in this episode: CIWA-Ar item 10 at 1 (cannot do serial additions",
        "AUDIT item 6, morning drink",
        "CIWA-Ar in the moderate withdrawal band",
        "a step-down waits until each is resolved",
    )
    (box,) = [f for f in each_once(episode.review_flags) if f.code == "medical_review_due"]
    _in_order(
        box.message,
        "Unresolved withdrawal or medical flag(s): CIWA-Ar item 10 at 1",
        "AUDIT item 6, morning drink",
        "CIWA-Ar in the moderate withdrawal band",
    )
