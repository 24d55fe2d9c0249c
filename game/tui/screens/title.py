"""The title screen: choose the scenario, the seed and the text sensitivity; new game, load or quit.

It is the first frame: it imports nothing of the game's rules or content (see game.tui.manifest)."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label

from game.tui.footer import Footer
from game.tui.manifest import Offer
from game.tui.messages import ClassroomRequested, NewGameRequested
from game.tui.text import Literal, lit

SENSITIVITY = [("Full text", "full"), ("Classroom summary", "summary")]


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


class TitleScreen(Screen[None]):
    """First screen: it is given the scenarios to offer (a cheap manifest) and posts what the player chose."""

    BINDINGS = [Binding("n", "new", "New game"), Binding("l", "load", "Load"), Binding("c", "classroom", "Classroom"),
                Binding("q", "app.quit", "Quit", show=False)]

    CURRENT = "__current__"
    #: The single-letter keys: while the seed is being typed they are letters, not commands.
    LETTER_ACTIONS = frozenset({"new", "load", "classroom", "app.quit"})

    def __init__(self, offers: list[Offer], current: Offer | None, seed: int, sensitivity: str,
                 selected: str | None = None) -> None:
        super().__init__()
        self.offers, self.current, self.seed, self.sensitivity = offers, current, seed, sensitivity
        #: The id of the offer the game was started with (`play --scenario` naming one of them): chosen at first.
        self.selected = selected

    def compose(self) -> ComposeResult:
        options = [(o.title, str(o.folder)) for o in self.offers if o.folder is not None]
        chosen = next((str(o.folder) for o in self.offers if o.folder is not None and o.id == self.selected),
                      options[0][1] if options else "")
        if self.current is not None:
            # A scenario given on the command line that is not one of the offers as they stand (with packs,
            # `play --mod`): offered as it was given, so that New game keeps it.
            options.insert(0, (self.current.title, self.CURRENT))
            chosen = self.CURRENT
        with Vertical(id="title-box"):
            yield Literal(lit("HENGYANG 1944", "bold"), id="title-name")
            yield Literal(lit("A terminal teaching wargame: the defence of Hengyang, summer 1944.", "dim"))
            with Horizontal(classes="title-row"):
                yield Label("Scenario")
                yield Choice(options, chosen, id="scenario")
            with Horizontal(classes="title-row"):
                yield Label("Seed")
                yield Input(str(self.seed), type="integer", id="seed")
            with Horizontal(classes="title-row"):
                yield Label("Text")
                yield Choice(SENSITIVITY, self.sensitivity, id="sensitivity")
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No letter shortcut while the focus is in a text field: there the letter is typed."""
        if action in self.LETTER_ACTIONS and isinstance(self.focused, Input):
            return False
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "quit":
            self.app.exit()
            return
        {"new": self.action_new, "load": self.action_load, "classroom": self.action_classroom}.get(
            event.button.id or "", self.action_new)()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_new()

    def error(self, text: str) -> None:
        """Show why the game could not start."""
        self.query_one("#title-error", Literal).set_text(lit(text, "bold"))

    def _settings(self) -> tuple[Path | None, int, str] | None:
        raw = self.query_one("#seed", Input).value.strip()
        seed = int(raw) if raw.isascii() and raw.lstrip("-").isdigit() and len(raw) <= 18 else None
        if seed is None:
            self.error(f"The seed must be a whole number, not '{raw[:40]}'.")
            return None
        chosen = self.query_one("#scenario", Choice).value
        folder = None if chosen in (self.CURRENT, "") else Path(str(chosen))
        sens = str(self.query_one("#sensitivity", Choice).value)
        return folder, seed, sens

    def _go(self, load: bool) -> None:
        got = self._settings()
        if got is not None:
            self.post_message(NewGameRequested(*got, load=load))

    def action_new(self) -> None:
        self._go(False)

    def action_load(self) -> None:
        self._go(True)

    def action_classroom(self) -> None:
        """Classroom game: roles, hot-seat, lesson preset or game code (see game.tui.screens.roles)."""
        if (got := self._settings()) is not None:
            self.post_message(ClassroomRequested(*got))
