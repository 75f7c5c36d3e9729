"""Importing a FHIR file: each refused response is named by what a person can find in the file
(its NDJSON line, its Bundle entry), and its danger signs come first."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import iopkit
from iopkit.errors import InteropError, IopkitError
from iopkit.interop import import_fhir_file, read_fhir_file, to_fhir
from iopkit.store import Store


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "clinic.sqlite") as opened:
        opened.add_patient("IOP-1")
        yield opened


def _response(subject: str, item9: int = 0) -> dict:
    return to_fhir(iopkit.score("phq9", [0] * 8 + [item9]), subject=subject, authored="2026-03-02")


def test_a_bundle_report_names_entries_counted_as_the_bundle_counts_them(store, tmp_path):
    qrs = [_response(who, item9)["entry"][0]["resource"] for who, item9 in (("Patient/IOP-1", 0), ("Patient/IOP-9", 2))]
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": {"resourceType": "Patient", "id": "IOP-1"}}] + [{"resource": qr} for qr in qrs],
    }
    source = tmp_path / "bundle.json"
    source.write_text(json.dumps(bundle))
    report = import_fhir_file(store, source, by="dr.lee")
    assert (report.unit, [r.row for r in report.imported], [r.row for r in report.refused]) == ("entry", [2], [3])
    text = str(report)
    assert "refused entry 3 (patient Patient/IOP-9): entry 3: subject" in text
    assert "CRITICAL entry 3 patient Patient/IOP-9" in text and "line" not in text
    assert [r.item.total for r in store.current(1, "assessment")] == [0]


def test_an_ndjson_report_names_the_files_own_lines_and_a_csv_keeps_lines(store, tmp_path):
    source = tmp_path / "in.ndjson"
    source.write_text(json.dumps(_response("Patient/IOP-1")) + "\n\n{not json\n" + json.dumps(_response("Patient/X")))
    report = import_fhir_file(store, source, by="dr.lee")
    assert (report.unit, [r.row for r in report.imported], [r.row for r in report.refused]) == ("line", [1], [3, 4])
    assert "refused line 3" in str(report) and "refused line 4 (patient Patient/X): line 4: subject" in str(report)
    csv = iopkit.interop.import_csv(
        store,
        io.StringIO("patient,item1,item2,item3,item4,item5,item6,item7,item8,item9\nIOP-1,0,0,0,0,0,0,0,0,\n"),
        by="k",
        instrument="phq9",
    )
    assert csv.unit == "line" and "refused line 2" in str(csv)


def test_a_json_array_is_numbered_by_position_and_a_file_that_is_not_json_is_refused(store, tmp_path):
    source = tmp_path / "many.json"
    source.write_text(json.dumps([_response("Patient/IOP-1"), _response("Patient/IOP-2")]))
    found = read_fhir_file(source)
    assert (found.unit, found.numbers, len(found)) == ("resource", (1, 2), 2)
    assert "refused resource 2" in str(import_fhir_file(store, source, by="k"))
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(InteropError, match="is not JSON"):
        read_fhir_file(tmp_path / "bad.json")
    with pytest.raises(InteropError, match="cannot read"):
        read_fhir_file(tmp_path / "missing.json")


def test_a_json_file_nested_too_deeply_or_holding_nan_is_refused_as_the_ndjson_path_refuses_it(tmp_path):
    """Security review F10: 100,000 nested arrays raised a RecursionError from the .json path."""
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(InteropError, match="nested too deeply to read"):
        read_fhir_file(tmp_path / "deep.json")
    (tmp_path / "nan.json").write_text('{"resourceType": "QuestionnaireResponse", "x": NaN}')
    with pytest.raises(InteropError, match="NaN is not a JSON number"):
        read_fhir_file(tmp_path / "nan.json")


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["resourceType", "entry", "resource", "subject", "item", "status", "x"]), inner, max_size=4
        )
    ),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(st.binary(max_size=200), _JSON.map(lambda v: json.dumps(v).encode())), st.sampled_from(["json", "ndjson"])
)
def test_any_file_gives_a_report_or_an_iopkit_error(store, tmp_path, content, suffix):
    source = tmp_path / f"fuzz.{suffix}"
    source.write_bytes(content)
    try:
        report = import_fhir_file(store, source, by="fuzz")
    except IopkitError:
        return
    assert len(report.imported) + len(report.refused) == len(read_fhir_file(source))
