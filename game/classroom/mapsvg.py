"""The map handout as a picture: an SVG of the positions at their map coordinates, the rivers, the links a
unit moves along, who holds each place on the lesson's first morning, the gates and the headquarters, with
English and (where our sources give them) Chinese names, and a legend. Self-contained: no fonts, scripts or
images from elsewhere, so it prints and projects from a USB stick."""

from __future__ import annotations

from dataclasses import dataclass

from game.classroom.render import esc
from game.rules.state import State
from game.scenario import models as m

CHINESE, JAPANESE = "#1f4e7a", "#b3261e"
RIVER = "#7fb2d9"
FONT = "font-family=\"'Noto Sans', 'DejaVu Sans', Arial, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif\""


def _rivers(scenario_id: str) -> list[tuple[str, str, int, int, int]]:
    try:  # the TUI's map draws the same rivers; one table for both
        from game.tui.widgets import RIVERS
    except ImportError:  # pragma: no cover - the TUI is part of the game
        return []
    return list(RIVERS.get(scenario_id, []))


def short_name(name: str) -> str:
    """A place's name without its bracketed note ("Central Bank (10th Corps HQ)" -> "Central Bank")."""
    return name.split("(")[0].strip() or name


@dataclass(slots=True)
class _Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def hits(self, o: _Box) -> float:
        w = min(self.x1, o.x1) - max(self.x0, o.x0)
        h = min(self.y1, o.y1) - max(self.y0, o.y0)
        return w * h if w > 0 and h > 0 else 0.0


def _text_width(text: str, size: float) -> float:
    return sum(size * (1.0 if ord(ch) > 0x2E80 else 0.56) for ch in text)


def map_svg(sc: m.Scenario, state: State | None = None, width: int = 980) -> str:
    """The map; `state` gives who holds what (the scenario's starting control without it)."""
    ps = list(sc.positions)
    x0, x1 = min(p.x for p in ps) - 5, max(p.x for p in ps) + 7
    y0, y1 = min(p.y for p in ps) - 3, max(p.y for p in ps) + 3
    sx = (width - 40) / max(1, x1 - x0)
    sy = sx * 1.45
    height_map = (y1 - y0) * sy
    legend_h = 118
    height = int(height_map + legend_h + 30)

    def px(x: float) -> float:
        return 20 + (x - x0) * sx

    def py(y: float) -> float:
        return 20 + (y - y0) * sy

    by_id = {p.id: p for p in ps}
    held = {p.id: (state.positions[p.id].controller if state is not None and p.id in state.positions
                   else p.controller) for p in ps}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{esc(sc.meta.title)}: map">',
             f"<title>{esc(sc.meta.title)}: the positions</title>",
             f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fbf8f1"/>']
    # sectors, faint, behind everything
    for sec in sc.meta.sectors:
        members = [p for p in ps if p.sector == sec.id]
        if members:
            cx = sum(px(p.x) for p in members) / len(members)
            cy = sum(py(p.y) for p in members) / len(members)
            parts.append(f'<text x="{cx:.0f}" y="{cy:.0f}" font-size="30" {FONT} fill="#000" fill-opacity="0.06" '
                         f'text-anchor="middle" font-weight="bold">{esc(sec.name.upper())}</text>')
    # rivers
    for name, kind, at, a, b in _rivers(sc.meta.id):
        if kind == "v":
            if not x0 <= at <= x1:
                continue
            ya, yb = max(a, y0), min(b, y1)
            parts.append(f'<line x1="{px(at):.1f}" y1="{py(ya):.1f}" x2="{px(at):.1f}" y2="{py(yb):.1f}" '
                         f'stroke="{RIVER}" stroke-width="9" stroke-linecap="round"/>')
            parts.append(f'<text x="{px(at) + 8:.1f}" y="{py(y1) - 6:.1f}" font-size="12" {FONT} fill="#2d5f8a" '
                         f'font-style="italic">{esc(name)} River</text>')
        else:
            if not y0 <= at <= y1:
                continue
            xa, xb = max(a, x0), min(b, x1)
            parts.append(f'<line x1="{px(xa):.1f}" y1="{py(at):.1f}" x2="{px(xb):.1f}" y2="{py(at):.1f}" '
                         f'stroke="{RIVER}" stroke-width="7" stroke-linecap="round"/>')
            parts.append(f'<text x="{px(xa):.1f}" y="{py(at) - 8:.1f}" font-size="12" {FONT} fill="#2d5f8a" '
                         f'font-style="italic">{esc(name)} River</text>')
    # links between positions (each once)
    seen: set[tuple[str, str]] = set()
    for p in ps:
        for q in p.adjacent:
            if q not in by_id or (q, p.id) in seen:
                continue
            seen.add((p.id, q))
            o = by_id[q]
            parts.append(f'<line x1="{px(p.x):.1f}" y1="{py(p.y):.1f}" x2="{px(o.x):.1f}" y2="{py(o.y):.1f}" '
                         'stroke="#8c8c8c" stroke-width="1.2" stroke-dasharray="4 3"/>')
    # places
    boxes: list[_Box] = []
    for p in ps:
        cx, cy = px(p.x), py(p.y)
        boxes.append(_Box(cx - 8, cy - 8, cx + 8, cy + 8))
    labels = []
    for p in sorted(ps, key=lambda p: (p.y, p.x)):
        cx, cy = px(p.x), py(p.y)
        color = JAPANESE if held[p.id] == "japanese" else CHINESE
        if p.id == sc.meta.headquarters:
            pts = " ".join(f"{cx + dx:.1f},{cy + dy:.1f}" for dx, dy in
                           ((0, -10), (3, -3), (10, -3), (4, 2), (6, 9), (0, 5), (-6, 9), (-4, 2), (-10, -3), (-3, -3)))
            parts.append(f'<polygon points="{pts}" fill="{color}" stroke="#000" stroke-width="1"/>')
        elif p.key:
            parts.append(f'<rect x="{cx - 6:.1f}" y="{cy - 6:.1f}" width="12" height="12" fill="{color}" '
                         'stroke="#000" stroke-width="1.5"/>')
        else:
            parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="6" fill="{color}" stroke="#fff" stroke-width="1.5"/>')
        lines = [short_name(p.name)] + ([p.name_zh] if p.name_zh else [])
        w = max(_text_width(t, 12) for t in lines) + 4
        h = 14 * len(lines)
        cands = [(cx + 10, cy - h / 2 + 10, "start"), (cx - 10, cy - h / 2 + 10, "end"),
                 (cx, cy - 10 - h + 12, "middle"), (cx, cy + 20, "middle"),
                 (cx + 9, cy - h, "start"), (cx + 9, cy + 14, "start"), (cx - 9, cy - h, "end"),
                 (cx - 9, cy + 14, "end")]
        best, best_cost = None, None
        for tx, ty, anchor in cands:
            left = tx if anchor == "start" else (tx - w if anchor == "end" else tx - w / 2)
            box = _Box(left, ty - 11, left + w, ty - 11 + h)
            cost = sum(box.hits(b) for b in boxes) + (1e6 if box.x0 < 0 or box.x1 > width else 0)
            if best_cost is None or cost < best_cost:
                best, best_cost = (tx, ty, anchor, box), cost
            if cost == 0:
                break
        assert best is not None
        tx, ty, anchor, box = best
        boxes.append(box)
        spans = "".join(f'<tspan x="{tx:.1f}" dy="{0 if i == 0 else 14}">{esc(t)}</tspan>' for i, t in enumerate(lines))
        labels.append(f'<text x="{tx:.1f}" y="{ty:.1f}" font-size="12" {FONT} text-anchor="{anchor}" fill="#1b1b1b" '
                      f'stroke="#fbf8f1" stroke-width="3" paint-order="stroke">{spans}</text>')
    parts += labels
    # compass
    parts.append(f'<text x="{width - 30}" y="40" font-size="16" {FONT} text-anchor="middle" '
                 'font-weight="bold">N</text>')
    parts.append(f'<polygon points="{width - 30},44 {width - 36},62 {width - 30},57 {width - 24},62" fill="#333"/>')
    # legend
    ly = height - legend_h + 8
    parts.append(f'<line x1="20" y1="{ly - 8}" x2="{width - 20}" y2="{ly - 8}" stroke="#c8c2b4"/>')
    items = [
        (f'<circle cx="30" cy="{ly + 8}" r="6" fill="{CHINESE}"/>', "held by the 10th Corps"),
        (f'<circle cx="30" cy="{ly + 30}" r="6" fill="{JAPANESE}"/>', "in Japanese hands"),
        (f'<rect x="24" y="{ly + 46}" width="12" height="12" fill="{CHINESE}" stroke="#000" stroke-width="1.5"/>',
         "a gate into the city: losing it shakes the garrison"),
        (f'<polygon points="30,{ly + 62} 33,{ly + 69} 40,{ly + 69} 34,{ly + 74} 36,{ly + 81} 30,{ly + 77} 24,{ly + 81} '
         f'26,{ly + 74} 20,{ly + 69} 27,{ly + 69}" fill="{CHINESE}" stroke="#000"/>', "the corps headquarters"),
    ]
    for i, (mark, text) in enumerate(items):
        parts.append(mark)
        parts.append(f'<text x="46" y="{ly + 12 + 22 * i}" font-size="13" {FONT}>{esc(text)}</text>')
    rx = width // 2 + 20
    parts.append(f'<line x1="{rx}" y1="{ly + 8}" x2="{rx + 24}" y2="{ly + 8}" stroke="{RIVER}" stroke-width="7"/>')
    parts.append(f'<text x="{rx + 32}" y="{ly + 12}" font-size="13" {FONT}>a river</text>')
    parts.append(f'<line x1="{rx}" y1="{ly + 30}" x2="{rx + 24}" y2="{ly + 30}" stroke="#8c8c8c" stroke-width="1.2" '
                 'stroke-dasharray="4 3"/>')
    parts.append(f'<text x="{rx + 32}" y="{ly + 34}" font-size="13" {FONT}>places linked: units move along '
                 "these</text>")
    parts.append(f'<text x="{rx}" y="{ly + 56}" font-size="12" {FONT} fill="#5a5a5a">North is up; the distances are '
                 "the game's, not to scale.</text>")
    parts.append(f'<text x="{rx}" y="{ly + 74}" font-size="12" {FONT} fill="#5a5a5a">Chinese characters are given '
                 "where our sources give them.</text>")
    parts.append("</svg>")
    return "\n".join(parts)
