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
What it found and left for a ruling (strict xfail, :data:`KNOWN`): the fix would be new words, not
assessment_handover's pattern.
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
    if not screens or "arrange transfer now" not in _LATER.split(h, 1)[0]:
        return []
    out = [] if RECEIVING_TEAM in h else ["the receiving team not told"]
    out += [f"not named: {NAMES[s]}" for s in screens if NAMES[s] not in h]
    at = [h.find(NAMES[s]) for s in screens if NAMES[s] in h]
    out += ["not the C-SSRS first"] * (at != sorted(at))
    out += [f"the generic {FALLBACK!r} beside a screen it can name"] * (FALLBACK in h)
    return out


#: The cases the sweep finds short of the ruling whose fix is not assessment_handover's pattern (a ruling is needed):
#: each a strict xfail.
KNOWN = {
    # a C-SSRS high risk: the first step is the emergency evaluation for suicide risk itself (the screen is its
    # reason, "high suicide risk (C-SSRS screen)"); no words tell a receiving team of the high, or of a PHQ-9 item 9
    # beside it, and none are ruled
    "C-SSRS high: the evaluation's own screen, no handover words ruled": (
        7,
        24,
        26,
        31,
        43,
        54,
        63,
        75,
        76,
        109,
        114,
        122,
        126,
        127,
        143,
        171,
        192,
        210,
        221,
        237,
        248,
        254,
        300,
        311,
        318,
        353,
        360,
        366,
        376,
        386,
        394,
    ),  # fmt: skip
    # dimension 3 rated 4: "emergency psychiatric evaluation now, including suicide risk: arrange transfer now (ED)"
    # names no screen at all (not among its reasons either); assessment_handover's "ask them for a suicide risk
    # assessment" would repeat the evaluation's own, so the words need a ruling
    "dimension 3 rated 4: the psychiatric evaluation names no screen": (6, 42, 117, 160, 240, 250, 257, 346, 397),
    # today's CIWA-Ar item 10 at 1: "if delirium: emergency evaluation: arrange transfer now (ED, or 4-WM)" is a
    # conditional transfer beside "then, before the patient leaves, a same-day suicide risk assessment", without an
    # "(if transferred: at handover tell the receiving team ...)" as an old CIWA-Ar's conditional transfer says it
    # (R8 must-fix 3, R9 N3); changing it changes typed expectations of earlier reviews, so it waits for a ruling
    "CIWA-Ar item 10 at 1: the conditional delirium transfer without the handover": (29, 157, 159, 204),
}
_KNOWN_CASES = {n: why for why, numbers in KNOWN.items() for n in numbers}


@pytest.mark.parametrize("chunk", range(4))
def test_sweep_every_standing_screen_is_told_to_the_receiving_team(chunk: int) -> None:
    found = []
    for case in cases()[chunk::4]:
        if case.number in _KNOWN_CASES:
            continue
        r = built(case)
        if missing := gaps(r):
            found.append(f"{case}: {missing}: {r.headline}")
    assert not found, "\n\n".join(found)


@pytest.mark.parametrize(
    "number",
    [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=why)) for n, why in sorted(_KNOWN_CASES.items())],
)
def test_known_cases_short_of_the_ruling(number: int) -> None:
    assert not gaps(built(cases()[number]))


def test_the_c_ssrs_is_told_first_beside_an_old_phq_9_item_9():
    """Case 13 of the sweep (old moderate C-SSRS and old PHQ-9 item 9 beside a transfer): the C-SSRS first (before
    the fix, the PHQ-9 item 9 first)."""
    h = built(cases()[13]).headline
    told = (
        "tell the receiving team that the C-SSRS screen of 20 Nov 2026 was moderate risk (method considered, or "
        "suicidal behaviour over 3 months ago) and was never assessed and that the PHQ-9 item 9 of 20 Nov 2026 was "
        "positive (never assessed)"
    )
    assert told in h, h
