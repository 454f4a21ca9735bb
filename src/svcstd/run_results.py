"""A run's per-file results, as the main process keeps them from the check to the report.

A large run is nearly all clean definitions, and it keeps what each one's cross-file
checks need (`engine.CleanResult`: its id, office references, responsible office, data
flows and registry context) until its report. Kept as one tuple a file, with its id as a
string of its own, that was about 210 bytes a clean file, so that the run's memory grew
with the size of the repository. Here a clean file is a row of columns:

- its id, by its file's name: when the id ends with its file's stem
  (`housing/001/presale-permit-009080.yaml`, `hz.hs.presale-permit-009080`), only what
  comes before (`hz.hs.`, which the ids of one office share) and a bit that says so, as
  the name has the rest; what comes before is part of the row's settings (below) while
  a run has few of them, else it is kept as text, as an id that is not kept by its stem
  is, in a column of the rows that have one (`name_column.NameColumn`). An id was about
  35 bytes of a clean file;
- its office references and data flows, as numbers in one column of small numbers
  (`_elements`): each distinct reference (an office at a place) and each distinct data
  flow is kept once, in the run's table of values, and numbered. Two definitions rarely
  name the same offices at the same places, so that a tuple of a file's references,
  shared between the files that repeat it, was still a new tuple (and two dictionary
  entries) for one clean file in three: about 70 bytes a clean file. A reference costs
  two bytes here;
- one number for its settings: its responsible office, its registry context and its
  id's head, together;
- its id's hash, in 32 bits: the search for repeated ids reads these, and the ids of
  only the few rows whose hashes meet;
- its name: none when the run's names are kept by column (`name_column`, a
  whole-repository run), else the target's own string, which discovery holds anyway.

A row reads back as the `CleanResult` it was made from, made anew each time it is read
(its references and flows are the table's shared ones, in new tuples): whoever walks the
results must not keep every row it reads (the cross-file pass keeps positions instead:
`repository.CheckedDefinitions`). Any other result (findings, suppressions, a registry, a
cached `FileResult`) is kept whole, in its row's place.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial

from .engine import CleanResult, shared_parts
from .name_column import NameColumn, NamesAt, ReadByPosition

# A clean row's run of `_elements` begins with a header: 1 + its number of references, or
# this for a result checked without a summary.
_NO_SUMMARY = 0
_SMALL = 0xFFFF  # the largest number of a column of "H"; then it widens to "I"


class RunResults(ReadByPosition):
    """The results of a run, in the targets' order (see the module's docstring)."""

    __slots__ = (
        "_bounds", "_by_stem", "_elements", "_id_hashes", "_id_rows", "_ids", "_no_id", "_own_names",
        "_settings", "_settings_made", "_value_numbers", "_values", "_whole", "names", "shared",
    )

    def __init__(self, results: Iterable = (), *, names: Sequence[str] | None = None, shared: dict | None = None):
        # `names`: the name of each row, by position, when the rows come in the order
        # of a sequence of names already kept (`discovery.NamedTargets`): a clean row then
        # keeps no name of its own.
        self.names = names
        self._own_names: list | None = [] if names is None else None  # else each row's name (None: whole)
        self._whole: dict[int, object] = {}  # position → a result kept whole
        # The text of the ids not kept in their rows' settings, and the row of each (ascending).
        self._ids = NameColumn()
        self._id_rows = array("I")
        # Bit i: row i's id is its head (in its settings, else in `_ids`) and its file's stem.
        self._by_stem = bytearray()
        self._no_id: dict[int, str | None] = {}  # clean rows whose id is None or "" (rare): which
        # Each clean row's `id_hash` (0 for the others): the search for ids met twice reads
        # these, and only the few ids whose hash is met twice.
        self._id_hashes = array("I")
        # Row i's header, references and flows are `_elements[_bounds[i]:_bounds[i + 1]]`.
        self._elements = array("H")
        self._bounds = array("I", (0,))
        # Each row's (responsible office, context, id's head or None), as a number; and how
        # many such were made, so that heads that do not recur are not made settings.
        self._settings = array("H")
        self._settings_made = 0
        self._values: list = [None]
        # Each value's number. By equality: a worker's results arrive as its own copies.
        self._value_numbers: dict | None = {}
        # The run's shared strings and tuples (`engine.shared_parts`): a new reference or
        # flow is kept made of them.
        self.shared: dict | None = {} if shared is None else shared
        self.extend(results)

    # -- filling --------------------------------------------------------------------

    def append(self, result) -> None:
        if self._value_numbers is None:
            raise RuntimeError("RunResults.done() was called: no more rows")
        # (A clean result whose name is not a string could not be told from a whole one.)
        if result.__class__ is CleanResult and isinstance(result[4], str):
            try:
                return self._append_clean(*result)
            except TypeError:
                pass  # a value that cannot be numbered (not hashable): kept whole
        position = self._start_row()
        self._whole[position] = result
        self._id_hashes.append(0)
        self._settings.append(0)
        self._bounds.append(len(self._elements))
        if self._own_names is not None:
            self._own_names.append(None)

    def _append_clean(self, service_id, refs, responsible, flows, name, context) -> None:
        number = self._number
        head = text = None  # the id's head, when kept by its stem; else its text, if any
        if service_id:
            stem = _stem(name)
            if stem and service_id.endswith(stem):
                head = service_id[:-len(stem)]
            else:
                text = service_id
        settings = (responsible, context, head)
        if head is not None and settings not in self._value_numbers and not self._room_for_settings():
            settings, text = (responsible, context, None), head
        # (Numbered first: a value that cannot be refuses the row before any column grows.)
        made = len(self._values)
        setting = number(settings)
        self._settings_made += len(self._values) - made
        if refs is None:
            run = (_NO_SUMMARY,)
        else:
            run = (len(refs) + 1, *map(number, refs), *map(number, flows or ()))
        if len(self._values) > _SMALL or run[0] > _SMALL:
            self._elements = _wide(self._elements)
            self._settings = _wide(self._settings)
        position = self._start_row()
        if not service_id:
            self._no_id[position] = service_id
            self._id_hashes.append(0)
        else:
            self._id_hashes.append(id_hash(service_id))
            if head is not None:
                self._by_stem[position >> 3] |= 1 << (position & 7)  # (`_kept_by_stem`)
            if text is not None:
                self._ids.append(text)
                self._id_rows.append(position)
        self._settings.append(setting)
        self._elements.extend(run)
        self._bounds.append(len(self._elements))
        if self._own_names is not None:
            self._own_names.append(name)

    def _start_row(self) -> int:
        """The position of the row about to be added, with room for its bit in `_by_stem`."""
        position = len(self._bounds) - 1
        if not position & 7:
            self._by_stem.append(0)
        return position

    def _kept_by_stem(self, position: int) -> int:
        """1 when the row's id is its head and its file's stem, else 0."""
        return self._by_stem[position >> 3] >> (position & 7) & 1

    def _room_for_settings(self) -> bool:
        """Whether a new setting may be made for an id's head: a few hundred, and one for
        16 rows beyond (heads that do not recur go to `_ids`, a setting costing far more)."""
        return self._settings_made < 256 + (len(self._bounds) >> 4)

    def extend(self, results: Iterable) -> None:
        append = self.append
        for result in results:
            append(result)

    def _number(self, value) -> int:
        numbers, values = self._value_numbers, self._values
        known = numbers.get(value)
        # A tuple equals a named tuple of the same values: never one for the other.
        if known is not None and values[known].__class__ is value.__class__:
            return known
        # Keyed by the copy kept: the one given may hold strings of its own.
        kept = shared_parts(value, self.shared)
        known = len(values)
        values.append(kept)
        numbers.setdefault(kept, known)
        return known

    def done(self) -> RunResults:
        """No more rows: the table from each value to its number goes (a dict entry a
        distinct value, which the rows no longer need), and the shared copies' too."""
        self._value_numbers = None
        self.shared = None
        return self

    # -- reading ------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._bounds) - 1

    def _item(self, position: int):
        # (Not through `rows_at`: its readers would be made for one row; the passes ask
        # for a few thousand rows one at a time.)
        row = self._whole.get(position)
        if row is not None:
            return row
        refs, responsible, flows = self.parts_of(position)
        name = (self.names if self._own_names is None else self._own_names)[position]
        service_id = None if refs is None else self._clean_id(position, name, self._id_text)
        context = self._values[self._settings[position]][1]
        return tuple.__new__(CleanResult, (service_id, refs, responsible, flows, name, context))

    def __iter__(self) -> Iterator:
        return self.rows_at(range(len(self)))

    def rows_at(self, positions: Iterable[int]) -> Iterator:
        """The results at `positions`, in that order: what `self[position]` gives, made
        here in one loop (a pass over a large run's rows makes one each)."""
        whole, name_of, read_id, clean_id = self._whole, self._clean_names(), self._id_text_reader(), self._clean_id
        parts_of, settings, values = self.parts_of, self._settings, self._values
        new, clean_class = tuple.__new__, CleanResult
        for position in positions:
            row = whole.get(position)
            if row is not None:
                yield row
                continue
            refs, responsible, flows = parts_of(position)
            name = name_of(position)
            service_id = None if refs is None else clean_id(position, name, read_id)
            yield new(clean_class, (service_id, refs, responsible, flows, name, values[settings[position]][1]))

    def _clean_id(self, position: int, name: str, read_text: Callable[[int], str]) -> str | None:
        """A clean row's id, given its name and a reader of its text in `_ids`
        (`_id_text_reader`)."""
        no_id = self._no_id
        if no_id and position in no_id:
            return no_id[position]
        head = self._values[self._settings[position]][2]
        if head is None:
            head = read_text(position)
        if self._kept_by_stem(position):
            return head + _stem(name)
        return head

    def _id_text(self, position: int) -> str:
        """The text of a row's id in `_ids` (there: not checked)."""
        return self._ids.name(bisect_left(self._id_rows, position))

    def _id_text_reader(self) -> Callable[[int], str]:
        """`_id_text`, for a pass that reads many rows nearly in order."""
        read, rows = self._ids.reader(), self._id_rows
        return lambda position: read(bisect_left(rows, position))

    def clean_with_summary(self, position: int) -> bool:
        """Whether the row is a clean result with a summary (what the cross-file pass
        reads of most definitions), without making it."""
        return position not in self._whole and self._elements[self._bounds[position]] != _NO_SUMMARY

    def id_of(self, position: int) -> str | None:
        """The row's service id (its summary's), without making its result."""
        row = self._whole.get(position)
        if row is not None:
            return getattr(row.summary, "id", None)
        return self._clean_id(position, self.name_of(position), self._id_text)

    def id_reader(self) -> Callable[[int], str | None]:
        """`id_of`, for a pass that reads many rows' ids nearly in order."""
        read = self.id_and_name_reader()
        return lambda position: read(position)[0]

    def id_hash(self, position: int) -> int | None:
        """`id_hash` of the row's id (None without one), without reading the id."""
        row = self._whole.get(position)
        if row is not None:
            return hash_of_id(getattr(row.summary, "id", None))
        return None if position in self._no_id else self._id_hashes[position]

    def id_and_name_reader(self) -> Callable[[int], tuple[str | None, str]]:
        """(`id_of`, `name_of`) of a row, for a pass that reads many nearly in order: the
        name is read once for both."""
        whole, read, name_of, clean_id = self._whole, self._id_text_reader(), self._clean_names(), self._clean_id

        def id_and_name(position: int) -> tuple[str | None, str]:
            row = whole.get(position)
            if row is not None:
                return getattr(row.summary, "id", None), row.file
            name = name_of(position)
            return clean_id(position, name, read), name

        return id_and_name

    def _clean_names(self) -> Callable[[int], str]:
        """A clean row's name, by position, read in order (a whole row's is its own)."""
        if self._own_names is not None:
            return self._own_names.__getitem__
        names = self.names
        return names.reader() if hasattr(names, "reader") else names.__getitem__

    def parts_of(self, position: int, *, refs: bool | str = True, flows: bool = True) -> tuple:
        """The row's (office references, responsible office, data flows), without making
        its result. Without `refs` or `flows`, a clean row gives None for them: a pass
        that does not read them spares making a tuple of each (the cross-file passes read
        every row, each of three passes some of its parts). With `refs="codes"`, a clean
        row's references are their numbers in the run's table (`reference`): a pass that
        judges each distinct reference once need not make them (a whole row's are its
        own, as always)."""
        row = self._whole.get(position)
        if row is not None:
            summary = row.summary
            return summary.office_refs, summary.responsible, summary.flows
        elements, bounds, responsible = self._elements, self._bounds, self._values[self._settings[position]][0]
        start, stop = bounds[position], bounds[position + 1]
        header = elements[start]
        if header == _NO_SUMMARY:
            return None, responsible, None
        get, refs_stop = self._values.__getitem__, start + header
        if refs == "codes":
            office_refs = elements[start + 1:refs_stop]
        elif refs:
            office_refs = tuple(map(get, elements[start + 1:refs_stop])) if header > 1 else ()
        else:
            office_refs = None
        return office_refs, responsible, ((tuple(map(get, elements[refs_stop:stop])) if stop > refs_stop else ()) if flows else None)

    def reference(self, code: int):
        """The office reference (`repository.OfficeRef`) numbered `code` (`parts_of`)."""
        return self._values[code]

    def parts_reader(self, *, refs: bool | str = True, flows: bool = True) -> Callable[[int], tuple]:
        """`parts_of` with these `refs` and `flows`, for a pass that reads many rows."""
        return self.parts_of if refs is True and flows else partial(self.parts_of, refs=refs, flows=flows)

    def name_of(self, position: int) -> str:
        """The name of the row's file, as reported, without making its result."""
        row = self._whole.get(position)
        if row is not None:
            return row.file
        return (self.names if self._own_names is None else self._own_names)[position]

    def name_reader(self) -> Callable[[int], str]:
        """`name_of`, for a pass that reads many rows' names nearly in order (see
        `name_column.NameColumn.reader`)."""
        if self._own_names is not None or not hasattr(self.names, "reader"):
            return self.name_of
        whole, read = self._whole, self._clean_names()

        def name_of(position: int) -> str:
            row = whole.get(position)
            return read(position) if row is None else row.file

        return name_of

    def is_clean(self, position: int) -> bool:
        return position not in self._whole

    def whole(self) -> Iterator[tuple[int, object]]:
        """(position, result) of each result kept whole: those with findings, suppressions,
        registries, cached ones; what the policy and the notes look at."""
        return iter(self._whole.items())  # (added in order of position)

    def all_names(self) -> Sequence[str]:
        """Each row's name, in order: `names` itself when every row's name is there."""
        if self.names is not None and all(row.file == self.names[at] for at, row in self.whole()):
            return self.names
        return [self.name_of(position) for position in range(len(self))]

    def keeping(self, positions: Sequence[int]) -> RunResults:
        """The rows at `positions` (ascending), as results of their own; no row is made.
        Their names, when `names` has them, are `names` at those positions (`NamesAt`)."""
        kept = RunResults(names=None if self.names is None else NamesAt(self.names, positions))
        kept._values = self._values
        kept._value_numbers = kept.shared = None  # (as `done`: no row is added)
        kept._elements = array(self._elements.typecode)
        kept._settings = array(self._settings.typecode)
        whole, bounds, elements = self._whole, self._bounds, self._elements
        id_rows, read_text = self._id_rows, self._ids.reader()
        for position in positions:
            at = kept._start_row()
            kept._by_stem[at >> 3] |= self._kept_by_stem(position) << (at & 7)
            row = whole.get(position)
            if row is not None:
                kept._whole[at] = row
            else:
                if position in self._no_id:
                    kept._no_id[at] = self._no_id[position]
                entry = bisect_left(id_rows, position)
                if entry < len(id_rows) and id_rows[entry] == position:
                    kept._ids.append(read_text(entry))
                    kept._id_rows.append(at)
                kept._elements.extend(elements[bounds[position]:bounds[position + 1]])
            kept._id_hashes.append(self._id_hashes[position])
            kept._settings.append(self._settings[position])
            kept._bounds.append(len(kept._elements))
            if kept._own_names is not None:
                kept._own_names.append(self._own_names[position])
        return kept


def id_hash(service_id: str) -> int:
    """A service id's hash, as a row keeps it (this process's `hash`, in 32 bits)."""
    return hash(service_id) & 0xFFFFFFFF


def hash_of_id(service_id: str | None) -> int | None:
    """`id_hash` of a definition's id; None without one (None or empty)."""
    return id_hash(service_id) if service_id else None


def _stem(name: str) -> str:
    """A file's name without its folder and extension: `housing/presale-permit.yaml` →
    `presale-permit` (the same for the name a row is added and read by)."""
    base = name[name.rfind("/") + 1:]
    dot = base.rfind(".")
    return base[:dot] if dot > 0 else base


def _wide(numbers: array) -> array:
    """`numbers` as a column of "I" (4 bytes a number), when it is not already."""
    return numbers if numbers.typecode == "I" else array("I", numbers)


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
