"""Step through a finished (or saved) campaign day by day, for the debrief.

The mornings are rebuilt by the engine through the one replay path (`game.engine.umpire.replay_save`: the
orders and the umpire's actions, as `hengyang replay`, `report` and the game's Load replay a save), so the
replay ends where the game ended; this screen only shows them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header

from game.engine import umpire
from game.engine.campaign import Campaign
from game.rules.catalogue import describe
from game.rules.state import State
from game.rules.world import World
from game.tui.footer import Footer
from game.tui.text import Literal, lit
from game.tui.views import staff_text
from game.tui.widgets import MapView


def replay_mornings(sf: Any, world: World) -> tuple[Campaign, list[State]]:
    """The campaign of a save (a `game.engine.saves.SaveFile`) and its state on each morning, once that
    morning's umpire actions are applied; raises SaveError as any load does."""
    mornings: list[State] = []
    c = umpire.replay_save(sf, world, on_morning=lambda c: mornings.append(c.state))
    return c, mornings


class ReplayScreen(Screen):
    """Day by day: the map that morning, the orders given and what followed."""

    BINDINGS = [
        # priority: the map would otherwise take the arrow keys for moving its selection
        Binding("right,n,space", "step(1)", "Next day", priority=True),
        Binding("left,p", "step(-1)", "Previous day", priority=True),
        Binding("home", "jump(0)", "First day", show=False, priority=True),
        Binding("end", "jump(-1)", "Last day", show=False, priority=True),
        Binding("escape,q", "close", "Back"),
    ]

    def __init__(self, campaign: Campaign, mornings: list[State]) -> None:
        super().__init__()
        self.campaign = campaign
        self.states = mornings  # one per day of the log, and the morning after the last (see replay_mornings)
        self.index = 0

    def compose(self) -> ComposeResult:
        c = self.campaign
        yield Header(show_clock=False)
        with Horizontal(id="top"):
            yield MapView(c.world, self.states[0], id="replay-map")
            with VerticalScroll(id="side"):
                yield Literal(id="replay-staff")
        with VerticalScroll(id="replay-day"):
            yield Literal(id="replay-text")
        yield Footer()

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        """Draw the morning of the current day and what the staff did with it."""
        c, w = self.campaign, self.campaign.world
        s = self.states[self.index]
        m = self.query_one("#replay-map", MapView)
        m.set_state(s)
        m.refresh()
        self.query_one("#replay-staff", Literal).set_text(
            staff_text(w, s, [], self.app.current_theme.dark))
        t = Text()
        if self.index < len(c.log):
            # "day N" as the staff panel above (and the game) counts it; then where it is in the record
            date = w.date(s.day)
            t.append(f"Replay: day {s.day}, {date.day} {date:%B %Y} (record {self.index + 1}/{len(c.log)}) ",
                     "bold")
        elif s.ending is not None:  # after the last day: the campaign's end, dated by the day it ended
            date = w.date(s.ending_day if s.ending_day is not None else s.day - 1)
            t.append(f"Replay: the end, {date.day} {date:%B %Y} ", "bold")
        else:  # a game saved before its end: the next morning, not yet played
            date = w.date(s.day)
            t.append(f"Replay: {date.day} {date:%B %Y}, where the record ends ", "bold")
        t.append("(right/left: next/previous day, Esc: back)\n", "dim")
        if self.index < len(c.log):
            rec = c.log[self.index]
            t.append("Orders: ", "bold")
            t.append(lit("; ".join(describe(w, od) for od in rec.orders) or "none"))
            t.append("\n")
            for h in rec.happenings:
                t.append(lit(f"[{h.phase}] {h.text}\n"))
        else:
            ending = w.ending_by_id.get(s.ending or "")
            t.append(lit(ending.title if ending else "The end of the record.", "bold"))
        self.query_one("#replay-text", Literal).set_text(t)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_step(self, delta: int) -> None:
        self.index = max(0, min(len(self.states) - 1, self.index + delta))
        self.show()

    def action_jump(self, where: int) -> None:
        self.index = where % len(self.states)
        self.show()


class ReplayApp(App[None]):
    """The day-by-day replay on its own (`hengyang replay SAVE --step`)."""

    CSS_PATH = str(Path(__file__).resolve().parent.parent / "app.tcss")
    TITLE = "Hengyang 1944: replay"

    def __init__(self, campaign: Campaign, mornings: list[State]) -> None:
        super().__init__()
        self.campaign, self.mornings = campaign, mornings

    def on_mount(self) -> None:
        self.push_screen(ReplayScreen(self.campaign, self.mornings), callback=lambda _r: self.exit())


def run_replay(campaign: Campaign, mornings: list[State]) -> int:
    """Open the day-by-day replay of a campaign on its own (`hengyang replay SAVE --step`), given the mornings
    its replay went through."""
    ReplayApp(campaign, mornings).run()
    return 0
