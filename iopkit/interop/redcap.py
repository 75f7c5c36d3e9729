"""REDCap: any instrument as a REDCap data dictionary, and REDCap records back into iopkit.

:func:`data_dictionary` writes the CSV REDCap's Online Designer uploads ("Dictionary" page), with
REDCap's own column headers (:data:`HEADERS`): a ``record_id`` field, one field per item (radio
buttons ``"0, Not at all | 1, Several days | ..."`` with the codes printed on the form, ``yesno``
for yes/no items, validated integers for day counts; the item's short name and the form's own
instruction for it, what to ask or observe, as its Field Note, shown under the question), the
instrument's skip rules as REDCap branching logic (``[audit_1] <> '0'``), its scoring context (sex,
medical supervision) as fields,
and the total (or highest level) and subscales as ``calc`` fields computing the points.

A REDCap *records export* (CSV, raw codes, not labels) of that form is read back with the same
field names: :func:`cohort_frame` gives the table :func:`iopkit.score_many` takes,
:func:`read_redcap` scores each record (an :class:`~iopkit.interop.ImportReport`, refused rows with
their certain flags) and :func:`import_redcap` saves them in the store, the record id being the
patient's pseudonym.  Nothing is recomputed from REDCap's calc fields: iopkit scores the answers.

The REDCap API is optional: PyCap (``pip install PyCap``) exports the same CSV,
``redcap.Project(url, token).export_records(format_type="csv", raw_or_label="raw")``, which these
functions read as text (``io.StringIO(...)``).  iopkit never calls a REDCap server itself.

References
----------
Harris PA, Taylor R, Thielke R, Payne J, Gonzalez N, Conde JG. Research electronic data capture
(REDCap). J Biomed Inform 2009;42(2):377-381. https://doi.org/10.1016/j.jbi.2008.08.010
"""

from __future__ import annotations

import csv
import io

from ..errors import InteropError
from ..instruments import get as _get_instrument
from .limits import read_limited
from .report import show

__all__ = [
    "HEADERS",
    "RECORD_ID",
    "cohort_csv",
    "cohort_frame",
    "data_dictionary",
    "field_name",
    "import_redcap",
    "read_redcap",
]

#: The data dictionary columns, exactly as REDCap names them, in REDCap's order.
HEADERS = (
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
)
RECORD_ID = "record_id"


def field_name(instrument, part) -> str:
    """REDCap variable name of an item number, a context key, ``"total"`` or a subscale.

    Parameters
    ----------
    instrument : str or Instrument
        The instrument, any name :func:`iopkit.instrument` accepts.
    part : int or str
        An item number, a context key, ``"total"`` (``"level"`` for a highest-level instrument) or a subscale.

    Returns
    -------
    str
        ``<instrument code>_<part>``.

    Examples
    --------
    >>> field_name("audit_c", 2), field_name("dsm5_sud", "medical_supervision")
    ('audit_c_2', 'dsm5_sud_medical_supervision')
    """
    return f"{_get_instrument(instrument).code}_{part}"


def _choices(item) -> str:
    return " | ".join(f"{o.code}, {(o.label or str(o.code)).replace('|', '/')}" for o in item.options)


def _points(inst, item) -> str:
    """REDCap expression for the points an item scores (its code where points equal codes)."""
    name = f"[{field_name(inst, item.number)}]"
    if all(o.points == o.code for o in item.options):
        return name
    expression = "0"
    for option in item.options:
        if option.points:
            expression = f"if({name} = '{option.code}', {option.points}, {expression})"
    return expression


def _branching(inst, item) -> str:
    """Show the item unless a skip rule holds (REDCap: a blank answer is not equal to any code)."""
    shown = []
    for rule in inst.skip_rules:
        if item.number in rule.unasked:
            fails = [" and ".join(f"[{field_name(inst, n)}] <> '{c}'" for c in codes) for n, codes in rule.when]
            shown.append(" or ".join(f"({f})" for f in fails))
    return " and ".join(f"({s})" for s in shown)


def _calc(inst, numbers, how: str) -> str:
    parts = [_points(inst, inst.item(n)) for n in numbers if inst.item(n).scored]
    return f"{how}({', '.join(parts)})"


def _total(inst) -> str:
    scored = [i.number for i in inst.items if i.scored]
    how = "max" if inst.aggregate == "max" else "sum"
    equation = _calc(inst, scored, how)
    for exclusion in inst.exclusions:
        kept = [n for n in scored if n not in exclusion.items]
        equation = f"if([{field_name(inst, exclusion.context)}] = '1', {_calc(inst, kept, how)}, {equation})"
    return equation


def _note(item) -> str:
    """The Field Note under an item's question: its short name and the form's instruction for it, where it has them."""
    return " · ".join(text for text in (item.label, item.instruction) if text)


def _row(name, form, kind, label, **more) -> dict:
    return {"Variable / Field Name": name, "Form Name": form, "Field Type": kind, "Field Label": label, **more}


def data_dictionary(instrument, target=None) -> str | None:
    """A REDCap data dictionary (CSV) for one instrument; the text, or written to ``target``.

    Parameters
    ----------
    instrument : str or Instrument
        The instrument, any name :func:`iopkit.instrument` accepts.
    target : path, optional
        A file to write the dictionary to (UTF-8); ``None`` returns the text.

    Returns
    -------
    str or None
        The CSV text when ``target`` is ``None``, else ``None``.

    Examples
    --------
    >>> text = data_dictionary("phq2")
    >>> rows = list(csv.reader(io.StringIO(text)))
    >>> rows[0][:6] == list(HEADERS[:6])
    True
    >>> [row[0] for row in rows[1:]]
    ['record_id', 'phq2_1', 'phq2_2', 'phq2_total']
    >>> rows[2][3], rows[2][5]
    ('radio', '0, Not at all | 1, Several days | 2, More than half the days | 3, Nearly every day')
    >>> rows[4][3], rows[4][5]
    ('calc', 'sum([phq2_1], [phq2_2])')

    AUDIT's skip rules become branching logic:

    >>> rows = list(csv.reader(io.StringIO(data_dictionary("audit"))))
    >>> next(row[11] for row in rows if row[0] == "audit_4")
    "(([audit_1] <> '0')) and (([audit_2] <> '0') or ([audit_3] <> '0'))"

    The form's instruction for an item is its Field Note (CIWA-Ar item 10):

    >>> rows = list(csv.reader(io.StringIO(data_dictionary("ciwa_ar"))))
    >>> next((row[4], row[6]) for row in rows if row[0] == "ciwa_ar_10")
    ('Orientation and clouding of sensorium', 'Ask "What day is this? Where are you? Who am I?"')
    """
    inst = _get_instrument(instrument)
    form = inst.code
    rows = [_row(RECORD_ID, form, "text", "Record ID (the patient's pseudonym in iopkit)")]
    for key, (allowed, _default) in inst.context.items():
        values = [v for v in allowed if v is not None]
        if set(values) <= {True, False}:
            rows.append(_row(field_name(inst, key), form, "yesno", f"Scoring context: {key.replace('_', ' ')}"))
        else:
            rows.append(
                _row(
                    field_name(inst, key),
                    form,
                    "radio",
                    f"Scoring context: {key.replace('_', ' ')}",
                    **{
                        "Choices, Calculations, OR Slider Labels": " | ".join(f"{v}, {v}" for v in values),
                        "Field Note": "leave blank if unknown",
                    },
                )
            )
    for item in inst.items:
        if item.kind == "not_recorded":
            continue
        more = {
            "Branching Logic (Show field only if...)": _branching(inst, item),
            "Field Note": _note(item),
            "Field Annotation": f"LOINC {item.loinc}" if item.loinc else "",
        }
        more["Required Field?"] = "" if more["Branching Logic (Show field only if...)"] else "y"
        if item.kind == "yes_no":
            kind = "yesno"
        elif item.kind == "count":
            kind = "text"
            assert item.count_range is not None  # a count item is defined with its range
            more.update(
                {
                    "Text Validation Type OR Show Slider Number": "integer",
                    "Text Validation Min": str(item.count_range[0]),
                    "Text Validation Max": str(item.count_range[1]),
                }
            )
        else:
            kind = "radio"
            more["Choices, Calculations, OR Slider Labels"] = _choices(item)
        rows.append(_row(field_name(inst, item.number), form, kind, item.stem, **more))
    if inst.aggregate is not None:
        what = "Highest level reached" if inst.aggregate == "max" else "Total score"
        rows.append(
            _row(
                field_name(inst, "level" if inst.aggregate == "max" else "total"),
                form,
                "calc",
                f"{what} (iopkit re-scores the answers on import)",
                **{"Choices, Calculations, OR Slider Labels": _total(inst)},
            )
        )
    for sub in inst.subscales:
        if sub.count_at_least is None:
            equation = _calc(inst, sub.items, "sum")
        else:
            equation = (
                "sum("
                + ", ".join(f"if({_points(inst, inst.item(n))} >= {sub.count_at_least}, 1, 0)" for n in sub.items)
                + ")"
            )
        rows.append(
            _row(
                field_name(inst, sub.name),
                form,
                "calc",
                f"{sub.name.replace('_', ' ')} subscale",
                **{"Choices, Calculations, OR Slider Labels": equation},
            )
        )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADERS, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    if target is None:
        return out.getvalue()
    with open(target, "w", newline="", encoding="utf-8") as file:
        file.write(out.getvalue())
    return None


def _records(source) -> tuple[list[str], list[dict]]:
    # Read whole, so refused above the import limit (IOPKIT_MAX_IMPORT_MIB, else 64 MiB) before it is read.
    text = read_limited(source, what="the REDCap records export")
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), strict=True)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise InteropError(f"REDCap records export is not readable CSV: {error}") from None
    return list(reader.fieldnames or ()), rows


def cohort_csv(source, instrument, *, date_field: str | None = None) -> str:
    """A REDCap records export (CSV, raw codes) as an iopkit cohort CSV (text).

    ``record_id`` becomes ``patient``, ``date_field`` (if given) ``taken_at``; rows holding no answer
    of this form (other events or instruments) are left out.

    Parameters
    ----------
    source : path or file object
        The records export: a path (UTF-8), or a text or binary file object.
    instrument : str or Instrument
        The instrument whose form was exported.
    date_field : str, optional
        The REDCap field holding when the form was completed.

    Returns
    -------
    str
        The cohort CSV: ``patient``, ``taken_at`` (with ``date_field``), the item columns and the context
        columns the export holds.

    Raises
    ------
    InteropError
        An export larger than the import limit (``IOPKIT_MAX_IMPORT_MIB``, else 64 MiB: refused before it is read),
        not readable CSV, or lacking ``record_id``, a field of the form or ``date_field``.

    Examples
    --------
    >>> export = "record_id,phq2_1,phq2_2,phq2_total,phq2_complete\\nIOP-0042,1,2,3,2\\n"
    >>> print(cohort_csv(io.StringIO(export), "phq2"), end="")
    patient,item1,item2
    IOP-0042,1,2
    """
    inst = _get_instrument(instrument)
    header, rows = _records(source)
    fields = {field_name(inst, item.number): item.column for item in inst.items if item.kind != "not_recorded"}
    context = {field_name(inst, key): key for key in inst.context}
    missing = [name for name in (RECORD_ID, *fields) if name not in header]
    if missing:
        raise InteropError(
            f"REDCap records export for {inst.code} lacks fields {missing} (export raw data of the "
            f"form made from iopkit's data dictionary)",
            instrument=inst.code,
            item=missing,
            allowed=[RECORD_ID, *fields],
        )
    if date_field is not None and date_field not in header:
        raise InteropError(f"REDCap records export has no date field {show(date_field)}", item=date_field)
    columns = [
        "patient",
        *(["taken_at"] if date_field else []),
        *fields.values(),
        *(key for name, key in context.items() if name in header),
    ]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        if not any((row.get(name) or "").strip() for name in (*fields, *context)):
            continue  # another event's or instrument's row: nothing of this form in it
        line = {"patient": row[RECORD_ID], **({"taken_at": row[date_field]} if date_field else {})}
        line.update({column: row[name] for name, column in fields.items()})
        for name, key in context.items():
            if name in header:
                value = (row[name] or "").strip()
                allowed = [v for v in inst.context[key][0] if v is not None]
                line[key] = {"1": "true", "0": "false"}.get(value, value) if set(allowed) <= {True, False} else value
        writer.writerow(line)
    return out.getvalue()


def cohort_frame(source, instrument):
    """A REDCap records export as the table :func:`iopkit.score_many` takes, indexed by record id.

    Item columns are numbers (blank = not answered); context columns (if any) are kept as text,
    for the caller to pass to ``score_many`` per group.

    Parameters
    ----------
    source : path or file object
        The records export, as for :func:`cohort_csv`.
    instrument : str or Instrument
        The instrument whose form was exported.

    Returns
    -------
    pandas.DataFrame
        One row per record, indexed by ``patient`` (the record id); a blank answer is missing.

    Raises
    ------
    InteropError
        As :func:`cohort_csv` raises it, and for an answer that is neither blank nor a number (naming the
        record, the field, the item and the value), never read as not answered.

    Examples
    --------
    >>> import iopkit
    >>> export = "record_id,phq2_1,phq2_2\\nIOP-1,1,2\\nIOP-2,0,\\n"
    >>> scored = iopkit.score_many("phq2", cohort_frame(io.StringIO(export), "phq2"))
    >>> scored[["total", "band"]]  # doctest: +NORMALIZE_WHITESPACE
             total      band
    patient
    IOP-1        3  positive
    IOP-2     <NA>       NaN
    """
    import pandas as pd

    frame = pd.read_csv(io.StringIO(cohort_csv(source, instrument)), dtype=str, keep_default_na=False)
    frame = frame.set_index("patient")
    inst = _get_instrument(instrument)
    for item in inst.items:
        if item.column in frame:
            text = frame[item.column].str.strip()
            numbers = pd.to_numeric(text.replace("", None), errors="coerce")
            bad = numbers.isna() & (text != "")
            if bad.any():
                record, value = bad.idxmax(), text[bad].iloc[0]
                raise InteropError(
                    f"REDCap records export for {inst.code}: record {record}, field {field_name(inst, item.number)} "
                    f"(item {item.number}) holds {value!r}, which is not a number; allowed: a choice code of the data "
                    f"dictionary, or blank for not answered ({int(bad.sum())} such cell(s) in this field)",
                    instrument=inst.code,
                    item=item.number,
                    value=value,
                    allowed="a number or blank",
                )
            frame[item.column] = numbers
    return frame


def read_redcap(source, instrument, *, date_field: str | None = None, **context):
    """Score each record of a REDCap records export; an ImportReport (see :func:`read_report`).

    Parameters
    ----------
    source : path or file object
        The records export, as for :func:`cohort_csv`.
    instrument : str or Instrument
        The instrument whose form was exported.
    date_field : str, optional
        The REDCap field holding when the form was completed (kept as the row's ``taken_at`` id).
    **context
        Scoring context for records whose context fields are empty.

    Returns
    -------
    ImportReport
        The records imported (scored) and refused, each with its certain flags; ``patient`` is the record id.

    Raises
    ------
    InteropError
        Problems of the whole export (see :func:`cohort_csv` and :func:`read_report`).

    Examples
    --------
    >>> export = "record_id,audit_c_sex,audit_c_1,audit_c_2,audit_c_3\\nIOP-1,female,2,1,1\\n"
    >>> report = read_redcap(io.StringIO(export), "audit_c")
    >>> [(row.patient, row.score.total, row.score.band) for row in report.imported]
    [('IOP-1', 4, 'positive')]
    """
    from .csv import read_report

    return read_report(io.StringIO(cohort_csv(source, instrument, date_field=date_field)), instrument, **context)


def import_redcap(
    store, source, instrument, *, by: str, date_field: str | None = None, strict: bool = False, **context
):
    """Score a REDCap records export and save each record for the patient its record id names.

    The rules of :func:`iopkit.interop.import_csv` apply (patients must be registered, rows that fail
    are reported with their certain flags, ``strict=True`` saves all or nothing).

    Parameters
    ----------
    store : iopkit.Store
        Where the records are saved.
    source : path or file object
        The records export, as for :func:`cohort_csv`.
    instrument : str or Instrument
        The instrument whose form was exported.
    by : str
        Who imports (recorded on every record).
    date_field : str, optional
        The REDCap field holding when the form was completed (the record's clinical time).
    strict : bool, default False
        Save nothing unless every record passes, and raise the first refused record's error.
    **context
        Scoring context for records whose context fields are empty.

    Returns
    -------
    ImportReport
        As :func:`iopkit.interop.import_csv` returns it.

    Raises
    ------
    InteropError
        Problems of the whole export (see :func:`cohort_csv` and :func:`iopkit.interop.import_csv`).
    """
    from . import import_csv

    text = cohort_csv(source, instrument, date_field=date_field)
    return import_csv(store, io.StringIO(text), by=by, instrument=instrument, strict=strict, **context)
