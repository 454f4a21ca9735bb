"""Semantic rules, one module per family. Importing this package registers them all.

A rule is a function `check(doc, config) -> Iterable[Finding]` decorated with
`svcstd.catalogue.rule(...)`, which carries its code, name, severity, summary, rationale
and a bad and a good example. The engine runs every registered rule; adding a rule means
adding a function here, never touching the engine.
"""

from . import conditions, deadlines, languages, legal, personal_data, steps  # noqa: F401
