"""The placement page in the clinic's words, never iopkit's codes (walk24 finding 6, an IOP clinician's clinic day in
Chromium).

The finding, as the review gives it:

- (a) internal codes visible to the clinician: ``cssrs_screen``, ``suicide_risk_high``, ``dast10``, and "(value 3)".
  The ruling: users see the instrument's name as published ("C-SSRS screen", "DAST-10", "PHQ-9"), the flag's words,
  never a code. Which ids are codes is data (the instrument registry's ids and aliases, its flag rules' ids, the codes
  of the flags a case raises); the expectation "no code shown" is the ruling.
- (b) dimension 5 (relapse, continued use potential) attributed to "DAST-10 item 9", where the rule behind dimension
  5's suggestion is the DAST-10 total (6-10: substantial or severe problems, Skinner 1982's DAST-10 guide): said as
  the total and its range; item 9 (withdrawal symptoms) belongs to dimension 1, as its own suggestion says.
- (c) "not re-asked today" shown after a PHQ-9 taken the same day: the words follow the records' dates.

The sweeps read the text a clinician reads: each suggestion as the page says it (:func:`iopkit.widgets.render.
suggestion_said`), the flags (:func:`~iopkit.widgets.render.flags_html`) and the recommendation with its headline and
basis table (:func:`~iopkit.widgets.render.recommendation_html`), over the random placements of the headline sweeps,
a seeded grid of the screens that suggest dimensions 3 to 5, and every demo patient's placement page.
"""

from __future__ import annotations

import datetime as dt
import html
import random
import re

import ipywidgets as widgets
import pytest

import iopkit
from iopkit.entry import clinical_day
from iopkit.flags import Severity
from iopkit.instruments import CATALOGUE
from iopkit.placement import recommend, suggest_dimensions
from iopkit.placement.suggest import FLAG_FLOORS
from iopkit.widgets.render import flags_html, recommendation_html, suggestion_said

from .random_placements import built, cases
from .test_placement_headline_review_r7_old_scores import ROUTINE
from .test_placement_physician_cases import CSSRS_HIGH, CSSRS_LOW, CSSRS_MOD

#: Every id the registry names an instrument or a flag rule by, and the codes of the placement's own findings.
IDS = sorted(
    {i.code for i in CATALOGUE.values()}
    | {a for i in CATALOGUE.values() for a in (i.aliases or ())}
    | {r.code for i in CATALOGUE.values() for r in i.flags}
    | set(FLAG_FLOORS)
)
#: A raw number said as "(value 3)" instead of what it is (walk24 finding 6).
RAW_VALUE = r"\(value \d"
#: A banding scheme's id, as a CIWA-Ar suggestion said it ("(total 10; scheme sullivan_1989, band moderate)"): the
#: lead engineer's list after walk24 finding 6, session 22 (the scheme by its name, never its id).
SCHEME_ID = r"\bscheme |sullivan_"


def _codes(extra=()) -> re.Pattern[str]:
    ids = sorted({*IDS, *extra}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, ids)) + r")(?![\w-])|" + RAW_VALUE + "|" + SCHEME_ID)


CODES = _codes()


def _text(markup: str) -> str:
    """The words of ``markup``: no tags, no web address (a citation's link, e.g. cssrs.columbia.edu, is an address)."""
    return re.sub(r"https?://\S+", " ", html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))))


def _shown(rec) -> str:
    """What the placement page shows of ``rec``: each suggestion as said, the flags, the recommendation."""
    said = " ".join(f"Suggested {suggestion_said(s)}" for s in rec.suggested)
    return _text(f"{said} {flags_html(rec.flags)} {recommendation_html(rec)}")


def _no_code(text: str, rec, case) -> None:
    found = _codes(f.code for f in rec.flags).search(text)
    assert found is None, f"{case}: {found[0]!r} shown in ...{text[max(0, found.start() - 200) : found.end() + 100]}..."


# --- (a) the sweeps ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("chunk", range(8))
def test_no_random_placement_shows_a_code_or_a_raw_value(chunk):
    for case in cases(800)[chunk::8]:
        rec = built(case)
        _no_code(_shown(rec), rec, case)


#: The screens a grid case may give besides the headline sweeps' (random answers, seeded): DAST-10, AUDIT, GAD-7,
#: PCL-5, PHQ-9 and the C-SSRS screen, each scored today or on another day.
PLACED, OLD = dt.date(2026, 12, 2), dt.date(2026, 11, 20)


def _grid(count: int = 300, seed: int = 20261204):
    rng = random.Random(seed)
    answers = {
        "dast10": lambda: [rng.randint(0, 1) for _ in range(10)],
        "audit": lambda: [rng.randint(0, 4) for _ in range(8)] + [rng.choice((0, 2, 4)) for _ in range(2)],
        "gad7": lambda: [rng.randint(0, 3) for _ in range(7)],
        "pcl5": lambda: [rng.randint(0, 4) for _ in range(20)],
        "phq9": lambda: [rng.randint(0, 3) for _ in range(9)],
        "cssrs_screen": lambda: list(rng.choice((CSSRS_LOW, CSSRS_MOD, CSSRS_HIGH))),
    }
    out = []
    for number in range(count):
        ratings = {**ROUTINE, **{d: rng.randint(0, 4) for d in range(1, 7) if rng.random() < 0.4}}
        given = [(i, make(), rng.choice((OLD, PLACED))) for i, make in answers.items() if rng.random() < 0.5]
        readiness = rng.choice((None, rng.randint(0, 10)))
        out.append((number, ratings, given, readiness))
    return out


@pytest.mark.parametrize("chunk", range(3))
def test_no_screen_grid_placement_shows_a_code_or_a_raw_value(chunk):
    for number, ratings, given, readiness in _grid()[chunk::3]:
        scores = [iopkit.score(i, a, **({"sex": "male"} if i == "audit" else {})) for i, a, _ in given]
        suggested = suggest_dimensions(
            scores, scored_on={i: on for i, _, on in given}, today=PLACED, readiness=readiness
        )
        rec = recommend(ratings, suggested=suggested)
        _no_code(_shown(rec), rec, f"grid case {number}: {ratings}, {[(i, a, f'{on}') for i, a, on in given]}")


def _page_text(page) -> str:
    """Every text a page shows: its HTML widgets, and its widgets' labels and options."""
    out, todo = [], [page]
    while todo:
        w = todo.pop()
        if isinstance(w, widgets.HTML):
            out.append(_text(w.value))
        for name in ("description", "placeholder"):
            out.append(str(getattr(w, name, "") or ""))
        out.extend(str(label) for label in getattr(w, "_options_labels", ()) or ())
        todo.extend(getattr(w, "children", ()) or ())
    return " ".join(out)


def test_no_demo_patient_s_placement_page_shows_a_code(tmp_path):
    from iopkit.demo import build_demo_db
    from iopkit.store import Store
    from iopkit.widgets import placement_app

    with Store(build_demo_db(tmp_path / "demo.sqlite", programme=False)) as store:
        page = placement_app(store)
        page.start()
        for patient in store.patients():
            page.picker.select(patient.id)
            as_suggested = _page_text(page)
            assert page.recommendation is not None, patient.pseudonym  # every dimension suggested or rated
            _no_code(as_suggested, page.recommendation, patient.pseudonym)
            for rating in page.ratings.values():  # each rated 0: every rating-below flag the scores can raise
                rating.value = 0
            _no_code(_page_text(page), page.recommendation, f"{patient.pseudonym}, every dimension rated 0")


# --- (a) and (b): named cases, the words typed ------------------------------------------------------------------------
#: DAST-10 items 1, 2, 4, 5 and 9 "yes", item 3 "no" (reverse-keyed, 1 point): total 6, Skinner 1982's guide 6-8
#: "substantial"; item 9 "Had withdrawal symptoms when you stopped taking drugs".
DAST_6_ITEM9 = [1, 1, 0, 1, 1, 0, 0, 0, 1, 0]


def _below(rec, dimension):
    return next(f for f in rec.flags if f.code == f"rated_below_suggestion_d{dimension}")


def test_a_c_ssrs_high_risk_rated_below_names_the_screen_and_the_finding_never_their_codes():
    high = iopkit.score("cssrs_screen", CSSRS_HIGH)
    rec = recommend({**ROUTINE, 3: 2}, suggested=suggest_dimensions([high], today=PLACED))
    assert _below(rec, 3).message == (
        "Dimension 3 rated 2; scores suggest 4 (C-SSRS screen: C-SSRS screen high risk: immediate safety action, "
        "same-day emergency evaluation): below the 4 that a C-SSRS screen high risk calls for (critical)"
    )
    said = next(suggestion_said(s) for s in rec.suggested if s.dimension == 3)
    assert said == (
        "4 from C-SSRS screen: C-SSRS screen high risk: immediate safety action, same-day emergency evaluation"
    )


def test_dimension_5_below_the_dast10_total_is_said_as_the_total_never_as_item_9():
    dast = iopkit.score("dast10", DAST_6_ITEM9)
    rec = recommend({**ROUTINE, 1: 0, 5: 1}, suggested=suggest_dimensions([dast], today=PLACED))
    below5 = _below(rec, 5)
    assert below5.message == (
        "Dimension 5 rated 1; scores suggest 2 (DAST-10: DAST-10 6-10: substantial or severe problems, intensive "
        "assessment (total 6))"
    )
    assert below5.severity is Severity.WARNING and "item 9" not in below5.action
    assert "dimension 5" not in rec.headline  # no withdrawal sign is below dimension 5's rating
    # item 9 is dimension 1's: its rating below the sign's suggestion names the sign
    assert _below(rec, 1).message.startswith("Dimension 1 rated 0; scores suggest 1 (DAST-10: withdrawal potential")
    assert _below(rec, 1).message.endswith(
        "below what a DAST-10 item 9, withdrawal symptoms when stopping drugs calls for"
    )
    assert "DAST-10 item 9, withdrawal symptoms when stopping drugs: dimension 1 rated 0, below the 1 it calls for" in (
        rec.headline
    )


def test_a_total_is_said_as_a_total_and_the_readiness_ruler_as_its_value():
    phq = iopkit.score("phq9", [2, 2, 2, 2, 2, 2, 2, 2, 1])  # 17
    s = suggest_dimensions([phq], today=PLACED, readiness=5)
    assert suggestion_said(s[3]).startswith("2 from PHQ-9: PHQ-9 10 or more: moderate or worse depression (total 17)")
    assert suggestion_said(s[4]) == "2 from readiness: readiness ruler 4-6 (ruler at 5)"


# --- (c) the words follow the records' dates --------------------------------------------------------------------------
PHQ_ITEM9_AT_1 = [2, 2, 2, 2, 1, 2, 1, 1, 1]  # total 14, item 9 "Several days"


def _placement_page(store, pid):
    from iopkit.widgets import placement_app

    page = placement_app(store)
    page.start()
    page.picker.select(pid)
    for d, r in {**ROUTINE, 3: 1}.items():  # dimension 3 rated below the 2 a positive item 9 calls for
        page.ratings[d].value = r
    return _page_text(page)


@pytest.mark.parametrize("item9_today", [0, 1])
def test_a_phq9_of_today_is_never_said_not_re_asked_today(store, item9_today):
    today = clinical_day()
    earlier = today - dt.timedelta(days=4)
    pid = store.add_patient("WALK24-6C")
    store.save(pid, iopkit.score("phq9", PHQ_ITEM9_AT_1), by="KM", when=earlier)
    store.save(pid, iopkit.score("phq9", [*PHQ_ITEM9_AT_1[:8], item9_today]), by="KM", when=today)
    shown = _placement_page(store, pid)
    assert "not re-asked today" not in shown, shown
    # the open flag of the earlier PHQ-9 by the day its note names
    assert f"suicidal ideation on PHQ-9 item 9 (PHQ-9 of {earlier:%d %b %Y}, not resolved)" in shown, shown


def test_a_phq9_of_another_day_not_asked_since_is_said_not_re_asked_today(store):
    earlier = clinical_day() - dt.timedelta(days=4)
    pid = store.add_patient("WALK24-6C")
    store.save(pid, iopkit.score("phq9", PHQ_ITEM9_AT_1), by="KM", when=earlier)
    shown = _placement_page(store, pid)
    assert f"suicidal ideation (PHQ-9 item 9 of {earlier:%d %b %Y}, not re-asked today)" in shown, shown


# --- (a) by the same helpers, the other pages ------------------------------------------------------------------------
def test_a_score_s_answers_are_said_in_the_form_s_words_never_as_bare_values():
    from iopkit.widgets.render import score_html

    # PHQ-9 answer labels as published (Kroenke et al. 2001): 0 Not at all, 1 Several days, 2 More than half the days,
    # 3 Nearly every day
    shown = _text(score_html(iopkit.score("phq9", [1, 2, 3, 0, 0, 0, 0, 0, 2]), "PHQ-9"))
    assert (
        "Answers that drove it: item 1 = Several days (1), item 2 = More than half the days (2), item 3 = Nearly every "
        "day (3), item 9 = More than half the days (2)"
    ) in shown, shown
    assert "item 9 = More than half the days (2)" in shown and "item 9 = 2," not in shown, shown


def test_a_suggestion_saved_with_its_code_is_shown_by_the_instrument_s_name():
    import dataclasses

    dast = iopkit.score("dast10", DAST_6_ITEM9)
    rec = recommend({**ROUTINE, 5: 1}, suggested=suggest_dimensions([dast], today=PLACED))
    old = next(b for b in rec.basis if b.dimension == 5)
    saved = dataclasses.replace(old, suggested_from=old.suggested_from.replace("DAST-10: ", "dast10: ", 1))
    # as read back without the suggestion beside it: its saved words, the source by its name
    shown = _text(recommendation_html(dataclasses.replace(rec, suggested=(), basis=(saved,))))
    assert "2 (DAST-10: DAST-10 6-10: substantial or severe problems, intensive assessment (total 6))" in shown
    assert not CODES.search(shown), shown


# --- the CIWA-Ar's banding scheme by its name, read back as data (session 22) -----------------------------------------
#: CIWA-Ar items 1-5 at 2: total 10, moderate on iopkit's default bands (8-14; ASAM 2020: 10-18 moderate).
CIWA_10 = [2, 2, 2, 2, 2, 0, 0, 0, 0, 0]
#: Items 1-4 at 4: total 16, severe on iopkit's default bands (15 or more), moderate on ASAM 2020's (10-18).
CIWA_16 = [4, 4, 4, 4, 0, 0, 0, 0, 0, 0]


def test_a_ciwa_ar_suggestion_says_its_total_and_band_by_the_scheme_s_name():
    from iopkit.placement.suggest import Banded

    (ciwa,) = suggest_dimensions([iopkit.score("ciwa_ar", CIWA_10)], today=PLACED).values()
    # before: "... (total 10; scheme sullivan_1989, band moderate)"
    assert "(total 10: moderate on iopkit's default bands)" in ciwa.reason, ciwa.reason
    assert ciwa.banded == Banded(10, "sullivan_1989", "moderate")  # the id kept as data, for the headline
    asam = suggest_dimensions([iopkit.score("ciwa_ar", CIWA_16, scheme="asam_2020")], today=PLACED)[1]
    assert "(total 16: moderate on ASAM 2020's bands)" in asam.reason, asam.reason
    assert asam.banded == Banded(16, "asam_2020", "moderate")
    said = _text(suggestion_said(ciwa))
    assert not CODES.search(said), said


def test_the_headline_names_a_severe_band_with_its_scheme_read_from_data():
    suggested = suggest_dimensions([iopkit.score("ciwa_ar", CIWA_16)], today=PLACED)
    headline = recommend({**ROUTINE, 1: 2}, suggested=suggested).headline
    # the physician review's words for a total severe on one scheme only (severe_band_words), unchanged
    assert (
        "CIWA-Ar 16 today: severe on iopkit's default bands (15 or more), moderate on ASAM 2020's (10-18)" in headline
    ), headline


def test_a_suggestion_saved_with_the_scheme_s_id_reads_back_in_words_and_as_data():
    from iopkit.placement.suggest import Banded, Suggestion

    made = suggest_dimensions([iopkit.score("ciwa_ar", CIWA_16)], today=PLACED)[1]
    saved = {k: v for k, v in made.to_dict().items() if k != "banded"}
    saved["reason"] = saved["reason"].replace(
        "(total 16: severe on iopkit's default bands)", "(total 16; scheme sullivan_1989, band severe)"
    )
    assert "scheme sullivan_1989" in saved["reason"]  # as saved before session 22
    back = Suggestion.from_dict(saved)
    assert "(total 16: severe on iopkit's default bands)" in back.reason, back.reason
    assert back.banded == Banded(16, "sullivan_1989", "severe")
    assert Suggestion.from_dict(made.to_dict()) == made
    headline = recommend({**ROUTINE, 1: 2}, suggested={1: back}).headline
    assert (
        "CIWA-Ar 16 today: severe on iopkit's default bands (15 or more), moderate on ASAM 2020's (10-18)" in headline
    )
