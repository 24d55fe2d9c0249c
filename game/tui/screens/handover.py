"""Hot-seat handover: a blank screen that hides the previous seat's view until the next player is ready. It
says whose turn it is, the date, which seat of how many, and the turn's time if the lesson has a timer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen

from game.tui.text import Literal, lit


class HandoverScreen(Screen[None]):
    """'Chief of Staff Sun Mingyu — your decisions. 5 August 1944, seat 1 of 4. Pass the keyboard. Press Enter
    when ready.'"""

    BINDINGS = [Binding("enter", "ready", "Ready", priority=True)]

    def __init__(self, name: str, date: str = "", seat: int = 1, seats: int = 1, minutes: int = 0) -> None:
        super().__init__()
        self.seat_name, self.date, self.seat, self.seats, self.minutes = name, date, seat, seats, minutes

    @property
    def message(self) -> str:
        return f"{self.seat_name} — your decisions."

    @property
    def where(self) -> str:
        """'5 August 1944, seat 2 of 4; 5 minutes for your turn'."""
        bits = [b for b in (self.date, f"seat {self.seat} of {self.seats}") if b]
        text = ", ".join(bits)
        if self.minutes:
            text += f"; {self.minutes} minute{'s' if self.minutes != 1 else ''} for your turn"
        return text

    def compose(self) -> ComposeResult:
        with Vertical(id="handover-box"):
            yield Literal(lit(self.message, "bold"), id="handover-name")
            yield Literal(lit(self.where), id="handover-where")
            yield Literal(lit("Pass the keyboard. Press Enter when ready.", "dim"), id="handover-hint")

    def action_ready(self) -> None:
        self.dismiss(None)
