"""Dose-response models (threshold, logistic, probit-log) and retention (Kaplan-Meier, log-rank test).

Every model here is **user-parameterised and not validated for substance-use treatment**: no logistic
or Emax curve in hours of SUD treatment was found in the literature. The
forms are the published ones: a step at ~90 days (DATOS; NIDA Principles of Drug Addiction Treatment) and a probit on
log(sessions) (Howard et al. 1986, psychotherapy). scipy is imported by the functions that fit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from .._frozen import FrozenMap, freeze
from .._validate import member
from ..errors import FitError
from ..psychometrics import normal_quantile, wilson_ci
from ..sources import in_words

__all__ = [
    "DoseModel",
    "MODELS",
    "DoseResponse",
    "HOWARD_1986",
    "fit_dose_response",
    "RetentionCurve",
    "kaplan_meier",
    "LogRank",
    "log_rank",
]


class DoseModel(StrEnum):
    """The shape of a dose-response curve (:attr:`DoseResponse.model`).

    ``threshold``: one probability below a dose and another from it; ``logistic``: logit P = a + b*dose;
    ``probit_log``: probit P = a + b*log10(dose).
    """

    THRESHOLD = "threshold"
    LOGISTIC = "logistic"
    PROBIT_LOG = "probit_log"


#: The values of :class:`DoseModel`.
MODELS = tuple(m.value for m in DoseModel)
LABEL = "user-parameterised; not validated for substance-use treatment"
#: The source of each model's form (bibliography keys). A step at about 90 days: NIDA Principles (3rd ed.) and
#: DATOS (Simpson et al. 1997); a logistic curve in dose is a generic form no source gives for hours of SUD
#: treatment (iopkit's own); a probit on log10(dose): Howard et al. 1986 (psychotherapy sessions, not SUD).
SOURCES = {
    "threshold": "nida_principles2018; simpson1997_datos",
    "logistic": "iopkit",
    "probit_log": "howard1986",
}


#: Events (and non-events) per estimated slope needed to fit: Peduzzi et al. 1996, J Clin Epidemiol 49:1373.
MIN_EVENTS = 10


@dataclass(frozen=True)
class DoseResponse:
    """A dose-response curve: P(outcome) as a function of dose.

    ``params``: ``a``, ``b`` (logistic: logit P = a + b*dose; probit_log: probit P = a + b*log10(dose)) or
    ``threshold``, ``p_below``, ``p_above`` (step). Built by :func:`fit_dose_response` (with ``ci``,
    ``cov``, ``n``, ``events``) or directly from published/assumed values (no intervals).

    Parameters
    ----------
    model : DoseModel or str
        ``threshold``, ``logistic`` or ``probit_log``.
    params : mapping of str to float
        The model's parameters (read-only once made).
    ci : mapping of str to (float, float)
        Confidence intervals of the parameters (empty without a fit).
    cov : 2 x 2 tuple of float, optional
        The covariance of ``a`` and ``b`` from a fit.
    n, events : int
        Episodes and episodes with the outcome (0 without a fit).
    log_likelihood : float, optional
        Of the fit.
    confidence : float
        The intervals' confidence level.
    dose_unit : str
        What a dose counts (``"hours"``, ``"sessions"``).
    source : str
        Where the curve comes from: bibliography keys separated by ``;`` (:mod:`iopkit.sources`), or
        free text for a curve of the user's own.
    label : str
        The warning that the curve is user-parameterised.

    Raises
    ------
    FitError
        An unknown model, or parameters that are not those of the model.

    Examples
    --------
    >>> [round(float(HOWARD_1986.predict(s)), 2) for s in (1, 8, 26)]
    [0.12, 0.5, 0.75]
    >>> round(HOWARD_1986.dose_for(0.75), 1)
    26.0
    """

    model: DoseModel | str  # a str is read as its DoseModel
    params: Mapping[str, float]
    ci: Mapping[str, tuple[float, float]] = field(default_factory=FrozenMap)
    cov: tuple[tuple[float, float], tuple[float, float]] | None = None
    n: int = 0
    events: int = 0
    log_likelihood: float | None = None
    confidence: float = 0.95
    dose_unit: str = "hours"
    source: str = ""
    label: str = LABEL

    def __post_init__(self) -> None:
        object.__setattr__(self, "model", member(DoseModel, self.model, "model", FitError))
        object.__setattr__(self, "params", freeze(self.params))
        object.__setattr__(self, "ci", freeze(self.ci))
        needed = {"threshold", "p_below", "p_above"} if self.model == "threshold" else {"a", "b"}
        if set(self.params) != needed:
            raise FitError(f"{self.model} model needs parameters {sorted(needed)} (got {sorted(self.params)})")

    def to_frame(self):
        """One row per parameter: ``estimate``, ``ci_low``, ``ci_high`` (NaN without a fit); the
        model, ``n``, ``events`` and the label in ``attrs``.

        >>> HOWARD_1986.to_frame()["estimate"].round(3).tolist()
        [-1.19, 1.318]
        """
        import pandas as pd

        rows = {name: (value, *self.ci.get(name, (np.nan, np.nan))) for name, value in self.params.items()}
        frame = pd.DataFrame.from_dict(rows, orient="index", columns=["estimate", "ci_low", "ci_high"])
        frame.index.name = "parameter"
        frame.attrs.update(
            model=self.model,
            n=self.n,
            events=self.events,
            confidence=self.confidence,
            dose_unit=self.dose_unit,
            source=self.source,
            label=self.label,
        )
        return frame

    def summary(self) -> str:
        """A readable summary: the model, each parameter with its interval, the data and the label.

        For covariates or cluster-robust standard errors (by state or programme) fit the same
        model in statsmodels (see :mod:`iopkit.research`).
        """
        lines = [
            f"{self.model} dose-response ({self.dose_unit})"
            + (f", n = {self.n}, events = {self.events}" if self.n else ", not fitted here")
        ]
        for name, row in self.to_frame().iterrows():
            ci = "" if np.isnan(row.ci_low) else f"  ({self.confidence:.0%} CI {row.ci_low:.4g} to {row.ci_high:.4g})"
            lines.append(f"  {name:10s} {row.estimate:.4g}{ci}")
        if self.source:
            lines.append(f"source: {in_words(self.source)}")
        lines.append(self.label)
        return "\n".join(lines)

    def _eta(self, dose: np.ndarray) -> np.ndarray:
        x = np.log10(dose) if self.model == "probit_log" else dose
        return self.params["a"] + self.params["b"] * x

    def predict(self, dose, *, interval: bool = False):
        """P(outcome) at each dose; with ``interval=True`` also the pointwise confidence band (lo, hi).

        The band is Wald on the linear predictor (delta method) for logistic/probit_log and the
        Wilson interval of each side for the step model; it needs a fitted model.
        """
        from scipy.special import expit, ndtr

        dose = np.asarray(dose, dtype=float)
        if self.model == "threshold":
            above = dose >= self.params["threshold"]
            p = np.where(above, self.params["p_above"], self.params["p_below"])
            if not interval:
                return p
            self._require_fit()
            (bl, bh), (al, ah) = self.ci["p_below"], self.ci["p_above"]
            return p, np.where(above, al, bl), np.where(above, ah, bh)
        link = expit if self.model == "logistic" else ndtr
        eta = self._eta(dose)
        if not interval:
            return link(eta)
        self._require_fit()
        assert self.cov is not None  # a fitted model has its covariance
        x = np.log10(dose) if self.model == "probit_log" else dose
        (vaa, vab), (_, vbb) = self.cov
        se = np.sqrt(vaa + 2 * x * vab + x * x * vbb)
        z = normal_quantile(self.confidence)
        return link(eta), link(eta - z * se), link(eta + z * se)

    def dose_for(self, probability: float) -> float:
        """The dose at which the predicted probability reaches ``probability``."""
        from scipy.special import logit, ndtri

        if not 0 < probability < 1:
            raise FitError(f"target probability must be between 0 and 1, exclusive (got {probability!r})")
        if self.model == "threshold":
            low, high = sorted((self.params["p_below"], self.params["p_above"]))
            if not low < probability <= high:
                raise FitError(
                    f"the step model only gives {self.params['p_below']:.3f} below and "
                    f"{self.params['p_above']:.3f} from {self.params['threshold']:g} {self.dose_unit}; "
                    f"target {probability} is not reached by the step"
                )
            return float(self.params["threshold"])
        a, b = self.params["a"], self.params["b"]
        if b == 0:
            raise FitError(f"the {self.model} curve is flat (b = 0): no dose reaches {probability}")
        if self.model == "probit_log":
            return float(10 ** ((ndtri(probability) - a) / b))
        dose = float((logit(probability) - a) / b)
        if dose < 0:  # the curve passes the target only at a negative dose: no dose reaches it
            raise FitError(
                f"the logistic curve gives {float(self.predict(0.0)):.3f} at 0 {self.dose_unit}, so no "
                f"dose >= 0 reaches {probability} (the formula gives {dose:.3g} {self.dose_unit})"
            )
        return dose

    def _require_fit(self) -> None:
        if not self.ci:
            raise FitError("confidence intervals need a fitted model (this one was given its parameters)")


#: Howard et al. 1986 probit-log curve in *sessions*, psychotherapy (not SUD); a, b are iopkit's own derivation
#: (hence ``iopkit`` in its source) from the published anchors 50 % improved by 8 sessions, 75 % by 26.
HOWARD_1986 = DoseResponse(
    "probit_log",
    {"a": -1.190, "b": 1.318},
    dose_unit="sessions",
    source=SOURCES["probit_log"] + "; iopkit",  # a, b derived by iopkit from the 8- and 26-session anchors
)


def _wilson(k: float, n: float, confidence: float) -> tuple[float, float]:
    low, high = wilson_ci(k, n, confidence)
    return (float(low), float(high))


def _fit_threshold(dose, y, threshold, trim, z, confidence):
    order = np.argsort(dose, kind="stable")
    dose, y = dose[order], y[order]
    if threshold is None:
        # Candidate thresholds: each distinct dose; at least `trim` of episodes on each side.
        starts = np.flatnonzero(np.r_[True, dose[1:] != dose[:-1]])
        n_below = starts
        keep = (n_below >= trim * dose.size) & (dose.size - n_below >= trim * dose.size)
        if not keep.any():
            raise FitError("no threshold leaves enough episodes on both sides; the doses barely vary")
        cum = np.r_[0, np.cumsum(y)][starts[keep]]
        nb, na = n_below[keep], dose.size - n_below[keep]
        ll = _bernoulli_ll(cum, nb) + _bernoulli_ll(y.sum() - cum, na)
        best = int(np.argmax(ll))
        threshold, split = float(dose[starts[keep][best]]), int(nb[best])
    else:
        split = int(np.searchsorted(dose, threshold, side="left"))
        if split in (0, dose.size):
            raise FitError(f"threshold {threshold:g} leaves no episode on one side (doses {dose[0]:g}-{dose[-1]:g})")
    kb, ka = y[:split].sum(), y[split:].sum()
    params = {"threshold": threshold, "p_below": kb / split, "p_above": ka / (dose.size - split)}
    ci = {
        "p_below": _wilson(kb, split, confidence),  # Wilson 1927
        "p_above": _wilson(ka, dose.size - split, confidence),
    }
    ll = float(
        _bernoulli_ll(np.array([kb]), np.array([split]))[0]
        + _bernoulli_ll(np.array([ka]), np.array([dose.size - split]))[0]
    )
    return params, ci, None, ll


def _bernoulli_ll(k, n):
    from scipy.special import xlogy

    k, n = np.asarray(k, float), np.asarray(n, float)
    return xlogy(k, k / n) + xlogy(n - k, (n - k) / n)


def _fit_glm(x, y, model, z):
    """Maximum likelihood by Fisher scoring on a standardised dose, with step halving."""
    from scipy.special import expit, log_expit, log_ndtr, ndtr

    centre, scale = x.mean(), x.std()
    xs = (x - centre) / scale
    X = np.column_stack([np.ones_like(xs), xs])

    def loglik(beta):
        eta = X @ beta
        if model == "logistic":
            return float(np.sum(y * log_expit(eta) + (1 - y) * log_expit(-eta)))
        return float(np.sum(y * log_ndtr(eta) + (1 - y) * log_ndtr(-eta)))

    beta = np.zeros(2)
    ll = loglik(beta)
    for _ in range(100):
        eta = X @ beta
        p = np.clip(expit(eta) if model == "logistic" else ndtr(eta), 1e-12, 1 - 1e-12)
        dens = p * (1 - p) if model == "logistic" else np.exp(-0.5 * eta * eta) / math.sqrt(2 * math.pi)
        w = dens * dens / (p * (1 - p))
        info = X.T @ (X * w[:, None])
        try:
            step = np.linalg.solve(info, X.T @ ((y - p) * dens / (p * (1 - p))))
        except np.linalg.LinAlgError:  # information collapses when the outcome is separated by dose
            raise FitError(
                f"the {model} fit did not converge: outcomes are (nearly) perfectly separated by dose"
            ) from None
        for _ in range(30):
            new_ll = loglik(beta + step)
            if new_ll >= ll - 1e-12:
                break
            step = step / 2
        beta, converged, ll = beta + step, abs(new_ll - ll) < 1e-10 and np.abs(step).max() < 1e-8, new_ll
        if converged:
            break
    if not converged or np.abs(beta).max() > 30:
        raise FitError(f"the {model} fit did not converge: outcomes are (nearly) perfectly separated by dose")
    cov_s = np.linalg.inv(info)
    jac = np.array([[1.0, -centre / scale], [0.0, 1.0 / scale]])
    a, b = jac @ beta
    cov = jac @ cov_s @ jac.T
    se = np.sqrt(np.diag(cov))
    ci = {"a": (a - z * se[0], a + z * se[0]), "b": (b - z * se[1], b + z * se[1])}
    return {"a": float(a), "b": float(b)}, ci, tuple(map(tuple, cov.tolist())), ll


def _numbers(values, name: str) -> np.ndarray:
    try:
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise FitError(f"{name} must be numbers (got {values!r:.80})") from None


def _none_missing(values: np.ndarray, given, name: str) -> None:
    """Refuse missing values (None, NaN, ``pandas.NA``) by count, saying what to do.

    :func:`~iopkit.datasets.load_teds_d` reads the TEDS-D code -9 (missing/unknown in every coded column, SAMHSA
    TEDS-D codebook) as missing, so its ``completed``, ``dropped_out`` and ``no_use_at_discharge`` hold such
    values; an episode is never dropped silently: the analyst decides.
    """
    if values.dtype.kind not in "fO":
        return
    import pandas as pd

    missing = int(pd.isna(values).sum())
    if missing:
        column = getattr(given, "name", None)
        subset = repr(column) if isinstance(column, str) else "..."
        raise FitError(
            f"{name} is missing for {missing} of {values.size} episodes (e.g. TEDS-D code -9, unknown, which "
            f"load_teds_d reads as missing): drop those episodes first, e.g. episodes.dropna(subset=[{subset}]), "
            "or decide how to count them",
            value=missing,
            allowed="a value for every episode",
        )


def fit_dose_response(
    dose_hours,
    outcome,
    model: str = "logistic",
    *,
    threshold: float | None = None,
    trim: float = 0.1,
    confidence: float = 0.95,
    min_events: int = MIN_EVENTS,
    dose_unit: str = "hours",
) -> DoseResponse:
    """Fit P(outcome) against dose by maximum likelihood, with Wald / Wilson confidence intervals.

    Parameters
    ----------
    dose_hours : array-like of float
        Delivered dose per episode (finite, >= 0; > 0 for ``probit_log``).
    outcome : array-like of bool or 0/1
        The binary outcome per episode (e.g. no use in the past month at discharge).
    model : {'threshold', 'logistic', 'probit_log'}
        Step at a threshold; logistic in dose; probit in log10(dose) (Howard et al. 1986 form).
    threshold : float, optional
        Step model only: a fixed threshold (e.g. a programme's 90-day mark). Estimated by maximum
        likelihood over the observed doses otherwise, keeping ``trim`` of the episodes on each side;
        the estimated threshold has no confidence interval.
    trim : float
        Step model with an estimated threshold: the share of episodes kept on each side of it.
    confidence : float
        The intervals' confidence level.
    min_events : int
        Fewer events or non-events than this raise :class:`~iopkit.errors.FitError` (EPV >= 10,
        Peduzzi et al. 1996).
    dose_unit : str
        What a dose counts, for labels and messages (``"hours"``, ``"sessions"``, ``"days"``).

    Returns
    -------
    DoseResponse
        The fitted curve with its intervals, ``n``, ``events`` and log-likelihood.

    Raises
    ------
    FitError
        An unknown model, doses or outcomes of the wrong shape or values, a missing outcome (counted, e.g. a
        TEDS-D code -9 as :func:`~iopkit.datasets.load_teds_d` reads it: drop those episodes first), a dose of 0
        for ``probit_log``, too few events or non-events, no variation in dose, or a fit that does not converge.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> dose = rng.uniform(10, 200, 2000)
    >>> y = rng.random(2000) < 1 / (1 + np.exp(-(-2 + 0.02 * dose)))
    >>> fit = fit_dose_response(dose, y, "logistic")
    >>> round(fit.params["b"], 3), bool(fit.ci["b"][0] < 0.02 < fit.ci["b"][1]), fit.label.split(";")[0]
    (0.02, True, 'user-parameterised')
    """
    model = member(DoseModel, model, "model", FitError)
    dose = _numbers(dose_hours, "doses")
    y = np.asarray(outcome)
    if dose.ndim != 1 or dose.shape != y.shape:
        raise FitError(f"dose and outcome must be 1-D and the same length (got {dose.shape} and {y.shape})")
    _none_missing(y, outcome, "outcome")
    if not np.isfinite(dose).all() or (dose < 0).any():
        raise FitError("doses must be finite and >= 0 (found NaN, inf or a negative dose)")
    if y.dtype != bool and not np.isin(y, (0, 1)).all():
        raise FitError("outcome must be 0/1 or True/False for every episode (found other values or NaN)")
    if model == "probit_log" and (dose <= 0).any():
        raise FitError(
            f"probit_log uses log10(dose), so every dose must be > 0 ({int((dose <= 0).sum())} episodes have dose 0)"
        )
    y = y.astype(float)
    events = int(y.sum())
    if min(events, y.size - events) < min_events:
        raise FitError(
            f"too few events to fit: {events} with the outcome and {y.size - events} without; "
            f"at least {min_events} of each are needed"
        )
    if np.ptp(dose) == 0:
        raise FitError(f"no variation in dose: every episode has {dose[0]:g} {dose_unit}")
    z = normal_quantile(confidence)
    if model == "threshold":
        params, ci, cov, ll = _fit_threshold(dose, y, threshold, trim, z, confidence)
    else:
        x = np.log10(dose) if model == "probit_log" else dose
        params, ci, cov, ll = _fit_glm(x, y, model, z)
    return DoseResponse(model, params, ci, cov, int(y.size), events, ll, confidence, dose_unit, SOURCES[model])


@dataclass(frozen=True)
class RetentionCurve:
    """Kaplan-Meier retention: share still in treatment after each event time, with log-log CIs.

    Parameters
    ----------
    times : ndarray
        The event times, ascending.
    survival : ndarray
        The share retained after each time.
    lower, upper : ndarray
        Its log-log confidence interval.
    at_risk, events : ndarray
        Episodes at risk at, and ending at, each time.
    n : int
        Episodes.

    Examples
    --------
    >>> curve = kaplan_meier([30, 60, 90, 120, 150], left=[True, True, False, True, True])
    >>> round(curve.share_retained(90), 3), round(curve.share_retained(120), 3)
    (0.6, 0.3)
    """

    times: np.ndarray
    survival: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    at_risk: np.ndarray
    events: np.ndarray
    n: int

    def share_retained(self, days: float = 90) -> float:
        """Estimated share still in treatment after ``days`` (P(T > days)); 90 days per NIDA Principles and DATOS."""
        if (
            isinstance(days, bool)
            or not isinstance(days, (int, float, np.number))
            or not days >= 0
            or not np.isfinite(days)
        ):
            raise FitError(f"days must be a finite number >= 0 (got {days!r})")
        i = np.searchsorted(self.times, days, side="right")
        return 1.0 if i == 0 else float(self.survival[i - 1])

    def to_frame(self):
        """The curve as a table: ``days``, ``at_risk``, ``events``, ``retained`` and its interval."""
        import pandas as pd

        return pd.DataFrame(
            {
                "days": self.times,
                "at_risk": self.at_risk,
                "events": self.events,
                "retained": self.survival,
                "ci_low": self.lower,
                "ci_high": self.upper,
            }
        )

    def summary(self) -> str:
        """A readable summary: episodes, ended episodes, 90-day retention and the median.

        >>> print(kaplan_meier([30, 60, 90, 120, 150], left=[True, True, False, True, True]).summary())
        Kaplan-Meier retention: 5 episodes, 4 ended; retained at 90 days 0.600; median 120 days
        """
        median = "not reached" if self.median is None else f"{self.median:g} days"
        return (
            f"Kaplan-Meier retention: {self.n} episodes, {int(np.sum(self.events))} ended; retained at "
            f"90 days {self.share_retained(90):.3f}; median {median}"
        )

    @property
    def median(self) -> float | None:
        """First time the retention curve reaches 0.5 or below (None if it never does)."""
        hit = np.flatnonzero(self.survival <= 0.5)
        return float(self.times[hit[0]]) if hit.size else None


def _survival_data(days, left) -> tuple[np.ndarray, np.ndarray]:
    """Days in treatment as numbers and whether each episode ended (default: every one), as booleans.

    Raises :class:`~iopkit.errors.FitError` for ``left`` other than True/False or 1/0 (text, NaN, other values).
    """
    t = _numbers(days, "days in treatment")
    ended = np.ones(t.shape, bool) if left is None else np.asarray(left)
    if ended.dtype != bool and not (ended.dtype.kind in "iuf" and np.isin(ended, (0, 1)).all()):
        raise FitError(
            "left must be True (episode ended) / False (censored) or 1/0 for every episode "
            "(found other values, text or NaN)"
        )
    return t, ended.astype(bool)


def kaplan_meier(days, left=None, *, confidence: float = 0.95) -> RetentionCurve:
    """Kaplan-Meier estimate of time in treatment with right censoring (numpy; checked against scipy).

    Parameters
    ----------
    days : array-like of float
        Time in treatment of each episode (finite, >= 0).
    left : array-like of bool, optional
        True where the episode ended (event), False where it is censored (still in treatment, or
        followed no further). Default: every episode ended.
    confidence : float
        The interval's confidence level.

    Returns
    -------
    RetentionCurve
        The curve at each time an episode ended.

    Raises
    ------
    FitError
        Days or ``left`` of the wrong shape or values, no episode, or no episode ended.

    Examples
    --------
    Five episodes; the one at 90 days is still in treatment (censored):

    >>> curve = kaplan_meier([30, 60, 90, 120, 150], left=[True, True, False, True, True])
    >>> curve.times.tolist(), curve.survival.round(2).tolist(), curve.at_risk.tolist()
    ([30.0, 60.0, 120.0, 150.0], [0.8, 0.6, 0.3, 0.0], [5, 4, 2, 1])
    >>> round(curve.share_retained(90), 2), curve.median
    (0.6, 120.0)
    >>> round(float(curve.lower[1]), 2), round(float(curve.upper[1]), 2)  # 95% interval at 60 days
    (0.13, 0.88)
    """
    t, ended = _survival_data(days, left)
    normal_quantile(confidence)  # check the level before any work
    if t.ndim != 1 or t.shape != ended.shape or t.size == 0:
        raise FitError(f"days and left must be non-empty, 1-D and the same length (got {t.shape} and {ended.shape})")
    bad = ~np.isfinite(t) | (t < 0)
    if bad.any():
        raise FitError(f"days in treatment must be finite and >= 0 (got {t[bad].tolist()[:5]})")
    if not ended.any():
        raise FitError("no episode has ended (all censored): retention cannot be estimated")
    times, index = np.unique(t, return_inverse=True)
    total = np.bincount(index, minlength=times.size)
    died = np.bincount(index, weights=ended, minlength=times.size)
    at_risk = t.size - np.r_[0, np.cumsum(total)[:-1]]
    keep = died > 0
    times, died, at_risk = times[keep], died[keep], at_risk[keep]
    survival = np.cumprod(1 - died / at_risk)
    with np.errstate(divide="ignore", invalid="ignore"):
        greenwood = np.cumsum(died / (at_risk * (at_risk - died)))
        # log-log interval (Kalbfleisch & Prentice), as scipy.stats.ecdf(...).sf.confidence_interval("log-log")
        spread = normal_quantile(confidence) * np.sqrt(greenwood) / np.log(survival)
        lower, upper = survival ** np.exp(-spread), survival ** np.exp(spread)
    lower = np.where(survival > 0, np.nan_to_num(lower, nan=0.0), 0.0)
    upper = np.where(survival > 0, np.nan_to_num(upper, nan=1.0), 0.0)
    return RetentionCurve(times, survival, lower, upper, at_risk.astype(int), died.astype(int), int(t.size))


@dataclass(frozen=True)
class LogRank:
    """A log-rank test of equal retention across groups (e.g. levels of care).

    Attributes
    ----------
    statistic : float
        The chi-square statistic (Mantel 1966; Peto & Peto 1972).
    df : int
        Degrees of freedom: the number of groups minus one.
    p_value : float
        P(chi-square with ``df`` degrees of freedom >= ``statistic``).
    groups : tuple
        The group labels, sorted.
    n : tuple of int
        Episodes per group.
    observed, expected : tuple of float
        Ended episodes per group, and the number expected if every group had the pooled retention.
    """

    statistic: float
    df: int
    p_value: float
    groups: tuple
    n: tuple[int, ...]
    observed: tuple[float, ...]
    expected: tuple[float, ...]

    def to_frame(self):
        """One row per group: ``group``, ``episodes``, ``ended`` (observed) and ``expected``."""
        import pandas as pd

        return pd.DataFrame(
            {
                "group": list(self.groups),
                "episodes": list(self.n),
                "ended": list(self.observed),
                "expected": list(self.expected),
            }
        )

    def summary(self) -> str:
        """A readable line: the statistic, its degrees of freedom and the p-value.

        >>> print(log_rank([10, 20, 30, 40, 50, 60], groups=["IOP", "IOP", "IOP", "OP", "OP", "OP"]).summary())
        Log-rank test, 2 groups (IOP, OP): chi-square 5.052 on 1 df, p = 0.0246
        """
        names = ", ".join(str(g) for g in self.groups)
        return (
            f"Log-rank test, {len(self.groups)} groups ({names}): chi-square {self.statistic:.3f} on {self.df} "
            f"df, p = {self.p_value:.3g}"
        )


def log_rank(days, left=None, *, groups) -> LogRank:
    """Log-rank test: is time in treatment (retention) the same in every group, e.g. level of care?

    The unweighted log-rank test of k groups (Mantel N. Evaluation of survival data and two new rank
    order statistics arising in its consideration. Cancer Chemother Rep 1966;50:163-170; Peto R, Peto J.
    Asymptotically efficient rank invariant test procedures. J R Stat Soc A 1972;135:185-207), with
    right censoring as in :func:`kaplan_meier`; the same test as ``survdiff`` in R's survival package
    and statsmodels.

    Parameters
    ----------
    days : array-like of float
        Time in treatment of each episode (finite, >= 0).
    left : array-like of bool, optional
        True where the episode ended, False where it is censored. Default: every episode ended.
    groups : array-like
        The group of each episode (e.g. the level of care admitted to); at least two groups.

    Returns
    -------
    LogRank

    Raises
    ------
    FitError
        Fewer than two groups, no ended episode, lengths that differ, or days that are not finite and >= 0.

    Examples
    --------
    Episodes at IOP and at OP; two IOP episodes are still in treatment (censored):

    >>> test = log_rank([20, 45, 90, 120, 150, 10, 15, 30, 60, 75],
    ...                 left=[True, True, False, True, False, True, True, True, True, True],
    ...                 groups=["IOP"] * 5 + ["OP"] * 5)
    >>> test.groups, test.observed, round(test.statistic, 3), round(test.p_value, 4)
    (('IOP', 'OP'), (3.0, 5.0), 3.165, 0.0752)
    """
    from scipy.special import chdtrc  # the chi-squared survival function (scipy.stats.chi2.sf), without scipy.stats

    t, ended = _survival_data(days, left)
    labels = np.asarray(groups, dtype=object)
    if t.ndim != 1 or t.shape != ended.shape or t.shape != labels.shape or t.size == 0:
        raise FitError(
            f"days, left and groups must be non-empty, 1-D and the same length (got {t.shape}, "
            f"{ended.shape} and {labels.shape})"
        )
    bad = ~np.isfinite(t) | (t < 0)
    if bad.any():
        raise FitError(f"days in treatment must be finite and >= 0 (got {t[bad].tolist()[:5]})")
    if any(g is None or (isinstance(g, float) and math.isnan(g)) for g in labels):
        raise FitError("every episode needs a group (found a missing one)")
    try:
        names = sorted(set(labels.tolist()))
    except TypeError:
        raise FitError("groups must be of one kind (e.g. all levels of care, or all text)") from None
    if len(names) < 2:
        raise FitError(f"a log-rank test compares at least two groups (got {len(names)})")
    if not ended.any():
        raise FitError("no episode has ended (all censored): retention cannot be compared")
    index = {name: j for j, name in enumerate(names)}
    g = np.fromiter((index[label] for label in labels.tolist()), int, t.size)
    event_times = np.unique(t[ended])
    at_risk = np.empty((len(names), event_times.size))
    ends = np.empty_like(at_risk)
    for j in range(len(names)):
        everyone, left_then = np.sort(t[g == j]), np.sort(t[(g == j) & ended])
        at_risk[j] = everyone.size - np.searchsorted(everyone, event_times, side="left")
        ends[j] = np.searchsorted(left_then, event_times, side="right") - np.searchsorted(
            left_then, event_times, side="left"
        )
    total, died = at_risk.sum(axis=0), ends.sum(axis=0)
    share = at_risk / total
    observed, expected = ends.sum(axis=1), (share * died).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = np.where(total > 1, died * (total - died) / (total - 1), 0.0)
    variance = np.diag((spread * share).sum(axis=1)) - (spread * share) @ share.T
    difference = (observed - expected)[:-1]
    try:
        statistic = float(difference @ np.linalg.solve(variance[:-1, :-1], difference))
    except np.linalg.LinAlgError:
        raise FitError("the groups cannot be compared: some group has no episode at risk when others end") from None
    df = len(names) - 1
    counts = np.bincount(g, minlength=len(names))
    return LogRank(
        statistic,
        df,
        float(chdtrc(df, statistic)),
        tuple(names),
        tuple(int(c) for c in counts),
        tuple(float(o) for o in observed),
        tuple(float(e) for e in expected),
    )
