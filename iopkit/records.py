"""Drug-screen results, a clinical record the store keeps besides scores and placement decisions.

Drug screening is one of an IOP's core services (SAMHSA TIP 47, key ``tip47``), so results are kept
with the rest of the episode and read by continued-stay review. The placement decision
(:class:`iopkit.placement.Placement`) and what was done about a safety flag
(:class:`iopkit.placement.FlagResolution`) live with placement. An opioid detected that is not an expected
medication raises a safety flag (:attr:`DrugScreen.flags`, worded in :data:`OVERDOSE_RISK`), read from the result
itself, so a screen raises it however it reached the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .errors import InvalidAnswerError
from .flags import CallsFor, Flag, MedicalReview, Severity

__all__ = [
    "DRUG_SCREEN",
    "LEGACY_EXPECTED",
    "NEVER_PRESCRIBED",
    "OPIOIDS",
    "OPIOID_ABBREVIATIONS",
    "OVERDOSE_RISK",
    "DrugScreen",
    "is_opioid",
]

#: The store's kind of a drug screen, and the ``instrument`` of its flags (:class:`iopkit.episode.OpenFlag`,
#: :class:`iopkit.placement.FlagResolution`): a screen's flag is closed as any other flag is.
DRUG_SCREEN = "drug_screen"

#: Opioids, as a result names them: a detected substance whose name contains one of these (lower case) is an opioid
#: (fentanyl takes in norfentanyl and the fentanyl analogues; "fentanil" carfentanil). The lab's panel abbreviations
#: count when they are the whole name. Cocaine, amphetamines and other non-opioids are not here: the flag is for
#: opioid overdose (a stimulant positive may hide fentanyl contamination, but only a confirmatory test shows it).
OPIOIDS = (
    "fentanyl", "fentanil", "heroin", "6-mam", "monoacetylmorphine", "opiate", "opioid", "morphine", "codeine",
    "oxycodone", "hydrocodone", "oxymorphone", "hydromorphone", "buprenorphine", "methadone", "eddp", "tramadol",
    "tapentadol", "meperidine", "propoxyphene", "nitazene",
)  # fmt: skip
#: Panel abbreviations of opioids (opiates, morphine, oxycodone, methadone, buprenorphine, fentanyl, 6-MAM,
#: propoxyphene), an opioid when they are the whole name.
OPIOID_ABBREVIATIONS = ("opi", "mop", "oxy", "mtd", "bup", "fyl", "fty", "6am", "ppx")
#: Opioids never prescribed: positive even when listed as expected (heroin, its marker 6-MAM, fentanyl analogues,
#: nitazenes).
NEVER_PRESCRIBED = ("heroin", "6-mam", "6am", "monoacetylmorphine", "carfentanil", "analog", "nitazene")

#: The flag an opioid positive raises (:attr:`DrugScreen.flags`), as data for the physician's review: ``{day}``,
#: ``{found}`` and ``{unknowing}`` are filled in. A result is not a diagnosis (ASAM 2017): it never changes the level
#: of care by itself. A medical review today, a warning: naloxone and the plan today, not an emergency.
OVERDOSE_RISK = MappingProxyType(
    {
        "code": "opioid_positive",
        "message": "High risk of opioid overdose: drug screen of {day} positive for {found} (not an expected "
        "medication){unknowing}",
        "unknowing": "; opiates negative: fentanyl may have been taken unknowingly",
        "action": "Offer naloxone and overdose education today; ask about use and route; review the treatment plan, "
        "including medication for opioid use disorder. Do not change the level of care on the screen alone; confirm by "
        "lab test (per lab policy) when the result will change care",
        "source": "tip63; samhsa_overdose_toolkit2018; asam_npg2020; asam_drug_testing2017",
    }
)


def is_opioid(substance: str) -> bool:
    """True when ``substance`` names an opioid (:data:`OPIOIDS`, :data:`OPIOID_ABBREVIATIONS`).

    Parameters
    ----------
    substance : str
        A result's substance name, lower case (as :class:`DrugScreen` keeps them).

    Returns
    -------
    bool

    Examples
    --------
    >>> is_opioid("norfentanyl"), is_opioid("opi"), is_opioid("cocaine")
    (True, True, False)
    """
    return substance in OPIOID_ABBREVIATIONS or any(name in substance for name in OPIOIDS)


def _never_prescribed(substance: str) -> bool:
    return any(name in substance for name in NEVER_PRESCRIBED)


#: How records saved before :attr:`DrugScreen.expected` existed carried the expected medications: appended to
#: the panel text, ``"urine 12-panel (expected: buprenorphine)"``. :meth:`DrugScreen.from_dict` reads them back.
LEGACY_EXPECTED = " (expected: "


def _substances(field: str, values: Iterable[str]) -> tuple[str, ...]:
    if isinstance(values, str) or not all(isinstance(v, str) and v.strip() for v in values):
        raise InvalidAnswerError(f"Drug screen {field} must be a list of substance names (got {values!r})")
    return tuple(sorted({v.strip().lower() for v in values}))


def _legacy_panel(panel: str) -> tuple[str, tuple[str, ...]]:
    """An old record's panel text split into the panel and the expected medications it carried."""
    if not (isinstance(panel, str) and panel.endswith(")") and LEGACY_EXPECTED in panel):
        return panel, ()
    base, listed = panel.rsplit(LEGACY_EXPECTED, 1)
    return base, tuple(x.strip() for x in listed[:-1].split(",") if x.strip())


@dataclass(frozen=True)
class DrugScreen:
    """One drug-screen result: when the specimen was collected, the panel, what was positive and negative,
    and which medications were expected in the specimen because they are prescribed.

    A substance detected that is an expected medication (buprenorphine or methadone for a patient on
    medication for opioid use disorder) is recorded as detected but is not a positive screen for the
    continued-stay review (:attr:`counts_as_positive`; iopkit's own rule beside SAMHSA TIP 47,
    keys ``iopkit; tip47``). An expected medication that is *not* detected stays visible (:attr:`expected_missing`).

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
    expected : sequence of str
        Medications expected in the specimen (prescribed), e.g. ``["buprenorphine"]``; none by default.

    Raises
    ------
    InvalidAnswerError
        A collection date that is not a date (a datetime is refused too), an empty panel or specimen, a list of
        substances that is a single string or holds an empty or non-text name, a substance in both lists, or no
        substance at all. An empty panel or specimen carries ``instrument="drug_screen"``, ``item`` (``"panel"``,
        ``"specimen"``), ``value`` and ``allowed``, so a page can ask for that field in its own words.

    Examples
    --------
    >>> import datetime
    >>> s = DrugScreen(datetime.date(2026, 3, 2), "urine 5-panel", positive=["Cannabis"],
    ...                negative=["opioids", "cocaine"])
    >>> s.positive, s.any_positive
    (('cannabis',), True)
    >>> DrugScreen.from_dict(s.to_dict()) == s
    True
    >>> m = DrugScreen(datetime.date(2026, 3, 9), "urine 12-panel", positive=["buprenorphine"],
    ...                negative=["fentanyl"], expected=["Buprenorphine"])
    >>> m.expected, m.any_positive, m.unexpected_positive, m.counts_as_positive
    (('buprenorphine',), True, (), False)
    """

    collected: dt.date
    panel: str
    positive: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()
    specimen: str = "urine"
    expected: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.collected, dt.date) or isinstance(self.collected, dt.datetime):
            raise InvalidAnswerError(f"Drug screen collected must be a date (got {self.collected!r})")
        for field in ("panel", "specimen"):
            value = getattr(self, field)
            if not isinstance(value, str) or not value.strip():
                raise InvalidAnswerError(
                    f"Drug screen {field} must be non-empty text (got {value!r})",
                    instrument="drug_screen",
                    item=field,
                    value=value,
                    allowed="non-empty text, e.g. urine 12-panel" if field == "panel" else "non-empty text, e.g. urine",
                )
            object.__setattr__(self, field, value.strip())
        positive, negative = _substances("positive", self.positive), _substances("negative", self.negative)
        if both := set(positive) & set(negative):
            raise InvalidAnswerError(f"Drug screen lists {sorted(both)} as both positive and negative")
        if not positive and not negative:
            raise InvalidAnswerError("Drug screen tests no substance: give positive and/or negative results")
        object.__setattr__(self, "positive", positive)
        object.__setattr__(self, "negative", negative)
        object.__setattr__(self, "expected", _substances("expected", self.expected))

    @property
    def any_positive(self) -> bool:
        """True when any substance was detected."""
        return bool(self.positive)

    @property
    def unexpected_positive(self) -> tuple[str, ...]:
        """The substances detected that are not expected medications."""
        return tuple(x for x in self.positive if x not in self.expected)

    @property
    def counts_as_positive(self) -> bool:
        """True when a substance other than an expected medication was detected: what the review counts."""
        return bool(self.unexpected_positive)

    @property
    def opioids_found(self) -> tuple[str, ...]:
        """The opioids detected that are not expected medications (:data:`OPIOIDS`); one never prescribed
        (:data:`NEVER_PRESCRIBED`: heroin, 6-MAM, fentanyl analogues) even when listed as expected."""
        return tuple(x for x in self.positive if is_opioid(x) and (x not in self.expected or _never_prescribed(x)))

    @property
    def flags(self) -> tuple[Flag, ...]:
        """The safety flag of this result: an opioid detected that is not an expected medication raises the
        overdose-risk flag (:data:`OVERDOSE_RISK`); none otherwise.

        Read from the result itself, so every screen raises it however it was saved (entered, imported, or read
        from the history). A stimulant alone raises none: the flag is for opioid overdose, which naloxone
        reverses; a stimulant contaminated with fentanyl is a known risk, but only an opioid positive (or a
        confirmatory test) shows fentanyl on the screen.

        Returns
        -------
        tuple of Flag
            One warning calling for a medical review today, or empty.

        Examples
        --------
        >>> s = DrugScreen(dt.date(2026, 11, 26), "urine 12-panel", positive=["fentanyl", "cocaine"],
        ...                negative=["opiates"])
        >>> [(f.code, f.severity.value, f.calls_for.value) for f in s.flags]
        [('opioid_positive', 'warning', 'medical_review')]
        >>> DrugScreen(dt.date(2026, 11, 26), "urine", positive=["cocaine"]).flags
        ()
        """
        found = self.opioids_found
        if not found:
            return ()
        opiates_negative = any("opiate" in x or x in ("opi", "mop") for x in self.negative)
        fentanyl_only = opiates_negative and any("fentanyl" in x for x in found)
        said = OVERDOSE_RISK
        return (
            Flag(
                said["code"],
                said["message"].format(
                    day=f"{self.collected:%d %b %Y}",
                    found=", ".join(found),
                    unknowing=said["unknowing"] if fentanyl_only else "",
                ),
                Severity.WARNING,
                said["action"],
                said["source"],
                CallsFor.MEDICAL_REVIEW,
                medical_review=MedicalReview.TODAY,
            ),
        )

    @property
    def expected_missing(self) -> tuple[str, ...]:
        """Expected medications the screen tested and did not detect (worth a word with the patient)."""
        return tuple(x for x in self.expected if x in self.negative)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict; :meth:`from_dict` reads it back."""
        return {
            "collected": self.collected.isoformat(),
            "panel": self.panel,
            "positive": list(self.positive),
            "negative": list(self.negative),
            "specimen": self.specimen,
            "expected": list(self.expected),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DrugScreen:
        """Rebuild a result from :meth:`to_dict` output.

        A record saved before ``expected`` was a field (no ``"expected"`` key) carried the expected
        medications in its panel text (:data:`LEGACY_EXPECTED`); they are read back from there.

        Parameters
        ----------
        data : dict
            What :meth:`to_dict` gave (``collected`` as ``'YYYY-MM-DD'``, ``panel``, and optionally ``positive``,
            ``negative``, ``specimen``, ``expected``).

        Returns
        -------
        DrugScreen
            The result, checked as when it was first made.

        Raises
        ------
        InvalidAnswerError
            A missing ``collected`` or ``panel``, a field of the wrong type, or a result the class refuses.
            A ``collected`` that is not an ISO date raises ``ValueError``.

        Examples
        --------
        >>> old = {"collected": "2026-03-02", "panel": "urine 12-panel (expected: buprenorphine, methadone)",
        ...        "positive": ["buprenorphine"], "negative": ["fentanyl"]}
        >>> s = DrugScreen.from_dict(old)
        >>> s.panel, s.expected, s.counts_as_positive
        ('urine 12-panel', ('buprenorphine', 'methadone'), False)
        """
        try:
            collected = dt.date.fromisoformat(data["collected"])
            panel, expected = data["panel"], data.get("expected")
            if expected is None:
                panel, expected = _legacy_panel(panel)
            return cls(
                collected,
                panel,
                data.get("positive", ()),
                data.get("negative", ()),
                data.get("specimen", "urine"),
                expected,
            )
        except (KeyError, TypeError) as error:
            raise InvalidAnswerError(f"Drug screen record is missing or has a bad field: {error}") from error
