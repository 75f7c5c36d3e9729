"""Physician review R16 (session 15), should-fix S11: "the patient must not drive" said once; the strongest form said
(an outright "must not drive" over "must not drive today" and "until the medical review finds ..."). A sweep of the
random cases (tests/random_placements.py) found it said twice in one sentence beside CIWA-Ar item 10 at 1's medical
review: "the patient must not drive until the medical review finds the patient not delirious or intoxicated", then a
dose's own clause ("if a dose is given: the patient must not drive today", a benzodiazepine's "..., and the patient
must not drive", a COWS dose's "after a first dose ... should not drive today"). Said once, in the words physician
review R19 (session 16), N2 (c3) gave for the same pair: "the patient must not drive until the medical review finds
the patient not delirious or intoxicated, nor today if a dose is given" (typed below, never computed by iopkit).

What legitimately repeats it (the reviewers' own words, tested word for word in their files): a conditional
transfer's branch says its own "the patient must not drive" (R18-M3 case B and R19-N2: "if (still) 37 or more: ...;
the patient must not drive; if 13-36: ..."; R19-N1: "At 8 or more ...: ...; the patient must not drive. Otherwise
...") beside the dose's clause of the other branches, which that branch's clause does not cover; and R19-N2 (c3)'s
medical review says its "until" clause in its first sentence, its re-score the combined one in a later sentence. So
the sweep counts the driving advice per sentence, a transfer branch's own clause apart.
"""

from __future__ import annotations

import re

import pytest

from tests.intoxication_screens import without_holds
from tests.random_placements import CIWA_MOD13_I1, built, cases
from tests.test_placement_headline_review_r7_old_scores import recommended
from tests.test_placement_physician_cases import COWS_19

NO_DRIVING = "must not drive"
#: A conditional transfer's branch ending in its own "the patient must not drive" (R18-M3 case B, R19-N1, R19-N2).
# R26a M1: an old severe CIWA-Ar's conditional transfer ("if still 15 or more, ...") keeps its own words beside the
# going-home branch's "if any dose is given (...): the patient must not drive today" (the two branches exclude each
# other)
_BRANCH_OWN = re.compile(
    # R42 item 2: the old moderate CIWA-Ar's branch named by its re-score (was "At 8 or more")
    # R55 C: the emergency branch of 273's and 639's first step on the two re-scores
    # R58 S2b: said with "re-score" (ruling (c))
    r"(?:if (?:still )?37 or more|At a CIWA-Ar re-score of 8 or more|if still 15 or more"
    r"|at a COWS (?:re-score )?of 37 or more with a CIWA-Ar (?:re-score )?of 8 or more"
    # R73 1a: the CIWA-Ar re-score's severe branches "intoxicated or not" say the driving rule after their capacity
    # clause (the transfer's own)
    r"|on the re-scores?, intoxicated or not: if (?:a CIWA-Ar of )?15 or more"
    r"|intoxicated or not, at a CIWA-Ar re-score of 15 or more)"
    r"(?:[^.]|\.(?! ))*?the patient must not drive(?=[;.])"  # "3.7-WM" kept
)
_SENTENCE = re.compile(r"\. (?=[A-Z])")

# --- R19-N2 (c3)'s words for the pair, typed ---------------------------------------------------------------------
SAID_ONCE = (
    "the patient must not drive until the medical review finds the patient not delirious or intoxicated, nor today if "
    "a dose is given"
)
#: Today's CIWA-Ar 14 with item 10 at 1 alone: the prescriber's review after the medical review, without its own
#: clause (R16 S11; before: "...; if a dose is given: the patient must not drive today (CIWA-Ar item 10 at 1 ...").
REVIEW_AFTER = (
    # R65 F2 (was: "...ell the receiving team the last CIWA-Ar score and any dose with its time")
    f"{SAID_ONCE}; a prescriber's review before the patient leaves: treat withdrawal with medication (CIWA-Ar 10 or "
    "more; consider at 8-9); "
    # R26b M1 (d): a dose beside the delirium branch's transfer: told if transferred
    "if transferred: at handover tell the receiving team the last CIWA-Ar score, the delirium screen and any dose with "
    "its time; "
    "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit"
    # R21 S5: how the patient given a dose on site goes home, at the end of the dose's sentence (alcohol alone)
    # R26a S1 as ruled in session 22: the going-home clause re-typed in observable words (POSS levels
    # 1-2; naloxone in hand, the supportive person shown how to use it)
    "; after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused"
    # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused (and, if ...")
    ", walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a "
    "supportive person to stay overnight"
    " (and, if the patient also uses opioids, with naloxone in hand and the supportive person shown how to "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    "use it), and the patient and the supportive person told not to add alcohol or other sedatives; otherwise the "
    # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
    "patient stays on site until these conditions are met, or a higher level of care is arranged"
    " (CIWA-Ar item 10 at 1 (cannot do serial additions or uncertain about date), CIWA-Ar in the moderate withdrawal "
    "band: dimension 1 rated 1, below the 2 they call for)."
)
#: Beside today's COWS of 13-24: the benzodiazepine's monitoring without its driving clause (R2 should-fix 12's
#: on-site form), no COWS dose's clause either.
BENZODIAZEPINE_ON_SITE = (
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient "
    # R21 S5: how the patient given a dose on site goes home, at the end of the dose's sentence; R62 S2 (ruled R63):
    # the headline arranges medically managed withdrawal after a dose (case 29's shape) (was: "is on site; after")
    "is on site (if transferred: until handover); after a dose given on site, the patient goes home only if awake or "
    "no more than slightly drowsy and easily roused"
    # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused, with naloxone")
    # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
    ", walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, and has a COWS "
    "re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with a "
    "supportive person to stay overnight"
    ", with naloxone in hand and the supportive person shown how to "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    "use it, and the patient and the supportive person told not to add alcohol or other sedatives; otherwise the "
    "patient stays on site until these conditions are met, or a higher level of care is arranged ("
)


def driving_said(headline: str) -> list[int]:
    """How often each sentence of ``headline`` says "must not drive", a transfer branch's own clause and the holds' own
    bracket apart (R30b M4: each hold naming intoxication says "the patient must not drive today" inside it, for the
    patient given no dose, not the step's driving advice; :func:`tests.intoxication_screens.without_holds`)."""
    return [s.count(NO_DRIVING) for s in _SENTENCE.split(_BRANCH_OWN.sub("", without_holds(headline)))]


def test_item_10_at_1_alone_says_the_driving_advice_once():
    h = recommended({}, today=[("ciwa_ar", CIWA_MOD13_I1)]).headline
    # R30b M4: the hold's own "(the patient must not drive today)" left out of the count
    assert without_holds(h).count(NO_DRIVING) == 1, h
    assert REVIEW_AFTER in h, h


def test_item_10_at_1_beside_a_cows_dose_says_it_once():
    h = recommended({}, today=[("ciwa_ar", CIWA_MOD13_I1), ("cows", COWS_19)]).headline
    # R30b M4: the hold's own "(the patient must not drive today)" left out of the count
    assert without_holds(h).count(NO_DRIVING) == 1, h
    assert f"{SAID_ONCE}; " in h, h
    assert BENZODIAZEPINE_ON_SITE in h, h
    assert "should not drive" not in h, h


@pytest.mark.parametrize("chunk", range(4))
def test_sweep_the_driving_advice_is_said_at_most_once_a_sentence(chunk: int) -> None:
    """Every random case: at most one "must not drive" in a sentence, a transfer branch's own clause apart (see the
    module's docstring for what legitimately repeats it)."""
    twice = []
    for case in cases()[chunk::4]:
        h = built(case).headline
        if any(n > 1 for n in driving_said(h)):
            twice.append(f"{case}: {h}")
    assert not twice, "\n\n".join(twice)
