"""Physician review R25a, item 1: the chart header and the caseload paint each open flag by its severity, as the
placement page does (:func:`iopkit.markup.flags_html`): a critical flag red (``iop-flag-critical``), a warning amber
(``iop-flag-warning``), e.g. AUDIT item 6 (a morning drink: a warning in the instruments' rules); a flag saved at a
lesser severity than its rule has now (a C-SSRS moderate saved as a warning before R23c A1) at its rule's.

R25A-1 (typed by hand): PHQ-9 with item 9 at 1 and AUDIT with item 6 at 1, both on 24 Nov 2026, read on 4 Dec 2026.

The pages are imported in the tests, not at collection: ``iopkit.widgets.home`` imported as a module before another
test file's ``from iopkit.widgets import home`` would hand that file the module, not the page function.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from iopkit import score
from iopkit.episode import Episode
from iopkit.flags import Flag
from iopkit.markup import flag_class
from iopkit.store import Store

DAY = dt.date(2026, 11, 24)
TODAY = dt.date(2026, 12, 4)
ITEM_6 = (
    "AUDIT item 6, morning drink (needed after heavy drinking, any frequency): a sign of physical dependence, so "
    "withdrawal may follow"
)
ITEM_9 = "Possible suicidal ideation (PHQ-9 item 9, thoughts of being better off dead or of self-harm)"


def _episode(tmp_path):
    store = Store(tmp_path / "r25a.sqlite")
    pid = store.add_patient("R25A-1")
    store.save(pid, score("audit", [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]), by="KM", when=DAY)
    store.save(pid, score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1]), by="KM", when=DAY)
    return Episode.from_store(store, pid, as_of=TODAY)


def chart_header_html(episode):
    from iopkit.widgets.page import chart_header_html as header

    return header(episode)


def caseload_html(episodes):
    from iopkit.widgets.home import caseload_html as caseload

    return caseload(episodes)


def _painted(html: str, tag: str) -> list[tuple[str, str]]:
    """Each listed flag's class and message, up to its "(instrument, day)"."""
    return re.findall(rf'<{tag} class="(iop-flag-\w+)[^"]*">(.*?) \([^()]*, \d\d [A-Z][a-z]{{2}}\)', html)


def test_the_chart_header_paints_the_item_9_flag_red_and_the_audit_item_6_flag_amber(tmp_path):
    header = chart_header_html(_episode(tmp_path))
    assert _painted(header, "li") == [("iop-flag-critical", ITEM_9), ("iop-flag-warning", ITEM_6)]


def test_the_caseload_paints_the_item_9_flag_red_and_the_audit_item_6_flag_amber(tmp_path):
    row = caseload_html([_episode(tmp_path)]).split('class="iop-open-flags-cell">')[1]
    assert _painted(row, "div") == [("iop-flag-critical", ITEM_9), ("iop-flag-warning", ITEM_6)]
    assert '<div class="iop-flag-warning">' + ITEM_6 + " (AUDIT, 24 Nov)</div>" in row


def test_a_c_ssrs_moderate_saved_as_a_warning_is_red_on_the_header_and_the_caseload(tmp_path):
    # saved before R23c A1 made it critical: shown at its rule's severity now (R23c A5), red, never amber
    episode = _episode(tmp_path)
    old = Flag("suicide_risk_moderate", "C-SSRS moderate risk", "warning", "Complete a risk assessment today")
    (phq9,) = [o for o in episode.open_flags if o.instrument == "phq9"]
    episode = dataclasses.replace(episode, open_flags=(dataclasses.replace(phq9, instrument="cssrs_screen", flag=old),))
    assert _painted(caseload_html([episode]), "div") == [("iop-flag-critical", "C-SSRS moderate risk")]
    assert _painted(chart_header_html(episode), "li") == [("iop-flag-critical", "C-SSRS moderate risk")]


def test_flag_class_names_each_severity():
    assert flag_class(Flag("withdrawal_risk", "AUDIT item 6", "warning")) == "iop-flag-warning"
    assert flag_class(Flag("suicidal_ideation", "PHQ-9 item 9", "critical")) == "iop-flag-critical"
    assert flag_class(Flag("note", "For the record", "info")) == "iop-flag-info"
