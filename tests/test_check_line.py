"""`svcstd.check_line`: the usual `check` lines read without typer, to the same values.

The `svcstd` command tries this reader first (a one-file pre-commit run then never imports
typer); any line it is not sure of goes to typer. So what it returns must be exactly what
typer would pass to `check_command.run`, and its table must be `check`'s options.
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, run_svcstd
from svcstd import check_command, check_line, cli


def _typer_check_command():
    return cli._command_for(["check"]).commands["check"]


def _typer_values(args: list[str], monkeypatch) -> dict | None:
    """The keyword arguments typer's command line gives `check_command.run` for `svcstd
    ARGS`, or None when it stops before (a usage error, help)."""
    seen: list[dict] = []

    def record(**values):
        seen.append(values)
        return 0

    monkeypatch.setattr(check_command, "run", record)
    command = cli._command_for(args)
    try:
        command.main(args=list(args), prog_name="svcstd", standalone_mode=False)
    except Exception:  # noqa: BLE001 - typer's usage errors: nothing reached `run`
        return None
    finally:
        monkeypatch.undo()
    return seen[0] if seen else None


def test_the_table_is_checks_options_as_typer_declares_them():
    expected: dict[str, tuple[str, str]] = {}
    for param in _typer_check_command().params:
        if param.name == "paths":
            continue
        if param.is_flag:
            kinds = [(spelling, check_line.FLAG) for spelling in param.opts]
            kinds += [(spelling, check_line.NO_FLAG) for spelling in param.secondary_opts]
        else:
            kind = check_line.TEXTS if param.multiple else check_line.NUMBER if param.name == "jobs" else check_line.TEXT
            kinds = [(spelling, kind) for spelling in param.opts]
        for spelling, kind in kinds:
            expected[spelling] = (param.name, kind)
    assert check_line.OPTIONS == expected
    declared = set(inspect.signature(check_command.run).parameters)
    assert declared == {name for name, _ in expected.values()} | {"paths", "option_order"}


USUAL_LINES = [
    ["check"],
    ["check", "services/a.yaml"],
    ["check", "--no-cache", "--format", "text", "services/a.yaml"],
    ["check", "--force-exclude", "a.yaml", "b.yaml"],  # pre-commit's hook
    ["--lang", "zh", "check", "a.yaml"],
    ["--lang=zh", "check", "--lang", "en", "a.yaml"],
    ["check", "-f", "sarif", "-o", "out.sarif", "--format=json", "--output=-", "x"],
    ["check", "--output", "report.xml", "--format", "junit", "x"],
    ["check", "--select", "SVC1", "--select=SVC2", "--ignore", "SVC301", "x"],
    ["check", "--jobs", "2", "-j", " 3", "--exit-zero", "--no-exit-zero", "x"],
    ["check", "--fail-on", "warning", "--no-source", "--schema", "s.json", "--config", "c.toml", "x"],
    ["check", "--cache-dir", "cache", "--fix", "--unsafe-fixes", "-", "--stdin-filename", "a.yaml"],
    ["check", "x", "--", "--format", "-j"],
]


@pytest.mark.parametrize("args", USUAL_LINES, ids=lambda args: " ".join(args) or "(none)")
def test_usual_lines_are_read_as_typer_reads_them(args, monkeypatch):
    values = check_line.read(args)
    assert values is not None, "a usual line must not need typer"
    assert values == _typer_values(args, monkeypatch)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["check", "--help"],
        ["--help", "check"],
        ["--version"],
        ["report", "x"],
        ["chek", "x"],
        ["check", "--formt", "json"],  # misspelt: typer suggests the option
        ["check", "--form", "json"],  # abbreviated
        ["check", "--format"],  # value missing
        ["check", "--format", "--no-cache"],  # a value that looks like an option
        ["check", "--jobs", "two"],
        ["check", "--no-cache=yes"],
        ["check", "-f=json"],
        ["check", "-fjson"],
        ["check", "--format", ""],
        ["--lang", "check"],
    ],
    ids=lambda args: " ".join(args) or "(none)",
)
def test_other_lines_are_left_to_typer(args):
    assert check_line.read(args) is None


WORDS = st.sampled_from(
    sorted(check_line.OPTIONS)
    + ["x.yaml", "services", "-", "--", "json", "sarif", "zh", "2", "0", " 4", "+1", "1_0", "two", "", "=",
       "--format=json", "--output=-", "--jobs=3", "--lang=zh", "--no-cache=1", "-fjson", "-j2", "--help", "--x"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(root=st.sampled_from([[], ["--lang", "zh"], ["--lang=en"]]), words=st.lists(WORDS, max_size=7))
def test_generated_lines_read_alike_or_are_left_to_typer(root, words, monkeypatch):
    args = [*root, "check", *words]
    values = check_line.read(args)
    if values is not None:
        assert values == _typer_values(args, monkeypatch)


def test_a_usual_check_does_not_import_typer(tmp_path):
    (tmp_path / "svcstd.toml").write_text("", "utf-8")
    (tmp_path / "a.yaml").write_text("format: 1\n", "utf-8")
    script = (
        "import sys, svcstd.__main__ as entry\n"
        "sys.argv = ['svcstd', *sys.argv[1:]]\n"
        "import atexit\n"
        "atexit.register(lambda: sys.stderr.write('typer imported: %s\\n' % ('typer' in sys.modules)))\n"
        "entry.main()\n"
    )
    usual = subprocess.run([sys.executable, "-c", script, "check", "--format", "json", "a.yaml"],
                           check=False, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert usual.returncode == 1, usual.stderr  # the file has findings
    assert '"SVC' in usual.stdout
    assert "typer imported: False" in usual.stderr
    fixing = subprocess.run([sys.executable, "-c", script, "check", "--fix", "a.yaml"],
                            check=False, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert fixing.returncode == 1, fixing.stderr
    assert "typer imported: False" in fixing.stderr  # check --fix neither
    misspelt = subprocess.run([sys.executable, "-c", script, "check", "--formt", "json", "a.yaml"],
                              check=False, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert misspelt.returncode == 2
    assert "--format" in misspelt.stderr  # typer's suggestion
    assert "typer imported: True" in misspelt.stderr


def test_usage_problems_of_a_usual_line_are_one_line_in_the_runs_language(tmp_path):
    (tmp_path / "svcstd.toml").write_text("", "utf-8")
    (tmp_path / "a.yaml").write_text("format: 1\n", "utf-8")
    english = run_svcstd("check", "--jobs", "0", "a.yaml", cwd=tmp_path)
    assert english.returncode == 2
    assert english.stderr.decode() == "svcstd: error: --jobs must be 1 or more, not 0\n"
    chinese = run_svcstd("--lang", "zh", "check", "--format", "nope", "a.yaml", cwd=tmp_path)
    assert chinese.returncode == 2
    text = chinese.stderr.decode()
    assert text.startswith("svcstd：错误：") and "nope" in text and "Traceback" not in text
    assert len(text.strip().splitlines()) == 1
    assert check_line.read(["--lang", "zh", "check", "--format", "nope", "a.yaml"]) is not None


def test_results_of_both_readers_are_the_same_report(tmp_path):
    examples = REPO / "examples"
    args = ["check", "--no-cache", "--format", "json", "--jobs", "1", str(examples)]
    quick = run_svcstd(*args, cwd=tmp_path)
    # `python -m svcstd.cli` runs typer's command line for any line
    typer_run = subprocess.run([sys.executable, "-m", "svcstd.cli", *args], check=False, cwd=tmp_path,
                               capture_output=True, env={**os.environ, "NO_COLOR": "1"}, timeout=120)
    assert quick.returncode == typer_run.returncode == 1
    assert quick.stdout == typer_run.stdout
    assert b'"code": "SVC' in quick.stdout


@pytest.mark.parametrize(
    ("raised", "code", "said"),
    [
        (KeyboardInterrupt(), 130, "svcstd: interrupted\n"),
        (BrokenPipeError(), 0, ""),
        (ZeroDivisionError("boom"), 2, "svcstd: internal error: ZeroDivisionError: boom"),
    ],
    ids=["interrupted", "reader-left", "crash"],
)
def test_a_usual_line_ends_as_typers_does_when_the_run_stops(raised, code, said, monkeypatch, capsys):
    def stops(**values):
        raise raised

    monkeypatch.setattr(check_command, "run", stops)
    monkeypatch.setattr(sys, "stdout", sys.stdout)  # the reader-left case replaces it
    args = ["check", "--no-cache", "a.yaml"]
    assert check_command.main(check_line.read(args), args) == code
    err = capsys.readouterr().err
    assert err.startswith(said) and "Traceback" not in err
