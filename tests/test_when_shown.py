"""A page's first read waits until the browser has displayed the page (:func:`iopkit.widgets.page.when_shown`).

In a real kernel (ipykernel, started with jupyter_client as Voila starts it).  The browser's part is the message its
widget manager sends once it has displayed a view of a widget whose ``_view_count`` is a number
(``@jupyter-widgets/base``: the view's "displayed" event raises the count and saves it): a comm ``update`` of
``_view_count`` to 1.  Sent here as the browser sends it; the browser tests cover the whole path in Chromium.
"""

from __future__ import annotations

import os
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def kernel():
    from jupyter_client.manager import start_new_kernel

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    manager, client = start_new_kernel(kernel_name="python3", env=env, cwd=str(ROOT))
    yield client
    client.stop_channels()
    manager.shutdown_kernel(now=True)


def run(client, code: str) -> str:
    """Execute ``code`` in the kernel; what it printed."""
    reply = client.execute_interactive(textwrap.dedent(code), timeout=30, output_hook=(printed := _Printed()))
    assert reply["content"]["status"] == "ok", reply["content"]
    return printed.text


class _Printed:
    def __init__(self) -> None:
        self.text = ""

    def __call__(self, message) -> None:
        if message["msg_type"] == "stream":
            self.text += message["content"]["text"]


def displayed(client, comm_id: str) -> None:
    """What the browser sends once it has displayed a view of the widget with this comm id."""
    client.session.send(
        client.shell_channel.socket,
        "comm_msg",
        {"comm_id": comm_id, "data": {"method": "update", "state": {"_view_count": 1}, "buffer_paths": []}},
    )


def test_the_task_waits_for_the_browser_then_runs_once(kernel):
    comm_id = run(
        kernel,
        """
        import time
        import ipywidgets as w
        from iopkit.widgets.page import when_shown
        footer = w.HTML("last widget of the page")
        ran = []
        assert when_shown(footer, lambda: ran.append(time.monotonic()), wait=60)
        print(footer.comm.comm_id, end="")
        """,
    )
    time.sleep(0.5)
    assert run(kernel, "print(len(ran), footer._view_count)").split() == ["0", "0"]
    displayed(kernel, comm_id)
    time.sleep(0.5)
    assert run(kernel, "print(len(ran), footer._view_count)").split() == ["1", "1"]
    displayed(kernel, comm_id)  # a second view (another tab on the same kernel) does not read again
    time.sleep(0.5)
    assert run(kernel, "print(len(ran))").split() == ["1"]


def test_a_page_holds_its_reading_class_until_shown_and_read(kernel, tmp_path):
    comm_id = run(
        kernel,
        f"""
        from iopkit.store import Store
        from iopkit.widgets.progress import progress_app
        page = progress_app(store=Store({str(tmp_path / "clinic.sqlite")!r}))
        page.start()
        print(page.children[-1].comm.comm_id, end="")
        """,
    )
    time.sleep(0.5)
    assert run(kernel, "print(*page._dom_classes)").split()[-1] == "iop-reading"  # not shown yet: locked
    displayed(kernel, comm_id)
    deadline = time.monotonic() + 20
    while (classes := run(kernel, "print(*page._dom_classes)").split()) and "iop-read" not in classes:
        assert time.monotonic() < deadline, classes
        time.sleep(0.2)
    assert "iop-reading" not in classes


def test_without_a_browser_the_task_runs_after_the_wait(kernel):
    out = run(
        kernel,
        """
        import time
        import ipywidgets as w
        from iopkit.widgets.page import when_shown
        never_shown = w.HTML()
        later = []
        began = time.monotonic()
        when_shown(never_shown, lambda: later.append(time.monotonic() - began), wait=1.0)
        """,
    )
    assert out == ""
    assert run(kernel, "print(len(later))").split() == ["0"]
    time.sleep(2)  # the kernel is idle: its loop runs the timer
    waited = float(run(kernel, "print(later[0])"))
    assert 1.0 <= waited < 10


def test_outside_a_kernel_nothing_is_scheduled():
    import ipywidgets as widgets

    from iopkit.widgets.page import when_shown

    ran: list[int] = []
    assert when_shown(widgets.HTML(), lambda: ran.append(1)) is False and ran == []


def test_a_page_is_marked_read_once_its_first_read_is_done_or_refused(tmp_path):
    from iopkit.store import Store
    from iopkit.widgets.page import READ_CLASS, READING_CLASS
    from iopkit.widgets.programme import programme_app
    from iopkit.widgets.progress import progress_app

    page = progress_app(store=Store(tmp_path / "clinic.sqlite"))
    assert READ_CLASS not in page._dom_classes and READING_CLASS not in page._dom_classes
    page.start()  # outside a kernel: at once
    assert READ_CLASS in page._dom_classes and page.status.value == ""
    assert READING_CLASS not in page._dom_classes  # its inputs take clicks again

    def refused():
        raise OSError("the disk is gone")

    broken = programme_app(store=refused)
    broken.start()
    assert READ_CLASS in broken._dom_classes and "iop-status-error" in broken.status.value
    assert READING_CLASS not in broken._dom_classes


def test_a_page_takes_no_clicks_while_its_first_read_runs():
    """The lock is the page's class and one stylesheet rule: an ``iop-reading`` page's inputs take no pointer events."""
    import re

    from iopkit.widgets.base import load_css
    from iopkit.widgets.page import READING_CLASS

    css = load_css().value
    rule = re.search(re.escape(f".{READING_CLASS} :is(") + r"([^)]*)\) \{ pointer-events: none; \}", css)
    assert rule is not None and {"button", "select", "input", "textarea"} <= {s.strip() for s in rule[1].split(",")}
