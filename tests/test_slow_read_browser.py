"""A page whose first read of the store is slow renders at once, then fills in (headless Chromium, real Voila).

A read on the kernel's loop holds back every answer to the browser: the whole page waited for it (the caseload
of the 245-patient demo, 2 s idle, far more on a loaded server).  Worse, the browser's widget manager gives up on a
kernel silent for 4 s after it first answered (ipywidgets' control-comm timeout) and falls back to one request per
widget, which left "Error displaying widget: model not found" in place of the page now and then in the full test
run and in the benchmark.  The pages now read in a worker thread (:func:`iopkit.widgets.page.start_reading`).  Here
the store takes 8 s to open, as a slow disk or a loaded server would: the page must render seconds before the read
is done, with no fallback, then show what was read.
"""

from __future__ import annotations

import json
import time

import pytest

from .conftest import RENDER_ERROR_TEXT, assert_no_callback_failures

pytestmark = pytest.mark.browser

#: Seconds the store takes to open: longer than the 4 s the browser waits for the widgets' state.
SLOW_S = 8

SLOW_STORE = f"""import os, time
from iopkit.store import Store

def slow_store():
    time.sleep({SLOW_S})  # a slow disk or a loaded server: longer than the browser waits for the widgets
    return Store(os.environ["IOPKIT_DB"])
"""

PAGES = {
    "slow_home.ipynb": ("from iopkit.widgets import home\npage = home(store=slow_store)", ".iop-home", ".iop-caseload"),
    "slow_programme.ipynb": (
        "from iopkit.widgets.programme import programme_app\npage = programme_app(store=slow_store)",
        ".iop-programme-page",
        ".iop-programme-body table",
    ),
}


def _notebook(build: str) -> str:
    cells = [SLOW_STORE, f"from iopkit.widgets import load_css\n{build}\ndisplay(load_css(), page)", "page.start()"]
    return json.dumps(
        {
            "cells": [
                {"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": []}
                | {"source": cell}
                for i, cell in enumerate(cells)
            ],
            "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


@pytest.fixture(scope="module")
def slow_pages(tmp_path_factory, demo_db):
    from iopkit.placement import recommend
    from iopkit.store import Store

    with Store(demo_db) as store:
        if not any(p.pseudonym == "BT-SLOW-1" for p in store.patients()):
            pid = store.add_patient("BT-SLOW-1")
            store.save(pid, recommend({1: 0, 2: 0, 3: 2, 4: 1, 5: 2, 6: 1}), by="seed")
    folder = tmp_path_factory.mktemp("slow")
    for name, (build, _frame, _filled) in PAGES.items():
        (folder / name).write_text(_notebook(build))
    return folder


@pytest.mark.parametrize("notebook", sorted(PAGES))
def test_a_page_renders_while_its_slow_read_runs_then_fills_in(voila, page, slow_pages, notebook):
    _build, frame, data = PAGES[notebook]
    server = voila(slow_pages)
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    began = time.monotonic()
    page.goto(server.login_url(f"/voila/render/{notebook}"), wait_until="commit")
    page.wait_for_selector(frame, state="visible", timeout=60_000)
    framed = time.monotonic() - began
    page.wait_for_selector(data, state="visible", timeout=60_000)
    filled = time.monotonic() - began
    content = page.content()
    assert RENDER_ERROR_TEXT not in content and "model not found" not in content, server.log_tail()
    # the kernel answered the browser while it read: the widget manager never gave up on it (it says so with
    # 'Failed to fetch ipywidgets through the "jupyter.widget.control" comm channel ...: Control comm did not
    # respond in time' and falls back to one request per widget, which can leave a widget without its model)
    gave_up = [m for m in console if "jupyter.widget.control" in m or "model not found" in m]
    assert not gave_up, gave_up
    # the frame came seconds before the read was done (a read on the kernel's loop held the whole page back)
    assert filled - framed > 2, (framed, filled)
    if notebook == "slow_home.ipynb":
        assert page.locator(".iop-patients tr", has_text="BT-SLOW-1").count() == 1
    assert_no_callback_failures(server)
