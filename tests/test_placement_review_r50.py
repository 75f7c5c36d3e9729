"""Physician review R50 (session 29), should-fixes built by b12. Words typed from the reviewer's text
(/work/reviews/r50.md) and the dump of the 800 random cases.

- S3: the comma form "arrange transfer now (ED, or 3.7-WM/4-WM), a first dose before transfer only if it does not
  delay the transfer;" (cases 88, 249, 657) says the staff clause, as R48 item 2's rule and 88's headline say it.
"""

from __future__ import annotations

import functools

import pytest

from .random_placements import built, cases

# --- S3 -----------------------------------------------------------------------------------------------------------

#: R50 S3: the reviewer's words.
S3_SAID = (
    # R76 ruling 2 (was: "arrange transfer now (ED, or 3.7-WM/4-WM); staff with ...")
    "arrange transfer now (a seizure, hallucinations, disorientation or a total of 15 or more: by emergency services, "
    "to the ED or 4-WM; otherwise: ED, or 3.7-WM/4-WM); staff with the patient until handover; "
    # R53 B: the capacity to decline after the staff clause, as the headline's branch
    "if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    # R62 M1: the first dose before transfer guarded (was: "(without capacity: ...); a first dose before transfer")
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening); "
    # R73 1a, R74 must-fix 1 (was: "...any worsening); if not intoxicated")
    "the patient must not drive; if not intoxicated: a first dose before transfer only if it does not delay the "
    "transfer;"
)
#: R50 S3: the comma form, said nowhere in the 800.
S3_COMMA = "(ED, or 3.7-WM/4-WM), a first dose"
# R62 M1: the comma form with the dose's guard, swept too (was: only S3_COMMA)
S3_COMMA_GUARDED = "(ED, or 3.7-WM/4-WM), if not intoxicated: a first dose"
# R76 ruling 2: the comma forms after the ruling's bracket ("...; otherwise: ED, or 3.7-WM/4-WM)"), swept too
S3_COMMAS_R76 = (
    "; otherwise: ED, or 3.7-WM/4-WM), a first dose",
    "; otherwise: ED, or 3.7-WM/4-WM), if not intoxicated: a first dose",
)
#: R50 S3: the six boxes the reviewer named.
S3_BOXES = (
    (88, "possible_inattention"),
    (88, "moderate_alcohol_withdrawal"),
    (88, "rated_below_suggestion_d1"),
    (249, "moderate_alcohol_withdrawal"),
    (249, "rated_below_suggestion_d1"),
    (657, "moderate_alcohol_withdrawal"),
)


@functools.cache
def _all() -> dict[int, object]:
    return {c.number: built(c) for c in cases(800)}


def _box(number: int, code: str) -> str:
    rec = _all()[number]
    (action,) = [f.action for f in rec.flags if f.code == code]  # type: ignore[attr-defined]
    return action


@pytest.mark.parametrize(("number", "code"), S3_BOXES)
def test_s3_comma_form_says_staff(number: int, code: str) -> None:
    action = _box(number, code)
    # dimension 1's box says the branch as the headline's sentence, its own driving rule at the sentence's end ("...;
    # the patient must not drive. Otherwise ..."), not after the capacity clause (R73 1a, R74 must-fix 1)
    said = (
        S3_SAID.replace("; the patient must not drive; if not", "; if not", 1)
        if code == "rated_below_suggestion_d1"
        else S3_SAID
    )
    assert said in action
    assert S3_COMMA not in action
    assert S3_COMMA_GUARDED not in action
    assert not any(comma in action for comma in S3_COMMAS_R76)  # R76 ruling 2


def test_s3_no_comma_form_in_800() -> None:
    said = [
        (n, f.code)
        for n, rec in _all().items()
        for f in [*rec.flags]  # type: ignore[attr-defined]
        for comma in (S3_COMMA, S3_COMMA_GUARDED, *S3_COMMAS_R76)  # R76 ruling 2 (was: the first two)
        if comma in f.action or comma in rec.headline  # type: ignore[attr-defined]
    ]
    assert said == []


# --- S1 -----------------------------------------------------------------------------------------------------------

#: R50 S1: the reviewer's words, and its moderate-risk form.
S1_ASK = (
    "and ask them for a suicide risk assessment once the patient is able to answer (do not delay the transfer for it)"
)
S1_ASK_PLANNED = (
    "and ask them for a suicide risk assessment with safety planning once the patient is able to answer (do not delay "
    "the transfer for it)"
)
#: R50 S1: the 37 boxes in 18 cases the reviewer named, each box's code (from the dump).
S1_BOXES = {
    29: ("suicidal_ideation",),
    115: ("suicide_risk_low",),
    157: ("suicide_risk_low", "suicidal_ideation", "rated_below_suggestion_d3"),
    159: ("suicide_risk_low", "suicidal_ideation", "rated_below_suggestion_d3"),
    204: ("suicidal_ideation", "rated_below_suggestion_d3"),
    252: ("suicidal_ideation", "suicide_risk_moderate", "rated_below_suggestion_d3"),
    312: ("suicidal_ideation", "suicide_risk_moderate", "rated_below_suggestion_d3"),
    380: ("suicide_risk_low",),
    491: ("suicide_risk_low", "rated_below_suggestion_d3"),
    498: ("suicidal_ideation", "rated_below_suggestion_d3"),
    563: ("suicidal_ideation", "rated_below_suggestion_d3"),
    589: ("suicidal_ideation", "rated_below_suggestion_d3"),
    616: ("suicide_risk_moderate", "rated_below_suggestion_d3"),
    620: ("suicide_risk_moderate", "rated_below_suggestion_d3"),
    660: ("suicide_risk_moderate", "suicidal_ideation", "rated_below_suggestion_d3"),
    687: ("suicide_risk_low",),
    740: ("suicide_risk_moderate", "rated_below_suggestion_d3"),
    747: ("suicide_risk_low", "rated_below_suggestion_d3"),
}


def test_s1_case_29_ideation_box_typed() -> None:
    assert (
        "if transferred: at handover tell the receiving team that today's PHQ-9 item 9 was positive, and ask them for "
        "a suicide risk assessment once the patient is able to answer (do not delay the transfer for it)"
    ) in _box(29, "suicidal_ideation")


def test_s1_case_252_moderate_box_typed() -> None:
    assert (
        "if transferred: at handover tell the receiving team that today's C-SSRS screen was moderate risk (method "
        "considered, or suicidal behaviour over 3 months ago) and that the PHQ-9 item 9 of 20 Nov 2026 was positive "
        f"(never assessed), {S1_ASK_PLANNED}"
    ) in _box(252, "suicide_risk_moderate")


@pytest.mark.parametrize(("number", "code"), [(n, c) for n, codes in S1_BOXES.items() for c in codes])
def test_s1_box_asks_once_able_to_answer(number: int, code: str) -> None:
    action = _box(number, code)
    assert S1_ASK in action or S1_ASK_PLANNED in action


def test_s1_sweep_37_boxes_in_18_cases() -> None:
    said = sorted(
        (n, f.code)
        for n, rec in _all().items()
        for f in rec.flags  # type: ignore[attr-defined]
        if f.code.startswith(("suicid", "rated_below_suggestion_d3"))
        and (S1_ASK in f.action or S1_ASK_PLANNED in f.action)
    )
    # R51 (widening S1): every box beside a headline that asks "once the patient is able to answer" says it, the 37
    # above among them: 254 boxes in 140 cases (was: 37 in the 18 cases of S1_BOXES)
    assert len(said) == 254
    assert len({n for n, _ in said}) == 140
    assert set(S1_BOXES) <= {n for n, _ in said}


# --- b6 Q2 --------------------------------------------------------------------------------------------------------

#: R50 b6 Q2: CIWA-Ar item 10 at 1's box beside two old withdrawals reads word for word as its sibling
#: moderate_alcohol_withdrawal box (the remedy of R45).
Q2_CASES = (273, 377, 525, 585, 608, 781)
# R60 Q4 and Q3 (the joined re-scores): the re-score screens for delirium, delirium's branch before the hold, the
# severe branch before treating only if not intoxicated (was: "Re-score the CIWA-Ar now (last 14 on 20 Nov 2026);
# before any dose: ...; if intoxicated: no dose now (...); otherwise treat on the current score; at a CIWA-Ar ...")
# S3 (R62; R63 2): the question after the re-score (was: "(CAM or 4AT); before any dose: ..."); R62 M1: the joined
# re-scores' first dose before transfer guarded (was: "(without capacity: ...); a first dose before transfer")
Q2_CASE_273 = (
    "Re-score the CIWA-Ar now (last 14 on 20 Nov 2026) and screen for delirium (CAM or 4AT); ask what happened since "
    "(a seizure, confusion, a hospital visit, the last drink); before any dose: screen "
    "for intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
    "glucose; if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; "
    "if intoxicated: no dose now (if transferred, tell the receiving team at handover the breath alcohol reading or "
    "the signs, with the time; if not: ask the patient to stay on site and repeat the screen and the scores when it "
    "clears; if it has not cleared by the end of the session, or withdrawal worsens: arrange a higher level of care; "
    "the patient must not drive today; if the patient insists on leaving: the same-day suicide risk assessment first "
    "(if too intoxicated to take part in it: staff stay with the patient and arrange an emergency evaluation for "
    "suicide risk); offer a lift or a taxi, and follow local policy); on the re-scores, intoxicated or not: if a "
    "CIWA-Ar of 15 or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)")
    "more): arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM); staff with the "
    "patient until "
    "handover; if the patient declines transfer: the prescriber assesses and records capacity to decline (without "
    "capacity: transfer by emergency services; with capacity: record the advice given and the risks explained; "
    "arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and "
    # R73 1a (was: "...any worsening); if not intoxicated")
    "any supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening); the "
    "patient must not drive; if not intoxicated: a first dose before transfer only if it does not "
    "delay the transfer; "
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover; "
    "otherwise, if not intoxicated: a prescriber treats on today's score; at a CIWA-Ar re-score of 8 or more with a "
    "COWS re-score of 13 or more (two withdrawals): arrange medically managed withdrawal or a higher level of care; if "
    # R64 S3 (was: "the last CIWA-Ar and COWS scores and any dose with its time"): 273 screens for delirium
    "transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any "
    "dose with its time; at "
    "a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more: emergency evaluation now: arrange transfer "
    "now (ED, or 3.7-WM/4-WM); staff with the patient until handover; if the patient declines transfer: the "  # R51 3
    "prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; with "
    "capacity: record the advice given and the risks explained; arrange the highest level of care the patient "
    "accepts; any dose as the prescriber decides; tell the patient and any supportive person to call emergency "
    "services for a seizure, confusion, hallucinations or any worsening); "
    # R64 S2: the branch guards its first dose (was: "...services); a first dose before transfer")
    "if not intoxicated: a first "
    "dose before transfer only if it does not delay the transfer; the patient must not drive; if a benzodiazepine "
    "is given with buprenorphine or methadone: monitor sedation and breathing while the patient is on site (if "
    "transferred: until handover); if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient "
    "must not drive today"
)


def test_q2_case_273_possible_inattention_typed() -> None:
    assert _box(273, "possible_inattention") == Q2_CASE_273


@pytest.mark.parametrize("number", Q2_CASES)
def test_q2_possible_inattention_as_its_sibling(number: int) -> None:
    action = _box(number, "possible_inattention")
    assert action == _box(number, "moderate_alcohol_withdrawal")
    assert (
        "(two withdrawals): arrange medically managed withdrawal or a higher level of care; if transferred:" in action
    )
    assert "if transferred, tell the receiving team at handover the breath alcohol reading or the signs" in action
    assert action.endswith(
        "monitor sedation and breathing while the patient is on site (if transferred: until handover); if any dose is "
        "given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
    )
