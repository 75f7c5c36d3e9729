"""Flags: safety and clinical signals attached to scores and recommendations."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Flag", "SEVERITIES"]

#: Ordered from most to least urgent. ``critical`` flags need action before the
#: patient leaves (e.g. suicidal ideation, severe withdrawal).
SEVERITIES = ("critical", "warning", "info")


@dataclass(frozen=True)
class Flag:
    """A signal a clinician must see.

    Parameters
    ----------
    code : str
        Stable snake_case identifier, e.g. ``"suicidal_ideation"``.
    message : str
        What was found, in plain words.
    severity : str
        One of :data:`SEVERITIES`.
    action : str
        The next step to take (e.g. "Complete a suicide risk assessment today").
    source : str
        The published source of the rule that raised the flag.

    Examples
    --------
    >>> Flag("suicidal_ideation", "PHQ-9 item 9 answered 1", "critical").severity
    'critical'
    """

    code: str
    message: str
    severity: str = "warning"
    action: str = ""
    source: str = ""

    def to_dict(self) -> dict[str, str]:
        """A JSON-able dict; :meth:`from_dict` reads it back."""
        return {"code": self.code, "message": self.message, "severity": self.severity,
                "action": self.action, "source": self.source}

    @classmethod
    def from_dict(cls, data) -> "Flag":
        return cls(**data)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"Flag severity {self.severity!r} is not one of {SEVERITIES}")
