"""Public names of a package that are imported on first use (PEP 562), so that importing the package stays light."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(package: str, where: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The module-level ``__getattr__`` and ``__dir__`` of ``package`` for the names in ``where``.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    where : mapping of str to str
        Public name -> the module it lives in: a module of ``package`` (``"decision"``, no dot) or a dotted
        absolute name (``"iopkit.scoring"``); a name that is itself a submodule maps to ``""`` (in ``iopkit``,
        ``"dose": ""``).

    Returns
    -------
    (callable, callable)
        ``__getattr__`` (imports the name's module the first time the name is asked for and keeps the value in the
        package) and ``__dir__`` (the package's names with the lazy ones).

    Examples
    --------
    >>> import types, sys
    >>> demo = types.ModuleType("demo_pkg")
    >>> sys.modules["demo_pkg"] = demo
    >>> demo.__getattr__, demo.__dir__ = lazy_names("demo_pkg", {"join": "os.path"})
    >>> demo.join("a", "b"), "join" in vars(demo), "join" in dir(demo)
    ('a/b', True, True)
    >>> del sys.modules["demo_pkg"]
    """

    def value_of(name: str) -> Any:
        home = where[name]
        if not home:
            return importlib.import_module(f"{package}.{name}")
        return getattr(importlib.import_module(home if "." in home else f".{home}", package), name)

    def __getattr__(name: str) -> Any:  # noqa: N807  (the PEP 562 hook)
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = value_of(name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:  # noqa: N807
        return sorted(set(vars(sys.modules[package])) | set(where))

    return __getattr__, __dir__
