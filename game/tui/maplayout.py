"""Where each position's marker and label go on the map, for one map size: computed once from the scenario,
never from the state, so that no label moves from one day to the next.

Every position gets a label that no other position shares: its short name when there is room (120x40), an
abbreviation of it otherwise (80x24), always in full (never cut) and never over another label, marker or river.
A marker is followed by one cell kept for the front flag (`!`), whether the position is at the front or not,
so the labels stay put when the front moves. The legend lists every label with its position's full name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

from game.rules.world import World

#: Words dropped from a name to shorten it (the proper name is kept).
GENERIC = {"heights", "hill", "temple", "gate", "street", "avenue", "hall", "well", "station", "hospital",
           "river", "crossing", "bridge", "church", "end", "fields", "flooded", "mt.", "mt", "the", "of"}
#: Rivers drawn for a scenario (by scenario id), in scenario map coordinates (x 0-99, y 0-39):
#: (name, "v" vertical at x or "h" horizontal at y, the fixed coordinate, from, to).
RIVER_X = 62  # the Xiang, between the riverfront and the east bank
RIVERS: dict[str, list[tuple[str, str, int, int, int]]] = {
    "hengyang1944": [
        ("Zheng", "h", 3, 20, RIVER_X),  # the Zheng, north of the city, flowing east into the Xiang
        ("Xiang", "v", RIVER_X, 0, 39),  # the Xiang, between the city and the east bank
        ("Lei", "v", 90, 0, 39),  # the Lei, on the east bank
    ],
}


@dataclass(frozen=True, slots=True)
class Spot:
    """One position on the map: its marker cell, and its label (text and first cell)."""

    pid: str
    col: int
    row: int
    label: str
    label_col: int
    label_row: int


@dataclass(frozen=True, slots=True)
class RiverCell:
    col: int
    row: int
    glyph: str


@dataclass(frozen=True, slots=True)
class Layout:
    """The map drawn at one size: spots, river cells and river names."""

    width: int
    height: int  # rows of map (the info and legend lines come below)
    spots: dict[str, Spot]
    rivers: tuple[RiverCell, ...]
    river_names: tuple[tuple[str, int, int], ...]

    def labels(self) -> dict[str, str]:
        return {pid: sp.label for pid, sp in self.spots.items()}


def _base(name: str) -> str:
    return name.split("(")[0].strip() or name


def short_name(name: str, width: int) -> str:
    """A name of at most `width` characters: without its bracketed note, then without generic words."""
    base = _base(name)
    if len(base) <= width:
        return base
    words = base.replace("Height ", "H").split()
    core = [w for w in words if w.lower() not in GENERIC] or words
    out = " ".join(core)
    if len(out) <= width:
        return out
    return core[0][:width] if core else base[:width]


def _core_words(name: str) -> list[str]:
    base = _base(name)
    words = re.findall(r"[0-9.]+|[^\W\d_]+", base)
    core = [w for w in words if w.lower() not in GENERIC]
    return core or words


def abbreviations(name: str, width: int) -> list[str]:
    """Labels for a name, best first, none longer than `width`: the short name, then abbreviations."""
    out: list[str] = []

    def add(s: str) -> None:
        s = s.strip()
        if s and len(s) <= width and s not in out:
            out.append(s)

    add(_base(name))
    add(short_name(name, width))
    core = _core_words(name)
    base_words = re.findall(r"[0-9.]+|[^\W\d_]+", _base(name))
    if base_words and base_words[0].lower() == "height" and core and core[0][0].isdigit():
        add("H" + core[0].rstrip("."))  # Height 221 -> H221
    add(" ".join(core))
    for w in core:  # one telling word: Hengyang airfield -> Airfield
        add(w[:1].upper() + w[1:])
    if core:
        first = core[0]
        for n in range(width, 1, -1):
            add(first[:n])
        if len(core) > 1:  # two words: North Wugui -> NWugu, Hengyang airfield -> HAirf
            for n in range(width - 1, 1, -1):
                add(core[0][:1] + core[1][:n].capitalize())
            for n in range(width - 1, 1, -1):
                add(core[0][:n] + core[1][:1].upper())
        generic = [w for w in base_words if w.lower() in GENERIC and w.lower() not in ("mt", "mt.", "the", "of")]
        if generic:  # Hengyang station -> HeSt
            for n in range(width - 2, 0, -1):
                add(first[:n] + generic[0][:2].capitalize())
    return out


_CODE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def unique_labels(names: Mapping[str, str], width: int, order: Sequence[str] | None = None) -> dict[str, str]:
    """A label for every id (id -> name), none shared by two (whatever the case), each at most `width` long (at
    least 2). Ties go the same way every time: in `order` (default: by id)."""
    width = max(width, 2)
    options = {pid: abbreviations(name, width) for pid, name in names.items()}
    # A label several names would choose is given to none of them first: each looks further down its list.
    counts: dict[str, int] = {}
    for opts in options.values():
        for o in opts:
            counts[o.lower()] = counts.get(o.lower(), 0) + 1
    taken: set[str] = set()
    out: dict[str, str] = {}
    for pid in order if order is not None else sorted(names):
        opts = options[pid] or [pid[:width]]
        pick = next((o for o in opts if counts.get(o.lower(), 0) <= 1 and o.lower() not in taken), None)
        if pick is None:
            pick = next((o for o in opts if o.lower() not in taken), None)
        if pick is None:  # every abbreviation taken: number the first, else any free two-character code
            numbered = (f"{opts[0][: width - len(str(n))]}{n}" for n in range(2, min(10 ** (width - 1), 1000)))
            codes = (a + b for a in _CODE_CHARS for b in _CODE_CHARS)
            pick = next(c for c in chain(numbered, codes) if len(c) <= width and c.lower() not in taken)
        taken.add(pick.lower())
        out[pid] = pick
    return out


def label_width(cols: int) -> int:
    """How long labels may be on a map this wide."""
    if cols >= 80:
        return 16
    if cols >= 60:
        return 8
    return 4


def layout(world: World, width: int, height: int) -> Layout:
    """The map at `width` x `height` cells (the two lines below the map not included)."""
    cols, rows = max(width, 10), max(height, 3)
    coords = {p.id: (p.x, p.y) for p in world.scenario.positions}
    rivers_def = RIVERS.get(world.scenario_id, [])
    xs = [x for x, _ in coords.values()]
    ys = [y for _, y in coords.values()]
    for _n, kind, at, _a, _b in rivers_def:
        (ys if kind == "h" else xs).append(at)
    x0, x1 = max(min(xs) - 4, 0), min(max(xs) + 6, 99)
    y0, y1 = max(min(ys) - 1, 0), min(max(ys) + 1, 39)
    split = RIVER_X if any(n == "Xiang" for n, *_ in rivers_def) and x0 < RIVER_X < x1 else None

    def cx(x: int) -> int:
        span = cols - 4
        if split is None:
            return 1 + round((x - x0) * span / max(x1 - x0, 1))
        # the city bank, where most places are, gets two thirds of the width; the east bank the rest
        mid = round(span * 0.66)
        if x <= split:
            return 1 + round((x - x0) * mid / max(split - x0, 1))
        return 1 + mid + round((x - split) * (span - mid) / max(x1 - split, 1))

    def cy(y: int) -> int:
        return round((y - y0) * (rows - 1) / max(y1 - y0, 1))

    # Each cell is empty, padding (a blank that must stay blank; two labels may share it), a river, or solid (a
    # marker, its flag cell, a label). Padding may lie on padding or a river; solid only on an empty cell.
    EMPTY, PAD, RIVER, SOLID = 0, 1, 2, 3  # noqa: N806 - local constants
    grid = [[EMPTY] * cols for _ in range(rows)]
    river_cells: list[RiverCell] = []
    river_names: list[tuple[str, int, int]] = []
    for name, kind, at, a, b in rivers_def:
        if kind == "v":
            c = cx(at)
            if 0 <= c < cols:
                for r in range(max(cy(a), 0), min(cy(b), rows - 1) + 1):
                    river_cells.append(RiverCell(c, r, "│"))
                    grid[r][c] = RIVER
                river_names.append((name, c + 1, rows - 1 if name == "Xiang" else 0))
        else:
            r = cy(at)
            if 0 <= r < rows:
                for c in range(max(cx(a), 0), min(cx(b), cols - 1)):
                    river_cells.append(RiverCell(c, r, "≈"))
                    grid[r][c] = RIVER
                river_names.append((name, max(cx(a), 0) + 1, r))

    names = {pid: pl.name for pid, pl in world.places.items()}
    labels = unique_labels(names, label_width(cols), sorted(names, key=lambda p: (world.places[p].depth, p)))
    # Place the most important first (headquarters, gates, then by depth), each as near its true place as it fits.
    hq = world.hq
    order = sorted(coords, key=lambda p: (p != hq, not world.places[p].key, -world.places[p].depth, coords[p][1],
                                          coords[p][0], p))
    spots: dict[str, Spot] = {}
    # The vertical rivers cut the map into banks: a position's marker and label stay on its own bank.
    cuts = [(cx(at), at) for _n, kind, at, _a, _b in sorted(rivers_def, key=lambda d: d[2]) if kind == "v"]

    def bank(x: int) -> tuple[int, int]:
        lo, hi = 0, cols
        for c, at in cuts:
            if x <= at:
                hi = min(hi, c)
                break
            lo = c + 1
        return lo, hi

    def fits(r: int, solid: range, pads: tuple[int, ...], lo: int, hi: int) -> bool:
        if not 0 <= r < rows or solid.start < lo or solid.stop > hi:
            return False
        if any(grid[r][c] != EMPTY for c in solid):
            return False
        return all(grid[r][c] != SOLID for c in pads if 0 <= c < cols)

    def take(r: int, solid: range, pads: tuple[int, ...]) -> None:
        for c in solid:
            grid[r][c] = SOLID
        for c in pads:
            if 0 <= c < cols and grid[r][c] == EMPTY:
                grid[r][c] = PAD

    def shapes(mc: int, n: int) -> list[tuple[range, tuple[int, ...], int]]:
        """(solid cells, padding, label column): "■!Label" then "Label ■!"."""
        return [(range(mc, mc + 2 + n), (mc - 1, mc + 2 + n), mc + 2),
                (range(mc - n - 1, mc + 2), (mc - n - 2, mc + 2), mc - n - 1)]

    near = sorted({(dc, dr) for dc in range(-10, 11) for dr in range(-3, 4)},
                  key=lambda t: (abs(t[0]) + 3 * abs(t[1]), abs(t[1]), t[1], t[0]))
    for pid in order:
        x, y = coords[pid]
        c, r = cx(x), cy(y)
        lo, hi = bank(x)
        text = labels[pid]
        n = len(text)
        placed: tuple[int, int, str, int] | None = None
        tries = [(c + dc, r + dr) for dc, dr in near]
        # no room near its true place: the nearest room on its bank
        tries += sorted(((mc, mr) for mr in range(rows) for mc in range(lo, hi)),
                        key=lambda t: (abs(t[0] - c) + 3 * abs(t[1] - r), t[1], t[0]))
        for mc, mr in tries:
            for solid, pads, lc in shapes(mc, n):
                if fits(mr, solid, pads, lo, hi):
                    take(mr, solid, pads)
                    placed = (mc, mr, text, lc)
                    break
            if placed is not None:
                break
        if placed is None:  # a map too small for every label (below 80x24): the marker alone
            placed = (min(max(c, 0), cols - 3), min(max(r, 0), rows - 1), "", 0)
        mc, mr, text, lc = placed
        spots[pid] = Spot(pid, mc, mr, text, lc, mr)
    return Layout(cols, rows, spots, tuple(river_cells), tuple(river_names))
