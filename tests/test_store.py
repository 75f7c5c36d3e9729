"""Specification of iopkit.store: the append-only record store and its audit trail."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import stat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import iopkit
from iopkit.errors import (
    InvalidAnswerError,
    IopkitError,
    RecordNotFoundError,
    StoreError,
)
from iopkit.records import DrugScreen
from iopkit.store import APPLICATION_ID, MIGRATIONS, REDERIVE, Store, default_path

from .store_backends import sqlite_only, use_both_backends

use_both_backends(globals())  # the store fixture runs each test on SQLite and on PostgreSQL

DAY = dt.date(2026, 3, 2)


def screen(positive=("cannabis",), negative=("opioids",), day=DAY) -> DrugScreen:
    return DrugScreen(day, "urine 12-panel", positive=positive, negative=negative)


def raw(store) -> sqlite3.Connection:
    return sqlite3.connect(store.path, isolation_level=None)


def raw_record(conn: sqlite3.Connection, **values) -> None:
    """Insert a record with plain SQL as iopkit would, chained (next id and its hash), to test the other guards."""
    from iopkit.store.chain import RECORD_FIELDS, next_link

    values = {
        "kind": "drug_screen",
        "version": 1,
        "taken_at": "2026-03-02",
        "saved_at": "2026-03-02",
        "saved_by": "k",
        "amends": None,
        "reason": None,
        "payload": "{}",
        **values,
    }
    values = {field: values[field] for field in RECORD_FIELDS}
    row_id, digest = next_link(conn, "records", values)
    conn.execute(
        f"INSERT INTO records (id, hash, {', '.join(values)}) VALUES ({', '.join('?' * 11)})",
        (row_id, digest, *values.values()),
    )


# --- where the file lives and how it is set up -------------------------------------------------
class TestOpening:
    def test_creates_the_file_and_its_folder_on_first_use(self, tmp_path):
        path = tmp_path / "new" / "folder" / "iopkit.sqlite"
        Store(path).close()
        assert path.is_file()

    def test_default_path_is_iopkit_db_when_set(self, monkeypatch, tmp_path):
        monkeypatch.setenv("IOPKIT_DB", str(tmp_path / "mine.sqlite"))
        assert tmp_path / "mine.sqlite" == default_path()

    def test_default_path_is_the_per_user_data_folder(self, monkeypatch, tmp_path):
        monkeypatch.delenv("IOPKIT_DB", raising=False)
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
        assert tmp_path / "iopkit" / "iopkit.sqlite" == default_path()
        monkeypatch.delenv("XDG_DATA_HOME")
        monkeypatch.setenv("HOME", str(tmp_path))
        assert tmp_path / ".local" / "share" / "iopkit" / "iopkit.sqlite" == default_path()

    def test_the_data_folder_is_the_operating_systems_own(self, monkeypatch):
        import platformdirs
        import platformdirs.macos
        import platformdirs.unix

        # the per-user data folder of each OS (macOS Application Support, Windows LOCALAPPDATA), not
        # the Linux XDG path everywhere
        monkeypatch.delenv("IOPKIT_DB", raising=False)
        assert default_path().parent == platformdirs.user_data_path("iopkit", appauthor=False)
        for system, expected in [
            (platformdirs.macos.MacOS, "Library/Application Support/iopkit"),
            (platformdirs.unix.Unix, ".local/share/iopkit"),
        ]:
            assert system("iopkit", appauthor=False).user_data_dir.replace(os.sep, "/").endswith(expected)

    def test_open_default_opens_iopkit_db_when_set(self, monkeypatch, tmp_path):
        monkeypatch.setenv("IOPKIT_DB", str(tmp_path / "clinic.sqlite"))
        with Store.open_default() as opened:
            assert opened.path == tmp_path / "clinic.sqlite"

    @pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
    def test_open_default_creates_a_private_store_in_the_data_folder(self, monkeypatch, tmp_path):
        monkeypatch.delenv("IOPKIT_DB", raising=False)
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
        with Store.open_default() as opened:
            assert opened.path == tmp_path / "data" / "iopkit" / "iopkit.sqlite"
        assert stat.S_IMODE(opened.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(opened.path.parent.stat().st_mode) == 0o700

    def test_store_without_a_path_opens_iopkit_db(self, monkeypatch, tmp_path):
        monkeypatch.setenv("IOPKIT_DB", str(tmp_path / "env.sqlite"))
        with Store() as opened:
            assert tmp_path / "env.sqlite" == opened.path

    @sqlite_only  # reads the file with sqlite3; tests/test_store_postgres.py checks the server
    def test_file_is_wal_with_versioned_schema_and_iopkit_marker(self, store):
        conn = raw(store)
        assert "wal" == conn.execute("PRAGMA journal_mode").fetchone()[0]
        assert len(MIGRATIONS) == conn.execute("PRAGMA user_version").fetchone()[0] == store.schema_version
        assert APPLICATION_ID == conn.execute("PRAGMA application_id").fetchone()[0]

    @sqlite_only  # reads the file with sqlite3; tests/test_store_postgres.py checks the server
    def test_connection_enforces_foreign_keys_and_full_sync(self, store):
        assert 1 == store._conn.execute("PRAGMA foreign_keys").fetchone()[0]
        assert 2 == store._conn.execute("PRAGMA synchronous").fetchone()[0]  # 2 = FULL

    def test_reopening_keeps_everything(self, tmp_path):
        with Store(tmp_path / "s.sqlite") as first:
            pid = first.add_patient("IOP-7")
            rid = first.save(pid, screen(), by="k")
        with Store(tmp_path / "s.sqlite") as again:
            assert [rid] == [r.id for r in again.history(pid)]

    @sqlite_only  # reads the file with sqlite3; tests/test_store_postgres.py checks the server
    def test_a_newer_schema_is_refused_not_damaged(self, store):
        raw(store).execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
        with pytest.raises(StoreError, match="newer iopkit"):
            Store(store.path)

    def test_an_sqlite_file_of_another_application_is_refused(self, tmp_path):
        other = sqlite3.connect(tmp_path / "other.sqlite")
        other.execute("CREATE TABLE invoices (id INTEGER)")
        other.close()
        with pytest.raises(StoreError, match="not an iopkit store"):
            Store(tmp_path / "other.sqlite")

    def test_a_file_that_is_not_sqlite_is_refused(self, tmp_path):
        (tmp_path / "notes.sqlite").write_text("not a database " * 100)
        with pytest.raises(StoreError, match="not a usable iopkit store"):
            Store(tmp_path / "notes.sqlite")


# --- patients --------------------------------------------------------------------------------
class TestPatients:
    def test_add_patient_returns_an_id_and_keeps_the_flags(self, store):
        first = store.add_patient("IOP-1")
        second = store.add_patient("IOP-2", adolescent=True, display_name="Sam (fictional)")
        assert first != second
        (one, two) = store.patients()
        assert ("IOP-1", False, None) == (one.pseudonym, one.adolescent, one.display_name)
        assert ("IOP-2", True, "Sam (fictional)") == (two.pseudonym, two.adolescent, two.display_name)
        assert two == store.patient(second)

    def test_a_pseudonym_is_registered_once(self, store):
        store.add_patient("IOP-1")
        with pytest.raises(StoreError, match="already exists"):
            store.add_patient(" IOP-1 ")
        assert 1 == len(store.patients())

    @pytest.mark.parametrize("pseudonym", ["", "   ", None, 42, "x" * 65])
    def test_a_pseudonym_must_be_short_text(self, store, pseudonym):
        with pytest.raises(StoreError, match="pseudonym"):
            store.add_patient(pseudonym)

    def test_adolescent_must_be_a_boolean(self, store):
        with pytest.raises(StoreError, match="adolescent"):
            store.add_patient("IOP-1", adolescent="yes")

    def test_unknown_patient_is_record_not_found(self, store):
        with pytest.raises(RecordNotFoundError, match="no patient with id 99"):
            store.history(99)
        with pytest.raises(RecordNotFoundError):
            store.save(99, screen(), by="k")
        with pytest.raises(KeyError):  # RecordNotFoundError is also a KeyError
            store.patient(99)


# --- saving and reading back -----------------------------------------------------------------
class TestSave:
    def test_save_returns_the_record_id_and_history_shows_it(self, store, patient):
        rid = store.save(patient, screen(), by="counsellor.k")
        (record,) = store.history(patient)
        assert (rid, "drug_screen", 1, "counsellor.k", screen()) == (
            record.id,
            record.kind,
            record.version,
            record.by,
            record.item,
        )
        assert (None, None, True, False) == (record.amends, record.reason, record.current, record.rescored_differs)

    def test_history_is_oldest_first(self, store, patient):
        ids = [store.save(patient, screen(day=DAY + dt.timedelta(days=-i)), by="k") for i in range(5)]
        assert ids == [r.id for r in store.history(patient)]

    def test_history_keeps_patients_apart(self, store, patient):
        other = store.add_patient("IOP-2")
        store.save(patient, screen(), by="k")
        assert () == store.history(other)

    def test_when_defaults_to_now_and_keeps_a_given_date_or_time(self, store, patient):
        before = dt.datetime.now(dt.UTC)
        store.save(patient, screen(), by="k")
        store.save(patient, screen(), by="k", when=DAY)
        store.save(patient, screen(), by="k", when=dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC))
        now_record, day_record, time_record = store.history(patient)
        assert before <= now_record.taken_at <= now_record.saved_at
        assert DAY == day_record.taken_at
        assert dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC) == time_record.taken_at

    @pytest.mark.parametrize("by", ["", "  ", None, 7])
    def test_who_saves_is_required(self, store, patient, by):
        with pytest.raises(StoreError, match="by must name who saves"):
            store.save(patient, screen(), by=by)
        assert () == store.history(patient)

    def test_an_item_the_store_does_not_keep_is_refused_naming_the_kinds(self, store, patient):
        with pytest.raises(StoreError, match="Cannot store a dict.*drug_screen"):
            store.save(patient, {"total": 3}, by="k")

    def test_unknown_kind_is_refused(self, store, patient):
        with pytest.raises(StoreError, match="unknown record kind 'labs'"):
            store.history(patient, "labs")

    def test_record_by_id(self, store, patient):
        rid = store.save(patient, screen(), by="k")
        assert screen() == store.record(rid).item
        with pytest.raises(RecordNotFoundError, match="no record with id 999"):
            store.record(999)


# --- append-only: amendments -----------------------------------------------------------------
class TestAmendments:
    def test_a_correction_is_a_new_version_naming_what_it_amends_and_why(self, store, patient):
        first = store.save(patient, screen(), by="counsellor.k")
        fixed = screen(positive=(), negative=("cannabis", "opioids"))
        second = store.save(patient, fixed, by="dr.m", amends=first, reason="lab corrected cannabis")
        old, new = store.history(patient)
        assert (first, 1, screen(), second) == (old.id, old.version, old.item, old.superseded_by)
        assert (second, 2, fixed, first, "lab corrected cannabis") == (
            new.id,
            new.version,
            new.item,
            new.amends,
            new.reason,
        )
        assert [second] == [r.id for r in store.current(patient)]
        assert second == store.latest(patient, "drug_screen").id

    @pytest.mark.parametrize("reason", [None, "", "   "])
    def test_an_amendment_needs_a_reason(self, store, patient, reason):
        first = store.save(patient, screen(), by="k")
        with pytest.raises(StoreError, match="needs a reason"):
            store.save(patient, screen(positive=()), by="k", amends=first, reason=reason)
        assert 1 == len(store.history(patient))

    def test_only_the_newest_version_can_be_amended(self, store, patient):
        first = store.save(patient, screen(), by="k")
        second = store.save(patient, screen(positive=()), by="k", amends=first, reason="typo")
        with pytest.raises(StoreError, match=f"already amended by record {second}"):
            store.save(patient, screen(), by="k", amends=first, reason="again")
        assert [1, 2] == [r.version for r in store.history(patient)]

    def test_an_amendment_stays_with_its_patient_and_kind(self, store, patient):
        other = store.add_patient("IOP-2")
        first = store.save(patient, screen(), by="k")
        with pytest.raises(StoreError, match="same patient"):
            store.save(other, screen(), by="k", amends=first, reason="wrong chart")
        assert () == store.history(other)

    def test_amending_a_missing_record_is_record_not_found(self, store, patient):
        with pytest.raises(RecordNotFoundError, match="cannot amend record 41"):
            store.save(patient, screen(), by="k", amends=41, reason="x")

    def test_latest_is_none_without_records(self, store, patient):
        assert store.latest(patient, "drug_screen") is None

    def test_current_orders_by_when_it_happened(self, store, patient):
        late = store.save(patient, screen(), by="k", when=DAY)
        early = store.save(patient, screen(), by="k", when=DAY - dt.timedelta(days=7))
        assert [early, late] == [r.id for r in store.current(patient)]
        assert late == store.latest(patient, "drug_screen").id


# --- the audit trail holds in SQL too ---------------------------------------------------------
class TestSqlGuards:
    @pytest.mark.parametrize(
        "statement",
        [
            "UPDATE records SET saved_by = 'someone else'",
            "DELETE FROM records",
            "UPDATE patients SET pseudonym = 'renamed'",
            "DELETE FROM patients",
        ],
    )
    @sqlite_only  # reads the file with sqlite3; tests/test_store_postgres.py checks the server
    def test_update_and_delete_are_refused_by_the_schema(self, store, patient, statement):
        store.save(patient, screen(), by="k")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw(store).execute(statement)
        assert 1 == len(store.history(patient))

    @sqlite_only  # reads the file with sqlite3; tests/test_store_postgres.py checks the server
    def test_the_schema_refuses_an_amendment_that_skips_a_version(self, store, patient):
        first = store.save(patient, screen(), by="k")
        with pytest.raises(sqlite3.IntegrityError, match="one version earlier"):
            raw_record(raw(store), patient_id=patient, version=3, amends=first, reason="x")

    @sqlite_only  # reads the file with sqlite3; tests/test_store_postgres.py checks the server
    def test_the_schema_refuses_a_record_for_no_patient(self, store):
        conn = raw(store)
        conn.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            raw_record(conn, patient_id=5)


# --- reading back re-derives and reports differences -------------------------------------------
class TestRederive:
    def test_a_difference_after_a_rule_change_is_reported_not_hidden(self, store, patient, monkeypatch):
        store.save(patient, screen(), by="k")
        monkeypatch.setitem(REDERIVE, "drug_screen", lambda s: screen(positive=("cannabis", "cocaine")))
        (record,) = store.history(patient)
        assert record.rescored_differs
        assert screen(positive=("cannabis", "cocaine")) == record.rederived
        assert screen() == record.item  # what was stored is still what is shown as stored
        assert "positive: stored ['cannabis'], now ['cannabis', 'cocaine']" in record.warnings[0]

    def test_inputs_the_current_rules_refuse_are_reported(self, store, patient, monkeypatch):
        store.save(patient, screen(), by="k")

        def refuse(item):
            raise InvalidAnswerError("item 3 now allows 0-2 (got 3)")

        monkeypatch.setitem(REDERIVE, "drug_screen", refuse)
        (record,) = store.history(patient)
        assert record.rescored_differs and "item 3 now allows 0-2" in record.warnings[0]

    @sqlite_only  # reads the file with sqlite3; tests/test_store_postgres.py checks the server
    def test_a_stored_payload_this_version_cannot_read_is_a_store_error(self, store, patient):
        raw_record(raw(store), patient_id=patient, payload=json.dumps({"panel": "x"}))
        with pytest.raises(StoreError, match="cannot be read"):
            store.history(patient)


# --- nothing half-written ----------------------------------------------------------------------
@sqlite_only  # reads the file with sqlite3; tests/test_store_postgres.py checks the server
def test_a_refused_write_leaves_nothing_behind(store, patient):
    store.save(patient, screen(), by="k")
    counts = raw(store).execute("SELECT (SELECT count(*) FROM records), (SELECT count(*) FROM patients)").fetchone()
    for attempt in (
        lambda: store.save(patient, "text", by="k"),
        lambda: store.save(patient, screen(), by="k", amends=1, reason=""),
        lambda: store.add_patient("IOP-0042"),
    ):
        with pytest.raises(IopkitError):
            attempt()
    assert (
        counts
        == raw(store).execute("SELECT (SELECT count(*) FROM records), (SELECT count(*) FROM patients)").fetchone()
    )
    assert not store._conn.in_transaction


def test_metadata_is_written_once(store):
    store.set_meta("demo_seed", "7")
    assert "7" == store.meta("demo_seed") and store.meta("other") is None
    with pytest.raises(StoreError, match="already set"):
        store.set_meta("demo_seed", "8")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.integers(min_value=-1, max_value=6), min_size=1, max_size=15))
def test_versions_form_single_chains_whatever_the_order_of_saves(tmp_path_factory, steps):
    """Each step saves a new record (-1) or amends the current version of an earlier chain."""
    with Store(tmp_path_factory.mktemp("chains") / "s.sqlite") as store:
        patient = store.add_patient("IOP-H")
        heads: list[int] = []
        for step in steps:
            if step < 0 or not heads:
                heads.append(store.save(patient, screen(), by="k"))
            else:
                chain = step % len(heads)
                heads[chain] = store.save(patient, screen(positive=()), by="k", amends=heads[chain], reason="fix")
        history = store.history(patient)
        by_id = {r.id: r for r in history}
        assert sorted(heads) == sorted(r.id for r in store.current(patient))
        for record in history:
            assert (record.version == 1) == (record.amends is None)
            if record.amends is not None:
                assert by_id[record.amends].version + 1 == record.version
                assert record.id == by_id[record.amends].superseded_by


class TestDrugScreen:
    def test_substances_are_normalised_so_equal_results_compare_equal(self):
        assert screen(positive=(" Cannabis", "cannabis"), negative=("Opioids",)) == screen()

    @pytest.mark.parametrize(
        "kwargs, message",
        [
            ({"positive": ["cocaine"], "negative": ["Cocaine"]}, "both positive and negative"),
            ({"positive": [], "negative": []}, "tests no substance"),
            ({"positive": "cocaine"}, "list of substance names"),
            ({"positive": [""]}, "list of substance names"),
        ],
    )
    def test_impossible_results_are_refused(self, kwargs, message):
        with pytest.raises(InvalidAnswerError, match=message):
            DrugScreen(DAY, "urine 5-panel", **kwargs)

    @pytest.mark.parametrize("collected", ["2026-03-02", dt.datetime(2026, 3, 2, 9), None])
    def test_collected_must_be_a_date(self, collected):
        with pytest.raises(InvalidAnswerError, match="collected must be a date"):
            DrugScreen(collected, "urine 5-panel", positive=["cocaine"])

    def test_panel_is_required(self):
        with pytest.raises(InvalidAnswerError, match="panel must be non-empty"):
            DrugScreen(DAY, " ", positive=["cocaine"])

    def test_from_dict_names_a_missing_field(self):
        with pytest.raises(InvalidAnswerError, match="collected"):
            DrugScreen.from_dict({"panel": "urine"})


# --- every kind the store keeps, with the real classes --------------------------------------------
def real_items() -> dict:
    from iopkit.dose import Attendance, DosePlan, schedule
    from iopkit.dose.groups import Group
    from iopkit.placement import FlagResolution, LevelOfCare, Placement, recommend

    rec = recommend({1: 1, 2: 0, 3: 2, 4: 1, 5: 2, 6: 1}, context={"work_or_school": True})
    plan_schedule = schedule("2026-03-02", ["mon", "wed", "fri"], 3, 12, track="evening")
    return {
        "assessment": iopkit.score("phq9", [1, 2, 1, 0, 3, 1, 0, 1, 1]),
        "recommendation": rec,
        "placement": Placement(rec, LevelOfCare.OP, "declined IOP hours; agreed to OP with weekly screens"),
        "dose_plan": DosePlan(9, 12, sessions_per_week=3),
        "schedule": plan_schedule,
        "attendance": Attendance(plan_schedule).record("2026-03-02", "attended").record("2026-03-04", "partial", 2),
        "drug_screen": screen(),
        "flag_resolution": FlagResolution(
            "suicidal_ideation", "phq9", 4, "assessed", "Dr B", dt.date(2026, 3, 2), risk_level="low"
        ),
        "group": Group("Early recovery", "evening", ["mon", "wed", "fri"], 3, "KM", members=(1, 2)),
    }


@pytest.mark.parametrize("kind", sorted(real_items()))
def test_every_kind_reads_back_equal_and_rederives_the_same(store, patient, kind):
    item = real_items()[kind]
    rid = store.save(patient, item, by="k")
    record = store.record(rid)
    assert (kind, item, False, ()) == (record.kind, record.item, record.rescored_differs, record.warnings)


def test_every_registered_kind_is_covered_by_a_test():
    from iopkit.store import KINDS

    assert set(KINDS) == set(real_items())


def insert_raw(store, patient, kind, payload: dict) -> int:
    """A record written around the API, as an older iopkit (or a rule change) would have left it."""
    conn = raw(store)
    raw_record(conn, patient_id=patient, kind=kind, saved_at="2026-03-02T09:00:00+00:00", payload=json.dumps(payload))
    return conn.execute("SELECT max(id) FROM records").fetchone()[0]


@sqlite_only  # reads the file with sqlite3; tests/test_store_postgres.py checks the server
def test_a_stored_score_is_rescored_on_reading_and_a_difference_is_reported(store, patient):
    stored = iopkit.score("phq9", [2] * 9).to_dict()
    stored.update(total=17, band="moderately_severe")  # what an older rule had said
    rid = insert_raw(store, patient, "assessment", stored)
    record = store.record(rid)
    assert record.rescored_differs
    assert (17, 18, "moderately_severe") == (record.item.total, record.rederived.total, record.rederived.band)
    assert "total: stored 17, now 18" in record.warnings[0]
    assert record.warnings == store.latest(patient, "assessment").warnings == store.history(patient)[0].warnings


@sqlite_only  # reads the file with sqlite3; tests/test_store_postgres.py checks the server
def test_a_stored_score_whose_answers_the_rules_now_refuse_is_reported(store, patient):
    stored = iopkit.score("phq9", [2] * 9).to_dict()
    stored["answers"]["9"] = 7
    record = store.record(insert_raw(store, patient, "assessment", stored))
    assert record.rescored_differs and "phq9 item 9 must be one of 0, 1, 2, 3 (got 7)" in record.warnings[0]


def test_a_placement_override_needs_its_reason_and_is_kept_whole(store, patient):
    from iopkit.placement import Placement, recommend, suggest_dimensions
    from iopkit.placement.levels import LevelOfCare

    phq9 = iopkit.score("phq9", [3] * 9)
    rec = recommend({1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([phq9]))
    assert any(b.suggested_rating not in (None, b.rating) for b in rec.basis)
    with pytest.raises(iopkit.PlacementInputError, match="dimension 3 rated 1, suggested"):
        Placement(rec)
    decision = Placement(rec, LevelOfCare.IOP, "severe PHQ-9 reviewed with psychiatrist; outpatient psychiatry")
    rid = store.save(patient, decision, by="dr.m")
    assert decision == store.record(rid).item and not store.record(rid).rescored_differs


# --- the demo database ----------------------------------------------------------------------------
def test_the_demo_database_is_built_once_and_left_alone_after(tmp_path):
    from iopkit.demo import build_demo_db

    path = build_demo_db(tmp_path / "demo" / "demo.sqlite", seed=3, programme=False)
    first = path.read_bytes()
    assert path == build_demo_db(path, seed=3) and first == path.read_bytes()
    assert [path.name] == [p.name for p in path.parent.iterdir()]  # no partial or WAL files left behind
    with Store(path) as demo:
        patients = demo.patients()
        assert all(p.display_name.endswith("(fictional)") and p.pseudonym.startswith("DEMO-") for p in patients)
        assert any(p.adolescent for p in patients)
        kinds = {r.kind for p in patients for r in demo.history(p.id)}
        records = [r for p in patients for r in demo.history(p.id)]
    assert kinds == set(real_items()) - {"group"}  # the demo clinic defines no group yet
    assert any(r.amends for r in records) and not any(r.rescored_differs for r in records)


def test_the_demo_is_the_same_for_the_same_seed(tmp_path):
    from iopkit.demo import build_demo_db

    def content(path):
        with Store(path) as demo:
            return [(r.kind, r.taken_at, r.item) for p in demo.patients() for r in demo.history(p.id)]

    assert content(build_demo_db(tmp_path / "a.sqlite", seed=5, programme=False)) == content(
        build_demo_db(tmp_path / "b.sqlite", seed=5, programme=False)
    )


@sqlite_only  # reads the file with sqlite3; tests/test_store_postgres.py checks the server
def test_the_demo_never_writes_into_a_real_store(store, patient):
    from iopkit.demo import build_demo_db

    with pytest.raises(StoreError, match="not the demo"):
        build_demo_db(store.path)
    assert ["IOP-0042"] == [p.pseudonym for p in store.patients()]


def test_dashboards_use_iopkit_db_first_then_the_demo(monkeypatch, tmp_path):
    from iopkit.demo import dashboard_store

    monkeypatch.setenv("IOPKIT_DEMO_DB", str(tmp_path / "demo.sqlite"))
    monkeypatch.delenv("IOPKIT_DB", raising=False)
    with dashboard_store() as demo:
        assert demo.meta("demo_seed") is not None and tmp_path / "demo.sqlite" == demo.path
    monkeypatch.setenv("IOPKIT_DB", str(tmp_path / "real.sqlite"))
    with dashboard_store() as real:
        assert () == real.patients() and tmp_path / "real.sqlite" == real.path


def test_a_stored_plan_whose_derived_level_differs_from_the_current_rules_reads_back_with_a_warning(tmp_path):
    from iopkit.dose import DosePlan

    path = tmp_path / "rules.sqlite"
    store = Store(path)
    pid = store.add_patient("IOP-RULES")
    store.save(pid, DosePlan(9, 12), by="km")
    with sqlite3.connect(path) as conn:  # as if written when 9 h/week was another level
        (saved,) = conn.execute(
            "SELECT json_set(payload, '$.level', '2.5') FROM records WHERE patient_id = ?", (pid,)
        ).fetchone()
        raw_record(conn, patient_id=pid, kind="dose_plan", payload=saved)
    older, tampered = Store(path).history(pid)
    assert older.warnings == ()
    assert tampered.item.level.code == "2.1"
    assert any("level: stored '2.5', now '2.1'" in warning for warning in tampered.warnings)
