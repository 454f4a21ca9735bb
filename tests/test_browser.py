"""The HTML compliance report of examples/ opened in a real browser (headless Chromium).

Skipped, with the reason shown by `pytest -ra`, where no Chromium is installed; `.ci/run`
installs Debian's `chromium` (and CJK fonts) so that CI runs it.
"""

from __future__ import annotations

import html
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_svcstd

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def headless(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    """Chromium with everything that could reach the network or a desktop switched off."""
    command = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--user-data-dir={profile}", *args,
    ]
    return subprocess.run(command, capture_output=True, timeout=120)


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    return struct.unpack(">II", header[16:24])


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    browser = find_chromium()
    if browser is None:
        pytest.skip("headless Chromium not installed (apt-get install chromium fonts-noto-cjk); .ci/run installs it")
    folder = tmp_path_factory.mktemp("browser")
    page = folder / "report.html"
    # --exit-zero: the real guides among the examples have findings; this test is about rendering.
    result = run_svcstd(
        "report", "services", "--format", "html", "--output", str(page), "--exit-zero", cwd=EXAMPLES,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8")
    return browser, folder, page


def test_report_renders_in_headless_chromium_with_one_row_per_service(rendered):
    browser, folder, page = rendered
    result = headless(browser, folder / "profile-dom", "--dump-dom", page.as_uri())
    dom = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert title and html.unescape(title.group(1)) == "Service standardization compliance report"
    rows = re.findall(r'<tr class="service" data-service-id="([^"]*)"', dom)
    definitions = sorted((EXAMPLES / "services").rglob("*.yaml"))
    assert len(rows) == len(definitions) and len(set(rows)) == len(rows)
    assert "普通护照签发" in dom


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1400, 1000), ("phone", 390, 844)])
def test_report_screenshot(rendered, name, width, height):
    browser, folder, page = rendered
    shot = folder / f"report-{name}.png"
    result = headless(
        browser, folder / f"profile-{name}", "--hide-scrollbars", f"--screenshot={shot}",
        f"--window-size={width},{height}", page.as_uri(),
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    assert shot.is_file()
    assert png_size(shot) == (width, height)
    # A blank page compresses to a few kilobytes; text, tables and colours do not.
    assert shot.stat().st_size > 20_000
