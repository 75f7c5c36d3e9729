"""``Recommendation.first_step`` classifies the headline's first step as the headline words it.

The headline is what the physicians reviewed (reviews 5-12); ``first_step`` is saved with the decision and read by
rules, so the two must never disagree. Each case below is built as the review test files build theirs; its lead and
its first step are typed by hand from the headline's wording (never computed by iopkit):

- "First: emergency evaluation ..." / "First: emergency medical evaluation ..." (alcohol withdrawal alongside a COWS
  above 36: "First: emergency evaluation now: severe opioid withdrawal with alcohol withdrawal alongside (CIWA-Ar 13
  today), a complicating condition on the COWS flag: arrange transfer now ...", physician reviews 8 and 9, R2 must-fix
  1) -> emergency evaluation;
- "First: a same-day suicide risk assessment", "ask the blank suicide-risk question", "repeat the C-SSRS screen"
  leading -> risk assessment;
- a medical review, a prescriber's review or treatment, a re-score, asking a blank withdrawal item, assessing the
  withdrawal risk leading -> medical review (a COWS flag's "emergency evaluation only for a complicating condition" is
  a condition, not a call);
- "First: 3.7-WM ..." -> withdrawal management; "Recommended: ..." -> none.

Sources of the rules behind the words: ASAM Criteria 2013 (rating 4: imminent danger); Columbia triage (Posner et al.
2011); ASAM 2020 alcohol withdrawal guideline (Rec II.1, II.5, III.3, VII.5, VII.8); ASAM 2020 OUD guideline (a COWS
above 36 treated now, the setting escalating for a complicating condition such as alcohol withdrawal alongside).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple

import pytest

import iopkit
from iopkit.errors import IncompleteResponseError
from iopkit.flags import Flag, Withdrawn
from iopkit.placement import FirstStep, Recommendation, recommend, suggest_dimensions

from .intoxication_screens import SCREEN_ALCOHOL, SCREEN_OPIOID, TOLD, r32a
from .refusal_branches import AT_4_STAFF_D2, MEDICAL_DECLINES, MENTAL_HEALTH_DECLINES

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

REST = {2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
LOW_RISK = {"pawss": 2, "prior_withdrawal_seizure_or_dt": False}
# COWS (Wesson & Ling 2003), 11 items: 44 above 36 (severe), 19 in 13-24 (moderate)
COWS_44 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 2, 3]
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 2, 0, 0]
# CIWA-Ar (Sullivan 1989), 10 items: 13 moderate; 24 severe; item 10 at 1 (possible early delirium); item 10 at 3
CIWA_13 = [2, 2, 2, 2, 1, 1, 1, 1, 1, 0]
CIWA_24 = [4, 4, 4, 4, 4, 0, 0, 0, 4, 0]
CIWA_ITEM_10_AT_1 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
CIWA_ITEM_10_AT_3 = [1, 1, 1, 1, 1, 1, 1, 1, 1, 3]
PHQ9_ITEM_9 = [1, 1, 1, 1, 1, 1, 1, 1, 1]  # item 9 "several days"
CSSRS_HIGH = [1, 1, 0, 1, 0, 0, None]  # question 4 (intent) yes
AUDIT_ITEM_6 = [1, 0, 1, 0, 0, 1, 0, 0, 0, 0]  # item 6: a morning drink
PLACED = dt.date(2026, 12, 2)
# physician review R2 (session 11), must-fix 1, the reviewer's words: the COWS flag's emergency evaluation leads and
# arranges the transfer
ALONGSIDE = (
    "First: emergency evaluation now: severe opioid withdrawal with alcohol withdrawal alongside (CIWA-Ar 13 today), a "
    "complicating condition on the COWS flag: arrange transfer now (ED, or 3.7-WM/4-WM)"
)
TREATS_NOW = "First: " + SCREEN_OPIOID + "a prescriber treats withdrawal now, before the patient leaves: "
REPEAT_SCREEN = "First: contact the patient now (welfare check if unreachable) and repeat the C-SSRS screen"


def _score(instrument: str, answers: list) -> object:
    return iopkit.score(instrument, answers)


def _blank(instrument: str, answers: list) -> IncompleteResponseError:
    with pytest.raises(IncompleteResponseError) as refused:
        iopkit.score(instrument, answers)
    return refused.value


def _withdrawn_high() -> Flag:
    """A C-SSRS high-risk flag a correction withdrew, never closed (physician review 9's case)."""
    withdrawn = Withdrawn(dt.date(2026, 3, 2), dt.date(2026, 3, 5), "2", True)
    return Flag(
        "suicide_risk_high", "C-SSRS high risk", "critical", calls_for="emergency_evaluation", withdrawn=withdrawn
    )


def _rec(dims: dict[int, int], scores: tuple = (), **facts) -> Callable[[], Recommendation]:
    return lambda: recommend(dims, suggested=suggest_dimensions([s() for s in scores], **facts))


def _s(instrument: str, answers: list) -> Callable[[], object]:
    return lambda: _score(instrument, answers)


def _b(instrument: str, answers: list) -> Callable[[], object]:
    return lambda: _blank(instrument, answers)


class Case(NamedTuple):
    build: Callable[[], Recommendation]
    lead: str  # how the headline starts, typed
    says: str  # what its first sentence says of the first step, typed ("" where the lead says it)
    step: FirstStep | None  # the first step the wording calls for, typed


CASES = {
    "ordinary IOP": Case(
        _rec({1: 0, 2: 1, 3: 2, 4: 1, 5: 1, 6: 1}), "Recommended: Level 2.1 (Intensive outpatient)", "", None
    ),
    "dimension 1 rated 3": Case(
        _rec({1: 3, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1}),
        "First: 3.7-WM medically monitored inpatient withdrawal management; then reassess",
        "",
        FirstStep.WITHDRAWAL_MANAGEMENT,
    ),
    # physician review R13 (session 14), should-fix 6, the reviewer's words: a 24-hour structured setting today
    "dimension 5 rated 4": Case(
        _rec({1: 1, 2: 0, 3: 1, 4: 1, 5: 4, 6: 1}),
        "First: arrange a 24-hour structured setting today (dimension 5 rated 4, imminent danger): on today's ratings "
        "at least Level 3.5 (Clinically managed high-intensity residential), with withdrawal management there as "
        "dimension 1 needs; until admission: a safety plan with the patient, and naloxone if the patient uses opioids",
        "",
        FirstStep.ARRANGE_24_HOUR_SETTING,
    ),
    "dimension 6 rated 4, COWS 19 today": Case(
        _rec({1: 2, 2: 0, 3: 1, 4: 1, 5: 1, 6: 4}, (_s("cows", COWS_19),), **LOW_RISK),
        "First: a prescriber's review before the patient leaves",
        "",
        FirstStep.MEDICAL_REVIEW,
    ),
    "dimension 3 rated 4": Case(
        _rec({1: 0, 2: 0, 3: 4, 4: 1, 5: 1, 6: 1}),
        "First: emergency psychiatric evaluation now: arrange transfer now (ED)",
        "",
        FirstStep.EMERGENCY_EVALUATION,
    ),
    "dimension 1 rated 4": Case(
        _rec({1: 4, **REST}),
        "First: emergency medical evaluation: arrange transfer now (ED, or 4-WM)",
        "",
        FirstStep.EMERGENCY_EVALUATION,
    ),
    "dimension 2 rated 4, withdrawal within Level 4": Case(
        _rec({1: 2, 2: 4, 3: 1, 4: 1, 5: 1, 6: 1}, **LOW_RISK),
        "First: emergency medical evaluation: arrange transfer now (ED)"
        + AT_4_STAFF_D2  # physician review R16 (session 15), the ruling on C23
        + MEDICAL_DECLINES
        + "; the patient must not drive",
        "",
        FirstStep.EMERGENCY_EVALUATION,
    ),
    "dimensions 2 and 3 rated 4": Case(
        _rec({1: 1, 2: 4, 3: 4, 4: 1, 5: 1, 6: 1}),
        "First: emergency psychiatric evaluation and emergency medical evaluation in one setting",
        "",
        FirstStep.EMERGENCY_EVALUATION,
    ),
    "C-SSRS high risk": Case(
        _rec({1: 0, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, (_s("cssrs_screen", CSSRS_HIGH),)),
        # physician review R6, must-fix 4
        "First: emergency evaluation for suicide risk, with safety precautions, staff with the patient, until it is "
        "done; if the patient declines it or tries to leave",
        "",
        FirstStep.EMERGENCY_EVALUATION,
    ),
    "complicated withdrawal (CIWA-Ar item 10 at 3)": Case(
        _rec({1: 2, **REST}, (_s("ciwa_ar", CIWA_ITEM_10_AT_3),), **LOW_RISK),
        # physician review R2 (session 11), must-fix 1, the reviewer's words; R4, should-fix of must-fix 1: the refusal
        # branch after "staff with the patient until handover" (the reviewer's words)
        # R75 3a (was: "arrange transfer now to medically managed withdrawal")
        "First: emergency medical evaluation: arrange transfer now by emergency services to medically managed "
        "withdrawal (ED, or 4-WM); "
        "staff with the patient until handover; if the patient declines transfer: the prescriber assesses and records "
        "capacity to decline (without capacity: transfer by emergency services; with capacity: record the advice "
        "given and the risks explained; arrange the highest level of care the patient accepts; any dose as the "
        "prescriber decides; tell the patient and any supportive person to call emergency services for a seizure, "
        "confusion, hallucinations or any worsening); "
        # physician review R16 (session 15), the ruling on C06: C05's screen and first dose, and the re-assessment
        "before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of "
        "sedative intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose here "
        "(delirium: to the ED by emergency services; intoxication: the patient must not drive today); otherwise a "
        "prescriber gives a first dose before transfer if it "
        # R65 F2 (was: "the last CIWA-Ar score and any dose with its time"): the step screens for delirium (CAM or 4AT)
        "does not delay the transfer; at handover tell the receiving team the last CIWA-Ar score, the delirium screen "
        "and any dose with its time; the patient must not drive; re-assess for seizures or delirium until handover "
        "(complicated withdrawal",
        "",
        FirstStep.EMERGENCY_EVALUATION,
    ),
    "severe CIWA-Ar of today": Case(
        _rec({1: 2, **REST}, (_s("ciwa_ar", CIWA_24),), **LOW_RISK),
        "First: emergency medical evaluation: arrange transfer now to medically managed withdrawal",
        "",
        FirstStep.EMERGENCY_EVALUATION,
    ),
    "PHQ-9 item 9": Case(
        _rec({1: 0, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, (_s("phq9", PHQ9_ITEM_9),)),
        "First: a same-day suicide risk assessment before the patient leaves",
        "",
        FirstStep.RISK_ASSESSMENT,
    ),
    "PHQ-9 item 9 blank": Case(
        _rec({1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, (_b("phq9", [1, 1, 1, 1, 1, 1, 1, 1, None]),)),
        "First: ask the blank suicide-risk question now",
        "",
        FirstStep.RISK_ASSESSMENT,
    ),
    "withdrawn C-SSRS high risk": Case(
        _rec({1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, older_open_flags=[_withdrawn_high()]),
        REPEAT_SCREEN,
        "",
        FirstStep.RISK_ASSESSMENT,
    ),
    "withdrawn C-SSRS high risk, dimension 1 rated 3": Case(
        _rec({1: 3, **REST}, older_open_flags=[_withdrawn_high()], **LOW_RISK),
        REPEAT_SCREEN,
        "",
        FirstStep.RISK_ASSESSMENT,
    ),
    "withdrawn C-SSRS high risk beside a moderate COWS and CIWA-Ar": Case(
        _rec(
            {1: 2, **REST},
            (_s("cows", COWS_19), _s("ciwa_ar", CIWA_13)),
            older_open_flags=[_withdrawn_high()],
            **LOW_RISK,
        ),
        REPEAT_SCREEN,
        "",
        FirstStep.RISK_ASSESSMENT,
    ),
    "PHQ-9 item 9 beside a moderate COWS and CIWA-Ar": Case(
        _rec(
            {1: 2, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1},
            (_s("cows", COWS_19), _s("ciwa_ar", CIWA_13), _s("phq9", PHQ9_ITEM_9)),
            **LOW_RISK,
        ),
        # physician review R27 M1: the escalation is a transfer; the assessment's handover, if transferred, as cases
        # 29 and 616 say it (before: "... a same-day suicide risk assessment, and a prescriber's review")
        "First: before the patient leaves, a same-day suicide risk assessment (if transferred: at handover tell the "
        "receiving team the last CIWA-Ar and COWS scores and any dose with its time, that today's PHQ-9 item 9 was "
        "positive, and ask them for a suicide risk assessment once the patient is able to answer; do not delay the "
        "transfer for it), and a prescriber's review",
        "",
        FirstStep.RISK_ASSESSMENT,
    ),
    "CIWA-Ar item 10 at 1": Case(
        _rec({1: 1, **REST}, (_s("ciwa_ar", CIWA_ITEM_10_AT_1),), **LOW_RISK),
        "First: medical review now: screen for delirium",
        "",
        FirstStep.MEDICAL_REVIEW,
    ),
    # R30b S7: beside a positive PHQ-9 item 9 the screen asks about an overdose or ingestion first (R16 S5's words)
    "CIWA-Ar item 10 at 1 and PHQ-9 item 9": Case(
        _rec(
            {1: 1, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1},
            (_s("ciwa_ar", CIWA_ITEM_10_AT_1), _s("phq9", PHQ9_ITEM_9)),
            **LOW_RISK,
        ),
        "First: medical review now: ask about any overdose or ingestion today and screen for delirium",
        "; then, before the patient leaves, a same-day suicide risk assessment",
        FirstStep.MEDICAL_REVIEW,
    ),
    "CIWA-Ar item 10 at 1 and a withdrawn C-SSRS high risk": Case(
        _rec({1: 1, **REST}, (_s("ciwa_ar", CIWA_ITEM_10_AT_1),), older_open_flags=[_withdrawn_high()]),
        # beside a C-SSRS high (withdrawn, never closed) the overdose question first (physician review R16, session 15,
        # should-fix S5, its words)
        "First: medical review now: ask about any overdose or ingestion today and screen for delirium",
        "; then, once the medical review finds the patient able to answer (not delirious or intoxicated) and before "
        "the patient leaves, repeat the C-SSRS",
        FirstStep.MEDICAL_REVIEW,
    ),
    "CIWA-Ar item 10 blank": Case(
        _rec({1: 1, **REST}, (_b("ciwa_ar", [0, 0, 0, 0, 0, 0, 0, 0, 0, None]),), **LOW_RISK),
        "First: ask CIWA-Ar item 10 now (Orientation and clouding of sensorium); until it is answered: medical review "
        "now",
        "",
        FirstStep.MEDICAL_REVIEW,
    ),
    "moderate CIWA-Ar": Case(
        _rec({1: 2, **REST}, (_s("ciwa_ar", CIWA_13),), **LOW_RISK),
        "First: a prescriber's review before the patient leaves: "
        + SCREEN_ALCOHOL
        + "treat withdrawal with medication",
        "",
        FirstStep.MEDICAL_REVIEW,
    ),
    "moderate CIWA-Ar, withdrawal risk not assessed": Case(
        _rec({1: 2, **REST}, (_s("ciwa_ar", CIWA_13),)),
        "First: a prescriber's review before the patient leaves: "
        + SCREEN_ALCOHOL
        + "treat withdrawal with medication",
        "",
        FirstStep.MEDICAL_REVIEW,
    ),
    "moderate COWS": Case(
        _rec({1: 2, **REST}, (_s("cows", COWS_19),), **LOW_RISK),
        "First: a prescriber's review before the patient leaves: "
        + SCREEN_OPIOID
        + "treat withdrawal as the prescriber decides",
        "or a higher level of care only for a complicating condition",
        FirstStep.MEDICAL_REVIEW,
    ),
    "COWS above 36": Case(
        _rec({1: 2, **REST}, (_s("cows", COWS_44),), **LOW_RISK),
        TREATS_NOW,
        "emergency evaluation only for a complicating condition",
        FirstStep.MEDICAL_REVIEW,
    ),
    "moderate COWS beside a moderate CIWA-Ar": Case(
        _rec({1: 2, **REST}, (_s("cows", COWS_19), _s("ciwa_ar", CIWA_13)), **LOW_RISK),
        "First: a prescriber's review before the patient leaves: "
        + SCREEN_ALCOHOL  # R21 S3: the step's one screen, the union of its screens (before: SCREEN_OPIOID here)
        + "treat withdrawal as the prescriber decides",
        "arrange medically managed withdrawal or a higher level of care: co-occurring alcohol withdrawal (CIWA-Ar 13 "
        "today)",
        FirstStep.MEDICAL_REVIEW,
    ),
    # physician reviews 8 and 9: alcohol withdrawal alongside a COWS above 36 calls for the emergency evaluation
    # physician review R2 (session 11), must-fix 4: the medical review before the first dose
    "COWS above 36 beside CIWA-Ar item 10 at 1": Case(
        _rec({1: 2, **REST}, (_s("cows", COWS_44), _s("ciwa_ar", CIWA_ITEM_10_AT_1)), **LOW_RISK),
        "First: medical review now, before the first dose: screen for delirium (CAM or 4AT) and intoxication (breath "
        "alcohol)",
        # physician review R3 (session 11), must-fix 4: the delirium branch's transfer, intoxication acted on
        # physician review R6, must-fix 6: the conditional transfer's refusal branch
        # R76b A (was: "...: emergency evaluation: arrange transfer now (ED); ")
        "; if delirium (a complicating condition on the COWS flag): emergency evaluation: arrange transfer now by "
        "emergency services (ED); "
        "staff with the patient until handover; if the patient declines transfer: the prescriber assesses and records "
        "capacity to decline (without capacity: transfer by emergency services; with capacity: record the advice "
        "given and the risks explained; arrange the highest level of care the patient accepts; any dose as the "
        "prescriber decides; tell the patient and any supportive person to call emergency services for a seizure, "
        "confusion, hallucinations or any worsening); if intoxicated (breath alcohol above "
        "zero, or signs of sedative intoxication): no buprenorphine, methadone or benzodiazepine until it clears and "
        # physician review R35 S2: item 10's hold beside the delirium's (conditional) transfer tells the receiving
        # team if transferred (was: "(the patient must not drive today)")
        f"the review is repeated (the patient must not drive today; if transferred: {TOLD}); otherwise a prescriber "
        "treats withdrawal now, before the patient leaves: "
        "buprenorphine, or methadone as the COWS flag says;",
        FirstStep.MEDICAL_REVIEW,
    ),
    "COWS above 36 beside a moderate CIWA-Ar": Case(
        _rec({1: 2, **REST}, (_s("cows", COWS_44), _s("ciwa_ar", CIWA_13)), **LOW_RISK),
        ALONGSIDE,
        "",
        FirstStep.EMERGENCY_EVALUATION,
    ),
    # physician review R3 (session 11), must-fix 2: beside today's C-SSRS high risk, one emergency evaluation for both,
    # with the transfer
    "COWS above 36 beside a moderate CIWA-Ar and C-SSRS high risk": Case(
        _rec({1: 2, **REST}, (_s("cows", COWS_44), _s("ciwa_ar", CIWA_13), _s("cssrs_screen", CSSRS_HIGH)), **LOW_RISK),
        "First: emergency evaluation now, for suicide risk and for severe opioid withdrawal with alcohol withdrawal "
        "alongside (CIWA-Ar 13 today), a complicating condition on the COWS flag: arrange transfer now (ED); safety "
        "precautions, staff with the patient, until handover"
        + MENTAL_HEALTH_DECLINES
        + "; the patient must not drive; ",
        "",
        FirstStep.EMERGENCY_EVALUATION,
    ),
    "COWS above 36 beside a moderate CIWA-Ar, withdrawal risk not assessed": Case(
        _rec({1: 2, **REST}, (_s("cows", COWS_44), _s("ciwa_ar", CIWA_13))),
        ALONGSIDE,
        "",
        FirstStep.EMERGENCY_EVALUATION,
    ),
    "COWS above 36 beside a moderate CIWA-Ar and PHQ-9 item 9": Case(
        _rec(
            {1: 2, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1},
            (_s("cows", COWS_44), _s("ciwa_ar", CIWA_13), _s("phq9", PHQ9_ITEM_9)),
            **LOW_RISK,
        ),
        ALONGSIDE,
        "",
        FirstStep.EMERGENCY_EVALUATION,
    ),
    "COWS above 36 beside a moderate CIWA-Ar, dimension 1 rated 3": Case(
        _rec({1: 3, **REST}, (_s("cows", COWS_44), _s("ciwa_ar", CIWA_13)), **LOW_RISK),
        ALONGSIDE,
        "",
        FirstStep.EMERGENCY_EVALUATION,
    ),
    "COWS above 36 beside a moderate CIWA-Ar, dimension 1 rated 0 under a past seizure": Case(
        _rec({1: 0, **REST}, (_s("cows", COWS_44), _s("ciwa_ar", CIWA_13)), prior_withdrawal_seizure_or_dt=True),
        ALONGSIDE,
        "",
        FirstStep.EMERGENCY_EVALUATION,
    ),
    "COWS above 36 beside a moderate CIWA-Ar and a withdrawn C-SSRS high risk": Case(
        _rec(
            {1: 2, **REST},
            (_s("cows", COWS_44), _s("ciwa_ar", CIWA_13)),
            older_open_flags=[_withdrawn_high()],
            **LOW_RISK,
        ),
        ALONGSIDE,
        "",
        FirstStep.EMERGENCY_EVALUATION,
    ),
    "old severe COWS beside a moderate CIWA-Ar of today": Case(
        _rec(
            {1: 2, **REST},
            (_s("cows", COWS_44), _s("ciwa_ar", CIWA_13)),
            scored_on={"cows": dt.date(2026, 11, 20), "ciwa_ar": PLACED},
            today=PLACED,
            **LOW_RISK,
        ),
        # physician review R18 (session 16), phase 1 (R17b must-fix M3), its words: today's alcohol withdrawal is the
        # complicating condition, so the 37-or-more branch is the emergency evaluation now; the re-score still leads
        # (first step stays a medical review, as the reviewer ruled); was "...(last 44 on 20 Nov 2026, severe): if
        # still 37 or more" and "emergency evaluation only for a complicating condition" before R18/M3
        "First: re-score the COWS now (last 44 on 20 Nov 2026, severe), with alcohol withdrawal alongside (CIWA-Ar 13 "
        "today): if still 37 or more",
        "if still 37 or more: emergency evaluation now",
        FirstStep.MEDICAL_REVIEW,
    ),
    "past withdrawal seizure, dimension 1 rated 1": Case(
        _rec({1: 1, **REST}, prior_withdrawal_seizure_or_dt=True),
        "First: medical review before deciding the setting: residential or inpatient withdrawal management (3.7-WM)",
        "",
        FirstStep.MEDICAL_REVIEW,
    ),
    "mitigated PAWSS 5, dimension 1 rated 1": Case(
        _rec({1: 1, **REST}, pawss=5, withdrawal_risk_mitigated="sober partner at home 24 h"),
        "First: medical review of the recorded mitigation (sober partner at home 24 h)",
        "",
        FirstStep.MEDICAL_REVIEW,
    ),
    "AUDIT item 6, dimension 1 rated 0": Case(
        _rec({1: 0, **REST}, (_s("audit", AUDIT_ITEM_6),)),
        "First: assess withdrawal risk today (ask when and how much the last drink was",
        "",
        FirstStep.MEDICAL_REVIEW,
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_first_step_is_what_the_headline_says_comes_first(case):
    r = case.build()
    first_sentence = r.headline.split(". Then")[0]
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline.startswith(r32a(case.lead, r.headline))
    assert case.says in first_sentence
    assert r.first_step is case.step


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_saved_first_step_is_the_headlines(case):
    data = case.build().to_dict()
    assert data["first_step"] == (case.step.value if case.step else None)
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert data["headline"].startswith(r32a(case.lead, data["headline"]))
