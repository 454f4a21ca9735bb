"""Helping officers write definitions: start a repository (`init`), a definition (`new`),
repair one (`fix`) and read the field reference (`docs`).

This room sits beside checking, above the core: it may import loading, schema, catalogue,
repository and engine (a fix is only ever made where the checker found something, and is
kept only when the checker agrees it is gone). The core imports it in one place only:
the engine asks `fixes.mark_fixable` which findings `svcstd fix` could repair. Nothing here
prints; `commands.py` is the command line of this room.
"""
