"""Who may read and write what, enforced by PostgreSQL itself (not by the dashboards).

:func:`setup_roles` (``Store(url).setup_roles()`` or ``python -m iopkit.store setup-roles URL``)
creates four group roles (``NOLOGIN``; people log in as their own roles, made members of one):

``{prefix}_clinician``
    Reads and adds patients, records and metadata of its sites; no UPDATE, DELETE or TRUNCATE
    grant (the triggers refuse them as well).
``{prefix}_director``
    Reads everything, every site, and the research views; writes nothing.
``{prefix}_researcher``
    Reads the de-identified views ``research_patients`` and ``research_records`` only; the base
    tables answer "permission denied".
``{prefix}_admin``
    Owns the tables: runs migrations and these grants, manages users.

Authors: ``iopkit_authors`` maps a person's login role to the name their records are signed with
(JupyterHub's spawner writes it, :func:`iopkit.hub.database_login`); a trigger refuses a record whose
``saved_by`` is not that name when the session's login role (``session_user``, which ``SET ROLE``
does not change) is in the table.  So under the hub nobody can sign a record as someone else, even
with SQL typed by hand; roles not in the table (a shared login of a clinic without the hub) sign
with what they say, and ``saved_as`` keeps their login role.

Site scoping is row-level security on ``patients.site`` (PostgreSQL documentation, "Row
Security Policies", https://www.postgresql.org/docs/current/ddl-rowsecurity.html): a clinician
sees and adds the patients of the sites whose role ``{prefix}_site_{site}`` it is a member of
(and, when it is in no site role, the patients of the one-site store, site ``''``), and only
the records of patients it can see.  One database with row-level security (rather than one
schema per site) keeps one hash chain, one migration path and programme-wide reports for
directors, and a new site is one role, not a new schema.

The research views replace the pseudonym by a stable research id (a SHA-256 of the patient id
and a random key that only the table owner can read), shift every date of a patient by the same
number of days (1 to 182 days earlier or later, drawn from that hash), keep the date only (no time of day), and
leave out display names, who saved, reasons and every free-text field (they expose scores,
bands, levels and hours, not stored documents).  Shifting dates per patient keeps intervals
within a patient exact (El Emam & Arbuckle 2013, "Anonymizing Health Data", O'Reilly, ch. 6;
HIPAA de-identification guidance, https://www.hhs.gov/hipaa/for-professionals/privacy/
special-topics/de-identification/index.html).
"""

from __future__ import annotations

import re

from ..errors import StoreError
from .pg_schema import DEFINER

__all__ = ["AUTHORS", "ROLES", "setup_roles"]

ROLES = ("admin", "clinician", "director", "researcher")

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,30}$")

#: A patient's research id and date shift, from the secret key (``k``) and the patient id (``{id}``).
_RESEARCH_ID = "'R' || left(encode(sha256(convert_to(k.key || ':' || {id}, 'UTF8')), 'hex'), 12)"
_HASH = "('x' || left(encode(sha256(convert_to(k.key || ':shift:' || {id}, 'UTF8')), 'hex'), 8))::bit(32)::bigint"
#: Never 0: 1 to 182 days earlier or later.
_SHIFT = f"((CASE WHEN {_HASH} % 2 = 0 THEN 1 ELSE -1 END) * (1 + ({_HASH} / 2) % 182))::int"

_VIEWS = (
    f"""CREATE OR REPLACE VIEW research_patients AS
        SELECT {_RESEARCH_ID.format(id="p.id")} AS research_id, p.site, p.adolescent = 1 AS adolescent,
               left(p.created_at, 10)::date + {_SHIFT.format(id="p.id")} AS enrolled_on
        FROM patients p CROSS JOIN research_key k""",
    f"""CREATE OR REPLACE VIEW research_records AS
        SELECT {_RESEARCH_ID.format(id="r.patient_id")} AS research_id, p.site, r.kind, r.version,
               NOT EXISTS (SELECT 1 FROM records n WHERE n.amends = r.id) AS current,
               left(r.taken_at, 10)::date + {_SHIFT.format(id="r.patient_id")} AS taken_on,
               d.doc ->> 'instrument' AS instrument,
               CASE WHEN jsonb_typeof(d.doc -> 'total') = 'number' THEN (d.doc ->> 'total')::numeric END AS total,
               d.doc ->> 'band' AS band,
               CASE WHEN jsonb_typeof(d.doc -> 'level') = 'string' THEN d.doc ->> 'level' END AS level,
               CASE WHEN jsonb_typeof(d.doc -> 'hours_per_week') = 'number'
                    THEN (d.doc ->> 'hours_per_week')::numeric END AS hours_per_week,
               CASE WHEN jsonb_typeof(d.doc -> 'weeks') = 'number' THEN (d.doc ->> 'weeks')::numeric END AS weeks,
               CASE WHEN jsonb_typeof(d.doc -> 'total_hours') = 'number'
                    THEN (d.doc ->> 'total_hours')::numeric END AS total_hours,
               CASE WHEN r.kind = 'drug_screen' THEN d.doc -> 'positive' END AS positive_for
        FROM records r JOIN patients p ON p.id = r.patient_id CROSS JOIN research_key k
             CROSS JOIN LATERAL (SELECT r.payload::jsonb AS doc) d""",
)


#: The table of signed-in authors: a login role and the only name its records may be signed with.
AUTHORS = "iopkit_authors"

_AUTHORS_TABLE = f"""CREATE TABLE IF NOT EXISTS {AUTHORS} (
    login TEXT PRIMARY KEY, author TEXT NOT NULL CHECK (length(trim(author)) > 0))"""

_SIGNED = f"""CREATE OR REPLACE FUNCTION iopkit_signed_by_login() RETURNS trigger LANGUAGE plpgsql {DEFINER} AS $$
DECLARE signed TEXT;
BEGIN
    SELECT a.author INTO signed FROM {AUTHORS} a WHERE a.login = session_user;
    IF signed IS NOT NULL AND NEW.saved_by IS DISTINCT FROM signed THEN
        RAISE EXCEPTION 'login % signs its records as %, not as %: nobody saves as someone else',
            session_user, signed, NEW.saved_by USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$"""


def _role(prefix: str, name: str) -> str:
    return f"{prefix}_{name}"


def setup_roles(raw, prefix: str = "iopkit", sites: tuple[str, ...] = ()) -> dict[str, str]:
    """Create (or refresh) roles, grants, row-level security and research views in one transaction.

    Parameters
    ----------
    raw : psycopg.Connection
        A connection of the database owner or a superuser, inside a transaction.
    prefix : str, default "iopkit"
        Role names start with it (roles are shared by every database of the server).
    sites : tuple of str
        Sites to create a ``{prefix}_site_{site}`` role for (lower-case letters, digits, ``_``).

    Returns
    -------
    dict of str to str
        What each role is for -> its name: ``{"clinician": "iopkit_clinician", ..., "site:a": "iopkit_site_a"}``.

    Raises
    ------
    StoreError
        A prefix or site name that is not lower-case letters, digits and ``_`` (starting with a letter, at most
        31 characters), before anything is changed. Errors of the server (e.g. a connection that may not
        create roles) are psycopg's own.

    Notes
    -----
    Login roles are then members of one group role and of their sites, e.g.
    ``CREATE ROLE alice LOGIN PASSWORD '...' IN ROLE iopkit_clinician, iopkit_site_north``.
    """
    from psycopg import sql

    for name in (prefix, *sites):
        if not isinstance(name, str) or not _NAME.match(name):
            raise StoreError(
                f"role prefix and site names are lower-case letters, digits and _ (got {name!r})",
                item="site",
                value=name,
                allowed="^[a-z][a-z0-9_]{0,30}$",
            )
    roles = {name: _role(prefix, name) for name in ROLES}
    roles |= {f"site:{site}": _role(prefix, f"site_{site}") for site in sites}
    ident = {key: sql.Identifier(value) for key, value in roles.items()}

    for role in roles.values():
        if raw.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is None:
            raw.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
    schema = raw.execute("SELECT current_schema()").fetchone()[0]
    raw.execute("CREATE TABLE IF NOT EXISTS research_key (key TEXT NOT NULL)")
    raw.execute("""DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM research_key) THEN
                   INSERT INTO research_key VALUES (gen_random_uuid()::text || gen_random_uuid()::text);
                   END IF; END $$""")
    raw.execute("""DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'research_key_no_change') THEN
                   CREATE TRIGGER research_key_no_change BEFORE UPDATE OR DELETE ON research_key
                   FOR EACH ROW EXECUTE FUNCTION iopkit_append_only(); END IF; END $$""")
    for view in _VIEWS:
        raw.execute(view)
    raw.execute(_AUTHORS_TABLE)
    raw.execute(_SIGNED)
    raw.execute("DROP TRIGGER IF EXISTS records_signed_by_login ON records")
    raw.execute(
        "CREATE TRIGGER records_signed_by_login BEFORE INSERT ON records "
        "FOR EACH ROW EXECUTE FUNCTION iopkit_signed_by_login()"
    )
    tables = sql.SQL(
        "patients, records, meta, iopkit_schema, research_key, research_patients, research_records, " + AUTHORS
    )
    readers = sql.SQL("{}, {}, {}").format(ident["clinician"], ident["director"], ident["researcher"])
    raw.execute(sql.SQL("REVOKE ALL ON {} FROM PUBLIC").format(tables))
    raw.execute(sql.SQL("REVOKE ALL ON {} FROM {}").format(tables, readers))
    raw.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(schema), readers))
    raw.execute(sql.SQL("GRANT USAGE, CREATE ON SCHEMA {} TO {}").format(sql.Identifier(schema), ident["admin"]))
    raw.execute(sql.SQL("GRANT SELECT ON iopkit_schema TO {}").format(readers))
    raw.execute(sql.SQL("GRANT SELECT, INSERT ON patients, records, meta TO {}").format(ident["clinician"]))
    raw.execute(
        sql.SQL("GRANT SELECT ON patients, records, meta, research_patients, research_records TO {}").format(
            ident["director"]
        )
    )
    raw.execute(sql.SQL("GRANT SELECT ON research_patients, research_records TO {}").format(ident["researcher"]))
    for table in (
        "patients",
        "records",
        "meta",
        "iopkit_schema",
        "research_key",
        "research_patients",
        "research_records",
        AUTHORS,
    ):
        raw.execute(sql.SQL("ALTER TABLE {} OWNER TO {}").format(sql.Identifier(table), ident["admin"]))
    for function in (
        "json_valid(text)",
        "iopkit_append_only()",
        "iopkit_amendment_matches()",
        "iopkit_chained()",
        "iopkit_chain_head(text)",
        "iopkit_saved_as()",
        "iopkit_server_time()",
        "iopkit_signed_by_login()",
    ):
        raw.execute(sql.SQL("ALTER FUNCTION {} OWNER TO {}").format(sql.SQL(function), ident["admin"]))
    # Row-level security by site: clinicians see their sites' patients and those patients' records.
    raw.execute(
        sql.SQL("""CREATE OR REPLACE FUNCTION iopkit_sites(prefix TEXT) RETURNS TEXT[] LANGUAGE sql STABLE
        AS $$ SELECT coalesce(array_agg(substr(rolname, length(prefix) + 7)), '{}'::text[]) FROM pg_roles
              WHERE starts_with(rolname, prefix || '_site_') AND pg_has_role(current_user, oid, 'MEMBER') $$""")
    )
    visible = sql.SQL("(site = ANY (iopkit_sites({p})) OR (site = '' AND cardinality(iopkit_sites({p})) = 0))").format(
        p=sql.Literal(prefix)
    )
    for table in ("patients", "records"):
        raw.execute(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(sql.Identifier(table)))
        for policy in ("clinician_sites", "director_reads"):
            raw.execute(sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(sql.Identifier(policy), sql.Identifier(table)))
        raw.execute(
            sql.SQL("CREATE POLICY director_reads ON {} FOR SELECT TO {} USING (true)").format(
                sql.Identifier(table), ident["director"]
            )
        )
    raw.execute(
        sql.SQL("CREATE POLICY clinician_sites ON patients TO {} USING {v} WITH CHECK {v}").format(
            ident["clinician"], v=visible
        )
    )
    raw.execute(
        sql.SQL("""CREATE POLICY clinician_sites ON records TO {} USING (EXISTS (SELECT 1 FROM patients p
        WHERE p.id = records.patient_id))
        WITH CHECK (EXISTS (SELECT 1 FROM patients p WHERE p.id = records.patient_id))""").format(ident["clinician"])
    )
    return roles
