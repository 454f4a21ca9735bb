"""The definitions a publication is made of, each with its offices registry.

One pass of discovery and loading (the same as `check`'s: same exclusions, same limits, same
YAML policies), no rule run: an export needs facts, not findings. The guide adds findings
itself (its banner). Each definition finds its own registry, as in `check`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from ..config import Config
from ..findings import Finding
from ..records import record


@record(frozen=True)
class Registry:
    """An offices registry as a publication needs it: offices by id, and its defaults."""

    path: Path | None
    offices: dict[str, dict] = field(default_factory=dict)
    language: str | None = None  # defaults.language (format 1.1)
    public_status: dict[str, Any] = field(default_factory=dict)  # defaults.public_status

    def office(self, office_id: object) -> dict | None:
        return self.offices.get(office_id) if isinstance(office_id, str) else None


EMPTY_REGISTRY = Registry(None)


@record(frozen=True)
class Source:
    """One definition file: its data (None when it could not be read) and its registry."""

    file: str
    data: dict | None
    registry: Registry
    load_findings: tuple[Finding, ...] = ()

    @property
    def language(self) -> str | None:
        """The language of this file's plain strings: its own `language`, else the registry's."""
        own = self.data.get("language") if self.data else None
        return own if isinstance(own, str) and own else self.registry.language


def read_registry(path: Path | None, config: Config) -> Registry:
    if path is None or not path.is_file():
        return EMPTY_REGISTRY
    from ..load import load_path

    loaded = load_path(path, str(path), lang=config.lang, limits=config.limits)
    data = loaded.document.data if loaded.document is not None else None
    if not isinstance(data, dict):
        return Registry(path)
    offices = {
        office["id"]: office
        for office in data.get("offices") or []
        if isinstance(office, dict) and isinstance(office.get("id"), str)
    } if isinstance(data.get("offices"), list) else {}
    defaults = data.get("defaults") if isinstance(data.get("defaults"), dict) else {}
    language = defaults.get("language")
    statuses = defaults.get("public_status")
    return Registry(
        path,
        offices,
        language if isinstance(language, str) and language else None,
        statuses if isinstance(statuses, dict) else {},
    )


def collect(paths: Sequence[str | Path], config: Config, *, force_exclude: bool = False) -> list[Source]:
    """Every service definition under `paths` (registries are read, not published)."""
    return list(iterate(paths, config, force_exclude=force_exclude))


def iterate(paths: Sequence[str | Path], config: Config, *, force_exclude: bool = False) -> Iterator[Source]:
    """The definitions one at a time, in discovery order: a publication of ten thousand
    services never holds them all in memory. Discovery happens at once (a missing path is
    an error before anything is read)."""
    from .. import discovery

    targets = discovery.discover(list(paths), config, force_exclude=force_exclude)
    return _load(targets, config)


def _load(targets, config: Config) -> Iterator[Source]:
    from .. import repository
    from ..load import load_path

    locator = repository.RegistryLocator(config)
    registries: dict[Path | None, Registry] = {}
    for target in targets:
        if target.is_stdin or repository.is_registry_file(target.path, config, target.identity):
            continue
        loaded = load_path(target.path, target.display, lang=config.lang, limits=config.limits)
        data = loaded.document.data if loaded.document is not None else None
        registry_path = locator.registry_for(target.path)
        key = Path(os.path.abspath(registry_path)) if registry_path else None
        if key not in registries:
            registries[key] = read_registry(key, config)
        yield Source(
            target.display,
            data if isinstance(data, dict) else None,
            registries[key],
            tuple(loaded.findings),
        )
