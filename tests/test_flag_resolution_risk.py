"""Closing a saved score's suicide-risk flag records the overall risk level beside what was done.

The Joint Commission's NPSG 15.01.01 (EP 5-6) asks, after a positive suicide screen, for an evidence-based risk
assessment with the overall level of risk and the plan to mitigate it documented; the levels are the Columbia
(C-SSRS) screener triage levels: low, moderate, high (typed here from those sources, never read from the code).
A resolution stored before iopkit asked for the level (no ``risk_level`` in its payload) still reads, still
covers its flag, writes back exactly what was stored, and is shown as recorded without a level.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
import time

import pytest

import iopkit
from iopkit.errors import PlacementInputError
from iopkit.flags import RiskLevel
from iopkit.instruments import CATALOGUE
from iopkit.placement import FlagResolution, LevelOfCare, Placement, recommend
from iopkit.placement.continued_stay import EpisodeHistory, review
from iopkit.placement.resolution import follow_corrections, needs_risk_level

from .conftest import emergency_evaluation, raw_record

DAY = dt.date(2026, 3, 2)
TODAY = dt.date.today()
#: Columbia (C-SSRS) screener triage: the three levels of overall risk (cssrs_screener_triage).
LEVELS = ("low", "moderate", "high")
#: The suicide-risk flags of iopkit's instruments, by the item that raises them: PHQ-9 item 9 (Kroenke et al.
#: 2001), PCL-5 item 16 (Weathers et al. 2013: risky or harmful behaviour; the PCL-5 has no formal safety item, so
#: reading it as a suicide-risk flag is iopkit's own rule), the C-SSRS screener's three triage levels.
SUICIDE_RISK = {
    ("phq9", "suicidal_ideation"),
    ("pcl5", "possible_self_harm"),
    ("cssrs_screen", "suicide_risk_low"),
    ("cssrs_screen", "suicide_risk_moderate"),
    ("cssrs_screen", "suicide_risk_high"),
}
PHQ9_ITEM9 = [1, 1, 2, 1, 0, 1, 2, 1, 1]  # total 10 by hand; item 9 = 1 raises the suicide-risk flag
CIWA_HALLUCINATIONS = [0, 0, 0, 0, 0, 4, 0, 0, 0, 0]  # item 6 tactile disturbances at 4: complicated withdrawal
#: A resolution as the version before the risk level saved it (its ``to_dict``: no ``risk_level``).
OLD = {
    "flag_code": "suicidal_ideation",
    "instrument": "phq9",
    "week": 0,
    "action": "C-SSRS full assessment: low risk; safety plan agreed",
    "by": "A. Rivera, LCSW",
    "on": "2026-03-02",
    "record": "",
}


def resolution(code="suicidal_ideation", instrument="phq9", **more):
    return FlagResolution(code, instrument, 0, "C-SSRS full assessment; safety plan agreed", "A. Rivera", DAY, **more)


# --- the library -------------------------------------------------------------------------------------------------


def test_the_suicide_risk_flags_are_those_of_the_items_that_ask_about_suicide_or_self_harm():
    every = {(code, rule.code) for code, inst in CATALOGUE.items() for rule in inst.flags}
    assert SUICIDE_RISK <= every
    assert {pair for pair in every if needs_risk_level(*pair)} == SUICIDE_RISK


@pytest.mark.parametrize("instrument, code", sorted(SUICIDE_RISK))
def test_a_suicide_risk_flag_is_not_closed_without_the_overall_risk_level(instrument, code):
    # walk24 finding 1: the C-SSRS high-risk flag also records its emergency evaluation; with it, the level alone is
    # missing and named, in the clinic's words (tests/test_emergency_evaluation_closing.py: all named at once)
    with pytest.raises(PlacementInputError) as refused:
        resolution(code, instrument, **emergency_evaluation(instrument, code, DAY))
    error = refused.value
    assert (error.item, error.value, tuple(error.allowed)) == ("risk_level", None, LEVELS)
    if code == "suicide_risk_high":
        assert "Missing: the overall risk level it found (low, moderate or high)." in str(error)
    else:
        assert code in str(error) and "low, moderate, high" in str(error) and instrument in str(error)


@pytest.mark.parametrize("level", LEVELS)
def test_each_triage_level_is_recorded_beside_what_was_done(level):
    done = resolution(risk_level=level)
    assert done.risk_level == level and done.risk_level is RiskLevel(level)
    assert done.what_was_done == f"overall risk {level}; C-SSRS full assessment; safety plan agreed"
    assert done.to_dict()["risk_level"] == level


@pytest.mark.parametrize("bad", ["severe", "Low ", "", 2, True, ["low"]])
def test_a_level_that_is_not_low_moderate_or_high_is_refused_naming_the_item(bad):
    with pytest.raises(PlacementInputError, match="risk_level .* is one of low, moderate, high") as refused:
        resolution(risk_level=bad)
    assert (refused.value.item, tuple(refused.value.allowed)) == ("risk_level", LEVELS)


def test_a_withdrawal_flag_takes_a_level_or_none():
    plain = resolution("complicated_withdrawal", "ciwa_ar")
    assert plain.risk_level is None and plain.what_was_done == plain.action and "risk_level" not in plain.to_dict()
    assert resolution("complicated_withdrawal", "ciwa_ar", risk_level="low").risk_level == "low"


def test_one_name_for_the_risk_level():
    from iopkit.checkin import RiskLevel as FromCheckin

    assert FromCheckin is RiskLevel and [r.value for r in RiskLevel] == list(LEVELS)
    assert resolution(risk_level=RiskLevel.HIGH).risk_level is RiskLevel.HIGH


@pytest.mark.parametrize(
    "made",
    [
        resolution(risk_level="moderate"),
        resolution(
            "suicide_risk_high",
            "cssrs_screen",
            risk_level="high",
            **emergency_evaluation("cssrs_screen", "suicide_risk_high", DAY),
        ),
        FlagResolution("suicidal_ideation", "phq9", 4.5, "assessed", "Dr B", DAY, record="12", risk_level="low"),
        resolution("severe_alcohol_withdrawal", "ciwa_ar"),
    ],
)
def test_to_dict_and_from_dict_round_trip_through_json(made):
    assert FlagResolution.from_dict(json.loads(json.dumps(made.to_dict()))) == made


def test_an_old_resolution_reads_and_writes_back_exactly_what_was_stored():
    old = FlagResolution.from_stored(OLD)
    assert (old.risk_level, old.level_not_asked) == (None, True)
    assert old.to_dict() == OLD  # nothing added: the store's re-read finds no difference
    assert FlagResolution.from_stored(old.to_dict()) == old
    assert "overall risk level not recorded" in old.what_was_done and old.action in old.what_was_done
    # what from_stored works out is never taken from the payload
    assert FlagResolution.from_stored({**OLD, "risk_level": "low", "level_not_asked": True}).level_not_asked is False
    levelled = {**OLD, "risk_level": "low"}
    assert FlagResolution.from_stored(levelled) == FlagResolution.from_dict(levelled)
    plain = {**OLD, "flag_code": "complicated_withdrawal", "instrument": "ciwa_ar"}
    assert FlagResolution.from_stored(plain).level_not_asked is False  # a flag that needs no level


def test_a_caller_cannot_make_a_suicide_risk_resolution_without_a_level():
    """The review shows a resolution without a level as entered before iopkit asked for it: never a new one."""
    with pytest.raises(TypeError, match="level_not_asked"):
        resolution(level_not_asked=True)
    with pytest.raises(PlacementInputError, match="risk_level") as refused:
        FlagResolution.from_dict(OLD)  # a dict without a level is a new resolution without one
    assert refused.value.item == "risk_level"
    with pytest.raises(PlacementInputError, match="risk_level"):
        FlagResolution.from_dict({**OLD, "level_not_asked": True})  # never taken from a dict
    done = resolution(risk_level="low")
    with pytest.raises(PlacementInputError, match="risk_level"):
        dataclasses.replace(done, risk_level=None)


def test_the_store_never_saves_a_suicide_risk_resolution_without_a_level(store, patient):
    old = FlagResolution.from_stored(OLD)  # as the store reads an old one back
    with pytest.raises(PlacementInputError, match="risk_level"):
        store.save(patient, old, by="KM", when=DAY)
    with pytest.raises(PlacementInputError, match="risk_level"):
        store.save(patient, old.keyed_to("7"), by="KM", when=DAY)
    assert store.latest(patient, "flag_resolution") is None


def test_the_review_shows_the_level_beside_the_action_and_an_old_resolution_still_covers_its_flag():
    flagged = iopkit.score("phq9", PHQ9_ITEM9)
    for done, said in (
        (resolution(risk_level="moderate"), "overall risk moderate; C-SSRS full assessment; safety plan agreed"),
        (FlagResolution.from_stored(OLD), "(overall risk level not recorded: entered before iopkit asked for it)"),
    ):
        r = review(EpisodeHistory(LevelOfCare.IOP, 0.9, scores=((0, flagged),), resolutions=(done,)))
        (finding,) = [x.finding for x in r.findings if x.code == "flag_resolved"]
        assert said in finding and "A. Rivera" in finding
        assert "risk_assessment_due" not in {f.code for f in r.flags}


# --- stored payloads ---------------------------------------------------------------------------------------------


def _save_as_before(store, pid: int, payload: dict, day: dt.date) -> int:
    """A flag resolution written with plain SQL as the version before the risk level saved it."""
    return raw_record(
        store,
        pid,
        "flag_resolution",
        json.dumps(payload, sort_keys=True, separators=(",", ":")),
        taken_at=day.isoformat(),
        saved_at=f"{day.isoformat()}T12:00:00+00:00",
        saved_by="KM",
    )


def test_an_old_stored_resolution_reads_without_a_warning_and_still_closes_its_flag(store, patient):
    from iopkit.episode import Episode

    when = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    flagged = store.save(patient, iopkit.score("phq9", PHQ9_ITEM9), by="KM", when=when)
    rid = _save_as_before(store, patient, {**OLD, "record": str(flagged)}, DAY)
    record = store.record(rid)
    assert (record.warnings, record.item.level_not_asked, record.item.record) == ((), True, str(flagged))
    (read,) = store.snapshot().history(patient, "flag_resolution")  # the caseload's bulk reading too
    assert (read.warnings, read.item) == ((), record.item)
    assert Episode.from_store(store, patient, as_of=DAY).open_flags == ()
    # a correction of the flagged score (same flag) carries the old resolution over, unlevelled as it was
    again = store.save(
        patient, iopkit.score("phq9", PHQ9_ITEM9), by="KM", when=when, amends=flagged, reason="item 2 mis-keyed"
    )
    episode = Episode.from_store(store, patient, as_of=DAY)
    assert episode.open_flags == ()
    (moved,) = follow_corrections(episode.resolutions, store.history(patient, "assessment"))
    assert (moved.record, moved.level_not_asked, moved.risk_level) == (str(again), True, None)


def test_an_old_stored_resolution_whose_action_is_not_in_words_still_reads(store, patient):
    rid = _save_as_before(store, patient, {**OLD, "action": "-"}, DAY)
    record = store.record(rid)
    assert (record.warnings, record.item.action, record.item.level_not_asked) == ((), "-", True)
    with pytest.raises(PlacementInputError, match="at least 3 letters"):
        FlagResolution.from_dict({**OLD, "action": "-", "risk_level": "low"})  # a new one is refused
    with pytest.raises(PlacementInputError, match="at least 3 letters"):
        store.save(patient, FlagResolution.from_stored({**OLD, "action": "-", "risk_level": "low"}), by="KM")


def test_a_new_resolution_is_stored_with_its_level(store, patient):
    rid = store.save(patient, resolution(risk_level="high"), by="KM", when=DAY)
    record = store.record(rid)
    assert (record.item.risk_level, record.warnings) == ("high", ())
    (payload,) = sqlite3.connect(store.path).execute("SELECT payload FROM records WHERE id = ?", (rid,)).fetchone()
    assert json.loads(payload)["risk_level"] == "high" and "level_not_asked" not in json.loads(payload)


# --- the progress page -------------------------------------------------------------------------------------------


def _progress(store, patient):
    from iopkit.widgets import progress_app

    app = progress_app(store)
    app.start()
    app.picker.select(patient)
    app.picker.clinician.value = "KM"
    return app


def test_the_page_asks_the_level_for_a_suicide_risk_flag_and_shows_the_library_s_refusal(store, patient):
    store.save(patient, iopkit.score("phq9", PHQ9_ITEM9), by="KM", when=TODAY)
    rec = recommend({1: 0, 2: 0, 3: 2, 4: 2, 5: 3, 6: 2})
    store.save(patient, Placement(rec, LevelOfCare.IOP, "clinical judgement"), by="KM", when=TODAY)
    page = _progress(store, patient)
    entry = page.resolve
    entry.flag.value = 0
    assert entry.risk_level.layout.display != "none"
    assert [v for _, v in entry.risk_level.options] == ["", *LEVELS]
    entry.action.value = "C-SSRS full assessment; safety plan agreed"
    entry.who.value = "A. Rivera, LCSW"
    entry.save.click()  # no level chosen: the library refuses, the page says why, nothing is saved
    assert "iop-status-error" in page.status.value and "risk_level" in page.status.value
    assert store.latest(patient, "flag_resolution") is None and "iop-open-flags" in page.chart_header.value
    entry.risk_level.value = "moderate"
    entry.save.click()
    saved = store.latest(patient, "flag_resolution").item
    assert (saved.risk_level, saved.by) == ("moderate", "A. Rivera, LCSW")
    assert "overall risk moderate" in entry.saved.value and "iop-open-flags" not in page.chart_header.value
    # the review on the page says it beside what was done
    assert "overall risk moderate; C-SSRS full assessment; safety plan agreed" in page.review_view.value
    assert entry.risk_level.layout.display == "none" and entry.risk_level.value == ""


def test_the_page_does_not_ask_the_level_for_a_withdrawal_flag(store, patient):
    store.save(patient, iopkit.score("ciwa_ar", CIWA_HALLUCINATIONS), by="KM", when=TODAY)
    page = _progress(store, patient)
    entry = page.resolve
    (choice,) = [v for _, v in entry.flag.options]
    entry.flag.value = choice
    assert entry.risk_level.layout.display == "none"
    entry.action.value = "Prescriber review: admitted to medically managed withdrawal"
    entry.who.value = "Dr B"
    entry.save.click()
    saved = store.latest(patient, "flag_resolution").item
    assert (saved.flag_code, saved.risk_level) == ("complicated_withdrawal", None)


def test_the_level_and_what_was_done_never_carry_over_to_another_flag_or_patient(store, patient):
    """Patient A's level and plan are never left on the form for patient B's flag, nor for A's other flag."""
    other = store.add_patient("IOP-0043")
    for who in (patient, other):
        store.save(who, iopkit.score("phq9", PHQ9_ITEM9), by="KM", when=TODAY)
    store.save(patient, iopkit.score("phq9", PHQ9_ITEM9), by="KM", when=TODAY - dt.timedelta(days=7))
    page = _progress(store, patient)
    entry = page.resolve
    assert len(entry.flag.options) == 2  # A's two item-9 flags
    entry.flag.value = 0
    entry.risk_level.value, entry.action.value = "high", "Patient A: C-SSRS high, ED transfer"
    entry.flag.value = 1  # A's other suicide-risk flag
    assert (entry.risk_level.value, entry.action.value, entry.triage.value) == ("", "", "")
    assert entry.risk_level.layout.display != "none"
    entry.risk_level.value, entry.action.value = "high", "Patient A: C-SSRS high, ED transfer"
    page.picker.select(other)  # patient B's PHQ-9 flag
    assert [v for _, v in entry.flag.options] == [0] and entry.risk_level.layout.display != "none"
    assert (entry.risk_level.value, entry.action.value, entry.triage.value) == ("", "", "")
    entry.who.value = "A. Rivera, LCSW"
    entry.save.click()  # nothing of A's is saved for B: the library refuses the empty form
    assert store.latest(other, "flag_resolution") is None and "iop-status-error" in page.status.value


def test_a_confirmation_is_not_left_on_screen_for_the_next_patient(store, patient):
    other = store.add_patient("IOP-0043")
    store.save(patient, iopkit.score("phq9", PHQ9_ITEM9), by="KM", when=TODAY)
    page = _progress(store, patient)
    entry = page.resolve
    entry.flag.value = 0
    entry.risk_level.value, entry.action.value = "high", "Patient A: C-SSRS high, ED transfer"
    entry.who.value = "A. Rivera, LCSW"
    entry.save.click()
    assert "Patient A: C-SSRS high, ED transfer" in entry.saved.value
    page.picker.select(other)
    assert entry.saved.value == ""


def test_choosing_high_shows_the_c_ssrs_triage_reminder_as_the_check_in_review_does(store, patient):
    store.save(patient, iopkit.score("phq9", PHQ9_ITEM9), by="KM", when=TODAY)
    entry = _progress(store, patient).resolve
    entry.flag.value = 0
    assert entry.triage.value == ""
    entry.risk_level.value = "high"
    # Columbia's screener triage: high risk calls for safety precautions and an immediate emergency evaluation
    assert (
        "C-SSRS screener triage, high risk: Safety precautions now: do not leave the patient alone; arrange an "
        "immediate emergency mental-health evaluation, which decides any hospitalisation"
    ) in entry.triage.value
    assert "Columbia C-SSRS Screener with triage" in entry.triage.value
    for other in ("moderate", "low", ""):
        entry.risk_level.value = other
        assert entry.triage.value == ""


@pytest.mark.parametrize("said", [".", "-", "ok", " - . ", "12345"])
def test_what_was_done_is_said_in_words_as_the_check_in_review_asks(said):
    from iopkit.checkin import ACTION_LETTERS as FromCheckin
    from iopkit.flags import ACTION_LETTERS

    assert FromCheckin is ACTION_LETTERS == 3  # one rule for both (iopkit's own)
    with pytest.raises(PlacementInputError, match="at least 3 letters") as refused:
        FlagResolution("suicidal_ideation", "phq9", 0, said, "A. Rivera", DAY, risk_level="low")
    assert (refused.value.item, refused.value.value) == ("action", said.strip())
    # the refusal says what words look like (finding 5)
    assert "'called 988 with patient'" in str(refused.value)
    assert "e.g. 'C-SSRS low; safety plan reviewed; 988 given; next contact Thu'" in str(refused.value)
    assert resolution("complicated_withdrawal", "ciwa_ar").action  # words pass


#: Placeholders that say nothing was done or decided (the review's list: case, spaces and punctuation ignored).
PLACEHOLDERS = ["nil", "tbd", "n/a", "N/A", "none", "None.", "todo", "To do", "xxx", "XXXX", "???", " T.B.D. ", "null"]
#: The reviewer's further placeholders (finding 5), typed from the finding: refused as the whole text.
MORE_PLACEHOLDERS = [
    "none needed",
    "no action",
    "nothing done",
    "not applicable",
    "n/a n/a",
    "done",
    "reviewed",
    "seen",
    "noted",
    "see note",
    "as above",
    "okay",
    "ok",
    "nan",
    "unk",
    "tbc",
    "nada",
    "test",
    "asdf",
    "Done.",
    "See note",
    "N/A N/A",
    # the re-review's finding 8, typed from the finding
    "see chart",
    "see above",
    "per note",
    "as per plan",
    "no action needed",
    "none required",
    "not needed",
    "nothing to add",
    "completed",
    "addressed",
    "handled",
    "acknowledged",
    "ack",
    "yes",
    "fine",
    "safe",
    "idk",
    "Completed.",
    "See chart",
]
#: Real short actions: what was done, in a few words (the last four from the reviewer's finding 5).
SHORT_ACTIONS = [
    "called 988 with patient",
    "safety plan",
    "ED transfer",
    "C-SSRS done",
    "seen by MD",
    "NA: patient in ED",
    "Pending ED eval",
    "safety plan reviewed",
    "denies SI",  # the re-review's finding 8: left accepted
    "pt safe",
]


@pytest.mark.parametrize("said", PLACEHOLDERS + MORE_PLACEHOLDERS)
def test_a_placeholder_is_not_what_was_done_for_a_resolution_nor_a_check_in_review(said, store, patient, tmp_path):
    from iopkit.checkin import CheckinBook, CheckinRefused
    from iopkit.flags import says_what_was_done

    assert not says_what_was_done(said)
    with pytest.raises(PlacementInputError, match="not a placeholder") as refused:
        FlagResolution("suicidal_ideation", "phq9", 0, said, "A. Rivera", DAY, risk_level="low")
    assert (refused.value.item, refused.value.value) == ("action", said.strip())
    assert "'n/a', 'none', 'nil', 'tbd', 'todo', 'xxx' or '???'" in refused.value.allowed
    now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with CheckinBook(tmp_path / "c.sqlite") as book:
        checkin = book.redeem(book.start(store, patient, ["phq9"], by="KM", now=now).code, now=now).checkin.id
        book.answer(checkin, "phq9", 9, 1, now=now)
        book.cancel(checkin, now=now)
        with pytest.raises(CheckinRefused, match="not a placeholder") as refused:
            book.review(checkin, "KM", now=now, risk_level="low", action=said)
        assert refused.value.item == "action" and book.get(checkin).reviewed_at is None


@pytest.mark.parametrize("said", SHORT_ACTIONS)
def test_a_real_short_action_is_what_was_done(said):
    from iopkit.flags import says_what_was_done

    assert says_what_was_done(said)
    assert FlagResolution("suicidal_ideation", "phq9", 0, said, "A. Rivera", DAY, risk_level="low").action == said


def test_an_old_stored_resolution_with_a_placeholder_still_reads_as_saved(store, patient):
    for said in ("n/a", "none", "-"):  # saved before the rule: read as saved (a decision for later, not here)
        rid = _save_as_before(store, patient, {**OLD, "action": said, "risk_level": "low"}, DAY)
        assert store.record(rid).item.action == said


def test_the_form_puts_the_day_back_to_today_for_the_next_patient(tmp_path):
    """A day set back for one patient is never the day of the next patient's resolution (wrong-record risk)."""
    import datetime as dt

    from iopkit.store import Store
    from iopkit.widgets.progress import progress_app

    store = Store(tmp_path / "clinic.sqlite")
    a, b = store.add_patient("RES-A"), store.add_patient("RES-B")
    page = progress_app(store=store)
    page.start()
    page.picker.select(a)
    page.resolve.on.value = dt.date.today() - dt.timedelta(days=5)
    page.picker.select(b)
    assert page.resolve.on.value == dt.date.today()


def test_a_flag_is_closed_once_in_the_store_and_the_first_closing_is_amended_not_doubled(store, patient):
    # changed with the reviewer's finding 1: a higher level is no longer refused (it is a re-assessment, below);
    # the same or a lower level still is
    from iopkit.episode import Episode
    from iopkit.errors import FlagAlreadyClosedError, StoreError

    week0 = store.save(patient, iopkit.score("phq9", PHQ9_ITEM9), by="KM", when=DAY)
    week1 = store.save(patient, iopkit.score("phq9", PHQ9_ITEM9), by="KM", when=DAY + dt.timedelta(days=7))
    first = store.save(patient, resolution(record=str(week1), risk_level="moderate"), by="KM", when=DAY)
    for record in (week1, week0):  # its own record, and the same flag on the earlier record it covers
        for level in ("low", "moderate"):  # a lower level, and the same level: a flag is closed once
            with pytest.raises(FlagAlreadyClosedError) as refused:
                store.save(patient, resolution(record=str(record), risk_level=level), by="Dr B", when=DAY)
            assert "already closed by A. Rivera on 2026-03-02 at overall risk moderate" in str(refused.value)
            assert "only a higher overall risk level than the chart's (moderate) is recorded" in str(refused.value)
            assert (refused.value.value, refused.value.allowed) == (level, ("high",))
            assert isinstance(refused.value, StoreError)
    # a mistake in the first closing is corrected by amending it, with a reason: one closing, the corrected level
    fixed = store.save(
        patient,
        resolution(record=str(week1), risk_level="low"),
        by="KM",
        amends=first,
        reason="level typed wrong",
        when=DAY,
    )
    (closing,) = store.current(patient, "flag_resolution")
    assert closing.id == fixed and closing.item.risk_level is RiskLevel.LOW
    assert Episode.from_store(store, patient, as_of=DAY + dt.timedelta(days=7)).open_flags == ()
    # a new flag (a later record) is a new finding: closed on its own
    week2 = store.save(patient, iopkit.score("phq9", PHQ9_ITEM9), by="KM", when=DAY + dt.timedelta(days=14))
    store.save(patient, resolution(record=str(week2), risk_level="low"), by="KM", when=DAY + dt.timedelta(days=14))
    assert len(store.current(patient, "flag_resolution")) == 2


def _escalated(store, patient, as_of):
    """The continued-stay review's sentences of closed flags and the chart's safety flags (progress page, summary)."""
    from iopkit.episode import Episode

    episode = Episode.from_store(store, patient, as_of=as_of)
    said = [x.finding for x in episode.review.findings if x.code == "flag_resolved"]
    return said, episode


def test_a_higher_level_after_the_closing_is_recorded_as_a_re_assessment_and_is_the_flags_level_now(store, patient):
    # the reviewer's case: KM closes the chart flag at low; Dr B assesses later and finds high
    from iopkit.errors import FlagAlreadyClosedError
    from iopkit.placement import Placement, recommend

    rec = recommend({1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1})
    store.save(patient, Placement(rec, rec.level, "KM"), by="KM", when=DAY)
    week0 = store.save(patient, iopkit.score("phq9", PHQ9_ITEM9), by="KM", when=DAY)
    store.save(patient, resolution(record=str(week0), risk_level="low"), by="KM", when=DAY)
    later = DAY + dt.timedelta(days=1)
    high = FlagResolution(
        "suicidal_ideation", "phq9", 0, "ED evaluation arranged; 988 given", "Dr B", later, str(week0), "high"
    )
    store.save(patient, high, by="Dr B", when=later)  # accepted: never refused
    (said,), _episode = _escalated(store, patient, later)
    assert (
        "overall risk low; C-SSRS full assessment; safety plan agreed (A. Rivera, 2026-03-02); re-assessed higher: "
        "high, by Dr B on 2026-03-03, what was done: 'ED evaluation arranged; 988 given'"
    ) in said
    from iopkit.placement.continued_stay import safety_flags

    resolutions = [r.item for r in store.current(patient, "flag_resolution")]
    (flag,) = safety_flags([(0, store.record(week0).item)], resolutions, [str(week0)])
    assert flag.risk_level is RiskLevel.HIGH and flag.resolution.by == "A. Rivera"  # the first closing stands
    for level in ("low", "moderate", "high"):  # levels only go up: none is above high
        with pytest.raises(FlagAlreadyClosedError, match="re-assessed higher: high, by Dr B on 2026-03-03") as no:
            store.save(patient, resolution(record=str(week0), risk_level=level), by="KM", when=later)
        assert no.value.allowed == () and "A safety flag is closed once" in str(no.value)
    assert len(store.current(patient, "flag_resolution")) == 2


def test_an_old_resolution_without_a_level_never_blocks_a_level(store, patient):
    # changed with the reviewer's finding 3: a first closing saved before iopkit asked for the level (no level) took
    # every later level as a second closing; now any level is recorded, as a re-assessment
    from iopkit.errors import FlagAlreadyClosedError

    _save_as_before(store, patient, OLD, DAY)  # week 0, no record id, no level (saved before both existed)
    store.save(patient, resolution(risk_level="low"), by="KM", when=DAY)
    with pytest.raises(FlagAlreadyClosedError, match="at no recorded risk level") as refused:
        store.save(patient, resolution(risk_level="low"), by="KM", when=DAY)  # now low: low again is refused
    assert refused.value.allowed == ("moderate", "high") and refused.value.first.level_not_asked
    for level in LEVELS:  # a first closing without a level refuses none
        with_old = _fresh(store, f"OLD-{level}")
        _save_as_before(store, with_old, OLD, DAY)
        store.save(with_old, resolution(risk_level=level), by="KM", when=DAY)


def _fresh(store, name):
    return store.add_patient(name)


def test_two_clinicians_closing_a_flag_at_once_close_it_once(store, patient):
    """The closes-once check runs under the write lock: a second clinician saving while the first one's closing is
    being written waits for it, then is refused (checked before the lock, both closings went through)."""
    import threading

    from iopkit.errors import FlagAlreadyClosedError
    from iopkit.store import Store

    week0 = store.save(patient, iopkit.score("phq9", PHQ9_ITEM9), by="KM", when=DAY)
    written, results = threading.Event(), []

    def first_clinician() -> None:
        with store.batch():  # the first closing is written, not yet committed, while the second one saves
            store.save(patient, resolution(record=str(week0), risk_level="moderate"), by="KM", when=DAY)
            written.set()
            time.sleep(0.5)

    worker = threading.Thread(target=first_clinician)
    worker.start()
    assert written.wait(10)
    with Store(store.path) as other:
        try:
            other.save(patient, resolution(record=str(week0), risk_level="moderate"), by="Dr B", when=DAY)
        except FlagAlreadyClosedError as refused:
            results.append(refused)
    worker.join()
    assert len(results) == 1 and results[0].allowed == ("high",)
    assert len(store.current(patient, "flag_resolution")) == 1


def test_a_backdated_re_assessment_is_refused_and_never_hides_the_closing(store, patient):
    # the re-review's finding 4: KM closed at low on 03-03; Dr B's high dated 03-02 became the "closing" and KM's
    # assessment vanished from the chart text
    from iopkit.errors import StoreError

    rec = recommend({1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1})
    store.save(patient, Placement(rec, rec.level, "KM"), by="KM", when=DAY)
    week0 = store.save(patient, iopkit.score("phq9", PHQ9_ITEM9), by="KM", when=DAY)
    march3 = DAY + dt.timedelta(days=1)
    km = FlagResolution("suicidal_ideation", "phq9", 0, "C-SSRS screener; safety plan", "KM", march3, str(week0), "low")
    store.save(patient, km, by="KM", when=march3)
    backdated = FlagResolution("suicidal_ideation", "phq9", 0, "ED evaluation", "Dr B", DAY, str(week0), "high")
    with pytest.raises(StoreError) as refused:
        store.save(patient, backdated, by="Dr B", when=DAY)
    assert "A re-assessment is dated on or after the flag's closing (03 Mar 2026)" in str(refused.value)
    assert refused.value.item == "on"
    assert [r.item for r in store.current(patient, "flag_resolution")] == [km]
    store.save(patient, dataclasses.replace(backdated, on=march3), by="Dr B", when=march3)  # dated right: recorded
    (said,), _episode = _escalated(store, patient, march3)
    assert said.endswith(
        "overall risk low; C-SSRS screener; safety plan (KM, 2026-03-03); re-assessed higher: high, by Dr B on "
        "2026-03-03, what was done: 'ED evaluation'"
    )


def test_the_first_closing_is_amended_after_a_re_assessment_and_keeps_its_place(store, patient):
    # the re-review's finding 5: a typo fix to KM's low closing was refused ("already closed by Dr B") once Dr B
    # re-assessed at high, contradicting "a mistake in the first is corrected by amending it"
    from iopkit.errors import StoreError

    rec = recommend({1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1})
    store.save(patient, Placement(rec, rec.level, "KM"), by="KM", when=DAY)
    week0 = store.save(patient, iopkit.score("phq9", PHQ9_ITEM9), by="KM", when=DAY)
    km = FlagResolution("suicidal_ideation", "phq9", 0, "C-SSRS screner; safety plan", "KM", DAY, str(week0), "low")
    first = store.save(patient, km, by="KM", when=DAY)
    high = FlagResolution("suicidal_ideation", "phq9", 0, "ED evaluation arranged", "Dr B", DAY, str(week0), "high")
    store.save(patient, high, by="Dr B", when=DAY)
    fixed = dataclasses.replace(km, action="C-SSRS screener; safety plan")
    store.save(patient, fixed, by="KM", when=DAY, amends=first, reason="typo")  # accepted
    (said,), _episode = _escalated(store, patient, DAY)
    assert said.endswith(
        "overall risk low; C-SSRS screener; safety plan (KM, 2026-03-02); re-assessed higher: high, by Dr B on "
        "2026-03-02, what was done: 'ED evaluation arranged'"
    )  # the amended closing first, then the re-assessment: its place kept
    (current_first,) = [r for r in store.current(patient, "flag_resolution") if r.item.by == "KM"]
    for level in ("high",):  # an amendment never reaches the later re-assessment's level (it would no longer show)
        with pytest.raises(StoreError, match="keeps its place before the re-assessment by Dr B on 02 Mar 2026"):
            store.save(
                patient,
                dataclasses.replace(fixed, risk_level=RiskLevel(level)),
                by="KM",
                when=DAY,
                amends=current_first.id,
                reason="level",
            )
    later = dataclasses.replace(fixed, on=DAY + dt.timedelta(days=1))  # nor is it dated after it
    with pytest.raises(StoreError, match="dated on or before it"):
        store.save(patient, later, by="KM", when=later.on, amends=current_first.id, reason="date")
    store.save(  # moderate, still below Dr B's high: accepted, and the level shown stays high
        patient, dataclasses.replace(fixed, risk_level=RiskLevel.MODERATE), by="KM", when=DAY,
        amends=current_first.id, reason="level typed wrong",
    )  # fmt: skip
    (said,), _episode = _escalated(store, patient, DAY)
    assert said.startswith(said.split("overall risk")[0] + "overall risk moderate; C-SSRS screener; safety plan (KM")
    assert "re-assessed higher: high, by Dr B" in said


def test_a_level_after_a_closing_with_no_level_is_said_re_assessed_not_higher(store, patient):
    # the re-review's finding 6: after a closing with no level the chart said "re-assessed higher: low"
    rec = recommend({1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1})
    store.save(patient, Placement(rec, rec.level, "KM"), by="KM", when=DAY)
    store.save(patient, iopkit.score("phq9", PHQ9_ITEM9), by="KM", when=DAY)
    _save_as_before(store, patient, OLD, DAY)  # closed by an earlier iopkit: no level
    low = FlagResolution("suicidal_ideation", "phq9", 0, "C-SSRS screener; safety plan", "KM", DAY, risk_level="low")
    store.save(patient, low, by="KM", when=DAY)
    (said,), _episode = _escalated(store, patient, DAY)
    assert said.endswith(
        "; re-assessed: low (the closing recorded no level), by KM on 2026-03-02, what was done: "
        "'C-SSRS screener; safety plan'"
    )
    assert "re-assessed higher" not in said


def test_a_note_of_a_later_review_is_never_a_higher_finding_nor_on_an_open_flag(store, patient):
    # the re-review's finding 1: a note never closes a flag nor changes its level, so a higher level is never kept as
    # one (it is a re-assessment) and an open flag takes none
    from iopkit.errors import StoreError

    week0 = store.save(patient, iopkit.score("phq9", PHQ9_ITEM9), by="KM", when=DAY)
    note = FlagResolution(
        "suicidal_ideation", "phq9", 0, "Called 988 with patient", "KM", DAY, str(week0), "high",
        this_record_only=True, reviewed_again=True,
    )  # fmt: skip
    with pytest.raises(StoreError, match="saved only after the flag's closing"):
        store.save(patient, note, by="KM", when=DAY)
    store.save(patient, resolution(record=str(week0), risk_level="moderate"), by="KM", when=DAY)
    with pytest.raises(StoreError, match="recorded as a re-assessment"):
        store.save(patient, note, by="KM", when=DAY)
    store.save(patient, dataclasses.replace(note, risk_level=RiskLevel.LOW), by="KM", when=DAY)  # lower: a note
    assert len(store.current(patient, "flag_resolution")) == 2


def test_a_correction_never_turns_a_re_assessment_into_a_note_nor_lowers_its_level(store, patient):
    """A re-assessment at high (Dr B) after a closing at low (KM): a correction keeps it a re-assessment and never
    lowers its level (the patient-safety review: an amendment had relabelled Dr B's high as his own low note)."""
    from iopkit.errors import StoreError

    week0 = store.save(patient, iopkit.score("phq9", PHQ9_ITEM9), by="KM", when=DAY)
    store.save(patient, resolution(record=str(week0), risk_level="low"), by="KM", when=DAY)
    high = store.save(patient, resolution(record=str(week0), risk_level="high"), by="Dr B", when=DAY)
    note = dataclasses.replace(resolution(record=str(week0), risk_level="low"), reviewed_again=True)
    with pytest.raises(StoreError, match="a correction keeps what the record was"):
        store.save(patient, note, by="X", amends=high, reason="oops", when=DAY)
    with pytest.raises(StoreError, match="not lowered by a correction") as refused:
        store.save(patient, resolution(record=str(week0), risk_level="moderate"), by="X", amends=high, reason="x")
    assert refused.value.allowed == "high or higher"
    fixed = dataclasses.replace(resolution(record=str(week0), risk_level="high"), action="ED evaluation arranged")
    store.save(patient, fixed, by="Dr B", amends=high, reason="what was done, in full", when=DAY)  # same level: fine
