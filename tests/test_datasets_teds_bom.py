"""load_teds_d on a CSV saved with a UTF-8 byte-order mark (researcher review F8): the first column is read.

The files are the reviewer's: CASEID,DISYR,SERVICES,LOS,REASON,SERVICES_D with two discharges (LOS 33 and 35,
REASON 1 and 2, SERVICES_D 6 and 7), and the same with LOS first.
"""

from __future__ import annotations

import pytest

from iopkit.datasets import load_teds_d, teds


@pytest.fixture(params=["pyarrow", "c"])
def engine(request, monkeypatch):
    """Both of pandas' readers load_teds_d may use (pyarrow when installed, else C)."""
    if request.param == "pyarrow":
        pytest.importorskip("pyarrow")
    monkeypatch.setattr(teds, "_reader_engine", lambda: request.param)
    return request.param


def test_the_first_column_after_a_byte_order_mark_is_read(tmp_path, engine):
    path = tmp_path / "tedsd_subset.csv"
    path.write_text(
        "CASEID,DISYR,SERVICES,LOS,REASON,SERVICES_D\n1,2022,6,33,1,6\n2,2022,7,35,2,7\n", encoding="utf-8-sig"
    )
    frame = load_teds_d(path)
    assert frame["CASEID"].tolist() == [1, 2]
    assert frame["los_days"].tolist() == [90, 180]  # LOS 33 = 61-90 days, 35 = 121-180 days
    assert frame["level"].tolist() == ["2.1", "1"]


def test_los_first_after_a_byte_order_mark_is_found(tmp_path, engine):
    """The reviewer's second file: LOS first was reported missing although the file has it."""
    path = tmp_path / "tedsd_subset2.csv"
    path.write_text("LOS,CASEID,DISYR,SERVICES,REASON,SERVICES_D\n33,1,2022,6,1,6\n", encoding="utf-8-sig")
    frame = load_teds_d(path)
    assert frame["LOS"].tolist() == [33] and frame["completed"].tolist() == [True]


def test_a_file_without_the_mark_is_read_as_latin_1_as_before(tmp_path):
    path = tmp_path / "tedsd_latin1.csv"
    path.write_bytes("CASEID,STFIPS,LOS,REASON,SERVICES_D\n1,6,33,1,6\n".encode("latin-1"))
    assert load_teds_d(path)["CASEID"].tolist() == [1]
