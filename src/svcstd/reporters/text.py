"""One line per finding (`file:line:col: CODE [severity] message`), for editors and grep."""

from __future__ import annotations

from ..catalogue import ui
from ..findings import Report


def render(report: Report, options) -> str:
    lang = getattr(options, "lang", "en")
    lines = [
        f"{f.file}:{f.line}:{f.column}: {f.code} [{ui(f.severity, lang)}] {f.message}" for f in report.findings
    ]
    lines.extend(f"svcstd: {note}" for note in report.notes)
    summary = (
        f"{ui('files_checked', lang)}: {report.files_checked}, {ui('errors', lang)}: {report.errors}, "
        f"{ui('warnings', lang)}: {report.warnings}"
    )
    if report.not_definitions:
        summary += f", {ui('not_definitions', lang)}: {len(report.not_definitions)}"
    lines.append(summary)
    return "\n".join(lines) + "\n"
