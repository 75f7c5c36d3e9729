"""Physician review R22 (session 19), must-fix M1's rule as a test oracle, typed from the reviewer's words (never
iopkit's code): where a step's first screen before any dose may sit inside an earlier clause's condition, every screen
is kept."""

from __future__ import annotations

import re

SCREEN = "before any dose:"
#: A condition a screen may sit inside: "if still 15 or more", "at 10 or more" (R17b M1, R22 M1).
_CONDITION = re.compile(r"\bif still\b|\bat \d+ or more\b")
#: One screen said: from "before any dose:" to its hold's "otherwise ".
_ONE = re.compile(r"before any dose: .*?; otherwise ", re.IGNORECASE)


def kept_apart(text: str) -> bool:
    """Physician review R22 (session 19), must-fix M1, the reviewer's rule: "remove a later screen only where no 'if
    still'/'at N or more' condition stands earlier in the step with a '; ' before the first screen". True where
    ``text`` says two or more screens, a condition stands before the first with a "; " (outside brackets) between, and
    every screen says the same (each the union)."""
    low = text.lower()
    first = low.find(SCREEN)
    if first < 0 or low.count(SCREEN) < 2:
        return False
    inside = any("; " in re.sub(r"\([^()]*\)", "", low[m.end() : first]) for m in _CONDITION.finditer(low, 0, first))
    # R30b M3: the first screen said in its own condition's clause ("if still 37 or more, before any dose: ...", "at 10
    # or more, before any dose: ...") guards that branch alone, as R22 M1's screen inside an earlier condition does
    own = _CONDITION.search(low[:first].rsplit("; ", 1)[-1]) is not None
    # R53 ruling 4: the first screen said first in an old severe COWS re-score's own part ("re-score the COWS now
    # (...): before any dose: ...; otherwise if still 37 or more, ...") guards that part's doses alone, as a screen in
    # its own condition's clause does; a later re-score (the CIWA-Ar's) keeps its own
    own = own or _OWN_COWS_PART.search(low[:first].rsplit("; ", 1)[-1].removeprefix("first: ")) is not None
    same = len({m[0].lower() for m in _ONE.finditer(text)}) == 1
    return ((inside or own) and (same or _cows_part_at_4(low))) or _later_in_own_branch(low)


#: Physician review R42 item 4 (R31 S7): an old COWS's re-score beside a rating of 4, the reviewer's words.
_COWS_AT_4 = "re-score the cows before transfer only if it does not delay it (last "


def _cows_part_at_4(low: str) -> bool:
    """Physician review R42 item 4 (R31 S7): case 240's dimension-1 box takes its COWS box's full screen after its
    CIWA-Ar part's own (conditional) one. True where every screen after the first is the first in the part that
    re-scores an old COWS before transfer (from the last "re-score the" before it)."""
    at = [m.start() for m in re.finditer(re.escape(SCREEN), low)]
    for i in at[1:]:
        start = low.rfind("re-score the ", 0, i)
        if not low.startswith(_COWS_AT_4, start) or SCREEN in low[start:i]:
            return False
    return True


def _later_in_own_branch(low: str) -> bool:
    """Physician review R30a (session 23), must-fix M1: a later screen said inside its own branch's condition ("re-score
    the COWS now (...): if still 37 or more, ..., before any dose: ...") guards that branch's dose alone, so the dose
    said before it keeps its own screen. True where every screen after the first has an "if still"/"at N or more"
    condition in its own clause (since the last "; ")."""
    at = [m.start() for m in re.finditer(re.escape(SCREEN), low)]
    # R53 ruling 4: an old severe COWS re-score's screen said first in its own part, before "otherwise if still 37 or
    # more" ("re-score the COWS now (...): before any dose: ..."), guards that part's doses, 13-36 too
    return all(
        _CONDITION.search(low[:i].rsplit("; ", 1)[-1]) or _OWN_COWS_PART.search(low[:i].rsplit("; ", 1)[-1])
        for i in at[1:]
    )


#: Physician review R53, ruling 4: the old severe COWS re-score's own part, its screen first ("re-score the COWS now
#: (last 48 on 20 Nov 2026, severe): [after the first step's CIWA-Ar re-score (...), ]before any dose: ...").
_OWN_COWS_PART = re.compile(
    r"^re-score the cows now \(last [^()]*, severe\): (?:after the first step's [^,()]*(?:\([^()]*\))?, )?$"
)
