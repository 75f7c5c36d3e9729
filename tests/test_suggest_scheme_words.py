"""A CIWA-Ar banding scheme in words users read: by its name, never its id (session 22 findings 2 and 3).

The retired encyclopaedia-summary scheme (``severe_16``: 10 or less mild, 11-15 moderate, 16 or more severe, found in
secondary summaries only) is kept so scores saved under it read back; the suggestion, the headline and the instrument's
notes say it as "a secondary summary's" bands, as the other schemes are said by name ("iopkit's default", "ASAM
2020's"), and its id stays data (the score's basis, :attr:`Suggestion.banded`). The expected words are typed here.
"""

from __future__ import annotations

import datetime as dt
import json

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
