"""A cohort of mixed sex scored in one call: ``score_many(..., sex_column=...)``, ``score_file`` and
``iopkit score --sex-column``.

The cut-offs are typed from the published rule, not read from iopkit: AUDIT-C (US) is positive at a
total of 4 or more for men and 3 or more for women (Bush et al. 1998; Bradley et al. 2003, PMID 12695273;
clinical reference 2.2); with sex not given the more sensitive (women's) cut-off applies and the row says
"sex not given: the more sensitive cut-offs are used", the words ``iopkit.score`` gives one response.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import iopkit
import iopkit.research
from iopkit import InvalidAnswerError, IopkitError
from iopkit.scoring import core

NOT_GIVEN = "sex not given: the more sensitive cut-offs are used"

# AUDIT-C items 1-3 (0-4 each), the sex, and what the published US rule says of the total.
PUBLISHED = [
    # items      sex       total  band        sex_used  sex_note
    ((1, 1, 1), "male", 3, "negative", "male", None),  # a man with 3: below his cut-off of 4
    ((1, 1, 1), "female", 3, "positive", "female", None),  # a woman with 3: at her cut-off of 3
    ((1, 1, 1), None, 3, "positive", None, NOT_GIVEN),  # blank: the women's cut-off, and said
    ((2, 1, 1), "male", 4, "positive", "male", None),  # a man with 4: at his cut-off
    ((1, 1, 0), "female", 2, "negative", "female", None),  # a woman with 2: below hers
    ((1, 1, 0), np.nan, 2, "negative", None, NOT_GIVEN),  # NaN is blank too
    ((3, 0, 0), "", 3, "positive", None, NOT_GIVEN),  # an empty text (a blank CSV cell read as text)
]


def _frame(rows) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "item1": [r[0][0] for r in rows],
            "item2": [r[0][1] for r in rows],
            "item3": [r[0][2] for r in rows],
            "sex": pd.Series([r[1] for r in rows], dtype=object),
        }
    )


def test_published_audit_c_cut_offs_by_sex_row_by_row():
    scored = iopkit.score_many("audit_c", _frame(PUBLISHED), sex_column="sex")
    assert scored["total"].tolist() == [r[2] for r in PUBLISHED]
    assert scored["band"].astype(str).tolist() == [r[3] for r in PUBLISHED]
    assert scored["flag_positive_screen"].tolist() == [r[3] == "positive" for r in PUBLISHED]
    assert [None if pd.isna(s) else s for s in scored["sex_used"]] == [r[4] for r in PUBLISHED]
    assert scored["sex_note"].tolist() == [r[5] for r in PUBLISHED]
    assert scored["error"].isna().all()
    assert scored.attrs["sex_column"] == "sex" and scored.attrs["scheme"] == "us"
    assert list(scored.columns[:4]) == ["total", "band", "sex_used", "sex_note"]


def _random_cohort(code: str, n: int, seed: int) -> pd.DataFrame:
    """Answers as a researcher's export holds them: mostly valid, some blank, a few out of range."""
    rng = np.random.default_rng(seed)
    k = len(iopkit.instrument(code).items)
    values = rng.choice([0, 1, 2, 3, 4], size=(n, k)).astype(float)
    if code == "audit":
        values[:, 8:] = rng.choice([0, 2, 4], size=(n, 2))
        values[rng.random(n) < 0.2, 1:8] = np.nan  # skip blanks (item 1 "never" rows keep them), and gaps
        values[values[:, 0] == 0, 1:8] = np.nan
    values[rng.random((n, k)) < 0.02] = np.nan
    values[rng.random((n, k)) < 0.005] = 7  # not an answer: refused row by row
    frame = pd.DataFrame(values, columns=[f"item{j}" for j in range(1, k + 1)])
    frame["sex"] = pd.Series(rng.choice(np.array(["female", "male", None, ""], dtype=object), size=n), dtype=object)
    frame.index = pd.Index([f"P{i:04d}" for i in range(n)], name="patient")  # the researcher's own index is kept
    return frame


@pytest.mark.parametrize(("code", "scheme"), [("audit_c", "us"), ("audit_c", "uk"), ("audit", None)])
def test_each_row_equals_score_with_its_own_sex(code, scheme):
    frame = _random_cohort(code, 400, seed=len(code) + (scheme == "uk"))
    context = {"scheme": scheme} if scheme else {}
    scored = iopkit.score_many(code, frame, sex_column="sex", **context)
    assert scored.index.equals(frame.index)
    flag_codes = [r.code for r in iopkit.instrument(code).flags]
    seen = set()
    for label, row in frame.iterrows():
        sex = row["sex"] if row["sex"] in ("female", "male") else None
        answers = [None if pd.isna(v) else v for v in row.drop("sex")]  # as the frame holds them (floats)
        got = scored.loc[label]
        try:
            one = iopkit.score(code, answers, sex=sex, **context)
        except IopkitError as error:
            assert got["error"] == str(error), label
            assert pd.isna(got["total"]) and pd.isna(got["band"])
            seen.add("refused")
        else:
            assert got["error"] is None, label
            assert (got["total"], got["band"]) == (one.total, one.band), label
            assert [c for c in flag_codes if got[f"flag_{c}"]] == [f.code for f in one.flags], label
            sex_notes = [n for n in one.basis.notes if "sex" in n]
            assert ([got["sex_note"]] if got["sex_note"] else []) == sex_notes, label
            seen.add(sex)
        assert (None if pd.isna(got["sex_used"]) else got["sex_used"]) == sex, label
    assert seen == {"female", "male", None, "refused"}  # every kind of row was compared


def test_a_100k_row_mixed_cohort_is_scored_in_at_most_three_evaluations(monkeypatch):
    """Vectorised: one evaluation per sex (female, male, not given), never one per row; the answers are read
    column-wise (no item normaliser call on a clean integer frame)."""
    from iopkit.instruments._model import Item

    evaluations, normalised = [], []
    evaluate, code_of = core.evaluate, Item.code_of
    counted = lambda inst, m, ctx, **kw: evaluations.append(len(m)) or evaluate(inst, m, ctx, **kw)  # noqa: E731
    monkeypatch.setattr(core, "evaluate", counted)
    monkeypatch.setattr(Item, "code_of", lambda self, value: normalised.append(value) or code_of(self, value))
    n = 100_000
    rng = np.random.default_rng(7)
    frame = pd.DataFrame(rng.integers(0, 5, size=(n, 3)), columns=["item1", "item2", "item3"])
    frame["sex"] = rng.choice(np.array(["female", "male", None], dtype=object), size=n)
    scored = iopkit.score_many("audit_c", frame, sex_column="sex")
    assert sorted(evaluations) == sorted(frame["sex"].value_counts(dropna=False).tolist())
    assert not normalised
    assert len(scored) == n and scored.index.equals(frame.index)
    total = frame[["item1", "item2", "item3"]].sum(axis=1)
    cut = np.where(frame["sex"] == "male", 4, 3)  # the published cut-offs; not given: the women's
    assert (scored["total"].to_numpy() == total.to_numpy()).all()
    assert (scored["flag_positive_screen"].to_numpy(dtype=bool) == (total.to_numpy() >= cut)).all()
    assert (scored["sex_note"].notna().to_numpy() == frame["sex"].isna().to_numpy()).all()


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        (["male", "F", "female", "F"], "holds 'F' at row 1: allowed 'female', 'male' or blank"),
        (["Female", "male", "male", "male"], "holds 'Female' at row 0 (write 'female')"),
        ([2, 1, 1, 2], "holds 2 at row 0"),
        (["male", "female", "unknown", None], "holds 'unknown' at row 2"),
    ],
)
def test_a_value_that_is_not_a_sex_is_refused_naming_instrument_column_row_value_and_allowed(values, shown):
    frame = _frame(PUBLISHED[:4]).assign(gender=values)
    with pytest.raises(InvalidAnswerError) as err:
        iopkit.score_many("audit_c", frame, sex_column="gender")
    message = str(err.value)
    assert message.startswith("audit_c sex column 'gender' ") and shown in message, message
    assert "blank (sex not given: the more sensitive cut-offs are used)" in message
    assert (err.value.instrument, err.value.item, err.value.allowed) == ("audit_c", "gender", ("female", "male", None))
    if values[1] == "F":
        assert message.endswith("; 1 more row holds a value not allowed")


def test_a_refused_row_is_named_by_the_frames_own_index():
    frame = _frame(PUBLISHED[:3]).set_axis(pd.Index(["a", "b", "c"], name="patient"))
    frame.loc["c", "sex"] = "X"
    with pytest.raises(InvalidAnswerError, match=r"holds 'X' at patient 'c': allowed"):
        iopkit.score_many("audit_c", frame, sex_column="sex")


@pytest.mark.parametrize(
    ("code", "answers", "kwargs", "message"),
    [
        ("audit_c", "frame", {"sex": "male"}, "audit_c: give sex (one value for every row) or sex_column"),
        ("audit_c", "frame", {}, "audit_c sex column 'gender' is not in the table: its columns are item1"),
        ("audit_c", "array", {}, "audit_c sex column 'gender' is not in the table: it has no named columns"),
        ("phq2", "frame", {}, "phq2 takes no context sex, so no sex column ('gender'); allowed: scheme"),
    ],
)
def test_sex_column_misuse_is_refused(code, answers, kwargs, message):
    table = _frame(PUBLISHED[:2]) if answers == "frame" else np.ones((2, 3))
    if kwargs:
        table = table.rename(columns={"sex": "gender"})
    with pytest.raises(InvalidAnswerError) as err:
        iopkit.score_many(code, table, sex_column="gender", **kwargs)
    assert str(err.value).startswith(message), str(err.value)


def test_an_empty_frame_gives_the_columns():
    scored = iopkit.score_many("audit_c", _frame(PUBLISHED).iloc[:0], sex_column="sex")
    assert list(scored.columns) == ["total", "band", "sex_used", "sex_note", "flag_positive_screen", "error"]


def test_score_long_reads_the_sex_column_of_the_wide_frame():
    visits = pd.DataFrame(
        {"patient": [1, 2, 3], "sex": ["male", "female", None], **{f"audit_c_item{k}": [1, 1, 1] for k in (1, 2, 3)}}
    )
    long = iopkit.score_long(visits, ["audit_c"], id="patient", sex_column="sex")
    assert long["band"].tolist() == ["negative", "positive", "positive"]


def test_a_sex_scored_result_goes_to_stata_even_with_no_note_on_any_row(tmp_path):
    scored = iopkit.score_many("audit_c", _frame(PUBLISHED[:2]), sex_column="sex")
    iopkit.research.to_stata(scored, tmp_path / "s.dta")
    back = pd.read_stata(tmp_path / "s.dta")
    assert back["band"].astype(str).tolist() == ["negative", "positive"]
    assert back["sex_used"].astype(str).tolist() == ["male", "female"] and back["sex_note"].tolist() == ["", ""]


def test_dask_partitions_score_as_pandas():
    dd = pytest.importorskip("dask.dataframe")
    frame = _random_cohort("audit_c", 300, seed=11).reset_index(drop=True)
    lazy = iopkit.score_many("audit_c", dd.from_pandas(frame, npartitions=4), sex_column="sex")
    expected = iopkit.score_many("audit_c", frame, sex_column="sex")
    expected.attrs.clear()
    pd.testing.assert_frame_equal(lazy.compute(scheduler="sync"), expected)
    with pytest.raises(InvalidAnswerError, match="audit_c sex column 'gender' is not in the table"):
        iopkit.score_many("audit_c", dd.from_pandas(frame, npartitions=2), sex_column="gender")  # when planned
    bad = frame.assign(sex=frame["sex"].where(frame.index != 250, "M"))
    planned = iopkit.score_many("audit_c", dd.from_pandas(bad, npartitions=4), sex_column="sex")
    with pytest.raises(InvalidAnswerError, match="holds 'M' at row 250"):
        planned.compute(scheduler="sync")


def test_score_file_reads_the_sex_column_chunk_by_chunk(tmp_path):
    source = tmp_path / "audit_c.csv"
    source.write_text("id,sex,item1,item2,item3\n1,male,1,1,1\n2,female,1,1,1\n3,,1,1,1\n4,male,2,1,1\n")
    scored = iopkit.score_file(source, "audit_c", keep=["id"], sex_column="sex", chunksize=2, progress=False)
    assert scored["band"].astype(str).tolist() == ["negative", "positive", "positive", "positive"]
    assert scored["sex_note"].tolist() == [None, None, NOT_GIVEN, None]
    pytest.importorskip("pyarrow")
    out = iopkit.score_file(source, "audit_c", tmp_path / "out.parquet", sex_column="sex", chunksize=2, progress=False)
    written = pd.read_parquet(out)
    assert [None if pd.isna(v) else v for v in written["sex_note"]] == [None, None, NOT_GIVEN, None]
    assert [None if pd.isna(v) else v for v in written["sex_used"]] == ["male", "female", None, "male"]
    source.write_text("id,sex,item1,item2,item3\n1,male,1,1,1\n2,female,1,1,1\n3,m,1,1,1\n")
    with pytest.raises(InvalidAnswerError, match="holds 'm' at row 2"):
        iopkit.score_file(source, "audit_c", tmp_path / "bad.parquet", sex_column="sex", chunksize=2, progress=False)
    assert not (tmp_path / "bad.parquet").exists()


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``python -m iopkit ARGS`` in a child process (the real entry point, its real exit code)."""
    return subprocess.run(
        [sys.executable, "-m", "iopkit", *args], capture_output=True, text=True, cwd=cwd, check=False, env=os.environ
    )


def test_cli_sex_column_scores_each_line_with_its_sex_and_refuses_a_bad_value_by_line(tmp_path):
    (tmp_path / "in.csv").write_text("id,sex,item1,item2,item3\n1,male,1,1,1\n2,female,1,1,1\n3,,1,1,1\n")
    done = _cli("score", "in.csv", "--instrument", "audit_c", "--sex-column", "sex", "-o", "out.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = pd.read_csv(tmp_path / "out.csv", keep_default_na=False)
    assert out["band"].tolist() == ["negative", "positive", "positive"]
    assert out["sex_used"].tolist() == ["male", "female", ""]
    assert out["sex_note"].tolist() == ["", "", NOT_GIVEN]
    assert "replaced" not in done.stderr  # the input's sex column is kept as written
    (tmp_path / "in.csv").write_text("id,sex,item1,item2,item3\n1,male,1,1,1\n2,woman,1,1,1\n")
    done = _cli("score", "in.csv", "--instrument", "audit_c", "--sex-column", "sex", "-o", "bad.csv", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "audit_c sex column 'sex' holds 'woman' at line 3: allowed 'female', 'male' or blank" in done.stderr
    assert not (tmp_path / "bad.csv").exists()
