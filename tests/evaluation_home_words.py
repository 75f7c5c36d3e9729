"""Physician re-review R39 (/work/reviews/r39.md), answer 9 (C9), typed: beside a C-SSRS high, after "monitor sedation
and breathing until the evaluation or handover" (a benzodiazepine given with buprenorphine or methadone while the
patient waits for the suicide evaluation), the going-home sentence in the reviewer's words. Its own module so that the
older tests re-typed for it import it without importing the random cases (no import cycle)."""

#: R39 C9: the reviewer's sentence.
C9_HOME = (
    # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the steps may give
    # buprenorphine); R32 S4's "; otherwise ..." not after the evaluation's "if"
    "if the evaluation lets the patient go home after a dose given on site: only if awake or no more than slightly "
    "drowsy and easily roused, walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine "
    "dose, and has a COWS re-score after the last buprenorphine dose no higher than before it (no precipitated "
    "withdrawal), with a supportive person to stay overnight, with naloxone in hand and the supportive person shown "
    "how to use it, and the patient and the supportive person told not to add alcohol or other sedatives"
    # R43 should-fix 2 (4(b)): the evaluation form's own end, the reviewer's words
    "; if the evaluation lets the patient go home but these conditions are not met: the patient stays on site until "
    "they are met, or a higher level of care is arranged"
)
