"""score_many on item columns named by number as text, as read_csv names a header "1,...,9" (researcher review F12):
accepted, as score_file accepts the same file.

PHQ-9 (Kroenke 2001): nine items 0-3; all answered 1 is a total of 9, "mild" (5-9); all answered 3 is 27, "severe"
(20-27).
"""

from __future__ import annotations

import io

import pandas as pd

import iopkit
from iopkit.scoring import score_file

CSV = "1,2,3,4,5,6,7,8,9\n1,1,1,1,1,1,1,1,1\n3,3,3,3,3,3,3,3,3\n"


def test_item_numbers_as_text_are_the_item_columns():
    scored = iopkit.score_many("phq9", pd.read_csv(io.StringIO(CSV)))
    assert scored["total"].tolist() == [9, 27]
    assert scored["band"].tolist() == ["mild", "severe"]


def test_score_many_and_score_file_agree_on_the_same_csv(tmp_path):
    path = tmp_path / "visits.csv"
    path.write_text(CSV)
    from_file = score_file(path, "phq9", progress=False)
    assert from_file["total"].tolist() == [9, 27]
    assert iopkit.score_many("phq9", pd.read_csv(path))["total"].tolist() == from_file["total"].tolist()


def test_integer_item_numbers_still_work():
    frame = pd.DataFrame([[1] * 9, [3] * 9], columns=range(1, 10))
    assert iopkit.score_many("phq9", frame)["total"].tolist() == [9, 27]
