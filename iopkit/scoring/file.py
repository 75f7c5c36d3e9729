"""Score a file larger than memory: CSV or parquet in, parquet out, chunk by chunk.

:func:`score_file` reads a bounded number of rows at a time, scores each chunk with
:func:`iopkit.score_many` (the same rules, messages and flags) and appends it to a parquet file,
so memory stays near one chunk whatever the file's size.  Progress goes to stderr.
"""

from __future__ import annotations

import sys
import time
from contextlib import ExitStack
from enum import Enum
from pathlib import Path

from .._files import private_output
from ..errors import InteropError
from .cohort import sex_column_of
from .core import Sex, _context, _given, _sex_column_checked, score_many
from .core import instrument as get

__all__ = ["score_file"]


def _item_columns(inst, names) -> list:
    """The file's item columns (``item1``... or ``1``...) in form order; absent ones left out."""
    names = list(names)
    wanted = []
    for item in inst.items:
        for candidate in (item.column, str(item.number)):
            if candidate in names:
                wanted.append(candidate)
                break
    return wanted


def _columns(path: Path, inst, keep, names, sex_column=None) -> list:
    """The columns to read: the file's item columns, then ``keep`` (and ``sex_column``); a ``keep`` column the
    file lacks is refused, as is a ``sex_column`` (by :func:`~iopkit.scoring.cohort.sex_column_of`)."""
    names = list(names)
    if sex_column is not None:
        sex_column_of(inst, names, sex_column)
    missing = [c for c in keep if c not in names]
    if missing:
        raise InteropError(
            f"{path} has no column {', '.join(map(repr, missing))} to keep; its columns are "
            f"{', '.join(map(str, names[:20]))}{' ...' if len(names) > 20 else ''}",
            instrument=inst.code,
            value=missing,
            allowed=names,
        )
    extra = [] if sex_column is None or sex_column in keep else [sex_column]
    return _item_columns(inst, names) + list(keep) + extra


class KeepKind(Enum):
    """What a ``keep`` column holds in every chunk, decided once (from its first chunk or the parquet schema)."""

    WHOLE = "whole numbers"
    NUMBER = "numbers"
    YES_NO = "true/false values"
    TEXT = "text"
    AS_STORED = "the parquet file's type"


_KIND_OF_NUMPY = {"i": KeepKind.WHOLE, "u": KeepKind.WHOLE, "f": KeepKind.NUMBER, "b": KeepKind.YES_NO}


def _parquet_kind(kind) -> KeepKind:
    """A parquet column's kind: its type is the file's, the same in every batch."""
    import pyarrow as pa

    if pa.types.is_integer(kind):
        return KeepKind.WHOLE
    if pa.types.is_floating(kind):
        return KeepKind.NUMBER
    return KeepKind.YES_NO if pa.types.is_boolean(kind) else KeepKind.AS_STORED


def _csv_kinds(path: Path, keep, chunksize: int) -> dict:
    """A CSV's ``keep`` columns: numbers or true/false as pandas reads the first chunk; else (or all blank) text."""
    import pandas as pd

    if not keep:
        return {}
    first = pd.read_csv(path, usecols=list(keep), nrows=chunksize)
    return {
        name: _KIND_OF_NUMPY.get(first[name].dtype.kind, KeepKind.TEXT) if first[name].notna().any() else KeepKind.TEXT
        for name in keep
    }


def _chunks(path: Path, inst, keep, chunksize: int, kinds: dict, sex_column=None):
    """(frame, rows done, rows in all or None, bytes done, bytes in all) per chunk; fills ``kinds`` first."""
    import pandas as pd

    size = path.stat().st_size
    if path.suffix.lower() in (".parquet", ".pq"):
        import pyarrow.parquet as pq

        source = pq.ParquetFile(path)
        columns = _columns(path, inst, keep, source.schema_arrow.names, sex_column)
        kinds.update((name, _parquet_kind(source.schema_arrow.field(name).type)) for name in keep)
        total, done = source.metadata.num_rows, 0
        for batch in source.iter_batches(batch_size=chunksize, columns=columns):
            frame = batch.to_pandas()
            frame.index = pd.RangeIndex(done, done + len(frame))
            done += len(frame)
            yield frame, done, total, int(size * done / max(total, 1)), size
        return
    with path.open("rb") as handle:
        try:
            header = pd.read_csv(handle, nrows=0).columns
        except pd.errors.EmptyDataError:
            raise InteropError(
                f"{path} is empty: a CSV to score starts with a header line naming its columns "
                f"(item1... or 1... for {inst.code})",
                instrument=inst.code,
            ) from None
        handle.seek(0)
        columns = _columns(path, inst, keep, header, sex_column)
        kinds.update(_csv_kinds(path, keep, chunksize))
        text = {name: str for name, kind in kinds.items() if kind is KeepKind.TEXT}  # as written, in every chunk
        done = 0
        for frame in pd.read_csv(handle, usecols=columns, chunksize=chunksize, dtype=text):
            done += len(frame)
            yield frame, done, None, handle.tell(), size


def _fit_keep(path: Path, frame, kinds: dict):
    """The chunk with each ``keep`` column in its one kind (blanks as missing); a value that does not fit is refused.

    A column of whole numbers with a blank in this chunk becomes pandas' nullable ``Int64`` (the same
    parquet type, and ``pd.concat`` gives ``Int64`` for the whole column).
    """
    import numpy as np
    import pandas as pd

    for name, kind in kinds.items():
        column = frame[name]
        if kind in (KeepKind.TEXT, KeepKind.AS_STORED) or _KIND_OF_NUMPY.get(column.dtype.kind) is kind:
            continue
        blank = column.isna().to_numpy()
        if kind is KeepKind.WHOLE and column.dtype.kind == "f":
            values = column.to_numpy()
            fits = blank | (values == np.floor(values))
        elif kind is KeepKind.NUMBER and column.dtype.kind in "iu":
            fits = np.ones(len(column), dtype=bool)
        elif kind is KeepKind.YES_NO and column.dtype == object:
            fits = blank | np.array([isinstance(v, (bool, np.bool_)) for v in column], dtype=bool)
        elif kind in (KeepKind.WHOLE, KeepKind.NUMBER):  # a chunk read as text: which values are not numbers
            values = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            fits = blank | (~np.isnan(values) & ((values == np.floor(values)) | (kind is KeepKind.NUMBER)))
        else:
            fits = blank
        if not fits.all():
            row = int(np.flatnonzero(~fits)[0])
            raise InteropError(
                f"{path.name}: the column {name!r} to keep holds {kind.value} in its first rows but "
                f"{column.iloc[row]!r} at row {frame.index[row]} (0-based, after the header): one column, one "
                "kind of value; correct that value, or make the column text in every row",
                item=name,
                value=column.iloc[row],
                allowed=kind.value,
            )
        target = {KeepKind.WHOLE: "Int64", KeepKind.NUMBER: "float64", KeepKind.YES_NO: "boolean"}[kind]
        if blank.all():
            frame[name] = pd.Series(pd.NA, index=frame.index, dtype=target)
        else:
            frame[name] = (pd.to_numeric(column) if kind is not KeepKind.YES_NO else column).astype(target)
    return frame


def _arrow_schema(scored, kinds: dict, source_schema):
    """The parquet schema of every chunk: the first scored chunk's, ``keep`` columns in their decided kind."""
    import pyarrow as pa

    schema = pa.Schema.from_pandas(scored, preserve_index=False)
    for text in ("error", "sex_note"):  # text, even where every row of the first chunk is None
        if text in scored.columns:
            schema = schema.set(schema.get_field_index(text), pa.field(text, pa.string()))
    types = {KeepKind.WHOLE: pa.int64(), KeepKind.NUMBER: pa.float64(), KeepKind.YES_NO: pa.bool_()}
    types[KeepKind.TEXT] = pa.string()
    for name, kind in kinds.items():
        kind_type = source_schema.field(name).type if kind is KeepKind.AS_STORED else types[kind]
        schema = schema.set(schema.get_field_index(name), pa.field(name, kind_type))
    return schema.remove_metadata().with_metadata({b"iopkit": repr(scored.attrs).encode()})


def _arrow_table(path: Path, scored, schema):
    """One chunk as a table of ``schema``; a column that cannot take its type is refused by name."""
    import pyarrow as pa

    failures = (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError)
    try:
        return pa.Table.from_pandas(scored, schema=schema, preserve_index=False)
    except failures as error:
        problem, name, kind = str(error), None, None
    for field in schema:  # which column: the first that cannot be read as its type alone
        try:
            pa.array(scored[field.name], type=field.type, from_pandas=True)
        except failures as error:
            problem, name, kind = str(error), field.name, str(field.type)
            break
    where = f"the column {name!r} cannot be written as {kind}, its type in the first rows" if name else "rows"
    raise InteropError(
        f"{path.name}: {where} ({problem}); nothing was written",
        item=name,
        allowed=kind,
    )


def _progress(stream, started: float, done: int, total, read: int, size: int) -> None:
    share = done / total if total else read / max(size, 1)
    rate = done / max(time.perf_counter() - started, 1e-9)
    stream.write(f"\rscored {done:,} rows ({share:4.0%}, {rate:,.0f} rows/s)")
    stream.flush()


def _score_chunks(path: Path, inst, keep, chunksize: int, context: dict, target, progress: bool, sex_column=None):
    """Score chunk by chunk: (rows read, the scored chunks); with ``target``, each chunk goes there as parquet."""
    writer = schema = None
    parts: list = []
    kinds: dict[str, KeepKind] = {}  # filled by _chunks before its first chunk
    rows = 0
    started = time.perf_counter()
    stream = sys.stderr
    try:
        for frame, done, total, read, size in _chunks(path, inst, keep, chunksize, kinds, sex_column):
            if not len(frame):
                continue
            rows = done
            items = frame.drop(columns=[name for name in keep if name != sex_column])
            scored = score_many(inst, items, **context, sex_column=sex_column)
            if keep:
                scored = _fit_keep(path, frame[keep].copy(), kinds).join(scored)
            if target is None:
                parts.append(scored)
                continue
            import pyarrow.parquet as pq

            if writer is None:
                source = pq.ParquetFile(path).schema_arrow if KeepKind.AS_STORED in kinds.values() else None
                schema = _arrow_schema(scored, kinds, source)
                writer = pq.ParquetWriter(target, schema)
            writer.write_table(_arrow_table(path, scored, schema))
            if progress:
                _progress(stream, started, done, total, read, size)
    finally:
        if writer is not None:
            writer.close()
        if progress:
            stream.write("\n")
    return rows, parts


def score_file(
    path,
    instrument,
    out=None,
    *,
    keep=(),
    chunksize: int = 500_000,
    progress: bool = True,
    scheme: str | None = None,
    sex: Sex | None = None,
    medical_supervision: bool | None = None,
    sex_column: str | None = None,
    **unknown: object,
):
    """Score every row of a CSV or parquet file in bounded memory.

    Parameters
    ----------
    path : str or Path
        A ``.csv`` (comma-separated, header row) or ``.parquet`` file with item columns named as
        :func:`iopkit.score_many` takes them (``item1``, ``item2``, ... or ``1``, ``2``, ...).
    instrument : str
        Catalogue code.
    out : str or Path, optional
        The parquet file to write (needs pyarrow, installed with ``iopkit[dask]``), readable by its
        owner only (0600: it holds health data).  It is written beside ``out`` under a temporary name
        and renamed to ``out`` only when every chunk was written: a failure leaves nothing at ``out``.
        Without it the scored rows are returned as one DataFrame (then memory grows with the file).
    keep : sequence of str
        Other columns to copy through (an id, a date), in front of the scores.  Each holds one kind
        of value in every chunk, decided once: a parquet column keeps the file's type; a CSV column
        holds whole numbers, numbers or true/false when pandas reads its first chunk so (a later
        blank gives pandas' nullable ``Int64``), else text as written (also when the first chunk is
        all blank).
    chunksize : int
        Rows per chunk: memory is bounded by about this many rows.
    progress : bool
        Write a progress line to stderr.
    scheme, sex, medical_supervision, **unknown
        The scoring context, as for :func:`iopkit.score` (checked before the file is read).
    sex_column : str, optional
        AUDIT and AUDIT-C: the file's column holding each row's sex, as for :func:`iopkit.score_many`
        (``"female"``, ``"male"`` or blank; the result gains ``sex_used`` and ``sex_note``).  It is read
        but not copied through unless also in ``keep``; a value not allowed stops the scoring, naming
        the row (0-based, after the header) and nothing is left at ``out``.

    Returns
    -------
    pathlib.Path or pandas.DataFrame
        ``out`` when given, else the scores.  Rows keep their position in the file (0-based) as
        the index; an index is not written to parquet.

    Raises
    ------
    InteropError
        The file does not exist or holds no rows; a ``keep`` column holds a value of another kind
        than its first chunk (naming the column and row); ``out`` cannot be written (its folder
        does not exist).
    UnknownInstrumentError, UnknownSchemeError, InvalidAnswerError
        As for :func:`iopkit.score_many` (a wrong context, a file lacking an item column).

    Examples
    --------
    >>> import os, tempfile
    >>> src = os.path.join(tempfile.mkdtemp(), "phq2.csv")
    >>> _ = open(src, "w").write("id,item1,item2\\n7,1,2\\n8,3,3\\n9,0,5\\n")
    >>> scored = score_file(src, "phq2", keep=["id"], progress=False)
    >>> scored[["id", "total"]].values.tolist(), scored["error"].tolist()[2]
    ([[7, 3], [8, 6], [9, <NA>]], 'phq2 item 2 must be one of 0, 1, 2, 3 (got 5)')
    """
    path = Path(path)
    inst = get(instrument)
    keep = list(keep)
    context = _given(scheme, sex, medical_supervision, unknown)
    _context(inst, context)  # a wrong context is refused before the file is read
    if sex_column is not None:
        _sex_column_checked(inst, None, sex_column, context)
    if not path.exists():
        raise InteropError(f"{path} does not exist")
    with ExitStack() as closing:
        target = None if out is None else closing.enter_context(private_output(out, "wb"))  # 0600, whole or none
        rows, parts = _score_chunks(path, inst, keep, chunksize, context, target, progress, sex_column)
        if not rows:
            raise InteropError(f"{path.name} holds no rows to score")
    if out is not None:
        return Path(out)
    import pandas as pd

    result = pd.concat(parts)
    result.attrs.update(parts[0].attrs)
    return result
