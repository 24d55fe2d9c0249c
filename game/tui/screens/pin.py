"""The umpire's PIN, asked before the umpire screen opens (when the lesson has one)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input

from game.tui.text import Literal, lit


class PinScreen(ModalScreen[str | None]):
    """Type the PIN (not shown) and Enter; Escape gives up. Dismissed with what was typed, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str = "Umpire PIN:") -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small", id="pin-dialog"):
            yield Literal(lit(self.question, "bold"))
            yield Input(password=True, max_length=12, id="pin-input")
            yield Literal(lit("Enter: open the umpire screen   Esc: cancel", "dim"))

    def on_mount(self) -> None:
        box = self.query_one("#pin-input", Input)
        if self.app.is_headless:
            box.cursor_blink = False
        box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
