"""Physician review R61 (re-review of the R60 build; placement day 02 Dec 2026). Expectations typed from the ruling's
words.

- Section 7 (must-fix): first-dose words inside a branch said "intoxicated or not", or in the "otherwise" right after
  it, are said for the patient who is not intoxicated only ("if not intoxicated: ").
"""

from __future__ import annotations

import re

import pytest

from .random_placements import cases, only_box, texts

#: R61 section 7's words (typed).
GUARDED_JOINED = "if not intoxicated: a first dose before transfer only if it does not delay the transfer"
GUARDED_NOW = "if not intoxicated: a prescriber gives a first dose before transfer"
# R65 F3 (was: "otherwise, if not intoxicated: treat on the current score: a first dose before transfer")
GUARDED_II = (
    "otherwise, if not intoxicated: treat on the current score (if transferred for the suicide evaluation: a first "
    "dose before transfer"
)
#: The cases of each form among the 800 (typed from R61 sections 4 and 7 and the dump).
JOINED_CASES = (120, 377, 406, 525, 585, 608, 781)
JOINED_BOXES_ONLY = (273, 639)
NOW_CASES = (88, 249, 657)
II_CASES = (33, 135, 199, 247, 293, 321, 370, 458, 580, 724, 766)

#: First-dose words after "intoxicated or not" in its sentence, nothing between that ends the branch (typed from the
#: ruling: a hold of the intoxicated, the path below 15, a guard, another "otherwise").
_DOSE_AFTER = re.compile(
    r"intoxicated or not(?P<between>(?:(?!\. [A-Z]|if intoxicated|not intoxicated|if below|otherwise(?! treat on the "
    r"current score: a first dose)).)*?)(?P<dose>(?:otherwise treat on the current score: |a prescriber gives )?a "
    r"first dose before transfer)"
)


def unguarded(text: str) -> list[str]:
    """The first-dose words said after "intoxicated or not" in its branch without "if not intoxicated"."""
    return [m["dose"] for m in _DOSE_AFTER.finditer(text)]


@pytest.mark.parametrize("number", JOINED_CASES)
def test_s7_joined_headlines_guard_the_first_dose(number: int) -> None:
    headline = only_box(number, "headline")
    # R62 M3: beside 120's high C-SSRS the suicide evaluation's decline words (was: "(without capacity: transfer by
    # emergency services); " for every case)
    declined = (
        # R75 2 (was: "(local involuntary-assessment procedure); ")
        "(local involuntary-assessment procedure); the patient must not drive; "
        if number == 120
        else (
            "(without capacity: transfer by emergency services; with capacity: record the advice given and the risks "
            "explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; "
            "tell the patient and any supportive person to call emergency services for a seizure, confusion, "
            # R73 1a (was: "...any worsening); ")
            "hallucinations or any worsening); the patient must not drive; "
        )
    )
    assert (
        f"{declined}if not intoxicated: a first dose before transfer only if "
        "it does not delay the transfer; if a benzodiazepine is given with buprenorphine or methadone"
    ) in headline
    assert not unguarded(headline)


@pytest.mark.parametrize("number", JOINED_CASES + JOINED_BOXES_ONLY)
def test_s7_joined_boxes_guard_the_first_dose(number: int) -> None:
    box = only_box(number, "moderate_alcohol_withdrawal")
    assert GUARDED_JOINED in box
    assert not unguarded(box)


@pytest.mark.parametrize("number", NOW_CASES)
def test_s7_transfer_now_forms_guard_the_first_dose(number: int) -> None:
    headline = only_box(number, "headline")
    assert GUARDED_NOW in headline
    assert not unguarded(headline)
    # the box form
    box = only_box(number, "moderate_alcohol_withdrawal")
    assert (
        "(without capacity: transfer by emergency services; with capacity: record the advice given and the risks "
        "explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell "
        "the patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or "
        # R74 must-fix 1 (R73 1a's words; was: "...any worsening); if not intoxicated")
        "any worsening); the patient must not drive; if not intoxicated: a first dose before transfer only if "
        "it does not delay the transfer"
    ) in box


@pytest.mark.parametrize("number", II_CASES)
def test_s7_ii_otherwise_is_for_the_not_intoxicated(number: int) -> None:
    headline = only_box(number, "headline")
    assert GUARDED_II in headline
    assert "otherwise treat on the current score: a first dose" not in headline
    assert GUARDED_II in only_box(number, "moderate_alcohol_withdrawal")


def test_s7_case_293_box_in_full() -> None:
    assert only_box(293, "moderate_alcohol_withdrawal") == (
        # R61 section 7 should-fix: "ask what happened since" after the re-score (was: without it)
        "Re-score the CIWA-Ar now (last 13 on 20 Nov 2026); ask what happened since (a seizure, confusion, a hospital "
        "visit, the last drink); before any dose: ask about any overdose or ingestion today and screen for "
        "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
        "glucose; if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency "
        "services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose; "
        "intoxicated: staff stay with the patient; repeat the screen and the score when it clears, or tell the "
        "receiving team at handover; the patient must not drive today); on the re-score, intoxicated or not: if 15 or "
        "more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or more): the "
        # R76 (was: "...that can also manage withdrawal (arrange transfer now), staff with ...")
        "emergency evaluation in an ED that can also manage withdrawal (arrange transfer now by emergency services), "
        "staff with the patient "
        # R65 F3 (was: "treat on the current score: a first dose before transfer only if it does not delay the
        # transfer")
        "until handover; otherwise, if not intoxicated: treat on the current score (if transferred for the suicide "
        "evaluation: a first dose before transfer only "
        # R63 SF3: the (ii) box hands over the re-score (was: "the last CIWA-Ar score")
        "if it does not delay the transfer); at handover tell the receiving team the CIWA-Ar re-score and any dose "
        "with its time; if a dose is given: the patient must not drive today"
    )


def test_s7_sweep_no_first_dose_to_the_intoxicated_in_the_800() -> None:
    """No text of the 800 says first-dose words after "intoxicated or not" in the same branch without "if not
    intoxicated"; and the guard stands in every case of the three forms."""
    wrong = []
    guarded = set()
    for case in cases(800):
        for code, text in texts(case.number):
            if unguarded(text):
                wrong.append((case.number, code, unguarded(text)))
            if any(words in text for words in (GUARDED_JOINED, GUARDED_NOW, GUARDED_II)):
                guarded.add(case.number)
    assert wrong == []
    # R61 section 2's bridging dose says the same guard in every Q2(a) text too: the three forms' cases among them
    assert set(JOINED_CASES + JOINED_BOXES_ONLY + NOW_CASES + II_CASES) <= guarded


#: R61 section 5: g1's Q2(a) form of the plain re-score (typed from R60 Q2(a) as R61 accepts it), its parts.
Q2A_SEVERE = (
    # R61 section 2 (should-fix): the bridging dose (was: "...services); if intoxicated: no dose here")
    "on the re-score, intoxicated or not: if 15 or more, or a seizure since the last score, or hallucinations, or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)")
    "disorientation (item 10 at 2 or more): arrange transfer now by emergency services to medically managed "
    "withdrawal (ED, or 4-WM); staff "
    "with the patient until handover; if the patient declines transfer: the prescriber assesses and records capacity "
    "to decline (without capacity: transfer by emergency services; with capacity: record the advice given and the "
    "risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell "
    "the patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    # R73 1a (was: "...worsening); if not intoxicated")
    "worsening); the patient must not drive; if not intoxicated: a first dose before transfer "
    # R62 M2: the bridging dose handed over, {delirium} where the re-score screens (was: "if intoxicated: no dose
    # here, and at handover tell the receiving team the breath alcohol reading ...")
    # R63 SF1: the driving rule in the hold (was: "no dose here; at handover ... with the time (the patient must not
    # drive today); otherwise")
    "only if it does not delay the transfer; if intoxicated: no dose here (the patient must not drive today); at "
    "handover tell the receiving team the CIWA-Ar re-score{delirium} and any dose with its time, and, if intoxicated, "
    "the breath alcohol reading or the signs, with the time; otherwise, if intoxicated: no dose until it clears ("
)
#: R70 S with must-fix 1 (typed): case 563's boxes (item 10 at 1) tell the headline's PHQ-9 screen and its request at
#: the handover, before the breath alcohol reading, which follows apart.
Q2A_SEVERE_563 = (
    "on the re-score, intoxicated or not: if 15 or more, or a seizure since the last score, or hallucinations, or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)")
    "disorientation (item 10 at 2 or more): arrange transfer now by emergency services to medically managed "
    "withdrawal (ED, or 4-WM); staff "
    "with the patient until handover; if the patient declines transfer: the prescriber assesses and records capacity "
    "to decline (without capacity: transfer by emergency services; with capacity: record the advice given and the "
    "risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell "
    "the patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    # R73 1a (was: "...worsening); if not intoxicated")
    "worsening); the patient must not drive; if not intoxicated: a first dose before transfer "
    "only if it does not delay the transfer; if intoxicated: no dose here (the patient must not drive today); at "
    # R70 S (was: "any dose with its time, and, if intoxicated, the breath alcohol reading or the signs, with the time")
    "handover tell the receiving team the CIWA-Ar re-score, the delirium screen and any dose with its time, that "
    "today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment once the patient is able to answer; "
    "if intoxicated, also tell them the breath alcohol reading or the signs, with the time; otherwise, if intoxicated: "
    "no dose until it clears ("
)
Q2A_BELOW = (
    "if below 15 and not intoxicated: a prescriber treats on today's score (medication at 10 or more; consider at "
    "8-9); if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the "
    # R62 S2 (ruled R63): beside the first dose before transfer (was: "patient is on site; if a dose is given")
    "patient is on site (if transferred: until handover); if a dose is given: the patient must not drive today"
)
#: The boxes R61 section 5 names (case, box, item 10 at 1).
S5_BOXES = (
    (312, "moderate_alcohol_withdrawal", False),
    (563, "moderate_alcohol_withdrawal", True),
    (563, "possible_inattention", True),
)


@pytest.mark.parametrize(("number", "code", "item10"), S5_BOXES)
def test_s5_plain_boxes_of_312_563_say_q2a(number: int, code: str, item10: bool) -> None:
    box = only_box(number, code)
    last = "14" if item10 else "13"
    screen = " and screen for delirium (CAM or 4AT)" if item10 else ""
    assert box.startswith(
        f"Re-score the CIWA-Ar now (last {last} on 20 Nov 2026){screen}; ask what happened since (a seizure, "
        "confusion, a hospital visit, the last drink); before any dose: ask about any overdose or ingestion today and "
        "screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and "
        "check blood glucose; if delirium, or an overdose or ingestion: no dose here; call emergency services for the "
        "ED; staff with the patient until handover (naloxone if signs of opioid overdose); "
        # R62 M2 (was: Q2A_SEVERE); R70 S (was: Q2A_SEVERE.format(...) for 563 too): 563 tells the PHQ-9 screen
        + (Q2A_SEVERE_563 if number == 563 else Q2A_SEVERE.format(delirium=", the delirium screen" if item10 else ""))
    )
    assert box.endswith(Q2A_BELOW)
    assert "otherwise treat on the current score" not in box


#: Case 312's alcohol box in full (R61 section 2, R62 M2 and S2, R63 SF1; typed), asserted by R61 S5 and R62 M2.
CASE_312_ALCOHOL_BOX = (
    # R61 section 2: the bridging dose
    "Re-score the CIWA-Ar now (last 13 on 20 Nov 2026); ask what happened since (a "
    "seizure, confusion, a hospital visit, the last drink); before any dose: ask about any overdose or ingestion "
    "today and screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if delirium, or an overdose or ingestion: no dose here; call emergency "
    "services for the ED; staff with the patient until handover (naloxone if signs of opioid overdose); on the "
    "re-score, intoxicated or not: if 15 or more, or a seizure since the last score, or hallucinations, or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)")
    "disorientation (item 10 at 2 or more): arrange transfer now by emergency services to medically managed "
    "withdrawal (ED, or 4-WM); "
    "staff with the patient until handover; if the patient declines transfer: the prescriber assesses and records "
    "capacity to decline (without capacity: transfer by emergency services; with capacity: record the advice given "
    "and the risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber "
    "decides; tell the patient and any supportive person to call emergency services for a seizure, confusion, "
    # R73 1a (was: "...any worsening); if not intoxicated")
    "hallucinations or any worsening); the patient must not drive; if not intoxicated: a first dose "
    # R62 M2 (was: "if intoxicated: no dose here, and at handover tell the receiving team the breath alcohol ...")
    # R63 SF1: the driving rule in the hold (was: after "with the time")
    "before transfer only if it does not delay the transfer; if intoxicated: no dose here (the patient must not "
    "drive today); at handover tell the receiving team the CIWA-Ar re-score and any dose with its time, and, if "
    "intoxicated, the breath alcohol reading or the signs, with the time; "
    "otherwise, if intoxicated: no dose until it clears (ask the patient to stay on site and repeat the screen and "
    "the scores when it clears; if it has not cleared by the end of the session, or withdrawal worsens: arrange a "
    "higher level of care; the patient must not drive today; if the patient insists on leaving: the same-day "
    "suicide risk assessment first (if too intoxicated to take part in it: staff stay with the patient and arrange "
    "an emergency evaluation for suicide risk); offer a lift or a taxi, and follow local policy); if below 15 and "
    "not intoxicated: a prescriber treats on today's score (medication at 10 or more; consider at 8-9); if a "
    "benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient is "
    # R62 S2 (ruled R63): beside the first dose before transfer (was: "on site; if a dose is given")
    "on site (if transferred: until handover); if a dose is given: the patient must not drive today"
)


def test_s5_case_312_box_in_full() -> None:
    assert only_box(312, "moderate_alcohol_withdrawal") == CASE_312_ALCOHOL_BOX


def test_s5_sweep_no_plain_old_ciwa_rescore_box_without_a_severe_branch() -> None:
    """No box of the 800 carries an old CIWA-Ar re-score ending "otherwise treat on the current score" with no
    branch "intoxicated or not"."""
    wrong = []
    for case in cases(800):
        for code, text in texts(case.number):
            if code == "headline":
                continue
            if (
                re.search(r"[Rr]e-score the CIWA-Ar now \(last \d+ on [^()]*\)", text)
                and re.search(r"otherwise treat on the current score(?!s)", text)
                and "intoxicated or not" not in text
            ):
                wrong.append((case.number, code))
    assert wrong == []


#: R61 section 4 (ii)'s handover, typed from its words; per case the delirium screen (item 10 at 1) and the screens
#: (typed from each case's inputs: C-SSRS today or of 20 Nov 2026, PHQ-9 item 9 today or of 20 Nov 2026).
II_HANDOVER = (
    # R65 F3 (was: "... does not delay the transfer; if transferred: ...")
    "a first dose before transfer only if it does not delay the transfer); if transferred: at handover tell the "
    "receiving team the CIWA-Ar re-score{delirium} and any dose with its time, that {screens}, and whether the "
    "emergency evaluation for suicide risk was completed here (if so, its findings)"
)
_TODAY_HIGH = "today's C-SSRS screen was high risk"
_OLD_HIGH = "the C-SSRS screen of 20 Nov 2026 was high risk"
_OLD_PHQ = " and that the PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed)"
II_HANDOVER_CASES = (
    (199, True, _TODAY_HIGH + _OLD_PHQ),
    (247, True, _OLD_HIGH),
    (293, False, _TODAY_HIGH),
    (321, True, _TODAY_HIGH + _OLD_PHQ),
    (370, True, _TODAY_HIGH),
    (458, False, _TODAY_HIGH),
    (580, True, _TODAY_HIGH),
    (724, False, _OLD_HIGH + " and that today's PHQ-9 item 9 was positive"),
    (766, False, _OLD_HIGH),
)


@pytest.mark.parametrize(("number", "delirium", "screens"), II_HANDOVER_CASES)
def test_s4_ii_headlines_hand_over(number: int, delirium: bool, screens: str) -> None:
    headline = only_box(number, "headline")
    told = II_HANDOVER.format(delirium=", the delirium screen" if delirium else "", screens=screens)
    assert told in headline
    assert headline.count("at handover tell the receiving team") == 1


@pytest.mark.parametrize("number", (33, 135))
def test_s4_ii_headlines_with_a_handover_keep_theirs(number: int) -> None:
    headline = only_box(number, "headline")
    assert "if transferred: at handover tell the receiving team the CIWA-Ar re-score" not in headline
    assert "at handover tell the receiving team" in headline


def test_s4_ii_sweep_every_ii_headline_hands_over() -> None:
    """Every headline of the 800 saying (ii)'s branch says a handover; the new one only in the nine cases."""
    wrong, told = [], set()
    for case in cases(800):
        headline = only_box(case.number, "headline")
        # R76 (was: "...that can also manage withdrawal (arrange transfer now)" alone): its new words read too
        if not any(
            f"the emergency evaluation in an ED that can also manage withdrawal (arrange transfer now{by})" in headline
            for by in ("", " by emergency services")
        ):
            continue
        if "at handover tell the receiving team" not in headline:
            wrong.append(case.number)
        # R65 F3 (was: "the transfer; if transferred: at handover tell the receiving team the CIWA-Ar re-score")
        if "the transfer); if transferred: at handover tell the receiving team the CIWA-Ar re-score" in headline:
            told.add(case.number)
    assert wrong == []
    assert sorted(told) == [199, 247, 293, 321, 370, 458, 580, 724, 766]


#: R61 section 4 (iii)'s words (typed), with the capacity clause, or beside a high C-SSRS (33 135) the suicide
#: evaluation's decline words.
III_TRANSFER_NOW = (
    "arrange medically managed withdrawal or a higher level of care{through}; intoxicated or not, at a CIWA-Ar "
    "re-score of 15 or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)")
    "more): arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM); staff with the "
    "patient until handover; {declines}"
)
CAPACITY = (
    "if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening)"
)
SUICIDE_DECLINES = (
    "if the patient declines transfer or tries to leave: staff stay with the patient and call emergency services for "
    "an emergency mental-health assessment (local involuntary-assessment procedure)"
)
R60_BRACKET = (
    "(or, intoxicated or not, a seizure since the last score, hallucinations, or disorientation (item 10 at 2 or more))"
)
#: (case, text, beside a high C-SSRS, the box's "through the same emergency evaluation").
III_TEXTS = (
    (312, "headline", False, ""),
    (312, "moderate_opioid_withdrawal", False, ""),
    (312, "rated_below_suggestion_d1", False, ""),
    (563, "headline", False, ""),
    (563, "moderate_opioid_withdrawal", False, ""),
    (563, "rated_below_suggestion_d1", False, ""),
    (33, "headline", True, ""),
    (33, "moderate_opioid_withdrawal", True, ", through the same emergency evaluation"),
    (135, "headline", True, ""),
    (135, "moderate_opioid_withdrawal", True, ", through the same emergency evaluation"),
    (135, "rated_below_suggestion_d1", True, ", through the same emergency evaluation"),
)


@pytest.mark.parametrize(("number", "code", "high", "through"), III_TEXTS)
def test_s4_iii_arrange_branches_transfer_now(number: int, code: str, high: bool, through: str) -> None:
    text = only_box(number, code)
    told = III_TRANSFER_NOW.format(through=through, declines=SUICIDE_DECLINES if high else CAPACITY)
    if high:
        # R63 MF2 (= R62 S4): beside a high C-SSRS, the evaluation's ED (was: "arrange transfer now to medically
        # managed withdrawal (ED, or 4-WM)" there too)
        told = told.replace(
            # R76 (was: "arrange transfer now to medically managed withdrawal (ED, or 4-WM)", "...manage withdrawal
            # (arrange transfer now)")
            "arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM)",
            "the emergency evaluation in an ED that can also manage withdrawal (arrange transfer now by emergency "
            "services)",
        )
    # R63 SF2 / R64 S1: the transfer now said right after the hold, before the plain treatment; the 8-or-more branch
    # still arranges care later (was: "arrange medically managed withdrawal or a higher level of care; intoxicated or
    # not, at a CIWA-Ar re-score of 15 ...")
    # still: "arrange ...; intoxicated or not, ..." in the texts SF2 / R64 S1 did not move (33 135 headlines, 135 d1)
    arrange, now = told.split("; intoxicated or not, ", 1)
    assert told in text or (
        ("policy); intoxicated or not, " + now in text or "drive today); intoxicated or not, " + now in text)
        and text.index(now) < text.index(arrange)
    )
    assert R60_BRACKET not in text


@pytest.mark.parametrize("number", (88, 249, 657))
def test_s4_iii_transfer_now_forms_keep_r60_bracket(number: int) -> None:
    headline = only_box(number, "headline")
    assert f"At a CIWA-Ar re-score of 8 or more {R60_BRACKET} (alcohol withdrawal alongside" in headline
    assert "intoxicated or not, at a CIWA-Ar re-score of 15 or more" not in headline


def test_s4_iii_case_312_headline_branch_in_full() -> None:
    headline = only_box(312, "headline")
    # R63 SF2: the transfer now right after the hold, then the plain treatment guarded (was: "at a CIWA-Ar re-score of
    # 8 or more (alcohol withdrawal alongside): arrange medically managed withdrawal or a higher level of care;
    # intoxicated or not, at a CIWA-Ar re-score of 15 ...; if a benzodiazepine")
    assert (
        "follow local policy); intoxicated or not, at a CIWA-Ar re-score of 15 or more, or a seizure since the last "
        # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)")
        "score, or hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now by emergency "
        "services to medically managed withdrawal (ED, or 4-WM); staff with the patient until handover; if the patient "
        "declines transfer: the "
        "prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; with "
        "capacity: record the advice given and the risks explained; arrange the highest level of care the patient "
        "accepts; any dose as the prescriber decides; tell the patient and any supportive person to call emergency "
        # R73 1a (was: "...any worsening); if not intoxicated")
        "services for a seizure, confusion, hallucinations or any worsening); the patient must not drive; "
        # R62 S1: the first dose limited, guarded (R61 section 7)
        "if not intoxicated: a first dose before transfer only if it does not delay the transfer; otherwise, if not "
        "intoxicated: treat on the current score; "
    ) in headline
    assert (
        "at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside): arrange medically managed withdrawal or a "
        "higher level of care; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and "
        # R62 S2 (ruled R63): beside the first dose before transfer (was: "on site;")
        "breathing while the patient is on site (if transferred: until handover);"
    ) in headline


def test_s4_iii_case_312_intoxicated_hold_keeps_both_paths() -> None:
    """The new transfer is on a condition: the intoxicated patient not transferred still stays on site."""
    assert (
        "intoxicated: if transferred, tell the receiving team at handover the breath alcohol reading or the signs, "
        "with the time; if not: ask the patient to stay on site"
    ) in only_box(312, "headline")


def test_s4_iii_sweep_no_8_or_more_branch_only_arranges_care() -> None:
    """No text of an old moderate CIWA-Ar's case in the 800 says an 8-or-more branch that ends arranging care with
    the R60 bracket, nor one without the transfer now after it; the transfer now in exactly the four cases."""
    wrong, said = [], set()
    for case in cases(800):
        if "ciwa_ar mod" not in str(case):  # the ruling's texts: an old moderate CIWA-Ar's (old severe ones: not ruled)
            continue
        for code, text in texts(case.number):
            for m in re.finditer(r"t a CIWA-Ar re-score of 8 or more(?! with a COWS)([^;]*)", text):
                if not re.search(
                    r": arrange medically managed withdrawal or a higher level of care(, through the "
                    r"same emergency evaluation)?$",
                    m[1],
                ):
                    continue
                # R63 SF2 / R64 S1: the transfer now said earlier, right after the hold (was: right after this branch)
                if R60_BRACKET in m[1] or not (
                    text.startswith("; intoxicated or not, at a CIWA-Ar re-score of 15", m.end())
                    or "); intoxicated or not, at a CIWA-Ar re-score of 15" in text[: m.start()]
                ):
                    wrong.append((case.number, code))
                else:
                    said.add(case.number)
    assert wrong == []
    assert sorted(said) == [33, 135, 312, 563]


#: R61 section 2 (should-fix): Q2(a)'s bridging dose for the patient not intoxicated, typed.
BRIDGING = (
    # R62 M2: the bridging dose handed over (was: "...; if intoxicated: no dose here, and at handover tell the
    # receiving team the breath alcohol reading or the signs, with the time")
    # R63 SF1: the driving rule in the hold (was: "no dose here; at handover")
    "if not intoxicated: a first dose before transfer only if it does not delay the transfer; if intoxicated: no dose "
    "here (the patient must not drive today); at handover tell the receiving team the CIWA-Ar re-score"
)


@pytest.mark.parametrize("number", (3, 104, 139, 223))
def test_s2_q2a_headlines_bridge_the_not_intoxicated(number: int) -> None:
    headline = only_box(number, "headline")
    assert (
        "(without capacity: transfer by emergency services; with capacity: record the advice given and the risks "
        "explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; "
        "tell the patient and any supportive person to call emergency services for a seizure, confusion, "
        # R73 1a (was: "...any worsening); " + BRIDGING)
        "hallucinations or any worsening); the patient must not drive; "
    ) + BRIDGING in headline or "(local involuntary-assessment procedure); " + BRIDGING in headline


def test_s2_sweep_every_q2a_hold_has_its_bridging_dose_before_it() -> None:
    """Every "if intoxicated: no dose here, and at handover tell ..." of Q2(a)'s branch in the 800 has the bridging
    dose of the patient not intoxicated right before it."""
    wrong, seen = [], set()
    # R62 M2 (was: "if intoxicated: no dose here, and at handover tell the receiving team the breath alcohol reading")
    # R63 SF1: the driving rule in the hold (was: "if intoxicated: no dose here; at handover tell ...")
    hold = (
        "if intoxicated: no dose here (the patient must not drive today); at handover tell the receiving team the "
        "CIWA-Ar re-score"
    )
    for case in cases(800):
        for code, text in texts(case.number):
            if "on the re-score, intoxicated or not: if 15 or more" not in text or hold not in text:
                continue
            seen.add(case.number)
            if text.count(hold) != text.count(BRIDGING):
                wrong.append((case.number, code))
    assert wrong == []
    assert {3, 104, 139, 223, 312, 563} <= seen


def test_s7_should_fix_ii_and_joined_texts_ask_what_happened_since() -> None:
    """R61 section 7, should-fix: every (ii) and joined text of the 800 asks what happened since right after each old
    moderate CIWA-Ar re-score's bracket (and its delirium screen)."""
    since = "; ask what happened since (a seizure, confusion, a hospital visit, the last drink)"
    wrong, seen = [], set()
    for case in cases(800):
        for code, text in texts(case.number):
            if GUARDED_II not in text and "on the re-scores, intoxicated or not: if a CIWA-Ar of 15" not in text:
                continue
            seen.add(case.number)
            for m in re.finditer(
                r"[Rr]e-score the CIWA-Ar (?:and the COWS )?now(?:, before any dose)? \(last \d+(?: and \d+)? on "
                r"[^(),]*\)(?!:)(?: and screen for delirium \(CAM or 4AT\))?",
                text,
            ):
                if not text.startswith(since, m.end()):
                    wrong.append((case.number, code))
    assert wrong == []
    assert set(JOINED_CASES + JOINED_BOXES_ONLY + II_CASES) <= seen
