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

Not every YAML file of a definitions repository is a definition (`mkdocs.yml`, CI
pipelines, tool configuration). A file found by walking a folder is checked only when it
looks like one: a top-level `svcstd` key (the format version every definition starts
with) or one of the top-level keys only this format has (`DEFINITION_KEYS`). The others
are skipped and counted as "not a definition" in every report, so nothing disappears
silently. `skip-non-definitions = false` in the configuration checks every YAML file.
The test reads only the top-level keys of the text (no parsing), and runs with the check
itself, so its answer is cached like the check's.

Files named explicitly are always checked (pre-commit passes changed files by name)
unless `--force-exclude` asks for the excludes, git's ignore rules and the
"not a definition" test to apply to them too. Reported names are relative to the current directory with `/` separators, so that
they are stable across runs and platforms.
"""

from __future__ import annotations

import fnmatch
import os
import re
import struct
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import field
from functools import lru_cache
from itertools import chain, pairwise
from pathlib import Path, PurePosixPath

from .config import Config
from .name_column import NameColumn, NamesAt
from .records import record
from .usage_messages import LocalizedProblem

YAML_SUFFIXES = (".yaml", ".yml")

# A hook (pre-commit, a git hook) may run us with these set for *its* repository; git
# must find the work tree from the folder we ask about instead.
_GIT_LOCATION_VARIABLES = (
    "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE",
)
_GIT_TIMEOUT = 60


# Top-level keys that only a service definition has (format 1 and 1.1). Generic words that
# the format shares with other YAML (`id`, `name`, `description`, `type`, `status`,
# `version`, `steps`, `contact`, `level`, `language`, `scope`, `faq`, ...) are left out: a
# CI pipeline, a Helm chart or a docker-compose file has them too.
DEFINITION_KEYS = (
    "svcstd", "responsible_office", "supervising_office", "legal_basis", "eligibility",
    "deadlines", "data_collected", "fees", "outcome", "channels", "audience",
    "intermediary_services", "review_criteria", "materials_note", "quantity_limit",
)
_KEY_ALTERNATIVES = "|".join(DEFINITION_KEYS)
# A key at the start of a line is a top-level key of a block mapping (nested keys and
# the lines of multi-line values are indented); quoted or not.
# The full-width colon `：` of a Chinese input method counts too: such a file is a
# definition with a typo (SVC001 names it), not other YAML.
_BLOCK_KEY = re.compile(rf"""^(["']?)(?:{_KEY_ALTERNATIVES})\1[ \t]*(?::(?:[ \t]|\r?$)|：)""", re.MULTILINE)
# A document written as one flow mapping (`{svcstd: "1", ...}`, JSON): any such key.
_FLOW_KEY = re.compile(rf"""[{{,\s](["']?)(?:{_KEY_ALTERNATIVES})\1[ \t]*:""")
_LEADING_COMMENTS = re.compile(r"\A(?:\ufeff)?(?:[ \t]*(?:#[^\n]*)?\r?\n|%[^\n]*\n|---[ \t]*\r?\n)*[ \t]*")


def looks_like_definition(text: str) -> bool:
    """Whether a YAML text is (meant as) a service definition: a top-level `svcstd` key,
    or one of the keys only this format has. Plain text matching, no parsing: a file
    with a syntax error is still recognised (and then reported), and a 4,000-file
    repository of other YAML costs microseconds a file."""
    if _BLOCK_KEY.search(text):
        return True
    start = _LEADING_COMMENTS.match(text)
    return text[start.end() if start else 0:].startswith("{") and bool(_FLOW_KEY.search(text))


class DiscoveryError(LocalizedProblem):
    """A path the user named cannot be used (exit code 2)."""


# What discovery learns of a file, packed: (mtime_ns, ctime_ns, size, inode, device).
# A run keeps a target per file until its report; as a tuple of five large integers the
# stat took 240 bytes of the target's 500, packed it takes 73.
_STAT = struct.Struct("<qqqQQ")


@record(frozen=True, slots=True)  # slots: a run keeps one per file until the report
class Target:
    """One file to check. `path` is the file as reached (a string: a walk makes thousands
    and `pathlib` objects cost more than the check of an unchanged file). `stat` is
    what discovery learnt of it (`file_stat`: mtime, ctime, size, inode and device,
    packed), so that the cache recognises an unchanged file and links are told apart
    without asking again."""

    path: str
    display: str
    explicit: bool = False
    is_stdin: bool = False
    stat: bytes | None = field(default=None, compare=False, repr=False)

    @property
    def identity(self) -> tuple[int, int] | None:
        """(device, inode): the same for every name of one file."""
        if self.stat is None:
            return None
        _, _, _, inode, device = _STAT.unpack(self.stat)
        return (device, inode)

    @property
    def signature(self) -> tuple[int, int, int, int] | None:
        """(mtime_ns, ctime_ns, size, inode): changes whenever the content does."""
        return None if self.stat is None else _STAT.unpack(self.stat)[:4]


class WalkedName(str):
    """The `Target` of a file found by walking a folder, reached by the very name it is
    reported by, with no stat asked (a run without the cache: nearly every file of a
    large one). Its name is then all a `Target` would hold, so the name stands as one:
    a `Target` a file was 72 bytes of a 100,000-file run's peak beside its name; a
    string of this class is the name and 48 bytes (a subclass keeps its characters
    apart, and is known to the collector, as a `Target` was). Pickled as a plain
    string (a worker's job)."""

    __slots__ = ()

    path = property(lambda self: self, doc="`Target.path`: the name itself.")
    display = property(lambda self: self, doc="`Target.display`: the name itself.")
    explicit = False
    is_stdin = False
    stat = None
    identity = None
    signature = None

    def __reduce__(self):
        return str, (str(self),)

    def __repr__(self) -> str:
        return f"WalkedName({str(self)!r})"


def walked_target(path: str, display: str, stat: bytes | None) -> Target | WalkedName:
    """`Target(path, display, stat=stat)`, a file found by walking a folder (positional
    arguments: a walk makes one per file of the repository on every run); its name alone
    when that says it all (`WalkedName`)."""
    if stat is None and path == display:
        return display if display.__class__ is WalkedName else WalkedName(display)
    return Target(path, display, False, False, stat)


def file_stat(info: os.stat_result) -> bytes:
    """`Target.stat` of a file whose `os.stat` is `info`."""
    return _STAT.pack(info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino, info.st_dev)


class Targets(list):
    """The files to check (a list of `Target`), plus what the cross-file pass can reuse:
    `walked` maps each folder walked (absolute, unresolved) to the files the walk found,
    in walk order, so that the repository is not walked a second time."""

    def __init__(self, targets: Iterable[Target] = (), walked: dict[str, list[Target]] | None = None):
        super().__init__(targets)
        self.walked: dict[str, list[Target]] = walked or {}


class NamedTargets(Sequence):
    """Targets that are all `WalkedName`s, kept as their names (`name_column`): each is
    made when read. A whole-repository run without the cache (one walk, no stat, each
    file reported by the name it was walked by) keeps its targets so: 40 bytes a file
    instead of a `WalkedName`'s 149, from discovery to the report. `walked` as in
    `Targets`; `links` as in `Walk` (a plain walk follows none)."""

    __slots__ = ("links", "names", "walked")

    def __init__(self, names: Sequence[str], walked: dict | None = None):
        self.names = names
        self.walked = walked if walked is not None else {}
        self.links = False

    def __len__(self) -> int:
        return len(self.names)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [WalkedName(name) for name in self.names[index]]
        return WalkedName(self.names[index])

    def __iter__(self) -> Iterator[WalkedName]:
        return map(WalkedName, self.names)


def has_stdin(targets) -> bool:
    """Whether standard input is among `targets` (never among `NamedTargets`, which are
    files walked: none is made to ask)."""
    return not isinstance(targets, NamedTargets) and any(target.is_stdin for target in targets)


def _named_targets(walk: list[WalkedName], folder: str) -> NamedTargets:
    """The targets of one plain walk of `folder` (`WalkedName`s, in walk order), sorted
    by name and kept by column, with the walk kept as the order of its names in it."""
    if all(earlier < later for earlier, later in pairwise(walk)):
        # The walk's own order (`_walk_key`): the walk is the column itself, and no list
        # of positions (a number a file, and a sorted list of them at discovery's peak).
        names = NameColumn(walk, ordered=True)
        return NamedTargets(names, {folder: NamedTargets(names)})
    order = sorted(range(len(walk)), key=walk.__getitem__)
    names = NameColumn((walk[at] for at in order), ordered=True)  # (a walk names each file once)
    in_walk_order = array("I", bytes(4 * len(walk)))
    for sorted_at, walk_at in enumerate(order):
        in_walk_order[walk_at] = sorted_at
    return NamedTargets(names, {folder: NamedTargets(NamesAt(names, in_walk_order))})


class Walk(list):
    """The targets a walk found, in walk order; `links`: whether it followed a link to a
    file or folder (only then may two of them be one file: see `discover`)."""

    links = False


def _walk_key(entry: os.DirEntry) -> str:
    """A folder's entries in the order their files' names sort in: a folder by its name
    and a slash, as each name under it begins. Depth first, the walk then meets its files
    in the order of their names (`a-b.yaml` before `a/c.yaml`), which `_named_targets`
    keeps as they come instead of sorting a second list of them."""
    name = entry.name
    try:
        return name + "/" if entry.is_dir() else name
    except OSError:
        return name


def _posix(path: str) -> str:
    return path if os.sep == "/" else path.replace(os.sep, "/")


def display_name(path: str | os.PathLike, cwd: str | os.PathLike | None = None) -> str:
    absolute = os.path.abspath(path)
    try:
        return _posix(os.path.relpath(absolute, os.fspath(cwd) if cwd is not None else os.getcwd()))
    except ValueError:  # another drive on Windows
        return _posix(absolute)


def _inside(path: str, base: str) -> str | None:
    """`path` relative to `base` (both absolute and normalised), lexically; None outside."""
    if path == base:
        return "."
    prefix = base if base.endswith(os.sep) else base + os.sep
    return path[len(prefix):] if path.startswith(prefix) else None


def _relative_to_root(path: str | os.PathLike, config: Config) -> str:
    absolute = os.path.abspath(path)
    relative = _inside(absolute, os.path.abspath(config.root))
    return _posix(absolute if relative is None else relative)


def _split_pattern(pattern: str) -> tuple[bool, str]:
    """(anchored, bare pattern) of an exclude glob."""
    pattern = pattern.strip()
    anchored = "/" in pattern.rstrip("/")
    return anchored, pattern.strip("/")


def glob_matches(file: str | os.PathLike, pattern: str, config: Config) -> bool:
    """gitignore-flavoured glob: a pattern without `/` matches a name at any depth; a
    pattern with `/` matches from the configuration's folder; a folder pattern matches
    everything inside it."""
    relative = _relative_to_root(file, config)
    parts = PurePosixPath(relative).parts
    anchored, pattern = _split_pattern(pattern)
    if not pattern:
        return False
    if anchored:
        candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    else:
        candidates = list(parts)
    return any(fnmatch.fnmatchcase(c, pattern) for c in candidates)


def is_excluded(path: str | os.PathLike, config: Config) -> bool:
    return any(glob_matches(path, pattern, config) for pattern in config.exclude)


# ---------------------------------------------------------------------------------------
# git


def _git_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in _GIT_LOCATION_VARIABLES}


def _has_git_above(folder: str) -> bool:
    """Whether `folder` or a folder above it holds a `.git` (the repository's folder, or
    the file that points to it in a linked work tree or a submodule). Without one git
    finds no work tree (the variables that could point it elsewhere are removed from its
    environment), and the 2 ms of starting it are spared: a run outside any repository
    asks once per folder walked."""
    for start in {folder, os.path.realpath(folder)}:  # git starts from the real folder
        current = start
        while True:
            if os.path.lexists(os.path.join(current, ".git")):
                return True
            parent = os.path.dirname(current)
            if parent == current:
                break
            current = parent
    return False


@lru_cache(maxsize=256)
def git_toplevel(folder: str) -> Path | None:
    """The work tree holding `folder` (absolute), or None: not a repository, or no git."""
    if not _has_git_above(folder):
        return None
    import subprocess  # here: outside a repository, a run never starts git (3 ms to import)

    try:
        done = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            check=False, cwd=folder, capture_output=True, env=_git_environment(), timeout=_GIT_TIMEOUT,
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
    # As given, each ended by a NUL (git answers each line alone): not first made a set
    # and a sorted list of a large repository's names.
    payload = b"".join(os.fsencode(path) + b"\0" for path in relative_paths)
    if not payload:
        return set()
    import subprocess

    try:
        done = subprocess.run(
            ["git", "check-ignore", "-z", "--stdin"],
            check=False, cwd=toplevel, input=payload, capture_output=True, env=_git_environment(),
            timeout=_GIT_TIMEOUT,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode not in (0, 1):  # 0: some ignored, 1: none ignored
        return None
    return {os.fsdecode(p) for p in done.stdout.split(b"\0") if p}


def _git_name(real_path: str, toplevel: Path) -> str | None:
    """A resolved path as git names it: relative to the work tree's top, `/`-separated."""
    relative = _inside(real_path, str(toplevel))
    return None if relative is None else _posix(relative)


def _is_git_ignored_file(path: str | os.PathLike) -> bool:
    parent = os.path.realpath(os.path.dirname(os.path.abspath(path)))
    toplevel = git_toplevel(parent)
    if toplevel is None:
        return False
    relative = _git_name(os.path.join(parent, os.path.basename(path)), toplevel)
    if relative is None:
        return False
    ignored = git_ignored(toplevel, [relative])
    return bool(ignored and relative in ignored)


# ---------------------------------------------------------------------------------------
# Walking


class _ExcludeFilter:
    """The exclude globs, compiled once per walk.

    Only an entry's own name (unanchored patterns) or its full path from the
    configuration's folder (anchored ones) needs testing: the walk never enters a folder
    a pattern matches, and patterns matching the walked folder or a folder above it are
    dropped before walking, so every shorter candidate `glob_matches` would try has
    already failed.
    """

    def __init__(self, patterns: Iterable[str]):
        self.by_name = []
        self.by_path = []
        for raw in patterns:
            anchored, pattern = _split_pattern(raw)
            if pattern:
                matcher = re.compile(fnmatch.translate(pattern)).match
                (self.by_path if anchored else self.by_name).append(matcher)

    def __bool__(self) -> bool:
        return bool(self.by_name or self.by_path)

    def excludes(self, name: str, from_root: str) -> bool:
        return any(m(name) for m in self.by_name) or any(m(from_root) for m in self.by_path)


def walk(
    folder: str | os.PathLike, config: Config, cwd: str | os.PathLike | None = None, *, use_git: bool = True,
    stat: bool = True, by_column: bool = False,
) -> list[Target] | NamedTargets:
    """The YAML files under `folder`, as discovery would check them when it is named.

    `by_column` (without `stat`): when each file found is reached by the name it is
    reported by, in the order of those names, the files come as `NamedTargets`, their
    names added to the column as the walk meets them: a run of a whole repository holds
    no object a file of it, even for a moment (a tuple, a name and a list's slot were
    over 200 bytes a file of discovery's peak: 34 MB at 40,000 files, now 25.5).

    An `exclude` pattern that matches `folder` itself does not apply: naming an excluded
    folder means checking it (`--force-exclude` skips it before it gets here).

    Paths stay strings and names are joined by hand: this loop runs once per file of
    the repository on every run, cached or not. Without `stat`, the files' targets have
    none (no identity, no signature): a caller that reads only a few of them spares a
    system call per file.
    """
    folder = os.fspath(folder)
    cwd = os.fspath(cwd) if cwd is not None else os.getcwd()
    excludes = _ExcludeFilter(p for p in config.exclude if not glob_matches(folder, p, config))
    root_real = os.path.realpath(folder)
    root_inside = root_real if root_real.endswith(os.sep) else root_real + os.sep
    folder_display = display_name(folder, cwd)
    # Inside the current folder a file's name is the folder's plus its own; from above
    # it (`../..`) the joined name may pass back through the current folder, so only
    # `relpath` gives the same name as naming the file itself.
    above = folder_display == ".." or folder_display.startswith("../") or os.path.isabs(folder_display)
    display_prefix = "" if folder_display == "." else folder_display.rstrip("/") + "/"
    absolute_folder = os.path.abspath(folder)
    from_root = _relative_to_root(folder, config)
    # As `glob_matches` joins the parts (an absolute path outside the configuration's
    # folder keeps its doubled leading `/` there too).
    root_prefix = "" if from_root == "." else "/".join(PurePosixPath(from_root).parts) + "/"

    seen_dirs: set[tuple[int, int]] = set()
    # (path as reached, relative to folder, git anchor, stat); the git anchor is what
    # git is asked about: the file, or the first linked folder above it. A walk of the
    # current folder names its files by their relative path alone (`_targets_of`), so
    # their path as reached (`./name`) is not kept: it was 100 bytes a file of the walk's
    # peak, memory the process keeps to its end.
    found: list[tuple[str | None, str, str, bytes | None]] = []
    keeps_reached_path = not (os.sep == "/" and not above and folder == "." and not display_prefix)
    # The files not under a linked folder, by name (see `by_column`): a file is reached by
    # its walk's name as it is shown (`./name` is `name`; `services/name` both ways).
    column = None
    if by_column and not stat and os.sep == "/" and not above and (not keeps_reached_path or folder + "/" == display_prefix):
        column = NameColumn(ordered=True)
    last_name = ""
    linked_dirs: list[tuple[str, str]] = []  # (path as reached, relative), visited last
    links_followed = False

    def inside_tree(path: str) -> bool:
        try:
            real = os.path.realpath(path)
        except (OSError, ValueError):
            return False
        return real == root_real or real.startswith(root_inside)

    def visit(directory: str, relative: str, anchor: str | None) -> None:
        nonlocal links_followed, last_name
        try:
            info = os.stat(directory)
        except OSError:
            return
        identity = (info.st_dev, info.st_ino)
        if identity in seen_dirs:
            return  # a link cycle, or a folder already walked under its real name
        seen_dirs.add(identity)
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=_walk_key)
        except OSError:
            return
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue  # .git, .svcstd_cache, .pre-commit-config.yaml: tool files
            inside = relative + name
            if excludes and excludes.excludes(name, root_prefix + inside):
                continue
            path = entry.path
            try:
                is_link = entry.is_symlink()
                if is_link:
                    if not inside_tree(path):
                        continue  # never leave the tree being checked
                    links_followed = True
                is_dir = entry.is_dir()
                if is_dir:
                    if is_link and anchor is None:
                        linked_dirs.append((path, inside))
                    else:
                        visit(path, inside + "/", anchor)
                    continue
                if not name.lower().endswith(YAML_SUFFIXES) or not entry.is_file():
                    continue
                info = entry.stat() if stat else None  # follows a link: the file's own identity
            except OSError:
                continue  # dangling link, or vanished
            if column is not None and anchor is None:
                shown = display_prefix + inside if display_prefix else inside
                if shown <= last_name:
                    column.ordered = False
                column.append(shown)
                last_name = shown
                continue
            if info is None:
                # Made the name's own string now: the `Target` it may become (a copy
                # made later was a second string a file of discovery's peak).
                inside = WalkedName(inside)
            found.append((path if keeps_reached_path else None, inside, anchor or inside, None if info is None else file_stat(info)))

    visit(folder, "", None)
    # Linked folders last: a folder reached both directly and through a link is then
    # walked under its real name.
    while linked_dirs:
        path, inside = linked_dirs.pop(0)
        visit(path, inside + "/", inside)
    # `visit` reaches itself through its closure: a cycle that would keep `found` (a
    # tuple per file) alive until a collection, and a run collects rarely and freezes
    # what is alive (engine.keep_out_of_collections), so it stayed to the end.
    visit = None

    if column is not None:
        if column.ordered and not found:
            if use_git:
                column = _column_without_git_ignored(column, root_real, len(display_prefix))
            named = NamedTargets(column)
            named.links = links_followed
            return named
        # Linked folders were followed, or the names came in another order: as any walk.
        cut = len(display_prefix)
        found[:0] = [(shown if keeps_reached_path else None, shown[cut:], shown[cut:], None) for shown in column]
        column = None
    if use_git:
        found = _without_git_ignored(found, root_real)
    walked = Walk(_targets_of(found, folder, cwd, absolute_folder, above, display_prefix))
    walked.links = links_followed
    return walked


def _targets_of(found: list, folder: str | os.PathLike, cwd: str, absolute_folder: str, above: bool, display_prefix: str) -> list[Target]:
    if above:
        return [
            walked_target(path, display_name(os.path.join(absolute_folder, inside), cwd), stat)
            for path, inside, _, stat in found
        ]
    if os.sep == "/":
        # A file's display name is often a path to it too: then one string stands for both
        # (a run keeps both until its report: 100 bytes a file). So it is for a walk of the
        # current folder (`./name` as reached, `name` shown), and of a folder named by a
        # relative path that display names keep (`services/name`, both ways).
        if folder == "." and not display_prefix:
            return [walked_target(inside, inside, stat) for _, inside, _, stat in found]
        targets = []
        for path, inside, _, known in found:
            display = display_prefix + inside
            targets.append(walked_target(display if display == path else path, display, known))
        return targets
    return [walked_target(path, display_prefix + _posix(inside), stat) for path, inside, _, stat in found]


def _column_without_git_ignored(column: NameColumn, root_real: str, cut: int) -> NameColumn:
    """`_without_git_ignored` for names by column (each its own git anchor, shown with
    `cut` characters before it), asked and kept one name at a time."""
    if not len(column):
        return column
    answer = _ignored_by_git(root_real, (shown[cut:] for shown in column))
    if answer is None:
        return column
    prefix, ignored = answer
    return NameColumn((shown for shown in column if prefix + shown[cut:] not in ignored), ordered=True)


def _without_git_ignored(found: list, root_real: str) -> list:
    if not found:
        return found
    # Each anchor once: the files under a linked folder share theirs.
    answer = _ignored_by_git(root_real, dict.fromkeys(anchor for _, _, anchor, _ in found))
    if answer is None:
        return found
    prefix, ignored = answer
    return [f for f in found if prefix + _posix(f[2]) not in ignored]


def _ignored_by_git(root_real: str, anchors: Iterable[str]) -> tuple[str, set[str]] | None:
    """What git ignores of `anchors` (paths relative to the walked folder `root_real`), as
    (the folder's prefix in the work tree, the ignored names with it); None when nothing
    is to be left out: no work tree, nothing ignored, or the folder itself ignored (the
    user named an ignored folder: they mean it)."""
    toplevel = git_toplevel(root_real)
    if toplevel is None:
        return None
    root_name = _git_name(root_real, toplevel)
    if root_name is None:
        return None  # cannot happen: git found the work tree from this folder
    prefix = "" if root_name == "." else root_name + "/"
    asked = (prefix + _posix(anchor) for anchor in anchors)
    ignored = git_ignored(toplevel, chain(asked, [root_name] if root_name not in (".", "") else []))
    if not ignored or root_name in ignored:
        return None
    return prefix, ignored


def discover(
    paths: Sequence[str | Path], config: Config, *, force_exclude: bool = False, stat: bool = True
) -> Targets:
    """Expand the command line's paths into the files to check, sorted, without repeats.

    Without `stat`, the files found by walking a folder carry no stat (see `walk`): a run
    without the cache needs none of them (a third of the walk's time, 30 ms and 73 bytes
    kept a file at 10,000 files). Whoever needs a file's identity then asks for it."""
    cwd = os.getcwd()
    targets: list[Target] = []
    walked: dict[str, list[Target]] = {}
    # Whether the targets are those of one walk that followed no link: then no two of
    # them are one file (a walk enters each folder once, and names each file once), and
    # grouping them by name and by file (`_unique`: a dictionary entry, a list and an
    # identity a file, 1.7 MB at 10,000 files that the process keeps) finds nothing.
    one_plain_walk: bool | None = None
    for raw in paths:
        if str(raw) == "-":
            targets.append(Target("-", "-", explicit=True, is_stdin=True))
            one_plain_walk = False
            continue
        path = os.fspath(raw)
        if os.path.isdir(path):
            if force_exclude and is_excluded(path, config):
                continue
            found = walk(path, config, cwd, stat=stat, by_column=len(paths) == 1)
            walked[os.path.abspath(path)] = found
            if isinstance(found, NamedTargets) and not found.links:
                return NamedTargets(found.names, walked)  # (the only path named)
            targets.extend(found)
            one_plain_walk = one_plain_walk is None and not found.links
        elif os.path.lexists(path):
            if force_exclude and (is_excluded(path, config) or _is_git_ignored_file(path)):
                continue
            try:
                stat = file_stat(os.stat(path))
            except OSError:
                stat = None  # a dangling link: loading reports it
            targets.append(Target(path, display_name(path, cwd), explicit=True, stat=stat))
            one_plain_walk = False
        else:
            raise DiscoveryError("no_such_path", path=raw)
    if one_plain_walk:
        (folder, walk_list), = walked.items()
        if not stat and all(target.__class__ is WalkedName for target in targets):
            return _named_targets(walk_list, folder)
        return Targets(sorted(targets, key=_display_of), walked)
    return Targets(_unique(targets, cwd), walked)


def _display_of(target: Target) -> str:
    return target.display


def _identity_now(path: str) -> tuple[int, int] | None:
    """(device, inode) of the file `path` leads to, as a walk's stat gives it; None for a
    dangling link."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _unique(targets: list[Target], cwd: str) -> list[Target]:
    """One target per file: the same name twice, or one file under two names (a link).

    Files are grouped by (device, inode), which the walk already has; only names that
    share an inode are resolved, to keep hard links (one inode, two real names) apart
    as before."""
    by_display: dict[str, Target] = {}
    for target in targets:
        kept = by_display.get(target.display)
        if kept is None or (target.explicit and not kept.explicit):
            by_display[target.display] = target
    by_identity: dict[object, list[Target]] = {}
    for target in by_display.values():
        if target.is_stdin:
            key: object = ("stdin", target.display)
        else:
            key = target.identity or _identity_now(target.path) or ("real", os.path.realpath(target.path))
        by_identity.setdefault(key, []).append(target)
    chosen = []
    for group in by_identity.values():
        if len(group) == 1:
            chosen.append(group[0])
            continue
        by_real: dict[str, list[Target]] = {}
        for target in group:
            by_real.setdefault(os.path.realpath(target.path), []).append(target)
        for real, names in by_real.items():
            real_display = display_name(real, cwd)
            chosen.append(min(names, key=lambda t: (t.display != real_display, t.display)))
    return sorted(chosen, key=_display_of)
