"""Data sets: an index of bundled or generated (seeded) synthetic data, and the TEDS-D loader.

The index is data (``index.json`` next to this file): one entry per data set with ``name``,
``description``, ``source``, and either a ``generator`` (``"module:function"``, called with
``seed`` and ``kwargs``) or a bundled ``file`` (CSV in this folder). Add a data set by adding an
entry (or, at run time, with :func:`register`); nothing else changes.

Examples
--------
>>> [info.name for info in index()][:2]
['episodes', 'attendance']
>>> load("episodes", n=100).shape[0]
100
"""

from __future__ import annotations

import functools
import importlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .._frozen import freeze
from ..errors import InteropError, UnknownDatasetError
from .synthetic import synthetic_attendance, synthetic_episodes
from .teds import load_teds_d

__all__ = ["DatasetInfo", "index", "load", "register", "synthetic_episodes", "synthetic_attendance", "load_teds_d"]

_HERE = Path(__file__).parent


@dataclass(frozen=True)
class DatasetInfo:
    """One entry of the data-set index.

    Parameters
    ----------
    name : str
        What :func:`load` is called with (``"episodes"``).
    description : str
        What the data set holds, in a sentence.
    source : str
        Where it comes from (``"synthetic"``, with the codebooks or module that made it).
    generator : str, optional
        ``"module:function"`` that makes the data set, called with ``seed`` and ``kwargs``; give this or ``file``.
    seed : int, optional
        The seed passed to ``generator`` (none is passed when ``None``).
    kwargs : Mapping, optional
        More keyword arguments for ``generator`` (e.g. ``{"n": 2000}``); kept read-only.
    file : str, optional
        A CSV bundled in the package's ``datasets`` folder; give this or ``generator``.

    Raises
    ------
    InteropError
        Both ``generator`` and ``file`` given, or neither.
    """

    name: str
    description: str
    source: str
    generator: str | None = None
    seed: int | None = None
    kwargs: Mapping = field(default_factory=dict)
    file: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kwargs", freeze(self.kwargs))
        if (self.generator is None) == (self.file is None):
            raise InteropError(f"data set {self.name!r} needs exactly one of 'generator' or 'file'")


_INDEX: dict[str, DatasetInfo] = {}


def register(info: DatasetInfo) -> None:
    """Add (or replace) an entry in the index for this session.

    Parameters
    ----------
    info : DatasetInfo
        The entry; one of the same name is replaced (in its place in the index).

    Examples
    --------
    >>> [info.name for info in index()][:2]
    ['episodes', 'attendance']
    >>> register(DatasetInfo("episodes_small", "300 synthetic IOP/OP discharges for a quick look",
    ...                      "synthetic", generator="iopkit.datasets.synthetic:synthetic_episodes",
    ...                      seed=7, kwargs={"n": 300}))
    >>> [info.name for info in index()][-1], load("episodes_small").shape[0]
    ('episodes_small', 300)
    """
    _bundled()  # the bundled entries come first, whenever register is called
    _INDEX[info.name] = info


@functools.cache
def _bundled() -> None:
    """Read the bundled index.json into the index, once per session."""
    for entry in json.loads((_HERE / "index.json").read_text(encoding="utf-8")):
        _INDEX[entry["name"]] = DatasetInfo(**entry)


def index() -> tuple[DatasetInfo, ...]:
    """All data sets, in index order.

    Returns
    -------
    tuple of DatasetInfo
        The bundled entries of ``index.json`` first, then those added with :func:`register`.

    Examples
    --------
    >>> [info.name for info in index()][:2]
    ['episodes', 'attendance']
    """
    _bundled()
    return tuple(_INDEX.values())


def load(name: str, **kwargs):
    """The data set ``name`` as a pandas DataFrame; ``kwargs`` override the index's (e.g. ``n``, ``seed``).

    Parameters
    ----------
    name : str
        The data set's name in the index (:func:`index`).
    **kwargs
        For a generated data set, keyword arguments of its generator (they override the entry's ``seed`` and
        ``kwargs``); for a bundled file, keyword arguments of :func:`pandas.read_csv`.

    Returns
    -------
    pandas.DataFrame
        The data set.

    Raises
    ------
    UnknownDatasetError
        A name that is not in the index; the message lists those that are.

    Examples
    --------
    >>> load("intake_answers").shape[0] > 0
    True
    """
    known = {info.name: info for info in index()}
    if name not in known:
        raise UnknownDatasetError(f"unknown data set {name!r}; available: {', '.join(known)}")
    info = known[name]
    if info.file is not None:
        import pandas as pd

        return pd.read_csv(_HERE / info.file, **kwargs)
    assert info.generator is not None  # a dataset is either a file or a generator
    module, _, function = info.generator.partition(":")
    generate = getattr(importlib.import_module(module), function)
    seed_kw = {"seed": info.seed} if info.seed is not None else {}
    return generate(**{**info.kwargs, **seed_kw, **kwargs})
