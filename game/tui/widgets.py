"""Widgets of the main screen: the map and the staff panels. They only display; they never compute rules."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.suggester import Suggester
from textual.widget import Widget

from game.rules import orders as o
from game.rules.state import State
from game.rules.world import World
from game.tui.text import lit

#: Map symbols: the shape alone tells who holds a place; colour only repeats it.
SYMBOL = {"chinese": "■", "japanese": "×"}
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


class MapView(Widget, can_focus=True):
    """The city and its approaches, positions drawn at their scaled map coordinates."""

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

    def set_state(self, state: State) -> None:
        """Show a new state."""
        self.state = state
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

    def _scale(self, w: int, h: int) -> dict[str, tuple[int, int]]:
        cols, rows = max(w - 2, 1), max(h - 2, 1)
        return {pid: (1 + x * (cols - 1) // 99, y * (rows - 1) // 39) for pid, (x, y) in self.coords.items()}

    def on_click(self, event: events.Click) -> None:
        """Select the position nearest the click."""
        pts = self._scale(self.size.width, self.size.height)
        best = min(pts, key=lambda p: (pts[p][0] - event.x) ** 2 + (2 * (pts[p][1] - event.y)) ** 2)
        self.select(best)

    def render(self) -> Text:
        w, h = self.size.width, self.size.height
        if w < 10 or h < 4:
            return lit("(map)")
        map_h = h - 2
        grid: list[list[tuple[str, str]]] = [[(" ", "") for _ in range(w)] for _ in range(map_h)]
        rx = 1 + RIVER_X * (w - 3) // 99
        for r in range(map_h):
            grid[r][rx] = ("~" if r % 3 == 1 else "│", RIVER[_dark(self)])
        dark = _dark(self)
        styles = STYLE if dark else STYLE_LIGHT
        pts = self._scale(w, h)
        for pid in self.order:
            c, r = pts[pid]
            ctrl = self.state.positions[pid].controller
            style = styles.get(ctrl, "")
            grid[r][c] = (SYMBOL.get(ctrl, "?"), style)
        c, r = pts[self.selected]
        ctrl = self.state.positions[self.selected].controller
        grid[r][c] = (SYMBOL.get(ctrl, "?"), styles.get(ctrl, "") + " reverse")
        if c > 0:
            grid[r][c - 1] = ("▶", ACCENT[dark])
        out = Text(no_wrap=True, overflow="crop")
        for row in grid:
            for ch, st in row:
                out.append(ch, st)
            out.append("\n")
        name = self.world.places[self.selected].name
        who = "ours" if ctrl == "chinese" else "JAPANESE"
        out.append(lit(f"▶ {name} ({who})"[: w - 1], "bold"))
        out.append("\n")
        out.append(lit("■ ours  × Japanese  │~ Xiang  ↑↓ select"[: w - 1], "dim"))
        return out


def _n(x: float) -> str:
    return f"{int(x):,}"


def staff_text(world: World, s: State, queued: list[object], dark: bool = True) -> Text:
    """The staff summary: date, period, doctrine, men, stocks, staff time."""
    plan = world.plan(s.day)
    spent = sum(o.COST.get(getattr(od, "kind", ""), 1) for od in queued)
    t = Text()
    t.append(world.date(s.day).strftime("%d %B %Y"), "bold")
    t.append(f"  day {s.day}\n")
    t.append(lit(plan.period_name, "italic"))
    t.append("\n")
    t.append(f"Doctrine: {s.doctrine.replace('_', ' ')}\n")
    t.append(f"Men {_n(s.strength())}  Japanese {_n(sum(s.pools.values()))}\n")
    t.append(f"Wounded {_n(s.wounded)}  Sick {_n(s.sick)}\n")
    st = s.stocks
    t.append(f"MG {_n(st.get('mg_rounds', 0))}  Mortar {_n(st.get('mortar_shells', 0))}\n")
    t.append(f"Grenade {_n(st.get('grenades', 0))}  Med {_n(st.get('medicine', 0))}\n")
    t.append(f"Food {_n(st.get('food', 0))}  Radio {'up' if s.radio else 'DOWN'}\n")
    left = o.STAFF_TIME - spent
    t.append(f"Staff time {left}/{o.STAFF_TIME}", "bold" if left > 0 else "bold red")
    t.append(f", {len(queued)} queued")
    if s.pending:
        t.append(f"\n! Awaiting decision: {len(s.pending)}", ACCENT[dark])
    return t


def place_text(world: World, s: State, pid: str) -> Text:
    """Details of one position."""
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
        t.append(lit(f"{u}: {us.strength} men, morale {us.morale:.0f}\n"))
    if not here:
        t.append("No units here\n", "dim")
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
