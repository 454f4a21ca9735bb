"""svcstd: a linter for public-service standard specifications.

Library use::

    from svcstd import check_paths
    report = check_paths(["services/"])
    for finding in report.findings:
        print(finding.file, finding.line, finding.code, finding.message)

The core never prints; the command line (`svcstd check`) is a thin layer over it.
"""

from __future__ import annotations

__version__ = "0.1.0"

# Whether svcstd's own command line froze what it imported as it started
# (`svcstd.__main__`). In that process nothing else freezes objects, so a run may freeze
# its results and unfreeze everything at its end; under an application, only when
# nothing is frozen (unfreezing is all or nothing).
_frozen_by_the_command = False

__all__ = ["Config", "Finding", "Report", "__version__", "check_paths", "check_text"]


def __getattr__(name: str):
    # Lazy: `import svcstd` must stay cheap for the command line's cold start.
    if name in ("check_paths", "check_text"):
        from . import engine

        return getattr(engine, name)
    if name in ("Finding", "Report"):
        from . import findings

        return getattr(findings, name)
    if name == "Config":
        from .config import Config

        return Config
    raise AttributeError(name)
