"""Physician review R49, its later items, the reviewer's words typed.

Item 1 (M1's CIWA-Ar twin): beside a rating of 4, an old moderate CIWA-Ar re-scored "before transfer only if it does
not delay it (last N on D)" says "(last N on D; no dose here without today's re-score)", as M1's old COWS does.

Q6: beside a transfer already ordered (the headline's first step arranges a transfer now), a COWS re-score's 13-36
branch with alcohol withdrawal alongside says "if 13-36: tell the receiving team that medically managed withdrawal is
needed (co-occurring alcohol withdrawal, CIWA-Ar 14 today)", never "arrange medically managed withdrawal or a higher
level of care". Of the four cases the review named, only 635's headline orders a transfer now; 54's, 210's and 360's
transfer only at a COWS of 37 or more (their suicide evaluation may be completed on site), so their words stand
(a question to the lead, builder b4's report).
"""

from __future__ import annotations

import re

from tests.random_placements import action_of, built, cases, numbered

#: Item 1: an old CIWA-Ar's re-score before transfer, its bracket (any form).
CIWA_BEFORE_TRANSFER = re.compile(
    r"e-score the CIWA-Ar before transfer only if it does not delay it \((last \d+[^()]*)\)"
)
#: The reviewer's words, last in the bracket.
UNRESCORED = "; no dose here without today's re-score"
#: R52 ruling 5: its words beside a COWS scored today (case 245).
ALCOHOL_UNRESCORED = "; no dose for alcohol withdrawal here without today's re-score"
#: Case 583's headline (dimension 1 rated 4, CIWA-Ar 14 of 20 Nov 2026).
HEADLINE_583 = (
    "the patient must not drive; re-score the CIWA-Ar before transfer only if it does not delay it (last 14 on 20 Nov "
    "2026; no dose here without today's re-score); at 10 or more, before any dose: ask about any overdose or "
    "ingestion today and screen for intoxication"
)
#: Its boxes that carry the re-score.
BOX_583 = (
    "Re-score the CIWA-Ar before transfer only if it does not delay it (last 14 on 20 Nov 2026; no dose here without "
    "today's re-score); at 10 or more, before any dose: ask about any overdose or ingestion today and screen for "
    "intoxication"
)
#: Case 76's headline and box (CIWA-Ar 13 of 20 Nov 2026).
HEADLINE_76 = (
    "the patient must not drive; re-score the CIWA-Ar before transfer only if it does not delay it (last 13 on 20 Nov "
    "2026; no dose here without today's re-score); at 10 or more, before any dose: ask about any overdose or "
    "ingestion today"
)
BOX_76 = (
    "Re-score the CIWA-Ar before transfer only if it does not delay it (last 13 on 20 Nov 2026; no dose here without "
    "today's re-score); at 10 or more, before any dose: ask about any overdose or ingestion today"
)
#: Case 245's headline (the re-score after the COWS's dose) and its dimension-1 box (the screen after the bracket).
HEADLINE_245 = (
    "monitor sedation and breathing until handover; re-score the CIWA-Ar before transfer only if it does not delay it "
    # R52 ruling 5: beside today's COWS, the dose held is alcohol withdrawal's
    "(last 13 on 20 Nov 2026; no dose for alcohol withdrawal here without today's re-score); at 10 or more, a "
    "prescriber gives a first dose before transfer only if it does not delay the transfer and the reason for rating 4 "
    "allows it"
)
BOX_245_D1 = (
    # R52 ruling 5: beside today's COWS, the dose held is alcohol withdrawal's
    "Re-score the CIWA-Ar before transfer only if it does not delay it (last 13 on 20 Nov 2026; no dose for alcohol "
    "withdrawal here without today's re-score); before any dose: ask about any overdose or ingestion today"
)
#: R52 ruling 5: its moderate_alcohol_withdrawal box says the same bracket.
BOX_245 = (
    "Re-score the CIWA-Ar before transfer only if it does not delay it (last 13 on 20 Nov 2026; no dose for alcohol "
    "withdrawal here without today's re-score); at 10 or more, before any dose: ask about any overdose or ingestion "
    "today"
)
#: The 14 cases whose old moderate CIWA-Ar is re-scored before transfer (dimension 1, 2 or 3 rated 4).
AT_4_OLD_CIWA = (26, 76, 240, 245, 322, 369, 553, 583, 602, 613, 745, 756, 757, 789)


def test_item1_case_583_headline_and_boxes() -> None:
    rec = numbered(583)
    assert HEADLINE_583 in rec.headline
    for code in ("possible_inattention", "rated_below_suggestion_d1", "moderate_alcohol_withdrawal"):
        assert action_of(rec, code).startswith(BOX_583), code


def test_item1_case_76_headline_and_box() -> None:
    rec = numbered(76)
    assert HEADLINE_76 in rec.headline
    assert action_of(rec, "moderate_alcohol_withdrawal").startswith(BOX_76)


def test_item1_case_245_headline_and_dimension_1_box() -> None:
    rec = numbered(245)
    assert HEADLINE_245 in rec.headline
    assert action_of(rec, "moderate_alcohol_withdrawal").startswith(BOX_245)  # R52 ruling 5 (was BOX_76, 76's words)
    assert action_of(rec, "rated_below_suggestion_d1").startswith(BOX_245_D1)


def test_item1_sweep_every_old_moderate_ciwa_rescore_before_transfer_says_it() -> None:
    found = set()
    for case in cases(800):
        rec = built(case)
        for text in (rec.headline, *(f.action for f in rec.flags if f.action)):
            for m in CIWA_BEFORE_TRANSFER.finditer(text):
                if ", severe" in m[1]:  # an old severe CIWA-Ar (R14 S3's form), not the reviewer's clause
                    continue
                # R52 ruling 5: beside today's COWS (245) the bracket names alcohol withdrawal
                want = ALCOHOL_UNRESCORED if case.number == 245 else UNRESCORED
                assert m[1].endswith(want), (case.number, m[0])
                found.add(case.number)
    assert found == set(AT_4_OLD_CIWA)


#: Q6: the COWS re-score's 13-36 branch as raised (alcohol withdrawal alongside) and beside a transfer already ordered.
MANAGED_ARRANGED = "if 13-36: arrange medically managed withdrawal or a higher level of care: co-occurring alcohol"
MANAGED_TOLD = "if 13-36: tell the receiving team that medically managed withdrawal is needed"
#: Case 635's headline and boxes (dimension 3 rated 4; r49's words).
Q6_635 = (
    "one setting that can manage both (severe opioid withdrawal with alcohol withdrawal alongside, CIWA-Ar 14 today); "
    "if 13-36: tell the receiving team that medically managed withdrawal is needed (co-occurring alcohol withdrawal, "
    "CIWA-Ar 14 today); treat on the current score"
)
#: Case 54's headline: its transfer only at 37 or more, so the 13-36 branch still arranges the withdrawal management.
Q6_54_UNCHANGED = (
    "until handover (if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose "
    "with its time, that today's C-SSRS screen was high risk, and whether the emergency evaluation for suicide risk "
    "was completed here (if so, its findings); do not delay the transfer for it); if 13-36: arrange medically managed "
    "withdrawal or a higher level of care: co-occurring alcohol withdrawal (CIWA-Ar 13 today); before any dose: "
)
#: The cases whose 13-36 branch stands as raised (no transfer ordered before it), and those told.
Q6_ARRANGED = (5, 54, 61, 133, 210, 214, 268, 278, 291, 360, 532, 676, 731, 780)
Q6_TOLD = (635,)
#: A headline's first step that arranges a transfer now, no condition before it.
TRANSFER_FIRST = re.compile(r"First: (?:(?!\bif\b|\bre-score\b|\bat \d+ or more\b)[^.])*?arrange transfer now\b")


def test_q6_case_635_headline_and_boxes() -> None:
    rec = numbered(635)
    assert Q6_635 in rec.headline
    for code in (
        "rated_below_suggestion_d1",
        "moderately_severe_opioid_withdrawal",
        "buprenorphine_induction_threshold",
    ):
        assert Q6_635 in action_of(rec, code), code
        assert MANAGED_ARRANGED not in action_of(rec, code), code
    assert MANAGED_ARRANGED not in rec.headline


def test_q6_case_54_headline_keeps_its_branch_without_a_transfer_ordered() -> None:
    rec = numbered(54)
    assert Q6_54_UNCHANGED in rec.headline
    assert MANAGED_TOLD not in rec.headline
    assert not any(MANAGED_TOLD in f.action for f in rec.flags if f.action)


def test_q6_sweep_the_branch_is_told_exactly_beside_a_transfer_ordered_first() -> None:
    arranged, told = set(), set()
    for case in cases(800):
        rec = built(case)
        first = TRANSFER_FIRST.search(rec.headline) is not None
        for text in (rec.headline, *(f.action for f in rec.flags if f.action)):
            if MANAGED_ARRANGED in text:
                assert not first, (case.number, "arranged beside a transfer ordered first")
                arranged.add(case.number)
            if MANAGED_TOLD in text:
                assert first, (case.number, "told without a transfer ordered first")
                told.add(case.number)
    assert arranged == set(Q6_ARRANGED)
    assert told == set(Q6_TOLD)
