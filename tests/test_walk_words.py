"""The words of the walk review's cosmetic findings (walk.md F13 c, d, h), checked against the reviewer's own words.

Expected strings are typed from the review and the C-SSRS Screener's published item (Posner et al. 2011; item 7 of
iopkit's form is the screener's question 6 follow-up), never read from the functions under test.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from iopkit import score

# C-SSRS screener: wish (1) yes, thoughts (2) yes, method (3) yes, intent (4) no, plan (5) no, behaviour (6) no;
# the follow-up "within the past 3 months" (7) is not asked after a "no" to 6. Triage: method = moderate risk.
MODERATE = [1, 1, 1, 0, 0, 0, None]
LOW = [1, 0, 0, 0, 0, 0, None]


def test_the_chart_header_shows_a_c_ssrs_screen_by_its_band_never_a_dash(store):
    """F13 c: "C-SSRS screen —, 19 Nov" for a screen that was moderate risk."""
    from iopkit.episode import Episode
    from iopkit.widgets.page import chart_header_html

    pid = store.add_patient("WALK-C")
    when = dt.datetime(2026, 11, 19, 15, tzinfo=dt.UTC)
    store.save(pid, score("cssrs_screen", LOW), by="KM", when=when - dt.timedelta(days=7))
    store.save(pid, score("cssrs_screen", MODERATE), by="KM", when=when)
    header = chart_header_html(Episode.from_store(store, pid, as_of=dt.date(2026, 11, 20)))
    (latest,) = re.findall(r'<ul class="iop-latest-scores"[^>]*>(.*?)</ul>', header)
    said = html.unescape(re.sub(r"<[^>]+>", "", latest))
    assert "C-SSRS screen moderate risk" in said and "(was low risk)" in said, said
    assert "—" not in said


def test_a_single_unasked_item_is_said_in_the_singular_and_named():
    """F13 d: "items 7 not asked (Columbia C-SSRS Screener with triage); scored 0"."""
    (note,) = score("cssrs_screen", MODERATE).basis.notes
    assert note.startswith("item 7 (Question 6 follow-up: was this within the past 3 months?) not asked ("), note
    assert "items 7" not in note


def test_continued_stay_reasons_name_the_instrument_not_its_code():
    """F13 h: "phq9 13 -> 6: response"."""
    from iopkit.placement import EpisodeHistory, LevelOfCare, review

    phq9 = ((0, score("phq9", [2, 2, 2, 1, 1, 1, 2, 2, 0])), (6, score("phq9", [1, 1, 1, 1, 1, 1, 0, 0, 0])))
    findings = [x.finding for x in review(EpisodeHistory(LevelOfCare.IOP, 0.9, (False, False, False), phq9)).findings]
    assert "PHQ-9 13 -> 6: response" in findings, findings
    assert not any(x.startswith("phq9") for x in findings)


def test_an_open_flag_s_option_is_cut_at_a_word_never_mid_word(store):
    """F13 b: "Possible suicidal ideation (PHQ-9 item 9, thoughts of being better off dead or o (phq9, 19 Nov 2026,
    week 0)"."""
    from iopkit.widgets import progress_app

    pid = store.add_patient("WALK-B")
    store.save(pid, score("phq9", [2, 2, 1, 2, 1, 1, 2, 1, 1]), by="KM")  # item 9 = 1: the suicidal-ideation flag
    page = progress_app(store)
    page.start()
    page.picker.select(pid)
    (label,) = [label for label, _ in page.resolve.flag.options]
    # walk23 finding 3: the instrument by its name, never its code
    assert label.startswith("Possible suicidal ideation (PHQ-9 item 9, thoughts of being better off dead or… (PHQ-9, ")
    assert " o (" not in label
