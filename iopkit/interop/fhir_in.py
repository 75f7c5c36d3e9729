"""FHIR R4 in: score a QuestionnaireResponse that another system sent, never trusting its shape.

Everything read is outside data, so every element is checked for the JSON type FHIR R4 gives it
(arrays are arrays, ``linkId`` is text, ``valueInteger`` a 32-bit integer ...) before it is used,
item groups are walked without recursion and only to :data:`MAX_DEPTH` levels, and messages
quote input through :func:`~iopkit.interop.report.show`.  Anything else is an
:class:`~iopkit.errors.InteropError` naming the element, what was given and what is allowed.

A refused response still reports its danger signs: the answers that are readable are scored, and
the flags they already make certain travel in ``error.flags`` (e.g. PHQ-9 item 9 answered on an
``in-progress`` response, or beside an unknown answer code on another item).
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from typing import Any

from ..errors import InteropError, IopkitError
from ..instruments import CATALOGUE
from ..instruments import get as _get_instrument
from .fhir import (
    ANSWER_SYSTEM,
    CONTEXT_EXTENSION,
    CONTEXT_SYSTEM,
    LOINC,
    UNSCORED_ITEMS,
    _answer_list,
    _legacy_questionnaires,
    _link_id,
    _questionnaire,
    context_link_id,
    total_link_id,
)
from .report import checked_context, show
from .schema import schema_problems

__all__ = ["from_fhir", "read_fhir", "authored", "MAX_DEPTH", "FHIR_INTEGER"]

#: Deepest nesting of item groups read (real forms nest two or three levels).
MAX_DEPTH = 16
#: FHIR R4 ``integer``: a signed 32-bit value (hl7.org/fhir/R4/datatypes.html#integer).
FHIR_INTEGER = (-(2**31), 2**31 - 1)
#: Response statuses whose answers are scored; ``in-progress`` and ``stopped`` are refused but their
#: certain flags are still reported; ``entered-in-error`` is refused and read no further.
SCORED_STATUSES = ("completed", "amended")
VALUE_TYPES = {"valueInteger": "integer", "valueDecimal": "decimal", "valueBoolean": "boolean", "valueString": "string"}


def _refuse(message: str, **fields) -> InteropError:
    return InteropError(message, **fields)


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _too_deep() -> InteropError:
    """The refusal of JSON nested deeper than Python's decoder can follow (its RecursionError)."""
    return _refuse("FHIR input is nested too deeply to read", allowed=f"at most {MAX_DEPTH} levels of items")


def _parse(resource) -> dict:
    if isinstance(resource, (bytes, bytearray)):
        try:
            resource = bytes(resource).decode("utf-8")
        except UnicodeDecodeError as error:
            raise _refuse(
                f"FHIR JSON must be UTF-8 text (byte {error.start}: {error.reason})", allowed="UTF-8 JSON"
            ) from None
    if isinstance(resource, str):
        try:
            resource = json.loads(resource, parse_constant=_no_constant)
        except RecursionError:
            raise _too_deep() from None
        except ValueError as error:  # JSONDecodeError, NaN/Infinity, integers too long to read
            raise _refuse(f"FHIR input is not valid JSON: {error}") from None
    if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
        raise _refuse(f"FHIR input must be a JSON object with a resourceType (got {type(resource).__name__})")
    return resource


def _list(value, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _refuse(
            f"{where} must be a JSON array (got {show(value)})", item=where, value=value, allowed="a JSON array"
        )
    return value


def _split(resource: dict) -> tuple[dict, list[dict]]:
    """The QuestionnaireResponse and any Observations of a resource or collection Bundle."""
    kind = resource["resourceType"]
    if kind == "QuestionnaireResponse":
        return resource, []
    if kind != "Bundle":
        raise _refuse(
            f"expected a QuestionnaireResponse or a Bundle holding one (got resourceType {show(kind)})",
            value=kind,
            allowed=("QuestionnaireResponse", "Bundle"),
        )
    found = [e.get("resource") for e in _list(resource.get("entry"), "Bundle.entry") if isinstance(e, dict)]
    responses = [r for r in found if isinstance(r, dict) and r.get("resourceType") == "QuestionnaireResponse"]
    if len(responses) != 1:
        raise _refuse(f"a Bundle must hold exactly one QuestionnaireResponse (found {len(responses)})")
    return responses[0], [r for r in found if isinstance(r, dict) and r.get("resourceType") == "Observation"]


def authored(resource) -> str | None:
    """The ``authored`` text of a QuestionnaireResponse (alone or in a Bundle), or None.

    Parameters
    ----------
    resource : dict, str or bytes
        The QuestionnaireResponse or a Bundle holding exactly one, as :func:`from_fhir` takes it.

    Returns
    -------
    str or None
        ``authored`` as written (not checked as a date here), or ``None`` when absent.

    Raises
    ------
    InteropError
        Input that is not a JSON object with a resourceType, neither a QuestionnaireResponse nor a Bundle of
        exactly one, or an ``authored`` that is not text.

    Examples
    --------
    >>> authored({"resourceType": "QuestionnaireResponse", "authored": "2026-03-02"})
    '2026-03-02'
    """
    value = _split(_parse(resource))[0].get("authored")
    if value is not None and not isinstance(value, str):
        raise _refuse(
            f"QuestionnaireResponse.authored must be a FHIR dateTime (text), not {show(value)}",
            item="authored",
            value=value,
        )
    return value


def _instrument_of(qr: dict, code: str | None):
    if code is not None:
        return _get_instrument(code)
    canonical = qr.get("questionnaire", "")
    if not isinstance(canonical, str):
        raise _refuse(
            f"QuestionnaireResponse.questionnaire must be a canonical URL (text), not {show(canonical)}",
            item="questionnaire",
            value=canonical,
        )
    canonical = canonical.split("|")[0]
    for inst in CATALOGUE.values():
        if canonical and canonical in (_questionnaire(inst), *_legacy_questionnaires(inst), inst.loinc_panel):
            return inst
    raise _refuse(
        f"QuestionnaireResponse.questionnaire {show(canonical)} names no instrument iopkit scores; "
        "give instrument= (e.g. 'phq9') or use iopkit's canonical such as "
        "https://iopkit.org/fhir/Questionnaire/phq9",
        item="questionnaire",
        value=canonical,
    )


def _items(items) -> list[dict]:
    """Answered items in form order, flattened from nested groups without recursion."""
    flat, stack = [], [(entry, 1) for entry in reversed(_list(items, "QuestionnaireResponse.item"))]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _refuse(
                f"QuestionnaireResponse items are nested more than {MAX_DEPTH} levels deep",
                allowed=f"at most {MAX_DEPTH} levels",
            )
        if not isinstance(item, dict) or not isinstance(item.get("linkId"), str) or not item["linkId"]:
            raise _refuse(
                f"every QuestionnaireResponse item needs a linkId (text) (got {show(item)})",
                item="linkId",
                value=item,
                allowed="a non-empty string",
            )
        if "answer" in item:
            flat.append(item)
        children = _list(item.get("item"), f"item {show(item['linkId'])}.item")
        stack += [(child, depth + 1) for child in reversed(children)]
    return flat


def _answer(inst, item, answers) -> Any:
    where = f"{inst.code} item {item.number}"
    fields = {"instrument": inst.code, "item": item.number}
    answers = _list(answers, f"{where}: answer")
    if len(answers) != 1 or not isinstance(answers[0], dict):
        raise _refuse(f"{where} must have exactly one answer object (got {show(answers)})", value=answers, **fields)
    (answer,) = answers
    keys = [key for key in answer if str(key).startswith("value")]
    if len(keys) > 1:
        raise _refuse(f"{where}: an answer holds one value[x], not {keys}", value=keys, **fields)
    if "valueCoding" in answer:
        coding, known = answer["valueCoding"], _answer_list(inst, item)
        if not isinstance(coding, dict):
            raise _refuse(
                f"{where}: valueCoding must be a Coding object with system and code (got {show(coding)})",
                value=coding,
                allowed=tuple(known),
                **fields,
            )
        system, code = coding.get("system", LOINC), coding.get("code")
        if system == ANSWER_SYSTEM and item.options:  # iopkit's own answer code: the number on the form
            own = {str(option.code): option.code for option in item.options}
            if isinstance(code, str) and code in own:
                return own[code]
            raise _refuse(
                f"{where}: unknown answer code {show(code)} (system {show(system)}); allowed: {', '.join(own)}",
                value=coding,
                allowed=tuple(own),
                **fields,
            )
        if system != LOINC or not isinstance(code, str) or code not in known:
            allowed = ", ".join(known) or "none (send valueInteger)"
            raise _refuse(
                f"{where}: unknown LOINC answer code {show(code)} (system {show(system)}); allowed: {allowed}",
                value=coding,
                allowed=tuple(known),
                **fields,
            )
        return known[code]
    for key, kind in VALUE_TYPES.items():
        if key in answer:
            return _typed(answer[key], key, kind, where, fields)
    raise _refuse(
        f"{where}: answer has no value iopkit reads ({show(sorted(map(str, answer)))}); "
        "use valueCoding, valueInteger, valueBoolean or valueDecimal",
        value=answer,
        **fields,
    )


def _typed(value, key: str, kind: str, where: str, fields: dict):
    ok = {
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "decimal": isinstance(value, (int, float)) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "string": isinstance(value, str),
    }[kind]
    if ok and kind == "integer":
        ok = FHIR_INTEGER[0] <= value <= FHIR_INTEGER[1]
    elif ok and kind == "decimal":  # an integer written without a fraction reads as int: bound it too
        ok = math.isfinite(value) if isinstance(value, float) else abs(value) < 10**18
    if not ok:
        bound = f" from {FHIR_INTEGER[0]} to {FHIR_INTEGER[1]}" if kind == "integer" else ""
        raise _refuse(
            f"{where}: {key} must be a FHIR {kind}{bound} (got {show(value)})",
            value=value,
            allowed=f"a FHIR {kind}{bound}",
            **fields,
        )
    return value


def _context(qr: dict, inst) -> dict:
    allowed = ("scheme", *inst.context)
    context = {}
    for ext in _list(qr.get("extension"), "QuestionnaireResponse.extension"):
        if not isinstance(ext, dict) or ext.get("url") != CONTEXT_EXTENSION:
            continue  # other systems' extensions are theirs to read
        for part in _list(ext.get("extension"), "scoring-context extension"):
            url = part.get("url") if isinstance(part, dict) else None
            if not isinstance(url, str) or url not in allowed:
                raise _refuse(
                    f"{inst.code}: scoring-context entry {show(url if url else part)} is not a context "
                    f"{inst.code} takes; allowed: {', '.join(allowed)}",
                    instrument=inst.code,
                    item=url,
                    value=part,
                    allowed=allowed,
                )
            values = [key for key in part if str(key).startswith("value")]
            value = part.get(values[0]) if len(values) == 1 else None
            if (
                values not in (["valueBoolean"], ["valueString"])
                or not isinstance(value, (bool, str))
                or isinstance(value, bool) != (values == ["valueBoolean"])
                or url in context
            ):
                raise _refuse(
                    f"{inst.code}: scoring-context {url!r} needs one valueBoolean or valueString, once "
                    f"(got {show(part)})",
                    instrument=inst.code,
                    item=url,
                    value=part,
                    allowed="one valueBoolean or valueString",
                )
            context[url] = None if value == "unknown" else value
    return context


def from_fhir(resource, *, instrument: str | None = None, **context):
    """Score a FHIR QuestionnaireResponse (JSON text or bytes, or a dict; alone or in a Bundle).

    The instrument comes from ``questionnaire`` (iopkit's canonical such as
    ``https://iopkit.org/fhir/Questionnaire/phq9``, optionally ``|version`` as LHC-Forms writes it;
    earlier iopkit versions' ``http://loinc.org/q/44249-1`` is still read) unless ``instrument`` is
    given; the scoring context from the iopkit
    extension, overridden by ``context``.  Answers may be LOINC answer codes (``valueCoding``,
    e.g. PHQ-9 ``LA6568-5`` = 0 ... ``LA6571-9`` = 3) or numbers.

    Parameters
    ----------
    resource : dict, str or bytes
        The QuestionnaireResponse, alone or in a Bundle (with, optionally, the Observation of its total).
    instrument : str, optional
        The instrument, when the response does not name a questionnaire iopkit knows (or to override it).
    **context
        Scoring context (``sex`` ...), overriding what the response carries.

    Returns
    -------
    Score
        The answers scored by :func:`iopkit.score`.

    Raises
    ------
    InteropError
        Malformed JSON (or not UTF-8), a resource of another type, an element of the wrong JSON type,
        a response not ``completed`` (or ``amended``), an unknown linkId, LOINC answer code or
        scoring context, a resource the FHIR R4 schema check refuses (``fhir.resources`` R4B models,
        run when the ``fhir`` extra is installed, after iopkit's own checks so their messages come
        first), or an Observation that disagrees with the answers.  ``error.flags`` holds
        the safety flags that the readable answers already make certain.
    InvalidAnswerError, IncompleteResponseError
        The answers themselves are out of range or incomplete (from :func:`iopkit.score`, with
        their certain flags).

    Examples
    --------
    >>> import iopkit, json
    >>> from iopkit.interop import to_fhir
    >>> phq9 = iopkit.score("phq9", [1, 1, 2, 1, 0, 1, 1, 0, 1])
    >>> text = json.dumps(to_fhir(phq9))  # e.g. what another system sends
    >>> result = from_fhir(text)
    >>> result.total, result.band, result == phq9
    (8, 'mild', True)

    A response still ``in-progress`` is not scored, but a danger sign already in it is reported:

    >>> response = to_fhir(iopkit.score("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 3]))["entry"][0]["resource"]
    >>> response["status"] = "in-progress"
    >>> try:
    ...     from_fhir(response)
    ... except iopkit.errors.InteropError as error:
    ...     print(error); print([(f.code, f.severity.value, f.partial) for f in error.flags])
    phq9: only completed QuestionnaireResponses are scored (status 'in-progress')
    [('suicidal_ideation', 'critical', True)]

    An Observation that disagrees with the answers is refused:

    >>> bundle = to_fhir(phq9)
    >>> bundle["entry"][1]["resource"]["valueQuantity"]["value"] = 20
    >>> from_fhir(bundle)
    Traceback (most recent call last):
    ...
    iopkit.errors.InteropError: phq9: the Observation reports a total of 20, but the answers score 8; not imported
    """
    from ..scoring import score as score_answers

    qr, observations = _split(_parse(resource))
    status = qr.get("status")
    if status == "entered-in-error":
        raise _refuse(
            "QuestionnaireResponse status 'entered-in-error': the sender withdrew it, so nothing in it is "
            "read (no score, no flags)",
            item="status",
            value=status,
            allowed=SCORED_STATUSES,
        )
    inst = _instrument_of(qr, instrument)
    problems: list[InteropError] = []
    if status not in SCORED_STATUSES:
        problems.append(
            _refuse(
                f"{inst.code}: only completed QuestionnaireResponses are scored (status {show(status)})",
                instrument=inst.code,
                item="status",
                value=status,
                allowed=SCORED_STATUSES,
            )
        )
    by_link = {_link_id(item): item for item in inst.items} | {str(item.number): item for item in inst.items}
    answers: dict[int, Any] = {}
    form_context: dict[str, Any] = {}
    context_links = {context_link_id(inst, key): key for key in inst.context}
    for entry in _items(qr.get("item")):
        link = entry["linkId"]
        bare = link.lstrip("/")
        if (
            bare == inst.loinc_total
            or link == total_link_id(inst)
            or link.startswith("subscale-")
            or bare in UNSCORED_ITEMS.get(inst.code, ())
        ):
            continue  # a total, subscale or unscored item sent with the form: results are re-computed here
        if link in context_links:
            try:  # a scoring context asked as a form item (see iopkit.interop.sdc)
                form_context[context_links[link]] = _context_value(inst, link, entry["answer"])
            except InteropError as error:
                problems.append(error)
            continue
        item = by_link.get(link) or by_link.get(f"/{bare}") or by_link.get(bare)
        try:
            if item is None:
                raise _refuse(
                    f"{inst.code}: unknown item linkId {show(link)}; expected "
                    f"{', '.join(_link_id(i) for i in inst.items)}",
                    instrument=inst.code,
                    item=link,
                )
            if item.number in answers:
                raise _refuse(
                    f"{inst.code} item {item.number} is answered twice (linkId {show(link)})",
                    instrument=inst.code,
                    item=item.number,
                )
            answers[item.number] = _answer(inst, item, entry["answer"])
        except InteropError as error:
            problems.append(error)
            if item is not None:
                answers[item.number] = None  # unreadable: scored as unanswered, so only certain flags are raised
    problems += schema_problems(qr, inst.code)  # after the hand checks, whose messages name the item
    try:
        ctx = checked_context(inst, {**_context(qr, inst), **form_context, **context})
        result = score_answers(inst.code, _shaped(inst, answers), **ctx)
    except IopkitError as error:
        if not problems:
            error.instrument = error.instrument or inst.code
            raise
        result, flags = None, error.flags
    else:
        assert result is not None  # scored: the try above did not raise
        flags = tuple(replace(f, partial=True) if problems else f for f in result.flags)
    if problems:
        first = problems[0]
        raise InteropError(
            str(first), flags=flags, instrument=inst.code, item=first.item, value=first.value, allowed=first.allowed
        )
    for obs in observations:
        _check_observation(inst, obs, result)
    return result


def _context_value(inst, link: str, answers):
    """The scoring context a context item answers: valueBoolean, or a valueCoding of CONTEXT_SYSTEM."""
    answers = _list(answers, f"item {link}: answer")
    answer = answers[0] if len(answers) == 1 and isinstance(answers[0], dict) else {}
    coding = answer.get("valueCoding")
    if isinstance(answer.get("valueBoolean"), bool) and len(answer) == 1:
        return answer["valueBoolean"]
    if isinstance(coding, dict) and coding.get("system") == CONTEXT_SYSTEM and isinstance(coding.get("code"), str):
        return coding["code"]  # checked against what the instrument allows with the rest of the context
    raise _refuse(
        f"{inst.code} item {link} must have one valueBoolean or one valueCoding of {CONTEXT_SYSTEM} "
        f"(got {show(answers)})",
        instrument=inst.code,
        item=link,
        value=answers,
        allowed="one valueBoolean or context valueCoding",
    )


def _shaped(inst, answers: dict[int, Any]):
    if inst.groups:
        return {name: [answers.get(n) for n in numbers] for name, numbers in inst.groups}
    return {item.number: answers.get(item.number) for item in inst.items}


def _check_observation(inst, obs: dict, result) -> None:
    quantity = obs.get("valueQuantity")
    reported = quantity.get("value") if isinstance(quantity, dict) else quantity
    if quantity is None or reported is None and isinstance(quantity, dict):
        return
    if not isinstance(reported, (int, float)) or isinstance(reported, bool) or reported != result.total:
        raise InteropError(
            f"{inst.code}: the Observation reports a total of {show(reported)}, but the answers "
            f"score {result.total}; not imported",
            flags=result.flags,
            instrument=inst.code,
            item="total",
            value=reported,
            allowed=result.total,
        )


def read_fhir(resources, *, instrument: str | None = None, **context):
    """Score many FHIR QuestionnaireResponses (each alone or in its Bundle); never stop at a bad one.

    Parameters
    ----------
    resources : iterable
        Resources as :func:`from_fhir` takes them (dicts, JSON text or bytes).
    instrument, **context
        As for :func:`from_fhir`, for every resource.

    Returns
    -------
    ImportReport
        One row per resource (``row`` is its 1-based position, ``patient`` its ``subject.reference``):
        ``imported`` with the Score, ``refused`` with the iopkit error and the flags its readable
        answers already make certain.

    Raises
    ------
    InteropError
        ``resources`` is not a list (or other iterable) of resources. Every problem of one resource is a
        refused row, not raised.

    Examples
    --------
    >>> import iopkit
    >>> from iopkit.interop import to_fhir
    >>> done = to_fhir(iopkit.score("phq9", [0] * 9), subject="Patient/IOP-1")
    >>> unfinished = to_fhir(iopkit.score("phq9", [0] * 8 + [2]), subject="Patient/IOP-2")
    >>> unfinished["entry"][0]["resource"]["status"] = "in-progress"
    >>> report = read_fhir([done, unfinished])
    >>> [(row.row, row.patient) for row in report.imported]
    [(1, 'Patient/IOP-1')]
    >>> [(flag.row, flag.patient, flag.flag.code, flag.saved) for flag in report.critical]
    [(2, 'Patient/IOP-2', 'suicidal_ideation', False)]
    """
    from .report import Imported, ImportReport, Refused

    if isinstance(resources, (dict, str, bytes, bytearray)):
        resources = [resources]  # one resource, not an iterable of its keys or characters
    try:
        resources = list(resources)
    except TypeError:
        raise _refuse(
            f"read_fhir takes a list of FHIR resources (got {show(resources)})",
            value=resources,
            allowed="a list of resources",
        ) from None
    imported, refused = [], []
    for number, resource in enumerate(resources, start=1):
        try:
            qr = _split(_parse(resource))[0]
            subject = qr.get("subject")
            reference = subject.get("reference") if isinstance(subject, dict) else None
            patient = reference if isinstance(reference, str) else None
        except InteropError as error:
            refused.append(Refused(number, None, instrument, error))
            continue
        try:
            imported.append(Imported(number, patient, from_fhir(resource, instrument=instrument, **context)))
        except IopkitError as error:
            refused.append(Refused(number, patient, error.instrument or instrument, error))
    return ImportReport("FHIR QuestionnaireResponses", tuple(imported), tuple(refused), unit="resource")
