"""Physician review R53, finding D (optional; the physician ruled: do it), built by c2. Words typed from the dump of the
800 random cases (tests/random_placements.py), never computed by iopkit.

An old severe COWS's re-score reads "re-score the COWS now (last 48 on 20 Nov 2026, severe): before any dose: ...;
otherwise if still 37 or more, a prescriber treats withdrawal now ...; re-score the COWS after dosing; [the 37-or-more
branch's other clauses]; treat on the current score; ...". The closing "treat on the current score" is the branch of a
re-score below 37, but read as if it followed the 37-or-more branch. It is said "if below 37: treat on the current
score", the form physician ruling R17b M1 gave. Another instrument's "treat on the current score" (a CIWA-Ar re-score's)
stays as it is; so do the headlines of 273 and 639, where the COWS step has no closing of its own: the CIWA-Ar re-score
and its screen come between, and their "otherwise treat on the current scores" closes both re-scores.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest

import iopkit
from iopkit.placement import recommend, suggest_dimensions

from .random_placements import all_built, numbered, only_box, texts

#: Case 750's headline: the 37-or-more branch's clauses, then the branch below 37.
HEADLINE_750 = (
    "re-score the COWS after dosing; after a first dose of buprenorphine or methadone the patient must not drive "
    "today; emergency evaluation only for a complicating condition (listed on the COWS flag); if below 37: treat on "
    "the current score; after a dose given on site, the patient goes home only if"
)
#: The complicating conditions a COWS box lists.
COMPLICATING = (
    "(vomiting or diarrhoea with fluids not kept down, unstable vital signs, other medical or psychiatric "
    "instability, pregnancy, alcohol or benzodiazepine withdrawal alongside, precipitated withdrawal that does not "
    "settle, delirium)"
)
#: Case 750's dimension-1 box.
D1_750 = (
    "re-score the COWS after dosing; emergency evaluation only for a complicating condition "
    f"{COMPLICATING}; if below 37: treat on the current score; if a dose is given: the patient must not drive today; "
    "record the reason for the lower rating with the placement decision"
)
#: Case 35's severe_opioid_withdrawal box, its close.
SEVERE_35 = (
    "re-score the COWS after dosing; emergency evaluation only for a complicating condition "
    f"{COMPLICATING}; if below 37: treat on the current score; if a dose is given: the patient must not drive today"
)
#: Case 31's severe_opioid_withdrawal box (beside a C-SSRS high), its close.
SEVERE_31 = (
    f"re-score the COWS after dosing; a complicating condition {COMPLICATING}: emergency evaluation for suicide risk "
    "and emergency medical evaluation in one setting that can manage both: arrange transfer now (ED); staff with the "
    "patient until handover; if below 37: treat on the current score; if a dose is given: the patient must not drive "
    "today"
)
#: Case 125's buprenorphine_induction_threshold box.
THRESHOLD_125 = (
    "re-score the COWS after dosing; emergency evaluation only for a complicating condition "
    f"{COMPLICATING}; if below 37: treat on the current score; "
    # R69 Q2 handover (was: without "if transferred: at handover tell ...")
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and "
    "any dose with its time; "
    "if a benzodiazepine is given with buprenorphine or "
    "methadone: monitor sedation and breathing while the patient is on site (if transferred: until handover); if a "
    "dose is given: the patient must not drive today"
)
#: Case 125's headline: the CIWA-Ar re-score's own "treat on the current score" as it was, the COWS's below 37.
HEADLINE_125 = (
    "re-assess for seizures or delirium until handover; treat on the current score; re-score the COWS now (last 48 "
    "on 20 Nov 2026, severe): "
)
HEADLINE_125_COWS = (
    "re-score the COWS after dosing; emergency evaluation only for a complicating condition (listed on the COWS "
    "flag); if below 37: treat on the current score; at a CIWA-Ar re-score of 8 or more with a COWS re-score of 13 "
    "or more (two withdrawals)"
)
#: Case 499's dimension-1 box: the COWS step whose screen the CIWA-Ar step's covers ("if still 37 or more, ..." with
#: no "otherwise" before it), closing the same.
D1_499 = (
    # R65 F2 (was: "scores and any dose with its time"): the box screens for delirium (CAM or 4AT)
    "re-score the COWS after dosing; at handover tell the receiving team the last CIWA-Ar and COWS scores, the "
    f"delirium screen and any dose with its time, and any complicating condition {COMPLICATING}; if a benzodiazepine "
    "is given with "
    # R60 Q5 S3a: beside the transfer ordered, a first dose before it only (was: "if below 37: treat on the current
    # score; ")
    "buprenorphine or methadone: monitor sedation and breathing until handover; if below 37: a first dose before "
    "transfer only if it does not delay the transfer (buprenorphine or methadone only on a COWS re-scored today); "
    "record the reason for the lower rating with the placement decision"
)
#: The headlines of 273 and 639 (R55 C, merged with R53 D): both re-scores before any dose, the COWS below 37 its own
#: branch of the one step.
# R58 S2b: "at a COWS below 37" gone; after the two withdrawals (13 to 36), "otherwise: treat on the current scores"
BELOW_37_R55C = (
    "; at a CIWA-Ar re-score of 8 or more with a COWS re-score of 13 to 36 (two withdrawals): arrange medically "
    "managed withdrawal or a higher level of care; otherwise: treat on the current scores; "
)


@pytest.mark.parametrize(
    ("number", "code", "words"),
    [
        (750, "headline", HEADLINE_750),
        (750, "rated_below_suggestion_d1", D1_750),
        (35, "severe_opioid_withdrawal", SEVERE_35),
        (31, "severe_opioid_withdrawal", SEVERE_31),
        (125, "buprenorphine_induction_threshold", THRESHOLD_125),
        (125, "headline", HEADLINE_125_COWS),
        (499, "rated_below_suggestion_d1", D1_499),
    ],
)
def test_d_below_37_typed(number: int, code: str, words: str) -> None:
    assert words in only_box(number, code)


def test_d_case_750_headline_says_the_branches_in_order() -> None:
    head = numbered(750).headline
    assert head.index("otherwise if still 37 or more, a prescriber treats withdrawal now") < head.index(
        "; if below 37: treat on the current score; "
    )


def test_d_ciwa_ar_treatment_left() -> None:
    # the CIWA-Ar's own "treat on the current score" (its re-score's close) is another instrument's: as it was
    assert HEADLINE_125 in only_box(125, "headline")
    assert "below 15" not in only_box(125, "headline")


@pytest.mark.parametrize("number", [273, 639])
def test_d_headlines_273_and_639_say_below_37_as_r55c(number: int) -> None:
    # R55 C: the headlines of 273 and 639 re-score both before any dose; no "otherwise if still 37 or more" is left
    head = only_box(number, "headline")
    assert BELOW_37_R55C in head
    assert "at a COWS below 37" not in head  # R58 S2b
    assert "otherwise if still 37 or more" not in head
    assert "if below 37" not in head


#: An open COWS flag of another day (COWS 44, its severe flag not resolved), no later score: its re-score names the
#: flag's day ("flag of 20 Nov 2026"), and the going-home clause follows the branch below 37, as it followed the bare
#: treatment before.
COWS_44 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 2, 3]
OPEN_FLAG_BOX_END = (
    "emergency evaluation only for a complicating condition (vomiting or diarrhoea with fluids not kept down, unstable "
    "vital signs, other medical or psychiatric instability, pregnancy, alcohol or benzodiazepine withdrawal alongside, "
    "precipitated withdrawal that does not settle, delirium); if below 37: treat on the current score"
)
OPEN_FLAG_HEADLINE = (
    "re-score the COWS after dosing; after a first dose of buprenorphine or methadone the patient must not drive "
    "today; emergency evaluation only for a complicating condition (listed on the COWS flag); if below 37: treat on "
    "the current score; after a dose given on site, the patient goes home only if awake or no more than slightly "
    "drowsy and easily roused"
)


def test_d_open_cows_flag_of_another_day() -> None:
    flag = next(f for f in iopkit.score("cows", COWS_44).flags if f.code == "severe_opioid_withdrawal")
    old = replace(flag, message=f"{flag.message} (COWS of 20 Nov 2026, not resolved)")
    s = suggest_dimensions([], older_open_flags=[old], today=dt.date(2026, 12, 2))
    (box,) = (f.action for f in s[1].flags if f.code == "severe_opioid_withdrawal")
    assert box.startswith("Re-score the COWS now (flag of 20 Nov 2026, severe): if still 37 or more, "), box
    assert box.endswith(OPEN_FLAG_BOX_END), box
    r = recommend({1: 2, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=s)
    assert OPEN_FLAG_HEADLINE in r.headline, r.headline


def _top_clauses(text: str) -> list[str]:
    """``text`` cut at each "; " outside brackets, up to the end of its sentence (". " outside brackets)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and text.startswith("; ", i):
            out.append(text[start:i])
            start = i + 2
        elif depth == 0 and text.startswith(". ", i):
            break
    else:
        i = len(text)
    out.append(text[start:i])
    return out


def test_d_sweep_800_below_37_said() -> None:
    """Over the 800: after "otherwise if still 37 or more, ", the first clause that treats on the current score says
    "if below 37: " first, unless another re-score (the CIWA-Ar's) begins before it (none since R55 C);
    "if below 37" is said only after a COWS's "if still 37 or more"."""
    bare, said, bridged, left, stray = [], 0, 0, [], []
    for n in all_built():
        for code, text in texts(n):
            at = text.find("otherwise if still 37 or more, ")
            while at >= 0:
                for clause in _top_clauses(text[at:])[1:]:
                    if clause.lower().startswith("re-score the ciwa-ar"):
                        left.append((n, code))
                        break
                    # R60 Q5 S3a: beside a transfer ordered, the branch below 37 is a first dose before it only
                    if clause.startswith("if below 37: a first dose before transfer only if it does not delay the "):
                        bridged += 1
                        break
                    if "treat on the current score" in clause:
                        if clause.startswith("if below 37: treat on the current score"):
                            said += 1
                        else:
                            bare.append((n, code, clause[:60]))
                        break
                at = text.find("otherwise if still 37 or more, ", at + 1)
            before = text.split("if below 37: ")[:-1]
            if any("if still 37 or more" not in re.split(r"e-score the \S+ now", b)[-1] for b in before):
                stray.append((n, code))
    assert not bare, bare
    # R58 M2a: the three COWS boxes of 273 and 639 say the headline's branches, no "if still 37 or more" (133 - 6)
    # R60 Q5 S3a: 23 of them beside a transfer ordered say the first dose before it (was: said == 127)
    assert said == 104
    assert bridged == 23
    assert left == []  # R55 C: 273's and 639's headlines re-score the CIWA-Ar first
    assert not stray, stray
