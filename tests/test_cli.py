"""`svcstd check` as a user runs it: exit codes, output forms, stdin, examples."""

from __future__ import annotations

import json
import re

import pytest

from conftest import EXAMPLES, MINIMAL, REPO, clean_examples, run_svcstd, write

EXPECT = re.compile(r"#\s*expect:\s*(SVC\d{3})\s+at\s+line\s+(\d+)\s+column\s+(\d+)")


def invalid_examples():
    folder = EXAMPLES / "invalid"
    return sorted(p for p in folder.glob("*.y*ml")) if folder.is_dir() else []


def test_valid_examples_pass_with_a_summary():
    # The real guides among the examples keep their findings (tests/test_examples.py).
    result = run_svcstd("check", *(p.relative_to(REPO).as_posix() for p in clean_examples()))
    out = result.stdout.decode()
    assert result.returncode == 0, out + result.stderr.decode()
    assert "Files checked" in out
    assert "Errors" in out
    assert "Traceback" not in out + result.stderr.decode()


@pytest.mark.parametrize("path", invalid_examples(), ids=lambda p: p.name)
def test_each_invalid_example_fails_with_its_code_at_its_position(path):
    expected_code = path.name[:6]
    result = run_svcstd("check", "--format", "json", str(path.relative_to(REPO)))
    report = json.loads(result.stdout)
    codes = [f["code"] for f in report["findings"]]
    assert expected_code in codes, codes
    severities = {f["severity"] for f in report["findings"] if f["code"] == expected_code}
    assert result.returncode == (1 if "error" in severities else 0)
    header = path.read_bytes()[:400].decode("utf-8", errors="replace")
    match = EXPECT.search(header)
    if match:
        code, line, column = match.group(1), int(match.group(2)), int(match.group(3))
        assert code == expected_code
        positions = [(f["line"], f["column"]) for f in report["findings"] if f["code"] == code]
        assert (line, column) in positions, positions


def test_json_output_is_the_documented_contract(repo):
    write(repo, "bad.yaml", MINIMAL.replace("type: benefit", "type: benfit"))
    result = run_svcstd("check", "--format", "json", "bad.yaml", cwd=repo)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert set(report) >= {"svcstd_version", "files_checked", "findings", "summary"}
    assert report["files_checked"] == 1
    [finding] = report["findings"]
    assert finding == {
        "code": "SVC103",
        "severity": "error",
        "message": finding["message"],
        "file": "bad.yaml",
        "line": 5,
        "column": 7,
        "path": "/type",
        "fix": None,
    }
    assert report["summary"]["errors"] == 1 and report["summary"]["warnings"] == 0


def test_exit_codes(repo):
    write(repo, "good.yaml", MINIMAL)
    # Its own id: a second definition with good.yaml's id would be a real SVC602 for both.
    write(repo, "bad.yaml", MINIMAL.replace("type: benefit", "type: benfit").replace("id: minimal-benefit", "id: bad-benefit"))
    assert run_svcstd("check", "good.yaml", cwd=repo).returncode == 0
    assert run_svcstd("check", "bad.yaml", cwd=repo).returncode == 1
    missing = run_svcstd("check", "nope.yaml", cwd=repo)
    assert missing.returncode == 2
    assert b"nope.yaml" in missing.stderr and b"Traceback" not in missing.stderr
    bad_option = run_svcstd("check", "--no-such-option", cwd=repo)
    assert bad_option.returncode == 2 and b"Traceback" not in bad_option.stderr
    assert run_svcstd("check", "--format", "xml", "good.yaml", cwd=repo).returncode == 2


def test_stdin_with_a_filename(repo):
    result = run_svcstd(
        "check", "-", "--stdin-filename", "services/typed.yaml", "--format", "text",
        input=MINIMAL.replace("eligibility:", "eligibilty:").encode(), cwd=repo,
    )
    assert result.returncode == 1
    first = result.stdout.decode().splitlines()[0]
    assert first.startswith("services/typed.yaml:12:1: SVC104")
    assert "Did you mean `eligibility`?" in first


def test_folder_is_walked_recursively(repo):
    write(repo, "a/b/one.yaml", MINIMAL)
    write(repo, "a/two.yml", MINIMAL.replace("id: minimal-benefit", "id: second-benefit"))
    write(repo, "a/notes.txt", "not yaml")
    result = run_svcstd("check", "--format", "json", "a", cwd=repo)
    report = json.loads(result.stdout)
    assert report["files_checked"] == 2
    assert result.returncode == 0


def test_rich_output_is_plain_when_piped_and_shows_a_caret(repo):
    write(repo, "bad.yaml", MINIMAL.replace("type: benefit", "type: benfit"))
    out = run_svcstd("check", "--format", "rich", "bad.yaml", cwd=repo, env={"NO_COLOR": ""}).stdout.decode()
    assert "\x1b[" not in out  # not a terminal: no escape codes
    lines = out.splitlines()
    index = next(i for i, line in enumerate(lines) if "bad.yaml:5:7 SVC103 error" in line)
    source = next(line for line in lines[index:] if "│ type: benfit" in line)
    caret = lines[lines.index(source) + 1]
    assert caret.index("^") == source.index("benfit")


def test_default_format_is_rich_on_a_terminal_and_one_line_per_finding_when_piped(repo):
    import os
    import pty
    import subprocess
    import sys

    write(repo, "bad.yaml", MINIMAL.replace("type: benefit", "type: benfit"))
    piped = run_svcstd("check", "bad.yaml", cwd=repo).stdout.decode()
    assert piped.splitlines()[0].startswith("bad.yaml:5:7: SVC103 [error] ")
    leader, follower = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    env.pop("GITHUB_ACTIONS", None)
    process = subprocess.run(
        [sys.executable, "-m", "svcstd", "check", "bad.yaml"],
        cwd=repo, stdout=follower, stderr=subprocess.PIPE, env=env, timeout=60,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    on_terminal = b"".join(chunks).decode()
    assert process.returncode == 1
    assert "│ type: benfit" in on_terminal  # the grouped report with its source excerpt
    assert "Files checked" in on_terminal


def test_version_flag():
    result = run_svcstd("--version")
    assert result.returncode == 0
    assert result.stdout.decode().startswith("svcstd ")


def test_caret_is_aligned_under_chinese_text(repo):
    """CJK characters take two terminal cells; the caret must still land on the value."""
    text = MINIMAL.replace("  - id: resident\n    criterion: {zh: 本地居民, en: Lives in the city}",
                           "  - id: resident\n    criterion: {zh: 本地居民, en: ''}")
    write(repo, "cjk.yaml", text)
    out = run_svcstd("check", "--format", "rich", "cjk.yaml", cwd=repo).stdout.decode()
    from rich.cells import cell_len

    lines = out.splitlines()
    source = next(line for line in lines if "│     criterion: {zh: 本地居民" in line)
    caret = lines[lines.index(source) + 1]
    target = source.index("''")
    assert cell_len(caret[: caret.index("^")]) == cell_len(source[:target])


def test_color_only_on_request(repo):
    write(repo, "bad.yaml", MINIMAL.replace("type: benefit", "type: benfit"))
    colored = run_svcstd("check", "-f", "rich", "bad.yaml", cwd=repo, env={"NO_COLOR": "", "FORCE_COLOR": "1"}).stdout
    assert b"\x1b[" in colored
    plain = run_svcstd("check", "-f", "rich", "bad.yaml", cwd=repo, env={"NO_COLOR": "1", "FORCE_COLOR": "1"}).stdout
    assert b"\x1b[" not in plain


def test_internal_error_is_one_line_and_exit_2(repo, monkeypatch, capsys):
    """A crash outside any rule still prints one line, never a traceback."""
    from svcstd import cli, engine

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "check_paths", explode)
    monkeypatch.setattr("sys.argv", ["svcstd", "check", "."])
    with pytest.raises(SystemExit) as stop:
        cli.main()
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error" in err and "boom" in err


def test_schema_command_prints_the_bundled_schema():
    result = run_svcstd("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["$id"].endswith("service.schema.json")
    assert json.loads(run_svcstd("schema", "offices").stdout)["$id"].endswith("offices.schema.json")


def test_library_api_returns_findings_without_printing(repo, capsys):
    import svcstd

    write(repo, "bad.yaml", MINIMAL.replace("type: benefit", "type: benfit"))
    report = svcstd.check_paths(["bad.yaml"])
    assert [(f.code, f.line, f.column) for f in report.findings] == [("SVC103", 5, 7)]
    assert capsys.readouterr().out == ""
    assert svcstd.check_text(MINIMAL).findings == ()


def test_a_command_line_builds_only_the_command_it_runs():
    """typer builds every command's options before parsing: a run builds just its own;
    anything else (a misspelt command, root options) gets them all, for typer's messages."""
    from svcstd import cli

    assert list(cli._command_for(["check", "x.yaml"]).commands) == ["check"]
    assert list(cli._command_for(["--lang", "zh", "check", "x.yaml"]).commands) == ["check"]
    assert list(cli._command_for(["--lang=zh", "report"]).commands) == ["report"]
    everything = set(cli._command_for(["chek"]).commands)
    assert {"check", "report", "explain"} <= everything
    assert set(cli._command_for(["--version"]).commands) == everything
    assert set(cli._command_for([]).commands) == everything


def test_the_installed_command_is_the_one_python_m_runs():
    """`svcstd` (pre-commit's entry, a user's) starts through `svcstd.__main__`, which
    imports the command line with the collector paused: the same start as `python -m`."""
    import os
    import subprocess
    import sys
    from importlib.metadata import entry_points

    import svcstd.__main__

    (entry,) = entry_points(group="console_scripts", name="svcstd")
    assert entry.load() is svcstd.__main__.main
    script = os.path.join(os.path.dirname(sys.executable), "svcstd.exe" if os.name == "nt" else "svcstd")
    assert os.path.exists(script), f"{script}: the package is installed without its command"
    files = [p.relative_to(REPO).as_posix() for p in clean_examples()]
    by_script = subprocess.run([script, "check", "--format", "json", *files], cwd=REPO, capture_output=True, timeout=120, check=False)
    by_module = run_svcstd("check", "--format", "json", *files)
    assert by_script.returncode == by_module.returncode == 0, by_script.stderr
    assert json.loads(by_script.stdout) == json.loads(by_module.stdout)


@pytest.mark.parametrize(
    ("code", "stdout", "stderr", "returncode"),
    [("0", "report", "", 0), ("1", "report", "", 1), ("None", "report", "", 0), ("'stopped'", "report", "stopped\n", 1)],
)
def test_the_command_leaves_with_its_output_its_exit_handlers_and_its_code(code, stdout, stderr, returncode):
    """`svcstd.__main__._leave` skips the interpreter's teardown: what was written is
    flushed first, the exit handlers still run, and the code is sys.exit's."""
    import subprocess
    import sys
    import tempfile

    script = (
        "import atexit, sys\n"
        "from svcstd.__main__ import _leave\n"
        "atexit.register(lambda: open(sys.argv[1], 'w').write('ran'))\n"
        "sys.stdout.write('report')\n"
        f"_leave({code})\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        marker = f"{folder}/atexit"
        result = subprocess.run([sys.executable, "-c", script, marker], capture_output=True, text=True, timeout=60, check=False)
        with open(marker) as handle:
            assert handle.read() == "ran"
    assert (result.stdout, result.stderr, result.returncode) == (stdout, stderr, returncode)


def test_with_a_thread_still_running_the_command_exits_the_usual_way():
    import subprocess
    import sys

    script = (
        "import threading, time, sys\n"
        "from svcstd.__main__ import _leave\n"
        "threading.Thread(target=lambda: (time.sleep(0.3), sys.stdout.write('thread done'))).start()\n"
        "_leave(3)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert (result.stdout, result.returncode) == ("thread done", 3)  # waited for, as Python does
