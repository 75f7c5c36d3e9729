"""Physician review R19 (session 16), must-fix N1: the headline's first step for an old CIWA-Ar 13 (20 Nov 2026, not
re-scored) beside today's COWS above 36, the reviewer's cases and words typed as the oracle (/work/reviews/r19.md).

R18-M3 asked for "the headline's first step the same" as the box: one screen before any dose first (with thiamine and
blood glucose at a CIWA-Ar of 8 or more), then the transfer at 8 or more with its refusal (capacity) clause, the
first dose before transfer only if it does not delay it, the benzodiazepine monitoring and no driving, then the dose
otherwise. Three variants: no C-SSRS (case 136), a C-SSRS high withdrawn by a correction (case 59), a C-SSRS high of
today (no capacity clause: the lead's involuntary path governs).
Sources the reviewer names: R16-M2 (a screen before every dose), ASAM 2020 alcohol withdrawal guideline (thiamine),
R18-M3 (Wesson & Ling 2003: COWS items overlap alcohol-withdrawal signs; Sullivan et al. 1989, CIWA-Ar; FDA Drug
Safety Communication 20 Sep 2017: benzodiazepines with buprenorphine or methadone); R18-M4 (a withdrawn C-SSRS high:
"the C-SSRS screen is repeated as the first step says"; Posner et al. 2011). Cases built as R18's and R19's Method
builds them (tests/test_placement_headline_review_r18_oldciwa.py's ``_case``).
"""

from __future__ import annotations

import pytest

from tests.evaluation_home_words import C9_HOME
from tests.intoxication_screens import INSISTS, INSISTS_ON_RESCREEN, NOT_CLEARED_CIWA, TOLD, without_holds
from tests.suicide_handover_words import M2_TOLD_TODAY
from tests.test_placement_headline_review_r18_oldciwa import CIWA_MOD13, COWS_48, _case, _cows_box

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

# --- the reviewer's words (r19.md, N1 "Want"), typed ----------------------------------------------------------------
# R62 S3: the interval history after the re-score (was: "... (last 13 on 20 Nov 2026). ")
RESCORE = (
    "re-score the CIWA-Ar now, before any dose (last 13 on 20 Nov 2026); ask what happened since (a seizure, "
    "confusion, a hospital visit, the last drink). "
)
SIGNS = "(breath alcohol above zero, or signs of sedative intoxication)"
# R42 item 2 (R30b should-fix S2): thiamine and blood glucose before any dose whatever the re-score (was: "and at a
# CIWA-Ar of 8 or more give thiamine and check blood glucose"); the branch named by the re-score it reads (was: "At 8
# or more, alcohol withdrawal alongside, a complicating condition on the COWS flag: ")
THIAMINE = "give thiamine and check blood glucose"
SCREEN = (
    f"Before any dose: screen for intoxication {SIGNS}, {THIAMINE}; if intoxicated: no dose here (the "
    "patient must not drive today). "
)
OVERDOSE_SCREEN = (
    f"Before any dose: ask about any overdose or ingestion today and screen for intoxication {SIGNS}, {THIAMINE}; "
    "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services for "
    "the ED, staff with the patient until handover, naloxone if signs of opioid overdose"
    "; intoxicated: the patient must not drive today). "
)
# R60 Q3 (iii): the complications after "8 or more" (was: "At a CIWA-Ar re-score of 8 or more (alcohol withdrawal
# alongside, ...")
AT_8 = (
    "At a CIWA-Ar re-score of 8 or more (or, intoxicated or not, a seizure since the last score, hallucinations, or "
    "disorientation (item 10 at 2 or more)) (alcohol withdrawal alongside, a complicating condition on the COWS "
    "flag): "
)
BRANCH = (
    # R48 item 2: staff with the patient until handover straight after the transfer
    # R76 ruling 2 (was: "arrange transfer now (ED, or 3.7-WM/4-WM); ")
    "arrange transfer now (a seizure, hallucinations, disorientation or a total of 15 or more: by emergency services, "
    "to the ED or 4-WM; otherwise: ED, or 3.7-WM/4-WM); "
    "staff with the patient until handover; if the patient declines transfer: the prescriber assesses and records "
    # R62 M1/S1: the first dose before transfer guarded (was: "; a prescriber gives a first dose ...")
    "capacity to decline (without capacity: transfer by emergency services; with capacity: record the advice given "
    "and the risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber "
    "decides; tell the patient and any supportive person to call emergency services for a seizure, confusion, "
    "hallucinations or any worsening); if not intoxicated: a prescriber gives a "
    "first dose before "
    "transfer only if it does not delay the transfer (buprenorphine, or methadone as the COWS flag says; at a CIWA-Ar "
    # R23a finding 2: the first dose before the transfer: the last CIWA-Ar and COWS scores and any dose told
    "of 10 or more, medication for alcohol withdrawal, consider at 8-9); at handover tell the receiving team the last "
    "CIWA-Ar and COWS scores and any dose with its time; if a benzodiazepine is given with "
    "buprenorphine or methadone: monitor sedation and breathing until handover; the patient must not drive. "
)
REST = "buprenorphine, or methadone as the COWS flag says; re-score the COWS after dosing; "
WANT_NONE = (
    # R62 M1: "Otherwise, if not intoxicated, a prescriber treats withdrawal now" (was: "Otherwise a prescriber ...")
    f"First: {RESCORE}{SCREEN}{AT_8}{BRANCH}Otherwise, if not intoxicated, a prescriber treats withdrawal now, before "
    "the patient leaves: "
    f"{REST}"
)
#: beside a withdrawn C-SSRS high the step's one handover is the withdrawn screen's, which says the scores (R23a
#: finding 4)
BRANCH_UNTOLD = BRANCH.replace(
    "; at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time", ""
)
WANT_WITHDRAWN = (
    # R62 M1 (was: "Otherwise a prescriber treats ...")
    f"First: {RESCORE}{OVERDOSE_SCREEN}{AT_8}{BRANCH_UNTOLD}Otherwise, if not intoxicated, a prescriber treats "
    "withdrawal now, before the "
    "patient "
    f"leaves (the C-SSRS screen is repeated as the first step says): {REST}"
)
WITHDRAWN_TAIL = "then, after the first dose and before the patient leaves, repeat the C-SSRS screen"
SUICIDE_LEAD = (
    "First: emergency evaluation for suicide risk, with safety precautions, staff with the patient, until it is done; "
    "if the patient declines it or tries to leave: staff stay with the patient and call emergency services for an "
    "emergency mental-health assessment (local involuntary-assessment procedure); the patient must not drive; "
)
M2_TOLD_SCORES = M2_TOLD_TODAY.replace(
    # R23a finding 2: the ruling's words, re-typed
    "team that",
    "team the last CIWA-Ar and COWS scores and any dose with its time, that",
)
WANT_HIGH = (
    f"{SUICIDE_LEAD}and {RESCORE}{OVERDOSE_SCREEN}{AT_8}emergency evaluation for suicide risk and emergency medical "
    # R22 M2: the C-SSRS high told after the conditional transfer, if transferred
    # R23a finding 2: the step may give a first dose before that transfer: the last scores and any dose told first
    # R62 M1/S1: "if not intoxicated: a prescriber gives ..." and "Otherwise, if not intoxicated, a prescriber treats"
    # (was: "; a prescriber gives a first dose ..." and "Otherwise a prescriber treats")
    # R76 (was: "...in one setting that can manage both: arrange transfer now (ED) (if transferred: ...")
    "evaluation in one setting that can manage both: arrange transfer now by emergency services (ED) "
    f"{M2_TOLD_SCORES}; if not intoxicated: "
    "a prescriber gives a first dose before transfer only if it does not delay the transfer; if a benzodiazepine is "
    "given with buprenorphine or methadone: monitor sedation and breathing until handover. Otherwise, if not "
    "intoxicated, a prescriber treats "
    f"withdrawal now, while the patient waits for the suicide evaluation: {REST}"
)

# physician review R32 (a) (its four settings) and R34 S1: beside the emergency evaluation for suicide risk the
# intoxicated patient waits with staff, the screen and both withdrawals' scores repeated when it clears, or the
# receiving team told (was: "intoxicated: the patient must not drive today)"; WANT_HIGH, read by R13's tests, is kept)
OVERDOSE_SCREEN_WAIT = (
    f"Before any dose: ask about any overdose or ingestion today and screen for intoxication {SIGNS}, {THIAMINE}; "
    "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services for "
    "the ED, staff with the patient until handover, naloxone if signs of opioid overdose; intoxicated: staff stay "
    "with the patient; repeat the screen and the scores when it clears, or tell the receiving team at handover; the "
    "patient must not drive today). "
)
WANT_HIGH_WAIT = WANT_HIGH.replace(OVERDOSE_SCREEN, OVERDOSE_SCREEN_WAIT, 1)

# physician review R35 (the setting read from the hold's sentence to the end of the text; R33 S1): case 136's and the
# withdrawn variants' hold, in a sentence of its own before the step's conditional transfer ("At 8 or more, ...:
# arrange transfer now"), gives both branches, "the scores" (R34 S1, R35 S3); beside the withdrawn C-SSRS high the
# repeated screen first for a patient who insists on leaving (R36 N3). Round 1 left these red (the ambulatory words
# were wrong); WANT_NONE and WANT_WITHDRAWN, read by R13's tests, are kept.
_HOME = (
    "ask the patient to stay on site and repeat the screen and the scores when it clears; "
    f"{NOT_CLEARED_CIWA}; the patient must not drive today"
)
SCREEN_IF_TRANSFERRED = SCREEN.replace(
    "if intoxicated: no dose here (the patient must not drive today)",
    f"if intoxicated: no dose now (if transferred, {TOLD}; if not: {_HOME}; {INSISTS})",
)
OVERDOSE_SCREEN_RESCREEN = OVERDOSE_SCREEN.replace(
    "intoxicated: the patient must not drive today)",
    f"intoxicated: if transferred, {TOLD}; if not: {_HOME}; {INSISTS_ON_RESCREEN})",
)
WANT_NONE_IF_TRANSFERRED = WANT_NONE.replace(SCREEN, SCREEN_IF_TRANSFERRED, 1)
WANT_WITHDRAWN_RESCREEN = WANT_WITHDRAWN.replace(OVERDOSE_SCREEN, OVERDOSE_SCREEN_RESCREEN, 1)
CASES = {
    "case 136: old 13, today COWS 48": (lambda: _case(CIWA_MOD13, COWS_48), WANT_NONE_IF_TRANSFERRED),
    "old 13, today COWS 48, withdrawn C-SSRS high": (
        lambda: _case(CIWA_MOD13, COWS_48, "withdrawn"),
        WANT_WITHDRAWN_RESCREEN,
    ),
    "case 59: withdrawn, old 13, COWS 48, {5: 4}": (
        lambda: _case(CIWA_MOD13, COWS_48, "withdrawn", {5: 4}),
        WANT_WITHDRAWN_RESCREEN,
    ),
    "old 13, today COWS 48, C-SSRS high today": (lambda: _case(CIWA_MOD13, COWS_48, "high"), WANT_HIGH_WAIT),
}
HIGH = "old 13, today COWS 48, C-SSRS high today"


def _first_step(headline: str) -> str:
    """The headline's first step: its sentences up to the withdrawal-risk assessment's ("Also before deciding ...")."""
    assert " Also before deciding the setting" in headline
    return headline.split(" Also before deciding the setting", 1)[0]


@pytest.mark.parametrize("name", CASES)
def test_n1_first_step_in_the_reviewers_words(name: str) -> None:
    build, want = CASES[name]
    assert build().headline.startswith(want)


@pytest.mark.parametrize("name", CASES)
def test_n1_reviewers_test_screen_before_transfer_and_first_dose(name: str) -> None:
    """r19.md N1's test: the screen before the transfer and before the first dose before transfer, thiamine said, no
    "otherwise before any dose", the capacity clause except beside a C-SSRS high of today."""
    first = _first_step(CASES[name][0]().headline)
    assert first.index("screen for") < first.index("arrange transfer now")
    assert first.index("screen for") < first.index("a prescriber gives a first dose before transfer")
    assert f"{SIGNS}, give thiamine and check blood glucose; if " in first  # R42 item 2: whatever the re-score
    assert "otherwise before any dose" not in first.lower()
    assert ("capacity to decline" in first) is (name != HIGH)


@pytest.mark.parametrize("name", CASES)
def test_n1_one_screen_before_any_dose(name: str) -> None:
    """R16-M2: one screen before any dose, said once, before the branch (no second screen in the dose otherwise)."""
    first = _first_step(CASES[name][0]().headline)
    assert first.count("screen for intoxication") == 1
    assert first.count("Before any dose: ") == 1


@pytest.mark.parametrize("name", [n for n in CASES if n != HIGH])
def test_n1_dose_otherwise_keeps_its_driving_and_benzodiazepine_words(name: str) -> None:
    """The reviewer's "[the rest as now]": the dose otherwise (the patient treated and sent home) keeps the no-driving
    advice after a first dose (R13 should-fix S5: buprenorphine and methadone labels), the branch's own words not
    standing in; no benzodiazepine note where the branch gives none (physician review R25b, driving)."""
    # R62 M1: the otherwise says its own guard (was: " Otherwise ")
    otherwise = _first_step(CASES[name][0]().headline).split(" Otherwise, if not intoxicated, ", 1)[1]
    if name == "case 59: withdrawn, old 13, COWS 48, {5: 4}":
        # R54 1 (physician review R54, ruling 1): this branch names no benzodiazepine dose (as case 657), so the base
        # words stand: R22 S1's driving clause after a first dose, R25b's no benzodiazepine monitoring
        assert "after a first dose of buprenorphine or methadone the patient must not drive today" in otherwise
        assert "if a benzodiazepine is given" not in otherwise  # R54 1
        assert "benzodiazepine dose" not in otherwise  # R54 1
        return
    # R52 2 (physician review R52, ruling 2): after the COWS re-score, the sedation watch on site and every dose's
    # driving clause (was R22 S1's "after a first dose of buprenorphine or methadone the patient must not drive
    # today", and R25b's no benzodiazepine monitoring in this branch)
    assert (
        "re-score the COWS after dosing; if a benzodiazepine is given with buprenorphine or methadone: monitor "
        "sedation and breathing while the patient is on site; if any dose is given (a benzodiazepine, buprenorphine or "
        "methadone): the patient must not drive today; "
    ) in otherwise
    assert "after a first dose of buprenorphine or methadone" not in otherwise  # R52 2
    assert otherwise.count("if a benzodiazepine is given") == 1  # R52 2 (was: not in otherwise)
    assert "and the patient must not drive" not in otherwise
    assert "emergency evaluation only for a complicating condition (listed on the COWS flag)" in otherwise


def test_n1_high_dose_otherwise_as_now() -> None:
    """Beside a C-SSRS high today: the dose otherwise as before N1 (R13 M3's one setting, monitoring until the
    evaluation or handover); no capacity clause, "must not drive" said once by the lead."""
    first = _first_step(CASES[HIGH][0]().headline)
    otherwise = first.split(" Otherwise, if not intoxicated, ", 1)[1]  # R62 M1 (was: " Otherwise ")
    assert (
        "a complicating condition listed on the COWS flag: emergency evaluation for suicide risk and emergency medical "
        # R22 M2: the C-SSRS high told after the conditional transfer, if transferred
        f"evaluation in one setting that can manage both: arrange transfer now (ED) {M2_TOLD_TODAY}; if a "
        "benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until the evaluation "
        # R39 C9: the plan as the evaluation decides is Level 1: the reviewer's going-home sentence after the monitoring
        # (R46 Q5: after the old CIWA-Ar's re-score after a dose, which its CIWA-Ar condition needs)
        "or handover; re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; "
        f"{C9_HOME} (" in otherwise
    )
    assert without_holds(first).count("the patient must not drive") == 1  # R30b M4: the holds' own left out


@pytest.mark.parametrize("name", [n for n in CASES if "withdrawn" in n])
def test_n1_withdrawn_tail_as_now(name: str) -> None:
    assert WITHDRAWN_TAIL in CASES[name][0]().headline


# --- the boxes: unchanged by N1 (R18-M3's words, as /work/reviews/r19.md "Landed and right" reads them) -------------
# R62 S3: the interval history after the re-score (was: "... (last 13 on 20 Nov 2026). Before any dose: ")
R18_M3_BOX = (
    "Re-score the CIWA-Ar first (last 13 on 20 Nov 2026); ask what happened since (a seizure, confusion, a hospital "
    "visit, the last drink). Before any dose: "
)


@pytest.mark.parametrize("name", CASES)
def test_n1_boxes_still_say_r18_m3(name: str) -> None:
    r = CASES[name][0]()
    box = _cows_box(r)
    assert box.startswith(R18_M3_BOX)
    assert THIAMINE in box
    assert ("capacity to decline" in box) is (name != HIGH)
    (joined,) = [f.action for f in r.flags if f.code == "rated_below_suggestion_d1"]
    assert joined.startswith(R18_M3_BOX)
    # the induction threshold's note waits for the first step's screen (R10 should-fix 2d (d), its words)
    (note,) = [f.action for f in r.flags if f.code == "buprenorphine_induction_threshold"]
    # R42 item 5 (R31 S6), R46 Q6's words for case 88: the re-score done and what the screen must find (was "the
    # first dose may be given once the first step's screen before any dose allows it"); the overdose question beside
    # a C-SSRS high, withdrawn or not, as the COWS box asks it
    finds = (
        "no intoxication"
        if name == "case 136: old 13, today COWS 48"
        else "no overdose or ingestion and no intoxication"
    )
    assert (
        "the first dose may be given once the first step's CIWA-Ar re-score is done and its screen before any dose "
        f"finds {finds};"
    ) in note, note
