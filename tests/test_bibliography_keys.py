"""Every source a rule cites is in the shipped bibliography, and a flag that names a tool or source cites it.

The sources' details below are typed from the publications themselves (PubMed / the journal pages), never
from iopkit's bibliography: Bellelli et al. 2014, Age Ageing 43(4):496-502, doi:10.1093/ageing/afu021 (the
4AT); Schabelman & Kuo 2012, J Emerg Med 42(4):488-494, doi:10.1016/j.jemermed.2011.05.076 (glucose before
thiamine); McDonough et al. 2004, Drug Alcohol Depend 75(1):3-9, doi:10.1016/j.drugalcdep.2004.01.012 (GHB
withdrawal). What each source is cited for is typed from an addiction-medicine physician's review: McDonough et
al. recorded no withdrawal seizures (it supports onset within hours, a fast course into delirium in 53 %, one
death, inpatient care when severe); the 4AT was validated in hospitalised patients aged 70 or more, not in alcohol
withdrawal or in outpatients; a same-visit suicide risk assessment after a positive screen is the Joint
Commission's NPSG 15.01.01.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import pkgutil
import re
from types import MappingProxyType, ModuleType

import pytest

import iopkit
from iopkit.instruments import CATALOGUE
from iopkit.sources import Source, resolve

#: A ``source`` field written as bibliography keys (``"kroenke2001; iopkit"``).
KEYS = re.compile(r"^\s*[a-z][a-z0-9_]*(\s*;\s*[a-z][a-z0-9_]*)*\s*$")
#: Modules that hold display code or servers, not rules (their sources come from the modules walked here).
NOT_RULES = ("iopkit.widgets", "iopkit.__main__", "iopkit.serving", "iopkit.hub", "iopkit.dashboards")


def _cited(value, where, found, seen, name=None):
    """Every ``source``/``citation`` field, and every string of ``;``-separated keys, reachable from ``value``."""
    if isinstance(value, str):
        if name in ("source", "citation") or (";" in value and KEYS.match(value)):
            found.setdefault(value, where)
        return
    if isinstance(value, (Source, int, float, enum.Enum, type, ModuleType)) or value is None or callable(value):
        return
    if id(value) in seen:
        return
    seen.add(id(value))
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            _cited(getattr(value, f.name), where, found, seen, f.name)
    elif isinstance(value, (dict, MappingProxyType)):
        for k, v in value.items():
            _cited(k, where, found, seen)
            _cited(v, where, found, seen, name if name == "source" else None)  # a table of sources by model
    elif isinstance(value, (tuple, list, set, frozenset)):
        for v in value:
            _cited(v, where, found, seen)


def cited_anywhere():
    """``{source text: where it was found}`` over every rule module's module-level values."""
    found: dict[str, str] = {}
    for info in pkgutil.walk_packages(iopkit.__path__, "iopkit."):
        if info.name.startswith(NOT_RULES):
            continue
        module = importlib.import_module(info.name)
        for attr, value in vars(module).items():
            if not attr.startswith("__"):  # a public constant named *_SOURCE(S) holds sources, even one key
                named = "source" if attr.endswith(("SOURCE", "SOURCES")) and attr[0] != "_" else None
                _cited(value, f"{info.name}.{attr}", found, set(), named)
    return found


def test_every_source_key_cited_anywhere_resolves_to_a_bibliography_entry():
    found = cited_anywhere()
    assert len(found) > 50  # the walk reaches the instruments, placement and progress rules
    assert any(where.startswith("iopkit.dose.") for where in found.values())  # the dose rules are walked too
    for text, where in found.items():
        assert KEYS.match(text), (where, text)  # no source in words anywhere: every rule cites keys
        assert all(s.citation for s in resolve(text)), where  # UnknownSourceError names a missing key


def _flag_texts():
    for code, inst in CATALOGUE.items():
        for rule in inst.flags:
            yield code, inst, rule, f"{rule.message} {rule.action}"


#: A tool or source a flag's text names, and the bibliography keys of which the flag (or its instrument) must
#: cite one, so that a user can read what the text names.
NAMED = {
    r"\b4AT\b": {"fourat_bellelli2014"},
    r"\bCAM\b": {"cam_inouye1990"},
    r"\bglucose\b": {"wernicke_schabelman2012"},
    r"\bGHB\b|\bGBL\b": {"ghb_mcdonough2004"},
    r"\bbenzodiazepines\b.*\bdo not stop abruptly": {"bzd_taper_asam2025"},
    r"\bC-SSRS\b": {"cssrs_posner2011", "cssrs_screener_triage"},
    r"\bPAWSS\b": {"pawss_maldonado2014"},
    # the ASAM 2020 alcohol withdrawal guideline has one key since its two entries were merged (asam_awm2020; the
    # retired ciwa_asam2020 resolves to it): test_bibliography_merged_keys
    r"\bCIWA-Ar\b": {"ciwa_sullivan1989", "asam_awm2020"},
    r"\bCOWS\b": {"cows_wesson2003"},
    r"\bBC guidance\b": {"cows_bc_induction"},
    r"\bASAM 2020\b": {"asam_awm2020", "oud_asam2020"},
    r"\b(?:3\.7|4)-WM\b": {"asam2013"},  # the withdrawal-management levels of the ASAM Criteria, 3rd ed.
    r"\b72-hour rule\b": {"cfr_1306_07"},  # methadone for withdrawal outside an opioid treatment programme
}


@pytest.mark.parametrize("pattern", NAMED)
def test_a_flag_that_names_a_tool_or_source_cites_it(pattern):
    named = 0
    for code, inst, rule, text in _flag_texts():
        if re.search(pattern, text):
            named += 1
            keys = {s.key for s in resolve(f"{rule.source}; {inst.citation}")}
            assert keys & NAMED[pattern], (code, rule.code, sorted(keys))
    assert named, pattern  # the pattern still matches a text (else it guards nothing)


def _flag(code, flag):
    return next(r for r in CATALOGUE[code].flags if r.code == flag)


def test_the_inattention_flag_cites_the_4at_and_glucose_before_thiamine_as_published():
    rule = _flag("ciwa_ar", "possible_inattention")
    assert "CAM or 4AT" in rule.action and "thiamine with it" in rule.action
    cited = {s.key: s for s in resolve(rule.source)}
    fourat, glucose = cited["fourat_bellelli2014"], cited["wernicke_schabelman2012"]
    assert fourat.url == "https://doi.org/10.1093/ageing/afu021"
    assert "Validation of the 4AT" in fourat.citation and "Age Ageing. 2014;43(4):496-502" in fourat.citation
    assert glucose.url == "https://doi.org/10.1016/j.jemermed.2011.05.076"
    assert glucose.citation.startswith("Schabelman E, Kuo D. Glucose before thiamine for Wernicke encephalopathy")
    assert "J Emerg Med. 2012;42(4):488-494" in glucose.citation
    assert {"cam_inouye1990", "iopkit"} <= set(cited)


@pytest.mark.parametrize("code", ["dast10", "cage_aid", "dsm5_sud"])
def test_a_drug_withdrawal_sign_that_names_ghb_cites_a_ghb_withdrawal_source(code):
    rule = _flag(code, "withdrawal_risk")
    assert "GHB/GBL" in rule.action
    ghb = {s.key: s for s in resolve(rule.source)}["ghb_mcdonough2004"]
    assert ghb.url == "https://doi.org/10.1016/j.drugalcdep.2004.01.012"
    assert "Drug Alcohol Depend. 2004;75(1):3-9" in ghb.citation and "bzd_taper_asam2025" in rule.source


def test_an_alcohol_only_withdrawal_sign_names_no_ghb_and_cites_no_ghb_source():
    rule = _flag("audit", "withdrawal_risk")
    assert "GHB" not in rule.action and "ghb_mcdonough2004" not in rule.source


#: The two halves of a drug withdrawal sign's sedative-hypnotic step, typed from the physician's finding (not from
#: iopkit): benzodiazepines, Z-drugs, barbiturates can cause seizures and delirium, never stopped abruptly, a taper
#: a prescriber plans (benzodiazepine tapering guideline, 2025); GHB/GBL withdrawal starts within hours and can
#: turn quickly into delirium (McDonough et al. 2004), withdrawal management under medical care, 4-WM when dosing
#: around the clock. The level names are the ASAM Criteria's, 3rd ed.: 3.7-WM medically monitored inpatient, 4-WM
#: medically managed intensive inpatient withdrawal management.
BZD_HALF = (
    "sedative-hypnotic withdrawal from benzodiazepines, Z-drugs or barbiturates can cause seizures and delirium: "
    "do not stop abruptly; a prescriber plans a taper (a non-prescribed supply: consider 3.7-WM medically "
    "monitored inpatient withdrawal management)"
)
GHB_HALF = (
    "withdrawal from GHB/GBL can start within hours and progress quickly to delirium: do not stop abruptly; "
    "withdrawal management under medical care (3.7-WM medically monitored inpatient, or 4-WM medically managed "
    "intensive inpatient when dosing around the clock)"
)


@pytest.mark.parametrize("code", ["dast10", "cage_aid", "dsm5_sud"])
def test_the_ghb_withdrawal_half_claims_no_seizures_and_keeps_every_safety_step(code):
    rule = _flag(code, "withdrawal_risk")
    assert BZD_HALF in rule.action and GHB_HALF in rule.action
    ghb = rule.action[rule.action.index("GHB/GBL") : rule.action.index("COWS for opioids")]
    assert "seizure" not in ghb  # McDonough et al. 2004 recorded no withdrawal seizures
    assert "GHB" not in rule.action[: rule.action.index(BZD_HALF) + len(BZD_HALF)]  # the seizure half names no GHB
    # around-the-clock dosing calls for more than "consider 3.7-WM"; 3.7-WM is never called medically managed
    assert "GHB/GBL or a non-prescribed supply: consider 3.7-WM" not in rule.action
    assert "medically managed withdrawal (3.7-WM" not in rule.action
    keys = {s.key for s in resolve(rule.source)}
    assert {"bzd_taper_asam2025", "ghb_mcdonough2004", "asam2013", "cows_wesson2003", "iopkit"} <= keys


def test_the_ghb_source_is_cited_for_what_it_recorded_and_never_for_seizures():
    (ghb,) = resolve("ghb_mcdonough2004")
    assert "no withdrawal seizures were recorded" in ghb.supports and "not for seizures" in ghb.supports
    assert "within hours" in ghb.supports and "53 %" in ghb.supports and "one death" in ghb.supports
    (bzd,) = resolve("bzd_taper_asam2025")
    assert "seizures" in bzd.supports and "never stop abruptly" in bzd.supports


def test_the_4at_entry_says_whom_it_was_validated_in():
    (fourat,) = resolve("fourat_bellelli2014")
    assert "validated in hospitalised patients aged 70 or more, not in alcohol withdrawal or in outpatients" in (
        fourat.supports
    )


@pytest.mark.parametrize(
    "code, flag, when",
    [
        ("phq9", "suicidal_ideation", "before the patient leaves"),
        ("pcl5", "possible_self_harm", "today"),
        ("cssrs_screen", "suicide_risk_moderate", "before the patient leaves"),
    ],
)
def test_a_suicide_risk_assessment_due_at_this_visit_cites_the_joint_commission_for_its_timing(code, flag, when):
    rule = _flag(code, flag)
    assert when in rule.action and ("C-SSRS" in rule.action or code == "cssrs_screen")
    assert "joint_commission_npsg15" in {s.key for s in resolve(rule.source)}
