"""Checks across files: the offices registry and unique ids (SVC6xx).

Minimal first version: finds the registry so it is not checked as a service definition.
The repository work fills in SVC601-SVC604.
"""

from __future__ import annotations

from pathlib import Path

from .config import Config
from .loading import Document

REGISTRY_NAMES = ("offices.yaml", "offices.yml")


def registry_path(config: Config, targets) -> Path | None:
    if config.offices:
        return (Path(config.root) / config.offices).resolve()
    for name in REGISTRY_NAMES:
        candidate = Path(config.root) / name
        if candidate.is_file():
            return candidate.resolve()
    for target in targets:
        if not target.is_stdin and target.path.name in REGISTRY_NAMES:
            return target.path.resolve()
    return None


def registry_findings(doc: Document) -> list:
    return []


def summarize(doc: Document):
    return None


def cross_file_findings(results, config: Config, registry: Path | None, targets) -> list:
    return []
