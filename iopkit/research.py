"""Results a researcher can analyse and export: long format, band shares with Wilson intervals, Stata.

:func:`score_long` scores several instruments of a wide visit table into one tidy table (one
row per person x time x instrument); :func:`band_shares` gives each band's share with a Wilson
score interval; :func:`to_stata` writes a :func:`iopkit.score_many` result to a Stata file even
when every row was scored (pandas refuses an all-empty text column).

Cluster-robust standard errors (by state or programme) are statsmodels' job: hand it the
long table, for example::

    import statsmodels.formula.api as smf
    fit = smf.ols("total ~ week + C(programme)", data=long).fit(
        cov_type="cluster", cov_kwds={"groups": long["programme"].cat.codes})
    fit.summary()

(statsmodels is not an iopkit dependency; install it next to iopkit.)
"""

from __future__ import annotations

from .psychometrics import wilson_ci

__all__ = ["band_shares", "score_long", "to_stata"]


def score_long(frame, instruments, *, id, time=None, **context):
    """Score every instrument in a wide table into one long table.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per person (and time), item columns named ``<instrument>_item1``,
        ``<instrument>_item2``, ... (the layout of :func:`iopkit.datasets.answers.weekly_measures`)
        or, for a single instrument, ``item1``, ``item2``, ...
    instruments : list of str
        Catalogue codes to score.
    id, time : str
        The person column and (optionally) the time column, kept in the result.
    **context
        Passed to :func:`iopkit.score_many` for every instrument (``sex_column="sex"`` reads each row's sex
        from ``frame``; every instrument listed must then take a sex, as with ``sex=``).

    Returns
    -------
    pandas.DataFrame
        Columns ``id``, ``time``, ``instrument``, ``total``, ``band`` (text: bands differ between
        instruments) and ``error``; one row per input row and instrument.

    Examples
    --------
    >>> import pandas as pd
    >>> visits = pd.DataFrame({"patient": [1, 1], "week": [0, 4],
    ...                        **{f"phq2_item{k}": [2, 0] for k in (1, 2)},
    ...                        **{f"gad2_item{k}": [1, 1] for k in (1, 2)}})
    >>> score_long(visits, ["phq2", "gad2"], id="patient", time="week")[
    ...     ["patient", "week", "instrument", "total"]].values.tolist()
    [[1, 0, 'phq2', 4], [1, 4, 'phq2', 0], [1, 0, 'gad2', 2], [1, 4, 'gad2', 2]]
    """
    import pandas as pd

    from .scoring import instrument as get
    from .scoring import score_many

    keys = [id] if time is None else [id, time]
    parts = []
    for code in instruments:
        inst = get(code)
        prefix = f"{inst.code}_"
        items = {c[len(prefix) :]: frame[c] for c in frame.columns if isinstance(c, str) and c.startswith(prefix)}
        if items and context.get("sex_column") in frame.columns:
            items[context["sex_column"]] = frame[context["sex_column"]]
        answers = pd.DataFrame(items, index=frame.index) if items else frame
        scored = score_many(inst.code, answers, **context)
        part = frame[keys].copy()
        part["instrument"] = inst.code
        part["total"] = scored["total"]
        part["band"] = scored["band"].astype("string")
        part["error"] = scored["error"]
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out["instrument"] = out["instrument"].astype("category")
    return out


def band_shares(scored, confidence: float = 0.95):
    """Each band's count and share of the scored rows, with a Wilson score interval.

    Rows not scored (``error`` set) are left out of the denominator.

    Parameters
    ----------
    scored : pandas.DataFrame
        A :func:`iopkit.score_many` result (``band`` categorical, ``error`` set on refused rows).
    confidence : float
        The Wilson interval's confidence level.

    Returns
    -------
    pandas.DataFrame
        One row per band (index ``band``): ``count``, ``share``, ``ci_low``, ``ci_high``.

    Raises
    ------
    iopkit.errors.FitError
        When no row was scored (an empty table, or every row refused): a share of nothing is not a share, so
        there is no table of zeros to read as "no one in any band"; the message says how many rows were refused.

    Examples
    --------
    >>> import numpy as np
    >>> from iopkit import score_many
    >>> shares = band_shares(score_many("phq2", np.array([[0, 0], [3, 3], [2, 2], [1, 0]])))
    >>> shares[["count", "share"]].values.tolist()
    [[2.0, 0.5], [2.0, 0.5]]
    """
    import pandas as pd

    bands = scored["band"]
    valid = bands[scored["error"].isna()]
    counts = valid.value_counts(sort=False).reindex(bands.cat.categories, fill_value=0)
    n = int(counts.sum())
    if n == 0:
        from .errors import FitError

        what = scored.attrs.get("instrument", "scored")
        refused = len(scored) - len(valid)
        raise FitError(
            f"no row of this {what} table was scored ({len(scored)} rows, {refused} refused: see its error "
            "column), so there are no band shares to give"
        )
    low, high = wilson_ci(counts.to_numpy(), n, confidence)
    return pd.DataFrame(
        {"count": counts.to_numpy(dtype=float), "share": counts.to_numpy() / n, "ci_low": low, "ci_high": high},
        index=pd.CategoricalIndex(counts.index, name="band"),
    )


def to_stata(scored, path, **kwargs):
    """Write a :func:`iopkit.score_many` result to a Stata ``.dta`` file.

    ``error`` (and ``sex_note``) is written as text with ``""`` where there is none (pandas refuses a
    text column that is empty on every row); ``band`` keeps its labels as Stata value labels; nullable integer
    and boolean columns keep their missing values. The file is Stata 14+ format (version 118) so
    long refusal messages fit; ``kwargs`` go to ``DataFrame.to_stata``.

    Parameters
    ----------
    scored : pandas.DataFrame
        A :func:`iopkit.score_many` result.
    path : str or path-like
        The ``.dta`` file to write.
    **kwargs
        Passed to :meth:`pandas.DataFrame.to_stata` (``write_index`` defaults to False, ``version`` to 118).
    """
    frame = scored.copy()
    for text in ("error", "sex_note"):  # sex_note: score_many(..., sex_column=...)
        if text in frame.columns:
            frame[text] = frame[text].fillna("").astype(object)
    for column in frame.columns:
        if str(frame[column].dtype) == "boolean":
            frame[column] = frame[column].astype("Int8")
    frame.attrs = {}
    kwargs.setdefault("write_index", False)
    kwargs.setdefault("version", 118)  # Stata 14+: long text (refusal messages pass 244 characters)
    frame.to_stata(path, **kwargs)
