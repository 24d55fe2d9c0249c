"""The title screen: choose the scenario, the seed and the text sensitivity; new game, load or quit."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select

from game.tui.text import Literal, lit

SENSITIVITY = [("Full text", "full"), ("Classroom summary", "summary")]


def builtin_scenarios(folder: Path | None = None) -> list[tuple[str, str, Path]]:
    """(id, title, folder) of each built-in scenario: folders of content_dir() holding a scenario.yaml."""
    from game.paths import content_dir
    from game.scenario.safeyaml import YamlProblem, load_yaml

    root = folder or content_dir()
    out = []
    folders = sorted(p for p in root.iterdir() if (p / "scenario.yaml").is_file()) if root.is_dir() else []
    for d in folders:
        try:
            data, _ = load_yaml((d / "scenario.yaml").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, YamlProblem):
            data = None
        meta = data if isinstance(data, dict) else {}
        out.append((str(meta.get("id", d.name)), str(meta.get("title", d.name)), d))
    return out


class TitleScreen(Screen):
    """First screen."""

    BINDINGS = [Binding("n", "new", "New game"), Binding("l", "load", "Load"), Binding("q", "app.quit", "Quit")]

    CURRENT = "__current__"

    def compose(self) -> ComposeResult:
        app = self.app
        sc = app.scenario  # type: ignore[attr-defined]
        self.choices = builtin_scenarios()
        options = [(title, str(path)) for _id, title, path in self.choices]
        current = next((str(p) for i, _t, p in self.choices if i == sc.meta.id), None)
        if current is None:
            options.insert(0, (f"{sc.meta.title} (loaded)", self.CURRENT))
            current = self.CURRENT
        with Vertical(id="title-box"):
            yield Literal(lit("HENGYANG 1944", "bold"), id="title-name")
            yield Literal(lit("A teaching wargame of the 47-day defence of Hengyang.", "dim"))
            with Horizontal(classes="title-row"):
                yield Label("Scenario")
                yield Select(options, value=current, allow_blank=False, id="scenario")
            with Horizontal(classes="title-row"):
                yield Label("Seed")
                yield Input(str(app.seed), type="integer", id="seed")  # type: ignore[attr-defined]
            with Horizontal(classes="title-row"):
                yield Label("Text")
                yield Select(SENSITIVITY, value=app.sensitivity, allow_blank=False,  # type: ignore[attr-defined]
                             id="sensitivity")
            with Horizontal(id="title-buttons"):
                yield Button("New game", id="new", variant="primary")
                yield Button("Load game", id="load")
                yield Button("Quit", id="quit")
            yield Literal(id="title-error")
        yield Footer()

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.query_one("#seed", Input).cursor_blink = False
        self.query_one("#new", Button).focus()
        self.app.screen_ready()  # type: ignore[attr-defined]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"new": self.action_new, "load": self.action_load, "quit": self.app.exit}[event.button.id or "quit"]()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_new()

    def _settings(self) -> tuple[Path | None, int, str] | None:
        raw = self.query_one("#seed", Input).value.strip()
        try:
            seed = int(raw)
        except ValueError:
            self.query_one("#title-error", Literal).set_text(lit(f"The seed must be a whole number, not '{raw}'.",
                                                                  "bold"))
            return None
        chosen = self.query_one("#scenario", Select).value
        folder = None if chosen in (self.CURRENT, Select.BLANK) else Path(str(chosen))
        sens = str(self.query_one("#sensitivity", Select).value)
        return folder, seed, sens

    def _go(self, load: bool) -> None:
        got = self._settings()
        if got is None:
            return
        folder, seed, sens = got
        err = self.app.setup_game(folder, seed, sens)  # type: ignore[attr-defined]
        if err:
            self.query_one("#title-error", Literal).set_text(lit(err, "bold"))
            return
        self.app.start_game(load=load)  # type: ignore[attr-defined]

    def action_new(self) -> None:
        self._go(False)

    def action_load(self) -> None:
        self._go(True)
