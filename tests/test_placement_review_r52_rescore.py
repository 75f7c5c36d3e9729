"""Physician review R52, rulings 4 and 5, the reviewer's words typed.

Ruling 4: beside a transfer already ordered for another reason (the headline's first step arranges a transfer now,
no condition before it), an old COWS below its severe band is re-scored "before transfer only if it does not delay it
(last N on D; no dose here without today's re-score)", never "now": its "treat on the current score" could be read as
the old score (buprenorphine without withdrawal seen today). Cases 109, 167, 286, 318, 560, 646, 674, 778 (their COWS
and buprenorphine threshold boxes); the severe old COWS ("if still 37 or more") stays.

Ruling 5: beside a rating of 4, an old severe CIWA-Ar's bracket ends "; no dose here without today's re-score"
("(last 21 on 20 Nov 2026, severe; ...)", "(last 15 on 20 Nov 2026, severe, disoriented; ...)"); where a COWS scored
today is treated beside it (74, 160, and R49's moderate twin in 245) every such CIWA-Ar bracket says "; no dose for
alcohol withdrawal here without today's re-score".
"""

from __future__ import annotations

import re

from tests.random_placements import action_of, built, cases, numbered

#: Ruling 4: case 674's COWS and threshold boxes (C-SSRS high and complicated CIWA-Ar today: a transfer now first).
BOX_674 = (
    "Re-score the COWS before transfer only if it does not delay it (last 30 on 20 Nov 2026; no dose here without "
    "today's re-score); before any dose: ask about any overdose or ingestion today and screen for delirium (CAM or "
    "4AT) and intoxication (breath alcohol above zero, or signs of sedative intoxication)"
)
#: Its treatment, unchanged after the re-score.
TREATED_674 = (
    "otherwise treat on the current score (a first dose before transfer only if it does not delay the transfer)"
)
#: Case 109's COWS box (19 of 20 Nov 2026).
BOX_109 = (
    "Re-score the COWS before transfer only if it does not delay it (last 19 on 20 Nov 2026; no dose here without "
    "today's re-score); before any dose: ask about any overdose or ingestion today and screen for intoxication"
)
#: The old words the ruling replaces.
COWS_NOW = re.compile(r"e-score the COWS now \(last \d+ on \d\d \w{3} \d{4}\)")
#: The ruling's words (either case).
COWS_BEFORE_TRANSFER = re.compile(
    r"e-score the COWS before transfer only if it does not delay it \(last \d+ on \d\d \w{3} \d{4}; no dose here "
    r"without today's re-score\)"
)
#: The eight cases, and their boxes that carry the re-score.
RULING_4_CASES = (109, 167, 286, 318, 560, 646, 674, 778)
RULING_4_BOXES = {
    109: ("moderate_opioid_withdrawal", "buprenorphine_induction_threshold"),
    167: ("moderate_opioid_withdrawal", "buprenorphine_induction_threshold"),
    286: ("moderately_severe_opioid_withdrawal", "buprenorphine_induction_threshold"),
    318: ("moderately_severe_opioid_withdrawal", "buprenorphine_induction_threshold"),
    560: ("moderate_opioid_withdrawal", "buprenorphine_induction_threshold"),
    646: ("moderate_opioid_withdrawal", "buprenorphine_induction_threshold"),
    674: ("moderately_severe_opioid_withdrawal", "buprenorphine_induction_threshold"),
    778: ("moderate_opioid_withdrawal", "buprenorphine_induction_threshold"),
}
#: A headline's first step that arranges a transfer now, no condition before it (R49 Q6's test's reading).
TRANSFER_FIRST = re.compile(r"First: (?:(?!\bif\b|\bre-score\b|\bat \d+ or more\b)[^.])*?arrange transfer now\b")

#: Ruling 5: case 12's headline and severe box (dimension 1 rated 4, CIWA-Ar 21 of 20 Nov 2026, no COWS).
# R67 SF3 (physician review R65 SF3 with R66 must-fix 1): the condition names a seizure, hallucinations and
# disorientation, the screen delirium (was: "if still 15 or more, the ED evaluates both: before any dose: screen for
# intoxication")
HEADLINE_12 = (
    "the patient must not drive; re-score the CIWA-Ar before transfer only if it does not delay it (last 21 on 20 Nov "
    "2026, severe; no dose here without today's re-score); if still 15 or more, or a seizure since the last score, or "
    "hallucinations, or disorientation (item 10 at 2 or more), the ED evaluates both: before any dose: screen for "
    "delirium (CAM or 4AT) and intoxication"
)
BOX_12 = (
    "Re-score the CIWA-Ar before transfer only if it does not delay it (last 21 on 20 Nov 2026, severe; no dose here "
    "without today's re-score); if still 15 or more, or a seizure since the last score, or hallucinations, or "
    "disorientation (item 10 at 2 or more), the ED evaluates both: before any dose: screen for delirium (CAM or 4AT) "
    "and intoxication"
)
#: Case 74's (dimension 2 rated 4, COWS 19 today): the dose held is alcohol withdrawal's.
HEADLINE_74 = (
    "monitor sedation and breathing until handover; re-score the CIWA-Ar before transfer only if it does not delay it "
    # R67 SF3 (was: "if still 15 or more, the ED evaluates both; re-assess")
    "(last 21 on 20 Nov 2026, severe; no dose for alcohol withdrawal here without today's re-score); if still 15 or "
    "more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or more), the ED "
    "evaluates both; re-assess for seizures or delirium until handover"
)
BOX_74 = (
    "Re-score the CIWA-Ar before transfer only if it does not delay it (last 21 on 20 Nov 2026, severe; no dose for "
    "alcohol withdrawal here without today's re-score); "
)
#: Its dimension-1 box: the bracket, then the screen, then the buprenorphine review for today's COWS.
BOX_74_D1 = (
    "Re-score the CIWA-Ar before transfer only if it does not delay it (last 21 on 20 Nov 2026, severe; no dose for "
    # R67 SF3: the screen names delirium (was: "before any dose: screen for intoxication")
    "alcohol withdrawal here without today's re-score); before any dose: screen for delirium (CAM or 4AT) and "
    "intoxication"
)
#: Case 565's headline (severe) and boxes (severe, disoriented).
HEADLINE_565 = "(last 15 on 20 Nov 2026, severe; no dose here without today's re-score); if still 15 or more"
BOX_565 = (
    "Re-score the CIWA-Ar before transfer only if it does not delay it (last 15 on 20 Nov 2026, severe, disoriented; "
    "no dose here without today's re-score); if still 15 or more"
)
#: Case 245 (R49's moderate twin, COWS 19 today): headline, dimension-1 and moderate_alcohol_withdrawal boxes.
HEADLINE_245 = (
    "monitor sedation and breathing until handover; re-score the CIWA-Ar before transfer only if it does not delay it "
    "(last 13 on 20 Nov 2026; no dose for alcohol withdrawal here without today's re-score); at 10 or more, a "
    "prescriber gives a first dose before transfer only if it does not delay the transfer and the reason for rating 4 "
    "allows it"
)
BOX_245 = (
    "Re-score the CIWA-Ar before transfer only if it does not delay it (last 13 on 20 Nov 2026; no dose for alcohol "
    "withdrawal here without today's re-score); "
)
#: Any old CIWA-Ar's re-score before transfer, its bracket.
CIWA_BEFORE_TRANSFER = re.compile(
    r"e-score the CIWA-Ar before transfer only if it does not delay it \(((?:last \d+ on|flag of) [^()]*)\)"
)
UNRESCORED = "; no dose here without today's re-score"
ALCOHOL_UNRESCORED = "; no dose for alcohol withdrawal here without today's re-score"
#: The ten cases with an old severe CIWA-Ar beside a 4, and the three whose brackets name alcohol withdrawal.
SEVERE_CASES = (12, 74, 160, 237, 254, 337, 461, 510, 565, 567)
ALCOHOL_CASES = (74, 160, 245)
#: A COWS scored today, 13 or more, in a case's description ("cows 19 today").
COWS_TODAY = re.compile(r"\bcows (\d+) today\b")


def test_ruling_4_case_674_boxes() -> None:
    rec = numbered(674)
    for code in ("moderately_severe_opioid_withdrawal", "buprenorphine_induction_threshold"):
        assert action_of(rec, code).startswith(BOX_674), code
        assert TREATED_674 in action_of(rec, code), code
    assert "COWS now" not in rec.headline


def test_ruling_4_case_109_box() -> None:
    rec = numbered(109)
    assert action_of(rec, "moderate_opioid_withdrawal").startswith(BOX_109)


def test_ruling_4_sweep_old_cows_before_transfer_exactly_beside_a_transfer_ordered_first() -> None:
    changed: dict[int, set[str]] = {}
    for case in cases(800):
        rec = built(case)
        first = TRANSFER_FIRST.search(rec.headline) is not None
        at_4 = 4 in (rec.dimensions.get(1), rec.dimensions.get(2), rec.dimensions.get(3))
        for code, text in (("HEADLINE", rec.headline), *((f.code, f.action) for f in rec.flags if f.action)):
            if COWS_NOW.search(text):
                assert not first, (case.number, code, "an old COWS re-scored now beside a transfer ordered first")
            if COWS_BEFORE_TRANSFER.search(text) and not at_4:
                assert first, (case.number, code)
                changed.setdefault(case.number, set()).add(code)
    assert changed == {n: set(codes) for n, codes in RULING_4_BOXES.items()}
    assert tuple(sorted(changed)) == RULING_4_CASES


def test_ruling_5_case_12_headline_and_box() -> None:
    rec = numbered(12)
    assert HEADLINE_12 in rec.headline
    assert action_of(rec, "severe_alcohol_withdrawal").startswith(BOX_12)


def test_ruling_5_case_74_names_alcohol_withdrawal_beside_todays_cows() -> None:
    rec = numbered(74)
    assert HEADLINE_74 in rec.headline
    assert action_of(rec, "severe_alcohol_withdrawal").startswith(BOX_74)
    assert action_of(rec, "rated_below_suggestion_d1").startswith(BOX_74_D1)
    assert UNRESCORED not in rec.headline


def test_ruling_5_case_565_severe_and_disoriented() -> None:
    rec = numbered(565)
    assert HEADLINE_565 in rec.headline
    for code in ("complicated_withdrawal", "severe_alcohol_withdrawal", "rated_below_suggestion_d1"):
        assert action_of(rec, code).startswith(BOX_565), code


def test_ruling_5_case_245_twin_names_alcohol_withdrawal() -> None:
    rec = numbered(245)
    assert HEADLINE_245 in rec.headline
    for code in ("moderate_alcohol_withdrawal", "rated_below_suggestion_d1"):
        assert action_of(rec, code).startswith(BOX_245), code


def test_ruling_5_sweep_every_old_ciwa_bracket_before_transfer_says_no_dose() -> None:
    severe: set[int] = set()
    alcohol: set[int] = set()
    occurrences = 0
    for case in cases(800):
        rec = built(case)
        today = any(int(m[1]) >= 13 for m in COWS_TODAY.finditer(str(case)))
        for text in (rec.headline, *(f.action for f in rec.flags if f.action)):
            for m in CIWA_BEFORE_TRANSFER.finditer(text):
                want = ALCOHOL_UNRESCORED if today else UNRESCORED
                assert m[1].endswith(want), (case.number, m[0])
                if ", severe" in m[1]:
                    severe.add(case.number)
                    occurrences += 1
                if today:
                    alcohol.add(case.number)
    assert severe == set(SEVERE_CASES)
    assert occurrences == 27
    assert alcohol == set(ALCOHOL_CASES)
