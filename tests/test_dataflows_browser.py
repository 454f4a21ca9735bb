"""The register's flow diagram opened in headless Chromium (as tests/test_browser.py does
for the compliance report): one node per office and one edge per flow, read back from the
DOM; screenshots at desktop and phone width. Skipped where no Chromium is installed."""

from __future__ import annotations

import json
import re

import pytest

from conftest import DATA, run_svcstd
from test_browser import find_chromium, headless, png_size

FLOWS = DATA / "dataflows"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    browser = find_chromium()
    if browser is None:
        pytest.skip("headless Chromium not installed (apt-get install chromium fonts-noto-cjk)")
    folder = tmp_path_factory.mktemp("dataflows")
    html = folder / "register.html"
    done = run_svcstd("dataflows", ".", "--output", str(html), "--lang", "zh", cwd=FLOWS)
    assert done.returncode == 0, done.stderr.decode("utf-8")
    register = json.loads(run_svcstd("dataflows", ".", "--format", "json", cwd=FLOWS).stdout)
    return browser, folder, html, register


def test_one_node_per_office_and_one_edge_per_flow(page):
    browser, folder, html, register = page
    result = headless(browser, folder / "profile-dom", "--dump-dom", html.as_uri())
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    dom = result.stdout.decode("utf-8")
    nodes = re.findall(r'<g class="office" data-office="([^"]+)"', dom)
    edges = re.findall(r'<path class="flow (ordinary|sensitive)" data-from="([^"]+)" data-to="([^"]+)"', dom)
    assert sorted(nodes) == sorted(o["id"] for o in register["offices"])
    assert sorted((a, b) for _, a, b in edges) == sorted((f["from"], f["to"]) for f in register["flows"])
    assert {(a, b) for kind, a, b in edges if kind == "sensitive"} == {
        (f["from"], f["to"]) for f in register["flows"] if f["sensitive"]}
    assert "成都市卫生健康委员会" in dom


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1400, 1000), ("phone", 390, 844)])
def test_screenshot(page, name, width, height):
    browser, folder, html, _ = page
    shot = folder / f"dataflows-{name}.png"
    result = headless(browser, folder / f"profile-{name}", "--hide-scrollbars", f"--screenshot={shot}",
                      f"--window-size={width},{height}", html.as_uri())
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    assert png_size(shot) == (width, height)
    assert shot.stat().st_size > 20_000  # a blank page compresses to a few kilobytes
