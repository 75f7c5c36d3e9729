"""The R13 physician's case table as an oracle: the facts each case must show, independent of iopkit's wording.

Signed: R13 physician reviewer (addiction medicine, ASAM-certified), 3 Dec 2026 (/work/reviews/r13_cases.md, with
the findings of the same review, R13 M1-M3 and S1-S10). Sources the table lists: ASAM Criteria 2013/2023; Sullivan et
al. 1989 (CIWA-Ar); Wesson & Ling 2003 (COWS); C-SSRS screener triage (Posner et al. 2011); ASAM 2020 alcohol
withdrawal and OUD guidelines; buprenorphine and methadone labels; 21 CFR 1306.07(b) (the 72-hour rule); FDA drug
safety communication of 20 Sep 2017 (opioid medicines with benzodiazepines).

Each case is built as the physician built it: :func:`recommended` (old scores on 20 Nov 2026, today's on 02 Dec 2026,
ratings over ROUTINE {1:1, 2:0, 3:1, 4:1, 5:1, 6:1}); a blank answer through r10's ``_with_blank``. The answers arrays
are the table's, typed by hand. Each check is one fact of the table's row (first step, destination, dose before
transfer and after which screen, handover, driving, what must not appear), written as a small predicate on the
headline (``r.headline``), its first step (the first sentence), or the boxes (every ``r.flags[i].action``): phrases
that must or must not appear, and the order of a screen and a dose. Phrases are the table's (or the finding's) own,
matched as whole words, case ignored; nothing else of the current wording is asserted.

Where main does not yet meet a fact, its check is marked ``xfail(strict=True)`` with the finding that asks for it: a
fix makes it XPASS, which fails, and the marker must then be removed. Where the table's fact was ambiguous or seemed
to conflict with another accepted finding, the check is the stricter, safer reading (noted beside it).
R14-S6 tightened two readings to the table's own: C07/C09 forbid only an unconditional transfer now / 1-WM (only_if).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

import pytest

from iopkit.placement import FirstStep, Recommendation

from .test_placement_headline_review_r7_old_scores import recommended
from .test_placement_headline_review_r10 import _with_blank

#: R57 M1: an old moderate re-score's screen before any dose and its hold (the CIWA-Ar, ambulatory), with thiamine and
#: blood glucose, as the old severe re-score's.
R57_CIWA = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose now (ask the patient to stay on site and repeat the "
    "screen and the score when it clears; if it has not cleared by the end of the session, or withdrawal worsens: "
    "arrange a higher level of care; the patient must not drive today; if the patient insists: offer a lift or a "
    "taxi, and follow local policy); otherwise "
)

#: R58 M1a: an old moderate CIWA-Ar re-score's closing after its hold (physician review R58, must-fix M1a, its words).
R58_M1A = (
    "otherwise, on the re-score: if 15 or more, or a seizure since the last score, or hallucinations, or "
    "disorientation (item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM); staff "
    "with the patient until handover; if the patient declines transfer: the prescriber assesses and records capacity "
    "to decline (without capacity: transfer by emergency services; with capacity: record the advice given and the "
    "risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell "
    "the patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    "worsening); if delirium: no dose here; call emergency services "
    "for the ED; if below 15: a prescriber treats on today's score (medication at 10 or more; consider at 8-9)"
)

#: R60 Q2(a): an old moderate CIWA-Ar re-score's step after its bracket, the severe branch before the intoxication
#: hold, whether or not the patient is intoxicated (physician review R60, Q2 (a), its words; no suicide screen
#: standing).
R60_Q2A = (
    "; ask what happened since (a seizure, confusion, a hospital visit, the last drink); before any dose: screen for "
    "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
    "glucose; if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; on "
    "the re-score, intoxicated or not: if 15 or more, or a seizure since the last score, or hallucinations, or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)...")
    "disorientation (item 10 at 2 or more): arrange transfer now by emergency services to medically managed "
    "withdrawal (ED, or 4-WM); staff "
    "with the patient until handover; if the patient declines transfer: the prescriber assesses and records capacity "
    # R62 M2: the bridging dose, guarded, and its handover (was: "; if intoxicated: no dose here, and at handover tell
    # the receiving team the breath alcohol reading or the signs, with the time (...)")
    "to decline (without capacity: transfer by emergency services; with capacity: record the advice given and the "
    "risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell "
    "the patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    # R73 1a (was: "...worsening); if not intoxicated")
    "worsening); the patient must not drive; if not intoxicated: a first dose before transfer "
    # R63 SF1: the drive clause back in the hold (was: "...; if intoxicated: no dose here; at handover ... with the
    # time (the patient must not drive today); ")
    "only if it does not delay the transfer; if intoxicated: no dose here (the patient must not drive today); at "
    "handover tell the receiving team the CIWA-Ar re-score and any dose with its time, and, if intoxicated, the breath "
    "alcohol reading or the signs, with the time; "
    "otherwise, if intoxicated: no dose "
    "until it clears (ask the patient to stay on site and repeat the screen and the score when it clears; if it has "
    "not cleared by the end of the session, or withdrawal worsens: arrange a higher level of care; the patient must "
    "not drive today; if the patient insists: offer a lift or a taxi, and follow local policy); if below 15 and not "
    "intoxicated: a prescriber treats on today's score (medication at 10 or more; consider at 8-9)"
)

# --- the table's answers arrays (totals checked by the physician with iopkit.score) -------------------------------
CIWA_MILD6 = [1, 1, 1, 1, 1, 0, 0, 0, 1, 0]
CIWA_MOD13 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 0]
CIWA_SEV21 = [4, 3, 3, 3, 3, 2, 0, 0, 3, 0]
CIWA_CMP15 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 2]  # item 10 at 2, disoriented
CIWA_HAL10 = [1, 1, 1, 1, 1, 0, 4, 0, 1, 0]  # item 7 (auditory disturbances) at 4
COWS_8 = [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0]
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]
COWS_30 = [4, 3, 3, 2, 4, 2, 3, 2, 2, 2, 3]
COWS_48 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 5]
CSSRS_LOW = ["yes", "no", None, None, None, "no", None]
CSSRS_MOD = ["yes", "yes", "yes", "no", "no", "no", None]
CSSRS_HIGH = ["yes", "yes", "no", "yes", "no", "no", None]  # question 4 yes
CSSRS_B6 = ["no", "no", None, None, None, "yes", "yes"]  # behaviour within 3 months
PHQ_I9POS = [2, 2, 2, 2, 2, 2, 2, 2, 1]  # 17, item 9 at 1
PHQ_I9BLANK = [1, 1, 1, 1, 1, 1, 1, 1, None]

# --- the table's phrases ------------------------------------------------------------------------------------------
#: "Screen": before any dose, a screen for intoxication; for alcohol also thiamine and blood glucose; for a
#: complicated CIWA-Ar also a delirium screen (CAM or 4AT).
SCREEN = ("screen for", "intoxication")
ALCOHOL = ("thiamine", "blood glucose")
DELIRIUM = ("CAM", "4AT")
#: "4-rule": a dose before transfer only if it does not delay the transfer and the reason for rating 4 allows it.
RULE_4 = "reason for rating 4 allows it"
#: What gives a dose, in the headline or a box (R13 item 1's dose phrases, and the treating verbs of the boxes).
DOSE = ("a prescriber gives", "a prescriber treats", "treat withdrawal", "treats withdrawal", "first dose")
#: What gives a dose in a box: the treating verbs (R13 S3's test reads "a prescriber gives"); not "first dose", which
#: the buprenorphine induction box says when it defers to the first step's screen ("once the first step's screen
#: before any dose finds no intoxication"; R42 item 5: was "... allows it").
BOX_DOSE = DOSE[:-1]


# --- the predicates ----------------------------------------------------------------------------------------------
def _at(text: str, phrase: str) -> int:
    """Where ``phrase`` first occurs in ``text`` as whole words, case ignored; -1 when it does not."""
    found = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE)
    return -1 if found is None else found.start()


def _first_dose(text: str, doses: tuple[str, ...] = DOSE) -> int:
    """Where the first of ``doses`` is in ``text``; -1 when there is none."""
    return min((i for i in (_at(text, d) for d in doses) if i >= 0), default=-1)


def _first(r: Recommendation) -> str:
    """The headline's first step: its first sentence when it opens with "First:", else nothing."""
    h = r.headline
    return h.split(". Then")[0].split(". Also")[0] if h.startswith("First:") else ""


def _boxes(r: Recommendation) -> list[str]:
    return [f.action for f in r.flags]


@dataclass(frozen=True)
class Check:
    """One fact of a case, and the finding that asks for it while main does not meet it."""

    fact: str
    holds: Callable[[Recommendation], bool]
    #: "R13-<finding>: what is missing" while main does not meet the fact: the check is a strict xfail.
    missing: str = ""

    def until(self, missing: str) -> Check:
        return replace(self, missing=missing)


def step(kind: FirstStep | None) -> Check:
    return Check(f"first step is {kind}", lambda r: r.first_step is kind)


def step_not(kind: FirstStep) -> Check:
    return Check(f"first step is not {kind}", lambda r: r.first_step is not kind)


def first_has(*phrases: str) -> Check:
    return Check(f"first step says {phrases}", lambda r: all(_at(_first(r), p) >= 0 for p in phrases))


def first_lacks(*phrases: str) -> Check:
    return Check(f"first step never says {phrases}", lambda r: all(_at(_first(r), p) < 0 for p in phrases))


def says(*phrases: str) -> Check:
    return Check(f"headline says {phrases}", lambda r: all(_at(r.headline, p) >= 0 for p in phrases))


def headline_lacks(*phrases: str) -> Check:
    return Check(f"headline never says {phrases}", lambda r: all(_at(r.headline, p) < 0 for p in phrases))


def somewhere(*phrases: str) -> Check:
    return Check(
        f"headline or a box says {phrases}",
        lambda r: all(any(_at(t, p) >= 0 for t in (r.headline, *_boxes(r))) for p in phrases),
    )


def box_says(*phrases: str) -> Check:
    return Check(f"a box says {phrases}", lambda r: any(all(_at(b, p) >= 0 for p in phrases) for b in _boxes(r)))


def nowhere(*phrases: str) -> Check:
    return Check(
        f"neither headline nor any box says {phrases}",
        lambda r: all(_at(t, p) < 0 for t in (r.headline, *_boxes(r)) for p in phrases),
    )


def no_box(*phrases: str) -> Check:
    return Check(f"no box says {phrases}", lambda r: all(_at(b, p) < 0 for b in _boxes(r) for p in phrases))


#: What makes a step conditional: "if ...", or a threshold "at 8 or more" (R55 C: or "at a COWS of 37 or more", the
#: branches of 273's and 639's first step on the two re-scores).
# R58 S2b: those branches say "at a COWS re-score of 37 or more" (ruling (c))
CONDITION = re.compile(
    r"(?<!\w)(if|at \d+ or more|at a (?:COWS|CIWA-Ar) (?:re-score )?of \d+ or more)(?!\w)", re.IGNORECASE
)


def _unconditional(text: str, phrase: str) -> bool:
    """True when ``text`` says ``phrase`` with no condition before it in its step: neither in its clause (since the
    ";" before it) nor in its step's lead (the sentence's words before its first ":", which govern the whole step).
    "unless" is no condition here: a default with an exception still sends the patient there."""
    for sentence in re.split(r"(?<!e\.g\.)(?<=\.)\s+(?=[A-Z])", text):
        lead = sentence[: max(sentence.find(":"), 0)]
        for found in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", sentence, re.IGNORECASE):
            clause = sentence[sentence.rfind(";", 0, found.start()) + 1 : found.start()]
            if not CONDITION.search(clause) and not CONDITION.search(lead[: found.start()]):
                return True
    return False


def only_if(phrase: str) -> Check:
    """Neither the headline nor any box says ``phrase`` unconditionally (the table's "<phrase> unconditional")."""
    return Check(
        f"{phrase!r} only after a condition in its step",
        lambda r: not any(_unconditional(t, phrase) for t in (r.headline, *_boxes(r))),
    )


def level(*codes: str) -> Check:
    return Check(f"level in {codes}", lambda r: r.level.code in codes)


def hours(low: float, high: float | None) -> Check:
    return Check(f"{low} to under {high} h/week", lambda r: r.hours_per_week == (low, high))


def no_dose() -> Check:
    return Check(
        "no dose in the headline or any box", lambda r: all(_first_dose(t) < 0 for t in (r.headline, *_boxes(r)))
    )


def dose_after(*screens: str) -> Check:
    """The headline gives a dose, and says each of ``screens`` before its first dose."""

    def holds(r: Recommendation) -> bool:
        dose = _first_dose(r.headline)
        return dose >= 0 and all(0 <= _at(r.headline, s) < dose for s in screens)

    return Check(f"headline doses, after {screens}", holds)


def box_doses_after(*screens: str) -> Check:
    """Every box that gives a dose says each of ``screens`` before its first dose."""

    def holds(r: Recommendation) -> bool:
        return all(
            all(0 <= _at(b, s) < _first_dose(b, BOX_DOSE) for s in screens)
            for b in _boxes(r)
            if _first_dose(b, BOX_DOSE) >= 0
        )

    return Check(f"every box that doses says {screens} first", holds)


def no_dose_before(anchor: str) -> Check:
    """The headline says ``anchor``, and no dose before it."""

    def holds(r: Recommendation) -> bool:
        at, dose = _at(r.headline, anchor), _first_dose(r.headline)
        return at >= 0 and (dose < 0 or at < dose)

    return Check(f"headline says {anchor!r} before any dose", holds)


def before(first: str, then: str) -> Check:
    """In the headline, ``first`` comes before any ``then`` (``then`` may be absent)."""

    def holds(r: Recommendation) -> bool:
        a, b = _at(r.headline, first), _at(r.headline, then)
        return a >= 0 and (b < 0 or a < b)

    return Check(f"headline says {first!r} before any {then!r}", holds)


def if_then(condition: str, required: str) -> Check:
    return Check(
        f"headline says {required!r} wherever it says {condition!r}",
        lambda r: _at(r.headline, condition) < 0 or _at(r.headline, required) >= 0,
    )


def not_starting(prefix: str) -> Check:
    return Check(f"headline does not start {prefix!r}", lambda r: not r.headline.startswith(prefix))


def no_scored_phq9() -> Check:
    return Check(
        "no PHQ-9 total shown as scored",
        lambda r: not any(re.search(r"PHQ-9 (total )?\d", t) for t in (r.headline, *_boxes(r))),
    )


NO_DRIVING = nowhere("drive")
#: R75 item 2 (session 42): the C-SSRS high-risk step's refusal ends with the driving rule, the ruling's words.
R75_NO_DRIVE = "(local involuntary-assessment procedure); the patient must not drive"


def drives_only_on_refusal() -> Check:
    """R75 2: the headline says the refusal's driving rule, and neither the headline nor any box says "drive" but in
    it (the table's "no driving advice" where no dose is given, R75's rule on the refusal aside)."""

    def holds(r: Recommendation) -> bool:
        texts = (r.headline, *_boxes(r))
        return _at(r.headline, R75_NO_DRIVE) >= 0 and all(_at(t.replace(R75_NO_DRIVE, ""), "drive") < 0 for t in texts)

    return Check(f"headline says {R75_NO_DRIVE!r}, and no other 'drive' anywhere", holds)


NO_HANDOVER = nowhere("handover")
# the table's "withdrawal management there as dimension 1 needs" at dimension 1 rated 1 (C25-C27): no 24-hour
# withdrawal management first, none of its own (physician review R14, should-fix 6 (iii), must-fix 2)
WM_AS_D1_NEEDS = Check("no 24-hour WM first at d1 1", lambda r: r.withdrawal_management is None)

# --- what main does not meet yet, by finding (r13.md), or by the table alone where no finding asks for it ------------
# (none since R16's boxdose and headline branches merged: a new one names its finding and marks its check .until(...))


# --- the cases -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    """One row of the table: its id, its inputs, and its facts."""

    id: str
    checks: tuple[Check, ...]
    ratings: tuple[tuple[int, int], ...] = ()
    old: tuple[tuple[str, list], ...] = ()
    today: tuple[tuple[str, list], ...] = ()
    blank: bool = False

    def build(self) -> Recommendation:
        return (_with_blank if self.blank else recommended)(dict(self.ratings), list(self.old), list(self.today))


def case(id_: str, *checks: Check, ratings=None, old=(), today=(), blank=False) -> Case:
    return Case(id_, checks, tuple((ratings or {}).items()), tuple(old), tuple(today), blank)


EMERGENCY = FirstStep.EMERGENCY_EVALUATION
SUICIDE_EVALUATION = (
    first_has("emergency evaluation for suicide risk", "staff with the patient", "staff stay", "emergency services"),
    first_has("involuntary-assessment"),
    says("as the evaluation decides"),
)

CASES = (
    case(
        "C01",
        step(None),
        level("2.1"),
        hours(9, 20),
        no_dose(),
        NO_HANDOVER,
        NO_DRIVING,
        nowhere("First:", "emergency", "transfer"),
        ratings={5: 2},
    ),
    case(
        "C02",
        first_has("seizures", "PAWSS"),
        level("1", "2.1"),
        Check("1-WM", lambda r: r.withdrawal_management is not None and r.withdrawal_management.code == "1-WM"),
        says("3.7-WM", "PAWSS of 4"),
        no_dose(),
        NO_HANDOVER,
        NO_DRIVING,
        nowhere("transfer now", "ED"),
        today=[("ciwa_ar", CIWA_MILD6)],
    ),
    case(
        "C03",
        first_has("prescriber", "before the patient leaves", "10", "1 hour"),
        Check("1-WM or 2-WM", lambda r: r.withdrawal_management.code in ("1-WM", "2-WM")),
        dose_after(*SCREEN, *ALCOHOL),
        NO_HANDOVER,
        says("not drive"),  # "must not drive if a sedating dose is given"
        # physician review R16 (session 15), the ruling on C03: its words
        says("if a dose is given: the patient must not drive today"),
        nowhere("transfer now", "capacity"),
        today=[("ciwa_ar", CIWA_MOD13)],
    ),
    case(
        "C04",
        step(EMERGENCY),
        first_has("emergency medical evaluation", "transfer now", "ED", "3.7-WM", "4-WM"),
        says("does not delay the transfer"),
        dose_after(*SCREEN, *ALCOHOL),
        says("handover", "seizures", "delirium"),
        says("must not drive"),
        nowhere("before the patient leaves"),
        first_lacks("Level 1", "Level 2.1"),
        first_has("staff with the patient until handover"),  # physician review R16 (session 15), should-fix S8
        today=[("ciwa_ar", CIWA_SEV21)],
    ),
    case(
        "C05",
        step(EMERGENCY),
        first_has("emergency medical evaluation", "transfer now", "ED", "4-WM"),
        first_lacks("3.7-WM"),
        says("does not delay the transfer"),
        dose_after(*DELIRIUM, *SCREEN, *ALCOHOL),
        says("delirium", "emergency services"),
        says("handover"),
        says("must not drive"),
        nowhere("1-WM", "2-WM", "before the patient leaves"),
        today=[("ciwa_ar", CIWA_CMP15)],
    ),
    case(
        "C06",
        step(EMERGENCY),
        first_has("emergency medical evaluation", "ED", "4-WM"),
        first_lacks("3.7-WM"),
        # physician review R16 (session 15), the ruling on C06: C05's screen and first dose, three facts
        says("does not delay the transfer"),
        dose_after(*DELIRIUM, *SCREEN, *ALCOHOL),
        says("delirium", "emergency services"),
        says("handover"),
        says("must not drive"),
        nowhere("1-WM", "2-WM"),
        nowhere("before the patient leaves"),  # as C05 (and R13-S10: a box beside a transfer now)
        today=[("ciwa_ar", CIWA_HAL10)],
    ),
    case(
        "C07",
        first_has("re-score the CIWA-Ar", "today's score"),  # R58 M1a: was "current score"
        no_dose_before("re-score the CIWA-Ar"),
        # R58 M1a: a handover only in the re-score's branch at 15 or more (was NO_HANDOVER)
        # R60 Q2(a): only in the re-score's step, its delirium hold and its severe branch (was: R58_M1A's branch)
        Check(
            "handover only in R60 Q2(a)'s step",
            lambda r: all(
                _at(t.replace(R60_Q2A, ""), "handover") < 0 and _at(t, R60_Q2A) >= 0
                for t in (r.headline, *_boxes(r))
                if _at(t, "re-score the CIWA-Ar now") >= 0
            ),
        ),
        # physician review R31 M5: a box that may give a dose says its driving advice (before: none); R39 C10: at
        # Level 1 the headline says it too, after the old score's re-score (was: headline_lacks("drive"))
        first_has(  # R58 M1a: the re-score's closing, was "treat on the current score"
            "(medication at 10 or more; consider at 8-9); if a dose is given: the patient must not drive today; "
            "re-score the CIWA-Ar "
            "within 1 hour of a dose and at the end of the visit; after a dose given on site, the patient goes home "
            "only if"
        ),
        box_says(
            # R57 M1: the screen before any dose and its hold
            # R60 Q2(a): the severe branch before the hold (was: "(last 13 on 20 Nov 2026): " + R57_CIWA's hold +
            # R58_M1A)
            "re-score the CIWA-Ar now (last 13 on 20 Nov 2026)" + R60_Q2A + "; if a dose is given: "
            "the patient must not drive today"
        ),
        only_if("transfer now"),  # the table: "transfer now" unconditional (the setting as the re-score decides)
        old=[("ciwa_ar", CIWA_MOD13)],
    ),
    case(
        "C08",
        first_has("re-score the CIWA-Ar", "happened since"),
        first_has("15", "seizure", "transfer now", "ED", "4-WM"),
        no_dose_before("re-score the CIWA-Ar"),
        says("does not delay the transfer"),
        dose_after(*SCREEN, *ALCOHOL),  # the table's "Screen+thiamine/glucose" (r13.md: C08 met)
        says("handover"),
        says("must not drive"),
        if_then("Level 1", "records why ambulatory care is safe"),
        old=[("ciwa_ar", CIWA_SEV21)],
    ),
    case(
        "C09",
        step(EMERGENCY),
        first_has("emergency medical evaluation", "re-score the CIWA-Ar", *DELIRIUM),
        first_has("15", "transfer now", "ED", "4-WM"),
        no_dose_before("re-score the CIWA-Ar"),
        no_dose_before("CAM"),
        says("handover"),
        says("must not drive unless"),
        only_if("1-WM ambulatory"),  # the table: unconditional "1-WM"
        old=[("ciwa_ar", CIWA_CMP15)],
    ),
    case(
        "C10",
        step(None),
        level("1"),
        NO_HANDOVER,
        NO_DRIVING,
        nowhere("may be given now", "buprenorphine induction", "transfer"),
        today=[("cows", COWS_8)],
    ),
    *(
        case(
            id_,
            first_has("prescriber", "before the patient leaves"),
            first_lacks("ED"),
            level("1", "2.1"),
            says("complicating condition"),
            dose_after(*SCREEN),
            box_says("opioid treatment programme", "72-hour rule"),
            NO_HANDOVER,
            says("not drive today"),
            nowhere("capacity"),
            today=[("cows", cows)],
        )
        for id_, cows in (("C11", COWS_19), ("C12", COWS_30))
    ),
    case(
        "C13",
        first_has("prescriber", "treats withdrawal now"),
        level("1", "2.1"),
        says("complicating condition"),
        dose_after(*SCREEN),
        Check(
            "the COWS box states the 72-hour rule",
            lambda r: any("72-hour rule" in f.action for f in r.flags if f.code == "severe_opioid_withdrawal"),
        ),
        NO_HANDOVER,
        says("not drive today"),
        nowhere("capacity"),
        today=[("cows", COWS_48)],
    ),
    case(
        "C14",
        first_has("re-score the COWS", "37"),
        level("1", "2.1"),
        says("complicating condition"),
        no_dose_before("re-score the COWS"),
        dose_after(*SCREEN),
        NO_HANDOVER,
        says("not drive today"),
        nowhere("capacity"),
        old=[("cows", COWS_48)],
    ),
    case(
        "C15",
        step(FirstStep.RISK_ASSESSMENT),
        first_has("same-day", "before the patient leaves"),
        level("1"),
        NO_HANDOVER,
        NO_DRIVING,
        nowhere("emergency evaluation", "staff stay"),
        today=[("cssrs_screen", CSSRS_LOW)],
    ),
    case(
        "C16",
        step(FirstStep.RISK_ASSESSMENT),
        first_has("same-day", "before the patient leaves"),
        # the table's first step: "evaluation and safety planning before the patient leaves" (the box alone says it)
        first_has("safety planning"),  # physician review R16 (session 15), the ruling on C16
        level("1"),
        NO_HANDOVER,
        NO_DRIVING,
        nowhere("emergency evaluation for suicide risk", "capacity"),
        today=[("cssrs_screen", CSSRS_MOD)],
    ),
    *(
        case(
            id_,
            step(EMERGENCY),
            *SUICIDE_EVALUATION,
            drives_only_on_refusal(),  # R75 2 (was: NO_DRIVING)
            nowhere("capacity", "before the patient leaves"),
            today=[("cssrs_screen", answers)],
        )
        for id_, answers in (("C17", CSSRS_HIGH), ("C18", CSSRS_B6))
    ),
    case(
        "C19",
        step(EMERGENCY),
        *SUICIDE_EVALUATION,
        says("of 20 Nov 2026, not re-screened today"),
        before("emergency evaluation for suicide risk", "re-screen"),
        drives_only_on_refusal(),  # R75 2 (was: NO_DRIVING)
        nowhere("capacity", "before the patient leaves"),
        old=[("cssrs_screen", CSSRS_HIGH)],
    ),
    case(
        "C20",
        step(FirstStep.RISK_ASSESSMENT),
        first_has("same-day", "suicide risk assessment", "before the patient leaves"),
        somewhere("C-SSRS"),  # the table's "(C-SSRS)", an instrument named as an example: the box names it
        level("1"),
        NO_HANDOVER,
        NO_DRIVING,
        nowhere("emergency evaluation"),
        today=[("phq9", PHQ_I9POS)],
    ),
    case(
        "C21",
        step(FirstStep.RISK_ASSESSMENT),
        first_has("ask", "now", "endorsed", "same-day"),
        level("1"),
        NO_HANDOVER,
        NO_DRIVING,
        no_scored_phq9(),
        today=[("phq9", PHQ_I9BLANK)],
        blank=True,
    ),
    case(
        "C22",
        step(EMERGENCY),
        first_has("emergency medical evaluation", "transfer now", "ED", "4-WM"),
        no_dose(),
        says("handover"),  # physician review R16 (session 15), the ruling on C22, C23, C30
        first_has("staff with the patient until handover"),
        says("must not drive"),
        nowhere("3.7-WM", "before the patient leaves"),
        ratings={1: 4},
    ),
    case(
        "C23",
        step(EMERGENCY),
        first_has("emergency medical evaluation", "transfer now", "ED"),
        level("4"),
        no_dose(),
        says("handover"),  # physician review R16 (session 15), the ruling on C22, C23, C30
        first_has("staff with the patient until handover"),
        says("must not drive"),
        nowhere("before the patient leaves"),
        ratings={2: 4},
    ),
    case(
        "C24",
        step(EMERGENCY),
        first_has("emergency psychiatric evaluation", "transfer now", "ED", "staff with the patient"),
        first_has("staff stay", "safe distance", "emergency services"),
        level("4"),
        no_dose(),
        says("handover"),
        says("must not drive"),
        nowhere("capacity", "before the patient leaves"),
        ratings={3: 4},
    ),
    *(
        case(
            id_,
            step_not(EMERGENCY),
            first_has("24-hour", "today"),
            level("3.5", "3.7", "4"),
            *extra,
            NO_HANDOVER,
            NO_DRIVING,
            nowhere("ED", "capacity", RULE_4),
            not_starting("First: 3.2-WM"),
            WM_AS_D1_NEEDS,
            ratings={dimension: 4},
        )
        for id_, dimension, extra in (
            ("C25", 4, ()),
            ("C26", 5, (first_has("safety plan", "naloxone"),)),
            ("C27", 6, ()),
        )
    ),
    case(
        "C28",
        step(EMERGENCY),
        first_has("emergency medical evaluation", "transfer now", "ED", "4-WM"),
        says(RULE_4),
        dose_after(*SCREEN),
        # the table's "Screen" for alcohol (CIWA-Ar 13 beside the COWS): physician review R16 (session 15), S1
        dose_after(*ALCOHOL),
        # physician review R16 (session 15), should-fix S7: the check is right, not too literal; the box opens with
        # its screen ("Before any dose: ...; otherwise treat withdrawal as the prescriber decides (...)"); R16-M2's
        # "no dose here" in every dose box: tests/test_placement_headline_review_r16_boxdose.py
        box_doses_after(*SCREEN),
        says("benzodiazepine", "monitor", "handover"),
        says("must not drive"),
        nowhere("before the patient leaves"),
        nowhere("3.7-WM"),
        ratings={1: 4},
        today=[("ciwa_ar", CIWA_MOD13), ("cows", COWS_48)],
    ),
    *(
        case(
            id_,
            step(EMERGENCY),
            first_has(evaluation, "transfer now", "ED"),
            level("4"),
            says("re-score the COWS", "does not delay", RULE_4),
            no_dose_before("re-score the COWS"),
            dose_after(*SCREEN),
            box_doses_after(*SCREEN),
            says("handover"),  # C30: physician review R16 (session 15), the ruling on C22, C23, C30
            first_has("staff with the patient until handover") if dimension == 2 else says("handover"),
            says("must not drive"),
            no_box("before the patient leaves"),
            nowhere("emergency evaluation only for a complicating condition"),
            ratings={dimension: 4},
            old=[("cows", COWS_48)],
        )
        for id_, dimension, evaluation in (
            ("C29", 3, "emergency psychiatric evaluation"),
            ("C30", 2, "emergency medical evaluation"),
        )
    ),
    case(
        "C31",
        step(EMERGENCY),
        first_has("emergency evaluation for suicide risk", "re-score the COWS"),
        says("as the evaluation decides"),
        # a complicating condition: one setting that manages both (R13 M1's words; R7 M3a's test still asserts "goes
        # to the same emergency evaluation" in this headline: the table's stricter fact is checked)
        says("one setting", "ED"),
        no_dose_before("re-score the COWS"),
        says("while the patient waits"),
        dose_after(*SCREEN),
        says("not drive today"),  # "none from this alone": the first opioid dose still stops driving (S5)
        no_box("before the patient leaves"),
        nowhere("same emergency evaluation"),
        nowhere("capacity"),
        old=[("cows", COWS_48)],
        today=[("cssrs_screen", CSSRS_HIGH)],
    ),
    case(
        "C32",
        step(EMERGENCY),
        first_has("emergency evaluation for suicide risk", "emergency medical evaluation", "one setting"),
        first_has("transfer now", "ED"),
        says("does not delay the transfer"),
        dose_after(*SCREEN, *ALCOHOL),
        says("handover"),
        says("must not drive"),
        nowhere("capacity", "3.7-WM"),
        nowhere("before the patient leaves"),
        today=[("cssrs_screen", CSSRS_HIGH), ("ciwa_ar", CIWA_SEV21)],
    ),
    case(
        "C33",
        step(EMERGENCY),
        first_has("emergency evaluation for suicide risk", "prescriber", "while the patient waits"),
        says("as the evaluation decides"),
        dose_after(*SCREEN, *ALCOHOL),
        says("not drive"),  # "must not drive if a sedating dose is given"
        # physician review R16 (session 15), the ruling on C33: its words; R75c 1 (was: says("if a dose is given: the
        # patient must not drive today")): the headline's refusal says the driving rule outright, the dose's clause is
        # dropped there; the boxes keep it (below)
        says(R75_NO_DRIVE),
        nowhere("before the patient leaves"),
        headline_lacks("if a dose is given: the patient must not drive today"),  # R75c 1
        box_says("if a dose is given: the patient must not drive today"),  # R75c 1: the boxes keep R16's words
        today=[("cssrs_screen", CSSRS_HIGH), ("ciwa_ar", CIWA_MOD13)],
    ),
    case(
        "C34",
        first_has("re-score the CIWA-Ar"),
        no_dose_before("re-score the CIWA-Ar"),
        says("8 or more", "transfer now", "ED"),
        level("1", "2.1"),
        dose_after("re-score the CIWA-Ar", *SCREEN),
        says("not drive today"),
        old=[("ciwa_ar", CIWA_MOD13)],
        today=[("cows", COWS_48)],
    ),
    case(
        "C35",
        step(EMERGENCY),
        first_has("emergency evaluation for suicide risk", "re-score the CIWA-Ar"),
        no_dose_before("re-score the CIWA-Ar"),
        says("8 or more", "one setting", "transfer now", "ED"),
        dose_after("re-score the CIWA-Ar", *SCREEN),
        says("while the patient waits"),
        says("must not drive"),
        nowhere("same emergency evaluation"),
        nowhere("before the patient leaves", "capacity"),
        old=[("ciwa_ar", CIWA_MOD13)],
        today=[("cows", COWS_48), ("cssrs_screen", CSSRS_HIGH)],
    ),
    case(
        "C36",
        step(EMERGENCY),
        first_has("emergency evaluation", "transfer now", "ED", "3.7-WM", "4-WM"),
        says("does not delay the transfer"),
        dose_after(*SCREEN, "thiamine"),
        says("benzodiazepine", "monitor", "handover"),
        says("must not drive"),
        nowhere("before the patient leaves"),
        today=[("ciwa_ar", CIWA_MOD13), ("cows", COWS_48)],
    ),
    case(
        "C37",
        step(EMERGENCY),
        first_has("emergency medical evaluation", "transfer now", "ED"),
        level("4"),
        no_dose(),
        says("handover", "receiving team", "C-SSRS", "moderate", "safety planning"),
        says("must not drive"),
        no_box("before the patient leaves"),
        ratings={2: 4},
        today=[("cssrs_screen", CSSRS_MOD)],
    ),
    case(
        "C38",
        step(EMERGENCY),
        *SUICIDE_EVALUATION,
        drives_only_on_refusal(),  # R75 2 (was: NO_DRIVING)
        nowhere("capacity"),
        nowhere("before the patient leaves"),
        no_box("complete a suicide risk assessment (e.g. C-SSRS) before the patient leaves"),
        today=[("cssrs_screen", CSSRS_HIGH), ("phq9", PHQ_I9POS)],
    ),
    case(
        "C39",
        step(EMERGENCY),
        first_has("emergency medical evaluation", "transfer now", "ED", "4-WM"),
        no_dose(),
        says("handover", "receiving team", "PHQ-9 item 9"),
        says("must not drive"),
        no_box("before the patient leaves"),
        ratings={1: 4},
        today=[("phq9", PHQ_I9POS)],
    ),
    case(
        "C40",
        step(EMERGENCY),
        *SUICIDE_EVALUATION,
        level("3.5", "3.7", "4"),
        drives_only_on_refusal(),  # R75 2 (was: NO_DRIVING)
        nowhere("capacity", "before the patient leaves", RULE_4),
        ratings={4: 4},
        today=[("cssrs_screen", CSSRS_HIGH)],
    ),
)
BY_ID = {c.id: c for c in CASES}


@cache
def _recommendation(case_id: str) -> Recommendation:
    return BY_ID[case_id].build()


def _params() -> list:
    return [
        pytest.param(
            c.id,
            check,
            id=f"{c.id}.{n:02d}",
            marks=[pytest.mark.xfail(strict=True, reason=check.missing)] if check.missing else [],
        )
        for c in CASES
        for n, check in enumerate(c.checks, 1)
    ]


@pytest.mark.parametrize(("case_id", "check"), _params())
def test_the_physician_s_fact_holds(case_id, check):
    r = _recommendation(case_id)
    boxes = "\n".join(f"  {f.code}: {f.action}" for f in r.flags)
    assert check.holds(r), f"{case_id}: {check.fact}\nheadline: {r.headline}\nboxes:\n{boxes}"


def test_the_table_s_cases_are_all_here():
    assert [c.id for c in CASES] == [f"C{n:02d}" for n in range(1, 41)]


def test_the_predicates_catch_what_they_name():
    """Broken on purpose: each kind of check fails on a recommendation-shaped text that breaks its fact."""
    from types import SimpleNamespace

    def shaped(headline: str, *boxes: str) -> SimpleNamespace:
        return SimpleNamespace(headline=headline, flags=[SimpleNamespace(code="x", action=b) for b in boxes])

    dose_first = shaped("First: a prescriber gives a first dose; then screen for intoxication (thiamine).")
    assert not dose_after(*SCREEN).holds(dose_first)
    assert dose_after(*SCREEN, "thiamine").holds(
        shaped("First: screen for intoxication, give thiamine; otherwise a prescriber gives a first dose.")
    )
    assert not nowhere("before the patient leaves").holds(
        shaped("First: transfer now.", "Review before the patient leaves")
    )
    assert not no_box("capacity").holds(shaped("", "assesses Capacity to decline"))
    assert not says("not drive today").holds(shaped("First: the patient must not drive."))
    assert not no_dose_before("re-score the CIWA-Ar").holds(
        shaped("First: a prescriber treats withdrawal now; re-score the CIWA-Ar now.")
    )
    assert not box_doses_after(*SCREEN).holds(shaped("", "Treat withdrawal now; screen for intoxication"))
    assert not first_has("ED").holds(shaped("First: arrange a MEDICAL review. Then ED."))  # whole words, first step
    assert not before("emergency evaluation for suicide risk", "re-screen").holds(
        shaped("First: re-screen the C-SSRS; if still high, emergency evaluation for suicide risk.")
    )
    # R14-S6: the conditional forms the table allows pass, the unconditional ones it forbids do not
    transfer, wm = only_if("transfer now"), only_if("1-WM ambulatory")
    assert transfer.holds(shaped("First: re-score the CIWA-Ar now; if still 15 or more, arrange transfer now (ED)."))
    assert transfer.holds(shaped("", "Re-score now: if delirium or a total of 15 or more: arrange transfer now (ED)"))
    assert transfer.holds(shaped("First: re-score the CIWA-Ar now: at 15 or more, arrange transfer now (ED)."))
    assert not transfer.holds(shaped("First: a CIWA-Ar of 15 or more today: arrange transfer now (ED)."))
    assert not transfer.holds(shaped("First: arrange transfer now (ED); if the patient declines transfer: staff stay."))
    assert not transfer.holds(shaped("First: if a seizure, call 911; re-score; arrange Transfer now (ED)."))
    assert not transfer.holds(shaped("First: if still 15 or more, re-score. Then arrange transfer now."))
    assert not transfer.holds(shaped("First: if 15 or more: transfer now (ED).", "Arrange transfer now (ED)"))
    assert wm.holds(
        shaped(
            "First: re-score. Then, only if the evaluation records why ambulatory care is safe: "
            "Level 1 (Outpatient); with 1-WM ambulatory withdrawal management."
        )
    )
    assert not wm.holds(
        shaped(
            "First: re-score. Then, unless the evaluation finds more: Level 1 (Outpatient); "
            "with 1-WM ambulatory withdrawal management."
        )
    )
    assert not wm.holds(shaped("First: re-score. Then: Level 1 (Outpatient); with 1-WM ambulatory withdrawal."))
