"""What the placement page reads of the episode (:attr:`iopkit.episode.Episode.placement_inputs`), against notes and
orders typed by hand.

Clinical facts typed from the sources: C-SSRS screener triage (Columbia): question 4 "yes" is high risk, all "no" is
no risk. PHQ-9 item 9 above 0 raises the suicidal-ideation flag (Kroenke et al. 2001). CIWA-Ar item 10 (orientation)
at 2, "date off by no more than 2 calendar days" (Sullivan et al. 1989), is disorientation: possible withdrawal
delirium, a complicated-withdrawal flag.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from iopkit import score
from iopkit.entry import local_time
from iopkit.episode import Episode, OpenFlag, PlacementInputs
from iopkit.flags import Flag
from iopkit.store import Store

from .conftest import clinic_time

HIGH = ["yes", "yes", "no", "yes", "no", "no", None]
NO_RISK = ["no", "no", None, None, None, "no", None]
INTAKE = [2, 2, 2, 2, 2, 2, 2, 2, 1]  # PHQ-9 17, item 9 = 1
DISORIENTED = [0] * 9 + [2]  # CIWA-Ar item 10 at 2
DAY = dt.date(2026, 12, 2)


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "clinic.sqlite") as s:
        yield s


def _note(flag):
    """The note a flag's message ends with: what follows its last " ("."""
    return flag.message.rsplit(" (", 1)[1]


def test_an_older_score_s_open_flag_is_noted_with_its_day_and_listed_as_history(store):
    pid = store.add_patient("IOP-0101")
    store.save(pid, score("cssrs_screen", HIGH), by="KM", when=clinic_time(dt.date(2026, 1, 5), 9))
    store.save(pid, score("phq9", INTAKE), by="KM", when=clinic_time(dt.date(2026, 1, 10), 9))
    store.save(pid, score("cssrs_screen", NO_RISK), by="KM", when=clinic_time(dt.date(2026, 2, 2), 9))
    e = Episode.from_store(store, pid, as_of=dt.date(2026, 2, 2))
    inputs = e.placement_inputs
    # the latest of each instrument, oldest first (the episode lists them by first score: C-SSRS, then PHQ-9)
    assert [x.instrument for x in e.latest] == ["cssrs_screen", "phq9"]
    assert [s.instrument for s in inputs.scores] == ["phq9", "cssrs_screen"]
    assert inputs.scored_on == {
        "phq9": clinic_time(dt.date(2026, 1, 10), 9),
        "cssrs_screen": clinic_time(dt.date(2026, 2, 2), 9),
    }
    assert inputs.today == dt.date(2026, 2, 2)
    # the PHQ-9's item 9 flag is on its latest score: today's picture, not an older flag
    assert [(f.instrument, f.flag.code) for f in inputs.older] == [("cssrs_screen", "suicide_risk_high")]
    assert [_note(f) for f in inputs.older_open_flags] == ["C-SSRS screen of 05 Jan 2026, not resolved)"]
    assert inputs.history_header == (
        "Open safety flags on older scores (history, not today's scores; record what was done on the progress page):"
    )
    # listed as saved (the page names its day beside it), not noted again
    assert [f.message for f in inputs.history_flags] == [inputs.older[0].flag.message]
    assert inputs.withdrawal_delirium_at == () and inputs.delirium_note == ""


def test_an_earlier_score_of_the_day_is_noted_once_with_its_time_and_never_called_history(store):
    pid = store.add_patient("IOP-0102")
    nine, eleven = clinic_time(DAY, 9), clinic_time(DAY, 11)
    store.save(pid, score("ciwa_ar", DISORIENTED), by="KM", when=nine)
    store.save(pid, score("ciwa_ar", [0] * 10), by="KM", when=eleven)
    inputs = Episode.from_store(store, pid, as_of=DAY).placement_inputs
    assert inputs.scored_on == {"ciwa_ar": eleven}
    note = (
        f"CIWA-Ar of 02 Dec 2026 at {local_time(nine)[11:]}, not resolved: an earlier score of the placement's day, "
        "not history)"
    )
    assert [_note(f) for f in inputs.older_open_flags] == [note]
    # the list of open flags shows the same note (worked out once), with what the finding calls for today
    (listed,) = inputs.history_flags
    assert listed.message == inputs.older_noted[0].message
    assert "The later CIWA-Ar does not exclude delirium: screen with CAM or 4AT." in listed.action
    assert inputs.history_header.startswith(
        "Open safety flags on earlier scores (not the latest score of each instrument; those of today are not history;"
    )
    # the finding is said by its open flag, not again by the delirium note
    assert inputs.withdrawal_delirium_at == (nine,) and inputs.delirium_listed_at == (nine,)
    assert inputs.delirium_note == ""
    # the next day the same flag is of an older score: its day only, and history
    later = Episode.from_store(store, pid, as_of=DAY + dt.timedelta(days=1)).placement_inputs
    assert [_note(f) for f in later.older_open_flags] == ["CIWA-Ar of 02 Dec 2026, not resolved)"]
    assert later.history_header.startswith("Open safety flags on older scores (history")


def test_the_page_s_day_is_the_episode_s_so_an_episode_read_as_of_another_day_has_its_own_inputs(store):
    pid = store.add_patient("IOP-0103")
    store.save(pid, score("ciwa_ar", DISORIENTED), by="KM", when=clinic_time(DAY, 9))
    store.save(pid, score("ciwa_ar", [0] * 10), by="KM", when=clinic_time(DAY, 11))
    e = Episode.from_store(store, pid, as_of=DAY + dt.timedelta(days=1))
    assert e.placement_inputs.today == DAY + dt.timedelta(days=1)
    assert replace(e, as_of=DAY).placement_inputs.history_header.startswith("Open safety flags on earlier scores")


def test_a_check_in_flag_is_noted_as_not_saved_yet_after_the_older_flags(store):
    pid = store.add_patient("IOP-0104")
    store.save(pid, score("cssrs_screen", HIGH), by="KM", when=clinic_time(dt.date(2026, 12, 1), 9))
    store.save(pid, score("cssrs_screen", NO_RISK), by="KM", when=clinic_time(DAY, 9))
    tablet = OpenFlag("phq9", 0.0, DAY, 0, Flag("suicidal_ideation", "PHQ-9 item 9 answered 1", "critical"))
    inputs = Episode.from_store(store, pid, as_of=DAY).with_checkin_flags([tablet]).placement_inputs
    # of the page's day, yet a check-in answer: never the same-day note of a saved score
    assert [_note(f) for f in inputs.checkin_noted] == ["PHQ-9 check-in of 02 Dec 2026, not saved yet)"]
    assert [_note(f) for f in inputs.older_open_flags] == [
        "C-SSRS screen of 01 Dec 2026, not resolved)",
        "PHQ-9 check-in of 02 Dec 2026, not saved yet)",
    ]
    assert len(inputs.history_flags) == 1  # the check-in is reviewed on the check-in page, not listed here


def test_no_episode_reads_as_nothing():
    empty = PlacementInputs()
    assert (empty.today, empty.scores, empty.scored_on, empty.older_open_flags) == (None, (), {}, ())
    assert (empty.history_header, empty.delirium_note, empty.history_flags) == ("", "", ())


def test_scores_saved_by_day_and_by_time_are_put_in_order_never_refused(store):
    # a score saved with its day only and one with its time: the page once failed comparing them
    pid = store.add_patient("IOP-0105")
    store.save(pid, score("cssrs_screen", NO_RISK), by="KM", when=clinic_time(dt.date(2026, 1, 5), 9))
    store.save(pid, score("phq9", INTAKE), by="KM", when=dt.date(2026, 1, 5))
    inputs = Episode.from_store(store, pid, as_of=dt.date(2026, 2, 2)).placement_inputs
    assert inputs.scored_on == {"phq9": dt.date(2026, 1, 5), "cssrs_screen": clinic_time(dt.date(2026, 1, 5), 9)}
    assert [s.instrument for s in inputs.scores] == ["phq9", "cssrs_screen"]  # the day alone first
