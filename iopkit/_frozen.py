"""Read-only values for frozen results: a mapping nobody can change, equal to the dict it was made from,
hashable where its values are.

A frozen dataclass only stops its attributes being rebound; a ``dict`` inside one can still be changed
(``score(...).answers[9] = 3``). Results hold :class:`FrozenMap` instead, made by :func:`freeze`.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import Any, TypeVar

__all__ = ["FrozenMap", "freeze", "thaw"]

#: Values that are returned as they are, checked first (exact types: a subclass goes the general way).
_SCALARS = frozenset({int, float, str, bool, type(None)})

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V]):
    """A read-only mapping: equal to a ``dict`` with the same items, hashable when its values are.

    Parameters
    ----------
    data : Mapping or iterable of pairs, optional
        The items (copied: a later change to ``data`` does not show here).

    Examples
    --------
    >>> m = FrozenMap({1: 0, 2: 3})
    >>> m == {1: 0, 2: 3}, m[2], hash(m) == hash(FrozenMap({2: 3, 1: 0}))
    (True, 3, True)
    >>> m[2] = 1
    Traceback (most recent call last):
    TypeError: 'FrozenMap' object does not support item assignment
    >>> m
    {1: 0, 2: 3}
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[K, V] | Any = (), /) -> None:
        self._data: dict[K, V] = dict(data)

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __eq__(self, other: object) -> bool:  # as Mapping's (equal to a mapping of the same items), quicker
        if type(other) is FrozenMap or type(other) is dict:
            return self._data == (other._data if type(other) is FrozenMap else other)
        return super().__eq__(other)

    def get(self, key: K, default: Any = None) -> Any:
        return self._data.get(key, default)

    def items(self) -> ItemsView[K, V]:  # the dict's own read-only views: Mapping's are Python loops
        return self._data.items()

    def keys(self) -> KeysView[K]:
        return self._data.keys()

    def values(self) -> ValuesView[V]:
        return self._data.values()

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __repr__(self) -> str:  # reads as the dict it was made from
        return repr(self._data)

    def __reduce__(self) -> tuple[type, tuple[dict[K, V]]]:  # pickles (dask, multiprocessing) and copies
        return (type(self), (self._data,))


def freeze(value: object) -> Any:
    """``value`` with every dict, list and set inside it made read-only (FrozenMap, tuple, frozenset).

    Parameters
    ----------
    value : object
        Any value; a mapping, list, tuple or set is frozen all the way down, anything else is returned as is.

    Returns
    -------
    object
        The frozen value (a :class:`FrozenMap` for a mapping).

    Examples
    --------
    >>> freeze({"a": [1, {"b": 2}]})
    {'a': (1, {'b': 2})}
    >>> type(freeze({"a": [1]})["a"]).__name__
    'tuple'
    """
    if type(value) in _SCALARS:  # the common case, without the abstract-class checks below
        return value
    if isinstance(value, Mapping):
        return FrozenMap({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list) or type(value) is tuple:  # a named tuple keeps its type
        return tuple(freeze(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(freeze(v) for v in value)
    return value


def thaw(value: object) -> Any:
    """The JSON-able form of a frozen value: every mapping a ``dict``, every tuple a ``list``.

    Parameters
    ----------
    value : object
        A value made by :func:`freeze` (or any value).

    Returns
    -------
    object
        ``value`` with its mappings as dicts and its tuples (not named tuples) as lists, all the way down.

    Examples
    --------
    >>> thaw(freeze({"a": [1, {"b": 2}]}))
    {'a': [1, {'b': 2}]}
    """
    if type(value) in _SCALARS:
        return value
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, list) or type(value) is tuple:
        return [thaw(v) for v in value]
    return value
