"""What a flag calls for, as the continued-stay review acts on it (:func:`calls_for`).

Read by the review (:mod:`iopkit.placement.continued_stay`, which re-exports :func:`calls_for`) and by a flag
resolution (:func:`iopkit.placement.resolution.needs_risk_level`: closing a suicide-risk flag records the overall
risk level), so that both read a flag the same way.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType

from ..flags import CallsFor, Flag, Severity

__all__ = ["SAFETY_CALLS", "calls_for"]


#: What a flag that blocks a step-down calls for, and the review's own flag while it is unresolved: its code,
#: action and source. Most urgent first: the review's headline leads with the first one due. The review's flag is
#: critical, but ``medical_review_due`` follows the flags behind it (the review's ``_MEDICAL_REVIEW_DUE``). Here, below
#: the review and the flag resolutions, so that both read it (:mod:`iopkit.placement.continued_stay` re-exports it).
SAFETY_CALLS: Mapping[CallsFor, tuple[str, str, str]] = MappingProxyType(
    {
        CallsFor.EMERGENCY_EVALUATION: (
            "emergency_evaluation_due",
            (
                "Safety precautions now (do not leave the patient alone) and an immediate emergency mental-health "
                "evaluation, which decides any hospitalisation; record what was done; no step-down until then"
            ),
            "cssrs_screener_triage",
        ),
        CallsFor.RISK_ASSESSMENT: (
            "risk_assessment_due",
            (
                "Complete a same-day suicide risk assessment and record what was done; no step-down until then "
                "(the assessment, not the screen, decides any change of level)"
            ),
            "joint_commission_npsg15; cssrs_screener_triage",
        ),
        CallsFor.MEDICAL_REVIEW: (
            "medical_review_due",
            "Arrange a prescriber's or nurse's review today, before the patient leaves, and record what was done; no "
            "step-down until then",
            "asam_awm2020; asam_npg2020; iopkit",
        ),
    }
)


def calls_for(flag: Flag) -> CallsFor:
    """What ``flag`` calls for, as the review acts on it.

    A flag stored before flags said so (``note``) whose code names suicide risk or withdrawal is read as
    calling for a risk assessment or a medical review, and a flag whose rule now calls for an emergency
    evaluation (C-SSRS high risk, saved when it called for a risk assessment) is read as calling for one:
    an old record must never hide a danger sign (iopkit's own rule).

    Parameters
    ----------
    flag : Flag
        A flag from a score (stored or fresh).

    Returns
    -------
    CallsFor
        What the review acts on: the flag's own ``calls_for``, except as above (an ``info`` flag
        always keeps its own).

    Examples
    --------
    >>> calls_for(Flag("suicidal_ideation", "PHQ-9 item 9", "critical")).value
    'risk_assessment'
    >>> calls_for(Flag("suicide_risk_high", "C-SSRS high risk", "critical", calls_for="risk_assessment")).value
    'emergency_evaluation'
    """
    if flag.severity == Severity.INFO:
        return flag.calls_for
    if flag.code in _emergency_codes():
        return CallsFor.EMERGENCY_EVALUATION
    if flag.calls_for is not CallsFor.NOTE:
        return flag.calls_for
    if "suicid" in flag.code or "self_harm" in flag.code:
        return CallsFor.RISK_ASSESSMENT
    if "withdrawal" in flag.code or "delirium" in flag.code:
        return CallsFor.MEDICAL_REVIEW
    return flag.calls_for


@functools.cache
def _emergency_codes() -> frozenset[str]:
    """The codes of the instruments' flag rules that call for an emergency evaluation (read from the definitions)."""
    from ..instruments import CATALOGUE

    return frozenset(
        r.code for inst in CATALOGUE.values() for r in inst.flags if r.calls_for is CallsFor.EMERGENCY_EVALUATION
    )
