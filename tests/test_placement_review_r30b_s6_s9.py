"""Physician review R30b, should-fixes S6 and S9: one handover clause a box, and two phrases named.

- **S6.** A box tells the handover once, one clause a box, as the headline does: "at handover tell the receiving team
  <the withdrawal scores and any dose with its time>, <the suicide screens told>, and ask them for <...>", "(do not
  delay the transfer for it)" / "without delaying the transfer" said once. The reviewer found boxes that said two
  handover clauses: cases 429, 719, 788 (dimension 3's rating-below box: a C-SSRS screen's "if transferred: at handover
  ask the receiving team for it" beside a PHQ-9 item 9's "at handover tell the receiving team that ...") and 34
  (dimension 1's rating-below box: a delirium branch's own "at handover tell the receiving team the delirium screen,
  ..." beside the box's scores and dose), and more in other cases. Sweep: no box of the 800 cases says a handover
  clause that tells (or gives, or asks) the receiving team twice; "staff with the patient until handover" and a
  re-score "before the evaluation ends or at handover" are monitoring words, not a handover clause.
- **S9 (a).** An old complicated CIWA-Ar's "the patient must not drive unless ... and no sedating dose is given today":
  the dose named, only what the visit may give (the branch's ruling): "no benzodiazepine is given today" where no
  opioid withdrawal step stands (case 13: a CIWA-Ar alone), the whole list as the headline names it ("a
  benzodiazepine, buprenorphine or methadone") beside one (case 55: an old COWS of 30 re-scored now).
- **S9 (b).** Dimension 3's boxes that ended "... and ask them for it": what is asked named, "ask them for a suicide
  risk assessment with safety planning" (a C-SSRS moderate risk's, as the headline says it); the box is read alone on
  the chart, "it" has no antecedent there.

The expected words are typed here from the review and the headline's ruled words; the cases' inputs are read from the
case, never from iopkit.
"""

from __future__ import annotations

import re

from .random_placements import built, cases

#: A handover clause that tells, gives or asks the receiving team (not "until handover": monitoring words).
HANDOVER_CLAUSE = re.compile(r"\b[Aa]t handover (?:tell|give|ask) the receiving team\b")


def _box(number: int, code: str) -> str:
    """The action of case ``number``'s flag ``code``."""
    (action,) = [f.action for f in built(cases(800)[number]).flags if f.code == code]
    return action


def test_s6_case_429_dimension_3_box_tells_once_in_full() -> None:
    # R30b S6: was "...; if transferred: at handover ask the receiving team for it (do not delay the transfer for it);
    # at handover tell the receiving team that today's PHQ-9 item 9 was positive and ask them for a suicide risk
    # assessment (do not delay the transfer for it); record ..."; the screens as the headline tells them
    assert _box(429, "rated_below_suggestion_d3") == (
        "Suicide risk assessment by a qualified clinician today, before the patient leaves; review the safety plan and "
        "give the 988 Lifeline number; at handover tell the receiving team that today's C-SSRS screen found a wish to "
        "be dead or non-specific suicidal thoughts and that today's PHQ-9 item 9 was positive, and ask them for a "
        # R51: "once the patient is able to answer", as the headline asks it
        "suicide risk assessment once the patient is able to answer (do not delay the transfer for it); record the "
        "reason for the lower rating with the placement decision"
    )


def test_s6_case_34_dimension_1_box_tells_the_delirium_branch_in_its_one_clause() -> None:
    action = _box(34, "rated_below_suggestion_d1")
    assert len(HANDOVER_CLAUSE.findall(action)) == 1
    # the scores and dose first, then the delirium screen, the complicating condition, the screens, the request
    assert (
        "; at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time, the "
        "delirium screen and any thiamine or glucose given with its time, and any complicating condition (vomiting or "
        "diarrhoea with fluids not kept down, unstable vital signs, other medical or psychiatric instability, "
        "pregnancy, alcohol or benzodiazepine withdrawal alongside, precipitated withdrawal that does not settle, "
        "delirium), and that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment once the "
        "patient is able to answer, without delaying the transfer; "  # R51: the headline's words
    ) in action
    # the branch's transfer keeps its staffing, no handover of its own
    assert (
        # R76b A (was: "if delirium: emergency evaluation: arrange transfer now (ED, or 4-WM); staff with the ...")
        "if delirium: emergency evaluation: arrange transfer now by emergency services (ED, or 4-WM); staff with the "
        "patient until handover; if the patient declines transfer: "
    ) in action


def test_s6_sweep_no_box_tells_the_receiving_team_twice() -> None:
    twice = [
        (c.number, f.code)
        for c in cases(800)
        for f in built(c).flags
        if f.action and len(HANDOVER_CLAUSE.findall(f.action)) > 1
    ]
    assert not twice, twice


def test_s6_sweep_no_box_says_the_transfer_not_delayed_twice() -> None:
    twice = [
        (c.number, f.code)
        for c in cases(800)
        for f in built(c).flags
        if f.action
        and f.action.count("do not delay the transfer for it") + f.action.count("without delaying the transfer") > 2
    ]
    assert not twice, twice


#: An old complicated CIWA-Ar's driving advice (physician review R30b, S9 (a); R30a M2's "not intoxicated" kept): beside
#: an opioid withdrawal step, every dose the visit may give named; beside none, the benzodiazepine the step may give.
NO_DRIVING_UNLESS = (
    "the patient must not drive unless the re-score and the screens find none of these, the patient is not "
    "intoxicated, and no {dose} is given today"
)
NO_DRIVING = NO_DRIVING_UNLESS.format(dose="dose of a benzodiazepine, buprenorphine or methadone")
NO_DRIVING_ALCOHOL_ONLY = NO_DRIVING_UNLESS.format(dose="benzodiazepine")


def test_s9a_no_sedating_dose_named() -> None:
    # case 55: an old complicated CIWA-Ar beside an old COWS of 30, re-scored now (buprenorphine may be given)
    rec = built(cases(800)[55])
    assert NO_DRIVING in rec.headline
    assert NO_DRIVING in _box(55, "complicated_withdrawal")
    assert NO_DRIVING_ALCOHOL_ONLY not in rec.headline
    said = [
        c.number
        for c in cases(800)
        for text in (built(c).headline, *(f.action or "" for f in built(c).flags))
        if "sedating dose" in text
    ]
    assert not said, said


def test_s9a_beside_no_opioid_withdrawal_step_the_benzodiazepine_alone_named() -> None:
    # case 13: an old complicated CIWA-Ar, no COWS: the step may give a benzodiazepine only
    rec = built(cases(800)[13])
    assert NO_DRIVING_ALCOHOL_ONLY in rec.headline
    assert NO_DRIVING_ALCOHOL_ONLY in _box(13, "complicated_withdrawal")
    assert "buprenorphine" not in rec.headline.split(". Then", 1)[0]


def test_s9b_case_82_dimension_3_box_names_what_is_asked() -> None:
    # R30b S9 (b): was "... moderate risk and ask them for it (do not delay the transfer for it); record ..."
    assert _box(82, "rated_below_suggestion_d3") == (
        "Behavioural-health evaluation and safety planning: at handover tell the receiving team that today's C-SSRS "
        # R51: "once the patient is able to answer", as the headline asks it
        "screen was moderate risk and ask them for a suicide risk assessment with safety planning once the patient is "
        "able to answer (do not delay the transfer for it); record the reason for the lower rating with the placement "
        "decision"
    )


def test_s9b_sweep_no_dimension_3_box_asks_for_it() -> None:
    asked = [
        c.number
        for c in cases(800)
        for f in built(c).flags
        if f.code == "rated_below_suggestion_d3" and re.search(r"\bask (?:them|the receiving team) for it\b", f.action)
    ]
    assert not asked, asked
