"""Configuration: found, validated and merged here, and nowhere else.

Sources, weakest first: defaults; `[tool.svcstd]` in `pyproject.toml` or `svcstd.toml`
(the nearest one walking up from the files being checked, so that the answer is the same
from any working folder; `--config FILE` names one explicitly); command-line flags.

The project root (`Config.root`: where relative paths of the configuration start, where
the cache lives) is the configuration's folder; without a configuration, the top of the
git work tree holding the checked files; without either, the nearest folder above them
that holds an offices registry; else the folder of the checked files themselves. Unknown keys and unknown codes are errors: a typo in a
configuration must never silently switch a check off.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, field, replace
from pathlib import Path

# Not from .loading: reading a configuration (for --help, too) needs no YAML parser.
from .load.limits import DEFAULT_LIMITS, Limits
from .records import record
from .usage_messages import Choices, LocalizedProblem, Phrase, syntax_detail

FAIL_ON = ("error", "warning", "info", "never")
# The same shape as the text-map keys the schema accepts.
_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
CONFIG_FILES = ("svcstd.toml", "pyproject.toml")


class ConfigError(LocalizedProblem):
    """A configuration problem the user must fix (exit code 2)."""


@record(frozen=True)
class Config:
    """A project's settings: which rules run and how severe they are, languages, excludes,
    the registry, limits. Defaults, then the configuration file, then the command line."""

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    required_languages: tuple[str, ...] = ()
    # The language of plain (untagged) strings when neither the file's `language` nor the
    # offices registry's `defaults.language` says (SVC701 counts them as this language).
    default_language: str | None = None
    exclude: tuple[str, ...] = ()
    offices: str | None = None
    # A local JSON Schema checked in addition to the bundled one (absolute path).
    schema: str | None = None
    fail_on: str = "error"
    lang: str = "en"
    limits: Limits = DEFAULT_LIMITS
    # Skip YAML found in folders that is not a service definition (see discovery).
    skip_non_definitions: bool = True
    # Where the configuration was found; relative paths in it are relative to here.
    root: str = "."
    source: str | None = None

    def enabled_codes(self) -> frozenset[str]:
        from . import catalogue

        selected: set[str] = set()
        for selector in self.select:
            selected.update(catalogue.expand_selector(selector))
        for selector in self.ignore:
            selected.difference_update(catalogue.expand_selector(selector))
        return frozenset(selected)

    def fingerprint(self) -> str:
        """What a cached result depends on (for the cache key)."""
        payload = asdict(self)
        payload.pop("source", None)
        payload.pop("root", None)
        import hashlib  # here: loading OpenSSL costs a run without the cache 2-6 ms

        return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:16]


_KEYS = {
    "select": "list of codes or prefixes (e.g. [\"SVC2\", \"SVC401\"])",
    "ignore": "list of codes or prefixes",
    "severity": "table of code = \"error\" | \"warning\" | \"info\"",
    "per-file-ignores": "table of glob = [codes]",
    "required-languages": "list of language tags, e.g. [\"zh\", \"en\"]",
    "default-language": "language tag of plain strings, e.g. \"zh\" (else the file's `language`, the registry's)",
    "exclude": "list of glob patterns",
    "offices": "path of the offices registry",
    "schema": "path of a local JSON Schema checked in addition to the bundled one",
    "fail-on": "\"error\" (default), \"warning\", \"info\" or \"never\"",
    "lang": "language of messages: \"en\" or \"zh\"",
    "max-file-size": "bytes",
    "max-depth": "nesting levels",
    "max-nodes": "values after alias expansion",
    "skip-non-definitions": "true (default): skip YAML files found in folders that are not service definitions; false: check every YAML file",
}


def find_config_file(start: Path) -> Path | None:
    """The nearest svcstd.toml, or pyproject.toml with a [tool.svcstd] table."""
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "svcstd.toml":
                return candidate
            import tomllib  # here: a repository without a configuration file never needs it

            try:
                if "svcstd" in tomllib.loads(candidate.read_text("utf-8")).get("tool", {}):
                    return candidate
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
                continue
    return None


def search_start(paths=(), stdin_filename: str | None = None, cwd: Path | None = None) -> Path:
    """The folder the project is searched upward from: the deepest folder holding every
    checked path (a file counts as its folder; `-` as the folder of `stdin_filename`, or
    the working folder). Absolute, not resolved: a link is followed as the user named it."""
    cwd = Path(os.path.abspath(cwd or Path.cwd()))
    folders = []
    for raw in paths or ():
        raw = os.fspath(raw)
        if raw == "-":
            if stdin_filename:
                folders.append(os.path.dirname(os.path.join(cwd, stdin_filename)))
            else:
                folders.append(str(cwd))
            continue
        absolute = os.path.normpath(os.path.join(cwd, raw))
        folders.append(absolute if os.path.isdir(absolute) else os.path.dirname(absolute))
    if not folders:
        return cwd
    try:
        return Path(os.path.commonpath(folders))
    except ValueError:  # different drives (Windows)
        return Path(folders[0])


def project_root(start: Path) -> Path:
    """Without a configuration file: the git work tree's top above `start`, else the
    nearest folder above it with an offices registry, else `start`."""
    from .repository import REGISTRY_NAMES

    folders = (start, *start.parents)
    for folder in folders:
        if (folder / ".git").exists():
            return folder
    for folder in folders:
        if any((folder / name).is_file() for name in REGISTRY_NAMES):
            return folder
    return start


def _read_table(path: Path) -> dict:
    import tomllib

    try:
        document = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ConfigError("config_missing", path=path) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError("config_not_toml", path=path, detail=syntax_detail(exc)) from None
    if path.name == "pyproject.toml":
        return document.get("tool", {}).get("svcstd", {})
    # svcstd.toml may hold the keys at the top or under [tool.svcstd], like ruff.toml.
    return document.get("tool", {}).get("svcstd", document)


def _check_codes(values, key: str, where: str) -> tuple[str, ...]:
    from . import catalogue

    if isinstance(values, str):
        values = [values]
    if not isinstance(values, (list, tuple)):
        raise ConfigError("config_codes_not_list", where=where, key=key)
    for value in values:
        if not isinstance(value, str) or not catalogue.expand_selector(value):
            known = [r.code for r in catalogue.all_rules()]
            from difflib import get_close_matches  # only for a value that is wrong

            close = get_close_matches(str(value).upper(), known, n=1)
            hint = Phrase("did_you_mean_code", name=close[0]) if close else ""
            raise ConfigError("config_unknown_code", where=where, key=key, value=value, hint=hint)
    return tuple(values)


def _string_list(value, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError("config_not_string_list", where=where, key=key)
    return tuple(value)


def parse_table(table: dict, where: str, base: Config) -> Config:
    """Validate a `[tool.svcstd]` table and apply it on top of `base`."""
    from . import catalogue

    unknown = [k for k in table if k not in _KEYS]
    if unknown:
        from difflib import get_close_matches

        close = get_close_matches(unknown[0], list(_KEYS), n=1)
        hint = Phrase("did_you_mean_key", name=close[0]) if close else ""
        raise ConfigError("config_unknown_key", where=where, key=unknown[0], hint=hint, known=Choices(_KEYS))
    changes: dict = {}
    if "select" in table:
        changes["select"] = _check_codes(table["select"], "select", where)
    if "ignore" in table:
        changes["ignore"] = _check_codes(table["ignore"], "ignore", where)
    if "severity" in table:
        overrides = table["severity"]
        if not isinstance(overrides, dict):
            raise ConfigError("config_severity_not_table", where=where)
        resolved = dict(base.severity)
        for selector, level in overrides.items():
            if level not in catalogue.SEVERITIES:
                raise ConfigError(
                    "config_bad_severity", where=where, selector=selector, choices=Choices(catalogue.SEVERITIES), value=level
                )
            for code in _check_codes([selector], "severity", where):
                for expanded in catalogue.expand_selector(code):
                    resolved[expanded] = level
        changes["severity"] = resolved
    if "per-file-ignores" in table:
        mapping = table["per-file-ignores"]
        if not isinstance(mapping, dict):
            raise ConfigError("config_per_file_not_table", where=where)
        changes["per_file_ignores"] = {
            glob: _check_codes(codes, f"per-file-ignores.{glob}", where) for glob, codes in mapping.items()
        }
    if "required-languages" in table:
        languages = _string_list(table["required-languages"], "required-languages", where)
        for tag in languages:
            if not _LANGUAGE_TAG.match(tag):
                raise ConfigError("config_bad_language_tag", where=where, tag=tag)
        changes["required_languages"] = languages
    if "default-language" in table:
        tag = table["default-language"]
        if not isinstance(tag, str) or not _LANGUAGE_TAG.match(tag):
            raise ConfigError("config_bad_default_language", where=where, tag=tag)
        changes["default_language"] = tag
    if "exclude" in table:
        changes["exclude"] = _string_list(table["exclude"], "exclude", where)
    if "offices" in table:
        if not isinstance(table["offices"], str):
            raise ConfigError("config_offices_not_path", where=where)
        changes["offices"] = table["offices"]
    if "schema" in table:
        if not isinstance(table["schema"], str) or not table["schema"]:
            raise ConfigError("config_schema_not_path", where=where)
        # Relative to the configuration file's folder, like every path in it.
        changes["schema"] = str(Path(where).resolve().parent / table["schema"])
    if "skip-non-definitions" in table:
        if not isinstance(table["skip-non-definitions"], bool):
            raise ConfigError("config_not_boolean", where=where, key="skip-non-definitions")
        changes["skip_non_definitions"] = table["skip-non-definitions"]
    if "fail-on" in table:
        changes["fail_on"] = check_fail_on(table["fail-on"], where)
    if "lang" in table:
        changes["lang"] = check_lang(table["lang"], where)
    limit_changes = {}
    for key, attr in (("max-file-size", "max_bytes"), ("max-depth", "max_depth"), ("max-nodes", "max_nodes")):
        if key in table:
            value = table[key]
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ConfigError("config_not_positive", where=where, key=key)
            limit_changes[attr] = value
    if limit_changes:
        changes["limits"] = replace(base.limits, **limit_changes)
    return replace(base, **changes)


def check_fail_on(value, where: str = "--fail-on") -> str:
    if value not in FAIL_ON:
        raise ConfigError("config_bad_fail_on", where=where, choices=Choices(FAIL_ON), value=value)
    return value


def check_lang(value, where: str = "--lang") -> str:
    from .catalogue import available_languages

    languages = available_languages()
    if value not in languages:
        raise ConfigError("config_bad_lang", where=where, choices=Choices(languages), value=value)
    return value


def language_from_environment() -> str:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def guess_language(lang: str | None = None, config_file: str | None = None, start: Path | None = None) -> str:
    """The language of a run, for what must be said before (or instead of) loading its
    configuration: `--help`, and usage errors, which may come from that very configuration.
    The same order as `load_config` (flag, nearest or given file, environment), but never
    an error: a value that cannot be used is passed over."""
    languages = _known_languages()
    if lang in languages:
        return lang
    try:
        path = Path(config_file) if config_file else find_config_file(Path(os.path.abspath(start or Path.cwd())))
        if path is not None:
            value = _read_table(path).get("lang")
            if value in languages:
                return value
    except (ConfigError, OSError, AttributeError):
        pass
    return language_from_environment()


def language_of_command_line(args: list[str], cwd: Path | None = None) -> str:
    """`guess_language` for a command line not yet parsed: its `--lang` and `--config`
    values, and the configuration nearest the paths it names that exist."""
    lang = config_file = None
    paths = []
    words = iter(args)
    for word in words:
        if word == "--":
            break
        name, equals, value = word.partition("=")
        if name in ("--lang", "--config"):
            value = value if equals else next(words, None)
            if name == "--lang":
                lang = value
            else:
                config_file = value
        elif not word.startswith("-") and os.path.exists(os.path.join(cwd or os.getcwd(), word)):
            paths.append(word)
    return guess_language(lang, config_file, search_start(paths, cwd=cwd) if paths else cwd)


def _known_languages() -> list[str]:
    from .catalogue import available_languages

    return available_languages()


def load_config(
    config_file: str | None = None,
    *,
    cwd: Path | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    fail_on: str | None = None,
    lang: str | None = None,
    schema: str | None = None,
    start: Path | None = None,
) -> Config:
    """Defaults ← environment language ← nearest (or given) file ← command-line flags.

    The configuration is searched upward from `start` (see `search_start`: the folder of
    the checked files), else from the working folder."""
    cwd = cwd or Path.cwd()
    start = Path(os.path.abspath(start)) if start is not None else Path(os.path.abspath(cwd))
    config = Config(lang=language_from_environment())
    path = Path(config_file) if config_file else find_config_file(start)
    if path is not None:
        config = parse_table(_read_table(path), str(path), config)
        config = replace(config, root=str(path.resolve().parent), source=str(path))
    else:
        config = replace(config, root=str(project_root(start).resolve()))
    flags: dict = {}
    if select:
        flags["select"] = _check_codes(_split(select), "--select", Phrase("command_line"))
    if ignore:
        flags["ignore"] = tuple(config.ignore) + _check_codes(_split(ignore), "--ignore", Phrase("command_line"))
    if fail_on:
        flags["fail_on"] = check_fail_on(fail_on)
    if lang:
        flags["lang"] = check_lang(lang)
    if schema:
        flags["schema"] = str((cwd / schema).resolve())
    return replace(config, **flags)


def _split(values: list[str]) -> list[str]:
    """`--select SVC201,SVC202 --select SVC3` → ["SVC201", "SVC202", "SVC3"]."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]
