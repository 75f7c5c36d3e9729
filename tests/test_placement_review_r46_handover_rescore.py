"""Physician review R46, Q4 and Q5 (both should-fix), the reviewer's words typed.

Q4: the emergency evaluation of a COWS above 36 with alcohol withdrawal alongside (cases 34, 85, 115, 491, 568, 687,
707, 779 of the 800) transfers a patient who may have had a benzodiazepine and buprenorphine: staff stay with the
patient until handover on every path, as in every other transfer-now step. In those 8 headlines, and in the 12 boxes
that begin "Emergency evaluation now: alcohol withdrawal alongside (CIWA-Ar N today), a complicating condition: arrange
transfer now (ED, or 3.7-WM/4-WM); ", "staff with the patient until handover; " straight after "arrange transfer now
(ED, or 3.7-WM/4-WM); ". The bracket words ("no dose here, staff with the patient until handover (...)") stay.

Q5: a headline that re-scores an older CIWA-Ar and says how the patient goes home on a CIWA-Ar condition ("a CIWA-Ar
below 10 at least 1 hour after the last benzodiazepine dose") orders the re-score that condition needs: "re-score the
CIWA-Ar within 1 hour of a dose and at the end of the visit; " immediately before "after a dose given on site, the
patient goes home only if" (16 cases of the 800). No box changes; an old mild CIWA-Ar beside an opioid-only going-home
sentence (433, 547, 750) stays as it is.
"""

from __future__ import annotations

import re

import pytest

from tests.random_placements import built, cases

# --- Q4 ---------------------------------------------------------------------------------------------------------------

#: R46 Q4: the reviewer's words, straight after the transfer.
STAFF = "staff with the patient until handover; "
#: The transfer they follow, then the refusal branch that follows them.
TRANSFER = "arrange transfer now (ED, or 3.7-WM/4-WM); "
#: R76 ruling 2: the same transfer at a CIWA-Ar re-score of 8 or more beside the COWS (typed; was: TRANSFER).
TRANSFER_R76 = (
    "arrange transfer now (a seizure, hallucinations, disorientation or a total of 15 or more: by emergency services, "
    "to the ED or 4-WM; otherwise: ED, or 3.7-WM/4-WM); "
)
DECLINES = (
    "if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening); "
)
#: The 8 headlines' lead (the reviewer's class).
Q4_LEAD = "First: emergency evaluation now: severe opioid withdrawal with alcohol withdrawal alongside"
Q4_CASES = {34: 14, 85: 13, 115: 13, 491: 14, 568: 13, 687: 13, 707: 13, 779: 13}
#: The 12 boxes (the severe COWS box in each of the 8; dimension 1's rating-below box in 34, 687, 707, 779).
Q4_BOX = "Emergency evaluation now: alcohol withdrawal alongside (CIWA-Ar "
Q4_BOXES = sorted(
    [(n, "severe_opioid_withdrawal") for n in Q4_CASES]
    + [(n, "rated_below_suggestion_d1") for n in (34, 687, 707, 779)]
)


def _headline(number: int) -> str:
    return built(cases(800)[number]).headline


def _box(number: int, code: str) -> str:
    (action,) = [f.action for f in built(cases(800)[number]).flags if f.code == code]
    return action


def test_q4_case_34_headline() -> None:
    assert _headline(34).startswith(
        "First: emergency evaluation now: severe opioid withdrawal with alcohol withdrawal alongside (CIWA-Ar 14 "
        "today), a complicating condition on the COWS flag: arrange transfer now (ED, or 3.7-WM/4-WM); staff with the "
        "patient until handover; if the patient declines transfer: the prescriber assesses and records capacity to "
        "decline (without capacity: transfer by emergency services; with capacity: record the advice given and the "
        "risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; "
        "tell the patient and any supportive person to call emergency services for a seizure, confusion, "
        "hallucinations or any worsening); before any dose: ask about any overdose or "
        "ingestion today and screen for delirium (CAM or 4AT)"
    )


def test_q4_case_34_keeps_the_bracket_words() -> None:
    # the reviewer: leave the bracket words as they are (repeating them is harmless)
    assert (
        "if delirium, an overdose or ingestion, or intoxication: no dose here, staff with the patient until handover "
        "(delirium, or an overdose or ingestion: call emergency services for the ED, naloxone if signs of opioid "
        "overdose; "
    ) in _headline(34)


def test_q4_case_85_headline_said_nowhere_before() -> None:
    h = _headline(85)
    assert h.startswith(
        "First: emergency evaluation now: severe opioid withdrawal with alcohol withdrawal alongside (CIWA-Ar 13 "
        "today), a complicating condition on the COWS flag: arrange transfer now (ED, or 3.7-WM/4-WM); staff with the "
        "patient until handover; if the patient declines transfer: the prescriber assesses and records capacity to "
        "decline (without capacity: transfer by emergency services; with capacity: record the advice given and the "
        "risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; "
        "tell the patient and any supportive person to call emergency services for a seizure, confusion, "
        "hallucinations or any worsening); before any dose: screen for intoxication"
    ), h
    assert h.count("staff with the patient until handover") == 1, h


def test_q4_case_707_headline() -> None:
    assert (
        "(CIWA-Ar 13 today), a complicating condition on the COWS flag: arrange transfer now (ED, or 3.7-WM/4-WM); "
        "staff with the patient until handover; if the patient declines transfer: "
    ) in _headline(707)


def test_q4_case_34_boxes() -> None:
    want = (
        "Emergency evaluation now: alcohol withdrawal alongside (CIWA-Ar 14 today), a complicating condition: arrange "
        "transfer now (ED, or 3.7-WM/4-WM); staff with the patient until handover; if the patient declines transfer: "
        "the prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; "
        "with capacity: record the advice given and the risks explained; arrange the highest level of care the "
        "patient accepts; any dose as the prescriber decides; tell the patient and any supportive person to call "
        "emergency services for a seizure, confusion, hallucinations or any worsening); "
        "the patient must not drive; before any dose: ask about any overdose or ingestion today"
    )
    assert _box(34, "severe_opioid_withdrawal").startswith(want)
    assert _box(34, "rated_below_suggestion_d1").startswith(want)


def test_q4_case_85_box() -> None:
    assert _box(85, "severe_opioid_withdrawal").startswith(
        "Emergency evaluation now: alcohol withdrawal alongside (CIWA-Ar 13 today), a complicating condition: arrange "
        "transfer now (ED, or 3.7-WM/4-WM); staff with the patient until handover; if the patient declines transfer: "
        "the prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; "
        "with capacity: record the advice given and the risks explained; arrange the highest level of care the "
        "patient accepts; any dose as the prescriber decides; tell the patient and any supportive person to call "
        "emergency services for a seizure, confusion, hallucinations or any worsening); "
        "the patient must not drive; before any dose: screen for intoxication"
    )


def test_q4_sweep_every_such_headline_says_it_once_straight_after_the_transfer() -> None:
    found = []
    for case in cases(800):
        h = built(case).headline
        if h.startswith(Q4_LEAD):
            found.append(case.number)
            assert f"{TRANSFER}{STAFF}{DECLINES}" in h, (case.number, h)
            assert h.count(f"{TRANSFER}{STAFF}") == 1, (case.number, h)
    assert found == sorted(Q4_CASES)


def test_q4_sweep_every_such_box_says_it_straight_after_the_transfer() -> None:
    found = []
    for case in cases(800):
        for f in built(case).flags:
            if f.action.startswith(Q4_BOX):
                found.append((case.number, f.code))
                ciwa = Q4_CASES[case.number]
                assert f.action.startswith(
                    f"{Q4_BOX}{ciwa} today), a complicating condition: {TRANSFER}{STAFF}{DECLINES}the patient must not "
                    "drive; before any dose: "
                ), (case.number, f.code, f.action)
    assert sorted(found) == Q4_BOXES


# --- Q5 ---------------------------------------------------------------------------------------------------------------

#: R46 Q5: the reviewer's words, immediately before the going-home sentence.
RESCORE = "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; "
HOME = "after a dose given on site, the patient goes home only if"
#: The going-home sentence's CIWA-Ar condition.
CIWA_CONDITION = "a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose"
#: An older CIWA-Ar's re-score ("re-score the CIWA-Ar now (last 21 on 20 Nov 2026", "re-score the CIWA-Ar and screen for
#: delirium (CAM or 4AT) (last 15 on ...", "re-score the CIWA-Ar now, before any dose (last 14 on ...").
# R55 C: or both re-scored as one, the COWS first ("re-score the COWS now (...) and the CIWA-Ar (last 13 on ...": 639)
OLD_RESCORE = re.compile(
    r"re-score the CIWA-Ar\b[^;.]*?\(last \d|re-score the COWS now \([^()]*\) and the CIWA-Ar \(last \d"
)
#: The reviewer's 16 cases.
Q5_CASES = [39, 69, 88, 125, 144, 189, 224, 249, 266, 312, 420, 432, 564, 639, 715, 770]

#: Each named case: the clause before the re-score, the re-score, the going-home sentence (typed from the dump).
Q5_SAID = {
    39: (
        "; if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today; "
        f"{RESCORE}{HOME} awake or"
    ),
    # R48 item 1: the assessment between the dose and going home: the re-score before its "then" (was: after it)
    88: (
        f"; emergency evaluation only for a complicating condition (listed on the COWS flag); {RESCORE}then, before "
        f"the patient leaves, a same-day suicide risk assessment with safety planning; {HOME} awake or"
    ),
    249: (
        f"; emergency evaluation only for a complicating condition (listed on the COWS flag); {RESCORE}{HOME} awake or"
    ),
    312: (
        "; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the "
        # R62 S2 (ruled R63): beside the first dose before transfer (was: "patient is on site; ")
        f"patient is on site (if transferred: until handover); {RESCORE}{HOME} awake or"
    ),
    # R48 item 1: the re-score before the assessment's "then", the going-home sentence straight after the assessment
    432: (
        "ask them for a suicide risk assessment once the patient is able to answer; do not delay the transfer for it); "
        f"{HOME} awake or"
    ),
    639: (
        "; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the "
        # R62 S2 (ruled R63): beside the first dose before transfer (was: "patient is on site; ")
        f"patient is on site (if transferred: until handover); {RESCORE}{HOME} awake or"
    ),
}


@pytest.mark.parametrize("number", sorted(Q5_SAID))
def test_q5_named_cases(number: int) -> None:
    h = _headline(number)
    assert Q5_SAID[number] in h, h


#: R48 item 1: of the 16, the 6 whose same-day suicide risk assessment comes between the dose and going home.
R48_MOVED = [88, 189, 224, 432, 564, 770]


# R48 item 1: the 10 left (was: all 16); the 6 moved are tested in the R48 section below
@pytest.mark.parametrize("number", [n for n in Q5_CASES if n not in R48_MOVED])
def test_q5_the_16_say_it_once_immediately_before_going_home(number: int) -> None:
    h = _headline(number)
    assert f"; {RESCORE}{HOME} " in h, h
    assert h.count("re-score the CIWA-Ar within 1 hour of a dose") == 1, h


@pytest.mark.parametrize("number", [433, 547, 750])
def test_q5_old_mild_ciwa_ar_beside_an_opioid_only_going_home_sentence_stays(number: int) -> None:
    h = _headline(number)
    assert HOME in h and CIWA_CONDITION not in h, h
    assert "re-score the CIWA-Ar" not in h, h
    assert f"; {HOME} " in h, h


def test_q5_no_box_says_going_home() -> None:
    for number in Q5_CASES:
        for f in built(cases(800)[number]).flags:
            assert "goes home only if" not in f.action, (number, f.code)


def _old_ciwa(case) -> bool:  # type: ignore[no-untyped-def]
    return any(instrument == "ciwa_ar" and when == "old" for instrument, _key, when in case.scores)


def test_q5_sweep_every_old_ciwa_ar_re_score_going_home_on_a_ciwa_ar_condition_says_the_re_score_first() -> None:
    """Over the 800: every headline that re-scores an older CIWA-Ar ("re-score the CIWA-Ar ... (last N on ...") and
    says how the patient goes home on a CIWA-Ar condition (either form: "after a dose given on site, the patient goes
    home only if", or "if the evaluation lets the patient go home after a dose given on site: only if") orders the
    re-score after a dose, once, before the going-home sentence (93 headlines at R46; before it, the reviewer's 16 did
    not)."""
    checked = 0
    for case in cases(800):
        h = built(case).headline
        home = h.find("the patient go home after a dose given on site: only if")
        home = home if home >= 0 else h.find(HOME)
        if home < 0 or CIWA_CONDITION not in h[home:]:
            continue
        if _old_ciwa(case) and OLD_RESCORE.search(h, 0, home):
            checked += 1
            assert h.count("re-score the CIWA-Ar within 1 hour of a dose") == 1, (case.number, h)
            assert 0 <= h.find("re-score the CIWA-Ar within 1 hour of a dose") < home, (case.number, h)
    assert checked == 93  # the 16, and 120 and 135 (R39 C10's evaluation form) among the rest


# --- R48 item 1: the re-score before "then", where the assessment comes between the dose and going home --------------

#: R48 item 1: the clause the re-score goes immediately before.
THEN = "then, before the patient leaves, a same-day suicide risk assessment"


def test_r48_case_189_the_reviewers_example() -> None:
    h = _headline(189)
    assert (
        "monitor sedation and breathing while the patient is on site (if transferred: until handover); re-score the "
        "CIWA-Ar within 1 hour of a dose and at the end of the visit; then, before the patient leaves, a same-day "
        "suicide risk assessment (if transferred: at handover tell the receiving team the CIWA-Ar re-score, "
    ) in h, h
    assert "do not delay the transfer for it); after a dose given on site, the patient goes home only if awake" in h, h


@pytest.mark.parametrize("number", R48_MOVED)
def test_r48_the_6_say_the_re_score_once_before_then(number: int) -> None:
    h = _headline(number)
    assert f"; {RESCORE}{THEN}" in h, h
    assert h.count("re-score the CIWA-Ar within 1 hour of a dose") == 1, h
    assert f"{RESCORE}{HOME}" not in h, h


@pytest.mark.parametrize("number", [312, 204, 29, 159, 498, 616, 620, 660, 740])
def test_r48_assessment_before_the_dose_leaves_the_re_score_after_it(number: int) -> None:
    h = _headline(number)
    assert THEN in h and RESCORE in h, h
    assert h.index(THEN) < h.index(RESCORE), h
    assert f"{RESCORE}{THEN}" not in h, h


def _unbracketed(text: str) -> str:
    kept, depth = [], 0
    for char in text:
        depth += char == "("
        if not depth:
            kept.append(char)
        depth -= char == ")" and depth > 0
    return "".join(kept)


def test_r48_sweep_assessment_last_before_going_home_has_the_re_score_before_then() -> None:
    """Over the 800: every headline whose same-day suicide risk assessment is the last clause before "after a dose given
    on site, the patient goes home only if" and that re-scores the CIWA-Ar after a dose says that re-score once,
    immediately before the assessment's "then" (b8's 6 and 30 that R39 C10 put there already)."""
    found = []
    for case in cases(800):
        h = built(case).headline
        home = h.find(f"; {HOME}")
        then = h.rfind(THEN, 0, home)
        if home < 0 or then < 0 or "re-score the CIWA-Ar within 1 hour of a dose" not in h:
            continue
        if re.search(r"; |\. |, and ", _unbracketed(h[then + len(THEN) : home])):
            continue
        found.append(case.number)
        assert h[:then].endswith(f"; {RESCORE}"), (case.number, h)
        assert h.count("re-score the CIWA-Ar within 1 hour of a dose") == 1, (case.number, h)
    assert set(R48_MOVED) <= set(found)
    # the 37 that say the re-score before "then" but 202, whose benzodiazepine monitoring follows the assessment
    assert len(found) == 36, found


# --- R48 item 2: staff with the patient until handover on the transfers a re-score leads to --------------------------

#: R48 item 2: the reviewer's 19 headlines (each has boxes with the same transfer: 52 in all).
R48_STAFFED = [5, 61, 88, 125, 133, 214, 249, 268, 273, 278, 291, 470, 532, 564, 639, 657, 676, 731, 780]
# R50 item S3: + 4 boxes whose comma form now says the staff clause (88 possible_inattention and
# moderate_alcohol_withdrawal, 249's and 657's moderate_alcohol_withdrawal; the d1 boxes were counted already)
# R50 b6 Q2: + 1 possible_inattention box said as its sibling with the severe branch (273 of 273 377 525 585 608 781)
# R58 M2a: + 2 buprenorphine_induction_threshold boxes (273, 639) saying the headline's emergency branch first
R48_BOXES = 59


def test_r48_case_5_old_cows_if_37_or_more() -> None:
    assert (
        "(CIWA-Ar 13 today): if 37 or more: emergency evaluation now: severe opioid withdrawal with alcohol withdrawal "
        "alongside, a complicating condition on the COWS flag: arrange transfer now (ED, or 3.7-WM/4-WM); staff with "
        "the patient until handover; if the patient declines transfer: "
    ) in _headline(5)
    assert (
        "(CIWA-Ar 13 today): if 37 or more: emergency evaluation now: arrange transfer now (ED, or 3.7-WM/4-WM); staff "
        "with the patient until handover; if the patient declines transfer: "
    ) in _box(5, "moderate_opioid_withdrawal")


def test_r48_case_214_box_if_still_37_or_more() -> None:
    assert (
        "(CIWA-Ar 14 today): if still 37 or more: emergency evaluation now: arrange transfer now (ED, or 3.7-WM/4-WM); "
        "staff with the patient until handover; if the patient declines transfer: "
    ) in _box(214, "severe_opioid_withdrawal")


def test_r48_case_125_two_withdrawals_severe() -> None:
    want = (  # R51 3: the capacity to decline and the first dose's timing
        "at a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more: emergency evaluation now: arrange "
        "transfer now (ED, or 3.7-WM/4-WM); staff with the patient until handover; if the patient declines transfer: "
        "the prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; "
        "with capacity: record the advice given and the risks explained; arrange the highest level of care the "
        "patient accepts; any dose as the prescriber decides; tell the patient and any supportive person to call "
        "emergency services for a seizure, confusion, hallucinations or any worsening); "
        # R64 S2: the branch guards its first dose (was: "...services); a first dose before transfer")
        "if not intoxicated: a first dose before transfer only if it does not delay the transfer; the patient must "
        "not drive"
    )
    assert want in _headline(125)
    assert want in _box(125, "severe_alcohol_withdrawal")
    assert want in _box(125, "rated_below_suggestion_d1")


def test_r48_case_88_ciwa_ar_re_score_of_8_or_more() -> None:
    # R60 Q3 (iii): the complications named after "8 or more" (was: "At a CIWA-Ar re-score of 8 or more (alcohol
    # withdrawal alongside, ..."), here and in the box
    assert (
        "At a CIWA-Ar re-score of 8 or more (or, intoxicated or not, a seizure since the last score, "
        "hallucinations, or disorientation (item 10 at 2 or more)) (alcohol withdrawal alongside, a complicating "
        # R76 ruling 2 (was: "...COWS flag): arrange transfer now (ED, or 3.7-WM/4-WM); staff with the patient ...")
        "condition on the COWS flag): arrange transfer now (a seizure, hallucinations, disorientation or a total of 15 "
        "or more: by emergency services, to the ED or 4-WM; otherwise: ED, or 3.7-WM/4-WM); staff with the patient "
        "until handover; if the patient declines transfer: "
    ) in _headline(88)
    assert (
        "At a CIWA-Ar re-score of 8 or more (or, intoxicated or not, a seizure since the last score, "
        "hallucinations, or disorientation (item 10 at 2 or more)) (alcohol withdrawal alongside, a complicating "
        # R76 ruling 2 (was: "...condition): arrange transfer now (ED, or 3.7-WM/4-WM); staff with the patient ...")
        "condition): arrange transfer now (a seizure, hallucinations, disorientation or a total of 15 or more: by "
        "emergency services, to the ED or 4-WM; otherwise: ED, or 3.7-WM/4-WM); staff with the patient until "
        "handover; if the patient declines transfer: "
    ) in _box(88, "severe_opioid_withdrawal")


def test_r48_case_564_box_keeps_the_holds_escort() -> None:
    # the later branch's staff clause does not take the screen's hold's own ("said once", R32 (b)) away
    box = _box(564, "severe_opioid_withdrawal")
    assert "call emergency services for the ED, staff with the patient until handover, naloxone if signs" in box, box
    declines = (  # R51 3: the capacity to decline and the first dose's timing after the staff clause
        "if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
        # R64 S2: the branch guards its first dose (was: "...services); a first dose before transfer")
        "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
        "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
        "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening); "
        "if not intoxicated: a first dose before transfer only if it does not delay the transfer; "
    )
    assert box.endswith(f"emergency evaluation now: {TRANSFER}{STAFF}{declines}the patient must not drive"), box


def test_r48_sweep_every_such_transfer_says_staff_once_straight_after_it() -> None:
    """Over the 800: "arrange transfer now (ED, or 3.7-WM/4-WM); " is followed by "staff with the patient until
    handover; " in every headline and box, and never said twice in a row; the reviewer's 19 headlines and 52 boxes say
    it on a re-score's transfer (with Q4's 8 headlines and 12 boxes)."""
    heads, boxes = [], 0
    for case in cases(800):
        r = built(case)
        for code, text in [("headline", r.headline), *((f.code, f.action) for f in r.flags)]:
            # R76 ruling 2 (was: re.escape(TRANSFER) alone): its form at a CIWA-Ar re-score of 8 or more read too
            at = [m.end() for m in re.finditer(f"{re.escape(TRANSFER)}|{re.escape(TRANSFER_R76)}", text)]
            for end in at:
                assert text.startswith(STAFF, end), (case.number, code, text)
                assert not text.startswith(STAFF, end + len(STAFF)), (case.number, code, text)
            if at and any(
                form in text
                for form in (
                    "or more: emergency evaluation now: ",
                    "at a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more: ",
                    # R60 Q3 (iii): the complications named after "8 or more" (was: "t a CIWA-Ar re-score of 8 or more
                    # (alcohol withdrawal alongside, a complicating condition")
                    "t a CIWA-Ar re-score of 8 or more (or, intoxicated or not, a seizure since the last score, "
                    "hallucinations, or disorientation (item 10 at 2 or more)) (alcohol withdrawal alongside, a "
                    "complicating condition",
                )
            ):
                if code == "headline":
                    heads.append(case.number)
                else:
                    boxes += 1
    assert heads == R48_STAFFED
    assert boxes == R48_BOXES


# --- R48 item 2, lower priority: the same words in the boxes of 69, 432 (ED, or 4-WM) and 31, 353, 419, 716 (ED) -----


@pytest.mark.parametrize("number", [69, 432])
@pytest.mark.parametrize("code", ["severe_opioid_withdrawal", "rated_below_suggestion_d1"])
def test_r48_lower_priority_the_same_transfer_box(number: int, code: str) -> None:
    box = _box(number, code)
    # R76b B3 (was: "delirium): arrange transfer now (ED, or 4-WM); staff ...")
    said = "delirium): arrange transfer now (ED, or 4-WM; by emergency services if delirium); "
    assert (
        f"precipitated withdrawal that does not settle, {said}staff with the patient until handover; if a "
        "benzodiazepine is given with buprenorphine or methadone: "
    ) in box, box
    assert box.count(f"{said}staff with the patient until handover; ") == 1, box


@pytest.mark.parametrize("number", [31, 353, 419, 716])
@pytest.mark.parametrize(
    "code", ["severe_opioid_withdrawal", "rated_below_suggestion_d1", "buprenorphine_induction_threshold"]
)
def test_r48_lower_priority_one_setting_box(number: int, code: str) -> None:
    box = _box(number, code)
    # R60 Q5 S3a: beside a transfer already ordered (419, 716) the branch below 37 is a first dose before transfer only
    # (was: "if below 37: treat on the current score"); 31 and 353 order no transfer unconditionally
    below = (
        "if below 37: a first dose before transfer only if it does not delay the transfer (buprenorphine or methadone "
        "only on a COWS re-scored today); "
        if number in (419, 716)
        else "if below 37: treat on the current score; "
    )
    # R75 1 (was: "arrange transfer now (ED)" in every box): 419's rating-below box repeats its complicated
    # withdrawal of today's step, so its later transfer is by emergency services
    transfer = (
        "arrange transfer now by emergency services (ED); "
        if (number, code) == (419, "rated_below_suggestion_d1")
        else "arrange transfer now (ED); "
    )
    assert (
        "emergency evaluation for suicide risk and emergency medical evaluation in one setting that can manage both: "
        # R53 D: the treatment of a re-score below 37 said as that branch
        + transfer
        + "staff with the patient until handover; "
        + below
    ) in box, box


def test_r48_lower_priority_sweep_no_such_transfer_without_staff() -> None:
    for case in cases(800):
        r = built(case)
        for code, text in [("headline", r.headline), *((f.code, f.action) for f in r.flags)]:
            for said in (
                "delirium): arrange transfer now (ED, or 4-WM); ",
                # R76b B3: the same transfer by emergency services if delirium
                "delirium): arrange transfer now (ED, or 4-WM; by emergency services if delirium); ",
                "that can manage both: arrange transfer now (ED); ",
                # R75 3a: the same transfer where complicated withdrawal was found today
                "that can manage both: arrange transfer now by emergency services (ED); ",
            ):
                for m in re.finditer(re.escape(said), text):
                    assert text.startswith(("staff with the patient", "safety precautions"), m.end()), (
                        case.number,
                        code,
                    )
