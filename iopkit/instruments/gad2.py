"""GAD-2: GAD-7 items 1-2, 0-6 (Kroenke et al. 2007). Facts: clinical-reference.md §2.7."""

from ._model import Instrument, Scheme, band_flag, two_bands
from .gad7 import ITEMS as GAD7_ITEMS
from .phq9 import PHQ_LICENCE

GAD2 = Instrument(
    code="gad2",
    name="Generalized Anxiety Disorder 2-item scale (GAD-2)",
    items=GAD7_ITEMS[:2],
    timeframe="past 2 weeks",
    # >= 3: sensitivity 86 %, specificity 83 % for GAD [S] R24b, R24c (Kroenke et al. 2007).
    schemes=(Scheme("kroenke_2007", "Kroenke et al. 2007, Ann Intern Med 146:317-325 [S] R24b, R24c",
                    two_bands(3, 0, 6)),),
    flags=(band_flag("positive_screen", "GAD-2 screen positive for anxiety", ("positive",),
                     "Complete the full GAD-7", "Kroenke et al. 2007 [S] R24b",
                     calls_for="complete_form"),),
    citation="Kroenke K, Spitzer RL, Williams JBW, Monahan PO, Löwe B. Anxiety disorders in primary "
             "care: prevalence, impairment, comorbidity, and detection. Ann Intern Med 2007;146:317-325",
    licence=PHQ_LICENCE,
    notes=("No LOINC panel or total code for GAD-2 was found (data-standards.md §2.1, unconfirmed).",),
)
