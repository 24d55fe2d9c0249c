"""Classroom game set-up: which roles are played, by one player or hot-seat (and who sits together), the
lesson preset or code, an optional turn timer and an optional umpire's PIN.

Hot-seat seats: each role has a seat number (by default its own seat); roles with the same number share a seat
and the keyboard. The seat selectors are shown only when hot-seat is chosen, and a role that is not ticked has
its selector disabled and hidden (so tab skips it and no seat shows beside it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Label, Select

from game.classroom import codes
from game.classroom.names import is_named
from game.engine.session import pin_problem
from game.scenario.models import Scenario
from game.tui.checkbox import ShapeCheckbox
from game.tui.footer import Footer
from game.tui.messages import ClassroomStart
from game.tui.text import Literal, lit

#: The turn timers offered, in minutes (0: none, the default).
TIMERS = (0, 2, 3, 5, 8, 10, 15)


class RolesScreen(Screen[None]):
    """Choose roles, players and the lesson; Start opens the game."""

    BINDINGS = [Binding("escape", "back", "Back"), Binding("ctrl+g", "start", "Start", priority=True)]

    def __init__(self, scenario: Scenario, folder: Path | None = None, seed: int = 1,
                 sensitivity: str = "full", pin_set: bool = False) -> None:
        super().__init__()
        self.scenario = scenario
        self.folder, self.seed, self.sensitivity = folder, seed, sensitivity
        self.pin_set = pin_set  # a PIN given on the command line locks the umpire already

    def compose(self) -> ComposeResult:
        sc = self.scenario
        self.roles = list(sc.roles)
        presets = [(lit(f"{p.title} ({p.start.strftime('%d %b')})"), p.id) for p in sc.presets]
        with VerticalScroll(id="roles-box"):
            yield Literal(lit("Classroom game", "bold reverse"))
            yield Literal(lit("Roles in play (a role nobody plays is covered by the commander):", "bold"))
            yield Literal(lit("Roles in one seat share the keyboard; the commander's seat moves last.", "dim"),
                          id="seat-hint")
            seats = [(f"Seat {n}", n) for n in range(1, len(self.roles) + 1)]
            for i, r in enumerate(self.roles, 1):
                with Horizontal(classes="role-row"):
                    # an officer the sources do not name is his post alone, as everywhere in the classroom (the
                    # packet says he is not named): "Corps Surgeon - The corps medical officer (...)" was cut
                    # short at 80x24 beside a seat selector
                    label = f"{r.title} \u2014 {r.person}" if is_named(r.person) else r.title
                    yield ShapeCheckbox(lit(label), True, id=f"role-{r.id}",
                                        classes="role-box")
                    yield Select(seats, value=i, allow_blank=False, compact=True, id=f"seat-{r.id}",
                                 classes="seat-select")
            yield ShapeCheckbox("One player holds all these roles (untick: hot-seat, by seat)", True,
                           id="one-player")
            with Horizontal(classes="title-row"):
                yield Label("Lesson")
                if presets:
                    yield Select(presets, value=presets[0][1], allow_blank=False, id="preset")
                else:
                    yield Label("(this scenario has no presets)")
            with Horizontal(classes="title-row"):
                yield Label("Code")
                yield Input(placeholder="game code, e.g. HY-04A5J-Q5033-R0E (overrides seed and lesson)",
                            id="code")
            with Horizontal(classes="title-row"):
                yield Label("Timer")
                yield Select([(lit("no timer" if n == 0 else f"{n} minutes a turn"), n) for n in TIMERS],
                             value=0, allow_blank=False, id="timer")
            with Horizontal(classes="title-row"):
                yield Label("PIN")
                yield Input(placeholder=("set by --umpire-pin" if self.pin_set else
                                         "umpire PIN for ctrl+u (optional, 4 to 12 letters or digits)"),
                            password=True, max_length=12, id="pin", disabled=self.pin_set)
            with Horizontal(id="title-buttons"):
                yield Button("Start", id="start", variant="primary")
                yield Button("Back", id="back")
            yield Literal(id="roles-error")
        yield Footer()

    def on_mount(self) -> None:
        if self.app.is_headless:
            for box in self.query(Input):
                box.cursor_blink = False
        self.query_one("#start", Button).focus()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        """Show the seat selectors for hot-seat; a role that is not in play has no seat to choose."""
        cid = event.checkbox.id or ""
        if cid == "one-player":
            self.query_one("#roles-box").set_class(not event.value, "hotseat")
        elif cid.startswith("role-"):
            sel = self.query_one(f"#seat-{cid.removeprefix('role-')}", Select)
            sel.disabled = not event.value
            sel.set_class(not event.value, "off")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        (self.action_start if event.button.id == "start" else self.action_back)()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_start()

    def action_back(self) -> None:
        self.dismiss(None)

    def error(self, text: str) -> None:
        w = self.query_one("#roles-error", Literal)
        w.set_text(lit(text, "bold"))
        w.scroll_visible()  # the last line of the box: at 80x24 with hot-seat seats it may be scrolled off

    def groups(self, in_play: list[str]) -> list[list[str]]:
        """The role ids of each hot-seat seat in seat order, empty seats dropped (ValueError if every role
        in play would share one seat: that is one player, not hot-seat)."""
        seat = {r.id: self.query_one(f"#seat-{r.id}", Select).value for r in self.roles}
        out = [[rid for rid in in_play if seat[rid] == n] for n in range(1, len(self.roles) + 1)]
        out = [g for g in out if g]
        if len(out) == 1 and len(in_play) > 1:
            # kept to one line: the error line is the last of the box at 80x24
            raise ValueError(f"Every role is in seat {seat[in_play[0]]}: use at least two seats, or tick 'One player'.")
        return out

    def settings(self) -> dict[str, Any]:
        """The chosen roles, players, seats, preset, seed and code (ValueError on bad seats or a bad code)."""
        in_play = [r.id for r in self.roles if self.query_one(f"#role-{r.id}", Checkbox).value]
        one = self.query_one("#one-player", Checkbox).value
        groups = None if one else self.groups(in_play)
        presets = self.query(Select).filter("#preset")
        preset = str(presets.first().value) if presets else None
        code = self.query_one("#code", Input).value.strip() or None
        timer = self.query_one("#timer", Select).value
        pin = self.query_one("#pin", Input).value.strip() or None
        if pin is not None and (problem := pin_problem(pin)):
            raise ValueError(f"Umpire PIN: {problem}.")
        seed = self.seed
        if code:
            sc = self.scenario
            _scenario_id, seed, preset = codes.decode(code, {sc.meta.id: [p.id for p in sc.presets]})
        return {"roles": in_play, "one_player": one, "groups": groups, "preset": preset, "seed": seed, "code": code,
                "timer": timer if isinstance(timer, int) else 0, "pin": pin}

    def action_start(self) -> None:
        if not any(self.query_one(f"#role-{r.id}", Checkbox).value for r in self.roles):
            self.error("Choose at least one role.")
            return
        try:
            got = self.settings()
        except ValueError as exc:
            self.error(str(exc))
            return
        self.post_message(ClassroomStart(self.folder, self.sensitivity, got))
