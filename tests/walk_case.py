"""The walk review's patient WALK-01 (/work/reviews/walk.md, F3, F7, F8): one month of data, rebuilt as the tester
saved it through the dashboards (a clinic day on 03 Dec 2026). Shared by tests/test_summary.py (the summary on one
Letter page) and tests/test_summary_suicide_screens.py (each positive suicide screen with its closing).

Answers typed from the tester's records: PHQ-9 (Kroenke et al. 2001) item 9 answered 1 on 19 Nov and, after a
correction, on 03 Dec (the suicidal ideation flag each time); the C-SSRS screener (Posner et al. 2011) of 19 Nov with
questions 1-3 "yes" (moderate risk: a method considered); AUDIT 10 (hazardous); placed at Level 3.5 on ratings
D1=1, D2=0, D3=2, D4=2, D5=4, D6=1; a 9 h/week plan; a urine 12-panel positive for fentanyl and cocaine; the PHQ-9
item-9 flag of 03 Dec closed at moderate overall risk by "QA, LCSW" (closing the 19 Nov one too).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from iopkit import score
from iopkit.dose import Attendance, DosePlan, schedule
from iopkit.dose.placed import warning_words
from iopkit.episode import Episode
from iopkit.placement import FlagResolution, Placement, recommend
from iopkit.records import DrugScreen

D = dt.date
START = D(2026, 11, 19)
TODAY = D(2026, 12, 3)
WALK = {1: 1, 2: 0, 3: 2, 4: 2, 5: 4, 6: 1}
PHQ9_START = [2, 2, 1, 2, 1, 1, 2, 1, 1]  # 13, moderate; item 9 "several days"
PHQ9_TODAY_MISENTERED = [1, 1, 1, 1, 0, 1, 0, 0, 0]  # 5, item 9 entered as 0 by mistake
PHQ9_TODAY = [1, 1, 1, 1, 0, 1, 0, 0, 1]  # 6, mild; item 9 "several days" (the correction)
AUDIT = [3, 2, 2, 1, 1, 0, 1, 0, 0, 0]  # 10, hazardous
CSSRS_MODERATE = ["yes", "yes", "yes", "no", "no", "no", None]  # question 3 (method) yes: moderate risk
CSSRS_HIGH = ["yes", "yes", "yes", "yes", "no", "no", None]  # question 4 (intent) yes: high risk
CLOSING = "Safety plan written with patient; C-SSRS repeated, moderate; psychiatry same week"


def walk_patient(store, *, closed: bool = True) -> int:
    """WALK-01 as the tester left it after F8 (``closed=False``: before the PHQ-9 item-9 flag was closed)."""
    pid = store.add_patient("WALK-01")
    store.save(pid, score("phq9", PHQ9_START), by="QA", when=START)
    store.save(pid, score("audit", AUDIT), by="QA", when=START)
    store.save(pid, score("cssrs_screen", CSSRS_MODERATE), by="QA", when=START)
    rec = recommend(WALK)
    when = dt.datetime(2026, 12, 3, 14, 17, tzinfo=dt.UTC)
    store.save(pid, rec, by="QA", when=when)
    store.save(pid, Placement(rec, rec.level), by="QA", when=when)
    sched = schedule(D(2026, 11, 23), ["mon", "wed", "fri"], 3, 12)
    plan = DosePlan(9, 12, sessions_per_week=3)  # saved by the planner with its warning against the placement
    warning = warning_words(Episode.from_store(store, pid, as_of=TODAY).plan_against_placement(plan))
    store.save(pid, replace(plan, placement_warning=warning), by="QA", when=when)
    store.save(pid, sched, by="QA", when=when)
    log = Attendance(sched)
    for day, status in ((D(2026, 11, 23), "attended"), (D(2026, 11, 25), "missed"), (D(2026, 12, 2), "attended")):
        log = log.record(day, status, today=TODAY)
    store.save(pid, log, by="QA", when=TODAY)
    screen = DrugScreen(
        D(2026, 11, 26), "urine 12-panel", positive=("fentanyl", "cocaine"), negative=("opiates", "amphetamines")
    )
    store.save(pid, screen, by="QA", when=screen.collected)
    wrong = store.save(pid, score("phq9", PHQ9_TODAY_MISENTERED), by="QA", when=TODAY)
    right = store.save(pid, score("phq9", PHQ9_TODAY), by="QA", amends=wrong, reason="item 9 mis-entered", when=TODAY)
    if closed:
        closing = FlagResolution(
            "suicidal_ideation", "phq9", 2.0, CLOSING, "QA, LCSW", TODAY, record=str(right), risk_level="moderate"
        )
        store.save(pid, closing, by="QA", when=TODAY)
    return pid


def walk_patient_at_the_end_of_the_day(store) -> int:
    """WALK-01 as the walk ended: a later C-SSRS at high risk, open (more than one page may be needed)."""
    pid = walk_patient(store)
    store.save(pid, score("cssrs_screen", CSSRS_HIGH), by="QA", when=dt.datetime(2026, 12, 3, 16, tzinfo=dt.UTC))
    return pid
