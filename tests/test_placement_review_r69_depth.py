"""Physician review R69: the depth mend of R67's design finding, and R67 must-fix 1 (with its should-fix on case 249).

Part 1 (design finding, ruled "mend at depth"; R67 must-fix 2's typed words). The buprenorphine_induction_threshold box
gives the first dose "once the first step's screen before any dose finds no overdose or ingestion and no intoxication".
It missed delirium where the headline's first step screens for delirium and holds any dose on it ("... and screen for
delirium (CAM or 4AT) ...; if delirium: no dose here; ..."): the box's words were chosen while the boxes were built,
reading the headline as built, before later passes of the headline's chain add that screen; two string patches after
the fact (R65 SF3, R67 F1) covered some cases. Ruling: count delirium wherever the first step's screen, as the headline
finally says it, holds any dose in delirium, and delete the patches that become redundant. Case 88: "...the first dose
may be given once the first step's CIWA-Ar re-score is done and its screen before any dose finds no delirium, no
overdose or ingestion and no intoxication; ..." (was "...finds no overdose or ingestion and no intoxication"); case
563: "...once the first step's screen before any dose finds no delirium, no overdose or ingestion and no intoxication"
(was the same without "no delirium"). Every other threshold box whose first step holds the dose in delirium names "no
delirium" too; boxes that already named it keep their words.

Part 2 (R67 must-fix 1, and its should-fix on case 249). Case 88's rated_below_suggestion_d1 box re-scored the old
CIWA-Ar twice: the COWS part's "Re-score the CIWA-Ar first (last 14 on 20 Nov 2026) and screen for delirium (CAM or
4AT); ..." and, after "...precipitated withdrawal that does not settle, delirium);", the alcohol part's second copy
"re-score the CIWA-Ar now (last 14 on 20 Nov 2026) and screen for delirium (CAM or 4AT); ... otherwise, if not
intoxicated: treat on the current score;". Ruling: the second copy of the re-score step is dropped altogether (the first
re-score, its screen, hold and transfer branch stand once); the words after it ("if a benzodiazepine is given ...", "the
patient must not drive today", "record the reason for the lower rating ...") stay. The same for case 249 ("re-score
the CIWA-Ar now (last 13 on 20 Nov 2026); ... treat on the current score;"). As a rule: a joined box that already
re-scores the old CIWA-Ar in its first part does not repeat the re-score step.

Sources: CAM, Inouye et al. 1990; 4AT, Bellelli et al. 2014; CIWA-Ar, Sullivan et al. 1989; COWS, Wesson & Ling 2003.
Cases: ``tests.random_placements.cases(800)[N]``; every expected text typed by hand from the ruling and the dump, never
computed by iopkit.
"""

from __future__ import annotations

import re

import pytest

import iopkit.placement.decision as decision

from .random_placements import all_built, cases, only_box, texts

THRESHOLD = "buprenorphine_induction_threshold"
D1 = "rated_below_suggestion_d1"
NOTE_END = (
    "Fentanyl-era protocols differ (low-dose or micro-induction needs no withdrawal; high-dose induction starts "
    "higher): follow the local protocol"
)

# --- part 1: the threshold box names delirium where the first step holds any dose on it ----------------------------

#: Case 88, the ruling's words (R67 must-fix 2).
CASE_88_THRESHOLD = (
    "If starting buprenorphine by standard induction, the first dose may be given once the first step's CIWA-Ar "
    "re-score is done and its screen before any dose finds no delirium, no overdose or ingestion and no intoxication; "
    # R69 Q2 handover (was: without "if transferred: at handover tell ..."): the box waits for "no delirium" now,
    # so it hands the screen over (R69 hand's rule)
    "re-score the COWS after dosing; if transferred: at handover tell the receiving team the last CIWA-Ar and COWS "
    # R69 C-fix (R20c S6): the headline's suicide screen told and asked for in its words (was: "... with its time; ")
    "scores, the delirium screen and any dose with its time, that today's C-SSRS screen was moderate risk, and ask "
    "them for a suicide risk assessment with safety planning, without delaying the transfer; if a benzodiazepine is "
    "given with buprenorphine or "
    "methadone: monitor sedation and breathing until handover or while the patient is on site; if any dose is given "
    "(a benzodiazepine, "
    f"buprenorphine or methadone): the patient must not drive today. {NOTE_END}"
)
#: Case 563, the ruling's words (R67 must-fix 2).
CASE_563_THRESHOLD = (
    "If starting buprenorphine by standard induction, the first dose may be given once the first step's screen before "
    "any dose finds no delirium, no overdose or ingestion and no intoxication; re-score the COWS after dosing; "
    # R69 Q2 handover (was: without "if transferred: at handover tell ..."): as case 88's
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and "
    # R69 C-fix (R20c S6): as case 88's (was: "... with its time; if a ")
    "any dose with its time, that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment once "
    "the patient is able to answer; if a "
    "benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient is on "
    f"site (if transferred: until handover); if a dose is given: the patient must not drive today. {NOTE_END}"
)


@pytest.mark.parametrize(("number", "want"), [(88, CASE_88_THRESHOLD), (563, CASE_563_THRESHOLD)], ids=["88", "563"])
def test_threshold_box_names_delirium_where_the_first_step_holds_on_it(number: int, want: str) -> None:
    assert only_box(number, THRESHOLD) == want


#: Boxes that named delirium before R69 keep their words: R65 SF3's (cases 74, 160, was a patch in
#: ed_evaluates_both_if_confused_in_boxes), R67 F1's (cases 39, 432, was a patch in
#: old_severe_delirium_screened_in_boxes), R47 S1's (case 58) and a first step screening for delirium (case 34).
KEPT = [
    (74, "once the first step's screen before any dose finds no delirium and no intoxication; re-score the COWS "),
    (
        160,
        "once the first step's screen before any dose finds no delirium, no overdose or ingestion and no intoxication",
    ),
    (
        39,
        "once the first step's delirium screen finds no delirium and its screen before any dose finds no "
        "intoxication; ",
    ),
    (
        432,
        "once the first step's delirium screen finds no delirium and its screen before any dose finds no overdose or "
        "ingestion and no intoxication; ",
    ),
    (
        58,
        "once the first step's delirium screen finds no delirium and its screen before any dose finds no overdose or "
        "ingestion and no intoxication; ",
    ),
    (
        34,
        "once the first step's screen before any dose finds no delirium, no overdose or ingestion and no "
        "intoxication, ",
    ),
]


@pytest.mark.parametrize(("number", "said"), KEPT, ids=[str(n) for n, _ in KEPT])
def test_boxes_that_named_delirium_keep_their_words(number: int, said: str) -> None:
    box = only_box(number, THRESHOLD)
    assert f"the first dose may be given {said}" in box, box


@pytest.mark.parametrize("number", [88, 563, 74, 160, 39, 432])
def test_the_words_are_said_where_the_box_is_built(number: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The depth: threshold_screen_found itself, inside the boxes' build, says "no delirium" (no pass after it adds
    it): its output is caught as the build makes it."""
    caught: list[str] = []
    made = decision.threshold_screen_found

    def catching(rec):  # type: ignore[no-untyped-def]
        out = made(rec)
        caught.extend(f.action for f in out.flags if f.code == THRESHOLD)
        return out

    monkeypatch.setattr(decision, "threshold_screen_found", catching)
    cases(800)[number].build()
    assert caught, "the threshold box was not built"
    assert all("finds no delirium" in a for a in caught), caught


#: A headline's hold of any dose naming delirium ("if delirium: no dose here", "if delirium or intoxication: no dose
#: here", "if delirium, an overdose or ingestion, or intoxication: no dose here").
HOLDS_IN_DELIRIUM = re.compile(r"\bif delirium\b[^;:]*: no dose\b")
#: The threshold box's first dose once a screen or review "finds" (R42 item 5's words and R47's).
FINDS = re.compile(r"\bthe first dose may be given once the [^;]*? finds ")
#: The 35 cases whose headline holds any dose in delirium and whose threshold box says what the screen finds (the dump
#: of the 800 after R69; 88 and 563 named no delirium before it).
HELD_CASES = [
    17, 34, 39, 58, 69, 72, 74, 88, 144, 160, 189, 224, 264, 266, 281, 304, 326, 335, 364, 386, 413, 420, 422, 432,
    491, 552, 563, 572, 606, 633, 689, 698, 715, 743, 770,
]  # fmt: skip


def test_sweep_every_threshold_box_beside_a_delirium_hold_names_delirium() -> None:
    """All 800: 154 threshold boxes say what the screen finds; 35 of them beside a headline holding any dose in
    delirium, each naming "no delirium" (its screen's, or the first step's delirium screen's); none of the 35 says
    the old "finds no overdose or ingestion and no intoxication" or "finds no intoxication" alone."""
    said, held, wrong = [], [], []
    for number in all_built():
        for code, text in texts(number):
            if code != THRESHOLD or not FINDS.search(text):
                continue
            said.append(number)
            if HOLDS_IN_DELIRIUM.search(only_box(number, "headline")):
                held.append(number)
                if "finds no delirium" not in text:
                    wrong.append(f"{number}: {text}")
    assert not wrong, "\n".join(wrong)
    assert len(said) == 154
    assert held == HELD_CASES


# --- part 2: dimension 1's joined box re-scores the old CIWA-Ar once ------------------------------------------------

#: The end of cases 88's and 249's dimension-1 box, the ruling's: the second re-score step dropped after
#: "...delirium);", the words after it kept.
D1_END = (
    "precipitated withdrawal that does not settle, delirium); if a benzodiazepine is given with buprenorphine or "
    "methadone: monitor sedation and breathing while the patient is on site (if transferred: until handover); if any "
    "dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today; record the reason "
    "for the lower rating with the placement decision"
)
#: Its first part, kept: the first re-score, its screen, hold and transfer branch.
D1_OPENING = {
    88: (
        "Re-score the CIWA-Ar first (last 14 on 20 Nov 2026) and screen for delirium (CAM or 4AT); ask what happened "
        "since (a seizure, confusion, a hospital visit, the last drink). Before any dose: ask about any overdose or "
        "ingestion today and screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), "
        "give thiamine and check blood glucose; if delirium: no dose here; call emergency services for the ED; staff "
        "with the patient until handover; if an overdose or ingestion, or intoxicated: no dose here ("
    ),
    249: (
        "Re-score the CIWA-Ar first (last 13 on 20 Nov 2026); ask what happened since (a seizure, confusion, a "
        "hospital visit, the last drink). Before any dose: screen for intoxication (breath alcohol above zero, or "
        "signs of sedative intoxication), give thiamine and check blood glucose; if intoxicated: no dose now ("
    ),
}
#: A re-score step of the CIWA-Ar ("Re-score the CIWA-Ar first (", "re-score the CIWA-Ar now (", "re-score the
#: CIWA-Ar now, before any dose (").
#: R69 D: cases 318 and 560's COWS-band boxes open "Re-score the CIWA-Ar and screen for delirium (CAM or 4AT) first"
#: (was: "Re-score the CIWA-Ar first"), one step still.
RESCORE_STEP = re.compile(r"[Rr]e-score the CIWA-Ar (?:and screen for delirium \(CAM or 4AT\) )?(?:first|now)\b")
#: Each box's length before R69 (the dump /work/dumps/f1.txt) and after: the second step's words gone.
# R73 item 1 (was: {88: (5125, 3265), 249: (3757, 2441)}): the one capacity bracket in each box 284 characters longer
# R76 ruling 2 (was: {88: (5125, 3549), 249: (3757, 2725)}): each box's "arrange transfer now (ED, or 3.7-WM/4-WM)"
# now "arrange transfer now (a seizure, hallucinations, disorientation or a total of 15 or more: by emergency services,
# to the ED or 4-WM; otherwise: ED, or 3.7-WM/4-WM)", 121 characters longer
D1_LENGTH = {88: (5125, 3670), 249: (3757, 2846)}


@pytest.mark.parametrize("number", [88, 249])
def test_d1_box_re_scores_the_old_ciwa_ar_once(number: int) -> None:
    box = only_box(number, D1)
    assert box.startswith(D1_OPENING[number]), box
    assert box.endswith(D1_END), box
    assert len(RESCORE_STEP.findall(box)) == 1, box
    assert "treat on the current score" not in box
    assert len(box) == D1_LENGTH[number][1]


def test_case_88_d1_box_screens_and_holds_in_delirium_once() -> None:
    box = only_box(88, D1)
    assert box.count("screen for delirium (CAM or 4AT)") == 1
    assert box.count("if delirium: no dose here") == 1
    assert box.count("At a CIWA-Ar re-score of 8 or more") == 1
    assert "at a CIWA-Ar re-score of 8 or more" not in box


def test_sweep_no_text_re_scores_the_ciwa_ar_twice() -> None:
    """All 800: no text (headline or box) says a CIWA-Ar re-score step twice (before R69: cases 88's and 249's
    dimension-1 boxes); 280 texts of 88 cases say one."""
    once, twice = [], []
    for number in all_built():
        for code, text in texts(number):
            n = len(RESCORE_STEP.findall(text))
            if n == 1:
                once.append((number, code))
            elif n > 1:
                twice.append((number, code))
    assert twice == []
    assert len(once) == 280
    assert len({n for n, _ in once}) == 88
