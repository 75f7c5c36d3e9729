"""Import a FHIR file into the store: every QuestionnaireResponse scored, checked and saved, or refused.

A file is NDJSON (one resource per line: numbered by its line), a JSON Bundle of responses (numbered
by their ``entry``, as FHIR tools show them), a JSON array (numbered by position) or one resource.
Each response is scored in full (:func:`~iopkit.interop.read_fhir`), its subject matched to a
patient of the store by pseudonym (``Patient/<pseudonym>``, as text exactly), its ``authored``
time checked; the responses that pass are saved in one transaction.  The
:class:`~iopkit.interop.ImportReport` names each refused one by that number with the safety flags its
answers already make certain.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InteropError
from .fhir_in import _no_constant, _too_deep, authored, read_fhir
from .limits import read_limited
from .report import ImportReport, Refused, clinical_time, show

__all__ = ["FhirFile", "read_fhir_file", "import_fhir_file", "import_fhir_resources"]

_SOURCE = "FHIR QuestionnaireResponses"


@dataclass(frozen=True)
class FhirFile:
    """The resources of a FHIR file with the number each one is known by.

    Attributes
    ----------
    unit : str
        What the numbers count: ``"line"`` (NDJSON), ``"entry"`` (a Bundle's entries) or
        ``"resource"`` (a JSON array, or the file is one resource).
    numbers : tuple of int
        The 1-based line, entry or position of each resource.
    resources : tuple
        The resources (dicts, or the text of an NDJSON line, which is read when scored).
    """

    unit: str
    numbers: tuple[int, ...]
    resources: tuple

    def __len__(self) -> int:
        return len(self.resources)


def read_fhir_file(source: str | os.PathLike, *, max_bytes: int | None = None) -> FhirFile:
    """The resources of a FHIR file: one per NDJSON line; a JSON resource, array, or Bundle of many.

    A ``.ndjson`` file is read line by line (blank lines skipped, the numbers stay those of the file).
    A JSON Bundle whose entries are QuestionnaireResponses (more than one), or Bundles (e.g. a
    collection of :func:`~iopkit.interop.to_fhir` exports), gives those entries with their entry
    numbers; any other JSON object is one resource.

    Parameters
    ----------
    source : path
        A ``.json`` or ``.ndjson`` file.
    max_bytes : int, optional
        The largest file read; default ``IOPKIT_MAX_IMPORT_MIB``, else 64 MiB (:mod:`iopkit.interop.limits`).

    Returns
    -------
    FhirFile

    Raises
    ------
    InteropError
        The file is larger than the limit (refused from its size, before it is read), cannot be read, is not
        JSON (``NaN`` and ``Infinity`` are not JSON numbers) or is nested too deeply to read.

    Examples
    --------
    >>> import iopkit, json, pathlib, tempfile
    >>> from iopkit.interop import to_fhir
    >>> one = to_fhir(iopkit.score("phq9", [0] * 9), subject="Patient/IOP-1")
    >>> bundle = {"resourceType": "Bundle", "type": "collection",
    ...           "entry": [{"resource": {"resourceType": "Patient"}}, {"resource": one}, {"resource": one}]}
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "in.json"
    >>> _ = path.write_text(json.dumps(bundle))
    >>> found = read_fhir_file(path)
    >>> found.unit, found.numbers
    ('entry', (2, 3))
    """
    path = Path(source).expanduser()
    text = read_limited(path, max_bytes)
    if path.suffix.lower() == ".ndjson":
        lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
        return FhirFile("line", tuple(n for n, _ in lines), tuple(line for _, line in lines))
    try:
        document = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise _too_deep() from None
    except (ValueError, UnicodeDecodeError) as error:
        raise InteropError(
            f"{path} is not JSON: {error}",
            item="file",
            value=str(path),
            allowed="a FHIR resource, array or Bundle in JSON",
        ) from None
    if isinstance(document, list):
        return FhirFile("resource", tuple(range(1, len(document) + 1)), tuple(document))
    if isinstance(document, dict) and document.get("resourceType") == "Bundle":
        entries = [
            (number, e.get("resource"))
            for number, e in enumerate(document.get("entry") or [], start=1)
            if isinstance(e, dict)
        ]

        def of_type(kind: str) -> list[tuple[int, dict]]:
            return [(n, r) for n, r in entries if isinstance(r, dict) and r.get("resourceType") == kind]

        bundles, responses = of_type("Bundle"), of_type("QuestionnaireResponse")
        chosen = bundles if bundles and not responses else responses if len(responses) > 1 else None
        if chosen:
            return FhirFile("entry", tuple(n for n, _ in chosen), tuple(r for _, r in chosen))
    return FhirFile("resource", (1,), (document,))


def import_fhir_resources(store, resources: FhirFile, *, by: str, instrument: str | None = None) -> ImportReport:
    """Score every resource, then save those whose subject is a patient in the store (one transaction).

    Parameters
    ----------
    store : iopkit.Store
        Where the scores are saved.
    resources : FhirFile
        The resources and their numbers (:func:`read_fhir_file`).
    by : str
        Who imports (saved with each record).
    instrument : str, optional
        The instrument code, when the responses do not name a questionnaire iopkit knows.

    Returns
    -------
    ImportReport
        Rows numbered by ``resources.unit`` (``report.unit``); the refused ones with their certain flags.

    Raises
    ------
    StoreError
        The store refuses a save; then nothing is saved. (A resource that cannot be read, scored or matched to
        a patient is refused in the report, not raised.)
    """
    read = read_fhir(list(resources.resources), instrument=instrument)
    number = dict(enumerate(resources.numbers, start=1))
    unit = resources.unit
    known = {p.pseudonym: p.id for p in store.patients()}
    ready, refused = [], [replace(r, row=number[r.row]) for r in read.refused if r.row is not None]
    for row in read.imported:
        assert row.row is not None  # read_fhir numbers every resource
        where = f"{unit} {number[row.row]}"
        try:
            pseudonym = row.patient.removeprefix("Patient/") if row.patient else None
            if pseudonym not in known:
                raise InteropError(
                    f"{where}: subject {show(row.patient)} is not a patient in the store "
                    "(subject.reference must be Patient/<pseudonym>); add them first",
                    item="subject",
                    value=row.patient,
                )
            assert pseudonym is not None
            when = clinical_time(authored(resources.resources[row.row - 1]), f"{where}: authored")
            ready.append((replace(row, row=number[row.row]), known[pseudonym], when))
        except InteropError as error:
            refused.append(Refused.of(row, error, number=number[row.row], ids=False))
    refused.sort(key=lambda r: r.row or 0)
    with store.batch():
        saved = tuple(replace(row, record=store.save(pid, row.score, by=by, when=when)) for row, pid, when in ready)
    return ImportReport(_SOURCE, saved, tuple(refused), unit=unit)


def import_fhir_file(
    store, source: str | os.PathLike, *, by: str, instrument: str | None = None, max_bytes: int | None = None
) -> ImportReport:
    """Import a FHIR file (``.json`` or ``.ndjson``) into the store; see the module's description.

    Parameters
    ----------
    store : iopkit.Store
        Where the scores are saved.
    source : path
        The file: NDJSON, or JSON holding one resource, an array, or a Bundle.
    by : str
        Who imports (saved with each record).
    instrument : str, optional
        The instrument code, when the responses do not name a questionnaire iopkit knows.
    max_bytes : int, optional
        The largest file read; default ``IOPKIT_MAX_IMPORT_MIB``, else 64 MiB (:mod:`iopkit.interop.limits`).

    Returns
    -------
    ImportReport
        Refused responses are named by their NDJSON ``line``, Bundle ``entry`` or array position.

    Raises
    ------
    InteropError
        The file is too large, cannot be read or is not JSON (:func:`read_fhir_file`); nothing is saved.
    StoreError
        The store refuses a save; then nothing is saved.

    Examples
    --------
    >>> import iopkit, json, pathlib, tempfile
    >>> from iopkit.interop import to_fhir
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> store = iopkit.Store(folder / "clinic.sqlite"); _ = store.add_patient("IOP-1")
    >>> known = to_fhir(iopkit.score("phq9", [0] * 9), subject="Patient/IOP-1", authored="2026-03-02")
    >>> stranger = to_fhir(iopkit.score("phq9", [0] * 9), subject="Patient/IOP-9", authored="2026-03-02")
    >>> bundle = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": known},
    ...                                                                       {"resource": stranger}]}
    >>> _ = (folder / "in.json").write_text(json.dumps(bundle))
    >>> report = import_fhir_file(store, folder / "in.json", by="dr.lee")
    >>> print(str(report).splitlines()[1].split(" is not")[0])
      refused entry 2 (patient Patient/IOP-9): entry 2: subject 'Patient/IOP-9'
    >>> store.close()
    """
    return import_fhir_resources(store, read_fhir_file(source, max_bytes=max_bytes), by=by, instrument=instrument)
