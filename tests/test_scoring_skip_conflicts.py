"""Answers to questions the form's own skip rule says are not asked: never a silently wrong score.

Typed from the sources, not from iopkit:
- WHO AUDIT manual (Babor et al. 2001), the AUDIT form: Q1 "Never" -> skip to Questions 9 and 10;
  skip to Questions 9 and 10 if the total for Questions 2 and 3 = 0. Q1 "never" with Q2-8 at their
  maximum (4 each) would add to 28 ("possible dependence", zone IV) from answers that contradict Q1:
  refused, naming the instrument, the item, its value and the rule.  The refusal never loses a safety
  answer: the flags the contradicting answer raises (a morning drink, Q6: withdrawal risk) travel with it.
- Columbia C-SSRS screener with triage (Posner et al. 2011): Q2 "no" -> skip to Q6; Q7 (past 3 months)
  is asked only after Q6 "yes". A "yes" to Q4, Q5 or Q7 is high risk. A "yes" to a safety question is
  never dropped: the higher risk is kept and the basis says to clarify.
"""

import numpy as np
import pandas as pd
import pytest

import iopkit
from iopkit.errors import InvalidAnswerError

NEVER_THEN_MAXIMUM = [0, 4, 4, 4, 4, 4, 4, 4, 0, 0]  # Q1 "never", Q2-8 at 4, Q9-10 "no"


def test_audit_q1_never_with_q2_to_8_answered_is_refused_naming_item_value_and_rule():
    with pytest.raises(InvalidAnswerError) as refused:
        iopkit.score("audit", NEVER_THEN_MAXIMUM)
    err = refused.value
    assert (err.instrument, err.item, err.value) == ("audit", 2, 4)
    assert "item 1" in str(err) and "WHO AUDIT manual" in str(err) and "not scored" in str(err)


def test_audit_q2_and_q3_zero_with_q4_answered_is_refused():
    with pytest.raises(InvalidAnswerError) as refused:
        iopkit.score("audit", [1, 0, 0, 2, 0, 0, 0, 0, 0, 0])
    assert (refused.value.item, refused.value.value) == (4, 2)


def test_audit_as_the_form_is_filled_in_still_scores():
    assert iopkit.score("audit", [0, None, None, None, None, None, None, None, 0, 0]).total == 0
    assert iopkit.score("audit", [0, 0, 0, 0, 0, 0, 0, 0, 2, 0]).total == 2  # 0 for a skipped item is its fill
    assert iopkit.score("audit", [1, 1, 0, 1, 0, 0, 0, 0, 0, 0]).total == 3


def test_score_many_refuses_the_same_row_with_the_same_message():
    table = np.array([NEVER_THEN_MAXIMUM, [0] * 10, [1, 0, 0, 2, 0, 0, 0, 0, 0, 0]])
    before = table.copy()
    df = iopkit.score_many("audit", table)
    assert np.array_equal(table, before)  # the caller's table is not changed
    for r, row in enumerate(table):
        try:
            s = iopkit.score("audit", list(row))
        except InvalidAnswerError as err:
            assert df["error"].iloc[r] == str(err) and pd.isna(df["total"].iloc[r])
        else:
            assert df["error"].iloc[r] is None and df["total"].iloc[r] == s.total
    assert list(df["error"].isna()) == [False, True, False]


@pytest.mark.parametrize("answers, asked", [
    ([0, 0, None, None, None, 0, 1], 7),  # Q6 "no", Q7 "yes": recent behaviour
    ([1, 0, None, 1, None, 0, None], 4),  # Q2 "no", Q4 "yes": intent
])
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


@pytest.mark.parametrize("answers", [
    [0, None, None, None, None, 4, None, None, 0, 0],  # Q1 "never", then a daily morning drink
    [1, 0, 0, None, None, 1, None, None, 0, 0],  # Q2 + Q3 = 0, then a monthly morning drink
])
def test_audit_refused_for_a_skip_conflict_still_raises_the_flag_of_the_answer_given(answers):
    # WHO AUDIT manual: the skip is the interviewer's instruction; a morning drink (Q6) "at any
    # frequency" raises withdrawal risk (iopkit S7).  The contradiction is refused (not scored), but the
    # answer given is never lost: its flag travels with the refusal, in score and score_many alike.
    with pytest.raises(InvalidAnswerError) as refused:
        iopkit.score("audit", answers)
    assert refused.value.item == 6
    assert "withdrawal_risk" in {f.code for f in refused.value.flags}
    assert "note: withdrawal_risk raised" in str(refused.value)
    df = iopkit.score_many("audit", np.array([answers], dtype=float))
    assert df["error"].iloc[0] == str(refused.value) and pd.isna(df["total"].iloc[0])
    assert df["flag_withdrawal_risk"].iloc[0] == True  # noqa: E712 (nullable boolean: NA is not True)
