"""FHIR R4: a Score as a QuestionnaireResponse plus an Observation for its total, and back.

Shapes follow FHIR R4 (4.0.1) and the HL7 US Core examples (hl7.org/fhir/us/core):

* ``QuestionnaireResponse`` (status ``completed``) conforming to iopkit's SDC Questionnaire for the
  instrument (``questionnaire`` = its canonical, see :mod:`iopkit.interop.sdc`): one item per
  answered form item, ``linkId`` ``/<item LOINC>`` as in the US Core PHQ-9 example where the item
  has a LOINC code, else the item number; answers as ``valueCoding`` with the LOINC answer code
  where the answer list is confirmed (:data:`ANSWER_CODES`), else with the code printed on the form
  in :data:`ANSWER_SYSTEM`; day counts as ``valueInteger``.  The scoring context (sex, scheme ...)
  travels in an iopkit extension, because it changes the result and FHIR has no element for it.
* ``Observation`` (status ``final``, category ``survey``): code = the instrument's LOINC total code
  where one exists, value = the total as a UCUM ``{score}`` Quantity (LOINC's example unit), band as
  ``interpretation``, subscores as components, ``derivedFrom`` the QuestionnaireResponse.

Reading back re-scores the answers with :func:`iopkit.score`; an Observation in the same Bundle
that disagrees with that result is refused, not believed.
Reading (:func:`from_fhir`) lives in :mod:`iopkit.interop.fhir_in`.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from ..entry import clinic_time
from ..errors import InteropError
from ..instruments import get as _get_instrument

__all__ = [
    "ANSWER_CODES",
    "ANSWER_SYSTEM",
    "CANONICAL",
    "CONTEXT_SYSTEM",
    "total_link_id",
    "context_link_id",
    "YES_NO",
    "CONTEXT_EXTENSION",
    "to_fhir",
    "questionnaire_response",
    "observation",
    "UNSCORED_ITEMS",
]

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
SURVEY = {"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey", "display": "Survey"}
#: iopkit's own identifiers for what LOINC does not code (a URN: no web address is implied).
IOPKIT = "urn:iopkit"
#: iopkit's canonical base for its Questionnaires (an identifier: never fetched).
CANONICAL = "https://iopkit.org/fhir/Questionnaire"
#: The code iopkit records for an answer (the number printed on the form), where LOINC has no
#: confirmed answer code; the display carries the printed label.
ANSWER_SYSTEM = "https://iopkit.org/fhir/CodeSystem/answer-code"
CONTEXT_EXTENSION = f"{IOPKIT}:fhir:scoring-context"

# LOINC answer codes -> the code iopkit records; only answer lists a LOINC or HL7 source confirms (named beside each).
FREQUENCY = {"LA6568-5": 0, "LA6569-3": 1, "LA6570-1": 2, "LA6571-9": 3}  # LL358-3, loinc.org/LL358-3
AUDIT_Q2 = {"LA15694-5": 0, "LA15695-2": 1, "LA18930-0": 2, "LA18931-8": 3, "LA18932-6": 4}  # US Core AUDIT-C
AUDIT_Q3 = {"LA6270-8": 0, "LA18933-4": 1, "LA18876-5": 2, "LA18891-4": 3, "LA18934-2": 4}  # US Core AUDIT-C
#: LL5384-4 No/Yes (cdn.loinc.org/93245-9/panel), used for every yes/no item.
YES_NO = {"LA32-8": 0, "LA33-6": 1}
#: instrument -> item number -> {LOINC answer code: recorded code}.  AUDIT Q1 and Q4-Q10 answer
#: codes are not confirmed in a LOINC or HL7 source, so those items carry iopkit's answer code.
ANSWER_CODES = {
    "phq9": dict.fromkeys(range(1, 10), FREQUENCY),
    "phq2": dict.fromkeys((1, 2), FREQUENCY),
    "gad7": dict.fromkeys(range(1, 8), FREQUENCY),
    "gad2": dict.fromkeys((1, 2), FREQUENCY),
    "audit_c": {2: AUDIT_Q2, 3: AUDIT_Q3},
    "audit": {2: AUDIT_Q2, 3: AUDIT_Q3},
}
#: Items real-world forms carry that no iopkit definition scores: PHQ-9 "how difficult" (US Core
#: example 69722-7; HL7 SDC example 44256-6).  Skipped on import.
UNSCORED_ITEMS = {"phq9": {"69722-7", "44256-6"}}


def _answer_list(inst, item) -> dict[str, int]:
    return YES_NO if item.kind == "yes_no" else ANSWER_CODES.get(inst.code, {}).get(item.number, {})


def _questionnaire(inst) -> str:
    """The canonical of iopkit's SDC Questionnaire for ``inst`` (see :mod:`iopkit.interop.sdc`)."""
    return f"{CANONICAL}/{inst.code}"


def _legacy_questionnaires(inst) -> tuple[str, ...]:
    """Canonicals earlier iopkit versions wrote, still read on import."""
    return (f"{LOINC}/q/{inst.loinc_panel}",) if inst.loinc_panel else (f"{IOPKIT}:questionnaire:{inst.code}",)


#: Context the LOINC form asks as an item: the AUDIT panel 72110-0 has 46098-0 (sex).  Its LOINC
#: answer codes are not confirmed, so the answers carry :data:`CONTEXT_SYSTEM` codes.
CONTEXT_ITEMS = {("audit", "sex"): "46098-0"}
#: Codes of scoring-context answers (``female``, ``male`` ...), as iopkit names them.
CONTEXT_SYSTEM = "https://iopkit.org/fhir/CodeSystem/scoring-context"


def context_link_id(inst, key: str) -> str:
    """linkId of the form item asking scoring context ``key`` (the LOINC item where LOINC has one).

    Parameters
    ----------
    inst : Instrument
        The instrument's definition.
    key : str
        A scoring context it takes (``"sex"``).

    Returns
    -------
    str
        ``/<LOINC item>`` where LOINC codes the question, else ``context-<key>``.

    Examples
    --------
    >>> from iopkit.instruments import get
    >>> context_link_id(get("audit"), "sex"), context_link_id(get("dsm5_sud"), "medical_supervision")
    ('/46098-0', 'context-medical_supervision')
    """
    loinc = CONTEXT_ITEMS.get((inst.code, key))
    return f"/{loinc}" if loinc else f"context-{key}"


def context_answer(inst, key: str, value) -> dict | None:
    """The answer of a context item (None when the value is unknown: the item is left empty)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return {"valueBoolean": value}
    return {"valueCoding": {"system": CONTEXT_SYSTEM, "code": str(value), "display": str(value)}}


def total_link_id(inst) -> str:
    """linkId of the calculated total: ``/<LOINC total>`` where LOINC codes it, else ``total``.

    Parameters
    ----------
    inst : Instrument
        The instrument's definition.

    Returns
    -------
    str
        The linkId.
    """
    return f"/{inst.loinc_total}" if inst.loinc_total else "total"


def _link_id(item) -> str:
    return f"/{item.loinc}" if item.loinc else str(item.number)


def _flat_answers(inst, answers: dict) -> dict[int, Any]:
    """Item number -> recorded answer, whether the Score keeps answers by item or by form part (CRAFFT)."""
    if inst.groups and set(answers) <= {name for name, _ in inst.groups}:
        return {n: v for name, numbers in inst.groups for n, v in zip(numbers, answers.get(name) or ())}
    return {int(n): v for n, v in answers.items()}


def _value(inst, item, answer) -> dict:
    codes = {code: la for la, code in _answer_list(inst, item).items()}
    code = int(answer)
    label = next((o.label for o in item.options if o.code == code), "")
    if code in codes:
        return {"valueCoding": {"system": LOINC, "code": codes[code], **({"display": label} if label else {})}}
    if item.options:
        return {"valueCoding": {"system": ANSWER_SYSTEM, "code": str(code), "display": label or str(code)}}
    return {"valueInteger": code}


def _ids(score, subject, authored) -> tuple[str, str]:
    seed = json.dumps([score.to_dict(), subject, authored], sort_keys=True, default=str)
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "qr|" + seed)), str(uuid.uuid5(uuid.NAMESPACE_URL, "obs|" + seed))


def _when(authored) -> str | None:
    if authored is None or isinstance(authored, str):
        return authored
    if isinstance(authored, dt.datetime):
        return (authored if authored.tzinfo else clinic_time(authored.date(), authored.time())).isoformat()
    return authored.isoformat()


def questionnaire_response(score, *, subject: str | None = None, authored=None, id: str | None = None) -> dict:
    """The answers of a Score as a FHIR R4 QuestionnaireResponse (a JSON-able dict).

    Parameters
    ----------
    score : iopkit.scoring.Score
        The scored form.
    subject : str, optional
        Reference to the patient, e.g. ``"Patient/IOP-0042"`` (a pseudonym, never a name).
    authored : date, datetime or str, optional
        When the form was completed (a datetime without a time zone is read in the local one).
    id : str, optional
        The resource's id.

    Returns
    -------
    dict
        The QuestionnaireResponse (status ``completed``), without the elements that are not given.

    Raises
    ------
    InteropError
        A scoring context that is neither text, yes/no nor unknown (it cannot be written to FHIR).

    Examples
    --------
    >>> import iopkit
    >>> phq9 = iopkit.score("phq9", [1, 1, 2, 1, 0, 1, 1, 0, 1])
    >>> qr = questionnaire_response(phq9, subject="Patient/IOP-0042", authored="2026-03-02")
    >>> qr["resourceType"], qr["status"], qr["questionnaire"], qr["authored"]
    ('QuestionnaireResponse', 'completed', 'https://iopkit.org/fhir/Questionnaire/phq9', '2026-03-02')
    >>> qr["item"][0]["linkId"], qr["item"][0]["answer"][0]["valueCoding"]["code"]
    ('/44250-9', 'LA6569-3')
    >>> iopkit.interop.from_fhir(qr) == phq9
    True

    The scoring context travels in the :data:`CONTEXT_EXTENSION`:

    >>> extension = questionnaire_response(iopkit.score("audit_c", [2, 1, 0], sex="female"))["extension"][0]
    >>> extension["url"] == CONTEXT_EXTENSION, [(e["url"], e["valueString"]) for e in extension["extension"]]
    (True, [('scheme', 'us'), ('sex', 'female')])
    """
    inst = _get_instrument(score.instrument)
    answers = _flat_answers(inst, score.answers)
    items = [
        {"linkId": _link_id(item), "text": item.stem, "answer": [_value(inst, item, answers[item.number])]}
        for item in inst.items
        if answers.get(item.number) is not None
    ]
    context = [
        (key, context_answer(inst, key, score.context.get(key, default))) for key, (_, default) in inst.context.items()
    ]  # asked on the SDC form, see interop.sdc
    items[:0] = [{"linkId": context_link_id(inst, key), "answer": [answer]} for key, answer in context if answer]
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": id,
        "status": "completed",
        "questionnaire": _questionnaire(inst),
        "item": items,
    }
    if score.context:
        resource["extension"] = [
            {
                "url": CONTEXT_EXTENSION,
                "extension": [
                    {"url": key, **_context_value(key, value)} for key, value in sorted(score.context.items())
                ],
            }
        ]
    resource.update(_subject_and_time(subject, authored, "authored"))
    return {k: v for k, v in resource.items() if v is not None}


def _context_value(key: str, value) -> dict:
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, str):
        return {"valueString": value}
    if value is None:
        return {"valueString": "unknown"}
    raise InteropError(
        f"scoring context {key}={value!r} cannot be written to FHIR (text or yes/no only)",
        item=key,
        value=value,
        allowed="text or yes/no",
    )


def _subject_and_time(subject, authored, field: str) -> dict:
    out: dict[str, Any] = {}
    if subject is not None:
        out["subject"] = {"reference": subject}
    if authored is not None:
        out[field] = _when(authored)
    return out


def observation(
    score, *, subject: str | None = None, authored=None, derived_from: str | None = None, id: str | None = None
) -> dict:
    """The result of a Score as a FHIR R4 Observation (total, band, subscores).

    Parameters
    ----------
    score : iopkit.scoring.Score
        The scored form.
    subject : str, optional
        Reference to the patient, e.g. ``"Patient/IOP-0042"``.
    authored : date, datetime or str, optional
        When the form was completed (``effectiveDateTime``).
    derived_from : str, optional
        Reference to the QuestionnaireResponse it was scored from.
    id : str, optional
        The resource's id.

    Returns
    -------
    dict
        The Observation (status ``final``, category ``survey``), without the elements that are not given.

    Examples
    --------
    >>> import iopkit
    >>> obs = observation(iopkit.score("phq9", [1, 1, 2, 1, 0, 1, 1, 0, 1]), subject="Patient/IOP-0042")
    >>> obs["resourceType"], obs["status"], obs["code"]["coding"][0]["code"], obs["code"]["text"]
    ('Observation', 'final', '44261-6', 'Patient Health Questionnaire-9 (PHQ-9) total score')
    >>> obs["valueQuantity"]["value"], obs["valueQuantity"]["unit"], obs["interpretation"][0]["text"]
    (8, '{score}', 'mild')
    """
    inst = _get_instrument(score.instrument)
    if inst.loinc_total:
        code = {"coding": [{"system": LOINC, "code": inst.loinc_total}], "text": f"{inst.name} total score"}
    else:
        code = {"coding": [{"system": f"{IOPKIT}:result", "code": inst.code}], "text": f"{inst.name} result"}
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": id,
        "status": "final",
        "category": [{"coding": [SURVEY]}],
        "code": code,
    }
    resource.update(_subject_and_time(subject, authored, "effectiveDateTime"))
    band = {"coding": [{"system": f"{IOPKIT}:band:{inst.code}", "code": score.band}], "text": score.band}
    if score.total is not None:
        resource["valueQuantity"] = {"value": score.total, "unit": "{score}", "system": UCUM, "code": "{score}"}
        if score.band is not None:
            resource["interpretation"] = [band]
    elif score.band is not None:
        resource["valueCodeableConcept"] = band
    components = [
        {
            "code": {"coding": [{"system": f"{IOPKIT}:subscore:{inst.code}", "code": name}], "text": name},
            **_component_value(value),
        }
        for name, value in score.subscores.items()
        if value is not None
    ]
    if components:
        resource["component"] = components
    if derived_from:
        resource["derivedFrom"] = [{"reference": derived_from}]
    return {k: v for k, v in resource.items() if v is not None}


def _component_value(value) -> dict:
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, int):
        return {"valueInteger": value}
    return {"valueQuantity": {"value": value, "unit": "{score}", "system": UCUM, "code": "{score}"}}


def to_fhir(score, *, subject: str | None = None, authored=None) -> dict:
    """A Score as a FHIR R4 ``Bundle`` (type ``collection``): its QuestionnaireResponse and Observation.

    Parameters
    ----------
    score : iopkit.scoring.Score
    subject : str, optional
        Reference to the patient, e.g. ``"Patient/IOP-0042"`` (a pseudonym, never a name).
    authored : date, datetime or str, optional
        When the form was completed (``authored`` / ``effectiveDateTime``).

    Returns
    -------
    dict
        The Bundle; its entries' ids are derived from the score, subject and time, so the same input gives the
        same Bundle.

    Raises
    ------
    InteropError
        A scoring context that cannot be written to FHIR (see :func:`questionnaire_response`).

    Examples
    --------
    >>> import iopkit
    >>> bundle = to_fhir(iopkit.score("phq9", [1, 1, 2, 1, 0, 1, 1, 0, 1]))
    >>> [e["resource"]["resourceType"] for e in bundle["entry"]]
    ['QuestionnaireResponse', 'Observation']
    >>> bundle["entry"][0]["resource"]["item"][8]["answer"][0]["valueCoding"]["code"]
    'LA6569-3'
    >>> bundle["entry"][1]["resource"]["valueQuantity"]["value"]
    8
    >>> iopkit.interop.from_fhir(bundle) == iopkit.score("phq9", [1, 1, 2, 1, 0, 1, 1, 0, 1])
    True
    """
    qr_id, obs_id = _ids(score, subject, authored)
    qr = questionnaire_response(score, subject=subject, authored=authored, id=qr_id)
    obs = observation(score, subject=subject, authored=authored, derived_from=f"urn:uuid:{qr_id}", id=obs_id)
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": f"urn:uuid:{qr_id}", "resource": qr}, {"fullUrl": f"urn:uuid:{obs_id}", "resource": obs}],
    }
