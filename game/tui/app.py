"""The Textual application: holds the campaign and the day's queued orders; screens display them.

Rules are never computed here: orders are checked with `game.rules.commands.check` and the day is
resolved by `Campaign.end_day`.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from game.paths import display_path
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.title import TitleScreen
from game.tui.screens.too_small import MIN_H, MIN_W, TooSmallScreen
from game.tui.text import lit

if TYPE_CHECKING:
    from game.engine.campaign import Campaign
    from game.scenario.models import Scenario
    from game.tui.screens.main import MainScreen

# The rules, the engine and the main screen are imported when a game starts, not at import time: the
# title screen (the first frame) needs none of them. See docs/performance.md.

#: Set this variable to make the app exit as soon as its first screen has been drawn (start-up benchmark).
EXIT_AFTER_FIRST_FRAME = "HENGYANG_EXIT_AFTER_FIRST_FRAME"

DARK, LIGHT = "hengyang-dark", "hengyang-light"
THEMES = [
    Theme(name=DARK, primary="#4a90d9", secondary="#2f5f8a", accent="#e0a030", warning="#e0a030",
          error="#d05050", success="#50b070", foreground="#e4e4e4", background="#15181c",
          surface="#1e2228", panel="#262b33", dark=True),
    Theme(name=LIGHT, primary="#1d4f91", secondary="#3a6fb0", accent="#9a5b00", warning="#9a5b00",
          error="#a32020", success="#1f6e35", foreground="#1a1a1a", background="#f4f1ea",
          surface="#e8e4da", panel="#dcd6c8", dark=False),
]


def default_save_path() -> Path:
    """The quicksave file."""
    from game.paths import user_data_dir

    return user_data_dir() / "saves" / "quicksave.json"


def _screen(name: str) -> type:
    """Screens other than the title and main ones are imported when first shown: the first frame needs
    neither the archive nor the charts of the debrief."""
    import importlib

    module, cls = {
        "ArchiveScreen": ("archive", "ArchiveScreen"), "DebriefScreen": ("debrief", "DebriefScreen"),
        "DispatchScreen": ("dispatch", "DispatchScreen"), "EventScreen": ("event", "EventScreen"),
        "HelpScreen": ("help", "HelpScreen"),
    }[name]
    return getattr(importlib.import_module(f"game.tui.screens.{module}"), cls)


class HengyangApp(App):
    """Hengyang 1944 in the terminal."""

    CSS_PATH = str(Path(__file__).with_name("app.tcss"))
    TITLE = "Hengyang 1944"
    # Footer order is reading order, most used first: at 80 columns the last entries are cut.
    BINDINGS = [
        Binding("ctrl+o", "orders", "Orders", priority=True),
        Binding("f1", "help", "Help", priority=True),
        Binding("f2", "archive", "Archive", priority=True),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+l", "load", "Load", priority=True),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("q", "quit", "Quit", show=False),
        Binding("f3", "toggle_theme", "Theme", show=False, priority=True),
        Binding("ctrl+u", "umpire", "Umpire", show=False, priority=True),
    ]

    #: Classroom play (hot-seat seats, advice, umpire actions): a `game.tui.hotseat.Classroom`, or None.
    classroom = None

    def __init__(self, scenario: Scenario, seed: int = 1, sensitivity: str = "full", *,
                 title_screen: bool = True, save_path: Path | None = None) -> None:
        super().__init__()
        self.scenario = scenario
        self.seed = seed
        self.sensitivity = sensitivity if sensitivity in ("full", "summary") else "full"
        self.title_screen = title_screen
        self.save_path = save_path
        self._campaign: Campaign | None = None  # built on first use: the title screen does not need it
        self.queue: list[object] = []
        self.visited: set[str] = set()  # positions seen in person today: the panel shows true figures
        self.dirty = False
        self._dialogs: list[tuple[object, object]] = []
        self._too_small: TooSmallScreen | None = None
        self._game_ready = False
        self._exit_scheduled = False
        self._gc_paused = not gc.isenabled()  # by `hengyang play`, for start-up: resumed in screen_ready
        for th in THEMES:
            self.register_theme(th)
        self.theme = DARK

    @property
    def campaign(self) -> Campaign:
        """The game in progress (a fresh one on the chosen scenario and seed until one is started or loaded)."""
        if self._campaign is None:
            from game.engine.campaign import Campaign

            self._campaign = Campaign.new(self.scenario, self.seed)
        return self._campaign

    @campaign.setter
    def campaign(self, value: Campaign) -> None:
        self._campaign = value

    # ---- start-up and size

    def on_mount(self) -> None:
        if self.title_screen:
            self.push_screen(TitleScreen())
        else:
            self.start_game()
        self._game_ready = True
        self.call_after_refresh(lambda: self._check_size(self.size.width, self.size.height))

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, w: int, h: int) -> None:
        if not self._game_ready:
            return
        small = w < MIN_W or h < MIN_H
        if self._too_small is not None and self._too_small not in self.screen_stack:
            self._too_small = None
        if small and self._too_small is None:
            self._too_small = TooSmallScreen()
            self.push_screen(self._too_small)
        elif small and self._too_small is not None:
            if self._too_small.is_mounted:
                self._too_small.show(w, h)
        elif not small and self._too_small is not None:
            if self.screen is self._too_small:
                self.pop_screen()
            self._too_small = None

    def screen_ready(self) -> None:
        """Called by the first screens once mounted: lets the start-up benchmark stop after the first frame."""
        if not gc.isenabled() and self._gc_paused:
            # `hengyang play` paused the collector for start-up: what exists now lives as long as the game,
            # so it is frozen (never scanned again) and collection resumes for what the game allocates.
            self._gc_paused = False
            gc.freeze()
            gc.enable()
        if os.environ.get(EXIT_AFTER_FIRST_FRAME) and not self._exit_scheduled:
            self._exit_scheduled = True
            self.call_after_refresh(self.exit)

    def setup_game(self, folder: Path | None, seed: int, sensitivity: str) -> str | None:
        """Start a fresh campaign (in another scenario if `folder` is given). Returns an error message or None."""
        from game.scenario.loader import ContentInvalid, load_scenario

        if folder is not None:
            try:
                if (folder / "pack.yaml").is_file() and not (folder / "scenario.yaml").is_file():
                    from game.scenario.packs import load_with_packs

                    sc = load_with_packs(None, [folder])
                else:
                    sc = load_scenario(folder)
            except ContentInvalid as exc:
                first = exc.errors[0] if exc.errors else "unknown problem"
                return f"That scenario does not load ({len(exc.errors)} problem(s)), first: {first}"
            self.scenario = sc
        self.seed = seed
        self.sensitivity = sensitivity if sensitivity in ("full", "summary") else "full"
        from game.engine.campaign import Campaign

        self.campaign = Campaign.new(self.scenario, seed)
        self.queue, self.dirty, self._dialogs = [], False, []
        self.classroom = None
        return None

    def start_game(self, load: bool = False) -> None:
        """Leave the title screen for the main screen."""
        from game.tui.screens.main import MainScreen

        if isinstance(self.screen, TitleScreen):
            self.pop_screen()
        self.push_screen(MainScreen())
        if load:
            self.call_after_refresh(self.action_load)

    @property
    def main(self) -> MainScreen | None:
        """The main screen, if it is on the stack."""
        # Asked for every key the footer shows, from the first frame on: if the main screen's module is not
        # even imported there is no main screen, and importing it here would pull the rules into start-up.
        mod = sys.modules.get("game.tui.screens.main")
        if mod is None:
            return None
        MainScreen = mod.MainScreen  # noqa: N806
        for s in self.screen_stack:
            if isinstance(s, MainScreen):
                return s
        return None

    def say(self, text: str | Text) -> None:
        """Write a line to the log."""
        if (m := self.main) is not None:
            m.write(text)

    def refresh_main(self) -> None:
        if (m := self.main) is not None and m.is_mounted:
            m.refresh_all()

    # ---- orders

    def spent(self) -> int:
        """Staff time used by the queued orders."""
        from game.rules import orders as o

        return sum(o.COST.get(getattr(od, "kind", ""), 1) for od in self.queue)

    def queue_order(self, order: object) -> bool:
        """Queue an order if the rules allow it now; otherwise say why."""
        from game.rules import orders as o
        from game.rules.commands import check
        from game.tui.parser import describe

        c = self.campaign
        reason = check(c.world, c.state, order, self.spent())
        if self.classroom is not None and (seat_reason := self.classroom.refuse(self, order)):
            reason = seat_reason
        if reason is None:
            # one doctrine, triage, etc. per day: a new one replaces the old
            single = {"set_doctrine", "triage", "quarantine", "repair_works", "request_air_supply"}
            kind = getattr(order, "kind", "")
            if kind in single:
                self.queue = [q for q in self.queue if getattr(q, "kind", "") != kind]
            if isinstance(order, o.Choose):
                self.queue = [q for q in self.queue if not (isinstance(q, o.Choose) and q.event == order.event)]
            self.queue.append(order)
            self.dirty = True
            self.say(Text("Queued: ", style="green") + lit(describe(order, c.world)))
            self.refresh_main()
            return True
        self.say(Text("Refused: ", style="bold red") + lit(f"{describe(order, c.world)} - {reason}"))
        return False

    def run_command(self, line: str) -> None:
        """Carry out one console line."""
        from game.rules import orders as o
        from game.tui.parser import HELP, describe, parse

        c = self.campaign
        p = parse(line, c.world, c.state)
        if p.error:
            self.say(Text("? ", style="bold red") + lit(p.error))
            return
        if p.order is not None:
            if self.queue_order(p.order):
                self._first_hand(p)
            return
        match p.command:
            case "help":
                for ln in HELP.format(staff=o.STAFF_TIME).splitlines():
                    self.say(lit(ln))
            case "orders":
                if not self.queue:
                    self.say("No orders queued for today.")
                for i, od in enumerate(self.queue, 1):
                    self.say(lit(f"{i}. {describe(od, c.world)} ({o.COST.get(getattr(od, 'kind', ''), 1)})"))
                self.say(lit(f"Staff time left: {o.STAFF_TIME - self.spent()}/{o.STAFF_TIME}"))
            case "cancel":
                if not p.args or not p.args[0].isdigit() or not 1 <= int(p.args[0]) <= len(self.queue):
                    self.say(lit(f"usage: cancel N, with N from 1 to {len(self.queue)} (see 'orders')"))
                    return
                od = self.queue.pop(int(p.args[0]) - 1)
                self.say(lit("Cancelled: " + describe(od, c.world)))
                self.refresh_main()
            case "end":
                self.end_day()
            case "look":
                self.look(" ".join(p.args))
            case "examine":
                self.examine(" ".join(p.args))
            case "save":
                self.action_save()
            case "load":
                self.action_load()
            case "archive":
                self.action_archive()
            case "theme":
                self.action_toggle_theme()

    def _first_hand(self, p: object) -> None:
        """After a visit or a talk is queued, the staff officer reports what he found (true figures)."""
        from game.rules.reports import officer_report, position_report

        c = self.campaign
        cmd, args = getattr(p, "command", None), getattr(p, "args", [])
        if cmd == "go" and args:
            if self.main is not None:
                self.main.query_one("#map").select(args[0])  # type: ignore[attr-defined]
            self.visited.add(args[0])
            for ln in position_report(c.world, c.state, args[0]):
                self.say(lit(ln))
        elif cmd == "talk" and args:
            for ln in officer_report(c.world, c.state, args[0]):
                self.say(lit(ln))

    def examine(self, what: str) -> None:
        """Read the daily returns on works, a unit or a position (free; figures rounded)."""
        from game.rules.reports import fatigue_word, morale_word, rough
        from game.tui.parser import match_name, norm

        c = self.campaign
        if norm(what) in ("", "works", "work", "defences", "defenses", "here", "position"):
            self.look("")
            return
        units = {k: v for k, v in c.world.unit_names.items()}
        uid, err = match_name(what, units, "unit")
        if uid is not None:
            u = c.state.units[uid]
            where = c.world.places[u.position].name if u.position else "outside the city"
            self.say(lit(f"{c.world.unit_names[uid]} at {where}: {rough(u.strength)} men, {morale_word(u.morale)}, "
                         f"{fatigue_word(u.fatigue)} (the returns; 'go to' the position for true figures)."))
            return
        self.look(what)

    def look(self, what: str) -> None:
        """Describe a position (the selected one by default) in the log."""
        from game.tui.parser import match_name, position_names
        from game.tui.widgets import place_text

        m = self.main
        c = self.campaign
        if what:
            pid, err = match_name(what, position_names(c.world), "position")
            if err:
                self.say(Text("? ", style="bold red") + lit(err))
                return
            if m is not None:
                m.query_one("#map").select(pid)  # type: ignore[attr-defined]
        else:
            pid = m.query_one("#map").selected if m is not None else c.world.hq  # type: ignore[attr-defined]
        for ln in place_text(c.world, c.state, pid, exact=pid in self.visited).split("\n"):
            self.say(ln)

    # ---- the day

    def end_day(self) -> None:
        """Resolve the day with the queued orders, report, then show the day's events."""
        from game.tui.parser import describe

        c = self.campaign
        if c.over:
            self.push_screen(_screen("DebriefScreen")(c))
            return
        if self.classroom is not None and self.classroom.on_end_day(self):
            return
        orders, self.queue = list(self.queue), []
        self.visited = set()
        day = c.state.day
        res = c.end_day(orders)
        self.dirty = True
        self.say(Text(f"--- {c.world.date(day).strftime('%d %B %Y')} ---", style="bold"))
        for h in res.happenings:
            self.say(lit(f"[{h.phase}] {h.text}"))
        for od, why in res.refused:
            self.say(Text("Refused: ", style="bold red") + lit(f"{describe(od, c.world)} - {why}"))
        self.refresh_main()
        plain = [e for e in res.fired if e in c.world.event_by_id and e not in c.state.pending]
        if plain:
            label = c.world.date(day).strftime("%d %B %Y")
            self._dialogs.append((_screen("DispatchScreen")(c.world, label, plain, self.sensitivity), None))
        if not c.over:
            self._queue_pending()
        self._next_dialog()

    def _queue_pending(self) -> None:
        c = self.campaign
        if self.classroom is not None:
            self.classroom.begin_day(self)
            return
        for eid in c.state.pending:
            if eid in c.world.event_by_id and c.world.event_by_id[eid].choices:
                self._dialogs.append((_screen("EventScreen")(c.world, eid, self.sensitivity), eid))

    def _next_dialog(self, _result: object = None) -> None:
        from game.rules import orders as o

        if self._dialogs:
            screen, eid = self._dialogs.pop(0)

            def done(result: object, eid: object = eid) -> None:
                if eid is not None and isinstance(result, str):
                    self.queue_order(o.Choose(str(eid), result))
                self._next_dialog()

            self.push_screen(screen, callback=done)  # type: ignore[arg-type]
        elif self.campaign.over and not isinstance(self.screen, _screen("DebriefScreen")):
            self.push_screen(_screen("DebriefScreen")(self.campaign))

    # ---- help, archive, themes, command palette

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the keys that mean nothing yet: no orders or saving before a game is on screen."""
        if action == "orders":
            return self.main is not None and self.screen is self.main and not self.campaign.over
        if action == "save":
            return self.main is not None
        return True

    def action_orders(self) -> None:
        """The orders menu: every order by keys alone, offering only what the rules allow now."""
        if self.main is None or self.campaign.over or self.screen is not self.main:
            return
        from game.rules import orders as o
        from game.tui.screens.orders import open_orders

        def done(order: object | None) -> None:
            if order is not None and self.queue_order(order):
                from types import SimpleNamespace

                if isinstance(order, o.Inspect):
                    self._first_hand(SimpleNamespace(command="go", args=[order.position]))
                elif isinstance(order, o.Consult):
                    self._first_hand(SimpleNamespace(command="talk", args=[order.officer]))

        open_orders(self, done)

    def action_help(self) -> None:
        """Show the help screen (once)."""
        if not isinstance(self.screen, _screen("HelpScreen")):
            self.push_screen(_screen("HelpScreen")())

    def open_archive(self, seed: str | None = None, quote: str | None = None) -> None:
        """Show the archive, at a seed and a cited passage if given."""
        if isinstance(self.screen, _screen("ArchiveScreen")):
            if seed:
                self.pop_screen()
            else:
                return
        self.push_screen(_screen("ArchiveScreen")(self.scenario, seed, quote))

    def action_archive(self) -> None:
        self.open_archive()

    def action_umpire(self) -> None:
        """Teacher mode, after a confirmation: see `game.tui.screens.umpire`."""
        from game.tui.screens.umpire import UmpireScreen

        if isinstance(self.screen, UmpireScreen) or self.main is None:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.push_screen(UmpireScreen())

        self.push_screen(ConfirmScreen("Open the umpire (teacher) screen? It shows everything."), callback=answer)

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme."""
        self.theme = LIGHT if self.current_theme.dark else DARK
        self.refresh_main()

    def action_debrief(self) -> None:
        if self.campaign.over and not isinstance(self.screen, _screen("DebriefScreen")):
            self.push_screen(_screen("DebriefScreen")(self.campaign))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette: the game's main actions first, then Textual's own."""
        in_game = self.main is not None
        if in_game and not self.campaign.over:
            yield SystemCommand("End the day", "Send today's orders and resolve the day (ctrl+e)", self.end_day)
            yield SystemCommand("Orders menu", "Give an order by picking from lists (ctrl+o)", self.action_orders)
        if in_game:
            yield SystemCommand("Save", "Write the quicksave (ctrl+s)", self.action_save)
            from game.classroom.browser import palette_commands  # downloads of the save and the report

            yield from palette_commands(self)
        yield SystemCommand("Load", "Read the quicksave and replay it (ctrl+l)", self.action_load)
        yield SystemCommand("Archive", "Source documents, cited passages and disputes (F2)", self.action_archive)
        yield SystemCommand("Help", "Keys, console commands, map symbols, how a day works (F1)", self.action_help)
        yield SystemCommand("Toggle light/dark theme", "Switch between the two game themes (F3)",
                            self.action_toggle_theme)
        if self.campaign.over:
            yield SystemCommand("Debrief", "How the campaign ended, and questions for discussion",
                                self.action_debrief)
        yield from super().get_system_commands(screen)

    # ---- saving, loading, quitting

    def _path(self) -> Path:
        return self.save_path or default_save_path()

    def save_file(self):
        """The game in progress in its save form (`game.engine.saves.SaveFile`): the command log, the
        classroom's data and umpire actions, and the orders queued today (so that a game saved mid-day
        resumes mid-day). SaveError if the game's own data does not validate (a bug)."""
        from game.classroom.browser import save_extras  # the text setting, the team in a browser session
        from game.engine import saves
        from game.rules.orders import order_to_dict

        meta = self.classroom.meta() if self.classroom is not None else {}
        meta.update(save_extras(self))
        if self.queue:
            meta[QUEUED_KEY] = [order_to_dict(od) for od in self.queue]
        return saves.to_save(self.campaign, meta)

    def action_save(self) -> None:
        from game.engine import saves
        from game.fsio import FileRefused

        path = self._path()
        try:
            saves.write_atomic(path, saves.save_json(self.save_file()), what="save")
        except (FileRefused, saves.SaveError) as exc:  # nothing was written; the old save is intact
            self.say(Text("Save failed: ", style="bold red") + lit(str(exc)))
            if self.screen is not self.main:
                self.notify(f"Save failed: {exc}", severity="error", markup=False)
            return
        self.dirty = False
        msg = f"Saved day {self.campaign.state.day} to {display_path(path)}"
        self.say(lit(msg))
        if self.screen is not self.main:  # the log is hidden (debrief, a dialog): say it where it is seen
            self.notify(msg, title="Saved", markup=False)

    def action_load(self) -> None:
        from game.engine import saves, umpire

        if self.main is None:  # from the title screen: the main screen first; it loads once it is drawn
            self.start_game(load=True)
            return

        try:
            # as the command line does: the packs checked, the orders and umpire actions replayed, the hash
            sf, c = umpire.load_save(self._path(), self.campaign.world, pack_hint=PACK_HINT)
        except saves.SaveError as exc:  # the file as the player knows it (~/...), not where a server keeps it
            shown = str(exc).replace(str(self._path()), display_path(self._path()))
            self.say(Text("Cannot load: ", style="bold red") + lit(shown))
            if self.screen is not self.main:
                self.notify(f"Cannot load: {shown}", severity="error", markup=False)
            return
        self.campaign, self.queue, self.dirty, self._dialogs = c, [], False, []
        queued = list(sf.typed_meta.queued) if not c.over else []
        self.classroom = None
        if sf.typed_meta.classroom:
            from game.tui.hotseat import restore_classroom

            self.classroom = restore_classroom(self, sf)
        if self.main is None:
            self.start_game()
        self.say(lit(f"Loaded: {c.world.date(c.state.day).strftime('%d %B %Y')} (day {c.state.day})"))
        if queued:
            self.queue = queued
            self.say(lit(f"{len(queued)} order(s) of the day restored; 'orders' lists them."))
        self.refresh_main()
        if c.over:
            self.push_screen(_screen("DebriefScreen")(c))
        else:
            self._queue_pending()
            # An event the staff had already answered before saving does not ask again.
            from game.rules import orders as o

            answered = {od.event for od in self.queue if isinstance(od, o.Choose)}
            self._dialogs = [(scr, eid) for scr, eid in self._dialogs if eid not in answered]
            self._next_dialog()

    async def action_quit(self) -> None:
        if not self.dirty:
            self.exit()
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmScreen("Quit without saving today's progress?"), callback=answer)


#: Save-meta key for the orders queued on the day the game was saved (not yet part of the command log).
QUEUED_KEY = "queued"
#: How a player of the game loads the packs a save was played with.
PACK_HINT = ("pick the scenario with that pack on the title screen, or start the game with "
             "hengyang play --mod PACK")


def run_app(seed: int = 1, scenario: Scenario | None = None, sensitivity: str = "full",
            campaign: Campaign | None = None) -> int:
    """Load the scenario (through the validated-scenario cache), run the TUI, return an exit code.
    A `campaign` already under way (`play --start-date`) opens on the main screen, without the title."""
    if scenario is None:
        from game.scenario.cache import load_scenario_cached

        scenario = load_scenario_cached()
    sc = scenario
    app = HengyangApp(sc, seed, sensitivity, title_screen=campaign is None)
    if campaign is not None:
        app.campaign = campaign
    app.run()
    # Textual sets a return code of 1 when the app stopped on an error: a script must not read that as success.
    return app.return_code or 0
