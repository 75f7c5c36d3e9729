"""CAGE-AID: CAGE adapted to include drugs, 4 yes/no items, lifetime (Brown & Rounds 1995)."""

from ._model import (
    Instrument,
    Scheme,
    band_flag,
    two_bands,
    withdrawal_sign,
    yes_no_item,
)

_STEMS = (
    "Felt you ought to cut down on drinking or drug use",
    "People annoyed you by criticising your drinking or drug use",
    "Felt bad or guilty about your drinking or drug use",
    "Had a drink or used drugs first thing in the morning (eye-opener)",
)

CAGE_AID = Instrument(
    code="cage_aid",
    name="CAGE Adapted to Include Drugs (CAGE-AID)",
    items=tuple(yes_no_item(n, s) for n, s in enumerate(_STEMS, 1)),
    timeframe="lifetime",
    schemes=(
        # >= 1 positive: Brown & Rounds 1995 (higher sensitivity in primary care).
        Scheme("brown_rounds_1995", "cageaid_brown1995", two_bands(1, 0, 4)),
        # >= 2: the original alcohol-only CAGE rule (Ewing 1984), used by several sites.
        Scheme("cage_2plus", "cage_ewing1984; camcops_tasks", two_bands(2, 0, 4)),
    ),
    flags=(
        band_flag(
            "positive_screen",
            "CAGE-AID screen positive",
            ("positive",),
            "Assess alcohol and drug use further",
            "cageaid_brown1995",
            calls_for="counselling",
        ),
        # The eye-opener: drinking or using first thing in the morning (lifetime on this form).
        withdrawal_sign(
            "CAGE-AID item 4, eye-opener (a drink or drug first thing in the morning)",
            4,
            "cageaid_brown1995",
            substance="alcohol or drugs",
        ),
    ),
    citation="cageaid_brown1995",
    licence="CAGE believed public domain (Ewing 1984); CAGE-AID free for clinical use",
    notes=(
        "No LOINC code found for CAGE-AID.",
        "Some protocols ask two gate questions first (do you drink? use drugs?).",
    ),
)
