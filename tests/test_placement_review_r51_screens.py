"""Physician review R51, three should-fixes built by b3. Words typed from the dump of the 800 random cases
(tests/random_placements.py), never computed by iopkit.

- 1 (case 88 and the same rule's 249 and 657): an old moderate CIWA-Ar's re-score part, whose branch at a re-score of
  8 or more arranges a transfer, held an intoxicated patient with the ambulatory words alone ("intoxicated: ask the
  patient to stay on site ..."), while the headline and the severe_opioid_withdrawal box said "intoxicated: if
  transferred, tell the receiving team at handover the breath alcohol reading or the signs, with the time; if not: ask
  the patient to stay on site ...". The rule: a box that may itself lead to a transfer says the headline's bracket.
  Six boxes change: 88's possible_inattention, moderate_alcohol_withdrawal and rated_below_suggestion_d1 (its tail),
  249's moderate_alcohol_withdrawal and rated_below_suggestion_d1, 657's moderate_alcohol_withdrawal.
- 2 (cases 499, 273): the severe COWS and buprenorphine_induction_threshold boxes screened only inside "if still 37
  or more, before any dose: ..."; below 37 the trailing "treat on the current score" was unscreened. Ruling: the
  screen before the condition ("before any dose: ...; otherwise if still 37 or more, ..."), covering every branch.
  Both boxes of 38 cases change; dimension 1's box is left as it is (499's: its CIWA-Ar part's screen covers it).
- 3 (cases 125, 273, 470, 564, 639): two old withdrawals' emergency branch "at a COWS re-score of 37 or more with a
  CIWA-Ar re-score of 8 or more: emergency evaluation now: arrange transfer now ..." says the capacity to decline and
  the first dose's timing after its staff clause, as every other transfer-now branch (22 texts). Case 377 (an old
  COWS of 19) has no such branch: its boxes are unchanged.
"""

from __future__ import annotations

import re

import pytest

from .random_placements import all_built, only_box, texts

# --- 1: the intoxication bracket where the box may lead to a transfer --------------------------------------------

#: Case 88's possible_inattention and moderate_alcohol_withdrawal boxes (the same words).
# R60 Q4: the re-score screens for delirium and its branch comes before the hold (was: "Re-score the CIWA-Ar now
# (last 14 on 20 Nov 2026); before any dose: ..., give thiamine and check blood glucose; if an overdose ..."); R60 Q3
# (iii): the complications after "8 or more" (was: "at a CIWA-Ar re-score of 8 or more (alcohol withdrawal ...")
# S3 (R62; R63 2): "ask what happened since (...)" after the re-score; R62 M1: "if not intoxicated:" before the first
# dose before transfer and "otherwise, if not intoxicated: treat on the current score" (was: "(CAM or 4AT); before any
# dose", "...services); a first dose before transfer", "otherwise treat on the current score")
BOX_88 = (
    "Re-score the CIWA-Ar now (last 14 on 20 Nov 2026) and screen for delirium (CAM or 4AT); ask what happened since "
    "(a seizure, confusion, a hospital visit, the last drink); before any dose: ask about any overdose or ingestion "
    "today and screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine "
    "and check blood glucose; if delirium: no dose here; call emergency services for the ED; staff with the patient "
    "until handover; if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call "
    "emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose; "
    "intoxicated: if transferred, tell the receiving team at handover the breath alcohol reading or the signs, with "
    "the time; if not: ask the patient to stay on site and repeat the screen and the scores when it clears; if it has "
    "not cleared by the end of the session, or withdrawal worsens: arrange a higher level of care; the patient must "
    "not drive today; if the patient insists on leaving: the same-day suicide risk assessment first (if too "
    "intoxicated to take part in it: staff stay with the patient and arrange an emergency evaluation for suicide "
    "risk); offer a lift or a taxi, and follow local policy); at a CIWA-Ar re-score of 8 or more (or, intoxicated or "
    "not, a seizure since the last score, hallucinations, or disorientation (item 10 at 2 or more)) (alcohol "
    # R76 ruling 2 (was: "...on the COWS flag): arrange transfer now (ED, or 3.7-WM/4-WM); staff ...")
    "withdrawal alongside, a complicating condition on the COWS flag): arrange transfer now (a seizure, "
    "hallucinations, disorientation or a total of 15 or more: by emergency services, to the ED or 4-WM; otherwise: "
    "ED, or 3.7-WM/4-WM); "
    "staff with the patient until handover; if the patient declines transfer: the prescriber assesses and records "
    "capacity to decline (without capacity: transfer by emergency services; with capacity: record the advice given "
    "and the risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber "
    "decides; tell the patient and any supportive person to call emergency services for a seizure, confusion, "
    # R74 must-fix 1 (R73 1a's words; was: "...any worsening); if not intoxicated")
    "hallucinations or any worsening); the patient must not drive; if not intoxicated: a first dose before "
    "transfer only if it does not delay the transfer; if transferred: at handover tell the receiving team the last "
    # R64 S3 (was: "the last CIWA-Ar and COWS scores and any dose with its time"): 88 screens for delirium
    # R70 S (was: "...the delirium screen and any dose with its time; otherwise, if not intoxicated: ...")
    "CIWA-Ar and COWS scores, the delirium screen and any dose with its time, that today's C-SSRS screen was moderate "
    "risk, and ask them for a suicide risk assessment with safety planning, without delaying the transfer; otherwise, "
    "if not intoxicated: treat on the current score; if "
    "a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient is on "
    "site (if transferred: until handover); if a dose is given: the patient must not drive today"
)
#: The bracket the headline says, said in each box the rule reaches.
TOLD_IF_TRANSFERRED = (
    "intoxicated: if transferred, tell the receiving team at handover the breath alcohol reading or the signs, with "
    "the time; if not: ask the patient to stay on site and repeat the screen and the scores when it clears"
)
#: The ambulatory words alone, said no more beside a transfer of the same box.
AMBULATORY_ALONE = re.compile(r"(?<!if not: )ask the patient to stay on site and repeat the screen")
#: The six boxes the rule changes in the 800.
RULE_1_BOXES = (
    (88, "possible_inattention"),
    (88, "moderate_alcohol_withdrawal"),
    (88, "rated_below_suggestion_d1"),
    (249, "moderate_alcohol_withdrawal"),
    (249, "rated_below_suggestion_d1"),
    (657, "moderate_alcohol_withdrawal"),
)


@pytest.mark.parametrize("code", ["possible_inattention", "moderate_alcohol_withdrawal"])
def test_1_case_88_box_typed(code: str) -> None:
    assert only_box(88, code) == BOX_88


def test_1_case_88_box_says_the_headlines_bracket() -> None:
    headline = only_box(88, "headline")
    assert f"; {TOLD_IF_TRANSFERRED}; " in headline
    for code in ("possible_inattention", "moderate_alcohol_withdrawal", "severe_opioid_withdrawal"):
        assert f"; {TOLD_IF_TRANSFERRED}; " in only_box(88, code), code
    # dimension 1's box: its head's hold (R69, ruling R67 must-fix 1 (was: "its head's and its tail's holds both",
    # == 2): the tail's re-score step, its hold with it, dropped altogether)
    assert only_box(88, "rated_below_suggestion_d1").count(TOLD_IF_TRANSFERRED) == 1


@pytest.mark.parametrize(("number", "code"), RULE_1_BOXES)
def test_1_rule_boxes_tell_if_transferred(number: int, code: str) -> None:
    action = only_box(number, code)
    assert "if transferred, tell the receiving team at handover the breath alcohol reading" in action
    assert not AMBULATORY_ALONE.search(action), action


def test_1_sweep_no_ambulatory_hold_before_a_transfer_in_800() -> None:
    """Over the 800: a hold's ambulatory words alone ("ask the patient to stay on site ...", not after "if not: ")
    never stand before a transfer the same text arranges (the headline or a box; a sedation watch's "(if
    transferred: until handover)" arranges none: R50 S2's watch, merged beside this rule)."""
    wrong = [
        (n, code)
        for n in all_built()
        for code, text in texts(n)
        # R60 Q2(a): the sweep reads every text again (was: R58 M1a's branch after the hold skipped,
        # "R58_M1A_BRANCH.sub"): the severe branch, intoxicated or not, now comes before the ambulatory hold and tells
        # the receiving team
        if any("arrange transfer" in text[m.end() :] for m in AMBULATORY_ALONE.finditer(text))
    ]
    assert not wrong, wrong


# --- 2: the severe COWS boxes' screen before the condition ----------------------------------------------------------

#: Case 499's severe_opioid_withdrawal and buprenorphine_induction_threshold boxes.
SEVERE_COWS_499 = (
    # R65 F2 (was: "...eceiving team the last CIWA-Ar and COWS scores and any dose with its time")
    "Re-score the COWS now (last 48 on 20 Nov 2026, severe): before any dose: screen for delirium (CAM or 4AT) and "
    "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
    "glucose; if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: tell "
    "the receiving team at handover the breath alcohol reading or the signs, with the time; the patient must not drive "
    "today); otherwise if still 37 or more, a prescriber treats withdrawal now (a first dose before transfer only if "
    "it does not delay the transfer): buprenorphine, or methadone only in an opioid treatment programme or under the "
    "72-hour rule (given or dispensed on site, at most a 3-day supply while referral is arranged, not renewed or "
    "extended; never prescribed); re-score the COWS after dosing; at handover tell the receiving team the last CIWA-Ar "
    "and COWS scores, the delirium screen and any dose with its time, and any complicating condition (vomiting or "
    "diarrhoea with fluids not "
    "kept down, unstable vital signs, other medical or psychiatric instability, pregnancy, alcohol or benzodiazepine "
    "withdrawal alongside, precipitated withdrawal that does not settle, delirium); if a benzodiazepine is given with "
    # R53 D: the treatment of a re-score below 37 said as that branch
    # R60 Q5 S3a: beside the transfer ordered, a first dose before it only (was: "if below 37: treat on the current
    # score; ")
    "buprenorphine or methadone: monitor sedation and breathing until handover; if below 37: a first dose before "
    "transfer only if it does not delay the transfer (buprenorphine or methadone only on a COWS re-scored today); "
    "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
)
THRESHOLD_499 = (
    # R65 F2 (was: "...eceiving team the last CIWA-Ar and COWS scores and any dose with its time")
    "Re-score the COWS now (last 48 on 20 Nov 2026, severe): before any dose: screen for delirium (CAM or 4AT) and "
    "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
    "glucose; if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: tell "
    "the receiving team at handover the breath alcohol reading or the signs, with the time; the patient must not drive "
    "today); otherwise if still 37 or more, a prescriber treats withdrawal now (a first dose before transfer only if "
    "it does not delay the transfer): buprenorphine, or methadone only in an opioid treatment programme or under the "
    "72-hour rule (given or dispensed on site, at most a 3-day supply while referral is arranged, not renewed or "
    "extended; never prescribed); re-score the COWS after dosing; at handover tell the receiving team the last CIWA-Ar "
    "and COWS scores, the delirium screen and any dose with its time, and any complicating condition (vomiting or "
    "diarrhoea with fluids not "
    "kept down, unstable vital signs, other medical or psychiatric instability, pregnancy, alcohol or benzodiazepine "
    "withdrawal alongside, precipitated withdrawal that does not settle, delirium); if a benzodiazepine is given with "
    # R53 D: the treatment of a re-score below 37 said as that branch
    # R60 Q5 S3a: beside the transfer ordered, a first dose before it only (was: "if below 37: treat on the current
    # score; ")
    "buprenorphine or methadone: monitor sedation and breathing until handover; if below 37: a first dose before "
    "transfer only if it does not delay the transfer (buprenorphine or methadone only on a COWS re-scored today); "
    "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
)
#: R63 MF1 (a), (b), (c) in 273's boxes (typed from R63): the question after the first step's CIWA-Ar re-score, the
#: delirium hold after "check blood glucose;", the CIWA-Ar's transfer before the two re-scores.
R63_ASKED = "; ask what happened since (a seizure, confusion, a hospital visit, the last drink)"
R63_DELIRIUM_HOLD = (
    "if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; "
)
R63_MF1_C = (
    "on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or a seizure since the last score, or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)...")
    "hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now by emergency services to "
    "medically managed withdrawal "
    "(ED, or 4-WM); staff with the patient until handover; if the patient declines transfer: the prescriber assesses "
    "and records capacity to decline (without capacity: transfer by emergency services; with capacity: record the "
    "advice given and the risks explained; arrange the highest level of care the patient accepts; any dose as the "
    "prescriber decides; tell the patient and any supportive person to call emergency services for a seizure, "
    # R73 1a (was: "...any worsening); if not intoxicated")
    "confusion, hallucinations or any worsening); the patient must not drive; if not intoxicated: a first "
    "dose before transfer only if it does not delay the transfer; otherwise, if not intoxicated, on the two re-scores: "
)
#: Case 273's severe_opioid_withdrawal box (with 3's branch).
SEVERE_COWS_273 = (
    # R55 C: the screen after the first step's CIWA-Ar re-score (was: "...severe): before any dose: screen ...")
    "Re-score the COWS now (last 48 on 20 Nov 2026, severe): after the first step's CIWA-Ar re-score (last 14 on 20 "
    # R63 MF1 (a), (b) (was: "Nov 2026), before any dose: ...; check blood glucose; if intoxicated: no dose ")
    f"Nov 2026){R63_ASKED}, before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative "
    f"intoxication), give thiamine and check blood glucose; {R63_DELIRIUM_HOLD}if intoxicated: no dose "
    "now (if transferred, tell the receiving team at handover the breath alcohol reading or the signs, with the time; "
    "if not: ask the patient to stay on site and repeat the screen and the scores when it clears; if it has not "
    "cleared by the end of the session, or withdrawal worsens: arrange a higher level of care; the patient must not "
    "drive today; if the patient insists on leaving: the same-day suicide risk assessment first (if too intoxicated to "
    "take part in it: staff stay with the patient and arrange an emergency evaluation for suicide risk); offer a lift "
    # R58 M2a: the headline's branches, the emergency branch first (was: "otherwise if still 37 or more, ...", the
    # escalation, the handover, then the emergency branch)
    # R63 MF1 (c): the CIWA-Ar's transfer first (was: "...local policy); otherwise, on the two re-scores: at a ...")
    f"or a taxi, and follow local policy); {R63_MF1_C}at a COWS re-score of 37 or more with a "
    "CIWA-Ar re-score of 8 or more: emergency evaluation now: arrange transfer now (ED, or 3.7-WM/4-WM); staff with "
    "the patient until handover; if the patient declines transfer: the prescriber assesses and records capacity to "
    "decline (without capacity: transfer by emergency services; with capacity: record the advice given and the risks "
    "explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell the "
    "patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    "worsening); a first dose before transfer only if it does not "
    "delay the transfer; the patient must not drive; at a COWS re-score of 37 or more with a CIWA-Ar re-score below "
    "8: a prescriber treats withdrawal now, before the patient leaves: buprenorphine, or methadone only in an opioid "
    "treatment programme or under the 72-hour rule (given or dispensed on site, at most a 3-day supply while referral "
    "is arranged, not renewed or extended; never prescribed); re-score the COWS after dosing; emergency evaluation "
    "only for a complicating condition (vomiting or diarrhoea with fluids not kept down, unstable vital signs, other "
    "medical or psychiatric instability, pregnancy, alcohol or benzodiazepine withdrawal alongside, precipitated "
    "withdrawal that does not settle, delirium); at a CIWA-Ar re-score of 8 or more with a COWS re-score of 13 to 36 "
    "(two withdrawals): arrange medically managed withdrawal or a higher level of care; otherwise: treat on the "
    "current scores; "
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time; "
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient "
    "is on site (if transferred: until handover); if any dose is given (a benzodiazepine, buprenorphine or "
    "methadone): the patient must not drive today"
)
THRESHOLD_273 = (
    # R55 C: the screen after the first step's CIWA-Ar re-score (was: "...severe): before any dose: screen ...")
    "Re-score the COWS now (last 48 on 20 Nov 2026, severe): after the first step's CIWA-Ar re-score (last 14 on 20 "
    # R63 MF1 (a), (b) (was: "Nov 2026), before any dose: ...; check blood glucose; if intoxicated: no dose ")
    f"Nov 2026){R63_ASKED}, before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative "
    f"intoxication), give thiamine and check blood glucose; {R63_DELIRIUM_HOLD}if intoxicated: no dose "
    "now (if transferred, tell the receiving team at handover the breath alcohol reading or the signs, with the time; "
    "if not: ask the patient to stay on site and repeat the screen and the scores when it clears; if it has not "
    "cleared by the end of the session, or withdrawal worsens: arrange a higher level of care; the patient must not "
    "drive today; if the patient insists on leaving: the same-day suicide risk assessment first (if too intoxicated to "
    "take part in it: staff stay with the patient and arrange an emergency evaluation for suicide risk); offer a lift "
    # R58 M2a: the headline's branches, the emergency branch first (was: "otherwise if still 37 or more, ...; if below
    # 37: treat on the current score", no emergency branch)
    # R63 MF1 (c): the CIWA-Ar's transfer first (was: "...local policy); otherwise, on the two re-scores: at a ...")
    f"or a taxi, and follow local policy); {R63_MF1_C}at a COWS re-score of 37 or more with a "
    "CIWA-Ar re-score of 8 or more: emergency evaluation now: arrange transfer now (ED, or 3.7-WM/4-WM); staff with "
    "the patient until handover; if the patient declines transfer: the prescriber assesses and records capacity to "
    "decline (without capacity: transfer by emergency services; with capacity: record the advice given and the risks "
    "explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell the "
    "patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    "worsening); a first dose before transfer only if it does not "
    "delay the transfer; the patient must not drive; at a COWS re-score of 37 or more with a CIWA-Ar re-score below "
    "8: a prescriber treats withdrawal now, before the patient leaves: buprenorphine, or methadone only in an opioid "
    "treatment programme or under the 72-hour rule (given or dispensed on site, at most a 3-day supply while referral "
    "is arranged, not renewed or extended; never prescribed); re-score the COWS after dosing; emergency evaluation "
    "only for a complicating condition (vomiting or diarrhoea with fluids not kept down, unstable vital signs, other "
    "medical or psychiatric instability, pregnancy, alcohol or benzodiazepine withdrawal alongside, precipitated "
    "withdrawal that does not settle, delirium); at a CIWA-Ar re-score of 8 or more with a COWS re-score of 13 to 36 "
    "(two withdrawals): arrange medically managed withdrawal or a higher level of care; otherwise: treat on the "
    "current scores; "
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient "
    "is on site (if transferred: until handover); if transferred: at handover tell the receiving team the last "
    "CIWA-Ar and COWS scores and any dose with its time; if any dose is given (a benzodiazepine, buprenorphine or "
    "methadone): the patient must not drive today"
)
#: 499's dimension 1 box, left as it is (its CIWA-Ar part's screen covers its COWS part).
D1_499_COWS_PART = (
    "; re-score the COWS now (last 48 on 20 Nov 2026, severe): if still 37 or more, a prescriber treats withdrawal "
    "now (a first dose before transfer only if it does not delay the transfer): "
)
#: The condition said inside the screen's "otherwise", and the old form (the screen inside the condition).
CONDITION_AFTER_SCREEN = "; otherwise if still 37 or more, "
SCREEN_IN_CONDITION = re.compile(r"if still 37 or more, (?:after the first step's [^,()]*(?:\([^()]*\))?, )?before any")
SEVERE_COWS_BOXES = ("severe_opioid_withdrawal", "buprenorphine_induction_threshold")
#: The 38 cases whose two boxes the rule changes.
# R58 M2a: 273 and 639 no longer (their boxes say the headline's branches, no "otherwise if still 37 or more"): 36
RULE_2_CASES = (
    31,
    35,
    71,
    125,
    128,
    138,
    154,
    179,
    233,
    276,
    330,
    342,
    347,
    353,
    371,
    400,
    419,
    456,
    469,
    470,
    488,
    499,
    500,
    505,
    512,
    526,
    527,
    550,
    558,
    562,
    564,
    685,
    716,
    732,
    750,
    775,
)


@pytest.mark.parametrize(
    ("number", "code", "want"),
    [
        (499, "severe_opioid_withdrawal", SEVERE_COWS_499),
        (499, "buprenorphine_induction_threshold", THRESHOLD_499),
        (273, "severe_opioid_withdrawal", SEVERE_COWS_273),
        (273, "buprenorphine_induction_threshold", THRESHOLD_273),
    ],
)
def test_2_boxes_typed(number: int, code: str, want: str) -> None:
    assert only_box(number, code) == want


def test_2_case_499_d1_left() -> None:
    action = only_box(499, "rated_below_suggestion_d1")
    assert D1_499_COWS_PART in action
    assert action.index("before any dose: screen for delirium") < action.index(D1_499_COWS_PART)


def test_2_sweep_screen_before_the_condition_in_800() -> None:
    """Over the 800: no severe COWS or buprenorphine induction threshold box screens inside "if still 37 or more, "
    where it treats on the current score after that branch; the 76 boxes of the 38 cases say the screen first, the
    condition after its "otherwise"."""
    wrong, said = [], []
    for n in all_built():
        for code in SEVERE_COWS_BOXES:
            boxes = [text for c, text in texts(n) if c == code]
            for text in boxes:
                m = SCREEN_IN_CONDITION.search(text)
                if m and re.search(r"\btreat on the current scores?\b", text[m.end() :]):
                    wrong.append((n, code))
                if CONDITION_AFTER_SCREEN in text:
                    said.append(n)
                    assert text.index("before any dose: ") < text.index(CONDITION_AFTER_SCREEN), (n, code)
    assert not wrong, wrong
    assert sorted(set(said)) == list(RULE_2_CASES)
    assert len(said) == 72  # R58 M2a: 76 less 273's and 639's two boxes each


# --- 3: the emergency branch's capacity to decline and first dose's timing -----------------------------------------

BRANCH = (
    "at a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more: emergency evaluation now: arrange transfer "
    "now (ED, or 3.7-WM/4-WM); staff with the patient until handover; if the patient declines transfer: the "
    "prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; with "
    "capacity: record the advice given and the risks explained; arrange the highest level of care the patient "
    "accepts; any dose as the prescriber decides; tell the patient and any supportive person to call emergency "
    "services for a seizure, confusion, hallucinations or any worsening); a first "
    "dose before transfer only if it does not delay the transfer; the patient must not drive"
)
# R64 S2: the branch read on its own guards its first dose in 16 of the 24 texts (125 470 564, the alcohol and
# inattention boxes of 273, the alcohol box of 639); the 8 texts of 273 639 under R63 MF1 (c)'s guarded "otherwise, if
# not intoxicated, on the two re-scores:" keep BRANCH (R64 S2: LEAVE) (was: "...services); a first dose before
# transfer")
BRANCH_GUARDED = (
    "at a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more: emergency evaluation now: arrange transfer "
    "now (ED, or 3.7-WM/4-WM); staff with the patient until handover; if the patient declines transfer: the "
    "prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; with "
    "capacity: record the advice given and the risks explained; arrange the highest level of care the patient "
    "accepts; any dose as the prescriber decides; tell the patient and any supportive person to call emergency "
    "services for a seizure, confusion, hallucinations or any worsening); if not "
    "intoxicated: a first dose before transfer only if it does not delay the transfer; the patient must not drive"
)
#: R64 S2: the 8 texts left with BRANCH under MF1 (c)'s guard.
UNGUARDED_LEFT = {
    (n, code)
    for n in (273, 639)
    for code in (
        "headline",
        "severe_opioid_withdrawal",
        "rated_below_suggestion_d1",
        "buprenorphine_induction_threshold",
    )
}
#: Case 273's headline after the branch, its handover where it stood.
# R64 S3 (was: "the last CIWA-Ar and COWS scores and any dose with its time"): 273 screens for delirium
HEADLINE_273 = (
    f"{BRANCH}; if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium "
    "screen and any dose with its time, that today's C-SSRS screen found a wish to be dead or non-specific suicidal "
    "thoughts, and ask them for a suicide risk assessment (do not delay the transfer for it); "
)
#: R55 C: the headline's branch on the two re-scores made first, without "re-score", said first after "otherwise, on
#: the two re-scores: ", its handover after every branch (tests/test_placement_review_r55c.py types the step in full).
# R58 S2b: the branch names the re-scores again (ruling (c)): the same words as BRANCH
BRANCH_R55C = BRANCH
HANDOVER_273 = HEADLINE_273.removeprefix(f"{BRANCH}; ")
#: The 22 texts the reviewer counted, in five cases.
RULE_3_CASES = (125, 273, 470, 564, 639)


def test_3_case_273_headline_typed() -> None:
    # R55 C: the branch first on the two re-scores, its handover after every branch (was: HEADLINE_273)
    headline = only_box(273, "headline")
    # R63 MF1 (c) (was: "otherwise, on the two re-scores: ")
    assert f"otherwise, if not intoxicated, on the two re-scores: {BRANCH_R55C}; " in headline
    assert f"the patient must not drive today; {HANDOVER_273}" in headline
    assert headline.index(BRANCH_R55C) < headline.index(HANDOVER_273)


@pytest.mark.parametrize("code", ["possible_inattention", "moderate_alcohol_withdrawal", "rated_below_suggestion_d1"])
def test_3_case_273_boxes_say_the_branch(code: str) -> None:
    # R64 S2: the alcohol and inattention boxes guard the branch's first dose; d1 stays under MF1 (c) (was: BRANCH)
    want = BRANCH if code == "rated_below_suggestion_d1" else BRANCH_GUARDED
    assert want in only_box(273, code)


#: Case 377's moderate_alcohol_withdrawal box, as it stood.
# R60 Q4 and Q3 (the joined re-scores): the re-score screens for delirium, delirium's branch before the hold, the
# severe branch before treating only if not intoxicated (was: "Re-score the CIWA-Ar now (last 14 on 20 Nov 2026);
# before any dose: ...; if intoxicated: no dose now (...); otherwise treat on the current score; at a CIWA-Ar ...")
# S3 (R62; R63 2): "ask what happened since (...)" after the re-score; R62 M1: "if not intoxicated:" before the joined
# re-scores' first dose before transfer (was: "(CAM or 4AT); before any dose", "...services); a first dose before
# transfer")
BOX_377 = (
    "Re-score the CIWA-Ar now (last 14 on 20 Nov 2026) and screen for delirium (CAM or 4AT); ask what happened since "
    "(a seizure, confusion, a hospital visit, the last drink); before any dose: screen for intoxication (breath "
    "alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if delirium: no "
    "dose here; call emergency services for the ED; staff with the patient until handover; if intoxicated: no dose now "
    "(if transferred, tell the receiving team at handover the breath alcohol reading or the signs, with the time; if "
    "not: ask the patient to stay on site and repeat the screen and the scores when it clears; if it has not cleared "
    "by the end of the session, or withdrawal worsens: arrange a higher level of care; the patient must not drive "
    "today; if the patient insists: offer a lift or a taxi, and follow local policy); on the re-scores, intoxicated or "
    "not: if a CIWA-Ar of 15 or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)...")
    "at 2 or more): arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM); staff "
    "with the patient until "
    "handover; if the patient declines transfer: the prescriber assesses and records capacity to decline (without "
    "capacity: transfer by emergency services; with capacity: record the advice given and the risks explained; "
    "arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and "
    # R73 1a (was: "...any worsening); if not intoxicated")
    "any supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening); the "
    "patient must not drive; if not intoxicated: a first dose before transfer only if it does not "
    "delay the transfer; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing "
    "until handover; otherwise, if not intoxicated: a prescriber treats on today's score; at a CIWA-Ar re-score of 8 "
    "or more with a COWS re-score of 13 or more (two withdrawals): arrange medically managed withdrawal or a higher "
    # R64 S3 (was: "the last CIWA-Ar and COWS scores and any dose with its time"): 377 screens for delirium
    "level of care; if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium "
    "screen and any dose with its time; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation "
    "and breathing while the patient is on site (if transferred: until handover); if any dose is given (a "
    "benzodiazepine, buprenorphine or methadone): the patient must not drive today"
)


def test_3_case_377_has_no_such_branch() -> None:
    """377 (an old COWS of 19): no emergency branch at 37 or more; its CIWA-Ar box as it stood."""
    assert all("37 or more with a CIWA-Ar" not in text for _, text in texts(377))
    assert only_box(377, "moderate_alcohol_withdrawal") == BOX_377


def test_3_sweep_every_branch_says_both_in_800() -> None:
    """Over the 800: every "at a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more: emergency
    evaluation now: " goes on as :data:`BRANCH`; 22 texts in 5 cases."""
    lead = "at a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more: emergency evaluation now: "
    # R58 S2b: the headlines of 273 and 639 say it with "re-score" again (R55 C's form without it gone)
    assert all("at a COWS of 37 or more" not in text for n in all_built() for _, text in texts(n))
    seen = []
    unguarded = set()
    for n in all_built():
        for code, text in texts(n):
            for m in re.finditer(re.escape(lead), text):
                # R64 S2: guarded, or one of the 8 left under MF1 (c)'s guard (was: BRANCH everywhere)
                if text.startswith(BRANCH, m.start()):
                    unguarded.add((n, code))
                else:
                    assert text.startswith(BRANCH_GUARDED, m.start()), (n, code, text)
                seen.append(n)
    assert unguarded == UNGUARDED_LEFT, sorted(unguarded)
    assert len(seen) == 24  # R58 M2a: 22 and the buprenorphine_induction_threshold boxes of 273 and 639
    assert tuple(sorted(set(seen))) == RULE_3_CASES
