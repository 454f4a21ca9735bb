"""Convert plain option values (text, whole numbers, lists of them) without pydantic.

Recent typer releases coerce every option value through a pydantic TypeAdapter. Importing
pydantic and building the adapters costs about 100 ms on every start, more than svcstd
needs to check a file, and it is paid even for options that were not given. svcstd's
options are all plain text, whole numbers and flags, whose conversion is trivial, so
they are converted here; any other annotation still goes through typer's own path.

This touches typer internals, so it is strictly best effort: with a typer that lacks
them (older releases never imported pydantic) nothing is changed, and the command line
works the same either way, only slower.
"""

from __future__ import annotations

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    try:
        from dataclasses import dataclass

        from typer import core
        from typer._click.exceptions import BadParameter
        from typer._coercion import RuntimeParam

        parameter_class = core._TyperParameter
        typer_get_runtime_param = parameter_class.get_runtime_param
    except (ImportError, AttributeError):
        return

    def whole_number(value, param, ctx):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            return int(str(value).strip(), 10)
        except ValueError:
            raise BadParameter(f"{value!r} is not a whole number.", ctx=ctx, param=param) from None

    def text(value, param, ctx):
        return value if isinstance(value, str) else str(value)

    def flag(value, param, ctx):
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in ("1", "true", "t", "yes", "y", "on"):
            return True
        if word in ("0", "false", "f", "no", "n", "off", ""):
            return False
        raise BadParameter(f"{value!r} is not true or false.", ctx=ctx, param=param)

    converters = {str: text, int: whole_number, bool: flag}

    @dataclass(frozen=True)
    class PlainValue(RuntimeParam):
        def _coerce_value(self, value, param, ctx):
            annotation = self.annotation
            if isinstance(annotation, type):
                return converters[annotation](value, param, ctx)
            convert = converters[annotation.__args__[0]]
            items = value if isinstance(value, (list, tuple)) else [value]
            return [convert(item, param, ctx) for item in items]

    plain = {str, int, bool, list[str], list[int]}

    def get_runtime_param(self):
        if getattr(self, "_runtime_param", None) is None:
            try:
                descriptor = self.type_descriptor
                if descriptor.annotation in plain and descriptor.file_annotation is None:
                    self._runtime_param = PlainValue(
                        parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
                    )
            except Exception:  # noqa: BLE001 - typer changed: let it do its own conversion
                pass
        return typer_get_runtime_param(self)

    parameter_class.get_runtime_param = get_runtime_param
    _show_argument_metavars(core)


def _show_argument_metavars(core) -> None:
    """`--help` names each value by its metavar (PATH, FILE, CODE), never by its Python
    type: typer prints an argument's type (`<list[str]>`, `<str>`) after its name even when
    the argument has a metavar. An argument with a metavar shows only that; options already
    do. Best effort, like the rest of this module."""
    argument_class = getattr(core, "TyperArgument", None)
    typer_display_type = getattr(argument_class, "display_type_rich", None)
    if typer_display_type is None:
        return

    def display_type_rich(self, ctx):
        return None if self.metavar is not None else typer_display_type(self, ctx)

    argument_class.display_type_rich = display_type_rich
