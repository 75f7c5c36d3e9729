"""The bulk read: a snapshot reads every record as the store does, the scores re-derived vectorised.

Equality is checked against the single reads (``Store.current`` and ``Store.history``, which re-score each
record with ``iopkit.score``) on the demo database, on both backends, and on stored scores altered the way a
rule change or a write around iopkit would alter them: the bulk path must report each difference exactly as
the single read does, never hide one.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import replace

import pytest

import iopkit
from iopkit.errors import IopkitError, RecordNotFoundError, StoreError
from iopkit.flags import Flag
from iopkit.instruments import CATALOGUE
from iopkit.placement import Placement
from iopkit.placement.levels import LevelOfCare
from iopkit.store import Store, bulk
from iopkit.store.kinds import _rederive

from .conftest import raw_record
from .store_backends import use_both_backends

use_both_backends(globals())  # the store fixture runs each test on SQLite and on PostgreSQL


@pytest.fixture
def vectorised(monkeypatch):
    """Every group of scores evaluated at once as score_many evaluates it, however small."""
    monkeypatch.setattr(bulk, "GROUP_FROM", 1)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from iopkit.demo import build_demo_db

    return build_demo_db(tmp_path_factory.mktemp("demo") / "demo.sqlite")


def _same_as_single_reads(store, *snapshots) -> int:
    """Assert each snapshot reads every patient as the store's single reads do; return how many flags they saw."""
    flags = 0
    for snapshot in snapshots:
        assert snapshot.patients() == store.patients()
    for p in store.patients():
        current, history = store.current(p.id), store.history(p.id)
        for snapshot in snapshots:
            assert snapshot.current(p.id) == current, p.pseudonym
            assert snapshot.history(p.id) == history, p.pseudonym
            assert snapshot.current(p.id, "assessment") == tuple(r for r in current if r.kind == "assessment")
            assert snapshot.latest(p.id, "placement") == store.latest(p.id, "placement")
        flags += sum(len(r.item.flags) for r in current if r.kind == "assessment")
    return flags


def test_the_demo_database_reads_the_same_in_bulk_as_record_by_record(demo, monkeypatch):
    with Store(demo) as store:
        usual = store.snapshot()
        monkeypatch.setattr(bulk, "GROUP_FROM", 1)
        every_group = store.snapshot()
        assert len(usual.patients()) > 200  # the clinic's five and the synthetic programme
        assert _same_as_single_reads(store, usual, every_group) > 100  # PHQ-9 item 9 flags among them
        assert not any(r.rescored_differs for p in usual.patients() for r in usual.current(p.id))


def test_a_snapshot_reads_the_same_on_both_backends(store, vectorised):
    from iopkit.datasets.programme import demo_programme

    demo_programme(patients=12).write(store)
    pid = store.patients()[0].id
    first = store.current(pid, "assessment")[0]
    store.save(pid, replace(first.item, total=first.item.total + 1), by="k", amends=first.id, reason="typo")
    placed = store.current(pid, "placement")[0].item  # the same placement as many others: derived once
    other = LevelOfCare.PHP if placed.recommendation.level is not LevelOfCare.PHP else LevelOfCare.OP
    altered = replace(placed.recommendation, level=other)  # a level the rules do not recommend for these inputs
    store.save(pid, Placement(altered, placed.level, "written around the rules"), by="k")
    snapshot = store.snapshot()
    assert _same_as_single_reads(store, snapshot) > 0
    assert snapshot.history(pid)[-2].rescored_differs and snapshot.history(pid)[-2].amends == first.id
    assert snapshot.latest(pid, "placement").rescored_differs and not snapshot.current(pid, "placement")[0].warnings


def test_a_snapshot_of_some_patients_and_its_refusals(store):
    a, b = store.add_patient("IOP-A"), store.add_patient("IOP-B")
    store.save(b, iopkit.score("phq2", [1, 2]), by="k", when=dt.date(2026, 3, 2))
    snapshot = store.snapshot([b])
    assert [p.pseudonym for p in snapshot.patients()] == ["IOP-B"] and snapshot.current(b) == store.current(b)
    with pytest.raises(RecordNotFoundError):
        snapshot.current(a)
    with pytest.raises(RecordNotFoundError):
        store.snapshot([a, 999])
    with pytest.raises(StoreError, match="unknown record kind"):
        snapshot.current(b, "diagnosis")
    assert store.snapshot([]).patients() == ()


# --- every instrument, and stored scores the current rules would not give ----------------------------
def _random_scores(code: str, count: int, seed: int) -> list:
    """Valid Scores of an instrument from seeded random answers and contexts."""
    inst, rng = CATALOGUE[code], random.Random(seed)
    scores = []
    while len(scores) < count:
        answers = [
            None
            if item.kind == "not_recorded"
            else rng.choice([0, 0, rng.randint(*item.count_range)])
            if item.kind == "count"
            else rng.choice(item.codes)
            for item in inst.items
        ]
        for rule in inst.skip_rules:
            if all(answers[n - 1] in codes for n, codes in rule.when):
                for n in rule.unasked:
                    answers[n - 1] = None
        context = {key: rng.choice(values) for key, (values, _) in inst.context.items()}
        if inst.groups:
            answers = {name: [answers[n - 1] for n in numbers] for name, numbers in inst.groups}
        try:
            scores.append(iopkit.score(code, answers, **context))
        except IopkitError:
            continue
    return scores


def _altered(s, how: int):
    """A stored Score as a rule change or a write around iopkit could leave it."""
    if how == 0 and s.total is not None:
        return replace(s, total=s.total + 1)
    if how == 1:
        return replace(s, band="none" if s.band != "none" else "minimal")
    if how == 2 and s.flags:
        return replace(s, flags=s.flags[1:])  # a danger sign the stored score lost
    if how == 3 and s.flags:
        return replace(s, flags=(replace(s.flags[0], message="reworded"), *s.flags[1:]))
    if how == 4:
        return replace(s, flags=(*s.flags, Flag("made_up", "not a rule of this instrument", "warning")))
    if how == 5 and s.subscores:
        name = next(iter(s.subscores))
        value = s.subscores[name]
        return replace(s, subscores={**s.subscores, name: (not value) if isinstance(value, bool) else value + 1})
    if how == 6:
        return replace(s, basis=replace(s.basis, rule=s.basis.rule + " (old wording)"))
    if how == 7:
        return replace(s, basis=replace(s.basis, source="another_source"))
    if how == 8:  # an answer the current rules refuse
        answers = dict(s.answers)
        key = next(iter(answers))
        answers[key] = -1 if not isinstance(answers[key], list) else [-1] * len(answers[key])
        return replace(s, answers=answers)
    if how == 9:
        return replace(s, context={**s.context, "scheme": "no_such_scheme"})
    return s


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_instrument_re_derives_in_bulk_exactly_as_one_by_one(code, vectorised, monkeypatch):
    scores = _random_scores(code, 40, seed=len(code))
    singly = []
    monkeypatch.setattr(bulk, "_one", lambda s, one=bulk._one: singly.append(s) or one(s))
    assert bulk.rederive_scores(scores) == [(None, ())] * len(scores) and singly == []  # no score read singly
    altered = [_altered(s, i % 12) for i, s in enumerate(scores)]
    expected = [_rederive("assessment", s) for s in scores + altered]
    got = bulk.rederive_scores(scores + altered)
    assert got == expected
    assert all(w == () for _, w in got[: len(scores)])
    changed = [i for i, (s, a) in enumerate(zip(scores, altered)) if s != a]
    assert changed and all(got[len(scores) + i][1] for i in changed)  # every alteration is reported


# --- the caseload read: episodes, payloads read once, no pandas ----------------------------------------
def test_episodes_of_a_snapshot_are_those_of_the_single_reads(demo):
    from iopkit.episode import Episode

    with Store(demo) as store:
        everyone = store.snapshot()
        for day in (dt.date(2026, 3, 12), dt.date.today()):
            for p in store.patients():
                bulk_read, single = (
                    Episode.from_store(everyone, p, as_of=day),
                    Episode.from_store(store, p.id, as_of=day),
                )
                assert repr(bulk_read) == repr(single), p.pseudonym  # repr: a reliable-change index may be NaN


def _raw(store, patient_id: int, kind: str, payload: str) -> int:
    """A record written around the API (as an older iopkit or a damaged file would leave it); its id."""
    return raw_record(
        store,
        patient_id,
        kind,
        payload,
        taken_at="2026-03-02",
        saved_at="2026-03-02T09:00:00+00:00",
        saved_by="k",
    )


def test_records_of_one_payload_each_get_its_warnings_and_an_unreadable_one_its_own_error(tmp_path):
    from iopkit.dose import DosePlan

    store = Store(tmp_path / "payloads.sqlite")
    pid = store.add_patient("IOP-P")
    store.save(pid, DosePlan(9, 12), by="km")
    saved = store.history(pid)[0].item.to_dict()
    tampered = json.dumps({**saved, "level": "2.5"})  # as if saved when 9 h/week was another level
    for _ in range(2):
        _raw(store, pid, "dose_plan", tampered)
    stored = iopkit.score("phq9", [2] * 9).to_dict()
    for _ in range(2):
        _raw(store, pid, "assessment", json.dumps({**stored, "total": 17}))
    snapshot = store.snapshot()
    assert snapshot.history(pid) == store.history(pid)
    plans, scores = snapshot.history(pid, "dose_plan")[1:], snapshot.history(pid, "assessment")
    assert all(any("level: stored '2.5', now '2.1'" in w for w in r.warnings) for r in plans)
    assert all(r.rescored_differs and r.rederived.total == 18 for r in scores)
    first = _raw(store, pid, "drug_screen", json.dumps({"panel": "x"}))
    _raw(store, pid, "drug_screen", json.dumps({"panel": "x"}))
    with pytest.raises(StoreError, match=f"record {first} \\(drug_screen\\) cannot be read") as single:
        store.history(pid)
    with pytest.raises(StoreError) as bulk_read:
        store.snapshot()
    assert str(bulk_read.value) == str(single.value)


def test_a_snapshot_does_not_import_pandas(demo):
    import subprocess
    import sys

    code = "import sys; from iopkit.store import Store; Store(sys.argv[1]).snapshot(); print('pandas' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code, str(demo)], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def _old_to_dict(s) -> dict:
    """Score.to_dict as it was written with dataclasses.asdict (the oracle of the field-by-field one)."""
    from dataclasses import asdict

    from iopkit._frozen import thaw

    d = asdict(s)
    d["subscores"], d["context"] = thaw(s.subscores), thaw(s.context)
    d["answers"] = {str(k): v for k, v in thaw(s.answers).items()}
    d["basis"]["inputs"] = [list(pair) for pair in s.basis.inputs]
    d["basis"]["notes"] = list(s.basis.notes)
    # a flag's medical_review and withdrawn marker are written only when the flag sets them (flags saved before they
    # existed read the same; a score's own flags never carry the marker, which the episode sets)
    # and a flag's day (Flag.day) likewise only when set
    d["flags"] = [
        {k: v for k, v in asdict(f).items() if k not in ("medical_review", "withdrawn", "day") or v is not None}
        for f in s.flags
    ]
    return d


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_score_to_dict_is_the_asdict_one_for_every_instrument(code):
    scores = _random_scores(code, 30, seed=len(code) + 1)
    partial = Flag("blank_safety_item", "asked next", "critical", partial=True, worst_case=True)
    scores += [_altered(s, i % 12) for i, s in enumerate(scores)] + [replace(scores[0], flags=(partial,))]
    for s in scores:
        new, old = s.to_dict(), _old_to_dict(s)
        assert new == old and list(new) == list(old) and list(new["basis"]) == list(old["basis"])
        assert [list(f) for f in new["flags"]] == [list(f) for f in old["flags"]]
        assert [type(v) for v in new.values()] == [type(v) for v in old.values()]
        assert json.dumps(new, sort_keys=True) == json.dumps(old, sort_keys=True)
