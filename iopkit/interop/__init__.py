"""Interoperability: FHIR R4 and CSV in and out, and moving them through the store.

``iopkit.interop`` is the public path; the code lives in :mod:`~iopkit.interop.fhir` (writing),
:mod:`~iopkit.interop.fhir_in` (reading), :mod:`~iopkit.interop.csv` and
:mod:`~iopkit.interop.report`.  Everything read is outside data: it is checked and re-scored in full
before anything is written, and a problem is an :class:`~iopkit.errors.InteropError` (or another
iopkit error) naming what is wrong, never a crash.

An import never drops a danger sign. Reading many rows or resources (:func:`read_report`, :func:`read_fhir`,
:func:`import_fhir_file`, :func:`import_csv`) gives an :class:`ImportReport`: the rows imported, and every
refused row with its line (a Bundle's entry), patient, error and the safety flags its valid answers already
make certain; ``report.critical`` and ``str(report)`` put critical flags of unsaved rows first. A single
refusal (:func:`from_fhir`, :func:`import_fhir`, strict mode) carries those flags in ``error.flags``.
Identifiers (pseudonyms, record ids, dates) are read as text, exactly as written.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import InteropError
from ..flags import by_urgency
from . import redcap, sdc
from .csv import FORMULA_STARTS, columns, neutralise, read_report, read_scores, write_scores
from .fhir import ANSWER_CODES, CONTEXT_EXTENSION, observation, questionnaire_response, to_fhir
from .fhir_file import FhirFile, import_fhir_file, import_fhir_resources, read_fhir_file
from .fhir_in import authored, from_fhir, read_fhir
from .report import Imported, ImportReport, Refused, RowFlag, clinical_time, show
from .sdc import questionnaire, questionnaires

__all__ = [
    "to_fhir",
    "from_fhir",
    "read_fhir",
    "questionnaire_response",
    "observation",
    "ANSWER_CODES",
    "CONTEXT_EXTENSION",
    "write_scores",
    "read_scores",
    "read_report",
    "columns",
    "neutralise",
    "FORMULA_STARTS",
    "import_fhir",
    "import_fhir_file",
    "import_fhir_resources",
    "read_fhir_file",
    "FhirFile",
    "import_csv",
    "export_csv",
    "ImportReport",
    "Imported",
    "Refused",
    "RowFlag",
    "sdc",
    "questionnaire",
    "questionnaires",
    "redcap",
]


def import_fhir(store, patient_id: int, resource, *, by: str, instrument: str | None = None) -> int:
    """Score a FHIR QuestionnaireResponse (see :func:`from_fhir`) and save it; return the record id.

    ``authored`` becomes the record's clinical time.  Nothing is saved unless the whole resource
    reads and scores; a refusal raises the iopkit error with the safety flags the answers already
    make certain in ``error.flags`` (e.g. PHQ-9 item 9 on an ``in-progress`` response).

    Parameters
    ----------
    store : iopkit.Store
        Where the score is saved.
    patient_id : int
        The patient's id in the store.
    resource : dict, str or bytes
        The QuestionnaireResponse, alone or in a Bundle, as :func:`from_fhir` takes it.
    by : str
        Who imports (saved with the record).
    instrument : str, optional
        The instrument code, when the response does not name a questionnaire iopkit knows.

    Returns
    -------
    int
        The id of the saved record.

    Raises
    ------
    InteropError
        The resource is refused as :func:`from_fhir` refuses it, or its ``authored`` is not an ISO date or
        date-time that can be placed in UTC, or not a plausible assessment date; ``error.flags`` holds the
        certain flags of its answers.
    InvalidAnswerError, IncompleteResponseError
        The answers themselves are out of range or incomplete (from :func:`iopkit.score`).
    StoreError
        The store refuses the save (e.g. an unknown patient id).

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
    score = from_fhir(resource, instrument=instrument)
    try:
        when = clinical_time(authored(resource), "QuestionnaireResponse.authored")
    except InteropError as error:
        raise InteropError(
            str(error),
            flags=score.flags,
            instrument=score.instrument,
            item="authored",
            value=error.value,
            allowed=error.allowed,
        ) from None
    return store.save(patient_id, score, by=by, when=when)


def import_csv(
    store,
    source,
    *,
    by: str,
    instrument: str | None = None,
    strict: bool = False,
    encoding: str = "utf-8-sig",
    max_bytes: int | None = None,
    **context,
) -> ImportReport:
    """Score a cohort CSV and save each row for the patient named in its ``patient`` column.

    Every row is read, scored, matched to a registered pseudonym (as text, exactly: ``"007"`` is
    not ``"7"``) and its optional ``taken_at`` (ISO date or date-time: the clinical time) checked.
    Then the rows that passed are saved in one transaction, and the report says which rows were
    imported and which were refused, with the certain safety flags of each refused row.

    Parameters
    ----------
    store : iopkit.Store
        Where the rows are saved.
    source : path or file object
        The cohort CSV (see :func:`read_report`).
    by : str
        Who imports (recorded on every record).
    instrument : str, optional
        The instrument, else the file's ``instrument`` column.
    strict : bool
        If True, save nothing unless every row passes, and raise the first refused row's error
        (its ``flags`` hold every refused row's flags; ``error.report`` the full report).
    encoding : str
        The file's text encoding (default UTF-8); text that does not decode is refused.
    max_bytes : int, optional
        The largest file read; default ``IOPKIT_MAX_IMPORT_MIB``, else 64 MiB (:mod:`iopkit.interop.limits`).
    **context
        Scoring context for rows whose context columns are empty.

    Returns
    -------
    ImportReport
        ``report.records`` are the new record ids in file order; ``report.refused`` the rows not
        saved; ``report.critical`` every critical flag, those of refused rows first.

    Raises
    ------
    InteropError
        Problems of the whole file (larger than the import limit, refused unread; not CSV, no ``patient`` column,
        missing item columns ...).
    IopkitError
        With ``strict=True``: the first refused row's error, of its own type, with every refused row's flags
        (see :meth:`ImportReport.raise_for_refused`).
    StoreError
        The store refuses a save; then nothing is saved.

    Examples
    --------
    >>> import io, iopkit, pathlib, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> store = iopkit.Store(pathlib.Path(folder.name) / "clinic.sqlite")
    >>> patients = [store.add_patient("IOP-0042"), store.add_patient("IOP-0043")]
    >>> path = pathlib.Path(folder.name) / "phq2.csv"
    >>> write_scores([iopkit.score("phq2", [1, 2]), iopkit.score("phq2", [0, 0])], path,
    ...              ids=[{"patient": "IOP-0042", "taken_at": "2026-03-02"},
    ...                   {"patient": "IOP-0043", "taken_at": "2026-03-03"}])
    >>> import_csv(store, path, by="dr.lee").records
    (1, 2)
    >>> [(r.taken_at, r.item.total, r.item.band) for r in store.current(patients[1], "assessment")]
    [(datetime.date(2026, 3, 3), 0, 'negative')]

    A row that cannot be saved does not stop the others, and its certain flags are reported:

    >>> report = import_csv(store, io.StringIO("patient,item1,item2\\nIOP-0042,0,1\\nIOP-0099,3,3\\n"),
    ...                     by="dr.lee", instrument="phq2")
    >>> print(str(report).split("flags:")[0])
    cohort CSV: 1 imported, 1 refused
      refused line 3 (patient IOP-0099): cohort CSV line 3: patient 'IOP-0099' is not in the store; add them first
    <BLANKLINE>
    >>> [(f.row, f.patient, f.flag.code, f.saved) for f in report.flags]
    [(3, 'IOP-0099', 'positive_screen', False)]
    >>> store.close(); folder.cleanup()
    """
    read = read_report(source, instrument, encoding=encoding, max_bytes=max_bytes, **context)
    if read.imported + read.refused and not all("patient" in row.ids for row in read.imported + read.refused):
        error = InteropError(
            "cohort CSV for the store needs a 'patient' column with each row's pseudonym; "
            "nothing was saved (error.report and error.flags hold what the rows raise)",
            item="patient",
            flags=by_urgency(f.flag for f in read.flags),
        )
        error.report = read
        raise error
    known = {p.pseudonym: p.id for p in store.patients()}
    ready, refused = [], list(read.refused)
    for row in read.imported:
        try:
            if row.patient not in known:
                raise InteropError(
                    f"cohort CSV line {row.row}: patient {show(row.patient)} is not in the store; add them first",
                    item="patient",
                    value=row.patient,
                )
            ready.append((row, clinical_time(row.ids.get("taken_at"), f"cohort CSV line {row.row}: taken_at")))
        except InteropError as error:
            refused.append(Refused.of(row, error))
    refused.sort(key=lambda r: r.row)
    if strict and refused:
        ImportReport(read.source, (), tuple(refused)).raise_for_refused()
    with store.batch():
        saved = tuple(
            replace(row, record=store.save(known[row.patient], row.score, by=by, when=when)) for row, when in ready
        )
    return ImportReport(read.source, saved, tuple(refused))


def export_csv(store, instrument: str, target=None):
    """The current assessments of one instrument for every patient, as a cohort CSV.

    Id columns: ``patient`` (pseudonym; display names are never exported), ``record`` and
    ``taken_at``.  Returns the text when ``target`` is None.

    Parameters
    ----------
    store : iopkit.Store
        Where the assessments are read.
    instrument : str
        The instrument, any name :func:`iopkit.instrument` accepts.
    target : path or text file object, optional
        Where to write the CSV; ``None`` returns it.

    Returns
    -------
    str or None
        The CSV text when ``target`` is ``None``, else ``None``.

    Raises
    ------
    InteropError
        The store holds no current assessment of the instrument.
    UnknownInstrumentError
        An instrument iopkit does not know.

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
                ids.append({"patient": patient.pseudonym, "record": record.id, "taken_at": record.taken_at.isoformat()})
    if not scores:
        raise InteropError(f"the store holds no {code} assessments to export", instrument=code)
    return write_scores(scores, target, ids=ids)
