"""Response and remission only from a clinical baseline; deterioration below the range is a warning.

Typed from the sources:
- NCQA HEDIS Depression Remission or Response (DRR-E): the denominator is patients with a PHQ-9 total
  above 9; response is a drop of at least 50 %; remission is a total below 5.
- GAD-7 cut-off for probable GAD: 10 (Spitzer et al. 2006).
- PCL-5 provisional PTSD: cut-points of 31-33 (National Center for PTSD, Using the PCL-5).
- NHS Talking Therapies: reliable change on PHQ-9 is 6 points.
"""

import pytest

import iopkit
from iopkit.placement import EpisodeHistory, review
from iopkit.placement.levels import LevelOfCare as L
from iopkit.placement.suggest import SUGGESTION_RULES
from iopkit.progress import CHANGE_CRITERIA, change
from iopkit.sources import resolve


def phq9_total(total):
    answers, left = {9: 0}, total
    for i in range(1, 9):
        answers[i], left = min(left, 3), left - min(left, 3)
    return iopkit.score("phq9", answers)


@pytest.mark.parametrize(
    "before,after,response,remission",
    [
        (3, 2, False, False),  # the case from the clinical review: never clinical, never "remission"
        (9, 0, False, False),  # 9 is not above 9
        (10, 4, True, True),
        (10, 5, True, False),
        (10, 6, False, False),
        (27, 13, True, False),
    ],
)
def test_phq9_response_and_remission_follow_hedis(before, after, response, remission):
    c = change("phq9", before, after)
    assert (bool(c["response"]), bool(c["remission"])) == (response, remission)


@pytest.mark.parametrize("before,after,remission", [(9, 2, False), (10, 4, True), (10, 5, False)])
def test_gad7_remission_needs_a_baseline_at_the_gad_cut_off(before, after, remission):
    assert bool(change("gad7", before, after)["remission"]) is remission


@pytest.mark.parametrize("before,after,remission", [(32, 10, False), (33, 30, True), (33, 31, False), (50, 32, False)])
def test_pcl5_remission_is_below_every_published_cut_point_from_a_provisional_ptsd_baseline(before, after, remission):
    assert bool(change("pcl5", before, after)["remission"]) is remission


def test_pcl5_clinical_baseline_agrees_with_the_suggestion_cut_point():
    provisional = min(r.low for r in SUGGESTION_RULES if r.instrument == "pcl5" and r.rating == 2)
    assert provisional == CHANGE_CRITERIA["pcl5"].clinical_baseline == 33
    assert 31 <= CHANGE_CRITERIA["pcl5"].remission_below <= 33


def test_every_change_criterion_source_resolves():
    for crit in CHANGE_CRITERIA.values():
        assert resolve(crit.source)


READY = dict(attendance=0.9, drug_screens=(False,) * 3)


def test_review_never_reports_remission_from_a_non_clinical_baseline():
    r = review(EpisodeHistory(L.IOP, scores=((0, phq9_total(3)), (4, phq9_total(2))), **READY))
    assert "improved" not in {x.code for x in r.findings}
    assert not any(x.finding.endswith((": remission", ": response")) for x in r.findings)
    assert "below_clinical_range" in {x.code for x in r.findings}


def test_reliable_deterioration_below_the_clinical_range_is_a_warning_not_a_step_up():
    r = review(EpisodeHistory(L.IOP, scores=((0, phq9_total(1)), (4, phq9_total(8))), **READY))  # +7, still < 10
    assert r.decision == "continue"
    (flag,) = [f for f in r.flags if f.code == "deterioration_below_clinical_range"]
    assert flag.severity == "warning"


def test_reliable_deterioration_into_the_clinical_range_steps_up():
    r = review(EpisodeHistory(L.IOP, scores=((0, phq9_total(3)), (4, phq9_total(12))), **READY))
    assert r.decision == "step_up" and "reliable_deterioration" in {x.code for x in r.reasons}
