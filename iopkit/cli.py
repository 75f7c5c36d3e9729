"""The ``iopkit`` command: serve the dashboards, build the demo, score a file, move records in and out.

``iopkit --help`` lists the subcommands; ``iopkit SUBCOMMAND --help`` explains one with examples.
Exit codes: 0 done (every row scored or imported, the audit trail whole), 1 done but some rows were
refused (or the audit trail is broken), 2 bad usage or input that could not be read at all.

Long work shows one progress line on stderr, only when stderr is a terminal and ``--quiet`` is not given.
This module imports only the standard library at start; each subcommand imports what it needs.

>>> build_parser().parse_args(["score", "in.csv", "--instrument", "phq9", "-o", "out.csv"]).instrument
'phq9'
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from ._cli_base import (
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    Progress,
    UsageError,
    _existing_file,
    _progress,
    _say,
)

__all__ = ["DASHBOARDS", "EXIT_OK", "EXIT_REFUSED", "EXIT_USAGE", "Progress", "build_parser", "main"]

#: The clinician dashboards shipped in the package.
DASHBOARDS = Path(__file__).resolve().parent / "dashboards"
DEFAULT_PORT = 8866
#: ``iopkit import``'s default size limit in MiB, as said in its help (iopkit.interop.limits.MAX_IMPORT_BYTES).
_IMPORT_MIB = 64


def _demo_path() -> Path:
    """``$IOPKIT_DEMO_DB``, else ``iopkit-demo.sqlite`` beside the per-user default store (never beside $IOPKIT_DB)."""
    from .store import default_path

    if os.environ.get("IOPKIT_DEMO_DB"):
        return Path(os.environ["IOPKIT_DEMO_DB"]).expanduser()
    clinic = os.environ.pop("IOPKIT_DB", None)
    try:
        return default_path().with_name("iopkit-demo.sqlite")
    finally:
        if clinic is not None:
            os.environ["IOPKIT_DB"] = clinic


# --- serve, demo ----------------------------------------------------------------------------------


def cmd_serve(arguments) -> int:
    from importlib.util import find_spec

    from .store import Store

    missing = [name for name in ("voila", "ipywidgets", "ipykernel") if find_spec(name) is None]
    if missing:
        raise UsageError(f"serving the dashboards needs {', '.join(missing)}: pip install 'iopkit[dashboards]'")
    from . import serving  # needs Voila's own dependencies (jinja2)

    folder = Path(arguments.dashboards).expanduser() if arguments.dashboards else DASHBOARDS
    if not folder.is_dir():
        raise UsageError(f"dashboards folder {str(folder)!r} does not exist")
    db = arguments.db or os.environ.get("IOPKIT_DB")
    if db:
        path = Path(db).expanduser().resolve()
        if not path.exists():
            _say(arguments, f"iopkit serve: {path} does not exist yet; a new, empty store is created there")
        with Store(path):  # refuses a file that is not an iopkit store, and migrates an older one, before serving
            pass
        os.environ["IOPKIT_DB"] = str(path)
        _say(arguments, f"iopkit serve: the dashboards open the store {path}")
    else:
        from .demo import build_demo_db, demo_outdated

        if outdated := demo_outdated(_demo_path()):  # its patients' plans ended: said, never rebuilt under a reader
            _say(arguments, f"iopkit serve: {outdated}")
        with _progress(arguments, "building the demo database"):
            demo = build_demo_db(_demo_path()).resolve()
        os.environ.pop("IOPKIT_DB", None)
        os.environ["IOPKIT_DEMO_DB"] = str(demo)
        _say(
            arguments,
            f"iopkit serve: DEMO database of fictional patients ({demo}); "
            "give --db PATH (or set IOPKIT_DB) to open your clinic's records",
        )
    from .checkin import CheckinBook, book_path

    if book_path().is_file():  # a check-in book the server would refuse (no chain of states, loose) refuses the start
        CheckinBook(book_path()).close()
    _say(
        arguments,
        "iopkit serve: open the link printed below (it carries the access token; it opens the caseload); Ctrl-C stops"
        if not os.environ.get(serving.ENV_TOKEN, "").strip()
        else f"iopkit serve: open the address printed below with ?token= and the token of {serving.ENV_TOKEN} "
        "(not printed); Ctrl-C stops",
    )
    serving.main([str(folder), f"--port={arguments.port}", *arguments.voila_options])
    return EXIT_OK


def cmd_demo(arguments) -> int:
    from .demo import DEMO_SEED, build_demo_db, demo_outdated

    path = Path(arguments.path).expanduser() if arguments.path else _demo_path()
    existed = path.exists()
    if outdated := demo_outdated(path):  # its clinic patients' plans ended before today: said, left as it is
        _say(arguments, f"iopkit demo: {outdated}")
    with _progress(arguments, "building the demo database"):
        built = build_demo_db(path, seed=DEMO_SEED if arguments.seed is None else arguments.seed)
    _say(
        arguments,
        "iopkit demo: already there, left as it is (delete the file to rebuild)"
        if existed
        else "iopkit demo: built (synthetic, clearly fictional patients)",
    )
    print(built)
    return EXIT_OK


# --- verify, migrate ------------------------------------------------------------------------------


def cmd_verify(arguments) -> int:
    """The store's chains, then the check-in book beside it (its safety reviews and answers, security review F2), as
    ``python -m iopkit.store verify`` checks them: :func:`iopkit.audit.verify_store_and_book`."""
    from .audit import verify_store_and_book
    from .errors import StoreError
    from .store.schema import is_postgres

    if not is_postgres(arguments.db):  # a PostgreSQL URL is checked by connecting
        _existing_file(arguments.db, "store")
    try:
        report = verify_store_and_book(arguments.db, tuple(arguments.anchor))
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(report)
    return 0 if report.ok else 1


def cmd_chain(arguments) -> int:
    """Chain a check-in book that holds check-ins but no chain of states, once an operator has checked it
    (:func:`iopkit.checkin.chain_book`); print the new head, the anchor to keep."""
    import datetime as dt

    from .checkin import chain_book

    path = _existing_file(arguments.book, "check-in book")
    done = chain_book(path)
    if not done.chained:
        print(f"{done.path}: {done.checkins} check-ins, already chained; nothing was changed")
    else:
        when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        print(f"{done.path}: {done.checkins} check-ins chained as they stand now, by {arguments.by} at {when}")
        # The store's audit trail holds patients' records only (every record names a patient): no record fits a
        # book-wide event, so it is said here for the operator to keep, not written there.
        print(
            "  not written to the store's audit trail (it keeps patients' records only): keep this output with the "
            "head below"
        )
    if done.head:
        print(f"  head (keep it elsewhere, pass it back as an anchor): {done.head}")
    return EXIT_OK


def cmd_migrate(arguments) -> int:
    import sqlite3
    from contextlib import closing

    from .store import APPLICATION_ID, MIGRATIONS, Store

    path = _existing_file(arguments.db, "store")
    try:
        with closing(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)) as conn:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            before = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error as error:
        raise UsageError(f"{path} is not a readable SQLite database: {error}") from None
    if app_id not in (0, APPLICATION_ID):
        raise UsageError(f"{path} is not an iopkit store (another application's database); it was not changed")
    with Store(path) as store:  # opening migrates (or refuses a newer file, unchanged)
        after = store.schema_version
    print(
        f"{path}: schema version {before} -> {after}"
        + (" (migrated)" if after != before else " (already current)")
        + f"; this iopkit writes version {len(MIGRATIONS)}"
    )
    return EXIT_OK


# --- the parser ------------------------------------------------------------------------------------

_FORMATTER = argparse.RawDescriptionHelpFormatter
_MAIN_EPILOG = """\
examples:
  iopkit serve                              the dashboards on the demo database, http://127.0.0.1:8866
  iopkit serve --db ~/clinic.sqlite         the dashboards on your clinic's records
  iopkit score cohort.csv --instrument phq9 -o scored.csv
  iopkit import responses.ndjson --db ~/clinic.sqlite
  iopkit export --db ~/clinic.sqlite --instrument phq9 -o phq9.csv
  iopkit verify --db ~/clinic.sqlite
  iopkit chain ~/clinic.checkins.sqlite

exit codes: 0 done; 1 some rows refused (or a broken audit trail); 2 bad usage or unreadable input.
iopkit supports clinical decisions; it never makes a diagnosis."""

#: name -> (one-line purpose, description, examples epilog)
_COMMANDS = {
    "serve": (
        "serve the clinician dashboards to this computer's browser",
        (
            "Serve the dashboards with Voila behind iopkit's guards: 127.0.0.1 only, an access token in the\n"
            "printed link, at most IOPKIT_MAX_KERNELS dashboards at once, no tracebacks in the browser, idle\n"
            "dashboards closed (the settings ship with iopkit and apply wherever it starts). Without --db\n"
            "(or IOPKIT_DB) the demo database of fictional patients is served. Extra --Class.option=value\n"
            "settings are passed to Voila."
        ),
        (
            "  iopkit serve\n  iopkit serve --db ~/clinic.sqlite --port 8900\n"
            "  IOPKIT_TOKEN=... iopkit serve --db ~/clinic.sqlite    (a fixed token)"
        ),
    ),
    "demo": (
        "build the demo database of fictional patients",
        (
            "Build the synthetic demo database (five clearly fictional clinic patients and a synthetic\n"
            "programme of 240 over a year) at PATH, or at IOPKIT_DEMO_DB / the per-user data folder; an\n"
            "existing demo is left as it is (delete it to rebuild). Prints the path."
        ),
        "  iopkit demo\n  iopkit demo /tmp/demo.sqlite --seed 7",
    ),
    "score": (
        "score a cohort file (CSV or Parquet) with one instrument",
        (
            "Score every row of FILE (item columns item1..itemN) and write the input columns plus total,\n"
            "band, one flag_<code> column per safety flag and an error column saying why a row was not\n"
            "scored. Prints a summary and every safety flag raised. Exit 1 when some rows were refused."
        ),
        (
            "  iopkit score cohort.csv --instrument phq9 -o scored.csv\n"
            "  iopkit score audit.csv --instrument audit_c --set sex=female -o scored.parquet\n"
            "  iopkit score cohort.csv --instrument audit_c --sex-column sex -o scored.csv"
        ),
    ),
    "import": (
        "import FHIR QuestionnaireResponses or a cohort CSV into a store",
        (
            "Read, check and re-score FILE (.csv: a cohort CSV with a patient column; .json/.ndjson: FHIR\n"
            "QuestionnaireResponses or Bundles, whose subject is Patient/<pseudonym>) and save every row\n"
            "that passes. Patients must already be in the store. Critical flags of refused rows are\n"
            f"printed first. Exit 1 when some rows were refused. A file over {_IMPORT_MIB} MiB (--max-mib,\n"
            "IOPKIT_MAX_IMPORT_MIB) is refused before it is read (exit 2)."
        ),
        (
            "  iopkit import cohort.csv --db ~/clinic.sqlite --instrument phq9 --by dr.lee\n"
            "  iopkit import responses.ndjson --db ~/clinic.sqlite"
        ),
    ),
    "export": (
        "export the current assessments of a store as FHIR or CSV",
        (
            "Write the newest version of every assessment (.csv: one instrument, pseudonyms only;\n"
            ".ndjson: one FHIR Bundle per line; .json: a JSON array of FHIR Bundles)."
        ),
        (
            "  iopkit export --db ~/clinic.sqlite --instrument phq9 -o phq9.csv\n"
            "  iopkit export --db ~/clinic.sqlite -o assessments.ndjson"
        ),
    ),
    "verify": (
        "check that a store's audit trail was not rewritten",
        (
            "Check the hash chains of patients and records and the check-in book beside the store (read-only).\n"
            "Exit 0 when whole, 1 when broken. Keep the printed heads elsewhere and pass them back with --anchor."
        ),
        (
            "  iopkit verify --db ~/clinic.sqlite\n"
            "  iopkit verify --db ~/clinic.sqlite --anchor records:812:9f2c...   (a head printed earlier)"
        ),
    ),
    "chain": (
        "chain a check-in book that has no chain of states, once checked",
        (
            "Pages and the check-in server refuse a check-in book that holds check-ins but no chain of states\n"
            "(written before iopkit chained check-ins, or its chain removed around iopkit, perhaps after its\n"
            "rows were changed). Check the book first (or restore it from a backup); this chains its check-ins\n"
            "as they stand now and prints the new head: keep it elsewhere and pass it to iopkit verify --anchor.\n"
            "A book that has its chain is left as it is."
        ),
        (
            "  iopkit chain ~/clinic.checkins.sqlite\n"
            "  iopkit verify --db ~/clinic.sqlite --anchor checkin_states:40:5be1...   (the head printed)"
        ),
    ),
    "migrate": (
        "bring a store to this iopkit's schema version",
        (
            "Open the store, which upgrades an older schema in place (a newer one is refused unchanged),\n"
            "and print the schema version before and after. Copy the file first if you want a backup."
        ),
        "  iopkit migrate --db ~/clinic.sqlite",
    ),
}


def build_parser() -> argparse.ArgumentParser:
    """The ``iopkit`` argument parser (every subcommand with its help and examples).

    Returns
    -------
    argparse.ArgumentParser
        A new parser; its ``command`` is the subcommand's name (``None`` when none was given).
    """
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="iopkit",
        formatter_class=_FORMATTER,
        epilog=_MAIN_EPILOG,
        description="iopkit: clinical decision support for Intensive Outpatient Programs (scoring, placement,\n"
        "dose of treatment) with dashboards for clinicians.",
    )
    parser.add_argument("--version", action="version", version=f"iopkit {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="no progress line and no notes on stderr")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    sub = {}
    for name, (purpose, description, examples) in _COMMANDS.items():
        sub[name] = commands.add_parser(
            name,
            help=purpose,
            description=description,
            parents=[common],
            epilog="examples:\n" + examples,
            formatter_class=_FORMATTER,
        )
    store_help = "the store (SQLite file)"
    sub["serve"].add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port on 127.0.0.1 (default {DEFAULT_PORT})"
    )
    sub["serve"].add_argument("--db", metavar="PATH", help="the clinic's store (default: $IOPKIT_DB, else the demo)")
    sub["serve"].add_argument(
        "--dashboards", metavar="FOLDER", help="serve this folder instead of the shipped dashboards"
    )
    sub["demo"].add_argument("path", nargs="?", metavar="PATH", help="where to build it")
    sub["demo"].add_argument("--seed", type=int, help="another seed gives other fictional patients")
    sub["score"].add_argument("file", metavar="FILE", help="a .csv or .parquet file, one row per response")
    sub["score"].add_argument(
        "--instrument",
        required=True,
        metavar="CODE",
        help="the instrument, e.g. phq9, gad7, audit_c (a wrong code lists them all)",
    )
    sub["score"].add_argument("-o", "--output", required=True, metavar="OUT", help="the scored file (.csv or .parquet)")
    sub["score"].add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        dest="context",
        help="scoring context for every row, e.g. sex=female (may be repeated)",
    )
    sub["score"].add_argument(
        "--sex-column",
        metavar="NAME",
        help="AUDIT, AUDIT-C: the column holding each row's sex (female, male or blank: the more sensitive "
        "cut-offs, said in sex_note); adds sex_used and sex_note",
    )
    sub["import"].add_argument("file", metavar="FILE", help=".csv, .json or .ndjson")
    sub["import"].add_argument("--db", required=True, metavar="PATH", help=store_help)
    sub["import"].add_argument("--instrument", metavar="CODE", help="the instrument when the file does not say")
    sub["import"].add_argument("--by", default=None, help="who imports, recorded on every record (default: your login)")
    sub["import"].add_argument(
        "--max-mib",
        type=_whole_mib,
        metavar="N",
        help=f"refuse a file larger than N MiB (default: $IOPKIT_MAX_IMPORT_MIB, else {_IMPORT_MIB})",
    )
    sub["export"].add_argument("--db", required=True, metavar="PATH", help=store_help)
    sub["export"].add_argument("-o", "--output", required=True, metavar="FILE", help=".csv, .json or .ndjson")
    sub["export"].add_argument("--instrument", metavar="CODE", help="only this instrument (required for .csv)")
    sub["verify"].add_argument("--db", required=True, metavar="PATH", help=store_help)
    sub["verify"].add_argument(
        "--anchor",
        action="append",
        default=[],
        metavar="TABLE:ID:HASH",
        help="a head printed by an earlier verify (may be repeated)",
    )
    sub["chain"].add_argument("book", metavar="BOOK", help="the check-in book (SQLite file) to chain")
    sub["chain"].add_argument("--by", default=None, help="who chains it, printed (default: your login)")
    sub["migrate"].add_argument("--db", required=True, metavar="PATH", help=store_help)
    return parser


def _whole_mib(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"a whole number of MiB of at least 1 (got {text!r})")
    return int(text)


def _handler(command: str):
    """The function running ``command`` (score, import and export live in :mod:`iopkit._cli_data`)."""
    if command in ("score", "import", "export"):
        from . import _cli_data

        return getattr(_cli_data, f"cmd_{command}")
    return globals()[f"cmd_{command}"]


def main(argv: list[str] | None = None) -> int:
    """Run ``iopkit`` with ``argv`` (default: the command line); return the exit status.

    Bad usage and refused input are said on stderr (with any safety flags the refused input raised), never as a
    traceback.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after ``iopkit`` (``["score", "in.csv", "--instrument", "phq9", "-o", "out.csv"]``);
        ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        :data:`EXIT_OK` (0) done; :data:`EXIT_REFUSED` (1) some rows refused or the audit trail broken;
        :data:`EXIT_USAGE` (2) no subcommand, bad usage, or input refused as a whole (an
        :class:`~iopkit.errors.IopkitError`); 130 when interrupted.

    Raises
    ------
    SystemExit
        From argparse, with status 2 for arguments it cannot parse (and 0 after ``--help`` or ``--version``).
    """
    parser = build_parser()
    arguments, extra = parser.parse_known_args(argv)
    if arguments.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    voila_options = [a for a in extra if a.startswith("--") and "." in a.split("=", 1)[0]]
    if arguments.command != "serve" and extra or set(extra) - set(voila_options):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    arguments.voila_options = voila_options
    if getattr(arguments, "by", "unset") is None:
        try:
            arguments.by = getpass.getuser()
        except (OSError, KeyError):  # no login name in this environment (some containers)
            parser.error(
                "say who imports with --by NAME (it is recorded on every record)"
                if arguments.command == "import"
                else "say who chains the book with --by NAME (it is printed with the head)"
            )
    from .errors import IopkitError

    try:
        return _handler(arguments.command)(arguments)
    except UsageError as error:
        print(f"iopkit {arguments.command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except IopkitError as error:  # the whole input was refused (not one row): say why, and any danger sign
        for flag in getattr(error, "flags", ()) or ():
            print(f"!!! {flag.severity.upper()}: {flag.said} -> {flag.action}", file=sys.stderr)
        print(f"iopkit {arguments.command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"iopkit {arguments.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
