"""Check or secure a store from the shell.

``python -m iopkit.store verify PATH [--anchor table:id:hash ...]``
    Check the hash chains; exit 0 when the audit trail is whole, 1 when it is broken, 2 when the
    file cannot be checked.  The file is opened read-only.
``python -m iopkit.store fix-permissions PATH``
    Make the database and its ``-wal``/``-shm`` files readable by their owner only (0600).
"""

from __future__ import annotations

import argparse
import sys
import warnings

from ..errors import StoreError
from .database import Store
from .files import fix_permissions

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run the command; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m iopkit.store", description="Check or secure an iopkit store.")
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", help="check that the audit trail was not rewritten")
    verify.add_argument("path")
    verify.add_argument("--anchor", action="append", default=[],
                        help="a head (table:id:hash) printed by an earlier verify; may be repeated")
    fix = commands.add_parser("fix-permissions", help="make the database files private to their owner (0600)")
    fix.add_argument("path")
    arguments = parser.parse_args(argv)
    try:
        if arguments.command == "fix-permissions":
            changed = fix_permissions(arguments.path)
            print("\n".join(f"now 600: {file}" for file in changed) or f"{arguments.path}: already private")
            return 0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Store(arguments.path, read_only=True) as store:
                report = store.verify(tuple(arguments.anchor))
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(report)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
