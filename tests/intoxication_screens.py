"""The intoxication screen before a dose, typed from physician review R13's should-fix S4 (/work/reviews/r13.md, the
reviewer's words): before a dose for alcohol withdrawal with thiamine and blood glucose, before one for opioid
withdrawal without. Imported by the tests that type a headline with a dose in it."""

import re
from typing import Any

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

SCREEN_ALCOHOL = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose here (the patient must not drive today); otherwise "
)
SCREEN_OPIOID = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if "
    "intoxicated: no dose here (the patient must not drive today); otherwise "
)
# physician review R16 (session 15), should-fix S5, the reviewer's words: beside a C-SSRS high or moderate risk the
# screen asks about an overdose or ingestion first and holds the dose after one
SCREEN_OPIOID_OVERDOSE = (
    "before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication); if an overdose or ingestion, or intoxicated: no dose here (an overdose "
    "or ingestion: call emergency services for the ED, staff with the patient until handover, naloxone if signs of "
    "opioid overdose; intoxicated: the patient must not drive today); otherwise "
)
SCREEN_ALCOHOL_OVERDOSE = (
    "before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication), give thiamine and check blood glucose; if an overdose or ingestion, or "
    "intoxicated: no dose here (an overdose or ingestion: call emergency services for the ED, staff with the patient "
    "until handover, naloxone if signs of opioid overdose; intoxicated: the patient "
    "must not drive today); otherwise "
)

# R67 SF3 (physician review R65, should-fix SF3, with R66's must-fix 1, case 565's words): beside an old severe
# CIWA-Ar's re-score whose "the ED evaluates both" turns on disorientation too, the screen before the first dose names
# delirium (typed before R32 (a), as SCREEN_ALCOHOL: r32a says its hold's next step)
SCREEN_DELIRIUM_ALCOHOL = (
    "before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of "
    "sedative intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose here "
    "(delirium: to the ED by emergency services; intoxication: the patient must not drive today); otherwise "
)
#: R67 SF3's condition, typed from the ruling (R65 SF3), its cut left to the test: "if still 15 or more".
ED_EVALUATES_BOTH_IF_CONFUSED = (
    ", or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or more), the ED "
    "evaluates both"
)


# R32 (a) (physician review R32 (a), the physician's words): in an ambulatory step (no transfer named, no suicide
# evaluation waited for) the hold gives its next step: no dose now, the patient stays on site and is screened and
# scored again when it clears; a higher level of care if it has not cleared by the end of the session (beside a COWS
# dose alone: or the first dose on another day, with naloxone in hand); no driving; a lift or a taxi if the patient
# insists (said as a clause: a hold's bracket holds no other bracket).
STAY = "ask the patient to stay on site and repeat the screen and the score when it clears"
NOT_CLEARED_CIWA = (
    "if it has not cleared by the end of the session, or withdrawal worsens: arrange a higher level of care"
)
NOT_CLEARED_COWS = (
    "if it has not cleared by the end of the session: the prescriber arranges a higher level of care or the first dose "
    "on another day, with naloxone in hand"
)
INSISTS = "if the patient insists: offer a lift or a taxi, and follow local policy"
#: The next step of an ambulatory hold beside a CIWA-Ar dose (or both kinds), and beside a COWS dose alone (R32 (a)).
NEXT_CIWA = f"{STAY}; {NOT_CLEARED_CIWA}; the patient must not drive today; {INSISTS}"
NEXT_COWS = f"{STAY}; {NOT_CLEARED_COWS}; the patient must not drive today; {INSISTS}"
#: The ambulatory hold, in full (R32 (a); was: "if intoxicated: no dose here (the patient must not drive today)").
HOLD_CIWA = f"if intoxicated: no dose now ({NEXT_CIWA})"
HOLD_COWS = f"if intoxicated: no dose now ({NEXT_COWS})"
_OLD_HOLD = "if intoxicated: no dose here (the patient must not drive today)"
# the screens of an ambulatory step (R32 (a)): a CIWA-Ar dose's (or both kinds'), a COWS dose alone's
SCREEN_ALCOHOL_AMB = SCREEN_ALCOHOL.replace(_OLD_HOLD, HOLD_CIWA)
SCREEN_ALCOHOL_AMB_COWS = SCREEN_ALCOHOL.replace(_OLD_HOLD, HOLD_COWS)
SCREEN_OPIOID_AMB = SCREEN_OPIOID.replace(_OLD_HOLD, HOLD_COWS)
SCREEN_OPIOID_AMB_CIWA = SCREEN_OPIOID.replace(_OLD_HOLD, HOLD_CIWA)
_OLD_OVERDOSE = "intoxicated: the patient must not drive today)"
SCREEN_OPIOID_OVERDOSE_AMB = SCREEN_OPIOID_OVERDOSE.replace(_OLD_OVERDOSE, f"intoxicated: {NEXT_COWS})")
SCREEN_OPIOID_OVERDOSE_AMB_CIWA = SCREEN_OPIOID_OVERDOSE.replace(_OLD_OVERDOSE, f"intoxicated: {NEXT_CIWA})")
SCREEN_ALCOHOL_OVERDOSE_AMB = SCREEN_ALCOHOL_OVERDOSE.replace(_OLD_OVERDOSE, f"intoxicated: {NEXT_CIWA})")
SCREEN_ALCOHOL_OVERDOSE_AMB_COWS = SCREEN_ALCOHOL_OVERDOSE.replace(_OLD_OVERDOSE, f"intoxicated: {NEXT_COWS})")


def ambulatory(text: str, cows_alone: bool = False) -> str:
    """``text`` (typed before R32 (a)) with each hold of an ambulatory step giving its next step (physician review
    R32 (a)): beside a COWS dose alone (``cows_alone``) or a CIWA-Ar dose (or both kinds)."""
    step = NEXT_COWS if cows_alone else NEXT_CIWA
    text = text.replace(_OLD_HOLD, f"if intoxicated: no dose now ({step})")
    return text.replace(_OLD_OVERDOSE, f"intoxicated: {step})")


#: Physician review R30b, must-fix M4: each hold naming intoxication says the driving rule inside it, for the patient
#: given no dose; the checks that "the patient must not drive" is said once leave these out (:func:`without_holds`).
HOLDS_NO_DRIVING = (
    # physician review R32 (a): an ambulatory hold's driving rule, and its lift or taxi (beside a same-day suicide risk
    # assessment due, that assessment first: R34 S2)
    f"; the patient must not drive today; {INSISTS}",
    # R38 item 6 (a): a patient too intoxicated to take part in the assessment: an emergency evaluation for suicide risk
    "; the patient must not drive today; if the patient insists on leaving: the same-day suicide risk assessment "
    "first (if too intoxicated to take part in it: staff stay with the patient and arrange an emergency evaluation "
    "for suicide risk); offer a lift or a taxi, and follow local policy",
    # R36 N3: beside a withdrawn C-SSRS high risk; R35 S2: CIWA-Ar item 10's hold where the step may transfer
    # R39 C6: a patient too intoxicated to take part in the repeated screen: an emergency evaluation for suicide risk
    "; the patient must not drive today; if the patient insists on leaving: the repeated C-SSRS screen first (if too "
    "intoxicated to take part in it: staff stay with the patient and arrange an emergency evaluation for suicide "
    "risk); offer a lift or a taxi, and follow local policy",
    # R38 item 6 (b): CIWA-Ar item 10's hold beside a same-day suicide risk assessment due, not at a transfer now
    "the patient must not drive today; if the patient tries to leave before it clears: staff stay with the patient and "
    "arrange an emergency evaluation for suicide risk; if transferred: tell the receiving team at handover the breath "
    "alcohol reading or the signs, with the time",
    "the patient must not drive today; if transferred: tell the receiving team at handover the breath alcohol reading "
    "or the signs, with the time",
    # R32 (a): a transfer's hold tells the receiving team; a hold beside a suicide evaluation waits with staff
    "; tell the receiving team at handover the breath alcohol reading or the signs, with the time; the patient must "
    "not drive today",
    "tell the receiving team at handover the breath alcohol reading or the signs, with the time; the patient must "
    "not drive today",
    ", or tell the receiving team at handover; the patient must not drive today",
    # physician review R32 (b): the combined hold of a transfer step tells the receiving team of the intoxication first
    "; intoxication: tell the receiving team at handover the breath alcohol reading or the signs, with the time; the "
    "patient must not drive today",
    " (the patient must not drive today)",
    "; intoxicated: the patient must not drive today",
    "; intoxication: the patient must not drive today",
)


def without_holds(text: str) -> str:
    """``text`` without the holds' own driving rule (:data:`HOLDS_NO_DRIVING`)."""
    for held in HOLDS_NO_DRIVING:
        text = text.replace(held, "")
    return text


#: The hold's next step at a transfer now, and while the patient waits for an emergency evaluation for suicide risk
#: (physician review R32 (a), the physician's words; R32 (b) and R33 S2 for the transfer's).
TOLD = "tell the receiving team at handover the breath alcohol reading or the signs, with the time"
NEXT_TRANSFER = f"{TOLD}; the patient must not drive today"
SUICIDE_WAIT = (
    "staff stay with the patient; repeat the screen and the score when it clears, or tell the receiving team at "
    "handover; the patient must not drive today"
)
#: Beside a same-day suicide risk assessment still to do (physician review R34, should-fix S2, the reviewer's words).
#: R38 item 6 (a), the reviewer's words: the bracket for a patient too intoxicated to take part in it.
TOO_INTOXICATED = (
    "(if too intoxicated to take part in it: staff stay with the patient and arrange an emergency evaluation for "
    "suicide risk)"
)
INSISTS_ON_LEAVING = (
    "if the patient insists on leaving: the same-day suicide risk assessment first (if too intoxicated to take part "
    "in it: staff stay with the patient and arrange an emergency evaluation for suicide risk); offer a lift or a "
    "taxi, and follow local policy"
)
#: R38 item 6 (b), the reviewer's words: CIWA-Ar item 10's hold (no "insists" branch) beside a same-day suicide risk
#: assessment due, where the patient is not transferred now nor waiting for a suicide evaluation.
TRIES_TO_LEAVE = (
    "if the patient tries to leave before it clears: staff stay with the patient and arrange an emergency evaluation "
    "for suicide risk"
)


def tries_to_leave(review: str) -> str:
    """``review`` (a medical review typed in a test) with CIWA-Ar item 10's hold beside a same-day suicide risk
    assessment due (R38 item 6 (b)): the reviewer's clause before "if transferred"."""
    held = "review is repeated (the patient must not drive today; if transferred: "
    assert review.count(held) == 1
    return review.replace(
        held, f"review is repeated (the patient must not drive today; {TRIES_TO_LEAVE}; if transferred: "
    )


#: Beside a C-SSRS high risk withdrawn by a correction (physician review R36, N3, the reviewer's words).
#: R39 C6, the reviewer's words: the bracket for a patient too intoxicated to take part in the repeated screen.
INSISTS_ON_RESCREEN = (
    "if the patient insists on leaving: the repeated C-SSRS screen first (if too intoxicated to take part in it: "
    "staff stay with the patient and arrange an emergency evaluation for suicide risk); offer a lift or a taxi, and "
    "follow local policy"
)
#: The old forms of a hold's driving rule (R30b M4, R32 (b)), and the words naming the intoxicated patient before it.
_OLD_FORMS = re.compile(
    r"if intoxicated: no dose here \(the patient must not drive today\)"
    r"|(?P<named>intoxicated|intoxication): (?:" + re.escape(TOLD) + r"; )?the patient must not drive today\)"
    r"|(?P<item10>until it clears and the review is repeated) \(the patient must not drive today\)"
)
_SENTENCE_END = re.compile(r"\. (?=[A-Z])")


#: A step arranging a transfer now, typed from physician review R35 (M2): "arrange transfer now" with no condition
#: before it in its ;-clause (no "if", not "at a re-score ...", not "a complicating condition ...").
# R61 (h1's words for R60 Q3 (iii)): the re-score's transfer now reads "intoxicated or not, at a CIWA-Ar re-score of 15
# or more, ...: arrange transfer now", still conditional (was: only "at a re-score ..." at the clause's start)
_CONDITION = re.compile(r"\bif\b|^(?:First: )?(?:intoxicated or not, )?(?:[Aa]t |[Aa] complicating condition)")


def transfers_now(text: str) -> bool:
    """Whether ``text`` arranges a transfer now, with no condition (R35 M2's reading, typed here)."""
    for clause in re.split(r"; |\. ", text):
        at = clause.lower().find("arrange transfer now")
        if at >= 0 and not _CONDITION.search(clause[:at]):
            return True
    return False


def _from_sentence(text: str, start: int) -> str:
    """``text`` from the sentence holding ``start`` on."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text[:start])]
    return text[ends[-1] if ends else 0 :]


def r32a(text: str, whole: str | None = None, case: Any = None) -> str:
    """``text`` (a headline or box, or a part of one, typed before R32 (a)) as physician review R32 (a) re-words its
    holds, each by its setting (the ruling's four settings, typed here; R33 S1 for a conditional transfer, R34 S1-S3;
    physician review R35: the case's flags read too, ``case`` being the recommendation, or its flags):

    - beside an emergency evaluation for suicide risk (a C-SSRS high risk among the case's standing flags, or named in
      the whole text, ``whole``, else ``text``): staff stay, and the screen is repeated or the receiving team told;
    - a transfer arranged now (:func:`transfers_now`) by any standing flag's step or the whole text: the receiving
      team told;
    - no "transfer" in the whole text from the hold's sentence on (read in ``whole`` where ``text`` is a part of it):
      the ambulatory next step (a COWS dose alone's where the whole text names the COWS and no CIWA-Ar; "the scores"
      where it names both, or where the case is given, where a CIWA-Ar and a COWS flag stand; the same-day suicide
      risk assessment first where one is due: a positive PHQ-9 item 9 or a C-SSRS moderate or low risk standing, or
      the text naming the assessment; R38 item 6 (a): a patient too intoxicated to take part in it evaluated for
      suicide risk in an emergency);
    - else both branches: "if transferred, ...; if not: [the ambulatory next step]".

    CIWA-Ar item 10's hold tells the receiving team where the step may transfer (R35 S2, R36 S1); beside a same-day
    suicide risk assessment due, not at a transfer now nor beside a suicide evaluation, it says what happens to a
    patient who tries to leave before it clears (R38 item 6 (b))."""
    whole = text if whole is None else whole
    flags = [f for f in (getattr(case, "flags", case) or ()) if f.withdrawn is None]
    codes = {f.code for f in flags}
    # R38 item 6: a hold's own "emergency evaluation for suicide risk" (the output's words) is not the case's
    read = whole.replace(f" {TOO_INTOXICATED}", "").replace(f"; {TRIES_TO_LEAVE}", "")
    suicide = "while the patient waits for the suicide evaluation" in read
    suicide = suicide or "emergency evaluation for suicide risk" in read or "suicide_risk_high" in codes
    now = transfers_now(whole) or any(transfers_now(f.action) for f in flags if f.action)
    both = "COWS" in whole and "CIWA-Ar" in whole
    if flags:  # the case's flags read where given: both withdrawals standing (R35 S3)
        alcohol = {"moderate_alcohol_withdrawal", "severe_alcohol_withdrawal", "complicated_withdrawal"}
        alcohol.add("possible_inattention")
        opioid = {"moderate_opioid_withdrawal", "moderately_severe_opioid_withdrawal", "severe_opioid_withdrawal"}
        opioid.add("buprenorphine_induction_threshold")
        both = bool(codes & alcohol) and bool(codes & opioid)
    cows_alone = "COWS" in whole and "CIWA-Ar" not in whole and not both  # R37 S1: never beside "the scores"
    stay = STAY.replace("the score ", "the scores ") if both else STAY
    asked = whole.replace(INSISTS_ON_LEAVING, "")  # the markers read outside a hold's own words (the output's)
    same_day = "same-day suicide risk assessment" in asked or "PHQ-9 item 9 was positive" in asked
    same_day = same_day or bool(codes & {"suicidal_ideation", "suicide_risk_moderate", "suicide_risk_low"})
    everyone = list(getattr(case, "flags", case) or ())
    rescreen = any(f.code == "suicide_risk_high" and f.withdrawn is not None for f in everyone)
    insists = INSISTS_ON_LEAVING if same_day else INSISTS_ON_RESCREEN if rescreen else INSISTS
    cleared = NOT_CLEARED_COWS if cows_alone else NOT_CLEARED_CIWA
    home = f"{stay}; {cleared}; the patient must not drive today; {insists}"

    def setting(m: re.Match[str]) -> str:
        following = _from_sentence(text, m.start())
        anchor = following[:80]
        if whole is not text and anchor and anchor in whole:
            following = whole[whole.index(anchor) :]
        if suicide:
            wait = SUICIDE_WAIT.replace("the score ", "the scores ") if both else SUICIDE_WAIT
            step, where = wait, "now"
        elif now:
            step, where = NEXT_TRANSFER, "here"
        elif "transfer" not in following:
            step, where = home, "now"
        else:
            step, where = f"if transferred, {TOLD}; if not: {home}", "now"
        if m["item10"] is not None:  # CIWA-Ar item 10's own hold: the handover where the step may transfer (R35 S2)
            told = f"; if transferred: {TOLD}" if suicide or where == "here" or "if not: " in step else ""  # R36 S1
            leaves = f"; {TRIES_TO_LEAVE}" if same_day and not suicide and not now else ""  # R38 item 6 (b)
            return f"{m['item10']} (the patient must not drive today{leaves}{told})"
        if m["named"] is None:
            return f"if intoxicated: no dose {where} ({step})"
        return f"{m['named']}: {step})"

    return _OLD_FORMS.sub(setting, text)
