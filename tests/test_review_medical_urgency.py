"""The continued-stay review's ``medical_review_due`` flag is as urgent as the withdrawal flags behind it, so its box
heading and its next step say one urgency (physician review); the step-down hold is the same either way.

Behind a critical withdrawal flag (CIWA-Ar hallucinations or disorientation: possible withdrawal delirium, ASAM 2020
alcohol withdrawal guideline, Table 1 and Rec VI.7) it is a prescriber's (medical) review now; behind warnings only
(a CIWA-Ar in the moderate band, Sullivan et al. 1989 and ASAM 2020: 10-18) a prescriber's or nurse's review today.
Either way no step-down is offered until the flag is resolved (iopkit's own rule). Expected texts typed from the
finding and the review's rules, never read from the code under test.
"""

import html

import pytest

import iopkit
from iopkit.markup import flags_html
from iopkit.placement import EpisodeHistory, FlagResolution, review
from iopkit.placement.levels import LevelOfCare as L

from .test_review_safety import DAY, REMITTED, STEP_DOWN_READY

# CIWA-Ar (Sullivan 1989): nausea 4, tremor 4, sweats 1, anxiety 1, agitation 1, headache 1 = 12, the moderate band;
# the same with item 10 at 2 (disoriented for date by no more than 2 calendar days) raises complicated withdrawal
MODERATE = [4, 4, 1, 1, 1, 0, 0, 0, 1, 0]
DISORIENTED = [4, 4, 1, 1, 1, 0, 0, 0, 1, 2]
TODAY = "Arrange a prescriber's or nurse's review today and record what was done; no step-down until then"
NOW = "Arrange a prescriber's (medical) review now and record what was done; no step-down until then"
HOLD_TAIL = "(ciwa_ar, week 6); a step-down waits until each is resolved"


def _review(answers, resolved=False):
    ciwa = iopkit.score("ciwa_ar", answers)
    done = tuple(
        FlagResolution(f.code, "ciwa_ar", 6, "seen by Dr B; lorazepam per protocol", "Dr B", DAY)
        for f in ciwa.flags
        if resolved
    )
    return review(EpisodeHistory(L.IOP, scores=(*REMITTED, (6, ciwa)), resolutions=done, **STEP_DOWN_READY))


def _box(r):
    (due,) = (f for f in r.flags if f.code == "medical_review_due")
    return due, html.unescape(flags_html([due]))


def test_behind_a_warning_the_box_and_its_next_step_both_say_a_review_today():
    due, box = _box(_review(MODERATE))
    assert str(due.severity) == "warning" and due.action == TODAY
    assert "<strong>Check: Unresolved withdrawal or medical flag(s): CIWA-Ar in the moderate withdrawal band" in box
    assert "Calls for a prescriber's or nurse's review today." in box
    assert f"Next step: {TODAY}" in box
    assert "review now" not in box and "Act now" not in box and 'role="alert"' not in box


def test_behind_a_critical_flag_the_box_and_its_next_step_both_say_a_prescribers_review_now():
    due, box = _box(_review(DISORIENTED))
    assert str(due.severity) == "critical" and due.action == NOW
    assert "<strong>Act now: Unresolved withdrawal or medical flag(s): CIWA-Ar item 10" in box and 'role="alert"' in box
    assert "Calls for a prescriber's (medical) review now." in box
    assert f"Next step: {NOW}" in box
    assert "nurse" not in box and "today" not in box


@pytest.mark.parametrize("answers", [MODERATE, DISORIENTED])
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
        "First: a prescriber's or nurse's review today (unresolved withdrawal or medical flag). Then:"
    )
    assert _review(DISORIENTED).headline.startswith(
        "First: a prescriber's (medical) review now (unresolved critical withdrawal or medical flag). Then:"
    )


def test_the_suicide_risk_review_flags_stay_critical():
    phq9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])
    r = review(EpisodeHistory(L.IOP, scores=(*REMITTED, (6, phq9)), **STEP_DOWN_READY))
    (due,) = (f for f in r.flags if f.code == "risk_assessment_due")
    assert str(due.severity) == "critical" and str(r.decision) == "continue"
