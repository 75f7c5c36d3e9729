"""One form component for every instrument, built from its definition.

Each item shows its number, stem and allowed answers, and under the stem, in smaller type, the form's own
instruction for the item where it prints one (what to ask or observe: CIWA-Ar).  Answers are a radio group
shown as a row of buttons for up to six answers (and yes/no): one Tab stop per question, arrow keys move the
answer, and assistive technology hears a radio group named by its question and described by the instruction
(see :func:`radio_semantics`);
a dropdown for longer answer lists, a text box for day counts; items an instrument's skip rule
leaves unasked are shown as "not asked". Context the instrument takes (e.g. sex for AUDIT-C) is
a labelled dropdown. Scoring is live: every change re-scores through :func:`iopkit.score`, which
validates every answer (widget values are untrusted: any client can set any trait).
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import traitlets

from .base import StatusArea, guarded
from .page import BLANK, picked, script_output
from .render import flags_html, score_html, source_html

__all__ = ["MAX_BUTTONS", "InstrumentForm", "radio_semantics"]

#: Answer lists longer than this use a dropdown instead of buttons.
MAX_BUTTONS = 6
NOT_ANSWERED = "— not answered —"


def _option_label(option) -> str:
    return f"{option.code} {option.label}".strip() if option.label else str(option.code)


def _control(item) -> widgets.Widget | None:
    """The input widget for one item (``None`` for items recorded elsewhere)."""
    if item.kind == "not_recorded":
        return None
    if item.kind == "count":
        low, high = item.count_range
        return widgets.Text(placeholder=f"{low}-{high}", layout={"width": "8em"})
    options = [(_option_label(o), o.code) for o in item.options]
    if len(options) <= MAX_BUTTONS:
        control = widgets.RadioButtons(options=options, value=None, layout={"width": "auto"})
        control.add_class("iop-choice")
    else:
        control = widgets.Dropdown(options=[(NOT_ANSWERED, BLANK), *options], value=BLANK)
    return control


_EMPTY = {widgets.RadioButtons: None, widgets.Text: ""}

#: Makes each answer group a named radio group (ipywidgets' radio inputs share no ``name``, so each radio
#: would be its own Tab stop and arrow keys would not move the answer), with ``role="radiogroup"`` labelled
#: by its question and ``aria-checked`` kept in step; where the question shows the form's instruction
#: (``iop-instruction``), the group is named by the question alone (``iop-question``) and described by the
#: instruction (``aria-describedby``), as is a dropdown of answers.  Runs once per page, from this package
#: (nothing fetched).
RADIO_SEMANTICS_JS = """
(() => {
  if (window.iopRadioSemantics) { window.iopRadioSemantics(); return; }
  let next = 0;
  // A question showing the form's instruction: named by the question alone, described by the instruction
  // (ids set again after each redraw of the question, which drops them).
  const describe = (control, stem) => {
    const question = stem && stem.classList.contains('iop-stem') && stem.querySelector('.iop-question');
    const help = question && stem.querySelector('.iop-instruction');
    if (!help) return;
    const id = control.dataset.iopGroup || (control.dataset.iopGroup = 'iop-answer-' + (++next));
    question.id = id + '-name';
    help.id = id + '-instruction';
    control.setAttribute('aria-labelledby', question.id);
    control.setAttribute('aria-describedby', help.id);
  };
  const sync = (box) => box.querySelectorAll('input[type=radio]').forEach(
    (r) => r.setAttribute('aria-checked', r.checked ? 'true' : 'false'));
  const fix = () => {
    document.querySelectorAll('.iop-choice .widget-radio-box').forEach(group);
    document.querySelectorAll('.iop-items .widget-dropdown.iop-answer select').forEach(
      (select) => describe(select, select.closest('.iop-answer').previousElementSibling));
  };
  const group = (box) => {
    if (!box.dataset.iopGroup) {
      box.dataset.iopGroup = 'iop-answer-' + (++next);
      box.setAttribute('role', 'radiogroup');
      const choice = box.closest('.iop-choice');
      const own = choice.querySelector(':scope > .widget-label');
      const stem = own && own.textContent.trim() ? own : choice.previousElementSibling;
      if (stem && (stem === own || stem.classList.contains('iop-stem'))) {
        stem.id = stem.id || box.dataset.iopGroup + '-question';
        box.setAttribute('aria-labelledby', stem.id);
      }
    }
    describe(box, box.closest('.iop-choice').previousElementSibling);
    box.querySelectorAll('input[type=radio]').forEach((r) => { r.name = box.dataset.iopGroup; });
    sync(box);
  };
  window.iopRadioSemantics = fix;
  document.addEventListener('change', (e) => {
    const box = e.target.closest && e.target.closest('.iop-choice .widget-radio-box');
    if (box) sync(box);
  }, true);
  new MutationObserver(() => { clearTimeout(window.iopRadioTimer); window.iopRadioTimer = setTimeout(fix, 30); })
    .observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['disabled']});
  setInterval(() => document.querySelectorAll('.iop-choice .widget-radio-box').forEach(sync), 500);
  fix();
})();
"""


def radio_semantics() -> widgets.Output:
    """A hidden output that gives the page's answer groups their radio-group semantics (:data:`RADIO_SEMANTICS_JS`).

    Returns
    -------
    ipywidgets.Output
        The hidden output running the script; display it once on the page.
    """
    out = widgets.Output(layout={"display": "none"})
    out.outputs = script_output(RADIO_SEMANTICS_JS)
    return out


def _read(control) -> object:
    """The answer a control holds (counts parsed if they look like whole numbers; the library checks)."""
    if isinstance(control, widgets.Text):
        text = control.value.strip()
        if not text:
            return None
        return int(text) if text.isdigit() else text
    return picked(control.value)


class InstrumentForm(widgets.VBox):
    """Answer one instrument; ``score`` holds the live :class:`~iopkit.scoring.Score` (``None`` until complete).

    ``flags`` (an HTML widget, ``iop-flags-area``) and ``result`` (``iop-result``) show the flags and
    the scored result; the page places them where they cannot be missed.  An answer the instrument
    refuses shows its message in ``status`` (the flags of the other answers still show).

    Parameters
    ----------
    instrument : Instrument
        The instrument to answer (its items give the controls).
    status : StatusArea
        Where refused answers are shown.
    """

    score = traitlets.Any(None, allow_none=True)

    def __init__(self, instrument, status: StatusArea) -> None:
        self.instrument = instrument
        self.status = status
        self.controls: dict[int, widgets.Widget] = {}
        self.context_controls: dict[str, widgets.Dropdown] = {}
        self.notes: dict[int, widgets.HTML] = {}
        self.flags = widgets.HTML()
        self.flags.add_class("iop-flags-area")
        self.result = widgets.HTML()
        self.result.add_class("iop-result")
        header = widgets.HTML(
            f"<h3>{html.escape(instrument.name)}</h3>"
            + (f"<p>Time frame: {html.escape(instrument.timeframe)}</p>" if instrument.timeframe else "")
            + f'<div class="iop-source">{source_html(instrument.citation)}. '
            f"Licence: {html.escape(instrument.licence)}</div>"
        )
        cells: list[widgets.Widget] = []
        for item in instrument.items:
            control = _control(item)
            tag = f"{item.label} · " if item.label else ""
            question = f'<span class="iop-item-number">{item.number}.</span> {html.escape(tag + item.stem)}'
            if item.instruction:  # the form's own instruction, a second line under the question
                question = (
                    f'<span class="iop-question">{question}</span>'
                    f'<span class="iop-instruction">{html.escape(item.instruction)}</span>'
                )
            note = widgets.HTML(question)
            note.add_class("iop-stem")
            self.notes[item.number] = note
            if control is None:
                control = widgets.HTML('<span class="iop-not-asked">recorded elsewhere (not scored)</span>')
            else:
                self.controls[item.number] = control
                control.observe(guarded(status)(self._changed), names="value")
            control.add_class(f"iop-item-{item.number}")
            control.add_class("iop-answer")
            cells += [note, control]
        grid = widgets.GridBox(
            cells,
            layout=widgets.Layout(
                grid_template_columns="minmax(16em, 1fr) auto", grid_gap="4px 12px", align_items="center"
            ),
        )
        grid.add_class("iop-items")
        context = []
        for key, (allowed, default) in instrument.context.items():
            dropdown = widgets.Dropdown(
                description=key.replace("_", " ").capitalize(),
                options=[("unknown", BLANK) if v is None else (str(v).replace("_", " "), v) for v in allowed],
                value=BLANK if default is None else default,
                style={"description_width": "initial"},
            )
            dropdown.add_class(f"iop-context-{key}")
            dropdown.observe(guarded(status)(self._changed), names="value")
            self.context_controls[key] = dropdown
            context.append(dropdown)
        super().__init__([header, *context, grid, radio_semantics()])
        self.add_class("iop-form")
        self.add_class(f"iop-form-{instrument.code}")
        self._changed(None)

    def unasked(self) -> set[int]:
        """Items the instrument's skip rules leave unasked, given the answers so far."""
        answers = {n: _read(c) for n, c in self.controls.items()}
        out: set[int] = set()
        for rule in self.instrument.skip_rules:
            if all(answers.get(n) in codes for n, codes in rule.when):
                out |= set(rule.unasked)
        return out

    def answers(self):
        """The answers as :func:`iopkit.score` takes them (grouped for instruments like CRAFFT)."""
        unasked = self.unasked()
        by_item = {
            item.number: None
            if item.number in unasked or item.number not in self.controls
            else _read(self.controls[item.number])
            for item in self.instrument.items
        }
        if self.instrument.groups:
            return {name: [by_item[n] for n in numbers] for name, numbers in self.instrument.groups}
        return by_item

    def context(self) -> dict:
        return {key: picked(dropdown.value) for key, dropdown in self.context_controls.items()}

    def missing(self) -> list[int]:
        """Items still to answer (skip-rule items excluded)."""
        unasked = self.unasked()
        return [n for n, c in self.controls.items() if n not in unasked and _read(c) is None]

    def answered(self) -> int:
        """How many items hold an answer (entered, whether or not the form is complete)."""
        return sum(_read(c) is not None for c in self.controls.values())

    def _show_unasked(self) -> None:
        unasked = self.unasked()
        for number, control in self.controls.items():
            skipped = number in unasked
            control.disabled = skipped
            if skipped and _read(control) is not None:
                control.value = _EMPTY.get(type(control), BLANK)
            note = self.notes[number]
            marker = ' <span class="iop-not-asked">(not asked: skip rule)</span>'
            if skipped and marker not in note.value:
                note.value += marker
            elif not skipped:
                note.value = note.value.replace(marker, "")

    def _changed(self, _change) -> None:
        from .. import score
        from ..errors import IncompleteResponseError, IopkitError

        self._show_unasked()
        self.score = None  # cleared first: a refused answer must not leave an old result behind
        self.flags.value = self.result.value = ""
        missing = self.missing()
        try:
            result = score(self.instrument.code, self.answers(), **self.context())
        except IncompleteResponseError as error:
            # Whatever the answers so far already make certain is flagged at once, before the form is complete.
            self.flags.value = flags_html(error.flags)
            answered = len(self.controls) - len(self.unasked()) - len(missing)
            todo = (
                f"Still to answer: item{'s' if len(missing) > 1 else ''} {', '.join(map(str, missing))}."
                if missing
                else html.escape(str(error))
            )
            self.result.value = (
                f'<div class="iop-score iop-incomplete">{answered} of {answered + len(missing)} '
                f"answered: not scored until every item is answered. {todo}</div>"
            )
            return
        except IopkitError as error:  # a refused answer: the flags the other answers raise still show
            self.flags.value = flags_html(error.flags)
            raise
        self.score = result
        self.flags.value = flags_html(result.flags)
        self.result.value = score_html(result, self.instrument.name, self.instrument.total_range)

    def reset(self) -> None:
        """Clear every answer."""
        for control in self.controls.values():
            control.value = _EMPTY.get(type(control), BLANK)
