"""Stable identities for findings, shared by the formats that track issues across runs.

Code scanning (SARIF `partialFingerprints`) and GitLab Code Quality (`fingerprint`) decide
whether a finding is new or was already known by comparing these strings between runs. So
they must not change when a line is inserted above the finding, nor when the message is
shown in another language: they hash the code, the file and the JSON pointer, plus a
counter that separates findings which share all three (two missing keys in one mapping).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..findings import Finding
from .paths import display_path

VERSION = "svcstd/v1"


def fingerprints(findings: Iterable[Finding], root: Path) -> list[str]:
    """One hex fingerprint per finding, in the order given (the report's sorted order).

    Files are named relative to the repository `root`, so the folder a job runs from
    does not change them."""
    seen: Counter[tuple[str, str, str]] = Counter()
    result = []
    for finding in findings:
        identity = (finding.code, display_path(finding.file, root), finding.path)
        occurrence = seen[identity]
        seen[identity] += 1
        payload = "\0".join((VERSION, *identity, str(occurrence)))
        result.append(hashlib.sha256(payload.encode("utf-8")).hexdigest())
    return result
