"""The CIWA-Ar shows clinicians the published item titles, instructions and answer anchors, not paraphrases.

Every text below is typed by hand from the published form (never read from iopkit's definitions), as printed, in
lower case where the form prints it so; iopkit shows it with its first letter capitalised.  The answer values (codes
and points) are typed too: changing a display text must not change a score.  A stem is the printed title only (a
blank item to ask now is named by it, and the urgent action after it is not buried); the form's instruction for the
item (what to ask or observe, printed after the title) is shown where the item is rated: the intake form, the REDCap
field note and the FHIR Questionnaire's help text.

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
  (MDCalc-derived calculators and others) -- read as a misprint, "and/or" shown;
* items 3 and 5, the instruction: "Observation." (the EHR form) vs "Observation:" (CamCOPS, which ends each of its
  prompts before the answers so) -- "Observation." kept, as every other item's instruction ends.

The instructions (CamCOPS and the EHR form agree word for word, US spelling "color" as printed; curly quotes in
CamCOPS, straight quotes here): item 9's "Do not rate for dizziness or lightheadedness" is a scoring rule and item
10's questions test orientation, so neither is optional help.
"""

from __future__ import annotations

import csv
import html
import io

import pytest

import iopkit
from iopkit.errors import IncompleteResponseError
from iopkit.instruments import get
from iopkit.interop import redcap, sdc
from iopkit.placement import recommend, suggest_dimensions
from iopkit.scoring.engine import item_name


def shown(text: str) -> str:
    """A printed text as iopkit shows it: its first letter capitalised, nothing else changed."""
    return text[:1].upper() + text[1:]


# CIWA-Ar (Sullivan et al. 1989): item -> (title; the form's instruction for the item, as printed after the title;
# {code: anchor} for the codes the form prints an anchor at; highest code).
CIWA_AR = {
    1: (
        "nausea and vomiting",
        'Ask "Do you feel sick to your stomach? Have you vomited?" Observation.',
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
        "Arms extended and fingers spread apart. Observation.",
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
        "Observation.",
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
        'Ask "Do you feel nervous?" Observation.',
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
        "Observation.",
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
        'Ask "Have you any itching, pins and needles sensations, any burning, any numbness, or do you feel bugs '
        'crawling on or under your skin?" Observation.',
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
        'Ask "Are you more aware of sounds around you? Are they harsh? Do they frighten you? Are you hearing anything '
        'that is disturbing to you? Are you hearing things you know are not there?" Observation.',
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
        'Ask "Does the light appear to be too bright? Is its color different? Does it hurt your eyes? Are you seeing '
        'anything that is disturbing to you? Are you seeing things you know are not there?" Observation.',
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
        'Ask "Does your head feel different? Does it feel like there is a band around your head?" Do not rate for '
        "dizziness or lightheadedness. Otherwise, rate severity.",
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
        'Ask "What day is this? Where are you? Who am I?"',
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


def _cases():
    for code, items in SCALES.items():
        for number in items:
            yield pytest.param(code, number, id=f"{code}-item{number}")


@pytest.mark.parametrize(("code", "number"), list(_cases()))
def test_each_item_shows_the_published_title_and_instruction(code, number):
    title, instruction, _, _ = SCALES[code][number]
    item = get(code).item(number)
    assert item.stem == shown(title)  # the title only: a blank item to ask now is named by it
    assert item.instruction == instruction
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
    for title, _, anchors, *_ in SCALES[code].values():
        assert questions[shown(title)] == {shown(a) for a in anchors.values()}


@pytest.mark.parametrize("code", list(SCALES))
def test_the_fhir_questionnaire_gives_each_instruction_as_the_questions_help(code):
    # FHIR R4 Questionnaire Item UI Control Codes: "help" (Help-Button), a display item nested in the question
    questions = {e["text"]: e for e in sdc.questionnaire(code)["item"] if "answerOption" in e}
    for title, instruction, *_ in SCALES[code].values():
        (help_item,) = questions[shown(title)]["item"]
        assert help_item["type"] == "display"
        assert help_item["text"] == instruction
        assert help_item["extension"] == [
            {
                "url": "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl",
                "valueCodeableConcept": {
                    "coding": [
                        {
                            "system": "http://hl7.org/fhir/questionnaire-item-control",
                            "code": "help",
                            "display": "Help-Button",
                        }
                    ]
                },
            }
        ]


@pytest.mark.parametrize("code", list(SCALES))
def test_the_redcap_dictionary_gives_each_instruction_as_the_field_note(code):
    rows = {row["Variable / Field Name"]: row for row in csv.DictReader(io.StringIO(redcap.data_dictionary(code)))}
    for number, (title, instruction, *_) in SCALES[code].items():
        row = rows[f"{code}_{number}"]
        assert (row["Field Label"], row["Field Note"]) == (shown(title), instruction)


@pytest.mark.parametrize("code", list(SCALES))
def test_the_intake_form_shows_each_instruction_under_its_question(code):
    from iopkit.widgets.base import StatusArea
    from iopkit.widgets.form import InstrumentForm

    form = InstrumentForm(get(code), StatusArea())
    for number, (title, instruction, *_) in SCALES[code].items():
        note = form.notes[number].value
        question = f'<span class="iop-question"><span class="iop-item-number">{number}.</span> {shown(title)}</span>'
        assert note == question + f'<span class="iop-instruction">{html.escape(instruction)}</span>'


def test_a_blank_ciwa_ar_item_to_ask_now_is_named_by_its_title_only():
    # physician review: the instruction quoted where a blank item is to be asked now buried the urgent action
    with pytest.raises(IncompleteResponseError) as caught:
        iopkit.score("ciwa_ar", [1, 1, 1, 1, 1, None, None, None, 1, 0])
    (flag,) = [f for f in caught.value.flags if f.code == "complicated_withdrawal"]
    assert flag.action.startswith(
        "Ask items 6, 7, 8 now (Tactile disturbances; Auditory disturbances; Visual disturbances); "
        "until they are answered: Medical review now"
    )
    assert "(Tactile disturbances; Auditory disturbances; Visual disturbances) are not answered yet" in flag.message
    # the placement headline leads with the same short question, then the urgent action
    headline = recommend({1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([caught.value])).headline
    assert headline.startswith(
        "First: ask CIWA-Ar items 6, 7, 8 now (Tactile disturbances; Auditory disturbances; Visual disturbances); "
        "until they are answered: medical review now: "
    )
    for _, instruction, *_ in CIWA_AR.values():
        assert all(instruction not in text for text in (flag.action, flag.message, headline))
