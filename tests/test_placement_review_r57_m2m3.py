"""Physician review R57, must-fixes M2 and M3 (placement day 02 Dec 2026). Expectations typed from the review and the
task that rules its words.

M2 (cases 144, 422 and every case with the same bracket): an old complicated CIWA-Ar's re-score and delirium screen
("re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last ...") held a dose only "if intoxicated: no dose now
(...)", so a delirious patient who was not intoxicated fell in "otherwise treat on the current score". The headline and
its boxes now hold it as the moderate_opioid_withdrawal box beside it does: "if delirium or intoxication: no dose here
(delirium: to the ED by emergency services; intoxication: <the hold>)". The transfer list stays as it is.

M3 (case 700: dimension 2 rated 4, transfer now; CIWA-Ar 10 with hallucinations and COWS 19, both of 20 Nov 2026): the
COWS boxes allowed a dose with no CIWA-Ar re-score, no delirium screen, no thiamine and no glucose. They now hold it
until both re-scores and the delirium screen are done, and the headline says so after its handover.
"""

from __future__ import annotations

from .random_placements import cases, numbered, only_box, texts

#: The 26 cases of the 800 whose texts say the old complicated CIWA-Ar's bracket with the intoxication-only hold (read
#: from the base dump of main a7d6e5b: every one of them, headline and boxes).
M2_CASES = [
    55, 64, 65, 69, 96, 137, 144, 162, 172, 215, 224, 264, 266, 375, 393, 403, 414, 420, 422, 423, 439, 443, 511, 593,
    690, 715,
]  # fmt: skip

#: R57 M2's hold, as case 144's headline says it after its screen before any dose (typed).
HOLD_144 = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if delirium or intoxication: no dose here (delirium: to the ED by emergency "
    "services; intoxication: if transferred, tell the receiving team at handover the breath alcohol reading or the "
    "signs, with the time; if not: ask the patient to stay on site and repeat the screen and the scores when it "
    "clears; if it has not cleared by the end of the session, or withdrawal worsens: arrange a higher level of care; "
    "the patient must not drive today; if the patient insists: offer a lift or a taxi, and follow local policy); "
    "otherwise treat on the current score (a first dose before transfer only if it does not delay the transfer)"
)
#: The transfer list that stays as it is (typed), delirium said first and alone before it (# R59 1).
TRANSFER_LIST = (
    "if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; "
    "if a seizure since the last score, hallucinations, disorientation (item 10 at 2 or more) or a total of 15 or "
    # R76 (was: "...or a total of 15 or more: arrange transfer now (ED, or 4-WM)")
    "more: arrange transfer now by emergency services (ED, or 4-WM)"
)
#: The old words (R57 M2: gone from every text with the delirium screen).
OLD_HOLD = "if intoxicated: no dose now"

#: R57 M3's opening of case 700's moderate_opioid_withdrawal and buprenorphine_induction_threshold boxes (typed).
OPENING_700 = (
    "Re-score the COWS before transfer only if it does not delay it (last 19 on 20 Nov 2026; no dose here without "
    "today's re-score); no dose here unless today's COWS and CIWA-Ar re-scores are done and a delirium screen (CAM or "
    "4AT) finds no delirium; before any dose: ask about any overdose or ingestion today and screen for intoxication "
    "(breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if an "
    "overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services for the "
    "ED, staff with the patient until handover, naloxone if signs of opioid overdose; intoxicated: tell the receiving "
    "team at handover the breath alcohol reading or the signs, with the time; the patient must not drive today); "
    "otherwise treat on the current score (a first dose before transfer only if it does not delay the transfer and "
    "the reason for rating 4 allows it)"
)
#: R57 M3's clause in case 700's headline, after its handover (typed), in R59 3's words (# R59 3).
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
#: That clause (R59 3's words).
CLAUSE_700 = "no dose here unless today's CIWA-Ar and COWS re-scores are done and a delirium screen (CAM or 4AT) finds"


def test_144_headline_holds_a_dose_in_delirium() -> None:
    headline = only_box(144, "headline")
    assert HOLD_144 in headline
    assert TRANSFER_LIST in headline  # R57 M2: the transfer list as it is
    assert OLD_HOLD not in headline


def test_144_complicated_withdrawal_box_holds_a_dose_in_delirium() -> None:
    box = only_box(144, "complicated_withdrawal")
    assert HOLD_144 + "; at handover tell the receiving team the CIWA-Ar re-score, the delirium screen" in box
    assert TRANSFER_LIST in box
    assert OLD_HOLD not in box


def test_422_headline_and_boxes_say_the_same_hold() -> None:
    for code in ("headline", "complicated_withdrawal", "moderate_alcohol_withdrawal", "rated_below_suggestion_d1"):
        text = only_box(422, code)
        assert (
            "if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: if "
            "transferred, tell the receiving team at handover" in text
        ), code
        assert OLD_HOLD not in text, code


def test_sweep_no_delirium_screen_holds_for_intoxication_alone() -> None:
    """Over the 800: no text (headline or box) with "screen for delirium (CAM or 4AT)" says "if intoxicated: no dose
    now"; the bracket's texts that say R57 M2's hold are those of the 26 cases listed, each with its headline."""
    wrong, said = [], set()
    for case in cases(800):
        for code, text in texts(case.number):
            if "screen for delirium (CAM or 4AT)" not in text:
                continue
            # R60 Q4: an old moderate CIWA-Ar's re-score screened for delirium says delirium's own branch before the
            # hold for intoxication alone (was: no such text; OLD_HOLD anywhere was wrong)
            # R67 F1 (was: only the plain branch): or that branch merged with the overdose's, said before the hold
            # for intoxication alone (R65 F1's old severe re-score beside the overdose question; R60 Q2 (a)'s words)
            if OLD_HOLD in text and (
                "if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; "
                "if intoxicated: no dose now"
                not in text
                and "if delirium, or an overdose or ingestion: no dose here; call emergency services for the ED; staff "
                "with the patient until handover (naloxone if signs of opioid overdose); if intoxicated: no dose now"
                not in text
            ):
                wrong.append((case.number, code))
            at = text.find("screen for delirium (CAM or 4AT) (last ")
            if at >= 0 and (
                "if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: "
                "if transferred" in text[at:]
            ):
                said.add((case.number, code == "headline"))
    assert wrong == []
    assert sorted({n for n, _ in said}) == M2_CASES
    assert sorted(n for n, headline in said if headline) == M2_CASES


def test_700_cows_boxes_wait_for_the_ciwa_rescore_and_delirium_screen() -> None:
    for code in ("moderate_opioid_withdrawal", "buprenorphine_induction_threshold"):
        assert only_box(700, code).startswith(OPENING_700), code


def test_700_headline_says_no_dose_before_the_rescore_and_screen() -> None:
    assert HEADLINE_700 in only_box(700, "headline")


def test_700_other_boxes_unchanged() -> None:
    # the CIWA-Ar's own boxes give no dose: R57 M3 leaves them as they were (typed)
    assert only_box(700, "moderate_alcohol_withdrawal") == (
        "Re-score the CIWA-Ar and screen for delirium (CAM or 4AT) before transfer only if it does not delay it (last "
        "10 on 20 Nov 2026, hallucinations): ask what happened since (a seizure, confusion, a hospital visit, the last "
        "drink); at handover give the receiving team the score and the screen; re-assess for seizures or delirium "
        "until handover"
    )
    assert numbered(700).headline.count(CLAUSE_700) == 1  # R59 3


def test_sweep_m3_reaches_700_alone() -> None:
    """Over the 800: every case with a box re-scoring an old complicated CIWA-Ar and screening for delirium before
    transfer only if it does not delay it, whose COWS boxes may give a dose, holds that dose (R57 M3); 700 is the one
    such case, and the only one whose texts say M3's words."""
    reached, unheld = [], []
    for case in cases(800):
        said = texts(case.number)
        if not any(
            "e-score the CIWA-Ar and screen for delirium (CAM or 4AT) before transfer only if it does not delay it" in t
            for _, t in said
        ):
            continue
        for code, text in said:
            if "e-score the COWS before transfer only if it does not delay it" in text and "before any dose" in text:
                if "no dose here unless today's COWS and CIWA-Ar re-scores are done" in text:
                    reached.append(case.number)
                else:
                    unheld.append((case.number, code))
    assert unheld == []
    assert sorted(set(reached)) == [700]
    assert [
        c.number
        for c in cases(800)
        if CLAUSE_700 in only_box(c.number, "headline")  # R59 3
    ] == [700]
