"""The public API documents itself in numpy style: every public function and class of the modules listed
in ``DONE`` has a Parameters section when it takes arguments, Returns (or Yields) when it gives a value,
and Raises when it raises.

What is public is each module's ``__all__``. The check reads the source (no import), so it sees exactly
the docstrings a reader sees. ``TO_DO`` lists the modules not yet brought to this standard: when one is,
move it to ``DONE`` (the test below fails on a module listed in both or in neither).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "iopkit"

#: Modules whose public functions and classes carry every section that applies.
DONE = (
    "__init__",
    "__main__",
    "_cli_base",
    "_cli_data",
    "_files",
    "_frozen",
    "_lazy",
    "_validate",
    "cli",
    "demo",
    "datasets/__init__",
    "datasets/answers",
    "datasets/programme",
    "datasets/synthetic",
    "datasets/teds",
    "dose/__init__",
    "dose/attendance",
    "dose/bounds",
    "dose/calendar",
    "dose/groups",
    "dose/logs",
    "dose/off_plan",
    "dose/recorded",
    "dose/medicare",
    "dose/placed",
    "dose/plan",
    "dose/response",
    "dose/schedule",
    "entry",
    "errors",
    "flags",
    "instruments/__init__",
    "instruments/_checks",
    "interop/__init__",
    "interop/csv",
    "interop/fhir",
    "interop/fhir_file",
    "interop/fhir_in",
    "interop/redcap",
    "interop/limits",
    "interop/report",
    "interop/schema",
    "interop/sdc",
    "markup",
    "progress",
    "psychometrics",
    "records",
    "research",
    "sources",
    "store/__init__",
    "store/__main__",
    "store/chain",
    "store/files",
    "store/kinds",
    "store/load",
    "store/pg_roles",
    "store/pg_schema",
    "store/schema",
    "store/text",
    "scoring/__init__",
    "scoring/cohort",
    "scoring/core",
    "scoring/dask",
    "scoring/engine",
    "scoring/file",
    "scoring/result",
    "episode",
    "in_programme",
    "_partial",
    "placement/__init__",
    "placement/boxes",
    "placement/_calls",
    "placement/_record",
    "placement/continued_stay",
    "placement/decision",
    "placement/levels",
    "placement/recommendation",
    "placement/resolution",
    "placement/rule_table",
    "placement/steps",
    "placement/suggest",
    "store/database",
    "store/postgres",
    "store/bulk",
    "hub",
    "serving",
    "checkin",
    "audit",
    "report/patient",
    "report/html",
    "instruments/_model",
    "instruments/audit",
    "instruments/audit_c",
    "instruments/bam",
    "instruments/cage_aid",
    "instruments/ciwa_ar",
    "instruments/cows",
    "instruments/crafft",
    "instruments/cssrs_screen",
    "instruments/dast10",
    "instruments/dsm5_sud",
    "instruments/gad2",
    "instruments/gad7",
    "instruments/pcl5",
    "instruments/phq2",
    "instruments/phq9",
    "instruments/translations/__init__",
    "report/__init__",
    "report/data",
    "report/late",
    "report/outcomes",
    "report/programme",
    "report/stays",
    "report/tables",
    "widgets/__init__",
    "widgets/base",
    "widgets/charts",
    "widgets/checkin",
    "widgets/dose",
    "widgets/form",
    "widgets/groups",
    "widgets/home",
    "widgets/intake",
    "widgets/page",
    "widgets/placement",
    "widgets/programme",
    "widgets/progress",
    "widgets/render",
    "widgets/screens",
    "widgets/summary",
)

#: Modules with a public API not yet checked (the lead shrinks this list as modules are done).
TO_DO: tuple[str, ...] = ()

SECTION = re.compile(r"^\s*(Parameters|Returns|Yields|Raises|Other Parameters)\n\s*-{3,}\s*$", re.MULTILINE)


def _sections(node: ast.AST) -> set[str]:
    doc = ast.get_docstring(node) or ""  # type: ignore[arg-type]
    return set(SECTION.findall(doc))


def _own_nodes(func: ast.AST):
    """The function's own statements, not those of functions or classes defined inside it."""
    stack = list(ast.iter_child_nodes(func))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def _raises(func: ast.AST) -> bool:
    return any(isinstance(n, ast.Raise) and n.exc is not None for n in _own_nodes(func))


def _arguments(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    a = func.args
    names = [x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)]
    names += [x.arg for x in (a.vararg, a.kwarg) if x is not None]
    return [n for n in names if n not in ("self", "cls")]


def _gives(func: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """ "Yields", "Returns" or None, from the annotation or (without one) the body."""
    if any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in _own_nodes(func)):
        return "Yields"
    if func.returns is not None:
        return None if ast.unparse(func.returns) in ("None", "NoReturn", "Never") else "Returns"
    valued = any(isinstance(n, ast.Return) and n.value is not None for n in _own_nodes(func))
    return "Returns" if valued else None


def _missing_of_function(func: ast.FunctionDef | ast.AsyncFunctionDef, doc_node: ast.AST) -> set[str]:
    have, need = _sections(doc_node), set()
    if _arguments(func):
        need.add("Parameters")
    if gives := _gives(func):
        need.add(gives)
    if _raises(func):
        need.add("Raises")
    if "Other Parameters" in have:
        have.add("Parameters")
    return need - have


def _is_dataclass(cls: ast.ClassDef) -> bool:
    return any("dataclass" in ast.unparse(d) for d in cls.decorator_list)


def _missing_of_class(cls: ast.ClassDef) -> set[str]:
    bases = {ast.unparse(b) for b in cls.bases}
    if any(b.endswith(("Enum", "Error", "Exception", "Warning", "Protocol", "NamedTuple", "TypedDict")) for b in bases):
        return set()
    methods = {n.name: n for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    have, need = _sections(cls), set()
    init = methods.get("__init__")
    if init is not None and _arguments(init):
        need.add("Parameters")
    elif (
        init is None
        and _is_dataclass(cls)
        and "init=False" not in ast.unparse(cls.decorator_list[0])
        and any(isinstance(n, ast.AnnAssign) and "ClassVar" not in ast.unparse(n.annotation) for n in cls.body)
    ):
        need.add("Parameters")
    if any(m in methods and _raises(methods[m]) for m in ("__init__", "__post_init__", "__new__")):
        need.add("Raises")
    if init is not None:
        have |= _sections(init)
    if "Attributes" in (ast.get_docstring(cls) or "") and "Parameters" in need and _is_dataclass(cls):
        have.add("Parameters")  # a dataclass may document its fields as Attributes
    return need - have


def _public(module: str) -> list[tuple[str, set[str]]]:
    """(name, missing sections) for every function and class the module defines and lists in __all__."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    exported: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            exported = {e.value for e in node.value.elts if isinstance(e, ast.Constant)}  # type: ignore[attr-defined]
    found = []
    for node in tree.body:
        if getattr(node, "name", None) not in exported:
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if any(ast.unparse(d).endswith("overload") for d in node.decorator_list):
                continue  # the implementation carries the docstring
            found.append((node.name, _missing_of_function(node, node)))
        elif isinstance(node, ast.ClassDef):
            found.append((node.name, _missing_of_class(node)))
    return found


@pytest.mark.parametrize("module", DONE)
def test_public_functions_and_classes_have_their_numpydoc_sections(module):
    missing = {name: sorted(sections) for name, sections in _public(module) if sections}
    assert missing == {}


def test_every_module_is_listed_once_as_done_or_to_do():
    modules = {str(p.relative_to(PACKAGE).with_suffix("")) for p in PACKAGE.rglob("*.py")}

    def listed(entry: str) -> set[str]:
        if entry.endswith("/*"):
            return {m for m in modules if m.startswith(entry[:-1])}
        return {entry} & modules

    done = {m for e in DONE for m in listed(e)}
    to_do = {m for e in TO_DO for m in listed(e)} - done
    assert modules - done - to_do == set(), "list a new module in DONE or TO_DO"
    assert done == set(DONE), "every DONE entry names one module"


def test_the_check_sees_a_missing_section():
    tree = ast.parse(
        'def f(x):\n    """Doc.\n\n    Returns\n    -------\n    int\n    """\n'
        "    if x:\n        raise ValueError(x)\n    return 1\n"
    )
    func = tree.body[0]
    assert _missing_of_function(func, func) == {"Parameters", "Raises"}  # type: ignore[arg-type]
