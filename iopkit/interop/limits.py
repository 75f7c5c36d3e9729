"""How big an import file may be: refused from its size, before its content is read.

Every file an import reads whole (FHIR ``.json``/``.ndjson``, a cohort CSV, a REDCap records export) is read through
:func:`read_limited`: a file larger than the limit (:data:`MAX_IMPORT_BYTES`, 64 MiB, unless
``IOPKIT_MAX_IMPORT_MIB`` or the caller's ``max_bytes`` says otherwise) is refused with an
:class:`~iopkit.errors.InteropError` naming the file, its size and the limit, from its size on disk and before one
byte of it is read; and never more than the limit is read, even from a file that grows meanwhile or has no size (a
pipe, a file object).  64 MiB is far above a clinic's exports (a FHIR Bundle of one PHQ-9 is about 3 KB: some 20,000
responses) and far below what a laptop can hold while reading it (the parsed JSON takes several times the file).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from ..errors import InteropError

__all__ = ["ENV_MAX_IMPORT", "MAX_IMPORT_BYTES", "MIB", "import_limit", "read_limited"]

MIB = 1024 * 1024
#: The largest import file read by default: 64 MiB.
MAX_IMPORT_BYTES = 64 * MIB
#: The environment variable that changes it, in MiB (a whole number of at least 1).
ENV_MAX_IMPORT = "IOPKIT_MAX_IMPORT_MIB"


def import_limit(max_bytes: int | None = None, environ: Mapping[str, str] | None = None) -> int:
    """The largest import file, in bytes: ``max_bytes`` if given, else ``IOPKIT_MAX_IMPORT_MIB``, else 64 MiB.

    Parameters
    ----------
    max_bytes : int, optional
        The caller's limit in bytes (at least 1).
    environ : mapping of str to str, optional
        The environment to read; None (the default) reads this process's environment.

    Returns
    -------
    int
        The limit in bytes.

    Raises
    ------
    InteropError
        ``max_bytes`` is not a whole number of at least 1, or ``IOPKIT_MAX_IMPORT_MIB`` is set and is not.

    Examples
    --------
    >>> import_limit(environ={}), import_limit(environ={"IOPKIT_MAX_IMPORT_MIB": "256"}) // MIB, import_limit(10)
    (67108864, 256, 10)
    """
    if max_bytes is not None:
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
            raise InteropError(
                f"max_bytes must be a whole number of bytes of at least 1; got {max_bytes!r}",
                item="max_bytes",
                value=max_bytes,
                allowed="a whole number of bytes of at least 1",
            )
        return max_bytes
    environ = os.environ if environ is None else environ
    raw = environ.get(ENV_MAX_IMPORT, "").strip()
    if not raw:
        return MAX_IMPORT_BYTES
    if not raw.isdigit() or int(raw) < 1:
        raise InteropError(
            f"{ENV_MAX_IMPORT} must be a whole number of MiB of at least 1; got {raw!r}",
            item=ENV_MAX_IMPORT,
            value=raw,
            allowed="a whole number of MiB of at least 1",
        )
    return int(raw) * MIB


def _shown(size: int) -> str:
    return f"{size:,} bytes ({size / MIB:.1f} MiB)"


def _too_large(where: str, size: int | None, limit: int) -> InteropError:
    said = _shown(size) if size is not None else f"more than {_shown(limit)}"
    return InteropError(
        f"{where} is {said}, larger than the import limit of {_shown(limit)}; nothing was imported. Split the file, "
        f"or raise the limit ({ENV_MAX_IMPORT}, or iopkit import --max-mib)",
        item="file size",
        value=size,
        allowed=f"at most {limit:,} bytes",
    )


def read_limited(source, max_bytes: int | None = None, *, what: str = "import file"):
    """The whole content of an import file, refused when larger than the limit (:func:`import_limit`).

    A path's size is checked before it is opened; then at most one byte more than the limit is read, so a file that
    grew meanwhile, or a special file, is refused too.  A file object is read the same way (for a text stream the
    limit counts characters).

    Parameters
    ----------
    source : path or file object
        The file (its bytes are returned), or an open file object (its ``read`` result, bytes or text).
    max_bytes : int, optional
        The limit in bytes; default :func:`import_limit` (``IOPKIT_MAX_IMPORT_MIB``, else 64 MiB).
    what : str, default "import file"
        What the file is, for a file object without a name.

    Returns
    -------
    bytes or str
        The content.

    Raises
    ------
    InteropError
        The file is larger than the limit (naming the file, its size and the limit), or cannot be read.

    Examples
    --------
    >>> import io
    >>> read_limited(io.BytesIO(b"patient,item1"), 20)
    b'patient,item1'
    >>> read_limited(io.BytesIO(b"x" * 30), 20)
    Traceback (most recent call last):
    ...
    iopkit.errors.InteropError: import file is more than 20 bytes (0.0 MiB), larger than the import limit of 20 bytes \
(0.0 MiB); nothing was imported. Split the file, or raise the limit (IOPKIT_MAX_IMPORT_MIB, or iopkit import --max-mib)
    """
    limit = import_limit(max_bytes)
    if hasattr(source, "read"):
        content = source.read(limit + 1)
        if len(content) > limit:
            raise _too_large(str(getattr(source, "name", "") or what), None, limit)
        return content
    path = Path(source).expanduser()
    try:
        size = path.stat().st_size
        if size > limit:
            raise _too_large(str(path), size, limit)
        with path.open("rb") as handle:
            content = handle.read(limit + 1)
    except OSError as error:
        raise InteropError(
            f"cannot read {path}: {error.strerror or error}",
            item="file",
            value=str(path),
            allowed="a readable file",
        ) from None
    if len(content) > limit:  # it grew after its size was read, or reports none (a pipe)
        raise _too_large(str(path), None, limit)
    return content
