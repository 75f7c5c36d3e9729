"""The printed summary shows every positive suicide-risk screen of the episode with its closing (walk review F8).

The Joint Commission's NPSG 15.01.01 asks, after a positive suicide screen, for a risk assessment whose overall level
of risk and plan are documented. So the one-page summary lists each positive PHQ-9 item 9 (Kroenke et al. 2001) and
C-SSRS screener (Posner et al. 2011) screen of the episode: its date, the screen, and its closing (overall risk level,
what was done, by whom, when), or "open" in red. The walk's words, typed from walk.md: "overall risk Moderate,
'Safety plan written with patient; C-SSRS repeated, moderate; psychiatry same week', by 'QA, LCSW'".
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from iopkit import score
from iopkit.episode import Episode
from iopkit.flags import RiskLevel
from iopkit.placement import FlagResolution
from iopkit.report.patient import patient_summary_html
from iopkit.store import Store

from .walk_case import TODAY, walk_patient

# walk24 11 (one Letter page): the level under the column's "Closing: overall risk level", without "overall risk"
# again in each row (was "overall risk moderate; ...")
CLOSED = (
    "moderate; Safety plan written with patient; C-SSRS repeated, moderate; psychiatry same week "
    "(QA, LCSW, 03 Dec 2026"  # walk24 11: one date style on the summary (was "2026-12-03")
)
OPEN = "</strong>: no overall risk level or action recorded yet"
#: Physician review R17a (session 15), S9 and S10, the reviewer's words typed from /work/reviews/r17a.md; the PHQ-9
#: item 9 answer "Several days" (1) is the response scale of Kroenke et al. 2001.
R17A_PHQ9_FINDING = "PHQ-9 item 9 answered 'Several days' (1 of 3): thoughts of being better off dead or of self-harm"
# walk24 11 (one Letter page, one date style): the summary's row says the finding without the instrument the Screen
# column names, and what item 9 means on its first row only; its days as "03 Dec 2026"
R17A_PHQ9_ROW = "item 9 'Several days' (1 of 3): thoughts of being better off dead or of self-harm"
R17A_PHQ9_ROW_AGAIN = "item 9 'Several days' (1 of 3)"
R17A_CLOSED_LATER = "(QA, LCSW, 03 Dec 2026; 14 days after the screen)"
R17A_OPEN = "open since 19 Nov 2026 (14 days): no overall risk level or action recorded yet"
R17A_HEADING = "Suicide-risk screens (and prompts for one) this episode"
R17A_PROMPT = "PCL-5 item 16 (risky behaviour: a prompt for a suicide screen, not one)"
R17A_PROMPT_CLOSING = "C-SSRS screen: "  # "C-SSRS screen: {result}; overall risk {level}; ..."


@pytest.fixture
def store(tmp_path, clock):
    clock.day = TODAY  # saved on the walk day, whatever today is (a closing dated before its record is refused)
    return Store(tmp_path / "s.sqlite")


def _rows(document: str) -> list[str]:
    table = document.split(f"<h2>{R17A_HEADING}</h2>")[1].split("</section>")[0]
    return table.split("<tr>")[2:]  # after the head row


def test_every_positive_screen_prints_with_its_closing_or_open(store):
    pid = walk_patient(store)
    rows = _rows(patient_summary_html(store, pid, today=TODAY, generated="now"))
    assert len(rows) == 3  # PHQ-9 of 19 Nov, C-SSRS of 19 Nov, PHQ-9 of 03 Dec (its corrected version)
    phq9_start, cssrs, phq9_today = rows
    # walk24 11: one date style on the summary (was "2026-11-19")
    assert "<td>19 Nov 2026</td><td>PHQ-9</td>" in phq9_start and CLOSED in phq9_start
    assert "overall risk moderate" not in phq9_start  # walk24 11: said once, by the column's heading
    assert "<td>19 Nov 2026</td><td>C-SSRS screen</td>" in cssrs and "C-SSRS moderate risk" in cssrs and OPEN in cssrs
    assert "<td>03 Dec 2026</td><td>PHQ-9</td>" in phq9_today and CLOSED in phq9_today


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


def _cells(row: str) -> list[str]:
    """A row's cells as read on paper (tags and escapes removed)."""
    return [html.unescape(re.sub(r"<[^>]+>", "", c.split("</td>")[0])) for c in row.split("<td>")[1:]]


class TestPhysicianReviewR17aS9:
    """Physician review R17a (session 15), S9: PHQ-9 item 9's finding says the answer; an open row says since when and
    a closing of a later day says how many days after the screen (NPSG 15.01.01: a gap a reader must see)."""

    def test_the_item_9_finding_says_the_answer(self, store):
        """Row 1 of the walk patient: item 9 answered "Several days" on 19 Nov (the review's finding words)."""
        phq9_start, _, phq9_today = (_cells(r) for r in _rows(walk_summary(store)))
        assert (R17A_PHQ9_ROW, R17A_PHQ9_ROW_AGAIN) == (phq9_start[2], phq9_today[2])  # walk24 11

    def test_item_9_at_3_is_said_as_3(self, store):
        """Item 9 at 3 is another patient than at 1: "Nearly every day" (3 of 3), Kroenke et al. 2001's scale."""
        pid = store.add_patient("IOP-1")
        store.save(pid, score("phq9", [0] * 8 + [3]), by="KM", when=TODAY)
        (screen,) = Episode.from_store(store, pid, as_of=TODAY).suicide_screens
        assert screen.finding == R17A_PHQ9_FINDING.replace("'Several days' (1 of 3)", "'Nearly every day' (3 of 3)")

    def test_a_closing_of_a_later_day_says_how_many_days_after_the_screen(self, store):
        """The screen of 19 Nov closed on 3 Dec: 14 days; the screen of 3 Dec closed that day says no days."""
        phq9_start, _, phq9_today = (_cells(r) for r in _rows(walk_summary(store)))
        assert phq9_start[3].endswith(R17A_CLOSED_LATER)
        assert "after the screen" not in phq9_today[3] and phq9_today[3].endswith("(QA, LCSW, 03 Dec 2026)")

    def test_an_open_row_says_since_when(self, store):
        """The C-SSRS of 19 Nov, open on 3 Dec: "open since 2026-11-19 (14 days)"."""
        _, cssrs, _ = (_cells(r) for r in _rows(walk_summary(store)))
        assert R17A_OPEN == cssrs[3]

    def test_an_open_row_of_the_summary_s_own_day_says_today(self, store):
        """The PHQ-9 of 3 Dec before its closing: open since that day (today), not "0 days"."""
        pid = walk_patient(store, closed=False)
        *_, phq9_today = (_cells(r) for r in _rows(patient_summary_html(store, pid, today=TODAY, generated="now")))
        # walk24 11: one date style on the summary (was "2026-12-03")
        assert phq9_today[3] == "open since 03 Dec 2026 (today): no overall risk level or action recorded yet"


def walk_summary(store) -> str:
    return patient_summary_html(store, walk_patient(store), today=TODAY, generated="now")


def _prompted(store, *, cssrs: bool = True, closed: bool = True) -> list[list[str]]:
    """PCL-5 item 16 at 3 ("quite a bit") and PHQ-9 item 9 at 1 on 1 Dec; a C-SSRS screener (wish to be dead: low
    risk, Posner et al. 2011) and the PCL-5 flag closed at low on 2 Dec; the summary as of 3 Dec."""
    pid = store.add_patient("IOP-1")
    day = dt.date(2026, 12, 1)
    store.save(pid, score("phq9", [0] * 8 + [1]), by="KM", when=day)
    pcl5 = store.save(pid, score("pcl5", [0] * 15 + [3] + [0] * 4), by="KM", when=day)
    after = day + dt.timedelta(days=1)
    if cssrs:
        store.save(pid, score("cssrs_screen", ["yes", "no", None, None, None, "no", None]), by="KM", when=after)
    if closed:
        closing = FlagResolution(
            "possible_self_harm", "pcl5", 0.0, "Safety plan reviewed", "KM", after, record=str(pcl5), risk_level="low"
        )
        store.save(pid, closing, by="KM", when=after)
    return [_cells(r) for r in _rows(patient_summary_html(store, pid, today=after + dt.timedelta(days=1)))]


class TestPhysicianReviewR17aS10:
    """Physician review R17a (session 15), S10: PCL-5 item 16 asks about risky behaviour, not suicidal thoughts
    (Weathers et al. 2013): kept in the section and still closed, but said to be "a prompt for a suicide screen, not
    one", the closing leading with what the suicide screen found."""

    def test_the_prompt_is_said_to_be_one_and_the_screen_is_not(self, store):
        phq9, pcl5, _ = _prompted(store)
        assert R17A_PROMPT == pcl5[1] and "not one" in pcl5[1]
        assert "not one" not in phq9[1]

    def test_the_prompt_still_needs_its_closing(self, store):
        _, pcl5 = _prompted(store, cssrs=False, closed=False)
        assert pcl5[3].startswith("open since 01 Dec 2026 (2 days): ")  # walk24 11: was "2026-12-01"

    def test_its_closing_leads_with_what_the_suicide_screen_found(self, store):
        _, pcl5, _ = _prompted(store)
        # walk24 11: one date style on the summary (was "2026-12-02")
        assert pcl5[3].startswith(R17A_PROMPT_CLOSING + "low risk (02 Dec 2026); overall risk low; Safety plan")

    def test_a_closing_without_a_suicide_screen_says_none_was_saved(self, store):
        _, pcl5 = _prompted(store, cssrs=False)
        assert pcl5[3].startswith(R17A_PROMPT_CLOSING + "none saved; overall risk low")
