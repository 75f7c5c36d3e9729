"""Physician review R18 (session 16), should-fix S4: the headline that recommends ambulatory withdrawal management
(1-WM, 2-WM) beside dimension 5 or 6 rated 3-4 says the condition :meth:`Recommendation.describe` says (R17a
should-fix S8): ambulatory withdrawal management relies on a safe place to spend the night and someone who can call
for help (ASAM Criteria, 3rd ed., 2013: 1-WM and 2-WM, a supportive recovery environment; ASAM 2020 alcohol withdrawal
guideline). The condition is typed here from R17a-S8's words, never built from iopkit's constants.
"""

from __future__ import annotations

import itertools

import pytest

from iopkit.placement import recommend

#: R17a-S8's words, typed.
CONDITION = (
    "; ambulatory withdrawal management only with a safe place to stay overnight and a supportive person who can call "
    "for help ({rated}); otherwise 3.2-WM"
)


def test_s4_the_headline_says_describes_condition_for_2_wm_beside_dimension_5_rated_3():
    r = recommend({1: 2, 2: 0, 3: 1, 4: 1, 5: 3, 6: 1})
    want = CONDITION.format(rated="dimension 5 rated 3")
    assert r.headline == (
        "Recommended: Level 2.5 (Partial hospitalization), at least 20 h/week of clinical services; with 2-WM "
        f"ambulatory withdrawal management with extended on-site monitoring{want}"
    )
    assert r.describe().endswith(want)


RATINGS = [
    {1: d1, 2: d2, 3: d3, 4: 1, 5: d5, 6: d6}
    for d1, d2, d3, d5, d6 in itertools.product((1, 2), (0, 1, 2), (0, 1, 2), (1, 2, 3), (1, 2, 3))
]


@pytest.mark.parametrize("ratings", RATINGS, ids=str)
def test_s4_headline_and_describe_agree_on_the_condition(ratings):
    r = recommend(ratings)
    rated = [f"dimension {d} rated {ratings[d]}" for d in (5, 6) if ratings[d] >= 3]
    in_describe = "ambulatory withdrawal management only with a safe place" in r.describe()
    in_headline = "ambulatory withdrawal management only with a safe place" in r.headline
    assert in_describe == in_headline, (r.describe(), r.headline)
    if in_headline:
        assert rated and CONDITION.format(rated=", ".join(rated)) in r.headline, r.headline
