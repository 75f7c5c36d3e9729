"""The scored result of one response: :class:`Score` and its :class:`Basis` (frozen, JSON-able)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .._frozen import freeze, thaw
from ..flags import Flag
from ..sources import resolve

__all__ = ["Score", "Basis"]


@dataclass(frozen=True)
class Basis:
    """Why a score came out as it did: the rule, the scheme and its source, the inputs that drove it.

    Parameters
    ----------
    rule : str
        The rule applied, in words (e.g. the sum of the items and the band it falls in).
    scheme : str or None
        The banding scheme's id, ``None`` for an instrument without named schemes.
    source : str
        Bibliography keys of the rule, separated by ``;`` (see :attr:`sources`).
    inputs : tuple of (int, object) pairs, optional
        The item numbers and their answers that drove the result (default none).
    notes : tuple of str, optional
        What the clinician should know about how it was scored (e.g. sex not given).
    """

    rule: str
    scheme: str | None
    source: str
    inputs: tuple[tuple[int, object], ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def sources(self):
        """The bibliography entries ``source`` names (keys separated by ``;``), to render as
        "Kroenke et al. 2001" inline and in full on demand.

        >>> from iopkit import score
        >>> [s.short for s in score("phq2", [1, 2]).basis.sources]
        ['Kroenke et al. 2003']
        """
        return resolve(self.source)


@dataclass(frozen=True)
class Score:
    """The scored result of one response.

    ``total`` is ``None`` where the instrument has no validated total (BAM, C-SSRS screen);
    ``answers`` are the normalised answers as scored and ``context`` the full context used,
    so ``score(s.instrument, s.answers, **s.context) == s``. ``subscores``, ``answers`` and ``context`` are
    read-only mappings, so a Score is frozen all the way down and hashable.

    Parameters
    ----------
    instrument : str
        The instrument's catalogue code.
    total : int or None
        The total score, ``None`` where the instrument has no validated total.
    band : str or None
        The severity band's label in the scheme used, ``None`` where no band applies.
    flags : tuple of Flag
        The safety and clinical flags raised.
    subscores : mapping of str to int (or bool)
        Named subscale results; stored as a read-only mapping.
    basis : Basis
        Why the result came out as it did.
    answers : mapping
        The normalised answers as scored (item number to answer, or group name to its answers for
        CRAFFT); stored as a read-only mapping.
    context : mapping of str to object
        The full scoring context used (``scheme`` and any of ``sex``, ``medical_supervision``);
        stored as a read-only mapping.
    """

    instrument: str
    total: int | None
    band: str | None
    flags: tuple[Flag, ...]
    subscores: Mapping[str, int]
    basis: Basis
    answers: Mapping[Any, Any]
    context: Mapping[str, Any]

    def __post_init__(self) -> None:
        for name in ("subscores", "answers", "context"):
            object.__setattr__(self, name, freeze(getattr(self, name)))

    def to_dict(self) -> dict:
        """A JSON-able dict (item-number keys become strings).

        Returns
        -------
        dict
            Plain dicts, lists and scalars; :meth:`from_dict` reads it back to an equal Score.

        Examples
        --------
        >>> from iopkit import score
        >>> s = score("phq2", [1, 2])
        >>> Score.from_dict(s.to_dict()) == s
        True
        >>> d = s.to_dict()
        >>> list(d)
        ['instrument', 'total', 'band', 'flags', 'subscores', 'basis', 'answers', 'context']
        >>> d["answers"], d["basis"]["inputs"]
        ({'1': 1, '2': 2}, [[1, 1], [2, 2]])
        """
        basis, scalar = self.basis, (int, str, bool, float, type(None))

        def plain(mapping: Mapping) -> dict:  # thaw() of a frozen mapping, scalars taken as they are
            return {k: v if type(v) in scalar else thaw(v) for k, v in mapping.items()}

        return {  # field by field, in field order (no deep copy: every value is already plain or frozen)
            "instrument": self.instrument,
            "total": self.total,
            "band": self.band,
            "flags": [
                {
                    "code": f.code,
                    "message": f.message,
                    "severity": f.severity,
                    "action": f.action,
                    "source": f.source,
                    "calls_for": f.calls_for,
                    "partial": f.partial,
                    "worst_case": f.worst_case,
                }
                for f in self.flags
            ],
            "subscores": plain(self.subscores),
            "basis": {
                "rule": basis.rule,
                "scheme": basis.scheme,
                "source": basis.source,
                "inputs": [list(pair) for pair in basis.inputs],
                "notes": list(basis.notes),
            },
            "answers": {str(k): v for k, v in plain(self.answers).items()},
            "context": plain(self.context),
        }

    @classmethod
    def from_dict(cls, d: Mapping) -> Score:
        """Rebuild a Score written by :meth:`to_dict` (also after a JSON round trip).

        Parameters
        ----------
        d : mapping
            A dict as :meth:`to_dict` gives it; item-number keys written as strings become ints again.

        Returns
        -------
        Score
            Equal to the Score that was written.
        """
        basis = dict(d["basis"])
        basis["inputs"] = tuple(tuple(pair) for pair in basis["inputs"])
        basis["notes"] = tuple(basis["notes"])
        answers = {int(k) if str(k).isdigit() else k: v for k, v in d["answers"].items()}
        return cls(
            d["instrument"],
            d["total"],
            d["band"],
            tuple(Flag(**f) for f in d["flags"]),
            dict(d["subscores"]),
            Basis(**basis),
            answers,
            dict(d["context"]),
        )
