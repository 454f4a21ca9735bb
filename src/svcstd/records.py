"""Records: dataclasses that are quick to define and to build.

`@dataclass` writes and compiles up to six methods for each class (0.45 ms a class,
measured on Python 3.11), and a frozen one sets each field of each instance through
`object.__setattr__`, to get past its own refusing `__setattr__`. svcstd defines about a
hundred classes, most of them imported by every run: a one-file run (a pre-commit hook)
paid some 15 ms for them on every start, and the model of each definition (about 90
objects) was 40% slower to build.

A record is a dataclass all the same: `fields()`, `replace()` and `asdict()` work, and
`@record(frozen=True, slots=True)` means what `@dataclass(frozen=True, slots=True)`
means. What differs is how: equality, hash and repr are shared functions that read the
class's field list, and the one method generated per class, `__init__` (written when
the first instance is built), fills the instance directly, with the signature dataclass
would give it (fields in order, those after `KW_ONLY` by name only). Not supported, and refused: `__post_init__` and fields
left out of `__init__`; no record needs `order`.

A field may also be `lazy(read)`: when the record is built without it, `read(record)`
computes it the first time it is read, and the value is then kept on the record like
any other field's. The model of a definition has some 300 values a file, of which a check
reads about a third (the rest serve the guide, the exports and the diff): building them
all was a third of a clean file's time. Equality, hash, repr, `replace()`, `asdict()` and
pickling read a lazy field as any other, so they compute it; a slotted record has no
room to keep it, and refuses it.
"""

from __future__ import annotations

from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
from typing import Any

_NO_VALUE = object()


class _Lazy:
    """The default of a `lazy` field: how to compute it from its record."""

    __slots__ = ("read",)

    def __init__(self, read):
        self.read = read

    def __repr__(self) -> str:
        return f"lazy({getattr(self.read, '__qualname__', self.read)!r})"


def lazy(read, *, compare: bool = True, repr: bool = True) -> Any:
    """A field computed by `read(record)` when first read, unless given when built."""
    return field(default=_Lazy(read), compare=compare, repr=repr)


def record(cls=None, /, *, frozen: bool = False, slots: bool = False):
    """`@record`, `@record(frozen=True)`, `@record(frozen=True, slots=True)`."""

    def make(cls):
        return _make(cls, frozen=frozen, slots=slots)

    return make if cls is None else make(cls)


def _make(cls, *, frozen: bool, slots: bool):
    own = set(cls.__dict__)  # methods the class writes itself are kept, as dataclass does
    cls = dataclass(init=False, repr=False, eq=False, slots=slots)(cls)
    every = fields(cls)
    compared = tuple(item.name for item in every if item.compare)
    cls._record_compared = staticmethod(_values_of(compared))
    cls._record_shown = tuple(item.name for item in every if item.repr)
    if "__eq__" not in own:
        cls.__eq__ = _record_eq
        if "__hash__" not in own:
            # As dataclass: equal values hash alike when frozen; a mutable record has no hash.
            cls.__hash__ = _record_hash if frozen else None
    if "__repr__" not in own:
        cls.__repr__ = _record_repr
    if frozen:
        cls.__setattr__, cls.__delattr__ = _refuse_assignment, _refuse_deletion
        if slots:
            # Unpickling sets the fields back (results travel from worker processes).
            cls._record_names = tuple(item.name for item in every)
            cls.__getstate__, cls.__setstate__ = _slots_state, _set_slots_state
    if hasattr(cls, "__post_init__") or not all(item.init for item in every):
        raise TypeError(f"{cls.__qualname__}: a record has no __post_init__ and no init=False fields")
    readers = {item.name: item.default.read for item in every if isinstance(item.default, _Lazy)}
    if readers:
        if slots:
            raise TypeError(f"{cls.__qualname__}: a slotted record has no room for lazy fields")
        for name in readers:
            # Left by dataclass as the class's default: it would answer before __getattr__.
            if isinstance(cls.__dict__.get(name), _Lazy):
                delattr(cls, name)
        cls._record_lazy = readers
        if "__getattr__" not in own:
            cls.__getattr__ = _read_lazy
    cls.__init__ = _compiled_on_first_use(cls, every, slots)
    return cls


def _compiled_on_first_use(cls, every, slots: bool):
    """An `__init__` that writes and compiles the class's own the first time it runs, then
    leaves it in its place: of the records a run imports, a third is never instantiated
    (a clean one-file run builds no `Finding`), and compiling costs 45 us each."""

    def __init__(self, *args, **kwargs):
        init = cls.__init__ = _init_for(cls, every, slots)
        init(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _values_of(names: tuple[str, ...]):
    if not names:
        return lambda instance: ()
    if len(names) == 1:
        only = names[0]
        return lambda instance: (getattr(instance, only),)
    from operator import attrgetter

    return attrgetter(*names)


def _init_for(cls, every, slots: bool):
    names: dict[str, Any] = {"_NO_VALUE": _NO_VALUE}
    params, keyword_params, body = [], [], []
    for item in every:
        name = item.name
        # Fields after `_: KW_ONLY` (or kw_only=True) are passed by name only, as dataclass makes them.
        into = keyword_params if item.kw_only is True else params
        if isinstance(item.default, _Lazy):
            into.append(f"{name}=_NO_VALUE")
            body.append(f"    if {name} is not _NO_VALUE: values[{name!r}] = {name}")
            continue
        if item.default is not MISSING:
            names[f"_default_{name}"] = item.default
            into.append(f"{name}=_default_{name}")
            value = name
        elif item.default_factory is not MISSING:
            names[f"_factory_{name}"] = item.default_factory
            into.append(f"{name}=_NO_VALUE")
            value = f"_factory_{name}() if {name} is _NO_VALUE else {name}"
        else:
            into.append(name)
            value = name
        if slots:
            # The slot's own descriptor sets it, past a frozen class's refusing __setattr__.
            names[f"_set_{name}"] = cls.__dict__[name].__set__
            body.append(f"    _set_{name}(self, {value})")
        else:
            body.append(f"    values[{name!r}] = {value}")
    if keyword_params:
        params += ["*", *keyword_params]
    start = "" if slots else "    values = self.__dict__\n"
    source = f"def __init__(self, {', '.join(params)}):\n{start}" + ("\n".join(body) or "    pass") + "\n"
    exec(source, names)  # noqa: S102 - our own field names, as dataclasses itself does
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


def _read_lazy(self, name):
    """A lazy field read for the first time: computed, and kept where the others are."""
    read = self.__class__._record_lazy.get(name)
    if read is None:
        raise AttributeError(f"{self.__class__.__qualname__!r} object has no attribute {name!r}")
    value = self.__dict__[name] = read(self)
    return value


def _record_eq(self, other):
    if other.__class__ is not self.__class__:
        return NotImplemented
    return self._record_compared(self) == other._record_compared(other)


def _record_hash(self):
    return hash(self._record_compared(self))


def _record_repr(self):
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_shown)
    return f"{self.__class__.__qualname__}({shown})"


def _refuse_assignment(self, name, value):
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_deletion(self, name):
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _slots_state(self):
    return [getattr(self, name) for name in self._record_names]


def _set_slots_state(self, state):
    for name, value in zip(self._record_names, state, strict=True):
        object.__setattr__(self, name, value)
