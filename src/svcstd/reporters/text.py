"""One line per finding (`file:line:col: CODE [severity] message`), for editors and grep."""

from __future__ import annotations

from ..catalogue import ui
from ..findings import Report


def fixable_lines(report: Report, lang: str) -> list[str]:
    """"3 fixable with `svcstd fix`." (and the unsafe ones), when there are any."""
    safe = sum(1 for f in report.findings if f.fix == "safe")
    unsafe = sum(1 for f in report.findings if f.fix == "unsafe")
    lines = []
    if safe:
        lines.append(ui("fixable_count", lang, count=safe))
    if unsafe:
        lines.append(ui("fixable_unsafe_count", lang, count=unsafe))
    return lines


def render(report: Report, options) -> str:
    lang = getattr(options, "lang", "en")
    mark = ui("fixable_mark", lang)
    lines = [
        f"{f.file}:{f.line}:{f.column}: {f.code} [{ui(f.severity, lang)}] "
        f"{mark + ' ' if f.fix == 'safe' else ''}{f.message}"
        for f in report.findings
    ]
    lines.extend(f"svcstd: {note}" for note in report.notes)
    summary = (
        f"{ui('files_checked', lang)}: {report.files_checked}, {ui('errors', lang)}: {report.errors}, "
        f"{ui('warnings', lang)}: {report.warnings}"
    )
    if report.not_definitions:
        summary += f", {ui('not_definitions', lang)}: {len(report.not_definitions)}"
    lines.append(summary)
    lines.extend(fixable_lines(report, lang))
    return "\n".join(lines) + "\n"
