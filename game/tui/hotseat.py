"""Classroom play in the TUI: hot-seat turns by staff role, hidden panels, staff-meeting advice, umpire log.

Nothing here computes rules: the session checks orders with the rules (this module only adds, as the session's
gate, *which order kinds* the seat at the keyboard may give), the day is resolved by the session, and umpire
actions go through `game.engine.umpire`. This module decides *who* holds the keyboard and *what* they see.

Seats: each role in play is one seat (hot-seat), or the teacher groups the roles into seats (hot-seat by
groups: a seat sees what any of its roles sees and gives the orders of all of them), or one seat holds
every role in play (one player). The seat holding the commander always moves last. A role that is not in
play is covered by the commander's seat (or the first seat if the commander is not in play either): its
events are answered there and its order kinds are given there.

Panels (a role's ``sees``): ``map`` the map; ``staff`` the staff panel (doctrine, wounded and sick);
``stocks`` the stock lines; ``forces`` the place panel (units, men, morale) and the men in line;
``enemy`` the Japanese strength; ``log`` the war diary. Every seat sees the date and its staff time.

The turn sequence (handover, staff meeting, decisions) is a coroutine the game's dialog worker awaits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.engine import umpire
from game.engine.session import PANELS, Session
from game.engine.session import Seat as EngineSeat
from game.rules import catalogue as cat
from game.rules import orders as o
from game.rules.orders import Order
from game.rules.world import World
from game.scenario.models import Role
from game.tui.screens.advice import AdviceScreen, DecisionScreen
from game.tui.screens.event import EventScreen
from game.tui.screens.handover import HandoverScreen
from game.tui.text import lit

if TYPE_CHECKING:  # the game drives the classroom and is handed to it: a type only, no import cycle
    from game.tui.game import Game

#: The save meta key holding the staff-meeting advice (a list of records, see `Classroom.advice`).
ADVICE_KEY = "advice"
#: Save meta keys: the hot-seat seats (role ids per seat, in turn order) and the seat at the keyboard.
SEATS_KEY, TURN_KEY = "seats", "turn"
ALL_PANELS = tuple(sorted(PANELS))


def role_name(r: Role) -> str:
    """'Chief of Staff Sun Mingyu'."""
    return f"{r.title} {r.person}".strip()


def group_roles(all_roles: list[Role], in_play: list[str], groups: list[list[str]]) -> list[list[Role]]:
    """The roles of each seat of a teacher's grouping (role ids per seat), empty seats dropped.

    Within a seat the commander comes first (he is the one the staff advise), then the scenario's order.
    ValueError if a role id is unknown, a role is in two seats, no role is seated, or the grouping does
    not cover exactly the roles `in_play` (when `in_play` is not empty)."""
    by_id = {r.id: r for r in all_roles}
    seen: set[str] = set()
    for g in groups:
        for rid in g:
            if rid not in by_id:
                raise ValueError(f"unknown role '{rid}' (roles: {', '.join(by_id)})")
            if rid in seen:
                raise ValueError(f"the role '{rid}' is in two seats; each role sits in exactly one seat")
            seen.add(rid)
    if not seen:
        raise ValueError("no role is seated")
    if in_play:
        missing = [r.id for r in all_roles if r.id in in_play and r.id not in seen]
        extra = [r.id for r in all_roles if r.id in seen and r.id not in in_play]
        if missing:
            raise ValueError(f"no seat for: {', '.join(missing)}")
        if extra:
            raise ValueError(f"seated but not in play: {', '.join(extra)}")
    rank = {r.id: (r.id != "commander", i) for i, r in enumerate(all_roles)}
    return [[by_id[rid] for rid in sorted(g, key=rank.__getitem__)] for g in groups if g]


@dataclass
class Seat:
    """One place at the keyboard: one role, a group of roles (hot-seat), or every role (one player)."""

    roles: list[Role]
    #: A hot-seat group chosen by the teacher (named by its roles), not the one player's whole staff.
    grouped: bool = False

    @property
    def ids(self) -> list[str]:
        return [r.id for r in self.roles]

    @property
    def name(self) -> str:
        """'Chief of Staff Sun Mingyu'; 'Corps Commander + Chief of Staff'; 'The whole staff (...)'."""
        if len(self.roles) == 1:
            return role_name(self.roles[0])
        # " + " rather than commas: titles such as "Commander, 10th Division" hold commas themselves
        if self.grouped:
            return " + ".join(r.title for r in self.roles)
        return "The whole staff (" + ", ".join(r.title for r in self.roles) + ")"

    @property
    def sees(self) -> set[str]:
        return {p for r in self.roles for p in r.sees}


@dataclass
class Classroom:
    """The classroom side of a game: seats, the turn, advice, umpire actions, pause."""

    all_roles: list[Role]
    seats: list[Seat] = field(default_factory=list)
    hotseat: bool = False
    turn: int = 0
    preset: str | None = None
    code: str | None = None
    lesson_start_day: int = 0
    #: Staff-meeting records: {"day", "date", "event", "title", "decider", "advice": [{"role", "choice",
    #: "label", "reason"}], "decision"}. Saved under meta[ADVICE_KEY].
    advice: list[dict[str, Any]] = field(default_factory=list)
    #: The turn to resume at when the next day begins (a game loaded mid-day); used once.
    resume_turn: int | None = None
    #: The seat at the keyboard has not been handed the keyboard yet (a new day, the next seat).
    handover_due: bool = False
    #: After an umpire's jump the day's turns start again from the first seat.
    restart: bool = False
    session: Session | None = None

    @classmethod
    def make(cls, all_roles: list[Role], in_play: list[str], one_player: bool,
             groups: list[list[str]] | None = None, **kw: Any) -> Classroom:
        """Seats for the roles `in_play` (ids; all roles if empty), in the scenario's order.

        `groups` (hot-seat only; ignored for one player) gives the role ids of each seat in seat order;
        every role in play must be in exactly one seat, and the roles in `groups` are then the roles in
        play. Empty seats are dropped. ValueError names what is wrong with `groups`."""
        if groups is not None and not one_player:
            seats = [Seat(g, grouped=True) for g in group_roles(all_roles, in_play, groups)]
            # the commander's seat decides last, after the staff has acted and advised
            seats = [s for s in seats if "commander" not in s.ids] + [s for s in seats if "commander" in s.ids]
            return cls(all_roles, seats, hotseat=len(seats) > 1, **kw)
        roles = [r for r in all_roles if r.id in in_play] or list(all_roles)
        if one_player or len(roles) == 1:
            seats = [Seat(roles)]
        else:
            # the commander decides last, after the staff has acted and advised
            order = [r for r in roles if r.id != "commander"] + [r for r in roles if r.id == "commander"]
            seats = [Seat([r]) for r in order]
        return cls(all_roles, seats, hotseat=len(seats) > 1, **kw)

    # ---- who is who

    @property
    def in_play(self) -> list[str]:
        return [i for s in self.seats for i in s.ids]

    @property
    def seat(self) -> Seat:
        return self.seats[min(self.turn, len(self.seats) - 1)]

    def covering_seat(self) -> Seat:
        """The seat that covers roles nobody plays."""
        return next((s for s in self.seats if "commander" in s.ids), self.seats[0])

    def seat_of_role(self, role_id: str) -> Seat:
        return next((s for s in self.seats if role_id in s.ids), self.covering_seat())

    def seat_of_event(self, world: World, eid: str) -> Seat:
        ev = world.event_by_id.get(eid)
        return self.seat_of_role(ev.role if ev else "commander")

    def kinds(self, seat: Seat) -> set[str]:
        """Order kinds this seat may give: its roles', the kinds no role owns (any staff officer may go and
        see a position or talk to an officer), plus those of roles nobody plays if it covers them."""
        owned = {k for r in self.all_roles for k in r.orders}
        out = {k for r in seat.roles for k in r.orders} | (set(cat.BY_KIND) - owned)
        if seat is self.covering_seat():
            played = {k for s in self.seats for r in s.roles for k in r.orders}
            out |= {k for r in self.all_roles for k in r.orders if k not in played}
        return out

    def owner_title(self, kind: str) -> str:
        """Who gives orders of this kind: a role in play first, else any role."""
        for r in [r for s in self.seats for r in s.roles] + list(self.all_roles):
            if kind in r.orders:
                return f"the {r.title}"
        return "another seat"

    # ---- the session it plays in

    def attach(self, session: Session) -> None:
        """Give the session this classroom's seats, its gate on orders and its save meta."""
        self.session = session
        if self.hotseat:
            session.seats = [engine_seat(s) for s in self.seats]
        else:  # one player holds every role in play, and sees everything
            session.seats = [EngineSeat("staff", self.seats[0].name, PANELS)]
        session.gate = self.gate
        session.extra_meta = self.meta
        self.sync()

    def sync(self) -> None:
        """The session's seat at the keyboard is this classroom's."""
        s = self.session
        if s is not None:
            s.seat = s.seats[min(self.turn, len(s.seats) - 1)]

    # ---- rules of the table (not of the game)

    def gate(self, _seat: EngineSeat, order: Order) -> str | None:
        """The session's gate: the seat at the keyboard gives only its own orders (see `refuse`)."""
        return self.refuse(self.session.world, order) if self.session is not None else None

    def refuse(self, world: World, order: Order) -> str | None:
        """Why the seat at the keyboard may not give this order, or None."""
        if not self.hotseat:
            return None
        seat = self.seat
        if isinstance(order, o.Choose):
            owner = self.seat_of_event(world, order.event)
            if owner is seat:
                return None
            # name the role the event is addressed to, not merely the first role of its seat
            ev = world.event_by_id.get(order.event)
            title = next((r.title for r in owner.roles if ev is not None and r.id == ev.role), owner.roles[0].title)
            return f"that decision belongs to the {title}"
        if order.kind in self.kinds(seat):
            return None
        return f"that order belongs to {self.owner_title(order.kind)}"

    def pending_for(self, session: Session, seat: Seat) -> list[str]:
        """Pending events with choices that this seat answers and has not answered yet."""
        w = session.world
        return session.decisions(None if not self.hotseat else (lambda eid: self.seat_of_event(w, eid) is seat))

    def has_work(self, session: Session, seat: Seat) -> bool:
        return bool(self.pending_for(session, seat)) or bool(self.kinds(seat) - {"choose"})

    # ---- the turn sequence (run by the game's dialog worker)

    def new_day(self, resume: bool = False) -> None:
        """A day begins (or a game loaded mid-day resumes at the seat that held the keyboard when it was
        saved): the first seat with work takes the keyboard."""
        s = self.session
        self.turn, self.resume_turn = (self.resume_turn or 0) if resume else 0, None
        if s is not None:
            while self.turn < len(self.seats) - 1 and not self.has_work(s, self.seats[self.turn]):
                self.turn += 1
        self.handover_due = True
        self.sync()

    def next_turn(self) -> bool:
        """Pass the keyboard to the next seat with work; False when every seat has had its turn."""
        s = self.session
        t = self.turn + 1
        while s is not None and t < len(self.seats) and not self.has_work(s, self.seats[t]):
            t += 1
        if t >= len(self.seats):
            return False
        self.turn = t
        self.handover_due = True
        self.sync()
        return True

    async def turn_dialogs(self, game: Game) -> None:
        """The seat's turn: in hot-seat play the staff meeting for the commander's decisions and the handover,
        then the seat's decisions, one dialog after another."""
        s = game.session
        seat = self.seat
        mine = self.pending_for(s, seat)
        if not self.hotseat:
            for eid in mine:
                choice = await game.ask(EventScreen(s.world, eid, s.sensitivity, s.state))
                if isinstance(choice, str):
                    game.give(o.Choose(eid, choice))
            return
        if not self.handover_due and not mine:
            return
        self.handover_due = False
        meetings = [e for e in mine if s.world.event_by_id[e].role == "commander"]
        advisers = [x for x in self.seats if x is not seat]
        day = s.state.day
        for eid in meetings:
            for adv in advisers:
                await game.ask(AdviceScreen(self, adv, s.world, eid, s.sensitivity, seat, day, s.state))
        await game.ask(HandoverScreen(seat.name))
        self.take_seat(game, seat)
        for eid in mine:
            screen = (DecisionScreen(self, seat, s.world, eid, s.sensitivity, day, s.state) if eid in meetings
                      else EventScreen(s.world, eid, s.sensitivity, s.state))
            choice = await game.ask(screen)
            if isinstance(choice, str):
                game.give(o.Choose(eid, choice))

    def take_seat(self, game: Game, seat: Seat) -> None:
        """The seat now holds the keyboard: the log loses the previous seat's lines and shows its own view."""
        if seat in self.seats:
            self.turn = self.seats.index(seat)
            self.sync()
        main = game.main
        if main is None:
            return
        s = game.session
        main.clear_log()
        d = s.date()
        main.write(lit(f"{seat.name}: your decisions, {d.day} {d:%B %Y}.", "bold"))
        for h in s.diary():
            main.write(lit(f"[{h.phase}] {h.text}"))
        kinds = sorted(self.kinds(seat) - {"choose"})
        main.write(lit("Your orders: " + (", ".join(cat.BY_KIND[k].label if k in cat.BY_KIND else k for k in kinds)
                                          or "none")
                       + ". ctrl+e: pass the keyboard" + (" (ends the day)" if self._last(s) else "") + ".", "dim"))
        game.refresh()

    def _last(self, session: Session) -> bool:
        return not any(self.has_work(session, s) for s in self.seats[self.turn + 1:])

    def on_end_day(self, game: Game) -> bool:
        """The seat at the keyboard ends its turn. True: handled (the keyboard passes, the day goes on)."""
        s = game.session
        if s.over or s.paused:
            return False
        if self.hotseat and self.next_turn():
            game.say(lit(f"Passing the keyboard to {self.seat.name}."))
            game.refresh()
            game.run_dialogs()
            return True
        return False

    # ---- saving

    def meta(self) -> dict[str, Any]:
        """The save meta: roles, seats and the turn (hot-seat), advice, lesson data (the session adds the
        umpire's actions and the orders of the day)."""
        out: dict[str, Any] = {"roles": self.in_play, "hotseat": self.hotseat, ADVICE_KEY: self.advice}
        if self.hotseat:
            out[SEATS_KEY] = [s.ids for s in self.seats]
            out[TURN_KEY] = self.turn
        if self.preset:
            out["preset"] = self.preset
        if self.code:
            out["code"] = self.code
        if self.lesson_start_day:
            out["lesson_start_day"] = self.lesson_start_day
        return out


def engine_seat(seat: Seat) -> EngineSeat:
    """The session's view of a classroom seat: who it is and what it sees."""
    return EngineSeat("+".join(seat.ids), seat.name, frozenset(seat.sees))


def start_classroom(game: Game | Any, *, folder: Path | None, sensitivity: str, roles: list[str],
                    one_player: bool, preset: str | None, seed: int, code: str | None,
                    groups: list[list[str]] | None = None) -> str | None:
    """Start a classroom game from the set-up screen: at the preset (played historically up to its start),
    with the chosen seats (`groups`: role ids per seat, see `Classroom.make`). Returns an error message, or
    None once the game is on screen; nothing changes on an error. `game` may be the app (a scripted lesson)."""
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
    if preset:
        try:
            p = umpire.preset_by_id(session.world, preset)
            if session.world.day_of(p.start) > 0:
                umpire.advance_to(session.campaign, p.start)
        except umpire.UmpireError as exc:
            return str(exc)
    game.play(sc, session, seed)
    cr = Classroom.make(list(sc.roles), roles, one_player, groups, preset=preset, code=code,
                        lesson_start_day=session.state.day)
    game.set_classroom(cr)
    cr.new_day()
    game.refresh()
    game.app.call_after_refresh(game.run_dialogs)
    return None


def saved_groups(meta: dict[str, Any]) -> list[list[str]] | None:
    """The seats of a save's meta (role ids per seat), or None if absent or not a list of lists of ids."""
    raw = meta.get(SEATS_KEY)
    if not isinstance(raw, list) or not raw:
        return None
    if not all(isinstance(g, list) and all(isinstance(r, str) for r in g) for g in raw):
        return None
    return [list(g) for g in raw]


def restore_classroom(roles: list[Role], meta: dict[str, Any]) -> Classroom:
    """The classroom state of a loaded save's meta (roles, seats, the turn, advice).

    Seats that are malformed, name unknown roles or disagree with the roles in play are ignored: the game
    then has one seat per role, as saves made before seats were kept."""
    m = meta
    in_play = [str(r) for r in m.get("roles", []) if isinstance(r, str)] if isinstance(m.get("roles"), list) else []
    one = not m.get("hotseat", False)
    start = m.get("lesson_start_day", 0)
    kw: dict[str, Any] = dict(preset=m.get("preset") if isinstance(m.get("preset"), str) else None,
                              code=m.get("code") if isinstance(m.get("code"), str) else None,
                              lesson_start_day=start if isinstance(start, int) and not isinstance(start, bool) else 0)
    groups = saved_groups(m)
    try:
        cr = Classroom.make(roles, in_play, one, groups, **kw)
    except ValueError:
        cr, groups = Classroom.make(roles, in_play, one, **kw), None
    turn = m.get(TURN_KEY)
    # the turn counts the saved seats, so it means nothing once they are dropped; bool is an int, not a turn
    if (cr.hotseat and groups is not None and isinstance(turn, int) and not isinstance(turn, bool)
            and 0 <= turn < len(cr.seats)):
        cr.turn = cr.resume_turn = turn
    advice = m.get(ADVICE_KEY, [])
    cr.advice = [a for a in advice if isinstance(a, dict)] if isinstance(advice, list) else []
    return cr
