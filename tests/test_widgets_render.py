"""How flags and sources read on the pages and the printout (render functions tested as text, no widgets)."""

from __future__ import annotations

from iopkit.flags import CallsFor, Flag
from iopkit.sources import sources
from iopkit.widgets.render import (
    CALLS_FOR_TEXT,
    PARTIAL_TEXT,
    flags_html,
    references_html,
    source_html,
    summary_document,
)


def _flag(code="si", severity="critical", **kw):
    return Flag(
        code,
        kw.pop("message", f"{code} found"),
        severity,
        kw.pop("action", "Act today"),
        kw.pop("source", "iopkit"),
        **kw,
    )


class TestFlags:
    def test_a_flag_from_an_unfinished_form_reads_as_a_lower_bound_and_asks_for_the_rest(self):
        out = flags_html([_flag(calls_for="risk_assessment", partial=True)])
        assert "iop-flag-partial" in out and "Unfinished form: a lower bound" in out
        assert "the remaining questions could raise it: ask them now" in out

    def test_a_flag_from_a_complete_form_makes_no_lower_bound_claim(self):
        out = flags_html([_flag(calls_for="risk_assessment")])
        assert "iop-flag-partial" not in out and PARTIAL_TEXT not in out

    def test_every_kind_of_response_a_flag_can_call_for_is_said_in_plain_words(self):
        assert set(CALLS_FOR_TEXT) == {c.value for c in CallsFor}
        for calls_for in CallsFor:  # a warning: a critical medical review says "now" (re-review note 7, below)
            out = flags_html([_flag(severity="warning", calls_for=calls_for)])
            text = out.split(f'data-calls-for="{calls_for.value}">')[1].split("<")[0]
            assert text == CALLS_FOR_TEXT[calls_for.value].replace("'", "&#x27;") and "_" not in text

    def test_a_risk_assessment_flag_says_it_is_an_assessment_today_not_a_level_change(self):
        out = flags_html([_flag(calls_for="risk_assessment")])
        assert "suicide risk assessment" in out and "today" in out

    def test_flags_are_most_urgent_first_without_duplicates(self):
        info, warning, critical = _flag("a", "info"), _flag("b", "warning"), _flag("c", "critical")
        out = flags_html([info, warning, critical, info])
        assert out.index('data-code="c"') < out.index('data-code="b"') < out.index('data-code="a"')
        assert out.count('data-code="a"') == 1

    def test_only_a_critical_flag_is_an_alert(self):
        assert flags_html([_flag(severity="warning")]).count('role="alert"') == 0
        assert flags_html([_flag(severity="critical")]).count('role="alert"') == 1

    def test_messages_are_escaped(self):
        assert "<b>" not in flags_html([_flag(message="<b>x</b>")])


class TestSources:
    def test_iopkits_own_rule_reads_in_plain_words_with_the_explanation_on_demand(self):
        out = source_html("iopkit")
        assert "own rule, not from a published source; review locally" in out
        assert "<details" in out and "iop-own-rule" in out and "Review it against local policy" in out

    def test_a_bibliography_key_shows_the_short_form_inline_and_the_full_citation_on_demand(self):
        published = [s for s in sources().values() if not s.own_rule]
        if not published:  # the bibliography files are filled by the instrument and placement work
            return
        s = published[0]
        out = source_html(s.key)
        summary = out.split("<summary>")[1].split("</summary>")[0]
        assert summary == s.short.replace("&", "&amp;").replace("'", "&#x27;").replace('"', "&quot;")
        assert f'data-source-key="{s.key}"' in out

    def test_several_keys_are_each_cited(self):
        out = source_html("iopkit; asam_awm2020")
        assert out.count("<details") == 2
        # one source named twice (or by a retired key beside the kept one) is cited once (the bibliography's merged
        # keys, session 23: was "iopkit; iopkit" cited twice)
        assert source_html("iopkit; iopkit").count("<details") == 1
        assert source_html("asam_awm2020; ciwa_asam2020").count("<details") == 1

    def test_text_that_is_not_a_key_is_shown_escaped_as_it_is(self):
        out = source_html("Smith <2001>")
        assert "Smith &lt;2001&gt;" in out and "<details" not in out

    def test_no_source_shows_nothing(self):
        assert source_html("") == "" and source_html(None) == ""


class TestPrintout:
    def test_the_printout_ends_with_the_full_citation_of_every_source_it_cites_once(self):
        body = flags_html([_flag("a"), _flag("b", "warning")])
        document = summary_document("Summary", [("Flags", body)], "not a diagnosis", "2026-01-05 10:00")
        references = document.split("<h2>References</h2>")[1]
        assert references.count("<li") == 1 and "iopkit design choice" in references

    def test_a_printout_citing_nothing_has_no_reference_list(self):
        document = summary_document("Summary", [("Notes", "<p>none</p>")], "not a diagnosis", "2026-01-05 10:00")
        assert "References" not in document and references_html("<p>none</p>") == ""


class TestPlacementHeadline:
    def test_residential_withdrawal_management_leads_the_recommendation(self):
        from iopkit.placement import recommend
        from iopkit.widgets.render import recommendation_html

        out = recommendation_html(recommend({1: 3, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1}))
        headline = out.split('class="iop-headline">')[1].split("</div>")[0]
        assert "First: 3.7-WM" in headline and "then reassess" in headline
        assert "iop-withdrawal-first" in out and "Level 1 (Outpatient) after withdrawal management" in out

    def test_without_residential_withdrawal_management_the_level_leads(self):
        from iopkit.placement import recommend
        from iopkit.widgets.render import recommendation_html

        out = recommendation_html(recommend({1: 0, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1}))
        headline = out.split('class="iop-headline">')[1].split("</div>")[0]
        assert "Recommended: Level 2.1 (Intensive outpatient)" in headline and "iop-withdrawal-first" not in out

    def test_level_4_for_dimension_3_manages_withdrawal_within_it_not_first(self):
        # dimension 3 rated 4, dimension 1 rated 1: Level 4's 4-WM is its own, not a withdrawal stay first (ASAM
        # Criteria 2013: the withdrawal-management level follows dimension 1; physician review 8): the page says
        # neither "after withdrawal management" nor styles it withdrawal-first, as the headline says "within it"
        from iopkit.placement import recommend
        from iopkit.widgets.render import recommendation_html

        out = recommendation_html(recommend({1: 1, 2: 0, 3: 4, 4: 1, 5: 1, 6: 1}))
        headline = out.split('class="iop-headline">')[1].split("</div>")[0]
        assert "any withdrawal managed within it" in headline
        assert "after withdrawal management" not in out and "iop-withdrawal-first" not in out


class TestEveryPageShowsWhatAFlagCallsFor:
    PHQ9_ITEM9 = (1, 1, 2, 1, 0, 1, 2, 1, 1)

    def test_progress_review_and_printout_say_what_the_item_9_flag_calls_for_and_cite_it(self, store, patient):
        import base64
        import html

        from iopkit import score
        from iopkit.placement import Placement, recommend
        from iopkit.widgets import progress_app

        store.save(patient, Placement(recommend({1: 0, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1})), by="KM")
        store.save(patient, score("phq9", self.PHQ9_ITEM9), by="KM")
        app = progress_app(store)
        app.start()
        app.picker.choose.value = patient
        # R25a 3: the review's suicide box says what the flag calls for in its next step, once (no "Calls for" line)
        said = "Ask about suicidal thoughts today and complete a suicide risk assessment (e.g. C-SSRS) before the"
        assert said in html.unescape(app.review_view.value)
        assert 'data-calls-for="risk_assessment"' not in app.review_view.value
        document = base64.b64decode(app.summary.value.split("base64,", 1)[1].split('"')[0]).decode()
        assert said in html.unescape(document) and "Calls for a suicide risk assessment" not in document
        references = document.split("<h2>References</h2>")[1]
        assert "Kroenke" in references and "[S]" not in document


# The physician re-review (note 7): under "Act now", a critical withdrawal flag (CIWA-Ar hallucinations or
# disorientation: possible withdrawal delirium, ASAM 2020 alcohol withdrawal guideline, Rec VI.7) calls for a
# prescriber's medical review now, never "a prescriber's or nurse's review today"; a warning keeps the day's review.
def test_a_critical_medical_review_flag_calls_for_a_prescribers_review_now():
    import html

    from iopkit.markup import flags_html

    critical = html.unescape(
        flags_html([Flag("complicated_withdrawal", "CIWA-Ar item 10 at 2", "critical", calls_for="medical_review")])
    )
    assert "Act now" in critical and "Calls for a prescriber's (medical) review now." in critical
    assert "nurse's review today" not in critical
    warning = html.unescape(flags_html([Flag("withdrawal_risk", "PAWSS 5", "warning", calls_for="medical_review")]))
    assert "Calls for a prescriber's or nurse's review today, before the patient leaves." in warning
