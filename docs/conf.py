"""Sphinx configuration for iopkit's documentation site (``make docs``).

Sphinx + numpydoc because every public function already carries a numpy-style docstring with an example;
MyST-NB renders the notebooks from their stored outputs (never executed, no pandoc). The build is offline:
no intersphinx inventories are fetched, and the clinical reference and bibliography are generated from
the package at every build (``_ext/iopkit_generated.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path[:0] = [str(DOCS.parent), str(DOCS / "_ext")]  # this checkout's iopkit, then the local extension

import iopkit  # noqa: E402  (after the path of the local extension)

project = "iopkit"
author = "iopkit developers"
copyright = "iopkit developers, BSD-3-Clause"
release = version = iopkit.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_nb",
    "iopkit_generated",
]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "_ext", "_templates", "**.ipynb_checkpoints"]
templates_path = ["_templates"]

# API reference: one page per public name, as each module's __all__ lists them.
autosummary_generate = True
autosummary_ignore_module_all = False
autosummary_imported_members = True
# A class re-exported by two documented modules is listed once, on its home module's page.
autosummary_context = {"secondary": ["iopkit.store.Placement"]}
autodoc_default_options = {"members": False}
autodoc_typehints = "none"  # the numpy-style Parameters sections say the types in words
autodoc_member_order = "bysource"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# Notebooks: rendered with the outputs stored in them (nbval checks those outputs in `make test`).
nb_execution_mode = "off"
nb_ipywidgets_js = {}  # no widget script from a CDN: these notebooks store no widget state
myst_heading_anchors = 3

html_theme = "alabaster"
html_title = f"iopkit {release}"
html_theme_options = {
    "description": "Open clinical decision support for Intensive Outpatient Programs",
    "fixed_sidebar": True,
    "page_width": "1200px",
}
# MathJax from the npm lock (`make nodedeps`), copied beside the pages: a reader's browser fetches nothing from a CDN.
MATHJAX = DOCS.parent / "tests" / "js" / "node_modules" / "mathjax" / "es5" / "tex-svg.js"
if not MATHJAX.is_file():
    raise FileNotFoundError(f"{MATHJAX} is missing: run `make nodedeps` (the docs serve MathJax themselves)")
html_static_path: list[str] = [str(MATHJAX)]
mathjax_path = "tex-svg.js"
# Offline build: nothing is fetched; no intersphinx.
