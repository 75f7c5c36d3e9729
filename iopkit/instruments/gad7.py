"""GAD-7: Generalized Anxiety Disorder 7-item scale (Spitzer et al. 2006)."""

from ._model import Band, Instrument, Scheme, choice_items
from .phq9 import FREQUENCY, PHQ_LICENCE

#: Item LOINC codes (PHQ-SADS panel 69729-2).
ITEMS = choice_items(
    (
        "Feeling nervous, anxious or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid as if something awful might happen",
    ),
    FREQUENCY,
    loinc=("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"),
)

GAD7 = Instrument(
    code="gad7",
    name="Generalized Anxiety Disorder 7-item scale (GAD-7)",
    items=ITEMS,
    timeframe="past 2 weeks",
    # 5/10/15 = mild/moderate/severe: Spitzer et al. 2006; Kroenke 2007.
    schemes=(
        Scheme(
            "spitzer_2006",
            "gad7_spitzer2006",
            (Band(0, 4, "minimal"), Band(5, 9, "mild"), Band(10, 14, "moderate"), Band(15, 21, "severe")),
        ),
    ),
    loinc_panel="69737-5",  # mirror-only
    loinc_total="70274-6",  # confirmed
    citation="gad7_spitzer2006",
    licence=PHQ_LICENCE,
)
