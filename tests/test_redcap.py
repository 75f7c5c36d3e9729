"""REDCap round trip: data dictionary out, records export in, through score_many and the store.

The records are filled the way REDCap fills them: each field's raw codes read back from the
dictionary's own choices column (not from iopkit's definition), fields hidden by the dictionary's
branching logic left blank, and the calc fields computed from the dictionary's equations by a
small interpreter of REDCap's logic syntax.  The scores iopkit gives those records must equal
iopkit's scores of the same answers, and REDCap's calc totals must equal iopkit's totals.
"""

from __future__ import annotations

import csv
import io
import random
import re

import pytest

import iopkit
from iopkit.instruments import CATALOGUE
from iopkit.interop import redcap

#: REDCap's data dictionary header, typed from a dictionary downloaded from REDCap.
REDCAP_HEADER = [
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
]
FIELD = re.compile(r"^[a-z][a-z0-9_]*$")


def dictionary(code: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(redcap.data_dictionary(code))))


def redcap_logic(expression: str, record: dict):
    """Evaluate REDCap branching logic / calc syntax on a record (blank = '')."""
    python = re.sub(r"\[([a-z0-9_]+)\]", lambda m: f"v({m.group(1)!r})", expression)
    python = python.replace("<>", "!=").replace(">=", "__GE__")
    python = re.sub(r"(?<![<>!=])=(?!=)", "==", python).replace("__GE__", ">=")

    def v(name):
        return record.get(name, "")

    def num(x):
        return None if x == "" or x is None else float(x)

    def _sum(*xs):
        return sum(num(x) for x in xs if num(x) is not None)

    def _max(*xs):
        values = [num(x) for x in xs if num(x) is not None]
        return max(values) if values else ""

    def _if(condition, yes, no):
        return yes if condition else no

    python = python.replace("sum(", "_sum(").replace("max(", "_max(").replace("if(", "_if(")
    python = python.replace("_if(v(", "_if(v(")
    # a comparison of a field with a number compares numbers, as REDCap does
    python = re.sub(r"v\('([a-z0-9_]+)'\) >= (\d+)", r"num(v('\1')) >= \2", python)
    python = re.sub(r"(_if\([^,]+\)) >= (\d+)", r"\1 >= \2", python)
    return eval(python, {"v": v, "_sum": _sum, "_max": _max, "_if": _if, "num": num})


def fill_like_redcap(code: str, rng: random.Random) -> tuple[dict, list]:
    """One record filled from the dictionary; also the answers in form order for iopkit.score."""
    inst = iopkit.instrument(code)
    record, answers = {}, []
    for field in dictionary(code)[1:]:
        name, kind = field["Variable / Field Name"], field["Field Type"]
        if kind == "calc":
            continue
        logic = field["Branching Logic (Show field only if...)"]
        shown = not logic or redcap_logic(logic, record)
        if kind == "radio":
            choices = field["Choices, Calculations, OR Slider Labels"].split("|")
            codes = [choice.split(",")[0].strip() for choice in choices]
            value = rng.choice(codes + ([""] if name.endswith("_sex") else []))
        elif kind == "yesno":
            value = rng.choice(["0", "1"])
        else:
            value = str(rng.choice([0, 0, int(field["Text Validation Max"]) // 3]))
        record[name] = value if shown else ""
    for item in inst.items:
        value = record.get(redcap.field_name(code, item.number), "")
        answers.append(None if value == "" else int(value))
    for field in dictionary(code):
        if field["Field Type"] == "calc":
            record[field["Variable / Field Name"]] = redcap_logic(
                field["Choices, Calculations, OR Slider Labels"], record
            )
    return record, answers


def context_of(code: str, record: dict) -> dict:
    inst = iopkit.instrument(code)
    out = {}
    for key, (allowed, _) in inst.context.items():
        value = record.get(redcap.field_name(code, key), "")
        out[key] = (value == "1") if set(allowed) - {None} <= {True, False} else (value or None)
    return out


def export(code: str, records: list[dict]) -> str:
    names = [f["Variable / Field Name"] for f in dictionary(code)]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*names, f"{code}_complete"], lineterminator="\n")
    writer.writeheader()
    for number, record in enumerate(records, 1):
        writer.writerow({"record_id": f"IOP-{number:04d}", **record, f"{code}_complete": "2"})
    return out.getvalue()


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_dictionary_has_redcaps_columns_and_valid_fields(code):
    text = redcap.data_dictionary(code)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == REDCAP_HEADER
    assert rows[1][0] == "record_id"
    names = [row[0] for row in rows[1:]]
    assert len(names) == len(set(names)) and all(FIELD.match(n) and len(n) <= 100 for n in names)
    assert {row[3] for row in rows[1:]} <= {"text", "radio", "yesno", "calc"}
    for row in rows[1:]:  # branching logic only names fields defined before it
        for ref in re.findall(r"\[([a-z0-9_]+)\]", row[11]):
            assert names.index(ref) < names.index(row[0])


def test_phq9_choices_and_total_as_redcap_writes_them():
    rows = {r["Variable / Field Name"]: r for r in dictionary("phq9")}
    assert rows["phq9_1"]["Choices, Calculations, OR Slider Labels"] == (
        "0, Not at all | 1, Several days | 2, More than half the days | 3, Nearly every day"
    )
    assert (
        rows["phq9_total"]["Choices, Calculations, OR Slider Labels"]
        == "sum(" + ", ".join(f"[phq9_{n}]" for n in range(1, 10)) + ")"
    )
    # DAST-10 item 3 is reverse keyed: "no" (0) scores 1 (Skinner 1982)
    assert (
        "if([dast10_3] = '0', 1, 0)"
        in {r["Variable / Field Name"]: r for r in dictionary("dast10")}["dast10_total"][
            "Choices, Calculations, OR Slider Labels"
        ]
    )


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_round_trip_through_score_many_and_the_store(code, tmp_path):
    rng = random.Random(sum(map(ord, code)))
    filled = [fill_like_redcap(code, rng) for _ in range(25)]
    records = [record for record, _ in filled]
    expected = [iopkit.score(code, answers, **context_of(code, record)) for record, answers in filled]
    inst = iopkit.instrument(code)
    for record, score in zip(records, expected):  # REDCap's own calc fields agree with iopkit
        if inst.aggregate == "sum":
            assert record[f"{code}_total"] == score.total
        for sub in inst.subscales:
            assert record[f"{code}_{sub.name}"] == score.subscores[sub.name]
    text = export(code, records)

    report = redcap.read_redcap(io.StringIO(text), code)
    assert not report.refused
    assert [row.score for row in report.imported] == expected

    if not inst.context:
        frame = iopkit.score_many(code, redcap.cohort_frame(io.StringIO(text), code))
        assert list(frame["total"].astype(object).where(frame["total"].notna(), None)) == [s.total for s in expected]

    store = iopkit.Store(tmp_path / "clinic.sqlite")
    patients = [store.add_patient(f"IOP-{n:04d}") for n in range(1, len(records) + 1)]
    saved = redcap.import_redcap(store, io.StringIO(text), code, by="research.coordinator")
    assert len(saved.records) == len(records)
    assert [store.current(p, "assessment")[0].item for p in patients] == expected
    store.close()


def test_rows_of_other_events_are_left_out_and_a_bad_code_is_refused_with_its_flags():
    text = (
        "record_id,redcap_event_name,phq9_1,phq9_2,phq9_3,phq9_4,phq9_5,phq9_6,phq9_7,phq9_8,phq9_9\n"
        "IOP-1,baseline_arm_1,0,0,0,0,0,0,0,0,3\n"
        "IOP-1,followup_arm_1,,,,,,,,,\n"
        "IOP-2,baseline_arm_1,Not at all,0,0,0,0,0,0,0,2\n"
    )
    report = redcap.read_redcap(io.StringIO(text), "phq9")
    assert [row.patient for row in report.imported] == ["IOP-1"]
    (refused,) = report.refused
    assert refused.patient == "IOP-2" and "suicidal_ideation" in [f.code for f in refused.flags]


def test_an_export_without_the_forms_fields_is_refused():
    with pytest.raises(iopkit.errors.InteropError, match="lacks fields"):
        redcap.read_redcap(io.StringIO("record_id,other\n1,2\n"), "gad7")


@pytest.mark.parametrize("bad", ["3a", "two", "1.5.1"])
def test_an_answer_that_is_not_a_number_is_refused_by_name_never_read_as_blank(bad):
    export = f"record_id,phq2_1,phq2_2\nIOP-1,1,2\nIOP-2,{bad},1\n"
    with pytest.raises(iopkit.errors.InteropError) as err:
        redcap.cohort_frame(io.StringIO(export), "phq2")
    e = err.value
    assert (e.instrument, e.item, e.value) == ("phq2", 1, bad)
    assert "IOP-2" in str(e) and "phq2_1" in str(e) and "not a number" in str(e)


def test_a_blank_answer_stays_not_answered():
    frame = redcap.cohort_frame(io.StringIO("record_id,phq2_1,phq2_2\nIOP-1, ,2\n"), "phq2")
    assert frame.loc["IOP-1"].isna().tolist() == [True, False]
