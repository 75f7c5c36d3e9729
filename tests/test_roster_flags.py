"""The roster row's red marker for a member's open safety flags (walk23 finding 14).

WALK23-A: PHQ-9 item 9 = 2 and a C-SSRS screen at moderate risk (items 1-3 yes) on 24 Nov 2026, a urine screen of
30 Nov 2026 positive for fentanyl: the walk's expected words, "⚑ open safety flags (2 suicide risk, 1 overdose risk):
see chart", linking to the chart.  The counts are the library's (:func:`iopkit.episode.open_flags_said`).
"""

from __future__ import annotations

import datetime as dt
import html

from iopkit import score
from iopkit.dose.groups import Group
from iopkit.episode import Episode, open_flags_said
from iopkit.records import DrugScreen
from iopkit.store import Store
from iopkit.widgets.groups import GroupsPage, save_group

TODAY = dt.date(2026, 12, 4)


def _walk23_a(store):
    a = store.add_patient("WALK23-A")
    store.save(a, score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 2]), by="JL", when=dt.date(2026, 11, 24))
    store.save(a, score("cssrs_screen", [1, 1, 1, 0, 0, 0, 0]), by="JL", when=dt.date(2026, 11, 24))
    fentanyl = DrugScreen(dt.date(2026, 11, 30), "urine 12-panel", positive=["fentanyl"], negative=["opiates"])
    store.save(a, fentanyl, by="JL", when=dt.date(2026, 11, 30))
    return a


def test_open_flags_are_counted_by_what_they_are_about(tmp_path):
    store = Store(tmp_path / "flags.sqlite")
    a = _walk23_a(store)
    flags = Episode.from_store(store, a, as_of=TODAY).open_flags
    assert open_flags_said(flags) == "open safety flags (2 suicide risk, 1 overdose risk)"
    assert open_flags_said(flags[-1:]) == "open safety flag (1 overdose risk)"
    assert open_flags_said(()) == ""


def test_the_roster_row_shows_the_red_marker_linking_to_the_chart(tmp_path):
    store = Store(tmp_path / "roster.sqlite")
    a, b = _walk23_a(store), store.add_patient("WALK23-B")
    save_group(store, Group("Early recovery AM", "morning", ["mon", "wed", "fri"], 3, "KM", members=(a, b)), by="KM")
    page = GroupsPage(store)
    page.refresh("Early recovery AM")
    flagged, calm = page.roster.children
    said = html.unescape(flagged.flags.value)
    assert "⚑ open safety flags (2 suicide risk, 1 overdose risk): see chart" in said.replace("</a>", "").replace(
        '<a class="iop-link iop-open-chart" href="04_progress.ipynb?patient=WALK23-A">', ""
    ), said
    assert "iop-flag-critical" in flagged.flags.value and calm.flags.value == ""


def test_the_open_flags_of_several_patients_are_read_at_once(tmp_path):
    """open_flags_of: each patient's open flags as the chart has them (code-read follow-up 2: the roster read one whole
    chart per member, ~1.4 s a group), the patients read in one snapshot, as the caseload reads them."""
    from iopkit.episode import open_flags_of

    store = Store(tmp_path / "flags.sqlite")
    a, b = _walk23_a(store), store.add_patient("WALK23-B")
    found = open_flags_of(store, [b, a, b], as_of=TODAY)
    assert {p: open_flags_said(flags) for p, flags in found.items()} == {
        a: "open safety flags (2 suicide risk, 1 overdose risk)",
        b: "",
    }
    assert found[a] == Episode.from_store(store, a, as_of=TODAY).open_flags  # the chart's very flags, in its order
    assert open_flags_of(store, [], as_of=TODAY) == {}


def test_choosing_a_group_reads_its_members_at_once(tmp_path, monkeypatch):
    store = Store(tmp_path / "roster.sqlite")
    a, b = _walk23_a(store), store.add_patient("WALK23-B")
    save_group(store, Group("Early recovery AM", "morning", ["mon", "wed", "fri"], 3, "KM", members=(a, b)), by="KM")
    page = GroupsPage(store)
    page.refresh()
    reads = []
    snapshot = Store.snapshot
    monkeypatch.setattr(
        Store, "snapshot", lambda self, patients=None: reads.append(patients) or snapshot(self, patients)
    )
    page.choose.value = "Early recovery AM"
    assert reads == [[a, b]]  # one read of the two members, not one chart each
    assert "open safety flags (2 suicide risk, 1 overdose risk)" in html.unescape(page.roster.children[0].flags.value)
