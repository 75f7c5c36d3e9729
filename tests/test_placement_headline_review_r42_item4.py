"""Physician review R42, item 4 (R31 should-fix S7, ruled: build it), and R30b should-fix S5.

R42 item 4 (R31 S7). Cases 240, 42, 86, 277, 306, 346, 551: a dimension rated 4 (which calls for a transfer now)
beside an old COWS's re-score. With rating 4 the old COWS re-score says "re-score the COWS before transfer only if it
does not delay it (last N on 20 Nov 2026)", not "re-score the COWS now", and its first dose "... a first dose before
transfer only if it does not delay the transfer and the reason for rating 4 allows it"; case 240's dimension-1 box
takes the COWS box's full screen (the same screen words as its COWS box). The same shape (dimension 1, 2 or 3 rated 4
and an old COWS of 13-36 re-scored) in 15 more of the 800 cases, said alike: 114, 265, 316, 376, 394, 445, 449, 524,
603, 635, 649, 700, 760, 767, 790. Where the re-score's treatment said no timing ("treat on the current score;"), the
first dose's timing follows it in brackets, as R30a S6's "(a first dose before transfer only if ...)".

R30b S5. Case 635: its COWS box and buprenorphine box use the headline's delirium screen, "screen for delirium (CAM
or 4AT) and intoxication ...; if delirium, an overdose or ingestion, or intoxication: no dose here (delirium, or an
overdose or ingestion: ...", the screen words of the headline's first step (each box keeps its own "staff with the
patient until handover" in the bracket, as every alcohol box beside that headline says it). The same shape (a
headline screen naming delirium, a COWS or buprenorphine box whose screen does not) in 394 and 674.

Cases of tests/random_placements.py (800, the same seed); every expected text typed by hand from the reviewer's words
and the boxes as they were, never computed by iopkit.
"""

from __future__ import annotations

import re

import pytest

from tests.random_placements import action_of, built, cases, numbered

#: The reviewer's re-score words beside a rating of 4, and the first dose's.
BEFORE_TRANSFER = "e-score the COWS before transfer only if it does not delay it (last "
FIRST_DOSE_AT_4 = (
    "a first dose before transfer only if it does not delay the transfer and the reason for rating 4 allows it"
)
#: The first dose without the rating's reason (what every first dose of those re-scores said before).
FIRST_DOSE = "a first dose before transfer only if it does not delay the transfer"

#: The 22 of the 800 cases with dimension 1, 2 or 3 rated 4 and an old COWS of 13-36 re-scored (the reviewer's 7 first).
AT_4_OLD_COWS = (
    240, 42, 86, 277, 306, 346, 551,
    114, 265, 316, 376, 394, 445, 449, 524, 603, 635, 649, 700, 760, 767, 790,
)  # fmt: skip
#: R52 ruling 4: the cases, no rating of 4, whose old COWS is re-scored before a transfer already ordered.
R52_TRANSFER_FIRST = (109, 167, 286, 318, 560, 646, 674, 778)
#: R49 M1: the old COWS's bracket, last (physician review R49, must-fix M1, its words).
UNRESCORED = "; no dose here without today's re-score"
#: The reviewer's 7, their headline's re-score (dimension 3 rated 4: the headline re-scores the COWS itself).
HEADLINE_RESCORE = {
    42: "r" + BEFORE_TRANSFER + "30 on 20 Nov 2026" + UNRESCORED + "); treat on the current score: before any dose:",
    86: "r" + BEFORE_TRANSFER + "19 on 20 Nov 2026" + UNRESCORED + "); treat on the current score: before any dose:",
    240: "r" + BEFORE_TRANSFER + "19 on 20 Nov 2026; no dose here without today's re-score); before any dose:",
    277: "r" + BEFORE_TRANSFER + "19 on 20 Nov 2026" + UNRESCORED + "); treat on the current score: before any dose:",
    306: "r" + BEFORE_TRANSFER + "19 on 20 Nov 2026" + UNRESCORED + "); treat on the current score: before any dose:",
    346: "r" + BEFORE_TRANSFER + "19 on 20 Nov 2026" + UNRESCORED + "); treat on the current score: before any dose:",
    551: "r" + BEFORE_TRANSFER + "30 on 20 Nov 2026" + UNRESCORED + "); treat on the current score: before any dose:",
}
#: The headline's dose after it (42, 86, 277, 306, 346, 551): the reviewer's words.
HEADLINE_DOSE = (
    "intoxicated: tell the receiving team at handover the breath alcohol reading or the signs, with the time; the "
    "patient must not drive today); otherwise a first dose before transfer only if it does not delay the transfer and "
    "the reason for rating 4 allows it; at handover tell the receiving team why dimension 3 was rated 4"
)
#: Case 240's headline: its re-score's treatment with the first dose's timing.
HEADLINE_240_DOSE = (
    "otherwise treat on the current score (a first dose before transfer only if it does not delay the transfer and the "
    "reason for rating 4 allows it); if a benzodiazepine is given with buprenorphine or methadone"
)

#: Case 42's COWS box, whole (the box as it was, the reviewer's words in it).
BOX_42 = (
    # R49 M1: the old COWS's bracket says no dose without today's re-score
    "Re-score the COWS before transfer only if it does not delay it "
    "(last 30 on 20 Nov 2026; no dose here without today's re-score); treat on the current "
    "score: before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol "
    "above zero, or signs of sedative intoxication); if an overdose or ingestion, or intoxicated: no dose here (an "
    "overdose or ingestion: call emergency services for the ED, staff with the patient until handover, naloxone if "
    "signs of opioid overdose; intoxicated: tell the receiving team at handover the breath alcohol reading or the "
    "signs, with the time; the patient must not drive today); otherwise a first dose before transfer only if it does "
    "not delay the transfer and the reason for rating 4 allows it; at handover tell the receiving team the last COWS "
    "score and any dose with its time; if a dose is given: the patient must not drive today"
)
#: Case 240's COWS part, the same in its COWS box and its dimension-1 box (the reviewer: "the same screen words").
COWS_240 = (
    # R49 M1: the old COWS's bracket says no dose without today's re-score
    "e-score the COWS before transfer only if it does not delay it "
    "(last 19 on 20 Nov 2026; no dose here without today's re-score); treat on the current "
    "score: before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol "
    "above zero, or signs of sedative intoxication); if an overdose or ingestion, or intoxicated: no dose here (an "
    "overdose or ingestion: call emergency services for the ED, staff with the patient until handover, naloxone if "
    "signs of opioid overdose; intoxicated: tell the receiving team at handover the breath alcohol reading or the "
    "signs, with the time; the patient must not drive today); otherwise a first dose before transfer only if it does "
    "not delay the transfer and the reason for rating 4 allows it; "
)
#: Case 240's dimension-1 box after its CIWA-Ar part: the COWS part, then the box's driving and record.
D1_240_END = (
    # R49 Q2: its one handover tells both scores (r49's words; was "the last score")
    "at handover give the receiving team the last CIWA-Ar and COWS scores and any dose with its time; r"
    + COWS_240
    + "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today; record "
    "the reason for the lower rating with the placement decision"
)
#: Case 265 (dimension 2 rated 4, the headline's emergency medical evaluation): its COWS box, whole; its first dose
#: before a transfer told at handover as every such box's (R26b S9).
BOX_265 = (
    # R49 M1: the old COWS's bracket says no dose without today's re-score
    "Re-score the COWS before transfer only if it does not delay it "
    "(last 30 on 20 Nov 2026; no dose here without today's re-score); "
    # R49 Q1: dimension 2 rated 4: case 42's box screen before the treatment (r49's words)
    "before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication); if an overdose or ingestion, or intoxicated: no dose here (an overdose "
    "or ingestion: call emergency services for the ED, staff with the patient until handover, naloxone if signs of "
    "opioid overdose; intoxicated: tell the receiving team at handover the breath alcohol reading or the signs, with "
    "the time; the patient must not drive today); otherwise treat on the current "
    "score (a first dose before transfer only if it does not delay the transfer and the reason for rating 4 allows "
    "it); at handover tell the receiving team the last COWS score and any dose with its time; if a dose is given: the "
    "patient must not drive today"
)

#: R30b S5: the headline's delirium screen (case 635's first step, the reviewer's words), with the boxes' bracket.
DELIRIUM_SCREEN = (
    "before any dose: ask about any overdose or ingestion today and screen for delirium (CAM or 4AT) and intoxication "
    "(breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if "
    "delirium, an overdose or ingestion, or intoxication: no dose here (delirium, or an overdose or ingestion: call "
    "emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose; "
    "intoxication: staff stay with the patient; repeat the screen and the scores when it clears, or tell the "
    "receiving team at handover; the patient must not drive today); otherwise "
)
#: Case 635's buprenorphine box, whole.
BOX_635 = (
    # R49 M1: the old COWS's bracket says no dose without today's re-score
    # R49 Q6: the 13-36 branch beside the transfer already ordered tells the receiving team
    # R65 F2 (was: "...eceiving team the last CIWA-Ar and COWS scores and any dose with its time")
    "Re-score the COWS before transfer only if it does not delay it (last 30 on 20 Nov 2026; no dose here without "
    "today's re-score), with alcohol withdrawal alongside (CIWA-Ar 14 today): if 37 or more: emergency evaluation for "
    "suicide risk and emergency medical evaluation in one setting that can manage both (severe opioid withdrawal with "
    "alcohol withdrawal alongside, CIWA-Ar 14 today); if 13-36: tell the receiving team that medically managed "
    "withdrawal is needed (co-occurring alcohol withdrawal, CIWA-Ar 14 today); treat on the current score: before any "
    "dose: ask about any overdose or ingestion today and screen for delirium (CAM or 4AT) and intoxication (breath "
    "alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if delirium, an "
    "overdose or ingestion, or intoxication: no dose here (delirium, or an overdose or ingestion: call emergency "
    "services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose; intoxication: "
    "staff stay with the patient; repeat the screen and the scores when it clears, or tell the receiving team at "
    "handover; the patient must not drive today); otherwise a first dose before transfer only if it does not delay the "
    "transfer and the reason for rating 4 allows it; if transferred: at handover tell the receiving team the last "
    "CIWA-Ar and COWS scores, the delirium screen and any dose with its time; if a benzodiazepine is given with "
    "buprenorphine or methadone: "
    "monitor sedation and breathing until handover; if any dose is given (a benzodiazepine, buprenorphine or "
    "methadone): the patient must not drive today"
)
#: Case 674 (C-SSRS high, no rating of 4): its COWS box, whole (its re-score "now": no rating of 4).
BOX_674 = (
    # R52 ruling 4: beside a transfer already ordered, the old COWS re-scored before transfer, no dose without it
    # R65 F2 (was: "...eceiving team the last CIWA-Ar and COWS scores and any dose with its time")
    "Re-score the COWS before transfer only if it does not delay it (last 30 on 20 Nov 2026; no dose here without "
    "today's re-score); before any dose: ask about any overdose or ingestion today and "
    "screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of sedative intoxication), "
    "give thiamine and check blood glucose; if delirium, an overdose or ingestion, or intoxication: no dose here "
    "(delirium, or an overdose or ingestion: call emergency services for the ED, staff with the patient until "
    "handover, naloxone if signs of opioid overdose; intoxication: staff stay with the patient; repeat the screen and "
    "the scores when it clears, or tell the receiving team at handover; the patient must not drive today); otherwise "
    "treat on the current score (a first dose before transfer only if it does not delay the transfer); at handover "
    "tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time; if a "
    "benzodiazepine is "
    # R46 Q2 (b7): the sedation watch before the driving clause naming every dose
    "given with buprenorphine or methadone: monitor sedation and breathing until handover; if any dose is given (a "
    "benzodiazepine, buprenorphine or methadone): the patient must not drive today"
)
#: The headline's screen naming delirium, and the boxes that dose on a COWS (R30b S5).
HEADLINE_DELIRIUM = "screen for delirium (CAM or 4AT) and intoxication"
OPIOID_BOXES = (
    "moderate_opioid_withdrawal",
    "moderately_severe_opioid_withdrawal",
    "severe_opioid_withdrawal",
    "buprenorphine_induction_threshold",
)
#: The boxes of the 800 cases that screened without delirium beside such a headline (394, 635, 674).
DELIRIUM_BOXES = (
    (394, "moderate_opioid_withdrawal"),
    (394, "buprenorphine_induction_threshold"),
    (635, "moderately_severe_opioid_withdrawal"),
    (635, "buprenorphine_induction_threshold"),
    (674, "moderately_severe_opioid_withdrawal"),
    (674, "buprenorphine_induction_threshold"),
)


def _texts(rec) -> list[str]:  # type: ignore[no-untyped-def]
    return [rec.headline, *(f.action for f in rec.flags if f.action)]


def _at_4(case) -> bool:  # type: ignore[no-untyped-def]
    return 4 in (dict(case.ratings).get(1), dict(case.ratings).get(2), dict(case.ratings).get(3))


@pytest.mark.parametrize("number", sorted(HEADLINE_RESCORE))
def test_the_reviewers_cases_headline_rescores_before_transfer(number: int) -> None:
    headline = numbered(number).headline
    assert HEADLINE_RESCORE[number] in headline
    assert "re-score the COWS now" not in headline
    assert (HEADLINE_240_DOSE if number == 240 else HEADLINE_DOSE) in headline


def test_case_42_cows_box_whole() -> None:
    rec = numbered(42)
    assert action_of(rec, "moderately_severe_opioid_withdrawal") == BOX_42
    assert action_of(rec, "buprenorphine_induction_threshold").startswith(BOX_42.rsplit("; if a dose", 1)[0][:300])


def test_case_240_dimension_1_box_takes_the_cows_box_screen() -> None:
    rec = numbered(240)
    assert COWS_240 in action_of(rec, "moderate_opioid_withdrawal")
    d1 = action_of(rec, "rated_below_suggestion_d1")
    assert d1.endswith(D1_240_END)
    # its CIWA-Ar part as it was (the headline's re-score of an old moderate CIWA-Ar beside a rating of 4)
    # R49 (M1's CIWA-Ar twin): its bracket says no dose without today's re-score
    assert d1.startswith(
        "Re-score the CIWA-Ar before transfer only if it does not delay it (last 14 on 20 Nov 2026; no dose here "
        "without today's re-score)"
    )


def test_case_265_dimension_2_at_4_box() -> None:
    assert action_of(numbered(265), "moderately_severe_opioid_withdrawal") == BOX_265


def test_case_635_cows_and_buprenorphine_boxes_use_the_headlines_delirium_screen() -> None:
    rec = numbered(635)
    assert (
        "before any dose: ask about any overdose or ingestion today and screen for delirium (CAM or 4AT) and "
        "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
        "glucose; if delirium, an overdose or ingestion, or intoxication: no dose here (delirium, or an overdose or "
        "ingestion: call emergency services for the ED, naloxone"
    ) in rec.headline
    assert action_of(rec, "buprenorphine_induction_threshold") == BOX_635
    assert action_of(rec, "moderately_severe_opioid_withdrawal") == BOX_635
    # dimension 1's box: its COWS part re-scored before transfer, its dose behind the alcohol review's one screen after
    # it (one screen a box, R20c S2), which names delirium
    d1 = action_of(rec, "rated_below_suggestion_d1")
    assert (
        "the patient must not drive until the medical review finds the patient not delirious or intoxicated; re-score "
        # R49 M1: the old COWS's bracket says no dose without today's re-score
        "the COWS before transfer only if it does not delay it "
        "(last 30 on 20 Nov 2026; no dose here without today's re-score), with alcohol withdrawal "
        "alongside (CIWA-Ar 14 today)"
    ) in d1
    assert d1.count("before any dose:") == 1 and d1.count(HEADLINE_DELIRIUM) == 1
    assert "screen for intoxication" not in d1


def test_case_674_and_394_boxes_name_delirium() -> None:
    assert action_of(numbered(674), "moderately_severe_opioid_withdrawal") == BOX_674
    for code in ("moderate_opioid_withdrawal", "buprenorphine_induction_threshold"):
        box = action_of(numbered(394), code)
        assert box.startswith(
            # R49 M1: the old COWS's bracket says no dose without today's re-score
            "Re-score the COWS before transfer only if it does not delay it "
            "(last 19 on 20 Nov 2026; no dose here without today's re-score); " + DELIRIUM_SCREEN
        )
        assert "screen for intoxication" not in box


def test_sweep_rating_4_old_cows_rescore_before_transfer() -> None:
    """Every case of the 800 with dimension 1, 2 or 3 rated 4 and an old COWS re-score says it before transfer only if
    it does not delay it, never "now"; no other case says that of a COWS below its severe band."""
    said = []
    for case in cases(800):
        texts = _texts(built(case))
        old_now = [t for t in texts if re.search(r"[Rr]e-score the COWS now \((?:last \d+ on|flag of) [^(),]*\)", t)]
        if _at_4(case):
            assert not old_now, case
        if any(re.search(re.escape(BEFORE_TRANSFER) + r"\d+ on [^(),]*\)", t) for t in texts):
            # R52 ruling 4: beside a transfer already ordered for another reason too (its eight cases)
            assert _at_4(case) or case.number in R52_TRANSFER_FIRST, case
            said.append(case.number)
    assert sorted(said) == sorted(AT_4_OLD_COWS + R52_TRANSFER_FIRST)


def test_sweep_rating_4_old_cows_first_dose_allows() -> None:
    """Each such re-score's first dose says "and the reason for rating 4 allows it", in every box and headline."""
    for number in AT_4_OLD_COWS:
        for text in _texts(numbered(number)):
            for found in re.finditer(re.escape(BEFORE_TRANSFER) + r"\d+ on [^(),]*\)", text):
                end = re.compile(r"\b[Rr]e-score the |\.(?: |$)").search(text, found.end())
                clause = text[found.end() : end.start() if end else len(text)]
                assert FIRST_DOSE_AT_4 in clause, (number, clause[:200])
                assert clause.count(FIRST_DOSE) == clause.count(FIRST_DOSE_AT_4), (number, clause[:200])


def test_sweep_delirium_screen_in_cows_boxes() -> None:
    """Every case whose headline screens for delirium: no COWS or buprenorphine box's screen leaves delirium out
    (nor dimension 1's box's part that re-scores an old COWS)."""
    for case in cases(800):
        rec = built(case)
        if HEADLINE_DELIRIUM not in rec.headline:
            continue
        for f in rec.flags:
            text = f.action or ""
            if f.code == "rated_below_suggestion_d1":
                text = text[text.find("re-score the COWS") :] if "re-score the COWS" in text else ""
            elif f.code not in OPIOID_BOXES:
                continue
            assert "screen for intoxication" not in text, (case.number, f.code)
    for number, code in DELIRIUM_BOXES:
        assert DELIRIUM_SCREEN in action_of(numbered(number), code), (number, code)
