"""The title screen: new game, load game, quit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer

from game.tui.text import Literal, lit


class TitleScreen(Screen):
    """First screen."""

    BINDINGS = [Binding("n", "new", "New game"), Binding("l", "load", "Load"), Binding("q", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        app = self.app
        with Vertical(id="title-box"):
            yield Literal(lit("HENGYANG 1944", "bold"), id="title-name")
            yield Literal(lit(app.campaign.world.scenario.meta.title, "italic"))  # type: ignore[attr-defined]
            yield Literal(lit("A teaching wargame of the 47-day defence of Hengyang.", "dim"))
            yield Button(f"New game (seed {app.seed})", id="new", variant="primary")  # type: ignore[attr-defined]
            yield Button("Load game", id="load")
            yield Button("Quit", id="quit")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"new": self.action_new, "load": self.action_load, "quit": self.app.exit}[event.button.id or "quit"]()

    def action_new(self) -> None:
        self.app.start_game()  # type: ignore[attr-defined]

    def action_load(self) -> None:
        self.app.start_game(load=True)  # type: ignore[attr-defined]
