"""A dashboard notebook is one call of :func:`iopkit.widgets.page.show_page`: build, display, then start.

Every dashboard's browser tests run it under real Voila and Chromium; here, what it does in order.
"""

from __future__ import annotations

import ipywidgets as widgets

from iopkit.widgets.page import show_page


class _Page(widgets.HTML):
    """A page as show_page takes it: a widget with ``start()``."""

    def start(self) -> None:
        self.value += " started"


def test_the_page_is_built_then_displayed_then_started(capsys):
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
