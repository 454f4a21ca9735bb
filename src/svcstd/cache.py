"""Results of earlier runs, so that an unchanged repository is not checked twice.

Like ruff's cache: a folder (`.svcstd_cache/` beside the configuration) that ignores
itself in git. A file's result is reused only when everything it depends on is the same:
its content (SHA-256), svcstd's version and code, the bundled schemas, the configuration
and the set of rules.

An unchanged file is recognised from its metadata alone (mtime, ctime, size, inode), the
way git does, so a warm run reads no file content at all. A file modified within
`RACY_NS` of the moment its metadata was recorded could change again without its
metadata changing, so such an entry is confirmed by hashing the content next time.

One shard per folder of checked files keeps a pre-commit run on two files from loading
the whole repository's cache. A shard that is truncated, corrupt, from another svcstd or
made by anyone else is ignored and rewritten: the cache is never trusted, only verified.

The cross-file findings of a whole-repository run are kept too (`CrossFileResults`), with
a digest of everything they were worked out from; the next run reuses them only when that
digest is the same (`repository.cross_file_inputs`), and works them out again otherwise.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import pickle
import time
from dataclasses import field
from pathlib import Path

from .records import record

CACHE_DIR_NAME = ".svcstd_cache"
# The peeked ids: one file for each `peek_key`, beside the buckets.
PEEKS_PREFIX = "peeked-ids-"
# "/" is the only separator (POSIX): a path may be cut at its last "/" (as the cross-file
# pass's lookups do; this module stays free of its imports).
_PLAIN_SEPARATOR = os.sep == "/" and not os.altsep
# Buckets (one per run key: version, code, schemas, configuration) kept besides the one in
# use; switching between a few configurations stays warm, and the folder stays bounded.
KEEP_OTHER_BUCKETS = 3
FORMAT = b"svcstd-cache-1\n"
RACY_NS = 2_000_000_000
GITIGNORE = "# Created by svcstd: this folder is a cache and ignores itself.\n*\n"
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by svcstd.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def default_cache_dir(config) -> Path:
    return Path(config.root) / CACHE_DIR_NAME


def file_digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def stat_key(info: os.stat_result) -> tuple[int, int, int, int]:
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)


@functools.cache
def _code_fingerprint() -> str:
    """svcstd's own code: an edited rule must not be answered from the cache (editable
    installs do not change the version number). Once per process (both keys use it)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json"):
            try:
                info = path.stat()
            except OSError:
                continue
            digest.update(f"{path.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def run_key(config) -> str:
    """Everything besides a file's own content that its result depends on."""
    from . import __version__, catalogue
    from .schema import schemas_fingerprint

    parts = [
        __version__,
        _code_fingerprint(),
        schemas_fingerprint(),
        config.fingerprint(),
        ",".join(sorted(rule.code for rule in catalogue.all_rules())),
        f"pickle{pickle.HIGHEST_PROTOCOL}",
    ]
    local_schema = getattr(config, "schema", None)
    if local_schema:  # its path is in the fingerprint; its content must be too
        try:
            parts.append(hashlib.sha256(Path(local_schema).read_bytes()).hexdigest())
        except OSError:
            parts.append("unreadable")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def peek_key(config) -> str:
    """What a peeked id depends on besides the file (`PeekCache`): svcstd's code and the
    limits a file is read within, not the rules nor the schemas. Cheap (no rule module
    is imported), so that a partial run can hand the peeks to the background before the
    results cache is opened (`run_key`: 15-20 ms of a one-file run)."""
    from . import __version__

    limits = getattr(config, "limits", None)
    parts = [__version__, _code_fingerprint(), repr(limits), f"pickle{pickle.HIGHEST_PROTOCOL}"]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _split_absolute(path, folders: dict[str, str]) -> tuple[str, str]:
    """(absolute folder, name) of `path`, as `os.path.split(os.path.abspath(path))` gives
    them, each folder worked out once (`folders`: as written → absolute) per run: a warm
    run, or the peeks of a partial run, ask for every file."""
    if _PLAIN_SEPARATOR and path.__class__ is str:
        # The usual case, without os.path's generality.
        cut = path.rfind("/")
        written, name = (path[:cut] or "/", path[cut + 1:]) if cut >= 0 else ("", path)
    else:
        written, name = os.path.split(os.fspath(path))
    if name in ("", ".", ".."):
        return os.path.split(os.path.abspath(path))
    folder = folders.get(written)
    if folder is None:
        folder = folders[written] = os.path.abspath(written or ".")
    return folder, name


@record
class Entry:
    """What the cache knows about one file."""

    stat: tuple[int, int, int, int]
    stat_trusted: bool
    digest: str
    display: str
    is_registry: bool
    result: object  # engine.FileResult


class _SafeUnpickler(pickle.Unpickler):
    """Only svcstd's own value classes (and plain containers): a cache file that names
    anything else was not written by us and is refused."""

    def find_class(self, module: str, name: str):
        if module == "svcstd" or module.startswith("svcstd."):
            found = super().find_class(module, name)
            if isinstance(found, type) and found.__module__.startswith("svcstd"):
                return found
        if (module, name) in _ALLOWED_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing {module}.{name} from a cache file")


_ALLOWED_GLOBALS = {
    ("builtins", "frozenset"),
    ("builtins", "set"),
    ("builtins", "object"),
    ("copyreg", "_reconstructor"),
    ("pathlib", "PurePosixPath"),
    ("pathlib", "PosixPath"),
    ("collections", "OrderedDict"),
    ("collections", "Counter"),
}


@record
class Shard:
    """One file of the cache: the entries of the files whose names hash to it."""

    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    dirty: bool = False


@record
class CacheStats:
    """What the cache answered during a run (hits, misses, shards thrown away), for tests
    and measurements."""

    hits: int = 0
    misses: int = 0
    stat_hits: int = 0
    discarded_shards: int = 0


class Cache:
    """Lookup and store per-file results under one run key."""

    def __init__(self, directory: Path, key: str, peeks_key: str = ""):
        self.directory = Path(directory)
        self.key = key
        self._peek_key = peeks_key or key
        self.bucket = self.directory / "v1" / key[:24]
        self.shards: dict[str, Shard] = {}
        self.stats = CacheStats()
        self._peeks: PeekCache | None = None
        self._marks: FixMarks | None = None
        self._cross_file: CrossFileResults | None = None
        # Folder as written → absolute. A cache serves one run, which never changes its
        # working folder.
        self._folders: dict[str, str] = {}

    @classmethod
    def open(cls, directory: str | Path, config) -> Cache:
        return cls(Path(directory), run_key(config), peek_key(config))

    # -- shards ------------------------------------------------------------------------

    def _shard(self, folder: str) -> Shard:
        shard = self.shards.get(folder)
        if shard is None:
            name = hashlib.sha256(folder.encode("utf-8", "surrogatepass")).hexdigest()[:32]
            shard = Shard(self.bucket / f"{name}.bin")
            shard.entries = self._read_shard(shard.path, folder)
            self.shards[folder] = shard
        return shard

    def _read_shard(self, path: Path, folder: str) -> dict[str, Entry]:
        try:
            blob = path.read_bytes()
        except OSError:
            return {}
        try:
            stored_folder, entries = _unpack(blob, self.key)
            if stored_folder != folder or not isinstance(entries, dict):
                raise ValueError("shard of another folder")
            if not all(isinstance(e, Entry) for e in entries.values()):
                raise ValueError("unexpected entry")
        except Exception:  # noqa: BLE001 - whatever is wrong with it, it is not trusted
            self.stats.discarded_shards += 1
            return {}
        from .engine import keep_out_of_collections

        keep_out_of_collections()  # the entries live until the report: never walk them
        return entries

    # -- lookups -----------------------------------------------------------------------

    def lookup(self, path: str | Path, display: str, is_registry: bool, info: os.stat_result | tuple | None):
        """The cached result for `path` if still valid, else None. Reads the file only when
        its metadata changed (or was recorded too close to a modification to be trusted).
        `info` is the file's stat, or its `stat_key` when discovery already has it."""
        folder, name = self._where(path)
        entry = self._shard(folder).entries.get(name)
        if entry is None or info is None or entry.display != display or entry.is_registry != is_registry:
            self.stats.misses += 1
            return None
        current = info if isinstance(info, tuple) else stat_key(info)
        if entry.stat_trusted and entry.stat == current:
            self.stats.hits += 1
            self.stats.stat_hits += 1
            return entry.result
        absolute = os.path.join(folder, name)
        read_at = time.time_ns()
        try:
            with open(absolute, "rb") as handle:
                raw = handle.read()
        except OSError:
            self.stats.misses += 1
            return None
        if file_digest(raw) != entry.digest:
            self.stats.misses += 1
            return None
        # Same content (a touch, a checkout): remember the new metadata.
        self._put(absolute, Entry(current, current[0] < read_at - RACY_NS, entry.digest, display, is_registry, entry.result))
        self.stats.hits += 1
        return entry.result

    def result_if_unchanged(self, path: str | Path, display: str, signature: tuple | None):
        """The cached result of a definition whose metadata says it is unchanged, or None;
        counted neither as a hit nor as a miss and never reading the file: what a small
        run asks of its targets before checking them (`repository.start_reading_others`),
        which the check then looks up as usual."""
        if signature is None:
            return None
        folder, name = self._where(path)
        entry = self._shard(folder).entries.get(name)
        if entry is None or not entry.stat_trusted or entry.stat != signature or entry.display != display or entry.is_registry:
            return None
        return entry.result

    def digest_of(self, path) -> str | None:
        """The content digest of `path`'s entry (looked up or stored by this run), which
        stands for its content without reading it again."""
        folder, name = self._where(path)
        entry = self._shard(folder).entries.get(name)
        return entry.digest if entry is not None else None

    def _where(self, path) -> tuple[str, str]:
        return _split_absolute(path, self._folders)

    def store(self, path: Path, display: str, is_registry: bool, checked) -> None:
        """Remember a fresh result (a runner's `Checked`); unreadable files are not cached."""
        if checked.stat is None or checked.digest is None:
            return
        trusted = checked.stat[0] < checked.read_at_ns - RACY_NS
        entry = Entry(checked.stat, trusted, checked.digest, display, is_registry, checked.result)
        self._put(os.path.abspath(path), entry)

    def _put(self, absolute: str, entry: Entry) -> None:
        folder, name = os.path.split(absolute)
        shard = self._shard(folder)
        shard.entries[name] = entry
        shard.dirty = True

    def peeks(self) -> PeekCache:
        """The ids peeked from files a run does not check (`PeekCache.open`), the run's
        own when it opened them before this cache (`use_peeks`)."""
        if self._peeks is None:
            path = _peeks_path(self.directory, self._peek_key)
            self._peeks = PeekCache(path, self._peek_key, lambda: _make_peeks_folder(self.directory, path))
        return self._peeks

    def use_peeks(self, peeks: PeekCache) -> None:
        """Answer `peeks()` with those the run opened before this cache, when they are
        the same file under the same key."""
        if peeks.key == self._peek_key and peeks.path == _peeks_path(self.directory, self._peek_key):
            self._peeks = peeks

    def cross_file(self) -> CrossFileResults:
        """The last whole-repository run's cross-file findings, under the same run key."""
        if self._cross_file is None:
            self._cross_file = CrossFileResults(self.bucket / "cross-file.bin", self.key, self._prepare_directory)
        return self._cross_file

    def fix_marks(self) -> FixMarks:
        """Which findings `svcstd fix` can repair, per file, under the same run key."""
        if self._marks is None:
            self._marks = FixMarks(self.bucket / "fix-marks.bin", self.key, self._prepare_directory)
        return self._marks

    # -- writing -----------------------------------------------------------------------

    def save(self) -> None:
        """Write the changed shards atomically. A cache that cannot be written (read-only
        checkout, full disk) costs speed next time, never the run."""
        dirty = [(folder, shard) for folder, shard in self.shards.items() if shard.dirty]
        if not dirty:
            return
        try:
            self._prepare_directory()
            for folder, shard in dirty:
                _write_atomically(shard.path, _pack((folder, shard.entries), self.key))
                shard.dirty = False
        except Exception:  # noqa: BLE001 - pickling or disk trouble: run on without a cache
            return

    def _prepare_directory(self) -> None:
        if not self.bucket.is_dir():
            self.bucket.mkdir(parents=True, exist_ok=True)
            prune_buckets(self.bucket.parent, keep=self.bucket.name)
        _label_as_cache(self.directory)


def _peeks_path(directory: Path, key: str) -> Path:
    return directory / "v1" / f"{PEEKS_PREFIX}{key[:24]}.bin"


def _make_peeks_folder(directory: Path, keep: Path) -> None:
    """The folder of the peeked ids `keep`, with those of all but a few other keys
    removed (as buckets are: `prune_buckets`)."""
    folder = directory / "v1"
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
    else:
        try:
            others = [p for p in folder.glob(f"{PEEKS_PREFIX}*.bin") if p != keep]
            others.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
        except OSError:
            others = []
        for stale in others[KEEP_OTHER_BUCKETS:]:
            with contextlib.suppress(OSError):
                stale.unlink()
    _label_as_cache(directory)


def _label_as_cache(directory: Path) -> None:
    """The cache folder ignores itself in git and says it is a cache."""
    for name, text in ((".gitignore", GITIGNORE), ("CACHEDIR.TAG", CACHEDIR_TAG)):
        marker = directory / name
        if not marker.exists():
            marker.write_text(text, "utf-8")


def prune_buckets(folder: Path, keep: str, others: int = KEEP_OTHER_BUCKETS) -> None:
    """Remove all but the `others` most recently used buckets besides `keep`."""
    import shutil

    try:
        candidates = [p for p in folder.iterdir() if p.is_dir() and p.name != keep]
        candidates.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
    except OSError:
        return
    for stale in candidates[others:]:
        shutil.rmtree(stale, ignore_errors=True)


def clear(directory: Path) -> bool:
    """Delete a cache folder, but only one svcstd made (it carries svcstd's CACHEDIR.TAG)."""
    import shutil

    tag = directory / "CACHEDIR.TAG"
    try:
        if "svcstd" not in tag.read_text("utf-8"):
            return False
    except OSError:
        return False
    shutil.rmtree(directory, ignore_errors=True)
    return True


def _pack(value, key: str) -> bytes:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return FORMAT + key.encode() + b"\n" + hashlib.sha256(payload).hexdigest().encode() + payload


def _unpack(blob: bytes, key: str):
    """The value in a cache file, or ValueError/UnpicklingError when it is not ours."""
    if not blob.startswith(FORMAT):
        raise ValueError("not a svcstd cache file of this format")
    stored_key, _, rest = blob[len(FORMAT):].partition(b"\n")
    if stored_key != key.encode():
        raise ValueError("written under another run key")
    checksum, payload = rest[:64], rest[64:]
    if hashlib.sha256(payload).hexdigest().encode() != checksum:
        raise ValueError("checksum mismatch")
    return _SafeUnpickler(io.BytesIO(payload)).load()


def _write_atomically(path: Path, blob: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(blob)
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()


class PeekCache:
    """What was peeked (`repository.peek_id`: a file's id and its line, or None) of files
    a run does not check.

    A pre-commit run checks one or two files but must compare their ids with every other
    definition of the repository; without this, each such run reads the head of every
    file. Entries are recognised by metadata (mtime, ctime, size, inode) like the
    results, and, like them, a file modified too recently to be trusted is not
    remembered. One file for the whole repository, one flat tuple per file (it is loaded
    whole by every partial run): folder → name → (*metadata, id, line).
    """

    def __init__(self, path: Path, key: str, prepare_directory=None):
        self.path = path
        self.key = key
        self._prepare_directory = prepare_directory
        self._folders: dict[str, dict[str, tuple]] | None = None
        self._visited: dict[str, set[str]] = {}  # absolute folder → names
        self._written: dict[str, str] = {}  # folder as written → absolute
        self.dirty = False
        self.hits = 0
        self.misses = 0

    @classmethod
    def open(cls, directory: str | Path, config) -> PeekCache:
        """The peeks kept in the cache folder `directory` for this configuration: one
        file for each `peek_key` (the code and the limits), shared by the run keys of
        every other setting; its folder is made when it is first saved."""
        key = peek_key(config)
        path = _peeks_path(Path(directory), key)
        return cls(path, key, lambda: _make_peeks_folder(Path(directory), path))

    @property
    def folders(self) -> dict[str, dict[str, tuple]]:
        if self._folders is None:
            self._folders = self._load()
        return self._folders

    def _load(self) -> dict[str, dict[str, tuple]]:
        try:
            value = _unpack(self.path.read_bytes(), self.key)
            if isinstance(value, dict) and all(
                isinstance(names, dict) and all(isinstance(e, tuple) and len(e) == 6 for e in names.values())
                for names in value.values()
            ):
                return value
        except Exception:  # noqa: BLE001 - missing, corrupt or not ours: start afresh
            pass
        return {}

    def get_or_peek(self, path: str, signature: tuple | None, peek):
        """`peek(path)`, answered from the cache while the file's metadata is unchanged.
        `signature` is the file's `stat_key` when the caller already has it."""
        folder, name = _split_absolute(path, self._written)
        visited = self._visited.get(folder)
        if visited is None:
            visited = self._visited[folder] = set()
        visited.add(name)
        if signature is None:
            try:
                signature = stat_key(os.stat(os.path.join(folder, name)))
            except OSError:
                self.misses += 1
                return peek(path)
        names = self.folders.get(folder)
        known = names.get(name) if names is not None else None
        if known is not None and known[:4] == signature:
            self.hits += 1
            return None if known[4] is None else (known[4], known[5])
        self.misses += 1
        read_at = time.time_ns()
        value = peek(path)
        if signature[0] < read_at - RACY_NS:
            if names is None:
                names = self.folders[folder] = {}
            names[name] = (*signature, *(value if value is not None else (None, 0)))
            self.dirty = True
        elif known is not None:
            del names[name]
            self.dirty = True
        return value

    def forget_unvisited_under(self, scopes: list[str]) -> None:
        """Drop entries of files under `scopes` that this run's walk did not meet (deleted,
        renamed, or now checked): those folders were walked in full."""
        if self._folders is None or not scopes:
            return
        prefixes = tuple(f if f.endswith(os.sep) else f + os.sep for f in scopes)
        for folder, names in list(self._folders.items()):
            if folder not in scopes and not folder.startswith(prefixes):
                continue
            visited = self._visited.get(folder, ())
            stale = [n for n in names if n not in visited]
            for name in stale:
                del names[name]
            if not names:
                del self._folders[folder]
            self.dirty = self.dirty or bool(stale)

    def save(self) -> None:
        if not self.dirty or self._folders is None:
            return
        try:
            if self._prepare_directory is not None:
                self._prepare_directory()
            _write_atomically(self.path, _pack(self._folders, self.key))
            self.dirty = False
        except Exception:  # noqa: BLE001 - an unwritable cache costs speed, never the run
            return


class FixMarks:
    """The fix marks of files with findings (`authoring.fixes.mark_fixable`), so that an
    unchanged repository does not dry-run the fixers again on every run.

    A file's marks depend on its content, the configuration and svcstd (the run key) and
    its offices registry (the fixers offer the registry's ids and names): an entry is
    used only while the file's digest (that of its result in the cache, so nothing is
    read) and the registry's path and metadata are the same.
    absolute path → (file digest, registry key, ((code, pointer, kind), ...)).
    """

    def __init__(self, path: Path, key: str, prepare_directory=None):
        self.path = path
        self.key = key
        self._prepare_directory = prepare_directory
        self._entries: dict[str, tuple] | None = None
        self.dirty = False

    @property
    def entries(self) -> dict[str, tuple]:
        if self._entries is None:
            try:
                value = _unpack(self.path.read_bytes(), self.key)
            except Exception:  # noqa: BLE001 - missing, corrupt or not ours: start afresh
                value = None
            valid = isinstance(value, dict) and all(isinstance(e, tuple) and len(e) == 3 for e in value.values())
            self._entries = value if valid else {}
        return self._entries

    def get(self, path: str, digest: str, registry: str) -> tuple | None:
        found = self.entries.get(os.path.abspath(path))
        if found is not None and found[0] == digest and found[1] == registry:
            return found[2]
        return None

    def put(self, path: str, digest: str, registry: str, marks: tuple) -> None:
        self.entries[os.path.abspath(path)] = (digest, registry, marks)
        self.dirty = True

    def save(self) -> None:
        if not self.dirty or self._entries is None:
            return
        try:
            for stale in [p for p in self._entries if not os.path.exists(p)]:
                del self._entries[stale]  # deleted or renamed files
            if self._prepare_directory is not None:
                self._prepare_directory()
            _write_atomically(self.path, _pack(self._entries, self.key))
            self.dirty = False
        except Exception:  # noqa: BLE001 - an unwritable cache costs speed, never the run
            return


class CrossFileResults:
    """The cross-file findings (SVC601-SVC608, and those of the registries' dependants) of
    the last run that could keep them, with the digest of their inputs
    (`repository.cross_file_inputs`: every file's name, place and content digest, the
    registries read, the folders walked). An unchanged repository then skips the pass,
    the largest part of a warm run (0.13-0.2 s of 0.45 s at 10,000 files). One entry:
    a repository has one state at a time."""

    def __init__(self, path: Path, key: str, prepare_directory=None):
        self.path = path
        self.key = key
        self._prepare_directory = prepare_directory

    def get(self, inputs: str) -> tuple[list, list] | None:
        """(findings, dependants) worked out from `inputs`, or None."""
        try:
            value = _unpack(self.path.read_bytes(), self.key)
        except Exception:  # noqa: BLE001 - missing, corrupt or not ours: work them out again
            return None
        if not (isinstance(value, tuple) and len(value) == 3 and value[0] == inputs):
            return None
        _, findings, dependants = value
        if not (isinstance(findings, list) and isinstance(dependants, list)):
            return None
        return findings, dependants

    def put(self, inputs: str, findings: list, dependants: list) -> None:
        try:
            if self._prepare_directory is not None:
                self._prepare_directory()
            _write_atomically(self.path, _pack((inputs, list(findings), list(dependants)), self.key))
        except Exception:  # noqa: BLE001 - an unwritable cache costs speed, never the run
            return
