"""The compliance report as one self-contained HTML page, for an office's leadership.

One file that can be mailed or archived: inline CSS, no script, nothing fetched from the
network; a viewport for phones (the wide service table scrolls sideways inside its own
box), a print stylesheet (landscape, headers repeated on each page), and a font stack with
the CJK system fonts so that Chinese names render on Linux, macOS and Windows alike.
Every value from a definition is escaped: a service name is data, never markup.
"""

from __future__ import annotations

from html import escape

from .. import __version__, catalogue
from ..compliance import (
    COMPLETE,
    INCOMPLETE,
    PARTIAL,
    ComplianceReport,
    ServiceCompliance,
    other_texts,
    text_in,
)
from .compliance_text import text

_MARK = {COMPLETE: "✓", PARTIAL: "!", INCOMPLETE: "✗"}
_STATE_KEY = {COMPLETE: "complete", PARTIAL: "warnings_only", INCOMPLETE: "incomplete"}

STYLE = """
:root { --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --line: #d0d7de; --muted: #57606a; --head: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1400px; padding: 1rem; color: #1f2328; background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans CJK SC", "Noto Sans SC",
  "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
.meta, .muted, small { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .5rem; margin: 0; }
.cards div { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; }
.cards dt { font-size: .85rem; color: var(--muted); }
.cards dd { margin: 0; font-size: 1.4rem; font-weight: 600; }
/* position: relative holds the screen-reader labels (.sr, absolutely positioned) inside the
   box; without it they escape it and the whole page scrolls sideways on a phone. */
.scroll { position: relative; overflow-x: auto; -webkit-overflow-scrolling: touch; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
/* A heading breaks only between words: 错误 or 出现次数 broken between its characters reads
   as two words (keep-all), while "Services affected" may still wrap on a phone. */
thead th { background: var(--head); font-size: .8rem; word-break: keep-all; }
/* Element headings stand vertically, read top to bottom: Chinese characters upright, Latin
   letters turned clockwise. No rotate(180deg): it turns Han characters upside down. */
table.services th.el { writing-mode: vertical-rl; text-orientation: mixed; white-space: nowrap; text-align: left; padding: .35rem .25rem; }
/* Counts stack (one per line) so that thirteen element columns fit a 1280 px screen. */
table.services td.el { text-align: center; padding: .35rem .25rem; }
table.services td.el small > span { display: block; white-space: nowrap; }
table.services td.name { min-width: 10rem; }
/* Identifiers and paths have no spaces; let them break anywhere rather than widen the table. */
table.services td.id { overflow-wrap: anywhere; min-width: 7rem; }
td.nowrap { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.complete .mark { color: var(--ok); }
.warnings .mark { color: var(--warn); font-weight: 700; }
.incomplete .mark { color: var(--bad); font-weight: 700; }
.incomplete { background: #ffebe9; }
.warnings { background: #fff8c5; }
.e { color: var(--bad); } .w { color: var(--warn); }
.bar { display: block; height: .3rem; background: var(--line); border-radius: 2px; margin-top: .15rem; }
.bar span { display: block; height: 100%; border-radius: 2px; background: var(--ok); }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; }
.legend > span { display: inline-block; margin-right: 1rem; }
@media (max-width: 640px) {
  body { padding: .5rem; font-size: 14px; }
  .cards dd { font-size: 1.2rem; }
}
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  body { max-width: none; padding: 0; font-size: 9pt; }
  .scroll { overflow: visible; border: 0; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  h2 { break-after: avoid; }
  .incomplete, .warnings { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _lang_tag(lang: str) -> str:
    return "zh-CN" if lang == "zh" else lang


def _text_html(value, lang: str) -> str:
    """A *text* value: the report's language first, the others under it, each tagged with
    its language so that browsers choose Chinese (not Japanese) glyphs for Han text."""
    if not isinstance(value, dict):
        return escape(text_in(value, lang))
    first = text_in(value, lang)
    parts = []
    for tag, words in value.items():
        if isinstance(words, str) and words == first:
            parts.insert(0, f'<span lang="{escape(_lang_tag(str(tag)))}">{escape(words)}</span>')
            break
    for other in other_texts(value, lang):
        tag = next((k for k, v in value.items() if v == other), "")
        parts.append(f'<br><small lang="{escape(_lang_tag(str(tag)))}">{escape(other)}</small>')
    return "".join(parts)


def _element_cell(service: ServiceCompliance, element: str, lang: str) -> str:
    status = service.status(element)
    state = status.state
    label = text(f"element.{element}", lang)
    state_words = text("unreadable", lang) if not service.readable else text(_STATE_KEY[state], lang)
    counts = []
    if status.errors:
        counts.append(f'<span class="e">{status.errors}&nbsp;{escape(text("errors_short", lang))}</span>')
    if status.warnings:
        counts.append(f'<span class="w">{status.warnings}&nbsp;{escape(text("warnings_short", lang))}</span>')
    title = f"{label}: {state_words}"
    if status.errors or status.warnings:
        title += f" ({text('errors', lang)} {status.errors}, {text('warnings', lang)} {status.warnings})"
    return (
        f'<td class="el {state}" title="{escape(title)}" data-element="{element}" data-state="{state}">'
        f'<span class="mark" aria-hidden="true">{_MARK[state]}</span><span class="sr">{escape(title)}</span>'
        + (f"<small>{''.join(counts)}</small>" if counts else "")
        + "</td>"
    )


def _service_row(service: ServiceCompliance, elements: tuple[str, ...], lang: str) -> str:
    if service.readable:
        ident = f"<code>{escape(service.service_id or '—')}</code>"
        name = _text_html(service.name, lang) or "—"
        office = _text_html(service.office_name, lang) if service.office_name else ""
        if service.office_ref:
            office += f'{"<br>" if office else ""}<small><code>{escape(service.office_ref)}</code></small>'
    else:
        ident, name, office = "—", f'<span class="e">{escape(text("unreadable", lang))}</span>', ""
    score = service.score
    cells = "".join(_element_cell(service, element, lang) for element in elements)
    return (
        f'<tr class="service" data-service-id="{escape(service.service_id or "")}" data-score="{score}">'
        f'<td class="id">{ident}<br><small>{escape(service.file)}</small></td>'
        f'<td class="name">{name}</td><td>{office or "—"}</td>'
        f'<td class="num"><strong>{score}</strong><span class="bar"><span style="width:{score}%"></span></span></td>'
        f'<td class="num">{service.errors}</td><td class="num">{service.warnings}</td>'
        f"{cells}</tr>"
    )


def _summary(report: ComplianceReport, lang: str) -> str:
    share = f"{report.fully_compliant} ({report.compliant_share:.0%})"
    items = [
        ("services_checked", str(report.services_checked)),
        ("fully_compliant", share),
        ("average_score", f"{report.average_score:.0f}"),
        ("errors", str(report.errors)),
        ("warnings", str(report.warnings)),
    ]
    cards = "".join(f'<div><dt>{escape(text(k, lang))}</dt><dd id="summary-{k}">{escape(v)}</dd></div>' for k, v in items)
    return f'<section id="summary"><h2>{escape(text("summary", lang))}</h2><dl class="cards">{cards}</dl></section>'


def _problems(report: ComplianceReport, lang: str, limit: int = 10) -> str:
    heading = f'<h2>{escape(text("top_problems", lang))}</h2>'
    if not report.problems:
        return f'<section id="problems">{heading}<p>{escape(text("no_problems", lang))}</p></section>'
    rows = "".join(
        f"<tr><td><code>{escape(p.code)}</code></td><td>{escape(catalogue.text(p.code, 'summary', lang))}</td>"
        f'<td class="num">{p.count}</td><td class="num">{p.services}</td></tr>'
        for p in report.problems[:limit]
    )
    head = (
        f"<tr><th>{escape(text('code', lang))}</th><th>{escape(text('problem', lang))}</th>"
        f'<th class="num">{escape(text("occurrences", lang))}</th><th class="num">{escape(text("services_affected", lang))}</th></tr>'
    )
    return f'<section id="problems">{heading}<div class="scroll"><table><thead>{head}</thead><tbody>{rows}</tbody></table></div></section>'


def _services(report: ComplianceReport, lang: str) -> str:
    element_heads = "".join(
        f'<th class="el" scope="col">{escape(text(f"element.{e}", lang))}</th>' for e in report.elements
    )
    head = (
        f'<tr><th scope="col">{escape(text("service_id", lang))}</th><th scope="col">{escape(text("service_name", lang))}</th>'
        f'<th scope="col">{escape(text("office", lang))}</th><th class="num" scope="col">{escape(text("score", lang))}</th>'
        f'<th class="num" scope="col">{escape(text("errors", lang))}</th><th class="num" scope="col">{escape(text("warnings", lang))}</th>'
        f"{element_heads}</tr>"
    )
    rows = "".join(_service_row(s, report.elements, lang) for s in report.services)
    legend = "".join(
        f'<span class="{state}"><span class="mark">{_MARK[state]}</span> {escape(text(_STATE_KEY[state], lang))}</span>'
        for state in (COMPLETE, PARTIAL, INCOMPLETE)
    )
    formula = text("formula", lang, count=len(report.elements))
    return (
        f'<section id="services"><h2>{escape(text("services", lang))}</h2>'
        f'<p class="legend">{legend}</p>'
        f'<div class="scroll"><table class="services"><thead>{head}</thead><tbody>{rows}</tbody></table></div>'
        f'<h3 id="formula">{escape(text("formula_title", lang))}</h3><p>{escape(formula)}</p></section>'
    )


def _findings_table(findings, lang: str) -> str:
    rows = "".join(
        f'<tr><td class="num nowrap">{f.line}:{f.column}</td><td class="nowrap"><code>{escape(f.code)}</code></td>'
        f'<td class="nowrap">{escape(catalogue.ui(f.severity, lang))}</td><td>{escape(f.message)}</td></tr>'
        for f in findings
    )
    head = (
        f'<tr><th class="num">{escape(text("line", lang))}</th><th>{escape(text("code", lang))}</th>'
        f"<th>{escape(catalogue.ui('severity', lang))}</th><th>{escape(text('message', lang))}</th></tr>"
    )
    return f'<div class="scroll"><table><thead>{head}</thead><tbody>{rows}</tbody></table></div>'


def _details(report: ComplianceReport, lang: str) -> str:
    parts = []
    for service in report.services:
        if not service.findings:
            continue
        title = escape(service.service_id or service.file)
        parts.append(f"<h3><code>{title}</code> <small>{escape(service.file)}</small></h3>")
        parts.append(_findings_table(service.findings, lang))
    if report.other_findings:
        parts.append(f"<h3>{escape(text('other_files', lang))}</h3>")
        for file in sorted({f.file for f in report.other_findings}):
            parts.append(f"<p><small>{escape(file)}</small></p>")
            parts.append(_findings_table([f for f in report.other_findings if f.file == file], lang))
    if not parts:
        return ""
    return f'<section id="details"><h2>{escape(text("findings_by_service", lang))}</h2>{"".join(parts)}</section>'


def _notes(report: ComplianceReport, lang: str) -> str:
    if not report.notes:
        return ""
    items = "".join(f"<li>{escape(note)}</li>" for note in report.notes)
    return f'<section id="notes"><h2>{escape(text("notes", lang))}</h2><ul>{items}</ul></section>'


def render(report: ComplianceReport, options=None) -> str:
    lang = getattr(options, "lang", "en")
    title = text("title", lang)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(_lang_tag(lang))}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="svcstd">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<header><h1>{escape(title)}</h1><p class="meta">{escape(text("generated_by", lang, version=__version__))}</p></header>\n'
        f"{_summary(report, lang)}\n{_problems(report, lang)}\n{_services(report, lang)}\n"
        f"{_details(report, lang)}\n{_notes(report, lang)}\n</body>\n</html>\n"
    )
