"""The rule context of a definition: what its check depends on besides its own text.

Today that is its offices registry's `defaults` (format 1.1): the language of plain strings
and the public status each stage shows (SVC302, SVC701 read them). The engine puts them on
the `Document` before the rules run, and the cache compares them before answering from a
stored result, so a change of the registry's defaults re-checks its definitions.

Definitions are many and registries few: the registry of a folder is found once
(`RegistryLocator` caches it) and each registry is read once per process, again only when
its size or modification time changes (one `stat` per file checked).
"""

from __future__ import annotations

import os

from .model import NO_DEFAULTS, RegistryDefaults

# id(config) → (config, locator): one run uses one Config object for every file, so the
# identity is a cheap key (the config is kept alive with it, so the id cannot be reused).
_locators: dict[int, tuple[object, object]] = {}
_defaults: dict[str, tuple[tuple, RegistryDefaults]] = {}


def _locator(config):
    from .repository import RegistryLocator

    found = _locators.get(id(config))
    if found is None or found[0] is not config:
        if len(_locators) > 8:  # a long-lived process with many configurations
            _locators.clear()
        found = _locators[id(config)] = (config, RegistryLocator(config))
    return found[1]


def registry_defaults(registry: str | os.PathLike, config) -> RegistryDefaults:
    """The `defaults` of the registry at `registry` (none when it is missing or unreadable)."""
    path = os.fspath(registry)
    try:
        info = os.stat(path)
    except OSError:
        return NO_DEFAULTS
    signature = (info.st_ino, info.st_size, info.st_mtime_ns)
    cached = _defaults.get(path)
    if cached is not None and cached[0] == signature:
        return cached[1]
    try:
        loaded = load_registry(path, config)
        found = RegistryDefaults.read(loaded.document.data) if loaded.document is not None else NO_DEFAULTS
    except Exception:  # noqa: BLE001 - the registry check reports a broken registry (SVC603)
        found = NO_DEFAULTS
    _defaults[path] = (signature, found)
    return found


# The last registry loaded: (path, its signature, lang, limits) → LoadResult. A run reads
# its registry twice, for the defaults (here) and for the office ids (the cross-file
# pass): both get one load (1.3 ms for a 40-office registry, which goes the careful way).
_last_registry: list = [None, None]


def load_registry(path: str, config):
    """`load_path(path, path)` of an offices registry, reused while the file's
    (inode, size, mtime, ctime) and the configuration's language and limits are the same."""
    from .load import load_path

    try:
        info = os.stat(path)
    except OSError:
        return load_path(path, path, lang=config.lang, limits=config.limits)
    key = (path, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns, config.lang, config.limits)
    if _last_registry[0] == key:
        return _last_registry[1]
    loaded = load_path(path, path, lang=config.lang, limits=config.limits)
    _last_registry[:] = [key, loaded]
    return loaded


# Within one run (`run_started` .. `run_ended`): the defaults of each folder's definitions
# and their context key, by the folder as written, found once per folder instead of once
# per file (a path search, a stat of the registry and the key's JSON: 7-10 us a file,
# 3% of a worker's time). A run is a snapshot: a registry edited while it runs is read
# again by the next run.
_this_run: dict[tuple[int, str], tuple[RegistryDefaults, str]] | None = None


def run_started() -> dict | None:
    """From now on, each folder's defaults are looked up once, until `run_ended` is given
    what this returns (what an enclosing run remembered, if any)."""
    global _this_run
    before = _this_run
    _this_run = {}
    return before


def run_ended(before: dict | None = None) -> None:
    global _this_run
    _this_run = before


def defaults_for(file: str | os.PathLike, config) -> RegistryDefaults:
    """The registry defaults that apply to the definition at `file`."""
    return rule_context(file, config)[0]


def rule_context(file: str | os.PathLike, config) -> tuple[RegistryDefaults, str]:
    """`defaults_for(file)` and its `context_key`, within a run found once per folder."""
    memo = _this_run
    if memo is not None and file.__class__ is str and not os.altsep:
        key = (id(config), file[:file.rfind(os.sep) + 1])
        found = memo.get(key)
        if found is None:
            defaults = _defaults_for(file, config)
            found = memo[key] = (defaults, context_key(defaults))
        return found
    defaults = _defaults_for(file, config)
    return defaults, context_key(defaults)


def _defaults_for(file: str | os.PathLike, config) -> RegistryDefaults:
    registry = _locator(config).registry_for(file)
    return registry_defaults(registry, config) if registry is not None else NO_DEFAULTS


def context_key(defaults: RegistryDefaults) -> str:
    """What a cached result of a definition must match to be reused ("" without defaults)."""
    return "" if defaults == NO_DEFAULTS else defaults.fingerprint()
