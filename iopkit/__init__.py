"""iopkit: open clinical decision support for Intensive Outpatient Programs (IOP).

Three pillars, one package:

* assessment scoring of validated instruments (:func:`score`, :func:`score_many`);
* placement helpers, ASAM-informed (:mod:`iopkit.placement`);
* dose-of-treatment modelling (:mod:`iopkit.dose`).

iopkit supports clinical decisions; it never makes a diagnosis.  Every score and
recommendation carries its basis (the rule, the inputs that drove it and the
published source) so a clinician can check it independently.

Importing iopkit is light: the error hierarchy only.  Every other public name
is imported on first use, and numpy, scipy, pandas and ipywidgets by the
functions that need them, so a researcher on a headless server and every
dashboard kernel start pay only for what they use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import errors as _errors
from ._lazy import lazy_names
from .errors import *  # noqa: F403  (the whole error hierarchy is public)

if TYPE_CHECKING:
    from .flags import Flag as Flag
    from .placement.levels import LevelOfCare as LevelOfCare

__version__ = "0.1.0"

#: Public names resolved on first use (PEP 562), so ``import iopkit`` stays light.
_LAZY = {
    "Flag": "iopkit.flags",
    "LevelOfCare": "iopkit.placement.levels",
    "Score": "iopkit.scoring",
    "score": "iopkit.scoring",
    "score_many": "iopkit.scoring",
    "instrument": "iopkit.scoring",
    "instruments": "iopkit.scoring",
    "Store": "iopkit.store",
    "score_long": "iopkit.research",
    "score_file": "iopkit.scoring",
}
_SUBMODULES = (
    "scoring",
    "placement",
    "dose",
    "progress",
    "psychometrics",
    "research",
    "store",
    "records",
    "interop",
    "datasets",
    "report",
    "sources",
    "widgets",
)

__all__ = ["__version__", *_errors.__all__, *_LAZY, *_SUBMODULES]


__getattr__, _ = lazy_names(__name__, {**_LAZY, **dict.fromkeys(_SUBMODULES, "")})


def __dir__() -> list[str]:
    return sorted(__all__)
