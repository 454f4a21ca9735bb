"""Names kept by column: the file names of a large run as one block of text.

A run of a whole repository holds every file's name from its discovery to its report. As
a `discovery.WalkedName` a name was 149 bytes in two blocks (a subclass of `str` keeps
its characters apart), and a plain string is about 75. Here a name is its UTF-8 bytes in
one shared block and the offset after it: about 40 bytes for the benchmark's names. A
name is made again, as a new string, each time it is read; whoever reads them all must
not keep them all.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice, pairwise


def _decode(raw) -> str:
    # A name the system could not decode holds lone surrogates (`os.fsdecode`): kept as is.
    return raw.decode("utf-8", "surrogatepass")


class _ComparedAsTuple(Sequence):
    """Equal to any sequence of the same names (a report's `files` was a tuple)."""

    __slots__ = ()

    def __eq__(self, other) -> bool:
        if isinstance(other, str) or not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(mine == theirs for mine, theirs in zip(self, other))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"

    def is_sorted(self) -> bool:
        """Whether each name sorts before the next (read one at a time, none kept)."""
        return all(earlier < later for earlier, later in pairwise(self))


class NameColumn(_ComparedAsTuple):
    """Names, in the order they were added. `ordered`: said by whoever added them sorted
    and each once (`discovery.NamedTargets`), so that a reader need not check."""

    __slots__ = ("_bounds", "_text", "ordered")

    def __init__(self, names: Iterable[str] = (), *, ordered: bool = False):
        self.ordered = ordered
        self._text = bytearray()
        self._bounds = array("I", (0,))  # name i is _text[_bounds[i]:_bounds[i + 1]]
        for name in names:
            self.append(name)

    def append(self, name: str) -> None:
        self._text += name.encode("utf-8", "surrogatepass")
        self._bounds.append(len(self._text))

    def __len__(self) -> int:
        return len(self._bounds) - 1

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        count = len(self._bounds) - 1
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError("name index out of range")
        return self.name(index)

    def name(self, index: int) -> str:
        """The name at `index` (0 to len - 1: not checked)."""
        bounds = self._bounds
        return self._text[bounds[index]:bounds[index + 1]].decode("utf-8", "surrogatepass")  # as `_decode`

    def __iter__(self) -> Iterator[str]:
        text, bounds = self._text, self._bounds
        for start, end in zip(bounds, islice(bounds, 1, None)):
            yield _decode(text[start:end])


class NamesAt(_ComparedAsTuple):
    """The names of `names` at `positions` (an array of indices), in that order."""

    __slots__ = ("_names", "_positions")

    def __init__(self, names: Sequence[str], positions: array):
        self._names = names
        self._positions = positions

    @property
    def ordered(self) -> bool:
        """As `NameColumn.ordered`: ordered names at ascending positions."""
        return getattr(self._names, "ordered", False) and all(a < b for a, b in pairwise(self._positions))

    def __len__(self) -> int:
        return len(self._positions)

    def __getitem__(self, index):
        if index.__class__ is not int:
            return [self[i] for i in range(*index.indices(len(self)))]
        names, at = self._names, self._positions[index]
        if names.__class__ is NameColumn:
            # Read here, not through the column's methods: this is most reads of a large
            # run's names, and each call was a third of their time.
            bounds = names._bounds
            return names._text[bounds[at]:bounds[at + 1]].decode("utf-8", "surrogatepass")
        return names[at]

    def __iter__(self) -> Iterator[str]:
        return map(self._names.__getitem__, self._positions)
