"""The store's files are private, refused files are never touched, and bad input never crashes it."""

from __future__ import annotations

import os
import pwd
import sqlite3
import stat
import subprocess
import sys
import textwrap
import warnings

import pytest

import iopkit
from iopkit.errors import IopkitError, RecordNotFoundError, StoreError
from iopkit.store import Store
from iopkit.store.files import StoreWarning

from .store_backends import use_both_backends

use_both_backends(globals())  # the store fixture runs each test on SQLite and on PostgreSQL


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(params=[0o000, 0o277], ids=["umask 000", "umask 277"])
def umask_000(request):
    """Under umask 000 (nothing masked) and 277 (even the owner's write and execute masked)."""
    old = os.umask(request.param)
    try:
        yield
    finally:
        os.umask(old)


# --- private files ----------------------------------------------------------------------------------------------
def test_a_new_store_is_0600_in_a_0700_folder_whatever_the_umask(tmp_path, umask_000):
    path = tmp_path / "new" / "folder" / "clinic.sqlite"
    with Store(path) as store:
        pid = store.add_patient("IOP-1")
        store.save(pid, iopkit.score("phq9", [1] * 9), by="k")
        files = [path, path.with_name("clinic.sqlite-wal"), path.with_name("clinic.sqlite-shm")]
        assert all(f.exists() for f in files)
        assert [0o600, 0o600, 0o600] == [mode(f) for f in files]
        assert 0o700 == mode(path.parent)


def test_a_store_others_can_read_is_refused_with_the_fix(tmp_path):
    path = tmp_path / "clinic.sqlite"
    Store(path).close()
    path.chmod(0o644)
    with pytest.raises(StoreError, match="others may read it") as refused:
        Store(path)
    message = str(refused.value)
    assert f"chmod 600 {path}" in message and f"python -m iopkit.store fix-permissions {path}" in message
    fixed = subprocess.run(
        [sys.executable, "-m", "iopkit.store", "fix-permissions", str(path)], capture_output=True, text=True, timeout=60
    )
    assert 0 == fixed.returncode and 0o600 == mode(path)
    Store(path).close()


def test_a_readable_wal_file_is_refused_too(tmp_path):
    path = tmp_path / "clinic.sqlite"
    with Store(path) as store:
        store.add_patient("IOP-1")
        wal = path.with_name("clinic.sqlite-wal")
        wal.chmod(0o640)
        with pytest.raises(StoreError, match="clinic.sqlite-wal 640"):
            Store(path)


def test_the_demo_database_is_private(tmp_path, umask_000):
    from iopkit.demo import build_demo_db

    path = build_demo_db(tmp_path / "demo" / "demo.sqlite", seed=1, programme=False)
    assert (0o600, 0o700) == (mode(path), mode(path.parent))


def test_an_old_world_readable_demo_is_made_private_but_a_clinic_store_is_not(tmp_path):
    from iopkit.demo import build_demo_db

    demo = build_demo_db(tmp_path / "demo.sqlite", seed=1, programme=False)
    demo.chmod(0o644)
    build_demo_db(demo)
    assert 0o600 == mode(demo)
    clinic = tmp_path / "clinic.sqlite"
    Store(clinic).close()
    clinic.chmod(0o644)
    with pytest.raises(StoreError, match="others may read it"):
        build_demo_db(clinic)
    assert 0o644 == mode(clinic)


# --- refused files are not touched ----------------------------------------------------------------------------------
def test_a_foreign_sqlite_file_is_refused_without_being_changed(tmp_path):
    path = tmp_path / "invoices.sqlite"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE invoices (id INTEGER)")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another application"):
        Store(path)
    assert before == path.read_bytes()  # the header's journal mode bytes too: not switched to WAL
    assert not path.with_name("invoices.sqlite-wal").exists() and not path.with_name("invoices.sqlite-shm").exists()
    with sqlite3.connect(path) as other:
        assert "delete" == other.execute("PRAGMA journal_mode").fetchone()[0]


def test_a_newer_store_is_refused_without_being_changed(tmp_path):
    path = tmp_path / "newer.sqlite"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer iopkit"):
        Store(path)
    assert before == path.read_bytes()


def test_a_folder_as_the_path_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path)


def test_a_damaged_database_is_a_store_error_on_reading(tmp_path):
    path = tmp_path / "damaged.sqlite"
    with Store(path) as store:
        pid = store.add_patient("IOP-1")
        for _ in range(60):
            store.save(pid, iopkit.score("phq9", [2] * 9), by="k", reason="x" * 1500)
        store.checkpoint()
    data = bytearray(path.read_bytes())
    start = len(data) * 2 // 3  # the schema and the patients stay whole; the later record pages do not
    data[start:] = b"\xa5" * (len(data) - start)
    path.write_bytes(bytes(data))
    with Store(path) as store:  # opening reads only the header and the schema
        for read in (lambda: store.history(1), store.verify):
            with pytest.raises(StoreError, match="damaged|malformed|cannot be read"):
                read()


# --- read-only -----------------------------------------------------------------------------------------------------
def test_read_only_opens_for_reading_and_refuses_writes(tmp_path):
    path = tmp_path / "clinic.sqlite"
    with Store(path) as store:
        pid = store.add_patient("IOP-1")
        store.save(pid, iopkit.score("phq9", [1] * 9), by="k")
    before = path.read_bytes()
    with Store(path, read_only=True) as store:
        assert store.read_only and 9 == store.latest(pid, "assessment").item.total and store.verify().ok
        with pytest.raises(StoreError, match="read-only"):
            store.add_patient("IOP-2")
    assert before == path.read_bytes()


NOBODY_READS = textwrap.dedent("""
    import os, sys, warnings
    import iopkit, iopkit.store
    iopkit.score("phq9", [0] * 9)  # load what reading needs while the interpreter's files are readable
    os.setgid(65534); os.setuid(65534)  # after the imports: drop to an unprivileged user
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with iopkit.store.Store(sys.argv[1]) as store:
            print(store.read_only, len(store.patients()), store.latest(1, "assessment").item.total)
            print([str(w.message) for w in caught])
            try:
                store.add_patient("IOP-2")
            except iopkit.errors.StoreError as error:
                print("refused:", error)
""")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs to drop to another user to make a read-only folder real")
def test_a_read_only_database_in_a_read_only_folder_can_be_read():
    import pathlib
    import shutil
    import tempfile

    top = pathlib.Path(tempfile.mkdtemp())
    top.chmod(0o755)
    folder = top / "ro"
    path = folder / "clinic.sqlite"
    with Store(path) as store:
        pid = store.add_patient("IOP-1")
        store.save(pid, iopkit.score("phq9", [1] * 9), by="k")
    nobody = pwd.getpwuid(65534)
    os.chown(path, nobody.pw_uid, nobody.pw_gid)
    os.chown(folder, nobody.pw_uid, nobody.pw_gid)
    path.chmod(0o400)
    folder.chmod(0o500)
    try:
        result = subprocess.run(
            [sys.executable, "-c", NOBODY_READS, str(path)], capture_output=True, text=True, timeout=60
        )
        assert 0 == result.returncode, result.stderr
        assert result.stdout.startswith("True 1 9")
        assert "opened read-only" in result.stdout and "refused:" in result.stdout
        assert [path] == list(folder.iterdir())  # no -wal or -shm left in the read-only folder
    finally:
        shutil.rmtree(top)


def test_the_read_only_warning_is_a_store_warning():
    assert issubclass(StoreWarning, UserWarning)


# --- ids and other arguments -------------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", [[1], "1", 1.0, None, True, {"id": 1}, b"1"])
def test_an_id_that_is_not_a_whole_number_is_a_store_error(store, patient, bad):
    for call in (
        store.patient,
        store.record,
        store.history,
        store.current,
        lambda i: store.latest(i, "assessment"),
        lambda i: store.save(i, iopkit.score("phq2", [0, 0]), by="k"),
        lambda i: i is None or store.save(patient, iopkit.score("phq2", [0, 0]), by="k", amends=i, reason="r"),
    ):
        if bad is None and call is not store.patient:
            continue
        with pytest.raises(StoreError, match="whole number"):
            call(bad)


@pytest.mark.parametrize("big", [0, -1, 2**63, 2**70, -(2**70)])
def test_an_id_out_of_range_is_not_found(store, patient, big):
    for call in (store.patient, store.record, store.history):
        with pytest.raises(RecordNotFoundError):
            call(big)


def test_numpy_integers_are_ids(store, patient):
    import numpy as np

    assert "IOP-0042" == store.patient(np.int64(patient)).pseudonym


@pytest.mark.parametrize("kind", [["assessment"], {"a": 1}, 3])
def test_a_kind_that_is_not_text_is_a_store_error(store, patient, kind):
    with pytest.raises(StoreError, match="unknown record kind"):
        store.history(patient, kind)


@pytest.mark.parametrize("key", [["k"], None, 3])
def test_a_metadata_key_that_is_not_text_is_a_store_error(store, key):
    with pytest.raises(StoreError):
        store.meta(key)
    with pytest.raises(StoreError):
        store.set_meta(key, "v")


def test_when_outside_utc_range_is_a_store_error(store, patient):
    import datetime as dt

    far = dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=5)))
    with pytest.raises(StoreError, match="when"):
        store.save(patient, iopkit.score("phq2", [0, 0]), by="k", when=far)


def test_every_refusal_is_an_iopkit_error(store):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(IopkitError):
            store.add_patient("\x00")
