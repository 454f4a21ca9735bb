"""The register as one self-contained HTML page: the flow diagram (inline SVG), then the
same tables as the Markdown form. Every text is escaped; no script, no external file."""

from __future__ import annotations

from html import escape

from ..code_labels import code_label
from .diagram import svg
from .register import Register
from .texts import categories, retention, t

FOLDED = 12  # more services than this: listed inside <details>
STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:0 auto;max-width:1400px;padding:16px;color:#1f2328;line-height:1.45}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de}h3{font-size:1.1rem;margin-bottom:.3rem}
.diagram{overflow:auto;border:1px solid #d0d7de;border-radius:6px;padding:4px;max-height:85vh}
.table{overflow-x:auto}table{border-collapse:collapse;font-size:.92rem;min-width:100%}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}
.sensitive{color:#b3261e;font-weight:600}code{font-size:.88em;background:#f6f8fa;padding:0 3px;border-radius:3px}
.note{color:#57606a}
"""


def _table(head: list[str], rows: list[list[str]], lang: str, row_class: str = "") -> str:
    if not rows:
        return f"<p>{escape(t('none', lang))}</p>"
    header = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<div class="table"><table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></div>'


def _yes(value: bool, lang: str) -> str:
    word = escape(t("yes" if value else "no", lang))
    return f'<span class="sensitive">{word}</span>' if value else word


def render(register: Register) -> str:
    lang = register.lang
    e = escape
    services = sum(len(o["services"]) for o in register.offices)
    title = t("register_title", lang)
    parts = [
        f'<!doctype html><html lang="{e(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f'<p id="summary">{e(t("register_intro", lang, offices=len(register.offices), services=services, flows=len(register.flows), transfers=len(register.cross_border)))}</p>',
        f"<h2>{e(t('diagram', lang))}</h2><p class=\"note\">{e(t('diagram_note', lang))}</p>",
        '<div class="diagram">',
        svg([(o["id"], o["name"]) for o in register.offices], register.flows, t("diagram", lang), lang),
        "</div>",
        f"<h2>{e(t('offices', lang))}</h2>",
    ]
    for office in register.offices:
        parts.append(f'<section class="office-section" id="office-{e(office["id"])}"><h3>{e(office["name"] or office["id"])} <code>{e(office["id"])}</code></h3>')
        if office["services"]:
            listed = ", ".join(f"{e(s['name'])} <code>{e(s['id'] or '')}</code>" for s in office["services"])
            if len(office["services"]) > FOLDED:  # a large office: the list opens on demand
                parts.append(f"<details><summary>{e(t('services_count', lang, count=len(office['services'])))}</summary><p>{listed}</p></details>")
            else:
                parts.append("<p>" + e(t("services_list", lang, services="\0")).replace("\0", listed) + "</p>")
        rows = [[f"<code>{e(p['service'] or '')}</code>", f"{e(p['name'])} <code>{e(p['item'] or '')}</code>",
                 e(categories(p["categories"], lang)), _yes(p["sensitive"], lang),
                 e(code_label("source", p["source"], lang) if p["source"] else ""), e(p["purpose"]),
                 e(p["legal_basis"]), e(retention(p["retention"], lang))] for p in office["processing"]]
        if rows:
            parts.append(_table([t(k, lang) for k in ("service", "item", "categories", "sensitive", "source", "purpose", "legal_basis", "retention")], rows, lang))
        parts.append("</section>")
    rows = [[f"<code>{e(f['from'])}</code>", f"<code>{e(f['to'])}</code>", f"<code>{e(i['service'] or '')}</code>",
             f"{e(i['name'])} <code>{e(i['item'] or '')}</code>", _yes(i["sensitive"], lang), e(i["purpose"]),
             e(i["legal_basis"]), e(code_label("method", i["method"], lang) if i["method"] else t("not_stated", lang))]
            for f in register.flows for i in f["items"]]
    parts += [f"<h2>{e(t('flows', lang))}</h2>",
              _table([t(k, lang) for k in ("from", "to", "service", "item", "sensitive", "purpose", "legal_basis", "method")], rows, lang)]
    rows = [[f"<code>{e(x['office'])}</code>", f"<code>{e(x['service'] or '')}</code>", f"{e(x['name'])} <code>{e(x['item'] or '')}</code>",
             _yes(x["sensitive"], lang), e(x["destination"]), e(x["legal_basis"])] for x in register.cross_border]
    parts += [f"<h2>{e(t('cross_border', lang))}</h2>",
              _table([t(k, lang) for k in ("office", "service", "item", "sensitive", "destination", "legal_basis")], rows, lang)]
    if register.skipped:
        parts.append(f'<p class="note">{e(t("skipped", lang, files=", ".join(register.skipped)))}</p>')
    parts.append("</body></html>\n")
    return "\n".join(parts)
