"""The CIWA-Ar shows clinicians the published item titles and answer anchors, not paraphrases.

Every text below is typed by hand from the published form (never read from iopkit's definitions), as printed, in
lower case where the form prints it so; iopkit shows it with its first letter capitalised.  The answer values (codes
and points) are typed too: changing a display text must not change a score.

CIWA-Ar: Sullivan JT, Sykora K, Schneiderman J, Naranjo CA, Sellers EM. Assessment of alcohol withdrawal: the revised
Clinical Institute Withdrawal Assessment for Alcohol scale (CIWA-Ar). Br J Addict 1989;84:1353-7 (the form: "This
scale is not copyrighted and may be used freely").  Compared reproductions of the form: the CamCOPS CIWA-Ar strings
(ucam-department-of-psychiatry/camcops, server/camcops_server/extra_strings/ciwa.xml, all items); the UpToDate
CIWA-Ar calculator (items 1-5); caregiverology.com/ciwa-ar.html (items 1-5); the Cleveland Clinic Journal of
Medicine CIWA-Ar table (items 1-7; it rewords some anchors); a hospital EHR form transcribing the printed two-column
form, and MDCalc-derived calculators (all items).  Where they differ:

* item 1 at 1: "mild nausea with no vomiting" (CamCOPS, UpToDate, caregiverology, the EHR form); MDCalc "mild nausea
  and no vomiting" -- the printed form's "with" kept;
* item 4 at 1: "mild anxious" (CamCOPS, the EHR form: transcriptions of the printed form) vs "mildly anxious"
  (UpToDate, caregiverology, MDCalc, CCJM) -- read as a misprint, "mildly anxious" shown;
* item 10 at 4: "disoriented for place/or person" (CamCOPS, the EHR form) vs "disoriented for place and/or person"
  (MDCalc-derived calculators and others) -- read as a misprint, "and/or" shown.
"""

from __future__ import annotations

import pytest

from iopkit.instruments import get
from iopkit.interop import sdc
from iopkit.scoring.engine import item_name


def shown(text: str) -> str:
    """A printed text as iopkit shows it: its first letter capitalised, nothing else changed."""
    return text[:1].upper() + text[1:]


# CIWA-Ar (Sullivan et al. 1989): item -> (title, the form's instruction or question shown after the title in
# brackets, or None; {code: anchor} for the codes the form prints an anchor at; highest code).
CIWA_AR = {
    1: (
        "nausea and vomiting",
        None,
        {
            0: "no nausea and no vomiting",
            1: "mild nausea with no vomiting",
            4: "intermittent nausea with dry heaves",
            7: "constant nausea, frequent dry heaves and vomiting",
        },
        7,
    ),
    2: (
        "tremor",
        "arms extended and fingers spread apart",
        {
            0: "no tremor",
            1: "not visible, but can be felt fingertip to fingertip",
            4: "moderate, with patient's arms extended",
            7: "severe, even with arms not extended",
        },
        7,
    ),
    3: (
        "paroxysmal sweats",
        None,
        {
            0: "no sweat visible",
            1: "barely perceptible sweating, palms moist",
            4: "beads of sweat obvious on forehead",
            7: "drenching sweats",
        },
        7,
    ),
    4: (
        "anxiety",
        None,
        {
            0: "no anxiety, at ease",
            1: "mildly anxious",  # "mild anxious" in transcriptions of the printed form: see the module docstring
            4: "moderately anxious, or guarded, so anxiety is inferred",
            7: "equivalent to acute panic states as seen in severe delirium or acute schizophrenic reactions",
        },
        7,
    ),
    5: (
        "agitation",
        None,
        {
            0: "normal activity",
            1: "somewhat more than normal activity",
            4: "moderately fidgety and restless",
            7: "paces back and forth during most of the interview, or constantly thrashes about",
        },
        7,
    ),
    6: (
        "tactile disturbances",
        'ask "Have you any itching, pins and needles sensations, any burning, any numbness, or do you feel bugs '
        'crawling on or under your skin?"',
        {
            0: "none",
            1: "very mild itching, pins and needles, burning or numbness",
            2: "mild itching, pins and needles, burning or numbness",
            3: "moderate itching, pins and needles, burning or numbness",
            4: "moderately severe hallucinations",
            5: "severe hallucinations",
            6: "extremely severe hallucinations",
            7: "continuous hallucinations",
        },
        7,
    ),
    7: (
        "auditory disturbances",
        'ask "Are you more aware of sounds around you? Are they harsh? Do they frighten you? Are you hearing anything '
        'that is disturbing to you? Are you hearing things you know are not there?"',
        {
            0: "not present",
            1: "very mild harshness or ability to frighten",
            2: "mild harshness or ability to frighten",
            3: "moderate harshness or ability to frighten",
            4: "moderately severe hallucinations",
            5: "severe hallucinations",
            6: "extremely severe hallucinations",
            7: "continuous hallucinations",
        },
        7,
    ),
    8: (
        "visual disturbances",
        'ask "Does the light appear to be too bright? Is its color different? Does it hurt your eyes? Are you seeing '
        'anything that is disturbing to you? Are you seeing things you know are not there?"',
        {
            0: "not present",
            1: "very mild sensitivity",
            2: "mild sensitivity",
            3: "moderate sensitivity",
            4: "moderately severe hallucinations",
            5: "severe hallucinations",
            6: "extremely severe hallucinations",
            7: "continuous hallucinations",
        },
        7,
    ),
    9: (
        "headache, fullness in head",
        None,
        {
            0: "not present",
            1: "very mild",
            2: "mild",
            3: "moderate",
            4: "moderately severe",
            5: "severe",
            6: "very severe",
            7: "extremely severe",
        },
        7,
    ),
    10: (
        "orientation and clouding of sensorium",
        None,
        {
            0: "oriented and can do serial additions",
            1: "cannot do serial additions or is uncertain about date",
            2: "disoriented for date by no more than 2 calendar days",
            3: "disoriented for date by more than 2 calendar days",
            4: "disoriented for place and/or person",  # "place/or person" in the transcriptions: a misprint
        },
        4,
    ),
}

SCALES = {"ciwa_ar": CIWA_AR}


def _stem(title: str, instruction: str | None) -> str:
    return shown(title) + (f" ({instruction})" if instruction else "")


def _cases():
    for code, items in SCALES.items():
        for number in items:
            yield pytest.param(code, number, id=f"{code}-item{number}")


@pytest.mark.parametrize(("code", "number"), list(_cases()))
def test_each_item_shows_the_published_title_and_instruction(code, number):
    title, instruction, _, _ = SCALES[code][number]
    item = get(code).item(number)
    assert item.stem == _stem(title, instruction)
    assert item_name(item) == shown(title)  # the name flags and corrections quote


@pytest.mark.parametrize(("code", "number"), list(_cases()))
def test_each_answer_shows_the_published_anchor_and_keeps_its_value(code, number):
    _, _, anchors, _ = SCALES[code][number]
    item = get(code).item(number)
    assert {o.code: o.label for o in item.options if o.label} == {c: shown(a) for c, a in anchors.items()}


@pytest.mark.parametrize(("code", "number"), [p for p in _cases() if p.values[0] == "ciwa_ar"])
def test_ciwa_ar_values_are_every_step_scoring_itself(code, number):
    # Sullivan 1989: items 1-9 rated 0-7, item 10 0-4; a step without a printed anchor is still a rating
    *_, high = CIWA_AR[number]
    item = get(code).item(number)
    assert [(o.code, o.points) for o in item.options] == [(c, c) for c in range(high + 1)]


@pytest.mark.parametrize("code", list(SCALES))
def test_the_fhir_questionnaire_carries_the_published_texts(code):
    q = sdc.questionnaire(code)
    questions = {}

    def walk(entries):
        for e in entries:
            if "answerOption" in e:
                questions[e["text"]] = {
                    o["valueCoding"]["display"] for o in e["answerOption"] if not o["valueCoding"]["display"].isdigit()
                }
            walk(e.get("item", ()))

    walk(q["item"])
    for title, instruction, anchors, *_ in SCALES[code].values():
        assert questions[_stem(title, instruction)] == {shown(a) for a in anchors.values()}
