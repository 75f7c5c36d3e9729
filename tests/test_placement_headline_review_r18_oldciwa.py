"""Physician review R18 (session 16), must-fix M2 and M3: an old CIWA-Ar (20 Nov 2026, not re-scored) beside today's
COWS of 13 or more, the reviewer's cases and words typed as the oracle.

M2: R17b-M2's "the COWS box re-scores the CIWA-Ar first" beside a C-SSRS high of today and a withdrawn one too.
M3: beside a COWS above 36, one screen before any dose first, then the transfer at 8 or more with its refusal
(capacity) clause and the benzodiazepine monitoring, the headline's "emergency evaluation only for ..." tail.
Sources the reviewer names: R17b-M2 / R16-M6 (Wesson & Ling 2003: COWS items overlap alcohol-withdrawal signs;
Sullivan et al. 1989, CIWA-Ar); ASAM 2020 alcohol withdrawal guideline; FDA Drug Safety Communication 20 Sep 2017
(opioids with benzodiazepines); R16-M2 (a screen before every dose). Cases built as the reviewer built them (r18.md,
Method): old = 20 Nov 2026, today = 02 Dec 2026, ratings over ROUTINE; a C-SSRS high withdrawn by a correction, never
closed, passed as ``older_open_flags`` (as tests/test_placement_headline_review_r2_leads.py builds it).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

import iopkit
from iopkit.flags import Flag, Withdrawn
from iopkit.placement import recommend, suggest_dimensions
from tests.intoxication_screens import r32a
from tests.test_placement_headline_review_r7_old_scores import OLD, PLACED, ROUTINE
from tests.test_placement_headline_review_r17b import COWS_CODES, _cows_box
from tests.test_placement_physician_cases import (
    CIWA_CMP15,
    CIWA_MOD13,
    CIWA_SEV21,
    COWS_19,
    COWS_30,
    COWS_48,
    CSSRS_HIGH,
)

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

CIWA_ITEM10_14 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]  # r18.md: "item-10-at-1 14"
JOINED = "rated_below_suggestion_d1"


def _withdrawn_high() -> Flag:
    """A C-SSRS high-risk flag a correction withdrew, never closed (r18.md Method; /tmp/r18/gen.py's)."""
    withdrawn = Withdrawn(dt.date(2026, 11, 20), dt.date(2026, 11, 20), "2", False)
    return Flag(
        "suicide_risk_high", "C-SSRS high risk", "critical", calls_for="emergency_evaluation", withdrawn=withdrawn
    )


def _case(ciwa, cows, cssrs="none", ratings=None):  # type: ignore[no-untyped-def]
    """Old CIWA-Ar ``ciwa``, today's COWS ``cows``, C-SSRS "none", "high" (today) or "withdrawn"."""
    old = [("ciwa_ar", ciwa)]
    today = [("cows", cows)] + ([("cssrs_screen", CSSRS_HIGH)] if cssrs == "high" else [])
    scores = [iopkit.score(i, a) for i, a in old + today]
    scored_on = {i: OLD for i, _ in old} | {i: PLACED for i, _ in today}
    more = {"older_open_flags": [_withdrawn_high()]} if cssrs == "withdrawn" else {}
    suggested = suggest_dimensions(scores, scored_on=scored_on, today=PLACED, **more)
    return recommend({**ROUTINE, **(ratings or {})}, suggested=suggested)


# --- M2: the reviewer's "Want", COWS box, C-SSRS high, COWS 13-36 (its words, up to its "...[rest as now]") ---------
M2_WANT_13_36 = (
    "Re-score the CIWA-Ar first, before any dose (last 13 on 20 Nov 2026): at 8 or more, alcohol withdrawal "
    "alongside: arrange medically managed withdrawal or a higher level of care, through the same emergency "
    "evaluation; otherwise prescriber's review now, while the patient waits for the suicide evaluation (if "
    # physician review R26b, should-fix S9: the dose's handover in its "(if transferred: ...)"
    "transferred: a first dose before transfer only if it does not delay the transfer; at handover tell the receiving "
    "team the last CIWA-Ar and COWS scores and any dose with its time): before any dose: ask about "
    "any overdose or ingestion today and screen for intoxication ("
)
# M2's test, its words
M2_TEST_START = "Re-score the CIWA-Ar first, before any dose (last 13 on 20 Nov 2026): at 8 or more"
#: R60 Q3 (iii): the complications the re-score's transfer at 8 or more now names, typed from the ruling.
R60_Q3_III = (
    "(or, intoxicated or not, a seizure since the last score, hallucinations, or disorientation (item 10 at 2 or more))"
)
#: M2's "Want" as physician review R28, M2 changed it (COWS 13-36): the re-score first, the screen with thiamine and
#: blood glucose, and the branch at 8 or more said as the escalation the re-score decides, at the box's end (R27 M2's
#: words), through the same emergency evaluation (R18 M2's).
#: R62 S3: the interval history after the re-score (was: "(last 13 on 20 Nov 2026); prescriber's review ...")
SINCE = "; ask what happened since (a seizure, confusion, a hospital visit, the last drink)"
R28_WANT_13_36 = (
    f"Re-score the CIWA-Ar first (last 13 on 20 Nov 2026){SINCE}; "
    "prescriber's review now, while the patient waits for the "
    "suicide evaluation (if transferred: a first dose before transfer only if it does not delay the transfer; at "
    "handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time): before any dose: "
    "ask about any overdose or ingestion today and screen for intoxication (breath alcohol above zero, or signs of "
    "sedative intoxication), give thiamine and check blood glucose; if an overdose or ingestion, or intoxicated: no "
    "dose here (an overdose or ingestion: call emergency services for the ED, staff with the patient until handover, "
    "naloxone if signs of opioid overdose; intoxicated: the patient must not drive "
    "today); otherwise treat withdrawal as the "
    "prescriber decides, "
)
# R61 (h1's words for R60 Q3 (iii)): the complications no longer inside the escalation at 8 or more but in their own
# transfer now after it (was: "re-score of 8 or more (or, intoxicated or not, a seizure ...) (alcohol withdrawal
# alongside), ...")
R28_END_8 = (
    "; at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside), or another complicating condition (medical "
    "or psychiatric instability, benzodiazepine withdrawal, pregnancy): arrange medically managed withdrawal or a "
    "higher level of care"
)
AT_15 = (
    "intoxicated or not, at a CIWA-Ar re-score of 15 or more, or a seizure since the last score, or hallucinations, or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)...")
    "disorientation (item 10 at 2 or more): arrange transfer now by emergency services to medically managed "
    "withdrawal (ED, or 4-WM); staff "
    "with the patient until handover; "
)
DECLINE = (
    "if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening)"
)
#: R62 M3: beside a C-SSRS high, the involuntary assessment, not the capacity clause
DECLINE_HIGH = (
    "if the patient declines transfer or tries to leave: staff stay with the patient and call emergency services for "
    "an emergency mental-health assessment (local involuntary-assessment procedure)"
)
#: R63 MF2 (R62 S4), typed from the ruling: beside a C-SSRS high the same trigger's one destination is the emergency
#: evaluation in an ED that can also manage withdrawal (the text still says "arrange transfer now to medically
#: managed withdrawal (ED, or 4-WM)": red until MF2 is built)
AT_15_HIGH = AT_15.replace(
    # R76 (was: "arrange transfer now to medically managed withdrawal (ED, or 4-WM)", "... (arrange transfer now)")
    "arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM)",
    "the emergency evaluation in an ED that can also manage withdrawal (arrange transfer now by emergency services)",
)
# R64 S1 (R63 SF2's move in the emergency-evaluation form): the transfer at 15 or more no longer at the box's end but
# right after the hold, unchanged (was: f"{R28_END_8}, through the same emergency evaluation; {AT_15_HIGH}
# {DECLINE_HIGH}")
R28_END_13_36 = f"{R28_END_8}, through the same emergency evaluation"
#: R64 S1: after the hold's "the patient must not drive today);" the transfer, then the treatment guarded (was:
#: "today); otherwise treat withdrawal as the prescriber decides, ")
R64_S1_AFTER_HOLD = (
    # R75 2 (was: f"...{DECLINE_HIGH}; otherwise, if not intoxicated")
    f"{AT_15_HIGH}{DECLINE_HIGH}; the patient must not drive; otherwise, if not intoxicated: treat withdrawal as the "
    "prescriber decides, "
)
#: beside a withdrawn C-SSRS high (no positive screen: R18 M4) the capacity clause
# R64 S1: beside a withdrawn C-SSRS high too, the transfer at 15 or more right after the hold, its first dose guarded,
# the treatment after it guarded (was: f"{R28_END_8}; {AT_15}{DECLINE}" at the box's end)
FIRST_DOSE = "a first dose before transfer only if it does not delay the transfer"
R28_END_13_36_WITHDRAWN = f"{R28_END_8}; if transferred: at handover tell the receiving team the last CIWA-Ar and COWS"
R64_S1_AFTER_HOLD_WITHDRAWN = (
    # R73 1a (was: f"...{DECLINE}; if not intoxicated")
    f"offer a lift or a taxi, and follow local policy); {AT_15}{DECLINE}; the patient must not drive; "
    f"if not intoxicated: {FIRST_DOSE}; "
    "otherwise, if not intoxicated: treat withdrawal as the prescriber decides, "
)
# M2, COWS above 36 beside a C-SSRS high, its words (the headline already says this)
# R42 item 2 (R30b should-fix S2): the branch named by the re-score it reads (was "at 8 or more, alcohol withdrawal
# alongside, a complicating condition: ")
# R60 Q3 (iii): the complications after "8 or more" (was: "re-score of 8 or more (alcohol withdrawal alongside, a
# complicating condition)")
M2_ABOVE_36 = (
    f"at a CIWA-Ar re-score of 8 or more {R60_Q3_III} (alcohol withdrawal alongside, a complicating condition): "
    "emergency evaluation for suicide risk and emergency medical evaluation in one setting that can manage both: "
    "arrange transfer now by emergency services (ED)"  # R76 (was: "...: arrange transfer now (ED)")
)
OVERDOSE = "ask about any overdose or ingestion today and screen for intoxication"


@pytest.mark.parametrize("cows", [COWS_19, COWS_30], ids=["cows19", "cows30"])
def test_m2_high_cows_13_36_box_in_the_reviewers_words(cows: list[int]) -> None:
    box = _cows_box(_case(CIWA_MOD13, cows, "high"))
    # physician review R28, M2: was M2_WANT_13_36 and M2_TEST_START (the branch at 8 or more first)
    # physician review R32 (a) (its four settings), R34 S1: while the patient waits for the suicide evaluation staff
    # stay with the patient held, "the scores" beside both withdrawals (r32a)
    # R64 S1: the transfer at 15 or more right after the hold (was: r32a(R28_WANT_13_36) going on "otherwise treat")
    head = r32a(R28_WANT_13_36).removesuffix("otherwise treat withdrawal as the prescriber decides, ")
    assert head.endswith("the patient must not drive today); "), head
    assert box.startswith(head + R64_S1_AFTER_HOLD), box
    assert box.count(AT_15_HIGH) == 1, box
    # physician review R31 M5: a box that may give a dose says its driving advice (before: none), after its steps;
    # the visit may give both kinds of dose (the old CIWA-Ar's benzodiazepine, the COWS's buprenorphine or methadone)
    driving = "; if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
    # R30b S3: the headline's sedation watch before the driving clause (was: R28_END_13_36 + driving), beside the
    # C-SSRS high's evaluation "until the evaluation or handover" as the headline says it
    watch = (
        "; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until the "
        "evaluation or handover"
    )
    assert box.endswith(R28_END_13_36 + watch + driving), box
    assert box.index("Re-score the CIWA-Ar first") < box.index("buprenorphine")


@pytest.mark.parametrize(
    ("name", "rec"),
    [
        ("old 13, today COWS 30, C-SSRS high", lambda: _case(CIWA_MOD13, COWS_30, "high")),
        ("old 13, today COWS 48, C-SSRS high", lambda: _case(CIWA_MOD13, COWS_48, "high")),
        ("sample 277: old item-10-at-1 14, COWS 30, high", lambda: _case(CIWA_ITEM10_14, COWS_30, "high")),
        ("case 59: withdrawn, old 13, COWS 48, {5: 4}", lambda: _case(CIWA_MOD13, COWS_48, "withdrawn", {5: 4})),
    ],
)
def test_m2_reviewers_cases_rescore_before_buprenorphine(name: str, rec) -> None:  # type: ignore[no-untyped-def]
    """M2's test: `index("Re-score the CIWA-Ar first") < index("buprenorphine")` in the COWS box."""
    box = _cows_box(rec())
    assert 0 <= box.find("Re-score the CIWA-Ar first") < box.index("buprenorphine"), (name, box)


def test_m2_high_cows_above_36_one_setting_at_8_or_more() -> None:
    """M2, COWS above 36 beside a C-SSRS high: the reviewer's branch, after the one screen M3 puts first."""
    box = _cows_box(_case(CIWA_MOD13, COWS_48, "high"))
    branch = "A" + M2_ABOVE_36[1:]  # after the screen's full stop (M3's order)
    assert branch in box, box
    assert box.index("screen for") < box.index(branch) < box.index(FIRST_DOSE)
    assert "capacity to decline" not in box  # beside a C-SSRS high the emergency mental-health hold (R13-M2)


@pytest.mark.parametrize("cows", [COWS_19, COWS_30], ids=["cows19", "cows30"])
def test_m2_withdrawn_high_cows_13_36_no_cssrs_form_with_overdose_question(cows: list[int]) -> None:
    """M2 beside a withdrawn C-SSRS high: "the no-C-SSRS form (R17b's words) with the overdose question"."""
    box = _cows_box(_case(CIWA_MOD13, cows, "withdrawn"))
    # physician review R28, M2: the branch at 8 or more said as the escalation the re-score decides, at the box's end
    # (was "Re-score the CIWA-Ar first, before any dose (last 13 on 20 Nov 2026): at 8 or more, alcohol withdrawal
    # alongside: arrange medically managed withdrawal or a higher level of care; otherwise prescriber's review ")
    # R62 S3: SINCE; R61: the transfer at 15 or more with the capacity clause (was: R28_END_13_36 without ", through
    # the same emergency evaluation")
    r17b = f"Re-score the CIWA-Ar first (last 13 on 20 Nov 2026){SINCE}; prescriber's review "
    assert box.startswith(r17b), box
    assert R64_S1_AFTER_HOLD_WITHDRAWN in box, box  # R64 S1
    assert box.count(AT_15) == 1, box
    assert R28_END_13_36_WITHDRAWN in box, box
    assert box.index(OVERDOSE) < box.index("treat withdrawal")


def test_m2_withdrawn_high_cows_above_36_no_cssrs_transfer_with_overdose_question() -> None:
    box = _cows_box(_case(CIWA_MOD13, COWS_48, "withdrawn"))
    # R62 S3: SINCE (was: "(last 13 on 20 Nov 2026). Before any dose: ")
    assert box.startswith(f"Re-score the CIWA-Ar first (last 13 on 20 Nov 2026){SINCE}. Before any dose: {OVERDOSE}"), (
        box
    )
    # R42 item 2 (R30b should-fix S2): the branch named by the re-score it reads (was "At 8 or more, alcohol withdrawal
    # alongside, a complicating condition: ")
    # R60 Q3 (iii): the complications after "8 or more" (was: "re-score of 8 or more (alcohol withdrawal ...")
    assert (
        f"At a CIWA-Ar re-score of 8 or more {R60_Q3_III} (alcohol withdrawal alongside, a complicating condition): "
        "arrange transfer "
        # R48 item 2: staff with the patient until handover straight after the transfer
        # R76 ruling 2 (was: "now (ED, or 3.7-WM/4-WM); ")
        "now (a seizure, hallucinations, disorientation or a total of 15 or more: by emergency services, to the ED or "
        "4-WM; otherwise: ED, or 3.7-WM/4-WM); "
        "staff with the patient until handover; if the patient declines transfer: the prescriber assesses and records "
        "capacity to decline"
    ) in box


# --- M3: the reviewer's "Want" for case 136 = {ciwa: old 13, cows: today 48} (its words, up to "...[as now]") -------
# R42 item 2 (R30b should-fix S2): thiamine and blood glucose whatever the re-score (was "and at a CIWA-Ar of 8 or more
# give thiamine ..."), the branch named by the re-score it reads (was "At 8 or more, alcohol withdrawal alongside, a
# complicating condition: ")
# R62 S3: SINCE; R62 M1/S1: "if not intoxicated: a first dose ..." and "Otherwise, if not intoxicated, treat
# withdrawal now" (was: "; a first dose ..." and "Otherwise treat withdrawal now")
M3_WANT = (
    f"Re-score the CIWA-Ar first (last 13 on 20 Nov 2026){SINCE}. "
    "Before any dose: screen for intoxication (breath alcohol "
    "above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if intoxicated: no dose "
    # R60 Q3 (iii): the complications after "8 or more" (was: "re-score of 8 or more (alcohol withdrawal alongside,")
    f"here (the patient must not drive today). At a CIWA-Ar re-score of 8 or more {R60_Q3_III} (alcohol withdrawal "
    "alongside, a complicating condition): "
    # R48 item 2: staff with the patient until handover straight after the transfer
    # R76 ruling 2 (was: "arrange transfer now (ED, or 3.7-WM/4-WM); ")
    "arrange transfer now (a seizure, hallucinations, disorientation or a total of 15 or more: by emergency services, "
    "to the ED or 4-WM; otherwise: ED, or 3.7-WM/4-WM); "
    "staff with the patient until handover; if the patient declines transfer: the prescriber assesses and records "
    "capacity to decline (without capacity: transfer by emergency services; with capacity: record the advice given "
    "and the risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber "
    "decides; tell the patient and any supportive person to call emergency services for a seizure, confusion, "
    "hallucinations or any worsening); if not intoxicated: a first dose before "
    "transfer only if it "
    # physician review R26b, should-fix S9: the last scores and any dose told at handover, after the first dose
    "does not delay the transfer; at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose "
    "with its time; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and "
    "breathing until handover; the patient must not drive. Otherwise, if not intoxicated, treat withdrawal now, before "
    "the patient leaves, "
    "as the prescriber decides: buprenorphine, or methadone only in "
)
# "(the box's tail now says "arrange medically managed withdrawal or a higher level of care only for ..." where its
# headline says "emergency evaluation only for ..."; use the headline's)"
M3_TAIL = "; re-score the COWS after dosing; emergency evaluation only for a complicating condition ("


@pytest.mark.parametrize("code", ["severe_opioid_withdrawal", JOINED])
def test_m3_case_136_in_the_reviewers_words(code: str) -> None:
    r = _case(CIWA_MOD13, COWS_48)
    (box,) = [f.action for f in r.flags if f.code == code]
    # physician review R32 (a) (its four settings), R34 S1: the hold's own sentence names no transfer (ambulatory), "the
    # scores" beside both withdrawals (r32a; M3_WANT keeps the old form for the file that imports it)
    assert box.startswith(r32a(M3_WANT)), box
    assert M3_TAIL in box
    assert "arrange medically managed withdrawal or a higher level of care only for" not in box
    # M3's test, its words
    assert box.index("screen for") < box.index("a first dose before transfer")
    assert "capacity to decline" in box


# --- the grid: old CIWA-Ar 13/21/complicated x today COWS 19/30/48 x C-SSRS none/high/withdrawn --------------------
CIWAS = {"13": CIWA_MOD13, "21": CIWA_SEV21, "complicated": CIWA_CMP15}
COWSES = {"19": COWS_19, "30": COWS_30, "48": COWS_48}
GRID = list(itertools.product(CIWAS, COWSES, ("none", "high", "withdrawn")))
#: A box's dose verbs (boxes._DOSE_VERB, the physician case table's BOX_DOSE).
DOSE_VERB = re.compile(
    r"(?<!\w)(?:a prescriber gives|a prescriber treats|treat withdrawal|treats withdrawal)(?!\w)", re.I
)
#: The re-score as R17b-M2's boxes say it ("Re-score the CIWA-Ar first", "After the first step's CIWA-Ar re-score").
RESCORE = re.compile(r"[Rr]e-score the CIWA-Ar|CIWA-Ar re-score")


def _grid_boxes(ciwa: str, cows: str, cssrs: str) -> list[tuple[str, str]]:
    r = _case(CIWAS[ciwa], COWSES[cows], cssrs)
    return [(f.code, f.action) for f in r.flags if f.code in (*COWS_CODES, JOINED) and f.action]


# physician review R23b (session 20), A: an old complicated CIWA-Ar beside a C-SSRS high, whose headline transfers now
# to one setting (R15-M1's form), was not ruled by R18 (a strict xfail): "The strict-xfail's rule ... is RIGHT here
# too. Keep it: remove NOT_RULED" (its re-score while the transfer is arranged: test_placement_headline_review_r23b.py)
@pytest.mark.parametrize(("ciwa", "cows", "cssrs"), GRID)
def test_grid_rescore_before_first_dose_verb(ciwa: str, cows: str, cssrs: str) -> None:
    """M2's rule: in every COWS box and the joined box, the CIWA-Ar re-score comes before the first dose verb."""
    for code, box in _grid_boxes(ciwa, cows, cssrs):
        dose = DOSE_VERB.search(box)
        if dose is None:
            continue
        said = RESCORE.search(box)
        assert said is not None and said.start() < dose.start(), (code, box)


@pytest.mark.parametrize(("ciwa", "cows", "cssrs"), GRID)
def test_grid_screen_before_every_first_dose_before_transfer(ciwa: str, cows: str, cssrs: str) -> None:
    """M3's rule: "screen for" comes before every "a first dose before transfer" (but the "(if transferred: ...)"
    timing of a box's lead beside a C-SSRS high, which the reviewer's M2 words keep before their screen; and the
    transfer on the CIWA-Ar re-score's findings that physician review R71, must-fix 1, puts before the box's screen in
    its words, "a first dose before transfer only after the screen below", or R72's "only once the first step's"
    screens in a threshold box that screens in the first step)."""
    for code, box in _grid_boxes(ciwa, cows, cssrs):
        screen = box.find("screen for")
        for m in re.finditer("a first dose before transfer", box):
            if box[: m.start()].endswith("(if transferred: "):
                continue
            # R70 D3, R71 must-fix 1 and R72 must-fix: the first dose waits for the screen the words name
            if box.startswith((" only after the screen below and only if", " only once the first step's "), m.end()):
                continue
            assert 0 <= screen < m.start(), (code, box)
