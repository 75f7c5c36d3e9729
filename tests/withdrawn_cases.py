"""The physician reviews' cases of session 11 (R1-R4): a C-SSRS screen at high risk on 02 Mar 2026, withdrawn or
lowered by a correction, beside the scores of the placement's day; and the answers those cases score, typed from the
published instruments (C-SSRS screen, Posner et al. 2011; CIWA-Ar anchors, Sullivan et al. 1989; COWS, Wesson & Ling
2003; PHQ-9, Kroenke et al. 2001). Shared by tests/test_placement_headline_review_r1.py ... r4_cssrs.py."""

from __future__ import annotations

import datetime as dt

from iopkit import score
from iopkit.episode import Episode
from iopkit.placement import recommend, suggest_dimensions

from .conftest import clinic_time

D = dt.date
TAKEN = D(2026, 3, 2)
LATE = D(2026, 3, 5)
HIGH = ["yes", "yes", "no", "yes", "no", "no", None]  # question 4 (intent) yes: high risk (Posner et al. 2011)
NONE = ["no", "no", "no", "no", "no", "no", None]  # every answer no: no flag
MODERATE = ["yes", "yes", "yes", "no", "no", "no", None]  # question 3 (method) yes: moderate risk
ROUTINE = {1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
CIWA_13 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 0]  # moderate band
CIWA_21 = [4, 3, 3, 3, 3, 2, 0, 0, 3, 0]  # severe
CIWA_ITEM_10_AT_1 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]  # inattention (Sullivan et al. 1989 anchors)
CIWA_ITEM_10_AT_2 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 2]  # disoriented for date: complicated withdrawal
COWS_46 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 3]  # above 36, severe (Wesson & Ling 2003)
PHQ9_ALL_1 = [1] * 9  # item 9 at 1: suicidal ideation


def withdrawn_case(
    store, clock, saved, as_of, scores=(), *, corrected=NONE, cssrs=True, older=(), before=(), ratings=ROUTINE
):
    """A reviewer's case, a new patient each: ``older`` scores of 02 Mar 2026 (instrument, items) at 08:00; the
    C-SSRS screen at high risk at 09:00 that day (none with ``cssrs`` False); ``before`` scores of other days (day,
    instrument, items); the screen corrected to ``corrected`` on ``saved``; ``scores`` of ``as_of`` from 10:00.
    Returns the episode on ``as_of`` and the recommendation for ``ratings`` with the suggestions it reads."""
    pid = store.add_patient(f"IOP-W{len(store.patients()) + 1}")
    for instrument, items in older:
        clock.day = TAKEN
        store.save(pid, score(instrument, items), by="KM", when=clinic_time(TAKEN, 8))
    original = None
    if cssrs:
        clock.day = TAKEN
        original = store.save(pid, score("cssrs_screen", HIGH), by="KM", when=clinic_time(TAKEN, 9))
    for day, instrument, items in before:
        clock.day = day
        store.save(pid, score(instrument, items), by="KM", when=clinic_time(day, 10))
    if original is not None:
        clock.day = saved
        store.save(
            pid, score("cssrs_screen", corrected), by="AB", when=clinic_time(TAKEN, 9), amends=original, reason="fix"
        )
    clock.day = as_of
    for hour, (instrument, items) in enumerate(scores, start=10):
        store.save(pid, score(instrument, items), by="KM", when=clinic_time(as_of, hour))
    episode = Episode.from_store(store, pid, as_of=as_of)
    inputs = episode.placement_inputs
    suggested = suggest_dimensions(
        inputs.scores, scored_on=inputs.scored_on, today=inputs.today, older_open_flags=inputs.older_open_flags
    )
    return episode, recommend(ratings, suggested=suggested)
