"""Where a finding's file is, seen from the repository root.

Findings name files relative to the current folder (what a person typed). Code scanning,
GitLab and fingerprints need them relative to the repository root instead, so that a job
run from a subfolder reports the same paths and the same identities.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath


def source_root(start: Path | None = None) -> Path:
    """The repository root (nearest folder with `.git`), else the current folder."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def absolute(file: str) -> Path:
    path = Path(file)
    return Path(os.path.normpath(path if path.is_absolute() else Path.cwd() / path))


def relative_to_root(file: str, root: Path) -> str | None:
    """`file` as a POSIX path relative to `root`, or None when it lies outside (or is stdin)."""
    if file.startswith("<"):
        return None
    try:
        relative = absolute(file).relative_to(root)
    except ValueError:
        return None
    return PurePosixPath(*relative.parts).as_posix()


def display_path(file: str, root: Path) -> str:
    """Repository-relative when possible, else the file as the finding names it."""
    return relative_to_root(file, root) or file.replace("\\", "/")
