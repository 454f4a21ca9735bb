"""The rule catalogue shown to people: `svcstd rules` (a table, plain lines or JSON) and
`svcstd explain`.

Everything shown comes from the registry and the locale files, so a rule documents itself
where it is declared and a language is one more file under `locales/`.
"""

from __future__ import annotations

import io
import json
import re

from rich.cells import cell_len
from rich.console import Console, Group
from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from . import catalogue
from .catalogue import Rule, ui

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _console(buffer: io.StringIO, color: bool, width: int | None) -> Console:
    return Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        color_system="auto" if color else None,
        width=width or 100,
        highlight=False,
        emoji=False,
    )


def rule_data(rule: Rule, lang: str = "en") -> dict:
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity,
        "family": rule.family,
        "summary": catalogue.text(rule.code, "summary", lang),
        "rationale": catalogue.text(rule.code, "rationale", lang),
        "bad": rule.bad,
        "good": rule.good,
        "fix": rule.fix or None,
        "fixes": [{"kind": kind, "description": fix_description(rule, index, lang)} for index, (kind, _) in enumerate(rule.fixes)],
    }


def fix_description(rule: Rule, index: int, lang: str = "en") -> str:
    """What `svcstd fix` changes for this rule (its `index`-th fix), in `lang`."""
    kind, english = rule.fixes[index]
    if lang == "en":
        return english
    return catalogue._locale(lang).get("_authoring", {}).get(f"fix.{rule.code}.{index}", english)


def rules_json(lang: str = "en") -> str:
    return json.dumps([rule_data(r, lang) for r in catalogue.all_rules()], ensure_ascii=False, indent=2) + "\n"


# A wide (CJK) character, or a run of anything else up to and with its trailing spaces.
_BREAK_UNIT = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]\s*|[^\s\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+\s*|\s+")
# Chinese line-breaking rules: these never begin a line, those never end one.
_NO_LINE_START = set("，。、；：！？）」』】》”’…%,.;:!?)")
_NO_LINE_END = set("（「『【《“‘(")


def wrap_cells(text: str, width: int) -> str:
    """Wrap to `width` terminal cells. Chinese has no spaces, so a line may break between
    any two Chinese characters (not before a closing mark or after an opening one); Latin
    words break at spaces. rich breaks at spaces only, and cut Chinese summaries with "…"."""
    units: list[str] = []
    for piece in _BREAK_UNIT.findall(" ".join(text.split())):
        if units and (piece[0] in _NO_LINE_START or units[-1].rstrip()[-1:] in _NO_LINE_END):
            units[-1] += piece
        else:
            units.append(piece)
    lines, current = [], ""
    for unit in units:
        if current and cell_len((current + unit).rstrip()) > width:
            lines.append(current.rstrip())
            current = unit
        else:
            current += unit
    lines.append(current.rstrip())
    return "\n".join(lines)


def _code_cell(rule: Rule, lang: str) -> str:
    """The code, marked as the findings are: `[*]` fixable by `svcstd fix`, `[*?]` only
    with --unsafe-fixes (a mark, not a column, so the summaries keep their width)."""
    if rule.fix == "safe":
        return f"{rule.code} {ui('fixable_mark', lang)}"
    if rule.fix == "unsafe":
        return f"{rule.code} {ui('fixable_unsafe_mark', lang)}"
    return rule.code


def _fix_legend(rules, lang: str, width: int | None) -> str:
    if not any(rule.fix for rule in rules):
        return ""
    return wrap_cells(ui("fixable_legend", lang), width or 100) + "\n"


def rules_table(
    lang: str = "en", color: bool = False, width: int | None = None, rules: list[Rule] | None = None
) -> str:
    """A box table for a terminal `width` columns wide; summaries wrap, never cut."""
    chosen = catalogue.all_rules() if rules is None else rules
    rows = [
        (_code_cell(rule, lang), rule.name, ui(rule.severity, lang), catalogue.text(rule.code, "summary", lang), rule.severity)
        for rule in chosen
    ]
    headers = (ui("code", lang), ui("name", lang), ui("severity", lang), ui("summary", lang))
    columns = list(zip(*rows)) or [()] * 3
    fixed = sum(max(cell_len(value) for value in [header, *column]) for header, column in zip(headers[:3], columns))
    # Four columns: five borders and one space of padding on each side of each column.
    summary_width = (width or 100) - fixed - 13
    if summary_width < 15:
        return _rules_stacked(rows, width or 100, color) + _fix_legend(chosen, lang, width)
    table = Table(show_header=True, header_style="bold", show_lines=False, expand=False)
    table.add_column(headers[0], no_wrap=True)
    table.add_column(headers[1], no_wrap=True)
    table.add_column(headers[2], no_wrap=True)
    table.add_column(headers[3], overflow="fold")
    for code, name, severity_label, summary, severity in rows:
        table.add_row(
            code, name, Text(severity_label, style=_STYLE.get(severity, "")), Text(wrap_cells(summary, summary_width))
        )
    buffer = io.StringIO()
    _console(buffer, color, width).print(table)
    return buffer.getvalue() + _fix_legend(chosen, lang, width)


def _rules_stacked(rows, width: int, color: bool) -> str:
    """For a terminal too narrow for the table: each rule's code, severity and name on one
    line, its summary wrapped and indented under it."""
    buffer = io.StringIO()
    console = _console(buffer, color, width)
    for code, name, severity_label, summary, severity in rows:
        head = Text(f"{code}  ")
        head.append(severity_label, style=_STYLE.get(severity, ""))
        head.append(f"  {name}")
        console.print(head, overflow="fold")
        for line in wrap_cells(summary, max(width - 4, 10)).splitlines():
            console.print(Text("    " + line), overflow="fold")
    return buffer.getvalue()


def rules_plain(lang: str = "en", rules: list[Rule] | None = None) -> str:
    """One line per rule, `CODE<TAB>name<TAB>severity<TAB>summary`, for pipes: `grep`,
    `cut -f1`, a spreadsheet. No box, no colour, nothing wrapped or cut."""
    lines = []
    for rule in catalogue.all_rules() if rules is None else rules:
        fields = (rule.code, rule.name, ui(rule.severity, lang), catalogue.text(rule.code, "summary", lang))
        lines.append("\t".join(" ".join(field.split()) for field in fields))
    return "".join(line + "\n" for line in lines)


def explain(rule: Rule, lang: str = "en", color: bool = False, width: int | None = None) -> str:
    buffer = io.StringIO()
    console = _console(buffer, color, width)
    title = Text()
    title.append(rule.code, style="bold magenta")
    title.append(f"  {rule.name}  ", style="bold")
    title.append(ui(rule.severity, lang), style=_STYLE.get(rule.severity, ""))
    console.print(title)
    console.print(Text(catalogue.text(rule.code, "summary", lang)))
    console.print()
    console.print(Text(ui("rationale", lang), style="bold"))
    console.print(Text(catalogue.text(rule.code, "rationale", lang)))
    if rule.fixes:
        console.print()
        console.print(Text(ui("fixable_by", lang), style="bold"))
        for index, (kind, _) in enumerate(rule.fixes):
            command = "svcstd fix" if kind == "safe" else "svcstd fix --unsafe-fixes"
            console.print(Text(f"{command}: {fix_description(rule, index, lang)}"))
    for key, style in (("bad", "red"), ("good", "green")):
        example = getattr(rule, key)
        if not example:
            continue
        console.print()
        body = (
            Text(example.strip())
            if catalogue.is_illustration(example)
            else Syntax(example.rstrip("\n"), "yaml", theme="ansi_dark", background_color="default", word_wrap=True)
        )
        console.print(Panel(Group(body), title=ui(f"example_{key}", lang), title_align="left", border_style=style))
    return buffer.getvalue()
