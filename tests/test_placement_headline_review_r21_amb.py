"""Physician review R21 (session 17): M1 (R18 S4 redone), S5 and S4, the expected words typed from the rulings.

- R18 S4 under R21 M1: where the headline offers ambulatory withdrawal management (1-WM, 2-WM) beside dimension 5 or 6
  rated 3-4, it says the condition :meth:`Recommendation.describe` says (R17a S8's words); the condition's own
  "otherwise 3.2-WM" only where the headline has no other fallback; where it has one ("otherwise 3.7-WM ...",
  "otherwise as arranged above") the condition comes before it, and no second "otherwise" is added (ASAM Criteria,
  3rd ed., 2013: 1-WM and 2-WM need a supportive recovery environment; ASAM 2020 alcohol withdrawal guideline).
- R21 S5: ambulatory withdrawal management offered, a benzodiazepine or opioid-withdrawal dose given in clinic, the
  patient going home: "before the patient leaves: no more than mild sedation, naloxone given, and the patient and the
  supportive person told not to add alcohol or other sedatives", said once.
- R21 S4: every box that gives a benzodiazepine says the benzodiazepine's monitoring wherever the headline says it
  (R18 S9; FDA Drug Safety Communication, 31 Aug 2016 and 20 Sep 2017).
"""

from __future__ import annotations

import re

import pytest

from iopkit.placement import recommend

from .intoxication_screens import r32a
from .random_placements import built, cases
from .test_placement_headline_review_r7_old_scores import recommended
from .test_placement_headline_review_r26a_s1 import (
    HOME_BENZODIAZEPINE_ALCOHOL_ALONE,
    HOME_BENZODIAZEPINE_BUPRENORPHINE,
    HOME_BENZODIAZEPINE_OPIOIDS,
)
from .test_placement_physician_cases import CIWA_HAL10, CIWA_MOD13, COWS_19, CSSRS_LOW

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

#: R17a S8's condition, typed; "{rated}" the dimensions rated 3-4.
CONDITION = (
    "; ambulatory withdrawal management only with a safe place to stay overnight and a supportive person who can call "
    "for help ({rated})"
)
#: R21 S5's words as ruled again, typed (before: "before the patient leaves: no more than mild sedation, naloxone given,
#: and the patient and the supportive person told not to add alcohol or other sedatives", a second "before the patient
#: leaves" in a step that opens with one): after a dose given on site the patient goes home only ...; naloxone "if
#: the patient also uses opioids" where the step treats alcohol withdrawal alone.
HOME = (
    # R26a S1 as ruled in session 22: the going-home clause re-typed in observable words (POSS levels
    # 1-2; naloxone in hand, the supportive person shown how to use it)
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    # R39 S3: the opioid clause introduces no supportive person: "(and any supportive person ...)"
    # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
    "roused, and has a COWS re-score after the last buprenorphine dose no higher than before it (no precipitated "
    "withdrawal), with naloxone in hand (and any supportive person shown how to use it), and the "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
    "patient and any supportive person told not to add alcohol or other sedatives; otherwise the patient stays on "
    "site until these conditions are met, or a higher level of care is arranged"
)
#: R32 S3/S4 with R39 C10: an old COWS re-scored and treated on the current score names no buprenorphine (cases 22,
#: 787): the routine opioid clause without S3's condition, S4's words at its end (the reviewers' words, typed).
HOME_NO_BUPRENORPHINE = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused, with naloxone in hand (and any supportive person shown how to use it), and the patient and any "
    "supportive person told not to add alcohol or other sedatives; otherwise the patient stays on site until these "
    "conditions are "
    "met, or a higher level of care is arranged"
)
#: Physician review R44, Q1: the same where the steps are not the evaluation's form: S3's condition "if buprenorphine is
#: given" (the reviewer's words; 33 of the 800, e.g. 22 and 787).
HOME_IF_BUPRENORPHINE = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused, and, if buprenorphine is given, has a COWS re-score after the last buprenorphine dose no higher than "
    "before it (no precipitated withdrawal), with naloxone in hand (and any supportive person shown how to use it), "
    "and the patient and any supportive person told not to add alcohol or other sedatives; otherwise the patient "
    "stays on site until these conditions are met, or a higher level of care is arranged"
)
HOME_ALCOHOL_ALONE = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused (and, if the patient also uses opioids, with naloxone in hand and the supportive person shown how to "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    "use it), and the patient and the supportive person told not to add alcohol or other sedatives; otherwise the "
    "patient stays on site until these conditions are met, or a higher level of care is arranged"
)
#: Physician review R29 (should-fix): where the step may give a benzodiazepine (its steps name the CIWA-Ar), the
#: conditions of ambulatory alcohol withdrawal management after its dose, as R26a S1's test types them.
HOME_BENZODIAZEPINE = HOME_BENZODIAZEPINE_OPIOIDS
#: Physician review R32, should-fix S4: how the going-home sentence ends, typed.
OTHERWISE = (
    "; otherwise the patient stays on site until these conditions are met, or a higher level of care is arranged"
)
#: R18 S9's monitoring (R2 should-fix 12's words), typed.
MONITORED = "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing"
#: The ambulatory withdrawal management levels as the headline names them, typed.
ONE_WM = "1-WM ambulatory withdrawal management without extended on-site monitoring"
TWO_WM = "2-WM ambulatory withdrawal management with extended on-site monitoring"
#: A dose given in clinic (a benzodiazepine: alcohol withdrawal treated with medication; buprenorphine or methadone).
DOSED = re.compile(
    r"treat withdrawal with medication|medication for alcohol withdrawal|treat withdrawal as the prescriber decides, "
    r"with buprenorphine|a prescriber treats withdrawal|buprenorphine or symptom relief"
)
#: A box that gives a benzodiazepine: alcohol withdrawal treated with medication, or a CIWA-Ar's first dose.
GIVES_BENZODIAZEPINE = re.compile(
    r"treat withdrawal with medication|medication for alcohol withdrawal|alcohol and opioid withdrawal|"
    r"a prescriber gives a first dose"
)
SENTENCE_END = re.compile(r"\. (?=[A-Z])")


# --- R18 S4 under R21 M1 ---------------------------------------------------------------------------------------------


def test_m1_no_other_fallback_the_condition_says_otherwise_3_2_wm():
    r = recommend({1: 2, 2: 0, 3: 1, 4: 1, 5: 3, 6: 1})
    assert r.headline == (
        "Recommended: Level 2.5 (Partial hospitalization), at least 20 h/week of clinical services; with 2-WM "
        "ambulatory withdrawal management with extended on-site monitoring; ambulatory withdrawal management only with "
        "a safe place to stay overnight and a supportive person who can call for help (dimension 5 rated 3); otherwise "
        "3.2-WM"
    )
    assert r.describe().endswith(
        "; ambulatory withdrawal management only with a safe place to stay overnight and a supportive person who can "
        "call for help (dimension 5 rated 3); otherwise 3.2-WM"
    )


def test_m1_after_an_existing_otherwise_3_7_wm_the_condition_comes_first_and_no_second_otherwise():
    r = recommended({5: 3}, old=[("ciwa_ar", CIWA_HAL10), ("cssrs_screen", CSSRS_LOW)])
    assert r.headline.endswith(
        " Then, only if the evaluation records why ambulatory care is safe: Level 2.5 (Partial hospitalization), at "
        "least 20 h/week of clinical services; with 2-WM ambulatory withdrawal management with extended on-site "
        "monitoring (not 1-WM: possible withdrawal delirium on 20 Nov 2026 (CIWA-Ar)); ambulatory withdrawal "
        "management only with a safe place to stay overnight and a supportive person who can call for help (dimension "
        "5 rated 3); otherwise 3.7-WM medically monitored inpatient withdrawal management."
    ), r.headline
    assert "3.2-WM" not in r.headline


def test_m1_after_an_existing_otherwise_as_arranged_above():
    r = recommended({5: 3}, today=[("ciwa_ar", CIWA_MOD13), ("cows", COWS_19)])
    # R26a M3: CIWA-Ar 13 and COWS 19, both today, never close below 2-WM (was "with 1-WM ... without extended on-site
    # monitoring")
    assert r.headline.endswith(
        " Then, only if the review and the prescriber record why ambulatory care is safe: Level 2.5 (Partial "
        "hospitalization), at least 20 h/week of clinical services; with 2-WM ambulatory withdrawal management with "
        "extended on-site monitoring (not 1-WM: alcohol and opioid withdrawal together, CIWA-Ar 13 today); ambulatory "
        "withdrawal management only with a safe place to stay overnight and a "
        "supportive person who can call for help (dimension 5 rated 3); otherwise as arranged above."
    ), r.headline


#: The ambulatory levels as a plan names them (R38 M2), typed.
HOME_LEVEL = re.compile(
    r"Level (?:0\.5 \(Early intervention\)|1 \(Outpatient\)|2\.1 \(Intensive outpatient\)|2\.5 \(Partial "
    r"hospitalization\))"
)
#: R38 S1: the going-home clause where the evaluation for suicide risk decides the plan, typed from the review.
GOES_HOME = "after a dose given on site, the patient goes home only if "
EVALUATION_LETS = "if the evaluation lets the patient go home after a dose given on site: only if "
#: R43 should-fix 2 (4(b)), the reviewer's words: the evaluation form's own end after "... told not to add alcohol or
#: other sedatives" (its branch, not R32 S4's bare "; otherwise").
EVALUATION_END = (
    "; if the evaluation lets the patient go home but these conditions are not met: the patient stays on site until "
    "they are met, or a higher level of care is arranged"
)
#: Today's alcohol withdrawal treated with medication (R38 S1: a benzodiazepine while the patient waits).
ALCOHOL_TREATED = re.compile(r"treat withdrawal with medication|medication for alcohol withdrawal")


#: R39 C10: a Level 0.5-2.5 plan's withdrawal management for a return of use or withdrawal alone (case 13).
RESUMES = re.compile(r"; if substance use resumes or withdrawal returns: never 1-WM; .*(?=\.$)")


def _home_level_plan(headline):
    """The plan sentence of ``headline`` (its last, "Then, ..."), from its level on, where it names Level 0.5-2.5 and
    no withdrawal management (R38 M2); "" otherwise."""
    starts = [m.end() for m in SENTENCE_END.finditer(headline)]
    last = headline[starts[-1] :] if starts else headline
    m = HOME_LEVEL.search(last)
    if not last.startswith("Then, ") or m is None or "-WM" in last:
        return ""
    return last[m.start() :]


def _plan_sentence(headline):
    """The sentence of ``headline`` that names the ambulatory WM level, from that naming on; "" where none."""
    at = max(headline.rfind(ONE_WM), headline.rfind(TWO_WM))
    if at < 0:
        return ""
    stop = m.start() if (m := SENTENCE_END.search(headline, at)) else len(headline)
    return headline[at:stop]


@pytest.mark.parametrize("case", cases(), ids=str)
def test_m1_sweep_one_fallback_per_step_and_the_condition_wherever_describe_has_it(case):
    r = built(case)
    headline, plan = r.headline, _plan_sentence(r.headline)
    # never two "otherwise" fallbacks naming different levels for one step
    fallbacks = {f.rstrip(" .") for f in re.findall(r"otherwise ([^;().]+)", plan)}
    assert len(fallbacks) <= 1, (str(case), headline)
    rated = ", ".join(f"dimension {d} rated {n}" for d, n in sorted(r.dimensions.items()) if d in (5, 6) and n >= 3)
    in_describe = "ambulatory withdrawal management only with a safe place" in r.describe()
    if in_describe and plan:  # the headline offers ambulatory withdrawal management: describe()'s condition
        assert CONDITION.format(rated=rated) in plan, (str(case), headline)
        assert "otherwise" in plan.split(CONDITION.format(rated=rated), 1)[1], (str(case), headline)
    else:
        assert "ambulatory withdrawal management only with a safe place" not in headline, (str(case), headline)


# --- R21 S5 ----------------------------------------------------------------------------------------------------------


def test_s5_moderate_ciwa_dosed_here_then_home_on_1_wm():
    r = recommended(today=[("ciwa_ar", CIWA_MOD13)])
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline.startswith(
        r32a(
            "First: a prescriber's review before the patient leaves: before any dose: screen for intoxication (breath "
            "alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if "
            "intoxicated: no dose here (the patient must not drive today); otherwise treat withdrawal with medication "
            "(CIWA-Ar 10 or more; consider at 8-9); "
            "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; if a dose is given: the patient "
            "must not drive today; after a dose given on site, the patient goes home only if awake or no more than "
            "slightly drowsy and easily roused"
            # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused (and, if ...")
            ", walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a "
            "supportive person to stay overnight"
            " (and, if the patient also uses opioids, with naloxone in hand and the "
            "supportive person shown how to use it), and the patient and the supportive person told not "
            # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
            "to add alcohol or other sedatives; otherwise the patient stays on site until these conditions are met, or "
            "a higher "
            "level of care is arranged (CIWA-Ar in the moderate withdrawal band: dimension 1 rated 1, below "
            "the 2 "
            "it calls for). "
        )
    ), r.headline


def test_s5_moderate_cows_dosed_here_then_home_on_1_wm():
    r = recommended(today=[("cows", COWS_19)])
    # R21 S5 as ruled again, at the end of the dose's sentence, before its reasons (never inside a branch); the driving
    # words as R22 S1 made them ("must not", before: "should not")
    assert (
        "re-score the COWS 1-2 hours after dosing; after a first dose of buprenorphine or methadone the patient must "
        "not drive today; arrange medically managed withdrawal or a higher level of care only for a complicating "
        "condition (medical or psychiatric instability, co-occurring alcohol or benzodiazepine withdrawal, pregnancy); "
        "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
        # R39 S3: the opioid clause introduces no supportive person: "(and any supportive person ...)"
        # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
        "roused, and has a COWS re-score after the last buprenorphine dose no higher than before it (no precipitated "
        "withdrawal), with naloxone in hand (and any supportive person shown how to use it), and "
        # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
        "the patient and any supportive person told not to add alcohol or other sedatives; otherwise the patient "
        "stays on site until these conditions are met, or a higher level of care is arranged (COWS 13-24 (moderate "
        "withdrawal): dimension 1 rated 1, below the 2 it calls for). Then"
    ) in r.headline, r.headline


def test_s5_sweep_said_once_on_the_ambulatory_path_only():
    for case in cases(800):
        _s5_said_once_on_the_ambulatory_path_only(case)


def _s5_said_once_on_the_ambulatory_path_only(case):
    r = built(case)
    headline = r.headline
    # the headline's own clause: no box copies it (d4413be: said inside a step, it left the COWS boxes without their
    # handover; test_placement_headline_review_r20c's S6 sweep)
    assert not any("goes home only if awake" in f.action for f in r.flags if f.action), str(case)
    # R38 M2: a plan of Level 0.5-2.5 without withdrawal management (dimension 1 rated below what the score calls
    # for, cases 204 and 740) says it as the plan with 1-WM does (was: the plan naming 1-WM or 2-WM only)
    plan = _plan_sentence(headline) or _home_level_plan(headline)
    # R39 C10: a Level 0.5-2.5 plan whose only withdrawal management is for a return of use or withdrawal ("if substance
    # use resumes or withdrawal returns: never 1-WM; 3.7-WM ...", case 13) is one the patient goes home from too
    plan = plan or _home_level_plan(RESUMES.sub("", headline)).partition(";")[0]
    steps = headline[: headline.find(plan)] if plan else headline
    # R38 S1: where the evaluation for suicide risk decides the plan, a step treating today's alcohol withdrawal with
    # medication says it as "if the evaluation lets the patient go home after a dose given on site: only if ..." (was:
    # never beside "Then, as the evaluation decides")
    evaluation = "Then, as the evaluation decides" in headline
    home = bool(plan) and DOSED.search(steps) and (not evaluation or ALCOHOL_TREATED.search(steps))
    # R39 C9: so does a step that monitors a benzodiazepine given with buprenorphine or methadone while the patient
    # waits for the evaluation (on site, or until the evaluation or handover; cases 120 and 135)
    with_opioids = re.search(
        r"if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing "
        r"(?:while the patient is on site|until the evaluation or handover)",
        steps,
    )
    home = home or (bool(plan) and evaluation and bool(with_opioids))
    # R39 C10: an old CIWA-Ar's or COWS's re-score treated on the current score(s) is a dose given on site, evaluation
    # or not (never beside a transfer now, whose step doses "while the transfer is arranged": cases 7 and 688)
    # R58 M1a: an old moderate CIWA-Ar's re-score below 15 "a prescriber treats on today's score" is the same dose
    old = re.search(
        r"re-score the (?:CIWA-Ar|COWS)\b[^.]*?\(last \d[^.]*?"
        r"(?:treat on the current scores?\b|treats on today's score)",
        steps,
    )
    home = home or (bool(plan) and bool(old) and "while the transfer is arranged" not in steps)
    # naloxone outright where the steps give buprenorphine or methadone or score the COWS; alcohol alone: "if the
    # patient also uses opioids" (R21 S5 as ruled again)
    opioid = re.search("buprenorphine|methadone|COWS", steps)
    # R32 S3: where the steps may give buprenorphine (they name it other than to hold it or to say none is given), the
    # benzodiazepine's conditions end with the COWS re-score after its dose
    held = ("no buprenorphine, methadone or benzodiazepine until", "no dose of a benzodiazepine, buprenorphine or")
    # R44 Q1: nor the going-home sentence's own S3 ("if buprenorphine is given", "the last buprenorphine dose")
    held += ("if buprenorphine is given", "the last buprenorphine dose")
    buprenorphine = "buprenorphine" in re.sub("|".join(map(re.escape, held)), "", steps)
    # R39 C10: or a COWS recorded today that the step does not name (R26a M4: a COWS of 8 today means opioid use; an old
    # complicated CIWA-Ar's re-score beside it, cases 162, 202, 403, 443)
    opioid = opioid or any(kind == "cows" and when == "today" for kind, _, when in case.scores)
    # physician review R29 (should-fix): the benzodiazepine's going-home conditions where the steps name the CIWA-Ar
    # (was: HOME or HOME_ALCOHOL_ALONE only)
    # R44 Q1 as extended by the lead: the evaluation's form too (cases 140, 234, 482, 549, 693)
    old_cows = re.search(
        r"re-score the (?:CIWA-Ar and the )?COWS now \(last \d[^.]*?treat on the current scores?\b", steps
    )
    forms = {
        # R32 S3/S4 with R39 C10: S3's condition only where the steps name buprenorphine as a dose
        # R44 Q1: after an old COWS's re-score, S3 "if buprenorphine is given"
        (True, False): HOME if buprenorphine else HOME_IF_BUPRENORPHINE if old_cows else HOME_NO_BUPRENORPHINE,
        (False, False): HOME_ALCOHOL_ALONE,
        (True, True): HOME_BENZODIAZEPINE_BUPRENORPHINE if buprenorphine else HOME_BENZODIAZEPINE,
        (False, True): HOME_BENZODIAZEPINE_ALCOHOL_ALONE,
    }
    said = forms[bool(opioid), "CIWA-Ar" in steps]
    if evaluation:  # R38 S1's words; R32 S4: no "; otherwise ..." after the evaluation's "if"
        # R43 should-fix 2: the evaluation form ends with its own branch (EVALUATION_END)
        forms = {k: v.replace(GOES_HOME, EVALUATION_LETS).replace(OTHERWISE, EVALUATION_END) for k, v in forms.items()}
        said = said.replace(GOES_HOME, EVALUATION_LETS).replace(OTHERWISE, EVALUATION_END)
    assert headline.count(said) == (1 if home else 0), (str(case), headline)
    assert not any(other in headline for other in forms.values() if other != said), (str(case), headline)
    assert headline.count("goes home only if awake") == (1 if home and not evaluation else 0), (str(case), headline)
    assert headline.count(EVALUATION_LETS) == (1 if home and evaluation else 0), (str(case), headline)
    if home:  # at the end of a sentence, before its reasons: never inside a branch of the step (d4413be)
        assert re.search(re.escape(said) + r"(?: \(.*?\))?\.(?: |$)", headline), (str(case), headline)


# --- R21 S4 ----------------------------------------------------------------------------------------------------------


def test_s4_the_moderate_ciwa_box_beside_buprenorphine_says_the_monitoring():
    r = recommended({5: 3}, today=[("ciwa_ar", CIWA_MOD13), ("cows", COWS_19)])
    # R21 S2: the headline's sentence says the driving advice once, after the first dose of buprenorphine or methadone
    # physician review R22 S1: a benzodiazepine given too, the physician's words (before: "after a first dose of
    # buprenorphine or methadone the patient should not drive today")
    assert (
        "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today; "
        "arrange medically "
        "managed withdrawal or a higher level of care: co-occurring alcohol withdrawal (CIWA-Ar 13 today); "
        # physician review R27 M1: the escalation is a transfer; its handover, if transferred (before: none)
        "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its "
        "time; "
        "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the "
        "patient is "
        # R21 S5: how the patient dosed here goes home, at the end of the dose's sentence; R62 S2 (ruled R63): beside
        # the escalation, a transfer (was: "on site; after a dose")
        "on site (if transferred: until handover); after a dose given on site, the patient goes home only if awake or "
        "no more than slightly drowsy and easily roused"
        # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused, with naloxone")
        # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
        ", walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, and has a COWS "
        "re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with a "
        "supportive person to stay overnight"
        ", with naloxone in hand and the supportive person shown how to "
        # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
        "use it, and the patient and the supportive person told not to add alcohol or other sedatives; "
        "otherwise the patient stays on site until these conditions are met, or a higher level of care is arranged "
        "(" in r.headline
    ), r.headline
    box = next(f.action for f in r.flags if f.code == "moderate_alcohol_withdrawal")
    assert box.endswith(
        "re-score the CIWA-Ar within 1 hour of a dose and before the patient leaves; if a benzodiazepine is given with "
        # R64 S4: the case can transfer (the headline's escalation) (was: "... on site; if a dose is given: ...")
        "buprenorphine or methadone: monitor sedation and breathing while the patient is on site (if transferred: "
        "until handover); if a dose is given: the patient must not drive today"
    ), box


def test_s4_sweep_every_box_giving_a_benzodiazepine_monitors_where_the_headline_does():
    checked = 0
    for case in cases():
        r = built(case)
        if MONITORED not in r.headline:
            continue
        for f in r.flags:
            if f.action and GIVES_BENZODIAZEPINE.search(f.action):
                checked += 1
                assert MONITORED in f.action, (str(case), f.code, f.action)
    assert checked >= 21
