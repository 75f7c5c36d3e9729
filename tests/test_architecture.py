"""The layout keeps its promises: dependencies point down, the library never needs a UI package.

The import graph is read from the source (every ``import`` statement, at module level or inside a
function, since a function-level import is still a dependency), so these tests need nothing installed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "iopkit"
UI_PACKAGES = {"ipywidgets", "voila", "IPython", "ipykernel", "traitlets", "matplotlib"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    if node.level == 0:
        base = node.module or ""
    else:
        here = module.split(".") if is_package else module.split(".")[:-1]
        here = here[: len(here) - (node.level - 1)]
        base = ".".join(here + ([node.module] if node.module else []))
    if node.module is None:  # from . import a, b: each name may be a submodule
        return [f"{base}.{a.name}" for a in node.names]
    return [base] + [f"{base}.{a.name}" for a in node.names]


def _graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Internal imports (module -> iopkit modules) and external top-level packages per module."""
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    internal: dict[str, set[str]] = {m: set() for m in files}
    external: dict[str, set[str]] = {m: set() for m in files}
    for module, path in files.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = _resolve(module, path.name == "__init__.py", node)
            else:
                continue
            for name in names:
                if name.split(".")[0] != "iopkit":
                    external[module].add(name.split(".")[0])
                    continue
                while name and name not in files:  # "iopkit.scoring.score" -> "iopkit.scoring"
                    name = name.rpartition(".")[0]
                if name and name != module:
                    internal[module].add(name)
    return internal, external


GRAPH, EXTERNAL = _graph()


def _below(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def _parents(module: str) -> set[str]:
    """A package's __init__ runs before its submodules: importing a.b imports a."""
    parts = module.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


def test_the_import_graph_has_no_circle():
    """Tarjan's strongly connected components over iopkit's own imports (package __init__ files
    re-exporting their submodules are not counted as a circle with those submodules)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def edges(m: str) -> set[str]:
        return {t for t in GRAPH[m] if m not in _parents(t) and t not in _parents(m)}

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges(v):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    assert circles == []


#: The layers that serve or show: they may use the UI and server packages; nothing below them may.
UI_LAYER = ("iopkit.widgets", "iopkit.serving", "iopkit.cli", "iopkit.__main__")


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if not any(_below(m, p) for p in UI_LAYER)))
def test_the_library_below_widgets_never_imports_a_ui_package(module):
    assert EXTERNAL[module] & UI_PACKAGES == set()


@pytest.mark.parametrize(
    "module", sorted(m for m in GRAPH if _below(m, "iopkit.scoring") or _below(m, "iopkit.instruments"))
)
def test_scoring_knows_nothing_of_the_parts_above_it(module):
    above = (
        "iopkit.placement",
        "iopkit.dose",
        "iopkit.store",
        "iopkit.widgets",
        "iopkit.progress",
        "iopkit.interop",
        "iopkit.report",
        "iopkit.episode",
        "iopkit.serving",
        "iopkit.cli",
    )
    assert {t for t in GRAPH[module] if t.startswith(above)} == set()


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if _below(m, "iopkit.widgets")))
def test_no_widget_imports_the_demo(module):
    """Which store a dashboard opens (the clinic's, else the demo) is the application's choice: the dashboard
    notebooks pass it to the page; a widget is given a store, or a function that opens one."""
    assert {t for t in GRAPH[module] if _below(t, "iopkit.demo")} == set()


def test_scoring_is_a_package_of_parts():
    """score, score_many, score_file and the cohort and Dask helpers live under iopkit.scoring."""
    assert {"iopkit.scoring.core", "iopkit.scoring.cohort", "iopkit.scoring.file", "iopkit.scoring.dask"} <= set(GRAPH)
    assert not {"iopkit._cohort", "iopkit.dask_support", "iopkit.scoring_file"} & set(GRAPH)


def test_the_graph_reader_sees_function_level_imports():
    assert "iopkit.scoring.cohort" in GRAPH["iopkit.scoring.core"]  # imported inside score_many
    assert "iopkit.scoring" in GRAPH["iopkit.store.kinds"]  # imported inside a function
    assert GRAPH["iopkit.store.kinds"] >= {"iopkit.errors"}
