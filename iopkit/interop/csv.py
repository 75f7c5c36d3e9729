"""CSV for cohorts: Scores out and back in, in the column layout :func:`iopkit.score_many` reads.

Layout, one row per Score of one instrument: ``instrument``, any id columns the caller adds
(e.g. ``patient``, ``record``, ``taken_at``), one column per item (``item1`` ... ``itemN``: the
names :attr:`Item.column` gives and ``score_many`` reads), one column per context key the
instrument takes (``sex``, ``scheme``, ``medical_supervision``), then the results: ``total``,
``band``, ``flags`` (codes joined by ``;``) and the subscores.  An empty cell is "not answered"
(``None``).

Spreadsheet formula injection (OWASP, "CSV Injection"): a *text* cell that begins with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is written with a leading ``'`` so a spreadsheet
shows it as text instead of running it; reading strips that quote again, so round trips are exact.
Numbers are written as numbers and never prefixed: iopkit's answers, totals and subscores are
never negative, and a negative number is not a formula.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterable

from ..errors import InteropError
from ..instruments import get as _get_instrument

__all__ = ["columns", "write_scores", "read_scores", "neutralise", "FORMULA_STARTS"]

#: First characters a spreadsheet may treat as the start of a formula (OWASP CSV Injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Make a text cell safe to open in a spreadsheet (reversed on reading).

    A cell that starts with a formula character, or with the quote itself, gets one leading ``'``.

    Examples
    --------
    >>> print(neutralise("=HYPERLINK(1)"), neutralise("moderate"))
    '=HYPERLINK(1) moderate
    >>> [neutralise(start + "1") for start in FORMULA_STARTS[:4]]
    ["'=1", "'+1", "'-1", "'@1"]
    """
    return "'" + cell if cell.startswith((*FORMULA_STARTS, "'")) else cell


def _restore(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


def columns(instrument: str, ids: Iterable[str] = ()) -> list[str]:
    """The column names of a cohort file for one instrument.

    Examples
    --------
    >>> columns("phq2", ids=["patient"])
    ['instrument', 'patient', 'item1', 'item2', 'scheme', 'total', 'band', 'flag_positive_screen']
    """
    inst = _get_instrument(instrument)
    return ["instrument", *ids, *(item.column for item in inst.items), "scheme", *inst.context, "total", "band",
            *(f"flag_{rule.code}" for rule in inst.flags), *(s.name for s in inst.subscales),
            *(c.name for c in inst.criteria)]


def _cell(value) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    return neutralise(str(value))


def write_scores(scores, target=None, *, ids: Iterable[dict] | None = None) -> str | None:
    """Write Scores of one instrument as CSV to ``target`` (path or text file), or return the text.

    ``ids`` gives, per score, extra identifying columns (same keys for every row), e.g.
    ``{"patient": "IOP-0042", "taken_at": "2026-03-02"}``.

    Examples
    --------
    >>> import iopkit
    >>> text = write_scores([iopkit.score("phq2", [1, 2])], ids=[{"patient": "-IOP-1"}])
    >>> print(text.splitlines()[1])
    phq2,'-IOP-1,1,2,kroenke_2003,3,positive,true

    To a file (here in a temporary folder), and back:

    >>> import pathlib, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name) / "phq2.csv"
    >>> scores = [iopkit.score("phq2", [1, 2]), iopkit.score("phq2", [0, 1])]
    >>> write_scores(scores, path, ids=[{"patient": "IOP-0042"}, {"patient": "IOP-0043"}])
    >>> [(ids["patient"], score == original) for (ids, score), original in zip(read_scores(path), scores)]
    [('IOP-0042', True), ('IOP-0043', True)]
    >>> folder.cleanup()
    """
    from ..interop.fhir import _flat_answers

    scores = list(scores)
    id_rows = list(ids) if ids is not None else [{}] * len(scores)
    codes = {s.instrument for s in scores}
    if len(codes) > 1:
        raise InteropError(f"a cohort CSV holds one instrument (got {sorted(codes)}); write one file each")
    if len(id_rows) != len(scores) or len({tuple(r) for r in id_rows}) > 1:
        raise InteropError("ids must give the same columns for every score, one dict per score")
    if not scores:
        raise InteropError("no scores to write")
    inst = _get_instrument(scores[0].instrument)
    clash = sorted(set(id_rows[0]) & set(columns(inst.code)))
    if clash:
        raise InteropError(f"id columns {clash} would overwrite the cohort columns of the same name")
    header = columns(inst.code, id_rows[0])
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180: CRLF rows, so a CR or LF inside a cell is quoted
    writer.writerow(header)
    for score, extra in zip(scores, id_rows):
        answers, raised = _flat_answers(inst, score.answers), {f.code for f in score.flags}
        row = {"instrument": score.instrument, **extra, **score.context, **score.subscores,
               **{item.column: answers.get(item.number) for item in inst.items},
               "total": score.total, "band": score.band,
               **{f"flag_{rule.code}": rule.code in raised for rule in inst.flags}}
        writer.writerow([_cell(row.get(name)) for name in header])
    if target is None:
        return buffer.getvalue()
    if hasattr(target, "write"):
        target.write(buffer.getvalue())
    else:
        Path(target).write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return None


def _value(cell: str):
    if cell.strip() == "":
        return None
    if cell.startswith("'"):
        return _restore(cell)  # neutralised text stays text
    cell = cell.strip()
    if cell in ("true", "false"):
        return cell == "true"
    for number in (int, float):
        try:
            return number(cell)
        except ValueError:
            pass
    return cell


def read_scores(source, instrument: str | None = None, **context) -> list[tuple[dict, object]]:
    """Read a cohort CSV (a path or a text file object) and score every row; return ``(id columns, Score)`` pairs in file order.

    The instrument is ``instrument`` or the file's ``instrument`` column.  Context columns
    (``sex`` ...) apply per row; ``context`` given here applies to rows that leave them empty.
    A ``total`` or ``band`` in the file must agree with the re-scored row.

    Raises
    ------
    InteropError
        Not CSV text, an unknown or mixed instrument, a missing item column (named), or a row whose
        stored total or band disagrees with its answers (row number given).  Answer errors name the
        row and come from :func:`iopkit.score`.

    Examples
    --------
    >>> rows = read_scores(io.StringIO("instrument,item1,item2\\nphq2,1,2\\n"))
    >>> rows[0][1].total
    3
    >>> ids, score = read_scores(io.StringIO("patient,item1,item2\\nIOP-0042,3,3\\n"), "phq2")[0]
    >>> ids, score.total, score.band, [flag.code for flag in score.flags]
    ({'patient': 'IOP-0042'}, 6, 'positive', ['positive_screen'])
    """
    from ..scoring import score as score_answers

    if hasattr(source, "read"):  # a text file opened with newline="" (as the csv module requires)
        text = source.read()
    else:
        with open(source, encoding="utf-8-sig", newline="") as file:
            text = file.read()
    try:
        rows = list(csv.DictReader(io.StringIO(text), strict=True))
    except csv.Error as error:
        raise InteropError(f"cohort CSV is not readable: {error}") from None
    if not rows:
        raise InteropError("cohort CSV has a header but no rows" if text.strip() else "cohort CSV is empty")
    named = {row.get("instrument") for row in rows} - {None, ""}
    code = instrument or (next(iter(named)) if len(named) == 1 else None)
    if code is None:
        raise InteropError(f"give instrument= or one instrument column value (got {sorted(named) or 'none'})")
    inst = _get_instrument(code)
    others = sorted(n for n in named if _get_instrument(n).code != inst.code)
    if others:
        raise InteropError(f"cohort CSV for {inst.code} has rows of {others}; one instrument per file")
    missing = [item.column for item in inst.items if item.required and item.column not in rows[0]]
    if missing:
        raise InteropError(f"cohort CSV for {inst.code} is missing columns {missing}; "
                           f"expected {columns(inst.code)}")
    known = set(columns(inst.code))
    out = []
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        answers = {item.number: _value(row.get(item.column) or "") for item in inst.items}
        ctx = {**context, **{k: _value(row[k]) for k in ("scheme", *inst.context) if row.get(k, "") != ""}}
        result = _score_row(score_answers, inst, answers, ctx, number)
        for name in ("total", "band"):
            if row.get(name, "") != "" and _value(row[name]) != getattr(result, name):
                raise InteropError(f"cohort CSV line {number}: {name} {row[name]!r} disagrees with the answers, "
                                   f"which score {getattr(result, name)!r}")
        out.append(({k: _value(v) for k, v in row.items() if k not in known}, result))
    return out


def _score_row(score_answers, inst, answers: dict, ctx: dict, line: int):
    if inst.groups:
        answers = {name: [answers[n] for n in numbers] for name, numbers in inst.groups}
    try:
        return score_answers(inst.code, answers, **ctx)
    except InteropError:
        raise
    except (ValueError, KeyError) as error:
        raise type(error)(f"cohort CSV line {line}: {error}") from error
