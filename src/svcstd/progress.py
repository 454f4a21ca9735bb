"""A progress line for long runs on a terminal: files done of total, rate, time left.

Shown on standard error only when it is a terminal, outside CI, and only once a run has
lasted two seconds (short runs, the common case, never show it). Redrawn at most ten
times a second; the cost is one clock reading per file or chunk of files (measured in
benchmarks/run.py: within noise). The line is erased when the run ends, so nothing of it
remains in the terminal's scrollback either.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

# Environment variables that say "this runs in CI" on the common services.
_CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "JENKINS_URL", "TF_BUILD", "TEAMCITY_VERSION")
SHOW_AFTER_SECONDS = 2.0
REDRAW_SECONDS = 0.1


class Progress:
    def __init__(self, stream: TextIO, *, show_after: float = SHOW_AFTER_SECONDS,
                 clock: Callable[[], float] = time.monotonic, width: int = 24, lang: str = "en"):
        self.stream = stream
        self.lang = lang
        self.show_after = show_after
        self.clock = clock
        self.width = width
        self.total = 0
        self.done = 0
        self.started = 0.0
        self.next_draw = 0.0
        self.shown = False

    def start(self, total: int) -> None:
        self.total, self.done = total, 0
        self.started = self.clock()
        self.next_draw = self.started + self.show_after

    def advance(self, files: int = 1) -> None:
        self.done += files
        now = self.clock()
        if now >= self.next_draw:
            self.next_draw = now + REDRAW_SECONDS
            self._draw(now)

    def _draw(self, now: float) -> None:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        filled = int(self.width * self.done / self.total) if self.total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        from .usage_messages import usage_text

        counts = usage_text("progress_line", self.lang, done=f"{self.done:,}", total=f"{self.total:,}",
                            rate=f"{rate:,.0f}", left=_duration(left, self.lang))
        self.stream.write(f"\r[{bar}] {counts}\x1b[K")
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def _duration(seconds: float, lang: str = "en") -> str:
    from .usage_messages import usage_text

    seconds = int(seconds + 0.5)
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else usage_text("progress_seconds", lang, seconds=seconds)


def for_terminal(stream: TextIO | None = None, lang: str = "en") -> Progress | None:
    """A `Progress` on standard error when a person is watching it, else None."""
    stream = stream or sys.stderr
    try:
        if not stream.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    if any(os.environ.get(name) for name in _CI_VARIABLES) or os.environ.get("TERM") == "dumb":
        return None
    delay = os.environ.get("SVCSTD_PROGRESS_AFTER")  # seconds; for tests and impatient users
    try:
        show_after = float(delay) if delay is not None else SHOW_AFTER_SECONDS
    except ValueError:
        show_after = SHOW_AFTER_SECONDS
    return Progress(stream, show_after=show_after, lang=lang)
