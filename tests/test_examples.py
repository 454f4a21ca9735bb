"""The sample repository in examples/, checked as a user (or CI) checks it.

Three definitions there are transcribed from real published service guides and keep what
those guides lack; examples/README.md lists, per guide, the findings that must remain
(code and position) and why each is true. These tests hold the checker and that list to
each other: a finding that appears, disappears or moves fails here, on either side.
Every other example must be clean.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
import yaml

from conftest import EXAMPLES, REPO, run_svcstd

README = EXAMPLES / "README.md"
SECTION = re.compile(r"^#### Findings on `(?P<file>[^`]+)`$", re.MULTILINE)
ROW = re.compile(r"^\| (SVC\d{3}) \| (\d+):(\d+) \| .+ \|$")
NEW_CODES = ("SVC206", "SVC410", "SVC411", "SVC412", "SVC508", "SVC605")


def listed_findings() -> dict[str, Counter]:
    """{file under examples/: Counter of (code, line, column)} from the README's tables."""
    text = README.read_text("utf-8")
    sections = list(SECTION.finditer(text))
    listed = {}
    for number, section in enumerate(sections):
        end = sections[number + 1].start() if number + 1 < len(sections) else len(text)
        rows = [ROW.match(line) for line in text[section.end():end].splitlines()]
        listed[section["file"]] = Counter((m[1], int(m[2]), int(m[3])) for m in rows if m)
    return listed


def definitions():
    return sorted((EXAMPLES / "services").rglob("*.yaml"))


def top_level(path):
    return yaml.safe_load(path.read_text("utf-8"))


@pytest.fixture(scope="module")
def checked():
    """`svcstd check examples/ --format json`, run once, as CI runs it."""
    result = run_svcstd("check", "--no-cache", "--format", "json", "examples/")
    assert "Traceback" not in result.stderr.decode("utf-8", "replace")
    return result.returncode, json.loads(result.stdout)


def test_the_readme_lists_three_real_guides_with_findings():
    listed = listed_findings()
    assert len(listed) >= 3
    for name, findings in listed.items():
        assert (EXAMPLES / name).is_file(), name
        assert sum(findings.values()) > 0, name


def test_real_guides_are_exactly_the_definitions_with_provenance():
    with_provenance = {
        path.relative_to(EXAMPLES).as_posix()
        for path in definitions()
        if "provenance" in top_level(path)
    }
    assert with_provenance == set(listed_findings())
    for name in with_provenance:
        provenance = top_level(EXAMPLES / name)["provenance"]
        assert provenance["url"].startswith(("http://", "https://")) and provenance["publisher"]


@pytest.mark.parametrize("name", sorted(listed_findings()))
def test_each_real_guide_gives_exactly_its_listed_findings(checked, name):
    _, report = checked
    actual = Counter(
        (f["code"], f["line"], f["column"])
        for f in report["findings"]
        if f["file"] == f"examples/{name}"
    )
    expected = listed_findings()[name]
    difference = {"not listed": actual - expected, "listed, not reported": expected - actual}
    assert actual == expected, difference


def test_every_other_example_is_clean_and_errors_fail_the_check(checked):
    code, report = checked
    real = {f"examples/{name}" for name in listed_findings()}
    assert [f for f in report["findings"] if f["file"] not in real] == []
    assert report["files_checked"] == len(definitions()) + 1  # and the registry
    # The real guides carry errors (what the published guides lack), so the gate fails.
    assert code == 1


def test_a_single_clean_example_passes_with_the_summary():
    result = run_svcstd("check", "--no-cache", "examples/services/public-security/passport.yaml")
    out = result.stdout.decode()
    assert result.returncode == 0, out + result.stderr.decode()
    assert "Files checked: 1" in out and "Errors: 0" in out


def test_examples_are_in_format_1_1_but_one_in_format_1():
    versions = Counter(str(top_level(path)["svcstd"]) for path in definitions())
    assert versions["1"] == 1
    assert versions["1.1"] == len(definitions()) - 1
    assert str(top_level(EXAMPLES / "offices.yaml")["svcstd"]) == "1.1"


def test_the_1_1_examples_use_the_1_1_elements():
    """The conversion is not a version bump: each 1.1 element appears in some example."""
    text = "\n".join(path.read_text("utf-8") for path in definitions())
    for element in (
        "cases:", "when:", "one_of:", "required: deferrable", "presented:", "medium:", "copies:",
        "jurisdiction:", "by_case:", "stage: [", "review:", "litigation:", "codes:", "number:",
        "provenance:", "faq:", "intermediary_services:", "acceptance:", "validity:",
    ):
        assert element in text, element
    registry = top_level(EXAMPLES / "offices.yaml")
    assert registry["defaults"]["language"] == "zh" and registry["defaults"]["public_status"]
    offices = registry["offices"]
    assert any(o.get("group") for o in offices) and all("nature" in o for o in offices)
    chinese_areas = [
        o["area"]["code"] for o in offices
        if "area" in o and not o["id"].startswith("uk-") and o.get("level") != "national"
    ]
    assert chinese_areas and all(re.fullmatch(r"\d{6}", code) for code in chinese_areas)
    # A national body serves the whole country, which GB/T 2260 has no code for: ISO 3166 CN.
    assert {o["area"]["code"] for o in offices if o.get("level") == "national"} == {"CN"}


def test_every_new_code_has_an_invalid_example():
    folder = EXAMPLES / "invalid"
    for code in NEW_CODES:
        [path] = folder.glob(f"{code}-*.yaml")
        header = path.read_text("utf-8").splitlines()[0]
        assert re.fullmatch(rf"# expect: {code} at line \d+ column \d+", header), header


def test_the_readme_cites_no_document_outside_the_repository():
    for readme in (README, EXAMPLES / "invalid" / "README.md"):
        assert "FORMAT.md" not in readme.read_text("utf-8")
    assert (REPO / "schemas" / "service-1.1.schema.json").is_file()
