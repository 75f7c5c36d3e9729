"""Physician review R60, Q3 (ii), (iii), the joined CIWA-Ar and COWS re-scores, and Q4 for those texts (placement day
02 Dec 2026). Expectations typed from the ruling's words.

An old moderate CIWA-Ar (13, or 14 with item 10 at 1, of 20 Nov 2026) was re-scored with "otherwise treat on the
current score" and no severe branch: a re-score of 20, or a seizure since 20 Nov, could be treated on site.

- (ii) beside the emergency evaluation for suicide risk ordered first, the closing says the severe branch to an ED that
  can also manage withdrawal;
- (iii) beside a COWS of today, "at a CIWA-Ar re-score of 8 or more" also names the complications, intoxicated or not;
- joined CIWA-Ar and COWS re-scores say the severe branch before the closing, which treats only if not intoxicated;
- Q4: where item 10 was 1, the re-score screens for delirium (CAM or 4AT), and a positive screen holds the dose and
  sends the patient to the ED.
"""

from __future__ import annotations

import re

import pytest

from .random_placements import cases, only_box, texts

#: Q3 (ii)'s words (typed from the ruling).
EVALUATION_BRANCH = (
    "on the re-score, intoxicated or not: if 15 or more, or a seizure since the last score, or hallucinations, or "
    "disorientation (item 10 at 2 or more): the emergency evaluation in an ED that can also manage withdrawal (arrange "
    # R61 section 7: the "otherwise" is for the patient who is not intoxicated (was: "otherwise treat on the current
    # score: a first dose before transfer")
    # R65 F3 (was: "treat on the current score: a first dose before transfer only if it does not delay the transfer")
    # R76 (was: "...(arrange transfer now), staff with ...")
    "transfer now by emergency services), staff with the patient until handover; otherwise, if not intoxicated: treat "
    "on the current score "
    "(if transferred for the suicide evaluation: a first dose before transfer only if it does not delay the transfer)"
)
#: Q3 (iii)'s words (typed).
AT_8 = (
    "t a CIWA-Ar re-score of 8 or more (or, intoxicated or not, a seizure since the last score, hallucinations, or "
    "disorientation (item 10 at 2 or more))"
)
#: R61 section 4 (iii)'s transfer now after an 8-or-more branch that only arranges care (typed).
R61_AT_8 = (
    "arrange medically managed withdrawal or a higher level of care; intoxicated or not, at a CIWA-Ar re-score of 15 "
    "or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or more): arrange "
    # R76 (was: "...arrange transfer now to medically managed withdrawal (ED, or 4-WM)")
    "transfer now by emergency services to medically managed withdrawal (ED, or 4-WM)"
)
#: R63 MF2 (= R62 S4): 33 135, beside a high C-SSRS, the transfer now goes to the evaluation's ED (was: R61_AT_8).
R61_AT_8_HIGH = R61_AT_8.replace(
    # R76 (was: "arrange transfer now to medically managed withdrawal (ED, or 4-WM)" and "...withdrawal (arrange
    # transfer now)")
    "arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM)",
    "the emergency evaluation in an ED that can also manage withdrawal (arrange transfer now by emergency services)",
)
#: R63 SF2 / R64 S1: 312 563 (and 33 135's COWS boxes) say the transfer now right after the hold, before the plain
#: treatment (was: R61_AT_8, the transfer now after the 8-or-more branch's "arrange ...").
R63_SF2_NOW = R61_AT_8.replace("arrange medically managed withdrawal or a higher level of care; ", "); ")
R63_SF2_NOW_HIGH = R61_AT_8_HIGH.replace("arrange medically managed withdrawal or a higher level of care; ", "); ")
#: The joined re-scores' words (typed).
JOINED_BRANCH = (
    "on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or a seizure since the last score, or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM); ...")
    "hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now by emergency services to "
    "medically managed withdrawal (ED, or 4-WM); staff with the patient until handover; if the patient declines "
    "transfer: the prescriber assesses "
    # R61 section 7: "if not intoxicated: " before the first dose (was: "...services); a first dose before transfer")
    "and records capacity to decline (without capacity: transfer by emergency services; with capacity: record the "
    "advice given and the risks explained; arrange the highest level of care the patient accepts; any dose as the "
    "prescriber decides; tell the patient and any supportive person to call emergency services for a seizure, "
    # R73 1a (was: "...any worsening); if not intoxicated")
    "confusion, hallucinations or any worsening); the patient must not drive; if not intoxicated: a first "
    "dose before transfer only if it does not delay the transfer; if a benzodiazepine is given with buprenorphine or "
    "methadone: monitor sedation and breathing until handover; otherwise, if not intoxicated: a prescriber treats on "
    "today's score"
)
#: R62 M3: case 120's joined re-scores beside a high C-SSRS, the suicide evaluation's decline words (was:
#: JOINED_BRANCH's
#: "if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity:
#: transfer by emergency services)").
JOINED_BRANCH_HIGH = JOINED_BRANCH.replace(
    "if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    # R73 1a: the driving rule after the capacity clause goes with it; the suicide evaluation's words are unchanged
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening); the "
    "patient must not drive",
    "if the patient declines transfer or tries to leave: staff stay with the patient and call emergency services for "
    # R75 2 (was: "...(local involuntary-assessment procedure)" without the driving rule)
    "an emergency mental-health assessment (local involuntary-assessment procedure); the patient must not drive",
).replace(
    # R63 MF2 (= R62 S4): beside a high C-SSRS, the transfer goes to the evaluation's ED (was: "arrange transfer now to
    # medically managed withdrawal (ED, or 4-WM)")
    # R76 (was: "arrange transfer now to medically managed withdrawal (ED, or 4-WM)" and "...withdrawal (arrange
    # transfer now)")
    "arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM)",
    "the emergency evaluation in an ED that can also manage withdrawal (arrange transfer now by emergency services)",
)
#: The two-withdrawals line, kept as built (typed).
TWO_WITHDRAWALS = (
    "at a CIWA-Ar re-score of 8 or more with a COWS re-score of 13 or more (two withdrawals): arrange medically "
    "managed withdrawal or a higher level of care"
)
#: Q4's screen and its branch (typed).
SCREEN = " and screen for delirium (CAM or 4AT)"
IF_DELIRIUM = "if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; "

#: The shapes' cases among the 800 (typed from the session's dump of the rule).
EVALUATION_CASES = (33, 135, 199, 247, 293, 321, 370, 458, 580, 724, 766)
# R61 section 4 (iii): where the 8-or-more branch only arranges care (33 135 312 563), the bracket gives way to a
# transfer now after it (was: AT_8_CASES = (33, 88, 135, 249, 312, 563, 657))
AT_8_CASES = (88, 249, 657)
R61_AT_8_CASES = (33, 135, 312, 563)
JOINED_HEADLINES = (120, 377, 406, 525, 585, 608, 781)
JOINED_BOXES_ONLY = (273, 639)
ITEM_10_AT_1 = (88, 199, 247, 273, 321, 370, 377, 525, 563, 580, 585, 608, 781)
#: R60 Q4 in builder g1's Q2 (a) / Q3 (i) texts (r60_g1's M1A_CASES and PLAIN_CASES whose last CIWA-Ar had item 10 at
#: 1), which the count's pattern reads too since the merge (typed from the dump).
ITEM_10_AT_1_Q2A = (3, 101, 104, 131, 220, 280, 298, 345, 357, 385, 387, 579, 615, 623, 624, 666, 709, 765, 784)

#: An old moderate CIWA-Ar's re-score bracket as the texts say it (typed).
RESCORE = re.compile(r"[Rr]e-score the CIWA-Ar (?:and the COWS )?(?:now|first)(?:, before any dose)? \(last [^()]*\)")
OLD_MODERATE = re.compile(r"ciwa_ar mod13(?:_i1)? old")


def _case_line(number: int) -> str:
    return str(cases(800)[number])


@pytest.mark.parametrize("number", EVALUATION_CASES)
def test_ii_headline_says_the_severe_branch_to_the_ed(number: int) -> None:
    headline = only_box(number, "headline")
    assert headline.startswith("First: emergency evaluation for suicide risk")
    assert EVALUATION_BRANCH in headline
    assert not re.search(r"otherwise treat on the current score(?!: a first dose)", headline)


@pytest.mark.parametrize("number", AT_8_CASES)
def test_iii_headline_names_the_complications_at_8(number: int) -> None:
    headline = only_box(number, "headline")
    assert AT_8 in headline
    assert not re.search(r"t a CIWA-Ar re-score of 8 or more \(alcohol", headline)


@pytest.mark.parametrize("number", R61_AT_8_CASES)
def test_iii_r61_arrange_branches_transfer_now(number: int) -> None:
    # R61 section 4 (iii) (was: test_iii_headline_names_the_complications_at_8 for these cases, the R60 bracket)
    headline = only_box(number, "headline")
    # R63 MF2: beside 33 135's high C-SSRS, the evaluation's ED (was: R61_AT_8 for all four)
    # R63 SF2: 312 563's transfer now right after the hold (was: R61_AT_8)
    assert (R61_AT_8_HIGH if number in (33, 135) else R63_SF2_NOW) in headline
    assert AT_8 not in headline


@pytest.mark.parametrize("number", JOINED_HEADLINES)
def test_joined_headline_says_the_severe_branch_before_treating(number: int) -> None:
    headline = only_box(number, "headline")
    branch = JOINED_BRANCH_HIGH if number == 120 else JOINED_BRANCH  # R62 M3 (was: JOINED_BRANCH)
    assert f"{branch}s; {TWO_WITHDRAWALS}" in headline
    assert "otherwise treat on the current scores" not in headline


@pytest.mark.parametrize("number", JOINED_HEADLINES + JOINED_BOXES_ONLY)
def test_joined_boxes_say_it_on_the_ciwa_part(number: int) -> None:
    box = only_box(number, "moderate_alcohol_withdrawal")
    branch = JOINED_BRANCH_HIGH if number == 120 else JOINED_BRANCH  # R62 M3 (was: JOINED_BRANCH)
    assert f"{branch}; " in box
    assert TWO_WITHDRAWALS in box
    assert "otherwise treat on the current score" not in box


@pytest.mark.parametrize("number", ITEM_10_AT_1)
def test_q4_every_changed_text_screens_for_delirium_and_holds(number: int) -> None:
    seen = 0
    for code, text in texts(number):
        # R61 section 4 (iii): its transfer now too (was: EVALUATION_BRANCH, AT_8, JOINED_BRANCH)
        # R62 M3: or 120's (was: without JOINED_BRANCH_HIGH)
        # R63 SF2 / R64 S1: or the transfer now right after the hold (was: without R63_SF2_NOW)
        known = (EVALUATION_BRANCH, AT_8, JOINED_BRANCH, JOINED_BRANCH_HIGH, R61_AT_8, R63_SF2_NOW, R63_SF2_NOW_HIGH)
        if not any(words in text for words in known):
            continue
        seen += 1
        for m in RESCORE.finditer(text):
            assert text[m.end() :].startswith(SCREEN), (code, text[m.start() : m.end() + 60])
            assert IF_DELIRIUM in text[m.end() :], code
        # the branch after the screen, thiamine and glucose before it
        assert text.index("give thiamine and check blood glucose; " + IF_DELIRIUM) > text.index(SCREEN)
    assert seen


def test_case_199_possible_inattention_box_in_full() -> None:
    # the box that may now dose before a transfer tells the score and any dose at handover (R26b S9, as every such box)
    assert only_box(199, "possible_inattention") == (
        # R61 section 7 (was: "otherwise treat on the current score: a first dose before transfer")
        # R61 section 7 should-fix: "ask what happened since" after the re-score (was: without it)
        "Re-score the CIWA-Ar now (last 14 on 20 Nov 2026) and screen for delirium (CAM or 4AT); ask what happened "
        "since (a seizure, confusion, a hospital visit, the last drink); before any dose: ask about any overdose or "
        "ingestion today and screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), "
        "give thiamine and check blood glucose; if delirium: no dose here; call emergency services for the ED; staff "
        "with the patient until handover; if an overdose or ingestion, or intoxicated: no dose here (an overdose or "
        "ingestion: call emergency services for the ED, staff with the patient until handover, naloxone if signs of "
        "opioid overdose; intoxicated: staff stay with the patient; repeat the screen and the score when it clears, or "
        "tell the receiving team at handover; the patient must not drive today); on the re-score, intoxicated or not: "
        "if 15 or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or "
        # R76 (was: "...(arrange transfer now), staff with ...")
        "more): the emergency evaluation in an ED that can also manage withdrawal (arrange transfer now by emergency "
        "services), staff with "
        # R65 F3 (was: "treat on the current score: a first dose before transfer only if it does not delay the
        # transfer")
        "the patient until handover; otherwise, if not intoxicated: treat on the current score (if transferred for "
        "the suicide evaluation: a first dose before "
        # R63 SF3: the (ii) box hands over the re-score and the delirium screen (was: "the last CIWA-Ar score")
        "transfer only if it does not delay the transfer); at handover tell the receiving team the CIWA-Ar re-score, "
        "the delirium screen and any dose with its time; if a dose is given: the patient must not drive today"
    )


def test_case_293_box_in_full_no_delirium_screen_at_item_10_below_1() -> None:
    assert only_box(293, "moderate_alcohol_withdrawal") == (
        # R61 section 7 (was: "otherwise treat on the current score: a first dose before transfer")
        # R61 section 7 should-fix: "ask what happened since" after the re-score (was: without it)
        "Re-score the CIWA-Ar now (last 13 on 20 Nov 2026); ask what happened since (a seizure, confusion, a hospital "
        "visit, the last drink); before any dose: ask about any overdose or ingestion today and screen for "
        "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
        "glucose; if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency "
        "services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose; "
        "intoxicated: staff stay with the patient; repeat the screen and the score when it clears, or tell the "
        "receiving team at handover; the patient must not drive today); on the re-score, intoxicated or not: if 15 or "
        "more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or more): the "
        # R76 (was: "...(arrange transfer now), staff with ...")
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


def test_case_377_headline_step_in_full() -> None:
    assert only_box(377, "headline").startswith(
        # R61 section 7 (was: "...services); a first dose before transfer")
        # R61 section 7 should-fix: "ask what happened since" after the re-score (was: without it)
        "First: re-score the CIWA-Ar and the COWS now (last 14 and 19 on 20 Nov 2026) and screen for delirium (CAM or "
        "4AT); ask what happened since (a seizure, confusion, a hospital visit, the last drink); before any dose: "
        "screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and "
        "check blood glucose; if delirium: no dose here; call emergency services for the ED; staff with the patient "
        "until handover; if intoxicated: no dose now (if transferred, tell the receiving team at handover the breath "
        "alcohol reading or the signs, with the time; if not: ask the patient to stay on site and repeat the screen "
        "and the scores when it clears; if it has not cleared by the end of the session, or withdrawal worsens: "
        "arrange a higher level of care; the patient must not drive today; if the patient insists: offer a lift or a "
        "taxi, and follow local policy); on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or a "
        # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)")
        "seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or more): arrange transfer "
        "now by emergency services to medically managed withdrawal (ED, or 4-WM); staff with the patient until "
        "handover; if the patient declines transfer: the prescriber assesses and records capacity to decline (without "
        "capacity: transfer by "
        "emergency services; with capacity: record the advice given and the risks explained; arrange the highest "
        "level of care the patient accepts; any dose as the prescriber decides; tell the patient and any supportive "
        # R73 1a (was: "...any worsening); if not intoxicated")
        "person to call emergency services for a seizure, confusion, hallucinations or any worsening); the patient "
        "must not drive; if not intoxicated: a first dose before transfer only if it does not delay the transfer; "
        "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover; "
        "otherwise, if not intoxicated: a prescriber treats on today's scores; at a CIWA-Ar re-score of 8 or more with "
        "a COWS re-score of 13 or more (two withdrawals): arrange medically managed withdrawal or a higher level of "
        "care; "
    )


def test_case_88_headline_opening_in_full() -> None:
    headline = only_box(88, "headline")
    assert headline.startswith(
        "First: re-score the CIWA-Ar now, before any dose (last 14 on 20 Nov 2026) and screen for delirium (CAM or "
        # R62 S3: the (iii) text asks what happened since (was: "4AT). Before any dose")
        "4AT); ask what happened since (a seizure, confusion, a hospital visit, the last drink). Before any dose: ask "
        "about any overdose or ingestion today and screen for intoxication (breath alcohol "
        "above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if delirium: no dose "
        "here; call emergency services for the ED; staff with the patient until handover; if an overdose or "
        "ingestion, or intoxicated: no dose here ("
    )
    assert (
        "At a CIWA-Ar re-score of 8 or more (or, intoxicated or not, a seizure since the last score, hallucinations, "
        "or disorientation (item 10 at 2 or more)) (alcohol withdrawal alongside, a complicating condition on the "
        # R76 ruling 2 (was: "COWS flag): arrange transfer now (ED, or 3.7-WM/4-WM)")
        "COWS flag): arrange transfer now (a seizure, hallucinations, disorientation or a total of 15 or more: by "
        "emergency services, to the ED or 4-WM; otherwise: ED, or 3.7-WM/4-WM)"
    ) in headline


def test_sweep_the_rule_holds_in_the_800() -> None:
    """Every text of an old moderate CIWA-Ar's case: each "at a CIWA-Ar re-score of 8 or more" (alone) names the
    complications; beside the emergency evaluation ordered first, no CIWA-Ar re-score closes bare on the current
    score; each re-score with the two-withdrawals line says the joined branch; where item 10 was 1, each text so said
    screens for delirium. No other case's text says these words."""
    wrong = []
    for case in cases(800):
        line = str(case)
        moderate = OLD_MODERATE.search(line) is not None
        headline = only_box(case.number, "headline")
        evaluation = headline.startswith("First: emergency evaluation for suicide risk")
        for code, text in texts(case.number):
            # R61 4 (iii); R62 M3: 120's joined branch (was: without JOINED_BRANCH_HIGH)
            # R63 MF2: or 33 135's transfer now to the evaluation's ED (was: without R61_AT_8_HIGH)
            said = [
                w
                # R63 SF2 / R64 S1: or the transfer now right after the hold (was: without R63_SF2_NOW[_HIGH])
                for w in (
                    EVALUATION_BRANCH,
                    AT_8,
                    JOINED_BRANCH,
                    JOINED_BRANCH_HIGH,
                    R61_AT_8,
                    R61_AT_8_HIGH,
                    R63_SF2_NOW,
                    R63_SF2_NOW_HIGH,
                )
                if w in text
            ]
            if not moderate:
                # R67 F1 (was: r"\(last [^()]*\)"): an old severe CIWA-Ar's re-score screens for delirium in the same
                # words after its bracket "(last 21 on 20 Nov 2026, severe)" (R65 F1; counted in review_r65_f1), not
                # Q4's old moderate one
                if said or re.search(r"\(last [^()]*(?<!, severe)\)" + re.escape(SCREEN), text):
                    wrong.append((case.number, code, "not old moderate"))
                continue
            # R61 section 4 (iii): or its transfer now after the branch (was: only the R60 bracket)
            # R63 SF2 / R64 S1: or the transfer now said earlier, right after the hold (was: only right after it)
            if re.search(
                r"t a CIWA-Ar re-score of 8 or more(?! with a COWS)(?! \(or, intoxicated)"
                r"(?![^;]*; intoxicated or not, at)",
                text,
            ) and not (R63_SF2_NOW in text or R63_SF2_NOW_HIGH in text):
                wrong.append((case.number, code, "iii"))
            rescore = RESCORE.search(text)
            if rescore is None or text[rescore.end() :].startswith(":"):
                continue
            after = text[rescore.end() :]
            if TWO_WITHDRAWALS in after and re.search(r"otherwise treat on the current scores?;", after):
                wrong.append((case.number, code, "joined"))
            joined = "and the COWS now" in rescore[0] or TWO_WITHDRAWALS in after
            if evaluation and not joined and re.search(r"otherwise treat on the current score(?!s|: a first)", after):
                wrong.append((case.number, code, "ii"))
            if said and "i1 old" in line and not after.startswith(SCREEN):
                wrong.append((case.number, code, "Q4"))
    assert not wrong


def test_sweep_counts() -> None:
    """The shapes' counts in the 800 (typed from the dump of the rule)."""
    count = {"ii": set(), "iii": set(), "joined": set(), "q4": set()}
    for case in cases(800):
        for _code, text in texts(case.number):
            if EVALUATION_BRANCH in text:
                count["ii"].add(case.number)
            if AT_8 in text:
                count["iii"].add(case.number)
            if JOINED_BRANCH in text or JOINED_BRANCH_HIGH in text:  # R62 M3 (was: JOINED_BRANCH only)
                count["joined"].add(case.number)
            # R67 F1 (was: r"\(last [^()]*\)"): not the old severe re-score's screen (R65 F1), as above
            if re.search(r"\(last [^()]*(?<!, severe)\)" + re.escape(SCREEN), text):
                count["q4"].add(case.number)
    assert sorted(count["ii"]) == sorted(EVALUATION_CASES)
    assert sorted(count["iii"]) == sorted(AT_8_CASES)
    assert sorted(count["joined"]) == sorted(JOINED_HEADLINES + JOINED_BOXES_ONLY)
    # R60 Q4 said in g1's shapes too (was: ITEM_10_AT_1 only)
    assert sorted(count["q4"]) == sorted(ITEM_10_AT_1 + ITEM_10_AT_1_Q2A)
