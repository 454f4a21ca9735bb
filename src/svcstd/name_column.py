"""Names kept by column: the file names of a large run as one block of text.

A run of a whole repository holds every file's name from its discovery to its report. As
a `discovery.WalkedName` a name was 149 bytes in two blocks (a subclass of `str` keeps
its characters apart), and a plain string is about 75. Here names are UTF-8 bytes in one
shared block, in blocks of 16: the first name of a block whole, each other one as the
bytes it adds to what every name of its block shares with the first. A repository's
names, sorted, mostly share their folder and most of their file name with the names
beside them (`housing/001/presale-permit-009080.yaml`, `...009108.yaml`): a name is then
about 10 bytes of text and 4 of offset, where it was 40 whole. A name is made
again, as a new string, each time it is read: whoever reads them all must not keep them
all.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import pairwise


def _decode(raw) -> str:
    # A name the system could not decode holds lone surrogates (`os.fsdecode`): kept as is.
    return raw.decode("utf-8", "surrogatepass")


class ReadByPosition(Sequence):
    """A sequence whose items are made when read (`_item`, given an index in range): a
    slice, a negative index and the bounds are handled here, once for every such column."""

    __slots__ = ()

    def __getitem__(self, index):
        count = len(self)
        if isinstance(index, slice):
            return [self._item(i) for i in range(*index.indices(count))]
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError(f"{type(self).__name__} index out of range")
        return self._item(index)

    def _item(self, index: int):
        raise NotImplementedError


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


_BLOCK = 16  # names a block: the first kept whole, the others by what they add to it


def _shared_length(head: bytes, raw: bytes) -> int:
    """How many leading bytes `raw` shares with `head`, by one comparison of two numbers
    rather than a loop over bytes: the first byte that differs is the highest one set in
    their exclusive or."""
    length = min(len(head), len(raw))
    differ = int.from_bytes(head[:length], "big") ^ int.from_bytes(raw[:length], "big")
    return length - (differ.bit_length() + 7) // 8


class NameColumn(ReadByPosition, _ComparedAsTuple):
    """Names, in the order they were added. `ordered`: said by whoever added them sorted
    and each once (`discovery.NamedTargets`), so that a reader need not check."""

    __slots__ = ("_block", "_block_prefix", "_bounds", "_shared", "_text", "ordered")

    def __init__(self, names: Iterable[str] = (), *, ordered: bool = False):
        self.ordered = ordered
        self._text = bytearray()
        # Entry i is `_text[_bounds[i]:_bounds[i + 1]]`: the name itself when i begins a
        # block, else what it adds to the first `_shared[block]` bytes of that name.
        self._bounds = array("I", (0,))
        self._shared = array("I")
        # The last block's names, encoded, until it is full: only then is it known how
        # much all of them share with its first.
        self._block: list[bytes] = []
        self._block_prefix = b""  # what its names share so far
        for name in names:
            self.append(name)

    def append(self, name: str) -> None:
        raw = name.encode("utf-8", "surrogatepass")
        block = self._block
        if not block:
            self._block_prefix = raw
        elif not raw.startswith(self._block_prefix):
            prefix = self._block_prefix
            self._block_prefix = prefix[:_shared_length(prefix, raw)]
        block.append(raw)
        if len(block) == _BLOCK:
            self._seal()

    def _seal(self) -> None:
        block, text, bounds = self._block, self._text, self._bounds
        shared = len(self._block_prefix)
        text += block[0]
        bounds.append(len(text))
        for raw in block[1:]:
            text += memoryview(raw)[shared:]
            bounds.append(len(text))
        self._shared.append(shared)
        block.clear()

    def __len__(self) -> int:
        return len(self._bounds) - 1 + len(self._block)

    def _item(self, index: int) -> str:
        return self.name(index)

    def name(self, index: int) -> str:
        """The name at `index` (0 to len - 1: not checked)."""
        bounds, text = self._bounds, self._text
        if index >= len(bounds) - 1:
            return _decode(self._block[index - len(bounds) + 1])
        start = bounds[index]
        block, place = divmod(index, _BLOCK)
        if not place:
            return _decode(text[start:bounds[index + 1]])
        head_start = bounds[index - place]
        return _decode(text[head_start:head_start + self._shared[block]] + text[start:bounds[index + 1]])

    def reader(self, positions: Sequence[int] | None = None) -> Callable[[int], str]:
        """`name`, for a pass that reads many names nearly in order (a large run's, a few
        skipped): a block's shared bytes are cut once for the names read in a row from it.
        With `positions`, the name at `positions[index]` (`NamesAt`)."""
        text, bounds, shared, sealed, pending = self._text, self._bounds, self._shared, len(self._bounds) - 1, self._block
        block_now, prefix = -1, b""

        def name(index: int) -> str:
            nonlocal block_now, prefix
            if positions is not None:
                index = positions[index]
            if index >= sealed:
                return pending[index - sealed].decode("utf-8", "surrogatepass")  # (as `_decode`, here and below)
            block, place = divmod(index, _BLOCK)
            if not place:
                return text[bounds[index]:bounds[index + 1]].decode("utf-8", "surrogatepass")
            if block != block_now:
                head_start = bounds[index - place]
                prefix, block_now = text[head_start:head_start + shared[block]], block
            return (prefix + text[bounds[index]:bounds[index + 1]]).decode("utf-8", "surrogatepass")

        return name

    def __iter__(self) -> Iterator[str]:
        return map(self.reader(), range(len(self)))


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
            return names.name(at)  # (the position is the column's own: not checked again)
        return names[at]

    def __iter__(self) -> Iterator[str]:
        return map(self.reader(), range(len(self._positions)))

    def reader(self) -> Callable[[int], str]:
        """As `NameColumn.reader`: this sequence's name at an index."""
        names, positions = self._names, self._positions
        if names.__class__ is NameColumn:
            return names.reader(positions)
        return lambda index: names[positions[index]]
