"""Physician ruling R20b (session 16), S5: a positive PHQ-9 item 9 of another day than the placement's (not re-asked
today) was named among the headline's reasons as "suicidal ideation (PHQ-9 item 9)", undated, which reads as today's.
Wanted, the ruling's words: "suicidal ideation (PHQ-9 item 9 of 20 Nov 2026, not re-asked today)", wherever that old
finding is worded (the headline's reasons and its rating clause; dimension 3's rating-below reason), as an old C-SSRS
high is already dated ("high suicide risk (C-SSRS screen of 20 Nov 2026, not re-screened today)", physician review
R13, should-fix S9) and as R20-M1's handover dates it ("the PHQ-9 item 9 of 20 Nov 2026 was positive (not re-asked
today)"). Today's PHQ-9 item 9 stays undated. Not here: the suicidal_ideation flag's own box
in the placement page's flag list, which now says its day after the unchanged message ("... (flag of 20 Nov 2026)",
Flag.day and Flag.said: tests/test_flag_day.py); the message stays the key Suggestion.earlier dates the flag by.

Basis the ruling names: Kroenke et al. 2001 (PHQ-9 item 9 asks about the last 2 weeks: an answer of another day says
nothing of today); Posner et al. 2011 (a screen is acted on as of the day it was given). Cases built as R19's Method
builds them (old = 20 Nov 2026, today = 02 Dec 2026). Every expected text below is typed from the ruling, never
computed by iopkit.
"""

from __future__ import annotations

import pytest

from tests.test_placement_headline_review_r7_old_scores import recommended
from tests.test_placement_headline_review_r18_m3 import CIWA_MOD13, COWS_48, PHQ_I9POS

# --- the ruling's words (R20b, S5), typed --------------------------------------------------------------------------
OLD_REASON = "suicidal ideation (PHQ-9 item 9 of 20 Nov 2026, not re-asked today)"
TODAY_REASON = "suicidal ideation (PHQ-9 item 9)"
#: The whole headline of an old positive PHQ-9 item 9 alone (dimension 3 rated 1, below the 2 it calls for).
OLD_ALONE = (
    "First: a same-day suicide risk assessment before the patient leaves (suicidal ideation (PHQ-9 item 9 of 20 Nov "
    "2026, not re-asked today): dimension 3 rated 1, below the 2 it calls for). Then, unless the assessment finds "
    "more: Level 1 (Outpatient), under 9 h/week of clinical services; with 1-WM ambulatory withdrawal management "
    "without extended on-site monitoring."
)
TODAY_ALONE = OLD_ALONE.replace(OLD_REASON, TODAY_REASON)
#: Dimension 3's rating-below reason (the rated_below_suggestion_d3 flag's message). Walk24 finding 6: the PHQ-9 by
#: its name and its total as a total, the finding in words, never a code (was "(phq9: ... (value 17))" and
#: "(suicidal_ideation, critical)").
D3_OLD = (
    "Dimension 3 rated 1; scores suggest 2 (PHQ-9: PHQ-9 10 or more: moderate or worse depression (total 17)): below "
    "the 2 that suicidal ideation (PHQ-9 item 9 of 20 Nov 2026, not re-asked today) calls for (critical)"
)
D3_TODAY = (
    "Dimension 3 rated 1; scores suggest 2 (PHQ-9: PHQ-9 10 or more: moderate or worse depression (total 17)): below "
    "the 2 that suicidal ideation on PHQ-9 item 9 calls for (critical)"
)
#: R20-M1's handover of the old item 9 (its words, unchanged) and the reasons beside it, dated.
HANDOVER_OLD = "that the PHQ-9 item 9 of 20 Nov 2026 was positive (not re-asked today)"
REASON_D3_OLD = "suicidal ideation (PHQ-9 item 9 of 20 Nov 2026, not re-asked today): dimension 3 rated 1, below the 2"

CASES = {
    "alone": ([("phq9", PHQ_I9POS)], []),
    "beside today's moderate CIWA-Ar": ([("phq9", PHQ_I9POS)], [("ciwa_ar", CIWA_MOD13)]),
    "beside an old CIWA-Ar and today's COWS above 36 (R20-M1)": (
        [("ciwa_ar", CIWA_MOD13), ("phq9", PHQ_I9POS)],
        [("cows", COWS_48)],
    ),
}


def _rated_below_d3(r) -> str:  # type: ignore[no-untyped-def]
    return next(f.message for f in r.flags if f.code == "rated_below_suggestion_d3")


def test_s5_an_old_item_9_alone_reads_the_rulings_words():
    assert recommended({}, old=[("phq9", PHQ_I9POS)]).headline == OLD_ALONE


def test_s5_todays_item_9_stays_undated():
    r = recommended({}, today=[("phq9", PHQ_I9POS)])
    assert r.headline == TODAY_ALONE
    assert _rated_below_d3(r) == D3_TODAY
    assert "20 Nov" not in r.headline and "re-asked" not in r.headline


@pytest.mark.parametrize("name", CASES)
def test_s5_the_old_item_9_is_dated_wherever_it_is_worded(name: str) -> None:
    """The headline's reason (its rating clause) dated, never the undated "(PHQ-9 item 9)"; dimension 3's rating-below
    reason dated; beside a transfer, R20-M1's handover as it was."""
    old, today = CASES[name]
    r = recommended({}, old=old, today=today)
    assert f"{REASON_D3_OLD} it calls for" in r.headline, r.headline
    assert r.headline.count("PHQ-9 item 9") == r.headline.count("PHQ-9 item 9 of 20 Nov 2026"), r.headline
    assert TODAY_REASON not in r.headline
    assert _rated_below_d3(r) == D3_OLD
    if "receiving team" in r.headline:
        assert HANDOVER_OLD in r.headline


def test_s5_an_old_item_9_named_by_itself_among_the_reasons_is_dated():
    """Dimension 3 rated as the item calls for (2): no rating clause, the bare finding among the first step's reasons
    dated; today's stays the bare "suicidal ideation"."""
    old = recommended({3: 2}, old=[("phq9", PHQ_I9POS)]).headline
    today = recommended({3: 2}, today=[("phq9", PHQ_I9POS)]).headline
    assert old.startswith(f"First: a same-day suicide risk assessment before the patient leaves ({OLD_REASON}). "), old
    assert today.startswith(
        "First: a same-day suicide risk assessment before the patient leaves (suicidal ideation). "
    ), today
