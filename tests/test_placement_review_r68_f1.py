"""Physician review R68, its two must-fixes on R67 F1 (the old severe CIWA-Ar's conditional transfer screening for
delirium with its re-score and holding any dose in delirium). Expectations typed from the ruling's words (never
computed from iopkit's constants).

M1. The headlines of cases 39, 432 and 698: the later dose condition omitted delirium although its screen now holds
for it. 39 and 698: "after the re-score and that screen, if it finds no intoxication, a prescriber's review" becomes
"after the re-score and these screens, if they find no delirium and no intoxication, a prescriber's review"; 432:
"after the re-score and that screen, if it finds no overdose or ingestion and no intoxication, a prescriber treats
withdrawal" becomes "after the re-score and these screens, if they find no delirium, no overdose or ingestion and no
intoxication, a prescriber treats withdrawal". The rule is general: wherever an F1 hold stands in the sentence before
"after the re-score and that screen, if it finds ...", the condition names delirium (the 800: 3 texts, the headlines
of 39, 432 and 698; no text keeps "that screen, if it finds").

M2. R24b 3's COWS dose box (grid only, not in the 800: an old CIWA-Ar 21 on 20 Nov 2026, today's COWS 19 or 30 and a
C-SSRS high today), the moderate and moderately severe opioid withdrawal box, opened a buprenorphine or methadone dose
with no delirium hold: "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call
emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose;
intoxicated: staff stay with the patient; ...)" becomes "if delirium, or an overdose or ingestion: no dose here; call
emergency services for the ED; staff with the patient until handover (naloxone if signs of opioid overdose); if
intoxicated: no dose now (staff stay with the patient; ...)", the rest of the intoxication's bracket as it was.

CAM: Inouye et al. 1990; 4AT: Bellelli et al. 2014.
"""

from __future__ import annotations

import re

import pytest

from iopkit.placement.boxes import old_severe_delirium_screened_in_boxes
from iopkit.placement.recommendation import these_screens_find_no_delirium

from .random_placements import all_built, only_box, texts
from .test_placement_headline_review_r18_oldciwa import CIWAS, COWSES, _case

# --- M1 ---------------------------------------------------------------------------------------------------------------
#: The changed spans, the ruling's words, with the words around them as the headlines say them.
M1_SAID = {
    39: (
        "; treat on the current score; after the re-score and these screens, if they find no delirium and no "
        "intoxication, a prescriber's review (if transferred: a first dose before transfer only if it does not delay "
        "the transfer; if not: before the patient leaves): treat withdrawal as the prescriber decides"
    ),
    432: (
        "; treat on the current score; after the re-score and these screens, if they find no delirium, no overdose or "
        "ingestion and no intoxication, a prescriber treats withdrawal (if transferred: a first dose before transfer "
        "only if it does not delay the transfer; if not: before the patient leaves): buprenorphine"
    ),
    698: (
        "; treat on the current score; after the re-score and these screens, if they find no delirium and no "
        "intoxication, a prescriber's review (if transferred: a first dose before transfer only if it does not delay "
        "the transfer; if not: before the patient leaves): treat withdrawal as the prescriber decides"
    ),
}
#: The old words (R47 for the lead), never said again.
M1_OLD = "after the re-score and that screen, if it finds "
#: F1's holds (R65 F1's words; merged beside the overdose question, R60 Q2 (a)).
F1_HOLDS = (
    "if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; ",
    "if delirium, or an overdose or ingestion: no dose here; call emergency services for the ED; staff with the "
    "patient until handover (naloxone if signs of opioid overdose); ",
)
#: F1's screen with the re-score (its opening).
F1_SCREENED = ", severe) and screen for delirium (CAM or 4AT): ask what happened since"


@pytest.mark.parametrize("number", sorted(M1_SAID))
def test_m1_the_condition_names_delirium(number: int) -> None:
    headline = only_box(number, "headline")
    assert M1_SAID[number] in headline, headline
    assert M1_OLD not in headline, headline
    # F1's hold before it in the same sentence (the ruling's premise)
    first = headline.split(". ")[0]
    hold = min(i for i in (first.find(F1_HOLDS[0]), first.find(F1_HOLDS[1])) if i >= 0)
    assert F1_SCREENED in first and hold < first.index("after the re-score and these screens"), first


def test_m1_sweep_every_condition_after_an_f1_hold_names_delirium() -> None:
    """Over the 800: no text keeps "that screen, if it finds"; every "after the re-score and ..." condition after an
    F1 hold in its sentence names delirium; 3 texts changed, the headlines of 39, 432 and 698."""
    condition = re.compile(r"after the re-score and (?:that screen|these screens), if (?:it finds|they find) ")
    changed = []
    for number in all_built():
        for code, text in texts(number):
            if not text:
                continue
            assert M1_OLD not in text, (number, code)
            for sentence in text.split(". "):
                held = [i for i in (sentence.find(F1_HOLDS[0]), sentence.find(F1_HOLDS[1])) if i >= 0]
                for m in condition.finditer(sentence):
                    if held and min(held) < m.start():
                        assert sentence.startswith(
                            "after the re-score and these screens, if they find no delirium", m.start()
                        ), (number, code)
                        changed.append((number, code))
    assert changed == [(39, "headline"), (432, "headline"), (698, "headline")]


def test_m1_idempotent_and_left_elsewhere() -> None:
    for number in M1_SAID:
        headline = only_box(number, "headline")
        assert these_screens_find_no_delirium(headline) == headline
    # without "that screen" in the sentence, the text as it is
    said = "x; if delirium: no dose here; y. After the re-score and that screen, if it finds no intoxication, z"
    assert these_screens_find_no_delirium(said) == said


# --- M2 ---------------------------------------------------------------------------------------------------------------
#: The box's screen and hold, the ruling's words (the rest of the intoxication's bracket as it was).
M2_SAID = (
    "after the first step's CIWA-Ar re-score and delirium screen (CAM or 4AT) (last 21 on 20 Nov 2026, severe), before "
    "any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above zero, or "
    "signs of sedative intoxication), give thiamine and check blood glucose; if delirium, or an overdose or ingestion: "
    "no dose here; call emergency services for the ED; staff with the patient until handover (naloxone if signs of "
    "opioid overdose); if intoxicated: no dose now (staff stay with the patient; repeat the screen and the scores when "
    "it clears, or tell the receiving team at handover; the patient must not drive today); otherwise treat withdrawal "
    "as the prescriber decides, with buprenorphine, or methadone only in an opioid treatment programme"
)
M2_OLD = "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services"


@pytest.mark.parametrize(
    ("cows", "code"),
    [("19", "moderate_opioid_withdrawal"), ("30", "moderately_severe_opioid_withdrawal")],
    ids=["COWS 19", "COWS 30"],
)
def test_m2_r24b_3_cows_box_holds_in_delirium(cows: str, code: str) -> None:
    rec = _case(CIWAS["21"], COWSES[cows], "high")
    (action,) = [f.action for f in rec.flags if f.code == code and f.action]
    assert M2_SAID in action, action
    assert M2_OLD not in action, action
    assert action.count("if delirium") == 1, action
    # the pass again: the same boxes
    again = old_severe_delirium_screened_in_boxes(rec)
    assert [f.action for f in again.flags] == [f.action for f in rec.flags]


def test_m2_not_in_the_800() -> None:
    """R24b 3's box is the grid's only: no box of the 800 opens "after the first step's CIWA-Ar re-score and delirium
    screen (CAM or 4AT) (last 21 ..." before the old unmerged hold."""
    for number in all_built():
        for code, text in texts(number):
            assert not (text and "re-score and delirium screen (CAM or 4AT) (last 21" in text and M2_OLD in text), (
                number,
                code,
            )
