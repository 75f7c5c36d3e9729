"""Physician review R49 (of R42 item 4, R30b S5): must-fixes M1, Q5b and Q1, the reviewer's words typed.

M1: beside a rating of 4, an old COWS re-scored "before transfer only if it does not delay it (last N on D)" says
"(last N on D; no dose here without today's re-score)": its last score is not today's, so no first dose on it.
"""

from __future__ import annotations

import re

from tests.random_placements import action_of, built, cases, numbered

#: M1: an old COWS's re-score before transfer, its bracket (any form).
RESCORE_BEFORE_TRANSFER = re.compile(
    r"e-score the COWS before transfer only if it does not delay it \((last \d+[^()]*)\)"
)
#: The reviewer's words, last in the bracket.
UNRESCORED = "; no dose here without today's re-score"
#: Case 42's box (r49's words).
BOX_42_M1 = (
    "Re-score the COWS before transfer only if it does not delay it (last 30 on 20 Nov 2026; no dose here without "
    "today's re-score); treat on the current score: before any dose: "
)
#: Case 635's headline (r49's words).
HEADLINE_635_M1 = "(last 30 on 20 Nov 2026; no dose here without today's re-score), with alcohol withdrawal alongside"
#: The 22 item-4 cases (dimension 1, 2 or 3 rated 4, an old COWS of 13-36 re-scored).
AT_4_OLD_COWS = (
    240, 42, 86, 277, 306, 346, 551,
    114, 265, 316, 376, 394, 445, 449, 524, 603, 635, 649, 700, 760, 767, 790,
)  # fmt: skip


def test_m1_case_42_boxes_say_no_dose_without_todays_rescore() -> None:
    rec = numbered(42)
    for code in (
        "moderately_severe_opioid_withdrawal",
        "buprenorphine_induction_threshold",
        "rated_below_suggestion_d1",
    ):
        assert action_of(rec, code).startswith(BOX_42_M1), code


def test_m1_case_635_headline() -> None:
    assert HEADLINE_635_M1 in numbered(635).headline


def test_m1_sweep_every_old_cows_rescore_before_transfer_says_it() -> None:
    found = set()
    for case in cases(800):
        rec = built(case)
        for text in (rec.headline, *(f.action for f in rec.flags if f.action)):
            for m in RESCORE_BEFORE_TRANSFER.finditer(text):
                if ", severe" in m[1]:  # an old COWS above 36 (R13 M1), not the reviewer's clause
                    continue
                assert m[1].endswith(UNRESCORED), (case.number, m[0])
                found.add(case.number)
    # R52 ruling 4: also beside a transfer already ordered for another reason (no rating of 4), its eight cases
    assert found == set(AT_4_OLD_COWS) | {109, 167, 286, 318, 560, 646, 674, 778}


#: Q5b: the headline's delirium screen (r49's words), said before "treat on the current score" in a box with none.
Q5B_SCREEN = (
    "before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of "
    "sedative intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose here "
    "(delirium: to the ED by emergency services; intoxication: tell the receiving team at handover the breath alcohol "
    "reading or the signs, with the time; the patient must not drive today); otherwise "
)
#: An old COWS's re-score's own treatment right after its bracket (no screen between).
OWN_TREATMENT = re.compile(
    r"e-score the COWS (?:now|before transfer only if it does not delay it) \([^()]*\); "
    r"treat on the current score(?!: before any dose)"
)
#: The boxes that dose on a COWS.
OPIOID_BOXES = (
    "moderate_opioid_withdrawal",
    "moderately_severe_opioid_withdrawal",
    "severe_opioid_withdrawal",
    "buprenorphine_induction_threshold",
)


def test_q5b_case_167_boxes_screen_for_delirium() -> None:
    rec = numbered(167)
    assert action_of(rec, "moderate_opioid_withdrawal") == (
        # R46 Q2 (b7): the sedation watch before the driving clause naming every dose
        # R52 ruling 4: beside the transfer already ordered, the re-score before transfer, no dose without it
        "Re-score the COWS before transfer only if it does not delay it (last 19 on 20 Nov 2026; no dose here without "
        "today's re-score); " + Q5B_SCREEN + "treat on the current score"
        # R51 (b11 question 1): the first dose's timing beside the headline's transfer now (no rating-4 reason)
        " (a first dose before transfer only if it does not delay the transfer)"
        # R51 (b11 question 1): the handover, where case 603's box says it
        # R65 F2 (was: "...COWS scores and any dose with its time")
        "; at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose "
        "with its time"
        "; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until "
        "handover; if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive "
        "today"
    )
    assert action_of(rec, "buprenorphine_induction_threshold") == (
        # R52 ruling 4: beside the transfer already ordered, the re-score before transfer, no dose without it
        "Re-score the COWS before transfer only if it does not delay it (last 19 on 20 Nov 2026; no dose here without "
        "today's re-score); " + Q5B_SCREEN + "treat on the current score"
        # R51 (b11 question 1): the timing and the handover, as the COWS box's (this box has no benzodiazepine clause:
        # the handover before its driving clause)
        " (a first dose before transfer only if it does not delay the transfer)"
        # R65 F2 (was: "...COWS scores and any dose with its time")
        "; at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose "
        "with its time"
        # R50 S2: both withdrawals, the headline's watch before the driving clause
        "; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until "
        "handover; if a dose is given: the patient must not drive today"
    )


def test_q5b_case_603_boxes_screen_for_delirium() -> None:
    rec = numbered(603)
    assert action_of(rec, "moderately_severe_opioid_withdrawal") == (
        "Re-score the COWS before transfer only if it does not delay it (last 30 on 20 Nov 2026; no dose here without "
        "today's re-score); " + Q5B_SCREEN + "treat on the current score (a first dose before transfer only if it does "
        "not delay the transfer and the reason for rating 4 allows it); at handover tell the receiving team the last "
        # R65 F2 (was: "...COWS scores and any dose with its time")
        "CIWA-Ar and COWS scores, the delirium screen and any dose with its time; if a benzodiazepine is given with "
        "buprenorphine or "
        # R46 Q2 (b7): the sedation watch before the driving clause naming every dose
        "methadone: monitor sedation and breathing until handover; if any dose is given (a benzodiazepine, "
        "buprenorphine or methadone): the patient must not drive today"
    )
    assert action_of(rec, "buprenorphine_induction_threshold").startswith(
        "Re-score the COWS before transfer only if it does not delay it (last 30 on 20 Nov 2026; no dose here without "
        "today's re-score); " + Q5B_SCREEN + "treat on the current score (a first dose"
    )


def _cows_parts(rec):
    """Each box of ``rec`` that doses on a COWS, with its words from the COWS's re-score on (dimension 1's box: its
    COWS part)."""
    for f in rec.flags:
        if f.code in OPIOID_BOXES:
            yield f, f.action
        elif f.code == "rated_below_suggestion_d1" and "e-score the COWS" in f.action:
            yield f, f.action[f.action.index("e-score the COWS") - 1 :]


def test_q5b_sweep_no_cows_box_lacks_the_delirium_screen_beside_such_a_headline() -> None:
    changed = set()
    for case in cases(800):
        rec = built(case)
        if "screen for delirium (CAM or 4AT) and intoxication" not in rec.headline:
            continue
        for f, part in _cows_parts(rec):
            # the re-score's own treatment, right after its bracket, never without the screen
            assert OWN_TREATMENT.search(part) is None, (case.number, f.code, part)
            if re.search(r"e-score the COWS [^;]*\(last [^()]*\); " + re.escape(Q5B_SCREEN), part):
                changed.add(case.number)
    assert changed == {167, 286, 603, 760}


#: Q1: case 42's box screen (r49's words), said before "treat on the current score" beside dimension 1 or 2 rated 4.
Q1_SCREEN = (
    "before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication); if an overdose or ingestion, or intoxicated: no dose here (an overdose "
    "or ingestion: call emergency services for the ED, staff with the patient until handover, naloxone if signs of "
    "opioid overdose; intoxicated: tell the receiving team at handover the breath alcohol reading or the signs, with "
    "the time; the patient must not drive today); otherwise "
)
#: R57 M3: the same screen beside an old complicated CIWA-Ar's re-score and delirium screen before transfer only if it
#: does not delay it (case 700; the review's words).
Q1_SCREEN_M3 = (
    "no dose here unless today's COWS and CIWA-Ar re-scores are done and a delirium screen (CAM or 4AT) finds no "
    "delirium; before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol "
    "above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if an overdose or "
    "ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services for the ED, staff with "
    "the patient until handover, naloxone if signs of opioid overdose; intoxicated: tell the receiving team at "
    "handover the breath alcohol reading or the signs, with the time; the patient must not drive today); otherwise "
)


def test_q1_case_265_boxes_screen_before_the_dose() -> None:
    rec = numbered(265)
    whole = (
        "Re-score the COWS before transfer only if it does not delay it (last 30 on 20 Nov 2026; no dose here without "
        "today's re-score); " + Q1_SCREEN + "treat on the current score (a first dose before transfer only if it does "
        "not delay the transfer and the reason for rating 4 allows it); at handover tell the receiving team the last "
        "COWS score and any dose with its time; if a dose is given: the patient must not drive today"
    )
    assert action_of(rec, "moderately_severe_opioid_withdrawal") == whole
    assert action_of(rec, "buprenorphine_induction_threshold") == whole


def test_q1_case_316_dimension_1_box_cows_part() -> None:
    assert action_of(numbered(316), "rated_below_suggestion_d1").startswith(
        "Re-score the COWS before transfer only if it does not delay it (last 19 on 20 Nov 2026; no dose here without "
        "today's re-score); " + Q1_SCREEN + "treat on the current score (a first dose"
    )


def test_q1_sweep_no_cows_box_beside_a_4_doses_unscreened() -> None:
    changed = set()
    for case in cases(800):
        rec = built(case)
        if 4 not in (rec.dimensions.get(1), rec.dimensions.get(2), rec.dimensions.get(3)):
            continue
        for f, part in _cows_parts(rec):
            assert OWN_TREATMENT.search(part) is None, (case.number, f.code, part)
            if re.search(r"e-score the COWS [^;]*\(last [^()]*\); " + re.escape(Q1_SCREEN + "treat on"), part):
                changed.add(case.number)
            # R57 M3: beside an old complicated CIWA-Ar's re-score and delirium screen before transfer (case 700), the
            # dose waits for both re-scores and the screen, thiamine and glucose in the screen
            if re.search(r"e-score the COWS [^;]*\(last [^()]*\); " + re.escape(Q1_SCREEN_M3 + "treat on"), part):
                changed.add(case.number)
    assert {265, 316, 445, 524, 700} <= changed


def test_q2_case_240_dimension_1_box_one_handover_tells_both_scores() -> None:
    d1 = action_of(numbered(240), "rated_below_suggestion_d1")
    assert (
        "at handover give the receiving team the last CIWA-Ar and COWS scores and any dose with its time; re-score the "
        "COWS before transfer only if it does not delay it" in d1
    )
    assert d1.count("at handover give the receiving team") == 1
    assert "the last score and any dose" not in d1
