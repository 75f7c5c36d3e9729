"""AUDIT-C: AUDIT items 1-3 (Bush et al. 1998). Facts: clinical-reference.md §2.2."""

from ._model import Instrument, Scheme, band_flag, two_bands
from .audit import ITEMS as AUDIT_ITEMS

AUDIT_C = Instrument(
    code="audit_c",
    name="AUDIT-Consumption (AUDIT-C)",
    items=AUDIT_ITEMS[:3],
    timeframe="past year",
    schemes=(
        # US rule: positive >= 4 men, >= 3 women (Bradley et al. 2003, PMID 12695273) [P] R3, R7, R8;
        # unknown sex -> the women's (more sensitive) cut-off.
        Scheme("us", "Bush et al. 1998; Bradley et al. 2003 (PMID 12695273): >= 4 men, >= 3 women "
                     "[P] R3, R7; [S] R6",
               two_bands(3, 0, 12),
               by_sex={"female": two_bands(3, 0, 12), "male": two_bands(4, 0, 12)}),
        # UK variant: 5+ positive.  The UK form asks about units (6/8+ units on Q3) [S] R9.
        Scheme("uk", "UK AUDIT-C, positive 5+ [S] R9 (the UK form counts units; items differ)",
               two_bands(5, 0, 12)),
    ),
    flags=(band_flag("positive_screen", "AUDIT-C screen positive for hazardous drinking",
                     ("positive",),
                     "Complete the full AUDIT and offer a brief intervention; if all points come "
                     "from item 1, review actual intake",
                     "Bradley et al. 2003 [P] R3", calls_for="complete_form"),),
    context={"sex": (("female", "male", None), None)},
    loinc_panel="72109-2",  # confirmed, data-standards.md §2.1
    loinc_total="75626-2",
    citation="Bush K, Kivlahan DR, McDonell MB, Fihn SD, Bradley KA. The AUDIT alcohol consumption "
             "questions (AUDIT-C). Arch Intern Med 1998;158:1789-1795",
    licence="Public domain per SAMHSA / HL7 US Core [P] R4",
)
