"""Physician reviews R76 and R76b (session 43), typed from the rulings.

R76 (must-fix, ruling 1): where a CIWA-Ar scored on an earlier day is re-scored today, its branch "if a seizure since
the last score, hallucinations, disorientation (item 10 at 2 or more) or a total of 15 or more: arrange transfer now
..." named no transport. The re-score falls 24-96 hours into withdrawal, the window for seizures and delirium; a
patient can seize on the way. The whole branch (15 or more with the findings, headlines and boxes alike) says
"arrange transfer now by emergency services", R75 item 3a's words for the same findings on a score of today; the
destination stays as it was. Ruling 2: a COWS box beside alcohol withdrawal, whose branch transfers at a CIWA-Ar
re-score of 8 or more, names the transport for the findings and 15 or more only: "arrange transfer now (a seizure,
hallucinations, disorientation or a total of 15 or more: by emergency services, to the ED or 4-WM; otherwise: ED, or
3.7-WM/4-WM)" (8-14 alone by emergency services would over-triage).

R76b (must-fix, ruling A): a positive delirium screen's transfer, "if delirium: emergency evaluation: arrange transfer
now (...)", says "by emergency services" too (ASAM 2020 alcohol withdrawal guideline; Mayo-Smith et al. 2004: alcohol
withdrawal delirium is a medical emergency): the intake page's CIWA-Ar item 10 at 1 box, and every placement text
that carries it. The COWS medical review's "if delirium (a complicating condition on the COWS flag): emergency
evaluation: arrange transfer now (ED)" says it the same way (the same finding; not among the random cases).

In the 800 random cases: 530 such transfers in 131 cases (R76), 96 delirium branches (R76b): 623 texts in 172 cases
changed, each exactly by these words (checked against the texts before the change when it was built). R76c, the check
of the build (land with follow-ups), F3: such a transfer by emergency services whose refusal followed its destination
says "; staff with the patient until handover" before it (48 box texts: the patient waits on site for the crew).
R76b ruling B3 (should-fix): a COWS box's transfer for a complicating condition whose list ends in delirium says
"(ED, or 4-WM; by emergency services if delirium)" (4 box texts, cases 69 and 432). The chart header, the review and
the one-page summary show an old CIWA-Ar's flag with the same words as the placement (``Episode.flag_shown``).
"""

from __future__ import annotations

import re

import iopkit
from iopkit.placement import recommend, suggest_dimensions

from .random_placements import all_built, texts

#: R76 ruling 1 and R76b ruling A, typed.
BY_AMBULANCE = "arrange transfer now by emergency services"
#: R76 ruling 2, typed.
ALONGSIDE = (
    "arrange transfer now (a seizure, hallucinations, disorientation or a total of 15 or more: by emergency services, "
    "to the ED or 4-WM; otherwise: ED, or 3.7-WM/4-WM)"
)
#: A transfer after a condition naming what a CIWA-Ar re-score finds, in the same clause (no ";" between).
FINDINGS_THEN_TRANSFER = re.compile(
    r"(?:a seizure since the last score|hallucinations|disorientation \(item 10 at 2 or more\))[^;]*?"
    r"arrange transfer now"
)


def _text(case: int, code: str) -> str:
    (text,) = [t for c, t in texts(case) if c == code]
    return text


def test_ruling_1_the_old_severe_ciwa_rescore_in_the_headline_and_its_boxes_case_13():
    said = (
        "if a seizure since the last score, hallucinations, disorientation (item 10 at 2 or more) or a total of 15 or "
        "more: arrange transfer now by emergency services (ED, or 4-WM); staff with the patient until handover; if the "
        "patient declines transfer: the prescriber assesses and records capacity to decline"
    )
    for code in ("headline", "complicated_withdrawal", "severe_alcohol_withdrawal", "rated_below_suggestion_d1"):
        assert said in _text(13, code), code


def test_ruling_1_the_moderate_rescore_intoxicated_or_not_case_3():
    said = (
        "on the re-score, intoxicated or not: if 15 or more, or a seizure since the last score, or hallucinations, or "
        "disorientation (item 10 at 2 or more): arrange transfer now by emergency services to medically managed "
        "withdrawal (ED, or 4-WM)"
    )
    for code in ("headline", "possible_inattention", "moderate_alcohol_withdrawal"):
        assert said in _text(3, code), code


def test_ruling_1_the_severe_box_still_15_or_more_case_39():
    said = (
        "if still 15 or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or "
        "more), arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM); staff with "
        "the patient until handover; if the patient declines transfer"
    )
    # R76c F3: staff with the patient while the crew comes, as the headline's branch says
    assert said in _text(39, "severe_alcohol_withdrawal")
    assert said in _text(39, "rated_below_suggestion_d1")


def test_ruling_1_beside_a_cssrs_high_the_ed_that_also_manages_withdrawal_case_33():
    headline = _text(33, "headline")
    assert "the emergency evaluation in an ED that can also manage withdrawal (arrange transfer now by emergency " in (
        headline
    )
    assert "(arrange transfer now)" not in headline


def test_ruling_2_the_cows_box_beside_alcohol_withdrawal_at_8_or_more_case_88():
    said = (
        "At a CIWA-Ar re-score of 8 or more (or, intoxicated or not, a seizure since the last score, hallucinations, "
        "or disorientation (item 10 at 2 or more)) (alcohol withdrawal alongside, a complicating condition): arrange "
        "transfer now (a seizure, hallucinations, disorientation or a total of 15 or more: by emergency services, to "
        "the ED or 4-WM; otherwise: ED, or 3.7-WM/4-WM); staff with the patient until handover"
    )
    box = _text(88, "severe_opioid_withdrawal")
    assert said in box
    assert "arrange transfer now (ED, or 3.7-WM/4-WM)" not in box


def test_ruling_a_the_delirium_screen_on_the_intake_page():
    flag = next(
        f for f in iopkit.score("ciwa_ar", [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]).flags if f.code == "possible_inattention"
    )
    assert (
        "if delirium: emergency evaluation: arrange transfer now by emergency services (ED, or 4-WM); staff with the "
        "patient until handover; if the patient declines transfer: the prescriber assesses and records capacity"
    ) in flag.action


def test_ruling_a_the_delirium_screen_in_the_placement_cases_17_and_21():
    assert (
        "if delirium: emergency evaluation: arrange transfer now by emergency services (ED, or 4-WM); staff with the "
        "patient until handover"
    ) in _text(17, "possible_inattention")
    # R76b: form [22], the ED only; its refusal and its driving rule stand
    box = _text(21, "possible_inattention")
    assert "if delirium: emergency evaluation: arrange transfer now by emergency services (ED); staff with the " in box
    assert "if the patient declines transfer: the prescriber assesses and records capacity to decline" in box
    assert box.endswith(
        "the patient must not drive until the medical review finds the patient not delirious or intoxicated"
    )


def test_ruling_a_the_cows_medical_review_before_the_first_dose():
    cows_46 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 3]  # COWS 46 (Wesson and Ling 2003), severe
    ciwa_i1 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]  # CIWA-Ar item 10 at 1
    scores = [iopkit.score("cows", cows_46), iopkit.score("ciwa_ar", ciwa_i1)]
    r = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions(scores))
    assert (
        "; if delirium (a complicating condition on the COWS flag): emergency evaluation: arrange transfer now by "
        "emergency services (ED); staff with the patient until handover; if the patient declines transfer"
    ) in r.headline


def test_ruling_b3_a_cows_complicating_condition_ending_in_delirium_cases_69_and_432():
    said = (
        "precipitated withdrawal that does not settle, delirium): arrange transfer now (ED, or 4-WM; by emergency "
        "services if delirium); staff with the patient until handover"
    )
    for number in (69, 432):
        for code in ("severe_opioid_withdrawal", "rated_below_suggestion_d1"):
            assert said in _text(number, code), (number, code)
    assert sum("by emergency services if delirium" in t for n in all_built() for _c, t in texts(n)) == 4


def test_every_transfer_on_what_the_rescore_finds_names_the_transport_in_the_800_cases():
    said, cases = 0, set()
    for number in all_built():
        for code, text in texts(number):
            for m in FINDINGS_THEN_TRANSFER.finditer(text):
                assert text.startswith(
                    (" by emergency services", ALONGSIDE.removeprefix("arrange transfer now")), m.end()
                ), (
                    number,
                    code,
                    text[max(0, m.start() - 80) : m.end()],
                )
                said += 1
                cases.add(number)
    assert (said, len(cases)) == (530, 131)


def test_r76c_f3_no_such_transfer_by_emergency_services_goes_straight_to_its_refusal_in_the_800_cases():
    unstaffed = re.compile(FINDINGS_THEN_TRANSFER.pattern + r" by emergency services[^;]*; if the patient declines")
    assert not [number for number in all_built() for _c, text in texts(number) if unstaffed.search(text)]


def test_every_delirium_branch_transfers_by_emergency_services_in_the_800_cases():
    branches = [
        text
        for number in all_built()
        for _code, text in texts(number)
        for text in re.findall(r"if delirium: emergency evaluation: arrange transfer now[^(]*", text)
    ]
    assert len(branches) == 96
    assert set(branches) == {"if delirium: emergency evaluation: arrange transfer now by emergency services "}


def test_ruling_2_is_said_only_in_the_branches_at_8_or_more_in_the_800_cases():
    said = [
        (number, code)
        for number in all_built()
        for code, text in texts(number)
        if ALONGSIDE in text
        for _ in range(text.count(ALONGSIDE))
    ]
    assert len(said) == 12 and {n for n, _ in said} == {88, 249, 657}
    for number, code in said:
        text = next(t for c, t in texts(number) if c == code)
        assert "t a CIWA-Ar re-score of 8 or more (or, intoxicated or not, a seizure since" in text, (number, code)
