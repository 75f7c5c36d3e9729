"""An import file larger than the limit is refused from its size, before it is read (iopkit.interop.limits).

``iopkit import`` (a real child process, its real exit code) on a real store: a ``.ndjson``, ``.json`` or ``.csv``
file over the limit exits 2 with an iopkit error naming the file, its size and the limit, and nothing is saved; a file
of exactly the limit is imported.  An 8 GiB sparse file under the default 64 MiB limit is refused at once (reading it
would take minutes and more memory than the test machine has).  The library functions refuse the same way, file objects
included; ``iopkit score`` streams its CSV in chunks and keeps no such limit.
"""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path

import pytest

import iopkit
from iopkit.errors import InteropError, IopkitError
from iopkit.interop import import_csv, import_fhir_file, read_fhir_file, read_report, to_fhir
from iopkit.interop.limits import ENV_MAX_IMPORT, MAX_IMPORT_BYTES, MIB, import_limit, read_limited
from iopkit.interop.redcap import cohort_csv
from iopkit.store import Store

from .test_cli import run

LINE = json.dumps(to_fhir(iopkit.score("phq2", [1, 2]), subject="Patient/IOP-0042", authored="2026-03-02"))


@pytest.fixture
def clinic(tmp_path) -> Path:
    path = tmp_path / "clinic.sqlite"
    with Store(path) as store:
        store.add_patient("IOP-0042")
    return path


def saved(clinic: Path) -> int:
    with Store(clinic) as store:
        return len(store.current(store.patients()[0].id, "assessment"))


def padded(path: Path, text: str, size: int) -> Path:
    """``text`` followed by blank lines up to exactly ``size`` bytes (still the same JSON, NDJSON or CSV)."""
    body = text.encode()
    assert len(body) < size
    path.write_bytes(body + b"\n" * (size - len(body)))
    assert path.stat().st_size == size
    return path


@pytest.mark.parametrize("name", ["responses.ndjson", "bundle.json", "cohort.csv"])
def test_a_file_over_the_limit_exits_2_naming_the_file_its_size_and_the_limit_and_saves_nothing(tmp_path, clinic, name):
    text = {"ndjson": LINE, "json": LINE, "csv": "patient,item1,item2\nIOP-0042,1,2"}[name.split(".")[1]]
    source = padded(tmp_path / name, text, MIB + 1)
    done = run("import", str(source), "--db", str(clinic), "--instrument", "phq2", "--by", "KM", "--max-mib", "1")
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"{source} is 1,048,577 bytes (1.0 MiB), larger than the import limit of 1,048,576 bytes" in done.stderr
    assert "Traceback" not in done.stderr and saved(clinic) == 0
    # the same limit from the environment; a file of exactly the limit is imported
    done = run(
        "import", str(source), "--db", str(clinic), "--by", "KM", "--instrument", "phq2", env={ENV_MAX_IMPORT: "1"}
    )
    assert done.returncode == 2 and "larger than the import limit of 1,048,576 bytes" in done.stderr
    padded(source, text, MIB)
    done = run(
        "import", str(source), "--db", str(clinic), "--by", "KM", "--instrument", "phq2", env={ENV_MAX_IMPORT: "1"}
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert saved(clinic) == 1


def test_a_huge_file_is_refused_from_its_size_without_being_read(tmp_path, clinic):
    source = tmp_path / "huge.ndjson"
    source.write_text(LINE + "\n")
    os.truncate(source, 8 * 1024**3)  # sparse: 8 GiB long, no disk used
    env = {ENV_MAX_IMPORT: ""}  # the default limit
    started = time.monotonic()
    done = run("import", str(source), "--db", str(clinic), "--by", "KM", env=env)
    assert time.monotonic() - started < 60  # reading 8 GiB would not fit in this time, nor in memory
    assert done.returncode == 2, done.stdout + done.stderr
    assert (
        f"{source} is 8,589,934,592 bytes (8192.0 MiB), larger than the import limit of 67,108,864 bytes (64.0 MiB)"
        in done.stderr
    )
    assert saved(clinic) == 0


def test_bad_limits_are_refused_with_what_is_allowed():
    done = run("import", "x.ndjson", "--db", "x.sqlite", "--by", "KM", "--max-mib", "0")
    assert done.returncode == 2 and "a whole number of MiB of at least 1" in done.stderr
    with pytest.raises(InteropError, match="IOPKIT_MAX_IMPORT_MIB must be a whole number of MiB") as caught:
        import_limit(environ={ENV_MAX_IMPORT: "1.5"})
    assert (caught.value.item, caught.value.value, caught.value.allowed) == (
        ENV_MAX_IMPORT,
        "1.5",
        "a whole number of MiB of at least 1",
    )
    with pytest.raises(InteropError, match="max_bytes must be"):
        import_limit(0)
    assert import_limit(environ={}) == MAX_IMPORT_BYTES == 64 * 1024 * 1024


def test_the_library_refuses_the_same_way_paths_and_file_objects(tmp_path, clinic):
    json_file = padded(tmp_path / "one.json", LINE, 4096)
    assert len(read_fhir_file(json_file, max_bytes=4096)) == 1
    with pytest.raises(
        InteropError, match=r"is 4,096 bytes \(0\.0 MiB\), larger than the import limit of 4,095"
    ) as caught:
        read_fhir_file(json_file, max_bytes=4095)
    error = caught.value
    assert isinstance(error, IopkitError) and (error.item, error.value, error.allowed) == (
        "file size",
        4096,
        "at most 4,095 bytes",
    )
    with Store(clinic) as store:
        with pytest.raises(InteropError, match="larger than the import limit"):
            import_fhir_file(store, json_file, by="KM", max_bytes=100)
        cohort = "patient,item1,item2\nIOP-0042,1,2\n"
        with pytest.raises(InteropError, match="the cohort CSV is more than 20 bytes"):
            import_csv(store, io.StringIO(cohort), by="KM", instrument="phq2", max_bytes=20)
        assert store.current(store.patients()[0].id, "assessment") == ()
    with pytest.raises(InteropError, match="larger than the import limit"):
        read_report(padded(tmp_path / "c.csv", cohort, 200), "phq2", max_bytes=199)
    assert len(read_report(tmp_path / "c.csv", "phq2", max_bytes=200).imported) == 1
    assert read_limited(io.BytesIO(b"x" * 10), 10) == b"x" * 10


def test_a_redcap_export_over_the_limit_from_the_environment_is_refused(tmp_path, monkeypatch):
    export = "record_id,phq2_1,phq2_2,phq2_total,phq2_complete\nIOP-0042,1,2,3,2\n"
    path = padded(tmp_path / "export.csv", export, MIB + 1)
    monkeypatch.setenv(ENV_MAX_IMPORT, "1")
    with pytest.raises(InteropError, match=r"export\.csv is 1,048,577 bytes"):
        cohort_csv(path, "phq2")
    assert cohort_csv(io.StringIO(export), "phq2").splitlines()[1] == "IOP-0042,1,2"


def test_scoring_a_csv_streams_it_and_keeps_no_size_limit(tmp_path):
    rows = "patient,item1,item2\n" + "IOP-0042,1,2\n" * 90_000  # about 1.1 MiB
    source = tmp_path / "big.csv"
    source.write_text(rows)
    assert source.stat().st_size > MIB
    done = run("score", str(source), "--instrument", "phq2", "-o", str(tmp_path / "out.csv"), env={ENV_MAX_IMPORT: "1"})
    assert done.returncode == 0, done.stderr
    assert "scored 90,000 of 90,000 rows" in done.stdout
