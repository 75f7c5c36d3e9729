"""The store on PostgreSQL: the server's own guards, migrations, roles, site scoping and concurrent writers.

Every test has a database of its own (see tests/store_backends.py).  People are database roles of
their own, made members of the group roles :func:`Store.setup_roles` creates; a connection acts as
one through libpq's ``options=-c role=...`` (the test server's superuser may take any role), so the
server checks exactly what it checks for that person's own login.
"""

from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import quote

import psycopg
import pytest

from iopkit.errors import RecordNotFoundError, StoreError
from iopkit.records import DrugScreen
from iopkit.store import MIGRATIONS, Store
from iopkit.store.chain import Break
from iopkit.store.load import run_load

from .store_backends import admin, use_postgres

use_postgres(globals())  # the pg_url and empty_pg_url fixtures: a database of each test's own

DAY = dt.date(2026, 3, 2)


def screen(panel="urine 12-panel", day=DAY) -> DrugScreen:
    return DrugScreen(day, panel, positive=("cannabis",), negative=("opioids",))


def raw(url: str, role: str | None = None) -> psycopg.Connection:
    """A plain connection (autocommit), as the given role when one is named."""
    return psycopg.connect(as_role(url, role) if role else url, autocommit=True)


def as_role(url: str, role: str) -> str:
    return f"{url}?options={quote(f'-c role={role}')}"


@pytest.fixture
def filled(pg_url):
    with Store(pg_url) as store:
        pid = store.add_patient("IOP-0042", display_name="Jo Example")
        first = store.save(pid, screen(), by="counsellor.k")
        store.save(pid, screen("corrected"), by="dr.m", amends=first, reason="lab corrected")
        store.set_meta("programme", "evening IOP")
    return pg_url


# --- the server's own guards ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE patients SET display_name = 'x'",
        "DELETE FROM patients",
        "TRUNCATE patients CASCADE",
        "UPDATE records SET saved_by = 'someone else'",
        "DELETE FROM records WHERE id = 2",
        "TRUNCATE records",
        "UPDATE meta SET value = 'x'",
        "DELETE FROM meta",
        "TRUNCATE meta",
        "DELETE FROM iopkit_schema",
        "INSERT INTO meta (key, value) VALUES ('programme', 'x') ON CONFLICT (key) DO UPDATE SET value = 'x'",
    ],
)
def test_update_delete_truncate_and_upsert_are_refused_by_the_server(filled, statement):
    with raw(filled) as conn, pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="append-only"):
        conn.execute(statement)
    with Store(filled) as store:
        assert [r.by for r in store.history(1)] == ["counsellor.k", "dr.m"]
        assert store.meta("programme") == "evening IOP"


def test_an_insert_around_iopkit_is_refused_unless_chained(filled):
    with raw(filled) as conn, pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="chained"):
        conn.execute(
            "INSERT INTO records (id, hash, patient_id, kind, version, taken_at, saved_at, saved_by, payload)"
            " VALUES (3, 'x', 1, 'drug_screen', 1, '2026-03-02', '2026-03-02', 'k', '{}')"
        )


def test_an_amendment_that_skips_a_version_or_forks_is_refused_by_the_server(filled):
    from iopkit.store.chain import next_link
    from iopkit.store.postgres import _Connection

    values = {
        "patient_id": 1,
        "kind": "drug_screen",
        "version": 3,
        "taken_at": "2026-03-02",
        "saved_at": "2026-03-02",
        "saved_by": "k",
        "amends": 1,
        "reason": "r",
        "payload": "{}",
    }
    with raw(filled) as plain:
        conn = _Connection(plain)
        for version, match in ((3, "one version earlier"), (2, "duplicate key")):
            values["version"] = version
            values["saved_at"] = conn.clock().isoformat()  # the server's time, the only one it takes (F9)
            row_id, digest = next_link(conn, "records", values)
            with pytest.raises(psycopg.errors.IntegrityError, match=match):
                conn.execute(
                    f"INSERT INTO records (id, hash, {', '.join(values)}) VALUES ({', '.join('?' * 11)})",
                    (row_id, digest, *values.values()),
                )


def test_a_rewrite_by_someone_who_can_switch_the_triggers_off_is_found_by_verify(filled):
    with Store(filled) as store:
        head = store.verify().head
    with raw(filled) as conn:  # the server's superuser, the one person the triggers cannot stop
        conn.execute("ALTER TABLE records DISABLE TRIGGER USER")
        conn.execute("UPDATE records SET saved_by = 'someone else' WHERE id = 1")
    with Store(filled) as store:
        report = store.verify(head)
    assert not report.ok
    assert [(p.table, p.ids, p.kind) for p in report.problems] == [("records", (1,), Break.ALTERED)]


# --- schema versions -----------------------------------------------------------------------------
def test_an_empty_database_is_migrated_once_to_the_current_version(empty_pg_url):
    with Store(empty_pg_url) as store:
        assert store.schema_version == len(MIGRATIONS)
        store.add_patient("IOP-1")
    with Store(empty_pg_url) as store, raw(empty_pg_url) as conn:
        assert [v for (v,) in conn.execute("SELECT version FROM iopkit_schema ORDER BY version")] == list(
            range(1, len(MIGRATIONS) + 1)
        )
        assert store.migrate() == len(MIGRATIONS)
        assert [p.pseudonym for p in store.patients()] == ["IOP-1"]


def test_a_version_1_database_with_rows_is_upgraded_and_sealed(empty_pg_url, monkeypatch):
    from iopkit.store import postgres

    full = postgres.PG_MIGRATIONS
    monkeypatch.setattr(postgres, "PG_MIGRATIONS", full[:1])
    Store(empty_pg_url).close()
    with raw(empty_pg_url) as conn:  # rows saved by a version-1 iopkit, before the chain existed
        conn.execute(
            "INSERT INTO patients (id, pseudonym, adolescent, created_at) VALUES (1, 'IOP-1', 0, '2026-03-02')"
        )
        conn.execute(
            "INSERT INTO records (id, patient_id, kind, version, taken_at, saved_at, saved_by, payload) "
            "VALUES (1, 1, 'drug_screen', 1, '2026-03-02', '2026-03-02', 'k', %s)",
            (
                (
                    '{"collected": "2026-03-02", "panel": "urine", "positive": [], "negative": ["opioids"], '
                    '"specimen": "urine"}'
                ),
            ),
        )
    monkeypatch.setattr(postgres, "PG_MIGRATIONS", full)
    with Store(empty_pg_url) as store:
        assert store.schema_version == len(MIGRATIONS)
        report = store.verify()
        assert report.ok and (report.patients, report.records) == (1, 1)
        store.save(1, screen(), by="k", amends=1, reason="after the upgrade")
        assert store.verify().ok and store.patients()[0].pseudonym == "IOP-1"
    with raw(empty_pg_url) as conn, pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="append-only"):
        conn.execute("UPDATE records SET saved_by = 'x'")  # the guards set aside for sealing are back


def test_a_newer_schema_is_refused_not_damaged(pg_url):
    with raw(pg_url) as conn:
        conn.execute("INSERT INTO iopkit_schema (version) VALUES (%s)", (len(MIGRATIONS) + 1,))
    with pytest.raises(StoreError, match="newer iopkit"):
        Store(pg_url)


def test_a_database_of_another_application_is_refused(empty_pg_url):
    with raw(empty_pg_url) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(StoreError, match="another application"):
        Store(empty_pg_url)
    with raw(empty_pg_url) as conn:
        assert conn.execute("SELECT to_regclass('patients')").fetchone()[0] is None


def test_a_server_that_does_not_answer_is_a_store_error():
    with pytest.raises(StoreError, match="cannot be opened"):
        Store("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2")


def test_the_password_never_appears_in_messages():
    with pytest.raises(StoreError) as refused:
        Store("postgresql://nobody:s3cret-word@127.0.0.1:1/none?connect_timeout=2")
    assert "s3cret-word" not in str(refused.value)


def test_iopkit_db_may_name_a_server(pg_url, monkeypatch):
    monkeypatch.setenv("IOPKIT_DB", pg_url)
    with Store() as store:
        assert store.path.startswith("postgresql://") and store.schema_version == len(MIGRATIONS)


# --- roles and sites -------------------------------------------------------------------------------
@pytest.fixture
def clinic(filled):
    """Roles of a two-site clinic (names unique to the test: roles are shared by the whole server)."""
    prefix = f"t{uuid.uuid4().hex[:8]}"
    people = {
        "admin": ("admin",),
        "director": ("director",),
        "researcher": ("researcher",),
        "north": ("clinician", "site:north"),
        "south": ("clinician", "site:south"),
        "nosite": ("clinician",),
    }
    try:
        with Store(filled) as store:
            groups = store.setup_roles(prefix, sites=("north", "south"))
        with raw(filled) as conn:
            for person, memberships in people.items():
                conn.execute(
                    f'CREATE ROLE "{prefix}_as_{person}" LOGIN IN ROLE '
                    + ", ".join(f'"{groups[m]}"' for m in memberships)
                )
        yield {person: as_role(filled, f"{prefix}_as_{person}") for person in people}
    finally:
        with admin() as conn:  # the database goes first (it holds the grants), then the roles
            conn.execute(f'DROP DATABASE IF EXISTS "{filled.rpartition("/")[2]}" WITH (FORCE)')
            for (role,) in conn.execute(
                "SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s) ORDER BY rolname LIKE '%%\\_as\\_%%' DESC",
                (prefix + "_",),
            ).fetchall():
                conn.execute(f'DROP ROLE "{role}"')


def test_a_researcher_is_refused_the_base_tables(clinic):
    with psycopg.connect(clinic["researcher"], autocommit=True) as conn:
        for table in ("patients", "records", "meta", "research_key"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                conn.execute(f"SELECT * FROM {table}")
    with Store(clinic["researcher"]) as store, pytest.raises(StoreError, match="permission denied"):
        store.patients()


def test_a_researcher_reads_de_identified_views(clinic, filled):
    with Store(filled) as store:
        other = store.add_patient("IOP-0043")
        store.save(other, screen(day=DAY + dt.timedelta(days=10)), by="k", when=DAY)
        store.save(other, screen(), by="k", when=DAY + dt.timedelta(days=30))
    with psycopg.connect(clinic["researcher"], autocommit=True) as conn:
        patients = conn.execute("SELECT * FROM research_patients").fetchall()
        columns = [c.name for c in conn.execute("SELECT * FROM research_records LIMIT 0").description]
        rows = conn.execute("SELECT research_id, taken_on, current, kind, version FROM research_records").fetchall()
        again = conn.execute("SELECT research_id FROM research_patients").fetchall()
    text = repr(patients) + repr(rows)
    for identifying in ("IOP-0042", "IOP-0043", "Jo Example", "counsellor.k", "dr.m", "lab corrected"):
        assert identifying not in text
    assert not {"pseudonym", "display_name", "saved_by", "reason", "payload", "patient_id", "id"} & set(columns)
    assert [p[0] for p in patients] == [a[0] for a in again] and len({p[0] for p in patients}) == 2
    second = [r for r in rows if r[0] == patients[1][0]]
    assert second[1][1] - second[0][1] == dt.timedelta(days=30)  # intervals within a patient are kept
    assert second[0][1] != DAY and abs((second[0][1] - DAY).days) <= 182  # shifted, by at most half a year
    assert sorted((r[3], r[4], r[2]) for r in rows if r[0] == patients[0][0]) == [
        ("drug_screen", 1, False),
        ("drug_screen", 2, True),
    ]


def test_a_clinician_adds_and_reads_but_cannot_change_or_remove(clinic):
    with Store(clinic["nosite"]) as store:
        pid = store.add_patient("IOP-0100")
        store.save(pid, screen(), by="k")
        assert {p.pseudonym for p in store.patients()} == {"IOP-0042", "IOP-0100"}
    with psycopg.connect(clinic["nosite"], autocommit=True) as conn:
        for statement in (
            "UPDATE records SET saved_by = 'x'",
            "DELETE FROM records",
            "TRUNCATE records",
            "UPDATE patients SET site = 'north'",
            "DROP TABLE meta",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)


def test_the_server_records_who_really_wrote_each_row_whatever_by_says(clinic, filled):
    with Store(clinic["north"], site="north") as north:
        pid = north.add_patient("IOP-N1")
        north.save(pid, screen(), by="someone.else")
    with psycopg.connect(clinic["north"], autocommit=True) as conn:
        login = conn.execute("SELECT session_user").fetchone()[0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE records SET saved_as = 'x'")
    with raw(filled) as conn:
        assert conn.execute("SELECT saved_by, saved_as FROM records ORDER BY id DESC LIMIT 1").fetchone() == (
            "someone.else",
            login,
        )
        from iopkit.store.chain import next_link
        from iopkit.store.postgres import _Connection

        now = _Connection(conn).clock().isoformat()  # the server's time, the only one it takes (F9)
        values = {"pseudonym": "IOP-X", "display_name": None, "adolescent": 0, "created_at": now, "site": ""}
        row_id, digest = next_link(_Connection(conn), "patients", values)
        conn.execute(
            "INSERT INTO patients (id, hash, pseudonym, display_name, adolescent, created_at, saved_as) "
            "VALUES (%s, %s, 'IOP-X', NULL, 0, %s, 'forged')",
            (row_id, digest, now),
        )
        saved_as = conn.execute("SELECT saved_as FROM patients WHERE id = %s", (row_id,)).fetchone()
        assert saved_as == conn.execute("SELECT session_user").fetchone()


def test_a_director_reads_every_site_and_writes_nothing(clinic):
    with Store(clinic["north"], site="north") as north:
        north.add_patient("IOP-N1")
    with Store(clinic["director"]) as store:
        assert {p.pseudonym for p in store.patients()} == {"IOP-0042", "IOP-N1"}
        assert store.verify().ok
        with pytest.raises(StoreError, match="permission denied"):
            store.add_patient("IOP-D1")


def test_a_clinician_of_one_site_cannot_read_or_write_another_sites_patients(clinic):
    with Store(clinic["north"], site="north") as north:
        mine = north.add_patient("IOP-N1")
        record = north.save(mine, screen(), by="north.k")
    with Store(clinic["south"], site="south") as south:
        theirs = south.add_patient("IOP-S1")
        south.save(theirs, screen(), by="south.k")
        assert [p.pseudonym for p in south.patients()] == ["IOP-S1"]
        with pytest.raises(RecordNotFoundError):
            south.patient(mine)
        with pytest.raises(RecordNotFoundError):
            south.record(record)
        with pytest.raises(RecordNotFoundError):
            south.save(mine, screen(), by="south.k")
    with Store(clinic["south"], site="north") as pretending, pytest.raises(StoreError, match="row-level security"):
        pretending.add_patient("IOP-N2")
    with Store(clinic["director"]) as director:  # writes of both sites interleaved: one whole chain
        report = director.verify()
        assert report.ok and report.patients == 3 and report.records == 4


# --- many writers ------------------------------------------------------------------------------------
def test_two_clinicians_amending_the_same_record_one_wins_the_other_is_told(filled):
    with Store(filled) as a, Store(filled) as b:
        newest = a.current(1)[0].id
        a.save(1, screen("by a"), by="a", amends=newest, reason="a's correction")
        with pytest.raises(StoreError, match=f"already amended by record {newest + 1}; amend {newest + 1} instead"):
            b.save(1, screen("by b"), by="b", amends=newest, reason="b's correction")
        assert b.current(1)[0].item.panel == "by a"


def test_eight_processes_saving_and_racing_to_amend_lose_nothing(pg_url):
    report = run_load(pg_url, processes=8, saves=40, races=8)
    assert report.ok, report.problems
    assert report.refused == 8 * 7
    with Store(pg_url) as store:
        assert store.verify().records == 8 * 40 + 8 + 8
