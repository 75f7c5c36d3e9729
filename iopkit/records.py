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
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from .errors import InvalidAnswerError
from .flags import SCREEN_READ_CALLS_FOR, CallsFor, Flag, MedicalReview, Severity

__all__ = [
    "DRUG_SCREEN",
    "EXPECTED_ALSO",
    "EXPECTED_BRANDS",
    "KRATOM",
    "LEGACY_EXPECTED",
    "NEVER_PRESCRIBED",
    "OPIOIDS",
    "OPIOID_ABBREVIATIONS",
    "OVERDOSE_RISK",
    "SEDATIVES",
    "SEDATIVE_ABBREVIATIONS",
    "DrugScreen",
    "expected_names",
    "is_opioid",
    "is_sedative",
    "short_name",
    "overdose_finding",
    "with_co_use",
]

#: The store's kind of a drug screen, and the ``instrument`` of its flags (:class:`iopkit.episode.OpenFlag`,
#: :class:`iopkit.placement.FlagResolution`): a screen's flag is closed as any other flag is.
DRUG_SCREEN = "drug_screen"


def short_name(code: str) -> str:
    """What a score, flag or suggestion comes from, as the clinic names it: an instrument's short name ("PHQ-9",
    "C-SSRS screen": :attr:`Instrument.short_name`), "drug screen" for a drug screen
    (:data:`iopkit.records.DRUG_SCREEN`), any other code in words ("seizure_or_delirium" -> "seizure or delirium":
    a fact a suggestion rests on, or an instrument retired since its record was saved). Every page, summary and
    suggestion names an instrument through this one function (walk23 finding 3: never its code).

    Parameters
    ----------
    code : str
        An instrument's code or alias, :data:`DRUG_SCREEN`, or another code.

    Returns
    -------
    str
        The name in the clinic's words.

    Examples
    --------
    >>> short_name("phq9"), short_name("cssrs_screen"), short_name("drug_screen"), short_name("open flag")
    ('PHQ-9', 'C-SSRS screen', 'drug screen', 'open flag')
    """
    from .errors import UnknownInstrumentError
    from .instruments import get  # the definitions, when a name is first said: never with a page

    if code == DRUG_SCREEN:
        return "drug screen"
    try:
        return get(code).short_name
    except UnknownInstrumentError:
        return str(code).replace("_", " ")


#: Opioids, as a result names them: a detected substance whose name contains one of these (lower case) is an opioid
#: (fentanyl takes in norfentanyl and the fentanyl analogues; "fentanil" carfentanil). The lab's panel abbreviations
#: count when they are the whole name. Cocaine, amphetamines and other non-opioids are not here: the flag is for
#: opioid overdose (a stimulant positive may hide fentanyl contamination, but only a confirmatory test shows it).
#: Kratom's compounds are opioids (FDA statement of 6 February 2018, key ``fda_kratom2018``; physician review R18-S10,
#: session 16): "mitragynine" takes in 7-hydroxymitragynine, "kratom" a panel that names the plant (:data:`KRATOM`).
OPIOIDS = (
    "fentanyl", "fentanil", "heroin", "6-mam", "monoacetylmorphine", "opiate", "opioid", "morphine", "codeine",
    "oxycodone", "hydrocodone", "oxymorphone", "hydromorphone", "buprenorphine", "methadone", "eddp", "tramadol",
    "tapentadol", "meperidine", "propoxyphene", "nitazene", "mitragynine", "kratom",
)  # fmt: skip
#: Kratom (Mitragyna speciosa) and its opioid compounds mitragynine and 7-hydroxymitragynine, as a result names them (a
#: name containing one of these): opioids (:data:`OPIOIDS`), never prescribed (:data:`NEVER_PRESCRIBED`: no
#: FDA-approved use), and a flag that names one cites the FDA's statement (``source_kratom`` of :data:`OVERDOSE_RISK`).
KRATOM = ("mitragynine", "kratom")
#: Panel abbreviations of opioids (opiates, morphine, oxycodone, methadone, buprenorphine, fentanyl, 6-MAM,
#: propoxyphene), an opioid when they are the whole name.
OPIOID_ABBREVIATIONS = ("opi", "mop", "oxy", "mtd", "bup", "fyl", "fty", "6am", "ppx")
#: Opioids never prescribed: positive even when listed as expected (heroin, its marker 6-MAM, fentanyl analogues,
#: nitazenes, kratom and its compounds: no FDA-approved use, fda_kratom2018).
NEVER_PRESCRIBED = ("heroin", "6-mam", "6am", "monoacetylmorphine", "carfentanil", "analog", "nitazene", *KRATOM)
#: What an expected medication covers besides its own name (lower case, the whole name): its metabolites and the
#: lab's panel abbreviations, which a patient taking it produces, so they never flag (physician review R17a-M1,
#: session 15: norbuprenorphine and EDDP confirm ingestion, ASAM 2017, TIP 63). :data:`NEVER_PRESCRIBED` still wins.
EXPECTED_ALSO = MappingProxyType(
    {
        "buprenorphine": ("bup", "norbuprenorphine", "buprenorphine glucuronide", "norbuprenorphine glucuronide"),
        "methadone": ("mtd", "eddp", "methadone metabolite"),
        "fentanyl": ("fyl", "fty", "norfentanyl"),
        "oxycodone": ("oxy", "oxymorphone", "noroxycodone"),
        "hydrocodone": ("hydromorphone", "norhydrocodone"),
        "codeine": ("morphine", "opi", "opiates", "mop"),
        "morphine": ("opi", "opiates", "mop", "hydromorphone"),
        "tramadol": ("o-desmethyltramadol",),
    }
)
#: Brand and combination names an expected medication may be entered as (lower case, the whole name), and the
#: generic name each counts as (the page's field is free text; physician review R17a-M1, session 15).
EXPECTED_BRANDS = MappingProxyType(
    {
        "suboxone": "buprenorphine",
        "buprenorphine/naloxone": "buprenorphine",
        "sublocade": "buprenorphine",
        "subutex": "buprenorphine",
        "zubsolv": "buprenorphine",
        "brixadi": "buprenorphine",
        "methadose": "methadone",
        "dolophine": "methadone",
    }
)
#: Sedatives and alcohol that, positive beside an opioid, raise the risk of fatal overdose, expected or not
#: (physician review R17a-S1, session 15; SAMHSA Overdose Toolkit 2018; FDA 2016 boxed warning): a detected
#: substance whose name contains one of these (lower case): benzodiazepines, alcohol (EtG, EtS, ethanol),
#: barbiturates, gabapentinoids, z-drugs and xylazine.
SEDATIVES = (
    "benzodiazepine", "azepam", "azolam", "alcohol", "ethanol", "ethyl glucuronide", "ethyl sulfate", "barbital",
    "barbiturate", "gabapentin", "pregabalin", "zolpidem", "zopiclone", "zaleplon", "xylazine",
)  # fmt: skip
#: Panel abbreviations of those (benzodiazepines, barbiturates, EtG, EtS, ethanol), a sedative when the whole name.
SEDATIVE_ABBREVIATIONS = ("bzo", "bar", "etg", "ets", "etoh")

#: The flag an opioid positive raises (:attr:`DrugScreen.flags`), as data for the physician's review: ``{day}``,
#: ``{found}``, ``{unknowing}`` and ``{sedatives}`` are filled in. A result is not a diagnosis (ASAM 2017): it never
#: changes the level of care by itself. A medical review the day the result is read: naloxone and the plan that day,
#: not an emergency evaluation nor a change of level; "Act now" (critical) for any opioid but kratom alone, a warning
#: for kratom alone (physician review R23c B1 overrules R17a, which made every one a warning). ``unknowing``: opiates
#: negative and every opioid found fentanyl or an analogue, a question, not a finding (R17a-S2); ``sedatives``: a
#: sedative or alcohol positive too, with ``action_xylazine``
#: (xylazine among them) or ``action_sedatives`` appended to the action and ``source_sedatives`` to the source
#: (R17a-S1); ``source_kratom`` appended where a kratom compound is among the opioids found (:data:`KRATOM`,
#: R18-S10); ``message_kratom``: the message where kratom's compounds are the only opioids found, naming what its
#: overdoses mostly involve (R19-N7, session 16; FDA statement of 6 Feb 2018); ``action``: never stop MOUD or
#: discharge for a positive, confirm a disputed result (R17a-S3);
#: ``calls_for``: the "calls for" line, for a result read after the visit (R17a-S4), the line of every flag whose
#: review is due the day the result is read (:attr:`iopkit.flags.MedicalReview.SCREEN_READ`, the flag's own, so the
#: continued-stay review routes by it: R18-S3). Physician review R17a, session 15.
OVERDOSE_RISK = MappingProxyType(
    {
        "code": "opioid_positive",
        "message": "High risk of opioid overdose: drug screen of {day} positive for {found} (not an expected "
        "medication){unknowing}{sedatives}",
        "message_kratom": "Opioid overdose risk: drug screen of {day} positive for {found} (kratom; overdose mostly "
        "with other opioids or sedatives){sedatives}",
        "unknowing": "; opiates negative: ask whether the patient knew it was fentanyl (it is in the heroin, "
        "counterfeit pill and stimulant supply)",
        "sedatives": "; also positive for {sedatives}: with opioids these raise the risk of fatal overdose",
        "action": "Offer naloxone and overdose education today; ask about use and route; review the treatment plan, "
        "including medication for opioid use disorder (start or adjust it; never stop it or discharge the patient for "
        "a positive result). Do not change the level of care on the screen alone; send for confirmatory (definitive) "
        "testing when the patient disputes the result or it will change care",
        "action_xylazine": "; naloxone does not reverse xylazine: still give naloxone, give rescue breaths and call "
        "emergency services",
        "action_sedatives": "; review sedative and alcohol use with the patient (do not stop a prescribed "
        "benzodiazepine abruptly)",
        "source": "tip63; samhsa_overdose_toolkit2018; asam_npg2020; asam_drug_testing2017",
        "source_sedatives": "; fda_opioid_benzo2016",
        "source_kratom": "; fda_kratom2018",
        "calls_for": SCREEN_READ_CALLS_FOR,
    }
)


#: The finding of an opioid-positive screen's flag, in its message (:data:`OVERDOSE_RISK`): the screen's day, what was
#: found and the bracket after it, read back by :func:`overdose_finding`.
_FINDING = re.compile(
    r"drug screen of (\d{2} \w{3}) (\d{4}) positive for (.+?) \((not an expected medication|kratom;[^)]*)\)"
)


def overdose_finding(flag: Flag) -> tuple[str, str, str] | None:
    """What an opioid-positive screen's flag (:data:`OVERDOSE_RISK`) found, as the continued-stay review's overdose
    box names it (physician review R23c B3): what was found, the short day and the whole finding.

    Parameters
    ----------
    flag : Flag
        A flag; only one of :attr:`DrugScreen.flags` has a finding.

    Returns
    -------
    tuple of (str, str, str) or None
        ``("fentanyl", "30 Nov", "drug screen of 30 Nov 2026 positive for fentanyl (not an expected medication)")``;
        None for any other flag.

    Examples
    --------
    >>> s = DrugScreen(dt.date(2026, 11, 30), "urine 12-panel", positive=["fentanyl"], negative=["opiates"])
    >>> overdose_finding(s.flags[0])
    ('fentanyl', '30 Nov', 'drug screen of 30 Nov 2026 positive for fentanyl (not an expected medication)')
    """
    found = _FINDING.search(flag.message) if flag.code == OVERDOSE_RISK["code"] else None
    return None if found is None else (found[3], found[1], found[0])


#: What an opioid-positive screen's flag adds for alcohol or sedative use found in the episode's other records
#: (physician review R23c C1, its words; SAMHSA Overdose Toolkit 2018; FDA 2016 boxed warning): ``alcohol`` an AUDIT
#: of 8 or more (WHO zone II or above, Babor et al. 2001) or an open AUDIT item 6 flag, ``screen`` alcohol or a
#: sedative positive on another drug screen of the episode, expected or not; one finding ``one``, several joined by
#: " and " with ``many``.
CO_USE = MappingProxyType(
    {
        "alcohol": "alcohol use this episode ({said}, {day})",
        "screen": "{found} positive on the drug screen of {day}",
        "one": ": with opioids it raises the risk of fatal overdose",
        "many": ": with opioids these raise the risk of fatal overdose",
    }
)


def with_co_use(flag: Flag, found: Sequence[str]) -> Flag:
    """An opioid-positive screen's flag (:data:`OVERDOSE_RISK`) naming alcohol or sedative use found in the episode's
    other records (``found``, each worded by :data:`CO_USE`), with the sedative step and source added once (physician
    review R23c C1); any other flag, or none found, as it is.

    Parameters
    ----------
    flag : Flag
        A drug screen's flag.
    found : sequence of str
        The co-use findings, e.g. ``"alcohol use this episode (AUDIT 20, 24 Nov)"``.

    Returns
    -------
    Flag

    Examples
    --------
    >>> (f,) = DrugScreen(dt.date(2026, 11, 30), "urine", positive=["fentanyl"]).flags
    >>> with_co_use(f, ["alcohol use this episode (AUDIT 20, 24 Nov)"]).message.split("; ")[-1]
    'alcohol use this episode (AUDIT 20, 24 Nov): with opioids it raises the risk of fatal overdose'
    """
    if flag.code != OVERDOSE_RISK["code"] or not found:
        return flag
    said = " and ".join(found) + CO_USE["one" if len(found) == 1 else "many"]
    step, source = OVERDOSE_RISK["action_sedatives"], OVERDOSE_RISK["source_sedatives"]
    return replace(
        flag,
        message=f"{flag.message}; {said}",
        action=flag.action
        if step in flag.action or OVERDOSE_RISK["action_xylazine"] in flag.action
        else flag.action + step,
        source=flag.source if source in flag.source else flag.source + source,
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


def is_sedative(substance: str) -> bool:
    """True when ``substance`` names a sedative or alcohol (:data:`SEDATIVES`, :data:`SEDATIVE_ABBREVIATIONS`).

    Parameters
    ----------
    substance : str
        A result's substance name, lower case.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_sedative("benzodiazepines"), is_sedative("etg"), is_sedative("xylazine"), is_sedative("cocaine")
    (True, True, True, False)
    """
    return substance in SEDATIVE_ABBREVIATIONS or any(name in substance for name in SEDATIVES)


def _kratom(substance: str) -> bool:
    return any(name in substance for name in KRATOM)


def _fentanyl(substance: str) -> bool:
    return "fentanyl" in substance or "fentanil" in substance or substance in ("fyl", "fty")


def expected_names(expected: Iterable[str]) -> frozenset[str]:
    """Every substance name the expected medications cover: each as its generic name (:data:`EXPECTED_BRANDS`), and
    its metabolites and panel abbreviations (:data:`EXPECTED_ALSO`).

    Parameters
    ----------
    expected : iterable of str
        Expected medications, lower case, as entered (a generic, brand or combination name).

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> sorted(expected_names(["methadose"]))
    ['eddp', 'methadone', 'methadone metabolite', 'methadose', 'mtd']
    """
    names: set[str] = set()
    for name in expected:
        generic = EXPECTED_BRANDS.get(name, name)
        names.update((name, generic, *EXPECTED_ALSO.get(generic, ())))
    return frozenset(names)


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
        """The substances detected that are not expected medications nor what they cover (:func:`expected_names`:
        a metabolite, panel abbreviation, brand name); one never prescribed (:data:`NEVER_PRESCRIBED`: heroin,
        6-MAM, fentanyl analogues) even when listed as expected."""
        covered = expected_names(self.expected)
        return tuple(x for x in self.positive if x not in covered or _never_prescribed(x))

    @property
    def expected_positive(self) -> tuple[str, ...]:
        """The substances detected that an expected medication covers (:func:`expected_names`: its own name, a
        metabolite, panel abbreviation or brand name), so a page says "expected medication" beside them.

        Examples
        --------
        >>> DrugScreen(dt.date(2026, 3, 9), "urine", positive=["eddp", "methadone", "cocaine"],
        ...            expected=["Methadose"]).expected_positive
        ('eddp', 'methadone')
        """
        return tuple(x for x in self.positive if x not in self.unexpected_positive)

    @property
    def counts_as_positive(self) -> bool:
        """True when a substance other than an expected medication was detected: what the review counts."""
        return bool(self.unexpected_positive)

    @property
    def opioids_found(self) -> tuple[str, ...]:
        """The opioids detected that are not expected medications (:data:`OPIOIDS`, :attr:`unexpected_positive`:
        a metabolite or panel abbreviation of an expected medication is expected too); one never prescribed
        (:data:`NEVER_PRESCRIBED`: heroin, 6-MAM, fentanyl analogues) even when listed as expected."""
        return tuple(x for x in self.unexpected_positive if is_opioid(x))

    @property
    def flags(self) -> tuple[Flag, ...]:
        """The safety flag of this result: an opioid detected that is not an expected medication raises the
        overdose-risk flag (:data:`OVERDOSE_RISK`); none otherwise.

        Read from the result itself, so every screen raises it however it was saved (entered, imported, or read
        from the history). A stimulant alone raises none: the flag is for opioid overdose, which naloxone
        reverses; a stimulant contaminated with fentanyl is a known risk, but only an opioid positive (or a
        confirmatory test) shows fentanyl on the screen.

        A metabolite, panel abbreviation or brand name of an expected medication is expected too
        (:func:`expected_names`); a sedative or alcohol positive beside the opioid is said, with its step
        (:data:`SEDATIVES`); "ask whether the patient knew it was fentanyl" only where opiates are negative and every
        opioid found is fentanyl or an analogue (physician review R17a, session 15).

        Returns
        -------
        tuple of Flag
            One flag calling for a medical review the day the result is read
            (:attr:`~iopkit.flags.MedicalReview.SCREEN_READ`), critical ("Act now"), a warning for kratom alone
            (physician review R23c B1), or empty.

        Examples
        --------
        >>> s = DrugScreen(dt.date(2026, 11, 26), "urine 12-panel", positive=["fentanyl", "cocaine"],
        ...                negative=["opiates"])
        >>> [(f.code, f.severity.value, f.calls_for.value) for f in s.flags]
        [('opioid_positive', 'critical', 'medical_review')]
        >>> [f.severity.value for f in DrugScreen(dt.date(2026, 11, 26), "urine", positive=["kratom"]).flags]
        ['warning']
        >>> DrugScreen(dt.date(2026, 11, 26), "urine", positive=["cocaine"]).flags
        ()
        >>> DrugScreen(dt.date(2026, 11, 26), "urine", positive=["buprenorphine", "norbuprenorphine"],
        ...            expected=["Suboxone"]).flags
        ()
        """
        found = self.opioids_found
        if not found:
            return ()
        # a point-of-care cup labels its morphine-calibrated strip "OPI" or "opioids" (R17a-S2)
        opiates_negative = any("opiate" in x or "opioid" in x or x in ("opi", "mop") for x in self.negative)
        fentanyl_only = opiates_negative and all(_fentanyl(x) for x in found)
        sedatives = tuple(x for x in self.positive if is_sedative(x))  # expected or not (R17a-S1)
        said = OVERDOSE_RISK
        kratom_only = all(_kratom(x) for x in found)  # physician review R19-N7, session 16
        also = said["action_xylazine"] if any("xylazine" in x for x in sedatives) else said["action_sedatives"]
        return (
            Flag(
                said["code"],
                said["message_kratom" if kratom_only else "message"].format(
                    day=f"{self.collected:%d %b %Y}",
                    found=", ".join(found),
                    unknowing=said["unknowing"] if fentanyl_only else "",
                    sedatives=said["sedatives"].format(sedatives=", ".join(sedatives)) if sedatives else "",
                ),
                # physician review R23c B1 overrules R17a ("a warning ... not an emergency"): an unexpected opioid is
                # "Act now" (action today: naloxone, overdose education, the plan), not an emergency evaluation nor a
                # change of level; kratom alone stays "Check". Its review stays the day the result is read (R23c B2)
                Severity.WARNING if kratom_only else Severity.CRITICAL,
                said["action"] + (also if sedatives else ""),
                said["source"]
                + (said["source_sedatives"] if sedatives else "")
                + (said["source_kratom"] if any(_kratom(x) for x in found) else ""),
                CallsFor.MEDICAL_REVIEW,
                medical_review=MedicalReview.SCREEN_READ,  # read after the visit, never "before ... leaves" (R18-S3)
            ),
        )

    @property
    def expected_missing(self) -> tuple[str, ...]:
        """Expected medications the screen tested and did not detect (worth a word with the patient); a brand name
        by its generic (:data:`EXPECTED_BRANDS`: Suboxone with buprenorphine negative)."""
        return tuple(x for x in self.expected if x in self.negative or EXPECTED_BRANDS.get(x) in self.negative)

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
