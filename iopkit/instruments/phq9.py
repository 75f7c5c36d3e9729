"""PHQ-9: Patient Health Questionnaire, 9 items, past 2 weeks (Kroenke, Spitzer & Williams 2001)."""

from ._model import (
    Band,
    FlagRule,
    Instrument,
    Scheme,
    choice_items,
    labelled,
    safety_question,
)

#: LOINC answer list LL358-3 (PHQ-9/GAD-7 frequency), scores 0-3
FREQUENCY = labelled({0: "Not at all", 1: "Several days", 2: "More than half the days", 3: "Nearly every day"}, 3)

PHQ_LICENCE = (
    "Pfizer: no permission is required to reproduce, translate, display or distribute "
    "(as stated in the HL7 SDC PHQ-9 copyright note)"
)

#: Item LOINC codes in form order (US Core / SDC examples).
ITEMS = choice_items(
    (
        "Little interest or pleasure in doing things",
        "Feeling down, depressed or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself, or that you are a failure",
        "Trouble concentrating on things",
        "Moving or speaking slowly, or being fidgety or restless",
        "Thoughts that you would be better off dead or of hurting yourself",
    ),
    FREQUENCY,
    loinc=("44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"),
)

PHQ9 = Instrument(
    code="phq9",
    name="Patient Health Questionnaire-9 (PHQ-9)",
    items=ITEMS,
    timeframe="past 2 weeks",
    # Bands 0-4/5-9/10-14/15-19/20-27: Kroenke et al. 2001; (as CamCOPS does).
    schemes=(
        Scheme(
            "kroenke_2001",
            "phq9_kroenke2001",
            (
                Band(0, 4, "minimal"),
                Band(5, 9, "mild"),
                Band(10, 14, "moderate"),
                Band(15, 19, "moderately_severe"),
                Band(20, 27, "severe"),
            ),
        ),
    ),
    flags=(
        # Item 9 >= 1 flags whatever the total (CamCOPS counts suicidality whenever present).
        # A safety question: left blank, its worst answer stands until it is asked.  A positive screen gets a
        # suicide risk assessment by a clinician before the patient leaves (Joint Commission NPSG 15.01.01).
        FlagRule(
            "suicidal_ideation",
            "Possible suicidal ideation (PHQ-9 item 9, thoughts of being better off dead or of self-harm)",
            "critical",
            "Ask about suicidal thoughts today and complete a suicide risk assessment "
            "(e.g. C-SSRS) before the patient leaves",
            "phq9_kroenke2001; camcops_tasks; cssrs_posner2011; joint_commission_npsg15",
            (safety_question(9),),
            calls_for="risk_assessment",
        ),
    ),
    loinc_panel="44249-1",  # HL7 US Core PHQ-9 panel example
    loinc_total="44261-6",  # confirmed
    citation="phq9_kroenke2001",
    licence=PHQ_LICENCE,
    notes=("The unscored 10th item (how difficult) is not part of this definition.",),
)
