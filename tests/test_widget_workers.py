"""A page's worker thread and the callbacks on the kernel's loop never import at once (iopkit.widgets.base.workers)."""

from __future__ import annotations

import threading

from iopkit.widgets.base import StatusArea, guarded, workers


def test_a_callback_waits_while_a_worker_imports_or_reads():
    order: list[str] = []
    release = threading.Event()

    def worker() -> None:
        release.wait(5)
        order.append("worker done")
        workers.finished()

    workers.started()
    threading.Thread(target=worker).start()
    callback = guarded(StatusArea())(lambda: order.append("callback"))
    threading.Timer(0.2, release.set).start()
    callback()  # a click while the page reads: it runs once the read is done
    assert order == ["worker done", "callback"]


def test_a_callback_runs_at_once_when_no_worker_runs():
    status = StatusArea()
    assert guarded(status)(lambda: "ran")() == "ran" and status.value == ""


def test_a_worker_thread_never_waits_for_itself():
    workers.started()
    try:
        seen: list[str] = []
        thread = threading.Thread(target=lambda: seen.append(guarded(StatusArea())(lambda: "ran")()))
        thread.start()
        thread.join(5)
        assert seen == ["ran"]
    finally:
        workers.finished()
