"""The roster row's marker and the caseload's count of open flags painted by the flags' severity, as each flag is
(physician review R25a, item 1: every open flag painted red was the finding; the roster's marker and the caseload's
count were still red for an amber-only patient).  One reading of a flag's severity:
:func:`iopkit.flags.severity_shown`, for a mark standing for several flags :func:`iopkit.flags.most_severe`.

Typed from the instruments' rules: AUDIT item 6 above "never" (a morning drink) is a warning (WHO AUDIT manual, Babor
et al. 2001: any points on items 4-6 imply the presence or incipient presence of dependence; iopkit's rule table for
the AUDIT), amber; PHQ-9 item 9 above "not at all" is critical (possible suicidal ideation: a risk assessment today),
red.  AMBER-1: AUDIT 1,1,1,0,0,1,0,0,0,0 on 24 Nov 2026 (R25A-1's AUDIT).  RED-1: the same AUDIT and PHQ-9 all 1s
(item 9 at 1) on 24 Nov 2026.  Read on 4 Dec 2026.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from iopkit import score
from iopkit.dose.groups import Group
from iopkit.flags import Flag, most_severe, severity_shown
from iopkit.markup import flag_class, flags_class, flags_html
from iopkit.store import Store
from iopkit.widgets.groups import GroupsPage, save_group

DAY = dt.date(2026, 11, 24)
AUDIT_ITEM_6 = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
PHQ9_ITEM_9 = [1, 1, 1, 1, 1, 1, 1, 1, 1]


@pytest.fixture()
def clinic(tmp_path):
    """AMBER-1 (AUDIT item 6 only) and RED-1 (AUDIT item 6 and PHQ-9 item 9), in one group."""
    with Store(tmp_path / "marks.sqlite") as store:
        amber, red = store.add_patient("AMBER-1"), store.add_patient("RED-1")
        for pid in (amber, red):
            store.save(pid, score("audit", AUDIT_ITEM_6), by="KM", when=DAY)
        store.save(red, score("phq9", PHQ9_ITEM_9), by="KM", when=DAY)
        save_group(
            store, Group("Early recovery AM", "morning", ["mon", "wed", "fri"], 3, "KM", members=(amber, red)), by="KM"
        )
        yield store, amber, red


def _classes(html: str, marker: str) -> set[str]:
    """The classes of the element whose class list holds ``marker``."""
    (found,) = re.findall(rf'class="([^"]*\b{marker}\b[^"]*)"', html)
    return set(found.split())


def test_the_roster_marker_is_amber_for_an_amber_only_member_and_red_for_a_red_flag(clinic):
    store, _amber, _red = clinic
    page = GroupsPage(store)
    page.refresh("Early recovery AM")
    amber_row, red_row = page.roster.children
    amber_marker = _classes(amber_row.flags.value, "iop-roster-flags")
    assert "iop-flag-warning" in amber_marker and "iop-flag-critical" not in amber_marker, amber_row.flags.value
    assert 'role="alert"' not in amber_row.flags.value  # an alert as a flag's box is: a critical flag's
    red_marker = _classes(red_row.flags.value, "iop-roster-flags")
    assert "iop-flag-critical" in red_marker and "iop-flag-warning" not in red_marker, red_row.flags.value
    assert 'role="alert"' in red_row.flags.value


def _caseload(store, search: str) -> str:
    from iopkit.widgets.home import home  # the function (the module once imported would shadow it)

    page = home(store=store)
    page.start()
    page.search.value = search
    return page.patients.value


def test_the_caseload_count_is_amber_when_every_flag_listed_is_amber_and_red_with_a_red_flag(clinic):
    store, _amber, _red = clinic
    only_amber = _caseload(store, "amber")
    assert "1 patient found; " in only_amber
    counted = re.search(r'<span class="([^"]*)">1 with an open safety flag</span>', only_amber)
    assert counted is not None and counted.group(1) == "iop-flag-warning", only_amber
    both = _caseload(store, "-1")
    counted = re.search(r'<span class="([^"]*)">2 with an open safety flag</span>', both)
    assert counted is not None and counted.group(1) == "iop-flag-critical", both


def test_every_mark_reads_the_one_severity():
    """The flag's box, its class on the chart header and caseload, and a mark of several flags: the same severity,
    at its rule's where that is more severe (a C-SSRS moderate saved as a warning before R23c A1 is red)."""
    amber = Flag("withdrawal_risk", "AUDIT item 6", "warning")
    old = Flag("suicide_risk_moderate", "C-SSRS moderate risk", "warning")
    assert severity_shown(amber) == "warning" and severity_shown(old) == "critical"
    assert flag_class(amber) == flags_class([amber]) == "iop-flag-warning"
    assert flag_class(old) == flags_class([amber, old]) == "iop-flag-critical"
    assert 'class="iop-flag iop-flag-critical"' in flags_html([old])
    assert 'class="iop-flag iop-flag-warning"' in flags_html([amber])
    assert most_severe([]) is None and flags_class([]) == ""
