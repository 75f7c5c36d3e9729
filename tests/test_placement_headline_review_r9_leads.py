"""Physician review R9 (session 13): the placement headline's leads beside a CIWA-Ar of another day (must-fix N3, N4;
should-fix N5, S1). Texts typed by hand from the reviewer's "Want" (never computed by iopkit), each with the
reviewer's repro case; old scores dated 20 Nov 2026, the placement on 02 Dec 2026, ratings over ROUTINE.

N3. Beside the old severe CIWA-Ar's conditional transfer (its re-score decides it), a positive PHQ-9 item 9 (Kroenke
    et al. 2001) or a C-SSRS moderate risk (Posner et al. 2011) of today has a step either way: the same-day suicide
    risk assessment before the patient leaves, the handover only if transferred (Joint Commission NPSG 15.01.01), as
    R8 must-fix 3 says beside the old complicated CIWA-Ar.
N4. A dimension rated 4 beside an old complicated CIWA-Ar (hallucinations, or item 10 at 2 or more): staff with the
    patient until handover, the delirium and intoxication screen, thiamine and blood glucose before any dose (ASAM
    2020 alcohol withdrawal guideline, Rec VI.7: withdrawal delirium is a medical emergency; CAM, Inouye 1990; 4AT,
    Bellelli et al. 2014), and a benzodiazepine with buprenorphine or methadone monitored (FDA Drug Safety
    Communication, 20 Sep 2017).
N5. A rating-4 dose beside alcohol withdrawal of any day and a COWS of 13 or more today: a benzodiazepine given with
    buprenorphine or methadone is monitored until handover (FDA 2017; ASAM 2020 alcohol withdrawal guideline, Rec
    IV.22: monitor for over-sedation and respiratory depression).
S1. Today's COWS step beside an old complicated or severe CIWA-Ar: the intoxication screen before any dose, the dose
    timed by the transfer, co-occurring alcohol withdrawal the complicating condition (ASAM 2020 OUD guideline; COWS
    signs are not opioid-specific and are inflated by alcohol withdrawal: Wesson & Ling 2003), the benzodiazepine's
    monitoring and no driving (FDA 2017).
"""

from __future__ import annotations

import datetime as dt

import pytest

from .intoxication_screens import INSISTS, INSISTS_ON_LEAVING, NEXT_TRANSFER, NOT_CLEARED_CIWA, TOLD
from .test_placement_headline_review_r7_old_scores import recommended

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

PLACED = dt.date(2026, 12, 2)
OLD = dt.date(2026, 11, 20)
ROUTINE = {1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
# CIWA-Ar (Sullivan et al. 1989): 10 items
OLD_SEVERE_21 = [4, 3, 3, 3, 3, 2, 0, 0, 3, 0]  # severe band, no sign of complicated withdrawal
OLD_DISORIENTED_26 = [4, 4, 4, 4, 4, 0, 0, 0, 4, 2]  # severe, item 10 at 2
OLD_HALLUCINATING = [1, 1, 1, 1, 1, 0, 4, 0, 1, 0]  # item 7 at 4 (hallucinations), total 10
OLD_DISORIENTED_15 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 2]  # severe (15), item 10 at 2
CIWA_MODERATE_TODAY = [1, 1, 1, 1, 1, 1, 0, 0, 2, 0]
# COWS (Wesson & Ling 2003): 11 items
COWS_14 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]  # 13-24, moderate
COWS_30 = [4, 2, 3, 5, 2, 2, 3, 2, 2, 2, 3]  # 25-36, moderately severe
COWS_46 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 3]  # above 36, severe
PHQ9_ITEM_9 = [1] * 9
MODERATE = ["yes", "yes", "yes", "no", "no", "no", None]


HANDOVER = "at handover tell the receiving team "
_headline = recommended  # the reviewer's H (tests/test_placement_headline_review_r7_old_scores.py)


# --- N3 (must-fix): the suicide step beside the old severe CIWA-Ar's conditional transfer --------------------------

#: R39 C10, the physician's words: the driving clause, the CIWA-Ar's re-score after a dose, going home (case 170's).
C10_IF_DOSED = "if a dose is given: the patient must not drive today"
C10_RESCORE = "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit"
C10_HOME_ALCOHOL = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused, walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a "
    "supportive person to stay overnight (and, if the patient also uses opioids, with naloxone in hand and the "
    "supportive person shown how to use it), and the patient and the supportive person told not to add alcohol or "
    "other sedatives"
    # R32 S3/S4 with R39 C10: the plain going-home sentence ends with S4's words
    # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
    "; otherwise the patient stays on site until these conditions are met, or a higher level of care is arranged"
)
N3_PHQ9 = (
    "then, before the patient leaves, a same-day suicide risk assessment (if transferred: at handover tell the "
    # R23a finding 7 (c), (d): the ruling's words, re-typed
    "receiving team that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment once the "
    "patient "
    "is able to answer; do not delay the transfer for it)"
)
N3_CSSRS_MODERATE = (
    "then, before the patient leaves, a same-day suicide risk assessment with safety planning (if transferred: at "
    "handover tell the receiving team that today's C-SSRS screen was moderate risk (method considered, or suicidal "
    # R23a finding 7 (c), (d): the ruling's words, re-typed
    "behaviour over 3 months ago), and ask them for a suicide risk assessment with safety planning once the patient is "
    "able to answer; do not delay the transfer for it)"
)

#: R21 S5 as ruled again, typed: how the patient given a dose on site goes home under ambulatory withdrawal management.
GOING_HOME = (
    # R26a S1 as ruled in session 22: the going-home clause re-typed in observable words (POSS levels
    # 1-2; naloxone in hand, the supportive person shown how to use it)
    "; after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused"
    # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused, with naloxone")
    # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
    ", walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, and has a COWS "
    "re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with a "
    "supportive person to stay overnight"
    ", with naloxone in hand and the supportive person shown how to use it, and the "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    "patient and the supportive person told not to add alcohol or other sedatives; otherwise the patient stays on "
    "site until these conditions are met, or a higher level of care is arranged"
)
#: R46 Q5: beside an old CIWA-Ar's re-score (every use here), its re-score after a dose right before the going-home
#: clause that names a CIWA-Ar condition.
HOME = f"; {C10_RESCORE}{GOING_HOME}"


@pytest.mark.parametrize(
    ("screen", "want"), [(("phq9", PHQ9_ITEM_9), N3_PHQ9), (("cssrs_screen", MODERATE), N3_CSSRS_MODERATE)]
)
@pytest.mark.parametrize("cows", [[], [("cows", COWS_14)], [("cows", COWS_46)]], ids=["alone", "COWS 14", "COWS 46"])
def test_n3_a_positive_screen_beside_the_old_severe_ciwa_ar_has_a_step_either_way(screen, want, cows):
    r = _headline(old=[("ciwa_ar", OLD_SEVERE_21)], today=[screen, *cows])
    # R23a finding 2: the step may give a first dose before the transfer: the last scores and any dose told first
    # R67 F1 (was: "CIWA-Ar and COWS scores" if cows else "CIWA-Ar score"): the step screens for delirium with its
    # re-score (R65 F1), so the handover of the scores tells the screen (R64 S3, R65 F2)
    scores = "CIWA-Ar and COWS scores, the delirium screen" if cows else "CIWA-Ar score, the delirium screen"
    want = want.replace(HANDOVER, f"{HANDOVER}the last {scores} and any dose with its time, ")
    first = r.headline.split(". Also")[0]
    # R21 S5: beside today's COWS dose, how the patient given a dose on site goes home, at the end of the sentence
    # R48 item 1: the assessment between the dose and going home: the re-score after a dose just before its "then"
    # (was: after the assessment, right before going home: HOME)
    home = GOING_HOME if cows else ""
    # R39 C10: alone (an old CIWA-Ar's re-score, Level 1), the driving clause and the re-score after a dose before the
    # assessment, then going home (case 170's sentence)
    before = f"; {C10_RESCORE}" if cows else f"treat on the current score; {C10_IF_DOSED}; {C10_RESCORE}"
    home = home or f"; {C10_HOME_ALCOHOL}"
    assert f"{before}; {want}{home} (" in first, first
    # the reviewer's "Current": the assessment "before the patient leaves" only, no handover if transferred
    assert "a same-day suicide risk assessment (CIWA-Ar" not in first
    assert "a same-day suicide risk assessment, and" not in first
    # physician review R34 S2: the screen's hold names the assessment for a patient who insists on leaving ("the
    # same-day suicide risk assessment first"): the step itself said once
    assert INSISTS_ON_LEAVING in first, first
    assert first.replace(INSISTS_ON_LEAVING, "").count("same-day suicide risk assessment") == 1


# --- N4 (must-fix): a rating of 4 beside an old complicated CIWA-Ar ------------------------------------------------

CAPACITY = (
    "if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening)"
)
BEFORE_ANY_DOSE = (
    "before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of "
    "sedative intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose here "
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team at handover
    f"(delirium: to the ED by emergency services; intoxication: {NEXT_TRANSFER}); otherwise a "
    "prescriber gives a first dose for today's withdrawal "
    "before transfer only if it does not delay the transfer and the reason for rating 4 allows it"
)
MONITORED = (
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover"
)
# (the receiving team told why dimension 1 was rated 4, and the COWS score and any dose with its time: physician
# review R16, session 15, the ruling on C22, C30, its words)
AT_4_TOLD = "at handover tell the receiving team why dimension 1 was rated 4"
N4_WANT = (
    # R23a finding 2: the last CIWA-Ar and COWS scores (an old CIWA-Ar with hallucinations, today's COWS 30)
    # R26b M2 (S5's first half): a comma after why
    # R65 F2 (was: "...COWS scores and any dose with its time")
    f"arrange transfer now (ED, or 4-WM); staff with the patient until handover; {AT_4_TOLD}, the last CIWA-Ar and "
    f"COWS scores, the delirium screen and any dose with its time; {CAPACITY}; the patient must not drive; "
    f"{BEFORE_ANY_DOSE}; {MONITORED}"
)


def test_n4_rating_4_beside_old_hallucinations_and_a_cows_of_today_screens_before_the_dose():
    r = _headline({1: 4}, old=[("ciwa_ar", OLD_HALLUCINATING)], today=[("cows", COWS_30)])
    assert f"First: emergency medical evaluation: {N4_WANT} (" in r.headline, r.headline
    assert r.headline.count("staff with the patient until handover") == 1


def test_n4_rating_4_beside_old_disorientation_screens_before_the_re_scores_dose():
    # no withdrawal sign of today: the only dose is the old severe band's, after its re-score (no COWS, so no
    # buprenorphine or methadone to monitor a benzodiazepine with)
    r = _headline({1: 4}, old=[("ciwa_ar", OLD_DISORIENTED_15)])
    first = r.headline.split(". Then")[0]
    assert (
        # R23a finding 2: the re-score's first dose before the transfer: the last CIWA-Ar score and any dose told
        # R26b M2 (S5's first half): a comma after why
        # R65 F2 (was: "...CIWA-Ar score and any dose with its time")
        f"arrange transfer now (ED, or 4-WM); staff with the patient until handover; {AT_4_TOLD}, the last CIWA-Ar "
        f"score, the delirium screen and any dose with its time; {CAPACITY}; the patient must not drive; " in first
    ), first
    assert BEFORE_ANY_DOSE in first
    # never a dose before the screen
    assert first.index("before any dose") < first.index("a prescriber gives")
    assert first.count("a prescriber gives") == 1


@pytest.mark.parametrize(
    ("ratings", "transfer"),
    [
        ({2: 4}, "arrange transfer now (ED); staff with the patient until handover"),
        ({3: 4}, "staff with the patient, until handover"),
    ],
    ids=["dimension 2 rated 4", "dimension 3 rated 4"],
)
def test_n4_any_rating_of_4_beside_old_hallucinations_screens_before_the_dose(ratings, transfer):
    r = _headline(ratings, old=[("ciwa_ar", OLD_HALLUCINATING)], today=[("cows", COWS_14)])
    first = r.headline.split(". Then")[0]
    assert transfer in first
    # R23a finding 2: no handover clause beside the rating of 3 before: one after the dose
    told = (
        ""
        if 2 in ratings
        # R26b M2 (b): why dimension 3 was rated 4 first
        else "; at handover tell the receiving team why dimension 3 was rated 4 (what the patient said or did), the "
        # R65 F2 (was: "...COWS scores and any dose with its time")
        "last CIWA-Ar and COWS scores, the delirium screen and any dose with its time"
    )
    assert f"{BEFORE_ANY_DOSE}{told}; {MONITORED} (" in first, first


# --- N5 (should-fix): a rating-4 dose beside alcohol withdrawal of any day and a COWS of 13 or more today ----------

N5_WANT = f"the reason for rating 4 allows it; {MONITORED} ("


@pytest.mark.parametrize(
    ("old", "today"),
    [
        ([], [("ciwa_ar", CIWA_MODERATE_TODAY), ("cows", COWS_14)]),  # the reviewer's repro
        ([("ciwa_ar", CIWA_MODERATE_TODAY)], [("cows", COWS_14)]),  # alcohol withdrawal of another day
    ],
    ids=["both today", "CIWA-Ar of 20 Nov"],
)
def test_n5_a_rating_4_dose_beside_alcohol_and_opioid_withdrawal_monitors_a_benzodiazepine(old, today):
    r = _headline({1: 4}, old=old, today=today)
    # beside an old moderate CIWA-Ar its own re-score follows (physician review R16, session 15, should-fix S2)
    want = (
        N5_WANT.removesuffix(" (") + "; re-score the CIWA-Ar before transfer only if it does not delay it"
        if old
        else N5_WANT
    )
    assert want in r.headline, r.headline
    assert r.headline.count("monitor sedation and breathing") == 1


def test_n5_no_note_without_a_cows_of_today():
    r = _headline({1: 4}, today=[("ciwa_ar", CIWA_MODERATE_TODAY)])
    assert "monitor sedation" not in r.headline


# --- S1 (should-fix): today's COWS step beside an old complicated or severe CIWA-Ar --------------------------------

# physician review R32 (a) (its four settings), R33 S1, R34 S1: the hold beside the conditional transfer says both
# branches, "the scores" beside the CIWA-Ar and the COWS (was: "if intoxicated: no dose here (the patient must not
# drive today)")
S1_SCREEN = (
    "treat on the current score; after the re-score and the screen, before any dose: screen for intoxication (breath "
    "alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if intoxicated: no "
    f"dose now (if transferred, {TOLD}; if not: ask the patient to stay on site and repeat the screen and the scores "
    f"when it clears; {NOT_CLEARED_CIWA}; the patient must not drive today; {INSISTS}); otherwise "
)
# beside the old severe lead (no delirium screen): physician review R10, must-fix 2b (i), its words
S1_SCREEN_SEVERE = S1_SCREEN.replace(
    "after the re-score and the screen, before any dose:", "after the re-score, before any dose:"
)
# (", and the patient must not drive" dropped: the lead says it; physician review R16, session 15, should-fix S11)
S1_MONITORED = (
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient is "
    "on site (if transferred: until handover)"
)
S1_COWS_13_36 = (
    f"{S1_SCREEN}a prescriber's review (if transferred: a first dose before transfer only if it does not delay the "
    "transfer; if not: before the patient leaves): treat withdrawal as the prescriber decides, with buprenorphine, or "
    # R26a S2: the escalation follows the old CIWA-Ar's re-score (was "arrange medically managed withdrawal or a higher
    # level of care: co-occurring alcohol withdrawal (CIWA-Ar of 20 Nov 2026, not re-scored today)")
    # R27 M2: "at a CIWA-Ar re-score" (was "at a re-score", read as the COWS re-score)
    "methadone as the COWS flag says; re-score the COWS 1-2 hours after dosing; at a CIWA-Ar re-score of 8 or more "
    "(alcohol withdrawal alongside): arrange medically managed withdrawal or a higher level of care; "
    f"{S1_MONITORED}"
)
S1_COWS_ABOVE_36 = (
    f"{S1_SCREEN}a prescriber treats withdrawal (if transferred: a first dose before transfer only if it does not "
    "delay the transfer; if not: before the patient leaves): buprenorphine, or methadone as the COWS flag says; "
    "re-score the COWS after dosing; a complicating condition listed on the COWS flag, alcohol withdrawal alongside "
    # R27 M2's ruling as applied in session 22: "a CIWA-Ar re-score" (was "(a re-score of 8 or more)")
    f"among them (a CIWA-Ar re-score of 8 or more): arrange the same transfer now; {S1_MONITORED}"
)  # R10 must-fix 2b (ii): "goes to the same emergency evaluation" replaced, the reviewer's words


@pytest.mark.parametrize("old", [OLD_DISORIENTED_26, OLD_SEVERE_21], ids=["old complicated", "old severe"])
@pytest.mark.parametrize(
    ("cows", "want"), [(COWS_14, S1_COWS_13_36), (COWS_46, S1_COWS_ABOVE_36)], ids=["COWS 14", "COWS 46"]
)
def test_s1_the_cows_step_beside_an_old_ciwa_ar_screens_before_any_dose(old, cows, want):
    r = _headline(old=[("ciwa_ar", old)], today=[("cows", cows)])
    if old is OLD_SEVERE_21:  # no delirium screen in the old severe lead (R10 must-fix 2b (i))
        # the lead's transfer says the same screen: "after the re-score and that screen, " (physician review R16,
        # session 15, should-fix S11, its words)
        # R47 (for the lead): the prescriber's step on that screen's finding (was "that screen, " then the step)
        want = want.replace(
            S1_SCREEN,
            # R68 M1 (was: "treat on the current score; after the re-score and that screen, if it finds no
            # intoxication, "): F1's delirium screen too
            "treat on the current score; after the re-score and these screens, if they find no delirium and no "
            "intoxication, ",
            1,
        )
        # R26a M1: the going-home branch's driving words, once, just before the going-home clause (the transfer
        # branch keeps its own "the patient must not drive")
        want += (
            "; if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
        )
    else:  # R23a finding 2: the step's one handover, after its first dose before the transfer (none in the lead)
        # R26b M1 (c): an old complicated CIWA-Ar re-scored: the re-score's own dose before transfer, and the
        # receiving team told the re-score, the delirium screen, the last COWS score and any dose
        want = want.replace(
            "delay the transfer; if not:",
            "delay the transfer; at handover tell the receiving team the CIWA-Ar re-score, the delirium screen, the "
            "last COWS score and any dose with its time; if not:",
        )
        # R42 item 7 (R30b S8): the re-score's "treat on the current score (...)" after the screen it depends on (was
        # "; treat on the current score (a first dose before transfer only if it does not delay the transfer); after
        # the re-score and the screen, before any dose: ...; otherwise a prescriber ...")
        want = want.replace("treat on the current score; after", "after", 1).replace(
            f"{INSISTS}); otherwise a prescriber",
            # R47 M1: the prescriber's step joined into the screen's otherwise, after the delirium screen finds none
            f"{INSISTS}); otherwise treat on the current score (a first dose before transfer only if it does not delay "
            "the transfer), and, if the delirium screen finds no delirium, a prescriber",
            1,
        )
        # R57 M2: after the delirium screen the hold bars a dose in delirium too (was: "if intoxicated: no dose now (")
        want = want.replace(
            "if intoxicated: no dose now (",
            "if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: ",
            1,
        )
    # R21 S5: the plan offers ambulatory WM after the conditional transfer: how the patient given a dose on site goes
    # home, at the end of the dose's sentence
    assert f"; {want}{HOME} (" in r.headline, r.headline
    # the reviewer's "Current": the review "before the patient leaves" beside the transfer, its escalation only for a
    # complicating condition
    assert "a prescriber's review before the patient leaves" not in r.headline
    assert "treats withdrawal now, before the patient leaves" not in r.headline
    assert "only for a complicating condition" not in r.headline.split(". Then")[0]
