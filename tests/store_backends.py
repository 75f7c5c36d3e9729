"""Store fixtures over both backends: a SQLite file, and a PostgreSQL database of its own per test.

The PostgreSQL server is ``$IOPKIT_TEST_POSTGRES`` (default: the local server on 127.0.0.1:5432,
``make pgdeps`` starts a throwaway one where none answers).  A server that cannot be reached fails
the tests with what to do; it is never a silent skip.  Each test gets a database of its own, copied
from a template migrated once per session (``CREATE DATABASE ... TEMPLATE``), dropped after.
"""

from __future__ import annotations

import os
import uuid

import pytest

SERVER = os.environ.get("IOPKIT_TEST_POSTGRES") or "postgresql://postgres@127.0.0.1:5432/postgres"
TEMPLATE = f"iopkit_template_{os.getpid()}"


def database_url(name: str) -> str:
    """The server URL with another database name."""
    base, _, _ = SERVER.rpartition("/")
    return f"{base}/{name}"


def admin():
    """An autocommit connection to the server's maintenance database."""
    import psycopg

    try:
        return psycopg.connect(SERVER, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(
            f"PostgreSQL is needed for the store tests and does not answer at {SERVER}: {error}\n"
            "Run `make pgdeps` (installs Debian's postgresql and starts a throwaway server) or set "
            "IOPKIT_TEST_POSTGRES=postgresql://user@host:port/db to a server where this user may "
            "create databases and roles.",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def pg_template():
    """A database migrated to the current schema, the template of each test's database."""
    from iopkit.store import Store

    with admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}"')
        conn.execute(f'CREATE DATABASE "{TEMPLATE}"')
    Store(database_url(TEMPLATE)).close()
    yield TEMPLATE
    with admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')


def new_database(template: str | None = None):
    """Create a database (empty, or a copy of ``template``); return its name and a function dropping it."""
    name = f"iopkit_test_{uuid.uuid4().hex[:12]}"
    with admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))

    def drop() -> None:
        with admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return name, drop


@pytest.fixture
def pg_url(pg_template):
    """The URL of a fresh PostgreSQL database at the current schema, dropped after the test."""
    name, drop = new_database(pg_template)
    yield database_url(name)
    drop()


@pytest.fixture
def empty_pg_url():
    """The URL of a fresh, empty PostgreSQL database (no iopkit schema yet), dropped after the test."""
    name, drop = new_database()
    yield database_url(name)
    drop()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    """Which backend the store of the test runs on."""
    return request.param


@pytest.fixture
def store_url(backend, tmp_path, request):
    """Where the test's store lives: a SQLite file, or a PostgreSQL database of its own."""
    if backend == "sqlite":
        return str(tmp_path / "iopkit.sqlite")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(store_url):
    """An empty record store on the test's backend."""
    from iopkit.store import Store

    with Store(store_url) as opened:
        yield opened


#: Run a test on the SQLite backend only (it reads the file with the sqlite3 module).
sqlite_only = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def use_both_backends(namespace: dict) -> None:
    """Give a test module this file's fixtures, so its ``store`` (and ``patient``) run on both backends."""
    for name in ("backend", "pg_template", "pg_url", "store_url", "store"):
        namespace[name] = globals()[name]


def use_postgres(namespace: dict) -> None:
    """Give a test module the ``pg_url`` and ``empty_pg_url`` fixtures."""
    for name in ("pg_template", "pg_url", "empty_pg_url"):
        namespace[name] = globals()[name]
