"""Physician review R30b, must-fix M4: an intoxicated patient is left free to drive. The headline, the flag boxes and
the pages without a placement hold a dose behind an intoxication screen ("if intoxicated: no dose here"), and later say
"if any dose is given (...): the patient must not drive today", which does not cover the intoxicated patient who gets
no dose. The reviewer's words: every hold that names intoxication tells the driving rule inside the hold,

- "if intoxicated: no dose here (the patient must not drive today)";
- "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: to the ED by emergency
  services; intoxicated: the patient must not drive today)";
- the delirium forms, "(delirium: to the ED by emergency services; intoxication: the patient must not drive today)";

and the later "if any dose is given (...): the patient must not drive today" stays where it was (both are wanted)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import iopkit
import iopkit.placement.recommendation as recommendation
from iopkit.episode import Episode, OpenFlag
from tests.conftest import clinic_time
from tests.intoxication_screens import (
    INSISTS,
    INSISTS_ON_LEAVING,
    NEXT_TRANSFER,
    NOT_CLEARED_CIWA,
    STAY,
    SUICIDE_WAIT,
    TOLD,
    r32a,
)
from tests.overdose_words import R32_BRACKET, R32_BRACKET_ESCORTED, asked
from tests.random_placements import SCORES, built, cases
from tests.test_placement_physician_cases import CIWA_MOD13, CSSRS_MOD
from tests.test_placement_review_r30b_s7 import DELIRIUM_HOLD, Q4_SINCE, SF2_563
from tests.test_placement_review_r60_g4 import held_apart

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# --- the reviewer's words, typed --------------------------------------------------------------------------------------

DRIVE = "the patient must not drive today"
SIGNS = "(breath alcohol above zero, or signs of sedative intoxication)"
#: the intoxication hold alone (case 563)
HOLD = f"if intoxicated: no dose here ({DRIVE})"
#: beside a C-SSRS high or moderate risk, the overdose question first (case 51)
HOLD_OVERDOSE = (
    "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services for "
    "the ED, staff with the patient until handover, naloxone if signs of opioid overdose"
    f"; intoxicated: {DRIVE})"
)
#: the delirium form (a rating of 4's transfer: case 6)
HOLD_DELIRIUM = (
    f"if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: {DRIVE})"
)
#: the delirium form with staff until handover (case 34)
HOLD_DELIRIUM_STAFFED = (
    "if delirium or intoxication: no dose here, staff with the patient until handover (delirium: to the ED by "
    f"emergency services; intoxication: {DRIVE})"
)
#: CIWA-Ar item 10 at 1's split form beside a C-SSRS high risk (case 126): the overdose's hold, then its own
ITEM10_SPLIT = (
    "if an overdose or ingestion: no dose here (call emergency services for the ED, staff with the patient until "
    "handover, naloxone if signs of opioid overdose); if "
    f"intoxicated {SIGNS}: no benzodiazepine until it clears and the review is repeated ({DRIVE})"
)
#: the same beside the C-SSRS high risk's emergency evaluation for suicide risk (case 126, an old high): item 10's hold
#: tells the receiving team if transferred (physician review R36 S1, R35 S2's words)
ITEM10_SPLIT_SUICIDE = ITEM10_SPLIT.replace(
    f"repeated ({DRIVE})",
    f"repeated ({DRIVE}; if transferred: tell the receiving team at handover the breath alcohol reading or the signs, "
    "with the time)",
)
#: the dose's own driving clause, kept where it was
ANY_DOSE = f"if any dose is given (a benzodiazepine, buprenorphine or methadone): {DRIVE}"

# physician review R32 (a) (its four settings), R33 S1, R34 S1/S2: the hold of a step whose sentence transfers "if
# transferred" (563: the two-withdrawals escalation; 39: "if still 15 or more, ...: arrange transfer now") gives both
# branches; "the scores" beside both withdrawals; beside 563's same-day suicide risk assessment, that assessment first
_STAY_SCORES = STAY.replace("the score ", "the scores ")
_HOME_39 = f"{_STAY_SCORES}; {NOT_CLEARED_CIWA}; {DRIVE}; {INSISTS}"
_HOME_563 = f"{_STAY_SCORES}; {NOT_CLEARED_CIWA}; {DRIVE}; {INSISTS_ON_LEAVING}"
HOLD_39 = f"if intoxicated: no dose now (if transferred, {TOLD}; if not: {_HOME_39})"
#: case 563's hold as asked (the overdose question first), the intoxicated patient's next step
NEXT_563 = f"intoxicated: if transferred, {TOLD}; if not: {_HOME_563})"

PLACED = dt.date(2026, 12, 2)
OLD = dt.date(2026, 11, 20)


#: R60 Q2(a): an old moderate CIWA-Ar re-score's step after its bracket, up to its intoxication-only hold's bracket
#: (the ruling's words, the overdose question asked; the hold's driving rule as R30b M4).
R60_MID = (
    "ask what happened since (a seizure, confusion, a hospital visit, the last drink); before any dose: ask about "
    "any overdose or ingestion today and screen for intoxication (breath alcohol above zero, or signs of sedative "
    "intoxication), give thiamine and check blood glucose; if delirium, or an overdose or ingestion: no dose here; "
    "call emergency services for the ED; staff with the patient until handover (naloxone if signs of opioid "
    "overdose); on the re-score, intoxicated or not: if 15 or more, or a seizure since the last score, or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)...")
    "hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now by emergency services to "
    "medically managed "
    "withdrawal (ED, or 4-WM); staff with the patient until handover; if the patient declines transfer: the "
    "prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; with "
    "capacity: record the advice given and the risks explained; arrange the highest level of care the patient "
    "accepts; any dose as the prescriber decides; tell the patient and any supportive person to call emergency "
    # R73 1a (was: "...any worsening); if not intoxicated")
    "services for a seizure, confusion, hallucinations or any worsening); the patient must not drive; "
    # R61 section 2 / R62 M2: the bridging dose of a patient not intoxicated, and the handover of the re-score and any
    # dose; R63 SF1: the driving rule in the hold (was: "...services); if intoxicated: no dose here, and at handover
    # tell the receiving team the breath alcohol reading or the signs, with the time (the patient must not drive
    # today); otherwise")
    "if not intoxicated: a first dose before transfer only if it does not delay the transfer; if intoxicated: no dose "
    "here (the patient must not drive today); at handover tell the receiving team the CIWA-Ar re-score and any dose "
    "with its time, and, if intoxicated, the breath alcohol reading or the signs, with the time; otherwise, if "
    "intoxicated: no dose until it clears ("
)


def _headline(number: int) -> str:
    return built(cases(800)[number]).headline


def test_case_51_the_overdose_hold_says_the_patient_must_not_drive_today() -> None:
    # case 51: an old COWS of 19, a C-SSRS moderate risk of today
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    said = r32a(
        "First: re-score the COWS now (last 19 on 20 Nov 2026); before any dose: ask about any overdose or ingestion "
        f"today and screen for intoxication {SIGNS}; {HOLD_OVERDOSE}; otherwise treat on the current score; "
        # R39 C10: at Level 1 the old COWS's re-score is a dose given on site: its driving clause after it
        "if a dose is given: the patient must not drive today; then, "
        "before the patient leaves, a same-day suicide risk assessment with safety planning"
    )
    # R60 Q5 (R59 2): the old COWS re-score's hold said apart, "no dose until it clears" for intoxication (was: the
    # joined hold "... or intoxicated: no dose here (...)", or "if intoxicated: no dose here (...)")
    assert held_apart(said) in _headline(51)
    # the flag boxes say it too
    cows = next(f for f in built(cases(800)[51]).flags if f.code == "moderate_opioid_withdrawal")
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    # physician review R35 M3: the case read too (its C-SSRS moderate risk: the same-day assessment first)
    r = built(cases(800)[51])
    said = r32a(f"{HOLD_OVERDOSE}; otherwise treat on the current score", cows.action, r)
    assert held_apart(said) in cows.action  # R60 Q5 (R59 2): the hold said apart (was: said in cows.action)


def test_case_563_the_hold_says_it_and_the_dose_s_own_driving_clause_stays() -> None:
    # case 563: an old CIWA-Ar of 14 with item 10 at 1, a COWS of 19 and a positive PHQ-9 item 9 of today
    headline = _headline(563)
    # R30b S7 (merged beside M4): the positive PHQ-9 item 9 asks about an overdose or ingestion first
    assert (
        asked(
            "First: re-score the CIWA-Ar now (last 14 on 20 Nov 2026); before any dose: screen for intoxication "
            f"{SIGNS}, give thiamine and check blood glucose; {HOLD}; otherwise treat on the current score; then"
        )
        .replace(f"intoxicated: {DRIVE})", NEXT_563)  # physician review R32 (a), R33 S1, R34 S1/S2
        # R60 Q4 / R62 S3: the delirium screen and the question after the re-score, delirium's hold first (was:
        # "(last 14 on 20 Nov 2026); before any dose", "glucose; if an overdose")
        .replace("2026); before any dose: ", f"2026){Q4_SINCE}before any dose: ")
        .replace("check blood glucose; if an overdose", f"check blood glucose; {DELIRIUM_HOLD}if an overdose")
        # R63 SF2: the CIWA-Ar 15-or-more transfer now right after the hold, then the treatment guarded (was:
        # "...policy); otherwise treat on the current score; then")
        .replace("); otherwise treat on the current score; then", f"{SF2_563}treat on the current score; then")
        in headline
    )
    assert f"re-score the COWS 1-2 hours after dosing; {ANY_DOSE}; at a CIWA-Ar re-score of 8 or more" in headline


def test_the_delirium_forms_say_it_inside_their_bracket() -> None:
    # R30b S7 (merged beside M4): case 6's positive PHQ-9 item 9 asks about an overdose or ingestion first
    # physician review R32 (b): case 6's step says the escort already ("safety precautions, staff with the patient,
    # until handover"): the bracket says it once
    assert asked(
        f"the patient must not drive; before any dose: screen for delirium (CAM or 4AT) and intoxication {SIGNS}, "
        f"give thiamine and check blood glucose; {HOLD_DELIRIUM}; otherwise a prescriber gives a first dose"
    ).replace(R32_BRACKET, R32_BRACKET_ESCORTED) in _headline(6)
    assert asked(HOLD_DELIRIUM_STAFFED) in _headline(34)  # R30b S7: case 34's positive PHQ-9 item 9 asks first
    # beside a C-SSRS high or moderate risk, the delirium form with the overdose (case 24's boxes)
    # physician review R32 (b): the one bracket, the overdose's care, the intoxicated patient handed over (was:
    # "(delirium or an overdose or ingestion: to the ED by emergency services; intoxication: ...)")
    # physician review R35 M1: case 24's C-SSRS high risk (of 20 Nov 2026) stands: the intoxicated patient waits with
    # staff in every box (was: the transfer's "intoxication: tell the receiving team at handover ...")
    waits = R32_BRACKET.replace(f"intoxication: {NEXT_TRANSFER})", f"intoxication: {SUICIDE_WAIT})")
    assert waits != R32_BRACKET
    assert any(
        f"if delirium, an overdose or ingestion, or intoxication: no dose here {waits}" in (f.action or "")
        for f in built(cases(800)[24]).flags
    )


def test_ciwa_item_10_split_form_says_it_in_its_intoxication_hold() -> None:
    # physician review R36 S1: beside the C-SSRS high risk's emergency evaluation item 10's hold tells the receiving
    # team if transferred (was: ITEM10_SPLIT, "(the patient must not drive today)")
    assert f"{ITEM10_SPLIT_SUICIDE}; a prescriber's review now, while the patient waits for the suicide evaluation" in (
        _headline(126)
    )


def test_case_39_keeps_the_going_home_sentence_s_driving_clause() -> None:
    # the lost session's pitfall: the hold's bracket read as "the patient must not drive" outright dropped this
    # R46 Q5: the old CIWA-Ar's re-score after a dose between them, right before the going-home sentence
    rescore = "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit"
    assert f"{ANY_DOSE}; {rescore}; after a dose given on site, the patient goes home only if" in _headline(39)
    # physician review R32 (a) (its four settings), R33 S1, R34 S1: the conditional transfer's hold (HOLD_39)
    # R67 F1 (was: "give thiamine and check blood glucose; {HOLD_39}; ..."): the old severe re-score's screen holds
    # any dose in delirium right after it (R65 F1), before this hold
    held = (
        "give thiamine and check blood glucose; if delirium: no dose here; call emergency services for the ED; staff "
        f"with the patient until handover; {HOLD_39}; otherwise a prescriber gives a first dose"
    )
    assert held in _headline(39)


def test_the_chart_header_says_it(store, patient) -> None:
    # a moderate CIWA-Ar of 20 Nov 2026 open, a C-SSRS moderate risk of today: the chart header's re-score (its next
    # step, Episode.flag_shown) holds the dose with the driving rule inside the hold
    store.save(patient, iopkit.score("ciwa_ar", CIWA_MOD13), by="KM", when=clinic_time(OLD, 9))
    store.save(patient, iopkit.score("cssrs_screen", CSSRS_MOD), by="KM", when=clinic_time(PLACED, 9))
    episode = Episode.from_store(store, patient, as_of=PLACED)
    ciwa = next(o for o in episode.open_flags if o.flag.code == "moderate_alcohol_withdrawal")
    # physician review R32 (a): an ambulatory step's hold gives its next step; R35 M3 (R36 N2: the page reads its
    # open flags): beside the C-SSRS moderate risk, the same-day suicide risk assessment first (was: INSISTS)
    home = f"{STAY}; {NOT_CLEARED_CIWA}; {DRIVE}; {INSISTS_ON_LEAVING}"
    # R60 Q2(a): the severe branch before the intoxication hold, intoxicated or not, on the page too (was: "...; before
    # any dose: ...; " + HOLD_OVERDOSE with the home words + "; otherwise treat on the current score")
    assert episode.next_step(ciwa) == (
        "Re-score the CIWA-Ar now (last 13 on 20 Nov 2026); "
        + R60_MID
        + f"{home}); if below 15 and not intoxicated: a prescriber treats on today's score (medication at 10 or more; "
        "consider at 8-9)"
    )


# --- the sweep over the 800 random cases ------------------------------------------------------------------------------

#: a hold of the dose that names intoxication: "if <...intoxicated / intoxication...>: no <...>", read to the end of
#: its clause (a "; " or ". " outside brackets)
_HOLD_START = re.compile(r"\bif (?:[^;:.()]|\([^()]*\))*?intoxicat(?:ed|ion)\b(?: \([^()]*\))?: no ")


def _holds(text: str) -> list[str]:
    out = []
    for m in _HOLD_START.finditer(text):
        depth, end = 0, m.end()
        while end < len(text):
            c = text[end]
            depth += (c == "(") - (c == ")")
            if depth == 0 and (text.startswith("; ", end) or text.startswith(". ", end)):
                break
            end += 1
        out.append(text[m.start() : end])
    return out


def _unsaid(holds: list[str]) -> list[str]:
    return [h for h in holds if DRIVE not in h]


def _shown(case) -> list[str]:  # type: ignore[no-untyped-def]
    """Each open flag of ``case``'s scores as a page without a placement shows it (Episode.flag_shown)."""
    opened = []
    for n, (instrument, key, when) in enumerate(case.scores):
        day = OLD if when == "old" else PLACED
        for flag in iopkit.score(instrument, SCORES[instrument][key]).flags:
            opened.append(OpenFlag(instrument, 0.0 if when == "old" else 1.7, day, n, flag))
    episode = Episode(patient=None, as_of=PLACED, open_flags=tuple(opened))  # type: ignore[arg-type]
    return [episode.flag_shown(o.flag, o.instrument, o.day).action or "" for o in opened]


def test_every_hold_naming_intoxication_says_the_patient_must_not_drive_today() -> None:
    unsaid: dict[str, list[str]] = {}
    counted = {"headline": 0, "flag": 0, "shown": 0}
    for case in cases(800):
        r = built(case)
        for where, texts in (
            ("headline", [r.headline]),
            ("flag", [f.action or "" for f in r.flags]),
            ("shown", _shown(case)),
        ):
            for text in texts:
                holds = _holds(text)
                counted[where] += len(holds)
                if missing := _unsaid(holds):
                    unsaid.setdefault(f"case {case.number} {where}", missing)
    assert not unsaid, list(unsaid.items())[:5]
    # the sweep reads holds at all (about 160 headlines hold a dose behind the intoxication screen)
    assert counted["headline"] > 150 and counted["flag"] > 300 and counted["shown"] > 50, counted


def test_no_headline_loses_the_dose_s_own_driving_clause(monkeypatch: pytest.MonkeyPatch) -> None:
    # the oracle: each case's headline built with the hold's driving rule not said (the pass left out) says the
    # dose's own driving clause ("if any dose is given (...)", "if a dose is given: ...") as often as the headline
    # shown does
    clauses = (ANY_DOSE, f"if a dose is given: {DRIVE}", f"after a first dose of buprenorphine or methadone {DRIVE}")
    shown = {c.number: [built(c).headline.count(k) for k in clauses] for c in cases(800)}
    # R63 SF1: the Q2(a) headlines' dosing branch below 15 says "; if a dose is given: ..." (3 131 156 218 223 285 348
    # 623 ...); that form is built only where the hold says its words, so the headline without the pass says one
    # clause fewer there (was: the counts equal in every case)
    sf1 = "(medication at 10 or more; consider at 8-9); if a dose is given: the patient must not drive today"
    q2a = {c.number for c in cases(800) if sf1 in built(c).headline}
    # the pass reads the case's flags and headline now (physician review R35, R36 N1): left out whatever it is given,
    # in the headline and the boxes alike (both say their holds through recommendation._holds_said)
    monkeypatch.setattr(recommendation, "_holds_said", lambda text, *_, **__: text)
    lost, held = {}, 0
    for c in cases(800):
        unsaid = c.build().headline
        held += bool(_unsaid(_holds(unsaid)))  # the pass left out: the holds say no driving rule
        before = [unsaid.count(k) for k in clauses]
        if c.number in q2a and sf1 not in unsaid:
            before[1] += 1
        if before != shown[c.number]:
            lost[c.number] = (before, shown[c.number])
    assert not lost, lost
    assert held > 150 and sum(map(sum, shown.values())) > 20  # the oracle reads the holds and the clauses at all
