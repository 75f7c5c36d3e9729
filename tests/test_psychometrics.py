"""Cronbach's alpha and Cohen's kappa, checked against published software output.

References: R ``psych::alpha`` and pingouin's Feldt interval (pingouin ``tests/test_reliability.py``,
data ``cronbach_wide_missing.csv``); SAS ``PROC FREQ`` AGREE printout and R ``irr::kappa2`` as quoted
in statsmodels ``stats/tests/test_inter_rater.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from iopkit import FitError, LevelOfCare
from iopkit.psychometrics import ConfusionMatrix, cohens_kappa, confusion_matrix, cronbach_alpha

# pingouin's cronbach_wide_missing.csv: 12 respondents x 11 binary items, 3 rows with a blank.
WIDE_MISSING = np.array(
    [
        [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        [1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0],
        [np.nan, 0, 1, 1, np.nan, 1, 1, 1, 1, 0, 0],
        [1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0],
        [1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0],
        [0, 1, np.nan, 0, 1, 1, 1, 1, 0, 0, 0],
        [1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
        [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
        [0, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0],
        [1, 0, 0, 1, 0, 1, 0, 0, np.nan, 0, 0],
        [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
        [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
    ]
)
# SAS PROC FREQ AGREE example (statsmodels table10): rows = rater 1, columns = rater 2.
SAS_TABLE = [[0, 4, 1], [0, 8, 0], [0, 1, 5]]
# irr::kappa2 "anxiety" data, raters 2 and 3 (categories 1, 2, 3, 4, 6 observed).
ANXIETY = np.array(
    [
        3,
        3,
        3,
        4,
        5,
        5,
        2,
        3,
        5,
        2,
        2,
        6,
        1,
        5,
        2,
        2,
        1,
        2,
        4,
        3,
        3,
        6,
        4,
        6,
        2,
        4,
        2,
        4,
        3,
        3,
        2,
        3,
        3,
        3,
        2,
        2,
        1,
        3,
        3,
        4,
        2,
        1,
        4,
        4,
        3,
        2,
        1,
        6,
        1,
        1,
        1,
        2,
        3,
        3,
        1,
        1,
        3,
        3,
        2,
        2,
    ]
).reshape(20, 3, order="F")

item_tables = arrays(np.int64, st.tuples(st.integers(3, 30), st.integers(2, 6)), elements=st.integers(0, 3))
rating_pairs = st.integers(2, 60).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 3), min_size=n, max_size=n), st.lists(st.integers(0, 3), min_size=n, max_size=n)
    )
)


# --- Cronbach's alpha ----------------------------------------------------------------------------


def test_alpha_listwise_matches_r_psych_and_the_feldt_interval():
    result = cronbach_alpha(WIDE_MISSING)
    assert round(result.alpha, 6) == 0.801695  # psych::alpha(data[complete.cases(data), ])
    assert tuple(round(b, 3) for b in result.ci) == (0.533, 0.947)  # Feldt, n after deletion
    assert (result.n, result.k, result.dropped) == (9, 11, 3)


def test_alpha_accepts_a_dataframe_and_gives_the_same_answer():
    frame = pd.DataFrame(WIDE_MISSING, columns=[f"Q{j}" for j in range(1, 12)])
    assert cronbach_alpha(frame) == cronbach_alpha(WIDE_MISSING)


def test_alpha_of_binary_items_equals_kuder_richardson_20():
    data = WIDE_MISSING[~np.isnan(WIDE_MISSING).any(axis=1)]
    k, p = data.shape[1], data.mean(axis=0)
    kr20 = k / (k - 1) * (1 - (p * (1 - p)).sum() / data.sum(axis=1).var(ddof=0))
    assert cronbach_alpha(data).alpha == pytest.approx(kr20)


def test_alpha_of_identical_items_is_one():
    column = np.array([[0], [1], [3], [2], [2]])
    assert cronbach_alpha(np.hstack([column] * 4)).alpha == pytest.approx(1.0)


def test_a_wider_confidence_gives_a_wider_interval():
    narrow, wide = cronbach_alpha(WIDE_MISSING, confidence=0.8), cronbach_alpha(WIDE_MISSING, confidence=0.99)
    assert wide.ci[0] < narrow.ci[0] < narrow.alpha < narrow.ci[1] < wide.ci[1]


@settings(max_examples=150, deadline=None)
@given(item_tables, st.integers(-5, 5))
def test_alpha_is_unchanged_by_shifting_an_item_and_its_interval_holds_it(data, shift):
    try:
        before = cronbach_alpha(data)
    except FitError:
        return  # no variance in the total: nothing to compare
    shifted = data.copy()
    shifted[:, 0] += shift
    after = cronbach_alpha(shifted)
    assert after.alpha == pytest.approx(before.alpha)
    assert before.ci[0] <= before.alpha <= before.ci[1] <= 1  # 1 exactly when items agree perfectly


def test_alpha_nan_policy_raise_names_the_row_and_item():
    frame = pd.DataFrame(WIDE_MISSING, columns=[f"Q{j}" for j in range(1, 12)])
    with pytest.raises(FitError, match="row 2 has no answer for item Q1"):
        cronbach_alpha(frame, nan_policy="raise")


@pytest.mark.parametrize(
    "data, message",
    [
        ([[1], [2], [3]], "at least 2 items"),
        ([[1, 2], [np.nan, 1]], "at least 2 respondents"),
        ([[1, 2], [1, 2], [1, 2]], "no variance"),
        ([[1, "often"], [2, 1]], "must be numbers"),
        ([1, 2, 3], "2-D table"),
        ([[1, np.inf], [2, 1]], "infinite"),
    ],
)
def test_alpha_refuses_data_that_cannot_support_it(data, message):
    with pytest.raises(FitError, match=message):
        cronbach_alpha(data)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"confidence": 1.0}, "confidence must be"),
        ({"confidence": True}, "confidence must be"),
        ({"nan_policy": "pairwise"}, "nan_policy must be"),
    ],
)
def test_alpha_refuses_unknown_options(options, message):
    with pytest.raises(FitError, match=message):
        cronbach_alpha(WIDE_MISSING, **options)


# --- Cohen's kappa -------------------------------------------------------------------------------


def test_unweighted_kappa_matches_sas_proc_freq():
    k = cohens_kappa(SAS_TABLE)
    assert (round(k.kappa, 4), round(k.se, 4)) == (0.4842, 0.1380)
    assert tuple(round(b, 4) for b in k.ci) == (0.2137, 0.7547)
    assert k.n == 19 and k.weights == "none"


def test_linear_weighted_kappa_matches_sas_proc_freq():
    k = cohens_kappa(SAS_TABLE, weights="linear")
    assert (round(k.kappa, 4), round(k.se, 4)) == (0.4701, 0.1457)
    assert tuple(round(b, 4) for b in k.ci) == (0.1845, 0.7558)


@pytest.mark.parametrize("weights, expected", [("none", -0.006289308), ("linear", 0.1459075), ("quadratic", 0.2520325)])
def test_kappa_from_ratings_matches_r_irr_kappa2(weights, expected):
    assert cohens_kappa(ANXIETY[:, 1], ANXIETY[:, 2], weights=weights).kappa == pytest.approx(expected, abs=1e-7)


def test_perfect_agreement_gives_kappa_one_with_no_spread():
    k = cohens_kappa([1, 2, 3, 2, 1], [1, 2, 3, 2, 1], weights="quadratic")
    assert (k.kappa, k.se, k.ci) == (pytest.approx(1.0), pytest.approx(0.0), (pytest.approx(1.0), pytest.approx(1.0)))


def test_ratings_a_confusion_matrix_and_a_table_give_the_same_kappa():
    a, b = ANXIETY[:, 0], ANXIETY[:, 1]
    cm = confusion_matrix(a, b)
    assert (
        cohens_kappa(a, b, weights="linear")
        == cohens_kappa(cm, weights="linear")
        == cohens_kappa(cm.array, weights="linear")
    )


@settings(max_examples=150, deadline=None)
@given(rating_pairs, st.sampled_from(["none", "linear", "quadratic"]))
def test_kappa_is_symmetric_in_the_raters_and_at_most_one(pair, weights):
    a, b = pair
    try:
        forward = cohens_kappa(a, b, weights=weights, categories=range(4))
    except FitError:
        return  # both raters used one category
    backward = cohens_kappa(b, a, weights=weights, categories=range(4))
    assert forward.kappa == pytest.approx(backward.kappa)
    # a zero variance can come out as ~1e-15 one way round; its square root is ~1e-8, rounding not asymmetry
    assert forward.se == pytest.approx(backward.se, abs=1e-6)
    assert forward.kappa <= 1 + 1e-12 and forward.ci[0] <= forward.kappa <= forward.ci[1]


@settings(max_examples=100, deadline=None)
@given(rating_pairs, st.permutations(range(4)))
def test_unweighted_kappa_ignores_the_order_of_categories(pair, order):
    a, b = pair
    try:
        ordered = cohens_kappa(a, b, categories=range(4))
    except FitError:
        return
    assert cohens_kappa(a, b, categories=order).kappa == pytest.approx(ordered.kappa)


def test_weighted_kappa_uses_the_given_clinical_order_of_levels():
    levels = sorted([LevelOfCare.OP, LevelOfCare.IOP, LevelOfCare.PHP], key=lambda lv: lv.rank)
    first = [LevelOfCare.OP, LevelOfCare.IOP, LevelOfCare.PHP, LevelOfCare.IOP]
    second = [LevelOfCare.IOP, LevelOfCare.IOP, LevelOfCare.PHP, LevelOfCare.OP]
    k = cohens_kappa(first, second, weights="linear", categories=levels)
    same_as_codes = cohens_kappa([1, 2, 3, 2], [2, 2, 3, 1], weights="linear")
    assert k.kappa == pytest.approx(same_as_codes.kappa)


def test_confusion_matrix_counts_and_labels_its_margins():
    cm = confusion_matrix(
        ["1", "2.1", "2.1", "3.5"],
        ["1", "2.1", "1", "3.5"],
        categories=["1", "2.1", "3.5"],
        names=("recommended", "clinician"),
    )
    assert isinstance(cm, ConfusionMatrix) and cm.n == 4 and cm.agreement == 0.75
    frame = cm.to_frame()
    assert frame.loc["2.1", "1"] == 1 and frame.loc["total", "total"] == 4
    assert (frame.index.name, frame.columns.name) == ("recommended", "clinician")


@pytest.mark.parametrize(
    "first, second, options, message",
    [
        ([1, 2], [1], {}, "same subjects"),
        ([1, None], [1, 2], {}, "rating 1 is missing"),
        ([1, float("nan")], [1, 2], {}, "rating 1 is missing"),
        ([1, 5], [1, 2], {"categories": [1, 2, 3]}, "rating 5 is not one of the categories"),
        ([1, 2], [1, 2], {"categories": [1, 2, 2]}, "must not repeat"),
        ([LevelOfCare.OP, LevelOfCare.IOP], [LevelOfCare.OP, LevelOfCare.OP], {}, "clinical order"),
        ([1, 2], [2, 1], {"weights": "cubic"}, "weights must be one of"),
        ([1, 1], [1, 1], {}, "single category"),
        ([], [], {}, "no rated subjects"),
    ],
)
def test_kappa_refuses_ratings_it_cannot_use(first, second, options, message):
    with pytest.raises(FitError, match=message):
        cohens_kappa(first, second, **options)


@pytest.mark.parametrize(
    "table, message",
    [
        ([[1, 2, 3]], "must be square"),
        ([[1, -1], [0, 2]], "whole numbers"),
        ([[1, 0.5], [0, 2]], "whole numbers"),
        ([["a", "b"], ["c", "d"]], "hold numbers"),
    ],
)
def test_kappa_refuses_a_table_that_is_not_counts(table, message):
    with pytest.raises(FitError, match=message):
        cohens_kappa(table)


def test_kappa_to_dict_is_one_flat_row():
    row = cohens_kappa(SAS_TABLE).to_dict()
    assert set(row) == {"kappa", "se", "ci_low", "ci_high", "confidence", "weights", "n", "observed", "expected"}
