"""One typed, read-only, tolerant model of a service definition (format 1 and 1.1).

Everything that reads definitions (the semantic rules, the compliance report, and the
citizen guide, exports, data-flow register and diff that follow) reads them through this
module, so each element of the format is described in exactly one place: its keys, its
types, its defaults.

Why a model and not raw dicts: rules run on every definition that parsed, valid or not,
so any part may have the wrong type. Reading raw dicts meant every reader re-implemented
"a list where a mapping belongs", "a number written as an id", "a string or a map of
languages". Here each element is read once, tolerantly: a value of the wrong type reads
as absent (`None`, an empty tuple), never as an exception; the schema check already
reports the wrong type. Each element keeps its JSON `path` (a tuple of keys and indexes)
so that a finding is placed with `Document.locate(element.path)` / `doc.finding(...,
element.path + ("key",))`, and its mapping's `keys`, so that a rule can tell a key that
is absent from a key that is misspelt (SVC104 reports that one; see `Part.lacks`).

Usage::

    from svcstd.model import definition
    service = definition(doc)            # built once per Document, then cached on it
    for step in service.steps:
        if step.is_done_by_office and step.deadline is None: ...
        step.label                       # its id, or "#2" (1-based) without one
    service.name.pick("zh")              # text in a language (falls back sensibly)

Nothing here imports rules, schema or engine: the model depends only on the data.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import field
from typing import Any

from .records import record

Path = tuple  # a JSON path: keys (str) and list indexes (int)

DEADLINE_UNITS = ("working_days", "calendar_days", "hours")
RETENTION_UNITS = ("days", "months", "years")
STAGES = ("accept", "review", "decide", "conclude", "deliver", "other")
OFFICE_ACTORS = ("office", "third_party")
# PIPL Art. 28 (and 1.1's `genetic`): data in these categories is sensitive.
SENSITIVE_CATEGORIES = (
    "health", "biometric", "genetic", "minor", "religion", "criminal_record", "financial", "location",
)

# ---------------------------------------------------------------------------------------
# Tolerant readers: the wrong type reads as absent.


def _map(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _id(value: Any) -> str | None:
    """A usable id: a non-blank string (a number written as an id is not one)."""
    return value if isinstance(value, str) and value.strip() else None


def _num(value: Any) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def is_blank(value: Any) -> bool:
    """Missing, null, empty or whitespace-only; an empty list or map is blank too."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return all(is_blank(v) for v in value.values())
    if isinstance(value, list):
        return not value
    return False


def nearest(word: str, candidates) -> str | None:
    """The known name closest to a misspelt one, if any is close (as SVC104 suggests)."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


# ---------------------------------------------------------------------------------------
# Small values


@record(frozen=True)
class Text:
    """A *text*: a string, or a map from language tag to string. `default_language` is what
    a plain string is written in (the file's `language`, the registry's or configuration's
    default), None when nobody says."""

    value: str | dict
    path: Path
    default_language: str | None = None

    @property
    def is_plain(self) -> bool:
        return isinstance(self.value, str)

    @property
    def blank(self) -> bool:
        return is_blank(self.value)

    def by_language(self) -> dict[str, str]:
        """{language: string}; a plain string counts as its default language ("" if none)."""
        if isinstance(self.value, str):
            return {self.default_language or "": self.value}
        return {k: v for k, v in self.value.items() if isinstance(k, str) and isinstance(v, str)}

    def has(self, language: str) -> bool:
        return bool(self.by_language().get(language, "").strip())

    def get(self, language: str) -> str | None:
        found = self.by_language().get(language)
        return found if found and found.strip() else None

    def pick(self, *languages: str) -> str:
        """The text in the first of `languages` it has, else Chinese, else English, else the
        first it has; "" when blank. A plain string is always itself."""
        if isinstance(self.value, str):
            return self.value
        for language in (*languages, "zh", "en"):
            found = self.get(language)
            if found:
                return found
        return next((v for v in self.by_language().values() if v.strip()), "")

    def pick_with_language(self, *languages: str) -> tuple[str, str | None]:
        """As `pick`, with the language of the string chosen (a plain string: its default
        language, None when nobody says), so that a page can mark text in another language."""
        if isinstance(self.value, str):
            return self.value, self.default_language
        by_language = self.by_language()
        primary = [k for language in languages for k in by_language if k != language and k.split("-")[0] == language]
        for language in (*languages, *primary, "zh", "en", *by_language):
            found = self.get(language)
            if found:
                return found, language
        return "", None

    def strings(self) -> list[str]:
        return list(self.by_language().values())

    def __str__(self) -> str:
        return self.pick()


def _text(value: Any, path: Path, language: str | None) -> Text | None:
    if isinstance(value, (str, dict)):
        return Text(value, path, language)
    return None


@record(frozen=True)
class Duration:
    """A time limit or period: `{value, unit}` with a unit of its code list."""

    value: int | float
    unit: str
    path: Path

    def __str__(self) -> str:
        shown = int(self.value) if float(self.value).is_integer() else self.value
        return f"{shown} {self.unit}"


def _duration(value: Any, path: Path, units: tuple[str, ...]) -> Duration | None:
    """A `{value, unit}` duration with a unit of `units`, or None: a unit outside the code
    list is the schema's SVC103, and no rule can compare it."""
    data = _map(value)
    amount, unit = _num(data.get("value")), _str(data.get("unit"))
    if amount is None or amount < 0 or unit not in units:
        return None
    return Duration(amount, unit, path)


@record(frozen=True)
class IdRef:
    """An id named in a list (`uses`, `evidence`, `next`, a case in `when`)."""

    id: str
    path: Path


def _ids(value: Any, path: Path) -> tuple[IdRef, ...]:
    return tuple(IdRef(v, path + (i,)) for i, v in enumerate(_list(value)) if _id(v) is not None)


@record(frozen=True)
class When:
    """1.1 `when`: any-of; an entry that is a list is all-of."""

    any_of: tuple[tuple[str, ...], ...]
    refs: tuple[IdRef, ...]  # every case id named, with its place
    path: Path

    def applies(self, cases: set[str] | frozenset[str]) -> bool:
        return any(all(case in cases for case in group) for group in self.any_of)

    def case_ids(self) -> set[str]:
        return {ref.id for ref in self.refs}


def _when(value: Any, path: Path) -> When | None:
    if not isinstance(value, list):
        return None
    groups, refs = [], []
    for i, entry in enumerate(value):
        if _id(entry) is not None:
            groups.append((entry,))
            refs.append(IdRef(entry, path + (i,)))
        elif isinstance(entry, list):
            members = _ids(entry, path + (i,))
            if members:
                groups.append(tuple(m.id for m in members))
                refs.extend(members)
    return When(tuple(groups), tuple(refs), path)


# ---------------------------------------------------------------------------------------
# Parts: a mapping of the definition, with its path and its keys.

# The keys each part may hold (format 1.1, a superset of 1): used to tell a misspelt key
# from an absent one. Only what `lacks` needs; the schema is the authority on validity.
KNOWN_KEYS: dict[str, frozenset[str]] = {
    "office": frozenset({"ref", "name", "credit_code", "role", "jurisdiction", "jurisdiction_note"}),
    "law": frozenset({"title", "article", "url", "rank", "number", "issuer", "date", "text"}),
    "criterion": frozenset({"id", "criterion", "evidence", "when"}),
    "deadlines": frozenset({
        "kind", "statutory", "committed", "special_procedures", "statutory_note", "committed_note",
        "acceptance", "by_case",
    }),
    "by_case": frozenset({"when", "kind", "statutory", "committed", "note"}),
    "special_procedure": frozenset({"name", "duration", "counted", "legal_basis", "charged"}),
    "step": frozenset({
        "id", "name", "stage", "actor", "office", "deadline", "public_status", "uses", "next",
        "criteria", "when",
    }),
    "data_item": frozenset({
        "id", "name", "form", "category", "personal", "sensitive", "required", "source", "purpose",
        "legal_basis", "necessity", "retention", "shared_with", "cross_border", "when", "one_of",
        "issuer", "source_note", "presented", "medium", "copies", "paper_spec", "template", "sample",
        "instructions", "acceptance_criteria",
    }),
    "sharing": frozenset({"office", "purpose", "legal_basis", "method"}),
    "cross_border": frozenset({"destination", "legal_basis"}),
    "fees": frozenset({"charged", "items"}),
    "fee_item": frozenset({
        "name", "amount", "currency", "basis", "standard", "when", "reducible", "reduction_basis", "refund",
    }),
    "outcome": frozenset({"name", "type", "sample", "delivery", "validity", "delivery_deadline"}),
    "channel": frozenset({
        "type", "url", "address", "hours", "online_depth", "visits", "visits_reason", "office",
        "appointment", "courier", "online_payment", "self_service",
    }),
    "contact": frozenset({"enquiry", "complaint", "review", "litigation"}),
    "contact_point": frozenset({"type", "value", "label", "office", "hours"}),
    "body": frozenset({"body", "address", "phone", "url"}),
    "case": frozenset({"id", "name", "description"}),
    "top": frozenset({
        "svcstd", "id", "name", "description", "type", "status", "version", "effective", "level",
        "audience", "legal_basis", "responsible_office", "eligibility", "deadlines", "steps",
        "data_collected", "fees", "outcome", "channels", "contact", "codes", "cases", "language",
        "scope", "quantity_limit", "intermediary_services", "review_criteria", "materials_note",
        "supervising_office", "faq", "provenance",
    }),
}


@record(frozen=True)
class Part:
    """A mapping of the definition: where it is (`path`) and what is written in it (`raw`)."""

    path: Path
    raw: Mapping = field(default_factory=dict, repr=False, compare=False)

    KIND = ""  # which KNOWN_KEYS entry describes it

    @property
    def keys(self) -> frozenset:
        return frozenset(k for k in self.raw if isinstance(k, str))

    def has_key(self, key: str) -> bool:
        return key in self.raw

    def misspelt(self, key: str) -> bool:
        """Whether an unknown key of this mapping is a misspelling of `key` (SVC104 reports
        it with `key` as its suggestion), so a rule must not also report `key` missing."""
        known = KNOWN_KEYS.get(self.KIND)
        if not known:
            return False
        return any(
            isinstance(k, str) and k not in known and not k.startswith("x-") and nearest(k, known) == key
            for k in self.raw
        )

    def lacks(self, key: str) -> bool:
        """Whether a rule should report `key` as missing here. One mistake, one finding:
        not when the key is misspelt (SVC104 says so), and not when the value is empty
        or of the wrong type (the schema says so: "is empty", "should be text"); only when
        the key is absent, or its value is blank in a way the schema accepts (spaces)."""
        if key not in self.raw:
            return not self.misspelt(key)
        return _blank_but_well_typed(self.raw[key])

    def at(self, *more) -> Path:
        return self.path + more


def _blank_but_well_typed(value: Any) -> bool:
    """Only spaces: a string, or a non-empty map of strings (the schema rejects "", {},
    null and other types itself)."""
    if isinstance(value, str):
        return value.isspace()  # what strip() removes, and at least one of it
    if isinstance(value, dict) and value:
        for text in value.values():
            if not isinstance(text, str) or not text.isspace():
                return False
        return True
    return False


def _keys(data: dict) -> dict:
    """The raw mapping a part keeps (for `Part.raw`)."""
    return data


@record(frozen=True)
class OfficeRef(Part):
    """A reference to an office: its registry id (`ref`), or a name and credit code."""

    KIND = "office"
    ref: str | None = None
    name: Text | None = None
    credit_code: str | None = None
    role: str | None = None
    jurisdiction: str | None = None
    jurisdiction_note: Text | None = None


def _office(value: Any, path: Path, lang: str | None) -> OfficeRef | None:
    if not isinstance(value, dict):
        return None
    return OfficeRef(
        path, _keys(value),
        ref=_id(value.get("ref")),
        name=_text(value.get("name"), path + ("name",), lang),
        credit_code=_str(value.get("credit_code")),
        role=_str(value.get("role")),
        jurisdiction=_str(value.get("jurisdiction")),
        jurisdiction_note=_text(value.get("jurisdiction_note"), path + ("jurisdiction_note",), lang),
    )


@record(frozen=True)
class Law(Part):
    """One entry of `legal_basis`: a law or regulation, down to its article."""

    KIND = "law"
    title: str | None = None
    article: str | None = None
    url: str | None = None
    rank: str | None = None
    number: str | None = None
    issuer: str | None = None
    date: str | None = None
    text: str | None = None
    raw_article: Any = None  # what `article` holds, whatever its type


@record(frozen=True)
class Case(Part):
    """One of the applicant's situations (1.1 `cases`) that `when` conditions name."""

    KIND = "case"
    id: str | None = None
    name: Text | None = None
    description: Text | None = None


@record(frozen=True)
class Criterion(Part):
    """One eligibility criterion, with the data items that prove it."""

    KIND = "criterion"
    id: str | None = None
    criterion: Text | None = None
    evidence: tuple[IdRef, ...] = ()
    declares_evidence: bool = False
    when: When | None = None


@record(frozen=True)
class SpecialProcedure(Part):
    """A special procedure (hearing, expert review, ...) and the time it adds."""

    KIND = "special_procedure"
    name: Text | None = None
    duration: Duration | None = None
    counted: bool | None = None
    legal_basis: str | None = None
    charged: bool | None = None


@record(frozen=True)
class Limits(Part):
    """The limits of `deadlines`, or of one `deadlines.by_case` entry with the keys it omits
    taken from `deadlines` (`inherited` names those)."""

    KIND = "deadlines"
    kind: str | None = None
    statutory: Duration | None = None
    statutory_is_null: bool = False  # `statutory: null` written: no statutory limit exists
    committed: Duration | None = None
    inherited: frozenset = frozenset()


@record(frozen=True)
class CaseLimits(Limits):
    """The limits of one `deadlines.by_case` entry (1.1), inheriting what it omits."""

    KIND = "by_case"
    when: When | None = None
    note: Text | None = None


@record(frozen=True)
class Deadlines(Limits):
    """`deadlines`: the service's own limits, its notes, special procedures and cases."""

    acceptance: Duration | None = None
    statutory_note: Text | None = None
    committed_note: Text | None = None
    special_procedures: tuple[SpecialProcedure, ...] = ()
    by_case: tuple[CaseLimits, ...] = ()

    def all_limits(self) -> Iterator[Limits]:
        """The service's limits, then each case's (SVC201, SVC202, SVC204 check each)."""
        yield self
        yield from self.by_case


@record(frozen=True)
class Step(Part):
    """One step of the process: who does it, its deadline and the status it shows."""

    KIND = "step"
    index: int = 0
    id: str | None = None
    name: Text | None = None
    stages: tuple[str, ...] = ()  # one, or several (1.1: a step that accepts and decides)
    actor: str | None = None
    office: OfficeRef | None = None
    raw_office: Any = None
    deadline: Duration | None = None
    public_status: Text | None = None
    uses: tuple[IdRef, ...] = ()
    declares_uses: bool = False
    next: tuple[IdRef, ...] | None = None  # None: no `next`, the step after it follows
    raw_next: Any = None
    criteria: Text | None = None
    when: When | None = None

    @property
    def label(self) -> str:
        """How messages name the step: its id, else its 1-based position (`#2`)."""
        return self.id if self.id is not None else f"#{self.index + 1}"

    @property
    def stage(self) -> str | None:
        """The last of its stages: where the step leaves the application."""
        return self.stages[-1] if self.stages else None

    @property
    def is_done_by_office(self) -> bool:
        """An office or a third party acts: the applicant waits, and must see progress."""
        return self.actor in OFFICE_ACTORS


@record(frozen=True)
class Sharing(Part):
    """One `shared_with` entry of a data item: which office receives it, and why."""

    KIND = "sharing"
    office: OfficeRef | None = None
    raw_office: Any = None
    purpose: Text | None = None
    legal_basis: str | None = None
    raw_legal_basis: Any = None
    method: str | None = None


@record(frozen=True)
class CrossBorder(Part):
    """A data item's transfer abroad: where to, and on which legal basis."""

    KIND = "cross_border"
    destination: str | None = None
    raw_destination: Any = None
    legal_basis: str | None = None
    raw_legal_basis: Any = None


@record(frozen=True)
class Copies:
    """How many originals and copies of a material are handed in (1.1)."""

    original: int | None = None
    copy: int | None = None


@record(frozen=True)
class DataItem(Part):
    """A data item (申请材料 or a field): what it is, why and how long it is kept."""

    KIND = "data_item"
    index: int = 0
    id: str | None = None
    name: Text | None = None
    form: str | None = None
    categories: tuple[str, ...] = ()
    categories_path: Path = ()
    personal: bool = False
    sensitive: bool = False
    sensitive_written: bool = False
    required: bool | str | None = None  # True, False or "deferrable" (容缺后补)
    source: str | None = None
    purpose: Text | None = None
    raw_purpose: Any = None
    legal_basis: str | None = None
    raw_legal_basis: Any = None
    necessity: Text | None = None
    raw_necessity: Any = None
    retention: Duration | str | None = None  # or "permanent"
    raw_retention: Any = None
    shared_with: tuple[Sharing, ...] = ()
    cross_border: CrossBorder | None = None
    when: When | None = None
    one_of: str | None = None
    issuer: Text | None = None
    source_note: Text | None = None
    presented: str | None = None
    medium: str | None = None
    copies: Copies | None = None
    paper_spec: Text | None = None
    template: str | None = None
    sample: str | None = None
    instructions: Text | None = None
    acceptance_criteria: Text | None = None

    @property
    def label(self) -> str:
        return self.id if self.id is not None else f"#{self.index + 1}"

    @property
    def sensitive_categories(self) -> tuple[str, ...]:
        return tuple(c for c in self.categories if c in SENSITIVE_CATEGORIES)

    @property
    def is_document(self) -> bool:
        return self.form == "document"

    @property
    def details(self) -> tuple[str, ...]:
        """The 1.1 material details given (presented, medium, copies, ...), for the report."""
        names = ("presented", "medium", "copies", "paper_spec", "template", "sample", "instructions",
                 "acceptance_criteria", "issuer", "source_note")
        return tuple(n for n in names if getattr(self, n) is not None)


@record(frozen=True)
class FeeItem(Part):
    """One fee: its amount or standard, currency, basis and reductions."""

    KIND = "fee_item"
    index: int = 0
    name: Text | None = None
    amount: int | float | None = None
    currency: str | None = None
    basis: str | None = None
    raw_basis: Any = None
    standard: Text | None = None
    when: When | None = None
    reducible: bool | None = None
    reduction_basis: str | None = None
    refund: Text | None = None

    @property
    def label(self) -> str:
        return self.name.pick() if self.name and not self.name.blank else f"#{self.index + 1}"


@record(frozen=True)
class Fees(Part):
    """`fees`: whether the service is charged, and its fee items."""

    KIND = "fees"
    charged: bool | None = None
    items: tuple[FeeItem, ...] = ()
    items_written: bool = False


@record(frozen=True)
class Outcome(Part):
    """`outcome`: what the applicant receives, how and for how long it is valid."""

    KIND = "outcome"
    name: Text | None = None
    type: str | None = None
    sample: str | None = None
    delivery: tuple[str, ...] = ()
    validity: Duration | str | None = None
    delivery_deadline: Duration | None = None


@record(frozen=True)
class Channel(Part):
    """One way to apply (online, counter, post, ...), with its details."""

    KIND = "channel"
    index: int = 0
    type: str | None = None
    url: str | None = None
    address: Text | None = None
    hours: Text | None = None
    online_depth: int | float | None = None
    visits: int | float | None = None
    visits_reason: Text | None = None
    raw_visits_reason: Any = None
    office: OfficeRef | None = None
    appointment: bool | None = None
    courier: bool | None = None
    online_payment: bool | None = None
    self_service: bool | None = None


@record(frozen=True)
class ContactPoint(Part):
    """One way to reach someone. A version 1 contact string is one point without `type`."""

    KIND = "contact_point"
    type: str | None = None
    value: str | None = None
    label: Text | None = None
    office: OfficeRef | None = None
    hours: Text | None = None


@record(frozen=True)
class Body(Part):
    """行政复议 or 行政诉讼: the body, and how to reach it."""

    KIND = "body"
    body: Text | None = None
    address: str | None = None
    phone: str | None = None
    url: str | None = None


@record(frozen=True)
class ContactLine:
    """`contact.enquiry` or `contact.complaint`: a string (format 1) or a list of points."""

    path: Path
    points: tuple[ContactPoint, ...] = ()
    written: bool = False  # the key is there (even if blank or of the wrong type)
    is_list: bool = False

    @property
    def blank(self) -> bool:
        return not any(p.value and p.value.strip() for p in self.points)

    def values(self) -> frozenset[str]:
        """The points' values, compared without spaces and case (for "identical")."""
        return frozenset("".join(p.value.split()).casefold() for p in self.points if p.value and p.value.strip())

    def shown(self) -> str:
        return ", ".join(p.value.strip() for p in self.points if p.value and p.value.strip())


@record(frozen=True)
class Contact(Part):
    """`contact`: enquiry and complaint lines, review and litigation bodies."""

    KIND = "contact"
    enquiry: ContactLine = ContactLine(("contact", "enquiry"))
    complaint: ContactLine = ContactLine(("contact", "complaint"))
    review: Body | None = None
    litigation: Body | None = None


@record(frozen=True)
class Named(Part):
    """A small part with a name, e.g. an intermediary service or a FAQ entry."""

    fields: Mapping[str, Any] = field(default_factory=dict)


@record(frozen=True)
class RegistryDefaults:
    """The offices registry's `defaults` (1.1): what a plain string is written in, and the
    status the platform shows at each stage (which a step without its own inherits)."""

    language: str | None = None
    public_status: Mapping[str, Any] = field(default_factory=dict)  # stage → text value

    def status_for(self, stage: str | None) -> Any:
        return self.public_status.get(stage) if stage else None

    @staticmethod
    def read(data: Any) -> RegistryDefaults:
        """From a registry's parsed data (tolerant)."""
        defaults = _map(_map(data).get("defaults"))
        statuses = {
            stage: value
            for stage, value in _map(defaults.get("public_status")).items()
            if isinstance(stage, str) and isinstance(value, (str, dict)) and not is_blank(value)
        }
        language = _str(defaults.get("language"))
        return RegistryDefaults(language if language and language.strip() else None, statuses)

    def fingerprint(self) -> str:
        import json

        return json.dumps([self.language, self.public_status], sort_keys=True, ensure_ascii=False)


NO_DEFAULTS = RegistryDefaults()


# ---------------------------------------------------------------------------------------
# The definition


@record(frozen=True)
class Definition(Part):
    """A whole service definition, every element read tolerantly."""

    KIND = "top"
    version: str | None = None
    id: str | None = None
    name: Text | None = None
    description: Text | None = None
    type: str | None = None
    status: str | None = None
    version_of_service: str | None = None
    level: str | None = None
    audience: tuple[str, ...] = ()
    language: str | None = None  # the file's own `language`
    default_language: str | None = None  # the file's, else the registry's, else configuration's
    legal_basis: tuple[Law, ...] = ()
    responsible_office: OfficeRef | None = None
    supervising_office: OfficeRef | None = None
    eligibility: tuple[Criterion, ...] = ()
    deadlines: Deadlines | None = None
    steps: tuple[Step, ...] = ()
    data_collected: tuple[DataItem, ...] = ()
    fees: Fees | None = None
    outcome: Outcome | None = None
    channels: tuple[Channel, ...] = ()
    contact: Contact | None = None
    cases: tuple[Case, ...] = ()
    codes: Mapping[str, str] = field(default_factory=dict)
    scope: str | None = None
    quantity_limit: Text | None = None
    intermediary_services: tuple[Named, ...] = ()
    review_criteria: Text | None = None
    materials_note: Text | None = None
    faq: tuple[Named, ...] = ()
    provenance: Mapping[str, Any] = field(default_factory=dict)
    effective: Mapping[str, Any] = field(default_factory=dict)
    defaults: RegistryDefaults = NO_DEFAULTS

    # -- iteration helpers ---------------------------------------------------------------

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def item(self, item_id: str) -> DataItem | None:
        return next((d for d in self.data_collected if d.id == item_id), None)

    def case_ids(self) -> set[str]:
        return {c.id for c in self.cases if c.id is not None}

    def whens(self) -> Iterator[When]:
        """Every `when` of the definition, wherever it is allowed."""
        holders = [*self.eligibility, *self.steps, *self.data_collected]
        if self.fees:
            holders += list(self.fees.items)
        if self.deadlines:
            holders += list(self.deadlines.by_case)
        for holder in holders:
            if holder.when is not None:
                yield holder.when

    def office_refs(self) -> Iterator[OfficeRef]:
        """Every office reference: responsible, supervising, steps, sharing, channels, contacts."""
        for ref in (self.responsible_office, self.supervising_office):
            if ref:
                yield ref
        for step in self.steps:
            if step.office:
                yield step.office
        for item in self.data_collected:
            for sharing in item.shared_with:
                if sharing.office:
                    yield sharing.office
        for channel in self.channels:
            if channel.office:
                yield channel.office
        if self.contact:
            for line in (self.contact.enquiry, self.contact.complaint):
                for point in line.points:
                    if point.office:
                        yield point.office

    def one_of_groups(self) -> dict[str, list[DataItem]]:
        """`one_of` value → its items, in file order."""
        groups: dict[str, list[DataItem]] = {}
        for item in self.data_collected:
            if item.one_of is not None:
                groups.setdefault(item.one_of, []).append(item)
        return groups

    def texts(self) -> Iterator[Text]:
        """Every *text* element of the definition (for language checks, guides, exports)."""
        yield from _texts_of(self)

    def describe(self, path: Path) -> str:
        """A path as messages name it: `steps[accept].public_status`. Entries with an id
        (steps, data items, criteria, cases) are named by it; others by their 1-based
        position (`channels[#2]`), since a file's lines are counted from 1 too."""
        named = {"steps": self.steps, "data_collected": self.data_collected,
                 "eligibility": self.eligibility, "cases": self.cases}
        shown = ""
        for depth, segment in enumerate(path):
            if isinstance(segment, int):
                owner = path[depth - 1] if depth and depth == 1 else None
                entry = next((e for e in named.get(owner, ()) if e.path == path[: depth + 1]), None)
                label = getattr(entry, "id", None) if entry is not None else None
                shown += f"[{label}]" if label else f"[#{segment + 1}]"
            else:
                shown += f".{segment}" if shown else str(segment)
        return shown

    def uses_are_declared(self) -> bool:
        """Whether any step declares `uses` or any criterion `evidence` (SVC404 then asks
        each item to be used; otherwise every item counts as used at acceptance)."""
        return any(s.declares_uses for s in self.steps) or any(c.declares_evidence for c in self.eligibility)


def _texts_of(value: Any) -> Iterator[Text]:
    if isinstance(value, Text):
        yield value
    elif isinstance(value, Part):
        for name in value.__dataclass_fields__:
            if name in ("raw", "path", "keys", "defaults") or name.startswith("raw_"):
                continue
            yield from _texts_of(getattr(value, name))
    elif isinstance(value, ContactLine):
        for point in value.points:
            yield from _texts_of(point)
    elif isinstance(value, tuple):
        for member in value:
            yield from _texts_of(member)
    elif isinstance(value, Mapping):  # a Named part's fields
        for member in value.values():
            yield from _texts_of(member)


# ---------------------------------------------------------------------------------------
# Reading


def _law(value: dict, path: Path) -> Law:
    return Law(
        path, _keys(value),
        title=_str(value.get("title")),
        article=_str(value.get("article")),
        url=_str(value.get("url")),
        rank=_str(value.get("rank")),
        number=_str(value.get("number")),
        issuer=_str(value.get("issuer")),
        date=_str(value.get("date")),
        text=_str(value.get("text")),
        raw_article=value.get("article"),
    )


def _limits_fields(value: dict, path: Path) -> dict:
    return {
        "kind": _str(value.get("kind")),
        "statutory": _duration(value.get("statutory"), path + ("statutory",), DEADLINE_UNITS),
        "statutory_is_null": "statutory" in value and value["statutory"] is None,
        "committed": _duration(value.get("committed"), path + ("committed",), DEADLINE_UNITS),
    }


def _deadlines(value: Any, lang: str | None) -> Deadlines | None:
    if not isinstance(value, dict):
        return None
    path = ("deadlines",)
    own = _limits_fields(value, path)
    by_case = []
    for i, entry in enumerate(_list(value.get("by_case"))):
        if not isinstance(entry, dict):
            continue
        here = path + ("by_case", i)
        fields = _limits_fields(entry, here)
        inherited = set()
        for key in ("kind", "statutory", "committed"):
            if key not in entry:
                inherited.add(key)
                fields[key] = own[key]
                if key == "statutory":
                    fields["statutory_is_null"] = own["statutory_is_null"]
        by_case.append(CaseLimits(
            here, _keys(entry), inherited=frozenset(inherited),
            when=_when(entry.get("when"), here + ("when",)),
            note=_text(entry.get("note"), here + ("note",), lang),
            **fields,
        ))
    procedures = tuple(
        SpecialProcedure(
            path + ("special_procedures", i), _keys(p),
            name=_text(p.get("name"), path + ("special_procedures", i, "name"), lang),
            duration=_duration(p.get("duration"), path + ("special_procedures", i, "duration"), DEADLINE_UNITS),
            counted=_bool(p.get("counted")),
            legal_basis=_str(p.get("legal_basis")),
            charged=_bool(p.get("charged")),
        )
        for i, p in enumerate(_list(value.get("special_procedures")))
        if isinstance(p, dict)
    )
    return Deadlines(
        path, _keys(value), **own,
        acceptance=_duration(value.get("acceptance"), path + ("acceptance",), DEADLINE_UNITS),
        statutory_note=_text(value.get("statutory_note"), path + ("statutory_note",), lang),
        committed_note=_text(value.get("committed_note"), path + ("committed_note",), lang),
        special_procedures=procedures,
        by_case=tuple(by_case),
    )


def _stages(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(v for v in _list(value) if isinstance(v, str))


def _step(value: dict, index: int, lang: str | None) -> Step:
    path = ("steps", index)
    raw_next = value.get("next")
    return Step(
        path, _keys(value),
        index=index,
        id=_id(value.get("id")),
        name=_text(value.get("name"), path + ("name",), lang),
        stages=_stages(value.get("stage")),
        actor=_str(value.get("actor")),
        office=_office(value.get("office"), path + ("office",), lang),
        raw_office=value.get("office"),
        deadline=_duration(value.get("deadline"), path + ("deadline",), DEADLINE_UNITS),
        public_status=_text(value.get("public_status"), path + ("public_status",), lang),
        uses=_ids(value.get("uses"), path + ("uses",)),
        declares_uses="uses" in value,
        next=_ids(raw_next, path + ("next",)) if isinstance(raw_next, list) else None,
        raw_next=raw_next,
        criteria=_text(value.get("criteria"), path + ("criteria",), lang),
        when=_when(value.get("when"), path + ("when",)),
    )


def _retention(value: Any, path: Path) -> Duration | str | None:
    if value == "permanent":
        return "permanent"
    return _duration(value, path, RETENTION_UNITS)


def _categories(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(v for v in _list(value) if isinstance(v, str))


def _data_item(value: dict, index: int, lang: str | None) -> DataItem:
    path = ("data_collected", index)
    required = value.get("required")
    copies = value.get("copies")
    transfer = value.get("cross_border")
    sharing = tuple(
        _sharing(s, path + ("shared_with", i), lang)
        for i, s in enumerate(_list(value.get("shared_with")))
        if isinstance(s, dict)
    )
    return DataItem(
        path, _keys(value),
        index=index,
        id=_id(value.get("id")),
        name=_text(value.get("name"), path + ("name",), lang),
        form=_str(value.get("form")),
        categories=_categories(value.get("category")),
        categories_path=path + ("category",),
        personal=value.get("personal") is True,
        sensitive=value.get("sensitive") is True,
        sensitive_written="sensitive" in value,
        required=required if isinstance(required, bool) or required == "deferrable" else None,
        source=_str(value.get("source")),
        purpose=_text(value.get("purpose"), path + ("purpose",), lang),
        raw_purpose=value.get("purpose"),
        legal_basis=_str(value.get("legal_basis")),
        raw_legal_basis=value.get("legal_basis"),
        necessity=_text(value.get("necessity"), path + ("necessity",), lang),
        raw_necessity=value.get("necessity"),
        retention=_retention(value.get("retention"), path + ("retention",)),
        raw_retention=value.get("retention"),
        shared_with=sharing,
        cross_border=CrossBorder(
            path + ("cross_border",), _keys(transfer),
            destination=_str(transfer.get("destination")),
            raw_destination=transfer.get("destination"),
            legal_basis=_str(transfer.get("legal_basis")),
            raw_legal_basis=transfer.get("legal_basis"),
        ) if isinstance(transfer, dict) else None,
        when=_when(value.get("when"), path + ("when",)),
        one_of=_id(value.get("one_of")),
        issuer=_text(value.get("issuer"), path + ("issuer",), lang),
        source_note=_text(value.get("source_note"), path + ("source_note",), lang),
        presented=_str(value.get("presented")),
        medium=_str(value.get("medium")),
        copies=Copies(_num(copies.get("original")), _num(copies.get("copy"))) if isinstance(copies, dict) else None,
        paper_spec=_text(value.get("paper_spec"), path + ("paper_spec",), lang),
        template=_str(value.get("template")),
        sample=_str(value.get("sample")),
        instructions=_text(value.get("instructions"), path + ("instructions",), lang),
        acceptance_criteria=_text(value.get("acceptance_criteria"), path + ("acceptance_criteria",), lang),
    )


def _sharing(value: dict, path: Path, lang: str | None) -> Sharing:
    return Sharing(
        path, _keys(value),
        office=_office(value.get("office"), path + ("office",), lang),
        raw_office=value.get("office"),
        purpose=_text(value.get("purpose"), path + ("purpose",), lang),
        legal_basis=_str(value.get("legal_basis")),
        raw_legal_basis=value.get("legal_basis"),
        method=_str(value.get("method")),
    )


def _fees(value: Any, lang: str | None) -> Fees | None:
    if not isinstance(value, dict):
        return None
    path = ("fees",)
    items = []
    for i, item in enumerate(_list(value.get("items"))):
        if not isinstance(item, dict):
            continue
        here = path + ("items", i)
        items.append(FeeItem(
            here, _keys(item),
            index=i,
            name=_text(item.get("name"), here + ("name",), lang),
            amount=_num(item.get("amount")),
            currency=_str(item.get("currency")),
            basis=_str(item.get("basis")),
            raw_basis=item.get("basis"),
            standard=_text(item.get("standard"), here + ("standard",), lang),
            when=_when(item.get("when"), here + ("when",)),
            reducible=_bool(item.get("reducible")),
            reduction_basis=_str(item.get("reduction_basis")),
            refund=_text(item.get("refund"), here + ("refund",), lang),
        ))
    return Fees(
        path, _keys(value), charged=_bool(value.get("charged")), items=tuple(items),
        items_written=not is_blank(value.get("items")),
    )


def _outcome(value: Any, lang: str | None) -> Outcome | None:
    if not isinstance(value, dict):
        return None
    path = ("outcome",)
    validity = value.get("validity")
    return Outcome(
        path, _keys(value),
        name=_text(value.get("name"), path + ("name",), lang),
        type=_str(value.get("type")),
        sample=_str(value.get("sample")),
        delivery=tuple(v for v in _list(value.get("delivery")) if isinstance(v, str)),
        validity=_retention(validity, path + ("validity",)),
        delivery_deadline=_duration(value.get("delivery_deadline"), path + ("delivery_deadline",), DEADLINE_UNITS),
    )


def _channel(value: dict, index: int, lang: str | None) -> Channel:
    path = ("channels", index)
    return Channel(
        path, _keys(value),
        index=index,
        type=_str(value.get("type")),
        url=_str(value.get("url")),
        address=_text(value.get("address"), path + ("address",), lang),
        hours=_text(value.get("hours"), path + ("hours",), lang),
        online_depth=_num(value.get("online_depth")),
        visits=_num(value.get("visits")),
        visits_reason=_text(value.get("visits_reason"), path + ("visits_reason",), lang),
        raw_visits_reason=value.get("visits_reason"),
        office=_office(value.get("office"), path + ("office",), lang),
        appointment=_bool(value.get("appointment")),
        courier=_bool(value.get("courier")),
        online_payment=_bool(value.get("online_payment")),
        self_service=_bool(value.get("self_service")),
    )


def _contact_line(contact: dict, key: str, lang: str | None) -> ContactLine:
    path = ("contact", key)
    value = contact.get(key)
    if isinstance(value, str):
        return ContactLine(path, (ContactPoint(path, value=value),), written=True)
    if isinstance(value, list):
        points = tuple(
            ContactPoint(
                path + (i,), _keys(p),
                type=_str(p.get("type")),
                value=_str(p.get("value")),
                label=_text(p.get("label"), path + (i, "label"), lang),
                office=_office(p.get("office"), path + (i, "office"), lang),
                hours=_text(p.get("hours"), path + (i, "hours"), lang),
            )
            for i, p in enumerate(value)
            if isinstance(p, dict)
        )
        return ContactLine(path, points, written=True, is_list=True)
    return ContactLine(path, (), written=key in contact)


def _body(value: Any, path: Path, lang: str | None) -> Body | None:
    if not isinstance(value, dict):
        return None
    return Body(
        path, _keys(value),
        body=_text(value.get("body"), path + ("body",), lang),
        address=_str(value.get("address")),
        phone=_str(value.get("phone")),
        url=_str(value.get("url")),
    )


def _contact(value: Any, lang: str | None) -> Contact | None:
    if not isinstance(value, dict):
        return None
    path = ("contact",)
    return Contact(
        path, _keys(value),
        enquiry=_contact_line(value, "enquiry", lang),
        complaint=_contact_line(value, "complaint", lang),
        review=_body(value.get("review"), path + ("review",), lang),
        litigation=_body(value.get("litigation"), path + ("litigation",), lang),
    )


def _named_list(value: Any, key: str, text_keys: tuple[str, ...], lang: str | None) -> tuple[Named, ...]:
    result = []
    for i, entry in enumerate(_list(value)):
        if not isinstance(entry, dict):
            continue
        path = (key, i)
        fields = {
            k: (_text(v, path + (k,), lang) if k in text_keys else v)
            for k, v in entry.items()
            if isinstance(k, str)
        }
        result.append(Named(path, _keys(entry), fields=fields))
    return tuple(result)


def read(data: Any, defaults: RegistryDefaults | None = None, default_language: str | None = None) -> Definition:
    """The model of a definition's parsed data. Never raises; `data` of the wrong type reads
    as an empty definition. `defaults` are its offices registry's; `default_language` the
    configuration's (used when neither the file nor the registry names one)."""
    data = _map(data)
    defaults = defaults or NO_DEFAULTS
    language = _str(data.get("language"))
    language = language if language and language.strip() else None
    lang = language or defaults.language or default_language
    version = data.get("svcstd")
    return Definition(
        (), _keys(data),
        version=version if isinstance(version, str) else None,
        id=_id(data.get("id")),
        name=_text(data.get("name"), ("name",), lang),
        description=_text(data.get("description"), ("description",), lang),
        type=_str(data.get("type")),
        status=_str(data.get("status")),
        version_of_service=_str(data.get("version")),
        level=_str(data.get("level")),
        audience=tuple(v for v in _list(data.get("audience")) if isinstance(v, str)),
        language=language,
        default_language=lang,
        legal_basis=tuple(
            _law(law, ("legal_basis", i)) for i, law in enumerate(_list(data.get("legal_basis"))) if isinstance(law, dict)
        ),
        responsible_office=_office(data.get("responsible_office"), ("responsible_office",), lang),
        supervising_office=_office(data.get("supervising_office"), ("supervising_office",), lang),
        eligibility=tuple(
            Criterion(
                ("eligibility", i), _keys(c),
                id=_id(c.get("id")),
                criterion=_text(c.get("criterion"), ("eligibility", i, "criterion"), lang),
                evidence=_ids(c.get("evidence"), ("eligibility", i, "evidence")),
                declares_evidence="evidence" in c,
                when=_when(c.get("when"), ("eligibility", i, "when")),
            )
            for i, c in enumerate(_list(data.get("eligibility")))
            if isinstance(c, dict)
        ),
        deadlines=_deadlines(data.get("deadlines"), lang),
        steps=tuple(_step(s, i, lang) for i, s in enumerate(_list(data.get("steps"))) if isinstance(s, dict)),
        data_collected=tuple(
            _data_item(d, i, lang) for i, d in enumerate(_list(data.get("data_collected"))) if isinstance(d, dict)
        ),
        fees=_fees(data.get("fees"), lang),
        outcome=_outcome(data.get("outcome"), lang),
        channels=tuple(_channel(c, i, lang) for i, c in enumerate(_list(data.get("channels"))) if isinstance(c, dict)),
        contact=_contact(data.get("contact"), lang),
        cases=tuple(
            Case(
                ("cases", i), _keys(c),
                id=_id(c.get("id")),
                name=_text(c.get("name"), ("cases", i, "name"), lang),
                description=_text(c.get("description"), ("cases", i, "description"), lang),
            )
            for i, c in enumerate(_list(data.get("cases")))
            if isinstance(c, dict)
        ),
        codes={k: v for k, v in _map(data.get("codes")).items() if isinstance(k, str) and isinstance(v, str)},
        scope=_str(data.get("scope")),
        quantity_limit=_text(data.get("quantity_limit"), ("quantity_limit",), lang),
        intermediary_services=_named_list(data.get("intermediary_services"), "intermediary_services", ("name", "provider"), lang),
        review_criteria=_text(data.get("review_criteria"), ("review_criteria",), lang),
        materials_note=_text(data.get("materials_note"), ("materials_note",), lang),
        faq=_named_list(data.get("faq"), "faq", ("question", "answer"), lang),
        provenance={k: v for k, v in _map(data.get("provenance")).items() if isinstance(k, str)},
        effective={k: v for k, v in _map(data.get("effective")).items() if isinstance(k, str)},
        defaults=defaults,
    )


_CACHE_ATTRIBUTE = "_svcstd_model"


def definition(doc, default_language: str | None = None) -> Definition:
    """The model of a loaded `Document`, built once and kept on it. The registry defaults
    come from `doc.defaults` (set by the engine from the file's offices registry)."""
    cached = doc.__dict__.get(_CACHE_ATTRIBUTE)
    if cached is not None and cached[0] == default_language:
        return cached[1]
    model = read(doc.data, getattr(doc, "defaults", None), default_language)
    doc.__dict__[_CACHE_ATTRIBUTE] = (default_language, model)
    return model


__all__ = [
    "DEADLINE_UNITS",
    "RETENTION_UNITS",
    "SENSITIVE_CATEGORIES",
    "STAGES",
    "Body",
    "Case",
    "CaseLimits",
    "Channel",
    "Contact",
    "ContactLine",
    "ContactPoint",
    "Copies",
    "Criterion",
    "CrossBorder",
    "DataItem",
    "Deadlines",
    "Definition",
    "Duration",
    "FeeItem",
    "Fees",
    "IdRef",
    "Law",
    "Limits",
    "Named",
    "OfficeRef",
    "Outcome",
    "Part",
    "RegistryDefaults",
    "Sharing",
    "SpecialProcedure",
    "Step",
    "Text",
    "When",
    "definition",
    "is_blank",
    "read",
]
