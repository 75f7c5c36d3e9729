"""Physician review R63, SF1 and R62 S2 (ruled R63 section 5), the reviewer's words typed.

SF1: in R60 Q2(a)'s form of an old CIWA-Ar re-score (R62 M2's handover), the driving rule goes back into the hold of
the intoxicated patient, "if intoxicated: no dose here (the patient must not drive today); at handover tell the
receiving team the CIWA-Ar re-score[, the delirium screen] and any dose with its time, and, if intoxicated, the breath
alcohol reading or the signs, with the time; otherwise, if intoxicated: ..." (it had hung at the end of the handover
list, read as one more thing to tell the receiving team); and the Q2(a) headlines say after "(medication at 10 or more;
consider at 8-9)" "; if a dose is given: the patient must not drive today" (their boxes say it already: never twice).

R62 S2: every text that allows a first dose before transfer and whose only sedation watch says "monitor sedation and
breathing while the patient is on site" appends " (if transferred: until handover)" (FDA Drug Safety Communication
2016: benzodiazepine with an opioid agonist, respiratory depression after the patient leaves the building).
"""

from __future__ import annotations

import re

import pytest

from .random_placements import all_built, only_box, texts

DRIVE = "the patient must not drive today"
IF_DOSED = f"if a dose is given: {DRIVE}"

# --- SF1, the reviewer's words ---

#: the hold with the driving rule in it, then the handover (R63 SF1)
HOLD_THEN_HANDOVER = (
    "if not intoxicated: a first dose before transfer only if it does not delay the transfer; if intoxicated: no dose "
    "here (the patient must not drive today); at handover tell the receiving team the CIWA-Ar re-score"
)
#: the handover's end, no driving rule in its list (R63 SF1)
HANDOVER_END = (
    "and, if intoxicated, the breath alcohol reading or the signs, with the time; otherwise, if intoxicated: no dose "
    "until it clears"
)
#: R70 S with must-fix 1 (typed): case 563's Q2(a) boxes tell the headline's PHQ-9 screen and its request, then the
#: breath alcohol reading apart
# R70 S (was: HANDOVER_END for these boxes too, "and any dose with its time, and, if intoxicated, the breath alcohol
# reading or the signs, with the time; otherwise, if intoxicated: no dose until it clears")
HANDOVER_END_563 = (
    ", the delirium screen and any dose with its time, that today's PHQ-9 item 9 was positive, and ask them for a "
    "suicide risk assessment once the patient is able to answer; if intoxicated, also tell them the breath alcohol "
    "reading or the signs, with the time; otherwise, if intoxicated: no dose until it clears"
)
#: R70 S: the Q2(a) texts whose handover tells a suicide screen (typed)
R70_SCREENS_TOLD = ((563, "moderate_alcohol_withdrawal"), (563, "possible_inattention"))
#: the handover's end as s36 said it (R62 M2's words): gone
HANDOVER_END_S36 = "with the time (the patient must not drive today); otherwise, if intoxicated"
#: the dosing branch below 15 with the dose's driving rule after it (R63 SF1)
DOSED_BELOW_15 = (
    "if below 15 and not intoxicated: a prescriber treats on today's score (medication at 10 or more; consider at "
    "8-9); if a dose is given: the patient must not drive today"
)
#: the Q2(a) form: its bridging dose then its intoxicated patient's hold
Q2A = (
    "; if not intoxicated: a first dose before transfer only if it does not delay the transfer; if intoxicated: no "
    "dose here"
)

#: case 156's headline, typed from the bridging dose to its reasons
CASE_156 = (
    "if not intoxicated: a first dose before transfer only if it does not delay the transfer; if intoxicated: no dose "
    "here (the patient must not drive today); at handover tell the receiving team the CIWA-Ar re-score and any dose "
    "with its time, and, if intoxicated, the breath alcohol reading or the signs, with the time; otherwise, if "
    "intoxicated: no dose until it clears (ask the patient to stay on site and repeat the screen and the score when it "
    "clears; if it has not cleared by the end of the session, or withdrawal worsens: arrange a higher level of care; "
    "the patient must not drive today; if the patient insists: offer a lift or a taxi, and follow local policy); if "
    "below 15 and not intoxicated: a prescriber treats on today's score (medication at 10 or more; consider at 8-9); "
    "if a dose is given: the patient must not drive today (CIWA-Ar in the moderate withdrawal band (CIWA-Ar of 20 Nov "
    "2026, not re-scored today)"
)


def _q2a_texts() -> list[tuple[int, str, str]]:
    return [(n, where, text) for n in all_built() for where, text in texts(n) if Q2A in text]


def test_sf1_case_156_headline_typed() -> None:
    assert CASE_156 in only_box(156, "headline")


def test_sf1_case_3_delirium_screen_handed_over_after_the_hold() -> None:
    # case 3: the last CIWA-Ar had item 10 at 1 (R60 Q4): the delirium screen named in the handover
    said = (
        "if intoxicated: no dose here (the patient must not drive today); at handover tell the receiving team the "
        "CIWA-Ar re-score, the delirium screen and any dose with its time, and, if intoxicated, the breath alcohol "
        "reading or the signs, with the time; otherwise, if intoxicated: no dose until it clears"
    )
    for where in ("headline", "possible_inattention", "moderate_alcohol_withdrawal"):
        assert said in only_box(3, where), where


@pytest.mark.parametrize("number", [3, 131, 156, 218, 223, 285, 348, 623])
def test_sf1_named_headlines_say_the_dose_s_driving_rule(number: int) -> None:
    headline = only_box(number, "headline")
    assert DOSED_BELOW_15 in headline
    assert headline.count(IF_DOSED) == 1


@pytest.mark.parametrize("where", ["moderate_alcohol_withdrawal", "possible_inattention"])
def test_sf1_563_alcohol_boxes(where: str) -> None:
    box = only_box(563, where)
    # R70 S (was: "HOLD_THEN_HANDOVER in box and HANDOVER_END in box"): the PHQ-9 screen told, the reading apart
    assert HOLD_THEN_HANDOVER + HANDOVER_END_563 in box
    # its own driving clause stays after the sedation watch, said once
    assert box.count(IF_DOSED) == 1
    assert box.endswith(
        "(medication at 10 or more; consider at 8-9); if a benzodiazepine is given with buprenorphine or methadone: "
        "monitor sedation and breathing while the patient is on site (if transferred: until handover); if a dose is "
        "given: the patient must not drive today"
    )


def test_sf1_sweep_every_q2a_text_holds_with_the_driving_rule() -> None:
    found = _q2a_texts()
    # R70 S (was: HANDOVER_END for every text): 563's two boxes end their handover with HANDOVER_END_563
    wrong = [
        (n, where)
        for n, where, text in found
        if HOLD_THEN_HANDOVER not in text
        or (HANDOVER_END_563 if (n, where) in R70_SCREENS_TOLD else HANDOVER_END) not in text
        or HANDOVER_END_S36 in text
    ]
    assert not wrong, wrong[:10]
    # the sweep reads the form at all (129 texts of 39 cases in s36)
    assert len(found) >= 120 and len({n for n, _, _ in found}) >= 35, len(found)


def test_sf1_sweep_every_q2a_headline_says_the_dose_s_driving_rule_once() -> None:
    found = [(n, text) for n, where, text in _q2a_texts() if where == "headline"]
    wrong = [n for n, text in found if DOSED_BELOW_15 not in text or text.count(IF_DOSED) != 1]
    assert not wrong, wrong
    assert len(found) >= 35, len(found)


def test_sf1_sweep_no_q2a_box_says_the_dose_s_driving_rule_twice() -> None:
    found = [(n, where, text) for n, where, text in _q2a_texts() if where != "headline"]
    wrong = [(n, where) for n, where, text in found if text.count(IF_DOSED) != 1]
    assert not wrong, wrong[:10]
    assert len(found) >= 85, len(found)


# --- R62 S2, the reviewer's words ---

ON_SITE = "monitor sedation and breathing while the patient is on site"
UNTIL_HANDOVER_IF_TRANSFERRED = f"{ON_SITE} (if transferred: until handover)"
WATCH = "monitor sedation and breathing"
#: a first dose before transfer, in the texts' words ("a first dose before transfer only if ...", "a prescriber gives a
#: first dose before transfer ...", "(if transferred: a first dose before transfer ...)")
FIRST_DOSE_BEFORE_TRANSFER = re.compile(r"\b(?:first dose|gives buprenorphine)\b[^.;]*?\bbefore transfer\b")
#: a dose ("treat withdrawal ...", "treat on the current score") where the text transfers (R26b; R63: 29, 157)
DOSE = re.compile(r"\btreats? withdrawal\b|\btreat on the current scores?\b")
TRANSFER = re.compile(
    r"\barrange transfer\b|\bif transferred\b"
    r"|\barrange medically managed withdrawal or a higher level of care\b(?! only for a complicating condition)"
)


def _allows_a_first_dose_before_transfer(text: str) -> bool:
    return bool(FIRST_DOSE_BEFORE_TRANSFER.search(text) or (DOSE.search(text) and TRANSFER.search(text)))


@pytest.mark.parametrize("number", [312, 563, 273, 639, 280, 385, 458, 541, 29, 157])
def test_s2_named_headlines(number: int) -> None:
    headline = only_box(number, "headline")
    assert UNTIL_HANDOVER_IF_TRANSFERRED in headline
    assert headline.count(WATCH) == 1


def test_s2_typed_sentences() -> None:
    assert (
        "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the "
        "patient is on site (if transferred: until handover); re-score the CIWA-Ar within 1 hour"
    ) in only_box(312, "headline")
    assert (
        "a benzodiazepine beside opioid use (COWS 8 today): monitor sedation and breathing while the patient is on "
        "site (if transferred: until handover); after a dose given on site"
    ) in only_box(541, "headline")
    assert (
        "co-occurring alcohol withdrawal (CIWA-Ar 14 today); if a benzodiazepine is given with buprenorphine or "
        "methadone: monitor sedation and breathing while the patient is on site (if transferred: until handover) "
        "(CIWA-Ar item 10 at 1"
    ) in only_box(157, "headline")
    assert (
        "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the "
        "patient is on site (if transferred: until handover); if any dose is given (a benzodiazepine, buprenorphine or "
        "methadone): the patient must not drive today"
    ) in only_box(639, "rated_below_suggestion_d1")


@pytest.mark.parametrize("number", [120, 377, 406, 585, 608, 781])
def test_s2_joined_texts_with_two_watches_left(number: int) -> None:
    # R63 LEAVE: the sedation watch said twice in joined texts; S2 asks only where the on-site watch is the only one
    box = only_box(number, "rated_below_suggestion_d1")
    assert f"{WATCH} until handover" in box
    # R65 SF1: the joined branch's on-site watch says "(if transferred: until handover)" (was: "{ON_SITE}; if any dose
    # is given")
    assert f"{ON_SITE} (if transferred: until handover); if any dose is given" in box


def test_s2_sweep_every_sole_on_site_watch_beside_a_first_dose_before_transfer_lasts_until_handover() -> None:
    read, unsaid = 0, []
    for n in all_built():
        for where, text in texts(n):
            watches = text.count(WATCH)
            on_site = text.count(ON_SITE)
            if not on_site or on_site != watches or not _allows_a_first_dose_before_transfer(text):
                continue
            read += 1
            if text.count(UNTIL_HANDOVER_IF_TRANSFERRED) != on_site:
                unsaid.append((n, where))
    assert not unsaid, unsaid[:10]
    # the sweep reads the form at all (42 texts of 23 cases in s36 lacked it, others said it already)
    assert read >= 150, read
