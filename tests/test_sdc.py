"""iopkit's SDC Questionnaires, checked by parties no one here wrote.

* ``fhir.resources`` (R4B models) validates every Questionnaire and every exported response.
* fhirpath.js, HL7's reference FHIRPath engine (npm ``fhirpath``, run with Node), evaluates each
  Questionnaire's calculatedExpression on random complete responses of all 15 instruments: the
  totals, highest levels and subscales equal iopkit's.

The npm packages are installed by ``make nodedeps`` (``npm ci`` in tests/js from the committed
lock); nothing is fetched while the tests run.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

import iopkit
from iopkit.errors import InteropError
from iopkit.instruments import CATALOGUE
from iopkit.interop import from_fhir, questionnaire_response, sdc

fhir_r4b = pytest.importorskip("fhir.resources.R4B.questionnaire")
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

JS = Path(__file__).parent / "js"
LOINC = "http://loinc.org"
#: Typed from LOINC answer list LL358-3 (loinc.org/LL358-3): code -> score.
LL358_3 = {"LA6568-5": 0, "LA6569-3": 1, "LA6570-1": 2, "LA6571-9": 3}


def node_ready() -> None:
    if shutil.which("node") is None or not (JS / "node_modules" / "fhirpath").is_dir():
        message = "fhirpath.js is not installed: run `make nodedeps` (npm ci in tests/js)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def random_answers(inst, rng: random.Random) -> list:
    """A complete response: every asked item answered at random, skipped items left empty."""
    answers = []
    for item in inst.items:
        if item.kind == "not_recorded":
            answers.append(None)
        elif item.kind == "count":
            answers.append(rng.choice([0, 0, 0, rng.randint(*item.count_range)]))
        else:
            answers.append(rng.choice(item.codes))
    for rule in inst.skip_rules:
        if all(answers[n - 1] in codes for n, codes in rule.when):
            for n in rule.unasked:
                answers[n - 1] = None
    return answers


def random_scores(code: str, count: int, seed: int) -> list:
    inst, rng = iopkit.instrument(code), random.Random(seed)
    scores = []
    for _ in range(count):
        context = {}
        if "medical_supervision" in inst.context:
            context["medical_supervision"] = rng.random() < 0.5
        if "sex" in inst.context:
            context["sex"] = rng.choice(["female", "male", None])
        scores.append(iopkit.score(code, random_answers(inst, rng), **context))
    return scores


def fhirpath_js(cases: list[tuple[str, dict]]) -> list[dict]:
    """Each case's calculated items as fhirpath.js evaluates them."""
    payload = {
        "questionnaires": sdc.questionnaires(),
        "cases": [{"code": code, "response": response} for code, response in cases],
    }
    done = subprocess.run(
        ["node", str(JS / "calculate.js")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_questionnaire_is_valid_fhir_r4(code):
    q = sdc.questionnaire(code)
    fhir_r4b.Questionnaire.model_validate(q)
    assert q["url"] == f"https://iopkit.org/fhir/Questionnaire/{code}"
    links = [item["linkId"] for item in q["item"]]
    assert len(links) == len(set(links))


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_exported_responses_conform_to_the_questionnaire(code):
    q = sdc.questionnaire(code)
    items = {item["linkId"]: item for item in q["item"]}
    for score in random_scores(code, 10, seed=7):
        qr = questionnaire_response(score, subject="Patient/IOP-0042", authored="2026-03-02")
        QuestionnaireResponse.model_validate(qr)
        assert qr["questionnaire"] == q["url"]
        for answered in qr["item"]:
            item = items[answered["linkId"]]
            (answer,) = answered["answer"]
            if item["type"] == "choice":
                allowed = [(o["valueCoding"]["system"], o["valueCoding"]["code"]) for o in item["answerOption"]]
                assert (answer["valueCoding"]["system"], answer["valueCoding"]["code"]) in allowed
            else:
                assert {"integer": "valueInteger", "boolean": "valueBoolean"}[item["type"]] in answer
        assert from_fhir(qr) == score


def test_phq9_weights_are_loinc_ll358_3():
    q = sdc.questionnaire("phq9")
    for item in q["item"][:9]:
        weights = {o["valueCoding"]["code"]: o["extension"][0]["valueDecimal"] for o in item["answerOption"]}
        assert weights == LL358_3
        assert item["answerOption"][0]["extension"][0]["url"] == "http://hl7.org/fhir/StructureDefinition/itemWeight"
    assert [i["linkId"] for i in q["item"]][:9] == [
        "/44250-9",
        "/44255-8",
        "/44259-0",
        "/44254-1",
        "/44251-7",
        "/44258-2",
        "/44252-5",
        "/44253-3",
        "/44260-8",
    ]
    assert (q["code"][0]["code"], q["item"][-1]["linkId"]) == ("44249-1", "/44261-6")
    assert sdc.questionnaire("gad7")["code"][0]["code"] == "69737-5"
    # CRAFFT 2.1 is not LOINC's original CRAFFT panel; the C-SSRS screener code is unconfirmed
    assert "code" not in sdc.questionnaire("crafft") and "code" not in sdc.questionnaire("cssrs_screen")


def test_skip_rules_become_enable_when_or_an_expression():
    audit = {item["linkId"]: item for item in sdc.questionnaire("audit")["item"]}
    # WHO form: item 1 "Never" skips to items 9-10; items 2 + 3 both 0 also skip 4-8.
    assert audit["/68519-8"]["enableWhen"][0]["question"] == "/68518-0"
    assert sdc.ENABLE_WHEN_EXPRESSION in [e["url"] for e in audit["/97734-8"]["extension"]]
    assert "enableWhen" not in audit["/97739-7"]
    crafft = {item["linkId"]: item for item in sdc.questionnaire("crafft")["item"]}
    assert crafft["5"]["enableBehavior"] == "any"
    assert [c["answerInteger"] for c in crafft["5"]["enableWhen"]] == [0, 0, 0]


def test_calculated_expressions_in_fhirpath_js_equal_iopkit_for_all_15_instruments():
    node_ready()
    assert len(CATALOGUE) == 15
    scores = [s for code in sorted(CATALOGUE) for s in random_scores(code, 40, seed=2026)]
    results = fhirpath_js([(s.instrument, questionnaire_response(s)) for s in scores])
    checked = set()
    for score, values in zip(scores, results):
        inst = iopkit.instrument(score.instrument)
        total_link = next((link for link in values if not link.startswith("subscale-")), None)
        if inst.aggregate == "sum":
            assert values[total_link] == score.total, (score.instrument, score.answers)
        elif inst.aggregate == "max":  # triage: the highest level decides the band
            band = next(b for b in inst.scheme(score.basis.scheme).bands if b.label == score.band)
            assert band.low <= values[total_link] <= band.high, (score.instrument, score.answers)
        for sub in inst.subscales:
            assert values[f"subscale-{sub.name}"] == score.subscores[sub.name], (score.instrument, sub.name)
        checked.add(score.instrument)
    assert checked == set(CATALOGUE)


def test_dsm5_medical_supervision_is_a_form_item_the_total_reads():
    node_ready()
    scores = [iopkit.score("dsm5_sud", [1] * 11, medical_supervision=flag) for flag in (False, True)]
    results = fhirpath_js([("dsm5_sud", questionnaire_response(s)) for s in scores])
    assert [r["total"] for r in results] == [11, 9] == [s.total for s in scores]


def test_a_response_that_is_not_fhir_r4_is_refused_with_its_flags():
    qr = questionnaire_response(iopkit.score("phq9", [0] * 8 + [3]))
    qr["authored"] = "2 March 2026"
    with pytest.raises(InteropError, match="not valid FHIR R4") as caught:
        from_fhir(qr)
    assert "suicidal_ideation" in [f.code for f in caught.value.flags]


def test_audit_asks_sex_as_its_loinc_item_and_it_travels_back():
    q = {item["linkId"]: item for item in sdc.questionnaire("audit")["item"]}
    assert q["/46098-0"]["code"][0]["code"] == "46098-0"
    assert [o["valueCoding"]["code"] for o in q["/46098-0"]["answerOption"]] == ["female", "male"]
    score = iopkit.score("audit_c", [1, 1, 1], sex="male")
    assert score.band != iopkit.score("audit_c", [1, 1, 1]).band  # sex changes this result
    qr = questionnaire_response(score)
    qr.pop("extension")  # the form item alone carries the sex
    assert from_fhir(qr) == score
