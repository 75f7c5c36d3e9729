"""The emergency evaluation's words are typed once, in :mod:`iopkit.flags` (``EVALUATION_DECIDES``,
``EVALUATION_COVERS``), and the headline's builder uses the constants, never a copy of their words (lead engineer,
session 22: one text, so the box, the review and the headline cannot drift apart).

The words are typed here from the rulings that gave them (walk24 finding 2; physician review R21), never read from
iopkit.
"""

from __future__ import annotations

import ast
import inspect

import pytest

from iopkit import flags
from iopkit.placement import recommendation

#: The constants' words, typed.
WORDS = {
    "EVALUATION_DECIDES": "as the evaluation decides",
    "EVALUATION_COVERS": "the emergency evaluation for suicide risk covers this",
}


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes of ``tree``'s module, classes and functions."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def _literals(module) -> list[tuple[int, str]]:
    """Every string literal of ``module``'s code (f-string parts included), docstrings and comments left out."""
    tree = ast.parse(inspect.getsource(module))
    docs = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    ]


@pytest.mark.parametrize("name", sorted(WORDS))
def test_the_constant_says_the_ruled_words(name):
    assert getattr(flags, name) == WORDS[name]


@pytest.mark.parametrize("name", sorted(WORDS))
def test_the_headline_builder_never_types_the_evaluation_s_words_inline(name):
    typed = [(line, text) for line, text in _literals(recommendation) if WORDS[name] in text]
    assert typed == [], f"flags.{name}'s words typed inline in recommendation.py: {typed}"
