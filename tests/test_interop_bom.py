"""The cohort CSV import with a UTF-8 byte-order mark (researcher review F8, the other CSV readers): the first column
(here the patient id "007") is read, from a path, a binary file or a text file opened as plain UTF-8."""

from __future__ import annotations

import io

import pytest

from iopkit.interop.csv import read_report

TEXT = "patient,item1,item2\n007,1,2\n"  # PHQ-2 items 1 and 2 answered 1 and 2: total 3


@pytest.mark.parametrize(
    "source, encoding",
    [
        (lambda path: io.StringIO("\ufeff" + TEXT), "utf-8-sig"),  # a text file opened as plain UTF-8
        (lambda path: io.BytesIO(TEXT.encode("utf-8-sig")), "utf-8"),
        (lambda path: path, "utf-8"),
        (lambda path: path, "utf-8-sig"),
    ],
)
def test_the_patient_column_after_a_byte_order_mark_is_read(tmp_path, source, encoding):
    path = tmp_path / "cohort.csv"
    path.write_text(TEXT, encoding="utf-8-sig")
    report = read_report(source(path), "phq2", encoding=encoding)
    assert [(row.patient, row.score.total) for row in report.imported] == [("007", 3)]
    assert not report.refused
