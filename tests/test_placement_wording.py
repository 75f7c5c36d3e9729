"""What reaches a clinician names no bibliography key or Python name (the keys stay in the data)."""

import re

import iopkit
from iopkit.placement import recommend, rules, suggest_dimensions

KEY = re.compile(r"\[[a-z0-9_]+(; [a-z0-9_]+)*\]")


def test_rated_below_message_has_no_bracketed_keys():
    phq = iopkit.score("phq9", [3, 3, 3, 3, 3, 3, 3, 3, 0])
    s = suggest_dimensions([phq])
    r = recommend({1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0}, suggested=s)
    d3 = r.basis[2]
    assert d3.suggested_from and not KEY.search(d3.suggested_from)
    below = next(f for f in r.flags if f.code == "rated_below_suggestion_d3")
    assert not KEY.search(below.message)
    assert s[3].source  # the source stays in the structured field


def test_fourth_edition_note_is_for_a_clinician():
    text = rules(edition="4th")
    assert "iopkit." not in text and "FOURTH_EDITION" not in text
    assert "4th" in text.splitlines()[3] or "fourth" in text.lower()
