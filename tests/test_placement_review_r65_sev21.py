"""Physician review R63, section 5 (ruled "build now", a safety gap): an old severe CIWA-Ar (a total of 21 on 20 Nov
2026, "severe", not re-scored today) transfers on hallucinations or disorientation at its re-score too. Expectations
typed from the ruling's words (never computed from iopkit's constants).

Before it, its conditional transfer read "if still 15 or more, or a seizure since the last score, arrange transfer now
to medically managed withdrawal (ED, or 4-WM)", so a re-score of 12 with hallucinations or disorientation fell to
"treat on the current score" (random cases 40 and 47). Every other old-CIWA-Ar re-score form names them already (the
old moderate form: "if 15 or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at
2 or more): arrange transfer now ..."). R63's words for the old severe form: "if still 15 or more, or a seizure since
the last score, or hallucinations, or disorientation (item 10 at 2 or more), arrange transfer now to medically managed
withdrawal (ED, or 4-WM); ...", the same condition in every variant of that conditional transfer (the suicide
emergency's destinations; the cut of a CIWA-Ar whose banding scheme is not known), headlines and boxes alike.
Hallucinations, disorientation, seizures and delirium call for inpatient or emergency care (ASAM 2020 alcohol
withdrawal guideline, section VI.A).
"""

from __future__ import annotations

import pytest

from iopkit.placement import recommend, suggest_dimensions

from .random_placements import all_built, only_box, texts
from .test_placement_headline_old_and_risk import CIWA_24, PLACED, REST, _open

#: R63 section 5's condition and transfer, typed from the ruling.
NEW_TRANSFER = (
    "if still 15 or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or "
    # R76 (was: "more), arrange transfer now to medically managed withdrawal (ED, or 4-WM); ")
    "more), arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM); "
)
#: The re-score it belongs to in cases 40 and 47 (typed from the texts' own words).
RESCORE_21 = (
    # R67 F1 (was: "re-score the CIWA-Ar now (last 21 on 20 Nov 2026, severe): ask what happened since ...")
    "re-score the CIWA-Ar now (last 21 on 20 Nov 2026, severe) and screen for delirium (CAM or 4AT): ask what happened "
    "since (a seizure, confusion, a hospital visit, the last drink); "
)
#: The words that left the gap (R63 section 5: what the texts said before it).
OLD_ARRANGE = "or a seizure since the last score, arrange"
OLD_EMERGENCY = "or a seizure since the last score, emergency"


@pytest.mark.parametrize("number", [40, 47])
def test_cases_40_and_47_headline_transfers_on_hallucinations_or_disorientation(number: int) -> None:
    headline = only_box(number, "headline")
    assert headline.startswith("First: " + RESCORE_21 + NEW_TRANSFER + "staff with the patient until handover; ")
    assert OLD_ARRANGE not in headline


@pytest.mark.parametrize("number", [40, 47])
@pytest.mark.parametrize("code", ["severe_alcohol_withdrawal", "rated_below_suggestion_d1"])
def test_cases_40_and_47_boxes_transfer_on_hallucinations_or_disorientation(number: int, code: str) -> None:
    box = only_box(number, code)
    assert box.startswith(
        # R76c F3 (was: NEW_TRANSFER + "if the patient declines transfer: ...", no staff clause between)
        "R" + RESCORE_21[1:] + NEW_TRANSFER + "staff with the patient until handover; "
        "if the patient declines transfer: the prescriber assesses and records "
        "capacity to decline (without capacity: transfer by emergency services; with capacity: record the advice "
        "given and the risks explained; arrange the highest level of care the patient accepts; any dose as the "
        "prescriber decides; tell the patient and any supportive person to call emergency services for a seizure, "
        "confusion, hallucinations or any worsening); "
    )
    assert OLD_ARRANGE not in box


#: The suicide-emergency variants (case 63: an old severe CIWA-Ar beside today's C-SSRS high), typed.
SUICIDE_BOX = (
    # R67 F1 (was: "Re-score the CIWA-Ar now (last 21 on 20 Nov 2026, severe): ask what happened since ...")
    "Re-score the CIWA-Ar now (last 21 on 20 Nov 2026, severe) and screen for delirium (CAM or 4AT): ask what happened "
    "since (a seizure, confusion, a hospital visit, the last drink); if still 15 or more, or a seizure since the last "
    "score, or hallucinations, or "
    # R76 (was: "...(item 10 at 2 or more), arrange transfer now (ED: emergency evaluation ...")
    "disorientation (item 10 at 2 or more), arrange transfer now by emergency services (ED: emergency evaluation for "
    "suicide risk and "
    "emergency medical evaluation in one setting); "
)
SUICIDE_HEADLINE = (
    # R67 F1 (was: "and re-score the CIWA-Ar now (last 21 on 20 Nov 2026, severe): ask what happened since ...")
    "and re-score the CIWA-Ar now (last 21 on 20 Nov 2026, severe) and screen for delirium (CAM or 4AT): ask what "
    "happened since (a seizure, confusion, a hospital visit, the last drink); if still 15 or more, or a seizure "
    "since the last score, or hallucinations, or "
    "disorientation (item 10 at 2 or more), emergency evaluation for suicide risk and emergency medical evaluation in "
    # R76 (was: "one setting that can manage both: arrange transfer now (ED) ")
    "one setting that can manage both: arrange transfer now by emergency services (ED) "
)


@pytest.mark.parametrize("code", ["severe_alcohol_withdrawal", "rated_below_suggestion_d1"])
def test_case_63_suicide_variant_box(code: str) -> None:
    assert only_box(63, code).startswith(SUICIDE_BOX)


def test_case_63_suicide_variant_headline() -> None:
    headline = only_box(63, "headline")
    assert SUICIDE_HEADLINE in headline
    assert OLD_EMERGENCY not in headline


def test_unknown_scheme_cut_names_hallucinations_and_disorientation() -> None:
    # an open severe CIWA-Ar flag of 20 Nov 2026 (no score: its banding scheme not known), headline and box alike
    old = _open(CIWA_24, "ciwa_ar", "severe_alcohol_withdrawal", "CIWA-Ar of 20 Nov 2026, not resolved")
    r = recommend({1: 1, **REST}, suggested=suggest_dimensions([], older_open_flags=[old], today=PLACED, pawss=1))
    condition = (
        # R67 F1 (was: "(flag of 20 Nov 2026, severe): ask what happened since ...")
        "(flag of 20 Nov 2026, severe) and screen for delirium (CAM or 4AT): ask what happened since (a seizure, "
        "confusion, a hospital visit, the last "
        "drink); if still 15 or more (19 or more on the ASAM 2020 alcohol withdrawal guideline's bands), or a seizure "
        "since the last score, or hallucinations, or disorientation (item 10 at 2 or more), arrange transfer now by "
        # R76 (was: "...(item 10 at 2 or more), arrange transfer now to medically managed withdrawal (ED, or 4-WM); ")
        "emergency services to medically managed withdrawal (ED, or 4-WM); "
    )
    assert r.headline.startswith("First: re-score the CIWA-Ar now " + condition)
    box = next(f.action for f in r.flags if f.code == "severe_alcohol_withdrawal")
    assert box.startswith("Re-score the CIWA-Ar now " + condition)


def test_800_no_old_severe_condition_without_hallucinations_and_disorientation() -> None:
    """Over the 800: no text says "or a seizure since the last score, arrange" or "..., emergency" any more; every
    old-severe condition ("if still 15 or more, or a seizure since the last score") names hallucinations and
    disorientation next, 72 texts in 24 cases (counted over main's dump before the change: 69 "arrange", 3
    "emergency")."""
    condition = "if still 15 or more, or a seizure since the last score"
    named = condition + ", or hallucinations, or disorientation (item 10 at 2 or more), "
    said, cases = 0, set()
    for number in all_built():
        for code, text in texts(number):
            assert OLD_ARRANGE not in text, (number, code)
            assert OLD_EMERGENCY not in text, (number, code)
            assert text.count(condition) == text.count(named), (number, code)
            said += text.count(named)
            cases |= {number} if named in text else set()
    # R67 SF3 (was: (72, 24)): the rating-4 form's "if still 15 or more, or a seizure since the last score, or
    # hallucinations, or disorientation (item 10 at 2 or more), the ED evaluates both", 27 texts of 10 cases more
    assert (said, len(cases)) == (99, 34)
    assert {40, 47, 63} <= cases
