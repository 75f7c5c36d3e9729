"""Physician review R57, must-fix M1 (/work/reviews/r57.md, finding 1): an old moderate score re-scored today (CIWA-Ar
8-14 or COWS 13-36 of 20 Nov 2026, the placement being 02 Dec 2026) said only "re-score the CIWA-Ar now (last 13 on 20
Nov 2026); treat on the current score", with no intoxication screen before a dose (cases 139, 402, 678: a
benzodiazepine or buprenorphine could go into a patient who has been drinking). Every dose on today's scores, and
every old severe re-score, screens first.

The rule: such a step says the same screen and intoxication hold that the old severe re-score step of the same
instrument says in a case of the same context ("re-score the CIWA-Ar now (last 13 on 20 Nov 2026): before any dose:
screen for intoxication (...), give thiamine and check blood glucose; if intoxicated: no dose now (...); otherwise
treat on the current score"), once a text: a text whose earlier step already screens for intoxication (cases 55, 96,
119, 343, 439, 604, 699, 723, 799's headlines; dimension 1's box of 119, 120, 273, 377, 406, 585, 604, 608, 639, 723,
781, 799) is left as it is. Words typed from the dump of the 800 random cases (R57's other words, a prescriber's
review, the severe branch and "medication at 10 or more", are left for the physician's next review).
"""

from __future__ import annotations

import re

import pytest

from .random_placements import all_built, numbered, only_box, texts
from .test_placement_review_r60_g1 import STEP_139
from .test_placement_review_r70_d3 import FINDINGS

#: The alcohol screen and its ambulatory hold (the CIWA-Ar's; case 139).
# R60 Q2(a): the screen, the delirium hold, the severe branch intoxicated or not, then the intoxication-only hold and
# the treatment (was: "before any dose: ...; if intoxicated: no dose now (...); otherwise, on the re-score: if 15 or
# more, ...; if below 15: a prescriber treats on today's score (medication at 10 or more; consider at 8-9)")
CIWA_SCREEN = STEP_139[STEP_139.index("before any dose: ") :]
#: Case 139's headline, its first step (the rest of the sentence follows).
# R60 Q2(a) (was: "First: re-score the CIWA-Ar now (last 13 on 20 Nov 2026): before any dose: ...; if intoxicated: no
# dose now (...); otherwise, on the re-score: ...")
HEADLINE_139 = (
    f"First: re-score the CIWA-Ar now {STEP_139}; if a dose is given: the patient must not drive today; re-score the "
    "CIWA-Ar within 1 hour of a dose and at the end of the visit; "
)
#: Case 139's moderate_alcohol_withdrawal box, in full.
# R60 Q2(a): as the headline (was: R58 M1a's order, the hold before "otherwise, on the re-score: ...")
BOX_139 = f"Re-score the CIWA-Ar now {STEP_139}; if a dose is given: the patient must not drive today"
#: Case 139's dimension-1 box, in full.
BOX_139_D1 = f"{BOX_139}; record the reason for the lower rating with the placement decision"
#: Case 402's moderate_opioid_withdrawal box, in full: the COWS-only hold, as the old severe COWS step's (case 750).
BOX_402 = (
    "Re-score the COWS now (last 19 on 20 Nov 2026): before any dose: screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication); if intoxicated: no dose now (ask the patient to stay on site and repeat "
    "the screen and the score when it clears; if it has not cleared by the end of the session: the prescriber arranges "
    "a higher level of care or the first dose on another day, with naloxone in hand; the patient must not drive today; "
    "if the patient insists: offer a lift or a taxi, and follow local policy); otherwise treat on the current score; "
    "if a dose is given: the patient must not drive today"
)
#: Case 402's headline, its first step up to its reasons.
HEADLINE_402 = (
    "First: re-score the COWS now (last 19 on 20 Nov 2026): before any dose: screen for intoxication (breath alcohol "
    "above zero, or signs of sedative intoxication); if intoxicated: no dose now (ask the patient to stay on site and "
    "repeat the screen and the score when it clears; if it has not cleared by the end of the session: the prescriber "
    "arranges a higher level of care or the first dose on another day, with naloxone in hand; the patient must not "
    "drive today; if the patient insists: offer a lift or a taxi, and follow local policy); otherwise treat on the "
    "current score (COWS 13-24 (moderate withdrawal) (COWS of 20 Nov 2026, not re-scored today): "
)
#: Case 678's buprenorphine_induction_threshold box, in full ("last 30").
BOX_678 = BOX_402.replace("last 19", "last 30")
#: Case 148 (a C-SSRS low risk today): the suicide-risk variant of the hold, as the old severe COWS step's beside a
#: same-day suicide risk assessment due (case 128).
BOX_148 = (
    "Re-score the COWS now (last 30 on 20 Nov 2026): before any dose: screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication); if intoxicated: no dose now (ask the patient to stay on site and repeat "
    "the screen and the score when it clears; if it has not cleared by the end of the session: the prescriber arranges "
    "a higher level of care or the first dose on another day, with naloxone in hand; the patient must not drive today; "
    "if the patient insists on leaving: the same-day suicide risk assessment first (if too intoxicated to take part in "
    "it: staff stay with the patient and arrange an emergency evaluation for suicide risk); offer a lift or a taxi, "
    "and follow local policy); otherwise treat on the current score"
)
#: Case 96 (an old complicated CIWA-Ar beside the old COWS): the COWS box's screen as the old severe COWS box's in that
#: context, after the first step's re-score and delirium screen, thiamine and glucose, and the delirium hold.
#: R70 D3, R71 must-fix 1 (was: "...delirium screen (CAM or 4AT), before any dose: screen for intoxication ..."): the
#: box says what the CIWA-Ar re-score's findings call for (the ruling's FINDINGS, which ends with "before any dose: ").
BOX_96 = (
    "Re-score the COWS now (last 19 on 20 Nov 2026): after the first step's CIWA-Ar re-score and delirium screen (CAM "
    f"or 4AT): {FINDINGS}screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), "
    "give thiamine and check blood glucose; if delirium or intoxication: no dose here (delirium: to the ED by "
    "emergency services; intoxication: if transferred, tell the receiving team at handover the breath alcohol reading "
    "or the signs, with the time; if not: ask the patient to stay on site and repeat the screen and the scores when it "
    "clears; if it has not cleared by the end of the session, or withdrawal worsens: arrange a higher level of care; "
    "the patient must not drive today; if the patient insists: offer a lift or a taxi, and follow local policy); "
    "otherwise treat on the current score; "
)
#: Case 377 (an old moderate CIWA-Ar and an old moderate COWS): dimension 1's box re-scores both, its CIWA-Ar's screen
#: guarding both, said once (the COWS re-score after it left as it was).
# R60 Q3: the joined re-scores' severe branch before treating only if not intoxicated (was: "and follow local
# policy); otherwise treat on the current score; re-score the COWS now ...")
BOX_377_D1 = (
    "and follow local policy); on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or a seizure since "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)")
    "the last score, or hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now by emergency "
    "services to medically managed withdrawal (ED, or 4-WM); staff with the patient until handover; if the patient "
    "declines transfer: the "
    # R62 M1: the first dose before transfer guarded (was: "...services); a first dose before transfer")
    "prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; with "
    "capacity: record the advice given and the risks explained; arrange the highest level of care the patient "
    "accepts; any dose as the prescriber decides; tell the patient and any supportive person to call emergency "
    # R73 1a (was: "...any worsening); if not intoxicated")
    "services for a seizure, confusion, hallucinations or any worsening); the patient must not drive; if not "
    "intoxicated: a first "
    "dose before transfer only if it does not delay the transfer; if a benzodiazepine is given with buprenorphine or "
    "methadone: monitor sedation and breathing until handover; otherwise, if not intoxicated: a prescriber treats on "
    "today's score; re-score the COWS now (last 19 on 20 Nov 2026); treat on the current score; at a CIWA-Ar re-score "
    "of 8 or more with a COWS re-score of 13 or more (two withdrawals): "
)

#: The bare old re-score the finding names.
BARE = re.compile(r"[Rr]e-score the (?:CIWA-Ar|COWS) now \(last \d+ on 20 Nov 2026\); treat on the current score")


def test_139_headline_screens_before_any_dose() -> None:
    headline = numbered(139).headline
    assert headline.startswith(HEADLINE_139)
    assert headline.count("screen for intoxication") == 1


def test_139_boxes_typed() -> None:
    assert only_box(139, "moderate_alcohol_withdrawal") == BOX_139
    assert only_box(139, "rated_below_suggestion_d1") == BOX_139_D1


def test_402_cows_step_typed() -> None:
    assert only_box(402, "moderate_opioid_withdrawal") == BOX_402
    assert only_box(402, "buprenorphine_induction_threshold") == BOX_402
    assert numbered(402).headline.startswith(HEADLINE_402)


def test_678_buprenorphine_box_typed() -> None:
    assert only_box(678, "buprenorphine_induction_threshold") == BOX_678


def test_148_hold_names_the_same_day_assessment() -> None:
    assert only_box(148, "moderately_severe_opioid_withdrawal").startswith(BOX_148)


def test_96_cows_box_screens_as_the_severe_box() -> None:
    assert only_box(96, "moderate_opioid_withdrawal").startswith(BOX_96)


def test_377_screen_said_once() -> None:
    action = only_box(377, "rated_below_suggestion_d1")
    assert BOX_377_D1 in action
    assert action.count("screen for intoxication") == 1


@pytest.mark.parametrize("number", [139, 402, 678])
def test_no_bare_rescore_in_the_named_cases(number: int) -> None:
    assert [(code, BARE.search(text)) for code, text in texts(number) if BARE.search(text)] == []


def test_sweep_no_old_rescore_unscreened() -> None:
    """In the 800 cases, no text says an old re-score's "treat on the current score" without "screen for intoxication"
    before it in the same text."""
    unscreened = [
        (number, code)
        for number in all_built()
        for code, text in texts(number)
        for m in BARE.finditer(text)
        if "screen for intoxication" not in text[: m.end()]
    ]
    assert unscreened == []


def test_sweep_rescore_screen_said_once() -> None:
    """Every old moderate re-score screened by this rule says the screen once: no "before any dose:" before it in the
    text."""
    said = re.compile(
        # R60 Q2(a), Q4: the CIWA-Ar's "; ask what happened since (...); " before the screen (was: "\): " alone)
        r"[Rr]e-score the (?:CIWA-Ar|COWS) now \(last \d+ on 20 Nov 2026\)(?: and screen for delirium \(CAM or 4AT\))?"
        r"(?:: |; ask what happened since \([^()]*\); )(?:after the first step's [^,]*, )?before any dose: "
    )
    twice = [
        (number, code)
        for number in all_built()
        for code, text in texts(number)
        for m in said.finditer(text)
        if "before any dose:" in text[: m.start()].lower()
    ]
    # R63 (LEAVE): "the doubled alcohol/opioid text in the d1 boxes of 88 249 657 (long but consistent)": their trailing
    # CIWA-Ar part says its own screen after the COWS part's (S3's question made the pattern reach it) (was: [])
    # R69, ruling R67 must-fix 1 (was: [(88, "rated_below_suggestion_d1"), (249, "rated_below_suggestion_d1")]): the
    # trailing CIWA-Ar part's re-score step dropped altogether, its screen with it
    assert twice == []


def test_screen_typed() -> None:
    assert CIWA_SCREEN in only_box(139, "moderate_alcohol_withdrawal")
