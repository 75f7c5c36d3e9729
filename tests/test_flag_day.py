"""A flag of an old assessment says its day wherever a clinician is shown it (Flag.day, Flag.said).

Physician ruling R20b (session 16), S5: a positive PHQ-9 item 9 of another day than the placement's, undated, "reads
as today's" (Kroenke et al. 2001: item 9 asks about the last 2 weeks; Posner et al. 2011: a screen is acted on as of
the day it was given). The headline already dates it ("suicidal ideation (PHQ-9 item 9 of 20 Nov 2026, not re-asked
today)", tests/test_placement_headline_review_r20b_s5.py); the flag's own box, in the placement page's list, the
open-flags lists and the patient summary, said the finding's message undated. Now the flag carries the day of the
assessment that raised it (``Flag.day``) and every list says it after the message, "(flag of 20 Nov 2026)", the house
form of an old finding's day ("of 20 Nov 2026"; iopkit's step "Re-score the COWS now (flag of 01 Sep 2026)"). The
message itself is unchanged: ``Suggestion.earlier`` and the correction rules still match flags on it.

Cases as R19's Method builds them: old = 20 Nov 2026, today = 02 Dec 2026. Every expected text is typed: the finding
from the PHQ-9 rule's words (iopkit/instruments/phq9.py, Kroenke et al. 2001 item 9), the day from the case.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import pathlib

import pytest

from iopkit import score
from iopkit.errors import InvalidValueError
from iopkit.flags import Flag
from iopkit.interop import RowFlag
from iopkit.markup import flags_html
from iopkit.placement import Placement, recommend, suggest_dimensions
from iopkit.placement.recommendation import Recommendation
from iopkit.placement.suggest import Suggestion
from iopkit.store import Store
from tests.test_placement_headline_review_r7_old_scores import recommended
from tests.test_placement_headline_review_r18_m3 import CIWA_MOD13, PHQ_I9POS
from tests.test_placement_headline_review_r20b_s5 import OLD_ALONE

OLD = dt.date(2026, 11, 20)
TODAY = dt.date(2026, 12, 2)
#: The PHQ-9 item 9 flag's own words (its rule, iopkit/instruments/phq9.py).
ITEM_9 = "Possible suicidal ideation (PHQ-9 item 9, thoughts of being better off dead or of self-harm)"
#: The same finding of 20 Nov 2026, shown on a later day.
ITEM_9_OLD = (
    "Possible suicidal ideation (PHQ-9 item 9, thoughts of being better off dead or of self-harm) (flag of 20 Nov 2026)"
)
#: A C-SSRS screener at high risk (items 1, 2 and 4 yes: Posner et al. 2011 triage).
CSSRS_HIGH = ["yes", "yes", "no", "yes", "no", "no", None]


def _box(words: str) -> str:
    """A critical flag's title in its box (iopkit.markup.flags_html), as the page escapes it."""
    return f"<strong>Act now: {html.escape(words)}</strong>"


# --- the value: typed, optional, written only when set ------------------------------------------------------------
def test_a_flag_without_a_day_is_written_exactly_as_before():
    """A stored record's flag (no "day") reads back as it was and writes the same keys: the audit hash chain hashes
    the record as stored, and a flag without a day adds nothing to it."""
    stored = {
        "code": "suicidal_ideation",
        "message": ITEM_9,
        "severity": "critical",
        "action": "Ask today",
        "source": "phq9_kroenke2001",
        "calls_for": "risk_assessment",
        "partial": False,
    }
    flag = Flag.from_dict(stored)
    assert flag.day is None and flag.said == ITEM_9
    assert flag.to_dict() == stored


def test_a_flags_day_is_written_as_an_iso_date_and_read_back():
    flag = Flag("suicidal_ideation", ITEM_9, "critical", day=OLD)
    assert flag.to_dict()["day"] == "2026-11-20"
    assert Flag.from_dict(json.loads(json.dumps(flag.to_dict()))) == flag
    assert flag.said == ITEM_9_OLD


@pytest.mark.parametrize("day", [dt.datetime(2026, 11, 20, 9, 0), "2026-11-20", 20261120])
def test_a_day_that_is_not_a_date_is_refused(day: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Flag("suicidal_ideation", ITEM_9, "critical", day=day)  # type: ignore[arg-type]
    assert caught.value.item == "Flag day"


def test_a_stored_day_that_is_not_a_date_is_refused():
    with pytest.raises(InvalidValueError) as caught:
        Flag.from_dict({"code": "a", "message": "x", "day": "20 Nov 2026"})
    assert caught.value.item == "Flag day"


def test_a_message_that_names_its_day_already_is_not_dated_twice():
    """An open flag's note ("(PHQ-9 of 20 Nov 2026, not resolved)") or the summary's "(phq9, 2026-11-20)"."""
    noted = f"{ITEM_9} (PHQ-9 of 20 Nov 2026, not resolved)"
    assert Flag("suicidal_ideation", noted, "critical", day=OLD).said == noted
    summary = f"{ITEM_9} (phq9, 2026-11-20)"
    assert Flag("suicidal_ideation", summary, "critical", day=OLD).said == summary


# --- the placement page: the flag's box ------------------------------------------------------------------------------
def test_an_old_item_9_s_box_on_the_placement_page_says_its_day():
    rec = recommended({}, old=[("phq9", PHQ_I9POS)])
    page = flags_html(rec.flags)
    assert _box(ITEM_9_OLD) in page, page
    assert rec.headline == OLD_ALONE  # the headline (R20b S5) as it was


def test_todays_item_9_s_box_stays_undated():
    page = flags_html(recommended({}, today=[("phq9", PHQ_I9POS)]).flags)
    assert _box(ITEM_9) in page, page
    assert "20 Nov" not in page and "(flag of" not in page


def test_earlier_still_matches_the_old_flag_on_its_unchanged_message():
    s = suggest_dimensions([score("phq9", PHQ_I9POS)], scored_on={"phq9": OLD}, today=TODAY)
    assert s[3].earlier == (("suicidal_ideation", ITEM_9, OLD),)
    item_9 = next(f for f in s[3].flags if f.code == "suicidal_ideation")
    assert (item_9.message, item_9.day, item_9.said) == (ITEM_9, OLD, ITEM_9_OLD)


@pytest.mark.parametrize(
    ("instrument", "answers"),
    [("phq9", PHQ_I9POS), ("cssrs_screen", CSSRS_HIGH), ("ciwa_ar", CIWA_MOD13)],
)
def test_every_flag_of_an_old_score_names_its_day_once(instrument: str, answers: list) -> None:
    """Every flag code, not only item 9: each flag of the old score shows 20 Nov 2026, once (a CIWA-Ar of another day
    names it in its own note, "(CIWA-Ar of 20 Nov 2026, not re-scored today)", and is not dated again)."""
    old = score(instrument, answers)
    assert old.flags
    rec = recommended({}, old=[(instrument, answers)])
    codes = {f.code for f in old.flags}
    shown = [f for f in rec.flags if f.code in codes]
    assert {f.code for f in shown} == codes
    for f in shown:
        assert f.said.count("20 Nov 2026") == 1, f.said
        assert f.day == OLD


# --- a recommendation saved before flags carried a day ----------------------------------------------------------------
def test_a_recommendation_saved_before_flags_carried_a_day_reads_its_day_back():
    """Its suggestions' ``earlier`` (code, message, day) dates each old flag on read-back; read back, it is the
    recommendation made now."""
    rec = recommended({}, old=[("phq9", PHQ_I9POS)])
    saved = json.loads(json.dumps(rec.to_dict()))
    for f in [*saved["flags"], *(f for s in saved["suggested"] for f in s["flags"])]:
        f.pop("day", None)  # as saved before
    back = Recommendation.from_dict(saved)
    assert _box(ITEM_9_OLD) in flags_html(back.flags)
    assert back == rec
    suggestion = Suggestion.from_dict(saved["suggested"][-1])
    assert all(f.day == OLD for f in suggestion.flags if f.code == "suicidal_ideation")


# --- the chart: summary, the placement page's older open flags, a saved decision --------------------------------------
@pytest.fixture
def chart(tmp_path: pathlib.Path) -> tuple[Store, int]:
    store = Store(tmp_path / "clinic.sqlite")
    return store, store.add_patient("IOP-0501")


def test_the_summary_dates_an_old_item_9_and_not_todays(chart: tuple[Store, int]) -> None:
    from iopkit.report.patient import patient_summary_html

    store, pid = chart
    store.save(pid, score("phq9", PHQ_I9POS), by="KM", when=OLD)
    assert _box(ITEM_9_OLD) in patient_summary_html(store, pid, generated="now", today=TODAY)
    today = patient_summary_html(store, pid, generated="now", today=OLD)
    assert _box(ITEM_9) in today and "(flag of" not in today


def test_an_older_open_item_9_on_the_placement_page_says_its_day(chart: tuple[Store, int]) -> None:
    """A PHQ-9 of 25 Nov 2026 (item 9 at 0) after the positive one of 20 Nov: the older flag, still open, is listed
    under the page's older open flags with its day."""
    from iopkit.episode import Episode

    store, pid = chart
    store.save(pid, score("phq9", PHQ_I9POS), by="KM", when=OLD)
    store.save(pid, score("phq9", [0] * 9), by="KM", when=dt.date(2026, 11, 25))
    inputs = Episode.from_store(store, pid, as_of=TODAY).placement_inputs
    assert [f.said for f in inputs.history_flags] == [ITEM_9_OLD]


def test_a_decision_saved_with_a_dated_flag_keeps_the_chain_whole_and_its_day(chart: tuple[Store, int]) -> None:
    from iopkit.episode import Episode

    store, pid = chart
    store.save(pid, score("phq9", PHQ_I9POS), by="KM", when=OLD)
    inputs = Episode.from_store(store, pid, as_of=TODAY).placement_inputs
    s = suggest_dimensions(inputs.scores, scored_on=inputs.scored_on, today=TODAY)
    store.save(pid, Placement(recommend({1: 1, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, suggested=s)), by="KM", when=TODAY)
    assert store.verify().ok
    placed = Episode.from_store(store, pid, as_of=TODAY).placement
    assert placed is not None
    assert _box(ITEM_9_OLD) in flags_html(placed.recommendation.flags)


def test_the_import_report_says_a_flags_day():
    row = RowFlag(3, None, "phq9", Flag("suicidal_ideation", ITEM_9, "critical", "Ask today", day=OLD), True)
    assert f": {ITEM_9_OLD}. Ask today" in str(row)
