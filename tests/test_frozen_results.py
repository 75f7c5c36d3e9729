"""Results are frozen all the way down: no mapping inside a result can be changed, and equal results hash equal."""

from __future__ import annotations

import copy
import json
import pickle

import pytest

from iopkit._frozen import freeze, thaw
from iopkit.dose import HOWARD_1986, Attendance, DosePlan, DoseResponse, progress, schedule


def test_a_frozen_map_refuses_every_change_and_equals_its_dict():
    m = freeze({"a": 1, "b": [1, 2]})
    assert m == {"a": 1, "b": (1, 2)} and {"a": 1, "b": (1, 2)} == m
    with pytest.raises(TypeError):
        m["a"] = 2  # type: ignore[index]
    with pytest.raises(AttributeError):
        m.update(a=2)  # type: ignore[attr-defined]
    assert hash(m) == hash(freeze({"b": [1, 2], "a": 1}))


def test_a_frozen_map_survives_pickle_copy_and_json_through_thaw():
    m = freeze({1: {"x": [1.5, None]}})
    assert pickle.loads(pickle.dumps(m)) == m and copy.deepcopy(m) == m and copy.copy(m) == m
    assert json.loads(json.dumps(thaw(m))) == {"1": {"x": [1.5, None]}}


def test_a_dose_response_holds_read_only_parameters_and_hashes():
    fit = DoseResponse("logistic", {"a": -2.0, "b": 0.02}, {"a": (-2.5, -1.5), "b": (0.01, 0.03)})
    with pytest.raises(TypeError):
        fit.params["b"] = 0.0  # type: ignore[index]
    with pytest.raises(TypeError):
        fit.ci["a"] = (0, 0)  # type: ignore[index]
    assert fit == DoseResponse("logistic", {"b": 0.02, "a": -2.0}, {"b": (0.01, 0.03), "a": (-2.5, -1.5)})
    assert hash(fit) == hash(DoseResponse("logistic", {"b": 0.02, "a": -2.0}, {"b": (0.01, 0.03), "a": (-2.5, -1.5)}))
    assert hash(HOWARD_1986) == hash(copy.deepcopy(HOWARD_1986))


def test_dose_progress_counts_are_read_only_and_its_dict_is_json_with_its_flags():
    plan = DosePlan(9, 4, sessions_per_week=3)
    log = Attendance(schedule("2025-01-06", ["mon", "wed", "fri"], 3, 4)).record("2025-01-08", "missed")
    report = progress(plan, log, "2025-01-26")
    with pytest.raises(TypeError):
        report.counts["attended"] = 99  # type: ignore[index]
    assert report.flags and json.loads(json.dumps(report.to_dict()))["counts"] == dict(report.counts)


def test_a_score_is_frozen_all_the_way_down_and_hashable():
    from iopkit import score

    s = score("phq9", [0, 1, 2, 3, 0, 1, 2, 3, 1])
    with pytest.raises(TypeError):
        s.answers[9] = 0  # type: ignore[index]
    with pytest.raises(TypeError):
        s.context["scheme"] = "x"  # type: ignore[index]
    assert hash(s) == hash(score("phq9", [0, 1, 2, 3, 0, 1, 2, 3, 1]))
    crafft = score("crafft", {"part_a_days": [0, 0, 0], "part_b": [False, None, None, None, None, None]})
    assert hash(crafft) and type(crafft).from_dict(json.loads(json.dumps(crafft.to_dict()))) == crafft


@pytest.mark.parametrize("code", ["audit", "audit_c", "phq9", "dsm5_sud"])
def test_an_instrument_definition_is_read_only_and_hashes(code):
    from iopkit.instruments import get

    inst = get(code)
    with pytest.raises(TypeError):
        inst.context["sex"] = ((), None)  # type: ignore[index]
    for scheme in inst.schemes:
        with pytest.raises(TypeError):
            scheme.by_sex["female"] = ()  # type: ignore[index]
    assert hash(inst) == hash(copy.deepcopy(inst))


def test_a_trajectory_holds_a_read_only_change():
    from iopkit.progress import trajectory

    t = trajectory("phq9", [0, 2, 4, 6], [16, 12, 9, 6])
    with pytest.raises(TypeError):
        t.change["response"] = False  # type: ignore[index]
    assert t.change["response"] is True and json.loads(json.dumps(dict(t.change)))["response"] is True
    assert isinstance(hash(t), int)  # hashable now (equal only when no value is NaN: NaN is not equal to itself)


def test_imported_and_refused_rows_hold_read_only_ids():
    import io

    from iopkit.interop import read_report

    report = read_report(
        io.StringIO(
            "patient,item1,item2,item3,item4,item5,item6,item7,item8,item9\nIOP-1,0,0,0,0,0,0,0,0,0\nIOP-2,,,,,,,,,3\n"
        ),
        "phq9",
    )
    (imported,), (refused,) = report.imported, report.refused
    assert imported.ids == {"patient": "IOP-1"} and refused.ids == {"patient": "IOP-2"}
    for row in (imported, refused):
        with pytest.raises(TypeError):
            row.ids["patient"] = "someone else"  # type: ignore[index]
    assert json.loads(json.dumps(thaw(imported.ids))) == {"patient": "IOP-1"}


def test_a_data_set_entry_holds_read_only_keyword_arguments():
    from iopkit.datasets import DatasetInfo, index

    mine = {"n": 300}
    info = DatasetInfo("mine", "a test set", "synthetic", "iopkit.datasets.synthetic:synthetic_episodes", 7, mine)
    mine["n"] = 5  # a later change to the caller's dict does not show in the entry
    assert info.kwargs == {"n": 300}
    with pytest.raises(TypeError):
        info.kwargs["n"] = 1  # type: ignore[index]
    episodes = next(i for i in index() if i.name == "episodes")
    with pytest.raises(TypeError):
        episodes.kwargs["n"] = 1  # type: ignore[index]
