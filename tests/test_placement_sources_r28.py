"""Physician review R28 (session 22), should-fix S8: the source a withdrawal sign's dimension-1 suggestion cites.

"The source cited for the DAST-10 item 9 suggestion in the basis table is the ASAM *alcohol* withdrawal guideline
2020. For drug withdrawal, cite the ASAM OUD NPG 2020 and the Joint Clinical Practice Guideline on Benzodiazepine
Tapering (2025)." The suggestion a withdrawal sign routes to dimension 1 now cites the sign's own sources, for the
substance its item asks about; the bibliography keys below are typed from the review's sources, not read from iopkit.
"""

from __future__ import annotations

import pytest

from iopkit import score
from iopkit.placement.suggest import suggest_dimensions

#: ASAM Alcohol Withdrawal Management Guideline 2020: its key, and the key it had beside it before the two entries were
#: merged (still read in saved records: test_bibliography_merged_keys).
ALCOHOL_GUIDELINE = ("asam_awm2020", "ciwa_asam2020")

#: DAST-10 with item 9 ("withdrawal symptoms when you stopped taking drugs") yes; item 3 answered yes (not scored).
DAST_ITEM9 = [0, 0, 1, 0, 0, 0, 0, 0, 1, 0]
#: AUDIT with item 6 (a morning drink) at "monthly" (2), the rest 0.
AUDIT_ITEM6 = [0, 0, 0, 0, 0, 2, 0, 0, 0, 0]


def _dimension_1_sources(instrument: str, answers: list[int]) -> list[str]:
    suggestion = suggest_dimensions([score(instrument, answers)])[1]
    return [key.strip() for key in suggestion.source.split(";")]


def test_a_drug_item_s_withdrawal_sign_cites_the_drug_withdrawal_sources_never_the_alcohol_guideline() -> None:
    sources = _dimension_1_sources("dast10", DAST_ITEM9)
    assert not set(sources) & set(ALCOHOL_GUIDELINE), sources
    assert "bzd_taper_asam2025" in sources  # Joint guideline on benzodiazepine tapering, ASAM 2025
    assert "cows_wesson2003" in sources  # the COWS, for opioids


@pytest.mark.parametrize("answers", [AUDIT_ITEM6, [0, 0, 0, 0, 0, 4, 0, 0, 0, 0]])
def test_an_alcohol_item_s_withdrawal_sign_still_cites_the_alcohol_guideline(answers: list[int]) -> None:
    sources = _dimension_1_sources("audit", answers)
    assert set(sources) & set(ALCOHOL_GUIDELINE), sources
    assert "bzd_taper_asam2025" not in sources


# --- S7: "call for" after two findings -----------------------------------------------------------------------------
#: CIWA-Ar 13 (moderate band) and COWS 19 (13-24, moderate) today, dimension 1 rated 1: the reviewer's case 509 line.
CIWA_13 = [2, 2, 2, 2, 2, 1, 1, 1, 0, 0]
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]


def test_two_findings_call_for_the_withdrawal_management_one_calls_for_it() -> None:
    from iopkit.placement import recommend
    from iopkit.placement.recommendation import below_suggested_withdrawal_management

    ratings = {1: 1, 2: 0, 3: 0, 4: 1, 5: 1, 6: 1}
    both = recommend(ratings, suggested=suggest_dimensions([score("ciwa_ar", CIWA_13), score("cows", COWS_19)]))
    assert below_suggested_withdrawal_management(both, None) == (
        "below the 2-WM that CIWA-Ar in the moderate withdrawal band and COWS 13-24 (moderate withdrawal) call for"
    )
    one = recommend({**ratings, 1: 0}, suggested=suggest_dimensions([score("ciwa_ar", CIWA_13)]))
    assert below_suggested_withdrawal_management(one, None).endswith(" calls for")
