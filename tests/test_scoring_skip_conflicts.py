"""Answers to questions the form's own skip rule says are not asked: never a silently wrong score.

Typed from the sources, not from iopkit:
- WHO AUDIT manual (Babor et al. 2001), the AUDIT form: Q1 "Never" -> skip to Questions 9 and 10;
  skip to Questions 9 and 10 if the total for Questions 2 and 3 = 0. Q1 "never" with Q2-8 at their
  maximum (4 each) add to 28 ("possible dependence", zone IV). The skip is the interview version's
  instruction; the manual's self-report version asks all ten and sums them, so the answers are kept and
  scored, with a note per item naming the rule and asking to clarify; their flags (a morning drink, Q6:
  withdrawal risk) stand.
- Columbia C-SSRS screener with triage (Posner et al. 2011): Q2 "no" -> skip to Q6; Q7 (past 3 months)
  is asked only after Q6 "yes". A "yes" to Q4, Q5 or Q7 is high risk. A "yes" to a safety question is
  never dropped: the higher risk is kept and the basis says to clarify.
"""

import numpy as np
import pytest

import iopkit

NEVER_THEN_MAXIMUM = [0, 4, 4, 4, 4, 4, 4, 4, 0, 0]  # Q1 "never", Q2-8 at 4, Q9-10 "no"


def test_audit_q1_never_with_q2_to_8_answered_is_kept_and_scored_with_a_note_naming_each_item():
    # The manual's self-report version asks all ten and sums them: the answers are real, never dropped.
    s = iopkit.score("audit", NEVER_THEN_MAXIMUM)
    assert (s.total, s.band) == (28, "possible_dependence")
    for item in range(2, 9):
        note = next(n for n in s.basis.notes if f"audit item {item} answered 4" in n)
        assert "item 1 is 0 (Never)" in note and "WHO AUDIT manual" in note and "clarify" in note


def test_audit_q2_and_q3_zero_with_q4_answered_is_kept_with_a_note():
    s = iopkit.score("audit", [1, 0, 0, 2, 0, 0, 0, 0, 0, 0])
    assert s.total == 3
    assert any("item 4 answered 2" in n and "clarify" in n for n in s.basis.notes)


def test_audit_as_the_form_is_filled_in_still_scores():
    assert iopkit.score("audit", [0, None, None, None, None, None, None, None, 0, 0]).total == 0
    assert iopkit.score("audit", [0, 0, 0, 0, 0, 0, 0, 0, 2, 0]).total == 2  # 0 for a skipped item is its fill
    assert iopkit.score("audit", [1, 1, 0, 1, 0, 0, 0, 0, 0, 0]).total == 3
    assert iopkit.score("audit", [0, 0, 0, 0, 0, 0, 0, 0, 2, 0]).basis.notes == ()  # a 0 is no conflict


def test_score_many_scores_the_same_rows_as_score():
    table = np.array([NEVER_THEN_MAXIMUM, [0] * 10, [1, 0, 0, 2, 0, 0, 0, 0, 0, 0]])
    before = table.copy()
    df = iopkit.score_many("audit", table)
    assert np.array_equal(table, before)  # the caller's table is not changed
    assert df["error"].isna().all()
    assert df["total"].tolist() == [iopkit.score("audit", list(row)).total for row in table] == [28, 0, 3]


@pytest.mark.parametrize(
    "answers, asked",
    [
        ([0, 0, None, None, None, 0, 1], 7),  # Q6 "no", Q7 "yes": recent behaviour
        ([1, 0, None, 1, None, 0, None], 4),  # Q2 "no", Q4 "yes": intent
    ],
)
def test_cssrs_a_yes_to_a_skipped_safety_question_keeps_high_risk_and_asks_to_clarify(answers, asked):
    s = iopkit.score("cssrs_screen", answers)
    assert s.band == "high_risk"
    assert "suicide_risk_high" in {f.code for f in s.flags}
    note = next(n for n in s.basis.notes if f"item {asked} answered 1" in n)
    assert "kept" in note and "clarify" in note
    df = iopkit.score_many("cssrs_screen", np.array([answers], dtype=float))
    assert df["band"].iloc[0] == "high_risk" and df["error"].iloc[0] is None


def test_crafft_part_b_answered_after_zero_days_is_kept_with_a_note():
    # CRAFFT 2.1 (Knight et al.): all of Part A 0 -> ask only CAR; Part B asks "ever", so RELAX and ALONE
    # "yes" need not contradict 0 days: two "yes" answers are a score of 2, high risk (2 or more)
    s = iopkit.score("crafft", [0, 0, 0, "no", "yes", "yes", "no", "no", "no"])
    assert (s.total, s.band) == (2, "high_risk")
    assert any("item 5 answered 1" in n and "clarify" in n for n in s.basis.notes)


@pytest.mark.parametrize(
    "answers",
    [
        [0, None, None, None, None, 4, None, None, 0, 0],  # Q1 "never", then a daily morning drink
        [1, 0, 0, None, None, 1, None, None, 0, 0],  # Q2 + Q3 = 0, then a monthly morning drink
    ],
)
def test_audit_an_answer_to_a_skipped_question_still_raises_its_flag(answers):
    # WHO AUDIT manual: the skip is the interviewer's instruction; a morning drink (Q6) "at any
    # frequency" raises withdrawal risk.  The answer given is never lost: its flag stands, in score and
    # score_many alike, beside the note asking to clarify.
    s = iopkit.score("audit", answers)
    assert "withdrawal_risk" in {f.code for f in s.flags}
    assert any("item 6 answered" in n and "clarify" in n for n in s.basis.notes)
    df = iopkit.score_many("audit", np.array([answers], dtype=float))
    assert df["error"].iloc[0] is None and df["total"].iloc[0] == s.total
    assert df["flag_withdrawal_risk"].iloc[0] == True  # noqa: E712 (nullable boolean: NA is not True)
