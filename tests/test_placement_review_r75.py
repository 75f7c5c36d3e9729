"""Physician review R75 (session 42), item 1, typed from the ruling.

The complicated_withdrawal box (a CIWA-Ar of today with hallucinations or disorientation: possible withdrawal
delirium) arranges the headline's transfer now, with staff until handover, and "do not manage as ambulatory
withdrawal". Read alone it said no refusal path and no driving rule, though the headline beside it says both. R75
item 1 (must-fix): at the end of the step, after "do not manage as ambulatory withdrawal" (earlier, "arrange the
highest level of care the patient accepts" would read against it), the box says the transfer's refusal and "the
patient must not drive":

- a medical transfer: the capacity clause, "; if the patient declines transfer: the prescriber assesses and records
  capacity to decline (without capacity: transfer by emergency services; with capacity: ...); the patient must not
  drive";
- the one setting beside a C-SSRS high: "; if the patient declines transfer or tries to leave: staff stay with the
  patient and call emergency services for an emergency mental-health assessment (local involuntary-assessment
  procedure); the patient must not drive";
- the one setting beside dimension 3 rated 4: the same, staff "(at a safe distance if there is a risk of violence)".

Dimension 1's rating-below box repeats the step; where it goes on with a transfer of its own (the severe box's
"arrange transfer now ...; if the patient declines transfer: ..."), that transfer's refusal and driving rule follow, so
the step says none of its own: one refusal path in a box.

Item 3a (must-fix), scoped by R75b Q1 and Q2: possible delirium travels by ambulance, so where complicated withdrawal
was found today the transfer says "arrange transfer now by emergency services", in the box and in the headline's first
step alike (beside a C-SSRS high or dimension 3 rated 4 too): 75 headlines. Item 3b with R75b Q3: in dimension 1's
rating-below box the severe box's opening transfer that follows the step is dropped (the step's own, now by emergency
services, says it; 40 boxes), and any later transfer in that box says "by emergency services" (case 419's COWS
branch). Item 3c (should-fix): "; give thiamine and check blood glucose" after "assess for alcohol withdrawal
delirium", once in a box (not where the box says it later).

Item 2 (must-fix), ruled text by text in R75c: "; the patient must not drive" straight after every "call emergency
services for an emergency mental-health assessment (local involuntary-assessment procedure)" that does not say it (a
patient at high suicide risk, beside a withdrawal transfer or not, is told no driving rule on every path: the car is a
means of self-harm). The C-SSRS high-risk flag's own box says it (so the intake page and the placement agree). R75c
rule 1: in a headline, every patient passes through its first step, so the rule is outright for the whole headline and
a dose's driving clause after it goes (37 headlines; the cases typed below). Rule 2: in a box, inside a "15 or more"
transfer branch, the rule is that branch's own and the box keeps its dose clause (7 boxes). Rules 3 and 4: not where a
driving rule later in the box already covers that path, said outright or the release "until the medical review finds
the patient not delirious or intoxicated" (59 texts: severe_alcohol_withdrawal, possible_inattention and the
rating-below boxes that repeat them). With item 1, dimension 1's rating-below box that says the complicated step's own
driving rule outright says no dose's driving clause in the severe COWS re-score joined after it (R44 Q2, R31 M5;
cases 154, 419, 526, 685, 775).
"""

from __future__ import annotations

import re

import pytest

import iopkit

from .random_placements import all_built, only_box, texts

STEP = "Medical review now: assess for alcohol withdrawal delirium; "
#: R75 3c, typed.
THIAMINE = "give thiamine and check blood glucose; "
#: R75 3a, typed.
BY_AMBULANCE = "arrange transfer now by emergency services"
#: R76 ruling 1 and R76b A, typed: the same words after what a CIWA-Ar re-score finds, or after a positive delirium
#: screen; these transfers are not R75 3a's.
R76_BY_AMBULANCE = re.compile(
    r"(?:\(item 10 at 2 or more\)[:,] |\(item 10 at 2 or more\), emergency evaluation for suicide risk and emergency "
    r"medical evaluation in one setting that can manage both: |or a total of 15 or more: |can also manage withdrawal \("
    r"|if delirium(?: \(a complicating condition on the COWS flag\))?: emergency evaluation: )"
    r"arrange transfer now by emergency services"
)
#: R75 item 1, typed.
CAPACITY = (
    "; if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening); the "
    "patient must not drive"
)
HOLD = (
    "; if the patient declines transfer or tries to leave: staff stay with the patient and call emergency services for "
    "an emergency mental-health assessment (local involuntary-assessment procedure); the patient must not drive"
)
HOLD_D3 = (
    "; if the patient declines transfer or tries to leave: staff stay with the patient (at a safe distance if there is "
    "a risk of violence) and call emergency services for an emergency mental-health assessment (local "
    "involuntary-assessment procedure); the patient must not drive"
)
NOT_AMBULATORY = "; staff with the patient until handover; do not manage as ambulatory withdrawal"


@pytest.mark.parametrize(
    ("number", "transfer", "refusal"),
    [
        (38, " to medically managed withdrawal (ED, or 4-WM)", CAPACITY),
        (24, " (ED: emergency evaluation for suicide risk and emergency medical evaluation in one setting)", HOLD),
        (48, " (ED: emergency psychiatric evaluation and emergency medical evaluation in one setting)", HOLD_D3),
        (194, " (ED)", CAPACITY),
        (326, " (ED, or 4-WM)", CAPACITY),
    ],
    ids=["own transfer", "C-SSRS high", "dimension 3 rated 4", "dimension 2 rated 4", "dimension 1 rated 4"],
)
def test_the_box_reads_whole_with_its_refusal_and_driving_rule(number, transfer, refusal):
    box = only_box(number, "complicated_withdrawal")
    assert box == STEP + THIAMINE + BY_AMBULANCE + transfer + NOT_AMBULATORY + refusal, box


@pytest.mark.parametrize(
    ("number", "first"),
    [
        (
            38,
            "First: emergency medical evaluation: " + BY_AMBULANCE + " to medically managed withdrawal (ED, or 4-WM); ",
        ),
        (
            24,
            "First: emergency evaluation for suicide risk and emergency medical evaluation in one setting that can "
            "manage both: " + BY_AMBULANCE + " (ED); safety precautions, staff with the patient, until handover; ",
        ),
        (
            48,
            "First: emergency psychiatric evaluation and emergency medical evaluation in one setting that can manage "
            "both: " + BY_AMBULANCE + " (ED); safety precautions, staff with the patient, until handover; ",
        ),
        (
            194,
            "First: emergency medical evaluation: " + BY_AMBULANCE + " (ED); staff with the patient until handover; ",
        ),
        (326, "First: emergency medical evaluation: " + BY_AMBULANCE + " (ED, or 4-WM); "),
    ],
)
def test_the_headline_transfers_by_emergency_services_with_its_box(number, first):
    headline = only_box(number, "headline")
    assert headline.startswith(first), headline
    assert headline.count("arrange transfer now") == 1, headline


def test_case_95_rating_below_box_says_it_before_its_reason():
    box = only_box(95, "rated_below_suggestion_d1")
    assert box == (
        STEP
        + THIAMINE
        + BY_AMBULANCE
        + " to medically managed withdrawal (ED, or 4-WM)"
        + NOT_AMBULATORY
        + CAPACITY
        + "; record the reason for the lower rating with the placement decision"
    ), box


def test_case_38_rating_below_box_says_the_transfer_and_its_refusal_once():
    """R75 3b: the severe box's opening transfer dropped; its refusal, screen (thiamine) and driving rule follow."""
    box = only_box(38, "rated_below_suggestion_d1")
    assert box.startswith(
        STEP
        + BY_AMBULANCE
        + " to medically managed withdrawal (ED, or 4-WM)"
        + NOT_AMBULATORY
        + CAPACITY.removesuffix("; the patient must not drive")
        + "; before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs "
        "of sedative intoxication), give thiamine and check blood glucose; "
    ), box
    for said in ("arrange transfer now", "if the patient declines transfer", "thiamine"):
        assert box.count(said) == 1, (said, box)
    assert "; the patient must not drive; re-assess for seizures or delirium until handover" in box, box


def test_case_419_rating_below_box_says_every_transfer_by_emergency_services():
    """R75b Q3: the COWS branch's transfer after the step, in the same box."""
    box = only_box(419, "rated_below_suggestion_d1")
    assert box.count("arrange transfer now") == box.count(BY_AMBULANCE) == 2, box
    assert (
        "emergency evaluation for suicide risk and emergency medical evaluation in one setting that can manage both: "
        + BY_AMBULANCE
        + " (ED)"
    ) in box, box


def test_every_headline_of_complicated_withdrawal_today_and_no_other_transfers_by_emergency_services():
    """Its reach in the 800 random cases, typed from the build's count: the 75 cases of the short box."""
    # R76 (was: BY_AMBULANCE in the headline): R76's transfers by emergency services are not counted
    by_ambulance = {
        n
        for n in all_built()
        if only_box(n, "headline").count(BY_AMBULANCE) > len(R76_BY_AMBULANCE.findall(only_box(n, "headline")))
    }
    with_box = {n for n in all_built() for c, t in texts(n) if c == "complicated_withdrawal" and t.startswith(STEP)}
    assert by_ambulance == with_box and len(with_box) == 75


def test_every_box_of_the_step_says_one_refusal_and_the_driving_rule_after_it():
    """Every box with the complicated_withdrawal step of today transfers by emergency services, says thiamine once, and
    after the step exactly one refusal path with the driving rule: the step's own in one of the three ruled forms, or in
    a rating-below box the severe box's that follows; its reach in the 800 random cases typed from the build's count
    (75 complicated_withdrawal boxes, 71 rating-below boxes, 31 of them with the step's own refusal)."""
    reach: dict[str, int] = {}
    own = 0
    for number in all_built():
        for code, text in texts(number):
            if not text.startswith(STEP) or "do not manage as ambulatory withdrawal" not in text:
                continue
            reach[code] = reach.get(code, 0) + 1
            step, after = text.split(NOT_AMBULATORY, 1)
            assert BY_AMBULANCE in step and text.count("thiamine") == 1, (number, code, text)
            assert text.count("if the patient declines transfer") == 1, (number, code, text)
            assert after.startswith("; if the patient declines transfer"), (number, code, text)
            if any(after.startswith(r) for r in (CAPACITY, HOLD, HOLD_D3)):
                own += 1
            else:  # the rating-below box's severe transfer's refusal, its driving rule later
                assert code == "rated_below_suggestion_d1", (number, code, text)
                assert "; the patient must not drive;" in after, (number, text)
    assert (reach, own) == ({"complicated_withdrawal": 75, "rated_below_suggestion_d1": 71}, 106)


# --- item 2: the driving rule after the mental-health hold ----------------------------------------------------------

#: The hold's call, typed.
CALL = "call emergency services for an emergency mental-health assessment (local involuntary-assessment procedure)"
#: R75 item 2, typed.
NOT_DRIVING = "; the patient must not drive"
#: The C-SSRS high-risk box, typed (R6 must-fix 4's words, then R75 item 2's).
HIGH_BOX = (
    "Safety precautions now: do not leave the patient alone; arrange an immediate emergency mental-health evaluation, "
    "which decides any hospitalisation; if the patient declines it or tries to leave: staff stay with the patient and "
    + CALL
    + NOT_DRIVING
)


def test_the_c_ssrs_high_risk_box_says_it_on_the_intake_page_and_in_the_placement():
    high = iopkit.score("cssrs_screen", ["yes", "yes", "no", "yes", "no", "no", None])
    assert [f.action for f in high.flags if f.code == "suicide_risk_high"] == [HIGH_BOX]
    assert only_box(24, "suicide_risk_high") == HIGH_BOX
    assert only_box(24, "rated_below_suggestion_d3") == (
        HIGH_BOX + "; record the reason for the lower rating with the placement decision"
    )


def test_case_54_headline_says_it_and_no_dose_clause_after_it():
    """R75c rule 1 (was: "...; if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must
    not drive today" later in the headline, and no driving rule after the hold)."""
    headline = only_box(54, "headline")
    assert headline.startswith(
        "First: emergency evaluation for suicide risk, with safety precautions, staff with the patient, until it is "
        "done; if the patient declines it or tries to leave: staff stay with the patient and "
        + CALL
        + NOT_DRIVING
        + "; and re-score the COWS now (last 30 on 20 Nov 2026), with alcohol withdrawal alongside (CIWA-Ar 13 today): "
    ), headline
    assert "if any dose is given" not in headline, headline


def test_case_33_box_branch_says_its_own_and_keeps_the_dose_clause():
    """R75c rule 2: inside the "15 or more" branch; the going-home branch keeps its own dose clause."""
    box = only_box(33, "moderate_opioid_withdrawal")
    assert CALL + NOT_DRIVING + "; otherwise, if not intoxicated: treat withdrawal" in box, box
    assert (
        "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today" in box
    )


@pytest.mark.parametrize(
    ("number", "code", "after"),
    [
        (63, "severe_alcohol_withdrawal", "; before any dose: ask about any overdose or ingestion today"),
        (6, "possible_inattention", "; if an overdose or ingestion: no dose here (call emergency "),
    ],
)
def test_not_where_a_later_rule_covers_the_path(number, code, after):
    """R75c rules 3 and 4: the box as it was after the hold."""
    box = only_box(number, code)
    assert CALL + after in box, box


def test_case_154_rating_below_box_says_no_dose_clause_after_the_steps_rule():
    box = only_box(154, "rated_below_suggestion_d1")
    assert box.count("the patient must not drive") == 2, box  # the step's, and the intoxication hold's "... today)"
    assert "if any dose is given" not in box, box
    assert box.endswith(
        "if below 37: a first dose before transfer only if it does not delay the transfer (buprenorphine or methadone "
        "only on a COWS re-scored today); record the reason for the lower rating with the placement decision"
    ), box


#: R75c rule 1's cases, typed from the ruling, by the dose clause each headline drops.
DROPPED = {
    "after a first dose of buprenorphine or methadone the patient must not drive today": {
        19,
        31,
        36,
        66,
        153,
        297,
        305,
        315,
        353,
        363,
        483,
        487,
        650,
        718,
    },
    "if a dose is given: the patient must not drive today": {
        140,
        234,
        247,
        370,
        458,
        482,
        501,
        549,
        595,
        693,
        724,
        766,
    },
    "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today": {54, 210},
    "if any dose is given: the patient must not drive today": {120},
}


def test_every_hold_says_the_driving_rule_but_where_a_later_rule_covers_it():
    """Over the 800 cases: every hold is followed by the rule, except in the 59 texts of R75c rules 3 and 4, each with a
    later outright rule or the release; no headline says a dose's driving clause after its hold (rule 1's cases are the
    ones that said one; R75d Q3: nor any other headline, case 360's)."""
    covered = re.compile(r"the patient must not drive(?! today| until| unless)| until the medical review finds")
    unsaid: dict[str, int] = {}
    holds = headlines = 0
    for number in all_built():
        for code, text in texts(number):
            for m in re.finditer(re.escape(CALL), text):
                holds += 1
                if text.startswith(NOT_DRIVING, m.end()):
                    continue
                assert covered.search(text, m.end()), (number, code, text)
                unsaid[code] = unsaid.get(code, 0) + 1
            if code == "headline" and CALL + NOT_DRIVING in text:  # R75d Q3: no dose clause after it in any headline
                after = text[text.index(CALL + NOT_DRIVING) :]
                assert not any(f"; {clause}" in after for clause in DROPPED), (number, text)
                headlines += 1
    assert unsaid == {"severe_alcohol_withdrawal": 18, "possible_inattention": 13, "rated_below_suggestion_d1": 28}
    assert holds > 500 and headlines == 184


def test_case_360_headline_drops_its_dose_clause_too():
    """R75d Q3 (must-fix): the headline said the rule after its hold before R75, and a dose clause later (was: "...
    until handover or while the patient is on site; if any dose is given (a benzodiazepine, buprenorphine or
    methadone): the patient must not drive today (high suicide risk ...")."""
    headline = only_box(360, "headline")
    assert "until handover or while the patient is on site (high suicide risk (C-SSRS screen)" in headline, headline
    assert "if any dose is given" not in headline, headline
