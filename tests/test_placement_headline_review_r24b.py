"""Physician review R24b (session 21, /work/reviews/r24b.md): its ruling on an old severe CIWA-Ar beside today's COWS of
13-36 and a C-SSRS high (finding 3, must-fix) and on the reverted R23b A3 (finding 2, should-fix). The reviewer's words
typed as the oracle (never computed by iopkit); quoted words that wrap in the review are joined with one space.

Sources the reviewer names: ASAM Alcohol Withdrawal Management Guideline 2020 (CIWA-Ar 19 or more severe;
hallucinations, disorientation, seizures and delirium call for inpatient or emergency care; thiamine; CIWA-Ar
re-assessment); ASAM Criteria 2013 (concurrent withdrawals; dimension 1 with dimension 3); ASAM National Practice
Guideline for OUD 2020 (ED buprenorphine; COWS-guided first dose; pregnancy); Posner et al. 2011; Joint Commission
NPSG 15.01.01; FDA Drug Safety Communication 20 Sep 2017.

Cases built as the reviewer built them (old = 20 Nov 2026, today = 02 Dec 2026, ratings ROUTINE).
"""

from __future__ import annotations

import pytest

import iopkit
from iopkit.placement import Recommendation, recommend, suggest_dimensions
from iopkit.placement.steps import first_sentence
from tests.evaluation_home_words import C9_HOME
from tests.intoxication_screens import r32a
from tests.test_placement_headline_review_r7_old_scores import OLD, PLACED, ROUTINE, recommended
from tests.test_placement_headline_review_r18_oldciwa import CIWAS, COWSES, _case
from tests.test_placement_headline_review_r19_n2 import CIWA_MOD13_I1, COWS_48
from tests.test_placement_headline_review_r23b import B1_CASES
from tests.test_placement_physician_cases import CSSRS_HIGH

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

# --- 3 (must-fix): old CIWA-Ar 21 + today's COWS 19 (or 30) + C-SSRS high -----------------------------------------
#: The first step, "from 'and re-score the CIWA-Ar now' to the reasons' '('", the reviewer's exact words.
R24B_3_STEP = (
    "and re-score the CIWA-Ar now and screen for delirium (CAM or 4AT) (last 21 on 20 Nov 2026, severe): ask what "
    "happened since (a seizure, confusion, a hospital visit, the last drink); before any dose: ask about any overdose "
    "or ingestion today and screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), "
    "give thiamine and check blood glucose; if an overdose or ingestion, or intoxicated: no dose here (an overdose or "
    "ingestion: call emergency services for the ED, staff with the patient until handover, naloxone if signs of "
    "opioid overdose; intoxicated: the patient must not drive today); if delirium: no "  # R59 1
    "dose here; call emergency services for the ED; staff with the patient until handover; if a "
    "seizure since the last score, hallucinations, disorientation (item 10 at 2 or more) or a total of 15 "
    "or more: emergency evaluation for suicide risk and emergency medical evaluation in one setting that can manage "
    # R76 (was: "...that can manage both: arrange transfer now (ED) (if transferred: ...")
    "both: arrange transfer now by emergency services (ED) (if transferred: at handover tell the receiving team the "
    "last CIWA-Ar and COWS "
    # R23a finding 2: the ruling's words, re-typed
    # R64 S3 (was: "scores and any dose with its time"): the step screens for delirium with its re-score
    "scores, the delirium screen and any dose with its time, that today's C-SSRS screen "
    "was high risk, and whether the emergency evaluation for suicide risk was completed here (if so, its findings); "
    "safety precautions until handover; do not delay the transfer for it); a first dose before transfer only if it "
    "does not delay the transfer; re-assess for seizures or delirium until handover; if none of these and 8 or more: "
    "alcohol withdrawal alongside: arrange medically managed withdrawal or a higher level of care, through the same "
    "emergency evaluation, and treat on the current score; if none of these and below 8: a prescriber's review now, "
    "while the patient waits for the suicide evaluation: treat withdrawal as the prescriber decides, with "
    "buprenorphine, or methadone as the COWS flag says; re-score the COWS 1-2 hours after dosing; another "
    "complicating condition (medical instability, benzodiazepine withdrawal, pregnancy) goes to the same emergency "
    "evaluation; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until "
    # R39 C9: the plan as the evaluation decides is ambulatory: the reviewer's going-home sentence after the monitoring
    # R39 C10: the old CIWA-Ar's re-score after a dose before it
    "the evaluation or handover; re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; "
    f"{C9_HOME} ("
)
#: The alcohol boxes' re-score, the reviewer's words ("becomes ...").
R24B_3_BOX = (
    "Re-score the CIWA-Ar now and screen for delirium (CAM or 4AT) (last 21 on 20 Nov 2026, severe): ask what "
    "happened since (a seizure, confusion, a hospital visit, the last drink); if delirium: no dose here; "  # R59 1
    "call emergency services for the ED; staff with the patient until handover; if a seizure since the last "
    "score, hallucinations, disorientation (item 10 at "
    "2 or more) or a total of 15 or more, arrange transfer now"
)
# R47 (b5 Q3): the re-score's delirium screen and the screen before any dose, each with what it finds, r47's words
# (was "once the CIWA-Ar re-score and the first step's screen before any dose allow it")
R24B_3_THRESHOLD = (
    "once the first step's CIWA-Ar re-score and delirium screen find no delirium and its screen before any dose finds "
    "no overdose or ingestion and no intoxication"
)
#: R11 2d(a)'s benzodiazepine clause, kept (R24b 3: "It keeps R11 2d(a)'s ...").
R11_2DA = (
    "; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until the "
    # R39 C9: then the reviewer's going-home sentence (the plan as the evaluation decides is ambulatory)
    # R39 C10: the old CIWA-Ar's re-score after a dose before it
    "evaluation or handover; re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; "
    f"{C9_HOME} ("
)


def _old21(cows: str) -> Recommendation:
    return _case(CIWAS["21"], COWSES[cows], "high")


def _action(r: Recommendation, code: str) -> str:
    actions = [f.action for f in r.flags if f.code == code and f.action]
    assert len(actions) == 1, [f.code for f in r.flags]
    return actions[0]


@pytest.fixture(scope="module", params=["19", "30"], ids=["COWS 19", "COWS 30"])
def old21(request: pytest.FixtureRequest) -> Recommendation:
    return _old21(request.param)


def test_3_the_first_step_in_the_reviewer_s_words(old21: Recommendation) -> None:
    first = first_sentence(old21.headline)
    # physician review R32 (a) (its four settings), R34 S1: beside the emergency evaluation for suicide risk staff stay
    # with the patient held, "the scores" beside both withdrawals (r32a reads the step's own words)
    assert r32a(R24B_3_STEP) in first, first


def test_3_one_screen_before_any_dose_no_complicating_condition_only(old21: Recommendation) -> None:
    first = first_sentence(old21.headline)
    assert first.count("before any dose: ask about any overdose") == 1, first
    assert "only for a complicating condition" not in first, first
    assert "screen for delirium (CAM or 4AT)" in first
    assert first.index("screen for delirium (CAM or 4AT)") < first.index("a total of 15 or more"), first
    assert R11_2DA in first, first
    assert "if none of these and 8 or more: " in first and "if none of these and below 8: " in first


@pytest.mark.parametrize("code", ["severe_alcohol_withdrawal", "rated_below_suggestion_d1"])
def test_3_the_alcohol_boxes_rescore_with_the_delirium_screen(old21: Recommendation, code: str) -> None:
    action = _action(old21, code)
    assert action.startswith(R24B_3_BOX), action
    assert "if still 15 or more, or a seizure since the last score" not in action


def test_3_the_threshold_box_after_the_rescore(old21: Recommendation) -> None:
    action = _action(old21, "buprenorphine_induction_threshold")
    assert R24B_3_THRESHOLD in action, action
    assert "once the first step's screen before any dose allows it" not in action


def test_3_the_cows_box_keeps_its_rescore_first(old21: Recommendation) -> None:
    # R24b 3: "The COWS box (already 'after the first step's CIWA-Ar re-score') is OK."
    (action,) = [f.action for f in old21.flags if f.code.endswith("opioid_withdrawal") and f.action]
    # with the first step's delirium screen named, as R16-M1 asks of every dose box where the headline says CAM
    assert (
        "after the first step's CIWA-Ar re-score and delirium screen (CAM or 4AT) (last 21 on 20 Nov 2026, severe), "
        "before any dose"
    ) in action, action


@pytest.mark.parametrize("old, cows", [("13", "19"), ("21", "48")], ids=["old 13 + COWS 19", "old 21 + COWS 48"])
def test_3_not_extended_to_the_should_fix_neighbours(old: str, cows: str) -> None:
    # R24b 3's should-fix neighbours are not done here (left for a later step): the must-fix step is not said there
    first = first_sentence(_case(CIWAS[old], COWSES[cows], "high").headline)
    assert "if none of these and below 8" not in first, first


# --- 2 (should-fix): R23b A3 as ruled: old complicated CIWA-Ar 15 + today's COWS + C-SSRS high --------------------
R24B_2_AFTER = (
    "at handover tell the receiving team that today's C-SSRS screen was high risk, without delaying the transfer"
)


def r24b_2_inserted(n: str) -> str:
    """The reviewer's insertion, exact words, {n} = today's COWS total."""
    return (
        "; while the transfer is arranged (do not delay the transfer for it): re-score the CIWA-Ar and screen for "
        "delirium (CAM or 4AT) (last 15 on 20 Nov 2026, severe, disoriented); a first dose for today's opioid "
        f"withdrawal (COWS {n} today) only after that re-score and the screen before any dose on the COWS box, and "
        "only if it does not delay the transfer; tell the receiving team the results, today's COWS, any pregnancy and "
        "any dose with its time"
    )


R24B_2_BOX_END = (
    "at handover tell the receiving team of the COWS score, the CIWA-Ar re-score, any pregnancy and any dose with its "
    "time"
)


@pytest.mark.parametrize("cows", ["19", "30", "48"])
def test_2_the_headline_says_the_rescore_and_the_first_dose_while_arranged(cows: str) -> None:
    r = _case(CIWAS["complicated"], COWSES[cows], "high")
    first = first_sentence(r.headline)
    assert f"{R24B_2_AFTER}{r24b_2_inserted(cows)} (" in first, first
    assert "as the COWS flag says" not in r.headline and "listed on the COWS flag" not in r.headline
    assert first.index("re-score the CIWA-Ar") < first.index("a first dose"), first
    assert f"(COWS {cows} today)" in first and "any pregnancy" in first
    boxes = [f.action for f in r.flags if f.code.endswith("opioid_withdrawal") and f.action]
    assert boxes and all(R24B_2_BOX_END in b for b in boxes), boxes


def test_2_no_cows_today_no_first_dose_for_opioid_withdrawal() -> None:
    scores = [iopkit.score("ciwa_ar", CIWAS["complicated"]), iopkit.score("cssrs_screen", CSSRS_HIGH)]
    suggested = suggest_dimensions(scores, scored_on={"ciwa_ar": OLD, "cssrs_screen": PLACED}, today=PLACED)
    r = recommend(ROUTINE, suggested=suggested)
    first = first_sentence(r.headline)
    assert first.startswith("First: emergency evaluation for suicide risk and emergency medical")
    # physician review R26b M3 (was: no insertion without a COWS of today): the re-score, the delirium screen and the
    # dose before transfer as the old complicated CIWA-Ar's box says them; no first dose for opioid withdrawal
    # physician review R28, M4: the re-score's dose behind the overdose and intoxication screen (was: "...; treat on
    # the current score (a first dose before transfer only if it does not delay the transfer)")
    assert (
        "; while the transfer is arranged (do not delay the transfer for it): re-score the CIWA-Ar and screen for "
        # R54 A (physician review R54, finding A): "; no dose here without today's re-score" in the bracket (was
        # "(last 15 on 20 Nov 2026, severe, disoriented); treat")
        "delirium (CAM or 4AT) (last 15 on 20 Nov 2026, severe, disoriented; no dose here without today's re-score); "
        "treat on the current score: before any dose: ask about any overdose or ingestion today and screen for "
        "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
        # R60 Q1 (physician review R60, Q1): the hold after the delirium screen names delirium (was "glucose; if an
        # overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency ")
        "glucose; if delirium, an overdose or ingestion, or intoxicated: no dose here (delirium, or an overdose or "
        "ingestion: call emergency "
        "services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose; "
        "intoxicated: "
        # physician review R32 (a) (its four settings): beside the emergency evaluation for suicide risk staff stay
        # with the patient held (was: "the patient must not drive today)"); "the score": the CIWA-Ar alone
        "staff stay with the patient; repeat the screen and the score when it clears, or tell the receiving team at "
        "handover; the patient must not drive today); otherwise a first dose "
        "before transfer only if it does not delay the transfer"
    ) in first, first
    assert "today's opioid withdrawal" not in first, first


# --- 1.4 (should-fix): old COWS 48 + today's CIWA-Ar 13 with item 10 at 1 (+ a same-day suicide assessment) ---------
R24B_14_WANT = (
    "with 2-WM ambulatory withdrawal management with extended on-site monitoring (not 1-WM: alcohol and opioid "
    "withdrawal together, CIWA-Ar item 10 at 1 today); otherwise as arranged above."
)


@pytest.mark.parametrize(
    "today",
    [[("ciwa_ar", CIWA_MOD13_I1)]] + [B1_CASES[c] for c in B1_CASES],
    ids=["R19-N2 c3 (item 10 alone)", *B1_CASES],
)
def test_1_4_the_closing_is_2_wm_not_1_wm(today: list) -> None:  # type: ignore[type-arg]
    r = recommended({}, old=[("cows", COWS_48)], today=today)
    assert "with 1-WM" not in r.headline, r.headline
    assert r.headline.endswith(R24B_14_WANT), r.headline


# --- 1.5 (should-fix): the D1 group whole, then the suicide reasons (C-SSRS first) ------------------------------------
R24B_15_D1 = (
    "(COWS above 36 (severe opioid withdrawal) (COWS of 20 Nov 2026, not re-scored today), CIWA-Ar item 10 at 1 "
    "(cannot do serial additions or uncertain about date), CIWA-Ar in the moderate withdrawal band: dimension 1 rated "
    "1, below the 2 they call for"
)
# physician review R25b 1 (R23c A1 supersedes R24b 1.5's words): the C-SSRS moderate, critical now, says what it calls
# for as the PHQ-9 item 9 does
R24B_15_SUICIDE = {
    "item10+cssrs-moderate": "; moderate suicide risk (C-SSRS screen): dimension 3 rated 1, below the 2 it calls for)",
    "item10+phq9-item9": "; suicidal ideation (PHQ-9 item 9): dimension 3 rated 1, below the 2 it calls for)",
    "item10+both": (
        "; moderate suicide risk (C-SSRS screen), suicidal ideation (PHQ-9 item 9): dimension 3 rated 1, below the 2 "
        "they call for)"
    ),
}


@pytest.mark.parametrize("case", list(B1_CASES))
def test_1_5_the_suicide_reasons_after_the_dimension_1_reasons(case: str) -> None:
    r = recommended({}, old=[("cows", COWS_48)], today=B1_CASES[case])
    # R21 S5: the plan offers 1-WM after the arranged escalation: how the patient given a dose on site goes home, at
    # the end of the dose's sentence, before these reasons
    home = (
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
        # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
        "stays on site until these conditions are met, or a higher level of care is arranged"
    )
    # physician review R28, M5: a C-SSRS moderate risk's assessment with its safety planning
    planned = " with safety planning" if "C-SSRS" in R24B_15_SUICIDE[case] else ""
    assert f"same-day suicide risk assessment{planned}{home} {R24B_15_D1}{R24B_15_SUICIDE[case]}" in r.headline, (
        r.headline
    )
