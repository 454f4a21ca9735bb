"""The process as an inline SVG flow diagram: one box per step, arrows from `next`.

Layout: grandalf's Sugiyama layering (layers top to bottom, crossings reduced), the
well-kept pure-Python implementation; hand placement cannot handle branches and joins.
Text: SVG does not wrap, so each line is measured here with a conservative width (a CJK
character one em, other characters 0.62 em) and wrapped to the box; the browser test reads
back every text's bounding box and fails if one leaves its box. Readable on a phone: text
is never scaled down. A diagram whose branches make it wider than a phone is drawn a second
time with narrower boxes (NARROW), which the page's CSS shows on small screens; one still
too wide scrolls sideways inside its own frame.
"""

from __future__ import annotations

import unicodedata
from html import escape

from ...records import record


@record(frozen=True)
class Metrics:
    """Sizes of one drawing. WIDE is for screens and paper; NARROW is drawn as well when the
    wide drawing is broader than a phone (branches side by side), and CSS shows it there."""

    box_width: int = 280
    padding: int = 10
    font: int = 14
    line: int = 19
    title_font: int = 15
    x_space: int = 28
    y_space: int = 40
    margin: int = 8


WIDE = Metrics()
NARROW = Metrics(box_width=158, padding=7, font=13, line=17, title_font=14, x_space=12, y_space=32, margin=4)
# The room a phone leaves for the diagram: 390 px less the page's and the frame's margins.
PHONE_ROOM = 340


@record(frozen=True)
class FlowStep:
    """One step of the guide's flow diagram: its title, its lines of detail, and the steps
    after it."""

    id: str
    title: str
    lines: tuple[str, ...]  # stage · actor, office, time limit, status
    next: tuple[str, ...]
    title_lang: str | None = None


def char_width(char: str, size: float) -> float:
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return size
    if char in "il.,:;|'!() ":
        return size * 0.4
    if char.isupper() or char in "mwMW@%":
        return size * 0.8
    return size * 0.62


def text_width(text: str, size: float) -> float:
    return sum(char_width(c, size) for c in text)


def wrap(text: str, size: float, width: float) -> list[str]:
    """Lines no wider than `width`: break at spaces where there are some, anywhere in CJK."""
    lines: list[str] = []
    current = ""
    for token in _tokens(text):
        if text_width((current + token).rstrip(), size) <= width:
            current += token
            continue
        if current.strip():
            lines.append(current.rstrip())
        token = token.lstrip()
        while text_width(token.rstrip(), size) > width:  # one word wider than the box
            cut = 1
            while cut < len(token) and text_width(token[: cut + 1], size) <= width:
                cut += 1
            lines.append(token[:cut])
            token = token[cut:]
        current = token
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]


def _tokens(text: str) -> list[str]:
    """Words with their trailing space; every CJK character a token of its own."""
    tokens: list[str] = []
    word = ""
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            if word:
                tokens.append(word)
                word = ""
            tokens.append(char)
        elif char == " ":
            tokens.append(word + " ")
            word = ""
        else:
            word += char
    if word:
        tokens.append(word)
    return tokens


class _View:
    def __init__(self, w: float, h: float):
        self.w, self.h = w, h
        self.xy = (0.0, 0.0)


def layout(steps: list[FlowStep], m: Metrics = WIDE) -> tuple[dict[str, tuple[float, float, float, float]], list[tuple[str, str]], float, float]:
    """Boxes (x, y, w, h) by step id, the edges, and the diagram's width and height."""
    from grandalf.graphs import Edge, Graph, Vertex
    from grandalf.layouts import SugiyamaLayout

    inner = m.box_width - 2 * m.padding
    wrapped = {
        step.id: (wrap(step.title, m.title_font, inner), [part for line in step.lines for part in wrap(line, m.font, inner)])
        for step in steps
    }
    vertices = {}
    for step in steps:
        title, body = wrapped[step.id]
        vertex = Vertex(step.id)
        vertex.view = _View(m.box_width, 2 * m.padding + len(title) * (m.line + 1) + len(body) * m.line + 4)
        vertices[step.id] = vertex
    edges = [(step.id, target) for step in steps for target in step.next if target in vertices and target != step.id]
    graph = Graph(list(vertices.values()), [Edge(vertices[a], vertices[b]) for a, b in edges])
    boxes: dict[str, tuple[float, float, float, float]] = {}
    offset_x = 0.0
    for component in graph.C:
        sugiyama = SugiyamaLayout(component)
        sugiyama.xspace, sugiyama.yspace = m.x_space, m.y_space
        sugiyama.init_all()
        sugiyama.draw()
        placed = [(v.data, v.view) for v in component.sV]
        left = min(view.xy[0] - view.w / 2 for _, view in placed)
        top = min(view.xy[1] - view.h / 2 for _, view in placed)
        for step_id, view in placed:
            boxes[step_id] = (offset_x + view.xy[0] - view.w / 2 - left + m.margin,
                              view.xy[1] - view.h / 2 - top + m.margin, view.w, view.h)
        offset_x = max(x + w for x, _, w, _ in boxes.values()) + m.x_space - m.margin
    width = max(x + w for x, _, w, _ in boxes.values()) + m.margin
    height = max(y + h for _, y, _, h in boxes.values()) + m.margin
    return boxes, edges, width, height


def svg(steps: list[FlowStep], title: str, lang: str, m: Metrics = WIDE, variant: str = "wide") -> tuple[str, float]:
    """The diagram as inline SVG markup (escaped text; no script; no external reference),
    and its width."""
    if not steps:
        return "", 0.0
    boxes, edges, width, height = layout(steps, m)
    inner = m.box_width - 2 * m.padding
    out = [
        (f'<svg class="flow {variant}" xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="flow-title-{variant}" '
         f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" lang="{escape(lang)}">'),
        f'<title id="flow-title-{variant}">{escape(title)}</title>',
        (f'<defs><marker id="arrow-{variant}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
         'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#3d4650"/></marker></defs>'),
    ]
    for source, target in edges:
        sx, sy, sw, sh = boxes[source]
        tx, ty, tw, th = boxes[target]
        x1, y1, x2, y2 = sx + sw / 2, sy + sh, tx + tw / 2, ty
        if y2 <= y1:  # a step that goes back (a cycle): leave from the side
            x1, y1, x2, y2 = sx + sw, sy + sh / 2, tx + tw, ty + th / 2
            bend = max(sw, tw) / 2 + 20
            path = f"M{x1:.1f},{y1:.1f} C{x1 + bend:.1f},{y1:.1f} {x2 + bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
        else:
            middle = (y1 + y2) / 2
            path = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{middle:.1f} {x2:.1f},{middle:.1f} {x2:.1f},{y2 - 1:.1f}"
        out.append(f'<path class="edge" d="{path}" fill="none" stroke="#3d4650" stroke-width="1.5" marker-end="url(#arrow-{variant})"/>')
    for step in steps:
        x, y, w, h = boxes[step.id]
        title_lines = wrap(step.title, m.title_font, inner)
        body_lines = [part for line in step.lines for part in wrap(line, m.font, inner)]
        out.append(f'<g class="step" data-step="{escape(step.id)}">')
        out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.0f}" height="{h:.0f}" rx="6" ry="6" fill="#f3f6fa" stroke="#0b4f9c" stroke-width="1.5"/>')
        line_y = y + m.padding + m.title_font
        title_attr = f' lang="{escape(step.title_lang)}"' if step.title_lang and step.title_lang != lang else ""
        for line in title_lines:
            out.append(f'<text x="{x + m.padding:.1f}" y="{line_y:.1f}" font-size="{m.title_font}" font-weight="700" fill="#1f2328"{title_attr}>{escape(line)}</text>')
            line_y += m.line + 1
        for line in body_lines:
            out.append(f'<text x="{x + m.padding:.1f}" y="{line_y:.1f}" font-size="{m.font}" fill="#30363d">{escape(line)}</text>')
            line_y += m.line
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out), width


def drawings(steps: list[FlowStep], title: str, lang: str) -> str:
    """The wide drawing, and the narrow one when the wide one does not fit on a phone."""
    wide, width = svg(steps, title, lang)
    if width <= PHONE_ROOM:
        return wide
    narrow, _ = svg(steps, title, lang, NARROW, "narrow")
    return wide.replace('class="flow wide"', 'class="flow wide has-narrow"', 1) + "\n" + narrow


def mermaid(steps: list[FlowStep]) -> str:
    """The same flow as a Mermaid block for the Markdown guide (rendered by GitHub, GitLab)."""
    lines = ["flowchart TD"]
    names = {step.id: f"s{index}" for index, step in enumerate(steps)}
    for step in steps:
        label = " · ".join([step.title, *step.lines[:1]]).replace('"', "'")
        lines.append(f'    {names[step.id]}["{label}"]')
    for step in steps:
        for target in step.next:
            if target in names:
                lines.append(f"    {names[step.id]} --> {names[target]}")
    return "\n".join(lines)
