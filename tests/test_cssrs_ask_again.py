"""A C-SSRS high-risk flag never closed, lowered or withdrawn by a correction on any day: the screen is repeated.

The C-SSRS screener (Posner et al. 2011; the Columbia Lighthouse screen version with triage) asks six questions:
1-5 about the past month (4 and 5 only after a "yes" to 2), 6 about behaviour, with the follow-up "was this within the
past 3 months?" (iopkit records it as item 7).  Intent (4), a plan with intent (5) or behaviour in the past 3 months
is high risk, calling for immediate action: the patient is not left alone and an emergency mental-health evaluation
is arranged.  A high-risk flag never closed was never assessed, and the correction that lowered or withdrew it is
unverified: the chart (``Episode.open_flags``), the programme director's worklist (``report.late_flags``, late
corrections only) and the flag's own text say to repeat the screen (physician review, iopkit's own rule).  A high
flag closed before the correction, and a moderate flag never closed, keep what they said before.  Every text below
is typed by hand from the review's wording and the days the test saves on.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from iopkit import score
from iopkit.episode import Episode
from iopkit.errors import StoreError
from iopkit.placement import FlagResolution
from iopkit.placement.resolution import AfterCorrection
from iopkit.report import programme_data, programme_report

from .conftest import clinic_time, emergency_evaluation
from .refusal_branches import MENTAL_HEALTH_DECLINES

D = dt.date
TAKEN = D(2026, 3, 2)  # a Monday: the screen's clinical day
HIGH = ["yes", "yes", "no", "yes", "no", "no", None]  # Q4 (intent) yes: high risk
MODERATE = ["yes", "yes", "yes", "no", "no", "no", None]  # Q3 (method) yes: moderate risk
LOW = ["yes", "yes", "no", "no", "no", "no", None]  # Q1-2 yes only: low risk
NONE = ["no", "no", "no", "no", "no", "no", None]  # every answer "no": no flag

HIGH_MESSAGE = "C-SSRS high risk: intent, plan, or suicidal behaviour in the past 3 months"
MODERATE_MESSAGE = "C-SSRS moderate risk: method considered, or suicidal behaviour over 3 months ago"
# physician review R23c A1, A2: the C-SSRS low/moderate flag's new words
LOW_MESSAGE = "C-SSRS low risk: wish to be dead or non-specific suicidal thoughts"
REPEAT = (
    "repeat the C-SSRS screen with the patient (questions 1-6; 4 and 5 for the past month; if 6 is yes, ask whether "
    "it was in the past 3 months) and enter it; if question 4 or 5 is yes, or behaviour was in the past 3 months: do "
    "not leave the patient alone (by phone: stay on the line and call emergency services) and arrange an immediate "
    "emergency mental-health evaluation; otherwise act on the new screen's result"
)
# physician review R2 (session 11), should-fix 8: the chart says the least done as the headline does
AT_LEAST_LOW = (
    ", and at least a same-day suicide risk assessment (the screen it replaced was high risk, never assessed)"
)
NOW = "the patient may have left since: contact the patient now; welfare check if unreachable"
TODAY = (
    "the patient may have left since: contact the patient today; if unreachable, follow the programme's outreach "
    "protocol"
)
# on the correction's own day, the patient maybe gone already: reached by phone, the screen repeated then
LEFT = "if the patient has left: contact the patient now and repeat the screen by phone; welfare check if unreachable"
EARLIER = "in the chart: confirm and record whether the evaluation the earlier flag called for was done"


def KEPT(record):  # noqa: N802 - the withdrawn flag's ending: how it is closed, and on which record
    return (
        "in the chart: record whether the emergency evaluation this flag called for was done, and close this flag on "
        f"the corrected record (record {record}) with the suicide risk assessment (the repeated screen's result and "
        "what was done); it stays open until then"
    )


# the withdrawn flag's own action, after its reason: never the emergency evaluation the first version's flag called for
FIRST = "repeat the C-SSRS screen first, as above (the corrected screen raises no flag)"
# the worklist's earlier_flag of a withdrawn flag: the row's flag is the record's own, not one the correction raised
WITHDRAWN_EARLIER = "withdrawn by the correction (never closed); the corrected screen raises no flag"


def _corrected(store, clock, first, then, saved, who="IOP-C1"):
    """A C-SSRS screen ``first`` taken on TAKEN by KM, corrected to ``then`` by AB on ``saved`` (its day kept)."""
    pid = store.add_patient(who)
    clock.day = TAKEN
    original = store.save(pid, score("cssrs_screen", first), by="KM", when=clinic_time(TAKEN, 12))
    clock.day = saved
    fixed = store.save(
        pid, score("cssrs_screen", then), by="AB", when=clinic_time(TAKEN, 12), amends=original, reason="Q4 was no"
    )
    return pid, original, fixed


def _open(store, pid, as_of):
    return Episode.from_store(store, pid, as_of=as_of).open_flags


def _worklist(store, end):
    late = programme_report(programme_data(store), "2026-03-01", end).late_flags
    return late[["patient", "flag", "earlier_flag", "record_day", "corrected_on", "days_late", "step"]].values.tolist()


def _close(store, clock, pid, record, code, on, level="low"):
    clock.day = on
    done = FlagResolution(
        code,
        "cssrs_screen",
        0,
        "C-SSRS screen repeated, all no; suicide risk assessment",
        "Dr B",
        on,
        str(record),
        level,
        **emergency_evaluation("cssrs_screen", code, on),  # walk24 finding 1: a high-risk closing records it
    )
    return store.save(pid, done, by="Dr B", when=clinic_time(on, 13))


# --- lowered: high -> low ---------------------------------------------------------------------------------------------


def test_high_never_closed_lowered_3_days_late_repeats_the_screen_on_the_chart_and_the_worklist(store, clock):
    pid, _, fixed = _corrected(store, clock, HIGH, LOW, D(2026, 3, 5))
    (flag,) = _open(store, pid, D(2026, 3, 5))
    step = f"{NOW}; when reached: {REPEAT}{AT_LEAST_LOW}; {EARLIER}"
    assert (flag.flag.code, flag.after_correction) == ("suicide_risk_low", AfterCorrection.LOWERED)
    assert flag.said == (
        f"{LOW_MESSAGE}. Lowered by a correction entered on 05 Mar 2026 of the C-SSRS screen of 02 Mar 2026 (record "
        f"{fixed}, by AB; reason 'Q4 was no') from '{HIGH_MESSAGE}' (never closed): {step}"
    )
    assert _worklist(store, "2026-03-31") == [
        [
            "IOP-C1",
            LOW_MESSAGE,
            f"earlier flag (never closed): {HIGH_MESSAGE}",
            pd.Timestamp("2026-03-02"),
            pd.Timestamp("2026-03-05"),
            3,
            step,
        ]
    ]


def test_high_never_closed_lowered_the_same_day_repeats_the_screen_before_the_patient_leaves(store, clock):
    pid, _, fixed = _corrected(store, clock, HIGH, LOW, TAKEN)
    (flag,) = _open(store, pid, TAKEN)
    assert (flag.flag.code, flag.after_correction) == ("suicide_risk_low", AfterCorrection.LOWERED)
    assert flag.said == (
        f"{LOW_MESSAGE}. Lowered by a correction entered on 02 Mar 2026 of the C-SSRS screen of 02 Mar 2026 (record "
        f"{fixed}, by AB; reason 'Q4 was no') from '{HIGH_MESSAGE}' (never closed): before the patient leaves: "
        f"{REPEAT}{AT_LEAST_LOW}; {LEFT}; {EARLIER}"
    )
    assert _worklist(store, "2026-03-31") == []  # the worklist lists late corrections only
    _close(store, clock, pid, fixed, "suicide_risk_low", TAKEN)
    assert _open(store, pid, TAKEN) == ()


# --- withdrawn: high -> every answer "no" -----------------------------------------------------------------------------


def test_high_never_closed_withdrawn_the_same_day_stays_open_on_the_chart(store, clock):
    pid, _, fixed = _corrected(store, clock, HIGH, NONE, TAKEN)
    (flag,) = _open(store, pid, TAKEN)
    assert (flag.record_id, flag.flag.code, flag.after_correction) == (
        fixed,
        "suicide_risk_high",
        AfterCorrection.WITHDRAWN,
    )
    assert flag.said == (
        f"{HIGH_MESSAGE}. Withdrawn by a correction entered on 02 Mar 2026 of the C-SSRS screen of 02 Mar 2026 "
        f"(record {fixed}, by AB; reason 'Q4 was no') (never closed): before the patient leaves: {REPEAT}; {LEFT}; "
        f"{KEPT(fixed)}"
    )
    assert _worklist(store, "2026-03-31") == []  # entered the same day: the chart only
    _close(store, clock, pid, fixed, "suicide_risk_high", TAKEN)  # a suicide risk assessment on the corrected record
    assert _open(store, pid, TAKEN) == ()


def test_high_never_closed_withdrawn_3_days_late_stays_open_on_the_chart_and_the_worklist_until_closed(store, clock):
    pid, original, fixed = _corrected(store, clock, HIGH, NONE, D(2026, 3, 5))
    (flag,) = _open(store, pid, D(2026, 3, 5))
    step = f"{NOW}; when reached: {REPEAT}; {KEPT(fixed)}"
    assert (flag.record_id, flag.flag.code, flag.after_correction) == (
        fixed,
        "suicide_risk_high",
        AfterCorrection.WITHDRAWN,
    )
    assert flag.said == (
        f"{HIGH_MESSAGE}. Withdrawn by a correction entered on 05 Mar 2026 of the C-SSRS screen of 02 Mar 2026 "
        f"(record {fixed}, by AB; reason 'Q4 was no') (never closed): {step}"
    )
    row = ["IOP-C1", HIGH_MESSAGE, WITHDRAWN_EARLIER, pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-05"), 3, step]
    assert _worklist(store, "2026-03-31") == [row]
    with pytest.raises(StoreError, match="is withdrawn by a correction saved by AB on 05 Mar 2026"):
        _close(store, clock, pid, fixed, "suicide_risk_high", D(2026, 3, 4))  # before the correction
    with pytest.raises(StoreError, match=f"its current version is record {fixed}"):
        _close(store, clock, pid, original, "suicide_risk_high", D(2026, 3, 6))  # on the withdrawn version
    _close(store, clock, pid, fixed, "suicide_risk_high", D(2026, 3, 6))
    assert _open(store, pid, D(2026, 3, 6)) == ()
    assert _worklist(store, "2026-03-05") == [row]  # open on the 5th, closed on the 6th
    assert _worklist(store, "2026-03-31") == []


# --- unchanged: a high flag closed first, a moderate flag never closed ------------------------------------------------


@pytest.mark.parametrize("then", [LOW, NONE], ids=["to low", "to no"])
def test_high_closed_then_lowered_or_withdrawn_3_days_late_repeats_nothing(store, clock, then):
    pid = store.add_patient("IOP-C2")
    clock.day = TAKEN
    original = store.save(pid, score("cssrs_screen", HIGH), by="KM", when=clinic_time(TAKEN, 12))
    _close(store, clock, pid, original, "suicide_risk_high", TAKEN, level="high")
    clock.day = D(2026, 3, 5)
    store.save(pid, score("cssrs_screen", then), by="AB", when=clinic_time(TAKEN, 12), amends=original, reason="Q4")
    assert _open(store, pid, D(2026, 3, 5)) == ()  # low: covered by the closing at high; no: withdrawn, as before
    assert _worklist(store, "2026-03-31") == []


def test_moderate_never_closed_lowered_3_days_late_keeps_its_own_step(store, clock):
    pid, _, fixed = _corrected(store, clock, MODERATE, LOW, D(2026, 3, 5))
    (flag,) = _open(store, pid, D(2026, 3, 5))
    assert flag.said == (
        f"{LOW_MESSAGE}. Lowered by a correction entered on 05 Mar 2026 of the C-SSRS screen of 02 Mar 2026 (record "
        f"{fixed}, by AB; reason 'Q4 was no') from '{MODERATE_MESSAGE}' (never closed): {TODAY}; when reached: act on "
        # physician review R23c A1, A2: the C-SSRS low/moderate flag's new words
        f"this flag as it calls for: 'Suicide risk assessment by a qualified clinician today, before the "
        f"patient leaves; review the safety plan and give the 988 Lifeline number'; {EARLIER}"
    )


@pytest.mark.parametrize(("then", "saved"), [(LOW, TAKEN), (NONE, TAKEN), (NONE, D(2026, 3, 5))])
def test_moderate_never_closed_lowered_the_same_day_or_withdrawn_keeps_today_s_reading(store, clock, then, saved):
    pid, _, _ = _corrected(store, clock, MODERATE, then, saved)
    flags = _open(store, pid, saved)
    assert [(f.flag.code, f.reopened) for f in flags] == ([("suicide_risk_low", "")] if then is LOW else [])


def test_a_same_day_correction_of_a_high_flag_closed_before_it_adds_no_step():
    # the high flag closed on the first version (even by a closing that recorded no level): no ask-again
    from iopkit.placement.resolution import _asks_again_same_day

    first, then = score("cssrs_screen", HIGH), score("cssrs_screen", LOW)
    (low,) = then.flags
    assert _asks_again_same_day(first, then, low, {}) is True
    assert _asks_again_same_day(first, then, low, {("1", "suicide_risk_high"): []}) is False
    assert _asks_again_same_day(first, then, low, {("1", "suicide_risk_moderate"): []}) is True


def test_only_an_instrument_that_asks_again_repeats_its_screen():
    from iopkit.flags import CallsFor
    from iopkit.placement.resolution import Reopened

    lowered = Reopened(
        "2",
        "phq9",
        "suicidal_ideation",
        (),
        "1",
        (),
        "AB",
        D(2026, 3, 5),
        kind=AfterCorrection.LOWERED,
        day=TAKEN,
        lowered=True,
        action="Assess suicide risk today",
        closed_calls_for=CallsFor.EMERGENCY_EVALUATION,
    )
    assert (lowered.asks_again, lowered.call) == (
        False,
        "act on this flag as it calls for: 'Assess suicide risk today'",
    )


def test_the_report_reads_a_withdrawn_high_flag_kept_open_as_the_chart_and_the_worklist_do_each_day(store, clock):
    # high on 2 Mar, withdrawn by a correction on 5 Mar (3 days late), closed on the corrected record on 7 Mar: open
    # (never closed) from 2 to 6 Mar in the report, the chart and (from the correction) the worklist; closed from 7 Mar
    from iopkit.placement import Placement, recommend

    pid = store.add_patient("IOP-C3")
    clock.day = D(2026, 3, 1)
    store.save(pid, Placement(recommend({1: 0, 2: 0, 3: 1, 4: 1, 5: 2, 6: 1})), by="KM", when=D(2026, 3, 1))
    chart = {}

    def read(days):
        for day in days:
            chart[day] = [f.flag.code for f in _open(store, pid, day)] == ["suicide_risk_high"]

    clock.day = TAKEN
    original = store.save(pid, score("cssrs_screen", HIGH), by="KM", when=clinic_time(TAKEN, 12))
    read([D(2026, 3, d) for d in (2, 3, 4)])
    clock.day = D(2026, 3, 5)
    fixed = store.save(
        pid, score("cssrs_screen", NONE), by="AB", when=clinic_time(TAKEN, 12), amends=original, reason="x"
    )
    read([D(2026, 3, d) for d in (5, 6)])
    _close(store, clock, pid, fixed, "suicide_risk_high", D(2026, 3, 7))
    read([D(2026, 3, d) for d in (7, 8)])
    data = programme_data(store, as_of=D(2026, 3, 31))
    ends = {"closed": "closed_at_end", "open": "open_never_closed_at_end", "withdrawn": "withdrawn_by_correction"}
    got = []
    for day in sorted(chart):
        report = programme_report(data, "2026-03-01", day)
        row = report.tables["safety_flags"].query("level == 'all'").iloc[0]
        got.append((day.day, [s for s, column in ends.items() if row[column] == 1], chart[day], len(report.late_flags)))
    assert got == [
        (2, ["open"], True, 0),
        (3, ["open"], True, 0),
        (4, ["open"], True, 0),
        (5, ["open"], True, 1),
        (6, ["open"], True, 1),
        (7, ["closed"], False, 0),
        (8, ["closed"], False, 0),
    ]


# --- one instruction, how to close it, read on a later day (physician review, second round) ---------------------------


def _header_flags(episode):
    import html
    import re

    from iopkit.widgets.page import chart_header_html

    items = re.findall(r'<li class="iop-flag-critical">(.*?)</li>', chart_header_html(episode))
    return [html.unescape(li) for li in items]


@pytest.mark.parametrize("saved", [TAKEN, D(2026, 3, 5)], ids=["same day", "3 days late"])
def test_a_withdrawn_high_flag_s_chart_line_gives_one_instruction_the_repeated_screen(store, clock, saved):
    # rule: a withdrawn high flag's action after its reason is "repeat the screen first", never the emergency
    # evaluation the first version's flag called for (that would undo "act on the new screen's result")
    pid, _, fixed = _corrected(store, clock, HIGH, NONE, saved)
    episode = Episode.from_store(store, pid, as_of=saved)
    (flag,) = episode.open_flags
    assert flag.flag.action == FIRST
    assert _header_flags(episode) == [f"{flag.said} (C-SSRS screen, 02 Mar): {FIRST}"]  # walk23 finding 3
    assert "Safety precautions now" not in _header_flags(episode)[0]


def test_a_lowered_high_flag_s_chart_line_keeps_the_low_flag_s_own_call(store, clock):
    # rule: a lowered flag's action after its reason is its own call (the least done, as the reason says)
    pid, _, _ = _corrected(store, clock, HIGH, LOW, D(2026, 3, 5))
    episode = Episode.from_store(store, pid, as_of=D(2026, 3, 5))
    (flag,) = episode.open_flags
    assert _header_flags(episode) == [
        # physician review R23c A1, A2: the C-SSRS low/moderate flag's new words; walk23 finding 3: the instrument named
        f"{flag.said} (C-SSRS screen, 02 Mar): Suicide risk assessment by a qualified clinician today, before "
        f"the patient leaves; review the safety plan and give the 988 Lifeline number"
    ]


def test_a_withdrawn_high_flag_s_worklist_row_agrees_with_the_chart_and_says_it_was_withdrawn(store, clock):
    # rules: the worklist's step is the chart's, word for word; its earlier_flag says the correction withdrew the
    # flag (never that the correction raised high risk); the step says how to close it, on which record
    pid, _, fixed = _corrected(store, clock, HIGH, NONE, D(2026, 3, 5))
    (flag,) = _open(store, pid, D(2026, 3, 6))
    ((_, message, earlier, *_, step),) = _worklist(store, "2026-03-06")
    assert (message, earlier) == (HIGH_MESSAGE, WITHDRAWN_EARLIER)
    assert flag.said.endswith(f"(never closed): {step}")
    assert step.endswith(
        "in the chart: record whether the emergency evaluation this flag called for was done, and close this flag on "
        f"the corrected record (record {fixed}) with the suicide risk assessment (the repeated screen's result and "
        "what was done); it stays open until then"
    )


@pytest.mark.parametrize(("then", "message"), [(NONE, HIGH_MESSAGE), (LOW, LOW_MESSAGE)], ids=["withdrawn", "lowered"])
def test_a_same_day_correction_read_the_next_clinical_day_reaches_the_patient_first(store, clock, then, message):
    # rule: the chart is read as of a day; a same-day correction read on that day says "before the patient leaves",
    # read from the next clinical day on, the patient may have left since: contact now, then repeat the screen
    pid, _, fixed = _corrected(store, clock, HIGH, then, TAKEN)
    call, ending = (REPEAT, KEPT(fixed)) if then is NONE else (REPEAT + AT_LEAST_LOW, EARLIER)
    (today,) = _open(store, pid, TAKEN)
    assert today.said.endswith(f"(never closed): before the patient leaves: {call}; {LEFT}; {ending}")
    for later in (D(2026, 3, 3), D(2026, 3, 9)):
        (flag,) = _open(store, pid, later)
        assert flag.said.startswith(f"{message}. ")
        assert flag.said.endswith(f"(never closed): {NOW}; when reached: {call}; {ending}")


def _rescreen(store, clock, pid, answers, day):
    clock.day = day
    return store.save(pid, score("cssrs_screen", answers), by="KM", when=clinic_time(day, 12))


def _repeated(day, again, record):
    return (
        f"the C-SSRS screen was repeated on {day} (record {again}): close this flag on the corrected record "
        f"(record {record}) with the suicide risk assessment; it stays open until then"
    )


@pytest.mark.parametrize(
    ("then", "rescreen"), [(NONE, NONE), (NONE, HIGH), (LOW, NONE)], ids=["withdrawn", "w-high", "lowered"]
)
def test_once_the_screen_is_repeated_the_flag_says_only_to_close_it(store, clock, then, rescreen):
    # rule: a later C-SSRS screen saved after the correction ends "contact now / welfare check": the flag says to
    # close it on the corrected record with the suicide risk assessment, on the chart and the worklist, as of the day
    pid, _, fixed = _corrected(store, clock, HIGH, then, D(2026, 3, 5))
    (before,) = _open(store, pid, D(2026, 3, 5))
    assert NOW in before.said
    again = _rescreen(store, clock, pid, rescreen, D(2026, 3, 6))
    (before,) = [f for f in _open(store, pid, D(2026, 3, 5)) if f.record_id == fixed]  # read the day before: as it was
    assert NOW in before.said
    (after,) = [f for f in _open(store, pid, D(2026, 3, 6)) if f.record_id == fixed]
    step = _repeated("06 Mar 2026", again, fixed)
    assert after.said.endswith(f"(never closed): {step}")
    assert (
        [row[-1] for row in _worklist(store, "2026-03-05")],
        [row[-1] for row in _worklist(store, "2026-03-06")],
    ) == (
        [before.said.split("(never closed): ")[1]],
        [step],
    )


def test_a_patients_own_check_in_screen_is_not_the_repeat(store, clock):
    # rule: the repeat is a screen staff entered with the patient; a check-in the patient answered alone
    # (Source.PATIENT, maybe on their own phone) reaches no one, so "contact the patient now" stays
    from iopkit.store import Source

    pid, _, fixed = _corrected(store, clock, HIGH, NONE, D(2026, 3, 5))
    clock.day = D(2026, 3, 6)
    store.save(
        pid, score("cssrs_screen", NONE), by="patient", when=clinic_time(D(2026, 3, 6), 9), source=Source.PATIENT
    )
    (flag,) = [f for f in _open(store, pid, D(2026, 3, 6)) if f.record_id == fixed]
    assert NOW in flag.said and "was repeated" not in flag.said


ROUTINE = {1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
PLAN = "Level 1 (Outpatient), under 9 h/week of clinical services."
# physician review R1 (session 11), should-fix 8: what to do on the phone
# physician review R18 (session 16), open question Q1 ruled: the staff clause named (r18.md, its words)
IF_POSITIVE = (
    "if question 4 or 5 is yes, or behaviour was in the past 3 months: safety precautions (a member of staff stays "
    "with the patient; by phone: stay on the line and call emergency services) and an immediate emergency evaluation"
)
CONTACT_LEAD = "First: contact the patient now (welfare check if unreachable) and repeat the C-SSRS screen"
# physician review R1 (session 11), must-fix 4: the box says no order of its own
BOX_ACTION = "repeat the C-SSRS screen at the step the headline gives it (the corrected screen raises no flag)"


def _placement(store, pid, as_of, ratings=ROUTINE):
    from iopkit.placement import recommend, suggest_dimensions

    inputs = Episode.from_store(store, pid, as_of=as_of).placement_inputs
    suggested = suggest_dimensions(
        inputs.scores, scored_on=inputs.scored_on, today=inputs.today, older_open_flags=inputs.older_open_flags
    )
    return inputs, recommend(ratings, suggested=suggested)


def test_the_placement_headline_repeats_a_withdrawn_high_screen_3_days_late(store, clock):
    # rule: a danger sign is never silent, and the headline gives the chart's step: the correction disputes the
    # finding, so the repeated screen decides, never an emergency evaluation on the withdrawn answers (physician review)
    from iopkit.placement import FirstStep

    pid, _, fixed = _corrected(store, clock, HIGH, NONE, D(2026, 3, 5))
    inputs, rec = _placement(store, pid, D(2026, 3, 5))
    assert rec.headline == (
        f"{CONTACT_LEAD} (high suicide risk of the C-SSRS screen of 02 Mar 2026 withdrawn by a correction entered on "
        f"05 Mar 2026, never closed); {IF_POSITIVE}. Then, as the repeated screen decides: {PLAN}"
    )
    assert rec.first_step is FirstStep.RISK_ASSESSMENT
    (box,) = inputs.older_open_flags
    assert (box.message, box.action) == (
        f"{HIGH_MESSAGE} (C-SSRS screen of 02 Mar 2026, withdrawn by a correction entered on 05 Mar 2026, never "
        "closed)",
        BOX_ACTION,
    )
    (shown,) = inputs.history_flags  # the list keeps its full reason and steps
    assert f"Withdrawn by a correction entered on 05 Mar 2026 of the C-SSRS screen of 02 Mar 2026 (record {fixed}" in (
        shown.message
    )


def test_the_placement_headline_repeats_a_withdrawn_high_screen_before_the_patient_leaves(store, clock):
    # rule: corrected and read on the screen's own day the patient may still be there: repeat it before the patient
    # leaves, by phone if gone; the page's list notes it as an earlier score of the day, withdrawn (physician review)
    pid, _, _ = _corrected(store, clock, HIGH, NONE, TAKEN)
    inputs, rec = _placement(store, pid, TAKEN)
    assert rec.headline == (
        "First: repeat the C-SSRS screen with the patient before the patient leaves (high suicide risk of the C-SSRS "
        f"screen of 02 Mar 2026 withdrawn by a correction, never closed); {LEFT}; {IF_POSITIVE}. Then, as the "
        f"repeated screen decides: {PLAN}"
    )
    at = " at 12:00 UTC"  # the clinic's clock in the tests (conftest.clinic_time), its zone named
    (box,) = inputs.older_open_flags
    assert box.message == f"{HIGH_MESSAGE} (C-SSRS screen of 02 Mar 2026{at}, withdrawn by a correction, never closed)"
    (shown,) = inputs.history_flags
    assert shown.message.startswith(
        f"{HIGH_MESSAGE} (C-SSRS screen of 02 Mar 2026{at}, withdrawn by a correction, never closed). Withdrawn by"
    )
    assert "not history" not in shown.message
    assert shown.action == FIRST  # the list keeps the chart's action, after its full reason and steps
    # read the next clinical day: the patient may have left since, contact first
    _, later = _placement(store, pid, D(2026, 3, 3))
    assert later.headline.startswith(
        f"{CONTACT_LEAD} (high suicide risk of the C-SSRS screen of 02 Mar 2026 withdrawn by a correction entered on "
        f"02 Mar 2026, never closed); {IF_POSITIVE}. Then, as the repeated screen decides"
    )


def test_an_emergency_still_leads_a_withdrawn_high_screen(store, clock):
    # rule: dimension 3 rated 4 leads; the repeated screen follows it ("; then"): the evaluating team is told, their
    # evaluation closes the flag, never "contact the patient now": the patient is with staff (physician review R1,
    # session 11, must-fix 3)
    from iopkit.placement import FirstStep

    pid, _, _ = _corrected(store, clock, HIGH, NONE, D(2026, 3, 5))
    _, rec = _placement(store, pid, D(2026, 3, 5), {**ROUTINE, 3: 4})
    assert rec.first_step is FirstStep.EMERGENCY_EVALUATION
    assert rec.headline.startswith(
        "First: emergency evaluation for suicide risk now: arrange transfer now (ED); safety precautions, staff with "
        "the patient, until handover"
        + MENTAL_HEALTH_DECLINES
        # R26b M2 (b): the transfer tells why dimension 3 was rated 4
        + "; the patient must not drive; at handover tell the receiving team why dimension 3 was rated 4 (what the "
        "patient said or did) (dimension 3 rated 4, imminent danger); then tell "
        "the evaluating team that the C-SSRS screen of 02 Mar 2026 was high risk, was withdrawn by a correction and "
        "was never assessed; close this flag with their evaluation. Then, as the evaluation decides"
    )
    assert "contact the patient now" not in rec.headline


def test_a_withdrawn_high_screen_leads_a_same_day_risk_assessment(store, clock):
    # rule: no emergency leads: the repeated screen first, a PHQ-9 item 9 assessment after it ("; then")
    from iopkit.placement import FirstStep

    pid, _, _ = _corrected(store, clock, HIGH, NONE, D(2026, 3, 5))
    store.save(pid, score("phq9", [1] * 9), by="KM", when=clinic_time(D(2026, 3, 5), 12))
    _, rec = _placement(store, pid, D(2026, 3, 5))
    assert rec.first_step is FirstStep.RISK_ASSESSMENT
    assert rec.headline == (
        f"{CONTACT_LEAD} (high suicide risk of the C-SSRS screen of 02 Mar 2026 withdrawn by a correction entered on "
        f"05 Mar 2026, never closed); {IF_POSITIVE}; then a same-day suicide risk assessment before the patient "
        "leaves (suicidal ideation (PHQ-9 item 9): dimension 3 rated 1, below the 2 it calls for). Then, as the "
        f"repeated screen decides, and unless the assessment finds more: {PLAN}"
    )


def test_a_withdrawn_high_flag_alone_suggests_a_risk_assessment_not_an_emergency():
    # rule: routed on its own (no C-SSRS of today), the withdrawn flag calls for the screen repeated, a risk
    # assessment (dimension 3 at 1), never the emergency evaluation's 2 on the disputed answers
    from iopkit.flags import Flag, Withdrawn
    from iopkit.placement import recommend, suggest_dimensions

    marker = Withdrawn(TAKEN, D(2026, 3, 5), "2", True)
    kept = Flag(
        "suicide_risk_high", HIGH_MESSAGE, "critical", FIRST, calls_for="emergency_evaluation", withdrawn=marker
    )
    suggested = suggest_dimensions([], older_open_flags=[kept])
    assert suggested[3].rating == 1
    rec = recommend(ROUTINE, suggested=suggested)
    assert [f.code for f in rec.flags] == ["suicide_risk_high"]
    assert rec.headline.startswith(CONTACT_LEAD)


@pytest.mark.parametrize("rescreen", [NONE, HIGH], ids=["all-no", "high"])
def test_once_repeated_the_headline_only_asks_to_close_the_withdrawn_flag(store, clock, rescreen):
    # rule: staff repeated the screen: no lead from the withdrawn flag, a step after the headline to close it; a
    # positive repeat leads with its own new flag
    pid, _, fixed = _corrected(store, clock, HIGH, NONE, D(2026, 3, 5))
    again = _rescreen(store, clock, pid, rescreen, D(2026, 3, 6))
    _, rec = _placement(store, pid, D(2026, 3, 6))
    close = (
        f"Also close the withdrawn C-SSRS high-risk flag on the corrected record (record {fixed}) with the suicide "
        f"risk assessment (screen repeated on 06 Mar 2026, record {again})."
    )
    # R75 2 (was: "...(local involuntary-assessment procedure) (high suicide risk ...")
    lead = (
        f"Recommended: {PLAN}"
        if rescreen is NONE
        else "First: emergency evaluation for suicide risk, with safety precautions, staff with the patient, until it "
        "is done; if the patient declines it or tries to leave: staff stay with the patient and call emergency "
        "services for an emergency mental-health assessment (local involuntary-assessment procedure); the patient "
        "must not drive (high suicide risk (C-SSRS screen): dimension 3 rated 1, below the 4 it calls for). Then, as "
        f"the evaluation decides: {PLAN}"
    )
    assert rec.headline == f"{lead} {close}"


def test_a_repeated_screen_ranks_the_worklist_row_after_a_contact_step(store, clock):
    # rule: the worklist ranks by the step printed first: a flag whose screen was repeated has no contact step, so
    # it comes after another patient's flag that still says "contact the patient now"
    pid, _, fixed = _corrected(store, clock, HIGH, NONE, D(2026, 3, 5), who="IOP-A")
    _corrected(store, clock, HIGH, NONE, D(2026, 3, 5), who="IOP-B")
    _rescreen(store, clock, pid, NONE, D(2026, 3, 6))
    assert [row[0] for row in _worklist(store, "2026-03-05")] == ["IOP-A", "IOP-B"]  # equal: by patient
    assert [row[0] for row in _worklist(store, "2026-03-06")] == ["IOP-B", "IOP-A"]


def test_a_withdrawn_flag_s_chart_action_after_the_screen_was_repeated_says_to_close_it(store, clock):
    # rule: the chart line's action never contradicts its reason: once repeated, close it (not "repeat ... first")
    pid, _, fixed = _corrected(store, clock, HIGH, NONE, D(2026, 3, 5))
    _rescreen(store, clock, pid, NONE, D(2026, 3, 6))
    episode = Episode.from_store(store, pid, as_of=D(2026, 3, 6))
    (flag,) = episode.open_flags
    closing = "close this flag on the corrected record, as above (the corrected screen raises no flag)"
    assert _header_flags(episode) == [f"{flag.said} (C-SSRS screen, 02 Mar): {closing}"]  # walk23 finding 3
