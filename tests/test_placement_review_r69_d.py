"""Physician review R69, must-fix 1-4 (part D), typed from the ruling.

The reviewer: nine cases' COWS re-score boxes (the buprenorphine_induction_threshold box and the moderate/moderately
severe opioid withdrawal box in each of cases 318 343 377 525 560 585 608 699 781; 18 boxes) open a buprenorphine or
methadone dose with a screen before any dose that does NOT hold for delirium, while the headline's first step re-scores
the old CIWA-Ar, screens for delirium (CAM or 4AT) and holds any dose in delirium. A box is read alone on the chart.
Ruling (clinically: the last CIWA-Ar showed inattention, disorientation or hallucinations; an opioid agonist in
undetected delirium risks oversedation and delays the ED):

1. Intoxication-only boxes (377, 525, 585): "Re-score the COWS now (last N…); after the first step's CIWA-Ar re-score
   and delirium screen (CAM or 4AT), before any dose: screen for intoxication (…), give thiamine and check blood
   glucose; if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; if
   intoxicated: no dose now (…"; handover "the last CIWA-Ar and COWS scores, the delirium screen and any dose with its
   time".
2. Overdose and intoxication in one clause (608 and 781, both boxes; the COWS-band boxes of 343 and 699): "after the
   first step's CIWA-Ar re-score and delirium screen (CAM or 4AT), before any dose: ask about any overdose or ingestion
   today and screen for intoxication (…); if delirium, an overdose or ingestion, or intoxicated: no dose here (delirium,
   or an overdose or ingestion: call emergency services for the ED, …"; the same handover.
3. Threshold boxes of 343 and 699: "…after the first step's CIWA-Ar re-score and delirium screen (CAM or 4AT), before
   any dose: ask about any overdose or ingestion today and screen for intoxication (…); if delirium, or an overdose or
   ingestion: no dose here; call emergency services for the ED; staff with the patient until handover (naloxone if signs
   of opioid overdose); if intoxicated: no dose until it clears (if transferred, tell the receiving team at handover the
   breath alcohol reading or the signs, with the time; if not: ask the patient…"; after "otherwise treat on the current
   score;" "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen
   and any dose with its time;" (as case 799's box says it).
4. C-SSRS high, ED transfer in progress (318, 560, both boxes): "…no dose here without today's re-score); after the
   first step's CIWA-Ar re-score and delirium screen (CAM or 4AT), treat on the current score: before any dose: … if
   delirium, an overdose or ingestion, or intoxicated: no dose here (delirium, or an overdose or ingestion: call
   emergency services for the ED, …); … at handover tell the receiving team the last CIWA-Ar and COWS scores, the
   delirium screen and any dose with its time"; the COWS-band box's opening "Re-score the CIWA-Ar first, before any
   dose" becomes "Re-score the CIWA-Ar and screen for delirium (CAM or 4AT) first, before any dose".

Built as a rule: a COWS/threshold box whose dose follows a screen before any dose, in a case whose headline's first step
re-scores an old CIWA-Ar, screens for delirium and holds any dose in it. Its reach in the 800 is exactly these 18 boxes;
afterwards no screen before any dose in any box of the 125 cases whose first step so holds (387 screens) stands without
a delirium hold.
"""

from __future__ import annotations

import re

import pytest

from .random_placements import all_built, only_box
from .test_placement_review_r70_d3 import FINDINGS

#: The ruling's opening (typed).
AFTER = "after the first step's CIWA-Ar re-score and delirium screen (CAM or 4AT), "
#: Physician review R70, should-fix D1 (its words): where the box opens with that re-score and screen itself (the
#: COWS-band boxes of 318 and 560), "that" one, read as one step (was: AFTER).
AFTER_THAT = "after that CIWA-Ar re-score and delirium screen, "
#: R70 D3, R71 must-fix 1 (was: AFTER + "before any dose: "): where the headline's first step transfers on what that
#: re-score finds (cases 343 and 699 of this ruling, typed: TRANSFERS), the opening says the findings and the transfer
#: before the screen before any dose (the ruling's FINDINGS, which ends with "before any dose: ").
AFTER_FINDINGS = "after the first step's CIWA-Ar re-score and delirium screen (CAM or 4AT): " + FINDINGS
TRANSFERS = {343, 699}
#: The ruling's handover (typed), and the words it replaces.
HANDOVER = "the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time"
OLD_HANDOVER = "the last CIWA-Ar and COWS scores and any dose with its time"

#: Kind 1, intoxication only (typed): case, box, last COWS.
KIND_1 = [
    (377, "moderate_opioid_withdrawal", 19),
    (377, "buprenorphine_induction_threshold", 19),
    (525, "moderately_severe_opioid_withdrawal", 30),
    (525, "buprenorphine_induction_threshold", 30),
    (585, "moderately_severe_opioid_withdrawal", 30),
    (585, "buprenorphine_induction_threshold", 30),
]
#: Kind 2, overdose and intoxication in one clause (typed).
KIND_2 = [
    (608, "moderately_severe_opioid_withdrawal", 30),
    (608, "buprenorphine_induction_threshold", 30),
    (781, "moderate_opioid_withdrawal", 19),
    (781, "buprenorphine_induction_threshold", 19),
    (343, "moderately_severe_opioid_withdrawal", 30),
    (699, "moderate_opioid_withdrawal", 19),
]
#: Kind 3, the threshold boxes with the overdose's hold apart (typed).
KIND_3 = [(343, "buprenorphine_induction_threshold", 30), (699, "buprenorphine_induction_threshold", 19)]
#: Kind 4, beside a C-SSRS high's transfer in progress (typed): case, box, last COWS, whether the COWS-band box.
KIND_4 = [
    (318, "moderately_severe_opioid_withdrawal", 30, True),
    (318, "buprenorphine_induction_threshold", 30, False),
    (560, "moderate_opioid_withdrawal", 19, True),
    (560, "buprenorphine_induction_threshold", 19, False),
]
CHANGED = sorted([(n, c) for n, c, _ in KIND_1 + KIND_2 + KIND_3] + [(n, c) for n, c, _, _ in KIND_4])

#: The intoxication screen (typed).
SIGNS = "screen for intoxication (breath alcohol above zero, or signs of sedative intoxication)"
TOLD = "tell the receiving team at handover the breath alcohol reading or the signs, with the time"


def test_kind_1_case_377_moderate_opioid_withdrawal_exact_span() -> None:
    """R69 D 1: case 377's COWS box, its opening to its intoxication hold, typed in full."""
    box = only_box(377, "moderate_opioid_withdrawal")
    assert box.startswith(
        "Re-score the COWS now (last 19 on 20 Nov 2026); after the first step's CIWA-Ar re-score and delirium screen "
        "(CAM or 4AT), before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative "
        "intoxication), give thiamine and check blood glucose; if delirium: no dose here; call emergency services for "
        "the ED; staff with the patient until handover; if intoxicated: no dose now (if transferred, tell the "
        "receiving team at handover the breath alcohol reading or the signs, with the time; if not: ask the patient "
    )
    assert (
        "; if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen "
        "and any dose with its time; if a benzodiazepine" in box
    )


@pytest.mark.parametrize(("number", "code", "last"), KIND_1)
def test_kind_1(number: int, code: str, last: int) -> None:
    """R69 D 1: every intoxication-only box says the opening, the delirium hold before intoxication's, the handover."""
    box = only_box(number, code)
    assert box.startswith(
        f"Re-score the COWS now (last {last} on 20 Nov 2026); {AFTER}before any dose: {SIGNS}, give thiamine and "
        "check blood glucose; if delirium: no dose here; call emergency services for the ED; staff with the patient "
        "until handover; if intoxicated: no dose now ("
    )
    assert f"at handover tell the receiving team {HANDOVER}" in box
    assert OLD_HANDOVER not in box


def test_kind_2_case_608_exact_span() -> None:
    """R69 D 2: case 608's COWS box, its opening to the intoxicated patient's words, typed in full."""
    box = only_box(608, "moderately_severe_opioid_withdrawal")
    assert box.startswith(
        "Re-score the COWS now (last 30 on 20 Nov 2026); after the first step's CIWA-Ar re-score and delirium screen "
        "(CAM or 4AT), before any dose: ask about any overdose or ingestion today and screen for intoxication (breath "
        "alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if delirium, "
        "an overdose or ingestion, or intoxicated: no dose here (delirium, or an overdose or ingestion: call emergency "
        "services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose; "
        "intoxicated: if transferred, tell the receiving team at handover"
    )
    assert (
        "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and "
        "any dose with its time; if a benzodiazepine" in box
    )


@pytest.mark.parametrize(("number", "code", "last"), KIND_2)
def test_kind_2(number: int, code: str, last: int) -> None:
    """R69 D 2: every box with overdose and intoxication in one clause names delirium in it, after the opening."""
    box = only_box(number, code)
    # R70 D3, R71 must-fix 1 (was: f"{AFTER}before any dose: " in every case): the findings said in 343 and 699
    opening = AFTER_FINDINGS if number in TRANSFERS else f"{AFTER}before any dose: "
    assert box.startswith(
        f"Re-score the COWS now (last {last} on 20 Nov 2026); {opening}ask about any overdose or "
        f"ingestion today and {SIGNS}, give thiamine and check blood glucose; if delirium, an overdose or ingestion, "
        "or intoxicated: no dose here (delirium, or an overdose or ingestion: call emergency services for the ED, "
        "staff with the patient until handover, naloxone if signs of opioid overdose; intoxicated: if transferred, "
    )
    assert f"at handover tell the receiving team {HANDOVER}" in box
    assert OLD_HANDOVER not in box


def test_kind_3_case_343_threshold_exact_span() -> None:
    """R69 D 3: case 343's threshold box, typed from its opening to its sedation watch."""
    box = only_box(343, "buprenorphine_induction_threshold")
    assert box.startswith(
        "Re-score the COWS now (last 30 on 20 Nov 2026); after the first step's CIWA-Ar re-score and delirium screen "
        # R70 D3, R71 must-fix 1 (was: "(CAM or 4AT), before any dose: ask about ..."): the findings and the transfer
        "(CAM or 4AT): " + FINDINGS + "ask about any overdose or ingestion today and screen for intoxication (breath "
        "alcohol above zero, or signs of sedative intoxication); if delirium, or an overdose or ingestion: no dose "
        "here; call emergency services for the ED; staff with the patient until handover (naloxone if signs of opioid "
        "overdose); if intoxicated: no dose until it clears (if transferred, tell the receiving team at handover the "
        "breath alcohol reading or the signs, with the time; if not: ask the patient to stay on site "
    )
    assert box.endswith(
        "offer a lift or a taxi, and follow local policy); otherwise treat on the current score; if transferred: at "
        "handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its "
        "time; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the "
        "patient is on site (if transferred: until handover); if a dose is given: the patient must not drive today"
    )


@pytest.mark.parametrize(("number", "code", "last"), KIND_3)
def test_kind_3(number: int, code: str, last: int) -> None:
    """R69 D 3: both threshold boxes: the merged delirium-and-overdose hold, intoxication's apart, the handover."""
    box = only_box(number, code)
    assert box.startswith(
        # R70 D3, R71 must-fix 1 (was: f"{AFTER}before any dose: "): both threshold boxes are in TRANSFERS
        f"Re-score the COWS now (last {last} on 20 Nov 2026); {AFTER_FINDINGS}ask about any overdose or "
        f"ingestion today and {SIGNS}; if delirium, or an overdose or ingestion: no dose here; call emergency services "
        "for the ED; staff with the patient until handover (naloxone if signs of opioid overdose); if intoxicated: no "
        f"dose until it clears (if transferred, {TOLD}; if not: ask the patient"
    )
    assert (
        f"; otherwise treat on the current score; if transferred: at handover tell the receiving team {HANDOVER}; "
        in (box)
    )
    assert box.count("at handover tell the receiving team the last") == 1


def test_kind_4_case_318_exact_spans() -> None:
    """R69 D 4: case 318's COWS-band box, typed from its opening to its hold's bracket, and its handover."""
    box = only_box(318, "moderately_severe_opioid_withdrawal")
    assert box.startswith(
        "Re-score the CIWA-Ar and screen for delirium (CAM or 4AT) first, before any dose (last 15 on 20 Nov 2026, "
        "severe, disoriented), while the transfer is arranged (do not delay the transfer for it). Re-score the COWS "
        "before transfer only if it does not delay it (last 30 on 20 Nov 2026; no dose here without today's "
        # R70 D1 (was: "after the first step's CIWA-Ar re-score and delirium screen (CAM or 4AT), ")
        "re-score); after that CIWA-Ar re-score and delirium screen, treat on the current "
        "score: before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol "
        "above zero, or signs of sedative intoxication); if delirium, an overdose or ingestion, or intoxicated: no "
        "dose here (delirium, or an overdose or ingestion: call emergency services for the ED, staff with the patient "
        "until handover, naloxone if signs of opioid overdose; intoxicated: staff stay with the patient; "
    )
    assert (
        "otherwise a first dose before transfer only if it does not delay the transfer; at handover tell the receiving "
        "team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time; if a benzodiazepine"
        in box
    )


@pytest.mark.parametrize(("number", "code", "last", "band"), KIND_4)
def test_kind_4(number: int, code: str, last: int, band: bool) -> None:
    """R69 D 4: both boxes of 318 and 560: the opening before the treatment, the merged hold, the handover; the
    COWS-band box re-scores the CIWA-Ar and screens for delirium first."""
    box = only_box(number, code)
    after = AFTER_THAT if band else AFTER  # R70 D1 (was: AFTER)
    assert (
        f"(last {last} on 20 Nov 2026; no dose here without today's re-score); {after}treat on the current score: "
        f"before any dose: ask about any overdose or ingestion today and {SIGNS}; if delirium, an overdose or "
        "ingestion, or intoxicated: no dose here (delirium, or an overdose or ingestion: call emergency services for "
        "the ED, " in box
    )
    assert f"at handover tell the receiving team {HANDOVER}" in box
    assert OLD_HANDOVER not in box
    opening = "Re-score the CIWA-Ar and screen for delirium (CAM or 4AT) first, before any dose (last "
    assert box.startswith(opening) is band
    assert "Re-score the CIWA-Ar first, before any dose" not in box


def _first_sentence(headline: str) -> str:
    """The headline to its first full stop outside brackets before a capital (typed, not iopkit's)."""
    depth = 0
    for i, c in enumerate(headline):
        depth += (c == "(") - (c == ")")
        if depth == 0 and headline.startswith(". ", i) and headline[i + 2 : i + 3].isupper():
            return headline[: i + 1]
    return headline


#: A hold of any dose in delirium (typed): "if delirium: no dose here", "if delirium, or an overdose ...: no dose
#: here", "if delirium or intoxication: no dose here", "if delirium, an overdose or ingestion, or intoxicated: ...".
DELIRIUM_HELD = re.compile(r"\bif delirium\b[^:;]*: no dose here")


def _holding_first_steps() -> dict[int, object]:
    """The cases whose headline's first step re-scores an old CIWA-Ar, screens for delirium and holds any dose in it."""
    out = {}
    for number, rec in all_built().items():
        first = _first_sentence(rec.headline)  # type: ignore[attr-defined]
        if (
            "screen for delirium (CAM or 4AT)" in first
            and re.search(r"[Rr]e-score the CIWA-Ar", first)
            and DELIRIUM_HELD.search(first)
        ):
            out[number] = rec
    return out


def test_sweep_no_screen_without_a_delirium_hold() -> None:
    """R69 D: in the 125 cases whose first step holds any dose in delirium after re-scoring an old CIWA-Ar, every one of
    the 387 screens before any dose in every box holds in delirium before its "otherwise" (18 did not before)."""
    held = _holding_first_steps()
    screens, bare = 0, []
    for number, rec in held.items():
        for f in rec.flags:  # type: ignore[attr-defined]
            if not f.action:
                continue
            for m in re.finditer(r"[Bb]efore any dose: ", f.action):
                screens += 1
                end = f.action.find("otherwise", m.end())
                if not DELIRIUM_HELD.search(f.action[: len(f.action) if end < 0 else end]):
                    bare.append((number, f.code))
    assert (len(held), screens) == (125, 387)
    assert bare == []


def test_sweep_the_opening_reaches_exactly_the_18_boxes() -> None:
    """R69 D: the opening "after the first step's CIWA-Ar re-score and delirium screen (CAM or 4AT), " (lower case, as
    the ruling says it mid-box) is said by 28 boxes of the 800: the 18 of the ruling and the 10 that said it before
    (old severe CIWA-Ar boxes, R67 F1); the COWS-band opening "Re-score the CIWA-Ar and screen for delirium (CAM or
    4AT) first" by exactly the boxes of 318 and 560; no box says "Re-score the CIWA-Ar first, before any dose" now."""
    said, band, old = [], [], []
    for number, rec in all_built().items():
        for f in rec.flags:  # type: ignore[attr-defined]
            if not f.action:
                continue
            # R70 D3, R71 must-fix 1 (was: "f.action.count(AFTER)"): the opening followed by the ruling's FINDINGS
            # (its ", " become ": ", typed) is the same opening said (12 boxes of 55 96 343 439 564 699)
            said += [(number, f.code)] * (f.action.count(AFTER) + f.action.count(AFTER_FINDINGS))
            if f.action.startswith("Re-score the CIWA-Ar and screen for delirium (CAM or 4AT) first, before any dose"):
                band.append((number, f.code))
            if "Re-score the CIWA-Ar first, before any dose" in f.action:
                old.append((number, f.code))
    assert len(said) == 26  # R70 D1: the two COWS-band boxes say AFTER_THAT (was: 28)
    assert band == [(318, "moderately_severe_opioid_withdrawal"), (560, "moderate_opioid_withdrawal")]
    assert set(CHANGED) - set(band) <= set(said)  # R70 D1 (was: set(CHANGED) <= set(said))
    assert all(only_box(n, c).count(AFTER_THAT) == 1 for n, c in band)
    assert old == []
