"""The shape of an instrument definition, and the checks run when one is loaded.

An instrument is data: its items (short stem, allowed answers with their printed
labels and the points each scores), banding schemes, skip rules, subscales,
flag rules, LOINC codes, citation and licence.  The one scorer in
:mod:`iopkit.scoring` reads these fields and has no branch per instrument.

Every answer is normalised to a numeric *code*: the printed value for Likert
items (PHQ-9 ``0..3``, AUDIT items 9-10 ``0, 2, 4``), ``1``/``0`` for yes/no
items, the count for day counts.  An option's ``points`` is what the code adds
to the total, which is how reverse keys (DAST-10 item 3) and triage weights
(C-SSRS) are expressed.
"""

from __future__ import annotations

import math
import numbers
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType

from .._frozen import FrozenMap, freeze
from .._validate import member, shown
from ..errors import InstrumentDefinitionError, InvalidAnswerError, UnknownSchemeError
from ..flags import CallsFor, MedicalReview, Severity
from ._checks import check

__all__ = [
    "Option",
    "Item",
    "Band",
    "Scheme",
    "SkipRule",
    "IfAnswered",
    "Subscale",
    "Criterion",
    "When",
    "FlagRule",
    "Exclusion",
    "Instrument",
    "ItemKind",
    "Aggregate",
    "UnknownRule",
    "choice_items",
    "yes_no_item",
    "labelled",
    "two_bands",
    "band_flag",
    "safety_question",
    "withdrawal_sign",
    "WITHDRAWAL_ASSESSMENTS",
    "YES_WORDS",
    "NO_WORDS",
    "UNKNOWN_RULES",
]


class ItemKind(StrEnum):
    """What answers an item takes (:attr:`Item.kind`).

    ``choice``: numbers printed on the form; ``yes_no``: ``"yes"/"no"``, ``True/False`` or
    ``1/0``; ``count``: a whole number in the item's ``count_range`` (e.g. days; unscored);
    ``not_recorded``: a follow-up kept elsewhere, always ``None`` (e.g. BAM item 7).
    """

    CHOICE = "choice"
    YES_NO = "yes_no"
    COUNT = "count"
    NOT_RECORDED = "not_recorded"


class Aggregate(StrEnum):
    """How item points make the result (:attr:`Instrument.aggregate`; ``None`` for subscales only).

    ``sum``: a total; ``max``: the highest item level reached (C-SSRS triage: banded, no total).
    """

    SUM = "sum"
    MAX = "max"


class UnknownRule(StrEnum):
    """How a flag condition treats answers not yet given on an unfinished form (:attr:`When.unknown`).

    ``certain``: the condition is raised only when every reachable completion satisfies it (for a
    band condition: the band of the lowest reachable total carries it, a certain lower bound).
    ``worst_case``: an item the form certainly asks next (no skip rule can leave it unasked) but
    that is not yet answered counts as its worst answer, until it is asked.
    """

    CERTAIN = "certain"
    WORST_CASE = "worst_case"


#: The values of :class:`UnknownRule`.
UNKNOWN_RULES = tuple(r.value for r in UnknownRule)


def _closed(kind, value, name: str):
    """A definition's value as a member of its closed set, or an InstrumentDefinitionError naming it."""
    return member(kind, value, name, InstrumentDefinitionError)


class _NoNumpy:
    """Stands for numpy while it is not imported: no answer can be a numpy value then, and an
    ``isinstance`` check against an empty tuple is False."""

    generic = bool_ = integer = ndarray = timedelta64 = datetime64 = ()


def _np():
    """numpy if it is imported, else :class:`_NoNumpy` (a definition or a dashboard never imports numpy itself).

    numpy still being imported (by a page's worker thread, :func:`iopkit.widgets.page.start_reading`) counts as not
    imported: its names may not exist yet, and no numpy value can exist before they do.
    """
    np = sys.modules.get("numpy")
    if np is None or getattr(getattr(np, "__spec__", None), "_initializing", False):
        return _NoNumpy
    return np


YES_WORDS = ("yes", "y", "true")
NO_WORDS = ("no", "n", "false")


@dataclass(frozen=True)
class Option:
    """One allowed answer: the code it is recorded as, its printed label and its points.

    ``text`` is what a form shows for the answer, set when the instrument is loaded: the printed
    number and label where the number is the points (PHQ-9 "2 More than half the days"), else
    the label with the points it adds ("No (adds 1 point)" for DAST-10 item 3, reverse-keyed).

    Parameters
    ----------
    code : int
        The code the answer is recorded as.
    label : str
        The label the form prints ("" where it prints only the number).
    points : int
        The points the answer adds.
    text : str, default ""
        What a form shows; set by :class:`Instrument` when it is made (not compared).
    """

    code: int
    label: str
    points: int
    text: str = field(default="", compare=False)


@dataclass(frozen=True)
class Item:
    """One question of a form.

    ``kind`` is an :class:`ItemKind` (given as a member or its value, e.g. ``"yes_no"``):
    ``choice`` (numbers printed on the form), ``yes_no`` (answers ``"yes"/"no"``,
    ``True/False`` or ``1/0``), ``count`` (a whole number in ``count_range``, e.g. days;
    unscored) or ``not_recorded`` (a follow-up kept elsewhere, always ``None``, e.g. BAM item 7).
    Any other kind is an :class:`~iopkit.errors.InstrumentDefinitionError`.

    Parameters
    ----------
    number : int
        The item's number as printed on the form (1-based).
    stem : str
        The question as printed.
    kind : ItemKind or str, default "choice"
        What answers it takes (above).
    options : tuple of Option, default ()
        The allowed answers (choice and yes/no items).
    count_range : tuple of (int, int), optional
        The lowest and highest count (count items).
    label : str, default ""
        A short name of the item, where the form has one.
    loinc : str, default ""
        The item's LOINC code.
    instrument : str, default ""
        The instrument's code; set by :class:`Instrument` when it is made.
    instruction : str, default ""
        The form's own instruction for the item (what to ask or observe), as printed, where the form prints
        one apart from the stem (CIWA-Ar item 10: ``Ask "What day is this? Where are you? Who am I?"``).  Shown
        where the item is rated (the intake form, the REDCap field note, the FHIR Questionnaire's help text),
        never where a blank item is named ("Ask CIWA-Ar item 10 now (Orientation and clouding of sensorium)").

    Raises
    ------
    InstrumentDefinitionError
        ``kind`` is not an :class:`ItemKind`.

    Examples
    --------
    >>> item = yes_no_item(3, "Always able to stop using when you want to", reverse=True)
    >>> item.code_of("no"), item.points_of(0), item.canonical(0)
    (0, 1, False)
    """

    number: int
    stem: str
    kind: ItemKind | str = ItemKind.CHOICE  # a str is read as its ItemKind
    options: tuple[Option, ...] = ()
    count_range: tuple[int, int] | None = None
    label: str = ""
    loinc: str = ""
    instrument: str = ""
    instruction: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", _closed(ItemKind, self.kind, f"item {self.number} kind"))

    @property
    def column(self) -> str:
        """The column name :func:`iopkit.score_many` reads this item from."""
        return f"item{self.number}"

    @property
    def codes(self) -> tuple[int, ...]:
        """Allowed codes (empty for counts and unrecorded items)."""
        return tuple(o.code for o in self.options)

    @property
    def scored(self) -> bool:
        """True when some answer adds points (an item recorded but not scored has none)."""
        return any(o.points for o in self.options)

    @property
    def required(self) -> bool:
        """True unless the item is ``not_recorded`` (a gap there never blocks the score)."""
        return self.kind != "not_recorded"

    @property
    def reverse(self) -> bool:
        """True when a higher code scores fewer points (a reverse key)."""
        pts = [o.points for o in sorted(self.options, key=lambda o: o.code)]
        return any(b < a for a, b in zip(pts, pts[1:]))

    @property
    def allowed(self) -> str:
        """The allowed answers in words, for error messages and forms."""
        if self.kind == "yes_no":
            return '"yes"/"no", True/False or 1/0'
        if self.kind == "count":
            assert self.count_range is not None  # a count item is defined with its range
            return f"a whole number from {self.count_range[0]} to {self.count_range[1]}"
        if self.kind == "not_recorded":
            return "None (recorded elsewhere)"
        return "one of " + ", ".join(str(c) for c in self.codes)

    def _invalid(self, value, why: str = "") -> InvalidAnswerError:
        given = shown(value) + (f" ({why})" if why else "")  # 0.5, not np.float64(0.5); a time span in words
        return InvalidAnswerError(
            f"{self.instrument} item {self.number} must be {self.allowed} (got {given})",
            instrument=self.instrument,
            item=self.number,
            value=value,
            allowed=self.codes if self.kind in ("choice", "yes_no") else self.allowed,
        )

    def code_of(self, value) -> int | None:
        """Normalise one answer to its code; ``None`` stays ``None`` (not answered).

        Parameters
        ----------
        value : object
            The answer given: a whole number (an int, or a float or numpy number with no fraction), for a
            yes/no item also a bool or a yes/no word (:data:`YES_WORDS`, :data:`NO_WORDS`, any case), or None.

        Returns
        -------
        int or None
            The answer's code, or None when not answered.

        Raises
        ------
        InvalidAnswerError
            Not one of the item's allowed answers (:attr:`allowed`): not a number, NaN, a fraction, out of the
            item's codes or count range, a bool on a numbered item, or any answer on a ``not_recorded`` item.
        """
        if value is None:
            return None
        if self.kind == "not_recorded":
            raise self._invalid(value)
        np = _np()
        if self.kind == "yes_no":
            if isinstance(value, str):
                word = value.strip().lower()
                if word in YES_WORDS or word in NO_WORDS:
                    return int(word in YES_WORDS)
                raise self._invalid(value)
        elif isinstance(value, (bool, np.bool_)):
            raise self._invalid(value, "a yes/no answer where a number is expected")
        # numpy counts a time span as an integer: it is no answer (nor is a date)
        if not isinstance(value, (numbers.Real, np.bool_)) or isinstance(value, (np.timedelta64, np.datetime64)):
            raise self._invalid(value, "not a number")
        try:
            number = float(value)
        except OverflowError:  # an int too large for a float is out of range, not a crash
            raise self._invalid(value) from None
        except (TypeError, ValueError):  # a Real subclass that will not convert
            raise self._invalid(value, "not a number") from None
        if math.isnan(number):
            raise self._invalid(value, "NaN")
        if not number.is_integer():
            raise self._invalid(value)
        code = int(number)
        if self.kind == "count":
            assert self.count_range is not None  # a count item is defined with its range
            low, high = self.count_range
            ok = low <= code <= high
        else:
            ok = code in self.codes
        if not ok:
            raise self._invalid(value)
        return code

    def points_of(self, code: int) -> int:
        """Points scored by a code (counts score nothing).

        Parameters
        ----------
        code : int
            An answer code (:meth:`code_of`).

        Returns
        -------
        int
            The points of the option with that code; 0 when no option has it.
        """
        return next((o.points for o in self.options if o.code == code), 0)

    def canonical(self, code: int | None):
        """The JSON-able answer recorded in a Score: bool for yes/no items, else the int.

        Parameters
        ----------
        code : int or None
            An answer code (:meth:`code_of`), or None when not answered.

        Returns
        -------
        bool, int or None
            ``bool(code)`` for a yes/no item, else ``code``; None stays None.
        """
        if code is None:
            return None
        return bool(code) if self.kind == "yes_no" else code


@dataclass(frozen=True)
class Band:
    """A score range ``low..high`` (inclusive) with its snake_case label.

    Parameters
    ----------
    low, high : int
        The lowest and highest score of the band (inclusive).
    label : str
        The band's label in snake_case (``"moderately_severe"``).
    meaning : str, default ""
        What the band means in words, where the source says.
    """

    low: int
    high: int
    label: str
    meaning: str = ""


@dataclass(frozen=True)
class Scheme:
    """A named banding scheme with its source.

    ``bands`` apply when sex is unknown (or the scheme is not sex-specific);
    ``by_sex`` maps ``"female"``/``"male"`` to their own bands.  The unknown-sex
    bands must be the more sensitive ones (checked at load).

    Parameters
    ----------
    id : str
        The scheme's id (``"kroenke_2001"``).
    source : str
        The bibliography key of its source.
    bands : tuple of Band
        The bands, contiguous and covering the score range (checked when the instrument is made).
    by_sex : mapping of str to tuple of Band, default {}
        ``"female"``/``"male"`` -> their own bands (stored frozen).
    name : str, default ""
        What users are told the scheme is, where neither its source's short form nor "iopkit's default" says it
        (``"a secondary summary"``: "severe on a secondary summary's bands"); the ``id`` stays data (scores,
        records, the ``scheme=`` argument), never words a user reads. ``""``: named from its source.
    """

    id: str
    source: str
    bands: tuple[Band, ...]
    by_sex: Mapping[str, tuple[Band, ...]] = field(default_factory=FrozenMap)
    name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_sex", freeze(self.by_sex))

    def bands_for(self, sex: str | None) -> tuple[Band, ...]:
        """The bands used for ``sex`` (the sex-specific ones where defined, else the common bands).

        Parameters
        ----------
        sex : str or None
            ``"female"``, ``"male"`` or None (unknown).

        Returns
        -------
        tuple of Band
            The bands for that sex.
        """
        return self.by_sex.get(sex, self.bands) if sex else self.bands


class IfAnswered(StrEnum):
    """What scoring does with an answer the form's skip rule says should not have been asked.

    ``refuse``: the answers contradict each other, so the form is refused, naming the item, its value
    and the rule (e.g. AUDIT Q1 "never" with Q2-8 answered: WHO manual, skip to Q9-10).
    ``keep``: a safety answer is never dropped: it is scored as given (the higher risk is kept) and
    the basis notes the contradiction, asking to clarify it (e.g. C-SSRS Q7 "yes" after Q6 "no").
    """

    REFUSE = "refuse"
    KEEP = "keep"


@dataclass(frozen=True)
class SkipRule:
    """Items left unasked when every ``when`` item holds one of its codes.

    Unasked items may be ``None`` and then score ``fill`` (the form's "no" / 0); an unasked item
    answered with anything else is refused or kept as ``if_answered`` says (:class:`IfAnswered`).

    Parameters
    ----------
    when : tuple of (int, tuple of int)
        (item number, codes) pairs: the rule applies when every such item holds one of its codes.
    unasked : tuple of int
        The items then left unasked.
    source : str
        The bibliography key of the form's skip instruction.
    fill : int, default 0
        The code an unasked item scores as.
    if_answered : IfAnswered, default IfAnswered.REFUSE
        What scoring does with an unasked item that was answered anyway.
    """

    when: tuple[tuple[int, tuple[int, ...]], ...]
    unasked: tuple[int, ...]
    source: str
    fill: int = 0
    if_answered: IfAnswered = IfAnswered.REFUSE


@dataclass(frozen=True)
class Subscale:
    """Sum of item points, or (with ``count_at_least``) the number of items scoring at least that.

    Parameters
    ----------
    name : str
        The subscale's name, as the score reports it.
    items : tuple of int
        Its item numbers.
    source : str
        The bibliography key of its source.
    count_at_least : int, optional
        Given, the subscale counts the items scoring at least this instead of summing their points.
    """

    name: str
    items: tuple[int, ...]
    source: str
    count_at_least: int | None = None


@dataclass(frozen=True)
class Criterion:
    """A yes/no subscore: every named subscale reaches its minimum (e.g. PCL-5 DSM-5 rule).

    Parameters
    ----------
    name : str
        The criterion's name, as the score reports it.
    requires : tuple of (str, int)
        (subscale name, minimum) pairs, all of which must hold.
    source : str
        The bibliography key of its source.
    """

    name: str
    requires: tuple[tuple[str, int], ...]
    source: str


@dataclass(frozen=True)
class When:
    """One condition: an item code, a subscore or total in a range, or the band in a set.

    Parameters
    ----------
    item : int, default 0
        An item number whose code is tested against the range (0: no item).
    subscore : str, default ""
        A subscale or criterion name whose value is tested against the range.
    total : bool, default False
        Test the total against the range.
    bands : tuple of str, default ()
        Band labels: the condition holds when the result falls in one of them.
    at_least, at_most : float, default -inf, inf
        The range (inclusive) the tested value must fall in.
    unknown : UnknownRule or str, default "certain"
        How answers not yet given count on an unfinished form.

    Raises
    ------
    InstrumentDefinitionError
        ``unknown`` is not an :class:`UnknownRule`.
    """

    item: int = 0
    subscore: str = ""
    total: bool = False
    bands: tuple[str, ...] = ()
    at_least: float = -math.inf
    at_most: float = math.inf
    unknown: UnknownRule | str = UnknownRule.CERTAIN  # a str is read as its UnknownRule

    def __post_init__(self) -> None:
        object.__setattr__(self, "unknown", _closed(UnknownRule, self.unknown, "unknown"))


@dataclass(frozen=True)
class FlagRule:
    """A flag raised when any of its conditions holds.

    ``severity`` is an :class:`iopkit.flags.Severity` and ``calls_for`` the kind of response the
    flag calls for, an :class:`iopkit.flags.CallsFor` (``risk_assessment`` for suicide items,
    ``medical_review`` for withdrawal, ...); either may be given as its value (``"critical"``), and
    any other value is an :class:`~iopkit.errors.InstrumentDefinitionError` naming the field.
    On an unfinished form each condition resolves the missing answers as its ``unknown`` says
    (:class:`UnknownRule`), so a flag raised there is a certain lower bound, or, for a
    ``worst_case`` condition, the worst case until the missing item is asked.
    A rule that several items can raise may name its ``finding``: its flag's message is then each
    answered item that raised it, its name and its rating (:func:`iopkit.scoring.engine.raised_by`),
    then the finding, so a clinician sees which item fired and nothing it did not find; ``message``
    states the rule in full (the docs, and a flag raised only by a blank safety question's worst case).
    A rule calling for a medical review says how soon and by whom in ``medical_review`` where its
    next step says more than its severity (:class:`~iopkit.flags.MedicalReview`).

    Parameters
    ----------
    code : str
        The flag's code (``"suicidal_ideation"``).
    message : str
        What the flag says.
    severity : Severity or str
        How serious it is.
    action : str
        What the clinician should do.
    source : str
        Bibliography keys of its sources, separated by ``"; "``.
    when : tuple of When
        The conditions; the flag is raised when any holds.
    calls_for : CallsFor or str, default "note"
        The kind of response it calls for.
    finding : str, default ""
        What the flag found, after the item(s) and rating(s) that raised it (above); empty: the flag's
        message is ``message``.
    medical_review : MedicalReview or str or None, default None
        How soon and by whom the medical review it calls for is due; ``None``: as its severity says
        (critical: ``now``, else ``today``; :func:`iopkit.flags.medical_review_of`).

    Raises
    ------
    InstrumentDefinitionError
        ``severity`` is not a :class:`~iopkit.flags.Severity`, ``calls_for`` not a
        :class:`~iopkit.flags.CallsFor` or ``medical_review`` not a :class:`~iopkit.flags.MedicalReview`;
        ``finding`` is not text; ``medical_review`` on a rule that calls for no medical review, or
        other than ``now`` on a critical rule (critical is now).
    """

    code: str
    message: str
    severity: Severity | str  # a str is read as its Severity
    action: str
    source: str
    when: tuple[When, ...]
    calls_for: CallsFor | str = CallsFor.NOTE  # a str is read as its CallsFor
    finding: str = ""
    medical_review: MedicalReview | str | None = None  # a str is read as its MedicalReview

    def __post_init__(self) -> None:
        name = f"flag {self.code!r}"
        object.__setattr__(self, "severity", _closed(Severity, self.severity, f"{name} severity"))
        object.__setattr__(self, "calls_for", _closed(CallsFor, self.calls_for, f"{name} calls_for"))
        if not isinstance(self.finding, str):
            raise InstrumentDefinitionError(f"{name} finding must be text (got {self.finding!r})")
        if self.medical_review is None:
            return
        review = _closed(MedicalReview, self.medical_review, f"{name} medical_review")
        object.__setattr__(self, "medical_review", review)
        if self.calls_for is not CallsFor.MEDICAL_REVIEW:
            raise InstrumentDefinitionError(
                f"{name} says when its medical review is due but calls for {self.calls_for}"
            )
        if self.severity is Severity.CRITICAL and review is not MedicalReview.NOW:
            raise InstrumentDefinitionError(f"{name} is critical: its medical review is now (got {review})")

    @property
    def items(self) -> tuple[int, ...]:
        """The item numbers its conditions read, each once, in the order of its conditions (none for a condition on a
        total, a band or a subscore).

        Returns
        -------
        tuple of int
        """
        return tuple(dict.fromkeys(w.item for w in self.when if w.item))


@dataclass(frozen=True)
class Exclusion:
    """Items not counted when a context switch is on (DSM-5: under medical supervision).

    Parameters
    ----------
    context : str
        The context key that switches the exclusion on.
    items : tuple of int
        The item numbers then not counted.
    source : str
        The bibliography key of its source.
    """

    context: str
    items: tuple[int, ...]
    source: str


@dataclass(frozen=True)
class Instrument:
    """One instrument definition, checked when it is created.

    ``aggregate`` is an :class:`Aggregate` (a member or its value): ``sum`` (a total), ``max``
    (highest item level, e.g. C-SSRS triage: banded but no total reported), or ``None``
    (subscales only, BAM).
    ``groups`` name the parts of a form passed as a dict (CRAFFT).
    ``context`` maps each context key the instrument takes to its allowed values
    and default, e.g. ``{"sex": (("female", "male", None), None)}``.

    Parameters
    ----------
    code : str
        The instrument's code (``"phq9"``).
    name : str
        Its full name.
    items : tuple of Item
        Its items in form order (each gets the instrument's code and its options' form text).
    citation : str
        The bibliography key of the instrument's source.
    licence : str
        Its terms of use.
    schemes : tuple of Scheme, default ()
        Banding schemes, the authors' own first.
    aggregate : Aggregate, str or None, default "sum"
        How item points make the result (above).
    subscales : tuple of Subscale, default ()
        Its subscales.
    criteria : tuple of Criterion, default ()
        Its yes/no criteria over subscales.
    flags : tuple of FlagRule, default ()
        Its flag rules.
    skip_rules : tuple of SkipRule, default ()
        The form's skip instructions.
    exclusions : tuple of Exclusion, default ()
        Items not counted in a context.
    context : mapping, default {}
        Context key -> (allowed values, default) (stored frozen).
    groups : tuple of (str, tuple of int), default ()
        Named parts of the form and their item numbers.
    loinc_panel, loinc_total : str, default ""
        The LOINC codes of the panel and of the total score.
    timeframe : str, default ""
        The period the questions ask about (``"past 2 weeks"``).
    aliases : tuple of str, default ()
        Other names the instrument is found by.
    notes : tuple of str, default ()
        Notes on the definition.

    Raises
    ------
    InstrumentDefinitionError
        ``aggregate`` is not an :class:`Aggregate`, or the definition fails a load-time check (numbering,
        answer sets, bands contiguous and covering the range, references; the error names the instrument).
    """

    code: str
    name: str
    items: tuple[Item, ...]
    citation: str
    licence: str
    schemes: tuple[Scheme, ...] = ()
    aggregate: Aggregate | str | None = Aggregate.SUM  # a str is read as its Aggregate
    subscales: tuple[Subscale, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    flags: tuple[FlagRule, ...] = ()
    skip_rules: tuple[SkipRule, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    context: Mapping[str, tuple[tuple, object]] = field(default_factory=FrozenMap)
    groups: tuple[tuple[str, tuple[int, ...]], ...] = ()
    loinc_panel: str = ""
    loinc_total: str = ""
    timeframe: str = ""
    aliases: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.aggregate is not None:
            object.__setattr__(self, "aggregate", _closed(Aggregate, self.aggregate, "aggregate"))
        object.__setattr__(self, "context", freeze(self.context))
        items = tuple(
            Item(**{**i.__dict__, "instrument": self.code, "options": _with_text(i, self.aggregate)})
            for i in self.items
        )
        object.__setattr__(self, "items", items)
        check(self)

    @property
    def short_name(self) -> str:
        """The name the clinic says: the abbreviation in brackets ("PHQ-9" of "Patient Health Questionnaire-9
        (PHQ-9)", "BAM" of "Brief Addiction Monitor (BAM), 0-4 scored format"); without one, the name without a
        bracketed remark ("DSM-5 substance use disorder criteria count" of "... (not a diagnosis)", never the remark:
        walk23 finding 3); the whole name where there is no bracket.

        Examples
        --------
        >>> from iopkit.instruments import get
        >>> get("phq9").short_name, get("bam").short_name, get("crafft").short_name
        ('PHQ-9', 'BAM', 'CRAFFT 2.1')
        >>> get("dsm5_sud").short_name
        'DSM-5 substance use disorder criteria count'
        """
        name = self.name
        found = re.search(r"\(([A-Z][^()]*)\)", name)
        return found.group(1) if found else re.sub(r"\s*\([^()]*\)", "", name).strip() or name

    @property
    def default_scheme(self) -> str | None:
        """The id of the authors' own scheme (the first listed), or None without bands."""
        return self.schemes[0].id if self.schemes else None

    def scheme(self, scheme_id: str) -> Scheme:
        """The banding scheme ``scheme_id``; :class:`UnknownSchemeError` names the schemes defined.

        Parameters
        ----------
        scheme_id : str
            The scheme's id.

        Returns
        -------
        Scheme
            The scheme.

        Raises
        ------
        UnknownSchemeError
            The instrument has no scheme with that id.

        Examples
        --------
        >>> from iopkit.instruments import get
        >>> get("phq2").scheme("nice")
        Traceback (most recent call last):
        iopkit.errors.UnknownSchemeError: phq2 has no banding scheme 'nice'; schemes: kroenke_2003, arroll_2010
        """
        for scheme in self.schemes:
            if scheme.id == scheme_id:
                return scheme
        raise UnknownSchemeError(
            f"{self.code} has no banding scheme {scheme_id!r}; "
            f"schemes: {', '.join(s.id for s in self.schemes) or None}",
            instrument=self.code,
            item="scheme",
            value=scheme_id,
            allowed=tuple(s.id for s in self.schemes),
        )

    @property
    def reports_total(self) -> bool:
        """True when the result is a sum of points (not the highest level reached, not item-level only)."""
        return self.aggregate == "sum"

    @cached_property  # worked out once per definition (progress reads it for every total)
    def total_range(self) -> tuple[int, int] | None:
        """Lowest and highest aggregate the items allow (``None`` without an aggregate)."""
        pts = [[o.points for o in i.options] for i in self.items if i.scored]
        if self.aggregate == "sum":
            return sum(min(p) for p in pts), sum(max(p) for p in pts)
        if self.aggregate == "max":
            return min(min(p) for p in pts), max(max(p) for p in pts)
        return None

    def item(self, number: int) -> Item:
        """Item ``number`` as printed on the form (1-based).

        Parameters
        ----------
        number : int
            The item number, 1 to the number of items.

        Returns
        -------
        Item
            The item.

        Raises
        ------
        InvalidAnswerError
            ``number`` is not a whole number (a bool is not one) from 1 to the number of items.

        Examples
        --------
        >>> from iopkit.instruments import get
        >>> get("phq9").item(9).number
        9
        """
        k = len(self.items)
        if isinstance(number, bool) or not isinstance(number, (int, _np().integer)) or not 1 <= number <= k:
            raise InvalidAnswerError(
                f"{self.code} item must be a number 1-{k} (got {number!r})",
                instrument=self.code,
                value=number,
                allowed=f"1-{k}",
            )
        return self.items[number - 1]

    def arrange(self, answers) -> list:
        """One raw answer per item in form order, from a sequence, a mapping or the form's parts.

        Parameters
        ----------
        answers : sequence, mapping or mapping of parts
            One answer per item in form order (a sequence or a one-dimensional array); or item number ->
            answer (items left out are None); or, for an instrument with ``groups``, part name -> the part's
            answers in order.

        Returns
        -------
        list
            One raw answer per item in form order (not yet checked against the items' answers).

        Raises
        ------
        InvalidAnswerError
            Parts other than the form's, a part of the wrong length, a key that is no item number, text or
            another non-sequence, an array of more than one dimension, or the wrong number of answers.

        Examples
        --------
        >>> from iopkit.instruments import get
        >>> get("gad2").arrange({2: 1})
        [None, 1]
        """
        k, np = len(self.items), _np()
        groups = dict(self.groups)
        if isinstance(answers, Mapping) and groups and set(answers) & set(groups):
            if set(answers) != set(groups):
                raise InvalidAnswerError(
                    f"{self.code} answers must have exactly the parts {', '.join(groups)} "
                    f"(got {', '.join(map(str, answers))})",
                    instrument=self.code,
                    value=tuple(answers),
                    allowed=tuple(groups),
                )
            raw = [None] * k
            for name, numbers in groups.items():
                part = answers[name]
                if isinstance(part, (str, bytes)) or not isinstance(part, Sequence) or len(part) != len(numbers):
                    raise InvalidAnswerError(
                        f"{self.code} {name} must be a list of {len(numbers)} answers (got {part!r})",
                        instrument=self.code,
                        item=name,
                        value=part,
                        allowed=f"a list of {len(numbers)} answers",
                    )
                for n, value in zip(numbers, part):
                    raw[n - 1] = value
            return raw
        if isinstance(answers, Mapping):
            bad = [
                key
                for key in answers
                if isinstance(key, bool) or not isinstance(key, (int, np.integer)) or not 1 <= key <= k
            ]
            if bad:
                raise InvalidAnswerError(
                    f"{self.code} answers are keyed by item number 1-{k} (got {', '.join(map(repr, bad))})",
                    instrument=self.code,
                    value=tuple(bad),
                    allowed=f"item numbers 1-{k}",
                )
            return [answers.get(n) for n in range(1, k + 1)]
        if (
            isinstance(answers, (str, bytes))
            or not isinstance(answers, (Sequence, np.ndarray))
            or (isinstance(answers, np.ndarray) and answers.ndim != 1)
        ):
            raise InvalidAnswerError(
                f"{self.code} answers must be a sequence in form order or a mapping from item "
                f"number to answer (got {type(answers).__name__}"
                f"{f' of shape {answers.shape}' if isinstance(answers, np.ndarray) else ''})",
                instrument=self.code,
                value=answers,
                allowed="a sequence in form order or a mapping from item number to answer",
            )
        if len(answers) != k:
            raise InvalidAnswerError(
                f"{self.code} takes {k} answers in form order (got {len(answers)})",
                instrument=self.code,
                value=len(answers),
                allowed=f"{k} answers",
            )
        return list(answers)


def _with_text(item: Item, aggregate: Aggregate | str | None) -> tuple[Option, ...]:
    """The item's options with the text a form shows: never a number that is not the points."""
    if item.kind == "choice" and all(o.points == o.code for o in item.options):
        return tuple(replace(o, text=f"{o.code} {o.label}".strip()) for o in item.options)

    def text(o: Option) -> str:
        label = o.label or str(o.code)
        if aggregate == "max":  # the highest level reached is the result (C-SSRS triage)
            return f"{label} (triage level {o.points})"
        return f"{label} (adds {o.points} {'point' if o.points == 1 else 'points'})"

    return tuple(replace(o, text=text(o)) for o in item.options)


def labelled(labels: dict[int, str], high: int) -> tuple[Option, ...]:
    """Options ``0..high`` scoring their own value, labelled where the form prints an anchor.

    Parameters
    ----------
    labels : dict of int to str
        Code -> its printed label (codes left out get "").
    high : int
        The highest code.

    Returns
    -------
    tuple of Option
        The options ``0..high``, each scoring its code.
    """
    return tuple(Option(c, labels.get(c, ""), c) for c in range(high + 1))


def choice_items(stems, options: tuple[Option, ...], start: int = 1, loinc=()) -> tuple[Item, ...]:
    """Items sharing one answer list, numbered from ``start``.

    Parameters
    ----------
    stems : sequence of str
        The questions in form order.
    options : tuple of Option
        The answer list they share.
    start : int, default 1
        The number of the first.
    loinc : sequence of str, default ()
        Their LOINC codes in the same order (none by default).

    Returns
    -------
    tuple of Item
        The choice items.
    """
    loinc = tuple(loinc) or ("",) * len(stems)
    return tuple(Item(start + k, stem, options=options, loinc=code) for k, (stem, code) in enumerate(zip(stems, loinc)))


def yes_no_item(
    number: int, stem: str, reverse: bool = False, yes_points: int = 1, label: str = "", loinc: str = ""
) -> Item:
    """A yes/no item: "yes" scores ``yes_points`` ("no" does, if reverse-keyed).

    Parameters
    ----------
    number : int
        The item number.
    stem : str
        The question.
    reverse : bool, default False
        Reverse-keyed: "no" scores the points.
    yes_points : int, default 1
        The points of the scoring answer.
    label : str, default ""
        A short name of the item.
    loinc : str, default ""
        Its LOINC code.

    Returns
    -------
    Item
        The yes/no item (codes 0 "No", 1 "Yes").
    """
    yes, no = (0, yes_points) if reverse else (yes_points, 0)
    return Item(
        number, stem, kind="yes_no", label=label, loinc=loinc, options=(Option(0, "No", no), Option(1, "Yes", yes))
    )


def two_bands(
    cut: int, low: int, high: int, below: str = "negative", at_or_above: str = "positive"
) -> tuple[Band, Band]:
    """Two bands split at a cut-off: ``low..cut-1`` and ``cut..high``.

    Parameters
    ----------
    cut : int
        The cut-off: the lowest score of the upper band.
    low, high : int
        The lowest and highest score.
    below : str, default "negative"
        The lower band's label.
    at_or_above : str, default "positive"
        The upper band's label.

    Returns
    -------
    tuple of (Band, Band)
        The lower and the upper band.
    """
    return Band(low, cut - 1, below), Band(cut, high, at_or_above)


def safety_question(item: int, at_least: int = 1) -> When:
    """The condition of a safety question: its answer at ``at_least`` or more raises the flag, and
    left blank where the form certainly asks it, its worst answer stands until it is asked.

    The one rule for every blank safety question (PHQ-9 item 9, the C-SSRS intent, plan and
    recency questions, CRAFFT CAR): a skipped safety question is a danger sign of its own, so the
    form says "ask item N now" at once instead of staying silent until the form is complete.

    Parameters
    ----------
    item : int
        The safety question's item number.
    at_least : int, default 1
        The lowest answer code that raises the flag.

    Returns
    -------
    When
        The condition, ``unknown="worst_case"``.

    Examples
    --------
    >>> safety_question(9).unknown
    <UnknownRule.WORST_CASE: 'worst_case'>
    """
    return When(item=item, at_least=at_least, unknown="worst_case")


def withdrawal_sign(what: str, item: int, source: str, at_least: int = 1, *, substance: str) -> FlagRule:
    """A warning that an item reports a withdrawal sign: assess withdrawal risk today, for the substance it names.

    No published rule ties these items to a withdrawal assessment: iopkit's own rule (source key
    ``iopkit``), with the instrument's source for the item's meaning. What to assess depends on the substance
    the item asks about (:data:`WITHDRAWAL_ASSESSMENTS`): for alcohol, when and how much the last drink was
    (ASAM 2020 alcohol withdrawal guideline, Rec I.2, I.3), the CIWA-Ar for current signs and the PAWSS or a
    history of withdrawal seizures or delirium tremens for complicated withdrawal (Rec II.1, II.5); for drugs,
    which drugs and when; sedative-hypnotic withdrawal from benzodiazepines, Z-drugs or barbiturates, which can
    cause seizures and delirium (Joint guideline on benzodiazepine tapering, ASAM 2025: never stop abruptly when
    physically dependent; a prescriber plans a taper; it does not cover a non-prescribed supply, for which iopkit
    points to 3.7-WM, considered); withdrawal from GHB/GBL, which can start within hours and turn quickly into
    delirium (McDonough et al. 2004, a review that recorded no withdrawal seizures, so it is never cited for them),
    managed medically, as an inpatient when severe: iopkit's pointer is 3.7-WM, or 4-WM when the patient doses
    around the clock (levels of the ASAM Criteria, 3rd ed.); and the COWS for opioids (Wesson & Ling 2003). No
    alcohol tool is named for a drug item, nor an opioid tool for an alcohol item.

    Parameters
    ----------
    what : str
        The item and what it reports, named in the message (``"DAST-10 item 9, withdrawal symptoms"``): the
        headline names the finding by it.
    item : int
        The item number.
    source : str
        The bibliography key of the instrument's source.
    at_least : int, default 1
        The lowest answer code that raises the flag.
    substance : {"alcohol", "drugs", "alcohol or drugs"}
        What the item asks about (a key of :data:`WITHDRAWAL_ASSESSMENTS`).

    Returns
    -------
    FlagRule
        The ``withdrawal_risk`` warning, calling for a medical review.

    Raises
    ------
    InstrumentDefinitionError
        ``substance`` is none of the keys of :data:`WITHDRAWAL_ASSESSMENTS`.

    Examples
    --------
    >>> rule = withdrawal_sign("DAST-10 item 9, withdrawal symptoms", 9, "dast_skinner1982", substance="drugs")
    >>> rule.code, rule.severity, rule.calls_for
    ('withdrawal_risk', <Severity.WARNING: 'warning'>, <CallsFor.MEDICAL_REVIEW: 'medical_review'>)
    >>> "CIWA-Ar" in rule.action, "benzodiazepine" in rule.action
    (False, True)
    """
    if substance not in WITHDRAWAL_ASSESSMENTS:
        raise InstrumentDefinitionError(
            f"withdrawal_sign substance must be one of {', '.join(WITHDRAWAL_ASSESSMENTS)} (got {substance!r})"
        )
    assess, sources = WITHDRAWAL_ASSESSMENTS[substance]
    return FlagRule(
        "withdrawal_risk",
        f"{what}: a sign of physical dependence, so withdrawal may follow",
        "warning",
        f"Assess withdrawal risk today ({assess}) before planning ambulatory care",
        f"{source}; {sources}; iopkit",
        (When(item=item, at_least=at_least),),
        calls_for="medical_review",
    )


_ALCOHOL = (
    "ask when and how much the last drink was; CIWA-Ar for current signs; PAWSS or a past withdrawal seizure or "
    "delirium tremens for the risk of complicated alcohol withdrawal"
)
_DRUGS = (
    "ask which drugs and when last used; sedative-hypnotic withdrawal from benzodiazepines, Z-drugs or "
    "barbiturates can cause seizures and delirium: do not stop abruptly; a prescriber plans a taper (a "
    "non-prescribed supply: consider 3.7-WM medically monitored inpatient withdrawal management); withdrawal from "
    "GHB/GBL can start within hours and progress quickly to delirium: do not stop abruptly; withdrawal management "
    "under medical care (3.7-WM medically monitored inpatient, or 4-WM medically managed intensive inpatient when "
    "dosing around the clock); COWS for opioids"
)
#: What a withdrawal sign asks to assess, by the substance its item asks about, with the sources: for alcohol
#: the last drink (ASAM 2020 alcohol withdrawal guideline Rec I.2, I.3), the CIWA-Ar (current signs) and the
#: PAWSS or a history of withdrawal seizures or delirium tremens (Rec II.1, II.5; Maldonado et al. 2014); for
#: drugs, in two halves each citing its own source. Benzodiazepines, Z-drugs, barbiturates: withdrawal can cause
#: seizures and delirium, never stopped abruptly but tapered as a prescriber plans (Joint guideline on
#: benzodiazepine tapering, ASAM 2025, which covers prescribed benzodiazepines only: for a non-prescribed supply,
#: 3.7-WM considered, is iopkit's own pointer). GHB/GBL: withdrawal can start within hours and turn quickly into
#: delirium (53 % of the cases in McDonough et al. 2004, a review that recorded no withdrawal seizures: never cite
#: it for seizures), managed medically, as an inpatient when severe; iopkit's pointer is 3.7-WM (medically
#: monitored inpatient), or 4-WM (medically managed intensive inpatient) for a patient dosing around the clock
#: (the levels of the ASAM Criteria, 3rd ed., named as iopkit.placement names them). Then the COWS for opioids
#: (Wesson & Ling 2003); an item on alcohol or drugs names both.
WITHDRAWAL_ASSESSMENTS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "alcohol": (_ALCOHOL, "asam_awm2020; pawss_maldonado2014"),
        "drugs": (_DRUGS, "bzd_taper_asam2025; ghb_mcdonough2004; asam2013; cows_wesson2003"),
        "alcohol or drugs": (
            f"for alcohol: {_ALCOHOL}; for drugs: {_DRUGS}",
            "asam_awm2020; pawss_maldonado2014; bzd_taper_asam2025; ghb_mcdonough2004; asam2013; cows_wesson2003",
        ),
    }
)


def band_flag(
    code: str,
    message: str,
    bands: tuple[str, ...],
    action: str,
    source: str,
    severity: Severity | str = Severity.WARNING,
    calls_for: CallsFor | str = CallsFor.NOTE,
    medical_review: MedicalReview | str | None = None,
) -> FlagRule:
    """A flag raised when the result falls in one of ``bands`` (e.g. a positive screen).

    Parameters
    ----------
    code : str
        The flag's code.
    message : str
        What the flag says.
    bands : tuple of str
        The band labels that raise it.
    action : str
        What the clinician should do.
    source : str
        Bibliography keys of its sources.
    severity : Severity or str, default "warning"
        How serious it is.
    calls_for : CallsFor or str, default "note"
        The kind of response it calls for.
    medical_review : MedicalReview or str or None, default None
        How soon and by whom its medical review is due (:class:`FlagRule`).

    Returns
    -------
    FlagRule
        The flag rule.

    Raises
    ------
    InstrumentDefinitionError
        ``severity``, ``calls_for`` or ``medical_review`` is not of its set, or does not fit (:class:`FlagRule`).
    """
    return FlagRule(
        code, message, severity, action, source, (When(bands=bands),), calls_for, medical_review=medical_review
    )
