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

    Examples
    --------
    >>> import iopkit, pathlib, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> store = iopkit.Store(pathlib.Path(folder.name) / "clinic.sqlite")
    >>> patient = store.add_patient("IOP-0042")
    >>> phq9 = iopkit.score("phq9", [1, 1, 2, 1, 0, 1, 1, 0, 1])
    >>> record_id = import_fhir(store, patient, to_fhir(phq9, authored="2026-03-02"), by="dr.lee")
    >>> saved = store.record(record_id)
    >>> saved.kind, saved.taken_at, saved.item == phq9
    ('assessment', datetime.date(2026, 3, 2), True)
    >>> store.close(); folder.cleanup()
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

    Examples
    --------
    >>> import iopkit, pathlib, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> store = iopkit.Store(pathlib.Path(folder.name) / "clinic.sqlite")
    >>> patients = [store.add_patient("IOP-0042"), store.add_patient("IOP-0043")]
    >>> path = pathlib.Path(folder.name) / "phq2.csv"
    >>> write_scores([iopkit.score("phq2", [1, 2]), iopkit.score("phq2", [0, 0])], path,
    ...              ids=[{"patient": "IOP-0042", "taken_at": "2026-03-02"},
    ...                   {"patient": "IOP-0043", "taken_at": "2026-03-03"}])
    >>> import_csv(store, path, by="dr.lee")
    [1, 2]
    >>> [(r.taken_at, r.item.total, r.item.band) for r in store.current(patients[1], "assessment")]
    [(datetime.date(2026, 3, 3), 0, 'negative')]
    >>> store.close(); folder.cleanup()
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

    Examples
    --------
    >>> import datetime, iopkit, pathlib, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> store = iopkit.Store(pathlib.Path(folder.name) / "clinic.sqlite")
    >>> patient = store.add_patient("IOP-0042", display_name="never exported")
    >>> _ = store.save(patient, iopkit.score("phq2", [1, 2]), by="dr.lee", when=datetime.date(2026, 3, 2))
    >>> for line in export_csv(store, "phq2").splitlines():
    ...     print(line)
    instrument,patient,record,taken_at,item1,item2,scheme,total,band,flag_positive_screen
    phq2,IOP-0042,1,2026-03-02,1,2,kroenke_2003,3,positive,true
    >>> export_csv(store, "phq2", pathlib.Path(folder.name) / "phq2.csv")
    >>> [score.total for _, score in read_scores(pathlib.Path(folder.name) / "phq2.csv")]
    [3]
    >>> store.close(); folder.cleanup()
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
