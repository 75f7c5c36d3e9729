"""The statistics against independent implementations run here (statsmodels, pingouin, icalendar),
on generated data, instead of numbers copied into the tests.

The published-output checks (SAS, R) stay in test_psychometrics and test_dose_response; these add many
random cases for each estimate. statsmodels, pingouin and icalendar are test-only dependencies.
"""

from __future__ import annotations

import numpy as np
import pytest

from iopkit.dose import fit_dose_response, kaplan_meier, log_rank
from iopkit.errors import FitError
from iopkit.psychometrics import cohens_kappa, confusion_matrix, cronbach_alpha, normal_quantile, wilson_ci

SEEDS = range(5)


def _episodes(rng, groups: int, n: int = 120):
    """Days in treatment (with ties: whole weeks), ended or censored, for ``groups`` levels of care."""
    level = rng.integers(0, groups, n)
    days = 7.0 * np.ceil(rng.exponential(8 + 4 * level, n))
    ended = rng.random(n) < 0.75
    names = np.array(["1", "2.1", "2.5", "3.7"])[level]
    return days, ended, names


# --- log-rank: statsmodels.duration.survfunc.survdiff ---------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("groups", [2, 3, 4])
def test_log_rank_equals_statsmodels_survdiff(seed, groups):
    from statsmodels.duration.survfunc import survdiff

    rng = np.random.default_rng(seed)
    days, ended, names = _episodes(rng, groups)
    ours = log_rank(days, ended, groups=names)
    chi2, p = survdiff(days, ended.astype(float), names)
    assert ours.statistic == pytest.approx(chi2, rel=1e-9, abs=1e-12)
    assert ours.p_value == pytest.approx(p, rel=1e-9, abs=1e-15)
    assert ours.df == len(set(names)) - 1 and sum(ours.n) == days.size
    assert sum(ours.observed) == pytest.approx(sum(ours.expected)) == ended.sum()


def test_log_rank_of_identical_groups_is_zero_and_it_refuses_what_it_cannot_compare():
    days = [10, 20, 30, 40]
    assert log_rank(days + days, groups=["IOP"] * 4 + ["OP"] * 4).statistic == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(FitError, match="at least two groups"):
        log_rank(days, groups=["IOP"] * 4)
    with pytest.raises(FitError, match="all censored"):
        log_rank(days, [False] * 4, groups=["IOP", "OP"] * 2)
    with pytest.raises(FitError, match="same length"):
        log_rank(days, groups=["IOP", "OP"])
    with pytest.raises(FitError, match="needs a group"):
        log_rank(days, groups=["IOP", None, "OP", "OP"])


# --- Kaplan-Meier: statsmodels SurvfuncRight ------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_kaplan_meier_equals_statsmodels_survfunc_with_its_greenwood_error(seed):
    from statsmodels.duration.survfunc import SurvfuncRight

    rng = np.random.default_rng(seed)
    days, ended, _ = _episodes(rng, 1)
    ours = kaplan_meier(days, ended)
    theirs = SurvfuncRight(days, ended.astype(float))
    np.testing.assert_allclose(ours.times, theirs.surv_times)
    np.testing.assert_allclose(ours.survival, theirs.surv_prob, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(ours.at_risk, theirs.n_risk)
    np.testing.assert_array_equal(ours.events, theirs.n_events)
    # the log-log interval is built from the Greenwood variance: recover its standard error from the bounds
    inside = (ours.survival > 0) & (ours.survival < 1) & (ours.lower > 0)
    s, low = ours.survival[inside], ours.lower[inside]
    spread = -np.log(np.log(low) / np.log(s))
    np.testing.assert_allclose(s * spread * np.log(s) / normal_quantile(0.95), theirs.surv_prob_se[inside], rtol=1e-9)


# --- Cronbach's alpha: pingouin.cronbach_alpha ---------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_alpha_equals_pingouin_with_its_feldt_interval(seed):
    import pandas as pd
    import pingouin

    rng = np.random.default_rng(seed)
    trait = rng.normal(size=(60, 1))
    items = np.clip(np.rint(1.5 + trait + rng.normal(scale=1.0, size=(60, 7))), 0, 3)
    items[rng.random(items.shape) < 0.03] = np.nan
    ours = cronbach_alpha(items)
    alpha, _ = pingouin.cronbach_alpha(pd.DataFrame(items), nan_policy="listwise")
    assert ours.alpha == pytest.approx(alpha, rel=1e-12)
    # pingouin's Feldt interval counts the rows before listwise deletion (n - 1 degrees of freedom of the
    # full table); ours counts those used, as psych::alpha does: compare the interval on the complete rows
    complete = items[~np.isnan(items).any(axis=1)]
    _, ci = pingouin.cronbach_alpha(pd.DataFrame(complete))
    assert cronbach_alpha(complete).ci == ours.ci == pytest.approx(tuple(ci), abs=5e-4)  # pingouin rounds to 3 d.p.


# --- Cohen's kappa: statsmodels.stats.inter_rater.cohens_kappa -----------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("weights, wt", [("none", None), ("linear", "linear"), ("quadratic", "quadratic")])
def test_kappa_equals_statsmodels(seed, weights, wt):
    from statsmodels.stats.inter_rater import cohens_kappa as sm_kappa

    rng = np.random.default_rng(seed)
    first = rng.integers(0, 5, 80)
    second = np.clip(first + rng.integers(-1, 2, 80), 0, 4)
    table = np.asarray(confusion_matrix(first, second, categories=range(5)).counts)
    ours = cohens_kappa(first, second, weights=weights, categories=range(5))
    theirs = sm_kappa(table, wt=wt)
    assert ours.kappa == pytest.approx(theirs.kappa, rel=1e-12)
    assert ours.se == pytest.approx(theirs.std_kappa, rel=1e-9)
    assert ours.ci == pytest.approx((theirs.kappa_low, theirs.kappa_upp), rel=1e-9)


# --- proportions and dose-response: statsmodels ---------------------------------------------------


@pytest.mark.parametrize("successes, n", [(0, 10), (1, 10), (81, 263), (15, 148), (263, 263), (5, 7)])
def test_wilson_interval_equals_statsmodels(successes, n):
    from statsmodels.stats.proportion import proportion_confint

    assert wilson_ci(successes, n) == pytest.approx(proportion_confint(successes, n, method="wilson"), rel=1e-12)


def _cohort(rng, model: str, n: int = 400):
    from scipy.special import expit, ndtr

    dose = rng.uniform(3, 150, n)
    p = expit(-2 + 0.03 * dose) if model == "logistic" else ndtr(-1.6 + 1.1 * np.log10(dose))
    return dose, (rng.random(n) < p).astype(float)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("model", ["logistic", "probit_log"])
def test_dose_response_fit_equals_a_statsmodels_binomial_glm(seed, model):
    import statsmodels.api as sm

    rng = np.random.default_rng(seed)
    dose, outcome = _cohort(rng, model)
    ours = fit_dose_response(dose, outcome, model)
    x = np.log10(dose) if model == "probit_log" else dose
    link = sm.families.links.Logit() if model == "logistic" else sm.families.links.Probit()
    glm = sm.GLM(outcome, sm.add_constant(x), family=sm.families.Binomial(link=link)).fit()
    assert (ours.params["a"], ours.params["b"]) == pytest.approx(tuple(glm.params), rel=1e-6)
    low, high = glm.conf_int().T
    assert (ours.ci["a"], ours.ci["b"]) == (
        pytest.approx((low[0], high[0]), rel=1e-6),
        pytest.approx((low[1], high[1]), rel=1e-6),
    )
    assert ours.log_likelihood == pytest.approx(glm.llf, rel=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_step_model_shares_and_intervals_equal_statsmodels_at_a_given_threshold(seed):
    from statsmodels.stats.proportion import proportion_confint

    rng = np.random.default_rng(seed)
    dose = rng.uniform(10, 200, 300)
    outcome = (rng.random(300) < np.where(dose >= 90, 0.6, 0.3)).astype(float)
    ours = fit_dose_response(dose, outcome, "threshold", threshold=90)
    for side, chosen in (("p_below", dose < 90), ("p_above", dose >= 90)):
        k, n = int(outcome[chosen].sum()), int(chosen.sum())
        assert ours.params[side] == pytest.approx(k / n)
        assert ours.ci[side] == pytest.approx(proportion_confint(k, n, method="wilson"), rel=1e-12)


# --- the dose planner's calendar: icalendar -------------------------------------------------------


def test_the_ics_calendar_reads_back_in_icalendar_event_by_event():
    from datetime import UTC, datetime

    import icalendar

    from iopkit.dose import schedule

    plan = schedule("2025-12-29", ["mon", "wed", "fri"], 3, 3, track="evening", skip_dates=["2026-01-02"])
    description = "Groupe de prévention, étape 2; apportez: carnet\\stylo\n" + "é" * 80
    text = plan.to_ics(
        summary="IOP, evening; group",
        location="Room 2, Clinic: east wing",
        description=description,
        dtstamp=datetime(2025, 1, 1, 8, 30, tzinfo=UTC),
        uid_salt="IOP-0042",
    )
    calendar = icalendar.Calendar.from_ical(text)
    assert (str(calendar["VERSION"]), str(calendar["CALSCALE"])) == ("2.0", "GREGORIAN")
    events = calendar.walk("VEVENT")
    assert [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in events] == [
        (datetime.combine(s.date, s.start), datetime.combine(s.date, s.end)) for s in plan.sessions
    ]
    assert {(str(e["SUMMARY"]), str(e["LOCATION"]), str(e["DESCRIPTION"])) for e in events} == {
        ("IOP, evening; group", "Room 2, Clinic: east wing", description)
    }
    assert len({str(e["UID"]) for e in events}) == len(events) == len(plan.sessions) == 8
    assert {e.decoded("DTSTAMP") for e in events} == {datetime(2025, 1, 1, 8, 30, tzinfo=UTC)}
