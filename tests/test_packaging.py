"""Packaging agrees with itself: environment.yml mirrors pyproject.toml, the lock covers every
platform, and the licence ships."""

from __future__ import annotations

import re
import tomllib

from .conftest import ROOT

#: pip requirement name -> conda-forge package name, where they differ.
CONDA_FORGE_NAME = {"dask[dataframe]": "dask"}
#: Requirements that conda-forge does not carry under their pip name: environment.yml installs them with pip.
PIP_ONLY = {"fhir.resources", "playwright"}


def _name(requirement: str) -> str:
    name = re.split(r"[\s<>=!~;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")
    return CONDA_FORGE_NAME.get(name, re.sub(r"\[.*\]", "", name))


def _pyproject_requirements() -> tuple[set[str], set[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    every = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        every += [r for r in extra if not r.startswith("iopkit")]
    names = {_name(r) for r in every}
    return names - PIP_ONLY, names & PIP_ONLY


def _environment() -> tuple[set[str], set[str]]:
    text = (ROOT / "environment.yml").read_text()
    body = text.split("dependencies:", 1)[1]
    conda_part, _, pip_part = body.partition("  - pip:")
    conda = {_name(m) for m in re.findall(r"^  - ([^\s#]+)", conda_part, re.M)} - {"python", "pip"}
    pip = {_name(m) for m in re.findall(r"^      - ([^\s#]+)", pip_part, re.M)} - {"-e"}
    return conda, pip


def test_environment_yml_lists_the_same_packages_as_pyproject():
    conda, pip = _environment()
    want_conda, want_pip = _pyproject_requirements()
    assert conda == want_conda
    assert pip == want_pip


def test_environment_yml_installs_iopkit_itself_with_pip():
    assert "      - -e ." in (ROOT / "environment.yml").read_text()


def test_the_lock_is_universal():
    """Platform-only packages appear with their markers, so macOS and Windows get what they need."""
    lock = (ROOT / "requirements.lock").read_text()
    assert "--universal" in lock
    assert re.search(r"^appnope==\S+ ; sys_platform == 'darwin'", lock, re.M)
    assert re.search(r"^colorama==\S+ ; sys_platform == 'win32'", lock, re.M)


def test_the_licence_ships_and_the_metadata_names_it_in_spdx():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "BSD-3-Clause"
    assert project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text().startswith("BSD 3-Clause License")


def test_the_core_needs_no_ui_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert {_name(r) for r in project["dependencies"]} == {"numpy", "scipy", "pandas", "platformdirs"}
