"""The loader: bytes → `Document`. The only place that parses YAML (see docs/loader.md).

The parts, each a file a reader can find:

- `entry`: the entry points, `load_text`, `load_bytes`, `load_path` and `peek_top_level`;
- `reading`: a file → bytes (within the size limit) → text (UTF-8, UTF-16/32 with a
  byte-order mark), SVC003;
- `parse`: the YAML 1.2 parser behind one function, `parse_fast` (yaml-rs, in Rust);
- `policies`: svcstd's rules on top of YAML 1.2 (core-schema scalars only, no tags, keys
  are text, one document) and the screens that send a text to the careful path;
- `limits`: what one file may cost (SVC004);
- `document`: `Document` (data, text, positions on demand) and `LoadResult`;
- `positions`: where a value stands, for files with findings only (a verified line scan,
  else tree-sitter-yaml);
- `scalars`: the YAML 1.2 core schema's answers (which tag a plain scalar has, its value),
  without PyYAML;
- `resolver`: libyaml's parser fitted with the core schema;
- `careful`: libyaml's composer path (tags, repeated keys, limits, syntax errors, with
  their positions);
- `yaml12`: where the fast parser's YAML 1.2 verdict overrides libyaml's;
- `version`: whether the data is a mapping of a known format version (SVC005);
- `punctuation`: full-width punctuation typed by an input method (issue 11 item 9);
- `peek`: the top-level keys of a plain file, read without a parser;
- `wording`: values clipped, tags as written, parser problems in the reader's language;
- `codes`: the declarations of SVC001-SVC005 with their messages.

May import: catalogue, findings, versions, and the libraries yaml (PyYAML), yaml_rs and
tree-sitter. Nothing else in svcstd; every other module imports the loader from here
(`svcstd.loading` remains as a compatibility alias).

The names below are served from `entry` when first asked for, not imported with the
package: importing `svcstd.load.limits` (the configuration does, for `--help` too) must
not load the YAML parsers. PyYAML itself is imported only by the careful path
(`careful`, `resolver`), for node positions, and by the peek's event fallback: a run over
clean files never imports it (see `entry`).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

__all__ = [
    "COMPOSERS",
    "CURRENT_FORMAT_VERSION",
    "DEFAULT_LIMITS",
    "LIBYAML",
    "ComposerDeclined",
    "Document",
    "Limits",
    "LoadResult",
    "Yaml12Resolver",
    "careful_result_for_limits",
    "decode",
    "friendly_tag",
    "json_pointer",
    "load_bytes",
    "load_path",
    "load_text",
    "localized_problem",
    "peek_bytes",
    "peek_top_level",
    "read_file",
    "split_lines",
]


_ENTRY = f"{__name__}.entry"


def __getattr__(name: str) -> Any:
    # Not cached here: `entry`'s name is the one its own functions use, so a patch there
    # is seen by every caller.
    if name in __all__:
        # sys.modules first: importlib's own lookup of a loaded module is Python code, and
        # functions that import these names run for every file.
        entry = sys.modules.get(_ENTRY) or importlib.import_module(_ENTRY)
        return getattr(entry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
