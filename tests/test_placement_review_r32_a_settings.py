"""Physician review R32 (a), its other three settings (the ambulatory one: tests/test_placement_review_r32_a.py), with
R33 S1/S2 and R34 S1-S3: the hold of a dose naming intoxication gives the next step of its own setting, read from the
hold's own sentence (not the whole text):

- inside a transfer now: "no dose here; tell the receiving team at handover (the breath alcohol reading or the signs,
  with the time); the patient must not drive today" (R32 (a)); the delirium-only hold of a transfer step too (R33 S2);
- a transfer only on a re-score: "intoxication: if transferred, tell the receiving team ...; if not: [the ambulatory
  words]" (R33 S1; R34 S3);
- while the patient waits for an emergency evaluation for suicide risk: "no dose now; staff stay with the patient;
  repeat the screen and the score when it clears, or tell the receiving team at handover; the patient must not drive
  today" (R32 (a)); never a lift home (R34 must-fix);
- "the scores" where both withdrawals are scored (R34 S1); beside a positive PHQ-9 item 9, "if the patient insists on
  leaving: the same-day suicide risk assessment first; offer a lift or a taxi, and follow local policy" (R34 S2).

Every expected text is typed from the rulings' words (never read from iopkit); a hold's words are said as clauses in
its bracket (a bracket holds no other). Cases are the seeded random cases of tests/random_placements.py, named by
number as the reviewers named them, and one built as the reviewers' Method builds a case."""

from __future__ import annotations

import re

import pytest

import iopkit
from iopkit.episode import Episode, OpenFlag

from .random_placements import SCORES, built, cases
from .test_placement_headline_review_r7_old_scores import recommended
from .test_placement_physician_cases import CIWA_MOD13, COWS_19
from .test_placement_review_r30b_m4 import OLD, PLACED

# the rulings' words, typed
TOLD = "tell the receiving team at handover the breath alcohol reading or the signs, with the time"
NO_DRIVING = "the patient must not drive today"
TRANSFER_NEXT = f"{TOLD}; {NO_DRIVING}"
STAY_BOTH = "ask the patient to stay on site and repeat the screen and the scores when it clears"
NOT_CLEARED = "if it has not cleared by the end of the session, or withdrawal worsens: arrange a higher level of care"
INSISTS = "if the patient insists: offer a lift or a taxi, and follow local policy"
INSISTS_ON_LEAVING = (
    # R38 item 6 (a): a patient too intoxicated to take part in the assessment: an emergency evaluation for suicide risk
    "if the patient insists on leaving: the same-day suicide risk assessment first (if too intoxicated to take part "
    "in it: staff stay with the patient and arrange an emergency evaluation for suicide risk); offer a lift or a "
    "taxi, and follow local policy"
)
SUICIDE_NEXT = (
    "staff stay with the patient; repeat the screen and the score when it clears, or tell the receiving team at "
    f"handover; {NO_DRIVING}"
)
DELIRIUM_TRANSFER_HOLD = (
    "if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: "
    f"{TRANSFER_NEXT})"
)
OVERDOSE = (
    "an overdose or ingestion: call emergency services for the ED, staff with the patient until handover, naloxone if "
    "signs of opioid overdose"
)
# R33 S1: the combined hold of a step whose transfer comes only on the first step's re-score; these cases have a
# same-day suicide risk assessment due (a positive PHQ-9 item 9): who insists on leaving has it first (R35 M3)
RESCORE_TRANSFER_HOLD = (
    "if delirium, an overdose or ingestion, or intoxication: no dose here (delirium, or an overdose or ingestion: call "
    "emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose; "
    f"intoxication: if transferred, {TOLD}; if not: {STAY_BOTH}; {NOT_CLEARED}; {NO_DRIVING}; {INSISTS_ON_LEAVING})"
)
SUICIDE_OVERDOSE_HOLD = (
    f"if an overdose or ingestion, or intoxicated: no dose here ({OVERDOSE}; intoxicated: {SUICIDE_NEXT})"
)


def _texts(number: int, where: str) -> str:
    r = built(cases(800)[number])
    return r.headline if where == "headline" else next(f.action for f in r.flags if f.code == where)


@pytest.mark.parametrize(("number", "where"), [(38, "headline"), (38, "severe_alcohol_withdrawal"), (21, "headline")])
def test_r33_s2_the_delirium_hold_of_a_transfer_step_hands_the_intoxication_over(number: int, where: str) -> None:
    # physician review R33 S2 (cases 21, 38): the delirium-only hold said only the driving rule for intoxication
    assert DELIRIUM_TRANSFER_HOLD in _texts(number, where)


@pytest.mark.parametrize(
    ("number", "where"),
    [
        (58, "moderately_severe_opioid_withdrawal"),
        (189, "moderately_severe_opioid_withdrawal"),
        (564, "severe_opioid_withdrawal"),
        (564, "buprenorphine_induction_threshold"),
        (770, "moderate_opioid_withdrawal"),
    ],
)
def test_r33_s1_a_transfer_only_on_a_re_score_says_both_branches(number: int, where: str) -> None:
    # physician review R33 S1, the reviewer's six boxes (564's rated-below box below): was "intoxication: tell the
    # receiving team ...; the patient must not drive today", no next step if the patient is not transferred
    assert RESCORE_TRANSFER_HOLD in _texts(number, where)


def test_r33_s1_case_564_rated_below_box_says_both_branches_in_its_second_hold() -> None:
    # its escort said once (physician review R32 (b)): the box says "staff with the patient until handover" already
    hold = RESCORE_TRANSFER_HOLD.replace(
        "call emergency services for the ED, staff with the patient until handover, ",
        "call emergency services for the ED, ",
    )
    text = _texts(564, "rated_below_suggestion_d1")
    assert text.count(hold) == 1


@pytest.mark.parametrize(
    ("number", "where"), [(19, "headline"), (637, "headline"), (637, "severe_opioid_withdrawal"), (112, "headline")]
)
def test_while_waiting_for_the_suicide_evaluation_staff_stay_and_no_lift_home(number: int, where: str) -> None:
    # physician review R32 (a), the suicide-evaluation setting (was: the driving rule alone); R34 must-fix: no lift
    text = _texts(number, where)
    assert SUICIDE_OVERDOSE_HOLD in text
    assert "lift or a taxi" not in text


def test_r34_s1_s2_both_withdrawals_and_a_positive_item_9() -> None:
    # case 5 (COWS 19 old, CIWA-Ar 13 today, PHQ-9 item 9 positive): the headline's hold, below a transfer only at a
    # COWS re-score of 37 or more, says both branches (R33 S1, R34 S3), "the scores" (R34 S1), and the same-day
    # assessment first for a patient who insists on leaving (R34 S2)
    hold = (
        f"if an overdose or ingestion, or intoxicated: no dose here ({OVERDOSE}; intoxicated: if transferred, {TOLD}; "
        f"if not: {STAY_BOTH}; {NOT_CLEARED}; {NO_DRIVING}; {INSISTS_ON_LEAVING})"
    )
    assert hold in _texts(5, "headline")


def test_the_setting_is_read_per_hold_so_headline_and_box_agree() -> None:
    # R34's leftover (1): CIWA-Ar 13 and COWS 19 today; the headline names "if transferred" in a later step, so the
    # whole-text reading kept the old hold in the headline while its CIWA-Ar box gave the ambulatory one
    r = recommended({}, today=[("ciwa_ar", CIWA_MOD13), ("cows", COWS_19)])
    holds = re.findall(r"if intoxicated: no dose (?:now|here) \([^()]*\)", r.headline)
    box = next(f.action for f in r.flags if f.code == "moderate_alcohol_withdrawal")
    assert holds, r.headline
    for hold in holds:
        assert TOLD not in hold or "if transferred, " in hold, hold
        assert NOT_CLEARED in hold, hold
    assert NOT_CLEARED in box


#: R38 item 6 (a)'s fallback inside an ambulatory hold (the reviewer's words).
R38_FALLBACK = (
    " (if too intoxicated to take part in it: staff stay with the patient and arrange an emergency evaluation for "
    "suicide risk)"
)
_HOLD = re.compile(r"\bif [^;:.()]*\bintoxicat(?:ed|ion): no dose (?:here|now)[^()]*\(([^()]*)\)")


def test_every_hold_of_the_random_cases_gives_a_next_step_fit_for_its_text() -> None:
    # invariants over the 800 cases' headlines and boxes (not the rule's own reading): beside an emergency evaluation
    # for suicide risk no lift home and the receiving team told if transferred; a text with no transfer and no
    # suicide evaluation never tells a receiving team in its hold; "if not:" only after "if transferred, "; "the
    # scores" exactly where the case scores both withdrawals; the driving rule inside every hold
    checked = 0
    alcohol = {"moderate_alcohol_withdrawal", "severe_alcohol_withdrawal", "complicated_withdrawal"}
    opioid = {"moderate_opioid_withdrawal", "moderately_severe_opioid_withdrawal", "severe_opioid_withdrawal"}
    for case in cases(800):
        r = built(case)
        codes = {f.code for f in r.flags if f.withdrawn is None}
        both = bool(codes & (alcohol | {"possible_inattention"})) and bool(
            codes & (opioid | {"buprenorphine_induction_threshold"})
        )
        for text in (r.headline, *(f.action for f in r.flags)):
            for m in _HOLD.finditer(text):
                inside = m[1]
                checked += 1
                assert NO_DRIVING in inside, (case, text)
                # R60 Q2(a): an old CIWA-Ar re-score's transfer hold ("if intoxicated: no dose here, and at handover
                # tell ... (the patient must not drive today)") beside R38 item 6's fallback, "(if too intoxicated to
                # take part in it: ... arrange an emergency evaluation for suicide risk)", which is no evaluation the
                # case arranges (was: the text read with that fallback, case 101)
                read = text.replace(R38_FALLBACK, "")
                if "emergency evaluation for suicide risk" in read or "waits for the suicide evaluation" in read:
                    assert "lift or a taxi" not in inside and "staff stay with the patient" in inside, (case, text)
                # R51 (b11 question 1): 167's and 286's COWS and buprenorphine boxes say the headline's transfer
                # (their first dose before it), R49 Q5b's exemption removed
                if "transfer" not in text and "suicide" not in text:
                    assert TOLD not in inside, (case, text)
                if "if not: " in inside:
                    assert f"if transferred, {TOLD}; if not: " in inside, (case, text)
                # "the scores" exactly where the case scores both withdrawals (R35 S3: its flags, not the box's words),
                # and never beside the opioid-only next step (R37 S1)
                if "when it clears" in inside:
                    assert ("the scores when" in inside) == both, (case, text)
                    assert not ("the scores when" in inside and "the first dose on another day" in inside), (case, text)
    assert checked > 1000


# physician review R35 (must-fix M1-M3, should-fix S1-S2): a box does not always name what its case says; the
# setting is read from the case's flags as well as from the text. Its regression sweeps over the 800 cases, as the
# reviewer wrote them (invariants of the case, not the rule's own reading), and its cases typed.
_ASSESSMENT_DUE = {"suicidal_ideation", "suicide_risk_moderate", "suicide_risk_low"}
_UNCONDITIONAL = re.compile(
    r"(?:^|; |\. )(?:First: )?(?:Arrange transfer now|emergency medical evaluation: arrange "
    r"transfer now|[Ee]mergency psychiatric evaluation now[^;]*: arrange transfer now)"
)


def test_r35_m1_m2_m3_over_the_random_cases() -> None:
    lifts, branches, insists = [], [], []
    for case in cases(800):
        r = built(case)
        standing = {f.code for f in r.flags if f.withdrawn is None}
        now = any(_UNCONDITIONAL.search(f.action) for f in r.flags if f.withdrawn is None)
        for text in (r.headline, *(f.action for f in r.flags)):
            if "suicide_risk_high" in standing and "lift or a taxi" in text:
                lifts.append(case.number)  # M1: no lift home beside a C-SSRS high risk
            if now and "; if not: ask the patient to stay on site" in text:
                branches.append(case.number)  # M2: no "if not" branch beside a transfer now
            if standing & _ASSESSMENT_DUE and "if the patient insists: offer" in text:
                insists.append(case.number)  # M3: the same-day assessment first where one is due
    assert (lifts, branches, insists) == ([], [], [])


def test_r35_m1_case_112_the_cows_boxes_beside_a_c_ssrs_high_risk() -> None:
    # was: "intoxicated: ask the patient to stay on site ...; if the patient insists: offer a lift or a taxi, ..."
    for code in (
        "moderately_severe_opioid_withdrawal",
        "rated_below_suggestion_d1",
        "buprenorphine_induction_threshold",
    ):
        assert f"intoxicated: {SUICIDE_NEXT})" in _texts(112, code), code


def test_r35_m2_case_240_a_transfer_now_for_imminent_danger_hands_over() -> None:
    # dimension 3 rated 4 ("emergency psychiatric evaluation now, including suicide risk: arrange transfer now (ED)"):
    # was "intoxicated: if transferred, ...; if not: ... offer a lift or a taxi"
    for where in ("headline", "possible_inattention", "rated_below_suggestion_d1", "moderate_alcohol_withdrawal"):
        text = _texts(240, where)
        assert f"intoxicated: {TRANSFER_NEXT})" in text, where
        assert "lift or a taxi" not in text, where


def test_r35_m3_case_5_and_51_boxes_ask_the_same_day_assessment_first() -> None:
    assert INSISTS_ON_LEAVING in _texts(5, "moderate_alcohol_withdrawal")
    for code in ("moderate_opioid_withdrawal", "rated_below_suggestion_d1", "buprenorphine_induction_threshold"):
        assert INSISTS_ON_LEAVING in _texts(51, code), code


def test_r35_s1_case_514_before_transfer_alone_says_both_branches() -> None:
    # "a first dose before transfer if able", no transfer arranged: the patient may leave (was: the transfer's words)
    assert f"if intoxicated: no dose now (if transferred, {TOLD}; if not: " in _texts(514, "headline")


def test_r35_s2_item_10_hold_of_a_transfer_step_tells_the_receiving_team() -> None:
    hold = (
        "if intoxicated (breath alcohol above zero, or signs of sedative intoxication): no benzodiazepine until it "
        f"clears and the review is repeated ({NO_DRIVING}; if transferred: {TOLD})"
    )
    assert hold in _texts(6, "possible_inattention")


# physician review R36 (must-fix N1-N3, should-fix S1): the case's headline read too; a page without a placement reads
# its open flags as it shows them today; a withdrawn C-SSRS high risk's repeated screen first
def test_r36_n1_a_box_in_a_case_whose_headline_transfers_now_hands_over() -> None:
    # case 102 (CIWA-Ar 10 with hallucinations today): the headline "First: emergency medical evaluation: arrange
    # transfer now"; its box's own step says only "a first dose before transfer" (was: both branches, a lift home)
    text = _texts(102, "moderate_alcohol_withdrawal")
    assert DELIRIUM_TRANSFER_HOLD in text
    assert "lift or a taxi" not in text


def test_r36_n1_over_the_random_cases() -> None:
    branches = []
    for case in cases(800):
        r = built(case)
        if _UNCONDITIONAL.search(r.headline):
            branches += [case.number for f in r.flags if "; if not: ask the patient to stay on site" in f.action]
            # nor a plain lift home (physician review R37, S2)
            branches += [case.number for t in (r.headline, *(f.action for f in r.flags)) if "lift or a taxi" in t]
    assert branches == []


def _page(number: int) -> tuple[Episode, tuple[OpenFlag, ...]]:
    """The scores of random case ``number`` as open flags on a page without a placement (its episode, its flags)."""
    opened = []
    for n, (instrument, key, when) in enumerate(cases(800)[number].scores):
        day = OLD if when == "old" else PLACED
        for flag in iopkit.score(instrument, SCORES[instrument][key]).flags:
            opened.append(OpenFlag(instrument, 0.0 if when == "old" else 1.7, day, n, flag))
    return Episode(patient=None, as_of=PLACED, open_flags=tuple(opened)), tuple(opened)


def test_r36_n2_a_page_without_a_placement_reads_an_old_severe_ciwa_ar_as_its_re_score() -> None:
    # case 39's scores as open flags on a page without a placement: the old severe CIWA-Ar was saved as "Arrange
    # transfer now", the page shows its re-score ("if still 15 or more ... arrange transfer now"); its COWS box's hold
    # keeps the next step for a patient not transferred (was: the transfer's words alone)
    episode, opened = _page(39)
    cows = next(o for o in opened if o.flag.code == "moderately_severe_opioid_withdrawal")
    shown = episode.flag_shown(cows.flag, cows.instrument, cows.day).action
    # both withdrawals open on the page: "the scores", and the words of a step that may give both (R35 S3, R37 S1)
    assert f"intoxicated: no dose now ({STAY_BOTH}; {NOT_CLEARED}; {NO_DRIVING}; " in shown


def test_r36_n2_pages_without_a_placement_over_the_random_cases() -> None:
    # physician review R37, S2: the page's transfer-now words only where an open flag's step, as the page shows it
    # today, arranges a transfer now (R36 N2); never beside a C-SSRS high risk a lift home
    wrong = []
    for case in cases(800):
        episode, opened = _page(case.number)
        today = [episode.flag_today(o.flag, o.instrument, o.day).action or "" for o in opened]
        now = any(_UNCONDITIONAL.search(t) for t in today)
        high = any(o.flag.code == "suicide_risk_high" for o in opened)
        for o in opened:
            shown = episode.flag_shown(o.flag, o.instrument, o.day).action or ""
            for m in _HOLD.finditer(shown):
                if m[1].startswith(TOLD) or f"; intoxicated: {TOLD}" in m[0] or f"intoxication: {TOLD}" in m[0]:
                    if not now and not high:
                        wrong.append((case.number, o.flag.code))
                if high and "lift or a taxi" in m[1]:
                    wrong.append((case.number, o.flag.code))
    assert wrong == []


def test_r36_n3_a_withdrawn_high_risk_repeats_its_screen_before_a_lift() -> None:
    from .test_placement_headline_review_r18_boxes import case

    r = case({}, withdrawn=True, ciwa=("old", "21"), cows=("old", "8"))  # the reviewers' case 190
    said = [t for t in (r.headline, *(f.action for f in r.flags)) if "lift or a taxi" in t]
    assert said
    for text in said:
        assert "if the patient insists: offer" not in text
        # R39 C6: the repeated screen's bracket for a patient too intoxicated to take part in it, the reviewer's words
        assert (
            "if the patient insists on leaving: the repeated C-SSRS screen first (if too intoxicated to take part in "
            "it: staff stay with the patient and arrange an emergency evaluation for suicide risk); offer a lift or a "
            "taxi, and follow local policy"
        ) in text


def test_r36_s1_item_10_hold_beside_a_c_ssrs_high_risk_tells_the_receiving_team() -> None:
    hold = (
        "no buprenorphine, methadone or benzodiazepine until it clears and the review is repeated "
        f"({NO_DRIVING}; if transferred: {TOLD})"
    )
    assert hold in _texts(360, "possible_inattention")
