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

import json
from collections import Counter
from typing import Any, Iterable, Sequence
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

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
        self.graph = Graph()
        self.problems: list[ExportProblem] = []
        self.offices_described: set[URIRef] = set()
        self.unknown_offices: set[URIRef] = set()
        self.typed: set[URIRef] = set()
        for prefix, namespace in (
            ("cv", CV), ("cpsv", CPSV), ("dct", DCTERMS), ("skos", SKOS), ("locn", LOCN), ("adms", ADMS),
            ("eli", ELI), ("foaf", FOAF), ("xsd", XSD), ("svcstd", self.ns),
        ):
            self.graph.bind(prefix, namespace)

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
            self.graph.add((node, RDF.type, SKOS.Concept))
            self.graph.add((node, SKOS.inScheme, scheme_node))
            self.graph.add((node, SKOS.notation, Literal(code)))
            if scheme in CODES:
                for lang in ("en", "zh"):
                    self.graph.add((node, SKOS.prefLabel, Literal(code_label(scheme, code, lang), lang=lang)))
            else:
                self.graph.add((node, SKOS.prefLabel, Literal(code, lang="en")))
            if scheme_node not in self.typed:
                self.typed.add(scheme_node)
                self.graph.add((scheme_node, RDF.type, SKOS.ConceptScheme))
        return node

    def language_node(self, tag: str) -> URIRef | None:
        code = _EU_LANGUAGE_CODES.get(tag.split("-")[0].lower())
        if code is None:
            return None
        node = EU_LANGUAGE[code]
        if node not in self.typed:
            self.typed.add(node)
            self.graph.add((node, RDF.type, DCTERMS.LinguisticSystem))
        return node

    # -- texts --------------------------------------------------------------------------
    def literals(self, value: Any, source: Source, where: str, seen_plain: dict) -> list[Literal]:
        """A *text* as language-tagged literals. A plain string without a known language is
        reported once per file (the first place), not once per string."""
        if isinstance(value, dict):
            return [
                Literal(text, lang=lang)
                for lang, text in value.items()
                if isinstance(lang, str) and LANGUAGE_TAG.match(lang) and isinstance(text, str) and text.strip()
            ]
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            lang = source.language or self.default_language
            if lang is None:
                if not seen_plain:
                    seen_plain["where"] = where
                    self.problems.append(ExportProblem("no_language", {"file": source.file, "where": where}))
                return []
            return [Literal(str(value), lang=lang)]
        return []

    # -- offices ------------------------------------------------------------------------
    def office(self, reference: Any, source: Source, seen_plain: dict) -> URIRef | None:
        """The PublicOrganisation an office reference names, described once per export."""
        if not isinstance(reference, dict) or not isinstance(reference.get("ref"), str):
            return None
        office_id = reference["ref"]
        node = self.iri("office", office_id)
        if node in self.offices_described:
            return node
        registry: Registry = source.registry
        entry = registry.office(office_id)
        registry_name = str(registry.path) if registry.path else "offices.yaml"
        if entry is None:
            if node in self.unknown_offices:
                return None
            self.unknown_offices.add(node)
            self.problems.append(ExportProblem(
                "unknown_office", {"file": source.file, "office": office_id, "registry": registry_name}
            ))
            return None
        self.offices_described.add(node)
        graph = self.graph
        graph.add((node, RDF.type, CV.PublicOrganisation))
        graph.add((node, DCTERMS.identifier, Literal(office_id)))
        office_source = Source(registry_name, {"language": registry.language} if registry.language else {}, registry)
        labels = self.literals(entry.get("name"), office_source, f"/offices/{office_id}/name", {})
        if not labels and entry.get("name") in (None, "", {}):
            self.problems.append(ExportProblem("office_without_name", {"registry": registry_name, "office": office_id}))
        for label in labels:
            graph.add((node, SKOS.prefLabel, label))
        area = entry.get("area")
        code = area.get("code") if isinstance(area, dict) else None
        if not isinstance(code, (str, int)) or not str(code).strip():
            self.problems.append(ExportProblem("office_without_area", {"registry": registry_name, "office": office_id}))
        else:
            graph.add((node, DCTERMS.spatial, self.location(str(code), area.get("name"), office_source)))
        credit_code = entry.get("credit_code")
        if isinstance(credit_code, str):
            graph.add((node, self.ns.creditCode, Literal(credit_code)))
        for key in ("level", "nature"):
            if isinstance(entry.get(key), str):
                graph.add((node, self.ns[key], Literal(entry[key])))
        if isinstance(entry.get("parent"), str) and registry.office(entry["parent"]) is not None:
            graph.add((node, self.ns.parentOffice, self.iri("office", entry["parent"])))
        return node

    def location(self, code: str, name: Any, source: Source) -> URIRef:
        node = self.iri("area", code)
        if node not in self.typed:
            self.typed.add(node)
            self.graph.add((node, RDF.type, DCTERMS.Location))
            self.graph.add((node, DCTERMS.identifier, Literal(code)))
        for label in self.literals(name, source, f"/area/{code}/name", {"quiet": True}):
            self.graph.add((node, LOCN.geographicName, label))
        return node

    # -- one service --------------------------------------------------------------------
    def service(self, source: Source) -> None:
        data = source.data
        if data is None:
            detail = next((f"{f.code} {f.line}:{f.column}" for f in source.load_findings), "unreadable")
            self.problems.append(ExportProblem("unreadable", {"file": source.file, "detail": detail}))
            return
        service_id = data.get("id")
        if not isinstance(service_id, str) or not service_id:
            self.problems.append(ExportProblem("no_id", {"file": source.file}))
            return
        g, ns = self.graph, self.ns
        plain: dict = {}
        node = self.iri("service", service_id)
        g.add((node, RDF.type, CPSV.PublicService))
        g.add((node, DCTERMS.identifier, Literal(service_id)))

        def texts(subject, predicate, value, where):
            for literal in self.literals(value, source, where, plain):
                g.add((subject, predicate, literal))

        if not self.literals(data.get("name"), source, "/name", plain):
            self.problems.append(ExportProblem("no_name", {"file": source.file}))
        texts(node, DCTERMS.title, data.get("name"), "/name")
        if not self.literals(data.get("description"), source, "/description", plain):
            self.problems.append(ExportProblem("no_description", {"file": source.file, "service": service_id}))
        texts(node, DCTERMS.description, data.get("description"), "/description")

        authority = self.office(data.get("responsible_office"), source, plain)
        if authority is None and not (isinstance(data.get("responsible_office"), dict)
                                      and isinstance(data["responsible_office"].get("ref"), str)):
            self.problems.append(ExportProblem("no_office", {"file": source.file, "service": service_id}))
        if authority is not None:
            g.add((node, CV.hasCompetentAuthority, authority))
            for area in g.objects(authority, DCTERMS.spatial):
                g.add((node, DCTERMS.spatial, area))
        supervising = self.office(data.get("supervising_office"), source, plain)
        if supervising is not None:
            g.add((node, ns.supervisingOffice, supervising))

        self._classification(node, data, source)
        self._codes(node, data)
        self._time_limits(node, data, service_id)
        self._requirements_and_evidence(node, data, source, texts, service_id, plain)
        self._steps(node, data, source, texts, service_id, plain)
        self._costs(node, data, source, texts, service_id)
        self._output(node, data, texts, service_id)
        self._channels(node, data, source, texts, service_id, plain)
        self._contacts(node, data, texts, service_id, source, plain)
        self._legal(node, data, texts, service_id)
        for index, entry in enumerate(_dicts(data.get("faq"))):
            faq = self.iri("service", service_id, "faq", str(index + 1))
            g.add((node, ns.faq, faq))
            g.add((faq, RDF.type, ns.Question))
            texts(faq, ns.question, entry.get("question"), f"/faq/{index}/question")
            texts(faq, ns.answer, entry.get("answer"), f"/faq/{index}/answer")

    def _classification(self, node, data, source) -> None:
        g, ns = self.graph, self.ns
        if (concept := self.concept("type", data.get("type"))) is not None:
            g.add((node, DCTERMS.type, concept))
        if (concept := self.concept("status", data.get("status"))) is not None:
            g.add((node, ADMS.status, concept))
        for audience in data.get("audience") or [] if isinstance(data.get("audience"), list) else []:
            if (concept := self.concept("audience", audience)) is not None:
                g.add((node, DCTERMS.audience, concept))
        if (concept := self.concept("level", data.get("level"))) is not None:
            g.add((node, ns.level, concept))
        if (concept := self.concept("scope", data.get("scope"))) is not None:
            g.add((node, ns.scope, concept))
        languages = set()
        for value in (data.get("name"), data.get("description")):
            if isinstance(value, dict):
                languages.update(k for k in value if isinstance(k, str))
            elif isinstance(value, str) and (lang := source.language or self.default_language):
                languages.add(lang)
        for tag in sorted(languages):
            if (language := self.language_node(tag)) is not None:
                g.add((node, DCTERMS.language, language))
        if isinstance(data.get("version"), str):
            g.add((node, ns.version, Literal(data["version"])))
        effective = data.get("effective")
        if isinstance(effective, dict):
            for key, predicate in (("from", ns.effectiveFrom), ("until", ns.effectiveUntil)):
                if isinstance(effective.get(key), str):
                    g.add((node, predicate, Literal(effective[key], datatype=XSD.date)))

    def _codes(self, node, data) -> None:
        codes = data.get("codes")
        if isinstance(codes, dict):
            for key in ("catalogue", "implementation", "variant"):
                if isinstance(codes.get(key), str):
                    self.graph.add((node, self.ns[f"{key}Code"], Literal(codes[key])))

    def duration(self, value: Any) -> BNode | None:
        if not isinstance(value, dict) or not isinstance(value.get("value"), int) or not isinstance(value.get("unit"), str):
            return None
        node = BNode()
        self.graph.add((node, RDF.type, self.ns.Duration))
        self.graph.add((node, self.ns.value, Literal(value["value"])))
        self.graph.add((node, self.ns.unit, Literal(value["unit"])))
        if (exact := exact_duration(value)) is not None:
            self.graph.add((node, self.ns.exact, Literal(exact, datatype=XSD.duration)))
        return node

    def _time_limits(self, node, data, service_id) -> None:
        g, ns = self.graph, self.ns
        deadlines = data.get("deadlines")
        if not isinstance(deadlines, dict):
            return
        if isinstance(deadlines.get("kind"), str):
            g.add((node, ns.kind, Literal(deadlines["kind"])))
        committed = deadlines.get("committed")
        if (exact := exact_duration(committed)) is not None:
            g.add((node, CV.processingTime, Literal(exact, datatype=XSD.duration)))
        for key, predicate in (("committed", ns.committedTimeLimit), ("statutory", ns.statutoryTimeLimit),
                               ("acceptance", ns.acceptanceTimeLimit)):
            if (limit := self.duration(deadlines.get(key))) is not None:
                g.add((node, predicate, limit))
        if "statutory" in deadlines and deadlines["statutory"] is None:
            g.add((node, ns.noStatutoryTimeLimit, Literal(True)))

    def _requirements_and_evidence(self, node, data, source, texts, service_id, plain) -> None:
        g, ns = self.graph, self.ns
        evidence: dict[str, URIRef] = {}
        for index, item in enumerate(_dicts(data.get("data_collected"))):
            item_id = item.get("id")
            if not isinstance(item_id, str):
                continue
            where = f"/data_collected/{index}"
            item_node = self.iri("service", service_id, "data", item_id)
            g.add((node, ns.collects, item_node))
            g.add((item_node, RDF.type, ns.DataItem))
            g.add((item_node, DCTERMS.identifier, Literal(item_id)))
            texts(item_node, DCTERMS.title, item.get("name"), where + "/name")
            if item.get("form") == "document":
                g.add((item_node, RDF.type, CV.Evidence))
                g.add((node, CPSV.hasInput, item_node))
                evidence[item_id] = item_node
            for key in ("form", "source", "presented", "medium", "one_of"):
                if isinstance(item.get(key), str):
                    g.add((item_node, ns[_camel(key)], Literal(item[key])))
            for key in ("personal", "sensitive"):
                if isinstance(item.get(key), bool):
                    g.add((item_node, ns[key], Literal(item[key])))
            if isinstance(item.get("required"), (bool, str)):
                g.add((item_node, ns.required, Literal(item["required"])))
            categories = item.get("category")
            for category in categories if isinstance(categories, list) else [categories]:
                if (concept := self.concept("category", category)) is not None:
                    g.add((item_node, ns.category, concept))
            texts(item_node, ns.purpose, item.get("purpose"), where + "/purpose")
            texts(item_node, ns.necessity, item.get("necessity"), where + "/necessity")
            texts(item_node, ns.legalBasis, item.get("legal_basis"), where + "/legal_basis")
            texts(item_node, ns.issuer, item.get("issuer"), where + "/issuer")
            retention = item.get("retention")
            if retention == "permanent":
                g.add((item_node, ns.retainedPermanently, Literal(True)))
            elif (limit := self.duration(retention)) is not None:
                g.add((item_node, ns.retention, limit))
            for share_index, share in enumerate(_dicts(item.get("shared_with"))):
                share_node = BNode()
                g.add((item_node, ns.sharedWith, share_node))
                g.add((share_node, RDF.type, ns.Sharing))
                if (office := self.office(share.get("office"), source, plain)) is not None:
                    g.add((share_node, ns.recipient, office))
                texts(share_node, ns.purpose, share.get("purpose"), f"{where}/shared_with/{share_index}/purpose")
                texts(share_node, ns.legalBasis, share.get("legal_basis"), f"{where}/shared_with/{share_index}/legal_basis")
                if isinstance(share.get("method"), str):
                    g.add((share_node, ns.method, Literal(share["method"])))
            cross = item.get("cross_border")
            if isinstance(cross, dict):
                cross_node = BNode()
                g.add((item_node, ns.crossBorder, cross_node))
                g.add((cross_node, RDF.type, ns.CrossBorderTransfer))
                texts(cross_node, ns.destination, cross.get("destination"), where + "/cross_border/destination")
                texts(cross_node, ns.legalBasis, cross.get("legal_basis"), where + "/cross_border/legal_basis")
        for index, criterion in enumerate(_dicts(data.get("eligibility"))):
            criterion_id = criterion.get("id") if isinstance(criterion.get("id"), str) else str(index + 1)
            requirement = self.iri("service", service_id, "requirement", criterion_id)
            g.add((node, CV.holdsRequirement, requirement))
            g.add((requirement, RDF.type, CV.Requirement))
            g.add((requirement, DCTERMS.identifier, Literal(f"{service_id}/{criterion_id}")))
            texts(requirement, DCTERMS.title, criterion.get("criterion"), f"/eligibility/{index}/criterion")
            for evidence_id in criterion.get("evidence") or [] if isinstance(criterion.get("evidence"), list) else []:
                if evidence_id in evidence:
                    g.add((requirement, CV.hasSupportingEvidence, evidence[evidence_id]))
                    g.add((evidence[evidence_id], CV.supportsRequirement, requirement))
        for item_node in set(evidence.values()):
            # An Evidence's identifier is unique in the export, not only in its service.
            g.remove((item_node, DCTERMS.identifier, None))
            g.add((item_node, DCTERMS.identifier, Literal(f"{service_id}/{str(item_node).rsplit('/', 1)[-1]}")))

    def _steps(self, node, data, source, texts, service_id, plain) -> None:
        g, ns = self.graph, self.ns
        steps = list(_dicts(data.get("steps")))
        ids = [step.get("id") for step in steps]
        for index, step in enumerate(steps):
            step_id = step.get("id") if isinstance(step.get("id"), str) else str(index + 1)
            where = f"/steps/{index}"
            step_node = self.iri("service", service_id, "step", step_id)
            g.add((node, ns.step, step_node))
            g.add((step_node, RDF.type, ns.Step))
            g.add((step_node, DCTERMS.identifier, Literal(step_id)))
            g.add((step_node, ns.position, Literal(index + 1)))
            texts(step_node, DCTERMS.title, step.get("name"), where + "/name")
            texts(step_node, ns.publicStatus, step.get("public_status"), where + "/public_status")
            stages = step.get("stage")
            for stage in stages if isinstance(stages, list) else [stages]:
                if (concept := self.concept("stage", stage)) is not None:
                    g.add((step_node, ns.stage, concept))
            if (concept := self.concept("actor", step.get("actor"))) is not None:
                g.add((step_node, ns.actor, concept))
            if (office := self.office(step.get("office"), source, plain)) is not None:
                g.add((step_node, ns.office, office))
            if (limit := self.duration(step.get("deadline"))) is not None:
                g.add((step_node, ns.timeLimit, limit))
            following = step.get("next")
            if isinstance(following, list):
                targets = [target for target in following if isinstance(target, str) and target in ids]
            else:
                targets = [ids[index + 1]] if index + 1 < len(ids) and isinstance(ids[index + 1], str) else []
            for target in targets:
                g.add((step_node, ns.next, self.iri("service", service_id, "step", target)))

    def _costs(self, node, data, source, texts, service_id) -> None:
        g, ns = self.graph, self.ns
        fees = data.get("fees")
        if not isinstance(fees, dict):
            return
        if isinstance(fees.get("charged"), bool):
            g.add((node, ns.charged, Literal(fees["charged"])))
        for index, item in enumerate(_dicts(fees.get("items"))):
            cost = self.iri("service", service_id, "cost", str(index + 1))
            g.add((node, CV.hasCost, cost))
            g.add((cost, RDF.type, CV.Cost))
            g.add((cost, DCTERMS.identifier, Literal(f"{service_id}/cost/{index + 1}")))
            texts(cost, DCTERMS.description, item.get("name"), f"/fees/items/{index}/name")
            amount = item.get("amount")
            if isinstance(amount, (int, float)) and not isinstance(amount, bool):
                g.add((cost, CV.hasValue, Literal(float(amount), datatype=XSD.double)))
            currency = item.get("currency")
            if isinstance(currency, str) and len(currency) == 3 and currency.isalpha():
                currency_node = EU_CURRENCY[currency.upper()]
                g.add((cost, CV.currency, currency_node))
                if currency_node not in self.typed:
                    self.typed.add(currency_node)
                    g.add((currency_node, RDF.type, SKOS.Concept))
            texts(cost, ns.standard, item.get("standard"), f"/fees/items/{index}/standard")
            texts(cost, ns.legalBasis, item.get("basis"), f"/fees/items/{index}/basis")

    def _output(self, node, data, texts, service_id) -> None:
        g, ns = self.graph, self.ns
        outcome = data.get("outcome")
        if not isinstance(outcome, dict):
            return
        output = self.iri("service", service_id, "output")
        g.add((node, CPSV.produces, output))
        g.add((output, RDF.type, CV.Output))
        g.add((output, DCTERMS.identifier, Literal(f"{service_id}/output")))
        texts(output, DCTERMS.title, outcome.get("name"), "/outcome/name")
        if (concept := self.concept("outcome", outcome.get("type"))) is not None:
            g.add((output, DCTERMS.type, concept))
        for way in outcome.get("delivery") or [] if isinstance(outcome.get("delivery"), list) else []:
            if (concept := self.concept("delivery", way)) is not None:
                g.add((output, ns.delivery, concept))

    def _channels(self, node, data, source, texts, service_id, plain) -> None:
        g, ns = self.graph, self.ns
        seen: Counter[str] = Counter()
        for index, channel in enumerate(_dicts(data.get("channels"))):
            kind = channel.get("type") if isinstance(channel.get("type"), str) else "channel"
            seen[kind] += 1
            derived = f"{service_id}/channel/{kind}-{seen[kind]}"
            channel_node = self.iri("service", service_id, "channel", f"{kind}-{seen[kind]}")
            where = f"/channels/{index}"
            g.add((node, CV.hasChannel, channel_node))
            g.add((channel_node, RDF.type, CV.Channel))
            g.add((channel_node, DCTERMS.identifier, Literal(derived)))
            if (concept := self.concept("channel", channel.get("type"))) is not None:
                g.add((channel_node, DCTERMS.type, concept))
            if isinstance(channel.get("url"), str):
                g.add((channel_node, ns.url, Literal(channel["url"], datatype=XSD.anyURI)))
            texts(channel_node, ns.address, channel.get("address"), where + "/address")
            texts(channel_node, ns.hours, channel.get("hours"), where + "/hours")
            texts(channel_node, ns.visitsReason, channel.get("visits_reason"), where + "/visits_reason")
            for key in ("online_depth", "visits"):
                if isinstance(channel.get(key), int) and not isinstance(channel.get(key), bool):
                    g.add((channel_node, ns[_camel(key)], Literal(channel[key])))
            for key in ("appointment", "courier", "online_payment", "self_service"):
                if isinstance(channel.get(key), bool):
                    g.add((channel_node, ns[_camel(key)], Literal(channel[key])))
            if (office := self.office(channel.get("office"), source, plain)) is not None:
                g.add((channel_node, ns.office, office))

    def _contacts(self, node, data, texts, service_id, source, plain) -> None:
        g, ns = self.graph, self.ns
        contact = data.get("contact")
        if not isinstance(contact, dict):
            return
        for purpose in ("enquiry", "complaint"):
            value = contact.get(purpose)
            entries = value if isinstance(value, list) else [value] if value is not None else []
            for index, entry in enumerate(entries):
                point = self.iri("service", service_id, "contact", f"{purpose}-{index + 1}")
                g.add((node, CV.contactPoint, point))
                g.add((point, RDF.type, CV.ContactPoint))
                g.add((point, ns.contactPurpose, Literal(purpose)))
                where = f"/contact/{purpose}" + (f"/{index}" if isinstance(value, list) else "")
                if isinstance(entry, dict):
                    kind, text = entry.get("type"), entry.get("value")
                    if kind == "phone" and isinstance(text, str):
                        g.add((point, CV.telephone, Literal(text)))
                    elif kind == "email" and isinstance(text, str):
                        g.add((point, CV.email, Literal(text)))
                    elif isinstance(text, str):
                        g.add((point, ns.contactValue, Literal(text)))
                    if isinstance(kind, str):
                        g.add((point, ns.contactType, Literal(kind)))
                    texts(point, DCTERMS.description, entry.get("label"), where + "/label")
                    texts(point, ns.hours, entry.get("hours"), where + "/hours")
                else:
                    texts(point, DCTERMS.description, entry, where)
        for key in ("review", "litigation"):
            body = contact.get(key)
            if isinstance(body, dict):
                body_node = self.iri("service", service_id, "contact", key)
                g.add((node, ns[key], body_node))
                g.add((body_node, RDF.type, ns.AppealBody))
                texts(body_node, DCTERMS.title, body.get("body"), f"/contact/{key}/body")
                for field in ("address", "phone", "url"):
                    if isinstance(body.get(field), str):
                        g.add((body_node, ns[field], Literal(body[field])))

    def _legal(self, node, data, texts, service_id) -> None:
        g, ns = self.graph, self.ns
        for index, law in enumerate(_dicts(data.get("legal_basis"))):
            resource = self.iri("service", service_id, "law", str(index + 1))
            where = f"/legal_basis/{index}"
            g.add((node, CV.hasLegalResource, resource))
            g.add((resource, RDF.type, ELI.LegalResource))
            texts(resource, DCTERMS.title, law.get("title"), where + "/title")
            for key in ("article", "number", "issuer", "text"):
                texts(resource, ns[f"article{key.title()}" if key == "text" else key], law.get(key), f"{where}/{key}")
            if isinstance(law.get("url"), str):
                g.add((resource, ns.url, Literal(law["url"], datatype=XSD.anyURI)))
            if (concept := self.concept("rank", law.get("rank"))) is not None:
                g.add((resource, ns.rank, concept))
            if isinstance(law.get("date"), (str, int)):
                g.add((resource, ns.date, Literal(str(law["date"]))))


def exact_duration(value: Any) -> str | None:
    """xsd:duration for a limit that is an exact span (calendar days, hours); None otherwise."""
    if not isinstance(value, dict) or not isinstance(value.get("value"), int) or isinstance(value.get("value"), bool):
        return None
    amount, unit = value["value"], value.get("unit")
    if unit in ("calendar_days", "days"):
        return f"P{amount}D"
    if unit == "hours":
        return f"PT{amount}H"
    if unit == "months":
        return f"P{amount}M"
    if unit == "years":
        return f"P{amount}Y"
    return None


def _dicts(value: Any) -> Iterable[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part.title() for part in rest)


def build_graph(sources: Sequence[Source], *, base: str = DEFAULT_BASE, default_language: str | None = None) -> Graph:
    """The CPSV-AP graph of `sources`; ExportError with every problem when one cannot conform."""
    builder = _Builder(base, default_language)
    for source in sources:
        builder.service(source)
    if builder.problems:
        raise ExportError(builder.problems)
    return builder.graph


def context(base: str = DEFAULT_BASE) -> dict:
    """The JSON-LD context, inlined in the document (nothing is fetched to read it)."""
    return {
        "cv": str(CV), "cpsv": str(CPSV), "dct": str(DCTERMS), "skos": str(SKOS), "locn": str(LOCN),
        "adms": str(ADMS), "eli": str(ELI), "foaf": str(FOAF), "xsd": str(XSD), "svcstd": base + "ns#",
    }


def serialize(graph: Graph, output_format: str = "turtle", *, base: str = DEFAULT_BASE) -> str:
    if output_format == "turtle":
        return graph.serialize(format="turtle")
    if output_format == "jsonld":
        # A context of prefixes only: every text stays a {"@value", "@language"} object (a
        # term with a language would hide the tag), and no URL needs fetching to read it.
        document = json.loads(graph.serialize(format="json-ld", context=context(base), auto_compact=True))
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    raise ValueError(output_format)


def count(graph: Graph) -> tuple[int, int]:
    """(services, offices) in an exported graph."""
    return (
        len(set(graph.subjects(RDF.type, CPSV.PublicService))),
        len(set(graph.subjects(RDF.type, CV.PublicOrganisation))),
    )
