"""GAD-2: GAD-7 items 1-2, 0-6 (Kroenke et al. 2007)."""

from ._model import Instrument, Scheme, band_flag, two_bands
from .gad7 import ITEMS as GAD7_ITEMS
from .phq9 import PHQ_LICENCE

GAD2 = Instrument(
    code="gad2",
    name="Generalized Anxiety Disorder 2-item scale (GAD-2)",
    items=GAD7_ITEMS[:2],
    timeframe="past 2 weeks",
    # >= 3: sensitivity 86 %, specificity 83 % for GAD (Kroenke et al. 2007).
    schemes=(Scheme("kroenke_2007", "gad2_kroenke2007", two_bands(3, 0, 6)),),
    flags=(
        band_flag(
            "positive_screen",
            "GAD-2 screen positive for anxiety",
            ("positive",),
            "Complete the full GAD-7",
            "gad2_kroenke2007",
            calls_for="complete_form",
        ),
    ),
    citation="gad2_kroenke2007",
    licence=PHQ_LICENCE,
    notes=("No LOINC panel or total code for GAD-2 was found.",),
)
