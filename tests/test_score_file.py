"""score_file: a file scored chunk by chunk gives score_many's rows; Dask with worker processes."""

from __future__ import annotations

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
