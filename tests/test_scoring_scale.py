"""Cohort scoring at scale: the fast paths accept and refuse exactly what score() does.

No timings here (see benchmarks/bench_research.py); these pin the behaviour of the compact
matrices, the NaN-ignoring checks and the per-key refusal wording.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

import iopkit
from iopkit import IncompleteResponseError, InvalidAnswerError
from iopkit.instruments import get
from iopkit.scoring.cohort import matrix_from_table


def _per_column_frame(values: np.ndarray) -> pd.DataFrame:
    """The layout pandas 3 read_csv gives: one block (one array) per column, read from a CSV."""
    text = io.StringIO()
    pd.DataFrame(values, columns=[f"item{j + 1}" for j in range(values.shape[1])]).to_csv(text, index=False)
    return pd.read_csv(io.StringIO(text.getvalue()))


def test_clean_integer_columns_become_one_int8_matrix():
    values = np.random.default_rng(1).integers(0, 4, size=(500, 9))
    codes, _, errors = matrix_from_table(get("phq9"), _per_column_frame(values))
    assert codes.dtype == np.int8 and not errors
    assert (codes == values).all()


@pytest.mark.parametrize("bad", [300, -129, 2**40])
def test_a_value_that_does_not_fit_a_small_type_is_refused_never_wrapped(bad):
    values = np.zeros((4, 9), dtype=np.int64)
    values[2, 8] = bad
    scored = iopkit.score_many("phq9", _per_column_frame(values))
    assert scored["total"].isna().tolist() == [False, False, True, False]
    assert scored.loc[2, "error"].startswith(f"phq9 item 9 must be one of 0, 1, 2, 3 (got {bad}")


def test_a_float_that_float32_would_round_is_refused():
    values = np.zeros((3, 9))
    values[1, 0] = 2.0000000001  # float32 of it is 2.0: a narrowing copy would accept it
    scored = iopkit.score_many("phq9", _per_column_frame(values))
    assert scored["total"].isna().tolist() == [False, True, False]
    assert "item 1 must be one of 0, 1, 2, 3" in scored.loc[1, "error"]


def test_blanks_cost_no_copy_of_the_validated_matrix():
    values = np.random.default_rng(2).integers(0, 4, size=(1000, 9)).astype(float)
    values[17, 3] = np.nan
    codes, _, errors = matrix_from_table(get("phq9"), values)
    assert codes is values and not errors


def test_gap_coded_items_are_checked_without_the_copy_path():
    """AUDIT items 9 and 10 take 0, 2 or 4: 3 is refused, 4 is not."""
    values = np.zeros((3, 10))
    values[0, 8], values[1, 8] = 4, 3
    _, _, errors = matrix_from_table(get("audit"), values)
    assert list(errors) == [1] and "item 9" in errors[1]


def test_skip_rules_never_write_the_callers_array():
    values = np.full((2, 10), np.nan)
    values[:, 0] = 0  # item 1 "never": items 2-8 not asked
    values[:, 8:] = 0
    values.flags.writeable = False
    scored = iopkit.score_many("audit", values)
    assert scored["total"].tolist() == [0, 0] and np.isnan(values[:, 1:8]).all()


def test_each_refused_row_has_the_message_score_raises():
    """Rows worded once per key must read exactly as score() words each row (the oracle)."""
    rng = np.random.default_rng(3)
    values = rng.integers(0, 4, size=(400, 9)).astype(float)
    gaps = rng.random((400, 9)) < 0.08
    values[gaps] = np.nan
    scored = iopkit.score_many("phq9", values)
    refused = np.flatnonzero(scored["error"].notna().to_numpy())
    assert len(refused) > 50
    for r in refused:
        with pytest.raises(IncompleteResponseError) as err:
            iopkit.score("phq9", [None if np.isnan(v) else int(v) for v in values[r]])
        assert scored.loc[r, "error"] == str(err.value)
        raised = bool(scored["flag_suicidal_ideation"].fillna(False).iloc[r])
        assert raised == any(f.code == "suicidal_ideation" for f in err.value.flags)


def test_cssrs_skip_blanks_and_weights_match_single_scores():
    rng = np.random.default_rng(4)
    values = rng.integers(0, 2, size=(300, 7)).astype(float)
    values[values[:, 1] == 0, 2:5] = np.nan
    values[values[:, 5] == 0, 6] = np.nan
    scored = iopkit.score_many("cssrs_screen", values)
    for r in range(0, 300, 7):
        one = iopkit.score("cssrs_screen", [None if np.isnan(v) else int(v) for v in values[r]])
        assert one.band == scored.loc[r, "band"]
        assert [f.code for f in one.flags] == [
            c[5:] for c in scored.columns if c.startswith("flag_") and scored.loc[r, c]
        ]


def test_invalid_and_incomplete_rows_are_refused_together():
    values = np.zeros((3, 9))
    values[0, 8] = np.nan
    values[1, 8] = 7
    scored = iopkit.score_many("phq9", values)
    with pytest.raises(InvalidAnswerError) as err:
        iopkit.score("phq9", [0.0] * 8 + [7.0])
    assert scored.loc[1, "error"] == str(err.value)
    assert scored["total"].isna().tolist() == [True, True, False]


def _form_answers(code: str, n: int, seed: int) -> np.ndarray:
    """Answers as forms give them: valid codes, the blanks each skip rule leaves (mostly), a few
    gaps no rule explains and a few invalid values, so refused rows fall in every block."""
    inst = get(code)
    rng = np.random.default_rng(seed)
    cols = []
    for item in inst.items:
        if item.kind == "not_recorded":
            cols.append(np.full(n, np.nan))
        elif item.kind == "count":
            cols.append(rng.integers(item.count_range[0], item.count_range[1] + 1, n).astype(float))
        else:
            cols.append(rng.choice(np.array(item.codes, dtype=float), n, p=None))
    values = np.column_stack(cols)
    for rule in inst.skip_rules:
        holds = np.logical_and.reduce([np.isin(values[:, k - 1], allowed) for k, allowed in rule.when])
        blank = holds & (rng.random(n) < 0.8)
        for u in rule.unasked:
            values[blank, u - 1] = np.nan
    gaps = rng.random(values.shape) < 0.004
    values[gaps] = np.nan
    values[rng.integers(0, n, 5), rng.integers(0, values.shape[1], 5)] = 99
    return values


@pytest.mark.parametrize("code", ["audit", "cssrs_screen", "crafft", "phq9", "dsm5_sud", "pcl5"])
def test_a_cohort_of_several_blocks_scores_as_its_pieces_and_as_score(code):
    """Block-by-block evaluation (and its whole-block skip-rule shortcut) changes no result:
    the whole cohort equals the same rows scored in small pieces, and score() row by row."""
    from iopkit.scoring.engine import _BLOCK

    n = 2 * _BLOCK + 77
    values = _form_answers(code, n, seed=len(code))
    whole = iopkit.score_many(code, values)
    pieces = pd.concat([iopkit.score_many(code, values[s : s + 700]) for s in range(0, n, 700)], ignore_index=True)
    pd.testing.assert_frame_equal(whole, pieces, check_categorical=True)
    refused = np.flatnonzero(whole["error"].notna().to_numpy())
    assert 0 < len(refused) < n
    sample = np.unique(
        np.concatenate([refused[:: max(1, len(refused) // 40)], np.random.default_rng(0).integers(0, n, 80)])
    )
    flags = [c for c in whole.columns if c.startswith("flag_")]
    for r in sample:
        answers = [None if np.isnan(v) else v for v in values[r]]
        try:
            s = iopkit.score(code, answers)
        except (InvalidAnswerError, IncompleteResponseError) as err:
            assert whole.loc[r, "error"] == str(err)
            assert {f.code for f in err.flags} == {c[5:] for c in flags if whole[c].fillna(False).iloc[r]}
            continue
        assert whole.loc[r, "error"] is None
        assert (s.total, s.band) == (
            (None if pd.isna(whole.loc[r, "total"]) else whole.loc[r, "total"]),
            (None if pd.isna(whole.loc[r, "band"]) else whole.loc[r, "band"]),
        )
        assert {f.code for f in s.flags} == {c[5:] for c in flags if whole.loc[r, c]}
        assert s.subscores == {k: whole.loc[r, k] for k in s.subscores}


# --- categorical item columns: each category read once (research review F10) -------------------------------


def _items(values, columns: int = 9) -> pd.DataFrame:
    return pd.DataFrame(values, columns=[f"item{k}" for k in range(1, columns + 1)])


def test_a_categorical_frame_scores_as_its_integer_frame_refusals_row_by_row_included():
    ints = _items(np.random.default_rng(7).integers(0, 4, size=(300, 9)))
    ints.iloc[7, 1] = 5  # not a PHQ-9 answer (0-3): row 7 refused, as for ints
    ints.iloc[250, 8] = 5
    by_ints, by_categories = iopkit.score_many("phq9", ints), iopkit.score_many("phq9", ints.astype("category"))
    pd.testing.assert_frame_equal(by_categories, by_ints)
    assert by_categories["error"].notna().sum() == 2
    assert "phq9 item 2 must be one of 0, 1, 2, 3 (got 5)" in by_categories.loc[7, "error"]
    assert "phq9 item 9 must be one of 0, 1, 2, 3 (got 5)" in by_categories.loc[250, "error"]


def test_categorical_blanks_and_words_score_as_the_same_float_or_text_columns():
    rng = np.random.default_rng(8)
    floats = _items(rng.integers(0, 4, size=(200, 9)).astype(float))
    floats[rng.random((200, 9)) < 0.05] = np.nan  # blanks: the category code -1
    pd.testing.assert_frame_equal(
        iopkit.score_many("phq9", floats.astype("category")), iopkit.score_many("phq9", floats)
    )
    words = _items(rng.choice(["yes", "no", "maybe"], size=(200, 10), p=[0.3, 0.69, 0.01]), 10).astype(object)
    words.iloc[3, 4] = None
    by_text, by_categories = iopkit.score_many("dast10", words), iopkit.score_many("dast10", words.astype("category"))
    pd.testing.assert_frame_equal(by_categories, by_text)
    assert by_categories["error"].notna().sum() >= 1  # "maybe" is not a yes/no answer: refused as for text


def test_a_categorical_column_is_read_once_per_category_not_once_per_cell(monkeypatch):
    from iopkit.instruments._model import Item

    calls = []
    code_of = Item.code_of
    monkeypatch.setattr(Item, "code_of", lambda self, value: calls.append(value) or code_of(self, value))
    frame = _items(np.random.default_rng(9).integers(0, 4, size=(5_000, 9))).astype("category")
    assert iopkit.score_many("phq9", frame)["error"].isna().all()
    assert len(calls) <= 9 * 4  # nine items of four categories each, whatever the number of rows
