"""A researcher's own tables read by ProgrammeData.from_frames: names scoring accepts, blank levels, levels read as
numbers (researcher review F6, F7, F12).

Every expected number is the reviewer's (review F6: a PHQ-9 of 18 at admission on 5 Jan 2026 and 6 on 2 Feb 2026 is
one admission with a baseline, eligible for response and responded: a drop of 67 % from a baseline of 10 or more).
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from iopkit.report import ProgrammeData, programme_report
from iopkit.report.data import ReportInputError


def one_stay():
    return pd.DataFrame(
        {
            "patient": [1],
            "episode": [1],
            "level": ["2.1"],
            "track": ["morning"],
            "start": ["2026-01-05"],
            "end": ["2026-03-27"],
        }
    )


def measures(name):
    return pd.DataFrame({"patient": [1, 1], "date": ["2026-01-05", "2026-02-02"], "instrument": name, "total": [18, 6]})


@pytest.mark.parametrize("name", ["phq9", "PHQ-9", "PHQ9", "phq 9", "Phq_9"])
def test_a_measure_named_as_scoring_names_it_is_counted(name):
    """F6: "PHQ-9" and "PHQ9" (names iopkit.instrument accepts) counted as PHQ-9, not as no measure."""
    data = ProgrammeData.from_frames(one_stay(), measures=measures(name))
    assert data.measures["instrument"].tolist() == ["phq9", "phq9"]
    t = programme_report(data, "2026-01-01", "2026-03-31").tables
    m = t["measurement"].query("instrument == 'phq9' and level == 'all'")
    o = t["outcomes"].query("instrument == 'phq9' and level == 'all'")
    assert m[["admissions", "with_baseline"]].values.tolist() == [[1, 1]]
    assert o[["response_eligible", "responded"]].values.tolist() == [[1, 1]]


@pytest.mark.parametrize("name", ["BDI", "PHQ-8", ""])
def test_an_instrument_iopkit_does_not_know_is_refused(name):
    """F6: an unknown name is refused naming the column, the value and the codes allowed."""
    with pytest.raises(ReportInputError, match=r"measures\.instrument") as caught:
        ProgrammeData.from_frames(one_stay(), measures=measures(name))
    error = caught.value
    assert error.item == "measures.instrument"
    assert error.value == name
    assert "phq9" in error.allowed and "gad7" in error.allowed
    assert repr(name) in str(error) and "phq9" in str(error) and "[0, 1]" in str(error)


def test_a_measure_without_an_instrument_is_refused():
    table = measures("phq9")
    table.loc[1, "instrument"] = None
    with pytest.raises(ReportInputError, match=r"measures\.instrument is empty in row\(s\) \[1\]"):
        ProgrammeData.from_frames(one_stay(), measures=table)


def test_a_stay_without_a_level_is_refused_naming_its_rows():
    """F7 (reviewer's case): a blank level counted in "all" (2 admissions) but in no level (1): refused."""
    stays = pd.DataFrame(
        {
            "patient": [1, 2],
            "episode": [1, 1],
            "level": [None, "2.1"],
            "track": ["morning"] * 2,
            "start": ["2026-01-05"] * 2,
            "end": ["2026-02-27", None],
        }
    )
    with pytest.raises(ReportInputError, match=r"stays\.level is empty in row\(s\) \[0\]") as caught:
        ProgrammeData.from_frames(stays)
    assert caught.value.item == "stays.level"


def test_a_blank_next_level_is_still_a_discharge_without_placement():
    """The stay's own level is required; next_level stays optional (blank: no further placement)."""
    stays = one_stay().assign(next_level=[None])
    assert ProgrammeData.from_frames(stays).stays["next_level"].isna().tolist() == [True]


def test_a_level_read_from_csv_as_a_number_is_refused_with_a_hint():
    """F12: read_csv reads levels 1 and 2.1 as 1.0 and 2.1: refused, saying to read the column as text."""
    text = "patient,episode,level,track,start,end\n1,1,1,morning,2026-01-05,2026-02-27\n2,1,2.1,morning,2026-01-05,\n"
    with pytest.raises(ReportInputError, match=r"'1\.0' is not a level-of-care code.*read it as text"):
        ProgrammeData.from_frames(pd.read_csv(io.StringIO(text)))
    as_text = pd.read_csv(io.StringIO(text), dtype={"level": str})
    assert ProgrammeData.from_frames(as_text).stays["level"].tolist() == ["1", "2.1"]
