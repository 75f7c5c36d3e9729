"""Patient self-report check-ins: the patient answers their own questionnaires on a tablet or phone.

A clinician starts a check-in for one patient with the measures due (:func:`this_weeks_set`, or a
choice of :data:`SELF_REPORT` instruments) and gets a one-time code.  The patient types the code on
the check-in page (``/checkin`` on the clinic's iopkit server, :mod:`iopkit.serving`): the code opens
that patient's pending questionnaires, once, until it expires (:data:`DEFAULT_EXPIRY`).  Rules:

* **The code** is 8 characters from an alphabet without look-alikes (:data:`CODE_ALPHABET`, about
  40 bits), shown as ``ABCD-EFGH``.  Only its SHA-256 hash is kept.  It is single use: using it opens a
  *session* for one browser (a random secret in a cookie, also kept only as a hash); the code then no
  longer works.  Wrong codes are refused and repeated wrong codes are slowed (:class:`Throttle`).
* **Resumable**: every answer is kept here as it is given, so a reloaded or interrupted page comes back
  to the next unanswered question while the check-in has not expired.
* **Same scorer, flags and store** as clinician entry: a questionnaire is scored by
  :func:`iopkit.score` as soon as its last question is answered and saved to the record store as
  patient-reported (:class:`iopkit.store.Source`); the caseload reads its flags from the store.  The
  clinician reviews it and may amend it with a reason (:meth:`iopkit.store.Store.save` ``amends``).
* **Safety answers** (:func:`needs_staff_now`): an answer that by itself raises a flag calling for a
  same-day risk assessment (PHQ-9 item 9 above 0) shows the patient a calm message to speak with staff
  now, with the 988 Suicide & Crisis Lifeline, never a score (:data:`STAFF_NOW_MESSAGE`).  The caseload
  shows its flag at once, even before the questionnaire is complete (:meth:`CheckinBook.open_flags`);
  a check-in that ends with a questionnaire unfinished counts an unanswered safety question at its
  worst answer for the clinician (never alarming the patient) until a clinician reviews it.  A check-in
  whose patient gave a safety answer, saved or not, is closed with the overall risk level and what was
  done (:meth:`CheckinBook.review`); a saved questionnaire's safety flag is closed in the patient's chart by the
  same review (a flag is closed once, whichever closes it first; a later closing at a higher level is recorded as a
  re-assessment; a review at the chart's level or lower is a note there, never its level).

The check-ins themselves (codes, answers in progress) are working state, not clinical records: they
live in a small SQLite file of their own next to the store (:func:`book_path`), readable by its owner
only, and answers are dropped from it once saved to the store.  Every state a check-in is saved in (its answers,
its safety review: risk level, action, reviewer) is chained in the book like the store's rows
(:mod:`iopkit.store.chain`), so a change made around iopkit is reported by ``iopkit verify``
(:meth:`CheckinBook.verify`).

Examples
--------
>>> import datetime as dt, pathlib, tempfile
>>> from iopkit.store import Store
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> store = Store(folder / "clinic.sqlite"); pid = store.add_patient("IOP-7")
>>> book = CheckinBook(folder / "checkins.sqlite")
>>> now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
>>> ticket = book.start(store, pid, ["phq9"], by="KM", now=now)
>>> session = book.redeem(ticket.code, now=now)
>>> for number in range(1, 10):
...     c = book.answer(session.checkin.id, "phq9", number, 1 if number == 9 else 0, now=now)
>>> saved = book.save_complete(store, session.checkin.id, now=now)
>>> record = store.record(saved[0]); str(record.source), record.item.total, [f.code for f in record.item.flags]
('patient', 1, ['suicidal_ideation'])
>>> book.get(session.checkin.id).staff_now, book.get(session.checkin.id).status.value
(True, 'done')
>>> book.redeem(ticket.code, now=now)
Traceback (most recent call last):
...
iopkit.checkin.CheckinRefused: this code is not valid (wrong, already used or expired); ask a member of staff
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .entry import clinical_day, local_time
from .episode import Episode, OpenFlag, SavedSince, saved_since
from .errors import IncompleteResponseError, InvalidAnswerError, IopkitError, StoreError
from .flags import (  # RiskLevel, ACTION_LETTERS and triage_reminder: re-exported, one name per concept
    ACTION_ALLOWED,
    ACTION_LETTERS,
    LATER_ASSESSMENT,
    RISK_LEVELS,
    SUICIDE_RISK_CALLS,
    Flag,
    RiskLevel,
    says_what_was_done,
    triage_reminder,
)

if TYPE_CHECKING:
    from .store import chain

__all__ = [
    "ACTION_LETTERS",
    "CODE_ALPHABET",
    "DEFAULT_EXPIRY",
    "NEW_ANSWERS",
    "REVIEW_SOURCE",
    "SELF_REPORT",
    "STAFF_NOW_MESSAGE",
    "WEEKLY_SET",
    "ChainedBook",
    "ChartReadAgain",
    "Checkin",
    "CheckinAnswersChanged",
    "CheckinBook",
    "CheckinFlag",
    "CheckinRefused",
    "Question",
    "RiskLevel",
    "Session",
    "Status",
    "Throttle",
    "Ticket",
    "book_of",
    "book_path",
    "chain_book",
    "client_key",
    "closed_book_notice",
    "needs_staff_now",
    "next_question",
    "normalise_code",
    "progress",
    "read_again",
    "this_weeks_set",
    "triage_reminder",
    "unfinished_flags",
    "with_checkin_flags",
    "with_open_checkins",
]

#: How long a code (and the check-in it opens) stays valid unless the clinician says otherwise.
DEFAULT_EXPIRY = dt.timedelta(minutes=30)
#: Letters and digits a patient cannot mistake for one another (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
#: Instruments a patient may answer alone on the check-in page: self-report forms whose patient wording is the
#: published form's own (:mod:`iopkit.instruments.translations`); clinician-rated scales (CIWA-Ar, COWS, DSM-5
#: criteria) never.  Not the C-SSRS screener: iopkit's definition paraphrases the Columbia questions and its
#: licence terms are unconfirmed, and a validated instrument is never shown to a patient in other words; staff
#: ask it (Intake & measures) when PHQ-9 item 9 calls for a risk assessment.  iopkit's own rule: review it locally.
SELF_REPORT = ("phq9", "gad7", "phq2", "gad2")
#: The programme's schedule of self-report measures, instrument -> days between administrations
#: (iopkit's own rule: weekly PHQ-9 and GAD-7 in measurement-based care; review it locally).
WEEKLY_SET = {"phq9": 7, "gad7": 7}
#: What the patient sees after a safety answer: calm, what to do now, never a score.
STAFF_NOW_MESSAGE = (
    "Thank you for telling us. Please speak with a member of staff now: let the front desk know, "
    "or show them this screen. If you are thinking about hurting yourself and you are not here with "
    "us, call or text 988 (the Suicide & Crisis Lifeline) at any time. If you are in immediate danger, call 911."
)
# A flag calling for a suicide risk assessment or an emergency evaluation (iopkit.flags.SUICIDE_RISK_CALLS) is a
# safety flag: it sends the patient to staff now, and closing it (CheckinBook.review) records the risk level and
# what was done.

#: Bibliography keys of the review rule: a positive suicide screen gets a risk assessment whose overall level of
#: risk and plan are documented (Joint Commission NPSG 15.01.01); the levels are Columbia's triage levels.
REVIEW_SOURCE = "joint_commission_npsg15; cssrs_screener_triage"
#: Said when a check-in's safety answers changed after its overall risk level was chosen: the level is judged from
#: all the information at hand (C-SSRS screener triage, Posner et al. 2011; physician reviews R14 S4, R15 M2).
NEW_ANSWERS = "New answers arrived on this check-in: read them, then choose the overall risk level again."
_EXAMPLE_ACTION = "C-SSRS full assessment: low risk; safety plan agreed"
_ACTION_ALLOWED = f"{ACTION_ALLOWED}, e.g. {_EXAMPLE_ACTION!r}"
_NAME_OF_BOOK = "checkins.sqlite"
#: Raised instead of staying silent when a kept answer cannot be scored (answers are checked as they are given).
_REFUSED_ANSWER = Flag(
    "unreadable_check_in_answer",
    "A check-in answer could not be scored",
    "critical",
    "Go through the questionnaire with the patient today",
    "iopkit",
    calls_for="risk_assessment",
)
#: A safety answer the book knows was given (``staff_now``) when it no longer knows which flag it raised (a
#: questionnaire saved by an iopkit that did not yet keep its saved safety flags): never closed without a risk level.
_SAFETY_ANSWER = Flag(
    "safety_answer_given",
    "A safety answer was given on this check-in (the patient was asked to speak with staff now)",
    "critical",
    "Complete a suicide risk assessment (e.g. C-SSRS) and record the overall risk level and what was done",
    "joint_commission_npsg15",
    calls_for="risk_assessment",
)
_ALL = "\0all clients"  # the throttle's global count (no client address contains a NUL)


class CheckinRefused(StoreError):
    """A check-in code or session that opens nothing (wrong, used, expired, withdrawn), or an answer out of turn."""


class CheckinAnswersChanged(CheckinRefused):
    """A check-in's overall risk level refused because a safety answer of it arrived or changed after the reading the
    level was chosen on (:data:`NEW_ANSWERS`; :meth:`CheckinBook.review` with ``seen``): read the answers, then choose
    the level again (physician review R15, M2).

    Parameters
    ----------
    *args : object
        The message, :data:`NEW_ANSWERS`.
    checkin_id : int, default 0
        The check-in whose answers changed (0: not said, as when the error is copied to another process).
    changed : iterable of (str, int)
        Each safety question whose answer is new, changed or withdrawn since that reading, or whose questionnaire was
        saved since (its answer then read from its record), as (instrument code, item number), in order; empty when
        only the book's note that a safety answer was given (``staff_now``) changed.
    **fields
        ``item`` (``"risk_level"``), ``value`` (the level given) and ``allowed`` (the levels), as every
        :class:`~iopkit.errors.IopkitError`.

    Examples
    --------
    >>> refused = CheckinAnswersChanged(NEW_ANSWERS, checkin_id=7, changed=[("phq9", 9)], item="risk_level")
    >>> isinstance(refused, CheckinRefused), refused.checkin_id, refused.changed
    (True, 7, (('phq9', 9),))
    """

    def __init__(
        self, *args: object, checkin_id: int = 0, changed: Iterable[tuple[str, int]] = (), **fields: Any
    ) -> None:
        super().__init__(*args, **fields)
        self.checkin_id = checkin_id
        self.changed = tuple(changed)


class Status(StrEnum):
    """Where a check-in stands: code issued, being answered, every measure saved, expired, cancelled."""

    WAITING = "waiting"
    OPEN = "open"
    DONE = "done"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


def _now(now: dt.datetime | None) -> dt.datetime:
    now = now or dt.datetime.now(dt.UTC)
    if now.tzinfo is None:
        raise StoreError(f"a check-in time must carry its time zone (got {now!r})", item="now", value=str(now))
    return now.astimezone(dt.UTC)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalise_code(text: str) -> str:
    """The code as kept (hashed): upper case, spaces and dashes dropped.

    Parameters
    ----------
    text : str
        The code as typed (any case, with spaces or dashes); anything else is turned into text first.

    Returns
    -------
    str
        The letters and digits of ``text``, upper case.

    Examples
    --------
    >>> normalise_code(" abcd-efgh ")
    'ABCDEFGH'
    """
    return "".join(ch for ch in str(text).upper() if ch.isalnum())


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def shown_code(code: str) -> str:
    """``ABCDEFGH`` as ``ABCD-EFGH`` (easier to read aloud and type)."""
    return f"{code[:4]}-{code[4:]}"


@dataclass(frozen=True)
class Checkin:
    """One check-in: which patient, which measures, who started it, when it expires, answers so far.

    ``answers`` maps instrument -> {item number: answer code} of the measures not yet saved; ``saved`` maps
    instrument -> the record id in the store once scored and saved; ``staff_now`` is True once a safety answer
    was given; ``reviewed_at``/``reviewed_by``: when and by whom a clinician closed its unfinished answers
    (:meth:`CheckinBook.review`), with ``risk_level`` and ``action`` when a safety flag was open then;
    ``saved_safety`` maps instrument -> the safety flags its saved questionnaire raised (the record's own flags
    calling for a risk assessment or an emergency evaluation, kept here so that closing the check-in asks for
    the risk level even once its answers have left the book).

    Parameters
    ----------
    id : int
        The check-in's id in the check-in book.
    patient_id : int
        The store id of the patient checking in.
    measures : tuple of str
        The instrument codes to ask, in the order they are asked.
    started_by : str
        Who issued the code (the clinician's initials or hub name).
    created_at, expires_at : datetime.datetime
        When the code was issued, and when it (and the check-in) stops being valid (UTC).
    redeemed_at, finished_at, cancelled_at : datetime.datetime or None, default None
        When the code was redeemed, every measure saved, or the check-in cancelled; None until then.
    answers : mapping of str to (mapping of int to int), default {}
        Instrument -> {item number: answer code} of the measures not yet saved.
    saved : mapping of str to int, default {}
        Instrument -> the id of its record in the store once scored and saved.
    staff_now : bool, default False
        True once an answer called for staff now (:func:`needs_staff_now`).
    reviewed_at : datetime.datetime or None, default None
        When a clinician closed its unfinished answers.
    reviewed_by : str or None, default None
        Who closed them.
    risk_level : RiskLevel or None, default None
        The overall level of suicide risk the clinician's assessment found (required when a safety flag was open).
    action : str or None, default None
        What was done, e.g. "C-SSRS full assessment: low risk; safety plan agreed" (required with ``risk_level``).
    saved_safety : mapping of str to tuple of Flag, default {}
        Instrument -> the safety flags of its saved questionnaire (none for a questionnaire without one).
    cancelled_by : str or None, default None
        Who withdrew it, when named (:meth:`CheckinBook.cancel`).
    """

    id: int
    patient_id: int
    measures: tuple[str, ...]
    started_by: str
    created_at: dt.datetime
    expires_at: dt.datetime
    redeemed_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    cancelled_at: dt.datetime | None = None
    answers: Mapping[str, Mapping[int, int]] = field(default_factory=dict)
    saved: Mapping[str, int] = field(default_factory=dict)
    staff_now: bool = False
    reviewed_at: dt.datetime | None = None
    reviewed_by: str | None = None
    risk_level: RiskLevel | None = None
    action: str | None = None
    saved_safety: Mapping[str, tuple[Flag, ...]] = field(default_factory=dict)
    cancelled_by: str | None = None

    def status_at(self, now: dt.datetime | None = None) -> Status:
        """The status at ``now`` (default: the current time).

        Parameters
        ----------
        now : datetime.datetime, optional
            The time, with its zone; default the current time.

        Returns
        -------
        Status
            Cancelled, done, expired, waiting (code not redeemed yet) or open, the first that applies.

        Raises
        ------
        StoreError
            ``now`` carries no time zone.
        """
        if self.cancelled_at is not None:
            return Status.CANCELLED
        if self.finished_at is not None:
            return Status.DONE
        if _now(now) >= self.expires_at:
            return Status.EXPIRED
        return Status.WAITING if self.redeemed_at is None else Status.OPEN

    @property
    def status(self) -> Status:
        return self.status_at()

    @property
    def pending(self) -> tuple[str, ...]:
        """Measures not yet saved, in the order they are asked."""
        return tuple(m for m in self.measures if m not in self.saved)

    def raised_safety_flags(self, now: dt.datetime | None = None) -> tuple[CheckinFlag, ...]:
        """The safety flags this check-in raised at ``now``, open or since closed by a review.

        The flags :meth:`CheckinBook.safety_flags` lists while the check-in is not reviewed (a saved
        questionnaire's, an unfinished one's, an unanswered safety question counted at its worst once the
        check-in is over, or ``staff_now`` alone); still listed once it is reviewed, so that a check-in closed
        without a risk level (by an older iopkit) is never shown as reviewed in silence.

        Parameters
        ----------
        now : datetime.datetime, optional
            The time, with its zone; default the current time.

        Returns
        -------
        tuple of CheckinFlag
            Its safety flags, those of saved questionnaires first; empty when it raised none.

        Raises
        ------
        StoreError
            ``now`` carries no time zone.
        UnknownInstrumentError
            The check-in names an instrument this iopkit no longer knows.
        """
        return _raised_safety_flags(self, _now(now))

    def safety_answers_changed(self, since: Checkin) -> bool:
        """True when this reading of the check-in has a safety answer that ``since``, an earlier reading of it, had
        not: what clears an overall risk level chosen on the earlier reading (physician review R14, S4).

        A safety answer is an answer to a question that a flag calling for a suicide risk assessment or an
        emergency evaluation reads (PHQ-9 item 9; every question of a questionnaire whose such flag reads its
        total or band), given on a questionnaire not saved yet; a questionnaire saved since (its answers then
        leave the book for its record, with its safety flags), and a safety answer noted by the book alone
        (``staff_now``), count too.  Any other answer, a withdrawal or a review changes nothing here.  The risk
        level is judged from all the information at hand (C-SSRS screener triage, Posner et al. 2011), so a
        level chosen before a new or changed safety answer was read must be chosen again.

        Parameters
        ----------
        since : Checkin
            The same check-in as read earlier (e.g. when its answers were shown).

        Returns
        -------
        bool
            True when a safety answer is new or different; False when they are the same.

        Raises
        ------
        CheckinRefused
            ``since`` is another check-in.
        UnknownInstrumentError
            The check-in names an instrument this iopkit no longer knows.
        """
        return bool(self.changed_safety_answers(since)) or self.staff_now != since.staff_now

    def changed_safety_answers(self, since: Checkin) -> tuple[tuple[str, int], ...]:
        """The safety questions whose answer is new, changed or withdrawn in this reading of the check-in since
        ``since``, an earlier reading of it, or whose questionnaire was saved since (what
        :meth:`safety_answers_changed` reads, question by question; :attr:`CheckinAnswersChanged.changed`).

        Parameters
        ----------
        since : Checkin
            An earlier reading of this check-in (the one a risk level was chosen on).

        Returns
        -------
        tuple of (str, int)
            (instrument code, item number) of each such question, in order; empty when none.

        Raises
        ------
        CheckinRefused
            ``since`` is a reading of another check-in.
        UnknownInstrumentError
            The check-in names an instrument this iopkit no longer knows.
        """
        if since.id != self.id:
            raise CheckinRefused(
                f"check-in {self.id} is compared with check-in {since.id}; only with an earlier reading of itself",
                item="since",
                value=since.id,
                allowed=(self.id,),
            )
        now, before = _safety_answers(self), _safety_answers(since)
        return tuple(sorted(key for key in now.keys() | before.keys() if now.get(key) != before.get(key)))


@dataclass(frozen=True)
class CheckinFlag(OpenFlag):
    """A flag of a check-in's answers not yet saved to the store (:meth:`CheckinBook.open_flags`), or a safety flag
    of a questionnaire the check-in saved (:meth:`CheckinBook.safety_flags`).

    Shown on the caseload with the saved assessments' open flags; ``record_id`` is 0 (no record yet) or, for a
    saved questionnaire, its record (the caseload reads that flag from the store, never from here), ``week``
    0.0, ``checkin_id`` the check-in to review, ``worst_case`` True when an unanswered safety question of a
    check-in that is over counts at its worst answer.

    Parameters
    ----------
    instrument : str
        The code of the questionnaire whose answers raise the flag.
    week : float
        Always 0.0.
    day : datetime.date
        The clinical day the check-in was started.
    record_id : int
        0 (no record yet), or the record of the saved questionnaire.
    flag : Flag
        The flag, its message saying it comes from a check-in.
    checkin_id : int, default 0
        The check-in to review.
    patient_id : int, default 0
        The store id of its patient.
    worst_case : bool, default False
        True when an unanswered safety question of a check-in that is over counts at its worst answer.
    begun : datetime.datetime or None, default None
        When the check-in's code was issued (UTC); None for a flag made without its check-in.
    """

    checkin_id: int = 0
    patient_id: int = 0
    worst_case: bool = False
    begun: dt.datetime | None = None

    @property
    def safety(self) -> bool:
        """True for a safety flag: one calling for a risk assessment or an emergency evaluation."""
        return self.flag.calls_for in SUICIDE_RISK_CALLS

    @property
    def named(self) -> str:
        """The questionnaire and the flag in a few words, e.g. "PHQ-9: suicidal ideation"."""
        return f"{_instrument(self.instrument).short_name}: {self.flag.code.replace('_', ' ')}"

    @classmethod
    def of(cls, checkin: Checkin, instrument: str, flag: Flag, worst_case: bool, *, record_id: int = 0) -> CheckinFlag:
        """The flag of one questionnaire of ``checkin``, its message saying where it comes from.

        Parameters
        ----------
        checkin : Checkin
            The check-in.
        instrument : str
            The code of the questionnaire.
        flag : Flag
            The flag its answers raise (:func:`unfinished_flags`, or the saved record's).
        worst_case : bool
            Whether unanswered safety questions were counted at their worst answer (the check-in is over).
        record_id : int, default 0
            0 for an unfinished questionnaire; the record of a saved one.

        Returns
        -------
        CheckinFlag
            The flag, its message naming the check-in as where it comes from; marked partial when unfinished.
        """
        from dataclasses import replace

        day = clinical_day(checkin.created_at)
        if record_id:
            shown = replace(flag, message=f"{flag.message} (patient check-in, questionnaire saved)")
            return cls(
                instrument, 0.0, day, record_id, shown, checkin.id, checkin.patient_id, worst_case, checkin.created_at
            )
        how = (
            "patient check-in stopped before the end: an unanswered safety question counts at its worst answer; "
            "ask the patient"
            if worst_case
            else "patient check-in, questionnaire not finished yet"
        )
        shown = replace(flag, message=f"{flag.message} ({how})", partial=True)
        return cls(instrument, 0.0, day, 0, shown, checkin.id, checkin.patient_id, worst_case, checkin.created_at)


def with_checkin_flags(episodes: Iterable, flags: Iterable[CheckinFlag]) -> list:
    """``episodes`` (:class:`iopkit.episode.Episode`) with each patient's check-in flags added to its open flags.

    Parameters
    ----------
    episodes : iterable of Episode
        The episodes of the caseload.
    flags : iterable of CheckinFlag
        The open flags of unfinished check-ins (:meth:`CheckinBook.open_flags`), of any patients.

    Returns
    -------
    list of Episode
        The episodes in the same order; those of a patient with check-in flags carry them after their own
        open flags, the others are returned unchanged.

    Examples
    --------
    >>> with_checkin_flags([], ())
    []
    """
    from dataclasses import replace

    by_patient: dict[int, list[CheckinFlag]] = {}
    for f in flags:
        by_patient.setdefault(f.patient_id, []).append(f)
    return [
        replace(e, open_flags=(*e.open_flags, *by_patient[e.patient.id])) if e.patient.id in by_patient else e
        for e in episodes
    ]


def with_open_checkins(store, episode: Episode, now: dt.datetime | None = None) -> Episode:
    """``episode`` with the safety flags of its patient's check-in answers not yet saved (``checkin_flags``).

    What every page of the patient's chart shows beside the saved assessments' open flags: a safety answer the
    patient just gave on the tablet, or one a check-in left unanswered when it ended (:meth:`CheckinBook.open_flags`).
    One small read of the store's check-in book (:func:`book_of`); none when no check-in was ever started there.

    Parameters
    ----------
    store : Store
        The record store the episode was read from (its check-in book is next to it).
    episode : Episode
        The patient's episode (:meth:`iopkit.episode.Episode.from_store`).
    now : datetime.datetime, optional
        When it is looked at (default: now): decides whether a check-in is still in progress.

    Returns
    -------
    Episode
        ``episode`` with :attr:`~iopkit.episode.Episode.checkin_flags` set (its other fields unchanged).

    Examples
    --------
    >>> import datetime as dt, pathlib, tempfile
    >>> from iopkit.episode import Episode
    >>> from iopkit.store import Store
    >>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "clinic.sqlite"); pid = store.add_patient("IOP-8")
    >>> now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    >>> with CheckinBook(book_of(store)) as book:
    ...     ticket = book.start(store, pid, ["phq9"], by="KM", now=now)
    ...     session = book.redeem(ticket.code, now=now)
    ...     _ = book.answer(session.checkin.id, "phq9", 9, 1, now=now)
    >>> episode = with_open_checkins(store, Episode.from_store(store, pid), now=now)
    >>> [f.flag.code for f in episode.checkin_flags], episode.open_flags
    (['suicidal_ideation'], ())
    """
    path = book_of(store)
    if not path.exists():
        return episode.with_checkin_flags(())
    with CheckinBook(path) as book:
        return episode.with_checkin_flags(book.open_flags(now, patient_id=episode.patient.id))


def closed_book_notice(error: BaseException) -> str:
    """What the caseload says in red when its check-in book cannot be opened: the book is closed, what the caseload
    then lacks, and (the refusal's own words) what the operator must do.

    A book :class:`CheckinBook` refuses (check-ins without a chain of states: ``iopkit chain BOOK`` once an operator
    has checked it, else a backup; loose permissions) or cannot read is never taken for "no check-ins": the caseload
    still lists every patient from the store, shows nothing from the book, and says so, as a safety answer given on
    a check-in is then missing from it (iopkit's own rule).

    Parameters
    ----------
    error : BaseException
        Why the book could not be opened (:class:`~iopkit.errors.StoreError`, :class:`OSError` or
        :class:`sqlite3.Error`).

    Returns
    -------
    str
        The notice, ending with ``error``'s own words.

    Examples
    --------
    >>> print(closed_book_notice(StoreError("no check-in book at /srv/c.sqlite")))  # doctest: +NORMALIZE_WHITESPACE
    The check-in book is closed: this caseload shows no check-in, so a safety answer a patient gave on a check-in is
    missing here (ask the patient), and no check-in can be started or reviewed until an operator opens the book
    again. For the operator: no check-in book at /srv/c.sqlite
    """
    return (
        "The check-in book is closed: this caseload shows no check-in, so a safety answer a patient gave on a check-in "
        "is missing here (ask the patient), and no check-in can be started or reviewed until an operator opens the "
        f"book again. For the operator: {error}"
    )


@dataclass(frozen=True)
class ChartReadAgain:
    """A patient's chart read again before a save (:func:`read_again`): the episode now, and what is new on it.

    Parameters
    ----------
    episode : Episode
        The episode as the store and the check-in book hold it now (its check-in flags read).
    new : tuple of SavedSince
        The records saved since the page's read, then the check-in safety flags not on the page's episode; empty
        when the page's chart is still the chart.
    """

    episode: Episode
    new: tuple[SavedSince, ...] = ()


def read_again(store, episode: Episode, now: dt.datetime | None = None) -> ChartReadAgain:
    """Read ``episode``'s patient again and say what was saved since ``episode`` was read.

    What a page that saves on a chart read earlier asks before saving (physician review R7, S7: a placement page kept
    open all day must not save on the morning's chart): every record saved after the episode was read
    (:func:`iopkit.episode.saved_since`, by record id, which only grows), and every safety flag of the patient's
    check-in answers not saved yet (:func:`with_open_checkins`) that the page's episode did not show.

    Parameters
    ----------
    store : Store
        The record store the episode was read from (its check-in book is next to it).
    episode : Episode
        The episode as the page read it (:meth:`iopkit.episode.Episode.from_store`, with its check-in flags).
    now : datetime.datetime, optional
        When it is looked at (default: now): decides whether a check-in is still in progress.

    Returns
    -------
    ChartReadAgain
        The episode now and what is new on it.

    Raises
    ------
    StoreError
        The store cannot be read.
    OSError, sqlite3.Error
        The check-in book cannot be read (nothing may be taken as "no new check-in answer").
    """
    # the chart first, then what is new: a record saved between the two reads is said (and is on the fresh chart
    # or the next one), never missed
    fresh = with_open_checkins(store, Episode.from_store(store, episode.patient), now)
    new = saved_since(store, episode)

    def key(f: OpenFlag) -> tuple:
        return (getattr(f, "checkin_id", 0), f.instrument, f.flag.code, getattr(f, "worst_case", False))

    shown = {key(f) for f in episode.checkin_flags}
    answers = tuple(
        SavedSince(f.named, f.begun or _now(now))
        for f in fresh.checkin_flags
        if isinstance(f, CheckinFlag) and key(f) not in shown
    )
    return ChartReadAgain(fresh, new + answers)


@dataclass(frozen=True)
class Ticket:
    """What the clinician gets: the check-in and its one-time code (shown once, never stored).

    Parameters
    ----------
    checkin : Checkin
        The check-in the code opens.
    code : str
        The one-time code (normalised, without its dash; ``shown`` gives it as ``ABCD-EFGH``).
    """

    checkin: Checkin
    code: str

    @property
    def shown(self) -> str:
        return shown_code(self.code)

    def link(self, base: str = "") -> str:
        """The check-in page's address carrying the code.

        Parameters
        ----------
        base : str, default ""
            The server's address (e.g. ``http://host:8866``); empty gives a path on the same server.

        Returns
        -------
        str
            ``<base>/checkin?code=ABCD-EFGH``.
        """
        return f"{base.rstrip('/')}/checkin?code={self.shown}"


@dataclass(frozen=True)
class Session:
    """A redeemed code: the check-in it opened and the browser's secret (kept only as a hash).

    Parameters
    ----------
    checkin : Checkin
        The check-in the code opened.
    secret : str
        The browser's session secret, which the book keeps only as its hash.
    """

    checkin: Checkin
    secret: str


@dataclass(frozen=True)
class Question:
    """The next question to ask: the instrument, item, and where it stands in the check-in.

    Parameters
    ----------
    instrument : str
        The code of the instrument asked.
    item : int
        The item number within that instrument.
    index : int
        Its 1-based position among all the check-in's questions to ask (those answered, then those to come).
    total : int
        How many questions the check-in asks in all.
    """

    instrument: str
    item: int
    index: int  # 1-based position among every question still to come plus those answered
    total: int


def book_path(environ: Mapping[str, str] | None = None) -> Path:
    """Where check-ins are kept: ``$IOPKIT_CHECKINS``, else next to the SQLite store (``$IOPKIT_DB``, or the demo at
    ``$IOPKIT_DEMO_DB``, or the default store) as ``<store name>.checkins.sqlite``, else (a PostgreSQL store) in the
    per-user data folder.

    Parameters
    ----------
    environ : mapping of str to str, optional
        The environment to read; None (the default) reads this process's environment.

    Returns
    -------
    pathlib.Path
        The check-in book's file (which may not exist yet).

    Examples
    --------
    >>> str(book_path({"IOPKIT_DB": "/srv/clinic.sqlite"}))
    '/srv/clinic.checkins.sqlite'
    """
    from .store.schema import default_path, is_postgres, sqlite_path

    environ = os.environ if environ is None else environ
    if environ.get("IOPKIT_CHECKINS"):
        return Path(environ["IOPKIT_CHECKINS"]).expanduser()
    db = environ.get("IOPKIT_DB") or environ.get("IOPKIT_DEMO_DB") or ""
    if is_postgres(db):
        data_home = environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
        return Path(data_home).expanduser() / "iopkit" / _NAME_OF_BOOK
    store = sqlite_path(db) if db else default_path()
    return store.with_name(store.stem + "." + _NAME_OF_BOOK)


def book_of(store) -> Path:
    """Where the check-ins of ``store`` are kept: next to its file (SQLite), else :func:`book_path`.

    ``$IOPKIT_CHECKINS``, when set, wins over the store's own place.

    Parameters
    ----------
    store : Store
        The clinic's open store (a SQLite file or PostgreSQL).

    Returns
    -------
    pathlib.Path
        ``<store name>.checkins.sqlite`` next to a SQLite store's file, else :func:`book_path`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from iopkit.store import Store
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> book_of(Store(folder / "clinic.sqlite")) == folder / "clinic.checkins.sqlite"
    True
    """
    if os.environ.get("IOPKIT_CHECKINS") or not isinstance(getattr(store, "path", None), Path):
        return book_path()
    return store.path.with_name(store.path.stem + "." + _NAME_OF_BOOK)


_SCHEMA = """CREATE TABLE IF NOT EXISTS checkins (
    id INTEGER PRIMARY KEY,
    patient_id INTEGER NOT NULL,
    measures TEXT NOT NULL,
    started_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    code_hash TEXT NOT NULL UNIQUE,
    session_hash TEXT UNIQUE,
    redeemed_at TEXT,
    finished_at TEXT,
    cancelled_at TEXT,
    answers TEXT NOT NULL DEFAULT '{}',
    saved TEXT NOT NULL DEFAULT '{}',
    staff_now INTEGER NOT NULL DEFAULT 0,
    reviewed_at TEXT,
    reviewed_by TEXT,
    risk_level TEXT,
    action TEXT,
    saved_safety TEXT NOT NULL DEFAULT '{}',
    cancelled_by TEXT)"""
#: Columns added after the first books were written: added to an older book when it is opened (its rows kept,
#: the new columns empty).
_ADDED = (
    ("reviewed_at", "TEXT"),
    ("reviewed_by", "TEXT"),
    ("risk_level", "TEXT"),
    ("action", "TEXT"),
    ("saved_safety", "TEXT NOT NULL DEFAULT '{}'"),
    ("cancelled_by", "TEXT"),
)
#: The rows whose check-in may carry a flag: answers not saved, a safety answer given, or a saved questionnaire's
#: safety flags kept (the rest is read in Python: :meth:`CheckinBook.live`, :meth:`CheckinBook.to_review`).
_MAY_FLAG = "(staff_now = 1 OR answers != '{}' OR saved_safety != '{}')"
_COLUMNS = (
    "id, patient_id, measures, started_by, created_at, expires_at, redeemed_at, finished_at, cancelled_at, "
    "answers, saved, staff_now, reviewed_at, reviewed_by, risk_level, action, saved_safety, cancelled_by"
)


#: Every column of a check-in, as its state is chained (``checkin_states``, :meth:`CheckinBook.verify`).
_STATE_COLUMNS = (
    "id",
    "patient_id",
    "measures",
    "started_by",
    "created_at",
    "expires_at",
    "code_hash",
    "session_hash",
    "redeemed_at",
    "finished_at",
    "cancelled_at",
    "answers",
    "saved",
    "staff_now",
    "reviewed_at",
    "reviewed_by",
    "risk_level",
    "action",
    "saved_safety",
    "cancelled_by",
)
_STATES = """CREATE TABLE checkin_states (
    id INTEGER PRIMARY KEY, checkin_id INTEGER NOT NULL, state TEXT NOT NULL, hash TEXT NOT NULL)"""
_STATES_GUARDS = tuple(
    f"CREATE TRIGGER checkin_states_no_{verb} BEFORE {verb.upper()} ON checkin_states "
    "BEGIN SELECT RAISE(ABORT, 'check-in states are append-only'); END"
    for verb in ("update", "delete")
)


def _append_state(row: str) -> str:
    """The statement chaining the state of the check-in ``row`` (``NEW`` in a trigger, ``c`` over ``checkins c``)."""
    state = "json_object(" + ", ".join(f"'{column}', {row}.{column}" for column in _STATE_COLUMNS) + ")"
    previous = "(SELECT hash FROM checkin_states ORDER BY id DESC LIMIT 1)"
    return (
        f"INSERT INTO checkin_states (checkin_id, state, hash) "
        f"SELECT {row}.id, {state}, iopkit_book_link({row}.id, {state}, {previous})"
    )


def _book_link(checkin_id: int, state: str, previous: str | None) -> str:
    from .store.chain import GENESIS, row_hash

    return row_hash("checkin_states", {"checkin_id": checkin_id, "state": state}, previous or GENESIS)


def _time(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


def _instrument(code: str):
    from .instruments import get

    return get(code)


class CheckinBook:
    """The check-ins of one clinic: a small SQLite file shared by the server and the dashboards.

    Parameters
    ----------
    path : str or Path, optional
        The file (created readable by its owner only); default :func:`book_path`.
    read_only : bool, optional
        Open an existing book for reading only (what :func:`iopkit.audit.verify_store_and_book` checks): nothing is
        created, added or chained, so a check never seals what it is checking (a book whose chain was removed is
        reported, not chained again). Default False.
    chain_rows : bool, optional
        Chain the check-ins of a book that holds some but has no chain of states, as they stand now (what
        :func:`chain_book`, ``iopkit chain``, does once an operator has checked the book); pages and the
        check-in server never do.  Default False: such a book is refused.

    Raises
    ------
    StoreError
        The file (or its ``-wal``/``-shm``) may be read or written by the group or others (the store's rule,
        :func:`iopkit.store.files.refuse_loose`), or it cannot be created (read-only: it is not there, or cannot be
        read); or (not read-only, without ``chain_rows``) it holds check-ins but no chain of states: written before
        iopkit chained check-ins, or its chain removed around iopkit, perhaps after its rows were changed (security
        review F2).  Chaining it then would seal whatever the rows now say, so nothing is opened or changed.
    """

    def __init__(
        self, path: str | os.PathLike | None = None, *, read_only: bool = False, chain_rows: bool = False
    ) -> None:
        from .store.files import create_private, read_only_uri, refuse_loose

        self.path = Path(path) if path is not None else book_path()
        self.read_only = read_only
        self._lock = threading.RLock()
        if read_only:
            if not self.path.is_file():
                raise StoreError(f"no check-in book at {self.path}", item="path", value=str(self.path))
            refuse_loose(self.path)
            try:
                self._conn = sqlite3.connect(
                    read_only_uri(self.path), uri=True, timeout=10.0, isolation_level=None, check_same_thread=False
                )
                self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.Error as error:
                raise StoreError(
                    f"the check-in book {self.path} cannot be read: {error}", item="path", value=str(self.path)
                ) from error
            return
        # The store's own rules: created owner-only (0600 in a 0700 folder) whatever the umask, and a book the group
        # or others may read or write is refused (it holds answers, and its rows decide who gets a patient session).
        create_private(self.path)
        refuse_loose(self.path)
        self._conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None, check_same_thread=False)
        try:
            if not chain_rows:  # before anything is written: a refused book is left byte for byte as it was
                self._refuse_unchained()
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute(_SCHEMA)
            have = {row[1] for row in self._conn.execute("PRAGMA table_info(checkins)")}
            for name, kind in _ADDED:
                if name not in have:
                    self._conn.execute(f"ALTER TABLE checkins ADD COLUMN {name} {kind}")
            self._chain(chain_rows)
        except BaseException:
            self._conn.close()
            raise

    def _refuse_unchained(self) -> None:
        """Refuse a book that holds check-ins but no chain of states (security review F2, see the class).

        Raises
        ------
        StoreError
            It does: the message says what is wrong and what the operator can do.
        """
        tables = {name for (name,) in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "checkin_states" in tables or "checkins" not in tables:
            return  # chained, or a new book: created and chained as it is
        held = self._conn.execute("SELECT count(*) FROM checkins").fetchone()[0]
        if held:
            raise StoreError(
                f"the check-in book {self.path} holds {held} check-in(s) but no chain of states: either it was "
                "written before iopkit chained check-ins, or its chain was removed around iopkit (perhaps after its "
                "rows were changed). Nothing was opened or changed. An operator who has checked the book can chain "
                f"its check-ins as they stand with `iopkit chain {self.path}` (it prints the new head to keep "
                "for `iopkit verify --anchor`); otherwise restore the book from a backup",
                item="checkin_states",
                value=str(self.path),
                allowed="a check-in book with its chain of states (or a new, empty one)",
            )

    def _chain(self, chain_rows: bool = False) -> None:
        """Chain every state a check-in is saved in, through this connection (security review F2).

        The triggers are this connection's own (``TEMP``): a write made around iopkit is not chained, so
        :meth:`verify` reports it.  A new book gets its chain when it is created; a book holding check-ins without a
        chain has their current states chained only with ``chain_rows`` (:func:`chain_book`), else it is refused.
        """
        self._conn.create_function("iopkit_book_link", 3, _book_link, deterministic=True)
        with self._lock:
            with self._immediate():
                new = not self._has_chain()
                if new and not chain_rows:
                    self._refuse_unchained()  # again, in the transaction: rows written since the first look
                if new:
                    for statement in (_STATES, *_STATES_GUARDS):
                        self._conn.execute(statement)
                    for (checkin_id,) in self._conn.execute("SELECT id FROM checkins ORDER BY id").fetchall():
                        self._conn.execute(_append_state("c") + " FROM checkins c WHERE c.id = ?", (checkin_id,))
            for verb in ("insert", "update"):
                self._conn.execute(
                    f"CREATE TEMP TRIGGER IF NOT EXISTS checkin_chained_{verb} AFTER {verb.upper()} ON main.checkins "
                    f"BEGIN {_append_state('NEW')}; END"
                )

    @contextmanager
    def _immediate(self) -> Iterator[None]:
        """One write transaction on the book (``BEGIN IMMEDIATE``): what is read in it is what it writes on, as no
        other connection (another dashboard, the check-in server) can write the book until it ends; committed at the
        end, rolled back (nothing written, nothing chained) when anything in it raises."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    def _has_chain(self) -> bool:
        """Whether the book has its chain of states (only a book opened read-only can lack it)."""
        with self._lock:
            found = self._conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'checkin_states'").fetchone()
        return found is not None

    def __len__(self) -> int:
        """How many check-ins the book holds."""
        with self._lock:
            return self._conn.execute("SELECT count(*) FROM checkins").fetchone()[0]

    def head(self) -> str | None:
        """The newest state of the book's chain as ``"checkin_states:id:hash"`` (None for an empty book).

        Kept elsewhere and passed back to :meth:`verify` (or ``iopkit verify --anchor``), it makes the removal of the
        newest states visible, which the chain alone cannot show.

        Returns
        -------
        str or None
            The anchor of the newest state.
        """
        with self._lock:
            if not self._has_chain():
                return None  # a book opened read-only that has no chain: verify says so
            last = self._conn.execute("SELECT id, hash FROM checkin_states ORDER BY id DESC LIMIT 1").fetchone()
        return None if last is None else f"checkin_states:{last[0]}:{last[1]}"

    def verify(self, anchors: tuple[str, ...] = ()) -> tuple[chain.Problem, ...]:
        """Check that every check-in is as iopkit last saved it: its answers, review and status (F2).

        Parameters
        ----------
        anchors : tuple of str, optional
            Heads of the book kept from an earlier verify (:meth:`head`, ``"checkin_states:id:hash"``): a state they
            name that was rewritten or removed is reported too.

        Returns
        -------
        tuple of iopkit.store.chain.Problem
            Empty when the book is whole; else the breaks of its chain of states, each check-in
            (``"check-ins"``) whose row was changed, added or removed around iopkit, and each anchor not matched.
        """
        from .store import chain
        from .store.chain import Problem

        with self._lock:
            if not self._has_chain():
                # only a book opened read-only can lack it (any other open refuses the book): never sealed here
                return (
                    Problem(
                        "check-ins",
                        (),
                        chain.Break.UNSEALED,
                        "the book has no chain of states: either it was written before iopkit chained check-ins, or "
                        "its chain was removed around iopkit; pages and the check-in server refuse it until an "
                        f"operator who has checked it runs `iopkit chain {self.path}` (or restores a backup)",
                    ),
                )
            states = self._conn.execute("SELECT id, hash, checkin_id, state FROM checkin_states ORDER BY id").fetchall()
            rows = self._conn.execute(f"SELECT {', '.join(_STATE_COLUMNS)} FROM checkins ORDER BY id").fetchall()
            anchored = [p for anchor in anchors for p in chain.check_anchor(self._conn, anchor, ("checkin_states",))]
        problems = chain.check("checkin_states", states)
        latest = {checkin_id: state for _, _, checkin_id, state in states}
        for row in rows:
            current = dict(zip(_STATE_COLUMNS, row))
            saved = latest.pop(current["id"], None)
            if saved is None:
                problems.append(
                    Problem("check-ins", (current["id"],), chain.Break.UNSEALED, "added around iopkit: never chained")
                )
                continue
            try:
                last = json.loads(saved)
            except ValueError:
                last = {}
            changed = [column for column in _STATE_COLUMNS if column not in last or last[column] != current[column]]
            if changed:
                problems.append(
                    Problem(
                        "check-ins",
                        (current["id"],),
                        chain.Break.ALTERED,
                        f"changed around iopkit since it was last saved ({', '.join(changed)})",
                    )
                )
        problems += [
            Problem("check-ins", (checkin_id,), chain.Break.GAP, "removed after it was saved")
            for checkin_id in sorted(latest)
        ]
        return tuple(problems + anchored)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> CheckinBook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _write(self, sql: str, parameters: tuple = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._conn.execute(sql, parameters)

    def _one(self, where: str, parameters: tuple) -> Checkin | None:
        with self._lock:
            row = self._conn.execute(f"SELECT {_COLUMNS} FROM checkins WHERE {where}", parameters).fetchone()
        return None if row is None else self._checkin(row)

    @staticmethod
    def _checkin(row: tuple) -> Checkin:
        (
            i,
            pid,
            measures,
            by,
            created,
            expires,
            redeemed,
            finished,
            cancelled,
            answers,
            saved,
            staff,
            reviewed,
            reviewer,
            risk_level,
            action,
            saved_safety,
            cancelled_by,
        ) = row
        answers_read = {code: {int(n): a for n, a in items.items()} for code, items in json.loads(answers).items()}
        safety_read = {code: tuple(map(Flag.from_dict, flags)) for code, flags in json.loads(saved_safety).items()}
        return Checkin(
            i,
            pid,
            tuple(json.loads(measures)),
            by,
            _time(created),  # type: ignore[arg-type]
            _time(expires),  # type: ignore[arg-type]
            _time(redeemed),
            _time(finished),
            _time(cancelled),
            answers_read,
            json.loads(saved),
            bool(staff),
            _time(reviewed),
            reviewer,
            None if risk_level is None else RiskLevel(risk_level),
            action,
            safety_read,
            cancelled_by,
        )

    # --- the clinician's side ---------------------------------------------------------------------
    def start(
        self,
        store,
        patient_id: int,
        measures: Iterable[str],
        *,
        by: str,
        now: dt.datetime | None = None,
        expires_in: dt.timedelta = DEFAULT_EXPIRY,
    ) -> Ticket:
        """Start a check-in for a patient of ``store`` with ``measures`` (instrument codes) and return its code.

        Parameters
        ----------
        store : Store
            The clinic's open store, where the patient is.
        patient_id : int
            The patient's id in ``store``.
        measures : iterable of str
            The instruments to ask, in order (repeats are dropped); each a self-report form (:data:`SELF_REPORT`).
        by : str
            The clinician starting it.
        now : datetime.datetime, optional
            The time, with its zone; default the current time.
        expires_in : datetime.timedelta, default 30 minutes
            How long the code (and the check-in) stays valid: 1 minute to 1 day.

        Returns
        -------
        Ticket
            The check-in and its one-time code (shown once; the book keeps only its hash).

        Raises
        ------
        StoreError
            No measure, a measure that is not a self-report form (:data:`SELF_REPORT`), an expiry
            that is not between 1 minute and 1 day, no clinician named, or ``now`` without a time zone.
        UnknownInstrumentError
            A measure is no instrument iopkit knows.
        RecordNotFoundError
            The patient is not in ``store``.
        """
        now = _now(now)
        codes = []
        for m in measures:
            code = _instrument(m).code
            if code not in SELF_REPORT:
                raise StoreError(
                    f"{code} is not a self-report form a patient answers alone; choose among {', '.join(SELF_REPORT)}",
                    item="measures",
                    value=m,
                    allowed=SELF_REPORT,
                )
            if code not in codes:
                codes.append(code)
        if not codes:
            raise StoreError("a check-in needs at least one measure", item="measures", value=(), allowed=SELF_REPORT)
        if not isinstance(by, str) or not by.strip():
            raise StoreError("a check-in is started by a named clinician (by)", item="by", value=by)
        if not dt.timedelta(minutes=1) <= expires_in <= dt.timedelta(days=1):
            raise StoreError(
                f"a check-in expires after 1 minute to 1 day (got {expires_in})",
                item="expires_in",
                value=str(expires_in),
            )
        patient = store.patient(patient_id)
        for _ in range(5):  # a clash with a live code is astronomically rare; draw again
            code = _new_code()
            try:
                cursor = self._write(
                    "INSERT INTO checkins (patient_id, measures, started_by, created_at, expires_at, code_hash) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        patient.id,
                        json.dumps(codes),
                        by.strip(),
                        now.isoformat(),
                        (now + expires_in).isoformat(),
                        _hash(code),
                    ),
                )
                break
            except sqlite3.IntegrityError:
                continue
        else:  # pragma: no cover
            raise StoreError("could not draw a fresh check-in code")
        return Ticket(self.get(cursor.lastrowid or 0), code)

    def get(self, checkin_id: int) -> Checkin:
        """One check-in by id.

        Parameters
        ----------
        checkin_id : int
            The check-in's id.

        Returns
        -------
        Checkin
            The check-in as it stands now.

        Raises
        ------
        CheckinRefused
            The book has no check-in with that id.
        """
        found = self._one("id = ?", (int(checkin_id),))
        if found is None:
            raise CheckinRefused(f"no check-in {checkin_id}", item="checkin", value=checkin_id)
        return found

    def of_patient(self, patient_id: int) -> tuple[Checkin, ...]:
        """Every check-in of a patient, newest first.

        Parameters
        ----------
        patient_id : int
            The patient's store id.

        Returns
        -------
        tuple of Checkin
            The patient's check-ins, newest first; empty when there is none.
        """
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_COLUMNS} FROM checkins WHERE patient_id = ? ORDER BY id DESC", (patient_id,)
            ).fetchall()
        return tuple(self._checkin(r) for r in rows)

    def live(self, now: dt.datetime | None = None) -> tuple[Checkin, ...]:
        """Check-ins waiting or being answered at ``now``, and those with a safety flag started in the last day.

        A safety flag: a safety answer given, or an unanswered safety question counted at its worst once the
        check-in is over (:meth:`Checkin.raised_safety_flags`), reviewed or not, whether the check-in expired,
        was done or was withdrawn (a patient who gave a safety answer and was then withdrawn is never dropped from
        the list; a withdrawn check-in without a safety flag is).  Until a clinician reviews it, a check-in that
        ended unfinished with a flag stays on :meth:`to_review` whatever its age.

        Parameters
        ----------
        now : datetime.datetime, optional
            The time, with its zone; default the current time.

        Returns
        -------
        tuple of Checkin
            Those check-ins, oldest first.

        Raises
        ------
        StoreError
            ``now`` carries no time zone.
        """
        now = _now(now)
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_COLUMNS} FROM checkins WHERE expires_at > ? OR (created_at > ? AND {_MAY_FLAG}) ORDER BY id",
                (now.isoformat(), (now - dt.timedelta(days=1)).isoformat()),
            ).fetchall()
        return tuple(
            c
            for c in map(self._checkin, rows)
            if c.status_at(now) in (Status.WAITING, Status.OPEN) or c.staff_now or _raised_safety_flags(c, now)
        )

    def cancel(self, checkin_id: int, now: dt.datetime | None = None, *, by: str | None = None) -> None:
        """Withdraw a check-in: its code and any session stop working at once.

        Withdrawing one already withdrawn, or an unknown id, changes nothing.

        Parameters
        ----------
        checkin_id : int
            The check-in's id.
        now : datetime.datetime, optional
            The time, with its zone; default the current time.
        by : str, optional
            Who withdraws it (kept as ``cancelled_by``; blank counts as not named).

        Raises
        ------
        StoreError
            ``now`` carries no time zone.
        """
        self._write(
            "UPDATE checkins SET cancelled_at = ?, cancelled_by = ? WHERE id = ? AND cancelled_at IS NULL",
            (_now(now).isoformat(), by.strip() or None if isinstance(by, str) else None, int(checkin_id)),
        )

    def safety_flags(self, checkin_id: int, now: dt.datetime | None = None) -> tuple[CheckinFlag, ...]:
        """The open safety flags of one check-in: those calling for a risk assessment or an emergency evaluation
        (PHQ-9 item 9 above 0, or left unanswered on a check-in that is over), of its saved questionnaires
        (:attr:`Checkin.saved_safety`) and of those not saved (:meth:`open_flags`).

        While one is open, :meth:`review` records the overall risk level and what was done: a safety answer
        the patient gave is never closed with a name only, whether or not its questionnaire was finished.  A
        check-in whose book says a safety answer was given (``staff_now``) without the flag it raised (a
        questionnaire saved by an older iopkit) counts as one safety flag, ``safety_answer_given``.

        Parameters
        ----------
        checkin_id : int
            The check-in's id.
        now : datetime.datetime, optional
            The time, with its zone; default the current time.

        Returns
        -------
        tuple of CheckinFlag
            Its open safety flags, those of saved questionnaires first; empty when none (or once it is reviewed).

        Raises
        ------
        CheckinRefused
            No check-in with that id.
        StoreError
            ``now`` carries no time zone.
        UnknownInstrumentError
            The check-in names an instrument this iopkit no longer knows.
        """
        return _safety_flags(self.get(checkin_id), _now(now))

    def in_the_chart(
        self, checkin_id: int, store, now: dt.datetime | None = None
    ) -> tuple[tuple[CheckinFlag, tuple], ...]:
        """The check-in's saved safety flags the patient's chart closed already, each with its closings (the closing,
        then any re-assessment: :func:`iopkit.placement.resolution.closings_of`): what the review panel says up
        front.  A review at a higher level than the chart's is recorded there as a re-assessment; at the same or a
        lower level it reviews this check-in only and is noted in the chart after the closing
        (:attr:`iopkit.placement.FlagResolution.reviewed_again`), never changing the chart's level.

        Parameters
        ----------
        checkin_id : int
            The check-in's id.
        store : Store or None
            The clinic's open store (None: nothing is read, empty).
        now : datetime.datetime, optional
            The time, with its zone; default the current time.

        Returns
        -------
        tuple of (CheckinFlag, tuple of FlagResolution)
            Each closed flag with its closings; empty when none is closed there (or no store).
        """
        if store is None:
            return ()
        checkin, now = self.get(checkin_id), _now(now)
        chart = _in_the_chart(store, checkin, _safety_flags(checkin, now), now)
        return tuple((flag, closings) for flag, closings, _week in chart if closings)

    def to_review(self, now: dt.datetime | None = None) -> tuple[tuple[Checkin, tuple[CheckinFlag, ...]], ...]:
        """Check-ins that ended unfinished and await a clinician's review, each with the flags it is reviewed for.

        A check-in that expired or was withdrawn with a questionnaire not saved, not reviewed yet, whose
        answers raise a flag (:meth:`open_flags`, an unanswered safety question at its worst) or whose patient
        gave a safety answer, saved or not (:meth:`safety_flags`).

        Parameters
        ----------
        now : datetime.datetime, optional
            The time, with its zone; default the current time.

        Returns
        -------
        tuple of (Checkin, tuple of CheckinFlag)
            Oldest first: each check-in with its safety flags (saved questionnaires' first), then its other flags.

        Raises
        ------
        StoreError
            ``now`` carries no time zone.
        UnknownInstrumentError
            A check-in names an instrument this iopkit no longer knows.
        """
        now = _now(now)
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_COLUMNS} FROM checkins WHERE reviewed_at IS NULL AND finished_at IS NULL AND {_MAY_FLAG} "
                "ORDER BY id"
            ).fetchall()
        out = []
        for checkin in map(self._checkin, rows):
            if checkin.status_at(now) in (Status.WAITING, Status.OPEN):
                continue
            safety = _safety_flags(checkin, now)
            flags = (*safety, *(f for f in _unsaved_flags(checkin, now) if f not in safety))
            if flags:
                out.append((checkin, flags))
        return tuple(out)

    def review(
        self,
        checkin_id: int,
        by: str,
        now: dt.datetime | None = None,
        *,
        risk_level: RiskLevel | str | None = None,
        action: str | None = None,
        store=None,
        seen: Checkin | None = None,
    ) -> Checkin:
        """A clinician closes a check-in's unfinished answers: its flags (:meth:`open_flags`) leave the caseload.

        Only for a check-in no longer being answered (done, expired or withdrawn): the clinician has
        spoken with the patient about what they answered and what they left unanswered.  While the check-in
        has an open safety flag (:meth:`safety_flags`: PHQ-9 item 9 above 0, or unanswered and counted at its
        worst), closing it records the overall level of risk the clinician's assessment found and what was
        done (the plan to mitigate it), as the Joint Commission's NPSG 15.01.01 asks after a positive screen
        (bibliography keys in :data:`REVIEW_SOURCE`); the clinician decides both, iopkit only keeps them.  A
        check-in without an open safety flag is closed with the clinician's name only.

        A safety flag is closed once, whichever closes it first (iopkit's own rule): the safety flag of a
        questionnaire the check-in saved is the saved record's flag in the patient's chart too, so the review
        closes it there as well, with a :class:`~iopkit.placement.FlagResolution` of the same risk level, action,
        clinician and day (saved to ``store``, covering that record only: an earlier open flag of the chart that the
        review never showed stays open; several flags are saved all or none).  If the chart closed it first, a
        review at a higher level is recorded there as a re-assessment (the chart then reads that level:
        :func:`iopkit.placement.resolution.escalates`); one at the chart's level or lower reviews the check-in only
        and is saved for its record as a note the chart shows after the closing ("reviewed again: ...",
        :attr:`~iopkit.placement.FlagResolution.reviewed_again`), never a closing, never the chart's level: the
        clinician records a lower finding as a new C-SSRS screener.  What was done is said in
        words (at least :data:`ACTION_LETTERS` letters, not a placeholder such as "n/a" or "tbd":
        :func:`iopkit.flags.says_what_was_done`; iopkit's own rule).

        A risk level is judged from all the information at hand (C-SSRS screener triage, Posner et al. 2011): given
        with ``seen``, the reading of the check-in it was chosen on, it is refused when a safety answer arrived
        since (:meth:`Checkin.safety_answers_changed`): a level chosen before a safety answer was read is never
        saved for it (physician review R15, M2).  The check-in is read, compared and reviewed in one write
        transaction of the book: an answer (or another review) sent meanwhile from another connection waits for it,
        then finds the check-in reviewed and is refused (:meth:`answer`), never kept unseen behind the review.

        Parameters
        ----------
        checkin_id : int
            The check-in's id.
        by : str
            The clinician reviewing it.
        now : datetime.datetime, optional
            The time, with its zone; default the current time.
        risk_level : RiskLevel or str, optional
            The overall level of suicide risk assessed (a :class:`RiskLevel` or its value: low, moderate, high);
            required while a safety flag is open.
        action : str, optional
            What was done, e.g. "C-SSRS full assessment: low risk; safety plan agreed", with at least
            :data:`ACTION_LETTERS` letters and not a placeholder; required while a safety flag is open (blank counts
            as none).
        store : Store, optional
            The clinic's open store, where the check-in saved its questionnaires; required when one of them has a
            safety flag (the review closes it in the chart too).
        seen : Checkin, optional
            The check-in as read when the risk level was chosen (e.g. when its answers were shown); default none:
            the level is not checked against a reading.

        Returns
        -------
        Checkin
            The check-in, reviewed.  A second review giving no risk level or action, or the first one's, returns
            the first review (its time, name, risk level and action) unchanged.

        Raises
        ------
        CheckinRefused
            No check-in with that id, the check-in is still waiting or open (withdraw it first), no clinician
            is named, a risk level that is not one of :class:`RiskLevel`, an action that is not text or has
            fewer than :data:`ACTION_LETTERS` letters or is a placeholder, or, while a safety flag is open (of its
            saved questionnaires too, :meth:`safety_flags`), no risk level or no action (the error carries the flags);
            or the check-in is already reviewed (by another clinician meanwhile too) and this review gives another
            risk level or action: the error names the first review (who, when, level, action) and says where the
            later assessment goes (the patient's chart); a review is never rewritten nor a later one dropped; or a
            questionnaire the check-in saved has a safety flag and no ``store`` is given; or ``seen`` is another
            check-in.
        CheckinAnswersChanged
            A risk level is given with ``seen`` and a safety answer arrived or changed since (:data:`NEW_ANSWERS`;
            ``checkin_id`` and ``changed``, the safety questions concerned; ``item`` ``"risk_level"``, ``value`` the
            level, ``allowed`` the levels): read the answers, then choose it again.  Nothing is recorded.
        FlagAlreadyClosedError
            A saved questionnaire's safety flag was closed in the patient's chart by another clinician between this
            review's reading of the chart and its save: the error names that closing (who, when, level); nothing is
            recorded.
        StoreError
            ``now`` carries no time zone, or the store refused the flag resolution (nothing is recorded).

        Examples
        --------
        >>> import datetime as dt, pathlib, tempfile
        >>> from iopkit.store import Store
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> store = Store(folder / "clinic.sqlite"); pid = store.add_patient("IOP-9")
        >>> book = CheckinBook(folder / "checkins.sqlite")
        >>> now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
        >>> ticket = book.start(store, pid, ["phq9"], by="KM", now=now)
        >>> _ = book.answer(book.redeem(ticket.code, now=now).checkin.id, "phq9", 9, 1, now=now)
        >>> book.cancel(ticket.checkin.id, now=now)
        >>> book.review(ticket.checkin.id, "KM", now=now)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        iopkit.checkin.CheckinRefused: check-in ... has an open safety flag (PHQ-9: suicidal ideation): ...
        >>> done = book.review(ticket.checkin.id, "KM", now=now, risk_level="low",
        ...                    action="C-SSRS full assessment: low risk; safety plan agreed")
        >>> done.reviewed_by, done.risk_level.value, done.action
        ('KM', 'low', 'C-SSRS full assessment: low risk; safety plan agreed')
        """
        # Read, compared with ``seen`` and written in one transaction: a patient's answer cannot land between this
        # review's reading of the check-in and its write (it waits, then finds the check-in reviewed and is refused).
        with self._immediate():
            checkin = self.get(checkin_id)
            if checkin.status_at(now) in (Status.WAITING, Status.OPEN):
                raise CheckinRefused(
                    f"check-in {checkin_id} is still {checkin.status_at(now)}: withdraw it first",
                    item="checkin",
                    value=checkin_id,
                )
            if not isinstance(by, str) or not by.strip():
                raise CheckinRefused("a check-in is reviewed by a named clinician (by)", item="by", value=by)
            if risk_level is not None and risk_level not in RISK_LEVELS:
                raise CheckinRefused(
                    f"the overall risk level is one of {', '.join(RISK_LEVELS)} (got {risk_level!r})",
                    item="risk_level",
                    value=risk_level,
                    allowed=RISK_LEVELS,
                )
            if risk_level is not None and seen is not None and checkin.safety_answers_changed(since=seen):
                raise CheckinAnswersChanged(
                    NEW_ANSWERS,
                    checkin_id=checkin.id,
                    changed=checkin.changed_safety_answers(since=seen),
                    item="risk_level",
                    value=risk_level,
                    allowed=RISK_LEVELS,
                )
            if isinstance(action, str):
                action = action.strip() or None  # blank counts as none
            if action is not None and not says_what_was_done(action):
                raise CheckinRefused(
                    f"what was done (action) is {_ACTION_ALLOWED} (got {action!r})",
                    item="action",
                    value=action,
                    allowed=_ACTION_ALLOWED,
                )
            if checkin.reviewed_at is not None:
                return _as_first_review(checkin, risk_level, action)
            flags = _safety_flags(checkin, _now(now))
            level = None if risk_level is None else RiskLevel(risk_level)
            chart = _in_the_chart(store, checkin, flags, _now(now))
            from .placement.resolution import escalates

            missing = [name for name, given in (("risk_level", risk_level), ("action", action)) if given is None]
            if flags and missing:
                raise _not_closed_without(checkin_id, flags, chart, missing)
            stamp = _now(now).isoformat()
            # not reviewed meanwhile (by another dashboard): read as not reviewed in this transaction
            self._write(
                "UPDATE checkins SET reviewed_at = ?, reviewed_by = ?, risk_level = ?, action = ? "
                "WHERE id = ? AND reviewed_at IS NULL",
                (stamp, by.strip(), None if level is None else level.value, action, int(checkin_id)),
            )
            done = self.get(checkin_id)
        try:  # the saved questionnaires' flags open in the chart, or closed there lower: closed at this level;
            # closed there at this level or higher already: this review is saved as a note after that closing, which
            # never changes the chart's level (the check-in alone is reviewed at a lower level)
            _close_in_the_chart(
                store, done, [(flag, week, not escalates(closings, level)) for flag, closings, week in chart]
            )
        except BaseException:
            self._write(  # nothing is recorded: the review is undone, the check-in stays to review
                "UPDATE checkins SET reviewed_at = NULL, reviewed_by = NULL, risk_level = NULL, action = NULL "
                "WHERE id = ? AND reviewed_at = ?",
                (int(checkin_id), stamp),
            )
            raise
        return done

    def open_flags(self, now: dt.datetime | None = None, *, patient_id: int | None = None) -> tuple[CheckinFlag, ...]:
        """Safety flags of answers not yet in the store: what the caseload shows beside the saved assessments' flags.

        A questionnaire is saved (and its flags read from the store) once its last question is answered; until
        then its answers live here.  While the check-in is open, a flag stands as soon as the answers given make
        it certain (the patient's safety answer reaches the caseload at once).  Once the check-in is over
        (expired or withdrawn) with a questionnaire left unfinished, each unanswered safety question counts at
        its worst answer, as the scorer counts it on an incomplete form, so an unanswered PHQ-9 item 9 is never
        silent.  Each stays until a clinician :meth:`review` s the check-in.

        Parameters
        ----------
        now : datetime.datetime, optional
            The time, with its zone; default the current time.
        patient_id : int, optional
            Only that patient's flags (one patient's chart, :func:`with_open_checkins`); default everyone's.

        Returns
        -------
        tuple of CheckinFlag
            The flags of every unreviewed check-in's unfinished questionnaires, by check-in; empty when none.

        Raises
        ------
        StoreError
            ``now`` carries no time zone.
        UnknownInstrumentError
            A check-in names an instrument this iopkit no longer knows.
        """
        now = _now(now)
        mine, parameters = ("", ()) if patient_id is None else (" AND patient_id = ?", (int(patient_id),))
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_COLUMNS} FROM checkins WHERE reviewed_at IS NULL AND answers != '{{}}'{mine} ORDER BY id",
                parameters,
            ).fetchall()
        return tuple(f for checkin in map(self._checkin, rows) for f in _unsaved_flags(checkin, now))

    # --- the patient's side -------------------------------------------------------------------------
    def redeem(self, code: str, now: dt.datetime | None = None) -> Session:
        """Use a code: open its check-in for one browser session.  Once only.

        Parameters
        ----------
        code : str
            The code as typed (case, spaces and dashes do not matter: :func:`normalise_code`).
        now : datetime.datetime, optional
            The time, with its zone; default the current time.

        Returns
        -------
        Session
            The opened check-in and the browser's new session secret.

        Raises
        ------
        CheckinRefused
            The code is wrong, already used, expired or withdrawn (one message for all: a guesser
            learns nothing).
        StoreError
            ``now`` carries no time zone.
        """
        now = _now(now)
        digest = _hash(normalise_code(code)) if isinstance(code, str) else ""
        secret = secrets.token_urlsafe(32)
        with self._lock:
            # One statement decides: two browsers racing with the same code cannot both win.
            cursor = self._conn.execute(
                "UPDATE checkins SET redeemed_at = ?, session_hash = ? WHERE code_hash = ? AND redeemed_at IS NULL "
                "AND cancelled_at IS NULL AND finished_at IS NULL AND expires_at > ?",
                (now.isoformat(), _hash(secret), digest, now.isoformat()),
            )
            if cursor.rowcount != 1:
                raise CheckinRefused(
                    "this code is not valid (wrong, already used or expired); ask a member of staff", item="code"
                )
        found = self._one("session_hash = ?", (_hash(secret),))
        assert found is not None
        return Session(found, secret)

    def by_session(self, secret: str | None, now: dt.datetime | None = None) -> Checkin | None:
        """The open check-in a browser's session secret belongs to, or None (unknown, expired, done, withdrawn).

        Parameters
        ----------
        secret : str or None
            The session secret from the browser's check-in cookie.
        now : datetime.datetime, optional
            The time, with its zone; default the current time.

        Returns
        -------
        Checkin or None
            The open check-in, or None.

        Raises
        ------
        StoreError
            ``now`` carries no time zone.
        """
        if not secret or not isinstance(secret, str):
            return None
        found = self._one("session_hash = ?", (_hash(secret),))
        if found is None or found.status_at(now) is not Status.OPEN:
            return None
        return found

    def answer(
        self, checkin_id: int, instrument: str, item: int, value: Any, now: dt.datetime | None = None
    ) -> Checkin:
        """Keep one answer (checked against the instrument's allowed answers) and return the check-in.

        Parameters
        ----------
        checkin_id : int
            The check-in's id.
        instrument : str
            The code of one of its pending measures.
        item : int
            The item number.
        value : object
            The answer: one of the item's answer codes (for a yes/no item also a yes or no word), as the
            item's ``code_of`` reads it.
        now : datetime.datetime, optional
            The time, with its zone; default the current time.

        Returns
        -------
        Checkin
            The check-in with the answer kept (``staff_now`` set once an answer calls for staff now).

        Raises
        ------
        CheckinRefused
            The check-in is not open (not yet redeemed, expired, done, withdrawn) or was reviewed by staff, or the
            instrument is not one of its pending measures.
        InvalidAnswerError
            No such item, or not an allowed answer of that item.
        StoreError
            ``now`` carries no time zone.
        """
        # Read, checked and written in one transaction: the check-in cannot be withdrawn or reviewed between the
        # check that it takes answers and the write (an answer then would land behind a closed review, unseen).
        with self._immediate():
            checkin = self.get(checkin_id)
            if checkin.status_at(now) is not Status.OPEN:
                raise CheckinRefused(
                    f"check-in {checkin_id} is {checkin.status_at(now)}; no answer is taken",
                    item="checkin",
                    value=checkin_id,
                )
            if checkin.reviewed_at is not None:
                raise CheckinRefused(
                    f"check-in {checkin_id} was reviewed by staff; no answer is taken", item="checkin", value=checkin_id
                )
            if instrument not in checkin.pending:
                raise CheckinRefused(
                    f"{instrument} is not a pending measure of check-in {checkin_id}",
                    instrument=instrument,
                    item="instrument",
                    value=instrument,
                    allowed=checkin.pending,
                )
            inst = _instrument(instrument)
            if not isinstance(item, int) or isinstance(item, bool) or item not in [i.number for i in inst.items]:
                raise InvalidAnswerError(
                    f"{instrument} has no item {item!r}",
                    instrument=instrument,
                    item=item,
                    value=value,
                    allowed=tuple(i.number for i in inst.items),
                )
            code = inst.item(item).code_of(value)
            answers = {k: dict(v) for k, v in checkin.answers.items()}
            answers.setdefault(instrument, {})[item] = code
            staff = needs_staff_now(instrument, answers[instrument])
            self._conn.execute(
                "UPDATE checkins SET answers = ?, staff_now = max(staff_now, ?) WHERE id = ?",
                (json.dumps(answers), int(staff), checkin_id),
            )
        return self.get(checkin_id)

    def save_complete(self, store, checkin_id: int, now: dt.datetime | None = None) -> tuple[int, ...]:
        """Score and save every measure whose questions are all answered; return the new record ids.

        Saved as patient-reported assessments (``by``: the patient, on the check-in the clinician
        started) through :func:`iopkit.score` and :meth:`Store.save`, exactly as a clinician's entry.
        The answers of a saved measure are dropped from the check-in; when none is left it is done.

        Parameters
        ----------
        store : Store
            The clinic's open store, where the patient is.
        checkin_id : int
            The check-in's id.
        now : datetime.datetime, optional
            When the measures were taken, with its zone; default the current time.

        Returns
        -------
        tuple of int
            The ids of the new assessment records; empty when no measure was complete.

        Raises
        ------
        CheckinRefused
            The book has no check-in with that id.
        StoreError
            ``now`` carries no time zone, or the store refused a save.
        RecordNotFoundError
            The patient is no longer in ``store`` (or not one this role may see).
        IopkitError
            The scorer refused the answers (an :mod:`iopkit.errors` error naming the instrument and item).
        """
        from .scoring import score
        from .store import Source

        now = _now(now)
        new = []
        with self._lock:
            checkin = self.get(checkin_id)
            for code in checkin.pending:
                given = checkin.answers.get(code, {})
                if next_question_of(code, given) is not None:
                    continue
                inst = _instrument(code)
                result = score(code, [given.get(i.number) for i in inst.items])
                record = store.save(
                    checkin.patient_id,
                    result,
                    by=f"patient (check-in by {checkin.started_by})",
                    when=now,
                    source=Source.PATIENT,
                )
                new.append(record)
                saved = {**checkin.saved, code: record}
                answers = {k: v for k, v in checkin.answers.items() if k != code}
                # The record's safety flags stay known here once its answers leave the book: closing the
                # check-in asks for the risk level and what was done (review).
                safety = [f.to_dict() for f in result.flags if f.calls_for in SUICIDE_RISK_CALLS]
                kept = {k: [f.to_dict() for f in v] for k, v in checkin.saved_safety.items()}
                if safety:
                    kept[code] = safety
                self._conn.execute(
                    "UPDATE checkins SET saved = ?, answers = ?, saved_safety = ?, staff_now = max(staff_now, ?) "
                    "WHERE id = ?",
                    (json.dumps(saved), json.dumps(answers), json.dumps(kept), int(bool(safety)), checkin_id),
                )
                checkin = self.get(checkin_id)
            if not checkin.pending and checkin.finished_at is None:
                self._conn.execute("UPDATE checkins SET finished_at = ? WHERE id = ?", (now.isoformat(), checkin_id))
        return tuple(new)


@dataclass(frozen=True)
class ChainedBook:
    """What :func:`chain_book` did.

    Parameters
    ----------
    path : pathlib.Path
        The check-in book.
    checkins : int
        How many check-ins it holds.
    head : str or None
        Its chain's newest state (``"checkin_states:id:hash"``, :meth:`CheckinBook.head`): the anchor to keep
        elsewhere and pass to ``iopkit verify --anchor``; None for a book without check-ins.
    chained : bool
        True when its check-ins were chained now; False when the book already had its chain (nothing was changed).
    """

    path: Path
    checkins: int
    head: str | None
    chained: bool


def chain_book(path: str | os.PathLike) -> ChainedBook:
    """Chain the check-ins of a book that has no chain of states, as they stand now (``iopkit chain``).

    A book written before iopkit chained check-ins, or one whose chain was removed around iopkit, is refused by
    every page and by the check-in server (:class:`CheckinBook`): chaining it would seal whatever its rows now say
    (security review F2).  An operator who has checked the rows (or restored the book from a backup) chains it
    with this; the head it returns, kept elsewhere, is the anchor later checks are held to.

    Parameters
    ----------
    path : str or path-like
        The check-in book's file (:func:`book_of`, :func:`book_path`).

    Returns
    -------
    ChainedBook
        The book, its number of check-ins, its new head, and whether anything was chained (a book that has its
        chain already is left as it is).

    Raises
    ------
    StoreError
        There is no book at ``path``, or it cannot be opened (loose permissions, not a SQLite file), or it is not a
        check-in book (a store, say): nothing is created in it.

    Examples
    --------
    >>> import pathlib, sqlite3, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "clinic.checkins.sqlite"
    >>> CheckinBook(path).close()  # a new book, chained as it is created
    >>> chain_book(path).chained
    False
    """
    book = Path(path).expanduser()
    if not book.is_file():
        raise StoreError(f"no check-in book at {book}", item="path", value=str(book))
    with CheckinBook(book, read_only=True) as before:  # nothing is created in a file that is not a book
        with before._lock:
            try:
                found = before._conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'checkins'").fetchone()
            except sqlite3.Error as error:
                raise StoreError(f"{book} cannot be read: {error}", item="path", value=str(book)) from error
        if found is None:
            raise StoreError(
                f"{book} is not a check-in book (it holds no check-ins table); it was not changed. The book of a "
                "store is <store name>.checkins.sqlite beside its file, or $IOPKIT_CHECKINS",
                item="path",
                value=str(book),
                allowed="a check-in book",
            )
        chained = not before._has_chain()
    with CheckinBook(book, chain_rows=True) as opened:
        return ChainedBook(book, len(opened), opened.head(), chained)


def _unsaved_flags(checkin: Checkin, now: dt.datetime) -> tuple[CheckinFlag, ...]:
    """The flags of a check-in's questionnaires not saved yet (:meth:`CheckinBook.open_flags`), none once reviewed."""
    return () if checkin.reviewed_at is not None else _raised_unsaved_flags(checkin, now)


def _raised_unsaved_flags(checkin: Checkin, now: dt.datetime) -> tuple[CheckinFlag, ...]:
    """The flags of a check-in's questionnaires not saved yet, reviewed or not."""
    over = checkin.status_at(now) not in (Status.WAITING, Status.OPEN)
    return tuple(
        CheckinFlag.of(checkin, code, flag, over)
        for code in checkin.pending
        if checkin.answers.get(code)
        for flag in unfinished_flags(code, checkin.answers[code], worst_case=over)
    )


def _safety_flags(checkin: Checkin, now: dt.datetime) -> tuple[CheckinFlag, ...]:
    """A check-in's open safety flags, saved questionnaires' first (:meth:`CheckinBook.safety_flags`)."""
    return () if checkin.reviewed_at is not None else _raised_safety_flags(checkin, now)


def _raised_safety_flags(checkin: Checkin, now: dt.datetime) -> tuple[CheckinFlag, ...]:
    """A check-in's safety flags, reviewed or not (:meth:`Checkin.raised_safety_flags`)."""
    found = (
        *(
            CheckinFlag.of(checkin, code, flag, False, record_id=checkin.saved.get(code, 0))
            for code, flags in checkin.saved_safety.items()
            for flag in flags
        ),
        *(f for f in _raised_unsaved_flags(checkin, now) if f.safety),
    )
    if found or not checkin.staff_now:
        return found
    # The book says a safety answer was given but no longer knows its flag: the saved questionnaires that can
    # raise one (never silent).
    able = [
        code for code in checkin.saved if any(rule.calls_for in SUICIDE_RISK_CALLS for rule in _instrument(code).flags)
    ]
    return tuple(
        CheckinFlag.of(checkin, code, _SAFETY_ANSWER, False, record_id=checkin.saved[code])
        for code in able or list(checkin.saved)[:1]
    ) or (CheckinFlag.of(checkin, checkin.measures[0], _SAFETY_ANSWER, False),)


def _safety_items(code: str) -> frozenset[int]:
    """The questions of an instrument that its flags calling for a suicide risk assessment or an emergency evaluation
    read: the items they name, or every item when one reads a total, a subscore or a band."""
    inst = _instrument(code)
    conditions = [w for rule in inst.flags if rule.calls_for in SUICIDE_RISK_CALLS for w in rule.when]
    if any(not w.item for w in conditions):
        return frozenset(i.number for i in inst.items)
    return frozenset(w.item for w in conditions)


def _safety_answers(checkin: Checkin) -> dict[tuple[str, int], object]:
    """What :meth:`Checkin.changed_safety_answers` compares: (instrument, item) -> the answer of each safety question
    answered and not saved yet, or, once its questionnaire is saved, (its record, its safety flags)."""
    out: dict[tuple[str, int], object] = {}
    for code in checkin.measures:
        for item in sorted(_safety_items(code)):
            if code in checkin.saved:
                out[code, item] = (checkin.saved[code], tuple(f.code for f in checkin.saved_safety.get(code, ())))
            elif checkin.answers.get(code, {}).get(item) is not None:
                out[code, item] = checkin.answers[code][item]
    return out


def _in_the_chart(store, checkin: Checkin, flags: Iterable[CheckinFlag], now: dt.datetime) -> list:
    """The safety flags of ``flags`` that a questionnaire the check-in saved raised, as the patient's chart reads them:
    each ``(flag, closings, week)`` with the flag resolutions that already close it there (``closings``: its closing
    and re-assessments, empty while it is open: :func:`iopkit.placement.resolution.closings_of`) and the week of its
    record in the episode.

    A flag the book keeps only as "a safety answer was given" (``safety_answer_given``: a questionnaire saved by an
    older iopkit) names no flag of the record: it is closed by the review alone.

    Raises
    ------
    CheckinRefused
        Such a flag and no ``store``.
    """
    saved = [f for f in flags if f.record_id and f.flag.code != _SAFETY_ANSWER.code]
    if not saved:
        return []
    if store is None:
        raise CheckinRefused(
            f"check-in {checkin.id} saved a questionnaire with a safety flag "
            f"({', '.join(dict.fromkeys(f.named for f in saved))}): its review closes that flag in the patient's "
            "chart too, so it needs the clinic's store (store)",
            flags=[f.flag for f in saved],
            item="store",
            value=None,
        )
    from .episode import Episode
    from .placement.resolution import closings_of

    resolutions = [r.item for r in store.current(checkin.patient_id, "flag_resolution")]
    versions = store.history(checkin.patient_id, "assessment")
    days = [clinical_day(store.record(f.record_id).taken_at) for f in saved]
    # one episode, read as of the latest of those days (or now): a week counts from the first assessment, which the
    # episode holds as of any day from the record's own on
    episode = Episode.from_store(store, checkin.patient_id, as_of=max(*days, clinical_day(now)))
    out = []
    for f, day in zip(saved, days):
        week = episode.week_of(day)
        out.append((f, closings_of(f.instrument, f.flag.code, str(f.record_id), week, resolutions, versions), week))
    return out


def _not_closed_without(checkin_id: int, flags: tuple[CheckinFlag, ...], chart: list, missing: list[str]):
    """The refusal of a review that closes open safety ``flags`` without a risk level or an action (``missing``),
    saying for each flag the patient's chart closed already (``chart``, :func:`_in_the_chart`) how a review there
    is recorded."""
    from .placement.resolution import current_level

    named = ", ".join(dict.fromkeys(f.named for f in flags))
    closed = "".join(
        f" {flag.named} was closed in the patient's chart by {closings[0].by} on {closings[0].on.isoformat()}"
        f" at {_level_said(current_level(closings))}: a review at a higher level is recorded there as a "
        "re-assessment; at the same or a lower level it reviews this check-in only and is noted there after "
        "that closing, never changing its level."
        for flag, closings, _week in chart
        if closings
    )
    return CheckinRefused(
        f"check-in {checkin_id} has an open safety flag ({named}): closing it records the overall risk "
        f"level (risk_level: {', '.join(RISK_LEVELS)}) and what was done (action, e.g. {_EXAMPLE_ACTION!r}); "
        f"missing: {' and '.join(missing)}.{closed}",
        flags=[f.flag for f in flags],
        item=missing[0],
        value=None,
        allowed=RISK_LEVELS if missing[0] == "risk_level" else _ACTION_ALLOWED,
    )


def _level_said(level: RiskLevel | None) -> str:
    """ "overall risk low", or "no recorded risk level"."""
    return f"overall risk {level.value}" if level is not None else "no recorded risk level"


def _close_in_the_chart(store, reviewed: Checkin, flags: Iterable[tuple[CheckinFlag, float, bool]]) -> None:
    """Save what the ``reviewed`` check-in's review recorded as the flag resolution of each saved questionnaire's
    ``(flag, week, again)``: the same risk level, action and clinician, on the day of the review, covering that
    record only (``this_record_only``: an earlier open flag the review never showed stays open).  With ``again``
    (the chart closed the flag already, at this level or higher) it is saved as a note after that closing
    (``reviewed_again``): the chart shows what the clinician did, yet it never closes the flag nor changes its
    level.  All or none: one store transaction (:meth:`iopkit.store.Store.batch`)."""
    from .placement import FlagResolution

    flags = list(flags)
    if not flags:
        return
    with store.batch():
        for f, week, again in flags:
            # a saved safety flag is closed only with a risk level and an action (review refuses it otherwise)
            assert reviewed.reviewed_at is not None and reviewed.reviewed_by is not None and reviewed.action is not None
            day = clinical_day(reviewed.reviewed_at)
            resolution = FlagResolution(
                f.flag.code,
                f.instrument,
                week,
                reviewed.action,
                reviewed.reviewed_by,
                day,
                record=str(f.record_id),
                risk_level=reviewed.risk_level,
                this_record_only=True,
                reviewed_again=again,
            )
            store.save(reviewed.patient_id, resolution, by=reviewed.reviewed_by, when=day)


def _as_first_review(first: Checkin, risk_level: RiskLevel | str | None, action: str | None) -> Checkin:
    """A second review of ``first`` (already reviewed): the first, unless it gives another risk level or action.

    A review is never rewritten and a later assessment is never dropped in silence: a risk level or action
    other than the first review's is refused with the first review (who, when, level, action) and where the
    later assessment goes (:data:`iopkit.flags.LATER_ASSESSMENT`: a new C-SSRS screener, or the clinic's record).  The
    same rule as a second closing of a flag in the chart (:func:`iopkit.placement.resolution.already_closed`).
    ``risk_level`` is a valid level or None, ``action`` stripped.
    """
    level = None if risk_level is None else RiskLevel(risk_level)
    differs = [
        (name, given, kept)
        for name, given, kept in (("risk_level", level, first.risk_level), ("action", action, first.action))
        if given is not None and given != kept
    ]
    if not differs:
        return first
    when = f" at {local_time(first.reviewed_at)}" if first.reviewed_at is not None else ""
    level_said = first.risk_level.value if first.risk_level is not None else "not recorded"
    action_said = repr(first.action) if first.action is not None else "not recorded"
    given = ", ".join(
        f"{name} {getattr(value, 'value', value)!r}"
        for name, value in (("risk_level", level), ("action", action))
        if value is not None
    )
    name, value, kept = differs[0]
    raise CheckinRefused(
        f"check-in {first.id} was already reviewed by {first.reviewed_by}{when}: risk level {level_said}, what "
        f"was done {action_said}. A review is not changed afterwards, so this one ({given}) is not recorded. "
        f"{LATER_ASSESSMENT}",
        item=name,
        value=getattr(value, "value", value),
        allowed=getattr(kept, "value", kept),
    )


def _unasked(inst, given: Mapping[int, int]) -> set[int]:
    """Items a skip rule leaves unasked given the answers so far (a rule applies once its conditions are answered)."""
    out: set[int] = set()
    for rule in inst.skip_rules:
        if all(given.get(n) in codes for n, codes in rule.when):
            out |= set(rule.unasked)
    return out


def next_question_of(instrument: str, given: Mapping[int, int]) -> int | None:
    """The next item of one instrument to ask (in order, skip rules applied), or None when all are answered."""
    inst = _instrument(instrument)
    unasked = _unasked(inst, given)
    for item in inst.items:
        if item.kind in ("choice", "yes_no") and item.number not in unasked and given.get(item.number) is None:
            return item.number
    return None


def _to_ask(inst, given: Mapping[int, int]) -> list[int]:
    unasked = _unasked(inst, given)
    return [i.number for i in inst.items if i.kind in ("choice", "yes_no") and i.number not in unasked]


def next_question(checkin: Checkin) -> Question | None:
    """The next question of a check-in, with its position (answered so far + 1, of all to ask), or None.

    Parameters
    ----------
    checkin : Checkin
        The check-in, with its answers so far; its saved measures count as fully answered.

    Returns
    -------
    Question or None
        The first unanswered question of the first measure not yet saved, or None when nothing is left to ask.

    Raises
    ------
    UnknownInstrumentError
        A measure of the check-in is no instrument iopkit knows.
    """
    done, total, found = 0, 0, None
    for code in checkin.measures:
        inst = _instrument(code)
        if code in checkin.saved:
            # Saved measures count as fully answered.
            n = len(_to_ask(inst, {}))
            done, total = done + n, total + n
            continue
        given = checkin.answers.get(code, {})
        ask = _to_ask(inst, given)
        answered = sum(given.get(n) is not None for n in ask)
        done, total = done + answered, total + len(ask)
        if found is None:
            item = next_question_of(code, given)
            if item is not None:
                found = (code, item)
    if found is None:
        return None
    return Question(found[0], found[1], done + 1, total)


def progress(checkin: Checkin) -> tuple[int, int]:
    """(questions answered, questions to ask in all) of a check-in.

    Parameters
    ----------
    checkin : Checkin
        The check-in, with its answers so far.

    Returns
    -------
    tuple of (int, int)
        The questions answered and the questions to ask in all (equal once nothing is left to ask).

    Raises
    ------
    UnknownInstrumentError
        A measure of the check-in is no instrument iopkit knows.
    """
    question = next_question(checkin)
    if question is None:
        total = sum(len(_to_ask(_instrument(c), checkin.answers.get(c, {}))) for c in checkin.measures)
        return total, total
    return question.index - 1, question.total


def unfinished_flags(instrument: str, given: Mapping[int, Any], *, worst_case: bool = False) -> tuple[Flag, ...]:
    """The flags of an unfinished questionnaire, through the same scorer and flag rules as clinician entry.

    ``worst_case=False``: each unanswered question counts at its least serious answer, so only what was
    actually answered raises a flag.  ``worst_case=True``: the scorer's own reading of an incomplete form, in
    which an unanswered safety question counts at its worst answer (``safety_question`` in the instrument's
    flag rules) and every other flag is what the answers make certain.

    An answer the scorer refuses never goes silent: the flags then include
    ``unreadable_check_in_answer`` (critical, calling for a risk assessment).

    Parameters
    ----------
    instrument : str
        The instrument's code.
    given : mapping of int to object
        Item number -> answer code of the questions answered so far (None or missing: unanswered).
    worst_case : bool, default False
        How unanswered questions count (above).

    Returns
    -------
    tuple of Flag
        The flags the answers raise; empty when none.

    Raises
    ------
    UnknownInstrumentError
        ``instrument`` is no instrument iopkit knows.

    Examples
    --------
    >>> [f.code for f in unfinished_flags("phq9", {1: 3, 2: 3})]
    []
    >>> [f.code for f in unfinished_flags("phq9", {1: 3, 2: 3}, worst_case=True)]
    ['suicidal_ideation']
    """
    from .scoring import score

    inst = _instrument(instrument)
    filled = []
    for item in inst.items:
        value = given.get(item.number)
        if value is None and item.kind in ("choice", "yes_no") and not worst_case:
            value = min(item.options, key=lambda o: o.points).code
        filled.append(value)
    try:
        return score(inst.code, filled).flags
    except IopkitError as error:  # incomplete (or refused): the flags its answers already make certain
        flags = tuple(getattr(error, "flags", ()) or ())
        if not isinstance(error, IncompleteResponseError):  # an answer the scorer refuses: tell staff, never silent
            return (*flags, _REFUSED_ANSWER)
        return flags


def needs_staff_now(instrument: str, given: Mapping[int, Any]) -> bool:
    """True when the answers given so far, whatever the rest will be, raise a flag calling for a risk
    assessment or an emergency evaluation.

    Each unanswered question is taken at its least serious answer (:func:`unfinished_flags`), so only what the
    patient actually answered counts (an unanswered safety question is not a reason to alarm the patient; the
    clinician still sees it, :meth:`CheckinBook.open_flags`); the instrument's own flag rules decide.

    Parameters
    ----------
    instrument : str
        The instrument's code.
    given : mapping of int to object
        Item number -> answer code of the questions answered so far.

    Returns
    -------
    bool
        True when staff must see the patient now.

    Raises
    ------
    UnknownInstrumentError
        ``instrument`` is no instrument iopkit knows.

    Examples
    --------
    >>> needs_staff_now("phq9", {9: 1}), needs_staff_now("phq9", {1: 3, 2: 3}), needs_staff_now("phq9", {9: 0})
    (True, False, False)
    """
    return any(f.calls_for in SUICIDE_RISK_CALLS for f in unfinished_flags(instrument, given))


def this_weeks_set(
    store, patient_id: int, *, as_of: dt.date | None = None, schedule: Mapping[str, int] | None = None
) -> tuple[str, ...]:
    """The measures of the programme's schedule (:data:`WEEKLY_SET`) due for a patient on ``as_of``.

    A measure is due when it was never given, or last given (by anyone) ``days`` or more before ``as_of``.

    Parameters
    ----------
    store : Store
        The clinic's open store.
    patient_id : int
        The patient's store id.
    as_of : datetime.date, optional
        The day to look from; default today. Assessments after it are not counted.
    schedule : mapping of str to int, optional
        Instrument code -> every how many days it is given; default :data:`WEEKLY_SET`.

    Returns
    -------
    tuple of str
        The codes of the measures due, in the schedule's order; empty when none is due.

    Raises
    ------
    StoreError
        ``patient_id`` is not a whole number, or a stored assessment cannot be read by this iopkit.
    RecordNotFoundError
        The store has no patient with that id (or none this role may see).

    Examples
    --------
    >>> import datetime as dt, pathlib, tempfile
    >>> from iopkit import score
    >>> from iopkit.store import Store
    >>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "w.sqlite"); pid = store.add_patient("IOP-8")
    >>> _ = store.save(pid, score("gad7", [0] * 7), by="KM", when=dt.date(2026, 3, 2))
    >>> this_weeks_set(store, pid, as_of=dt.date(2026, 3, 5)), this_weeks_set(store, pid, as_of=dt.date(2026, 3, 9))
    (('phq9',), ('phq9', 'gad7'))
    """
    from .entry import clinical_day

    as_of = as_of or clinical_day()
    schedule = WEEKLY_SET if schedule is None else schedule
    last: dict[str, dt.date] = {}
    for r in store.current(patient_id, "assessment"):
        day = clinical_day(r.taken_at)
        if day <= as_of:
            last[r.item.instrument] = max(day, last.get(r.item.instrument, day))
    return tuple(code for code, every in schedule.items() if code not in last or (as_of - last[code]).days >= every)


def client_key(address: str | None) -> str:
    """Whom the throttle counts a wrong code against: an IPv4 address, or an IPv6 address's /64 network.

    One IPv6 subscriber commonly holds a whole /64 (2^64 addresses), so counting single IPv6 addresses would
    give a guesser unlimited fresh "clients"; iopkit's own rule.  Behind a reverse proxy every client has the
    proxy's address (the per-client count then covers everyone; the global count still holds).

    Parameters
    ----------
    address : str or None
        The client's address as the server saw it (an IPv6 zone after ``%`` is ignored); None if unknown.

    Returns
    -------
    str
        An IPv4 address (an IPv4-mapped IPv6 address as its IPv4 address), an IPv6 ``/64`` network, the
        text given when it is no address, or ``"?"`` for none.

    Examples
    --------
    >>> client_key("192.0.2.7"), client_key("2001:db8:1:2:aaaa::1"), client_key("::ffff:192.0.2.7"), client_key(None)
    ('192.0.2.7', '2001:db8:1:2::/64', '192.0.2.7', '?')
    """
    import ipaddress

    try:
        ip = ipaddress.ip_address((address or "").split("%")[0])
    except ValueError:
        return address or "?"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


class Throttle:
    """Slows repeated wrong codes, per client and for the whole server.

    Each client may get ``free`` codes wrong within ``window`` seconds; after that it must wait
    ``delay`` seconds after its last wrong code, doubling with each further wrong code (at most
    ``longest``).  The same rule applies to all clients together with ``global_free``, so that
    guessing from many addresses is slowed too.  A right code does not reset the global count.

    Parameters
    ----------
    free : int, default 5
        Wrong codes each client may give within ``window`` before it must wait.
    global_free : int, default 50
        Wrong codes all clients together may give within ``window`` before each must wait.
    delay : float, default 2.0
        The first wait in seconds, doubling with each further wrong code.
    longest : float, default 300.0
        The longest wait in seconds.
    window : float, default 900.0
        How long, in seconds, a wrong code counts.

    Examples
    --------
    >>> t = Throttle(free=2, delay=1.0)
    >>> [t.wait("a", now=0.0), t.failed("a", now=0.0), t.failed("a", now=0.0), t.wait("a", now=0.0)]
    [0.0, None, None, 1.0]
    >>> t.failed("a", now=1.0); t.wait("a", now=1.0), t.wait("b", now=1.0)
    (2.0, 0.0)
    """

    def __init__(
        self, *, free: int = 5, global_free: int = 50, delay: float = 2.0, longest: float = 300.0, window: float = 900.0
    ) -> None:
        self.free, self.global_free, self.delay, self.longest, self.window = free, global_free, delay, longest, window
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> list[float]:
        kept = [t for t in self._failures.get(key, []) if now - t < self.window]
        if kept:
            self._failures[key] = kept
        else:
            self._failures.pop(key, None)
        return kept

    def _wait(self, times: list[float], free: int, now: float) -> float:
        over = len(times) - free
        if over < 0:
            return 0.0
        pause = min(self.delay * 2**over, self.longest)
        return max(0.0, times[-1] + pause - now)

    def wait(self, client: str, now: float) -> float:
        """Seconds ``client`` must wait before its next try (0: it may try now).

        Parameters
        ----------
        client : str
            The client (:func:`client_key`).
        now : float
            The time in seconds (a monotonic clock).

        Returns
        -------
        float
            The longer of the client's own wait and the wait of all clients together.
        """
        with self._lock:
            return max(
                self._wait(self._recent(client, now), self.free, now),
                self._wait(self._recent(_ALL, now), self.global_free, now),
            )

    def failed(self, client: str, now: float) -> None:
        """Count a wrong code from ``client``.

        Parameters
        ----------
        client : str
            The client (:func:`client_key`).
        now : float
            The time in seconds (a monotonic clock).
        """
        with self._lock:
            for key in (client, _ALL):
                self._failures.setdefault(key, []).append(now)

    def succeeded(self, client: str) -> None:
        """A right code: the client's own count starts again.

        Parameters
        ----------
        client : str
            The client (:func:`client_key`).
        """
        with self._lock:
            self._failures.pop(client, None)
