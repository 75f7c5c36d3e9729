"""Physician review R30b, should-fix S7: the words of a screen before any dose beside a positive PHQ-9 item 9, typed
from R16 S5's words (never read from iopkit): each screen asks about an overdose or ingestion first and holds the dose
after one. :func:`asked` re-types an older expectation (a screen typed before R30b S7) for a case with a positive
PHQ-9 item 9."""

from __future__ import annotations

from typing import Any

from tests.intoxication_screens import NEXT_CIWA, NEXT_COWS, r32a

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold; R31 M4: an overdose or ingestion's care said in full (typed from the reviews' words).

ASK = "ask about any overdose or ingestion today and "
HELD = "an overdose or ingestion"
#: What an overdose or ingestion at the screen calls for (physician re-review R31, M4's words).
CARE = "call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose"
TO_ED = f"{HELD}: {CARE}"
#: The intoxicated patient's driving rule inside the hold (R30b M4).
NO_DRIVING = "intoxicated: the patient must not drive today"
#: What the receiving team is told of an intoxicated patient held in a transfer step (physician review R32 (b)).
TOLD = "tell the receiving team at handover the breath alcohol reading or the signs, with the time"
#: The one bracket of the combined hold ("if delirium, an overdose or ingestion, or intoxication: no dose here") in a
#: transfer step, physician review R32 (b), the reviewer's words (was: "(delirium or an overdose or ingestion: to the
#: ED by emergency services; intoxication: the patient must not drive today)").
R32_BRACKET = f"(delirium, or {HELD}: {CARE}; intoxication: {TOLD}; the patient must not drive today)"
#: The same where its step says the escort already (staff with the patient until handover said once).
R32_BRACKET_ESCORTED = R32_BRACKET.replace(", staff with the patient until handover", "")
#: (what an older expectation says, what it says beside a positive PHQ-9 item 9), in order
_WORDS = (
    ("before any dose: screen for ", f"before any dose: {ASK}screen for "),
    ("Before any dose: screen for ", f"Before any dose: {ASK}screen for "),
    ("; screen for intoxication ", f"; {ASK}screen for intoxication "),
    ("medical review now: screen for delirium", f"medical review now: {ASK}screen for delirium"),
    ("Medical review now: screen for delirium", f"Medical review now: {ASK}screen for delirium"),
    ("before the first dose: screen for delirium", f"before the first dose: {ASK}screen for delirium"),
    (
        "if intoxicated: no dose here (the patient must not drive today)",
        f"if {HELD}, or intoxicated: no dose here ({TO_ED}; {NO_DRIVING})",
    ),
    # physician review R32 (a): an ambulatory hold's next step, said after the overdose's care in the one bracket
    (
        f"if intoxicated: no dose now ({NEXT_CIWA})",
        f"if {HELD}, or intoxicated: no dose here ({TO_ED}; intoxicated: {NEXT_CIWA})",
    ),
    (
        f"if intoxicated: no dose now ({NEXT_COWS})",
        f"if {HELD}, or intoxicated: no dose here ({TO_ED}; intoxicated: {NEXT_COWS})",
    ),
    ("if delirium or intoxication: no dose here", f"if delirium, {HELD}, or intoxication: no dose here"),
    # physician review R32 (b): one bracket for both, the overdose's care in it, the intoxicated patient handed over
    # (the typed texts are transfer steps; was: "(delirium or an overdose or ingestion: to the ED by emergency ...")
    (
        "staff with the patient until handover (delirium: to the ED by emergency services; intoxication: the patient "
        "must not drive today)",
        f"staff with the patient until handover (delirium, or {HELD}: call emergency services for the ED, naloxone if "
        f"signs of opioid overdose; intoxication: {TOLD}; the patient must not drive today)",
    ),
    (
        "(delirium: to the ED by emergency services; intoxication: the patient must not drive today)",
        f"(delirium, or {HELD}: {CARE}; intoxication: {TOLD}; the patient must not drive today)",
    ),
    (
        "; if intoxicated (breath alcohol above zero, or signs of sedative intoxication): no ",
        f"; if {HELD}: no dose here ({CARE}); if intoxicated (breath alcohol above zero, or signs of sedative "
        "intoxication): no ",
    ),
)


def asked(text: str) -> str:
    """``text`` with each screen before any dose asking about an overdose or ingestion first (R30b S7)."""
    for said, ask in _WORDS:
        text = ask.join(part.replace(said, ask) for part in text.split(ask))
    return text


def starts_asked(text: str, prefix: str) -> bool:
    """Whether ``text`` starts with ``prefix`` re-typed by :func:`asked` (R30b S7)."""
    return text.startswith(asked(prefix))


def asked_r32a(text: str, whole: str | None = None, case: Any = None) -> str:
    """:func:`asked`, then physician review R32 (a)'s next step of a hold by its setting (:func:`r32a`; ``case``: the
    recommendation or its flags, read as physician review R35 reads the case)."""
    return r32a(asked(text), whole, case)


def starts_asked_r32a(text: str, prefix: str, case: Any = None) -> bool:
    """:func:`starts_asked` with physician review R32 (a)'s next step of a hold by its setting (:func:`r32a`, the
    setting read from ``text`` and ``case``)."""
    return text.startswith(r32a(asked(prefix), text, case))
