"""The Textual application: the first frame at once, then the game.

The app draws the title screen from a cheap manifest (`game.tui.manifest`) before anything else is loaded;
the game's modules (pydantic, the scenario, the rules, the screens) load in a thread worker while the player
reads it. Once loaded, a `game.tui.game.Game` drives the session and the screens; the app routes the
screens' messages and its keys to it and keeps the terminal-size guard. Rules are never computed here.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker, WorkerState

from game.classroom.browser import palette_commands
from game.tui.manifest import Offer, Source, current_offer, default_save_path, offers, same_folder
from game.tui.messages import (
    ArchiveRequested,
    ClassroomRequested,
    ClassroomStart,
    ConsoleCommand,
    EndDayRequested,
    NewGameRequested,
    OrderGiven,
    ReplayRequested,
    UmpireActed,
)
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.title import TitleScreen
from game.tui.screens.too_small import MIN_H, MIN_W, TooSmallScreen

if TYPE_CHECKING:  # the game's modules are not imported for the first frame: see `_load`
    from game.engine.campaign import Campaign
    from game.rules.orders import Order
    from game.scenario.models import Scenario
    from game.tui.game import Game
    from game.tui.hotseat import Classroom

__all__ = ["HengyangApp", "default_save_path", "run_app"]

#: Set this variable to make the app exit as soon as its first screen has been drawn (start-up benchmark).
EXIT_AFTER_FIRST_FRAME = "HENGYANG_EXIT_AFTER_FIRST_FRAME"
#: The screen mode that holds only the too-small notice (the game's own screens stay in the default mode).
SMALL, GAME_MODE = "small", "game"


class GameBase(Screen[None]):
    """The bottom of the game's own stack of screens (the title or main screen goes on top of it)."""

DARK, LIGHT = "hengyang-dark", "hengyang-light"
THEMES = [
    Theme(name=DARK, primary="#4a90d9", secondary="#2f5f8a", accent="#e0a030", warning="#e0a030",
          error="#d05050", success="#50b070", foreground="#e4e4e4", background="#15181c",
          surface="#1e2228", panel="#262b33", dark=True),
    Theme(name=LIGHT, primary="#1d4f91", secondary="#3a6fb0", accent="#9a5b00", warning="#9a5b00",
          error="#a32020", success="#1f6e35", foreground="#1a1a1a", background="#f4f1ea",
          surface="#e8e4da", panel="#dcd6c8", dark=False),
]


class HengyangApp(App[None]):
    """Hengyang 1944 in the terminal."""

    CSS_PATH = str(Path(__file__).with_name("app.tcss"))
    TITLE = "Hengyang 1944"
    MODES = {GAME_MODE: GameBase, SMALL: TooSmallScreen}
    DEFAULT_MODE = GAME_MODE
    # Footer order is reading order, most used first; at 80 columns only the most used are shown (help and the
    # palette list the others).
    BINDINGS = [
        Binding("ctrl+o", "orders", "Orders", priority=True),
        Binding("f1", "help", "Help", priority=True),
        Binding("f2", "archive", "Archive", show=False, priority=True),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+l", "load", "Load", show=False, priority=True),
        Binding("f5", "saves", "Saves", show=False, priority=True),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("q", "quit", "Quit", show=False),
        Binding("f3", "toggle_theme", "Theme", show=False, priority=True),
        Binding("ctrl+u", "umpire", "Umpire", show=False, priority=True),
    ]
    #: Keys that act while the terminal is too small (all others wait until it is big enough).
    WHEN_SMALL = frozenset({"quit"})

    def __init__(self, scenario: Scenario | None = None, seed: int = 1, sensitivity: str = "full", *,
                 title_screen: bool = True, save_path: Path | None = None, source: Source | None = None,
                 campaign: Campaign | None = None, umpire_pin: str | None = None) -> None:
        super().__init__()
        self.umpire_pin = umpire_pin  # `--umpire-pin`: the games started here lock the umpire screen with it
        self._start_with = campaign  # a campaign already under way (`play --start-date`)
        self.scenario = scenario
        self.source = source or Source()
        self._seed = seed
        self._sensitivity = sensitivity if sensitivity in ("full", "summary") else "full"
        self.title_screen = title_screen
        self.save_path = save_path
        self.game: Game | None = None
        #: Content errors of a scenario that did not load (run_app reports them after the app exits).
        self.load_errors: Exception | None = None
        self._loader: Worker[Any] | None = None
        self._gc_paused = not gc.isenabled()  # by `hengyang play`, for start-up: resumed after the first frame
        self._first_frame_done = False
        for th in THEMES:
            self.register_theme(th)
        self.theme = DARK

    # ---- what tests and the command palette read (the game's, once there is one)

    @property
    def campaign(self) -> Campaign:
        assert self.game is not None, "no game yet"
        return self.game.session.campaign

    @campaign.setter
    def campaign(self, value: Campaign) -> None:
        assert self.game is not None, "no game yet"
        self.game.replace_campaign(value)

    @property
    def seed(self) -> int:
        """The seed of the game being played (the one asked for on the command line before a game)."""
        return self.game.seed if self.game is not None else self._seed

    @property
    def sensitivity(self) -> str:
        return self.game.session.sensitivity if self.game is not None else self._sensitivity

    @property
    def queue(self) -> list[Order]:
        """Today's orders (the session's book)."""
        return self.game.session.orders if self.game is not None else []

    @property
    def dirty(self) -> bool:
        return self.game.session.dirty if self.game is not None else False

    @property
    def classroom(self) -> Classroom | None:
        return self.game.classroom if self.game is not None else None

    @classroom.setter
    def classroom(self, value: Classroom | None) -> None:
        if self.game is not None:
            self.game.set_classroom(value)

    # ---- start-up

    async def on_mount(self) -> None:
        if self.title_screen:
            choices = offers()
            await self.push_screen(TitleScreen(choices, self._current(choices), self.seed, self.sensitivity,
                                               self._selected(choices)))
        else:
            self._attach_game(*self._load())
            assert self.game is not None
            if self._start_with is not None:
                self.game.start_with(self._start_with)
            else:
                self.game.start(None, self.seed, self.sensitivity)
        self.call_after_refresh(self._first_frame)

    def _selected(self, choices: list[Offer]) -> str | None:
        """The offer the game was started with, when it is one of them as it stands (`play --scenario DIR`)."""
        if self.scenario is not None:
            return None if self.scenario.packs else self.scenario.meta.id
        folder = self.source.folder
        if self.source.mods or folder is None:
            return None
        return next((c.id for c in choices if c.folder is not None and same_folder(c.folder, folder)), None)

    def _current(self, choices: list[Offer]) -> Offer | None:
        if self.scenario is None:
            return current_offer(self.source, choices)
        sc = self.scenario  # given already loaded (tests, `play --mod` through run_app)
        if not sc.packs and any(c.id == sc.meta.id for c in choices):
            return None
        with_packs = f" + {', '.join(sc.packs)}" if sc.packs else ""
        return Offer(sc.meta.id, f"{sc.meta.title}{with_packs} (loaded)", None, tuple(sc.packs))

    def _first_frame(self) -> None:
        """The first screen is drawn: resume the collector, then load the game while the player reads."""
        self._first_frame_done = True
        if not gc.isenabled() and self._gc_paused:
            # `hengyang play` paused the collector for start-up: what exists now lives as long as the game,
            # so it is frozen (never scanned again) and collection resumes for what the game allocates.
            self._gc_paused = False
            gc.freeze()
            gc.enable()
        if os.environ.get(EXIT_AFTER_FIRST_FRAME):
            self.exit()
            return
        self._check_size(self.size.width, self.size.height)
        if self.game is None and self._loader is None:
            self._loader = self.run_worker(self._load, thread=True, group="load", exit_on_error=False)

    def _load(self) -> tuple[type[Game], Scenario, list[str]]:
        """The game's modules and the scenario (in a thread worker, after the first frame)."""
        # Imported here, once: the game's modules pull in pydantic, the rules and every screen, which the
        # first frame must not wait for (docs/performance.md).
        from game.tui.game import Game, load_source

        if self.scenario is not None:
            return Game, self.scenario, []
        warnings: list[Any] = []
        scenario = load_source(self.source, warnings)
        notes = [f"{w.file}:{w.line}: {w.path + ': ' if w.path else ''}warning: {w.message}" for w in warnings]
        return Game, scenario, notes

    def _attach_game(self, game_cls: type[Game], scenario: Scenario, notes: list[str] | None = None) -> None:
        if self.game is None:
            self.scenario = scenario
            self.game = game_cls(self, scenario, save_path=self.save_path, sensitivity=self.sensitivity,
                                 seed=self.seed, umpire_pin=self.umpire_pin)
            self.game.notes = list(notes or [])

    def ensure_game(self) -> Game:
        """The game, loaded now in this thread if the loader has not finished (scripts and tests that drive
        the app without waiting: it blocks the screen while it loads)."""
        if self.game is None:
            self._attach_game(*self._load())
        assert self.game is not None
        return self.game

    async def _game_ready(self) -> Game | None:
        """The game, once loaded (waits for the loader); None if the scenario does not load."""
        if self.game is not None:
            return self.game
        if self._loader is None:
            self._loader = self.run_worker(self._load, thread=True, group="load", exit_on_error=False)
        try:
            await self._loader.wait()
        except Exception:  # the worker's own error is read below  # noqa: S110
            pass
        if self._loader.state == WorkerState.SUCCESS and self._loader.result is not None:
            self._attach_game(*self._loader.result)
        return self.game

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self._loader:
            return
        if event.state == WorkerState.SUCCESS and event.worker.result is not None:
            self._attach_game(*event.worker.result)
        elif event.state == WorkerState.ERROR:
            # The scenario given on the command line does not load: stop, and let run_app report why.
            self.load_errors = event.worker.error if isinstance(event.worker.error, Exception) else None
            self.exit(return_code=1)

    # ---- the terminal's size: a mode of its own, so nothing the game pushes can bury the notice

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, w: int, h: int) -> None:
        if self._first_frame_done:
            # After the resize has been handled: switching modes inside the handler makes Textual resize the
            # screens again and again.
            self.call_later(self._fit)

    def _fit(self) -> None:
        w, h = self.size.width, self.size.height
        small = w < MIN_W or h < MIN_H
        if small and self.current_mode != SMALL:
            self.switch_mode(SMALL)
        elif not small and self.current_mode == SMALL:
            self.switch_mode(GAME_MODE)
        if small and isinstance(self.screen, TooSmallScreen) and self.screen.is_mounted:
            self.screen.show(w, h)

    def push_screen(self, screen: Any, callback: Any = None, wait_for_dismiss: bool = False, *,
                    mode: str | None = None) -> Any:
        """Every screen of the game goes on the game's stack, even while the too-small notice is shown."""
        if mode is None and self.current_mode == SMALL and not isinstance(screen, TooSmallScreen):
            mode = GAME_MODE
        return super().push_screen(screen, callback, wait_for_dismiss, mode=mode)  # type: ignore[call-overload]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Nothing but quit while the terminal is too small; no orders or saving before a game is on screen."""
        if self.current_mode == SMALL and action not in self.WHEN_SMALL:
            return False
        if self.game is None:
            return action not in ("orders", "save", "umpire")
        return self.game.can(action)

    # ---- messages from the screens

    async def on_new_game_requested(self, message: NewGameRequested) -> None:
        game = await self._game_ready()
        if game is not None:
            game.start(message.folder, message.seed, message.sensitivity, load=message.load)

    async def on_classroom_requested(self, message: ClassroomRequested) -> None:
        game = await self._game_ready()
        if game is not None:
            game.open_classroom(message.folder, message.seed, message.sensitivity)

    def on_classroom_start(self, message: ClassroomStart) -> None:
        if self.game is not None:
            self.game.start_classroom(message)

    def on_console_command(self, message: ConsoleCommand) -> None:
        self.run_command(message.line)

    def on_order_given(self, message: OrderGiven) -> None:
        if self.game is not None:
            self.game.give(message.order)

    def on_end_day_requested(self, message: EndDayRequested) -> None:
        self.end_day()

    def on_umpire_acted(self, message: UmpireActed) -> None:
        if self.game is not None:
            self.game.umpire(message)

    def on_archive_requested(self, message: ArchiveRequested) -> None:
        self.open_archive(message.seed, message.quote)

    def on_replay_requested(self, message: ReplayRequested) -> None:
        if self.game is not None:
            self.game.open_replay()

    def on_map_view_legend_requested(self, message: Message) -> None:
        self.action_legend()

    # ---- the entry points of keys, palette and tests

    def run_command(self, line: str) -> None:
        """Carry out one console line (the console's real entry point; no line makes it raise)."""
        if self.game is not None:
            self.game.run_command(line)

    def end_day(self) -> None:
        if self.game is not None:
            self.game.end_day()

    def open_archive(self, seed: str | None = None, quote: str | None = None) -> None:
        if self.game is not None:
            self.game.open_archive(seed, quote)

    async def action_orders(self) -> None:
        """The orders menu: every order by keys alone, offering only what the rules allow now."""
        if self.game is not None:
            self.game.open_orders()

    def action_help(self) -> None:
        if self.game is not None:
            self.game.open_help()
        else:  # the title screen, still loading: help is there at once too
            from game.tui.screens.help import HelpScreen  # the help text names the order kinds: not the first frame

            if not isinstance(self.screen, HelpScreen):
                self.push_screen(HelpScreen(None))

    def action_archive(self) -> None:
        self.open_archive()

    def action_legend(self) -> None:
        """The key to the map's labels."""
        if self.game is not None:
            self.game.open_legend()

    def action_umpire(self) -> None:
        if self.game is not None:
            self.game.open_umpire()

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme."""
        self.theme = LIGHT if self.current_theme.dark else DARK
        if self.game is not None:
            self.game.refresh()

    def action_save(self) -> None:
        if self.game is not None:
            self.game.save()

    def action_load(self) -> None:
        """Load the quicksave."""
        if self.game is not None:
            self.game.load()
        else:  # from the title screen before the game has loaded: once it has
            self.run_worker(self._load_when_ready(), group="load-game")

    def action_saves(self) -> None:
        """The slot picker: the quicksave, named saves and the autosaves."""
        if self.game is not None:
            self.game.open_slots()
        else:
            self.run_worker(self._load_when_ready(slots=True), group="load-game")

    async def _load_when_ready(self, slots: bool = False) -> None:
        game = await self._game_ready()
        if game is not None:
            if slots:
                game.open_slots()
            else:
                game.load()

    def action_debrief(self) -> None:
        if self.game is not None:
            self.game.open_debrief()

    async def action_quit(self) -> None:
        if not self.dirty:
            self.exit()
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmScreen("Quit without saving today's progress?"), callback=answer)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The command palette: the game's main actions first, then Textual's own."""
        game = self.game
        playing = game is not None and game.main is not None
        if playing and game is not None and not game.session.over:
            yield SystemCommand("End the day", "Send today's orders and resolve the day (ctrl+e)", self.end_day)
            yield SystemCommand("Orders menu", "Give an order by picking from lists (ctrl+o)", self.action_orders)
        if playing:
            yield SystemCommand("Save", "Write the quicksave (ctrl+s)", self.action_save)
            yield from palette_commands(self)  # the classroom's downloads of the save and the report
        yield SystemCommand("Load", "Pick a save (the quicksave, a named save, an autosave) and replay it (ctrl+l)",
                            self.action_load)
        yield SystemCommand("Archive", "Source documents, cited passages and disputes (F2)", self.action_archive)
        yield SystemCommand("Help", "Keys, console commands, map symbols, how a day works (F1)", self.action_help)
        yield SystemCommand("Toggle light/dark theme", "Switch between the two game themes (F3)",
                            self.action_toggle_theme)
        if game is not None and game.session.over:
            yield SystemCommand("Debrief", "How the campaign ended, and questions for discussion",
                                self.action_debrief)
        yield from super().get_system_commands(screen)


def run_app(seed: int = 1, scenario: Scenario | None = None, sensitivity: str = "full",
            source: Source | None = None, campaign: Campaign | None = None, umpire_pin: str | None = None) -> int:
    """Run the TUI (the scenario loads behind the title screen) and return an exit code. A scenario that does
    not load stops the game; its `ContentInvalid` is raised again here, for the command line to report.
    A `campaign` already under way (`play --start-date`) opens on the main screen, without the title.
    `umpire_pin` locks the umpire screen of every game played (`play --umpire-pin`)."""
    app = HengyangApp(scenario, seed, sensitivity, source=source, title_screen=campaign is None, campaign=campaign,
                      umpire_pin=umpire_pin)
    app.run()
    if app.load_errors is not None:
        raise app.load_errors
    # Textual sets a return code of 1 when the app stopped on an error: a script must not read that as success.
    return app.return_code or 0
