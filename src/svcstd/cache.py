"""Results of earlier runs, so that an unchanged repository is not checked twice.

Like ruff's cache: a folder (`.svcstd_cache/` beside the configuration) that ignores
itself in git. A file's result is reused only when everything it depends on is the same:
its content (SHA-256), svcstd's version and code, the bundled schemas, the configuration
and the set of rules. Cross-file checks (offices, unique ids) are not cached; they are
recomputed on every run from the per-file summaries, which are.

An unchanged file is recognised from its metadata alone (mtime, ctime, size, inode), the
way git does, so a warm run reads no file content at all. A file modified within
`RACY_NS` of the moment its metadata was recorded could change again without its
metadata changing, so such an entry is confirmed by hashing the content next time.

One shard per folder of checked files keeps a pre-commit run on two files from loading
the whole repository's cache. A shard that is truncated, corrupt, from another svcstd or
made by anyone else is ignored and rewritten: the cache is never trusted, only verified.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path

CACHE_DIR_NAME = ".svcstd_cache"
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


def _code_fingerprint() -> str:
    """svcstd's own code: an edited rule must not be answered from the cache (editable
    installs do not change the version number)."""
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
    from .schema import OFFICES_SCHEMA, SERVICE_SCHEMA, schema_text

    parts = [
        __version__,
        _code_fingerprint(),
        hashlib.sha256((schema_text(SERVICE_SCHEMA) + schema_text(OFFICES_SCHEMA)).encode()).hexdigest(),
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


@dataclass
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


@dataclass
class Shard:
    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    dirty: bool = False


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    stat_hits: int = 0
    discarded_shards: int = 0


class Cache:
    """Lookup and store per-file results under one run key."""

    def __init__(self, directory: Path, key: str):
        self.directory = Path(directory)
        self.key = key
        self.bucket = self.directory / "v1" / key[:24]
        self.shards: dict[str, Shard] = {}
        self.stats = CacheStats()

    @classmethod
    def open(cls, directory: str | Path, config) -> "Cache":
        return cls(Path(directory), run_key(config))

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
            if not blob.startswith(FORMAT):
                raise ValueError("not a svcstd cache file of this format")
            key, _, rest = blob[len(FORMAT):].partition(b"\n")
            if key != self.key.encode():
                raise ValueError("written under another run key")
            checksum, payload = rest[:64], rest[64:]
            if hashlib.sha256(payload).hexdigest().encode() != checksum:
                raise ValueError("checksum mismatch")
            stored_folder, entries = _SafeUnpickler(io.BytesIO(payload)).load()
            if stored_folder != folder or not isinstance(entries, dict):
                raise ValueError("shard of another folder")
            if not all(isinstance(e, Entry) for e in entries.values()):
                raise ValueError("unexpected entry")
            return entries
        except Exception:  # noqa: BLE001 - whatever is wrong with it, it is not trusted
            self.stats.discarded_shards += 1
            return {}

    # -- lookups -----------------------------------------------------------------------

    def lookup(self, path: Path, display: str, is_registry: bool, info: os.stat_result | None):
        """The cached result for `path` if still valid, else None. Reads the file only when
        its metadata changed (or was recorded too close to a modification to be trusted)."""
        absolute = os.path.abspath(path)
        folder, name = os.path.split(absolute)
        entry = self._shard(folder).entries.get(name)
        if entry is None or info is None or entry.display != display or entry.is_registry != is_registry:
            self.stats.misses += 1
            return None
        current = stat_key(info)
        if entry.stat_trusted and entry.stat == current:
            self.stats.hits += 1
            self.stats.stat_hits += 1
            return entry.result
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
        self._put(absolute, Entry(current, _trusted(info, read_at), entry.digest, display, is_registry, entry.result))
        self.stats.hits += 1
        return entry.result

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
                payload = pickle.dumps((folder, shard.entries), protocol=pickle.HIGHEST_PROTOCOL)
                blob = FORMAT + self.key.encode() + b"\n" + hashlib.sha256(payload).hexdigest().encode() + payload
                temporary = shard.path.with_name(f".{shard.path.name}.{os.getpid()}.tmp")
                try:
                    temporary.write_bytes(blob)
                    os.replace(temporary, shard.path)
                finally:
                    if temporary.exists():
                        temporary.unlink()
                shard.dirty = False
        except Exception:  # noqa: BLE001 - pickling or disk trouble: run on without a cache
            return

    def _prepare_directory(self) -> None:
        self.bucket.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", GITIGNORE), ("CACHEDIR.TAG", CACHEDIR_TAG)):
            marker = self.directory / name
            if not marker.exists():
                marker.write_text(text, "utf-8")


def _trusted(info: os.stat_result, read_at_ns: int) -> bool:
    """Whether a later change of the content is sure to change the metadata too: only if
    the file was read well after its last modification (git's "racily clean" rule)."""
    return info.st_mtime_ns < read_at_ns - RACY_NS
