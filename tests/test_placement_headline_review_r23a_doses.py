"""Physician review R23a, findings 2 (must-fix), 3, 4 and 5: the handover of a step that may give a first dose before a
transfer, one handover clause a step.

Finding 2 (must-fix): in 173 of the 800 random cases a step gives "a first dose ... before transfer" (a benzodiazepine
for alcohol withdrawal by CIWA-Ar, or buprenorphine or methadone by COWS) and the handover never tells the receiving
team the score or the dose: "an ED not told can stack doses or misread the next withdrawal score". Wanted, in every
step that can give a dose before a transfer, inside its one handover clause: "the last CIWA-Ar score and any dose with
its time" (COWS for opioids; "the last CIWA-Ar and COWS scores and any dose with its time" when both).
Finding 4: one handover clause a step ("at handover tell the receiving team ..." said 2-3 times in 60 steps), in a
fixed order: the withdrawal scores and any dose with its time, then the suicide screens, then the requests.
Finding 3: "safety precautions ... until handover" said once a step (cases 54 and 210).
Finding 5: never "(do not delay the transfer for it) (" straight into the bracket of reasons.
Basis the reviewer cites: Joint Commission NPSG 15.01.01 (the handover is where information is lost); ASAM Alcohol
Withdrawal Management Guideline 2020 (symptom-triggered dosing by CIWA-Ar); ASAM National Practice Guideline for OUD
2020 (a COWS-guided first dose).

Cases: ``tests.random_placements.cases(800)[N]``; every expected text typed from the ruling, never computed by iopkit.
A step is what the headline says up to its "Also ..." or "Then ..." sentence.
"""

from __future__ import annotations

import re

import pytest

from tests.random_placements import built, cases

# --- how the headline says a first dose before a transfer (read from the 800 headlines, typed) ----------------------
#: "a prescriber gives a first dose before transfer if it does not delay the transfer", "a first dose for today's
#: withdrawal before transfer only if ...", "(if transferred: a first dose before transfer only if ...)".
DOSE_BEFORE_TRANSFER = re.compile(r"first dose[^.;]*before transfer")
#: A step: the headline up to its "Also ..." or "Then ..." sentence.
STEP_END = re.compile(r"(?<=\.) (?=(?:Also|Then)\b)")
#: The ruling's words, typed.
CIWA = "the last CIWA-Ar score and any dose with its time"
COWS = "the last COWS score and any dose with its time"
BOTH = "the last CIWA-Ar and COWS scores and any dose with its time"
HANDOVER = "at handover tell the receiving team "
#: The ruling's words inside the step's handover clause: first in it, or after why a dimension was rated 4 (R16's
#: words, kept first in the clause, as R16 ruled them).
TOLD = re.compile(
    # R26b M2: why dimension 3 was rated 4 "(what the patient said or did)", then a comma
    r"at handover tell the receiving team (?:why dimensions? \d(?: and \d)* (?:was|were) rated 4"
    r"(?: \(what the patient said or did\))?(?:, | and ))?"
    # R65 F2 (was: only "the last ... scores? and any dose with its time"): ", the delirium screen" where it screens
    r"(?P<told>the last (?:CIWA-Ar|COWS|CIWA-Ar and COWS) scores?(?:, the delirium screen)? and any dose with its time|"
    r"the CIWA-Ar re-score, the delirium screen(?:, the last COWS score)? and any dose with its time|"
    # R62 M2 (and h1's R60 Q3 (ii) handover): an old CIWA-Ar's re-score tells "the CIWA-Ar re-score[, the delirium
    # screen] and any dose with its time" (was: "the last CIWA-Ar score and any dose with its time")
    r"the CIWA-Ar re-score and any dose with its time|"
    # R64 S3 (was: "the last CIWA-Ar and COWS scores and any dose with its time" where the step screens for delirium)
    r"the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time)"
)
#: R64 S3: both scores where the step re-scores an old CIWA-Ar whose item 10 was 1 and screens for delirium with it
#: ("... and screen for delirium (CAM or 4AT); ask what happened since"): the screen told too (typed).
BOTH_SCREENED = "the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time"
#: R65 F2 (was: CIWA, COWS where the text screens for delirium): the screen told with the score and any dose.
CIWA_SCREENED = "the last CIWA-Ar score, the delirium screen and any dose with its time"
COWS_SCREENED = "the last COWS score, the delirium screen and any dose with its time"
#: R62 M2: an old CIWA-Ar re-scored now ("re-score the CIWA-Ar now (last N on ...)"), no COWS dose: the ruled words,
#: the delirium screen named where the step screens for delirium
#: (not the old severe form's "(last 21 on 20 Nov 2026, severe)", unchanged by M2)
OLD_RESCORED = re.compile(r"re-score the CIWA-Ar now \(last \d+ on \d+ \w+ \d{4}\)")
M2_RESCORED = "the CIWA-Ar re-score and any dose with its time"
#: R26b M1 (c): an old complicated CIWA-Ar re-scored with a delirium screen, then treated on the current score, tells
#: "the CIWA-Ar re-score, the delirium screen and any dose with its time" (the boxes' words, R23b A1); beside a COWS
#: dose its last COWS score too.
RESCORED = "the CIWA-Ar re-score, the delirium screen and any dose with its time"
RESCORED_COWS = "the CIWA-Ar re-score, the delirium screen, the last COWS score and any dose with its time"
#: The CIWA-Ar and COWS keys of tests.random_placements.SCORES that a dose may treat: CIWA-Ar 10 or more (moderate,
#: severe or complicated), COWS 13 or more (ASAM OUD guideline 2020; the COWS flag's threshold).
ALCOHOL_DOSED = {"mod13", "mod13_i1", "sev21", "cmp15", "hal10"}
OPIOID_DOSED = {"19", "30", "48"}
#: Two conditional transfers in one step, each in its own branch ("if delirium: ... arrange transfer now ...; at
#: handover tell ..." and "if 37 or more: ... arrange transfer now ...; ... at handover tell ..."): a handover each,
#: not merged (not in the ruling's 173; see the report of this change).
TWO_BRANCHES = {532, 780}


#: R26b M1 (b): "a prescriber treats withdrawal (before a transfer only if ...)" tells its own branch's handover after
#: its dose sentence's re-score ("if 13-36: ... a higher level of care"), and the delirium branch its own; one handover
#: a branch ("OK as two": each branch is a different transfer and only one can happen).
BRANCH_TOLD = (
    "at handover; if transferred: at handover tell the receiving team the last",
    "at handover tell the receiving team the delirium screen, the last CIWA-Ar score and any thiamine or glucose",
)


def _branches(step: str) -> int:
    return sum(told in step for told in BRANCH_TOLD)


def _steps(headline: str) -> list[str]:
    return STEP_END.split(headline)


def _wanted(case, step: str = "", text: str = "") -> str:  # type: ignore[no-untyped-def]
    """The ruling's words for ``case``, from the scores the case gives (not from iopkit)."""
    keys = {instrument: key for instrument, key, _ in case.scores}
    alcohol, opioid = keys.get("ciwa_ar") in ALCOHOL_DOSED, keys.get("cows") in OPIOID_DOSED
    if "re-score the CIWA-Ar and screen for delirium" in step and "treat on the current score" in step:  # R26b M1 (c)
        return RESCORED_COWS if opioid else RESCORED
    if alcohol and not opioid and OLD_RESCORED.search(step):  # R62 M2 (was: CIWA)
        return RESCORED if "screen for delirium (CAM or 4AT)" in step else M2_RESCORED
    if alcohol and opioid and "and screen for delirium (CAM or 4AT); " in step:  # R64 S3 (was: BOTH)
        return BOTH_SCREENED
    # R65 F2 (was: BOTH, CIWA, COWS in every text): a text that screens for delirium tells the screen too
    whole = text or step
    if "screen for delirium (CAM or 4AT)" in whole or "delirium screen (CAM or 4AT)" in whole:
        return BOTH_SCREENED if alcohol and opioid else CIWA_SCREENED if alcohol else COWS_SCREENED
    return BOTH if alcohol and opioid else CIWA if alcohol else COWS


# --- finding 2: the sweep -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("chunk", range(4))
def test_finding_2_every_dose_before_transfer_tells_the_score_and_dose_at_handover(chunk: int) -> None:
    wrong = []
    for case in cases(800)[chunk::4]:
        h = built(case).headline
        for step in _steps(h):
            if not DOSE_BEFORE_TRANSFER.search(step):
                continue
            told = TOLD.search(step)
            if told is None or told["told"] != _wanted(case, step, h):
                wrong.append(f"{case} (wanted {_wanted(case, step, h)!r}): {step}")
    assert not wrong, "\n\n".join(wrong)


def test_finding_2_sweep_reaches_the_doses() -> None:
    """The sweep reads the steps that give a first dose before a transfer (the reviewer's 173 and more)."""
    dosed = sum(bool(DOSE_BEFORE_TRANSFER.search(built(c).headline)) for c in cases(800))
    assert dosed >= 173, dosed


# --- finding 2: named cases, the clause typed ------------------------------------------------------------------------
#: Case 11 (CIWA-Ar 21 and COWS 19 today, no suicide screen): no handover clause before; one after the dose.
CASE_11 = (
    "otherwise a prescriber gives a first dose before transfer if it does not delay the transfer; "
    # R46 Q2: beside both withdrawals the sedation watch until handover right after the first dose before transfer
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover; "
    "at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time; the patient "
    "must not drive; re-assess for seizures or delirium until handover (CIWA-Ar 21 today"
)
#: Case 102 (CIWA-Ar with hallucinations today only): the CIWA-Ar alone.
CASE_102 = (
    "otherwise a prescriber gives a first dose before transfer if it does not delay the transfer; at handover tell the "
    # R65 F2 (was: "...CIWA-Ar score and any dose with its time")
    "receiving team the last CIWA-Ar score, the delirium screen and any dose with its time; the patient must not "
    "drive"
)
#: Case 151 (COWS 30 today, dimension 3 rated 4): the COWS alone, the clause ended before the reasons.
CASE_151 = (
    "otherwise a prescriber gives a first dose for today's withdrawal before transfer only if it does not delay the "
    # R26b M2: why dimension 3 was rated 4 (what the patient said or did), first in the clause
    "transfer and the reason for rating 4 allows it; at handover tell the receiving team why dimension 3 was rated 4 "
    "(what the patient said or did), the last COWS score and any dose with its time (dimension 3 rated 4, imminent "
    "danger;"
)
#: Case 17 (dimension 1 rated 4, CIWA-Ar 14 and COWS 19 today, a PHQ-9 item 9 of 20 Nov 2026): findings 2, 4 and 7
#: together: why dimension 1 was rated 4 (R16, first), the scores and any dose, the screen, the request.
CASE_17 = (
    # R65 F2 (was: "...COWS scores and any dose with its time")
    "at handover tell the receiving team why dimension 1 was rated 4, the last CIWA-Ar and COWS scores, the delirium "
    "screen and any dose with its time, that the PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed), and ask "
    "them for a suicide "
    "risk assessment once the patient is able to answer, without delaying the transfer (dimension 1 rated 4"
)


@pytest.mark.parametrize(("number", "words"), [(11, CASE_11), (102, CASE_102), (151, CASE_151), (17, CASE_17)])
def test_finding_2_the_named_cases(number: int, words: str) -> None:
    h = built(cases(800)[number]).headline
    assert words in h, h
    assert h.count(HANDOVER) == 1, h


# --- finding 4: one handover clause a step ----------------------------------------------------------------------------
@pytest.mark.parametrize("chunk", range(4))
def test_finding_4_one_handover_clause_a_step(chunk: int) -> None:
    wrong = [
        f"{case}: {step}"
        for case in cases(800)[chunk::4]
        if case.number not in TWO_BRANCHES
        for step in _steps(built(case).headline)
        if len(re.findall(r"at handover (?:tell|give) the receiving team", step)) - _branches(step) > 1
    ]
    assert not wrong, "\n\n".join(wrong)


def test_finding_4_case_17_why_before_the_screens_once() -> None:
    """Case 17: R16's "why dimension 1 was rated 4" said in the one clause, not beside the transfer."""
    h = built(cases(800)[17]).headline
    assert "staff with the patient until handover; if the patient declines transfer" in h, h
    assert h.count("why dimension 1 was rated 4") == 1, h


# --- finding 3: safety precautions until handover once ----------------------------------------------------------------
CASE_54 = (
    "arrange transfer now (ED); safety precautions, staff with the patient, until handover (if transferred: at "
    "handover "
    "tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time, that today's C-SSRS "
    "screen was "
    "high risk, and whether the emergency evaluation for suicide risk was completed here (if so, its findings); do not "
    "delay the transfer for it); if 13-36:"
)


def test_finding_3_case_54_safety_precautions_until_handover_once() -> None:
    h = built(cases(800)[54]).headline
    assert CASE_54 in h, h


@pytest.mark.parametrize("chunk", range(4))
def test_finding_3_sweep_safety_precautions_until_handover_once_a_step(chunk: int) -> None:
    wrong = [
        f"{case}: {step}"
        for case in cases(800)[chunk::4]
        for step in _steps(built(case).headline)
        if len(re.findall(r"safety precautions[^;()]*until handover", step)) > 1
    ]
    assert not wrong, "\n\n".join(wrong)


# --- finding 5: the clause ends before the reasons ----------------------------------------------------------------
@pytest.mark.parametrize("chunk", range(4))
def test_finding_5_no_bracket_runs_into_the_reasons(chunk: int) -> None:
    wrong = [
        f"{case}: {h}"
        for case in cases(800)[chunk::4]
        for h in [built(case).headline]
        if "(do not delay the transfer for it) (" in h
    ]
    assert not wrong, "\n\n".join(wrong)
