"""Patient-facing wording of instruments, per language, loaded from data files in this folder.

Each ``<language>.toml`` (an IETF language tag: ``en``, ``es``, ...) has one table per instrument code with

* ``lead_in``: what the patient reads before the questions (the form's instruction);
* ``items``: ``{item number: question}`` and ``answers``: ``{answer code: label}`` shared by every item, or
  ``item_answers``: ``{item number: {answer code: label}}`` where items differ (English: taken from the
  instrument definition, except ``items`` where the definition keeps a shorter label than the printed form:
  the patient reads the form's own words, e.g. PHQ-9 items 6-9);
* ``source``: where this wording was published (a bibliography key and/or the publisher's address) and
  ``licence``: the terms under which it is used.

A translation is typed from an official translation's published text, never machine-translated; a language
that lacks an instrument is simply not offered for it (:func:`languages`).  English is the only language
shipped today.

>>> t = translation("phq9")
>>> t.lead_in[:38], t.answers[9][3]
('Over the last 2 weeks, how often have ', 'Nearly every day')
>>> t.items[9]  # the form's own words (the definition keeps a shorter label)
'Thoughts that you would be better off dead or of hurting yourself in some way'
>>> languages("phq9")
('en',)
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ...errors import InstrumentDefinitionError, UnknownInstrumentError

__all__ = ["Translation", "languages", "translation"]

ORIGINAL = "en"


@dataclass(frozen=True)
class Translation:
    """One instrument's wording in one language, with the source and licence of that wording.

    Parameters
    ----------
    instrument : str
        The instrument's code.
    language : str
        The IETF language tag (``"en"``).
    lead_in : str
        What the patient reads before the questions.
    items : mapping of int to str
        Item number -> the question as the patient reads it.
    answers : mapping of int to (mapping of int to str)
        Item number -> answer code -> its label.
    source : str
        Where this wording was published.
    licence : str
        The terms under which it is used.
    """

    instrument: str
    language: str
    lead_in: str
    items: Mapping[int, str]
    answers: Mapping[int, Mapping[int, str]]  # item -> answer code -> label
    source: str
    licence: str

    def answer_labels(self, item: int) -> tuple[tuple[int, str], ...]:
        """(code, label) of each allowed answer of ``item``, in the form's order.

        Parameters
        ----------
        item : int
            The item number.

        Returns
        -------
        tuple of (int, str)
            (answer code, label) pairs; empty for an item without options (counts, unrecorded items).

        Raises
        ------
        InvalidAnswerError
            ``item`` is no item number of the instrument.
        """
        from .. import get

        return tuple((o.code, self.answers[item][o.code]) for o in get(self.instrument).item(item).options)


@cache
def _files() -> dict[str, dict]:
    folder = resources.files(__package__)
    out = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".toml"):
            out[entry.name.removesuffix(".toml")] = tomllib.loads(entry.read_text(encoding="utf-8"))
    return out


def languages(instrument: str) -> tuple[str, ...]:
    """The languages ``instrument`` can be shown to a patient in (English first).

    Parameters
    ----------
    instrument : str
        The instrument's code or alias.

    Returns
    -------
    tuple of str
        The language tags, English first, then sorted; empty when there is none.

    Raises
    ------
    UnknownInstrumentError
        No such instrument.
    """
    from .. import get

    code = get(instrument).code
    found = sorted(lang for lang, data in _files().items() if code in data)
    return tuple(sorted(found, key=lambda lang: lang != ORIGINAL))


def translation(instrument: str, language: str = ORIGINAL) -> Translation:
    """The wording of ``instrument`` in ``language``.

    Parameters
    ----------
    instrument : str
        The instrument's code or alias.
    language : str, default "en"
        The IETF language tag.

    Returns
    -------
    Translation
        The wording, checked to cover every question and answer of the form.

    Raises
    ------
    UnknownInstrumentError
        No such instrument, or none in that language.
    InstrumentDefinitionError
        A translation file that leaves out a question or an answer label, words an item the instrument does not
        have, or has no lead-in, source or licence (a bug in the data).
    """
    from .. import get

    inst = get(instrument)
    data = _files().get(language, {}).get(inst.code)
    if data is None:
        raise UnknownInstrumentError(
            f"{inst.code} has no patient wording in {language!r}; languages: "
            f"{', '.join(languages(inst.code)) or 'none'}",
            instrument=inst.code,
            item="language",
            value=language,
            allowed=languages(inst.code),
        )
    if language == ORIGINAL:
        form = {int(k): v for k, v in data.get("items", {}).items()}
        unknown = set(form) - {i.number for i in inst.items}
        if unknown:
            raise InstrumentDefinitionError(
                f"the {language} wording of {inst.code} words items it does not have: {sorted(unknown)}",
                instrument=inst.code,
                item=language,
            )
        items = {i.number: form.get(i.number, i.stem) for i in inst.items}
        # yes/no items carry no label in the definition
        answers = {
            i.number: {
                o.code: o.label or (("No", "Yes")[o.code] if i.kind == "yes_no" else str(o.code)) for o in i.options
            }
            for i in inst.items
        }
    else:
        items = {int(k): v for k, v in data.get("items", {}).items()}
        shared = {int(k): v for k, v in data.get("answers", {}).items()}
        own = {int(n): {int(k): v for k, v in labels.items()} for n, labels in data.get("item_answers", {}).items()}
        answers = {i.number: own.get(i.number, shared) for i in inst.items}
        left_out = [
            (i.number, o.code)
            for i in inst.items
            if i.kind in ("choice", "yes_no")
            for o in i.options
            if i.number not in items or o.code not in answers[i.number]
        ]
        if left_out:
            raise InstrumentDefinitionError(
                f"the {language} wording of {inst.code} leaves out (item, answer) {left_out}",
                instrument=inst.code,
                item=language,
            )
    for key in ("lead_in", "source", "licence"):
        if not str(data.get(key, "")).strip():
            raise InstrumentDefinitionError(
                f"the {language} wording of {inst.code} has no {key}", instrument=inst.code, item=key
            )
    return Translation(inst.code, language, data["lead_in"], items, answers, data["source"], data["licence"])
