"""Pages generated from the package itself at every build: the clinical reference, the bibliography
and the notebooks (copied with their stored outputs, never executed).

Everything is read from the installed ``iopkit``: the instrument definitions (``iopkit.instruments``),
the placement rule table (``iopkit.placement.RULES``) and the shipped bibliography
(``iopkit/bibliography/*.toml`` through ``iopkit.sources``). Nothing here is typed by hand, so the site
cannot drift from the code. The generated files live in ``docs/generated/`` (ignored by git).
"""

from __future__ import annotations

import shutil
import tomllib
from importlib import resources
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent
OUT = DOCS / "generated"
NOTEBOOKS = DOCS.parent / "notebooks"


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def _cite(keys: str) -> str:
    """A rule's ``source`` field as links to the bibliography entries."""
    from iopkit.sources import resolve

    return (
        "; ".join(
            f"{{ref}}`{_cell(s.short).replace('<', '&lt;').replace('`', '')} <bib-{s.key}>`" for s in resolve(keys)
        )
        or "-"
    )


def _when(condition) -> str:
    what = (
        f"item {condition.item}"
        if condition.item
        else f"subscore {condition.subscore}"
        if condition.subscore
        else "total"
        if condition.total
        else "band"
    )
    if condition.bands:
        return f"band in {', '.join(condition.bands)}"
    low, high = condition.at_least, condition.at_most
    if high == float("inf"):
        return f"{what} >= {low:g}"
    if low == float("-inf"):
        return f"{what} <= {high:g}"
    return f"{what} {low:g}-{high:g}"


def instruments_page() -> str:
    from iopkit.instruments import CATALOGUE

    lines = [
        "# Instruments",
        "",
        "Generated from the instrument definitions in `iopkit/instruments/`: items, banding schemes, skip "
        "rules and safety flags, each with its source from the [bibliography](bibliography.md). "
        f"{len(CATALOGUE)} instruments.",
        "",
    ]
    for inst in CATALOGUE.values():
        total = (
            f"; total {inst.total_range[0]}-{inst.total_range[1]} ({inst.aggregate})"
            if inst.aggregate and inst.total_range
            else f"; {inst.aggregate} of the items"
            if inst.aggregate
            else "; subscales only"
        )
        lines += [
            f"## {inst.name}",
            "",
            f"Code `{inst.code}`; {len(inst.items)} items"
            + total
            + (f"; LOINC panel {inst.loinc_total}" if getattr(inst, "loinc_total", "") else "")
            + ".",
            "",
            f"Source: {_cite(inst.citation)}. Licence: {inst.licence}",
            "",
        ]
        for scheme in inst.schemes:
            lines += [
                f"**Bands** (`{scheme.id}`, {_cite(scheme.source)})",
                "",
                "| score | band | meaning |",
                "|---|---|---|",
            ]
            lines += [f"| {b.low}-{b.high} | {b.label} | {_cell(b.meaning)} |" for b in scheme.bands]
            for sex, bands in scheme.by_sex.items():
                lines += [f"| {sex}: {b.low}-{b.high} | {b.label} | {_cell(b.meaning)} |" for b in bands]
            lines.append("")
        if inst.skip_rules:
            lines += ["**Skip rules**", ""]
            for rule in inst.skip_rules:
                when = " and ".join(f"item {item} is {' or '.join(map(str, codes))}" for item, codes in rule.when)
                lines.append(
                    f"- when {when}: items {', '.join(map(str, rule.unasked))} are not asked "
                    f"(score {rule.fill}); {_cite(rule.source)}"
                )
            lines.append("")
        if inst.flags:
            lines += [
                "**Safety flags**",
                "",
                "| flag | severity | calls for | raised when | what to do | source |",
                "|---|---|---|---|---|---|",
            ]
            for flag in inst.flags:
                lines.append(
                    f"| `{flag.code}`: {_cell(flag.message)} | {flag.severity} | {flag.calls_for} | "
                    f"{_cell('; or '.join(_when(w) for w in flag.when))} | {_cell(flag.action)} | "
                    f"{_cite(flag.source)} |"
                )
            lines.append("")
    return "\n".join(lines)


def placement_page() -> str:
    from iopkit.placement.rule_table import DIMENSIONS, RATINGS, RULES

    lines = [
        "# Placement rule table",
        "",
        "Generated from `iopkit.placement.RULES`: for each of the six dimensions and its risk rating, the "
        "least intensive level of care that safely meets it. This is iopkit's own open, cited, "
        '"ASAM-informed" table, not the ASAM Criteria; rows marked as iopkit\'s own rule are design '
        "choices to review locally.",
        "",
        "| dimension | rating | level | withdrawal management | rule | source |",
        "|---|---|---|---|---|---|",
    ]
    for rule in RULES:
        level = rule.level.value if rule.level is not None else "-"
        wm = rule.withdrawal_management.value if rule.withdrawal_management is not None else "-"
        lines.append(
            f"| {rule.dimension}. {_cell(DIMENSIONS[rule.dimension])} | {rule.rating} "
            f"({RATINGS[rule.rating]}) | {level} | {wm} | {_cell(rule.rule)} | {_cite(rule.source)} |"
        )
    return "\n".join(lines) + "\n"


def bibliography_page() -> str:
    from iopkit.sources import OWN_RULE, sources

    known = sources()
    lines = [
        "# Bibliography",
        "",
        "Generated from the bibliography shipped in the package (`iopkit/bibliography/*.toml`). Every rule, "
        "band and flag cites one of these keys; the key `iopkit` marks iopkit's own design choices.",
        "",
    ]
    folder = resources.files("iopkit") / "bibliography"
    files = sorted((e for e in folder.iterdir() if e.name.endswith(".toml")), key=lambda e: e.name)
    groups = [("iopkit's own rules", [OWN_RULE])]
    for entry in files:
        title = f"{entry.name.removesuffix('.toml').title()} (`{entry.name}`)"
        groups.append((title, list(tomllib.loads(entry.read_text(encoding="utf-8")))))
    for title, keys in groups:
        lines += [f"## {title}", ""]
        for key in keys:
            entry = known[key]
            link = f" <{entry.url}>" if entry.url else ""
            lines += [
                f"(bib-{key})=",
                f"### {entry.short} (`{key}`)",
                "",
                f"{entry.citation}{link}",
                "",
                f"*Supports:* {entry.supports}",
                "",
            ]
    return "\n".join(lines)


def write(app=None) -> None:
    """Write the generated pages and copy the notebooks (called when the build starts)."""
    OUT.mkdir(exist_ok=True)
    pages = {
        "instruments.md": instruments_page(),
        "placement.md": placement_page(),
        "bibliography.md": bibliography_page(),
    }
    for name, text in pages.items():
        target = OUT / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:  # unchanged: no rebuild
            target.write_text(text, encoding="utf-8")
    notebooks = OUT / "notebooks"
    notebooks.mkdir(exist_ok=True)
    for notebook in sorted(NOTEBOOKS.glob("*.ipynb")):
        target = notebooks / notebook.name
        if not target.exists() or target.read_bytes() != notebook.read_bytes():
            shutil.copyfile(notebook, target)


def setup(app):
    app.connect("builder-inited", write)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
