"""TEDS-D (Treatment Episode Data Set - Discharges) codes and a loader for the public-use file.

One TEDS-D record is one discharge from one service type, not one person (SAMHSA's TEDS-D codebooks).
Codes below are those of SAMHSA's 2017-2022 TEDS-D public-use codebooks, as machine-read from them in
``HI-OD2A-P2P/TEDS-Processing`` ``TEDS-D/codebooks/merged_codes_result.csv``. ``-9`` means missing/unknown in
every coded column.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import InteropError

__all__ = ["LOS_DAYS", "REASON", "SERVICES", "SETTING_LEVEL", "analysis_columns", "load_teds_d", "los_code"]

MISSING = -9

#: SERVICES (setting at admission) and SERVICES_D (setting at discharge) share these codes.
SERVICES = {
    1: "Detox, 24-hour, hospital inpatient",
    2: "Detox, 24-hour, free-standing residential",
    3: "Rehab/residential, hospital (non-detox)",
    4: "Rehab/residential, short term (30 days or fewer)",
    5: "Rehab/residential, long term (more than 30 days)",
    6: "Ambulatory, intensive outpatient",
    7: "Ambulatory, non-intensive outpatient",
    8: "Ambulatory, detoxification",
}
#: REASON for discharge (2006-2014 label of 2: "Left against professional advice").
REASON = {
    1: "Treatment completed",
    2: "Dropped out of treatment",
    3: "Terminated by facility",
    4: "Transferred to another treatment program or facility",
    5: "Incarcerated",
    6: "Death",
    7: "Other",
}
#: LOS code -> (min days, max days); codes 1-30 are exact days, 31-37 ranges (same in 2006-2022).
LOS_DAYS = {
    **{day: (day, day) for day in range(1, 31)},
    31: (31, 45),
    32: (46, 60),
    33: (61, 90),
    34: (91, 120),
    35: (121, 180),
    36: (181, 365),
    37: (366, None),
}
#: Only the two ambulatory non-detox settings map onto a 3rd-edition level. TEDS defines intensive
#: outpatient as >= 2 h/day on >= 3 days/week (>= 6 h/wk; SAMHSA TEDS 2012 ch. 4, [P]), not ASAM's
#: adult 9 h/wk, so a TEDS "intensive outpatient" record may be Level 1 by ASAM hours.
SETTING_LEVEL = {6: "2.1", 7: "1"}
_EDGES = np.array([30, 45, 60, 90, 120, 180, 365])


def los_code(days) -> np.ndarray:
    """TEDS-D LOS code for days in treatment (>= 1): exact up to 30, then the codebook's ranges.

    Parameters
    ----------
    days : int or array_like of int
        Days in treatment, each at least 1.

    Returns
    -------
    numpy.ndarray of int
        The LOS code of each (1-30 exact days, 31-37 the ranges of :data:`LOS_DAYS`), of the shape of ``days``.

    Raises
    ------
    InteropError
        A number of days below 1.

    Examples
    --------
    >>> los_code([1, 30, 31, 90, 91, 365, 366]).tolist()
    [1, 30, 31, 33, 34, 36, 37]
    """
    days = np.asarray(days)
    below = days < 1
    if below.any():
        raise InteropError(f"LOS counts days in treatment from 1 (got {days[below].tolist()[:5]})")
    return np.where(days <= 30, days, 30 + np.searchsorted(_EDGES, days, side="left")).astype(int)


def analysis_columns(frame):
    """Add the columns the dose analysis uses to a frame holding TEDS-D codes (in place; returned).

    ``setting`` (label of SERVICES_D, else SERVICES), ``level`` (3rd-edition code where one fits),
    ``los_days`` (upper end of the LOS range, so ``los_days > 90`` is exactly "stayed more than 90
    days"; 366 for "more than a year"), ``los_days_min``, ``completed`` (REASON 1), ``dropped_out``
    (REASON 2) and, when FREQ1_D is present, ``no_use_at_discharge`` (FREQ1_D 1 "no use in the
    past month"). Missing codes (-9) give missing values.

    Parameters
    ----------
    frame : pandas.DataFrame
        TEDS-D codes with columns ``LOS``, ``REASON`` and ``SERVICES_D`` or ``SERVICES`` (``FREQ1_D`` optional).

    Returns
    -------
    pandas.DataFrame
        ``frame`` itself, with the columns added.
    """
    import pandas as pd

    setting = frame["SERVICES_D"] if "SERVICES_D" in frame else frame["SERVICES"]
    frame["setting"] = setting.map(SERVICES).astype("string")
    frame["level"] = setting.map(SETTING_LEVEL).astype("string")
    bounds = pd.DataFrame(
        [(code, lo, hi if hi is not None else lo) for code, (lo, hi) in LOS_DAYS.items()], columns=["code", "lo", "hi"]
    ).set_index("code")
    frame["los_days_min"] = frame["LOS"].map(bounds["lo"]).astype("Int64")
    frame["los_days"] = frame["LOS"].map(bounds["hi"]).astype("Int64")
    frame["completed"] = (frame["REASON"] == 1).astype("boolean").mask(frame["REASON"].isna())
    frame["dropped_out"] = (frame["REASON"] == 2).astype("boolean").mask(frame["REASON"].isna())
    if "FREQ1_D" in frame:
        frame["no_use_at_discharge"] = (frame["FREQ1_D"] == 1).astype("boolean").mask(frame["FREQ1_D"].isna())
    return frame


_ALLOWED = {
    "LOS": set(LOS_DAYS),
    "REASON": set(REASON),
    "SERVICES": set(SERVICES),
    "SERVICES_D": set(SERVICES),
    "FREQ1_D": {1, 2, 3},
}
DEFAULT_COLUMNS = (
    "CASEID",
    "DISYR",
    "STFIPS",
    "AGE",
    "GENDER",
    "SERVICES",
    "SERVICES_D",
    "SERVSETD",
    "LOS",
    "REASON",
    "FREQ1",
    "FREQ1_D",
    "SUB1",
)


#: The UTF-8 byte-order mark a file saved as "CSV UTF-8" starts with; read as latin-1 it would be glued to the first
#: column's name ("\u00ef\u00bb\u00bfCASEID"), which would then not be read.
_BOM = b"\xef\xbb\xbf"


def _reader_engine() -> str:
    """pandas' pyarrow CSV engine when pyarrow is installed (several times faster), else C."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return "c"
    return "pyarrow"


def _codes(name: str, column, path: Path):
    """A code column as whole numbers (float, NaN for an empty cell); text labels are refused."""
    import pandas as pd

    if column.dtype.kind in "iu":
        return column
    if column.dtype.kind == "f":
        values = column
    else:  # text: padded numbers are read, labels refused
        text = column.astype("string").str.strip()
        values = pd.to_numeric(text, errors="coerce")
        bad = values.isna() & text.notna() & (text != "")
        if bad.any():
            raise InteropError(
                f"{path.name}: column {name} holds {column[bad].iloc[0]!r}, not a code "
                "(the 2021 file was seen with text labels; re-export it with numeric codes)"
            )
    fraction = values.notna() & (values != values.round())
    if fraction.any():
        raise InteropError(f"{path.name}: column {name} holds {values[fraction].iloc[0]!r}, not a whole-number code")
    return values


def load_teds_d(path, *, columns=DEFAULT_COLUMNS, encoding: str = "latin-1", progress: bool = False):
    """Read a TEDS-D public-use CSV (e.g. ``tedsd_puf_2022.csv``) into the frame the dose analysis uses.

    Reads only ``columns`` (upper-cased; absent ones are skipped) so a 300 MB year loads quickly
    (with pandas' pyarrow engine when pyarrow is installed, as numbers straight away).
    Separators are detected from the header: the 2015-2019 bundles are named ``...-tsv...`` but hold
    comma-separated files. ``SERVSETD`` (2006-2014) is renamed ``SERVICES``; check which setting it
    holds before relying on it. ``-9`` becomes missing. Then :func:`analysis_columns` adds
    ``setting``, ``level``, ``los_days``, ``completed`` and friends. ``progress=True`` reports
    each step (reading, checking codes, analysis columns) with its time on stderr.

    Parameters
    ----------
    path : str or os.PathLike
        The public-use CSV (comma- or tab-separated).
    columns : sequence of str, default DEFAULT_COLUMNS
        The columns to read, any case; LOS, REASON and the setting columns are always read.
    encoding : str, default "latin-1"
        The file's text encoding; a file starting with the UTF-8 byte-order mark (saved as "CSV UTF-8", e.g. by
        Excel) is read as UTF-8 whatever is given, the mark dropped.
    progress : bool, default False
        Report each step with its time on stderr.

    Returns
    -------
    pandas.DataFrame
        One row per discharge: the columns read, upper-cased, as whole-number codes (``Int64``, missing for
        -9 or an empty cell), then the columns of :func:`analysis_columns`.

    Raises
    ------
    InteropError
        If LOS, REASON or a setting column is absent, a value is not a number (the 2021 file was
        seen with text labels), or a code is not in the codebook.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "tedsd_puf_2022.csv")
    >>> _ = open(path, "w").write("DISYR,CASEID,SERVICES,LOS,REASON,SERVICES_D\\n2022,1,6,33,1,6\\n2022,2,7,35,2,7\\n")
    >>> load_teds_d(path)[["level", "los_days", "completed"]].values.tolist()
    [['2.1', 90, True], ['1', 180, False]]
    """
    import sys
    import time

    import pandas as pd

    path = Path(path)
    started = time.perf_counter()

    def step(what: str) -> None:
        if progress:
            print(
                f"load_teds_d {path.name}: {what} ({time.perf_counter() - started:.1f} s)", file=sys.stderr, flush=True
            )

    with path.open("rb") as handle:
        if handle.read(len(_BOM)) == _BOM:  # saved as "CSV UTF-8" (e.g. by Excel): the mark is not a column's name
            encoding = "utf-8-sig"
    with path.open(encoding=encoding) as handle:
        header = handle.readline()
    sep = "\t" if "\t" in header and "," not in header else ","
    wanted = {c.upper() for c in columns} | {"LOS", "REASON", "SERVICES", "SERVICES_D", "SERVSETD"}
    names = [c.strip().strip('"') for c in header.rstrip("\r\n").split(sep)]
    use = [raw for raw in names if raw.strip().upper() in wanted]
    step(f"reading {len(use)} of {len(names)} columns, {path.stat().st_size / 2**20:,.0f} MB")
    engine = _reader_engine() if use else "c"
    frame = pd.read_csv(
        path, sep=sep, encoding=encoding, usecols=use, engine=engine, keep_default_na=False, na_values=[""]
    )
    step(f"read {len(frame):,} rows")
    frame.columns = [c.strip().upper() for c in frame.columns]
    if "SERVSETD" in frame and "SERVICES" not in frame:
        frame = frame.rename(columns={"SERVSETD": "SERVICES"})
    missing = [c for c in ("LOS", "REASON") if c not in frame]
    if missing or not {"SERVICES", "SERVICES_D"} & set(frame.columns):
        raise InteropError(
            f"{path.name} is not a TEDS-D discharge file: needs LOS, REASON and SERVICES_D "
            f"(or SERVICES/SERVSETD); columns found: {', '.join(frame.columns) or 'none'}"
        )
    for column in frame.columns:
        values = _codes(column, frame[column], path)
        coded = values.astype("Int64").mask(values == MISSING)
        allowed = _ALLOWED.get(column)
        if allowed:
            unknown = coded.notna() & ~coded.isin(allowed)
            if unknown.any():
                raise InteropError(
                    f"{path.name}: {column} code {int(coded[unknown].iloc[0])} is not in the "
                    f"TEDS-D codebook (allowed: {sorted(allowed)} and -9)"
                )
        frame[column] = coded
    step("codes checked")
    frame = analysis_columns(frame)
    step("analysis columns added")
    return frame
