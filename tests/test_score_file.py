"""score_file: a file scored chunk by chunk gives score_many's rows; Dask with worker processes."""

from __future__ import annotations

import os
import stat

import numpy as np
import pandas as pd
import pytest

import iopkit
from iopkit.scoring import score_file

pytest.importorskip("pyarrow")


def _audit_with_blanks(n: int, seed: int = 3) -> pd.DataFrame:
    """AUDIT answers with the WHO form's skip blanks, one real gap and one invalid value."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 5, size=(n, 10)).astype(float)
    a[:, 8:] = rng.choice([0, 2, 4], size=(n, 2))
    a[rng.random(n) < 0.3, 0] = 0
    a[a[:, 0] == 0, 1:8] = np.nan  # item 1 "never": items 2-8 not asked
    a[(a[:, 1] == 0) & (a[:, 2] == 0), 3:8] = np.nan  # items 2 + 3 = 0: items 4-8 not asked
    a[5, 9] = np.nan  # a real gap: refused
    a[7, 8] = 3  # not an AUDIT answer for item 9: refused
    frame = pd.DataFrame(a, columns=[f"item{k}" for k in range(1, 11)])
    frame.insert(0, "person", np.arange(n) + 1000)
    return frame


@pytest.fixture(scope="module")
def answers():
    return _audit_with_blanks(2_500)


def _expected(answers):
    return answers[["person"]].join(iopkit.score_many("audit", answers.drop(columns="person")))


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_file_in_chunks_equals_score_many(tmp_path, answers, suffix):
    src = tmp_path / f"audit{suffix}"
    answers.to_csv(src, index=False) if suffix == ".csv" else answers.to_parquet(src, index=False)
    got = score_file(src, "audit", keep=["person"], chunksize=700, progress=False)
    pd.testing.assert_frame_equal(got, _expected(answers))
    assert got["error"].notna().sum() == 2


def test_parquet_out_reads_back_as_score_many(tmp_path, answers, capsys):
    src = tmp_path / "audit.csv"
    answers.to_csv(src, index=False)
    out = score_file(src, "audit", out=tmp_path / "scored.parquet", keep=["person"], chunksize=1_000)
    back = pd.read_parquet(out)
    expected = _expected(answers).reset_index(drop=True)
    pd.testing.assert_series_equal(back["total"].astype("Int64"), expected["total"])
    assert back["band"].astype(str).tolist() == expected["band"].astype(str).tolist()
    assert back["error"].fillna("").tolist() == expected["error"].fillna("").tolist()
    assert "scored 2,500 rows" in capsys.readouterr().err


def test_missing_or_empty_file_is_refused(tmp_path):
    with pytest.raises(iopkit.InteropError):
        score_file(tmp_path / "nope.csv", "audit")
    (tmp_path / "empty.csv").write_text(",".join(f"item{k}" for k in range(1, 11)) + "\n")
    with pytest.raises(iopkit.InteropError):
        score_file(tmp_path / "empty.csv", "audit", progress=False)


def test_dask_with_worker_processes_gives_the_pandas_rows(answers):
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    items = answers.drop(columns="person")
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster),
    ):
        lazy = iopkit.score_many("audit", dd.from_pandas(items, npartitions=4))
        got = lazy.compute()
    pd.testing.assert_frame_equal(got, iopkit.score_many("audit", items))


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_keep_column_the_file_lacks_is_refused_with_an_iopkit_error(tmp_path, suffix):
    path = tmp_path / f"in{suffix}"
    frame = pd.DataFrame({"id": [1], "item1": [1], "item2": [2]})
    frame.to_csv(path, index=False) if suffix == ".csv" else frame.to_parquet(path)
    with pytest.raises(iopkit.errors.InteropError, match="no column 'patient' to keep") as err:
        score_file(path, "phq2", keep=["patient"], progress=False)
    assert err.value.value == ["patient"]


def test_a_csv_without_a_header_line_is_refused_with_an_iopkit_error(tmp_path):
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(iopkit.errors.InteropError, match="header line"):
        score_file(tmp_path / "empty.csv", "phq2", progress=False)


# --- keep columns: one kind in every chunk; out written whole, owner-only, or not at all (research review F8) --


def _phq9_with(tmp_path, name: str, values: list) -> tuple:
    """A CSV of PHQ-9 rows answered all 1 with one keep column (``None`` written blank), and where to score it."""
    src = tmp_path / "visits.csv"
    lines = [f"{name}," + ",".join(f"item{i}" for i in range(1, 10))]
    lines += [("" if value is None else str(value)) + ",1" * 9 for value in values]
    src.write_text("\n".join(lines) + "\n")
    return src, tmp_path / "scored.parquet"


def test_a_keep_column_blank_in_its_first_chunk_is_text_in_every_chunk(tmp_path):
    """The reviewer's reproducer: the site is blank on the first 10 rows only, chunks of 10."""
    src, out = _phq9_with(tmp_path, "site", [None] * 10 + ["A"] * 20)
    assert score_file(src, "phq9", out=out, keep=["site"], chunksize=10, progress=False) == out
    back = pd.read_parquet(out)
    assert len(back) == 30 and back["site"].isna().tolist() == [True] * 10 + [False] * 20
    assert back["site"].dropna().tolist() == ["A"] * 20
    assert back["total"].tolist() == [9] * 30
    in_memory = score_file(src, "phq9", keep=["site"], chunksize=10, progress=False)
    assert in_memory["site"].isna().sum() == 10 and in_memory["site"].iloc[10:].tolist() == ["A"] * 20


def test_a_keep_column_of_numbers_codes_as_written_when_first_blank(tmp_path):
    """Read as text from the file, not as numbers turned to text ('007' stays '007', not '7.0')."""
    src, out = _phq9_with(tmp_path, "clinic", [None] * 10 + ["007"] * 20)
    score_file(src, "phq9", out=out, keep=["clinic"], chunksize=10, progress=False)
    assert pd.read_parquet(out)["clinic"].dropna().tolist() == ["007"] * 20


def test_whole_numbers_with_a_later_blank_stay_whole_numbers(tmp_path):
    src, out = _phq9_with(tmp_path, "person", list(range(1, 21)) + [None] + list(range(22, 31)))
    in_memory = score_file(src, "phq9", keep=["person"], chunksize=10, progress=False)
    assert str(in_memory["person"].dtype) == "Int64" and in_memory["person"].isna().sum() == 1
    score_file(src, "phq9", out=out, keep=["person"], chunksize=10, progress=False)
    back = pd.read_parquet(out)
    assert back["person"].dropna().tolist() == list(range(1, 21)) + list(range(22, 31))


def test_a_keep_value_of_another_kind_later_is_refused_by_name_and_nothing_is_left_at_out(tmp_path):
    src, out = _phq9_with(tmp_path, "person", list(range(1, 26)) + ["A"] + list(range(27, 31)))
    out.write_bytes(b"yesterday's file")
    with pytest.raises(iopkit.InteropError, match=r"column 'person' to keep holds whole numbers .* 'A' at row 25"):
        score_file(src, "phq9", out=out, keep=["person"], chunksize=10, progress=False)
    assert out.read_bytes() == b"yesterday's file"  # left as it was: never a partial file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scored.parquet", "visits.csv"]  # no temporary file
    with pytest.raises(iopkit.InteropError, match="'person'"):
        score_file(src, "phq9", keep=["person"], chunksize=10, progress=False)


def test_out_is_owner_only_under_a_permissive_umask_and_a_missing_folder_is_an_iopkit_error(tmp_path):
    src, out = _phq9_with(tmp_path, "site", ["A"] * 30)
    out.write_bytes(b"")
    out.chmod(0o644)
    before = os.umask(0o022)
    try:
        score_file(src, "phq9", out=out, keep=["site"], progress=False)
    finally:
        os.umask(before)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with pytest.raises(iopkit.InteropError, match="folder .* does not exist"):
        score_file(src, "phq9", out=tmp_path / "no" / "such" / "scored.parquet", progress=False)
