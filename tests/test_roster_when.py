"""The roster's records are dated the clinic's day, never the machine's clock: ``save_roster(when=)``.

A group's log on no plan is read in the order of its record's day (:func:`iopkit.dose.off_plan.roster_saved`), so the
roster dates each member's record as the store's ``when=`` does and as ``correct_off_plan(when=)`` does: the clinic's
day given (default today), never a later day (refused in :func:`iopkit.entry.past_day_refusal`'s words), never a
day before the session it records (attendance cannot be recorded before the session took place), never a non-date;
the groups page passes the session's day.

Every day and word below is typed from the fixtures and from past_day_refusal's and record_day's sources, never
computed by iopkit; the clinic's today is fixed (``today=`` or the clinic day patched), never the machine's clock.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest

from iopkit.dose import DosePlan, Group, schedule
from iopkit.errors import DosePlanError
from iopkit.store import Store
from iopkit.widgets.groups import GroupsPage, save_group, save_roster

D = dt.date
TODAY = D(2026, 1, 16)  # Fri 16 Jan 2026
WEDNESDAY = D(2026, 1, 14)
GROUP = "Early recovery AM"  # Mon/Wed/Fri 09:00-12:00, 3 h


@pytest.fixture
def clinic(tmp_path):
    """Two members with a plan from Mon 5 Jan 2026 (Mon/Wed/Fri, 3 h, 4 weeks), saved Mon 5 Jan; in the group."""
    store = Store(tmp_path / "when.sqlite")
    one, two = store.add_patient("DEMO-40"), store.add_patient("DEMO-41")
    for pid in (one, two):
        store.save(pid, DosePlan(9, 4, sessions_per_week=3), by="KM", when=D(2026, 1, 5))
        store.save(
            pid, schedule("2026-01-05", ["mon", "wed", "fri"], 3, 4, track="morning"), by="KM", when=D(2026, 1, 5)
        )
    group = Group(GROUP, "morning", ["mon", "wed", "fri"], 3, "KM", members=(one, two))
    save_group(store, group, by="KM")
    return store, group


def _marks(group):
    return {p: "present" for p in group.members}


def test_each_member_s_record_is_dated_the_day_given(clinic):
    store, group = clinic
    saved = save_roster(store, group, WEDNESDAY, _marks(group), by="JL", today=TODAY, when=WEDNESDAY)
    for pid in group.members:
        record = store.latest(pid, "attendance")
        assert record.id == saved[pid][0]
        assert record.taken_at == D(2026, 1, 14)  # typed: the session's day, a date (no time of the clock)


def test_an_amendment_is_dated_the_day_given_too(clinic):
    store, group = clinic
    save_roster(store, group, D(2026, 1, 12), _marks(group), by="JL", today=TODAY, when=D(2026, 1, 12))
    save_roster(store, group, WEDNESDAY, _marks(group), by="JL", today=TODAY, when=WEDNESDAY)
    for pid in group.members:
        record = store.latest(pid, "attendance")
        assert record.amends is not None and record.taken_at == D(2026, 1, 14)  # typed
        assert store.record(record.amends).taken_at == D(2026, 1, 12)  # typed: the first version keeps its day


def test_without_when_the_record_is_dated_the_day_taken_as_today(clinic):
    store, group = clinic
    save_roster(store, group, WEDNESDAY, _marks(group), by="JL", today=TODAY)
    assert {store.latest(p, "attendance").taken_at for p in group.members} == {D(2026, 1, 16)}  # typed: TODAY


def test_without_when_or_today_the_record_is_dated_the_clinic_s_today(clinic, monkeypatch):
    import iopkit.dose.attendance as attendance
    import iopkit.entry as entry

    real = entry.clinical_day
    clinic_today = D(2026, 1, 15)  # Thu 15 Jan 2026, the clinic's day (not the machine's)
    for module in (entry, attendance):  # record_day reads entry's; take_attendance its own import
        monkeypatch.setattr(module, "clinical_day", lambda when=None: clinic_today if when is None else real(when))
    store, group = clinic
    save_roster(store, group, WEDNESDAY, _marks(group), by="JL")
    assert {store.latest(p, "attendance").taken_at for p in group.members} == {D(2026, 1, 15)}  # typed


def test_a_later_day_is_refused_in_the_clinic_s_words_and_nothing_is_saved(clinic):
    store, group = clinic
    with pytest.raises(DosePlanError) as refused:
        save_roster(store, group, WEDNESDAY, _marks(group), by="JL", today=TODAY, when=D(2026, 1, 17))
    # typed from iopkit.entry.past_day_refusal's words
    assert (
        str(refused.value) == "17 Jan 2026 is after today (16 Jan 2026): enter the day it happened, today or earlier."
    )
    assert refused.value.item == "when"
    assert all(store.latest(p, "attendance") is None for p in group.members)


@pytest.mark.parametrize(
    ("when", "said"),
    [
        ("2026-01-14", "when must be a date (got '2026-01-14')"),
        (
            dt.datetime(2026, 1, 14, 9, 30),
            "when must be a date (got datetime.datetime(2026, 1, 14, 9, 30))",
        ),
        (20260114, "when must be a date (got 20260114)"),
    ],
)
def test_a_non_date_is_refused_and_nothing_is_saved(clinic, when, said):
    store, group = clinic
    with pytest.raises(DosePlanError) as refused:
        save_roster(store, group, WEDNESDAY, _marks(group), by="JL", today=TODAY, when=when)
    assert str(refused.value) == said  # typed
    assert all(store.latest(p, "attendance") is None for p in group.members)


def test_a_session_after_today_is_refused_in_the_session_s_words_before_the_day_given(clinic):
    """The page passes the session's day as ``when``: a future session is said as a session, not as a date."""
    store, group = clinic
    friday = D(2026, 1, 16)
    with pytest.raises(DosePlanError) as refused:
        save_roster(store, group, friday, _marks(group), by="JL", today=D(2026, 1, 15), when=friday)
    assert str(refused.value).startswith("attendance on 2026-01-16 is in the future (today is 2026-01-15)")  # typed
    assert all(store.latest(p, "attendance") is None for p in group.members)


def _take_wednesday_on_the_page(store, monkeypatch):
    """The groups page, the clinic's today Fri 16 Jan 2026 (never the machine's), JL taking Wednesday's roster of
    :data:`GROUP`: the page after the click."""
    import iopkit.dose.attendance as attendance
    import iopkit.entry as entry

    real = entry.clinical_day
    for module in (entry, attendance):
        monkeypatch.setattr(module, "clinical_day", lambda when=None: TODAY if when is None else real(when))
    monkeypatch.setattr("iopkit.widgets.base.clinical_day", lambda *a: TODAY)  # the date picker's today
    page = GroupsPage(store)
    page.refresh()
    page.clinician.value = "JL"
    page.choose.value = GROUP
    page.day.value = WEDNESDAY
    page.take_button.click()
    return page


def test_the_groups_page_dates_the_roster_the_session_s_day(clinic, monkeypatch):
    store, group = clinic
    page = _take_wednesday_on_the_page(store, monkeypatch)
    assert "Saved attendance of Early recovery AM on 2026-01-14 for 2 members" in page.roster_status.value, (
        page.roster_status.value
    )
    assert {store.latest(p, "attendance").taken_at for p in group.members} == {D(2026, 1, 14)}  # typed: not TODAY


# --- a day before the session it records: attendance cannot be recorded before the session took place ---------------
def test_a_day_before_the_session_is_refused_in_the_clinic_s_words_and_nothing_is_saved(clinic):
    store, group = clinic
    with pytest.raises(DosePlanError) as refused:
        save_roster(store, group, WEDNESDAY, _marks(group), by="JL", today=TODAY, when=D(2026, 1, 13))
    # typed from record_day's words, as past_day_refusal's for a later day
    assert str(refused.value) == (
        "13 Jan 2026 is before the session (14 Jan 2026): enter the day it was recorded, the session's day or later."
    )
    assert (refused.value.item, refused.value.value, refused.value.allowed) == (
        "when",
        D(2026, 1, 13),
        "from 2026-01-14 up to 2026-01-16",  # typed: the session's day to TODAY
    )
    assert all(store.latest(p, "attendance") is None for p in group.members)


def test_the_session_s_own_day_and_a_later_one_are_taken(clinic):
    store, group = clinic
    save_roster(store, group, D(2026, 1, 12), _marks(group), by="JL", today=TODAY, when=D(2026, 1, 12))
    save_roster(store, group, WEDNESDAY, _marks(group), by="JL", today=TODAY, when=D(2026, 1, 15))
    assert {store.latest(p, "attendance").taken_at for p in group.members} == {D(2026, 1, 15)}  # typed


def test_the_groups_page_says_a_day_before_the_session_as_it_says_a_later_day(clinic, monkeypatch):
    """The page dates the roster the session's day (above), so it is never refused there; a roster dated the day
    before (save_roster called so, by a page that would) is said in the roster's status as an error, as a session in
    the future is (tests/test_groups_page.py), and nothing is saved."""
    import iopkit.widgets.groups as page_module

    save = page_module.save_roster

    def dated_the_day_before(*args, when, **kwargs):
        return save(*args, when=when - dt.timedelta(days=1), **kwargs)

    monkeypatch.setattr(page_module, "save_roster", dated_the_day_before)
    store, group = clinic
    page = _take_wednesday_on_the_page(store, monkeypatch)
    said = html.unescape(page.roster_status.value)
    assert (
        "13 Jan 2026 is before the session (14 Jan 2026): enter the day it was recorded, the session's day or later."
    ) in said, said
    assert "iop-status-error" in page.roster_status.value
    assert all(store.latest(p, "attendance") is None for p in group.members)
