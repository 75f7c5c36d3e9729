"""Physician re-review R10 (session 13) of the R9 fixes: the placement headline and chart boxes beside a CIWA-Ar of
another day. Texts typed by hand from the reviewer's words in the review (never computed by iopkit), each with the
reviewer's repro case or one found by a small sweep like the reviewer's; old scores dated 20 Nov 2026, the placement
on 02 Dec 2026, ratings over ROUTINE.

2b (i) must-fix. Beside the old SEVERE CIWA-Ar's lead (no delirium screen), today's COWS step reads "after the
    re-score, before any dose:", never "after the re-score and the screen"; beside the old complicated lead (which
    screens for delirium) the words stay.
2b (ii) must-fix. A COWS above 36 beside an old complicated or severe lead: alcohol withdrawal alongside (a re-score of
    8 or more) is a complicating condition, sent to the lead's one transfer (ED, or 4-WM), as iopkit's rule for today
    sends a COWS above 36 with a CIWA-Ar of 8 or more (ASAM 2020 alcohol withdrawal guideline, Rec VII.8; ASAM 2020
    OUD guideline). The combined lead beside a C-SSRS high keeps its "same emergency evaluation" (it names one).
2d should-fix (Joint Commission NPSG 15.01.01; FDA Drug Safety Communication, 20 Sep 2017; ASAM 2020 alcohol withdrawal
    guideline, Rec IV.22; buprenorphine label, CNS depressants):
    (a) old severe + COWS + C-SSRS high: the intoxication screen before the COWS step, a benzodiazepine monitored;
    (b) old moderate CIWA-Ar + COWS, no rating of 4: today's benzodiazepine note after the COWS clause;
    (c) a blank PHQ-9 item 9 beside the old severe lead told at handover if transferred; its box with N6's suffix;
    (d) the COWS box, dimension 1's rating-below box and the buprenorphine threshold's box as the headline says;
        (R11 must-fix N8: the COWS and rating-below boxes with the 72-hour rule and the complicating conditions in
        full where the headline points to the COWS flag; the headline keeps its words);
    (e) a certain transfer (today's severe CIWA-Ar; dimension 1 or 2 rated 4): the suicide boxes with N6's suffix.
"""

from __future__ import annotations

import datetime as dt

import pytest

import iopkit
from iopkit.placement import recommend, suggest_dimensions
from tests.placement_screens import kept_apart

from .evaluation_home_words import C9_HOME
from .intoxication_screens import r32a
from .suicide_handover_words import M2_TOLD_TODAY
from .test_placement_headline_review_r7_old_scores import recommended

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

PLACED = dt.date(2026, 12, 2)
OLD = dt.date(2026, 11, 20)
ROUTINE = {1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
# CIWA-Ar (Sullivan et al. 1989): 10 items
OLD_SEVERE_21 = [4, 3, 3, 3, 3, 2, 0, 0, 3, 0]  # severe band, no sign of complicated withdrawal
OLD_DISORIENTED_26 = [4, 4, 4, 4, 4, 0, 0, 0, 4, 2]  # severe, item 10 at 2
OLD_HALLUCINATING = [1, 1, 1, 1, 1, 0, 4, 0, 1, 0]  # item 7 at 4 (hallucinations), total 10
# COWS (Wesson & Ling 2003): 11 items
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]  # 13-24, moderate
COWS_30 = [4, 2, 3, 5, 2, 2, 3, 2, 2, 2, 3]  # 25-36, moderately severe
COWS_48 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 5]  # above 36, severe
HIGH = ["yes", "yes", "no", "yes", "no", "no", None]


_headline = recommended  # the reviewer's H (tests/test_placement_headline_review_r7_old_scores.py)


def _first(r):
    return r.headline.split(". Also")[0].split(". Then")[0]


# --- 2b (i) (must-fix): no screen named beside the old severe lead ------------------------------------------------

AFTER_RESCORE = "after the re-score, before any dose:"  # R10 2b (i), exactly
AFTER_RESCORE_AND_SCREEN = "after the re-score and the screen, before any dose:"  # kept beside the complicated lead


@pytest.mark.parametrize("cows", [COWS_19, COWS_30, COWS_48], ids=["COWS 19", "COWS 30", "COWS 48"])
def test_2b_i_beside_the_old_severe_lead_no_screen_is_named(cows):
    r = _headline(old=[("ciwa_ar", OLD_SEVERE_21)], today=[("cows", cows)])
    first = _first(r)
    # physician review R16 (session 15), should-fix S11: the screen said once, before the transfer's first dose; the
    # COWS dose "after the re-score and that screen" (the reviewer's words, for R10's "after the re-score, before any
    # dose: screen for intoxication ...")
    # R47 (for the lead): the prescriber's step on that screen's finding (was "that screen, a prescriber")
    # R68 M1 (was: "; after the re-score and that screen, if it finds no intoxication, a prescriber"): the step waits
    # for the F1 hold's delirium screen too
    assert (
        "; after the re-score and these screens, if they find no delirium and no intoxication, a prescriber" in first
    ), first
    assert first.count("screen for intoxication") == 1, first
    assert "the screen, before any dose" not in r.headline
    # R67 F1 (was: assert "screen for delirium" not in first): R65 F1 (ruled right in R66) screens for delirium with the
    # old severe re-score, once, and holds any dose in delirium after the screen before any dose
    assert first.count("screen for delirium") == 1, first
    assert first.startswith(
        "First: re-score the CIWA-Ar now (last 21 on 20 Nov 2026, severe) and screen for delirium (CAM or 4AT): ask "
        "what happened since"
    ), first
    held = (
        "give thiamine and check blood glucose; if delirium: no dose here; call emergency services for the ED; "
        "staff with the patient until handover; "
    )
    assert first.count(held) == 1, first


@pytest.mark.parametrize("old", [OLD_DISORIENTED_26, OLD_HALLUCINATING], ids=["old 26 disoriented", "old 10 halluc"])
@pytest.mark.parametrize("cows", [COWS_19, COWS_48], ids=["COWS 19", "COWS 48"])
def test_2b_i_beside_the_old_complicated_lead_the_words_stay(old, cows):
    first = _first(_headline(old=[("ciwa_ar", old)], today=[("cows", cows)]))
    assert "screen for delirium (CAM or 4AT)" in first
    assert f"; {AFTER_RESCORE_AND_SCREEN} screen for intoxication" in first, first


# --- 2b (ii) (must-fix): alcohol withdrawal alongside a COWS above 36 goes to the lead's transfer -------------------

SAME_TRANSFER = (
    "re-score the COWS after dosing; a complicating condition listed on the COWS flag, alcohol withdrawal alongside "
    # R27 M2's ruling as applied in session 22: "a CIWA-Ar re-score" (was "(a re-score of 8 or more)")
    "among them (a CIWA-Ar re-score of 8 or more): arrange the same transfer now; if a benzodiazepine is given with "
    "buprenorphine or methadone: monitor sedation and breathing while the patient is on site (if transferred: until "
    "handover)"
    # (", and the patient must not drive" dropped: the lead says it, physician review R16, session 15, should-fix S11)
)


@pytest.mark.parametrize(
    "old", [OLD_SEVERE_21, OLD_DISORIENTED_26, OLD_HALLUCINATING], ids=["old severe", "old 26", "old 10 halluc"]
)
def test_2b_ii_a_cows_above_36_sends_alcohol_withdrawal_alongside_to_the_same_transfer(old):
    # the reviewer's repro: H(old=[("ciwa_ar",[4,3,3,3,3,2,0,0,3,0])], today=[("cows",[4,4,5,5,4,4,5,4,4,4,5])])
    first = _first(_headline(old=[("ciwa_ar", old)], today=[("cows", COWS_48)]))
    assert f"; {SAME_TRANSFER}" in first, first
    assert "same emergency evaluation" not in first
    # "the same transfer" is the lead's one destination
    assert first.count("arrange transfer now") == 1 and "(ED, or 4-WM)" in first
    assert "3.7-WM" not in first


def test_2b_ii_the_combined_lead_beside_a_c_ssrs_high_keeps_its_one_evaluation():
    first = _first(_headline(old=[("ciwa_ar", OLD_SEVERE_21)], today=[("cows", COWS_48), ("cssrs_screen", HIGH)]))
    assert "same emergency evaluation" in first
    assert "arrange the same transfer now" not in first


# --- 2d (e) (should-fix): beside a certain transfer the suicide boxes ask the receiving team ------------------------

IF_TRANSFERRED_ASK = "; if transferred: at handover ask the receiving team for it (do not delay the transfer for it)"
# physician review R31, should-fix S2: the C-SSRS low box read alone names the finding and the request it hands over
# (before: IF_TRANSFERRED_ASK, "ask the receiving team for it")
# R51: the box's request says the headline's "once the patient is able to answer" (every setting here asks so)
TOLD_LOW = (
    "; if transferred: at handover tell the receiving team that today's C-SSRS screen found a wish to be dead or "
    "non-specific suicidal thoughts, and ask them for a suicide risk assessment once the patient is able to answer (do "
    "not delay the transfer for it)"
)
PHQ9_ITEM_9 = [1] * 9
MODERATE = ["yes", "yes", "yes", "no", "no", "no", None]
LOW = ["yes", "no", None, None, None, "no", None]
SUICIDE_BOXES = {"suicidal_ideation", "suicide_risk_moderate", "suicide_risk_low"}
# physician review R13 (session 14), should-fix S2, the reviewer's words: beside a certain transfer (a rating of 4, a
# transfer now) the PHQ-9 item 9 and C-SSRS moderate boxes say the handover itself, never "before the patient leaves"
R13_S2 = {
    # R51: "once the patient is able to answer", as the headline asks it
    "suicidal_ideation": (
        "At handover tell the receiving team that today's PHQ-9 item 9 was positive and ask them for a suicide risk "
        "assessment once the patient is able to answer (do not delay the transfer for it)"
    ),
    # R53 ruling 1: the moderate-risk box's "ask them for it" too, beside a headline that asks "once"
    "suicide_risk_moderate": (
        "Behavioural-health evaluation and safety planning: at handover tell the receiving team that today's C-SSRS "
        "screen was moderate risk and ask them for it once the patient is able to answer (do not delay the transfer "
        "for it)"
    ),
}


@pytest.mark.parametrize(
    "screen", [("phq9", PHQ9_ITEM_9), ("cssrs_screen", MODERATE), ("cssrs_screen", LOW)], ids=["PHQ-9", "mod", "low"]
)
@pytest.mark.parametrize(
    ("ratings", "today"),
    [({}, [("ciwa_ar", OLD_SEVERE_21)]), ({1: 4}, []), ({2: 4}, [])],
    ids=["CIWA-Ar 21 today", "d1 rated 4", "d2 rated 4"],
)
def test_2d_e_a_certain_transfer_asks_the_receiving_team_in_the_suicide_boxes(ratings, today, screen):
    r = _headline(ratings, today=[*today, screen])
    boxes = [f for f in r.flags if f.code in SUICIDE_BOXES]
    assert boxes, [f.code for f in r.flags]
    for f in boxes:
        if f.code in R13_S2:  # R13 S2's words (was: the box's step and IF_TRANSFERRED_ASK)
            assert f.action == R13_S2[f.code], f.action
            continue
        assert f.action.endswith(TOLD_LOW), f.action
        assert f.action.count("if transferred") == 1
    # the rating-below box that says the suicide step says it too
    for f in r.flags:
        if f.code == "rated_below_suggestion_d3" and "before the patient leaves" in f.action:
            # physician review R30b S9 (b): what is asked named (was: "ask them for it"); R32 S6: and the finding told
            # as the C-SSRS low box tells it (was: "ask the receiving team for a suicide risk assessment (...)")
            assert f"{TOLD_LOW}; record the reason" in f.action, f.action


def test_2d_e_no_transfer_no_handover_in_the_boxes():
    r = _headline({1: 3}, today=[("phq9", PHQ9_ITEM_9)])
    assert not any("if transferred" in f.action for f in r.flags)


# --- 2d (a), (b) (should-fix): the benzodiazepine notes --------------------------------------------------------------

OLD_MODERATE_13 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 0]  # moderate band (8-14), no complicated sign
INTOXICATION_SCREEN = (
    "screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check "
    "blood glucose; if intoxicated: no dose here (the patient must not drive today); otherwise "
)
# beside a C-SSRS high the screen asks about an overdose or ingestion first (physician review R16, session 15,
# should-fix S5, the reviewer's words); physician review R32 (a) (its four settings) and R34 S1: beside the emergency
# evaluation for suicide risk the intoxicated patient waits with staff, the screen and both withdrawals' scores
# repeated when it clears, or the receiving team told (was: "intoxicated: the patient must not drive today)")
SUICIDE_WAIT_SCORES = (
    "staff stay with the patient; repeat the screen and the scores when it clears, or tell the receiving team at "
    "handover; the patient must not drive today"
)
INTOXICATION_SCREEN_HIGH = (
    "ask about any overdose or ingestion today and screen for intoxication (breath alcohol above zero, or signs of "
    "sedative intoxication), give thiamine and check blood glucose; if an overdose or ingestion, or intoxicated: no "
    "dose here (an overdose or ingestion: call emergency services for the ED, staff with the patient until handover, "
    f"naloxone if signs of opioid overdose; intoxicated: {SUICIDE_WAIT_SCORES}); otherwise "
)
# R11 must-fix 2d (a) replaced the reviewer's R10 words ("while the patient is on site (if transferred: until
# handover)"), exactly
BENZODIAZEPINE_WAITS = (
    "; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until the "
    "evaluation or handover"
)
#: R21 S2: the sentence says the COWS dose's "after a first dose ... should not drive today" (R13 S5), so the note is
#: in its on-site form, the driving advice once a sentence (before: "..., and the patient must not drive")
BENZODIAZEPINE_NO_DRIVING = (
    "; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient "
    "is on site"
)
COWS_13_36_CLAUSE_END = (
    "arrange medically managed withdrawal or a higher level of care only for a complicating condition (medical or "
    "psychiatric instability, co-occurring alcohol or benzodiazepine withdrawal, pregnancy)"
)
#: The same beside an old moderate CIWA-Ar, physician review R28, M2's words (R27 M2's escalation, R27 M1's handover).
# R61 (h1's words for R60 Q3 (iii)): the complications no longer inside the escalation at 8 or more but in their own
# transfer now after it, with its decline clause and R62 S1's guarded first dose (was: "at a CIWA-Ar re-score of 8 or
# more (or, intoxicated or not, a seizure since the last score, ...) (alcohol withdrawal alongside): arrange ...; if
# transferred: ...")
AT_8 = (
    "at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside): arrange medically managed withdrawal or a "
    "higher level of care; "
)
AT_15 = (
    "intoxicated or not, at a CIWA-Ar re-score of 15 or more, or a seizure since the last score, or hallucinations, or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)...")
    "disorientation (item 10 at 2 or more): arrange transfer now by emergency services to medically managed "
    "withdrawal (ED, or 4-WM); staff "
    "with the patient until handover; "
)
TOLD_SCORES = (
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time"
)
R28_M2_CLAUSE_END = (
    f"{AT_8}{AT_15}if the patient declines transfer: the prescriber assesses and records capacity to decline (without "
    "capacity: transfer by emergency services; with capacity: record the advice given and the risks explained; "
    "arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and "
    "any supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening); if "
    "not intoxicated: a first dose before transfer only if it does not "
    f"delay the transfer; {TOLD_SCORES}"
)
#: R62 M3: beside a C-SSRS high the involuntary assessment; R63 MF2 (R62 S4), typed from the ruling: the same
#: trigger's one destination the emergency evaluation in an ED that can also manage withdrawal (the text still says
#: "arrange transfer now to medically managed withdrawal (ED, or 4-WM)": red until MF2 is built)
R28_M2_CLAUSE_END_HIGH = (
    AT_8
    + AT_15.replace(
        # R76 (was: "arrange transfer now to medically managed withdrawal (ED, or 4-WM)", "... (arrange transfer now)")
        "arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM)",
        "the emergency evaluation in an ED that can also manage withdrawal (arrange transfer now by emergency "
        "services)",
    )
    + "if the patient declines transfer or tries to leave: staff stay with the patient and call emergency services for "
    # R75 2 (was: "...(local involuntary-assessment procedure); if transferred: ...")
    "an emergency mental-health assessment (local involuntary-assessment procedure); the patient must not drive; "
    f"{TOLD_SCORES}"
)


@pytest.mark.parametrize("cows", [COWS_19, COWS_30], ids=["COWS 19", "COWS 30"])
def test_2d_a_old_severe_cows_and_c_ssrs_high_screen_and_monitor(cows):
    first = _first(_headline(old=[("ciwa_ar", OLD_SEVERE_21)], today=[("cows", cows), ("cssrs_screen", HIGH)]))
    # physician review R24b 3 (supersedes this test's second screen and "only for a complicating condition"): one
    # screen before any dose, then "if none of these and below 8: a prescriber's review now ..."
    assert f"before any dose: {INTOXICATION_SCREEN_HIGH.removesuffix('otherwise ')}" in first, first
    assert "if none of these and below 8: a prescriber's review now, while the patient waits for the suicide" in first
    # R39 C9: the plan as the evaluation decides is Level 1: the reviewer's going-home sentence after the monitoring
    # (R39 C10: the old CIWA-Ar's re-score after a dose before it)
    assert f"goes to the same emergency evaluation{BENZODIAZEPINE_WAITS}; {RESCORE_AFTER_DOSE}; {C9_HOME} (" in first


def test_2d_a_above_36_the_same_screen_and_note():
    # not in the reviewer's words (which name the review at 13-36): the same rule for the treatment above 36
    first = _first(_headline(old=[("ciwa_ar", OLD_SEVERE_21)], today=[("cows", COWS_48), ("cssrs_screen", HIGH)]))
    # R67 F1 (was: INTOXICATION_SCREEN_HIGH, "if an overdose or ingestion, or intoxicated: no dose here (an overdose or
    # ingestion: ...; intoxicated: ...)"): the same screen as the old severe re-score's, which now holds any dose in
    # delirium, merged with the overdose's hold (R65 F1; R60 Q2 (a)'s words)
    screen = (
        "ask about any overdose or ingestion today and screen for intoxication (breath alcohol above zero, or signs of "
        "sedative intoxication), give thiamine and check blood glucose; if delirium, or an overdose or ingestion: no "
        "dose here; call emergency services for the ED; staff with the patient until handover (naloxone if signs of "
        f"opioid overdose); if intoxicated: no dose now ({SUICIDE_WAIT_SCORES}); otherwise "
    )
    assert first.count(screen) == 2, first  # the re-score's and the treatment's, the same (R16 S11: "that screen")
    assert f"; {screen}a prescriber treats withdrawal now, while the patient waits" in first, first
    # R39 C9: the plan as the evaluation decides is Level 1: the reviewer's going-home sentence after the monitoring
    # (R39 C10: the old CIWA-Ar's re-score after a dose before it)
    assert f"goes to the same emergency evaluation{BENZODIAZEPINE_WAITS}; {RESCORE_AFTER_DOSE}; {C9_HOME} (" in first


@pytest.mark.parametrize("d1", [0, 1, 2, 3])
@pytest.mark.parametrize("cows", [COWS_19, COWS_30], ids=["COWS 19", "COWS 30"])
def test_2d_b_old_moderate_ciwa_ar_and_a_cows_monitor_a_benzodiazepine(cows, d1):
    first = _first(_headline({1: d1}, old=[("ciwa_ar", OLD_MODERATE_13)], today=[("cows", cows)]))
    # physician review R28, M2: the COWS clause ends with the escalation as the CIWA-Ar re-score decides it, told if
    # transferred (R27 M1), the note after it as before (was COWS_13_36_CLAUSE_END)
    # R63 SF2: the CIWA-Ar 15+ transfer (with its decline clause and guarded first dose) right after the hold, before
    # the plain treatment, now guarded; the escalation at 8 or more and the handover stay at the COWS clause's end
    # (was: f"{R28_M2_CLAUSE_END}{BENZODIAZEPINE_NO_DRIVING}", the transfer after "re-score the COWS 1-2 hours after
    # dosing")
    transfer = (
        f"follow local policy); {AT_15}if the patient declines transfer: the prescriber assesses and records capacity "
        "to decline (without capacity: transfer by emergency services; with capacity: record the advice given and the "
        "risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; "
        "tell the patient and any supportive person to call emergency services for a seizure, confusion, "
        # R73 1a (was: "...any worsening); if not intoxicated")
        "hallucinations or any worsening); the patient must not drive; if not intoxicated: a first dose before "
        "transfer only if it does not delay the transfer; otherwise, if not intoxicated: treat on the current score; "
        "a prescriber's review before the patient leaves: treat withdrawal as the prescriber decides, "
    )
    assert transfer in first, first
    assert f"{AT_8}{TOLD_SCORES}{BENZODIAZEPINE_NO_DRIVING}" in first, first
    assert first.index(transfer) < first.index("re-score the COWS 1-2 hours after dosing"), first
    assert first.count(AT_15) == 1, first
    assert first.count("monitor sedation and breathing") == 1


def test_2d_b_above_36_the_note_after_the_cows_clause():
    first = _first(_headline(old=[("ciwa_ar", OLD_MODERATE_13)], today=[("cows", COWS_48)]))
    # (R13 must-fix M3: the CIWA-Ar re-score now comes first, so the COWS clause ends the steps)
    # R25b (driving): the branch "Otherwise" (a re-score below 8) gives no benzodiazepine: no note of one (before:
    # f"only for a complicating condition (listed on the COWS flag){BENZODIAZEPINE_NO_DRIVING}")
    otherwise = first.split(" Otherwise, if not intoxicated, ", 1)[1]  # R62 M1: its own guard (was: " Otherwise ")
    assert "only for a complicating condition (listed on the COWS flag)" in otherwise, first
    # R52 2: the dose before the patient leaves says the sedation watch on site and every dose's driving clause after
    # the COWS re-score (was: "if a benzodiazepine is given" not in otherwise), never after the complicating condition
    assert (
        "re-score the COWS after dosing; if a benzodiazepine is given with buprenorphine or methadone: monitor "
        "sedation and breathing while the patient is on site; if any dose is given (a benzodiazepine, buprenorphine or "
        "methadone): the patient must not drive today; emergency evaluation only for a complicating condition"
    ) in otherwise, first
    assert otherwise.count("if a benzodiazepine is given") == 1, first


# --- 2d (c) (should-fix): a blank PHQ-9 item 9 beside an old complicated or severe lead ----------------------------

PHQ9_BLANK = [1] * 8 + [None]
# R32 S7/S8: the blank item told as today's, its request named as a positive item 9's (was: "that PHQ-9 item 9 was not
# asked; do not delay the transfer for it)")
#: R39 C10, the physician's words: the driving clause, the CIWA-Ar's re-score after a dose, going home (case 170's).
C10_IF_DOSED = "if a dose is given: the patient must not drive today"
RESCORE_AFTER_DOSE = "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit"
HOME_ALCOHOL = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused, walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a "
    "supportive person to stay overnight (and, if the patient also uses opioids, with naloxone in hand and the "
    "supportive person shown how to use it), and the patient and the supportive person told not to add alcohol or "
    "other sedatives"
    # R32 S3/S4 with R39 C10: the plain going-home sentence ends with S4's words
    # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
    "; otherwise the patient stays on site until these conditions are met, or a higher level of care is arranged"
)
BLANK_HEADLINE = (
    "then ask the blank suicide-risk question, and if it is endorsed a same-day suicide risk assessment before the "
    # R67 F1 (was: "the last CIWA-Ar score and any dose with its time"): the old severe re-score screens for delirium
    # (R65 F1), so the handover tells the screen (R64 S3, R65 F2)
    "patient leaves (if transferred: at handover tell the receiving team the last CIWA-Ar score, the delirium screen "
    "and any dose with its time, that today's PHQ-9 item 9 was not asked, and ask them for a suicide risk assessment "
    "once the patient is able to answer; do not delay the transfer for it)"
)
# R32 S7/S8: the blank item's box tells it "not asked" and names the request (was: IF_TRANSFERRED_ASK)
# R51: "once the patient is able to answer", as the headline (BLANK_HEADLINE) asks it
BLANK_TOLD_ASK = (
    "; if transferred: at handover tell the receiving team that today's PHQ-9 item 9 was not asked, and ask them for "
    "a suicide risk assessment once the patient is able to answer (do not delay the transfer for it)"
)


def _with_blank(ratings=None, old=(), today=()):
    """:func:`_headline` with a blank item kept blank (its worst answer assumed until asked)."""
    ratings = {**ROUTINE, **(ratings or {})}

    def scored(i, a):
        try:
            return iopkit.score(i, a)
        except iopkit.errors.IncompleteResponseError as e:
            return e

    scores = [scored(i, a) for i, a in old] + [scored(i, a) for i, a in today]
    scored_on = {i: OLD for i, _ in old} | {i: PLACED for i, _ in today}
    return recommend(ratings, suggested=suggest_dimensions(scores, scored_on=scored_on, today=PLACED))


def test_2d_c_the_blank_question_beside_the_old_severe_lead_is_told_at_handover():
    r = _with_blank(old=[("ciwa_ar", OLD_SEVERE_21)], today=[("phq9", PHQ9_BLANK)])
    first = _first(r)
    # R39 C10: the plan is ambulatory: the driving clause and the re-score after the old score's dose clause, going
    # home after the blank question
    assert (
        f"treat on the current score; {C10_IF_DOSED}; {RESCORE_AFTER_DOSE}; {BLANK_HEADLINE}; {HOME_ALCOHOL} (" in first
    )


@pytest.mark.parametrize(
    "old", [OLD_SEVERE_21, OLD_DISORIENTED_26, OLD_HALLUCINATING], ids=["old severe", "old 26", "old 10 halluc"]
)
def test_2d_c_the_blank_question_s_box_ends_with_n6_s_suffix(old):
    r = _with_blank(old=[("ciwa_ar", old)], today=[("phq9", PHQ9_BLANK)])
    blank = [f for f in r.flags if f.code == "suicidal_ideation"]
    assert blank and all(f.worst_case for f in blank)
    for f in blank:
        assert f.action.startswith("Ask item 9 now"), f.action
        assert f.action.endswith(BLANK_TOLD_ASK), f.action  # R32 S7/S8: was IF_TRANSFERRED_ASK, nothing named


def test_2d_c_no_transfer_no_handover_for_the_blank_question():
    r = _with_blank(old=[("ciwa_ar", OLD_MODERATE_13)], today=[("phq9", PHQ9_BLANK)])
    assert "if transferred" not in r.headline
    # R60 Q2 (a) and (b): the old moderate CIWA-Ar's re-score now ends in a transfer at 15 or more (a conditional
    # transfer), so the blank item 9's box (its worst case, a positive item 9) says Q2 (b)'s handover (was: no "if
    # transferred" in any box)
    told = (
        "; if transferred before it is done: at handover tell the receiving team that today's PHQ-9 item 9 was not "
        "asked, and ask them for a suicide risk assessment with safety planning, without delaying the transfer"
    )
    assert [f.code for f in r.flags if "if transferred" in f.action] == ["suicidal_ideation"]
    assert all(f.action.endswith(told) for f in r.flags if f.code == "suicidal_ideation")


# --- 2d (d) (should-fix, in part): the buprenorphine induction threshold's box beside a screen before any dose ------

# R42 item 5 (R31 S6; R46 Q6's words): what the screen must find, not "allows it" (was "... once the first step's
# screen before any dose allows it; re-score the COWS after dosing")
FIRST_DOSE_AFTER_SCREEN = (
    "If starting buprenorphine by standard induction, the first dose may be given once the first step's screen before "
    "any dose finds no intoxication; re-score the COWS after dosing"
)
# R42 item 5: beside an old complicated CIWA-Ar's re-score and delirium screen (CAM or 4AT), delirium first
# R47 S1: the delirium screen is the first step's re-score's, not its screen before any dose (was "once the first
# step's screen before any dose finds no delirium and no intoxication")
FIRST_DOSE_AFTER_DELIRIUM_SCREEN = (
    "If starting buprenorphine by standard induction, the first dose may be given once the first step's delirium "
    "screen finds no delirium and its screen before any dose finds no intoxication; re-score the COWS after dosing"
)
# physician review R31 M5: a box that may give a dose says its driving advice (before: none), after its steps and
# before its note on fentanyl-era protocols; the box gives only buprenorphine, so no benzodiazepine is named even
# beside an old CIWA-Ar (R22 S1)
IF_DOSED = "; if a dose is given: the patient must not drive today. "
# R50 S2: beside both withdrawals (an old CIWA-Ar treated, today's COWS), the headline's sedation watch right before it
WATCHED_IF_DOSED = (
    "; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient "
    "is on site (if transferred: until handover); if a dose is given: the patient must not drive today. "
)


def _threshold(r):
    (box,) = [f for f in r.flags if f.code == "buprenorphine_induction_threshold"]
    return box.action


@pytest.mark.parametrize(
    ("old", "today", "want"),
    [
        # R67 F1 (was: FIRST_DOSE_AFTER_SCREEN): the old severe re-score screens for delirium too (R65 F1), so the box
        # waits for the first step's delirium screen, as beside the old complicated lead (R47 S1's words)
        ([("ciwa_ar", OLD_SEVERE_21)], [("cows", COWS_19)], FIRST_DOSE_AFTER_DELIRIUM_SCREEN),
        ([("ciwa_ar", OLD_SEVERE_21)], [("cows", COWS_48)], FIRST_DOSE_AFTER_DELIRIUM_SCREEN),
        # R42 item 5: the old complicated lead's delirium screen (CAM or 4AT) comes before any dose
        ([("ciwa_ar", OLD_DISORIENTED_26)], [("cows", COWS_30)], FIRST_DOSE_AFTER_DELIRIUM_SCREEN),
        ([("ciwa_ar", OLD_HALLUCINATING)], [("cows", COWS_48)], FIRST_DOSE_AFTER_DELIRIUM_SCREEN),
    ],
    ids=["old severe + COWS 19", "old severe + COWS 48", "old 26 + COWS 30", "old halluc + COWS 48"],
)
def test_2d_d_the_threshold_box_waits_for_the_first_step_s_screen(old, today, want):
    # imported here: that module imports this one (through random_placements)
    from .test_placement_review_r70_d3 import standard_induction_said

    r = _headline(old=old, today=today)
    # R71 should-fix 1, R72 must-fix (was: "If starting buprenorphine by standard induction, the first dose may be given
    # once the first step's <screens>; re-score ..."): beside a first step that transfers on the CIWA-Ar re-score's
    # findings, the box says that transfer first, its first dose before transfer after the same screens
    opening = "If starting buprenorphine by standard induction, the first dose may be given once the first step's "
    screens = want.removeprefix(opening).removesuffix("; re-score the COWS after dosing")
    assert want == f"{opening}{screens}; re-score the COWS after dosing"
    want = f"{standard_induction_said(screens)}re-score the COWS after dosing"
    assert "before any dose:" in r.headline
    # R69 Q2 handover (was: without "if transferred: at handover tell ...")
    handed_over = (
        "; if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen "
        "and any dose with its time"
    )
    assert _threshold(r).startswith(want + handed_over + WATCHED_IF_DOSED), _threshold(r)  # R50 S2
    assert "may be given now" not in _threshold(r)


def test_2d_d_a_cows_19_headline_now_screens_so_the_threshold_box_defers_to_it():
    # physician review R13, should-fix S4: every COWS dose of the headline follows the intoxication screen, so the
    # box's "may be given now" (R10 2d (d): only where the headline has no screen) defers to it here too
    r = _headline(today=[("cows", COWS_19)])
    assert "before any dose:" in r.headline
    assert _threshold(r).startswith(FIRST_DOSE_AFTER_SCREEN + IF_DOSED), _threshold(r)


BENZODIAZEPINE_UNTIL_EVALUATION = (
    "; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until the "
    "evaluation or handover"
)


@pytest.mark.parametrize(
    ("cows", "clause_end"),
    [
        # physician review R28, M2 (was COWS_13_36_CLAUSE_END); R32 M1: beside the C-SSRS high the handover tells it
        # and whether the emergency evaluation was completed (was: the scores and any dose alone)
        (
            COWS_19,
            R28_M2_CLAUSE_END_HIGH
            + ", that today's C-SSRS screen was high risk, and whether the emergency evaluation for "
            "suicide risk was completed here (if so, its findings); safety precautions, staff with the patient, until "
            "handover",
        ),
        # R13 must-fix M3, the reviewer's words: never "goes to the same emergency evaluation" here
        (
            COWS_48,
            "a complicating condition listed on the COWS flag: emergency evaluation for suicide risk and emergency "
            # R22 M2: the C-SSRS high told after the conditional transfer, if transferred
            "medical evaluation in one setting that can manage both: arrange transfer now (ED) " + M2_TOLD_TODAY,
        ),
    ],
    ids=["COWS 19", "COWS 48"],
)
def test_2d_b_old_moderate_beside_a_c_ssrs_high_today_s_words_there(cows, clause_end):
    # "add today's words after the COWS clause": beside the suicide evaluation today's are "until the evaluation or
    # handover", with "the patient must not drive" said first (as for today's CIWA-Ar of 13 with the same COWS)
    first = _first(_headline(old=[("ciwa_ar", OLD_MODERATE_13)], today=[("cows", cows), ("cssrs_screen", HIGH)]))
    assert f"{clause_end}{BENZODIAZEPINE_UNTIL_EVALUATION}" in first, first
    assert "; the patient must not drive; and " in first
    assert "while the patient is on site" not in first and "before the patient leaves" not in first


# --- 2d (d) (should-fix): the COWS box beside these transfers says the headline's clause ---------------------------
# The headline's clause as R10 landed it (R11 must-fix N8: "the headline keeps its words").
HEADLINE_13_36 = (
    "Before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose here (the patient must not drive today); otherwise a "
    "prescriber's review (if transferred: "
    "a first dose before transfer only if it does not delay the transfer; if not: before the patient leaves): treat "
    "withdrawal as the prescriber decides, with buprenorphine, or methadone as the COWS flag says; re-score the COWS "
    # R26a S2: the escalation follows the old CIWA-Ar's re-score (was "arrange medically managed withdrawal or a higher
    # level of care: co-occurring alcohol withdrawal (CIWA-Ar of 20 Nov 2026, not re-scored today)")
    # R27 M2: "at a CIWA-Ar re-score" (was "at a re-score", read as the COWS re-score)
    "1-2 hours after dosing; at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside): arrange medically "
    "managed withdrawal or a higher level of care; if a benzodiazepine is given with buprenorphine or "
    "methadone: monitor sedation and breathing while the patient is on site (if transferred: until handover), and the "
    "patient must not drive"
)
HEADLINE_ABOVE_36 = (
    "Before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose here (the patient must not drive today); otherwise a "
    "prescriber treats withdrawal (if "
    "transferred: a first dose before transfer only if it does not delay the transfer; if not: before the patient "
    "leaves): buprenorphine, or methadone as the COWS flag says; re-score the COWS after dosing; a complicating "
    # R27 M2's ruling as applied in session 22: "a CIWA-Ar re-score" after the COWS's re-score (was "(a re-score of 8")
    "condition listed on the COWS flag, alcohol withdrawal alongside among them (a CIWA-Ar re-score of 8 or more): "
    "arrange the same transfer now; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and "
    "breathing while the patient is on site (if transferred: until handover), and the patient must not drive"
)
# The boxes say it with R11 must-fix N8's words (i)-(iii) in place of what points to the COWS flag (the 72-hour rule
# and the complicating conditions in full): typed from r11.md.
BOX_13_36 = (
    "Before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose here (the patient must not drive today); otherwise a "
    "prescriber's review (if transferred: "
    # physician review R26b, should-fix S9: the last scores and any dose told at handover, in the box too
    "a first dose before transfer only if it does not delay the transfer; at handover tell the receiving team the "
    "last CIWA-Ar and COWS scores and any dose with its time; if not: before the patient leaves): treat "
    "withdrawal as the prescriber decides, with buprenorphine, or methadone only in an opioid treatment programme or "
    "under the 72-hour rule (given or dispensed on site, at most a 3-day supply while referral is arranged, not "
    "renewed or extended; never prescribed); re-score the COWS 1-2 hours after dosing; "
    # physician review R27 M2: the box says the escalation as the CIWA-Ar re-score decides, as the headline does
    # (before: "arrange medically managed withdrawal or a higher level of care: co-occurring alcohol withdrawal
    # (CIWA-Ar of 20 Nov 2026, not re-scored today), or another complicating condition (...)")
    "at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside), or another complicating condition (medical or "
    "psychiatric instability, benzodiazepine withdrawal, pregnancy): arrange medically managed withdrawal or a higher "
    "level of care; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while "
    # R25b (driving): any dose keeps the patient from driving today, not the benzodiazepine alone (before: "(if
    # transferred: until handover), and the patient must not drive")
    "the patient is on site (if transferred: until handover); if any dose is given (a benzodiazepine, buprenorphine or "
    "methadone): the patient must not drive today"
)
BOX_ABOVE_36 = (
    "Before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose here (the patient must not drive today); otherwise a "
    "prescriber treats withdrawal (if "
    # physician review R26b, should-fix S9: the last scores and any dose told at handover, in the box too
    "transferred: a first dose before transfer only if it does not delay the transfer; at handover tell the receiving "
    "team the last CIWA-Ar and COWS scores and any dose with its time; if not: before the patient "
    "leaves): buprenorphine, or methadone only in an opioid treatment programme or under the 72-hour rule (given or "
    "dispensed on site, at most a 3-day supply while referral is arranged, not renewed or extended; never "
    "prescribed); re-score the COWS after dosing; a complicating condition (vomiting or diarrhoea with fluids not kept "
    "down, unstable vital signs, other medical or psychiatric instability, pregnancy, alcohol withdrawal alongside (a "
    # R27 M2's ruling as applied in session 22: "a CIWA-Ar re-score" (was "(a re-score of 8 or more)")
    "CIWA-Ar re-score of 8 or more) or benzodiazepine withdrawal alongside, precipitated withdrawal that does not "
    # R48 item 2 (lower priority): staff with the patient until handover straight after the transfer
    # R76b B3 (was: "delirium): arrange transfer now (ED, or 4-WM); staff ...")
    "settle, delirium): arrange transfer now (ED, or 4-WM; by emergency services if delirium); staff with the patient "
    "until handover; "
    "if a benzodiazepine is given with buprenorphine or "
    # R25b (driving): any dose keeps the patient from driving today, not the benzodiazepine alone (before: "(if
    # transferred: until handover), and the patient must not drive")
    "methadone: monitor sedation and breathing while the patient is on site (if transferred: until handover); if any "
    "dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
)
COWS_CODES = {"moderate_opioid_withdrawal", "moderately_severe_opioid_withdrawal", "severe_opioid_withdrawal"}
#: The boxes' screen beside the transfer (the headline's clause) and, beside an old complicated CIWA-Ar, physician
#: review R16 (session 15), must-fix M1's opening in its place (its words: the box read alone never lets a dose come
#: before the first step's re-score and delirium screen).
SCREEN_13_36 = (
    "Before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose here (the patient must not drive today); otherwise "
)
R16_M1_OPENING = (
    "After the first step's CIWA-Ar re-score and delirium screen (CAM or 4AT), before any dose: screen for "
    "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
    "glucose; if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: the "
    "patient must not drive today); otherwise "
)

#: Physician review R17b (session 15), must-fix M2, "Want" for an old severe CIWA-Ar, its words.
R17B_M2_OPENING = "After the first step's CIWA-Ar re-score (last 21 on 20 Nov 2026, severe), before any dose: "
#: R67 F1 (a) (was: R17B_M2_OPENING): the first step's re-score screens for delirium (R65 F1), so the box names the
#: screen (R24b 3's box words) and holds any dose in delirium after its screen, in the first step's words.
R67_F1_OPENING = (
    "After the first step's CIWA-Ar re-score and delirium screen (CAM or 4AT) (last 21 on 20 Nov 2026, severe), before "
    "any dose: "
)
R67_F1_HOLD = (
    "give thiamine and check blood glucose; if delirium: no dose here; call emergency services for the ED; staff with "
    "the patient until handover; "
)


def _lower(text):
    return text[:1].lower() + text[1:]


@pytest.mark.parametrize(
    "old", [OLD_SEVERE_21, OLD_DISORIENTED_26, OLD_HALLUCINATING], ids=["old severe", "old 26", "old 10 halluc"]
)
@pytest.mark.parametrize(
    ("cows", "want", "headline"),
    [(COWS_19, BOX_13_36, HEADLINE_13_36), (COWS_48, BOX_ABOVE_36, HEADLINE_ABOVE_36)],
    ids=["COWS 19", "COWS 48"],
)
def test_2d_d_the_cows_box_beside_the_transfer_says_the_headline_s_clause(old, cows, want, headline):
    # imported here: that module imports this one (through random_placements)
    from .test_placement_review_r70_d3 import FINDINGS

    r = _headline(old=[("ciwa_ar", old)], today=[("cows", cows)])
    (box,) = [f for f in r.flags if f.code in COWS_CODES]
    if old is not OLD_SEVERE_21:  # an old complicated CIWA-Ar: R16-M1's opening
        assert want.startswith(SCREEN_13_36)
        want = R16_M1_OPENING + want.removeprefix(SCREEN_13_36)
        # physician review R26b, should-fix S9 with M1 (c): after the first step's re-score, as the headline tells it
        want = want.replace(
            "the last CIWA-Ar and COWS scores and any dose",
            "the CIWA-Ar re-score, the delirium screen, the last COWS score and any dose",
        )
    joined = want
    if old is OLD_SEVERE_21:  # physician review R17b (session 15), must-fix M2: its words supersede the box's opening
        # R67 F1 (a) (was: R17B_M2_OPENING + want, no screen named, no hold for delirium, "the last CIWA-Ar and COWS
        # scores and any dose"): the opening names the first step's delirium screen, the screen holds any dose in
        # delirium, and the handover tells the screen (R64 S3, R65 F2)
        want = R67_F1_OPENING + want.removeprefix("Before any dose: ").replace(
            "give thiamine and check blood glucose; ", R67_F1_HOLD, 1
        ).replace(
            "the last CIWA-Ar and COWS scores and any dose",
            "the last CIWA-Ar and COWS scores, the delirium screen and any dose",
        )
    # R70 D3, R71 must-fix 1 (was: "After the first step's CIWA-Ar re-score and delirium screen (CAM or 4AT)[ (last 21
    # on 20 Nov 2026, severe)], before any dose: ..."): the box says what the CIWA-Ar re-score's findings call for
    opening = R67_F1_OPENING if old is OLD_SEVERE_21 else R16_M1_OPENING.split(", before any dose: ")[0]
    assert want.startswith(opening.removesuffix(", before any dose: ") + ", before any dose: ")
    want = want.replace(", before any dose: ", ": " + FINDINGS, 1)
    # physician review R32 (a) (its four settings), R33 S1, R34 S1: the hold of a dose given "if transferred: ...; if
    # not: ..." says both branches, "the scores" beside the CIWA-Ar and the COWS (r32a, the typed words)
    assert box.action == r32a(want), box.action
    want = joined  # the rated-below box's COWS part: R17b-M2 there not done in this round (said in the report)
    # the headline's clause from "before any dose:" to "the patient must not drive", in the headline's words (R11 N8);
    # physician review R16 (session 15), should-fix S11: the lead says "the patient must not drive" already, so the
    # benzodiazepine's note drops it, and beside the old severe lead (whose transfer says the same screen) the clause
    # reads "after the re-score and that screen, " for the screen said again (the reviewer's words)
    said = _lower(headline).removesuffix(", and the patient must not drive")
    # R21 S5: the plan offers ambulatory WM after the conditional transfer: how the patient given a dose on site goes
    # home, at the end of the dose's sentence
    home = (
        # R46 Q5: an old CIWA-Ar re-scored, the going-home clause's CIWA-Ar condition: its re-score after a dose, right
        # before it
        "; re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit"
        # R26a S1 as ruled in session 22: the going-home clause re-typed in observable words (POSS levels
        # 1-2; naloxone in hand, the supportive person shown how to use it)
        "; after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
        "roused"
        # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused, with naloxone")
        # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
        ", walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, and has a COWS "
        "re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with a "
        "supportive person to stay overnight"
        ", with naloxone in hand and the supportive person shown how to use it, and "
        # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
        "the patient and the supportive person told not to add alcohol or other sedatives; otherwise the patient "
        "stays on site until these conditions are met, or a higher level of care is arranged"
    )
    if old is not OLD_SEVERE_21:  # R23a finding 2: the step's one handover after its first dose before the transfer
        # R26b M1 (c): an old complicated CIWA-Ar re-scored: the re-score, the delirium screen, the last COWS score
        said = said.replace(
            "delay the transfer; if not:",
            "delay the transfer; at handover tell the receiving team the CIWA-Ar re-score, the delirium screen, the "
            "last COWS score and any dose with its time; if not:",
        )
    if old is OLD_SEVERE_21:
        # R26a M1: the going-home branch's driving words, once, just before the going-home clause (the transfer branch
        # keeps its own "the patient must not drive")
        driving = (
            "; if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
        )
        # R47 (for the lead): the prescriber's step on that screen's finding (was "that screen, a prescriber")
        # R68 M1 (was: "; after the re-score and that screen, if it finds no intoxication, "): F1's delirium screen too
        that = "; after the re-score and these screens, if they find no delirium and no intoxication, "
        assert f"{that}{said.split('; otherwise ', 1)[1]}{driving}{home} (" in r.headline, r.headline
    else:
        # R42 item 7 (R30b S8): the old complicated CIWA-Ar's re-score "treat on the current score (...)" said after
        # the screen it depends on (was before "after the re-score and the screen, before any dose: ...")
        treat = "treat on the current score (a first dose before transfer only if it does not delay the transfer)"
        assert f"; {treat}; after the re-score and the screen, " not in r.headline, r.headline
        # R47 M1: the prescriber's step joined into the screen's otherwise, after the delirium screen finds none
        said = said.replace(
            "; otherwise a prescriber",
            f"; otherwise {treat}, and, if the delirium screen finds no delirium, a prescriber",
            1,
        )
        # physician review R32 (a) (its four settings), R33 S1, R34 S1: the hold in the headline's clause says both
        # branches of the conditional transfer, "the scores" beside both withdrawals (r32a, the typed words)
        # R57 M2: after the delirium screen the hold bars a dose in delirium too (was: "if intoxicated: no dose now (")
        held = r32a(f", {said}{home} (", r.headline).replace(
            "if intoxicated: no dose now (",
            "if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: ",
            1,
        )
        assert held in r.headline, r.headline
    (below,) = [f for f in r.flags if f.code == "rated_below_suggestion_d1"]
    # its COWS part, where it says one (not beside the old complicated lead at 13-36); read by its re-score, as the
    # alcohol part's handover names the last COWS score too (physician review R26b, should-fix S9)
    if "re-score the COWS" in below.action:
        if old is OLD_SEVERE_21:
            # physician review R22 (session 19), must-fix M1 (changed from R18 S2's one screen): the alcohol part's
            # screen stands inside its "if still 15 or more, ... arrange transfer now" branch, so the COWS part keeps
            # its own screen (its dose is given "if not: before the patient leaves"), the same words
            assert below.action.lower().count("before any dose:") == 2, below.action
            assert kept_apart(below.action), below.action
            # R67 F1 (was: joined, its screen without the hold): the COWS part's screen the same as the alcohol
            # part's (R22 M1: each the union), which now holds any dose in delirium (R65 F1)
            want = want.replace("give thiamine and check blood glucose; ", R67_F1_HOLD, 1)
        # physician review R26b, should-fix S9: one handover clause a box, the joined box's first (its alcohol part's,
        # naming both scores), so its COWS part says none of its own
        for told in (
            "the last CIWA-Ar and COWS scores",
            "the CIWA-Ar re-score, the delirium screen, the last COWS score",
        ):
            want = want.replace(f"; at handover tell the receiving team {told} and any dose with its time", "")
        # physician review R32 (a) (its four settings), R33 S1, R34 S1: each hold of the joined box in its setting
        assert r32a(f"; {_lower(want)}; record the reason for the lower rating", below.action) in below.action, (
            below.action
        )
        assert below.action.count("at handover tell the receiving team") == 1, below.action
    assert "before the patient leaves:" not in box.action + below.action
    assert "only for a complicating condition" not in box.action + below.action


def test_2d_d_without_the_transfer_the_cows_box_is_as_it_was():
    r = _headline(old=[("ciwa_ar", OLD_MODERATE_13)], today=[("cows", COWS_19)])
    (box,) = [f for f in r.flags if f.code in COWS_CODES]
    # physician review R17b (session 15), must-fix M2, its words: the box re-scores the old CIWA-Ar first; physician
    # review R28, M2: its branch at 8 or more said as the escalation the re-score decides (was "Re-score the CIWA-Ar
    # first, before any dose (last 13 on 20 Nov 2026): at 8 or more, ...; otherwise prescriber's review ...")
    assert box.action.startswith("Re-score the CIWA-Ar first (last 13 on 20 Nov 2026); ")
    assert "; prescriber's review before the patient leaves: " in box.action
