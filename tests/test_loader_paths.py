"""The two ways `load_text` composes nodes must never change what svcstd reports.

libyaml's own composer is fast but recurses in C without a bound, so `load_text` uses it
only on text whose nesting it can bound, and keeps its result only when the event
composer (`_compose`, iterative, limit-checking) could not have decided otherwise. These
tests load every file we have, and many tricky snippets, both ways and compare findings
and data; they also check the pieces that the equality rests on: the same node graph
from both composers, the same tag from the quick resolver as from the plain one, and a
nesting bound that is never below the true depth.
"""

from __future__ import annotations

import gc
import importlib
import sys
import tracemalloc
from pathlib import Path

import pytest
import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from conftest import DATA, EXAMPLES, MINIMAL, REPO, require
from svcstd.load import (
    DEFAULT_LIMITS,
    LIBYAML,
    ComposerDeclined,
    Document,
    Limits,
    Yaml12Resolver,
    careful,
    decode,
    load_text,
    resolver,
)

require(LIBYAML, "libyaml is not installed (PyYAML built without its C extension)")

HOSTILE = REPO / "tests" / "hostile"
HEAD = 'svcstd: "1"\nid: x\n'

SNIPPETS = {
    "several documents": HEAD + "---\nid: y\n",
    "several documents, second empty": HEAD + "---\n",
    "document end then another": HEAD + "...\n---\nid: y\n",
    "explicit start, one document": "---\n" + HEAD,
    "several documents after a limit": HEAD + "x: " + "[" * 80 + "]" * 80 + "\n---\na: 1\n",
    "syntax error after a limit": HEAD + "x: " + "[" * 80 + "]" * 80 + "\ny: [\n",
    "tag on a scalar": HEAD + "x-a: !!python/name:os.system ''\n",
    "tag on a sequence": HEAD + "x-a: !!set [a]\n",
    "tag on a mapping": HEAD + "x-a: !custom {a: 1}\n",
    "non-specific tag": HEAD + "x-a: ! 12\nx-b: ! [1]\n",
    "explicit core tags": HEAD + "x-a: !!str 12\nx-b: !!int '7'\nx-c: !!bool yes\nx-d: !!float abc\n",
    "duplicate keys": HEAD + "name: a\nname: b\nx-m: {k: 1, k: 2}\n",
    "duplicate key behind an alias": HEAD + "x-a: &m {k: 1, k: 2}\nx-b: [*m, *m]\n",
    "merge key": HEAD + "x-base: &b {a: 1}\nx-c:\n  <<: *b\n  a: 2\n",
    "merge conflict": HEAD + "<<<<<<< ours\nname: a\n=======\nname: b\n>>>>>>> theirs\n",
    "tab indentation": HEAD + "steps:\n\t- id: a\n",
    "tab after a key": HEAD + "name:\tSomething\n",
    "control character": HEAD + "name: a\x07b\n",
    "undefined alias": HEAD + "x-a: *nowhere\n",
    "anchor defined twice": HEAD + "x-a: &a 1\nx-b: &a 2\nx-c: *a\n",
    "recursive alias": HEAD + "x-loop: &l [*l]\n",
    "alias bomb": HEAD + "x-a: &a [l, l, l, l, l, l, l, l, l, l]\n"
    + "".join(f"x-{n}: &{n} [{', '.join(['*' + p] * 10)}]\n" for p, n in zip("abcdefgh", "bcdefghi")),
    "complex keys": HEAD + "? [a, b]\n: 1\n? {c: d}\n: 2\n",
    "deep complex key": HEAD + "? " + "[" * 70 + "a" + "]" * 70 + "\n: 1\n",
    "anchor deep in a key, alias shallow": HEAD + "? [[&k [[x]]]]\n: *k\n",
    "empty": "",
    "only comments": "# nothing\n# here\n",
    "only a document marker": "---\n",
    "a list": "- a\n- b\n",
    "a single value": "hello\n",
    "unknown version": 'svcstd: "2"\nid: x\n',
    "version as a number": "svcstd: 1\nid: x\n",
    "missing version": "id: x\n",
    "YAML 1.2 scalars": HEAD + "x: [yes, no, on, off, true, False, ~, null, '', 0o17, 0x1F, -3, +4.5, .5, 1e3, "
    + ".inf, -.Inf, .nan, 2024-01-01, 1_000, '12', \"true\", 12:30, 0b11]\n",
    "huge integer": HEAD + "x: " + "9" * 5000 + "\n",
    "nesting at the depth limit": HEAD + "x: " + "[" * 63 + "1" + "]" * 63 + "\n",
    "nesting past the depth limit": HEAD + "x: " + "[" * 64 + "1" + "]" * 64 + "\n",
    "deep block nesting": HEAD + "x:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(70)) + "  " * 71 + "v\n",
    "crlf": HEAD.replace("\n", "\r\n") + "name: a\r\nname: b\r\n",
    "unicode line separators": HEAD + "name: a\u2028b\nx: [1,\u20282]\n",
}

# Limits small enough that real definitions reach them, where the two composers count
# differently: `_compose` counts keys and written nodes, the builder values after aliases.
LIMITS = {
    "default": DEFAULT_LIMITS,
    "few nodes": Limits(max_nodes=40),
    "shallow": Limits(max_depth=2),
    "very shallow": Limits(max_depth=1),
    "three levels": Limits(max_depth=3),
}


def _generator():
    benchmarks = str(REPO / "benchmarks")
    if benchmarks not in sys.path:
        sys.path.insert(0, benchmarks)
    return importlib.import_module("generate")


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> dict[str, str]:
    """Every definition we have, a generated corpus with many defects, and the snippets."""
    corpus = tmp_path_factory.mktemp("corpus")
    _generator().generate(corpus, 200, seed=3, defect_rate=0.5)
    found: dict[str, str] = {}
    for folder in (HOSTILE, EXAMPLES, DATA, corpus):
        for path in sorted(folder.rglob("*.y*ml")):
            text, problem = decode(path.read_bytes(), str(path))
            if problem is None:
                found[str(path)] = text
    assert len(found) > 250
    return {**found, **SNIPPETS}


def _outcome(text: str, limits: Limits, composer: str | None):
    result = load_text(text, "f.yaml", limits=limits, composer=composer)
    data = None if result.document is None else repr(result.document.data)  # repr: nan == nan
    return result.findings, data


# Files that YAML 1.1 (libyaml) and YAML 1.2 read differently, on purpose: in YAML 1.2,
# U+0085 (NEL) is not a line break, so a plain scalar keeps it instead of folding it.
YAML_1_1_ONLY = {"clean-unicode-line-separators.yaml"}


@pytest.mark.parametrize("limits", LIMITS.values(), ids=LIMITS.keys())
def test_both_composers_report_the_same_on_every_file(texts, limits):
    taken = declined = 0
    for name, text in texts.items():
        by_events = _outcome(text, limits, "events")
        if by_events[0] == [] and Path(name).name not in YAML_1_1_ONLY:
            # A file the careful path finds clean: the YAML 1.2 fast path must read it the
            # same. (Elsewhere the YAML 1.2 verdict may differ from libyaml's on purpose:
            # tests/test_yaml_suite.py.)
            assert _outcome(text, limits, None) == by_events, name
        try:
            by_libyaml = _outcome(text, limits, "libyaml")
        except ComposerDeclined:
            declined += 1
            continue
        taken += 1
        assert by_libyaml == by_events, name
    # Both counts matter: all files declined would compare nothing. (Under the small
    # limits most files meet a limit where only the event composer may judge.)
    assert taken >= 20 and declined >= 10, (taken, declined)


def test_valid_definitions_take_the_fast_composer(texts):
    # Files only: of the snippets, a twice-defined anchor is valid but libyaml refuses it.
    files = [text for name, text in texts.items() if name not in SNIPPETS]
    valid = [text for text in files if load_text(text, "f.yaml", composer="events").findings == []]
    assert len(valid) > 100
    for text in valid:
        load_text(text, "f.yaml", composer="libyaml")  # raises ComposerDeclined if not


@pytest.mark.parametrize(
    "name, limits",
    [
        ("several documents after a limit", DEFAULT_LIMITS),  # _compose stops at the limit first
        ("anchor defined twice", DEFAULT_LIMITS),  # libyaml refuses, _compose does not
        ("undefined alias", DEFAULT_LIMITS),  # _compose words it differently
        ("deep complex key", DEFAULT_LIMITS),  # only _compose walks into keys
    ],
)
def test_files_only_the_event_composer_judges_right_are_left_to_it(name, limits):
    with pytest.raises(ComposerDeclined):
        load_text(SNIPPETS[name], "f.yaml", limits=limits, composer="libyaml")


def test_a_limit_met_at_a_key_is_reported_there_whichever_composer_is_asked():
    # `legal_basis` (1) → its first entry (2) → its first key, `title` on line 9, is level 3.
    # The builder meets the value first; `_compose` the key, and its position is the one.
    (finding,) = load_text(MINIMAL, "f.yaml", limits=Limits(max_depth=2)).findings
    assert (finding.code, finding.line, finding.column) == ("SVC004", 9, 5)
    many_keys = HEAD + "".join(f"x-{i}: {i}\n" for i in range(30))  # 63 written, 33 built
    (finding,) = load_text(many_keys, "f.yaml", limits=Limits(max_nodes=40)).findings
    assert finding.code == "SVC004" and "more than 40 values" in finding.message


def test_alias_bomb_stops_at_the_node_limit_in_the_fast_composer_within_bounded_memory():
    bomb = (HOSTILE / "SVC004-alias-bomb.yaml").read_text("utf-8")
    tracemalloc.start()
    try:
        result = load_text(bomb, "bomb.yaml", composer="libyaml")  # not declined: no second pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    (finding,) = result.findings
    assert finding.code == "SVC004" and "100000 values" in finding.message.replace(",", "")
    assert peak < 30 * 1024 * 1024, peak


@pytest.mark.parametrize(
    "text",
    [
        "[" * 1_000_000,
        "- " * 1_000_000,
        "{a: " * 300_000,
        "".join(" " * i + "k:\n" for i in range(3000)),
        "? " * 200_000 + "a",
    ],
    ids=["flow", "compact sequences", "flow mappings", "block mappings", "explicit keys"],
)
def test_deep_files_never_reach_the_fast_composer(text):
    # libyaml's composer would exhaust the C stack on these and crash the interpreter.
    with pytest.raises(ComposerDeclined):
        load_text(text, "deep.yaml", composer="libyaml")
    (finding,) = load_text(text, "deep.yaml").findings
    assert finding.code in ("SVC004", "SVC001")


def _true_depth(text: str) -> int:
    """Nesting depth (a lone scalar is 1) from the event stream, up to the first error."""
    depth = deepest = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass
    return deepest + 1


FILLER = "".join(f"x-{i}: a-{i}\n" for i in range(600))  # enough openers for the second bound


@pytest.mark.parametrize(
    "deep",
    [
        "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "v\n",
        "k:\n" + "".join("  " * i + "- m:\n" for i in range(40)),
        "k:\n" + "".join("  " * i + "- - n:\n" + "  " * i + "  - x\n" for i in range(20)),
        "k:\n- " + "- " * 60 + "x\n",
        "k:\n  " + "? " * 60 + "x\n",
        "k:\n  ?\n  : " + "".join(f"- ? m{i}\n" + "  " * (i + 2) for i in range(30)) + "x\n",
        "k: [" + "[a: " * 100 + "x" + "]" * 101 + "\n",
        "k: " + "{a: [" * 80 + "]}" * 80 + "\n",
        "k: &a !!map\n  " + "".join("  " * i + f"l{i}: &b{i}\n" for i in range(30)) + "  " * 31 + "*a\n",
        "\ufeffk:\n" + "".join("\ufeff" + "  " * i + f"k{i}:\n" for i in range(1, 30)) + "\ufeff" + "  " * 30 + "v\n",
        "k:\r" + "".join("  " * i + f"k{i}:\r" for i in range(1, 40)) + "  " * 40 + "v\r",
        "k:\u2028" + "".join("  " * i + f"k{i}:\u2028" for i in range(1, 40)) + "  " * 40 + "v\u2028",
    ],
    ids=[
        "block mappings", "mappings in sequences", "compact sequences in sequences",
        "compact after a break", "explicit keys", "explicit keys in sequences", "pair mappings",
        "flow mappings and sequences", "tags and anchors", "byte-order marks", "cr breaks", "line separators",
    ],
)
@pytest.mark.parametrize("with_filler", [False, True], ids=["alone", "after many openers"])
def test_the_nesting_bound_is_never_below_the_true_depth(deep, with_filler):
    text = deep + (FILLER if with_filler else "")
    if with_filler:
        assert careful._nesting_bound(text) < text.count(":")  # the second bound is in use
    assert _true_depth(text) >= 3  # the text parses deep, or the case tests nothing
    assert careful._nesting_bound(text) >= _true_depth(text)


def _shape(node, seen: dict[int, int]):
    """A node graph as plain tuples, aliases as back-references by first-seen number."""
    if id(node) in seen:
        return ("alias", seen[id(node)])
    seen[id(node)] = len(seen)
    marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column)
    if isinstance(node, ScalarNode):
        return ("scalar", node.tag, node.value, node.style, marks)
    if isinstance(node, SequenceNode):
        return ("seq", node.tag, node.flow_style, marks, [_shape(child, seen) for child in node.value])
    assert isinstance(node, MappingNode)
    pairs = [(_shape(k, seen), _shape(v, seen)) for k, v in node.value]
    return ("map", node.tag, node.flow_style, marks, pairs)


def test_both_composers_make_the_same_node_graph(texts):
    roomy = Limits(max_depth=10_000, max_nodes=10_000_000)
    compared = 0
    for name, text in texts.items():
        if careful._nesting_bound(text) > careful._C_COMPOSER_MAX_NESTING:
            continue
        try:
            by_libyaml = careful._CComposer(text).get_single_node()
            by_events = careful._compose(Document(file="f", text=text), roomy)
        except (yaml.YAMLError, careful._Stop):
            continue
        if by_libyaml is None:
            assert by_events is None, name
            continue
        sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))
        assert _shape(by_libyaml, {}) == _shape(by_events, {}), name
        compared += 1
    assert compared > 200


def test_the_quick_resolver_agrees_with_the_yaml_1_2_resolver(texts):
    plain, quick = Yaml12Resolver(), resolver._QuickResolver()
    words = {"", "~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "tRUE", "false", "yes", "no", "on",
             "0", "-0", "+1", "007", "0o17", "0o8", "0x1F", "0xG", "0b11", "1_000", "1.", ".5", "-.5", "+.", ".",
             "1e3", "1E-3", "1e", ".inf", "-.inf", "+.Inf", ".INF", ".nan", ".NaN", "-.nan", "1.0\n", "12:30",
             "2024-01-01", "-", "+", "--", "nan", "inf", "1 2", " 1", "1 "}
    for text in list(texts.values())[:80]:
        words.update(text.replace(",", " ").replace(":", " ").split())
    for value in words:
        for implicit in ((True, False), (False, True), (False, False), (True, True)):
            assert quick.resolve(ScalarNode, value, implicit) == plain.resolve(ScalarNode, value, implicit), value
    for kind in (SequenceNode, MappingNode):
        assert quick.resolve(kind, None, True) == plain.resolve(kind, None, True)


@pytest.mark.parametrize("composer", ["libyaml", "events"])
@pytest.mark.parametrize("text", [MINIMAL, "[" * 2000, HEAD + "x: [\n", SNIPPETS["alias bomb"]])
def test_the_collector_is_running_again_after_a_load_unless_it_was_paused_before(composer, text):
    assert gc.isenabled()
    try:
        load_text(text, "f.yaml", composer=composer)
    except ComposerDeclined:
        pass
    assert gc.isenabled()
    gc.disable()
    try:
        try:
            load_text(text, "f.yaml", composer=composer)
        except ComposerDeclined:
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_unknown_composer_is_a_programming_error():
    with pytest.raises(ValueError, match="composer"):
        load_text(MINIMAL, "f.yaml", composer="ruamel")


def test_the_cli_reports_the_same_for_a_definition_either_composer_reads(cli, repo, monkeypatch):
    (repo / "service.yaml").write_text(MINIMAL.replace("name:", "x-dup: 1\nx-dup: 2\nname:", 1), "utf-8")
    outputs = []
    for threshold in (careful._C_COMPOSER_MAX_NESTING, 0):  # 0: no file is shallow enough
        monkeypatch.setattr(careful, "_C_COMPOSER_MAX_NESTING", threshold)
        outputs.append(cli("check", "--format", "json", "service.yaml"))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 1 and '"SVC002"' in outputs[0][1]


@pytest.mark.parametrize(
    ("text", "careful"),
    [
        ("name: 张三·李四\nfee: 10\n", False),  # a middle dot (U+00B7) is no C1 control
        ("name: a\x85b\n", False),  # NEL is allowed
        ("name: a\x80b\n", True),  # C1 control
        ("name: a\x01b\n", True),  # C0 control
        ("name: a\x7fb\n", True),
        ("name: a\ufffeb\n", True),
        ("name: a\ud800b\n", True),  # a surrogate
        ("name: ＄￥\n", False),  # fullwidth forms, near U+FFFE
        ("count: 1_000\n", True),
        ("count: 0b11\n", True),
        ("count: +0x1F\n", True),
        ("url: https://a.gov.cn/x_1\n", False),  # an underscore inside a word is no number
        ("count: 1_\n", True),
        ("tag: !x y\n", True),
        ("ref: *a\n", True),
        ("note: 注意! 不是标签\n", False),
    ],
)
def test_the_screen_sends_what_the_fast_parser_reads_differently_the_careful_way(text, careful):
    from svcstd.load import policies

    assert policies.needs_careful_path(text) is careful



@pytest.mark.parametrize(
    "text",
    [
        'credit_code: "1133000063096180XT"\n',  # quoted: text
        "credit_code: '12100000MB0X1234XA'\n",
        "credit_code: 1133000063096180XT\n",  # a 0X inside a word is no hexadecimal number
        "id: v2_0b1\n",
    ],
)
def test_credit_codes_and_words_with_number_prefixes_inside_stay_on_the_fast_path(text):
    from svcstd.load import policies

    assert not policies.needs_careful_path(text)
    assert load_text(text, "f.yaml").document.data == yaml.safe_load(text)
