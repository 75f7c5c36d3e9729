"""Imports never drop a danger sign, file no row under the wrong patient and never crash outside iopkit's errors.

Every case here was reproduced on main before the fix: refused imports carried ``flags=()``, a CSV
row for "007" was filed under "7", and the malformed inputs below raised TypeError, AttributeError,
RecursionError, ValueError or UnicodeDecodeError instead of an iopkit error.

The clinical expectation is typed from the published rule, not read from iopkit's definition:
any answer above 0 ("Several days" or more) on PHQ-9 item 9 (thoughts that you would be better off
dead or of hurting yourself) calls for a same-day suicide risk assessment (Kroenke K, Spitzer RL,
Williams JBW. The PHQ-9: validity of a brief depression severity measure. J Gen Intern Med
2001;16:606-613, doi:10.1046/j.1525-1497.2001.016009606.x).
"""

from __future__ import annotations

import copy
import io
import json

import pytest

import iopkit
from iopkit.errors import IncompleteResponseError, InteropError, InvalidAnswerError, IopkitError
from iopkit.interop import (
    CONTEXT_EXTENSION,
    ImportReport,
    export_csv,
    from_fhir,
    import_csv,
    import_fhir,
    read_fhir,
    read_report,
    read_scores,
    to_fhir,
)
from iopkit.store import Store

PHQ9_ITEM9 = "suicidal_ideation"
HEADER = "patient,taken_at," + ",".join(f"item{n}" for n in range(1, 10))


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "safety.sqlite") as opened:
        yield opened


def response(answers=(0, 0, 0, 0, 0, 0, 0, 0, 3), **changes) -> dict:
    """A PHQ-9 QuestionnaireResponse as another system sends it (from a complete score, then changed)."""
    qr = to_fhir(iopkit.score("phq9", list(answers)))["entry"][0]["resource"]
    qr.update(changes)
    return qr


def codes(flags) -> list[str]:
    return [f.code for f in flags]


# --- FHIR: refused responses still report their danger signs -------------------------------------
@pytest.mark.parametrize("status", ["in-progress", "stopped"])
def test_an_unfinished_phq9_response_with_item9_endorsed_is_refused_with_the_critical_flag(status):
    with pytest.raises(InteropError, match=f"status '{status}'") as caught:
        from_fhir(response(status=status))
    (flag,) = caught.value.flags
    assert (PHQ9_ITEM9, "critical", True) == (flag.code, flag.severity, flag.partial)
    assert ("phq9", "status", status) == (caught.value.instrument, caught.value.item, caught.value.value)


def test_an_in_progress_response_with_item9_only_is_refused_with_the_flag():
    qr = response()
    qr["item"] = qr["item"][8:]  # only item 9 answered so far
    qr["status"] = "in-progress"
    with pytest.raises(InteropError) as caught:
        from_fhir(qr)
    assert PHQ9_ITEM9 in codes(caught.value.flags)


def test_an_unreadable_answer_elsewhere_does_not_hide_item9():
    qr = response()
    qr["item"][2]["answer"] = [{"valueCoding": {"system": "http://loinc.org", "code": "LA9999-9"}}]
    with pytest.raises(InteropError, match="phq9 item 3: unknown LOINC answer code 'LA9999-9'") as caught:
        from_fhir(qr)
    assert (3, PHQ9_ITEM9) == (caught.value.item, codes(caught.value.flags)[0])


def test_an_observation_that_disagrees_is_refused_with_the_answers_flags():
    bundle = to_fhir(iopkit.score("phq9", [0] * 8 + [2]))
    bundle["entry"][1]["resource"]["valueQuantity"]["value"] = 0
    with pytest.raises(InteropError, match="reports a total of 0") as caught:
        from_fhir(bundle)
    assert [PHQ9_ITEM9] == codes(caught.value.flags)


def test_a_response_entered_in_error_is_not_read_at_all():
    with pytest.raises(InteropError, match="entered-in-error") as caught:
        from_fhir(response(status="entered-in-error"))
    assert () == caught.value.flags


def test_import_fhir_refusal_carries_the_flags_and_saves_nothing(store):
    pid = store.add_patient("IOP-1")
    with pytest.raises(InteropError) as caught:
        import_fhir(store, pid, response(status="in-progress"), by="k")
    assert PHQ9_ITEM9 in codes(caught.value.flags)
    assert () == store.history(pid)


def test_import_fhir_with_an_impossible_authored_date_keeps_the_flags(store):
    pid = store.add_patient("IOP-1")
    # FHIR R4 dateTime needs a time zone with a time: the schema check (fhir extra) refuses it first
    with pytest.raises(InteropError, match="authored('0001-01-01T00:00:00' is not|: .*DateTime)") as caught:
        import_fhir(store, pid, response(authored="0001-01-01T00:00:00"), by="k")
    assert PHQ9_ITEM9 in codes(caught.value.flags)


def test_read_fhir_reads_every_response_and_reports_each_refused_one_with_its_flags():
    unfinished = response(status="in-progress", subject={"reference": "Patient/IOP-2"})
    report = read_fhir([response(), "{not json", unfinished, response((0,) * 9)])
    assert [1, 4] == [row.row for row in report.imported]
    assert [(2, None, []), (3, "Patient/IOP-2", [PHQ9_ITEM9])] == [
        (r.row, r.patient, codes(r.flags)) for r in report.refused
    ]
    assert [(3, False), (1, False)] == [(f.row, f.saved) for f in report.critical]
    assert 1 == len(read_fhir(response()).imported)  # one resource alone is one row


# --- CSV: every row is read, every refused row keeps its flags -----------------------------------
CSV_WITH_GAPS = "\n".join(
    [
        HEADER,
        "IOP-A,2026-03-02,0,0,0,0,0,0,0,0,0",
        "IOP-B,2026-03-02,1,1,,1,1,1,1,1,0",  # incomplete: refused, no flag certain
        "IOP-C,2026-03-02,0,0,0,0,0,0,0,0,3",  # complete, item 9 endorsed
        "IOP-D,2026-03-02,,,,,,,,,2",  # incomplete, item 9 endorsed
        "IOP-E,2026-03-02,0,0,0,0,0,0,0,7,1",
        "",
    ]
)  # a typo on item 8, item 9 endorsed


def test_one_incomplete_row_does_not_stop_the_file_and_every_refused_row_keeps_its_flags():
    report = read_report(io.StringIO(CSV_WITH_GAPS), "phq9")
    assert [("IOP-A", []), ("IOP-C", [PHQ9_ITEM9])] == [(r.patient, codes(r.score.flags)) for r in report.imported]
    assert [(3, "IOP-B", []), (5, "IOP-D", [PHQ9_ITEM9]), (6, "IOP-E", [PHQ9_ITEM9])] == [
        (r.row, r.patient, codes(r.flags)) for r in report.refused
    ]
    assert isinstance(report.refused[1].error, IncompleteResponseError)
    assert isinstance(report.refused[2].error, InvalidAnswerError)
    assert "phq9" == report.refused[2].error.instrument


def test_import_csv_saves_the_rows_that_pass_and_reports_the_rest_loudly(store):
    for name in "ABCDE":
        store.add_patient(f"IOP-{name}")
    report = import_csv(store, io.StringIO(CSV_WITH_GAPS), by="research", instrument="phq9")
    assert isinstance(report, ImportReport) and not report.ok
    assert ["IOP-A", "IOP-C"] == [store.patient(store.record(i).patient_id).pseudonym for i in report.records]
    assert [("IOP-D", False), ("IOP-E", False), ("IOP-C", True)] == [(f.patient, f.saved) for f in report.critical]
    text = str(report)
    assert text.startswith("!!! 2 CRITICAL FLAGS ON ROWS NOT IMPORTED")
    assert "line 5 patient IOP-D" in text.splitlines()[1] and "NOT SAVED" in text.splitlines()[1]


def test_strict_import_saves_nothing_and_raises_with_every_refused_rows_flags(store):
    for name in "ABCDE":
        store.add_patient(f"IOP-{name}")
    with pytest.raises(IncompleteResponseError, match=r"line 3: .*\(2 more rows refused") as caught:
        import_csv(store, io.StringIO(CSV_WITH_GAPS), by="research", instrument="phq9", strict=True)
    assert PHQ9_ITEM9 in codes(caught.value.flags)
    assert 3 == len(caught.value.report.refused)
    assert all(() == store.history(p.id) for p in store.patients())


def test_read_scores_re_raises_a_row_error_with_its_flags():
    with pytest.raises(IncompleteResponseError, match="cohort CSV line 2") as caught:
        read_scores(io.StringIO(HEADER + "\nIOP-A,,,,,,,,,,3\n"), "phq9")
    assert [PHQ9_ITEM9] == codes(caught.value.flags)
    assert "phq9" == caught.value.instrument


def test_a_row_for_an_unknown_patient_is_refused_with_its_flags(store):
    store.add_patient("IOP-A")
    report = import_csv(store, io.StringIO(HEADER + "\nIOP-Z,,0,0,0,0,0,0,0,0,1\n"), by="k", instrument="phq9")
    ((refused,),) = [report.refused]
    assert ("IOP-Z", [PHQ9_ITEM9], "patient") == (refused.patient, codes(refused.flags), refused.error.item)


def test_a_total_that_disagrees_is_refused_with_the_answers_flags():
    report = read_report(io.StringIO("item1,item2,total\n3,3,0\n"), "phq2")
    assert ["positive_screen"] == codes(report.refused[0].flags)


def test_a_file_missing_an_item_column_still_reports_each_rows_certain_flags():
    report = read_report(io.StringIO("patient,item9\nIOP-A,0\nIOP-B,3\n"), "phq9")
    assert [("IOP-A", []), ("IOP-B", [PHQ9_ITEM9])] == [(r.patient, codes(r.flags)) for r in report.refused]
    assert "missing columns ['item1'" in report.refused[1].message


def test_a_file_without_patient_column_saves_nothing_and_keeps_the_flags(store):
    with pytest.raises(InteropError, match="'patient' column") as caught:
        import_csv(
            store,
            io.StringIO("item1,item2,item3,item4,item5,item6,item7,item8,item9\n0,0,0,0,0,0,0,0,1\n"),
            by="k",
            instrument="phq9",
        )
    assert [PHQ9_ITEM9] == codes(caught.value.flags)


# --- identifiers are text --------------------------------------------------------------------------
def test_a_row_for_007_lands_on_007_not_on_7(store):
    seven, double_oh_seven = store.add_patient("7"), store.add_patient("007")
    report = import_csv(store, io.StringIO("patient,item1,item2\n007,1,2\n"), by="k", instrument="phq2")
    assert report.ok
    assert ([], [3]) == (
        [r.item.total for r in store.history(seven)],
        [r.item.total for r in store.history(double_oh_seven)],
    )


@pytest.mark.parametrize("pseudonym", ["1e3", "true", "007", "0x1F", "NaN", "-1", "1.0", "1_000"])
def test_pseudonyms_that_look_like_numbers_or_booleans_import_as_written(store, pseudonym):
    pid = store.add_patient(pseudonym)
    text = iopkit.interop.write_scores([iopkit.score("phq2", [1, 1])], ids=[{"patient": pseudonym}])
    assert [({"patient": pseudonym}, 2)] == [(ids, s.total) for ids, s in read_scores(io.StringIO(text))]
    assert import_csv(store, io.StringIO(text), by="k").ok
    assert [2] == [r.item.total for r in store.history(pid)]


def test_a_round_trip_of_a_store_holding_007_and_7_keeps_each_patients_records(store, tmp_path):
    ids = {name: store.add_patient(name) for name in ("7", "007")}
    store.save(ids["7"], iopkit.score("phq2", [0, 1]), by="k")
    store.save(ids["007"], iopkit.score("phq2", [3, 3]), by="k")
    path = tmp_path / "phq2.csv"
    export_csv(store, "phq2", path)
    with Store(tmp_path / "copy.sqlite") as other:
        copies = {name: other.add_patient(name) for name in ("7", "007")}
        assert import_csv(other, path, by="k").ok
        assert {"7": [1], "007": [6]} == {
            name: [r.item.total for r in other.history(pid)] for name, pid in copies.items()
        }


# --- no crash outside the iopkit error family -----------------------------------------------------
def _nested(depth: int) -> dict:
    group = {"linkId": "g"}
    for _ in range(depth):
        group = {"linkId": "g", "item": [group]}
    return group


def _changed(change) -> dict:
    qr = response()
    change(qr)
    return qr


def _context(url: str) -> dict:
    return _changed(
        lambda qr: qr.update(extension=[{"url": CONTEXT_EXTENSION, "extension": [{"url": url, "valueString": "gad7"}]}])
    )


FHIR_CRASHES = {
    "answer not a list": (_changed(lambda qr: qr["item"][0].update(answer={"valueInteger": 1})), "JSON array"),
    "valueCoding a string": (
        _changed(lambda qr: qr["item"][0].update(answer=[{"valueCoding": "LA6569-3"}])),
        "valueCoding must be a Coding",
    ),
    "linkId an integer": (_changed(lambda qr: qr["item"][0].update(linkId=5)), "linkId"),
    "deep nesting (dict)": (_changed(lambda qr: qr["item"].append(_nested(5000))), "nested more than"),
    "deep nesting (JSON)": (
        '{"resourceType": "QuestionnaireResponse", "item": ' + "[" * 100000 + "]" * 100000 + "}",
        "nested too deeply",
    ),
    "5000-digit number (JSON)": (
        json.dumps(response()).replace('"status": "completed"', '"status": ' + "9" * 5000),
        "not valid JSON",
    ),
    "5000-digit number (dict)": (
        _changed(lambda qr: qr["item"][0].update(answer=[{"valueInteger": 10**5000}])),
        "FHIR integer from",
    ),
    "invalid UTF-8": (json.dumps(response()).encode() + b"\xff", "must be UTF-8"),
    "invalid UTF-8 inside a string": (b'{"resourceType": "Questionnaire\xc3\x28Response"}', "must be UTF-8"),
    "context named instrument": (_context("instrument"), "'instrument' is not a context phq9 takes"),
    "context named answers": (_context("answers"), "'answers' is not a context phq9 takes"),
    "NaN in JSON": (json.dumps(response()).replace('"completed"', "NaN"), "not valid JSON"),
}


@pytest.mark.parametrize("case", list(FHIR_CRASHES))
def test_malformed_fhir_is_an_interop_error(case):
    resource, message = FHIR_CRASHES[case]
    with pytest.raises(InteropError, match=message):
        from_fhir(resource)


@pytest.mark.parametrize("key", ["answers", "foo"])
def test_a_caller_context_named_like_a_parameter_is_an_interop_error(key):
    with pytest.raises(InteropError, match=f"takes no scoring context '{key}'"):
        from_fhir(response(), **{key: 1})
    with pytest.raises(InteropError, match=f"takes no scoring context '{key}'"):
        read_scores(io.StringIO("item1,item2\n1,1\n"), "phq2", **{key: 1})


def test_a_row_longer_than_the_header_is_refused_not_misread():
    report = read_report(io.StringIO("patient,item1,item2\nIOP-A,1,1,3\nIOP-B,1,1\n"), "phq2")
    assert ["IOP-B"] == [r.patient for r in report.imported]
    assert "line 2 has 4 cells but the header has 3" in report.refused[0].message


def test_a_latin1_file_is_refused_naming_the_encoding_and_reads_when_it_is_given(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("patient,item1,item2\nJosé-1,1,1\n".encode("latin-1"))
    with pytest.raises(InteropError, match="is not UTF-8 text .*encoding='cp1252' or 'latin-1'"):
        read_scores(path, "phq2")
    assert [("José-1", 2)] == [(ids["patient"], s.total) for ids, s in read_scores(path, "phq2", encoding="latin-1")]
    with pytest.raises(InteropError, match="not UTF-8"):
        read_scores(io.BytesIO(path.read_bytes()), "phq2")


@pytest.mark.parametrize(
    "when",
    [
        "0001-01-01",
        "0001-01-01T00:00:00",
        "0001-01-01T00:00:00+05:00",
        "1899-12-31",
        "9999-12-31T23:59:59-05:00",
        "3000-01-01",
    ],
)
def test_an_impossible_assessment_date_is_refused_per_row(store, when):
    store.add_patient("IOP-A")
    report = import_csv(
        store, io.StringIO(f"patient,taken_at,item1,item2\nIOP-A,{when},1,1\nIOP-A,,0,0\n"), by="k", instrument="phq2"
    )
    assert (1, 1) == (len(report.imported), len(report.refused))
    assert ("taken_at", when) == (report.refused[0].error.item, report.refused[0].error.value)


def test_duplicate_columns_are_refused():
    with pytest.raises(InteropError, match=r"names columns \['item1'\] more than once"):
        read_scores(io.StringIO("item1,item1,item2\n1,2,3\n"), "phq2")


def test_every_error_from_reading_is_an_iopkit_error_with_its_fields():
    qr = response()
    qr["item"][3]["answer"] = [{"valueInteger": 9}]
    with pytest.raises(IopkitError) as caught:
        from_fhir(qr)
    assert "phq9" == caught.value.instrument
    assert PHQ9_ITEM9 in codes(caught.value.flags)


def test_reading_does_not_change_the_resource():
    qr = response(status="in-progress")
    before = copy.deepcopy(qr)
    with pytest.raises(InteropError):
        from_fhir(qr)
    assert before == qr
