"""The rule catalogue shown to people: `svcstd rules` (a table or JSON) and `svcstd explain`.

Everything shown comes from the registry and the locale files, so a rule documents itself
where it is declared and a language is one more file under `locales/`.
"""

from __future__ import annotations

import io
import json

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


def rules_table(lang: str = "en", color: bool = False, width: int | None = None) -> str:
    table = Table(show_header=True, header_style="bold", show_lines=False, expand=False)
    table.add_column(ui("code", lang), no_wrap=True)
    table.add_column(ui("name", lang), no_wrap=True)
    table.add_column(ui("severity", lang), no_wrap=True)
    table.add_column(ui("fix", lang), no_wrap=True)
    table.add_column(ui("summary", lang))
    for rule in catalogue.all_rules():
        table.add_row(
            rule.code,
            rule.name,
            Text(ui(rule.severity, lang), style=_STYLE.get(rule.severity, "")),
            ui(f"fix_{rule.fix or 'none'}", lang),
            catalogue.text(rule.code, "summary", lang),
        )
    buffer = io.StringIO()
    _console(buffer, color, width).print(table)
    return buffer.getvalue()


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
