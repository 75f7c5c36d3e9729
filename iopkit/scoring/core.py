"""Score one response (:func:`score`) or a whole cohort (:func:`score_many`) with the same rules.

Both share one vectorised core, :func:`iopkit.scoring.engine.evaluate`, which reads the
instrument definition (skip rules, points, aggregate, bands, subscales, flags) and has no branch
per instrument.  :func:`score` normalises one response with
:meth:`Item.code_of <iopkit.instruments.Item.code_of>` and evaluates it as a one-row cohort;
:func:`score_many` validates a whole table with numpy (:mod:`iopkit.scoring.cohort`) and explains
each invalid row with the very same normaliser, so both paths accept and refuse the same answers
with the same messages.

The scoring context is explicit: ``scheme`` (every instrument), ``sex`` (AUDIT, AUDIT-C) and
``medical_supervision`` (DSM-5 SUD), the keys the instrument definitions declare
(:attr:`Instrument.context <iopkit.instruments.Instrument.context>`); any other key, or one the
instrument does not take, is refused with an :class:`~iopkit.errors.InvalidAnswerError` naming it
and what the instrument allows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np

from .. import instruments  # the package is callable: instruments() -> the catalogue
from ..errors import IncompleteResponseError, InvalidAnswerError
from ..instruments import Instrument, get
from .dask import by_partition, is_dask_collection
from .engine import evaluate, flags_of, skip_conflict_text, skip_conflicts
from .result import Basis, Score

__all__ = ["Score", "Basis", "score", "score_many", "instruments", "instrument", "Sex", "CONTEXT_KEYS"]

#: The sex an instrument with sex-specific cut-offs takes (AUDIT, AUDIT-C).
Sex = Literal["female", "male"]

#: Every scoring context key some instrument takes (besides ``scheme``, which all take).
CONTEXT_KEYS = ("scheme", "sex", "medical_supervision")


def instrument(code) -> Instrument:
    """One definition; lookup forgives case and punctuation (``"PHQ-9"`` = ``"phq9"``).

    Parameters
    ----------
    code : str or Instrument
        The instrument's code or one of its aliases; a definition is returned as it is.

    Returns
    -------
    Instrument
        The definition from the catalogue (:data:`iopkit.instruments.CATALOGUE`).

    Raises
    ------
    UnknownInstrumentError
        If the name matches no instrument, or ``code`` is neither a string nor an Instrument; the
        message lists the known codes.

    Examples
    --------
    >>> instrument("PHQ-9").name
    'Patient Health Questionnaire-9 (PHQ-9)'
    """
    return get(code)


def _context(inst: Instrument, context: Mapping) -> dict:
    """Check the context keys and values; return the full context with defaults filled in."""
    allowed = {"scheme": (tuple(s.id for s in inst.schemes) or (None,), inst.default_scheme), **inst.context}
    unknown = sorted(set(context) - set(allowed))
    if unknown:  # a key no instrument takes, or one this instrument does not
        raise InvalidAnswerError(
            f"{inst.code} takes no context {', '.join(unknown)}; allowed: {', '.join(allowed)}",
            instrument=inst.code,
            item=unknown[0],
            value=context[unknown[0]],
            allowed=tuple(allowed),
        )
    resolved = {}
    for key, (values, default) in allowed.items():
        value = context.get(key, default)
        if key == "scheme" and value not in values:
            inst.scheme(value)  # raises UnknownSchemeError naming the schemes
        if not any(value is v or (type(value) is type(v) and value == v) for v in values):
            raise InvalidAnswerError(
                f"{inst.code} context {key} must be one of {', '.join(map(repr, values))} (got {value!r})",
                instrument=inst.code,
                item=key,
                value=value,
                allowed=values,
            )
        resolved[key] = value
    return resolved


def _given(
    scheme: str | None, sex: Sex | None, medical_supervision: bool | None, unknown: Mapping[str, object]
) -> dict:
    """The context keys given (``None`` = not given: the instrument's default applies)."""
    given = {
        key: value
        for key, value in (("scheme", scheme), ("sex", sex), ("medical_supervision", medical_supervision))
        if value is not None
    }
    return {**given, **unknown}


def score(
    instrument: str | Instrument,
    answers,
    *,
    scheme: str | None = None,
    sex: Sex | None = None,
    medical_supervision: bool | None = None,
    **unknown: object,
) -> Score:
    """Score one response.

    Parameters
    ----------
    instrument : str or Instrument
        Catalogue code, forgivingly matched (``"PHQ-9"``, ``"phq9"``).
    answers : sequence or mapping
        Answers in form order, or a mapping from item number (1-based) to answer.
        Likert items take the printed value; yes/no items ``"yes"/"no"``, ``True/False``
        or ``1/0``; ``None`` marks an item not answered.  CRAFFT also takes
        ``{"part_a_days": [...], "part_b": [...]}``.
    scheme : str, optional
        A named banding scheme of the instrument (default: the authors' own).
    sex : {"female", "male"}, optional
        AUDIT and AUDIT-C only: picks the sex-specific cut-offs.  Not given: the more
        sensitive cut-offs are used, and the basis says so.
    medical_supervision : bool, optional
        DSM-5 SUD only: ``True`` leaves out the tolerance and withdrawal criteria (items 10 and
        11) when taken as prescribed under medical supervision (default ``False``).
    **unknown
        Refused: any other keyword names no scoring context and raises
        :class:`~iopkit.errors.InvalidAnswerError` listing the keys the instrument takes.

    Returns
    -------
    Score
        Total, band, flags, subscores and the basis (rule, scheme, source, the inputs that drove
        it, notes); ``answers`` and ``context`` as scored.

    Raises
    ------
    UnknownInstrumentError, UnknownSchemeError
        Unknown instrument or banding scheme.
    InvalidAnswerError
        A value out of range, not a number, NaN, a bool where a number is expected, the
        wrong number of answers, a context key the instrument does not take (its message names
        the keys it takes) or a context value it does not allow.
    IncompleteResponseError
        A scored item is unanswered and no skip rule of the instrument leaves it unasked.
        No instrument here has a published pro-rating rule, so none is applied.
        Both refusals end with ``; note: <flag> raised (...)`` for every flag the valid
        answers already make certain (PHQ-9 item 9, C-SSRS Q4, severe COWS ...); an answer refused
        because the form's skip rule leaves its question unasked still counts for these flags (an
        AUDIT morning drink after item 1 "never" raises withdrawal risk): a refusal never loses it.

    Examples
    --------
    >>> s = score("PHQ-9", [1, 1, 2, 1, 0, 1, 2, 1, 1])
    >>> s.total, s.band, [f.code for f in s.flags]
    (10, 'moderate', ['suicidal_ideation'])
    >>> score("audit_c", [2, 1, 0]).basis.notes
    ('sex not given: the more sensitive cut-offs are used',)
    >>> score("dast10", {1: "yes", 2: "no", 3: "no", 4: "no", 5: "yes", 6: "no", 7: "no",
    ...                  8: "no", 9: "no", 10: "no"}).total   # item 3 is reverse-keyed
    3
    """
    inst = get(instrument)
    ctx = _context(inst, _given(scheme, sex, medical_supervision, unknown))
    raw = inst.arrange(answers)
    codes, invalid = [], None
    for item, value in zip(inst.items, raw):
        try:
            codes.append(item.code_of(value))
        except InvalidAnswerError as err:  # refused below, after the safety flags are read
            invalid = invalid or err
            codes.append(None)
    row = np.array([[np.nan if c is None else c for c in codes]], dtype=float)
    for rule, number, _, values in skip_conflicts(inst, row):  # answers the form says were not asked
        value = float(values[0])
        conflict = InvalidAnswerError(
            skip_conflict_text(inst, rule, number, value),
            instrument=inst.code,
            item=number,
            value=raw[number - 1],
            allowed=(rule.fill,),
        )
        invalid = invalid or conflict  # refused, but the answer stays in the row: the flags it raises
        # (an AUDIT morning drink -> withdrawal risk) travel with the refusal, never lost to it
    result = evaluate(inst, row, ctx)
    if invalid is not None or result.missing_rows[0]:
        # A safety item stands on its own: a gap or a typo elsewhere must not hide it
        # (score_many reports the same flags on the same refused row).
        if invalid is not None:
            text, flags = result.refusal(0, str(invalid))
            raise InvalidAnswerError(
                text,
                flags=flags,
                instrument=invalid.instrument,
                item=invalid.item,
                value=invalid.value,
                allowed=invalid.allowed,
            ) from invalid
        text, flags = result.refusal(0, result.incomplete_message(0))
        gaps = result.gaps(0)
        raise IncompleteResponseError(
            text, flags=flags, instrument=inst.code, item=gaps[0], value=None, allowed=inst.item(gaps[0]).allowed
        )
    return _build(inst, result, codes, ctx)


def _build(inst: Instrument, result, codes, ctx) -> Score:
    items = inst.items
    filled = result.codes[0]
    canon = [item.canonical(c) for item, c in zip(items, codes)]
    answers = (
        {name: [canon[n - 1] for n in numbers] for name, numbers in inst.groups}
        if inst.groups
        else {i.number: a for i, a in zip(items, canon)}
    )
    total = None if result.aggregate is None else int(result.aggregate[0])
    band = result.band_label(0)
    subscores = {name: (bool(v[0]) if v.dtype == bool else int(v[0])) for name, v in result.subscores.items()}
    flags = flags_of(inst, result)
    points = result.points[0]
    if inst.aggregate == "max":
        drivers = {
            n for n in range(1, len(items) + 1) if total is not None and points[n - 1] == result.aggregate[0] > 0
        }
    else:
        drivers = {i.number for i in items if i.scored and points[i.number - 1]}
    drivers |= {w.item for r in inst.flags if result.flags[r.code][0] for w in r.when if w.item}
    inputs = tuple((n, items[n - 1].canonical(int(filled[n - 1]))) for n in sorted(drivers))
    basis = Basis(result.rule_text(0), ctx["scheme"], result.source, inputs, result.notes(0, ctx))
    return Score(inst.code, total if inst.reports_total else None, band, flags, subscores, basis, answers, ctx)


def score_many(
    instrument: str | Instrument,
    answers,
    *,
    scheme: str | None = None,
    sex: Sex | None = None,
    medical_supervision: bool | None = None,
    sex_column: str | None = None,
    **unknown: object,
):
    """Score a cohort: one row per response, with the same rules as :func:`score`.

    Parameters
    ----------
    instrument : str or Instrument
    answers : 2-D array or pandas DataFrame
        Array: one column per item in form order (NaN = not answered).  DataFrame: item
        columns named ``"item1"``, ``"item2"``, ... (or the item numbers 1, 2, ..., as integers or as the
        text ``"1"``, ``"2"``, ... :func:`pandas.read_csv` gives, as :func:`~iopkit.scoring.score_file` reads
        them); other columns are ignored and the index is kept.  Yes/no columns may hold 1/0, booleans
        or ``"yes"``/``"no"``.  CRAFFT columns are item1-item3 (Part A days) and
        item4-item9 (Part B, CAR first).
    scheme, sex, medical_supervision, **unknown
        As for :func:`score`, applied to every row.
    sex_column : str, optional
        AUDIT and AUDIT-C: the DataFrame column holding each row's sex, for a cohort of mixed sex
        (instead of ``sex``, one value for every row; giving both is refused).  Its values are
        ``"female"``, ``"male"`` or blank (``None``, NaN, ``pandas.NA``, an empty text): a blank row
        is scored as ``sex=None`` scores one response, with the more sensitive cut-offs, and says so
        in ``sex_note``.  Any other value (``"F"``, ``"Male"``, ``1``) is refused, never guessed.
        A separate keyword rather than a column name given as ``sex``: ``sex`` keeps one meaning (a
        sex), so a mistyped sex is never read as a column name, nor a column as a sex.

    Returns
    -------
    pandas.DataFrame
        ``total`` (Int64, missing where the instrument has no total), ``band`` (categorical),
        one ``flag_<code>`` column per flag rule (nullable boolean), one column per subscore,
        and ``error``: ``None`` for scored rows, else why the row was not scored (the same
        message :func:`score` raises).  Invalid rows are never scored; valid rows always are.
        Item-level safety flags are still reported on incomplete rows.  With ``sex_column``, after
        ``band``: ``sex_used`` (categorical ``"female"``/``"male"``, missing where not given: the sex
        whose cut-offs scored the row, as :attr:`Score.context <iopkit.scoring.Score.context>` holds it)
        and ``sex_note`` (the note :attr:`Score.basis <iopkit.scoring.Score.basis>` gives on sex, e.g.
        "sex not given: the more sensitive cut-offs are used"; ``None`` where there is none), and
        ``attrs["sex_column"]``.  A Dask DataFrame in gives a Dask DataFrame out, lazily
        (:mod:`iopkit.scoring.dask`).

    Raises
    ------
    UnknownInstrumentError, UnknownSchemeError
        Unknown instrument or banding scheme.
    InvalidAnswerError
        A table that is not 2-D with one column per item, a DataFrame lacking an item column, or
        a context key or value the instrument does not take.  With ``sex_column``: also given ``sex``,
        an instrument without sex-specific context, a table without that column, or a value in it
        other than ``"female"``, ``"male"`` or blank (naming the instrument, the column, the first
        row and value, and what is allowed; on Dask when the result is computed).  Invalid
        *answers* do not raise: their rows are refused in ``error``.

    Examples
    --------
    >>> import numpy as np
    >>> df = score_many("phq9", np.array([[0, 0, 0, 0, 0, 0, 0, 0, 0],
    ...                                   [3, 3, 3, 3, 3, 3, 3, 3, 3],
    ...                                   [0, 0, 0, 0, 0, 0, 0, 0, 9]]))
    >>> df[["total", "band", "flag_suicidal_ideation"]]
       total     band  flag_suicidal_ideation
    0      0  minimal                   False
    1     27   severe                    True
    2   <NA>      NaN                    True
    >>> df.loc[2, "error"].split(";")[0]    # a mistyped item 9 counts as its worst answer until asked
    'phq9 item 9 must be one of 0, 1, 2, 3 (got 9)'

    A cohort of mixed sex (AUDIT-C, US rule: positive at 4 or more for men, 3 or more for women):

    >>> import pandas as pd
    >>> mixed = pd.DataFrame({"item1": [1, 1, 1], "item2": [1, 1, 1], "item3": [1, 1, 1],
    ...                       "sex": ["male", "female", None]})
    >>> scored = score_many("audit_c", mixed, sex_column="sex")
    >>> scored[["total", "band", "sex_used"]]
       total      band sex_used
    0      3  negative     male
    1      3  positive   female
    2      3  positive      NaN
    >>> scored["sex_note"].tolist()
    [None, None, 'sex not given: the more sensitive cut-offs are used']
    """
    context = _given(scheme, sex, medical_supervision, unknown)
    if sex_column is not None:
        _sex_column_checked(instrument, getattr(answers, "columns", ()), sex_column, context)
    if is_dask_collection(answers):  # lazily, partition by partition, through this very function
        return by_partition(_score_partition, answers, instrument, context, sex_column)
    from .cohort import frame_from_result  # pandas is imported there, lazily

    if sex_column is not None:
        return _frame_by_sex(instrument, answers, context, sex_column)
    return frame_from_result(*_cohort(instrument, answers, context))


def _sex_column_checked(instrument: str | Instrument, columns, sex_column, context: Mapping) -> None:
    """Refuse ``sex_column`` given with ``sex``, for an instrument that takes no sex, or absent from the table's
    ``columns`` (``None``: not checked, a file not yet read); the rest of ``context`` is checked too."""
    from .cohort import sex_column_of

    inst = get(instrument)
    if "sex" in context:
        raise InvalidAnswerError(
            f"{inst.code}: give sex (one value for every row) or sex_column (one per row), not both "
            f"(got sex={context['sex']!r}, sex_column={sex_column!r})",
            instrument=inst.code,
            item="sex",
            value=context["sex"],
            allowed=("sex", "sex_column"),
        )
    _context(inst, context)  # the other keys, before the column
    sex_column_of(inst, columns, sex_column)


def _frame_by_sex(instrument: str | Instrument, answers, context: Mapping, sex_column):
    """:func:`score_many` with each row's sex read from ``answers[sex_column]``.

    The rows are split by sex (female, male, not given) with one vectorised pass over the column
    (:func:`~iopkit.scoring.cohort.sex_per_row`); each group is scored as one cohort with that ``sex``
    (at most three evaluations, whatever the number of rows), and the groups are put back in the
    table's order.  Each row so gets exactly what :func:`score` gives it with its own ``sex``.
    """
    import pandas as pd

    from .cohort import SEXES, frame_from_result, sex_per_row
    from .engine import sex_note

    inst = get(instrument)
    codes = sex_per_row(inst, answers[sex_column], sex_column)
    counts = np.bincount(codes, minlength=len(SEXES) + 1)
    parts, where = [], []
    for code, sex in enumerate((None, *SEXES)):
        if not counts[code] and (code or counts.any()):  # an empty table is still scored once, for its columns
            continue
        rows = np.flatnonzero(codes == code)
        group = answers if len(rows) == len(answers) else answers.iloc[rows]
        result, index, errors = _cohort(inst, group, context if sex is None else {**context, "sex": sex})
        note = sex_note(result.scheme, sex) if result.scheme is not None else None
        frame = frame_from_result(result, index, errors)
        at = frame.columns.get_loc("band") + 1
        frame.insert(at, "sex_used", pd.Categorical.from_codes(np.full(len(rows), code - 1), categories=SEXES))
        frame.insert(at + 1, "sex_note", pd.Series(np.full(len(rows), note, dtype=object), index=frame.index))
        parts.append(frame)
        where.append(rows)
    if len(parts) == 1:
        out = parts[0]
    else:
        order = np.empty(len(answers), dtype=np.intp)  # each row's place among the groups, put back in order
        order[np.concatenate(where)] = np.arange(len(answers))
        out = pd.concat(parts).iloc[order]
    out.attrs.update(parts[0].attrs, sex_column=sex_column)
    return out


def _cohort(instrument: str | Instrument, answers, context: Mapping) -> tuple:
    """What :func:`score_many` evaluates, before its frame (no pandas for an array): the engine's per-row result,
    the table's row index and the refused rows' messages (row position to text), as
    :func:`~iopkit.scoring.cohort.frame_from_result` takes them."""
    from .cohort import matrix_from_table

    inst = get(instrument)
    ctx = _context(inst, context)
    matrix, index, errors = matrix_from_table(inst, answers)
    for rule, number, rows, values in skip_conflicts(inst, matrix):  # as score(): refused, the answers
        for r, value in zip(rows.tolist(), values.tolist()):  # kept so their flags travel with the error
            errors.setdefault(r, skip_conflict_text(inst, rule, number, value))
    return evaluate(inst, matrix, ctx, cells=False), index, errors  # block by block: per-row results only


def _score_partition(part, instrument, context, sex_column=None):
    """:func:`score_many` on one pandas partition of a Dask frame (module-level: workers import it)."""
    return score_many(instrument, part, **context, sex_column=sex_column)
