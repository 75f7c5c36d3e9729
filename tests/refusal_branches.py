"""The refusal branches of physician review R5 (session 11), must-fix 1, typed from the reviewer's wording,
never computed by iopkit: (a) after a medical transfer (E2's accepted text); (b) after a
transfer for an emergency evaluation of suicide risk or dimension 3 rated 4, which (b) governs where both apply;
and R6's must-fix 4 form for the C-SSRS high lead with no transfer named."""

MEDICAL_DECLINES = (
    "; if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening)"
)
MENTAL_HEALTH_DECLINES = (
    "; if the patient declines transfer or tries to leave: staff stay with the patient and call emergency services for "
    "an emergency mental-health assessment (local involuntary-assessment procedure)"
)
# physician review R6 (3 Dec 2026), must-fix 4: the C-SSRS high lead with no transfer named, its refusal or leaving
# branch (the reviewer's words)
EVALUATION_DECLINES_OR_LEAVES = (
    "; if the patient declines it or tries to leave: staff stay with the patient and call emergency services for an "
    "emergency mental-health assessment (local involuntary-assessment procedure)"
)
# physician review R6 (3 Dec 2026), should-fix 2: the emergency psychiatric evaluation's branch (dimension 3 rated 4
# with no C-SSRS high of today: imminent danger may be violence), the reviewer's words
PSYCHIATRIC_DECLINES = (
    "; if the patient declines transfer or tries to leave: staff stay with the patient (at a safe distance if there is "
    "a risk of violence) and call emergency services for an emergency mental-health assessment (local "
    "involuntary-assessment procedure)"
)
# physician review R16 (session 15), should-fix S8: beside a transfer now for severe alcohol withdrawal (seizure risk),
# "staff with the patient until handover" before the refusal branch (the reviewer's words)
STAFF_UNTIL_HANDOVER = "; staff with the patient until handover"
# physician review R16 (session 15), the ruling on the case table's C22, C23, C30: beside dimension 1 or 2 rated 4,
# after "arrange transfer now (ED, or 4-WM)" / "(ED)", staff with the patient until handover and the receiving team
# told why (C30: and the COWS score and any dose with its time), the reviewer's words
AT_4_STAFF_D1 = (
    "; staff with the patient until handover; at handover tell the receiving team why dimension 1 was rated 4"
)
AT_4_STAFF_D2 = (
    "; staff with the patient until handover; at handover tell the receiving team why dimension 2 was rated 4"
)
# R23a finding 2: "the last COWS score and any dose with its time" (CIWA-Ar for alcohol; both when both)
# R26b M2 (S5's first half, case 17's form): a comma after why the dimension was rated 4, not "and ... and"
COWS_TOLD = ", the last COWS score and any dose with its time"
CIWA_TOLD = ", the last CIWA-Ar score and any dose with its time"
BOTH_TOLD = ", the last CIWA-Ar and COWS scores and any dose with its time"
