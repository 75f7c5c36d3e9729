"""Physician review R6, should-fix 6: "display: the first step bold, one step per line".

The headline's words never change (they are tested word for word elsewhere): :func:`iopkit.placement.headline_steps`
only cuts it where its own punctuation does, and the placement page, the progress page's continued-stay review and
the printable summary show the pieces, the first step in bold, one ``<li>`` per step, each later sentence a paragraph.
The expected pieces below are typed by hand from the headlines' texts (as the physician-review tests type them),
never computed by the splitter.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iopkit
from iopkit.errors import PlacementInputError
from iopkit.placement import (
    EpisodeHistory,
    HeadlineStep,
    LevelOfCare,
    Placement,
    headline_steps,
    recommend,
    review,
    suggest_dimensions,
)

PLACED, OLD = dt.date(2026, 12, 2), dt.date(2026, 11, 20)
ROUTINE = {1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
HIGH = ["yes", "yes", "no", "yes", "no", "no", None]
MODERATE = ["yes", "yes", "yes", "no", "no", "no", None]
OLD_CIWA_24 = [4, 4, 4, 4, 4, 0, 0, 0, 4, 0]
CIWA_13_I1 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]

# --- a placement headline typed from physician review R7, M1 (an old severe CIWA-Ar beside a C-SSRS high) --------
LEAD = (
    "First: emergency evaluation for suicide risk, with safety precautions, staff with the patient, until it is done; "
    "if the patient declines it or tries to leave: staff stay with the patient and call emergency services for an "
    "emergency mental-health assessment (local involuntary-assessment procedure)"
)
RE_SCORE = (
    "and re-score the CIWA-Ar now (last 24 on 20 Nov 2026, severe): ask what happened since (a seizure, confusion, a "
    "hospital visit, the last drink); if still 15 or more, emergency evaluation for suicide risk and emergency medical "
    "evaluation in one setting that can manage both: arrange transfer now (ED)"
)
DOSE = "a prescriber gives a first dose before transfer if it does not delay the transfer"
REASONS = (
    "treat on the current score (high suicide risk (C-SSRS screen): dimension 3 rated 1, below the 4 it calls for; "
    "CIWA-Ar in the severe withdrawal band (CIWA-Ar of 20 Nov 2026, not re-scored today): dimension 1 rated 1, below "
    "the 3 it calls for)."
)
ALSO = (
    "Also before deciding the setting: assess withdrawal risk today (ask about past withdrawal seizures or delirium "
    "tremens; score the PAWSS); if a past seizure or delirium tremens, or a PAWSS of 4 or more: 3.7-WM unless the "
    "reason is recorded (withdrawal risk not assessed)."
)
THEN = (
    "Then, as the evaluation decides: Level 1 (Outpatient), under 9 h/week of clinical services; with 1-WM ambulatory "
    "withdrawal management without extended on-site monitoring."
)
REASSESS = "re-assess for seizures or delirium until handover"
STEPS = (LEAD, "the patient must not drive", RE_SCORE, DOSE, REASSESS, REASONS)
M1 = "; ".join(STEPS) + f" {ALSO} {THEN}"

# --- a continued-stay review headline typed from its rule (continued_stay.Review.headline) ------------------------
REVIEW_STEPS = (
    "First: a prescriber's (medical) review now (unresolved urgent withdrawal or medical flag)",
    "then, before the patient leaves, a same-day suicide risk assessment (unresolved suicide-risk flag).",
)
REVIEW_THEN = "Then: continue at Level 2.1 (Intensive outpatient)"
REVIEW = "; ".join(REVIEW_STEPS) + f" {REVIEW_THEN}"


def _texts(headline):
    return [(s.text, s.separator, s.sentence, s.first) for s in headline_steps(headline)]


def _joined(steps) -> str:
    return "".join(s.text + s.separator for s in steps)


class TestHeadlineSteps:
    def test_the_first_sentence_is_cut_into_steps_and_each_later_sentence_kept_whole(self):
        """The R7 M1 headline: six steps, the declined-evaluation branch kept with the first, then two sentences."""
        assert _texts(M1) == [
            (LEAD, "; ", 0, True),
            ("the patient must not drive", "; ", 0, False),
            (RE_SCORE, "; ", 0, False),
            (DOSE, "; ", 0, False),
            (REASSESS, "; ", 0, False),
            (REASONS, " ", 0, False),
            (ALSO, " ", 1, False),
            (THEN, "", 2, False),
        ]

    def test_the_real_headline_splits_as_the_typed_one(self):
        """What recommend() says today for R7 M1's case splits the same way: the lead with its declined branch, the
        driving step, the re-score step, then the two later sentences (the words between are the review tests')."""
        scores = [iopkit.score("ciwa_ar", OLD_CIWA_24), iopkit.score("cssrs_screen", HIGH)]
        s = suggest_dimensions(scores, scored_on={"ciwa_ar": OLD, "cssrs_screen": PLACED}, today=PLACED)
        headline = recommend({**ROUTINE, 1: 1}, suggested=s).headline
        steps = headline_steps(headline)
        assert _joined(steps) == headline
        texts = [step.text for step in steps]
        assert texts[:2] == [LEAD, "the patient must not drive"] and steps[0].first
        # R67 F1 (was: "and re-score the CIWA-Ar now (last 24 on 20 Nov 2026, severe): ask what happened")
        assert texts[2].startswith(
            "and re-score the CIWA-Ar now (last 24 on 20 Nov 2026, severe) and screen for delirium (CAM or 4AT): ask "
            "what happened"
        )
        assert texts[-2:] == [ALSO, THEN] and [step.sentence for step in steps[-2:]] == [1, 2]

    def test_a_review_headline_has_its_steps_and_its_decision(self):
        assert _texts(REVIEW) == [
            (REVIEW_STEPS[0], "; ", 0, True),
            (REVIEW_STEPS[1], " ", 0, False),
            (REVIEW_THEN, "", 1, False),
        ]

    def test_a_headline_of_one_step_is_one_first_step(self):
        assert _texts("Continue at Level 2.1 (Intensive outpatient)") == [
            ("Continue at Level 2.1 (Intensive outpatient)", "", 0, True)
        ]

    @pytest.mark.parametrize(
        ("headline", "pieces"),
        [
            # never inside brackets: the withdrawal-risk step's own "; " list stays whole
            (
                "First: assess withdrawal risk today (ask when; CIWA-Ar for current signs); treat now.",
                ["First: assess withdrawal risk today (ask when; CIWA-Ar for current signs)", "treat now."],
            ),
            # nor inside nested brackets, nor a sentence's ". " inside them
            ("First: a (b (c; d). E); f", ["First: a (b (c; d). E)", "f"]),
            # nor inside quotes; an apostrophe is no quote
            (
                "First: rate 'severe; or more' today; the patient's notes",
                ["First: rate 'severe; or more' today", "the patient's notes"],
            ),
            ('First: "a; b"; c', ['First: "a; b"', "c"]),
            ("First: “a; b”; c", ["First: “a; b”", "c"]),
            # a bracket closes a quote left open inside it
            ("First: a (item 6 at 'moderately; b); c", ["First: a (item 6 at 'moderately; b)", "c"]),
            # "if ...", "otherwise ..." and "with ..." stay with the step before them
            (
                "First: screen; if delirium: transfer; otherwise dose; re-assess",
                ["First: screen; if delirium: transfer; otherwise dose", "re-assess"],
            ),
            (
                "Recommended: Level 2.1 (Intensive outpatient); with 1-WM ambulatory withdrawal management",
                ["Recommended: Level 2.1 (Intensive outpatient); with 1-WM ambulatory withdrawal management"],
            ),
            # a word that only starts like a branch is a step: "iffy", "without", "within"
            ("First: a; without b; within c", ["First: a", "without b", "within c"]),
            # a full stop before a lower-case word or a digit ends no sentence; "; " after the first sentence cuts none
            ("First: e.g. this; Rec 3. 2 more. Then: a; b.", ["First: e.g. this", "Rec 3. 2 more.", "Then: a; b."]),
        ],
    )
    def test_cuts_only_where_the_rule_says(self, headline, pieces):
        steps = headline_steps(headline)
        assert [s.text for s in steps] == pieces
        assert _joined(steps) == headline

    def test_an_empty_headline_has_no_step(self):
        assert headline_steps("") == ()

    def test_a_headline_that_is_not_text_is_refused_naming_what_is_allowed(self):
        with pytest.raises(PlacementInputError, match=r"headline must be a str.*\(got NoneType: None\)"):
            headline_steps(None)  # type: ignore[arg-type]

    def test_a_step_is_a_frozen_value(self):
        step = headline_steps("First: a; b")[0]
        assert step == HeadlineStep("First: a", "; ", 0, True)
        with pytest.raises(AttributeError):
            step.text = "changed"  # type: ignore[misc]


# --- properties over real headlines -------------------------------------------------------------------------------

#: Answers typed in the physician-review tests (R7 and the C-SSRS, CIWA-Ar, COWS reviews), each scored today or on
#: another day.
ANSWERS = {
    "ciwa_ar": (
        OLD_CIWA_24,
        CIWA_13_I1,
        [2, 2, 2, 2, 2, 1, 0, 0, 2, 0],
        [4, 3, 3, 3, 3, 2, 0, 0, 3, 0],
        [4, 4, 4, 4, 4, 0, 0, 0, 4, 2],
        [0, 0, 0, 0, 0, 4, 0, 0, 0, 0],
    ),
    "cows": ([4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 3], [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]),
    "cssrs_screen": (HIGH, MODERATE),
    "phq9": ([1] * 8 + [1], [1] * 8 + [0]),
    "audit": ([4, 4, 4, 4, 4, 4, 0, 0, 0, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]),
}


@st.composite
def placement_headlines(draw) -> str:
    """A placement headline as the R7 tests' ``_headline`` makes one: random ratings, scores of today or another day."""
    ratings = {d: draw(st.integers(0, 4)) for d in range(1, 7)}
    scores, scored_on = [], {}
    for code, answers in ANSWERS.items():
        if draw(st.booleans()):
            scores.append(iopkit.score(code, draw(st.sampled_from(answers))))
            scored_on[code] = draw(st.sampled_from([PLACED, OLD]))
    return recommend(ratings, suggested=suggest_dimensions(scores, scored_on=scored_on, today=PLACED)).headline


@st.composite
def review_headlines(draw) -> str:
    """A continued-stay review headline: a treatment level, attendance, screens and flagged scores."""
    level = draw(st.sampled_from([LevelOfCare.OP, LevelOfCare.IOP, LevelOfCare.PHP]))
    codes = draw(st.lists(st.sampled_from(sorted(ANSWERS)), max_size=3, unique=True))
    scores = tuple((0, iopkit.score(code, draw(st.sampled_from(ANSWERS[code])))) for code in codes)
    attendance = draw(st.one_of(st.none(), st.sampled_from([0.3, 0.9, 1.0])))
    screens = tuple(draw(st.lists(st.booleans(), max_size=3)))
    return review(EpisodeHistory(level, attendance, screens, scores)).headline


def _balanced(text: str) -> bool:
    return text.count("(") == text.count(")")


@settings(max_examples=300, deadline=None)
@given(st.one_of(placement_headlines(), review_headlines()))
def test_joining_the_steps_gives_the_real_headline_back_and_no_step_is_cut_inside_brackets_or_a_branch(headline):
    steps = headline_steps(headline)
    assert _joined(steps) == headline
    assert [s.first for s in steps] == [True] + [False] * (len(steps) - 1)
    assert [s.sentence for s in steps] == sorted(s.sentence for s in steps)
    assert all(_balanced(s.text) for s in steps)  # never cut inside brackets
    later = [s.text for s in steps if s.sentence == 0][1:]
    assert not any(t.startswith(("if ", "otherwise ")) for t in later)  # a branch stays with its step
    assert [s.separator for s in steps if s.sentence == 0][:-1] == ["; "] * (len(later))
    assert all(s.text[:1].isupper() for s in steps if s.sentence > 0)  # a sentence starts with a capital


@given(st.text(alphabet="ab (); .'\"“”‘’A\n", max_size=80))
def test_joining_the_pieces_gives_any_text_back(text):
    steps = headline_steps(text)
    assert _joined(steps) == text
    assert sum(s.first for s in steps) == (1 if text else 0)


# --- the three places that show a headline ------------------------------------------------------------------------

_BOLD = re.compile(r"</?strong>")
_TAG = re.compile(r"<[^>]+>")


def _words(fragment: str) -> str:
    """The text of an HTML fragment, a line (an item, a paragraph) ended by a space, its spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", _BOLD.sub("", fragment))).split())


def _said(headline: str) -> str:
    """The headline's words as shown: a "; " between steps is kept as ";" at a line's end."""
    return " ".join(headline.split())


def _m1_recommendation():
    scores = [iopkit.score("ciwa_ar", OLD_CIWA_24), iopkit.score("cssrs_screen", HIGH)]
    s = suggest_dimensions(scores, scored_on={"ciwa_ar": OLD, "cssrs_screen": PLACED}, today=PLACED)
    return recommend(ROUTINE, suggested=s)


class TestShown:
    def test_the_placement_page_shows_the_first_step_bold_and_one_item_per_step(self):
        from iopkit.widgets.render import recommendation_html

        rec = _m1_recommendation()
        out = recommendation_html(rec)
        block = out.split('<div class="iop-headline"><div class="iop-level">')[1].split("</div></div>")[0]
        first = html.escape(
            "First: emergency evaluation for suicide risk, with safety precautions, staff with the patient, until it "
            "is done; if the patient declines it or tries to leave: staff stay with the patient and call emergency "
            "services for an emergency mental-health assessment (local involuntary-assessment procedure)"
        )
        assert block.startswith(f'<ol class="iop-steps"><li class="iop-step iop-first-step"><strong>{first}</strong>;')
        # R39 C10: the old CIWA-Ar's re-score after a dose and the going-home clause as the evaluation decides: a
        # seventh item (was: six)
        assert block.count("<li") == 7 and block.count("<strong>") == 1  # the seven steps, one bold
        assert '<li class="iop-step">the patient must not drive;</li>' in block
        assert '<p class="iop-then">Then, as the evaluation decides: ' in block
        assert "<br" not in block
        assert _words(block) == _said(rec.headline)  # every word the headline's own, in its order

    def test_the_continued_stay_review_and_the_printout_show_it_the_same_way(self, store, patient):
        from iopkit.report.patient import patient_summary_html
        from iopkit.widgets.progress import progress_app

        when = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
        store.save(patient, Placement(recommend({1: 0, 2: 1, 3: 2, 4: 1, 5: 1, 6: 1})), by="KM", when=when)
        store.save(patient, iopkit.score("cssrs_screen", MODERATE), by="KM", when=when)
        store.save(patient, iopkit.score("ciwa_ar", CIWA_13_I1), by="KM", when=when)
        expected = (
            f'<ol class="iop-steps"><li class="iop-step iop-first-step"><strong>{html.escape(REVIEW_STEPS[0])}'
            f'</strong>;</li><li class="iop-step">{html.escape(REVIEW_STEPS[1])}</li></ol>'
            f'<p class="iop-then">{REVIEW_THEN}</p>'
        )
        printed = patient_summary_html(store, patient, generated="now").split('<div class="decision">')[1]
        assert printed.startswith(expected + "</div>")
        app = progress_app(store)
        app.start()
        app.picker.choose.value = patient
        shown = app.review_view.value.split("<div class='iop-headline'>")[1]
        assert shown.startswith(expected + "</div>")
        assert _words(expected) == _said(REVIEW)

    def test_a_headline_of_one_step_is_a_bold_paragraph_not_a_list_of_one(self):
        from iopkit.markup import headline_html

        assert headline_html("Continue at Level 2.1 (Intensive outpatient)") == (
            '<p class="iop-steps iop-first-step"><strong>Continue at Level 2.1 (Intensive outpatient)</strong></p>'
        )

    @settings(max_examples=100, deadline=None)
    @given(st.one_of(placement_headlines(), review_headlines()))
    def test_every_real_headline_is_shown_word_for_word_with_one_item_per_step(self, headline):
        from iopkit.markup import headline_html

        out = headline_html(headline)
        steps = [s for s in headline_steps(headline) if s.sentence == 0]
        assert _words(out) == _said(headline)
        assert out.count("<li") == (len(steps) if len(steps) > 1 else 0)
        assert out.count("<strong>") == 1 and "<br" not in out


def test_staff_with_the_patient_until_handover_stays_with_the_transfer_it_qualifies():
    # shown alone it would read as an unconditional step; it belongs to the conditional transfer before it
    headline = (
        "First: medical review now: screen for delirium; disorientation is complicated withdrawal; if delirium: "
        "emergency evaluation: arrange transfer now (ED, or 4-WM); staff with the patient until handover; if the "
        "patient declines transfer: the prescriber assesses capacity; the patient must not drive. Then: Level 1."
    )
    texts = [s.text for s in headline_steps(headline)]
    assert texts[1] == (
        "disorientation is complicated withdrawal; if delirium: emergency evaluation: arrange transfer now (ED, or "
        "4-WM); staff with the patient until handover; if the patient declines transfer: the prescriber assesses "
        "capacity"
    )
    assert not any(t.startswith("staff with the patient until handover") for t in texts)


# the third step of case 3 of the 800 random cases (tests/random_placements.py), typed from its headline
CASE_3_HOLD = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if delirium: no dose here; call emergency services for the ED; staff with the "
    "patient until handover"
)


def test_the_call_for_the_ed_stays_with_the_hold_it_carries_out():
    # "call emergency services for the ED" after "if delirium: no dose here" is the hold's branch: shown as a step of
    # its own (90 of the 800 random cases' charts did) it read as a call to make for every patient
    from .random_placements import all_built, numbered

    texts = [s.text for s in headline_steps(numbered(3).headline) if s.sentence == 0]
    assert texts[2] == CASE_3_HOLD
    alone = [
        n
        for n, rec in all_built().items()
        for s in headline_steps(rec.headline)  # type: ignore[attr-defined]
        if s.text.startswith(("call emergency services for the ED", "staff with the patient until handover"))
    ]
    assert alone == []
