"""The register of personal-data processing (GDPR Art. 30, PIPL Art. 23/34): definitions →
a plain, JSON-ready structure that every output format renders.

Per office: the services it runs and the personal data they collect (category, purpose,
legal basis, retention). Every flow between two offices (one per ordered pair of offices,
with the items that travel: the sender is the office that runs the service whose item is
`shared_with` the receiver). Every cross-border transfer.

Files are found by discovery (the same excludes and git ignores as `check`) and read
through `loading` and the shared `model`; each definition is reduced at once to a small
record (`extract`), in worker processes for a large repository, so that ten thousand
definitions are never held in memory as parsed documents. A file that does not load, or
is not a definition, is named in `skipped` (check it with `svcstd check`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from ..model import SENSITIVE_CATEGORIES, Definition, Duration, Text, read
from ..records import record


@record
class Register:
    """The register of personal-data processing: per office, the services, the data, and
    the flows."""

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


def extract(service: Definition, file: str, lang: str) -> dict:
    """What the register needs of one definition: a small plain record, so that a large
    repository is held as records, not as parsed documents (and records cross process
    boundaries cheaply)."""
    items = []
    for item in service.data_collected:
        if not item.personal:
            continue
        items.append({
            "item": item.id, "name": _text(item.name, lang), "categories": list(item.categories),
            "sensitive": is_sensitive(item), "source": item.source, "purpose": _text(item.purpose, lang),
            "legal_basis": item.legal_basis or "", "retention": _retention(item.retention),
            "shares": [
                {"to": s.office.ref, "purpose": _text(s.purpose, lang), "legal_basis": s.legal_basis or "", "method": s.method}
                for s in item.shared_with if s.office and s.office.ref
            ],
            "cross_border": {
                "destination": item.cross_border.destination or "", "legal_basis": item.cross_border.legal_basis or "",
            } if item.cross_border is not None else None,
        })
    office = service.responsible_office.ref if service.responsible_office and service.responsible_office.ref else None
    return {"file": file, "id": service.id, "name": _text(service.name, lang), "status": service.status,
            "office": office, "items": items}


def _extract_file(job: tuple[str, str, str, object]) -> dict | None:
    """Load one file and extract it; None when it is not a loadable definition."""
    from ..load import load_path

    path, display, lang, limits = job
    try:
        loaded = load_path(path, display, lang=lang, limits=limits)
    except Exception:  # noqa: BLE001 - a file that cannot be read is listed as skipped
        return None
    data = loaded.document.data if loaded.document is not None else None
    if not isinstance(data, dict) or "svcstd" not in data:
        return None
    return extract(read(data), display, lang)


def _extract_chunk(jobs: list) -> list:
    return [_extract_file(job) for job in jobs]


def _extract_all(jobs: list) -> list:
    """`_extract_file` over every job, in worker processes when there are many (the same
    policy as `check`'s runner), in this process otherwise or when processes fail."""
    from .. import runner

    workers = min(runner.default_jobs(), max(1, len(jobs) // runner.CHUNK_FILES))
    if workers < 2 or len(jobs) < runner.PARALLEL_THRESHOLD:
        return [_extract_file(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunks = runner.chunks(jobs, workers)
    done: list = []
    try:
        with ProcessPoolExecutor(workers, mp_context=runner._pool_context()) as pool:
            for part in pool.map(_extract_chunk, chunks):
                done.extend(part)
    except (BrokenProcessPool, OSError, RuntimeError):
        done.extend(_extract_file(job) for job in jobs[len(done):])
    return done


def read_definitions(paths: Sequence[str], config, *, force_exclude: bool = False) -> tuple[list[dict], dict, list[str]]:
    """The records of the definitions under `paths` (as `check` finds them), the office
    names of their registries (id → text in the config's language), and the files skipped."""
    from .. import discovery, repository

    targets = discovery.discover(paths, config, force_exclude=force_exclude)
    locator = repository.RegistryLocator(config)
    registries: set = set()
    jobs = []
    for target in targets:
        if target.is_stdin or repository.is_registry_file(target.path, config, target.identity):
            continue
        registries.add(locator.registry_for(target.path))
        jobs.append((target.path, target.display, config.lang, config.limits))
    names: dict[str, str] = {}
    for registry in sorted(r for r in registries if r is not None):
        for office_id, name in office_names(registry, config).items():
            names.setdefault(office_id, _name(name, config.lang))
    records, skipped = [], []
    for job, extracted in zip(jobs, _extract_all(jobs)):
        if extracted is None:
            skipped.append(job[1])
        else:
            records.append(extracted)
    return records, names, skipped


def office_names(registry: Path | None, config) -> dict:
    """Office id → name (text) in one registry; {} when there is none or it is unreadable."""
    if registry is None or not os.path.isfile(registry):
        return {}
    from ..load import load_path

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
    records: Iterable[dict], names: dict[str, str] | None = None, *, lang: str = "en", office: str | None = None,
    category: str | None = None, sensitive_only: bool = False, skipped: Sequence[str] = (),
) -> Register:
    """The register from definitions' records (`extract`), filtered: `office` keeps that
    office and the flows to or from it; `category` and `sensitive_only` keep the items
    that match (and the flows carrying them). `names`: office id → name."""
    names = names or {}

    def keep(item: dict) -> bool:
        if category is not None and category not in item["categories"]:
            return False
        return not sensitive_only or item["sensitive"]

    offices: dict[str, dict] = {}
    flows: dict[tuple[str, str], dict] = {}
    transfers: list[dict] = []

    def office_entry(office_id: str) -> dict:
        entry = offices.get(office_id)
        if entry is None:
            entry = offices[office_id] = {"id": office_id, "name": names.get(office_id, ""), "services": [], "processing": []}
        return entry

    for service in sorted(records, key=lambda r: r["file"]):
        sender = service["office"]
        if sender is None:
            continue
        entry = office_entry(sender)
        entry["services"].append({"id": service["id"], "name": service["name"], "file": service["file"], "status": service["status"]})
        for item in service["items"]:
            if not keep(item):
                continue
            described = {
                "service": service["id"], "item": item["item"], "name": item["name"], "categories": item["categories"],
                "sensitive": item["sensitive"], "source": item["source"], "purpose": item["purpose"],
                "legal_basis": item["legal_basis"], "retention": item["retention"],
            }
            entry["processing"].append(described)
            for share in item["shares"]:
                receiver = share["to"]
                office_entry(receiver)
                flow = flows.setdefault((sender, receiver), {"from": sender, "to": receiver, "sensitive": False, "items": []})
                flow["sensitive"] = flow["sensitive"] or item["sensitive"]
                flow["items"].append({
                    "service": service["id"], "item": item["item"], "name": item["name"],
                    "categories": item["categories"], "sensitive": item["sensitive"], "purpose": share["purpose"],
                    "legal_basis": share["legal_basis"], "method": share["method"], "file": service["file"],
                })
            if item["cross_border"] is not None:
                transfers.append({
                    "office": sender, "service": service["id"], "item": item["item"], "name": item["name"],
                    "categories": item["categories"], "sensitive": item["sensitive"], **item["cross_border"],
                    "file": service["file"],
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
