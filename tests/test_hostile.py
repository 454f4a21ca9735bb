"""Hostile and broken input: every file gets an answer, bounded in time and memory, and
never a traceback. The corpus in tests/hostile/ is checked on every run; the tests below
it cover what a static file cannot (limits set in configuration, files that vanish or
cannot be opened, crashing rules, interrupts, the network)."""

from __future__ import annotations

import codecs
import dataclasses
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from conftest import MINIMAL, run_svcstd, write
from svcstd import catalogue, cli, discovery
from svcstd.config import Config
from svcstd.engine import check_text
from svcstd.load import Limits, decode, load_bytes, load_path, load_text, split_lines

HOSTILE = Path(__file__).resolve().parent / "hostile"
CORPUS = sorted(p for p in HOSTILE.iterdir() if p.suffix in (".yaml", ".yml"))


def expected_code(path: Path) -> str | None:
    """`SVC004-alias-bomb.yaml` → SVC004; `clean-*.yaml` → None (no finding at all)."""
    prefix = path.name.split("-", 1)[0]
    return None if prefix == "clean" else prefix


def assert_positions_inside(findings: list[dict], raw: bytes) -> None:
    """Each finding's line exists in the file (or is the line after a final newline) and
    its column is within that line or just after its end."""
    text, problem = decode(raw, "f")
    lines = split_lines(text) if problem is None else raw.decode("utf-8", "replace").split("\n")
    for finding in findings:
        line, column = finding["line"], finding["column"]
        assert 1 <= line <= max(1, len(lines) + 1), finding
        length = len(lines[line - 1]) if line <= len(lines) else 0
        assert 1 <= column <= length + 1, finding


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_hostile_corpus_file_gets_its_code_and_no_traceback(path, repo, cli):
    target = repo / path.name
    target.write_bytes(path.read_bytes())

    exit_code, out = cli("check", "--format", "json", path.name)

    report = json.loads(out)
    codes = {f["code"] for f in report["findings"]}
    assert "SVC000" not in codes, report["findings"]
    code = expected_code(path)
    if code is None:
        assert report["findings"] == [] and exit_code == 0
    else:
        assert code in codes, report["findings"]
        assert exit_code == 1
    assert_positions_inside(report["findings"], path.read_bytes())


def test_corpus_is_what_its_generator_writes():
    sys.path.insert(0, str(HOSTILE))
    try:
        import make_corpus
    finally:
        sys.path.remove(str(HOSTILE))
    written = {p.name: p.read_bytes() for p in CORPUS}
    generated = {
        name: content.encode("utf-8") if isinstance(content, str) else content
        for name, content in make_corpus.CORPUS.items()
    }
    assert written == generated, "run python tests/hostile/make_corpus.py"


# ---------------------------------------------------------------------------------------
# Limits


def test_alias_bomb_is_refused_within_bounded_memory():
    bomb = (HOSTILE / "SVC004-alias-bomb.yaml").read_bytes()
    tracemalloc.start()
    try:
        result = load_bytes(bomb, "bomb.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [f.code for f in result.findings] == ["SVC004"]
    assert "alias" in result.findings[0].message
    # A billion expanded strings would take gigabytes; the limit stops at 100,000 values.
    assert peak < 30 * 1024 * 1024, peak


def test_a_million_open_brackets_stop_at_the_depth_limit_with_position():
    result = load_text("[" * 1_000_000, "deep.yaml")
    (finding,) = result.findings
    assert finding.code == "SVC004"
    assert (finding.line, finding.column) == (1, 66)  # the 65th bracket: one level too deep


def test_nesting_exactly_at_the_limit_is_accepted_and_one_more_is_not():
    limits = Limits(max_depth=10)
    at_limit = "svcstd: \"1\"\nx-deep: " + "[" * 9 + "1" + "]" * 9 + "\n"
    too_deep = "svcstd: \"1\"\nx-deep: " + "[" * 10 + "1" + "]" * 10 + "\n"
    assert not [f for f in load_text(at_limit, "f", limits=limits).findings if f.code == "SVC004"]
    assert [f.code for f in load_text(too_deep, "f", limits=limits).findings] == ["SVC004"]


def test_recursive_alias_stops_at_the_depth_limit():
    (finding,) = load_text("loop: &loop [*loop]\n", "f").findings
    assert finding.code == "SVC004" and "deeper" in finding.message


def test_a_refused_tag_behind_an_alias_is_reported_once_not_once_per_use():
    text = "svcstd: \"1\"\nx-a: &a !!python/object:os.system [ls]\nx-b: [" + ", ".join(["*a"] * 50) + "]\n"
    findings = load_text(text, "f").findings
    tags = [f for f in findings if f.code == "SVC001"]
    assert len(tags) == 1 and "`!!python/object:os.system`" in tags[0].message


@pytest.mark.parametrize(
    "setting, text, message_part",
    [
        ("max-file-size = 1000", MINIMAL, "above the limit of 1000 bytes"),
        ("max-nodes = 50", MINIMAL, "more than 50 values"),
        ("max-depth = 2", MINIMAL, "deeper than 2 levels"),
    ],
)
def test_each_limit_is_configurable_and_reported_as_svc004(repo, cli, setting, text, message_part):
    (repo / "svcstd.toml").write_text(setting + "\n", "utf-8")
    write(repo, "service.yaml", text)
    exit_code, out = cli("check", "--format", "json", "service.yaml")
    findings = json.loads(out)["findings"]
    assert exit_code == 1
    assert [f["code"] for f in findings] == ["SVC004"]
    assert message_part in findings[0]["message"]


def test_depth_limit_points_at_the_first_node_too_deep(repo, cli):
    (repo / "svcstd.toml").write_text("max-depth = 2\n", "utf-8")
    write(repo, "service.yaml", MINIMAL)
    _, out = cli("check", "--format", "json", "service.yaml")
    (finding,) = json.loads(out)["findings"]
    # `legal_basis` (1) → its first entry (2) → its first key, `title` on line 9, is level 3.
    assert (finding["line"], finding["column"]) == (9, 5)


# ---------------------------------------------------------------------------------------
# Encodings and odd files


@pytest.mark.parametrize(
    "bom, encoding",
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF32_BE, "utf-32-be")],
)
def test_utf16_and_utf32_with_bom_are_decoded_and_positions_are_characters(bom, encoding):
    text = MINIMAL.replace("type: benefit", "type: benfit")
    report = check_text(bom + text.encode(encoding), "f.yaml", Config())
    (finding,) = report.findings
    assert finding.code == "SVC103" and (finding.line, finding.column) == (5, 7)


def test_invalid_utf8_names_the_byte_and_its_offset():
    raw = "name: 名字\nid: ok\n".encode() + b"bad: \xc3\x28\n"
    (finding,) = load_bytes(raw, "f").findings
    offset = raw.index(b"\xc3")
    assert finding.code == "SVC003"
    assert f"0xC3 at byte offset {offset}" in finding.message
    assert (finding.line, finding.column) == (3, 6)


def test_crlf_line_endings_keep_positions_right():
    lf = MINIMAL.replace("stage: decide", "stage: decision")
    crlf = lf.replace("\n", "\r\n")
    found_lf = [(f.code, f.line, f.column) for f in check_text(lf, "f", Config()).findings]
    found_crlf = [(f.code, f.line, f.column) for f in check_text(crlf, "f", Config()).findings]
    assert found_lf == found_crlf == [("SVC103", 31, 12)]


def test_control_character_position_counts_characters_not_bytes():
    (finding,) = load_text("名称: 名字\nx: a\x07b\n", "f").findings
    assert finding.code == "SVC001" and "U+0007" in finding.message
    assert (finding.line, finding.column) == (2, 5)


def test_line_separators_of_yaml_1_1_are_ordinary_characters_in_yaml_1_2():
    # U+2028 (and NEL, U+2029) broke lines in YAML 1.1 only: the BEL stands on line 1.
    (finding,) = load_text("名称: 名字\u2028x: a\x07b\n", "f").findings
    assert finding.code == "SVC001" and "U+0007" in finding.message
    assert (finding.line, finding.column) == (1, 12)


def test_a_finding_on_a_very_long_line_prints_a_short_excerpt(repo, cli):
    text = MINIMAL.replace("type: benefit", "type: benefit\nx-long: [" + ", ".join(["word"] * 50_000) + ", {a: 1, a: 2}]")
    write(repo, "service.yaml", text)
    exit_code, out = cli("check", "--format", "rich", "service.yaml")
    assert exit_code == 1 and "SVC002" in out
    assert len(out) < 5_000, len(out)


def test_a_folder_named_like_a_definition_is_walked_not_read(repo, cli):
    write(repo, "x.yaml/inner.yaml", MINIMAL)
    exit_code, out = cli("check", "--format", "json", ".")
    report = json.loads(out)
    assert exit_code == 0 and report["findings"] == []
    assert report["files_checked"] == 2  # offices.yaml and x.yaml/inner.yaml
    (finding,) = load_path(repo / "x.yaml", "x.yaml").findings
    assert finding.code == "SVC003" and "folder" in finding.message


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_svc003(repo, cli):
    path = write(repo, "secret.yaml", MINIMAL)
    path.chmod(0)
    try:
        exit_code, out = cli("check", "--format", "json", "secret.yaml")
    finally:
        path.chmod(0o644)
    (finding,) = json.loads(out)["findings"]
    assert exit_code == 1 and finding["code"] == "SVC003" and "permission" in finding["message"]


def test_permission_denied_while_opening_is_svc003(repo, cli, monkeypatch):
    write(repo, "secret.yaml", MINIMAL)

    real_open = os.open

    def denied(path, *args, **kwargs):
        if os.fspath(path).endswith("secret.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    from svcstd.load import reading  # where files are opened

    monkeypatch.setattr(reading.os, "open", denied)
    exit_code, out = cli("check", "--format", "json", "secret.yaml")
    (finding,) = json.loads(out)["findings"]
    assert exit_code == 1 and finding["code"] == "SVC003" and "permission denied" in finding["message"]


def test_a_file_that_vanishes_during_the_run_is_svc003_and_the_others_are_checked(repo, cli, monkeypatch):
    write(repo, "a-vanishing.yaml", MINIMAL)
    write(repo, "b-staying.yaml", MINIMAL.replace("minimal-benefit", "other-benefit").replace("type: benefit", "type: benfit"))
    real_discover = discovery.discover

    def discover_then_delete(*args, **kwargs):
        targets = real_discover(*args, **kwargs)
        (repo / "a-vanishing.yaml").unlink()
        return targets

    monkeypatch.setattr(discovery, "discover", discover_then_delete)
    exit_code, out = cli("check", "--format", "json", ".")
    found = {(f["file"], f["code"]) for f in json.loads(out)["findings"]}
    assert ("a-vanishing.yaml", "SVC003") in found
    assert ("b-staying.yaml", "SVC103") in found
    assert exit_code == 1


# ---------------------------------------------------------------------------------------
# Never a traceback


def test_a_crashing_rule_becomes_svc000_and_everything_else_still_runs(repo, cli, monkeypatch):
    rule = catalogue.get("SVC301")

    def crash(doc, config):
        raise ZeroDivisionError("boom")

    monkeypatch.setitem(catalogue._REGISTRY, rule.code, dataclasses.replace(rule, check=crash))
    write(repo, "one.yaml", MINIMAL.replace("type: benefit", "type: benfit"))
    write(repo, "two.yaml", MINIMAL.replace("minimal-benefit", "second-benefit"))

    exit_code, out = cli("check", "--format", "json", ".")

    findings = json.loads(out)["findings"]
    crashes = [f for f in findings if f["code"] == "SVC000"]
    assert {f["file"] for f in crashes} == {"one.yaml", "two.yaml"}
    assert all("SVC301" in f["message"] and "ZeroDivisionError: boom" in f["message"] for f in crashes)
    assert all("report" in f["message"] for f in crashes)
    assert ("one.yaml", "SVC103") in {(f["file"], f["code"]) for f in findings}
    assert exit_code == 2


def test_keyboard_interrupt_exits_130_without_traceback(monkeypatch, capsys, repo):
    from svcstd import engine

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "check_paths", interrupted)
    monkeypatch.setattr(sys, "argv", ["svcstd", "check", "."])
    with pytest.raises(SystemExit) as done:
        cli.main()
    assert done.value.code == 130
    err = capsys.readouterr().err
    assert "interrupted" in err and "Traceback" not in err


def _blocked_reading_stdin(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:
        return False
    read_syscall = {"x86_64": "0", "aarch64": "63"}[platform.machine()]
    return len(fields) > 1 and fields[0] == read_syscall and int(fields[1], 16) == 0


@pytest.mark.skipif(
    not Path("/proc/self/syscall").exists() or platform.machine() not in ("x86_64", "aarch64"),
    reason="needs Linux /proc/PID/syscall to know when the process waits",
)
def test_sigint_while_running_exits_130_without_traceback(repo):
    process = subprocess.Popen(
        [sys.executable, "-m", "svcstd", "check", "-"],
        cwd=repo, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        deadline = time.monotonic() + 60
        while not _blocked_reading_stdin(process.pid):
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 130
    assert b"Traceback" not in err and b"interrupted" in err


# ---------------------------------------------------------------------------------------
# No code execution, no network


def test_python_object_tag_runs_nothing(repo, cli, tmp_path):
    marker = tmp_path / "pwned"
    write(repo, "service.yaml", MINIMAL + f"x-run: !!python/object/apply:os.system [\"touch {marker}\"]\n")
    exit_code, out = cli("check", "--format", "json", "service.yaml")
    (finding,) = json.loads(out)["findings"]
    assert finding["code"] == "SVC001" and "`!!python/object/apply:os.system`" in finding["message"]
    assert exit_code == 1 and not marker.exists()


def test_include_tag_reads_nothing(repo, cli):
    write(repo, "secrets.yaml", "password: s3cr3t-value\n")
    write(repo, "service.yaml", MINIMAL.replace("type: benefit", "type: benefit\nx-extra: !include secrets.yaml"))
    exit_code, out = cli("check", "--format", "json", "service.yaml")
    findings = json.loads(out)["findings"]
    assert [(f["file"], f["code"]) for f in findings if f["file"] == "service.yaml"] == [("service.yaml", "SVC001")]
    assert "`!include`" in findings[0]["message"] and "s3cr3t" not in out


@pytest.fixture
def no_network(monkeypatch):
    """Every way out of the process raises, and each attempt is recorded."""
    attempts: list = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted during a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_http_ref_in_a_local_schema_fetches_nothing_and_is_a_clear_usage_error(repo, no_network, capsys, monkeypatch):
    write(repo, "service.yaml", MINIMAL)
    write(repo, "local.schema.json", json.dumps(
        {"properties": {"fees": {"$ref": "http://schemas.example.com/fees.json"}}}
    ))
    monkeypatch.setattr(sys, "argv", ["svcstd", "check", "--schema", "local.schema.json", "service.yaml"])
    with pytest.raises(SystemExit) as done:
        cli.main()
    err = capsys.readouterr().err
    assert done.value.code == 2
    assert "http://schemas.example.com/fees.json" in err and "never fetches" in err
    assert "Traceback" not in err
    assert no_network == []


def test_local_schema_adds_rules_and_may_refer_to_the_bundled_schema(repo, cli, no_network):
    from svcstd.schema import load_schema

    write(repo, "local.schema.json", json.dumps({
        "$ref": load_schema()["$id"],
        "required": ["x-local-code"],
        "properties": {"x-local-code": {"type": "string", "pattern": "^L[0-9]{4}$",
                                        "description": "The local catalogue code."}},
    }))
    (repo / "svcstd.toml").write_text('schema = "local.schema.json"\n', "utf-8")
    write(repo, "missing.yaml", MINIMAL)
    write(repo, "good.yaml", MINIMAL.replace("minimal-benefit", "good-benefit") + "x-local-code: L0001\n")
    write(repo, "bad.yaml", MINIMAL.replace("minimal-benefit", "bad-benefit") + "x-local-code: 17\n")

    exit_code, out = cli("check", "--format", "json", ".")

    found = sorted((f["file"], f["code"]) for f in json.loads(out)["findings"])
    assert found == [("bad.yaml", "SVC102"), ("missing.yaml", "SVC101")]
    assert exit_code == 1 and no_network == []


@pytest.mark.parametrize(
    "content, says",
    [
        ("{not json", "not valid JSON"),
        ('{"type": 5}', "not a valid JSON Schema"),
        ('{"$ref": "#/$defs/absent"}', "cannot be resolved"),
        ('{"$ref": "file:///etc/passwd"}', "cannot be resolved"),
    ],
)
def test_a_broken_local_schema_is_a_usage_error_without_traceback(repo, content, says):
    write(repo, "service.yaml", MINIMAL)
    write(repo, "local.schema.json", content)
    result = run_svcstd("check", "--schema", "local.schema.json", "service.yaml", cwd=repo)
    assert result.returncode == 2
    assert says in result.stderr.decode() and b"Traceback" not in result.stderr
