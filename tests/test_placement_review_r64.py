"""Physician review R64 (re-review of the R63 builds; placement day 02 Dec 2026): should-fixes S1 and S2, typed from
the ruling's words.

- S1: the COWS boxes of cases 33 and 135 (an old moderate CIWA-Ar beside a COWS of today and a C-SSRS high): the
  CIWA-Ar re-score's transfer "intoxicated or not, at a CIWA-Ar re-score of 15 or more, ... (local
  involuntary-assessment procedure);" moves, unchanged, to right after the hold's "the patient must not drive
  today);", and the next "otherwise treat withdrawal as the prescriber decides" reads "otherwise, if not intoxicated:
  treat withdrawal as the prescriber decides".
- S2: the emergency branch of two old withdrawals (a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more):
  "; a first dose before transfer only if it does not delay the transfer; the patient must not drive" becomes "; if
  not intoxicated: a first dose before transfer ..." in 16 texts (125 x4, 470 x4, 564 x5, the alcohol and inattention
  boxes of 273, the alcohol box of 639); the 8 texts of 273 and 639 under "otherwise, if not intoxicated, on the two
  re-scores:" are left.
"""

from __future__ import annotations

import pytest

from .random_placements import cases, only_box, texts

#: S1's words (typed from R64 S1 and R63 MF2's destination).
S1_MOVED = (
    "the patient must not drive today); intoxicated or not, at a CIWA-Ar re-score of 15 or more, or a seizure since "
    "the last score, or hallucinations, or disorientation (item 10 at 2 or more): the emergency evaluation in an ED "
    # R76 (was: "...manage withdrawal (arrange transfer now); staff with the patient...")
    "that can also manage withdrawal (arrange transfer now by emergency services); staff with the patient until "
    "handover; if the patient declines transfer or tries to leave: staff stay with the patient and call emergency "
    "services for an emergency "
    # R75 2 (was: "...(local involuntary-assessment procedure); otherwise, if not intoxicated")
    "mental-health assessment (local involuntary-assessment procedure); the patient must not drive; otherwise, if not "
    "intoxicated: treat withdrawal as the prescriber decides, with buprenorphine"
)
#: The words after the 8-or-more branch, the clause no longer between them (typed).
S1_AFTER_8 = (
    "arrange medically managed withdrawal or a higher level of care, through the same emergency evaluation; if a "
    "benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until the evaluation or "
    "handover"
)


@pytest.mark.parametrize("number", [33, 135])
def test_s1_cows_box_says_the_transfer_after_the_hold(number: int) -> None:
    text = only_box(number, "moderate_opioid_withdrawal")
    assert S1_MOVED in text
    assert S1_AFTER_8 in text
    assert text.count("intoxicated or not, at a CIWA-Ar re-score of 15 or more") == 1
    assert "; otherwise treat withdrawal as the prescriber decides" not in text


#: S2's words (typed).
GUARDED = (
    "; if not intoxicated: a first dose before transfer only if it does not delay the transfer; the patient must not "
    "drive"
)
UNGUARDED = "; a first dose before transfer only if it does not delay the transfer; the patient must not drive"
#: S2's 16 texts (typed from R64 S2).
S2_TEXTS = (
    *(
        (125, c)
        for c in ("headline", "severe_alcohol_withdrawal", "severe_opioid_withdrawal", "rated_below_suggestion_d1")
    ),
    *(
        (470, c)
        for c in ("headline", "severe_alcohol_withdrawal", "severe_opioid_withdrawal", "rated_below_suggestion_d1")
    ),
    *(
        (564, c)
        for c in (
            "headline",
            "complicated_withdrawal",
            "severe_alcohol_withdrawal",
            "severe_opioid_withdrawal",
            "rated_below_suggestion_d1",
        )
    ),
    (273, "possible_inattention"),
    (273, "moderate_alcohol_withdrawal"),
    (639, "moderate_alcohol_withdrawal"),
)
#: The 8 texts left under R63 MF1(c)'s guarded closing (typed from R64 S2).
S2_LEFT = tuple(
    (n, c)
    for n in (273, 639)
    for c in ("headline", "severe_opioid_withdrawal", "rated_below_suggestion_d1", "buprenorphine_induction_threshold")
)


@pytest.mark.parametrize(("number", "code"), S2_TEXTS)
def test_s2_first_dose_guarded(number: int, code: str) -> None:
    text = only_box(number, code)
    assert GUARDED in text
    assert UNGUARDED not in text.replace(GUARDED, "")


@pytest.mark.parametrize(("number", "code"), S2_LEFT)
def test_s2_left_under_the_guarded_two_rescores(number: int, code: str) -> None:
    text = only_box(number, code)
    assert "otherwise, if not intoxicated, on the two re-scores:" in text
    assert UNGUARDED in text


def test_s2_sweep_every_such_dose_is_guarded() -> None:
    """Over the 800 cases: every such first dose is guarded, or said after the guarded two re-scores."""
    guarded, left = [], []
    for c in cases(800):
        for code, text in texts(c.number):
            for at in (i for i in range(len(text)) if text.startswith(UNGUARDED, i)):
                if text[: at + 2].endswith("; ") and text[max(0, at - 20) : at].endswith("if not intoxicated:"):
                    continue
                left.append((c.number, code))
                assert "otherwise, if not intoxicated, on the two re-scores:" in text[:at], (c, code)
            if GUARDED in text:
                guarded.append((c.number, code))
    assert sorted(set(guarded)) == sorted(S2_TEXTS)
    assert sorted(set(left)) == sorted(S2_LEFT)
