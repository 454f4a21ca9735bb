"""Checks across files: the offices registry, unique service ids, credit codes, group
offices and jurisdictions (SVC6xx).

The per-file pass calls `summarize` on each definition: a small picklable record of its id
and its office references (with their JSON pointers, no positions), so that the cross-file
pass, run once after every file, never needs the documents themselves. The few files that
get a cross-file finding are read again then, for its line and column (`_Sources`). `registry_findings` checks the
registry file when it is among the files checked.

Which registry a definition is resolved against: the `offices` path of the configuration
(relative to the configuration's folder) when set; otherwise the nearest `offices.yaml`
(or `offices.yml`) in the definition's folder or a folder above it, up to the repository
root (the git work tree's top, else the configuration's folder). The registry is read
even when it is not among the files checked, so that pre-commit, which passes only the
changed definitions, still resolves their references. Any file named `offices.yaml` /
`offices.yml` is read as a registry, never as a definition, unless `offices` names
another file.

A registry among the files checked is a change to every definition that resolves
against it: those definitions ("dependants", found by walking the registry's folder with
the same rules) have their office references checked against the registry as it is now,
even when they are not among the files checked, so that removing an office in a commit
that touches only `offices.yaml` fails like a full run. This works from each dependant's
summary (its references): from the cache when the file is unchanged,
else by loading it, never by running every rule again. Their findings are reported
under their own file names (and their inline suppressions apply); they are not counted
as checked.

Unique ids: every definition checked is compared with every other definition checked
and with the other definitions of its repository (the registry's folder, or the
repository root without a registry) discovered with the same rules (excludes, git
ignores). Those others are not loaded in full: only their top-level `svcstd` and `id`
are read (`loading.peek_top_level`), which stops parsing at the `id` line. A duplicate is
reported on the later of two checked files; a checked file whose id is also used by a
file outside the run is reported even when it sorts first, because the other file is
not being checked and the clash must not pass unnoticed.
"""

from __future__ import annotations

import bisect
import difflib
import os
import re
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields, replace
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from .catalogue import declare, default_severity, message, rule
from .config import Config
from .findings import WARNING, Finding, pointer_segments
from .load import (
    Document,
    decode,
    json_pointer,
    peek_top_level,
    read_file,
    split_lines,
)
from .name_column import ReadByPosition
from .records import record

REGISTRY_NAMES = ("offices.yaml", "offices.yml")
# How standard input is reported when `--stdin-filename` does not name it.
STDIN_NAME = "<stdin>"
FAMILY = "repository"

# GB 32100-2015 unified social credit code.
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_INDEX = {c: i for i, c in enumerate(CREDIT_ALPHABET)}
CREDIT_CODE_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")

declare(
    "SVC601", "unknown-office", "error",
    "An office reference names an office that is not in the offices registry.",
    "The responsible office (实施主体), every office that acts in a step and every office "
    "that receives personal data must be a known, registered body: a reference that "
    "resolves to nothing leaves the applicant without a competent authority and the data "
    "without an accountable recipient. It is almost always a typo or an office not yet "
    "added to the registry.",
    bad="# file: offices.yaml\nsvcstd: \"1\"\noffices:\n  - {id: bj-psb-household, name: 北京市公安局人口管理总队}\n"
    "  - {id: test-office, name: 测试局}\n# file: services/residence-permit.yaml\n"
    "responsible_office: {ref: bj-psb-houshold}\n",
    good="# file: offices.yaml\nsvcstd: \"1\"\noffices:\n  - {id: bj-psb-household, name: 北京市公安局人口管理总队}\n"
    "  - {id: test-office, name: 测试局}\n# file: services/residence-permit.yaml\n"
    "responsible_office: {ref: bj-psb-household}\n",
    messages={
        "unknown": "Office `{ref}` is not in the offices registry {registry}.{suggestion} "
        "Correct the reference, or add the office to the registry.",
        "did_you_mean": " Did you mean `{candidate}`?",
        "named": "Office `{ref}` is written by its name; a reference names the office by its "
        "registry id. Write `ref: {candidate}` (the id of {ref} in {registry}).",
        "no_registry": "No offices registry found: there is no offices.yaml in the "
        "definitions' folders nor in the folders above them up to the repository root "
        "{root}, so office references were not checked. Create {expected} listing the "
        "offices, or set `offices = \"path/to/offices.yaml\"` in [tool.svcstd].",
    },
    family=FAMILY,
    cross_file=True,
)
declare(
    "SVC605", "jurisdiction-and-group-disagree", "warning",
    "A reference to a group office without `jurisdiction`, or a `jurisdiction` on a single office.",
    "A group entry of the registry (`group: true`, e.g. 各派出所) stands for every office of "
    "one kind; only the jurisdiction (户籍所在地, 居住地, 不动产所在地...) tells the applicant "
    "which of them to go to. On a single office, a jurisdiction says nothing the office "
    "does not already say, and usually means the reference should name the group.",
    bad="# file: offices.yaml\nsvcstd: \"1.1\"\noffices:\n  - {id: test-office, name: 测试局}\n"
    "  - {id: police-stations, name: 各派出所, group: true}\n"
    "# file: services/residence-permit.yaml\nsvcstd: \"1.1\"\nresponsible_office: {ref: police-stations}\n",
    good="# file: offices.yaml\nsvcstd: \"1.1\"\noffices:\n  - {id: test-office, name: 测试局}\n"
    "  - {id: police-stations, name: 各派出所, group: true}\n"
    "# file: services/residence-permit.yaml\nsvcstd: \"1.1\"\n"
    "responsible_office: {ref: police-stations, jurisdiction: household_registration}\n",
    messages={
        "group_without_jurisdiction": "Office `{ref}` is a group in the registry (every office "
        "of one kind), so the applicant cannot tell which one is competent. Add "
        "`jurisdiction:` ({allowed}) to say which.",
        "jurisdiction_on_single": "`jurisdiction` is set, but office `{ref}` is a single office "
        "in the registry, not a group. Remove `jurisdiction`, or refer to the group entry "
        "(`group: true`) that stands for every office of this kind.",
    },
    family=FAMILY,
    cross_file=True,
)
declare(
    "SVC602", "duplicate-service-id", "error",
    "Two service definitions share an id.",
    "The id is how catalogues, links, statistics and other systems name a service; two "
    "services with one id make every reference ambiguous, and publishing one would "
    "overwrite the other.",
    bad="# file: services/a.yaml\nid: residence-permit\n# file: services/b.yaml\nid: residence-permit\n",
    good="# file: services/a.yaml\nid: residence-permit\n# file: services/b.yaml\nid: residence-permit-renewal\n",
    messages={
        "duplicate": "Service id `{id}` is also used by {other} (line {line}). Each service "
        "needs its own id across the repository: rename one of them.",
        "stdin_duplicate": "The text on standard input uses service id `{id}`, which {other} "
        "(line {line}) also uses: it is most likely a copy of that file. To check it as that "
        "file, add `--stdin-filename {other}`; if it is a new service, give it its own id.",
    },
    family=FAMILY,
    cross_file=True,
)
declare(
    "SVC603", "invalid-offices-registry", "error",
    "The offices registry itself is invalid.",
    "Every office reference is resolved against the registry; a registry with missing "
    "names, repeated ids or parents that lead nowhere would make those checks, and the "
    "catalogue built from it, wrong for every definition at once.",
    bad="svcstd: \"1\"\noffices:\n  - id: bj-psb\n    name: 北京市公安局\n  - id: bj-psb\n"
    "    name: 北京市公安局交通管理局\n    parent: bj-police\n",
    good="svcstd: \"1\"\noffices:\n  - id: bj-psb\n    name: 北京市公安局\n  - id: bj-psb-traffic\n"
    "    name: 北京市公安局交通管理局\n    parent: bj-psb\n",
    messages={
        "duplicate_office": "Office id `{id}` appears twice in the registry (first at line "
        "{line}). Give each office its own id, or merge the two entries.",
        "unknown_parent": "`parent` names office `{parent}`, which is not in this registry."
        "{suggestion} Correct it, or add that office.",
        "parent_cycle": "The `parent` chain loops back to office `{id}` ({chain}). An office "
        "cannot be its own ancestor; correct one of the parents.",
        "missing": "The offices registry {registry} set by `offices` in {config} does not "
        "exist. Create it, or correct the path (it is relative to the configuration's "
        "folder).",
        "unreadable": "The offices registry {registry} cannot be read ({problem}), so the "
        "office references of {count} file(s) were not checked. Run `svcstd check "
        "{registry}` to see the problem.",
    },
    family=FAMILY,
    cross_file=True,
)


# ---------------------------------------------------------------------------------------
# Credit codes


def credit_check_character(first17: str) -> str:
    """The 18th character that the first 17 of a unified social credit code demand."""
    total = sum(_CREDIT_INDEX[c] * w for c, w in zip(first17, CREDIT_WEIGHTS))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def wrong_check_character(value: object) -> str | None:
    """The check character `value` should end with, when it has the right shape but a wrong
    one; None when it is correct or not credit-code shaped (that is SVC105's business)."""
    if not isinstance(value, str):
        return None
    return _wrong_check_character(value)


@lru_cache(maxsize=4096)
def _wrong_check_character(value: str) -> str | None:
    # Remembered: a repository's definitions name the same few offices again and again.
    if not CREDIT_CODE_SHAPE.match(value):
        return None
    expected = credit_check_character(value[:17])
    return None if value[17] == expected else expected


_OFFICE_REFS_ATTRIBUTE = "_svcstd_office_refs"


def office_refs_of(doc: Document) -> list[tuple[tuple, dict]]:
    """`iter_office_refs(doc.data)`, found once per document: SVC604 and the summary both
    ask for every file."""
    found = doc.__dict__.get(_OFFICE_REFS_ATTRIBUTE)
    if found is None or found[0] is not doc.data:
        found = doc.__dict__[_OFFICE_REFS_ATTRIBUTE] = (doc.data, list(iter_office_refs(doc.data)))
    return found[1]


def iter_office_refs(data: object) -> Iterator[tuple[tuple, dict]]:
    """(path, mapping) of every office reference in a definition: the responsible and the
    supervising office, each step's and channel's office, each contact point's office and
    each recipient of shared data."""
    if not isinstance(data, dict):
        return
    for key in ("responsible_office", "supervising_office"):
        if isinstance(data.get(key), dict):
            yield (key,), data[key]
    for list_key in ("steps", "channels"):
        entries = data.get(list_key)
        if isinstance(entries, list):
            for index, entry in enumerate(entries):
                if isinstance(entry, dict) and isinstance(entry.get("office"), dict):
                    yield (list_key, index, "office"), entry["office"]
    contact = data.get("contact")
    for kind in ("enquiry", "complaint"):
        points = contact.get(kind) if isinstance(contact, dict) else None
        if isinstance(points, list):
            for index, point in enumerate(points):
                if isinstance(point, dict) and isinstance(point.get("office"), dict):
                    yield ("contact", kind, index, "office"), point["office"]
    items = data.get("data_collected")
    if isinstance(items, list):
        for index, item in enumerate(items):
            shares = item.get("shared_with") if isinstance(item, dict) else None
            if not isinstance(shares, list):
                continue
            for share_index, share in enumerate(shares):
                if isinstance(share, dict) and isinstance(share.get("office"), dict):
                    yield ("data_collected", index, "shared_with", share_index, "office"), share["office"]


def _check_character_findings(doc: Document, places: Iterable[tuple[tuple, object]]) -> Iterator[Finding]:
    for path, value in places:
        expected = wrong_check_character(value)
        if expected is not None:
            yield doc.finding(
                "SVC604", "check_character", path, value=value, actual=value[17], expected=expected,
            )


@rule(
    "SVC604", "credit-code-check-character", "error",
    "A unified social credit code whose check character (the 18th) is wrong.",
    "The 18th character of a unified social credit code (GB 32100-2015) is computed from "
    "the first 17, so that a mistyped code is caught before it is published. A wrong check "
    "character means the code names no organization, or the wrong one.",
    bad="responsible_office:\n  ref: bj-psb\n  credit_code: \"911100001000026009\"\n",
    good="responsible_office:\n  ref: bj-psb\n  credit_code: \"91350100M000100Y43\"\n",
    messages={
        "check_character": "Credit code {value} has a wrong check character: it ends in "
        "`{actual}`, but its first 17 characters require `{expected}`. Copy the code again "
        "from the office's certificate; one of its characters is most likely mistyped.",
    },
    family=FAMILY,
)
def credit_code_check_character(doc: Document, config: Config) -> Iterator[Finding]:
    places = ((path + ("credit_code",), office.get("credit_code")) for path, office in office_refs_of(doc) if "credit_code" in office)
    yield from _check_character_findings(doc, places)


# ---------------------------------------------------------------------------------------
# Per-file summaries (small and picklable: they may cross a process boundary)


class Place(NamedTuple):
    """Where a cross-file finding is: found in the parent, by reading the file again, only
    when a finding is made (`_Sources.place`). Summaries hold no positions: locating every
    id, office reference and data flow of every file cost most of the summary, and almost
    no file ever gets a cross-file finding."""

    line: int
    column: int
    pointer: str


class OfficeRef(NamedTuple):
    """An office reference: its registry id and the JSON pointer of its `ref` value.
    Named tuples, not dataclasses: a cached run unpickles one summary per file, and
    tuples unpickle several times faster."""

    ref: str
    pointer: str
    jurisdiction: bool = False  # it has a `jurisdiction` (SVC605 places it at the key)

    @property
    def jurisdiction_pointer(self) -> str:
        return self.pointer.rpartition("/")[0] + "/jurisdiction"


class Share(NamedTuple):
    """One `shared_with` entry of a data item, for the data-flow rules (SVC607, SVC608)."""

    office: str | None  # the recipient's registry id
    legal_basis: str | None
    method: str | None
    pointer: str  # the entry's `office.ref` (or the entry itself without one)
    basis_pointer: str  # its `legal_basis` (or the entry without one)


class ItemFlow(NamedTuple):
    """A data item that takes part in a flow between offices: obtained by
    `department_sharing`, or shared onwards. Other items are not kept: the summary stays
    small, and the flow rules need only these."""

    item: str | None
    categories: tuple[str, ...]
    sensitive: bool
    source: str | None
    source_pointer: str  # its `source` value (SVC606 is placed there)
    shares: tuple[Share, ...] = ()


# The JSON pointer of a definition's id (SVC602 is placed there).
ID_POINTER = "/id"


class ServiceSummary(NamedTuple):
    """What the cross-file pass needs of one definition to decide: ids, references and
    pointers, never positions (see `Place`). A named tuple: one per definition of a run
    is kept until the report, and a tuple is a third of a dataclass with a `__dict__`."""

    id: str | None
    office_refs: tuple[OfficeRef, ...]
    # The data flows (oversight/flows.py): who runs the service, and the personal data
    # items that come from or go to another office.
    responsible: str | None = None
    flows: tuple[ItemFlow, ...] = ()


def plain_summary(summary: ServiceSummary) -> tuple:
    """`summary` as plain tuples, strings and flags (what `marshal` carries: the
    background's answer)."""
    flows = tuple((*flow[:5], tuple(map(tuple, flow.shares))) for flow in summary.flows)
    return summary.id, tuple(map(tuple, summary.office_refs)), summary.responsible, flows


def summary_from_plain(plain: tuple) -> ServiceSummary:
    """The `ServiceSummary` that `plain_summary` gave `plain` for."""
    service_id, refs, responsible, flows = plain
    return ServiceSummary(
        service_id, tuple(OfficeRef(*ref) for ref in refs), responsible,
        tuple(ItemFlow(*flow[:5], tuple(Share(*share) for share in flow[5])) for flow in flows),
    )


@record(frozen=True)
class RegistrySummary:
    """The office ids a registry defines; which of them are groups (format 1.1: `group:
    true`, every office of one kind) and each office's nature; and the id of each name
    (every language of it), to tell a reference written as a name."""

    office_ids: frozenset[str]
    groups: frozenset[str] = frozenset()
    natures: tuple[tuple[str, str], ...] = ()  # (office id, nature)
    ids_by_name: tuple[tuple[str, str], ...] = ()  # (name in one language, office id)
    areas: tuple[tuple[str, str], ...] = ()  # (office id, GB/T 2260 or ISO 3166 code)

    def nature_of(self, office_id: str) -> str | None:
        return dict(self.natures).get(office_id)

    def area_of(self, office_id: str) -> str | None:
        return dict(self.areas).get(office_id)

    def id_named(self, name: str) -> str | None:
        """The id of the office whose name (in any language) is `name`, when one has it."""
        name = name.strip()
        return next((office_id for known, office_id in self.ids_by_name if known == name), None)


_POINTERS: dict[tuple, str] = {}


def _pointer(path: tuple) -> str:
    # Interned: the same few pointers and office ids recur in every file, and a shared
    # string is kept (and pickled) once. Remembered by path, as they recur: writing one
    # costs a generator and two replacements per key, finding it a hash of the path.
    found = _POINTERS.get(path)
    if found is None:
        found = sys.intern(json_pointer(path))
        if len(_POINTERS) < 8192:
            _POINTERS[path] = found
    return found


def summarize(doc: Document) -> ServiceSummary:
    data = doc.data if isinstance(doc.data, dict) else {}
    service_id = data.get("id")
    if not isinstance(service_id, str) or not service_id:
        service_id = None
    refs = []
    for path, office in office_refs_of(doc):
        ref = office.get("ref")
        if isinstance(ref, str) and ref:
            refs.append(OfficeRef(sys.intern(ref), _pointer(path + ("ref",)), "jurisdiction" in office))
    responsible, flows = _flows(doc)
    return ServiceSummary(service_id, tuple(refs), responsible, flows)


def _flows(doc: Document) -> tuple[str | None, tuple[ItemFlow, ...]]:
    """The responsible office, and the personal data items that flow."""
    from .model import SENSITIVE_CATEGORIES, definition

    service = definition(doc)
    responsible = service.responsible_office.ref if service.responsible_office else None
    flows = []
    for item in service.data_collected:
        if not item.personal or (item.source != "department_sharing" and not item.shared_with):
            continue  # the rules are about personal data; other documents flow freely
        shares = []
        for sharing in item.shared_with:
            where = sharing.office.path + ("ref",) if sharing.office and sharing.office.ref else sharing.path
            basis = sharing.path + ("legal_basis",) if sharing.legal_basis else sharing.path
            shares.append(
                Share(
                    sys.intern(sharing.office.ref) if sharing.office and sharing.office.ref else None,
                    sharing.legal_basis, sharing.method, _pointer(where), _pointer(basis),
                )
            )
        source_at = item.path + ("source",) if item.has_key("source") else item.path
        sensitive = item.sensitive or any(c in SENSITIVE_CATEGORIES for c in item.categories)
        flows.append(ItemFlow(item.id, item.categories, sensitive, item.source, _pointer(source_at), tuple(shares)))
    return (sys.intern(responsible) if responsible else None), tuple(flows)


def summarize_registry(doc: Document) -> RegistrySummary:
    offices = doc.data.get("offices") if isinstance(doc.data, dict) else None
    groups, natures, names, areas = set(), [], [], []
    for index, office_id in _registry_entries(doc.data):
        office = offices[index]
        if office.get("group") is True:
            groups.add(office_id)
        if isinstance(office.get("nature"), str):
            natures.append((office_id, office["nature"]))
        area = office.get("area")
        if isinstance(area, dict) and isinstance(area.get("code"), str):
            areas.append((office_id, area["code"]))
        name = office.get("name")
        for text in (name.values() if isinstance(name, dict) else [name]):
            if isinstance(text, str) and text.strip():
                names.append((text.strip(), office_id))
    return RegistrySummary(
        frozenset(office_id for _, office_id in _registry_entries(doc.data)),
        frozenset(groups), tuple(natures), tuple(names), tuple(areas),
    )


def _registry_entries(data: object) -> Iterator[tuple[int, str]]:
    offices = data.get("offices") if isinstance(data, dict) else None
    if not isinstance(offices, list):
        return
    for index, office in enumerate(offices):
        if isinstance(office, dict) and isinstance(office.get("id"), str) and office["id"]:
            yield index, office["id"]


# ---------------------------------------------------------------------------------------
# The registry file


def is_registry_file(path: str | os.PathLike, config: Config, identity: tuple[int, int] | None = None) -> bool:
    """Whether `path` is read as an offices registry rather than as a definition.
    `identity` ((device, inode), when the caller has it) spares resolving every path
    against a configured registry: only a file with the registry's inode can be it."""
    if config.offices:
        configured = os.path.join(config.root, config.offices)
        try:
            info = os.stat(configured)
            if identity is None:
                mine = os.stat(path)
                identity = (mine.st_dev, mine.st_ino)
            if identity != (info.st_dev, info.st_ino):
                return False
        except OSError:
            pass
        return os.path.realpath(path) == os.path.realpath(configured)
    return os.path.basename(path) in REGISTRY_NAMES


def registry_findings(doc: Document) -> list[Finding]:
    """Everything wrong with the registry itself: its shape (SVC603; credit codes keep
    SVC105 for their shape, as in definitions), repeated ids, parents that lead nowhere
    or in a circle (SVC603), and credit codes with a wrong check character (SVC604)."""
    from .schema import OFFICES_SCHEMA, schema_findings

    findings = [_as_registry_problem(f) for f in schema_findings(doc, OFFICES_SCHEMA)]
    data = doc.data if isinstance(doc.data, dict) else {}
    offices = data.get("offices") if isinstance(data.get("offices"), list) else []

    first: dict[str, int] = {}
    for index, office_id in _registry_entries(data):
        if office_id in first:
            line, _ = doc.locate(("offices", first[office_id], "id"))
            findings.append(doc.finding("SVC603", "duplicate_office", ("offices", index, "id"), id=office_id, line=line))
        else:
            first[office_id] = index

    parents: dict[str, str] = {}
    for index, office in enumerate(offices):
        if not isinstance(office, dict) or not isinstance(office.get("parent"), str):
            continue
        parent = office["parent"]
        if isinstance(office.get("id"), str):
            parents.setdefault(office["id"], parent)
        if parent not in first:
            findings.append(
                doc.finding(
                    "SVC603", "unknown_parent", ("offices", index, "parent"),
                    parent=parent, suggestion=_suggestion(parent, first, doc.lang),
                )
            )
    findings.extend(_parent_cycles(doc, parents, first))

    places = (
        (("offices", index, "credit_code"), office.get("credit_code"))
        for index, office in enumerate(offices)
        if isinstance(office, dict)
    )
    findings.extend(_check_character_findings(doc, places))
    return sorted(findings, key=Finding.sort_key)


def _as_registry_problem(finding: Finding) -> Finding:
    if finding.code == "SVC105" and finding.path.endswith("/credit_code"):
        return finding  # the same code as a credit code of the wrong shape in a definition
    if finding.code in ("SVC101", "SVC102", "SVC103", "SVC104", "SVC105"):
        return replace(finding, code="SVC603", severity=default_severity("SVC603"))
    return finding


def _parent_cycles(doc: Document, parents: dict[str, str], first: dict[str, int]) -> Iterator[Finding]:
    reported: set[str] = set()
    for start in first:
        chain = [start]
        current = start
        while current in parents and parents[current] in first:
            current = parents[current]
            if current in chain:
                loop = chain[chain.index(current):]
                if not reported.intersection(loop):
                    reported.update(loop)
                    head = min(loop, key=lambda o: first[o])
                    order = loop[loop.index(head):] + loop[: loop.index(head)] + [head]
                    yield doc.finding(
                        "SVC603", "parent_cycle", ("offices", first[head], "parent"),
                        id=head, chain=" → ".join(order),
                    )
                break
            chain.append(current)


def _suggestion(value: str, known: Iterable[str], lang: str) -> str:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return message("SVC601", "did_you_mean", lang, candidate=close[0]) if close else ""


# ---------------------------------------------------------------------------------------
# Finding each definition's registry and repository


def repository_root(folder: Path, config: Config) -> Path:
    """The top of the repository holding `folder`: the git work tree's top (a folder with
    `.git`), else the configuration's folder when `folder` is inside it, else `folder`."""
    folder = Path(os.path.abspath(folder))
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    config_root = Path(os.path.abspath(config.root))
    if folder == config_root or folder.is_relative_to(config_root):
        return config_root
    return folder


# "/" is the only separator (POSIX): the quick paths below may cut a path at its last "/".
_PLAIN_SEPARATOR = os.sep == "/" and not os.altsep


def _quick_folder(file) -> str | None:
    """The folder as written (`_split`'s key) of an absolute POSIX path given as text that
    names a file in it, or None: the case the locator answers with one cut and one lookup
    once the folder has been seen (the cross-file pass asks per definition)."""
    if not _PLAIN_SEPARATOR or not isinstance(file, str) or file[:1] != "/":
        return None
    cut = file.rfind("/") + 1
    return file[:cut] if file[cut:] not in ("", ".", "..") else None


def _split(path: str) -> tuple[str, str]:
    """(folder as written, name): a key, not a path; cheaper than `os.path.split`."""
    if os.altsep:
        return os.path.split(path)
    cut = path.rfind(os.sep) + 1
    return path[:cut], path[cut:]


def _name_of(path: str | os.PathLike) -> str:
    """The last part of `path` (`os.path.basename`), by one cut in the usual case."""
    if _PLAIN_SEPARATOR and isinstance(path, str):
        return path[path.rfind("/") + 1:]
    return os.path.basename(os.fspath(path))


class _Absolute:
    """`os.path.abspath` of files, each folder worked out once (the working folder does not
    change during one pass over the results), and kept as one string its files share."""

    def __init__(self):
        self._folders: dict[str, str] = {}

    def __call__(self, path: str | os.PathLike) -> str:
        name = _name_of(path)
        if name in ("", ".", ".."):
            return os.path.abspath(path)
        return self.folder_of(path) + name

    def folder_of(self, path: str | os.PathLike) -> str:
        """The absolute folder of the file `path` names, ending with the separator: one
        string per folder, shared by its files (see `_Checked.path`)."""
        if _PLAIN_SEPARATOR and isinstance(path, str):
            written = path[:path.rfind("/") + 1]  # with its "/": no second cut
        else:
            written = os.path.split(os.fspath(path))[0]
        found = self._folders.get(written)
        if found is None:
            found = os.path.abspath(written or ".")
            found = self._folders[written] = found if found.endswith(os.sep) else found + os.sep
        return found


_UNKNOWN = object()


class RegistryLocator:
    """Which registry (and which repository) each definition belongs to; cached per folder
    (keys are plain strings: this is asked once per definition of the run)."""

    def __init__(self, config: Config):
        self.config = config
        self._by_folder: dict[str, Path | None] = {}
        self._by_written_folder: dict[str, Path | None] = {}
        self._real: dict[str, Path] = {}
        self._scopes: dict[str, Path] = {}
        self._scope_objects: dict[str, Path] = {}
        self._roots: dict[str, Path] = {}
        self.configured: Path | None = (
            Path(os.path.abspath(Path(config.root) / config.offices)) if config.offices else None
        )

    def root(self, folder: str | os.PathLike) -> Path:
        key = os.fspath(folder)
        found = self._roots.get(key)
        if found is None:
            found = self._roots[key] = repository_root(Path(key), self.config)
        return found

    def registry_for(self, file: str | os.PathLike) -> Path | None:
        if self.configured is not None:
            return self.configured
        quick = _quick_folder(file)
        if quick is not None:
            found = self._by_written_folder.get(quick, _UNKNOWN)
            if found is not _UNKNOWN:
                return found
        # An absolute folder as written is the key first: the cross-file pass asks several
        # times per definition, and `abspath` costs more than the search it would save.
        written, name = _split(os.fspath(file))
        if name in ("", ".", "..") or not os.path.isabs(written):
            # A folder, not a file in it; or a relative path, whose folder depends on the
            # working folder (a locator may outlive a `chdir`).
            written = None
        else:
            try:
                return self._by_written_folder[written]
            except KeyError:
                pass
        folder = os.path.dirname(os.path.abspath(file))
        try:
            found = self._by_folder[folder]
        except KeyError:
            found = self._by_folder[folder] = self._search(Path(folder))
        if written is not None:
            self._by_written_folder[written] = found
        return found

    def registry_in(self, folder: str, written: str) -> Path | None:
        """`registry_of` a definition the pass reaches by the name `written`, in `folder`
        (`checked_folder(written)`)."""
        if self.configured is None:
            found = self._by_written_folder.get(folder, _UNKNOWN)
            if found is not _UNKNOWN:
                return found
        return self.registry_for(_path_in_folder(written, folder))

    def registry_of(self, item: _Checked) -> Path | None:
        """`registry_for(item.path)`, by the folder the definition keeps: the cross-file
        pass asks once per definition, and its path is made when asked."""
        if self.configured is None:
            found = self._by_written_folder.get(item.folder, _UNKNOWN)
            if found is not _UNKNOWN:
                return found
        return self.registry_for(item.path)

    def scope_of(self, item: _Checked) -> Path:
        """`scope_for(item.path)`, by the folder the definition keeps."""
        found = self._scopes.get(item.folder)
        return found if found is not None else self.scope_for(item.path)

    def scope_of_name(self, written: str) -> Path:
        """`scope_of` a definition the pass reaches by the name `written` (a row of
        `CheckedDefinitions`), by its folder."""
        folder = checked_folder(written)
        found = self._scopes.get(folder)
        return found if found is not None else self.scope_for(_path_in_folder(written, folder))

    def real(self, registry: str | os.PathLike) -> Path:
        """The registry's real path (the key of a run's registry summaries), resolved once
        per run: the cross-file pass asks for every definition."""
        key = os.fspath(registry)
        found = self._real.get(key)
        if found is None:
            found = self._real[key] = Path(os.path.realpath(key))
        return found

    def _search(self, folder: Path) -> Path | None:
        top = self.root(folder)
        for candidate in (folder, *folder.parents):
            for name in REGISTRY_NAMES:
                if (candidate / name).is_file():
                    return candidate / name
            if candidate == top:
                return None
        return None

    def scope_for(self, file: str | os.PathLike) -> Path:
        """The folder whose definitions must all have distinct ids."""
        quick = _quick_folder(file)
        if quick is not None:
            found = self._scopes.get(quick)
            if found is not None:
                return found
        written, name = _split(os.fspath(file))
        if name in ("", ".", "..") or not os.path.isabs(written):
            return self._scope_for(file)
        found = self._scopes.get(written)
        if found is None:
            scope = self._scope_for(file)
            # One object per scope, shared by its folders: the pass groups thousands of
            # definitions by scope, and two equal paths compare in Python, one in C.
            found = self._scopes[written] = self._scope_objects.setdefault(os.fspath(scope), scope)
        return found

    def _scope_for(self, file: str | os.PathLike) -> Path:
        registry = self.registry_for(file)
        if self.configured is not None:
            return Path(os.path.abspath(self.config.root))
        if registry is not None:
            return registry.parent
        return self.root(os.path.dirname(os.path.abspath(file)))


def registry_path(config: Config, targets) -> Path | None:
    """The registry of the first definition checked (each definition finds its own)."""
    locator = RegistryLocator(config)
    for target in targets:
        found = locator.registry_for("." if target.is_stdin else target.path)
        if found is not None:
            return found
    return locator.configured


# ---------------------------------------------------------------------------------------
# The cross-file pass


@record(frozen=True, slots=True)  # slots: one per definition of the run
class _Checked:
    """A definition checked by the run, as the cross-file pass reads it: its names and its
    summary.

    Its absolute path (`path`) is made when asked, from strings the run holds anyway:
    the path as the run was given it and its folder's absolute path, which all the
    folder's files share. Kept, it was one new string per definition (125 bytes a file
    of the pass's peak memory at 10,000 files), asked for a few times each."""

    file: str  # as reported
    written: str  # the path as the run was given it (discovery's own string)
    folder: str  # absolute, ending with the separator (`_Absolute.folder_of`)
    summary: ServiceSummary
    from_stdin: bool = False
    # Discovery's target, for its identity (None: standard input).
    target: object = None

    @classmethod
    def of(cls, file: str, written: str, summary: ServiceSummary, absolute: _Absolute, *,
           from_stdin: bool = False, target=None) -> _Checked:
        return cls(file, written, absolute.folder_of(written), summary, from_stdin, target)

    @property
    def path(self) -> str:
        """Absolute, for finding its registry and repository, and for reading it."""
        return _path_in_folder(self.written, self.folder)

    @property
    def identity(self) -> tuple[int, int] | None:
        return None if self.target is None else self.target.identity


_NO_POSITION = 0xFFFFFFFF  # an own item that stands for no result of the run


class CheckedDefinitions(ReadByPosition):
    """Definitions the cross-file pass reads (`_Checked` or what reads as one), in order.

    A clean row of the run's `run_results.RunResults` stands as its own `_Checked`; it
    is kept here by its position (4 bytes) and made again each time it is read, so that
    no pass holds one object per definition of a large run. Any other item is kept as
    it is, with the position of the result it stands for, if any."""

    __slots__ = ("_own", "_results", "_rows")

    def __init__(self, results):
        self._results = results  # a `RunResults`
        self._rows = array("I")  # each item's result position (`_NO_POSITION`: none)
        self._own: dict[int, object] = {}  # index here → an item kept as it is

    def add_row(self, position: int) -> None:
        self._rows.append(position)

    def add(self, item, position: int | None = None) -> None:
        """Add `item` as it is; `position`: its result's, when it stands for one."""
        self._own[len(self._rows)] = item
        self._rows.append(_NO_POSITION if position is None else position)

    def append(self, item) -> None:
        self.add(item)

    def empty_like(self) -> CheckedDefinitions:
        """A new, empty sequence over the same results."""
        return CheckedDefinitions(self._results)

    def add_from(self, other: CheckedDefinitions, index: int) -> None:
        """Add `other`'s item at `index`, as `other` keeps it."""
        own = other._own.get(index)
        if own is not None:
            self._own[len(self._rows)] = own
        self._rows.append(other._rows[index])

    def __len__(self) -> int:
        return len(self._rows)

    def _item(self, index: int):
        own = self._own.get(index)
        return own if own is not None else self._results[self._rows[index]]

    def __iter__(self) -> Iterator:
        rows_at, own, rows = self._results.rows_at, self._own, self._rows
        start = 0
        # Runs of rows between the own items, each made in one loop.
        for index in sorted(own):
            if start < index:
                yield from rows_at(rows[start:index])
            yield own[index]
            start = index + 1
        if start < len(rows):
            yield from rows_at(rows[start:] if start else rows)

    def names(self) -> list[str]:
        """Each item's `file`, in order, without making the rows."""
        return [self.name_at(index) for index in range(len(self._rows))]

    def name_at(self, index: int) -> str:
        own = self._own.get(index)
        return own.file if own is not None else self._results.name_of(self._rows[index])

    def reference(self, code: int) -> OfficeRef:
        """The office reference a row's `parts_with_items(refs="codes")` numbers `code`."""
        return self._results.reference(code)

    def ids(self) -> Iterator[str | None]:
        """Each item's service id, in order, without making the rows."""
        own, id_of = self._own, self._results.id_reader()
        if not own:
            return map(id_of, self._rows)
        return (own[index].summary.id if index in own else id_of(row) for index, row in enumerate(self._rows))

    def id_at(self, index: int) -> str | None:
        own = self._own.get(index)
        return own.summary.id if own is not None else self._results.id_of(self._rows[index])

    def id_hashes(self) -> Iterator[int | None]:
        """Each item's `run_results.id_hash` (None without an id), in order: a row's is
        kept, its id is not read."""
        own, hash_of = self._own, self._results.id_hash
        if not own:
            return map(hash_of, self._rows)
        return (_id_hash_of(own[index]) if index in own else hash_of(row) for index, row in enumerate(self._rows))

    def id_hashes_with_items(self) -> Iterator[tuple[int | None, object, str | None, int]]:
        """(`id_hashes`, own item or None, row's name or None, index) of each item."""
        return self._read(self._results.id_hash, _id_hash_of)

    def parts_with_items(self, *, refs: bool | str = True, flows: bool = True) -> Iterator[tuple[tuple, object, str | None, int]]:
        """((office references, responsible office, data flows), own item or None, row's
        name or None, index) of each item, without making the rows. Without `refs` or
        `flows`, a row's are None; with `refs="codes"`, a row's references are numbers
        (`reference`; see `RunResults.parts_of`)."""
        return self._read(
            self._results.parts_reader(refs=refs, flows=flows),
            lambda item: (item.summary.office_refs, item.summary.responsible, item.summary.flows),
        )

    def _read(self, from_row, of_item) -> Iterator[tuple[object, object, str | None, int]]:
        # A row's value from the results' columns (`RunResults.id_of`, ...), and its name
        # (for its folder); an own item's value from the item.
        own, rows, name_of = self._own, self._rows, self._results.name_reader()
        for index, row in enumerate(rows):
            item = own.get(index)
            if item is None:
                yield from_row(row), None, name_of(row), index
            else:
                yield of_item(item), item, None, index

    def name_view(self) -> Sequence[str]:
        """The items' names as a sequence read when asked (for a search by bisection)."""
        return _NameView(self)

    def sort_by_file(self) -> None:
        """Order the items by `file` (stable), as the passes report them."""
        rows = self._rows
        in_results_order = _NO_POSITION not in rows and all(earlier < later for earlier, later in pairwise(rows))
        if in_results_order and getattr(self._results.names, "ordered", False):
            return  # each stands for a result, in the results' order, which is the names'
        if all(earlier <= later for earlier, later in pairwise(map(self.name_at, range(len(rows))))):
            return  # (read one name at a time: a large run's come in order)
        names = self.names()
        order = sorted(range(len(names)), key=names.__getitem__)
        del names
        own = self._own
        self._rows = array("I", (rows[index] for index in order))
        self._own = {at: own[index] for at, index in enumerate(order) if index in own}


def _id_hash_of(item) -> int | None:
    """`run_results.id_hash` of an item's id; None without one."""
    from .run_results import hash_of_id

    return hash_of_id(item.summary.id)


class _NameView(Sequence):
    """`CheckedDefinitions.name_view`."""

    __slots__ = ("_checked",)

    def __init__(self, checked: CheckedDefinitions):
        self._checked = checked

    def __len__(self) -> int:
        return len(self._checked)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self._checked.name_at(index)


def _path_in_folder(written: str, folder: str) -> str:
    name = _name_of(written)
    if name in ("", ".", ".."):
        return os.path.abspath(written)
    return folder + name


# The cross-file pass's `_Absolute`, for the clean results that stand as their own
# `_Checked` (`engine.CleanResult`: a file walked under the name it is reported by, as
# nearly every file of a large run is). Each pass makes its own: the working folder may
# change between two runs of one process.
_pass_absolute = _Absolute()


def checked_folder(written: str) -> str:
    """`_Checked.folder` of a file the pass reaches by the name `written`."""
    return _pass_absolute.folder_of(written)


def checked_path(written: str) -> str:
    """`_Checked.path` of a file the pass reaches by the name `written`."""
    return _path_in_folder(written, _pass_absolute.folder_of(written))


class _Sources:
    """Where a cross-file finding is, and its source line: the file (or the standard
    input) read and loaded again when a finding is made, and its pointer located by the
    loader's own position code (`Document.locate`), exactly as in the per-file pass.
    Summaries carry neither (see `Place`), and files with cross-file findings are few.

    A file changed since it was checked is read as it is now: a pointer that no longer
    leads anywhere is placed at the deepest part of it that still does (at worst the
    first line), never a failure."""

    # Files kept loaded at once: findings come file by file (sorted), with a few lookups
    # of another file (the first of two equal ids, the first of two legal bases).
    KEEP = 16

    def __init__(self, config: Config, stdin_bytes: bytes | None):
        self.config = config
        self.stdin_bytes = stdin_bytes
        # → [text or None, document (None: not loaded yet, False: unreadable), lines]
        self._files: dict[tuple[bool, str], list] = {}

    def place(self, item: _Checked, pointer: str, *, key: bool = False) -> Place:
        entry = self._entry(item)
        if entry[1] is None:
            entry[1] = self._load(item, entry[0])
        document = entry[1]
        if not document:
            return Place(1, 1, pointer)
        try:
            line, column = document.locate(_path_in(document.data, pointer), key=key)
        except Exception:  # noqa: BLE001 - a text changed under us: placed at its start
            line, column = 1, 1
        return Place(line, column, pointer)

    def line(self, item: _Checked, number: int) -> str | None:
        entry = self._entry(item)
        if entry[2] is None:
            entry[2] = split_lines(entry[0]) if entry[0] is not None else []
        lines = entry[2]
        return lines[number - 1] if 0 < number <= len(lines) else None

    def _entry(self, item: _Checked) -> list:
        key = (item.from_stdin, item.file if item.from_stdin else item.path)
        entry = self._files.get(key)
        if entry is None:
            if len(self._files) >= self.KEEP:
                del self._files[next(iter(self._files))]
            entry = self._files[key] = [self._read(item), None, None]  # text, document, lines
        return entry

    def _read(self, item: _Checked) -> str | None:
        if item.from_stdin:
            raw = self.stdin_bytes or b""
        else:
            raw, problem = read_file(item.path, item.file, limits=self.config.limits)
            if problem is not None or raw is None:
                return None
        text, problem = decode(raw, item.file)
        return text

    def _load(self, item: _Checked, text: str | None):
        """The document, or False (not None: it is not tried again for the next finding)."""
        if text is None:
            return False
        from .load import load_text

        try:
            return load_text(text, item.file, lang=self.config.lang, limits=self.config.limits).document or False
        except Exception:  # noqa: BLE001 - unreadable now: the finding keeps the first line
            return False


def _path_in(data: object, pointer: str) -> tuple:
    """The path that JSON `pointer` names in `data` (list indexes as ints), cut where the
    data no longer has it (a file changed since it was checked)."""
    path: list = []
    node = data
    for segment in pointer_segments(pointer):
        if isinstance(node, dict) and segment in node:
            node = node[segment]
            path.append(segment)
        elif isinstance(node, list) and segment.isdigit() and int(segment) < len(node):
            node = node[int(segment)]
            path.append(int(segment))
        else:
            break
    return tuple(path)


@record(frozen=True)
class Dependant:
    """A definition outside the run whose registry is among the files checked: its new
    office findings, and its inline suppressions (which apply to them)."""

    file: str
    findings: tuple[Finding, ...]
    suppressions: object | None


def cross_file_findings(
    results, config: Config, registry: Path | None, targets, *, cache=None, stdin_bytes: bytes | None = None,
    dependants: list | None = None, skipped: Iterable[str] = (), in_background: OthersInBackground | None = None,
) -> list[Finding]:
    """SVC601 (office references), SVC602 (ids) and the data-flow rules SVC606-SVC608
    (`oversight.flows`) for the definitions checked.

    `targets` are discovery's (one result per target, in order, as the engine makes
    them); `cache`, when the run has one, keeps the ids peeked from files outside the
    run for the next partial run; `stdin_bytes` is the standard input that was checked,
    for the source line of a finding in it; `in_background`, the ids of the files not
    checked, read while they were (`start_reading_others`).
    """
    from .run_results import as_run_results

    targets = list(targets) if not hasattr(targets, "walked") else targets
    results = as_run_results(results)  # (the engine's are already)
    inputs = None
    if cache is not None and stdin_bytes is None and in_background is None:
        inputs = cross_file_inputs(results, config, targets, skipped, cache)
    if inputs is not None:
        kept = cache.cross_file().get(inputs)
        if kept is not None:
            kept_findings, kept_dependants = kept
            if dependants is not None:
                dependants.extend(kept_dependants)
            return kept_findings
    found_dependants: list = []
    findings = _cross_file_findings(
        results, config, targets, cache, stdin_bytes, found_dependants, skipped, in_background
    )
    if dependants is not None:
        dependants.extend(found_dependants)
    if inputs is not None:
        cache.cross_file().put(inputs, findings, found_dependants)
    return findings


def cross_file_inputs(results, config: Config, targets, skipped: Iterable[str], cache) -> str | None:
    """A digest of everything the cross-file findings of a run are worked out from, when
    that is all known without reading a file: each file's name, place, identity and
    content digest (from the cache), the registry each definition resolves against and
    its content, and the folders walked. None for a run that also reads files it does not
    check (a folder inside a larger scope, named files), or a file the cache has no digest
    of (unreadable): their findings are worked out every time."""
    import hashlib

    walked = getattr(targets, "walked", None)
    if not walked or len(targets) != len(results):
        return None
    locator = RegistryLocator(config)
    absolute = _Absolute()
    contents: dict[str, str] = {}
    # (The rest of the configuration is in the cache's run key.)
    lines = [f"{config.lang}\0{os.path.abspath(config.root)}\0{os.getcwd()}\0{sorted(skipped)}"]
    stats: list[bytes] = []  # (their identities tell two names of one file apart)
    scopes: set[str] = set()
    registries: set[str] = set()
    # Definitions of one folder share their scope and registry: found once per folder.
    by_folder: dict[str, tuple[str, Path | None]] = {}
    for target, result in zip(targets, results):
        if target.is_stdin:
            return None
        path = absolute(target.path)
        content = cache.digest_of(path)
        if content is None:
            return None
        contents[path] = content
        lines.append(f"{target.display}\0{path}\0{result.is_registry:d}\0{content}")
        stats.append(target.stat or b"-")
        folder = (path[:path.rfind("/")] or "/") if _PLAIN_SEPARATOR else os.path.dirname(path)
        if result.is_registry:
            # Its dependants are looked for in its scope (`_dependant_findings`).
            scopes.add(os.path.abspath(config.root) if locator.configured is not None else folder)
            continue
        known = by_folder.get(folder)
        if known is None:
            known = by_folder[folder] = (str(locator.scope_for(path)), locator.registry_for(path))
        scopes.add(known[0])
        if known[1] is not None:
            registries.add(os.fspath(known[1]))
    if any(walked.get(scope) is None for scope in scopes):
        return None  # other files of a scope are read: their content is not known here
    # Where each folder's definitions resolve and are compared: a `.git` folder made or
    # removed moves a scope without changing any file.
    lines.extend(f"folder\0{folder}\0{scope}\0{registry}" for folder, (scope, registry) in sorted(by_folder.items()))
    lines.extend(f"scope\0{scope}" for scope in sorted(scopes))
    for registry in sorted(registries):
        content = contents.get(registry)
        if content is None:  # a registry outside the files checked
            try:
                with open(registry, "rb") as handle:
                    content = hashlib.sha256(handle.read(config.limits.max_bytes + 1)).hexdigest()
            except OSError:
                content = "unreadable"
        lines.append(f"registry\0{registry}\0{content}")
    for folder in sorted(walked):
        lines.append(f"walked\0{folder}\0{len(walked[folder])}")
        lines.extend(target.path for target in walked[folder])
        stats.extend(target.stat or b"-" for target in walked[folder])
    digest = hashlib.sha256("\n".join(lines).encode("utf-8", "surrogatepass"))
    digest.update(b"".join(stats))
    return digest.hexdigest()


def _cross_file_findings(
    results, config: Config, targets, cache, stdin_bytes: bytes | None, dependants: list, skipped: Iterable[str],
    in_background: OthersInBackground | None,
) -> list[Finding]:
    from .discovery import display_name, has_stdin

    paired = len(targets) == len(results)
    # The run's results stand in its targets' order: each file's target is found by
    # position, and by name only where that fails (a dict of every target was 38 bytes
    # a file of this pass's peak).
    by_display: dict[str, object] | None = None
    checked = CheckedDefinitions(results)
    registries: dict[Path, RegistrySummary] = {}
    registry_results = []
    unloadable: list[str] = []
    global _pass_absolute
    absolute = _pass_absolute = _Absolute()
    from .engine import CleanResult
    # A clean row of `run_results.RunResults` reached by its own name (nearly every file
    # of a large run) is known without making its result.
    # Rows and targets that read their names from one column (`discovery.NamedTargets`):
    # each row is its target's file, walked under the name it is reported by.
    one_column = paired and results.names is not None and results.names is getattr(targets, "names", None)
    for index in range(len(results)):
        if paired and results.clean_with_summary(index):
            if one_column:
                checked.add_row(index)
                continue
            target, name = targets[index], results.name_of(index)
            if target is name or (not target.is_stdin and target.display == name and target.path == name):
                checked.add_row(index)
                continue
        result = results[index]
        from_stdin = paired and targets[index].is_stdin
        target = None
        if not from_stdin:
            target = targets[index] if paired else None
            if target is None or target.display != result.file:
                if by_display is None:
                    by_display = {t.display: t for t in targets if not t.is_stdin}
                target = by_display.get(result.file)
        written = target.path if target is not None else result.file
        if result.is_registry:
            path = absolute(written)
            if isinstance(result.summary, RegistrySummary):
                registries[Path(os.path.realpath(path))] = result.summary
            registry_results.append((result.file, path, target))
        elif isinstance(result.summary, ServiceSummary):
            if result.__class__ is CleanResult and not from_stdin and written == result.file:
                # It reads as a `_Checked` of its own (its identity, when asked, from the
                # file): one made for each was 80 bytes a file of this pass's peak.
                checked.add_row(index)
            else:
                checked.add(_Checked.of(result.file, written, result.summary, absolute, from_stdin=from_stdin, target=target), index)
        elif target is not None:
            unloadable.append(result.file)
    checked.sort_by_file()
    locator = RegistryLocator(config)
    sources = _Sources(config, stdin_bytes)
    seen = _SeenFiles()
    for display in skipped:
        seen.add_display(display)  # YAML that is not a definition: no id, no references
    seen.add_checked(checked)
    seen.add_unloadable(unloadable)
    for file, path, target in registry_results:
        seen.add(path, file, target.identity if target is not None else None)
    if paired and not has_stdin(targets):
        # Every file of the run's own walks has its result here (checked, unloadable,
        # a registry) or was skipped as not a definition: seen, all of them.
        seen.walked_whole = frozenset(getattr(targets, "walked", {}))
    from .oversight.flows import flow_findings

    flow_args = (checked, config, locator, registries, seen, targets, cache, sources, in_background)
    flows_elsewhere = _flows_on_the_other_core(flow_args)
    findings = _office_findings(checked, config, locator, registries, display_name, sources)
    if flows_elsewhere is None:
        findings.extend(flow_findings(*flow_args))
    flows_at = len(findings)
    changed = {Path(os.path.realpath(path)): path for _, path, _ in registry_results}
    if changed and dependants is not None:
        dependants.extend(
            _dependant_findings(changed, config, locator, registries, seen, targets, cache, display_name, sources)
        )
    peeks = None
    if cache is not None:
        try:
            peeks = cache.peeks()
        except Exception:  # noqa: BLE001 - no peek cache is slower, never wrong
            peeks = None
    findings.extend(_duplicate_id_findings(checked, config, locator, seen, targets, peeks, sources, in_background))
    if flows_elsewhere is not None:
        found = flows_elsewhere.result()
        findings[flows_at:flows_at] = flow_findings(*flow_args) if found is None else map(_finding_from_fields, found)
    if in_background is not None:
        in_background.close()
    return findings


# From this many definitions checked, a run without the cache has the data-flow pass
# (SVC606-SVC608, half of the cross-file pass's time) done by a forked child while this
# process does the office and id passes: at 10,000 files 75 of the pass's 150 ms ran
# while the other core sat idle. Below it the fork costs more than it spares.
FLOWS_ELSEWHERE_FROM = 2_000


def _flows_on_the_other_core(flow_args: tuple):
    """`oversight.flows.flow_findings(*flow_args)` started in a forked child
    (`background`), or None: this process computes them itself. Only for a large run
    without the cache and without a background reading of other files: there the pass
    reads nothing this process needs afterwards and writes nothing (the cache and the
    files read for ids are this process's alone)."""
    from . import background

    checked, _config, _locator, _registries, _seen, _targets, cache, _sources, in_background = flow_args
    if cache is not None or in_background is not None or len(checked) < FLOWS_ELSEWHERE_FROM:
        return None
    return background.start(_flow_findings_as_fields, flow_args)


def _flow_findings_as_fields(flow_args: tuple) -> list[tuple]:
    """The child's side: the data-flow findings as tuples of their fields (what
    `marshal` carries back: a name kept as a subclass of str, such as a walk's, goes
    as plain text)."""
    from .oversight.flows import flow_findings

    return [
        tuple(_plain(getattr(finding, name)) for name in _FINDING_FIELDS) for finding in flow_findings(*flow_args)
    ]


def _plain(value):
    return str(value) if isinstance(value, str) and value.__class__ is not str else value


def _finding_from_fields(values: tuple) -> Finding:
    return Finding(**dict(zip(_FINDING_FIELDS, values)))


_FINDING_FIELDS = tuple(item.name for item in fields(Finding))


def _dependant_findings(changed: dict[Path, str], config: Config, locator: RegistryLocator, registries, seen, targets, cache, display_name, sources) -> list[Dependant]:
    """The office findings of definitions outside the run that resolve against a
    registry among the files checked (`changed`: real path → path as checked)."""
    from . import discovery

    # A registry that cannot be read reports itself; its dependants are not judged by it.
    changed = {real: path for real, path in changed.items() if isinstance(registries.get(real), RegistrySummary)}
    walked = getattr(targets, "walked", {})
    scopes: set[Path] = set()
    for path in changed.values():
        if locator.configured is not None:
            scopes.add(Path(os.path.abspath(config.root)))
        else:
            scopes.add(Path(os.path.dirname(os.path.abspath(path))))
    found: list[Dependant] = []
    absolute = _Absolute()
    for scope in sorted(scopes):
        if seen.saw_all_of(scope):
            continue
        listed = walked.get(str(scope))
        if listed is None:
            listed = discovery.walk(scope, config)
        for target in listed:
            if seen.could_not_load(target) or target in seen or is_registry_file(target.path, config, target.identity):
                continue
            registry = locator.registry_for(target.path)
            if registry is None or locator.real(registry) not in changed:
                continue
            summary, directives = _summary_of(target, config, cache)
            if summary is None or not summary.office_refs:
                continue
            item = _Checked.of(target.display, target.path, summary, absolute, target=target)
            findings = _office_findings([item], config, locator, registries, display_name, sources)
            if findings:
                found.append(Dependant(target.display, tuple(findings), directives))
    if cache is not None:
        cache.save()  # lookups may have refreshed the metadata of touched files
    return found


def _summary_of(target, config: Config, cache) -> tuple[ServiceSummary | None, object | None]:
    """A definition's summary and inline suppressions: the cached result's when the file
    is unchanged, else from loading it (no rule runs)."""
    from . import suppression

    if cache is not None:
        try:
            hit = cache.lookup(target.path, target.display, False, target.signature)
        except Exception:  # noqa: BLE001 - a cache problem costs a load, never the answer
            hit = None
        if hit is not None:
            summary = getattr(hit, "summary", None)
            return (summary if isinstance(summary, ServiceSummary) else None), getattr(hit, "suppressions", None)
    from .discovery import looks_like_definition
    from .load import load_bytes

    try:
        raw, problem = read_file(target.path, target.display, limits=config.limits)
        text, problem = decode(raw, target.display) if problem is None and raw is not None else (None, problem)
        if text is None or not looks_like_definition(text):
            return None, None  # unreadable (reported when it is checked), or other YAML
        loaded = load_bytes(raw, target.display, lang=config.lang, limits=config.limits)
        if loaded.document is None:
            return None, None
        return summarize(loaded.document), suppression.parse(loaded.document.text)
    except Exception:  # noqa: BLE001 - a file that cannot be summarized has nothing to report here
        return None, None


class _Later:
    """A row of `CheckedDefinitions` that reads as its item, made when first asked for
    more than its name (most rows of a large run never are)."""

    __slots__ = ("_checked", "_index", "_item")

    def __init__(self, checked: CheckedDefinitions, index: int):
        self._checked, self._index, self._item = checked, index, None

    @property
    def file(self) -> str:
        return self._checked.name_at(self._index) if self._item is None else self._item.file

    def __getattr__(self, name: str):
        if self._item is None:
            self._item = self._checked[self._index]
        return getattr(self._item, name)


def _office_refs_of(checked) -> Iterator[tuple[tuple, object, str | None, int]]:
    """(office references, own item or None, row's name or None, index) of each checked
    definition; a `CheckedDefinitions` makes none of its rows."""
    if not isinstance(checked, CheckedDefinitions):
        for index, item in enumerate(checked):
            yield item.summary.office_refs, item, None, index
        return
    for (office_refs, _, _), item, name, index in checked.parts_with_items(refs="codes", flows=False):
        yield office_refs, item, name, index


def _office_findings(checked, config: Config, locator: RegistryLocator, registries, display_name, sources) -> list[Finding]:
    findings: list[Finding] = []
    lang = config.lang
    unusable: dict[Path, list] = {}
    no_registry: Path | None = None
    resolved: dict[str, object] = {}  # registry → its summary (or the problem reading it)
    # For each registry, the codes of the references that plainly resolve in it (a known
    # office, neither a group nor with a jurisdiction): a row's references come as codes
    # (`CheckedDefinitions.parts_with_items`), and a row with only those is passed over
    # without making one (most of a large run's rows; each code is judged once).
    plain: dict[int, set[int]] = {}
    for office_refs, item, name, index in _office_refs_of(checked):
        if not office_refs:
            continue
        codes = office_refs if item is None else None
        if item is None:  # a row of `CheckedDefinitions`, made only for a finding
            folder = checked_folder(name)
            registry = locator.registry_in(folder, name)
            if registry is None:
                no_registry = no_registry or locator.root(os.path.dirname(_path_in_folder(name, folder)))
                continue
            item = _Later(checked, index)
        else:
            registry = locator.registry_of(item)
            if registry is None:
                no_registry = no_registry or locator.root(os.path.dirname(item.path))
                continue
        # Keyed by the registry's path as text: hashing a Path for each of thousands of
        # definitions cost more than the rest of this loop.
        known = resolved.get(os.fspath(registry), resolved)
        if known is resolved:
            real = locator.real(registry)
            if real not in registries:
                registries[real] = _read_registry(registry, config)
            known = resolved[os.fspath(registry)] = registries[real]
        if not isinstance(known, RegistrySummary):
            unusable.setdefault(registry, [known, set()])[1].add(item.file)
            continue
        office_ids, groups = known.office_ids, known.groups
        if codes is not None:
            resolving = plain.get(id(known))
            if resolving is None:
                resolving = plain[id(known)] = set()
            if all(map(resolving.__contains__, codes)):
                continue
            office_refs = tuple(map(checked.reference, codes))
            resolving.update(
                code for code, office_ref in zip(codes, office_refs)
                if office_ref.ref in office_ids and not office_ref.jurisdiction and office_ref.ref not in groups
            )
        for office_ref in office_refs:
            if office_ref.ref in office_ids:
                if office_ref.jurisdiction or office_ref.ref in groups:  # SVC605's two cases
                    findings.extend(_jurisdiction_findings(item, office_ref, known, lang, sources))
                continue
            named = known.id_named(office_ref.ref)
            place = sources.place(item, office_ref.pointer)
            if named is not None:
                findings.append(
                    _finding(
                        "SVC601", "named", item.file, place, lang,
                        source=sources.line(item, place.line),
                        ref=office_ref.ref, candidate=named, registry=display_name(registry),
                    )
                )
                continue
            findings.append(
                _finding(
                    "SVC601", "unknown", item.file, place, lang,
                    source=sources.line(item, place.line),
                    ref=office_ref.ref, registry=display_name(registry),
                    suggestion=_suggestion(office_ref.ref, office_ids, lang),
                )
            )
    for registry, (problem, files) in unusable.items():
        shown = display_name(registry)
        if problem == "missing" and locator.configured is not None:
            findings.append(
                _finding("SVC603", "missing", shown, None, lang, registry=shown, config=config.source or "the configuration")
            )
        else:
            findings.append(
                _finding("SVC603", "unreadable", shown, None, lang, registry=shown, problem=problem, count=len(files))
            )
    if no_registry is not None:
        expected = display_name(no_registry / REGISTRY_NAMES[0])
        findings.append(
            replace(
                _finding("SVC601", "no_registry", expected, None, lang, root=_folder_name(display_name(no_registry)), expected=expected),
                severity=WARNING,
            )
        )
    return findings


JURISDICTIONS = ("household_registration", "residence", "business_domicile", "property_location",
                 "incident_location", "other")


def _jurisdiction_findings(item, office_ref: OfficeRef, known: RegistrySummary, lang: str, sources) -> list[Finding]:
    """SVC605: a group office needs a jurisdiction; a single one takes none."""
    is_group = office_ref.ref in known.groups
    if is_group and not office_ref.jurisdiction:
        place = sources.place(item, office_ref.pointer)
        return [
            _finding(
                "SVC605", "group_without_jurisdiction", item.file, place, lang,
                source=sources.line(item, place.line), ref=office_ref.ref, allowed=", ".join(JURISDICTIONS),
            )
        ]
    if not is_group and office_ref.jurisdiction:
        # At its key: the finding says to remove it.
        place = sources.place(item, office_ref.jurisdiction_pointer, key=True)
        return [
            _finding(
                "SVC605", "jurisdiction_on_single", item.file, place, lang,
                source=sources.line(item, place.line), ref=office_ref.ref,
            )
        ]
    return []


def _folder_name(display: str) -> str:
    return "./" if display in ("", ".") else display.rstrip("/") + "/"


def _read_registry(path: Path, config: Config) -> RegistrySummary | str:
    """The registry's office ids, or a short reason why it cannot be used."""
    if not path.is_file():
        return "missing"
    from .context import load_registry  # one load shared with the registry's defaults

    loaded = load_registry(str(path), config)
    if loaded.document is None:
        first = loaded.findings[0] if loaded.findings else None
        return f"{first.code} at line {first.line}" if first else "unreadable"
    return summarize_registry(loaded.document)


class _SeenFiles:
    """The files the id comparison already accounts for. One file may have several
    names (links); two names are the same file when they resolve to the same real path.
    Resolving every name of a large repository is slow, so names are compared by
    display name, then by inode, and only names sharing an inode are resolved (hard
    links share one and are still distinct files, as they always were here; so are
    files of two devices that happen to share an inode number)."""

    def __init__(self):
        self._displays: set[str] = set()
        # Keyed by the inode alone, the very integer of the file's stat: a (device,
        # inode) tuple made for each file of a large run was 56 bytes a file kept.
        # One name per file, a list only for a file with several (links): a list for
        # each file of a large run was most of this pass's memory.
        self._paths_by_inode: dict[int, str | list[str]] = {}
        self._real_by_inode: dict[int, set[str]] = {}
        # Definitions counted by name only until a name is not enough (`add_checked`).
        self._unindexed: list[Sequence[_Checked]] = []
        # Their names, sorted, searched by bisection: a set of them was 79 bytes a file
        # of this pass's peak, a list of the same strings is 8.
        self._checked_names: list[list[str]] = []
        # Files this run checked that could not be loaded (`add_unloadable`).
        self._unloadable: set[str] = set()
        # The folders walked by the run all of whose files it accounted for: a pass
        # over a scope among them need not ask about each file (30,000 questions in a
        # whole run of 10,000 files, most of the pass's time after the rows').
        self.walked_whole: frozenset[str] = frozenset()

    def saw_all_of(self, scope: str | os.PathLike) -> bool:
        """Whether every file of the folder `scope`, as the run walked it, is seen."""
        return os.fspath(scope) in self.walked_whole

    @staticmethod
    def _identity(path: str) -> tuple[int, int] | None:
        try:
            info = os.stat(path)
        except OSError:
            return None  # nothing that exists resolves to a missing file
        return (info.st_dev, info.st_ino)

    def add_display(self, display: str) -> None:
        self._displays.add(display)

    def add_checked(self, checked: Sequence[_Checked]) -> None:
        """Count the definitions checked as seen. Their inodes are indexed only when a
        file is asked for that their names do not account for: in a whole-repository run
        every file walked is one of them, by name, or a file the run could not load
        (`could_not_load`), and the index (two objects a file) is never made.
        `checked` is sorted by `file`."""
        # A `CheckedDefinitions` lends its names as read (a large run's are kept by column).
        names = checked.name_view() if isinstance(checked, CheckedDefinitions) else [item.file for item in checked]
        self._checked_names.append(names)
        self._unindexed.append(checked)

    def _named(self, display: str) -> bool:
        if display in self._displays:
            return True
        for names in self._checked_names:
            at = bisect.bisect_left(names, display)
            if at < len(names) and names[at] == display:
                return True
        return False

    def add_unloadable(self, displays: Iterable[str]) -> None:
        """Note files the run checked and could not load (a syntax error, an encoding):
        they are not counted as seen (a peek may still find their id), but loading them
        again for their summary (`_summary_of`) would fail again, as it did for each of
        them twice (data flows, a registry's dependants) in a whole-repository run."""
        self._unloadable.update(displays)

    def could_not_load(self, target) -> bool:
        return target.display in self._unloadable

    def _index_checked(self) -> None:
        while self._unindexed:
            for item in self._unindexed.pop():
                self._index(item.path, item.identity)

    def add(self, path: str, display: str, identity: tuple[int, int] | None) -> tuple[int, int] | None:
        """Count the file as seen; its identity, as given or found now (None: gone)."""
        self._displays.add(display)
        return self._index(path, identity)

    def _index(self, path: str, identity: tuple[int, int] | None) -> tuple[int, int] | None:
        identity = identity or self._identity(path)
        if identity is not None:
            inode = identity[1]
            known = self._paths_by_inode.setdefault(inode, path)
            if known is not path:
                if isinstance(known, str):
                    known = self._paths_by_inode[inode] = [known]
                known.append(path)
            self._real_by_inode.pop(inode, None)
        return identity

    def __contains__(self, target) -> bool:
        if self._named(target.display):
            return True  # one display name is one absolute path
        self._index_checked()
        identity = target.identity or self._identity(target.path)
        if identity is None or identity[1] not in self._paths_by_inode:
            return False
        inode = identity[1]
        reals = self._real_by_inode.get(inode)
        if reals is None:
            paths = self._paths_by_inode[inode]
            reals = self._real_by_inode[inode] = {
                os.path.realpath(p) for p in ([paths] if isinstance(paths, str) else paths)
            }
        return os.path.realpath(target.path) in reals


# Up to this many ids checked, a file not checked is first searched for them as bytes.
PEEK_SCREEN_IDS = 32


def peek_id(path: str, config: Config, looking_for: tuple[str, ...] = ()) -> tuple[str, int] | None:
    """(id, line) of a definition read only up to its id, or None when it has no usable
    one (or is of another format version, which the loader refuses entirely). With
    `looking_for`, None also for a file that cannot hold any of those ids (not cacheable)."""
    peeked = peek_top_level(path, ("svcstd", "id"), limits=config.limits, unless_absent=looking_for)
    if not peeked or "id" not in peeked:
        return None
    from .versions import FORMAT_VERSIONS

    version = peeked.get("svcstd")
    if version is not None and version[0] not in FORMAT_VERSIONS:
        return None
    other_id, line, _ = peeked["id"]
    if isinstance(other_id, str) and other_id:
        return other_id, line
    return None


class _Listed(NamedTuple):
    """A file of a scope as `_SeenFiles` compares it (a walk's `Target`, or its fields
    sent back by the background reading)."""

    path: str
    display: str
    identity: tuple[int, int] | None


def _peeked_others(scopes, config: Config, seen: _SeenFiles, walked: dict, read, may_hold=None) -> Iterator[tuple]:
    """(target, identity, (id, line)) of each file of `scopes` that `read` finds an id in,
    in walk order, skipping the files `seen` (and adding each file read to it): the files
    of a scope that SVC602 compares the checked definitions with.

    With `may_hold` (a byte search), a file it refuses is passed over before anything
    else: neither stat'ed by the walk, nor counted among the files seen, nor read. A link
    to such a file holds none of the ids either, so which of two names of one file comes
    first is still decided among the files that may hold one."""
    from . import discovery

    for scope in scopes:
        listed = walked.get(str(scope))
        if listed is None:
            listed = discovery.walk(scope, config, stat=may_hold is None)
        elif seen.saw_all_of(scope):
            # Only a file the run could not load may lend an id here (see below).
            listed = [target for target in listed if seen.could_not_load(target)]
        for target in listed:
            if is_registry_file(target.path, config, target.identity):
                continue
            if may_hold is not None and not may_hold(target):
                continue
            # A file the run checked and could not load is, by discovery, no other name
            # of a file the run checked: asked by name only, it spares the whole run the
            # index of every checked file's inode. (A link to it peeked just before gives
            # the same id, and the first one found is the one kept.)
            if not seen.could_not_load(target) and target in seen:
                continue
            identity = seen.add(target.path, target.display, target.identity)
            peeked = read(target)
            if peeked is not None:
                yield target, identity, peeked


def read_others(
    scopes: list[str], config: Config, looking_for: tuple[str, ...], screen=None, checked: frozenset[str] = frozenset(),
    part: frozenset[int] | None = None, walked: dict | None = None,
) -> tuple:
    """(path, display, identity, id, line) of each file of `scopes` that may hold one of
    `looking_for`, in walk order: what a run without the cache reads of the files it does
    not check; and with `screen` (`oversight.flows.FlowScreen`: a checked file takes part
    in data flows), scope → `flows.read_other_flows` of its files that the screen keeps
    (the files being `checked` apart): each file read once for both. With `part`, only
    the files whose shares (`share_of`) are in it; `walked`, each scope's walk when it
    was made already (without stat). Run in the background
    (`start_reading_others`) on one part and by this process on the rest, with the byte
    search first: the child's walk and reading were the longer half of a one-file run."""
    from .load import peek_bytes
    from .load.entry import holds_none

    needles = tuple(text.encode("utf-8") for text in looking_for)
    ids: list[tuple] = []
    seen = _SeenFiles()  # one for every scope: a file is compared once
    screened: dict[str, list[tuple]] = {}
    for scope in scopes:
        kept = screened[scope] = []

        def may_hold(target, kept=kept) -> bool:
            if part is not None and share_of(target.path) not in part:
                return False
            raw = peek_bytes(target.path, config.limits)
            if raw is None:
                return False
            if screen is not None and target.path not in checked:
                _keep_if_screened(kept, target, raw, screen)
            return not holds_none(raw, needles)

        ids.extend(
            (target.path, target.display, identity, *peeked)
            for target, identity, peeked in _peeked_others(
                [scope], config, seen, walked or {}, lambda target: peek_id(target.path, config), may_hold=may_hold,
            )
        )
    return ids, _other_flows(screened, config, screen)


def read_others_through(scopes: list[str], config: Config, peeks, looking_for: tuple[str, ...]) -> tuple:
    """`read_others` for a run with the cache, its ids alone: (path, display, identity,
    id, line) of each file of `scopes` whose id is one of `looking_for`, every file's id
    peeked through `peeks` (the cache's `PeekCache`: an unchanged file answered from its
    metadata alone), which is then saved here. The data flows are read by another child
    and by this process, once the results cache is open (`read_flows_too`)."""
    ids: list[tuple] = []
    wanted = frozenset(looking_for)
    seen = _SeenFiles()

    def read(target):
        return peeks.get_or_peek(target.path, target.signature, lambda path: peek_id(path, config))

    for scope in scopes:
        ids.extend(
            (target.path, target.display, identity, *peeked)
            for target, identity, peeked in _peeked_others([scope], config, seen, {}, read)
            if peeked[0] in wanted
        )
    peeks.forget_unvisited_under(list(scopes))
    peeks.save()
    return ids, None


# The other files are read in shares, each the files whose name hashes to it
# (`share_of`): a child reads its part, and this process the rest once its check is
# done, instead of waiting. (A child reading every file was the longer part of a
# one-file run in a 2,000-definition repository, by 35-75 ms; a third process on two
# cores was slower again.) Without the cache the child's part is both the ids and the
# data flows of its files; with the cache the ids are peeked through it, by a child of
# their own, and only the data flows are shared.
SHARES = 6
# Without the cache, the child's part of the ids and data flows when a checked file has
# flows (without flows it reads every file's id: the check takes as long); with the
# cache, its part of the data flows (this process is then mostly idle).
CHILDS_PART = frozenset({0, 1, 2, 3})
CACHED_CHILDS_PART = frozenset({0, 1, 2})


def own_part(childs: frozenset[int]) -> frozenset[int]:
    """The shares this process reads when a child reads `childs`."""
    return frozenset(range(SHARES)) - childs


def share_of(path: str) -> int:
    """Which share of the other files a file falls to: by its name's hash, the same in
    this process and the children it forks."""
    return hash(path) % SHARES


def read_other_flows_of(
    scopes: list[str], config: Config, screen, checked: frozenset[str] = frozenset(), part: frozenset[int] = CACHED_CHILDS_PART,
) -> dict[str, list] | None:
    """The data-flow half of `read_others`, of the files of `scopes` whose shares
    (`share_of`) are in `part`: scope → `flows.read_other_flows` of those that `screen`
    keeps, the files being `checked` apart."""
    from . import discovery

    def mine(path: str) -> bool:
        return share_of(path) in part

    return _other_flows(
        {scope: _screened(discovery.walk(scope, config, stat=False), config, screen, checked, mine) for scope in scopes},
        config, screen,
    )


def _screened(listed, config: Config, screen, checked: frozenset[str], mine) -> list[tuple]:
    """(target, the recipients it may name, whether it may share with a party) of each
    of `listed` that `mine` takes and `screen` keeps, but the files being `checked`
    (absolute paths), which the data-flow pass has."""
    from .load import peek_bytes

    kept = []
    for target in listed:
        path = target.path
        if path in checked or not mine(path) or is_registry_file(path, config, target.identity):
            continue
        raw = peek_bytes(path, config.limits)
        if raw is not None:
            _keep_if_screened(kept, target, raw, screen)
    return kept


def _keep_if_screened(kept: list, target, raw: bytes, screen) -> None:
    """Add (target, the recipients it may name, whether it may share with a party) to
    `kept` when `screen` keeps the file of these bytes."""
    named, shares = screen.reasons(raw)
    if named or shares:
        kept.append((target, named, shares))


def _other_flows(screened: dict[str, list[tuple]], config: Config, screen) -> dict[str, list] | None:
    if screen is None:
        return None
    from .oversight.flows import read_other_flows

    return {scope: read_other_flows(kept, config) for scope, kept in screened.items()}


class _OwnPart(NamedTuple):
    """What this process reads itself of the other files (`OthersInBackground`)."""

    config: Config
    checked: frozenset[str]  # the absolute paths of the files checked, left out
    with_ids: bool  # the ids too (without the cache), else the data flows alone
    part: frozenset[int]  # its shares (`share_of`)


class OthersInBackground:
    """The other files of a small run's scopes, read on the other core while it checks
    its files: for the ids its files were peeked to have and, when they take part in
    data flows, the other definitions that may change their flow findings.

    Without the cache, a child reads its part of the files (`CHILDS_PART`) for both, and
    this process the rest once its check is done (`_own_part`), before it waits for the
    child (for a definition without data flows, the child reads every file). With the cache, a child peeks every file's id through it, started first (the
    peeks need no results cache), and once the cache is open a second child reads its
    part of the data flows, this process the rest (`read_flows_too`)."""

    def __init__(
        self, pending, scopes: tuple[str, ...], looking_for: tuple[str, ...], screen=None, *,
        files=(), flow_child=None, own: _OwnPart | None = None,
    ):
        self._pending = pending  # None: no child reads the ids
        self._scopes = scopes
        self._looking_for = frozenset(looking_for)
        self._screen = screen
        self._files = files  # the targets, for `read_flows_too`
        self._flow_child = flow_child  # with the cache: the child reading its part of the flows
        self._own = own  # what this process reads itself
        self._own_read: tuple | None = None

    def _for(self, scopes) -> bool:
        return tuple(sorted(map(str, scopes))) == tuple(sorted(self._scopes))

    def _read(self, scopes) -> tuple | None:
        if self._pending is None:
            return None
        answer = self._pending.result()  # reaps the child in every case
        if answer is None or not self._for(scopes):
            return None
        return answer

    def _own_part(self) -> tuple:
        """(ids, flows, walk positions) of this process's part of the files, read once,
        before waiting for a child; ids None when the child reads them all."""
        if self._own_read is None:
            if self._own is None:
                self._own_read = (None, None, None)
            else:
                config, checked, with_ids, part = self._own
                scopes = list(self._scopes)
                if with_ids:
                    from . import discovery

                    walked = {scope: discovery.walk(scope, config, stat=False) for scope in scopes}
                    looking_for = tuple(sorted(self._looking_for))
                    ids, flows = read_others(scopes, config, looking_for, self._screen, checked, part, walked)
                    # Each file → (its scope's place, its place in the walk): the records' order.
                    positions = {
                        target.path: (number, place)
                        for number, scope in enumerate(scopes) for place, target in enumerate(walked[scope])
                    }
                    self._own_read = (ids, flows, positions)
                else:
                    self._own_read = (None, read_other_flows_of(scopes, config, self._screen, checked, part), None)
        return self._own_read

    def answer(self, scopes, looking_for: tuple[str, ...]) -> list[tuple] | None:
        """What the background read (and this process of its part), when it read these
        very scopes for ids that include every one of `looking_for` (the checked files'
        ids, known only now), in walk order; else None, and the pass reads the files
        itself."""
        if not self._looking_for.issuperset(looking_for):
            return None
        own_ids, _, positions = self._own_part()
        answer = self._read(scopes)
        if answer is None:
            return None
        if own_ids is None:
            return answer[0]
        # `others` keeps the first file of an id by walk order: the two parts merged so.
        return sorted([*answer[0], *own_ids], key=lambda record: positions.get(record[0], (len(positions), 0)))

    def flows(self, scopes, screen) -> dict[str, list] | None:
        """`read_other_flows` of each of `scopes`, the child's part and this process's,
        when they were read with a screen that keeps every file `screen` keeps (the one
        made from the checked files' summaries); else None, and the data-flow pass
        reads the files itself."""
        if self._screen is None or not self._screen.covers(screen) or not self._for(scopes):
            return None
        _, own, _ = self._own_part()  # read while the child still reads its part
        if self._flow_child is not None:
            theirs = self._flow_child.result()
        else:
            answer = self._read(scopes)
            theirs = None if answer is None else answer[1]
        if theirs is None:
            return None
        if own is None:  # (no part of its own: the child read every file)
            return theirs
        return {scope: [*theirs.get(scope, ()), *own.get(scope, ())] for scope in self._scopes}

    def read_flows_too(self, cache, config: Config) -> None:
        """With the cache, once it is open: when a target takes part in data flows, the
        other definitions that may change its flow findings, read by a child and by this
        process, a part each; an unchanged target's flows are its cached summary's."""
        from . import background

        files = self._files
        cached = [cache.result_if_unchanged(t.path, t.display, t.signature) for t in files]
        screen = _flow_screen_before_the_check(files, cached, config)
        if screen is None:
            return
        absolute = _Absolute()
        checked = frozenset(absolute(t.path) for t in files)
        child = background.start(read_other_flows_of, list(self._scopes), config, screen, checked, CACHED_CHILDS_PART)
        if child is not None:
            self._screen, self._flow_child = screen, child
            self._own = _OwnPart(config, checked, False, own_part(CACHED_CHILDS_PART))

    def close(self) -> None:
        """Reap the children whose answer was not asked for."""
        if self._pending is not None:
            self._pending.result()
        if self._flow_child is not None:
            self._flow_child.result()


def start_reading_others(targets, config: Config, peeks=None) -> OthersInBackground | None:
    """For a partial run: SVC602's reading of the other files of the checked files'
    scopes, and the data-flow pass's when a target takes part in flows, started in a
    forked child (`background`) while this process checks the files. A run that cannot
    be helped (standard input, more files than the byte search takes, scopes the run
    walks itself) is left to the passes, as before.

    The ids looked for are the targets' own and the flows screened for are read from
    the targets' data, here; a file whose checked id or flows turn out to be others is
    left to the passes. With the cache's `peeks` (`cache.PeekCache`), an unchanged
    target's id is its peeked one (a run over unchanged files reads none of them), the
    child peeks the other files' ids through them, and the flows are read by another
    child and this process once the results cache is open
    (`OthersInBackground.read_flows_too`)."""
    from . import background
    from .discovery import has_stdin

    # Counted before listed: a whole repository's run is never helped, and its targets
    # listed were 14 MB at 100,000 files (each a name made from the column), for nothing.
    if not len(targets) or len(targets) > PEEK_SCREEN_IDS or has_stdin(targets) or not background.can_fork():
        return None
    files = list(targets)
    locator = RegistryLocator(config)
    absolute = _Absolute()
    scopes = sorted({locator.scope_for(absolute(t.path)) for t in files if not is_registry_file(t.path, config, t.identity)})
    walked = getattr(targets, "walked", {})
    if not scopes or any(walked.get(str(scope)) is not None for scope in scopes):
        return None
    scope_names = tuple(map(str, scopes))
    ids = set()
    for target in files:
        if peeks is not None:
            peeked = peeks.get_or_peek(target.path, target.signature, lambda path: peek_id(path, config))
        else:
            peeked = peek_id(target.path, config)
        if peeked is not None:
            ids.add(peeked[0])
    looking_for = tuple(sorted(ids))
    if peeks is not None:
        pending = background.start(read_others_through, list(scope_names), config, peeks, looking_for) if ids else None
        return OthersInBackground(pending, scope_names, looking_for, files=files)
    screen = _flow_screen_before_the_check(files, [None] * len(files), config)
    if not ids and screen is None:
        return None
    checked = frozenset(absolute(t.path) for t in files)
    # With data flows to read too, the child reads its part of the files and this
    # process the rest (`OthersInBackground`); without, the child reads them all.
    part = None if screen is None else CHILDS_PART
    pending = background.start(read_others, list(scope_names), config, looking_for, screen, checked, part)
    if pending is None:
        return None
    own = None if part is None else _OwnPart(config, checked, True, own_part(part))
    return OthersInBackground(pending, scope_names, looking_for, screen, own=own)


def _flow_screen_before_the_check(files, cached, config: Config):
    """A data-flow screen (`oversight.flows.FlowScreen`) that keeps at least what the
    checked files' summaries will ask for, read now from the plain data of the files
    whose bytes may declare a flow, or from the summary of an unchanged one's result in
    the cache (`cached`, for each of `files`, or None); None when none does. (Made from
    summaries made here, it cost a one-file run the loader's imports before the
    background could start: 4-6 ms more for a file without flows.)"""
    from .load import peek_bytes

    screens = []
    for target, result in zip(files, cached):
        if result is not None:
            screen = _flow_offices_of(getattr(result, "summary", None))
            if screen is not None:
                screens.append(screen)
            continue
        raw = peek_bytes(target.path, config.limits)
        if raw is None or (b"shared_with" not in raw and b"department_sharing" not in raw and b"\\" not in raw):
            continue
        screen = _flow_offices_in(raw, config)
        if screen is not None:
            screens.append(screen)
    if not screens:
        return None
    # (Imported only now: before the fork, for a file without flows, it was 2.3 ms.)
    from .oversight.flows import FlowScreen

    return FlowScreen(*(frozenset().union(*parts) for parts in zip(*screens)))


def _flow_offices_of(summary) -> tuple[frozenset[bytes], ...] | None:
    """`_flow_offices_in`, from a definition's summary."""
    if not isinstance(summary, ServiceSummary) or not summary.flows:
        return None
    from .oversight.flows import FlowScreen

    return tuple(FlowScreen.of([summary]))


def _flow_offices_in(raw: bytes, config: Config) -> tuple[frozenset[bytes], ...] | None:
    """At least what `FlowScreen.of` keeps for this file's summary (its recipients,
    receivers and senders), read from its data as the fast parser gives it (no model,
    no positions), or None when it takes part in no flow or cannot be read so: made
    before a small run's background starts, where a summary would cost the loader's
    imports. Any reference of a personal item's sharing entry counts as a recipient; a
    screen that turns out to keep less than the checked summaries ask for is not used
    (`FlowScreen.covers`)."""
    from .load.parse import parse_fast

    try:
        data = parse_fast(raw.decode("utf-8"), config.limits.max_nodes)
    except Exception:  # noqa: BLE001 - unreadable here: the pass screens after the check
        return None
    if not isinstance(data, dict) or not isinstance(data.get("data_collected"), list):
        return None
    recipients: set[bytes] = set()
    receives = shares = False
    for item in data["data_collected"]:
        if not isinstance(item, dict) or item.get("personal") is not True:
            continue
        sharing = item.get("shared_with")
        receives = receives or item.get("source") == "department_sharing"
        shares = shares or bool(sharing)
        for entry in sharing if isinstance(sharing, list) else ():
            office = entry.get("office") if isinstance(entry, dict) else None
            ref = office.get("ref") if isinstance(office, dict) else office
            if isinstance(ref, str) and ref:
                recipients.add(ref.encode("utf-8"))
    if not receives and not shares:
        return None
    responsible = data.get("responsible_office")
    ref = responsible.get("ref") if isinstance(responsible, dict) else responsible
    parties = frozenset({ref.encode("utf-8")} if isinstance(ref, str) and ref else ())
    return frozenset(recipients), parties if receives else frozenset(), parties if shares else frozenset()


def _duplicate_id_findings(
    checked: Sequence[_Checked], config: Config, locator: RegistryLocator, seen: _SeenFiles, targets, peeks, sources,
    in_background: OthersInBackground | None = None,
) -> list[Finding]:
    """SVC602. The other definitions of each scope come from discovery's own walk when
    the run walked that very folder (a whole-repository run: nothing is walked or read
    again), else from a walk of the scope, peeking at each file not checked (through
    `peeks`, the cache, when there is one: a second pre-commit run reads none of them;
    or read in the background while the files were checked, `in_background`)."""
    lang = config.lang
    walked = getattr(targets, "walked", {})
    others: dict[str, tuple[str, int]] = {}
    scopes = sorted(_scopes_with_ids(checked, locator))
    # The ids themselves only serve a small run (the background's answer, the byte
    # screen): a set of every id of a whole-repository run was 50 bytes a file of its peak.
    looking_for = _distinct_ids(checked, None if in_background is not None else PEEK_SCREEN_IDS)
    records = in_background.answer(scopes, looking_for) if in_background is not None else None
    if records is not None:  # (with the cache, the background saved what it peeked)
        for path, display, identity, other_id, line in records:
            if _Listed(path, display, identity) in seen:
                continue
            seen.add(path, display, identity)
            # `others` keeps the first by walk order; walks are sorted, so this is stable.
            others.setdefault(other_id, (display, line))
    else:
        if peeks is not None:
            def read(target):
                return peeks.get_or_peek(target.path, target.signature, lambda path: peek_id(path, config))
        else:
            # No cache to fill: only files that may hold one of the checked ids are read
            # up to their id (a one-file run in a large repository reads each file once).
            # With many ids checked, searching the bytes for each costs more than reading
            # the id (a full run peeks only its unreadable files, against 10,000 ids): an
            # id that matches none of them is then simply never looked up.
            screen = looking_for or ()

            def read(target):
                return peek_id(target.path, config, screen)

        for target, _, peeked in _peeked_others(scopes, config, seen, walked, read):
            others.setdefault(peeked[0], (target.display, peeked[1]))
        if peeks is not None:
            peeks.forget_unvisited_under([str(scope) for scope in scopes if walked.get(str(scope)) is None])
            peeks.save()

    findings: list[Finding] = []
    repeated = _repeated_ids(checked)
    from .run_results import hash_of_id

    # Only the ids of definitions whose id's hash is one of these are read.
    wanted = {hash_of_id(service_id) for service_id in (*repeated, *others)} - {None}
    # The first definition of each id that another checked one repeats: only those ids
    # (a dict of every id was 45 bytes a file of a whole-repository run's peak).
    first: dict[str, _Checked] = {}
    for index, hashed in enumerate(_id_hashes_of(checked) if wanted else ()):
        if hashed not in wanted:
            continue
        service_id = _id_at(checked, index)
        earlier = first.get(service_id)
        if earlier is not None:
            # Its line is found only now, when it is named in a finding.
            clash = (earlier.file, sources.place(earlier, ID_POINTER).line)
        else:
            clash = others.get(service_id)
        if clash is None:
            if service_id in repeated:
                first[service_id] = checked[index]
            continue
        item = checked[index]
        place = sources.place(item, ID_POINTER)
        # Standard input without a name is most often a copy of a file being edited: say
        # so, rather than call the file a different definition.
        unnamed = item.from_stdin and item.file == STDIN_NAME
        findings.append(
            _finding(
                "SVC602", "stdin_duplicate" if unnamed else "duplicate", item.file, place, lang,
                source=sources.line(item, place.line), id=service_id, other=clash[0], line=clash[1],
            )
        )
    return findings


def _scopes_with_ids(checked: Iterable[_Checked], locator: RegistryLocator) -> set[Path]:
    """The scopes of the checked definitions that have an id (by name alone for the
    rows of a `CheckedDefinitions`: no row is made)."""
    if not isinstance(checked, CheckedDefinitions):
        return {locator.scope_of(item) for item in checked if item.summary.id}
    scopes: set[Path] = set()
    # A row's scope is its folder's: one name for each folder (a string hashes once; a
    # `Path` hashes in Python each time it is added).
    named_in: dict[str, str] = {}
    for hashed, item, name, _ in checked.id_hashes_with_items():
        if hashed is None:
            continue  # (no id)
        if item is not None:
            scopes.add(locator.scope_of(item))
        else:
            named_in.setdefault(checked_folder(name), name)
    scopes.update(locator.scope_of_name(name) for name in named_in.values())
    return scopes


def _ids_of(checked: Iterable[_Checked]) -> Iterator[str | None]:
    """Each checked definition's id, in order (a `CheckedDefinitions` makes no row)."""
    if isinstance(checked, CheckedDefinitions):
        return checked.ids()
    return (item.summary.id for item in checked)


def _id_hashes_of(checked: Sequence[_Checked]) -> Iterator[int | None]:
    """Each checked definition's `run_results.id_hash`, in order: a run's rows keep
    theirs, so that a pass over every definition reads no id."""
    if isinstance(checked, CheckedDefinitions):
        return checked.id_hashes()
    return map(_id_hash_of, checked)


def _id_at(checked: Sequence[_Checked], index: int) -> str | None:
    return checked.id_at(index) if isinstance(checked, CheckedDefinitions) else checked[index].summary.id


def _distinct_ids(checked: Iterable[_Checked], at_most: int | None) -> tuple[str, ...] | None:
    """The checked definitions' ids, sorted, each once; None when there are more than
    `at_most` of them."""
    ids: set[str] = set()
    for service_id in _ids_of(checked):
        if service_id:
            ids.add(service_id)
            if at_most is not None and len(ids) > at_most:
                return None
    return tuple(sorted(ids))


# Bits of the first reading's table for each id (`_repeated_ids`): at 32, one id in
# about 32 is looked at again for nothing.
_BITS_PER_ID = 32


def _repeated_ids(checked: Sequence[_Checked]) -> set[str]:
    """The ids that two checked definitions or more have.

    The ids are not kept, nor all made at once (a large run keeps them by column:
    `run_results`): a first reading sets a bit for each id's hash (`run_results.id_hash`,
    which a run's rows keep: no id is read), and notes the hashes met twice; a second
    reads and counts only the ids with one of those hashes (true repeats and a few that
    merely share a bit). A bit table of 4 bytes an id, for the pass's length."""
    size = 1 << max(16, (len(checked) * _BITS_PER_ID).bit_length())
    mask = size - 1
    bits = bytearray(size >> 3)
    twice: set[int] = set()
    for hashed in _id_hashes_of(checked):
        if hashed is not None:
            at = hashed & mask
            byte, bit = at >> 3, 1 << (at & 7)
            if bits[byte] & bit:
                twice.add(at)
            else:
                bits[byte] |= bit
    if not twice:
        return set()
    del bits
    counts: dict[str, int] = {}
    for index, hashed in enumerate(_id_hashes_of(checked)):
        if hashed is not None and hashed & mask in twice:
            service_id = _id_at(checked, index)
            counts[service_id] = counts.get(service_id, 0) + 1
    return {service_id for service_id, count in counts.items() if count > 1}


def _finding(code: str, msg: str, file: str, place: Place | None, lang: str, *, source: str | None = None, **params) -> Finding:
    place = place or Place(1, 1, "")
    return Finding(
        code=code,
        severity=default_severity(code),
        message=message(code, msg, lang, **params),
        file=file,
        line=place.line,
        column=place.column,
        path=place.pointer,
        source=source,
    )
