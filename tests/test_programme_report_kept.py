"""What a programme report computes whatever its range is kept on its ProgrammeData, never served to other data.

Issue 12 (every input answered within 100 ms): the programme page's "Show report" for another range reuses the
episodes, the events at their stays and the critical flags computed for the first report of the same
:class:`~iopkit.report.ProgrammeData` (``ProgrammeData._derived``).  These tests guard that the kept values belong to
the data object they were computed from (new data, or a copy with another table, start afresh) and that no report can
change them.  The numbers themselves are guarded by ``test_programme_report_unchanged.py``.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from iopkit.report import ProgrammeData, programme_report


def _stays(patients: int) -> pd.DataFrame:
    """``patients`` patients admitted to 2.1 evening a week apart from 5 Jan 2026; the first discharged 13 Feb."""
    starts = pd.date_range("2026-01-05", periods=patients, freq="7D").strftime("%Y-%m-%d").tolist()
    return pd.DataFrame(
        {
            "patient": list(range(1, patients + 1)),
            "episode": [1] * patients,
            "level": ["2.1"] * patients,
            "track": ["evening"] * patients,
            "start": starts,
            "end": ["2026-02-13"] + [None] * (patients - 1),
        }
    )


def _census(data: ProgrammeData, start: str = "2026-01-01", end: str = "2026-03-31") -> list:
    table = programme_report(data, start, end).tables["census"].set_index(["level", "track"])
    return table.loc[("2.1", "evening"), ["admissions", "discharges", "census_end"]].tolist()


def test_each_data_reads_its_own_tables_never_what_another_data_kept():
    two, three = ProgrammeData.from_frames(_stays(2)), ProgrammeData.from_frames(_stays(3))
    assert _census(two) == [2, 1, 1]
    assert _census(three) == [3, 1, 2]
    assert _census(two) == [2, 1, 1]  # after the other data's report: still its own
    assert _census(two, "2026-01-10", "2026-01-31") == [1, 0, 2]  # another range of the same data


def test_a_copy_with_another_table_starts_afresh():
    two = ProgrammeData.from_frames(_stays(2))
    assert _census(two) == [2, 1, 1]
    three = dataclasses.replace(two, stays=ProgrammeData.from_frames(_stays(3)).stays)
    assert _census(three) == [3, 1, 2]
    assert _census(two) == [2, 1, 1]


def test_what_a_report_keeps_is_read_only():
    data = ProgrammeData.from_frames(_stays(3))
    programme_report(data, "2026-01-01", "2026-03-31")
    arrays = []
    for kept in data._kept.values():
        if isinstance(kept, dict):
            arrays += [a for v in kept.values() for a in (v.values() if isinstance(v, dict) else [v])]
    assert arrays and all(isinstance(a, np.ndarray) and not a.flags.writeable for a in arrays)


def test_kept_values_are_never_compared_nor_printed():
    data = ProgrammeData.from_frames(_stays(2))
    programme_report(data, "2026-01-01", "2026-03-31")
    assert "_kept" not in repr(data)
    assert data._kept and not ProgrammeData.from_frames(_stays(2))._kept
