"""Physician re-review R39, should-fix C10: an old CIWA-Ar or COWS (scored on 20 Nov 2026, not today) re-scored now and
treated on the current score(s) at an ambulatory level (Level 0.5-2.5) is a dose given on site, so the first step says
how the patient goes home after it.

The physician's ruling (R39, answer 10), typed: right after that step's last dosing clause, where the headline has no
driving clause on that path, "; if a dose is given: the patient must not drive today" (the any-dose form where a
CIWA-Ar and a COWS are both scored and treated); for a CIWA-Ar, "; re-score the CIWA-Ar within 1 hour of a dose and at
the end of the visit"; then the going-home sentence: alcohol only, case 170's; a CIWA-Ar with a COWS, case 204's form
with naloxone outright; a COWS only, the routine opioid clause (R39 S3); where the step waits for a suicide evaluation,
the sentence opens "if the evaluation lets the patient go home after a dose given on site: only if ...". Never on a
path that transfers the patient, never twice.
"""

from __future__ import annotations

import pytest

from tests.random_placements import built, cases
from tests.test_placement_physician_cases import R60_Q2A

#: R39 C10: the driving clause for a dose, the physician's words.
IF_DOSED = "if a dose is given: the patient must not drive today"
#: R39 C10: the CIWA-Ar's re-score after a dose, the physician's words.
RESCORE = "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit"
#: Case 170's going-home sentence (alcohol only), typed from the review.
HOME_ALCOHOL = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused, walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a "
    "supportive person to stay overnight (and, if the patient also uses opioids, with naloxone in hand and the "
    "supportive person shown how to use it), and the patient and the supportive person told not to add alcohol or "
    "other sedatives"
)
#: Case 204's form (a CIWA-Ar with a COWS), naloxone outright, typed from the review.
HOME_BOTH = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused, walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a "
    "supportive person to stay overnight, with naloxone in hand and the supportive person shown how to use it, and "
    "the patient and the supportive person told not to add alcohol or other sedatives"
)
#: R32 S3/S4 with R39 C10: case 204's form where the step names buprenorphine as a dose (cases 119, 723, 604): S3's
#: condition last of the patient's, "and" moved before it (physician review R32, should-fix S3, the reviewer's words).
HOME_BOTH_BUPRENORPHINE = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused, walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, and has a COWS "
    "re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with a "
    "supportive person to stay overnight, with naloxone in hand and the supportive person shown how to use it, and "
    "the patient and the supportive person told not to add alcohol or other sedatives"
)
#: The routine opioid clause (a COWS only; R39 S3), typed from the review.
HOME_OPIOID = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused, with naloxone in hand (and any supportive person shown how to use it), and the patient and any "
    "supportive person told not to add alcohol or other sedatives"
)
#: Physician review R44, Q1: the routine opioid clause after an old COWS's re-score whose step names no buprenorphine
#: (cases 22, 787): R32 S3 "if buprenorphine is given", the reviewer's words.
HOME_OPIOID_IF_BUPRENORPHINE = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused, and, if buprenorphine is given, has a COWS re-score after the last buprenorphine dose no higher than "
    "before it (no precipitated withdrawal), with naloxone in hand (and any supportive person shown how to use it), "
    "and the patient and any supportive person told not to add alcohol or other sedatives"
)
#: R32 S3/S4 with R39 C10: the plain going-home sentence ends with what happens while its conditions are not met
#: (physician review R32, should-fix S4, the reviewer's words); never in the evaluation form.
# R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
OTHERWISE = (
    "; otherwise the patient stays on site until these conditions are met, or a higher level of care is arranged"
)
#: R32 S3/S4 with R39 C10: where the step names buprenorphine as a dose, the last condition the patient meets
#: (physician review R32, should-fix S3, the reviewer's words).
BUPRENORPHINE_CONDITION = (
    ", and has a COWS re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal)"
)
#: Where the step waits for a suicide evaluation: the sentence's opening, the physician's words.
EVALUATION = "if the evaluation lets the patient go home after a dose given on site: only if "
#: R43 should-fix 2 (4(b)), the reviewer's words: the evaluation form's own end after "... told not to add alcohol or
#: other sedatives" (its branch, not R32 S4's bare "; otherwise").
EVALUATION_END = (
    "; if the evaluation lets the patient go home but these conditions are not met: the patient stays on site until "
    "they are met, or a higher level of care is arranged"
)

#: R57 M1: an old moderate re-score's screen before any dose and its hold (the CIWA-Ar, ambulatory), with thiamine and
#: blood glucose, as the old severe re-score's.
R57_CIWA = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose now (ask the patient to stay on site and repeat the "
    "screen and the score when it clears; if it has not cleared by the end of the session, or withdrawal worsens: "
    "arrange a higher level of care; the patient must not drive today; if the patient insists: offer a lift or a "
    "taxi, and follow local policy); otherwise "
)

#: R58 M1a: an old moderate CIWA-Ar re-score's closing after its hold (physician review R58, must-fix M1a, its words).
R58_M1A = (
    "otherwise, on the re-score: if 15 or more, or a seizure since the last score, or hallucinations, or "
    "disorientation (item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM); staff "
    "with the patient until handover; if the patient declines transfer: the prescriber assesses and records capacity "
    "to decline (without capacity: transfer by emergency services; with capacity: record the advice given and the "
    "risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell "
    "the patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    "worsening); if delirium: no dose here; call emergency services "
    "for the ED; if below 15: a prescriber treats on today's score (medication at 10 or more; consider at 8-9)"
)

#: R57 M1: an old moderate re-score's screen before any dose and its hold (the COWS alone, ambulatory), as the old
#: severe COWS re-score's.
R57_COWS = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if "
    "intoxicated: no dose now (ask the patient to stay on site and repeat the screen and the score when it clears; if "
    "it has not cleared by the end of the session: the prescriber arranges a higher level of care or the first dose on "
    "another day, with naloxone in hand; the patient must not drive today; if the patient insists: offer a lift or a "
    "taxi, and follow local policy); otherwise "
)
#: Case 170's conditions after "only if " (alcohol only).
ALCOHOL_CONDITIONS = HOME_ALCOHOL.removeprefix("after a dose given on site, the patient goes home only if ")


#: R61 section 2 / R62 M2 / R63 SF1 over R60 Q2(a)'s typed step: physician_cases' R60_Q2A now types the bridging dose
#: of a patient not intoxicated, its handover and the hold's driving clause itself (was: a replace of its "...services);
#: if intoxicated: no dose here, and at handover tell the receiving team the breath ..." here, a no-op once both
#: builds' re-typing met in the merge)
R60_Q2A_R62 = R60_Q2A
assert "if not intoxicated: a first dose before transfer" in R60_Q2A_R62


def _headline(number: int) -> str:
    return built(cases(800)[number]).headline


def test_case_45_alcohol_only_driving_re_score_then_case_170s_sentence() -> None:
    assert _headline(45).startswith(
        # R57 M1: the screen before any dose and its hold
        # R58 M1a: the closing, was "treat on the current score"
        # R60 Q2(a): the severe branch before the hold (was: "(last 13 on 20 Nov 2026): " + R57_CIWA's hold + R58_M1A)
        # R61/R62 M2: R60_Q2A_R62 (was: R60_Q2A)
        "First: re-score the CIWA-Ar now (last 13 on 20 Nov 2026)" + R60_Q2A_R62 + "; "
        # R32 S3/S4 with R39 C10: the plain sentence ends with S4's words
        f"{IF_DOSED}; {RESCORE}; {HOME_ALCOHOL}{OTHERWISE} (CIWA-Ar in the moderate withdrawal band (CIWA-Ar of 20 "
        "Nov 2026, not re-scored today): dimension 1 rated 1, below the 2 it calls for). "
    )


@pytest.mark.parametrize(("number", "last"), [(119, 19), (723, 30)])
def test_cases_119_723_ciwa_ar_with_cows_keep_their_driving_clause_and_say_case_204s_form(
    number: int, last: int
) -> None:
    h = _headline(number)
    # the driving clause R39 C4 put after the old COWS's treatment stays where it was, once
    any_dose = "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
    assert f"re-score the COWS now (last {last} on 20 Nov 2026); treat on the current score; {any_dose}; at a " in h, h
    assert h.count(any_dose) == 1, h
    assert IF_DOSED not in h, h
    assert (
        "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the "
        # R32 S3/S4 with R39 C10: the plain sentence ends with S4's words
        f"patient is on site (if transferred: until handover); {RESCORE}; {HOME_BOTH_BUPRENORPHINE}{OTHERWISE} "
        "(CIWA-Ar in the severe withdrawal band (CIWA-Ar of 20 Nov 2026, not re-scored today)"
    ) in h, h


def test_case_604_ciwa_ar_with_cows_goes_home_after_the_same_day_assessment() -> None:
    h = _headline(604)
    assert (
        f"(if transferred: until handover); {RESCORE}; then, before the patient leaves, a same-day suicide risk "
        "assessment"
    ) in h, h
    # R32 S3/S4 with R39 C10: buprenorphine named as a dose (S3); the plain sentence ends with S4's words
    assert f"do not delay the transfer for it); {HOME_BOTH_BUPRENORPHINE}{OTHERWISE} (" in h, h


@pytest.mark.parametrize("number", [22, 787])
def test_cows_only_driving_then_the_routine_opioid_clause(number: int) -> None:
    h = _headline(number)
    last = {22: 30, 787: 19}[number]
    assert h.startswith(
        # R57 M1: the screen before any dose and its hold
        f"First: re-score the COWS now (last {last} on 20 Nov 2026): "
        + R57_COWS
        + f"treat on the current score; {IF_DOSED}; "
        # R32 S3/S4 with R39 C10: the plain sentence ends with S4's words; R44 Q1: no buprenorphine named, S3 "if
        # buprenorphine is given"
        f"{HOME_OPIOID_IF_BUPRENORPHINE}{OTHERWISE} (COWS "
    ), h
    assert RESCORE not in h and "walks steadily" not in h


def test_case_63_evaluation_form_its_lead_says_the_driving_rule() -> None:
    h = _headline(63)
    # the lead says "the patient must not drive" outright: no second driving clause
    assert h.count(IF_DOSED) == 0
    assert (
        f"re-assess for seizures or delirium until handover; treat on the current score; {RESCORE}; "
        # R43 should-fix 2: the evaluation form's own end
        f"{EVALUATION}{ALCOHOL_CONDITIONS}{EVALUATION_END} (high suicide risk (C-SSRS screen): dimension 3 rated 1"
    ) in h, h
    assert "goes home only if" not in h
    assert "Then, as the evaluation decides: Level 1 (Outpatient)" in h


def test_case_724_evaluation_form_its_lead_now_says_the_driving_rule() -> None:
    # R75 2 and R75c 1 (was: test_case_724_evaluation_form_without_a_driving_lead_says_the_driving_clause, with
    # "the patient must not drive; and " not in the headline and "...its findings); {IF_DOSED}; {RESCORE}"): the lead
    # says the driving rule outright after the mental-health assessment, so no second driving clause (as case 63)
    h = _headline(724)
    assert (
        "(local involuntary-assessment procedure); the patient must not drive; and re-score the CIWA-Ar now (last 13 "
        "on 20 Nov 2026)"
    ) in h, h
    assert h.count(IF_DOSED) == 0, h
    assert (
        # R60 Q3 (ii), R61/h1 handover, R62 M1 guard (was: "otherwise treat on the current score; {IF_DOSED}")
        # R65 F3 (was: "treat on the current score: a first dose before transfer only if it does not delay the
        # transfer")
        "otherwise, if not intoxicated: treat on the current score (if transferred for the suicide evaluation: a "
        "first dose before transfer only if it does not "
        "delay the transfer); if transferred: at handover tell the receiving team the CIWA-Ar re-score and any dose "
        "with its time, that the C-SSRS screen of 20 Nov 2026 was high risk and that today's PHQ-9 item 9 was "
        "positive, and whether the emergency evaluation for suicide risk was completed here (if so, its findings); "
        f"{RESCORE}; {EVALUATION}{ALCOHOL_CONDITIONS}"  # R75c 1 (was: f"...its findings); {IF_DOSED}; {RESCORE}")
        f"{EVALUATION_END} (high "  # R43 should-fix 2
        "suicide risk"
    ) in h, h


def test_case_353_evaluation_form_cows_only() -> None:
    h = _headline(353)
    opioid_conditions = HOME_OPIOID.removeprefix("after a dose given on site, the patient goes home only if ")
    # R32 S3/S4 with R39 C10: the step names buprenorphine as a dose: S3's condition after "easily roused"
    opioid_conditions = opioid_conditions.replace("easily roused,", f"easily roused{BUPRENORPHINE_CONDITION},", 1)
    # R43 should-fix 2: the evaluation form's own end
    assert f"treat on the current score; {EVALUATION}{opioid_conditions}{EVALUATION_END} (high suicide risk" in h, h
    # its driving clause (after a first dose of buprenorphine or methadone) said already: none added
    assert IF_DOSED not in h


def test_cases_120_135_evaluation_form_re_score_the_ciwa_ar_after_a_dose() -> None:
    for number in (120, 135):
        h = _headline(number)
        assert f"; {RESCORE}; {EVALUATION}awake or no more than slightly drowsy" in h, h


@pytest.mark.parametrize("number", [156, 3])
def test_a_transfer_plan_gets_no_going_home_words(number: int) -> None:
    # case 156: an old CIWA-Ar of 13 beside dimension 1 rated 3: 3.7-WM, never home from here
    h = _headline(number)
    assert "3.7-WM medically monitored inpatient withdrawal management" in h
    assert "goes home" not in h and "go home" not in h
    assert RESCORE not in h


@pytest.mark.parametrize("number", [7, 688])
def test_a_transfer_now_gets_no_going_home_words(number: int) -> None:
    # an old CIWA-Ar with hallucinations beside a C-SSRS high: transfer now, the re-score while the transfer is
    # arranged; the patient leaves by the transfer
    h = _headline(number)
    assert "while the transfer is arranged" in h
    assert "goes home" not in h and "go home" not in h
    assert RESCORE not in h


def test_no_headline_says_the_going_home_clause_twice() -> None:
    for case in cases(800):
        h = built(case).headline
        # R43 should-fix 2: the evaluation form's own end says "if the evaluation lets the patient go home but": the
        # sentence counted by its opening
        said = h.count("the patient goes home only if") + h.count("if the evaluation lets the patient go home after")
        assert said <= 1, (str(case), h)


def test_every_old_score_treated_at_an_ambulatory_level_says_how_the_patient_goes_home() -> None:
    # the physician's examples: lacking both (45, 383, 25, 104, 63, 246, 51, 173, 529, 787), the driving rule but no
    # going-home sentence (119, 604, 377, 406)
    for number in (45, 383, 25, 104, 63, 246, 51, 173, 529, 787, 119, 604, 377, 406):
        h = _headline(number)
        said = h.count("the patient goes home only if") + h.count("if the evaluation lets the patient go home after")
        assert said == 1, (number, h)
        first = h.split(". Also")[0].split(". Then")[0]
        assert "drive today" in first or "the patient must not drive; and " in first, (number, h)
