"""What was done about a safety flag: the record that lets a continued-stay review step down again.

A suicide-risk or withdrawal flag anywhere in an episode blocks a step-down
(:func:`iopkit.placement.review`) until a :class:`FlagResolution` covers it: which flag on which
scored record, what was done (a same-day risk assessment, a medical review), by whom and when.
The store keeps these as the ``flag_resolution`` kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from ..errors import PlacementInputError
from ..flags import CallsFor
from ._record import from_record, to_record

__all__ = ["FlagResolution", "follow_corrections"]


@dataclass(frozen=True)
class FlagResolution:
    """What was done about a flag on a scored record, by whom and when.

    The continued-stay review reads these: a suicide-risk or withdrawal flag blocks a step-down
    until a resolution covers it. A resolution is keyed to the flagged record's store id
    (``record``): it covers the flag with code ``flag_code`` on that record and on the same
    instrument's records *before* it in the episode (an assessment done now answers the older alerts
    too), never a flag raised on the same day or later, whatever ``week`` says. A resolution without a
    record id (stored before they had one, or made without the store) covers only a flag of exactly
    its own ``week``.

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

    Raises
    ------
    PlacementInputError
        A ``flag_code``, ``instrument``, ``action`` or ``by`` that is not non-empty text, a ``week``
        that is not a number (a bool or NaN included), an ``on`` that is not a date (a datetime
        included) or a ``record`` that is not text.

    Examples
    --------
    >>> import datetime
    >>> r = FlagResolution("suicidal_ideation", "phq9", 4, "C-SSRS full assessment: low risk; safety plan",
    ...                    "A. Rivera, LCSW", datetime.date(2026, 3, 2), record="12")
    >>> weeks = {"9": 2, "12": 4, "15": 6}  # the episode's records and their weeks
    >>> [r.covers("phq9", weeks[k], "suicidal_ideation", k, weeks=weeks) for k in ("9", "12", "15")]
    [True, True, False]
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
                raise PlacementInputError(
                    f"Flag resolution {field} must be non-empty text (got {value!r})", value=value
                )
            object.__setattr__(self, field, value.strip())
        if isinstance(self.week, bool) or not isinstance(self.week, (int, float)) or self.week != self.week:
            raise PlacementInputError(f"Flag resolution week must be a number (got {self.week!r})", value=self.week)
        if not isinstance(self.on, dt.date) or isinstance(self.on, dt.datetime):
            raise PlacementInputError(f"Flag resolution date must be a date (got {self.on!r})", value=self.on)
        if not isinstance(self.record, str):
            raise PlacementInputError(f"Flag resolution record must be text (got {self.record!r})", value=self.record)

    def covers(
        self, instrument: str, week: float, code: str, record: str = "", *, weeks: Mapping[str, float] | None = None
    ) -> bool:
        """True when this resolution answers flag ``code`` on the ``instrument`` record of ``week``.

        Parameters
        ----------
        instrument : str
            The instrument of the scored record.
        week : float
            The week of that record in the episode.
        code : str
            The flag's code.
        record : str, optional
            The store id of that record ("" when not known).
        weeks : mapping of str to float, optional
            The week of each record id of the episode: how far back a record-keyed resolution reaches
            (records before its own). Without it, it covers its own record only.

        Returns
        -------
        bool
            With both record ids known: the same record, or an earlier one (by ``weeks``). Otherwise
            (an id not known on either side): a flag of exactly this resolution's ``week``.
        """
        if code != self.flag_code or instrument != self.instrument:
            return False
        if self.record and record:
            reach = (weeks or {}).get(self.record)
            return str(record) == self.record or (reach is not None and week < reach)
        return week == self.week

    def to_dict(self) -> dict:
        """A JSON-able dict; :meth:`from_dict` reads it back.

        Returns
        -------
        dict
        """
        return to_record(self, {"on": dt.date.isoformat})

    @classmethod
    def from_dict(cls, data: dict) -> FlagResolution:
        """Rebuild a resolution from :meth:`to_dict` output (one stored without a record id reads with "").

        Parameters
        ----------
        data : dict
            What :meth:`to_dict` wrote.

        Returns
        -------
        FlagResolution

        Raises
        ------
        PlacementInputError
            A missing or bad field.
        """
        return from_record(cls, data, {"on": dt.date.fromisoformat}, "Flag resolution")


def _urgency(flag) -> tuple[int, int]:
    """Lower is more urgent: by severity, then by what the flag calls for (in :class:`CallsFor` order)."""
    return flag.severity.rank, list(CallsFor).index(flag.calls_for)


def follow_corrections(resolutions, versions) -> tuple[FlagResolution, ...]:
    """Resolutions keyed to a record that was corrected, re-keyed to the current version of that record.

    A correction (an amendment) saves a new version with a new id; the resolution of the record it amends
    still answers the same finding, so it covers the correction, unless the correction raises that flag
    more urgently (a higher severity or a more urgent call), or a new flag (another code is never covered).
    iopkit's own rule.

    Parameters
    ----------
    resolutions : sequence of FlagResolution
        What was done about flags (as saved).
    versions : sequence of Record
        Every version of the scored records (``store.history(patient_id, "assessment")``): ``id``,
        ``amends`` and ``item`` (the Score) are read.

    Returns
    -------
    tuple of FlagResolution
        The resolutions, each keyed to the newest version its record's correction chain reaches while the
        flag is no more urgent than the one resolved (unchanged where nothing was corrected).
    """
    by_id = {str(v.id): v for v in versions}
    newer = {str(v.amends): str(v.id) for v in versions if v.amends is not None}
    out = []
    for r in resolutions:
        resolved = by_id.get(r.record)
        was = next((f for f in getattr(getattr(resolved, "item", None), "flags", ()) if f.code == r.flag_code), None)
        key = r.record
        while was is not None and key in newer:
            now = next((f for f in getattr(by_id[newer[key]].item, "flags", ()) if f.code == r.flag_code), None)
            if now is None or _urgency(now) < _urgency(was):
                break  # the correction dropped the flag or made it more urgent: not this resolution's finding
            key = newer[key]
        out.append(r if key == r.record else replace(r, record=key))
    return tuple(out)
