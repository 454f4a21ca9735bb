"""Languages of texts (SVC701): every text in each language the configuration requires."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalogue import rule
from ..findings import Finding
from ._context import service_of

FAMILY = "languages"


@rule(
    "SVC701", "missing-language", "warning",
    "A text lacks a language that the configuration requires.",
    "Where services are published in several languages (for example Chinese and English, "
    "or a minority language alongside Chinese), every text must exist in each of them, or "
    "some applicants meet a blank. `required-languages` in the configuration says which. A "
    "plain string counts as the file's `language`, else the offices registry's "
    "`defaults.language`, else the configuration's `default-language`.",
    bad="# configuration: required-languages = [\"zh\", \"en\"]\nname: {zh: 最低测试服务}\n",
    good="# configuration: required-languages = [\"zh\", \"en\"]\n"
    "name: {zh: 最低测试服务, en: Minimal test service}\n",
    messages={
        "missing": "`{element}` has no {languages} text. Add {example} (required languages: "
        "{required}).",
        "untagged": "`{element}` is a plain string without a language tag, but every text "
        "must be given in {required}. Write it as a map, e.g. {{{example}}}, or say which "
        "language plain strings are in (`language:` in the file, `defaults.language` in the "
        "offices registry, or `default-language` in the configuration).",
    },
    family=FAMILY,
)
def missing_language(doc, config) -> Iterator[Finding]:
    required = tuple(getattr(config, "required_languages", ()) or ())
    if not required:
        return
    service = service_of(doc, config)
    shown_required = ", ".join(required)
    for text in service.texts():
        element = service.describe(text.path)
        if text.is_plain and text.default_language is None:
            example = ", ".join(f"{lang}: ..." for lang in required)
            yield doc.finding(
                "SVC701", "untagged", text.path, element=element, required=shown_required, example=example
            )
            continue
        missing = [lang for lang in required if not text.has(lang)]
        if missing:
            example = ", ".join(f"`{lang}: ...`" for lang in missing)
            yield doc.finding(
                "SVC701", "missing", text.path, element=element, languages=", ".join(missing),
                example=example, required=shown_required,
            )
