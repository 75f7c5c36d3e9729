"""``iopkit score``, ``iopkit import`` and ``iopkit export``: files in and out (see :mod:`iopkit.cli`).

Scoring is :func:`iopkit.score_many` chunk by chunk (so a file of millions of rows never sits in memory
twice); importing and exporting are :mod:`iopkit.interop`.  Identifiers are read as text, exactly as
written; text cells written to a CSV are made safe to open in a spreadsheet
(:func:`iopkit.interop.neutralise`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ._cli_base import (
    EXIT_OK,
    EXIT_REFUSED,
    UsageError,
    _existing_file,
    _progress,
    _say,
)
from ._files import private_output

__all__ = ["CHUNK_ROWS", "cmd_export", "cmd_import", "cmd_score"]

#: Rows scored per call of score_many (bounded memory, one progress step each).
CHUNK_ROWS = 200_000
_SHOWN_ROWS = 10  # line numbers listed per critical flag in the summary


def _format(path: Path, allowed: tuple[str, ...], what: str) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in allowed:
        raise UsageError(f"{what} {str(path)!r} must end in " + ", ".join(f".{s}" for s in allowed))
    return suffix


def _context(pairs: list[str]) -> dict:
    """``KEY=VALUE`` texts as scoring context (whole numbers and true/false read as such)."""
    context = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--set takes KEY=VALUE (got {pair!r})")
        value = value.strip()
        lowered = value.lower()
        context[key.strip()] = (
            True
            if lowered == "true"
            else False
            if lowered == "false"
            else int(value)
            if value.lstrip("-").isdigit()
            else value
        )
    return context


# --- score -----------------------------------------------------------------------------------------


def _csv_chunks(inst, source: Path):
    import csv

    import pandas as pd

    try:
        with source.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), None)
    except UnicodeDecodeError as error:
        raise UsageError(f"{source} is not UTF-8 text ({error.reason} at byte {error.start})") from None
    if not header:
        raise UsageError(f"{source} is empty: it needs a header row with item1..item{len(inst.items)}")
    items = {item.column for item in inst.items} | {str(item.number) for item in inst.items}
    ids = {name: str for name in header if name not in items}  # identifiers stay text: "007" is not 7
    try:
        yield from pd.read_csv(
            source,
            dtype=ids,
            keep_default_na=False,
            na_values={n: [""] for n in items},
            encoding="utf-8-sig",
            chunksize=CHUNK_ROWS,
        )
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as error:
        raise UsageError(f"{source} cannot be read as CSV: {error}") from None


def _parquet_chunks(source: Path):
    import pandas as pd

    try:
        frame = pd.read_parquet(source)
    except ImportError:
        raise UsageError("reading Parquet needs pyarrow (pip install pyarrow); or give a .csv file") from None
    except (OSError, ValueError) as error:
        raise UsageError(f"{source} cannot be read as Parquet: {error}") from None
    for start in range(0, max(len(frame), 1), CHUNK_ROWS):
        yield frame.iloc[start : start + CHUNK_ROWS]


def _rows_in(source: Path, kind: str) -> int | None:
    """Data rows in a CSV (for the progress line; counts line ends, so quoted newlines over-count)."""
    if kind != "csv":
        return None
    with source.open("rb") as handle:
        return max(sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b"")) - 1, 0)


def _for_output(frame, items: set[str]):
    """Item columns read as floats (a blank made them so) back to whole numbers; text made spreadsheet-safe."""
    import numpy as np
    from pandas.api.types import is_string_dtype

    from .interop import neutralise

    for name in frame.columns:
        column = frame[name]
        if name in items and column.dtype.kind == "f":
            values = column.to_numpy()
            if np.array_equal(values, np.floor(values), equal_nan=True):
                frame[name] = column.astype("Int64")
        elif column.dtype == object or is_string_dtype(column.dtype):
            frame[name] = column.map(lambda v: neutralise(v) if isinstance(v, str) else v)
    return frame


def cmd_score(arguments) -> int:
    """``iopkit score``: score every row of a CSV or Parquet file with one instrument and write the scored file.

    Prints a summary and every safety flag raised, by the lines (CSV) or rows (Parquet) that raised it,
    most severe first.

    Parameters
    ----------
    arguments : argparse.Namespace
        The parsed command line: ``file``, ``instrument``, ``output``, ``context`` (``KEY=VALUE`` texts),
        ``sex_column`` (the column holding each row's sex, or ``None``: :func:`iopkit.score_many`'s
        ``sex_column``) and ``quiet``.

    Returns
    -------
    int
        :data:`EXIT_OK` when every row was scored, :data:`EXIT_REFUSED` when some were refused (the output's
        ``error`` column says why).

    Raises
    ------
    UsageError
        An input that does not exist, is empty, holds no rows or cannot be read, a file name that does not end
        in ``.csv`` or ``.parquet``, an output that would overwrite the input, a ``--set`` that is not
        ``KEY=VALUE``, or Parquet without pyarrow.
    IopkitError
        An unknown instrument (:class:`~iopkit.errors.UnknownInstrumentError`) or scoring context the
        instrument refuses, or a ``--sex-column`` that is absent or holds a value other than female, male or
        blank (naming its CSV line or Parquet row), as :func:`iopkit.score_many` raises it; an output that cannot
        be written (its folder does not exist: :class:`~iopkit.errors.InteropError`).  The output is written
        owner-only (0600) and whole: nothing is left at ``-o`` when scoring fails.
    """
    import pandas as pd

    from .flags import Severity
    from .instruments import get
    from .scoring import score_many

    inst = get(arguments.instrument)
    context = _context(arguments.context)
    source = _existing_file(arguments.file, "input")
    out = Path(arguments.output).expanduser()
    kind_in = _format(source, ("csv", "parquet"), "input")
    kind_out = _format(out, ("csv", "parquet"), "output")
    if out.exists() and out.resolve() == source.resolve():
        raise UsageError("the output would overwrite the input; give another -o file")
    chunks = _csv_chunks(inst, source) if kind_in == "csv" else _parquet_chunks(source)
    offset = 2 if kind_in == "csv" else 1  # what the user sees: CSV line numbers (after the header), row numbers
    where = "line" if kind_in == "csv" else "row"
    rows = refused = 0
    items = {item.column for item in inst.items}
    fired: dict[str, list[int]] = {rule.code: [] for rule in inst.flags}
    frames, replaced = [], set()
    mode, text = ("w", {"encoding": "utf-8", "newline": ""}) if kind_out == "csv" else ("wb", {})
    with (
        private_output(out, mode, **text) as handle,  # health data: owner-only, whole or not at all
        _progress(
            arguments, f"scoring {source.name}", _rows_in(source, kind_in) if sys.stderr.isatty() else None
        ) as progress,
    ):
        for number, chunk in enumerate(chunks):
            first = rows + offset  # rows named as the user sees them, should a sex value be refused
            numbered = chunk.set_axis(pd.RangeIndex(first, first + len(chunk), name=where))
            result = score_many(inst, numbered, **context, sex_column=arguments.sex_column).reset_index(drop=True)
            clash = [c for c in result.columns if c in chunk.columns]
            replaced.update(clash)
            scored = chunk.reset_index(drop=True).drop(columns=clash).join(result)
            lines = scored.index.to_numpy() + rows + offset
            for code, hits in fired.items():
                hits.extend(lines[scored[f"flag_{code}"].fillna(False).to_numpy(dtype=bool)].tolist())
            refused += int(scored["error"].notna().sum())
            rows += len(scored)
            if kind_out == "csv":
                _for_output(scored, items).to_csv(handle, header=number == 0, index=False)
            else:
                frames.append(_for_output(scored, items))
            progress.advance(len(scored))
        if not rows:
            raise UsageError(f"{source} holds no rows to score")
        if kind_out == "parquet":
            import pandas as pd

            try:
                pd.concat(frames, ignore_index=True).to_parquet(handle, index=False)
            except ImportError:
                raise UsageError("writing Parquet needs pyarrow (pip install pyarrow); or give -o FILE.csv") from None
    if replaced:
        _say(
            arguments,
            f"iopkit score: the input's columns {', '.join(sorted(replaced))} were replaced by the new scores",
        )
    print(
        f"{inst.code}: scored {rows - refused:,} of {rows:,} rows; {refused:,} refused"
        + (" (the error column says why)" if refused else "")
        + f" -> {out}"
    )
    for rule in sorted(inst.flags, key=lambda r: Severity(r.severity).rank):
        hits = fired[rule.code]
        if hits:
            shown = ", ".join(map(str, hits[:_SHOWN_ROWS])) + (" ..." if len(hits) > _SHOWN_ROWS else "")
            loud = "!!! " if rule.severity == "critical" else ""
            print(
                f"{loud}{rule.severity.upper()} {rule.code} on {len(hits):,} rows ({where}s {shown}): "
                f"{rule.message}. {rule.action}"
            )
    return EXIT_REFUSED if refused else EXIT_OK


# --- import ----------------------------------------------------------------------------------------


def cmd_import(arguments) -> int:
    """``iopkit import``: check, re-score and save a cohort CSV or FHIR QuestionnaireResponses into a store.

    Prints the import report; critical flags on rows that were not imported are also said on stderr.

    Parameters
    ----------
    arguments : argparse.Namespace
        The parsed command line: ``file`` (``.csv``, ``.json`` or ``.ndjson``), ``db``, ``instrument``, ``by``,
        ``max_mib`` (the size limit in MiB; None: ``IOPKIT_MAX_IMPORT_MIB``, else 64) and ``quiet``.

    Returns
    -------
    int
        :data:`EXIT_OK` when every row was imported, :data:`EXIT_REFUSED` when some were refused.

    Raises
    ------
    UsageError
        A file or store that does not exist, or a file name with another ending.
    IopkitError
        The store cannot be opened (:class:`~iopkit.errors.StoreError`), or the whole file is refused
        (:class:`~iopkit.errors.InteropError` and others, as :func:`iopkit.interop.import_csv` and
        :func:`iopkit.interop.import_fhir_file` raise them): among them a file larger than the size limit, refused
        from its size before it is read.
    """
    from .interop import import_csv, import_fhir_file
    from .interop.limits import MIB
    from .store import Store

    source = _existing_file(arguments.file, "input")
    kind = _format(source, ("csv", "json", "ndjson"), "input")
    limit = arguments.max_mib * MIB if getattr(arguments, "max_mib", None) else None
    with Store(_existing_file(arguments.db, "store")) as store, _progress(arguments, f"importing {source.name}"):
        if kind == "csv":
            report = import_csv(store, source, by=arguments.by, instrument=arguments.instrument, max_bytes=limit)
        else:
            report = import_fhir_file(store, source, by=arguments.by, instrument=arguments.instrument, max_bytes=limit)
    unsaved = [rf for rf in report.critical if not rf.saved]
    if unsaved:  # also on stderr, so that it is seen when the report goes to a file
        print(
            f"!!! iopkit import: {len(unsaved)} critical flag{'s' * (len(unsaved) != 1)} on rows NOT imported: "
            "act on them now (details in the report) !!!",
            file=sys.stderr,
        )
    print(report)
    return EXIT_OK if report.ok else EXIT_REFUSED


# --- export ----------------------------------------------------------------------------------------


def cmd_export(arguments) -> int:
    """``iopkit export``: write the current assessments of a store as a CSV of one instrument or as FHIR.

    Parameters
    ----------
    arguments : argparse.Namespace
        The parsed command line: ``db``, ``output`` (``.csv``, ``.json`` or ``.ndjson``), ``instrument``
        (required for ``.csv``) and ``quiet``.

    Returns
    -------
    int
        :data:`EXIT_OK`.

    Raises
    ------
    UsageError
        A store that does not exist, an output name with another ending, a CSV asked without
        ``--instrument``, or (FHIR) a store holding no assessments to export.
    IopkitError
        An unknown instrument (:class:`~iopkit.errors.UnknownInstrumentError`), a store that cannot be opened
        (:class:`~iopkit.errors.StoreError`) or an output that cannot be written (its folder does not exist:
        :class:`~iopkit.errors.InteropError`).  The output is written owner-only (0600).
    """
    from .interop import export_csv, to_fhir
    from .store import Store

    out = Path(arguments.output).expanduser()
    kind = _format(out, ("csv", "json", "ndjson"), "output")
    if kind == "csv" and not arguments.instrument:
        raise UsageError("a CSV holds one instrument: give --instrument (e.g. --instrument phq9)")
    code = None
    if arguments.instrument:
        from .instruments import get

        code = get(arguments.instrument).code
    with Store(_existing_file(arguments.db, "store"), read_only=True) as store:
        if kind == "csv" and code is not None:
            export_csv(store, code, out)
            count = sum(1 for line in out.open(encoding="utf-8")) - 1
        else:
            patients = store.patients()
            bundles = []
            with _progress(arguments, "exporting", len(patients)) as progress:
                for patient in patients:
                    bundles += [
                        to_fhir(r.item, subject=f"Patient/{patient.pseudonym}", authored=r.taken_at)
                        for r in store.current(patient.id, "assessment")
                        if code is None or r.item.instrument == code
                    ]
                    progress.advance()
            if not bundles:
                raise UsageError("the store holds no " + (f"{code} " if code else "") + "assessments to export")
            with private_output(out, encoding="utf-8") as handle:  # health data: owner-only, whole or not at all
                if kind == "ndjson":
                    handle.writelines(json.dumps(bundle, ensure_ascii=False) + "\n" for bundle in bundles)
                else:
                    json.dump(bundles, handle, ensure_ascii=False, indent=1)
            count = len(bundles)
    print(f"exported {count:,} assessment{'s' * (count != 1)} -> {out}")
    return EXIT_OK
