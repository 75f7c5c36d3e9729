"""A dashboard notebook is one call of :func:`iopkit.widgets.page.show_page` (issue 12, first render).

Under Voila the kernel builds the page while the browser loads Voila's scripts: the page's HTML goes out once the
notebook has run, and the widgets are built on the kernel's loop just after (the browser asks for them on that loop,
so never for half of them).  Elsewhere (JupyterLab, nbval, a script) the page is built, displayed and started at
once.  The browser tests run on real Voila and Chromium; a page whose build fails must say so, not stay blank.
"""

from __future__ import annotations

import json

import ipywidgets as widgets
import pytest

from iopkit.widgets.base import GENERIC_FAILURE
from iopkit.widgets.page import show_page

from .conftest import RENDER_ERROR_TEXT


class _Page(widgets.HTML):
    """A page as show_page takes it: a widget with ``start()``."""

    def start(self) -> None:
        self.value += " started"


def test_outside_voila_the_page_is_built_displayed_and_started_at_once(capsys):
    made: list[_Page] = []

    def build():
        made.append(_Page("built"))
        return made[-1]

    show_page(build)
    assert [p.value for p in made] == ["built started"]  # built once, started once, before show_page returns
    assert capsys.readouterr().out == "_Page(value='built')\n"  # displayed (a script prints its repr), then started


def test_the_last_widget_built_is_the_one_started():
    css, page = _Page("style"), _Page("page")
    show_page(lambda: (css, page))
    assert (css.value, page.value) == ("style", "page started")


def _notebook(code: str) -> str:
    return json.dumps(
        {
            "cells": [
                {
                    "cell_type": "code",
                    "execution_count": None,
                    "id": "c0",
                    "metadata": {},
                    "outputs": [],
                    "source": code,
                }
            ],
            "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


PAGE = """import time
from pathlib import Path

import ipywidgets as w
from iopkit.errors import StoreError
from iopkit.widgets.page import show_page


class Page(w.HTML):
    def start(self):
        self.value += " and started"


def waits_for_the_browser():
    go = Path({go!r})
    for _ in range(300):  # 30 s: far longer than the page takes to reach the browser
        if go.exists():
            return Page("<p class='built'>built after the page was sent</p>")
        time.sleep(0.1)
    return Page("<p class='built'>built before the page was sent</p>")


def fails_as_iopkit():
    raise StoreError("The record store could not be opened: the disk is full.")


def fails_unexpectedly():
    raise ValueError("nobody expected this")


show_page({build})
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("show_page")
    go = folder / "go"
    for build in ("waits_for_the_browser", "fails_as_iopkit", "fails_unexpectedly"):
        (folder / f"{build}.ipynb").write_text(_notebook(PAGE.format(go=str(go), build=build)))
    return folder, go


@pytest.mark.browser
def test_under_voila_the_page_is_sent_before_it_is_built(voila, page, pages):
    folder, go = pages
    server = voila(folder)
    # The build waits until this test has the page's HTML: built first, the HTML would come only after 30 s.
    page.goto(server.login_url("/voila/render/waits_for_the_browser.ipynb"), wait_until="domcontentloaded")
    go.touch()
    page.wait_for_selector(".built", state="visible", timeout=60_000)
    assert " ".join(page.locator(".widget-html").inner_text().split()) == "built after the page was sent and started"
    assert RENDER_ERROR_TEXT not in page.content()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("build", "shown"),
    [
        ("fails_as_iopkit", "The record store could not be opened: the disk is full."),
        ("fails_unexpectedly", GENERIC_FAILURE),
    ],
)
def test_under_voila_a_page_that_cannot_be_built_says_so(voila, page, pages, build, shown):
    folder, _go = pages
    server = voila(folder)
    page.goto(server.login_url(f"/voila/render/{build}.ipynb"), wait_until="domcontentloaded")
    error = page.locator(".iop-status-error")
    error.wait_for(state="visible", timeout=60_000)
    assert error.inner_text() == shown
    assert "nobody expected" not in page.content()  # an unexpected error's details stay in the server's log
    if build == "fails_unexpectedly":
        assert "nobody expected this" in server.log_text()
