"""The printed summary shows every positive suicide-risk screen of the episode with its closing (walk review F8).

The Joint Commission's NPSG 15.01.01 asks, after a positive suicide screen, for a risk assessment whose overall level
of risk and plan are documented. So the one-page summary lists each positive PHQ-9 item 9 (Kroenke et al. 2001) and
C-SSRS screener (Posner et al. 2011) screen of the episode: its date, the screen, and its closing (overall risk level,
what was done, by whom, when), or "open" in red. The walk's words, typed from walk.md: "overall risk Moderate,
'Safety plan written with patient; C-SSRS repeated, moderate; psychiatry same week', by 'QA, LCSW'".
"""

from __future__ import annotations

import pytest

from iopkit import score
from iopkit.episode import Episode
from iopkit.flags import RiskLevel
from iopkit.report.patient import patient_summary_html
from iopkit.store import Store

from .walk_case import TODAY, walk_patient

CLOSED = (
    "overall risk moderate; Safety plan written with patient; C-SSRS repeated, moderate; psychiatry same week "
    "(QA, LCSW, 2026-12-03)"
)
OPEN = '<strong class="iop-open">open</strong>: no overall risk level or action recorded yet'


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "s.sqlite")


def _rows(document: str) -> list[str]:
    table = document.split("<h2>Suicide-risk screens this episode</h2>")[1].split("</section>")[0]
    return table.split("<tr>")[2:]  # after the head row


def test_every_positive_screen_prints_with_its_closing_or_open(store):
    pid = walk_patient(store)
    rows = _rows(patient_summary_html(store, pid, today=TODAY, generated="now"))
    assert len(rows) == 3  # PHQ-9 of 19 Nov, C-SSRS of 19 Nov, PHQ-9 of 03 Dec (its corrected version)
    phq9_start, cssrs, phq9_today = rows
    assert "<td>2026-11-19</td><td>PHQ-9</td>" in phq9_start and CLOSED in phq9_start
    assert "<td>2026-11-19</td><td>C-SSRS screen</td>" in cssrs and "C-SSRS moderate risk" in cssrs and OPEN in cssrs
    assert "<td>2026-12-03</td><td>PHQ-9</td>" in phq9_today and CLOSED in phq9_today


def test_before_the_closing_each_item_9_screen_prints_open(store):
    pid = walk_patient(store, closed=False)
    rows = _rows(patient_summary_html(store, pid, today=TODAY, generated="now"))
    assert [OPEN in row for row in rows] == [True, True, True]
    assert "overall risk moderate" not in "".join(rows)


def test_the_episode_holds_each_screen_with_its_level(store):
    pid = walk_patient(store)
    screens = Episode.from_store(store, pid, as_of=TODAY).suicide_screens
    assert [(s.instrument, str(s.day), s.level, s.open) for s in screens] == [
        ("phq9", "2026-11-19", RiskLevel.MODERATE, False),
        ("cssrs_screen", "2026-11-19", None, True),
        ("phq9", "2026-12-03", RiskLevel.MODERATE, False),
    ]


def test_an_episode_without_a_positive_screen_says_so(store):
    pid = store.add_patient("IOP-1")
    store.save(pid, score("phq9", [1] * 8 + [0]), by="KM")
    document = patient_summary_html(store, pid, generated="now")
    assert "No positive suicide-risk screen in this episode." in document


def test_the_dose_line_says_the_plan_is_not_the_placed_24_hour_setting(store):
    """Walk F3 on paper: placed at 3.5, the 9 h/week plan is printed with what it is not."""
    pid = walk_patient(store)
    dose = patient_summary_html(store, pid, today=TODAY, generated="now").split("<h2>Dose: planned and delivered")[1]
    assert "at Level 3.5 (Clinically managed high-intensity residential), a 24-hour setting" in dose.split("</p>")[0]


def test_full_references_print_only_when_asked(store):
    pid = walk_patient(store)
    default = patient_summary_html(store, pid, today=TODAY, generated="now")
    asked = patient_summary_html(store, pid, today=TODAY, generated="now", references=True)
    assert '<section class="references-on-screen"><h2>References</h2>' in default
    assert '<section class="references-printed"><h2>References</h2>' in asked
    assert ".references-on-screen { display: none; }" in default  # on paper, the short citations only
    assert 'counter(page) " of " counter(pages)' in default  # a summary on more pages says "page 1 of N"
