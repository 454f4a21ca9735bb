"""The report an officer reads in a terminal: findings grouped by file, each with the
offending source line and a caret under the exact column, then a summary table.

Plain text (no escape codes) when colour is off: piped output and NO_COLOR.
Carets are placed by display cells, not characters, so that they line up under Chinese
text (each CJK character takes two cells).
"""

from __future__ import annotations

import io
from itertools import groupby

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .. import catalogue
from ..catalogue import ui
from ..findings import ERROR, INFO, WARNING, Report

_STYLE = {ERROR: "bold red", WARNING: "yellow", INFO: "cyan"}


_EXCERPT_WIDTH = 100


def _window(source: str, column: int) -> tuple[str, int]:
    """At most about `_EXCERPT_WIDTH` characters of the line around the column, and the
    column within them: one finding on a megabyte-long line must not print a megabyte."""
    if len(source) <= _EXCERPT_WIDTH:
        return source, column
    start = max(0, min(column - 1 - _EXCERPT_WIDTH // 2, len(source) - _EXCERPT_WIDTH))
    end = start + _EXCERPT_WIDTH
    head = "…" if start > 0 else ""
    tail = "…" if end < len(source) else ""
    return head + source[start:end] + tail, column - start + len(head)


def _excerpt(source: str, line: int, column: int) -> Text:
    gutter = f"{line:>5} │ "
    expanded, column = _window(source.replace("\t", " "), column)
    caret_offset = cell_len(expanded[: max(column - 1, 0)])
    excerpt = Text(gutter, style="dim")
    excerpt.append(expanded)
    excerpt.append("\n")
    excerpt.append(" " * (len(gutter) - 2) + "│ ", style="dim")
    excerpt.append(" " * caret_offset + "^", style="bold red")
    return excerpt


def render(report: Report, options) -> str:
    lang = getattr(options, "lang", "en")
    buffer = io.StringIO()
    color = getattr(options, "color", False)
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        color_system="auto" if color else None,
        width=getattr(options, "width", None) or 100,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    for file, findings in groupby(report.findings, key=lambda f: f.file):
        console.rule(Text(file, style="bold"), align="left")
        for finding in findings:
            head = Text()
            head.append(f"{finding.file}:{finding.line}:{finding.column} ", style="bold")
            head.append(finding.code, style="bold magenta")
            head.append(" ")
            head.append(ui(finding.severity, lang), style=_STYLE.get(finding.severity, ""))
            head.append(" ")
            if finding.fix == "safe":
                head.append(ui("fixable_mark", lang) + " ", style="bold cyan")
            head.append(finding.message)
            console.print(head)
            if getattr(options, "show_source", True) and finding.source is not None:
                console.print(_excerpt(finding.source, finding.line, finding.column), soft_wrap=True)
        console.print()

    for note in report.notes:
        console.print(Text(note, style=_STYLE[WARNING] if report.no_definitions else ""))
    console.print(_summary(report, lang))
    per_code = _per_code(report, lang)
    if per_code is not None:
        console.print(per_code)
    from .text import fixable_lines

    for line in fixable_lines(report, lang):
        console.print(Text(line, style="cyan"))
    return buffer.getvalue()


def _summary(report: Report, lang: str) -> Table:
    table = Table(title=ui("summary", lang), show_header=False, title_justify="left")
    table.add_column(justify="left")
    table.add_column(justify="right")
    table.add_row(ui("files_checked", lang), str(report.files_checked))
    table.add_row(ui("files_clean", lang), str(report.clean_files))
    table.add_row(Text(ui("errors", lang), style=_STYLE[ERROR] if report.errors else ""), str(report.errors))
    table.add_row(Text(ui("warnings", lang), style=_STYLE[WARNING] if report.warnings else ""), str(report.warnings))
    infos = report.count(INFO)
    if infos:
        table.add_row(ui("infos", lang), str(infos))
    if report.not_definitions:
        table.add_row(ui("not_definitions", lang), str(len(report.not_definitions)))
    return table


def _per_code(report: Report, lang: str) -> Table | None:
    counts = report.by_code()
    if not counts:
        return None
    table = Table(show_header=True, header_style="bold")
    table.add_column(ui("code", lang))
    table.add_column(ui("name", lang))
    table.add_column(ui("severity", lang))
    table.add_column(ui("count", lang), justify="right")
    for (code, severity), count in sorted(counts.items()):
        rule = catalogue.get(code)
        table.add_row(code, rule.name if rule else "", Text(ui(severity, lang), style=_STYLE.get(severity, "")), str(count))
    return table
