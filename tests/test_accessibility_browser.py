"""Accessibility in headless Chromium: answer choices are radio groups (one Tab stop per question, arrow keys,
``aria-checked``), text meets WCAG 2.1 AA contrast on every dashboard page, and nothing is clipped at 1024 px.

Contrast is computed in the page per WCAG 2.1 (relative luminance, (L1 + 0.05) / (L2 + 0.05)) for every
visible element with its own text, over the first opaque background behind it (semi-transparent ones
blended); 4.5:1 is required, 3:1 for large text (>= 24 px, or >= 18.66 px bold).
"""

from __future__ import annotations

import uuid

import pytest

from .conftest import DASHBOARDS, assert_no_callback_failures, open_dashboard

pytestmark = pytest.mark.browser

CONTRAST_JS = """
() => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = (c) => 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  const blend = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let bg = [255, 255, 255, 1];
    for (const c of layers.reverse()) bg = blend(c, bg);
    return bg;
  };
  const failures = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    if (s.visibility === 'hidden' || s.display === 'none' || r.width === 0 || r.height === 0) continue;
    if (el.closest('[style*="display: none"], .widget-output[style*="none"], svg, option')) continue;
    let opacity = 1; for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    const bg = background(el);
    let fg = parse(s.color); fg = blend([fg[0], fg[1], fg[2], fg[3] * opacity], bg);
    const a = lum(fg), b = lum(bg), ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    // WCAG 1.4.3 exempts inactive controls
    const disabled = el.closest(':disabled, .mod-disabled, label:has(input:disabled)');
    if (!disabled && ratio < (large ? 3 : 4.5))
      failures.push(`${ratio.toFixed(2)}:1 ${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 40)}"`);
  }
  return failures;
}
"""

CLIPPED_JS = """
() => [...document.querySelectorAll('input, button, select, textarea')]
  .filter((e) => e.getBoundingClientRect().width > 0 && e.type !== 'radio' && e.type !== 'checkbox')
  .filter((e) => e.scrollWidth > e.clientWidth + 1)
  .map((e) => `${e.tagName} ${e.className} "${(e.value || e.textContent || '').slice(0, 30)}" `
              + `${e.scrollWidth}>${e.clientWidth}`)
"""

PAGES = {
    "00_home.ipynb": ".iop-home",
    "01_intake.ipynb": ".iop-intake",
    "02_placement.ipynb": ".iop-page",
    "03_dose_planner.ipynb": ".iop-dose",
    "04_progress.ipynb": ".iop-page",
    "05_programme.ipynb": ".iop-page",
    "06_groups.ipynb": ".iop-groups-page",
}


def _phq9(page):
    page.locator(".iop-picker input[placeholder='e.g. IOP-0107']").fill(f"A11Y-{uuid.uuid4().hex[:6]}")
    page.get_by_role("button", name="Add patient").click()
    page.wait_for_selector(".iop-status-ok:has-text('Added patient')")
    page.locator(".iop-instrument select").select_option(label="Patient Health Questionnaire-9 (PHQ-9)")
    page.wait_for_selector(".iop-form-phq9 [role=radiogroup]")


def test_phq9_answers_are_radio_groups_with_one_tab_stop_each_and_arrow_keys(voila, page):
    server = voila(DASHBOARDS)
    open_dashboard(server, page, "01_intake.ipynb", ".iop-intake")
    _phq9(page)
    groups = page.locator(".iop-form-phq9 [role=radiogroup]")
    assert groups.count() == 9
    first = groups.nth(0)
    assert "Little interest" in page.evaluate(
        "(g) => document.getElementById(g.getAttribute('aria-labelledby')).textContent", first.element_handle()
    )
    assert first.get_by_role("radio").count() == 4
    first.get_by_role("radio", name="0 Not at all").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")  # moves the answer to "1 Several days"
    page.wait_for_function("() => document.querySelector('.iop-item-1 input[aria-checked=true]')?.value === '1'")
    # Tab goes to the next question's group, not to the next answer of the same question: one stop per question.
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.closest('.iop-answer').className")
    assert "iop-item-2" in focused
    stops = page.evaluate("""() => { const seen = new Set();
        document.querySelectorAll('.iop-form-phq9 input[type=radio]').forEach((r) => seen.add(r.name));
        return seen.size; }""")
    assert stops == 9
    page.wait_for_selector(".iop-result:has-text('answered')")
    assert_no_callback_failures(server)


#: The widths every page is checked at: a laptop (1366) and the smallest the clinic supports (1024).
WIDTHS = (1366, 1024)


def test_every_page_meets_aa_contrast_and_nothing_is_clipped(voila, page):
    # each page loaded once and checked at each width in turn (a window resized: the page reflows as a user's does)
    server = voila(DASHBOARDS)
    problems = {}
    for notebook, ready in PAGES.items():
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        open_dashboard(server, page, notebook, ready)
        if notebook == "01_intake.ipynb":
            _phq9(page)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(300)
            low = page.evaluate(CONTRAST_JS)
            clipped = page.evaluate(CLIPPED_JS)
            if low or clipped:
                problems[f"{notebook} at {width} px"] = {"contrast": low[:15], "clipped": clipped[:10]}
    assert not problems, problems
    assert_no_callback_failures(server)
