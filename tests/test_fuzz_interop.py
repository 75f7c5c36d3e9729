"""Fuzzing every interop entry point that takes outside data.

Property: an iopkit error or a correct result, never another exception, never a silently wrong
result.  "Correct" is checked without trusting the reader: an accepted FHIR response or CSV row
re-scores to the same Score from its own answers and context, survives a write-and-read round trip
unchanged, and a CSV row's id cells come back exactly as the csv module reads them.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import iopkit
from iopkit.errors import IopkitError
from iopkit.instruments import CATALOGUE
from iopkit.interop import from_fhir, read_fhir, read_report, read_scores, to_fhir, write_scores

#: Examples per property; IOPKIT_FUZZ_EXAMPLES=5000 for a longer hunt.
FUZZ = settings(
    max_examples=int(os.environ.get("IOPKIT_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-10, max_value=10),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(
        [
            "completed",
            "in-progress",
            "QuestionnaireResponse",
            "Bundle",
            "1",
            "/44260-9",
            "LA6571-9",
            "http://loinc.org",
            "valueInteger",
            "sex",
            "female",
        ]
    ),
)
json_like = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "resourceType",
                    "status",
                    "item",
                    "linkId",
                    "answer",
                    "valueCoding",
                    "valueInteger",
                    "valueBoolean",
                    "valueString",
                    "valueDecimal",
                    "code",
                    "system",
                    "extension",
                    "url",
                    "entry",
                    "resource",
                    "questionnaire",
                    "valueQuantity",
                    "value",
                    "authored",
                ]
            )
            | st.text(max_size=6),
            children,
            max_size=5,
        ),
    ),
    max_leaves=20,
)


def valid_score(code: str, seed: int):
    """A valid Score of an instrument from seeded random answers (None where skip rules allow)."""
    inst, rng = CATALOGUE[code], random.Random(seed)
    for _ in range(50):
        answers = [
            None
            if item.kind == "not_recorded"
            else rng.choice(
                list(range(item.count_range[0], item.count_range[1] + 1)) if item.kind == "count" else item.codes
            )
            for item in inst.items
        ]
        if inst.groups:
            answers = {name: [answers[n - 1] for n in numbers] for name, numbers in inst.groups}
        try:
            return iopkit.score(code, answers)
        except IopkitError:
            continue
    raise AssertionError(f"no valid {code} answers found")


def check_accepted(result) -> None:
    """An accepted result is what scoring its own answers gives, and survives FHIR and CSV."""
    assert iopkit.score(result.instrument, result.answers, **result.context) == result
    assert from_fhir(to_fhir(result)) == result
    assert [result] == [s for _, s in read_scores(io.StringIO(write_scores([result])))]


def mutate(tree, path_choices, replacement):
    """Replace one node of a JSON tree (chosen by successive indexes) with ``replacement``."""
    if not path_choices or not isinstance(tree, (dict, list)) or not tree:
        return replacement
    keys = list(tree) if isinstance(tree, dict) else list(range(len(tree)))
    key = keys[path_choices[0] % len(keys)]
    copy = dict(tree) if isinstance(tree, dict) else list(tree)
    copy[key] = mutate(tree[key], path_choices[1:], replacement)
    return copy


def attempt(call):
    try:
        return call()
    except IopkitError:
        return None


@FUZZ
@given(json_like)
def test_from_fhir_on_arbitrary_json_like_structures(resource):
    for candidate in (
        resource,
        {"resourceType": "QuestionnaireResponse", "status": "completed", "item": resource},
        {
            "resourceType": "QuestionnaireResponse",
            "status": "completed",
            "questionnaire": "http://loinc.org/q/44249-1",
            "item": resource,
        },
    ):
        result = attempt(lambda candidate=candidate: from_fhir(candidate))
        if result is not None:
            check_accepted(result)


@FUZZ
@given(
    st.sampled_from(sorted(CATALOGUE)),
    st.integers(0, 10**6),
    st.lists(st.integers(0, 50), max_size=6),
    json_like,
    st.booleans(),
)
def test_from_fhir_on_mutated_real_responses(code, seed, path, replacement, as_text):
    score = valid_score(code, seed)
    bundle = to_fhir(score, subject="Patient/FUZZ-1", authored="2026-03-02")
    changed = mutate(bundle, path, replacement)
    result = attempt(lambda: from_fhir(json.dumps(changed) if as_text else changed))
    if result is not None:
        check_accepted(result)
        if changed == bundle:
            assert result == score


@FUZZ
@given(st.lists(json_like, max_size=4))
def test_read_fhir_accounts_for_every_resource(resources):
    report = read_fhir(resources)
    assert sorted(r.row for r in (*report.imported, *report.refused)) == list(range(1, len(resources) + 1))
    for row in report.imported:
        check_accepted(row.score)
    str(report)


@FUZZ
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_from_fhir_on_arbitrary_text_and_bytes(text):
    result = attempt(lambda: from_fhir(text))
    if result is not None:
        check_accepted(result)


cells = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["", "0", "1", "2", "3", "007", "1e3", "true", "yes", "no", "'=1", "NaN", "-1", "1.0", "9" * 40]),
)


@FUZZ
@given(
    st.sampled_from(sorted(CATALOGUE)),
    st.integers(0, 10**6),
    st.lists(st.tuples(st.integers(0, 40), cells), max_size=4),
    st.booleans(),
)
def test_read_report_on_mutated_real_files(code, seed, changes, with_instrument):
    scores = [valid_score(code, seed + k) for k in range(3)]
    text = write_scores(scores, ids=[{"patient": f"P-{k:03d}"} for k in range(3)])
    rows = list(csv.reader(io.StringIO(text)))
    for where, cell in changes:
        row = rows[1 + where % 3]
        row[where % len(row)] = cell
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    check_csv(buffer.getvalue(), code if with_instrument else None)


@FUZZ
@given(st.text(max_size=300), st.sampled_from([None, "phq2", "crafft", "audit_c"]))
def test_read_report_on_arbitrary_text(text, instrument):
    check_csv(text, instrument)


def check_csv(text: str, instrument) -> None:
    report = attempt(lambda: read_report(io.StringIO(text), instrument))
    if report is None:
        return
    parsed = list(csv.reader(io.StringIO(text)))
    header, data = parsed[0], [cells for cells in parsed[1:] if cells]
    everything = sorted([*report.imported, *report.refused], key=lambda r: r.row)
    assert len(everything) == len(data)  # every row is either imported or refused, none lost
    for row, cells in zip(everything, data):
        if row in report.imported:
            check_accepted(row.score)
            for name, value in row.ids.items():  # identifiers come back exactly as written (less the formula quote)
                cell = cells[header.index(name)]
                assert value == (None if cell == "" else cell.removeprefix("'"))
    for refused in report.refused:
        assert isinstance(refused.error, IopkitError)
        str(refused.error), str(report)
    if report.ok:
        again = read_scores(io.StringIO(text), instrument)
        assert [(r.ids, r.score) for r in report.imported] == again
