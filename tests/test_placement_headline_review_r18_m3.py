"""Physician review R18 (session 16), phase 1: R17b must-fix M3 ruled (/work/reviews/r18_m3.md), the reviewer's words
and test table typed as the oracle (never computed by iopkit).

An old COWS of 13 or more (20 Nov 2026, not re-scored today) beside today's CIWA-Ar of 8 or more: the re-score stays
first and the transfer conditional on it (an old COWS says nothing of today: Wesson & Ling 2003, COWS rates the signs at
the time of rating), but today's alcohol withdrawal is a complicating condition the COWS flag lists, already present,
so each re-score band says what today's case says for it: 37 or more, the emergency evaluation and transfer now (as case
C36, both scored today); 13-36, a prescriber's review and medically managed withdrawal or a higher level of care. Basis
the reviewer names: ASAM Criteria 2013, dimension 1 (concurrent withdrawals need medically managed or monitored
withdrawal management); ASAM 2020 alcohol withdrawal guideline (concurrent withdrawal a reason for a more intensive
setting; thiamine for all in withdrawal, before glucose); ASAM 2020 OUD guideline (severe opioid withdrawal with
complicating conditions managed where both can be); FDA Drug Safety Communication 20 Sep 2017 (benzodiazepines with
buprenorphine or methadone); Posner et al. 2011 (C-SSRS screener triage; R7-M1).

Cases built as the reviewer built them (old = 20 Nov 2026, today = 02 Dec 2026, ratings ROUTINE); arrays as in
tests/test_placement_physician_cases.py (the reviewer's).
"""

from __future__ import annotations

import pytest

from iopkit.placement import FirstStep
from tests.intoxication_screens import r32a
from tests.test_placement_headline_review_r7_old_scores import recommended

from .suicide_handover_words import M2_TOLD_TODAY

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

CIWA_MILD6 = [1, 1, 1, 1, 1, 0, 0, 0, 1, 0]
CIWA_MOD13 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 0]
CIWA_SEV21 = [4, 3, 3, 3, 3, 2, 0, 0, 3, 0]
CIWA_CMP15 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 2]  # item 10 at 2, disoriented
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]
COWS_30 = [4, 3, 3, 2, 4, 2, 3, 2, 2, 2, 3]
COWS_48 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 5]

COWS_BOX_CODES = (
    "moderate_opioid_withdrawal",
    "moderately_severe_opioid_withdrawal",
    "severe_opioid_withdrawal",
    "buprenorphine_induction_threshold",
)

# --- the reviewer's words (r18_m3.md), typed ------------------------------------------------------------------------

#: "Words: headline first step (case B)", up to its reasons ("(...reasons as now...)").
B_FIRST = (
    "First: re-score the COWS now (last 48 on 20 Nov 2026, severe), with alcohol withdrawal alongside (CIWA-Ar 13 "
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
    "today); if below 13: a prescriber's review before the patient leaves. Before any dose: screen for intoxication "
    "(breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if "
    "intoxicated: no dose here (the patient must not drive today); otherwise a prescriber treats withdrawal (before a "
    "transfer only if it does not delay "
    "the transfer): at a COWS of 13 or more, buprenorphine, or methadone as the COWS flag says; re-score the COWS "
    "after dosing; at a CIWA-Ar of 10 or more, medication for alcohol withdrawal (consider at 8-9); re-score the "
    "CIWA-Ar within 1 hour of a dose and before the patient leaves or at handover; "
    # R26b M1 (b): "a prescriber treats withdrawal (before a transfer only if ...)" is a dose before a transfer; the
    # "if 13-36" branch sends the patient on after it: the reviewer's words
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time; "
    "if a benzodiazepine is given with "
    "buprenorphine or methadone: monitor sedation and breathing until handover or while the patient is on site; "
    # physician review R22 S1: a benzodiazepine with buprenorphine or methadone, the physician's words (before: "if a
    # dose is given: the patient must not drive today (")
    "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
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
#: "Words: COWS boxes", its "(...as now...)" parts typed from the COWS flag's box as the earlier reviews typed it
#: (the 72-hour rule's conditions; the complicating conditions in full).
B_STEPS = (
    "Re-score the COWS now (last 48 on 20 Nov 2026, severe), with alcohol withdrawal alongside (CIWA-Ar 13 today): if "
    # R48 item 2: staff with the patient until handover straight after the transfer
    "still 37 or more: emergency evaluation now: arrange transfer now (ED, or 3.7-WM/4-WM); "
    "staff with the patient until handover; if the patient declines "
    "transfer: the prescriber assesses and records capacity to decline (without capacity: transfer by emergency "
    "services; with capacity: record the advice given and the risks explained; arrange the highest level of care the "
    "patient accepts; any dose as the prescriber decides; tell the patient and any supportive person to call "
    # R73 1a (was: "...any worsening); if 13-36")
    "emergency services for a seizure, confusion, hallucinations or any worsening); the patient must not drive; if "
    "13-36: arrange medically managed withdrawal or a higher level of care: co-occurring alcohol "
    "withdrawal (CIWA-Ar 13 today); before any dose: screen for intoxication (breath alcohol above zero, or signs of "
    "sedative intoxication), give thiamine and check blood glucose; if intoxicated: no dose here (the patient must "
    "not drive today); otherwise at a COWS "
    "of 13 or more a prescriber treats withdrawal now (a first dose before transfer only if it does not delay the "
    "transfer): buprenorphine, or methadone only in an opioid treatment programme or under the 72-hour rule (given or "
    "dispensed on site, at most a 3-day supply while referral is arranged, not renewed or extended; never prescribed); "
    # physician review R26b, should-fix S9: the ruling's words, both scales (was "of the COWS score, any dose with its
    # time, and any complicating condition")
    "re-score the COWS after dosing; at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose "
    "with its time, and any complicating condition (vomiting or diarrhoea with fluids not kept down, unstable vital "
    "signs, other medical or psychiatric instability, pregnancy, alcohol or benzodiazepine withdrawal alongside, "
    "precipitated withdrawal that does not settle, delirium); if a benzodiazepine is given with buprenorphine or "
    "methadone: monitor sedation and breathing until handover or while the patient is on site; treat on the current "
    "score"
)
# physician review R31 M5: a box that may give a dose says its driving advice (before: none), after its steps; the
# visit may give both kinds of dose (today's CIWA-Ar 13, the COWS's buprenorphine or methadone)
B_BOX = B_STEPS + (
    "; if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
)
THEN_B = "Then, only if the review and the prescriber record why ambulatory care is safe"
# physician review R32 (a) (its four settings), R33 S1, R34 S1: the transfer arranged only if the re-score finds
# it ("if still 37 or more: ...: arrange transfer now", "if transferred"): the hold gives both branches, "the scores"
# beside both withdrawals (r32a; B_FIRST, B_STEPS and B_BOX keep the old-form hold for the files that import them)
B_FIRST_R32 = r32a(B_FIRST)
B_STEPS_R32 = r32a(B_STEPS)
B_BOX_R32 = r32a(B_BOX)


def _first(headline: str) -> str:
    """The reviewer's "first": the headline's text before "). Also" / ". Then"."""
    ends = [i for i in (headline.find("). Also"), headline.find(". Then")) if i >= 0]
    return headline[: min(ends)] if ends else headline


def _boxes(r) -> list[str]:  # type: ignore[no-untyped-def]
    """The reviewer's "boxes": the COWS boxes and rated_below_suggestion_d1."""
    return [f.action for f in r.flags if f.code in (*COWS_BOX_CODES, "rated_below_suggestion_d1")]


def _cows_boxes(r) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.action for f in r.flags if f.code in COWS_BOX_CODES]


def _in_order(text: str, words: tuple[str, ...]) -> None:
    """Each of ``words`` in ``text``, the first of each after the first of the one before (case-insensitive: the box
    says "before any dose" where the headline's sentence opens "Before any dose")."""
    low = text.lower()
    at = [low.find(w.lower()) for w in words]
    assert all(i >= 0 for i in at) and at == sorted(at), (words, at, text)


def _case(old_cows: list[int], ciwa: list[int], cssrs: list[str | None] | None = None):  # type: ignore[no-untyped-def]
    today = [("ciwa_ar", ciwa)] + ([("cssrs_screen", cssrs)] if cssrs else [])
    return recommended({}, old=[("cows", old_cows)], today=today)


# --- case B: old COWS 48 beside today's CIWA-Ar 13 ------------------------------------------------------------------


def test_b_first_step_the_reviewers_words() -> None:
    r = _case(COWS_48, CIWA_MOD13)
    assert r.headline.startswith(B_FIRST_R32), r.headline
    assert r.first_step is FirstStep.MEDICAL_REVIEW  # the re-score stays first (the ruling)


def test_b_table_row() -> None:
    r = _case(COWS_48, CIWA_MOD13)
    first = _first(r.headline)
    for words in (
        "re-score the COWS now (last 48 on 20 Nov 2026, severe), with alcohol withdrawal alongside (CIWA-Ar 13 today)",
        "if still 37 or more: emergency evaluation now",
        "arrange transfer now (ED, or 3.7-WM/4-WM)",
        "capacity to decline",
        "if 13-36",
        "arrange medically managed withdrawal or a higher level of care: co-occurring alcohol withdrawal (CIWA-Ar 13 "
        "today)",
        "give thiamine and check blood glucose",
        "monitor sedation and breathing",
    ):
        assert words in first, words
    # the table lists the plan's "Then" among the first step's words; it follows ". Then", so in the headline
    assert f". {THEN_B}: " in r.headline and r.headline.endswith("; otherwise as arranged above.")
    for text in (r.headline, *_boxes(r)):
        for never in ("only for a complicating condition", "treats withdrawal now, before the patient leaves"):
            assert never not in text, (never, text)
    assert "Then, unless the review" not in r.headline
    assert first.lower().count("before any dose") <= 1
    for text in (first, *_cows_boxes(r)):
        _in_order(text, ("if still 37 or more", "arrange transfer now", "before any dose", "thiamine", "buprenorphine"))
        _in_order(text, ("arrange transfer now", "if 13-36"))


def test_b_cows_boxes_the_reviewers_words() -> None:
    r = _case(COWS_48, CIWA_MOD13)
    boxes = {f.code: f.action for f in r.flags}
    assert boxes["severe_opioid_withdrawal"] == B_BOX_R32
    assert boxes["buprenorphine_induction_threshold"] == B_BOX_R32
    # the COWS part of the rating-below box: the same words, then today's CIWA-Ar's own step (R31 M5: the driving
    # advice once, at the end of the joined box, before its record of the reason)
    assert boxes["rated_below_suggestion_d1"].startswith(
        B_STEPS_R32 + "; prescriber's review before the patient leaves: "
    )
    assert boxes["rated_below_suggestion_d1"].endswith(
        "; re-score the CIWA-Ar within 1 hour of a dose and before the patient leaves; if any dose is given (a "
        "benzodiazepine, buprenorphine or methadone): the patient must not drive today; record the reason for the "
        "lower rating with the placement decision"
    )


# --- case E (old COWS 30) and the reviewer's "also" (old COWS 19) ---------------------------------------------------


@pytest.mark.parametrize(
    ("cows", "last", "band"),
    [(COWS_30, 30, "COWS 25-36 (moderately severe withdrawal)"), (COWS_19, 19, "COWS 13-24 (moderate withdrawal)")],
    ids=["E-old30", "old19"],
)
def test_e_old_cows_13_36_the_same_rule(cows: list[int], last: int, band: str) -> None:
    r = _case(cows, CIWA_MOD13)
    first = _first(r.headline)
    said = f"(last {last} on 20 Nov 2026)"
    assert r.headline.startswith(
        B_FIRST_R32.replace("(last 48 on 20 Nov 2026, severe)", said).replace("if still 37 or more", "if 37 or more")
    ), r.headline
    assert f"({band} (COWS of 20 Nov 2026, not re-scored today)" in first
    for words in (
        f"re-score the COWS now {said}, with alcohol withdrawal alongside (CIWA-Ar 13 today)",
        "if 37 or more: emergency evaluation now",
        "arrange transfer now (ED, or 3.7-WM/4-WM)",
        "if 13-36",
        "co-occurring alcohol withdrawal (CIWA-Ar 13 today)",
        "give thiamine and check blood glucose",
    ):
        assert words in first, words
    assert f". {THEN_B}: " in r.headline
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    for text in (r.headline, *_boxes(r)):
        assert f"{said}; treat on the current score" not in text, text
        assert "only for a complicating condition" not in text, text
        assert "if still 37" not in text, text
    box = B_BOX_R32.replace("(last 48 on 20 Nov 2026, severe)", said).replace("if still 37 or more", "if 37 or more")
    assert _cows_boxes(r) and all(a == box for a in _cows_boxes(r)), _cows_boxes(r)
    for text in (first, *_cows_boxes(r)):
        _in_order(text, ("if 37 or more", "arrange transfer now", "before any dose", "thiamine", "buprenorphine"))
        _in_order(text, ("arrange transfer now", "if 13-36"))


# --- the regression guards: rows A, C, D (right on main, as the reviewer checked) -----------------------------------


def test_a_mild_ciwa_no_change() -> None:
    r = _case(COWS_48, CIWA_MILD6)
    first = _first(r.headline)
    for words in ("re-score the COWS now (last 48 on 20 Nov 2026, severe)", "if still 37 or more"):
        assert words in first, words
    assert "before the patient leaves" in first
    for text in (r.headline, *_boxes(r)):
        assert "arrange transfer now" not in text and "alcohol withdrawal alongside (CIWA-Ar" not in text, text
    for text in (first, *_cows_boxes(r)):
        _in_order(text, ("before any dose", "buprenorphine"))


def test_c_severe_ciwa_today_as_now() -> None:
    r = _case(COWS_48, CIWA_SEV21)
    first = _first(r.headline)
    assert "arrange transfer now to medically managed withdrawal (ED, or 3.7-WM/4-WM)" in first
    assert "staff with the patient until handover" in first
    for a in _boxes(r):
        # R17b-M1's reorder puts the COWS part mid-box in the rating-below box: its first letter there in lower case
        assert "re-score the cows now (last 48 on 20 nov 2026, severe)" in a.lower(), a
        assert "monitor sedation and breathing until handover" in a, a
    for text in (r.headline, *_boxes(r)):
        assert "only for a complicating condition" not in text and "before the patient leaves" not in text, text
    for a in _cows_boxes(r):
        _in_order(a, ("before any dose", "thiamine", "buprenorphine"))


def test_d_complicated_ciwa_today_as_now() -> None:
    r = _case(COWS_48, CIWA_CMP15)
    first = _first(r.headline)
    assert "(ED, or 4-WM)" in first and "screen for delirium (CAM or 4AT)" in first
    for text in (r.headline, *_boxes(r)):
        for never in ("3.7-WM", "only for a complicating condition", "before the patient leaves", "may be given now"):
            assert never not in text, (never, text)
    for a in _boxes(r):
        if "buprenorphine" in a:
            _in_order(a, ("CAM or 4AT", "thiamine", "buprenorphine"))


# --- case F: beside a C-SSRS high (today): the 37-or-more branch is the combined transfer (R7-M1) --------------------

CSSRS_HIGH = ["yes", "yes", "no", "yes", "no", "no", None]  # question 4 yes
#: the suicide lead as now (R7's SUICIDE_LEAD, typed there from the reviewer's words)
SUICIDE_LEAD = (
    "First: emergency evaluation for suicide risk, with safety precautions, staff with the patient, until it is done; "
    "if the patient declines it or tries to leave: staff stay with the patient and call emergency services for an "
    "emergency mental-health assessment (local involuntary-assessment procedure); "
)
#: "Beside a C-SSRS high (case F)", the reviewer's words up to its "otherwise ..."
F_BRANCH = (
    "re-score the COWS now (last 48 on 20 Nov 2026, severe), with alcohol withdrawal alongside (CIWA-Ar 13 today): if "
    "still 37 or more: emergency evaluation for suicide risk and emergency medical evaluation in one setting that can "
    "manage both (severe opioid withdrawal with alcohol withdrawal alongside, CIWA-Ar 13 today): arrange transfer now "
    "(ED); safety precautions, staff with the patient, until handover; if 13-36: arrange medically managed withdrawal "
    "or a higher level of care: co-occurring alcohol withdrawal (CIWA-Ar 13 today); before any dose: ask about any "
    "overdose or ingestion today and screen for intoxication (breath alcohol above zero, or signs of sedative "
    "intoxication), give thiamine and check blood glucose; if an overdose or ingestion, or intoxicated: no dose here "
    "(an overdose or ingestion: call emergency services for the ED, staff with the patient until handover, naloxone "
    "if signs of opioid overdose; intoxicated: the patient must not drive today); "
    "otherwise "
)
F_WAITS = (
    "while the patient waits for the suicide evaluation (if transferred: a first dose before transfer only if it does "
    "not delay the transfer)"
)


def test_f_table_row() -> None:
    r = _case(COWS_48, CIWA_MOD13, CSSRS_HIGH)
    first = _first(r.headline)
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert first.startswith(SUICIDE_LEAD), first
    # R22 M2: the headline (not the box) tells the C-SSRS high after the conditional transfer, if transferred
    # R23a finding 2: the step may give a first dose before the transfer: the last scores and any dose told first;
    # finding 3: "safety precautions until handover" said once (the transfer says it)
    m2 = M2_TOLD_TODAY.replace("team that", "team the last CIWA-Ar and COWS scores and any dose with its time, that")
    m2 = m2.replace("; safety precautions until handover", "")
    told = F_BRANCH.replace("until handover; if 13-36", f"until handover {m2}; if 13-36")
    # physician review R32 (a) (its four settings), R34 S1: beside the emergency evaluation for suicide risk staff stay
    # with the patient held, "the scores" beside both withdrawals (r32a)
    told = r32a(told)
    assert told in first and F_WAITS in first, first
    for words in (
        "staff with the patient, until it is done",
        "emergency evaluation for suicide risk and emergency medical evaluation in one setting that can manage both",
        "arrange transfer now (ED)",
        "if 13-36",
        "co-occurring alcohol withdrawal (CIWA-Ar 13 today)",
        "ask about any overdose or ingestion today",
        "give thiamine and check blood glucose",
    ):
        assert words in first, words
    for text in (first, *_boxes(r)):
        # "3.7-WM": the destination inside the suicide emergency (R7-M1); the PAWSS sentence after "). Also" keeps
        # its 3.7-WM rule as now (case B's "(PAWSS as now)")
        for never in (
            "capacity",
            "3.7-WM",
            "a complicating condition listed on the COWS flag: emergency evaluation",
            "only for a complicating condition",
            "before the patient leaves",
        ):
            assert never not in text, (never, text)
    for text in (first, *_cows_boxes(r)):
        _in_order(
            text,
            ("if still 37 or more", "arrange transfer now (ED)", "ask about any overdose", "thiamine", "buprenorphine"),
        )
        # the COWS branch's screen carries thiamine and glucose too (the table's "in the COWS branch's screen too")
        # R22 M2: the headline's branch with the C-SSRS high told after its transfer, the box's as before
        branch = told if text is first else r32a(F_BRANCH)  # physician review R32 (a), R34 S1: as the headline's
        assert branch[:1].upper() + branch[1:] in text or branch in text, text
        assert F_WAITS in text, text


# --- the ruling's scope beyond R18's worded leads: done by R19-N2 (physician review R19, session 16) -------------

CSSRS_MODERATE = ["yes", "yes", "yes", "no", "no", "no", None]
PHQ_I9POS = [2, 2, 2, 2, 2, 2, 2, 2, 1]  # 17, item 9 at 1
CIWA_MOD13_I1 = [2, 2, 2, 2, 2, 1, 0, 0, 1, 1]  # item 10 at 1


# physician review R19 (session 16), N2 (c1, c2, c3): the reviewer's words for the C-SSRS moderate, PHQ-9 item 9 and
# CIWA-Ar item 10 at 1 leads landed (tests/test_placement_headline_review_r19_n2.py); the strict xfail removed (XPASS)
@pytest.mark.parametrize(
    ("ciwa", "extra"),
    [
        (CIWA_MOD13, [("cssrs_screen", CSSRS_MODERATE)]),
        (CIWA_MOD13, [("phq9", PHQ_I9POS)]),
        (CIWA_MOD13_I1, []),
    ],
    ids=["cssrs-moderate", "phq9-item9", "ciwa-item10-at-1"],
)
def test_the_ruling_beside_other_leads(ciwa: list[int], extra: list) -> None:  # type: ignore[type-arg]
    r = recommended({}, old=[("cows", COWS_48)], today=[("ciwa_ar", ciwa), *extra])
    for text in (r.headline, *_boxes(r)):
        assert "only for a complicating condition" not in text, text


def test_c36_both_today_unchanged() -> None:
    """Row C36 (both scored today, signed): "unchanged"; its lead as the brief and R2 quote it."""
    r = recommended({}, today=[("cows", COWS_48), ("ciwa_ar", CIWA_MOD13)])
    assert r.headline.startswith(
        "First: emergency evaluation now: severe opioid withdrawal with alcohol withdrawal alongside (CIWA-Ar 13 "
        # R48 item 2: staff with the patient until handover straight after the transfer
        "today), a complicating condition on the COWS flag: arrange transfer now (ED, or 3.7-WM/4-WM); "
        "staff with the patient until handover; "
    ), r.headline
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert "with alcohol withdrawal alongside (CIWA-Ar 13 today): if" not in r.headline
