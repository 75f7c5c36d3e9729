"""Records are never lost: kill -9 in the middle of writing, and two writers at once.

Each child process is a real writer (its own interpreter and connection). It prints a record
id only after ``Store.save`` has returned, so every id the parent reads is a write the
child saw acknowledged; all of them must survive.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time

from iopkit.store import Store

#: A writer: opens (creating if needed) the store, then saves PHQ-9 assessments in a loop,
#: amending every third one, and prints each record id once save() has returned.
WRITER = textwrap.dedent("""
    import sys
    import iopkit
    from iopkit.store import Store

    path, pseudonym, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = Store(path)
    pid = next((p.id for p in store.patients() if p.pseudonym == pseudonym), None) or store.add_patient(pseudonym)
    iopkit.score("phq9", [0] * 9)  # load the scorer before saying ready
    print("ready", flush=True)
    if count > 0:
        sys.stdin.readline()  # wait for "go", so concurrent writers start together
    previous, i = None, 0
    while count < 0 or i < count:
        answers = [(i + item) % 4 for item in range(9)]
        score = iopkit.score("phq9", answers)
        if previous is not None and i % 3 == 2:
            previous = store.save(pid, score, by=pseudonym, amends=previous, reason="re-entered")
        else:
            previous = store.save(pid, score, by=pseudonym)
        print(previous, flush=True)
        i += 1
""")


def start_writer(path, pseudonym, count=-1) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), pseudonym, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def acknowledged(output: str) -> set[int]:
    """Record ids on complete lines; a line cut short by the kill carries no acknowledgement."""
    lines = output.split("\n")[:-1]  # the text after the last newline is not a complete line
    return {int(line) for line in lines if line.isdigit()}


def assert_store_is_whole(path, expected_ids: set[int]) -> None:
    conn = sqlite3.connect(path)
    assert [("ok",)] == conn.execute("PRAGMA integrity_check").fetchall()
    assert [] == conn.execute("PRAGMA foreign_key_check").fetchall()
    conn.close()
    with Store(path) as store:
        records = [r for p in store.patients() for r in store.history(p.id)]  # every payload reads back
    assert expected_ids <= {r.id for r in records}, "an acknowledged write was lost"
    for record in records:
        assert record.item.instrument == "phq9" and not record.rescored_differs
        assert (record.amends is None) == (record.version == 1)


def test_every_acknowledged_write_survives_sigkill_at_random_points(tmp_path):
    rng = random.Random(20261123)
    shared = tmp_path / "shared.sqlite"
    all_acks: set[int] = set()
    for repeat in range(24):
        # The first four writers each create a new file, killed at any moment (even while creating
        # the schema); the others append to one file, killed while saving.
        path = tmp_path / f"fresh-{repeat}.sqlite" if repeat < 4 else shared
        writer = start_writer(path, "DUR-1")
        first = ""
        if repeat < 4:
            time.sleep(rng.uniform(0.0, 0.4))
        else:  # wait for the first acknowledged save, then kill at a random moment while saving
            assert "ready" == writer.stdout.readline().strip(), writer.stderr.read()
            first = writer.stdout.readline()
            time.sleep(rng.uniform(0.0, 0.1))
        writer.send_signal(signal.SIGKILL)
        output, errors = writer.communicate()
        assert -signal.SIGKILL == writer.returncode, errors
        acks = acknowledged(first + output)
        if path == shared:
            all_acks |= acks
        if path.exists():
            assert_store_is_whole(path, acks if path != shared else all_acks)
        else:
            assert not acks
    assert len(all_acks) >= 20, "the writers were killed before saving much: the test proved little"


def test_two_processes_writing_at_once_both_succeed(tmp_path):
    path = tmp_path / "busy.sqlite"
    Store(path).close()
    writers = [start_writer(path, name, count=1000) for name in ("KERNEL-A", "KERNEL-B")]
    for writer in writers:
        assert "ready" == writer.stdout.readline().strip(), writer.stderr.read()
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    results = [writer.communicate(timeout=120) for writer in writers]
    assert [0, 0] == [w.returncode for w in writers], [err for _, err in results]
    ids = [acknowledged(out) for out, _ in results]
    assert [1000, 1000] == [len(i) for i in ids]
    with Store(path) as store:
        stored = {p.pseudonym: {r.id for r in store.history(p.id)} for p in store.patients()}
    assert {"KERNEL-A": ids[0], "KERNEL-B": ids[1]} == stored


def test_threads_sharing_one_store_do_not_collide(tmp_path):
    store = Store(tmp_path / "threads.sqlite")
    patients = [store.add_patient(f"T-{n}") for n in range(4)]
    import iopkit

    score = iopkit.score("phq9", [1] * 9)
    saved: list[int] = []

    def write(patient):
        saved.extend(store.save(patient, score, by="thread") for _ in range(50))

    threads = [threading.Thread(target=write, args=(p,)) for p in patients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(saved) == sorted(r.id for p in patients for r in store.history(p))
    assert 200 == len(set(saved))
    store.close()
