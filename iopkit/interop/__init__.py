"""Interoperability: FHIR R4 and CSV in and out, and moving them through the store.

``iopkit.interop`` is the public path; the code lives in :mod:`~iopkit.interop.fhir` and
:mod:`~iopkit.interop.csv`.  Everything read is validated and re-scored in full before anything
is written, and a file's rows are saved in one transaction, so bad input never leaves a
half-written store: it raises :class:`~iopkit.errors.InteropError` naming what is wrong.
"""

from __future__ import annotations

import datetime as dt

from ..errors import InteropError
from .csv import FORMULA_STARTS, columns, neutralise, read_scores, write_scores
from .fhir import ANSWER_CODES, CONTEXT_EXTENSION, from_fhir, observation, questionnaire_response, to_fhir

__all__ = [
    "to_fhir", "from_fhir", "questionnaire_response", "observation", "ANSWER_CODES", "CONTEXT_EXTENSION",
    "write_scores", "read_scores", "columns", "neutralise", "FORMULA_STARTS",
    "import_fhir", "import_csv", "export_csv",
]


def import_fhir(store, patient_id: int, resource, *, by: str, instrument: str | None = None) -> int:
    """Score a FHIR QuestionnaireResponse (see :func:`from_fhir`) and save it; return the record id.

    ``authored`` becomes the record's clinical time.  Nothing is saved unless the whole resource
    reads and scores.
    """
    from .fhir import _parse, _split

    score = from_fhir(resource, instrument=instrument)
    authored = _split(_parse(resource))[0].get("authored")
    try:
        when = dt.datetime.fromisoformat(authored) if authored and "T" in authored else (
            dt.date.fromisoformat(authored) if authored else None)
    except ValueError:
        raise InteropError(f"QuestionnaireResponse.authored {authored!r} is not a FHIR date or dateTime") from None
    return store.save(patient_id, score, by=by, when=when)


def import_csv(store, source, *, by: str, instrument: str | None = None, **context) -> list[int]:
    """Score a cohort CSV and save each row for the patient named in its ``patient`` column.

    Every row is read, scored and matched to a registered pseudonym first; then all rows are saved
    in one transaction (all or nothing).  An optional ``taken_at`` column (ISO date or date-time)
    gives each assessment's clinical time.  Returns the new record ids in file order.
    """
    rows = read_scores(source, instrument, **context)
    if any("patient" not in ids for ids, _ in rows):
        raise InteropError("cohort CSV for the store needs a 'patient' column with each row's pseudonym")
    known = {p.pseudonym: p.id for p in store.patients()}
    unknown = sorted({str(ids["patient"]) for ids, _ in rows} - set(known))
    if unknown:
        raise InteropError(f"cohort CSV names patients the store does not hold: {unknown}; add them first")
    whens = [_taken_at(ids.get("taken_at"), line) for line, (ids, _) in enumerate(rows, start=2)]
    with store.batch():
        return [store.save(known[str(ids["patient"])], score, by=by, when=when)
                for (ids, score), when in zip(rows, whens)]


def _taken_at(value, line: int):
    if value in (None, ""):
        return None
    try:
        text = str(value)
        return dt.datetime.fromisoformat(text) if "T" in text or " " in text else dt.date.fromisoformat(text)
    except ValueError:
        raise InteropError(f"cohort CSV line {line}: taken_at {value!r} is not an ISO date or date-time") from None


def export_csv(store, instrument: str, target=None):
    """The current assessments of one instrument for every patient, as a cohort CSV.

    Id columns: ``patient`` (pseudonym; display names are never exported), ``record`` and
    ``taken_at``.  Returns the text when ``target`` is None.
    """
    from ..instruments import get

    code = get(instrument).code
    scores, ids = [], []
    for patient in store.patients():
        for record in store.current(patient.id, "assessment"):
            if record.item.instrument == code:
                scores.append(record.item)
                ids.append({"patient": patient.pseudonym, "record": record.id,
                            "taken_at": record.taken_at.isoformat()})
    if not scores:
        raise InteropError(f"the store holds no {code} assessments to export")
    return write_scores(scores, target, ids=ids)
