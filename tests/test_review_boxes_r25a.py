"""Physician review R25a, item 3: the continued-stay review's suicide box names the suicide risk assessment once (it
named it three times: its "Calls for" line, its own next step and each folded flag's next step), and the overdose
box says the screen's findings before its next step (they were inside "Next step", after the box's own step).

Patients (typed by hand; placed at Level 2.1 on 20 Nov 2026, read on 4 Dec 2026): R25A-2 of
``test_review_order_r25a`` (PHQ-9 item 9 at 1 and AUDIT item 6 at 1 on 24 Nov, C-SSRS screen moderate risk on 25 Nov,
urine screen of 30 Nov positive for fentanyl, negative for opiates); R25A-4: PHQ-9 item 9 at 1 only; R25A-5: C-SSRS
screen item 1 yes only (low risk).
"""

from __future__ import annotations

import datetime as dt
import html
import re

from iopkit import score
from iopkit.episode import Episode
from iopkit.markup import flags_html
from iopkit.placement import recommend
from iopkit.placement.continued_stay import each_once
from iopkit.store import Store

from .test_review_order_r25a import _r25a_2

D = dt.date
UNTIL = "no step-down until then (the assessment, not the screen, decides any change of level)"
# walk24 10: beside the C-SSRS screen the screen asked about suicidal thoughts; "(e.g. C-SSRS)" is no longer said
PHQ9_AND_MODERATE = (
    "Complete a suicide risk assessment by a qualified clinician, with safety planning, before the patient leaves (the "
    "C-SSRS screen asked about suicidal thoughts: it is a screen, not the assessment), and record what was done; "
    f"consider safety precautions (do not leave the patient alone) until it is done; {UNTIL}"
)
PHQ9_ONLY = (
    "Ask about suicidal thoughts today and complete a suicide risk assessment (e.g. C-SSRS) before the patient leaves "
    f"and record what was done; {UNTIL}"
)
LOW_ONLY = (
    "Complete a suicide risk assessment by a qualified clinician before the patient leaves and record what was done; "
    f"review the safety plan and give the 988 Lifeline number; {UNTIL}"
)
OVERDOSE_TITLE = (
    "High risk of opioid overdose (fentanyl, 30 Nov): offer naloxone and overdose education today. Opiates negative: "
    "ask whether the patient knew it was fentanyl (it is in the heroin, counterfeit pill and stimulant supply); "
    "alcohol use this episode (AUDIT item 6, 24 Nov): with opioids it raises the risk of fatal overdose"
)
OVERDOSE_STEP = (
    "Offer naloxone and overdose education at this visit if the patient is here, otherwise reach the patient today "
    "(phone); ask about use and route; review the treatment plan, including medication for opioid use disorder (start "
    "or adjust it; never stop it or discharge the patient for a positive result); record what was done; no step-down "
    "until then; Do not change the level of care on the screen alone; send for confirmatory (definitive) testing when "
    "the patient disputes the result or it will change care; review sedative and alcohol use with the patient (do not "
    "stop a prescribed benzodiazepine abruptly)"
)


def _one(tmp_path, name, instrument, answers):
    store = Store(tmp_path / f"{name}.sqlite")
    pid = store.add_patient(name)
    store.save(pid, recommend({1: 0, 2: 0, 3: 2, 4: 1, 5: 2, 6: 1}), by="KM", when=D(2026, 11, 20))
    store.save(pid, score(instrument, answers), by="KM", when=D(2026, 11, 24))
    return Episode.from_store(store, pid, as_of=D(2026, 12, 4))


def _box(episode, code):
    (box,) = [f for f in each_once(episode.review_flags) if f.code == code]
    return box


def _shown(box) -> str:
    """The box as a page shows it, in words, without its sources."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", flags_html([box])))).split("Source:")[0]


def test_the_suicide_box_of_phq9_item_9_and_a_cssrs_moderate_names_the_assessment_once(tmp_path):
    box = _box(_r25a_2(tmp_path), "risk_assessment_due")
    assert box.action == PHQ9_AND_MODERATE
    shown = _shown(box)
    assert f"Next step: {PHQ9_AND_MODERATE}" in shown and "Calls for" not in shown
    assert shown.lower().count("suicide risk assessment") == 1


def test_the_suicide_box_of_phq9_item_9_alone(tmp_path):
    box = _box(_one(tmp_path, "R25A-4", "phq9", [1] * 9), "risk_assessment_due")
    assert box.action == PHQ9_ONLY
    assert _shown(box).lower().count("suicide risk assessment") == 1


def test_the_suicide_box_of_a_cssrs_low_alone(tmp_path):
    box = _box(_one(tmp_path, "R25A-5", "cssrs_screen", [1, 0, 0, 0, 0, 0, 0]), "risk_assessment_due")
    assert box.action == LOW_ONLY
    assert _shown(box).lower().count("suicide risk assessment") == 1


def test_the_overdose_box_says_its_findings_then_its_next_step(tmp_path):
    box = _box(_r25a_2(tmp_path), "overdose_risk_due")
    assert (box.message, box.action) == (OVERDOSE_TITLE, OVERDOSE_STEP)
    shown = _shown(box)
    assert shown.index("Opiates negative") < shown.index("Next step:")
    assert "knew it was fentanyl" not in shown.split("Next step:")[1]


# --- item 4: a flag's record by its instrument's name and day, "(PHQ-9, 24 Nov)", never "(phq9, week 0)" -----------
SUICIDE_BOX_R25A_2 = (
    "Unresolved suicide-risk flag(s): Possible suicidal ideation (PHQ-9 item 9, thoughts of being better off dead or "
    "of self-harm) (PHQ-9, 24 Nov); C-SSRS moderate risk: method considered, or suicidal behaviour over 3 months ago "
    "(C-SSRS screen, 25 Nov)"
)
WITHDRAWAL_HOLD_R25A_2 = (
    "unresolved withdrawal or medical flag(s) in this episode: AUDIT item 6, morning drink (needed after heavy "
    "drinking, any frequency): a sign of physical dependence, so withdrawal may follow (AUDIT, 24 Nov); a step-down "
    "waits until each is resolved"
)


def test_the_review_names_each_flags_record_by_its_instrument_and_day(tmp_path):
    episode = _r25a_2(tmp_path)
    assert _box(episode, "risk_assessment_due").message == SUICIDE_BOX_R25A_2
    reasons = {r.code: r.finding for r in episode.review.reasons}
    assert reasons["unresolved_medical_review"] == WITHDRAWAL_HOLD_R25A_2
    assert reasons["unresolved_risk_assessment"].startswith("unresolved suicide-risk flag(s) in this episode: ")
    assert "(PHQ-9, 24 Nov); C-SSRS moderate risk" in reasons["unresolved_risk_assessment"]
    words = " ".join([*reasons.values(), *(f.message for f in each_once(episode.review_flags))])
    assert ", week " not in words and "(phq9" not in words and "cssrs_screen" not in words


def test_a_resolved_flag_is_named_by_its_instrument_and_day_in_the_findings(tmp_path):
    from iopkit.placement import FlagResolution

    store = Store(tmp_path / "r25a6.sqlite")
    pid = store.add_patient("R25A-6")
    store.save(pid, recommend({1: 0, 2: 0, 3: 2, 4: 1, 5: 2, 6: 1}), by="KM", when=D(2026, 11, 20))
    record = store.save(pid, score("phq9", [1] * 9), by="KM", when=D(2026, 11, 24))
    done = FlagResolution(
        "suicidal_ideation",
        "phq9",
        0,
        "C-SSRS full assessment; safety plan agreed",
        "KM",
        D(2026, 11, 24),
        record=str(record),
        risk_level="low",
    )
    store.save(pid, done, by="KM", when=D(2026, 11, 24))
    episode = Episode.from_store(store, pid, as_of=D(2026, 12, 4))
    (resolved,) = [r.finding for r in episode.review.findings if r.code == "flag_resolved"]
    assert resolved.startswith(
        "Possible suicidal ideation (PHQ-9 item 9, thoughts of being better off dead or of self-harm) (PHQ-9, 24 Nov): "
    )
