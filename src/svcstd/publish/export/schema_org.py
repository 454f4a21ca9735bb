"""Definitions → schema.org `GovernmentService` JSON-LD (plain JSON; no RDF library needed).

The same record is embedded in every guide page (in the page's language) and written by
`svcstd export --to schema-org` (every language, as {"@value", "@language"} objects).
`processingTime` is given only where the committed limit is an exact span (calendar days,
hours): schema.org's Duration has no working days.
"""

from __future__ import annotations

import json
from typing import Any, Sequence

from ..sources import Source
from ..text import code_label
from .cpsv_ap import DEFAULT_BASE, exact_duration

CONTEXT = "https://schema.org"
_PERMITS = {"license", "certificate", "approval"}


class _Texts:
    """How a *text* becomes JSON-LD: one string in `lang` (a page), or every language."""

    def __init__(self, source: Source, lang: str | None, default_language: str | None):
        self.source, self.lang = source, lang
        self.plain_language = source.language or default_language

    def __call__(self, value: Any) -> Any:
        if self.lang is not None:
            return _in_language(value, self.lang) or None
        if isinstance(value, dict):
            found = [{"@value": v, "@language": k} for k, v in value.items() if isinstance(v, str) and v.strip()]
        elif isinstance(value, str) and value.strip():
            found = [{"@value": value, "@language": self.plain_language} if self.plain_language else value]
        else:
            found = []
        if not found:
            return None
        return found[0] if len(found) == 1 else found


def _in_language(value: Any, lang: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in (lang, *(k for k in value if isinstance(k, str) and k.split("-")[0] == lang), "zh", "en", *value):
            if isinstance(value.get(key), str) and value[key].strip():
                return value[key]
    return ""


def _prune(value: Any) -> Any:
    """Drop empty members, so a record says only what the definition says."""
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [v for v in (_prune(item) for item in value) if v not in (None, "", [], {})]
    return value


def _organisation(reference: Any, source: Source, text, base: str) -> dict | None:
    if not isinstance(reference, dict) or not isinstance(reference.get("ref"), str):
        return None
    office = source.registry.office(reference["ref"]) or {}
    area = office.get("area") if isinstance(office.get("area"), dict) else None
    return {
        "@type": "GovernmentOrganization",
        "@id": f"{base}office/{reference['ref']}",
        "identifier": reference["ref"],
        "name": text(office.get("name") or reference.get("name")) or reference["ref"],
        "areaServed": _area(area, text),
    }


def _area(area: dict | None, text) -> dict | None:
    if not area or area.get("code") in (None, ""):
        return None
    return {"@type": "AdministrativeArea", "identifier": str(area["code"]), "name": text(area.get("name"))}


def government_service(source: Source, *, lang: str | None = None, base: str = DEFAULT_BASE,
                       default_language: str | None = None) -> dict:
    """One definition as a GovernmentService node (without @context)."""
    data = source.data or {}
    text = _Texts(source, lang, default_language)
    service_id = data.get("id") if isinstance(data.get("id"), str) else None
    operator = _organisation(data.get("responsible_office"), source, text, base)
    label_lang = lang or "en"
    committed = data.get("deadlines", {}).get("committed") if isinstance(data.get("deadlines"), dict) else None
    processing = exact_duration(committed)
    channels = []
    for channel in data.get("channels") or [] if isinstance(data.get("channels"), list) else []:
        if not isinstance(channel, dict):
            continue
        address = text(channel.get("address"))
        channels.append({
            "@type": "ServiceChannel",
            "name": code_label("channel", channel.get("type"), label_lang) if lang else channel.get("type"),
            "serviceUrl": channel.get("url") if isinstance(channel.get("url"), str) else None,
            "serviceLocation": {"@type": "Place", "address": address} if address else None,
            "availableLanguage": lang,
            "processingTime": processing,
        })
    outcome = data.get("outcome") if isinstance(data.get("outcome"), dict) else {}
    audiences = data.get("audience") if isinstance(data.get("audience"), list) else []
    terms = [law["url"] for law in data.get("legal_basis") or []
             if isinstance(law, dict) and isinstance(law.get("url"), str)] if isinstance(data.get("legal_basis"), list) else []
    record = {
        "@type": "GovernmentService",
        "@id": f"{base}service/{service_id}" if service_id else None,
        "identifier": service_id,
        "name": text(data.get("name")),
        "description": text(data.get("description")),
        "serviceType": code_label("type", data.get("type"), label_lang) if isinstance(data.get("type"), str) else None,
        "serviceOperator": operator,
        "provider": operator,
        "areaServed": operator.get("areaServed") if operator else None,
        "audience": [
            {"@type": "Audience", "audienceType": code_label("audience", audience, label_lang)}
            for audience in audiences if isinstance(audience, str)
        ],
        "availableChannel": channels,
        "serviceOutput": {
            "@type": "GovernmentPermit" if outcome.get("type") in _PERMITS else "Thing",
            "name": text(outcome.get("name")),
        } if outcome else None,
        "termsOfService": terms[0] if len(terms) == 1 else terms,
        "inLanguage": lang,
    }
    return _prune(record)


def export(sources: Sequence[Source], *, base: str = DEFAULT_BASE, default_language: str | None = None) -> str:
    """Every definition as one JSON-LD document (a @graph), every language kept."""
    services = [
        government_service(source, base=base, default_language=default_language)
        for source in sources if source.data is not None
    ]
    document = {"@context": CONTEXT, "@graph": services}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def embedded(source: Source, lang: str, *, base: str = DEFAULT_BASE) -> str:
    """The `<script type="application/ld+json">` body of a guide page: `</` cannot end it."""
    record = {"@context": CONTEXT, **government_service(source, lang=lang, base=base)}
    return json.dumps(record, ensure_ascii=False, indent=1).replace("</", "<\\/")
