"""Physician ruling R20b (session 16), the handover of a suicide screen, swept over the random cases
(tests/random_placements.py): where a suicide screen stands (a C-SSRS screen of moderate or high risk, or a positive
PHQ-9 item 9, today's or of another day) and the headline's first step sends the patient elsewhere (it arranges a
transfer now), the headline tells the receiving team and names each screen that stands, the C-SSRS first, in
:func:`~iopkit.placement.recommendation.assessment_handover`'s words (R19-N2, R20-M1: "today's C-SSRS screen was
moderate risk", "the C-SSRS screen of 20 Nov 2026 was moderate risk", "today's PHQ-9 item 9 was positive", "the PHQ-9
item 9 of 20 Nov 2026 was positive"; typed below, never computed by iopkit); the generic "that a suicide screen was
positive" only where no screen can be named (Posner et al. 2011: the handover is where a screen is lost; Joint
Commission NPSG 15.01.01).

What the sweep found and fixed: two screens told at handover (:data:`~iopkit.placement.resolution.SCREENED_AT_HANDOVER`)
were told in the flags' order, a PHQ-9 item 9 before the C-SSRS (cases 13, 99, 168, 389): now the C-SSRS first.
Physician review R21 (session 19) ruled the words the sweep had left for a ruling: today's CIWA-Ar item 10 at 1's
conditional delirium transfer tells the receiving team if transferred (must-fix M2), dimension 3 rated 4 and a C-SSRS
high's transfer tell it at handover (should-fix S6, S7). Physician review R22 (session 19, must-fix M2) ruled the 8
cases it had left as strict xfails (31, 54, 63, 75, 126, 210, 353, 360: a C-SSRS high evaluated on site beside a
transfer said only on a condition): "(if transferred: at handover tell the receiving team that today's C-SSRS screen
was high risk ... and whether the emergency evaluation for suicide risk was completed here ...)" after that transfer
(tests/test_placement_headline_review_r22.py).
"""

from __future__ import annotations

import re

import pytest

from tests.random_placements import built, cases

RECEIVING_TEAM = "receiving team"
FALLBACK = "that a suicide screen was positive"
#: Each screen that stands, as assessment_handover names it (its day: of another day than the placement's or not).
NAMES = {
    ("suicide_risk_high", False): "today's C-SSRS screen was high risk",
    ("suicide_risk_high", True): "the C-SSRS screen of 20 Nov 2026 was high risk",
    ("suicide_risk_moderate", False): "today's C-SSRS screen was moderate risk",
    ("suicide_risk_moderate", True): "the C-SSRS screen of 20 Nov 2026 was moderate risk",
    ("suicidal_ideation", False): "today's PHQ-9 item 9 was positive",
    ("suicidal_ideation", True): "the PHQ-9 item 9 of 20 Nov 2026 was positive",
}
_LATER = re.compile(r"\. (?:Also|Then)\b")
#: R60 Q2(a): an old CIWA-Ar re-score's severe branch, a transfer only on the re-score; what its suicide boxes and the
#: headline's same-day assessment tell at that handover is R60 Q2(b)'s (another builder's), not read here (cases 101,
#: 131, 220, 285, 298, 345, 418, 579, 590, 599, 615, 624, 666, 765, 784)
R60_SEVERE_BRANCH = re.compile(
    r"on the re-score, intoxicated or not: if 15 or more, .*?if below 15 and not intoxicated: a prescriber treats on "
    r"today's score \(medication at 10 or more; consider at 8-9\)"
)


def standing(r) -> list[tuple[str, bool]]:  # type: ignore[no-untyped-def]
    """The suicide screens that stand in ``r``, ``(code, of another day)``, the C-SSRS first (a blank question's
    worst case and a withdrawn flag are not screens that stand)."""
    earlier = {(code, message) for s in r.suggested for code, message, _day in s.earlier}
    found = {
        (f.code, (f.code, f.message) in earlier)
        for f in r.flags
        if (f.code, False) in NAMES and f.withdrawn is None and not f.worst_case
    }
    return sorted(found, key=lambda s: (s[0] == "suicidal_ideation", s))


def gaps(r) -> list[str]:  # type: ignore[no-untyped-def]
    """What the ruling finds missing in ``r``'s headline: ``[]`` where no screen stands or the first step sends the
    patient nowhere."""
    screens, h = standing(r), r.headline
    # R60 Q2(a): the re-score's severe branch read as no transfer now here (was: the whole first step read)
    if not screens or "arrange transfer now" not in R60_SEVERE_BRANCH.sub("", _LATER.split(h, 1)[0]):
        return []
    out = [] if RECEIVING_TEAM in h else ["the receiving team not told"]
    out += [f"not named: {NAMES[s]}" for s in screens if NAMES[s] not in h]
    at = [h.find(NAMES[s]) for s in screens if NAMES[s] in h]
    out += ["not the C-SSRS first"] * (at != sorted(at))
    out += [f"the generic {FALLBACK!r} beside a screen it can name"] * (FALLBACK in h)
    return out


@pytest.mark.parametrize("chunk", range(4))
def test_sweep_every_standing_screen_is_told_to_the_receiving_team(chunk: int) -> None:
    found = []
    for case in cases()[chunk::4]:
        r = built(case)
        if missing := gaps(r):
            found.append(f"{case}: {missing}: {r.headline}")
    assert not found, "\n\n".join(found)


def test_the_c_ssrs_is_told_first_beside_an_old_phq_9_item_9():
    """Case 13 of the sweep (old moderate C-SSRS and old PHQ-9 item 9 beside a transfer): the C-SSRS first (before
    the fix, the PHQ-9 item 9 first)."""
    h = built(cases()[13]).headline
    told = (
        # physician review R23a, finding 7 (before: "... over 3 months ago) and was never assessed and that ...")
        # R26b M1 (c): the re-score, the delirium screen and any dose with its time first
        "tell the receiving team the CIWA-Ar re-score, the delirium screen and any dose with its time, that the "
        "C-SSRS screen of 20 Nov 2026 was moderate risk (method considered, or "
        "suicidal behaviour over 3 months ago; never assessed) and that the PHQ-9 item 9 of 20 Nov 2026 was "
        "positive (never assessed)"
    )
    assert told in h, h
