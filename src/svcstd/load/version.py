"""Whether built data is a service definition at all: a mapping whose `svcstd` names a
format version this svcstd reads (SVC001 `not_mapping`, SVC005)."""

from __future__ import annotations

from ..catalogue import phrase
from ..findings import Finding
from .document import Document, LoadResult
from .wording import _clip

CURRENT_FORMAT_VERSION = "1"  # the oldest; FORMAT_VERSIONS (versions.py) lists all read


def _judge(doc: Document, findings: list[Finding]) -> LoadResult:
    """Whether built data is a service definition at all: a mapping of a known version."""
    if not isinstance(doc.data, dict):
        kind = phrase("kind.list", doc.lang, "list") if isinstance(doc.data, list) else phrase(
            "kind.single_value", doc.lang, "single value")
        findings.append(doc.finding("SVC001", "not_mapping", kind=kind))
        return LoadResult(None, findings)
    version_problem = _check_version(doc)
    if version_problem is not None:
        findings.append(version_problem)
        if "svcstd" in doc.data:
            # A file written against an unknown format cannot be judged by v1 rules;
            # one without any version is most likely v1 with the line forgotten.
            return LoadResult(None, findings)
    return LoadResult(doc, findings)


def _check_version(doc: Document) -> Finding | None:
    from ..versions import FORMAT_VERSIONS, LATEST_VERSION, versions_words

    if "svcstd" not in doc.data:
        return doc.finding("SVC005", "missing", latest=LATEST_VERSION, versions=versions_words())
    value = doc.data["svcstd"]
    if value not in FORMAT_VERSIONS:
        from yaml.nodes import ScalarNode  # only here: a known version needs no node

        _, node = doc.node_at(("svcstd",))
        shown = _clip(node.value) if isinstance(node, ScalarNode) else repr(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and shown in FORMAT_VERSIONS:
            return doc.finding("SVC005", "unquoted", ("svcstd",), value=shown)
        return doc.finding("SVC005", "unknown", ("svcstd",), value=shown, latest=LATEST_VERSION, versions=versions_words())
    return None
