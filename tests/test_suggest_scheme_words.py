"""A CIWA-Ar banding scheme in words users read: by its name, never its id (session 22 findings 2 and 3).

The retired encyclopaedia-summary scheme (``severe_16``: 10 or less mild, 11-15 moderate, 16 or more severe, found in
secondary summaries only) is kept so scores saved under it read back; the suggestion, the headline and the instrument's
notes say it as "a secondary summary's" bands, as the other schemes are said by name ("iopkit's default", "ASAM
2020's"), and its id stays data (the score's basis, :attr:`Suggestion.banded`). The expected words are typed here.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

import iopkit
from iopkit.placement import recommend, suggest_dimensions
from iopkit.placement.suggest import Banded, severe_band_words

PLACED = dt.date(2026, 12, 2)
RATINGS = {1: 2, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
#: Items 1-4 at 4, item 5 at 1: total 17, severe on the secondary summary's bands (16 or more).
CIWA_17 = [4, 4, 4, 4, 1, 0, 0, 0, 0, 0]
#: Items 1-3 at 4: total 12, moderate on the secondary summary's bands (11-15).
CIWA_12 = [4, 4, 4, 0, 0, 0, 0, 0, 0, 0]
SCHEME_IDS = ("severe_16", "sullivan_1989", "asam_2020")


def test_the_retired_scheme_is_said_by_its_name_in_the_suggestion_and_kept_by_its_id_as_data():
    s = iopkit.score("ciwa_ar", CIWA_12, scheme="severe_16")
    assert s.basis.scheme == "severe_16"  # the id stays in the score's data
    suggestion = suggest_dimensions([s], today=PLACED)[1]
    assert "(total 12: moderate on a secondary summary's bands)" in suggestion.reason, suggestion.reason
    assert suggestion.banded == Banded(12, "severe_16", "moderate")
    assert "severe_16" not in suggestion.reason


def test_banded_says_the_retired_scheme_by_its_name():
    assert Banded(17, "severe_16", "severe").said == "total 17: severe on a secondary summary's bands"


def test_the_headline_names_a_severe_band_of_the_retired_scheme_by_its_name():
    assert severe_band_words("severe_alcohol_withdrawal", "severe_16", 17) == (
        "CIWA-Ar 17 today: severe on a secondary summary's bands (16 or more), not for clinical use"
    )
    suggested = suggest_dimensions([iopkit.score("ciwa_ar", CIWA_17, scheme="severe_16")], today=PLACED)
    rec = recommend(RATINGS, suggested=suggested)
    assert "CIWA-Ar 17 today: severe on a secondary summary's bands (16 or more), not for clinical use" in rec.headline
    shown = [rec.headline, *(b.suggested_from or "" for b in rec.basis), *(f.said for f in rec.flags)]
    assert not [text for text in shown if "severe_16" in text], shown
    # the saved record keeps the id once, as data: the suggestion's banded scheme
    saved = rec.to_dict()
    assert json.dumps(saved).count("severe_16") == 1
    assert saved["suggested"][0]["banded"]["scheme"] == "severe_16"


def test_the_instrument_notes_name_no_scheme_by_its_id():
    notes = " ".join(iopkit.instrument("ciwa_ar").notes)
    assert "A secondary summary's bands (16 or more severe)" in notes and "not for clinical use" in notes
    assert not [i for i in SCHEME_IDS if i in notes], notes


# --- finding 3: a saved recommendation's basis says the scheme in today's words -------------------------------------
#: Dimension 1's suggestion reason as the older versions saved it: the scheme's id in words (before session 22) and,
#: in the first version, without "scheme" (typed by hand, as those versions wrote it).
WHY = (
    "CIWA-Ar moderate band: current withdrawal signs moderate (severity only; the total alone does not decide the "
    "setting)"
)
SAVED_SCHEME_WORDS = f"{WHY} (total 10; scheme sullivan_1989, band moderate)"
FIRST_VERSION_WORDS = f"{WHY} (total 10; sullivan_1989 band moderate)"
#: The words a recommendation made today says (iopkit's default bands: 8-14 moderate).
SAID_NOW = f"CIWA-Ar: {WHY} (total 10: moderate on iopkit's default bands)"
MODERATE_FLAG = {
    "code": "moderate_alcohol_withdrawal",
    "message": "CIWA-Ar in the moderate withdrawal band",
    "severity": "warning",
    "action": "Prescriber review: at a CIWA-Ar of 10 or more treat withdrawal with medication",
    "source": "ciwa_asam2020; ciwa_mdcalc",
    "partial": False,
}


def _unsuggested(dimension: int, name: str, rating: int, rule: str, level: str = "1") -> dict:
    return {
        "dimension": dimension,
        "name": name,
        "rating": rating,
        "level_required": level,
        "withdrawal_management": None,
        "rule": rule,
        "source": "iopkit",
        "suggested_rating": None,
        "suggested_from": None,
    }


def _saved_by_an_older_version(reason: str, came_from: str) -> dict:
    """A recommendation for CIWA-Ar 10 (dimension 1 rated 2, 2-WM, Level 1) as an older version saved it: no
    ``banded``, no ``raised``, no ``clinical_services``, the basis saying ``came_from: reason``."""
    return {
        "level": "1",
        "withdrawal_management": "2-WM",
        "flags": [MODERATE_FLAG],
        "basis": [
            {
                "dimension": 1,
                "name": "Acute intoxication and/or withdrawal potential",
                "rating": 2,
                "level_required": "1",
                "withdrawal_management": "2-WM",
                "rule": "moderate withdrawal: ambulatory WM with extended on-site monitoring, then at least Level 1",
                "source": "iopkit; asam_ppc2r; asam2013",
                "suggested_rating": 2,
                "suggested_from": f"{came_from}: {reason}",
            },
            {
                **_unsuggested(2, "Biomedical conditions and complications", 0, "no current risk"),
                "level_required": "0.5",
            },
            _unsuggested(3, "Emotional, behavioural or cognitive conditions", 1, "mild symptoms, stable"),
            _unsuggested(4, "Readiness to change", 1, "ambivalent but engaged"),
            _unsuggested(5, "Relapse, continued use or continued problem potential", 1, "some relapse risk"),
            _unsuggested(6, "Recovery/living environment", 1, "environment mostly supportive"),
        ],
        "alternatives": [],
        "hours_per_week": [0, 9],
        "dimensions": {"1": 2, "2": 0, "3": 1, "4": 1, "5": 1, "6": 1},
        "adolescent": False,
        "context": {},
        "suggested": [
            {
                "dimension": 1,
                "rating": 2,
                "reason": reason,
                "source": "asam_awm2020; iopkit",
                "from_score": "ciwa_ar",
                "flags": [MODERATE_FLAG],
            }
        ],
    }


@pytest.mark.parametrize("reason", [SAVED_SCHEME_WORDS, FIRST_VERSION_WORDS])
@pytest.mark.parametrize("came_from", ["CIWA-Ar", "ciwa_ar"])  # since walk24 finding 6, and before it
def test_a_saved_basis_reads_back_in_today_s_words_never_the_scheme_id(reason, came_from):
    from iopkit.placement import Recommendation

    rec = Recommendation.from_dict(_saved_by_an_older_version(reason, came_from))
    assert rec.basis[0].suggested_from == SAID_NOW
    assert rec.suggested[0].reason == SAID_NOW.removeprefix("CIWA-Ar: ")
    assert rec.suggested[0].banded == Banded(10, "sullivan_1989", "moderate")  # the id as data
    assert [b.suggested_from for b in rec.basis[1:]] == [None] * 5
    shown = [rec.headline, *(b.suggested_from or "" for b in rec.basis)]
    assert not [text for text in shown if "sullivan_1989" in text or "scheme " in text], shown


def test_another_scheme_s_id_saved_in_a_basis_reads_as_its_name():
    from iopkit.placement.suggest import suggested_from_now

    assert suggested_from_now("ciwa_ar: CIWA-Ar severe band (total 24; scheme asam_2020, band severe)") == (
        "CIWA-Ar: CIWA-Ar severe band (total 24: severe on ASAM 2020's bands)"
    )
    assert suggested_from_now("CIWA-Ar: CIWA-Ar moderate band (total 12; scheme severe_16, band moderate)") == (
        "CIWA-Ar: CIWA-Ar moderate band (total 12: moderate on a secondary summary's bands)"
    )
    assert suggested_from_now("phq9: PHQ-9 10 or more: moderate or worse depression (total 17)") == (
        "PHQ-9: PHQ-9 10 or more: moderate or worse depression (total 17)"
    )
    assert suggested_from_now(None) is None


def test_a_recommendation_made_today_reads_back_unchanged():
    from iopkit.placement import Recommendation

    suggested = suggest_dimensions(
        [iopkit.score("ciwa_ar", CIWA_12)], today=PLACED, prior_withdrawal_seizure_or_dt=False, pawss=1
    )
    rec = recommend(RATINGS, suggested=suggested)
    assert Recommendation.from_dict(json.loads(json.dumps(rec.to_dict()))) == rec
