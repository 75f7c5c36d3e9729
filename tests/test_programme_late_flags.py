"""The programme director's worklist: the safety flags a late correction left open, read from a real store.

A correction saved on a later clinic day than its questionnaire's that raises, opens again or makes new a safety flag
finds a patient who may have left since (iopkit's own rule); the report lists each one still open on its last day,
most urgent first.  PHQ-9 item 9 above 0 raises the suicidal-ideation flag, which calls for a same-day suicide risk
assessment (Kroenke et al. 2001; the Joint Commission's NPSG 15.01.01).  CIWA-Ar item 10 at 1 ("cannot do serial
additions or uncertain about date", Sullivan et al. 1989) is inattention, whose medical review is due now (physician
review).  CIWA-Ar item 6 (tactile disturbances) at 4, "moderately severe hallucinations", is complicated withdrawal,
possible delirium, whose medical review is due now; ten points over items 1-5 is the moderate band (Sullivan et al.
1989: 8-14; ASAM 2020: 10-18), a prescriber's review before the patient leaves.  Every day, count and text below is
typed by hand from those sources and the days the test saves on.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from iopkit import score
from iopkit.dose import Attendance, schedule
from iopkit.placement import FlagResolution
from iopkit.records import DrugScreen
from iopkit.report import ProgrammeData, programme_data, programme_report

from .conftest import clinic_time

D = dt.date
OTHERS = [1, 1, 2, 1, 0, 1, 2, 1]  # PHQ-9 items 1-8
ITEM9_0, ITEM9_1, ITEM9_3 = [*OTHERS, 0], [*OTHERS, 1], [*OTHERS, 3]
CIWA_ZEROS = [0] * 10
CIWA_ITEM10_1 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]  # item 10 at 1: inattention
CIWA_TACTILE_4 = [0, 0, 0, 0, 0, 4, 0, 0, 0, 0]  # item 6 at 4: complicated withdrawal, possible delirium
CIWA_MODERATE = [2, 2, 2, 2, 2, 0, 0, 0, 0, 0]  # total 10: the moderate band
PHQ9_MESSAGE = "Possible suicidal ideation (PHQ-9 item 9, thoughts of being better off dead or of self-harm)"
CIWA_MESSAGE = (
    "CIWA-Ar item 10 at 1 (cannot do serial additions or uncertain about date): inattention, an early sign of delirium"
)
# the step: reach the patient first (a suicide risk assessment: today; a medical review now: now), then the call
PHQ9_STEP = (
    "the patient may have left since: contact the patient today; if unreachable, follow the programme's outreach "
    "protocol; when reached: act on this flag as it calls for: 'Ask about suicidal thoughts today and complete a "
    "suicide risk assessment (e.g. C-SSRS) before the patient leaves'"
)
CIWA_STEP_STARTS = (
    "the patient may have left since: contact the patient now; welfare check if unreachable; when reached: ask about "
    "confusion, hallucinations, seizures, hospital visits and withdrawal now; see the patient in person today to "
    "re-score the CIWA-Ar and treat on the current score; emergency care if confused or hallucinating now, or after "
    "a seizure since that no doctor has seen (the record's call then: 'Medical review now: screen for delirium"
)
CIWA_MODERATE_MESSAGE = "CIWA-Ar in the moderate withdrawal band"
TACTILE_4_MESSAGE = (
    'CIWA-Ar item 6 (Tactile disturbances) rated 4 of 7, "Moderately severe hallucinations": complicated withdrawal, '
    "possible delirium (any total)"
)
# a flag lowered from one never closed, the earlier one's step "now" (complicated withdrawal, 3 days before): that
# step, the signs now, then the check in the chart (physician / patient-safety review)
LOWERED_STEP_STARTS = (
    "the patient may have left since: contact the patient now; welfare check if unreachable; when reached: ask about "
    "confusion, hallucinations, seizures, hospital visits and withdrawal now"
)
EARLIER_UNACTED = "in the chart: confirm and record whether the evaluation the earlier flag called for was done"
NONE_OPEN = "No flag raised by a late correction is open."
SHOWN = ["patient", "instrument", "flag", "record_day", "corrected_on", "days_late", "corrected_by"]
WORKLIST = [
    "patient",
    "instrument",
    "flag",
    "earlier_flag",
    "record_day",
    "corrected_on",
    "days_late",
    "days_open",
    "reason",
    "on_site_since",
    "on_site_as",
    "step",
    "corrected_by",
]


def _corrected(store, clock, who, instrument, first, then, taken, saved, by="AB"):
    """``first`` saved on ``taken``, corrected to ``then`` on ``saved`` (the record's day kept)."""
    pid = store.add_patient(who)
    clock.day = taken
    original = store.save(pid, score(instrument, first), by="KM", when=clinic_time(taken, 12))
    clock.day = saved
    fixed = store.save(
        pid, score(instrument, then), by=by, when=clinic_time(taken, 12), amends=original, reason="mis-keyed"
    )
    return pid, original, fixed


def _close(store, clock, pid, record, on):
    clock.day = on
    done = FlagResolution(
        "suicidal_ideation", "phq9", 0, "C-SSRS full assessment; safety plan", "KM, LCSW", on, str(record), "low"
    )
    store.save(pid, done, by="KM", when=on)


def _worklist(store, end, start="2026-03-01"):
    return programme_report(programme_data(store), start, end).late_flags


def _rows(late):
    return [[None if pd.isna(v) else v for v in row] for row in late[SHOWN].values.tolist()]


# --- which flags are listed ------------------------------------------------------------------------------------------


def test_a_flag_a_correction_raised_3_days_late_is_listed_with_its_step(store, clock):
    _corrected(store, clock, "IOP-P1", "phq9", ITEM9_0, ITEM9_1, D(2026, 3, 2), D(2026, 3, 5))  # item 9: 0 -> 1
    late = _worklist(store, "2026-03-31")
    assert _rows(late) == [
        ["IOP-P1", "phq9", PHQ9_MESSAGE, pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-05"), 3, "AB"]
    ]
    assert late["step"].tolist() == [PHQ9_STEP]


def test_the_same_correction_saved_the_same_day_is_not_listed(store, clock):
    _corrected(store, clock, "IOP-P2", "phq9", ITEM9_0, ITEM9_1, D(2026, 3, 2), D(2026, 3, 2))  # a keying fix
    assert _worklist(store, "2026-03-31").empty
    # nor a closed flag a correction saved the same day opened again (item 9: 1, closed at low risk, then 3)
    pid = store.add_patient("IOP-P3")
    clock.day = D(2026, 3, 2)
    first = store.save(pid, score("phq9", ITEM9_1), by="KM", when=clinic_time(D(2026, 3, 2), 9))
    _close(store, clock, pid, first, D(2026, 3, 2))
    store.save(pid, score("phq9", ITEM9_3), by="CD", when=clinic_time(D(2026, 3, 2), 9), amends=first, reason="x")
    assert _worklist(store, "2026-03-31").empty


def test_a_late_flag_closed_since_is_listed_only_until_its_closing(store, clock):
    pid, _, fixed = _corrected(store, clock, "IOP-P3", "phq9", ITEM9_0, ITEM9_1, D(2026, 3, 2), D(2026, 3, 4))
    _close(store, clock, pid, fixed, D(2026, 3, 6))  # closed on the corrected record on 6 Mar
    assert _worklist(store, "2026-03-31").empty
    assert _rows(_worklist(store, "2026-03-05")) == [  # a report ending before the closing: open then
        ["IOP-P3", "phq9", PHQ9_MESSAGE, pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-04"), 2, "AB"]
    ]
    assert _worklist(store, "2026-03-03").empty  # nor before the correction was saved


def test_a_closed_flag_a_late_correction_opened_again_is_listed(store, clock):
    # item 9 at 1, closed at low risk the same day, corrected to 3 ("nearly every day") a week later by CD
    pid = store.add_patient("IOP-P7")
    clock.day = D(2026, 3, 2)
    first = store.save(pid, score("phq9", ITEM9_1), by="KM", when=clinic_time(D(2026, 3, 2), 12))
    _close(store, clock, pid, first, D(2026, 3, 2))
    clock.day = D(2026, 3, 9)
    store.save(pid, score("phq9", ITEM9_3), by="CD", when=clinic_time(D(2026, 3, 2), 12), amends=first, reason="x")
    assert _rows(_worklist(store, "2026-03-31")) == [
        ["IOP-P7", "phq9", PHQ9_MESSAGE, pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-09"), 7, "CD"]
    ]


def test_a_flag_a_later_correction_withdrew_leaves_the_list_only_from_that_day(store, clock):
    pid, _, fixed = _corrected(store, clock, "IOP-P8", "phq9", ITEM9_0, ITEM9_1, D(2026, 3, 2), D(2026, 3, 5))
    clock.day = D(2026, 3, 10)
    store.save(pid, score("phq9", ITEM9_0), by="AB", when=clinic_time(D(2026, 3, 2), 12), amends=fixed, reason="0")
    assert _worklist(store, "2026-03-31").empty  # item 9 back to 0 on 10 Mar: no flag
    assert [r[:1] + r[4:6] for r in _rows(_worklist(store, "2026-03-08"))] == [  # a report of 8 Mar is unchanged
        ["IOP-P8", pd.Timestamp("2026-03-05"), 3]
    ]


# --- the order: by the step printed (now, today, none); suicide risk oldest first, withdrawal signs newest first


def test_most_urgent_first_then_the_oldest_questionnaire_first(store, clock):
    _corrected(store, clock, "IOP-P1", "phq9", ITEM9_0, ITEM9_1, D(2026, 3, 2), D(2026, 3, 5))
    _corrected(store, clock, "IOP-P4", "ciwa_ar", CIWA_ZEROS, CIWA_ITEM10_1, D(2026, 3, 10), D(2026, 3, 12))
    _corrected(store, clock, "IOP-P5", "phq9", ITEM9_0, ITEM9_1, D(2026, 3, 1), D(2026, 3, 20), by="EF")
    _corrected(store, clock, "IOP-P9", "phq9", ITEM9_0, ITEM9_1, D(2026, 3, 2), D(2026, 3, 3))
    late = _worklist(store, "2026-03-31")
    assert _rows(late) == [
        # CIWA-Ar item 10 at 1: a medical review now, the most urgent, though its questionnaire is the newest
        ["IOP-P4", "ciwa_ar", CIWA_MESSAGE, pd.Timestamp("2026-03-10"), pd.Timestamp("2026-03-12"), 2, "AB"],
        # then the suicide risk assessments, the oldest questionnaire first (1 Mar), then the earlier correction
        ["IOP-P5", "phq9", PHQ9_MESSAGE, pd.Timestamp("2026-03-01"), pd.Timestamp("2026-03-20"), 19, "EF"],
        ["IOP-P9", "phq9", PHQ9_MESSAGE, pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-03"), 1, "AB"],
        ["IOP-P1", "phq9", PHQ9_MESSAGE, pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-05"), 3, "AB"],
    ]
    assert late["step"].iloc[0].startswith(CIWA_STEP_STARTS)
    assert late["step"].iloc[1:].tolist() == [PHQ9_STEP] * 3
    document = programme_report(programme_data(store), "2026-03-01", "2026-03-31").to_html()
    assert "<h2>Flags raised by a late correction, still open</h2>" in document
    assert document.index("IOP-P4") < document.index("IOP-P5") < document.index("IOP-P9") < document.index("IOP-P1")
    assert "10 Mar 2026" in document and NONE_OPEN not in document


def test_a_withdrawal_flag_corrected_more_than_14_days_late_ranks_with_today_after_the_suicide_risk_flags(store, clock):
    # CIWA-Ar item 10 at 1 of 1 Mar entered on 20 Mar, 19 days late: "contact the patient today", not "now"
    _corrected(store, clock, "IOP-P4", "ciwa_ar", CIWA_ZEROS, CIWA_ITEM10_1, D(2026, 3, 1), D(2026, 3, 20))
    _corrected(store, clock, "IOP-P1", "phq9", ITEM9_0, ITEM9_1, D(2026, 3, 2), D(2026, 3, 5))
    late = _worklist(store, "2026-03-31")
    assert late["patient"].tolist() == ["IOP-P1", "IOP-P4"]  # today: the suicide risk first, then withdrawal signs
    assert (
        late["step"]
        .iloc[1]
        .startswith(
            "a correction entered 19 days after the record: contact the patient today; if unreachable, follow the "
            "programme's outreach protocol; when reached: ask about confusion"
        )
    )


def test_withdrawal_flags_with_the_same_step_come_newest_questionnaire_first(store, clock):
    # both CIWA-Ar item 10 at 1, entered 3 and 2 days late: "contact the patient now"; the newest signs first
    _corrected(store, clock, "IOP-P4", "ciwa_ar", CIWA_ZEROS, CIWA_ITEM10_1, D(2026, 3, 2), D(2026, 3, 5))
    _corrected(store, clock, "IOP-P6", "ciwa_ar", CIWA_ZEROS, CIWA_ITEM10_1, D(2026, 3, 10), D(2026, 3, 12))
    late = _worklist(store, "2026-03-31")
    assert _rows(late) == [
        ["IOP-P6", "ciwa_ar", CIWA_MESSAGE, pd.Timestamp("2026-03-10"), pd.Timestamp("2026-03-12"), 2, "AB"],
        ["IOP-P4", "ciwa_ar", CIWA_MESSAGE, pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-05"), 3, "AB"],
    ]
    assert all(step.startswith(CIWA_STEP_STARTS) for step in late["step"])


# --- a flag lowered from a higher flag never closed -------------------------------------------------------------------


def test_complicated_withdrawal_never_closed_corrected_to_moderate_names_the_earlier_flag_and_ranks_first(store, clock):
    # item 6 at 4 on 2 Mar, never closed, corrected to the moderate band on 5 Mar; a PHQ-9 of 1 Mar entered 3 Mar
    _corrected(store, clock, "IOP-P1", "phq9", ITEM9_0, ITEM9_1, D(2026, 3, 1), D(2026, 3, 3))
    _corrected(store, clock, "IOP-P5", "ciwa_ar", CIWA_TACTILE_4, CIWA_MODERATE, D(2026, 3, 2), D(2026, 3, 5))
    late = _worklist(store, "2026-03-31")
    # the earlier flag called for a medical review now (complicated withdrawal, 3 days before): its step says "now",
    # as the chart does, so it ranks ahead of the suicide risk assessment (today)
    assert late["patient"].tolist() == ["IOP-P5", "IOP-P1"]
    row = late.iloc[0]
    assert (row["flag"], row["earlier_flag"]) == (
        CIWA_MODERATE_MESSAGE,
        f"earlier flag (never closed): {TACTILE_4_MESSAGE}",
    )
    assert row["step"].startswith(LOWERED_STEP_STARTS) and row["step"].endswith(f"; {EARLIER_UNACTED}")
    assert late.iloc[1]["earlier_flag"] == "" and EARLIER_UNACTED not in late.iloc[1]["step"]
    document = programme_report(programme_data(store), "2026-03-01", "2026-03-31").to_html()
    assert "earlier flag (never closed): CIWA-Ar item 6 (Tactile disturbances) rated 4 of 7" in document
    assert "A flag a correction lowered from a higher flag never closed names that earlier flag" in document


# C-SSRS screen (Columbia screener with triage): Q4 (intent) yes is high risk, an emergency evaluation with safety
# precautions; Q1-2 yes only is low risk, "further evaluation by a behavioural-health provider" (iopkit's words).
CSSRS_HIGH = ["yes", "yes", "no", "yes", "no", "no", None]
CSSRS_LOW = ["yes", "yes", "no", "no", "no", "no", None]
# physician review R23c A1, A2: the C-SSRS low/moderate flag's new words
CSSRS_LOW_MESSAGE = "C-SSRS low risk: wish to be dead or non-specific suicidal thoughts"
CSSRS_HIGH_MESSAGE = "C-SSRS high risk: intent, plan, or suicidal behaviour in the past 3 months"
# high risk never closed, lowered by a late correction: contact now; once reached, the screen repeated first (the
# Columbia triage's high risk: intent, plan, behaviour in the past 3 months), then the new result, at least the low
# flag's call
CSSRS_LOWERED_STEP = (
    "the patient may have left since: contact the patient now; welfare check if unreachable; when reached: repeat "
    "the C-SSRS screen with the patient (questions 1-6; 4 and 5 for the past month; if 6 is yes, ask whether it was "
    "in the past 3 months) and enter it; if question 4 or 5 is yes, or behaviour was in the past 3 months: do not "
    "leave the patient alone (by phone: stay on the line and call emergency services) and arrange an immediate "
    "emergency mental-health evaluation; otherwise act on the new screen's result, and at least a same-day suicide "
    "risk assessment (the screen it replaced was high risk, never assessed); in the chart: confirm and record whether "
    "the evaluation the earlier flag called for was done"
)  # the least done: physician review R2 (session 11), should-fix 8


@pytest.mark.parametrize(("saved", "late_by"), [(D(2026, 3, 5), 3), (D(2026, 4, 1), 30)], ids=["3 days", "30 days"])
def test_c_ssrs_high_never_closed_corrected_to_low_asks_the_high_risk_questions_again_on_the_worklist(
    store, clock, saved, late_by
):
    _corrected(store, clock, "IOP-P7", "cssrs_screen", CSSRS_HIGH, CSSRS_LOW, D(2026, 3, 2), saved)
    late = _worklist(store, "2026-04-30")
    assert _rows(late) == [
        ["IOP-P7", "cssrs_screen", CSSRS_LOW_MESSAGE, pd.Timestamp("2026-03-02"), pd.Timestamp(saved), late_by, "AB"]
    ]
    row = late.iloc[0]
    assert row["earlier_flag"] == f"earlier flag (never closed): {CSSRS_HIGH_MESSAGE}"
    assert row["step"] == CSSRS_LOWERED_STEP


def test_the_worklist_step_of_a_lowered_flag_is_the_chart_s_own(store, clock):
    from iopkit.episode import Episode

    pid, _, _ = _corrected(
        store, clock, "IOP-P5", "ciwa_ar", CIWA_TACTILE_4, CIWA_MODERATE, D(2026, 3, 2), D(2026, 3, 5)
    )
    step = _worklist(store, "2026-03-31")["step"].iloc[0]
    (flag,) = Episode.from_store(store, pid, as_of=D(2026, 3, 5)).open_flags
    assert flag.reopened.endswith(f"(never closed): {step}")


def test_a_lowered_flag_whose_higher_flag_was_closed_names_no_earlier_flag(store, clock):
    pid = store.add_patient("IOP-P5")
    clock.day = D(2026, 3, 2)
    first = store.save(pid, score("ciwa_ar", CIWA_TACTILE_4), by="KM", when=clinic_time(D(2026, 3, 2), 12))
    done = FlagResolution(
        "complicated_withdrawal",
        "ciwa_ar",
        0,
        "Medical review: no delirium; thiamine given",
        "Dr B",
        D(2026, 3, 2),
        str(first),
    )
    store.save(pid, done, by="Dr B", when=D(2026, 3, 2))
    clock.day = D(2026, 3, 5)
    store.save(
        pid,
        score("ciwa_ar", CIWA_MODERATE),
        by="AB",
        when=clinic_time(D(2026, 3, 2), 12),
        amends=first,
        reason="item 6",
    )
    late = _worklist(store, "2026-03-31")
    assert late["earlier_flag"].tolist() == [""] and EARLIER_UNACTED not in late["step"].iloc[0]


def test_a_lowered_flag_corrected_more_than_14_days_late_says_and_ranks_with_today(store, clock):
    # item 6 at 4 of 1 Mar, never closed, corrected to moderate on 20 Mar (19 days): its own step, today; a PHQ-9
    # raised late is today too, and suicide risk comes first within today
    _corrected(store, clock, "IOP-P5", "ciwa_ar", CIWA_TACTILE_4, CIWA_MODERATE, D(2026, 3, 1), D(2026, 3, 20))
    _corrected(store, clock, "IOP-P1", "phq9", ITEM9_0, ITEM9_1, D(2026, 3, 2), D(2026, 3, 5))
    late = _worklist(store, "2026-03-31")
    assert late["patient"].tolist() == ["IOP-P1", "IOP-P5"]
    today = "the patient may have left since: contact the patient today; if unreachable, follow the programme's"
    assert late["step"].iloc[1].startswith(f"{today} outreach protocol; when reached: ask about confusion")


# --- what the director needs to act: days open, the reason, on site since (not a contact) ----------------------------
ON_SITE_SAID = (
    "On site since: the first day after the correction the patient was on site (attended a session, an assessment "
    "entered by staff or a drug screen; a check-in the patient answers is not counted: it may be answered away from "
    "the clinic); not a record that anyone reached the patient about this flag"
)


def test_days_open_the_reason_and_the_first_day_on_site_after_the_correction(store, clock):
    pid, _, _ = _corrected(store, clock, "IOP-P1", "phq9", ITEM9_0, ITEM9_1, D(2026, 3, 2), D(2026, 3, 5))
    sessions = schedule("2026-03-02", ["mon", "wed", "fri"], 3, 2, track="evening")
    store.save(pid, sessions, by="k", when=D(2026, 3, 2))
    # 6 Mar missed, 9 Mar left early (1.5 of 3 hours): seen on 9 Mar
    log = Attendance(sessions).record("2026-03-06", "missed").record("2026-03-09", "partial", 1.5)
    store.save(pid, log, by="k", when=D(2026, 3, 9))
    clock.day = D(2026, 3, 5)
    store.save(pid, score("gad7", [1] * 7), by="KM", when=clinic_time(D(2026, 3, 5), 15))  # the correction's day
    columns = ["days_open", "reason", "on_site_since", "on_site_as"]
    assert _worklist(store, "2026-03-31")[columns].values.tolist() == [
        [26, "mis-keyed", pd.Timestamp("2026-03-09"), "attended"]
    ]
    assert _worklist(store, "2026-03-08")[columns].values.tolist()[0][:2] == [3, "mis-keyed"]
    assert _worklist(store, "2026-03-08")[["on_site_since", "on_site_as"]].isna().all(axis=None)  # none by 8 Mar
    document = programme_report(programme_data(store), "2026-03-01", "2026-03-08").to_html()
    assert '<th class="">on site since</th>' in document and '<th class="key">on site as</th>' in document
    assert '<td>-</td><td class="key">-</td>' in document  # not on site since, by 8 Mar
    assert ON_SITE_SAID in document


def test_a_drug_screen_collected_after_the_correction_is_on_site_as_a_drug_screen_not_a_contact(store, clock):
    pid, _, _ = _corrected(store, clock, "IOP-P1", "phq9", ITEM9_0, ITEM9_1, D(2026, 3, 2), D(2026, 3, 5))
    store.save(pid, DrugScreen(D(2026, 3, 7), "urine", negative=["opioids"]), by="k", when=D(2026, 3, 7))
    late = _worklist(store, "2026-03-31")
    assert late[["on_site_since", "on_site_as"]].values.tolist() == [[pd.Timestamp("2026-03-07"), "drug screen"]]
    document = programme_report(programme_data(store), "2026-03-01", "2026-03-31").to_html()
    assert '<td>07 Mar 2026</td><td class="key">drug screen</td>' in document
    assert "not a record that anyone reached the patient about this flag" in document


def test_an_assessment_and_a_drug_screen_of_the_same_first_day_are_both_named(store, clock):
    pid, _, _ = _corrected(store, clock, "IOP-P1", "phq9", ITEM9_0, ITEM9_1, D(2026, 3, 2), D(2026, 3, 5))
    store.save(pid, DrugScreen(D(2026, 3, 12), "urine", negative=["opioids"]), by="k", when=D(2026, 3, 12))
    clock.day = D(2026, 3, 12)
    store.save(pid, score("gad7", [1] * 7), by="KM", when=clinic_time(D(2026, 3, 12), 10))
    clock.day = D(2026, 3, 20)
    store.save(pid, score("gad7", [0] * 7), by="KM", when=clinic_time(D(2026, 3, 20), 10))  # a later day: not named
    late = _worklist(store, "2026-03-31")
    assert late[["on_site_since", "on_site_as"]].values.tolist() == [
        [pd.Timestamp("2026-03-12"), "assessment, drug screen"]
    ]


def test_a_patients_check_in_after_the_correction_is_not_on_site(store, clock):
    # a check-in is the patient's own answers (Source.PATIENT), maybe on their own phone: no proof of being on site
    from iopkit.store import Source

    pid, _, _ = _corrected(store, clock, "IOP-P1", "phq9", ITEM9_0, ITEM9_1, D(2026, 3, 2), D(2026, 3, 5))
    clock.day = D(2026, 3, 9)
    store.save(pid, score("gad7", [1] * 7), by="patient", when=clinic_time(D(2026, 3, 9), 10), source=Source.PATIENT)
    assert _worklist(store, "2026-03-31")[["on_site_since", "on_site_as"]].isna().all(axis=None)


# --- the empty state --------------------------------------------------------------------------------------------------


def test_the_report_says_so_when_no_flag_raised_by_a_late_correction_is_open(store, clock):
    _corrected(store, clock, "IOP-P2", "phq9", ITEM9_0, ITEM9_1, D(2026, 3, 2), D(2026, 3, 2))  # the same day
    report = programme_report(programme_data(store), "2026-03-01", "2026-03-31")
    assert report.late_flags.empty and list(report.late_flags.columns) == WORKLIST
    document = report.to_html()
    assert "<h2>Flags raised by a late correction, still open</h2>" in document
    assert f'<p class="note">{NONE_OPEN}</p>' in document


def test_a_researcher_s_tables_without_late_flags_give_an_empty_worklist():
    stays = pd.DataFrame(
        {"patient": [1], "episode": [1], "level": ["2.1"], "track": ["evening"], "start": ["2026-03-02"], "end": [None]}
    )
    report = programme_report(ProgrammeData.from_frames(stays), "2026-03-01", "2026-03-31")
    assert report.late_flags.empty and NONE_OPEN in report.to_html()
