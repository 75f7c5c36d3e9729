"""The total of today's CIWA-Ar or COWS behind dimension 1's suggestion is typed data (``Suggestion.totals_today``),
made where the suggestion is made and read by :func:`total_today`, never out of the words a clinician reads (session
22 finding 4); a suggestion saved before it existed gives its totals in its words only, read once when it is read back.

Totals are typed from the answers (each item's points added by hand); the words of the saved dicts are typed as the
older versions wrote them: "(value 7)" before walk24 finding 6, "(total 10; scheme sullivan_1989, band moderate)"
before session 22, "; CIWA-Ar of today: total 5; COWS of today: total 7" under a higher rule. A score of another day
has no total of today: both scales rate the signs present at the time of rating (Sullivan et al. 1989; Wesson & Ling
2003).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

import iopkit
from iopkit.placement import Recommendation, recommend, suggest_dimensions
from iopkit.placement.suggest import Suggestion, total_today

PLACED, OLD = dt.date(2026, 12, 2), dt.date(2026, 11, 20)
SEIZURE = {"prior_withdrawal_seizure_or_dt": True}
CIWA_5 = [1, 1, 1, 1, 0, 0, 0, 0, 1, 0]  # 1+1+1+1+1 = 5: mild on every scheme
COWS_7 = [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]  # seven items at 1 = 7: mild (5-12)
RATED_0 = {1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}


def _suggest(*scores, **facts):
    return suggest_dimensions(list(scores), today=PLACED, **facts)[1]


def test_a_cows_of_today_carries_its_total_as_data():
    cows = _suggest(iopkit.score("cows", COWS_7))
    assert cows.reason.endswith("(total 7)")
    assert cows.totals_today == (("cows", 7.0),)
    assert total_today(cows, "cows") == 7 and total_today(cows, "ciwa_ar") is None


def test_a_ciwa_ar_of_today_carries_its_total_as_data():
    ciwa = _suggest(iopkit.score("ciwa_ar", CIWA_5), prior_withdrawal_seizure_or_dt=False, pawss=1)
    assert "(total 5: mild on iopkit's default bands)" in ciwa.reason
    assert ciwa.totals_today == (("ciwa_ar", 5.0),)
    assert total_today(ciwa, "ciwa_ar") == 5


def test_the_total_is_read_from_the_data_never_from_the_words():
    cows = _suggest(iopkit.score("cows", COWS_7))
    assert total_today(dataclasses.replace(cows, reason="COWS 5-12: mild"), "cows") == 7  # words without the total
    assert total_today(dataclasses.replace(cows, totals_today=()), "cows") is None  # words alone give nothing


def test_a_higher_rule_carries_the_totals_of_today_beside_its_note():
    kept = _suggest(iopkit.score("cows", COWS_7), iopkit.score("ciwa_ar", CIWA_5), **SEIZURE)
    assert kept.rating == 3 and kept.from_score == "withdrawal risk"
    assert kept.reason.endswith("; CIWA-Ar of today: total 5; COWS of today: total 7")
    assert dict(kept.totals_today) == {"ciwa_ar": 5.0, "cows": 7.0}


def test_a_score_of_another_day_has_no_total_of_today():
    old = suggest_dimensions([iopkit.score("cows", COWS_7)], scored_on={"cows": OLD}, today=PLACED)[1]
    assert "not re-scored today" in old.reason and "(total 7)" in old.reason
    assert old.totals_today == () and total_today(old, "cows") is None


def test_the_totals_travel_through_a_saved_record():
    kept = _suggest(iopkit.score("cows", COWS_7), iopkit.score("ciwa_ar", CIWA_5), **SEIZURE)
    saved = json.loads(json.dumps(kept.to_dict()))
    assert saved["totals_today"] == [["ciwa_ar", 5.0], ["cows", 7.0]]
    assert Suggestion.from_dict(saved) == kept
    # a suggestion behind no CIWA-Ar or COWS of today is saved as before (no new key in its stored bytes)
    phq9 = suggest_dimensions([iopkit.score("phq9", [1] * 9)], today=PLACED)[3]
    assert "totals_today" not in phq9.to_dict()


def _saved(reason: str, from_score: str, rating: int = 1) -> dict:
    """A dimension-1 suggestion as an older version saved it: no ``totals_today``, no ``banded``."""
    return {"dimension": 1, "rating": rating, "reason": reason, "source": "iopkit", "from_score": from_score}


@pytest.mark.parametrize(
    "saved, instrument, total",
    [
        (_saved("COWS 5-12: mild opioid withdrawal, ambulatory management (value 7)", "cows"), "cows", 7.0),
        (_saved("COWS 5-12: mild opioid withdrawal, ambulatory management (total 7)", "cows"), "cows", 7.0),
        (
            _saved("CIWA-Ar moderate band (total 10; scheme sullivan_1989, band moderate)", "ciwa_ar", 2),
            "ciwa_ar",
            10.0,
        ),
        (
            _saved("past withdrawal seizure; CIWA-Ar of today: total 5; COWS of today: total 7", "withdrawal risk", 3),
            "ciwa_ar",
            5.0,
        ),
        (
            _saved("past withdrawal seizure; CIWA-Ar of today: total 5; COWS of today: total 7", "withdrawal risk", 3),
            "cows",
            7.0,
        ),
    ],
)
def test_a_suggestion_saved_before_reads_its_total_from_its_words_once(saved, instrument, total):
    back = Suggestion.from_dict(saved)
    assert total_today(back, instrument) == total
    assert (instrument, total) in back.totals_today


def test_a_saved_score_of_another_day_still_has_no_total_of_today():
    saved = _saved("COWS 5-12: mild (value 7) (20 Nov 2026, not re-scored today: re-score now)", "cows")
    assert Suggestion.from_dict(saved).totals_today == ()


def test_a_recommendation_saved_before_reads_the_same_headline():
    scores = [iopkit.score("cows", COWS_7), iopkit.score("ciwa_ar", CIWA_5)]
    rec = recommend(RATED_0, suggested=suggest_dimensions(scores, today=PLACED, **SEIZURE))
    assert "COWS of 7 today" in rec.headline and "CIWA-Ar of 5 today" in rec.headline
    saved = json.loads(json.dumps(rec.to_dict()))
    for suggestion in saved["suggested"]:  # as saved before the totals were data: the words alone
        suggestion.pop("totals_today", None)
    back = Recommendation.from_dict(saved)
    assert back.headline == rec.headline
    assert back.suggested == rec.suggested
