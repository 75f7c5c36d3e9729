"""Every source a page or printout can show is a bibliography entry a clinician can look up.

The pages render a rule's ``source`` field through :func:`iopkit.sources.resolve` (short citation inline,
full citation on demand, references in the printout). A source that is not a bibliography key would be
shown as raw text (e.g. an internal note code nobody outside the repository can look up): this walks
every rule the pages display (instrument schemes and flags, placement rules and suggestions, change
criteria) and checks that each source resolves.
"""

from __future__ import annotations

import dataclasses

from iopkit.sources import UnknownSourceError, resolve


def _sources(value, seen, found, where="") -> None:
    """Collect (where, source) from every dataclass reachable from ``value``."""
    if id(value) in seen:
        return
    seen.add(id(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            item = getattr(value, field.name)
            if field.name == "source" and isinstance(item, str):
                found.append((where or type(value).__name__, item))
            else:
                _sources(item, seen, found, where or type(value).__name__)
    elif isinstance(value, dict):
        for key, item in value.items():
            _sources(item, seen, found, f"{where}[{key}]")
    elif isinstance(value, (tuple, list)):
        for item in value:
            _sources(item, seen, found, where)


def _unresolved(objects) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for where, value in objects:
        _sources(value, set(), found, where)
    bad = []
    for where, text in found:
        try:
            resolve(text)
        except UnknownSourceError:
            bad.append((where, text))
    return sorted(set(bad))


def test_every_instrument_source_shown_on_the_intake_page_is_in_the_bibliography():
    from iopkit import instruments

    bad = _unresolved((code, inst) for code, inst in instruments().items())
    assert not bad, f"{len(bad)} instrument sources are not bibliography keys, e.g. {bad[:5]}"


def test_every_placement_and_progress_source_is_in_the_bibliography():
    from iopkit import placement, progress
    from iopkit.placement import suggest

    objects = [("placement rule", placement.RULES), ("change criteria", progress.CHANGE_CRITERIA)]
    objects += [(name, getattr(suggest, name)) for name in dir(suggest) if name.isupper()]
    bad = _unresolved(objects)
    assert not bad, f"{len(bad)} placement/progress sources are not bibliography keys, e.g. {bad[:5]}"
