"""Staff meeting: before the commander decides, each other seat records its advice; the commander then sees it.

The screens take their data and give back what was chosen: the adviser's choice and reason (the hot-seat view
records it in the classroom's meeting), the commander's decision (as any decision)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input

from game.classroom.meta import Meeting
from game.rules.state import State
from game.rules.world import World
from game.tui.screens.dispatch import event_body
from game.tui.screens.event import EventScreen, Vet
from game.tui.text import Literal, lit


def advice_text(world: World, rec: Meeting) -> Text:
    """'Chief of Staff: 2. Hold the line — because ...' for each adviser."""
    titles = {r.id: r.title for r in world.scenario.roles}
    t = Text()
    t.append("Your staff advise:\n", "bold")
    if not rec.advice:
        t.append("  (no advice recorded)\n", "dim")
    for a in rec.advice:
        t.append(lit(f"  {titles.get(a.role, a.role)}: ", "bold"))
        t.append(lit(a.label if a.choice else "no advice"))
        if a.reason:
            t.append(lit(f" \u2014 {a.reason}", "italic"))
        t.append("\n")
    return t


class AdviceScreen(Screen[tuple[str | None, str]]):
    """One adviser seat picks a choice (keys 1-9), types an optional one-line reason, and presses Enter; it is
    dismissed with (choice, reason), or (None, "") for no advice."""

    BINDINGS = [Binding(str(i), f"pick({i})", str(i), show=False) for i in range(1, 10)] + [
        Binding("escape", "abstain", "No advice"),
    ]

    def __init__(self, adviser: str, decider: str, world: World, eid: str, sensitivity: str,
                 state: State | None = None) -> None:
        super().__init__()
        self.adviser, self.decider = adviser, decider
        self.world, self.eid, self.sensitivity, self.state = world, eid, sensitivity, state
        self.event = world.event_by_id[eid]
        self.choice: str | None = None

    def _body(self) -> Text:
        t = event_body(self.world, self.eid, self.sensitivity, self.state)
        t.append("\n\n")
        for i, ch in enumerate(self.event.choices[:9], 1):
            mark = "bold reverse" if ch.id == self.choice else "bold"
            t.append(f" {i} ", mark)
            t.append(" ")
            t.append(lit(ch.label))
            t.append("\n")
        return t

    def compose(self) -> ComposeResult:
        with Vertical(id="advice-box"):
            yield Literal(lit(f"Staff meeting: {self.event.title}", "bold reverse"))
            yield Literal(lit(f"{self.adviser} \u2014 your advice to the {self.decider}. Pass the keyboard.", "bold"),
                          id="advice-who")
            with VerticalScroll(id="advice-scroll"):
                yield Literal(self._body(), id="advice-body")
            yield Literal(lit("Press the number you advise; then a one-line reason (optional) and Enter.  "
                              "Esc: no advice", "dim"), id="advice-hint")
            yield Input(placeholder="reason (optional), then Enter", id="advice-reason", max_length=120)

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.query_one("#advice-reason", Input).cursor_blink = False
        self.query_one("#advice-scroll").focus()

    def action_pick(self, n: int) -> None:
        if not 1 <= n <= len(self.event.choices):
            return
        self.choice = self.event.choices[n - 1].id
        self.query_one("#advice-body", Literal).set_text(self._body())
        self.query_one("#advice-reason", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.choice is None:
            self.query_one("#advice-hint", Literal).set_text(lit("First press the number of the choice you advise "
                                                                 "(Esc: no advice).", "bold"))
            self.query_one("#advice-scroll").focus()
            return
        self.dismiss((self.choice, event.value.strip()))

    def action_abstain(self) -> None:
        self.dismiss((None, ""))


class DecisionScreen(EventScreen):
    """The commander's decision, with the staff's advice above the choices."""

    def __init__(self, world: World, eid: str, sensitivity: str, meeting: Meeting, state: State | None = None,
                 vet: Vet | None = None) -> None:
        super().__init__(world, eid, sensitivity, state, vet)
        self.meeting = meeting

    def _question(self) -> Text:
        t = event_body(self.world, self.eid, self.sensitivity, self.state)
        t.append("\n\n")
        t.append(advice_text(self.world, self.meeting))
        t.append("\n")
        for i, ch in enumerate(self.event.choices[:9], 1):
            t.append(f" {i} ", "bold reverse")
            t.append(" ")
            t.append(lit(ch.label))
            t.append("\n")
        return t
