"""Every instrument as a FHIR R4 SDC Questionnaire that other systems render and score.

One function, :func:`questionnaire`, reads an instrument definition and writes a Questionnaire
(a JSON-able dict) following the HL7 Structured Data Capture (SDC) implementation guide:

* one ``choice`` item per question, ``linkId`` ``/<item LOINC>`` where LOINC codes the item (the
  form LHC-Forms and the US Core PHQ-9 example use), else the item number; the Questionnaire's
  ``code`` names the LOINC panel where LOINC has one for this very form;
* each answer as an ``answerOption`` ``valueCoding`` (LOINC answer codes where confirmed, else the
  code iopkit records in :data:`ANSWER_SYSTEM`) carrying its points twice: the ``itemWeight``
  extension on the option (FHIR extensions pack; SDC 4) and ``ordinalValue`` on the coding (the R4
  name, read by older tools);
* the form's own instruction for a question (what to ask or observe, e.g. the CIWA-Ar's) as a child
  ``display`` item with the ``questionnaire-itemControl`` code ``help`` ("Help-Button": text shown on
  request as help for the item it is nested within); a question without one has no child items;
* skip rules from the definition as ``enableWhen`` where FHIR's any/all logic expresses them, else
  as an ``sdc-questionnaire-enableWhenExpression`` in FHIRPath;
* the total (or the highest level, for triage forms) and each subscale as a read-only item with an
  ``sdc-questionnaire-calculatedExpression`` in FHIRPath using ``weight()``; a scoring context
  that removes items (DSM-5: under medical supervision) is a boolean item the expression reads.

The canonical URL is iopkit's own (:data:`CANONICAL`); it is an identifier, never fetched.
QuestionnaireResponses written by :func:`iopkit.interop.questionnaire_response` conform to it.

References
----------
HL7 International. Structured Data Capture (SDC) IG, "Advanced Form Behavior" and "Expressions"
(FHIRPath supplements ``weight()``/``ordinal()``). https://hl7.org/fhir/uv/sdc/
HL7 International. FHIR R4, Questionnaire Item UI Control Codes (http://hl7.org/fhir/questionnaire-item-control):
``help``, ``radio-button``.
HL7 International. FHIR Extensions Pack: itemWeight (formerly ordinalValue).
https://build.fhir.org/ig/HL7/fhir-extensions/StructureDefinition-itemWeight.html
"""

from __future__ import annotations

import re

from ..errors import InteropError
from ..instruments import get as _get_instrument
from .fhir import (
    ANSWER_SYSTEM,
    CANONICAL,
    CONTEXT_ITEMS,
    LOINC,
    _answer_list,
    _link_id,
    context_answer,
    context_link_id,
    total_link_id,
)

__all__ = [
    "ANSWER_SYSTEM",
    "CALCULATED_EXPRESSION",
    "CANONICAL",
    "ENABLE_WHEN_EXPRESSION",
    "ITEM_WEIGHT",
    "ORDINAL_VALUE",
    "calculated_expressions",
    "context_link_id",
    "questionnaire",
    "questionnaires",
]

ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
SDC = "http://hl7.org/fhir/uv/sdc/StructureDefinition"
CALCULATED_EXPRESSION = f"{SDC}/sdc-questionnaire-calculatedExpression"
ENABLE_WHEN_EXPRESSION = f"{SDC}/sdc-questionnaire-enableWhenExpression"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"


def _item_control(code: str, display: str) -> dict:
    """The ``questionnaire-itemControl`` extension with one code of FHIR's Questionnaire Item UI Control Codes."""
    return {
        "url": ITEM_CONTROL,
        "valueCodeableConcept": {
            "coding": [{"system": "http://hl7.org/fhir/questionnaire-item-control", "code": code, "display": display}]
        },
    }


#: Show every answer with a radio button (forms print all answers side by side).
RADIO = _item_control("radio-button", "Radio Button")
#: A display item nested in a question is help for that question, shown on request ("Help-Button").
HELP = _item_control("help", "Help-Button")
#: LOINC panels the definitions name that the Questionnaire does not claim as its ``code``: CRAFFT's
#: is the original CRAFFT panel 71942-7, but iopkit asks CRAFFT 2.1 (past-12-month day counts), whose
#: LOINC codes are not confirmed; the C-SSRS screener code 93373-9 was not found in a LOINC or HL7 source.
NOT_THE_LOINC_FORM = {"crafft", "cssrs_screen"}
#: A sum that is 0 when every item summed was skipped (FHIRPath's own aggregate, not the SDC sum()).
SUM = "aggregate($this + $total, 0)"


def _coding(inst, item, option) -> dict:
    codes = {code: la for la, code in _answer_list(inst, item).items()}
    display = option.label or str(option.code)
    if option.code in codes:
        return {"system": LOINC, "code": codes[option.code], "display": display}
    return {"system": ANSWER_SYSTEM, "code": str(option.code), "display": display}


def _weight(url: str, points) -> dict:
    return {"url": url, "valueDecimal": points}


def _answered(link: str) -> str:
    return f"%resource.repeat(item).where(linkId = '{link}').answer"


def _holds(inst, number: int, codes: tuple[int, ...]) -> str:
    """FHIRPath: item ``number`` was answered with one of ``codes`` (false when unanswered)."""
    item = inst.item(number)
    if item.options:
        tests = " or ".join(f"value.code = '{_coding(inst, item, o)['code']}'" for o in item.options if o.code in codes)
    else:
        tests = " or ".join(f"value = {code}" for code in codes)
    return f"{_answered(_link_id(item))}.where({tests}).exists()"


def _enable_when(inst, rules) -> tuple[list[dict], str | None, str | None]:
    """enableWhen entries + behaviour, or a FHIRPath expression, for an item unasked by ``rules``."""

    def condition(number: int, code: int) -> dict:
        item = inst.item(number)
        option = next((o for o in item.options if o.code == code), None)
        answer = {"answerCoding": _coding(inst, item, option)} if option else {"answerInteger": code}
        return {"question": _link_id(item), "operator": "!=", **answer}

    single = all(len(codes) == 1 for rule in rules for _, codes in rule.when)
    if single and len(rules) == 1:  # asked unless every condition holds: any condition fails
        (rule,) = rules
        return [condition(n, codes[0]) for n, codes in rule.when], "any", None
    if single and all(len(rule.when) == 1 for rule in rules):  # each rule one condition: all must fail
        return [condition(rule.when[0][0], rule.when[0][1][0]) for rule in rules], "all", None
    holds = [" and ".join(f"({_holds(inst, n, codes)})" for n, codes in rule.when) for rule in rules]
    return [], None, " and ".join(f"({h}).not()" for h in holds)


def _weights(inst, numbers) -> str:
    links = " | ".join(f"'{_link_id(inst.item(n))}'" for n in numbers)
    return f"%resource.repeat(item).where(linkId in ({links})).answer.value.weight()"


def _aggregate(inst, numbers) -> str:
    return f"{_weights(inst, numbers)}.{'max()' if inst.aggregate == 'max' else SUM}"


def calculated_expressions(instrument) -> dict[str, str]:
    """linkId -> FHIRPath of each calculated item (total or highest level, subscales).

    Parameters
    ----------
    instrument : str or Instrument
        The instrument, any name :func:`iopkit.instrument` accepts.

    Returns
    -------
    dict of str to str
        The linkId of each calculated item -> its FHIRPath ``calculatedExpression``.

    Examples
    --------
    >>> print(calculated_expressions("gad2")["total"])
    %resource.repeat(item).where(linkId in ('/69725-0' | '/68509-9')).answer.value.weight().aggregate($this + $total, 0)
    """
    inst = _get_instrument(instrument)
    scored = [i.number for i in inst.items if i.scored]
    out = {}
    if inst.aggregate is not None:
        expression = _aggregate(inst, scored)
        for exclusion in inst.exclusions:
            kept = [n for n in scored if n not in exclusion.items]
            switch = f"{_answered(context_link_id(inst, exclusion.context))}.where(value = true).exists()"
            expression = f"iif({switch}, {_aggregate(inst, kept)}, {expression})"
        out[total_link_id(inst)] = expression
    for sub in inst.subscales:
        weights = _weights(inst, sub.items)
        out[f"subscale-{sub.name}"] = (
            f"{weights}.{SUM}"
            if sub.count_at_least is None
            else f"{weights}.where($this >= {sub.count_at_least}).count()"
        )
    return out


def _question(inst, item, rules) -> dict:
    entry = {"linkId": _link_id(item), "text": item.stem, "required": True}
    if item.loinc:
        entry["code"] = [{"system": LOINC, "code": item.loinc}]
    entry["prefix"] = item.label or f"{item.number}."
    if item.kind == "count":
        low, high = item.count_range
        entry.update(
            type="integer",
            extension=[{"url": MIN_VALUE, "valueInteger": low}, {"url": MAX_VALUE, "valueInteger": high}],
        )
    else:
        entry["type"] = "choice"
        entry["extension"] = [RADIO]
        entry["answerOption"] = [
            {
                "extension": [_weight(ITEM_WEIGHT, o.points)],
                "valueCoding": {**_coding(inst, item, o), "extension": [_weight(ORDINAL_VALUE, o.points)]},
            }
            for o in item.options
        ]
    if rules:
        for rule in rules:
            if item.points_of(rule.fill):
                raise InteropError(
                    f"{inst.code} item {item.number}: a skipped answer scores "
                    f"{item.points_of(rule.fill)} points, which an SDC form cannot express",
                    instrument=inst.code,
                    item=item.number,
                )
        conditions, behaviour, expression = _enable_when(inst, rules)
        entry["required"] = False  # only when shown
        if expression:
            entry.setdefault("extension", []).append(
                {
                    "url": ENABLE_WHEN_EXPRESSION,
                    "valueExpression": {"language": "text/fhirpath", "expression": expression},
                }
            )
        else:
            entry["enableWhen"] = conditions
            if len(conditions) > 1:
                entry["enableBehavior"] = behaviour
    if item.instruction:  # the form's own instruction, where the clinician rates the item
        entry["item"] = [
            {"linkId": f"{entry['linkId']}-help", "text": item.instruction, "type": "display", "extension": [HELP]}
        ]
    return entry


def _context_item(inst, key: str, allowed) -> dict:
    """A scoring context (sex, medical supervision) as a question; left empty when unknown."""
    text = f"Scoring context: {key.replace('_', ' ')}"
    for exclusion in inst.exclusions:
        if exclusion.context == key:
            text += f" (items {', '.join(map(str, exclusion.items))} are then not counted)"
    entry = {"linkId": context_link_id(inst, key), "text": text, "required": False}
    if (inst.code, key) in CONTEXT_ITEMS:
        entry["code"] = [{"system": LOINC, "code": CONTEXT_ITEMS[inst.code, key]}]
    values = [value for value in allowed if value is not None]
    if set(values) <= {True, False}:
        return {**entry, "type": "boolean"}
    return {
        **entry,
        "type": "choice",
        "extension": [RADIO],
        "answerOption": [
            {"valueCoding": answer["valueCoding"]}
            for value in values
            if (answer := context_answer(inst, key, value)) is not None
        ],
    }  # never None here


def _calculated(link: str, text: str, expression: str, code: str = "") -> dict:
    entry = {
        "linkId": link,
        "text": text,
        "type": "decimal",
        "readOnly": True,
        "extension": [
            {"url": CALCULATED_EXPRESSION, "valueExpression": {"language": "text/fhirpath", "expression": expression}}
        ],
    }
    if code:
        entry["code"] = [{"system": LOINC, "code": code}]
    return entry


def questionnaire(instrument) -> dict:
    """An instrument as a FHIR R4 SDC Questionnaire (a JSON-able dict).

    Parameters
    ----------
    instrument : str
        Any name :func:`iopkit.instrument` accepts (``"phq9"``, ``"PHQ-9"`` ...).

    Returns
    -------
    dict
        The Questionnaire, with the canonical URL ``https://iopkit.org/fhir/Questionnaire/<code>``.

    Raises
    ------
    InteropError
        A skip rule that fills a skipped item with an answer scoring points (an SDC form cannot express it).

    Examples
    --------
    >>> q = questionnaire("phq9")
    >>> q["url"], q["code"][0]["code"], len(q["item"])
    ('https://iopkit.org/fhir/Questionnaire/phq9', '44249-1', 10)
    >>> first = q["item"][0]
    >>> first["linkId"], [(o["valueCoding"]["code"], o["extension"][0]["valueDecimal"])
    ...                   for o in first["answerOption"]][:2]
    ('/44250-9', [('LA6568-5', 0), ('LA6569-3', 1)])
    >>> q["item"][-1]["linkId"], q["item"][-1]["readOnly"]
    ('/44261-6', True)

    Skip rules become ``enableWhen``: AUDIT item 2 is asked unless item 1 is "Never".

    >>> items = {item["linkId"]: item for item in questionnaire("audit")["item"]}
    >>> items["/68519-8"]["enableWhen"]  # doctest: +NORMALIZE_WHITESPACE
    [{'question': '/68518-0', 'operator': '!=',
      'answerCoding': {'system': 'https://iopkit.org/fhir/CodeSystem/answer-code', 'code': '0', 'display': 'Never'}}]

    The form's instruction for a question is its help text (CIWA-Ar item 10):

    >>> (help,) = questionnaire("ciwa_ar")["item"][9]["item"]
    >>> help["linkId"], help["type"], help["text"], help["extension"][0]["valueCodeableConcept"]["coding"][0]["code"]
    ('10-help', 'display', 'Ask "What day is this? Where are you? Who am I?"', 'help')
    """
    from .. import __version__

    inst = _get_instrument(instrument)
    items = []
    for key, (allowed, _default) in inst.context.items():
        items.append(_context_item(inst, key, allowed))
    for item in inst.items:
        if item.kind == "not_recorded":
            continue  # recorded elsewhere (e.g. BAM item 7): nothing to ask here
        rules = [rule for rule in inst.skip_rules if item.number in rule.unasked]
        items.append(_question(inst, item, rules))
    for link, expression in calculated_expressions(inst.code).items():
        if link.startswith("subscale-"):
            items.append(_calculated(link, f"{link.removeprefix('subscale-').replace('_', ' ')} subscale", expression))
        else:
            what = "Highest level reached" if inst.aggregate == "max" else "Total score"
            items.append(_calculated(link, what, expression, inst.loinc_total))
    resource = {
        "resourceType": "Questionnaire",
        "id": inst.code.replace("_", "-"),
        "url": f"{CANONICAL}/{inst.code}",
        "version": __version__,
        "name": re.sub(r"\W", "", inst.name.title()) or inst.code,
        "title": inst.name,
        "status": "active",
        "subjectType": ["Patient"],
        "description": f"{inst.name}. Source: {inst.citation}.",
        "copyright": inst.licence,
        "item": items,
    }
    if inst.loinc_panel and inst.code not in NOT_THE_LOINC_FORM:
        resource["code"] = [{"system": LOINC, "code": inst.loinc_panel}]
    return resource


def questionnaires() -> dict[str, dict]:
    """Every instrument's Questionnaire, by instrument code.

    Returns
    -------
    dict of str to dict
        Instrument code -> its Questionnaire (:func:`questionnaire`), in code order.

    Examples
    --------
    >>> sorted(questionnaires())[:3]
    ['audit', 'audit_c', 'bam']
    """
    from ..instruments import CATALOGUE

    return {code: questionnaire(code) for code in sorted(CATALOGUE)}
