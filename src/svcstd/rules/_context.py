"""What a rule reads: the model of the definition, in the context of its configuration.

Rules read definitions through `svcstd.model` (typed, tolerant of wrong types, each element
with its path). The context outside the file, the offices registry's `defaults`, travels on
the `Document` (set by the engine); the configuration's default language comes from here.
"""

from __future__ import annotations

from ..model import Definition, definition


def service_of(doc, config) -> Definition:
    """The model of `doc`; plain strings are in the file's, the registry's or the
    configuration's default language (in that order)."""
    return definition(doc, getattr(config, "default_language", None))


def shown_duration(duration, lang: str) -> str:
    """A duration as a message shows it: `10 working_days` in English (the value to write),
    `10 个工作日` in Chinese (no English unit names inside a Chinese sentence)."""
    from ..catalogue import phrase

    value = int(duration.value) if float(duration.value).is_integer() else duration.value
    return phrase(f"duration.{duration.unit}", lang, "{value} " + duration.unit, value=value)


def shown_unit(unit: str, lang: str) -> str:
    from ..catalogue import phrase

    return phrase(f"unit.{unit}", lang, unit)
