"""One patient's trajectory read in plain Python gives what numpy gives, bit for bit.

A series of plain numbers (lists or tuples of int and float) goes through ``progress._plain_series``; the same
series as numpy arrays goes through numpy, as every series did before.  The two must agree on every value and
type (``repr`` of the whole Trajectory), and on every refusal.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iopkit.progress import _sum, trajectory

HIGHEST = {"phq9": 27, "gad7": 21, "pcl5": 80}


def read(instrument, weeks, totals):
    try:
        return repr(trajectory(instrument, weeks, totals))
    except Exception as error:  # noqa: BLE001 - the refusal itself is compared
        return f"{type(error).__name__}: {error}"


weeks = st.one_of(
    st.floats(0, 52, allow_nan=False),
    st.integers(0, 52),
    st.sampled_from([0.0, -0.0, 1e-200, 2e-200, 1e300, float("inf"), float("nan")]),
)
totals = st.one_of(st.integers(-1, 81), st.floats(-1, 81), st.sampled_from([-0.0, float("nan"), float("inf")]))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # numpy's own, on infinite and huge weeks (both paths)
@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(HIGHEST)), st.lists(st.tuples(weeks, totals), min_size=1, max_size=20))
def test_a_plain_series_reads_as_numpy_reads_it(instrument, points):
    w, y = [p[0] for p in points], [p[1] for p in points]
    plain = read(instrument, w, y)
    assert plain == read(instrument, np.array(w, dtype=object), np.array(y, dtype=object))
    assert read(instrument, tuple(w), tuple(y)) == plain


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False) | st.sampled_from([-0.0, 0.0, 1e-300]), max_size=130))
def test_sum_is_numpy_add_reduce(values):
    if len(values) <= 128:
        assert repr(_sum(list(values))) == repr(float(np.add.reduce(np.array(values, dtype=float))))
