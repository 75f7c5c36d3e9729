"""Physician review R19 (session 16), must-fix N2 (/work/reviews/r19.md): R18's ruling (/work/reviews/r18_m3.md) for an
old COWS of 13 or more (not re-scored today) beside today's CIWA-Ar of 8 or more, applied beside three other leads:
(c1) a C-SSRS moderate risk, (c2) a positive PHQ-9 item 9 (a same-day suicide risk assessment), (c3) today's CIWA-Ar
item 10 at 1 (the medical review). The reviewer's words and checks typed as the oracle (never computed by iopkit).

Basis the reviewer names: as r18_m3 (ASAM Criteria 2013, dimension 1: concurrent withdrawals; ASAM 2020 alcohol
withdrawal guideline and ASAM 2020 OUD guideline; Wesson & Ling 2003, COWS a point-in-time scale), Posner et al. 2011
(C-SSRS screener triage) for the handover of a moderate screen; R16-M2 (one screen before every dose); R18-M6 / FDA
Drug Safety Communication 20 Sep 2017 for "no buprenorphine, methadone or benzodiazepine until it clears".

Cases built as R18 built them (old = 20 Nov 2026, today = 02 Dec 2026, ratings ROUTINE).
"""

from __future__ import annotations

import pytest

from iopkit.placement import FirstStep
from tests.intoxication_screens import INSISTS_ON_LEAVING, NOT_CLEARED_CIWA
from tests.intoxication_screens import TOLD as TOLD_INTOXICATION
from tests.test_placement_headline_review_r7_old_scores import recommended
from tests.test_placement_headline_review_r18_m3 import (
    B_BOX,
    B_FIRST,
    CIWA_MOD13,
    COWS_30,
    COWS_48,
    CSSRS_MODERATE,
    PHQ_I9POS,
    THEN_B,
    _boxes,
    _cows_boxes,
    _first,
    _in_order,
)
from tests.test_placement_headline_review_r20c import TOLD, told_box

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

# --- the reviewer's words (r19.md, N2), typed -------------------------------------------------------------------------

#: case B's screen (r18_m3) and (c1)'s screen (i)
B_SCREEN = (
    "Before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose here (the patient must not drive today); otherwise "
)
#: (i) after physician review R32 (a) (its four settings), R33 S1, R34 S1 and S2: the screen's hold in the dose's
#: sentence ("if transferred: at handover ...") says both branches, "the scores" beside the CIWA-Ar and the COWS, and,
#: beside the same-day suicide risk assessment still to do, that assessment first for a patient who insists on leaving
#: (was: "intoxicated: the patient must not drive today)"); the boxes the same (R35 M3)
C1_SCREEN_R32A = (
    "Before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication), give thiamine and check blood glucose; if an overdose or ingestion, or "
    "intoxicated: no dose here (an overdose or ingestion: call emergency services for the ED, staff with the patient "
    f"until handover, naloxone if signs of opioid overdose; intoxicated: if transferred, {TOLD_INTOXICATION}; if not: "
    "ask the patient to stay on site and repeat the screen and the scores when it clears; "
    f"{NOT_CLEARED_CIWA}; the patient must not drive today; {INSISTS_ON_LEAVING}); otherwise "
)
#: (ii): after the 37+ branch's "the patient must not drive;"
C1_HANDOVER = (
    # R26b M1 (b): the last CIWA-Ar and COWS scores and any dose with its time, first in the clause
    "the patient must not drive; at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose "
    "with its time, that today's C-SSRS screen was moderate risk, and "
    # R23a finding 7 (c), (d): the ruling's words, re-typed
    "ask them for a suicide risk assessment, without delaying the transfer; if 13-36"
)
C1_HANDOVER_OLD = C1_HANDOVER.replace("that today's C-SSRS screen", "that the C-SSRS screen of 20 Nov 2026")
C2_HANDOVER = (
    # R23a finding 7 (c), (d): the ruling's words, re-typed; R26b M1 (b): the scores and any dose first
    "the patient must not drive; at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose "
    "with its time, that today's PHQ-9 item 9 was positive, and ask "
    "them for a suicide risk assessment, without delaying the transfer; if 13-36"
)
#: Physician review R22 S1, the physician's words: the driving advice where a benzodiazepine may be given with
#: buprenorphine or methadone (case B's last clause, R18 M3's "if a dose is given: ...", re-typed).
ANY_DOSE_DRIVING = (
    "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
)
#: (iii): after the dose text, before the reasons
C1_LAST = (
    # physician review R22 S1 (before: "if a dose is given: the patient must not drive today; ...")
    "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today; before "
    "the patient leaves, a same-day suicide risk assessment"
    # R21 S5: the plan offers 1-WM after the arranged escalation: how the patient given a dose on site goes home, at
    # the end of the dose's sentence
    # R26a S1 as ruled in session 22: the going-home clause re-typed in observable words (POSS levels
    # 1-2; naloxone in hand, the supportive person shown how to use it)
    "; after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused"
    # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused, with naloxone")
    # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
    ", walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, and has a COWS "
    "re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with a "
    "supportive person to stay overnight"
    ", with naloxone in hand and the supportive person shown how to use it, and the "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
    "patient and the supportive person told not to add alcohol or other sedatives; otherwise the patient stays on "
    "site until these conditions are met, or a higher level of care is arranged ("
)
#: R21 S5's clause (B_FIRST, r18_m3, ends with it), typed.
HOME = (
    "; after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused"
    # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused, with naloxone")
    # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
    ", walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, and has a COWS "
    "re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with a "
    "supportive person to stay overnight"
    ", with naloxone in hand and the supportive person shown how to use it, and the "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    "patient and the supportive person told not to add alcohol or other sedatives; otherwise the patient stays on "
    "site until these conditions are met, or a higher level of care is arranged"
)
from .overdose_words import asked, asked_r32a, starts_asked_r32a

#: The dose sentence's handover if transferred on the "if 13-36" branch (R26b M1 (b)), as case B types it.
IF_TRANSFERRED = (
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time; "
)


def _screens_too(handover: str) -> str:
    """:data:`IF_TRANSFERRED` telling the screens ``handover`` tells and its request (physician review R31, S3: the "if
    13-36" branch's handover dropped them; before: :data:`IF_TRANSFERRED` alone)."""
    that = handover[handover.index(", that ") : handover.index(", without delaying the transfer")]
    # R38 item 2: one wording for the screens told at an "if transferred" handover, case 61's (was: "...; ")
    return f"{IF_TRANSFERRED.removesuffix('; ')}{that} (do not delay the transfer for it); "


def _expected_first(handover: str, screen: str, old30: bool = False) -> str:
    """Case B's first step (r18_m3, typed there) with N2's (i)-(iii)."""
    first = (
        B_FIRST.replace("the patient must not drive; if 13-36", handover)
        .replace(IF_TRANSFERRED, _screens_too(handover))
        .replace(B_SCREEN, screen)
        .replace(ANY_DOSE_DRIVING + HOME + " (", C1_LAST)  # physician review R22 S1; R21 S5
    )
    if old30:  # r18_m3 row E: "(last 30 on 20 Nov 2026)", "if 37 or more"
        first = first.replace("(last 48 on 20 Nov 2026, severe)", "(last 30 on 20 Nov 2026)")
        first = first.replace("if still 37 or more", "if 37 or more")
    return first


def _planned(first: str) -> str:
    """``first`` with the C-SSRS moderate risk's same-day suicide risk assessment "with safety planning" (physician
    review R28, M5: the ruling's words, "a same-day suicide risk assessment with safety planning")."""
    # R50 b6 Q1: each handover that tells the moderate risk asks for the assessment with safety planning too
    return first.replace(
        "a same-day suicide risk assessment;", "a same-day suicide risk assessment with safety planning;", 1
    ).replace("ask them for a suicide risk assessment", "ask them for a suicide risk assessment with safety planning")


C1_CASES = {
    "c1-today-48": (
        {"old": [("cows", COWS_48)], "today": [("ciwa_ar", CIWA_MOD13), ("cssrs_screen", CSSRS_MODERATE)]},
        C1_HANDOVER,
        False,
    ),
    "c1-today-30": (
        {"old": [("cows", COWS_30)], "today": [("ciwa_ar", CIWA_MOD13), ("cssrs_screen", CSSRS_MODERATE)]},
        C1_HANDOVER,
        True,
    ),
    "c1-old-screen": (
        {"old": [("cows", COWS_48), ("cssrs_screen", CSSRS_MODERATE)], "today": [("ciwa_ar", CIWA_MOD13)]},
        C1_HANDOVER_OLD,
        False,
    ),
}


def _never(r) -> None:  # type: ignore[no-untyped-def]
    for text in (r.headline, *_boxes(r)):
        assert "only for a complicating condition" not in text, text
        assert "; treat on the current score; then" not in text, text


#: What case B's first step says in its 37-or-more branch, beside each lead too (r18_m3's table, row B).
BRANCH_WORDS = (
    "with alcohol withdrawal alongside (CIWA-Ar",
    "arrange transfer now (ED, or 3.7-WM/4-WM)",
    "capacity to decline",
)


@pytest.mark.parametrize("case", list(C1_CASES), ids=list(C1_CASES))
def test_c1_cssrs_moderate_first_step(case: str) -> None:
    build, handover, old30 = C1_CASES[case]
    r = recommended({}, **build)
    # physician review R28, M5: the assessment with its safety planning; physician review R32 (a) (its four settings),
    # R33 S1, R34 S1/S2: the screen's hold (C1_SCREEN_R32A)
    assert r.headline.startswith(_planned(_expected_first(handover, C1_SCREEN_R32A, old30))), r.headline
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    first = _first(r.headline)
    for words in BRANCH_WORDS:
        assert words in first, words
    assert f". {THEN_B}: " in r.headline
    _never(r)


@pytest.mark.parametrize("case", list(C1_CASES), ids=list(C1_CASES))
def test_c1_cows_boxes_screen_i(case: str) -> None:
    build, _, old30 = C1_CASES[case]
    r = recommended({}, **build)
    # physician review R32 (a) (its four settings), R33 S1, R34 S1, and R34 S2 as physician review R35 M3 carries it to
    # the boxes (its words): beside the C-SSRS moderate's same-day suicide risk assessment still to do, the box's hold
    # says that assessment first for a patient who insists on leaving, as the headline's does (C1_SCREEN_R32A)
    box = B_BOX.replace("b" + B_SCREEN[1:], "b" + C1_SCREEN_R32A[1:])
    # physician review R20c (session 16), should-fix S6: the box's handover names the screen the headline names
    told = "C-SSRS moderate of 20 Nov 2026" if case == "c1-old-screen" else "C-SSRS moderate today"
    box = told_box(box, TOLD[told])
    if old30:
        box = box.replace("(last 48 on 20 Nov 2026, severe)", "(last 30 on 20 Nov 2026)")
        box = box.replace("if still 37 or more", "if 37 or more")
    assert _cows_boxes(r) and all(a == box for a in _cows_boxes(r)), _cows_boxes(r)
    for a in _cows_boxes(r):
        _in_order(a, ("ask about any overdose or ingestion today", "buprenorphine"))
    _never(r)


def test_c2_phq9_item9_first_step_and_boxes() -> None:
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    r = recommended({}, old=[("cows", COWS_48)], today=[("ciwa_ar", CIWA_MOD13), ("phq9", PHQ_I9POS)])
    # physician review R32 (a) (its four settings), R33 S1, R34 S1/S2: the hold beside the conditional transfer says
    # both branches, "the scores", the same-day suicide risk assessment first for a patient who insists on leaving
    assert starts_asked_r32a(r.headline, _expected_first(C2_HANDOVER, B_SCREEN)), r.headline
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    first = _first(r.headline)
    for words in BRANCH_WORDS:
        assert words in first, words
    # R30b S7: the overdose question asked beside a positive PHQ-9 item 9 (before: R19 N2 (c2), "without the overdose
    # question (the screen as case B)")
    assert "ask about any overdose or ingestion today and screen for intoxication" in first
    # "r18_m3's box form unchanged", but for its handover naming the PHQ-9 as the headline does (physician review R20c,
    # session 16, should-fix S6)
    box = asked(told_box(B_BOX, TOLD["PHQ-9 item 9 today"]))  # R30b S7: the box's screen asks too
    # physician review R32 (a) (its four settings), R33 S1, R34 S1/S2: the box's hold as the headline's (the box names
    # the positive PHQ-9 item 9: the same-day suicide risk assessment first for a patient who insists on leaving)
    box = asked_r32a(told_box(B_BOX, TOLD["PHQ-9 item 9 today"]))
    assert _cows_boxes(r) and all(a == box for a in _cows_boxes(r)), _cows_boxes(r)
    _never(r)


# --- (c3) today's CIWA-Ar item 10 at 1 (the medical review first) -----------------------------------------------------

CIWA_MOD13_I1 = [2, 2, 2, 2, 2, 1, 0, 0, 1, 1]  # 13, item 10 at 1 (as r18_m3's xfail built it)
#: "the medical review first, as now but with ..."; physician review R35 S2: item 10's hold beside a step that may
#: transfer (if delirium, or at a COWS still 37 or more) tells the receiving team if transferred (was: "(the patient
#: must not drive today)")
C3_REVIEW_HOLD = (
    "if intoxicated (breath alcohol above zero, or signs of sedative intoxication): no buprenorphine, methadone or "
    "benzodiazepine until it clears and the review is repeated (the patient must not drive today; if transferred: "
    f"{TOLD_INTOXICATION})"
)
#: "; and re-score the COWS now (last 48 on 20 Nov 2026, severe), with alcohol withdrawal alongside (CIWA-Ar 14
#: today): [case B's three branches, CIWA-Ar 14]. After the medical review ..." (here CIWA-Ar 13)
C3_RESCORE = (
    "; and re-score the COWS now (last 48 on 20 Nov 2026, severe), with alcohol withdrawal alongside (CIWA-Ar 13 "
    "today): if still 37 or more: emergency evaluation now: severe opioid withdrawal with alcohol withdrawal "
    # R48 item 2: staff with the patient until handover straight after the transfer
    "alongside, a complicating condition on the COWS flag: arrange transfer now (ED, or 3.7-WM/4-WM); "
    "staff with the patient until handover; if the patient "
    "declines transfer: the prescriber assesses and records capacity to decline (without capacity: transfer by "
    "emergency services; with capacity: record the advice given and the risks explained; arrange the highest level of "
    "care the patient accepts; any dose as the prescriber decides; tell the patient and any supportive person to call "
    "emergency services for a seizure, confusion, hallucinations or any worsening); the patient must not drive; if "
    "13-36: a prescriber's review before the patient leaves, and "
    "arrange medically managed withdrawal or a higher level of care: co-occurring alcohol withdrawal (CIWA-Ar 13 "
    "today); if below 13: a prescriber's review before the patient leaves. After the medical review finds no delirium "
    "and no intoxication, a prescriber treats withdrawal (before a transfer only if it does not delay the transfer): "
    "at a COWS of 13 or more, buprenorphine, or methadone as the COWS flag says; re-score the COWS after dosing; at a "
    "CIWA-Ar of 10 or more, medication for alcohol withdrawal (consider at 8-9); re-score the CIWA-Ar within 1 hour of "
    "a dose and before the patient leaves or at handover; "
    # R26b M1 (b): the dose sentence's own handover, the reviewer's words
    # R65 F2 (was: "scores and any dose with its time"): the step screens for delirium (CAM or 4AT)
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and "
    "any dose with its time; if a benzodiazepine is given with buprenorphine or "
    "methadone: monitor sedation and breathing until handover or while the patient is on site; the patient must not "
    "drive until the medical review finds the patient not delirious or intoxicated, nor today if a dose is given"
    # R21 S5: the plan offers 1-WM after the arranged escalation: how the patient given a dose on site goes home
    "; after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused"
    # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused, with naloxone")
    # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
    ", walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, and has a COWS "
    "re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with a "
    "supportive person to stay overnight"
    ", with naloxone in hand and the supportive person shown how to use it, and the "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    "patient and the supportive person told not to add alcohol or other sedatives; otherwise the patient stays on "
    "site until these conditions are met, or a higher level of care is arranged ("
)
C3_BOX_AFTER = "after the first step's medical review finds no delirium and no intoxication, at a COWS"


@pytest.mark.parametrize("old30", [False, True], ids=["c3-old-48", "c3-old-30"])
def test_c3_item10_at_1_first_step(old30: bool) -> None:
    r = recommended({}, old=[("cows", COWS_30 if old30 else COWS_48)], today=[("ciwa_ar", CIWA_MOD13_I1)])
    rescore = C3_RESCORE
    if old30:
        rescore = rescore.replace("(last 48 on 20 Nov 2026, severe)", "(last 30 on 20 Nov 2026)")
        rescore = rescore.replace("if still 37 or more", "if 37 or more")
    assert r.headline.startswith("First: medical review now: screen for delirium (CAM or 4AT)"), r.headline
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    first = _first(r.headline)
    assert rescore in first, first
    assert C3_REVIEW_HOLD in first and first.index(C3_REVIEW_HOLD) < first.index(rescore)
    assert "no buprenorphine, methadone or benzodiazepine until it clears" in r.headline  # the reviewer's test
    for words in BRANCH_WORDS:
        assert words in first, words
    assert f". {THEN_B}: " in r.headline
    _never(r)


@pytest.mark.parametrize("old30", [False, True], ids=["c3-old-48", "c3-old-30"])
def test_c3_cows_boxes_after_the_medical_review(old30: bool) -> None:
    r = recommended({}, old=[("cows", COWS_30 if old30 else COWS_48)], today=[("ciwa_ar", CIWA_MOD13_I1)])
    box = B_BOX.replace(
        "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
        "thiamine and check blood glucose; if intoxicated: no dose here (the patient must not drive today); otherwise "
        "at a COWS",
        C3_BOX_AFTER,
    )
    if old30:
        box = box.replace("(last 48 on 20 Nov 2026, severe)", "(last 30 on 20 Nov 2026)")
        box = box.replace("if still 37 or more", "if 37 or more")
    assert C3_BOX_AFTER in box  # the replacement took
    # R66 should-fix (was: "...the last CIWA-Ar and COWS scores and any dose with its time"): after the first step's
    # medical review finds no delirium, the COWS boxes tell the delirium screen at handover
    box = box.replace(
        "the last CIWA-Ar and COWS scores and any dose with its time",
        "the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time",
    )
    assert box.count("the delirium screen") == 1
    assert _cows_boxes(r) and all(a == box for a in _cows_boxes(r)), _cows_boxes(r)
    _never(r)


# --- where the leads meet: ruled by physician review R23b (session 20), must-fix B1 ----------------------------------

CSSRS_MOD_TODAY = ("cssrs_screen", CSSRS_MODERATE)
PHQ_TODAY = ("phq9", PHQ_I9POS)


# physician review R23b, B1: the strict xfail (R19-N2 worded each lead alone) removed; the reviewer's words for item 10
# at 1 with a C-SSRS moderate or a PHQ-9 item 9 are typed in tests/test_placement_headline_review_r23b.py (R20b typed
# the C-SSRS moderate with a PHQ-9 item 9, and a PHQ-9 item 9 of another day, below)
@pytest.mark.parametrize(
    ("old", "today"),
    [
        ([("cows", COWS_48)], [("ciwa_ar", CIWA_MOD13_I1), CSSRS_MOD_TODAY]),
        ([("cows", COWS_48)], [("ciwa_ar", CIWA_MOD13_I1), PHQ_TODAY]),
    ],
    ids=["item10+cssrs-moderate", "item10+phq9-item9"],
)
def test_the_ruling_where_leads_meet(old: list, today: list) -> None:  # type: ignore[type-arg]
    r = recommended({}, old=old, today=today)
    _never(r)


# physician ruling R20b (session 16), its words: every suicide screen that stands is named at handover, the C-SSRS
# first, joined by " and ", one of another day with its date and "(not re-asked today)" (Posner et al. 2011; Kroenke
# et al. 2001; Simon et al. 2013; Joint Commission NPSG 15.01.01): never left out.
R20B_BOTH = (
    # R26b M1 (b): the last CIWA-Ar and COWS scores and any dose with its time, first in the clause
    "the patient must not drive; at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose "
    "with its time, that today's C-SSRS screen was moderate risk and "
    # R23a finding 7 (c), (d): the ruling's words, re-typed; physician review R30a (cases 291, 532): the screens joined
    # as every other handover joins them, " and that " (R23a finding 7's joiner)
    "that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment, without delaying the "
    "transfer; if 13-36"
)
R20B_OLD_PHQ9 = (
    # R26b M1 (b): the last CIWA-Ar and COWS scores and any dose with its time, first in the clause
    "the patient must not drive; at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose "
    "with its time, that the PHQ-9 item 9 of 20 Nov 2026 was "
    # R23a finding 7 (c), (d): the ruling's words, re-typed
    "positive (not re-asked today), and ask them for a suicide risk assessment, without delaying the transfer; "
    "if 13-36"
)


def test_r20b_a_cssrs_moderate_and_a_phq9_item9_both_named_at_handover() -> None:
    r = recommended({}, old=[("cows", COWS_48)], today=[("ciwa_ar", CIWA_MOD13), CSSRS_MOD_TODAY, PHQ_TODAY])
    # physician review R28, M5: the assessment with its safety planning; physician review R32 (a) (its four settings),
    # R33 S1, R34 S1/S2: the screen's hold (C1_SCREEN_R32A)
    assert r.headline.startswith(_planned(_expected_first(R20B_BOTH, C1_SCREEN_R32A))), r.headline
    _never(r)


def test_r20b_a_phq9_item9_of_another_day_named_with_its_date_at_handover() -> None:
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    r = recommended({}, old=[("cows", COWS_48), PHQ_TODAY], today=[("ciwa_ar", CIWA_MOD13)])
    # physician review R32 (a) (its four settings), R33 S1, R34 S1/S2: the screen's hold (starts_asked_r32a)
    assert starts_asked_r32a(r.headline, _expected_first(R20B_OLD_PHQ9, B_SCREEN)), r.headline
    _never(r)
