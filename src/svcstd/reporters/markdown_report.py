"""The compliance report as Markdown: for a merge request comment, a wiki or a GitLab/GitHub
job summary (`$GITHUB_STEP_SUMMARY`). Same content as the HTML page, in tables."""

from __future__ import annotations

from .. import __version__, catalogue
from ..compliance import COMPLETE, INCOMPLETE, PARTIAL, ComplianceReport, ServiceCompliance, text_in
from .compliance_text import text

_MARK = {COMPLETE: "✓", PARTIAL: "!", INCOMPLETE: "✗"}
_STATE_KEY = {COMPLETE: "complete", PARTIAL: "warnings_only", INCOMPLETE: "incomplete"}


def cell(value: str) -> str:
    """Table-safe: a definition's text must not break the table or inject markup."""
    value = " ".join(str(value).split())
    for char in ("\\", "|", "*", "_", "`", "<", ">", "[", "]"):
        value = value.replace(char, "\\" + char)
    return value


def code_cell(value: str) -> str:
    """A code span in a table cell: GitHub and GitLab still split cells at `|` inside it."""
    return "`" + " ".join(str(value).split()).replace("`", "'").replace("|", "\\|") + "`"


def _element(service: ServiceCompliance, element: str, lang: str) -> str:
    status = service.status(element)
    counts = []
    if status.errors:
        counts.append(f"{status.errors}{text('errors_short', lang)}")
    if status.warnings:
        counts.append(f"{status.warnings}{text('warnings_short', lang)}")
    return _MARK[status.state] + (" " + " ".join(counts) if counts else "")


def _row(service: ServiceCompliance, elements: tuple[str, ...], lang: str) -> str:
    if service.readable:
        ident = code_cell(service.service_id) if service.service_id else "—"
        name = cell(text_in(service.name, lang)) or "—"
        office = cell(text_in(service.office_name, lang)) if service.office_name else ""
        if service.office_ref:
            ref = code_cell(service.office_ref)
            office = f"{office} ({ref})" if office else ref
    else:
        ident, name, office = "—", cell(text("unreadable", lang)), ""
    values = [
        f"{ident}<br>{cell(service.file)}",
        name,
        office or "—",
        str(service.score),
        str(service.errors),
        str(service.warnings),
        *(_element(service, e, lang) for e in elements),
    ]
    return "| " + " | ".join(values) + " |"


def render(report: ComplianceReport, options=None) -> str:
    lang = getattr(options, "lang", "en")
    lines = [f"# {text('title', lang)}", "", f"_{text('generated_by', lang, version=__version__)}_", ""]

    lines += [f"## {text('summary', lang)}", ""]
    lines += [f"| {text('summary', lang)} | |", "|---|---:|"]
    lines.append(f"| {text('services_checked', lang)} | {report.services_checked} |")
    lines.append(f"| {text('fully_compliant', lang)} | {report.fully_compliant} ({report.compliant_share:.0%}) |")
    lines.append(f"| {text('average_score', lang)} | {report.average_score:.0f} |")
    lines.append(f"| {text('errors', lang)} | {report.errors} |")
    lines.append(f"| {text('warnings', lang)} | {report.warnings} |")
    lines.append("")

    lines += [f"## {text('top_problems', lang)}", ""]
    if report.problems:
        lines.append(
            f"| {text('code', lang)} | {text('problem', lang)} | {text('occurrences', lang)} | {text('services_affected', lang)} |"
        )
        lines.append("|---|---|---:|---:|")
        for problem in report.problems[:10]:
            summary = cell(catalogue.text(problem.code, "summary", lang))
            lines.append(f"| `{problem.code}` | {summary} | {problem.count} | {problem.services} |")
    else:
        lines.append(text("no_problems", lang))
    lines.append("")

    lines += [f"## {text('services', lang)}", ""]
    legend = " · ".join(f"{_MARK[s]} {text(_STATE_KEY[s], lang)}" for s in (COMPLETE, PARTIAL, INCOMPLETE))
    lines += [f"{text('legend', lang)}: {legend}", ""]
    headers = [
        text("service_id", lang), text("service_name", lang), text("office", lang), text("score", lang),
        text("errors", lang), text("warnings", lang), *(text(f"element.{e}", lang) for e in report.elements),
    ]
    lines.append("| " + " | ".join(headers) + " |")
    lines.append("|" + "|".join(["---"] * 3 + ["---:"] * 3 + [":---:"] * len(report.elements)) + "|")
    lines += [_row(s, report.elements, lang) for s in report.services]
    lines.append("")
    lines += [f"### {text('formula_title', lang)}", "", text("formula", lang, count=len(report.elements)), ""]

    detailed = [s for s in report.services if s.findings]
    if detailed or report.other_findings:
        lines += [f"## {text('findings_by_service', lang)}", ""]
        for service in detailed:
            lines += [f"### `{service.service_id or service.file}` ({cell(service.file)})", ""]
            lines += [f"- {f.line}:{f.column} `{f.code}` {cell(f.message)}" for f in service.findings]
            lines.append("")
        if report.other_findings:
            lines += [f"### {text('other_files', lang)}", ""]
            lines += [f"- {cell(f.file)}:{f.line}:{f.column} `{f.code}` {cell(f.message)}" for f in report.other_findings]
            lines.append("")
    if report.notes:
        lines += [f"## {text('notes', lang)}", ""] + [f"- {cell(note)}" for note in report.notes] + [""]
    return "\n".join(lines)
