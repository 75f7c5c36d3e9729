"""Score-to-suggestion map: values typed from each mapping's source, and every source resolves.

- Complicated withdrawal (severe hallucinations, disorientation, delirium) needs medically managed
  inpatient withdrawal management whatever the CIWA-Ar total: ASAM alcohol withdrawal guideline 2020.
- Opioid withdrawal is usually managed ambulatory with buprenorphine or methadone: ASAM national
  practice guideline for OUD 2020; a COWS total alone never routes to inpatient withdrawal management.
- AUDIT zone IV is 20-40 (referral for specialist evaluation and treatment), zone III 16-19: WHO AUDIT
  guidelines (Babor et al. 2001). DAST-10 6-8 substantial, 9-10 severe (intensive assessment), 3-5
  moderate: Skinner 1982.
- C-SSRS screener: a suicide attempt more than 3 months ago with no current ideation triages to
  "moderate": behavioural-health evaluation and safety planning (Columbia triage), not a bed.
"""

import dataclasses

import pytest

import iopkit
from iopkit.flags import CallsFor, Flag
from iopkit.placement import recommend
from iopkit.placement.suggest import (
    FLAG_FLOORS,
    SAFETY_FLOOR,
    SUGGESTION_RULES,
    suggest_dimensions,
)
from iopkit.sources import resolve

MILD = {2: 1, 3: 1, 4: 1, 5: 1, 6: 1}


def ciwa(total):
    answers, left = {}, total
    for i in range(1, 10):
        answers[i], left = min(left, 7), left - min(left, 7)
    return iopkit.score("ciwa_ar", {**answers, 10: 0})


def cows(total):
    """A COWS Score carrying ``total`` (the suggestion reads the total; built directly, as a stored score)."""
    return dataclasses.replace(iopkit.score("cows", {i: 0 for i in range(1, 12)}), total=total)


COMPLICATED = Flag(
    "complicated_withdrawal",
    "CIWA-Ar hallucinations and disorientation severe",
    "critical",
    "Medical review now: possible delirium",
    "asam_awm2020",
    calls_for=CallsFor.MEDICAL_REVIEW,
)


@pytest.mark.parametrize("total", [3, 12, 20])
def test_complicated_withdrawal_flag_suggests_4_wm_whatever_the_total(total):
    score = dataclasses.replace(ciwa(total), flags=(COMPLICATED,))
    s = suggest_dimensions([score])[1]
    assert s.rating == 4 and COMPLICATED in s.flags
    r = recommend({1: s.rating, **MILD}, suggested=[s])
    assert r.withdrawal_management.code == "4-WM" and r.headline.startswith("First: emergency medical evaluation")
    assert "4-WM" in r.headline  # after the emergency evaluation


def test_complicated_withdrawal_on_an_unfinished_form_still_suggests_4():
    partial = dataclasses.replace(
        ciwa(5), total=None, band=None, flags=(dataclasses.replace(COMPLICATED, partial=True),)
    )
    assert suggest_dimensions([partial])[1].rating == 4


@pytest.mark.parametrize("total", [13, 24, 25, 36, 40])
def test_cows_never_routes_to_inpatient_withdrawal_management_by_itself(total):
    s = suggest_dimensions([cows(total)])[1]
    assert s.rating == 2, (total, s)
    assert "asam_npg2020" in s.source
    assert recommend({1: s.rating, **MILD}).withdrawal_management.code == "2-WM"


@pytest.mark.parametrize("total,rating", [(15, None), (16, 1), (19, 1), (20, 2), (40, 2)])
def test_audit_zone_iv_suggests_dimension_5(total, rating):
    score = dataclasses.replace(iopkit.score("audit", {i: 0 for i in range(1, 11)}), total=total)
    got = suggest_dimensions([score]).get(5)
    assert (got.rating if got else None) == rating


def test_audit_scored_20_from_answers_suggests_dimension_5_rated_2():
    answers = {**{i: 2 for i in range(1, 9)}, 9: 2, 10: 2}
    assert suggest_dimensions([iopkit.score("audit", answers)])[5].rating == 2


@pytest.mark.parametrize("total,rating", [(2, None), (3, 1), (5, 1), (6, 2), (8, 2), (9, 2), (10, 2)])
def test_dast10_substantial_or_severe_suggests_dimension_5(total, rating):
    score = dataclasses.replace(iopkit.score("dast10", {i: 0 for i in range(1, 11)}), total=total)
    got = suggest_dimensions([score]).get(5)
    assert (got.rating if got else None) == rating


def test_remote_suicide_attempt_without_current_ideation_is_not_a_residential_suggestion():
    score = iopkit.score("cssrs_screen", {1: 0, 2: 0, 6: 1, 7: 0})  # attempt > 3 months ago only
    s = suggest_dimensions([score])[3]
    assert s.rating == 2 and "risk assessment" in s.reason
    r = recommend({1: 0, 2: 1, 3: s.rating, 4: 1, 5: 1, 6: 1}, suggested=[s])
    assert r.level.code == "2.1"
    assert "suicide_risk_moderate" in [f.code for f in r.flags]


def test_every_suggestion_source_resolves_to_the_bibliography():
    for rule in SUGGESTION_RULES:
        assert resolve(rule.source), rule
    for _, _, source in SAFETY_FLOOR.values():
        assert resolve(source)
    for *_, source in FLAG_FLOORS.values():
        assert resolve(source)


def test_a_suicide_risk_flag_on_an_unscored_form_still_reaches_dimension_3():
    item9 = Flag(
        "suicidal_ideation",
        "PHQ-9 item 9 endorsed",
        "critical",
        "Risk assessment today",
        "x",
        calls_for=CallsFor.RISK_ASSESSMENT,
        partial=True,
    )
    partial = dataclasses.replace(iopkit.score("phq9", [0] * 9), total=None, band=None, flags=(item9,))
    s = suggest_dimensions([partial])[3]
    assert s.rating == 2 and item9 in s.flags
    assert item9 in recommend({1: 0, **MILD}, suggested=[s]).flags


@pytest.mark.parametrize(
    "instrument,total,rating",
    [
        # PHQ-9 bands 0-4 minimal, 5-9 mild, 10+ moderate or worse (Kroenke et al. 2001)
        ("phq9", 4, 0),
        ("phq9", 5, 1),
        ("phq9", 9, 1),
        ("phq9", 10, 2),
        ("phq9", 27, 2),
        # GAD-7 cut-points 5, 10 (Spitzer et al. 2006)
        ("gad7", 4, 0),
        ("gad7", 5, 1),
        ("gad7", 9, 1),
        ("gad7", 10, 2),
        # PCL-5 provisional PTSD from 33 (National Center for PTSD; 31-33 range, 33 used)
        ("pcl5", 0, 0),
        ("pcl5", 32, 1),
        ("pcl5", 33, 2),
    ],
)
def test_symptom_scores_suggest_dimension_3_at_the_published_cut_points(instrument, total, rating):
    n = {"phq9": 9, "gad7": 7, "pcl5": 20}[instrument]
    score = dataclasses.replace(iopkit.score(instrument, [0] * n), total=total)
    assert suggest_dimensions([score])[3].rating == rating
