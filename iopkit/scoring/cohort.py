"""Cohort tables for :func:`iopkit.score_many`: a 2-D array or DataFrame in, a DataFrame out.

Validation is vectorised (column minima/maxima for integer input, block-wise range,
whole-number and answer-set checks otherwise); each invalid row is then explained by the
same per-item normaliser :func:`iopkit.score` uses, so both give the same message.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable

import numpy as np

from .._validate import shown
from ..errors import InvalidAnswerError
from ..instruments import Instrument

__all__ = ["SEXES", "frame_from_result", "matrix_from_table", "sex_column_of", "sex_per_row"]

_BLOCK = 1 << 14  # rows per validation block: keeps temporaries small and in cache


def _is_missing(value) -> bool:
    if value is None or (isinstance(value, (float, np.floating)) and math.isnan(value)):
        return True
    return type(value).__name__ == "NAType"  # pandas.NA, without importing pandas


def _limits(items):
    """Per item: lowest and highest allowed code, whether every code between is allowed, a lookup."""
    lo, hi, gaps = [], [], []
    for item in items:
        if item.kind == "count":
            low, high = item.count_range
        elif item.kind == "not_recorded":
            low, high = 1, 0  # nothing is allowed
        else:
            low, high = min(item.codes), max(item.codes)
        lo.append(low)
        hi.append(high)
        if item.kind in ("choice", "yes_no") and len(item.codes) != high - low + 1:
            allowed = np.zeros(high + 1, dtype=bool)
            allowed[list(item.codes)] = True
            gaps.append((len(lo) - 1, allowed))
    return np.array(lo, dtype=float), np.array(hi, dtype=float), gaps


def _block_bad(blk: np.ndarray, lo, hi, gaps, scratch):
    """The invalid cells of one block of rows, or ``None`` when every cell is valid or blank.

    The common case costs one NaN-ignoring min and max over the whole block (``fmin``/``fmax``;
    per column only where the items' ranges differ), a whole-number check in a reused
    scratch buffer and a table look-up for items whose codes have gaps; only a block holding
    an invalid value is checked cell by cell.
    """
    floating = blk.dtype.kind == "f"
    fmin, fmax = (np.fmin, np.fmax) if floating else (np.minimum, np.maximum)
    flat = blk.reshape(-1)
    low, high = fmin.reduce(flat), fmax.reduce(flat)
    clean = bool(low >= lo.max() and high <= hi.min()) if not np.isnan(low) else True
    if not clean and not np.isnan(low) and low >= lo.min() and high <= hi.max():
        clean = True  # ranges differ between items: look at the columns that could be out
        for j in np.flatnonzero((lo > low) | (hi < high)):
            col_low, col_high = fmin.reduce(blk[:, j]), fmax.reduce(blk[:, j])
            clean &= bool(np.isnan(col_low) or col_low >= lo[j] and col_high <= hi[j])
    if clean and floating:  # floor(NaN) is NaN and fmax ignores it; inf already failed the range
        frac = scratch.reshape(-1)[: flat.size]
        np.floor(flat, out=frac)
        np.subtract(flat, frac, out=frac)
        clean = not fmax.reduce(frac) > 0
    for j, allowed in gaps:
        if not clean:
            break
        col = blk[:, j]
        if floating:
            col = np.where(np.isnan(col), lo[j], col)
        clean = bool(allowed[col.astype(np.intp)].all())
    if clean:
        return None
    codes = blk.astype(float)
    ok = (codes >= lo) & (codes <= hi) & (codes == np.floor(codes))
    for j, allowed in gaps:
        col_ok = ok[:, j]
        idx = np.where(col_ok, codes[:, j], 0).astype(np.intp)
        ok[:, j] = col_ok & allowed[idx]
    bad = ~(ok | np.isnan(codes))
    return bad if bad.any() else None


def _validate(items, a: np.ndarray):
    """Return (codes, bad cells) for a numeric (rows x items) array; codes is ``a`` when it is clean.

    NaN means unanswered and is not an error here; the core decides whether it is allowed.
    Blank cells never cost a copy; only an invalid value does (to a float32 matrix, with the
    invalid cells blanked: their rows are refused).
    """
    lo, hi, gaps = _limits(items)
    n = a.shape[0]
    if n == 0:
        return a, None
    scratch = np.empty(min(n, _BLOCK) * a.shape[1]) if a.dtype.kind == "f" else None
    found = [
        (start, bad)
        for start in range(0, n, _BLOCK)
        if (bad := _block_bad(a[start : start + _BLOCK], lo, hi, gaps, scratch)) is not None
    ]
    if not found:
        return a, None
    bad = np.zeros(a.shape, dtype=bool)
    for start, block in found:
        bad[start : start + len(block)] = block
    with np.errstate(over="ignore", invalid="ignore"):  # the huge values are blanked next
        codes = a.astype(np.float32)  # small whole numbers are exact in float32
    codes[bad] = np.nan
    return codes, bad


def _columns_of(inst: Instrument, df):
    """The DataFrame's item columns in form order (``None`` for an absent unrecorded item): ``item1``..., else the
    item number as a number or as text (``1`` or ``"1"``, as :func:`pandas.read_csv` names a header ``1,2,...``
    and as :func:`~iopkit.scoring.score_file` reads it)."""
    names, absent = [], []
    for item in inst.items:
        name = next((c for c in (item.column, item.number, str(item.number)) if c in df.columns), None)
        if name is None and item.required:
            absent.append(item.column)
        names.append(name)
    if absent:
        raise InvalidAnswerError(
            f"{inst.code} table lacks item columns {', '.join(absent)} "
            f"(name them item1..item{len(inst.items)} or 1..{len(inst.items)})",
            instrument=inst.code,
            item=absent[0],
            allowed=f"columns item1..item{len(inst.items)}",
        )
    return names


def matrix_from_table(inst: Instrument, answers):
    """Codes (rows x items; NaN = unanswered or invalid), the row index, and row -> error message.

    Parameters
    ----------
    inst : Instrument
        The instrument whose items the table holds.
    answers : 2-D array-like or pandas DataFrame
        Array: one column per item in form order.  DataFrame: item columns named ``"item1"``... or
        by item number; other columns are ignored.  Blank (NaN, ``None``, ``pandas.NA``) is unanswered.
        A categorical column is read once per category (as a cell of that value would be), then by
        its codes.

    Returns
    -------
    codes : numpy.ndarray
        The codes, one row per response and one column per item; NaN for an unanswered or invalid
        answer.  A clean numeric table comes back as it is (or as one compact copy of its columns).
    index : pandas.Index or None
        The DataFrame's index, ``None`` for an array.
    errors : dict of int to str
        Row position to the message :func:`iopkit.score` raises for that row's first invalid answer.

    Raises
    ------
    InvalidAnswerError
        A DataFrame lacking a required item column (naming the first absent column), or an array
        that is not 2-D with one column per item (ragged rows included).  Invalid answers do not
        raise: their rows are listed in ``errors``.
    """
    k = len(inst.items)
    if hasattr(answers, "columns") and hasattr(answers, "iloc"):
        names = _columns_of(inst, answers)
        index = answers.index
        n = len(answers)
        columns = [None if name is None else answers[name] for name in names]
        dtypes = [None if c is None else c.dtype for c in columns]
        cells = _cells_of(columns)
        if all(isinstance(d, np.dtype) and d.kind in "iuf" for d in dtypes):
            arrays = [c.to_numpy() for c in columns if c is not None]  # none is None: all have a dtype
            base = arrays[0].base
            if base is not None and base.ndim == 2 and all(a.base is base for a in arrays):
                return _finish(inst, answers[names].to_numpy(), index, cells)  # one block: a view
            return _finish(inst, _compact_matrix(arrays), index, cells)
        arrays = [
            None
            if c is None
            else c.array
            if _is_categorical(c.dtype)  # read through its categories, once each (_category_codes)
            else (c.to_numpy(dtype=float, na_value=np.nan) if c.dtype.kind in "iuf" else c.to_numpy(dtype=object))
            for c in columns
        ]
        return _finish_mixed(inst, arrays, n, index, cells)
    try:
        a = np.asarray(answers)
    except (ValueError, TypeError):  # ragged rows
        a = None
    if a is None or a.ndim != 2 or a.shape[1] != k:
        shape = "rows of different lengths" if a is None else f"shape {a.shape}"
        raise InvalidAnswerError(
            f"{inst.code} takes a 2-D table with {k} item columns in form order (got {shape})",
            instrument=inst.code,
            allowed=f"{k} item columns",
        )
    if a.dtype.kind in "iuf":
        return _finish(inst, a, None)
    return _finish_mixed(inst, [a[:, j] for j in range(k)], a.shape[0], None)


def _compact_matrix(arrays) -> np.ndarray:
    """One (rows x items) matrix from numeric columns, in the smallest exact dtype.

    Whole-number columns whose values all fit go to int8 or int16 (the check comes first: a
    value that does not fit is never wrapped); float columns to float32 when every value
    round-trips exactly (checked after the cast), else float64.  One copy, column by column,
    whatever the frame's block layout (pandas 3 ``read_csv`` gives one block per column).
    """
    n = len(arrays[0])
    if all(a.dtype.kind in "iu" for a in arrays):
        low = min((int(a.min()) for a in arrays), default=0) if n else 0
        high = max((int(a.max()) for a in arrays), default=0) if n else 0
        dtype = next(
            (t for t in (np.int8, np.int16, np.int32) if np.iinfo(t).min <= low and high <= np.iinfo(t).max), np.int64
        )
        out = np.empty((n, len(arrays)), dtype=dtype)
        for j, a in enumerate(arrays):
            out[:, j] = a
        return out
    out = np.empty((n, len(arrays)), dtype=np.float32)
    with np.errstate(over="ignore", invalid="ignore"):
        for j, a in enumerate(arrays):
            out[:, j] = a
            if (
                a.dtype.kind == "f"
                and not np.array_equal(out[:, j], a, equal_nan=True)
                or a.dtype.kind in "iu"
                and not np.array_equal(out[:, j], a)
            ):
                return np.column_stack(arrays).astype(float, copy=False)  # not exact in float32
    return out


def _cells_of(columns: list) -> Callable[[np.ndarray], list]:
    """Row positions -> those rows' cells as the DataFrame's columns hold them (``None`` for an absent column).

    An invalid row is explained from these, not from the numbers it was read as: a whole number in an integer
    column is named ``-1`` (as :func:`iopkit.score` names that cell), not the ``-1.0`` of a float matrix. Only the
    refused rows are turned into Python objects, once for all of them (memory stays bounded by the refused rows).
    """

    def cells(rows: np.ndarray) -> list:
        held = [None if c is None else c.iloc[rows].to_numpy(dtype=object) for c in columns]
        return [[None if c is None else c[k] for c in held] for k in range(len(rows))]

    return cells


def _finish(inst, a, index, cells=None):
    codes, bad = _validate(inst.items, a)
    rows = np.flatnonzero(bad.any(axis=1)) if bad is not None else np.empty(0, dtype=np.intp)
    raw = cells(rows) if cells is not None else [list(a[r]) for r in rows]
    return codes, index, {r: _explain(inst, row) for r, row in zip(rows, raw)}


def _is_categorical(dtype) -> bool:
    """A pandas categorical column (``read_stata``, ``read_spss``, parquet dictionaries, ``astype("category")``)."""
    return getattr(dtype, "name", None) == "category"


def _category_codes(item, col):
    """A categorical column's codes and invalid cells, each category read once by the item's normaliser.

    Every category goes through ``item.code_of``, as a cell of a text or number column would, so a
    category that is not an answer refuses exactly the rows holding it; the rows then take their
    category's code by one look-up (pandas' category code -1 is a blank cell).
    """
    table = np.full(len(col.categories) + 1, np.nan)  # the last entry is for code -1: blank
    refused = np.zeros(len(col.categories) + 1, dtype=bool)
    for k, value in enumerate(col.categories):
        try:
            table[k] = item.code_of(value)
        except InvalidAnswerError:
            refused[k] = True
    which = col.codes
    return table[which], refused[which]


def _finish_mixed(inst, arrays, n, index, cells=None):
    """Column by column: numeric and categorical columns vectorised, others (yes/no words, bools) item by item."""
    codes = np.full((n, len(inst.items)), np.nan)
    bad_rows = np.zeros(n, dtype=bool)
    for j, (item, col) in enumerate(zip(inst.items, arrays)):
        if col is None:
            continue
        if _is_categorical(col.dtype):
            codes[:, j], refused = _category_codes(item, col)
            bad_rows |= refused
            continue
        if col.dtype.kind in "iuf":
            col_codes, bad = _validate((item,), col.reshape(-1, 1))
            codes[:, j] = col_codes[:, 0]
            if bad is not None:
                bad_rows |= bad[:, 0]
            continue
        for r, value in enumerate(col):
            if _is_missing(value):
                continue
            try:
                codes[r, j] = item.code_of(value)
            except InvalidAnswerError:
                bad_rows[r] = True
    rows = np.flatnonzero(bad_rows)
    raw = cells(rows) if cells is not None else [[None if c is None else c[r] for c in arrays] for r in rows]
    return codes, index, {r: _explain(inst, row) for r, row in zip(rows, raw)}


def _explain(inst: Instrument, raw: list) -> str:
    """The message :func:`iopkit.score` would raise for this row's first invalid answer."""
    for item, value in zip(inst.items, raw):
        try:
            item.code_of(None if _is_missing(value) else value)
        except InvalidAnswerError as err:
            return str(err)
    return f"{inst.code}: invalid row"  # not reached: validation and normaliser agree


#: The values a sex column may hold (besides a blank), in the order of :func:`sex_per_row`'s codes 1 and 2.
SEXES = ("female", "male")


def sex_column_of(inst: Instrument, columns, name) -> None:
    """Check that ``inst`` takes a sex and that a table with ``columns`` has the column ``name`` to read it from.

    Parameters
    ----------
    inst : Instrument
        The instrument to score.
    columns : sequence or None
        The table's column names (a pandas or Dask DataFrame's, a file's header); empty for an array;
        ``None`` checks the instrument only (a file not yet read).
    name : object
        The column holding each row's sex.

    Raises
    ------
    InvalidAnswerError
        The instrument takes no sex (its message names the context keys it takes), the table has no named
        columns, or lacks ``name`` (its message lists the table's columns).
    """
    if "sex" not in inst.context:
        allowed = ("scheme", *inst.context)
        raise InvalidAnswerError(
            f"{inst.code} takes no context sex, so no sex column ({name!r}); allowed: {', '.join(allowed)}",
            instrument=inst.code,
            item="sex",
            value=name,
            allowed=allowed,
        )
    if columns is None:
        return
    columns = list(columns)
    if name not in columns:
        have = (
            f"its columns are {', '.join(map(str, columns[:20]))}{' ...' if len(columns) > 20 else ''}"
            if columns
            else "it has no named columns (give a DataFrame)"
        )
        raise InvalidAnswerError(
            f"{inst.code} sex column {name!r} is not in the table: {have}",
            instrument=inst.code,
            item="sex",
            value=name,
            allowed=tuple(columns),
        )


def _row_named(index, position: int) -> str:
    """A row as the user sees it: by the index's name where it has one (``line 7``, ``patient 'P017'``); else by
    a whole-number label (a file's chunk, a Dask partition: the row's place in the whole table); else by position
    and label."""
    label = index[position]
    if index.name is not None:
        return f"{index.name} {label!r}" if isinstance(label, str) else f"{index.name} {label}"
    if isinstance(label, (int, np.integer)) and not isinstance(label, bool):
        return f"row {label}"
    return f"row {position} (index {label!r})"


def sex_per_row(inst: Instrument, column, name) -> np.ndarray:
    """Each row's sex as a code: 0 not given (blank), 1 ``"female"``, 2 ``"male"``; any other value refused.

    Vectorised: :func:`pandas.factorize` finds the distinct values and each is read once, so the cost per row is
    one hash and one look-up.  Blank means not given (the same rule as ``sex=None`` for one response: the more
    sensitive cut-offs are used, and each such row says so): ``None``, NaN, ``pandas.NA`` and text of spaces
    only (an empty CSV cell read as text).  Only the exact words ``"female"`` and ``"male"`` are a sex, as for
    ``sex=``; ``"F"``, ``"Male"``, ``1`` or ``True`` are refused, never guessed.

    Parameters
    ----------
    inst : Instrument
        The instrument scored (named in a refusal).
    column : pandas.Series
        The sex column, one value per answer row.
    name : object
        The column's name (named in a refusal).

    Returns
    -------
    numpy.ndarray
        int8 codes, one per row: 0 not given, 1 female, 2 male.

    Raises
    ------
    InvalidAnswerError
        A value other than ``"female"``, ``"male"`` or a blank, naming the instrument, the column, the first
        row holding it and its value, what is allowed, and how many rows hold values that are not allowed.

    Examples
    --------
    >>> import pandas as pd
    >>> from iopkit.instruments import get
    >>> sex_per_row(get("audit_c"), pd.Series(["male", None, "female", "  "]), "sex").tolist()
    [2, 0, 1, 0]
    """
    import pandas as pd

    codes, uniques = pd.factorize(column)  # blanks (None, NaN, pandas.NA) are -1
    table = np.zeros(len(uniques) + 1, dtype=np.int8)  # the last entry is for -1: not given
    refused = []
    for k, value in enumerate(uniques):  # each distinct value once
        if isinstance(value, str) and value in SEXES:
            table[k] = SEXES.index(value) + 1
        elif not (isinstance(value, str) and not value.strip()):
            refused.append(k)
    if refused:
        bad = np.isin(codes, refused)
        first = int(np.argmax(bad))
        value = uniques[codes[first]]
        word = value.strip().lower() if isinstance(value, str) else None
        hint = f" (write {word!r})" if word in SEXES else ""
        others = int(bad.sum()) - 1
        more = f"; {others:,} more {'row holds' if others == 1 else 'rows hold'} a value not allowed" if others else ""
        raise InvalidAnswerError(
            f"{inst.code} sex column {name!r} holds {shown(value)} at {_row_named(column.index, first)}{hint}: allowed "
            f"{', '.join(map(repr, SEXES))} or blank (sex not given: the more sensitive cut-offs are used){more}",
            instrument=inst.code,
            item=name,
            value=value,
            allowed=(*SEXES, None),
        )
    return table[codes]


def frame_from_result(result, index, errors: dict):
    """The score_many DataFrame: total, band, flag_<code>, subscores, error.

    Parameters
    ----------
    result : object
        What :func:`iopkit.scoring.engine.evaluate` gave for the codes; its ``aggregate`` and
        ``band_index`` arrays are reused and changed in place (invalid rows set to 0 and -1).
    index : pandas.Index or None
        The row index to keep (``None``: a default range index).
    errors : dict of int to str
        Row position to invalid-answer message, as :func:`matrix_from_table` gives it.

    Returns
    -------
    pandas.DataFrame
        ``total`` (Int64), ``band`` (ordered categorical), one nullable boolean ``flag_<code>`` per
        flag rule, one column per subscore and ``error`` (``None`` for scored rows, else why the
        row was not scored, with the flags its valid answers make certain); ``attrs`` hold the
        instrument, scheme, source and iopkit version.
    """
    import pandas as pd

    inst = result.inst
    n = len(result.missing_rows)
    invalid = list(errors)
    unscored = result.missing_rows.copy()  # refused rows hold 0 and band -1 in the result already
    unscored[invalid] = True

    def ints(values):  # the result's own int64 array (no copy): it is not used after this
        values = np.asarray(values, dtype=np.int64)
        values[invalid] = 0
        return pd.arrays.IntegerArray(values, unscored.copy())

    def bools(values, mask):
        return pd.arrays.BooleanArray(np.asarray(values, dtype=bool), mask)

    if inst.reports_total:
        total = ints(result.aggregate)
    else:
        total = pd.arrays.IntegerArray(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))
    band_codes = result.band_index
    band_codes[invalid] = -1
    columns = {
        "total": total,
        "band": pd.Categorical.from_codes(band_codes, [b.label for b in result.bands], ordered=True),
    }  # band >= "moderate" works
    for code, fired in result.flags.items():
        columns[f"flag_{code}"] = bools(fired, unscored & ~fired)
    for name, values in result.subscores.items():
        columns[name] = bools(values & ~unscored, unscored.copy()) if values.dtype == bool else ints(values)
    error = np.full(n, None, dtype=object)
    if result.bounds is not None:  # incomplete rows: the same message and certain flags as
        rows, texts = result.refusal_messages()  # score() raises, worded once per distinct key
        error[rows] = texts
    for r, message in errors.items():  # invalid answers: rare, worded row by row
        error[r] = result.refusal(r, message)[0]
    columns["error"] = pd.Series(error, dtype=object, index=index, copy=False)  # no str inference
    frame = pd.DataFrame(columns, index=index, copy=False)  # fresh arrays of its own: no copy
    frame.attrs.update(
        instrument=inst.code,
        scheme=result.ctx["scheme"],
        source=result.source,
        iopkit_version=sys.modules["iopkit"].__version__,
    )  # no import edge upwards
    return frame
