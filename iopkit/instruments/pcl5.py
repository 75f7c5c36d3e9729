"""PCL-5: PTSD Checklist for DSM-5, 20 items 0-4, past month (Weathers et al. 2013; NCPTSD)."""

from ._model import (
    Band,
    Criterion,
    FlagRule,
    Instrument,
    Scheme,
    Subscale,
    When,
    choice_items,
    labelled,
    safety_question,
)

NCPTSD = "pcl5_weathers2013"

ITEMS = choice_items(
    (
        "Repeated disturbing memories of the stressful experience",
        "Repeated disturbing dreams of the stressful experience",
        "Suddenly feeling or acting as if it were happening again",
        "Feeling very upset when something reminded you of it",
        "Strong physical reactions when something reminded you of it",
        "Avoiding memories, thoughts or feelings related to it",
        "Avoiding external reminders of it",
        "Trouble remembering important parts of it",
        "Strong negative beliefs about yourself, other people or the world",
        "Blaming yourself or someone else for it",
        "Strong negative feelings such as fear, horror, anger, guilt or shame",
        "Loss of interest in activities you used to enjoy",
        "Feeling distant or cut off from other people",
        "Trouble experiencing positive feelings",
        "Irritable behaviour, angry outbursts or acting aggressively",
        "Taking too many risks or doing things that could cause you harm",
        "Being superalert, watchful or on guard",
        "Feeling jumpy or easily startled",
        "Difficulty concentrating",
        "Trouble falling or staying asleep",
    ),
    labelled({0: "Not at all", 1: "A little bit", 2: "Moderately", 3: "Quite a bit", 4: "Extremely"}, 4),
)

_CLUSTERS = (
    ("b", "intrusion", (1, 2, 3, 4, 5)),
    ("c", "avoidance", (6, 7)),
    ("d", "negative_cognition_mood", (8, 9, 10, 11, 12, 13, 14)),
    ("e", "arousal_reactivity", (15, 16, 17, 18, 19, 20)),
)


def _schemes():
    # Provisional PTSD at a total cut-point of 31-33; "no empirically derived severity ranges".
    return tuple(
        Scheme(
            f"ncptsd_{cut}",
            NCPTSD + ("; camcops_tasks" if cut == 33 else ""),
            (Band(0, cut - 1, "below_threshold"), Band(cut, 80, "probable_ptsd")),
        )
        for cut in (33, 31, 32)
    )


PCL5 = Instrument(
    code="pcl5",
    name="PTSD Checklist for DSM-5 (PCL-5)",
    items=ITEMS,
    timeframe="past month",
    schemes=_schemes(),  # default 33: used by NCPTSD's first guidance and CamCOPS
    subscales=(
        # Clusters B 1-5, C 6-7, D 8-14, E 15-20.
        *(Subscale(f"cluster_{c}", items, NCPTSD) for c, _, items in _CLUSTERS),
        # DSM-5 rule: an item rated 2 (moderately) or more counts as endorsed.
        *(Subscale(f"cluster_{c}_endorsed", items, NCPTSD, count_at_least=2) for c, _, items in _CLUSTERS),
    ),
    criteria=(
        Criterion(
            "provisional_dsm5",
            (
                ("cluster_b_endorsed", 1),
                ("cluster_c_endorsed", 1),
                ("cluster_d_endorsed", 2),
                ("cluster_e_endorsed", 2),
            ),
            NCPTSD,
        ),
    ),
    flags=(
        FlagRule(
            "probable_ptsd",
            "PCL-5 suggests provisional PTSD (cut-point or DSM-5 rule)",
            "warning",
            "Confirm with a clinical interview (e.g. CAPS-5) and plan trauma-focused care",
            NCPTSD,
            (When(bands=("probable_ptsd",)), When(subscore="provisional_dsm5", at_least=1)),
            calls_for="counselling",
        ),
        # Item 16 at "quite a bit" or more: risky or harmful behaviour, which can be self-harm.
        # No published rule reads it as a suicide screen: iopkit's own (the item's meaning from Weathers et al.
        # 2013).  Once read so, the check is a suicide risk assessment by a clinician the same day, as after any
        # positive screen (Joint Commission NPSG 15.01.01).  A safety question: left blank on a started form, its
        # worst answer stands until it is asked.
        FlagRule(
            "possible_self_harm",
            "PCL-5 item 16 (taking too many risks or doing things that could cause you harm) at 'quite a bit' or more",
            "warning",
            "Check for self-harm and suicidal thoughts today (e.g. C-SSRS) and "
            "address risky behaviour in the safety plan",
            NCPTSD + "; cssrs_posner2011; joint_commission_npsg15; iopkit",
            (safety_question(16, at_least=3),),
            calls_for="risk_assessment",
        ),
    ),
    loinc_panel="101697-1",  # mirror-only
    loinc_total="101698-9",
    citation=NCPTSD,
    licence="US government work (VA National Center for PTSD), not copyrighted",
)
