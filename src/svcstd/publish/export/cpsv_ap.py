"""Definitions → CPSV-AP 3.2.0 RDF (Turtle or JSON-LD), conforming to the official shapes.

What the shapes require, and where it comes from (tests/test_export.py validates every
example against `cpsv-ap-SHACL.ttl` with pyshacl):
- cpsv:PublicService: one dct:identifier (the definition's `id`), language-tagged dct:title
  and dct:description, and cv:hasCompetentAuthority (the `responsible_office`);
- cv:PublicOrganisation: skos:prefLabel (the registry's `name`) and dct:spatial, a
  dct:Location built from the registry's `area` (format 1.1); an office without one is an
  export error naming the office, never RDF that fails the shapes;
- cv:Channel, cv:Cost, cv:Output need identifiers svcstd has no keys for: they are derived
  from the service id, the channel type and the position among items of the same kind, so
  the same definition always gives the same ids;
- every text is language-tagged: a plain string takes the file's `language`, else the
  registry's `defaults.language`, else `--default-language`; else it is an export error;
- every concept, location and language IRI referenced is typed (skos:Concept,
  dct:Location, dct:LinguisticSystem): the shapes check classes by rdf:type, and the official
  example fails them for lack of these types;
- cv:processingTime is an xsd:duration only where the committed limit is exact (calendar
  days, hours): a working day is not a fixed span. Working days, statutory limits, steps,
  personal data and every other fact CPSV-AP has no term for go in the svcstd namespace
  (`<base>ns#`), whose IRI base the user chooses (`--base-iri`).
"""

from __future__ import annotations

import itertools
import json
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, TextIO
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from ...load import json_pointer
from ...model import Definition, Duration, OfficeRef, RegistryDefaults, Text, read
from ..sources import Registry, Source
from ..text import CODES, code_label
from . import LANGUAGE_TAG, ExportError, ExportProblem

CV = Namespace("http://data.europa.eu/m8g/")
CPSV = Namespace("http://purl.org/vocab/cpsv#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
EU_CURRENCY = Namespace("http://publications.europa.eu/resource/authority/currency/")

DEFAULT_BASE = "https://svcstd.example.org/"
FORMATS = ("turtle", "jsonld")

# ISO 639-1 → the EU Publications Office's language table (ISO 639-3 based), for dct:language.
_EU_LANGUAGE_CODES = {
    "zh": "ZHO", "en": "ENG", "fr": "FRA", "de": "DEU", "es": "SPA", "it": "ITA", "pt": "POR",
    "nl": "NLD", "ru": "RUS", "ja": "JPN", "ko": "KOR", "ar": "ARA", "bo": "BOD", "ug": "UIG",
    "mn": "MON", "pl": "POL", "el": "ELL", "sv": "SWE", "fi": "FIN", "da": "DAN", "cs": "CES",
}


class _Builder:
    """Adds one definition after another to one graph, collecting every problem on the way."""

    def __init__(self, base: str, default_language: str | None):
        self.base = base
        self.ns = Namespace(base + "ns#")
        self.default_language = default_language
        # Each service is a graph of its own (serialized, then dropped: memory and time stay
        # linear in the number of services); offices, concepts, places and languages, which
        # many services share, are described once in `shared`. SimpleMemory: the export only
        # adds and serializes, and rdflib's indexed store costs twice as much per triple.
        self.shared = self.new_graph()
        self.graph = self.shared
        self.problems: list[ExportProblem] = []
        self.offices_described: set[URIRef] = set()
        self.unknown_offices: set[URIRef] = set()
        self.typed: set[URIRef] = set()

    def new_graph(self) -> Graph:
        """A graph with our prefixes only. Each has its own namespace manager: rdflib's
        remembers every namespace it has split an IRI into and searches them linearly, so one
        shared across ten thousand services made the export quadratic (11 min instead of 2)."""
        graph = Graph(store="SimpleMemory", bind_namespaces="none")
        for prefix, namespace in (
            ("cv", CV), ("cpsv", CPSV), ("dct", DCTERMS), ("skos", SKOS), ("locn", LOCN), ("adms", ADMS),
            ("eli", ELI), ("foaf", FOAF), ("xsd", XSD), ("svcstd", self.ns),
        ):
            graph.bind(prefix, namespace)
        return graph

    # -- IRIs ---------------------------------------------------------------------------
    def iri(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(quote(str(part), safe="") for part in parts))

    def concept(self, scheme: str, code: object) -> URIRef | None:
        """A code of the format as a skos:Concept (typed, labelled, in its scheme)."""
        if not isinstance(code, str) or not code:
            return None
        node = self.iri("concept", scheme, code)
        if node not in self.typed:
            self.typed.add(node)
            scheme_node = self.iri("concept", scheme)
            self.shared.add((node, RDF.type, SKOS.Concept))
            self.shared.add((node, SKOS.inScheme, scheme_node))
            self.shared.add((node, SKOS.notation, Literal(code)))
            if scheme in CODES:
                for lang in ("en", "zh"):
                    self.shared.add((node, SKOS.prefLabel, Literal(code_label(scheme, code, lang), lang=lang)))
            else:
                self.shared.add((node, SKOS.prefLabel, Literal(code, lang="en")))
            if scheme_node not in self.typed:
                self.typed.add(scheme_node)
                self.shared.add((scheme_node, RDF.type, SKOS.ConceptScheme))
        return node

    def language_node(self, tag: str) -> URIRef | None:
        code = _EU_LANGUAGE_CODES.get(tag.split("-")[0].lower())
        if code is None:
            return None
        node = EU_LANGUAGE[code]
        if node not in self.typed:
            self.typed.add(node)
            self.shared.add((node, RDF.type, DCTERMS.LinguisticSystem))
        return node

    # -- texts --------------------------------------------------------------------------
    def literals(self, value: Text | str | None, source: Source, where: str, seen_plain: dict,
                 language: str | None = None) -> list[Literal]:
        """A *text* (or a plain string field) as language-tagged literals. A plain string
        without a known language is reported once per file (the first place), not per string."""
        if value is None:
            return []
        if isinstance(value, str):
            value = Text(value, (), language)
        if not value.is_plain:
            return [
                Literal(text, lang=lang)
                for lang, text in value.by_language().items()
                if LANGUAGE_TAG.match(lang) and text.strip()
            ]
        if not value.value.strip():
            return []
        if value.default_language is None:
            if not seen_plain:
                seen_plain["where"] = where
                self.problems.append(ExportProblem("no_language", {"file": source.file, "where": where}))
            return []
        return [Literal(value.value, lang=value.default_language)]

    # -- offices ------------------------------------------------------------------------
    def office(self, reference: OfficeRef | None, source: Source) -> URIRef | None:
        """The PublicOrganisation an office reference names, described once per export."""
        if reference is None or reference.ref is None:
            return None
        office_id = reference.ref
        node = self.iri("office", office_id)
        if node in self.offices_described:
            return node
        registry: Registry = source.registry
        entry = registry.office(office_id)
        registry_name = _shown(registry.path)
        if entry is None:
            if node in self.unknown_offices:
                return None
            self.unknown_offices.add(node)
            self.problems.append(ExportProblem(
                "unknown_office", {"file": source.file, "office": office_id, "registry": registry_name}
            ))
            return None
        self.offices_described.add(node)
        graph = self.shared
        graph.add((node, RDF.type, CV.PublicOrganisation))
        graph.add((node, DCTERMS.identifier, Literal(office_id)))
        office_source = Source(registry_name, {}, registry)
        language = registry.language or self.default_language
        labels = self.literals(_text(entry.get("name"), language), office_source, f"/offices/{office_id}/name", {})
        if not labels and entry.get("name") in (None, "", {}):
            self.problems.append(ExportProblem("office_without_name", {"registry": registry_name, "office": office_id}))
        for label in labels:
            graph.add((node, SKOS.prefLabel, label))
        area = entry.get("area")
        code = area.get("code") if isinstance(area, dict) else None
        if not isinstance(code, (str, int)) or not str(code).strip():
            self.problems.append(ExportProblem("office_without_area", {"registry": registry_name, "office": office_id}))
        else:
            graph.add((node, DCTERMS.spatial, self.location(str(code), _text(area.get("name"), language), office_source)))
        credit_code = entry.get("credit_code")
        if isinstance(credit_code, str):
            graph.add((node, self.ns.creditCode, Literal(credit_code)))
        for key in ("level", "nature"):
            if isinstance(entry.get(key), str):
                graph.add((node, self.ns[key], Literal(entry[key])))
        if isinstance(entry.get("parent"), str) and registry.office(entry["parent"]) is not None:
            graph.add((node, self.ns.parentOffice, self.iri("office", entry["parent"])))
        return node

    def location(self, code: str, name: Text | None, source: Source) -> URIRef:
        node = self.iri("area", code)
        if node not in self.typed:
            self.typed.add(node)
            self.shared.add((node, RDF.type, DCTERMS.Location))
            self.shared.add((node, DCTERMS.identifier, Literal(code)))
        for label in self.literals(name, source, f"/area/{code}/name", {"quiet": True}):
            self.shared.add((node, LOCN.geographicName, label))
        return node

    # -- one service --------------------------------------------------------------------
    def service(self, source: Source) -> Graph | None:
        """The graph of one service (None when it cannot be exported: see `problems`)."""
        if source.data is None:
            detail = next((f"{f.code} {f.line}:{f.column}" for f in source.load_findings), "unreadable")
            self.problems.append(ExportProblem("unreadable", {"file": source.file, "detail": detail}))
            return None
        model = read(source.data, RegistryDefaults(source.registry.language, source.registry.public_status),
                     self.default_language)
        if model.id is None:
            self.problems.append(ExportProblem("no_id", {"file": source.file}))
            return None
        self.graph = self.new_graph()
        g, ns = self.graph, self.ns
        plain: dict = {}
        language = model.default_language

        def texts(subject, predicate, value, where=None):
            """Add `value` (a Text, or a plain string field) as language-tagged literals."""
            place = where or (json_pointer(value.path) if isinstance(value, Text) else "")
            for literal in self.literals(value, source, place, plain, language):
                g.add((subject, predicate, literal))

        node = self.iri("service", model.id)
        g.add((node, RDF.type, CPSV.PublicService))
        g.add((node, DCTERMS.identifier, Literal(model.id)))
        if not self.literals(model.name, source, "/name", plain, language):
            self.problems.append(ExportProblem("no_name", {"file": source.file}))
        texts(node, DCTERMS.title, model.name)
        if not self.literals(model.description, source, "/description", plain, language):
            self.problems.append(ExportProblem("no_description", {"file": source.file, "service": model.id}))
        texts(node, DCTERMS.description, model.description)

        if model.responsible_office is None or model.responsible_office.ref is None:
            self.problems.append(ExportProblem("no_office", {"file": source.file, "service": model.id}))
        elif (authority := self.office(model.responsible_office, source)) is not None:
            g.add((node, CV.hasCompetentAuthority, authority))
            for area in g.objects(authority, DCTERMS.spatial):
                g.add((node, DCTERMS.spatial, area))
        if (supervising := self.office(model.supervising_office, source)) is not None:
            g.add((node, ns.supervisingOffice, supervising))

        self._classification(node, model)
        self._time_limits(node, model, texts)
        self._requirements_and_evidence(node, model, source, texts)
        self._steps(node, model, source, texts)
        self._costs(node, model, texts)
        self._output(node, model, texts)
        self._channels(node, model, source, texts)
        self._contacts(node, model, source, texts)
        self._legal(node, model, texts)
        for index, entry in enumerate(model.faq):
            faq = self.iri("service", model.id, "faq", str(index + 1))
            g.add((node, ns.faq, faq))
            g.add((faq, RDF.type, ns.Question))
            for key, predicate in (("question", ns.question), ("answer", ns.answer)):
                value = entry.fields.get(key)
                if isinstance(value, Text):
                    texts(faq, predicate, value)
        return g

    def _classification(self, node, model: Definition) -> None:
        g, ns = self.graph, self.ns
        for scheme, value, predicate in (("type", model.type, DCTERMS.type), ("status", model.status, ADMS.status),
                                         ("level", model.level, ns.level), ("scope", model.scope, ns.scope)):
            if (concept := self.concept(scheme, value)) is not None:
                g.add((node, predicate, concept))
        for audience in model.audience:
            if (concept := self.concept("audience", audience)) is not None:
                g.add((node, DCTERMS.audience, concept))
        languages = {
            lang for value in (model.name, model.description) if value is not None
            for lang in value.by_language() if lang
        }
        for tag in sorted(languages):
            if (language := self.language_node(tag)) is not None:
                g.add((node, DCTERMS.language, language))
        if model.version_of_service:
            g.add((node, ns.version, Literal(model.version_of_service)))
        for key, predicate in (("from", ns.effectiveFrom), ("until", ns.effectiveUntil)):
            if isinstance(model.effective.get(key), str):
                g.add((node, predicate, _date(model.effective[key])))
        for key in ("catalogue", "implementation", "variant"):
            if key in model.codes:
                g.add((node, ns[f"{key}Code"], Literal(model.codes[key])))

    def duration(self, value: Duration | None) -> BNode | None:
        if value is None:
            return None
        node = BNode()
        self.graph.add((node, RDF.type, self.ns.Duration))
        self.graph.add((node, self.ns.value, Literal(value.value)))
        self.graph.add((node, self.ns.unit, Literal(value.unit)))
        if (exact := exact_duration(value)) is not None:
            self.graph.add((node, self.ns.exact, Literal(exact, datatype=XSD.duration)))
        return node

    def _time_limits(self, node, model: Definition, texts) -> None:
        g, ns = self.graph, self.ns
        deadlines = model.deadlines
        if deadlines is None:
            return
        if deadlines.kind:
            g.add((node, ns.kind, Literal(deadlines.kind)))
        if (exact := exact_duration(deadlines.committed)) is not None:
            g.add((node, CV.processingTime, Literal(exact, datatype=XSD.duration)))
        for value, predicate in ((deadlines.committed, ns.committedTimeLimit), (deadlines.statutory, ns.statutoryTimeLimit),
                                 (deadlines.acceptance, ns.acceptanceTimeLimit)):
            if (limit := self.duration(value)) is not None:
                g.add((node, predicate, limit))
        if deadlines.statutory_is_null:
            g.add((node, ns.noStatutoryTimeLimit, Literal(True)))
        texts(node, ns.statutoryNote, deadlines.statutory_note)
        texts(node, ns.committedNote, deadlines.committed_note)
        for procedure in deadlines.special_procedures:
            special = BNode()
            g.add((node, ns.specialProcedure, special))
            g.add((special, RDF.type, ns.SpecialProcedure))
            texts(special, DCTERMS.title, procedure.name)
            if (limit := self.duration(procedure.duration)) is not None:
                g.add((special, ns.timeLimit, limit))
            if procedure.counted is not None:
                g.add((special, ns.counted, Literal(procedure.counted)))

    def _requirements_and_evidence(self, node, model: Definition, source: Source, texts) -> None:
        g, ns = self.graph, self.ns
        evidence: dict[str, URIRef] = {}
        for item in model.data_collected:
            if item.id is None:
                continue
            where = json_pointer(item.path)
            item_node = self.iri("service", model.id, "data", item.id)
            g.add((node, ns.collects, item_node))
            g.add((item_node, RDF.type, ns.DataItem))
            texts(item_node, DCTERMS.title, item.name)
            if item.is_document:
                # Evidence identifiers are unique in the export, not only in their service.
                g.add((item_node, RDF.type, CV.Evidence))
                g.add((item_node, DCTERMS.identifier, Literal(f"{model.id}/{item.id}")))
                g.add((node, CPSV.hasInput, item_node))
                evidence[item.id] = item_node
            else:
                g.add((item_node, DCTERMS.identifier, Literal(item.id)))
            for key in ("form", "source", "presented", "medium", "one_of"):
                if getattr(item, key) is not None:
                    g.add((item_node, ns[_camel(key)], Literal(getattr(item, key))))
            g.add((item_node, ns.personal, Literal(item.personal)))
            g.add((item_node, ns.sensitive, Literal(item.sensitive)))
            if item.required is not None:
                g.add((item_node, ns.required, Literal(item.required)))
            for category in item.categories:
                if (concept := self.concept("category", category)) is not None:
                    g.add((item_node, ns.category, concept))
            texts(item_node, ns.purpose, item.purpose)
            texts(item_node, ns.necessity, item.necessity)
            texts(item_node, ns.legalBasis, item.legal_basis, where + "/legal_basis")
            texts(item_node, ns.issuer, item.issuer)
            if item.retention == "permanent":
                g.add((item_node, ns.retainedPermanently, Literal(True)))
            elif isinstance(item.retention, Duration) and (limit := self.duration(item.retention)) is not None:
                g.add((item_node, ns.retention, limit))
            for share in item.shared_with:
                share_node = BNode()
                g.add((item_node, ns.sharedWith, share_node))
                g.add((share_node, RDF.type, ns.Sharing))
                if (office := self.office(share.office, source)) is not None:
                    g.add((share_node, ns.recipient, office))
                texts(share_node, ns.purpose, share.purpose)
                texts(share_node, ns.legalBasis, share.legal_basis, json_pointer(share.path) + "/legal_basis")
                if share.method:
                    g.add((share_node, ns.method, Literal(share.method)))
            if item.cross_border is not None:
                cross_node = BNode()
                g.add((item_node, ns.crossBorder, cross_node))
                g.add((cross_node, RDF.type, ns.CrossBorderTransfer))
                texts(cross_node, ns.destination, item.cross_border.destination, where + "/cross_border/destination")
                texts(cross_node, ns.legalBasis, item.cross_border.legal_basis, where + "/cross_border/legal_basis")
        for index, criterion in enumerate(model.eligibility):
            criterion_id = criterion.id or str(index + 1)
            requirement = self.iri("service", model.id, "requirement", criterion_id)
            g.add((node, CV.holdsRequirement, requirement))
            g.add((requirement, RDF.type, CV.Requirement))
            g.add((requirement, DCTERMS.identifier, Literal(f"{model.id}/{criterion_id}")))
            texts(requirement, DCTERMS.title, criterion.criterion)
            for ref in criterion.evidence:
                if ref.id in evidence:
                    g.add((requirement, CV.hasSupportingEvidence, evidence[ref.id]))
                    g.add((evidence[ref.id], CV.supportsRequirement, requirement))

    def _steps(self, node, model: Definition, source: Source, texts) -> None:
        g, ns = self.graph, self.ns
        labels = [step.id or str(step.index + 1) for step in model.steps]
        for position, step in enumerate(model.steps):
            step_node = self.iri("service", model.id, "step", labels[position])
            g.add((node, ns.step, step_node))
            g.add((step_node, RDF.type, ns.Step))
            g.add((step_node, DCTERMS.identifier, Literal(labels[position])))
            g.add((step_node, ns.position, Literal(position + 1)))
            texts(step_node, DCTERMS.title, step.name)
            status = step.public_status
            if status is None and (inherited := model.defaults.status_for(step.stage)) is not None:
                status = Text(inherited, step.path + ("public_status",), source.registry.language or self.default_language)
            texts(step_node, ns.publicStatus, status)
            texts(step_node, ns.criteria, step.criteria)
            for stage in step.stages:
                if (concept := self.concept("stage", stage)) is not None:
                    g.add((step_node, ns.stage, concept))
            if (concept := self.concept("actor", step.actor)) is not None:
                g.add((step_node, ns.actor, concept))
            if (office := self.office(step.office, source)) is not None:
                g.add((step_node, ns.office, office))
            if (limit := self.duration(step.deadline)) is not None:
                g.add((step_node, ns.timeLimit, limit))
            if step.next is not None:
                targets = [ref.id for ref in step.next if ref.id in labels]
            else:
                targets = labels[position + 1: position + 2]
            for target in targets:
                g.add((step_node, ns.next, self.iri("service", model.id, "step", target)))

    def _costs(self, node, model: Definition, texts) -> None:
        g, ns = self.graph, self.ns
        fees = model.fees
        if fees is None:
            return
        if fees.charged is not None:
            g.add((node, ns.charged, Literal(fees.charged)))
        for index, item in enumerate(fees.items):
            cost = self.iri("service", model.id, "cost", str(index + 1))
            g.add((node, CV.hasCost, cost))
            g.add((cost, RDF.type, CV.Cost))
            g.add((cost, DCTERMS.identifier, Literal(f"{model.id}/cost/{index + 1}")))
            texts(cost, DCTERMS.description, item.name)
            if item.amount is not None:
                g.add((cost, CV.hasValue, Literal(float(item.amount), datatype=XSD.double)))
            currency = item.currency
            if currency and len(currency) == 3 and currency.isalpha():
                currency_node = EU_CURRENCY[currency.upper()]
                g.add((cost, CV.currency, currency_node))
                if currency_node not in self.typed:
                    self.typed.add(currency_node)
                    self.shared.add((currency_node, RDF.type, SKOS.Concept))
            texts(cost, ns.standard, item.standard)
            texts(cost, ns.legalBasis, item.basis, json_pointer(item.path) + "/basis")

    def _output(self, node, model: Definition, texts) -> None:
        g, ns = self.graph, self.ns
        outcome = model.outcome
        if outcome is None:
            return
        output = self.iri("service", model.id, "output")
        g.add((node, CPSV.produces, output))
        g.add((output, RDF.type, CV.Output))
        g.add((output, DCTERMS.identifier, Literal(f"{model.id}/output")))
        texts(output, DCTERMS.title, outcome.name)
        if (concept := self.concept("outcome", outcome.type)) is not None:
            g.add((output, DCTERMS.type, concept))
        for way in outcome.delivery:
            if (concept := self.concept("delivery", way)) is not None:
                g.add((output, ns.delivery, concept))
        if isinstance(outcome.validity, Duration) and (limit := self.duration(outcome.validity)) is not None:
            g.add((output, ns.validity, limit))

    def _channels(self, node, model: Definition, source: Source, texts) -> None:
        g, ns = self.graph, self.ns
        seen: Counter[str] = Counter()
        for channel in model.channels:
            kind = channel.type or "channel"
            seen[kind] += 1
            local = f"{kind}-{seen[kind]}"
            channel_node = self.iri("service", model.id, "channel", local)
            g.add((node, CV.hasChannel, channel_node))
            g.add((channel_node, RDF.type, CV.Channel))
            g.add((channel_node, DCTERMS.identifier, Literal(f"{model.id}/channel/{local}")))
            if (concept := self.concept("channel", channel.type)) is not None:
                g.add((channel_node, DCTERMS.type, concept))
            if channel.url:
                g.add((channel_node, ns.url, Literal(channel.url, datatype=XSD.anyURI)))
            texts(channel_node, ns.address, channel.address)
            texts(channel_node, ns.hours, channel.hours)
            texts(channel_node, ns.visitsReason, channel.visits_reason)
            for key in ("online_depth", "visits"):
                if getattr(channel, key) is not None:
                    g.add((channel_node, ns[_camel(key)], Literal(getattr(channel, key))))
            for key in ("appointment", "courier", "online_payment", "self_service"):
                if getattr(channel, key) is not None:
                    g.add((channel_node, ns[_camel(key)], Literal(getattr(channel, key))))
            if (office := self.office(channel.office, source)) is not None:
                g.add((channel_node, ns.office, office))

    def _contacts(self, node, model: Definition, source: Source, texts) -> None:
        g, ns = self.graph, self.ns
        contact = model.contact
        if contact is None:
            return
        for purpose, line in (("enquiry", contact.enquiry), ("complaint", contact.complaint)):
            for index, point in enumerate(line.points):
                point_node = self.iri("service", model.id, "contact", f"{purpose}-{index + 1}")
                g.add((node, CV.contactPoint, point_node))
                g.add((point_node, RDF.type, CV.ContactPoint))
                g.add((point_node, ns.contactPurpose, Literal(purpose)))
                if point.type is None:  # format 1: a sentence, in the file's language
                    texts(point_node, DCTERMS.description, point.value, json_pointer(point.path))
                    continue
                if point.type == "phone" and point.value:
                    g.add((point_node, CV.telephone, Literal(point.value)))
                elif point.type == "email" and point.value:
                    g.add((point_node, CV.email, Literal(point.value)))
                elif point.value:
                    g.add((point_node, ns.contactValue, Literal(point.value)))
                g.add((point_node, ns.contactType, Literal(point.type)))
                texts(point_node, DCTERMS.description, point.label)
                texts(point_node, ns.hours, point.hours)
                if (office := self.office(point.office, source)) is not None:
                    g.add((point_node, ns.office, office))
        for key in ("review", "litigation"):
            body = getattr(contact, key)
            if body is None:
                continue
            body_node = self.iri("service", model.id, "contact", key)
            g.add((node, ns[key], body_node))
            g.add((body_node, RDF.type, ns.AppealBody))
            texts(body_node, DCTERMS.title, body.body)
            for field in ("address", "phone", "url"):
                if getattr(body, field):
                    g.add((body_node, ns[field], Literal(getattr(body, field))))

    def _legal(self, node, model: Definition, texts) -> None:
        g, ns = self.graph, self.ns
        for index, law in enumerate(model.legal_basis):
            resource = self.iri("service", model.id, "law", str(index + 1))
            where = json_pointer(law.path)
            g.add((node, CV.hasLegalResource, resource))
            g.add((resource, RDF.type, ELI.LegalResource))
            texts(resource, DCTERMS.title, law.title, where + "/title")
            for key, predicate in (("article", ns.article), ("number", ns.number), ("issuer", ns.issuer),
                                   ("text", ns.articleText)):
                texts(resource, predicate, getattr(law, key), f"{where}/{key}")
            if law.url:
                g.add((resource, ns.url, Literal(law.url, datatype=XSD.anyURI)))
            if (concept := self.concept("rank", law.rank)) is not None:
                g.add((resource, ns.rank, concept))
            if law.date:
                g.add((resource, ns.date, Literal(str(law.date))))


def exact_duration(value: Duration | None) -> str | None:
    """xsd:duration for a limit that is an exact span (calendar days, hours); None otherwise."""
    if value is None or not float(value.value).is_integer():
        return None
    amount, unit = int(value.value), value.unit
    if unit in ("calendar_days", "days"):
        return f"P{amount}D"
    if unit == "hours":
        return f"PT{amount}H"
    if unit == "months":
        return f"P{amount}M"
    if unit == "years":
        return f"P{amount}Y"
    return None


def _shown(path) -> str:
    """A registry's path as the user gave it: relative to the working folder when inside it."""
    import os

    if path is None:
        return "offices.yaml"
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def _date(value: str) -> Literal:
    """xsd:date for a real date; anything else (2026-02-30, a year) stays a plain string."""
    import datetime

    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return Literal(value)
    return Literal(value, datatype=XSD.date)


def _text(value: Any, language: str | None) -> Text | None:
    """A text of the registry (which the definition model does not read)."""
    return Text(value, (), language) if isinstance(value, (str, dict)) else None


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part.title() for part in rest)


def build_graph(sources: Sequence[Source], *, base: str = DEFAULT_BASE, default_language: str | None = None) -> Graph:
    """The CPSV-AP graph of `sources` in one rdflib Graph (for callers that query it);
    ExportError with every problem when one cannot conform."""
    builder = _Builder(base, default_language)
    merged = builder.new_graph()
    for source in sources:
        graph = builder.service(source)
        if graph is not None:
            merged += graph
    if builder.problems:
        raise ExportError(builder.problems)
    merged += builder.shared
    return merged


def export(sources: Iterable[Source], stream: TextIO, output_format: str = "turtle", *, base: str = DEFAULT_BASE,
           default_language: str | None = None) -> tuple[int, int]:
    """Write the document to `stream` and return (services, offices). Each service is
    serialized as soon as it is built, the shared descriptions last. On ExportError (every
    problem, collected to the end) part of a document may have been written: give a stream
    the caller discards then (svcstd writes to a temporary file)."""
    if output_format not in FORMATS:
        raise ValueError(output_format)
    builder = _Builder(base, default_language)
    services = 0
    separator = ""
    if output_format == "turtle":
        stream.write("".join(f"@prefix {prefix}: <{iri}> .\n" for prefix, iri in context(base).items()))
    else:
        stream.write(json.dumps({"@context": context(base)}, ensure_ascii=False, indent=2)[:-2] + ',\n  "@graph": [\n')
    for source in itertools.chain(sources, [None]):  # None: the shared descriptions, last
        graph = builder.service(source) if source is not None else builder.shared
        if graph is None or builder.problems:
            continue
        chunk = _chunk(graph, output_format, base)
        if output_format == "turtle":
            stream.write("\n" + chunk)
        elif chunk:
            stream.write(separator + ",\n".join(chunk))
            separator = ",\n"
        services += source is not None
    if builder.problems:
        raise ExportError(builder.problems)
    if output_format == "jsonld":
        stream.write("\n  ]\n}\n")
    return services, len(builder.offices_described)


def _chunk(graph: Graph, output_format: str, base: str):
    """Turtle without its @prefix lines (written once, at the top), or JSON-LD nodes."""
    if output_format == "turtle":
        text = graph.serialize(format="turtle")
        lines = text.splitlines(keepends=True)
        start = next((i for i, line in enumerate(lines) if not line.startswith("@prefix") and line.strip()), len(lines))
        return "".join(lines[start:])
    document = json.loads(graph.serialize(format="json-ld", context=context(base), auto_compact=True))
    if "@graph" in document:
        nodes = document["@graph"]
    else:
        document.pop("@context", None)
        nodes = [document] if document else []
    # Kept as text, not objects: ten thousand services' nodes as dicts would need gigabytes.
    return [textwrap.indent(json.dumps(node, ensure_ascii=False, indent=2), "    ") for node in nodes]


def context(base: str = DEFAULT_BASE) -> dict:
    """The JSON-LD context, inlined in the document (nothing is fetched to read it)."""
    return {
        "cv": str(CV), "cpsv": str(CPSV), "dct": str(DCTERMS), "skos": str(SKOS), "locn": str(LOCN),
        "adms": str(ADMS), "eli": str(ELI), "foaf": str(FOAF), "xsd": str(XSD), "svcstd": base + "ns#",
    }
