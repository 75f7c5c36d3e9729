"""Every rating profile of the six dimensions (5**6 = 15,625) with its recommendation, built once per test worker: the
exhaustive sweeps of several files read the same recommendations (tests/test_placement_hours.py,
tests/test_placement_wm_setting.py, tests/test_placement_headline.py, tests/test_placement_headline_review_r16_wm.py)
instead of each building all of them again."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping

from iopkit.placement import recommend
from iopkit.placement.recommendation import Recommendation

#: Profiles per rating of dimension 1 (5**5): :func:`every_profile` lists dimension 1 slowest.
PER_RATING = 5**5


def every_profile(adolescent: bool = False) -> tuple[tuple[Mapping[int, int], Recommendation], ...]:
    """Each profile (dimension -> rating, in :func:`itertools.product` order: dimension 1 slowest) and its
    recommendation (``adolescent``: the adolescent hours)."""
    return _every_profile(adolescent)


@functools.cache
def _every_profile(adolescent: bool) -> tuple[tuple[Mapping[int, int], Recommendation], ...]:
    # one cache entry per set, however it is asked for (always positionally): ``every_profile()`` and
    # ``every_profile(False)`` were two keys of a cache on every_profile itself, so a worker running both callers
    # built the adult profiles twice (19 s)
    out = []
    for ratings in itertools.product(range(5), repeat=6):
        rec = recommend(dict(zip(range(1, 7), ratings)), adolescent=adolescent)
        out.append((rec.dimensions, rec))
    return tuple(out)


def with_dimension_1(rating: int) -> tuple[tuple[Mapping[int, int], Recommendation], ...]:
    """:func:`every_profile` (adult) with dimension 1 rated ``rating``: 5**5 profiles."""
    return every_profile()[rating * PER_RATING : (rating + 1) * PER_RATING]
