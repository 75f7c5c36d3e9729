"""One source, one key: the ASAM 2020 alcohol withdrawal guideline was in the bibliography twice (``asam_awm2020`` and
``ciwa_asam2020``, the same citation). One entry is kept (``asam_awm2020``); a record saved with the retired key still
shows the full citation, and a page citing both keys lists the guideline once.

The guideline's details are typed from the publication (J Addict Med, the journal's page), never read from iopkit:
American Society of Addiction Medicine, The ASAM Clinical Practice Guideline on Alcohol Withdrawal Management, J Addict
Med 2020;14(3S Suppl 1):1-72, doi:10.1097/ADM.0000000000000668; CIWA-Ar under 10 mild, 10-18 moderate, 19 or more
severe.
"""

from __future__ import annotations

import iopkit
from iopkit.flags import Flag
from iopkit.markup import references_html, source_html
from iopkit.scoring import Score
from iopkit.sources import in_words, resolve, source, sources

TITLE = "The ASAM Clinical Practice Guideline on Alcohol Withdrawal Management"
JOURNAL = "J Addict Med. 2020;14(3S Suppl 1):1-72"
DOI = "https://doi.org/10.1097/ADM.0000000000000668"
#: Items 1-5 at 4: total 20, severe on the guideline's bands (19 or more).
CIWA_20 = [4, 4, 4, 4, 4, 0, 0, 0, 0, 0]


def test_the_guideline_has_one_entry_and_the_retired_key_reads_it():
    assert "ciwa_asam2020" not in sources()
    kept = source("asam_awm2020")
    assert TITLE in kept.citation and JOURNAL in kept.citation and kept.url == DOI
    # both entries' "supports" kept: the bands (the former CIWA-Ar entry) and the setting rules (the placement entry)
    assert "under 10 mild, 10-18 moderate, 19 or more severe" in kept.supports
    assert "(Rec III.3)" in kept.supports
    assert source("ciwa_asam2020") == kept  # a record saved with the retired key
    assert [s.key for s in resolve("ciwa_asam2020")] == ["asam_awm2020"]


def test_no_shipped_rule_cites_the_retired_key():
    ciwa = iopkit.instrument("ciwa_ar")
    cited = [s.source for s in ciwa.schemes] + [f.source for f in ciwa.flags]
    assert not [text for text in cited if "ciwa_asam2020" in text], cited
    assert iopkit.score("ciwa_ar", CIWA_20, scheme="asam_2020").basis.source == "asam_awm2020"


def test_a_score_saved_with_the_retired_key_still_shows_the_full_citation_once():
    # a CIWA-Ar scored on the guideline's bands as an older version saved it: its basis and flags named ciwa_asam2020
    saved = iopkit.score("ciwa_ar", CIWA_20, scheme="asam_2020").to_dict()
    saved["basis"]["source"] = "ciwa_asam2020"
    for flag in saved["flags"]:
        flag["source"] = flag["source"].replace("asam_awm2020", "ciwa_asam2020")
    severe = next(f for f in saved["flags"] if f["code"] == "severe_alcohol_withdrawal")
    assert severe["source"] == "ciwa_sullivan1989; ciwa_asam2020; asam2013"  # typed as the older version cited it
    back = Score.from_dict(saved)
    assert back.basis.source == "ciwa_asam2020"  # the record is not rewritten; its key still reads
    html = str(source_html(back.basis.source))
    assert TITLE in html and DOI in html and 'data-source-key="asam_awm2020"' in html
    assert in_words(back.basis.source) == "ASAM 2020 alcohol withdrawal guideline"
    flag = next(f for f in back.flags if f.code == "severe_alcohol_withdrawal")
    assert TITLE in str(source_html(flag.source))


def test_a_source_naming_both_keys_shows_the_guideline_once():
    # a flag saved before the merge and restated by a placement rule that cites the guideline's other key
    old = Flag.from_dict(
        {
            "code": "moderate_alcohol_withdrawal",
            "message": "CIWA-Ar in the moderate withdrawal band",
            "severity": "warning",
            "action": "Prescriber review",
            "source": "ciwa_asam2020; ciwa_mdcalc; asam_awm2020; iopkit",
            "calls_for": "medical_review",
            "partial": False,
        }
    )
    html = str(source_html(old.source))
    assert html.count(TITLE) == 1, html
    assert references_html(html).count("<li") == 3  # the guideline, MDCalc, iopkit's own rule
    assert in_words(old.source).count("ASAM 2020 alcohol withdrawal guideline") == 1
