"""Security review F4 and F9: a patient's site is in the hash chain; on PostgreSQL the saving time is the server's.

F4: moving a patient to another site (on PostgreSQL, hiding them from their clinicians) around iopkit is reported
by ``iopkit verify``, while every row saved before the site was hashed keeps its hash.
F9: a login role cannot choose ``saved_at`` (or a patient's ``created_at``): backdated rows and unknown kinds are
refused by the server.  Real SQLite files and real PostgreSQL databases (tests/store_backends.py).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import uuid
from urllib.parse import quote

import psycopg
import pytest

from iopkit.records import DrugScreen
from iopkit.store import MIGRATIONS, Store
from iopkit.store.chain import SITE_FROM, Break, next_link
from iopkit.store.kinds import KINDS

from .store_backends import admin, use_both_backends

use_both_backends(globals())

DAY = dt.date(2026, 3, 2)
SCREEN = DrugScreen(DAY, "urine 12-panel", positive=("cannabis",), negative=("opioids",))


def rewrite(url: str, statement: str) -> None:
    """Run ``statement`` with the append-only guards set aside, as the file's owner or the server's superuser can."""
    if url.startswith("postgresql://"):
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("ALTER TABLE patients DISABLE TRIGGER USER")
            conn.execute("ALTER TABLE meta DISABLE TRIGGER USER")
            conn.execute(statement)
            conn.execute("ALTER TABLE patients ENABLE TRIGGER USER")
            conn.execute("ALTER TABLE meta ENABLE TRIGGER USER")
        return
    conn = sqlite3.connect(url, isolation_level=None)
    try:
        for table in ("patients", "meta"):
            conn.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        conn.execute(statement)
    finally:
        conn.close()


def cli_verify(url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "iopkit", "verify", "--db", url], capture_output=True, text=True, timeout=120
    )


# --- F4: the site is chained ------------------------------------------------------------------------------------
@pytest.mark.parametrize("site", ["north", ""])
def test_moving_a_patient_to_another_site_is_reported_by_verify(store_url, site):
    with Store(store_url, site=site) as store:
        store.add_patient("IOP-0042")
        store.add_patient("IOP-0043")
        store.save(1, SCREEN, by="dr.m")
        assert store.verify().ok
    rewrite(store_url, "UPDATE patients SET site = 'other-clinic' WHERE id = 1")
    with Store(store_url, read_only=True) as store:
        report = store.verify()
    assert [(p.table, p.ids, p.kind) for p in report.problems] == [("patients", (1,), Break.ALTERED)]
    run = cli_verify(store_url)
    assert run.returncode == 1, run.stderr
    assert "patient 1: altered" in run.stdout


def test_moving_where_the_site_starts_to_be_hashed_is_reported_too(store_url):
    with Store(store_url) as store:  # one-site store: every patient's site is ''
        store.add_patient("IOP-0042")
        store.add_patient("IOP-0043")
        assert store.meta(SITE_FROM) == "1"
    # Pretending the site was hashed only from patient 2 on, to move patient 1 unnoticed, breaks patient 1 itself.
    rewrite(store_url, f"UPDATE meta SET value = '2' WHERE key = '{SITE_FROM}'")
    rewrite(store_url, "UPDATE patients SET site = 'other-clinic' WHERE id = 1")
    with Store(store_url, read_only=True) as store:
        report = store.verify()
    assert [(p.table, p.ids, p.kind) for p in report.problems] == [("patients", (1,), Break.ALTERED)]


def test_a_store_saved_before_the_site_was_hashed_keeps_its_hashes_and_verifies_whole(store_url, monkeypatch):
    from iopkit.store import database, postgres

    monkeypatch.setattr(database, "MIGRATIONS", MIGRATIONS[:4])
    monkeypatch.setattr(postgres, "PG_MIGRATIONS", postgres.PG_MIGRATIONS[:4])
    monkeypatch.setattr(postgres, "MIGRATIONS", MIGRATIONS[:4])
    fresh = store_url.startswith("postgresql://")
    if fresh:  # the template is already at the current version: start from an empty database
        name = f"iopkit_test_{uuid.uuid4().hex[:12]}"
        with admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        store_url = f"{store_url.rpartition('/')[0]}/{name}"
    try:
        for site, pseudonym in (("", "IOP-1"), ("north", "IOP-2")):  # saved by the version-4 iopkit
            with Store(store_url, site=site) as old:
                old.add_patient(pseudonym)
                old.save(old.patients()[-1].id, SCREEN, by="dr.m")
        with Store(store_url) as old:
            before = old.verify()
            assert old.schema_version == 4 and before.ok
        monkeypatch.undo()
        with Store(store_url, site="north") as store:
            assert store.schema_version == len(MIGRATIONS) == 5
            assert store.meta(SITE_FROM) == "3"
            report = store.verify()
            assert report.ok and report.head == before.head
            store.add_patient("IOP-3")
            store.save(3, SCREEN, by="dr.m", amends=None)
            assert store.verify().ok
        rewrite(store_url, "UPDATE patients SET site = 'south' WHERE id = 3")
        with Store(store_url, read_only=True) as store:
            assert [(p.ids, p.kind) for p in store.verify().problems] == [((3,), Break.ALTERED)]
    finally:
        if fresh:
            with admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- F9: PostgreSQL takes the saving time from its own clock ----------------------------------------------------
postgres_only = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)


@pytest.fixture
def clinician(store_url):
    """The URL of a clinician's login role (of the ``clinician`` group, site ``''``) on the test's database."""
    prefix = f"t{uuid.uuid4().hex[:8]}"
    with Store(store_url) as store:
        store.add_patient("IOP-0042")
        store.save(1, SCREEN, by="dr.m")
        groups = store.setup_roles(prefix)
    with psycopg.connect(store_url, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{prefix}_alice" LOGIN IN ROLE "{groups["clinician"]}"')
    try:
        yield f"{store_url}?options={quote(f'-c role={prefix}_alice')}"
    finally:
        with admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{store_url.rpartition("/")[2]}" WITH (FORCE)')
            for (role,) in conn.execute(
                "SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s) ORDER BY rolname LIKE '%%alice' DESC",
                (prefix + "_",),
            ).fetchall():
                conn.execute(f'DROP ROLE "{role}"')


def insert_record(url: str, **changes) -> None:
    """A record inserted with plain SQL as iopkit would chain it (next id, correct hash), with ``changes``."""
    from iopkit.store.postgres import _Connection

    with psycopg.connect(url, autocommit=True) as plain, plain.transaction():
        conn = _Connection(plain)
        now = conn.clock().astimezone(dt.UTC).isoformat(timespec="microseconds")
        values = {
            "patient_id": 1,
            "kind": "drug_screen",
            "version": 1,
            "taken_at": "2026-03-02",
            "saved_at": now,
            "saved_by": "dr.m",
            "amends": None,
            "reason": None,
            "payload": '{"collected": "2026-03-02", "panel": "urine", "positive": [], "negative": []}',
        } | changes
        row_id, digest = next_link(conn, "records", values)
        conn.execute(
            f"INSERT INTO records (id, hash, {', '.join(values)}) VALUES ({', '.join('?' * (len(values) + 2))})",
            (row_id, digest, *values.values()),
        )


@postgres_only
def test_a_clinician_cannot_backdate_a_record_and_verify_stays_whole(clinician, store_url):
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="time of saving by the database server"):
        insert_record(clinician, saved_at="2020-01-01T09:05:00.000000+00:00")
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="time of saving by the database server"):
        insert_record(clinician, saved_at="2099-01-01T09:05:00.000000+00:00")
    insert_record(clinician)  # the server's time now: accepted
    with Store(store_url, read_only=True) as store:
        assert store.verify().ok and store.verify().records == 2


@postgres_only
def test_a_record_dated_before_the_newest_saved_is_refused_even_within_the_margin(clinician):
    earlier = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=20)).isoformat(timespec="microseconds")
    with Store(clinician) as store:
        store.save(1, SCREEN, by="dr.m")  # the newest record, saved now
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="earlier than that of the newest row"):
        insert_record(clinician, saved_at=earlier)


@postgres_only
def test_a_patient_cannot_be_registered_with_a_chosen_time(clinician):
    from iopkit.store.postgres import _Connection

    with psycopg.connect(clinician, autocommit=True) as plain, plain.transaction():
        conn = _Connection(plain)
        values = {
            "pseudonym": "IOP-X",
            "display_name": None,
            "adolescent": 0,
            "created_at": "2020-01-01T09:00:00.000000+00:00",
            "site": "",
        }
        row_id, digest = next_link(conn, "patients", values)
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="patients.created_at must be the time"):
            conn.execute(
                "INSERT INTO patients (id, hash, pseudonym, display_name, adolescent, created_at, site) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (row_id, digest, *values.values()),
            )


@postgres_only
def test_an_unknown_kind_is_refused_by_the_server(clinician):
    with pytest.raises(psycopg.errors.CheckViolation, match="records_kind_known"):
        insert_record(clinician, kind="note")


def test_the_kinds_the_server_accepts_are_the_kinds_iopkit_keeps():
    """Adding a kind to KINDS needs a migration replacing ``records_kind_known`` (red until one is written)."""
    from iopkit.store.pg_schema import KINDS_V5

    assert set(KINDS_V5) == set(KINDS)


@postgres_only
def test_saves_amendments_and_imports_through_iopkit_carry_the_servers_time(clinician):
    with psycopg.connect(clinician, autocommit=True) as conn:
        start = conn.execute("SELECT clock_timestamp()").fetchone()[0]
    with Store(clinician) as store:
        first = store.save(1, SCREEN, by="dr.m", when=DAY)
        store.save(1, SCREEN, by="dr.m", amends=first, reason="lab corrected")
        with store.batch():  # an import: records taken long ago, saved now
            for day in (dt.date(2025, 1, 6), dt.date(2025, 1, 7)):
                store.save(1, DrugScreen(day, "urine", positive=(), negative=("opioids",)), by="import", when=day)
        patient = store.add_patient("IOP-0043")
        records = store.history(1)
        assert store.verify().ok
    with psycopg.connect(clinician, autocommit=True) as conn:
        end = conn.execute("SELECT clock_timestamp()").fetchone()[0]
        (created,) = conn.execute("SELECT created_at FROM patients WHERE id = %s", (patient,)).fetchone()
    new = [r for r in records if r.id >= first]
    assert len(new) == 4 and all(start <= r.saved_at <= end for r in new)
    assert [r.taken_at for r in new][2:] == [dt.date(2025, 1, 6), dt.date(2025, 1, 7)]
    assert start <= dt.datetime.fromisoformat(created) <= end
