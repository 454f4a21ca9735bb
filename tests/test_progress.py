"""The progress line of long runs: on a terminal's stderr only, never in piped, CI or
machine-readable output."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys

from conftest import MINIMAL, run_svcstd
from svcstd import progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_nothing_is_drawn_before_two_seconds_then_done_rate_and_time_left():
    now = [100.0]
    stream = _Terminal()
    bar = progress.Progress(stream, clock=lambda: now[0])
    bar.start(1000)
    now[0] += 1.5
    bar.advance(300)
    assert stream.getvalue() == ""  # a short run never shows it
    now[0] += 1.0  # 2.5 s: 600 files done, 240 files/s, 400 left -> 2 s
    bar.advance(300)
    line = stream.getvalue()
    assert "600/1,000 files" in line and "240 files/s" in line and "2 s left" in line
    bar.advance(1)  # within a tenth of a second: not redrawn
    assert stream.getvalue() == line
    bar.finish()
    assert stream.getvalue().endswith("\r\x1b[K")  # erased at the end


def test_only_a_terminal_outside_ci_gets_one(monkeypatch):
    for name in progress._CI_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert progress.for_terminal(io.StringIO()) is None  # piped
    assert isinstance(progress.for_terminal(_Terminal()), progress.Progress)
    monkeypatch.setenv("CI", "true")
    assert progress.for_terminal(_Terminal()) is None
    monkeypatch.delenv("CI")
    monkeypatch.setenv("TERM", "dumb")
    assert progress.for_terminal(_Terminal()) is None


def _repository(tmp_path, count=60):
    for index in range(count):
        (tmp_path / f"s{index:03}.yaml").write_text(MINIMAL.replace("minimal-benefit", f"service-{index:03}"), "utf-8")
    return tmp_path


def test_piped_run_has_no_progress_line(tmp_path):
    repo = _repository(tmp_path)
    result = run_svcstd("check", "--no-cache", "--format", "json", ".", cwd=repo, env={"SVCSTD_PROGRESS_AFTER": "0"})
    assert b"\r" not in result.stderr and b"files/s" not in result.stderr
    assert result.stdout.lstrip().startswith(b"{")


def test_terminal_stderr_shows_it_and_stdout_stays_clean(tmp_path):
    repo = _repository(tmp_path)
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in progress._CI_VARIABLES}
    env.update(SVCSTD_PROGRESS_AFTER="0", TERM="xterm")
    process = subprocess.Popen(
        [sys.executable, "-m", "svcstd", "check", "--no-cache", "--jobs", "1", "--format", "json", "."],
        cwd=repo, stdout=subprocess.PIPE, stderr=slave, env=env,
    )
    out = process.stdout.read()
    process.wait(timeout=120)
    os.close(slave)
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        err += chunk
    os.close(master)
    assert b"/60 files" in err and b"files/s" in err and err.endswith(b"\r\x1b[K")
    assert b"files/s" not in out and out.lstrip().startswith(b"{")


def test_the_progress_line_speaks_the_run_language():
    now = [100.0]
    stream = _Terminal()
    bar = progress.Progress(stream, clock=lambda: now[0], lang="zh")
    bar.start(1000)
    now[0] += 2.5
    bar.advance(600)
    assert "600/1,000 个文件  每秒 240 个  剩余 2 秒" in stream.getvalue()
