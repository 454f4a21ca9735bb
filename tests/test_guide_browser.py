"""The guide of every example in headless Chromium: zh and en, desktop (1280 px) and phone
(390 px) widths; the flow diagram has one box per step and no text leaves its box; the page
never scrolls sideways; accessibility checked by axe-core (WCAG 2 A/AA) and by our own checks
(lang, headings in order, touch targets, contrast).

Skipped with the reason where Chromium is missing; under CI=true a missing Chromium or
axe-core fails (`.ci/run` installs both). axe-core is read from $AXE_CORE_JS (the npm package's
axe.min.js); nothing is fetched while the tests run.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, require, run_svcstd
from test_browser import find_chromium, headless, png_size

SERVICES = sorted((EXAMPLES / "services").rglob("*.yaml"))
WIDTHS = {"desktop": 1280, "phone": 390}

# Runs inside the harness page: loads each guide page in an iframe of the given width, measures
# it, and writes the results as JSON into <pre id="results"> for --dump-dom to return.
MEASURE = r"""
async function measure(frame) {
  const doc = frame.contentDocument, win = frame.contentWindow;
  const out = {lang: doc.documentElement.lang, title: doc.title};
  out.scrollWidth = doc.documentElement.scrollWidth;
  out.width = win.innerWidth;
  out.headings = [...doc.querySelectorAll("h1,h2,h3,h4,h5,h6")].filter(h => h.offsetParent !== null || h.closest("details")).map(h => +h.tagName[1]);
  const shown = [...doc.querySelectorAll("svg.flow")].filter(svg => win.getComputedStyle(svg).display !== "none");
  out.diagrams = shown.map(svg => [svg.getBoundingClientRect().width, svg.getAttribute("class")]);
  out.boxes = shown.flatMap(svg => [...svg.querySelectorAll("g.step")]).map(g => {
    const r = g.querySelector("rect").getBBox();
    const texts = [...g.querySelectorAll("text")].map(t => { const b = t.getBBox(); return [b.x, b.y, b.width, b.height, t.textContent]; });
    return {id: g.dataset.step, rect: [r.x, r.y, r.width, r.height], texts};
  });
  out.targets = [...doc.querySelectorAll("header.top a, ul.services a, .search input, summary")]
    .filter(e => e.offsetParent !== null).map(e => { const r = e.getBoundingClientRect(); return [e.textContent.trim().slice(0, 30), r.width, r.height]; });
  out.jsonld = [...doc.querySelectorAll('script[type="application/ld+json"]')].map(s => JSON.parse(s.textContent)["@type"]);
  out.links = [...doc.querySelectorAll("a[href]")].map(a => a.getAttribute("href")).filter(h => !/^(#|https?:|tel:|mailto:)/.test(h));
  out.fetches = [...doc.querySelectorAll("link[href], img[src], script[src], iframe[src]")].length;
  const box = doc.getElementById("q");
  if (box) {  // the index's offline search: type, and only the matching entries stay
    box.value = "ordinary-passport"; box.dispatchEvent(new win.Event("input"));
    out.search = [...doc.querySelectorAll("li[data-search]")].filter(li => !li.hidden).map(li => li.querySelector("a").getAttribute("href"));
    box.value = ""; box.dispatchEvent(new win.Event("input"));
    out.searchCleared = [...doc.querySelectorAll("li[data-search]")].filter(li => !li.hidden).length;
  }
  if (win.axe === undefined && window.AXE_SOURCE) {
    const s = doc.createElement("script"); s.textContent = window.AXE_SOURCE; doc.head.appendChild(s);
  }
  if (win.axe) {
    const r = await win.axe.run(doc, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]});
    out.axe = r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " " + (n.failureSummary || "").slice(0, 160))}));
  }
  return out;
}
async function main() {
  const results = {};
  for (const name of PAGES) {
    const frame = document.createElement("iframe");
    frame.style.width = WIDTH + "px"; frame.style.height = "900px"; frame.style.border = "0";
    document.body.appendChild(frame);
    await new Promise(done => { frame.onload = done; frame.src = name; });
    try { results[name] = await measure(frame); } catch (e) { results[name] = {error: String(e)}; }
    frame.remove();
  }
  const pre = document.createElement("pre"); pre.id = "results";
  pre.textContent = JSON.stringify(results); document.body.appendChild(pre);
}
main();
"""


def axe_source() -> str | None:
    path = os.environ.get("AXE_CORE_JS")
    return Path(path).read_text("utf-8") if path and Path(path).is_file() else None


@pytest.fixture(scope="module")
def browser():
    found = find_chromium()
    require(found, "headless Chromium not installed (apt-get install chromium fonts-noto-cjk); .ci/run installs it")
    return found


@pytest.fixture(scope="module", params=["zh", "en"])
def guide(request, browser, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"guide-{request.param}")
    result = run_svcstd("guide", "services", "--lang", request.param, "--output", str(folder), cwd=EXAMPLES)
    assert result.returncode == 0, result.stderr.decode()
    pages = sorted(p.name for p in folder.glob("*.html") if p.name != "index.html")
    assert len(pages) == len(SERVICES)
    return request.param, folder, pages


def measure_all(browser: str, folder: Path, pages: list[str], width: int) -> dict:
    source = axe_source()
    harness = folder / f"harness-{width}.html"
    prelude = f"const PAGES = {json.dumps(['index.html', *pages])}; const WIDTH = {width};"
    if source:
        prelude += "\nwindow.AXE_SOURCE = " + json.dumps(source) + ";"
    harness.write_text(f"<!DOCTYPE html><html><body><script>{prelude}\n{MEASURE}</script></body></html>", "utf-8")
    result = headless(
        browser, folder / f"profile-measure-{width}", "--allow-file-access-from-files",
        "--virtual-time-budget=120000", f"--window-size={width + 40},1000", "--dump-dom", harness.as_uri(),
    )
    dom = result.stdout.decode("utf-8")
    found = re.search(r'<pre id="results">(.*?)</pre>', dom, re.DOTALL)
    assert found, result.stderr.decode("utf-8", "replace")[-2000:]
    return json.loads(html.unescape(found.group(1)))


@pytest.fixture(scope="module", params=list(WIDTHS))
def measured(request, browser, guide):
    lang, folder, pages = guide
    return lang, request.param, pages, measure_all(browser, folder, pages, WIDTHS[request.param])


def steps_of(page: str) -> int:
    """How many steps the definition of a page has (read from the definition, not the page)."""
    import yaml

    for path in SERVICES:
        data = yaml.safe_load(path.read_text("utf-8"))
        if page == f"{data['id']}.html":
            return len(data.get("steps") or [])
    raise AssertionError(f"no definition for {page}")


def test_every_page_renders_with_its_language_and_structured_data(measured):
    lang, _, pages, results = measured
    for page in pages:
        result = results[page]
        assert "error" not in result, (page, result)
        assert result["lang"] == lang
        assert result["jsonld"] == ["GovernmentService"], page
        assert result["fetches"] == 0, f"{page} loads something from outside itself"
    index = results["index.html"]
    assert index["lang"] == lang
    assert set(index["links"]) == set(pages)
    # The search box works offline: one service (listed by office and by type), then all again.
    assert index["search"] == ["bj-ordinary-passport.html", "bj-ordinary-passport.html"]
    assert index["searchCleared"] == 2 * len(pages)


def test_the_flow_diagram_has_one_box_per_step_and_no_text_leaves_its_box(measured):
    _, _, pages, results = measured
    drawn = 0
    for page in pages:
        boxes = results[page]["boxes"]
        assert len(boxes) == steps_of(page), page
        drawn += len(boxes)
        for box in boxes:
            x, y, w, h = box["rect"]
            assert box["texts"], (page, box["id"])
            for tx, ty, tw, th, content in box["texts"]:
                assert tx >= x - 0.5 and tx + tw <= x + w + 0.5, f"{page} step {box['id']}: {content!r} is wider than its box"
                assert ty >= y - 0.5 and ty + th <= y + h + 0.5, f"{page} step {box['id']}: {content!r} is below its box"
    assert drawn >= 40  # the examples have dozens of steps: the measurement really ran


def test_one_diagram_is_shown_and_on_a_phone_it_fits_when_it_can(measured):
    """Branches side by side are drawn again with narrower boxes for phones: the whole flow is
    visible without scrolling, and its text keeps its size (the SVG is never scaled)."""
    _, width_name, pages, results = measured
    for page in pages:
        diagrams = results[page]["diagrams"]
        assert len(diagrams) == (1 if steps_of(page) else 0), (page, diagrams)
        if diagrams and width_name == "phone":
            assert diagrams[0][0] <= WIDTHS["phone"] - 24, (page, diagrams)


def test_no_page_scrolls_sideways(measured):
    _, width, pages, results = measured
    for page in ["index.html", *pages]:
        assert results[page]["scrollWidth"] <= results[page]["width"], f"{page} is wider than the {width} screen"


def test_headings_are_in_order_and_touch_targets_are_large_enough(measured):
    _, _, pages, results = measured
    for page in ["index.html", *pages]:
        levels = results[page]["headings"]
        assert levels[0] == 1 and levels.count(1) == 1, (page, levels)
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), (page, levels)
        for label, width, height in results[page]["targets"]:
            assert height >= 44 and width >= 24, f"{page}: {label!r} is a {width:.0f}x{height:.0f} px target"


def test_axe_core_finds_no_wcag_a_or_aa_violation(measured):
    require(axe_source(), "axe-core not available: set AXE_CORE_JS to the npm package's axe.min.js (.ci/run does)")
    _, _, pages, results = measured
    problems = {page: results[page]["axe"] for page in ["index.html", *pages] if results[page].get("axe")}
    assert all("axe" in results[page] for page in pages), "axe-core did not run in the pages"
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_screenshots(browser, guide, width_name):
    """Screenshots of every page (kept in $SVCSTD_SCREENSHOTS when set, to be looked at)."""
    lang, folder, pages = guide
    width = WIDTHS[width_name]
    keep = Path(os.environ["SVCSTD_SCREENSHOTS"]) if os.environ.get("SVCSTD_SCREENSHOTS") else None
    for page in ["index.html", *pages]:
        shot = folder / f"{page}-{width_name}.png"
        result = headless(browser, folder / f"profile-shot-{width_name}", "--hide-scrollbars",
                          f"--screenshot={shot}", f"--window-size={width},1400", (folder / page).as_uri())
        assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
        assert png_size(shot) == (width, 1400)
        assert shot.stat().st_size > 20_000, f"{page} looks blank"
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(shot, keep / f"{lang}-{shot.name}")
