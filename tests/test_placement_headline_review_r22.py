"""Physician review R22 (session 19, /work/reviews/r22.md), the headline and box wording after R21, typed from the
reviewer's words (never computed by iopkit).

M2: a C-SSRS high evaluated on site beside a transfer said only on a condition (an old COWS above 36's complicating
condition, an old severe CIWA-Ar's re-score, an old COWS re-scored at 37 or more, today's CIWA-Ar item 10 at 1's "if
delirium: ..."; random cases 31, 54, 63, 75, 126, 210, 353, 360 of tests/random_placements.py): after the conditional
transfer (after its "staff with the patient until handover" where said) "(if transferred: at handover tell the
receiving team that today's C-SSRS screen was high risk[ and that <each other standing screen>] and whether the
emergency evaluation for suicide risk was completed here (if so, its findings); safety precautions until handover; do
not delay the transfer for it)"; in 126 and 360 the delirium transfer named as its box names it, "(ED: emergency
evaluation for suicide risk and emergency medical evaluation in one setting)" (Joint Commission NPSG 15.01.01: the
handover is where a screen is lost; Posner et al. 2011).
"""

from __future__ import annotations

import re

import pytest

from tests.random_placements import built, cases

#: M2's words, the reviewer's, around the screens told ("today's C-SSRS screen was high risk[ and that ...]").
# R23a finding 2: where the step may give a first dose before the transfer, the last scores and any dose come first
M2_OPEN = "(if transferred: at handover tell the receiving team "
# R28 M1 (case 360): the delirium branch beside the old COWS's "if 37 or more" branch tells its delirium screen (R26b M1
# (b): one handover a branch)
# R65 F2 (was: only "scores? and any dose with its time, "): a step that screens for delirium tells the screen too
M2_SCORES = (
    r"(?:the last (?:CIWA-Ar|COWS|CIWA-Ar and COWS) scores? and any dose with its time, |the last (?:CIWA-Ar|COWS|"
    r"CIWA-Ar and COWS) scores?, the delirium screen and any dose with its time, |the delirium screen, the last "
    r"CIWA-Ar score and any thiamine or glucose given with its time, )?that "
)
# R23a finding 7 (c): the comma before "and whether"; finding 3: "safety precautions until handover" once a step (said
# by the transfer in cases 54 and 210)
M2_CLOSE = (
    ", and whether the emergency evaluation for suicide risk was completed here (if so, its findings); do not delay "
    "the transfer for it)"
)
SAFETY_AGAIN = "; safety precautions until handover; do not delay"
ON_SITE = (
    "First: emergency evaluation for suicide risk, with safety precautions, staff with the patient, until it is done"
)
ONE_SETTING_ED = "(ED: emergency evaluation for suicide risk and emergency medical evaluation in one setting)"
M2_CASES = (31, 54, 63, 75, 126, 210, 353, 360)


def first_step(headline: str) -> str:
    return re.split(r"\. (?=Also|Then)", headline, maxsplit=1)[0]


def test_m2_case_126_delirium_transfer_names_one_setting_and_tells_the_receiving_team():
    h = built(cases()[126]).headline
    said = (
        # R65 F2 (was: "...ell the receiving team the last CIWA-Ar score and any dose with its time")
        # R76b A (was: "if delirium: emergency evaluation: arrange transfer now (ED: ...")
        "if delirium: emergency evaluation: arrange transfer now by emergency services (ED: emergency evaluation for "
        "suicide risk and "
        "emergency medical evaluation in one setting); staff with the patient until handover (if transferred: at "
        # R23a finding 7 (c), (d): the ruling's words, re-typed; R26b M1 (d): the step treats withdrawal (CIWA-Ar 13
        # today): the last CIWA-Ar score and any dose with its time first
        "handover tell the receiving team the last CIWA-Ar score, the delirium screen and any dose with its time, that "
        "the C-SSRS screen "
        "of 20 Nov 2026 was high risk, and whether the "
        "emergency evaluation for suicide risk was completed here (if so, its findings); safety precautions until "
        "handover; do not delay the transfer for it); if an overdose or ingestion: no dose here"
    )
    assert said in h, h


def test_m2_case_360_delirium_transfer_names_one_setting():
    h = built(cases()[360]).headline
    said = (
        # R76b A (was: "if delirium: emergency evaluation: arrange transfer now (ED: ...")
        "if delirium: emergency evaluation: arrange transfer now by emergency services (ED: emergency evaluation for "
        "suicide risk and "
        "emergency medical evaluation in one setting); staff with the patient until handover (if transferred: at "
        # R23a finding 7 (c), (d): the ruling's words, re-typed; R28 M1: the old COWS's "if 37 or more" branch (CIWA-Ar
        # 14 today, an old COWS of 30) tells the scores and any dose and says the safety precautions (R23a finding 3),
        # so the delirium branch tells its delirium screen (R26b M1 (b): one handover a branch); before: "the last
        # CIWA-Ar and COWS scores and any dose with its time, that ... (if so, its findings); safety precautions until
        # handover; do not delay ..."
        "handover tell the receiving team the delirium screen, the last CIWA-Ar score and any thiamine or glucose "
        "given with its time, that today's C-SSRS screen was high risk, and whether the emergency "
        "evaluation for suicide risk was completed here (if so, its findings); do not delay the transfer for it)"
    )
    assert said in h, h


def test_m2_case_63_old_severe_ciwa_rescore_tells_each_screen_c_ssrs_first():
    h = built(cases()[63]).headline
    said = (
        # R63 S5 (was: "if still 15 or more, or a seizure since the last score, emergency evaluation ...")
        "if still 15 or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or "
        "more), emergency evaluation for suicide risk and emergency "
        # R76 (was: "...that can manage both: arrange transfer now (ED) (if transferred: ...")
        "medical evaluation in one setting that can manage both: arrange transfer now by emergency services (ED) (if "
        "transferred: at "
        # R23a finding 2: the re-score's first dose before the transfer (an old CIWA-Ar of 21, no COWS)
        # R67 F1 (was: "the last CIWA-Ar score and any dose with its time"): the re-score screens for delirium (R65
        # F1), so the handover tells the screen (R64 S3, R65 F2)
        "handover tell the receiving team the last CIWA-Ar score, the delirium screen and any dose with its time, that "
        "today's C-SSRS screen was high risk and that the PHQ-9 item 9 of 20 "
        "Nov 2026 was positive (never assessed), and whether the emergency evaluation for suicide risk was completed "
        "here (if so, its findings); safety precautions until handover; do not delay the transfer for it); before any "
        "dose:"
    )
    assert said in h, h


def test_m2_case_54_after_staff_until_handover():
    h = built(cases()[54]).headline
    said = (
        "arrange transfer now (ED); safety precautions, staff with the patient, until handover (if transferred: at "
        # R23a finding 2: the ruling's words, re-typed
        "handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time, that today's "
        "C-SSRS screen was high risk, and whether the emergency "
        "evaluation for suicide risk was completed here (if so, its findings); do "
        "not delay the transfer for it); if 13-36:"
    )
    assert said in h, h


def test_m2_case_54_box_keeps_its_ruled_words():
    """The COWS box of case 54 keeps R18 phase 1 case F's words (the headline's new bracket does not unmake it)."""
    r = built(cases()[54])
    box = next(f.action for f in r.flags if f.code == "buprenorphine_induction_threshold")
    assert box.startswith(
        "Re-score the COWS now (last 30 on 20 Nov 2026), with alcohol withdrawal alongside (CIWA-Ar 13 today): if 37 "
        "or more: emergency evaluation for suicide risk and emergency medical evaluation in one setting"
    ), box


@pytest.mark.parametrize("number", M2_CASES)
def test_m2_each_of_the_eight_cases_tells_the_c_ssrs_high_after_its_conditional_transfer(number: int) -> None:
    first = first_step(built(cases()[number]).headline)
    assert first.startswith(ON_SITE), first
    at = first.find(M2_OPEN)
    assert at > first.find("arrange transfer now") >= 0, first
    told = first[at + len(M2_OPEN) :]
    assert re.match(M2_SCORES + r"(?:today's C-SSRS screen|the C-SSRS screen of 20 Nov 2026) was high risk", told), told
    assert M2_CLOSE in told.replace(SAFETY_AGAIN, "; do not delay"), told
    # R28 M1: case 360's old COWS says its "if 37 or more" transfer too, told in its own bracket (R26b M1 (b): one
    # handover a branch); before: one bracket
    assert first.count(M2_OPEN) == (2 if number == 360 else 1), first


@pytest.mark.parametrize("chunk", range(4))
def test_m2_sweep_every_conditional_transfer_beside_the_on_site_evaluation_is_followed_by_the_handover(
    chunk: int,
) -> None:
    """Over the 800 random cases: where the lead is the on-site emergency evaluation for suicide risk, each
    "arrange transfer now (ED...)" of its first step (to its staff clause) is followed by M2's bracket."""
    transfer = re.compile(
        # R76, R76b A: the transfer by emergency services read too (was: r"arrange transfer now \(ED(?:: ...")
        r"arrange transfer now(?: by emergency services)? \(ED(?:: [^()]*)?\)(?:; (?:safety precautions, )?staff with "
        r"the patient,? until "
        r"handover)?(?P<next>.{0," + str(len(M2_OPEN)) + "})"
    )
    found = []
    for case in cases(800)[chunk::4]:
        first = first_step(built(case).headline)
        if not first.startswith(ON_SITE):
            continue
        for m in transfer.finditer(first):
            if m["next"] != f" {M2_OPEN}"[: len(m["next"])] or not m["next"]:
                found.append(f"{case}: {first}")
    assert not found, "\n\n".join(found)


# ---- S2 -------------------------------------------------------------------------------------------------------------
def test_s2_case_42_handover_without_a_second_bracket():
    """R21 S6/S7's handover ends ", without delaying the transfer", never "(never assessed) (do not delay the transfer
    for it) (dimension 3 rated 4, ..." (cases 42, 127, 250, 754)."""
    h = built(cases(800)[42]).headline
    said = (
        # R26b M2 (b) and M1 (c): why dimension 3 was rated 4, and the COWS re-score's dose (treat on the current score)
        "at handover tell the receiving team why dimension 3 was rated 4 (what the patient said or did), the last COWS "
        "score and any dose with its time, that the PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed), "
        "without delaying the transfer (dimension 3 rated 4, imminent danger; "
    )
    assert said in h, h


@pytest.mark.parametrize("number", (42, 127, 250, 754))
def test_s2_no_brackets_run_together(number: int) -> None:
    h = built(cases(800)[number]).headline
    assert ", without delaying the transfer (" in h, h
    assert "(do not delay the transfer for it) (" not in h, h


# ---- S5 -------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("number", (74, 160))
def test_s5_the_ed_evaluates_both_without_a_second_first_dose(number: int) -> None:
    h = built(cases(800)[number]).headline
    said = (
        # R52 ruling 5: beside today's COWS (74, 160) the bracket names the dose it holds, alcohol withdrawal's
        "re-score the CIWA-Ar before transfer only if it does not delay it (last 21 on 20 Nov 2026, severe; no dose "
        # R67 SF3: the condition names a seizure, hallucinations and disorientation (was: "if still 15 or more, the ED
        # evaluates both; re-assess")
        "for alcohol withdrawal here without today's re-score); if still 15 or more, or a seizure since the last "
        "score, or hallucinations, or disorientation (item 10 at 2 or more), the ED evaluates both; re-assess "
        "for seizures or delirium until handover"
    )
    assert said in h, h
    assert first_step(h).count("a prescriber gives a first dose for today's withdrawal before transfer") == 1, h
