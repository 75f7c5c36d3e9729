"""AUDIT-C: AUDIT items 1-3 (Bush et al. 1998)."""

from ._model import Instrument, Scheme, band_flag, two_bands
from .audit import ITEMS as AUDIT_ITEMS

AUDIT_C = Instrument(
    code="audit_c",
    name="AUDIT-Consumption (AUDIT-C)",
    items=AUDIT_ITEMS[:3],
    timeframe="past year",
    schemes=(
        # US rule: positive >= 4 men, >= 3 women (Bradley et al. 2003, PMID 12695273);
        # unknown sex -> the women's (more sensitive) cut-off.
        Scheme(
            "us",
            "auditc_bush1998; auditc_bradley2003",
            two_bands(3, 0, 12),
            by_sex={"female": two_bands(3, 0, 12), "male": two_bands(4, 0, 12)},
        ),
        # UK variant: 5+ positive.  The UK form asks about units (6/8+ units on Q3).
        Scheme("uk", "auditc_uk_phe", two_bands(5, 0, 12)),
    ),
    flags=(
        band_flag(
            "positive_screen",
            "AUDIT-C screen positive for hazardous drinking",
            ("positive",),
            "Complete the full AUDIT and offer a brief intervention; if all points come "
            "from item 1, review actual intake",
            "auditc_bradley2003",
            calls_for="complete_form",
        ),
    ),
    context={"sex": (("female", "male", None), None)},
    loinc_panel="72109-2",  # confirmed
    loinc_total="75626-2",
    citation="auditc_bush1998",
    licence="Public domain per SAMHSA and HL7 US Core",
)
