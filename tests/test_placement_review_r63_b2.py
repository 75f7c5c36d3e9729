"""Physician review R63 (review of s36; placement day 02 Dec 2026), section 4: MF1 and SF4. Expectations typed from
the ruling's words.

- MF1 (must-fix): cases 273 and 639 (an old severe COWS and an old CIWA-Ar of 8 or more, both re-scored first): the
  headline and the COWS, d1 and buprenorphine boxes (the "otherwise, on the two re-scores" form, 8 texts) say (a) the
  question of what happened since (273's headline: and the delirium screen), (b) 273 (old item 10 at 1): the
  delirium hold after "check blood glucose;", (c) the CIWA-Ar 15+/seizure/hallucinations/disorientation transfer
  before "otherwise, if not intoxicated, on the two re-scores:".
- SF4 (should-fix): the COWS and buprenorphine boxes of the joined re-score cases (120 377 406 525 585 608 781) say
  MF1 (c)'s joined clause before "otherwise, if not intoxicated: treat on the current score".
"""

from __future__ import annotations

import pytest

from .random_placements import all_built, cases, only_box, texts

#: R63 MF1 (a), the question (typed).
ASKED = "ask what happened since (a seizure, confusion, a hospital visit, the last drink)"
#: MF1 (a), the headline of 273 (old item 10 at 1) and of 639 (typed).
HEADLINE_273_ASKS = (
    "both before any dose, and screen for delirium (CAM or 4AT); ask what happened since (a seizure, confusion, a "
    "hospital visit, the last drink); before any dose: screen for intoxication"
)
HEADLINE_639_ASKS = (
    "both before any dose; ask what happened since (a seizure, confusion, a hospital visit, the last drink); before "
    "any dose: screen for intoxication"
)
#: MF1 (a), the boxes: after the first step's CIWA-Ar re-score (typed; N = 14 in 273, 13 in 639).
BOX_ASKS = (
    "after the first step's CIWA-Ar re-score (last {n} on 20 Nov 2026); ask what happened since (a seizure, "
    "confusion, a hospital visit, the last drink), before any dose: screen for intoxication"
)
#: MF1 (b), 273 only (typed).
DELIRIUM_HOLD_273 = (
    "check blood glucose; if delirium: no dose here; call emergency services for the ED; staff with the patient until "
    "handover; if intoxicated: no dose now"
)
#: MF1 (c): the clause that replaces "; otherwise, on the two re-scores:" (typed).
MF1_C = (
    "; on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or a seizure since the last score, or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or ...")
    "hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now by emergency services to "
    "medically managed withdrawal (ED, or 4-WM); staff with the patient until handover; if the patient declines "
    "transfer: the prescriber assesses and records capacity to decline (without capacity: transfer by emergency "
    "services; with capacity: record the advice given and the risks explained; arrange the highest level of care "
    "the patient accepts; any dose as the prescriber decides; tell the patient and any supportive person to call "
    "emergency services for a seizure, "
    # R73 1a (was: "...any worsening); if not intoxicated")
    "confusion, hallucinations or any worsening); the patient must not drive; if not intoxicated: a first "
    "dose before transfer only if it does not delay the transfer; otherwise, if not intoxicated, on the two re-scores:"
)
OLD_TWO_RESCORES = "; otherwise, on the two re-scores:"
#: SF4: MF1 (c)'s joined clause before "otherwise, if not intoxicated: treat on the current score" (typed).
SF4 = (
    "; on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or a seizure since the last score, or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or ...")
    "hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now by emergency services to "
    "medically managed withdrawal (ED, or 4-WM); staff with the patient until handover; if the patient declines "
    "transfer: the prescriber assesses and records capacity to decline (without capacity: transfer by emergency "
    "services; with capacity: record the advice given and the risks explained; arrange the highest level of care "
    "the patient accepts; any dose as the prescriber decides; tell the patient and any supportive person to call "
    "emergency services for a seizure, "
    # R73 1a (was: "...any worsening); if not intoxicated")
    "confusion, hallucinations or any worsening); the patient must not drive; if not intoxicated: a first "
    "dose before transfer only if it does not delay the transfer; otherwise, if not intoxicated: treat on the current "
    "score;"
)
#: SF4 in case 120, beside a high C-SSRS: the destination in R63 MF2's words (one destination for one trigger) and the
#: decline words of R62 M3 (no capacity clause beside a high C-SSRS), both typed.
SF4_BESIDE_HIGH = (
    "; on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or a seizure since the last score, or "
    "hallucinations, or disorientation (item 10 at 2 or more): the emergency evaluation in an ED that can also manage "
    # R76 (was: "...manage withdrawal (arrange transfer now); staff with the patient...")
    "withdrawal (arrange transfer now by emergency services); staff with the patient until handover; if the patient "
    "declines transfer or "
    "tries to leave: staff stay with the patient and call emergency services for an emergency mental-health "
    # R75 2 (was: "...(local involuntary-assessment procedure); if not intoxicated")
    "assessment (local involuntary-assessment procedure); the patient must not drive; if not intoxicated: a first "
    "dose before transfer only if it does not delay the transfer; otherwise, if not intoxicated: treat on the current "
    "score;"
)
OLD_COWS_CLOSING = "; otherwise treat on the current score;"

#: MF1's 8 texts (R63 section 4).
MF1_TEXTS = [
    (n, code)
    for n in (273, 639)
    for code in (
        "headline",
        "severe_opioid_withdrawal",
        "rated_below_suggestion_d1",
        "buprenorphine_induction_threshold",
    )
]
#: SF4's texts: the COWS and buprenorphine boxes of the seven joined cases (R63 section 4).
SF4_TEXTS = [
    (120, "moderately_severe_opioid_withdrawal"),
    (120, "buprenorphine_induction_threshold"),
    (377, "moderate_opioid_withdrawal"),
    (377, "buprenorphine_induction_threshold"),
    (406, "moderately_severe_opioid_withdrawal"),
    (406, "buprenorphine_induction_threshold"),
    (525, "moderately_severe_opioid_withdrawal"),
    (525, "buprenorphine_induction_threshold"),
    (585, "moderately_severe_opioid_withdrawal"),
    (585, "buprenorphine_induction_threshold"),
    (608, "moderately_severe_opioid_withdrawal"),
    (608, "buprenorphine_induction_threshold"),
    (781, "moderate_opioid_withdrawal"),
    (781, "buprenorphine_induction_threshold"),
]


@pytest.mark.parametrize(("number", "code"), MF1_TEXTS)
def test_mf1_c_the_transfer_before_the_two_re_scores(number: int, code: str) -> None:
    text = only_box(number, code)
    assert MF1_C in text
    assert OLD_TWO_RESCORES not in text
    # read in order: the transfer before the COWS's dose and before "treat on the current scores"
    at = text.index(MF1_C)
    assert at < text.index("a prescriber treats withdrawal now") < text.index("otherwise: treat on the current scores")


@pytest.mark.parametrize(("number", "code"), MF1_TEXTS)
def test_mf1_a_asks_what_happened_since(number: int, code: str) -> None:
    text = only_box(number, code)
    if code == "headline":
        assert (HEADLINE_273_ASKS if number == 273 else HEADLINE_639_ASKS) in text
    else:
        assert BOX_ASKS.format(n=14 if number == 273 else 13) in text
    assert text.count(ASKED) == 1
    assert text.index(ASKED) < text.index(MF1_C)


@pytest.mark.parametrize(("number", "code"), MF1_TEXTS)
def test_mf1_b_the_delirium_hold_in_273_only(number: int, code: str) -> None:
    text = only_box(number, code)
    if number == 273:
        assert DELIRIUM_HOLD_273 in text
        assert text.index(DELIRIUM_HOLD_273) < text.index(MF1_C)
    else:
        assert "if delirium" not in text
        assert "screen for delirium" not in text


def test_mf1_273_headline_typed_opening() -> None:
    assert only_box(273, "headline").startswith(
        "First: re-score the COWS now (last 48 on 20 Nov 2026, severe) and the CIWA-Ar (last 14 on 20 Nov 2026), both "
        "before any dose, and screen for delirium (CAM or 4AT); ask what happened since (a seizure, confusion, a "
        "hospital visit, the last drink); before any dose: screen for intoxication (breath alcohol above zero, or "
        "signs of sedative intoxication), give thiamine and check blood glucose; if delirium: no dose here; call "
        "emergency services for the ED; staff with the patient until handover; if intoxicated: no dose now ("
    )


def test_mf1_639_box_typed_opening() -> None:
    assert only_box(639, "severe_opioid_withdrawal").startswith(
        "Re-score the COWS now (last 48 on 20 Nov 2026, severe): after the first step's CIWA-Ar re-score (last 13 on "
        "20 Nov 2026); ask what happened since (a seizure, confusion, a hospital visit, the last drink), before any "
        "dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine "
        "and check blood glucose; if intoxicated: no dose now ("
    )


@pytest.mark.parametrize(("number", "code"), SF4_TEXTS)
def test_sf4_joined_cows_boxes_say_the_transfer(number: int, code: str) -> None:
    text = only_box(number, code)
    assert text.startswith("Re-score the COWS now (last ")
    assert (SF4_BESIDE_HIGH if number == 120 else SF4) in text
    assert OLD_COWS_CLOSING not in text


def test_sf4_case_120_beside_a_high_c_ssrs_one_destination_no_capacity_clause() -> None:
    for code in ("moderately_severe_opioid_withdrawal", "buprenorphine_induction_threshold"):
        text = only_box(120, code)
        assert "capacity to decline" not in text
        # R76 (was: "arrange transfer now to medically managed withdrawal (ED, or 4-WM)")
        assert "arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM)" not in text
        assert "arrange transfer now to medically managed withdrawal (ED, or 4-WM)" not in text


def _high(number: int) -> bool:
    return any(code == "suicide_risk_high" for code, _ in texts(number))


def test_sweep_every_two_re_scores_text_says_mf1() -> None:
    found = []
    for c in cases(800):
        inattention = any(code == "possible_inattention" for code, _ in texts(c.number))
        for code, text in texts(c.number):
            assert OLD_TWO_RESCORES not in text, (c.number, code)
            if "on the two re-scores:" not in text:
                continue
            found.append((c.number, code))
            assert MF1_C in text, (c.number, code)
            assert text.index(ASKED) < text.index(MF1_C), (c.number, code)
            if inattention:
                assert text.index("if delirium: no dose here") < text.index(MF1_C), (c.number, code)
    assert sorted(found) == sorted(MF1_TEXTS)


def test_sweep_every_joined_cows_box_says_sf4() -> None:
    found = []
    for number, rec in all_built().items():
        if "re-score the CIWA-Ar and the COWS now" not in rec.headline:  # type: ignore[attr-defined]
            continue
        for code, text in texts(number)[1:]:
            if not text.startswith("Re-score the COWS now"):
                continue
            found.append((number, code))
            assert (SF4_BESIDE_HIGH if _high(number) else SF4) in text, (number, code)
            assert OLD_COWS_CLOSING not in text, (number, code)
    assert sorted(found) == sorted(SF4_TEXTS)
