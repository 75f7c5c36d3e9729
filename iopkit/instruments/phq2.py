"""PHQ-2: PHQ-9 items 1-2, 0-6 (Kroenke, Spitzer & Williams 2003)."""

from ._model import Instrument, Scheme, band_flag, two_bands
from .phq9 import ITEMS as PHQ9_ITEMS
from .phq9 import PHQ_LICENCE

PHQ2 = Instrument(
    code="phq2",
    name="Patient Health Questionnaire-2 (PHQ-2)",
    items=PHQ9_ITEMS[:2],
    timeframe="past 2 weeks",
    schemes=(
        # Authors' cut-off >= 3: Kroenke et al. 2003.
        Scheme("kroenke_2003", "phq2_kroenke2003", two_bands(3, 0, 6)),
        # >= 2: more sensitive (86 % vs 61 %), less specific (78 % vs 92 %): Arroll et al. 2010.
        Scheme("arroll_2010", "phq2_arroll2010", two_bands(2, 0, 6)),
    ),
    flags=(
        band_flag(
            "positive_screen",
            "PHQ-2 screen positive for depression",
            ("positive",),
            "Complete the full PHQ-9",
            "phq2_kroenke2003",
            calls_for="complete_form",
        ),
    ),
    loinc_panel="55757-9",  # confirmed
    loinc_total="55758-7",
    citation="phq2_kroenke2003",
    licence=PHQ_LICENCE,
)
