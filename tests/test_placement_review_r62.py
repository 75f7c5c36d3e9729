"""Physician review R62 (re-review of h1's build of R61; placement day 02 Dec 2026). Expectations typed from the
ruling's words.

- M1 (must-fix): every "otherwise" after a guarded first dose ("if not intoxicated: a first dose before transfer ...")
  says "if not intoxicated" itself (cases 88 249 657: 3 headlines, 9 boxes).
- M2 (must-fix): Q2(a)'s bridging dose is handed over: "if intoxicated: no dose here; at handover tell the receiving
  team the CIWA-Ar re-score[, the delirium screen] and any dose with its time, and, if intoxicated, the breath alcohol
  reading or the signs, with the time" (the delirium screen only where the re-score screens for it, R60 Q4).
- M3 (must-fix): beside a high C-SSRS, the joined re-scores' decline clause is the suicide evaluation's (case 120:
  headline, alcohol box, d1 box).
"""

from __future__ import annotations

import re

import pytest

from .random_placements import cases, only_box, texts
from .test_placement_review_r61 import CASE_312_ALCOHOL_BOX

#: R62 M1's words (typed).
OTHERWISE_SCORE = "; otherwise, if not intoxicated: treat on the current score"
OTHERWISE_HEADLINE = "Otherwise, if not intoxicated, a prescriber treats withdrawal now"
OTHERWISE_BOX = "Otherwise, if not intoxicated, treat withdrawal now"
#: The old words M1 replaces (typed from R62).
OLD_OTHERWISE = ("; otherwise treat on the current score", "Otherwise a prescriber treats withdrawal now",
                 "Otherwise treat withdrawal now")  # fmt: skip
#: M1's texts, typed from R62 section (1): (case, box, the words it says).
M1_TEXTS = (
    (88, "headline", OTHERWISE_HEADLINE),
    (249, "headline", OTHERWISE_HEADLINE),
    (657, "headline", OTHERWISE_HEADLINE),
    (88, "possible_inattention", OTHERWISE_SCORE),
    (88, "moderate_alcohol_withdrawal", OTHERWISE_SCORE),
    # R69, ruling R67 must-fix 1 (was: (88, "rated_below_suggestion_d1", OTHERWISE_SCORE), (249,
    # "rated_below_suggestion_d1", OTHERWISE_SCORE)): the d1 box's second re-score step, its "otherwise" with it,
    # dropped altogether (R69_DROPPED below)
    (249, "moderate_alcohol_withdrawal", OTHERWISE_SCORE),
    (657, "moderate_alcohol_withdrawal", OTHERWISE_SCORE),
    (88, "severe_opioid_withdrawal", OTHERWISE_BOX),
    (88, "rated_below_suggestion_d1", OTHERWISE_BOX),
    (249, "severe_opioid_withdrawal", OTHERWISE_BOX),
    (249, "rated_below_suggestion_d1", OTHERWISE_BOX),
    (657, "severe_opioid_withdrawal", OTHERWISE_BOX),
)
#: A guarded first dose (R61 section 7's words) and the first "otherwise" after it.
_GUARDED_THEN_OTHERWISE = re.compile(
    r"if not intoxicated: (?:a prescriber gives )?a first dose before transfer(?P<between>(?:(?![Oo]therwise).)*)"
    r"(?P<otherwise>[Oo]therwise(?P<rest>.{0,40}))"
)


@pytest.mark.parametrize(("number", "code", "words"), M1_TEXTS)
def test_m1_otherwise_after_a_guarded_dose_is_guarded(number: int, code: str, words: str) -> None:
    text = only_box(number, code)
    assert words in text
    assert not any(old in text for old in OLD_OTHERWISE)


#: R69, ruling R67 must-fix 1: the d1 boxes whose second re-score step (with its guarded "otherwise") is dropped.
R69_DROPPED = ((88, "rated_below_suggestion_d1"), (249, "rated_below_suggestion_d1"))


@pytest.mark.parametrize(("number", "code"), R69_DROPPED)
def test_m1_r69_dropped_otherwise_said_nowhere_in_the_box(number: int, code: str) -> None:
    text = only_box(number, code)
    assert OTHERWISE_SCORE not in text
    assert not any(old in text for old in OLD_OTHERWISE)
    assert OTHERWISE_BOX in text  # the first part's, kept


def test_m1_case_88_alcohol_box_reads_the_guard_after_its_handover() -> None:
    assert (
        "if not intoxicated: a first dose before transfer only if it does not delay the transfer; if transferred: at "
        # R64 S3 (was: "the last CIWA-Ar and COWS scores and any dose with its time"): 88 screens for delirium
        "handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its "
        # R70 S (was: "time; otherwise, if "): the headline's C-SSRS moderate screen and its request told at handover
        "time, that today's C-SSRS screen was moderate risk, and ask them for a suicide risk assessment with safety "
        "planning, without delaying the transfer; otherwise, if "
        "not intoxicated: treat on the current score; if a benzodiazepine is given with buprenorphine or methadone: "
        "monitor sedation and breathing while the patient is on site (if transferred: until handover)"
    ) in only_box(88, "moderate_alcohol_withdrawal")


def test_m1_case_657_headline_reads_the_guard_after_the_transfer() -> None:
    assert (
        "monitor sedation and breathing until handover; the patient must not drive. Otherwise, if not intoxicated, a "
        "prescriber treats withdrawal now, before the patient leaves: buprenorphine, or methadone as the COWS flag says"
    ) in only_box(657, "headline")


def test_m1_q2a_otherwise_of_the_intoxicated_is_kept() -> None:
    """Q2(a)'s own "otherwise, if intoxicated: no dose until it clears" is not a treatment: left as it is."""
    assert "; otherwise, if intoxicated: no dose until it clears (" in only_box(104, "headline")
    assert "otherwise, if not intoxicated: if intoxicated" not in only_box(104, "headline")


def test_m1_sweep_every_otherwise_after_a_guarded_dose_is_conditioned() -> None:
    """In the 800, the first "otherwise" after every guarded first dose that treats has a condition of its own
    ("otherwise, if not intoxicated..."), never a bare "otherwise treat" (an "otherwise" of the going-home conditions,
    "otherwise the patient stays on site until these conditions are met", is not a treatment); the three M1 cases are
    among those read."""
    wrong, seen = [], set()
    for case in cases(800):
        for code, text in texts(case.number):
            for m in _GUARDED_THEN_OTHERWISE.finditer(text):
                seen.add(case.number)
                if m["rest"].startswith((" treat", " a prescriber treat")):
                    wrong.append((case.number, code, m["otherwise"]))
            if any(old in text for old in OLD_OTHERWISE[1:]) and "if not intoxicated: " in text:
                if "Otherwise, if not intoxicated, " not in text:
                    wrong.append((case.number, code, "old Otherwise"))
    assert wrong == []
    assert {88, 249, 657, 120, 104} <= seen


#: R62 M2's words (typed): what follows the bridging dose.
BRIDGING = "if not intoxicated: a first dose before transfer only if it does not delay the transfer; "
# R63 SF1: the driving rule inside the hold, not at the end of the handover list (was: "if intoxicated: no dose here;
# at handover ... with the time (the patient must not drive today)")
HANDED_OVER = (
    "if intoxicated: no dose here (the patient must not drive today); at handover tell the receiving team the CIWA-Ar "
    "re-score{delirium} and any dose with its time, and, if intoxicated, the breath alcohol reading or the signs, with "
    "the time"
)
#: The old words M2 replaces (typed from R62).
OLD_HOLD = (
    "if intoxicated: no dose here, and at handover tell the receiving team the breath alcohol reading or the signs, "
    "with the time"
)
#: Q2(a) texts named by R62 (104 139 3 25 101 223; 312/563 boxes): (case, box, whether the re-score screens for
#: delirium: item 10 at 1).
M2_TEXTS = (
    (104, "headline", True),
    (139, "headline", False),
    (3, "headline", True),
    (25, "headline", False),
    (101, "headline", True),
    (223, "headline", False),
    (312, "moderate_alcohol_withdrawal", False),
    (563, "moderate_alcohol_withdrawal", True),
    (563, "possible_inattention", True),
)
DELIRIUM = ", the delirium screen"
#: R70 S with must-fix 1 (typed): case 563's Q2(a) boxes tell the headline's PHQ-9 screen and its request at their
#: handover, before the breath alcohol reading, which follows apart.
HANDED_OVER_563 = (
    "if intoxicated: no dose here (the patient must not drive today); at handover tell the receiving team the CIWA-Ar "
    # R70 S (was: "re-score{delirium} and any dose with its time, and, if intoxicated, the breath alcohol reading or
    # the signs, with the time")
    "re-score, the delirium screen and any dose with its time, that today's PHQ-9 item 9 was positive, and ask them "
    "for a suicide risk assessment once the patient is able to answer; if intoxicated, also tell them the breath "
    "alcohol reading or the signs, with the time"
)
#: R70 S: the Q2(a) texts whose handover tells a suicide screen (typed), with their words.
R70_HANDED_OVER = {
    (563, "moderate_alcohol_withdrawal"): HANDED_OVER_563,
    (563, "possible_inattention"): HANDED_OVER_563,
}


@pytest.mark.parametrize(("number", "code", "screens"), M2_TEXTS)
def test_m2_q2a_texts_hand_over_the_bridging_dose(number: int, code: str, screens: bool) -> None:
    text = only_box(number, code)
    # R70 S (was: HANDED_OVER.format(...) for every text): 563's boxes tell the PHQ-9 screen too
    handed = R70_HANDED_OVER.get((number, code), HANDED_OVER.format(delirium=DELIRIUM if screens else ""))
    assert BRIDGING + handed + "; otherwise, if intoxicated" in text
    assert OLD_HOLD not in text
    assert ("and screen for delirium (CAM or 4AT); ask what happened since" in text) is screens


def test_m2_sweep_every_q2a_branch_hands_over() -> None:
    """In the 800: no Q2(a) text says the old hold; each bridging dose of Q2(a)'s branch is followed by the handover,
    with the delirium screen exactly where its re-score screens for delirium; all 129 Q2(a) texts (R62 5a)."""
    wrong, seen = [], 0
    branch = (
        "on the re-score, intoxicated or not: if 15 or more, or a seizure since the last score, or hallucinations, or "
        # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM); ")
        "disorientation (item 10 at 2 or more): arrange transfer now by emergency services to medically managed "
        "withdrawal (ED, or 4-WM); "
    )
    for case in cases(800):
        for code, text in texts(case.number):
            if OLD_HOLD in text:
                wrong.append((case.number, code, "old hold"))
            for m in re.finditer(re.escape(branch), text):
                seen += 1
                rescore = text.rfind("e-score the CIWA-Ar", 0, m.start())
                screens = "screen for delirium (CAM or 4AT)" in text[rescore : m.start()]
                # R70 S (was: HANDED_OVER.format(...) for every text): 563's two boxes tell the PHQ-9 screen too
                told = BRIDGING + R70_HANDED_OVER.get(
                    (case.number, code), HANDED_OVER.format(delirium=DELIRIUM if screens else "")
                )
                if told not in text[m.start() :]:
                    wrong.append((case.number, code, screens))
    assert wrong == []
    assert seen == 129


def test_m2_case_312_box_in_full() -> None:
    # the same typed text as R61 S5's (R62 M2: the bridging dose handed over; R63 SF1: the driving rule in the hold)
    assert only_box(312, "moderate_alcohol_withdrawal") == CASE_312_ALCOHOL_BOX


#: R62 M3's words (typed) and the clause they replace.
DECLINES_OR_LEAVES = (
    "if the patient declines transfer or tries to leave: staff stay with the patient and call emergency services for "
    "an emergency mental-health assessment (local involuntary-assessment procedure)"
)
CAPACITY = (
    "if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening)"
)


@pytest.mark.parametrize("code", ("headline", "moderate_alcohol_withdrawal", "rated_below_suggestion_d1"))
def test_m3_case_120_joined_rescores_take_the_suicide_evaluations_decline_words(code: str) -> None:
    text = only_box(120, code)
    assert (
        "on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or a seizure since the last score, or "
        # R63 MF2 (= R62 S4): beside the high C-SSRS, the evaluation's ED (was: "arrange transfer now to medically
        # managed withdrawal (ED, or 4-WM)")
        "hallucinations, or disorientation (item 10 at 2 or more): the emergency evaluation in an ED that can also "
        # R76 (was: "...manage withdrawal (arrange transfer now); staff with the patient...")
        "manage withdrawal (arrange transfer now by emergency services); staff with the patient until handover; "
        f"{DECLINES_OR_LEAVES}; "
        # R75 2 (was: "...(local involuntary-assessment procedure); if not intoxicated")
        "the patient must not drive; if not intoxicated: a first dose before transfer only if it does not delay the "
        "transfer"
    ) in text
    assert CAPACITY not in text


def test_m3_joined_rescores_without_a_high_cssrs_keep_the_capacity_clause() -> None:
    # R73 1a (was: f"...{CAPACITY}; if not intoxicated: a first dose")
    assert (
        f"staff with the patient until handover; {CAPACITY}; the patient must not drive; if not intoxicated: a first "
        "dose"
    ) in only_box(377, "headline")


def test_m3_sweep_no_capacity_clause_beside_a_high_cssrs() -> None:
    """In the 800, no text of a case with a C-SSRS high risk (its suicide_risk_high box, today's or old screen) says
    the capacity clause: every withdrawal-transfer decline clause there is the suicide evaluation's."""
    wrong, high = [], 0
    for case in cases(800):
        said = texts(case.number)
        if not any(code == "suicide_risk_high" for code, _ in said):
            continue
        high += 1
        wrong += [(case.number, code) for code, text in said if CAPACITY in text]
    assert wrong == []
    assert high == 150


#: R62 S3's words (typed): after each old moderate CIWA-Ar re-score's bracket (and its delirium screen).
SINCE = "; ask what happened since (a seizure, confusion, a hospital visit, the last drink)"
#: The (iii) texts R62 S3 names: the headlines of 88 249 657 312 563 and the boxes of 88 249 657 (item 10 at 1: 88 563).
S3_TEXTS = (
    (88, "headline", "(last 14 on 20 Nov 2026) and screen for delirium (CAM or 4AT)"),
    (249, "headline", "(last 13 on 20 Nov 2026)"),
    (657, "headline", "(last 13 on 20 Nov 2026)"),
    (312, "headline", "(last 13 on 20 Nov 2026)"),
    (563, "headline", "(last 14 on 20 Nov 2026) and screen for delirium (CAM or 4AT)"),
    (88, "moderate_alcohol_withdrawal", "(last 14 on 20 Nov 2026) and screen for delirium (CAM or 4AT)"),
    (88, "severe_opioid_withdrawal", "(last 14 on 20 Nov 2026) and screen for delirium (CAM or 4AT)"),
    (249, "moderate_alcohol_withdrawal", "(last 13 on 20 Nov 2026)"),
    (657, "severe_opioid_withdrawal", "(last 13 on 20 Nov 2026)"),
)
#: An old moderate CIWA-Ar's re-score and its bracket (and delirium screen), in the tool's forms (typed).
_RESCORE = re.compile(
    r"[Rr]e-score the CIWA-Ar (?:and the COWS )?(?:now|first)(?:, before any dose)? \(last \d+(?: and \d+)? on 20 Nov "
    r"2026\)(?: and screen for delirium \(CAM or 4AT\))?(?!:)"
)


@pytest.mark.parametrize(("number", "code", "bracket"), S3_TEXTS)
def test_s3_iii_texts_ask_what_happened_since(number: int, code: str, bracket: str) -> None:
    assert f"{bracket}{SINCE}" in only_box(number, code)


def test_s3_sweep_every_seizure_branch_text_asks_after_each_rescore() -> None:
    """In the 800, every text whose branch turns on "a seizure since the last score" after an old moderate CIWA-Ar
    re-score ((ii), joined, (iii)) asks what happened since right after each such re-score."""
    branches = ("(or, intoxicated or not, a seizure since the last score", "intoxicated or not, at a CIWA-Ar re-score")
    wrong, seen = [], set()
    for case in cases(800):
        for code, text in texts(case.number):
            if not any(b in text for b in branches):
                continue
            for m in _RESCORE.finditer(text):
                seen.add(case.number)
                if not text.startswith(SINCE, m.end()):
                    wrong.append((case.number, code))
    assert wrong == []
    assert {88, 249, 657, 312, 563} <= seen


#: R62 S1's words (typed) after (iii)'s transfer now's capacity clause; the dose said for the patient not intoxicated
#: (R61 section 7's guard, which every first dose after "intoxicated or not" takes).
S1_AFTER = (
    "intoxicated or not, at a CIWA-Ar re-score of 15 or more, or a seizure since the last score, or hallucinations, or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM); staff")
    "disorientation (item 10 at 2 or more): arrange transfer now by emergency services to medically managed "
    "withdrawal (ED, or 4-WM); staff "
    # R73 1a (was: f"...{CAPACITY}; if not intoxicated")
    f"with the patient until handover; {CAPACITY}; the patient must not drive; if not intoxicated: a first dose "
    "before transfer only if it does not delay the transfer; "
)


@pytest.mark.parametrize(("number", "code"), ((312, "headline"), (563, "headline")))
def test_s1_transfer_now_after_the_plain_treatment_limits_the_first_dose(number: int, code: str) -> None:
    text = only_box(number, code)
    assert S1_AFTER in text
    # R63 SF2: the transfer now said right after the hold, before the plain treatment, which is now guarded
    # (was: "otherwise treat on the current score" before the transfer now)
    assert text.index(S1_AFTER) < text.index("otherwise, if not intoxicated: treat on the current score")


def test_s1_sweep_every_transfer_now_after_a_plain_treatment_limits_it() -> None:
    """In the 800, every (iii) transfer now with the capacity clause that follows a plain "otherwise treat on the
    current score" says the first dose before transfer only if it does not delay the transfer, guarded."""
    now = S1_AFTER.split(f"{CAPACITY}; ")[0] + CAPACITY
    wrong, seen = [], set()
    for case in cases(800):
        for code, text in texts(case.number):
            at = text.find(now)
            # R63 SF2: the plain treatment now follows the transfer now, guarded (was: "otherwise treat on the current
            # score" before it)
            if at < 0 or not (
                re.search(r"otherwise treat on the current score(?![s:])", text[:at])
                or re.search(r"otherwise, if not intoxicated: treat on the current score(?![s:])", text[at:])
            ):
                continue
            seen.add(case.number)
            if S1_AFTER not in text:
                wrong.append((case.number, code))
    assert wrong == []
    assert seen == {312, 563}
