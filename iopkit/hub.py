"""What iopkit knows about JupyterHub: who is signed in, and what a hub group may do.

Importable without JupyterHub. Under the hub every single-user server carries the signed-in user's name in
``JUPYTERHUB_USER`` (set by the hub's spawner, not by the user); the dashboards use it as the author of each
record instead of the "your initials" box, and the database holds them to it: :func:`database_login` records
that the user's own login role signs as that name, and a trigger refuses any other
(:mod:`iopkit.store.pg_roles`). The hub's configuration (``deploy/hub/jupyterhub_config.py``) uses
:func:`access_for` to decide, from a user's groups, where the user lands and which database role the user's
server connects with.

>>> access_for(["clinicians"]).role
'clinician'
>>> access_for(["researchers"]).landing
'/lab'
>>> signed_in_user({"JUPYTERHUB_USER": "alice"})
'alice'
>>> signed_in_user({}) is None
True
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .errors import IopkitError

__all__ = [
    "Access",
    "GROUPS",
    "HubAccessError",
    "access_for",
    "database_login",
    "database_role_name",
    "server_environment",
    "signed_in_user",
    "sites_of",
]


class HubAccessError(IopkitError):
    """A hub user whose groups give no single, clear access (no group, or two that disagree)."""


@dataclass(frozen=True)
class Access:
    """What a hub group gives: the database role (``iopkit.store`` roles), the landing page, and whether
    the user's server offers JupyterLab (researchers only; clinicians and directors get the dashboards).

    Parameters
    ----------
    group : str
        The hub group (``"clinicians"``, ``"directors"``, ``"researchers"``).
    role : str
        The iopkit database role the user's server connects as (``"clinician"``, ...).
    landing : str
        The page the user lands on after signing in.
    lab : bool
        Whether the user's server offers JupyterLab.
    """

    group: str
    role: str
    landing: str
    lab: bool


#: Hub group -> access. Clinicians and directors land on the dashboards (Voila, no JupyterLab, terminals or
#: file editing); directors' database role reads every site and the programme reports; researchers get
#: JupyterLab connected as the researcher role (de-identified views only).
GROUPS: dict[str, Access] = {
    "clinicians": Access("clinicians", "clinician", "/voila/render/00_home.ipynb", lab=False),
    "directors": Access("directors", "director", "/voila/render/05_programme.ipynb", lab=False),
    "researchers": Access("researchers", "researcher", "/lab", lab=True),
}

_ROLE_NAME = re.compile(r"[^a-z0-9_]")
_SITE = re.compile(r"^[a-z][a-z0-9_]{0,30}$")


def signed_in_user(environ: Mapping[str, str] | None = None) -> str | None:
    """The hub's signed-in user (``JUPYTERHUB_USER``), or None outside a hub (single-user ``make serve``).

    Parameters
    ----------
    environ : mapping of str to str, optional
        The environment to read; None (the default) reads this process's environment.

    Returns
    -------
    str or None
        The user's hub name (surrounding spaces removed), or None when it is unset or blank.
    """
    name = (os.environ if environ is None else environ).get("JUPYTERHUB_USER", "").strip()
    return name or None


def access_for(groups: Iterable[str]) -> Access:
    """The access a user's hub groups give; exactly one iopkit group is required.

    A user in no iopkit group gets nothing (the admin adds the user to a group); a user in two is refused
    rather than given the wider of the two, so a group change is always a deliberate act of the admin.

    Parameters
    ----------
    groups : iterable of str
        The user's hub groups; groups that are not iopkit's (such as ``site-<name>``) are ignored.

    Returns
    -------
    Access
        The access of the user's one iopkit group (see :data:`GROUPS`).

    Raises
    ------
    HubAccessError
        The user is in no iopkit group, or in more than one.

    Examples
    --------
    >>> access_for(["clinicians", "staff"]).group
    'clinicians'
    >>> access_for(["clinicians", "researchers"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    iopkit.hub.HubAccessError: a hub user must be in exactly one of ...; found clinicians, researchers
    """
    found = sorted(set(groups) & set(GROUPS))
    if len(found) != 1:
        raise HubAccessError(
            f"a hub user must be in exactly one of {', '.join(GROUPS)}; found {', '.join(found) or 'none'}"
        )
    return GROUPS[found[0]]


def sites_of(groups: Iterable[str]) -> tuple[str, ...]:
    """The sites a user works at, from their hub groups named ``site-<name>`` (sorted).

    Parameters
    ----------
    groups : iterable of str
        The user's hub groups.

    Returns
    -------
    tuple of str
        The ``<name>`` of each ``site-<name>`` group, sorted; empty when the user has none.

    Examples
    --------
    >>> sites_of(["clinicians", "site-north", "site-south"])
    ('north', 'south')
    """
    return tuple(sorted(group[len("site-") :] for group in groups if group.startswith("site-")))


def server_environment(
    user: str, groups: Iterable[str], admin_url: str | None = None, prefix: str = "iopkit"
) -> tuple[Access, dict[str, str]]:
    """What the hub's spawner gives a user's server: the access of the user's groups and its environment.

    The environment names the group and database role (``IOPKIT_HUB_GROUP``, ``IOPKIT_ROLE``), the user's sites
    (``IOPKIT_SITES``; with exactly one, ``IOPKIT_SITE``, where new patients go) and, given the clinic's
    database as its admin (``admin_url``), the user's own login (:func:`database_login`). One rule for the
    clinic's hub (``deploy/hub/jupyterhub_config.py``) and Zero to JupyterHub (``deploy/z2jh/values.yaml``).

    Parameters
    ----------
    user : str
        The hub user's name.
    groups : iterable of str
        The user's hub groups (one iopkit group, any ``site-<name>`` groups).
    admin_url : str, optional
        The clinic's database URL as its admin role; given, the user gets a login role of their own
        (:func:`database_login`); None (the default) adds no database login.
    prefix : str, default "iopkit"
        The prefix of the iopkit roles in that database.

    Returns
    -------
    tuple of (Access, dict of str to str)
        The access of the user's groups, and the environment variables of the user's server.

    Raises
    ------
    HubAccessError
        The user is in no iopkit group or in more than one (:func:`access_for`); with ``admin_url``, a site
        name that cannot be a role or a database without ``setup-roles`` (:func:`database_login`).

    Examples
    --------
    >>> access, environment = server_environment("anna", ["clinicians", "site-north"])
    >>> access.landing, environment["IOPKIT_ROLE"], environment["IOPKIT_SITE"], environment["IOPKIT_SITES"]
    ('/voila/render/00_home.ipynb', 'clinician', 'north', 'north')
    >>> "IOPKIT_SITE" in server_environment("dora", ["clinicians", "site-north", "site-south"])[1]
    False
    """
    groups = list(groups)
    access = access_for(groups)
    sites = sites_of(groups)
    environment = {"IOPKIT_HUB_GROUP": access.group, "IOPKIT_ROLE": access.role, "IOPKIT_SITES": ",".join(sites)}
    if len(sites) == 1:
        environment["IOPKIT_SITE"] = sites[0]
    if admin_url:
        environment |= database_login(admin_url, user, access.role, prefix, sites)
    return access, environment


def database_role_name(user: str, prefix: str = "iopkit") -> str:
    """The PostgreSQL login role of a hub user: ``<prefix>_u_<name>`` in ``[a-z0-9_]``, one role per user.

    A name that had to be changed to fit gets a short hash of the original, so two users never share a role
    (``alice.smith`` and ``alice_smith`` stay apart).

    Parameters
    ----------
    user : str
        The hub user's name.
    prefix : str, default "iopkit"
        The prefix of the iopkit roles.

    Returns
    -------
    str
        The role name, at most 63 characters (PostgreSQL's limit).

    Examples
    --------
    >>> database_role_name("alice")
    'iopkit_u_alice'
    >>> database_role_name("Alice.Smith") != database_role_name("alice_smith")
    True
    """
    safe = _ROLE_NAME.sub("_", user.lower())
    if safe != user:
        safe = f"{safe[:40]}_{hashlib.sha256(user.encode()).hexdigest()[:8]}"
    return f"{prefix}_u_{safe}"[:63]


def database_login(
    admin_url: str, user: str, role: str, prefix: str = "iopkit", sites: Iterable[str] = ()
) -> dict[str, str]:
    """Give a hub user a PostgreSQL login role of their own; return the environment of the user's server.

    Run by the hub (as the database's admin role) before each start of the user's server: the login role
    :func:`database_role_name` is created or given a fresh random password, made a member of ``<prefix>_<role>``
    (and of ``<prefix>_site_<site>`` for each site) and of no other iopkit group role. The returned ``IOPKIT_DB``
    names that login role, ``PGPASSWORD`` carries the password (in the server's environment only, never on
    disk). So the database, not the page, decides what the user may read and write, and ``saved_as`` records
    the user. The login role is also entered in ``iopkit_authors`` as signing with the hub name ``user``:
    the database then refuses any record of that login signed by someone else. A site's role is created when
    it does not exist yet (a new site is a new hub group ``site-<name>``). Needs the roles and tables of
    ``python -m iopkit.store setup-roles`` (same ``prefix``, run again after an upgrade) and psycopg.

    Parameters
    ----------
    admin_url : str
        The clinic's database URL, connecting as its admin role.
    user : str
        The hub user's name (the author the database holds the login to).
    role : str
        The iopkit role the user's group gives (``"clinician"``, ``"director"``, ``"researcher"``).
    prefix : str, default "iopkit"
        The prefix of the iopkit roles in that database.
    sites : iterable of str, default ()
        The user's sites (from ``site-<name>`` groups); the login joins each site's role.

    Returns
    -------
    dict of str to str
        The server's environment: ``IOPKIT_DB`` (the URL of the user's login role, without password) and
        ``PGPASSWORD``.

    Raises
    ------
    HubAccessError
        A site name that cannot be a role (lower-case letters, digits and ``_``), or a database without
        ``setup-roles``.
    """
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict

    login = database_role_name(user, prefix)
    password = secrets.token_urlsafe(24)
    sites = tuple(sites)
    for site in sites:
        if not _SITE.match(site):
            raise HubAccessError(
                f"hub group site-{site}: a site is named with lower-case letters, digits and _",
                item="site",
                value=site,
                allowed=_SITE.pattern,
            )
    site_roles = {f"{prefix}_site_{site}" for site in sites}
    wanted = {f"{prefix}_{role}", *site_roles}
    with psycopg.connect(admin_url, autocommit=True) as db:
        for site_role in sorted(site_roles):
            if db.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (site_role,)).fetchone() is None:
                db.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(site_role)))
        exists = db.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone()
        verb = "ALTER" if exists else "CREATE"
        db.execute(sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(login), sql.Literal(password)))
        held = db.execute(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = %s AND g.rolname LIKE %s",
            (login, f"{prefix}\\_%"),
        ).fetchall()
        for (group,) in held:
            if group not in wanted:
                db.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), sql.Identifier(login)))
        for group in sorted(wanted):
            db.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(login)))
        try:
            db.execute(
                "INSERT INTO iopkit_authors (login, author) VALUES (%s, %s) "
                "ON CONFLICT (login) DO UPDATE SET author = excluded.author",
                (login, user),
            )
        except psycopg.errors.UndefinedTable as error:
            raise HubAccessError(
                "the clinic's database has no iopkit_authors table: run "
                "`python -m iopkit.store setup-roles` (this iopkit's) on it first"
            ) from error
    parts = conninfo_to_dict(admin_url)
    host, port, dbname = parts.get("host", "127.0.0.1"), parts.get("port", "5432"), parts.get("dbname", "")
    options = "&".join(
        f"{key}={value}" for key, value in parts.items() if key not in ("host", "port", "dbname", "user", "password")
    )
    url = f"postgresql://{login}@{host}:{port}/{dbname}" + (f"?{options}" if options else "")
    return {"IOPKIT_DB": url, "PGPASSWORD": password}
