"""Physician review R42, item 1 (R31 should-fix S8), must-fix: complicated/severe boxes that never say the transfer.

(a) The ``complicated_withdrawal`` box (and dimension 1's rating-below box that repeats it) said "Medical review now:
assess for alcohol withdrawal delirium and arrange medically managed (inpatient) withdrawal management; do not manage
as ambulatory withdrawal", which reads as booking an admission where a disoriented or hallucinating patient needs
transfer now with staff. Wanted: the headline's own transfer instead, "arrange transfer now to medically managed
withdrawal (ED, or 4-WM)" or, beside the suicide evaluation's one setting, "arrange transfer now (ED: emergency
evaluation for suicide risk and emergency medical evaluation in one setting)", then "staff with the patient until
handover", in all 75 cases with that box.

(b) The ``severe_opioid_withdrawal`` box (and the rating-below box that starts with it), where the headline's transfer
is the COWS flag's own complicating condition (alcohol withdrawal alongside), said "a first dose before transfer" and
"at handover" of a transfer no box arranged. Wanted: the reviewer's prefix before its "before any dose", in the 8
cases 34, 85, 115, 491, 568, 687, 707, 779; every other severe-COWS box as it was (e.g. 23: its transfer is dimension
3's, whose box says it).

Physician review R43, should-fix 3 (3(b-1)): that prefix gains "; the patient must not drive" right after "(without
capacity: transfer by emergency services)" (the imminent_danger boxes' own words), in the severe_opioid_withdrawal box
and the d1 box that opens with it, these 8 cases only: a patient who declines the transfer with capacity and takes no
dose was told no driving rule in the box.

Physician review R44, Q2: those boxes drop their later "; if any dose is given (a benzodiazepine, buprenorphine or
methadone): the patient must not drive today" (said outright after the refusal, a second, conditional driving clause
invites "no dose, so I may drive": R31 must-fix M5). The box ends "...; if a benzodiazepine is given with
buprenorphine or methadone: monitor sedation and breathing until handover"; the intoxication bracket's "the patient
must not drive today" stays.

Cases of tests/random_placements.py (800, the same seed); every expected text typed by hand from the reviewer's words
and the boxes as they were, never computed by iopkit.
"""

from __future__ import annotations

import pytest

import iopkit
from iopkit.placement import recommend, suggest_dimensions
from tests.random_placements import built, cases
from tests.test_placement_review_r75 import CAPACITY, HOLD, HOLD_D3, NOT_AMBULATORY, STEP, THIAMINE

#: The box as it was: the words the ruling replaces (R42 item 1 (a)).
BOOKED = "and arrange medically managed (inpatient) withdrawal management;"

#: R75 (session 42): the step's words, its thiamine and blood glucose (3c, said once in a box: not where the box says it
#: later), its transfer by emergency services (3a), then the transfer's refusal with the driving rule (item 1): typed in
#: tests/test_placement_review_r75.py (STEP, THIAMINE, NOT_AMBULATORY, CAPACITY, HOLD, HOLD_D3).

#: (a) beside the headline "arrange transfer now to medically managed withdrawal (ED, or 4-WM)" (429, 95, ...): the
#: reviewer's words (R75: was "Medical review now: assess for alcohol withdrawal delirium; arrange transfer now to
#: medically managed withdrawal (ED, or 4-WM); staff with the patient until handover; do not manage as ambulatory
#: withdrawal", and the other forms the same way).
TO_4WM = "arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM)"
COMPLICATED_4WM = STEP + THIAMINE + TO_4WM + NOT_AMBULATORY + CAPACITY
#: (a) beside the headline "... in one setting that can manage both: arrange transfer now (ED)" (24, 171, ...): the
#: reviewer's words.
TO_ONE_SETTING = (
    "arrange transfer now by emergency services (ED: emergency evaluation for suicide risk and emergency medical "
    "evaluation in one setting)"
)
COMPLICATED_ONE_SETTING = STEP + THIAMINE + TO_ONE_SETTING + NOT_AMBULATORY + HOLD
#: (a) the headline's own transfer where it is a rating of 4's or dimension 3's one setting (the ruling's "replace ...
#: with the headline's own transfer, in all 75": 9 of the 75 have neither quoted headline): dimension 1 rated 4 (326,
#: 530, 614: "arrange transfer now (ED, or 4-WM)"), dimension 2 rated 4 (194, 241, 497: "arrange transfer now (ED)"),
#: dimension 3 rated 4 (48, 124, 475: the emergency psychiatric and medical evaluation in one setting).
TO_D1_AT_4 = "arrange transfer now by emergency services (ED, or 4-WM)"
COMPLICATED_D1_AT_4 = STEP + THIAMINE + TO_D1_AT_4 + NOT_AMBULATORY + CAPACITY
TO_D2_AT_4 = "arrange transfer now by emergency services (ED)"
COMPLICATED_D2_AT_4 = STEP + THIAMINE + TO_D2_AT_4 + NOT_AMBULATORY + CAPACITY
TO_D3_AT_4 = (
    "arrange transfer now by emergency services (ED: emergency psychiatric evaluation and emergency medical evaluation "
    "in one setting)"
)
COMPLICATED_D3_AT_4 = STEP + THIAMINE + TO_D3_AT_4 + NOT_AMBULATORY + HOLD_D3
#: The step as a rating-below box says it where the box goes on with the severe box's refusal and its screen with
#: thiamine (R75 3b, 3c): no thiamine and no refusal of its own.
BARE = {
    COMPLICATED_4WM: STEP + TO_4WM + NOT_AMBULATORY,
    COMPLICATED_ONE_SETTING: STEP + TO_ONE_SETTING + NOT_AMBULATORY,
    COMPLICATED_D1_AT_4: STEP + TO_D1_AT_4 + NOT_AMBULATORY,
    COMPLICATED_D2_AT_4: STEP + TO_D2_AT_4 + NOT_AMBULATORY,
    COMPLICATED_D3_AT_4: STEP + TO_D3_AT_4 + NOT_AMBULATORY,
}
#: The rating-below box's end after the step it repeats.
RECORD = "; record the reason for the lower rating with the placement decision"

#: Every case with the box (75), by the headline's transfer (from the reviewer's lists and the before/after sweep).
BY_FORM = {
    COMPLICATED_4WM: (
        38,
        56,
        72,
        82,
        94,
        95,
        102,
        105,
        130,
        154,
        166,
        167,
        227,
        242,
        243,
        255,
        262,
        281,
        286,
        304,
        323,
        335,
        364,
        380,
        382,
        389,
        392,
        413,
        429,
        465,
        467,
        472,
        490,
        494,
        499,
        515,
        526,
        534,
        552,
        606,
        633,
        647,
        685,
        689,
        722,
        743,
        747,
        762,
        768,
        775,
        788,
    ),
    COMPLICATED_ONE_SETTING: (24, 171, 192, 248, 300, 366, 386, 394, 419, 421, 450, 518, 577, 646, 674),
    COMPLICATED_D1_AT_4: (326, 530, 614),
    COMPLICATED_D2_AT_4: (194, 241, 497),
    COMPLICATED_D3_AT_4: (48, 124, 475),
}
#: The headline's transfer each form repeats (R75 3a: by emergency services, with the box).
HEADLINE_TRANSFER = {
    COMPLICATED_4WM: (
        "arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM); staff with the "
        "patient"
    ),
    COMPLICATED_ONE_SETTING: (
        "First: emergency evaluation for suicide risk and emergency medical evaluation in one setting that can manage "
        "both: arrange transfer now by emergency services (ED)"
    ),
    COMPLICATED_D1_AT_4: (
        "First: emergency medical evaluation: arrange transfer now by emergency services (ED, or 4-WM); staff with the "
        "patient"
    ),
    COMPLICATED_D2_AT_4: (
        "First: emergency medical evaluation: arrange transfer now by emergency services (ED); staff with the patient"
    ),
    COMPLICATED_D3_AT_4: (
        "First: emergency psychiatric evaluation and emergency medical evaluation in one setting that can manage "
        "both: arrange transfer now by emergency services (ED)"
    ),
}
ALL_75 = sorted(n for numbers in BY_FORM.values() for n in numbers)


def _box(number: int, code: str) -> str:
    return next(f.action for f in built(cases(800)[number]).flags if f.code == code)


@pytest.mark.parametrize("number", [429, 95])
def test_a_the_box_says_the_headline_transfer_to_medically_managed_withdrawal(number: int) -> None:
    assert _box(number, "complicated_withdrawal") == COMPLICATED_4WM


def test_a_429_the_rating_below_box_repeats_it_before_the_severe_band_step() -> None:
    assert _box(429, "rated_below_suggestion_d1") == (
        # R65 F2 (was: "...ell the receiving team the last CIWA-Ar score and any dose with its time")
        # R75 3a, 3b: by emergency services, and the severe box's transfer after the step not said again (was: "...;
        # do not manage as ambulatory withdrawal; arrange transfer now to medically managed withdrawal (ED, or 4-WM);
        # if the patient declines ...")
        "Medical review now: assess for alcohol withdrawal delirium; arrange transfer now by emergency services to "
        "medically managed withdrawal (ED, or 4-WM); staff with the patient until handover; do not manage as "
        "ambulatory withdrawal; if the patient declines transfer: the "
        "prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; with "
        "capacity: record the advice given and the risks explained; arrange the highest level of care the patient "
        "accepts; any dose as the prescriber decides; tell the patient and any supportive person to call emergency "
        "services for a seizure, confusion, hallucinations or any worsening); "
        "before any dose: ask about any overdose or ingestion today and screen for delirium (CAM or 4AT) and "
        "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
        "glucose; if delirium, an overdose or ingestion, or intoxication: no dose here (delirium, or an overdose or "
        "ingestion: call emergency services for the ED, staff with the patient until handover, naloxone if signs of "
        "opioid overdose; intoxication: tell the receiving team at handover the breath alcohol reading or the signs, "
        "with the time; the patient must not drive today); otherwise a prescriber gives a first dose before transfer "
        "only if it does not delay the transfer; at handover tell the receiving team the last CIWA-Ar score, the "
        "delirium screen and any "
        # R70 S (was: "dose with its time; the patient must not drive; ...")
        "dose with its time, that today's C-SSRS screen found a wish to be dead or non-specific suicidal thoughts and "
        "that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment once the patient is able "
        "to answer, without delaying the transfer; "
        "the patient must not drive; re-assess for seizures or delirium until handover; record "
        "the reason for the lower rating with the placement decision"
    )


def test_a_95_the_rating_below_box_repeats_it() -> None:
    assert _box(95, "rated_below_suggestion_d1") == COMPLICATED_4WM + RECORD


def test_a_24_beside_the_suicide_evaluation_the_one_setting() -> None:
    assert _box(24, "complicated_withdrawal") == COMPLICATED_ONE_SETTING
    assert _box(24, "rated_below_suggestion_d1") == COMPLICATED_ONE_SETTING + RECORD


@pytest.mark.parametrize(
    ("number", "wanted"), [(326, COMPLICATED_D1_AT_4), (194, COMPLICATED_D2_AT_4), (48, COMPLICATED_D3_AT_4)]
)
def test_a_beside_a_rating_of_4_the_headline_own_transfer(number: int, wanted: str) -> None:
    assert _box(number, "complicated_withdrawal") == wanted


@pytest.mark.parametrize("number", ALL_75)
def test_a_all_75_say_the_headline_transfer_never_the_booking(number: int) -> None:
    rec = built(cases(800)[number])
    (wanted,) = (form for form, numbers in BY_FORM.items() if number in numbers)
    assert HEADLINE_TRANSFER[wanted] in rec.headline, rec.headline
    assert next(f.action for f in rec.flags if f.code == "complicated_withdrawal") == wanted
    for f in rec.flags:
        assert BOOKED not in f.action, (f.code, f.action)
        if f.code == "rated_below_suggestion_d1":  # R75 3b/3c: the step whole, or bare before the severe box's refusal
            assert f.action.startswith(wanted + "; ") or f.action.startswith(
                BARE[wanted] + "; if the patient declines transfer"
            ), f.action


def test_a_sweep_no_box_books_the_admission() -> None:
    """Over the 800 cases: no box says the booked words (every complicated_withdrawal box of the sweep is one of the
    75), and the 75 are the cases with the box as raised."""
    said = [n for n, case in enumerate(cases(800)) if any(BOOKED in f.action for f in built(case).flags)]
    assert said == []


def test_a_a_blank_item_10_keeps_its_box_as_its_headline_says_it() -> None:
    """A blank CIWA-Ar item 10 (its worst answer until asked, not a finding): the headline asks the item first and
    says the raised words until it is answered, no transfer; the box says the same (the ruling's 75 are findings)."""
    with pytest.raises(iopkit.errors.IncompleteResponseError) as refused:
        iopkit.score("ciwa_ar", [1, 1, 1, 1, 1, 0, 0, 0, 1, None])
    r = recommend({1: 1, 2: 0, 3: 0, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([refused.value]))
    assert "arrange transfer now" not in r.headline
    assert next(f.action for f in r.flags if f.code == "complicated_withdrawal") == (
        "Ask item 10 now (Orientation and clouding of sensorium); until it is answered: Medical review now: assess for "
        "alcohol withdrawal delirium and arrange medically managed (inpatient) withdrawal management; do not manage as "
        "ambulatory withdrawal"
    )


#: (b) the reviewer's prefix, before the box's "before any dose" (lower-cased).
def _prefix(ciwa: int) -> str:
    return (
        f"Emergency evaluation now: alcohol withdrawal alongside (CIWA-Ar {ciwa} today), a complicating condition: "
        "arrange transfer now (ED, or 3.7-WM/4-WM); "
        # R46 Q4: staff with the patient until handover on every path, straight after the transfer
        "staff with the patient until handover; "
        "if the patient declines transfer: the prescriber assesses and "
        "records capacity to decline (without capacity: transfer by emergency services; with capacity: record the "
        "advice given and the risks explained; arrange the highest level of care the patient accepts; any dose as the "
        "prescriber decides; tell the patient and any supportive person to call emergency services for a seizure, "
        "confusion, hallucinations or any worsening); "
        # R43 should-fix 3 (3(b-1)): the driving rule after the refusal, the reviewer's words
        "the patient must not drive; before any dose: "
    )


#: The severe COWS box of case 34 after "Before any dose: " (as it was), and of case 85.
# R44 Q2: both end "... monitor sedation and breathing until handover" (the later "if any dose is given ...: the
# patient must not drive today" dropped: the box says "the patient must not drive" outright)
REST_34 = (
    "ask about any overdose or ingestion today and screen for delirium (CAM or 4AT) and intoxication (breath alcohol "
    "above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if delirium, an overdose "
    "or ingestion, or intoxication: no dose here, staff with the patient until handover (delirium, or an overdose or "
    "ingestion: call emergency services for the ED, naloxone if signs of opioid overdose; intoxication: tell the "
    "receiving team at handover the breath alcohol reading or the signs, with the time; the patient must not drive "
    "today); otherwise treat withdrawal now (a first dose before transfer only if it does not delay the transfer), as "
    "the prescriber decides: buprenorphine, or methadone only in an opioid treatment programme or under the 72-hour "
    "rule (given or dispensed on site, at most a 3-day supply while referral is arranged, not renewed or extended; "
    "never prescribed); re-score the COWS after dosing; at handover tell the receiving team the last CIWA-Ar and COWS "
    # R65 F2 (was: "...COWS scores and any dose with its time")
    "scores, the delirium screen and any dose with its time, and any complicating condition (vomiting or diarrhoea "
    "with fluids not kept "
    "down, unstable vital signs, other medical or psychiatric instability, pregnancy, alcohol or benzodiazepine "
    "withdrawal alongside, precipitated withdrawal that does not settle, delirium), and that today's PHQ-9 item 9 was "
    # R51: "once the patient is able to answer", the headline's words
    "positive, and ask them for a suicide risk assessment once the patient is able to answer, without delaying the "
    "transfer; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until "
    "handover"
)
REST_85 = (
    "screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check "
    "blood glucose; if intoxicated: no dose here (tell the receiving team at handover the breath alcohol reading or "
    "the signs, with the time; the patient must not drive today); otherwise treat withdrawal now (a first dose before "
    "transfer only if it does not delay the transfer), as the prescriber decides: buprenorphine, or methadone only in "
    "an opioid treatment programme or under the 72-hour rule (given or dispensed on site, at most a 3-day supply while "
    "referral is arranged, not renewed or extended; never prescribed); re-score the COWS after dosing; at handover "
    "tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time, and any complicating "
    "condition (vomiting or diarrhoea with fluids not kept down, unstable vital signs, other medical or psychiatric "
    "instability, pregnancy, alcohol or benzodiazepine withdrawal alongside, precipitated withdrawal that does not "
    "settle, delirium); if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing "
    "until handover"
)


def test_b_34_the_severe_cows_box_says_the_transfer_first() -> None:
    assert _box(34, "severe_opioid_withdrawal") == _prefix(14) + REST_34


def test_b_34_the_rating_below_box_that_starts_with_it_too() -> None:
    box = _box(34, "rated_below_suggestion_d1")
    assert box.startswith(
        _prefix(14) + "ask about any overdose or ingestion today and screen for delirium (CAM or 4AT) and intoxication"
    ), box
    assert box.count("Emergency evaluation now: alcohol withdrawal alongside") == 1


def test_b_85_the_severe_cows_box_says_the_transfer_first() -> None:
    assert _box(85, "severe_opioid_withdrawal") == _prefix(13) + REST_85


#: The 8 cases and their CIWA-Ar of today (the headline's, "CIWA-Ar 13 today" in 85 and 115).
B_CASES = {34: 14, 85: 13, 115: 13, 491: 14, 568: 13, 687: 13, 707: 13, 779: 13}


def test_b_sweep_only_the_8_cases_say_it() -> None:
    """Over the 800 cases: the severe COWS box opens with the transfer exactly in the 8 cases, each with its own
    CIWA-Ar of today, and a rating-below box of dimension 1 there that starts with the COWS step opens with it too."""
    found = {}
    for n, case in enumerate(cases(800)):
        for f in built(case).flags:
            if f.code == "severe_opioid_withdrawal" and f.action.startswith("Emergency evaluation now: alcohol "):
                found[n] = f.action
    assert sorted(found) == sorted(B_CASES)
    for n, action in found.items():
        assert action.startswith(_prefix(B_CASES[n])), action
        assert "Before any dose" not in action
    for n in (34, 687, 707, 779):  # the cases whose rating-below box starts with the COWS step
        assert _box(n, "rated_below_suggestion_d1").startswith(_prefix(B_CASES[n])), n


#: Case 23: dimension 3 rated 4, its transfer dimension 3's (its box says it): the severe COWS box as it was.
BOX_23 = (
    "Before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if "
    "intoxicated: no dose here (tell the receiving team at handover the breath alcohol reading or the signs, with the "
    "time; the patient must not drive today); otherwise treat withdrawal as the prescriber decides (a first dose "
    "before transfer only if it does not delay the transfer and the reason for rating 4 allows it): buprenorphine, or "
    "methadone only in an opioid treatment programme or under the 72-hour rule (given or dispensed on site, at most a "
    "3-day supply while referral is arranged, not renewed or extended; never prescribed); re-score the COWS after "
    "dosing; at handover tell the receiving team the last COWS score and any dose with its time, and any complicating "
    "condition (vomiting or diarrhoea with fluids not kept down, unstable vital signs, other medical or psychiatric "
    "instability, pregnancy, alcohol or benzodiazepine withdrawal alongside, precipitated withdrawal that does not "
    "settle, delirium); if a dose is given: the patient must not drive today"
)


def test_b_23_another_flag_transfer_leaves_the_severe_cows_box() -> None:
    assert _box(23, "severe_opioid_withdrawal") == BOX_23


@pytest.mark.parametrize("number", [122, 143, 372, 154, 526, 685, 775])
def test_b_other_severe_cows_boxes_never_say_it(number: int) -> None:
    assert not _box(number, "severe_opioid_withdrawal").startswith("Emergency evaluation now: alcohol withdrawal")


#: R43 should-fix 3 (3(b-1)), the reviewer's words in place: after the refusal, before the box's own dose screen.
R43_NO_DRIVING = (
    "if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening); the "
    "patient must not drive; before any dose: "
)


@pytest.mark.parametrize("number", sorted(B_CASES))
def test_r43_s3_the_severe_cows_box_says_the_patient_must_not_drive(number: int) -> None:
    box = _box(number, "severe_opioid_withdrawal")
    assert box.count(R43_NO_DRIVING) == 1, box
    # unconditional, before the dose: not only "if any dose is given" or the intoxication hold's "today"
    assert box.index(R43_NO_DRIVING) < box.index("otherwise treat withdrawal now"), box


@pytest.mark.parametrize("number", [34, 687, 707, 779])
def test_r43_s3_the_d1_box_that_opens_with_it_too(number: int) -> None:
    box = _box(number, "rated_below_suggestion_d1")
    assert box.startswith(
        f"Emergency evaluation now: alcohol withdrawal alongside (CIWA-Ar {B_CASES[number]} today), a complicating "
        # R46 Q4: staff with the patient until handover straight after the transfer
        f"condition: arrange transfer now (ED, or 3.7-WM/4-WM); staff with the patient until handover; {R43_NO_DRIVING}"
    ), box
    assert box.count(R43_NO_DRIVING) == 1, box


def test_r43_s3_no_other_box_gains_it() -> None:
    """Over the 800 cases: the refusal followed by "; the patient must not drive; before any dose" only in the 8
    cases' severe COWS box and the 4 d1 boxes that open with it."""
    said = sorted(
        (n, f.code) for n, case in enumerate(cases(800)) for f in built(case).flags if R43_NO_DRIVING in f.action
    )
    wanted = sorted(
        [(n, "severe_opioid_withdrawal") for n in B_CASES]
        + [(n, "rated_below_suggestion_d1") for n in (34, 687, 707, 779)]
    )
    assert said == wanted


# --- physician review R44, Q2 -----------------------------------------------------------------------------------------

#: R44 Q2: the new box ending, the reviewer's words.
R44_ENDING = (
    "; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover"
)
#: The later clause R44 Q2 drops.
ANY_DOSE_DRIVING = (
    "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
)


@pytest.mark.parametrize("number", [34, 85])
def test_r44_q2_the_box_ends_with_the_monitoring(number: int) -> None:
    box = _box(number, "severe_opioid_withdrawal")
    assert box.endswith(R44_ENDING), box
    assert ANY_DOSE_DRIVING not in box, box
    # the intoxication bracket keeps its own words
    assert "with the time; the patient must not drive today); otherwise treat withdrawal now" in box, box


@pytest.mark.parametrize("number", [34, 687, 707, 779])
def test_r44_q2_the_d1_box_that_opens_with_it_drops_it_too(number: int) -> None:
    box = _box(number, "rated_below_suggestion_d1")
    assert ANY_DOSE_DRIVING not in box, box
    assert box.endswith(
        "re-score the CIWA-Ar within 1 hour of a dose if the patient is still here; record the reason for the lower "
        "rating with the placement decision"
    ), box


def test_r44_q2_sweep_none_of_the_8_boxes_says_if_any_dose_is_given() -> None:
    """Over the 800 cases: no box that opens with the R42 (b) prefix says "if any dose is given"; each says "the
    patient must not drive" once outright (R43 should-fix 3) and keeps the intoxication bracket's "today"."""
    said = []
    for n, case in enumerate(cases(800)):
        for f in built(case).flags:
            if f.action.startswith("Emergency evaluation now: alcohol withdrawal alongside ("):
                said.append((n, f.code))
                assert "if any dose is given" not in f.action, (n, f.code, f.action)
                assert f.action.count(R43_NO_DRIVING) == 1, (n, f.code, f.action)
                assert "the patient must not drive today)" in f.action, (n, f.code, f.action)
    assert sorted(said) == sorted(
        [(n, "severe_opioid_withdrawal") for n in B_CASES]
        + [(n, "rated_below_suggestion_d1") for n in (34, 687, 707, 779)]
    )
