"""svcstd.records: dataclasses by another road, with dataclass's meaning.

Every value type of svcstd is a record (findings, targets, the model of a definition);
these tests hold the decorator to what `@dataclass` promises for the same options."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from svcstd.findings import Finding
from svcstd.records import lazy, record


@record(frozen=True)
class Point:
    x: int
    y: int = 0
    label: str = dataclasses.field(default="", compare=False)


@record(frozen=True, slots=True)
class SlottedPoint:
    x: int
    y: int = 0
    tags: tuple = dataclasses.field(default_factory=tuple)


@record
class Counter:
    name: str
    seen: list = dataclasses.field(default_factory=list)


@record(frozen=True)
class Empty:
    pass


@record(frozen=True)
class Single:
    value: int


@record(frozen=True)
class OwnMethods:
    value: int

    def __eq__(self, other):
        return isinstance(other, OwnMethods) and abs(self.value - other.value) <= 1

    def __hash__(self):
        return 0

    def __repr__(self):
        return f"<{self.value}>"


def test_construction_follows_the_dataclass_signature():
    assert (Point(1).x, Point(1).y, Point(1, 2).y, Point(x=3, y=4).y) == (1, 0, 2, 4)
    with pytest.raises(TypeError):
        Point()  # x has no default
    with pytest.raises(TypeError):
        Point(1, 2, "a", 4)
    assert [field.name for field in dataclasses.fields(Point)] == ["x", "y", "label"]


def test_equality_hash_and_repr_follow_the_fields():
    assert Point(1, 2, "a") == Point(1, 2, "b")  # label: compare=False
    assert Point(1, 2) != Point(2, 1)
    assert hash(Point(1, 2, "a")) == hash(Point(1, 2, "b"))
    assert Point(1, 2) != (1, 2) and Point(1, 2).__eq__((1, 2)) is NotImplemented
    assert repr(Point(1, 2, "a")) == "Point(x=1, y=2, label='a')"
    assert Empty() == Empty() and hash(Empty()) == hash(())
    assert Single(1) == Single(1) and Single(1) != Single(2) and hash(Single(1)) == hash((1,))


def test_frozen_records_refuse_changes():
    point = Point(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.x
    slotted = SlottedPoint(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        slotted.x = 2
    assert not hasattr(slotted, "__dict__")


def test_mutable_records_change_and_have_no_hash():
    counter = Counter("a")
    counter.seen.append(1)
    counter.name = "b"
    assert counter == Counter("b", [1])
    assert Counter.__hash__ is None
    assert Counter("x").seen is not Counter("x").seen  # a fresh default for each


def test_replace_asdict_copy_and_pickle_work_as_for_a_dataclass():
    for value in (Point(1, 2, "a"), SlottedPoint(1, 2, ("t",)), Counter("a", [1])):
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.copy(value) == value and copy.deepcopy(value) == value
    assert dataclasses.replace(SlottedPoint(1, 2), y=5) == SlottedPoint(1, 5)
    assert dataclasses.asdict(Point(1, 2, "a")) == {"x": 1, "y": 2, "label": "a"}
    restored = pickle.loads(pickle.dumps(SlottedPoint(1, 2, ("t",))))
    assert (restored.x, restored.y, restored.tags) == (1, 2, ("t",))


def test_methods_the_class_writes_itself_are_kept():
    assert OwnMethods(1) == OwnMethods(2)
    assert hash(OwnMethods(5)) == 0
    assert repr(OwnMethods(3)) == "<3>"


def test_findings_cross_processes_unchanged():
    finding = Finding("SVC001", "error", "message", "a.yaml", 2, 3, "/id", source="id: x", fix="safe")
    restored = pickle.loads(pickle.dumps(finding, pickle.HIGHEST_PROTOCOL))
    assert restored == finding
    assert (restored.source, restored.fix) == ("id: x", "safe")  # compare=False fields travel too


@record(frozen=True)
class Result:
    file: str
    _: dataclasses.KW_ONLY
    context: str = ""
    registry: bool = False


def test_fields_after_kw_only_are_passed_by_name():
    assert Result("a.yaml", context="k") == Result("a.yaml", registry=False, context="k")
    with pytest.raises(TypeError):
        Result("a.yaml", "k")
    assert [field.name for field in dataclasses.fields(Result)] == ["file", "context", "registry"]


def test_what_a_record_cannot_do_is_refused_when_it_is_declared():
    with pytest.raises(TypeError, match="__post_init__"):

        @record
        class Checked:
            value: int

            def __post_init__(self):
                pass

    with pytest.raises(TypeError, match="init=False"):

        @record
        class Derived:
            value: int
            double: int = dataclasses.field(init=False, default=0)


reads: list[int] = []


def _doubled(record):
    reads.append(record.x)
    return record.x * 2


@record(frozen=True)
class WithLazy:
    x: int
    double: int = lazy(_doubled)
    label: str = dataclasses.field(default="", compare=False)


def test_a_lazy_field_is_computed_once_when_first_read():
    reads.clear()
    value = WithLazy(3)
    assert reads == [] and "double" not in vars(value)
    assert value.double == 6 and value.double == 6
    assert reads == [3]  # computed once, then kept like any other field
    given = WithLazy(3, 7)
    assert given.double == 7 and reads == [3]  # given when built: never computed
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.double = 1
    with pytest.raises(AttributeError, match="no attribute 'missing'"):
        _ = value.missing
    assert not hasattr(value, "__setstate__") or callable(value.__setstate__)


def test_a_lazy_field_is_a_field_like_the_others():
    assert [field.name for field in dataclasses.fields(WithLazy)] == ["x", "double", "label"]
    assert WithLazy(3) == WithLazy(3, 6) and WithLazy(3) != WithLazy(3, 7)
    assert hash(WithLazy(2)) == hash(WithLazy(2, 4))
    assert repr(WithLazy(1, label="a")) == "WithLazy(x=1, double=2, label='a')"
    assert dataclasses.replace(WithLazy(1), x=5) == WithLazy(5, 2)  # replace keeps the value read
    assert dataclasses.asdict(WithLazy(4)) == {"x": 4, "double": 8, "label": ""}
    unread = WithLazy(5)
    for copied in (pickle.loads(pickle.dumps(unread)), copy.copy(unread), copy.deepcopy(unread)):
        assert copied == unread and copied.double == 10


def test_a_slotted_record_refuses_lazy_fields():
    with pytest.raises(TypeError, match="lazy"):

        @record(frozen=True, slots=True)
        class Slotted:
            x: int
            double: int = lazy(_doubled)


def test_every_record_of_svcstd_says_what_it_is():
    """A class without a docstring gets one from dataclass, made with `inspect.signature`:
    0.3 ms at each start for each such record, for a text nobody reads."""
    import importlib
    import pkgutil

    import svcstd

    undocumented = []
    for module_info in pkgutil.walk_packages(svcstd.__path__, "svcstd."):
        if module_info.name.endswith("__main__"):
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if isinstance(value, type) and value.__module__ == module.__name__ and "_record_compared" in value.__dict__:
                if not value.__doc__ or value.__doc__.startswith(f"{name}("):
                    undocumented.append(f"{module.__name__}.{name}")
    assert undocumented == []
