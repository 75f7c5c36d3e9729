"""CIWA-Ar to dimension 1: each band of the default scheme suggests its own rating.

The bands are typed from Sullivan et al. 1989 (Br J Addict 84:1353-7): under 8 minimal to mild, 8-14 moderate
(ambulatory management with monitoring), 15 or more severe; the rating each suggests (0 none, 1 mild,
2 moderate, 3 severe: inpatient withdrawal management) is in ``SUGGESTION_RULES``. Items 6-8 and 10 are
answered 0 so that no worst-case safety flag or complicated-withdrawal flag decides instead.
"""

from __future__ import annotations

import pytest

from iopkit import score
from iopkit.placement import suggest_dimensions


@pytest.mark.parametrize(
    ("first_three", "total", "rating"),
    [
        ((0, 0, 0), 0, 0),
        ((2, 2, 1), 5, 1),
        ((3, 2, 2), 7, 1),
        ((3, 3, 2), 8, 2),
        ((4, 3, 3), 10, 2),
        ((5, 5, 4), 14, 2),
        ((5, 5, 5), 15, 3),
        ((7, 7, 7), 21, 3),
    ],
)
def test_each_ciwa_band_suggests_its_dimension_1_rating(first_three, total, rating):
    s = score("ciwa_ar", [*first_three, 0, 0, 0, 0, 0, 0, 0])
    assert s.total == total
    suggestion = suggest_dimensions([s])[1]
    assert suggestion.rating == rating
    assert "CIWA-Ar" in suggestion.reason
