"""The audit trail cannot be rewritten unnoticed: no replacing inserts, and a hash chain that verify() checks.

Every forgery here is made with plain :mod:`sqlite3`, as someone with the file and no iopkit would make it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys

import pytest

import iopkit
from iopkit.store import APPLICATION_ID, MIGRATIONS, Store
from iopkit.store.chain import GENESIS, Break

PHQ9_ITEM9 = [2, 2, 2, 1, 1, 2, 2, 0, 3]  # 15 points, item 9 (thoughts of self-harm) endorsed


@pytest.fixture
def saved(tmp_path):
    """A store with two patients and a PHQ-9 with item 9 endorsed, an amendment and a later record."""
    store = Store(tmp_path / "clinic.sqlite")
    pid = store.add_patient("IOP-0042")
    store.add_patient("IOP-0043")
    first = store.save(pid, iopkit.score("phq9", PHQ9_ITEM9), by="dr.m")
    store.save(pid, iopkit.score("phq9", PHQ9_ITEM9), by="dr.m", amends=first, reason="re-entered")
    store.save(pid, iopkit.score("gad7", [1] * 7), by="dr.m")
    yield store
    store.close()


def raw(store) -> sqlite3.Connection:
    return sqlite3.connect(store.path, isolation_level=None)


def columns(conn, table) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def forged_phq9(conn) -> tuple:
    """Row 1 with a 1-point PHQ-9 and no item-9 flag in place of the saved 15 points."""
    row = list(conn.execute("SELECT * FROM records WHERE id = 1").fetchone())
    cols = columns(conn, "records")
    row[cols.index("payload")] = json.dumps(iopkit.score("phq9", [1] + [0] * 8).to_dict(), sort_keys=True)
    return tuple(row)


# --- inserts that would replace are refused ---------------------------------------------------------------------
REPLACING = {
    "REPLACE": "REPLACE INTO records VALUES ({marks})",
    "INSERT OR REPLACE": "INSERT OR REPLACE INTO records VALUES ({marks})",
    "UPSERT": "INSERT INTO records VALUES ({marks}) ON CONFLICT (id) DO UPDATE SET payload = excluded.payload",
}


#: Each guard refuses a replacement on its own: (trigger dropped first, message expected).
GUARDS = {
    "both guards": (None, "would replace a saved row"),
    "replace guard alone": ("chained", "would replace"),
    "chain guard alone": ("no_replace", "are chained"),
}


@pytest.mark.parametrize("statement", REPLACING.values(), ids=REPLACING.keys())
@pytest.mark.parametrize("dropped, message", GUARDS.values(), ids=GUARDS.keys())
def test_a_replacing_insert_of_a_record_is_refused(saved, statement, dropped, message):
    conn = raw(saved)
    if dropped:
        conn.execute(f"DROP TRIGGER records_{dropped}")
    before = conn.execute("SELECT * FROM records ORDER BY id").fetchall()
    with pytest.raises(sqlite3.IntegrityError, match=message):
        conn.execute(statement.format(marks=", ".join("?" * len(columns(conn, "records")))), forged_phq9(conn))
    assert before == conn.execute("SELECT * FROM records ORDER BY id").fetchall()
    assert 15 == saved.record(1).item.total and saved.verify().ok


@pytest.mark.parametrize(
    "statement",
    [
        "REPLACE INTO patients (id, pseudonym, adolescent, created_at, hash) VALUES (1, 'renamed', 0, 'x', '{h}')",
        "REPLACE INTO patients (id, pseudonym, adolescent, created_at, hash) VALUES (3, 'IOP-0043', 0, 'x', '{h}')",
        "INSERT INTO patients (id, pseudonym, adolescent, created_at, hash) VALUES (1, 'renamed', 0, 'x', '{h}') "
        "ON CONFLICT (id) DO UPDATE SET pseudonym = 'renamed'",
        "REPLACE INTO meta (key, value) VALUES ('site', 'forged')",
        "INSERT INTO meta (key, value) VALUES ('site', 'forged') ON CONFLICT (key) DO UPDATE SET value = 'forged'",
        "UPDATE meta SET value = 'forged'",
        "DELETE FROM meta",
    ],
)
@pytest.mark.parametrize("dropped", [None, "patients_chained"])  # the replace guard alone holds
def test_patients_and_metadata_cannot_be_replaced_either(saved, statement, dropped):
    saved.set_meta("site", "north")
    conn = raw(saved)
    if dropped:
        conn.execute(f"DROP TRIGGER {dropped}")
    with pytest.raises(sqlite3.IntegrityError, match="append-only|chained"):
        conn.execute(statement.format(h="a" * 64))
    assert ["IOP-0042", "IOP-0043"] == [p.pseudonym for p in saved.patients()] and "north" == saved.meta("site")


# --- the chain shows any rewrite ---------------------------------------------------------------------------------
def test_a_forged_replace_made_with_the_triggers_dropped_is_detected(saved):
    conn = raw(saved)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute(f"REPLACE INTO records VALUES ({', '.join('?' * len(columns(conn, 'records')))})", forged_phq9(conn))
    assert 1 == saved.record(1).item.total  # the forgery reads back as if saved ...
    report = saved.verify()
    assert not report.ok  # ... but verify() names it
    assert [("records", (1,), Break.ALTERED)] == [(p.table, p.ids, p.kind) for p in report.problems]
    assert (1,) == report.affected
    assert "record 1: altered" in str(report)


def test_a_renamed_patient_is_detected(saved):
    conn = raw(saved)
    conn.execute("DROP TRIGGER patients_no_update")
    conn.execute("UPDATE patients SET pseudonym = 'IOP-9999' WHERE id = 2")
    assert [("patients", (2,), Break.ALTERED)] == [(p.table, p.ids, p.kind) for p in saved.verify().problems]


def test_a_removed_record_is_a_gap_naming_the_missing_id(saved):
    conn = raw(saved)
    conn.execute("DROP TRIGGER records_no_delete")
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM records WHERE id = 2")
    problems = saved.verify().problems
    assert ("records", (2,), Break.GAP) == (problems[0].table, problems[0].ids, problems[0].kind)
    assert Break.UNLINKED == problems[1].kind and (3,) == problems[1].ids  # 3 was chained to the missing 2


def test_swapped_records_are_reported_as_reordered(saved):
    conn = raw(saved)
    conn.execute("DROP TRIGGER records_no_update")
    conn.execute("PRAGMA foreign_keys = OFF")
    for old, new in ((2, -2), (3, 2), (-2, 3)):
        conn.execute("UPDATE records SET id = ? WHERE id = ?", (new, old))
    kinds = {p.ids: p.kind for p in saved.verify().problems}
    assert kinds == {(2,): Break.REORDERED, (3,): Break.REORDERED}


def test_a_record_written_without_iopkit_and_without_a_hash_is_unsealed(saved):
    conn = raw(saved)
    conn.execute("DROP TRIGGER records_chained")
    conn.execute(
        "INSERT INTO records (patient_id, kind, version, taken_at, saved_at, saved_by, payload) "
        "SELECT patient_id, kind, 1, taken_at, saved_at, 'intruder', payload FROM records WHERE id = 3"
    )
    assert [((4,), Break.UNSEALED)] == [(p.ids, p.kind) for p in saved.verify().problems]


def test_an_anchor_detects_a_rewrite_that_recomputed_every_hash(saved):
    """Without a key the chain can be recomputed; a head kept elsewhere still shows the rewrite."""
    from iopkit.store.chain import RECORD_FIELDS, row_hash

    head = [h for h in saved.verify().head if h.startswith("records:")][0]
    conn = raw(saved)
    conn.execute("DROP TRIGGER records_no_update")
    conn.execute("UPDATE records SET saved_by = 'someone else' WHERE id = 2")
    previous = GENESIS
    for row in conn.execute(f"SELECT id, {', '.join(RECORD_FIELDS)} FROM records ORDER BY id").fetchall():
        previous = row_hash("records", dict(zip(RECORD_FIELDS, row[1:])), previous)
        conn.execute("UPDATE records SET hash = ? WHERE id = ?", (previous, row[0]))
    assert saved.verify().ok  # a forger who knows the algorithm can reseal ...
    report = saved.verify(anchor=head)  # ... but not match the head kept elsewhere
    assert [Break.ANCHOR] == [p.kind for p in report.problems]


def test_the_hash_is_sha256_of_the_canonical_row_and_the_previous_hash(saved):
    """Recomputed here from the documented canonical form, not with the library's function."""
    conn = raw(saved)
    (pseudonym, display, adolescent, created, site, digest) = conn.execute(
        "SELECT pseudonym, display_name, adolescent, created_at, site, hash FROM patients WHERE id = 1"
    ).fetchone()
    text = json.dumps(
        {
            "pseudonym": pseudonym,
            "display_name": display,
            "adolescent": adolescent,
            "created_at": created,
            "site": site,  # hashed for every patient saved since schema version 5, '' included
            "table": "patients",
            "previous": "0" * 64,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    assert hashlib.sha256(text.encode()).hexdigest() == digest


# --- existing stores are sealed on upgrade ----------------------------------------------------------------------
def test_a_version_1_store_is_sealed_by_the_migration(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO patients (pseudonym, adolescent, created_at) VALUES ('IOP-1', 0, '2025-01-01T00:00:00')")
    payload = json.dumps(iopkit.score("phq9", PHQ9_ITEM9).to_dict(), sort_keys=True, separators=(",", ":"))
    for _ in range(2):
        conn.execute(
            "INSERT INTO records (patient_id, kind, version, taken_at, saved_at, saved_by, payload) "
            "VALUES (1, 'assessment', 1, '2025-01-01', '2025-01-01T00:00:00+00:00', 'k', ?)",
            (payload,),
        )
    conn.close()
    path.chmod(0o600)
    with Store(path) as store:
        assert len(MIGRATIONS) == store.schema_version
        report = store.verify()
        assert report.ok and (1, 2) == (report.patients, report.records)
        assert 15 == store.record(2).item.total
        store.save(1, iopkit.score("phq9", [0] * 9), by="k")  # the chain continues from the sealed rows
        assert store.verify().ok
        with pytest.raises(sqlite3.IntegrityError, match="append-only|chained"):
            raw(store).execute("REPLACE INTO records SELECT * FROM records WHERE id = 1")


# --- the command ----------------------------------------------------------------------------------------------------
def run(*args):
    return subprocess.run([sys.executable, "-m", "iopkit.store", *args], capture_output=True, text=True, timeout=60)


def test_the_verify_command_exits_0_when_whole_and_1_naming_the_forged_record(saved):
    clean = run("verify", str(saved.path))
    assert 0 == clean.returncode and "the audit trail is whole" in clean.stdout
    conn = raw(saved)
    conn.execute("DROP TRIGGER records_chained")
    conn.execute("DROP TRIGGER records_no_replace")
    conn.execute(f"REPLACE INTO records VALUES ({', '.join('?' * len(columns(conn, 'records')))})", forged_phq9(conn))
    broken = run("verify", str(saved.path))
    assert 1 == broken.returncode, broken.stderr
    assert "record 1: altered" in broken.stdout


def test_the_verify_command_reports_a_file_it_cannot_check(tmp_path):
    (tmp_path / "x.sqlite").write_text("not a database " * 100)
    result = run("verify", str(tmp_path / "x.sqlite"))
    assert 2 == result.returncode and "not a usable iopkit store" in result.stderr
