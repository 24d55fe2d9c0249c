"""Classroom play in the TUI: a thin view over the classroom's table (`game.classroom.seats`).

The table decides who holds the keyboard, what each seat may give, answer and read, and which reports wait for
whom; the session checks orders with the rules and resolves the day. This module shows it: the turn sequence of
a seat (the staff meeting, the handover, the lesson's situation briefing, the seat's own reports, its
decisions) as a coroutine the game's dialog worker awaits, the seat's own view of the war diary when it takes
the keyboard, and the start of a lesson from the set-up screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text

from game.classroom.briefing import seat_briefing
from game.classroom.seats import (
    ADVICE_KEY,
    ALL_PANELS,
    SEATS_KEY,
    TURN_KEY,
    Classroom,
    Seat,
    engine_seat,
    group_roles,
    restore_classroom,
    role_name,
    saved_groups,
)
from game.engine import umpire
from game.engine.session import Session
from game.rules import catalogue as cat
from game.rules import orders as o
from game.tui.screens.advice import AdviceScreen, DecisionScreen
from game.tui.screens.briefing import BriefingScreen
from game.tui.screens.dispatch import DispatchScreen
from game.tui.screens.event import EventScreen
from game.tui.screens.handover import HandoverScreen
from game.tui.text import lit

if TYPE_CHECKING:  # the game drives the classroom and is handed to it: a type only, no import cycle
    from game.tui.game import Game

__all__ = ["ADVICE_KEY", "ALL_PANELS", "SEATS_KEY", "TURN_KEY", "Classroom", "Seat", "engine_seat", "group_roles",
           "on_end_day", "restore_classroom", "role_name", "saved_groups", "start_classroom", "take_seat", "turn"]


def day_label(session: Session, day: int) -> str:
    d = session.world.date(day)
    return f"{d.day} {d:%B %Y}"


async def turn(game: Game, cr: Classroom) -> None:
    """The seat's turn, one dialog after another: in hot-seat play the staff meeting for the commander's
    decisions and the handover; then the lesson's situation briefing (once), the seat's reports of the night,
    and its decisions."""
    s = game.session
    seat = cr.seat
    mine = cr.pending_for(s, seat)
    if cr.hotseat:
        if not cr.handover_due and not mine and not cr.trays.get(seat.key):
            return
        cr.handover_due = False
        meetings = [e for e in mine if s.world.event_by_id[e].role == "commander"]
        day = s.state.day
        for eid in meetings:
            for adv in [x for x in cr.seats if x is not seat]:
                got = await game.ask(AdviceScreen(adv.name, seat.roles[0].title, s.world, eid, s.sensitivity,
                                                  s.state))
                if game.session is not s:
                    return
                choice, reason = got if isinstance(got, tuple) else (None, "")
                cr.advise(s.world, eid, seat, day, adv, choice, reason)
        k, n = cr.number
        await game.ask(HandoverScreen(seat.name, day_label(s, day), k, n, cr.timer.minutes))
        if game.session is not s:
            return
        take_seat(game, cr, seat)
    else:
        meetings, day = [], s.state.day
        if cr.timer.started is None:  # one player: the day is the turn
            cr.take(seat, game.clock())
    if cr.briefing_due(seat):
        b = seat_briefing(s.world, s.campaign, cr.preset, cr.code, seat.roles, seat.name)
        await game.ask(BriefingScreen(b))
        cr.briefed_now(seat)
    for tray in cr.take_reports(seat):
        label = day_label(s, tray.day) + (f", for the {' and the '.join(r.title for r in seat.roles)}"
                                          if cr.hotseat else "")
        await game.ask(DispatchScreen(s.world, label, list(tray.events), s.sensitivity, s.state))
        if game.session is not s:
            return
    for eid in cr.pending_for(s, seat):
        if eid in meetings:
            rec = cr.meeting(s.world, eid, seat, day)
            screen: EventScreen = DecisionScreen(s.world, eid, s.sensitivity, rec, s.state, game.vet(eid))
        else:
            screen = EventScreen(s.world, eid, s.sensitivity, s.state, game.vet(eid))
        choice = await game.ask(screen)
        if game.session is not s:
            return
        if isinstance(choice, str):
            if eid in meetings:
                cr.decide(s.world, eid, seat, day, choice)
            game.give(o.Choose(eid, choice), undo=screen.undo)


def take_seat(game: Game, cr: Classroom, seat: Seat) -> None:
    """The seat now holds the keyboard: the log loses the previous seat's lines and shows this seat's view of
    the night (its diary, its refused orders) and what it may order; its turn's timer starts."""
    cr.take(seat, game.clock())
    main = game.main
    if main is None:
        return
    s = game.session
    w = s.world
    main.clear_log()
    d = s.date()
    k, n = cr.number
    main.write(lit(f"{seat.name}: your decisions, {d.day} {d:%B %Y} (seat {k} of {n}).", "bold"))
    for h in s.diary():
        main.write(lit(f"[{h.phase}] {h.text}"))
    for od, why in cr.take_refused(seat):
        main.write(Text("Refused last night: ", style="bold red") + lit(f"{cat.describe(w, od)} - {why}"))
    kinds = sorted(cr.kinds(seat) - {"choose"})
    main.write(lit("Your orders: " + (", ".join(cat.BY_KIND[x].label if x in cat.BY_KIND else x for x in kinds)
                                      or "none")
                   + ". ctrl+e: pass the keyboard" + (" (ends the day)" if cr.last() else "") + ".", "dim"))
    game.refresh()


def on_end_day(game: Game, cr: Classroom) -> bool:
    """The seat at the keyboard ends its turn. True: handled (the keyboard passes, the day goes on)."""
    s = game.session
    if s.over or s.paused:
        return False
    if cr.hotseat and cr.next_turn():
        game.say(lit(f"Passing the keyboard to {cr.seat.name}."))
        game.refresh()
        game.run_dialogs()
        return True
    return False


def start_classroom(game: Game | Any, *, folder: Path | None, sensitivity: str, roles: list[str],
                    one_player: bool, preset: str | None, seed: int, code: str | None,
                    groups: list[list[str]] | None = None, timer: int = 0, pin: str | None = None) -> str | None:
    """Start a classroom game from the set-up screen: at the preset (played as history went up to its start),
    with the chosen seats (`groups`: role ids per seat, see `Classroom.make`), a turn timer (minutes, 0: none)
    and an umpire's PIN (None: none). Returns an error message, or None once the game is on screen; nothing
    changes on an error. `game` may be the app (a scripted lesson)."""
    if hasattr(game, "ensure_game"):  # the app itself: its game (the Game class is not imported here: a cycle)
        game = game.ensure_game()
    sc = game.scenario_for(folder)
    if isinstance(sc, str):
        return sc
    if groups is not None and not one_player:
        try:  # checked against the scenario chosen, before anything else changes
            group_roles(list(sc.roles), roles, groups)
        except ValueError as exc:
            return f"Seats: {exc}"
    session = Session.new(sc, seed, sensitivity)
    if pin:
        try:
            session.lock_umpire(pin)
        except ValueError as exc:
            return f"Umpire PIN: {exc}"
    if preset:
        try:
            p = umpire.preset_by_id(session.world, preset)
            if session.world.day_of(p.start) > 0:
                umpire.advance_to(session.campaign, p.start)
        except umpire.UmpireError as exc:
            return str(exc)
    game.play(sc, session, seed)
    cr = Classroom.make(list(sc.roles), roles, one_player, groups, preset=preset, code=code,
                        lesson_start_day=session.state.day, timer_minutes=timer, briefing=True)
    game.set_classroom(cr)
    cr.new_day()
    game.refresh()
    game.app.call_after_refresh(game.run_dialogs)
    return None
