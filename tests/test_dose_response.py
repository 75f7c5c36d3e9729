"""Dose-response fits (threshold, logistic, probit-log) and Kaplan-Meier retention."""

from __future__ import annotations

import numpy as np
import pytest

from iopkit import FitError
from iopkit.dose import HOWARD_1986, DoseResponse, fit_dose_response, kaplan_meier


def simulate(model, n=4000, seed=0):
    rng = np.random.default_rng(seed)
    dose = rng.uniform(5, 300, n)
    if model == "logistic":
        p = 1 / (1 + np.exp(-(-2 + 0.02 * dose)))
    elif model == "probit_log":
        from scipy.special import ndtr

        p = ndtr(-2.5 + 1.5 * np.log10(dose))
    else:
        p = np.where(dose >= 90, 0.6, 0.3)
    return dose, rng.random(n) < p


class TestFit:
    def test_logistic_recovers_its_parameters_within_the_interval(self):
        fit = fit_dose_response(*simulate("logistic"), "logistic")
        assert fit.ci["a"][0] < -2 < fit.ci["a"][1] and fit.ci["b"][0] < 0.02 < fit.ci["b"][1]

    def test_logistic_matches_scipy_minimize(self):
        from scipy.optimize import minimize
        from scipy.special import log_expit

        dose, y = simulate("logistic", n=1000, seed=3)
        nll = lambda beta: (
            -np.sum(y * log_expit(beta[0] + beta[1] * dose) + (1 - y) * log_expit(-beta[0] - beta[1] * dose))
        )
        reference = minimize(
            nll, [0, 0], method="Nelder-Mead", options={"xatol": 1e-9, "fatol": 1e-12, "maxiter": 5000}
        )
        fit = fit_dose_response(dose, y, "logistic")
        assert np.allclose([fit.params["a"], fit.params["b"]], reference.x, rtol=1e-3)
        assert np.isclose(fit.log_likelihood, -reference.fun)

    def test_probit_log_recovers_its_parameters(self):
        fit = fit_dose_response(*simulate("probit_log"), "probit_log")
        assert fit.ci["a"][0] < -2.5 < fit.ci["a"][1] and fit.ci["b"][0] < 1.5 < fit.ci["b"][1]

    def test_threshold_finds_the_step_and_both_levels(self):
        fit = fit_dose_response(*simulate("threshold"), "threshold")
        assert 80 < fit.params["threshold"] < 100
        assert fit.ci["p_below"][0] < 0.3 < fit.ci["p_below"][1] and fit.ci["p_above"][0] < 0.6 < fit.ci["p_above"][1]

    def test_a_fixed_threshold_is_used_as_given(self):
        fit = fit_dose_response(*simulate("threshold"), "threshold", threshold=90)
        assert 90 == fit.params["threshold"]

    def test_predict_gives_a_band_around_the_curve(self):
        fit = fit_dose_response(*simulate("logistic"), "logistic")
        p, lo, hi = fit.predict([50, 100, 200], interval=True)
        assert (lo < p).all() and (p < hi).all() and (np.diff(p) > 0).all()

    def test_dose_for_inverts_predict(self):
        for model in ("logistic", "probit_log"):
            fit = fit_dose_response(*simulate(model), model)
            assert np.isclose(fit.predict(fit.dose_for(0.6)), 0.6)

    def test_step_model_dose_for_an_unreachable_target_is_an_error(self):
        fit = fit_dose_response(*simulate("threshold"), "threshold", threshold=90)
        assert 90 == fit.dose_for(0.5)
        with pytest.raises(FitError, match="not reached"):
            fit.dose_for(0.9)

    def test_every_model_is_labelled_as_not_sud_validated(self):
        for model in ("threshold", "logistic", "probit_log"):
            fit = fit_dose_response(*simulate(model), model)
            assert "not validated for substance-use treatment" in fit.label and fit.source

    def test_howard_curve_reproduces_the_published_anchors(self):
        # clinical-reference.md §4.3: 50 % improved by 8 sessions, 75 % by 26, ~12 % at 1 (derived a, b).
        assert np.allclose(HOWARD_1986.predict([1, 8, 26, 52]), [0.12, 0.50, 0.75, 0.86], atol=0.01)
        assert "sessions" == HOWARD_1986.dose_unit

    def test_a_user_parameterised_model_has_no_intervals(self):
        with pytest.raises(FitError, match="need a fitted model"):
            HOWARD_1986.predict([8], interval=True)


class TestFitRefusals:
    def test_too_few_events_is_an_error_not_a_curve(self):
        dose = np.linspace(1, 100, 200)
        y = np.zeros(200, bool)
        y[:5] = True
        with pytest.raises(FitError, match="too few events to fit: 5 with the outcome"):
            fit_dose_response(dose, y, "logistic")

    def test_no_outcome_variation_is_an_error(self):
        with pytest.raises(FitError, match="0 without"):
            fit_dose_response(np.linspace(1, 100, 200), np.ones(200), "probit_log")

    def test_no_dose_variation_is_an_error(self):
        with pytest.raises(FitError, match="no variation in dose: every episode has 36 hours"):
            fit_dose_response(np.full(200, 36.0), np.arange(200) % 2, "logistic")

    def test_perfect_separation_is_an_error(self):
        dose = np.linspace(1, 100, 200)
        with pytest.raises(FitError, match="perfectly separated"):
            fit_dose_response(dose, dose > 50, "logistic")

    @pytest.mark.parametrize(
        "dose, outcome, message",
        [
            ([1.0, np.nan], [0, 1], "finite"),
            ([1.0, -2.0], [0, 1], "finite"),
            ([1.0, 2.0], [0, 2], "0/1"),
            ([1.0, 2.0], [0, 1, 1], "same length"),
        ],
    )
    def test_bad_values_are_refused(self, dose, outcome, message):
        with pytest.raises(FitError, match=message):
            fit_dose_response(dose, outcome, "logistic")

    def test_probit_log_refuses_zero_doses(self):
        dose, y = simulate("probit_log")
        dose[0] = 0
        with pytest.raises(FitError, match="every dose must be > 0"):
            fit_dose_response(dose, y, "probit_log")

    def test_unknown_model_lists_the_allowed_ones(self):
        with pytest.raises(FitError, match="'threshold', 'logistic', 'probit_log'"):
            fit_dose_response([1, 2], [0, 1], "emax")

    def test_a_model_with_wrong_parameters_is_refused(self):
        with pytest.raises(FitError, match=r"needs parameters \['a', 'b'\]"):
            DoseResponse("logistic", {"a": 1.0})


class TestKaplanMeier:
    @pytest.fixture
    def cohort(self):
        rng = np.random.default_rng(7)
        days = np.ceil(rng.exponential(80, 500))
        return days, rng.random(500) < 0.8

    def test_matches_scipy_ecdf_with_censoring(self, cohort):
        from scipy.stats import CensoredData, ecdf

        days, left = cohort
        curve = kaplan_meier(days, left)
        reference = ecdf(CensoredData.right_censored(days, ~left)).sf
        assert np.allclose(curve.survival, reference.evaluate(curve.times))
        with np.errstate(all="ignore"), pytest.warns(RuntimeWarning, match="undefined at some observations"):
            ci = reference.confidence_interval(method="log-log")  # undefined where S = 0 (the last time here)
        positive = curve.survival > 0
        assert np.allclose(curve.lower[positive], ci.low.evaluate(curve.times[positive]))
        assert np.allclose(curve.upper[positive], ci.high.evaluate(curve.times[positive]))
        assert (0.0, 0.0) == (curve.lower[-1], curve.upper[-1])

    def test_share_retained_past_90_days_without_censoring_is_the_share_above_90(self):
        days = np.array([10, 45, 90, 91, 120, 200, 30, 95])
        assert 0.5 == kaplan_meier(days).share_retained(90)

    def test_censored_episodes_stay_at_risk_until_censored(self):
        curve = kaplan_meier([10, 20, 30, 40], left=[True, False, True, True])
        assert np.allclose([0.75, 0.375, 0.0], curve.survival) and 30 == curve.median

    def test_all_censored_is_an_error(self):
        with pytest.raises(FitError, match="all censored"):
            kaplan_meier([10, 20], left=[False, False])

    def test_negative_days_are_refused(self):
        with pytest.raises(FitError, match="finite and >= 0"):
            kaplan_meier([10, -1])

    def test_refused_days_are_named_in_the_message(self):
        """The message shows the offending days, not only that some were wrong."""
        with pytest.raises(FitError) as e:
            kaplan_meier([10, -1, float("nan")])
        assert "days in treatment must be finite and >= 0 (got [-1.0, nan])" == str(e.value)


# --- review fixes ------------------------------------------------------------------------------


def _logistic_data(n=500, seed=1):
    rng = np.random.default_rng(seed)
    dose = rng.uniform(10, 200, n)
    return dose, rng.random(n) < 1 / (1 + np.exp(-(-2 + 0.02 * dose)))


def test_dose_for_a_target_below_the_curve_at_zero_is_an_error_not_a_negative_dose():
    fit = fit_dose_response(*_logistic_data(), "logistic")
    assert float(fit.predict(0.0)) > 0.1
    with pytest.raises(FitError, match="no dose >= 0"):
        fit.dose_for(0.1)
    assert fit.dose_for(0.5) > 0


def test_a_flat_curve_has_no_dose_for_a_target():
    with pytest.raises(FitError, match="flat"):
        DoseResponse("logistic", {"a": 0.0, "b": 0.0}).dose_for(0.7)


def test_probit_log_with_separated_outcomes_is_a_fit_error():
    dose, _ = _logistic_data()
    with pytest.raises(FitError, match="separated"):
        fit_dose_response(dose, dose > 100, "probit_log")


@pytest.mark.parametrize("confidence", [0, 1, 1.5, -0.2])
def test_confidence_outside_0_1_is_refused(confidence):
    with pytest.raises(FitError, match="confidence"):
        fit_dose_response(*_logistic_data(), "logistic", confidence=confidence)
    with pytest.raises(FitError, match="confidence"):
        kaplan_meier([1, 2, 3, 5, 6], confidence=confidence)


def test_text_doses_are_a_fit_error():
    with pytest.raises(FitError, match="doses must be numbers"):
        fit_dose_response(["a"] * 40, [True, False] * 20)


@pytest.mark.parametrize("left", [["False", "True", "True"], [np.nan, 1, 1], [2, 1, 1]])
def test_kaplan_meier_refuses_event_indicators_that_are_not_bool_or_0_1(left):
    with pytest.raises(FitError, match="left must be"):
        kaplan_meier([1, 2, 3], left)


def test_share_retained_refuses_nan_days():
    with pytest.raises(FitError, match="days"):
        kaplan_meier([1, 2, 3]).share_retained(float("nan"))
