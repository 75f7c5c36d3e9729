"""Drug-screen results, a clinical record the store keeps besides scores and placement decisions.

Drug screening is one of an IOP's core services (SAMHSA TIP 47, key ``tip47``), so results are kept
with the rest of the episode and read by continued-stay review. The placement decision
(:class:`iopkit.placement.Placement`) and what was done about a safety flag
(:class:`iopkit.placement.FlagResolution`) live with placement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .errors import InvalidAnswerError

__all__ = ["DrugScreen"]


def _substances(field: str, values) -> tuple[str, ...]:
    if isinstance(values, str) or not all(isinstance(v, str) and v.strip() for v in values):
        raise InvalidAnswerError(f"Drug screen {field} must be a list of substance names (got {values!r})")
    return tuple(sorted({v.strip().lower() for v in values}))


@dataclass(frozen=True)
class DrugScreen:
    """One drug-screen result: when the specimen was collected, the panel, what was positive and negative.

    Substance names are kept lower-case, de-duplicated and sorted, so two records of the same
    result compare equal.  A substance cannot be both positive and negative, and a result tests
    at least one substance.

    Parameters
    ----------
    collected : datetime.date
        Day the specimen was collected.
    panel : str
        The test panel as the lab names it, e.g. ``"urine 12-panel"``.
    positive, negative : sequence of str
        Substances detected and not detected.
    specimen : str
        ``"urine"`` (default), ``"oral fluid"``, ``"blood"``, ``"breath"``, ``"hair"`` ...

    Raises
    ------
    InvalidAnswerError
        A date that is not a date, an empty panel, a substance in both lists, or no substance at all.

    Examples
    --------
    >>> import datetime
    >>> s = DrugScreen(datetime.date(2026, 3, 2), "urine 5-panel", positive=["Cannabis"],
    ...                negative=["opioids", "cocaine"])
    >>> s.positive, s.any_positive
    (('cannabis',), True)
    >>> DrugScreen.from_dict(s.to_dict()) == s
    True
    """

    collected: dt.date
    panel: str
    positive: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()
    specimen: str = "urine"

    def __post_init__(self) -> None:
        if not isinstance(self.collected, dt.date) or isinstance(self.collected, dt.datetime):
            raise InvalidAnswerError(f"Drug screen collected must be a date (got {self.collected!r})")
        for field in ("panel", "specimen"):
            value = getattr(self, field)
            if not isinstance(value, str) or not value.strip():
                raise InvalidAnswerError(f"Drug screen {field} must be non-empty text (got {value!r})")
            object.__setattr__(self, field, value.strip())
        positive, negative = _substances("positive", self.positive), _substances("negative", self.negative)
        if both := set(positive) & set(negative):
            raise InvalidAnswerError(f"Drug screen lists {sorted(both)} as both positive and negative")
        if not positive and not negative:
            raise InvalidAnswerError("Drug screen tests no substance: give positive and/or negative results")
        object.__setattr__(self, "positive", positive)
        object.__setattr__(self, "negative", negative)

    @property
    def any_positive(self) -> bool:
        """True when any substance was detected."""
        return bool(self.positive)

    def to_dict(self) -> dict:
        """A JSON-able dict; :meth:`from_dict` reads it back."""
        return {"collected": self.collected.isoformat(), "panel": self.panel, "positive": list(self.positive),
                "negative": list(self.negative), "specimen": self.specimen}

    @classmethod
    def from_dict(cls, data: dict) -> DrugScreen:
        """Rebuild a result from :meth:`to_dict` output."""
        try:
            collected = dt.date.fromisoformat(data["collected"])
            return cls(collected, data["panel"], data.get("positive", ()), data.get("negative", ()),
                       data.get("specimen", "urine"))
        except (KeyError, TypeError) as error:
            raise InvalidAnswerError(f"Drug screen record is missing or has a bad field: {error}") from error
