"""Physician review R32, should-fixes S3 and S4 (session 24's notes, the reviewer's words): going home after a dose
given on site.

- S3: the going-home conditions of a step that may give buprenorphine add "a COWS re-score after the last
  buprenorphine dose no higher than before it (no precipitated withdrawal)": the last condition the patient meets,
  after the benzodiazepine's where the step may give one too, before the supportive person and the naloxone.
- S4: the going-home sentence ends "; otherwise the patient stays on site until these conditions are met, or a
  higher level of care is arranged" (physician review R43, must-fix M1 (4(a)): "these conditions", was "they", read
  as the patient). Not after "if the evaluation lets the patient go home after a dose given on site: only if ...":
  there the headline's "; otherwise" reads as that "if"'s other branch (the evaluation keeps the patient).
- R43 should-fix 2 (4(b)): the evaluation form ends, after "... told not to add alcohol or other sedatives", "; if the
  evaluation lets the patient go home but these conditions are not met: the patient stays on site until they are met,
  or a higher level of care is arranged" (cases 120, 135, 210, 126, 501, 533, 641, 794; R39 C10's 63, 724, 353).
- Physician review R44, Q1: on R39 C10's old-COWS re-score path ("re-score the COWS now (last ...); treat on the
  current score") whose steps name no buprenorphine, S3 in a conditional form right after "easily roused," and before
  "with naloxone": "and, if buprenorphine is given, has a COWS re-score after the last buprenorphine dose no higher
  than before it (no precipitated withdrawal)," (33 of the 800 headlines: 22, 51, 53, 79, ..., 787, 798). Where the
  step names buprenorphine, the unconditional S3 stays (e.g. 119, 723).

Cases: ``tests.random_placements.cases(800)[N]``; every expected text typed from the review, never computed by iopkit.
"""

from __future__ import annotations

import re

import pytest

from iopkit.placement.recommendation import home_after_dose

from .random_placements import built, cases

#: R32 S3, the reviewer's words.
S3 = "a COWS re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal)"
#: R32 S4, the reviewer's words.
# R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
S4 = "; otherwise the patient stays on site until these conditions are met, or a higher level of care is arranged"

#: Alcohol withdrawal treated alone (a benzodiazepine; case 170's shape): S4 only.
ALCOHOL_ONLY = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused, walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a "
    "supportive person to stay overnight (and, if the patient also uses opioids, with naloxone in hand and the "
    "supportive person shown how to use it), and the patient and the supportive person told not to add alcohol or "
    "other sedatives; otherwise the patient stays on site until these conditions are met, or a higher level of care is "
    "arranged"
)
#: A benzodiazepine beside a COWS of today that gives no buprenorphine (COWS 8; case 204's shape): S4 only.
CIWA_WITH_COWS = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused, walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a "
    "supportive person to stay overnight, with naloxone in hand and the supportive person shown how to use it, and "
    "the patient and the supportive person told not to add alcohol or other sedatives; otherwise the patient stays "
    "on site until these conditions are met, or a higher level of care is arranged"
)
#: Buprenorphine for opioid withdrawal alone (the COWS only; case 2's shape): S3, then S4.
BUPRENORPHINE_ONLY = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused, and has a COWS re-score after the last buprenorphine dose no higher than before it (no precipitated "
    "withdrawal), with naloxone in hand (and any supportive person shown how to use it), and the patient and any "
    "supportive person told not to add alcohol or other sedatives; otherwise the patient stays on site until these "
    "conditions are "
    "met, or a higher level of care is arranged"
)
#: A benzodiazepine and buprenorphine (both withdrawals treated; case 5's shape): S3 after the benzodiazepine's
#: conditions, "and" before it alone, then S4.
BOTH = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused, walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, and has a "
    "COWS re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with a "
    "supportive person to stay overnight, with naloxone in hand and the supportive person shown how to use it, and "
    "the patient and the supportive person told not to add alcohol or other sedatives; otherwise the patient stays "
    "on site until these conditions are met, or a higher level of care is arranged"
)
#: R43 should-fix 2 (4(b)), the reviewer's words: how the evaluation form ends (its own branch, not S4's "; otherwise").
EVALUATION_S4 = (
    "; if the evaluation lets the patient go home but these conditions are not met: the patient stays on site until "
    "they are met, or a higher level of care is arranged"
)
#: The evaluation form where the steps may give buprenorphine too (cases 120, 135, 210): S3, no S4; R43 should-fix 2's
#: end.
EVALUATION_BOTH = (
    "if the evaluation lets the patient go home after a dose given on site: only if awake or no more than slightly "
    "drowsy and easily roused, walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine "
    "dose, and has a COWS re-score after the last buprenorphine dose no higher than before it (no precipitated "
    "withdrawal), with a supportive person to stay overnight, with naloxone in hand and the supportive person shown "
    "how to use it, and the patient and the supportive person told not to add alcohol or other sedatives"
    # R43 should-fix 2: the evaluation form's own end
    "; if the evaluation lets the patient go home but these conditions are not met: the patient stays on site until "
    "they are met, or a higher level of care is arranged"
)
#: The evaluation form beside alcohol withdrawal treated alone (cases 126, 501, 533, 641, 794): no S4; R43 should-fix
#: 2's end.
EVALUATION_ALCOHOL = (
    "if the evaluation lets the patient go home after a dose given on site: only if awake or no more than slightly "
    "drowsy and easily roused, walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last "
    "benzodiazepine dose, with a supportive person to stay overnight (and, if the patient also uses opioids, with "
    "naloxone in hand and the supportive person shown how to use it), and the patient and the supportive person told "
    "not to add alcohol or other sedatives"
    # R43 should-fix 2: the evaluation form's own end
    "; if the evaluation lets the patient go home but these conditions are not met: the patient stays on site until "
    "they are met, or a higher level of care is arranged"
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


# --- the clause itself ------------------------------------------------------------------------------------------------


def test_alcohol_only_s4_alone():
    assert home_after_dose("First: treat withdrawal with medication (CIWA-Ar 10 or more).") == ALCOHOL_ONLY


def test_ciwa_ar_with_a_cows_recorded_no_buprenorphine_s4_alone():
    assert home_after_dose("First: treat withdrawal with medication.", opioids=True) == CIWA_WITH_COWS


def test_buprenorphine_only_s3_and_s4():
    steps = "First: a prescriber treats withdrawal now: buprenorphine, or methadone as the COWS flag says."
    assert home_after_dose(steps) == BUPRENORPHINE_ONLY


def test_a_benzodiazepine_and_buprenorphine_s3_after_its_conditions():
    steps = "First: treat withdrawal with medication; treat withdrawal as the prescriber decides, with buprenorphine."
    assert home_after_dose(steps) == BOTH


def test_the_evaluation_form_s3_without_s4():
    steps = "First: x; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing."
    assert home_after_dose(steps, opioids=True, evaluation=True) == EVALUATION_BOTH
    steps = "First: treat withdrawal with medication (CIWA-Ar 10 or more)."
    assert home_after_dose(steps, evaluation=True) == EVALUATION_ALCOHOL


def test_r43_m1_s4_says_these_conditions():
    # R43 M1: "they" after "the patient and the supportive person told not to ..." read as the patient
    assert (
        S4
        == "; otherwise the patient stays on site until these conditions are met, or a higher level of care is arranged"
    )
    for steps in ("First: treat withdrawal with medication.", "First: buprenorphine; re-score the COWS after dosing."):
        said = home_after_dose(steps)
        assert said.endswith(
            "; otherwise the patient stays on site until these conditions are met, or a higher level of care is "
            "arranged"
        ), said
        assert "until they are met" not in said, said


def test_r43_s2_the_evaluation_form_ends_with_its_own_branch():
    for steps in (
        "First: treat withdrawal with medication (CIWA-Ar 10 or more).",
        "First: x; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing.",
    ):
        said = home_after_dose(steps, opioids=True, evaluation=True)
        assert said.endswith(
            "told not to add alcohol or other sedatives; if the evaluation lets the patient go home but these "
            "conditions are not met: the patient stays on site until they are met, or a higher level of care is "
            "arranged"
        ), said
        assert "; otherwise" not in said, said


@pytest.mark.parametrize("number", [120, 135, 210, 126, 501, 533, 641, 794, 63, 724, 353])
def test_r43_s2_the_reviewers_evaluation_cases(number):
    h = built(cases(800)[number]).headline
    assert h.count("if the evaluation lets the patient go home after a dose given on site: only if ") == 1, h
    # right after "... told not to add alcohol or other sedatives", before the reasons
    assert h.count(f"told not to add alcohol or other sedatives{EVALUATION_S4} (") == 1, h
    assert "; otherwise the patient stays on site" not in h, h


@pytest.mark.parametrize(
    "steps",
    [
        # a hold of every dose names buprenorphine without giving it
        "First: if intoxicated: no buprenorphine, methadone or benzodiazepine until it clears; treat withdrawal with "
        "medication.",
        # the driving rule's "no dose ... is given today" names it without giving it
        "First: the patient must not drive unless no dose of a benzodiazepine, buprenorphine or methadone is given "
        "today; treat withdrawal with medication.",
        # methadone alone precipitates no withdrawal
        "First: methadone in an opioid treatment programme; re-score the COWS after dosing.",
    ],
)
def test_no_s3_where_the_step_gives_no_buprenorphine(steps):
    assert S3 not in home_after_dose(steps), steps
    assert home_after_dose(steps).endswith(S4)


# --- the 800 cases ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number, description, sentence",
    [
        (170, "case 170: ratings routine; ciwa_ar mod13_i1 today", ALCOHOL_ONLY),
        (204, "case 204: ratings {1: 0}; ciwa_ar mod13_i1 today, cows 8 today, phq9 i9pos today", CIWA_WITH_COWS),
        (5, "case 5: ", BOTH),
        (2, "case 2: ", BUPRENORPHINE_ONLY),
        (
            120,
            "case 120: ratings {1: 1, 5: 2}; ciwa_ar mod13 old, cows 30 old, cssrs_screen high today",
            EVALUATION_BOTH,
        ),
        (126, "case 126: ", EVALUATION_ALCOHOL),
    ],
)
def test_the_reviewers_shapes_in_the_800(number, description, sentence):
    case = cases(800)[number]
    assert str(case).startswith(description), str(case)
    h = built(case).headline
    # at the end of the dose's sentence, before its reasons
    assert h.count(f"{sentence} (") == 1, h


def test_case_204_keeps_the_sedation_monitoring_before_the_sentence():
    h = built(cases(800)[204]).headline
    assert (
        "a benzodiazepine beside opioid use (COWS 8 today): monitor sedation and breathing while the patient is on "
        # R62 S2 (ruled R63): 204 may transfer after a dose (was: "site; ")
        f"site (if transferred: until handover); {CIWA_WITH_COWS} (CIWA-Ar item 10 at 1 (cannot do serial additions or "
        "uncertain about date);"
    ) in h, h


def test_case_88_s4_leaves_the_first_step_and_its_boxes_as_they_were():
    # the going-home sentence's "; otherwise" is no screen's end: the COWS boxes keep their own first step and the
    # intoxication hold stays the ambulatory one (before the fix of the screen's reading, the headline's whole first
    # step was copied into both boxes and the hold read a transfer now)
    r = built(cases(800)[88])
    assert (
        "intoxicated: if transferred, tell the receiving team at handover the breath alcohol reading or the signs, "
        "with the time; if not: ask the patient to stay on site and repeat the screen and the scores when it clears"
    ) in r.headline, r.headline
    boxes = {f.code: f.action for f in r.flags}
    for code in ("severe_opioid_withdrawal", "rated_below_suggestion_d1"):
        # R60 Q4: item 10 was 1, the re-score screens for delirium (was: "... on 20 Nov 2026). Before any dose: ...")
        # S3 (R62; R63 2): the question after the re-score (was: "... (CAM or 4AT). Before any dose: ...")
        assert boxes[code].startswith(
            "Re-score the CIWA-Ar first (last 14 on 20 Nov 2026) and screen for delirium (CAM or 4AT); ask what "
            "happened since (a seizure, confusion, a hospital visit, the last drink). Before any "
            "dose: ask about any overdose or ingestion today and screen for intoxication"
        ), boxes[code]
        assert "goes home only if" not in boxes[code], boxes[code]


#: The sentence's opener in either form, typed.
OPENERS = re.compile(
    r"after a dose given on site, the patient goes home only if |if the evaluation lets the patient go home after a "
    r"dose given on site: only if "
)
#: Buprenorphine named other than to hold it or to say none is given.
HELD = re.compile(
    r"no buprenorphine, methadone or benzodiazepine until|no dose of a benzodiazepine, buprenorphine or methadone"
)


#: An old COWS re-scored and treated on the current score (R39 C10's path), typed.
OLD_COWS = re.compile(r"re-score the (?:CIWA-Ar and the )?COWS now \(last \d[^.]*?treat on the current scores?\b")


def test_sweep_s3_where_the_steps_may_give_buprenorphine_s4_except_after_the_evaluation():
    said = {"s3": 0, "s4": 0, "evaluation": 0, "conditional": 0}
    for case in cases(800):
        h = built(case).headline
        for m in OPENERS.finditer(h):
            steps = h[: m.start()]
            end = h.index("told not to add alcohol or other sedatives", m.end())
            evaluation = m[0].startswith("if the evaluation")
            # R43 should-fix 2: the evaluation form's own end
            ending = EVALUATION_S4 if evaluation else S4
            sentence = h[m.start() : end + len("told not to add alcohol or other sedatives") + len(ending)]
            buprenorphine = "buprenorphine" in HELD.sub("", steps)
            # R44 Q1: S3 "if buprenorphine is given" after an old COWS's re-score whose steps name none (the lead's
            # extension: in the evaluation's form too, R44_Q1_EVALUATION)
            conditional = not buprenorphine and OLD_COWS.search(steps) is not None
            assert (S3 in sentence) == (buprenorphine or conditional), (str(case), sentence)
            assert (f", and, if buprenorphine is given, has {S3}, " in sentence) == conditional, (str(case), sentence)
            said["conditional"] += conditional
            assert "until they are met" not in sentence or sentence.endswith(EVALUATION_S4), (str(case), sentence)
            if evaluation:
                assert sentence.endswith(EVALUATION_S4), (str(case), sentence)
                said["evaluation"] += 1
            else:
                assert sentence.endswith(S4), (str(case), sentence)
                said["s4"] += 1
            said["s3"] += buprenorphine
    # 86, 104 and 8 of the 800 when written
    assert said["s3"] >= 80 and said["s4"] >= 100 and said["evaluation"] >= 8, said
    # R44 Q1: the reviewer's 33
    assert said["conditional"] == len(R44_Q1_CASES) + len(R44_Q1_EVALUATION), said


# --- physician review R44, Q1 -----------------------------------------------------------------------------------------

#: R44 Q1, the reviewer's full sentence.
R44_Q1_SENTENCE = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused, and, if buprenorphine is given, has a COWS re-score after the last buprenorphine dose no higher than "
    "before it (no precipitated withdrawal), with naloxone in hand (and any supportive person shown how to use it), "
    "and the patient and any supportive person told not to add alcohol or other sedatives; otherwise the patient "
    "stays on site until these conditions are met, or a higher level of care is arranged"
)
#: R44 Q1: the 33 headlines of the 800 (the reviewer's list).
R44_Q1_CASES = (
    22, 51, 53, 79, 90, 97, 136, 148, 173, 196, 203, 213, 225, 256, 359, 430, 479, 502, 529, 547, 597, 612, 628, 644,
    659, 671, 678, 703, 727, 738, 772, 787, 798,
)  # fmt: skip


@pytest.mark.parametrize(
    "number, first",
    [
        (
            22,
            # R57 M1: the screen before any dose and its hold
            "First: re-score the COWS now (last 30 on 20 Nov 2026): "
            + R57_COWS
            + "treat on the current score; if a dose is given: "
            f"the patient must not drive today; {R44_Q1_SENTENCE} (COWS 25-36 (moderately severe withdrawal) (COWS of "
            "20 Nov 2026, not re-scored today): dimension 1 rated 1, below the 2 it calls for). Then, unless the "
            "review finds more: Level 1 (Outpatient)",
        ),
        (
            787,
            # R57 M1: the screen before any dose and its hold
            "First: re-score the COWS now (last 19 on 20 Nov 2026): "
            + R57_COWS
            + "treat on the current score; if a dose is given: "
            f"the patient must not drive today; {R44_Q1_SENTENCE} (COWS 13-24 (moderate withdrawal) (COWS of 20 Nov "
            "2026, not re-scored today): dimension 1 rated 0, below the 2 it calls for). Then, unless the review finds "
            "more: Level 2.1 (Intensive outpatient)",
        ),
    ],
)
def test_r44_q1_the_reviewers_cases_say_s3_if_buprenorphine_is_given(number, first):
    h = built(cases(800)[number]).headline
    assert h.startswith(first), h


@pytest.mark.parametrize("number", R44_Q1_CASES)
def test_r44_q1_all_33_say_the_conditional_s3_once(number):
    h = built(cases(800)[number]).headline
    assert h.count(", and, if buprenorphine is given, has a COWS re-score after the last buprenorphine dose") == 1, h
    assert "easily roused, and, if buprenorphine is given, has a COWS re-score" in h, h
    assert "(no precipitated withdrawal), with naloxone in hand (and any supportive person shown how to use it)" in h


#: R44 Q1 as extended by the lead (the reviewer's reasons hold on the same path): the evaluation's form after an old
#: COWS's re-score that names no buprenorphine.
R44_Q1_EVALUATION = (140, 234, 482, 549, 693)


@pytest.mark.parametrize("number", R44_Q1_EVALUATION)
def test_r44_q1_the_evaluations_form_on_the_same_path_says_it_too(number):
    h = built(cases(800)[number]).headline
    assert (
        "if the evaluation lets the patient go home after a dose given on site: only if awake or no more than slightly "
        "drowsy and easily roused, and, if buprenorphine is given, has a COWS re-score after the last buprenorphine "
        "dose no higher than before it (no precipitated withdrawal), with naloxone in hand (and any supportive person "
        "shown how to use it), and the patient and any supportive person told not to add alcohol or other sedatives; "
        "if the evaluation lets the patient go home but these conditions are not met: the patient stays on site until "
        "they are met, or a higher level of care is arranged"
    ) in h, h


@pytest.mark.parametrize("number", [119, 723])
def test_r44_q1_a_step_that_names_buprenorphine_keeps_the_unconditional_s3(number):
    h = built(cases(800)[number]).headline
    assert (
        "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
        "roused, walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, and has a "
        "COWS re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with a "
        "supportive person to stay overnight, with naloxone in hand and the supportive person shown how to use it, "
        "and the patient and the supportive person told not to add alcohol or other sedatives; otherwise the patient "
        "stays on site until these conditions are met, or a higher level of care is arranged"
    ) in h, h
    assert "if buprenorphine is given" not in h, h


def test_r44_q1_a_benzodiazepine_before_it_the_reviewers_form():
    # "walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, and, if buprenorphine
    # is given, has a COWS re-score ..." (none of the 800 has it)
    steps = (
        "First: re-score the COWS now (last 19 on 20 Nov 2026); treat on the current score; treat withdrawal with "
        "medication."
    )
    said = home_after_dose(steps, opioids=True, old_cows=True)
    assert (
        "easily roused, walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, "
        f"and, if buprenorphine is given, has {S3}, with a supportive person to stay overnight, with naloxone in hand "
        "and the supportive person shown how to use it, and the patient"
    ) in said, said
