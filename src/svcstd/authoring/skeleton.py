"""`svcstd new`: a skeleton definition in format 1.1, every element present and explained.

The structure and the starting values are one language-neutral template
(`templates/skeleton.yaml`): required elements written out, optional ones as `#? ` lines
that become commented-out examples. The explanation above each element is not written by
hand: it is the element's description from the bundled schema in the chosen language,
whether it is required, and its allowed values, so that the skeleton can never disagree with
the schema. Texts to write are placeholders (待定 / TODO), which SVC502 reports: a skeleton
checks with only "fill this in" findings and cannot pass unnoticed.
"""

from __future__ import annotations

import datetime
import re
from importlib import resources
from string import Template
from typing import Any

from ..catalogue import _locale

TEMPLATE = "skeleton.yaml"
LANGUAGES = ("zh", "en")
OPTIONAL_PREFIX = "#? "
PLACEHOLDER = {"zh": "待定", "en": "TODO"}
# The result a service of each type usually produces (a starting value; the comment lists all).
OUTCOME_FOR_TYPE = {
    "licensing": "license", "confirmation": "certificate", "filing": "filing", "reward": "decision",
    "penalty": "decision", "enforcement": "decision", "levy": "decision", "benefit": "decision",
    "inspection": "decision", "adjudication": "decision", "other_administrative": "other",
    "public_service": "other",
}

TEXTS_EN = {
    "required": "required",
    "optional": "optional",
    "allowed": "Allowed values: {values}.",
    "header": "Skeleton of a service definition (svcstd format 1.1), made by `svcstd new`. Replace "
    "every {placeholder} with the real text (`svcstd check` lists each one). Optional elements "
    "are commented out: to use one, delete the `# ` at the start of its lines. Then run "
    "`svcstd check`; `svcstd fix` repairs the simple mistakes.",
    "written": "Wrote {file}. Fill in every {placeholder}, then run `svcstd check {file}`.",
    "bad_id": "`{id}` is not a valid service id: use 2 to 64 letters, digits, '.', '_' or '-', "
    "starting with a letter or digit.",
    "bad_type": "unknown service type {type!r}; choose one of: {allowed}",
    "bad_lang": "unknown language {lang!r}; choose zh or en",
    "bad_office": "`{office}` is not a valid office id (letters, digits, '.', '_' or '-').",
}


class SkeletonProblem(Exception):
    pass


def text(key: str, lang: str, /, **params) -> str:
    template = _locale(lang).get("_authoring", {}).get(f"new.{key}") or TEXTS_EN[key]
    return template.format(**params)


# ---------------------------------------------------------------------------------------
# Schema lookups


def _schema(lang: str) -> dict:
    from ..schema import load_schema, schema_name

    try:
        return load_schema(schema_name("service", "1.1", lang))
    except (FileNotFoundError, OSError):
        return load_schema(schema_name("service", "1.1", "en"))


def _resolve(node: Any, root: dict) -> dict:
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 20:
        target = root
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        seen += 1
    return node if isinstance(node, dict) else {}


def _alternatives(node: dict, root: dict) -> list[dict]:
    node = _resolve(node, root)
    found = [node]
    for key in ("anyOf", "oneOf", "allOf"):
        for alternative in node.get(key, []):
            found.extend(_alternatives(alternative, root))
    return found


def child(node: dict, key: str | int, root: dict) -> dict | None:
    """The schema of `key` (a property name, or 0 for a list item) inside `node`."""
    for alternative in _alternatives(node, root):
        if isinstance(key, int):
            items = alternative.get("items")
            if isinstance(items, dict):
                return _resolve(items, root)
        else:
            properties = alternative.get("properties", {})
            if key in properties:
                return _resolve(properties[key], root)
    return None


def required_in(node: dict, key: str, root: dict) -> bool:
    return any(key in alternative.get("required", []) for alternative in _alternatives(node, root))


def allowed_values(node: dict, root: dict) -> list[str]:
    values: list[str] = []
    for alternative in _alternatives(node, root):
        for value in alternative.get("enum", []):
            if value is not None and str(value) not in values:
                values.append(str(value))
        items = alternative.get("items")
        if isinstance(items, dict):
            for value in allowed_values(items, root):
                if value not in values:
                    values.append(value)
    return values


def description(node: dict, root: dict) -> str:
    for alternative in _alternatives(node, root):
        if alternative.get("description"):
            return " ".join(str(alternative["description"]).split())
    return ""


# ---------------------------------------------------------------------------------------
# The skeleton

_KEY_LINE = re.compile(r"^(?P<indent>\s*)(?P<dash>(?:-\s+)?)(?P<key>[A-Za-z_][A-Za-z0-9_-]*):(?:\s|$)")


def template_text() -> str:
    return resources.files("svcstd.authoring").joinpath("templates").joinpath(TEMPLATE).read_text("utf-8")


def _comment(node: dict, parent: dict, key: str, root: dict, lang: str, optional_line: bool) -> str:
    parts = []
    words = description(node, root)
    if words:
        parts.append(words)
    if optional_line:
        parts.append(f"[{text('optional', lang)}]")
    elif required_in(parent, key, root):
        parts.append(f"[{text('required', lang)}]")
    values = allowed_values(node, root)
    if values and not all(value in words for value in values):
        parts.append(text("allowed", lang, values=", ".join(values)))
    return " ".join(parts)


def annotate(template: str, lang: str) -> str:
    """Put the schema's explanation above every key line of `template`."""
    root = _schema(lang)
    out: list[str] = []
    # (column, schema node of what is written at deeper columns)
    stack: list[tuple[int, dict]] = [(-1, root)]
    for raw in template.splitlines():
        optional_line = raw.startswith(OPTIONAL_PREFIX)
        line = raw[len(OPTIONAL_PREFIX):] if optional_line else raw
        raw = "# " + line if optional_line else raw
        match = _KEY_LINE.match(line)
        if not match:
            out.append(raw)
            continue
        indent = len(match.group("indent"))
        key = match.group("key")
        while stack[-1][0] >= indent:
            stack.pop()
        if match.group("dash"):
            # A list entry: the entry's schema holds the keys written after the dash.
            stack.append((indent, child(stack[-1][1], 0, root) or {}))
        parent = stack[-1][1]
        node = child(parent, key, root) or {}
        comment = _comment(node, parent, key, root, lang, optional_line)
        if comment:
            out.append(" " * indent + "# " + comment)
        out.append(raw)
        stack.append((indent + len(match.group("dash")), node))
    return "\n".join(out) + "\n"


def _known_types() -> list[str]:
    root = _schema("en")
    return allowed_values(child(root, "type", root) or {}, root)


def skeleton(service_id: str, *, service_type: str | None = None, office: str | None = None,
             lang: str = "zh", today: datetime.date | None = None, schema_path: str | None = None) -> str:
    if lang not in LANGUAGES:
        raise SkeletonProblem(text("bad_lang", "en", lang=lang))
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{1,63}", service_id or ""):
        raise SkeletonProblem(text("bad_id", lang, id=service_id))
    types = _known_types()
    service_type = service_type or "public_service"
    if service_type not in types:
        raise SkeletonProblem(text("bad_type", lang, type=service_type, allowed=", ".join(types)))
    office = office or "todo-office"
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{1,63}", office):
        raise SkeletonProblem(text("bad_office", lang, office=office))
    placeholder = PLACEHOLDER[lang]
    values = {
        "id": service_id, "type": service_type, "office": office, "lang": lang,
        "todo": placeholder, "today": (today or datetime.date.today()).isoformat(),
        "level": "county", "scope": "county",
        "outcome": OUTCOME_FOR_TYPE.get(service_type, "other"),
    }
    body = Template(template_text()).substitute(values)
    header = "\n".join(f"# {line}" for line in _wrap(text("header", lang, placeholder=placeholder), lang))
    schema_line = f"# yaml-language-server: $schema={schema_path or schema_url(lang)}"
    return f"{schema_line}\n{header}\n{annotate(body, lang)}"


def schema_url(lang: str) -> str:
    """Where an editor finds the schema: the file `svcstd init` writes into schemas/."""
    from ..schema import schema_name

    return f"./schemas/{schema_name('service', '1.1', lang)}"


def repository_defaults(folder, lang: str, config=None) -> tuple[str | None, str | None]:
    """For a definition to be written into `folder`: the first office of its offices
    registry (the default `--office`), and the path from `folder` to the schema that
    `svcstd init` put beside the registry (for the editor's `$schema` line)."""
    import os
    from pathlib import Path

    from ..config import Config
    from ..load import load_path
    from ..repository import RegistryLocator
    from ..schema import schema_name

    folder = Path(folder)
    registry = RegistryLocator(config or Config()).registry_for(folder / "new.yaml")
    if registry is None or not Path(registry).is_file():
        return None, None
    first = None
    loaded = load_path(registry, str(registry))
    data = loaded.document.data if loaded.document is not None else None
    offices = data.get("offices") if isinstance(data, dict) else None
    if isinstance(offices, list):
        first = next((o["id"] for o in offices if isinstance(o, dict) and isinstance(o.get("id"), str)), None)
    schema = Path(registry).parent / "schemas" / schema_name("service", "1.1", lang)
    relative = None
    if schema.is_file():
        relative = Path(os.path.relpath(schema, folder.resolve() if folder.exists() else folder.absolute())).as_posix()
        relative = relative if relative.startswith(".") else "./" + relative
    return first, relative


def _wrap(sentence: str, lang: str, width: int = 92) -> list[str]:
    import textwrap

    if lang == "zh":  # Chinese breaks after a full stop, not between words
        return [part + "。" for part in sentence.split("。") if part.strip()]
    return textwrap.wrap(sentence, width, break_on_hyphens=False)
