"""Physician review R38, item 6: the intoxication hold beside a same-day suicide risk assessment (/work/reviews/r38.md,
the reviewer's words, typed here; never read from iopkit).

(a) Where a hold's ambulatory next step says "if the patient insists on leaving: the same-day suicide risk assessment
first", it goes on "(if too intoxicated to take part in it: staff stay with the patient and arrange an emergency
evaluation for suicide risk)", then "; offer a lift or a taxi, and follow local policy" unchanged: in the headline, in
every box that carries that hold, and on a page without a placement (the same pass).

(b) CIWA-Ar item 10 at 1's medical-review hold, which has no "insists" branch, beside a same-day suicide risk
assessment due and neither a transfer now nor an emergency evaluation for suicide risk: "...until it clears and the
review is repeated (the patient must not drive today; if the patient tries to leave before it clears: staff stay with
the patient and arrange an emergency evaluation for suicide risk; if transferred: tell the receiving team ...)"; the
reviewer's 11 cases 29, 157, 159, 204, 498, 532, 616, 620, 660, 740, 780.

Cases are the seeded random cases of tests/random_placements.py, named by number as the reviewer named them."""

from __future__ import annotations

import pytest

from .intoxication_screens import transfers_now
from .random_placements import built, cases
from .test_placement_review_r32_a_settings import _page

# the reviewer's words, typed (R38 item 6)
INSISTS_ON_LEAVING = (
    "if the patient insists on leaving: the same-day suicide risk assessment first (if too intoxicated to take part "
    "in it: staff stay with the patient and arrange an emergency evaluation for suicide risk); offer a lift or a "
    "taxi, and follow local policy"
)
OLD_OPENING = "if the patient insists on leaving: the same-day suicide risk assessment first"
TOLD = "tell the receiving team at handover the breath alcohol reading or the signs, with the time"
ITEM10_HOLD = (
    "until it clears and the review is repeated (the patient must not drive today; if the patient tries to leave "
    f"before it clears: staff stay with the patient and arrange an emergency evaluation for suicide risk; if "
    f"transferred: {TOLD})"
)
TRIES_TO_LEAVE = (
    "if the patient tries to leave before it clears: staff stay with the patient and arrange an emergency evaluation "
    "for suicide risk"
)
ITEM10_OPENING = "until it clears and the review is repeated ("
#: The reviewer's 11 medical-review holds with no "insists" branch (R38 item 6 (b)).
REVIEWED_ITEM10 = (29, 157, 159, 204, 498, 532, 616, 620, 660, 740, 780)


def _texts(number: int) -> list[str]:
    r = built(cases(800)[number])
    return [r.headline, *(f.action or "" for f in r.flags)]


@pytest.mark.parametrize("number", [5, 88, 252, 470])
def test_r38_6a_the_reviewers_cases_say_the_bracket_in_the_headline_and_every_box(number: int) -> None:
    r = built(cases(800)[number])
    assert INSISTS_ON_LEAVING in r.headline
    boxes = [f.action for f in r.flags if f.action and OLD_OPENING in f.action]
    assert boxes, number  # the hold is said in at least one box of each named case
    for box in boxes:
        assert box.count(OLD_OPENING) == box.count(INSISTS_ON_LEAVING)


def test_r38_6a_every_insists_on_leaving_says_the_bracket_over_the_random_cases() -> None:
    # every headline, box and page without a placement that says the same-day assessment first for a patient who
    # insists on leaving says the bracket and the lift after it, each time it says it
    wrong, counted = [], 0
    for case in cases(800):
        episode, opened = _page(case.number)
        shown = [episode.flag_shown(o.flag, o.instrument, o.day).action or "" for o in opened]
        for text in (*_texts(case.number), *shown):
            counted += text.count(OLD_OPENING)
            if text.count(OLD_OPENING) != text.count(INSISTS_ON_LEAVING):
                wrong.append(case.number)
    assert wrong == []
    assert counted > 100  # the reviewer's count was 28 cases; the words stand in far more (a headline and its boxes)


@pytest.mark.parametrize("number", REVIEWED_ITEM10)
def test_r38_6b_the_reviewers_eleven_item10_holds(number: int) -> None:
    r = built(cases(800)[number])
    assert ITEM10_HOLD in r.headline or any(ITEM10_HOLD in (f.action or "") for f in r.flags)
    for text in _texts(number):
        assert text.count(ITEM10_OPENING) == text.count(ITEM10_HOLD), number


def _assessment_due(number: int) -> bool:
    """A same-day suicide risk assessment due, read from the case's scores (typed): a positive PHQ-9 item 9, or a
    C-SSRS screen of moderate or low risk."""
    keys = {(instrument, key) for instrument, key, _ in cases(800)[number].scores}
    return bool(keys & {("phq9", "i9pos"), ("cssrs_screen", "moderate"), ("cssrs_screen", "low")})


def _high(number: int) -> bool:
    return any(s[:2] == ("cssrs_screen", "high") for s in cases(800)[number].scores)


def test_r38_6b_over_the_random_cases_the_clause_only_and_always_beside_an_assessment_due() -> None:
    # headline and boxes: an item-10 hold says the tries-to-leave clause exactly where the case has a same-day suicide
    # risk assessment due, no C-SSRS high risk (its emergency evaluation waits already) and no transfer now in any of
    # its texts (the receiving team told); those are the reviewer's 11 cases
    said, wrong = [], []
    for case in cases(800):
        texts = _texts(case.number)
        holds = sum(t.count(ITEM10_OPENING) for t in texts)
        if not holds:
            continue
        clauses = sum(t.count(TRIES_TO_LEAVE) for t in texts)
        due = _assessment_due(case.number) and not _high(case.number) and not any(map(transfers_now, texts))
        if clauses:
            said.append(case.number)
        if clauses != (holds if due else 0):
            wrong.append(case.number)
    assert wrong == []
    assert said == list(REVIEWED_ITEM10)


def test_r38_pages_without_a_placement_say_both() -> None:
    # case 29's scores as open flags on a page without a placement: the item-10 hold (b) and, in its other boxes, the
    # ambulatory hold's bracket (a) where a box holds the dose so
    episode, opened = _page(29)
    shown = [episode.flag_shown(o.flag, o.instrument, o.day).action or "" for o in opened]
    assert any(ITEM10_HOLD in s for s in shown)
    for s in shown:
        assert s.count(OLD_OPENING) == s.count(INSISTS_ON_LEAVING)
    # case 5's page: the bracket
    episode, opened = _page(5)
    shown = [episode.flag_shown(o.flag, o.instrument, o.day).action or "" for o in opened]
    assert any(INSISTS_ON_LEAVING in s for s in shown)
