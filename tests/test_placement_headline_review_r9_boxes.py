"""Physician review R9 (session 13): the chart boxes of an old CIWA-Ar beside the headline. Each text is typed by hand
from the reviewer's words (/work/reviews/r9.md, "Want"), never computed by iopkit; the repro cases are the reviewer's.

N1 (must-fix). An old complicated CIWA-Ar (hallucinations, disorientation; and an old severe one that also has them):
    the box of each of its flags says the headline's branch, the emergency medical evaluation now with its re-score,
    delirium screen (CAM, Inouye 1990; 4AT, Bellelli 2014) and conditional transfer (ASAM 2020 alcohol withdrawal
    guideline, Rec VI.7); no box of that score still says "(ED, or 3.7-WM/4-WM)" or "if still 15 or more" alone.
N2 (must-fix). A seizure since the last score is in the condition (ASAM 2020 alcohol withdrawal guideline, section
    VI.A: a withdrawal seizure is complicated withdrawal, medically managed setting); the old severe lead: "if still 15
    or more, or a seizure since the last score, arrange transfer now to medically managed withdrawal (ED, or 4-WM)".
N6 (should-fix). Beside a conditional transfer the suicide boxes (PHQ-9 item 9; C-SSRS low, moderate) end with "; if
    transferred: at handover ask the receiving team for it (do not delay the transfer for it)" (NPSG 15.01.01).
N7 (should-fix). "the patient must not drive unless the re-score and the screen find none of these and no sedating
    dose is given today" (chlordiazepoxide and diazepam labels; ASAM 2020 alcohol withdrawal guideline, Rec IV.22,
    IV.26).
"""

import datetime as dt

import pytest

import iopkit
from iopkit.placement import FirstStep, recommend, suggest_dimensions

from .intoxication_screens import r32a
from .overdose_words import asked
from .test_placement_headline_review_r7_old_scores import recommended

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

PLACED = dt.date(2026, 12, 2)
OLD = dt.date(2026, 11, 20)
ROUTINE = {1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
PHQ9_ITEM_9 = [1] * 9
CSSRS_LOW = ["yes", "no", None, None, None, "no", None]
CSSRS_MODERATE = ["yes", "yes", "yes", "no", "no", "no", None]
HALLUCINATING_10 = [1, 1, 1, 1, 1, 0, 4, 0, 1, 0]  # item 7 at 4 (moderately severe hallucinations), total 10
SEVERE_DISORIENTED_26 = [4, 4, 4, 4, 4, 0, 0, 0, 4, 2]  # item 10 at 2, total 26
SEVERE_21 = [4, 3, 3, 3, 3, 2, 0, 0, 3, 0]

# N1, with N2's condition and N7's driving clause: the reviewer's words
CONDITION = (
    # R59 1: delirium said first and alone
    "ask what happened since (a seizure, confusion, a hospital visit, the last drink); if delirium: no dose here; "
    "call emergency services for the ED; staff with the patient until handover; if a seizure since "
    "the last score, hallucinations, disorientation "
    # R76 (was: "...or a total of 15 or more: arrange transfer now (ED, or 4-WM); staff with ...")
    "(item 10 at 2 or more) or a total of 15 or more: arrange transfer now by emergency services (ED, or 4-WM); staff "
    "with the patient until handover; if the patient declines transfer: the prescriber assesses and records capacity "
    "to decline (without capacity: transfer by emergency services; with capacity: record the advice given and the "
    "risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell "
    "the patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    "worsening); the patient must not drive unless the re-score and the screens find "
    # physician review R30a, M2: nor while intoxicated (was: "the screen find none of these and no sedating dose")
    # physician review R30b S9 (a): the dose the step may give named, a benzodiazepine (no opioid withdrawal
    # step here; was: "no sedating dose")
    "none of these, the patient is not intoxicated, and no benzodiazepine is given today; "
    # physician review R29, N2: the re-score's dose behind the intoxication screen, thiamine and blood glucose (was:
    # "...; treat on the current score")
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose here (the patient must not drive today); otherwise "
    "treat on the current score"
)
HALLUCINATING_STEP = (
    "mergency medical evaluation now: re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 10 on 20 Nov "
    f"2026, hallucinations): {CONDITION}"
)
SEVERE_DISORIENTED_STEP = (
    "mergency medical evaluation now: re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 26 on 20 Nov "
    f"2026, severe, disoriented): {CONDITION}"
)
NO_DRIVING = (
    # physician review R30a, M2: nor while intoxicated (was: "the screen find none of these and no sedating dose")
    "the patient must not drive unless the re-score and the screens find none of these, the patient is not "
    # physician review R30b S9 (a): the dose the step may give named, a benzodiazepine (no opioid withdrawal
    # step here; was: "no sedating dose")
    "intoxicated, and no benzodiazepine is given today"
)
# N2: the old severe lead's conditional transfer
# R63 S5 (was: "if still 15 or more, or a seizure since the last score, arrange transfer now to medically managed
# withdrawal (ED, or 4-WM)")
OLD_SEVERE_TRANSFER = (
    "if still 15 or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or "
    # R76 (was: "...(item 10 at 2 or more), arrange transfer now to medically managed withdrawal (ED, or 4-WM)")
    "more), arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM)"
)
# N6
# physician review R31, should-fix S2: a suicide box read alone names the finding and the request it hands over
# (before: "; if transferred: at handover ask the receiving team for it (do not delay the transfer for it)")
# R51: each request says the headline's "once the patient is able to answer" (its delirium branch asks so)
TOLD_PHQ9 = (
    "; if transferred: at handover tell the receiving team that today's PHQ-9 item 9 was positive, and ask them for a "
    "suicide risk assessment once the patient is able to answer (do not delay the transfer for it)"
)
TOLD_LOW = (
    "; if transferred: at handover tell the receiving team that today's C-SSRS screen found a wish to be dead or "
    "non-specific suicidal thoughts, and ask them for a suicide risk assessment once the patient is able to answer (do "
    "not delay the transfer for it)"
)
TOLD_MODERATE = (
    "; if transferred: at handover tell the receiving team that today's C-SSRS screen was moderate risk (method "
    "considered, or suicidal behaviour over 3 months ago), and ask them for a suicide risk assessment with safety "
    "planning once the patient is able to answer (do not delay the transfer for it)"
)
PHQ9_BOX = (
    "Ask about suicidal thoughts today and complete a suicide risk assessment (e.g. C-SSRS) before the patient leaves"
)


H = recommended  # the reviewer's repro helper (/tmp/r9/base.py)


def _box(rec, code):
    (flag,) = (f for f in rec.flags if f.code == code)
    return flag.action


def _starts(box, prefix, rec):
    """Whether ``box`` starts with ``prefix`` asking about an overdose first (R30b S7), each intoxication hold worded
    by its setting, read from the case ``rec`` (physician review R32 (a), R33 S1; R35 M3 and R36 N2: the old score's
    transfer is conditional, so both branches, and beside the positive PHQ-9 item 9 the same-day suicide risk
    assessment first)."""
    return box.startswith(r32a(asked(prefix), box, case=rec))


def _old_ciwa_boxes(rec):
    """The boxes of the old CIWA-Ar's flags and of the rating below it (which repeats their steps)."""
    return [f.action for f in rec.flags if "CIWA-Ar of 20 Nov 2026" in f.message]


# --- N1 ---------------------------------------------------------------------------------------------------------------


def test_n1_an_old_hallucinating_ciwa_ar_box_says_the_headlines_branch():
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    r = H(old=[("ciwa_ar", HALLUCINATING_10)], today=[("phq9", PHQ9_ITEM_9)])
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    # physician review R32 (a), R33 S1, R35 M3: the conditional transfer's hold says both branches, the same-day
    # suicide risk assessment first (_starts, r32a with the case)
    assert _starts(_box(r, "complicated_withdrawal"), "E" + HALLUCINATING_STEP, r)
    assert r32a(asked("First: e" + HALLUCINATING_STEP), r.headline, case=r) in r.headline
    for box in _old_ciwa_boxes(r):
        assert _starts(box, "E" + HALLUCINATING_STEP, r), box


@pytest.mark.parametrize("code", ["complicated_withdrawal", "severe_alcohol_withdrawal"])
def test_n1_both_boxes_of_an_old_severe_score_with_disorientation_say_the_headlines_branch(code):
    r = H(old=[("ciwa_ar", SEVERE_DISORIENTED_26)], today=[("phq9", PHQ9_ITEM_9)])
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    # physician review R32 (a), R33 S1, R35 M3: the conditional transfer's hold says both branches, the same-day
    # suicide risk assessment first (_starts, r32a with the case)
    assert _starts(_box(r, code), "E" + SEVERE_DISORIENTED_STEP, r)
    assert r32a(asked("First: e" + SEVERE_DISORIENTED_STEP), r.headline, case=r) in r.headline
    for box in _old_ciwa_boxes(r) + [_box(r, "rated_below_suggestion_d1")]:
        assert "(ED, or 3.7-WM/4-WM)" not in box and "if still 15 or more" not in box, box
    # the rating-below box repeats the score's step once
    assert _box(r, "rated_below_suggestion_d1").count("re-score the CIWA-Ar") == 1


def test_n1_box_and_headline_are_one_text():
    # whatever the old score's signs, the headline's lead is the complicated box's step, word for word
    for answers in (HALLUCINATING_10, SEVERE_DISORIENTED_26, [0, 0, 0, 0, 0, 4, 0, 0, 0, 2]):
        r = H(old=[("ciwa_ar", answers)])
        # physician review R29, N2: "otherwise treat on the current score" after the screen (was: "; treat on ...")
        step = _box(r, "complicated_withdrawal").split("; otherwise treat on the current score")[0]
        assert r.headline.startswith(f"First: e{step[1:]}; otherwise treat on the current score"), (answers, r.headline)


def test_n1_through_the_chart(store):
    from iopkit.episode import Episode

    pid = store.add_patient("IOP-0913")
    store.save(pid, iopkit.score("ciwa_ar", HALLUCINATING_10), by="KM", when=OLD)
    store.save(pid, iopkit.score("phq9", PHQ9_ITEM_9), by="KM", when=PLACED)
    inputs = Episode.from_store(store, pid, as_of=PLACED).placement_inputs
    s = suggest_dimensions(
        inputs.scores, older_open_flags=inputs.older_open_flags, scored_on=inputs.scored_on, today=PLACED
    )
    r = recommend(ROUTINE, suggested=s)
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    # physician review R32 (a), R33 S1, R35 M3: the conditional transfer's hold says both branches, the same-day
    # suicide risk assessment first (_starts, r32a with the case)
    assert _starts(_box(r, "complicated_withdrawal"), "E" + HALLUCINATING_STEP, r)
    assert _box(r, "suicidal_ideation") == PHQ9_BOX + TOLD_PHQ9


# --- N2 ---------------------------------------------------------------------------------------------------------------


def test_n2_a_seizure_since_the_last_score_is_in_the_condition():
    r = H(old=[("ciwa_ar", SEVERE_DISORIENTED_26)])
    assert (
        # R59 1: delirium said first and alone
        "; if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; "
        "if a seizure since the last score, hallucinations, disorientation (item 10 at 2 or more) or a total of 15 or "
        # R76 (was: "...or a total of 15 or more: arrange transfer now (ED, or 4-WM)")
        "more: arrange transfer "
        "now by emergency services (ED, or 4-WM)"
    ) in r.headline.split(". Then")[0]


def test_n2_the_old_severe_lead_transfers_after_a_seizure_since_too():
    r = H(old=[("ciwa_ar", SEVERE_21)])
    first = r.headline.split(". Then")[0]
    assert first.startswith(
        # R67 F1 (was: "First: re-score the CIWA-Ar now (last 21 on 20 Nov 2026, severe): ask what happened since ...")
        "First: re-score the CIWA-Ar now (last 21 on 20 Nov 2026, severe) and screen for delirium (CAM or 4AT): ask "
        "what happened since (a seizure, "
        f"confusion, a hospital visit, the last drink); {OLD_SEVERE_TRANSFER}; "
    )
    assert "3.7-WM/4-WM" not in first
    assert f"; {OLD_SEVERE_TRANSFER}; " in _box(r, "severe_alcohol_withdrawal")


# --- N6 ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("old", [SEVERE_DISORIENTED_26, HALLUCINATING_10, SEVERE_21], ids=["26i2", "10h7", "21"])
def test_n6_the_suicide_boxes_ask_the_receiving_team_beside_a_conditional_transfer(old):
    r = H(old=[("ciwa_ar", old)], today=[("phq9", PHQ9_ITEM_9)])
    assert _box(r, "suicidal_ideation") == PHQ9_BOX + TOLD_PHQ9
    low = H(old=[("ciwa_ar", old)], today=[("cssrs_screen", CSSRS_LOW)])
    # physician review R23c A1, A2: the C-SSRS low/moderate flag's new words
    assert _box(low, "suicide_risk_low") == (
        "Suicide risk assessment by a qualified clinician today, before the patient leaves; review the safety "
        "plan and give the 988 Lifeline number" + TOLD_LOW
    )
    moderate = H(old=[("ciwa_ar", old)], today=[("cssrs_screen", CSSRS_MODERATE)])
    assert _box(moderate, "suicide_risk_moderate") == (
        # physician review R23c A1, A2: the C-SSRS low/moderate flag's new words
        "Suicide risk assessment by a qualified clinician and safety planning before the patient leaves; "
        "consider safety precautions (do not leave the patient alone) until it is done" + TOLD_MODERATE
    )


def test_n6_no_transfer_no_handover_clause():
    r = H(old=[("ciwa_ar", [2, 2, 2, 2, 2, 1, 0, 0, 2, 0])], today=[("phq9", PHQ9_ITEM_9)])  # an old moderate CIWA-Ar
    # R60 Q2 (a) and (b): the old moderate CIWA-Ar's re-score now ends in a transfer at 15 or more (a conditional
    # transfer), so the positive item 9's box says Q2 (b)'s handover (was: PHQ9_BOX alone)
    assert _box(r, "suicidal_ideation") == (
        f"{PHQ9_BOX}; if transferred before it is done: at handover tell the receiving team that today's PHQ-9 item 9 "
        "was positive, and ask them for a suicide risk assessment with safety planning, without delaying the transfer"
    )


# --- N7 ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("old", [SEVERE_DISORIENTED_26, HALLUCINATING_10], ids=["26i2", "10h7"])
def test_n7_no_driving_after_a_sedating_dose(old):
    r = H(old=[("ciwa_ar", old)])
    # physician review R29, N2: the screen before the re-score's dose follows (was: "; treat on the current score")
    assert f"; {NO_DRIVING}; before any dose: screen for intoxication" in r.headline
    assert f"; {NO_DRIVING}; before any dose: screen for intoxication" in _box(r, "complicated_withdrawal")
