"""Classroom game set-up: which roles are played, by one player or hot-seat, and the lesson preset or code."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Label, Select

from game.tui.footer import Footer
from game.tui.text import Literal, lit


class RolesScreen(Screen[None]):
    """Choose roles, players and the lesson; Start opens the game."""

    BINDINGS = [Binding("escape", "back", "Back"), Binding("ctrl+g", "start", "Start", priority=True)]

    def __init__(self, folder: Path | None = None, seed: int = 1, sensitivity: str = "full") -> None:
        super().__init__()
        self.folder, self.seed, self.sensitivity = folder, seed, sensitivity

    def _scenario(self):
        if self.folder is None:
            return self.app.scenario  # type: ignore[attr-defined]
        from game.scenario.loader import load_scenario

        try:
            return load_scenario(self.folder)
        except Exception:  # reported when the game starts
            return self.app.scenario  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        sc = self._scenario()
        self.roles = list(sc.roles)
        presets = [(lit(f"{p.title} ({p.start.strftime('%d %b')})"), p.id) for p in sc.presets]
        with VerticalScroll(id="roles-box"):
            yield Literal(lit("Classroom game", "bold reverse"))
            yield Literal(lit("Roles in play (a role nobody plays is covered by the commander):", "bold"))
            for r in self.roles:
                yield Checkbox(lit(f"{r.title} \u2014 {r.person}"), True, id=f"role-{r.id}", classes="role-box")
            yield Checkbox("One player holds all these roles (untick: hot-seat, by role)", True,
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
            with Horizontal(id="title-buttons"):
                yield Button("Start", id="start", variant="primary")
                yield Button("Back", id="back")
            yield Literal(id="roles-error")
        yield Footer()

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.query_one("#code", Input).cursor_blink = False
        self.query_one("#start", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        (self.action_start if event.button.id == "start" else self.action_back)()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_start()

    def action_back(self) -> None:
        self.dismiss(None)

    def error(self, text: str) -> None:
        self.query_one("#roles-error", Literal).set_text(lit(text, "bold"))

    def settings(self) -> dict:
        """The chosen roles, players, preset, seed and code (ValueError on a bad code)."""
        in_play = [r.id for r in self.roles if self.query_one(f"#role-{r.id}", Checkbox).value]
        one = self.query_one("#one-player", Checkbox).value
        presets = self.query(Select).filter("#preset")
        preset = str(presets.first().value) if presets else None
        code = self.query_one("#code", Input).value.strip() or None
        seed = self.seed
        if code:
            from game.classroom import codes

            sc = self._scenario()
            scenario_id, seed, preset = codes.decode(code, {sc.meta.id: [p.id for p in sc.presets]})
        return {"roles": in_play, "one_player": one, "preset": preset, "seed": seed, "code": code}

    def action_start(self) -> None:
        if not any(self.query_one(f"#role-{r.id}", Checkbox).value for r in self.roles):
            self.error("Choose at least one role.")
            return
        try:
            got = self.settings()
        except ValueError as exc:
            self.error(str(exc))
            return
        from game.tui.hotseat import start_classroom

        err = start_classroom(self.app, folder=self.folder, sensitivity=self.sensitivity, **got)  # type: ignore[arg-type]
        if err:
            self.error(err)
