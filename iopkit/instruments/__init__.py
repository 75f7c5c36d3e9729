"""The instrument catalogue: one data definition per instrument.

Each definition (:class:`Instrument`) carries its items (short stem, allowed answers with
printed labels, points), banding schemes, skip rules, subscales, flag rules, LOINC codes,
citation and licence, and is checked when loaded (items numbered in form order, bands
contiguous and covering the possible range, every rule naming real items).

Calling the package returns the catalogue, a read-only mapping from code to definition:
``iopkit.instruments()``.

Examples
--------
>>> import iopkit
>>> list(iopkit.instruments())[:4]
['audit', 'audit_c', 'dast10', 'cage_aid']
>>> from iopkit.instruments import get
>>> phq9 = get("PHQ-9")
>>> phq9.code, len(phq9.items), phq9.total_range, phq9.loinc_total
('phq9', 9, (0, 27), '44261-6')
>>> [(o.code, o.label) for o in phq9.item(9).options][:2]
[(0, 'Not at all'), (1, 'Several days')]
"""

from __future__ import annotations

import re
import sys
from types import MappingProxyType, ModuleType

from ..errors import UnknownInstrumentError
from ._model import (
    Band,
    Criterion,
    Exclusion,
    FlagRule,
    IfAnswered,
    Instrument,
    Item,
    Option,
    Scheme,
    SkipRule,
    Subscale,
    When,
)
from .audit import AUDIT
from .audit_c import AUDIT_C
from .bam import BAM
from .cage_aid import CAGE_AID
from .ciwa_ar import CIWA_AR
from .cows import COWS
from .crafft import CRAFFT
from .cssrs_screen import CSSRS_SCREEN
from .dast10 import DAST10
from .dsm5_sud import DSM5_SUD
from .gad2 import GAD2
from .gad7 import GAD7
from .pcl5 import PCL5
from .phq2 import PHQ2
from .phq9 import PHQ9

__all__ = [
    "CATALOGUE",
    "get",
    "Instrument",
    "Item",
    "Option",
    "Band",
    "Scheme",
    "SkipRule",
    "IfAnswered",
    "Subscale",
    "Criterion",
    "When",
    "FlagRule",
    "Exclusion",
]

#: code -> Instrument, in catalogue order (alcohol, drugs, adolescents, mood, withdrawal, trauma, monitoring).
CATALOGUE = MappingProxyType(
    {
        i.code: i
        for i in (
            AUDIT,
            AUDIT_C,
            DAST10,
            CAGE_AID,
            CRAFFT,
            PHQ9,
            PHQ2,
            GAD7,
            GAD2,
            CIWA_AR,
            COWS,
            PCL5,
            BAM,
            DSM5_SUD,
            CSSRS_SCREEN,
        )
    }
)


def _key(name: str) -> str:
    """Lookup key: lower case, without spaces, hyphens, underscores or dots ("PHQ-9" -> "phq9")."""
    return re.sub(r"[\s\-_.]", "", name.lower())


_LOOKUP = {_key(name): inst for inst in CATALOGUE.values() for name in (inst.code, *inst.aliases)}


def get(code) -> Instrument:
    """Return one definition; lookup forgives case, hyphens, spaces and underscores.

    Parameters
    ----------
    code : str or Instrument
        The instrument's code or one of its aliases (``"phq9"``, ``"PHQ-9"``); a definition is returned as it is.

    Returns
    -------
    Instrument
        The definition from :data:`CATALOGUE`.

    Raises
    ------
    UnknownInstrumentError
        If the name matches no instrument, or ``code`` is neither a string nor an Instrument; the message
        lists the known codes.

    Examples
    --------
    >>> get("phq-9") is get("PHQ9") is get("phq9")
    True
    >>> get("BDI")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    iopkit.errors.UnknownInstrumentError: unknown instrument 'BDI'; known: audit, audit_c, ...
    """
    if isinstance(code, Instrument):
        return code
    found = _LOOKUP.get(_key(code)) if isinstance(code, str) else None
    if found is None:
        raise UnknownInstrumentError(f"unknown instrument {code!r}; known: {', '.join(CATALOGUE)}")
    return found


class _CallablePackage(ModuleType):
    """``iopkit.instruments()`` must return the catalogue, yet importing this package
    binds ``iopkit.instruments`` to it; so the package itself answers the call."""

    def __call__(self):
        return CATALOGUE


sys.modules[__name__].__class__ = _CallablePackage
