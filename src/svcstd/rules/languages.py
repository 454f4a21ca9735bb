"""Languages of texts (SVC701): every text in each language the configuration requires."""

from __future__ import annotations

from typing import Any, Iterator

from ..catalogue import rule
from ..findings import Finding

FAMILY = "languages"

# Where the format has *text* elements (a string or a {language: string} map). `*` stands
# for every entry of a list.
TEXT_PATHS: tuple[tuple, ...] = (
    ("name",),
    ("description",),
    ("responsible_office", "name"),
    ("eligibility", "*", "criterion"),
    ("deadlines", "special_procedures", "*", "name"),
    ("steps", "*", "name"),
    ("steps", "*", "public_status"),
    ("steps", "*", "office", "name"),
    ("data_collected", "*", "name"),
    ("data_collected", "*", "purpose"),
    ("data_collected", "*", "necessity"),
    ("data_collected", "*", "shared_with", "*", "purpose"),
    ("data_collected", "*", "shared_with", "*", "office", "name"),
    ("fees", "items", "*", "name"),
    ("outcome", "name"),
    ("channels", "*", "address"),
    ("channels", "*", "hours"),
    ("channels", "*", "visits_reason"),
)


def texts(data: Any, pattern: tuple = (), here: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """(path, value) for every text element present in `data` (wrong types skipped)."""
    if not pattern:
        if isinstance(data, (str, dict)):
            yield here, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from texts(item, rest, here + (index,))
    elif isinstance(data, dict) and head in data:
        yield from texts(data[head], rest, here + (head,))


def all_texts(data: Any) -> Iterator[tuple[tuple, Any]]:
    for pattern in TEXT_PATHS:
        yield from texts(data, pattern)


@rule(
    "SVC701", "missing-language", "warning",
    "A text lacks a language that the configuration requires.",
    "Where services are published in several languages (for example Chinese and English, "
    "or a minority language alongside Chinese), every text must exist in each of them, or "
    "some applicants meet a blank. `required-languages` in the configuration says which.",
    bad="# configuration: required-languages = [\"zh\", \"en\"]\nname: {zh: 最低测试服务}\n",
    good="# configuration: required-languages = [\"zh\", \"en\"]\n"
    "name: {zh: 最低测试服务, en: Minimal test service}\n",
    messages={
        "missing": "`{element}` has no {languages} text. Add {example} (required languages: "
        "{required}).",
        "untagged": "`{element}` is a plain string without a language tag, but every text "
        "must be given in {required}. Write it as a map, e.g. {{{example}}}.",
    },
    family=FAMILY,
)
def missing_language(doc, config) -> Iterator[Finding]:
    required = tuple(getattr(config, "required_languages", ()) or ())
    if not required:
        return
    shown_required = ", ".join(required)
    for path, value in all_texts(doc.data):
        element = _element_name(path)
        if isinstance(value, str):
            example = ", ".join(f"{lang}: ..." for lang in required)
            yield doc.finding(
                "SVC701", "untagged", path, element=element, required=shown_required, example=example
            )
            continue
        missing = [lang for lang in required if not _has(value.get(lang))]
        if missing:
            example = ", ".join(f"`{lang}: ...`" for lang in missing)
            yield doc.finding(
                "SVC701", "missing", path, element=element, languages=", ".join(missing),
                example=example, required=shown_required,
            )


def _has(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _element_name(path: tuple) -> str:
    """`steps[2].public_status`-style name of an element, for messages."""
    name = ""
    for segment in path:
        name += f"[{segment}]" if isinstance(segment, int) else (f".{segment}" if name else segment)
    return name
