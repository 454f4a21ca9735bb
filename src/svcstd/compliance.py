"""How completely each service meets the standard: the core of `svcstd report`.

An officer's leadership asks "which services are fully standardised, and what is missing?",
not "which lines are wrong". This module answers that from a check's findings: each
finding is attributed to one *standardization element* of its service (eligibility, steps,
deadlines, ...), each element is complete, complete with warnings, or incomplete, and the
service gets a score from 0 to 100. It computes; the html and markdown reporters present.

Attribution, most specific first:
1. codes that speak about one element whatever their position (SVC302 → transparency,
   SVC4xx → personal-data protection, SVC2xx → deadlines, ...);
2. a step's `public_status` → transparency;
3. the first segment of the finding's JSON pointer (`/fees/items/0` → fees);
4. a required element missing at the top level → that element;
5. everything else (id, name, type, status, ...) → identification.

Two *detail* elements have no findings of their own: they count how much of what format
1.1 can say a service says (read from the definition through `svcstd.model`):
- material details: of its documents, how many state how they are presented (original,
  copy) and in what medium or how many copies;
- contact and remedies: typed contact points for enquiry and complaint, the body for
  administrative review (行政复议), and the court for litigation (行政诉讼).
So a service with detailed materials and contacts scores higher than one without.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from .findings import ERROR, WARNING, Finding, Report, pointer_segments
from .records import record


@record(frozen=True)
class Element:
    """A standardization element of the compliance report, and the top-level keys it is
    made of."""

    key: str
    # Top-level keys of a definition that make up this element.
    top_keys: tuple[str, ...]
    # Without these top-level keys, the element cannot be assessed at all.
    depends_on: tuple[str, ...] = ()


ELEMENTS: tuple[Element, ...] = (
    Element("eligibility", ("eligibility",)),
    Element("steps", ("steps",)),
    Element("deadlines", ("deadlines",)),
    Element("responsible_office", ("responsible_office",)),
    Element("data_collected", ("data_collected",)),
    Element("legal_basis", ("legal_basis",)),
    Element("fees", ("fees",)),
    Element("outcome", ("outcome",)),
    Element("channels", ("channels",)),
    Element("contact", ("contact",)),
    Element("transparency", (), depends_on=("steps",)),
    Element("personal_data", (), depends_on=("data_collected",)),
    Element("material_details", (), depends_on=("data_collected",)),
    Element("contact_remedies", (), depends_on=("contact",)),
    Element(
        "identification",
        ("svcstd", "id", "name", "description", "type", "status", "audience", "level", "version", "effective"),
    ),
)
ELEMENT_KEYS = tuple(element.key for element in ELEMENTS)
GENERAL = "identification"
# Elements judged by how much a service says, not by findings (see the module docstring).
DETAIL_ELEMENTS = ("material_details", "contact_remedies")

# The top-level keys the format requires (FORMAT.md, "Top level"; `description` is optional
# since 1.1 in both versions: SVC508 warns about it).
REQUIRED_KEYS = (
    "svcstd", "id", "name", "type", "status", "audience", "legal_basis",
    "responsible_office", "eligibility", "deadlines", "steps", "data_collected", "fees",
    "outcome", "channels", "contact",
)

_BY_CODE = {
    "SVC302": "transparency",
    "SVC301": "steps", "SVC303": "steps", "SVC304": "steps", "SVC305": "steps",
    "SVC501": "legal_basis",
    "SVC503": "fees",
    "SVC504": "contact",
    "SVC505": "channels", "SVC506": "channels",
    "SVC005": GENERAL, "SVC507": GENERAL, "SVC508": GENERAL, "SVC602": GENERAL, "SVC000": GENERAL,
}
# SVC4xx codes that are not about personal data (cases and alternatives): by position.
_BY_POINTER = frozenset({"SVC410", "SVC411", "SVC412"})
_BY_FAMILY = {"SVC2": "deadlines", "SVC4": "personal_data"}
_BY_TOP_KEY = {key: element.key for element in ELEMENTS for key in element.top_keys}

COMPLETE, PARTIAL, INCOMPLETE = "complete", "warnings", "incomplete"
CREDIT = {COMPLETE: 1.0, PARTIAL: 0.5, INCOMPLETE: 0.0}


def element_of(finding: Finding) -> str | None:
    """The element `finding` is about; None for a required top-level key reported missing
    at the document root (attributed by `assess`, which knows which keys are absent)."""
    if finding.code in _BY_CODE:
        return _BY_CODE[finding.code]
    if finding.code[:4] in _BY_FAMILY and finding.code not in _BY_POINTER:
        return _BY_FAMILY[finding.code[:4]]
    segments = pointer_segments(finding.path)
    if len(segments) >= 3 and segments[0] == "steps" and segments[2] == "public_status":
        return "transparency"
    if segments:
        return _BY_TOP_KEY.get(segments[0], GENERAL)
    if finding.code == "SVC101":
        return None
    return GENERAL


@record(frozen=True)
class ServiceFacts:
    """What the report shows about a service besides its findings (read from the file)."""

    service_id: str | None
    name: Any  # text: a string or {language: string}
    office_ref: str | None
    top_keys: frozenset[str]
    # detail element → share of it given (0 to 1); see `details_of`.
    details: Mapping[str, float] = field(default_factory=dict)


def facts_from_data(data: Any) -> ServiceFacts | None:
    """None when the document is not a mapping (nothing of the service can be shown)."""
    if not isinstance(data, dict):
        return None
    office = data.get("responsible_office")
    office_ref = office.get("ref") if isinstance(office, dict) else None
    service_id = data.get("id")
    return ServiceFacts(
        service_id=service_id if isinstance(service_id, str) else None,
        name=data.get("name") if isinstance(data.get("name"), (str, dict)) else None,
        office_ref=office_ref if isinstance(office_ref, str) else None,
        top_keys=frozenset(key for key in data if isinstance(key, str)),
        details=details_of(data),
    )


def details_of(data: Any) -> dict[str, float]:
    """How much of each detail element a definition gives, from 0 (nothing) to 1 (all)."""
    from .model import read

    service = read(data)
    documents = [item for item in service.data_collected if item.is_document]
    detailed = [
        item for item in documents
        if item.presented is not None and (item.medium is not None or item.copies is not None)
    ]
    # A service that collects no documents has no material to detail.
    materials = len(detailed) / len(documents) if documents else 1.0
    contact = service.contact
    remedies = 0.0
    if contact is not None:
        lines = (contact.enquiry, contact.complaint)
        typed = all(line.is_list and line.points and all(p.type for p in line.points) for line in lines)
        given = [typed, contact.review is not None and not contact.review.lacks("body"),
                 contact.litigation is not None and not contact.litigation.lacks("body")]
        remedies = sum(given) / len(given)
    return {"material_details": materials, "contact_remedies": remedies}


@record(frozen=True)
class ElementStatus:
    """How one service stands on one element: its findings, whether it is missing, how much
    of it is given."""

    element: str
    errors: int = 0
    warnings: int = 0
    missing: bool = False
    # For a detail element: the share of it given (1 complete, above 0 partial, 0 none).
    given: float | None = None

    @property
    def state(self) -> str:
        if self.missing or self.errors:
            return INCOMPLETE
        if self.given is not None:
            return COMPLETE if self.given >= 1 else (PARTIAL if self.given > 0 else INCOMPLETE)
        return PARTIAL if self.warnings else COMPLETE


@record(frozen=True)
class ServiceCompliance:
    """One service of the compliance report: what it is, its elements' status and its
    findings."""

    file: str
    facts: ServiceFacts | None
    office_name: Any
    elements: tuple[ElementStatus, ...]
    findings: tuple[Finding, ...]

    @property
    def readable(self) -> bool:
        return self.facts is not None

    @property
    def service_id(self) -> str | None:
        return self.facts.service_id if self.facts else None

    @property
    def name(self) -> Any:
        return self.facts.name if self.facts else None

    @property
    def office_ref(self) -> str | None:
        return self.facts.office_ref if self.facts else None

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)

    @property
    def score(self) -> int:
        """100 × (complete elements + ½ × elements with only warnings) ÷ number of elements."""
        if not self.readable:
            return 0
        credit = sum(CREDIT[status.state] for status in self.elements)
        return round(100 * credit / len(self.elements))

    @property
    def fully_compliant(self) -> bool:
        return self.readable and all(status.state == COMPLETE for status in self.elements)

    def status(self, element: str) -> ElementStatus:
        return next(status for status in self.elements if status.element == element)


def assess(file: str, facts: ServiceFacts | None, findings: Sequence[Finding], office_name: Any = None) -> ServiceCompliance:
    """Attribute one service's findings to its elements."""
    if facts is None:
        statuses = tuple(ElementStatus(key, missing=True) for key in ELEMENT_KEYS)
        return ServiceCompliance(file, None, office_name, statuses, tuple(findings))

    absent = [key for key in REQUIRED_KEYS if key not in facts.top_keys]
    missing_elements = {
        element.key
        for element in ELEMENTS
        if any(key in absent for key in element.top_keys + element.depends_on)
    }
    # Each absent required key is reported once, at the document root; those findings
    # belong to the element whose key is absent, in the order the keys are absent.
    unattributed_root = iter(_BY_TOP_KEY.get(key, GENERAL) for key in absent)
    errors: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    for finding in findings:
        element = element_of(finding) or next(unattributed_root, GENERAL)
        if finding.severity == ERROR:
            errors[element] += 1
        elif finding.severity == WARNING:
            warnings[element] += 1
    statuses = tuple(
        ElementStatus(
            key, errors[key], warnings[key], key in missing_elements,
            given=facts.details.get(key, 0.0) if key in DETAIL_ELEMENTS else None,
        )
        for key in ELEMENT_KEYS
    )
    return ServiceCompliance(file, facts, office_name, statuses, tuple(findings))


@record(frozen=True)
class Problem:
    """One code of the report's most frequent problems: its findings and the services that
    have them."""

    code: str
    count: int
    services: int


@record(frozen=True)
class ComplianceReport:
    """The compliance report: every service, the most frequent problems, and what was not a
    service."""

    services: tuple[ServiceCompliance, ...]
    problems: tuple[Problem, ...]  # by code, most frequent first
    # Findings in files that are not service definitions (the offices registry).
    other_findings: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()
    elements: tuple[str, ...] = ELEMENT_KEYS

    @property
    def services_checked(self) -> int:
        return len(self.services)

    @property
    def fully_compliant(self) -> int:
        return sum(1 for service in self.services if service.fully_compliant)

    @property
    def compliant_share(self) -> float:
        return self.fully_compliant / self.services_checked if self.services else 0.0

    @property
    def average_score(self) -> float:
        return sum(s.score for s in self.services) / self.services_checked if self.services else 0.0

    @property
    def errors(self) -> int:
        return sum(s.errors for s in self.services) + sum(1 for f in self.other_findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(s.warnings for s in self.services) + sum(1 for f in self.other_findings if f.severity == WARNING)


def build(
    report: Report,
    facts_by_file: Mapping[str, ServiceFacts | None],
    office_names: Mapping[str, Any] | None = None,
) -> ComplianceReport:
    """The compliance view of `report`. `facts_by_file` names the service definitions
    (None for one that could not be read); findings in other files are kept aside.
    `office_names` gives, per file, the name of its responsible office (for people)."""
    office_names = office_names or {}
    by_file: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_file.setdefault(finding.file, []).append(finding)
    services = tuple(
        assess(file, facts, by_file.get(file, ()), office_names.get(file))
        for file, facts in sorted(facts_by_file.items(), key=lambda item: _service_order(*item))
    )
    other = tuple(f for f in report.findings if f.file not in facts_by_file)
    return ComplianceReport(services, _problems(services), other, report.notes)


def _service_order(file: str, facts: ServiceFacts | None) -> tuple:
    return (facts is None, (facts.service_id or "") if facts else "", file)


def _problems(services: Iterable[ServiceCompliance]) -> tuple[Problem, ...]:
    counts: Counter[str] = Counter()
    affected: Counter[str] = Counter()
    for service in services:
        codes = [f.code for f in service.findings if f.severity in (ERROR, WARNING)]
        counts.update(codes)
        affected.update(set(codes))
    ranked = sorted(counts, key=lambda code: (-counts[code], code))
    return tuple(Problem(code, counts[code], affected[code]) for code in ranked)


def collect(paths: Sequence[str | Path], config=None, options=None) -> tuple[Report, ComplianceReport]:
    """Check `paths`, then read each definition's id, name and office for the report.

    The second, light pass (parsing only; no rule runs) re-reads what the findings cannot
    say: names for people. Each definition's offices registry, when readable, supplies
    the name of its responsible office.
    """
    from . import engine, repository
    from .config import Config
    from .load import load_path

    config = config or Config()
    report = engine.check_paths(paths, config, options)
    locator = repository.RegistryLocator(config)
    facts_by_file: dict[str, ServiceFacts | None] = {}
    registries: dict[str, Path | None] = {}
    for file in report.files:
        path = Path(file)
        if file.startswith("<") or repository.is_registry_file(path, config):
            continue
        loaded = load_path(path, file, lang=config.lang, limits=config.limits)
        facts_by_file[file] = facts_from_data(loaded.document.data) if loaded.document is not None else None
        registries[file] = locator.registry_for(path)
    names: dict[Path, dict[str, Any]] = {}
    office_names = {}
    for file, facts in facts_by_file.items():
        registry = registries[file]
        if facts is None or facts.office_ref is None or registry is None:
            continue
        if registry not in names:
            names[registry] = _office_names(registry, config)
        office_names[file] = names[registry].get(facts.office_ref)
    return report, build(report, facts_by_file, office_names)


def _office_names(registry: Path, config) -> dict[str, Any]:
    """Office id → name in one registry (each definition may find its own registry)."""
    if not registry.is_file():
        return {}
    from .load import load_path

    loaded = load_path(registry, str(registry), lang=config.lang, limits=config.limits)
    data = loaded.document.data if loaded.document is not None else None
    offices = data.get("offices") if isinstance(data, dict) else None
    if not isinstance(offices, list):
        return {}
    return {
        office["id"]: office.get("name")
        for office in offices
        if isinstance(office, dict) and isinstance(office.get("id"), str)
    }


def text_in(value: Any, lang: str) -> str:
    """A *text* value in `lang`, else in Chinese, else the first language given."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in (lang, "zh", "en", *value.keys()):
            candidate = value.get(key)
            if isinstance(candidate, str) and candidate:
                return candidate
    return ""


def other_texts(value: Any, lang: str) -> list[str]:
    """The other languages of a *text* value, for a second line under the first."""
    first = text_in(value, lang)
    if not isinstance(value, dict):
        return []
    return [v for v in value.values() if isinstance(v, str) and v and v != first]


__all__ = [
    "ELEMENTS",
    "ELEMENT_KEYS",
    "ComplianceReport",
    "ElementStatus",
    "Problem",
    "ServiceCompliance",
    "ServiceFacts",
    "assess",
    "build",
    "collect",
    "details_of",
    "element_of",
    "facts_from_data",
    "other_texts",
    "text_in",
]
