"""Clinical records kept by the store besides results: drug screens, placement decisions, flag resolutions.

Drug screening is one of an IOP's core services (SAMHSA TIP 47, key ``tip47``), so results are kept
with the rest of the episode and read by continued-stay review. A :class:`FlagResolution` records what
was done about a safety flag (a same-day risk assessment, a medical review); until one exists, an
unresolved suicide-risk or withdrawal flag blocks a step-down (:func:`iopkit.review.review`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .errors import InvalidAnswerError, PlacementInputError
from .levels import LevelOfCare

__all__ = ["DrugScreen", "Placement", "FlagResolution"]


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
    def from_dict(cls, data: dict) -> "DrugScreen":
        """Rebuild a result from :meth:`to_dict` output."""
        try:
            collected = dt.date.fromisoformat(data["collected"])
            return cls(collected, data["panel"], data.get("positive", ()), data.get("negative", ()),
                       data.get("specimen", "urine"))
        except (KeyError, TypeError) as error:
            raise InvalidAnswerError(f"Drug screen record is missing or has a bad field: {error}") from error


@dataclass(frozen=True)
class Placement:
    """The clinician's placement decision: the software's recommendation and any override, with why.

    A clinician may rate a dimension differently from the rating suggested by scores, or place
    the patient at another level than the one recommended; either is an override, and an override
    needs a reason. The recommendation is
    kept whole, so the record shows what was suggested, what was recommended and what was decided.

    Parameters
    ----------
    recommendation : iopkit.placement.Recommendation
    level : LevelOfCare, optional
        Where the patient is placed; default the recommended level.
    reason : str, optional
        Why the clinician overrode a suggested rating or the recommended level.

    Examples
    --------
    >>> from iopkit.placement import recommend
    >>> from iopkit.levels import LevelOfCare
    >>> rec = recommend({1: 0, 2: 0, 3: 1, 4: 1, 5: 2, 6: 1})
    >>> Placement(rec).overrides
    ()
    >>> Placement(rec, LevelOfCare.OP, "works nights; will attend OP and step up if use continues").overrides
    ('level 2.1 recommended, 1 chosen',)
    >>> Placement(rec, LevelOfCare.OP)
    Traceback (most recent call last):
    ...
    iopkit.errors.PlacementInputError: Placement overrides the recommendation (level 2.1 recommended, 1 chosen): give the reason
    """

    recommendation: Any
    level: LevelOfCare | None = None
    reason: str | None = None

    def __post_init__(self) -> None:
        from .placement import Recommendation

        if not isinstance(self.recommendation, Recommendation):
            raise PlacementInputError(f"Placement needs a Recommendation (got {type(self.recommendation).__name__})")
        if self.level is None:
            object.__setattr__(self, "level", self.recommendation.level)
        if not isinstance(self.level, LevelOfCare):
            raise PlacementInputError(f"Placement level must be a LevelOfCare (got {self.level!r})")
        if self.reason is not None and (not isinstance(self.reason, str) or not self.reason.strip()):
            raise PlacementInputError(f"Placement reason must be non-empty text or None (got {self.reason!r})")
        if self.overrides and self.reason is None:
            raise PlacementInputError(
                f"Placement overrides the recommendation ({'; '.join(self.overrides)}): give the reason")

    @property
    def overrides(self) -> tuple[str, ...]:
        """What the clinician decided differently from the software, in words (empty: none)."""
        rec = self.recommendation
        changed = tuple(f"dimension {b.dimension} rated {b.rating}, suggested {b.suggested_rating}"
                        for b in rec.basis if b.suggested_rating is not None and b.rating != b.suggested_rating)
        if self.level != rec.level:
            changed += (f"level {rec.level.code} recommended, {self.level.code} chosen",)
        return changed

    def to_dict(self) -> dict:
        """A JSON-able dict; :meth:`from_dict` reads it back."""
        return {"recommendation": self.recommendation.to_dict(), "level": self.level.code, "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict) -> "Placement":
        """Rebuild a decision from :meth:`to_dict` output."""
        from .placement import Recommendation

        return cls(Recommendation.from_dict(data["recommendation"]), LevelOfCare.from_code(data["level"]),
                   data.get("reason"))


@dataclass(frozen=True)
class FlagResolution:
    """What was done about a flag on a scored record, by whom and when.

    The continued-stay review reads these: a suicide-risk or withdrawal flag blocks a step-down
    until a resolution covers it. A resolution covers the flag with code ``flag_code`` on the
    ``instrument`` record of week ``week`` and any earlier record with that flag (an assessment
    done now answers the older alerts too); a flag raised on a *later* record needs its own.

    Parameters
    ----------
    flag_code : str
        The flag's code, e.g. ``"suicidal_ideation"``.
    instrument : str
        The instrument of the scored record, e.g. ``"phq9"``.
    week : float
        The week of that record in the episode (as in ``EpisodeHistory.scores``).
    action : str
        What was done, e.g. "C-SSRS full assessment: low risk; safety plan agreed".
    by : str
        Who did it (name and role).
    on : datetime.date
        When.
    record : str, optional
        The store id of the scored record, when known.

    Examples
    --------
    >>> import datetime
    >>> r = FlagResolution("suicidal_ideation", "phq9", 4, "C-SSRS full assessment: low risk; safety plan",
    ...                    "A. Rivera, LCSW", datetime.date(2026, 3, 2))
    >>> r.covers("phq9", 4, "suicidal_ideation"), r.covers("phq9", 6, "suicidal_ideation")
    (True, False)
    >>> FlagResolution.from_dict(r.to_dict()) == r
    True
    """

    flag_code: str
    instrument: str
    week: float
    action: str
    by: str
    on: dt.date
    record: str = ""

    def __post_init__(self) -> None:
        for field in ("flag_code", "instrument", "action", "by"):
            value = getattr(self, field)
            if not isinstance(value, str) or not value.strip():
                raise PlacementInputError(f"Flag resolution {field} must be non-empty text (got {value!r})",
                                          value=value)
            object.__setattr__(self, field, value.strip())
        if isinstance(self.week, bool) or not isinstance(self.week, (int, float)) or self.week != self.week:
            raise PlacementInputError(f"Flag resolution week must be a number (got {self.week!r})", value=self.week)
        if not isinstance(self.on, dt.date) or isinstance(self.on, dt.datetime):
            raise PlacementInputError(f"Flag resolution date must be a date (got {self.on!r})", value=self.on)
        if not isinstance(self.record, str):
            raise PlacementInputError(f"Flag resolution record must be text (got {self.record!r})", value=self.record)

    def covers(self, instrument: str, week: float, code: str) -> bool:
        """True when this resolution answers flag ``code`` on the ``instrument`` record of ``week``."""
        return code == self.flag_code and instrument == self.instrument and week <= self.week

    def to_dict(self) -> dict:
        """A JSON-able dict; :meth:`from_dict` reads it back."""
        return {"flag_code": self.flag_code, "instrument": self.instrument, "week": self.week,
                "action": self.action, "by": self.by, "on": self.on.isoformat(), "record": self.record}

    @classmethod
    def from_dict(cls, data: dict) -> "FlagResolution":
        """Rebuild a resolution from :meth:`to_dict` output."""
        try:
            return cls(data["flag_code"], data["instrument"], data["week"], data["action"], data["by"],
                       dt.date.fromisoformat(data["on"]), data.get("record", ""))
        except (KeyError, TypeError) as error:
            raise PlacementInputError(f"Flag resolution record is missing or has a bad field: {error}") from error
