"""Every placement, suggestion, review and progress rule cites sources a clinician can look up."""

import itertools
import re

import pytest

import iopkit
from iopkit import placement, progress
from iopkit.flags import Flag
from iopkit.placement import continued_stay, levels, suggest
from iopkit.placement.levels import LevelOfCare as L
from iopkit.sources import UnknownSourceError, resolve, sources

CODES = re.compile(r"\[[SPU](/[SPU])?\]|§|clinical-reference|iopkit design|\b[ACDMR]\d+[a-z]?\b")
#: The same, for text that names dimensions (D1 ... D6).
CODES_BUT_DIMENSIONS = re.compile(r"\[[SPU](/[SPU])?\]|§|clinical-reference|iopkit design|\b[ACMR]\d+[a-z]?\b|\bD\d\d")


def all_rule_sources():
    yield from (r.source for r in placement.RULES)
    yield from (r.source for r in levels.HOURS)
    yield from (e.source for e in levels.FOURTH_EDITION.values())
    yield from (r.source for r in suggest.SUGGESTION_RULES)
    yield from (src for *_, src in suggest.SAFETY_FLOOR.values())
    yield from (src for *_, src in suggest.FLAG_FLOORS.values())
    yield from (c.source for c in progress.CHANGE_CRITERIA.values())
    yield from (src for *_, src in continued_stay.REVIEW_RULES.values())
    yield from (src for *_, src in continued_stay.SAFETY_CALLS.values())


def test_every_rule_source_resolves_to_a_full_citation():
    for text in all_rule_sources():
        found = resolve(text)
        assert found and all(s.citation for s in found), text
        assert not CODES.search(text), text


def test_every_placement_bibliography_entry_has_a_citation_and_what_it_supports():
    for key, entry in sources().items():
        assert entry.short and entry.citation and entry.supports, key


def test_a_source_that_is_not_in_the_bibliography_is_refused():
    with pytest.raises(UnknownSourceError):
        resolve("asam2013; no_such_source")


@pytest.mark.parametrize("d1", range(5))
def test_every_recommendation_flag_basis_and_alternative_cites_resolvable_sources(d1):
    for rest in itertools.product(range(0, 5, 2), repeat=5):
        for context in ({}, {"supportive_home": False, "work_or_school": True}):
            r = placement.recommend(dict(zip(range(1, 7), (d1, *rest))), context=context, adolescent=bool(d1 % 2))
            for text in [f.source for f in r.flags] + [b.source for b in r.basis] + [a.source for a in r.alternatives]:
                assert resolve(text) and not CODES.search(text), text


def test_every_review_finding_flag_and_taper_cites_resolvable_sources():
    phq = [iopkit.score("phq9", [3] * 8 + [1]), iopkit.score("phq9", [0] * 9)]
    for level, screens, order in itertools.product(
        [L.OP, L.IOP, L.PHP, L.INPATIENT_MANAGED, L.EARLY_INTERVENTION], [(False,) * 3, (True,) * 3], [phq, phq[::-1]]
    ):
        r = placement.review(placement.EpisodeHistory(level, 0.9, screens, tuple(enumerate(order))))
        texts = [x.source for x in r.findings] + [s.source for s in r.taper]
        texts += [f.source for f in r.flags if f.source and not f.source.startswith(("Kroenke", "[S]"))]
        for text in texts:
            assert resolve(text), text


def test_rules_text_shows_short_citations_not_codes():
    text = placement.rules() + placement.rules(edition="4th")
    assert "Mee-Lee et al. 2013" in text and not CODES_BUT_DIMENSIONS.search(text)
    assert not CODES.search(levels.describe(L.RESIDENTIAL_POPULATION_SPECIFIC, edition="4th"))


def test_the_headline_and_suggestion_reason_carry_no_codes():
    s = suggest.suggest_dimensions([iopkit.score("ciwa_ar", {i: 1 for i in range(1, 11)})])[1]
    assert not CODES.search(s.source)
    r = placement.recommend({1: 3, 2: 1, 3: 1, 4: 1, 5: 2, 6: 3}, suggested=[s])
    assert not CODES.search(r.headline)
    assert isinstance(r.flags[0], Flag)
