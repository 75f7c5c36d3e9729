"""Data sets: the index, the seeded synthetic TEDS-D-like cohort, and the loader for the real TEDS-D file."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from iopkit import InteropError, UnknownDatasetError
from iopkit.datasets import DatasetInfo, index, load, load_teds_d, register, synthetic_episodes
from iopkit.datasets.teds import LOS_DAYS, REASON, SERVICES, los_code
from iopkit.dose import delivered_hours, fit_dose_response, intensity_level, kaplan_meier

# Column names as in the 2017-2022 public-use files (data-standards.md §1.1, §1.4, §1.5); not all 76.
REAL_2022_HEADER = (
    "DISYR,CASEID,STFIPS,CBSA2020,AGE,GENDER,EDUC,MARSTAT,SERVICES,DETCRIM,LOS,PSOURCE,NOPRIOR,"
    "ARRESTS,EMPLOY,METHUSE,PSYPROB,LIVARAG,DAYWAIT,SERVICES_D,REASON,EMPLOY_D,LIVARAG_D,ARRESTS_D,"
    "DETNLF,DETNLF_D,SUB1,SUB2,SUB3,SUB1_D,SUB2_D,SUB3_D,FREQ1,FREQ2,FREQ3,FREQ1_D,FREQ2_D,FREQ3_D,"
    "FREQ_ATND_SELF_HELP,FREQ_ATND_SELF_HELP_D"
)
ROWS_2022 = [  # SERVICES, LOS, SERVICES_D, REASON, FREQ1_D; other columns filled with plausible codes
    (6, 33, 6, 1, 1),
    (6, 34, 6, 2, 2),
    (7, 12, 7, 3, 3),
    (6, 37, 6, 1, -9),
    (2, 5, 2, 4, 2),
    (7, 31, 7, -9, 1),
]


def write_2022_file(path, rows=ROWS_2022, sep=","):
    columns = REAL_2022_HEADER.split(",")
    lines = [sep.join(columns)]
    for i, (services, los, services_d, reason, freq1_d) in enumerate(rows):
        record = dict.fromkeys(columns, "-9")
        record.update(
            DISYR="2022",
            CASEID=str(20220000001 + i),
            STFIPS="6",
            AGE="5",
            GENDER="2",
            SERVICES=str(services),
            LOS=str(los),
            SERVICES_D=str(services_d),
            REASON=str(reason),
            FREQ1_D=str(freq1_d),
            FREQ1="3",
            SUB1="5",
        )
        lines.append(sep.join(record[c] for c in columns))
    path.write_text("\n".join(lines) + "\n", encoding="latin-1")
    return path


def retention_by_level(frame):
    """The analysis a researcher runs: 90-day retention and completion by level (TEDS columns only)."""
    result = {}
    for level, group in frame.dropna(subset=["los_days", "level"]).groupby("level"):
        curve = kaplan_meier(group["los_days"].to_numpy(float))
        result[level] = (curve.share_retained(90), float(group["completed"].mean()))
    return result


class TestIndex:
    def test_lists_the_synthetic_cohorts_with_their_seeds(self):
        entries = {info.name: info for info in index()}
        assert {"episodes", "attendance"} <= set(entries)
        assert all(info.seed is not None and info.description and info.source for info in entries.values())

    def test_load_uses_the_index_seed_so_results_repeat(self):
        pd.testing.assert_frame_equal(load("episodes", n=300), load("episodes", n=300))

    def test_unknown_data_set_lists_the_available_ones(self):
        with pytest.raises(UnknownDatasetError, match="unknown data set 'nope'; available: episodes, attendance"):
            load("nope")

    def test_an_entry_needs_a_generator_or_a_file(self):
        with pytest.raises(InteropError, match="exactly one of 'generator' or 'file'"):
            DatasetInfo("x", "d", "s")

    def test_registered_entries_can_be_loaded(self, monkeypatch):
        import iopkit.datasets

        monkeypatch.setattr(iopkit.datasets, "_INDEX", {info.name: info for info in index()})
        register(
            DatasetInfo(
                "tiny_episodes", "five episodes", "test", "iopkit.datasets:synthetic_episodes", seed=3, kwargs={"n": 5}
            )
        )
        assert 5 == len(load("tiny_episodes"))


@pytest.fixture(scope="module")
def cohort():
    return synthetic_episodes(5000, seed=11)


class TestSyntheticEpisodes:
    def test_same_seed_same_cohort_other_seed_other_cohort(self):
        pd.testing.assert_frame_equal(synthetic_episodes(200, seed=5), synthetic_episodes(200, seed=5))
        assert not synthetic_episodes(200, seed=5).equals(synthetic_episodes(200, seed=6))

    def test_codes_are_those_of_the_teds_d_codebook(self, cohort):
        assert set(cohort["SERVICES"]) <= set(SERVICES) and set(cohort["REASON"]) <= set(REASON)
        assert set(cohort["LOS"]) <= set(LOS_DAYS) and set(cohort["FREQ1_D"]) <= {1, 2, 3}

    def test_los_code_brackets_the_days_in_treatment(self, cohort):
        assert (cohort["los_days_min"] <= cohort["days_in_treatment"]).all()
        assert (cohort["days_in_treatment"] <= cohort["los_days"]).all()

    def test_completion_is_reason_1_and_only_at_the_planned_end(self, cohort):
        done = cohort[cohort["completed"]]
        assert (done["REASON"] == 1).all() and (done["days_in_treatment"] == 7 * done["planned_weeks"]).all()

    def test_iop_episodes_plan_iop_hours(self, cohort):
        for row in cohort.head(300).itertuples():
            expected = "2.1" if row.SERVICES == 6 else "1"
            assert expected == intensity_level(row.planned_hours_per_week, adolescent=row.adolescent).code

    def test_delivered_hours_never_exceed_planned(self, cohort):
        assert (cohort["delivered_hours"] <= cohort["planned_hours_per_week"] * cohort["planned_weeks"]).all()

    def test_dose_response_fit_finds_the_generated_positive_slope(self, cohort):
        fit = fit_dose_response(cohort["delivered_hours"], cohort["no_use_at_discharge"].astype(bool), "logistic")
        assert fit.ci["b"][0] > 0

    def test_attendance_records_sum_per_episode(self):
        records = load("attendance", n=5000, episodes=50)
        ids, totals = delivered_hours(records["episode"].to_numpy(), records["hours"].to_numpy())
        expected = records.groupby("episode")["hours"].sum()
        assert ids.tolist() == expected.index.tolist() and np.allclose(totals, expected.to_numpy())


class TestLosCode:
    def test_exact_days_up_to_30_then_the_codebook_ranges(self):
        assert [1, 30, 31, 31, 32, 33, 33, 34, 35, 36, 37] == los_code(
            [1, 30, 31, 45, 46, 61, 90, 91, 180, 365, 366]
        ).tolist()

    def test_zero_days_is_refused(self):
        with pytest.raises(InteropError, match="from 1"):
            los_code([0])

    def test_refused_days_are_named_in_the_message(self):
        """The message shows the days below 1 that were given."""
        with pytest.raises(InteropError) as e:
            los_code([5, 0, -2])
        assert "LOS counts days in treatment from 1 (got [0, -2])" == str(e.value)


class TestLoadTedsD:
    def test_maps_the_real_2022_layout_to_analysis_columns(self, tmp_path):
        frame = load_teds_d(write_2022_file(tmp_path / "tedsd_puf_2022.csv"))
        assert ["2.1", "2.1", "1", "2.1", pd.NA, "1"] == frame["level"].tolist()
        assert [90, 120, 12, 366, 5, 45] == frame["los_days"].tolist()
        assert [True, False, False, True, False] == frame["completed"].tolist()[:5]
        assert frame["completed"].isna().tolist()[5] and frame["no_use_at_discharge"].isna().tolist()[3]
        assert "Ambulatory, intensive outpatient" == frame["setting"][0]

    def test_only_the_needed_columns_are_read(self, tmp_path):
        frame = load_teds_d(write_2022_file(tmp_path / "tedsd_puf_2022.csv"))
        assert "EDUC" not in frame and "DETCRIM" not in frame and "FREQ1" in frame

    def test_a_tab_separated_file_reads_the_same(self, tmp_path):
        comma = load_teds_d(write_2022_file(tmp_path / "a.csv"))
        tab = load_teds_d(write_2022_file(tmp_path / "b.tsv", sep="\t"))
        pd.testing.assert_frame_equal(comma, tab)

    def test_a_2006_2014_file_with_servsetd_is_renamed(self, tmp_path):
        path = tmp_path / "tedsd_2006_2014.csv"
        path.write_text("CASEID,DISYR,SERVSETD,LOS,REASON\n1,2010,6,20,1\n", encoding="latin-1")
        assert ["2.1"] == load_teds_d(path)["level"].tolist()

    def test_missing_columns_are_named(self, tmp_path):
        path = tmp_path / "teds_a.csv"
        path.write_text("CASEID,SERVICES,SUB1\n1,6,2\n")
        with pytest.raises(InteropError, match="needs LOS, REASON and SERVICES_D.*columns found: CASEID, SERVICES"):
            load_teds_d(path)

    def test_text_labels_are_refused_with_the_2021_hint(self, tmp_path):
        path = tmp_path / "tedsd_puf_2021.csv"
        path.write_text("CASEID,SERVICES_D,LOS,REASON\n1,6,33,Treatment completed\n")
        with pytest.raises(InteropError, match="REASON holds 'Treatment completed', not a code.*2021"):
            load_teds_d(path)

    def test_codes_outside_the_codebook_are_refused(self, tmp_path):
        path = write_2022_file(tmp_path / "x.csv", rows=[(6, 40, 6, 1, 1)])
        with pytest.raises(InteropError, match="LOS code 40 is not in the TEDS-D codebook"):
            load_teds_d(path)

    def test_the_same_analysis_runs_on_the_synthetic_and_the_real_layout(self, tmp_path):
        real = retention_by_level(load_teds_d(write_2022_file(tmp_path / "tedsd_puf_2022.csv")))
        synthetic = retention_by_level(synthetic_episodes(2000, seed=2))
        assert {"1", "2.1"} == set(real) == set(synthetic)
        assert (2 / 3, 2 / 3) == pytest.approx(real["2.1"])


def test_registering_before_the_index_is_read_keeps_the_bundled_entries():
    import subprocess
    import sys

    code = (
        "from iopkit import datasets as d; "
        "d.register(d.DatasetInfo('x', 'x', 'synthetic', "
        "generator='iopkit.datasets.synthetic:synthetic_episodes')); "
        "print(','.join(i.name for i in d.index()))"
    )
    names = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split(",")
    assert names[0] == "episodes" and names[-1].strip() == "x"
