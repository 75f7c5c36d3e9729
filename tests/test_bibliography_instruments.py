"""Every source the instruments, schemes, rules and flags cite resolves to a full citation."""

import dataclasses
import re

import pytest

import iopkit
from iopkit.sources import resolve

CODES = list(iopkit.instruments())
CODE_TAG = re.compile(r"\[[SPU]\]|§|\bR\d+[a-e]?\b|clinical-reference|data-standards")


def _rules(inst):
    yield "instrument", inst.citation
    for scheme in inst.schemes:
        yield f"scheme {scheme.id}", scheme.source
    for kind in ("skip_rules", "subscales", "criteria", "exclusions", "flags"):
        for rule in getattr(inst, kind):
            yield f"{kind} {getattr(rule, 'code', getattr(rule, 'name', ''))}", rule.source


@pytest.mark.parametrize("code", CODES)
def test_every_source_resolves_to_a_full_citation(code):
    for what, keys in _rules(iopkit.instrument(code)):
        found = resolve(keys)
        assert found, (code, what)
        for s in found:
            assert s.own_rule or (s.citation and s.url.startswith("https://") and s.supports), (code, what, s)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from _strings(v)


@pytest.mark.parametrize("code", CODES)
def test_no_internal_reference_codes_reach_a_user(code):
    for text in _strings(iopkit.instrument(code)):
        assert not CODE_TAG.search(text), (code, text)


def test_a_skip_note_names_its_source_in_words():
    s = iopkit.score("audit", [0, None, None, None, None, None, None, None, 0, 0])
    assert "Babor et al. 2001" in s.basis.notes[0]
    assert [x.key for x in resolve(s.basis.source)] == ["audit_babor2001"]
