"""The game on screen: one `Session` (game.engine.session) shown by the screens, driven by what they ask for.

The app hands every message and key of a game to this class. It gives orders to the session and writes what
became of them, runs the dialogs of a day one after another in a worker (`push_screen_wait`), opens the
screens with the data they show, and saves and loads through the session. It computes no rule: the session
and the rules decide, the text builders (game.tui.views) word it.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App
from textual.screen import Screen

from game.classroom import debrief as db
from game.classroom import slots
from game.classroom.browser import save_extras
from game.classroom.seats import TurnTimer
from game.engine import saves
from game.engine.campaign import Campaign
from game.engine.levers import lever_data_for
from game.engine.session import STAFF, DayOutcome, Given, Jumped, Session
from game.engine.umpire import UmpireError, ending_title
from game.fsio import FileRefused
from game.paths import display_path
from game.rules import catalogue as cat
from game.rules import orders as o
from game.rules.narrative import event_text
from game.rules.orders import Order
from game.rules.preview import expected
from game.rules.reports import fatigue_word, morale_word, rough, where
from game.rules.world import World
from game.scenario.cache import load_scenario_cached
from game.scenario.errors import ContentError, ContentInvalid
from game.scenario.loader import load_scenario
from game.scenario.models import Scenario
from game.scenario.packs import load_with_packs
from game.tui import hotseat, views
from game.tui.hotseat import Classroom, restore_classroom, start_classroom
from game.tui.manifest import Source, default_save_path
from game.tui.messages import ClassroomStart, UmpireActed
from game.tui.parser import Console, completions, help_lines
from game.tui.screens.archive import ArchiveScreen
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.debrief import DebriefScreen
from game.tui.screens.dispatch import DispatchScreen
from game.tui.screens.event import EventScreen, Vet
from game.tui.screens.help import HelpScreen
from game.tui.screens.legend import LegendScreen
from game.tui.screens.main import MainScreen
from game.tui.screens.orders import OrdersScreen
from game.tui.screens.pin import PinScreen
from game.tui.screens.replay import ReplayScreen, replay_mornings
from game.tui.screens.roles import RolesScreen
from game.tui.screens.slots import SlotsScreen
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
                 sensitivity: str = "full", seed: int = 1, umpire_pin: str | None = None) -> None:
        self.app = app
        self.scenario = scenario
        self.save_path = save_path
        self.seed = seed
        #: The umpire's PIN given on the command line (`--umpire-pin`): every game started here is locked with it.
        self.umpire_pin = umpire_pin
        self.session = Session.new(scenario, seed, sensitivity)
        self.classroom: Classroom | None = None
        self.console = Console()
        self.main: MainScreen | None = None
        self._dialogs = False  # a dialog worker is running
        #: Lines for the log once the main screen is up (the content packs' warnings).
        self.notes: list[str] = []
        self._reports: list[tuple[str, list[str]]] = []  # day reports waiting for the dialog worker
        #: The clock of the turn timer (seconds, monotonic); tests give their own.
        self.clock: Callable[[], float] = time.monotonic
        self._levers: tuple[World, tuple[Any, bool] | None] | None = None
        self._ticking = False
        self._lock(self.session)

    # ---- the session

    @property
    def sensitivity(self) -> str:
        return self.session.sensitivity

    def path(self) -> Path:
        return self.save_path or default_save_path()

    def folder(self) -> Path:
        """The save folder: the quicksave's, where named saves and autosaves go too."""
        return self.path().parent

    def _lock(self, session: Session) -> None:
        if self.umpire_pin and session.umpire_pin is None:
            session.lock_umpire(self.umpire_pin)
            session.dirty = False

    def _new_session(self, session: Session) -> None:
        self.session = session
        self._lock(session)
        self.console = Console()
        self.set_classroom(None)

    def replace_campaign(self, campaign: Campaign) -> None:
        """Show another campaign (the debrief of a headless game, in tests)."""
        self._new_session(Session(campaign, sensitivity=self.session.sensitivity))
        self.refresh()

    def set_classroom(self, classroom: Classroom | None) -> None:
        """Play with (or without) the classroom's seats and rules of the table."""
        self.classroom = classroom
        s = self.session
        if classroom is None:
            s.table = None
            s.seats, s.seat = [STAFF], STAFF
        else:
            classroom.attach(s)

    # ---- screens

    @property
    def on_main(self) -> bool:
        return self.main is not None and self.app.screen is self.main

    @property
    def hidden(self) -> bool:
        """Seats share this game and it is not over: each may see only its own orders and reports."""
        return self.classroom is not None and self.classroom.hotseat and not self.session.over

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
        """Leave the title screen for a new game (in the scenario of `folder`, if given); `load`: then pick a
        save to load."""
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
        self.brief()
        self._start_ticking()
        if session.decisions():  # a game begun later (--start-date, a preset) may open on a waiting decision
            self.app.call_after_refresh(self.run_dialogs)

    def brief(self, history: bool = False) -> None:
        """The morning briefing in the war diary (the session's words): with `history`, the diary of every
        day so far first (a loaded game keeps its log)."""
        s = self.session
        if history:
            for day in s.war_diary():
                self.say(Text(f"--- {day.date.day} {day.date:%B %Y} ---", style="bold"))
                for h in day.happenings:
                    self.say(lit(f"[{h.phase}] {h.text}"))
        if s.over:
            return
        b = s.briefing()
        for i, ln in enumerate(b.lines):
            self.say(lit(ln, "bold" if i == 0 else ""))
        for eid in b.reports:
            ev = s.world.event_by_id[eid]
            self.say(Text("Report: ", style="bold") + lit(ev.title + ". ")
                     + lit(" ".join(event_text(s.world, s.state, eid, s.sensitivity).split())))

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
            self.main.sub_title = self.turn_line()

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

    def levers(self) -> tuple[Any, bool] | None:
        """The lever table of the scenario and whether it is stale (checked once per game's world)."""
        w = self.session.world
        if self._levers is None or self._levers[0] is not w:
            self._levers = (w, lever_data_for(w))
        return self._levers[1]

    def open_archive(self, seed: str | None = None, quote: str | None = None) -> None:
        """The archive, at a seed and a cited passage if given. In hot-seat play it names no other seat's event
        and lists only this seat's decisions (the umpire's archive, opened from the umpire screen, shows all)."""
        umpire_open = isinstance(self.app.screen, UmpireScreen)
        if isinstance(self.app.screen, ArchiveScreen):
            if not seed:
                return
            self.app.pop_screen()
        s = self.session
        w = s.world
        hidden: frozenset[str] = frozenset()
        if self.hidden and s.table is not None and not umpire_open:
            table = s.table
            hidden = frozenset(e.id for e in w.scenario.events if not table.answers(s.seat, e.id))
        meta = s.save_meta()
        levers = self.levers()
        decided, notes = [], []
        for x in db.decisions(s.campaign, meta):
            if x.event.id in hidden or x.chosen is None:
                continue
            who = "you" if x.how == "class" else x.by
            decided.append((f"{x.event.title} ({x.date.day} {x.date:%B})", x.chosen.label, who))
            notes.append(db.option_notes(w, levers, x.event.id))
        self.app.push_screen(ArchiveScreen(w.scenario, seed, quote, hidden=hidden, decided=decided, notes=notes,
                                           stale=bool(levers and levers[1])))

    def open_legend(self) -> None:
        if self.main is not None and not isinstance(self.app.screen, LegendScreen):
            self.app.push_screen(LegendScreen(self.main.map_labels(), self.session.world, self.session.state))

    def open_debrief(self) -> None:
        """The debrief, once the campaign is over (never before: it shows every seat's decisions)."""
        s = self.session
        if s.over and not isinstance(self.app.screen, DebriefScreen):
            self.app.push_screen(DebriefScreen(s.campaign, s.save_meta(), s.sensitivity, self.levers()))

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
        self.app.push_screen(RolesScreen(sc, folder, seed, sensitivity, pin_set=bool(self.umpire_pin)))

    def start_classroom(self, message: ClassroomStart) -> None:
        err = start_classroom(self, folder=message.folder, sensitivity=message.sensitivity, **message.settings)
        if err:
            self._title_error(err)

    # ---- the turn timer

    def _start_ticking(self) -> None:
        if not self._ticking:
            self._ticking = True
            self.app.set_interval(1.0, self.tick, name="turn-timer")

    def turn_line(self) -> str:
        """The header's line for a lesson: 'seat 2 of 4 · 3:12 left' (empty outside a lesson)."""
        cr = self.classroom
        if cr is None or self.session.over:
            return ""
        bits = []
        if cr.hotseat:
            k, n = cr.number
            bits.append(f"{cr.seat.name}, seat {k} of {n}")
        left = TurnTimer.text(cr.timer.left(self.clock()))
        if left:
            bits.append(left)
        return " \u00b7 ".join(bits)

    def tick(self) -> None:
        """Once a second: the countdown in the header; at zero, one gentle word (nothing is forced)."""
        cr = self.classroom
        if cr is None or self.main is None or not self.main.is_mounted or self.session.over:
            return
        self.main.sub_title = self.turn_line()
        if cr.timer.due_prompt(self.clock()):
            what = "pass the keyboard" if cr.hotseat and not cr.last() else "end the day"
            msg = f"Time is up for this turn. Finish what you are doing, then {what} with ctrl+e."
            self.say(lit(msg, "bold yellow"))
            self.app.notify(msg, title="Turn timer", markup=False)

    # ---- orders and the console

    def vet(self, eid: str) -> Vet:
        """For a decision's dialog: whether an answer to `eid` would undo orders given today (the session says)."""
        session = self.session
        return lambda choice: session.undoing(eid, choice)

    def give(self, order: Order, *, undo: bool = False) -> Given:
        """Give an order as the seat at the keyboard; say what became of it (`undo`: an answer given all the same,
        though it undoes orders given today: those it takes back are named)."""
        got = self.session.give(order, undo=undo)
        w = self.session.world
        if got.ok:
            line = Text("Given: ", style="green") + lit(cat.describe(w, order))
            if got.replaced:
                line += lit(" (in place of " + "; ".join(cat.describe(w, od) for od in got.replaced) + ")")
            self.say(line)
            for od in got.undone:
                self.say(Text("Taken back: ", style=REFUSED) + lit(f"{cat.describe(w, od)} - the answer made it "
                                                                   "impossible"))
            if not got.answer:
                for note in expected(w, self.session.state, order, self.session.orders).lines:
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
        # a question back ('which 1st Battalion?') offers only the units and places that can take the order
        p = self.console.parse(line, s.world, s.state, accepts=lambda od: s.why_not(od) is None)
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
                n = len(s.mine()) if p.number == -1 else (p.number or 0)
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
                    lines = expected(w, st, p.preview, self.session.orders).text().splitlines()
            case "save":
                self.save(" ".join(x for x in p.words if x != "as") or None)
            case "load":
                self.load_slot(" ".join(x for x in p.words if x != "from") or None)
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
            self.say(lit(f"{w.unit_names[target]} {where(w, u.position)}: {rough(u.strength)} men, "
                         f"{morale_word(u.morale)}, {fatigue_word(u.fatigue)} (the returns; 'go to' the position "
                         "for true figures)."))
            return
        if target is not None and self.main is not None:
            self.main.select(target)
        pid = target or (self.main.selected() if self.main is not None else w.hq)
        for ln in views.place_text(w, st, pid, exact=pid in s.visited, forces=forces).plain.split("\n"):
            self.say(lit(ln))

    # ---- the day

    def end_day(self) -> None:
        """The seat at the keyboard is done: pass the keyboard on, or resolve the day and show what followed.
        In hot-seat play the night's diary, reports and refused orders wait for each seat's turn."""
        s = self.session
        if s.over:
            self.open_debrief()
            return
        if self._dialogs or self._reports:
            # A second ctrl+e pressed before the night's dialogs are up (or while they are) would end the next day
            # unseen: its decisions would take history's option and no order could be given.
            self.say(Text("The night's reports and decisions are still open: read them before ending the day.",
                          style=REFUSED))
            return
        cr = self.classroom
        if cr is not None and hotseat.on_end_day(self, cr):
            return
        out = s.end_day()
        if not isinstance(out, DayOutcome):
            self.say(Text("Paused by the umpire: ", style=REFUSED) + lit(f"{out.reason}; the day cannot end."))
            return
        self.after_day(out)
        self.autosave()
        self.run_dialogs()

    def after_day(self, out: DayOutcome) -> None:
        """Show (or, in hot-seat play, hand to each seat) what a resolved day brought."""
        s, cr = self.session, self.classroom
        w = s.world
        label = f"{out.date.day} {out.date:%B %Y}"
        if cr is not None and cr.hotseat and not out.over:
            cr.deliver(w, out.day, out.reports)
            cr.deliver_refused(out.refused, out.refused_by)
            cr.new_day()
            self.refresh()
            return
        # one seat, or the game is over (nothing is hidden any more): the night is shown at once
        self.say(Text(f"--- {label} ---", style="bold"))
        for h in s.diary():
            self.say(lit(f"[{h.phase}] {h.text}"))
        for od, why in out.refused:
            self.say(Text("Refused: ", style=REFUSED) + lit(f"{cat.describe(w, od)} - {why}"))
        self.refresh()
        if cr is not None and cr.hotseat:  # the reports no seat has read yet
            for tray in cr.all_reports():
                d = w.date(tray.day)
                self._reports.append((f"{d.day} {d:%B %Y}", list(tray.events)))
        if out.reports:
            if cr is not None and not out.over:  # a lesson of one seat: its tray, read at its turn
                cr.deliver(w, out.day, out.reports)
            else:
                self._reports.append((label, list(out.reports)))
        if cr is not None and not s.over:
            cr.new_day()

    def run_dialogs(self) -> None:
        """Show what waits for the player, one dialog after another: the day's reports, then the turn of the seat
        at the keyboard (in hot-seat play the staff meeting, the handover, the seat's reports and decisions),
        then, once the campaign is over, the debrief. One worker at a time; a running one picks up what is
        added."""
        if not self._dialogs:
            self._dialogs = True
            self.app.run_worker(self._run_dialogs(), group="dialogs", exit_on_error=True)

    async def _run_dialogs(self) -> None:
        session = self.session
        try:
            while self._reports:
                label, events = self._reports.pop(0)
                await self.ask(DispatchScreen(session.world, label, events, session.sensitivity, session.state))
            if self.classroom is not None and not session.over:
                await hotseat.turn(self, self.classroom)
            else:
                while (waiting := session.decisions()) and self.session is session and not session.over:
                    eid = waiting[0]
                    screen = EventScreen(session.world, eid, session.sensitivity, session.state, self.vet(eid))
                    choice = await self.ask(screen)
                    if isinstance(choice, str) and self.session is session:
                        self.give(o.Choose(eid, choice), undo=screen.undo)
        finally:
            self._dialogs = False
        if self.session is session and session.over and not isinstance(self.app.screen, DebriefScreen):
            self.open_debrief()

    async def ask(self, screen: Screen[Any]) -> Any:
        """Show a dialog and wait for its answer (from the dialog worker)."""
        return await self.app.push_screen_wait(screen)

    # ---- the umpire

    def open_umpire(self) -> None:
        """Teacher mode: the PIN first if the lesson has one, else a confirmation."""
        if self.main is None or isinstance(self.app.screen, UmpireScreen | PinScreen):
            return
        lock = self.session.umpire_pin

        def show() -> None:
            self.app.push_screen(UmpireScreen(self.session, self.umpire_classroom()), callback=self._umpired)

        if lock is not None:
            def typed(pin: str | None) -> None:
                if pin is None:
                    return
                if lock.opens(pin):
                    show()
                else:
                    self.app.notify("Wrong PIN: the umpire screen stays closed.", severity="error", markup=False)

            self.app.push_screen(PinScreen("Umpire PIN (the teacher's):"), callback=typed)
            return
        self.app.push_screen(ConfirmScreen("Open the umpire (teacher) screen? It shows everything."),
                             callback=lambda yes: show() if yes else None)

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
        queued = m.queued
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
                case "reveal":
                    if m.event:
                        s.umpire_reveal(m.event)
                        text = f"Revealed the source of '{m.event}' in the archive."
                case "jump":
                    if m.preset:
                        text = self._jump(m.preset, "carry" if queued == "carry" else "drop")
                case "sensitivity":
                    s.set_sensitivity("summary" if s.sensitivity == "full" else "full")
                    text = "Texts: " + ("classroom summaries." if s.sensitivity == "summary" else "full text.")
                case "end":
                    got = s.umpire_end("carry" if queued == "carry" else "drop" if queued == "drop" else "keep")
                    if isinstance(got, DayOutcome):
                        self.after_day(got)
                    self.refresh()
                    if screen is not None:
                        screen.dismiss(None)
                    return
        except UmpireError as exc:
            ok, text = False, f"Cannot {m.action}: {exc}"
        doomed = s.book.doomed() if ok and m.action in ("inject", "skip") else []
        if doomed:  # the event changes the morning the day's orders were given for: said, not left to the night
            text += (f" {len(doomed)} order(s) given today would now be refused tonight: "
                     + "; ".join(f"{cat.describe(w, e.order)} ({why})" for e, why in doomed) + ".")
        if screen is not None:
            screen.report(text, ok)
            screen.fill(s, cr)
        self.refresh()

    def _jump(self, preset: str, queued: str) -> str:
        s, cr = self.session, self.umpire_classroom()
        w = s.world
        got: Jumped = s.umpire_jump(preset, "carry" if queued == "carry" else "drop")
        title = next((p.title for p in w.scenario.presets if p.id == preset), preset)
        if got.action is None:  # carrying out the day's orders ended the campaign: no jump
            if got.carried is not None:
                self.after_day(got.carried)
            return "The day's orders were carried out, and the campaign ended that night: there was no jump."
        # the lesson's own preset and first day do not change: the days jumped are the umpire's
        cr.trays.clear()
        cr.refused.clear()
        cr.restart = True
        d = s.date()
        note = f" ({got.action.note})" if got.action.note else ""
        self.say(lit(f"Umpire: jumped to {title}, {d.day} {d:%B %Y} (played as history went){note}.", "bold"))
        self.brief()
        return f"Jumped to {title}: {d.day} {d:%B %Y}{note}."

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

    def save(self, name: str | None = None) -> None:
        """Save to the quicksave, or (`name`) to a named save in the same folder."""
        try:
            path = self.path() if name is None else slots.slot_path(self.folder(), slots.slot_name(name))
        except slots.SlotError as exc:
            self.say(Text("Not saved: ", style=REFUSED) + lit(str(exc)))
            return
        try:
            # what the classroom keeps of a lesson besides the game: a browser session's team
            path = self.session.save(path, save_extras(self.app))
        except (FileRefused, saves.SaveError) as exc:  # nothing was written: the old save is as it was
            self.say(Text("Save failed: ", style=REFUSED) + lit(str(exc)))
            if not self.on_main:
                self.app.notify(f"Save failed: {exc}", severity="error", markup=False)
            return
        msg = f"Saved day {self.session.day} to {display_path(path)}"
        self.say(lit(msg))
        if not self.on_main:  # the log is hidden (debrief, a dialog): say it where it is seen
            self.app.notify(msg, title="Saved", markup=False)

    def autosave(self) -> None:
        """This morning's autosave (rotating, in the save folder; never the quicksave). A failure is said once in
        the log and the game goes on."""
        s = self.session
        try:
            slots.autosave(self.folder(), lambda p: s.save(p, save_extras(self.app), clean=False))
        except (OSError, FileRefused, saves.SaveError) as exc:
            self.say(Text("Autosave failed: ", style=REFUSED) + lit(str(exc)))

    def open_slots(self) -> None:
        """The slot picker (F5): the quicksave, named saves, autosaves."""
        if isinstance(self.app.screen, SlotsScreen):
            return
        w = self.session.world
        # a game that is over is labelled with the day it ended (its log runs to the morning after)
        found = [dataclasses.replace(sl, day=end) if not sl.problem and (end := saves.ended_on(sl.path)) is not None
                 else sl for sl in slots.list_slots(self.folder(), self.path())]

        def date_of(day: int) -> str:
            d = w.date(day)
            return f"{d.day} {d:%B %Y}"

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.load(path)

        self.app.push_screen(SlotsScreen(found, date_of, w.scenario_id, display_path(self.folder())),
                             callback=chosen)

    def load_slot(self, name: str | None) -> None:
        """`load` (the quicksave) or `load NAME` (a named save, or autosave-N) at the console."""
        if name is None:
            self.load()
            return
        words = "-".join(name.split())
        if words.startswith(slots.AUTO):
            self.load(self.folder() / f"{words}.json")
            return
        try:
            self.load(slots.slot_path(self.folder(), slots.slot_name(name)))
        except slots.SlotError as exc:
            self.say(Text("Cannot load: ", style=REFUSED) + lit(str(exc)))

    def load(self, path: Path | None = None) -> None:
        """Read a save (the quicksave by default) and replay it (one engine function: Session.load)."""
        target = path or self.path()
        if self.main is None:  # from the title screen: the main screen first; it loads once it is drawn
            self.start(None, self.seed, self.session.sensitivity)
            self.app.call_after_refresh(self.load, target)
            return
        try:
            got = Session.load(target, self.session.world, self.session.sensitivity, pack_hint=PACK_HINT)
        except saves.SaveError as exc:  # the file as the player knows it (~/...), not where a server keeps it
            shown = str(exc).replace(str(target), display_path(target))
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
        if self.main is not None:
            self.main.clear_log()
        d = self.session.date()
        self.brief(history=True)
        self.say(lit(f"Loaded: {d.day} {d:%B %Y} (day {self.session.day})"))
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
