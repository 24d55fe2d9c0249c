"""The title screen: choose the scenario, the seed and the text sensitivity; new game, load or quit."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label

from game.tui.footer import Footer
from game.tui.text import Literal, lit

SENSITIVITY = [("Full text", "full"), ("Classroom summary", "summary")]


def builtin_scenarios(folder: Path | None = None) -> list[tuple[str, str, Path]]:
    """(id, title, folder) of each scenario to offer: the built-in folders, the shipped packs and the packs
    installed in the user's mods folder (an extension pack is offered on top of the scenario it extends)."""
    from game.paths import content_dir
    from game.scenario.safeyaml import YamlProblem, load_yaml

    def read(path: Path) -> dict:
        try:
            data, _ = load_yaml(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, YamlProblem):
            data = None
        return data if isinstance(data, dict) else {}

    root = folder or content_dir()
    out = []
    folders = sorted(p for p in root.iterdir() if (p / "scenario.yaml").is_file()) if root.is_dir() else []
    for d in folders:
        meta = read(d / "scenario.yaml")
        out.append((str(meta.get("id", d.name)), str(meta.get("title", d.name)), d))
    if folder is not None:
        return out
    # Content packs: the ones shipped with the game, then those installed in the user's mods folder.
    from game.paths import user_mods_dir

    pack_dirs = []
    for base in (root / "packs", user_mods_dir()):
        if base.is_dir():
            pack_dirs += sorted(p for p in base.iterdir() if (p / "pack.yaml").is_file())
    for d in pack_dirs:
        man = read(d / "pack.yaml")
        pid, title = str(man.get("id", d.name)), str(man.get("title", d.name))
        if man.get("kind") == "scenario" or (d / "scenario.yaml").is_file():
            out.append((pid, f"{title} (pack)", d))
        else:
            out.append((f"{man.get('extends', '?')}+{pid}", f"{man.get('extends', '?')} + {title} (pack)", d))
    return out


class Choice(Literal, can_focus=True):
    """A light one-line choice among a few options: left/right, space or a click cycles it.

    Used instead of a Select, whose overlay makes the first frame noticeably slower to draw.
    """

    DEFAULT_CSS = """
    Choice { width: 1fr; height: auto; margin-top: 1; }
    Choice:focus { text-style: reverse; }
    """

    BINDINGS = [
        Binding("right,space,enter", "step(1)", "Next", show=False),
        Binding("left", "step(-1)", "Previous", show=False),
    ]

    def __init__(self, options: list[tuple[str, str]], value: str, **kwargs) -> None:
        self.options = options
        self._i = next((i for i, (_t, v) in enumerate(options) if v == value), 0)
        super().__init__(self._label(), **kwargs)

    def _label(self):
        title = self.options[self._i][0] if self.options else ""
        return lit(f"◀ {title} ▶" if len(self.options) > 1 else title)

    @property
    def value(self) -> str:
        return self.options[self._i][1] if self.options else ""

    @value.setter
    def value(self, v: str) -> None:
        for i, (_t, opt) in enumerate(self.options):
            if opt == v:
                self._i = i
                self.set_text(self._label())

    def action_step(self, step: int) -> None:
        if self.options:
            self._i = (self._i + step) % len(self.options)
            self.set_text(self._label())

    def on_click(self) -> None:
        self.action_step(1)


class TitleScreen(Screen):
    """First screen."""

    BINDINGS = [Binding("n", "new", "New game"), Binding("l", "load", "Load"), Binding("c", "classroom", "Classroom"),
                Binding("q", "app.quit", "Quit", show=False)]

    CURRENT = "__current__"

    def compose(self) -> ComposeResult:
        app = self.app
        sc = app.scenario  # type: ignore[attr-defined]
        self.choices = builtin_scenarios()
        options = [(title, str(path)) for _id, title, path in self.choices]
        # A scenario given on the command line with packs (`play --mod`) is not the plain built-in one:
        # offer it as it was loaded, so that New game keeps its packs.
        current = None if sc.packs else next((str(p) for i, _t, p in self.choices if i == sc.meta.id), None)
        if current is None:
            with_packs = f" + {', '.join(sc.packs)}" if sc.packs else ""
            options.insert(0, (f"{sc.meta.title}{with_packs} (loaded)", self.CURRENT))
            current = self.CURRENT
        with Vertical(id="title-box"):
            yield Literal(lit("HENGYANG 1944", "bold"), id="title-name")
            yield Literal(lit("A terminal teaching wargame: the defence of Hengyang, summer 1944.", "dim"))
            with Horizontal(classes="title-row"):
                yield Label("Scenario")
                yield Choice(options, current, id="scenario")
            with Horizontal(classes="title-row"):
                yield Label("Seed")
                yield Input(str(app.seed), type="integer", id="seed")  # type: ignore[attr-defined]
            with Horizontal(classes="title-row"):
                yield Label("Text")
                yield Choice(SENSITIVITY, app.sensitivity, id="sensitivity")  # type: ignore[attr-defined]
            with Horizontal(id="title-buttons"):
                yield Button("New game", id="new", variant="primary")
                yield Button("Load game", id="load")
                yield Button("Classroom", id="classroom")
                yield Button("Quit", id="quit")
            yield Literal(id="title-error")
        yield Footer()

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.query_one("#seed", Input).cursor_blink = False
        self.query_one("#new", Button).focus()
        self.app.screen_ready()  # type: ignore[attr-defined]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"new": self.action_new, "load": self.action_load, "quit": self.app.exit,
         "classroom": self.action_classroom}[event.button.id or "quit"]()

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
        chosen = self.query_one("#scenario", Choice).value
        folder = None if chosen in (self.CURRENT, "") else Path(str(chosen))
        sens = str(self.query_one("#sensitivity", Choice).value)
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

    def action_classroom(self) -> None:
        """Classroom game: roles, hot-seat, lesson preset or game code (see game.tui.screens.roles)."""
        from game.tui.screens.roles import RolesScreen

        if (got := self._settings()) is not None:
            self.app.push_screen(RolesScreen(*got))
