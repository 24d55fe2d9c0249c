"""A yes/no question."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen

from game.tui.text import Literal, lit


class ConfirmScreen(ModalScreen[bool]):
    """Answer with y or n (Escape means no)."""

    BINDINGS = [Binding("y", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Literal(lit(self.question, "bold"))
            yield Literal(lit("y: yes    n: no", "dim"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
