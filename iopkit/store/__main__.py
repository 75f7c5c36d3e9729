"""Check or secure a store from the shell.

``python -m iopkit.store verify PATH [--anchor table:id:hash ...]``
    Check the hash chains and the check-in book beside the store, as ``iopkit verify`` does (both print
    :func:`iopkit.audit.verify_store_and_book`); exit 0 when the audit trail is whole, 1 when it is broken, 2 when
    the file cannot be checked.  The store is opened read-only.
``python -m iopkit.store fix-permissions PATH``
    Make the database and its ``-wal``/``-shm`` files readable by their owner only (0600).
``python -m iopkit.store migrate URL``
    Create or upgrade the schema (as the database owner or the admin role); print its version.
``python -m iopkit.store setup-roles URL [--prefix iopkit] [--site NAME ...]``
    On PostgreSQL: create the clinician, director, researcher and admin roles, their grants, the
    research views and site scoping (see :mod:`iopkit.store.pg_roles`).
``python -m iopkit.store load URL [--processes 8] [--saves 500]``
    Check a scratch store under many concurrent writers (see :mod:`iopkit.store.load`).

PATH may be a file, ``sqlite:///file`` or a ``postgresql://`` URL wherever a store is opened.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import StoreError
from .database import Store
from .files import fix_permissions

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run the command; return the exit status.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after ``python -m iopkit.store`` (``["verify", "clinic.sqlite"]``); ``sys.argv[1:]`` by
        default.

    Returns
    -------
    int
        0 when the command succeeded (for ``verify`` and ``load``: the check passed), 1 when ``verify`` found the
        audit trail broken or ``load`` found a problem, 2 when the store cannot be opened or checked
        (a :class:`~iopkit.errors.StoreError`, printed on stderr) or roles are asked of a SQLite file.
        Bad usage exits through argparse with status 2.
    """
    parser = argparse.ArgumentParser(prog="python -m iopkit.store", description="Check or secure an iopkit store.")
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser(
        "verify", help="check that the audit trail (the store and its check-in book) was not rewritten"
    )
    verify.add_argument("path")
    verify.add_argument(
        "--anchor",
        action="append",
        default=[],
        help="a head (table:id:hash) printed by an earlier verify; may be repeated",
    )
    fix = commands.add_parser("fix-permissions", help="make the database files private to their owner (0600)")
    fix.add_argument("path")
    migrate = commands.add_parser("migrate", help="create or upgrade the schema")
    migrate.add_argument("path")
    roles = commands.add_parser("setup-roles", help="PostgreSQL: roles, grants, research views, site scoping")
    roles.add_argument("path")
    roles.add_argument("--prefix", default="iopkit")
    roles.add_argument("--site", action="append", default=[])
    load = commands.add_parser("load", help="check a scratch store under concurrent writers")
    load.add_argument("path")
    load.add_argument("--processes", type=int, default=8)
    load.add_argument("--saves", type=int, default=500)
    arguments = parser.parse_args(argv)
    try:
        if arguments.command in ("migrate", "setup-roles", "load"):
            return _admin(arguments)
        if arguments.command == "fix-permissions":
            changed = fix_permissions(arguments.path)
            print("\n".join(f"now 600: {file}" for file in changed) or f"{arguments.path}: already private")
            return 0
        from ..audit import verify_store_and_book

        report = verify_store_and_book(arguments.path, tuple(arguments.anchor))
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(report)
    return 0 if report.ok else 1


def _admin(arguments) -> int:
    if arguments.command == "load":
        from .load import run_load

        report = run_load(arguments.path, arguments.processes, arguments.saves)
        print(report)
        return 0 if report.ok else 1
    with Store(arguments.path) as store:
        if arguments.command == "migrate":
            print(f"{store.path}: schema version {store.schema_version}")
            return 0
        if not hasattr(store, "setup_roles"):
            print(
                "error: roles are a PostgreSQL feature; a SQLite file is protected by its file permissions",
                file=sys.stderr,
            )
            return 2
        roles = store.setup_roles(arguments.prefix, tuple(arguments.site))
    print("\n".join(f"{what}: {role}" for what, role in roles.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
