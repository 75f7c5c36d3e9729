"""Specification of iopkit.interop: FHIR R4 and cohort CSV in and out, and through the store.

FHIR output is validated with the R4B models of fhir.resources 8.3 (the package ships R5 at its
root, R4B and STU3; there is no separate R4 package, and its maintainers advise R4B for R4 data:
data-standards.md §2.6).
"""

from __future__ import annotations

import copy
import io
import json
import random

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from hypothesis import given, settings
from hypothesis import strategies as st

import iopkit
from iopkit.errors import InteropError, InvalidAnswerError
from iopkit.instruments import CATALOGUE
from iopkit.interop import (
    export_csv,
    from_fhir,
    import_csv,
    import_fhir,
    neutralise,
    observation,
    questionnaire_response,
    read_scores,
    to_fhir,
    write_scores,
)
from iopkit.store import Store

from .conftest import mode_of

#: Contexts that change results, per instrument, besides the default context.
CONTEXTS = {
    "audit": [{"sex": "female"}, {"sex": "male"}],
    "audit_c": [{"sex": "female"}, {"sex": "male"}],
    "dsm5_sud": [{"medical_supervision": True}],
}


def answer_sets(code: str, n: int = 12) -> list:
    """Valid answer sets for an instrument: lowest, highest and seeded random answers, in score()'s form."""
    inst = CATALOGUE[code]
    rng = random.Random(code)

    def pick(item, how):
        if item.kind == "not_recorded":
            return None
        values = list(range(item.count_range[0], item.count_range[1] + 1)) if item.kind == "count" else item.codes
        return {"low": min(values), "high": max(values)}.get(how) if how != "random" else rng.choice(values)

    sets = [[pick(item, how) for item in inst.items] for how in ("low", "high", *["random"] * n)]
    if inst.groups:
        sets = [{name: [s[k - 1] for k in numbers] for name, numbers in inst.groups} for s in sets]
    return sets


def scores_of(code: str) -> list:
    """Every valid answer set scored under every context and banding scheme of the instrument."""
    inst = CATALOGUE[code]
    contexts = [{}, *CONTEXTS.get(code, []), *({"scheme": s.id} for s in inst.schemes[1:])]
    out = []
    for answers in answer_sets(code):
        for context in contexts:
            try:
                out.append(iopkit.score(code, answers, **context))
            except (InvalidAnswerError, ValueError):
                continue  # e.g. skip rules that make this random set inconsistent
    return out


def unasked_examples() -> list:
    """Scores with items left unasked by the form's own skip rules (None answers)."""
    return [
        iopkit.score("crafft", {"part_a_days": [0, 0, 0], "part_b": [True, None, None, None, None, None]}),
        iopkit.score("audit", [0, None, None, None, None, None, None, None, 0, 0]),
    ]


PHQ9_LA = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]


def phq9_response(codes, **extra) -> dict:
    """A QuestionnaireResponse as another system sends it: LOINC linkIds and LOINC answer codes."""
    links = ["44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"]
    return {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": "http://loinc.org/q/44249-1",
        "authored": "2026-03-02T10:15:00+00:00",
        "item": [
            {"linkId": f"/{link}", "answer": [{"valueCoding": {"system": "http://loinc.org", "code": c}}]}
            for link, c in zip(links, codes)
        ],
        **extra,
    }


# --- FHIR out and back ---------------------------------------------------------------------------
@pytest.mark.parametrize("code", list(CATALOGUE))
def test_score_to_fhir_and_back_is_identical_for_every_instrument(code):
    scores = scores_of(code) + [s for s in unasked_examples() if s.instrument == code]
    assert len(scores) >= 10
    for score in scores:
        bundle = to_fhir(score, subject="Patient/DEMO-01", authored="2026-03-02")
        Bundle.model_validate(bundle)
        QuestionnaireResponse.model_validate(bundle["entry"][0]["resource"])
        Observation.model_validate(bundle["entry"][1]["resource"])
        assert score == from_fhir(json.dumps(bundle))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=9, max_size=9), st.sampled_from(["female", "male", None]))
def test_any_phq9_and_audit_c_response_survives_fhir(answers, sex):
    phq9 = iopkit.score("phq9", answers)
    audit_c = iopkit.score("audit_c", [min(a + 1, 4) for a in answers[:3]], sex=sex)
    assert (phq9, audit_c) == (from_fhir(to_fhir(phq9)), from_fhir(to_fhir(audit_c)))


def test_phq9_answers_travel_as_loinc_answer_codes_and_the_total_as_loinc_44261_6():
    score = iopkit.score("phq9", [0, 1, 2, 3, 0, 1, 2, 3, 1])
    qr, obs = (e["resource"] for e in to_fhir(score, subject="Patient/DEMO-01")["entry"])
    assert [PHQ9_LA[a] for a in [0, 1, 2, 3, 0, 1, 2, 3, 1]] == [
        i["answer"][0]["valueCoding"]["code"] for i in qr["item"]
    ]
    assert ("/44250-9", "https://iopkit.org/fhir/Questionnaire/phq9") == (qr["item"][0]["linkId"], qr["questionnaire"])
    assert {"system": "http://loinc.org", "code": "44261-6"} == obs["code"]["coding"][0]
    assert {"value": 13, "unit": "{score}", "system": "http://unitsofmeasure.org", "code": "{score}"} == obs[
        "valueQuantity"
    ]
    assert "survey" == obs["category"][0]["coding"][0]["code"]
    assert "moderate" == obs["interpretation"][0]["text"]


def test_the_observation_is_derived_from_the_questionnaire_response():
    bundle = to_fhir(iopkit.score("gad7", [1] * 7))
    qr_entry, obs_entry = bundle["entry"]
    assert [{"reference": qr_entry["fullUrl"]}] == obs_entry["resource"]["derivedFrom"]


def test_an_instrument_without_a_total_sends_its_subscores_not_a_made_up_total():
    bam = iopkit.score("bam", answer_sets("bam")[0])
    obs = observation(bam)
    Observation.model_validate(obs)
    assert "valueQuantity" not in obs
    assert {"use", "risk", "protective"} <= {c["code"]["text"] for c in obs["component"]}
    assert not any(c["system"] == "http://loinc.org" for c in obs["code"]["coding"])  # BAM has no LOINC code


def test_the_scoring_context_travels_with_the_response():
    female = iopkit.score("audit_c", [1, 1, 1], sex="female")
    assert iopkit.score("audit_c", [1, 1, 1], sex="male") != female
    qr = questionnaire_response(female)
    assert from_fhir(qr) == female
    assert from_fhir(qr, sex="male") == iopkit.score("audit_c", [1, 1, 1], sex="male")


# --- FHIR in from other systems ------------------------------------------------------------------------
def test_importing_loinc_answer_codes_scores_phq9():
    score = from_fhir(
        phq9_response(
            ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9", "LA6568-5", "LA6568-5", "LA6568-5", "LA6568-5", "LA6569-3"]
        )
    )
    assert (7, "mild") == (score.total, score.band)
    assert ["suicidal_ideation"] == [f.code for f in score.flags]


def test_a_total_and_the_unscored_difficulty_item_sent_with_the_form_are_recomputed_not_trusted():
    response = phq9_response(["LA6569-3"] * 9)
    response["item"] += [
        {"linkId": "/69722-7", "answer": [{"valueCoding": {"code": "LA6573-5"}}]},
        {"linkId": "/44261-6", "answer": [{"valueDecimal": 99}]},
    ]
    assert 9 == from_fhir(response).total


def test_plain_item_numbers_and_integer_answers_are_accepted():
    response = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "item": [{"linkId": str(n), "answer": [{"valueInteger": 1}]} for n in range(1, 8)],
    }
    assert 7 == from_fhir(response, instrument="GAD-7").total


# --- FHIR bad input ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "resource, message",
    [
        ('{"resourceType": "QuestionnaireResponse", ', "not valid JSON"),
        ("[1, 2]", "JSON object with a resourceType"),
        ({"resourceType": "Patient", "id": "x"}, "got resourceType 'Patient'"),
        ({"resourceType": "Bundle", "type": "collection", "entry": []}, "exactly one QuestionnaireResponse"),
        (phq9_response(["LA6568-5"] * 8 + ["LA9999-9"]), "unknown LOINC answer code 'LA9999-9'"),
        (phq9_response(["LA6568-5"] * 9, status="in-progress"), "status 'in-progress'"),
        (phq9_response(["LA6568-5"] * 9, questionnaire="http://example.org/Questionnaire/mood"), "names no instrument"),
    ],
)
def test_bad_fhir_input_is_an_interop_error_naming_the_problem(resource, message):
    with pytest.raises(InteropError, match=message):
        from_fhir(resource)


def test_an_unknown_item_link_is_named():
    response = phq9_response(["LA6568-5"] * 9)
    response["item"][3]["linkId"] = "/12345-6"
    with pytest.raises(InteropError, match=r"phq9: unknown item linkId '/12345-6'"):
        from_fhir(response)


def test_a_gad7_answer_code_on_an_audit_item_is_refused_not_guessed():
    response = questionnaire_response(iopkit.score("audit_c", [1, 1, 1]))
    response["item"][1]["answer"] = [{"valueCoding": {"system": "http://loinc.org", "code": "LA6569-3"}}]
    with pytest.raises(InteropError, match="audit_c item 2: unknown LOINC answer code 'LA6569-3'"):
        from_fhir(response)


def test_an_observation_that_disagrees_with_the_answers_is_refused():
    bundle = to_fhir(iopkit.score("phq9", [1] * 9))
    bundle["entry"][1]["resource"]["valueQuantity"]["value"] = 3
    with pytest.raises(InteropError, match="reports a total of 3, but the answers score 9"):
        from_fhir(bundle)


# --- FHIR through the store -------------------------------------------------------------------------
@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "interop.sqlite") as opened:
        yield opened


def test_import_fhir_saves_the_scored_response_at_its_authored_time(store):
    pid = store.add_patient("IOP-1")
    rid = import_fhir(store, pid, phq9_response(["LA6570-1"] * 9), by="intake.bot")
    record = store.record(rid)
    assert (18, "2026-03-02T10:15:00+00:00", "intake.bot") == (
        record.item.total,
        record.taken_at.isoformat(),
        record.by,
    )


@pytest.mark.parametrize("bad", ["{not json", phq9_response(["LA0000-0"] * 9), {"resourceType": "Observation"}])
def test_bad_fhir_input_writes_nothing_to_the_store(store, bad):
    pid = store.add_patient("IOP-1")
    with pytest.raises(InteropError):
        import_fhir(store, pid, bad, by="k")
    assert () == store.history(pid)


# --- CSV out and back ---------------------------------------------------------------------------------
@pytest.mark.parametrize("code", list(CATALOGUE))
def test_score_to_csv_and_back_is_identical_for_every_instrument(code):
    scores = scores_of(code) + [s for s in unasked_examples() if s.instrument == code]
    rows = read_scores(io.StringIO(write_scores(scores)))
    assert scores == [score for _, score in rows]


@pytest.mark.parametrize("code", ["phq9", "crafft", "dast10", "bam", "audit"])
def test_score_many_reads_the_exported_columns(code):
    import pandas as pd

    scores = scores_of(code)
    frame = iopkit.score_many(code, pd.read_csv(io.StringIO(write_scores(scores))))
    assert [s.total for s in scores] == [None if pd.isna(t) else t for t in frame["total"]]
    assert [s.band for s in scores] == [None if pd.isna(b) else b for b in frame["band"].astype(object)]


@pytest.mark.parametrize("cell", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", "'=already quoted"])
def test_text_cells_that_a_spreadsheet_would_run_are_neutralised_and_restored(cell):
    score = iopkit.score("phq2", [0, 1])
    text = write_scores([score], ids=[{"patient": cell}])
    written = next(iter(__import__("csv").DictReader(io.StringIO(text))))["patient"]
    assert written.startswith("'") and neutralise(cell) == written
    assert [({"patient": cell}, score)] == read_scores(io.StringIO(text))


def test_numbers_are_not_neutralised():
    text = write_scores([iopkit.score("phq9", [3] * 9)])
    assert "3,3,3,3,3,3,3,3,3,kroenke_2001,27,severe,true" in text


def test_a_csv_missing_item_columns_names_them():
    with pytest.raises(InteropError, match=r"missing columns \['item8', 'item9'\]"):
        read_scores(io.StringIO("item1,item2,item3,item4,item5,item6,item7\n0,0,0,0,0,0,0\n"), "phq9")


def test_a_csv_total_that_disagrees_with_its_answers_is_refused_with_the_line():
    with pytest.raises(InteropError, match="line 3: total '9' disagrees"):
        read_scores(io.StringIO("item1,item2,total\n1,1,2\n1,1,9\n"), "phq2")


def test_a_bad_answer_in_a_csv_names_the_line_and_item():
    with pytest.raises(InvalidAnswerError, match="line 2: phq2 item 2 must be one of 0, 1, 2, 3"):
        read_scores(io.StringIO("item1,item2\n1,7\n"), "phq2")


def test_a_csv_without_instrument_or_rows_is_refused():
    with pytest.raises(InteropError, match="give instrument="):
        read_scores(io.StringIO("item1,item2\n1,1\n"))
    with pytest.raises(InteropError, match="no rows"):
        read_scores(io.StringIO("item1,item2\n"), "phq2")


def test_one_file_holds_one_instrument():
    with pytest.raises(InteropError, match="one instrument"):
        write_scores([iopkit.score("phq2", [0, 0]), iopkit.score("gad2", [0, 0])])


# --- CSV through the store ----------------------------------------------------------------------------
def test_import_csv_saves_every_row_for_its_patient_in_one_go(store):
    a, b = store.add_patient("IOP-A"), store.add_patient("IOP-B")
    report = import_csv(
        store,
        io.StringIO("patient,taken_at,item1,item2\nIOP-A,2026-03-02,1,2\nIOP-B,,0,0\n"),
        by="research",
        instrument="phq2",
    )
    assert report.ok
    ids = report.records
    assert [3, 0] == [store.record(i).item.total for i in ids]
    assert ([ids[0]], [ids[1]]) == ([r.id for r in store.history(a)], [r.id for r in store.history(b)])
    assert "2026-03-02" == store.record(ids[0]).taken_at.isoformat()


@pytest.mark.parametrize(
    "text, message",
    [
        ("patient,item1,item2\nIOP-A,1,2\nIOP-A,1,9\n", "item 2"),
        ("patient,item1,item2\nIOP-A,1,2\nIOP-Z,1,1\n", "IOP-Z"),
        ("patient,item1\nIOP-A,1\n", "missing columns"),
        ("patient,taken_at,item1,item2\nIOP-A,yesterday,1,2\n", "taken_at 'yesterday'"),
        ("item1,item2\n1,2\n", "'patient' column"),
    ],
)
def test_in_strict_mode_a_bad_row_means_nothing_of_the_file_is_saved(store, text, message):
    pid = store.add_patient("IOP-A")
    with pytest.raises((InteropError, InvalidAnswerError), match=message):
        import_csv(store, io.StringIO(text), by="research", instrument="phq2", strict=True)
    assert () == store.history(pid)


def test_export_csv_writes_current_versions_with_pseudonyms_only(store):
    pid = store.add_patient("IOP-A", display_name="Real Name Never Exported")
    first = store.save(pid, iopkit.score("phq2", [1, 1]), by="k")
    fixed = store.save(pid, iopkit.score("phq2", [2, 1]), by="k", amends=first, reason="typo")
    text = export_csv(store, "PHQ-2")
    assert "Real Name" not in text
    ((ids, score),) = read_scores(io.StringIO(text))
    assert ("IOP-A", str(fixed), 3) == (ids["patient"], ids["record"], score.total)  # identifiers are text
    with pytest.raises(InteropError, match="no gad7 assessments"):
        export_csv(store, "gad7")


def test_export_then_import_into_another_store_gives_the_same_scores(store, tmp_path):
    pid = store.add_patient("IOP-A")
    originals = [iopkit.score("audit_c", [1, 2, 3], sex="female"), iopkit.score("audit_c", [0, 0, 1], sex=None)]
    for s in originals:
        store.save(pid, s, by="k")
    path = tmp_path / "audit_c.csv"
    export_csv(store, "audit_c", path)
    with Store(tmp_path / "other.sqlite") as other:
        other_pid = other.add_patient("IOP-A")
        import_csv(other, path, by="k")
        assert originals == [r.item for r in other.history(other_pid)]


def test_fhir_bundle_is_unchanged_by_reading_it():
    bundle = to_fhir(iopkit.score("phq9", [2] * 9))
    before = copy.deepcopy(bundle)
    from_fhir(bundle)
    assert before == bundle


def test_a_csv_naming_another_instrument_in_its_rows_is_refused():
    with pytest.raises(InteropError, match=r"for phq2 has rows of \['gad2'\]"):
        read_scores(io.StringIO("instrument,item1,item2\nphq2,1,1\ngad2,1,1\n"), "phq2")


def test_an_item_answered_twice_is_refused():
    response = phq9_response(["LA6568-5"] * 9)
    response["item"].append(dict(response["item"][0]))
    with pytest.raises(InteropError, match="phq9 item 1 is answered twice"):
        from_fhir(response)


def test_id_columns_cannot_overwrite_results():
    with pytest.raises(InteropError, match=r"id columns \['total'\]"):
        write_scores([iopkit.score("phq2", [0, 0])], ids=[{"total": 99}])


def test_a_cohort_csv_written_to_a_path_is_owner_only_and_a_missing_folder_is_an_interop_error(
    tmp_path, permissive_umask
):
    """Security review F3 and F10: PHQ-9 answers per patient are health data; the folder is not created."""
    target = tmp_path / "phq9.csv"
    target.write_text("old")
    target.chmod(0o644)
    write_scores([iopkit.score("phq9", [3] * 9)], target)
    assert mode_of(target) == 0o600 and target.read_text(encoding="utf-8").startswith("instrument,")
    with pytest.raises(InteropError, match=r"the folder .*missing does not exist"):
        write_scores([iopkit.score("phq9", [3] * 9)], tmp_path / "missing" / "phq9.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["phq9.csv"]
