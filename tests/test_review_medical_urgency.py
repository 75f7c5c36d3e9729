"""The continued-stay review's ``medical_review_due`` flag is as urgent as the withdrawal flags behind it, as each
flag's own next step says (not its severity alone), so its box heading, what it calls for and its next step say one
urgency (physician review); the step-down hold is the same either way.

Behind a critical withdrawal flag (CIWA-Ar hallucinations or disorientation: possible withdrawal delirium, ASAM 2020
alcohol withdrawal guideline, Table 1 and Rec VI.7) or CIWA-Ar item 10 at 1 (inattention, an early sign of delirium:
screen for delirium, treat a low glucose at once, re-score within 1 hour) it is a prescriber's (medical) review now,
critical; behind withdrawal to treat (a CIWA-Ar in the moderate band, 10-18 should receive medication, ASAM 2020; a
COWS of 13-36, buprenorphine or methadone, ASAM 2020 OUD guideline) a prescriber's review (or a nurse under the
prescriber's withdrawal protocol) before the patient leaves, a warning (ASAM 2020 Table 1: moderate withdrawal without
complications, ambulatory); behind a sign of dependence only (withdrawal risk to assess today) the day's review.
Either way no step-down is offered until the flag is resolved (iopkit's own rule); a note for the record (the COWS
buprenorphine induction threshold, info) holds nothing. Expected texts typed from the physician review and the
review's rules, never read from the code under test.
"""

import html

import pytest

import iopkit
from iopkit.markup import flags_html
from iopkit.placement import EpisodeHistory, FlagResolution, open_safety_flags, review
from iopkit.placement.levels import LevelOfCare as L

from .test_review_safety import DAY, REMITTED, STEP_DOWN_READY

# CIWA-Ar (Sullivan 1989): nausea 4, tremor 4, sweats 1, anxiety 1, agitation 1, headache 1 = 12, the moderate band;
# the same with item 10 at 2 (disoriented for date by no more than 2 calendar days) raises complicated withdrawal
MODERATE = [4, 4, 1, 1, 1, 0, 0, 0, 1, 0]
DISORIENTED = [4, 4, 1, 1, 1, 0, 0, 0, 1, 2]
# the same with item 10 at 1 (cannot do serial additions or unsure of date: inattention) and nothing else raised
INATTENTIVE = [1, 1, 1, 1, 1, 0, 0, 0, 1, 1]
TODAY = (
    "Arrange a prescriber's or nurse's review today, before the patient leaves, and record what was done; no "
    "step-down until then"
)
PRESCRIBER = (
    "Arrange a prescriber's review (or a nurse under the prescriber's withdrawal protocol) before the patient leaves "
    "(if the patient has left, today) and record what was done; no step-down until then"
)
NOW = "Arrange a prescriber's (medical) review now and record what was done; no step-down until then"
CALLS_NOW = "Calls for a prescriber's (medical) review now."
CALLS_PRESCRIBER = (
    "Calls for a prescriber's review (or a nurse under the prescriber's withdrawal protocol) before the patient "
    "leaves; if the patient has left, today."
)
CALLS_TODAY = "Calls for a prescriber's or nurse's review today, before the patient leaves."
# R25a 4: the instrument by its name; a history without the day of week 0 (first_day) says the week, was "(ciwa_ar, ..."
HOLD_TAIL = "(CIWA-Ar, week 6); a step-down waits until each is resolved"


def _review(answers, resolved=False, instrument="ciwa_ar"):
    scored = iopkit.score(instrument, answers)
    done = tuple(
        FlagResolution(f.code, instrument, 6, "seen by Dr B; lorazepam per protocol", "Dr B", DAY)
        for f in scored.flags
        if resolved
    )
    return review(EpisodeHistory(L.IOP, scores=(*REMITTED, (6, scored)), resolutions=done, **STEP_DOWN_READY))


def _box(r):
    (due,) = (f for f in r.flags if f.code == "medical_review_due")
    return due, html.unescape(flags_html([due]))


def test_behind_withdrawal_to_treat_the_box_and_its_next_step_both_say_a_prescribers_review_before_leaving():
    due, box = _box(_review(MODERATE))
    assert str(due.severity) == "warning" and due.action == PRESCRIBER
    assert "<strong>Check: Unresolved withdrawal or medical flag(s): CIWA-Ar in the moderate withdrawal band" in box
    assert CALLS_PRESCRIBER in box and f"Next step: {PRESCRIBER}" in box
    assert "review now" not in box and "Act now" not in box and 'role="alert"' not in box
    assert "nurse's review today" not in box


# COWS 13 (Wesson & Ling 2003: 13-24 moderate) and 25 (25-36 moderately severe): pulse, sweating, restlessness, pupils,
# aches, runny nose, GI, tremor, yawning, anxiety, gooseflesh
COWS_13 = [1, 2, 3, 1, 1, 1, 1, 1, 1, 1, 0]
COWS_25 = [2, 3, 3, 2, 2, 2, 2, 2, 2, 2, 3]


@pytest.mark.parametrize("answers", [COWS_13, COWS_25])
def test_behind_opioid_withdrawal_to_treat_a_prescribers_review_before_the_patient_leaves(answers):
    r = _review(answers, instrument="cows")
    due, box = _box(r)
    assert str(due.severity) == "warning" and due.action == PRESCRIBER and CALLS_PRESCRIBER in box
    assert r.headline.startswith(
        "First: a prescriber's review before the patient leaves (unresolved withdrawal flag: treatment to decide). "
        "Then: continue at Level 2.1"
    )
    # the COWS flag's own box: the prescriber's review before the patient leaves, never "treat now" beside "today"
    own = html.unescape(flags_html(iopkit.score("cows", answers).flags))
    assert "Treat withdrawal now" not in own and "nurse's review today" not in own
    assert (
        "Next step: Prescriber's review before the patient leaves: treat withdrawal as the prescriber decides, with "
        "buprenorphine, or methadone only in an opioid treatment programme or under the 72-hour rule (given or "
        "dispensed on site, at most a 3-day supply while referral is arranged, not renewed or extended; never "
        "prescribed); re-score the COWS "
        "1-2 hours after dosing" in own
    )


def test_behind_inattention_a_prescribers_review_now_and_the_flag_critical():
    # physician review, must-fix 1: CIWA-Ar item 10 at 1 alone (a warning) cannot wait for a nurse's review today
    r = _review(INATTENTIVE)
    assert [f.code for f in iopkit.score("ciwa_ar", INATTENTIVE).flags] == ["possible_inattention"]
    due, box = _box(r)
    assert str(due.severity) == "critical" and due.action == NOW
    assert "<strong>Act now: Unresolved withdrawal or medical flag(s): CIWA-Ar item 10 at 1 " in box
    assert CALLS_NOW in box and 'role="alert"' in box and "nurse" not in box and "today" not in box
    assert r.headline.startswith(
        "First: a prescriber's (medical) review now (unresolved urgent withdrawal or medical flag). Then:"
    )
    # the flag's own box says now too, beside its next step (screen for delirium, re-score within 1 hour)
    own = html.unescape(flags_html(iopkit.score("ciwa_ar", INATTENTIVE).flags))
    assert "<strong>Check: CIWA-Ar item 10 at 1" in own and CALLS_NOW in own and "today" not in own
    assert "Next step: Medical review now: screen for delirium (CAM or 4AT)" in own
    assert "re-score the CIWA-Ar within 1 hour" in own


def test_behind_a_sign_of_dependence_only_the_days_review():
    # AUDIT item 6 (morning drink) at 1: withdrawal_risk, "Assess withdrawal risk today": no treatment to decide
    r = _review([0, 0, 0, 0, 0, 1, 0, 0, 0, 0], instrument="audit")
    due, box = _box(r)
    assert str(due.severity) == "warning" and due.action == TODAY
    assert CALLS_TODAY in box and f"Next step: {TODAY}" in box
    # physician re-review, should-fix 5: the box, the next step and the headline say "today, before the patient
    # leaves" alike
    assert r.headline.startswith(
        "First: a prescriber's or nurse's review today, before the patient leaves (unresolved withdrawal or medical "
        "flag)"
    )


def test_the_buprenorphine_induction_note_holds_no_step_down_and_is_no_safety_flag():
    # physician review, should-fix 6: COWS > 12 raises the info note and the moderate warning; resolving the warning
    # alone steps down, and the note is no unresolved withdrawal or medical flag
    cows = iopkit.score("cows", COWS_13)
    assert {f.code for f in cows.flags} == {"moderate_opioid_withdrawal", "buprenorphine_induction_threshold"}
    scores = (*REMITTED, (6, cows))
    assert [f.code for _, _, f in open_safety_flags(scores)] == ["moderate_opioid_withdrawal"]
    done = FlagResolution("moderate_opioid_withdrawal", "cows", 6, "buprenorphine 4 mg by Dr B", "Dr B", DAY)
    after = review(EpisodeHistory(L.IOP, scores=scores, resolutions=(done,), **STEP_DOWN_READY))
    assert str(after.decision) == "step_down" and not any("buprenorphine" in f.message for f in after.flags)
    assert not any(x.code == "unresolved_medical_review" for x in after.reasons)
    # unresolved, the warning still holds, and the note is not listed behind it
    before = review(EpisodeHistory(L.IOP, scores=scores, **STEP_DOWN_READY))
    (hold,) = (x for x in before.reasons if x.code == "unresolved_medical_review")
    assert "COWS 13-24 (moderate withdrawal)" in hold.finding and "buprenorphine" not in hold.finding
    assert str(before.decision) == "continue"


def test_behind_a_critical_flag_the_box_and_its_next_step_both_say_a_prescribers_review_now():
    due, box = _box(_review(DISORIENTED))
    assert str(due.severity) == "critical" and due.action == NOW
    assert "<strong>Act now: Unresolved withdrawal or medical flag(s): CIWA-Ar item 10" in box and 'role="alert"' in box
    assert CALLS_NOW in box
    assert f"Next step: {NOW}" in box
    assert "nurse" not in box and "today" not in box


@pytest.mark.parametrize("answers", [MODERATE, DISORIENTED, INATTENTIVE])
def test_the_step_down_hold_is_the_same_whatever_the_severity(answers):
    r = _review(answers)
    assert str(r.decision) == "continue" and r.next_level is L.IOP and not r.taper
    (hold,) = (x for x in r.reasons if x.code == "unresolved_medical_review")
    assert hold.finding.startswith("unresolved withdrawal or medical flag(s) in this episode: CIWA-Ar ")
    assert hold.finding.endswith(HOLD_TAIL) and hold.source == "iopkit"
    assert r.headline.endswith("Then: continue at Level 2.1 (Intensive outpatient)")
    # resolved, the same history steps down (remitted, 3 negative screens, 90 % attendance)
    after = _review(answers, resolved=True)
    assert str(after.decision) == "step_down" and "medical_review_due" not in {f.code for f in after.flags}


def test_the_headline_says_the_same_urgency_as_the_box():
    assert _review(MODERATE).headline.startswith(
        "First: a prescriber's review before the patient leaves (unresolved withdrawal flag: treatment to decide). "
        "Then:"
    )
    assert _review(DISORIENTED).headline.startswith(
        "First: a prescriber's (medical) review now (unresolved urgent withdrawal or medical flag). Then:"
    )


def test_the_suicide_risk_review_flags_stay_critical():
    phq9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])
    r = review(EpisodeHistory(L.IOP, scores=(*REMITTED, (6, phq9)), **STEP_DOWN_READY))
    (due,) = (f for f in r.flags if f.code == "risk_assessment_due")
    assert str(due.severity) == "critical" and str(r.decision) == "continue"


# Physician review, must-fix 2 (the placement headline's rule, test_placement_headline_urgency.py): CIWA-Ar item 10
# at 1 may be early delirium, which needs action at once (ASAM 2020 alcohol withdrawal guideline) and makes a suicide
# risk assessment unreliable: the review now leads, the same-day assessment follows before the patient leaves; an
# emergency evaluation still leads both.
RISK_AFTER_NOW = (
    "First: a prescriber's (medical) review now (unresolved urgent withdrawal or medical flag); then, before the "
    "patient leaves, a same-day suicide risk assessment (unresolved suicide-risk flag). Then: continue at Level 2.1 "
    "(Intensive outpatient)"
)


def test_a_review_now_leads_before_a_same_day_suicide_risk_assessment():
    item9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])  # item 9 "several days"
    scores = (*REMITTED, (6, item9), (6, iopkit.score("ciwa_ar", INATTENTIVE)))
    assert review(EpisodeHistory(L.IOP, scores=scores, **STEP_DOWN_READY)).headline == RISK_AFTER_NOW


def test_a_review_before_the_patient_leaves_still_follows_the_suicide_risk_assessment():
    item9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])
    scores = (*REMITTED, (6, item9), (6, iopkit.score("ciwa_ar", MODERATE)))
    assert review(EpisodeHistory(L.IOP, scores=scores, **STEP_DOWN_READY)).headline == (
        "First: a same-day suicide risk assessment (unresolved suicide-risk flag); and a prescriber's review before "
        "the patient leaves (unresolved withdrawal flag: treatment to decide). Then: continue at Level 2.1 (Intensive "
        "outpatient)"
    )


def test_an_emergency_evaluation_still_leads_a_review_now():
    cssrs = iopkit.score("cssrs_screen", [1, 1, 0, 1, 0, 0, None])  # Q4 "yes": high risk (Columbia triage)
    item9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])
    scores = (*REMITTED, (6, cssrs), (6, item9), (6, iopkit.score("ciwa_ar", INATTENTIVE)))
    # walk24 2: the emergency evaluation covers the PHQ-9 item 9's risk assessment (never asked twice) and decides the
    # level, as the placement headline says
    assert review(EpisodeHistory(L.IOP, scores=scores, **STEP_DOWN_READY)).headline == (
        "First: safety precautions and an immediate emergency evaluation for suicide risk (unresolved high-risk flag); "
        "and a prescriber's (medical) review now (unresolved urgent withdrawal or medical flag). Then, as the "
        "evaluation decides: Level 2.1 (Intensive outpatient)"
    )
