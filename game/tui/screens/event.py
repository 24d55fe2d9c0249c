"""A decision: an event with numbered choices; after choosing, its outcome, history and sources."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen

from game.engine.session import Undoing
from game.rules import catalogue as cat
from game.rules.state import State
from game.rules.world import World
from game.tui.messages import ArchiveRequested
from game.tui.screens.dispatch import event_body, sources_text
from game.tui.text import Literal, lit

#: Why an answer would undo orders given today (the session's `undoing`), or None.
Vet = Callable[[str], Undoing | None]


class EventScreen(ModalScreen[str]):
    """Choose with keys 1-9; then Enter returns the choice id.

    Given `vet`, an answer that would undo orders given today is not taken at once: the dialog says why (the
    order named), and the player chooses another answer, or presses the same key again to give it all the same
    (`undo` is then True: the orders it undoes are to be taken back)."""

    BINDINGS = [Binding(str(i), f"choose({i})", str(i), show=False) for i in range(1, 10)] + [
        Binding("enter,escape,space", "close", "Continue"),
        Binding("c", "cite", "Cited passage"),
    ]

    def __init__(self, world: World, eid: str, sensitivity: str, state: State | None = None,
                 vet: Vet | None = None) -> None:
        super().__init__()
        self.world, self.eid, self.sensitivity = world, eid, sensitivity
        self.state = state  # the telling fits the state of the game it is asked in
        self.event = world.event_by_id[eid]
        self.choice: str | None = None
        self.vet = vet
        #: The answer the dialog warned about (pressed once), and whether it was then given all the same.
        self.warned: str | None = None
        self.undo = False

    def _question(self) -> Text:
        t = event_body(self.world, self.eid, self.sensitivity, self.state)
        t.append("\n\n")
        for i, ch in enumerate(self.event.choices[:9], 1):
            t.append(f" {i} ", "bold reverse")
            t.append(" ")
            t.append(lit(ch.label))
            t.append("\n")
        return t

    def _answer(self) -> Text:
        ch = next(c for c in self.event.choices if c.id == self.choice)
        t = Text()
        t.append(lit(self.event.title, "bold underline"))
        t.append("\nYou chose: ", "bold")
        t.append(lit(ch.label))
        t.append("\n")
        if ch.outcome:
            t.append(lit(ch.outcome.strip()))
            t.append("\n")
        hist = next((c for c in self.event.choices if c.historical), None)
        if hist is not None:
            t.append("Historically: ", "bold")
            t.append(lit(hist.label))
            t.append("\n")
        t.append("\n")
        t.append(sources_text(self.world, self.eid))
        return t

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Literal(lit("Decision needed", "bold reverse"), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Literal(self._question(), id="event-body")
            yield Literal(id="event-warning")
            yield Literal(lit("Press the number of your choice   c: cited passage   arrows: scroll", "dim"),
                          id="event-hint")

    def on_mount(self) -> None:
        self.query_one("#event-warning", Literal).display = False
        self.query_one(VerticalScroll).focus()

    def _warning(self, n: int, problem: Undoing) -> Text:
        t = Text()
        t.append("Not yet: ", "bold red")
        t.append(lit(problem.reason.removesuffix("; remove it first").removesuffix("; cancel that first") + "."))
        if problem.cancels:
            names = "; ".join(cat.describe(self.world, od) for od in problem.cancels)
            t.append(lit(f"\nPress {n} again to take back {names} and give this answer"))
        else:
            t.append(lit(f"\nPress {n} again to give this answer all the same"))
        if problem.stays:
            t.append(lit(f" ({len(problem.stays)} order(s) would still be refused tonight)"))
        t.append(lit(", or choose another answer."))
        return t

    def action_choose(self, n: int) -> None:
        if self.choice is not None or not 1 <= n <= len(self.event.choices):
            return
        cid = self.event.choices[n - 1].id
        problem = self.vet(cid) if self.vet is not None else None
        warning = self.query_one("#event-warning", Literal)
        if problem is not None and self.warned != cid:
            self.warned = cid
            warning.set_text(self._warning(n, problem))
            warning.display = True
            return
        warning.display = False
        self.undo = problem is not None
        self.choice = cid
        self.query_one("#event-body", Literal).set_text(self._answer())
        self.query_one("#event-hint", Literal).set_text(
            lit("Enter: continue (the order goes out with today's)   c: cited passage", "dim"))
        self.query_one(VerticalScroll).scroll_home(animate=False)

    def action_cite(self) -> None:
        """Open the archive at the event's first cited passage."""
        src = self.event.sources[0] if self.event.sources else None
        self.post_message(ArchiveRequested(src.seed if src else None, src.quote if src else None))

    def action_close(self) -> None:
        if self.choice is not None:
            self.dismiss(self.choice)
