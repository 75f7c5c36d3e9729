"""CRAFFT 2.1: adolescent (12-21) substance use screen (Knight et al., Boston Children's Hospital).

Stems paraphrased ((c) Boston Children's Hospital).
Form order: items 1-3 are Part A (days in the past 12 months, not scored), items 4-9 Part B
(C-R-A-F-F-T, yes/no).  ``score`` takes ``{"part_a_days": [3 counts], "part_b": [6 yes/no]}``.
"""

from ._model import (
    FlagRule,
    IfAnswered,
    Instrument,
    Item,
    Scheme,
    SkipRule,
    band_flag,
    safety_question,
    two_bands,
    yes_no_item,
)

CRAFFT_SOURCE = "crafft_knight"

_PART_A = (
    "Days drank more than a few sips of alcohol (past 12 months)",
    "Days used marijuana or cannabis (past 12 months)",
    "Days used anything else to get high (past 12 months)",
)
_PART_B = (
    ("CAR", "Ridden in a car driven by someone (incl. yourself) who was high or drinking"),
    ("RELAX", "Use alcohol or drugs to relax, feel better or fit in"),
    ("ALONE", "Use alcohol or drugs while alone"),
    ("FORGET", "Forget things you did while using alcohol or drugs"),
    ("FRIENDS", "Family or friends told you to cut down"),
    ("TROUBLE", "Gotten into trouble while using alcohol or drugs"),
)

ITEMS = (
    *(Item(n, stem, kind="count", count_range=(0, 365), label=f"A{n}") for n, stem in enumerate(_PART_A, 1)),
    *(yes_no_item(n, stem, label=f"B{n - 3} ({word})") for n, (word, stem) in enumerate(_PART_B, 4)),
)

CRAFFT = Instrument(
    code="crafft",
    name="CRAFFT 2.1",
    items=ITEMS,
    timeframe="past 12 months",
    groups=(("part_a_days", (1, 2, 3)), ("part_b", (4, 5, 6, 7, 8, 9))),
    # Part A all 0 -> ask only CAR; any > 0 -> all six Part B items.  Part B asks "ever", so a "yes"
    # given anyway after 0 days need not contradict Part A: kept and scored, with a note to clarify.
    skip_rules=(
        SkipRule(
            when=((1, (0,)), (2, (0,)), (3, (0,))),
            unasked=(5, 6, 7, 8, 9),
            source=CRAFFT_SOURCE,
            if_answered=IfAnswered.KEEP,
        ),
    ),
    # Score = Part B yes count; >= 2 high risk (Mitchell et al. 2014 probabilities).
    schemes=(Scheme("knight_2_1", CRAFFT_SOURCE, two_bands(2, 0, 6, "lower_risk", "high_risk")),),
    flags=(
        # A "yes" to CAR needs riding-safety counselling regardless of score: a warning, since
        # the CRAFFT guidance asks for counselling, not emergency action.  A safety question
        # always asked: left blank, its worst answer stands until it is asked.
        FlagRule(
            "riding_with_impaired_driver",
            "CRAFFT CAR: rode with a driver who was high or had been drinking",
            "warning",
            "Counsel on riding safety today and agree a safe-ride plan (never ride with an impaired driver)",
            CRAFFT_SOURCE,
            (safety_question(4),),
            calls_for="counselling",
        ),
        band_flag(
            "positive_screen",
            "CRAFFT score 2 or more (high risk)",
            ("high_risk",),
            "Assess further for a substance use disorder",
            CRAFFT_SOURCE,
            calls_for="counselling",
        ),
    ),
    loinc_panel="71942-7",  # original CRAFFT, mirror-only; CRAFFT 2.1 codes
    citation=CRAFFT_SOURCE,
    licence="(c) John R. Knight, Boston Children's Hospital; free to use for clinical care; "
    "electronic or commercial re-use terms not confirmed (check crafft.org)",
    aliases=("crafft2.1", "crafft21"),
    notes=(
        "Part A is not scored; it decides which Part B items are asked.",
        "CRAFFT 2.1+N (nicotine item and Hooked On Nicotine Checklist) is not included.",
    ),
)
