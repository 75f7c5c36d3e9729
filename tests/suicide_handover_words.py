"""Physician review R22 (session 19), must-fix M2, the reviewer's words shared by the tests that type them."""

#: M2's bracket after a conditional transfer beside the on-site emergency evaluation for suicide risk, where today's
#: C-SSRS high is the only screen that stands.
M2_TOLD_TODAY = (
    # R23a finding 7 (c), (d): the ruling's words, re-typed
    "(if transferred: at handover tell the receiving team that today's C-SSRS screen was high risk, and whether the "
    "emergency evaluation for suicide risk was completed here (if so, its findings); safety precautions until "
    "handover; do not delay the transfer for it)"
)
