"""What importing iopkit and each dashboard page loads, checked in a fresh interpreter.

A dashboard's kernel starts for every page a clinician opens, so importing a page module loads only what
the page's first render needs: numpy, pandas, scipy, the scoring engine, the store and the report are
imported by the functions that use them, after the page is on screen.  Asserted on ``sys.modules``
(never on time: performance targets live in ``benchmarks/``).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import DASHBOARDS

#: Never loaded by ``import iopkit``.
HEAVY = ("numpy", "pandas", "scipy", "matplotlib", "ipywidgets")

#: The dashboard page modules (iopkit/dashboards/*.ipynb import these).
PAGES = ("home", "intake", "placement", "dose", "progress", "programme", "groups", "checkin")

#: Never loaded by importing a page module: the page imports them when it reads or saves.
NOT_FOR_A_PAGE = (
    "numpy",
    "pandas",
    "scipy",
    "matplotlib",
    "iopkit.scoring",
    "iopkit.instruments",
    "iopkit.progress",
    "iopkit.placement.continued_stay",
    "iopkit.store",
    "iopkit.episode",
    "iopkit.report",
    "iopkit.dose",
)


def _loaded_by(statement: str, names) -> list[str]:
    """Which of ``names`` are in ``sys.modules`` after ``statement`` runs in a fresh interpreter."""
    code = f"import json, sys\n{statement}\nprint(json.dumps([m for m in {list(names)!r} if m in sys.modules]))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.splitlines()[-1])


def test_importing_iopkit_loads_no_heavy_module():
    assert _loaded_by("import iopkit", HEAVY) == []


def test_importing_iopkit_loads_only_the_errors():
    loaded = _loaded_by("import iopkit", ("iopkit.flags", "iopkit.placement", "iopkit.sources", "tomllib"))
    assert loaded == []


def test_importtime_shows_no_heavy_import():
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import iopkit"], capture_output=True, text=True, check=True
    )
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in result.stderr.splitlines()}
    assert "iopkit" in imported
    assert imported.isdisjoint(HEAVY)


def test_the_names_import_iopkit_gives_still_resolve():
    code = (
        "import iopkit\n"
        "from iopkit import Flag, LevelOfCare, score\n"
        "from iopkit.flags import Flag as F\n"
        "from iopkit.placement.levels import LevelOfCare as L\n"
        "assert Flag is F and LevelOfCare is L and iopkit.LevelOfCare is L\n"
        "assert score('phq2', [1, 1]).total == 2\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_importing_placement_leaves_the_review_and_numpy_unloaded():
    loaded = _loaded_by(
        "from iopkit.placement import LevelOfCare, recommend",
        ("numpy", "iopkit.progress", "iopkit.placement.continued_stay", "iopkit.instruments"),
    )
    assert loaded == []


def test_every_public_placement_name_resolves_lazily():
    code = (
        "import iopkit.placement as p, iopkit.placement.continued_stay as c\n"
        "missing = [n for n in p.__all__ if getattr(p, n, None) is None]\n"
        "assert not missing, missing\n"
        "assert p.review is c.review and p.rules.__module__ == 'iopkit.placement.rule_table'\n"
        "assert set(p.__all__) <= set(dir(p))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_an_unknown_placement_name_is_an_attribute_error():
    import iopkit.placement

    with pytest.raises(AttributeError, match="no attribute 'recomend'"):
        iopkit.placement.recomend  # noqa: B018


@pytest.mark.parametrize("page", PAGES)
def test_importing_a_page_loads_only_what_its_first_render_needs(page):
    assert _loaded_by(f"import iopkit.widgets.{page}", NOT_FOR_A_PAGE) == []


#: Never loaded before a dashboard is on screen: its first read (``start()``) imports them.
NOT_BEFORE_THE_FIRST_RENDER = (
    "numpy",
    "pandas",
    "scipy",
    "matplotlib",
    "iopkit.scoring",
    "iopkit.store",
    "iopkit.report",
    # The instruments' catalogue (imported by ranking flags by urgency, 20-45 ms): the intake page's list is filled
    # by its first read, the dose planner's taper is drawn there (issue #12, first render).
    "iopkit.instruments",
)


def _building_only(notebook) -> str:
    """A dashboard notebook's code with ``show_page`` only building the page: its imports and widgets, not
    ``start()`` (which reads the store once the browser has shown the page)."""
    cells = ["".join(c["source"]) for c in json.loads(notebook.read_text())["cells"] if c["cell_type"] == "code"]
    assert "show_page(page)" in cells[-1]
    return "\n".join(["import iopkit.widgets.page", "iopkit.widgets.page.show_page = lambda build: build()", *cells])


@pytest.mark.parametrize("notebook", sorted(DASHBOARDS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_building_a_dashboard_loads_only_what_its_first_render_needs(notebook):
    assert _loaded_by(_building_only(notebook), NOT_BEFORE_THE_FIRST_RENDER) == []


def test_the_dashboards_store_opener_loads_no_store_or_numpy():
    assert _loaded_by("from iopkit.demo import dashboard_store", ("numpy", "iopkit.store")) == []


def test_instrument_definitions_check_answers_without_numpy():
    # The catalogue is read while the intake and home pages are built: its answer checks do not import numpy
    # and say the same as when numpy is loaded.
    code = (
        "from iopkit.instruments import get\n"
        "from iopkit.errors import InvalidAnswerError\n"
        "item = get('phq9').item(1)\n"
        "out = []\n"
        "for value in (True, 'x', 7, 0.5):\n"
        "    try:\n"
        "        item.code_of(value)\n"
        "    except InvalidAnswerError as error:\n"
        "        out.append(str(error))\n"
        "for number in (True, 0):\n"
        "    try:\n"
        "        get('phq9').item(number)\n"
        "    except InvalidAnswerError as error:\n"
        "        out.append(str(error))\n"
        "for answers in ({0: 1}, 'abc'):\n"
        "    try:\n"
        "        get('gad2').arrange(answers)\n"
        "    except InvalidAnswerError as error:\n"
        "        out.append(str(error))\n"
        "print(json.dumps([out, 'numpy' in sys.modules]))\n"
    )
    runs = {
        numpy: json.loads(
            subprocess.run(
                [sys.executable, "-c", f"import json, sys{', numpy' if numpy else ''}\n{code}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for numpy in (False, True)
    }
    assert runs[False][1] is False and runs[True][1] is True
    assert len(runs[False][0]) == 8
    assert runs[False][0] == runs[True][0]
