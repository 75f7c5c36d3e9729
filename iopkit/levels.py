"""Levels of care, named by number with neutral descriptors ("ASAM-informed").

Numbers follow the ASAM Criteria, 3rd edition (Mee-Lee et al., 2013) as
summarised in ``shared/clinical-reference.md`` §3.1 [S] A1, A2, A3; the text of
the Criteria is licensed and is not reproduced here (§3.6, A17).
"""

from __future__ import annotations

from enum import Enum

__all__ = ["LevelOfCare"]


class LevelOfCare(Enum):
    """A level of care on the 3rd-edition continuum, ordered by intensity.

    ``.code`` is the level number as clinicians write it, ``.label`` a plain
    descriptor, ``.rank`` the position in order of intensity (treatment levels
    and withdrawal-management levels are ranked separately).

    Examples
    --------
    >>> LevelOfCare.IOP.code, LevelOfCare.IOP.label
    ('2.1', 'Intensive outpatient')
    >>> LevelOfCare.from_code("2.5") is LevelOfCare.PHP
    True
    """

    # name = (code, label, rank, is_withdrawal_management)
    EARLY_INTERVENTION = ("0.5", "Early intervention", 0, False)
    OP = ("1", "Outpatient", 1, False)
    IOP = ("2.1", "Intensive outpatient", 2, False)
    PHP = ("2.5", "Partial hospitalization", 3, False)
    RESIDENTIAL_LOW = ("3.1", "Clinically managed low-intensity residential", 4, False)
    RESIDENTIAL_POPULATION_SPECIFIC = (
        "3.3", "Clinically managed population-specific high-intensity residential", 5, False)
    RESIDENTIAL_HIGH = ("3.5", "Clinically managed high-intensity residential", 6, False)
    INPATIENT_MONITORED = ("3.7", "Medically monitored intensive inpatient", 7, False)
    INPATIENT_MANAGED = ("4", "Medically managed intensive inpatient", 8, False)
    WM_AMBULATORY = ("1-WM", "Ambulatory withdrawal management without extended on-site monitoring", 1, True)
    WM_AMBULATORY_EXTENDED = ("2-WM", "Ambulatory withdrawal management with extended on-site monitoring", 2, True)
    WM_RESIDENTIAL = ("3.2-WM", "Clinically managed residential withdrawal management", 3, True)
    WM_INPATIENT_MONITORED = ("3.7-WM", "Medically monitored inpatient withdrawal management", 4, True)
    WM_INPATIENT_MANAGED = ("4-WM", "Medically managed intensive inpatient withdrawal management", 5, True)

    def __init__(self, code: str, label: str, rank: int, is_withdrawal_management: bool) -> None:
        self.code = code
        self.label = label
        self.rank = rank
        self.is_withdrawal_management = is_withdrawal_management

    def __str__(self) -> str:
        return f"Level {self.code} ({self.label})"

    @classmethod
    def from_code(cls, code: str) -> "LevelOfCare":
        """Return the level whose code is ``code`` (e.g. ``"2.1"`` or ``"3.2-WM"``)."""
        from .errors import PlacementInputError

        wanted = str(code).strip().upper()
        for level in cls:
            if level.code.upper() == wanted:
                return level
        allowed = ", ".join(level.code for level in cls)
        raise PlacementInputError(f"Unknown level of care {code!r}; allowed codes: {allowed}")
