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
