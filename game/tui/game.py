"""The game on screen: one `Session` (game.engine.session) shown by the screens, driven by what they ask for.

The app hands every message and key of a game to this class. It gives orders to the session and writes what
became of them, runs the dialogs of a day one after another in a worker (`push_screen_wait`), opens the
screens with the data they show, and saves and loads through the session. It computes no rule: the session
and the rules decide, the text builders (game.tui.views) word it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App
from textual.screen import Screen

from game.classroom.browser import save_extras
from game.engine import saves
from game.engine.campaign import Campaign
from game.engine.session import STAFF, DayOutcome, Given, Session
from game.engine.umpire import UmpireError, ending_title
from game.fsio import FileRefused
from game.paths import display_path
from game.rules import catalogue as cat
from game.rules import orders as o
from game.rules.orders import Order
from game.rules.preview import expected
from game.rules.reports import fatigue_word, morale_word, rough
from game.scenario.cache import load_scenario_cached
from game.scenario.errors import ContentError, ContentInvalid
from game.scenario.loader import load_scenario
from game.scenario.models import Scenario
from game.scenario.packs import load_with_packs
from game.tui import views
from game.tui.hotseat import Classroom, restore_classroom, start_classroom
from game.tui.manifest import Source, default_save_path
from game.tui.messages import ClassroomStart, UmpireActed
from game.tui.parser import Console, completions, help_lines
from game.tui.screens.archive import ArchiveScreen
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.debrief import DebriefScreen
from game.tui.screens.dispatch import DispatchScreen
from game.tui.screens.event import EventScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.legend import LegendScreen
from game.tui.screens.main import MainScreen
from game.tui.screens.orders import OrdersScreen
from game.tui.screens.replay import ReplayScreen, replay_mornings
from game.tui.screens.roles import RolesScreen
from game.tui.screens.title import TitleScreen
from game.tui.screens.umpire import UmpireScreen
from game.tui.text import lit

REFUSED = "bold red"


def load_source(source: Source, warnings: list[ContentError] | None = None) -> Scenario:
    """The scenario a game starts on: the validated-scenario cache for a folder, a full load with packs (their
    warnings, such as an engine version mismatch, are appended to `warnings`)."""
    if source.mods:
        return load_with_packs(source.folder, list(source.mods), warnings=warnings)
    return load_scenario_cached(source.folder)


def load_folder(folder: Path) -> Scenario:
    """A scenario picked on the title screen: a scenario folder, or a pack (applied to the built-in one)."""
    if (folder / "pack.yaml").is_file() and not (folder / "scenario.yaml").is_file():
        return load_with_packs(None, [folder])
    return load_scenario(folder)


#: How a player of the game loads the packs a save was played with (after the command line's own words).
PACK_HINT = ("pick the scenario with that pack on the title screen, or start the game with "
             "hengyang play --mod PACK")


class Game:
    """A game being played on screen."""

    def __init__(self, app: App[Any], scenario: Scenario, *, save_path: Path | None = None,
                 sensitivity: str = "full", seed: int = 1) -> None:
        self.app = app
        self.scenario = scenario
        self.save_path = save_path
        self.seed = seed
        self.session = Session.new(scenario, seed, sensitivity)
        self.classroom: Classroom | None = None
        self.console = Console()
        self.main: MainScreen | None = None
        self._dialogs = False  # a dialog worker is running
        #: Lines for the log once the main screen is up (the content packs' warnings).
        self.notes: list[str] = []
        self._reports: list[tuple[str, list[str]]] = []  # day reports waiting for the dialog worker

    # ---- the session

    @property
    def sensitivity(self) -> str:
        return self.session.sensitivity

    def path(self) -> Path:
        return self.save_path or default_save_path()

    def _new_session(self, session: Session) -> None:
        self.session = session
        self.console = Console()
        self.set_classroom(None)

    def replace_campaign(self, campaign: Campaign) -> None:
        """Show another campaign (the debrief of a headless game, in tests)."""
        self._new_session(Session(campaign, sensitivity=self.session.sensitivity))
        self.refresh()

    def set_classroom(self, classroom: Classroom | None) -> None:
        """Play with (or without) the classroom's seats, gate and meta."""
        self.classroom = classroom
        s = self.session
        if classroom is None:
            s.gate, s.extra_meta = None, None
            s.seats, s.seat = [STAFF], STAFF
        else:
            classroom.attach(s)

    # ---- screens

    @property
    def on_main(self) -> bool:
        return self.main is not None and self.app.screen is self.main

    def scenario_for(self, folder: Path | None) -> Scenario | str:
        """The scenario of a folder picked on the title screen (the current one for None), or why it does not
        load."""
        if folder is None:
            return self.scenario
        try:
            return load_folder(folder)
        except ContentInvalid as exc:
            first = exc.errors[0] if exc.errors else "unknown problem"
            return f"That scenario does not load ({len(exc.errors)} problem(s)), first: {first}"

    def start(self, folder: Path | None, seed: int, sensitivity: str, *, load: bool = False) -> None:
        """Leave the title screen for a new game (in the scenario of `folder`, if given)."""
        sc = self.scenario_for(folder)
        if isinstance(sc, str):
            self._title_error(sc)
            return
        self.play(sc, Session.new(sc, seed, sensitivity), seed)
        if load:
            self.app.call_after_refresh(self.load)

    def start_with(self, campaign: Campaign) -> None:
        """Open on the main screen with a campaign already under way (`play --start-date`)."""
        self.play(self.scenario, Session(campaign, sensitivity=self.session.sensitivity), campaign.seed)

    def play(self, scenario: Scenario, session: Session, seed: int) -> None:
        """Play this session on the main screen."""
        self.scenario, self.seed = scenario, seed
        self._new_session(session)
        self.show_main()

    def _title_error(self, text: str) -> None:
        if isinstance(self.app.screen, TitleScreen | RolesScreen):
            self.app.screen.error(text)

    def show_main(self) -> None:
        """The main screen for the current session, in place of whatever game screens are on the stack."""
        while isinstance(self.app.screen, TitleScreen | RolesScreen) and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        if self.main is not None and self.main in self.app.screen_stack:
            self.main.use(self.session)
            self.refresh()
            return
        self.main = MainScreen(self.session, help_words=completions(self.session.world))
        self.app.push_screen(self.main)
        for note in self.notes:
            self.say(lit(note, "yellow"))
        self.notes = []

    def refresh(self) -> None:
        """Redraw the main screen from the session."""
        if self.main is not None and self.main.is_mounted:
            self.main.show(self.session, self.app.current_theme.dark)

    def say(self, text: str | Text) -> None:
        """A line in the war diary (the main screen's log)."""
        if self.main is not None:
            self.main.write(text if isinstance(text, Text) else lit(text))

    def can(self, action: str) -> bool:
        """Whether an app key means something now."""
        if action == "orders":
            return self.on_main and not self.session.over
        if action in ("save", "umpire"):
            return self.main is not None
        return True

    def open_orders(self) -> None:
        if not self.on_main or self.session.over:
            return

        def done(order: Order | None) -> None:
            if order is not None:
                self.give(order)

        self.app.push_screen(OrdersScreen(self.session), callback=done)

    def open_help(self) -> None:
        if not isinstance(self.app.screen, HelpScreen):
            self.app.push_screen(HelpScreen(self.path()))

    def open_archive(self, seed: str | None = None, quote: str | None = None) -> None:
        """The archive, at a seed and a cited passage if given."""
        if isinstance(self.app.screen, ArchiveScreen):
            if not seed:
                return
            self.app.pop_screen()
        self.app.push_screen(ArchiveScreen(self.session.world.scenario, seed, quote))

    def open_legend(self) -> None:
        if self.main is not None and not isinstance(self.app.screen, LegendScreen):
            self.app.push_screen(LegendScreen(self.main.map_labels(), self.session.world, self.session.state))

    def open_debrief(self) -> None:
        if self.session.over and not isinstance(self.app.screen, DebriefScreen):
            self.app.push_screen(DebriefScreen(self.session.campaign))

    def open_replay(self) -> None:
        """The game day by day: its save form replayed through the one path every load takes, so the replay
        ends where the game did (umpire actions included) or says why it cannot."""
        try:
            c, mornings = replay_mornings(self.session.save_file(save_extras(self.app)), self.session.world)
        except saves.SaveError as exc:
            self.app.notify(f"Cannot replay: {exc}", severity="error", markup=False)
            return
        self.app.push_screen(ReplayScreen(c, mornings))

    def open_classroom(self, folder: Path | None, seed: int, sensitivity: str) -> None:
        """The classroom set-up, for the scenario the title screen chose."""
        sc = self.scenario_for(folder)
        if isinstance(sc, str):
            self._title_error(sc)
            return
        self.app.push_screen(RolesScreen(sc, folder, seed, sensitivity))

    def start_classroom(self, message: ClassroomStart) -> None:
        err = start_classroom(self, folder=message.folder, sensitivity=message.sensitivity, **message.settings)
        if err:
            self._title_error(err)

    # ---- orders and the console

    def give(self, order: Order) -> Given:
        """Give an order as the seat at the keyboard; say what became of it."""
        got = self.session.give(order)
        w = self.session.world
        if got.ok:
            line = Text("Given: ", style="green") + lit(cat.describe(w, order))
            if got.replaced:
                line += lit(" (in place of " + "; ".join(cat.describe(w, od) for od in got.replaced) + ")")
            self.say(line)
            if not got.answer:
                for note in expected(w, self.session.state, order).lines:
                    self.say(lit("  " + note, "dim"))
            for ln in got.answer:
                self.say(lit(ln))
            if isinstance(order, o.Inspect) and self.main is not None:
                self.main.select(order.position)
        else:
            self.say(Text("Refused: ", style=REFUSED) + lit(f"{cat.describe(w, order)} - {got.reason}"))
        self.refresh()
        return got

    def run_command(self, line: str) -> None:
        """One console line: an order, a console command, a question back or an error."""
        s = self.session
        p = self.console.parse(line, s.world, s.state)
        if p.question is not None:
            self.say(Text("? ", style="bold yellow") + lit(p.question.text))
            return
        if p.error:
            self.say(Text("? ", style=REFUSED) + lit(p.error))
            return
        if p.order is not None:
            self.give(p.order)
            return
        w, st = s.world, s.state
        lines: list[str] = []
        match p.command:
            case "help":
                lines = help_lines()
            case "orders":
                lines = views.orders_lines(s)
            case "cancel":
                n = len(s.book) if p.number == -1 else (p.number or 0)
                got = s.cancel(n)
                if got.ok and got.order is not None:
                    lines = ["Cancelled: " + cat.describe(w, got.order)]
                else:
                    what = cat.describe(w, got.order) + ": " if got.order is not None else ""
                    self.say(Text("Cannot cancel: ", style=REFUSED) + lit(f"{what}{got.reason}"))
                self.refresh()
            case "end":
                self.end_day()
            case "look" | "examine":
                self.look(p.target, p.words[0] if p.words else "position")
            case "status":
                lines = views.status_lines(s)
            case "units":
                lines = views.units_lines(w, st) if "forces" in s.sees() else ["Your seat does not see the forces."]
            case "positions":
                lines = views.positions_lines(w, st, "forces" in s.sees())
            case "where":
                lines = views.where_lines(w, st, self.main.selected() if self.main else w.hq)
            case "preview":
                if p.preview is not None:
                    lines = expected(w, st, p.preview).text().splitlines()
            case "save":
                self.save()
            case "load":
                self.load()
            case "archive":
                self.open_archive()
            case "theme":
                self.app.call_later(self.app.run_action, "toggle_theme")
            case "legend":
                self.open_legend()
        for ln in lines:
            self.say(lit(ln))

    def look(self, target: str | None, kind: str = "position") -> None:
        """Describe a position (the selected one by default) or a unit, from the daily returns."""
        s = self.session
        w, st = s.world, s.state
        forces = "forces" in s.sees()
        if kind == "unit" and target in w.unit_names:
            if not forces:
                self.say(lit("Your seat does not see the forces."))
                return
            u = st.units[target]
            where = w.places[u.position].name if u.position else "outside the city"
            self.say(lit(f"{w.unit_names[target]} at {where}: {rough(u.strength)} men, {morale_word(u.morale)}, "
                         f"{fatigue_word(u.fatigue)} (the returns; 'go to' the position for true figures)."))
            return
        if target is not None and self.main is not None:
            self.main.select(target)
        pid = target or (self.main.selected() if self.main is not None else w.hq)
        for ln in views.place_text(w, st, pid, exact=pid in s.visited, forces=forces).plain.split("\n"):
            self.say(lit(ln))

    # ---- the day

    def end_day(self) -> None:
        """The seat at the keyboard is done: pass the keyboard on, or resolve the day and show what followed."""
        s = self.session
        if s.over:
            self.open_debrief()
            return
        if self.classroom is not None and self.classroom.on_end_day(self):
            return
        out = s.end_day()
        if not isinstance(out, DayOutcome):
            self.say(Text("Paused by the umpire: ", style=REFUSED) + lit(f"{out.reason}; the day cannot end."))
            return
        w = s.world
        self.say(Text(f"--- {out.date.day} {out.date:%B %Y} ---", style="bold"))
        for h in s.diary():
            self.say(lit(f"[{h.phase}] {h.text}"))
        for od, why in out.refused:
            self.say(Text("Refused: ", style=REFUSED) + lit(f"{cat.describe(w, od)} - {why}"))
        self.refresh()
        if out.reports and (self.classroom is None or "log" in s.sees()):
            self._reports.append((f"{out.date.day} {out.date:%B %Y}", list(out.reports)))
        if self.classroom is not None and not s.over:
            self.classroom.new_day()
        self.run_dialogs()

    def run_dialogs(self) -> None:
        """Show what waits for the player, one dialog after another: the day's reports, then the decisions of
        the seat at the keyboard (in hot-seat play, the handover and the staff meeting first), then, once the
        campaign is over, the debrief. One worker at a time; a running one picks up what is added."""
        if not self._dialogs:
            self._dialogs = True
            self.app.run_worker(self._run_dialogs(), group="dialogs", exit_on_error=True)

    async def _run_dialogs(self) -> None:
        session = self.session
        try:
            while self._reports:
                label, events = self._reports.pop(0)
                await self.ask(DispatchScreen(session.world, label, events, session.sensitivity, session.state))
            if self.classroom is not None:
                await self.classroom.turn_dialogs(self)
            else:
                while (waiting := session.decisions()) and self.session is session:
                    eid = waiting[0]
                    choice = await self.ask(EventScreen(session.world, eid, session.sensitivity, session.state))
                    if isinstance(choice, str) and self.session is session:
                        self.give(o.Choose(eid, choice))
        finally:
            self._dialogs = False
        if self.session is session and session.over and not isinstance(self.app.screen, DebriefScreen):
            self.open_debrief()

    async def ask(self, screen: Screen[Any]) -> Any:
        """Show a dialog and wait for its answer (from the dialog worker)."""
        return await self.app.push_screen_wait(screen)

    # ---- the umpire

    def open_umpire(self) -> None:
        """Teacher mode, after a confirmation."""
        if self.main is None or isinstance(self.app.screen, UmpireScreen):
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.app.push_screen(UmpireScreen(self.session, self.umpire_classroom()), callback=self._umpired)

        self.app.push_screen(ConfirmScreen("Open the umpire (teacher) screen? It shows everything."), callback=answer)

    def umpire_classroom(self) -> Classroom:
        """The classroom of the game; an umpire in a game for one player makes it a lesson of one seat."""
        if self.classroom is None:
            roles = list(self.session.world.scenario.roles)
            self.set_classroom(Classroom.make(roles, [r.id for r in roles], True))
        assert self.classroom is not None
        return self.classroom

    def umpire(self, m: UmpireActed) -> None:
        """Carry out an umpire action and tell the umpire screen how it went."""
        s, cr = self.session, self.umpire_classroom()
        screen = self.app.screen if isinstance(self.app.screen, UmpireScreen) else None
        w = s.world
        ok, text = True, ""
        try:
            match m.action:
                case "pause":
                    text = "Paused: no one can end the day." if s.toggle_pause() else "Resumed."
                case "inject":
                    if m.event:
                        s.umpire_inject(m.event)
                        self.say(lit(f"Umpire: {w.event_by_id[m.event].title}", "bold"))
                        text = f"Injected '{m.event}'" + (": it waits for a decision."
                                                          if m.event in s.state.pending else ".")
                case "skip":
                    if m.event:
                        a = s.umpire_skip(m.event)
                        text = f"Skipped '{m.event}': {a.note}."
                case "jump":
                    if m.preset:
                        s.umpire_jump(m.preset)
                        cr.preset, cr.lesson_start_day = m.preset, s.state.day
                        cr.restart = True
                        d = s.date()
                        title = next((p.title for p in w.scenario.presets if p.id == m.preset), m.preset)
                        self.say(lit(f"Umpire: jumped to {title}, {d.day} {d:%B %Y} (played historically).", "bold"))
                        text = f"Jumped to {title}: {d.day} {d:%B %Y}."
                case "sensitivity":
                    s.sensitivity = "summary" if s.sensitivity == "full" else "full"
                    text = f"Text sensitivity: {s.sensitivity}."
                case "end":
                    s.umpire_end()
                    self.refresh()
                    if screen is not None:
                        screen.dismiss(None)
                    return
        except UmpireError as exc:
            ok, text = False, f"Cannot {m.action}: {exc}"
        if screen is not None:
            screen.report(text, ok)
            screen.fill(s, cr)
        self.refresh()

    def _umpired(self, _result: object = None) -> None:
        """Back from the umpire: after a jump the day's turns start again; new decisions are asked."""
        if self.session.over:
            self.open_debrief()
            return
        cr = self.classroom
        if cr is not None and cr.restart:
            cr.restart = False
            cr.new_day()
        self.refresh()
        self.app.call_after_refresh(self.run_dialogs)

    # ---- saving and loading

    def save(self) -> None:
        try:
            # what the classroom keeps of a lesson besides the game: the text setting, a browser session's team
            path = self.session.save(self.path(), save_extras(self.app))
        except (FileRefused, saves.SaveError) as exc:  # nothing was written: the old save is as it was
            self.say(Text("Save failed: ", style=REFUSED) + lit(str(exc)))
            if not self.on_main:
                self.app.notify(f"Save failed: {exc}", severity="error", markup=False)
            return
        msg = f"Saved day {self.session.state.day} to {display_path(path)}"
        self.say(lit(msg))
        if not self.on_main:  # the log is hidden (debrief, a dialog): say it where it is seen
            self.app.notify(msg, title="Saved", markup=False)

    def load(self) -> None:
        """Read the quicksave and replay it (one engine function: Session.load)."""
        if self.main is None:  # from the title screen: the main screen first; it loads once it is drawn
            self.start(None, self.seed, self.session.sensitivity, load=True)
            return
        try:
            got = Session.load(self.path(), self.session.world, self.session.sensitivity, pack_hint=PACK_HINT)
        except saves.SaveError as exc:  # the file as the player knows it (~/...), not where a server keeps it
            shown = str(exc).replace(str(self.path()), display_path(self.path()))
            self.say(Text("Cannot load: ", style=REFUSED) + lit(shown))
            if not self.on_main:
                self.app.notify(f"Cannot load: {shown}", severity="error", markup=False)
            return
        self._new_session(got.session)
        meta = got.session.loaded_meta
        if "roles" in meta:
            self.set_classroom(restore_classroom(list(self.session.world.scenario.roles), meta))
        while self.app.screen is not self.main and self.main in self.app.screen_stack:
            self.app.pop_screen()
        self.show_main()
        d = self.session.date()
        self.say(lit(f"Loaded: {d.day} {d:%B %Y} (day {self.session.state.day})"))
        if got.restored:
            self.say(lit(f"{got.restored} order(s) of the day restored; 'orders' lists them."))
        if got.dropped:
            self.say(lit("The save's list of today's orders could not be read; it was left out."))
        self.refresh()
        if self.session.over:
            self.open_debrief()
        else:
            if self.classroom is not None:
                self.classroom.new_day(resume=True)
            self.app.call_after_refresh(self.run_dialogs)

    def ending_title(self) -> str | None:
        return ending_title(self.session.campaign)

