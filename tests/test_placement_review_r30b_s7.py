"""Physician review R30b, should-fix S7: beside a positive PHQ-9 item 9 (thoughts of being better off dead or of
self-harm; Kroenke et al. 2001) every screen before a dose asks about an overdose or ingestion first, as beside a
C-SSRS high or moderate risk (R16 S5). The reviewer found cases 563 and 34 of ``cases(800)`` (PHQ-9 item 9 positive
today, no C-SSRS screen) dosing a benzodiazepine, buprenorphine or methadone behind a screen that did not ask.

iopkit's rule (physician review R30b, S7): the question is asked wherever a PHQ-9 item 9 flag stands, today's or an
older day's not yet closed by a suicide risk assessment. A C-SSRS screen of the same day or later does not take its
place: a C-SSRS low risk stands beside it in the headline (its same-day suicide risk assessment still asked, both told
at handover), so the question is asked beside a C-SSRS low of today too.

The screen's words are R16 S5's (the reviewer's words, typed here, never read from the code): "before any dose: ask
about any overdose or ingestion today and screen for intoxication (...); if an overdose or ingestion, or intoxicated:
no dose here (an overdose or ingestion: to the ED by emergency services); otherwise ...".
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from iopkit import score
from iopkit.episode import Episode

from .intoxication_screens import INSISTS_ON_LEAVING, NOT_CLEARED_CIWA, STAY, TOLD, r32a
from .random_placements import built, cases

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

#: The intoxication screen with thiamine and blood glucose (ASAM 2020), asking first (R16 S5's words).
ASKED_ALCOHOL = (
    "before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication), give thiamine and check blood glucose; if an overdose or ingestion, or "
    "intoxicated: no dose here (an overdose or ingestion: call emergency services for the ED, staff with the patient "
    "until handover, naloxone if signs of opioid overdose; intoxicated: the patient "
    "must not drive today); otherwise "
)
#: The same screen before an opioid dose (no thiamine).
ASKED_OPIOID = (
    "before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication); if an overdose or ingestion, or intoxicated: no dose here (an overdose "
    "or ingestion: call emergency services for the ED, staff with the patient until handover, naloxone if signs of "
    "opioid overdose; intoxicated: the patient must not drive today); otherwise "
)
#: physician review R32 (a) (its four settings), R33 S1, R34 S1/S2: the screen asking first where its step's sentence
#: transfers "if transferred" (cases 563 and 5): both branches, "the scores" beside both withdrawals, and beside the
#: same-day suicide risk assessment (a positive PHQ-9 item 9 of today) that assessment first
ASKED_ALCOHOL_IF_TRANSFERRED = ASKED_ALCOHOL.replace(
    "intoxicated: the patient must not drive today)",
    f"intoxicated: if transferred, {TOLD}; if not: {STAY.replace('the score ', 'the scores ')}; {NOT_CLEARED_CIWA}; "
    f"the patient must not drive today; {INSISTS_ON_LEAVING})",
)
#: physician review R35 M3/S3, R36 N2: a page without a placement reads its open flags as shown (a CIWA-Ar and a COWS
#: flag, today's positive PHQ-9 item 9): the ambulatory hold says "the scores" and the same-day suicide risk assessment
#: first; both withdrawals open, the opioid box says the words of a step that may give both (physician review R37, S1:
#: never "the scores" beside a COWS dose alone's words)
_HOME_ASSESSED = (
    f"{STAY.replace('the score ', 'the scores ')}; {{}}; the patient must not drive today; {INSISTS_ON_LEAVING}"
)
ASKED_ALCOHOL_SHOWN = ASKED_ALCOHOL.replace(
    "intoxicated: the patient must not drive today)", f"intoxicated: {_HOME_ASSESSED.format(NOT_CLEARED_CIWA)})"
)
ASKED_OPIOID_SHOWN = ASKED_OPIOID.replace(
    "intoxicated: the patient must not drive today)", f"intoxicated: {_HOME_ASSESSED.format(NOT_CLEARED_CIWA)})"
)
#: A screen that does not ask, and a hold that does not hold an overdose (the words R16 S5 replaces).
UNASKED = re.compile(
    r"(?:[Bb]efore any dose|before the first dose|[Mm]edical review now): screen for "
    r"|if intoxicated: no dose here (the patient must not drive today)|if delirium or intoxication: no dose here"
)


#: R60 Q2(a): an old moderate CIWA-Ar re-score's step after its bracket, up to its intoxication-only hold's bracket
#: (the ruling's words, the overdose question asked; the hold's driving rule as R30b M4).
R60_MID = (
    "ask what happened since (a seizure, confusion, a hospital visit, the last drink); before any dose: ask about "
    "any overdose or ingestion today and screen for intoxication (breath alcohol above zero, or signs of sedative "
    "intoxication), give thiamine and check blood glucose; if delirium, or an overdose or ingestion: no dose here; "
    "call emergency services for the ED; staff with the patient until handover (naloxone if signs of opioid "
    "overdose); on the re-score, intoxicated or not: if 15 or more, or a seizure since the last score, or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)")
    "hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now by emergency services to "
    "medically managed withdrawal (ED, or 4-WM); staff with the patient until handover; if the patient declines "
    "transfer: the "
    "prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; with "
    "capacity: record the advice given and the risks explained; arrange the highest level of care the patient "
    "accepts; any dose as the prescriber decides; tell the patient and any supportive person to call emergency "
    # R73 1a (was: "...any worsening); if not intoxicated")
    "services for a seizure, confusion, hallucinations or any worsening); the patient must not drive; "
    # R61 section 2 / R62 M2: the bridging dose of a patient not intoxicated, and the handover of the re-score and any
    # dose (was: "...services); if intoxicated: no dose here, and at handover tell the receiving team the breath ...")
    # R63 SF1: the driving rule in the hold (was: "no dose here; at handover ... with the time (the patient must not
    # drive today); otherwise")
    "if not intoxicated: a first dose before transfer only if it does not delay the transfer; if intoxicated: no dose "
    "here (the patient must not drive today); at handover tell the receiving team the CIWA-Ar re-score and any dose "
    "with its time, and, if intoxicated, the breath alcohol reading or the signs, with the time; otherwise, if "
    "intoxicated: no dose until it clears ("
)


#: R60 Q4 (563: item 10 at 1 of 20 Nov) and S3 (R62; R63 2): the re-score screens for delirium and asks what happened
#: since; delirium's hold before the overdose and intoxication hold (typed from the rulings).
Q4_SINCE = (
    " and screen for delirium (CAM or 4AT); ask what happened since (a seizure, confusion, a hospital visit, the last "
    "drink); "
)
DELIRIUM_HOLD = "if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; "
ASKED_ALCOHOL_IF_TRANSFERRED_Q4 = ASKED_ALCOHOL_IF_TRANSFERRED.replace(
    "check blood glucose; if an overdose", f"check blood glucose; {DELIRIUM_HOLD}if an overdose", 1
)


#: R63 SF2: 563's CIWA-Ar 15-or-more transfer now said right after the hold, then the plain treatment guarded (was:
#: "...follow local policy); otherwise treat on the current score").
SF2_563 = (
    "); intoxicated or not, at a CIWA-Ar re-score of 15 or more, or a seizure since the last score, or hallucinations, "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)")
    "or disorientation (item 10 at 2 or more): arrange transfer now by emergency services to medically managed "
    "withdrawal (ED, or 4-WM); "
    "staff with the patient until handover; if the patient declines transfer: the prescriber assesses and records "
    "capacity to decline (without capacity: transfer by emergency services; with capacity: record the advice given "
    "and the risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber "
    "decides; tell the patient and any supportive person to call emergency services for a seizure, confusion, "
    # R73 1a (was: "...any worsening); if not intoxicated")
    "hallucinations or any worsening); the patient must not drive; if not intoxicated: a first dose before "
    "transfer only if it does not delay the transfer; otherwise, if not intoxicated: "
)
ASKED_ALCOHOL_IF_TRANSFERRED_Q4_SF2 = ASKED_ALCOHOL_IF_TRANSFERRED_Q4.removesuffix("); otherwise ") + SF2_563


def _case(number: int):  # type: ignore[no-untyped-def]
    return built(cases(800)[number])


def test_case_563_the_old_ciwa_ars_rescore_asks_before_any_dose():
    # PHQ-9 item 9 positive today, no C-SSRS; an old moderate CIWA-Ar (item 10 at 1) and today's COWS of 19
    headline = _case(563).headline
    # R60 Q4 and S3: Q4_SINCE and the delirium hold (was: "(last 14 on 20 Nov 2026); {ASKED_ALCOHOL_IF_TRANSFERRED}")
    assert headline.startswith(
        # R63 SF2: the transfer now after the hold, then "otherwise, if not intoxicated: treat" (was: "...
        # {ASKED_ALCOHOL_IF_TRANSFERRED_Q4}treat on the current score")
        f"First: re-score the CIWA-Ar now (last 14 on 20 Nov 2026){Q4_SINCE}{ASKED_ALCOHOL_IF_TRANSFERRED_Q4_SF2}"
        "treat on the current score; then, "
        "before the patient leaves, a same-day suicide risk assessment"
    )
    assert UNASKED.search(headline) is None


def test_case_563_its_boxes_ask_too():
    rec = _case(563)
    (cows,) = (f for f in rec.flags if f.code == "moderate_opioid_withdrawal")
    # physician review R35 M3/S3 (R32 (a), R33 S1): the box's hold as the headline's, the case read (was: ASKED_ALCOHOL,
    # "intoxicated: the patient must not drive today)")
    # R60 Q4: the delirium hold before it (was: ASKED_ALCOHOL_IF_TRANSFERRED); S3: the question after the re-score
    assert cows.action.startswith(f"Re-score the CIWA-Ar first (last 14 on 20 Nov 2026){Q4_SINCE}")
    # R63 SF2: the transfer now after the hold (was: ASKED_ALCOHOL_IF_TRANSFERRED_Q4, "...policy); otherwise ")
    assert ASKED_ALCOHOL_IF_TRANSFERRED_Q4_SF2 in cows.action
    assert all(UNASKED.search(f.action) is None for f in rec.flags)


def test_case_34_the_transfers_first_dose_asks_and_holds_an_overdose():
    # PHQ-9 item 9 positive today, no C-SSRS; severe opioid withdrawal with alcohol withdrawal alongside: transfer now
    headline = _case(34).headline
    assert (
        "before any dose: ask about any overdose or ingestion today and screen for delirium (CAM or 4AT) and "
        "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
        "glucose; if delirium, an overdose or ingestion, or intoxication: no dose here, staff with the patient until "
        # physician review R32 (b): one bracket, the overdose's care (the escort said once), the intoxicated patient
        # handed over (was: "(delirium or an overdose or ingestion: to the ED by emergency services; intoxication: the
        # patient must not drive today)")
        "handover (delirium, or an overdose or ingestion: call emergency services for the ED, naloxone if signs of "
        "opioid overdose; intoxication: tell the receiving team at handover the breath alcohol reading or the signs, "
        "with the time; the patient must not drive today); otherwise a prescriber "
        "gives a first dose before transfer if it does not delay the transfer"
    ) in headline
    assert UNASKED.search(headline) is None


def test_beside_a_c_ssrs_low_of_today_the_question_is_asked():
    # case 559: C-SSRS low today and PHQ-9 item 9 positive today; the headline keeps the PHQ-9's same-day assessment
    headline = _case(559).headline
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert headline.startswith(
        r32a(
            "First: before the patient leaves, a same-day suicide risk assessment, and a prescriber's review: "
            f"{ASKED_ALCOHOL}treat withdrawal with medication (CIWA-Ar 10 or more; consider at 8-9)"
        )
    )
    assert "low suicide risk (C-SSRS screen), suicidal ideation (PHQ-9 item 9)" in headline


def test_beside_a_c_ssrs_low_of_today_the_old_cows_with_alcohol_step_asks():
    # case 5: R19 N2 (c2)'s step (an old COWS beside today's CIWA-Ar) beside a C-SSRS low and a PHQ-9 of today
    rec = _case(5)
    screen = "B" + ASKED_ALCOHOL_IF_TRANSFERRED[1:]  # physician review R32 (a), R33 S1, R34 S1/S2
    assert f"if below 13: a prescriber's review before the patient leaves. {screen}a prescriber treats withdrawal" in (
        rec.headline
    )
    assert UNASKED.search(rec.headline) is None
    assert all(UNASKED.search(f.action) is None for f in rec.flags)


def test_an_older_days_phq9_item_9_not_yet_assessed_asks_too():
    # case 67: the PHQ-9 item 9 of 20 Nov 2026, not re-asked today, stands (iopkit's rule, R30b S7)
    headline = _case(67).headline
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert headline.startswith(
        r32a(
            "First: before the patient leaves, a same-day suicide risk assessment, and a prescriber's review: "
            f"{ASKED_ALCOHOL}treat withdrawal with medication"
        )
    )


DAY = dt.date(2026, 11, 30)
CIWA_MOD13 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 0]  # 13: moderate
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]  # 19: moderate
PHQ9_ITEM9 = [1, 1, 1, 1, 1, 1, 1, 1, 2]  # item 9 at 2
PHQ9_NO_ITEM9 = [1, 1, 1, 1, 1, 1, 1, 1, 0]


def _shown(store, patient, phq9):  # type: ignore[no-untyped-def]
    store.save(patient, score("ciwa_ar", CIWA_MOD13), by="KM", when=dt.date(2026, 11, 20))
    store.save(patient, score("cows", COWS_19), by="KM", when=DAY)
    store.save(patient, score("phq9", phq9), by="KM", when=DAY)
    episode = Episode.from_store(store, patient, as_of=DAY)
    return {o.flag.code: episode.flag_shown(o.flag, o.instrument, o.day).action for o in episode.open_flags}


def test_the_chart_header_asks_beside_todays_phq9_item_9(store, patient):
    shown = _shown(store, patient, PHQ9_ITEM9)
    # physician review R32 (a): an ambulatory step's hold gives its next step; R35 M3/S3, R36 N2: the page's open flags
    # read (ASKED_ALCOHOL_SHOWN, ASKED_OPIOID_SHOWN)
    # R60 Q2(a): the severe branch before the intoxication hold, intoxicated or not, on the page too (was: f"Re-score
    # the CIWA-Ar now (last 13 on 20 Nov 2026); {ASKED_ALCOHOL_SHOWN}treat on the current score"); the hold's words kept
    home = ASKED_ALCOHOL_SHOWN.split("; intoxicated: ", 1)[1].removesuffix("); otherwise ")
    assert shown["moderate_alcohol_withdrawal"] == (
        "Re-score the CIWA-Ar now (last 13 on 20 Nov 2026); "
        + R60_MID
        + f"{home}); if below 15 and not intoxicated: a prescriber treats on today's score (medication at 10 or more; "
        "consider at 8-9)"
    )
    assert shown["moderate_opioid_withdrawal"].startswith(
        f"Prescriber's review before the patient leaves: {ASKED_OPIOID_SHOWN}treat withdrawal as the prescriber decides"
    )


def test_the_chart_header_does_not_ask_without_it(store, patient):
    shown = _shown(store, patient, PHQ9_NO_ITEM9)
    assert "overdose" not in shown["moderate_alcohol_withdrawal"] + shown["moderate_opioid_withdrawal"]


def _i9pos(case, today_only: bool) -> bool:  # type: ignore[no-untyped-def]
    given = {i: (k, when) for i, k, when in case.scores}
    phq9 = given.get("phq9")
    if today_only:
        return phq9 == ("i9pos", "today") and "cssrs_screen" not in given
    return phq9 is not None and phq9[0] == "i9pos"


@pytest.mark.parametrize("today_only", [True, False], ids=["today-no-cssrs", "any-phq9-item9"])
def test_sweep_every_dose_behind_a_screen_asks_beside_a_positive_item_9(today_only):
    """Every case of ``cases(800)`` with a positive PHQ-9 item 9 (today and no C-SSRS: the reviewer's set; then any
    day, any C-SSRS) whose headline holds a dose behind a screen asks the overdose question, and no screen in its
    headline or its boxes leaves it out."""
    dosed, wrong = 0, []
    for case in cases(800):
        if not _i9pos(case, today_only):
            continue
        rec = built(case)
        if re.search(r"[Bb]efore any dose: ", rec.headline):
            dosed += 1
            if "ask about any overdose or ingestion today and screen for " not in rec.headline:
                wrong.append((case.number, "headline asks nothing"))
        for where, text in [("headline", rec.headline), *((f.code, f.action) for f in rec.flags)]:
            if (found := UNASKED.search(text)) is not None:
                wrong.append((case.number, where, found[0]))
    assert dosed >= 10  # the sweep reads doses (17 today with no C-SSRS when written)
    assert wrong == []
