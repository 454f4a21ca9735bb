"""Property and fuzz tests: generated valid definitions are clean; mutated ones (keys
dropped, types changed, units swapped, unicode injected, bytes truncated or flipped) never
make svcstd crash, every finding points inside the file, and the JSON output is JSON."""

from __future__ import annotations

import codecs
import contextlib
import copy
import json
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner
from yaml.nodes import ScalarNode

from conftest import MINIMAL, OFFICES
from svcstd.cli import app
from svcstd.config import Config
from svcstd.engine import check_text
from svcstd.load import Yaml12Resolver, load_text
from svcstd.reporters import RenderOptions, get
from svcstd.rules.legal import PLACEHOLDERS
from test_hostile import assert_positions_inside

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
BASE = load_text(MINIMAL, "minimal.yaml").document.data
_RESOLVER = Yaml12Resolver()

# ---------------------------------------------------------------------------------------
# Valid definitions

identifiers = st.from_regex(r"\A[a-z][a-z0-9-]{2,30}\Z")
words = st.text(st.characters(categories=("Lu", "Ll", "Lo", "Nd")), min_size=3, max_size=24)
# Free text as an officer writes it: words and spaces, any script, never blank, and never
# one of the placeholder words that SVC502 rightly reports.
sentences = st.lists(words, min_size=1, max_size=4).map(" ".join).filter(
    lambda text: text.casefold() not in PLACEHOLDERS
)
texts = st.one_of(sentences, st.fixed_dictionaries({"zh": sentences, "en": sentences}))


@st.composite
def valid_definitions(draw) -> dict:
    data = copy.deepcopy(BASE)
    data["id"] = draw(identifiers)
    for key in ("name", "description"):
        data[key] = draw(texts)
    data["eligibility"][0]["criterion"] = draw(texts)
    step_days = [draw(st.integers(0, 5)) for _ in data["steps"]]
    committed = max(1, sum(step_days) + draw(st.integers(0, 10)))
    data["deadlines"]["committed"] = {"value": committed, "unit": "working_days"}
    data["deadlines"]["statutory"] = {"value": committed + draw(st.integers(0, 30)), "unit": "working_days"}
    for step, days in zip(data["steps"], step_days):
        step["deadline"]["value"] = days
        step["name"] = draw(texts)
        step["public_status"] = draw(texts)
    for item in data["data_collected"]:
        item["name"] = draw(texts)
        item["purpose"] = draw(texts)
        item["retention"] = {"value": draw(st.integers(1, 30)), "unit": draw(st.sampled_from(["days", "months", "years"]))}
    if draw(st.booleans()):
        data["x-local"] = draw(st.dictionaries(st.from_regex(r"\A[a-z]{1,8}\Z"), st.one_of(words, st.integers())))
    return data


class _Dumper(yaml.SafeDumper):
    """Quotes every string that YAML 1.2 would read as something else (`0o17`, `1e5`)."""


def _represent_str(dumper, value: str):
    tag = _RESOLVER.resolve(ScalarNode, value, (True, False))
    style = '"' if tag != "tag:yaml.org,2002:str" else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


@st.composite
def serialized(draw, data) -> bytes:
    """`data` written the many ways a file may be: block or flow, CRLF, BOM, UTF-16."""
    text = yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=draw(st.booleans()),
        default_flow_style=draw(st.sampled_from([False, None, True])), indent=draw(st.integers(2, 4)),
        width=draw(st.sampled_from([80, 4096])), explicit_start=draw(st.booleans()),
    )
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
    return text.encode(encoding)  # utf-16 / utf-32 / utf-8-sig write a BOM


def check(raw: bytes):
    return check_text(raw, "service.yaml", Config())


@settings(max_examples=100, **SETTINGS)
@given(st.data())
def test_a_valid_definition_yields_no_finding(data):
    raw = data.draw(serialized(data.draw(valid_definitions())))
    report = check(raw)
    assert report.findings == (), raw.decode("utf-8", "replace")[:2000]


# ---------------------------------------------------------------------------------------
# Mutations

def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, prefix + (index,))


def _parent(data, path):
    for segment in path[:-1]:
        data = data[segment]
    return data


any_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20)),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(st.text(max_size=8), children, max_size=3)),
    max_leaves=6,
)
UNITS = ["working_days", "calendar_days", "hours", "days", "months", "years", "weeks", "工作日", ""]


@st.composite
def mutated_definitions(draw) -> bytes:
    data = draw(valid_definitions())
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        path = draw(st.sampled_from(paths))
        parent = _parent(data, path)
        kind = draw(st.sampled_from(["drop", "retype", "unit", "unicode-value", "unicode-key"]))
        if kind == "drop":
            del parent[path[-1]]
        elif kind == "retype":
            parent[path[-1]] = draw(any_value)
        elif kind == "unit":
            units = [p for p in paths if p[-1] == "unit"]
            if units:
                target = draw(st.sampled_from(units))
                _parent(data, target)["unit"] = draw(st.sampled_from(UNITS))
        elif kind == "unicode-value" and isinstance(parent[path[-1]], str):
            value = parent[path[-1]]
            at = draw(st.integers(0, len(value)))
            parent[path[-1]] = value[:at] + draw(st.text(min_size=1, max_size=5)) + value[at:]
        elif kind == "unicode-key" and isinstance(parent, dict):
            parent[path[-1] + draw(st.text(min_size=1, max_size=3))] = parent.pop(path[-1])
    raw = draw(serialized(data))
    byte_damage = draw(st.sampled_from(["none", "truncate", "flip", "insert-text"]))
    if byte_damage == "truncate":
        raw = raw[: draw(st.integers(0, len(raw)))]
    elif byte_damage == "flip":
        at = draw(st.integers(0, len(raw) - 1))
        raw = raw[:at] + bytes([raw[at] ^ draw(st.integers(1, 255))]) + raw[at + 1:]
    elif byte_damage == "insert-text":
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.text(min_size=1, max_size=8)).encode("utf-8", "surrogatepass") + raw[at:]
    return raw


@settings(max_examples=200, **SETTINGS)
@given(mutated_definitions())
def test_damaged_definitions_never_crash_and_point_inside_the_file(raw):
    report = check(raw)
    assert not [f for f in report.findings if f.code == "SVC000"], report.findings
    findings = [f.as_dict() for f in report.findings]
    assert_positions_inside(findings, raw)
    rendered = json.loads(get("json").render(report, RenderOptions()))
    assert rendered["findings"] == findings
    get("text").render(report, RenderOptions())
    get("rich").render(report, RenderOptions())


@settings(max_examples=30, **SETTINGS)
@given(mutated_definitions())
def test_command_line_json_output_is_always_json(raw):
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        Path(folder, "offices.yaml").write_text(OFFICES, "utf-8")
        Path(folder, "svcstd.toml").write_text("", "utf-8")
        result = CliRunner().invoke(app, ["check", "--format", "json", "-"], input=raw, catch_exceptions=False)
    report = json.loads(result.stdout)
    assert result.exit_code in (0, 1)
    assert all({"code", "line", "column", "message"} <= set(f) for f in report["findings"])


@settings(max_examples=150, **SETTINGS)
@given(st.binary(max_size=400) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_arbitrary_bytes_never_crash(raw):
    for candidate in (raw, codecs.BOM_UTF16_LE + raw):
        report = check(candidate)
        assert not [f for f in report.findings if f.code == "SVC000"], report.findings
        assert_positions_inside([f.as_dict() for f in report.findings], candidate)


@pytest.mark.parametrize("kind", ["block", "flow"])
def test_the_generator_really_makes_the_styles_it_claims(kind):
    # Guards the generator itself: a dump that silently fell back to one style would make
    # the properties above test less than they say.
    text = yaml.dump(BASE, Dumper=_Dumper, allow_unicode=True, default_flow_style=(kind == "flow"))
    assert (text.lstrip().startswith("{")) == (kind == "flow")
    assert load_text(text, "f").document.data == BASE
