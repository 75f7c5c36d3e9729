"""The boxes' handover clauses, said once and whole (physician review R23a, findings 2-4; R26b, should-fix S9; R27 S2).

A box (each flag's next step, or a rating-below box that joins several) says one handover clause, as the headline says
one a step (R23a finding 4: "one handover clause a step: the withdrawal scores and any dose with its time, then the
suicide screens, then the requests"; R26b S9: the same for every box). A delirium branch keeps its own (R26b M1 (b):
one handover a branch; R27 S2: it tells "the delirium screen, the last CIWA-Ar score and any thiamine or glucose given
with its time"), said where it stands in the box, whole.

Cases: ``tests.random_placements.cases(800)[N]``; every expected text typed by hand from the rulings and the words the
other boxes say, never computed by iopkit.
"""

from __future__ import annotations

import re

import pytest

from tests.random_placements import built, cases

#: The delirium branch of a box, and its own handover (R27 S2, the headline's words).
DELIRIUM_BRANCH = "if delirium: emergency evaluation: arrange transfer now"
DELIRIUM_TOLD = "the delirium screen, the last CIWA-Ar score and any thiamine or glucose given with its time"


def _box(number: int, code: str) -> str:
    return next(f.action for f in built(cases(800)[number]).flags if f.code == code)


# --- the delirium branch said whole, where it stands ----------------------------------------------------------------
#: Case 34 (an old COWS of 19, today's CIWA-Ar of 13 with item 10 at 1, PHQ-9 item 9 positive today): dimension 1's
#: rating-below box joins the COWS step, whose handover is told first, and the medical review with its delirium branch;
#: the branch read "is compliif delirium: ... with its timecated withdrawal; ;" (put back at its index from before the
#: COWS part's handover grew).
CASE_34 = (
    "re-score the CIWA-Ar within 1 hour; disorientation (item 10 at 2 or more) is complicated withdrawal; if delirium: "
    # physician review R30b S6: the branch's handover said in the box's one clause (was: "...until handover; at
    # handover tell the receiving team the delirium screen, the last CIWA-Ar score and any thiamine or glucose
    # given with its time; if the patient declines ...")
    # R76b A (was: "if delirium: emergency evaluation: arrange transfer now (ED, or 4-WM); staff with the ...")
    "emergency evaluation: arrange transfer now by emergency services (ED, or 4-WM); staff with the patient until "
    "handover; if the patient declines transfer: the prescriber assesses"
)


def test_case_34_the_delirium_branch_said_whole_in_its_place() -> None:
    box = _box(34, "rated_below_suggestion_d1")
    assert CASE_34 in box, box
    assert "; ;" not in box, box


@pytest.mark.parametrize("chunk", range(4))
def test_every_delirium_branch_opens_a_clause_and_its_handover_ends_one(chunk: int) -> None:
    """Sweep: in every box of the 800 cases, a delirium branch starts a clause (the box's start, or after "; "), its
    handover ends at a clause's end (";", ",", ")" or the box's end), and no clause is empty."""
    opens = re.compile(rf"(?:^|; ){re.escape(DELIRIUM_BRANCH)}", re.IGNORECASE)
    ends = re.compile(rf"{re.escape(DELIRIUM_TOLD)}(?:[;,)]|$)")
    wrong = [
        f"{case} [{f.code}]: {f.action}"
        for case in cases(800)[chunk::4]
        for f in built(case).flags
        if f.action
        and (
            "; ;" in f.action
            or len(opens.findall(f.action)) != f.action.lower().count(DELIRIUM_BRANCH)
            or len(ends.findall(f.action)) != f.action.count(DELIRIUM_TOLD)
        )
    ]
    assert not wrong, "\n\n".join(wrong)


def test_the_delirium_sweep_reaches_joined_boxes() -> None:
    """The sweep reads rating-below boxes whose delirium branch follows another part (case 34 among them)."""
    reached = {
        case.number
        for case in cases(800)
        for f in built(case).flags
        if f.code == "rated_below_suggestion_d1" and f.action and f.action.find(DELIRIUM_BRANCH) > 0
    }
    assert len(reached) >= 10 and 34 in reached, sorted(reached)


# --- dimension 3's rating-below box: the suicide screens in one handover clause ---------------------------------------
#: Any box's handover clause (the sweep counts them outside a delirium branch, which keeps its own: R26b M1 (b)).
HANDOVER = re.compile(r"[Aa]t handover (?:tell|give) the receiving team")
#: A delirium branch to its own handover's clause end (tests/test_placement_boxes_review_r26b_s9.py's, R27 S2).
DELIRIUM_PART = re.compile(
    re.escape(DELIRIUM_BRANCH) + r".*?" + re.escape(DELIRIUM_TOLD) + r"(?:[^;()]|\([^()]*\))*(?:; do not delay the "
    r"transfer for it\))?"
)
#: Case 99 (dimension 2 rated 4, today's C-SSRS moderate risk, an old positive PHQ-9 item 9): the box joined the PHQ-9
#: item 9's handover and the C-SSRS moderate risk's, two clauses. One clause, as the headline's (R23a finding 4): the
#: C-SSRS first, then the PHQ-9, a comma before the request; the C-SSRS moderate risk's evaluation and safety planning
#: kept, its "it" the suicide risk assessment the PHQ-9 asked for (R25b: asked once).
CASE_99 = (
    "Behavioural-health evaluation and safety planning: at handover tell the receiving team that today's C-SSRS screen "
    # physician review R30b S9 (b): what is asked named (was: "ask them for it")
    # R40 S1: the old PHQ-9 item 9 "(never assessed)", as the headline tells it (was: "... was positive, and ask")
    # R51: "once the patient is able to answer", as the headline asks it
    "was moderate risk and that the PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed), and ask them for a "
    "suicide risk assessment with safety planning once the patient is able to answer (do not delay the transfer for "
    "it); record the reason for the lower rating with the placement decision"
)
#: Case 444 (dimension 2 rated 4, an old C-SSRS moderate risk, today's positive PHQ-9 item 9, COWS 19 today): the same,
#: the C-SSRS part first in the box.
CASE_444 = (
    "Behavioural-health evaluation and safety planning: at handover tell the receiving team that the C-SSRS screen of "
    # physician review R30b S9 (b): what is asked named (was: "ask them for it")
    # R51: "once the patient is able to answer", as the headline asks it
    "20 Nov 2026 was moderate risk and that today's PHQ-9 item 9 was positive, and ask them for a suicide risk "
    "assessment with safety planning once the patient is able to answer (do not delay the transfer for it); record "
    "the reason for the lower rating with the placement decision"
)
#: Case 494 (routine ratings, today's complicated CIWA-Ar of 15, both screens today).
CASE_494 = (
    "Behavioural-health evaluation and safety planning: at handover tell the receiving team that today's C-SSRS screen "
    # physician review R30b S9 (b): what is asked named (was: "ask them for it")
    # R51: "once the patient is able to answer", as the headline asks it
    "was moderate risk and that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment with "
    "safety planning once the patient is able to answer (do not delay the transfer for it); record the reason for the "
    "lower rating with the placement decision"
)


@pytest.mark.parametrize(("number", "words"), [(99, CASE_99), (444, CASE_444), (494, CASE_494)])
def test_dimension_3_box_one_handover_clause_the_named_cases(number: int, words: str) -> None:
    assert _box(number, "rated_below_suggestion_d3") == words


@pytest.mark.parametrize("chunk", range(4))
def test_every_box_says_one_handover_clause(chunk: int) -> None:
    """Sweep: no box of the 800 cases says two handover clauses, a delirium branch's own aside (R26b S9 over every box,
    not only those that dose)."""
    wrong = [
        f"{case} [{f.code}]: {f.action}"
        for case in cases(800)[chunk::4]
        for f in built(case).flags
        if f.action and len(HANDOVER.findall(DELIRIUM_PART.sub("", f.action))) > 1
    ]
    assert not wrong, "\n\n".join(wrong)


#: A suicide screen a box tells at handover: "that today's C-SSRS screen was moderate risk", "that the PHQ-9 item 9 of
#: 20 Nov 2026 was positive".
# physician review R30b S6: one screen a match, never across " and that " (a C-SSRS low risk's "found a wish
# ...", told beside them as the headline tells it, is not one of these)
SCREEN_TOLD = re.compile(
    r"that ((?:today's |the )(?:C-SSRS screen|PHQ-9 item 9)(?:(?! and that )[^,;()])*? was (?:moderate risk|"
    r"positive))"
)
#: A finding's own box that tells its screen at handover beside a certain transfer (the box opens with it, or its lead
#: does: "Behavioural-health evaluation and safety planning: at handover tell ...").
OWN_HANDOVER = re.compile(r"^(?:[^:;()]*: )?[Aa]t handover tell the receiving team (that [^;]*?),? and ask them for ")


@pytest.mark.parametrize("chunk", range(4))
def test_dimension_3_box_keeps_what_each_finding_asks_for(chunk: int) -> None:
    """Sweep: dimension 3's rating-below box tells every screen its findings' own boxes tell at handover, the C-SSRS
    first, and where it joins a C-SSRS moderate risk's evaluation and safety planning keeps them."""
    wrong = []
    for case in cases(800)[chunk::4]:
        boxes = {f.code: f.action or "" for f in built(case).flags}
        box = boxes.get("rated_below_suggestion_d3", "")
        own = [
            screen
            for code in ("suicide_risk_moderate", "suicidal_ideation")
            if (m := OWN_HANDOVER.match(boxes.get(code, "")))
            for screen in SCREEN_TOLD.findall(m[1])
        ]
        if not box or not own:
            continue
        told = SCREEN_TOLD.findall(box)
        cssrs_first = "C-SSRS" in told[0] if told and any("C-SSRS" in t for t in told) else True
        if sorted(told) != sorted(own) or not cssrs_first:
            wrong.append(f"{case}: {box}")
        if "safety planning" in boxes.get("suicide_risk_moderate", "") and "safety planning" not in box:
            wrong.append(f"{case} (safety planning): {box}")
    assert not wrong, "\n\n".join(wrong)


def test_the_dimension_3_sweep_reaches_the_named_cases() -> None:
    reached = {
        case.number
        for case in cases(800)
        for f in built(case).flags
        if f.code == "rated_below_suggestion_d3" and len(SCREEN_TOLD.findall(f.action or "")) == 2
    }
    assert {99, 389, 444, 477, 494, 648, 736} <= reached, sorted(reached)


# --- a positive delirium screen "to the ED by emergency services": the box tells the receiving team ----------------
#: A box that sends a positive delirium screen before any dose to the ED (R6 must-fix 3's words; beside a C-SSRS high
#: or moderate risk with an overdose or ingestion, R16 S5's).
# (R30b M4: the bracket says the intoxicated patient must not drive today too)
DELIRIUM_TO_ED = re.compile(
    # physician review R32 (a) (its four settings), R33 S1, R34 S1/S2: the intoxicated patient's next step by the
    # hold's setting, the driving rule in it (was: "intoxication: the patient must not drive today)")
    # R38 item 6: the same-day assessment first says "(if too intoxicated to take part in it: ...)" inside the
    # bracket (one nested bracket allowed after the driving rule)
    r"\(delirium: to the ED by emergency services; intoxication: [^()]*the patient must not drive today"
    r"(?:[^()]|\([^()]*\))*\)"
    # physician review R32 (b): the one bracket of delirium and an overdose or ingestion (was: "(delirium or an
    # overdose or ingestion: to the ED by emergency services; ...")
    r"|\(delirium, or an overdose or ingestion: call emergency services for the ED, [^()]*; the patient must not "
    r"drive today(?:[^()]|\([^()]*\))*\)"
)
#: Case 564 (an old complicated CIWA-Ar of 15 and an old COWS of 48, today's C-SSRS low risk and positive PHQ-9 item
#: 9): the COWS boxes sent delirium to the ED and told the receiving team nothing. Their handover, if transferred,
#: after the dose's re-score, in the words the headline's step and the complicated-withdrawal box of the same case say
#: after the old CIWA-Ar's re-score and delirium screen (R26b M1 (b)-(d)).
CASE_564 = (
    "re-score the COWS after dosing; if transferred: at handover tell the receiving team the CIWA-Ar re-score, the "
    # R70 S (was: "...any dose with its time; a complicating condition (vomiting")
    "delirium screen, the last COWS score and any dose with its time, that today's C-SSRS screen found a wish to be "
    "dead or non-specific suicidal thoughts and that today's PHQ-9 item 9 was positive, and ask them for a suicide "
    "risk assessment once the patient is able to answer; a complicating condition (vomiting"
)
#: R31 M3 follow-up: the COWS box beside the old complicated CIWA-Ar and the old COWS says the two-withdrawals step
#: after its treatment, as 377's boxes do; its one handover follows that step, which arranges the transfer (same words).
CASE_564_TWO_WITHDRAWALS = (
    "treat on the current score; at a CIWA-Ar re-score of 8 or more with a COWS re-score of 13 or more (two "
    "withdrawals): arrange medically managed withdrawal or a higher level of care; if transferred: at handover tell "
    "the receiving team the CIWA-Ar re-score, the delirium screen, the last COWS score and any dose with its time"
    # R70 S (was: "...any dose with its time; if a benzodiazepine is given ...")
    ", that today's C-SSRS screen found a wish to be dead or non-specific suicidal thoughts and that today's PHQ-9 "
    "item 9 was positive, and ask them for a suicide risk assessment once the patient is able to answer; "
    # physician review R31 M5: a box that may give a dose says its driving advice (before: none), after its steps and
    # before R31 M2's emergency branch, which keeps its own "the patient must not drive"
    # R46 Q2: the sedation watch before it, the headline's tail
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient "
    "is on site (if transferred: until handover); "
    "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today; "
    "at a COWS re-score of 37 or more"
)


@pytest.mark.parametrize(
    ("code", "said"),
    [("severe_opioid_withdrawal", CASE_564_TWO_WITHDRAWALS), ("buprenorphine_induction_threshold", CASE_564)],
)
def test_case_564_the_cows_boxes_tell_the_receiving_team(code: str, said: str) -> None:
    box = _box(564, code)
    assert said in box, box
    assert len(HANDOVER.findall(box)) == 1, box


@pytest.mark.parametrize("chunk", range(4))
def test_every_box_that_sends_delirium_to_the_ed_says_a_handover(chunk: int) -> None:
    """Sweep: no box of the 800 cases sends a positive delirium screen to the ED without a handover clause."""
    wrong = [
        f"{case} [{f.code}]: {f.action}"
        for case in cases(800)[chunk::4]
        for f in built(case).flags
        if f.action and DELIRIUM_TO_ED.search(f.action) and not HANDOVER.search(f.action)
        # R51 (b11 question 1): 167's and 286's COWS and buprenorphine boxes tell their handover too (R49 Q5b's
        # exemption removed)
    ]
    assert not wrong, "\n\n".join(wrong)


def test_the_delirium_to_the_ed_sweep_reaches_the_boxes() -> None:
    reached = [
        (case.number, f.code)
        for case in cases(800)
        for f in built(case).flags
        if f.action and DELIRIUM_TO_ED.search(f.action)
    ]
    assert len(reached) >= 190 and (564, "severe_opioid_withdrawal") in reached, len(reached)
