"""A headline read as steps: its sentences, and its first sentence's steps, for a page to show one step per line.

A placement headline (:attr:`~iopkit.placement.Recommendation.headline`) or a continued-stay review's
(:attr:`~iopkit.placement.Review.headline`) is one text of up to ~3,000 characters: "First: ...; ...; ... (why).
Also before deciding the setting: .... Then, as the evaluation decides: ...". :func:`headline_steps` cuts it where
its own punctuation does, never changing a character, so a page can show the first step in bold and each step on
its own line (physician review R6, should-fix 6: "display: the first step bold, one step per line"; iopkit's own
display rule). The words stay the library's: joining the pieces with their separators gives the headline back.

Plain string work, linear in the headline's length, no imports beyond the standard library.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..errors import PlacementInputError

__all__ = ["BRANCH_OPENERS", "TRANSFER_QUALIFIERS", "HeadlineStep", "first_sentence", "headline_steps"]

#: The first words of a clause that is a branch or a qualifier of the step before it, never a step of its own: "if
#: the patient declines transfer: ...", "if still 15 or more, ...", "otherwise a prescriber gives a first dose ...",
#: "with 1-WM ambulatory withdrawal management ..." (iopkit's own display rule, physician review R6 should-fix 6: a
#: step stays whole with its branches).
BRANCH_OPENERS = ("if", "otherwise", "unless", "else", "with")
#: Clauses that carry out or qualify the transfer before them, never a step of their own: shown alone they would read
#: as an unconditional step ("staff with the patient until handover" after "if delirium: ... arrange transfer now
#: (ED)"; "call emergency services for the ED" after "if delirium: no dose here", a hold's branch, not a call to make
#: for every patient).
TRANSFER_QUALIFIERS = ("staff with the patient until handover", "call emergency services for the ED")

#: What the scan stops at: brackets, quotes, a step's "; " and a sentence's ". " before a capital letter. A straight
#: single quote counts as a quote only at a word's edge, so the apostrophe of "today's" is read as a letter.
_MARKS = re.compile(r"""[()"“”‘]|(?<!\w)'|'(?!\w)|’(?!\w)|; |\. (?=[A-Z])""")
#: Each opening quote and the quote that closes it.
_CLOSES = {'"': '"', "“": "”", "‘": "’", "'": "'"}
_BRANCH = re.compile(rf"(?:{'|'.join(BRANCH_OPENERS)})\b|(?:{'|'.join(map(re.escape, TRANSFER_QUALIFIERS))})\b")


@dataclass(frozen=True, slots=True)
class HeadlineStep:
    """One piece of a headline: a step of its first sentence, or a whole later sentence.

    Parameters
    ----------
    text : str
        The piece's words, exactly as in the headline (a branch "if ...: ..." kept with the step before it; the
        first sentence's last step keeps the sentence's reasons in brackets and its full stop).
    separator : str
        What follows it in the headline: ``"; "`` before the next step of the same sentence, ``" "`` before the next
        sentence, ``""`` at the end.
    sentence : int
        Which sentence it is part of, 0 for the first (the steps), 1, 2, ... for the sentences after it.
    first : bool
        True for the first step of the first sentence, the one to do first (a page shows it in bold).

    Examples
    --------
    >>> step = headline_steps("First: call now; then review. Then: continue.")[0]
    >>> step.text, step.separator, step.sentence, step.first
    ('First: call now', '; ', 0, True)
    """

    text: str
    separator: str
    sentence: int
    first: bool


def _cuts(headline: str) -> tuple[list[tuple[int, int]], list[int]]:
    """Where ``headline`` is cut: the (start, end) of each "; " of its first sentence outside brackets and quotes, and
    the index of each ". " before a capital letter outside them (the full stop's index). One pass, constant work per
    mark: nothing opens inside a quote, so at most one quote is open, innermost."""
    depth = 0  # brackets open
    quote = ""  # the mark that closes the quote open, "" outside quotes
    steps: list[tuple[int, int]] = []
    sentences: list[int] = []
    for m in _MARKS.finditer(headline):
        mark, at = m.group(), m.start()
        if quote:
            if mark == quote:
                quote = ""
            elif mark == ")" and depth:  # a bracket closes a quote left open inside it
                quote, depth = "", depth - 1
            continue
        if mark == "(":
            depth += 1
        elif mark == ")":
            depth = max(depth - 1, 0)
        elif mark in _CLOSES and (mark != "'" or at == 0 or not headline[at - 1].isalnum()):
            quote = _CLOSES[mark]  # an opening quote (a lone closing one outside any quote is text)
        elif depth:
            continue
        elif mark == "; ":
            if not sentences:  # only the first sentence is cut into steps
                steps.append((at, at + 2))
        elif mark.startswith("."):
            sentences.append(at)
    return steps, sentences


def headline_steps(headline: str) -> tuple[HeadlineStep, ...]:
    """The pieces of ``headline``: its first sentence's steps, then each later sentence whole.

    A sentence ends at a full stop followed by a space and a capital letter ("... (why). Then ..."); the first
    sentence is cut into steps at each "; ". Neither is cut inside brackets or quotes ("(ask when and how much the
    last drink was; CIWA-Ar for current signs; ...)" stays whole). A clause opening with one of
    :data:`BRANCH_OPENERS` ("if the patient declines it or tries to leave: ...", "otherwise ...") is a branch of the
    step before it and stays in that step, as does a clause qualifying a transfer (:data:`TRANSFER_QUALIFIERS`).
    The first step is marked :attr:`HeadlineStep.first`. Joining each piece's
    text and separator gives ``headline`` back exactly: no word is changed, added or dropped (physician review R6,
    should-fix 6; iopkit's own display rule).

    Parameters
    ----------
    headline : str
        A headline (:attr:`iopkit.placement.Recommendation.headline`, :attr:`iopkit.placement.Review.headline`), or
        any text.

    Returns
    -------
    tuple of HeadlineStep
        The pieces in order; empty for an empty headline.

    Raises
    ------
    PlacementInputError
        ``headline`` is not a str.

    Examples
    --------
    >>> for step in headline_steps(
    ...     "First: emergency evaluation, until it is done; if the patient declines it: call emergency services; "
    ...     "the patient must not drive (high suicide risk). Then, as the evaluation decides: Level 1 (Outpatient)."
    ... ):
    ...     print(step.sentence, step.first, step.text)
    0 True First: emergency evaluation, until it is done; if the patient declines it: call emergency services
    0 False the patient must not drive (high suicide risk).
    1 False Then, as the evaluation decides: Level 1 (Outpatient).
    >>> "".join(s.text + s.separator for s in headline_steps("First: a; b (c; d). Then: e."))
    'First: a; b (c; d). Then: e.'
    """
    if not isinstance(headline, str):
        raise PlacementInputError(
            f"headline must be a str, a Recommendation's or a Review's headline (got {type(headline).__name__}: "
            f"{headline!r:.80})"
        )
    return _steps_of(headline)


@functools.lru_cache(maxsize=2048)
def _steps_of(headline: str) -> tuple[HeadlineStep, ...]:
    """:func:`headline_steps` of a str, cut once for each headline read again (the boxes' build reads the same
    headline many times; the steps are frozen)."""
    if not headline:
        return ()
    step_cuts, sentence_stops = _cuts(headline)
    # the first sentence's clauses, each (start, end, separator end), then its branches joined to the step before
    ends = [*sentence_stops, len(headline) - 1]
    first_end = ends[0] + 1
    clauses: list[tuple[int, int]] = []
    start = 0
    for cut, after in step_cuts:
        clauses.append((start, cut))
        start = after
    clauses.append((start, first_end))
    merged: list[list[int]] = []
    for a, b in clauses:
        if merged and _BRANCH.match(headline, a):
            merged[-1][1] = b
        else:
            merged.append([a, b])
    pieces: list[HeadlineStep] = []
    for i, (a, b) in enumerate(merged):
        last = i == len(merged) - 1
        separator = headline[b : merged[i + 1][0]] if not last else headline[b : b + 1 if sentence_stops else b]
        pieces.append(HeadlineStep(headline[a:b], separator, 0, i == 0))
    for n, stop in enumerate(sentence_stops, start=1):
        a, b = stop + 2, ends[n] + 1
        pieces.append(HeadlineStep(headline[a:b], " " if n < len(sentence_stops) else "", n, False))
    return tuple(pieces)


def first_sentence(headline: str) -> str:
    """The first sentence of ``headline``, its steps joined as :func:`headline_steps` cuts them (separators kept).

    Parameters
    ----------
    headline : str
        A headline, or any text.

    Returns
    -------
    str
        Its first sentence, with the full stop that ends it and the space after it where a sentence follows;
        empty for an empty headline.

    Raises
    ------
    PlacementInputError
        ``headline`` is not a str.

    Examples
    --------
    >>> first_sentence("First: a; b (c. D). Then: e.")
    'First: a; b (c. D). '
    """
    return "".join(step.text + step.separator for step in headline_steps(headline) if step.sentence == 0)
