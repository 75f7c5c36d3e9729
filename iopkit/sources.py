"""The bibliography: every source a rule, flag, band or recommendation cites, with its full citation.

Sources are data, in ``iopkit/bibliography/*.toml`` (one file per part: instruments, placement, dose ...),
each entry a key with ``short`` (inline form, e.g. "Kroenke et al. 2001"), ``citation`` (the full
reference), ``url`` (DOI link or stable address), and ``supports`` (what iopkit takes from it).  The key
``iopkit`` marks iopkit's own design choices, which no published source makes.

A rule's ``source`` field holds one or more keys separated by ``;`` (e.g. ``"kroenke2001; camcops"``);
:func:`resolve` turns it into :class:`Source` values, which the pages and reports render (short form
inline, the full citation on demand and in the printout).

>>> s = source("iopkit")
>>> s.own_rule
True
>>> print(s.short)
iopkit's own rule, not from a published source; review locally
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import IopkitError

__all__ = ["Source", "UnknownSourceError", "source", "sources", "resolve", "in_words", "joined", "OWN_RULE"]

#: The key of iopkit's own design choices.
OWN_RULE = "iopkit"


class UnknownSourceError(IopkitError, KeyError):
    """A source key that is not in the bibliography (a bug in the data)."""


@dataclass(frozen=True, slots=True)
class Source:
    """One entry of the bibliography.

    Parameters
    ----------
    key : str
        Stable identifier, e.g. ``"kroenke2001"``.
    short : str
        Inline form ("Kroenke et al. 2001").
    citation : str
        The full reference (authors, title, journal or publisher, year, pages).
    url : str
        A DOI link or stable address; may be empty.
    supports : str
        What iopkit takes from this source.
    """

    key: str
    short: str
    citation: str
    url: str = ""
    supports: str = ""

    @property
    def own_rule(self) -> bool:
        """True for iopkit's own design choices (no published source)."""
        return self.key == OWN_RULE

    def full(self) -> str:
        """The full citation with its address, as the printout shows it."""
        return f"{self.citation} {self.url}".strip()


_OWN = Source(
    OWN_RULE,
    "iopkit's own rule, not from a published source; review locally",
    "iopkit design choice: not taken from a published source. Review it against local policy "
    "and clinical judgement before relying on it.",
    "",
    "rules marked as iopkit's own",
)


#: Keys merged into another (one source, one key); records saved before the merge still name the old key. The ASAM
#: 2020 alcohol withdrawal guideline was cited under two keys (``ciwa_asam2020`` by the CIWA-Ar's scheme and flags,
#: ``asam_awm2020`` by the placement rules): one entry now, so a page lists it once.
MERGED = {"columbia_triage": "cssrs_screener_triage", "ciwa_asam2020": "asam_awm2020"}


@functools.cache
def sources() -> Mapping[str, Source]:
    """Every source in the bibliography, by key (read once from the package data).

    Returns
    -------
    Mapping of str to Source
        Every entry, iopkit's own-rule entry included.

    Raises
    ------
    UnknownSourceError
        A key defined twice in the bibliography files (a bug in the package data).
    """
    import tomllib  # imported on the first read: a page that cites no source does not pay for it
    from importlib import resources

    found: dict[str, Source] = {OWN_RULE: _OWN}
    folder = resources.files("iopkit") / "bibliography"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        for key, fields in tomllib.loads(entry.read_text(encoding="utf-8")).items():
            if key in found:
                raise UnknownSourceError(f"bibliography key {key!r} is defined twice ({entry.name})")
            found[key] = Source(key, **fields)
    return found


def source(key: str) -> Source:
    """The bibliography entry for ``key``.

    Parameters
    ----------
    key : str
        A bibliography key (surrounding spaces are ignored).

    Returns
    -------
    Source
        The entry.

    Raises
    ------
    UnknownSourceError
        If ``key`` is not in the bibliography.
    """
    try:
        key = key.strip()
        return sources()[MERGED.get(key, key)]
    except KeyError:
        raise UnknownSourceError(f"source {key!r} is not in iopkit's bibliography", value=key) from None


def resolve(text: str) -> tuple[Source, ...]:
    """The sources named by a rule's ``source`` field (keys separated by ``;``), in order, each once: a key merged
    into another (:data:`MERGED`, a record saved before the merge) reads as the entry it was merged into.

    Parameters
    ----------
    text : str
        Keys separated by ``;`` (``"kroenke2001; iopkit"``).

    Returns
    -------
    tuple of Source
        The entries, in the order first named.

    Raises
    ------
    UnknownSourceError
        A key that is not in the bibliography.

    Examples
    --------
    >>> [s.key for s in resolve("iopkit")]
    ['iopkit']
    >>> [s.key for s in resolve("ciwa_asam2020; asam_awm2020")]  # one guideline, once; the first key as saved before
    ['asam_awm2020']
    """
    return tuple(dict.fromkeys(source(k) for k in text.split(";") if k.strip()))


def joined(*texts: str) -> str:
    """One ``source`` field naming every key of ``texts`` once, in the order first named: the basis of a rule that
    restates other rules' findings (their sources) with a step of its own.

    Parameters
    ----------
    *texts : str
        ``source`` fields, keys separated by ``;``.

    Returns
    -------
    str
        The keys, ``"; "``-separated.

    Examples
    --------
    >>> joined("cam_inouye1990; iopkit", "asam_awm2020; iopkit")
    'cam_inouye1990; iopkit; asam_awm2020'
    """
    return "; ".join(dict.fromkeys(k.strip() for text in texts for k in text.split(";") if k.strip()))


def in_words(text: str) -> str:
    """A ``source`` field as plain text: the short form of each source, separated by ``;``.

    For plain-text output (summaries, report notes); HTML pages use :func:`iopkit.markup.source_html`, which
    adds the full citation. Text that is not bibliography keys (a user's own curve, records saved before the
    bibliography) is returned as it is.

    Parameters
    ----------
    text : str
        Keys separated by ``;``, or older free text.

    Returns
    -------
    str
        The short forms, in the order named.

    Examples
    --------
    >>> in_words("iopkit")
    "iopkit's own rule, not from a published source; review locally"
    >>> in_words("my own fit, 2024 cohort")
    'my own fit, 2024 cohort'
    """
    try:
        return "; ".join(s.short for s in resolve(text))
    except UnknownSourceError:
        return text
