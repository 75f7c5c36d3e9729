"""Clinician text in the clinic's words, never iopkit's codes (walk23, an IOP clinician's clinic day in Chromium).

Expected words typed from the walk's findings (/work/reviews/walk23.md):

- finding 3: flags end "(PHQ-9, 24 Nov)", "(C-SSRS screen, 24 Nov)", "(drug screen, ...)" on the chart header and
  the caseload, never "(phq9, ...)"; a score's basis says its band and the source of its cut-offs, never
  "band moderately_severe (15-19) under scheme kroenke_2001"; "item 3 = Yes", never "item 3 = True";
  "Suggested 2 from PHQ-9"; "Suggestions use the latest saved score of each instrument: PHQ-9 (24 Nov 2026), ...".
- finding 10 (second half): the progress page's "Change since the first score" C-SSRS row reads
  "moderate risk (24 Nov)", never "week 0:" and nothing else.
- finding 12: the admission day is day 1 in clinic usage, so 04 Dec of an episode begun 24 Nov is "day 11".

The walk's patient WALK23-A: PHQ-9 item 9 = 2, total 15 (Kroenke et al. 2001: 15-19 moderately severe); AUDIT 20,
item 6 = 1; C-SSRS screen items 1-3 Yes, 4-6 No (Columbia screener triage: item 3 Yes = moderate risk), all of
24 Nov; a urine screen positive for fentanyl on 30 Nov; read on 04 Dec. One year earlier here (2025), so that the
pages, which read today's date, never see a future record.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from iopkit import score
from iopkit.records import DrugScreen

ADMITTED = dt.date(2025, 11, 24)
SCREENED = dt.date(2025, 11, 30)
READ_ON = dt.date(2025, 12, 4)
PHQ9_15 = [2, 2, 2, 2, 1, 2, 1, 1, 2]  # item 9 = 2; total 15
AUDIT_20 = [4, 2, 2, 2, 1, 1, 2, 2, 2, 2]  # item 6 = 1; total 20
CSSRS_MODERATE = [True, True, True, False, False, False, None]  # items 1-3 Yes, 4-6 No: moderate risk
CODES = re.compile(r"\((phq9|audit|cssrs_screen|drug_screen), ")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


@pytest.fixture
def walk(store):
    pid = store.add_patient("WALK23-A")
    store.save(pid, score("phq9", PHQ9_15), by="KM", when=ADMITTED)
    store.save(pid, score("audit", AUDIT_20, sex="male"), by="KM", when=ADMITTED)
    store.save(pid, score("cssrs_screen", CSSRS_MODERATE), by="KM", when=ADMITTED)
    fentanyl = DrugScreen(SCREENED, "urine 12-panel", positive=["fentanyl"], negative=["cocaine"])
    store.save(pid, fentanyl, by="KM", when=SCREENED)
    return store, pid


def _episode(store, pid):
    from iopkit.episode import Episode

    return Episode.from_store(store, pid, as_of=READ_ON)


# --- finding 3: instruments by their names ---------------------------------------------------------------------------
def test_the_chart_header_s_flags_name_the_instrument_never_its_code(walk):
    from iopkit.widgets.page import chart_header_html

    header = _text(chart_header_html(_episode(*walk)))
    for said in ("(PHQ-9, 24 Nov)", "(C-SSRS screen, 24 Nov)", "(AUDIT, 24 Nov)", "(drug screen, 30 Nov)"):
        assert said in header, header
    assert not CODES.search(header), header


def test_the_caseload_s_flags_name_the_instrument_never_its_code(walk):
    from iopkit.widgets.home import caseload_html

    caseload = _text(caseload_html([_episode(*walk)]))
    for said in ("(PHQ-9, 24 Nov)", "(C-SSRS screen, 24 Nov)"):
        assert said in caseload, caseload
    # walk24 16: a drug screen's flag names the screen and its day already ("drug screen of 30 Nov 2025 positive"): no
    # "(drug screen, 30 Nov)" after it (was)
    assert "drug screen of 30 Nov 2025 positive for fentanyl" in caseload and "(drug screen, 30 Nov)" not in caseload
    assert not CODES.search(caseload), caseload


def test_a_score_s_basis_says_its_band_and_the_source_of_its_cut_offs_in_words():
    from iopkit.widgets.render import score_html

    shown = _text(score_html(score("phq9", PHQ9_15), "PHQ-9"))
    assert "band moderately severe (15-19)" in shown and "Kroenke et al. 2001" in shown, shown
    for code in ("moderately_severe", "kroenke_2001", "under scheme"):
        assert code not in shown, shown


def test_a_yes_no_answer_that_drove_a_score_reads_yes():
    from iopkit.widgets.render import score_html

    shown = _text(score_html(score("cssrs_screen", CSSRS_MODERATE), "C-SSRS screen"))
    assert "Answers that drove it: item 3 = Yes" in shown, shown
    assert "True" not in shown and "moderate_risk" not in shown, shown


def test_the_placement_page_names_the_instrument_behind_each_suggestion(walk):
    from iopkit.widgets import placement_app

    store, pid = walk
    page = placement_app(store)
    page.start()
    page.picker.select(pid)
    page.picker.clinician.value = "KM"
    assert "Suggested 2 from PHQ-9: " in page.why[3].value
    assert not re.search(r"from (phq9|audit|cssrs_screen)\b", " ".join(w.value for w in page.why.values()))
    assert (
        "Suggestions use the latest saved score of each instrument: PHQ-9 (24 Nov 2025), AUDIT (24 Nov 2025), "
        "C-SSRS screen (24 Nov 2025)."
    ) in _text(page.used.value)


def test_the_flags_to_record_what_was_done_name_the_instrument(walk):
    from iopkit.widgets import progress_app

    store, pid = walk
    page = progress_app(store)
    page.start()
    page.picker.select(pid)
    options = " | ".join(label for label, _ in page.resolve.flag.options)
    assert "(drug screen, 30 Nov 2025" in options and "(C-SSRS screen, 24 Nov 2025" in options, options
    assert not CODES.search(options), options


@pytest.mark.parametrize(
    ("code", "said"),
    [("phq9", "PHQ-9"), ("cssrs_screen", "C-SSRS screen"), ("drug_screen", "drug screen"), ("bam", "BAM")],
)
def test_one_name_for_what_a_record_comes_from(code, said):
    from iopkit.records import short_name

    assert short_name(code) == said


def test_no_instrument_is_named_by_a_remark_in_brackets():
    """The DSM-5 count is "not a diagnosis", which is a remark, not its name."""
    from iopkit.records import short_name

    assert short_name("dsm5_sud") == "DSM-5 substance use disorder criteria count"


# --- finding 10: a screen read by its result -------------------------------------------------------------------------
def test_the_change_table_shows_a_screen_s_result_and_its_day(walk):
    from iopkit.widgets import progress_app

    store, pid = walk
    page = progress_app(store)
    page.start()
    page.picker.select(pid)
    table = _text(page.change_view.value)
    assert "moderate risk (24 Nov)" in table, table
    assert "week 0" not in table, table


def test_a_screen_s_first_and_latest_results_each_with_its_day(walk):
    from iopkit.widgets import progress_app

    store, pid = walk
    low = [True, False, None, None, None, False, None]  # item 1 Yes only: low risk (Columbia triage)
    store.save(pid, score("cssrs_screen", low), by="KM", when=SCREENED)
    page = progress_app(store)
    page.start()
    page.picker.select(pid)
    assert "moderate risk (24 Nov) → low risk (30 Nov)" in _text(page.change_view.value)


# --- finding 12: the first day is day 1 ------------------------------------------------------------------------------
def test_the_admission_day_is_day_1_on_the_chart_header(walk):
    from iopkit.widgets.page import chart_header_html

    header = _text(chart_header_html(_episode(*walk)))
    assert "day 11 of the episode" in header and "day 10" not in header, header


def test_the_admission_day_is_day_1_on_the_caseload(walk):
    from iopkit.widgets.home import caseload_html

    caseload = caseload_html([_episode(*walk)])
    assert '<th scope="col">Day of the episode</th>' in caseload and "<td>11</td>" in caseload, caseload


def test_the_admission_day_is_day_1_on_the_summary(walk):
    from iopkit.report.patient import patient_summary_html

    store, pid = walk
    summary = _text(patient_summary_html(store, pid, today=READ_ON, episode=_episode(store, pid)))
    # walk24 11: the summary's one date style (was "2025-11-24")
    assert "in the programme since 24 Nov 2025 (day 11)" in summary, summary


def test_an_episode_read_on_its_first_day_is_on_day_1(store):
    from iopkit.episode import Episode

    pid = store.add_patient("WALK23-B")
    store.save(pid, score("phq9", PHQ9_15), by="KM", when=ADMITTED)
    assert Episode.from_store(store, pid, as_of=ADMITTED).day_of_episode == 1
