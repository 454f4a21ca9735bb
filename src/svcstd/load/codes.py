"""The loader's rules, SVC001-SVC005, with their English messages (zh: locales/zh.json).

Declared here, in one file, because their findings come from every part of the package:
SVC001 (invalid YAML) from `careful`, `yaml12` and `version`, SVC002 (repeated keys) from
`careful`, SVC003 (unreadable file) from `decode`, SVC004 (limits) from `careful` and
`yaml12`, SVC005 (format version) from `version`. Importing `svcstd.load` declares them.
"""

from __future__ import annotations

from ..catalogue import declare

declare(
    "SVC001", "invalid-yaml", "error",
    "The file is not valid YAML, or its document is not a mapping.",
    "A definition that cannot be read cannot be checked or published; every other rule "
    "depends on the file parsing into one mapping of elements.",
    bad="svcstd: \"1\"\nid: residence-permit\nname: [Residence permit\n",
    good="svcstd: \"1\"\nid: residence-permit\nname: Residence permit\n",
    messages={
        "syntax": "YAML syntax error: {problem}. Fix the line shown (check indentation, "
        "quotes and brackets).",
        "tabs": "A tab character is used for indentation; YAML only allows spaces. "
        "Replace the tab with spaces.",
        "empty": "The file is empty (or holds only comments). A service definition is a "
        "mapping that starts with `svcstd: \"1\"`.",
        "not_mapping": "The document is a {kind}, not a mapping of elements. A service "
        "definition starts with `svcstd: \"1\"` followed by `id:`, `name:` and the other "
        "elements.",
        "several_documents": "The file holds more than one YAML document (a second one "
        "starts here). svcstd checks one service definition per file and none of a file with "
        "several: move each document (they are separated by `---`) into a file of its own.",
        "merge_conflict": "Unresolved merge-conflict marker `{marker}`: a merge left the "
        "lines `<<<<<<<`, `=======` and `>>>>>>>` around two versions of the text. Finish the "
        "merge: keep the right version and delete the marker lines.",
        "tag": "The tag `{tag}` is not allowed. svcstd reads plain YAML data only; remove "
        "the tag and write the value itself.",
        "complex_key": "A mapping key must be plain text, not a {kind}.",
        "fullwidth_colon": "The key `{text}` is followed by the full-width colon `：` (U+FF1A, "
        "typed by a Chinese input method); YAML needs the ASCII colon `:` and a space. Write "
        "`{text}: ` instead.",
        "ideographic_space": "The indentation holds a full-width space `　` (U+3000, typed by a "
        "Chinese input method); YAML indents with ASCII spaces only. Replace it with ordinary "
        "spaces.",
        "fullwidth_comma": "The items `{text}` are separated by the full-width comma `，` (U+FF0C, "
        "typed by a Chinese input method), so YAML reads them as one value; it needs the ASCII "
        "comma `,`. Replace `，` with `,`.",
        "bad_scalar": "The value `{value}` cannot be read as {kind}: {reason}.",
    },
    family="loading",
)
declare(
    "SVC002", "duplicate-key", "error",
    "A key is repeated in one mapping.",
    "YAML parsers silently keep only one of two equal keys, so half of what the officer "
    "wrote would vanish without a word. The repeated key must be merged or removed.",
    bad="svcstd: \"1\"\nid: residence-permit\nid: residence-permit-2\n",
    good="svcstd: \"1\"\nid: residence-permit\n",
    messages={
        "duplicate": "The key `{key}` appears twice in this mapping (first at line {line}). "
        "Keep one of them and delete or rename the other.",
    },
    family="loading",
)
declare(
    "SVC003", "unreadable-file", "error",
    "The file cannot be read: missing, not UTF-8 text, or binary.",
    "Definitions are shared text documents; a file no one can read as UTF-8 text cannot be "
    "reviewed, diffed or published.",
    bad="(a file saved in GBK, or a binary file with a .yaml name)",
    good="(the same file saved as UTF-8)",
    messages={
        "missing": "The file does not exist (or vanished during the run).",
        "is_directory": "This is a folder, not a file.",
        "permission": "The file cannot be opened: permission denied.",
        "os_error": "The file cannot be read: {reason}.",
        "binary": "This is a binary file, not YAML text (it contains a NUL byte at byte "
        "{offset}).",
        "not_utf8": "The file is not valid UTF-8 (bad byte 0x{byte:02X} at byte offset "
        "{offset}). Save it as UTF-8 (most editors: 'Save with encoding' → UTF-8).",
        "bad_utf16": "The file starts with a {encoding} byte-order mark but is not valid "
        "{encoding} (at byte {offset}). Save it as UTF-8.",
    },
    family="loading",
)
declare(
    "SVC004", "resource-limit", "error",
    "The file exceeds a resource limit: size, alias expansion, nesting depth or node count.",
    "Definitions come from many hands; a file built to exhaust memory or time (an alias "
    "bomb, thousands of nesting levels) must be refused quickly, not checked forever.",
    bad="# configuration: max-nodes = 1000\n"
    "x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    "x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "x-c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]  # 1,000 values from 3 lines; 9 levels make a billion\n",
    good="svcstd: \"1\"\nid: residence-permit\n",
    messages={
        "size": "The file is {size} bytes, above the limit of {limit} bytes. Split it or "
        "raise `max-file-size` in the configuration if it is genuine.",
        "depth": "Nesting deeper than {limit} levels. A service definition needs far fewer; "
        "this looks like a damaged or hostile file.",
        "nodes": "The document expands to more than {limit} values (aliases included). "
        "This looks like an alias bomb or a damaged file.",
    },
    family="loading",
)
declare(
    "SVC005", "format-version", "error",
    "The format version `svcstd` is missing or unknown.",
    "The version says which rules a definition is written against; without it, a future "
    "format change would silently reinterpret old files.",
    bad="# without: svcstd\nid: residence-permit\nname: Residence permit\n",
    good="svcstd: \"1\"\nid: residence-permit\nname: Residence permit\n",
    messages={
        "missing": "The format version is missing. Add `svcstd: \"{latest}\"` as the first line "
        "(this svcstd reads versions {versions}).",
        "unknown": "Unknown format version {value}. This svcstd reads versions {versions}: write "
        "e.g. `svcstd: \"{latest}\"` (a quoted string).",
        "unquoted": "The format version is the number {value}; write it as a quoted string: "
        "`svcstd: \"{value}\"`.",
    },
    family="loading",
)
