"""Physician review R28 (addiction medicine / emergency medicine), must-fixes M5 and M4: the placement headline and
its boxes, the expected words typed from the ruling.

M5: "safety planning" was dropped from a C-SSRS moderate risk's same-day suicide risk assessment when a prescriber's
review or a re-score was joined to it (34 of 104 moderate-risk headlines: 51, 88, 133, 134, 138, 164, 179, 252, 263,
309, 312, 373, 408, 418, 428, 430, 466, 484, 502, 532, 558, 590, 596, 597, 624, 636, 644, 659, 706, 749, 761, 772, 780,
781), while the box and the other headlines (591, 616) said it. Ruled words: "before the patient leaves, a same-day
suicide risk assessment with safety planning, and a prescriber's review: ...".

M4: beside a C-SSRS high or dimension 3 rated 4, a re-score's "treat on the current score" gave a dose with no overdose
or intoxication screen (31 cases, among them 7, 318, 560, 670, 688, 759, 42, 80, 112, 120, 234, 629, 630), the box
saying the same; cases 237 and 635 (same lead) carried the screen. Ruled words: "treat on the current score: before
any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above zero, or signs of
sedative intoxication), give thiamine and check blood glucose; if an overdose or ingestion, or intoxicated: no dose
here; otherwise a first dose before transfer only if it does not delay the transfer", the same words in the box;
thiamine and glucose where alcohol withdrawal is scored (as 237 and 635 say), and the hold's "(an overdose or
ingestion: to the ED by emergency services)" as every other screen beside a C-SSRS high says it (R16 S5).

Sources the reviewer cites: physician case table C16 (first_has "safety planning"); Columbia C-SSRS Screener triage
(moderate: behavioural-health evaluation and safety planning); Stanley & Brown 2012, Safety Planning Intervention;
Joint Commission NPSG 15.01.01 (2019 revision, EP 5-6); for M4, earlier ruling R16 S5 (the overdose question
first beside a C-SSRS high or moderate), Columbia C-SSRS Screener triage, ASAM Alcohol Withdrawal Management Guideline
2020 (thiamine, blood glucose, intoxication before medication), FDA Drug Safety Communication, 20 Sep 2017
(buprenorphine or methadone with a benzodiazepine or other CNS depressants).

Cases: ``tests.random_placements.cases(800)[N]``; every expected text typed from the ruling, never computed by iopkit.
"""

from __future__ import annotations

import re

import pytest

from tests.intoxication_screens import INSISTS, INSISTS_ON_LEAVING, NEXT_TRANSFER, NOT_CLEARED_CIWA, SUICIDE_WAIT, TOLD
from tests.random_placements import Case, built, cases

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

# --- M5: safety planning with a C-SSRS moderate risk's same-day assessment ------------------------------------------

#: The ruling's words: the assessment with its safety planning, the prescriber's review joined after it.
M5_WANTED = (
    "before the patient leaves, a same-day suicide risk assessment with safety planning, and a prescriber's review: "
)
#: The reviewer's 34 cases.
M5_CASES = [
    51, 88, 133, 134, 138, 164, 179, 252, 263, 309, 312, 373, 408, 418, 428, 430, 466, 484, 502, 532, 558, 590, 596,
    597, 624, 636, 644, 659, 706, 749, 761, 772, 780, 781,
]  # fmt: skip
#: Cases whose first step joins the prescriber's review to the assessment (the ruling's own form, typed above).
#: (Physician review R28, M2: case 312's step now arranges medically managed withdrawal at a CIWA-Ar re-score of 8 or
#: more, so its assessment carries R27 M1's handover bracket before ", and a prescriber's review: ", typed in
#: tests/test_placement_headline_review_r28_m2.py; it stays among M5_CASES.)
M5_REVIEW_JOINED = [134, 164, 263, 373, 408, 428, 596, 749]
#: A same-day suicide risk assessment said without safety planning.
UNPLANNED = re.compile(r"a same-day suicide risk assessment(?! (?:with|and) safety planning)")


def _moderate(case: Case) -> bool:
    """Whether ``case`` gives a C-SSRS screen at moderate risk (of any day): read from the case, not from iopkit."""
    return any(instrument == "cssrs_screen" and key == "moderate" for instrument, key, _ in case.scores)


@pytest.mark.parametrize("number", M5_REVIEW_JOINED)
def test_m5_the_review_joined_keeps_safety_planning(number: int) -> None:
    h = built(cases(800)[number]).headline
    # before: "before the patient leaves, a same-day suicide risk assessment, and a prescriber's review: ..."
    assert M5_WANTED in h, h


@pytest.mark.parametrize("number", M5_CASES)
def test_m5_the_named_cases_say_safety_planning(number: int) -> None:
    case = cases(800)[number]
    assert _moderate(case), case
    h = built(case).headline
    # before: "a same-day suicide risk assessment" with no safety planning
    assert "a same-day suicide risk assessment with safety planning" in h, h
    assert not UNPLANNED.search(h), h


@pytest.mark.parametrize("chunk", range(4))
def test_m5_every_moderate_risk_assessment_says_safety_planning(chunk: int) -> None:
    wrong = [
        f"{case}: {built(case).headline}"
        for case in cases(800)[chunk::4]
        if _moderate(case) and UNPLANNED.search(built(case).headline)
    ]
    assert not wrong, "\n\n".join(wrong)


def test_m5_the_sweep_reaches_the_moderate_risk_cases() -> None:
    """The sweep reads the reviewer's cases, and the ones that said it already (591, 616)."""
    reached = {case.number for case in cases(800) if _moderate(case)}
    assert set(M5_CASES) | {591, 616} <= reached, sorted(set(M5_CASES) - reached)


# --- M4: the screen before a re-score's dose beside a transfer for suicide risk ---------------------------------------

#: The ruling's words, alcohol withdrawal scored (case 7: an old CIWA-Ar), the hold's bracket as R16 S5 says it.
M4_ALCOHOL = (
    "treat on the current score: before any dose: ask about any overdose or ingestion today and screen for "
    "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
    "glucose; if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency "
    "services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose"
    "; intoxicated: the patient must not drive today); otherwise a first dose before transfer only "
    "if it does not delay the transfer"
)
#: Opioid withdrawal alone (case 42: an old COWS): no thiamine or glucose.
M4_OPIOID = M4_ALCOHOL.replace(", give thiamine and check blood glucose", "")
#: Physician review R32 (a) (its four settings) and R34 S1: the hold's next step for the intoxicated patient beside the
#: emergency evaluation for suicide risk (staff stay; "the scores" where both withdrawals are scored), and at a transfer
#: now (dimension 3 rated 4: the receiving team told); M4_ALCOHOL, read by R27's tests, keeps its words.
_M4_HOLD = "; intoxicated: the patient must not drive today)"
SUICIDE_WAIT_SCORES = SUICIDE_WAIT.replace("the screen and the score when", "the screen and the scores when")
M4_ALCOHOL_WAIT = M4_ALCOHOL.replace(_M4_HOLD, f"; intoxicated: {SUICIDE_WAIT})")
M4_ALCOHOL_WAIT_SCORES = M4_ALCOHOL.replace(_M4_HOLD, f"; intoxicated: {SUICIDE_WAIT_SCORES})")
M4_OPIOID_TRANSFER = M4_OPIOID.replace(_M4_HOLD, f"; intoxicated: {NEXT_TRANSFER})")
#: The reviewer's named cases whose lead arranges the transfer now, and their words (R32 (a), R34 S1: the C-SSRS high's
#: emergency evaluation for suicide risk, "the scores" beside an old COWS too (318, 560); case 42, dimension 3 rated 4's
#: emergency psychiatric evaluation, the transfer now's handover).
M4_TRANSFER_CASES = {
    7: M4_ALCOHOL_WAIT,
    318: M4_ALCOHOL_WAIT_SCORES,
    560: M4_ALCOHOL_WAIT_SCORES,
    670: M4_ALCOHOL_WAIT,
    688: M4_ALCOHOL_WAIT,
    759: M4_ALCOHOL_WAIT,
}
M4_TRANSFER_CASES[42] = M4_OPIOID_TRANSFER
#: The forms a box's M4 screen may take (R32 (a): each box read in its own setting; a COWS box that names no suicide
#: evaluation beside the transfer now tells the receiving team).
M4_BOX_FORMS = (
    M4_ALCOHOL_WAIT,
    M4_ALCOHOL_WAIT_SCORES,
    M4_ALCOHOL.replace(_M4_HOLD, f"; intoxicated: {NEXT_TRANSFER})"),
    M4_OPIOID.replace(_M4_HOLD, f"; intoxicated: {SUICIDE_WAIT})"),
    M4_OPIOID.replace(_M4_HOLD, f"; intoxicated: {SUICIDE_WAIT_SCORES})"),
    M4_OPIOID_TRANSFER,
    # R69 D 4 (was: only "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call"):
    # the COWS boxes of 318 and 560 hold any dose in delirium after the first step's CIWA-Ar re-score and delirium
    # screen (CAM or 4AT), "the scores" beside both withdrawals
    M4_OPIOID.replace(_M4_HOLD, f"; intoxicated: {SUICIDE_WAIT_SCORES})").replace(
        "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call",
        "if delirium, an overdose or ingestion, or intoxicated: no dose here (delirium, or an overdose or ingestion: "
        "call",
    ),
)
#: The reviewer's named cases whose evaluation for suicide risk is done on site (no transfer arranged in the step): the
#: same screen, its "otherwise" the treatment ("before any dose: ...; otherwise treat on the current score").
M4_ON_SITE = {80: False, 112: False, 120: True, 234: False, 629: False, 630: False}
#: The screen's question, and the two leads: a C-SSRS high of any day, or dimension 3 rated 4.
ASKED = "ask about any overdose or ingestion today and screen for intoxication"
#: The question alone (a screen for delirium and intoxication asks it too: case 635's).
QUESTION = "ask about any overdose or ingestion today"
#: The ruling's form: the screen said after the re-score's "treat on the current score".
SCREENED_AFTER = "treat on the current score: before any dose: "


def _high_lead(case: Case) -> bool:
    """Whether ``case`` gives a C-SSRS screen at high risk or rates dimension 3 at 4: read from the case."""
    cssrs_high = any(instrument == "cssrs_screen" and key == "high" for instrument, key, _ in case.scores)
    return cssrs_high or dict(case.ratings).get(3) == 4


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=\.) (?=[A-Z])", text)


@pytest.mark.parametrize(("number", "words"), list(M4_TRANSFER_CASES.items()))
def test_m4_the_transfer_cases_screen_before_the_dose(number: int, words: str) -> None:
    r = built(cases(800)[number])
    # before: "treat on the current score (a first dose before transfer only if it does not delay the transfer)" (7), or
    # "treat on the current score; at handover ..." (42), with no screen
    # R60 Q1 item (physician review R60, Q1): the headline's hold after its delirium screen bars a dose in delirium
    # too (was "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call"); the
    # boxes say delirium first and alone before it and keep the hold's words
    headline_words = words
    if number != 42:
        headline_words = words.replace(
            "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call",
            "if delirium, an overdose or ingestion, or intoxicated: no dose here (delirium, or an overdose or "
            "ingestion: call",
        )
    assert headline_words in r.headline, r.headline
    boxes = [f.action for f in r.flags if "treat on the current score" in f.action]
    # each box its own re-score's words: a COWS re-score's box (318, 560: beside the CIWA-Ar's) without thiamine
    # physician review R32 (a) (its four settings), R34 S1: the hold in the box's own setting (M4_BOX_FORMS)
    assert boxes and all(any(form in box for form in M4_BOX_FORMS) for box in boxes), boxes
    # R69 D 4: the COWS boxes (318, 560) in R69 D's form, after the first step's re-score and delirium screen, and no
    # box in it elsewhere
    r69d = [box for box in boxes if M4_BOX_FORMS[-1] in box]
    assert len(r69d) == (2 if number in (318, 560) else 0), boxes
    # R70 D1: the COWS-band box opens with that re-score and screen itself, so it says "that" one (was: both boxes
    # "; after the first step's CIWA-Ar re-score and delirium screen (CAM or 4AT), treat on the current score: ")
    first_steps = (
        "; after the first step's CIWA-Ar re-score and delirium screen (CAM or 4AT), treat on the current score: "
    )
    that = "; after that CIWA-Ar re-score and delirium screen, treat on the current score: "
    said = sorted((first_steps + "before any dose: " in box, that + "before any dose: " in box) for box in r69d)
    assert said == ([(False, True), (True, False)] if r69d else []), r69d
    # the headline's words in a box (case 318: its CIWA-Ar boxes say "the score" beside the COWS the case re-scores
    # too, R34 S1 read from the box alone: left failing and reported, physician review R35 S3)
    assert any(words in box for box in boxes), boxes


@pytest.mark.parametrize(("number", "alcohol"), list(M4_ON_SITE.items()))
def test_m4_the_on_site_cases_screen_before_the_dose(number: int, alcohol: bool) -> None:
    h = built(cases(800)[number]).headline
    first = _sentences(h)[0]
    # R60 Q3, the joined re-scores (120): "otherwise, if not intoxicated: a prescriber treats on today's scores" (was:
    # "otherwise treat on the current scores")
    joined = "a prescriber treats on today's scores"
    at = first.index(joined) if number == 120 else first.index("treat on the current score")
    # before: "re-score the COWS now (...); treat on the current score" with no screen (80, 112, 234, 629, 630)
    assert ASKED in first[:at], h
    assert ("give thiamine and check blood glucose" in first[:at]) is alcohol, h
    assert "if an overdose or ingestion, or intoxicated: no dose here" in first[:at], h


#: R28 M2's cases beside a C-SSRS high (an old moderate CIWA-Ar, today's COWS of 13 or more): the step's one screen
#: before any dose, "before any dose:" once a step (R21 S3), now said before the re-score's "treat on the current
#: score" (R28 M2, done: tests/test_placement_headline_review_r28_m2.py types its words).
M2_BESIDE_HIGH = [33, 135]


@pytest.mark.parametrize("number", M2_BESIDE_HIGH)
def test_m4_m2_cases_screen_the_re_score_dose(number: int) -> None:
    first = _sentences(built(cases(800)[number]).headline)[0]
    at = first.index("treat on the current score")
    assert QUESTION in first[:at] or first[at:].startswith(f"{SCREENED_AFTER}{QUESTION}"), first


@pytest.mark.parametrize("chunk", range(4))
def test_m4_every_re_score_beside_a_transfer_for_suicide_risk_is_screened(chunk: int) -> None:
    wrong = []
    for case in cases(800)[chunk::4]:
        if not _high_lead(case):  # (R28 M2 done: its cases 33 and 135 swept too)
            continue
        r = built(case)
        for text in (r.headline, *(f.action for f in r.flags)):
            for sentence in _sentences(text):
                at = sentence.find("treat on the current score")
                guarded = QUESTION in sentence[:at] or sentence[at:].startswith(f"{SCREENED_AFTER}{QUESTION}")
                if at >= 0 and not guarded:
                    wrong.append(f"{case}: {sentence}")
    assert not wrong, "\n\n".join(wrong)


def test_m4_the_sweep_reaches_the_named_cases() -> None:
    """The sweep reads the reviewer's named cases and the two that carried the screen already (237, 635)."""
    reached = {case.number for case in cases(800) if _high_lead(case)}
    assert set(M4_TRANSFER_CASES) | set(M4_ON_SITE) | {237, 635} <= reached


# --- M1: an old COWS of 13 or more beside today's CIWA-Ar of 8 or more and a C-SSRS low screen ------------------------

#: Physician review R32 (a) (its four settings), R33 S1 and R34 S1: the hold of a step whose transfer is conditional
#: ("if 37 or more: ... arrange transfer now", "if transferred: at handover ..."): both branches, "the scores" beside
#: the CIWA-Ar and the COWS (was: "if intoxicated: no dose here (the patient must not drive today)"); R34 S2: beside a
#: same-day suicide risk assessment still to do, that assessment first for a patient who insists on leaving.
HOLD_M1 = (
    f"if intoxicated: no dose now (if transferred, {TOLD}; if not: ask the patient to stay on site and repeat the "
    f"screen and the scores when it clears; {NOT_CLEARED_CIWA}; the patient must not drive today; {INSISTS})"
)
HOLD_M1_LEAVING = HOLD_M1.replace(INSISTS, INSISTS_ON_LEAVING)
#: Case 278's first step, word for word (an old COWS of 30, today's CIWA-Ar of 13, no suicide screen), typed from its
#: headline as R18 phase 1 ruled it, and the same-day suicide risk assessment joined to it as case 5 joins it (before
#: the going-home words), the ruling's form for cases 61 and 268.
M1_STEP = (
    "First: re-score the COWS now (last 30 on 20 Nov 2026), with alcohol withdrawal alongside (CIWA-Ar 13 today): if "
    "37 or more: emergency evaluation now: severe opioid withdrawal with alcohol withdrawal alongside, a complicating "
    # R48 item 2: staff with the patient until handover straight after the transfer
    "condition on the COWS flag: arrange transfer now (ED, or 3.7-WM/4-WM); "
    "staff with the patient until handover; if the patient declines transfer: the "
    "prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; with "
    "capacity: record the advice given and the risks explained; arrange the highest level of care the patient "
    "accepts; any dose as the prescriber decides; tell the patient and any supportive person to call emergency "
    "services for a seizure, confusion, hallucinations or any worsening); the "
    "patient must not drive; if 13-36: a prescriber's review before the patient leaves, and arrange medically managed "
    "withdrawal or a higher level of care: co-occurring alcohol withdrawal (CIWA-Ar 13 today); if below 13: a "
    "prescriber's review before the patient leaves. Before any dose: screen for intoxication (breath alcohol above "
    # physician review R32 (a) (its four settings), R33 S1, R34 S1/S2: the hold in a sentence saying "if transferred"
    # says both branches, "the scores", the same-day suicide risk assessment first (HOLD_M1_LEAVING)
    f"zero, or signs of sedative intoxication), give thiamine and check blood glucose; {HOLD_M1_LEAVING}; "
    "otherwise a prescriber treats withdrawal (before a transfer only if it does not delay the transfer): at a COWS of "
    "13 or more, buprenorphine, or methadone as the COWS flag says; re-score the COWS after dosing; at a CIWA-Ar of 10 "
    "or more, medication for alcohol withdrawal (consider at 8-9); re-score the CIWA-Ar within 1 hour of a dose and "
    "before the patient leaves or at handover; if transferred: at handover tell the receiving team the last CIWA-Ar "
    "and COWS scores and any dose with its time; if a benzodiazepine is given with buprenorphine or methadone: monitor "
    "sedation and breathing until handover or while the patient is on site; if any dose is given (a benzodiazepine, "
    "buprenorphine or methadone): the patient must not drive today; before the patient leaves, a same-day suicide risk "
    "assessment; after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and "
    "easily roused"
    # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused, with naloxone")
    # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
    ", walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, and has a COWS "
    "re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with a "
    "supportive person to stay overnight"
    ", with naloxone in hand and the supportive person shown how to use it, and the patient and the "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
    "supportive person told not to add alcohol or other sedatives; otherwise the patient stays on site until these "
    "conditions "
    "are met, or a higher level of care is arranged ("
)
SCORES_TOLD = (
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time"
)
#: Physician review R32 M1: what that handover tells of the C-SSRS low (case 61: of 20 Nov 2026; 268: today's).
R32_M1_TOLD = {
    61: (
        ", that the C-SSRS screen of 20 Nov 2026 found a wish to be dead or non-specific suicidal thoughts (never "
        "assessed), and ask them for a suicide risk assessment (do not delay the transfer for it)"
    ),
    268: (
        ", that today's C-SSRS screen found a wish to be dead or non-specific suicidal thoughts, and ask them for a "
        "suicide risk assessment (do not delay the transfer for it)"
    ),
}
#: The ruling's closing (R18 phase 1), and the routine one the cases said before.
M1_CLOSING = "Then, only if the review and the prescriber record why ambulatory care is safe: "
M1_ROUTINE = "Then, unless the review or the assessments find more: "
#: Case 278's COWS box, word for word (its methadone conditions and complicating conditions in full).
M1_BOX = (
    "Re-score the COWS now (last 30 on 20 Nov 2026), with alcohol withdrawal alongside (CIWA-Ar 13 today): if 37 or "
    # R48 item 2: staff with the patient until handover straight after the transfer
    "more: emergency evaluation now: arrange transfer now (ED, or 3.7-WM/4-WM); "
    "staff with the patient until handover; if the patient declines transfer: the "
    "prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; with "
    "capacity: record the advice given and the risks explained; arrange the highest level of care the patient "
    "accepts; any dose as the prescriber decides; tell the patient and any supportive person to call emergency "
    # R73 1a (was: "...any worsening); if 13-36: ")
    "services for a seizure, confusion, hallucinations or any worsening); the patient must not drive; if 13-36: "
    "arrange medically managed withdrawal or a higher level of care: co-occurring alcohol withdrawal (CIWA-Ar 13 "
    "today); before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), "
    # physician review R32 (a) (its four settings), R33 S1, R34 S1: the conditional transfer's hold (HOLD_M1)
    f"give thiamine and check blood glucose; {HOLD_M1}; "
    "otherwise at a COWS of 13 or more a "
    "prescriber treats withdrawal now (a first dose before transfer only if it does not delay the transfer): "
    "buprenorphine, or methadone only in an opioid treatment programme or under the 72-hour rule (given or dispensed "
    "on site, at most a 3-day supply while referral is arranged, not renewed or extended; never prescribed); re-score "
    "the COWS after dosing; at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its "
    "time, and any complicating condition (vomiting or diarrhoea with fluids not kept down, unstable vital signs, "
    "other medical or psychiatric instability, pregnancy, alcohol or benzodiazepine withdrawal alongside, precipitated "
    "withdrawal that does not settle, delirium); if a benzodiazepine is given with buprenorphine or methadone: monitor "
    "sedation and breathing until handover or while the patient is on site; treat on the current score"
    # physician review R31 M5: a box that may give a dose says its driving advice (before: none); both kinds of dose
    "; if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
)
#: The escalation branch and the handover the sweep asks of every such headline (case 278's words; beside a C-SSRS
#: high, case 54's, R18 phase 1 case F: the branch without the prescriber's review before the patient leaves).
M1_BRANCH = re.compile(
    r"if 13-36: (?:a prescriber's review before the patient leaves, and )?arrange medically managed withdrawal or a "
    r"higher level of care: co-occurring alcohol withdrawal"
    # R49 Q6: beside a transfer already ordered (case 635) the receiving team is told
    r"|if 13-36: tell the receiving team that medically managed withdrawal is needed \(co-occurring alcohol withdrawal"
)
#: (after why dimension 3 was rated 4 where its transfer now leads: R26b M2, why first; case 635)
M1_HANDOVER = re.compile(
    r"at handover tell the receiving team (?:why dimension 3 was rated 4 \(what the patient said or did\), )?the "
    r"last CIWA-Ar and COWS scores and any dose with its time"
)
# R65 F2 (was: M1_HANDOVER's "scores and any dose with its time" in every headline): a headline that screens for
# delirium tells the screen at handover
M1_HANDOVER_SCREENED = re.compile(
    r"at handover tell the receiving team (?:why dimension 3 was rated 4 \(what the patient said or did\), )?the "
    r"last CIWA-Ar and COWS scores, the delirium screen and any dose with its time"
)


def _handover(h: str) -> re.Pattern[str]:
    """M1's handover, the screened one where ``h`` screens for delirium (R65 F2; read from the text's own words)."""
    screens = "screen for delirium (CAM or 4AT)" in h or "delirium screen (CAM or 4AT)" in h
    return M1_HANDOVER_SCREENED if screens else M1_HANDOVER


#: Cases the sweep leaves to their own rules: dimension 1 rated 4 transfers now (603, 649, 760).
M1_OWN_LEAD = {603, 649, 760}
#: A C-SSRS high evaluated on site (360) or dimension 3 rated 4's transfer now (635) beside today's CIWA-Ar item 10 at
#: 1 (CIWA-Ar 14): the sweep reads them too since R28 M1 was carried to them (typed below).
M1_HIGH_ITEM10 = [360, 635]


@pytest.mark.parametrize("number", [61, 268])
def test_m1_c_ssrs_low_keeps_the_old_cows_step_with_alcohol(number: int) -> None:
    r = built(cases(800)[number])
    # before: "First: re-score the COWS now (last 30 on 20 Nov 2026); treat on the current score; then, before the
    # patient leaves, a same-day suicide risk assessment, and a prescriber's review: before any dose: ..."
    # physician review R32 M1: the "if transferred" handover tells the low screen (was: the scores and any dose alone)
    told = f"{SCORES_TOLD}{R32_M1_TOLD[number]};"
    assert r.headline.startswith(M1_STEP.replace(f"{SCORES_TOLD};", told, 1)), r.headline
    assert M1_CLOSING in r.headline and r.headline.endswith("; otherwise as arranged above."), r.headline
    assert M1_ROUTINE not in r.headline, r.headline
    boxes = [f.action for f in r.flags if f.code == "moderately_severe_opioid_withdrawal"]
    # before: "Re-score the COWS now (last 30 on 20 Nov 2026); treat on the current score"
    # physician review R34 S2 as R35 M3 carries it to the boxes (its words): beside the C-SSRS low's same-day suicide
    # risk assessment still to do, the box's hold says that assessment first for a patient who insists on leaving
    assert boxes == [M1_BOX.replace(HOLD_M1, HOLD_M1_LEAVING)], boxes


def test_m1_the_model_cases_say_the_typed_words() -> None:
    """Case 278 (no suicide screen) says the typed step without the assessment; case 5 (with a PHQ-9 item 9) joins
    the assessment the same way (its own COWS of 19 and its handover of the PHQ-9)."""
    wanted = M1_STEP.replace("; before the patient leaves, a same-day suicide risk assessment", "")
    # physician review R34 S2: no same-day suicide risk assessment in case 278: "if the patient insists: ..."
    wanted = wanted.replace(HOLD_M1_LEAVING, HOLD_M1)
    h278, h5 = built(cases(800)[278]).headline, built(cases(800)[5]).headline
    assert h278.startswith(wanted), h278
    joined = (
        "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today; before "
        "the patient leaves, a same-day suicide risk assessment; after a dose given on site"
    )
    assert joined in h5, h5


def _old_cows_beside_todays_moderate_ciwa(case: Case) -> bool:
    """Whether ``case`` gives a COWS of 13 or more of 20 Nov 2026 only and a CIWA-Ar of today in the moderate band (13,
    or 14 with item 10 at 1): read from the case, not from iopkit."""
    old_cows = any(i == "cows" and k != "8" and w == "old" for i, k, w in case.scores)
    cows_today = any(i == "cows" and w == "today" for i, _, w in case.scores)
    ciwa = any(i == "ciwa_ar" and k in ("mod13", "mod13_i1") and w == "today" for i, k, w in case.scores)
    return old_cows and not cows_today and ciwa


@pytest.mark.parametrize("chunk", range(4))
def test_m1_every_old_cows_beside_todays_ciwa_ar_escalates_and_hands_over(chunk: int) -> None:
    wrong = [
        f"{case}: {h}"
        for case in cases(800)[chunk::4]
        if _old_cows_beside_todays_moderate_ciwa(case) and case.number not in M1_OWN_LEAD
        for h in [built(case).headline]
        if not M1_BRANCH.search(h) or not _handover(h).search(h) or "monitor sedation and breathing" not in h
    ]
    assert not wrong, "\n\n".join(wrong)


def test_m1_the_sweep_reaches_the_named_cases() -> None:
    reached = {case.number for case in cases(800) if _old_cows_beside_todays_moderate_ciwa(case)}
    assert {5, 54, 61, 268, 278} <= reached and M1_OWN_LEAD | set(M1_HIGH_ITEM10) <= reached, sorted(reached)


# --- R28 M1 beside the emergency evaluation for suicide risk, today's CIWA-Ar item 10 at 1 (cases 360, 635) ----------

#: Case 54's branches (R18 phase 1, case F: the combined transfer, no capacity test, no 3.7-WM), typed for an old COWS
#: of 30 and today's CIWA-Ar of 14.
F_37_14 = (
    "re-score the COWS now (last 30 on 20 Nov 2026), with alcohol withdrawal alongside (CIWA-Ar 14 today): if 37 or "
    "more: emergency evaluation for suicide risk and emergency medical evaluation in one setting that can manage both "
    "(severe opioid withdrawal with alcohol withdrawal alongside, CIWA-Ar 14 today)"
)
#: The 37-or-more branch's own transfer, said on site (360); beside dimension 3 rated 4 the lead's transfer now arranges
#: it already (635: safety precautions until handover once a step, R23a finding 3).
F_TRANSFER = ": arrange transfer now (ED); safety precautions, staff with the patient, until handover"
F_13_36_14 = (
    "if 13-36: arrange medically managed withdrawal or a higher level of care: co-occurring alcohol withdrawal "
    "(CIWA-Ar 14 today)"
)
#: R49 Q6: the same branch beside case 635's transfer already ordered (dimension 3 rated 4): the receiving team is told.
F_13_36_14_TOLD = (
    "if 13-36: tell the receiving team that medically managed withdrawal is needed (co-occurring alcohol withdrawal, "
    "CIWA-Ar 14 today)"
)
#: Case 360 (C-SSRS high today, evaluated on site): the 37-or-more branch tells its own handover as case 54's does
#: (R22 M2, R23a finding 2), and case F's doses after a medical review that finds no delirium, no intoxication and no
#: overdose or ingestion (R19-N2 (c3) and R23b B1's words), the monitoring and the driving advice as case 54's.
HANDOVER_360 = (
    # R65 F2 (was: "...COWS scores and any dose with its time")
    " (if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and "
    "any dose with its time, that today's C-SSRS screen was high risk, and whether the emergency evaluation for "
    "suicide risk was completed here (if so, its findings); do not delay the transfer for it); "
)
DOSES_360 = (
    ". After the medical review finds no delirium and no intoxication and no overdose or ingestion, a prescriber "
    "treats withdrawal now, while the patient waits for the suicide evaluation (if transferred: a first dose before "
    "transfer only if it does not delay the transfer): at a COWS of 13 or more, buprenorphine, or methadone as the "
    "COWS flag says; re-score the COWS after dosing; at a CIWA-Ar of 10 or more, medication for alcohol withdrawal "
    "(consider at 8-9); re-score the CIWA-Ar within 1 hour of a dose and before the evaluation ends or at handover; if "
    "a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover or while "
    # R75d Q3 (must-fix): the lead's "(local involuntary-assessment procedure); the patient must not drive" is outright
    # for the whole headline (was: "...on site; if any dose is given (a benzodiazepine, buprenorphine or methadone): the
    # patient must not drive today (high ...")
    "the patient is on site (high suicide risk (C-SSRS screen): "
)
#: Case 635 (dimension 3 rated 4, transfer now): its lead's screen and first dose stay, the branches where the bare
#: re-score stood, the benzodiazepine's monitoring until handover (R3 should-fix 10), the handover as it was.
#: Case 635 beside dimension 3 rated 4: its old COWS re-scored before transfer only if it does not delay it (R42 item 4,
#: R31 S7's words; was "re-score the COWS now").
F_37_14_AT_4 = (
    # R49 M1: the old COWS's bracket says no dose without today's re-score
    "re-score the COWS before transfer only if it does not delay it "
    "(last 30 on 20 Nov 2026; no dose here without today's re-score), with alcohol withdrawal "
    "alongside (CIWA-Ar 14 today): if 37 or more: emergency evaluation for suicide risk and emergency medical "
    "evaluation in one setting that can manage both (severe opioid withdrawal with alcohol withdrawal alongside, "
    "CIWA-Ar 14 today)"
)
AT_4_635 = (
    # R42 item 4: the re-score's treatment says its first dose as the rating allows (R31 S7's words)
    "; treat on the current score (a first dose before transfer only if it does not delay the transfer and the reason "
    "for rating 4 allows it); if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and "
    "breathing until handover; at handover tell the receiving team why dimension 3 was rated 4 (what the patient said "
    # R65 F2 (was: "...COWS scores and any dose with its time")
    "or did), the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time, that the C-SSRS "
    "screen of 20 Nov 2026 was "
    "high risk and that today's PHQ-9 item 9 was positive, without delaying the transfer ("
)


@pytest.mark.parametrize("number", M1_HIGH_ITEM10)
def test_m1_high_lead_with_item_10_escalates(number: int) -> None:
    # before: "re-score the COWS now (last 30 on 20 Nov 2026); treat on the current score" and no 13-36 branch (R28 M1)
    h = built(cases(800)[number]).headline
    assert M1_BRANCH.search(h) and "monitor sedation and breathing" in h and _handover(h).search(h), h


def test_m1_case_360_says_case_f_after_the_medical_review() -> None:
    h = built(cases(800)[360]).headline
    first = h[: h.index(". Also ")]
    assert first.startswith("First: emergency evaluation for suicide risk, with safety precautions"), h
    review = first.index("; and medical review now: ask about any overdose or ingestion today and screen for delirium")
    hold = first.index(
        "if intoxicated (breath alcohol above zero, or signs of sedative intoxication): no buprenorphine, methadone or "
        "benzodiazepine until it clears and the review is repeated (the patient must not drive today; if "
        # physician review R36 S1 (case 360 named): item 10's hold beside a C-SSRS high risk tells the receiving team
        # if transferred, R35 S2's words (was: "(the patient must not drive today)")
        f"transferred: {TOLD}); and "
        f"{F_37_14}{F_TRANSFER}{HANDOVER_360}"
        f"{F_13_36_14}{DOSES_360}"
    )
    assert review < hold, h
    assert "treat on the current score" not in first and "re-score the COWS now" not in first[:hold], h


def test_m1_case_360_delirium_branch_tells_its_own() -> None:
    """R26b M1 (b): one handover a branch, the delirium branch its delirium screen (no withdrawal dose before it)."""
    h = built(cases(800)[360]).headline
    said = (
        "staff with the patient until handover (if transferred: at handover tell the receiving team the delirium "
        "screen, the last CIWA-Ar score and any thiamine or glucose given with its time, that today's C-SSRS screen "
        "was high risk, and whether the emergency evaluation for suicide risk was completed here (if so, its "
        # R23a finding 3: safety precautions until handover once a step, the 37-or-more branch's transfer says it
        "findings); do not delay the transfer for it); if an overdose or ingestion"
    )
    assert said in h, h


def test_m1_case_635_says_the_branches_beside_the_transfer_now() -> None:
    h = built(cases(800)[635]).headline
    lead = (
        "First: emergency evaluation for suicide risk now: arrange transfer now (ED); safety precautions, staff with "
        "the patient, until handover; "
    )
    dose = (
        "otherwise a prescriber gives a first dose for today's withdrawal before transfer only if it does not delay "
        "the transfer and the reason for rating 4 allows it; re-score the CIWA-Ar within 1 hour; disorientation (item "
        f"10 at 2 or more) is complicated withdrawal; {F_37_14_AT_4}; {F_13_36_14_TOLD}{AT_4_635}"  # R42 item 4, R49 Q6
    )
    assert h.startswith(lead) and dose in h, h


def test_m1_high_item_10_boxes_say_the_headline_s_branches() -> None:
    """The COWS boxes say the branches the headline says: case 360 case F's box (case 54's) with its doses after the
    first step's medical review, as R19-N2 (c3)'s box says them; case 635 the headline's words, then its screen."""
    after = (
        "; after the first step's medical review finds no delirium and no intoxication and no overdose or ingestion, "
        "at a COWS of 13 or more a prescriber treats withdrawal now, while the patient waits for the suicide "
        "evaluation (if transferred: a first dose before transfer only if it does not delay the transfer): "
        "buprenorphine, or methadone only in an opioid treatment programme"
    )
    at_4 = (
        # R30b S5: the headline's delirium screen (was: "screen for intoxication (...); if an overdose or ingestion, or
        # intoxicated: no dose here (an overdose or ingestion: ...; intoxicated: ...)")
        "; treat on the current score: before any dose: ask about any overdose or ingestion today and screen for "
        "delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
        "thiamine and check blood glucose; if delirium, an overdose or ingestion, or intoxication: no dose here "
        "(delirium, or an overdose or ingestion: call emergency services for the ED, staff with the patient until "
        "handover, naloxone if signs of opioid overdose"
        # physician review R32 (a) (its four settings), R34 S1: beside the emergency evaluation for suicide risk
        f"; intoxication: {SUICIDE_WAIT_SCORES}); otherwise a first dose before transfer "
        # R42 item 4: its first dose as the rating allows (R31 S7's words)
        "only if it does not delay the transfer and the reason for rating 4 allows it"
    )
    # R42 item 4: case 635's old COWS re-scored before transfer only if it does not delay it
    # R49 Q6: case 635's 13-36 branch beside its transfer already ordered tells the receiving team
    for number, branches, managed, then in (
        (360, f"{F_37_14}{F_TRANSFER}", F_13_36_14, after),
        (635, F_37_14_AT_4, F_13_36_14_TOLD, at_4),
    ):
        r = built(cases(800)[number])
        boxes = [f.action for f in r.flags if f.code in ("moderately_severe_opioid_withdrawal",
                                                          "buprenorphine_induction_threshold")]  # fmt: skip
        assert len(boxes) == 2, boxes
        for box in boxes:
            assert box.startswith(f"R{branches[1:]}; {managed}{then}"), (number, box)
        d1 = next(f.action for f in r.flags if f.code == "rated_below_suggestion_d1")
        assert f"; {branches}; {managed}" in d1, (number, d1)
