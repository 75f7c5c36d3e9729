"""The documentation site's generated pages come from the package and leave nothing out
(`make docs` builds the whole site with warnings as errors)."""

from __future__ import annotations

import importlib.util
import re

from iopkit.instruments import CATALOGUE
from iopkit.placement.rule_table import RULES
from iopkit.sources import sources

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("iopkit_generated", ROOT / "docs" / "_ext" / "iopkit_generated.py")
generated = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generated)


def test_the_instrument_reference_has_every_instrument_band_and_flag_with_a_resolving_source():
    page = generated.instruments_page()
    for inst in CATALOGUE.values():
        assert f"## {inst.name}" in page and f"Code `{inst.code}`" in page
        assert all(f"`{flag.code}`: " in page for flag in inst.flags)
        assert all(f"| {band.label} |" in page for scheme in inst.schemes for band in scheme.bands)
    cited = set(re.findall(r"<bib-([\w.-]+)>`", page + generated.placement_page()))
    assert cited and cited <= set(sources())


def test_the_placement_table_has_every_row_and_the_bibliography_every_source_once():
    rows = re.findall(r"^\| (\d)\. .*? \| (\d) \(", generated.placement_page(), re.M)
    assert rows == [(str(rule.dimension), str(rule.rating)) for rule in RULES]
    page = generated.bibliography_page()
    assert sorted(re.findall(r"^\(bib-(.+)\)=$", page, re.M)) == sorted(sources())
