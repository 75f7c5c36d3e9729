"""AUDIT: WHO Alcohol Use Disorders Identification Test, 10 items, past year (Babor et al. 2001)."""

from ._model import (
    Band,
    FlagRule,
    IfAnswered,
    Instrument,
    Item,
    Option,
    Scheme,
    SkipRule,
    Subscale,
    When,
    band_flag,
    withdrawal_sign,
)

#: Babor et al. 2001, the WHO AUDIT manual (bibliography key).
WHO_MANUAL = "audit_babor2001"

HOW_OFTEN = (
    Option(0, "Never", 0),
    Option(1, "Less than monthly", 1),
    Option(2, "Monthly", 2),
    Option(3, "Weekly", 3),
    Option(4, "Daily or almost daily", 4),
)
#: Items 9-10 score only 0, 2, 4 (as CamCOPS does).
INJURY_OPTIONS = (
    Option(0, "No", 0),
    Option(2, "Yes, but not in the last year", 2),
    Option(4, "Yes, during the last year", 4),
)

#: Stems; item LOINC codes as bound by HL7 Portugal.
ITEMS = (
    Item(
        1,
        "How often do you have a drink containing alcohol?",
        loinc="68518-0",
        options=(
            Option(0, "Never", 0),
            Option(1, "Monthly or less", 1),
            Option(2, "2-4 times a month", 2),
            Option(3, "2-3 times a week", 3),
            Option(4, "4 or more times a week", 4),
        ),
    ),
    Item(
        2,
        "How many drinks on a typical drinking day?",
        loinc="68519-8",
        options=(
            Option(0, "1 or 2", 0),
            Option(1, "3 or 4", 1),
            Option(2, "5 or 6", 2),
            Option(3, "7 to 9", 3),
            Option(4, "10 or more", 4),
        ),
    ),
    Item(3, "How often six or more drinks on one occasion?", loinc="68520-6", options=HOW_OFTEN),
    Item(4, "Past year: unable to stop drinking once started", loinc="97734-8", options=HOW_OFTEN),
    Item(5, "Past year: failed to do what was expected because of drinking", loinc="97735-5", options=HOW_OFTEN),
    Item(6, "Past year: needed a morning drink after heavy drinking", loinc="97736-3", options=HOW_OFTEN),
    Item(7, "Past year: guilt or remorse after drinking", loinc="97737-1", options=HOW_OFTEN),
    Item(8, "Past year: unable to remember the night before because of drinking", loinc="97738-9", options=HOW_OFTEN),
    Item(9, "Have you or someone else been injured because of your drinking?", loinc="97739-7", options=INJURY_OPTIONS),
    Item(
        10,
        "Has anyone been concerned about your drinking or suggested you cut down?",
        loinc="97740-5",
        options=INJURY_OPTIONS,
    ),
)

#: WHO form skip logic: Q1 never -> go to Q9-10; Q2 + Q3 = 0 -> go to Q9-10.  Skipped items
#: score 0 (the WHO form).  An answer given to a skipped item is kept and scored, with a note to clarify:
#: the skip is the interview version's instruction, while the manual's self-report version asks all ten
#: questions and sums them (Babor et al. 2001), so such answers are real data, never silently dropped.
SKIP_RULES = (
    SkipRule(when=((1, (0,)),), unasked=(2, 3, 4, 5, 6, 7, 8), source=WHO_MANUAL, if_answered=IfAnswered.KEEP),
    SkipRule(when=((2, (0,)), (3, (0,))), unasked=(4, 5, 6, 7, 8), source=WHO_MANUAL, if_answered=IfAnswered.KEEP),
)

AUDIT = Instrument(
    code="audit",
    name="Alcohol Use Disorders Identification Test (AUDIT)",
    items=ITEMS,
    timeframe="past year",
    # WHO risk zones I-IV.  Not sex-specific in the WHO manual.
    schemes=(
        Scheme(
            "who_2001",
            WHO_MANUAL,
            (
                Band(0, 7, "low_risk", "Zone I: alcohol education"),
                Band(8, 15, "hazardous", "Zone II: simple advice"),
                Band(16, 19, "harmful", "Zone III: advice, brief counselling, monitoring"),
                Band(20, 40, "possible_dependence", "Zone IV: refer to a specialist for diagnostic evaluation"),
            ),
        ),
    ),
    subscales=(  # WHO domains: consumption 1-3, dependence 4-6, harm 7-10
        Subscale("consumption", (1, 2, 3), WHO_MANUAL),
        Subscale("dependence", (4, 5, 6), WHO_MANUAL),
        Subscale("harm", (7, 8, 9, 10), WHO_MANUAL),
    ),
    flags=(
        band_flag(
            "positive_screen",
            "AUDIT score 8 or more (hazardous drinking or worse)",
            ("hazardous", "harmful", "possible_dependence"),
            "Offer the intervention for the risk zone (advice, brief counselling or referral)",
            WHO_MANUAL + "; camcops_tasks",
            calls_for="counselling",
        ),
        # "Points scored above 0 on questions 4-6 (especially weekly or daily symptoms) imply the
        # presence or incipient presence of alcohol dependence" (WHO manual, interpretation of scores);
        # the manual's response to possible dependence is a diagnostic evaluation (zone IV).
        FlagRule(
            "incipient_dependence",
            "AUDIT items 4-6 (unable to stop, failed expectations, morning drink) scored above "
            "'never': the presence or incipient presence of alcohol dependence",
            "warning",
            "Assess for alcohol dependence (a diagnostic evaluation) and ask about withdrawal "
            "symptoms at this visit (WHO manual)",
            WHO_MANUAL,
            (When(item=4, at_least=1), When(item=5, at_least=1), When(item=6, at_least=1)),
            calls_for="counselling",
        ),
        # "Give the next-higher intervention if Q4-6 >= 2 or Q9/Q10 = 4" (WHO manual).
        FlagRule(
            "dependence_symptoms",
            "AUDIT items 4-6 (dependence) scored 2 or more",
            "warning",
            "Consider the next-higher intervention level (WHO manual)",
            WHO_MANUAL,
            (When(item=4, at_least=2), When(item=5, at_least=2), When(item=6, at_least=2)),
            calls_for="counselling",
        ),
        FlagRule(
            "alcohol_related_harm_past_year",
            "AUDIT item 9 or 10 answered 'during the last year'",
            "warning",
            "Consider the next-higher intervention level (WHO manual)",
            WHO_MANUAL,
            (When(item=9, at_least=4), When(item=10, at_least=4)),
            calls_for="counselling",
        ),
        # A morning drink (eye-opener) at any frequency: drinking to relieve withdrawal, a sign of
        # dependence (WHO manual: any points on items 4-6), as the CAGE-AID eye-opener is.
        withdrawal_sign(
            "AUDIT item 6, morning drink (needed after heavy drinking, any frequency)",
            6,
            WHO_MANUAL,
            substance="alcohol",
        ),
    ),
    skip_rules=SKIP_RULES,
    context={"sex": (("female", "male", None), None)},
    loinc_panel="72110-0",  # confirmed
    loinc_total="75624-7",  # the full AUDIT total, not AUDIT-C
    citation=WHO_MANUAL,
    licence="WHO: may be freely reviewed, abstracted, reproduced and translated, not for sale or "
    "commercial purposes; public domain per HL7 US Core",
    notes=(
        "WHO risk zones are not sex-specific; sex is recorded but does not change the band.",
        "The WHO manual allows the cut-off to be adjusted to local drinking patterns and "
        "standard-drink size (Babor et al. 2001).",
    ),
)
