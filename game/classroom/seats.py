"""The classroom's table, as pure code (no Textual): who sits where, whose turn it is, what each seat may give,
answer and read, the reports waiting for each seat, the staff meetings' advice and the turn timer.

Seats: each role in play is one seat (hot-seat), or the teacher groups the roles into seats (hot-seat by groups:
a seat sees what any of its roles sees and gives the orders of all of them), or one seat holds every role in
play (one player). The seat holding the commander always moves last. A role that is not in play is covered by
the commander's seat (or the first seat if the commander is not in play either): its events are answered and
read there and its order kinds are given there.

Hidden information: an order belongs to the seat that gave it (the session lists and cancels a seat's own
orders only); an event belongs to the seat of the role it is addressed to, and so do the diary's lines about
it; a report waits in its seat's tray until that seat's turn. The answers to another seat's visit or talk and
its refused orders are not in anybody else's diary. The war diary's news of the night (assaults, moves,
arrivals, the doctrine in force) is every seat's that reads the diary.

The session (`game.engine.session.Session`) asks the classroom through its `Table` protocol: `refuse`,
`answers`, `reads`, `owner`, `meta`. The TUI's hot-seat view (`game.tui.hotseat`) shows the turns.

Panels (a role's ``sees``): ``map`` the map; ``staff`` the staff panel (doctrine, wounded and sick);
``stocks`` the stock lines; ``forces`` the place panel (units, men, morale) and the men in line;
``enemy`` the Japanese strength; ``log`` the war diary. Every seat sees the date and its staff time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from game.classroom.meta import (
    ADVICE_KEY,
    LESSON_FIELDS,
    MAX_TIMER,
    SEATS_KEY,
    TURN_KEY,
    LessonMeta,
    Meeting,
    lesson_meta,
    meetings,
)
from game.classroom.names import is_named
from game.engine.session import PANELS, Session
from game.engine.session import Seat as EngineSeat
from game.rules import catalogue as cat
from game.rules import orders as o
from game.rules.orders import Order
from game.rules.state import Happening
from game.rules.world import World
from game.scenario.models import Role

__all__ = ["ADVICE_KEY", "ALL_PANELS", "SEATS_KEY", "TURN_KEY", "Classroom", "Seat", "Tray", "TurnTimer",
           "engine_seat", "group_roles", "restore_classroom", "role_name", "saved_groups"]

ALL_PANELS = tuple(sorted(PANELS))
#: Diary lines that answer one seat's own order (a visit, a talk) or refuse it: only that seat saw them.
PRIVATE_KINDS = frozenset({"inspect", "consult", "refused"})


def role_name(r: Role) -> str:
    """'Chief of Staff Sun Mingyu'; 'Quartermaster' (our sources do not name him)."""
    return f"{r.title} {r.person}".strip() if is_named(r.person) else r.title


def group_roles(all_roles: Sequence[Role], in_play: Sequence[str], groups: Sequence[Sequence[str]]) -> list[list[Role]]:
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
    def key(self) -> str:
        """The seat's id in the session and in saves: its roles' ids joined with '+'."""
        return "+".join(self.ids)

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


@dataclass(frozen=True, slots=True)
class Tray:
    """Reports waiting for a seat: the events of one night (titles and texts are looked up when shown)."""

    day: int  # the day whose night fired them
    events: tuple[str, ...]


@dataclass(slots=True)
class TurnTimer:
    """An optional limit on a seat's turn: a countdown from the moment the seat takes the keyboard. It never
    forces anything: at zero the game says so once, gently. Times are seconds of a monotonic clock the caller
    passes in (so tests need no real clock)."""

    minutes: int = 0
    started: float | None = None
    prompted: bool = False

    @property
    def on(self) -> bool:
        return self.minutes > 0

    def start(self, now: float) -> None:
        self.started, self.prompted = now, False

    def left(self, now: float) -> float | None:
        """Seconds left (0 at most once past), or None when there is no timer or no turn running."""
        if not self.on or self.started is None:
            return None
        return max(0.0, self.minutes * 60 - (now - self.started))

    def due_prompt(self, now: float) -> bool:
        """True once, the first time the turn's time is found to be up."""
        left = self.left(now)
        if left is None or left > 0 or self.prompted:
            return False
        self.prompted = True
        return True

    @staticmethod
    def text(left: float | None) -> str:
        """'4:05 left'; 'time is up'; '' with no timer."""
        if left is None:
            return ""
        if left <= 0:
            return "time is up"
        s = int(left + 0.999)
        return f"{s // 60}:{s % 60:02d} left"


@dataclass
class Classroom:
    """The classroom side of a game: seats, the turn, reports waiting, advice, the lesson's data."""

    all_roles: list[Role]
    seats: list[Seat] = field(default_factory=list)
    hotseat: bool = False
    turn: int = 0
    preset: str | None = None
    code: str | None = None
    lesson_start_day: int = 0
    #: Staff meetings (saved under meta[ADVICE_KEY]).
    advice: list[Meeting] = field(default_factory=list)
    #: The turn to resume at when the next day begins (a game loaded mid-day); used once.
    resume_turn: int | None = None
    #: The seat at the keyboard has not been handed the keyboard yet (a new day, the next seat).
    handover_due: bool = False
    #: After an umpire's jump the day's turns start again from the first seat.
    restart: bool = False
    #: Reports waiting for each seat (by seat key), and each seat's refused orders of the night.
    trays: dict[str, list[Tray]] = field(default_factory=dict)
    refused: dict[str, list[tuple[Order, str]]] = field(default_factory=dict)
    #: Whether seats get the lesson's situation briefing at their first turn (a lesson set up on the roles
    #: screen), and the seats (keys) that have had it.
    briefing: bool = False
    briefed: set[str] = field(default_factory=set)
    timer: TurnTimer = field(default_factory=TurnTimer)
    session: Session | None = None

    @classmethod
    def make(cls, all_roles: Sequence[Role], in_play: Sequence[str], one_player: bool,
             groups: Sequence[Sequence[str]] | None = None, *, timer_minutes: int = 0, **kw: Any) -> Classroom:
        """Seats for the roles `in_play` (ids; all roles if empty), in the scenario's order.

        `groups` (hot-seat only; ignored for one player) gives the role ids of each seat in seat order;
        every role in play must be in exactly one seat, and the roles in `groups` are then the roles in
        play. Empty seats are dropped. ValueError names what is wrong with `groups`."""
        roles_all = list(all_roles)
        timer = TurnTimer(max(0, min(MAX_TIMER, timer_minutes)))
        if groups is not None and not one_player:
            seats = [Seat(g, grouped=True) for g in group_roles(roles_all, in_play, groups)]
            # the commander's seat decides last, after the staff has acted and advised
            seats = [s for s in seats if "commander" not in s.ids] + [s for s in seats if "commander" in s.ids]
            return cls(roles_all, seats, hotseat=len(seats) > 1, timer=timer, **kw)
        roles = [r for r in roles_all if r.id in in_play] or roles_all
        if one_player or len(roles) == 1:
            seats = [Seat(roles)]
        else:
            order = [r for r in roles if r.id != "commander"] + [r for r in roles if r.id == "commander"]
            seats = [Seat([r]) for r in order]
        return cls(roles_all, seats, hotseat=len(seats) > 1, timer=timer, **kw)

    # ---- who is who

    @property
    def in_play(self) -> list[str]:
        return [i for s in self.seats for i in s.ids]

    @property
    def seat(self) -> Seat:
        return self.seats[min(self.turn, len(self.seats) - 1)]

    @property
    def number(self) -> tuple[int, int]:
        """(k, n): the seat at the keyboard is seat k of n."""
        return min(self.turn, len(self.seats) - 1) + 1, len(self.seats)

    def covering_seat(self) -> Seat:
        """The seat that covers roles nobody plays."""
        return next((s for s in self.seats if "commander" in s.ids), self.seats[0])

    def seat_of_role(self, role_id: str) -> Seat:
        return next((s for s in self.seats if role_id in s.ids), self.covering_seat())

    def seat_of_event(self, world: World, eid: str) -> Seat:
        ev = world.event_by_id.get(eid)
        return self.seat_of_role(ev.role if ev else "commander")

    def seat_by_key(self, key: str) -> Seat | None:
        if not self.hotseat:
            return self.seats[0]
        return next((s for s in self.seats if s.key == key), None)

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

    # ---- the session's table (see game.engine.session.Table)

    def attach(self, session: Session) -> None:
        """Give the session this classroom's seats and rules of the table; orders restored from a save whose
        seats are not known (made before seats were kept) go to the seat that may give them."""
        self.session = session
        if self.hotseat:
            session.seats = [engine_seat(s) for s in self.seats]
        else:  # one player holds every role in play, and sees everything
            session.seats = [EngineSeat("staff", self.seats[0].name, PANELS)]
        session.table = self
        keys = {s.id for s in session.seats}
        for e in session.book.entries:
            if e.seat not in keys:
                e.seat = self.owner(e.order)
        self.sync()

    def sync(self) -> None:
        """The session's seat at the keyboard is this classroom's."""
        s = self.session
        if s is not None:
            s.seat = s.seats[min(self.turn, len(s.seats) - 1)]

    def refuse(self, seat: EngineSeat, order: Order) -> str | None:
        """Why this seat may not give this order, or None."""
        if not self.hotseat:
            return None
        mine = self.seat_by_key(seat.id) or self.seat
        world = self.session.world if self.session is not None else None
        if isinstance(order, o.Choose):
            if world is None:
                return None
            owner = self.seat_of_event(world, order.event)
            if owner is mine:
                return None
            # name the role the event is addressed to, not merely the first role of its seat
            ev = world.event_by_id.get(order.event)
            title = next((r.title for r in owner.roles if ev is not None and r.id == ev.role), owner.roles[0].title)
            return f"that decision belongs to the {title}"
        if order.kind in self.kinds(mine):
            return None
        return f"that order belongs to {self.owner_title(order.kind)}"

    def answers(self, seat: EngineSeat, event: str) -> bool:
        mine = self.seat_by_key(seat.id)
        return mine is not None and (self.session is None or self.seat_of_event(self.session.world, event) is mine)

    def reads(self, seat: EngineSeat, h: Happening) -> bool:
        """Whether a seat reads this line of the diary: not another seat's events, decisions, visits, talks or
        refused orders."""
        if not self.hotseat:
            return True
        if h.kind in PRIVATE_KINDS:
            return False
        w = self.session.world if self.session is not None else None
        if w is not None and h.where in w.event_by_id:
            return self.answers(seat, h.where)
        return True

    def owner(self, order: Order) -> str:
        """The seat that may give this order (the seat at the keyboard if several may)."""
        if not self.hotseat:
            return "staff"
        engine = {s.key: engine_seat(s) for s in self.seats}
        order_of_turns = [self.seat] + [s for s in self.seats if s is not self.seat]
        for s in order_of_turns:
            if self.refuse(engine[s.key], order) is None:
                return s.key
        return self.covering_seat().key

    # ---- the turn sequence

    def pending_for(self, session: Session, seat: Seat) -> list[str]:
        """Pending events with choices that this seat answers and has not answered yet."""
        w = session.world
        return session.decisions(None if not self.hotseat else (lambda eid: self.seat_of_event(w, eid) is seat))

    def has_work(self, session: Session, seat: Seat) -> bool:
        return (bool(self.pending_for(session, seat)) or bool(self.trays.get(seat.key))
                or bool(self.kinds(seat) - {"choose"}))

    def new_day(self, resume: bool = False) -> None:
        """A day begins (or a game loaded mid-day resumes at the seat that held the keyboard when it was
        saved): the first seat with work takes the keyboard."""
        s = self.session
        self.turn, self.resume_turn = (self.resume_turn or 0) if resume else 0, None
        if s is not None:
            while self.turn < len(self.seats) - 1 and not self.has_work(s, self.seats[self.turn]):
                self.turn += 1
        self.handover_due = True
        self.timer.started = None
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
        self.timer.started = None
        self.sync()
        return True

    def last(self) -> bool:
        """Whether the seat at the keyboard is the day's last (its ctrl+e ends the day)."""
        s = self.session
        return s is None or not any(self.has_work(s, x) for x in self.seats[self.turn + 1:])

    def take(self, seat: Seat, now: float | None = None) -> None:
        """The seat now holds the keyboard (its timer starts)."""
        if seat in self.seats:
            self.turn = self.seats.index(seat)
            self.sync()
        if now is not None:
            self.timer.start(now)

    # ---- reports

    def deliver(self, world: World, day: int, events: Sequence[str]) -> None:
        """The night's reports go to the trays of the seats they are addressed to."""
        by: dict[str, list[str]] = {}
        for eid in events:
            seat = self.seat_of_event(world, eid) if self.hotseat else self.seats[0]
            by.setdefault(seat.key, []).append(eid)
        for key, evs in by.items():
            self.trays.setdefault(key, []).append(Tray(day, tuple(evs)))

    def deliver_refused(self, refused: Sequence[tuple[Order, str]], by: Sequence[str]) -> None:
        """Each seat's orders the rules refused in the night, for that seat's morning."""
        for (od, why), key in zip(refused, by, strict=False):
            seat = self.seat_by_key(key) or self.seat_by_key(self.owner(od)) or self.covering_seat()
            self.refused.setdefault(seat.key, []).append((od, why))

    def take_reports(self, seat: Seat) -> list[Tray]:
        """The seat's waiting reports (its tray is emptied)."""
        return self.trays.pop(seat.key, [])

    def take_refused(self, seat: Seat) -> list[tuple[Order, str]]:
        return self.refused.pop(seat.key, [])

    def all_reports(self) -> list[Tray]:
        """Every tray's reports, by day (the game is over: nothing is hidden any more)."""
        out = [t for key in list(self.trays) for t in self.trays.pop(key)]
        return sorted(out, key=lambda t: t.day)

    # ---- the staff meetings

    def meeting(self, world: World, eid: str, decider: Seat, day: int) -> Meeting:
        """The staff meeting of this event today (created on first use)."""
        for rec in self.advice:
            if rec.event == eid and rec.day == day:
                return rec
        rec = Meeting(day=day, date=world.date(day).isoformat(), event=eid, title=world.event_by_id[eid].title,
                      decider=decider.ids[0])
        self.advice.append(rec)
        return rec

    def advise(self, world: World, eid: str, decider: Seat, day: int, adviser: Seat, choice: str | None,
               reason: str = "") -> Meeting:
        """Record an adviser seat's advice (one record per role of the seat)."""
        rec = self.meeting(world, eid, decider, day)
        ev = world.event_by_id[eid]
        label = next((ch.label for ch in ev.choices if ch.id == choice), "")
        for role in adviser.ids:
            rec.advise(role, choice if label else None, label, reason.strip())
        return rec

    def decide(self, world: World, eid: str, decider: Seat, day: int, choice: str) -> None:
        """Record the commander's decision at the meeting."""
        self.meeting(world, eid, decider, day).decision = choice

    # ---- the situation briefing

    def briefing_due(self, seat: Seat) -> bool:
        """Whether the seat has yet to read the lesson's situation briefing (once per seat, at its first turn)."""
        return self.briefing and seat.key not in self.briefed

    def briefed_now(self, seat: Seat) -> None:
        self.briefed.add(seat.key)

    # ---- saving

    def meta(self) -> dict[str, Any]:
        """The classroom's part of a save's meta (the session adds its own: the orders of the day, the umpire's
        actions and PIN, the text setting)."""
        m = LessonMeta(roles=self.in_play, hotseat=self.hotseat, advice=[a.model_dump() for a in self.advice],
                       preset=self.preset,
                       code=self.code, lesson_start_day=self.lesson_start_day, timer_minutes=self.timer.minutes,
                       seats=[s.ids for s in self.seats] if self.hotseat else None,
                       turn=self.turn if self.hotseat else None,
                       briefed=sorted(self.briefed) if self.briefing else None)
        out = m.model_dump(mode="json", include=set(LESSON_FIELDS), exclude_none=True)
        for key, empty in (("lesson_start_day", 0), ("timer_minutes", 0)):
            if out.get(key) == empty:
                out.pop(key)
        return out


def engine_seat(seat: Seat) -> EngineSeat:
    """The session's view of a classroom seat: who it is and what it sees."""
    return EngineSeat(seat.key, seat.name, frozenset(seat.sees))


def saved_groups(meta: dict[str, Any] | LessonMeta) -> list[list[str]] | None:
    """The seats of a save's meta (role ids per seat), or None if absent or unreadable."""
    m = meta if isinstance(meta, LessonMeta) else lesson_meta(meta)
    return [list(g) for g in m.seats] if m.seats else None


def restore_classroom(roles: Sequence[Role], meta: dict[str, Any]) -> Classroom:
    """The classroom of a loaded save's meta (roles, seats, the turn, advice, the lesson's data).

    Seats that are malformed, name unknown roles or disagree with the roles in play are ignored: the game
    then has one seat per role, as saves made before seats were kept."""
    m = lesson_meta(meta)
    one = not m.hotseat
    kw: dict[str, Any] = dict(preset=m.preset, code=m.code, lesson_start_day=m.lesson_start_day,
                              timer_minutes=m.timer_minutes)
    groups = saved_groups(m)
    try:
        cr = Classroom.make(roles, m.roles, one, groups, **kw)
    except ValueError:
        cr, groups = Classroom.make(roles, m.roles, one, **kw), None
    # the turn counts the saved seats, so it means nothing once they are dropped
    if cr.hotseat and groups is not None and m.turn is not None and m.turn < len(cr.seats):
        cr.turn = cr.resume_turn = m.turn
    cr.advice = meetings(m)
    cr.briefing, cr.briefed = m.briefed is not None, set(m.briefed or [])
    return cr

