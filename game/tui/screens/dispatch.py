"""A dialog listing the day's reports (events that need no decision)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen

from game.rules.narrative import event_text
from game.rules.state import State
from game.rules.world import World, initial_state
from game.tui.messages import ArchiveRequested
from game.tui.text import Literal, lit


def event_body(world: World, eid: str, sensitivity: str, state: State | None = None) -> Text:
    """An event's title and the telling of its text that fits `state` (or its classroom summary).
    Without a state, it is told from the scenario's first morning."""
    ev = world.event_by_id[eid]
    t = Text()
    t.append(lit(ev.title, "bold underline"))
    t.append("\n")
    body = event_text(world, state if state is not None else initial_state(world, 0), eid, sensitivity)
    t.append(lit(body.strip()))
    return t


def sources_text(world: World, eid: str) -> Text:
    """An event's historical note and sources (seed title and quote), literally."""
    ev = world.event_by_id[eid]
    titles = {s.id: s.title for s in world.scenario.seeds}
    t = Text()
    if ev.historical_note:
        t.append("History: ", "bold")
        t.append(lit(ev.historical_note.strip()))
        t.append("\n")
    for src in ev.sources:
        t.append("Source: ", "bold")
        t.append(lit(titles.get(src.seed, src.seed), "italic"))
        t.append("\n  \u201c")
        t.append(lit(src.quote.strip()))
        t.append("\u201d\n")
    return t


class DispatchScreen(ModalScreen[None]):
    """The day's reports. Enter or Escape closes it."""

    BINDINGS = [
        Binding("enter,escape,space", "close", "Continue"),
        Binding("s", "toggle_sources", "Sources"),
        Binding("c", "cite", "Cited passage"),
    ]

    def __init__(self, world: World, day_label: str, events: list[str], sensitivity: str,
                 state: State | None = None) -> None:
        super().__init__()
        self.world, self.day_label, self.events, self.sensitivity = world, day_label, events, sensitivity
        self.state = state  # the telling of each report fits the state of the game it is shown in
        self.show_sources = False

    def _body(self) -> Text:
        t = Text()
        for i, eid in enumerate(self.events):
            if i:
                t.append("\n\n")
            t.append(event_body(self.world, eid, self.sensitivity, self.state))
            if self.show_sources:
                t.append("\n")
                t.append(sources_text(self.world, eid))
        return t

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Literal(lit(f"Reports, {self.day_label}", "bold reverse"), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Literal(self._body(), id="dispatch-body")
            yield Literal(lit("Enter: continue   s: show/hide sources   c: cited passage   arrows: scroll", "dim"))

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_toggle_sources(self) -> None:
        self.show_sources = not self.show_sources
        self.query_one("#dispatch-body", Literal).set_text(self._body())

    def action_cite(self) -> None:
        """Open the archive at the first report's first cited passage."""
        ev = self.world.event_by_id[self.events[0]] if self.events else None
        src = ev.sources[0] if ev is not None and ev.sources else None
        self.post_message(ArchiveRequested(src.seed if src else None, src.quote if src else None))

    def action_close(self) -> None:
        self.dismiss(None)
