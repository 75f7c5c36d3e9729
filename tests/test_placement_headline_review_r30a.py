"""Physician review R30a (/work/reviews/r30a.md), should-fixes S5 and S6, and the boxes' handover said as the headline
says it (cases 532 and 291).

- **S5.** Beside a C-SSRS moderate risk, cases 343, 604, 781 (also 240) re-score both an old CIWA-Ar and an old COWS,
  each of which may dose (a benzodiazepine, then buprenorphine, the same day), and the headline said no sedation watch.
  Wanted, appended as cases 189 and 252 already say it: "; if a benzodiazepine is given with buprenorphine or
  methadone: monitor sedation and breathing while the patient is on site (if transferred: until handover)" (FDA Drug
  Safety Communication, 20 Sep 2017). Beside no transfer at all (case 781) the words are case 252's, "while the patient
  is on site", with ", and the patient must not drive" where the sentence says no driving yet (physician review R2,
  should-fix 12: a sedated patient must not drive). Sweep: every headline of the 800 cases whose first sentence may
  dose for both alcohol and opioid withdrawal (it re-scores or scores both a CIWA-Ar and a COWS) says the monitoring
  once; no headline says it twice.
- **S6.** Case 449's COWS box (dimension 1 rated 4, transfer now), read alone, said "...otherwise treat on the current
  score" with no timing. Wanted where the headline arranges a transfer now: "...otherwise treat on the current score
  (a first dose before transfer only if it does not delay the transfer)". Where the transfer is arranged only if a
  re-score finds it (case 343), the treatment keeps its own words (R30a, "The lead's ruling: agree").
- **Boxes as the headline (cases 532, 291).** Case 532's dimension-3 rating-below box (and the C-SSRS moderate risk's
  own) said no handover while its PHQ-9 box said "(if transferred: at handover tell ...)"; and the screens were joined
  "moderate risk and today's PHQ-9 item 9 was positive and ask them" where the headline joins screens " and that ",
  with a comma before the request (R23a, finding 7). Sweep: no headline or box of the 800 joins two screens without
  "that", nor asks after joined screens without the comma.

The expected words are typed here from the review; the cases' inputs are read from the case, never from iopkit.
"""

from __future__ import annotations

import re

import pytest

from .intoxication_screens import NEXT_TRANSFER, r32a
from .random_placements import built, cases

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

#: The monitoring, in the words case 189 says it (physician review R30a, S5).
WATCH = (
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient "
    "is on site (if transferred: until handover)"
)
#: Its first words, however it ends (any phrasing counts once).
WATCH_START = "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing"


@pytest.mark.parametrize(
    ("number", "where"),
    [
        # R31 M3: an old complicated (343) or severe (604) CIWA-Ar beside the old COWS: the two-withdrawals
        # escalation after the COWS re-score's treatment, before the watch
        (
            343,
            "re-score the COWS now (last 30 on 20 Nov 2026); treat on the current score; at a CIWA-Ar re-score of 8 or "
            "more with a COWS re-score of 13 or more (two withdrawals): arrange medically managed withdrawal or a "
            # R39 C10: the old CIWA-Ar's re-score after a dose before the same-day assessment
            "higher level of care; {watch}; re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; "
            "then, before ",
        ),
        (
            604,
            # R39 C4: case 604 named; after the old COWS's treatment, any dose means no driving
            "re-score the COWS now (last 30 on 20 Nov 2026); treat on the current score; if any dose is given (a "
            "benzodiazepine, buprenorphine or methadone): the patient must not drive today; at a CIWA-Ar re-score of "
            "8 or more with a COWS re-score of 13 or more (two withdrawals): arrange medically managed withdrawal or a "
            # R39 C10: the old CIWA-Ar's re-score after a dose before the same-day assessment
            "higher level of care; {watch}; re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; "
            "then, before ",
        ),
        # R30b M3: two old withdrawals, the COWS re-score's treatment behind its own screen, thiamine too
        (
            240,
            # R42 item 4: beside dimension 3 rated 4 the old COWS is re-scored before transfer only if it does not
            # delay it, its treatment's first dose as the rating allows (R31 S7's words; was "re-score the COWS now"
            # and "treat on the current score; ")
            # R49 M1: the old COWS's bracket says no dose without today's re-score
            "re-score the COWS before transfer only if it does not delay it "
            "(last 19 on 20 Nov 2026; no dose here without today's re-score); before any dose: "
            "ask about any overdose or ingestion "
            "today and screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
            "thiamine and check blood glucose; if an overdose or ingestion, or intoxicated: no dose here (an overdose "
            "or ingestion: call emergency services for the ED, staff with the patient until handover, naloxone if "
            # physician review R35 M2 (case 240 named): the case transfers now (dimension 3 rated 4), so the hold
            # tells the receiving team (was: "intoxicated: the patient must not drive today)"; left red in round 1,
            # when the library said "if transferred, ...; if not: ... offer a lift or a taxi")
            "signs of opioid overdose; intoxicated: " + NEXT_TRANSFER + "); otherwise "
            "treat on the current score (a first dose before transfer only if it does not delay the transfer and the "
            "reason for rating 4 allows it); {watch}; at "
            "handover ",
        ),
    ],
)
def test_s5_both_rescored_beside_a_transfer_say_the_watch(number: int, where: str) -> None:
    headline = built(cases(800)[number]).headline
    assert where.format(watch=WATCH) in headline
    assert headline.count(WATCH_START) == 1


def test_s5_both_rescored_with_no_transfer_say_case_252s_watch() -> None:
    headline = built(cases(800)[781]).headline
    # no transfer arranged: case 252's words, with the driving advice (R30b M3: the two-withdrawals escalation's
    # handover, "if transferred: at handover tell ...", R27 M1's, names a transfer that may follow)
    # R60 Q3 (joined re-scores) / R61: the joined re-scores now arrange a transfer now at a CIWA-Ar of 15 or more or a
    # complication, with its own watch "until handover" (R61: "sedation watch said twice in joined texts: LEAVE"); the
    # escalation's words after it unchanged (was: "arrange transfer" not in headline, the watch said once)
    assert "on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more" in headline
    # R30b M3: two old withdrawals re-scored as one, one screen, the escalation, then the watch and the reviewer's
    # "if any dose is given: the patient must not drive today"
    assert (
        # R60 Q3 / R62 M1: "otherwise, if not intoxicated: a prescriber treats on today's scores" (was: "otherwise treat
        # on the current scores")
        "otherwise, if not intoxicated: a prescriber treats on today's scores; at a CIWA-Ar re-score of 8 or more with "
        "a COWS re-score of 13 or "
        "more (two withdrawals): arrange medically managed withdrawal or a higher level of care; if transferred: at "
        # R64 S3 (was: "the last CIWA-Ar and COWS scores and any dose with its time"): 781 screens for delirium
        "handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its "
        "time"
        # physician review R32 M1: the handover tells the screen that stands (was: the scores and any dose alone)
        ", that the C-SSRS screen of 20 Nov 2026 was moderate risk (method considered, or suicidal behaviour over 3 "
        "months ago; never assessed), and ask them for a suicide risk assessment with safety planning (do not delay "
        "the transfer for it); if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and "
        # R65 SF1 (was: "breathing while the patient is on site; if any dose is given: ...")
        "breathing while the patient is on site (if transferred: until handover); if any dose is given: the patient "
        "must not drive today; "
        # R39 C10: the old CIWA-Ar's re-score after a dose before the same-day assessment
        "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; then, before the patient leaves"
    ) in headline
    assert headline.count(WATCH_START) == 2  # R61: the joined re-scores' watch until handover, then this one: LEAVE


@pytest.mark.parametrize("number", [189, 252])
def test_s5_the_cases_that_said_it_say_it_once_as_before(number: int) -> None:
    headline = built(cases(800)[number]).headline
    assert headline.count(WATCH_START) == 1
    # R62 S2 (ruled R63): 252 arranges medically managed withdrawal after a dose: its watch until handover if
    # transferred, as 189's (was: f"{WATCH_START} while the patient is on site; after a dose" for 252)
    assert (WATCH if number == 189 else f"{WATCH}; after a dose") in headline


#: A step that may dose for alcohol withdrawal: an old CIWA-Ar re-scored now (or before transfer, or with a delirium
#: screen), or medication for alcohol withdrawal at a CIWA-Ar of 10 or more.
#: (R30b M3: both old scores re-scored as one, "re-score the CIWA-Ar and the COWS now", may dose for both.)
ALCOHOL_DOSE = re.compile(
    r"re-score the CIWA-Ar (?:now|and screen|before transfer|and the COWS now)|CIWA-Ar (?:of )?10 or more"
)
#: A step that may dose for opioid withdrawal: an old COWS re-scored now (or before transfer), or buprenorphine.
OPIOID_DOSE = re.compile(r"re-score the (?:CIWA-Ar and the )?COWS (?:now|before transfer)|buprenorphine")


def test_s5_sweep_every_headline_dosing_both_watches_once() -> None:
    wrong, both = [], 0
    for case in cases(800):
        headline = built(case).headline
        first = headline.split(". Then", 1)[0].split(". Also", 1)[0]  # the steps, not the plan
        said = headline.count(WATCH_START)
        if ALCOHOL_DOSE.search(first) and OPIOID_DOSE.search(first):
            both += 1
            # R52 2: the branch at a CIWA-Ar re-score of 8 or more and the dose otherwise each say one (88, 249); R54 1:
            # not 657, whose dose otherwise names no benzodiazepine dose (one watch, as before R52 2)
            # R62 M1: the otherwise with its own guard (was: ". Otherwise a prescriber treats ...")
            otherwise = any(
                f". {o} a prescriber treats withdrawal now, before the patient leaves" in first
                for o in ("Otherwise", "Otherwise, if not intoxicated,")
            )
            # R61 ruled the sedation watch said twice in joined CIWA-Ar+COWS re-score texts: LEAVE (their transfer now
            # "until handover", then the dose's on site)
            joined = "on the re-scores, intoxicated or not:" in first
            if said != (2 if (otherwise and "benzodiazepine dose" in first) or joined else 1):
                wrong.append(f"{case}: said {said} times")
        elif said > 1:
            wrong.append(f"{case}: said {said} times")
    assert both >= 70  # the sweep reads the cases it means (76 of the 800 when written)
    assert not wrong, "\n".join(wrong)


#: The treatment's timing beside a transfer now (physician review R30a, S6).
TIMED = "otherwise treat on the current score (a first dose before transfer only if it does not delay the transfer"
#: The same beside a rating of 4 after an old COWS's re-score (R42 item 4: R31 S7's words, "... and the reason for
#: rating 4 allows it"); each bracket closes after either.
TIMED_AT_4 = f"{TIMED} and the reason for rating 4 allows it)"
#: Case 449's COWS box, as the review wants it (the screen beside a C-SSRS moderate risk: R29 N1's words).
BOX_449 = (
    # R42 item 4: dimension 1 rated 4: the old COWS re-scored before transfer only if it does not delay it, its first
    # dose as the rating allows (R31 S7's words; was "Re-score the COWS now" and "...the transfer)")
    # R49 M1: the old COWS's bracket says no dose without today's re-score
    "Re-score the COWS before transfer only if it does not delay it "
    "(last 19 on 20 Nov 2026; no dose here without today's re-score); before any dose: ask "
    "about any overdose or ingestion today and "
    "screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if an overdose or "
    "ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services for the ED, staff "
    "with the patient until handover, naloxone if signs of opioid overdose; intoxicated: "
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team
    f"{NEXT_TRANSFER}); " + TIMED_AT_4
)


@pytest.mark.parametrize("code", ["moderate_opioid_withdrawal", "buprenorphine_induction_threshold"])
def test_s6_case_449s_cows_box_says_the_timing(code: str) -> None:
    rec = built(cases(800)[449])
    assert rec.headline.startswith("First: emergency medical evaluation: arrange transfer now (ED, or 4-WM)")
    action = next(f.action for f in rec.flags if f.code == code)
    assert action.startswith(BOX_449)


def test_s6_a_transfer_only_if_the_re_score_finds_it_keeps_the_words() -> None:
    rec = built(cases(800)[343])  # "if delirium, ... or a total of 15 or more: arrange transfer now"
    action = next(f.action for f in rec.flags if f.code == "moderately_severe_opioid_withdrawal")
    # R31 M3 follow-up: the two-withdrawals step (and its handover) after the treatment, as 377's boxes say it;
    # R30b M4 / R31 M4: the hold's bracket says the overdose's care and that the intoxicated patient must not drive;
    # physician review R32 (a) (its four settings), R33 S1, R34 S1: a conditional transfer's hold says both branches,
    # "the scores" beside both withdrawals
    assert (
        r32a(
            # R69 D 2 (was: "no dose here (an overdose or ingestion: call emergency services"): the box holds any dose
            # in delirium after the first step's CIWA-Ar re-score and delirium screen
            "no dose here (delirium, or an overdose or ingestion: call emergency services for the ED, staff with the "
            "patient until handover, naloxone if signs of opioid overdose; intoxicated: the patient must not drive "
            "today); otherwise "
            "treat on the current score; at a CIWA-Ar re-score of 8 or more with a COWS re-score of 13 or more (two "
            "withdrawals): arrange medically managed withdrawal or a higher level of care; if transferred: at handover "
            "tell the receiving team",
            action,
            case=rec,  # physician review R35 M3/S3: the case read too
        )
        in action
    ), action


#: A headline's transfer made conditional by what stands before it: an "if", a re-score, a threshold.
CONDITIONAL = re.compile(r"\bif\b|\bre-score\b|\bat \d+ or more\b")


def test_s6_sweep_every_screened_treatment_beside_a_transfer_now_says_the_timing() -> None:
    wrong, seen = [], 0
    for case in cases(800):
        rec = built(case)
        at = rec.headline.find("arrange transfer now")
        if at < 0 or CONDITIONAL.search(rec.headline[:at]):
            continue
        for flag in rec.flags:
            for found in re.finditer("otherwise treat on the current score", flag.action):
                seen += 1
                # R42 item 4: beside a rating of 4, "... and the reason for rating 4 allows it)" (R31 S7)
                # R51 (b11 question 1): 167's and 286's boxes (no rating of 4, the headline's delirium screen) say
                # the timing too, their exemption (R49 Q5b) removed
                if not flag.action.startswith((f"{TIMED})", TIMED_AT_4), found.start()):
                    wrong.append(f"{case} {flag.code}: {flag.action}")
    assert seen >= 15  # the boxes the sweep means (18 of the 800 when written)
    assert not wrong, "\n".join(wrong)


#: Case 532's handover in its suicide-screen boxes, the headline's words (R23a, finding 7; R30a).
TOLD_532 = (
    # R38 item 1: a clause after "; ", no bracket closing inside another (was: " (if transferred: ... for it))")
    "; if transferred: at handover tell the receiving team that the C-SSRS screen of 20 Nov 2026 was moderate risk and "
    # R50 b6 Q1: the moderate-risk handover asks with safety planning
    "that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment with safety planning (do not "
    "delay the transfer for it)"
)
MODERATE_STEP = (
    "Suicide risk assessment by a qualified clinician and safety planning before the patient leaves; consider safety "
    "precautions (do not leave the patient alone) until it is done"
)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("suicide_risk_moderate", MODERATE_STEP + TOLD_532),
        ("rated_below_suggestion_d3", f"{MODERATE_STEP}{TOLD_532}; record the reason for the lower rating with the "
         "placement decision"),
        ("suicidal_ideation", "Ask about suicidal thoughts today and complete a suicide risk assessment (e.g. C-SSRS) "
         "before the patient leaves" + TOLD_532),
    ],
)  # fmt: skip
def test_case_532s_screen_boxes_say_the_headlines_handover(code: str, words: str) -> None:
    rec = built(cases(800)[532])
    assert next(f.action for f in rec.flags if f.code == code) == words
    # the headline's own words, said at its transfers (R50 b6 Q1: with safety planning)
    assert (
        "that the C-SSRS screen of 20 Nov 2026 was moderate risk and that today's PHQ-9 item 9 was positive, and ask "
        "them for a suicide risk assessment with safety planning, without delaying the transfer"
    ) in rec.headline


def test_case_291_joins_its_screens_as_the_headline_does() -> None:
    rec = built(cases(800)[291])
    joined = (  # R50 b6 Q1: with safety planning
        "that the C-SSRS screen of 20 Nov 2026 was moderate risk and that today's PHQ-9 item 9 was positive, and ask "
        "them for a suicide risk assessment with safety planning, without delaying the transfer"
    )
    assert joined in rec.headline
    box = next(f.action for f in rec.flags if f.code == "moderate_opioid_withdrawal")
    assert f"delirium), and {joined}" in box


#: Two screens joined without "that" ("... moderate risk and today's PHQ-9 item 9 ...").
JOINED_BARE = re.compile(r"(?:risk|thoughts|positive)(?: \([^()]*\))? and (?:today's|the) (?:PHQ-9|C-SSRS)")
#: A request after joined screens without its comma.
ASKED_BARE = re.compile(r" and that [^;]*? was positive(?: \([^()]*\))? and ask them")


def test_sweep_no_text_joins_screens_otherwise() -> None:
    wrong = []
    for case in cases(800):
        rec = built(case)
        for where, text in [("headline", rec.headline), *((f.code, f.action) for f in rec.flags)]:
            if JOINED_BARE.search(text) or ASKED_BARE.search(text):
                wrong.append(f"{case} {where}: {text}")
    assert not wrong, "\n".join(wrong)


def test_sweep_a_moderate_risk_box_hands_over_where_the_phq9_box_does() -> None:
    wrong = []
    for case in cases(800):
        boxes = {f.code: f.action for f in built(case).flags}
        if "at handover" not in boxes.get("suicidal_ideation", ""):
            continue
        for code in ("suicide_risk_moderate", "rated_below_suggestion_d3"):
            if boxes.get(code, "").startswith(MODERATE_STEP) and "at handover" not in boxes[code]:
                wrong.append(f"{case} {code}: {boxes[code]}")
    assert not wrong, "\n".join(wrong)
