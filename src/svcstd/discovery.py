"""Which files a run checks, and the names they are reported under.

Folders are walked for `*.yaml` / `*.yml`; `exclude` globs from the configuration are
skipped; symlinks are never followed out of the tree nor around in cycles. Files named
explicitly are always checked (pre-commit passes changed files by name) unless
`--force-exclude` asks for the excludes to apply to them too. Reported names are relative
to the current directory with `/` separators, so that they are stable across runs and
platforms.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Sequence

from .config import Config

YAML_SUFFIXES = (".yaml", ".yml")


class DiscoveryError(Exception):
    """A path the user named cannot be used (exit code 2)."""


@dataclass(frozen=True)
class Target:
    path: Path
    display: str
    explicit: bool = False
    is_stdin: bool = False


def display_name(path: Path, cwd: Path | None = None) -> str:
    cwd = cwd or Path.cwd()
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(cwd)
        return relative.as_posix()
    except ValueError:
        try:
            return Path(os.path.relpath(absolute, cwd)).as_posix()
        except ValueError:  # another drive on Windows
            return absolute.as_posix()


def _relative_to_root(path: Path, config: Config) -> str:
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path(config.root)).as_posix()
    except ValueError:
        return absolute.as_posix()


def glob_matches(file: str | Path, pattern: str, config: Config) -> bool:
    """gitignore-flavoured glob: a pattern without `/` matches a name at any depth; a
    pattern with `/` matches from the configuration's folder; a folder pattern matches
    everything inside it."""
    relative = _relative_to_root(Path(file), config)
    parts = PurePosixPath(relative).parts
    pattern = pattern.strip()
    anchored = "/" in pattern.rstrip("/")
    pattern = pattern.strip("/")
    if not pattern:
        return False
    if anchored:
        candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    else:
        candidates = list(parts)
    return any(fnmatch.fnmatchcase(c, pattern) for c in candidates)


def is_excluded(path: Path, config: Config) -> bool:
    return any(glob_matches(path, pattern, config) for pattern in config.exclude)


def _walk(folder: Path, config: Config, cwd: Path) -> list[Target]:
    found: list[Target] = []
    root_real = folder.resolve()
    seen_dirs: set[tuple[int, int]] = set()

    def visit(directory: Path) -> None:
        try:
            info = directory.stat()
        except OSError:
            return
        identity = (info.st_dev, info.st_ino)
        if identity in seen_dirs:
            return  # a symlink cycle, or a folder reached twice
        seen_dirs.add(identity)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith(".") and entry.is_dir(follow_symlinks=False):
                continue  # .git, .svcstd_cache and other tool folders
            if is_excluded(path, config):
                continue
            if entry.is_symlink():
                try:
                    real = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    continue  # dangling or looping link
                if not real.is_relative_to(root_real):
                    continue  # never leave the tree being checked
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError:
                continue
            if is_dir:
                visit(path)
            elif is_file and entry.name.lower().endswith(YAML_SUFFIXES):
                found.append(Target(path, display_name(path, cwd)))

    visit(folder)
    return found


def discover(paths: Sequence[str | Path], config: Config, *, force_exclude: bool = False) -> list[Target]:
    """Expand the command line's paths into the files to check, sorted, without repeats."""
    cwd = Path.cwd()
    targets: list[Target] = []
    for raw in paths:
        if str(raw) == "-":
            targets.append(Target(Path("-"), "-", explicit=True, is_stdin=True))
            continue
        path = Path(raw)
        if path.is_dir():
            targets.extend(_walk(path, config, cwd))
        elif path.exists() or path.is_symlink():
            if force_exclude and is_excluded(path, config):
                continue
            targets.append(Target(path, display_name(path, cwd), explicit=True))
        else:
            raise DiscoveryError(f"{raw}: no such file or folder")
    unique: dict[str, Target] = {}
    for target in targets:
        unique.setdefault(target.display, target)
    return sorted(unique.values(), key=lambda t: t.display)
