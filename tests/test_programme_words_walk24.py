"""The programme report's retention interval at 0 % and its words (walk24 finding 14).

The walk read "1 evening 20 20 0 % (0-0) 70": 20 episodes, all ended before 90 days, and a 95 % interval of 0-0 (the
Kaplan-Meier log-log interval collapses to a point at 0).  The Wilson 95 % score interval of 0 of 20, typed from the
formula by hand: lower 0; upper z^2 / (n + z^2) = 3.8415 / 23.8415 = 0.1611 (z = 1.96).  Its rows named instruments
by code ("gad7", "phq9") and its links by table code ("level_changes (CSV)").
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from iopkit.report.html import table_html
from iopkit.report.stays import _curve


def test_none_of_twenty_retained_has_the_wilson_interval_0_to_16_percent():
    t = np.array([70.0] * 20)  # every episode ended on day 70
    n, ended, share, low, high, _median, _curve_drawn = _curve(t, np.ones(20, bool))
    assert (n, ended, share, low) == (20, 20, 0.0, 0.0)
    assert high == pytest.approx(0.1611, abs=5e-4)


def test_all_retained_has_the_wilson_interval_too():
    # 20 followed past 90 days, none ended: 20 of 20, the Wilson interval's lower bound n / (n + z^2) = 20 / 23.8415
    t = np.array([120.0] * 20)
    _n, _ended, share, low, high, *_ = _curve(t, np.zeros(20, bool))
    assert share == 1.0 and low == pytest.approx(0.8389, abs=5e-4) and high == 1.0


def test_the_printed_row_reads_0_to_16_and_names_the_instrument():
    table = pd.DataFrame(
        {"level": ["1"], "track": ["evening"], "instrument": ["gad7"], "retained": [0.0], "retained_low": [0.0]}
    ).assign(retained_high=[0.1611])
    row = table_html(table)
    assert "<td>0 % (0-16)</td>" in row  # walk24 14: was "0 % (0-0)"
    assert '<td class="key">GAD-7</td>' in row and "gad7" not in row


def test_the_download_links_are_in_words():
    from iopkit.datasets.programme import demo_programme
    from iopkit.report import programme_data
    from iopkit.widgets.programme import _drawn

    _report, body, links = _drawn(
        programme_data(demo_programme(patients=20)),
        pd.Timestamp("2025-11-03").date(),
        pd.Timestamp("2026-11-01").date(),
    )
    assert ">Step-down and step-up (CSV)</a>" in links and ">Census, admissions and discharges (CSV)</a>" in links
    assert "level_changes (CSV)" not in links and "retention_comparison (CSV)" not in links
    assert ">phq9<" not in body and ">gad7<" not in body and ">PHQ-9<" in body
