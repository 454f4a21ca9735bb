"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

    ::error file=services/a.yaml,line=12,col=5,title=SVC302::Step `review` has no public_status ...

Chosen by default when `GITHUB_ACTIONS=true`. Values are escaped as the runner expects
(`%`, CR and LF everywhere; also `:` and `,` inside properties), so a message can never end
the command early or inject another one.
"""

from __future__ import annotations

from ..catalogue import ui
from ..findings import ERROR, INFO, WARNING, Finding, Report
from .paths import display_path, source_root

_COMMAND = {ERROR: "error", WARNING: "warning", INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding, file: str) -> str:
    properties = ",".join(
        f"{name}={escape_property(value)}"
        for name, value in (
            ("file", file),
            ("line", str(finding.line)),
            ("col", str(finding.column)),
            ("title", finding.code),
        )
    )
    return f"::{_COMMAND.get(finding.severity, 'error')} {properties}::{escape_data(finding.message)}"


def render(report: Report, options=None) -> str:
    lang = getattr(options, "lang", "en")
    root = source_root()
    lines = [command(finding, display_path(finding.file, root)) for finding in report.findings]
    notes = list(report.notes)
    if report.no_definitions and notes:
        # An annotation, not a log line: the run fails for it, so say why where it shows.
        lines.append(f"::warning title=svcstd::{escape_data(notes.pop(0))}")
    lines.extend(f"svcstd: {escape_data(note)}" for note in notes)
    summary = (
        f"svcstd: {ui('files_checked', lang)}: {report.files_checked}, {ui('errors', lang)}: {report.errors}, "
        f"{ui('warnings', lang)}: {report.warnings}"
    )
    if report.not_definitions:
        summary += f", {ui('not_definitions', lang)}: {len(report.not_definitions)}"
    lines.append(summary)
    return "\n".join(lines) + "\n"
