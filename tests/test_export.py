"""`svcstd export`: CPSV-AP 3.2.0 that the official SHACL shapes accept, and schema.org JSON-LD.

The shapes are the official ones (../shared/data/cpsv-ap-3.2.0/, see SOURCES.md there):
without them the validating tests skip with the reason, and fail under CI=true.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, MINIMAL, SHARED, require, run_svcstd, write

rdflib = pytest.importorskip("rdflib", reason="the [rdf] extra (rdflib) is not installed")
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

CV = Namespace("http://data.europa.eu/m8g/")
CPSV = Namespace("http://purl.org/vocab/cpsv#")
SHAPES_FILE = SHARED / "data" / "cpsv-ap-3.2.0" / "cpsv-ap-SHACL.ttl"
SERVICES = EXAMPLES / "services"
BASE = "https://svcstd.example.org/"

# A 1.1 registry: the export needs each office's area, and the language of plain strings.
REGISTRY_11 = """\
svcstd: "1.1"
defaults: {language: en}
offices:
  - id: test-office
    name: {zh: 测试局, en: Test bureau}
    credit_code: "11100000000000000J"
    area: {code: "110105", name: {zh: 朝阳区, en: Chaoyang District}}
"""


@pytest.fixture(scope="module")
def shapes():
    require(SHAPES_FILE.is_file(), f"the official CPSV-AP shapes are not at {SHAPES_FILE} (../shared is absent)")
    pytest.importorskip("pyshacl", reason="pyshacl (test extra) is not installed")
    return Graph().parse(SHAPES_FILE)


def conforms(graph: Graph, shapes: Graph) -> tuple[bool, str]:
    from pyshacl import validate

    ok, _, report = validate(graph, shacl_graph=shapes, inference="none", advanced=False)
    return ok, report


def described(folder: Path) -> list[Path]:
    """The examples that have a description (the others are refused: see below)."""
    return sorted(p for p in folder.rglob("*.yaml") if "\ndescription:" in p.read_text("utf-8"))


@pytest.fixture
def repo11(tmp_path, monkeypatch):
    write(tmp_path, "offices.yaml", REGISTRY_11)
    write(tmp_path, "svcstd.toml", "")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---------------------------------------------------------------------------------------
# Every example, against the official shapes


@pytest.fixture(scope="module")
def examples_export(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    files = [str(p.relative_to(EXAMPLES)) for p in described(SERVICES)]
    assert len(files) >= 10
    outputs = {}
    for fmt, name in (("turtle", "services.ttl"), ("jsonld", "services.jsonld")):
        target = folder / name
        result = run_svcstd("export", "--to", "cpsv-ap", "--format", fmt, *files, "-o", str(target), cwd=EXAMPLES)
        assert result.returncode == 0, result.stderr.decode()
        assert f"Exported {len(files)} service(s)" in result.stderr.decode()
        outputs[fmt] = target
    return files, outputs


def test_every_example_with_a_description_conforms_to_the_official_shapes(examples_export, shapes):
    files, outputs = examples_export
    graph = Graph().parse(outputs["turtle"])
    assert len(set(graph.subjects(RDF.type, CPSV.PublicService))) == len(files)
    ok, report = conforms(graph, shapes)
    assert ok, report


def test_the_json_ld_export_is_the_same_graph_and_conforms(examples_export, shapes):
    _, outputs = examples_export
    document = json.loads(outputs["jsonld"].read_text("utf-8"))
    # The context is inlined: nothing to fetch to read the file.
    assert isinstance(document["@context"], dict) and document["@context"]["cv"] == str(CV)
    text = outputs["jsonld"].read_text("utf-8")
    assert '"@value": "普通护照签发"' in text and '"@language": "zh"' in text
    graph = Graph().parse(data=text, format="json-ld")
    turtle = Graph().parse(outputs["turtle"])
    assert len(graph) == len(turtle)
    ok, report = conforms(graph, shapes)
    assert ok, report


def test_examples_without_a_description_are_refused_by_name():
    missing = sorted(set(SERVICES.rglob("*.yaml")) - set(described(SERVICES)))
    for path in missing:
        result = run_svcstd("export", str(path.relative_to(EXAMPLES)), cwd=EXAMPLES)
        assert result.returncode == 2
        assert "has no `description`" in result.stderr.decode()
        assert result.stdout == b""


def test_a_hand_broken_export_fails_the_shapes(examples_export, shapes):
    """Proof that the validating test can fail: the same export without one identifier."""
    _, outputs = examples_export
    graph = Graph().parse(outputs["turtle"])
    passport = URIRef(BASE + "service/bj-ordinary-passport")
    assert (passport, DCTERMS.identifier, Literal("bj-ordinary-passport")) in graph
    graph.remove((passport, DCTERMS.identifier, None))
    ok, report = conforms(graph, shapes)
    assert not ok
    assert "bj-ordinary-passport" in report and "identifier" in report


# ---------------------------------------------------------------------------------------
# Refusals: exit 2, every reason, nothing written


def test_an_office_without_area_is_an_export_error_naming_it(repo11):
    write(repo11, "offices.yaml", REGISTRY_11.replace('    area: {code: "110105", name: {zh: 朝阳区, en: Chaoyang District}}\n', ""))
    write(repo11, "service.yaml", MINIMAL)
    target = repo11 / "out.ttl"
    result = run_svcstd("export", "service.yaml", "-o", str(target), cwd=repo11)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "office `test-office` has no `area`" in err and "dct:spatial" in err
    assert "Traceback" not in err
    assert not target.exists()


def test_a_service_without_description_is_refused_and_an_existing_file_is_kept(repo11):
    write(repo11, "service.yaml", MINIMAL.replace(
        'description: {zh: 用于测试的最小有效定义。, en: "The smallest valid definition, for tests."}\n', ""))
    target = write(repo11, "out.ttl", "previous export\n")
    result = run_svcstd("export", "service.yaml", "-o", str(target), "--lang", "zh", cwd=repo11)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "服务 `minimal-benefit` 没有 `description`" in err
    assert "未导出任何内容：须先修正 1 个问题。" in err
    assert target.read_text("utf-8") == "previous export\n"


def test_plain_text_needs_a_language_from_the_file_the_registry_or_the_option(repo11, cli):
    write(repo11, "offices.yaml", REGISTRY_11.replace("defaults: {language: en}\n", ""))
    write(repo11, "service.yaml", MINIMAL)
    code, _ = cli("export", "service.yaml", "-o", "out.ttl")
    assert code == 2 and not (repo11 / "out.ttl").exists()
    result = run_svcstd("export", "service.yaml", cwd=repo11)
    assert re.search(r"service.yaml: the plain text at /\S+ has no language", result.stderr.decode())
    code, _ = cli("export", "service.yaml", "--default-language", "en", "-o", "out.ttl")
    assert code == 0
    graph = Graph().parse(repo11 / "out.ttl")
    assert Literal("Social Assistance Regulation", lang="en") in set(graph.objects(None, DCTERMS.title))
    # The file's own `language` (format 1.1) wins over the option.
    write(repo11, "service.yaml", MINIMAL.replace('svcstd: "1"', 'svcstd: "1.1"\nlanguage: zh'))
    code, _ = cli("export", "service.yaml", "--default-language", "en", "-o", "out.ttl")
    assert code == 0
    graph = Graph().parse(repo11 / "out.ttl")
    assert Literal("Social Assistance Regulation", lang="zh") in set(graph.objects(None, DCTERMS.title))


def test_usage_errors_are_one_line_in_both_languages(repo11):
    write(repo11, "service.yaml", MINIMAL)
    result = run_svcstd("export", "--to", "dcat", "service.yaml", cwd=repo11)
    assert result.returncode == 2 and "unknown export target 'dcat'; choose one of: cpsv-ap, schema-org" in result.stderr.decode()
    result = run_svcstd("export", "--base-iri", "data.gov.cn", "service.yaml", "--lang", "zh", cwd=repo11)
    assert result.returncode == 2 and "--base-iri 'data.gov.cn' 须为以 / 或 # 结尾的绝对 http(s) IRI" in result.stderr.decode()
    result = run_svcstd("export", "--to", "schema-org", "--format", "turtle", "service.yaml", cwd=repo11)
    assert result.returncode == 2 and "unknown format 'turtle' for schema-org" in result.stderr.decode()
    (repo11 / "empty").mkdir()
    for command in ("export", "guide"):
        result = run_svcstd(command, "empty", "--output", "out", cwd=repo11)
        assert result.returncode == 2 and "No service definitions found in empty." in result.stderr.decode(), command
        assert not (repo11 / "out").exists()


# ---------------------------------------------------------------------------------------
# What the mapping says


@pytest.fixture
def exported(repo11, cli):
    def run(text: str, *args: str) -> Graph:
        write(repo11, "service.yaml", text)
        code, _ = cli("export", "service.yaml", "-o", "out.ttl", *args)
        assert code == 0
        return Graph().parse(repo11 / "out.ttl")

    return run


def test_processing_time_is_a_duration_only_where_it_is_exact(exported):
    service = URIRef(BASE + "service/minimal-benefit")
    graph = exported(MINIMAL)  # committed: 10 working days
    assert list(graph.objects(service, CV.processingTime)) == []
    svcstd = Namespace(BASE + "ns#")
    (limit,) = graph.objects(service, svcstd.committedTimeLimit)
    assert graph.value(limit, svcstd.value) == Literal(10) and graph.value(limit, svcstd.unit) == Literal("working_days")
    graph = exported(MINIMAL.replace("committed: {value: 10, unit: working_days}", "committed: {value: 10, unit: calendar_days}"))
    assert list(graph.objects(service, CV.processingTime)) == [Literal("P10D", datatype=XSD.duration)]


def test_derived_ids_are_stable_and_the_base_iri_is_configurable(exported, repo11):
    graph = exported(MINIMAL, "--base-iri", "https://data.example.gov.cn/svc/")
    first = (repo11 / "out.ttl").read_text("utf-8")
    channel = URIRef("https://data.example.gov.cn/svc/service/minimal-benefit/channel/web-1")
    assert graph.value(channel, DCTERMS.identifier) == Literal("minimal-benefit/channel/web-1")
    assert (channel, RDF.type, CV.Channel) in graph
    output = URIRef("https://data.example.gov.cn/svc/service/minimal-benefit/output")
    assert graph.value(output, DCTERMS.identifier) == Literal("minimal-benefit/output")
    assert "@prefix svcstd: <https://data.example.gov.cn/svc/ns#> ." in first
    exported(MINIMAL, "--base-iri", "https://data.example.gov.cn/svc/")
    assert (repo11 / "out.ttl").read_text("utf-8") == first


def test_every_referenced_concept_location_and_language_is_typed(exported):
    graph = exported(MINIMAL)
    skos_concept = URIRef("http://www.w3.org/2004/02/skos/core#Concept")
    for predicate, cls in ((DCTERMS.type, skos_concept), (DCTERMS.audience, skos_concept),
                           (DCTERMS.spatial, DCTERMS.Location), (DCTERMS.language, DCTERMS.LinguisticSystem)):
        objects = set(graph.objects(None, predicate))
        assert objects, predicate
        for node in objects:
            assert (node, RDF.type, cls) in graph, (predicate, node)


def test_minimal_1_1_definition_conforms(exported, shapes):
    ok, report = conforms(exported(MINIMAL), shapes)
    assert ok, report


# ---------------------------------------------------------------------------------------
# schema.org


def test_schema_org_government_service(repo11, cli):
    write(repo11, "service.yaml", MINIMAL.replace("committed: {value: 10, unit: working_days}", "committed: {value: 48, unit: hours}"))
    code, out = cli("export", "--to", "schema-org", "service.yaml")
    assert code == 0
    document = json.loads(out)
    assert document["@context"] == "https://schema.org"
    (service,) = document["@graph"]
    assert service["@type"] == "GovernmentService" and service["identifier"] == "minimal-benefit"
    assert {"@value": "最低测试服务", "@language": "zh"} in service["name"]
    assert service["serviceOperator"]["name"] == [{"@value": "测试局", "@language": "zh"}, {"@value": "Test bureau", "@language": "en"}]
    assert service["areaServed"] == {"@type": "AdministrativeArea", "identifier": "110105", "name": service["areaServed"]["name"]}
    (channel,) = service["availableChannel"]
    assert channel["processingTime"] == "PT48H" and channel["serviceUrl"] == "https://services.example.gov.cn/benefit"
    assert service["audience"] == [{"@type": "Audience", "audienceType": "Individuals"}]
    assert service["serviceOutput"]["@type"] == "Thing"


# ---------------------------------------------------------------------------------------
# The core does not pay for publishing


def test_check_imports_neither_rdflib_nor_jinja(repo11):
    write(repo11, "service.yaml", MINIMAL)
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "svcstd", "check", "--no-cache", "--format", "text", "service.yaml"],
        cwd=repo11, capture_output=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.decode().splitlines() if "|" in line}
    assert "svcstd" in imported  # the measurement works
    assert not imported & {"rdflib", "jinja2", "pyshacl", "grandalf"}, imported & {"rdflib", "jinja2", "pyshacl", "grandalf"}


def test_the_library_builds_one_graph_and_refuses_with_every_problem(repo11):
    """The core without the CLI: build_graph for callers that query the graph."""
    from svcstd.config import load_config
    from svcstd.publish import sources
    from svcstd.publish.export import ExportError, cpsv_ap

    write(repo11, "a.yaml", MINIMAL)
    write(repo11, "b.yaml", MINIMAL.replace("id: minimal-benefit", "id: second").replace(
        'description: {zh: 用于测试的最小有效定义。, en: "The smallest valid definition, for tests."}\n', ""))
    found = sources.collect(["a.yaml"], load_config(None))
    graph = cpsv_ap.build_graph(found)
    assert (URIRef(BASE + "service/minimal-benefit"), RDF.type, CPSV.PublicService) in graph
    assert (URIRef(BASE + "office/test-office"), RDF.type, CV.PublicOrganisation) in graph
    with pytest.raises(ExportError) as refused:
        cpsv_ap.build_graph(sources.collect(["a.yaml", "b.yaml"], load_config(None)))
    assert [p.key for p in refused.value.problems] == ["no_description"]
    assert "`second`" in refused.value.problems[0].message("en")
