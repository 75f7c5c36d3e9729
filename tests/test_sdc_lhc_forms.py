"""LHC-Forms (NLM's SDC renderer, npm ``lforms``) renders iopkit's Questionnaires in Chromium.

The built LHC-Forms files are served from 127.0.0.1 (``make nodedeps`` installs them in tests/js;
no CDN, every other request is aborted by the ``page`` fixture).  Each form is answered by clicking
its radio buttons, only where LHC-Forms shows the question; the QuestionnaireResponse LHC-Forms
produces is imported back into iopkit, which must give the same total, band and flags as scoring
the same answers directly, agree with the total LHC-Forms computed from the calculatedExpression,
and skip exactly the questions LHC-Forms hid.  The form's own instruction for a question (the CIWA-Ar's) is a
help text LHC-Forms shows behind the question's help button.
"""

from __future__ import annotations

import functools
import http.server
import random
import threading

import pytest

import iopkit
from iopkit.interop import from_fhir, sdc
from iopkit.interop.fhir import _link_id, context_link_id

from .test_sdc import JS
from .test_withdrawal_scale_texts import CIWA_AR

pytestmark = pytest.mark.browser

#: item number -> forced answer, to walk each skip path at least once.
CASES = {
    "phq9": [{}, {9: 2}, {}],
    "gad7": [{}, {}],
    "audit": [{1: 0}, {1: 2, 2: 0, 3: 0}, {1: 3, 2: 2}, {}],
    "cssrs_screen": [{2: 0, 6: 0}, {1: 1, 2: 1, 6: 1}, {2: 1, 6: 0}, {}],
    "ciwa_ar": [{6: 0, 7: 0, 8: 0, 10: 0}, {7: 4, 10: 2}],
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def lhc_forms_url():
    if not (JS / "node_modules" / "lforms" / "dist").is_dir():
        pytest.fail("LHC-Forms is not installed: run `make nodedeps` (npm ci in tests/js)")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(JS)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/lhc-forms.html"
    server.shutdown()


def show(page, questionnaire: dict) -> None:
    error = page.evaluate(
        """async q => {
        try { await LForms.Util.addFormToPage(q, 'form'); return null; }
        catch (e) { return String(e && e[0] && (e[0].message || e[0]) || e); } }""",
        questionnaire,
    )
    assert error is None, error


def option_id(link: str, coding: dict) -> str:
    return f'[id="{link}/1|{coding["system"]}|{coding["code"]}"]'


# After a click: wait until the option reads as chosen, then two frames, so that LHC-Forms has shown or hidden
# the questions its enableWhen rules decide before the test looks at the next one (a race seen once in a full run).
SETTLE = """el => new Promise(done => {
    const started = performance.now();
    const input = el.matches("input") ? el : el.querySelector("input");
    const tick = () => (!input || input.checked || performance.now() - started > 10000)
        ? requestAnimationFrame(() => requestAnimationFrame(done)) : setTimeout(tick, 20);
    tick();
})"""


def choose(page, selector: str) -> None:
    """Click an answer option and wait for LHC-Forms to settle."""
    option = page.locator(selector)
    option.click()
    option.evaluate(SETTLE)


@pytest.mark.parametrize("code", sorted(CASES))
def test_lhc_forms_answers_import_into_iopkit_with_the_same_result(code, page, lhc_forms_url):
    inst = iopkit.instrument(code)
    questionnaire = sdc.questionnaire(code)
    by_link = {item["linkId"]: item for item in questionnaire["item"]}
    questions = [by_link[_link_id(item)] for item in inst.items]
    page.goto(lhc_forms_url)
    page.wait_for_function("!!(window.LForms && LForms.Util && LForms.FHIR && LForms.Util.addFormToPage)")
    rng = random.Random(sum(map(ord, code)))
    for forced in CASES[code]:
        show(page, questionnaire)
        page.wait_for_selector(option_id(questions[0]["linkId"], questions[0]["answerOption"][0]["valueCoding"]))
        answers, shown, context = [], set(), {}
        if "sex" in inst.context:  # AUDIT asks sex on its LOINC form (item 46098-0)
            sex_item = by_link[context_link_id(inst, "sex")]
            option = rng.choice(sex_item["answerOption"])
            choose(page, option_id(sex_item["linkId"], option["valueCoding"]))
            context["sex"] = option["valueCoding"]["code"]
        for number, item in enumerate(questions, start=1):
            options = item["answerOption"]
            first = page.locator(option_id(item["linkId"], options[0]["valueCoding"]))
            if first.count() == 0 or not first.is_visible():
                answers.append(None)  # LHC-Forms hides it (enableWhen / enableWhenExpression)
                continue
            shown.add(number)
            code_ = forced.get(number, rng.choice(inst.item(number).codes))
            option = next(o for o in options if o["valueCoding"]["code"] in (str(code_), _la(inst, number, code_)))
            choose(page, option_id(item["linkId"], option["valueCoding"]))
            answers.append(code_)
        # the questions LHC-Forms hid are exactly those the definition's skip rules leave unasked
        unasked = {
            n
            for rule in inst.skip_rules
            if all(answers[w - 1] in codes for w, codes in rule.when)
            for n in rule.unasked
        }
        assert shown == set(range(1, len(questions) + 1)) - unasked, (code, answers)
        direct = iopkit.score(code, answers, **context)
        total_link = next(iter(sdc.calculated_expressions(code)))
        if inst.aggregate == "sum":  # LHC-Forms recalculates after the last click: wait for it to settle
            page.wait_for_function(
                "([link, want]) => { const r = LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', "
                "document.getElementById('form')); const t = (r.item || []).find(i => i.linkId === link); "
                "return t && t.answer && t.answer[0].valueDecimal === want; }",
                arg=[total_link, direct.total],
                timeout=15_000,
            )
        response = page.evaluate(
            "() => LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', document.getElementById('form'))"
        )
        imported = from_fhir(response)
        assert (imported.total, imported.band, imported.flags) == (direct.total, direct.band, direct.flags)
        assert imported == direct
        lhc_total = next(i["answer"][0]["valueDecimal"] for i in response["item"] if i["linkId"] == total_link)
        if inst.aggregate == "sum":
            assert lhc_total == direct.total
        else:  # C-SSRS: the highest level LHC-Forms computed lies in iopkit's band
            band = next(b for b in inst.scheme(direct.basis.scheme).bands if b.label == direct.band)
            assert band.low <= lhc_total <= band.high
    assert not [e for e in page.console_errors if "favicon" not in e]


def _la(inst, number: int, code: int) -> str:
    from iopkit.interop.fhir import _answer_list

    return {c: la for la, c in _answer_list(inst, inst.item(number)).items()}.get(code, "")


def test_lhc_forms_shows_each_ciwa_ar_instruction_as_its_questions_help(page, lhc_forms_url):
    # each instruction typed from the published form (tests/test_withdrawal_scale_texts.py), opened as LHC-Forms
    # shows it: the question's help button, then its popover
    page.goto(lhc_forms_url)
    page.wait_for_function("!!(window.LForms && LForms.Util && LForms.FHIR && LForms.Util.addFormToPage)")
    show(page, sdc.questionnaire("ciwa_ar"))
    for number, (title, instruction, *_) in CIWA_AR.items():
        button = page.locator(f'[id="help-button-{number}/1"]')
        assert button.get_attribute("aria-label") == f"Help button for {title[:1].upper() + title[1:]}"
        button.click()
        content = page.locator(f'[id="help-content-{number}/1"]')
        assert content.inner_text() == instruction
        page.keyboard.press("Escape")  # closes the popover, which would cover the next button
        content.wait_for(state="hidden")
    assert not [e for e in page.console_errors if "favicon" not in e]
