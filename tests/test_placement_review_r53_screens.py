"""Physician review R53, ruling 4 and finding B, built by c3. Words typed from the dump of the 800 random cases
(tests/random_placements.py), never computed by iopkit.

- Ruling 4 (must-fix; should-fix for 125, 273, 470, 564, 639): the headline and dimension 1's rating-below box gave a
  dose at a COWS re-score of 13-36 ("...; treat on the current score") with no intoxication or overdose screen: the
  screen stood inside "if still 37 or more, before any dose: ...". They take the boxes' form (R51): "re-score the COWS
  now (...): before any dose: ...; otherwise if still 37 or more, a prescriber treats withdrawal now, ...; treat on the
  current score". 29 headlines (the 24 must-fix and 125, 273, 470, 564, 639) and 28 dimension-1 boxes (the 25
  must-fix and 125, 470, 564) change; 742 (the rating-4 form "before transfer only if it does not delay it", no
  "treat on the current score" after it) stays as it is.
- Finding B (should-fix): the CIWA-Ar 8-or-more transfer branch of the boxes of 88, 249 and 657 gets the headline's
  capacity to decline after "staff with the patient until handover; " (6 boxes: 88 possible_inattention,
  moderate_alcohol_withdrawal and the tail of rated_below_suggestion_d1; 249 moderate_alcohol_withdrawal and the d1
  tail; 657 moderate_alcohol_withdrawal).
"""

from __future__ import annotations

import re

import pytest

from .random_placements import all_built, only_box, texts
from .test_placement_review_r70_d3 import FINDINGS

# --- ruling 4: the screen before "if still 37 or more" in the headline and dimension 1's box ------------------------

#: Case 35's headline.
HEADLINE_35 = (
    "First: re-score the COWS now (last 48 on 20 Nov 2026, severe): before any dose: screen for intoxication "
    "(breath alcohol above zero, or signs of sedative intoxication); if intoxicated: no dose now (ask the patient "
    "to stay on site and repeat the screen and the score when it clears; if it has not cleared by the end of the "
    "session: the prescriber arranges a higher level of care or the first dose on another day, with naloxone in "
    "hand; the patient must not drive today; if the patient insists: offer a lift or a taxi, and follow local "
    "policy); otherwise if still 37 or more, a prescriber treats withdrawal now, before the patient leaves: "
    "buprenorphine, or methadone as the COWS flag says; re-score the COWS after dosing; after a first dose of "
    "buprenorphine or methadone the patient must not drive today; emergency evaluation only for a complicating "
    # R53 D: the treatment of a re-score below 37 said as that branch
    "condition (listed on the COWS flag); if below 37: treat on the current score (COWS above 36 (severe opioid "
    "withdrawal) "
    "(COWS of 20 Nov 2026, not re-scored today)). Then, unless the review finds more: 3.7-WM medically monitored "
    "inpatient withdrawal management, then a reassessment of all six dimensions for treatment (on today's ratings "
    "at least Level 1 (Outpatient))."
)
#: Case 31's dimension-1 box.
D1_31 = (
    "Re-score the COWS now (last 48 on 20 Nov 2026, severe): before any dose: ask about any overdose or ingestion "
    "today and screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if an "
    "overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services for "
    "the ED, staff with the patient until handover, naloxone if signs of opioid overdose; intoxicated: staff stay "
    "with the patient; repeat the screen and the score when it clears, or tell the receiving team at handover; the "
    "patient must not drive today); otherwise if still 37 or more, a prescriber treats withdrawal now, while the "
    "patient waits for the suicide evaluation (if transferred: a first dose before transfer only if it does not "
    "delay the transfer; at handover tell the receiving team the last COWS score and any dose with its time): "
    "buprenorphine, or methadone only in an opioid treatment programme or under the 72-hour rule (given or "
    "dispensed on site, at most a 3-day supply while referral is arranged, not renewed or extended; never "
    "prescribed); re-score the COWS after dosing; a complicating condition (vomiting or diarrhoea with fluids not "
    "kept down, unstable vital signs, other medical or psychiatric instability, pregnancy, alcohol or "
    "benzodiazepine withdrawal alongside, precipitated withdrawal that does not settle, delirium): emergency "
    "evaluation for suicide risk and emergency medical evaluation in one setting that can manage both: arrange "
    # R53 D: the treatment of a re-score below 37 said as that branch
    "transfer now (ED); staff with the patient until handover; if below 37: treat on the current score; if a dose is "
    "given: the "
    "patient must not drive today; record the reason for the lower rating with the placement decision"
)

#: Case 125's headline: its COWS part after the CIWA-Ar step (the screen before any dose said for the COWS re-score
#: too, not only inside the CIWA-Ar transfer step).
COWS_PART_125 = (
    "; re-score the COWS now (last 48 on 20 Nov 2026, severe): before any dose: screen for intoxication (breath "
    "alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if "
    # R67 F1 (was: "glucose; if intoxicated: ..."): the CIWA-Ar step's screen holds any dose in delirium (R65 F1), and
    # this screen kept apart says the same, the union (R18 S2, R22 M1)
    "delirium: no dose here; call emergency services for the ED; staff with the patient until handover; if "
    "intoxicated: no dose now (if transferred, tell the receiving team at handover the breath alcohol reading or "
    "the signs, with the time; if not: ask the patient to stay on site and repeat the screen and the scores when "
    "it clears; if it has not cleared by the end of the session, or withdrawal worsens: arrange a higher level "
    "of care; the patient must not drive today; if the patient insists: offer a lift or a taxi, and follow local "
    "policy); otherwise if still 37 or more, a prescriber treats withdrawal now, before the patient leaves "
    # R73 item 2 (was: "... before the patient leaves: buprenorphine")
    "(if transferred: a first dose before transfer only if it does not delay the transfer): "
    "buprenorphine, or methadone as the COWS flag says; re-score the COWS after dosing; emergency evaluation "
    # R53 D: the treatment of a re-score below 37 said as that branch
    "only for a complicating condition (listed on the COWS flag); if below 37: treat on the current score; "
)
#: Case 742's headline, left as it is (rating 4: the dose only at 37 or more, before transfer).
HEADLINE_742_LEFT = (
    "re-score the COWS before transfer only if it does not delay it (last 48 on 20 Nov 2026, severe); if still 37 or "
    "more, before any dose: ask about any overdose or ingestion today and screen for intoxication"
)
#: The condition said inside the screen's "otherwise", and the old form (the screen inside the condition).
CONDITION_AFTER_SCREEN = "; otherwise if still 37 or more, "
# R67 F1 (was: r"...(?:after the first step's [^,()]*(?:\([^()]*\))?, )?before any"): the box's opening after the
# first step's re-score may name its delirium screen before its bracket (R24b 3's words, R67 F1 (a)): "after the first
# step's CIWA-Ar re-score and delirium screen (CAM or 4AT) (last 21 on 20 Nov 2026, severe), "
AFTER_FIRST_STEP = r"after the first step's [^,()]*(?:\([^()]*\))?(?: \([^()]*\))?, "
SCREEN_IN_CONDITION = re.compile(rf"if still 37 or more, (?:{AFTER_FIRST_STEP})?before any")
TREATED = re.compile(r"\btreat on the current scores?\b")
#: The 29 headlines the ruling changes (24 must-fix, 5 should-fix).
RULE_4_HEADLINES = (
    31, 35, 71, 125, 128, 138, 179, 233, 273, 276, 330, 342, 347, 353, 371,
    400, 456, 469, 470, 500, 505, 512, 527, 550, 558, 562, 564, 639, 750,
)  # fmt: skip
#: The 28 dimension-1 boxes (25 must-fix, 3 should-fix).
RULE_4_D1 = (
    31, 71, 125, 128, 138, 154, 179, 233, 276, 330, 347, 353, 371, 400,
    419, 469, 470, 500, 505, 512, 526, 527, 550, 558, 564, 685, 750, 775,
)  # fmt: skip
#: The dimension-1 boxes that said the boxes' form already (R17b M1's, as R51 found 273's).
D1_ALREADY = (273, 639)


def test_4_case_35_headline_typed() -> None:
    assert only_box(35, "headline") == HEADLINE_35


def test_4_case_31_d1_typed() -> None:
    assert only_box(31, "rated_below_suggestion_d1") == D1_31


@pytest.mark.parametrize("code", ["headline", "rated_below_suggestion_d1"])
def test_4_case_125_cows_part_typed(code: str) -> None:
    # the d1 box says the box's full methadone words; the headline's short form is typed
    if code == "headline":
        assert COWS_PART_125 in only_box(125, code)
    else:
        action = only_box(125, code)
        at = action.index("; re-score the COWS now (last 48 on 20 Nov 2026, severe): ")
        assert action.startswith(COWS_PART_125[: COWS_PART_125.index("otherwise if still")], at)


def test_4_case_742_headline_left() -> None:
    assert HEADLINE_742_LEFT in only_box(742, "headline")


def _cows_screen(text: str) -> str:
    """The COWS re-score's screen and hold, up to "; otherwise if still 37 or more", without a box's "after the first
    step's ..." (the headline and dimension 1's box say that step before it)."""
    at = text.lower().index("re-score the cows now (")
    end = text.index(CONDITION_AFTER_SCREEN, at)
    # R70 D3, R71 must-fix 1: a box's transfer on the CIWA-Ar re-score's findings, said after that step (the headline
    # and dimension 1's box say it in their CIWA-Ar step, before the COWS), read as the step's opening it follows
    said = text[at:end].replace(f": {FINDINGS}", ", before any dose: ")
    return re.sub(AFTER_FIRST_STEP, "", said).lower()  # R67 F1 (was: its one-bracket form, as above)


def test_4_sweep_headline_and_d1_screen_first_in_800() -> None:
    """Over the 800: no headline or dimension-1 box screens inside "if still 37 or more, " where it treats on the
    current score after it; the 29 headlines and 28 d1 boxes (with 273's and 639's, as before) say the screen first,
    the condition after "otherwise", with the severe_opioid_withdrawal box's own screen and hold (564 apart: its
    headline's and d1's COWS screen differ from the box's as before, the delirium screen said in their CIWA-Ar step,
    unchanged)."""
    wrong, heads, d1s, unlike = [], [], [], []
    for n in all_built():
        for code, text in texts(n):
            if code not in ("headline", "rated_below_suggestion_d1"):
                continue
            m = SCREEN_IN_CONDITION.search(text)
            if m and TREATED.search(text, m.end()):
                wrong.append((n, code))
            if CONDITION_AFTER_SCREEN in text:
                (heads if code == "headline" else d1s).append(n)
                if _cows_screen(text) != _cows_screen(only_box(n, "severe_opioid_withdrawal")):
                    unlike.append((n, code))
    assert not wrong, wrong
    # R55 C: 273's and 639's headlines re-score both first, their COWS dose "at a COWS of 37 or more with a CIWA-Ar
    # below 8" (no "if still 37 or more" left)
    assert tuple(heads) == tuple(n for n in RULE_4_HEADLINES if n not in (273, 639))
    # R58 M2a: 273's and 639's d1 boxes say the headline's branches (no "otherwise if still 37 or more" left)
    assert tuple(sorted(d1s)) == tuple(sorted(n for n in (*RULE_4_D1, *D1_ALREADY) if n not in (273, 639)))
    assert unlike == [(564, "headline"), (564, "rated_below_suggestion_d1")]


# --- finding B: the capacity to decline in the CIWA-Ar 8-or-more branch of the boxes ---------------------------------

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
    # R76 ruling 2 (was: "...on the COWS flag): arrange transfer now (ED, or 3.7-WM/4-WM); staff with ...")
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
#: Case 88's dimension-1 box's tail, its branch as the head's.
# R60 Q3 (iii): the complications after "8 or more" (was: "; at a CIWA-Ar re-score of 8 or more (alcohol ...")
D1_88_TAIL = (
    "; at a CIWA-Ar re-score of 8 or more (or, intoxicated or not, a seizure since the last score, "
    "hallucinations, or disorientation (item 10 at 2 or more)) (alcohol withdrawal alongside, a complicating "
    # R76 ruling 2 (was: "...on the COWS flag): arrange transfer now (ED, or 3.7-WM/4-WM); staff with ...")
    "condition on the COWS flag): arrange transfer now (a seizure, hallucinations, disorientation or a total of 15 or "
    "more: by emergency services, to the ED or 4-WM; otherwise: ED, or 3.7-WM/4-WM); staff with the patient until "
    "handover; if the patient declines transfer: the prescriber assesses and records capacity to decline "
    # R62 M1: the first dose before transfer and the "otherwise" guarded (was: "...services); a first dose before
    # transfer ...; otherwise treat on the current score; ")
    "(without capacity: transfer by emergency services; with capacity: record the advice given and the risks "
    "explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell the "
    "patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    "worsening); if not intoxicated: a first dose before transfer only if it "
    "does not delay the transfer; otherwise, if not intoxicated: treat on the current score; "
)
CAPACITY = (
    "if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening); "
)
#: The branch's transfer, in every text that says it (the headline capitalises "At").
# R60 Q3 (iii): the complications named after "8 or more" (was: "... re-score of 8 or more \(alcohol withdrawal ...")
BRANCH = re.compile(
    r"(?i)at a CIWA-Ar re-score of 8 or more \(or, intoxicated or not, a seizure since the last score, hallucinations, "
    r"or disorientation \(item 10 at 2 or more\)\) \(alcohol withdrawal alongside, a complicating condition(?: on "
    # R76 ruling 2 (was: "...: arrange transfer now \(ED, or 3\.7-WM/4-WM\); ..."): the ruling's bracket read too
    r"the COWS flag)?\): arrange transfer now \((?:a seizure, hallucinations, disorientation or a total of 15 or "
    r"more: by emergency services, to the ED or 4-WM; otherwise: )?ED, or 3\.7-WM/4-WM\); staff with the patient "
    r"until handover; "
)
#: The six boxes finding B changes, and the 12 texts that say the branch in the 800 (R69 (was: 14)).
RULE_B_BOXES = (
    (88, "possible_inattention"),
    (88, "moderate_alcohol_withdrawal"),
    (88, "rated_below_suggestion_d1"),
    (249, "moderate_alcohol_withdrawal"),
    (249, "rated_below_suggestion_d1"),
    (657, "moderate_alcohol_withdrawal"),
)


@pytest.mark.parametrize("code", ["possible_inattention", "moderate_alcohol_withdrawal"])
def test_b_case_88_box_typed(code: str) -> None:
    assert only_box(88, code) == BOX_88


def test_b_case_88_d1_both_branches() -> None:
    action = only_box(88, "rated_below_suggestion_d1")
    # R69, ruling R67 must-fix 1 (was: ``D1_88_TAIL in action`` and the capacity said twice): the box's second re-score
    # step, its branch with it, dropped altogether; the first part's branch says the capacity once
    assert D1_88_TAIL not in action
    assert action.count(f"staff with the patient until handover; {CAPACITY}") == 1


@pytest.mark.parametrize(("number", "code"), RULE_B_BOXES)
def test_b_rule_boxes_say_capacity(number: int, code: str) -> None:
    action = only_box(number, code)
    for m in BRANCH.finditer(action):
        assert action.startswith(CAPACITY, m.end()), (number, code)


def test_b_sweep_every_branch_says_capacity_in_800() -> None:
    """Over the 800: every text saying the CIWA-Ar 8-or-more branch's transfer says the capacity to decline after its
    staff clause; 12 texts in 3 cases (R69 (was: 14): the d1 boxes of 88 and 249 say it once; the headline,
    severe_opioid_withdrawal and the d1 head already did)."""
    seen = []
    for n in all_built():
        for code, text in texts(n):
            for m in BRANCH.finditer(text):
                assert text.startswith(CAPACITY, m.end()), (n, code)
                seen.append((n, code))
    # R69, ruling R67 must-fix 1 (was: 14): the d1 boxes of 88 and 249 say the branch once, their second re-score step
    # dropped
    assert len(seen) == 12
    assert sorted({n for n, _ in seen}) == [88, 249, 657]
    assert set(RULE_B_BOXES) <= set(seen)
