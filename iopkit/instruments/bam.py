"""BAM: Brief Addiction Monitor, 17 items, past 30 days (Cacciola et al. 2013; VA).

This definition takes the 0-4 scored (Likert) format:
day counts are entered as their 0-4 score, item 14 (income) as 0 "No" / 4 "Yes".
Item 7 (days per drug class, 7A-7G) is recorded elsewhere: pass ``None``.  The BAM has no
validated total; item-level review is its main use.
"""

from ._model import FlagRule, Instrument, Item, Option, Subscale, When, labelled

BAM_SOURCE = "bam_cacciola2013"
#: The 0-4 format and its clinically significant thresholds: the BAM paper and the VA manual for the
#: scales; the numeric 0-4 cut-offs themselves are stated only in a secondary scoring guide.
BAM_SCORING = "bam_cacciola2013; bam_va_manual; bam_scoring_guide"

#: Day counts scored 0-4 (0 = 0 days, 4 = 16-30 days); middle bins as printed on the VA form.
DAYS = labelled({0: "0 days", 1: "1-3 days", 2: "4-8 days", 3: "9-15 days", 4: "16-30 days"}, 4)
AMOUNT = labelled({0: "Not at all", 1: "Slightly", 2: "Moderately", 3: "Considerably", 4: "Extremely"}, 4)

ITEMS = (
    Item(
        1,
        "Physical health in general",
        options=labelled({0: "Excellent", 1: "Very good", 2: "Good", 3: "Fair", 4: "Poor"}, 4),
    ),
    Item(2, "Nights with trouble falling or staying asleep", options=DAYS),
    Item(3, "Days felt depressed, anxious, angry or very upset throughout most of the day", options=DAYS),
    Item(4, "Days drank any alcohol", options=DAYS),
    Item(5, "Days had heavy drinking (5+ drinks men, 4+ women)", options=DAYS),
    Item(6, "Days used illegal drugs or misused prescription medication", options=DAYS),
    Item(7, "Days used each drug class (7A-7G; recorded separately)", kind="not_recorded"),
    Item(8, "How much bothered by cravings or urges to drink alcohol or use drugs", options=AMOUNT),
    Item(9, "How confident in your ability to be completely abstinent in the next 30 days", options=AMOUNT),
    Item(10, "Days attended self-help meetings (like AA or NA) to support your recovery", options=DAYS),
    Item(
        11,
        "Days in situations or with people that might increase your risk of using (risky people, places or things)",
        options=DAYS,
    ),
    Item(12, "Does your religion or spirituality help support your recovery", options=AMOUNT),
    Item(13, "Days spent at work, school or volunteering", options=DAYS),
    Item(
        14, "Enough income from legal sources to pay for necessities", options=(Option(0, "No", 0), Option(4, "Yes", 4))
    ),
    Item(
        15,
        "How much bothered by arguments or problems getting along with any family members or friends",
        options=AMOUNT,
    ),
    Item(16, "Days in contact or spent time with family or friends who support your recovery", options=DAYS),
    Item(17, "Satisfaction with progress toward recovery goals", options=AMOUNT),
)

BAM = Instrument(
    code="bam",
    name="Brief Addiction Monitor (BAM), 0-4 scored format",
    items=ITEMS,
    timeframe="past 30 days",
    aggregate=None,
    # Use 4+5+6; Risk 1+2+3+8+11+15; Protective 9+10+12+13+14+16; item 17 in no subscale.
    subscales=(
        Subscale("use", (4, 5, 6), BAM_SOURCE),
        Subscale("risk", (1, 2, 3, 8, 11, 15), BAM_SOURCE),
        Subscale("protective", (9, 10, 12, 13, 14, 16), BAM_SOURCE),
    ),
    # Clinically significant (0-4 format): Use >= 1, Risk >= 12, Protective <= 12.
    flags=(
        FlagRule(
            "substance_use",
            "BAM Use subscale 1 or more: alcohol or drug use in the past 30 days",
            "warning",
            "Review use with the patient and revisit the treatment plan",
            BAM_SCORING,
            (When(subscore="use", at_least=1),),
            calls_for="counselling",
        ),
        FlagRule(
            "high_risk_factors",
            "BAM Risk subscale 12 or more",
            "warning",
            "Review the risk items (sleep, mood, craving, risky situations, conflict)",
            BAM_SCORING,
            (When(subscore="risk", at_least=12),),
            calls_for="counselling",
        ),
        FlagRule(
            "low_protective_factors",
            "BAM Protective subscale 12 or less",
            "warning",
            "Review the protective items (confidence, meetings, work, income, sober support)",
            BAM_SCORING,
            (When(subscore="protective", at_most=12),),
            calls_for="counselling",
        ),
    ),
    citation=BAM_SOURCE,
    licence="Developed by the VA (VISN 4 MIRECC); a US government work (not confirmed)",
    notes=("Never compare subscales across the days (0-30) and 0-4 formats.", "No LOINC code found."),
)
