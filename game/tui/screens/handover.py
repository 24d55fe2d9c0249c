"""Hot-seat handover: a blank screen that hides the previous role's view until the next player is ready."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen

from game.tui.text import Literal, lit


class HandoverScreen(Screen[None]):
    """'Chief of Staff Sun Mingyu — your decisions. Pass the keyboard. Press Enter when ready.'"""

    BINDINGS = [Binding("enter", "ready", "Ready", priority=True)]

    def __init__(self, name: str, on_ready: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.seat_name = name
        self.on_ready = on_ready

    @property
    def message(self) -> str:
        return f"{self.seat_name} — your decisions."

    def compose(self) -> ComposeResult:
        with Vertical(id="handover-box"):
            yield Literal(lit(self.message, "bold"), id="handover-name")
            yield Literal(lit("Pass the keyboard. Press Enter when ready.", "dim"), id="handover-hint")

    def action_ready(self) -> None:
        if self.on_ready is not None:
            self.on_ready()
        self.dismiss(None)
