"""walk24 finding 9: the patient chart's score chart said "wk 0" and "week 8.6". Weeks of the programme are whole and
named as the clinic and the rest of iopkit name them: by their Monday, "the week of 16 Nov" (flags.weeks_of, the dose
page's and the review's naming); never a week number counted from 0 on one page and from 1 on another, nor a fraction.

Days typed by hand: Fri 04 Dec 2026 (the walk's day), so Mondays 5, 12, 19, 26 Oct, 2, 9, 16, 23, 30 Nov 2026.
"""

from __future__ import annotations

import datetime as dt
import re

from iopkit import instrument, score

PHQ9 = [1, 1, 1, 1, 1, 1, 1, 1, 0]  # 8


def _ticks(svg: str) -> list[str]:
    return re.findall(r'text-anchor="middle">([^<]*)</text>', svg)


def test_the_score_chart_names_whole_weeks_by_their_monday():
    from iopkit.widgets.progress import trajectory_svg

    # Wed 7 Oct and Thu 3 Dec 2026: 8.1 weeks apart, in the weeks of 5 Oct and 30 Nov
    svg = trajectory_svg(
        instrument("phq9"), [(dt.date(2026, 10, 7), score("phq9", PHQ9)), (dt.date(2026, 12, 3), score("phq9", PHQ9))]
    )
    assert _ticks(svg) == ["5 Oct", "12 Oct", "19 Oct", "26 Oct", "2 Nov", "9 Nov", "16 Nov", "23 Nov", "30 Nov"]
    assert ">week of</text>" in svg
    assert "wk " not in svg and not re.search(r"week \d+\.\d", svg)
    assert 'aria-label="Patient Health Questionnaire-9 (PHQ-9): 07 Oct 2026 total 8, 03 Dec 2026 total 8"' in svg


def test_the_dose_chart_names_the_same_weeks():
    from iopkit.dose import Attendance, DosePlan, progress, schedule
    from iopkit.widgets.dose import dose_chart_svg

    sched = schedule(dt.date(2026, 11, 2), ["mon", "wed", "fri"], 3, 3)  # 3 weeks from Mon 2 Nov
    plan, log = DosePlan(9, 3), Attendance(sched)
    svg = dose_chart_svg(plan, sched, log, progress(plan, log, sched.start))
    assert _ticks(svg)[:3] == ["2 Nov", "9 Nov", "16 Nov"] and ">week of</text>" in svg
    assert "wk " not in svg


def test_a_chart_s_week_is_the_review_s_week():
    from iopkit.flags import weeks_of
    from iopkit.widgets.charts import week_ticks

    first = dt.date(2026, 11, 16)
    assert weeks_of([first]) == "the week of " + week_ticks(first, 1)[0][1]


def test_the_flag_to_close_is_named_by_its_day_not_a_fractional_week(store, patient):
    from iopkit.widgets.progress import progress_app

    store.save(patient, score("phq9", PHQ9), by="KM", when=dt.date(2026, 10, 5))
    store.save(patient, score("phq9", [1] * 9), by="KM", when=dt.date(2026, 12, 3))  # 8.4 weeks on: item 9 = 1
    app = progress_app(store)
    app.start()
    app.picker.choose.value = patient
    (label,) = [label for label, _ in app.resolve.flag.options]
    assert label.endswith("(PHQ-9, 03 Dec 2026)") and "week" not in label
