"""jsonschema-rs's errors, in the shape `svcstd.schema` reads jsonschema's.

Turning a schema error into a finding needs the keyword that failed (`validator`), its
value and the subschema holding it, the instance and where it is, and, for `anyOf`, the
errors of each branch (`context`). jsonschema (Python) gives them in about 4 ms for an
invalid definition of the benchmark's corpus, and a definition declaring format 1 is
checked twice (once more against the latest schema, for what only it allows), as is each
dry run of `svcstd fix` that marks fixable findings: a twentieth of the files took a
seventh of a whole run's time. jsonschema-rs gives the same in a few hundred microseconds.

Where the two engines read a bundled schema differently, jsonschema's reading is kept, so
that the findings are the same whichever engine found them:
- `pattern`: jsonschema tests Python's `re.search` (its `$` also matches before a final
  newline; its `\\d` is any decimal digit), jsonschema-rs ECMA 262's. An error only
  jsonschema-rs reports is dropped, and an `anyOf` that one of its branches then satisfies
  is no error;
- formats: both engines call svcstd's own checks (`schema.FORMAT_CHECKS`).

`schema.iter_schema_errors` falls back to jsonschema for a value jsonschema-rs cannot
take, and where jsonschema-rs is not installed; a local schema (`schema = ...`) is always
read by jsonschema.
"""

from __future__ import annotations

import re
from typing import Any


class RsError:
    """One error, with the attributes of a `jsonschema.ValidationError` that svcstd reads."""

    __slots__ = (
        "absolute_path", "absolute_schema_path", "context", "instance", "message", "relative_path",
        "relative_schema_path", "schema", "validator", "validator_value",
    )

    def __init__(self, validator, validator_value, schema, instance, path: tuple, evaluated: tuple,
                 message: str, parent_path: tuple = (), branch: int | None = None, context: tuple = ()):
        self.validator = validator
        self.validator_value = validator_value
        self.schema = schema
        self.instance = instance
        self.absolute_path = path
        self.relative_path = path[len(parent_path):]
        self.absolute_schema_path = evaluated
        self.relative_schema_path = () if branch is None else (branch,)
        self.message = message
        self.context = context


def schema_errors(fast_validator, data: Any, documents: dict[str, Any], root: Any) -> list[RsError] | None:
    """Every error of `data` (jsonschema's verdict), or None when jsonschema-rs cannot take
    the data. `documents`: each bundled schema by its `$id`; `root`: the validator's own."""
    try:
        found = []
        for error in fast_validator.iter_errors(data):
            adapted = _adapted(error, data, documents, root)
            if adapted is not None:
                found.append(adapted)
        return found
    except Exception:  # noqa: BLE001 - a value jsonschema-rs cannot take: jsonschema reads it
        return None


_NO_KEY = object()


def _adapted(error, data: Any, documents: dict, root: Any, parent_path: tuple = (), branch: int | None = None,
             key: Any = _NO_KEY):
    kind = error.kind
    name = type(kind).__name__
    if name == "PropertyNames":
        # jsonschema reports the key that broke the rule, at its mapping's path, as an error
        # of the rule's own keyword (`pattern`, ...) found under `propertyNames`: the key is
        # its instance, also for the `pattern` judged the Python way below.
        return _adapted(kind.error, data, documents, root, parent_path, branch, key=kind.error.instance)
    path = tuple(error.instance_path)
    keywords = _keyword_path(error, documents, root)
    schema, value = _resolve(keywords)
    validator = None if name == "FalseSchema" else keywords[1][-1] if keywords[1] else None
    instance = _instance_at(data, path) if key is _NO_KEY else key
    if validator == "pattern" and isinstance(instance, str) and isinstance(value, str) and re.search(value, instance):
        return None
    context: tuple = ()
    if name == "AnyOf":
        branches = []
        for index, members in enumerate(kind.context):
            adapted = [_adapted(member, data, documents, root, path, index) for member in members]
            adapted = [member for member in adapted if member is not None]
            if not adapted:
                return None  # jsonschema finds this branch valid, so the anyOf too
            branches.extend(adapted)
        context = tuple(branches)
    message = f"{kind.property!r} is a required property" if name == "Required" else error.message
    return RsError(
        validator, value, schema, instance, path, tuple(error.evaluation_path), message,
        parent_path, branch, context,
    )


def _keyword_path(error, documents: dict, root: Any) -> tuple[Any, list]:
    """(schema document, keys down to the failing keyword) of an error."""
    location = error.absolute_keyword_location
    if location and "#" in location:
        base, pointer = location.split("#", 1)
        document = documents.get(base)
        if document is not None:
            keys = [part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:]] if pointer else []
            return document, keys
    return root, [str(part) for part in error.schema_path]


def _resolve(keywords: tuple[Any, list]) -> tuple[Any, Any]:
    """(the subschema holding the keyword, the keyword's value)."""
    node, keys = keywords
    holder = node
    for key in keys:
        holder = node
        node = node[int(key)] if isinstance(node, list) else node[key]
    return (holder if keys else node), node


def _instance_at(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data
