"""The format versions this svcstd reads: one place for the loader (SVC005), the schemas
and the rules. Version 1.1 adds to version 1 and removes nothing (FORMAT.md)."""

FORMAT_VERSIONS = ("1", "1.1")
LATEST_VERSION = FORMAT_VERSIONS[-1]


def versions_words() -> str:
    """The versions as a message lists them: "1", "1.1"."""
    return ", ".join(f'"{v}"' for v in FORMAT_VERSIONS)
