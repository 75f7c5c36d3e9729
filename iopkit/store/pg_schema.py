"""The store's schema on PostgreSQL: the same versions as on SQLite, PostgreSQL's own guards.

Versions match :data:`iopkit.store.schema.MIGRATIONS` one for one (version 1: the tables,
append-only and amendment guards; 2: the hash chain; 3: the patient's site, and here also the
login role that wrote each row, set by the server; 4: who reported a record; 5: the site in the
chain, and here also the server's clock as the only saving time and the closed set of kinds).  The tables are the
same text on both (:data:`~iopkit.store.schema.TABLES_V1`); what differs is how the guards are
written: PostgreSQL triggers are functions (PostgreSQL documentation, "CREATE TRIGGER" and
"PL/pgSQL: Trigger Functions", https://www.postgresql.org/docs/current/plpgsql-trigger.html),
TRUNCATE has a trigger of its own, and there is no REPLACE (an upsert's UPDATE fires the
update trigger).  The applied versions are rows of ``iopkit_schema``, itself insert-only.

Guards that must see every row whatever the caller may read (the next chain id, the amended
record) are ``SECURITY DEFINER`` functions, so row-level security by site never hides the
row they check against.
"""

from __future__ import annotations

from .chain import hash_sites, seal
from .schema import SITE_COLUMN, SOURCE_COLUMN, TABLES_V1

__all__ = ["DEFINER", "KINDS_V5", "PG_MIGRATIONS", "SAVING_MARGIN", "VERSION_TABLE"]

#: The table whose rows are the applied schema versions (PostgreSQL's ``user_version``).
VERSION_TABLE = """CREATE TABLE IF NOT EXISTS iopkit_schema (
    version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"""

#: Options of every function that checks rows the caller may not be allowed to read.
DEFINER = "SECURITY DEFINER SET search_path FROM CURRENT"

_APPEND_ONLY = """CREATE FUNCTION iopkit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% are append-only: save an amendment instead of changing or deleting',
        CASE TG_TABLE_NAME WHEN 'meta' THEN 'metadata' WHEN 'iopkit_schema' THEN 'schema versions'
             ELSE TG_TABLE_NAME END
        USING ERRCODE = 'integrity_constraint_violation';
END $$"""

_AMENDMENT = f"""CREATE FUNCTION iopkit_amendment_matches() RETURNS trigger LANGUAGE plpgsql {DEFINER} AS $$
BEGIN
    IF NEW.amends IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM records r WHERE r.id = NEW.amends AND r.patient_id = NEW.patient_id
        AND r.kind = NEW.kind AND r.version = NEW.version - 1) THEN
        RAISE EXCEPTION 'an amendment must name a record of the same patient and kind, one version earlier'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$"""

_CHAINED = f"""CREATE FUNCTION iopkit_chained() RETURNS trigger LANGUAGE plpgsql {DEFINER} AS $$
DECLARE expected INTEGER;
BEGIN
    EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I', TG_TABLE_NAME) INTO expected;
    IF NEW.hash IS NULL OR length(NEW.hash) <> 64 OR NEW.id IS DISTINCT FROM expected THEN
        RAISE EXCEPTION '% are chained: an insert names the next id and carries its hash (save through iopkit)',
            TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$"""


_HEAD = f"""CREATE FUNCTION iopkit_chain_head(chain TEXT) RETURNS TABLE (id INTEGER, hash TEXT)
LANGUAGE plpgsql STABLE {DEFINER} AS $$
BEGIN
    IF chain NOT IN ('patients', 'records') THEN RAISE EXCEPTION 'no chain %', chain; END IF;
    RETURN QUERY EXECUTE format('SELECT id, hash FROM %I ORDER BY id DESC LIMIT 1', chain);
END $$"""


_SAVED_AS = """CREATE FUNCTION iopkit_saved_as() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.saved_as := session_user;
    RETURN NEW;
END $$"""


#: How far a saving time may be from the server's clock (the library sends the server's own clock, read under the
#: write lock, so it is always inside; the margin only spares a hand-written insert a round trip).
SAVING_MARGIN = "1 minute"

# A row's saving time (records.saved_at, patients.created_at: the column is the trigger's argument) is the
# server's time: a login role cannot backdate what it saves (security review F9), nor date it before the newest
# row already saved (a newest row dated ahead of the server's clock, saved before this check by a client clock
# ahead of the server's, or within the margin, is compared with only once the clock has passed it: iopkit's own
# saves, which read the clock under the write lock, are never refused).
_SERVER_TIME = f"""CREATE FUNCTION iopkit_server_time() RETURNS trigger LANGUAGE plpgsql {DEFINER} AS $$
DECLARE given TIMESTAMPTZ; newest TIMESTAMPTZ; margin INTERVAL := '{SAVING_MARGIN}';
BEGIN
    BEGIN
        given := (to_jsonb(NEW) ->> TG_ARGV[0])::timestamptz;
    EXCEPTION WHEN others THEN given := NULL;
    END;
    IF given IS NULL OR given < now() - margin OR given > clock_timestamp() + margin THEN
        RAISE EXCEPTION '%.% must be the time of saving by the database server''s clock (now %): got %',
            TG_TABLE_NAME, TG_ARGV[0], clock_timestamp(), to_jsonb(NEW) ->> TG_ARGV[0]
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    EXECUTE format('SELECT %I::timestamptz FROM %I ORDER BY id DESC LIMIT 1', TG_ARGV[0], TG_TABLE_NAME) INTO newest;
    IF newest <= clock_timestamp() AND given < newest THEN
        RAISE EXCEPTION '%.% must not be earlier than that of the newest row saved (%): got %',
            TG_TABLE_NAME, TG_ARGV[0], newest, given USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$"""

#: The kinds a record may have (:data:`iopkit.store.kinds.KINDS` when version 5 was released). Adding a kind
#: to KINDS needs a new migration that replaces the ``records_kind_known`` constraint (tests pin the two equal).
KINDS_V5 = (
    "assessment",
    "recommendation",
    "placement",
    "dose_plan",
    "schedule",
    "attendance",
    "drug_screen",
    "flag_resolution",
    "group",
)


def _no_change(table: str) -> tuple[str, ...]:
    return (
        (
            f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION iopkit_append_only()"
        ),
        (
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION iopkit_append_only()"
        ),
    )


def _sealed(conn) -> None:
    """Seal rows saved before version 2 (an empty database has none) with the guards set aside."""
    for table in ("patients", "records"):
        conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_no_change")
    seal(conn)
    for table in ("patients", "records"):
        conn.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_no_change")


#: ``PG_MIGRATIONS[i]`` upgrades a PostgreSQL store at version i to i + 1, like ``MIGRATIONS[i]``.
PG_MIGRATIONS: tuple[tuple[object, ...], ...] = (
    (
        # SQLite's json_valid, so that the CHECK of the shared table text reads the same.
        """CREATE FUNCTION json_valid(document TEXT) RETURNS BOOLEAN LANGUAGE plpgsql IMMUTABLE AS $$
           BEGIN PERFORM document::json; RETURN TRUE; EXCEPTION WHEN others THEN RETURN FALSE; END $$""",
        *TABLES_V1,
        _APPEND_ONLY,
        _AMENDMENT,
        *(step for table in ("patients", "records", "meta", "iopkit_schema") for step in _no_change(table)),
        (
            "CREATE TRIGGER records_amendment_matches BEFORE INSERT ON records "
            "FOR EACH ROW EXECUTE FUNCTION iopkit_amendment_matches()"
        ),
    ),
    (
        "ALTER TABLE patients ADD COLUMN hash TEXT",
        "ALTER TABLE records ADD COLUMN hash TEXT",
        _sealed,
        _CHAINED,
        _HEAD,
        *(
            f"CREATE TRIGGER {table}_chained BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION iopkit_chained()"
            for table in ("patients", "records")
        ),
    ),
    (
        SITE_COLUMN,
        # Who really wrote each row, as the server knows it (the login role), whatever ``by`` says.
        "ALTER TABLE patients ADD COLUMN saved_as TEXT NOT NULL DEFAULT session_user",
        "ALTER TABLE records ADD COLUMN saved_as TEXT NOT NULL DEFAULT session_user",
        _SAVED_AS,
        *(
            f"CREATE TRIGGER {table}_saved_as BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION iopkit_saved_as()"
            for table in ("patients", "records")
        ),
    ),
    (SOURCE_COLUMN,),
    (
        hash_sites,
        _SERVER_TIME,
        *(
            f"CREATE TRIGGER {table}_server_time BEFORE INSERT ON {table} FOR EACH ROW "
            f"EXECUTE FUNCTION iopkit_server_time('{column}')"
            for table, column in (("patients", "created_at"), ("records", "saved_at"))
        ),
        # NOT VALID: rows already saved are not checked again (they were saved by iopkit, of its kinds).
        "ALTER TABLE records ADD CONSTRAINT records_kind_known CHECK (kind IN ({})) NOT VALID".format(
            ", ".join(f"'{kind}'" for kind in KINDS_V5)
        ),
    ),
)
