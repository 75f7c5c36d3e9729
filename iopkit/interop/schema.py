"""FHIR R4 schema checks by ``fhir.resources`` (the ``fhir`` extra), when it is installed.

``fhir.resources`` has no separate R4 package; its R4B models are the ones its maintainers advise
for R4 data (R4B changed no element of Questionnaire or QuestionnaireResponse that iopkit uses).
They check datatypes and cardinalities (``status`` required, a FHIR ``dateTime`` with a time needs
a time zone ...), not profiles or terminology.  Without the extra these checks are skipped and
iopkit's own element checks in :mod:`~iopkit.interop.fhir_in` still apply.

References
----------
nazrulworld/fhir.resources, README "FHIR Version Info". https://github.com/nazrulworld/fhir.resources
"""

from __future__ import annotations

from ..errors import InteropError

__all__ = ["schema_problems", "validate"]

_MODELS = {"QuestionnaireResponse": "questionnaireresponse", "Questionnaire": "questionnaire"}


def _model(kind: str):
    from importlib import import_module

    return getattr(import_module(f"fhir.resources.R4B.{_MODELS[kind]}"), kind)


def validate(resource: dict) -> None:
    """Raise :class:`InteropError` unless ``resource`` is a valid FHIR R4 (Questionnaire)Response.

    Without the ``fhir`` extra only the resource type is checked.

    Parameters
    ----------
    resource : dict
        A Questionnaire or QuestionnaireResponse, as parsed JSON.

    Raises
    ------
    InteropError
        A resource that is not a Questionnaire or QuestionnaireResponse, or (with the ``fhir`` extra) one the
        FHIR R4 schema refuses; the message names the first problem.

    Examples
    --------
    >>> from iopkit.interop import questionnaire
    >>> validate(questionnaire("phq9"))
    >>> validate({"resourceType": "QuestionnaireResponse"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    iopkit.errors.InteropError: the QuestionnaireResponse is not valid FHIR R4 (1 problem(s); first: status: ...)
    """
    kind = resource.get("resourceType") if isinstance(resource, dict) else None
    if kind not in _MODELS:
        raise InteropError(
            f"validate takes a Questionnaire or QuestionnaireResponse (got {kind!r})",
            value=kind,
            allowed=tuple(_MODELS),
        )
    problems = schema_problems(resource, None, kind=kind)
    if problems:
        raise problems[0]


def schema_problems(
    resource: dict, instrument: str | None, *, kind: str = "QuestionnaireResponse"
) -> list[InteropError]:
    """The schema errors of a resource (at most one, naming the first problem); empty when valid.

    A response that fails is refused by :func:`~iopkit.interop.from_fhir`, but its readable answers
    are still scored for the safety flags they make certain.

    Parameters
    ----------
    resource : dict
        The resource, as parsed JSON.
    instrument : str or None
        The instrument's code, to start the message with and set on the error; ``None`` for neither.
    kind : str, default "QuestionnaireResponse"
        The resource type to check it as: ``"QuestionnaireResponse"`` or ``"Questionnaire"``.

    Returns
    -------
    list of InteropError
        The first problem as an error (not raised), or an empty list when the resource is valid or the ``fhir``
        extra is not installed.
    """
    try:
        model = _model(kind)
        from pydantic import ValidationError
    except ImportError:  # the fhir extra is not installed
        return []
    prefix = f"{instrument}: " if instrument else ""
    try:
        model.model_validate(resource)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        return [
            InteropError(
                f"{prefix}the {kind} is not valid FHIR R4 ({error.error_count()} problem(s); first: "
                f"{where or 'resource'}: {first.get('msg')})",
                instrument=instrument,
                item=where or None,
                allowed=f"a FHIR R4 {kind}",
            )
        ]
    except (ValueError, TypeError, RecursionError) as error:
        return [
            InteropError(
                f"{prefix}the {kind} is not valid FHIR R4 ({error})", instrument=instrument, allowed=f"a FHIR R4 {kind}"
            )
        ]
    return []
