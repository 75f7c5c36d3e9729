"""What was done about a safety flag: the record that lets a continued-stay review step down again.

A suicide-risk or withdrawal flag anywhere in an episode blocks a step-down
(:func:`iopkit.placement.review`) until a :class:`FlagResolution` covers it: which flag on which
scored record, what was done (a same-day risk assessment, a medical review), by whom and when, and, for
a suicide-risk flag, the overall level of risk the clinician's assessment found (:class:`~iopkit.flags.RiskLevel`).
The store keeps these as the ``flag_resolution`` kind, one closing per flag: a flag is closed once, by a resolution
or by a patient check-in's review (which saves the resolution itself), whichever comes first; a later closing at a
higher overall risk level is recorded as a re-assessment, which the chart shows after the first and reads as the
flag's level now (dated on or after the closing); one at the same or a lower level is refused naming the closing
(:func:`closings_of`, :func:`escalates`, :func:`already_closed`).  A check-in's review at the chart's level or lower is
saved as a note after the closing (``reviewed_again``, :func:`reviews_of`), never a closing, never the level.
A correction of the flagged record keeps its closing only when it raises the same finding (the flag's message and
the answers its rule reads), a lower or a less urgent one (:func:`follow_corrections`); one that changes the finding
leaves the flag open on the corrected record, which says why (:func:`reopened_by_corrections`) until it is closed
there: on that record only (a later record's closing never closes it as a side effect), dated on or after the
correction, at the earlier versions' highest level or higher (:func:`check_closing`).  A correction that raises a
flag of another code where the earlier version's flag was closed, a higher or another finding, never a lower one (a
C-SSRS screen corrected from low to high risk), says so on the new flag the same way (:attr:`AfterCorrection.NEW`),
which is closed on the corrected record the same way too.  One that lowers it to a flag of another code (a C-SSRS
screen closed at high, corrected to low risk) is covered by the closing of the higher finding, when that recorded a
level (:attr:`AfterCorrection.COVERED`): it reads closed at that level, never closed lower.  Every flag of a corrected
record carries the highest level recorded on any version of it: a correction never lowers a level recorded.
A later record's closing answers a corrected earlier
record only when the corrections raised the same, a lower or a less urgent finding than its first version, whatever
the closing's date (:class:`Corrections`).  A new closing is keyed to a record's current version, never to one a
correction superseded (:meth:`iopkit.store.Store.save`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from ..errors import EvaluationNotRecordedError, FlagAlreadyClosedError, PlacementInputError, StoreError
from ..flags import (
    ACTION_ALLOWED,
    ACTION_EXAMPLE,
    ACTION_PLACEHOLDERS,
    CAPACITY_TO_DECLINE,
    LATER_ASSESSMENT,
    RISK_LEVELS,
    SUICIDE_RISK_CALLS,
    CallsFor,
    Flag,
    MedicalReview,
    RiskLevel,
    Severity,
    Withdrawn,
    medical_review_of,
    says_what_was_done,
    urgency,
)
from ._calls import SAFETY_CALLS, calls_for
from ._record import from_record, to_record

__all__ = [
    "AfterCorrection",
    "DISPOSITIONS",
    "Disposition",
    "EVALUATION_FIELDS",
    "FlagResolution",
    "Corrections",
    "Reopened",
    "already_closed",
    "check_closing",
    "closing_of",
    "closings_of",
    "corrected_same_day",
    "correction_chain",
    "covered_after_corrections",
    "current_version",
    "current_level",
    "escalates",
    "finding_changes",
    "follow_corrections",
    "in_order",
    "level_set_by",
    "needs_evaluation",
    "needs_risk_level",
    "reassessed_higher",
    "reassessments",
    "reopened_by_corrections",
    "reviewed_again",
    "reviews_of",
    "said_reassessments",
    "with_reopened",
]

#: True only while :meth:`FlagResolution.from_stored` reads a stored payload: the one way a resolution is made
#: without the rules that came after it was saved (the overall risk level, an action in words).
_READING_STORED: ContextVar[bool] = ContextVar("_READING_STORED", default=False)


def needs_risk_level(instrument: str, flag_code: str) -> bool:
    """True when closing flag ``flag_code`` of an ``instrument`` score records the overall risk level.

    A suicide-risk flag does: one the continued-stay review reads as calling for a same-day suicide risk
    assessment or an emergency evaluation (:data:`~iopkit.flags.SUICIDE_RISK_CALLS`, read by
    :func:`~iopkit.placement.continued_stay.calls_for` from the instrument's own flag rule, or from the code
    for a flag no current rule raises). The Joint Commission's NPSG 15.01.01 asks, after a positive suicide
    screen, for a risk assessment whose overall level of risk and plan are documented (bibliography keys
    ``joint_commission_npsg15``, ``cssrs_screener_triage``).

    Parameters
    ----------
    instrument : str
        The instrument of the flagged score, e.g. ``"phq9"``.
    flag_code : str
        The flag's code, e.g. ``"suicidal_ideation"``.

    Returns
    -------
    bool
        True for a suicide-risk flag (PHQ-9 ``suicidal_ideation``, PCL-5 ``possible_self_harm``, the C-SSRS
        screener's ``suicide_risk_*``); False otherwise (a withdrawal flag: its level is optional).

    Examples
    --------
    >>> needs_risk_level("phq9", "suicidal_ideation"), needs_risk_level("ciwa_ar", "severe_alcohol_withdrawal")
    (True, False)
    """
    from ..instruments import CATALOGUE  # imported when a resolution is made or read, never with the page

    definition = CATALOGUE.get(instrument)
    rule = next((r for r in getattr(definition, "flags", ()) if r.code == flag_code), None)
    if rule is None:  # no current rule raises it: read from its code, as an old record's flag is read
        return calls_for(Flag(flag_code, flag_code, Severity.CRITICAL)) in SUICIDE_RISK_CALLS
    return calls_for(Flag(flag_code, flag_code, rule.severity, calls_for=rule.calls_for)) in SUICIDE_RISK_CALLS


def _calls_of(instrument: str, flag_code: str) -> CallsFor:
    """What flag ``flag_code`` of an ``instrument`` score calls for, as the review reads it: from the instrument's own
    flag rule, or from the code for a flag no current rule raises (as an old record's flag is read)."""
    from ..instruments import CATALOGUE  # imported when a resolution is made or read, never with the page

    definition = CATALOGUE.get(instrument)
    rule = next((r for r in getattr(definition, "flags", ()) if r.code == flag_code), None)
    if rule is None:
        return calls_for(Flag(flag_code, flag_code, Severity.CRITICAL))
    return calls_for(Flag(flag_code, flag_code, rule.severity, calls_for=rule.calls_for))


def needs_evaluation(instrument: str, flag_code: str) -> bool:
    """True when closing flag ``flag_code`` of an ``instrument`` score records the emergency evaluation it called for.

    A flag calling for an immediate emergency mental-health evaluation (:attr:`~iopkit.flags.CallsFor.
    EMERGENCY_EVALUATION`: the C-SSRS screener's high risk) is closed only with that evaluation recorded: who did it,
    where, on what day, the overall risk level it found and the disposition (:class:`Disposition`).  Columbia's screener
    triage asks, at high risk, for safety precautions until a mental health professional evaluates the patient for
    possible hospitalisation; the Joint Commission's NPSG 15.01.01 for a suicide risk assessment by a qualified
    clinician after a positive screen (bibliography keys ``cssrs_screener_triage``, ``joint_commission_npsg15``;
    walk review 24, finding 1).  A flag calling for a same-day suicide risk assessment (PHQ-9 item 9, the C-SSRS
    screener's low or moderate risk) does not: its closing records the level and what was done, as before.

    Parameters
    ----------
    instrument : str
        The instrument of the flagged score, e.g. ``"cssrs_screen"``.
    flag_code : str
        The flag's code, e.g. ``"suicide_risk_high"``.

    Returns
    -------
    bool
        True for a flag calling for an emergency evaluation; False otherwise.

    Examples
    --------
    >>> needs_evaluation("cssrs_screen", "suicide_risk_high"), needs_evaluation("phq9", "suicidal_ideation")
    (True, False)
    """
    return _calls_of(instrument, flag_code) is CallsFor.EMERGENCY_EVALUATION


class Disposition(StrEnum):
    """Where the patient went after the emergency evaluation a flag called for (:func:`needs_evaluation`), recorded
    when that flag is closed.  The evaluator's decision, recorded: iopkit never decides it (Columbia screener triage:
    the evaluation decides any hospitalisation; bibliography key ``cssrs_screener_triage``).

    A ``StrEnum``: ``Disposition.HOSPITALISED == "hospitalised"``; :attr:`words` says it in the clinic's words.
    """

    HOSPITALISED = "hospitalised"
    """Admitted to hospital (psychiatric or medical inpatient care)."""
    TRANSFERRED = "transferred"
    """Transferred to the emergency department, a crisis unit or a higher level of care."""
    RETURNED_WITH_SAFETY_PLAN = "returned_with_safety_plan"
    """Returned to the programme with a safety plan."""

    @property
    def words(self) -> str:
        """The disposition in the clinic's words, e.g. "returned to the programme with a safety plan".

        Returns
        -------
        str
        """
        return _DISPOSITION_WORDS[self]


_DISPOSITION_WORDS = {
    Disposition.HOSPITALISED: "admitted to hospital",
    Disposition.TRANSFERRED: "transferred to the emergency department, a crisis unit or a higher level of care",
    Disposition.RETURNED_WITH_SAFETY_PLAN: "returned to the programme with a safety plan",
}

#: The values a :class:`Disposition` is given as, named in refusals.
DISPOSITIONS = tuple(d.value for d in Disposition)

#: What closing a flag that called for an emergency evaluation records of that evaluation (:func:`needs_evaluation`),
#: field -> the clinic's words for it, in the order a refusal names what is missing.
EVALUATION_FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "evaluated_by": "who did the evaluation (a qualified clinician, or the ED or crisis team: name and role)",
        "evaluated_where": "where it was done (e.g. County Hospital ED, crisis team at the clinic)",
        "evaluated_on": "the day it was done",
        "risk_level": "the overall risk level it found (low, moderate or high)",
        "disposition": (
            "the disposition (admitted to hospital; transferred to the ED, a crisis unit or a higher level of care; or "
            "returned to the programme with a safety plan)"
        ),
    }
)


def _says_something(value: str) -> bool:
    """True when ``value`` has a letter and is not a placeholder (:data:`~iopkit.flags.ACTION_PLACEHOLDERS`): "ED" is
    a place, "n/a" or "tbd" is not."""
    letters = "".join(ch for ch in value.lower() if ch.isalpha())
    return bool(letters) and letters not in ACTION_PLACEHOLDERS


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

    Closing a suicide-risk flag (:func:`needs_risk_level`) records the overall level of risk the
    clinician's assessment found (``risk_level``) beside what was done (``action``: the plan), as the
    Joint Commission's NPSG 15.01.01 asks after a positive screen (bibliography keys
    ``joint_commission_npsg15``, ``cssrs_screener_triage``); for any other flag the level is optional. A
    new resolution is never made without it, however it is made: from its fields or from a dict
    (:meth:`from_dict`). Only the store, reading back a suicide-risk flag's resolution it saved before iopkit
    asked for the level (:meth:`from_stored`), makes one without it (``level_not_asked``): it still covers its
    flag, is shown as recorded without a level, and is never saved again as it is (an amendment gives the level).
    What was done is said in words (at least :data:`~iopkit.flags.ACTION_LETTERS` letters and not a placeholder
    such as "n/a", "none" or "tbd": :func:`~iopkit.flags.says_what_was_done`, as a check-in's review asks; iopkit's
    own rule); one the store saved before that rule reads back as saved.

    Parameters
    ----------
    flag_code : str
        The flag's code, e.g. ``"suicidal_ideation"``.
    instrument : str
        The instrument of the scored record, e.g. ``"phq9"``.
    week : float
        The week of that record in the episode (as in ``EpisodeHistory.scores``).
    action : str
        What was done, e.g. "C-SSRS full assessment: low risk; safety plan agreed", with at least
        :data:`~iopkit.flags.ACTION_LETTERS` letters and not a placeholder (:data:`~iopkit.flags.ACTION_PLACEHOLDERS`).
    by : str
        Who did it (name and role).
    on : datetime.date
        When.
    record : str, optional
        The store id of the scored record, when known.
    risk_level : RiskLevel or str, optional
        The overall level of suicide risk the assessment found (a :class:`~iopkit.flags.RiskLevel` or its
        value: low, moderate, high); required for a suicide-risk flag, optional otherwise. The clinician's
        judgement: iopkit never decides it.
    this_record_only : bool, default False
        True: it covers the flag of its own record (and that record's corrections) only, never the same flag on
        earlier records. A check-in's review closes its saved questionnaire's flag so
        (:meth:`iopkit.checkin.CheckinBook.review`): it closes only the flag its panel showed, never an earlier
        open flag the clinician did not see. iopkit's own rule.
    reviewed_again : bool, default False
        True: a note, not a closing. A check-in's review of a flag the chart closed already, at the same or a
        lower level, saves what the clinician found and did so: the chart shows it after the closing ("reviewed
        again: ..."), yet it never counts as a closing nor changes the flag's level (:meth:`covers` never reads it
        as covering; :func:`reviews_of` finds it). The store saves one only after the flag's closing, dated on or
        after it. iopkit's own rule.
    evaluated_by : str, optional
        Who did the emergency evaluation the flag called for (a qualified clinician, or the ED or crisis team: name
        and role). Required, with ``evaluated_where``, ``evaluated_on``, ``risk_level`` (the overall risk level the
        evaluation found) and ``disposition``, to close a flag calling for an emergency evaluation
        (:func:`needs_evaluation`: the C-SSRS screen's high risk; Columbia screener triage, NPSG 15.01.01; walk review
        24, finding 1), except on a ``reviewed_again`` note; optional for any other flag.
    evaluated_where : str, optional
        Where it was done (e.g. "County Hospital ED", "crisis team at the clinic").
    evaluated_on : datetime.date, optional
        The day it was done: on or before ``on``.
    disposition : Disposition or str, optional
        Where the patient went after it (:class:`Disposition` or its value): hospitalised, transferred, or returned
        to the programme with a safety plan.

    Attributes
    ----------
    level_not_asked : bool
        True only for a suicide-risk flag's resolution the store saved before iopkit asked for the level
        (:meth:`from_stored` sets it; not a parameter, never written by :meth:`to_dict`).
    evaluation_not_asked : bool
        True only for the closing of a flag calling for an emergency evaluation that the store saved before iopkit
        asked for the evaluation (:meth:`from_stored` sets it; never written by :meth:`to_dict`): it still covers its
        flag and says "emergency evaluation not recorded: entered before iopkit asked for it" (:attr:`what_was_done`).

    Raises
    ------
    PlacementInputError
        A ``flag_code``, ``instrument``, ``action`` or ``by`` that is not non-empty text, an ``action``
        with fewer than :data:`~iopkit.flags.ACTION_LETTERS` letters or a placeholder, a ``week`` that is not a
        number (a bool or NaN included), an ``on`` that is not a date (a datetime included), a ``record`` that is
        not text, a ``risk_level`` that is not low, moderate or high, or no ``risk_level`` for a suicide-risk flag;
        an ``evaluated_on`` after ``on``, a ``disposition`` not of :class:`Disposition`.
    EvaluationNotRecordedError
        A flag calling for an emergency evaluation closed without it (``missing`` names the fields not given).

    Examples
    --------
    >>> import datetime
    >>> r = FlagResolution("suicidal_ideation", "phq9", 4, "C-SSRS full assessment; safety plan agreed",
    ...                    "A. Rivera, LCSW", datetime.date(2026, 3, 2), record="12", risk_level="low")
    >>> r.risk_level, r.what_was_done
    (<RiskLevel.LOW: 'low'>, 'overall risk low; C-SSRS full assessment; safety plan agreed')
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
    risk_level: RiskLevel | None = None
    this_record_only: bool = False
    reviewed_again: bool = False
    evaluated_by: str = ""
    evaluated_where: str = ""
    evaluated_on: dt.date | None = None
    disposition: Disposition | None = None
    level_not_asked: bool = field(default=False, init=False)  # set by from_stored only
    evaluation_not_asked: bool = field(default=False, init=False)  # set by from_stored only

    def __post_init__(self) -> None:
        for name in ("flag_code", "instrument", "action", "by"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise PlacementInputError(f"Flag resolution {name} must be non-empty text (got {value!r})", value=value)
            object.__setattr__(self, name, value.strip())
        stored = _READING_STORED.get()  # the store reading what it saved under earlier rules (from_stored)
        if not says_what_was_done(self.action) and not stored:
            raise PlacementInputError(
                f"Flag resolution action (what was done) is {ACTION_ALLOWED}, e.g. {ACTION_EXAMPLE!r} "
                f"(got {self.action!r})",
                item="action",
                value=self.action,
                allowed=ACTION_ALLOWED,
            )
        if isinstance(self.week, bool) or not isinstance(self.week, (int, float)) or self.week != self.week:
            raise PlacementInputError(f"Flag resolution week must be a number (got {self.week!r})", value=self.week)
        if not isinstance(self.on, dt.date) or isinstance(self.on, dt.datetime):
            raise PlacementInputError(f"Flag resolution date must be a date (got {self.on!r})", value=self.on)
        if not isinstance(self.record, str):
            raise PlacementInputError(f"Flag resolution record must be text (got {self.record!r})", value=self.record)
        for name in ("this_record_only", "reviewed_again"):
            if not isinstance(getattr(self, name), bool):
                raise PlacementInputError(
                    f"Flag resolution {name} must be True or False (got {getattr(self, name)!r})",
                    value=getattr(self, name),
                )
        if self.risk_level is not None:
            if self.risk_level not in RISK_LEVELS:  # a RiskLevel is its value (StrEnum)
                raise PlacementInputError(
                    f"Flag resolution risk_level (the overall level of suicide risk assessed) is one of "
                    f"{', '.join(RISK_LEVELS)} (got {self.risk_level!r})",
                    item="risk_level",
                    value=self.risk_level,
                    allowed=RISK_LEVELS,
                )
            object.__setattr__(self, "risk_level", RiskLevel(self.risk_level))
        if self.risk_level is None and needs_risk_level(self.instrument, self.flag_code):
            # a flag calling for an emergency evaluation names the level with the evaluation's other fields
            evaluation = not self.reviewed_again and needs_evaluation(self.instrument, self.flag_code)
            if not stored and not evaluation:
                raise PlacementInputError(
                    f"Closing the suicide-risk flag {self.flag_code} ({self.instrument}) records the overall level "
                    f"of risk the assessment found (risk_level: {', '.join(RISK_LEVELS)}) beside what was done; "
                    "none was given",
                    item="risk_level",
                    value=None,
                    allowed=RISK_LEVELS,
                )
            if stored:
                object.__setattr__(self, "level_not_asked", True)  # saved before iopkit asked for it: read, and said
        self._check_evaluation(stored)

    def _check_evaluation(self, stored: bool) -> None:
        """The emergency evaluation's fields: each of the right type when given; all given, with the overall risk
        level, when the flag called for an emergency evaluation (:func:`needs_evaluation`), except on a note
        (``reviewed_again``) and on a closing the store saved before iopkit asked for them (``evaluation_not_asked``);
        the evaluation done on or before the day the closing is recorded."""
        for name in ("evaluated_by", "evaluated_where"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise PlacementInputError(
                    f"Flag resolution {name} must be text (got {value!r})", item=name, value=value
                )
            object.__setattr__(self, name, value.strip())
            if value.strip() and not _says_something(value) and not stored:
                raise PlacementInputError(
                    f"Flag resolution {name} ({EVALUATION_FIELDS[name].split(' (')[0]}) is a placeholder "
                    f"(got {value!r}): name it",
                    item=name,
                    value=value,
                )
        when = self.evaluated_on
        if when is not None and (not isinstance(when, dt.date) or isinstance(when, dt.datetime)):
            raise PlacementInputError(
                f"Flag resolution evaluated_on must be a date (got {when!r})", item="evaluated_on", value=when
            )
        if self.disposition is not None:
            if self.disposition not in DISPOSITIONS:
                raise PlacementInputError(
                    f"Flag resolution disposition is one of {', '.join(DISPOSITIONS)} (got {self.disposition!r})",
                    item="disposition",
                    value=self.disposition,
                    allowed=DISPOSITIONS,
                )
            object.__setattr__(self, "disposition", Disposition(self.disposition))
        if when is not None and when > self.on and not stored:
            raise PlacementInputError(
                f"The emergency evaluation's day ({when:%d %b %Y}) is after the day this closing is recorded on "
                f"({self.on:%d %b %Y}): record the closing on or after the evaluation",
                item="evaluated_on",
                value=when,
            )
        if self.reviewed_again or not needs_evaluation(self.instrument, self.flag_code):
            return
        missing = tuple(name for name in EVALUATION_FIELDS if getattr(self, name) in ("", None))
        if missing and stored:  # saved before iopkit asked for the evaluation: read, and said
            object.__setattr__(self, "evaluation_not_asked", True)
            return
        if missing:
            from ..records import short_name

            raise EvaluationNotRecordedError(
                f"Not recorded: the {short_name(self.instrument)}'s high-risk flag called for an immediate emergency "
                "mental-health evaluation, and closing it records that evaluation. Missing: "
                + "; ".join(EVALUATION_FIELDS[name] for name in missing)
                + ". Until it is done, keep the safety precautions (do not leave the patient alone) and leave the "
                "flag open",
                missing=missing,
                instrument=self.instrument,
                item=missing[0],
                value=None,
                allowed={"risk_level": RISK_LEVELS, "disposition": DISPOSITIONS}.get(missing[0]),
            )

    @property
    def what_was_done(self) -> str:
        """What was done, with the overall risk level in front when one was recorded.

        Returns
        -------
        str
            ``"overall risk low; <action>"``; a resolution stored before iopkit asked for the level says so
            (``"<action> (overall risk level not recorded: entered before iopkit asked for it)"``); any other
            resolution without a level is its ``action``.
        """
        evaluation = self.evaluation
        if evaluation:
            return f"{evaluation}; {self.action}"
        if self.evaluation_not_asked:
            level = f"overall risk {self.risk_level.value}; " if self.risk_level is not None else ""
            return f"{level}{self.action} (emergency evaluation not recorded: entered before iopkit asked for it)"
        if self.risk_level is not None:
            return f"overall risk {self.risk_level.value}; {self.action}"
        if self.level_not_asked:
            return f"{self.action} (overall risk level not recorded: entered before iopkit asked for it)"
        return self.action

    @property
    def evaluation(self) -> str:
        """The emergency evaluation recorded, in the clinic's words; "" when none was.

        Returns
        -------
        str
            ``"emergency evaluation by Dr K. Patel, psychiatrist (County ED, 04 Dec 2026): overall risk low; returned
            to the programme with a safety plan"``; parts not recorded are left out.
        """
        if not (self.evaluated_by or self.evaluated_where or self.evaluated_on or self.disposition):
            return ""
        day = f"{self.evaluated_on:%d %b %Y}" if self.evaluated_on is not None else ""
        where = ", ".join(part for part in (self.evaluated_where, day) if part)
        head = "emergency evaluation" + (f" by {self.evaluated_by}" if self.evaluated_by else "")
        head += f" ({where})" if where else ""
        found = [f"overall risk {self.risk_level.value}"] if self.risk_level is not None else []
        found += [self.disposition.words] if self.disposition is not None else []
        return f"{head}: {'; '.join(found)}" if found else head

    def covers(
        self,
        instrument: str,
        week: float,
        code: str,
        record: str = "",
        *,
        weeks: Mapping[str, float] | None = None,
        again: bool = False,
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
        again : bool, default False
            False: is this a closing of the flag (a note of ``reviewed_again`` never is). True: is this a
            ``reviewed_again`` note on it (:func:`reviews_of`).

        Returns
        -------
        bool
            With both record ids known: the same record, or an earlier one (by ``weeks``; never one for a
            resolution of ``this_record_only``). Otherwise (an id not known on either side): a flag of exactly
            this resolution's ``week``.
        """
        if code != self.flag_code or instrument != self.instrument or self.reviewed_again != again:
            return False
        if self.record and record:
            reach = None if self.this_record_only else (weeks or {}).get(self.record)
            return str(record) == self.record or (reach is not None and week < reach)
        return week == self.week

    def to_dict(self) -> dict:
        """A JSON-able dict; :meth:`from_dict` reads it back.

        ``risk_level`` is written only when recorded, ``this_record_only`` and ``reviewed_again`` only when True
        and ``level_not_asked``
        never (:meth:`from_stored` works it out), so a resolution stored before these existed writes back exactly
        what was stored.

        Returns
        -------
        dict
        """
        out = to_record(self, {"on": dt.date.isoformat})
        for name in ("risk_level", "evaluated_by", "evaluated_where", "evaluated_on", "disposition"):
            del out[name]
        for name in ("this_record_only", "reviewed_again"):
            if not getattr(self, name):
                del out[name]
        out = out if self.risk_level is None else {**out, "risk_level": self.risk_level.value}
        # the emergency evaluation only when recorded: a resolution stored before it existed writes back its bytes
        evaluation = {
            "evaluated_by": self.evaluated_by,
            "evaluated_where": self.evaluated_where,
            "evaluated_on": self.evaluated_on.isoformat() if self.evaluated_on is not None else None,
            "disposition": self.disposition.value if self.disposition is not None else None,
        }
        return {**out, **{k: v for k, v in evaluation.items() if v not in ("", None)}}

    @classmethod
    def from_dict(cls, data: dict) -> FlagResolution:
        """Rebuild a resolution from :meth:`to_dict` output (one stored without a record id reads with "").

        As strict as making a new one: a suicide-risk flag's resolution without a ``risk_level`` is refused
        (only the store reads one it saved before iopkit asked for the level: :meth:`from_stored`).

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
            A missing or bad field (no ``risk_level`` for a suicide-risk flag included).
        """
        decode = {"on": dt.date.fromisoformat, "evaluated_on": dt.date.fromisoformat}
        return from_record(cls, data, decode, "Flag resolution")

    @classmethod
    def from_stored(cls, data: dict) -> FlagResolution:
        """How the store reads back a resolution it saved: as :meth:`from_dict`, except for the rules that came
        after it was saved: a suicide-risk flag's resolution saved before iopkit asked for the level (no
        ``risk_level``) reads with ``level_not_asked``, and an action saved before it had to be in words
        (:func:`~iopkit.flags.says_what_was_done`) reads as saved.

        The store's reading only (:mod:`iopkit.store.kinds`): the store never saves such a resolution again (its
        save reads what it writes with :meth:`from_dict`, which refuses it), so a flag is never newly closed
        without the level.

        Parameters
        ----------
        data : dict
            A stored payload (what :meth:`to_dict` wrote, now or before the level existed).

        Returns
        -------
        FlagResolution

        Raises
        ------
        PlacementInputError
            A missing or bad field.
        """
        reading = _READING_STORED.set(True)
        try:
            return cls.from_dict(data)
        finally:
            _READING_STORED.reset(reading)

    def keyed_to(self, record: str) -> FlagResolution:
        """This resolution keyed to another record id (a correction of its record), a stored one as stored.

        Parameters
        ----------
        record : str
            The store id of the record it now covers.

        Returns
        -------
        FlagResolution
            The same resolution with ``record`` changed; one read with ``level_not_asked`` keeps it.
        """
        if self.level_not_asked or self.evaluation_not_asked:
            return type(self).from_stored({**self.to_dict(), "record": record})
        return replace(self, record=record)


def _flag(score, code: str) -> Flag | None:
    """The flag with ``code`` a score raised (None: it raised none)."""
    return next((f for f in getattr(score, "flags", ()) if f.code == code), None)


def _read_by(instrument: str, code: str) -> tuple[int, ...] | None:
    """The item numbers the ``instrument``'s rule for flag ``code`` reads; None when it reads the whole form (a
    total, a band or a subscore) or no current rule raises the flag."""
    from ..instruments import CATALOGUE  # imported when a correction is read, never with the page

    rule = next((r for r in getattr(CATALOGUE.get(instrument), "flags", ()) if r.code == code), None)
    if rule is None or any(not w.item or w.subscore or w.total or w.bands for w in rule.when):
        return None
    return rule.items


def _finding(score, code: str) -> dict[str, Any]:
    """What flag ``code`` of ``score`` was raised on, as its rule reads it: the answers to the items it reads; for a
    rule of the whole form (a total, a band), every answer and the total."""
    answers = getattr(score, "answers", {})
    items = _read_by(score.instrument, code)
    found = {f"item {k}" if isinstance(k, int) else str(k): answers.get(k) for k in (items or tuple(answers))}
    if items is None and getattr(score, "total", None) is not None:
        found["total"] = score.total
    return found


def finding_changes(was, now, code: str) -> tuple[tuple[str, Any, Any], ...]:
    """What a correction changed in the finding of flag ``code``: each answer (or total) its rule reads that differs
    between the scored record ``was`` and its correction ``now``.

    The flag's message names the finding, not the answers (PHQ-9 item 9 answered 1 or 3 raises the same
    message), so the answers the instrument's flag rule reads tell one finding from another: the items of an
    item rule (PHQ-9 item 9; CIWA-Ar items 6, 7, 8 and 10), every answer and the total for a rule of the whole form
    (a band: the C-SSRS screener's triage, the CIWA-Ar's severe withdrawal).  iopkit's own rule.

    Parameters
    ----------
    was, now : Score
        The score that was flagged and its correction.
    code : str
        The flag's code.

    Returns
    -------
    tuple of (str, object, object)
        ``("item 9", 1, 3)``, ``("total", 22, 28)``: what, the answer before and after (None: not answered), in the
        form's order; empty when the correction changed nothing the flag's rule reads.

    Examples
    --------
    >>> from iopkit import score
    >>> one, three = score("phq9", [1] * 8 + [1]), score("phq9", [1] * 8 + [3])
    >>> finding_changes(one, three, "suicidal_ideation")
    (('item 9', 1, 3),)
    >>> finding_changes(one, score("phq9", [3] + [1] * 8), "suicidal_ideation")  # item 1 is not read by the flag
    ()
    """
    old, new = _finding(was, code), _finding(now, code)
    return tuple((k, old.get(k), new.get(k)) for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k))


def _lower(changes) -> bool:
    """True when every change goes down: a lower finding the higher one's closing answered already.  An answer goes
    down to a lower number, or from blank (not asked) to any number: a blank safety question counts as its worst
    answer until it is asked (iopkit's rule, :mod:`iopkit.flags`); never from an answer to blank, nor from or to
    anything that is not a number (a yes/no answer is one: no 0, yes 1)."""

    def number(value: object) -> bool:
        return isinstance(value, (int, float)) and value == value

    return bool(changes) and all(number(b) and (a is None or (number(a) and b < a)) for _, a, b in changes)


def _covers_correction(was: Flag, score, correction, code: str) -> bool:
    """True when a closing of flag ``was`` of ``score`` covers the ``correction`` of that score: it raises the flag
    less urgently, or at the same urgency the same finding (the same answers its rule reads and the same message) or
    a lower one (every answer its rule reads the same or lower, :func:`finding_changes`, whatever the message says of
    them); never when the flag is gone."""
    now = _flag(getattr(correction, "item", None), code)
    if now is None:
        return False
    if urgency(now) != urgency(was):
        return urgency(now) > urgency(was)  # less urgent: covered; more urgent: not this closing's finding
    changes = finding_changes(score, correction.item, code)
    return _lower(changes) if changes else now.message == was.message


def _followed(
    r: FlagResolution, by_id: Mapping[str, Any], newer: Mapping[str, str], upto: str | None = None
) -> tuple[str, tuple[str, ...]]:
    """The version of its record's correction chain a resolution covers (its own, or the newest correction whose
    finding it covers: :func:`_covers_correction`; never one after ``upto``), and the ids of every correction after
    its own record."""
    scored = getattr(by_id.get(r.record), "item", None)
    was = _flag(scored, r.flag_code)
    if was is None:
        return r.record, ()
    chain = _corrected(r.record, newer)[1:]
    reach = chain[: chain.index(upto) + 1] if upto in chain else chain
    key = next((at for at in reversed(reach) if _covers_correction(was, scored, by_id[at], r.flag_code)), r.record)
    return key, chain


def _followed_all(resolutions, by_id: Mapping[str, Any], newer: Mapping[str, str]) -> list:
    """Each resolution's version and later corrections (:func:`_followed`), never carried past a later version of its
    record where the same flag was closed or re-assessed again and whose closing stops there (the next correction
    changed the finding it answered): the latest version closed decides whether the current finding is answered, so
    an earlier, lower closing of a finding the record was corrected back to never steps over a later, higher
    assessment (the flag is open again at that level, :func:`reopened_by_corrections`).  iopkit's own rule."""
    resolutions = tuple(resolutions)
    followed = [_followed(r, by_id, newer) for r in resolutions]
    stops: dict[tuple[str, str, str], list[tuple[str, str]]] = {}  # (current, instrument, code) -> (made on, left at)
    for r, (key, chain) in zip(resolutions, followed):
        if chain and key != chain[-1] and not r.reviewed_again:
            stops.setdefault((chain[-1], r.instrument, r.flag_code), []).append((r.record, key))
    out = []
    for r, (key, chain) in zip(resolutions, followed):
        whole = (r.record, *chain)
        later = [  # left on a version before its own key by a resolution made on a later version than its own
            whole.index(at)
            for made, at in (stops.get((chain[-1], r.instrument, r.flag_code), ()) if chain else ())
            if made in whole[1:] and at in whole and whole.index(at) < whole.index(key)
        ]
        out.append(_followed(r, by_id, newer, whole[max(later)]) if later else (key, chain))
    return out


def _versions(versions) -> tuple[dict[str, Any], dict[str, str]]:
    """Every version by its id, and the id of each version's correction."""
    return {str(v.id): v for v in versions}, {str(v.amends): str(v.id) for v in versions if v.amends is not None}


def current_version(record: str, versions):
    """The current version of the scored record ``record`` (its latest correction; itself when never corrected; None
    when ``versions`` do not hold it).

    Parameters
    ----------
    record : str
        A store id.
    versions : sequence of Record
        Every version of the scored records (``store.history(patient_id, "assessment")``), ``record`` among them.

    Returns
    -------
    Record or None
    """
    by_id, newer = _versions(versions)
    return by_id.get(_corrected(str(record), newer)[-1])


def correction_chain(record: str, versions) -> tuple[str, ...]:
    """The store ids of the current version ``record``'s correction chain: the first version first, ``record`` last
    (just ``record`` when never corrected).

    Parameters
    ----------
    record : str
        The store id of a current version.
    versions : sequence of Record
        Every version of the scored records (``store.history(patient_id, "assessment")``): ``id`` and ``amends`` are
        read.

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> from types import SimpleNamespace as V
    >>> correction_chain("3", [V(id=1, amends=None), V(id=2, amends=1), V(id=3, amends=2)])
    ('1', '2', '3')
    """
    return _chains(versions).get(str(record), (str(record),))


def _corrected(record: str, newer: Mapping[str, str]) -> tuple[str, ...]:
    """``record`` and the ids of its corrections after it (``newer``: each version's correction, :func:`_versions`),
    the current version last."""
    chain = [record]
    while chain[-1] in newer:
        chain.append(newer[chain[-1]])
    return tuple(chain)


def corrected_same_day(versions) -> dict[str, str]:
    """Each corrected version whose current version kept its clinical day: a closing left on it (its finding changed:
    :func:`follow_corrections`) still answers the same flag on the instrument's records of earlier days, as it did
    (:meth:`FlagResolution.covers`), never the correction itself.  A correction that moved the record's day leaves
    its closing reaching no earlier record (their flags open again).  iopkit's own rule.

    Parameters
    ----------
    versions : sequence of Record
        Every version of the scored records (``store.history(patient_id, "assessment")``): ``id``, ``amends`` and
        ``taken_at`` are read.

    Returns
    -------
    dict of str to str
        The store id of each such corrected version -> the store id of its current version.
    """
    from ..entry import clinical_day

    by_id, newer = _versions(versions)
    out = {}
    for rid in newer:
        now = _corrected(rid, newer)[-1]
        if rid in by_id and clinical_day(by_id[rid].taken_at) == clinical_day(by_id[now].taken_at):
            out[rid] = now
    return out


def follow_corrections(resolutions, versions) -> tuple[FlagResolution, ...]:
    """Resolutions keyed to a record that was corrected, re-keyed to the current version of that record when its
    closing still answers the corrected finding.

    A correction (an amendment) saves a new version with a new id.  The resolution of the record it amends covers
    the correction only when the correction raises the same finding (the flag with that code, its message and the
    answers its rule reads the same: :func:`finding_changes`), a lower one at the same urgency (every answer its rule
    reads the same or lower, a blank counted at its worst: a closing of the higher finding answered it), or a less
    urgent one.  A correction that changes the finding at the same or a higher urgency (PHQ-9 item 9 answered 1,
    corrected to 3; a C-SSRS answer changed; a CIWA-Ar item raised), drops the flag, or raises a new flag (another
    code is never covered) leaves the flag open on the corrected version (:func:`reopened_by_corrections` says why).
    The newest correction is compared with the version closed, so one corrected back to the closed finding is covered
    again.  iopkit's own rule.

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
        The resolutions, each keyed to the newest version of its record's correction chain whose finding it covers
        (unchanged where nothing was corrected, or where no correction's finding is covered); then the closings
        carried to a lower flag of another code a correction left, which they cover
        (:func:`covered_after_corrections`).
    """
    by_id, newer = _versions(versions)
    resolutions = tuple(resolutions)
    out = []
    for r, (key, _) in zip(resolutions, _followed_all(resolutions, by_id, newer)):
        out.append(r if key == r.record else r.keyed_to(key))
    return (*out, *covered_after_corrections(resolutions, versions))


def covered_after_corrections(resolutions, versions) -> tuple[FlagResolution, ...]:
    """The closings that cover a flag of another code after a correction (:attr:`AfterCorrection.COVERED`), as the
    chart reads them: each closing and re-assessment of the earlier version's flag, carried to the covered flag of
    the corrected record (its code and record), for that record only (``this_record_only``), as saved otherwise (who,
    when, the level, what was done).  The flag reads closed at that level, a lower closing being refused
    (:func:`escalates`).  Never saved: the chart's reading only.

    Parameters
    ----------
    resolutions : sequence of FlagResolution
        What was done about flags (as saved).
    versions : sequence of Record
        Every version of the scored records (``store.history(patient_id, "assessment")``).

    Returns
    -------
    tuple of FlagResolution
        Empty when no correction lowered a closed finding to a flag of another code.
    """
    only = {"this_record_only": True}  # for the corrected record only
    return tuple(
        FlagResolution.from_stored({**c.to_dict(), "flag_code": w.flag_code, "record": w.record} | only)
        for w in reopened_by_corrections(resolutions, versions).values()
        if w.kind is AfterCorrection.COVERED
        for c in w.closings
    )


class AfterCorrection(StrEnum):
    """How a correction of a scored record bears on an open safety flag of the corrected record, whose earlier
    version had a flag closed (:class:`Reopened`): the words the chart's reason begins with (:attr:`words`).

    A ``StrEnum``: ``AfterCorrection.NEW == "new"``.
    """

    OPEN_AGAIN = "open_again"
    """The same flag (its code), closed on an earlier version; the correction changed its finding."""
    NEW = "new"
    """Another flag (another code: a higher or another finding) the earlier version did not raise, where that
    version's flag was closed; open."""
    COVERED = "covered"
    """Another flag (another code), a lower finding than an earlier version's flag whose closing recorded an overall
    risk level: that closing answers it (less urgent, or every answer that flag's rule reads the same or lower), so
    it reads closed at that level, never lower (a lower level needs a new screen and assessment).  Also a flag whose
    own closing answers its finding while a higher level was recorded on another version of its record (another
    flag's): it reads closed at that highest level (:attr:`Reopened.answered_by`)."""
    RAISED = "raised"
    """A flag raised only by a correction (the record's first version did not raise it), where no earlier closing
    bears on it, the correction entered on a later day than the record's clinical day: the patient may have left
    since (:attr:`Reopened.welfare`).  Open until closed on the corrected record, dated on or after the correction."""
    LOWERED = "lowered"
    """A flag raised only by a correction, as :attr:`RAISED`, in place of a higher finding the record's first version
    raised (a more urgent flag, or one of a higher band: a C-SSRS screen entered as high risk, corrected to moderate
    or low): the correction lowered the finding, so it names the earlier flag.  When that flag was closed, it adds
    no welfare step; when it was never closed (nothing recorded done about it, and the correction took it off the
    list), the flag says the earlier flag's contact step where that step is "contact the patient now", its own
    contact step otherwise (as a raised flag does), and asks to confirm and record whether the earlier flag's
    evaluation was done (:attr:`Reopened.welfare`, :data:`EARLIER_UNACTED`).  Lowered from a C-SSRS screen's high
    risk never closed, also when the correction was entered on the record's own day, and the screen is repeated
    (:attr:`Reopened.asks_again`).  Open until closed on the corrected record, dated on or after the correction."""
    RAISED_AGAIN = "raised_again"
    """A flag the record's first version raised, never closed, that a correction withdrew (its answers raise no such
    flag) and a later correction raised again, entered on a later day than the record's clinical day: while it was
    withdrawn it was off the list, and the patient may have left since, so it reads as :attr:`RAISED` does, with its
    contact step (:attr:`Reopened.welfare`), naming the correction that withdrew it.  Open until closed on the
    corrected record, dated on or after the correction.  A flag closed before the correction that raised it again
    was saved (on a version of its record, or by a later record's closing that answered it) reads as it did."""

    WITHDRAWN = "withdrawn"
    """A flag of the record's first version calling for an emergency evaluation whose instrument asks its high-risk
    questions again (:data:`ASK_AGAIN`: a C-SSRS screen's high risk), never closed, that a correction withdrew (its
    answers raise no such flag, nor a lower one in its place, :attr:`LOWERED`), on any day: the high-risk finding
    was never assessed and the correction is unverified, so it stays open on the corrected record, as the flag of
    the first version (:attr:`Reopened.kept`), with the contact step and the repeated screen
    (:attr:`Reopened.steps`), until closed on the corrected record, dated on or after the correction.  A withdrawn
    flag of any other kind (a lower C-SSRS level) is off the list as before.  iopkit's own rule (physician review)."""

    @property
    def words(self) -> str:
        """How the chart's reason begins.

        Examples
        --------
        >>> AfterCorrection.OPEN_AGAIN.words, AfterCorrection.NEW.words, AfterCorrection.COVERED.words
        ('Open again after a correction', 'New after a correction', 'Covered after a correction')
        >>> AfterCorrection.RAISED.words, AfterCorrection.LOWERED.words, AfterCorrection.RAISED_AGAIN.words
        ('Raised by a correction', 'Lowered by a correction', 'Raised again by a correction')
        >>> AfterCorrection.WITHDRAWN.words
        'Withdrawn by a correction'
        """
        by = (AfterCorrection.RAISED, AfterCorrection.LOWERED, AfterCorrection.RAISED_AGAIN, AfterCorrection.WITHDRAWN)
        if self in by:
            return f"{self.value.replace('_', ' ').capitalize()} by a correction"
        return f"{self.value.replace('_', ' ').capitalize()} after a correction"

    @classmethod
    def of(cls, said: str) -> AfterCorrection | None:
        """Which kind a reason the chart says (:attr:`Reopened.said`, which begins with its :attr:`words`) is; None
        for "" (no correction bears on the flag).

        Examples
        --------
        >>> AfterCorrection.of("New after a correction: the C-SSRS screen ..."), AfterCorrection.of("")
        (<AfterCorrection.NEW: 'new'>, None)
        >>> AfterCorrection.of("Raised by a correction entered on 02 Dec 2026 (record 5, by AB)")
        <AfterCorrection.RAISED: 'raised'>
        >>> AfterCorrection.of("Lowered by a correction entered on 02 Dec 2026 ...")
        <AfterCorrection.LOWERED: 'lowered'>
        >>> AfterCorrection.of("Raised again by a correction entered on 02 Dec 2026 (record 5, by AB)")
        <AfterCorrection.RAISED_AGAIN: 'raised_again'>
        """
        return next((kind for kind in cls if said.startswith((f"{kind.words}:", f"{kind.words} "))), None)


@dataclass(frozen=True)
class Reopened:
    """A safety flag closed on an earlier version of its record and open again on the correction, which changed its
    finding (:func:`follow_corrections`), or a new flag the correction raised where the earlier version's flag was
    closed (``kind``): what the chart says beside the open flag (:attr:`said`).

    Parameters
    ----------
    record : str
        The store id of the current (corrected) version, whose flag is open.
    instrument : str
        The instrument of the record, e.g. ``"phq9"``.
    flag_code : str
        The open flag's code.
    closings : tuple of FlagResolution
        The closing (and any re-assessment) of the earlier version, as saved, the closing first: of the same flag
        (``kind`` OPEN_AGAIN) or of the earlier version's own flag, another code (``kind`` NEW).
    closed_record : str
        The store id of the earlier version they cover.
    changes : tuple of (str, object, object)
        What the correction changed in the open flag's finding (:func:`finding_changes`), the earlier version against
        the current one.
    corrected_by : str
        Who saved the latest correction that changed the finding (a correction of a correction: the latest one's).
    corrected_on : datetime.date
        The clinical day it was saved: a closing of the corrected record is dated on or after it
        (:func:`check_closing`).
    reason : str
        Its reason, as saved.
    level_by : FlagResolution, optional
        Of every closing and re-assessment the earlier versions had (any version, and any later record's closing of
        the same flag, which answers an earlier record's too), the one that recorded the highest overall risk level
        (None: none recorded one):
        the corrected record's flag is closed at that level or higher, a flag's level only going up
        (:func:`check_closing`).  Every kind reads the closings of any flag of any version of the record too: a
        corrected record's flags carry the highest level recorded on any version of it.
    kind : AfterCorrection, default OPEN_AGAIN
        OPEN_AGAIN: the same flag, its finding changed.  NEW: a flag of another code (a higher or another finding)
        the earlier version did not raise, whose own flag was closed: the new flag is closed on the corrected record,
        dated on or after the correction, at the earlier flag's level or higher (:attr:`level`: a correction never
        lowers a level recorded).  RAISED, LOWERED: a flag a correction alone raised on a later day, no earlier
        closing bearing on it (LOWERED: in place of a higher finding; ``closings``: that flag's, none when never
        closed).  RAISED_AGAIN: a flag of the record's first version, never closed, that a correction withdrew and
        a later one raised again on a later day (``closings``: none; ``withdrawn_on``).  WITHDRAWN: a C-SSRS screen's
        high-risk flag of the first version, never closed, that a correction withdrew, kept open (``kept``; any
        day).  iopkit's own rule.
    closed_flag : str, default ""
        ``kind`` NEW: the message of the earlier version's flag the closings closed; LOWERED: of the first version's
        higher flag.
    taken_on : datetime.date, optional
        ``kind`` NEW: the clinical day of the earlier version.
    versions : tuple of str, default ()
        The store ids of every version of the record, the first first, the current one last: a closing made on an
        earlier version and carried to the version closed (a correction it still answered,
        :func:`follow_corrections`) is named as made on that earlier version, never as a later record's.
    action : str, default ""
        What the open flag calls for, as the flag says it (:attr:`iopkit.flags.Flag.action`): a new flag's reason
        names it ("act on this flag as it calls for: ...").
    calls_for : CallsFor, optional
        What the open flag calls for (:func:`~iopkit.placement.continued_stay.calls_for`).
    day : datetime.date, optional
        The clinical day of the current (corrected) version: a correction saved on a later day, that leaves open a
        flag calling for an emergency evaluation, a risk assessment or a medical review now, says the patient may
        have left since (:attr:`welfare`).
    answered_by : tuple of FlagResolution, default ()
        ``kind`` COVERED only: the flag's own closings (its code, carried to the corrected record) that answer its
        finding, when the level it reads closed at is a higher one another flag recorded on a version of its record
        (``closings``: that closing): a correction never lowers a level recorded.
    lowered : bool, default False
        The correction lowered the finding (a new flag less urgent, or of a lower band, than the earlier version's):
        no welfare step (:attr:`welfare`), unless ``kind`` LOWERED with the higher flag never closed.
    medical_review : MedicalReview, optional
        How soon the open flag's medical review is due, for a flag calling for one
        (:func:`~iopkit.flags.medical_review_of`; None otherwise): one due now gets a welfare step (:attr:`welfare`).
    closed_calls_for : CallsFor, optional
        ``kind`` LOWERED: what the first version's higher flag (``closed_flag``) calls for (None otherwise).
    closed_review : MedicalReview, optional
        ``kind`` LOWERED: how soon that flag's medical review is due, for a flag calling for one (None otherwise):
        :attr:`earlier_welfare` reads both.
    withdrawn_on : datetime.date, optional
        ``kind`` RAISED_AGAIN: the clinical day the correction that withdrew the flag was saved (the latest one before
        the correction that raised it again); None otherwise.
    kept : Flag, optional
        ``kind`` WITHDRAWN: the first version's flag the correction withdrew, kept open on the corrected record (the
        chart lists it as that record's flag: :func:`~iopkit.placement.continued_stay.safety_flags`), its action
        :data:`WITHDRAWN_ACTION` (the chart prints it after the reason: the emergency evaluation it called for is not
        kept, the repeated screen decides); None otherwise.
    as_of : datetime.date, optional
        The clinical day the chart is read on (:meth:`iopkit.episode.Episode.from_store`'s ``as_of``): a flag that
        repeats the screen (:attr:`asks_again`) corrected on its record's own day and read on a later day says the
        patient may have left since (:attr:`steps`); None: read on the correction's day.
    repeated : (str, datetime.date), optional
        A flag that repeats the screen (:attr:`asks_again`): the store id and clinical day of the first later screen
        of its instrument, another record, taken on or after the correction's day and saved after it
        (:func:`_repeated_screens`); None when none.  From that day (``as_of`` on or after it, or ``as_of`` None) the
        flag says only to close it (:attr:`screen_repeated`, :data:`REPEATED`).
    """

    record: str
    instrument: str
    flag_code: str
    closings: tuple[FlagResolution, ...]
    closed_record: str
    changes: tuple[tuple[str, Any, Any], ...]
    corrected_by: str
    corrected_on: dt.date
    reason: str = ""
    level_by: FlagResolution | None = None
    kind: AfterCorrection = AfterCorrection.OPEN_AGAIN
    closed_flag: str = ""
    taken_on: dt.date | None = None
    versions: tuple[str, ...] = ()
    action: str = ""
    calls_for: CallsFor | None = None
    day: dt.date | None = None
    answered_by: tuple[FlagResolution, ...] = ()
    lowered: bool = False
    medical_review: MedicalReview | None = None
    closed_calls_for: CallsFor | None = None
    closed_review: MedicalReview | None = None
    withdrawn_on: dt.date | None = None
    kept: Flag | None = None
    as_of: dt.date | None = None
    repeated: tuple[str, dt.date] | None = None

    @property
    def never_acted_on(self) -> bool:
        """True for a flag a correction lowered from a higher flag of the record's first version that was never
        closed (:attr:`AfterCorrection.LOWERED`, no ``closings``): nothing is recorded done about the higher flag,
        and the correction took it off the list (:data:`EARLIER_UNACTED`).

        Returns
        -------
        bool
        """
        return self.kind is AfterCorrection.LOWERED and not self.closings

    @property
    def asks_again(self) -> bool:
        """True when the screen is repeated before acting on this flag (:data:`ASK_AGAIN`): a flag of an instrument
        that asks its high-risk questions again (a C-SSRS screen), lowered from a higher flag calling for an
        emergency evaluation that was never closed (:attr:`never_acted_on`), or that flag itself, withdrawn by a
        correction and kept open (:attr:`AfterCorrection.WITHDRAWN`); on any day.  iopkit's own rule (physician
        review).

        Returns
        -------
        bool
        """
        if self.instrument not in ASK_AGAIN:
            return False
        emergency = self.never_acted_on and self.closed_calls_for is CallsFor.EMERGENCY_EVALUATION
        return emergency or self.kind is AfterCorrection.WITHDRAWN

    @property
    def listed(self) -> Flag | None:
        """The withdrawn flag kept open (``kept``) as the chart lists it: its action :data:`WITHDRAWN_ACTION`, once
        the screen was repeated (:attr:`screen_repeated`) :data:`WITHDRAWN_REPEATED_ACTION`; None when ``kept`` is.

        Returns
        -------
        Flag or None
        """
        if self.kept is None:
            return None
        action = WITHDRAWN_REPEATED_ACTION if self.screen_repeated else self.kept.action
        return replace(self.kept, action=action, withdrawn=self._marker())  # the headline reads the marker

    @property
    def lowered_mark(self) -> Withdrawn | None:
        """The marker (``Withdrawn``, ``lowered`` set) the placement headline reads on a flag a correction lowered
        from a C-SSRS screen's high risk never closed (:attr:`AfterCorrection.LOWERED` that :attr:`asks_again`),
        before the screen was repeated (:attr:`screen_repeated`), so the headline says the chart's step (contact the
        patient now, or before the patient leaves, and repeat the screen: :attr:`steps`), never a same-day suicide risk
        assessment on the lowered finding alone (physician check of review 9); None otherwise.

        Returns
        -------
        Withdrawn or None
        """
        if self.kind is not AfterCorrection.LOWERED or not self.asks_again or self.screen_repeated:
            return None
        return self._marker()

    def _marker(self) -> Withdrawn:
        """The :class:`~iopkit.flags.Withdrawn` marker of a flag that repeats the screen (:attr:`listed`,
        :attr:`lowered_mark`): the screen's day, the correction's, the corrected record, whether the patient may have
        left since (:attr:`read_later`), the repeated screen once entered, and whether the flag was lowered."""
        taken = self.taken_on if self.taken_on is not None else self.corrected_on
        again = self.repeated if self.screen_repeated else None
        lowered = self.kind is AfterCorrection.LOWERED
        return Withdrawn(taken, self.corrected_on, self.record, self.read_later, again, lowered)

    @property
    def read_later(self) -> bool:
        """True when the patient may have left since the correction: entered on a later day than the record's
        (:attr:`welfare`), or, for a flag that repeats the screen (:attr:`asks_again`), read on a later day than
        the correction's (``as_of``): acting on it starts with "contact the patient now" (:attr:`steps`).  iopkit's
        own rule (physician review).

        Returns
        -------
        bool
        """
        later = self.asks_again and self.as_of is not None and self.as_of > self.corrected_on
        return bool(self.welfare) or later

    @property
    def screen_repeated(self) -> bool:
        """True when the screen this flag repeats (:attr:`asks_again`) was repeated by the day read (``repeated``,
        on or before ``as_of``; any day when ``as_of`` is None): the flag then says only to close it on the corrected
        record with the suicide risk assessment (:data:`REPEATED`), no contact step.  iopkit's own rule (physician
        review).

        Returns
        -------
        bool
        """
        if not self.asks_again or self.repeated is None:
            return False
        return self.as_of is None or self.repeated[1] <= self.as_of

    @property
    def earlier_welfare(self) -> str:
        """The step the first version's higher flag would say first, had the correction raised it (:attr:`welfare`
        of a flag calling for ``closed_calls_for``, its medical review ``closed_review``), for a flag lowered from one
        never closed (:attr:`never_acted_on`); "" otherwise.  When it is "contact the patient now", the lowered flag
        says it too (:attr:`welfare`).  iopkit's own rule (physician review).

        Returns
        -------
        str

        Examples
        --------
        >>> import datetime
        >>> never = Reopened("2", "ciwa_ar", "moderate_alcohol_withdrawal", (), "1", (), "AB",
        ...                  datetime.date(2026, 3, 5), kind=AfterCorrection.LOWERED, day=datetime.date(2026, 3, 2),
        ...                  calls_for=CallsFor.MEDICAL_REVIEW, medical_review=MedicalReview.PRESCRIBER, lowered=True,
        ...                  closed_calls_for=CallsFor.MEDICAL_REVIEW, closed_review=MedicalReview.NOW)
        >>> never.earlier_welfare.split(": ")[1].split(";")[0]  # complicated withdrawal 3 days before: now
        'contact the patient now'
        >>> never.welfare == never.earlier_welfare  # the lowered flag says it too
        True
        """
        if not self.never_acted_on:
            return ""
        return replace(
            self,
            kind=AfterCorrection.RAISED,
            lowered=False,
            calls_for=self.closed_calls_for,
            medical_review=self.closed_review,
        ).welfare

    @property
    def welfare(self) -> str:
        """What a correction entered on a later day than its record's clinical day says first: the patient may have
        left since, so acting on the flag starts with reaching the patient.  iopkit's own rule.

        A flag calling for an emergency evaluation or a suicide risk assessment: :data:`WELFARE`.  A flag whose
        medical review is due now (:attr:`~iopkit.flags.MedicalReview.NOW`: a critical withdrawal flag, possible
        withdrawal delirium, CIWA-Ar item 10 at 1), corrected within :data:`WITHDRAWAL_WELFARE_DAYS` of the record's
        day: contact the patient now, a welfare check if unreachable (the patient may have gone home with delirium
        developing); corrected later than that: :data:`WITHDRAWAL_CONTACT_LATER` (14 days: iopkit's own margin, to
        apply with local policy).  A flag a correction lowered from a higher flag never closed
        (:attr:`AfterCorrection.LOWERED`, no ``closings``): the earlier flag's step when it is "contact the patient
        now" (:attr:`earlier_welfare`: an emergency evaluation, or a medical review due now within
        :data:`WITHDRAWAL_WELFARE_DAYS` of the record's day; the earlier finding, CIWA-Ar item 6 at 4 say, was never
        assessed, and the correction itself is unverified), else its own step, as for a raised flag, else (a
        prescriber's review) :data:`LOWERED_UNACTED`.  None for any other correction that lowered the finding
        (:attr:`lowered`), one entered on the record's own day, or any other flag.  iopkit's own rule (physician
        review).

        Returns
        -------
        str
            The step, or "" when none.

        Examples
        --------
        >>> import datetime
        >>> late = Reopened("2", "ciwa_ar", "complicated_withdrawal", (), "1", (), "AB", datetime.date(2026, 3, 5),
        ...                 kind=AfterCorrection.RAISED, day=datetime.date(2026, 3, 2),
        ...                 calls_for=CallsFor.MEDICAL_REVIEW, medical_review=MedicalReview.NOW)
        >>> late.welfare
        'the patient may have left since: contact the patient now; welfare check if unreachable'
        >>> replace(late, corrected_on=datetime.date(2026, 4, 1)).welfare.split("; ")[0]
        'a correction entered 30 days after the record: contact the patient today'
        >>> replace(late, medical_review=MedicalReview.PRESCRIBER).welfare, replace(late, lowered=True).welfare
        ('', '')
        >>> never = replace(late, kind=AfterCorrection.LOWERED, lowered=True, medical_review=MedicalReview.PRESCRIBER,
        ...                 closed_calls_for=CallsFor.MEDICAL_REVIEW, closed_review=MedicalReview.NOW)
        >>> never.welfare  # to moderate 3 days later, from complicated withdrawal never closed: the earlier flag's step
        'the patient may have left since: contact the patient now; welfare check if unreachable'
        >>> replace(never, corrected_on=datetime.date(2026, 4, 1)).welfare == LOWERED_UNACTED  # 30 days later: its own
        True
        >>> review = FlagResolution("complicated_withdrawal", "ciwa_ar", 0, "Medical review: no delirium", "KM",
        ...                         datetime.date(2026, 3, 2))
        >>> replace(never, closings=(review,)).welfare  # that flag was closed
        ''
        """
        if self.day is None or self.corrected_on <= self.day:
            return ""
        never_acted_on = self.never_acted_on  # the higher flag never closed
        if self.lowered and not never_acted_on:
            return ""
        now = WELFARE[CallsFor.EMERGENCY_EVALUATION]
        if self.kind is AfterCorrection.WITHDRAWN:  # the withdrawn flag's own step: never assessed, kept open
            return WELFARE.get(self.calls_for, "") if self.calls_for is not None else ""
        if never_acted_on and self.earlier_welfare == now:  # the earlier finding unassessed, the correction unverified
            return now
        if self.medical_review is MedicalReview.NOW:
            days = (self.corrected_on - self.day).days
            if days <= WITHDRAWAL_WELFARE_DAYS:
                return now
            return WITHDRAWAL_CONTACT_LATER.format(days=days)
        own = WELFARE.get(self.calls_for, "") if self.calls_for is not None else ""
        return own or (LOWERED_UNACTED if never_acted_on else "")

    @property
    def call(self) -> str:
        """What the flag calls for, as the chart's reason names it (:attr:`said`): "act on this flag as it calls for:
        '<the flag's action>'".  A CIWA-Ar or COWS flag (:func:`~iopkit.placement.suggest.rates_signs_now`: they rate
        the signs present at the moment of rating, Sullivan et al. 1989, Wesson & Ling 2003) corrected on a later
        day than its record's, whatever the delay, calls for the patient's state now (:data:`SIGNS_NOW`), its record's
        call following only as background: "(the record's call then: '...')" (treatment on old signs risks harm: a
        buprenorphine dose without current withdrawal precipitates it, ASAM 2020 OUD guideline).  A flag a correction
        lowered from a higher flag calling for an emergency evaluation that was never closed (:attr:`never_acted_on`,
        a C-SSRS screen's high risk), or that flag withdrawn by a correction and kept open
        (:attr:`AfterCorrection.WITHDRAWN`), repeats the screen first, on any day (:attr:`asks_again`,
        :data:`ASK_AGAIN`, after the Columbia screener's triage, bibliography keys ``cssrs_posner2011``,
        ``cssrs_screener_triage``): a high-risk answer calls for immediate action, otherwise the new screen's result,
        and at least the lowered flag's own call (a withdrawn flag's own call, the emergency evaluation, is not kept:
        the new screen decides).  iopkit's own rule (physician review).

        Returns
        -------
        str

        Examples
        --------
        >>> import datetime
        >>> late = Reopened("2", "cows", "severe_opioid_withdrawal", (), "1", (), "AB", datetime.date(2026, 3, 5),
        ...                 kind=AfterCorrection.RAISED, day=datetime.date(2026, 3, 2), action="Treat withdrawal now")
        >>> print(*late.call.split("; "), sep=";\\n")  # doctest: +NORMALIZE_WHITESPACE
        ask about confusion, hallucinations, seizures, hospital visits and withdrawal now;
        ask about return to use, and vomiting or diarrhoea with fluids not kept down;
        offer naloxone;
        see the patient in person today to re-score the COWS and treat on the current score;
        emergency care if confused or hallucinating now, or after a seizure since that no doctor has seen (the record's
        call then: 'Treat withdrawal now')
        >>> replace(late, corrected_on=datetime.date(2026, 3, 2)).call
        "act on this flag as it calls for: 'Treat withdrawal now'"
        >>> low = Reopened("2", "cssrs_screen", "suicide_risk_low", (), "1", (), "AB", datetime.date(2026, 3, 5),
        ...                kind=AfterCorrection.LOWERED, day=datetime.date(2026, 3, 2), lowered=True,
        ...                action="Further evaluation", closed_calls_for=CallsFor.EMERGENCY_EVALUATION)
        >>> print(*low.call.split("; "), sep=";\\n")  # doctest: +NORMALIZE_WHITESPACE
        repeat the C-SSRS screen with the patient (questions 1-6;
        4 and 5 for the past month;
        if 6 is yes, ask whether it was in the past 3 months) and enter it;
        if question 4 or 5 is yes, or behaviour was in the past 3 months: do not leave the patient alone (by phone:
        stay on the line and call emergency services) and arrange an immediate emergency mental-health evaluation;
        otherwise act on the new screen's result, and at least a same-day suicide risk assessment (the screen it
        replaced was high risk, never assessed)
        >>> replace(low, corrected_on=datetime.date(2026, 3, 2)).steps[1]  # on the record's own day: after the call
        'if the patient has left: contact the patient now and repeat the screen by phone; welfare check if unreachable'
        """
        from .suggest import rates_signs_now

        if self.asks_again:  # the lowered flag's own call is the least done; a withdrawn flag's, the new screen's
            lowered = self.kind is AfterCorrection.LOWERED
            least = LOWERED_CALL[self.flag_code in SAFETY_PLANNED] if lowered else ""
            return ASK_AGAIN[self.instrument] + least
        late = self.day is not None and self.corrected_on > self.day
        if not (late and rates_signs_now(self.instrument)):
            return f"act on this flag as it calls for: {self.action!r}" if self.action else "act on this flag"
        from ..records import short_name

        name = short_name(self.instrument)
        use = f"; {RETURN_TO_USE[self.instrument]}" if self.instrument in RETURN_TO_USE else ""
        then = f" (the record's call then: {self.action!r})" if self.action else ""
        return SIGNS_NOW.format(use=use, name=name) + then

    @property
    def steps(self) -> tuple[str, ...]:
        """What acting on the flag starts with, in order, as its reason says it (:attr:`said`): :attr:`welfare`, then
        :attr:`call` once the patient is reached ("when reached: ..."); the call alone when there is no welfare step.
        A flag that repeats the screen (:attr:`asks_again`) corrected on its record's own day (no welfare step):
        "before the patient leaves: <call>", then :data:`LEFT_SINCE`; read from the next clinical day on (``as_of``
        after the correction's day), the patient may have left since: "contact the patient now" first
        (:data:`WELFARE`), then "when reached: <call>".  A flag lowered from a higher flag never closed
        (:attr:`never_acted_on`) ends with :data:`EARLIER_UNACTED`, one withdrawn and kept open
        (:attr:`AfterCorrection.WITHDRAWN`) with :data:`WITHDRAWN_UNACTED` (naming the corrected record to close it
        on).  Once the screen was repeated (:attr:`screen_repeated`), :data:`REPEATED` alone.  iopkit's own rule
        (physician review).

        Returns
        -------
        tuple of str

        Examples
        --------
        >>> import datetime
        >>> late = Reopened("2", "phq9", "suicidal_ideation", (), "1", (), "AB", datetime.date(2026, 3, 5),
        ...                 kind=AfterCorrection.RAISED, day=datetime.date(2026, 3, 2),
        ...                 calls_for=CallsFor.RISK_ASSESSMENT, action="Assess suicide risk today")
        >>> late.steps[1]
        "when reached: act on this flag as it calls for: 'Assess suicide risk today'"
        >>> replace(late, corrected_on=datetime.date(2026, 3, 2)).steps
        ("act on this flag as it calls for: 'Assess suicide risk today'",)
        >>> gone = Reopened("2", "cssrs_screen", "suicide_risk_high", (), "1", (), "AB", datetime.date(2026, 3, 2),
        ...                 kind=AfterCorrection.WITHDRAWN, day=datetime.date(2026, 3, 2),
        ...                 calls_for=CallsFor.EMERGENCY_EVALUATION, as_of=datetime.date(2026, 3, 2))
        >>> print(gone.steps[0][:40], gone.steps[1], sep="\\n")  # withdrawn the same day, read that day
        before the patient leaves: repeat the C-
        if the patient has left: contact the patient now and repeat the screen by phone; welfare check if unreachable
        >>> replace(gone, as_of=datetime.date(2026, 3, 3)).steps[0]  # read the next clinical day
        'the patient may have left since: contact the patient now; welfare check if unreachable'
        >>> print(*gone.steps[-1].split(", and "), sep=",\\nand ")  # doctest: +NORMALIZE_WHITESPACE
        in the chart: record whether the emergency evaluation this flag called for was done,
        and close this flag on the corrected record (record 2) with the suicide risk assessment (the repeated screen's
        result and what was done); it stays open until then
        """
        if self.screen_repeated and self.repeated is not None:  # the screen repeated: close the flag on its record
            return (REPEATED.format(day=self.repeated[1], again=self.repeated[0], record=self.record),)
        welfare = self.welfare  # first: reach the patient, then what the flag calls for, once reached
        if self.asks_again and not welfare and self.read_later:
            welfare = WELFARE[CallsFor.EMERGENCY_EVALUATION]  # entered the same day, read later: may have left since
        steps = (welfare, f"when reached: {self.call}") if welfare else (self.call,)
        if self.asks_again and not welfare:  # entered on the record's own day, read that day: may still be there
            steps = (f"before the patient leaves: {self.call}", LEFT_SINCE)
        if self.kind is AfterCorrection.WITHDRAWN:
            return (*steps, WITHDRAWN_UNACTED.format(record=self.record))
        return (*steps, EARLIER_UNACTED) if self.never_acted_on else steps

    @property
    def said(self) -> str:
        """Why the flag is open, in the chart's words: who closed it when, at which level, on which version; who
        corrected the record when, what changed and why; what to do.  It begins with the kind's words
        (:attr:`AfterCorrection.words`).

        Returns
        -------
        str
            E.g. "Open again after a correction: closed at overall risk low by KM on 02 Dec 2026 on the earlier version
            (record 12); the PHQ-9 was corrected since, by AB on 03 Dec 2026 (item 9 (Thoughts that you would be better
            off dead or of hurting yourself) 'Several days' -> 'Nearly every day'; reason: 'item 9 mis-keyed'):
            re-assess and close it on the corrected record at overall risk low or higher (a flag's level only goes up)".
            Each answer changed is named by its item's number and name and its printed label (else its rating; a blank:
            "not answered"): :func:`_change`.  A later record's closing that answered the earlier version is named with
            it ("(with the later PHQ-9, record 15)"); a closing made on a still earlier version of the record, carried
            to a correction it still answered (:func:`follow_corrections`), is named as made there ("closed ... on an
            earlier version (record 11), carried to the correction it still answered (record 12)"); a correction of a
            correction is named by its latest one (who, when, why), the change read from the version closed to the
            current one.  A new flag (``kind`` NEW): "New after a correction: the C-SSRS screen of 02 Dec 2026 (record
            12) was corrected by AB on 03 Dec 2026 (item 4 (Had these thoughts and some intention of acting on them)
            'No' -> 'Yes'; reason: 'mis-keyed'); its earlier flag 'C-SSRS low risk: wish to be dead or non-specific
            suicidal thoughts' was closed at overall risk low by KM on 02 Dec 2026: act on this flag as it calls for:
            '<the flag's action>'; then close it on the corrected record" (a floor above low adds "at overall risk
            moderate or higher (a correction never lowers a level recorded)").  A correction saved on a later day than
            the record's, of a flag calling for an emergency evaluation, a risk assessment or a medical review now (new,
            open again or raised), says :attr:`welfare` first, and the flag's own call then begins "when reached: "
            (the call may say "before the patient leaves": the patient is reached first).  A flag a correction alone
            raised (``kind`` RAISED): "Raised by a correction entered on 05 Mar 2026 of the CIWA-Ar of 02 Mar 2026
            (record 2, by AB; reason 'mis-keyed')", with ": <welfare>; when reached: act on this flag as it calls
            for: '...'" when late.  One that lowered the first version's finding (``kind`` LOWERED): "Lowered by a
            correction entered on ... (record 2, by AB; reason '...') from 'C-SSRS high risk: ...': act on this flag
            as it calls for: '...'" when that flag was closed; never closed, "... (never closed): <welfare>; when
            reached: act on this flag as it calls for: '...'; confirm and record whether the evaluation the earlier
            flag called for was done" (:data:`EARLIER_UNACTED`).  A flag of the first version, never closed, that a
            correction withdrew and a later one raised again (``kind`` RAISED_AGAIN): "Raised again by a correction
            entered on 08 Mar 2026 of the PHQ-9 of 02 Mar 2026 (record 3, by CD; reason '...'), withdrawn by a
            correction entered on 06 Mar 2026 and never closed", then as a raised flag's.  A C-SSRS screen's high-risk
            flag never closed that a correction withdrew (``kind`` WITHDRAWN): "Withdrawn by a correction entered on
            ... (record 2, by AB; reason '...') (never closed): <steps>" (:attr:`steps`, ending with
            :data:`WITHDRAWN_UNACTED`).  A CIWA-Ar or COWS flag corrected late calls for the signs now, its
            record's call as background (:attr:`call`).  A covered flag
            (``kind`` COVERED): "Covered after a correction: the C-SSRS screen of 02 Mar 2026 (record 1) was corrected
            by AB on ... (...; reason: '...'); the closing of its earlier flag '...' at overall risk high by KM on 02
            Mar 2026 answers this lower finding; a lower level needs a new screen and assessment".
        """
        from ..instruments import CATALOGUE
        from ..records import short_name

        definition = CATALOGUE.get(self.instrument)
        name = short_name(self.instrument)
        why = f"; reason: {self.reason!r}" if self.reason else ""
        welfare, act, steps = self.welfare, self.call, list(self.steps)
        no_closing = (AfterCorrection.RAISED, AfterCorrection.LOWERED, AfterCorrection.RAISED_AGAIN)
        if self.kind in (*no_closing, AfterCorrection.WITHDRAWN):  # no closing
            of = f" of the {name} of {self.taken_on:%d %b %Y}" if self.taken_on is not None else ""
            withdrawn = (
                f", withdrawn by a correction entered on {self.withdrawn_on:%d %b %Y} and never closed"
                if self.kind is AfterCorrection.RAISED_AGAIN and self.withdrawn_on is not None
                else ""
            )
            head = (
                f"{self.kind.words} entered on {self.corrected_on:%d %b %Y}{of} (record {self.record}, by "
                f"{self.corrected_by}{why.replace(': ', ' ', 1)}){withdrawn}"
            )
            if self.kind is AfterCorrection.LOWERED and self.closings:  # from a higher flag of the first version
                return f"{head} from {self.closed_flag!r}: {act}"
            if self.kind is AfterCorrection.LOWERED:  # never closed: nothing recorded done about the higher flag
                return f"{head} from {self.closed_flag!r} (never closed): {'; '.join(steps)}"
            if self.kind is AfterCorrection.WITHDRAWN:  # never closed, kept open: the flag itself is the finding
                return f"{head} (never closed): {'; '.join(steps)}"
            return f"{head}: {'; '.join(steps)}" if welfare else head

        def where(r: FlagResolution) -> str:  # made on another version of the record, or on a later record
            if r.record == self.closed_record:
                return ""
            if r.record in self.versions:  # carried to the version closed, a correction it still answered
                return f" on an earlier version (record {r.record})"
            return f" (with the later {name}, record {r.record})"  # a later record's, that answered it too

        first, top = self.closings[0], level_set_by(self.closings)
        level = f" at overall risk {first.risk_level.value}" if first.risk_level is not None else ""
        again = (
            f", re-assessed at {top.risk_level.value} by {top.by} on {top.on:%d %b %Y}{where(top)}"
            if top is not first and top.risk_level is not None
            else ""
        )
        closed = f"closed{level} by {first.by} on {first.on:%d %b %Y}{where(first)}{again}"
        last = top if again else first  # the closing the words end with
        on = (
            f", carried to the correction it still answered (record {self.closed_record})"
            if last.record != self.closed_record and last.record in self.versions
            else f" on the earlier version (record {self.closed_record})"
        )
        changed = "; ".join(_change(definition, *c) for c in self.changes) or "its finding -> another finding"
        corrected = f"by {self.corrected_by} on {self.corrected_on:%d %b %Y} ({changed}{why})"
        need, by = self.level, self.level_by
        # the floor's closing, named where it is none of those shown: another flag's, on a version of this record
        named = (
            by is not None
            and by not in self.closings
            and by.record in self.versions
            and _rank(by.risk_level) > _rank(top.risk_level)
        )
        highest = (
            f", the highest recorded on a version of this record (by {by.by} on {by.on:%d %b %Y}, record {by.record})"
            if named and by is not None
            else ""
        )
        if self.kind is AfterCorrection.OPEN_AGAIN:
            since = " since," if self.corrected_on >= max(r.on for r in self.closings) else ""
            return (
                f"{self.kind.words}: {closed}{on}; the {name} was corrected{since} {corrected}: {'; '.join(steps)}; "
                f"then re-assess and close it on the corrected record{_floor(need, highest, 'a flag')}"
            )
        of = f" of {self.taken_on:%d %b %Y}" if self.taken_on is not None else ""
        head = f"{self.kind.words}: the {name}{of} (record {self.closed_record}) was corrected {corrected}"
        if self.kind is AfterCorrection.COVERED and self.answered_by:  # its own closing, a higher level elsewhere
            own = level_set_by(self.answered_by)
            at = f" at overall risk {own.risk_level.value}" if own.risk_level is not None else ""
            return (
                f"{head}; this finding's own closing{at} by {own.by} on {own.on:%d %b %Y}{where(own)} answers it, "
                f"and overall risk {first.risk_level.value if first.risk_level else 'not recorded'}, the highest "
                f"recorded on a version of this record, by {first.by} on {first.on:%d %b %Y} (record {first.record}, "
                f"its flag {self.closed_flag!r}), carries to it (a correction never lowers a level recorded); a lower "
                "level needs a new screen and assessment"
            )
        if self.kind is AfterCorrection.COVERED:
            return (
                f"{head}; the closing of its earlier flag {self.closed_flag!r}{level} by {first.by} on "
                f"{first.on:%d %b %Y}{where(first)}{again} answers this lower finding; a lower level needs a new "
                "screen and assessment"
            )
        unasked = (  # saved before iopkit asked for the level: it answers no other finding
            " (entered before iopkit asked for the overall risk level: it answers no other finding)"
            if need is None and any(c.level_not_asked for c in self.closings)
            else ""
        )
        return (
            f"{head}; its earlier flag {self.closed_flag!r} was {closed}{unasked}: {'; '.join(steps)}; then close "
            f"it on the corrected record{_floor(need, highest, 'a correction')}"
        )

    @property
    def level(self) -> RiskLevel | None:
        """The highest overall risk level the earlier versions' closings recorded (:attr:`level_by`, else the
        closings shown: a new flag's, ``kind`` NEW, those of the earlier flag): the corrected record's flag is closed
        at it or higher, a correction never lowering a level recorded; None when none recorded one.

        Returns
        -------
        RiskLevel or None
        """
        if self.level_by is None and not self.closings:  # raised by a correction: no closing bears on it
            return None
        by = self.level_by if self.level_by is not None else level_set_by(self.closings)
        return by.risk_level


def _floor(need: RiskLevel | None, highest: str, whose: str) -> str:
    """The level a flag open again, or new, after a correction is closed at, in the chart's words: nothing for low
    (any level is low or higher) or none; "at overall risk moderate or higher"; "at overall risk high" (nothing is
    higher), with where the highest was recorded (``highest``) and the rule (``whose``: "a flag", "a correction").

    Examples
    --------
    >>> _floor(RiskLevel.LOW, "", "a flag"), _floor(RiskLevel.HIGH, "", "a flag")
    ('', " at overall risk high (a flag's level only goes up)")
    >>> _floor(RiskLevel.MODERATE, "", "a correction")
    ' at overall risk moderate or higher (a correction never lowers a level recorded)'
    """
    if need is None or need is RiskLevel.LOW:
        return ""
    rule = "a flag's level only goes up" if whose == "a flag" else "a correction never lowers a level recorded"
    at = need.value if need is RiskLevel.HIGH else f"{need.value} or higher"
    return f" at overall risk {at}{highest} ({rule})"


#: What a flag open again, new or raised after a correction saved on a later day than its record's clinical day says
#: first, by what it calls for: the patient screened that day may have left, so acting on it starts with reaching the
#: patient.  iopkit's own rule, scaled after the Columbia screener's triage (low risk: behavioural-health referral;
#: moderate: consult, consider precautions; high: immediate action) and the Joint Commission's NPSG 15.01.01
#: follow-up (bibliography keys ``cssrs_screener_triage``, ``joint_commission_npsg15``).  A correction that lowered
#: the finding adds none (:attr:`Reopened.lowered`), unless the higher flag was never closed (then the higher
#: flag's step when it is "now", else the flag's own, else :data:`LOWERED_UNACTED`).  A flag whose medical review is
#: due now reads the emergency evaluation's step too, within :data:`WITHDRAWAL_WELFARE_DAYS` of its record's day, and
#: :data:`WITHDRAWAL_CONTACT_LATER` after that (:attr:`Reopened.welfare`): those 14 days are iopkit's own margin, no
#: guideline's, for a programme to apply with its local policy (its outreach and welfare-check protocol).  When a
#: step is given, the flag's own call follows it as what to do once the patient is reached ("when reached: ...",
#: :attr:`Reopened.call`).
WELFARE: Mapping[CallsFor, str] = MappingProxyType(
    {
        CallsFor.EMERGENCY_EVALUATION: (
            "the patient may have left since: contact the patient now; welfare check if unreachable"
        ),
        CallsFor.RISK_ASSESSMENT: (
            "the patient may have left since: contact the patient today; if unreachable, follow the programme's "
            "outreach protocol"
        ),
    }
)

#: A late correction (entered on a later day than the record's clinical day) of a flag whose medical review is due now
#: (:attr:`~iopkit.flags.MedicalReview.NOW`: complicated withdrawal, possible withdrawal delirium, severe withdrawal,
#: CIWA-Ar item 10 at 1) entered within this many days of the record's day says to contact the patient now, a welfare
#: check if unreachable (:data:`WELFARE`, an emergency evaluation's step): the patient may have gone home with
#: delirium developing, which can kill within hours to days.  Entered later, the withdrawal seen that day has run its
#: course one way or another, and the step is :data:`WITHDRAWAL_CONTACT_LATER`.  iopkit's own rule (physician
#: review): no guideline names the bound; two weeks covers the days an alcohol or opioid withdrawal and a delirium it
#: leads to run, with a margin.  iopkit's own margin, to apply with the programme's local policy.
WITHDRAWAL_WELFARE_DAYS = 14

#: The step of a late correction of a flag whose medical review is due now, entered more than
#: :data:`WITHDRAWAL_WELFARE_DAYS` after the record's day (``days``: how many days after); what to ask once the patient
#: is reached follows it (:data:`SIGNS_NOW`).  iopkit's own rule (physician review).
WITHDRAWAL_CONTACT_LATER = (
    "a correction entered {days} days after the record: contact the patient today; if unreachable, follow the "
    "programme's outreach protocol"
)

#: What a late correction of a CIWA-Ar or COWS flag calls for once the patient is reached, whatever the delay
#: (:attr:`Reopened.call`; ``name``: the instrument's short name, ``use``: :data:`RETURN_TO_USE`'s step, or ""): the
#: scales rate the signs present at the moment of rating (Sullivan et al. 1989; Wesson & Ling 2003), so the record's
#: treatment order is for signs that may be gone (a buprenorphine dose without current withdrawal precipitates it,
#: ASAM 2020 OUD guideline; treatment follows the current score, ASAM 2020 alcohol withdrawal guideline, Rec III.3),
#: and what happened since (confusion, hallucinations, seizures, a hospital visit) is asked.  iopkit's own rule
#: (physician review).
SIGNS_NOW = (
    "ask about confusion, hallucinations, seizures, hospital visits and withdrawal now{use}; see the patient in person "
    "today to re-score the {name} and treat on the current score; emergency care if confused or hallucinating now, "
    "or after a seizure since that no doctor has seen"
)

#: What :data:`SIGNS_NOW` adds for an opioid-withdrawal scale: after withdrawal the patient's tolerance is lost, and
#: an overdose on return to use (fentanyl) is the main danger, and dehydration the medical risk of withdrawal itself.
#: iopkit's own rule (physician review).
RETURN_TO_USE: Mapping[str, str] = MappingProxyType(
    {"cows": "ask about return to use, and vomiting or diarrhoea with fluids not kept down; offer naloxone"}
)

#: What a flag of an instrument listed here calls for once the patient is reached (:attr:`Reopened.call`, a flag that
#: :attr:`Reopened.asks_again`): one a correction lowered from a higher flag calling for an emergency evaluation (the
#: C-SSRS screen's high risk) that was never closed, or that flag withdrawn by a correction and kept open
#: (:attr:`AfterCorrection.WITHDRAWN`), on any day.  The high-risk finding was never assessed and the correction is
#: unverified, so the screen is repeated with the patient and entered.  The questions are the published screener's
#: (Posner et al. 2011, the Columbia Lighthouse screen version with triage): questions 1-6, ideation (1-5) asked for
#: the past month, 4 and 5 only after a yes to 2 (the form's skip, :mod:`iopkit.instruments.cssrs_screen`), and a
#: yes to 6 followed by "was this within the past 3 months?" (iopkit's item 7, no question of its own on the form).
#: Intent (4), a plan with intent (5) or behaviour in the past 3 months is high risk on the triage, calling for
#: immediate action: the patient is not left alone (by phone: the caller stays on the line and calls emergency
#: services) and an immediate emergency mental-health evaluation is arranged.  Otherwise the new screen's result is
#: acted on, and at least as the lowered flag calls for (its own call follows: ``, and at least as this flag calls
#: for: '...'``; a withdrawn flag's, the emergency evaluation it called for, does not: the new screen decides).
#: Bibliography keys ``cssrs_posner2011``, ``cssrs_screener_triage``.  At any delay: a risk never assessed is not
#: made lower by the days since, and the earlier flag's contact step has no day bound either (:data:`WELFARE`); on the
#: record's own day, read that day, the step starts "before the patient leaves" (:data:`LEFT_SINCE`), read later
#: "contact the patient now"; once a later screen was entered, :data:`REPEATED` alone (:attr:`Reopened.steps`).
#: iopkit's own rule (physician / patient-safety review), after the Columbia triage.
ASK_AGAIN: Mapping[str, str] = MappingProxyType(
    {
        "cssrs_screen": (
            "repeat the C-SSRS screen with the patient (questions 1-6; 4 and 5 for the past month; if 6 is yes, ask "
            "whether it was in the past 3 months) and enter it; if question 4 or 5 is yes, or behaviour was in the "
            "past 3 months: do not leave the patient alone (by phone: stay on the line and call emergency services) "
            "and arrange an immediate emergency mental-health evaluation; otherwise act on the new screen's result"
        )
    }
)

#: What a flag that :attr:`Reopened.asks_again` adds after its call when the correction was entered on the record's
#: own clinical day (the call then starts "before the patient leaves: "): the patient may have left already, and the
#: finding it stands in for called for an emergency evaluation, whose contact step is "contact the patient now"
#: (:data:`WELFARE`).  iopkit's own rule (physician review).
LEFT_SINCE = (
    "if the patient has left: contact the patient now and repeat the screen by phone; welfare check if unreachable"
)

#: What a flag withdrawn by a correction and kept open (:attr:`AfterCorrection.WITHDRAWN`) ends with (``record``: the
#: corrected record's store id): nothing is recorded done about it, and the corrected record raises no flag, so it
#: stays open until closed there with the suicide risk assessment NPSG 15.01.01 asks after a positive screen
#: (bibliography key ``joint_commission_npsg15``).  iopkit's own rule (physician review).
WITHDRAWN_UNACTED = (
    "in the chart: record whether the emergency evaluation this flag called for was done, and close this flag on the "
    "corrected record (record {record}) with the suicide risk assessment (the repeated screen's result and what was "
    "done); it stays open until then"
)

#: What a flag that repeats the screen (:attr:`Reopened.asks_again`) says once a later screen of its instrument was
#: entered (:attr:`Reopened.screen_repeated`; ``day``, ``again``: that screen's clinical day and store id, ``record``:
#: the corrected record's): the patient was reached and screened, so no contact step; the flag stays open until closed
#: on the corrected record with the suicide risk assessment NPSG 15.01.01 asks after a positive screen (bibliography
#: key ``joint_commission_npsg15``).  iopkit's own rule (physician review).
REPEATED = (
    "the C-SSRS screen was repeated on {day:%d %b %Y} (record {again}): close this flag on the corrected record "
    "(record {record}) with the suicide risk assessment; it stays open until then"
)

#: The action of a flag withdrawn by a correction and kept open (:attr:`Reopened.kept`), printed after its reason
#: (:attr:`Reopened.said`, which repeats the screen first): the emergency evaluation the first version's flag called
#: for is not kept (the repeated screen decides), so the chart and the worklist give one instruction.  iopkit's own
#: rule (physician review).
WITHDRAWN_ACTION = "repeat the C-SSRS screen first, as above (the corrected screen raises no flag)"

#: :data:`WITHDRAWN_ACTION` once the screen was repeated (:attr:`Reopened.screen_repeated`, :data:`REPEATED`).
#: iopkit's own rule (physician review).
WITHDRAWN_REPEATED_ACTION = "close this flag on the corrected record, as above (the corrected screen raises no flag)"

#: What the placement headline says of a C-SSRS screen's high-risk flag withdrawn by a correction, never closed and
#: kept open (:attr:`AfterCorrection.WITHDRAWN`, its :class:`~iopkit.flags.Withdrawn` marker), before the screen is
#: repeated: the chart's step (:attr:`Reopened.steps`), never the emergency evaluation the disputed finding called
#: for; the repeated screen decides (:data:`WITHDRAWN_THEN`).  ``same_day``: the correction entered and read on the
#: record's own day, the patient maybe still there (:data:`LEFT_SINCE` follows); ``later``: a late correction, or
#: read on a later day, the patient first reached.  After a step due now of a score taken today, the patient on site
#: (:data:`LEFT_BEFORE_ANSWERING` follows; physician review R1, must-fix 1 and 2, should-fix 6): ``after_review``, a
#: medical review now (CIWA-Ar item 10 at 1, possible delirium: the answers count only once the medical review finds
#: the patient able to answer, not delirious or intoxicated); ``after_dose``, a prescriber's treatment now (COWS above
#: 36: after the first dose); ``with_assessment``, a medical review now beside a same-day suicide risk assessment,
#: both said as one step (should-fix 7, the assessment's words and reasons following the reason).  After an emergency
#: that leads, the patient with staff now (must-fix 3): ``at_transfer``, a medical emergency (the receiving team told
#: and asked to repeat the screen, never delaying the transfer, :data:`WITHDRAWN_TOLD`); ``at_evaluation``, an
#: emergency evaluation for suicide risk (the evaluating team told; the evaluation closes the flag); no reason
#: bracket follows these two, which say the screen's day and what happened to it.  The reason (:data:`WITHDRAWN_WHY`)
#: names the late correction's day whatever the step (should-fix 5).  The positive answers' step is the Columbia
#: triage's (Posner et al. 2011, bibliography keys ``cssrs_posner2011``, ``cssrs_screener_triage``).  iopkit's own rule;
#: wording of physician review R1 (session 11).
_ONCE_ABLE = (
    "once the medical review finds the patient able to answer (not delirious or intoxicated) and before the patient "
    "leaves, repeat the C-SSRS screen"
)
WITHDRAWN_LEAD: Mapping[str, str] = MappingProxyType(
    {
        "same_day": "repeat the C-SSRS screen with the patient before the patient leaves",
        "later": "contact the patient now (welfare check if unreachable) and repeat the C-SSRS screen",
        "after_review": _ONCE_ABLE,
        "after_dose": "after the first dose and before the patient leaves, repeat the C-SSRS screen",
        "with_assessment": _ONCE_ABLE,
        "at_transfer": (
            "at handover, tell the receiving team that {told}{screened}, and ask them to {repeat} once the patient is "
            "able to answer (do not delay the transfer for it); record their result here; if the patient declines "
            "transfer{capacity}: repeat the screen{assessed} with the patient before the patient leaves if able to "
            "answer; if not able to answer or already gone (the patient must not drive): contact the patient now "
            "(welfare check if unreachable) and repeat the screen{assessed} by phone once able to answer"
        ),
        "at_evaluation": "tell the evaluating team that {told}; close this flag with their evaluation",
    }
)
#: What the team that takes over is told of the screen (:data:`WITHDRAWN_LEAD` ``at_transfer``/``at_evaluation``,
#: :data:`LEFT_BEFORE_ANSWERING`), in words a receiving team reads without iopkit's own ("flag is open"): ``withdrawn``
#: a withdrawn high risk, ``lowered`` one a correction lowered (``{what}``: the lower flag in words, "low suicide
#: risk").  Physician review R1 (session 11), must-fix 1 and 3; the lowered form keeps "lowered by a correction".
WITHDRAWN_TOLD: Mapping[str, str] = MappingProxyType(
    {
        "withdrawn": (
            "the C-SSRS screen of {day:%d %b %Y} was high risk, was withdrawn by a correction and was never assessed"
        ),
        "lowered": (
            "the C-SSRS screen of {day:%d %b %Y} was high risk, was lowered by a correction to {what} and was never "
            "assessed"
        ),
    }
)
#: The reason :data:`WITHDRAWN_LEAD`'s step is said with: ``later`` where the patient may have left since the
#: correction (``Withdrawn.contact_first``), naming the correction's day (``{entered}``), else ``same_day``.
WITHDRAWN_WHY: Mapping[str, str] = MappingProxyType(
    {
        "same_day": "high suicide risk of the C-SSRS screen of {day:%d %b %Y} withdrawn by a correction, never closed",
        "later": (
            "high suicide risk of the C-SSRS screen of {day:%d %b %Y} withdrawn by a correction entered on "
            "{entered:%d %b %Y}, never closed"
        ),
    }
)
#: :data:`WITHDRAWN_WHY` for a lower flag a correction raised in place of a C-SSRS high risk never closed
#: (``Withdrawn.lowered``: :attr:`Reopened.lowered_mark`), ``{what}`` the lower flag in words ("low suicide risk"),
#: and what follows the positive screen's step: the lower flag's own call, the least done (:attr:`Reopened.call`: "at
#: least as this flag calls for"; a C-SSRS low or moderate risk calls for a same-day suicide risk assessment, Joint
#: Commission NPSG 15.01.01, bibliography key ``joint_commission_npsg15``).  iopkit's own wording (physician check of
#: review 9: the headline says what the chart and the worklist say).
LOWERED_WHY: Mapping[str, str] = MappingProxyType(
    {
        "same_day": "C-SSRS screen of {day:%d %b %Y}: high risk, never closed, lowered to {what} by a correction",
        "later": (
            "C-SSRS screen of {day:%d %b %Y}: high risk, never closed, lowered to {what} by a correction entered on "
            "{entered:%d %b %Y}"
        ),
    }
)
#: Who may do the lowered flag's least step: the clinic with the patient or by phone, or the receiving team at a
#: handover (physician review R2, session 11, should-fix 6, its wording), by whether the lower flag's own call adds
#: safety planning (``True``: C-SSRS moderate risk, :data:`SAFETY_PLANNED`; physician review R3, session 11, must-fix
#: 6, its wording).
LOWERED_AT_LEAST: Mapping[bool, str] = MappingProxyType(
    {
        False: (
            "otherwise at least a same-day suicide risk assessment (with the patient, by phone, or by the receiving "
            "team at handover)"
        ),
        True: (
            "otherwise at least a same-day suicide risk assessment with safety planning (with the patient, by phone, "
            "or by the receiving team at handover)"
        ),
    }
)
#: :data:`LOWERED_AT_LEAST` where a same-day suicide risk assessment is already joined to the repeated screen
#: (:data:`JOINED_ASSESSMENT`): it is not asked a second time.  Physician review R3 (session 11), should-fix 12, its
#: wording; the moderate form keeps must-fix 6's "with safety planning" (iopkit's own joining).
LOWERED_JOINED: Mapping[bool, str] = MappingProxyType(
    {
        False: "otherwise the same-day suicide risk assessment above",
        True: "otherwise the same-day suicide risk assessment above, with safety planning",
    }
)
#: The lower flags whose own call adds safety planning to the suicide risk assessment: a C-SSRS moderate risk
#: (:data:`iopkit.flags.SUICIDE_RISK_MODERATE_STEP`, the C-SSRS screen's definition, physician review R23c A1;
#: Posner et al. 2011, bibliography key ``cssrs_screener_triage``).  Physician review R3 (session 11), must-fix 6.
SAFETY_PLANNED = frozenset({"suicide_risk_moderate"})
#: What :data:`WITHDRAWN_LEAD` ``at_transfer`` adds to "if the patient declines transfer": a refusal of an emergency
#: transfer counts only with capacity to decline, whatever the transfer is for.  Physician review R3 (session 11),
#: must-fix 7, its wording; R4, must-fix 1: in every lead that arranges a transfer, not only after complicated
#: withdrawal.
DECLINES_WITH_CAPACITY = f" and the prescriber finds and records {CAPACITY_TO_DECLINE}"
#: What follows :data:`WITHDRAWN_LEAD`'s reason after a step due now of a score taken today (``after_review``,
#: ``after_dose``, ``with_assessment``), the patient on site: transferred before able to answer (to the ED after a
#: positive delirium screen), the receiving team is told in plain words and asked to repeat the screen, whose result
#: the clinic still needs to close the flag; left, the patient is contacted now, not once able to answer, and must not
#: drive (``{told}``: :data:`WITHDRAWN_TOLD`).  Physician review R1 (session 11), must-fix 1, its wording.
LEFT_BEFORE_ANSWERING = (
    "if the patient is transferred {before}: at handover tell the receiving team that {told}{screened}, ask them to "
    "{repeat}{once}, and record their result here; if the patient has left or leaves {before} (the patient must not "
    "drive): contact the patient now (welfare check if unreachable) and repeat the screen{assessed} by phone{once}"
)
#: :data:`LEFT_BEFORE_ANSWERING`'s and :data:`WITHDRAWN_LEAD` ``at_transfer``'s words by whether a same-day suicide
#: risk assessment is joined to the repeated screen (``screened``: what the receiving team is told of the finding that
#: calls for it, :data:`SCREENED_TOLD`): the team asked to repeat the screen and assess suicide risk, the phone route
#: repeating both.  Physician review R2 (session 11), must-fix 2 and 3, its wording.
JOINED_ASSESSMENT: Mapping[bool, Mapping[str, str]] = MappingProxyType(
    {
        False: MappingProxyType({"repeat": "repeat it", "assessed": ""}),
        True: MappingProxyType(
            {"repeat": "repeat the screen and assess suicide risk", "assessed": " and the suicide risk assessment"}
        ),
    }
)
#: :data:`LEFT_BEFORE_ANSWERING`'s words by the step it follows: after a medical review (possible delirium) the patient
#: must first be able to answer; after a first dose for opioid withdrawal (not delirium) only the screen's being
#: repeated counts.  Physician review R2 (session 11), should-fix 9, its wording.
BEFORE_ANSWERING: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "answer": MappingProxyType({"before": "before able to answer", "once": " once the patient is able to answer"}),
        "dose": MappingProxyType({"before": "before the screen is repeated", "once": ""}),
    }
)
#: What the receiving team is told at handover of a finding calling for a same-day suicide risk assessment, by the
#: flag's code (a finding without its own words: :data:`SCREENED_TOLD_OTHER`).  Physician review R2 (session 11),
#: must-fix 2 and 3, its wording for PHQ-9 item 9; R3, should-fix 8, its wording for the C-SSRS screen.
SCREENED_TOLD: Mapping[str, str] = MappingProxyType(
    {
        "suicidal_ideation": "today's PHQ-9 item 9 was positive",
        "suicide_risk_moderate": (
            "today's C-SSRS screen was moderate risk (method considered, or suicidal behaviour over 3 months ago)"
        ),
        "suicide_risk_low": "today's C-SSRS screen found a wish to be dead or non-specific suicidal thoughts",
        # told beside the emergency evaluation it leads (physician review R21, session 19, should-fix S7, its words)
        "suicide_risk_high": "today's C-SSRS screen was high risk",
    }
)
#: :data:`SCREENED_TOLD` for a finding of another day than the placement's, never assessed since (``{day}``).
#: Physician review R3 (session 11), must-fix 5, its wording for PHQ-9 item 9; R4, should-fix 6, its wording for the
#: C-SSRS screen ("never assessed" said of the screen, never of the behaviour). Physician review R23a, finding 7 (the
#: ruling on R22 S3), its words: "never assessed" in the screen's own bracket, "(<gloss>; never assessed)" where the
#: result has a gloss, else " (never assessed)"; never "and was never assessed".
SCREENED_TOLD_EARLIER: Mapping[str, str] = MappingProxyType(
    {
        "suicidal_ideation": "the PHQ-9 item 9 of {day:%d %b %Y} was positive (never assessed)",
        "suicide_risk_moderate": (
            "the C-SSRS screen of {day:%d %b %Y} was moderate risk (method considered, or suicidal behaviour over 3 "
            "months ago; never assessed)"
        ),
        "suicide_risk_low": (
            "the C-SSRS screen of {day:%d %b %Y} found a wish to be dead or non-specific suicidal thoughts (never "
            "assessed)"
        ),
        "suicide_risk_high": "the C-SSRS screen of {day:%d %b %Y} was high risk",  # R21 S7 (R20b's name)
    }
)
#: :data:`SCREENED_TOLD` for a blank safety question (its worst answer assumed until asked, ``Flag.worst_case``): the
#: question not asked, never "positive", and of another day than the placement's by its day as
#: :data:`SCREENED_TOLD_EARLIER` names the form (``{day}``). Physician review R32, should-fixes S7 and S8 (session 24's
#: words): a blank item 9 told as "that PHQ-9 item 9 was not asked" (it told the flag's message, or "was positive";
#: Joint Commission NPSG 15.01.01; Kroenke et al. 2001: item 9 unanswered is no answer).
SCREENED_NOT_ASKED: Mapping[str, str] = MappingProxyType({"suicidal_ideation": "today's PHQ-9 item 9 was not asked"})
SCREENED_NOT_ASKED_EARLIER: Mapping[str, str] = MappingProxyType(
    {"suicidal_ideation": "the PHQ-9 item 9 of {day:%d %b %Y} was not asked"}
)
#: The fallback of :data:`SCREENED_TOLD` for a finding without its own words (``{message}``: the flag's), and for one
#: of another day (:data:`SCREENED_TOLD_OTHER_EARLIER`, ``{day}``).  Physician review R3 (session 11), should-fix 8,
#: its wording; R4, should-fix 6, its wording for the dated form.
SCREENED_TOLD_OTHER = "the record shows a suicide-risk finding ({message})"
SCREENED_TOLD_OTHER_EARLIER = "the record shows a suicide-risk finding of {day:%d %b %Y} ({message}), never assessed"
#: A finding calling for a same-day suicide risk assessment beside a transfer, no withdrawn C-SSRS flag to join it to:
#: the receiving team is told and asked for the assessment, the transfer never delayed (``{screened}``:
#: :data:`SCREENED_TOLD`).  Physician review R2 (session 11), must-fix 2, its wording; R23a, finding 7 (the ruling on
#: R22 S3): screens joined by " and that ", a comma before the request after the last, the end ", without delaying the
#: transfer" (inside "(if transferred: ...)": "; do not delay the transfer for it)", :data:`IF_TRANSFERRED_TOLD`).
SCREENED_AT_HANDOVER = (
    "at handover tell the receiving team that {screened}, and ask them for a suicide risk assessment{planned} once the "
    "patient is able to answer, without delaying the transfer"
)
#: :data:`SCREENED_AT_HANDOVER` where the transfer is conditional (an old complicated or severe CIWA-Ar's re-score
#: decides it): the same-day assessment before the patient leaves, the handover only if transferred, so that a
#: positive finding has a step either way (NPSG 15.01.01).  Physician review R8 (session 12), must-fix 3, its wording;
#: R9 (session 13), must-fix N3: beside the old severe CIWA-Ar's transfer too.
#: Its bracket, :data:`IF_TRANSFERRED_TOLD`, is said alone in the box that carries a conditional transfer (today's
#: CIWA-Ar item 10 at 1's "if delirium: ... arrange transfer now": physician review R21, session 19, must-fix M2).
IF_TRANSFERRED_TOLD = "(if transferred: " + SCREENED_AT_HANDOVER.replace(
    ", without delaying the transfer", "; do not delay the transfer for it)"
)
SCREENED_IF_TRANSFERRED = (
    "then, before the patient leaves, a same-day suicide risk assessment{planned} " + IF_TRANSFERRED_TOLD
)
#: What an emergency evaluation for suicide risk (a C-SSRS high, or dimension 3 rated 4) that arranges a transfer
#: adds where a suicide screen stands: the receiving team told of each screen (``{screened}``: :data:`SCREENED_TOLD`,
#: the C-SSRS first), never asked for the assessment the evaluation is (physician review R21, session 19, should-fix
#: S6 and S7, its words; Joint Commission NPSG 15.01.01: the handover is where a screen is lost); ", without delaying
#: the transfer", never a second bracket beside the one before it (physician review R22, session 19, should-fix S2).
SCREENED_TOLD_AT_EVALUATION = "at handover tell the receiving team that {screened}, without delaying the transfer"
#: The same beside an emergency evaluation for suicide risk done on site (a C-SSRS high, no transfer it arranges
#: itself) where a transfer is said only on a condition (an old COWS above 36's complicating condition, an old severe
#: CIWA-Ar's re-score, an old COWS re-scored at 37 or more, today's CIWA-Ar item 10 at 1's "if delirium: ..."): said
#: after that transfer, the receiving team told of each screen (``{screened}``: :data:`SCREENED_TOLD`, the C-SSRS high
#: first) and whether the evaluation was completed here, if transferred (physician review R22, session 19, must-fix
#: M2, its words; Joint Commission NPSG 15.01.01: the handover is where a screen is lost).
EVALUATION_IF_TRANSFERRED = IF_TRANSFERRED_TOLD.split("{screened}", 1)[0] + (
    "{screened}, and whether the emergency evaluation for suicide risk was completed here (if so, its findings); "
    "safety precautions until handover; do not delay the transfer for it)"
)
#: What :data:`SCREENED_AT_HANDOVER` asks for beside the assessment, where a finding handed over calls for safety
#: planning (:data:`SAFETY_PLANNED`).  Physician review R3 (session 11), must-fix 6, its wording.
WITH_SAFETY_PLANNING = " with safety planning"
#: What follows :data:`WITHDRAWN_LEAD`'s reason: a positive repeated screen's step (Columbia triage).
#: By phone the caller stays on the line and calls emergency services, as the chart says (:data:`ASK_AGAIN`;
#: physician review R1, should-fix 8); at the visit a member of staff stays with the patient, the staff clause named
#: (physician review R18, session 16, open question Q1 ruled, its words).
WITHDRAWN_IF_POSITIVE = (
    "if question 4 or 5 is yes, or behaviour was in the past 3 months: safety precautions (a member of staff stays "
    "with the patient; by phone: stay on the line and call emergency services) and an immediate emergency evaluation"
)
#: How the plan follows :data:`WITHDRAWN_LEAD` in the headline: the repeated screen decides.
WITHDRAWN_THEN = "Then, as the repeated screen decides"
#: What the headline adds once the screen was repeated (:attr:`Reopened.screen_repeated`): no lead from this flag,
#: only its closing with the suicide risk assessment (NPSG 15.01.01, bibliography key ``joint_commission_npsg15``).
WITHDRAWN_CLOSE = (
    "Also close the withdrawn C-SSRS high-risk flag on the corrected record (record {record}) with the suicide risk "
    "assessment (screen repeated on {day:%d %b %Y}, record {again})."
)
#: The note the placement page's flag box of such a flag ends with, and its action there (the box stands beside the
#: headline, which says the step): ``{day}`` the screen's day (``{at}`` its time when of the page's own day),
#: ``{entered}`` the correction's.  The page's list of open flags says "never closed" too, as the box does (one
#: wording: physician check of review 9).  iopkit's own wording (physician review).
WITHDRAWN_NOTE: Mapping[str, str] = MappingProxyType(
    {
        "same_day": "C-SSRS screen of {day:%d %b %Y}{at}, withdrawn by a correction, never closed",
        "later": (
            "C-SSRS screen of {day:%d %b %Y}, withdrawn by a correction entered on {entered:%d %b %Y}, never closed"
        ),
        "lowered_same_day": "C-SSRS screen of {day:%d %b %Y}{at}, lowered by a correction from high risk, never closed",
        "lowered_later": (
            "C-SSRS screen of {day:%d %b %Y}, lowered by a correction entered on {entered:%d %b %Y} from high risk, "
            "never closed"
        ),
    }
)
#: The box's action says no order of its own: the headline gives the repeated screen its step, which may follow a
#: medical review or an emergency (physician review R1, must-fix 4).
WITHDRAWN_BOX_ACTION = (
    "repeat the C-SSRS screen at the step the headline gives it (the corrected screen raises no flag)"
)
WITHDRAWN_REPEATED_BOX_ACTION = (
    "close this flag on the corrected record, as the headline says (the corrected screen raises no flag)"
)


def withdrawn_lead(
    marker: Withdrawn,
    after: str = "",
    what: str = "",
    also: str = "",
    screened: str = "",
    *,
    planned: bool = False,
) -> str:
    """The placement headline's step for a flag withdrawn by a correction and kept open, before the screen was
    repeated (``marker``: :attr:`Reopened.listed`'s :class:`~iopkit.flags.Withdrawn`): "step (reason)what follows",
    from :data:`WITHDRAWN_LEAD`, :data:`WITHDRAWN_WHY`, :data:`LEFT_SINCE`, :data:`LEFT_BEFORE_ANSWERING`,
    :data:`WITHDRAWN_TOLD` and :data:`WITHDRAWN_IF_POSITIVE`.

    ``after``: what the step follows in the headline. ``""``: it leads (``same_day`` or ``later``). A step due now of
    a score taken today, the patient on site: ``"review"`` (a medical review now), ``"dose"`` (a prescriber's treatment
    now), ``"assessment"`` (a medical review now and a same-day suicide risk assessment said with the screen:
    ``also``, " and a same-day suicide risk assessment (...)", follows the reason); each then says
    :data:`LEFT_BEFORE_ANSWERING`. An emergency leading, the patient with staff: ``"transfer"`` (a medical emergency:
    the receiving team told at handover; if the patient declines transfer, the screen with the patient, else the
    phone route) or ``"evaluation"`` (an emergency evaluation for suicide risk: the evaluating team told, their
    evaluation closes the flag), no reason
    bracket (the words say the screen's day and what happened to it). Physician review R1 (session 11), must-fix 1-3,
    should-fix 5-8. A lower flag a correction raised in place of a high risk never closed (``marker.lowered``;
    ``what``: the lower flag in words, "low suicide risk") is named so (:data:`LOWERED_WHY`, "lowered by a correction"
    in :data:`WITHDRAWN_TOLD`), its own call the least done after a negative screen (:data:`LOWERED_AT_LEAST`), as
    the chart says it (:attr:`Reopened.steps`). ``screened``: what the receiving team is told of a finding calling
    for a same-day suicide risk assessment joined to the step (:data:`SCREENED_TOLD`; ``"transfer"``,
    ``"assessment"``, or ``"dose"`` with ``also``), the team asked to assess suicide risk too and the phone route
    repeating it (:data:`JOINED_ASSESSMENT`); after a first dose the fallback waits for the screen, not for the
    patient to be able to answer (:data:`BEFORE_ANSWERING`). Physician review R2 (session 11), must-fix 2 and 3,
    should-fix 5, 9 and 10. ``planned``: the lower flag's own call adds safety planning (C-SSRS moderate risk,
    :data:`SAFETY_PLANNED`); where the assessment is joined to the step, the least step names it "above"
    (:data:`LOWERED_JOINED`). At a transfer, a refusal counts only with capacity to decline, whatever the transfer is
    for (:data:`DECLINES_WITH_CAPACITY`). Physician review R3 (session 11), must-fix 6 and 7, should-fix 12; R4,
    must-fix 1.

    Examples
    --------
    >>> from iopkit.flags import Withdrawn
    >>> same = Withdrawn(dt.date(2026, 3, 2), dt.date(2026, 3, 2), "2", False)
    >>> print(*withdrawn_lead(same).split("; "), sep="\\n")  # doctest: +NORMALIZE_WHITESPACE
    repeat the C-SSRS screen with the patient before the patient leaves (high suicide risk of the C-SSRS screen of
    02 Mar 2026 withdrawn by a correction, never closed)
    if the patient has left: contact the patient now and repeat the screen by phone
    welfare check if unreachable
    if question 4 or 5 is yes, or behaviour was in the past 3 months: safety precautions (a member of staff stays with
    the patient
    by phone: stay on the line and call emergency services) and an immediate emergency evaluation
    >>> late = replace(same, corrected_on=dt.date(2026, 3, 5), contact_first=True)
    >>> withdrawn_lead(late).split("; ")[0][-48:]
    'correction entered on 05 Mar 2026, never closed)'
    >>> print(withdrawn_lead(late, "evaluation"))  # doctest: +NORMALIZE_WHITESPACE
    tell the evaluating team that the C-SSRS screen of 02 Mar 2026 was high risk, was withdrawn by a correction and
    was never assessed; close this flag with their evaluation
    """
    form = {
        "review": "after_review",
        "dose": "after_dose",
        "assessment": "with_assessment",
        "transfer": "at_transfer",
        "evaluation": "at_evaluation",
    }.get(after)
    form = form or ("later" if marker.contact_first else "same_day")
    what = what or "low suicide risk"
    told = WITHDRAWN_TOLD["lowered" if marker.lowered else "withdrawn"].format(day=marker.taken_on, what=what)
    joined = JOINED_ASSESSMENT[bool(screened)]
    step = WITHDRAWN_LEAD[form].format(
        told=told, screened=f", and that {screened}" if screened else "", capacity=DECLINES_WITH_CAPACITY, **joined
    )
    if form == "at_evaluation":  # the evaluation is the emergency evaluation a positive screen calls for
        return step
    least = f"; {(LOWERED_JOINED if screened else LOWERED_AT_LEAST)[planned]}" if marker.lowered else ""
    if form == "at_transfer":
        return f"{step}; {WITHDRAWN_IF_POSITIVE}{least}"
    why = (LOWERED_WHY if marker.lowered else WITHDRAWN_WHY)["later" if marker.contact_first else "same_day"]
    said = why.format(day=marker.taken_on, entered=marker.corrected_on, what=what)
    waits = BEFORE_ANSWERING["dose" if form == "after_dose" else "answer"]
    also_told = f" and that {screened}" if screened else ""
    fallback = LEFT_BEFORE_ANSWERING.format(told=told, screened=also_told, **joined, **waits)
    left = LEFT_SINCE if form == "same_day" else "" if form == "later" else fallback
    rest = f"; {left}" if left else ""
    return f"{step} ({said}){also}{rest}; {WITHDRAWN_IF_POSITIVE}{least}"


def withdrawn_close(marker: Withdrawn) -> str:
    """The headline's sentence once the screen was repeated (``marker.repeated``): :data:`WITHDRAWN_CLOSE`; ``""``
    before.

    Examples
    --------
    >>> from iopkit.flags import Withdrawn
    >>> print(withdrawn_close(Withdrawn(dt.date(2026, 3, 2), dt.date(2026, 3, 5), "2", True,
    ...                                 ("3", dt.date(2026, 3, 6)))))  # doctest: +NORMALIZE_WHITESPACE
    Also close the withdrawn C-SSRS high-risk flag on the corrected record (record 2) with the suicide risk
    assessment (screen repeated on 06 Mar 2026, record 3).
    """
    if marker.repeated is None:
        return ""
    again, day = marker.repeated
    return WITHDRAWN_CLOSE.format(record=marker.record, day=day, again=again)


def withdrawn_noted(flag: Flag, at: str = "", listed: bool = False) -> Flag:
    """A flag withdrawn by a correction and kept open (``flag.withdrawn`` set) as the placement page shows it: its
    message ending with :data:`WITHDRAWN_NOTE` (``at``: the screen's time, for one of the page's own day, then
    ``listed``: the page's list of open flags, which keeps the flag's action, else the flag's box), its action the
    box's (:data:`WITHDRAWN_BOX_ACTION`, once the screen was repeated :data:`WITHDRAWN_REPEATED_BOX_ACTION`).

    Examples
    --------
    >>> from iopkit.flags import Withdrawn
    >>> w = Withdrawn(dt.date(2026, 3, 2), dt.date(2026, 3, 5), "2", True)
    >>> f = withdrawn_noted(Flag("suicide_risk_high", "C-SSRS high risk", "critical", withdrawn=w))
    >>> f.message
    'C-SSRS high risk (C-SSRS screen of 02 Mar 2026, withdrawn by a correction entered on 05 Mar 2026, never closed)'

    A flag a correction lowered from such a flag is noted so too, its box's action the same (the headline's repeated
    screen; physician review R2, session 11, should-fix 8):

    >>> low = withdrawn_noted(Flag("suicide_risk_low", "C-SSRS wish to be dead", "warning",
    ...                            withdrawn=replace(w, lowered=True), action="Further evaluation"))
    >>> print(low.message, low.action, sep="\\n")  # doctest: +NORMALIZE_WHITESPACE
    C-SSRS wish to be dead (C-SSRS screen of 02 Mar 2026, lowered by a correction entered on 05 Mar 2026 from high
    risk, never closed)
    repeat the C-SSRS screen at the step the headline gives it (the corrected screen raises no flag)
    """
    marker = flag.withdrawn
    if marker is None:
        return flag
    kind = ("lowered_" if marker.lowered else "") + ("later" if marker.contact_first else "same_day")
    note = WITHDRAWN_NOTE[kind].format(day=marker.taken_on, at=at, entered=marker.corrected_on)
    action = WITHDRAWN_REPEATED_BOX_ACTION if marker.repeated is not None else WITHDRAWN_BOX_ACTION
    return replace(flag, message=f"{flag.message} ({note})", action=flag.action if listed else action)


#: The contact step of a flag a late correction lowered from a higher flag never closed
#: (:attr:`AfterCorrection.LOWERED`) whose own call gives none (a prescriber's review before the patient leaves, "if
#: the patient has left, today", :attr:`~iopkit.flags.MedicalReview.PRESCRIBER`: CIWA-Ar moderate, COWS moderate
#: or moderately severe) and whose earlier flag's step is not "contact the patient now" (that one is said then,
#: :attr:`Reopened.welfare`): the patient left with the higher flag open and nothing recorded done about it, so the
#: patient is reached today, as for a risk assessment (:data:`WELFARE`).  iopkit's own rule (physician review).
LOWERED_UNACTED = WELFARE[CallsFor.RISK_ASSESSMENT]

#: What the chart's call of a flag a correction lowered from a C-SSRS screen's high risk never closed
#: (:attr:`Reopened.call`) adds after the repeated screen's step: the least done, as the headline says it
#: (:data:`LOWERED_AT_LEAST`; a C-SSRS low or moderate risk calls for a same-day suicide risk assessment, Joint
#: Commission NPSG 15.01.01, bibliography key ``joint_commission_npsg15``), by whether the lower flag's call adds
#: safety planning (:data:`SAFETY_PLANNED`).  Physician review R2 (session 11), should-fix 8, and R3, must-fix 6,
#: their wording.
LOWERED_CALL: Mapping[bool, str] = MappingProxyType(
    {
        False: (
            ", and at least a same-day suicide risk assessment (the screen it replaced was high risk, never assessed)"
        ),
        True: (
            ", and at least a same-day suicide risk assessment with safety planning (the screen it replaced was high "
            "risk, never assessed)"
        ),
    }
)

#: What a flag a late correction lowered from a higher flag never closed adds after its own call: the correction
#: removed the higher flag from the list, with nothing recorded done about it.  iopkit's own rule (physician review).
EARLIER_UNACTED = "in the chart: confirm and record whether the evaluation the earlier flag called for was done"


def with_reopened(message: str, reopened: str) -> str:
    """A flag's words as the chart shows them: with why it is open again after a correction (:attr:`Reopened.said`),
    when it is.  The one place the two are joined, for every view of an open flag.

    Parameters
    ----------
    message : str
        The flag's message (and where it was raised).
    reopened : str
        :attr:`Reopened.said`, or "" when no correction reopened the flag.

    Returns
    -------
    str

    Examples
    --------
    >>> with_reopened("Possible suicidal ideation", ""), with_reopened("X", "Open again after a correction: ...")
    ('Possible suicidal ideation', 'X. Open again after a correction: ...')
    """
    return f"{message}. {reopened}" if reopened else message


#: An item's name longer than this is shortened at a word (:func:`_change`): a correction names every answer changed.
ITEM_NAME_WIDTH = 80


def _change(definition, what: str, was: Any, now: Any) -> str:
    """One change of a finding (:func:`finding_changes`) in the chart's words: the item's number and name (its
    label, else its stem: :func:`iopkit.scoring.engine.item_name`, shortened past :data:`ITEM_NAME_WIDTH`) and each
    answer's printed label, else its rating (:func:`iopkit.scoring.engine.rating`); a blank reads "not answered",
    never 0.  ``definition``: the record's instrument (None: no longer in the catalogue, the answers as recorded).

    Examples
    --------
    >>> from iopkit.instruments import get
    >>> _change(get("phq9"), "item 9", 1, None)
    "item 9 (Thoughts that you would be better off dead or of hurting yourself) 'Several days' -> not answered"
    >>> _change(get("ciwa_ar"), "item 1", 1, 2)
    "item 1 (Nausea and vomiting) 'Mild nausea with no vomiting' -> rated 2 of 7"
    >>> _change(None, "item 4", False, True), _change(None, "total", 22, 28)
    ('item 4 no -> yes', 'total 22 -> 28')
    """
    import textwrap

    from ..scoring.engine import item_name, rating

    number = what.removeprefix("item ")
    numbers = range(1, len(definition.items) + 1) if definition is not None else ()
    if not number.isdigit() or int(number) not in numbers:  # the total, or an item the catalogue no longer has
        return f"{what} {_answer(was)} -> {_answer(now)}"
    item = definition.item(int(number))

    def said(value: Any) -> str:
        if value is None or not item.options:  # a blank, or a count (days) as recorded
            return _answer(value)
        rated, label = rating(item, int(value))
        return repr(label) if label else rated

    name = textwrap.shorten(item_name(item), ITEM_NAME_WIDTH, placeholder="…")
    return f"{what} ({name}) {said(was)} -> {said(now)}"


def _answer(value: Any) -> str:
    """An answer as recorded, in words: "3", "yes", "no"; a blank: "not answered", never 0."""
    if value is None:
        return "not answered"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _chains(versions) -> dict[str, tuple[str, ...]]:
    """Each corrected current version's store id -> the ids of its correction chain, the first version first."""
    older = {str(v.id): str(v.amends) for v in versions if v.amends is not None}
    newer = set(older.values())
    out = {}
    for rid in older:
        if rid in newer:  # corrected again: not current
            continue
        chain = [rid]
        while chain[-1] in older:
            chain.append(older[chain[-1]])
        out[rid] = tuple(reversed(chain))
    return out


def _seen(chain: tuple[str, ...], by_id: Mapping[str, Any], code: str) -> tuple[bool, str | None]:
    """Whether a closing of a later record answers the current version of the corrected record ``chain``: only
    when the corrections raised the same, a lower or a less urgent finding than the record's first version
    (:func:`_covers_correction`).  A correction that changed the finding otherwise is closed on its own record,
    whenever the later closing was made: closings carry a day, not a time, so a closing of the correction's own day
    may have been saved before it, and a clinician closing a later record is not shown the earlier record's answers.

    Returns
    -------
    (bool, str or None)
        Whether it covers the current version; when it does not, the id of the first version, whose flag it answered
        (None: that version raised no such flag, so it answered nothing of this record).
    """
    if len(chain) == 1:
        return True, None
    first = by_id[chain[0]].item
    was = _flag(first, code)
    if was is None:
        return False, None
    return (True, None) if _covers_correction(was, first, by_id[chain[-1]], code) else (False, chain[0])


def _finding_corrected_by(chain: tuple[str, ...], by_id: Mapping[str, Any], code: str):
    """The latest correction in ``chain`` that changed flag ``code``'s finding (the answers its rule reads, or its
    message), else the current version: who corrected the record last, when and why."""
    for j in range(len(chain) - 1, 0, -1):
        was, now = by_id[chain[j - 1]].item, by_id[chain[j]].item
        before, after = _flag(was, code), _flag(now, code)
        if finding_changes(was, now, code) or before is None or after is None or before.message != after.message:
            return by_id[chain[j]]
    return by_id[chain[-1]]


def reopened_by_corrections(resolutions, versions) -> dict[tuple[str, str], Reopened]:
    """The flags a correction reopened: each current version whose flag was closed on an earlier version of its
    record and whose finding the correction changed, so that no earlier closing covers it; and the new flags a
    correction raised where the earlier version's flag (another code) was closed, a higher or another finding, never
    a lower one (:attr:`AfterCorrection.NEW`: a C-SSRS screen closed at low risk, corrected to high risk).  Also the
    flags a correction alone raised, lowered or raised again (:func:`_raised_by_corrections`), and a C-SSRS screen's
    high-risk flag never closed that a correction withdrew, kept open (:func:`_withdrawn_by_corrections`).

    The closings of an earlier version are its own (:func:`follow_corrections`) and a later record's of the same
    instrument that answered it (:meth:`FlagResolution.covers`), which answers that version's finding only when the
    corrections changed it (:meth:`Corrections.reaches`).  The chart shows the reason with the open
    flag (:attr:`Reopened.said`); the flag is closed only on the corrected record (a later record's closing never
    closes it as a side effect), dated on or after the correction and at the earlier versions' highest level or
    higher (:func:`check_closing`).  iopkit's own rule.

    Parameters
    ----------
    resolutions : sequence of FlagResolution
        What was done about flags (as saved).
    versions : sequence of Record
        Every version of the scored records (``store.history(patient_id, "assessment")``): ``id``, ``amends``,
        ``item`` (the Score), ``by``, ``taken_at``, ``saved_at`` and ``reason`` are read.

    Returns
    -------
    dict of (str, str) to Reopened
        By the current version's store id and the open flag's code (whether closed again since or not; its
        ``kind`` says which); empty when no correction reopened a flag or raised a new one.
    """
    from ..entry import clinical_day

    by_id, newer = _versions(versions)
    chains = _chains(versions)
    day = {rid: clinical_day(v.taken_at).toordinal() for rid, v in by_id.items()}
    same_day = corrected_same_day(versions)
    reach = {rid: d for rid, d in day.items() if rid not in newer or rid in same_day}
    left: dict[tuple[str, str], dict[str, list[FlagResolution]]] = {}
    later: dict[tuple[str, str], list[FlagResolution]] = {}  # every later record's closing that reached the record
    # every closing of an earlier version's flag, by current version, then by (the version closed, the flag's code)
    earlier: dict[str, dict[tuple[str, str], list[FlagResolution]]] = {}
    resolutions = tuple(resolutions)
    carried: dict[tuple[str, str], list[FlagResolution]] = {}  # a flag's own closings carried to its current version
    for r, (key, chain) in zip(resolutions, _followed_all(resolutions, by_id, newer)):
        if r.reviewed_again:  # a note is no closing
            continue
        if chain:  # its record was corrected since: the version it was made on closed its flag
            earlier.setdefault(chain[-1], {}).setdefault((r.record, r.flag_code), []).append(r)
        if chain and key == chain[-1]:
            carried.setdefault((key, r.flag_code), []).append(r)
        if chain and key != chain[-1] and _flag(by_id[chain[-1]].item, r.flag_code) is not None:
            left.setdefault((chain[-1], r.flag_code), {}).setdefault(key, []).append(r)
        if r.this_record_only or key not in reach:
            continue
        for current, versions_of in chains.items():  # a later record's closing that answered an earlier version
            item = by_id[current].item
            if key in versions_of or getattr(item, "instrument", None) != r.instrument or day[current] >= reach[key]:
                continue
            if _flag(by_id[versions_of[0]].item, r.flag_code) is not None:  # it answered the first version's flag
                earlier.setdefault(current, {}).setdefault((versions_of[0], r.flag_code), []).append(r)
            if _flag(item, r.flag_code) is None:
                continue
            later.setdefault((current, r.flag_code), []).append(r)
            covered, seen = _seen(versions_of, by_id, r.flag_code)
            if not covered and seen is not None:
                left.setdefault((current, r.flag_code), {}).setdefault(seen, []).append(r)
    out = {}
    for (record, code), by_version in left.items():
        chain = chains[record]
        closed = max(by_version, key=chain.index)  # the latest version closed
        # the level: the highest of every closing the record's flag had, a later record's closing included
        everyone = [*(c for closings in by_version.values() for c in closings), *later.get((record, code), ())]
        everyone += [c for closings in earlier.get(record, {}).values() for c in closings]  # any flag of the record
        correction = _finding_corrected_by(chain, by_id, code)  # the latest correction of the finding
        flag = _flag(by_id[record].item, code)
        out[(record, code)] = Reopened(
            record,
            by_version[closed][0].instrument,
            code,
            in_order(by_version[closed]),
            closed,
            finding_changes(by_id[closed].item, by_id[record].item, code),
            str(correction.by),
            clinical_day(correction.saved_at),
            correction.reason or "",
            _highest(everyone),
            versions=chain,
            action="" if flag is None else flag.action,
            calls_for=None if flag is None else calls_for(flag),
            day=clinical_day(by_id[record].taken_at),
            medical_review=_medical_review(flag),
        )
    out |= _after_corrections_of_other_flags(earlier, out, chains, by_id, carried)
    out |= _raised_by_corrections(out, chains, by_id, earlier)
    return _repeated_screens(out | _withdrawn_by_corrections(out, chains, by_id, earlier), versions, by_id)


def _repeated_screens(reopened, versions, by_id) -> dict[tuple[str, str], Reopened]:
    """``reopened`` with, for each flag that repeats the screen (:attr:`Reopened.asks_again`), the first later screen
    of its instrument (``repeated``): a current version of another record entered by staff (not a patient's own
    check-in: no one reached the patient, :func:`~iopkit.store.entered_by_staff`), taken on or after the correction's
    clinical day and saved after the flag's corrected record, the earliest taken first.  iopkit's own rule (physician
    review)."""
    from ..entry import clinical_day
    from ..store.kinds import entered_by_staff

    amended = {str(v.amends) for v in versions if v.amends is not None}
    out = dict(reopened)
    for key, why in reopened.items():
        if not why.asks_again:
            continue
        saved = by_id[why.record].saved_at
        later = sorted(
            (v.taken_at, str(v.id))
            for v in versions
            if str(v.id) not in amended
            and str(v.id) not in why.versions
            and getattr(v.item, "instrument", None) == why.instrument
            and entered_by_staff(v)
            and clinical_day(v.taken_at) >= why.corrected_on
            and v.saved_at > saved
        )
        if later:
            out[key] = replace(why, repeated=(later[0][1], clinical_day(later[0][0])))
    return out


def _medical_review(flag: Flag | None) -> MedicalReview | None:
    """How soon the medical review ``flag`` calls for is due (:func:`~iopkit.flags.medical_review_of`); None for a
    flag calling for none (:func:`calls_for`)."""
    return medical_review_of(flag) if flag is not None and calls_for(flag) is CallsFor.MEDICAL_REVIEW else None


def _highest(closings) -> FlagResolution | None:
    """Of ``closings`` (any flag's), the one that recorded the highest overall risk level, the latest of them; None
    when none recorded one."""
    levelled = [c for c in closings if c.risk_level is not None]
    return max(levelled, key=lambda c: (_rank(c.risk_level), c.on)) if levelled else None


def _answers_lower(was: Flag, at, now, flag: Flag) -> bool:
    """True when a closing of flag ``was`` (of the scored record ``at``) answers ``flag``, another code, of its
    correction ``now``: the test of a same-code correction (:func:`_covers_correction`) for a lower finding: less
    urgent than ``was`` (:func:`urgency`), or as urgent with every answer ``was``'s rule reads the same or lower
    (:func:`_lower`)."""
    if urgency(flag) != urgency(was):
        return urgency(flag) > urgency(was)
    return _lower(finding_changes(at, now, was.code))


def _after_corrections_of_other_flags(earlier, reopened, chains, by_id, carried) -> dict[tuple[str, str], Reopened]:
    """How the closings of an earlier version's flags of other codes bear on the safety flags of a corrected current
    version (``earlier``: those closings, by current version, then by the version closed and the flag's code).

    A flag covered by the closing of a higher finding (:attr:`AfterCorrection.COVERED`): an earlier version's flag of
    another code whose closings recorded an overall risk level and that answer this one (:func:`_answers_lower`: a
    C-SSRS screen closed at high, corrected to low), the highest level first, then the latest version; it reads
    closed at that level, a flag ``reopened`` included.  Otherwise a new flag (:attr:`AfterCorrection.NEW`): one
    neither reopened nor closed on an earlier version itself, that the earlier version whose flag was closed did not
    raise, a higher or another finding, or a lower one whose closing recorded no level (saved before iopkit asked for
    it: it answers no other finding).  The earlier flag is the latest closed version's, one the correction dropped
    first, then the most urgent.  Every one carries the highest level recorded on any version of the record
    (:attr:`Reopened.level_by`): a correction never lowers a level recorded.  So a flag whose own closings, carried
    to the corrected record (``carried``: by current version and code), answer its finding at a lower level than
    another flag recorded on a version of the record is covered too, at that highest level (its closing carried to
    it: :attr:`Reopened.answered_by`).  iopkit's own rule."""
    from ..entry import clinical_day

    out = {}
    for record, closed in earlier.items():
        chain, item = chains[record], by_id[record].item
        codes = {code for _, code in closed}
        closed_flags = {(v, code): _flag(by_id[v].item, code) for v, code in closed}  # each raised its flag
        highest = _highest(c for closings in closed.values() for c in closings)
        for flag in getattr(item, "flags", ()):
            if calls_for(flag) not in SAFETY_CALLS or flag.severity is Severity.INFO:  # holds nothing
                continue
            covering = [
                (v, code, was)
                for (v, code), was in closed_flags.items()
                if was is not None
                and code != flag.code
                and current_level(closed[(v, code)]) is not None
                and _answers_lower(was, by_id[v].item, item, flag)
            ]
            own = tuple(carried.get((record, flag.code), ()))
            answered_by: tuple[FlagResolution, ...] = ()
            was: Flag | None
            if covering:
                at, code, was = max(covering, key=lambda b: (_rank(current_level(closed[b[:2]])), chain.index(b[0])))
                kind = AfterCorrection.COVERED
            elif (record, flag.code) in reopened:  # the same flag, reopened
                continue
            elif flag.code in codes:  # the same flag, closed still: at the highest level recorded on the record
                if not own or highest is None or _rank(highest.risk_level) <= _rank(current_level(own)):
                    continue
                at, code = next(key for key, closings in closed.items() if highest in closings)
                was, answered_by, kind = closed_flags[(at, code)], in_order(own), AfterCorrection.COVERED
            else:
                before = [
                    (v, code, was)
                    for (v, code), was in closed_flags.items()
                    if was is not None and _flag(by_id[v].item, flag.code) is None
                ]
                if not before:
                    continue
                at, code, was = max(
                    before, key=lambda b: (chain.index(b[0]), _flag(item, b[1]) is None, [-n for n in urgency(b[2])])
                )
                kind = AfterCorrection.NEW
            correction = _finding_corrected_by(chain, by_id, flag.code)  # the correction that raised it, or the latest
            out[(record, flag.code)] = Reopened(
                record,
                closed[(at, code)][0].instrument,
                flag.code,
                (highest,) if answered_by and highest is not None else in_order(closed[(at, code)]),
                at,
                finding_changes(by_id[at].item, item, flag.code),
                str(correction.by),
                clinical_day(correction.saved_at),
                correction.reason or "",
                highest,
                kind=kind,
                closed_flag="" if was is None else was.message,
                taken_on=clinical_day(by_id[at].taken_at),
                versions=chain,
                action=flag.action,
                calls_for=calls_for(flag),
                day=clinical_day(by_id[record].taken_at),
                answered_by=answered_by,
                lowered=was is not None and _lowered(was, by_id[at].item, item, flag),
                medical_review=_medical_review(flag),
            )
    return out


def _lowered(was: Flag, at, now, flag: Flag) -> bool:
    """True when ``flag`` of the corrected score ``now`` is a lower finding than flag ``was`` of the earlier version
    ``at``: less urgent (:func:`urgency`), or as urgent in a lower band of the instrument's scheme (a C-SSRS screen
    corrected from moderate to low risk, whatever its answers)."""
    if urgency(flag) != urgency(was):
        return urgency(flag) > urgency(was)
    from ..instruments import CATALOGUE

    bands = [b.label for scheme in getattr(CATALOGUE.get(now.instrument), "schemes", ()) for b in scheme.bands]
    then, band = getattr(at, "band", None), getattr(now, "band", None)
    return then in bands and band in bands and bands.index(band) < bands.index(then)


def _raised_by_corrections(reopened, chains, by_id, earlier) -> dict[tuple[str, str], Reopened]:
    """The safety flags a correction alone raised (:attr:`AfterCorrection.RAISED`): a flag of a corrected current
    version its first version did not raise, on which no earlier closing bears (none in ``reopened``), the correction
    that raised it entered on a later day than the record's clinical day (the patient may have left since).  One in
    place of a higher finding of the first version (:func:`_lowered`: its most urgent safety flag) is
    :attr:`AfterCorrection.LOWERED`, naming that flag and its closings on the record (``earlier``: by current
    version, then by the version closed and the flag's code; none: never closed).  A flag the first version raised,
    that a correction withdrew and a later one raised again (:func:`_withdrawn_on`), none of its closings on a
    version of the record, or by a later record that answered it (``earlier``), dated before the day that correction
    was saved, is :attr:`AfterCorrection.RAISED_AGAIN`: it was off the list while withdrawn, never acted on.  A
    correction entered on the record's own day counts only for a flag lowered from a high flag never closed that asks
    again (:func:`_asks_again_same_day`).  iopkit's own rule."""
    from ..entry import clinical_day

    out = {}
    for record, chain in chains.items():
        first, item = by_id[chain[0]].item, by_id[record].item
        day = clinical_day(by_id[record].taken_at)
        for flag in getattr(item, "flags", ()):
            if calls_for(flag) not in SAFETY_CALLS or flag.severity is Severity.INFO or (record, flag.code) in reopened:
                continue
            correction = _finding_corrected_by(chain, by_id, flag.code)
            entered = clinical_day(correction.saved_at)
            if entered <= day and not _asks_again_same_day(first, item, flag, earlier.get(record, {})):
                continue
            withdrawn_on = None
            if _flag(first, flag.code) is not None:  # raised by the record as first entered
                withdrawn_on = _withdrawn_on(chain, by_id, flag.code)
                own = [c for (_, code), cs in earlier.get(record, {}).items() if code == flag.code for c in cs]
                if withdrawn_on is None or any(c.on < entered for c in own):  # never withdrawn, or acted on
                    continue
            before = [f for f in getattr(first, "flags", ()) if calls_for(f) in SAFETY_CALLS]
            was = min(before, key=urgency, default=None)  # the first version's most urgent safety flag
            lowered = withdrawn_on is None and was is not None and _lowered(was, first, item, flag)
            kind = AfterCorrection.LOWERED if lowered else AfterCorrection.RAISED
            if withdrawn_on is not None:
                kind = AfterCorrection.RAISED_AGAIN
            closed = (  # the higher flag's closings on any version of the record (none: never closed)
                in_order([c for (_, code), cs in earlier.get(record, {}).items() if code == was.code for c in cs])
                if lowered and was is not None
                else ()
            )
            out[(record, flag.code)] = Reopened(
                record,
                item.instrument,
                flag.code,
                closed,
                chain[0],
                finding_changes(first, item, flag.code),
                str(correction.by),
                entered,
                correction.reason or "",
                kind=kind,
                closed_flag=was.message if lowered and was is not None else "",
                taken_on=day,
                versions=chain,
                action=flag.action,
                calls_for=calls_for(flag),
                day=day,
                lowered=lowered,
                medical_review=_medical_review(flag),
                closed_calls_for=calls_for(was) if lowered and was is not None else None,
                closed_review=_medical_review(was) if lowered else None,
                withdrawn_on=withdrawn_on,
            )
    return out


def _asks_again_of(instrument: str, flag: Flag) -> bool:
    """True when ``flag``, of an ``instrument`` record, calls for an emergency evaluation and its instrument asks its
    high-risk questions again when such a flag never closed is lowered or withdrawn (:data:`ASK_AGAIN`)."""
    return instrument in ASK_AGAIN and calls_for(flag) is CallsFor.EMERGENCY_EVALUATION


def _most_urgent(score) -> Flag | None:
    """The most urgent safety flag of ``score`` (None: it raised none)."""
    return min((f for f in getattr(score, "flags", ()) if calls_for(f) in SAFETY_CALLS), key=urgency, default=None)


def _asks_again_same_day(first, item, flag: Flag, closed: Mapping[tuple[str, str], list]) -> bool:
    """True when ``flag`` of the corrected score ``item``, which its first version ``first`` did not raise, is a lower
    finding (:func:`_lowered`) than the first version's most urgent safety flag, one that asks again
    (:func:`_asks_again_of`) and was never closed (``closed``: the record's closings by version and code): a correction
    entered on the record's own day says so too (:attr:`AfterCorrection.LOWERED`, :attr:`Reopened.asks_again`)."""
    was = _most_urgent(first)
    return (
        was is not None
        and _flag(first, flag.code) is None
        and _asks_again_of(item.instrument, was)
        and _lowered(was, first, item, flag)
        and not any(code == was.code for _, code in closed)
    )


def _withdrawn_by_corrections(reopened, chains, by_id, earlier) -> dict[tuple[str, str], Reopened]:
    """The flags a correction withdrew and that stay open (:attr:`AfterCorrection.WITHDRAWN`): a flag of a corrected
    record's first version that asks again (:func:`_asks_again_of`: a C-SSRS screen's high risk), never closed
    (``earlier``: no closing of its code on any version of the record, nor by a later record that answered it), that
    the current version does not raise, with no flag lowered in its place (``reopened``: the record's flags a
    correction lowered say the step then), on any day.  Named by the correction that withdrew it last (the first
    version of the run without it that the current version ends).  iopkit's own rule (physician review)."""
    from ..entry import clinical_day

    out = {}
    for record, chain in chains.items():
        first, item = by_id[chain[0]].item, by_id[record].item
        lowered = any(r == record and w.kind is AfterCorrection.LOWERED for (r, _), w in reopened.items())
        for flag in getattr(first, "flags", ()):
            if not _asks_again_of(item.instrument, flag) or _flag(item, flag.code) is not None or lowered:
                continue
            if any(code == flag.code for _, code in earlier.get(record, {})):  # closed: off the list, as before
                continue
            at = len(chain) - 1
            while _flag(by_id[chain[at - 1]].item, flag.code) is None:  # back to the correction that withdrew it
                at -= 1
            correction, day = by_id[chain[at]], clinical_day(by_id[record].taken_at)
            out[(record, flag.code)] = Reopened(
                record,
                item.instrument,
                flag.code,
                (),
                chain[0],
                finding_changes(first, item, flag.code),
                str(correction.by),
                clinical_day(correction.saved_at),
                correction.reason or "",
                kind=AfterCorrection.WITHDRAWN,
                closed_flag=flag.message,
                taken_on=day,
                versions=chain,
                action=flag.action,
                calls_for=calls_for(flag),
                day=day,
                medical_review=_medical_review(flag),
                kept=replace(flag, action=WITHDRAWN_ACTION),  # the repeated screen decides, as the reason says
            )
    return out


def _withdrawn_on(chain: tuple[str, ...], by_id: Mapping[str, Any], code: str) -> dt.date | None:
    """The clinical day the correction that last withdrew flag ``code`` was saved, the current version of ``chain``
    raising it again: the first version of the run of versions without it just before the run the current version
    ends; None when every version raised it (never withdrawn)."""
    from ..entry import clinical_day

    at = len(chain) - 1
    while at > 0 and _flag(by_id[chain[at - 1]].item, code) is not None:  # back to the run's first version
        at -= 1
    if at == 0:
        return None
    while at > 1 and _flag(by_id[chain[at - 2]].item, code) is None:  # back to the withdrawing correction
        at -= 1
    return clinical_day(by_id[chain[at - 1]].saved_at)


@dataclass(frozen=True)
class Corrections:
    """How the corrections of a patient's scored records bear on the closings of a later record: the one reading the
    chart (:func:`~iopkit.placement.continued_stay.safety_flags`) and the store (:func:`closings_of`) share.

    A closing of a later record answers the same flag on the instrument's earlier records (:meth:`FlagResolution.
    covers`); on a corrected record, only when the corrections raised the same, a lower or a less urgent finding than
    the record's first version: a changed finding is closed on its own record (:meth:`own_record_only`).  iopkit's
    own rule.

    Parameters
    ----------
    chains : mapping of str to tuple of str
        Each corrected current version's store id -> its correction chain's ids, the first version first.
    by_id : mapping of str to Record
        Every version of the scored records by store id.
    reopened : mapping of (str, str) to Reopened
        The flags a correction reopened (:func:`reopened_by_corrections`).
    """

    chains: Mapping[str, tuple[str, ...]]
    by_id: Mapping[str, Any]
    reopened: Mapping[tuple[str, str], Reopened]

    def own_record_only(self, record: str, code: str) -> bool:
        """True when flag ``code`` of the current version ``record`` is closed on its own record only: a correction
        reopened it, or changed its finding so that no later record's closing answers it (:func:`_seen`).

        Parameters
        ----------
        record : str
            The store id of a current version.
        code : str
            The flag's code.

        Returns
        -------
        bool
        """
        chain = self.chains.get(str(record))
        if chain is None:
            return False
        return (str(record), code) in self.reopened or not _seen(chain, self.by_id, code)[0]

    @classmethod
    def of(cls, resolutions, versions) -> Corrections:
        """The corrections of ``versions`` as they bear on ``resolutions``.

        Parameters
        ----------
        resolutions : sequence of FlagResolution
            What was done about flags (as saved).
        versions : sequence of Record
            Every version of the scored records (``store.history(patient_id, "assessment")``).

        Returns
        -------
        Corrections
        """
        by_id, _ = _versions(versions)
        return cls(_chains(versions), by_id, reopened_by_corrections(resolutions, versions))

    def reaches(self, r: FlagResolution, record: str, code: str) -> bool:
        """False when resolution ``r``, keyed to another record, does not answer flag ``code`` of the current version
        ``record`` because of a correction; True otherwise (read beside :meth:`FlagResolution.covers`).

        A flag a correction reopened (:func:`reopened_by_corrections`) is closed on its own record only, never by a
        later record's closing.  On another corrected record, a later record's closing answers the corrected finding
        only when the corrections raised the same, a lower or a less urgent finding than the record's first version.

        Parameters
        ----------
        r : FlagResolution
            A resolution as the chart reads it (:func:`follow_corrections`).
        record : str
            The store id of the flagged record's current version.
        code : str
            The flag's code.

        Returns
        -------
        bool
        """
        chain = self.chains.get(str(record))
        if chain is None or r.record == str(record):  # not corrected, or its own
            return True
        if not r.record:  # keyed by week only (saved without a record id): never a finding a correction raised
            return not self.own_record_only(record, code)
        # a closing left on an earlier version answers no later one; a reopened or changed flag is closed on its own
        return r.record not in chain and not self.own_record_only(record, code)


def closings_of(
    instrument: str, code: str, record: str, week: float, resolutions, versions
) -> tuple[FlagResolution, ...]:
    """Every resolution that covers flag ``code`` of the ``instrument`` record ``record``, as the chart reads it.

    The chart's own reading (:func:`follow_corrections`, then :meth:`FlagResolution.covers`, in the order stored):
    a resolution keyed to the record or to a later record of the same instrument (unless it covers its own record
    only), or to a correction of it; one stored without a record id covers a flag of its own ``week``.  The first
    is the flag's closing; a later one is a re-assessment (:func:`escalates`).

    Parameters
    ----------
    instrument : str
        The instrument of the flagged record.
    code : str
        The flag's code.
    record : str
        The store id of the flagged record ("" when not known).
    week : float
        The week of that record in the episode (read only against a resolution stored without a record id).
    resolutions : sequence of FlagResolution
        The patient's resolutions as stored (current versions).
    versions : sequence of Record
        Every version of the patient's scored records (``store.history(patient_id, "assessment")``).

    Returns
    -------
    tuple of FlagResolution
        The resolutions that cover the flag (re-keyed as the chart reads them), first closing first; empty while
        it is open.
    """
    return _covering(instrument, code, record, week, resolutions, versions, again=False)


def _covering(instrument: str, code: str, record: str, week: float, resolutions, versions, *, again: bool) -> tuple:
    """The resolutions that cover flag ``code`` of the ``instrument`` record ``record`` as the chart reads them
    (:func:`closings_of`), or with ``again`` its notes of ``reviewed_again`` (:func:`reviews_of`)."""
    from ..entry import clinical_day

    day = {str(v.id): clinical_day(v.taken_at).toordinal() for v in versions}  # the episode's order of records
    newer = {str(v.amends): str(v.id) for v in versions if v.amends is not None}
    chain = _corrected(str(record), newer)  # the record and its corrections: one finding
    # a closing left on a corrected version (its finding changed: follow_corrections) reaches the earlier records only
    # when the correction kept the record's day, as the chart reads it: never the correction itself, dated earlier
    same_day = corrected_same_day(versions)
    reach = {rid: d for rid, d in day.items() if rid not in newer or rid in same_day}
    corrections = Corrections.of(resolutions, versions)  # a later record's closing never covers what it never saw
    out = []
    for r in follow_corrections(resolutions, versions):
        for rid in chain:
            if r.record and rid in day:  # both records known: this one, or an earlier one (by clinical day)
                hit = r.covers(instrument, day[rid], code, rid, weeks=reach, again=again)
            else:  # a record id not known on either side: the same record id, or a flag of the resolution's week
                hit = r.covers(instrument, week, code, rid, again=again)
            if hit and (r.record == rid or corrections.reaches(r, chain[-1], code)):
                out.append(r)
                break
    return in_order(out)


def in_order(closings, *, of=None) -> tuple:
    """A flag's closings in the order they happened: by date, then (on one day) by level, a flag's level only going
    up after its closing (:func:`escalates`); otherwise as stored.  An amendment of the closing is saved after a
    re-assessment, yet keeps its place (:meth:`iopkit.store.Store.save` keeps it dated on or before the
    re-assessment and lower).

    Parameters
    ----------
    closings : sequence of FlagResolution
        Resolutions covering one flag, as stored.
    of : callable, optional
        The resolution of each element, when ``closings`` holds something else (the store's records: their item).

    Returns
    -------
    tuple
        The same elements, the closing first.
    """
    resolution = (lambda c: c) if of is None else of
    return tuple(sorted(closings, key=lambda c: (resolution(c).on, _rank(resolution(c).risk_level))))


def reviews_of(instrument: str, code: str, record: str, week: float, resolutions, versions) -> tuple:
    """The notes of ``reviewed_again`` on flag ``code`` of the ``instrument`` record ``record``, in the order stored:
    a check-in's review of a flag the chart closed already, at the same or a lower level.  Never a closing, never
    the flag's level (:attr:`FlagResolution.reviewed_again`).

    Parameters
    ----------
    instrument, code, record, week, resolutions, versions
        As :func:`closings_of`.

    Returns
    -------
    tuple of FlagResolution
        The notes on the flag (re-keyed as the chart reads them); empty when none.
    """
    return _covering(instrument, code, record, week, resolutions, versions, again=True)


def closing_of(instrument: str, code: str, record: str, week: float, resolutions, versions) -> FlagResolution | None:
    """The resolution that first closed flag ``code`` of the ``instrument`` record ``record`` (:func:`closings_of`).

    A flag is closed once: after its closing, the store records another resolution of it only at a higher overall
    risk level, as a re-assessment (:func:`escalates`, :meth:`iopkit.store.Store.save`); iopkit's own rule.

    Parameters
    ----------
    instrument, code, record, week, resolutions, versions
        As :func:`closings_of`.

    Returns
    -------
    FlagResolution or None
        The first resolution that covers the flag (re-keyed as the chart reads it), or None while it is open.
    """
    closings = closings_of(instrument, code, record, week, resolutions, versions)
    return closings[0] if closings else None


def _rank(level: RiskLevel | str | None) -> int:
    """0 for no level, then low, moderate, high: the order a flag's level may only rise in after its closing."""
    return 0 if level is None else list(RiskLevel).index(RiskLevel(level)) + 1


def current_level(closings) -> RiskLevel | None:
    """A closed flag's overall risk level now: the highest its closing and re-assessments recorded.

    Levels only go up after a closing (:func:`escalates`), so the highest is the latest assessment's.

    Parameters
    ----------
    closings : sequence of FlagResolution
        The resolutions covering the flag (:func:`closings_of`).

    Returns
    -------
    RiskLevel or None
        The highest level recorded; None when none recorded one (a closing stored before iopkit asked for it).

    Examples
    --------
    >>> import datetime
    >>> day = datetime.date(2026, 3, 2)
    >>> low = FlagResolution("suicidal_ideation", "phq9", 0, "C-SSRS full assessment", "KM", day, "12", "low")
    >>> high = FlagResolution("suicidal_ideation", "phq9", 0, "ED evaluation arranged", "Dr B", day, "12", "high")
    >>> current_level([low, high]), current_level([])
    (<RiskLevel.HIGH: 'high'>, None)
    """
    return max((c.risk_level for c in closings if c.risk_level is not None), key=_rank, default=None)


def level_set_by(closings) -> FlagResolution:
    """Which of a closed flag's ``closings`` (:func:`closings_of`, not empty) recorded its level now: the latest
    re-assessment (:func:`reassessments`), else the closing.

    Parameters
    ----------
    closings : sequence of FlagResolution
        The closings of one flag (:func:`closings_of`), not empty.

    Returns
    -------
    FlagResolution
        The closing or re-assessment whose level the flag reads now.

    Examples
    --------
    >>> import datetime
    >>> day = datetime.date(2026, 3, 2)
    >>> low = FlagResolution("suicidal_ideation", "phq9", 0, "C-SSRS full assessment", "KM", day, "12", "low")
    >>> high = FlagResolution("suicidal_ideation", "phq9", 0, "ED evaluation arranged", "Dr B", day, "12", "high")
    >>> level_set_by([low, high]).by, level_set_by([low]).by
    ('Dr B', 'KM')
    """
    closings = tuple(closings)
    return (closings[0], *reassessments(closings))[-1]


def escalates(closings, risk_level: RiskLevel | str | None) -> bool:
    """True when a new closing at ``risk_level`` is recorded for a flag ``closings`` cover: the flag is open, or
    the level is higher than its current level (:func:`current_level`; any level when none was recorded).

    A flag is closed once, yet a later assessment that finds a higher overall risk is never refused: the clinician
    who assessed documents the level and what was done (the Joint Commission's NPSG 15.01.01, bibliography key
    ``joint_commission_npsg15``), recorded as a re-assessment the chart shows after the first closing.  The same
    or a lower level is refused (:func:`already_closed`): the chart's closing stands, and the later assessment goes
    in the chart as a new assessment.  The one rule the store applies (:meth:`iopkit.store.Store.save`) and a
    check-in's review reads (:meth:`iopkit.checkin.CheckinBook.review`); iopkit's own rule.

    Parameters
    ----------
    closings : sequence of FlagResolution
        The resolutions already covering the flag (:func:`closings_of`).
    risk_level : RiskLevel or str or None
        The overall risk level the new closing gives.

    Returns
    -------
    bool

    Examples
    --------
    >>> import datetime
    >>> low = FlagResolution("suicidal_ideation", "phq9", 0, "C-SSRS full assessment", "KM",
    ...                      datetime.date(2026, 3, 2), record="12", risk_level="low")
    >>> escalates([], "low"), escalates([low], "high"), escalates([low], "low"), escalates([low], None)
    (True, True, False, False)
    """
    if not closings:
        return True
    return risk_level is not None and _rank(risk_level) > _rank(current_level(closings))


def reassessments(closings) -> tuple[FlagResolution, ...]:
    """The re-assessments among a flag's ``closings`` (:func:`closings_of`): each later one that raised its level.

    Parameters
    ----------
    closings : sequence of FlagResolution
        The resolutions covering the flag, the first closing first.

    Returns
    -------
    tuple of FlagResolution
        In order: each resolution after the first whose level is higher than every one before it.
    """
    out, top = [], _rank(closings[0].risk_level) if closings else 0
    for r in tuple(closings)[1:]:
        if _rank(r.risk_level) > top:
            out.append(r)
            top = _rank(r.risk_level)
    return tuple(out)


def reassessed_higher(r: FlagResolution, after_no_level: bool = False) -> str:
    """How the chart says a re-assessment after a flag's closing (:func:`reassessments`): "re-assessed higher: ...",
    or, after a closing that recorded no level (``after_no_level``: saved before iopkit asked for it), "re-assessed:
    low (the closing recorded no level), ..." (nothing to be higher than).

    Parameters
    ----------
    r : FlagResolution
        The re-assessment: a closing at a higher overall risk level than the flag's closing.

    Returns
    -------
    str
        Its level, who, when and what was done, as the chart reads them after the first closing.

    Examples
    --------
    >>> import datetime
    >>> high = FlagResolution("suicidal_ideation", "phq9", 0, "ED evaluation arranged", "Dr B",
    ...                       datetime.date(2026, 3, 3), record="12", risk_level="high")
    >>> reassessed_higher(high)
    "re-assessed higher: high, by Dr B on 2026-03-03, what was done: 'ED evaluation arranged'"
    >>> reassessed_higher(high, after_no_level=True)
    "re-assessed: high (the closing recorded no level), by Dr B on 2026-03-03, what was done: 'ED evaluation arranged'"
    """
    level = r.risk_level.value if r.risk_level is not None else "no recorded level"
    said = f"re-assessed: {level} (the closing recorded no level)" if after_no_level else f"re-assessed higher: {level}"
    return f"{said}, by {r.by} on {r.on.isoformat()}, what was done: {r.action!r}"


def said_reassessments(closings) -> list[str]:
    """Each re-assessment of a flag's ``closings`` (:func:`closings_of`) as the chart says it
    (:func:`reassessed_higher`), in order.

    Parameters
    ----------
    closings : sequence of FlagResolution
        The resolutions covering the flag, the first closing first.

    Returns
    -------
    list of str
    """
    closings = tuple(closings)
    none_yet = bool(closings) and closings[0].risk_level is None
    return [reassessed_higher(r, after_no_level=none_yet and i == 0) for i, r in enumerate(reassessments(closings))]


def reviewed_again(r: FlagResolution, level_now: RiskLevel | None) -> str:
    """How the chart says a note of ``reviewed_again`` after a flag's closing (:func:`reviews_of`): never the
    flag's level (``level_now``, :func:`current_level`), which a note below it names.

    Parameters
    ----------
    r : FlagResolution
        The note (its ``reviewed_again`` set).
    level_now : RiskLevel or None
        The flag's level (:func:`current_level`).

    Returns
    -------
    str
        The note's level, who, when and what was done; with the flag's level when the note's is lower.

    Examples
    --------
    >>> import datetime
    >>> note = FlagResolution("suicidal_ideation", "phq9", 0, "Called 988 with patient; means restriction done",
    ...                       "KM", datetime.date(2026, 3, 2), record="12", risk_level="moderate",
    ...                       this_record_only=True, reviewed_again=True)
    >>> reviewed_again(note, RiskLevel.MODERATE)
    "reviewed again: moderate, by KM on 2026-03-02, what was done: 'Called 988 with patient; means restriction done'"
    """
    level = r.risk_level.value if r.risk_level is not None else "no recorded level"
    if _rank(r.risk_level) < _rank(level_now):
        level += f" (the flag's level is {level_now.value})" if level_now is not None else ""
    return f"reviewed again: {level}, by {r.by} on {r.on.isoformat()}, what was done: {r.action!r}"


def _said(r: FlagResolution) -> str:
    level = f"overall risk {r.risk_level.value}" if r.risk_level is not None else "no recorded risk level"
    return f"by {r.by} on {r.on.isoformat()} at {level} (what was done: {r.action!r})"


def already_closed(
    closings, risk_level: RiskLevel | str | None, flag: Flag | None = None, covered: Reopened | None = None
):
    """The refusal of a closing of a flag already closed at the same or a higher level (:func:`escalates`): who
    closed it, when, at which level (and any re-assessment), and where a later assessment goes
    (:data:`~iopkit.flags.LATER_ASSESSMENT`).

    Parameters
    ----------
    closings : FlagResolution or sequence of FlagResolution
        The resolutions covering the flag (:func:`closings_of`), the first closing first.
    risk_level : RiskLevel or str or None
        The overall risk level the new closing gives (None: none given).
    flag : Flag, optional
        The flag, carried on the error (``flags``).
    covered : Reopened, optional
        Why the flag reads closed when a correction lowered its record's finding (:attr:`AfterCorrection.COVERED`):
        the error says so in the chart's words (:attr:`Reopened.said`) in place of the closing.

    Returns
    -------
    FlagAlreadyClosedError
        The error to raise (``first``, ``instrument``, ``item`` "risk_level", ``value`` the level given,
        ``allowed`` the levels a re-assessment may still record: those above the flag's current level).

    Examples
    --------
    >>> import datetime
    >>> first = FlagResolution("suicidal_ideation", "phq9", 0, "C-SSRS full assessment; safety plan", "KM",
    ...                        datetime.date(2026, 3, 2), record="12", risk_level="moderate")
    >>> error = already_closed(first, "low")
    >>> str(error).startswith("the safety flag suicidal_ideation (phq9, record 12) was already closed by KM on "
    ...                       "2026-03-02 at overall risk moderate")
    True
    >>> error.first is first, error.value, error.allowed
    (True, 'low', ('high',))
    """
    closings = (closings,) if isinstance(closings, FlagResolution) else tuple(closings)
    first = closings[0]
    given = None if risk_level is None else RiskLevel(risk_level)
    now = current_level(closings)
    where = f"{first.instrument}, record {first.record}" if first.record else f"{first.instrument}, week {first.week:g}"
    said = f"overall risk {given.value}" if given is not None else "no risk level"
    again = "".join(f"; {said}" for said in said_reassessments(closings))
    rule = (
        f"A safety flag is closed once: after its closing only a higher overall risk level than the chart's "
        f"({now.value}) is recorded, as a re-assessment"
        if now is not None
        else "A safety flag is closed once"
    )
    closed = (
        f"was already closed {_said(first)}{again}"
        if covered is None
        else f"is {covered.said[0].lower()}{covered.said[1:]}{again}"
    )
    return FlagAlreadyClosedError(
        f"the safety flag {first.flag_code} ({where}) {closed}. {rule}, so this closing ({said}) is not recorded. "
        f"{LATER_ASSESSMENT}.",
        first=first,
        flags=() if flag is None else (flag,),
        instrument=first.instrument,
        item="risk_level",
        value=None if given is None else given.value,
        allowed=tuple(level.value for level in RiskLevel if _rank(level) > _rank(now)),
    )


def check_closing(
    resolution: FlagResolution,
    before,
    after,
    *,
    amended: FlagResolution | None = None,
    reopened: Reopened | None = None,
) -> None:
    """Refuse a flag resolution of a flag already closed, unless it records a higher overall risk level (a
    re-assessment): a flag is closed once (its first closing stands; amending that resolution, with a reason,
    corrects it) and its level only goes up after (:func:`escalates`).  The rule :meth:`iopkit.store.Store.save`
    applies under its write lock; iopkit's own rule.

    An amendment keeps its place: its level is checked only against the closings before it, and stays below every
    later re-assessment's (the level shown stays the highest, each re-assessment still shown); it keeps what the
    record was (a closing, a re-assessment, a note) and never lowers a re-assessment's level.  A re-assessment (or
    an amendment) is dated on or after the closings before it, and an amendment on or before those after it: a
    backdated one would read as the flag's closing and hide the real one.  A note of a later review
    (``reviewed_again``) is saved only after the flag's closing, dated on or after it, at the flag's level or lower:
    it never closes the flag nor changes its level.  No resolution is dated after today (the clinic's day).

    A flag open again after a correction (``reopened``, :func:`reopened_by_corrections`) is closed on the corrected
    record dated on or after the correction was saved (a closing dated before it never saw the corrected finding),
    and its closing at the earlier versions' highest level or higher (:attr:`Reopened.level`): a flag's level only
    goes up, a later lower assessment being a new assessment.  A new flag a correction raised where the earlier
    version's flag was closed (:attr:`AfterCorrection.NEW`) is closed so too, at the highest level recorded on a
    version of its record or higher.  A flag covered by the closing of a higher finding (:attr:`AfterCorrection.
    COVERED`) reads closed at that level: only a higher one is recorded, the refusal saying why.

    Parameters
    ----------
    resolution : FlagResolution
        The resolution being saved.
    before, after : sequence of FlagResolution
        The flag's closings before and after its place (:func:`closings_of`, :func:`in_order`): all of them for a
        new resolution, which comes last.
    amended : FlagResolution, optional
        The resolution an amendment corrects.
    reopened : Reopened, optional
        Why the flag is open again after a correction of its record, when it is
        (:func:`reopened_by_corrections`).

    Raises
    ------
    FlagAlreadyClosedError
        A closing at the same or a lower level than the flag's (:func:`already_closed`).
    StoreError
        Any other refusal above, naming what is allowed.
    """
    from ..entry import clinical_day

    today = clinical_day()
    if resolution.on > today:  # a closing dated ahead would read as done, and could hide a later finding meanwhile
        raise StoreError(
            f"the flag resolution of the safety flag {resolution.flag_code} ({resolution.instrument}) is dated "
            f"{resolution.on:%d %b %Y}, after today ({today:%d %b %Y}): record what was done once it is done, dated "
            "the day it was done",
            item="on",
            value=resolution.on.isoformat(),
            allowed=f"on or before {today.isoformat()}",
        )
    if amended is not None:
        _corrects_in_kind(amended, resolution, before)
    if resolution.reviewed_again:  # a note after the closing: never a closing, never the flag's level
        if not before:
            raise StoreError(
                f"a note of a later review (reviewed_again) of the safety flag {resolution.flag_code} "
                f"({resolution.instrument}, record {resolution.record}) is saved only after the flag's closing, "
                "and it is open: close it with a flag resolution",
                item="reviewed_again",
                value=True,
                allowed=(False,),
            )
        if resolution.risk_level is not None and escalates(before, resolution.risk_level):
            raise StoreError(  # a higher finding is never kept as a note that leaves the level where it was
                f"a note of a later review (reviewed_again) records the chart's level or lower; overall risk "
                f"{resolution.risk_level.value} is higher than the flag's level, so it is recorded as a "
                "re-assessment (a flag resolution without reviewed_again), never as a note",
                item="reviewed_again",
                value=True,
                allowed=(False,),
            )
    else:
        covered = reopened is not None and reopened.kind is AfterCorrection.COVERED
        if covered and not escalates(before, resolution.risk_level):  # closed at the earlier (highest) level
            raise already_closed(before, resolution.risk_level, covered=reopened)
        _closes_above(before, after, resolution)
        if reopened is not None:
            _closes_reopened(resolution, before, reopened)
    last = max(before, key=lambda c: c.on, default=None)
    if last is not None and resolution.on < last.on:
        what = "A note of a later review" if resolution.reviewed_again else "A re-assessment"
        which = "closing" if last is before[0] else "last re-assessment"
        raise StoreError(
            f"{what} is dated on or after the flag's {which} ({last.on:%d %b %Y}); this one is dated "
            f"{resolution.on:%d %b %Y}, so it is not recorded (a backdated one would read as the closing and "
            f"hide it). Date it on or after {last.on:%d %b %Y} (today is fine) and write when the assessment "
            "was done in what was done",
            item="on",
            value=resolution.on.isoformat(),
            allowed=f"on or after {last.on.isoformat()}",
        )


def _closes_reopened(resolution: FlagResolution, before, reopened: Reopened) -> None:
    """A closing of a flag open again, or new, after a correction (:func:`check_closing`): dated on or after the
    correction, and, as its first closing, at the earlier versions' highest level or higher (a new flag's: its
    earlier flag's)."""
    where = f"{resolution.flag_code} ({resolution.instrument}, record {reopened.record})"
    if resolution.on < reopened.corrected_on:
        raise StoreError(
            f"the safety flag {where} is {reopened.kind.words.lower()} saved by {reopened.corrected_by} on "
            f"{reopened.corrected_on:%d %b %Y}; this closing is dated {resolution.on:%d %b %Y}, before the "
            "corrected finding was in the record, so it is not recorded (it would read as answering a finding it "
            f"never saw). Date it on or after {reopened.corrected_on:%d %b %Y} (today is fine) and write when the "
            "assessment was done in what was done",
            item="on",
            value=resolution.on.isoformat(),
            allowed=f"on or after {reopened.corrected_on.isoformat()}",
        )
    need = reopened.level  # None for a flag a correction alone raised: no level recorded before it
    if before or need is None or _rank(resolution.risk_level) >= _rank(need):
        return
    by = reopened.level_by if reopened.level_by is not None else level_set_by(reopened.closings)
    given = resolution.risk_level.value if resolution.risk_level is not None else "no risk level"
    allowed = tuple(level.value for level in RiskLevel if _rank(level) >= _rank(need))
    new = reopened.kind is AfterCorrection.NEW
    its, rule = (
        ("its earlier flag's", "a correction never lowers a level recorded")
        if new
        else ("its", "a flag's level only goes up")
    )
    raise StoreError(
        f"the safety flag {where} is {reopened.kind.words.lower()}, and {its} level before the correction was "
        f"overall risk {need.value}, recorded by {by.by} on {by.on:%d %b %Y} (record {by.record}): {rule}, so this "
        f"closing ({'overall risk ' if resolution.risk_level is not None else ''}{given}) is not "
        f"recorded. Close it at overall risk {' or '.join(allowed)}. {LATER_ASSESSMENT}.",
        item="risk_level",
        value=None if resolution.risk_level is None else resolution.risk_level.value,
        allowed=allowed,
    )


def _corrects_in_kind(old, resolution, before) -> None:
    """A correction of a flag resolution keeps what the record was (a closing, a re-assessment, a note of a later
    review) and never lowers a re-assessment's level: a higher finding is not turned into a lower one, nor into a
    note, by an amendment (a later lower assessment is a new assessment).  iopkit's own rule."""
    if old is None:
        return
    if bool(old.reviewed_again) != bool(resolution.reviewed_again):
        kind = "a note of a later review" if old.reviewed_again else "a closing or a re-assessment"
        raise StoreError(
            f"a correction keeps what the record was: record {resolution.record}'s flag resolution is {kind}",
            item="reviewed_again",
            value=bool(resolution.reviewed_again),
            allowed=(bool(old.reviewed_again),),
        )
    reassessment = before and not old.reviewed_again and escalates(before, old.risk_level)
    if reassessment and _rank(resolution.risk_level) < _rank(old.risk_level):
        raise StoreError(
            f"a re-assessment's level is not lowered by a correction ({old.risk_level.value} to "
            f"{resolution.risk_level.value if resolution.risk_level is not None else 'no level'}): a later, lower "
            "assessment is recorded as a new assessment",
            item="risk_level",
            value=None if resolution.risk_level is None else resolution.risk_level.value,
            allowed=f"{old.risk_level.value} or higher",
        )


def _closes_above(before, after, resolution: FlagResolution) -> None:
    """A flag resolution at its place among a flag's closings: above the closings ``before`` it
    (:func:`escalates`), and, for an amendment, below the level of each closing
    ``after`` it and dated on or before it (each stays a re-assessment the chart shows)."""
    if not escalates(before, resolution.risk_level):
        raise already_closed(before, resolution.risk_level)
    for later in after:
        if _rank(resolution.risk_level) >= _rank(later.risk_level) or resolution.on > later.on:
            raise StoreError(
                f"this amendment of the closing of the safety flag {resolution.flag_code} ({resolution.instrument}) "
                f"keeps its place before the re-assessment by {later.by} on {later.on:%d %b %Y} at overall risk "
                f"{later.risk_level.value if later.risk_level is not None else 'not recorded'}: it is dated on or "
                f"before it and records a lower level, so the level shown stays the highest (got "
                f"{resolution.risk_level.value if resolution.risk_level is not None else 'no level'} on "
                f"{resolution.on:%d %b %Y})",
                item="risk_level",
                value=None if resolution.risk_level is None else resolution.risk_level.value,
                allowed=tuple(
                    level.value
                    for level in type(later.risk_level)
                    if later.risk_level is not None and _rank(level) < _rank(later.risk_level)
                ),
            )
