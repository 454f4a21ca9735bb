"""Compatibility alias for `svcstd.load`, where the loader now lives (one file per part).

svcstd's own modules import from `svcstd.load`; this name stays for scripts and plugins
written against earlier versions. Nothing is defined here: patching a name on this module
does not change what the loader does (patch it on `svcstd.load.entry` or on its part).
"""

from .load import (  # noqa: F401 - re-exported
    COMPOSERS,
    CURRENT_FORMAT_VERSION,
    DEFAULT_LIMITS,
    LIBYAML,
    ComposerDeclined,
    Document,
    Limits,
    LoadResult,
    Yaml12Resolver,
    careful_result_for_limits,
    decode,
    friendly_tag,
    json_pointer,
    load_bytes,
    load_path,
    load_text,
    localized_problem,
    peek_top_level,
    read_file,
    split_lines,
)
