"""Physician review R70, should-fix D3, typed from the ruling.

The reviewer: the COWS and buprenorphine threshold boxes of cases 343 and 699 dose "after the first step's CIWA-Ar
re-score and delirium screen (CAM or 4AT), before any dose: ..." and never say what to do when that re-score finds a
seizure, hallucinations, disorientation or 15 or more, which the headline's first step sends to a transfer now. A box
is read alone on the chart. The words to say, after the re-score and before the screen before any dose:

    "if the CIWA-Ar re-score finds a seizure since the last score, hallucinations, disorientation (item 10 at 2 or
    more) or a total of 15 or more: arrange transfer now (ED, or 4-WM); staff with the patient until handover; a first
    dose before transfer only if it does not delay the transfer;"

Physician review R71 (session 39) of the build, must-fix 1: the clause says the capacity to decline the transfer, no
driving, and the first dose only after the screen that follows it (its words, typed in FINDINGS below); must-fix 2: the
threshold boxes of cases 125, 470, 604 and 799, whose intoxication hold asked the patient to stay on site while the box
now orders a transfer, say the hold's "if transferred" branch first ("no dose now (if transferred, tell the receiving
team at handover the breath alcohol reading or the signs, with the time; if not: ask the patient to stay on site ...");
should-fix 1: the 14 threshold boxes whose first dose waits for the first step's screens ("If starting buprenorphine by
standard induction, the first dose may be given once the first step's ...") say the transfer first, in its words, with
must-fix 1's capacity to decline and no driving. Physician review R72 of those, its must-fix: the first dose before
transfer there waits for the same screens as the first dose otherwise ("a first dose before transfer only once the
first step's delirium screen finds no delirium and its screen before any dose finds no intoxication, and only if it
does not delay the transfer; otherwise the first dose may be given once ..."). R71's should-fixes 2 and 4 are built
too: "the CIWA-Ar re-score or the history since finds a seizure ..." (the CIWA-Ar has no seizure item) and "re-assess
for seizures or delirium until handover" after the staff clause.

Built as a rule: every COWS and threshold box whose dose follows the first step's CIWA-Ar re-score and delirium screen,
in a case whose headline's first step transfers on what that re-score finds (an old complicated CIWA-Ar, and an old
severe one: the same four findings), says it; a case whose transfer is already ordered (a C-SSRS high: "the transfer
by emergency services") keeps its words. Its reach in the 800 random cases is typed below.
"""

from __future__ import annotations

import re

import pytest

from .random_placements import all_built, only_box

#: The ruling's words (typed), as physician review R71 must-fix 1 gave them (was R70's: "...; staff with the patient
#: until handover; a first dose before transfer only if it does not delay the transfer; before any dose: "), with R71
#: should-fix 2 ("the re-score or the history since finds a seizure": the CIWA-Ar has no seizure item) and should-fix 4
#: ("re-assess for seizures or delirium until handover", the old severe CIWA-Ar headline's words).
FINDINGS = (
    "if the CIWA-Ar re-score or the history since finds a seizure since the last score, hallucinations, disorientation "
    # R76 (was: "...or a total of 15 or more: arrange transfer now (ED, or 4-WM); staff with ...")
    "(item 10 at 2 or more) or a total of 15 or more: arrange transfer now by emergency services (ED, or 4-WM); staff "
    "with the patient until handover; re-assess for seizures or delirium until handover; if the patient declines "
    "transfer: the prescriber assesses and records capacity to decline (without capacity: transfer by emergency "
    "services; with capacity: record the advice given and the risks explained; arrange the highest level of care the "
    "patient accepts; any dose as the prescriber decides; tell the patient and any supportive person to call emergency "
    "services for a seizure, confusion, hallucinations or any worsening); the patient must not drive; a first dose "
    "before transfer only after the screen below and only if it does not delay the transfer; before any dose: "
)
#: R71 must-fix 2's hold, typed.
HOLD_IF_TRANSFERRED = (
    "(if transferred, tell the receiving team at handover the breath alcohol reading or the signs, with the time; if "
    "not: ask the patient to stay on site and repeat the screen and the scores when it clears;"
)
#: The opening the words follow (typed from physician review R69's part D and R16's M1).
OPENING = "after the first step's CIWA-Ar re-score and delirium screen (CAM or 4AT)"
BOXES = {
    "moderate_opioid_withdrawal",
    "moderately_severe_opioid_withdrawal",
    "severe_opioid_withdrawal",
    "buprenorphine_induction_threshold",
}
#: The headline's first step transfers on the re-score's findings: an old complicated CIWA-Ar's words, an old severe
#: one's (typed from the headlines of cases 343 and 119).
#: R73 item 3 (was: "hallucinations (item 6, 7 or 8 at 'moderately severe hallucinations' or more)").
COMPLICATED_BRANCH = (
    "if a seizure since the last score, hallucinations, disorientation (item 10 at 2 or more) or a total of 15 or "
    # R76 (was: "...or a total of 15 or more: arrange transfer now (ED, or 4-WM)")
    "more: arrange transfer now by emergency services (ED, or 4-WM)"
)
SEVERE_BRANCH = (
    "if still 15 or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or "
    # R76 (was: "..., arrange transfer now to medically managed withdrawal (ED, or 4-WM)")
    "more), arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM)"
)


def test_case_343_cows_box_says_the_transfer_after_the_rescore():
    box = only_box(343, "moderately_severe_opioid_withdrawal")
    assert box.startswith(
        "Re-score the COWS now (last 30 on 20 Nov 2026); after the first step's CIWA-Ar re-score and delirium screen "
        "(CAM or 4AT): if the CIWA-Ar re-score or the history since finds a seizure since the last score, "
        # R76 (was: "...or a total of 15 or more: arrange transfer now (ED, or 4-WM); staff with ...")
        "hallucinations, disorientation (item 10 at 2 or more) or a total of 15 or more: arrange transfer now by "
        "emergency services (ED, or 4-WM); staff with the patient until handover; re-assess for seizures or delirium "
        "until handover; if the "
        "patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
        "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
        "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
        "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening); the "
        "patient must not drive; a first dose before transfer only after the "
        "screen below and only if it does not delay the transfer; before any dose: ask "
        "about any overdose or ingestion today and screen for intoxication (breath alcohol above zero, or signs of "
        "sedative intoxication), give thiamine and check blood glucose; if delirium, an overdose or ingestion, or "
        "intoxicated: no dose here ("
    ), box


@pytest.mark.parametrize(
    ("case", "code", "last"),
    [
        (343, "buprenorphine_induction_threshold", 30),
        (699, "buprenorphine_induction_threshold", 19),
        (699, "moderate_opioid_withdrawal", 19),
    ],
)
def test_the_ruling_s_cases_say_it(case, code, last):
    box = only_box(case, code)
    assert box.startswith(f"Re-score the COWS now (last {last} on 20 Nov 2026); {OPENING}: {FINDINGS}ask about any "), (
        box
    )


def test_an_old_severe_ciwa_s_box_says_it_after_the_old_score():
    """Case 119: an old CIWA-Ar of 21 (severe) whose first step transfers on the same four findings."""
    assert SEVERE_BRANCH in all_built()[119].headline
    box = only_box(119, "buprenorphine_induction_threshold")
    assert box.startswith(
        f"Re-score the COWS now (last 19 on 20 Nov 2026): {OPENING} (last 21 on 20 Nov 2026, severe): {FINDINGS}screen "
        "for intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check "
        "blood glucose; if delirium: no dose here;"
    ), box


@pytest.mark.parametrize("case", [318, 560])
def test_a_transfer_already_ordered_keeps_its_words(case):
    """Cases 318 and 560 (C-SSRS high: the transfer is ordered, the re-score's branch is the transfer by emergency
    services; physician review R71 asked for this test)."""
    assert COMPLICATED_BRANCH not in all_built()[case].headline
    box = only_box(case, "buprenorphine_induction_threshold")
    assert f"{OPENING}, treat on the current score: before any dose: " in box
    assert "re-score or the history since finds" not in box


@pytest.mark.parametrize("case", [125, 470, 604, 799])
def test_r71_the_threshold_box_s_intoxication_hold_says_the_transfer_first(case):
    box = only_box(case, "buprenorphine_induction_threshold")
    assert FINDINGS in box
    held = re.search(r"if intoxicated: no dose (?:now|until it clears) (\(.*)", box)
    assert held is not None and held[1].startswith(HOLD_IF_TRANSFERRED), box
    assert "(ask the patient to stay on site" not in box


#: R71 should-fix 1's opening (typed), with must-fix 1's capacity to decline and no driving, and should-fixes 2 and 4.
STANDARD_INDUCTION = (
    "If starting buprenorphine by standard induction: if the first step's CIWA-Ar re-score or the history since finds "
    "a seizure since the last score, hallucinations, disorientation (item 10 at 2 or more) or a total of 15 or more: "
    # R76 (was: "...or a total of 15 or more: arrange transfer now (ED, or 4-WM); staff with ...")
    "arrange transfer now by emergency services (ED, or 4-WM); staff with the patient until handover; re-assess for "
    "seizures or delirium "
    "until handover; if the patient declines transfer: the prescriber assesses and records capacity to decline "
    "(without capacity: transfer by emergency services; with capacity: record the advice given and the risks "
    "explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell the "
    "patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    "worsening); the patient must not drive; a first dose before transfer only "
    "once the first step's "
)
#: The screens of case 39's box, and of case 432's (typed from their boxes before the change).
SCREENS_39 = "delirium screen finds no delirium and its screen before any dose finds no intoxication"
SCREENS_432 = (
    "delirium screen finds no delirium and its screen before any dose finds no overdose or ingestion and no "
    "intoxication"
)


def standard_induction_said(screens: str) -> str:
    """A threshold box's opening that waits for the first step's ``screens``, beside a first step that transfers on the
    CIWA-Ar re-score's findings (R71 should-fix 1, R72 must-fix, typed), up to the "; " after its second ``screens``."""
    return (
        f"{STANDARD_INDUCTION}{screens}, and only if it does not delay the transfer; otherwise the first dose may be "
        f"given once the first step's {screens}; "
    )


@pytest.mark.parametrize(("case", "screens"), [(39, SCREENS_39), (432, SCREENS_432)])
def test_standard_induction_box_says_the_transfer_first_its_dose_screened(case, screens):
    """Physician review R72, must-fix (its words): the first dose before transfer waits for the same screens as the
    first dose otherwise (was R71's "a first dose before transfer only if it does not delay the transfer; otherwise
    ...": read alone, a dose before transfer with no screen)."""
    box = only_box(case, "buprenorphine_induction_threshold")
    assert box.startswith(f"{standard_induction_said(screens)}re-score the COWS after dosing; "), box


def _first_step(headline: str) -> str:
    return headline.split(". Then")[0]


def test_800_every_box_after_that_rescore_says_what_it_finds_once():
    reached, cases = 0, set()
    for number, rec in all_built().items():
        first = _first_step(rec.headline)
        transfers = COMPLICATED_BRANCH in first or SEVERE_BRANCH in first
        for flag in rec.flags:
            if flag.code == "buprenorphine_induction_threshold" and "standard induction" in flag.action[:50]:
                told = flag.action.startswith(STANDARD_INDUCTION)
                assert told == transfers or "the first step's" not in flag.action[:120], (number, flag.action[:200])
                reached, cases = reached + told, cases | ({number} if told else set())
                continue
            if flag.code not in BOXES or not re.search(f"[Aa]{re.escape(OPENING[1:])}", flag.action):
                continue
            if transfers:
                assert flag.action.count("if the CIWA-Ar re-score or the history since finds a seizure") == 1, (
                    number,
                    flag.code,
                )
                at = flag.action.index(OPENING[1:])
                assert re.match(
                    rf"{re.escape(OPENING[1:])}(?: \([^()]*\))?: {re.escape(FINDINGS)}", flag.action[at:]
                ), (
                    number,
                    flag.code,
                )
                reached, cases = reached + 1, cases | {number}
            else:
                assert "re-score or the history since finds" not in flag.action, (number, flag.code)
    assert (reached, len(cases)) == (52, 26)
