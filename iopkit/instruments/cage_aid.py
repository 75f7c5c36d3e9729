"""CAGE-AID: CAGE adapted to include drugs, 4 yes/no items, lifetime (Brown & Rounds 1995).

Facts: clinical-reference.md §2.4.
"""

from ._model import Instrument, Scheme, band_flag, two_bands, yes_no_item

_STEMS = ("Felt you ought to cut down on drinking or drug use",
          "People annoyed you by criticising your drinking or drug use",
          "Felt bad or guilty about your drinking or drug use",
          "Had a drink or used drugs first thing in the morning (eye-opener)")

CAGE_AID = Instrument(
    code="cage_aid",
    name="CAGE Adapted to Include Drugs (CAGE-AID)",
    items=tuple(yes_no_item(n, s) for n, s in enumerate(_STEMS, 1)),
    timeframe="lifetime",
    schemes=(
        # >= 1 positive: Brown & Rounds 1995 (higher sensitivity in primary care) [S] R14, R15.
        Scheme("brown_rounds_1995", "Brown & Rounds 1995, Wis Med J 94:135-140 (>= 1) [S] R14, R15",
               two_bands(1, 0, 4)),
        # >= 2: the original alcohol-only CAGE rule (Ewing 1984), used by several sites [S] R14, R13.
        Scheme("cage_2plus", "Ewing 1984, JAMA 252:1905-1907 (CAGE rule >= 2) [S] R14, R13",
               two_bands(2, 0, 4)),
    ),
    flags=(band_flag("positive_screen", "CAGE-AID screen positive", ("positive",),
                     "Assess alcohol and drug use further", "Brown & Rounds 1995 [S] R14",
                     calls_for="counselling"),),
    citation="Brown RL, Rounds LA. Conjoint screening questionnaires for alcohol and other drug "
             "abuse. Wis Med J 1995;94:135-140",
    licence="CAGE believed public domain (Ewing 1984) [S] R12; CAGE-AID free clinical use [S] R14",
    notes=("No LOINC code found for CAGE-AID [U].",
           "Some protocols ask two gate questions first (do you drink? use drugs?) [S] R15."),
)
