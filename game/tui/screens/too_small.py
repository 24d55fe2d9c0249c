"""Shown instead of the game when the terminal is smaller than 80x24."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen

from game.tui.text import Literal

MIN_W, MIN_H = 80, 24


class TooSmallScreen(Screen):
    """Asks for a bigger terminal; the app removes it once the size is enough."""

    def compose(self) -> ComposeResult:
        yield Literal(id="too-small-msg")

    def on_mount(self) -> None:
        self.show(self.app.size.width, self.app.size.height)

    def show(self, w: int, h: int) -> None:
        """Update the message with the current size."""
        self.query_one("#too-small-msg", Literal).set_text(
            f"The terminal is {w}x{h}. Hengyang 1944 needs at least {MIN_W}x{MIN_H}: please enlarge the window.")
