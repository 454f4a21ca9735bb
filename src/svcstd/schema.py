"""The bundled JSON Schemas, and their errors turned into SVC1xx findings at YAML positions.

No raw jsonschema error leaves this module: each is classified (missing element, wrong
type, value outside a code list, unknown key, bad format), placed on the most specific
node, and phrased for a standards officer.

The schemas are referenced only by their bundled `$id`; a registry with no retrieval
function means a `$ref` to anything else fails instead of fetching it.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .catalogue import declare, phrase
from .findings import Finding
from .load import Document
from .versions import FORMAT_VERSIONS, LATEST_VERSION

# The format versions this svcstd reads, oldest first. Version 1.1 adds to version 1 and
# removes nothing (FORMAT.md, "Version 1.1"), so a file that declares no version at all is
# judged by the latest: what it uses is then reported once, by SVC005, not once per key.
SCHEMA_KINDS = ("service", "offices")

# The version 1 files, whose names predate versioning; they also stand for "the service
# (or offices) schema" wherever the declared version picks the file (see `versioned`).
SERVICE_SCHEMA = "service.schema.json"
OFFICES_SCHEMA = "offices.schema.json"


def schema_name(kind: str, version: str = LATEST_VERSION, lang: str = "en") -> str:
    """File of schemas/ for `kind` (service, offices) in format `version` and `lang` (en, zh)."""
    name = f"{kind}.schema.json" if version == "1" else f"{kind}-{version}.schema.json"
    return name if lang == "en" else f"{lang}/{name}"


def declared_version(data: Any) -> str:
    """The format version a document declares, or the latest when it declares none we read."""
    version = data.get("svcstd") if isinstance(data, dict) else None
    return version if version in FORMAT_VERSIONS else LATEST_VERSION


def versioned(name: str, data: Any) -> str:
    """`name` (SERVICE_SCHEMA or OFFICES_SCHEMA) in the version `data` declares; any other
    name (an exact file) as it is."""
    for kind in SCHEMA_KINDS:
        if name == schema_name(kind, "1"):
            return schema_name(kind, declared_version(data))
    return name


def bundled_names(lang: str = "en") -> list[str]:
    return [schema_name(kind, version, lang) for version in FORMAT_VERSIONS for kind in SCHEMA_KINDS]

declare(
    "SVC101", "missing-element", "error",
    "A required element is missing (or an element that must list something is empty).",
    "The standard requires every service to state the same elements (eligibility, steps, "
    "deadlines, responsible office, data collected...), so that citizens find them for every "
    "service; CPSV-AP likewise requires an identifier, a name, a description and a competent "
    "authority.",
    bad="# without: responsible_office\nname: Residence permit\n",
    good="name: Residence permit\nresponsible_office: {ref: test-office}\n",
    messages={
        "required": "Required element `{key}` is missing{where}. Add it{description}",
        "min_items": "`{key}` is empty; list at least {count} {what}.",
        "empty_text": "`{key}` is empty; write the text.",
        "empty_map": "`{key}` is an empty map; give at least one language, e.g. {{zh: ..., en: ...}}.",
        "min_properties": "`{key}` has {count} keys; it needs at least {limit}.",
        "dependent": "`{key}` has `{trigger}`, so it must also have `{missing}`. Add `{missing}`.",
        "contains": "`{key}` must list at least {count} entry that is {what}; none matches.",
    },
    family="schema",
)
declare(
    "SVC102", "wrong-type", "error",
    "A value has the wrong type.",
    "Each element has one shape (text, list, duration, yes/no); a value of another shape "
    "cannot be read the same way by every system that publishes the catalogue.",
    bad="audience: natural_person   # a single value where a list is expected\n",
    good="audience:\n  - natural_person\n",
    messages={
        "type": "`{key}` should be {expected}, but it is {actual}.",
        "newer": "`{key}` is {value}: that form exists from format version {version} on, and this "
        "file declares version \"{declared}\". To use it, declare `svcstd: \"{version}\"`.",
    },
    family="schema",
)
declare(
    "SVC103", "not-in-code-list", "error",
    "A value is outside its code list (or outside its allowed range).",
    "Codes (service type, stage, data category...) are what lets catalogues be compared and "
    "aggregated across offices (GB/T 39046-2020); free text in their place breaks that.",
    bad="type: licence\n",
    good="type: licensing\n",
    messages={
        "enum": "`{key}` is {value}, which is not an allowed value.{suggestion} Allowed values: {allowed}.",
        "const": "`{key}` must be {allowed}, not {value}.",
        "minimum": "`{key}` is {value}; it must be at least {limit}.",
        "maximum": "`{key}` is {value}; it must be at most {limit}.",
        "exclusive": "`{key}` is {value}; it must be {relation} {limit}.",
        "newer": "`{key}` is {value}, a value that exists from format version {version} on; this "
        "file declares version \"{declared}\". To use it, declare `svcstd: \"{version}\"`.",
        "min_length": "`{key}` is {value}; it must be at least {limit} characters long.",
        "max_length": "`{key}` is {count} characters long; it must be at most {limit}.",
        "max_items": "`{key}` lists {count} entries; at most {limit} are allowed.",
        "max_properties": "`{key}` has {count} keys; at most {limit} are allowed.",
        "max_contains": "`{key}` lists more than {limit} entries that are {what}.",
        "extra_items": "`{key}` lists more entries than allowed here; remove the extra ones.",
        "unique": "`{key}` lists {value} more than once; each entry must be different.",
        "multiple_of": "`{key}` is {value}; it must be a multiple of {limit}.",
        "not": "`{key}` is {value}, which is not allowed here: it must not be {what}.",
        "forbidden_value": "`{key}` is {value}, but no value is allowed here; remove it.",
        "other": "`{key}` is {value}, which does not meet the schema's `{keyword}` condition.",
    },
    family="schema",
)
declare(
    "SVC104", "unknown-key", "error",
    "A key the format does not know (local additions must start with `x-`).",
    "Unknown keys are almost always typos of known ones, and a typo silently hides the "
    "element it meant to set. Local extensions are welcome under keys starting with `x-`.",
    bad="eligibilty:\n  - id: residence\n    criterion: Lives in the city\n",
    good="eligibility:\n  - id: residence\n    criterion: Lives in the city\n",
    messages={
        "unknown": "Unknown key `{key}`{where}.{suggestion} Known keys here: {known}. Local "
        "additions must start with `x-`.",
        "newer": "Key `{key}`{where} exists from format version {version} on; this file declares "
        "version \"{declared}\". To use it, declare `svcstd: \"{version}\"`.",
        "forbidden": "Key `{key}`{where} is not allowed by the schema; remove it.",
        "no_keys": "Key `{key}`{where} is not allowed: the schema allows no keys here.",
    },
    family="schema",
)
declare(
    "SVC105", "bad-format", "error",
    "A value has a bad format: identifier, date, URL, currency, credit code or version.",
    "Identifiers, dates and addresses are read by machines (catalogue platforms, link "
    "checkers, calendars); a malformed one breaks every system downstream.",
    bad="effective:\n  from: 2026-02-30\n  until: 2027-01-01\n",
    good="effective:\n  from: 2026-02-28\n  until: 2027-01-01\n",
    messages={
        "pattern": "`{key}` value {value} is not {what}.",
        "format": "`{key}` value {value} is not {what}.",
        "language": "`{value}` is not a language tag (use codes such as zh, en, zh-Hant).",
        "key_name": "Key `{value}` is not allowed here: the keys here must be {what}.",
    },
    family="schema",
)


# ---------------------------------------------------------------------------------------
# Schema files


@cache
def schema_text(name: str = SERVICE_SCHEMA) -> str:
    """The schema as shipped: inside the package, or `schemas/` of a source checkout."""
    # A package installed as a folder, or a source checkout: read the file without
    # importlib.resources (with the zipfile and tempfile modules it imports, 3 ms of a
    # one-file run). Only a package inside a zip archive needs it.
    beside = Path(__file__).parent.joinpath("schemas", *name.split("/"))
    source_tree = Path(__file__).resolve().parents[2] / "schemas" / name
    for candidate in (beside, source_tree):
        try:
            return candidate.read_text("utf-8")
        except OSError:
            continue
    from importlib import resources

    return resources.files("svcstd").joinpath("schemas", *name.split("/")).read_text("utf-8")


def schemas_fingerprint() -> str:
    """Every bundled schema's text, for cache keys: a changed schema invalidates results."""
    import hashlib

    digest = hashlib.sha256()
    for name in bundled_names():
        digest.update(schema_text(name).encode())
    return digest.hexdigest()


@cache
def load_schema(name: str = SERVICE_SCHEMA) -> dict:
    return json.loads(schema_text(name))


# ---------------------------------------------------------------------------------------
# Formats: asserted, not just annotated.

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"\d{4}")
# ISO 4217 active codes (2024 list) plus the common funds/precious-metal codes.
ISO_4217 = frozenset(
    ["AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SLL", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES", "VND", "VUV", "WST", "XAF", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XCG", "XDR", "XOF", "XPD", "XPF", "XPT", "XSU", "XTS", "XUA", "XXX", "YER", "ZAR", "ZMW", "ZWG", "ZWL"]
)


# The format checks are called back from the validator for every value with a format,
# and a repository repeats the same few portal addresses and dates in every definition:
# each distinct text is judged once per process (urlsplit alone is 2 us a call).
_FORMAT_MEMO = 4096


def is_date(value: object) -> bool:
    return not isinstance(value, str) or _is_date_text(value)  # the type check reports others


@lru_cache(maxsize=_FORMAT_MEMO)
def _is_date_text(value: str) -> bool:
    if not _DATE.match(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_year_or_date(value: object) -> bool:
    """A law's date: guides often give only the year (FORMAT.md 1.1)."""
    return not isinstance(value, str) or bool(_YEAR.fullmatch(value)) or is_date(value)


_SPACE = re.compile(r"\s")
# The shape almost every address has: what `_is_web_url_text` accepts without asking
# urlsplit (no user, port or IPv6 host; a host name with a dot; nothing after it but a
# path, query or fragment without spaces). Addresses differ from file to file, so the
# memo rarely answers for them.
_PLAIN_WEB_URL = re.compile(r"https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:[/?#]\S*)?")


def is_web_url(value: object) -> bool:
    return not isinstance(value, str) or _PLAIN_WEB_URL.fullmatch(value) is not None or _is_web_url_text(value)


@lru_cache(maxsize=_FORMAT_MEMO)
def _is_web_url_text(value: str) -> bool:
    if _SPACE.search(value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return False
    host = (parts.hostname or "").strip(".")
    has_real_host = "." in host or host == "localhost"
    return parts.scheme in ("http", "https") and has_real_host


def is_currency(value: object) -> bool:
    return not isinstance(value, str) or value in ISO_4217


FORMAT_CHECKS = {"date": is_date, "year-or-date": is_year_or_date, "uri": is_web_url, "iso4217": is_currency}

FORMAT_WORDS = {
    "date": "a real date in the form YYYY-MM-DD",
    "year-or-date": "a year (YYYY) or a real date in the form YYYY-MM-DD",
    "uri": "a web address starting with https:// (or http://)",
    "iso4217": "an ISO 4217 currency code such as CNY, EUR or USD",
}


@cache
def _format_checker():
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name, check in FORMAT_CHECKS.items():
        checker.checks(name)(check)
    return checker


@cache
def validator(name: str = SERVICE_SCHEMA):
    """A Draft 2020-12 validator whose registry holds only our own schemas."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    resources_ = [(load_schema(n)["$id"], Resource.from_contents(load_schema(n))) for n in bundled_names()]

    def refuse(uri: str):
        from referencing.exceptions import NoSuchResource

        raise NoSuchResource(ref=uri)

    registry = Registry(retrieve=refuse).with_resources(resources_)
    return Draft202012Validator(load_schema(name), registry=registry, format_checker=_format_checker())


def _import_jsonschema_rs():
    """`import jsonschema_rs`, without the mail modules its build stamp would load.

    As it starts, the extension turns its build time, a mail-style date, into a datetime
    with `email.utils.parsedate_to_datetime`: that imports email.utils and with it socket,
    random and email's charsets, for a stamp (`jsonschema_rs.__build__`) svcstd never
    reads. Importing jsonschema_rs alone took 14 ms less without them; a one-file run,
    which needs some of those modules anyway, 4.5 ms (69 -> 64 ms). While the extension starts,
    `email.utils` is a stand-in whose `parsedate_to_datetime` keeps the date as text and
    whose other names come from the real module; it is then removed, so any later import
    of email.utils gets the real module. Already imported, or with other threads running
    (one of them could import email.utils meanwhile), the real module is used.
    """
    import sys

    threading = sys.modules.get("threading")
    others_running = threading is not None and threading.active_count() > 1
    if "jsonschema_rs" in sys.modules or "email.utils" in sys.modules or others_running:
        import jsonschema_rs

        return jsonschema_rs
    from types import ModuleType

    class StandIn(ModuleType):
        def __getattr__(self, name: str):
            if sys.modules.get("email.utils") is self:
                del sys.modules["email.utils"]
            import email.utils

            return getattr(email.utils, name)

    stand_in = StandIn("email.utils")
    stand_in.parsedate_to_datetime = str
    sys.modules["email.utils"] = stand_in
    try:
        import jsonschema_rs
    finally:
        if sys.modules.get("email.utils") is stand_in:
            del sys.modules["email.utils"]
    return jsonschema_rs


@cache
def fast_validator(name: str = SERVICE_SCHEMA):
    """jsonschema-rs compiled from the same schema, registry and format checks, or None.

    It answers only "valid or not" (about 0.03 ms a definition against 3.5 ms for
    jsonschema), so that the common case, a valid definition, never pays for the detailed
    analysis nor for importing jsonschema. It must never call valid what jsonschema calls
    invalid; where the two engines differ (Python's `$` also matching before a final
    newline, Unicode `\\d`), it is the stricter one, and a stricter "invalid" only sends
    the document down the detailed path, which then finds what it finds.
    """
    try:
        jsonschema_rs = _import_jsonschema_rs()
    except ImportError:  # an exotic platform without a wheel: jsonschema alone still works
        return None
    def bundled_only(uri: str):
        # The other bundled schemas are read only if a $ref asks for one (1 ms of a
        # one-file run otherwise).
        bundled = {load_schema(n)["$id"]: load_schema(n) for n in bundled_names()}
        if uri in bundled:
            return bundled[uri]
        raise LookupError(f"{uri} is not a bundled schema; svcstd never fetches schemas")

    return jsonschema_rs.Draft202012Validator(
        load_schema(name),
        formats=dict(FORMAT_CHECKS),
        validate_formats=True,
        ignore_unknown_formats=True,
        retriever=bundled_only,
    )


def is_valid(data: Any, name: str = SERVICE_SCHEMA) -> bool:
    """Whether `data` has no schema error at all (fast path; no messages, no positions)."""
    fast = fast_validator(name)
    if fast is not None:
        try:
            return fast.is_valid(data)
        except Exception:  # noqa: BLE001 - a value jsonschema-rs cannot take: ask jsonschema
            pass
    return validator(name).is_valid(data)


# ---------------------------------------------------------------------------------------
# Errors → findings

LANG_PATTERN = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$"

_PATTERN_WORDS = {
    LANG_PATTERN: ("pattern.language", "a language tag (such as zh, en, zh-Hant)"),
    "^[0-9A-Z][0-9A-Z-]{0,39}$": (
        "pattern.catalogue_code",
        "a catalogue code (digits, capital letters and '-', up to 40 characters)",
    ),
    "^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$": (
        "pattern.identifier",
        (
            "an identifier (starts with a letter or digit; then letters, digits, '.', '_' or '-'; "
            "2 to 64 characters)"
        ),
    ),
    "^[0-9A-HJ-NPQRTUWXY]{18}$": (
        "pattern.credit_code",
        "a unified social credit code (18 characters from 0-9 and A-Y without I, O, S, V, Z)",
    ),
    "^[A-Z]{3}$": ("pattern.currency", "an ISO 4217 currency code (three capital letters, such as CNY)"),
}

_TYPE_WORDS = {
    "string": "text",
    "object": "a mapping (indented `key: value` lines)",
    "array": "a list (lines starting with `- `)",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty (null)",
}


def _type_words(kind: str, lang: str) -> str:
    return phrase(f"type.{kind}", lang, _TYPE_WORDS.get(kind, kind))


def _describe_value(value: Any, lang: str = "en") -> str:
    if value is None:
        return phrase("value.empty", lang, "empty")
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, dict):
        return phrase("value.mapping", lang, "a mapping")
    if isinstance(value, list):
        return phrase("value.list", lang, "a list")
    if isinstance(value, (int, float)):
        return phrase("value.number", lang, "the number {value}", value=value)
    return phrase("value.text", lang, "the text {value}", value=json.dumps(_clip(value), ensure_ascii=False))


def _clip(text: str, limit: int = 60) -> str:
    """Quote at most `limit` characters of user text: a message must stay readable."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _as_hint(description: str, lang: str = "en") -> str:
    if not description:
        return "。" if lang == "zh" else "."
    return f"：{description}" if lang == "zh" else f": {description}"


def _short(value: Any, lang: str = "en") -> str:
    if isinstance(value, str):
        return json.dumps(_clip(value), ensure_ascii=False)
    if isinstance(value, (dict, list)):
        return _describe_value(value, lang)
    return json.dumps(value, ensure_ascii=False)


def _key_name(path: tuple, lang: str = "en", data: Any = None) -> str:
    """`steps[accept]`-style name of the element at `path`, for messages: a list entry is
    named by its `id` when it has one, else by its 1-based position (`channels[#2]`), as
    the file's lines are counted from 1 (issue 11: `steps[1]` read as the first step)."""
    for position in range(len(path) - 1, -1, -1):
        if isinstance(path[position], str):
            trailing = "".join(_entry_name(data, path[: index + 1]) for index in range(position + 1, len(path)))
            return _clip(path[position]) + trailing
    return phrase("the_document", lang, "the document")


def _entry_name(data: Any, path: tuple) -> str:
    node = data
    for segment in path:
        if isinstance(node, dict) and isinstance(segment, str):
            node = node.get(segment)
        elif isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node):
            node = node[segment]
        else:
            node = None
            break
    entry_id = node.get("id") if isinstance(node, dict) else None
    if isinstance(entry_id, str) and entry_id.strip():
        return f"[{_clip(entry_id)}]"
    return f"[#{path[-1] + 1}]"


def _where(path: tuple, lang: str = "en", data: Any = None) -> str:
    if not path:
        return phrase("where.top", lang, " at the top level")
    return phrase("where.in", lang, " in `{element}`", element=_key_name(path, lang, data))


def _expected_words(schema: dict, lang: str = "en") -> str:
    if "title" in schema:
        # A bundled schema's title has its Chinese in schemas/zh/; a local schema's stays.
        return _described(schema["title"], lang)
    kind = schema.get("type")
    if isinstance(kind, list):
        return phrase("or", lang, " or ").join(_type_words(k, lang) for k in kind)
    return _type_words(str(kind), lang)


def _instance_type_fits(error) -> bool:
    """Whether a branch error is deeper than a type mismatch at the branch's own level."""
    return not (error.validator in ("type", "const", "enum") and not error.relative_path)


def _expand(error) -> Iterator:
    """Replace anyOf/oneOf errors by the errors of the branch that fits the value's shape."""
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        yield error
        return
    branches: dict[int, list] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [errs for errs in branches.values() if all(_instance_type_fits(e) for e in errs if not e.relative_path)]
    if not fitting:
        # The value's shape matches no alternative: one wrong-type error, naming them all.
        yield error
        return
    best = min(fitting, key=len)
    for sub in best:
        yield from _expand(sub)


def iter_schema_errors(data: Any, name: str = SERVICE_SCHEMA) -> Iterator:
    """Every error of `data` against the bundled schema `name`, anyOf errors replaced by
    those of the branch that fits. jsonschema-rs finds them (`svcstd.schema_rs` says how it
    keeps jsonschema's verdict); jsonschema where it is missing or cannot take `data`."""
    errors = _rs_errors(data, name)
    if errors is None:
        errors = python_schema_errors(data, name)
    for error in errors:
        yield from _expand(error)


def python_schema_errors(data: Any, name: str = SERVICE_SCHEMA) -> Iterator:
    """The errors as jsonschema finds them (the reference the findings were written for)."""
    return validator(name).iter_errors(data)


def _rs_errors(data: Any, name: str) -> list | None:
    fast = fast_validator(name)
    if fast is None:
        return None
    from .schema_rs import schema_errors

    return schema_errors(fast, data, _documents(), load_schema(name))


def detail_ready() -> None:
    """Build what the detailed analysis of an invalid definition needs (before forking)."""
    if fast_validator() is None:
        validator()
    else:
        from . import schema_rs  # noqa: F401

        _documents()


@cache
def _documents() -> dict[str, Any]:
    """Each bundled schema by its `$id`, where a jsonschema-rs error's keyword is found."""
    return {load_schema(n)["$id"]: load_schema(n) for n in bundled_names()}


def schema_findings(doc: Document, name: str = SERVICE_SCHEMA, *, fast: bool = True) -> list[Finding]:
    """Every schema problem in `doc`, as findings at the most specific node, against the
    schema of the format version `doc` declares (`name` says service or offices).

    With `fast`, a document the fast validator calls valid skips the detailed analysis;
    `fast=False` always runs it (the identity tests compare the two).
    """
    name = versioned(name, doc.data)
    if fast and is_valid(doc.data, name):
        return []
    errors = list(iter_schema_errors(doc.data, name))
    newer = _newer_features(doc.data, name, errors)
    # A misspelt required key is one mistake, not two: the unknown-key finding (with its
    # "did you mean") stands for the missing element it was meant to be. A key of a newer
    # format version is what it says, never a misspelling of another key.
    typo_targets = {
        (tuple(e.absolute_path), target)
        for e in errors
        if e.validator == "additionalProperties"
        for target in _typo_targets(e, newer.keys.get(tuple(e.absolute_path), ()))
    }
    findings: dict[tuple, Finding] = {}
    newer_paths: set[tuple] = set()
    for error in errors:
        path = tuple(error.absolute_path)
        if path in newer.values and error.validator != "additionalProperties":
            # A value the newer version allows: one finding for the value, however many
            # keywords of the older schema it breaks (a list of stages breaks type and enum).
            if path not in newer_paths:
                newer_paths.add(path)
                findings.setdefault(("newer", path), _newer_value_finding(doc, error, newer.version))
            continue
        for finding in _to_findings(doc, error, typo_targets, newer):
            findings.setdefault((finding.code, finding.path, finding.message), finding)
    return sorted(findings.values(), key=Finding.sort_key)


# ---------------------------------------------------------------------------------------
# A key or value of a newer format version in a file that declares an older one: the
# finding says "declare the newer version", not "unknown key" with a wrong suggestion.


class _Newer:
    """What of a document only a newer format version allows: `keys` (object path → its
    keys that the newer version knows) and `values` (paths of values it accepts)."""

    def __init__(self, version: str = "", keys: dict | None = None, values: set | None = None):
        self.version = version
        self.keys: dict[tuple, set[str]] = keys or {}
        self.values: set[tuple] = values or set()


def _newer_features(data: Any, name: str, errors: list) -> _Newer:
    """Judge the errors of an older version's schema by the latest version's: a key the
    latest knows, or a value it accepts (no error of its own at or below that value), is
    a newer feature. Version 1.1 keeps 1's structure, so the same instance paths compare."""
    kind = next((k for k in SCHEMA_KINDS if name in (schema_name(k, v) for v in FORMAT_VERSIONS)), None)
    if kind is None or name == schema_name(kind, LATEST_VERSION) or not errors:
        return _Newer()
    latest_errors = list(iter_schema_errors(data, schema_name(kind, LATEST_VERSION)))
    unknown_in_latest: dict[tuple, set[str]] = {}
    for error in latest_errors:
        if error.validator == "additionalProperties":
            unknown_in_latest.setdefault(tuple(error.absolute_path), set()).update(_unknown_extra_keys(error))
    failing = [tuple(e.absolute_path) for e in latest_errors if tuple(e.absolute_path) != ("svcstd",)]
    newer = _Newer(LATEST_VERSION)
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            known = set(_unknown_extra_keys(error)) - unknown_in_latest.get(path, set())
            if known:
                newer.keys.setdefault(path, set()).update(known)
        elif path and path != ("svcstd",) and not any(p[: len(path)] == path for p in failing):
            newer.values.add(path)
    return newer


def _newer_value_finding(doc: Document, error, version: str) -> Finding:
    path = tuple(error.absolute_path)
    code = "SVC103" if error.validator in ("enum", "const") else "SVC102"
    return doc.finding(
        code, "newer", path, key=_key_name(path, doc.lang, doc.data), value=_short(error.instance, doc.lang),
        version=version, declared=doc.data.get("svcstd"),
    )


# ---------------------------------------------------------------------------------------
# Each keyword's errors → findings


def _sub(schema: Any) -> dict:
    """A subschema as a mapping: `true` and `false` are valid JSON Schema too."""
    return schema if isinstance(schema, dict) else {}


@cache
def _zh_descriptions() -> dict[str, str]:
    """English description → Chinese, from the bundled schemas and their zh/ variants
    (generated from one source, so they have the same shape)."""
    pairs: dict[str, str] = {}

    def walk(en: Any, zh: Any) -> None:
        if isinstance(en, dict) and isinstance(zh, dict):
            for key, value in en.items():
                if key in ("description", "title") and isinstance(value, str) and isinstance(zh.get(key), str):
                    pairs.setdefault(value, zh[key])
                walk(value, zh.get(key))
        elif isinstance(en, list) and isinstance(zh, list):
            for a, b in zip(en, zh):
                walk(a, b)

    for name in bundled_names():
        try:
            walk(load_schema(name), load_schema(schema_name_in(name, "zh")))
        except (OSError, ValueError):
            continue
    return pairs


def schema_name_in(name: str, lang: str) -> str:
    return name if lang == "en" else f"{lang}/{name}"


def _described(text: str, lang: str) -> str:
    """A schema description in the reader's language (a local schema's stays as written)."""
    return _zh_descriptions().get(text, text) if lang == "zh" else text


def _after_chinese(fragment: str, lang: str) -> str:
    """A fragment placed right after Chinese text: a space before Latin letters, digits or
    code (`应为 true 或 false`, `不是 ISO 4217 货币代码`), as Chinese technical writing does."""
    if lang == "zh" and fragment[:1].isascii() and (fragment[:1].isalnum() or fragment[:1] in "`\"'{["):
        return " " + fragment
    return fragment


def _to_findings(doc: Document, error, typo_targets: set = frozenset(), newer: _Newer | None = None) -> Iterable[Finding]:
    path = tuple(error.absolute_path)
    lang = doc.lang
    key = _key_name(path, lang, doc.data)
    validator_name = error.validator
    value = error.instance
    schema = _sub(error.schema)

    if path == ("svcstd",) or (validator_name == "required" and "'svcstd'" in error.message):
        return ()  # the loader reports the format version (SVC005) with a better message
    if "propertyNames" in error.absolute_schema_path:
        # The failing instance is a key, not a value: say what keys here must look like.
        return [_key_name_finding(doc, error, path)]
    if validator_name is None:
        return _false_schema_findings(doc, error, path)
    if validator_name == "required":
        missing = [
            p for p in error.validator_value
            if isinstance(value, dict) and p not in value and (path, p) not in typo_targets
        ]
        props = _sub(schema.get("properties"))
        return [
            doc.finding(
                "SVC101", "required", path, where=_where(path, lang, doc.data), key=m,
                description=_as_hint(_described(_sub(props.get(m)).get("description", ""), lang), lang),
            )
            for m in missing
        ]
    if validator_name == "dependentRequired":
        findings = []
        for trigger, needed in _sub(error.validator_value).items():
            if isinstance(value, dict) and trigger in value:
                findings.extend(
                    doc.finding("SVC101", "dependent", path, key=key, trigger=trigger, missing=m)
                    for m in needed if m not in value
                )
        return findings
    if validator_name in ("contains", "minContains"):
        what = _schema_words(_sub(schema.get("contains")) if "contains" in schema else {}, lang)
        least = schema.get("minContains", 1) if isinstance(schema.get("minContains", 1), int) else 1
        return [doc.finding("SVC101", "contains", path, key=key, count=least, what=what)]
    if validator_name == "maxContains":
        what = _schema_words(_sub(schema.get("contains")), lang)
        return [doc.finding("SVC103", "max_contains", path, key=key, limit=error.validator_value, what=what)]
    if validator_name == "minItems":
        items = schema.get("items", {})
        what = phrase("entry", lang, "entry") if error.validator_value == 1 else phrase("entries", lang, "entries")
        if isinstance(items, dict) and items.get("description") and lang == "en":
            what = what + f" ({items['description'].rstrip('.').lower()})"
        return [doc.finding("SVC101", "min_items", path, key=key, count=error.validator_value, what=what)]
    if validator_name == "minLength":
        if error.validator_value > 1:
            return [doc.finding("SVC103", "min_length", path, key=key, value=_short(value, lang), limit=error.validator_value)]
        return [doc.finding("SVC101", "empty_text", path, key=key)]
    if validator_name == "minProperties":
        if error.validator_value > 1:
            return [doc.finding("SVC101", "min_properties", path, key=key, limit=error.validator_value, count=len(value))]
        return [doc.finding("SVC101", "empty_map", path, key=key)]
    if validator_name in ("maxItems", "maxLength", "maxProperties"):
        count = len(value) if isinstance(value, (list, dict, str)) else 0
        return [doc.finding("SVC103", _snake(validator_name), path, key=key, limit=error.validator_value, count=count)]
    if validator_name == "items" and error.validator_value is False or validator_name == "unevaluatedItems":
        return [doc.finding("SVC103", "extra_items", path, key=key)]
    if validator_name == "uniqueItems":
        return [doc.finding("SVC103", "unique", path, key=key, value=_short(_first_repeat(value), lang))]
    if validator_name == "multipleOf":
        return [doc.finding("SVC103", "multiple_of", path, key=key, value=_short(value, lang), limit=error.validator_value)]
    if validator_name == "not":
        return [doc.finding("SVC103", "not", path, key=key, value=_short(value, lang), what=_schema_words(_sub(error.validator_value), lang))]
    if validator_name in ("type", "anyOf", "oneOf"):
        return [doc.finding(
            "SVC102", "type", path, key=key, expected=_after_chinese(_expected_words(schema, lang), lang),
            actual=_after_chinese(_describe_value(value, lang), lang),
        )]
    if validator_name == "enum":
        allowed = [str(v) for v in error.validator_value]
        close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
        suggestion = phrase("did_you_mean", lang, " Did you mean `{value}`?", value=close[0]) if close else ""
        return [
            doc.finding(
                "SVC103", "enum", path, key=key, value=_short(value, lang),
                suggestion=suggestion, allowed=", ".join(allowed),
            )
        ]
    if validator_name == "const":
        return [doc.finding("SVC103", "const", path, key=key, value=_short(value, lang), allowed=_short(error.validator_value, lang))]
    if validator_name in ("minimum", "maximum"):
        return [doc.finding("SVC103", validator_name, path, key=key, value=_short(value, lang), limit=error.validator_value)]
    if validator_name in ("exclusiveMinimum", "exclusiveMaximum"):
        relation = "more than" if validator_name == "exclusiveMinimum" else "less than"
        relation = phrase(relation.replace(" ", "_"), lang, relation)
        return [doc.finding("SVC103", "exclusive", path, key=key, value=_short(value, lang), relation=relation, limit=error.validator_value)]
    if validator_name == "additionalProperties":
        return _unknown_keys(doc, error, path, newer)
    if validator_name == "unevaluatedProperties":
        return _unevaluated_keys(doc, error, path)
    if validator_name == "pattern" and path[-1:] == ("ref",) and error.validator_value == ID_PATTERN:
        # An office reference that is no id (often the office's name, `ref: 朝阳区民政局`) is
        # never in the registry: SVC601 reports it once, suggesting the id by name or spelling.
        return ()
    if validator_name == "pattern":
        return [doc.finding("SVC105", "pattern", path, key=key, value=_short(value, lang), what=_after_chinese(_pattern_words(error.validator_value, lang), lang))]
    if validator_name == "format":
        what = _format_words(error.validator_value, value, lang)
        return [doc.finding("SVC105", "format", path, key=key, value=_short(value, lang), what=_after_chinese(what, lang))]
    # A keyword this mapping does not know (a local schema may use any): still a finding
    # that names the keyword, never a crash and never "should be None".
    return [doc.finding("SVC103", "other", path, key=key, value=_short(value, lang), keyword=str(validator_name))]


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def _first_repeat(values: Any) -> Any:
    if not isinstance(values, list):
        return values
    for index, item in enumerate(values):
        if item in values[:index]:
            return item
    return values


def _pattern_words(pattern: str, lang: str) -> str:
    phrase_key, english = _PATTERN_WORDS.get(pattern, ("pattern.other", "in the expected form ({pattern})"))
    return phrase(phrase_key, lang, english, pattern=pattern)


def _format_words(format_name: str, value: Any, lang: str) -> str:
    """What a value of `format_name` must be; for dates, whether the form or the day is wrong
    (2024-2-3 is not in the form YYYY-MM-DD; 2024-02-30 is in the form, but no real day)."""
    if format_name in ("date", "year-or-date") and isinstance(value, str):
        if _DATE.match(value):
            return phrase("format.real_date", lang, "a real date (there is no such day)")
        if format_name == "date":
            return phrase("format.date_form", lang, "in the form YYYY-MM-DD")
    english = FORMAT_WORDS.get(format_name, format_name)
    return phrase(f"format.{format_name}", lang, english)


def _schema_words(schema: dict, lang: str) -> str:
    """What a subschema (of not, contains) asks for, in words: its description, its
    values, its type or its pattern."""
    if not schema:
        return phrase("schema.anything", lang, "any value")
    if isinstance(schema.get("description"), str):
        return _described(schema["description"], lang).rstrip(".。")
    if "const" in schema:
        return _short(schema["const"], lang)
    if isinstance(schema.get("enum"), list):
        return phrase("or", lang, " or ").join(_short(v, lang) for v in schema["enum"])
    if isinstance(schema.get("pattern"), str):
        return _pattern_words(schema["pattern"], lang)
    if isinstance(schema.get("required"), list):
        keys = ", ".join(f"`{k}`" for k in schema["required"])
        return phrase("schema.having", lang, "a mapping with {keys}", keys=keys)
    if "type" in schema:
        return _expected_words(schema, lang)
    return phrase("schema.described", lang, "what the schema describes there")


_KEY_CONSTRAINTS = ("pattern", "enum", "const", "maxLength", "minLength", "format")


def _key_name_finding(doc: Document, error, path: tuple) -> Finding:
    """A key that `propertyNames` refuses. Language tags (the keys of a text) keep their
    own message; any other constraint is said as what the names here must be."""
    lang = doc.lang
    name = error.instance
    validator_name = error.validator
    where = path + (name,) if isinstance(name, str) else path
    if validator_name == "pattern" and error.validator_value == LANG_PATTERN:
        return doc.finding("SVC105", "language", where, at_key=True, value=name)
    if validator_name == "pattern":
        what = _pattern_words(error.validator_value, lang)
    elif validator_name == "enum":
        what = phrase("names.one_of", lang, "one of: {values}", values=", ".join(map(str, error.validator_value)))
    elif validator_name == "const":
        what = _short(error.validator_value, lang)
    elif validator_name == "maxLength":
        what = phrase("names.max_length", lang, "at most {limit} characters long", limit=error.validator_value)
    elif validator_name == "minLength":
        what = phrase("names.min_length", lang, "at least {limit} characters long", limit=error.validator_value)
    elif validator_name == "format":
        what = _format_words(error.validator_value, name, lang)
    elif validator_name is None:  # propertyNames: false
        return doc.finding("SVC104", "no_keys", where, at_key=True, key=_clip(str(name)), where=_where(path, lang, doc.data))
    else:
        what = phrase("names.keyword", lang, "accepted by `{keyword}`", keyword=validator_name)
    return doc.finding("SVC105", "key_name", where, at_key=True, value=_clip(str(name)), what=_after_chinese(what, lang))


def _false_schema_findings(doc: Document, error, path: tuple) -> list[Finding]:
    """An instance met a `false` subschema. Under `properties` (or pattern/additional
    properties) that forbids a key; jsonschema then reports the parent's path, so the key
    is the one holding the refused value."""
    lang = doc.lang
    parent = _instance_at(doc.data, path)
    if isinstance(parent, dict) and parent is not error.instance:
        keys = [k for k, v in parent.items() if v is error.instance] or [
            k for k, v in parent.items() if v == error.instance
        ]
        if keys:
            return [
                doc.finding("SVC104", "forbidden", path + (k,), at_key=True, key=_clip(str(k)), where=_where(path, lang, doc.data))
                for k in keys[:1]
            ]
    return [doc.finding("SVC103", "forbidden_value", path, key=_key_name(path, lang, doc.data), value=_short(error.instance, lang))]


def _instance_at(data: Any, path: tuple) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _unknown_extra_keys(error) -> list[str]:
    schema = _sub(error.schema)
    known = _sub(schema.get("properties"))
    patterns = [re.compile(p) for p in _sub(schema.get("patternProperties"))]
    value = error.instance if isinstance(error.instance, dict) else {}
    return [k for k in value if k not in known and not any(p.search(k) for p in patterns)]


def _nearest_key(extra: str, known: list[str]) -> str | None:
    close = difflib.get_close_matches(extra, known, n=1, cutoff=0.6)
    if close:
        return close[0]
    folded = extra.replace("-", "").replace("_", "").lower()
    same_letters = [k for k in known if k.replace("_", "") == folded]
    return same_letters[0] if same_letters else None


def _typo_targets(error, newer_keys: Iterable[str] = ()) -> list[str]:
    known = list(_sub(_sub(error.schema).get("properties")))
    newer_keys = set(newer_keys)
    return [
        t for t in (_nearest_key(k, known) for k in _unknown_extra_keys(error) if k not in newer_keys) if t
    ]


def _unknown_keys(doc: Document, error, path: tuple, newer: _Newer | None = None) -> list[Finding]:
    known = list(_sub(_sub(error.schema).get("properties")))
    newer_keys = newer.keys.get(path, set()) if newer else set()
    findings = []
    for extra in _unknown_extra_keys(error):
        if extra in newer_keys:
            findings.append(
                doc.finding(
                    "SVC104", "newer", path + (extra,), at_key=True, key=_clip(extra), where=_where(path, doc.lang, doc.data),
                    version=newer.version, declared=doc.data.get("svcstd"),
                )
            )
            continue
        nearest = _nearest_key(extra, known)
        suggestion = phrase("did_you_mean", doc.lang, " Did you mean `{value}`?", value=nearest) if nearest else ""
        findings.append(
            doc.finding(
                "SVC104", "unknown", path + (extra,), at_key=True, key=_clip(extra),
                where=_where(path, doc.lang, doc.data), suggestion=suggestion, known=", ".join(known),
            )
        )
    return findings


def _unevaluated_keys(doc: Document, error, path: tuple) -> list[Finding]:
    """unevaluatedProperties: jsonschema names the refused keys only in its message, as
    reprs; the keys of the instance whose repr it names are the ones."""
    value = error.instance if isinstance(error.instance, dict) else {}
    refused = [k for k in value if isinstance(k, str) and repr(k) in error.message]
    known = list(_sub(_sub(error.schema).get("properties")))
    return [
        doc.finding(
            "SVC104", "unknown", path + (k,), at_key=True, key=_clip(k), where=_where(path, doc.lang, doc.data),
            suggestion="", known=", ".join(known) or "-",
        )
        for k in refused
    ]


# ---------------------------------------------------------------------------------------
# A local schema: a definitions repository's own additional rules (`schema = "path"` in
# the configuration, or `--schema FILE`). It is checked in addition to the bundled schema
# and its errors become the same SVC1xx findings. It may `$ref` the bundled schemas by
# their `$id` and its own parts; any other `$ref` (http, file, a missing pointer) is a
# configuration error (exit 2) found before any file is checked: svcstd never fetches a
# schema and never reads one it was not given.


def _refs(schema: Any, base: str) -> Iterator[tuple[str, str]]:
    """(base URI, reference) of every `$ref` and `$dynamicRef` in a schema, `$id`-aware."""
    from urllib.parse import urljoin

    pending = [(schema, base)]
    while pending:
        node, current = pending.pop()
        if isinstance(node, dict):
            if isinstance(node.get("$id"), str):
                current = urljoin(current, node["$id"])
            for keyword in ("$ref", "$dynamicRef"):
                if isinstance(node.get(keyword), str):
                    yield current, node[keyword]
            for key, value in node.items():
                if key not in ("enum", "const", "examples", "default"):
                    pending.append((value, current))
        elif isinstance(node, list):
            pending.extend((item, current) for item in node)


def _user_schema_problem(path: str, key: str, **params):
    from .config import ConfigError

    return ConfigError(key, path=path, **params)


@cache
def _user_validator(path: str, stamp: tuple[int, int]):
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError
    from jsonschema.validators import validator_for
    from referencing import Registry, Resource
    from referencing.exceptions import NoSuchResource, Unresolvable
    from referencing.jsonschema import DRAFT202012

    from .usage_messages import LibraryDetail, Phrase, os_detail, syntax_detail

    try:
        text = Path(path).read_text("utf-8")
    except OSError as exc:
        raise _user_schema_problem(path, "local_schema_unreadable", detail=os_detail(exc)) from None
    except UnicodeDecodeError as exc:
        raise _user_schema_problem(path, "local_schema_unreadable", detail=LibraryDetail(exc, "detail_not_utf8")) from None
    try:
        schema = json.loads(text)
    except ValueError as exc:
        raise _user_schema_problem(path, "local_schema_not_json", detail=syntax_detail(exc)) from None
    if not isinstance(schema, dict):
        raise _user_schema_problem(path, "local_schema_not_object")
    cls = validator_for(schema, default=Draft202012Validator)
    try:
        cls.check_schema(schema)
    except SchemaError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or Phrase("schema_top_level")
        detail = LibraryDetail(exc.message, "detail_schema_meta")
        raise _user_schema_problem(path, "local_schema_invalid", where=where, detail=detail) from None

    def refuse(uri: str):
        raise NoSuchResource(ref=uri)

    own_id = schema.get("$id") if isinstance(schema.get("$id"), str) else Path(path).resolve().as_uri()
    bundled = [(load_schema(n)["$id"], Resource.from_contents(load_schema(n))) for n in bundled_names()]
    own = Resource.from_contents(schema, default_specification=DRAFT202012)
    registry = Registry(retrieve=refuse).with_resources([*bundled, (own_id, own)]).crawl()
    for base, reference in _refs(schema, own_id):
        try:
            registry.resolver(base_uri=base).lookup(reference)
        except (Unresolvable, NoSuchResource, LookupError, ValueError):
            raise _user_schema_problem(
                path, "local_schema_unresolvable", reference=reference, bundled_id=load_schema()["$id"]
            ) from None
    return cls(schema, registry=registry, format_checker=_format_checker())


def user_validator(path: str):
    """The validator of a local schema, or ConfigError saying why it cannot be used."""
    try:
        info = Path(path).stat()
    except OSError as exc:
        from .usage_messages import os_detail

        raise _user_schema_problem(path, "local_schema_unreadable", detail=os_detail(exc)) from None
    return _user_validator(path, (info.st_mtime_ns, info.st_size))


def user_schema_findings(doc: Document, path: str, already: Iterable[Finding] = ()) -> list[Finding]:
    """The local schema's problems in `doc`, leaving out what `already` reports."""
    seen = {(f.code, f.path, f.message) for f in already}
    findings: dict[tuple, Finding] = {}
    for error in user_validator(path).iter_errors(doc.data):
        for expanded in _expand(error):
            for finding in _to_findings(doc, expanded):
                key = (finding.code, finding.path, finding.message)
                if key not in seen:
                    findings.setdefault(key, finding)
    return sorted(findings.values(), key=Finding.sort_key)
