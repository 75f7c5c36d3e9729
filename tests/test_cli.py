"""The ``iopkit`` command: help that reads well, exit codes, and each subcommand on real files and stores.

Expected scores are typed from the published scoring rule (PHQ-9: the sum of nine items scored 0-3;
5-9 mild, 20-27 severe; item 9 above 0 calls for a suicide risk assessment. Kroenke, Spitzer & Williams
2001, "The PHQ-9: validity of a brief depression severity measure", J Gen Intern Med 16:606-613).
"""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from iopkit.cli import Progress, build_parser, main

from .conftest import DASHBOARDS, free_port, mode_of

COMMANDS = ("serve", "demo", "score", "import", "export", "verify", "chain", "migrate")
PHQ9_HEADER = "patient," + ",".join(f"item{i}" for i in range(1, 10))


def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m iopkit ARGS`` in a child process (the real entry point, its real exit code)."""
    return subprocess.run(
        [sys.executable, "-m", "iopkit", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


# --- help -------------------------------------------------------------------------------------------


def test_top_level_help_lists_every_command_with_its_purpose_examples_and_exit_codes():
    done = run("--help")
    assert done.returncode == 0
    for command in COMMANDS:
        purpose = re.search(rf"^\s+{command}\s+\w.{{15,}}$", done.stdout, re.MULTILINE)
        assert purpose, f"{command} has no one-line purpose"
    assert "examples:" in done.stdout and "iopkit score cohort.csv --instrument phq9" in done.stdout
    assert "exit codes: 0" in done.stdout and "never makes a diagnosis" in done.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_each_subcommand_help_has_a_description_options_and_examples(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith(f"usage: iopkit {command}")
    description = text.split("\n\n")[1]
    assert len(description) > 40 and "\x1b" not in text
    examples = text.split("examples:\n", 1)[1]
    assert all(line.strip().startswith(("iopkit", "IOPKIT_")) for line in examples.strip().splitlines())
    assert "--quiet" in text
    assert max(len(line) for line in text.splitlines()) <= 110, "help lines wrap badly in a terminal"


def test_no_command_or_a_wrong_one_is_bad_usage():
    assert run().returncode == 2
    wrong = run("frobnicate")
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr
    assert run("score", "x.csv").returncode == 2  # --instrument and -o are required
    assert run("verify", "--db", "x.sqlite", "--Voila.ip=0.0.0.0").returncode == 2  # options pass only to serve


def test_version(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert re.fullmatch(r"iopkit \d+\.\d+\.\d+\n", capsys.readouterr().out)


def test_importing_the_command_loads_no_heavy_package():
    code = (
        "import sys, iopkit.cli; iopkit.cli.build_parser(); "
        "print(sorted(m for m in ('pandas', 'scipy', 'ipywidgets', 'voila', 'tornado') if m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"


def test_progress_line_only_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    shown, hidden = Terminal(), io.StringIO()
    with Progress("scoring", total=4, stream=shown) as progress:
        progress.advance(2)
        progress.advance(2)
    with Progress("scoring", total=4, stream=hidden) as progress:
        progress.advance(4)
    assert "\rscoring: 2/4 (50%)" in shown.getvalue() and "\rscoring: 4/4 (100%)" in shown.getvalue()
    assert shown.getvalue().endswith("\n") and hidden.getvalue() == ""
    quiet = Terminal()
    with Progress("scoring", total=4, stream=quiet, enabled=False) as progress:  # what --quiet gives
        progress.advance(4)
    assert quiet.getvalue() == ""


# --- score ------------------------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_score_all_rows_exit_0_with_published_totals_and_bands(tmp_path):
    source = write(tmp_path / "in.csv", f"{PHQ9_HEADER}\n007,1,1,2,1,0,1,1,0,1\n=cmd|x,3,3,3,3,3,3,3,3,0\n")
    done = run("score", str(source), "--instrument", "phq9", "-o", str(tmp_path / "out.csv"), "--quiet")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # --quiet and no terminal: no progress, no notes
    lines = (tmp_path / "out.csv").read_text().splitlines()
    assert lines[0] == PHQ9_HEADER + ",total,band,flag_suicidal_ideation,error"
    assert lines[1] == "007,1,1,2,1,0,1,1,0,1,8,mild,True,"  # ids stay text; 8 = mild (5-9); item 9 = 1: flag
    assert lines[2] == "'=cmd|x,3,3,3,3,3,3,3,3,0,24,severe,False,"  # a formula is defused for spreadsheets
    assert done.stdout.splitlines()[0].startswith("phq9: scored 2 of 2 rows; 0 refused")


def test_score_refused_rows_exit_1_with_the_reason_per_row_and_danger_signs_printed(tmp_path):
    source = write(tmp_path / "in.csv", f"{PHQ9_HEADER}\nA,0,0,0,0,0,0,0,0,9\nB,,,,,,,,,2\nC,0,0,0,0,0,0,0,0,0\n")
    done = run("score", str(source), "--instrument", "phq9", "-o", str(tmp_path / "out.parquet"))
    assert done.returncode == 1, done.stderr
    import pandas as pd

    out = pd.read_parquet(tmp_path / "out.parquet")
    assert re.match(r"phq9 item 9 must be one of 0, 1, 2, 3 \(got 9(\.0)?\)", out["error"][0])
    assert "not answered" in out["error"][1]
    # Item 9 endorsed on a partial form is certain; a mistyped item 9 keeps the flag until it is asked again.
    assert out["flag_suicidal_ideation"][0] and out["flag_suicidal_ideation"][1]
    assert out["error"].isna()[2] and out["total"][2] == 0 and not out["flag_suicidal_ideation"][2]
    summary, flag = done.stdout.splitlines()[:2]
    assert summary.startswith("phq9: scored 1 of 3 rows; 2 refused")
    assert flag.startswith("!!! CRITICAL suicidal_ideation on 2 rows (lines 2, 3)") and "risk assessment" in flag


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("missing.csv", "--instrument", "phq9"), "does not exist"),
        (("in.csv", "--instrument", "phq99"), "unknown instrument 'phq99'"),
        (("in.txt", "--instrument", "phq9"), "must end in .csv, .parquet"),
        (("in.csv", "--instrument", "gad7"), "gad7 table lacks item columns item7"),
        (("in.csv", "--instrument", "phq9", "--set", "sex"), "--set takes KEY=VALUE"),
        (("in.csv", "--instrument", "phq9", "--set", "sex=female"), "sex"),
    ],
)
def test_score_bad_usage_or_unreadable_input_exits_2_and_says_why(tmp_path, args, message):
    write(tmp_path / "in.csv", "patient,item1,item2,item3,item4,item5,item6\nA,0,0,0,0,0,0\n")
    write(tmp_path / "in.txt", "x")
    if "gad7" not in args:
        write(tmp_path / "in.csv", f"{PHQ9_HEADER}\nA,0,0,0,0,0,0,0,0,0\n")
    done = run("score", *args, "-o", "out.csv", cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr


# --- import / export --------------------------------------------------------------------------------


@pytest.fixture
def clinic(tmp_path) -> Path:
    from iopkit.store import Store

    path = tmp_path / "clinic.sqlite"
    with Store(path) as store:
        store.add_patient("IOP-0042")
        store.add_patient("IOP-0043")
    return path


def test_import_csv_refused_row_exits_1_and_its_critical_flag_comes_first(tmp_path, clinic):
    source = write(tmp_path / "phq9.csv", f"{PHQ9_HEADER}\nIOP-0042,1,1,2,1,0,1,1,0,1\nIOP-0099,0,0,0,0,0,0,0,0,3\n")
    done = run("import", str(source), "--db", str(clinic), "--instrument", "phq9", "--by", "dr.lee")
    assert done.returncode == 1
    assert done.stdout.startswith("!!! 1 CRITICAL FLAG ON ROWS NOT IMPORTED")
    assert "IOP-0099" in done.stdout.splitlines()[1] and "NOT SAVED" in done.stdout.splitlines()[1]
    assert "1 imported, 1 refused" in done.stdout and "!!! iopkit import: 1 critical flag" in done.stderr
    from iopkit.store import Store

    with Store(clinic) as store:
        saved = store.current(store.patients()[0].id, "assessment")
    assert [(r.item.total, r.by) for r in saved] == [(8, "dr.lee")]


def test_fhir_export_then_import_into_another_store_keeps_every_score(tmp_path, clinic):
    import datetime as dt

    import iopkit
    from iopkit.store import Store

    with Store(clinic) as store:
        first, second = (p.id for p in store.patients())
        store.save(first, iopkit.score("phq9", [1, 1, 2, 1, 0, 1, 1, 0, 1]), by="dr.lee", when=dt.date(2026, 3, 2))
        store.save(second, iopkit.score("gad7", [3, 3, 3, 3, 3, 3, 3]), by="dr.lee", when=dt.date(2026, 3, 3))
        store.save(second, iopkit.score("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 2]), by="dr.lee", when=dt.date(2026, 3, 3))
    for suffix in ("ndjson", "json"):
        exported = run("export", "--db", str(clinic), "-o", str(tmp_path / f"all.{suffix}"))
        assert exported.returncode == 0 and "exported 3 assessments" in exported.stdout, exported.stderr
        target = tmp_path / f"copy-{suffix}.sqlite"
        with Store(target) as store:
            store.add_patient("IOP-0042")
            store.add_patient("IOP-0043")
        done = run("import", str(tmp_path / f"all.{suffix}"), "--db", str(target), "--by", "importer")
        assert done.returncode == 0, done.stdout + done.stderr
        assert "3 imported, 0 refused" in done.stdout
        with Store(target) as store:
            got = sorted(
                (store.patient(r.patient_id).pseudonym, r.item.instrument, r.item.total, str(r.taken_at))
                for p in store.patients()
                for r in store.current(p.id, "assessment")
            )
        assert got == [
            ("IOP-0042", "phq9", 8, "2026-03-02"),
            ("IOP-0043", "gad7", 21, "2026-03-03"),
            ("IOP-0043", "phq9", 2, "2026-03-03"),
        ]
    csv = run("export", "--db", str(clinic), "-o", str(tmp_path / "gad7.csv"), "--instrument", "gad7")
    assert csv.returncode == 0 and (tmp_path / "gad7.csv").read_text().startswith("instrument,patient,record")
    assert run("export", "--db", str(clinic), "-o", str(tmp_path / "x.csv")).returncode == 2  # which instrument?


def test_fhir_import_of_an_unknown_patient_is_refused_with_its_danger_sign_first(tmp_path, clinic):
    import iopkit
    from iopkit.interop import to_fhir

    bundle = to_fhir(
        iopkit.score("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1]), subject="Patient/IOP-7777", authored="2026-03-02"
    )
    ok = to_fhir(iopkit.score("phq9", [0] * 9), subject="Patient/IOP-0042", authored="2026-03-02")
    source = write(tmp_path / "in.ndjson", json.dumps(bundle) + "\n" + json.dumps(ok) + "\n")
    done = run("import", str(source), "--db", str(clinic))
    assert done.returncode == 1
    assert done.stdout.startswith("!!! 1 CRITICAL FLAG ON ROWS NOT IMPORTED")
    assert "IOP-7777" in done.stdout and "not a patient in the store" in done.stdout
    assert "1 imported, 1 refused" in done.stdout
    assert run("import", str(write(tmp_path / "bad.json", "{not json")), "--db", str(clinic)).returncode == 2


def test_every_file_written_from_health_data_is_owner_only_under_a_permissive_umask(tmp_path, clinic, permissive_umask):
    """Security review F3: exports and scored files were -rw-r--r-- (PHQ-9 item 9 per pseudonym)."""
    import datetime as dt

    import iopkit
    from iopkit.store import Store

    with Store(clinic) as store:
        store.save(store.patients()[0].id, iopkit.score("phq9", [0] * 8 + [1]), by="dr.lee", when=dt.date(2026, 3, 2))
    written = []
    for name, extra in (("all.csv", ("--instrument", "phq9")), ("all.json", ()), ("all.ndjson", ())):
        (tmp_path / name).write_text("an older export")
        (tmp_path / name).chmod(0o644)
        done = run("export", "--db", str(clinic), "-o", str(tmp_path / name), *extra)
        assert done.returncode == 0, done.stderr
        written.append(tmp_path / name)
    for name in ("scored.csv", "scored.parquet"):
        done = run("score", str(tmp_path / "all.csv"), "--instrument", "phq9", "-o", str(tmp_path / name), "-q")
        assert done.returncode == 0, done.stderr
        written.append(tmp_path / name)
    assert {p.name: mode_of(p) for p in written} == {p.name: 0o600 for p in written}
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_a_deeply_nested_json_and_an_export_into_a_missing_folder_exit_2_without_a_traceback(tmp_path, clinic):
    """Security review F10: both gave a Python traceback and exit 1."""
    import datetime as dt

    import iopkit
    from iopkit.store import Store

    deep = write(tmp_path / "deep.json", "[" * 100_000 + "]" * 100_000)
    done = run("import", str(deep), "--db", str(clinic), "--by", "KM")
    assert done.returncode == 2 and "nested too deeply to read" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    with Store(clinic) as store:
        store.save(store.patients()[0].id, iopkit.score("phq9", [0] * 9), by="dr.lee", when=dt.date(2026, 3, 2))
    for name, extra in (("exp.csv", ("--instrument", "phq9")), ("exp.json", ())):
        done = run("export", "--db", str(clinic), "-o", str(tmp_path / "new" / "sub" / name), *extra)
        assert done.returncode == 2 and "does not exist (create it first)" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr and not (tmp_path / "new").exists()
    source = write(tmp_path / "in.csv", f"{PHQ9_HEADER}\nA,0,0,0,0,0,0,0,0,0\n")
    done = run("score", str(source), "--instrument", "phq9", "-o", str(tmp_path / "new" / "out.csv"))
    assert done.returncode == 2 and "does not exist (create it first)" in done.stderr, done.stderr


# --- demo, verify, migrate --------------------------------------------------------------------------


def test_demo_then_verify_clean_exits_0_and_a_rewritten_record_exits_1(tmp_path):
    built = run("demo", str(tmp_path / "demo.sqlite"))
    assert built.returncode == 0 and built.stdout.strip() == str(tmp_path / "demo.sqlite")
    clean = run("verify", "--db", str(tmp_path / "demo.sqlite"))
    assert clean.returncode == 0 and "the audit trail is whole" in clean.stdout
    conn = sqlite3.connect(tmp_path / "demo.sqlite")
    conn.execute("DROP TRIGGER records_no_update")
    conn.execute("UPDATE records SET saved_by = 'someone.else' WHERE id = 3")
    conn.commit()
    conn.close()
    broken = run("verify", "--db", str(tmp_path / "demo.sqlite"))
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert run("verify", "--db", str(tmp_path / "missing.sqlite")).returncode == 2


def test_demo_says_an_outdated_demo_and_leaves_it(tmp_path):
    from iopkit.demo import PINNED_DAY, build_demo_db

    path = build_demo_db(tmp_path / "demo.sqlite", programme=False, today=PINNED_DAY)
    done = run("demo", str(path))
    assert done.returncode == 0 and done.stdout.strip() == str(path)
    # typed: a demo built for 3 Mar 2026 has its episodes from 5 Jan 2026, 12 weeks to 29 Mar 2026 (clinic-day walk)
    assert (
        f"iopkit demo: the demo database {path} was built for 03 Mar 2026: its clinic patients' plans ended 29 Mar 2026"
        in done.stderr
    ), done.stderr
    assert "already there, left as it is" in done.stderr


def test_migrate_reports_the_schema_version_before_and_after(tmp_path):
    from iopkit.store import APPLICATION_ID, MIGRATIONS

    old = tmp_path / "old.sqlite"
    conn = sqlite3.connect(old)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    old.chmod(0o600)
    latest = len(MIGRATIONS)
    first = run("migrate", "--db", str(old))
    assert first.returncode == 0 and f"schema version 1 -> {latest} (migrated)" in first.stdout, first.stderr
    again = run("migrate", "--db", str(old))
    assert f"schema version {latest} -> {latest} (already current)" in again.stdout
    assert run("migrate", "--db", str(write(tmp_path / "text.sqlite", "not a database"))).returncode == 2
    assert run("migrate", "--db", str(tmp_path / "missing.sqlite")).returncode == 2
    assert not (tmp_path / "missing.sqlite").exists()  # never created by a typo


# --- serve ------------------------------------------------------------------------------------------


def test_serve_applies_the_shipped_settings_from_any_folder_and_prints_the_token_link(tmp_path):
    """Started in a folder holding a hostile voila.json, the shipped settings are still the ones in force."""
    write(
        tmp_path / "voila.json",
        json.dumps(
            {
                "Voila": {"ip": "0.0.0.0"},
                "VoilaConfiguration": {"show_tracebacks": True},
                "MappingKernelManager": {"cull_idle_timeout": 0},
            }
        ),
    )
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1", "IOPKIT_TOKEN": "", "IOPKIT_DB": "", "IOPKIT_SECURE_COOKIES": ""}
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "iopkit",
                "serve",
                "--port",
                str(port),
                "--db",
                str(tmp_path / "clinic.sqlite"),
                "--dashboards",
                str(DASHBOARDS),
            ],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline, link = time.monotonic() + 60, None
        while link is None and time.monotonic() < deadline:
            assert server.poll() is None, log.read_text()
            found = re.search(rf"http://127\.0\.0\.1:{port}/\?token=([\w-]{{16,}})", log.read_text())
            link = found and found.group(1)
            time.sleep(0.1)
        assert link, log.read_text()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/iopkit/api/status", headers={"Authorization": f"token {link}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            settings = json.load(response)["settings"]
        assert settings == {
            "ip": "127.0.0.1",
            "port_retries": 0,
            "cull_idle_timeout": 90,  # a kernel with no page connected: gone within 2 minutes (walk review F4)
            "cull_interval": 25,
            "cull_connected": False,
            "execution_timeout": 60,
            "show_tracebacks": False,
            "kernel_transport": "ipc" if os.name == "posix" else "tcp",
            "secure_cookies": False,
        }
        assert "the dashboards open the store" in log.read_text() and (tmp_path / "clinic.sqlite").exists()
        # The link opens the caseload, not the list of notebook files (walk review F1).
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", f"/?token={link}")
        answer = connection.getresponse()
        cookie = answer.getheader("Set-Cookie").split(";")[0]
        assert (answer.status, answer.getheader("Location")) == (302, "/")
        answer.read()
        connection.request("GET", "/", headers={"Cookie": cookie})
        answer = connection.getresponse()
        assert (answer.status, answer.getheader("Location")) == (302, "/voila/render/00_home.ipynb")
        connection.close()
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_refuses_a_file_that_is_not_a_store_before_starting(tmp_path):
    done = run("serve", "--db", str(write(tmp_path / "notes.sqlite", "not a database")), "--port", "1")
    assert done.returncode == 2 and "error" in done.stderr and "Traceback" not in done.stderr


def test_parser_passes_only_dotted_options_to_voila():
    arguments, extra = build_parser().parse_known_args(["serve", "--MappingKernelManager.cull_idle_timeout=60"])
    assert arguments.command == "serve" and extra == ["--MappingKernelManager.cull_idle_timeout=60"]


def test_demo_without_a_path_goes_to_the_per_user_data_folder_never_beside_the_clinic_store(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "IOPKIT_DEMO_DB": "", "IOPKIT_DB": str(tmp_path / "clinic.sqlite")}
    done = run("demo", "--quiet", env=env)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    built = Path(done.stdout.strip())
    assert built.name == "iopkit-demo.sqlite" and built.is_relative_to(tmp_path / "data") and built.exists()
    assert not (tmp_path / "clinic.sqlite").exists()
    again = run("demo", env=env)
    assert again.returncode == 0 and "already there" in again.stderr
