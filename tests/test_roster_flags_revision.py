"""The roster's open flags kept per store revision (issue 12: every input's result within 100 ms).

Choosing a group again re-derives nothing while no record of a member was saved (:meth:`iopkit.store.Store.revisions`,
:func:`iopkit.episode.open_flags_of`); a record saved since, from this page, another page or another process, shows
at once: never a stale flag.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest

from iopkit import score
from iopkit.dose.groups import Group
from iopkit.episode import open_flags_of, open_flags_said
from iopkit.errors import StoreError
from iopkit.store import Store
from iopkit.widgets.groups import GroupsPage, save_group

TODAY = dt.date(2026, 12, 4)
#: PHQ-9 item 9 = 2: a suicide-risk flag opens (walk23 finding 14's roster words).
THOUGHTS = [1, 1, 1, 1, 1, 1, 1, 1, 2]


def _snapshots(monkeypatch) -> list:
    reads: list = []
    snapshot = Store.snapshot
    monkeypatch.setattr(
        Store, "snapshot", lambda self, patients=None: reads.append(patients) or snapshot(self, patients)
    )
    return reads


def test_a_patients_revision_counts_their_records_and_names_the_last(tmp_path):
    store = Store(tmp_path / "revisions.sqlite")
    a, b = store.add_patient("REV-A"), store.add_patient("REV-B")
    assert store.revisions([a, b]) == {1: (0, 0), 2: (0, 0)}
    first = store.save(a, score("phq2", [1, 2]), by="KM", when=TODAY)
    assert store.revisions([a, b, a]) == {1: (1, 1), 2: (0, 0)}
    store.save(b, score("phq2", [0, 0]), by="KM", when=TODAY)
    store.save(a, score("phq2", [0, 1]), by="KM", when=TODAY, amends=first, reason="entered wrong")
    assert store.revisions([a, b]) == {1: (2, 3), 2: (1, 2)}
    assert store.revisions([]) == {}
    assert store.revisions([99]) == {99: (0, 0)}
    with pytest.raises(StoreError):
        store.revisions(["one"])


def test_the_flags_read_again_are_not_derived_again_while_nothing_was_saved(tmp_path, monkeypatch):
    store = Store(tmp_path / "kept.sqlite")
    a, b = store.add_patient("REV-A"), store.add_patient("REV-B")
    store.save(a, score("phq9", THOUGHTS), by="KM", when=TODAY)
    reads = _snapshots(monkeypatch)
    first = open_flags_of(store, [a, b], as_of=TODAY)
    again = open_flags_of(store, [b, a], as_of=TODAY)
    assert reads == [[a, b]]  # the second read derived nothing
    assert again == first and list(again) == [b, a]
    assert {p: open_flags_said(f) for p, f in again.items()} == {a: "open safety flag (1 suicide risk)", b: ""}
    open_flags_of(store, [a], as_of=TODAY + dt.timedelta(days=1))  # another day: read for that day
    assert reads == [[a, b], [a]]


def test_a_record_saved_since_shows_its_flag_at_once(tmp_path, monkeypatch):
    path = tmp_path / "saved.sqlite"
    store = Store(path)
    a, b = store.add_patient("REV-A"), store.add_patient("REV-B")
    assert open_flags_said(open_flags_of(store, [a, b], as_of=TODAY)[b]) == ""
    reads = _snapshots(monkeypatch)
    store.save(b, score("phq9", THOUGHTS), by="KM", when=TODAY)
    found = open_flags_of(store, [a, b], as_of=TODAY)
    assert open_flags_said(found[b]) == "open safety flag (1 suicide risk)"
    assert reads == [[b]]  # only the member with a record saved since is read again
    with Store(path) as elsewhere:  # another page's kernel, or another process, saves
        elsewhere.save(a, score("phq9", THOUGHTS), by="JL", when=TODAY)
    found = open_flags_of(store, [a, b], as_of=TODAY)
    assert {p: open_flags_said(f) for p, f in found.items()} == {
        a: "open safety flag (1 suicide risk)",
        b: "open safety flag (1 suicide risk)",
    }
    assert reads == [[b], [a]]


def test_choosing_the_group_again_after_a_save_shows_the_new_flag(tmp_path):
    path = tmp_path / "roster.sqlite"
    store = Store(path)
    a, b = store.add_patient("REV-A"), store.add_patient("REV-B")
    save_group(store, Group("Early recovery AM", "morning", ["mon", "wed", "fri"], 3, "KM", members=(a, b)), by="KM")
    save_group(store, Group("Early recovery PM", "evening", ["mon", "wed", "fri"], 3, "KM", members=(b,)), by="KM")
    page = GroupsPage(store)
    page.refresh("Early recovery AM")
    assert [row.flags.value for row in page.roster.children] == ["", ""]
    with Store(path) as elsewhere:  # the progress page saves a PHQ-9 meanwhile
        elsewhere.save(b, score("phq9", THOUGHTS), by="JL")
    page.choose.value = "Early recovery PM"
    page.choose.value = "Early recovery AM"
    calm, flagged = page.roster.children
    assert calm.flags.value == ""
    assert html.unescape(flagged.flags.value) == (
        '<div class="iop-flag-critical iop-roster-flags" role="alert">⚑ open safety flag (1 suicide risk): '
        '<a class="iop-link iop-open-chart" href="04_progress.ipynb?patient=REV-B">see chart</a></div>'
    )


def test_choosing_a_group_reads_its_members_logs_once_for_the_marks_and_the_problems(tmp_path, monkeypatch):
    import iopkit.widgets.groups as groups

    store = Store(tmp_path / "logs.sqlite")
    a, b = store.add_patient("REV-A"), store.add_patient("REV-B")
    save_group(store, Group("Early recovery AM", "morning", ["mon", "wed", "fri"], 3, "KM", members=(a, b)), by="KM")
    page = GroupsPage(store)
    page.refresh()
    page.day.value = dt.date(2026, 11, 30)  # a Monday: the group meets
    reads = []
    saved = groups._saved
    monkeypatch.setattr(groups, "_saved", lambda *args: reads.append(args[1].name) or saved(*args))
    page.choose.value = "Early recovery AM"
    assert reads == ["Early recovery AM"]  # one read of the members' logs and plans, not one for each question
    assert [row.label for row in page.roster.children] == ["REV-A", "REV-B"]
