"""Which files a run checks, and the names they are reported under.

Folders are walked for `*.yaml` / `*.yml`. Skipped while walking: hidden files and folders
(`.git`, `.pre-commit-config.yaml`: tool files, never definitions), the configuration's
`exclude` globs, and, when the folder is inside a git work tree, whatever git ignores
(`.gitignore`, `.git/info/exclude`, the global excludes file; asked of `git check-ignore`,
so the rules are git's own). Without git, or outside a work tree, nothing is skipped for
being ignored.

Symlinks are never followed out of the folder being walked, and a folder is entered once
whichever way it is reached, so link cycles end. A link inside the tree to something also
inside it adds no second copy: each file is checked once, under its real name when that
name was walked.

Files named explicitly are always checked (pre-commit passes changed files by name)
unless `--force-exclude` asks for the excludes and git's ignore rules to apply to them
too. Reported names are relative to the current directory with `/` separators, so that
they are stable across runs and platforms.
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Iterable, Sequence

from .config import Config

YAML_SUFFIXES = (".yaml", ".yml")

# A hook (pre-commit, a git hook) may run us with these set for *its* repository; git
# must find the work tree from the folder we ask about instead.
_GIT_LOCATION_VARIABLES = (
    "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE",
)
_GIT_TIMEOUT = 60


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
        return absolute.relative_to(Path(os.path.abspath(config.root))).as_posix()
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


# ---------------------------------------------------------------------------------------
# git


def _git_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in _GIT_LOCATION_VARIABLES}


@lru_cache(maxsize=256)
def git_toplevel(folder: str) -> Path | None:
    """The work tree holding `folder` (absolute), or None: not a repository, or no git."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=folder, capture_output=True, env=_git_environment(), timeout=_GIT_TIMEOUT,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    top = os.fsdecode(done.stdout).strip()
    return Path(top).resolve() if top else None


def git_ignored(toplevel: Path, relative_paths: Iterable[str]) -> set[str] | None:
    """Which of these paths (relative to `toplevel`, `/`-separated) git ignores.

    One `git check-ignore` process for the whole batch. None when git cannot answer
    (then nothing is treated as ignored, rather than the run failing).
    """
    paths = sorted(set(relative_paths))
    if not paths:
        return set()
    payload = b"\0".join(os.fsencode(p) for p in paths) + b"\0"
    try:
        done = subprocess.run(
            ["git", "check-ignore", "-z", "--stdin"],
            cwd=toplevel, input=payload, capture_output=True, env=_git_environment(),
            timeout=_GIT_TIMEOUT,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode not in (0, 1):  # 0: some ignored, 1: none ignored
        return None
    return {os.fsdecode(p) for p in done.stdout.split(b"\0") if p}


def _git_relative(real_folder: Path, inside: Path, toplevel: Path) -> str | None:
    """`inside` (a path under the walked folder, unresolved) as git names it."""
    try:
        return (real_folder / inside).relative_to(toplevel).as_posix()
    except ValueError:
        return None


def _is_git_ignored_file(path: Path) -> bool:
    parent = Path(os.path.realpath(path.parent))
    toplevel = git_toplevel(str(parent))
    if toplevel is None:
        return False
    relative = _git_relative(parent, Path(path.name), toplevel)
    if relative is None:
        return False
    ignored = git_ignored(toplevel, [relative])
    return bool(ignored and relative in ignored)


# ---------------------------------------------------------------------------------------
# Walking


@dataclass
class _Candidate:
    path: Path  # as reached from the walked folder
    inside: Path  # relative to the walked folder
    git_anchor: Path  # what git is asked about: the file, or the first linked folder above it


def walk(folder: Path, config: Config, cwd: Path | None = None, *, use_git: bool = True) -> list[Target]:
    """The YAML files under `folder`, as discovery would check them when it is named.

    An `exclude` pattern that matches `folder` itself does not apply: naming an excluded
    folder means checking it (`--force-exclude` skips it before it gets here).
    """
    cwd = cwd or Path.cwd()
    patterns = tuple(p for p in config.exclude if not glob_matches(folder, p, config))
    root_real = Path(os.path.realpath(folder))
    seen_dirs: set[tuple[int, int]] = set()
    candidates: list[_Candidate] = []
    linked_dirs: list[tuple[Path, Path]] = []  # (path as reached, relative), visited last

    def inside_tree(path: Path) -> bool:
        try:
            real = Path(os.path.realpath(path))
        except (OSError, ValueError):
            return False
        return real == root_real or real.is_relative_to(root_real)

    def visit(directory: Path, relative: Path, anchor: Path | None) -> None:
        try:
            info = directory.stat()
        except OSError:
            return
        identity = (info.st_dev, info.st_ino)
        if identity in seen_dirs:
            return  # a link cycle, or a folder already walked under its real name
        seen_dirs.add(identity)
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue  # .git, .svcstd_cache, .pre-commit-config.yaml: tool files
            path = directory / entry.name
            inside = relative / entry.name
            if any(glob_matches(path, pattern, config) for pattern in patterns):
                continue
            try:
                is_link = entry.is_symlink()
                if is_link and not inside_tree(path):
                    continue  # never leave the tree being checked
                is_dir = entry.is_dir()
                is_file = not is_dir and entry.is_file()
            except OSError:
                continue  # dangling link, or vanished
            if is_dir:
                if is_link and anchor is None:
                    linked_dirs.append((path, inside))
                else:
                    visit(path, inside, anchor)
            elif is_file and entry.name.lower().endswith(YAML_SUFFIXES):
                candidates.append(_Candidate(path, inside, anchor or inside))

    visit(folder, Path(), None)
    # Linked folders last: a folder reached both directly and through a link is then
    # walked under its real name.
    while linked_dirs:
        path, inside = linked_dirs.pop(0)
        visit(path, inside, inside)

    if use_git:
        candidates = _without_git_ignored(candidates, root_real)
    return [Target(c.path, display_name(c.path, cwd)) for c in candidates]


def _without_git_ignored(candidates: list[_Candidate], root_real: Path) -> list[_Candidate]:
    if not candidates:
        return candidates
    toplevel = git_toplevel(str(root_real))
    if toplevel is None:
        return candidates
    names = {c.git_anchor: _git_relative(root_real, c.git_anchor, toplevel) for c in candidates}
    root_name = _git_relative(root_real, Path(), toplevel)
    asked = [n for n in names.values() if n] + ([root_name] if root_name not in (None, ".", "") else [])
    ignored = git_ignored(toplevel, asked)
    if not ignored:
        return candidates
    if root_name in ignored:
        return candidates  # the user named an ignored folder: they mean it
    return [c for c in candidates if names[c.git_anchor] not in ignored]


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
            if force_exclude and is_excluded(path, config):
                continue
            targets.extend(walk(path, config, cwd))
        elif path.exists() or path.is_symlink():
            if force_exclude and (is_excluded(path, config) or _is_git_ignored_file(path)):
                continue
            targets.append(Target(path, display_name(path, cwd), explicit=True))
        else:
            raise DiscoveryError(f"{raw}: no such file or folder")
    return _unique(targets)


def _unique(targets: list[Target]) -> list[Target]:
    """One target per file: the same name twice, or one file under two names (a link)."""
    by_display: dict[str, Target] = {}
    for target in targets:
        kept = by_display.get(target.display)
        if kept is None or (target.explicit and not kept.explicit):
            by_display[target.display] = target
    by_file: dict[str, list[Target]] = {}
    for target in by_display.values():
        key = target.display if target.is_stdin else os.path.realpath(target.path)
        by_file.setdefault(key, []).append(target)
    chosen = []
    for key, group in by_file.items():
        real_display = None if group[0].is_stdin else display_name(Path(key))
        chosen.append(min(group, key=lambda t: (t.display != real_display, t.display)))
    return sorted(chosen, key=lambda t: t.display)
