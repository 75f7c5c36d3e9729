"""Physician review R26a, should-fix S1, as ruled by the lead engineer in session 22: the going-home clause after a
dose given on site in observable words.

Before: "after a dose given on site, the patient goes home only with no more than mild sedation, with naloxone, and
the patient and the supportive person told not to add alcohol or other sedatives" (alcohol withdrawal alone: "with
naloxone if the patient also uses opioids"). The reviewer asked for words a nurse can observe. Ruling: the threshold is
the same (no more than mild sedation), said as the Pasero Opioid-induced Sedation Scale says its acceptable levels
(1 "awake and alert", 2 "slightly drowsy, easily aroused"; Pasero C. Assessment of sedation during opioid
administration for pain management. J PeriAnesthesia Nursing 2009;24(3):186-190), and naloxone in hand with the
supportive person shown how to use it (SAMHSA Opioid Overdose Prevention Toolkit 2018; ASAM 2020 OUD guideline). For
alcohol withdrawal alone, the naloxone and its condition in one bracket, so that "if the patient also uses opioids"
cannot be read as the condition of the whole clause.

Cases: ``tests.random_placements.cases(800)[N]``; every expected text typed from the ruling, never computed by iopkit.
"""

from __future__ import annotations

import pytest

from iopkit.placement.recommendation import home_after_dose
from iopkit.sources import resolve, source
from tests.random_placements import built, cases

#: The ruled words where the step gives, or scores for, an opioid, typed.
HOME_OPIOIDS = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    # R39 S3: the opioid clause introduces no supportive person: "(and any supportive person ...)"
    # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
    "roused, and has a COWS re-score after the last buprenorphine dose no higher than before it (no precipitated "
    "withdrawal), with naloxone in hand (and any supportive person shown how to use it), and the patient and any "
    "supportive "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
    "person told not to add alcohol or other sedatives; otherwise the patient stays on site until these conditions are "
    "met, or a "
    "higher level of care is arranged"
)
#: R32 S3/S4 with R39 C10: an old COWS re-scored and treated on the current score names no buprenorphine (cases 22,
#: 787): the routine opioid clause, S4's words at its end, typed. R44 Q1: S3's condition "if buprenorphine is given"
#: (was none), the reviewer's words.
HOME_OPIOIDS_NO_BUPRENORPHINE = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    # R44 Q1: the conditional S3 (the dose after "treat on the current score" may be buprenorphine)
    "roused, and, if buprenorphine is given, has a COWS re-score after the last buprenorphine dose no higher than "
    "before it (no precipitated withdrawal), with naloxone in hand (and any supportive person shown how to use it), "
    "and the patient and any "
    "supportive person told not to add alcohol or other sedatives; otherwise the patient stays on site until these "
    "conditions are "
    "met, or a higher level of care is arranged"
)
#: The ruled words where the step treats alcohol withdrawal alone, typed.
HOME_ALCOHOL_ALONE = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused (and, if the patient also uses opioids, with naloxone in hand and the supportive person shown how to use "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    "it), and the patient and the supportive person told not to add alcohol or other sedatives; otherwise the "
    "patient stays on site until these conditions are met, or a higher level of care is arranged"
)
#: Physician review R29 (should-fix): a step that may give a benzodiazepine (alcohol withdrawal treated with
#: medication) says what ambulatory alcohol withdrawal management asks after its dose; the two forms above are said only
#: where the step gives buprenorphine or methadone alone. Typed from the reviewer's words.
HOME_BENZODIAZEPINE_OPIOIDS = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused, walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a "
    "supportive person to stay overnight, with naloxone in hand and the supportive person shown how to use it, and "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    "the patient and the supportive person told not to add alcohol or other sedatives; otherwise the patient stays "
    "on site until these conditions are met, or a higher level of care is arranged"
)
#: Physician review R32, should-fix S3: where the step may give buprenorphine too (both withdrawals treated), the COWS
#: re-score after its dose the last condition; S4 its end. Typed from the reviewer's words.
HOME_BENZODIAZEPINE_BUPRENORPHINE = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused, walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, and has a "
    "COWS re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with a "
    "supportive person to stay overnight, with naloxone in hand and the supportive person shown how to use it, and "
    "the patient and the supportive person told not to add alcohol or other sedatives; otherwise the patient stays "
    "on site until these conditions are met, or a higher level of care is arranged"
)
HOME_BENZODIAZEPINE_ALCOHOL_ALONE = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused, walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a "
    "supportive person to stay overnight (and, if the patient also uses opioids, with naloxone in hand and the "
    "supportive person shown how to use it), and the patient and the supportive person told not to add alcohol or "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    "other sedatives; otherwise the patient stays on site until these conditions are met, or a higher level of care is "
    "arranged"
)
#: The words the ruling retires.
OLD = ("no more than mild sedation", "goes home only with", "with naloxone if the patient", "with naloxone,")


def test_the_clause_for_a_step_that_gives_an_opioid():
    assert home_after_dose("First: buprenorphine; re-score the COWS after dosing.") == HOME_OPIOIDS


def test_the_clause_for_alcohol_withdrawal_alone():
    # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: HOME_ALCOHOL_ALONE)
    assert (
        home_after_dose("First: treat withdrawal with medication (CIWA-Ar 10 or more).")
        == HOME_BENZODIAZEPINE_ALCOHOL_ALONE
    )


def test_the_clause_beside_a_cows_recorded_today_says_naloxone_outright():
    # R26a M4: a COWS recorded today means the patient uses opioids
    # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: HOME_OPIOIDS)
    assert home_after_dose("First: treat withdrawal with medication.", opioids=True) == HOME_BENZODIAZEPINE_OPIOIDS


def test_case_2_severe_cows_buprenorphine_goes_home_with_naloxone_in_hand():
    headline = built(cases(800)[2]).headline
    # before: "...; after a dose given on site, the patient goes home only with no more than mild sedation, with
    # naloxone, and the patient and the supportive person told not to add alcohol or other sedatives (COWS above 36..."
    assert (
        "; then, before the patient leaves, a same-day suicide risk assessment; after a dose given on site, the "
        # R39 S3: the opioid clause introduces no supportive person: "(and any supportive person ...)"
        # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
        "patient goes home only if awake or no more than slightly drowsy and easily roused, and has a COWS re-score "
        "after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with naloxone in "
        "hand (and "
        "any supportive person shown how to use it), and the patient and any supportive person told not to add alcohol "
        # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
        "or other sedatives; otherwise the patient stays on site until these conditions are met, or a higher level of "
        "care is "
        "arranged (COWS above 36 (severe opioid withdrawal): dimension 1 rated 1"
    ) in headline, headline


def test_case_134_moderate_ciwa_alone_brackets_the_naloxone_and_its_condition():
    headline = built(cases(800)[134]).headline
    # before: "...; after a dose given on site, the patient goes home only with no more than mild sedation, with
    # naloxone if the patient also uses opioids, and the patient and the supportive person told not to add ..."
    assert (
        "; if a dose is given: the patient must not drive today; after a dose given on site, the patient goes home "
        "only if awake or no more than slightly drowsy and easily roused"
        # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused (and, if ...")
        ", walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a "
        "supportive person to stay overnight"
        " (and, if the patient also uses opioids, with "
        "naloxone in hand and the supportive person shown how to use it), and the patient and the supportive person "
        # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
        "told not to add alcohol or other sedatives; otherwise the patient stays on site until these conditions are "
        "met, or a "
        "higher level of care is arranged (moderate suicide risk (C-SSRS screen of 20 Nov 2026"
    ) in headline, headline


#: physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: the two forms above only).
FORMS = (
    HOME_OPIOIDS,
    HOME_ALCOHOL_ALONE,
    HOME_BENZODIAZEPINE_OPIOIDS,
    HOME_BENZODIAZEPINE_ALCOHOL_ALONE,
    HOME_BENZODIAZEPINE_BUPRENORPHINE,  # R32 S3
    HOME_OPIOIDS_NO_BUPRENORPHINE,  # R32 S3/S4 with R39 C10
)


@pytest.mark.parametrize("number", [2, 5, 29, 134, 159, 170])
def test_said_once_in_one_of_the_ruled_forms(number):
    headline = built(cases(800)[number]).headline
    assert sum(headline.count(form) for form in FORMS) == 1, headline


def test_sweep_no_headline_says_the_retired_words():
    said = dict.fromkeys(FORMS, 0)
    for case in cases(800):
        headline = built(case).headline
        assert not any(old in headline for old in OLD), (str(case), headline)
        if "goes home only" in headline:
            assert headline.count("goes home only") == 1, (str(case), headline)
            form = next((form for form in FORMS if form in headline), None)
            assert form, (str(case), headline)
            said[form] += 1
    # the forms met (81 and 15 of the 800 when ruled; since R29, 58, 15 and 23 with a benzodiazepine, alcohol alone or
    # beside opioids); R29 keeps the alcohol-alone form without a benzodiazepine's conditions for no step; R32 S3: a
    # benzodiazepine beside buprenorphine its own form (29 of the 800 when written), beside a COWS without it 5
    assert said[HOME_ALCOHOL_ALONE] == 0, said
    assert said[HOME_BENZODIAZEPINE_OPIOIDS] >= 3, said
    assert all(said[form] >= 10 for form in FORMS if form not in (HOME_ALCOHOL_ALONE, HOME_BENZODIAZEPINE_OPIOIDS)), (
        said
    )


def test_the_bibliography_has_the_rulings_sources():
    pasero = source("pasero2009")
    assert pasero.citation == (
        "Pasero C. Assessment of sedation during opioid administration for pain management. J PeriAnesth Nurs. "
        "2009;24(3):186-190."
    )
    assert "awake and alert" in pasero.supports and "slightly drowsy, easily aroused" in pasero.supports
    toolkit = source("samhsa_overdose_toolkit2018")
    assert toolkit.short == "SAMHSA Opioid Overdose Prevention Toolkit (2018)"
    assert [s.key for s in resolve("pasero2009; samhsa_overdose_toolkit2018; asam_npg2020")] == [
        "pasero2009",
        "samhsa_overdose_toolkit2018",
        "asam_npg2020",
    ]


# --- R27 M2's ruling after the COWS's re-score (session 22) -----------------------------------------------------------
#: The headline's words beside a COWS above 36 and an old CIWA-Ar's conditional transfer, typed from R27 M2's ruling
#: ("a CIWA-Ar re-score of 8 or more"; was "(a re-score of 8 or more)", read as the COWS's re-score just said).
SAME_TRANSFER = (
    "re-score the COWS after dosing; a complicating condition listed on the COWS flag, alcohol withdrawal alongside "
    "among them (a CIWA-Ar re-score of 8 or more): arrange the same transfer now"
)
#: The COWS box's full list, the same words.
SAME_TRANSFER_BOX = (
    "re-score the COWS after dosing; a complicating condition (vomiting or diarrhoea with fluids not kept down, "
    "unstable vital signs, other medical or psychiatric instability, pregnancy, alcohol withdrawal alongside (a "
    "CIWA-Ar re-score of 8 or more) or benzodiazepine withdrawal alongside"
)


@pytest.mark.parametrize("number", [69, 432])
def test_r27_m2_after_the_cows_re_score_the_ciwa_ar_re_score_is_named(number):
    r = built(cases(800)[number])
    assert SAME_TRANSFER in r.headline, r.headline
    assert any(SAME_TRANSFER_BOX in (f.action or "") for f in r.flags), [f.action for f in r.flags]


def test_r27_m2_sweep_no_bare_re_score_of_8():
    for case in cases(800):
        r = built(case)
        said = " ".join([r.headline, *(f.action or "" for f in r.flags)])
        assert "(a re-score of 8" not in said, (str(case), said)
