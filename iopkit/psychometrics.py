"""Psychometrics for cohorts: internal consistency and agreement between raters.

* :func:`cronbach_alpha` -- Cronbach's alpha (Cronbach 1951) with the Feldt (1965) F-distribution
  confidence interval;
* :func:`confusion_matrix` -- the cross-table of two raters' categorical ratings;
* :func:`cohens_kappa` -- Cohen's kappa, unweighted (Cohen 1960) or weighted linear/quadratic
  (Cohen 1968; Cicchetti & Allison 1971; Fleiss & Cohen 1973), with the large-sample standard
  error of Fleiss, Cohen & Everitt (1969).

Every number is checked in ``tests/test_psychometrics.py`` against a published reference: R ``psych``
(via pingouin's test suite) for alpha, SAS ``PROC FREQ`` (AGREE) and R ``irr::kappa2`` for kappa.
numpy does the work; scipy is imported only for the F and normal quantiles, pandas only to label a
table. Data that cannot support a statistic raise :class:`~iopkit.errors.FitError` naming the problem.

References
----------
Cronbach LJ (1951). Coefficient alpha and the internal structure of tests. Psychometrika 16:297-334.
Feldt LS (1965). The approximate sampling distribution of Kuder-Richardson reliability coefficient
twenty. Psychometrika 30:357-370. (Also Feldt, Woodruff & Salih 1987, Appl Psychol Meas 11:93-103.)
Cohen J (1960). A coefficient of agreement for nominal scales. Educ Psychol Meas 20:37-46.
Cohen J (1968). Weighted kappa. Psychol Bull 70:213-220.
Fleiss JL, Cohen J, Everitt BS (1969). Large sample standard errors of kappa and weighted kappa.
Psychol Bull 72:323-327.
Cicchetti DV, Allison T (1971). A new procedure for assessing reliability of scoring EEG sleep
recordings. Am J EEG Technol 11:101-109 (linear agreement weights).
Fleiss JL, Cohen J (1973). The equivalence of weighted kappa and the intraclass correlation
coefficient as measures of reliability. Educ Psychol Meas 33:613-619 (quadratic weights).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import FitError

__all__ = [
    "normal_quantile",
    "WEIGHTS",
    "Alpha",
    "ConfusionMatrix",
    "Kappa",
    "cohens_kappa",
    "confusion_matrix",
    "cronbach_alpha",
    "wilson_ci",
]

FELDT_1965 = (
    "Feldt 1965, Psychometrika 30:357 (F-distribution interval; Feldt, Woodruff & Salih 1987, Appl Psychol Meas 11:93)"
)
FCE_1969 = "Fleiss, Cohen & Everitt 1969, Psychol Bull 72:323 (large-sample standard error)"
#: Agreement weights for ordered categories i, j of k (positions 0..k-1).
WEIGHTS = {
    "none": "Cohen 1960, Educ Psychol Meas 20:37 (exact agreement only)",
    "linear": "1 - |i-j|/(k-1): Cicchetti & Allison 1971, Am J EEG Technol 11:101; Cohen 1968",
    "quadratic": "1 - (i-j)^2/(k-1)^2: Fleiss & Cohen 1973, Educ Psychol Meas 33:613; Cohen 1968",
}


def normal_quantile(confidence: float) -> float:
    """Two-sided normal quantile for a confidence level in (0, 1): 1.96 for 0.95.

    Parameters
    ----------
    confidence : float
        The two-sided confidence level, strictly between 0 and 1.

    Returns
    -------
    float
        The standard normal quantile at ``0.5 + confidence / 2``.

    Raises
    ------
    FitError
        A confidence level outside (0, 1).

    Examples
    --------
    >>> round(normal_quantile(0.95), 4)
    1.96
    """
    _check_confidence(confidence)
    from scipy.special import ndtri

    return float(ndtri(0.5 + confidence / 2))


def _check_confidence(confidence: float) -> None:
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 < confidence < 1:
        raise FitError(f"confidence must be a number between 0 and 1, e.g. 0.95 (got {confidence!r})")


def wilson_ci(successes, n, confidence: float = 0.95):
    """Wilson score interval for a proportion (band shares, response and remission rates).

    Wilson EB (1927) Probable inference, the law of succession, and statistical inference.
    J Am Stat Assoc 22:209-212, doi:10.1080/01621459.1927.10502953; method 3 of Newcombe RG
    (1998) Two-sided confidence intervals for the single proportion. Stat Med 17:857-872.
    Unlike the Wald interval it stays inside 0-1 and is usable at 0 or n successes.

    Parameters
    ----------
    successes, n : int or array of int
        Counts (``0 <= successes <= n``, ``n >= 1``); arrays broadcast.

    Returns
    -------
    (low, high) : floats or arrays

    Raises
    ------
    FitError
        Counts that are not whole, ``successes`` outside ``0..n``, ``n < 1``, or a confidence outside (0, 1).

    Examples
    --------
    >>> [round(float(x), 4) for x in wilson_ci(81, 263)]   # Newcombe 1998, Table I
    [0.2553, 0.3662]
    """
    z = normal_quantile(confidence)
    k = np.asarray(successes, dtype=float)
    m = np.asarray(n, dtype=float)
    if np.any(m < 1) or np.any(k < 0) or np.any(k > m) or np.any(k != np.floor(k)):
        raise FitError(
            f"Wilson interval needs whole counts 0 <= successes <= n and n >= 1 (got {successes!r} of {n!r})"
        )
    p = k / m
    centre = (p + z * z / (2 * m)) / (1 + z * z / m)
    half = z / (1 + z * z / m) * np.sqrt(p * (1 - p) / m + z * z / (4 * m * m))
    low, high = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
    return (float(low), float(high)) if low.ndim == 0 else (low, high)


# --- Cronbach's alpha ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Alpha:
    """Cronbach's alpha with its confidence interval and the data it rests on.

    ``n`` respondents with every item answered were used; ``dropped`` rows with a missing item
    were left out (listwise). ``ci`` is the Feldt (1965) interval at ``confidence``.

    Parameters
    ----------
    alpha : float
        Cronbach's alpha.
    ci : (float, float)
        The Feldt interval at ``confidence``.
    confidence : float
        The interval's confidence level.
    n : int
        Respondents used (every item answered).
    k : int
        Number of items.
    dropped : int
        Rows left out for a missing item.
    source : str
        The interval's published source.
    """

    alpha: float
    ci: tuple[float, float]
    confidence: float
    n: int
    k: int
    dropped: int = 0
    source: str = FELDT_1965

    def to_dict(self) -> dict[str, Any]:
        """A flat, JSON-able dict (one row of a summary table)."""
        return {
            "alpha": self.alpha,
            "ci_low": self.ci[0],
            "ci_high": self.ci[1],
            "confidence": self.confidence,
            "n": self.n,
            "k": self.k,
            "dropped": self.dropped,
        }

    def to_frame(self):
        """One-row pandas DataFrame of :meth:`to_dict` (concatenate several for a table)."""
        import pandas as pd

        return pd.DataFrame([self.to_dict()])

    def summary(self) -> str:
        """A readable summary: alpha, its interval and what it rests on.

        >>> print(cronbach_alpha([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 4], [2, 2, 3]]).summary())
        ... # doctest: +NORMALIZE_WHITESPACE
        Cronbach's alpha = 0.935 (95% CI 0.674 to 0.993), 3 items, n = 5
        interval: Feldt 1965, Psychometrika 30:357 (F-distribution interval; Feldt, Woodruff & Salih 1987,
        Appl Psychol Meas 11:93)
        """
        dropped = f", {self.dropped} rows with a missing item left out" if self.dropped else ""
        return (
            f"Cronbach's alpha = {self.alpha:.3f} ({self.confidence:.0%} CI {self.ci[0]:.3f} to "
            f"{self.ci[1]:.3f}), {self.k} items, n = {self.n}{dropped}\ninterval: {self.source}"
        )


def _item_matrix(data) -> tuple[np.ndarray, list[str]]:
    """Rows = respondents, columns = items, as float; names of the columns for messages."""
    names = [str(c) for c in data.columns] if hasattr(data, "columns") else None
    try:
        values = data.to_numpy(dtype=float, na_value=np.nan) if names is not None else np.asarray(data, dtype=float)
    except (TypeError, ValueError) as error:
        raise FitError(f"item answers must be numbers (rows = respondents, columns = items): {error}") from None
    if values.ndim != 2:
        raise FitError(
            f"item answers must be a 2-D table, rows = respondents, columns = items (got {values.ndim} dimension(s))"
        )
    names = names or [f"column {j}" for j in range(values.shape[1])]
    infinite = np.isinf(values).any(axis=0)
    if infinite.any():
        raise FitError(f"item {names[int(np.argmax(infinite))]} holds an infinite value")
    return values, names


def cronbach_alpha(data, *, confidence: float = 0.95, nan_policy: str = "listwise") -> Alpha:
    """Cronbach's alpha of a set of items, with a Feldt (1965) confidence interval.

    Parameters
    ----------
    data : 2-D array-like or pandas DataFrame
        Item answers (points, as scored), rows = respondents, columns = items (at least 2).
    confidence : float
        Coverage of the interval, default 0.95.
    nan_policy : {"listwise", "raise"}
        ``"listwise"`` leaves out respondents with any missing item (and counts them in
        ``dropped``); ``"raise"`` refuses data with a missing item.

    Returns
    -------
    Alpha
        ``alpha``, ``ci``, ``confidence``, ``n`` (respondents used), ``k`` (items), ``dropped``.

    Notes
    -----
    With item variances :math:`s_j^2` and the variance of the total :math:`s_X^2` (ddof 1),

    .. math:: \\alpha = \\frac{k}{k-1}\\left(1 - \\frac{\\sum_j s_j^2}{s_X^2}\\right)

    (Cronbach 1951). The interval is Feldt's: :math:`(1-\\hat\\alpha)/(1-\\alpha)` follows an
    F distribution with :math:`n-1` and :math:`(n-1)(k-1)` degrees of freedom, so the bounds are
    :math:`1 - (1-\\hat\\alpha)F_{1-\\gamma/2}` and :math:`1 - (1-\\hat\\alpha)F_{\\gamma/2}` with
    :math:`\\gamma = 1 - \\text{confidence}` (Feldt 1965; Feldt, Woodruff & Salih 1987). The interval
    uses the respondents actually analysed. Results match R ``psych::alpha`` (point estimate) and
    pingouin's Feldt interval (``tests/test_psychometrics.py``).

    Raises
    ------
    FitError
        Fewer than 2 items or 2 complete respondents, non-numeric answers, a missing answer with
        ``nan_policy="raise"``, or a total with no variance (alpha undefined).

    Examples
    --------
    >>> result = cronbach_alpha([[3, 3, 2], [2, 2, 2], [0, 1, 0], [1, 1, 1], [3, 2, 3]])
    >>> round(result.alpha, 3), tuple(round(b, 3) for b in result.ci), result.n, result.k
    (0.928, (0.635, 0.992), 5, 3)
    """
    _check_confidence(confidence)
    if nan_policy not in ("listwise", "raise"):
        raise FitError(f"nan_policy must be 'listwise' or 'raise' (got {nan_policy!r})")
    values, names = _item_matrix(data)
    n_rows, k = values.shape
    if k < 2:
        raise FitError(f"Cronbach's alpha needs at least 2 items (got {k})")
    complete = ~np.isnan(values).any(axis=1)
    if nan_policy == "raise" and not complete.all():
        row = int(np.argmin(complete))
        item = names[int(np.argmax(np.isnan(values[row])))]
        raise FitError(
            f"row {row} has no answer for item {item} (nan_policy='raise'; use 'listwise' to leave such rows out)"
        )
    values = values[complete]
    n = values.shape[0]
    if n < 2:
        raise FitError(f"Cronbach's alpha needs at least 2 respondents with every item answered (got {n})")
    total_var = values.sum(axis=1).var(ddof=1)
    if total_var == 0:
        raise FitError("every respondent has the same total: alpha is undefined (no variance)")
    alpha = k / (k - 1) * (1 - values.var(axis=0, ddof=1).sum() / total_var)
    alpha = min(alpha, 1.0)  # alpha <= 1 always; identical items can round to 1 + 2e-16
    from scipy.special import fdtri  # the F quantile (scipy.stats.f.isf(q) is fdtri(df1, df2, 1 - q))

    gamma = 1 - confidence
    df1, df2 = n - 1, (n - 1) * (k - 1)
    lower = 1 - (1 - alpha) * fdtri(df1, df2, 1 - gamma / 2)
    upper = 1 - (1 - alpha) * fdtri(df1, df2, gamma / 2)
    return Alpha(float(alpha), (float(lower), float(upper)), confidence, int(n), int(k), int(n_rows - n))


# --- Agreement between two raters -----------------------------------------------------------------


@dataclass(frozen=True)
class ConfusionMatrix:
    """Counts of ratings by two raters: ``counts[i][j]`` = first rated ``categories[i]`` and second
    ``categories[j]``. Categories are in the given (clinical) order, which weighted kappa uses.

    Parameters
    ----------
    categories : tuple
        Every category, in clinical order.
    counts : tuple of tuple of int
        ``counts[i][j]``: subjects the first rater put in ``categories[i]`` and the second in ``categories[j]``.
    first, second : str
        What the two raters are called in tables.
    """

    categories: tuple
    counts: tuple[tuple[int, ...], ...]
    first: str = "first"
    second: str = "second"

    @property
    def array(self) -> np.ndarray:
        """The counts as a k x k integer array."""
        return np.array(self.counts, dtype=np.int64).reshape(len(self.categories), len(self.categories))

    @property
    def n(self) -> int:
        """Number of rated subjects."""
        return int(self.array.sum())

    @property
    def agreement(self) -> float:
        """Share of subjects both raters put in the same category."""
        return float(np.trace(self.array) / self.n) if self.n else float("nan")

    def to_frame(self, *, labels=str):
        """A pandas DataFrame, rows = first rater, columns = second, with margins ``total``.

        ``labels`` turns a category into its row/column label (default ``str``).
        """
        import pandas as pd

        names = [labels(c) for c in self.categories]
        frame = pd.DataFrame(
            self.array, index=pd.Index(names, name=self.first), columns=pd.Index(names, name=self.second)
        )
        frame["total"] = frame.sum(axis=1)
        frame.loc["total"] = frame.sum(axis=0)
        return frame


def _ratings(values, name: str) -> list:
    if hasattr(values, "tolist"):
        values = values.tolist()
    values = list(values)
    for i, v in enumerate(values):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            raise FitError(f"{name} rating {i} is missing: drop pairs with a missing rating first")
    return values


def confusion_matrix(
    first, second, *, categories: Sequence | None = None, names=("first", "second")
) -> ConfusionMatrix:
    """Cross-tabulate two raters' ratings of the same subjects.

    Parameters
    ----------
    first, second : sequence
        Ratings of the same subjects in the same order (numbers, strings or enum members).
    categories : sequence, optional
        All possible categories in their clinical order (weighted kappa needs the order). Default:
        the observed ratings, sorted.
    names : (str, str)
        What to call the two raters in tables (e.g. ``("recommended", "clinician")``).

    Returns
    -------
    ConfusionMatrix
        The counts, in the order of ``categories``.

    Raises
    ------
    FitError
        Rating lists of different lengths, unsortable ratings without ``categories``, repeated categories, or a
        rating that is not one of the categories.

    Examples
    --------
    >>> cm = confusion_matrix(["1", "2.1", "2.1", "3.5"], ["1", "2.1", "1", "3.5"],
    ...                       categories=["1", "2.1", "3.5"])
    >>> cm.counts, cm.agreement
    (((1, 0, 0), (1, 1, 0), (0, 0, 1)), 0.75)
    """
    a, b = _ratings(first, names[0]), _ratings(second, names[1])
    if len(a) != len(b):
        raise FitError(f"both raters must rate the same subjects ({names[0]}: {len(a)}, {names[1]}: {len(b)})")
    if categories is None:
        try:
            categories = sorted(set(a) | set(b))
        except TypeError:
            raise FitError("the ratings cannot be sorted: pass categories=[...] in their clinical order") from None
    categories = tuple(categories)
    position = {c: i for i, c in enumerate(categories)}
    if len(position) != len(categories):
        raise FitError(f"categories must not repeat (got {list(categories)})")
    for name, ratings in zip(names, (a, b)):
        unknown = [v for v in dict.fromkeys(ratings) if v not in position]
        if unknown:
            raise FitError(f"{name} rating {unknown[0]!r} is not one of the categories {list(categories)}")
    k = len(categories)
    codes = np.fromiter((position[v] for v in a), np.int64, len(a)) * k + np.fromiter(
        (position[v] for v in b), np.int64, len(b)
    )
    counts = np.bincount(codes, minlength=k * k).reshape(k, k)
    return ConfusionMatrix(categories, tuple(tuple(int(c) for c in row) for row in counts), *names)


@dataclass(frozen=True)
class Kappa:
    """Cohen's kappa with its large-sample standard error and confidence interval.

    ``observed`` and ``expected`` are the (weighted) agreement observed and expected by chance;
    ``se`` is the Fleiss, Cohen & Everitt (1969) standard error, not the one under kappa = 0.

    Parameters
    ----------
    kappa : float
        Cohen's kappa (weighted when ``weights`` is not ``"none"``).
    se : float
        Its large-sample standard error (Fleiss, Cohen & Everitt 1969).
    ci : (float, float)
        The interval at ``confidence``.
    confidence : float
        The interval's confidence level.
    weights : str
        The agreement weights used.
    n : int
        Subjects rated by both raters.
    observed, expected : float
        The (weighted) agreement observed, and expected by chance.
    source : str
        The published source of the method.
    """

    kappa: float
    se: float
    ci: tuple[float, float]
    confidence: float
    weights: str
    n: int
    observed: float
    expected: float
    source: str

    def to_dict(self) -> dict[str, Any]:
        """A flat, JSON-able dict (one row of a summary table)."""
        return {
            "kappa": self.kappa,
            "se": self.se,
            "ci_low": self.ci[0],
            "ci_high": self.ci[1],
            "confidence": self.confidence,
            "weights": self.weights,
            "n": self.n,
            "observed": self.observed,
            "expected": self.expected,
        }

    def to_frame(self):
        """One-row pandas DataFrame of :meth:`to_dict` (concatenate several for a table)."""
        import pandas as pd

        return pd.DataFrame([self.to_dict()])

    def summary(self) -> str:
        """A readable summary: kappa, its standard error and interval, the agreement behind it."""
        return (
            f"Cohen's kappa ({self.weights} weights) = {self.kappa:.3f} (SE {self.se:.3f}; "
            f"{self.confidence:.0%} CI {self.ci[0]:.3f} to {self.ci[1]:.3f}), n = {self.n}; "
            f"agreement observed {self.observed:.3f}, expected by chance {self.expected:.3f}\n"
            f"source: {self.source}"
        )


def _weight_matrix(k: int, weights: str) -> np.ndarray:
    if weights not in WEIGHTS:
        raise FitError(f"weights must be one of {', '.join(map(repr, WEIGHTS))} (got {weights!r})")
    i = np.arange(k)
    if weights == "none" or k == 1:
        return np.eye(k)
    distance = np.abs(i[:, None] - i[None, :]) / (k - 1)
    return 1 - distance if weights == "linear" else 1 - distance**2


def cohens_kappa(
    first, second=None, *, weights: str = "none", categories: Sequence | None = None, confidence: float = 0.95
) -> Kappa:
    """Cohen's kappa for two raters, unweighted or weighted, with a confidence interval.

    Parameters
    ----------
    first, second : sequence
        The two raters' ratings of the same subjects; or ``first`` alone as a
        :class:`ConfusionMatrix` or a square table of counts (rows = first rater).
    weights : {"none", "linear", "quadratic"}
        Credit for near misses between ordered categories (see :data:`WEIGHTS`): ``"none"`` counts
        exact agreement only (Cohen 1960).
    categories : sequence, optional
        All categories in their order, as for :func:`confusion_matrix`.
    confidence : float
        Coverage of the interval, default 0.95.

    Returns
    -------
    Kappa
        ``kappa``, ``se``, ``ci``, ``observed``, ``expected``, ``n``, ``weights`` and ``source``.

    Notes
    -----
    With cell proportions :math:`p_{ij}`, margins :math:`p_{i\\cdot}, p_{\\cdot j}` and agreement
    weights :math:`w_{ij}` (identity when unweighted):
    :math:`p_o = \\sum w_{ij} p_{ij}`, :math:`p_e = \\sum w_{ij} p_{i\\cdot} p_{\\cdot j}` and
    :math:`\\kappa = (p_o - p_e)/(1 - p_e)` (Cohen 1960, 1968). The standard error is
    Fleiss, Cohen & Everitt's (1969):

    .. math:: \\mathrm{SE}^2 = \\frac{\\sum_{ij} p_{ij}\\,[w_{ij} - (\\bar w_{i\\cdot} + \\bar w_{\\cdot j})
              (1-\\kappa)]^2 - [\\kappa - p_e(1-\\kappa)]^2}{n (1-p_e)^2}

    with :math:`\\bar w_{i\\cdot} = \\sum_j p_{\\cdot j} w_{ij}` and :math:`\\bar w_{\\cdot j} =
    \\sum_i p_{i\\cdot} w_{ij}`; the interval is :math:`\\kappa \\pm z\\,\\mathrm{SE}`, as SAS
    ``PROC FREQ`` reports it. Results match SAS and R ``irr::kappa2`` (``tests/test_psychometrics.py``).

    Raises
    ------
    FitError
        Unequal lengths, missing ratings, ratings outside ``categories``, unknown ``weights``, no
        subjects, or agreement expected by chance equal to 1 (e.g. one category used by both).

    Examples
    --------
    SAS PROC FREQ (AGREE) example, 3 categories, 19 subjects:

    >>> table = [[0, 4, 1], [0, 8, 0], [0, 1, 5]]
    >>> k = cohens_kappa(table)
    >>> round(k.kappa, 4), round(k.se, 4), tuple(round(b, 4) for b in k.ci)
    (0.4842, 0.138, (0.2137, 0.7547))
    >>> round(cohens_kappa(table, weights="linear").kappa, 4)
    0.4701
    """
    _check_confidence(confidence)
    if second is None:
        table = first.array if isinstance(first, ConfusionMatrix) else _square_table(first)
    else:
        table = confusion_matrix(first, second, categories=categories).array
    k = table.shape[0]
    n = int(table.sum())
    if n == 0:
        raise FitError("no rated subjects: kappa needs at least one pair of ratings")
    w = _weight_matrix(k, weights)
    p = table / n
    rows, cols = p.sum(axis=1), p.sum(axis=0)
    observed = float((w * p).sum())
    expected = float((w * np.outer(rows, cols)).sum())
    if np.isclose(expected, 1.0):
        raise FitError("agreement expected by chance is 1 (both raters used a single category): kappa is undefined")
    kappa = (observed - expected) / (1 - expected)
    w_row, w_col = w @ cols, rows @ w  # mean weight of row i / column j
    spread = (p * (w - (w_row[:, None] + w_col[None, :]) * (1 - kappa)) ** 2).sum()
    variance = (spread - (kappa - expected * (1 - kappa)) ** 2) / (n * (1 - expected) ** 2)
    se = float(np.sqrt(max(variance, 0.0)))
    z = normal_quantile(confidence)
    return Kappa(
        float(kappa),
        se,
        (float(kappa - z * se), float(kappa + z * se)),
        confidence,
        weights,
        n,
        observed,
        expected,
        f"{WEIGHTS[weights]}; SE: {FCE_1969}",
    )


def _square_table(table) -> np.ndarray:
    try:
        counts = np.asarray(table, dtype=float)
    except (TypeError, ValueError):
        raise FitError("a table of counts must hold numbers") from None
    if counts.ndim != 2 or counts.shape[0] != counts.shape[1] or counts.shape[0] == 0:
        raise FitError(
            f"a table of counts must be square, rows = first rater (got shape {counts.shape}); "
            "or pass the two raters' ratings"
        )
    if not np.isfinite(counts).all() or (counts < 0).any() or (counts != np.round(counts)).any():
        raise FitError("a table of counts must hold whole numbers >= 0")
    return counts.astype(np.int64)
