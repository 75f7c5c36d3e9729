"""The refusal branches of physician review R5 (session 11), must-fix 1, typed from the reviewer's wording,
never computed by iopkit: (a) after a medical transfer (E2's accepted text); (b) after a
transfer for an emergency evaluation of suicide risk or dimension 3 rated 4, which (b) governs where both apply."""

MEDICAL_DECLINES = (
    "; if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    "transfer by emergency services)"
)
MENTAL_HEALTH_DECLINES = (
    "; if the patient declines transfer or tries to leave: staff stay with the patient and call emergency services for "
    "an emergency mental-health assessment (local involuntary-assessment procedure)"
)
