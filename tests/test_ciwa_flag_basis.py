"""The CIWA-Ar complicated-withdrawal flag names the item(s) and rating(s) that raised it, then the finding, and
nothing it did not find (physician review: after naming item 7 alone, the rule's "or disorientation" read as if
disorientation had been found too); the rule in full stays where the rule is documented (its message).

Item names and anchors typed from the published CIWA-Ar (Sullivan et al. 1989): items 6-8 TACTILE, AUDITORY and
VISUAL DISTURBANCES, 4 "moderately severe hallucinations", 5 "severe hallucinations", 6 "extremely severe
hallucinations", 7 "continuous hallucinations"; item 10 ORIENTATION AND CLOUDING OF SENSORIUM, 1 "cannot do serial
additions or is uncertain about date", 2 "disoriented for date by no more than 2 calendar days", 3 "disoriented for
date by more than 2 calendar days", 4 "disoriented for place and/or person". Cut-offs (hallucinations from 4,
disorientation from 2) as before: ASAM 2020 alcohol withdrawal guideline, Table 1.
"""

from dataclasses import replace

import numpy as np
import pytest

import iopkit
from iopkit.errors import IncompleteResponseError, InstrumentDefinitionError
from iopkit.instruments import Band, FlagRule, Instrument, Item, Scheme, When
from iopkit.instruments._model import labelled
from iopkit.markup import flags_html

# The rule's own message and next step, unchanged by the naming (typed from the definition before this change):
# the rule in full, for the docs and for a blank safety question's worst case
RULE = (
    "CIWA-Ar hallucinations (item 6, 7 or 8 at 'moderately severe hallucinations' or more) or disorientation "
    "(item 10 at 2 or more: disoriented for date, place or person): complicated withdrawal, possible delirium, "
    "whatever the total"
)
ACTION = (
    "Medical review now: assess for alcohol withdrawal delirium and arrange medically managed (inpatient) "
    "withdrawal management; do not manage as ambulatory withdrawal"
)
# What the named items found (physician review: "(any total)", as the rule's "whatever the total")
FINDING = "complicated withdrawal, possible delirium (any total)"
NAMES = {6: "Tactile disturbances", 7: "Auditory disturbances", 8: "Visual disturbances"}
HALLUCINATIONS = {
    4: "Moderately severe hallucinations",
    5: "Severe hallucinations",
    6: "Extremely severe hallucinations",
    7: "Continuous hallucinations",
}
DISORIENTED = {
    2: "Disoriented for date by no more than 2 calendar days",
    3: "Disoriented for date by more than 2 calendar days",
    4: "Disoriented for place and/or person",
}


def _answers(**items):
    answers = [1, 1, 1, 1, 1, 0, 0, 0, 1, 0]  # mild signs elsewhere, no hallucinations, oriented
    for key, value in items.items():
        answers[int(key.removeprefix("i")) - 1] = value
    return answers


def _complicated(flags):
    (flag,) = (f for f in flags if f.code == "complicated_withdrawal")
    return flag


@pytest.mark.parametrize("item", [6, 7, 8])
@pytest.mark.parametrize("rating", [4, 5, 6, 7])
def test_a_hallucination_item_is_named_with_its_rating(item, rating):
    flag = _complicated(iopkit.score("ciwa_ar", _answers(**{f"i{item}": rating})).flags)
    expected = f'CIWA-Ar item {item} ({NAMES[item]}) rated {rating} of 7, "{HALLUCINATIONS[rating]}": {FINDING}'
    assert flag.message == expected
    assert flag.action == ACTION and str(flag.severity) == "critical"
    assert "disorientation" not in flag.message and flag.message.count("CIWA-Ar") == 1


@pytest.mark.parametrize("rating", [2, 3, 4])
def test_disorientation_is_named_with_its_rating(rating):
    flag = _complicated(iopkit.score("ciwa_ar", _answers(i10=rating)).flags)
    expected = (
        f'CIWA-Ar item 10 (Orientation and clouding of sensorium) rated {rating} of 4, "{DISORIENTED[rating]}": '
        f"{FINDING}"
    )
    assert flag.message == expected and flag.action == ACTION and "hallucinations" not in flag.message.lower()


def test_every_item_that_fired_is_named_in_form_order_and_none_below_its_cut_off():
    # tactile 3 ("moderate itching ...": a sensation, not a hallucination) is below the cut-off: not named
    flag = _complicated(iopkit.score("ciwa_ar", _answers(i6=3, i7=4, i8=7, i10=2)).flags)
    assert flag.message == (
        'CIWA-Ar item 7 (Auditory disturbances) rated 4 of 7, "Moderately severe hallucinations"; '
        'item 8 (Visual disturbances) rated 7 of 7, "Continuous hallucinations"; '
        'item 10 (Orientation and clouding of sensorium) rated 2 of 4, "Disoriented for date by no more than 2 '
        f'calendar days": {FINDING}'
    )


def test_inattention_alone_raises_no_complicated_withdrawal_and_its_own_flag_is_unchanged():
    s = iopkit.score("ciwa_ar", _answers(i10=1))
    assert [f.code for f in s.flags] == ["possible_inattention"]
    assert s.flags[0].message == (
        "CIWA-Ar item 10 at 1 (cannot do serial additions or uncertain about date): inattention, an early sign of "
        "delirium"
    )


def test_an_unfinished_form_names_the_answered_item_that_makes_the_flag_certain():
    with pytest.raises(IncompleteResponseError) as err:
        iopkit.score("ciwa_ar", [1, 1, 1, 1, 1, None, None, None, None, 3])
    flag = _complicated(err.value.flags)
    assert not flag.worst_case
    assert flag.message == (
        f'CIWA-Ar item 10 (Orientation and clouding of sensorium) rated 3 of 4, "{DISORIENTED[3]}": {FINDING} '
        "(certain from the answers given; the form is unfinished)"
    )
    assert flag.action.startswith(ACTION)


def test_a_blank_safety_question_names_no_answer_only_the_question_to_ask():
    with pytest.raises(IncompleteResponseError) as err:
        iopkit.score("ciwa_ar", [1, 1, 1, 1, 1, 0, 0, 0, 1, None])
    flag = _complicated(err.value.flags)
    assert flag.worst_case and flag.message.startswith(f"{RULE}: item 10 (Orientation and clouding of sensorium) is")


def test_a_cohort_names_each_rows_own_rating():
    # rows 1 and 2 differ only in item 6's rating (same gaps, bands reachable and conditions held): never one wording
    zero = dict(i1=0, i2=0, i3=0, i4=0, i5=0, i9=0, i10=np.nan)
    rows = np.array([_answers(**zero, i6=4), _answers(**zero, i6=5), _answers(**zero, i8=4)], float)
    errors = iopkit.score_many("ciwa_ar", rows)["error"]
    assert (
        f'(CIWA-Ar item 6 (Tactile disturbances) rated 4 of 7, "Moderately severe hallucinations": {FINDING}'
        in errors[0]
    )
    assert f'(CIWA-Ar item 6 (Tactile disturbances) rated 5 of 7, "Severe hallucinations": {FINDING}' in errors[1]
    assert (
        f'(CIWA-Ar item 8 (Visual disturbances) rated 4 of 7, "Moderately severe hallucinations": {FINDING}'
        in errors[2]
    )


def test_the_flag_box_shows_the_item_that_fired():
    html = flags_html(iopkit.score("ciwa_ar", _answers(i7=4)).flags)
    assert (
        "Act now: CIWA-Ar item 7 (Auditory disturbances) rated 4 of 7, &quot;Moderately severe hallucinations&quot;: "
        f"{FINDING}</strong>" in html
    )


def test_a_rule_naming_its_answers_needs_an_item_condition_and_a_finding_in_words():
    with pytest.raises(InstrumentDefinitionError, match="finding must be text"):
        FlagRule("x", "m", "warning", "a", "iopkit", (When(item=1),), finding=True)  # type: ignore[arg-type]
    with pytest.raises(InstrumentDefinitionError, match="names the answers that raise it but has no item condition"):
        Instrument(
            "toy",
            "Toy (TOY)",
            (Item(1, "Q", options=labelled({}, 3)),),
            "iopkit",
            "none",
            schemes=(Scheme("s", "iopkit", (Band(0, 3, "any"),)),),
            flags=(FlagRule("x", "m", "warning", "a", "iopkit", (When(bands=("any",)),), finding="f"),),
        )


def test_a_cohort_result_words_a_flag_from_the_same_answers_as_one_response():
    from iopkit.instruments import get
    from iopkit.scoring.engine import evaluate, flags_of

    rows = np.array([_answers(i6=4), _answers(i10=3)], float)
    cohort = evaluate(get("ciwa_ar"), rows, {"scheme": "sullivan_1989"}, cells=False)
    assert [f.message for r in (0, 1) for f in flags_of(get("ciwa_ar"), cohort, r)] == [
        f.message for r in (0, 1) for f in iopkit.score("ciwa_ar", list(rows[r].astype(int))).flags
    ]


def test_the_placement_headline_names_the_item_by_the_part_before_the_first_colon():
    # the placement headline names a finding by what precedes its message's first ": " outside brackets
    # ("below the 4-WM that <finding> calls for"): the item and its rating, never the rule's general text
    from iopkit.placement.recommendation import _finding

    flag = _complicated(iopkit.score("ciwa_ar", _answers(i7=5)).flags)
    assert _finding(flag) == 'CIWA-Ar item 7 (Auditory disturbances) rated 5 of 7, "Severe hallucinations"'


def test_the_placement_pages_note_still_reads_at_the_end_of_the_message():
    # the page ends an open flag's message with its note (iopkit.episode._noted); suggest reads its day from there
    from iopkit.placement.suggest import _NOTED, same_day_delirium

    flag = _complicated(iopkit.score("ciwa_ar", _answers(i10=2)).flags)
    noted = replace(
        flag,
        message=f"{flag.message} (CIWA-Ar of 02 Dec 2026 at 09:00, not resolved: an earlier score of the placement's "
        "day, not history)",
    )
    found = _NOTED.search(noted.message)
    assert found is not None and (found["name"], found["day"], found["at"]) == ("CIWA-Ar", "02 Dec 2026", "09:00")
    assert same_day_delirium(noted) == "possible withdrawal delirium on 02 Dec 2026 (CIWA-Ar at 09:00)"
