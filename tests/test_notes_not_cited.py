"""The product never cites the developers' own notes: users and readers of the code see published sources.

The team's notes (the clinical reference, the data standards, the toolchain and design notes) sit beside the
repository, not in it, and are never shipped. Session 40 found six places that cited them by file and section
("data-standards.md §1.4"), one of them in a dataset index users read; each now names the published source.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: A note of the team's by file name (``toolchain.md``) or by the clinical and data notes' names alone.
NOTE = re.compile(
    r"\b(?:clinical-reference|data-standards|toolchain|style-anchors|design|anchors)\.md\b|clinical-reference"
)

#: What ships or is read as the product: the package, its documentation, deployment, benchmarks and build files.
PRODUCT = ("iopkit", "docs", "deploy", "benchmarks", "README.md", "CONTRIBUTING.md", "Makefile", "pyproject.toml")


def _tracked_text_files():
    listed = subprocess.run(["git", "ls-files", "-z", *PRODUCT], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        path = ROOT / name
        try:
            yield name, path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):  # a binary file (an image), or one deleted in the work tree
            continue


def test_no_product_file_cites_the_teams_notes():
    cited = [
        f"{name}:{number}: {line.strip()}"
        for name, text in _tracked_text_files()
        for number, line in enumerate(text.splitlines(), start=1)
        if NOTE.search(line)
    ]
    assert not cited, "\n".join(cited)


def test_the_check_finds_a_citation_of_a_note():
    assert NOTE.search("codes per the 2017-2022 codebooks (data-standards.md §1.4)")
    assert NOTE.search("importing pyplot costs ~0.5 s per kernel start, toolchain.md §3")
    assert not NOTE.search("RFC 5545 §3.3.11")  # a published standard's section is a source
