"""Physician review R55 (session 30), finding C (should-fix): beside an old severe COWS and an old CIWA-Ar of 8 or more
that is neither severe nor complicated (no transfer ordered by the CIWA-Ar), the headline's first step re-scored the
COWS and dosed the opioid ("otherwise if still 37 or more, a prescriber treats withdrawal now ...") before it
re-scored the CIWA-Ar, so the later emergency branch ("at a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or
more: emergency evaluation now ...") could not be applied before a dose was given, and the same intoxication screen was
said twice (cases 273 and 639 of the 800, both of 20 Nov 2026; case 125, an old severe CIWA-Ar re-scored first, the
model). Now one step re-scores both before any dose, the emergency branch first; the COWS boxes screen after the first
step's CIWA-Ar re-score, as 125's COWS box; dimension 1's box no longer re-scores the CIWA-Ar a second time.
Expectations typed from the ruling (R55's words; each sub-clause's wording as the case's text said it)."""

from __future__ import annotations

import pytest

from .random_placements import all_built, only_box, texts

#: Case 273's hold, as its headline said it before the ruling (kept exactly).
HOLD_273 = (
    "(if transferred, tell the receiving team at handover the breath alcohol reading or the signs, with the time; if "
    "not: ask the patient to stay on site and repeat the screen and the scores when it clears; if it has not cleared "
    "by the end of the session, or withdrawal worsens: arrange a higher level of care; the patient must not drive "
    "today; if the patient insists on leaving: the same-day suicide risk assessment first (if too intoxicated to take "
    "part in it: staff stay with the patient and arrange an emergency evaluation for suicide risk); offer a lift or a "
    "taxi, and follow local policy)"
)
#: R63 MF1 (c): the CIWA-Ar's transfer before the two re-scores' branches (typed from R63).
R63_MF1_C = (
    "on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or a seizure since the last score, or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM); ...")
    "hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now by emergency services to "
    "medically managed withdrawal (ED, or 4-WM); staff with the patient until handover; if the patient declines "
    "transfer: the prescriber assesses and records capacity to decline (without capacity: transfer by emergency "
    "services; with capacity: record the advice given and the risks explained; arrange the highest level of care the "
    "patient accepts; any dose as the prescriber decides; tell the patient and any supportive person to call "
    "emergency services for a seizure, "
    # R73 1a (was: "...any worsening); if not intoxicated")
    "confusion, hallucinations or any worsening); the patient must not drive; if not intoxicated: a first "
    "dose before transfer only if it does not delay the transfer; otherwise, if not intoxicated, on the two re-scores: "
)
#: R63 MF1 (a): the question (typed from R63).
R63_ASKED = "ask what happened since (a seizure, confusion, a hospital visit, the last drink)"
#: R63 MF1 (b), 273 only (typed from R63).
R63_DELIRIUM_HOLD = (
    "if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; "
)
#: Case 273's first step, R55's words in full.
# R58 S2b: the branches name the re-scores (ruling (c)); the two withdrawals (13 to 36) before "otherwise: treat on
# the current scores"; "at a COWS below 37" gone
# R63 MF1 (a), (b), (c): 273's delirium screen and the question after "both before any dose", its delirium hold
# after "check blood glucose;", the CIWA-Ar's transfer before the two re-scores (was: "both before any dose: screen
# for intoxication ...; check blood glucose; if intoxicated: ...; otherwise, on the two re-scores: at a COWS ...")
FIRST_273 = (
    "First: re-score the COWS now (last 48 on 20 Nov 2026, severe) and the CIWA-Ar (last 14 on 20 Nov 2026), both "
    f"before any dose, and screen for delirium (CAM or 4AT); {R63_ASKED}; before any dose: screen for intoxication "
    "(breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose; "
    f"{R63_DELIRIUM_HOLD}if intoxicated: no dose now {HOLD_273}; {R63_MF1_C}at a "
    "COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more: emergency evaluation now: arrange transfer now "
    "(ED, or 3.7-WM/4-WM); staff with the patient until handover; if the patient declines transfer: the prescriber "
    "assesses and records capacity to decline (without capacity: transfer by emergency services; with capacity: "
    "record the advice given and the risks explained; arrange the highest level of care the patient accepts; any dose "
    "as the prescriber decides; tell the patient and any supportive person to call emergency services for a seizure, "
    "confusion, hallucinations or any worsening); a first dose before "
    "transfer only if it does not delay the transfer; the patient must not drive; at a COWS re-score of 37 or more "
    "with a CIWA-Ar re-score below 8: a prescriber treats withdrawal now, before the patient leaves: buprenorphine, or "
    "methadone as the COWS flag says; re-score the COWS after dosing; emergency evaluation only for a complicating "
    "condition (listed on the COWS flag); at a CIWA-Ar re-score of 8 or more with a COWS re-score of 13 to 36 (two "
    "withdrawals): arrange medically managed withdrawal or a higher level of care; otherwise: treat on the current "
    "scores; if any dose is given (a "
    "benzodiazepine, buprenorphine or methadone): the patient must not drive today; if transferred: at handover tell "
    # R64 S3 (was: "the last CIWA-Ar and COWS scores and any dose with its time"): 273 screens for delirium
    "the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time, that today's "
    "C-SSRS screen found "
    "a wish to be dead or non-specific suicidal thoughts, and ask them for a suicide risk assessment (do not delay the "
    "transfer for it); if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing "
    # R62 S2 (ruled R63): beside the first dose before transfer (was: "while the patient is on site; ")
    "while the patient is on site (if transferred: until handover); "
)
#: What follows it in 273's headline, as before the ruling.
THEN_273 = (
    "then, before the patient leaves, a same-day suicide risk assessment (COWS above 36 (severe opioid withdrawal) "
    "(COWS of 20 Nov 2026, not re-scored today), CIWA-Ar item 10 at 1 (cannot do serial additions or uncertain about "
    "date) (CIWA-Ar of 20 Nov 2026, not re-scored today), "
)

#: Case 639's step: its lead ("last 13"), its own hold's ending, and its handover without a C-SSRS part (no screen).
# R63 MF1 (a), (c): the question after "both before any dose", the CIWA-Ar's transfer before the two re-scores (was:
# "both before any dose: screen for intoxication ...; otherwise, on the two re-scores: at a COWS ...")
LEAD_639 = (
    "First: re-score the COWS now (last 48 on 20 Nov 2026, severe) and the CIWA-Ar (last 13 on 20 Nov 2026), both "
    f"before any dose; {R63_ASKED}; before any dose: screen for intoxication (breath alcohol above zero, or signs of "
    "sedative intoxication), give thiamine and check blood glucose; if intoxicated: no dose now (if transferred, "
    "tell the receiving team at handover the breath alcohol reading or the signs, with the time; if not: ask the "
    "patient to stay on site and repeat the screen and the scores when it clears; if it has not cleared by the end of "
    "the session, or withdrawal worsens: arrange a higher level of care; the patient must not drive today; if the "
    f"patient insists: offer a lift or a taxi, and follow local policy); {R63_MF1_C}at a COWS re-score of 37 or more "
    "with a CIWA-Ar re-score of 8 or more: emergency evaluation now: arrange transfer now (ED, or 3.7-WM/4-WM); "
)  # R58 S2b: "re-score" in the branch words (ruling (c))
# R58 S2b: the branches name the re-scores; the two withdrawals (13 to 36) before "otherwise: treat on the current
# scores"; "at a COWS below 37" gone
BRANCHES_639 = (
    "a first dose before transfer only if it does not delay the transfer; the patient must not drive; at a COWS "
    "re-score of 37 or more with a CIWA-Ar re-score below 8: a prescriber treats withdrawal now, before the patient "
    "leaves: buprenorphine, or methadone as the COWS flag says; re-score the COWS after dosing; emergency evaluation "
    "only for a complicating condition (listed on the COWS flag); at a CIWA-Ar re-score of 8 or more with a COWS "
    "re-score of 13 to 36 (two withdrawals): arrange medically managed withdrawal or a higher level of care; "
    "otherwise: treat on the current scores; "
)
TAIL_639 = (
    "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today; if "
    "transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time; if "
    "a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient is on "
    # R62 S2 (ruled R63): beside a first dose before transfer (was: "site; re-score")
    "site (if transferred: until handover); re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; "
    "after a dose given on site, the patient goes home only if "
)

#: The COWS boxes' opening, as 125's severe COWS box says it after an old severe CIWA-Ar's re-score.
# R63 MF1 (a), (b): the question after the first step's CIWA-Ar re-score, and 273's delirium hold (was: "(last
# {ciwa} on 20 Nov 2026), before any dose: ...; check blood glucose; if intoxicated: no dose now (")
OPENING = (
    "Re-score the COWS now (last 48 on 20 Nov 2026, severe): after the first step's CIWA-Ar re-score (last {ciwa} on "
    f"20 Nov 2026); {R63_ASKED}, before any dose: screen for intoxication (breath alcohol above zero, or signs of "
    "sedative intoxication), give thiamine and check blood glucose; {delirium}if intoxicated: no dose now ("
)
LAST_CIWA = {273: 14, 639: 13}
BOXES = ("severe_opioid_withdrawal", "buprenorphine_induction_threshold", "rated_below_suggestion_d1")
#: Dimension 1's box after its COWS part, the CIWA-Ar's second re-score gone.
# R53 D (merged with R55 C): the COWS step's close says "if below 37: "
# R58 M2a: the box says the headline's branches; its COWS part closes with the two withdrawals (13 to 36) and
# "otherwise: treat on the current scores"
D1_AFTER_COWS = (
    "precipitated withdrawal that does not settle, delirium); at a CIWA-Ar re-score of 8 or more with a COWS re-score "
    "of 13 to 36 (two withdrawals): arrange medically managed withdrawal or a higher level of care; otherwise: treat "
    "on the current scores; "
)


def test_273_first_step_typed_in_full() -> None:
    assert only_box(273, "headline").startswith(FIRST_273 + THEN_273)


def test_639_first_step_distinctive_parts() -> None:
    headline = only_box(639, "headline")
    assert headline.startswith(LEAD_639)
    assert BRANCHES_639 + TAIL_639 in headline
    assert "C-SSRS" not in headline


@pytest.mark.parametrize("number", [273, 639])
def test_one_screen_and_the_emergency_branch_before_any_dose(number: int) -> None:
    first = only_box(number, "headline").split(". ")[0]
    assert first.count("before any dose: ") == 1
    assert first.count("screen for intoxication") == 1
    assert "re-score the CIWA-Ar now" not in first
    # R58 S2b: "re-score" in the branch words (ruling (c))
    emergency = first.index(
        "at a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more: emergency evaluation now"
    )
    assert emergency < first.index("a prescriber treats withdrawal now")


@pytest.mark.parametrize("number", [273, 639])
@pytest.mark.parametrize("code", BOXES)
def test_boxes_open_after_the_first_steps_ciwa_ar_re_score(number: int, code: str) -> None:
    delirium = R63_DELIRIUM_HOLD if number == 273 else ""  # R63 MF1 (b): 273 only
    assert only_box(number, code).startswith(OPENING.format(ciwa=LAST_CIWA[number], delirium=delirium))


@pytest.mark.parametrize("number", [273, 639])
def test_no_text_doses_if_still_37_before_the_ciwa_ar_is_re_scored(number: int) -> None:
    for code, text in texts(number):
        at = text.find("otherwise if still 37 or more")
        if at < 0:
            continue
        before = text[:at]
        assert f"after the first step's CIWA-Ar re-score (last {LAST_CIWA[number]} on 20 Nov 2026)" in before, code
    assert "if still 37 or more" not in only_box(number, "headline")


@pytest.mark.parametrize("number", [273, 639])
def test_d1_box_re_scores_the_ciwa_ar_no_more(number: int) -> None:
    d1 = only_box(number, "rated_below_suggestion_d1")
    assert "re-score the CIWA-Ar now" not in d1
    assert D1_AFTER_COWS in d1
    assert d1.endswith("record the reason for the lower rating with the placement decision")


@pytest.mark.parametrize(
    ("number", "code"),
    [(273, "possible_inattention"), (273, "moderate_alcohol_withdrawal"), (639, "moderate_alcohol_withdrawal")],
)
def test_the_ciwa_ar_boxes_keep_their_own_re_score(number: int, code: str) -> None:
    # R60 Q4: 273's last CIWA-Ar had item 10 at 1: its re-score screens for delirium (was: "...on 20 Nov 2026); ")
    screen = " and screen for delirium (CAM or 4AT)" if number == 273 else ""
    assert only_box(number, code).startswith(
        f"Re-score the CIWA-Ar now (last {LAST_CIWA[number]} on 20 Nov 2026){screen}; "
    )


def test_sweep_the_800() -> None:
    """Over the 800: the headlines that re-score both first are 273's and 639's; the boxes that screen after a first
    step's non-severe CIWA-Ar re-score are their three each; no other headline says the step's branches."""
    heads, boxes = [], []
    for n in all_built():
        for code, text in texts(n):
            # R63 MF1 (a), (c): "both before any dose[, and screen ...]; ask ..." and "otherwise, if not intoxicated,
            # on the two re-scores: " (was: ", both before any dose: ", "otherwise, on the two re-scores: ")
            if code == "headline" and ") and the CIWA-Ar (last " in text and ", both before any dose" in text:
                heads.append(n)
            if code == "headline" and "on the two re-scores: " in text:
                assert n in (273, 639), n
            if code != "headline" and "after the first step's CIWA-Ar re-score (last 1" in text:
                if "Nov 2026, severe), before" not in text:
                    boxes.append((n, code))
    assert heads == [273, 639]
    assert sorted(boxes) == sorted((n, c) for n in (273, 639) for c in BOXES)
