"""The register's flows as an inline SVG: one box per office, one arrow per flow (an
ordered pair of offices), sensitive flows drawn red and dashed.

Layout: grandalf's Sugiyama layering (the same dependency as the guide's step diagram),
one connected group of offices at a time; the groups, and the offices with no flow, are
then packed on shelves no wider than `MAX_WIDTH`; a layer with more offices than fit in
that width is wrapped into several rows. So 50+ offices stay readable: the diagram grows
downwards, and on a phone it scrolls inside its own frame rather than shrinking its text. Text is
escaped; there is no script and no external reference.
"""

from __future__ import annotations

import unicodedata
from html import escape

BOX_WIDTH = 190
FONT = 13
LINE = 17
PADDING = 8
X_SPACE = 40
Y_SPACE = 70
MARGIN = 10
MAX_WIDTH = 1300
MAX_LAYERS = 8  # deeper than this, layers are packed into rows
PER_ROW = (MAX_WIDTH - 2 * MARGIN + X_SPACE) // (BOX_WIDTH + X_SPACE)  # boxes in one row
DENSE = 60  # more flows than this: drawn half-transparent, so that boxes stay legible
SENSITIVE = "#b3261e"
ORDINARY = "#3d4650"


def _width(text: str) -> float:
    # Bold text, measured generously: a CJK character is one em, others 0.68 em.
    return sum(FONT if unicodedata.east_asian_width(c) in ("W", "F") else FONT * 0.68 for c in text)


def _tokens(text: str) -> list[str]:
    """Words with their trailing space; every CJK character a token of its own."""
    tokens, word = [], ""
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            tokens += [word, char] if word else [char]
            word = ""
        elif char == " ":
            tokens.append(word + " ")
            word = ""
        else:
            word += char
    return tokens + [word] if word else tokens


def _wrap(text: str, width: float) -> list[str]:
    """Lines no wider than `width`: break between words, anywhere in CJK, inside a word
    only when it is wider than the box."""
    lines, current = [], ""
    for token in _tokens(text):
        if _width((current + token).rstrip()) <= width:
            current += token
            continue
        if current.strip():
            lines.append(current.rstrip())
        current = ""
        for char in token.lstrip():
            if _width(current + char) > width and current:
                lines.append(current)
                current = ""
            current += char
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]


class _View:
    def __init__(self, w: float, h: float):
        self.w, self.h = w, h
        self.xy = (0.0, 0.0)


def _component_layout(ids: list[str], edges: list[tuple[str, str]], sizes: dict) -> dict[str, tuple[float, float]]:
    """Top-left corners of the boxes of one connected group, relative to the group."""
    from grandalf.graphs import Edge, Graph, Vertex
    from grandalf.layouts import SugiyamaLayout

    vertices = {}
    for office in ids:
        vertex = Vertex(office)
        vertex.view = _View(*sizes[office])
        vertices[office] = vertex
    graph = Graph(list(vertices.values()), [Edge(vertices[a], vertices[b]) for a, b in edges if a != b])
    placed: dict[str, tuple[float, float]] = {}
    for component in graph.C:
        layout = SugiyamaLayout(component)
        layout.xspace, layout.yspace = X_SPACE, Y_SPACE
        layout.init_all()
        layout.draw()
        for vertex in component.sV:
            placed[vertex.data] = (vertex.view.xy[0] - vertex.view.w / 2, vertex.view.xy[1] - vertex.view.h / 2)
    return _wrap_layers(placed, sizes)


def _wrap_layers(placed: dict[str, tuple[float, float]], sizes: dict) -> dict[str, tuple[float, float]]:
    """Sugiyama puts every office of a layer on one line: with 50+ offices a layer (all the
    offices that receive from one hub) is several screens wide. Keep its order (the one
    that reduces crossings) but wrap each layer into rows of at most `PER_ROW` boxes."""
    layers: dict[float, list[str]] = {}
    for office, (x, y) in placed.items():
        layers.setdefault(round(y), []).append(office)
    result: dict[str, tuple[float, float]] = {}
    top = 0.0
    ordered = [sorted(members, key=lambda office: placed[office][0]) for _, members in sorted(layers.items())]
    if len(ordered) > MAX_LAYERS:
        # A deep graph (a long chain of layers, one or two offices each) would be pages
        # tall: fill rows in layer order instead, so arrows still run mostly downwards.
        flat = [office for layer in ordered for office in layer]
        ordered = [flat]
    widest = min(PER_ROW, max(len(members) for members in ordered))
    full_width = widest * BOX_WIDTH + (widest - 1) * X_SPACE
    for members in ordered:
        for start in range(0, len(members), PER_ROW):
            row = members[start:start + PER_ROW]
            row_width = len(row) * BOX_WIDTH + (len(row) - 1) * X_SPACE
            left = (full_width - row_width) / 2
            for number, office in enumerate(row):
                result[office] = (left + number * (BOX_WIDTH + X_SPACE), top)
            top += max(sizes[office][1] for office in row) + Y_SPACE
    return result


def _groups(ids: list[str], edges: list[tuple[str, str]]) -> list[list[str]]:
    """Connected groups (largest first), then each office without a flow on its own."""
    parent = {office: office for office in ids}

    def root(office: str) -> str:
        while parent[office] != office:
            parent[office] = parent[parent[office]]
            office = parent[office]
        return office

    for a, b in edges:
        parent[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    for office in ids:
        groups.setdefault(root(office), []).append(office)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def layout(offices: list[tuple[str, str]], edges: list[tuple[str, str]]):
    """Boxes (x, y, w, h, lines) by office id, and the diagram's width and height."""
    inner = BOX_WIDTH - 2 * PADDING
    texts = {office: _wrap(name or office, inner) + _wrap(office, inner) for office, name in offices}
    sizes = {office: (BOX_WIDTH, 2 * PADDING + len(lines) * LINE) for office, lines in texts.items()}
    ids = [office for office, _ in offices]
    boxes: dict[str, tuple] = {}
    x = y = MARGIN
    shelf = 0.0
    for group in _groups(ids, edges):
        inside = [e for e in edges if e[0] in group and e[1] in group]
        placed = _component_layout(group, inside, sizes) if len(group) > 1 else {group[0]: (0.0, 0.0)}
        width = max(px + sizes[o][0] for o, (px, _) in placed.items())
        height = max(py + sizes[o][1] for o, (_, py) in placed.items())
        if x > MARGIN and x + width > MAX_WIDTH:
            x, y, shelf = MARGIN, y + shelf + Y_SPACE, 0.0
        for office, (px, py) in placed.items():
            boxes[office] = (x + px, y + py, *sizes[office], texts[office])
        x += width + X_SPACE
        shelf = max(shelf, height)
    total_w = max((bx + bw for bx, _, bw, _, _ in boxes.values()), default=0) + MARGIN
    total_h = max((by + bh for _, by, _, bh, _ in boxes.values()), default=0) + MARGIN
    return boxes, total_w, total_h


def _anchor(box, toward) -> tuple[float, float]:
    """Where the line from the box's centre towards `toward` leaves the box."""
    x, y, w, h, _ = box
    cx, cy = x + w / 2, y + h / 2
    dx, dy = toward[0] - cx, toward[1] - cy
    if dx == 0 and dy == 0:
        return cx, cy
    scale = min((w / 2) / abs(dx) if dx else float("inf"), (h / 2) / abs(dy) if dy else float("inf"))
    return cx + dx * scale, cy + dy * scale


def svg(offices: list[tuple[str, str]], flows: list[dict], title: str, lang: str) -> str:
    """`offices`: (id, name) in order; `flows`: the register's flows."""
    if not offices:
        return ""
    edges = [(f["from"], f["to"]) for f in flows]
    boxes, width, height = layout(offices, edges)
    out = [
        (f'<svg class="flows" xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="flows-title" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" lang="{escape(lang)}">'),
        f'<title id="flows-title">{escape(title)}</title>',
        "<defs>",
        *(f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
          f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
          for kind, colour in (("ordinary", ORDINARY), ("sensitive", SENSITIVE))),
        "</defs>",
    ]
    # Without script: pointing at (or tapping) an office fades every flow that does not
    # touch it, which is what makes a dense diagram of 50+ offices readable.
    rules = [
        f'.flows:has(g.office[data-office="{escape(office)}"]:hover) .flow:not([data-from="{escape(office)}"]):not([data-to="{escape(office)}"]){{opacity:.06}}'
        for office, _ in offices
    ]
    out.append("<style>" + ".flows .flow{transition:opacity .15s}.flows g.office{cursor:pointer}" + "".join(rules) + "</style>")
    faint = ' opacity="0.55"' if len(flows) > DENSE else ""
    pairs = set(edges)
    for flow in flows:
        source, target = boxes[flow["from"]], boxes[flow["to"]]
        centre_s = (source[0] + source[2] / 2, source[1] + source[3] / 2)
        centre_t = (target[0] + target[2] / 2, target[1] + target[3] / 2)
        x1, y1 = _anchor(source, centre_t)
        x2, y2 = _anchor(target, centre_s)
        # Two offices that share both ways: bend each arrow to its own side.
        bend = 30 if (flow["to"], flow["from"]) in pairs else 0
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 1)
        cx, cy = mx - (y2 - y1) / length * bend, my + (x2 - x1) / length * bend
        kind = "sensitive" if flow["sensitive"] else "ordinary"
        colour = SENSITIVE if flow["sensitive"] else ORDINARY
        dash = ' stroke-dasharray="6 3"' if flow["sensitive"] else ""
        items = "; ".join(f"{i['name'] or i['item']} ({i['service']})" for i in flow["items"])
        out.append(
            f'<path class="flow {kind}" data-from="{escape(flow["from"])}" data-to="{escape(flow["to"])}" '
            f'd="M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}" fill="none" stroke="{colour}" '
            f'stroke-width="{2.2 if flow["sensitive"] else 1.5}"{dash}{faint} marker-end="url(#arrow-{kind})">'
            f'<title>{escape(flow["from"])} → {escape(flow["to"])}: {escape(items)}</title></path>'
        )
    for office, _ in offices:
        x, y, w, h, lines = boxes[office]
        out.append(f'<g class="office" data-office="{escape(office)}">')
        out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.0f}" height="{h:.0f}" rx="6" fill="#f3f6fa" stroke="#0b4f9c" stroke-width="1.4"/>')
        for number, line in enumerate(lines):
            weight = ' font-weight="700"' if number < len(lines) - 1 or len(lines) == 1 else ' fill="#57606a"'
            out.append(f'<text x="{x + PADDING:.1f}" y="{y + PADDING + FONT + number * LINE:.1f}" font-size="{FONT}"{weight}>{escape(line)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)
