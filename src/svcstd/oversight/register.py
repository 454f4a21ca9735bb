"""The register of personal-data processing (GDPR Art. 30, PIPL Art. 23/34): definitions →
a plain, JSON-ready structure that every output format renders.

Per office: the services it runs and the personal data they collect (category, purpose,
legal basis, retention). Every flow between two offices (one per ordered pair of offices,
with the items that travel: the sender is the office that runs the service whose item is
`shared_with` the receiver). Every cross-border transfer.

Files are found by discovery (the same excludes and git ignores as `check`) and read
through `loading` and the shared `model`; a file that does not load, or is not a
definition, is named in `skipped` (check it with `svcstd check`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..model import SENSITIVE_CATEGORIES, Definition, Duration, Text, read


@dataclass
class Register:
    offices: list[dict] = field(default_factory=list)
    flows: list[dict] = field(default_factory=list)
    cross_border: list[dict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    filters: dict = field(default_factory=dict)
    lang: str = "en"

    def as_json(self) -> dict:
        return {
            "filters": self.filters,
            "offices": self.offices,
            "flows": self.flows,
            "cross_border": self.cross_border,
            "skipped": self.skipped,
        }


def _text(value: Text | None, lang: str) -> str:
    return value.pick(lang) if value is not None else ""


def _retention(value: Duration | str | None) -> Any:
    if isinstance(value, Duration):
        return {"value": value.value, "unit": value.unit}
    return value  # "permanent", or None


def is_sensitive(item) -> bool:
    return item.sensitive or any(c in SENSITIVE_CATEGORIES for c in item.categories)


@dataclass(frozen=True)
class Source:
    """One definition as the register reads it."""

    file: str
    service: Definition
    office_names: dict  # office id → Text-like value of its registry (its own registry)


def read_definitions(paths: Sequence[str], config, *, force_exclude: bool = False) -> tuple[list[Source], list[str]]:
    """The definitions under `paths` (as `check` finds them), and the files skipped."""
    from .. import discovery, repository
    from ..loading import load_path

    targets = discovery.discover(paths, config, force_exclude=force_exclude)
    locator = repository.RegistryLocator(config)
    names: dict[Path | None, dict] = {}
    sources, skipped = [], []
    for target in targets:
        if target.is_stdin or repository.is_registry_file(target.path, config, target.identity):
            continue
        loaded = load_path(target.path, target.display, lang=config.lang, limits=config.limits)
        data = loaded.document.data if loaded.document is not None else None
        if not isinstance(data, dict) or "svcstd" not in data:
            skipped.append(target.display)
            continue
        registry = locator.registry_for(target.path)
        if registry not in names:
            names[registry] = office_names(registry, config)
        sources.append(Source(target.display, read(data), names[registry]))
    return sources, skipped


def office_names(registry: Path | None, config) -> dict:
    """Office id → name (text) in one registry; {} when there is none or it is unreadable."""
    if registry is None or not os.path.isfile(registry):
        return {}
    from ..loading import load_path

    loaded = load_path(registry, str(registry), lang=config.lang, limits=config.limits)
    data = loaded.document.data if loaded.document is not None else None
    offices = data.get("offices") if isinstance(data, dict) else None
    return {
        o["id"]: o.get("name")
        for o in (offices if isinstance(offices, list) else [])
        if isinstance(o, dict) and isinstance(o.get("id"), str)
    }


def _name(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return Text(value, ()).pick(lang)
    return value if isinstance(value, str) else ""


def build(
    sources: Iterable[Source], *, lang: str = "en", office: str | None = None, category: str | None = None,
    sensitive_only: bool = False, skipped: Sequence[str] = (),
) -> Register:
    """The register, filtered: `office` keeps that office and the flows to or from it;
    `category` and `sensitive_only` keep the items that match (and the flows carrying them)."""

    def keep(item) -> bool:
        if category is not None and category not in item.categories:
            return False
        return not sensitive_only or is_sensitive(item)

    offices: dict[str, dict] = {}
    names: dict[str, str] = {}
    flows: dict[tuple[str, str], dict] = {}
    transfers: list[dict] = []

    def office_entry(office_id: str) -> dict:
        entry = offices.get(office_id)
        if entry is None:
            entry = offices[office_id] = {"id": office_id, "name": names.get(office_id, ""), "services": [], "processing": []}
        return entry

    sources = sorted(sources, key=lambda s: s.file)
    for source in sources:
        for office_id, name in source.office_names.items():
            names.setdefault(office_id, _name(name, lang))
    for source in sources:
        service = source.service
        sender = service.responsible_office.ref if service.responsible_office and service.responsible_office.ref else None
        if sender is None:
            continue
        label = {"id": service.id, "name": _text(service.name, lang), "file": source.file}
        entry = office_entry(sender)
        entry["services"].append({**label, "status": service.status})
        for item in service.data_collected:
            if not item.personal or not keep(item):
                continue
            described = {
                "service": service.id, "item": item.id, "name": _text(item.name, lang),
                "categories": list(item.categories), "sensitive": is_sensitive(item), "source": item.source,
                "purpose": _text(item.purpose, lang), "legal_basis": item.legal_basis or "",
                "retention": _retention(item.retention),
            }
            entry["processing"].append(described)
            for sharing in item.shared_with:
                receiver = sharing.office.ref if sharing.office and sharing.office.ref else None
                if receiver is None:
                    continue
                office_entry(receiver)
                flow = flows.setdefault((sender, receiver), {"from": sender, "to": receiver, "sensitive": False, "items": []})
                flow["sensitive"] = flow["sensitive"] or described["sensitive"]
                flow["items"].append({
                    "service": service.id, "item": item.id, "name": described["name"],
                    "categories": described["categories"], "sensitive": described["sensitive"],
                    "purpose": _text(sharing.purpose, lang), "legal_basis": sharing.legal_basis or "",
                    "method": sharing.method, "file": source.file,
                })
            if item.cross_border is not None:
                transfers.append({
                    "office": sender, "service": service.id, "item": item.id, "name": described["name"],
                    "categories": described["categories"], "sensitive": described["sensitive"],
                    "destination": item.cross_border.destination or "", "legal_basis": item.cross_border.legal_basis or "",
                    "file": source.file,
                })
    kept_flows = [flows[key] for key in sorted(flows)]
    if office is not None:
        kept_flows = [f for f in kept_flows if office in (f["from"], f["to"])]
        transfers = [t for t in transfers if t["office"] == office]
        involved = {office} | {f["from"] for f in kept_flows} | {f["to"] for f in kept_flows}
        shown = [offices[o] for o in sorted(offices) if o in involved]
        for entry in shown:
            if entry["id"] != office:
                entry["services"], entry["processing"] = [], []  # shown only as the other end of a flow
    elif category is not None or sensitive_only:
        involved = {f["from"] for f in kept_flows} | {f["to"] for f in kept_flows} | {t["office"] for t in transfers}
        shown = [offices[o] for o in sorted(offices) if o in involved or offices[o]["processing"]]
    else:
        shown = [offices[o] for o in sorted(offices)]
    filters = {"office": office, "category": category, "sensitive": sensitive_only}
    return Register(shown, kept_flows, transfers, list(skipped), filters, lang)
