"""How danger signs are ranked and boxed: physician review R23c (/work/reviews/r23c.md; walk23 findings 1, 5, 8, 9, 16).

Every expectation is typed from the reviewer's words. Case WALK23-A (the reviewer's): PHQ-9 [2,2,2,2,2,1,1,1,2] (item
9 = 2), AUDIT [4,4,3,1,1,1,2,2,2,0] = 20 (item 6 = 1), C-SSRS questions 1-3 yes, all 24 Nov; placed at 2.1; screens 25
Nov negative, 30 Nov fentanyl positive (opiates negative); as of 04 Dec 2026.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import replace

import pytest

from iopkit import score
from iopkit.dose import Attendance, DosePlan, schedule
from iopkit.episode import Episode
from iopkit.flags import Flag, Severity, by_urgency
from iopkit.instruments import CATALOGUE
from iopkit.markup import flags_html
from iopkit.placement import Placement, recommend
from iopkit.records import DrugScreen

D = dt.date
TODAY = D(2026, 12, 4)
SAVED = dt.datetime(2026, 11, 24, 15, tzinfo=dt.UTC)
PHQ9 = [2, 2, 2, 2, 2, 1, 1, 1, 2]
AUDIT = [4, 4, 3, 1, 1, 1, 2, 2, 2, 0]
CSSRS_MODERATE = ["yes", "yes", "yes", "no", "no", "no", None]
CSSRS_LOW = ["yes", "no", None, None, None, "no", None]

# --- the reviewer's words (physician review R23c) --------------------------------------------------------------------
A1_BOX = "Act now: C-SSRS moderate risk: method considered, or suicidal behaviour over 3 months ago"
A1_STEP = (
    "Suicide risk assessment by a qualified clinician and safety planning before the patient leaves; consider safety "
    "precautions (do not leave the patient alone) until it is done"
)
A2_MESSAGE = "C-SSRS low risk: wish to be dead or non-specific suicidal thoughts"
A2_STEP = (
    "Suicide risk assessment by a qualified clinician today, before the patient leaves; review the safety plan and "
    "give the 988 Lifeline number"
)
B2_CALLS = (
    "Calls for a prescriber's or nurse's review the day the result is read: at this visit if the patient is here, "
    "otherwise reach the patient today (phone) to offer naloxone and arrange the review."
)
B3_BOX = "Act now: High risk of opioid overdose (fentanyl, 30 Nov): offer naloxone and overdose education today"
# R25a 3: the summary's overdose box says the screen's findings in its title, before its next step (the review's own
# box, B3_BOX, is unchanged: the summary and the progress page fold the screen's flag into it, each_once)
B3_BOX_SHOWN = (
    f"{B3_BOX}. Opiates negative: ask whether the patient knew it was fentanyl (it is in the heroin, counterfeit pill "
    "and stimulant supply); alcohol use this episode (AUDIT 20, 24 Nov): with opioids it raises the risk of fatal "
    "overdose"
)
B3_STEP = (
    "Offer naloxone and overdose education at this visit if the patient is here, otherwise reach the patient today "
    "(phone); ask about use and route; review the treatment plan, including medication for opioid use disorder "
    "(start or adjust it; never stop it or discharge the patient for a positive result); record what was done; no "
    "step-down until then"
)
B3_WITHDRAWAL_BOX = "Check: Unresolved withdrawal or medical flag(s): AUDIT item 6, morning drink ("
B3_HOLD = (
    "unresolved opioid overdose risk in this episode: drug screen of 30 Nov 2026 positive for fentanyl (not an "
    "expected medication); a step-down waits until it is resolved"
)
B4_HEADLINE = (
    "First: a same-day suicide risk assessment (unresolved suicide-risk flag); and naloxone, overdose education and a "
    "prescriber's or nurse's review the day the result is read: at this visit if the patient is here, otherwise reach "
    "the patient today (phone) (unresolved opioid overdose risk: fentanyl, 30 Nov); and a prescriber's or nurse's "
    "review today, before the patient leaves (unresolved withdrawal or medical flag). Then: continue at Level 2.1 "
    "(Intensive outpatient)"
)


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


def _titles(markup: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r"<strong>(.*?)</strong>", markup)]


@pytest.fixture
def walk23(store):
    """Case WALK23-A, saved as the reviewer saved it (/tmp/r23c/case.py)."""
    pid = store.add_patient("WALK23-A")
    for s in (score("phq9", PHQ9), score("audit", AUDIT), score("cssrs_screen", CSSRS_MODERATE)):
        store.save(pid, s, by="QA", when=SAVED)
    rec = recommend({1: 1, 2: 0, 3: 2, 4: 2, 5: 2, 6: 1})
    store.save(pid, rec, by="QA", when=SAVED)
    store.save(pid, Placement(rec, rec.level), by="QA", when=SAVED)
    sched = schedule(D(2026, 11, 25), ["mon", "wed", "fri"], 3, 12)
    store.save(pid, DosePlan(9, 12, sessions_per_week=3), by="QA", when=SAVED)
    store.save(pid, sched, by="QA", when=SAVED)
    log = Attendance(sched)
    for day, status in ((D(2026, 11, 25), "attended"), (D(2026, 11, 27), "missed")):
        log = log.record(day, status, today=TODAY)
    store.save(pid, log, by="QA", when=TODAY)
    negative = DrugScreen(D(2026, 11, 25), "urine 12-panel", negative=("fentanyl", "opiates"))
    store.save(pid, negative, by="QA", when=D(2026, 11, 25))
    fentanyl = DrugScreen(D(2026, 11, 30), "urine 12-panel", positive=("fentanyl",), negative=("opiates",))
    store.save(pid, fentanyl, by="QA", when=D(2026, 11, 30))
    return pid


def _open_flags_section(store, pid) -> str:
    from iopkit.report.patient import patient_summary_html

    page = patient_summary_html(store, pid, generated="now", today=TODAY)
    return page.split("<h2>Open flags</h2>")[1].split("</section>")[0]


# --- A1, A2: C-SSRS moderate and low risk are "Act now" --------------------------------------------------------------
def test_a1_cssrs_moderate_is_act_now_with_the_reviewers_next_step():
    (flag,) = score("cssrs_screen", CSSRS_MODERATE).flags
    assert flag.severity is Severity.CRITICAL and flag.action == A1_STEP
    box = html.unescape(flags_html([flag]))
    assert f"<strong>{A1_BOX}</strong>" in box and f"Next step: {A1_STEP}" in box


def test_a2_cssrs_low_is_act_now_with_its_message_and_next_step():
    (flag,) = score("cssrs_screen", CSSRS_LOW).flags
    assert (flag.code, flag.severity, flag.message, flag.action) == (
        "suicide_risk_low",
        Severity.CRITICAL,
        A2_MESSAGE,
        A2_STEP,
    )


# --- A5: the test rule over the catalogue, and a flag saved before the change ----------------------------------------
def test_a5_every_rule_calling_for_an_emergency_evaluation_or_a_risk_assessment_is_critical_but_pcl5_item_16():
    calls = {"emergency_evaluation", "risk_assessment"}
    rules = [(code, r) for code, inst in CATALOGUE.items() for r in inst.flags if str(r.calls_for) in calls]
    assert rules  # the rule reads something
    lesser = [(code, r.code) for code, r in rules if str(r.severity) != "critical"]
    assert lesser == [("pcl5", "possible_self_harm")]  # A4: PCL-5 item 16 stays "Check"


def test_a5_a_flag_saved_before_the_change_shows_at_its_rules_severity_the_record_unchanged(store, patient):
    fresh = score("cssrs_screen", CSSRS_MODERATE)
    old = replace(fresh, flags=tuple(replace(f, severity=Severity.WARNING) for f in fresh.flags))  # as saved before
    record_id = store.save(patient, old, by="QA", when=SAVED)
    record = store.record(record_id)
    assert [str(f.severity) for f in record.item.flags] == ["warning"]  # read back as saved
    assert store.verify().ok  # the audit chain whole: no stored byte rewritten
    (shown,) = by_urgency(record.item.flags)
    assert shown.severity is Severity.CRITICAL
    assert A1_BOX in _titles(flags_html(record.item.flags))[0]
    summary = _text(_open_flags_section(store, patient))
    assert "Act now: C-SSRS moderate risk" in summary or "Act now: Unresolved suicide-risk flag(s)" in summary
    assert "Check: C-SSRS moderate risk" not in summary


# --- A6: one order in every list -------------------------------------------------------------------------------------
def test_a6_placement_page_cssrs_moderate_right_after_phq9_item_9_both_above_audit_item_6():
    flags = [
        f for s in (score("phq9", PHQ9), score("audit", AUDIT), score("cssrs_screen", CSSRS_MODERATE)) for f in s.flags
    ]
    codes = [f.code for f in by_urgency(flags)]
    assert codes[:2] == ["suicidal_ideation", "suicide_risk_moderate"]
    assert codes.index("suicide_risk_moderate") < codes.index("withdrawal_risk")


def test_a6_the_danger_order_within_a_severity():
    """(1) emergency evaluation; (2) a critical medical review now; (3) suicide risk assessment; (4) opioid overdose;
    (5) other withdrawal or medical review; (6) level review; (7) unfinished safety questions; (8) counselling; (9)
    notes: within each severity, in that order, whatever the order given."""
    from iopkit.flags import danger

    critical = [
        Flag("opioid_positive", "o", "critical", calls_for="medical_review", medical_review="screen_read"),
        Flag("assessment", "a", "critical", calls_for="risk_assessment"),
        Flag("delirium", "d", "critical", calls_for="medical_review"),
        Flag("emergency", "e", "critical", calls_for="emergency_evaluation"),
    ]
    warnings = [
        Flag("notes", "n", "warning", calls_for="note"),
        Flag("counsel", "c", "warning", calls_for="counselling"),
        Flag("unfinished", "u", "warning", calls_for="complete_form"),
        Flag("level", "l", "warning", calls_for="level_review"),
        Flag("withdrawal", "w", "warning", calls_for="medical_review", medical_review="today"),
        Flag("inattention", "i", "warning", calls_for="medical_review", medical_review="now"),
    ]
    ordered = by_urgency([*warnings, *critical])
    assert [f.code for f in ordered] == [
        "emergency",
        "delirium",
        "assessment",
        "opioid_positive",
        "inattention",
        "withdrawal",
        "level",
        "unfinished",
        "counsel",
        "notes",
    ]
    assert [danger(f) for f in ordered] == [1, 2, 3, 4, 2, 5, 6, 7, 8, 9]


def test_a6_chart_header_and_caseload_list_suicide_then_overdose_then_audit_item_6(store, walk23):
    from iopkit.widgets.home import caseload_html
    from iopkit.widgets.page import chart_header_html

    episode = Episode.from_store(store, walk23, as_of=TODAY)
    codes = [o.flag.code for o in episode.open_flags]
    assert set(codes[:2]) == {"suicidal_ideation", "suicide_risk_moderate"}
    assert codes[2:] == ["opioid_positive", "withdrawal_risk"]
    for page in (_text(caseload_html([episode])), _text(chart_header_html(episode))):
        at = [page.index(x) for x in ("C-SSRS moderate risk", "High risk of opioid overdose", "AUDIT item 6")]
        assert at == sorted(at) and page.index("PHQ-9 item 9") < at[1]


# --- B1, B2: the opioid-overdose flag's level, and how soon ----------------------------------------------------------
def test_b1_an_unexpected_opioid_is_act_now_and_kratom_alone_stays_check():
    (fentanyl,) = DrugScreen(D(2026, 11, 30), "urine", positive=["fentanyl"], negative=["opiates"]).flags
    (heroin,) = DrugScreen(D(2026, 11, 30), "urine", positive=["heroin", "kratom"]).flags
    (kratom,) = DrugScreen(D(2026, 11, 30), "urine", positive=["kratom"]).flags
    assert (fentanyl.severity, heroin.severity, kratom.severity) == (
        Severity.CRITICAL,
        Severity.CRITICAL,
        Severity.WARNING,
    )
    assert "Do not change the level of care on the screen alone" in fentanyl.action


def test_b2_the_box_keeps_the_day_the_result_is_read_never_review_now(store, walk23):
    episode = Episode.from_store(store, walk23, as_of=TODAY)
    (flag,) = (o.flag for o in episode.open_flags if o.flag.code == "opioid_positive")
    for box in (html.unescape(flags_html([flag])), html.unescape(flags_html(episode.review_flags))):
        assert B2_CALLS in box and "review now" not in box


# --- B3, B4: the overdose box of its own, the hold and the headline --------------------------------------------------
def test_b3_the_review_gives_the_overdose_its_own_box_never_with_withdrawal(store, walk23):
    review = Episode.from_store(store, walk23, as_of=TODAY).review
    (box,) = (f for f in review.flags if f.code == "overdose_risk_due")
    assert (f"Act now: {box.message}", box.action) == (B3_BOX, B3_STEP)
    (withdrawal,) = (f for f in review.flags if f.code == "medical_review_due")
    assert f"Check: {withdrawal.message}".startswith(B3_WITHDRAWAL_BOX)
    assert "fentanyl" not in withdrawal.message and "drug screen" not in withdrawal.action
    assert B3_HOLD in [x.finding for x in review.reasons]


def test_b3_the_summary_says_the_overdose_once_in_its_box_the_findings_first_the_screens_steps_after(store, walk23):
    section = _open_flags_section(store, walk23)
    titles = _titles(section)
    assert titles.count(B3_BOX_SHOWN) == 1  # R25a 3: was B3_BOX, the findings then in its "Next step"
    assert not any(t.startswith("Act now: High risk of opioid overdose: drug screen") for t in titles)
    text = _text(section)
    assert text.count("ask whether the patient knew it was fentanyl") == 1
    before, after = text.split(f"Next step: {B3_STEP}", 1)
    # R25a 3: the findings (opiates negative, alcohol use) before the next step, no longer after it (R23c B3)
    assert "ask whether the patient knew it was fentanyl" in before and "fatal overdose" in before
    assert "ask whether the patient knew it was fentanyl" not in after
    assert "send for confirmatory (definitive) testing" in after.split("Source:")[0]
    assert next(t for t in titles if t.startswith("Check: Unresolved withdrawal")).startswith(B3_WITHDRAWAL_BOX)


def test_b4_the_review_headline_in_a6_order_with_the_overdose_step_in_its_own_words(store, walk23):
    assert Episode.from_store(store, walk23, as_of=TODAY).review.headline == B4_HEADLINE


# --- SHOULD-FIXes: A4, C1, D1, D2, D4 --------------------------------------------------------------------------------
A4_CALLS = (
    "Calls for a suicide screen today (C-SSRS screener, Intake & measures); a positive screen then calls for a suicide "
    "risk assessment before the patient leaves."
)
C1_ALCOHOL = "; alcohol use this episode (AUDIT 20, 24 Nov): with opioids it raises the risk of fatal overdose"


def test_a4_pcl5_item_16_stays_check_with_its_calls_line():
    flags = [f for f in score("pcl5", [0] * 15 + [3] + [0] * 4).flags if f.code == "possible_self_harm"]
    (flag,) = flags
    assert flag.severity is Severity.WARNING and str(flag.calls_for) == "risk_assessment"
    box = html.unescape(flags_html([flag]))
    assert "<strong>Check: PCL-5 item 16" in box and A4_CALLS in box


def test_c1_the_overdose_flag_names_alcohol_use_from_the_episodes_audit(store, walk23):
    episode = Episode.from_store(store, walk23, as_of=TODAY)
    (flag,) = (o.flag for o in episode.open_flags if o.flag.code == "opioid_positive")
    assert flag.message.endswith(C1_ALCOHOL)
    assert "review sedative and alcohol use with the patient" in flag.action and "fda_opioid_benzo2016" in flag.source


def test_c1_an_audit_under_8_with_no_alcohol_on_any_screen_names_no_alcohol(store, patient):
    store.save(patient, score("audit", [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]), by="QA", when=SAVED)
    fentanyl = DrugScreen(D(2026, 11, 30), "urine 12-panel", positive=("fentanyl",), negative=("opiates",))
    store.save(patient, fentanyl, by="QA", when=D(2026, 11, 30))
    (flag,) = (o.flag for o in Episode.from_store(store, patient, as_of=TODAY).open_flags)
    assert "alcohol" not in flag.message and "fatal overdose" not in flag.message


def test_c1_a_benzodiazepine_on_another_screen_of_the_episode_is_named_with_its_day(store, patient):
    store.save(patient, score("phq9", [0] * 9), by="QA", when=SAVED)
    benzo = DrugScreen(D(2026, 11, 25), "urine 12-panel", positive=("benzodiazepine",))
    store.save(patient, benzo, by="QA", when=D(2026, 11, 25))
    fentanyl = DrugScreen(D(2026, 11, 30), "urine 12-panel", positive=("fentanyl",), negative=("opiates",))
    store.save(patient, fentanyl, by="QA", when=D(2026, 11, 30))
    (flag,) = (o.flag for o in Episode.from_store(store, patient, as_of=TODAY).open_flags)
    assert flag.message.endswith(
        "; benzodiazepine positive on the drug screen of 25 Nov: with opioids it raises the risk of fatal overdose"
    )


def test_d1_open_flags_hold_the_three_danger_signs_and_nothing_else(store, walk23):
    titles = _titles(_open_flags_section(store, walk23))
    assert len(titles) == 3
    assert titles[0].startswith("Act now: Unresolved suicide-risk flag(s): ")
    assert titles[1] == B3_BOX_SHOWN  # R25a 3: the findings in the box's title, before its next step
    assert titles[2].startswith(B3_WITHDRAWAL_BOX)


def test_d2_no_brief_intervention_prompt_for_a_placed_patient(store, walk23):
    from iopkit.report.patient import patient_summary_html

    review = Episode.from_store(store, walk23, as_of=TODAY).review
    summary = html.unescape(patient_summary_html(store, walk23, generated="now", today=TODAY))
    for words in ("Consider the next-higher intervention level", "Offer the intervention for the risk zone"):
        assert words not in summary and not any(words in f.action for f in review.flags)
    assert any(f.code == "withdrawal_risk" for f in review.flags)  # AUDIT item 6 kept: a medical danger sign


def test_d4_the_progress_page_says_each_safety_fact_once(store, walk23):
    from iopkit.widgets import progress_app

    page = progress_app(store)
    page.start()
    page.picker.select(walk23)
    # the boxes (the decision's reasons below them name what holds the step-down, as the review says it)
    shown = html.unescape(page.review_view.value).split('<div class="iop-decision')[0]
    assert shown.count("C-SSRS moderate risk: method considered") == 1
    assert shown.count("High risk of opioid overdose") == 1
