"""The situation briefing a seat reads when a lesson starts: the lesson's days, the morning as its roles see it,
its objectives and what has happened so far (`game.classroom.briefing`)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen

from game.classroom.briefing import Briefing
from game.tui.text import Literal, lit


def briefing_text(b: Briefing) -> Text:
    t = Text()
    t.append(lit(b.lesson, "bold"))
    t.append("\n")
    if b.description:
        t.append(lit(b.description, "italic"))
        t.append("\n")
    t.append("\nThe situation, as you see it\n", "bold underline")
    for head, body in b.situation:
        t.append(lit(head + " ", "bold"))
        t.append(lit(body))
        t.append("\n")
    if b.played_before:
        t.append(lit("The days before the lesson were played as history went (the 1944 staff's orders and "
                     "choices); the game's figures can differ from 1944's.", "dim"))
        t.append("\n")
    _bullets(t, "Your objectives", b.objectives)
    _bullets(t, "What has happened so far", b.story)
    t.rstrip()
    return t


def _bullets(t: Text, title: str, items: Sequence[str]) -> None:
    """A headed list (nothing when there is nothing to list); the items are text, never markup."""
    if not items:
        return
    t.append(f"\n{title}\n", "bold underline")
    for item in items:
        t.append("\u2022 ")
        t.append(lit(item))
        t.append("\n")


class BriefingScreen(ModalScreen[None]):
    """Enter (or Escape) closes it."""

    BINDINGS = [Binding("enter,escape,space", "close", "Continue")]

    def __init__(self, briefing: Briefing) -> None:
        super().__init__()
        self.briefing = briefing

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="briefing-dialog"):
            yield Literal(lit(f"Situation briefing: {self.briefing.seat}", "bold reverse"), classes="dialog-title")
            with VerticalScroll(classes="dialog-body", id="briefing-scroll"):
                yield Literal(briefing_text(self.briefing), id="briefing-body")
            yield Literal(lit("Enter: to work   arrows: scroll", "dim"))

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
