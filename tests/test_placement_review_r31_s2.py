"""Physician review R31, should-fix S2: a suicide-risk box beside a transfer said only "if transferred: at handover ask
the receiving team for it (do not delay the transfer for it)". Read alone on the chart, the box names neither the
finding the receiving team must hear nor what "it" is. Wanted: the finding told and the request named, as the headline
and dimension 3's box say them. Expected texts typed by hand, never computed by iopkit (tests/random_placements.py's
800 cases, and one case built as the physician reviewers' Method builds it).
"""

from __future__ import annotations

import re

from tests.random_placements import built, cases
from tests.test_placement_headline_review_r7_old_scores import recommended
from tests.test_placement_physician_cases import CIWA_SEV21, CSSRS_LOW, PHQ_I9POS

ASK_FOR_IT = "if transferred: at handover ask the receiving team for it"
# physician review R32, should-fix S6: dimension 3's rating-below box too (its request named, its finding not told)
SUICIDE_BOXES = {"suicide_risk_low", "suicide_risk_moderate", "suicidal_ideation", "rated_below_suggestion_d3"}
ASKED_UNTOLD = re.compile(r"if transferred: at handover ask the receiving team for (?!.*? that )")


def test_s2_an_old_severe_ciwa_ar_with_todays_low_screen_and_phq9_item_9() -> None:
    r = recommended({}, old=[("ciwa_ar", CIWA_SEV21)], today=[("cssrs_screen", CSSRS_LOW), ("phq9", PHQ_I9POS)])
    box = next(f.action for f in r.flags if f.code == "suicide_risk_low")
    # R51: "once the patient is able to answer", as the headline asks it
    assert box == (
        "Suicide risk assessment by a qualified clinician today, before the patient leaves; review the safety plan and "
        "give the 988 Lifeline number; if transferred: at handover tell the receiving team that today's C-SSRS screen "
        "found a wish to be dead or non-specific suicidal thoughts and that today's PHQ-9 item 9 was positive, and ask "
        "them for a suicide risk assessment once the patient is able to answer (do not delay the transfer for it)"
    ), box


def test_s2_sweep_no_suicide_box_asks_for_it_unnamed() -> None:
    wrong = []
    for case in cases(800):
        for f in built(case).flags:
            if (
                f.code in SUICIDE_BOXES
                and not f.worst_case
                and (ASK_FOR_IT in f.action or ASKED_UNTOLD.search(f.action))
            ):
                wrong.append(f"{case}: {f.code}: {f.action}")
    assert not wrong, "\n".join(wrong[:5]) + f"\n({len(wrong)} in all)"
