"""Definitions → guide pages: the view each template renders, then the rendering itself."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from markupsafe import Markup, escape

from ... import __version__
from ...findings import ERROR, WARNING, Finding
from ...model import Definition, Duration, OfficeRef, RegistryDefaults, Text, read
from ..sources import Source
from ..text import code_label, text
from . import flow


def slug(service_id: str | None, file: str) -> str:
    base = service_id or re.sub(r"\.ya?ml$", "", file.rsplit("/", 1)[-1])
    return re.sub(r"[^A-Za-z0-9._-]", "-", base) or "service"


class Words:
    """The page's language: labels, code lists, and texts of the definition."""

    def __init__(self, lang: str, registry_language: str | None):
        self.lang = lang
        self.registry_language = registry_language

    def __call__(self, key: str, **params: Any) -> str:
        return text(key, self.lang, **params)

    def code(self, code_list: str, value: Any) -> str:
        return code_label(code_list, value, self.lang) if value is not None else ""

    def text(self, value: Text | str | None) -> Markup:
        """A text of the definition in the page's language; another language is marked with
        its own `lang` so that screen readers and fonts treat it right."""
        if value is None:
            return Markup("")
        if isinstance(value, str):
            return escape(value)
        chosen, language = value.pick_with_language(self.lang)
        if not chosen:
            return Markup("")
        if language and language.split("-")[0] != self.lang:
            return Markup('<span lang="{}">{}</span>').format(language, chosen)
        return escape(chosen)

    def paren(self, value: Any) -> Markup:
        """An aside in brackets: full-width in Chinese, spaced half-width in English."""
        template = "（{}）" if self.lang == "zh" else " ({})"
        return Markup(template).format(value)

    def plain(self, value: Text | str | None) -> str:
        if value is None:
            return ""
        return value if isinstance(value, str) else value.pick_with_language(self.lang)[0]

    def duration(self, value: Duration | str | None) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return self("permanent") if value == "permanent" else value
        amount = int(value.value) if float(value.value).is_integer() else value.value
        unit = self.code("unit", value.unit)
        return f"{amount} {unit}" if self.lang == "en" else f"{amount}{unit}"


def _office_name(reference: OfficeRef | None, source: Source, words: Words) -> Markup:
    if reference is None:
        return Markup("")
    entry = source.registry.office(reference.ref) or {}
    name = entry.get("name") if entry else None
    if isinstance(name, (str, dict)):
        shown = words.text(Text(name, (), source.registry.language))
    elif reference.name is not None:
        shown = words.text(reference.name)
    else:
        shown = escape(reference.ref or "")
    if reference.jurisdiction_note is not None:
        template = "{}（{}）" if words.lang == "zh" else "{} ({})"
        shown = Markup(template).format(shown, words.text(reference.jurisdiction_note))
    return shown


def definition_of(source: Source) -> Definition:
    defaults = RegistryDefaults(source.registry.language, source.registry.public_status)
    return read(source.data or {}, defaults)


def _cases(model: Definition, when, words: Words) -> str:
    if when is None:
        return ""
    names = {case.id: words.plain(case.name) or case.id for case in model.cases if case.id}
    groups = [" + ".join(names.get(case, case) for case in group) for group in when.any_of]
    return words("only_when", cases=("；" if words.lang == "zh" else "; ").join(groups))


def page_view(source: Source, lang: str, findings: Sequence[Finding], *, banner: bool, base: str | None = None) -> dict:
    """Everything one page shows, as strings and markup in the page's language."""
    model = definition_of(source)
    words = Words(lang, source.registry.language)
    name = words.text(model.name) or escape(model.id or source.file)
    steps = list(model.steps)
    ids = [step.id or f"#{step.index + 1}" for step in steps]
    flow_steps = []
    step_rows = []
    statuses = []
    for position, step in enumerate(steps):
        step_id = ids[position]
        if step.next is not None:
            following = tuple(ref.id for ref in step.next)
        else:
            following = (ids[position + 1],) if position + 1 < len(ids) else ()
        status = step.public_status.value if step.public_status is not None else model.defaults.status_for(step.stage)
        status_text = words.plain(Text(status, (), model.default_language)) if status is not None else ""
        stage = " / ".join(words.code("stage", s) for s in step.stages)
        office = _office_name(step.office, source, words) if step.office else Markup("")
        limit = words.duration(step.deadline) if step.deadline else ""
        lines = [" · ".join(part for part in (stage, words.code("actor", step.actor)) if part)]
        if office:
            lines.append(str(office.striptags()))
        colon = words("colon")
        lines.append(f"{words('time_limit')}{colon}{limit or words('no_time_limit')}")
        if status_text:
            lines.append(f"{words('public_status')}{colon}{status_text}")
        title, title_lang = step.name.pick_with_language(lang) if step.name is not None else (step_id, None)
        flow_steps.append(flow.FlowStep(step_id, title or step_id, tuple(l for l in lines if l), following, title_lang))
        step_rows.append({
            "id": step_id, "name": words.text(step.name) or step_id, "stage": stage,
            "actor": words.code("actor", step.actor), "office": office, "limit": limit,
            "status": status_text, "criteria": words.text(step.criteria), "when": _cases(model, step.when, words),
            "next": [words.plain(steps[ids.index(t)].name) or t for t in following if t in ids],
        })
        if status_text:
            statuses.append({"stage": stage, "step": words.text(step.name) or step_id, "status": status_text})

    groups: dict[str, list[str]] = defaultdict(list)
    for item in model.data_collected:
        if item.one_of:
            groups[item.one_of].append(words.plain(item.name) or item.id or "")
    materials, personal = [], []
    for item in model.data_collected:
        shown = words.text(item.name) or escape(item.id or "")
        if item.is_document or item.form is None:
            copies = ""
            if item.copies is not None:
                copies = words("copies_value", original=item.copies.original or 0, copy=item.copies.copy or 0)
            required = {True: words("required_yes"), False: words("required_no"),
                        "deferrable": words("required_deferrable")}.get(item.required, "")
            source_text = words.code("source", item.source) if item.source else ""
            if item.issuer is not None:
                issuer = words.plain(item.issuer)
                source_text = f"{source_text}（{issuer}）" if lang == "zh" else f"{source_text} ({issuer})".strip()
            if item.source_note is not None:
                note = words.plain(item.source_note)
                source_text = f"{source_text}{words('colon')}{note}" if source_text else note
            materials.append({
                "name": shown, "presented": words.code("presented", item.presented), "medium": words.code("medium", item.medium),
                "copies": copies, "source": source_text, "required": required, "when": _cases(model, item.when, words),
                "one_of": words("one_of", group=" / ".join(groups[item.one_of])) if item.one_of and len(groups[item.one_of]) > 1 else "",
                "template": item.template, "sample": item.sample, "instructions": words.text(item.instructions),
                "paper_spec": words.plain(item.paper_spec),
            })
        if item.personal:
            shared = [
                Markup("{}: {}").format(_office_name(share.office, source, words), words.text(share.purpose))
                for share in item.shared_with
            ]
            cross = None
            if item.cross_border is not None:
                cross = words("cross_border", destination=item.cross_border.destination or "", basis=item.cross_border.legal_basis or "")
            personal.append({
                "name": shown, "sensitive": item.sensitive, "purpose": words.text(item.purpose),
                "basis": item.legal_basis or "", "retention": words.duration(item.retention),
                "shared": shared, "cross_border": cross,
            })

    material_columns = [key for key in ("presented", "medium", "copies", "source", "required")
                        if any(row[key] for row in materials)]
    deadlines = model.deadlines
    limits = None
    if deadlines is not None:
        limits = {
            "kind": words.code("kind", deadlines.kind),
            "statutory": words.duration(deadlines.statutory) if deadlines.statutory else (words("no_statutory") if deadlines.statutory_is_null else ""),
            "statutory_note": words.text(deadlines.statutory_note),
            "committed": words.duration(deadlines.committed), "committed_note": words.text(deadlines.committed_note),
            "acceptance": words.duration(deadlines.acceptance),
            "special": [{"name": words.text(p.name), "duration": words.duration(p.duration),
                         "counted": p.counted} for p in deadlines.special_procedures],
            "by_case": [{"when": _cases(model, c.when, words), "statutory": words.duration(c.statutory),
                         "committed": words.duration(c.committed), "note": words.text(c.note)} for c in deadlines.by_case],
        }
    fees = model.fees
    fee_items = []
    if fees is not None:
        for item in fees.items:
            amount = ""
            if item.amount is not None:
                if lang == "zh" and item.currency in ("CNY", None):
                    amount = f"{item.amount:g} 元"
                else:
                    amount = f"{item.amount:g} {item.currency or ''}".strip()
            fee_items.append({"name": words.text(item.name), "amount": amount or words.plain(item.standard),
                              "basis": item.basis or "", "when": _cases(model, item.when, words),
                              "reducible": item.reducible, "reduction_basis": item.reduction_basis or "",
                              "refund": words.text(item.refund)})
    channels = [{
        "type": words.code("channel", channel.type), "address": words.text(channel.address),
        "hours": words.text(channel.hours), "url": channel.url,
        "office": _office_name(channel.office, source, words) if channel.office else "",
        "depth": words("online_depth_value", depth=int(channel.online_depth)) if channel.online_depth is not None else "",
        "visits": words("visits_value", count=int(channel.visits)) if channel.visits is not None else "",
        "visits_reason": words.text(channel.visits_reason),
        "flags": [words(key) for key in ("appointment", "courier", "online_payment", "self_service") if getattr(channel, key)],
    } for channel in model.channels]
    outcome = model.outcome
    contact = model.contact

    def contact_points(line) -> list:
        return [{"value": point.value or "", "label": words.text(point.label), "hours": words.text(point.hours),
                 "type": point.type} for point in line.points] if line is not None else []

    bodies = {}
    if contact is not None:
        for key in ("review", "litigation"):
            body = getattr(contact, key)
            if body is not None:
                bodies[key] = {"body": words.text(body.body), "address": body.address, "phone": body.phone, "url": body.url}
    errors = [f for f in findings if f.severity == ERROR]
    warnings = [f for f in findings if f.severity == WARNING]
    from ..export.schema_org import embedded

    return {
        "lang": lang, "w": words, "name": name, "plain_name": words.plain(model.name) or (model.id or ""),
        "slug": slug(model.id, source.file), "file": source.file, "version": __version__, "model": model,
        "description": words.text(model.description),
        "codes": [(words(f"code_{k}"), v) for k, v in model.codes.items() if k in ("catalogue", "implementation", "variant")],
        "facts": [(label, value) for label, value in (
            (words("service_id"), model.id or ""),
            (words("item_type"), words.code("type", model.type) if model.type else ""),
            (words("office"), _office_name(model.responsible_office, source, words)),
            (words("supervising_office"), _office_name(model.supervising_office, source, words)),
            (words("level"), words.code("level", model.level) if model.level else ""),
            (words("scope"), words.code("scope", model.scope) if model.scope else ""),
            (words("status"), words.code("status", model.status) if model.status else ""),
            (words("version"), model.version_of_service or ""),
        ) if value],
        "audience": [words.code("audience", a) for a in model.audience],
        "eligibility": [{"text": words.text(c.criterion), "when": _cases(model, c.when, words)} for c in model.eligibility],
        "quantity_limit": words.text(model.quantity_limit),
        "review_criteria": words.text(model.review_criteria),
        "intermediaries": [{
            "name": words.text(_as_text(e.fields.get("name"), model)),
            "provider": words.text(_as_text(e.fields.get("provider"), model)),
            "basis": e.fields.get("legal_basis") if isinstance(e.fields.get("legal_basis"), str) else "",
            "charged": e.fields.get("charged") is True,
        } for e in model.intermediary_services],
        "provenance": {
            "url": model.provenance.get("url") if isinstance(model.provenance.get("url"), str) else None,
            "publisher": words.text(_as_text(model.provenance.get("publisher"), model)),
            "published": str(model.provenance.get("published") or ""),
            "index": str(model.provenance.get("index") or ""),
        },
        "cases": [{"name": words.text(c.name), "description": words.text(c.description)} for c in model.cases],
        "materials": materials, "material_columns": material_columns, "materials_note": words.text(model.materials_note),
        "flow": Markup(flow.drawings(flow_steps, words("flow_title", name=words.plain(model.name) or ""), lang)),
        "mermaid": flow.mermaid(flow_steps), "flow_wide": bool(flow_steps),
        "steps": step_rows, "statuses": statuses, "limits": limits,
        "fees": {"charged": fees.charged if fees else None, "items": fee_items},
        "channels": channels,
        "outcome": {
            "name": words.text(outcome.name), "type": words.code("outcome", outcome.type) if outcome.type else "",
            "delivery": [words.code("delivery", d) for d in outcome.delivery],
            "validity": words.duration(outcome.validity), "delivery_deadline": words.duration(outcome.delivery_deadline),
            "sample": outcome.sample,
        } if outcome is not None else None,
        "personal": personal, "collects_nothing": "data_collected" in (source.data or {}) and not model.data_collected,
        "enquiry": contact_points(contact.enquiry) if contact else [],
        "complaint": contact_points(contact.complaint) if contact else [],
        "bodies": bodies,
        "faq": [{"question": words.text(_as_text(e.fields.get("question"), model)), "answer": words.text(_as_text(e.fields.get("answer"), model))}
                for e in model.faq],
        "laws": [{"title": law.title or "", "number": law.number or "", "article": law.article or "",
                  "text": law.text or "", "url": law.url, "issuer": law.issuer or ""} for law in model.legal_basis],
        "banner": banner and bool(errors or warnings),
        "errors": errors, "warnings": warnings,
        "problems": [*errors, *warnings],
        "jsonld": Markup(embedded(source, lang, base=base) if base else embedded(source, lang)),
    }


def _as_text(value: Any, model: Definition) -> Text | None:
    if isinstance(value, Text) or value is None:
        return value
    return Text(value, (), model.default_language) if isinstance(value, (str, dict)) else None


def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    environment = Environment(
        loader=PackageLoader("svcstd.publish.guide", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=True),
        trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined,
    )
    # A Markdown table cell: a `|` or a line break in a definition's text would end it.
    environment.filters["cell"] = lambda value: " ".join(str(value).split()).replace("|", "\\|")
    return environment


def build(sources: Iterable[Source], findings_by_file: dict[str, list[Finding]], *, lang: str = "zh",
          fmt: str = "html", strict: bool = False, translations: Sequence[str] = (),
          base: str | None = None) -> Iterator[tuple[str, str]]:
    """(relative path, content) of every page as it is rendered, then of the index: a guide
    of ten thousand services is written page by page, never held whole in memory."""
    environment = _environment()
    suffix = "html" if fmt == "html" else "md"
    page_template = environment.get_template(f"service.{suffix}.j2")
    index_template = environment.get_template(f"index.{suffix}.j2")
    entries = []
    taken: set[str] = set()
    for source in sources:
        if source.data is None:
            continue
        view = page_view(source, lang, findings_by_file.get(source.file, ()), banner=not strict, base=base)
        name = view["slug"]
        while name in taken:
            name += "-2"
        taken.add(name)
        view["slug"] = name
        view["translations"] = [(other, f"../{other}/{name}.{suffix}") for other in translations]
        yield f"{name}.{suffix}", page_template.render(**view)
        model = view["model"]
        words = view["w"]
        office = _office_name(model.responsible_office, source, words)
        entries.append({
            "href": f"{name}.{suffix}", "name": view["name"], "plain": view["plain_name"],
            "office": office or "—",
            "type": words.code("type", model.type) if model.type else "—",
            "search": " ".join([*(model.name.strings() if model.name else []), model.id or "",
                                *model.codes.values(), str(office.striptags())]).lower(),
        })
    if not entries:
        return
    words = Words(lang, None)
    by_office: dict[Markup, list] = defaultdict(list)
    by_type: dict[str, list] = defaultdict(list)
    for entry in sorted(entries, key=lambda e: e["plain"]):
        by_office[Markup(entry["office"])].append(entry)
        by_type[entry["type"]].append(entry)
    yield f"index.{suffix}", index_template.render(
        lang=lang, w=words, version=__version__, count=len(entries),
        translations=[(other, f"../{other}/index.{suffix}") for other in translations],
        by_office=sorted(by_office.items(), key=lambda item: item[0].striptags()), by_type=sorted(by_type.items()),
    )
