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
from collections.abc import Iterable

from .._files import private_output
from ..errors import InteropError, IopkitError
from ..instruments import get as _get_instrument
from .limits import read_limited
from .report import checked_context, show

__all__ = ["columns", "write_scores", "read_scores", "read_report", "neutralise", "FORMULA_STARTS"]

#: First characters a spreadsheet may treat as the start of a formula (OWASP CSV Injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Make a text cell safe to open in a spreadsheet (reversed on reading).

    A cell that starts with a formula character, or with the quote itself, gets one leading ``'``.

    Parameters
    ----------
    cell : str
        The text of a cell.

    Returns
    -------
    str
        ``cell``, with a leading ``'`` when it starts with one of :data:`FORMULA_STARTS` or with ``'``.

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

    Parameters
    ----------
    instrument : str or Instrument
        The instrument, any name :func:`iopkit.instrument` accepts.
    ids : iterable of str, optional
        Id columns, placed after ``instrument``.

    Returns
    -------
    list of str
        ``instrument``, the ids, the item columns, ``scheme``, the context keys, ``total``, ``band``, one
        ``flag_<code>`` per flag rule, then the subscales and criteria.

    Examples
    --------
    >>> columns("phq2", ids=["patient"])
    ['instrument', 'patient', 'item1', 'item2', 'scheme', 'total', 'band', 'flag_positive_screen']
    """
    inst = _get_instrument(instrument)
    return [
        "instrument",
        *ids,
        *(item.column for item in inst.items),
        "scheme",
        *inst.context,
        "total",
        "band",
        *(f"flag_{rule.code}" for rule in inst.flags),
        *(s.name for s in inst.subscales),
        *(c.name for c in inst.criteria),
    ]


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

    Parameters
    ----------
    scores : iterable of Score
        Scores of one instrument, one row each.
    target : path or text file object, optional
        Where to write (a path is written as UTF-8, readable by its owner only, whole or not at all);
        ``None`` returns the text.
    ids : iterable of dict, optional
        One dict of id columns per score, all with the same keys.

    Returns
    -------
    str or None
        The CSV text when ``target`` is ``None``, else ``None``.

    Raises
    ------
    InteropError
        Scores of more than one instrument, no scores, ``ids`` not one dict per score with the same keys,
        an id column named like a cohort column, or a path that cannot be written (e.g. its folder does not exist).

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
        raise InteropError(
            f"a cohort CSV holds one instrument (got {sorted(codes)}); write one file each",
            value=sorted(codes),
            allowed="one instrument per file",
        )
    if len(id_rows) != len(scores) or len({tuple(r) for r in id_rows}) > 1:
        raise InteropError(
            "ids must give the same columns for every score, one dict per score",
            item="ids",
            allowed="one dict per score, all with the same keys",
        )
    if not scores:
        raise InteropError("no scores to write")
    inst = _get_instrument(scores[0].instrument)
    clash = sorted(set(id_rows[0]) & set(columns(inst.code)))
    if clash:
        raise InteropError(
            f"id columns {clash} would overwrite the cohort columns of the same name",
            instrument=inst.code,
            item="ids",
            value=clash,
        )
    header = columns(inst.code, id_rows[0])
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180: CRLF rows, so a CR or LF inside a cell is quoted
    writer.writerow(header)
    for score, extra in zip(scores, id_rows):
        answers, raised = _flat_answers(inst, score.answers), {f.code for f in score.flags}
        row = {
            "instrument": score.instrument,
            **extra,
            **score.context,
            **score.subscores,
            **{item.column: answers.get(item.number) for item in inst.items},
            "total": score.total,
            "band": score.band,
            **{f"flag_{rule.code}": rule.code in raised for rule in inst.flags},
        }
        writer.writerow([_cell(row.get(name)) for name in header])
    if target is None:
        return buffer.getvalue()
    if hasattr(target, "write"):
        target.write(buffer.getvalue())
    else:
        with private_output(target, encoding="utf-8", newline="") as file:  # health data: owner-only
            file.write(buffer.getvalue())
    return None


def _value(cell: str):
    """A result or context cell: empty -> None, ``true``/``false`` -> bool, a number -> int or float, else text."""
    if cell.strip() == "":
        return None
    if cell.startswith("'"):
        return _restore(cell)  # neutralised text stays text
    cell = cell.strip()
    if cell in ("true", "false"):
        return cell == "true"
    if len(cell) <= 32:  # longer "numbers" stay text, so the scorer names them as given
        for number in (int, float):
            try:
                return number(cell)
            except ValueError:
                pass
    return cell


def _text(cell: str | None) -> str | None:
    """An identifier cell: always text, exactly as written ("007" stays "007"); empty -> None."""
    return None if cell in (None, "") else _restore(cell)


def _decode(source, encoding: str, max_bytes: int | None = None) -> str:
    """The text of a path or file object, without a leading UTF-8 byte-order mark (one a text file opened as
    plain UTF-8 keeps would otherwise be read as part of the first column's name, and that column not at all);
    a file larger than the import limit is refused unread (:func:`iopkit.interop.limits.read_limited`)."""
    return _text_of(source, encoding, max_bytes).removeprefix("\ufeff")


def _text_of(source, encoding: str, max_bytes: int | None = None) -> str:
    where = (getattr(source, "name", None) if hasattr(source, "read") else str(source)) or "the cohort CSV"
    shown = "UTF-8" if encoding.lower().replace("_", "-") in ("utf-8", "utf-8-sig", "utf8") else encoding
    # A path is read as bytes and decoded whole: line ends stay as written, as with open(newline="").
    # A file object is a text file opened with newline="" (as the csv module requires), or a binary one.
    text = read_limited(source, max_bytes, what="the cohort CSV")
    try:
        return text.decode(encoding) if isinstance(text, (bytes, bytearray)) else text
    except UnicodeDecodeError as error:
        raise InteropError(
            f"{where} is not {shown} text (byte {error.start}: {error.reason}); save it as UTF-8, "
            "or give the encoding it was saved in, e.g. encoding='cp1252' or 'latin-1'",
            value=encoding,
            allowed="text in the given encoding (default UTF-8)",
        ) from None
    except LookupError:
        raise InteropError(f"unknown text encoding {encoding!r}", value=encoding) from None


def read_report(
    source, instrument: str | None = None, *, encoding: str = "utf-8-sig", max_bytes: int | None = None, **context
):
    """Read and score every row of a cohort CSV; never stop at a bad row.

    Parameters
    ----------
    source : path or file object
        A path, a text file object (opened with ``newline=""``) or a binary one.
    instrument : str, optional
        The instrument; else the file's ``instrument`` column (one value for the whole file).
    encoding : str
        The text encoding of a path or binary file (default UTF-8, with or without a BOM; a BOM is dropped also
        from a text file object and with encoding="utf-8").
        Text that does not decode is refused naming the encoding, never guessed.
    max_bytes : int, optional
        The largest file read; default ``IOPKIT_MAX_IMPORT_MIB``, else 64 MiB (:mod:`iopkit.interop.limits`).
    **context
        Scoring context (``sex`` ...) for rows whose context columns are empty.

    Returns
    -------
    ImportReport
        ``imported``: the rows that scored (``ids`` holds the id columns, always as text);
        ``refused``: every other row with its line number, patient, the iopkit error and the safety
        flags its valid answers already make certain.

    Raises
    ------
    InteropError
        Problems of the whole file: larger than the import limit (refused before it is read), not CSV text, no
        rows, duplicate column names, no or several instruments.  (A missing item column refuses every row, each
        with its certain flags.)

    Examples
    --------
    >>> report = read_report(io.StringIO("patient,item1,item2\\n007,1,2\\n7,,3\\n"), "phq2")
    >>> [(row.row, row.patient, row.score.total) for row in report.imported]
    [(2, '007', 3)]

    Line 3 leaves item 1 blank, so it is refused; its item 2 alone already reaches the PHQ-2
    cut-off of 3, so the positive screen is certain and reported with the refusal:

    >>> [(row.row, row.patient, [f.code for f in row.flags]) for row in report.refused]
    [(3, '7', ['positive_screen'])]
    """
    from .report import Imported, ImportReport, Refused

    text = _decode(source, encoding, max_bytes)
    try:
        reader = csv.reader(io.StringIO(text), strict=True)
        header = next(reader, None)
        lines, start = [], reader.line_num + 1
        for cells in reader:  # remember the line each row starts on (a quoted cell may span lines)
            if cells:
                lines.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise InteropError(f"cohort CSV is not readable: {error}") from None
    if header is None or not lines:
        raise InteropError("cohort CSV has a header but no rows" if text.strip() else "cohort CSV is empty")
    doubled = sorted({name for name in header if name and header.count(name) > 1})
    if doubled:
        raise InteropError(
            f"cohort CSV names columns {doubled} more than once; which one to read is unclear",
            item=doubled,
            allowed="each column name once",
        )
    rows = [(line, dict(zip(header, cells)) if len(cells) == len(header) else len(cells)) for line, cells in lines]
    named = {
        given
        for given in (_text(row.get("instrument")) for _, row in rows if isinstance(row, dict))
        if given is not None
    }
    code = instrument or (next(iter(named)) if len(named) == 1 else None)
    if code is None:
        raise InteropError(f"give instrument= or one instrument column value (got {sorted(named) or 'none'})")
    inst = _get_instrument(code)
    others = sorted(n for n in named if _get_instrument(n).code != inst.code)
    if others:
        raise InteropError(
            f"cohort CSV for {inst.code} has rows of {others}; one instrument per file",
            instrument=inst.code,
            value=others,
        )
    missing = [item.column for item in inst.items if item.required and item.column not in header]
    known = set(columns(inst.code))
    imported, refused = [], []
    for number, row in rows:
        if not isinstance(row, dict):
            unmatched = InteropError(
                f"cohort CSV line {number} has {row} cells but the header has {len(header)}; "
                "its cells cannot be matched to columns, so nothing in it is read",
                instrument=inst.code,
                value=row,
                allowed=len(header),
            )
            refused.append(Refused(number, None, inst.code, unmatched))
            continue
        ids = {k: _text(v) for k, v in row.items() if k not in known}
        if missing:  # every row is refused, but what its other columns already make certain is reported
            flags = _certain_flags(inst, row, context, number)
            short = InteropError(
                f"cohort CSV for {inst.code} is missing columns {missing}; expected {columns(inst.code)}",
                flags=flags,
                instrument=inst.code,
                item=missing,
            )
            refused.append(Refused(number, ids.get("patient"), inst.code, short, ids))
            continue
        try:
            imported.append(Imported(number, ids.get("patient"), _score_row(inst, row, context, number), ids))
        except IopkitError as error:
            refused.append(Refused(number, ids.get("patient"), inst.code, error, ids))
    return ImportReport("cohort CSV", tuple(imported), tuple(refused))


def read_scores(source, instrument: str | None = None, *, encoding: str = "utf-8-sig", **context):
    """Read a cohort CSV (a path or a file object) and score every row; ``(id columns, Score)`` pairs in file order.

    Strict: any refused row raises (see :func:`read_report` for a report that keeps going).  The
    instrument is ``instrument`` or the file's ``instrument`` column.  Context columns (``sex`` ...)
    apply per row; ``context`` given here applies to rows that leave them empty.  A ``total`` or
    ``band`` in the file must agree with the re-scored row.  Id columns (``patient``, ``record``,
    ``taken_at`` ...) are read as text exactly as written.

    Parameters
    ----------
    source : path or file object
        As for :func:`read_report`.
    instrument : str, optional
        The instrument; else the file's ``instrument`` column.
    encoding : str
        As for :func:`read_report`.
    **context
        Scoring context for rows whose context columns are empty.

    Returns
    -------
    list of (dict, Score)
        The id columns of each row (text) and its Score, in file order.

    Raises
    ------
    InteropError
        Not CSV text, an unknown or mixed instrument, a missing item column (named), or a row whose
        stored total or band disagrees with its answers (row number given).  Answer errors name the
        row and come from :func:`iopkit.score`.  The error raised is the first refused row's, with
        the safety flags of every refused row in ``flags`` and the full report in ``error.report``.

    Examples
    --------
    >>> rows = read_scores(io.StringIO("instrument,item1,item2\\nphq2,1,2\\n"))
    >>> rows[0][1].total
    3
    >>> ids, score = read_scores(io.StringIO("patient,item1,item2\\nIOP-0042,3,3\\n"), "phq2")[0]
    >>> ids, score.total, score.band, [flag.code for flag in score.flags]
    ({'patient': 'IOP-0042'}, 6, 'positive', ['positive_screen'])
    """
    report = read_report(source, instrument, encoding=encoding, **context)
    report.raise_for_refused()
    return [(row.ids, row.score) for row in report.imported]


def _certain_flags(inst, row: dict, context: dict, line: int) -> tuple:
    try:
        return _score_row(inst, row, context, line).flags
    except IopkitError as error:
        return error.flags


def _score_row(inst, row: dict, context: dict, line: int):
    from ..scoring import score as score_answers

    answers = {item.number: _value(row.get(item.column) or "") for item in inst.items}
    ctx = {**context, **{k: _value(row[k]) for k in ("scheme", *inst.context) if row.get(k, "") != ""}}
    if inst.groups:
        answers = {name: [answers[n] for n in numbers] for name, numbers in inst.groups}
    try:
        result = score_answers(inst.code, answers, **checked_context(inst, ctx))
    except IopkitError as error:
        raise type(error)(
            f"cohort CSV line {line}: {error}",
            flags=error.flags,
            instrument=error.instrument or inst.code,
            item=error.item,
            value=error.value,
            allowed=error.allowed,
        ) from error
    for name in ("total", "band"):
        if row.get(name, "") != "" and _value(row[name]) != getattr(result, name):
            raise InteropError(
                f"cohort CSV line {line}: {name} {show(row[name])} disagrees with the answers, "
                f"which score {getattr(result, name)!r}",
                flags=result.flags,
                instrument=inst.code,
                item=name,
                value=row[name],
                allowed=getattr(result, name),
            )
    return result
