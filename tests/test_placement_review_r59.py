"""Physician review R59 (of d2's build of R57 M2 and M3; placement day 02 Dec 2026). Expectations typed from the review
and the task that rules its words.

Must-fix 1 (every text with an old complicated CIWA-Ar's bracket "re-score the CIWA-Ar and screen for delirium (CAM or
4AT) (last ..."): the list after it sent delirium to "arrange transfer now (ED, or 4-WM)" while a later clause sent it
"to the ED by emergency services". Delirium is now said first and alone: "if delirium: no dose here; call emergency
services for the ED; staff with the patient until handover; if a seizure since the last score, ...: <the transfer as it
was>". The later holds stay as they are (in the 21 cases whose hold names only an overdose, an ingestion or
intoxication, this opening is what holds a delirious patient's dose).

3 (case 700's headline): "no dose here before the CIWA-Ar re-score and the delirium screen" becomes "no dose here unless
today's CIWA-Ar and COWS re-scores are done and a delirium screen (CAM or 4AT) finds no delirium (if delirium: call
emergency services for the ED if not already called)".
"""

from __future__ import annotations

from .random_placements import cases, only_box, texts

#: The old opening (R59 1: gone from every text).
OLD_OPENING = "if delirium, a seizure since the last score"
#: R59 1's opening (typed from the review).
DELIRIUM_FIRST = (
    "if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; if a "
    "seizure since the last score, hallucinations, "
    "disorientation (item 10 at 2 or more) or a total of 15 or more: "
)

#: Case 144's headline opening, in full (typed).
OPENING_144 = (
    "First: emergency medical evaluation now: re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 15 on "
    "20 Nov 2026, severe, disoriented): ask what happened since (a seizure, confusion, a hospital visit, the last "
    "drink); if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; if "
    "a seizure since the last score, hallucinations, "
    # R76 (was: "...or a total of 15 or more: arrange transfer now (ED, or 4-WM); staff with ...")
    "disorientation (item 10 at 2 or more) or a total of 15 or more: arrange transfer now by emergency services (ED, "
    "or 4-WM); staff with the patient until handover; if the patient declines transfer: the prescriber assesses and "
    "records capacity to decline (without capacity: transfer by emergency services; with capacity: record the advice "
    "given and the risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber "
    "decides; tell the patient and any supportive person to call emergency services for a seizure, confusion, "
    "hallucinations or any worsening); "
)
#: R57 M2's later hold, kept as it is (typed).
HOLD_KEPT = (
    "if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: if "
    "transferred, tell the receiving team at handover"
)

#: Case 7 (high suicide risk, an old CIWA-Ar 10 with hallucinations): its moderate_alcohol_withdrawal box's opening,
#: the list's transfer to the one ED setting kept (typed).
OPENING_7_ALCOHOL = (
    "Emergency medical evaluation now: re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 10 on 20 Nov "
    "2026, hallucinations): ask what happened since (a seizure, confusion, a hospital visit, the last drink); if "
    "delirium: no dose here; call emergency services for the ED; staff with the patient until handover; if a seizure "
    "since the last score, hallucinations, "
    # R76 (was: "...or a total of 15 or more: arrange transfer now (ED: emergency evaluation ...")
    "disorientation (item 10 at 2 or more) or a total of 15 or more: arrange transfer now by emergency services (ED: "
    "emergency evaluation for suicide risk and emergency medical evaluation in one setting); staff with the patient "
    "until handover; if the patient declines transfer or tries to leave: "
)
#: Case 7's complicated_withdrawal box: the transfer is already ordered, its list switches the transport (typed).
LIST_7_COMPLICATED = (
    "re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 10 on 20 Nov 2026, hallucinations; no dose here "
    "without today's re-score), ask what happened since (a seizure, confusion, a hospital visit, the last drink); if "
    "delirium: no dose here; call emergency services for the ED; staff with the patient until handover; if a seizure "
    "since the last score, hallucinations, "
    "disorientation (item 10 at 2 or more) or a total of 15 or more: the transfer by emergency services; re-assess "
    "for seizures or delirium until handover; treat on the current score: before any dose: ask about any overdose or "
    "ingestion today"
)
#: The overdose form of the later hold in the 21 cases, kept as it is (typed).
OVERDOSE_HOLD_KEPT = (
    "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services for "
    "the ED, staff with the patient until handover, naloxone if signs of opioid overdose; intoxicated: "
)

#: R59 3's clause in case 700's headline, after its handover (typed).
HEADLINE_700 = (
    # R65 SF2 (was: "... was rated 4, the last CIWA-Ar and COWS scores and any dose with its time")
    "at handover tell the receiving team why dimension 2 was rated 4, the last CIWA-Ar and COWS scores, the delirium "
    "screen and any dose "
    "with its time; no dose here unless today's CIWA-Ar and COWS re-scores are done and a delirium screen (CAM or 4AT) "
    "finds no delirium (if delirium: call emergency services for the ED if not already called); if the patient "
    "declines transfer: the prescriber assesses and records capacity to decline (without capacity: transfer by "
    "emergency services; with capacity: record the advice given and the risks explained; arrange the highest level of "
    "care the patient accepts; any dose as the prescriber decides; tell the patient and any supportive person to call "
    "emergency services for a seizure, confusion, hallucinations or any worsening); the patient must not drive"
)

#: The 47 cases of the 800 with the bracket and its list (read from the base dump of s33: 26 with R57 M2's hold, 21
#: with the overdose form).
BRACKET_CASES = [
    7, 13, 32, 55, 58, 64, 65, 69, 96, 137, 144, 162, 172, 189, 202, 215, 224, 264, 266, 271, 318, 338, 343, 375, 393,
    403, 414, 420, 422, 423, 439, 443, 485, 511, 560, 564, 587, 593, 670, 688, 690, 699, 715, 751, 759, 763, 770,
]  # fmt: skip


def test_144_headline_sends_delirium_to_the_ed_first() -> None:
    headline = only_box(144, "headline")
    assert headline.startswith(OPENING_144)
    assert HOLD_KEPT in headline  # R59 1: the later clause as it is


def test_144_boxes_say_the_same_opening() -> None:
    for code in ("complicated_withdrawal", "severe_alcohol_withdrawal", "rated_below_suggestion_d1"):
        text = only_box(144, code)
        assert text.startswith(
            "Emergency medical evaluation now: " + OPENING_144[len("First: emergency medical evaluation now: ") :]
        )
        assert HOLD_KEPT in text, code


def test_7_boxes_hold_a_delirious_patients_dose() -> None:
    alcohol = only_box(7, "moderate_alcohol_withdrawal")
    assert alcohol.startswith(OPENING_7_ALCOHOL)
    assert OVERDOSE_HOLD_KEPT in alcohol  # R59 1: the later hold not changed
    for code in ("complicated_withdrawal", "rated_below_suggestion_d1"):
        assert LIST_7_COMPLICATED in only_box(7, code), code


def test_13_headline_overdose_form() -> None:
    headline = only_box(13, "headline")
    # R76 (was: "arrange transfer now (ED, or 4-WM); staff with the patient until handover; ")
    assert (
        DELIRIUM_FIRST + "arrange transfer now by emergency services (ED, or 4-WM); staff with the patient until "
        "handover; " in headline
    )
    assert OVERDOSE_HOLD_KEPT in headline
    assert "if delirium or intoxication" not in headline


def test_700_headline_says_no_dose_unless_both_rescores_and_no_delirium() -> None:
    headline = only_box(700, "headline")
    assert HEADLINE_700 in headline
    assert "no dose here before the CIWA-Ar re-score" not in headline


def test_sweep_no_text_sends_delirium_with_the_transfer_list() -> None:
    """Over the 800: no text says "if delirium, a seizure since the last score"; R59 1's opening is said in the 47
    cases with the bracket (headline or boxes), each time after the bracket."""
    wrong, said = [], set()
    for case in cases(800):
        for code, text in texts(case.number):
            if OLD_OPENING in text:
                wrong.append((case.number, code))
            if DELIRIUM_FIRST in text:
                at = text.find("screen for delirium (CAM or 4AT) (last ")
                assert 0 <= at < text.find(DELIRIUM_FIRST), (case.number, code)
                said.add(case.number)
    assert wrong == []
    assert sorted(said) == BRACKET_CASES
