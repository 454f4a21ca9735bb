"""A run's per-file results, as the main process keeps them from the check to the report.

A large run is nearly all clean definitions, and it keeps what each one's cross-file
checks need (`engine.CleanResult`: its id, office references, responsible office, data
flows and registry context) until its report. Kept as one tuple a file, with its id as a
string of its own, that was about 210 bytes a clean file, so that the run's memory grew
with the size of the repository. Here a clean file is a row of columns: its id's UTF-8
bytes in one shared block, four small numbers naming its references, responsible office,
data flows and context in a table of the run's distinct values (which
`engine.shared_clean` already makes one object each), and its name: none when the run's
names are kept by column (`name_column`, a whole-repository run), else the target's own
string, which discovery holds anyway. About 40 bytes a clean file besides its name.

A row reads back as the `CleanResult` it was made from, made anew each time it is read:
whoever walks the results must not keep every row it reads (the cross-file pass keeps
positions instead: `repository.CheckedDefinitions`). Any other result (findings,
suppressions, a registry, a cached `FileResult`) is kept whole, in its row's place.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence

from .engine import CleanResult
from .name_column import NamesAt, ReadByPosition

_PARTS = 4  # references, responsible office, data flows, context
_UNSET = 0  # the values table's first entry: None


class RunResults(ReadByPosition):
    """The results of a run, in the targets' order (see the module's docstring)."""

    __slots__ = ("_id_bounds", "_id_bytes", "_no_id", "_parts", "_rows", "_value_numbers", "_values", "names")

    def __init__(self, results: Iterable = (), *, names: Sequence[str] | None = None):
        # `names`: the name of each row, by position, when the rows come in the order
        # of a sequence of names already kept (`discovery.NamedTargets`): a clean row then
        # keeps no name of its own.
        self.names = names
        # A clean row's name (a `str`), or None when `names` has it; a whole result.
        self._rows: list = []
        self._id_bytes = bytearray()
        # Row i's id is `_id_bytes[_id_bounds[i]:_id_bounds[i + 1]]`.
        self._id_bounds = array("I", (0,))
        self._no_id: set[int] = set()  # clean rows whose summary has no id (rare)
        self._parts = array("I")
        self._values: list = [None]
        # By identity: the values are the run's shared copies, one object for equal ones
        # (a value met twice as two objects costs one more entry, not a wrong answer).
        self._value_numbers: dict[int, int] | None = {id(None): _UNSET}
        self.extend(results)

    # -- filling --------------------------------------------------------------------

    def append(self, result) -> None:
        rows = self._rows
        # (A clean result whose name is not a string could not be told from a whole one.)
        if result.__class__ is not CleanResult or not isinstance(result[4], str):
            rows.append(result)
            self._id_bounds.append(len(self._id_bytes))
            self._parts.extend((_UNSET, _UNSET, _UNSET, _UNSET))
            return
        service_id, refs, responsible, flows, name, context = result
        number = self._number  # (first: after `done` it refuses, before any column grows)
        numbers = (number(refs), number(responsible), number(flows), number(context))
        if service_id is None:
            self._no_id.add(len(rows))
        else:
            self._id_bytes += service_id.encode("utf-8", "surrogatepass")
        rows.append(None if self.names is not None else name)
        self._id_bounds.append(len(self._id_bytes))
        self._parts.extend(numbers)

    def extend(self, results: Iterable) -> None:
        append = self.append
        for result in results:
            append(result)

    def _number(self, value) -> int:
        numbers = self._value_numbers
        if numbers is None:
            raise RuntimeError("RunResults.done() was called: no more rows")
        known = numbers.get(id(value))
        if known is None:
            known = numbers[id(value)] = len(self._values)
            self._values.append(value)
        return known

    def done(self) -> RunResults:
        """No more rows: the table from each value to its number goes (a dict entry a
        distinct value, which the rows no longer need)."""
        self._value_numbers = None
        return self

    # -- reading ------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._rows)

    def _item(self, position: int):
        return next(self.rows_at((position,)))

    def __iter__(self) -> Iterator:
        return self.rows_at(range(len(self._rows)))

    def rows_at(self, positions: Iterable[int]) -> Iterator:
        """The results at `positions`, in that order: what `self[position]` gives, made
        here in one loop (a pass over a large run's rows makes one each)."""
        rows, bounds, blob, parts, values, no_id = self._rows, self._id_bounds, self._id_bytes, self._parts, self._values, self._no_id
        new, clean_class, names = tuple.__new__, CleanResult, self.names
        for position in positions:
            row = rows[position]
            if row is None:
                row = names[position]
            elif row.__class__ is not str and not isinstance(row, str):
                yield row
                continue
            at = position << 2
            yield new(clean_class, (
                None if no_id and position in no_id else blob[bounds[position]:bounds[position + 1]].decode("utf-8", "surrogatepass"),
                values[parts[at]], values[parts[at + 1]], values[parts[at + 2]], row, values[parts[at + 3]],
            ))

    def clean_with_summary(self, position: int) -> bool:
        """Whether the row is a clean result with a summary (what the cross-file pass
        reads of most definitions), without making it."""
        row = self._rows[position]
        return (row is None or isinstance(row, str)) and self._parts[position << 2] != _UNSET

    def id_of(self, position: int) -> str | None:
        """The row's service id (its summary's), without making its result."""
        row = self._rows[position]
        if row is not None and not isinstance(row, str):
            summary = row.summary
            return getattr(summary, "id", None)
        if position in self._no_id:
            return None
        bounds = self._id_bounds
        return self._id_bytes[bounds[position]:bounds[position + 1]].decode("utf-8", "surrogatepass")

    def parts_of(self, position: int) -> tuple[tuple, str | None, tuple]:
        """The row's (office references, responsible office, data flows), without making
        its result."""
        row = self._rows[position]
        if row is not None and not isinstance(row, str):
            summary = row.summary
            return summary.office_refs, summary.responsible, summary.flows
        at, parts, values = position << 2, self._parts, self._values
        return values[parts[at]], values[parts[at + 1]], values[parts[at + 2]]

    def name_of(self, position: int) -> str:
        """The name of the row's file, as reported, without making its result."""
        row = self._rows[position]
        if row is None:
            return self.names[position]
        return row if isinstance(row, str) else row.file

    def name_reader(self) -> Callable[[int], str]:
        """`name_of`, for a pass that reads many rows' names nearly in order (see
        `name_column.NameColumn.reader`)."""
        names = self.names
        if names is None or not hasattr(names, "reader"):
            return self.name_of
        rows, read = self._rows, names.reader()

        def name_of(position: int) -> str:
            row = rows[position]
            if row is None:
                return read(position)
            return row if isinstance(row, str) else row.file

        return name_of

    def is_clean(self, position: int) -> bool:
        row = self._rows[position]
        return row is None or isinstance(row, str)

    def whole(self) -> Iterator[tuple[int, object]]:
        """(position, result) of each result kept whole: those with findings, suppressions,
        registries, cached ones; what the policy and the notes look at."""
        for position, row in enumerate(self._rows):
            if row is not None and not isinstance(row, str):
                yield position, row

    def all_names(self) -> Sequence[str]:
        """Each row's name, in order: `names` itself when every row's name is there."""
        if self.names is not None and all(row.file == self.names[at] for at, row in self.whole()):
            return self.names
        return [self.name_of(position) for position in range(len(self._rows))]

    def keeping(self, positions: Sequence[int]) -> RunResults:
        """The rows at `positions` (ascending), as results of their own; no row is made.
        Their names, when `names` has them, are `names` at those positions (`NamesAt`)."""
        kept = RunResults(names=None if self.names is None else NamesAt(self.names, positions))
        kept._values = self._values
        kept._value_numbers = None
        kept._no_id = set()
        bounds, id_bytes, parts = self._id_bounds, self._id_bytes, self._parts
        for position in positions:
            row = self._rows[position]
            if row is None or isinstance(row, str):
                if position in self._no_id:
                    kept._no_id.add(len(kept._rows))
                kept._id_bytes += id_bytes[bounds[position]:bounds[position + 1]]
                at = position * _PARTS
                kept._parts.extend(parts[at:at + _PARTS])
            else:
                kept._parts.extend((_UNSET, _UNSET, _UNSET, _UNSET))
            kept._rows.append(row)
            kept._id_bounds.append(len(kept._id_bytes))
        return kept


def as_run_results(results: Iterable) -> RunResults:
    """`results` as a `RunResults` (itself when it is one)."""
    if isinstance(results, RunResults):
        return results
    return RunResults(results).done()


def whole_rows(results: Sequence) -> Iterator[tuple[int, object]]:
    """(position, result) of each result that may carry findings, suppressions or a note:
    all of a plain list's, a `RunResults`' whole ones (a clean row carries none)."""
    return results.whole() if isinstance(results, RunResults) else enumerate(results)


def names_of(results: Sequence) -> Sequence[str]:
    """Each result's name, in order, without making the rows of a `RunResults`."""
    return results.all_names() if isinstance(results, RunResults) else [result.file for result in results]
