"""A question with a few answers, each on a key: "3 orders are queued for today: carry them out / drop them /
cancel". Escape is always the last answer (cancel)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen

from game.tui.text import Literal, lit


class ChoiceScreen(ModalScreen[str | None]):
    """Dismissed with the id of the answer picked, or None (Escape: cancel)."""

    def __init__(self, question: str, answers: list[tuple[str, str, str]], detail: str = "") -> None:
        """`answers`: (key, answer id, label), e.g. ("c", "carry", "carry them out")."""
        super().__init__()
        self.question, self.answers, self.detail = question, answers, detail
        self.keys = {key: aid for key, aid, _label in answers}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="choice-dialog"):
            yield Literal(lit(self.question, "bold"), id="choice-question")
            if self.detail:
                yield Literal(lit(self.detail), id="choice-detail")
            yield Literal(lit("   ".join(f"{k}: {label}" for k, _a, label in self.answers) + "   Esc: cancel",
                              "dim"), id="choice-keys")

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            event.stop()
            self.dismiss(None)
        elif event.key in self.keys:
            event.stop()
            self.dismiss(self.keys[event.key])
