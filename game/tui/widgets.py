"""Widgets of the main screen: the map and the staff panels. They only display; they never compute rules."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.suggester import Suggester
from textual.widget import Widget

from game.rules import orders as o
from game.rules.state import State
from game.rules.world import World
from game.tui.text import doctrine_label, lit

#: Map symbols: the shape alone tells who holds a place and how strongly; colour only repeats it.
SYMBOL = {"chinese": "■", "japanese": "×"}
WEAK, EMPTY, FRONT = "▪", "□", "!"
#: A garrison of at least this many men is drawn "strong" (■), fewer "weak" (▪), none "empty" (□).
STRONG_MEN = 400
STYLE = {"chinese": "bold green", "japanese": "bold red"}
#: The same roles for a light background (darker shades; meaning still carried by the symbols).
STYLE_LIGHT = {"chinese": "bold dark_green", "japanese": "bold red3"}
#: Other map and panel styles, per theme: dark, light.
ACCENT = {True: "bold yellow", False: "bold dark_orange3"}
RIVER = {True: "blue", False: "blue3"}


def _dark(widget: Widget) -> bool:
    try:
        return bool(widget.app.current_theme.dark)
    except Exception:  # not mounted yet
        return True


RIVER_X = 62  # the Xiang, in scenario map columns (between the riverfront and the east bank)
#: Rivers drawn for a scenario (by scenario id), in scenario map coordinates (x 0-99, y 0-39):
#: (name, "v" vertical at x or "h" horizontal at y, the fixed coordinate, from, to).
RIVERS: dict[str, list[tuple[str, str, int, int, int]]] = {
    "hengyang1944": [
        ("Zheng", "h", 3, 20, RIVER_X),  # the Zheng, north of the city, flowing east into the Xiang
        ("Xiang", "v", RIVER_X, 0, 39),  # the Xiang, between the city and the east bank
        ("Lei", "v", 90, 0, 39),  # the Lei, on the east bank
    ],
}
RIVER_GLYPH = {"h": "≈", "v": "│"}


def short_name(name: str, width: int) -> str:
    """A map label of at most `width` characters: the name without its bracketed note, shortened if needed."""
    base = name.split("(")[0].strip() or name
    if len(base) <= width:
        return base
    words = base.replace("Mt. ", "").replace("Height ", "H").split()
    # drop generic words first (Heights, Hill, Temple, Gate...), keep the proper name
    generic = {"heights", "hill", "temple", "gate", "street", "avenue", "hall", "well", "station", "hospital",
               "river", "crossing", "bridge", "church", "end", "fields", "flooded"}
    core = [w for w in words if w.lower() not in generic] or words
    out = " ".join(core)
    if len(out) <= width:
        return out
    return core[0][:width] if core else base[:width]


class MapView(Widget, can_focus=True):
    """The city and its approaches: positions at their scaled map coordinates, with labels and rivers.

    The map is drawn line by line (`render_line`) from strips cached until the state, the selection, the
    size or the theme change, so ending a day redraws it cheaply.
    """

    BINDINGS = [
        Binding("left,up", "move(-1)", "Prev place", show=False),
        Binding("right,down", "move(1)", "Next place", show=False),
    ]

    class Selected(Message):
        """The selected position changed."""

        def __init__(self, position: str) -> None:
            self.position = position
            super().__init__()

    def __init__(self, world: World, state: State, **kwargs) -> None:
        super().__init__(**kwargs)
        self.world = world
        self.state = state
        self.order = [p.id for p in sorted(world.scenario.positions, key=lambda p: (p.y, p.x))]
        self.coords = {p.id: (p.x, p.y) for p in world.scenario.positions}
        self.selected = world.hq if world.hq in self.coords else self.order[0]
        self._key: tuple | None = None
        self._strips: list[Strip] = []
        self._cells: dict[str, tuple[int, int]] = {}
        self._sig: tuple | None = None

    def set_state(self, state: State) -> None:
        """Show a new state (redrawn only if what the map shows has changed)."""
        self.state = state
        sig = self._signature()
        if sig != self._sig:
            self._sig = sig
            self.refresh()

    def select(self, pid: str) -> None:
        """Select a position by id."""
        if pid in self.coords:
            self.selected = pid
            self.refresh()
            self.post_message(self.Selected(pid))

    def action_move(self, step: int) -> None:
        """Cycle the selection (top to bottom, left to right)."""
        i = self.order.index(self.selected)
        self.select(self.order[(i + step) % len(self.order)])

    # ---- what is shown

    def _rivers(self) -> list[tuple[str, str, int, int, int]]:
        return RIVERS.get(self.world.scenario.meta.id, [])

    def _signature(self) -> tuple:
        """Everything the map shows of the state: controllers, garrison levels, the front."""
        from game.rules.combat import exposed, garrison_strength

        s = self.state
        front = frozenset(p for ps in exposed(self.world, s).values() for p in ps)
        marks = []
        for pid in self.order:
            ctrl = s.positions[pid].controller
            if ctrl != "chinese":
                marks.append(SYMBOL.get(ctrl, "?"))
                continue
            men = garrison_strength(s, pid)
            marks.append(SYMBOL["chinese"] if men >= STRONG_MEN else WEAK if men > 0 else EMPTY)
        return tuple(marks), front

    def _bounds(self) -> tuple[int, int, int, int]:
        xs = [x for x, _ in self.coords.values()]
        ys = [y for _, y in self.coords.values()]
        for _n, kind, at, _a, _b in self._rivers():
            if kind == "h":
                ys.append(at)
            else:
                xs.append(at)
        x0, x1 = max(min(xs) - 4, 0), min(max(xs) + 6, 99)
        y0, y1 = max(min(ys) - 1, 0), min(max(ys) + 1, 39)
        return x0, x1, y0, y1

    def _scale(self, w: int, h: int) -> dict[str, tuple[int, int]]:
        """Cell (column, row) of each position, nudged so that no two share a cell."""
        cols, rows = max(w - 2, 2), max(h - 2, 2)
        x0, x1, y0, y1 = self._bounds()

        split = RIVER_X if any(n == "Xiang" for n, *_ in self._rivers()) and x0 < RIVER_X < x1 else None

        def cx(x: int) -> int:
            if split is None:
                return 1 + round((x - x0) * (cols - 2) / max(x1 - x0, 1))
            # the city bank, where most places are, gets two thirds of the width; the east bank the rest
            mid = round((cols - 2) * 0.66)
            if x <= split:
                return 1 + round((x - x0) * mid / max(split - x0, 1))
            return 1 + mid + round((x - split) * (cols - 2 - mid) / max(x1 - split, 1))

        def cy(y: int) -> int:
            return round((y - y0) * (rows - 1) / max(y1 - y0, 1))

        self._cx, self._cy = cx, cy
        taken: set[tuple[int, int]] = set()
        out: dict[str, tuple[int, int]] = {}
        for pid in self.order:
            x, y = self.coords[pid]
            c, r = cx(x), cy(y)
            for dc, dr in ((0, 0), (0, 1), (0, -1), (2, 0), (-2, 0), (2, 1), (-2, -1), (0, 2), (3, 0), (-3, 0)):
                cc, rr = min(max(c + dc, 1), cols - 1), min(max(r + dr, 0), rows - 1)
                if all((cc + k, rr) not in taken for k in (-1, 0, 1)):
                    c, r = cc, rr
                    break
            taken.add((c, r))
            out[pid] = (c, r)
        return out

    def on_click(self, event: events.Click) -> None:
        """Select the position nearest the click."""
        pts = self._cells or self._scale(self.size.width, self.size.height)
        best = min(pts, key=lambda p: (pts[p][0] - event.x) ** 2 + (2 * (pts[p][1] - event.y)) ** 2)
        self.select(best)

    # ---- drawing

    def render_line(self, y: int) -> Strip:
        w, h = self.size.width, self.size.height
        dark = _dark(self)
        if self._sig is None:
            self._sig = self._signature()
        key = (w, h, dark, self.selected, self._sig)
        if key != self._key:
            self._strips = self._build(w, h, dark, self._sig)
            self._key = key
        return self._strips[y] if 0 <= y < len(self._strips) else Strip.blank(w)

    def _build(self, w: int, h: int, dark: bool, sig: tuple) -> list[Strip]:
        if w < 10 or h < 4:
            return [Strip([Segment("(map)")])]
        marks, front = sig
        map_h = h - 2
        styles = STYLE if dark else STYLE_LIGHT
        river_st = RIVER[dark]
        chars = [[" "] * w for _ in range(map_h)]
        sts = [[""] * w for _ in range(map_h)]
        block = [[False] * w for _ in range(map_h)]  # cells a label must not cover
        pts = self._scale(w, h)
        self._cells = pts
        cx, cy = self._cx, self._cy
        # rivers, then their names
        names: list[tuple[str, int, int]] = []
        for name, kind, at, a, b in self._rivers():
            if kind == "v":
                c = cx(at)
                if not 0 <= c < w:
                    continue
                for r in range(max(cy(a), 0), min(cy(b), map_h - 1) + 1):
                    chars[r][c], sts[r][c], block[r][c] = RIVER_GLYPH["v"], river_st, True
                names.append((name, c + 1, map_h - 1 if name == "Xiang" else 0))
            else:
                r = cy(at)
                if not 0 <= r < map_h:
                    continue
                for c in range(max(cx(a), 0), min(cx(b), w - 1)):
                    chars[r][c], sts[r][c], block[r][c] = RIVER_GLYPH["h"], river_st, True
                names.append((name, max(cx(a), 0) + 1, r))
        # markers (and the front flag right after them)
        for i, pid in enumerate(self.order):
            c, r = pts[pid]
            ctrl = self.state.positions[pid].controller
            st = styles.get(ctrl, "")
            if pid == self.selected:
                st += " reverse"
            chars[r][c], sts[r][c] = marks[i], st
            block[r][c] = True
            if c + 1 < w:
                block[r][c + 1] = True
                if pid in front:
                    chars[r][c + 1], sts[r][c + 1] = FRONT, ACCENT[dark]
            if c > 0:
                block[r][c - 1] = True
        # labels: the headquarters first, then gates and the front, then the rest, each as long as room allows
        longest = 14 if w >= 70 else 6
        hq = self.world.hq

        def rank(pid: str) -> tuple[int, int]:
            p = self.world.places[pid]
            return (0 if pid == hq else 1 if p.key else 2 if pid in front else 3, self.order.index(pid))

        for pid in sorted(self.order, key=rank):
            c, r = pts[pid]
            want = len("HQ " + short_name(self.world.places[pid].name, longest)) if pid == hq else len(
                short_name(self.world.places[pid].name, longest))

            def free(r: int, start: int, step: int, want: int = want) -> int:
                n = 0
                while (0 <= r < map_h and 0 <= start + step * n < w - 1 and n < want + 1
                       and not block[r][start + step * n]):
                    n += 1
                return n - 1  # keep a space before whatever follows

            right = free(r, c + 2, 1)
            left = free(r, c - 2, -1)
            below = free(r + 1, c - 1, 1) if r + 1 < map_h and c >= 2 and not block[r + 1][c - 2] else -1
            room, start, r0, side = right, c + 2, r, "right"
            if right < want and left > right and left >= below:
                room, side = left, "left"
            elif right < want and below > right:
                room, start, r0, side = below, c - 1, r + 1, "below"
            if pid == hq:
                text = "HQ" if room < 6 else "HQ " + short_name(self.world.places[pid].name, room - 3)
            else:
                text = short_name(self.world.places[pid].name, room) if room >= 3 else ""
            if pid == hq and room < 2:
                text = ""
            text = text[:max(room, 0)]
            lab_st = "bold" if pid == hq or pid == self.selected else ""
            if pid == self.selected:
                lab_st += " reverse"
            if side == "left":  # on the left: end next to the marker
                start = c - 1 - len(text)
            r = r0
            for k, ch in enumerate(text):
                chars[r][start + k], sts[r][start + k] = ch, lab_st
                block[r][start + k] = True
            if text and start + len(text) < w:
                block[r][start + len(text)] = True
            if text and start > 0:
                block[r][start - 1] = True
        for name, c, r in names:
            if 0 <= r < map_h and c + len(name) < w and not any(block[r][c + k] for k in range(-1, len(name) + 1)
                                                              if c + k < w and sts[r][c + k] != river_st):
                for k, ch in enumerate(name):
                    chars[r][c + k], sts[r][c + k] = ch, river_st + " italic"
        c, r = pts[self.selected]
        if c > 0:
            chars[r][c - 1], sts[r][c - 1] = "▶", ACCENT[dark]
        strips = [_strip(chars[r], sts[r]) for r in range(map_h)]
        sel = self.selected
        ctrl = self.state.positions[sel].controller
        who = "ours" if ctrl == "chinese" else "JAPANESE"
        info = f"▶ {self.world.places[sel].name} ({who}{', front' if sel in front else ''})"
        strips.append(Strip([Segment(info[: w - 1], _style("bold"))]))
        rivers = bool(self._rivers())  # a map without rivers does not explain their glyph
        if w >= 80:
            legend = "■ ours ▪ weak □ empty × Japanese ! front HQ headquarters" + (" │≈ rivers" if rivers else "")
            legend += " ↑↓ select"
        else:
            legend = "■▪□ ours strong/weak/empty ×Jap !front" + (" │≈river" if rivers else "")
        strips.append(Strip([Segment(legend[: w - 1], _style("dim"))]))
        return strips


_STYLES: dict[str, Style] = {}


def _style(st: str) -> Style:
    got = _STYLES.get(st)
    if got is None:
        got = _STYLES[st] = Style.parse(st) if st.strip() else Style()
    return got


def _strip(chars: list[str], sts: list[str]) -> Strip:
    """One map row as a strip: runs of one style become one segment."""
    segs: list[Segment] = []
    run, cur = [], None
    for ch, st in zip(chars, sts, strict=True):
        if st != cur and run:
            segs.append(Segment("".join(run), _style(cur or "")))
            run = []
        cur = st
        run.append(ch)
    if run:
        segs.append(Segment("".join(run), _style(cur or "")))
    return Strip(segs, len(chars))


def _n(x: float) -> str:
    return f"{int(x):,}"


def staff_text(world: World, s: State, queued: list[object], dark: bool = True, staff_time: bool = True) -> Text:
    """The staff summary: date, period, doctrine, men, stocks, and (while playing) staff time."""
    plan = world.plan(s.day)
    spent = sum(o.COST.get(getattr(od, "kind", ""), 1) for od in queued)
    t = Text()
    t.append(world.date(s.day).strftime("%d %B %Y"), "bold")
    t.append(f"  day {s.day}\n")
    t.append(lit(plan.period_name, "italic"))
    t.append("\n")
    t.append(f"Doctrine: {doctrine_label(s.doctrine)}\n")
    t.append(f"Men {_n(s.strength())}  Japanese {_n(sum(s.pools.values()))}\n")
    t.append(f"Wounded {_n(s.wounded)}  Sick {_n(s.sick)}\n")
    st = s.stocks
    t.append(f"MG {_n(st.get('mg_rounds', 0))}  Mortar {_n(st.get('mortar_shells', 0))}\n")
    t.append(f"Grenade {_n(st.get('grenades', 0))}  Med {_n(st.get('medicine', 0))}\n")
    t.append(f"Food {_n(st.get('food', 0))}  Radio {'up' if s.radio else 'DOWN'}\n")
    if not staff_time:  # a replay: there is no day to plan
        t.rstrip()
        return t
    left = o.STAFF_TIME - spent
    t.append(f"Staff time {left}/{o.STAFF_TIME}", "bold" if left > 0 else "bold red")
    t.append(f", {len(queued)} queued")
    answered = {od.event for od in queued if isinstance(od, o.Choose)}
    waiting = [e for e in s.pending if e not in answered]
    if waiting:
        t.append(f"\n! Awaiting decision: {len(waiting)}", ACCENT[dark])
    return t


def place_text(world: World, s: State, pid: str, exact: bool = False) -> Text:
    """Details of one position: the daily returns (rounded), or true figures once visited today."""
    from game.rules.reports import fatigue_word, morale_word, rough

    p = world.places[pid]
    sp = next(x for x in world.scenario.positions if x.id == pid)
    ps = s.positions[pid]
    t = Text()
    t.append(lit(p.name, "bold"))
    if sp.name_zh:
        t.append(" ")
        t.append(lit(sp.name_zh))
    t.append("\n")
    who = "Chinese held" if ps.controller == "chinese" else "JAPANESE held"
    t.append(f"{SYMBOL.get(ps.controller, '?')} {who}\n", STYLE.get(ps.controller, ""))
    t.append(lit(f"{p.terrain}, {p.line} line, {p.sector} sector{', gate' if p.key else ''}\n"))
    t.append(f"Works {ps.works:.1f}/{p.max_works}\n")
    here = [u for u, us in s.units.items() if us.position == pid and us.strength > 0]
    for u in here:
        us = s.units[u]
        if exact:
            t.append(lit(f"{u}: {us.strength} men, morale {us.morale:.0f}, fatigue {us.fatigue:.0f}\n"))
        else:
            t.append(lit(f"{u}: {rough(us.strength)} men, {morale_word(us.morale)}, {fatigue_word(us.fatigue)}\n"))
    if not here:
        t.append("No units here\n", "dim")
    elif not exact:
        t.append("Returns, rounded: 'go to' it for true figures\n", "dim")
    t.append(lit("id: " + pid, "dim"))
    return t


class WordSuggester(Suggester):
    """Completes the last word of the console line from a list of words (ids, verbs, doctrines)."""

    def __init__(self, words: list[str]) -> None:
        super().__init__(use_cache=True, case_sensitive=False)
        self.words = sorted(set(words))

    async def get_suggestion(self, value: str) -> str | None:
        if not value or value.endswith(" "):
            return None
        head, _, last = value.rpartition(" ")
        for word in self.words:
            if word.startswith(last) and word != last:
                return (head + " " if head else "") + word
        return None
