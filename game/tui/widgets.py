"""Widgets of the main screen: the map and the console. They only display and post; they never compute rules."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Input

from game.rules.combat import exposed, garrison_strength
from game.rules.state import State
from game.rules.world import World
from game.tui.maplayout import RIVERS, Layout, layout
from game.tui.views import ACCENT, STYLE, SYMBOL

__all__ = ["RIVERS", "Console", "MapView", "WordSuggester"]  # RIVERS: the classroom's map draws the same ones

WEAK, EMPTY, FRONT = "▪", "□", "!"
#: A garrison of at least this many men is drawn "strong" (■), fewer "weak" (▪), none "empty" (□).
STRONG_MEN = 400
#: The map's colours for a light background (darker shades; meaning still carried by the symbols).
STYLE_LIGHT = {"chinese": "bold dark_green", "japanese": "bold red3"}
RIVER = {True: "blue", False: "blue3"}


def _dark(widget: Widget) -> bool:
    try:
        return bool(widget.app.current_theme.dark)
    except Exception:  # not mounted yet: the dark theme is the default
        return True


class MapView(Widget, can_focus=True):
    """The city and its approaches: positions at their scaled map coordinates, each with a label no other
    position shares, and the rivers.

    Where markers and labels go depends only on the scenario and the size (game.tui.maplayout), never on the
    state: labels do not move from one day to the next. The map is drawn line by line (`render_line`) from
    strips cached until the state, the selection, the size or the theme change.
    """

    BINDINGS = [
        Binding("left,up", "move(-1)", "Prev place", show=False),
        Binding("right,down", "move(1)", "Next place", show=False),
        Binding("k", "legend", "Map key", show=False),
    ]

    class Selected(Message):
        """The selected position changed."""

        def __init__(self, position: str) -> None:
            self.position = position
            super().__init__()

    class LegendRequested(Message):
        """The player asked for the key to the map's labels."""

    def __init__(self, world: World, state: State, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.world = world
        self.state = state
        self.order = self._order(world)
        self.selected = world.hq if world.hq in world.places else self.order[0]
        self._key: tuple[Any, ...] | None = None
        self._strips: list[Strip] = []
        self._layout: Layout | None = None
        self._sig: tuple[Any, ...] | None = None

    @staticmethod
    def _order(world: World) -> list[str]:
        return [p.id for p in sorted(world.scenario.positions, key=lambda p: (p.y, p.x))]

    def use(self, world: World, state: State) -> None:
        """Show another game (a new or loaded one, maybe in another scenario)."""
        if world is not self.world:
            self.world = world
            self.order = self._order(world)
            self._layout = None
            if self.selected not in world.places:
                self.selected = world.hq if world.hq in world.places else self.order[0]
        self._sig = None
        self.set_state(state)

    def set_state(self, state: State) -> None:
        """Show a new state (redrawn only if what the map shows has changed)."""
        self.state = state
        sig = self._signature()
        if sig != self._sig:
            self._sig = sig
            self.refresh()

    def select(self, pid: str) -> None:
        """Select a position by id."""
        if pid in self.world.places:
            self.selected = pid
            self.refresh()
            self.post_message(self.Selected(pid))

    def action_move(self, step: int) -> None:
        """Cycle the selection (top to bottom, left to right)."""
        i = self.order.index(self.selected) if self.selected in self.order else 0
        self.select(self.order[(i + step) % len(self.order)])

    def action_legend(self) -> None:
        self.post_message(self.LegendRequested())

    def layout_for(self, w: int, h: int) -> Layout:
        """Markers and labels at this size (computed once per size)."""
        if self._layout is None or (self._layout.width, self._layout.height) != (w, h):
            self._layout = layout(self.world, w, h)
        return self._layout

    def current_layout(self) -> Layout:
        return self.layout_for(max(self.size.width, 10), max(self.size.height - 2, 3))

    def legend(self) -> list[tuple[str, str]]:
        """(label, position id) of every position, as drawn now, in alphabetical order of labels."""
        lay = self.current_layout()
        return sorted(((sp.label, pid) for pid, sp in lay.spots.items()), key=lambda t: t[0].lower())

    # ---- what is shown

    def _signature(self) -> tuple[Any, ...]:
        """Everything the map shows of the state: controllers, garrison levels, the front."""
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

    def on_click(self, event: events.Click) -> None:
        """Select the position nearest the click."""
        spots = self.current_layout().spots.values()
        best = min(spots, key=lambda sp: (sp.col - event.x) ** 2 + (2 * (sp.row - event.y)) ** 2)
        self.select(best.pid)

    # ---- drawing

    def render_line(self, y: int) -> Strip:
        w, h = self.size.width, self.size.height
        dark = _dark(self)
        if self._sig is None:
            self._sig = self._signature()
        key = (w, h, dark, self.selected, self._sig, id(self.world))
        if key != self._key:
            self._strips = self._build(w, h, dark, self._sig)
            self._key = key
        return self._strips[y] if 0 <= y < len(self._strips) else Strip.blank(w)

    def _build(self, w: int, h: int, dark: bool, sig: tuple[Any, ...]) -> list[Strip]:
        if w < 10 or h < 5:
            return [Strip([Segment("(map)")])]
        marks, front = sig
        lay = self.layout_for(w, h - 2)
        map_h = lay.height
        styles = STYLE if dark else STYLE_LIGHT
        river_st = RIVER[dark]
        chars = [[" "] * w for _ in range(map_h)]
        sts = [[""] * w for _ in range(map_h)]
        for rc in lay.rivers:
            chars[rc.row][rc.col], sts[rc.row][rc.col] = rc.glyph, river_st
        mark_of = dict(zip(self.order, marks, strict=True))
        hq = self.world.hq
        for pid, sp in lay.spots.items():
            ctrl = self.state.positions[pid].controller
            st = styles.get(ctrl, "")
            if pid == self.selected:
                st += " reverse"
            chars[sp.row][sp.col], sts[sp.row][sp.col] = mark_of[pid], st
            if pid in front and sp.col + 1 < w:
                chars[sp.row][sp.col + 1], sts[sp.row][sp.col + 1] = FRONT, ACCENT[dark]
            lab_st = "bold" if pid in (hq, self.selected) else ""
            if pid == self.selected:
                lab_st += " reverse"
            for k, ch in enumerate(sp.label):
                c = sp.label_col + k
                if 0 <= c < w:
                    chars[sp.label_row][c], sts[sp.label_row][c] = ch, lab_st
        for name, c, r in lay.river_names:
            cells = range(c, c + len(name))
            if 0 <= r < map_h and cells.stop <= w and all(chars[r][k] == " " or sts[r][k] == river_st for k in cells):
                for k, ch in zip(cells, name, strict=True):
                    chars[r][k], sts[r][k] = ch, river_st + " italic"
        sel = lay.spots.get(self.selected)
        if sel is not None and sel.col > 0 and chars[sel.row][sel.col - 1] == " ":
            chars[sel.row][sel.col - 1], sts[sel.row][sel.col - 1] = "▶", ACCENT[dark]
        strips = [_strip(chars[r], sts[r]) for r in range(map_h)]
        ctrl = self.state.positions[self.selected].controller
        who = "ours" if ctrl == "chinese" else "JAPANESE"
        name = self.world.places[self.selected].name
        label = f"{sel.label}: " if sel is not None and sel.label and not name.startswith(sel.label) else ""
        info = f"▶ {label}{name} ({who}{', front' if self.selected in front else ''})"
        strips.append(Strip([Segment(info[: w - 1], _style("bold"))]))
        rivers = bool(lay.rivers)  # a map without rivers does not explain their glyph
        if w >= 80:
            legend = "■ ours ▪ weak □ empty × Japanese ! front" + (" │≈ rivers" if rivers else "")
            legend += "  k: key to the labels"
        else:
            legend = "■▪□ ours ×Jap !front" + (" │≈river" if rivers else "") + " k: labels"
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
    run: list[str] = []
    cur: str | None = None
    for ch, st in zip(chars, sts, strict=True):
        if st != cur and run:
            segs.append(Segment("".join(run), _style(cur or "")))
            run = []
        cur = st
        run.append(ch)
    if run:
        segs.append(Segment("".join(run), _style(cur or "")))
    return Strip(segs, len(chars))


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


class Console(Input):
    """The order console: an Input that completes the last word from the game's words."""

    def __init__(self, words: list[str], **kwargs: Any) -> None:
        # A line half typed stays as it is when the focus comes back (Input would select it all, and the next
        # letter would replace it: the screen hands a letter typed on the map over this way).
        kwargs.setdefault("select_on_focus", False)
        super().__init__(suggester=WordSuggester(words), **kwargs)

    def accept_suggestion(self) -> bool:
        """Take the completion on offer (tab), if there is one; True if the line changed."""
        before = self.value
        if self.cursor_at_end:
            self.action_cursor_right()
        return self.value != before
