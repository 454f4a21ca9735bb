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

from .records import lazy, record

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


# ---------------------------------------------------------------------------------------
# Values read when first asked for (`records.lazy`), from the part's own mapping: a check
# reads about a third of a definition's values, and building all of them was a third of
# a clean file's time. The guide, the exports and the diff read the rest, and get what
# reading them at once would have given.


def _lazily(read, key: str):
    read.__qualname__ = f"{read.__name__}[{key!r}]"
    return lazy(read)


def _raw_at(key: str):
    def raw(part):
        return part.raw.get(key)

    return _lazily(raw, key)


def _str_at(key: str):
    def string(part):
        return _str(part.raw.get(key))

    return _lazily(string, key)


def _bool_at(key: str):
    def boolean(part):
        return _bool(part.raw.get(key))

    return _lazily(boolean, key)


def _text_at(key: str):
    def text(part):
        return _text(part.raw.get(key), part.path + (key,), part.lang)

    return _lazily(text, key)


def _office_at(key: str):
    def office(part):
        return _office(part.raw.get(key), part.path + (key,), part.lang)

    return _lazily(office, key)


def _body_at(key: str):
    def body(part):
        return _body(part.raw.get(key), part.path + (key,), part.lang)

    return _lazily(body, key)


def _duration_at(key: str, units: tuple[str, ...]):
    def duration(part):
        return _duration(part.raw.get(key), part.path + (key,), units)

    return _lazily(duration, key)


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
    # What a plain string of the part is written in: its texts are read lazily with it.
    lang: str | None = field(default=None, repr=False, compare=False)

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
    name: Text | None = _text_at("name")
    credit_code: str | None = _str_at("credit_code")
    role: str | None = _str_at("role")
    jurisdiction: str | None = _str_at("jurisdiction")
    jurisdiction_note: Text | None = _text_at("jurisdiction_note")


def _office(value: Any, path: Path, lang: str | None) -> OfficeRef | None:
    if not isinstance(value, dict):
        return None
    return OfficeRef(path, _keys(value), lang, ref=_id(value.get("ref")))


@record(frozen=True)
class Law(Part):
    """One entry of `legal_basis`: a law or regulation, down to its article."""

    KIND = "law"
    title: str | None = None
    article: str | None = None
    url: str | None = _str_at("url")
    rank: str | None = _str_at("rank")
    number: str | None = _str_at("number")
    issuer: str | None = _str_at("issuer")
    date: str | None = _str_at("date")
    text: str | None = _str_at("text")
    raw_article: Any = _raw_at("article")  # what `article` holds, whatever its type


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
    criterion: Text | None = _text_at("criterion")
    evidence: tuple[IdRef, ...] = ()
    declares_evidence: bool = False
    when: When | None = None


@record(frozen=True)
class SpecialProcedure(Part):
    """A special procedure (hearing, expert review, ...) and the time it adds."""

    KIND = "special_procedure"
    name: Text | None = _text_at("name")
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
    note: Text | None = _text_at("note")


@record(frozen=True)
class Deadlines(Limits):
    """`deadlines`: the service's own limits, its notes, special procedures and cases."""

    acceptance: Duration | None = _duration_at("acceptance", DEADLINE_UNITS)
    statutory_note: Text | None = _text_at("statutory_note")
    committed_note: Text | None = _text_at("committed_note")
    special_procedures: tuple[SpecialProcedure, ...] = lazy(lambda part: _special_procedures(part.raw, part.lang))
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
    name: Text | None = _text_at("name")
    stages: tuple[str, ...] = ()  # one, or several (1.1: a step that accepts and decides)
    actor: str | None = None
    office: OfficeRef | None = _office_at("office")
    raw_office: Any = _raw_at("office")
    deadline: Duration | None = None
    public_status: Text | None = _text_at("public_status")
    uses: tuple[IdRef, ...] = ()
    declares_uses: bool = False
    # None: no `next` list, the step after it follows.
    next: tuple[IdRef, ...] | None = lazy(lambda step: _next_steps(step.raw.get("next"), step.path + ("next",)))
    raw_next: Any = None
    criteria: Text | None = _text_at("criteria")
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
    raw_office: Any = _raw_at("office")
    purpose: Text | None = _text_at("purpose")
    legal_basis: str | None = None
    raw_legal_basis: Any = _raw_at("legal_basis")
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
    name: Text | None = _text_at("name")
    form: str | None = _str_at("form")
    categories: tuple[str, ...] = ()
    categories_path: Path = lazy(lambda item: item.path + ("category",))
    personal: bool = False
    sensitive: bool = False
    sensitive_written: bool = False
    # True, False or "deferrable" (容缺后补)
    required: bool | str | None = lazy(lambda item: _required(item.raw.get("required")))
    source: str | None = None
    purpose: Text | None = _text_at("purpose")
    raw_purpose: Any = _raw_at("purpose")
    legal_basis: str | None = _str_at("legal_basis")
    raw_legal_basis: Any = _raw_at("legal_basis")
    necessity: Text | None = _text_at("necessity")
    raw_necessity: Any = _raw_at("necessity")
    # A duration, or "permanent"
    retention: Duration | str | None = lazy(lambda item: _retention(item.raw.get("retention"), item.path + ("retention",)))
    raw_retention: Any = _raw_at("retention")
    shared_with: tuple[Sharing, ...] = ()
    cross_border: CrossBorder | None = None
    when: When | None = None
    one_of: str | None = None
    issuer: Text | None = _text_at("issuer")
    source_note: Text | None = _text_at("source_note")
    presented: str | None = _str_at("presented")
    medium: str | None = _str_at("medium")
    copies: Copies | None = lazy(lambda item: _copies(item.raw.get("copies")))
    paper_spec: Text | None = _text_at("paper_spec")
    template: str | None = _str_at("template")
    sample: str | None = _str_at("sample")
    instructions: Text | None = _text_at("instructions")
    acceptance_criteria: Text | None = _text_at("acceptance_criteria")

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
    name: Text | None = _text_at("name")
    amount: int | float | None = None
    currency: str | None = None
    basis: str | None = None
    raw_basis: Any = None
    standard: Text | None = _text_at("standard")
    when: When | None = None
    reducible: bool | None = None
    reduction_basis: str | None = None
    refund: Text | None = _text_at("refund")

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
    type: str | None = _str_at("type")
    url: str | None = _str_at("url")
    address: Text | None = _text_at("address")
    hours: Text | None = _text_at("hours")
    online_depth: int | float | None = None
    visits: int | float | None = None
    visits_reason: Text | None = _text_at("visits_reason")
    raw_visits_reason: Any = _raw_at("visits_reason")
    office: OfficeRef | None = _office_at("office")
    appointment: bool | None = _bool_at("appointment")
    courier: bool | None = _bool_at("courier")
    online_payment: bool | None = _bool_at("online_payment")
    self_service: bool | None = _bool_at("self_service")


@record(frozen=True)
class ContactPoint(Part):
    """One way to reach someone. A version 1 contact string is one point without `type`."""

    KIND = "contact_point"
    type: str | None = _str_at("type")
    value: str | None = None
    label: Text | None = _text_at("label")
    office: OfficeRef | None = _office_at("office")
    hours: Text | None = _text_at("hours")


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
    review: Body | None = _body_at("review")
    litigation: Body | None = _body_at("litigation")


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
    version: str | None = lazy(lambda service: _str(service.raw.get("svcstd")))
    id: str | None = lazy(lambda service: _id(service.raw.get("id")))
    name: Text | None = _text_at("name")
    description: Text | None = _text_at("description")
    type: str | None = None
    status: str | None = _str_at("status")
    version_of_service: str | None = _str_at("version")
    level: str | None = _str_at("level")
    audience: tuple[str, ...] = lazy(lambda service: tuple(v for v in _list(service.raw.get("audience")) if isinstance(v, str)))
    language: str | None = None  # the file's own `language`
    default_language: str | None = None  # the file's, else the registry's, else configuration's
    legal_basis: tuple[Law, ...] = ()
    responsible_office: OfficeRef | None = None
    supervising_office: OfficeRef | None = _office_at("supervising_office")
    eligibility: tuple[Criterion, ...] = ()
    deadlines: Deadlines | None = None
    steps: tuple[Step, ...] = ()
    data_collected: tuple[DataItem, ...] = ()
    fees: Fees | None = None
    outcome: Outcome | None = lazy(lambda service: _outcome(service.raw.get("outcome"), service.lang))
    channels: tuple[Channel, ...] = ()
    contact: Contact | None = None
    cases: tuple[Case, ...] = ()
    codes: Mapping[str, str] = lazy(
        lambda service: {k: v for k, v in _map(service.raw.get("codes")).items() if isinstance(k, str) and isinstance(v, str)},
    )
    scope: str | None = _str_at("scope")
    quantity_limit: Text | None = _text_at("quantity_limit")
    intermediary_services: tuple[Named, ...] = lazy(
        lambda service: _named_list(service.raw.get("intermediary_services"), "intermediary_services", ("name", "provider"), service.lang),
    )
    review_criteria: Text | None = _text_at("review_criteria")
    materials_note: Text | None = _text_at("materials_note")
    faq: tuple[Named, ...] = lazy(lambda service: _named_list(service.raw.get("faq"), "faq", ("question", "answer"), service.lang))
    provenance: Mapping[str, Any] = lazy(lambda service: {k: v for k, v in _map(service.raw.get("provenance")).items() if isinstance(k, str)})
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
            here, _keys(entry), lang, inherited=frozenset(inherited),
            when=_when(entry.get("when"), here + ("when",)),
            **fields,
        ))
    return Deadlines(path, _keys(value), lang, **own, by_case=tuple(by_case))


def _special_procedures(deadlines: Mapping, lang: str | None) -> tuple[SpecialProcedure, ...]:
    path = ("deadlines", "special_procedures")
    return tuple(
        SpecialProcedure(
            path + (i,), _keys(p), lang,
            duration=_duration(p.get("duration"), path + (i, "duration"), DEADLINE_UNITS),
            counted=_bool(p.get("counted")),
            legal_basis=_str(p.get("legal_basis")),
            charged=_bool(p.get("charged")),
        )
        for i, p in enumerate(_list(deadlines.get("special_procedures")))
        if isinstance(p, dict)
    )


def _stages(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(v for v in _list(value) if isinstance(v, str))


def _step(value: dict, index: int, lang: str | None) -> Step:
    path = ("steps", index)
    return Step(
        path, _keys(value), lang,
        index=index,
        id=_id(value.get("id")),
        stages=_stages(value.get("stage")),
        actor=_str(value.get("actor")),
        deadline=_duration(value.get("deadline"), path + ("deadline",), DEADLINE_UNITS),
        uses=_ids(value.get("uses"), path + ("uses",)),
        declares_uses="uses" in value,
        raw_next=value.get("next"),
        when=_when(value.get("when"), path + ("when",)),
    )


def _next_steps(value: Any, path: Path) -> tuple[IdRef, ...] | None:
    return _ids(value, path) if isinstance(value, list) else None


def _retention(value: Any, path: Path) -> Duration | str | None:
    if value == "permanent":
        return "permanent"
    return _duration(value, path, RETENTION_UNITS)


def _categories(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(v for v in _list(value) if isinstance(v, str))


def _required(value: Any) -> bool | str | None:
    return value if isinstance(value, bool) or value == "deferrable" else None


def _copies(value: Any) -> Copies | None:
    return Copies(_num(value.get("original")), _num(value.get("copy"))) if isinstance(value, dict) else None


def _data_item(value: dict, index: int, lang: str | None) -> DataItem:
    path = ("data_collected", index)
    transfer = value.get("cross_border")
    sharing = tuple(
        _sharing(s, path + ("shared_with", i), lang)
        for i, s in enumerate(_list(value.get("shared_with")))
        if isinstance(s, dict)
    )
    return DataItem(
        path, _keys(value), lang,
        index=index,
        id=_id(value.get("id")),
        categories=_categories(value.get("category")),
        personal=value.get("personal") is True,
        sensitive=value.get("sensitive") is True,
        sensitive_written="sensitive" in value,
        source=_str(value.get("source")),
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
    )


def _sharing(value: dict, path: Path, lang: str | None) -> Sharing:
    return Sharing(
        path, _keys(value), lang,
        office=_office(value.get("office"), path + ("office",), lang),
        legal_basis=_str(value.get("legal_basis")),
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
            here, _keys(item), lang,
            index=i,
            amount=_num(item.get("amount")),
            currency=_str(item.get("currency")),
            basis=_str(item.get("basis")),
            raw_basis=item.get("basis"),
            when=_when(item.get("when"), here + ("when",)),
            reducible=_bool(item.get("reducible")),
            reduction_basis=_str(item.get("reduction_basis")),
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
        path, _keys(value), lang,
        index=index,
        online_depth=_num(value.get("online_depth")),
        visits=_num(value.get("visits")),
    )


def _contact_line(contact: dict, key: str, lang: str | None) -> ContactLine:
    path = ("contact", key)
    value = contact.get(key)
    if isinstance(value, str):
        return ContactLine(path, (ContactPoint(path, value=value),), written=True)
    if isinstance(value, list):
        points = tuple(
            ContactPoint(path + (i,), _keys(p), lang, value=_str(p.get("value")))
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
        path, _keys(value), lang,
        enquiry=_contact_line(value, "enquiry", lang),
        complaint=_contact_line(value, "complaint", lang),
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
    return Definition(
        (), _keys(data), lang,
        type=_str(data.get("type")),
        language=language,
        default_language=lang,
        legal_basis=tuple(
            _law(law, ("legal_basis", i)) for i, law in enumerate(_list(data.get("legal_basis"))) if isinstance(law, dict)
        ),
        responsible_office=_office(data.get("responsible_office"), ("responsible_office",), lang),
        eligibility=tuple(
            Criterion(
                ("eligibility", i), _keys(c),
                lang,
                id=_id(c.get("id")),
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
