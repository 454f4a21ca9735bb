"""The register as Markdown (a repository's wiki, a review): per office, then flows and
cross-border transfers as tables."""

from __future__ import annotations

from ..code_labels import code_label
from .register import Register
from .texts import categories, retention, t


def cell(value) -> str:
    return str(value if value is not None else "").replace("|", "\\|").replace("\n", " ")


def render(register: Register) -> str:
    lang = register.lang
    services = sum(len(o["services"]) for o in register.offices)
    lines = [f"# {t('register_title', lang)}", "",
             t("register_intro", lang, offices=len(register.offices), services=services, flows=len(register.flows),
               transfers=len(register.cross_border)), ""]
    active = {k: v for k, v in register.filters.items() if v}
    if active:
        shown = ", ".join(f"`--{k}{'' if v is True else ' ' + str(v)}`" for k, v in active.items())
        lines += [t("filters_list", lang, filters=shown), ""]
    lines += [f"## {t('offices', lang)}", ""]
    for office in register.offices:
        lines += [f"### {cell(office['name']) or office['id']} (`{office['id']}`)", ""]
        if office["services"]:
            listed = ("、" if lang == "zh" else ", ").join(
                f"{cell(s['name'])} (`{s['id']}`, {code_label('status', s['status'], lang)})" for s in office["services"]
            )
            lines.append(t("services_list", lang, services=listed))
            lines.append("")
        if office["processing"]:
            lines += [(f"| {t('service', lang)} | {t('item', lang)} | {t('categories', lang)} | {t('sensitive', lang)} | "
                      f"{t('source', lang)} | {t('purpose', lang)} | {t('legal_basis', lang)} | {t('retention', lang)} |"),
                      "|---|---|---|---|---|---|---|---|"]
            for p in office["processing"]:
                lines.append(f"| `{p['service']}` | {cell(p['name'])} (`{p['item']}`) | {categories(p['categories'], lang)} | "
                             f"{t('yes' if p['sensitive'] else 'no', lang)} | {cell(code_label('source', p['source'], lang) if p['source'] else '')} | {cell(p['purpose'])} | "
                             f"{cell(p['legal_basis'])} | {retention(p['retention'], lang)} |")
            lines.append("")
    lines += [f"## {t('flows', lang)}", ""]
    if register.flows:
        lines += [(f"| {t('from', lang)} | {t('to', lang)} | {t('service', lang)} | {t('item', lang)} | {t('sensitive', lang)} | "
                  f"{t('purpose', lang)} | {t('legal_basis', lang)} | {t('method', lang)} |"), "|---|---|---|---|---|---|---|---|"]
        for flow in register.flows:
            for i in flow["items"]:
                lines.append(f"| `{flow['from']}` | `{flow['to']}` | `{i['service']}` | {cell(i['name'])} (`{i['item']}`) | "
                             f"{t('yes' if i['sensitive'] else 'no', lang)} | {cell(i['purpose'])} | {cell(i['legal_basis'])} | "
                             f"{cell(code_label('method', i['method'], lang) if i['method'] else t('not_stated', lang))} |")
    else:
        lines.append(t("none", lang))
    lines += ["", f"## {t('cross_border', lang)}", ""]
    if register.cross_border:
        lines += [(f"| {t('office', lang)} | {t('service', lang)} | {t('item', lang)} | {t('sensitive', lang)} | "
                  f"{t('destination', lang)} | {t('legal_basis', lang)} |"), "|---|---|---|---|---|---|"]
        for x in register.cross_border:
            lines.append(f"| `{x['office']}` | `{x['service']}` | {cell(x['name'])} (`{x['item']}`) | "
                         f"{t('yes' if x['sensitive'] else 'no', lang)} | {cell(x['destination'])} | {cell(x['legal_basis'])} |")
    else:
        lines.append(t("none", lang))
    if register.skipped:
        lines += ["", t("skipped", lang, files=", ".join(register.skipped))]
    return "\n".join(lines) + "\n"
