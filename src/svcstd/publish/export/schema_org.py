"""Definitions → schema.org `GovernmentService` JSON-LD (plain JSON; no RDF library needed).

The same record is embedded in every guide page (in the page's language) and written by
`svcstd export --to schema-org` (every language, as {"@value", "@language"} objects).
`processingTime` is given only where the committed limit is an exact span (calendar days,
hours): schema.org's Duration has no working days.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable
from typing import Any, TextIO

from ...model import OfficeRef, RegistryDefaults, Text, read
from ..sources import Source
from ..text import code_label
from .cpsv_ap import DEFAULT_BASE, exact_duration

CONTEXT = "https://schema.org"
_PERMITS = {"license", "certificate", "approval"}


class _Texts:
    """How a *text* becomes JSON-LD: one string in `lang` (a page), or every language."""

    def __init__(self, lang: str | None):
        self.lang = lang

    def __call__(self, value: Text | None) -> Any:
        if value is None or value.blank:
            return None
        if self.lang is not None:
            return value.pick(self.lang) or None
        if value.is_plain:
            language = value.default_language
            return {"@value": value.value, "@language": language} if language else value.value
        found = [{"@value": v, "@language": k} for k, v in value.by_language().items() if k and v.strip()]
        return found[0] if len(found) == 1 else found


def _prune(value: Any) -> Any:
    """Drop empty members, so a record says only what the definition says."""
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [v for v in (_prune(item) for item in value) if v not in (None, "", [], {})]
    return value


def _organisation(reference: OfficeRef | None, source: Source, text, base: str) -> dict | None:
    if reference is None or reference.ref is None:
        return None
    office = source.registry.office(reference.ref) or {}
    language = source.registry.language
    name = office.get("name")
    area = office.get("area") if isinstance(office.get("area"), dict) else None
    return {
        "@type": "GovernmentOrganization",
        "@id": f"{base}office/{reference.ref}",
        "identifier": reference.ref,
        "name": text(Text(name, (), language) if isinstance(name, (str, dict)) else reference.name) or reference.ref,
        "areaServed": _area(area, text, language),
    }


def _area(area: dict | None, text, language: str | None) -> dict | None:
    if not area or area.get("code") in (None, ""):
        return None
    name = area.get("name")
    return {"@type": "AdministrativeArea", "identifier": str(area["code"]),
            "name": text(Text(name, (), language)) if isinstance(name, (str, dict)) else None}


def government_service(source: Source, *, lang: str | None = None, base: str = DEFAULT_BASE,
                       default_language: str | None = None) -> dict:
    """One definition as a GovernmentService node (without @context)."""
    model = read(source.data or {}, RegistryDefaults(source.registry.language, source.registry.public_status),
                 default_language)
    text = _Texts(lang)
    operator = _organisation(model.responsible_office, source, text, base)
    label_lang = lang or "en"
    processing = exact_duration(model.deadlines.committed) if model.deadlines else None
    channels = [{
        "@type": "ServiceChannel",
        "name": code_label("channel", channel.type, label_lang) if lang else channel.type,
        "serviceUrl": channel.url,
        "serviceLocation": {"@type": "Place", "address": text(channel.address)} if channel.address else None,
        "availableLanguage": lang,
        "processingTime": processing,
    } for channel in model.channels]
    outcome = model.outcome
    terms = [law.url for law in model.legal_basis if law.url]
    record = {
        "@type": "GovernmentService",
        "@id": f"{base}service/{model.id}" if model.id else None,
        "identifier": model.id,
        "name": text(model.name),
        "description": text(model.description),
        "serviceType": code_label("type", model.type, label_lang) if model.type else None,
        "serviceOperator": operator,
        "provider": operator,
        "areaServed": operator.get("areaServed") if operator else None,
        "audience": [{"@type": "Audience", "audienceType": code_label("audience", a, label_lang)} for a in model.audience],
        "availableChannel": channels,
        "serviceOutput": {
            "@type": "GovernmentPermit" if outcome.type in _PERMITS else "Thing",
            "name": text(outcome.name),
        } if outcome is not None else None,
        "termsOfService": terms[0] if len(terms) == 1 else terms,
        "inLanguage": lang,
    }
    return _prune(record)


def export(sources: Iterable[Source], stream: TextIO, *, base: str = DEFAULT_BASE,
           default_language: str | None = None) -> int:
    """Write every definition to `stream` as one JSON-LD document (a @graph), every language
    kept, one record at a time; return how many."""
    stream.write(f'{{\n  "@context": "{CONTEXT}",\n  "@graph": [\n')
    count = 0
    for source in sources:
        if source.data is None:
            continue
        record = json.dumps(government_service(source, base=base, default_language=default_language),
                            ensure_ascii=False, indent=2)
        stream.write((",\n" if count else "") + textwrap.indent(record, "    "))
        count += 1
    stream.write("\n  ]\n}\n")
    return count


def embedded(source: Source, lang: str, *, base: str = DEFAULT_BASE) -> str:
    """The `<script type="application/ld+json">` body of a guide page: `</` cannot end it."""
    record = {"@context": CONTEXT, **government_service(source, lang=lang, base=base)}
    return json.dumps(record, ensure_ascii=False, indent=1).replace("</", "<\\/")
