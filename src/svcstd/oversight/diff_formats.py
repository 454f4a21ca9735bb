"""The diff's three forms: JSON (for tools), Markdown sized for a pull-request comment
(GitHub refuses comments over 65,536 characters), and a terminal view through rich."""

from __future__ import annotations

import json
import re

from .diff import DiffResult
from .texts import t

COMMENT_LIMIT = 60_000
ORDER = ("privacy", "citizen", "service", "office", "other")


DURATION = re.compile(r"^(\d+(?:\.\d+)?) (working_days|calendar_days|hours)$")


def _describe(change, lang: str) -> str:
    params = dict(change.params)
    for key in ("old", "new"):
        found = DURATION.match(str(params.get(key, "")))
        if found:
            params[key] = f"{found.group(1)} {t('unit.' + found.group(2), lang)}"
    if "limit" in params:
        params["limit"] = t("limit." + params["limit"], lang)
    return t("change." + change.kind, lang, **params)


def _name(service, lang: str) -> str:
    return service.name.pick(lang) if service.name is not None else ""


def _counts(result: DiffResult) -> dict:
    changes = result.all_changes()
    return {category: sum(1 for c in changes if c.category == category) for category in ORDER}


def render_json(result: DiffResult, lang: str) -> str:
    data = {
        "base": result.base,
        "head": result.head or "working-tree",
        "counts": _counts(result),
        "services": [
            {
                "id": s.id, "name": _name(s, lang), "file": s.file, "old_file": s.old_file,
                "changes": [{"kind": c.kind, "category": c.category, "message": _describe(c, lang), **c.params} for c in s.changes],
            }
            for s in result.services
        ],
        "offices": [{"kind": c.kind, "category": c.category, "message": _describe(c, lang), **c.params} for c in result.offices],
        "skipped": result.skipped,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _summary(result: DiffResult, lang: str) -> str:
    counts = _counts(result)
    return t("diff_counts", lang, services=len(result.services), privacy=counts["privacy"], citizen=counts["citizen"],
             other=counts["service"] + counts["office"] + counts["other"])


def render_markdown(result: DiffResult, lang: str) -> str:
    head = f"`{result.head}`" if result.head else t("working_tree", lang)
    lines = [f"### {t('diff_title', lang)}", "", t("diff_range", lang, base=f"`{result.base[:12]}`", head=head), ""]
    if not result.all_changes():
        return "\n".join(lines + [t("diff_none", lang)]) + "\n"
    lines += [_summary(result, lang), ""]
    if result.skipped:
        lines += [t("diff_skipped", lang, files=", ".join(f"`{f}`" for f in result.skipped)), ""]
    if result.offices:
        lines += [f"**{t('offices_heading', lang)}**", ""]
        lines += [f"- **{t('category.office', lang)}** · {_describe(c, lang)}" for c in result.offices] + [""]
    for number, service in enumerate(result.services):
        block = [f"**{_name(service, lang)}** (`{service.id}`, `{service.file}`)", ""]
        ordered = sorted(service.changes, key=lambda c: ORDER.index(c.category))
        block += [f"- **{t('category.' + c.category, lang)}** · {_describe(c, lang)}" for c in ordered] + [""]
        if sum(len(line) + 1 for line in lines + block) > COMMENT_LIMIT:
            lines.append(t("truncated", lang, count=len(result.services) - number))
            break
        lines += block
    return "\n".join(lines).rstrip() + "\n"


def render_rich(result: DiffResult, lang: str, color: bool) -> str:
    import io

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    out = io.StringIO()
    console = Console(file=out, force_terminal=color, no_color=not color, width=120, highlight=False)
    head = result.head or t("working_tree", lang)
    console.print(Text(t("diff_title", lang), style="bold"))
    console.print(t("diff_range", lang, base=result.base[:12], head=head))
    if not result.all_changes():
        console.print(t("diff_none", lang))
        return out.getvalue()
    styles = {"privacy": "bold red", "citizen": "bold yellow", "service": "cyan", "office": "cyan", "other": "dim"}
    table = Table(show_lines=False)
    table.add_column(t("service", lang))
    table.add_column(t("category", lang))
    table.add_column(t("change", lang))
    for change in result.offices:
        table.add_row(t("offices_heading", lang), Text(t("category.office", lang), style=styles["office"]), _describe(change, lang))
    for service in result.services:
        for index, change in enumerate(sorted(service.changes, key=lambda c: ORDER.index(c.category))):
            label = f"{service.id}\n{service.file}" if index == 0 else ""
            table.add_row(label, Text(t("category." + change.category, lang), style=styles[change.category]), _describe(change, lang))
    console.print(table)
    console.print(_summary(result, lang))
    if result.skipped:
        console.print(t("diff_skipped", lang, files=", ".join(result.skipped)))
    return out.getvalue()
