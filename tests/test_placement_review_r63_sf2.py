"""Physician review R63 (placement day 02 Dec 2026), SF2, and the withdrawn C-SSRS high beside the old CIWA-Ar
re-scores' transfers. Expectations typed from the ruling's words.

- SF2 (should-fix): cases 312 and 563 (an old moderate CIWA-Ar beside a COWS of today, no emergency evaluation): the
  transfer now at a CIWA-Ar re-score of 15 or more, a seizure, hallucinations or disorientation, with its first dose
  limit, is said right after the hold's closing bracket, and the next words are "otherwise, if not intoxicated: treat
  ..." (headline, d1 and COWS boxes; the COWS boxes gain the first dose limit); read in order, the transfer no longer
  comes after a dose and the COWS re-score 1-2 hours later.
- A C-SSRS high withdrawn by a correction, never assessed, is no positive screen (physician review R18, M4; Posner et
  al. 2011): beside it, an old CIWA-Ar re-score's transfer keeps the medical capacity test (R60 Q2(a)) and its
  destination (R63 MF2's "emergency evaluation in an ED that can also manage withdrawal" only beside a high that
  stands).
"""

from __future__ import annotations

import pytest

from .random_placements import cases, only_box, texts
from .test_placement_headline_review_r18_boxes import boxes, case

#: SF2's clause, said right after the hold (typed from R63 SF2 and R61 section 4 (iii)'s words).
TRANSFER_AFTER_HOLD = (
    "follow local policy); intoxicated or not, at a CIWA-Ar re-score of 15 or more, or a seizure since the last score, "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)...")
    "or hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now by emergency services to "
    "medically managed withdrawal "
    "(ED, or 4-WM); staff with the patient until handover; if the patient declines transfer: the prescriber assesses "
    "and records capacity to decline (without capacity: transfer by emergency services; with capacity: record the "
    "advice given and the risks explained; arrange the highest level of care the patient accepts; any dose as the "
    "prescriber decides; tell the patient and any supportive person to call emergency services for a seizure, "
    # R73 1a (was: "...any worsening); if not intoxicated")
    "confusion, hallucinations or any worsening); the patient must not drive; if not intoxicated: a first "
    "dose before transfer only if it does not delay the transfer; otherwise, if not intoxicated: treat "
)
#: What follows it, by box (typed from the texts' own treatment words).
NEXT = {
    "headline": "on the current score; then, before the patient leaves, a same-day suicide risk assessment",
    "rated_below_suggestion_d1": "on the current score; prescriber's review before the patient leaves: treat "
    "withdrawal",
    "moderate_opioid_withdrawal": "withdrawal as the prescriber decides, with buprenorphine, or methadone only in an "
    "opioid treatment programme",
}
#: The 8-or-more branch the clause used to follow, now followed by the text's next step (typed).
EIGHT_OR_MORE = {
    "headline": "arrange medically managed withdrawal or a higher level of care; if a benzodiazepine is given with "
    "buprenorphine or methadone: monitor sedation and breathing",
    "rated_below_suggestion_d1": "arrange medically managed withdrawal or a higher level of care; if transferred: at "
    "handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time",
    "moderate_opioid_withdrawal": "arrange medically managed withdrawal or a higher level of care; if transferred: at "
    "handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time",
}
#: R64 S3: 563's boxes re-score an old CIWA-Ar whose item 10 was 1 with a delirium screen: the screen told (was: the
#: EIGHT_OR_MORE words, "the last CIWA-Ar and COWS scores and any dose with its time"); its headline's watch unchanged.
EIGHT_OR_MORE_563 = {
    **EIGHT_OR_MORE,
    "rated_below_suggestion_d1": "arrange medically managed withdrawal or a higher level of care; if transferred: at "
    "handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time",
    "moderate_opioid_withdrawal": "arrange medically managed withdrawal or a higher level of care; if transferred: at "
    "handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time",
}
CLAUSE_START = "intoxicated or not, at a CIWA-Ar re-score of 15 or more"
#: The clause's transfer with the capacity clause (not beside a high C-SSRS: R63 MF2's form).
CAPACITY_FORM = "(ED, or 4-WM); staff with the patient until handover; if the patient declines transfer: the prescriber"


@pytest.mark.parametrize("number", [312, 563])
@pytest.mark.parametrize("code", sorted(NEXT))
def test_sf2_transfer_said_after_the_hold(number: int, code: str) -> None:
    text = only_box(number, code)
    assert TRANSFER_AFTER_HOLD + NEXT[code] in text
    assert text.count(CLAUSE_START) == 1
    # the dose and the COWS re-score 1-2 hours after it come after the transfer, no longer before it
    assert text.index(CLAUSE_START) < text.index("re-score the COWS 1-2 hours after dosing")
    assert (EIGHT_OR_MORE_563 if number == 563 else EIGHT_OR_MORE)[code] in text  # R64 S3 (was: EIGHT_OR_MORE)


def test_sf2_sweep_the_transfer_before_any_dose_of_the_plain_treatment() -> None:
    """Over the 800 cases: every text saying the (iii) transfer now with the capacity clause says it before the COWS
    re-score after dosing (cases 312 and 563: headline, d1 and COWS boxes)."""
    found = []
    for c in cases(800):
        for code, text in texts(c.number):
            if CLAUSE_START in text and CAPACITY_FORM in text[text.index(CLAUSE_START) :]:
                found.append((c.number, code))
                assert text.index(CLAUSE_START) < text.index("re-score the COWS 1-2 hours after dosing"), (c, code)
                assert "; otherwise, if not intoxicated: treat " in text, (c, code)
    assert sorted(found) == sorted((n, code) for n in (312, 563) for code in NEXT)


#: R18 M4's case 59 (dimension 5 rated 4, an old CIWA-Ar 13 and a COWS 48 of today) and R18's case 33 (dimension 4
#: rated 4, an old CIWA-Ar 14 with item 10 at 1 and an old COWS 48), each beside a C-SSRS high withdrawn.
WITHDRAWN_CASES = {
    "59": ({5: 4}, {"ciwa": ("old", "13"), "cows": ("today", "48")}),
    "33": ({4: 4}, {"ciwa": ("old", "i1_14"), "cows": ("old", "48")}),
}


@pytest.mark.parametrize("name", sorted(WITHDRAWN_CASES))
def test_withdrawn_high_keeps_the_capacity_test_and_the_withdrawal_transfer(name: str) -> None:
    ratings, scores = WITHDRAWN_CASES[name]
    r = case(ratings, withdrawn=True, **scores)
    said = [t for t in (r.headline, *boxes(r).values()) if "intoxicated or not" in t]
    assert said
    for text in said:
        assert "the prescriber assesses and records capacity to decline" in text
        assert "involuntary-assessment" not in text
        assert "an ED that can also manage withdrawal" not in text
