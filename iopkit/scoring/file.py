"""Score a file larger than memory: CSV or parquet in, parquet out, chunk by chunk.

:func:`score_file` reads a bounded number of rows at a time, scores each chunk with
:func:`iopkit.score_many` (the same rules, messages and flags) and appends it to a parquet file,
so memory stays near one chunk whatever the file's size.  Progress goes to stderr.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ..errors import InteropError
from .core import Sex, _context, _given, score_many
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


def _columns(path: Path, inst, keep, names) -> list:
    """The columns to read: the file's item columns, then ``keep``; a ``keep`` column the file lacks is refused."""
    names = list(names)
    missing = [c for c in keep if c not in names]
    if missing:
        raise InteropError(
            f"{path} has no column {', '.join(map(repr, missing))} to keep; its columns are "
            f"{', '.join(map(str, names[:20]))}{' ...' if len(names) > 20 else ''}",
            instrument=inst.code,
            value=missing,
            allowed=names,
        )
    return _item_columns(inst, names) + list(keep)


def _chunks(path: Path, inst, keep, chunksize: int):
    """(frame, rows done, rows in all or None, bytes done, bytes in all) per chunk."""
    import pandas as pd

    size = path.stat().st_size
    if path.suffix.lower() in (".parquet", ".pq"):
        import pyarrow.parquet as pq

        source = pq.ParquetFile(path)
        columns = _columns(path, inst, keep, source.schema_arrow.names)
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
        columns = _columns(path, inst, keep, header)
        done = 0
        for frame in pd.read_csv(handle, usecols=columns, chunksize=chunksize):
            done += len(frame)
            yield frame, done, None, handle.tell(), size


def _progress(stream, started: float, done: int, total, read: int, size: int) -> None:
    share = done / total if total else read / max(size, 1)
    rate = done / max(time.perf_counter() - started, 1e-9)
    stream.write(f"\rscored {done:,} rows ({share:4.0%}, {rate:,.0f} rows/s)")
    stream.flush()


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
        The parquet file to write (needs pyarrow, installed with ``iopkit[dask]``).  Without it
        the scored rows are returned as one DataFrame (then memory grows with the file).
    keep : sequence of str
        Other columns to copy through (an id, a date), in front of the scores.
    chunksize : int
        Rows per chunk: memory is bounded by about this many rows.
    progress : bool
        Write a progress line to stderr.
    scheme, sex, medical_supervision, **unknown
        The scoring context, as for :func:`iopkit.score` (checked before the file is read).

    Returns
    -------
    pathlib.Path or pandas.DataFrame
        ``out`` when given, else the scores.  Rows keep their position in the file (0-based) as
        the index; an index is not written to parquet.

    Raises
    ------
    InteropError
        The file does not exist or holds no rows.
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
    if not path.exists():
        raise InteropError(f"{path} does not exist")
    writer = schema = None
    parts, rows = [], 0
    started = time.perf_counter()
    stream = sys.stderr
    try:
        for frame, done, total, read, size in _chunks(path, inst, keep, chunksize):
            if not len(frame):
                continue
            rows = done
            scored = score_many(inst, frame.drop(columns=keep), **context)
            if keep:
                scored = frame[keep].join(scored)
            if out is None:
                parts.append(scored)
            else:
                import pyarrow as pa
                import pyarrow.parquet as pq

                if writer is None:
                    schema = pa.Schema.from_pandas(scored, preserve_index=False)
                    schema = schema.set(schema.get_field_index("error"), pa.field("error", pa.string()))
                    schema = schema.remove_metadata().with_metadata({b"iopkit": repr(scored.attrs).encode()})
                    writer = pq.ParquetWriter(out, schema)
                writer.write_table(pa.Table.from_pandas(scored, schema=schema, preserve_index=False))
            if progress:
                _progress(stream, started, done, total, read, size)
    finally:
        if writer is not None:
            writer.close()
        if progress:
            stream.write("\n")
    if not rows:
        raise InteropError(f"{path.name} holds no rows to score")
    if out is not None:
        return Path(out)
    import pandas as pd

    result = pd.concat(parts)
    result.attrs.update(parts[0].attrs)
    return result
