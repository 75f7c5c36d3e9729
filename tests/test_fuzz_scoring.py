"""Bad input never crashes the scorer outside the iopkit error family, and never scores silently wrong.

Regression tests for the crashes found by fuzzing (read-only arrays as pandas 3 returns them, skip
rules writing into the caller's array, empty tables, numpy 0-d arrays, time spans), then Hypothesis
fuzzing of ``score`` and ``score_many`` with any answers.
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import iopkit
from iopkit.errors import InvalidAnswerError, IopkitError

CODES = list(iopkit.instruments())


def _read_only(a):
    a = np.array(a, dtype=float)
    a.setflags(write=False)
    return a


class TestCrashesFound:
    @pytest.mark.parametrize(
        "code, row",
        [
            ("cssrs_screen", [0, 0, np.nan, np.nan, np.nan, 0, np.nan]),  # both skip rules fill
            ("cssrs_screen", [1, 1, 0, 0, 0, 0, np.nan]),  # only the second fills
            ("crafft", [0, 0, 0, 0, np.nan, np.nan, np.nan, np.nan, np.nan]),
            ("audit", [0] + [np.nan] * 7 + [0, 0]),
            ("cssrs_screen", [1, 1, 0, 0, 0, 1, 1]),  # complete: no copy made
            ("crafft", [1, 0, 0, 1, 0, 0, 0, 0, 0]),
            ("phq9", [0] * 9),
        ],
    )
    def test_valid_read_only_arrays_score(self, code, row):
        a = _read_only([row])
        df = iopkit.score_many(code, a)
        assert df["error"].iloc[0] is None and not df["band"].isna().iloc[0]
        assert np.array_equal(a, np.array([row], dtype=float), equal_nan=True)  # untouched

    def test_skip_rules_never_write_into_the_callers_array(self):
        a = np.array([[1, 1, 0, 0, 0, 0, np.nan]])  # only the second skip rule applies
        iopkit.score_many("cssrs_screen", a)
        assert np.isnan(a[0, 6])

    def test_read_only_frame_columns(self):
        df = pd.DataFrame({f"item{i}": _read_only([0.0, 1.0]) for i in range(1, 8)})
        out = iopkit.score_many("cssrs_screen", df)
        assert list(out["band"]) == ["no_risk", "high_risk"]

    @pytest.mark.parametrize("code", CODES)
    def test_empty_tables(self, code):
        k = len(iopkit.instrument(code).items)
        for table in (
            np.empty((0, k)),
            _read_only(np.empty((0, k))),
            np.empty((0, k), dtype=object),
            pd.DataFrame({f"item{i}": pd.Series([], dtype=float) for i in range(1, k + 1)}),
        ):
            assert len(iopkit.score_many(code, table)) == 0

    @pytest.mark.parametrize("answers", [np.array(5), np.array([[1, 1]]), np.zeros((2, 1))])
    def test_arrays_of_the_wrong_shape_in_score(self, answers):
        with pytest.raises(InvalidAnswerError) as err:
            iopkit.score("phq2", answers)
        assert err.value.instrument == "phq2"

    @pytest.mark.parametrize("value", [np.timedelta64(1), np.timedelta64(1, "D"), np.datetime64("2020-01-01")])
    def test_time_spans_and_dates_are_no_answer(self, value):
        with pytest.raises(InvalidAnswerError) as err:
            iopkit.score("phq2", [value, 1])
        assert (err.value.instrument, err.value.item, err.value.allowed) == ("phq2", 1, (0, 1, 2, 3))
        df = iopkit.score_many("phq2", np.array([[value, 1]], dtype=object))
        assert df["error"].iloc[0].startswith("phq2 item 1 must be")

    # A time span or a date is named in words, never as the number numpy counts it by (a Hypothesis run
    # found ``np.timedelta64(1, "ns")`` named "1", a valid AUDIT-C answer), and in the same words
    # whichever of numpy, pandas or Python holds it and whatever unit it counts in: a DataFrame turns
    # ``np.timedelta64(1, "ns")`` into ``pd.Timedelta(1)``, so score and score_many name one cell alike.
    TIME_VALUES = [
        (np.timedelta64(1, "ns"), "a time span of 1 nanosecond"),
        (pd.Timedelta(1), "a time span of 1 nanosecond"),
        (np.timedelta64(1, "D"), "a time span of 1 day"),
        (pd.Timedelta(days=1), "a time span of 1 day"),
        (pd.Timedelta(hours=36), "a time span of 36 hours"),
        (np.timedelta64(-90, "m"), "a time span of -90 minutes"),
        (np.datetime64("2020-01-01"), "the date 2020-01-01"),
        (pd.Timestamp("2020-01-01"), "the date 2020-01-01"),
        (np.datetime64("2020-01-01T00:00:00.000000001"), "the date and time 2020-01-01 00:00:00.000000001"),
        (pd.Timestamp("2020-01-01 08:30:00.000000001"), "the date and time 2020-01-01 08:30:00.000000001"),
        (pd.Timestamp("2020-01-01", tz="UTC"), "the date and time 2020-01-01 00:00:00+00:00"),
        (np.datetime64("NaT"), "NaT"),
        (np.timedelta64("NaT"), "NaT"),
        (pd.NaT, "NaT"),
    ]

    @pytest.mark.parametrize("value, named", TIME_VALUES)
    def test_a_time_span_or_a_date_is_named_in_words_one_at_a_time(self, value, named):
        with pytest.raises(InvalidAnswerError) as err:
            iopkit.score("audit_c", [value, 0, 0])
        assert str(err.value) == f"audit_c item 1 must be one of 0, 1, 2, 3, 4 (got {named} (not a number))"
        assert err.value.value is value  # the structured field keeps the value given

    @pytest.mark.parametrize("value, named", TIME_VALUES)
    def test_a_time_span_or_a_date_is_named_in_the_same_words_in_a_cohort(self, value, named):
        expected = f"audit_c item 1 must be one of 0, 1, 2, 3, 4 (got {named} (not a number))"
        table = np.empty((1, 3), dtype=object)
        table[0] = [value, 0, 0]
        assert iopkit.score_many("audit_c", table)["error"].iloc[0] == expected  # an object array
        df = pd.DataFrame({"item1": [value], "item2": [0], "item3": [0]})  # pandas' own time column
        assert df["item1"].dtype.kind in "mMO"
        assert iopkit.score_many("audit_c", df)["error"].iloc[0] == expected

    def test_a_frame_of_time_spans_only(self):
        # the case Hypothesis found: every column a time span, so the frame's rows are numpy time spans
        df = pd.DataFrame({"item1": [pd.Timedelta(1)], "item2": [pd.Timedelta(0)], "item3": [pd.Timedelta(0)]})
        expected = "audit_c item 1 must be one of 0, 1, 2, 3, 4 (got a time span of 1 nanosecond (not a number))"
        assert iopkit.score_many("audit_c", df)["error"].iloc[0] == expected
        with pytest.raises(InvalidAnswerError) as err:
            iopkit.score("audit_c", list(df.to_numpy()[0]))
        assert str(err.value) == expected

    @pytest.mark.parametrize(
        "value, named",
        [
            (np.timedelta64(1, "ns"), "a time span of 1 nanosecond"),
            (np.datetime64("2020-01-01"), "the date 2020-01-01"),
        ],
    )
    def test_a_time_span_or_a_date_in_the_sex_column_is_named_in_words(self, value, named):
        df = pd.DataFrame({"item1": [0], "item2": [0], "item3": [0], "sex": pd.Series([value], dtype=object)})
        with pytest.raises(InvalidAnswerError) as err:
            iopkit.score_many("audit_c", df, sex_column="sex")
        assert str(err.value).startswith(f"audit_c sex column 'sex' holds {named} at row 0: allowed 'female', 'male'")

    @pytest.mark.parametrize(
        "item1",
        [pd.Series([-1]), pd.Series([-1], dtype="Int64"), pd.Series([-1, 0], dtype="Int64").iloc[:1]],
    )
    @pytest.mark.parametrize("item2", [pd.Series(["x"]), pd.Series([0.5]), pd.Series([pd.Timedelta(1)])])
    def test_a_whole_number_in_an_integer_column_is_named_as_its_cell(self, item1, item2):
        # beside a column of text, floats or time spans the integer column was read as floats: named "-1.0"
        df = pd.DataFrame({"item1": item1, "item2": item2})
        assert iopkit.score_many("phq2", df)["error"].iloc[0] == "phq2 item 1 must be one of 0, 1, 2, 3 (got -1)"
        with pytest.raises(InvalidAnswerError, match=r"^phq2 item 1 must be one of 0, 1, 2, 3 \(got -1\)$"):
            iopkit.score("phq2", [-1, 0])

    def test_a_numpy_number_is_named_as_the_number(self):
        with pytest.raises(InvalidAnswerError) as err:
            iopkit.score("audit_c", [np.float64(0.5), 0, 0])
        assert str(err.value) == "audit_c item 1 must be one of 0, 1, 2, 3, 4 (got 0.5)"

    def test_time_span_table(self):
        df = iopkit.score_many("phq2", np.array([[1, 1]], dtype="m8[D]"))
        assert df["error"].iloc[0].startswith("phq2 item 1 must be")

    def test_ragged_rows(self):
        with pytest.raises(InvalidAnswerError, match="rows of different lengths"):
            iopkit.score_many("phq2", [[1, 1], [2]])

    def test_errors_carry_structured_fields(self):
        with pytest.raises(InvalidAnswerError) as err:
            iopkit.score("phq9", [0, 0, 7, 0, 0, 0, 0, 0, 0])
        assert (err.value.instrument, err.value.item, err.value.value, err.value.allowed) == (
            "phq9",
            3,
            7,
            (0, 1, 2, 3),
        )
        with pytest.raises(iopkit.IncompleteResponseError) as err:
            iopkit.score("gad2", [1, None])
        assert (err.value.instrument, err.value.item) == ("gad2", 2)
        with pytest.raises(InvalidAnswerError) as err:
            iopkit.score("audit_c", [0, 0, 0], sex="x")
        assert (err.value.item, err.value.value) == ("sex", "x")


# --- fuzzing -------------------------------------------------------------------------------------

SPECIAL = [
    np.int64(1),
    np.float32(2.0),
    np.bool_(True),
    np.float64("nan"),
    np.int8(-1),
    np.uint64(2**63),
    np.timedelta64(1),
    np.datetime64("2020-01-01"),
    np.timedelta64(1, "ns"),
    np.datetime64("2020-01-01T00:00:00.000000001"),
    pd.Timedelta(1),
    pd.Timestamp("2020-01-01"),
    pd.NaT,
    np.array(1),
    np.array([1, 2]),
    np.str_("yes"),
    1j,
    b"1",
    [1],
    (0,),
    {1: 1},
    pd.NA,
    float("-inf"),
    10**400,
    -(10**400),
]
ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-5, 10),
    st.integers(min_value=2**63),
    st.floats(),
    st.just(float("nan")),
    st.text(max_size=6),
    st.sampled_from(["yes", "no", " YES ", "true", "n", "1", "0"]),
    st.integers(0, len(SPECIAL) - 1).map(SPECIAL.__getitem__),
)  # some of these cannot be hashed


@st.composite
def any_answers(draw):
    inst = iopkit.instrument(draw(st.sampled_from(CODES)))
    k = len(inst.items)
    length = draw(st.sampled_from([k, k, k, 0, k - 1, k + 1]))
    values = [draw(ANY_VALUE) for _ in range(max(length, 0))]
    shape = draw(st.sampled_from(["list", "tuple", "dict", "array"]))
    if shape == "dict":
        return inst, {draw(st.sampled_from([n + 1, n + 1, 0, -1, "1", 1.0])): v for n, v in enumerate(values)}
    if shape == "array":
        try:
            return inst, np.array(values, dtype=object)
        except ValueError:
            return inst, values
    return inst, (tuple(values) if shape == "tuple" else values)


def _check_score(inst, s):
    """A result is a correct one: the stored answers re-score to it, and the total is in range
    and in the band the scheme gives it."""
    assert s == iopkit.score(inst.code, s.answers, **s.context)
    if inst.reports_total:
        low, high = inst.total_range
        assert low <= s.total <= high
        band = next(
            b for b in inst.scheme(s.context["scheme"]).bands_for(s.context.get("sex")) if b.low <= s.total <= b.high
        )
        assert s.band == band.label


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_answers())
def test_score_never_crashes_outside_iopkit(data):
    inst, answers = data
    try:
        s = iopkit.score(inst.code, answers)
    except IopkitError as err:
        assert str(err) and (err.instrument in (None, inst.code))
        return
    _check_score(inst, s)


TIME_SPAN = st.one_of(
    st.integers(-(2**40), 2**40).map(lambda n: np.timedelta64(n, "ns")),
    st.integers(-1000, 1000).map(lambda n: np.timedelta64(n, "D")),
    st.integers(-(2**40), 2**40).map(pd.Timedelta),
)
DATE = st.one_of(
    st.integers(0, 2**60).map(lambda n: np.datetime64(n, "ns")),
    st.integers(-1000, 1000).map(lambda n: np.datetime64(n, "D")),
    st.integers(0, 2**60).map(pd.Timestamp),
)


@st.composite
def any_table(draw):
    inst = iopkit.instrument(draw(st.sampled_from(CODES)))
    k = len(inst.items)
    rows = draw(st.integers(0, 5))
    width = draw(st.sampled_from([k, k, k, k - 1, k + 1]))
    cells = [[draw(ANY_VALUE) for _ in range(width)] for _ in range(rows)]
    kind = draw(st.sampled_from(["object", "float", "frame", "read_only", "times"]))
    if kind == "times":  # columns of time spans or dates, which pandas reads as timedelta64 or datetime64
        columns = {}
        for j in range(width):
            cell = draw(st.sampled_from([TIME_SPAN, DATE, ANY_VALUE]))
            columns[f"item{j + 1}"] = pd.Series([draw(cell) for _ in range(rows)], dtype=None if rows else object)
        return inst, pd.DataFrame(columns, index=range(rows))
    if kind == "float" or kind == "read_only":
        cells = [
            [draw(st.one_of(st.floats(), st.integers(-3, 9).map(float), st.just(math.nan))) for _ in range(width)]
            for _ in range(rows)
        ]
        table = np.array(cells, dtype=float).reshape(rows, width)
        if kind == "read_only":
            table.setflags(write=False)
        return inst, table
    table = np.empty((rows, width), dtype=object)
    for r, row in enumerate(cells):
        for j, v in enumerate(row):
            table[r, j] = v
    if kind == "frame":
        return inst, pd.DataFrame(table, columns=[f"item{j + 1}" for j in range(width)])
    return inst, table


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_table())
def test_score_many_never_crashes_and_agrees_with_score(data):
    inst, table = data
    try:
        df = iopkit.score_many(inst.code, table)
    except IopkitError:
        return
    assert len(df) == len(table)
    # each cell as its column holds it (a frame's to_numpy() would make a whole number 1.0 beside a float column)
    rows = table.astype(object).to_numpy() if isinstance(table, pd.DataFrame) else table
    for r in range(len(df)):
        raw = [
            None if (v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))) else v
            for v in rows[r][: len(inst.items)]
        ]
        try:
            s = iopkit.score(inst.code, raw)
        except IopkitError as err:
            assert df["error"].iloc[r] == str(err)
            continue
        assert df["error"].iloc[r] is None
        if inst.reports_total:
            assert df["total"].iloc[r] == s.total and df["band"].iloc[r] == s.band
