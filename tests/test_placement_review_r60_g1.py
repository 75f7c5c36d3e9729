"""Physician review R60 (/work/reviews/r60.md), Q2 (a), Q3 (i) and Q4, builder g1: an old moderate CIWA-Ar's re-score
step, in the headline, in every box that carries it and on a page without a placement.

Q2 (a): the severe branch comes before the intoxication hold and applies whether or not the patient is intoxicated
(a positive breath alcohol does not rule out withdrawal): the delirium (and overdose) hold, then "on the re-score,
intoxicated or not: if 15 or more, ...: arrange transfer now ...; if intoxicated: no dose here, and at handover tell
the receiving team ...", then "otherwise, if intoxicated: no dose until it clears (<the hold's own words>)", then "if
below 15 and not intoxicated: a prescriber treats on today's score ...". Applies to R58 M1a's 21 cases.
Q3 (i): the older plain form ("...; otherwise treat on the current score") in a text that orders no transfer or
emergency evaluation and joins no COWS gets the same words (its hold replaces the old one). The transfer-ordered and
COWS-joined shapes (Q3 (ii), (iii)) are another builder's and stay as they were here.
Q4: where the last CIWA-Ar had item 10 at 1 (case key mod13_i1), "Re-score the CIWA-Ar now (last 14 on 20 Nov 2026)
and screen for delirium (CAM or 4AT)".

Words typed from the ruling (never read from iopkit); cases are the seeded random cases of tests/random_placements.py.
"""

from __future__ import annotations

import re

import pytest

from .random_placements import all_built, cases, numbered, only_box, texts
from .test_placement_review_r32_a_settings import _page

#: The ruling's "ask what happened since", after the re-score (Q2 (a)).
SINCE = "ask what happened since (a seizure, confusion, a hospital visit, the last drink); "
#: Q4's words, after "(last 14 on 20 Nov 2026)".
Q4 = " and screen for delirium (CAM or 4AT)"
#: The screen before any dose, without the overdose question (no suicide screen standing).
SCREEN = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; "
)
#: The same screen with the overdose question (a C-SSRS high or moderate risk or a positive PHQ-9 item 9 standing).
SCREEN_ASKED = (
    "before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication), give thiamine and check blood glucose; "
)
#: Q2 (a)'s delirium hold (no overdose question asked) and its overdose form.
DELIRIUM_HOLD = "if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; "
DELIRIUM_OVERDOSE_HOLD = (
    "if delirium, or an overdose or ingestion: no dose here; call emergency services for the ED; staff with the "
    "patient until handover (naloxone if signs of opioid overdose); "
)
#: Q2 (a)'s severe branch, intoxicated or not, up to the intoxication-only hold's bracket.
SEVERE = (
    "on the re-score, intoxicated or not: if 15 or more, or a seizure since the last score, or hallucinations, or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)...")
    "disorientation (item 10 at 2 or more): arrange transfer now by emergency services to medically managed "
    "withdrawal (ED, or 4-WM); staff "
    "with the patient until handover; if the patient declines transfer: the prescriber assesses and records capacity "
    # R61 section 2: the bridging dose of the patient not intoxicated (was: "...services); if intoxicated: no dose")
    "to decline (without capacity: transfer by emergency services; with capacity: record the advice given and the "
    "risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell "
    "the patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    # R73 1a (was: "...worsening); if not intoxicated")
    "worsening); the patient must not drive; if not intoxicated: a first dose before transfer "
    # R62 M2: the bridging dose handed over (was: "if intoxicated: no dose here, and at handover tell the receiving
    # team the breath alcohol reading or the signs, with the time")
    # R63 SF1: the driving rule in the hold, not at the end of the handover list (was: "no dose here; at handover
    # ... with the time (the patient must not drive today); otherwise")
    "only if it does not delay the transfer; if intoxicated: no dose here (the patient must not drive today); at "
    "handover tell the receiving team the CIWA-Ar re-score and any dose with its time, and, if intoxicated, "
    "the breath alcohol reading or the signs, with the time; "
    "otherwise, if intoxicated: no dose until it clears ("
)
#: R62 M2: the same where the re-score screens for delirium (Q4), its handover with the delirium screen.
SEVERE_Q4 = SEVERE.replace(
    "the CIWA-Ar re-score and any dose", "the CIWA-Ar re-score, the delirium screen and any dose"
)
#: The capacity clause (the ruling's), and beside a C-SSRS high risk the emergency evaluation's refusal branch.
CAPACITY = (
    "if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening)"
)
LEAVES = (
    "if the patient declines transfer or tries to leave: staff stay with the patient and call emergency services for "
    "an emergency mental-health assessment (local involuntary-assessment procedure)"
)
#: The existing ambulatory hold's words, unchanged (no suicide screen standing).
BRACKET = (
    "ask the patient to stay on site and repeat the screen and the score when it clears; if it has not cleared by the "
    "end of the session, or withdrawal worsens: arrange a higher level of care; the patient must not drive today; if "
    "the patient insists: offer a lift or a taxi, and follow local policy"
)
#: The same beside a same-day suicide risk assessment due (R38 item 6 (a)'s words).
BRACKET_LEAVING = (
    "ask the patient to stay on site and repeat the screen and the score when it clears; if it has not cleared by the "
    "end of the session, or withdrawal worsens: arrange a higher level of care; the patient must not drive today; if "
    "the patient insists on leaving: the same-day suicide risk assessment first (if too intoxicated to take part in "
    "it: staff stay with the patient and arrange an emergency evaluation for suicide risk); offer a lift or a taxi, "
    "and follow local policy"
)
#: The treatment below 15, as built (R58 M1a), after "and not intoxicated".
TREAT = (
    "); if below 15 and not intoxicated: a prescriber treats on today's score (medication at 10 or more; consider at "
    "8-9)"
)
DRIVE = "; if a dose is given: the patient must not drive today"
#: Case 139 (mod13, no suicide screen): the step in full, from "(last".
STEP_139 = f"(last 13 on 20 Nov 2026); {SINCE}{SCREEN}{DELIRIUM_HOLD}{SEVERE}{BRACKET}{TREAT}"
#: Case 104 (mod13_i1): Q4's delirium screen with the re-score.
STEP_104 = f"(last 14 on 20 Nov 2026){Q4}; {SINCE}{SCREEN}{DELIRIUM_HOLD}{SEVERE_Q4}{BRACKET}{TREAT}"  # R62 M2
#: Case 101 (mod13_i1, PHQ-9 item 9 positive of 20 Nov: Q3 (i)): the overdose question and the assessment first.
STEP_101 = (
    # R62 M2: the delirium screen handed over (was: {SEVERE})
    f"(last 14 on 20 Nov 2026){Q4}; {SINCE}{SCREEN_ASKED}{DELIRIUM_OVERDOSE_HOLD}{SEVERE_Q4}{BRACKET_LEAVING}{TREAT}"
)

#: R58 M1a's 21 cases (Q2 (a)).
M1A_CASES = (3, 25, 45, 104, 107, 139, 156, 223, 230, 280, 348, 352, 357, 383, 385, 387, 506, 541, 623, 652, 709)
#: Q3 (i): the plain form in the headline and boxes (no transfer, no emergency evaluation, no COWS in the text).
PLAIN_CASES = (101, 131, 218, 220, 285, 298, 345, 418, 579, 590, 599, 615, 624, 666, 765, 784)
#: Cases whose headline orders a transfer or an emergency evaluation, or joins a COWS (Q3 (ii), (iii): another
#: builder's), though some of their boxes carry the plain step alone: the case is left whole, its boxes with it.
LEFT_CASES = (33, 88, 120, 135, 199, 247, 249, 273, 293, 312, 321, 370, 377, 406, 458, 525, 563, 580, 585, 608, 639)
LEFT_CASES += (657, 724, 766, 781)
#: The old CIWA-Ar re-score step with any screen before any dose (its start).
RESCORE = re.compile(r"[Rr]e-score the CIWA-Ar now \((?:last \d+ on|flag of) 20 Nov 2026\)")


def _case_key(number: int) -> str:
    return next(key for instrument, key, when in cases(800)[number].scores if instrument == "ciwa_ar")


def test_139_headline_and_boxes_typed() -> None:
    assert numbered(139).headline.startswith(f"First: re-score the CIWA-Ar now {STEP_139}{DRIVE}; re-score the CIWA-Ar")
    box = f"Re-score the CIWA-Ar now {STEP_139}{DRIVE}"
    assert only_box(139, "moderate_alcohol_withdrawal") == box
    assert only_box(139, "rated_below_suggestion_d1") == (
        f"{box}; record the reason for the lower rating with the placement decision"
    )


def test_104_q4_typed() -> None:
    assert numbered(104).headline.startswith(f"First: re-score the CIWA-Ar now {STEP_104}{DRIVE}; re-score the CIWA-Ar")
    box = f"Re-score the CIWA-Ar now {STEP_104}{DRIVE}"
    assert only_box(104, "possible_inattention") == box
    assert only_box(104, "moderate_alcohol_withdrawal") == box


def test_101_q3i_typed() -> None:
    assert numbered(101).headline.startswith(
        f"First: re-score the CIWA-Ar now {STEP_101}{DRIVE}; re-score the CIWA-Ar within 1 hour of a dose and at the "
        # R60 Q2(b) (builder g2's, merged): the step now ends in a conditional transfer, so the headline asks the
        # receiving team for the assessment (was: "a same-day suicide risk assessment; ")
        "end of the visit; then, before the patient leaves, a same-day suicide risk assessment (if transferred: ask "
        "the receiving team for it at handover); "
    )
    box = f"Re-score the CIWA-Ar now {STEP_101}{DRIVE}"
    assert only_box(101, "possible_inattention") == box
    assert only_box(101, "moderate_alcohol_withdrawal") == box


def test_199_is_left_whole() -> None:
    # a C-SSRS high today: the headline orders an emergency evaluation for suicide risk (Q3 (ii), another builder's):
    # not Q2 (a)'s order here, its boxes with it
    headline = numbered(199).headline
    # R60 Q3 (ii) with R61/h1's handover, built by g3/h1: the step ends in (ii)'s guarded closing and its handover (was:
    # "otherwise treat on the current score (high suicide risk")
    assert (
        # R65 F3 (was: "treat on the current score: a first dose before transfer only if it does not delay the
        # transfer")
        "; otherwise, if not intoxicated: treat on the current score (if transferred for the suicide evaluation: a "
        "first dose before transfer only if it does not "
        "delay the transfer); if transferred: at handover tell the receiving team the CIWA-Ar re-score, the delirium "
        "screen and any dose with its time, that today's C-SSRS screen was high risk and that the PHQ-9 item 9 of 20 "
        "Nov 2026 was positive (never assessed), and whether the emergency evaluation for suicide risk was completed "
        "here (if so, its findings) (high suicide risk"
    ) in headline
    for code, text in texts(199):
        # R60 Q3 (ii): "intoxicated or not" is now (ii)'s own (was: not said at all); Q2 (a)'s order is still not
        assert "otherwise, if intoxicated: no dose until it clears (" not in text, code
        assert "if below 15 and not intoxicated" not in text, code
        assert text.count("intoxicated or not") == (
            text.count(
                "on the re-score, intoxicated or not: if 15 or more, or a seizure since the last score, or "
                "hallucinations, or disorientation (item 10 at 2 or more): the emergency evaluation in an ED that can "
                # R76 (was: "...manage withdrawal (arrange transfer now), staff ...")
                "also manage withdrawal (arrange transfer now by emergency services), staff with the patient until "
                "handover; otherwise, if "
                # R65 F3 (was: "... treat on the current score: a first dose before transfer only if it does not
                # delay the transfer")
                "not intoxicated: treat on the current score (if transferred for the suicide evaluation: a first dose "
                "before transfer only if it does not delay the transfer)"
            )
        ), code
    # R60 Q4 and Q2 (a)'s question, and the delirium hold, before the overdose hold (was: "(last 14 on 20 Nov 2026);
    # {SCREEN_ASKED}if an overdose ...")
    assert only_box(199, "possible_inattention").startswith(
        f"Re-score the CIWA-Ar now (last 14 on 20 Nov 2026){Q4}; {SINCE}{SCREEN_ASKED}{DELIRIUM_HOLD}if an overdose or "
        "ingestion, or intoxicated"
    )


#: R60 Q3 (iii)'s and joined re-scores' "intoxicated or not" (built by g3, R61).
Q3_III = (
    "(or, intoxicated or not, a seizure since the last score, hallucinations, or disorientation (item 10 at 2 or more))"
)
Q3_JOINED = "on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more"
#: R60 Q3 (iii)'s 15-or-more clause where the branch only arranges care, and (ii)'s emergency evaluation (g3, R61).
Q3_III_15 = "; intoxicated or not, at a CIWA-Ar re-score of 15 or more"
Q3_II = (
    "on the re-score, intoxicated or not: if 15 or more, or a seizure since the last score, or hallucinations, or "
    "disorientation (item 10 at 2 or more): the emergency evaluation in an ED that can also manage withdrawal"
)


@pytest.mark.parametrize("number", [88, 120, 249, 273, 377, 639, 657])
def test_cows_joined_texts_left(number: int) -> None:
    for code, text in texts(number):
        if "COWS" in text:
            # R60 Q3 (iii) / joined (g3, R61): "intoxicated or not" is said only in Q3's own words, never in Q2 (a)'s
            # order (was: not said at all)
            assert text.count("intoxicated or not") == text.count(Q3_III) + text.count(Q3_JOINED), (number, code)
            assert "otherwise, if intoxicated: no dose until it clears (" not in text, (number, code)
            assert "if below 15 and not intoxicated" not in text, (number, code)


def test_sweep_the_800_cases_say_the_severe_branch_first() -> None:
    """Every headline and box re-scoring an old CIWA-Ar behind a screen says Q2 (a)'s order, once, unless it orders a
    transfer or an emergency evaluation or joins a COWS (another builder's shapes); Q4's screen exactly where the last
    CIWA-Ar had item 10 at 1; the changed cases are the ruling's."""
    said: dict[int, set[str]] = {}
    q3: set[int] = set()
    for number in all_built():
        for code, text in texts(number):
            assert "otherwise, on the re-score: if 15 or more" not in text, (number, code)  # R58 M1a's order, gone
            if "intoxicated or not" not in text:
                continue
            # R60 Q3 (ii), (iii) and joined (g3, R61): their own "intoxicated or not" words, read by r60_g3's tests;
            # only in the cases left to them here (was: no Q3 text said "intoxicated or not")
            if any(w in text for w in (Q3_III, Q3_JOINED, Q3_III_15, Q3_II)):
                q3.add(number)
                continue
            said.setdefault(number, set()).add(code)
            step = text[RESCORE.search(text).start() :]  # type: ignore[union-attr]
            order = [
                step.index(SINCE),
                step.index("before any dose: "),
                step.index("if delirium"),
                step.index("on the re-score, intoxicated or not: if 15 or more"),
                # R62 M2 (was: "if intoxicated: no dose here, and at handover tell the receiving team")
                # R63 SF1: the hold says the driving rule (was: "no dose here; at handover")
                step.index("if intoxicated: no dose here (the patient must not drive today); at handover tell the"),
                step.index("otherwise, if intoxicated: no dose until it clears ("),
                step.index("if below 15 and not intoxicated: a prescriber treats on today's score"),
            ]
            assert order == sorted(order), (number, code)
            assert text.count("intoxicated or not") == 1, (number, code)
            assert ("and screen for delirium (CAM or 4AT); ask what happened" in step) is (
                _case_key(number) == "mod13_i1"
            ), (number, code)
            # the delirium hold names the overdose exactly where the screen asks it
            assert ("ask about any overdose" in step[: step.index("if delirium")]) is step.startswith(
                DELIRIUM_OVERDOSE_HOLD, step.index("if delirium")
            )
        # a plain old re-score left only where the text orders a transfer or an evaluation, or joins a COWS
        for code, text in texts(number):
            # R60 Q4, Q2 (a)'s question and R62 M1's guard widen the plain form (was: "...2026\); before any dose:.*?
            # (otherwise treat on the current score(?!s))")
            plain = re.search(
                r"CIWA-Ar now \(last \d+ on 20 Nov 2026\)(?: and screen for delirium \(CAM or 4AT\))?; (?:ask what "
                r"happened since \([^)]*\); )?before any dose:.*?(otherwise(?:, if not intoxicated:)? treat on the "
                r"current score(?!s))",
                text,
            )
            if plain is not None:
                assert number in LEFT_CASES, (number, code)
    # R61 must-fix (h1): 312's and 563's plain alcohol boxes say Q2 (a)'s order (was: only M1A_CASES and PLAIN_CASES)
    assert sorted(said) == sorted((*M1A_CASES, *PLAIN_CASES, 312, 563))
    assert not set(said) & set(LEFT_CASES) - {312, 563}
    assert "headline" not in said[312] and "headline" not in said[563]
    assert q3 <= set(LEFT_CASES), sorted(q3 - set(LEFT_CASES))
    for number in (*M1A_CASES, *PLAIN_CASES):
        assert "headline" in said[number], number


def test_sweep_pages_without_a_placement_say_the_severe_branch_first() -> None:
    """A page without a placement (the chart's flags) that shows the old CIWA-Ar's re-score behind the screen says
    Q2 (a)'s order too, Q4's screen where item 10 was 1."""
    shown = 0
    for case in cases(800):
        episode, opened = _page(case.number)
        for o in opened:
            text = episode.flag_shown(o.flag, o.instrument, o.day).action or ""
            assert not re.search(
                r"CIWA-Ar now \(flag of 20 Nov 2026\); before any dose:.*?otherwise treat on the "
                r"current score(?!s)",
                text,
            ), (case.number, o.flag.code)
            if "intoxicated or not" in text:
                shown += 1
                # beside a C-SSRS high risk, the emergency evaluation's refusal branch (R13 M2: no capacity test)
                # R62 M2: the delirium screen handed over where the re-score screens (was: SEVERE only)
                # R73 1a: the driving rule after the capacity clause only; the refusal branch beside a C-SSRS high
                # keeps its words (was: s.replace(CAPACITY, LEAVES))
                leaves = f"{CAPACITY}; the patient must not drive"
                assert any(w in text for s in (SEVERE, SEVERE_Q4) for w in (s, s.replace(leaves, LEAVES))), case.number
                assert TREAT in text, case.number
                assert ("(flag of 20 Nov 2026) and screen for delirium (CAM or 4AT); " in text) is (
                    _case_key(case.number) == "mod13_i1"
                ), case.number
    assert shown > 40
