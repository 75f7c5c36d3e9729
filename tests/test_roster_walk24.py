"""Walk24 findings 5, 12 and 13: the roster records a group's attendance only on a member's own session at the
group's time and length, says hours as given (never "typed"), and warns of adolescents in an adult group.

The walk's case, typed from walk24.md: group "Early recovery AM" Mon/Wed/Fri 09:00, 3 h; DEMO-05's plan Mon-Fri
18:00-22:00 (4 h), DEMO-03's Mon/Wed/Fri 18:00-20:00 (2 h), DEMO-01's Mon/Wed/Fri 09:00-12:00 (3 h); Fri 04 Dec 2026
and Wed 02 Dec 2026.  Expected words are typed here, never read from the library.
"""

from __future__ import annotations

import datetime as dt

import pytest

from iopkit.dose import Attendance, schedule
from iopkit.dose.groups import Group, age_mix, hours_refusal, roster_log, roster_logs, roster_problems
from iopkit.errors import DosePlanError

TODAY = dt.date(2026, 12, 4)
GROUP = Group("Early recovery AM", "morning", ["mon", "wed", "fri"], 3, "KM", members=(1, 3, 5))
NAMES = {1: "DEMO-01", 3: "DEMO-03", 5: "DEMO-05"}
DEMO01 = schedule("2026-10-05", ["mon", "wed", "fri"], 3, 12)  # 09:00-12:00, as the group
DEMO03 = schedule("2026-10-05", ["mon", "wed", "fri"], 2, 12, track="18:00")
DEMO05 = schedule("2026-10-05", ["mon", "tue", "wed", "thu", "fri"], 4, 12, track="18:00")
SAVED = {1: (None, DEMO01), 3: (None, DEMO03), 5: (None, DEMO05)}

DEMO05_FRI = (
    "DEMO-05's plan has 18:00-22:00 (4 h) on Fri 04 Dec 2026; Early recovery AM meets 09:00-12:00 (3 h): a roster "
    "records attendance on the member's own session, and DEMO-05's is at another time and length. Save a plan with "
    "this group's times for DEMO-05 on the Dose page, or take DEMO-05 out of Early recovery AM (Save group), then "
    "save this roster again."
)
DEMO03_WED = (
    "DEMO-03's plan has 18:00-20:00 (2 h) on Wed 02 Dec 2026; Early recovery AM meets 09:00-12:00 (3 h): a roster "
    "records attendance on the member's own session, and DEMO-03's is at another time and length. Save a plan with "
    "this group's times for DEMO-03 on the Dose page, or take DEMO-03 out of Early recovery AM (Save group), then "
    "save this roster again."
)


class TestAnEveningPlanIsNotAMorningGroup:
    """Finding 5: a morning group's roster once wrote DEMO-05's "left early, 2 h" onto her 18:00-22:00 session."""

    def test_each_member_at_another_time_is_said_member_by_member(self):
        said = roster_problems(GROUP, "2026-12-04", SAVED, names=NAMES)
        assert set(said) == {3, 5}  # DEMO-01's plan session is the group's 09:00-12:00
        assert said[5] == DEMO05_FRI

    def test_the_roster_is_refused_in_the_clinics_words_not_attended_or_partial(self):
        with pytest.raises(DosePlanError) as refused:
            roster_logs(GROUP, "2026-12-02", SAVED, names=NAMES)
        said = str(refused.value)
        assert DEMO03_WED in said and "'attended'" not in said and "'partial'" not in said
        assert said.count("DEMO-03's plan has") == 1  # said once

    def test_a_saved_log_at_another_time_is_refused_too(self):
        log = Attendance(DEMO05).record("2026-11-30", "attended", today=TODAY)
        with pytest.raises(DosePlanError, match=r"^DEMO-05's plan has 18:00-22:00 \(4 h\) on Fri 04 Dec 2026"):
            roster_log(GROUP, "2026-12-04", log, DEMO05, name="DEMO-05")

    def test_the_same_start_but_another_length_is_refused(self):
        two_hours = schedule("2026-10-05", ["mon", "wed", "fri"], 2, 12)  # 09:00-11:00
        with pytest.raises(DosePlanError, match=r"^DEMO-01's plan has 09:00-11:00 \(2 h\) on Fri 04 Dec 2026.* and "
                           r"DEMO-01's is shorter\. Save"):  # fmt: skip
            roster_log(GROUP, "2026-12-04", plan=two_hours, name="DEMO-01")

    def test_a_plan_session_at_the_groups_time_takes_the_roster(self):
        found = roster_log(GROUP, "2026-12-04", plan=DEMO01, name="DEMO-01")
        assert found.continues is False and found.log.schedule == DEMO01
        assert roster_problems(GROUP, "2026-12-04", {1: (None, DEMO01)}, names=NAMES) == {}


class TestLateHours:
    """Finding 13: "Late" with the box's 3 h was refused as "(typed 3)" though nothing was typed."""

    def test_late_with_the_whole_session_is_refused_saying_given(self):
        assert hours_refusal("DEMO-02", "late", 3, 3) == (
            "Late means part of the 3 h session: give the hours DEMO-02 attended, more than 0 and under 3 h (3 h "
            "given); if DEMO-02 was there the whole session, mark Present."
        )

    def test_no_hours_yet_is_a_question(self):
        assert hours_refusal("DEMO-02", "late", 0, 3) == (
            "Late means part of the 3 h session: give the hours DEMO-02 attended, more than 0 and under 3 h."
        )

    @pytest.mark.parametrize(
        "mark, hours", [("late", 2.5), ("left_early", 0.25), ("present", 3), ("absent_excused", 0)]
    )
    def test_hours_that_fit_or_marks_without_hours_are_not_refused(self, mark, hours):
        assert hours_refusal("DEMO-02", mark, hours, 3) is None


class TestAdolescentsInAnAdultGroup:
    """Finding 12: DEMO-03 (adolescent) was saved into an adult group with no warning."""

    def test_one_adolescent_among_adults_is_named(self):
        assert age_mix([1, 2, 3, 5], {3}, names={3: "DEMO-03"}) == (
            "DEMO-03 is an adolescent (under 18): this group is for adults. Adolescents are placed in adolescent "
            "programmes (ASAM Criteria): move DEMO-03 to an adolescent group unless the programme has decided "
            "otherwise."
        )

    def test_one_adult_among_adolescents_is_named(self):
        assert age_mix([1, 2, 3], {2, 3}, names={1: "DEMO-01"}) == (
            "DEMO-01 is an adult: this group is for adolescents (under 18). Adolescents are placed in adolescent "
            "programmes (ASAM Criteria): move DEMO-01 to an adult group unless the programme has decided otherwise."
        )

    def test_two_adolescents_among_adults(self):
        said = age_mix([1, 2, 3, 4, 5], {3, 4}, names={3: "DEMO-03", 4: "DEMO-04"})
        assert said.startswith("DEMO-03 and DEMO-04 are adolescents (under 18): this group is for adults.")
        assert said.endswith("move them to an adolescent group unless the programme has decided otherwise.")

    @pytest.mark.parametrize("adolescents", [set(), {1, 2}])
    def test_one_age_group_has_no_warning(self, adolescents):
        assert age_mix([1, 2], adolescents) == ""


def test_the_same_length_at_another_time_says_time_only():
    """The demo's DEMO-01: Mon/Wed/Fri 18:00-21:00 (3 h), as long as the group's 09:00-12:00, once written onto it."""
    evening = schedule("2026-10-05", ["mon", "wed", "fri"], 3, 12, track="18:00")
    with pytest.raises(DosePlanError) as refused:
        roster_log(GROUP, "2026-12-02", plan=evening, name="DEMO-01")
    assert str(refused.value).startswith(
        "DEMO-01's plan has 18:00-21:00 (3 h) on Wed 02 Dec 2026; Early recovery AM meets 09:00-12:00 (3 h): a "
        "roster records attendance on the member's own session, and DEMO-01's is at another time. Save"
    )
