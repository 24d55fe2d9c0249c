"""The game being played: a campaign, the day's order book, the seats at the keyboard, the umpire's actions and
what a save keeps of them. No Textual here: the TUI shows a `Session` and sends it what the player does.

- `OrderBook.give(order)` applies the catalogue's replacement rule first (a new doctrine takes the place of
  today's), then asks the rules whether the order can be given on top of the rest, reading the day ahead as
  the strategy API does (`game.engine.projection.refusal`: answers are carried out first, so an order is
  checked on the morning they will have made, staff time included, and an answer that would undo an order
  given is refused with the order named; `Session.answer(..., undo=True)` gives it all the same and takes
  the seat's undone orders back). Taking back an answer that a later order counts on is refused too. An
  information order (a visit, a talk) is answered at once and, its answer shown, can no longer be cancelled
  for a refund.
- `Session.end_day()` resolves the day with the book's orders and returns a typed `DayOutcome` (or `NotEnded`
  when the umpire has paused the game).
- A `Seat` owns the orders it gives: it lists and cancels only its own, reads only the diary lines its `Table`
  lets it read, and its visits show true figures to it alone. What it may give, answer and read is decided by
  the `Table` the classroom layer sets (none: one seat, the whole staff).
- The umpire's actions go through the session, which keeps their log (`umpire_actions`, saved in the meta):
  a jump or an early end first resolves what was queued today, as the caller says (carry it out, or drop it,
  or keep it as chosen but not carried out).
- What a save keeps is typed by `game.engine.saves.SaveMeta` (the classroom's lesson data too, so that it is
  validated and covered by the save's checksum); `PinLock` is the umpire's optional PIN,
  kept as a salted hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from game.engine import saves, umpire
from game.engine.campaign import Campaign
from game.engine.projection import Projection, answer_clash, lapses, project, refusal
from game.rules import catalogue as cat
from game.rules import orders as o
from game.rules.narrative import morning_reports, situation
from game.rules.orders import Order, order_to_dict
from game.rules.reports import officer_report, position_report
from game.rules.state import Happening, State
from game.rules.world import World
from game.scenario.models import Scenario

#: Panels a seat may see: the map, the staff panel (doctrine, wounded and sick), the stock lines, the place
#: panel (units, men, morale), the Japanese strength, the war diary.
PANELS: frozenset[str] = frozenset({"map", "staff", "log", "stocks", "forces", "enemy"})
#: Save-meta key for the orders given on the day the game was saved (not yet part of the command log).
QUEUED_KEY = "queued"
#: Save-meta key for the umpire's actions (see game.engine.umpire).
UMPIRE_KEY = "umpire"
#: Save-meta key for the seat that gave each of the orders under QUEUED_KEY.
QUEUED_SEATS_KEY = "queued_seats"
#: Save-meta key for the day a finished game's screen shows (`screen_day`), for the labels of saves.
ENDED_KEY = "ended_on"
#: PBKDF2 iterations for the umpire's PIN (a classroom lock, not a vault: about 50 ms to check).
PIN_ITERATIONS = 50_000
PIN_CHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


class PinLock(BaseModel):
    """The umpire's PIN as a save keeps it: a salted PBKDF2 hash, never the PIN itself."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    algo: Literal["pbkdf2_sha256"] = "pbkdf2_sha256"
    iterations: StrictInt = Field(ge=1_000, le=5_000_000)
    salt: StrictStr = Field(pattern=r"^[0-9a-f]{32}$")
    hash: StrictStr = Field(pattern=r"^[0-9a-f]{64}$")

    @classmethod
    def of(cls, pin: str, salt: bytes | None = None, iterations: int = PIN_ITERATIONS) -> PinLock:
        """Lock with this PIN (ValueError if it is not a PIN: see `pin_problem`)."""
        problem = pin_problem(pin)
        if problem:
            raise ValueError(problem)
        salt = salt if salt is not None else os.urandom(16)
        digest = hashlib.pbkdf2_hmac("sha256", pin.strip().encode(), salt, iterations)
        return cls(iterations=iterations, salt=salt.hex(), hash=digest.hex())

    def opens(self, pin: str) -> bool:
        """Whether `pin` is the PIN (compared in constant time)."""
        digest = hashlib.pbkdf2_hmac("sha256", pin.strip().encode(), bytes.fromhex(self.salt), self.iterations)
        return hmac.compare_digest(digest.hex(), self.hash)


def pin_problem(pin: str) -> str | None:
    """Why `pin` cannot be the umpire's PIN, or None: 4 to 12 letters or digits."""
    p = pin.strip()
    if not 4 <= len(p) <= 12 or any(ch not in PIN_CHARS for ch in p):
        return "an umpire PIN is 4 to 12 letters or digits"
    return None


def screen_day(state: State) -> int:
    """The day number the game's screen shows, and the day its date is taken from: today's; for a campaign that
    ended by itself, the day it ended (by then the state has moved on to the next morning: a game that ended on
    4 August is not shown on the 5th); the umpire stops a game on a morning, which is that morning. The same
    day as the debrief's (`game.classroom.debrief.end_facts`)."""
    if state.ending is None or state.ending == umpire.UMPIRE_ENDING or state.ending_day is None:
        return state.day
    return state.ending_day


@dataclass(frozen=True, slots=True)
class Seat:
    """A place at the keyboard: it gives orders and reads reports. One seat holds the whole staff in a game for
    one player; a classroom game has one seat per role or group of roles."""

    id: str
    name: str
    sees: frozenset[str] = PANELS


STAFF = Seat("staff", "The staff")


class Table(Protocol):
    """The rules of the table (not of the game), set on a session by the classroom layer: which orders a seat
    may give, which decisions it answers, which lines of the war diary it reads, who owns an order nobody is
    recorded as giving (a save made before seats were kept), and what a save keeps of the classroom."""

    def refuse(self, seat: Seat, order: Order) -> str | None: ...

    def answers(self, seat: Seat, event: str) -> bool: ...

    def reads(self, seat: Seat, happening: Happening) -> bool: ...

    def owner(self, order: Order) -> str: ...

    def meta(self) -> dict[str, Any]: ...


@dataclass(slots=True)
class Entry:
    """An order in the book: who gave it, and whether it has been answered (an information order)."""

    order: Order
    seat: str
    answered: bool = False


@dataclass(frozen=True, slots=True)
class Given:
    """What became of an order given: accepted (replacing some), or refused with the rules' reason."""

    order: Order
    ok: bool
    reason: str | None = None
    replaced: tuple[Order, ...] = ()
    #: An information order's answer, in plain text lines (true figures).
    answer: tuple[str, ...] = ()
    #: An answer given with `undo`: the orders given today it made impossible, taken back (see `Undoing`).
    undone: tuple[Order, ...] = ()


@dataclass(frozen=True, slots=True)
class Undoing:
    """An answer that would undo orders given today (`game.engine.projection.answer_clash`, the strategy API's
    own check): why, in one line, and what giving it anyway would do: the orders of the seat at the keyboard it
    takes back (`cancels`), and those that would stay in the book and be refused tonight (`stays`: a visit
    already made, another seat's order)."""

    reason: str
    cancels: tuple[Order, ...]
    stays: tuple[Order, ...]


@dataclass(frozen=True, slots=True)
class Cancelled:
    """What became of a cancellation."""

    ok: bool
    order: Order | None = None
    reason: str | None = None


class OrderBook:
    """The orders given today, in the order they were given."""

    def __init__(self, campaign: Campaign) -> None:
        self.campaign = campaign
        self.entries: list[Entry] = []
        self._proj: tuple[State, tuple[Order, ...], Projection] | None = None

    @property
    def orders(self) -> list[Order]:
        return [e.order for e in self.entries]

    def __len__(self) -> int:
        return len(self.entries)

    def spent(self) -> int:
        """Staff time taken by today's orders."""
        return cat.staff_time(self.orders)

    def today(self) -> int:
        """Today's staff time (the day's own: a decision or a loss at headquarters can cut it)."""
        return self.campaign.state.staff_time

    def left(self) -> int:
        """Staff time left today."""
        return self.today() - self.spent()

    def projection(self) -> Projection:
        """The state today's orders will have made (answers first, then the orders as given: the day's order)
        and the staff time they use; kept until the orders or the state change."""
        state, orders = self.campaign.state, tuple(self.orders)
        hit = self._proj
        if hit is None or hit[0] is not state or hit[1] != orders:
            hit = self._proj = (state, orders, project(self.campaign.world, state, orders))
        return hit[2]

    def why_not(self, order: Order, *, undo: bool = False) -> str | None:
        """Why `order` could not be given now (after the replacement rule), or None: the strategy API's own
        reading (`game.engine.projection.refusal`): an order is checked on the morning today's answers will have
        made, and an answer that would undo an order given is refused, naming it (`undo`: it is not)."""
        c = self.campaign
        return refusal(c.world, c.state, self.orders, order, self.projection, undo=undo)

    def undone_by(self, answer: o.Choose) -> tuple[str, list[Entry]] | None:
        """Why `answer` would undo orders given today, and their entries; None if it undoes none (or is refused
        for another reason: `why_not` says which)."""
        c = self.campaign
        kept = [e.order for e in self.entries if not cat.replaces(e.order, answer)]
        if self.why_not(answer, undo=True) is not None:
            return None
        clash = answer_clash(c.world, c.state, kept, answer)
        if clash is None:
            return None
        undone = [e for e in self.entries if e.order in clash.undone and not isinstance(e.order, o.Choose)]
        return clash.reason, undone

    def doomed(self) -> list[tuple[Entry, str]]:
        """The orders the night would refuse as the book stands, with the rules' reasons (the answers being what
        they are: an event the umpire brought in since the orders were given, a save of an older version)."""
        c = self.campaign
        if all(isinstance(e.order, o.Choose) for e in self.entries):
            return []
        refused: list[tuple[Order, str]] = []
        project(c.world, c.state, self.orders, refused)
        out: list[tuple[Entry, str]] = []
        for od, why in refused:
            e = next(e for e in self.entries if e.order is od and all(x is not e for x, _ in out))
            out.append((e, why))
        return out

    def give(self, order: Order, seat: str = STAFF.id, *, undo: bool = False,
             take_back: Iterable[Order] = ()) -> Given:
        """Add an order: first the replacement rule, then the rules' check on what is left (so changing today's
        doctrine on a full day is allowed: the new one takes the old one's staff time). `undo`: an answer that
        undoes orders given is given all the same, and the orders of `take_back` (those it undoes that the seat
        may take back) leave the book; the others stay, and the night refuses them."""
        reason = self.why_not(order, undo=undo)
        if reason is not None:
            return Given(order, False, reason)
        back = list(take_back) if undo and isinstance(order, o.Choose) else []
        undone = [e for e in self.entries if e.order in back and not e.answered]
        gone = [e for e in self.entries if cat.replaces(e.order, order)]
        self.entries = [e for e in self.entries if e not in gone and e not in undone]
        entry = Entry(order, seat)
        answer: tuple[str, ...] = ()
        if cat.spec_of(order).information:
            answer = tuple(self._answer(order))
            entry.answered = True
        self.entries.append(entry)
        return Given(order, True, None, tuple(e.order for e in gone), answer, tuple(e.order for e in undone))

    def _answer(self, order: Order) -> list[str]:
        c = self.campaign
        match order:
            case o.Inspect(position=p):
                return position_report(c.world, c.state, p)
            case o.Consult(officer=who):
                return officer_report(c.world, c.state, who)
        return []

    def of(self, seat: str | None = None) -> list[Entry]:
        """The entries a seat gave (every entry for None), in the order given: 'orders' numbers them from 1."""
        return list(self.entries) if seat is None else [e for e in self.entries if e.seat == seat]

    def cancel(self, number: int, seat: str | None = None) -> Cancelled:
        """Cancel the order numbered `number` (from 1, as 'orders' lists them) among the seat's own orders
        (among all of them for None): a seat cannot reach another's order."""
        mine = self.of(seat)
        if not 1 <= number <= len(mine):
            return Cancelled(False, None, f"there is no order {number} (orders 1 to {len(mine)})"
                             if mine else "no order has been given today")
        e = mine[number - 1]
        if e.answered:
            return Cancelled(False, e.order, "it has been carried out: its answer is given and its staff time "
                                             "spent")
        c = self.campaign
        left = [x.order for x in self.entries if x is not e]
        clash = lapses(c.world, c.state, self.orders, left)
        if clash is not None:  # taking an answer back lets history's option stand: the orders given after it
            return Cancelled(False, e.order, clash.reason)  # may count on the answer (as the API refuses it)
        self.entries.remove(e)
        return Cancelled(True, e.order)

    def withdraw_answers(self, event: str) -> None:
        """Drop the answers to an event (the umpire withdrew it)."""
        self.entries = [e for e in self.entries if not (isinstance(e.order, o.Choose) and e.order.event == event)]

    def restore(self, orders: Iterable[Order], seats: Iterable[str] | None = None) -> None:
        """Put back the orders of a game saved mid-day, each with the seat that gave it (the whole staff when
        not known); information orders were answered before the save."""
        orders = list(orders)
        who = list(seats) if seats is not None else []
        if len(who) != len(orders):
            who = [STAFF.id] * len(orders)
        self.entries = [Entry(od, w, cat.spec_of(od).information) for od, w in zip(orders, who, strict=True)]

    def clear(self) -> None:
        self.entries = []


@dataclass(frozen=True, slots=True)
class DayOutcome:
    """What ending the day brought."""

    day: int  # the day resolved
    date: dt.date
    happenings: tuple[Happening, ...]
    refused: tuple[tuple[Order, str], ...]
    #: Events fired today that need no decision (the day's reports).
    reports: tuple[str, ...]
    #: Events now waiting for a decision.
    decisions: tuple[str, ...]
    over: bool
    #: The seat that gave each refused order (parallel to `refused`).
    refused_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Briefing:
    """The morning briefing: the situation in words, and the reports the staff has in hand this morning
    (event ids; they are shown now and not again when the day ends)."""

    day: int
    date: dt.date
    lines: tuple[str, ...]
    reports: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DiaryDay:
    """One day of the war diary, as a seat may read it."""

    day: int
    date: dt.date
    happenings: tuple[Happening, ...]


@dataclass(frozen=True, slots=True)
class NotEnded:
    """The day was not ended, and why."""

    reason: str


@dataclass(frozen=True, slots=True)
class Loaded:
    """A session read from a save, and what the save's list of today's orders gave."""

    session: Session
    restored: int
    dropped: bool  # the list was there but could not be read


@dataclass(frozen=True, slots=True)
class Jumped:
    """What an umpire's jump did: the day it reached, and what became of the orders queued before it."""

    day: int
    carried: DayOutcome | None  # the day resolved with the queued orders first (None: dropped or none)
    dropped: int
    action: umpire.UmpireAction | None  # None when carrying out the day ended the campaign (no jump then)


#: What to do with today's orders before a jump or an early end: carry them out (the day is played with them
#: first), drop them, or (an early end only) keep them as chosen but not carried out.
Queued = Literal["carry", "drop", "keep"]


class Session:
    """One game being played."""

    def __init__(self, campaign: Campaign, *, sensitivity: str = "full",
                 seats: list[Seat] | None = None) -> None:
        self.campaign = campaign
        self.book = OrderBook(campaign)
        self.sensitivity = sensitivity if sensitivity in ("full", "summary") else "full"
        self.seats: list[Seat] = seats or [STAFF]
        self.seat: Seat = self.seats[0]
        #: Positions each seat has seen in person today (its place panel shows true figures there).
        self.seen: dict[str, set[str]] = {}
        #: Unsaved progress since the last save or load.
        self.dirty = False
        self.paused = False
        self.umpire_actions: list[umpire.UmpireAction] = []
        #: The umpire's PIN (None: ctrl+u asks only for a confirmation).
        self.umpire_pin: PinLock | None = None
        #: Set by the classroom layer: who may give, answer and read what; what else a save keeps.
        self.table: Table | None = None
        #: The meta of the save this session was loaded from (the classroom layer restores itself from it).
        self.loaded_meta: dict[str, Any] = {}
        #: The day whose morning briefing has been given (its reports are not shown again at its end).
        self.briefed_day: int | None = None

    @classmethod
    def new(cls, scenario: Scenario | World, seed: int, sensitivity: str = "full") -> Session:
        """A fresh game on the scenario's first morning."""
        return cls(Campaign.new(scenario, seed), sensitivity=sensitivity)

    # ---- what is being played

    @property
    def world(self) -> World:
        return self.campaign.world

    @property
    def state(self) -> State:
        return self.campaign.state

    @property
    def over(self) -> bool:
        return self.campaign.over

    @property
    def orders(self) -> list[Order]:
        """Today's orders, every seat's, as they will go out."""
        return self.book.orders

    @property
    def shared(self) -> bool:
        """Several seats share the game (hot-seat): each sees only its own orders and reports."""
        return len(self.seats) > 1

    @property
    def day(self) -> int:
        """The day the game's screen shows: today's, or once the campaign is over the day it ended
        (`screen_day`)."""
        return screen_day(self.state)

    def date(self, day: int | None = None) -> dt.date:
        """The date of `day`; by default of the day the screen shows (the ending's, once the game is over)."""
        return self.world.date(self.day if day is None else day)

    @property
    def visited(self) -> set[str]:
        """Positions the seat at the keyboard has seen in person today."""
        return self.seen.setdefault(self.seat.id, set())

    # ---- orders

    def why_not(self, order: Order, seat: Seat | None = None) -> str | None:
        """Why the seat (the one at the keyboard by default) cannot give this order now, or None."""
        if self.over:
            return "the campaign is over"
        if self.table is not None and (reason := self.table.refuse(seat or self.seat, order)) is not None:
            return reason
        return self.book.why_not(order)

    def menu_forms(self) -> list[cat.Form]:
        """The orders menu's forms that have at least one order the seat at the keyboard can give now (by
        `why_not`: the rules on the morning today's answers will have made, and the table)."""
        if self.over:
            return []
        return [f for spec in cat.CATALOGUE if spec.menu for f in spec.forms if self._completes(f, {})]

    def menu_targets(self, form: cat.Form, picked: Mapping[str, object] | None = None) -> list[tuple[object, str]]:
        """The values of the form's next unfilled slot that lead to an order the seat can give now, with their
        names: a unit destroyed, gone from the city, cut off or already busy (today's answers counted) is not
        offered. The candidates are the catalogue's, on the morning the day's orders will have made."""
        picked = dict(picked or {})
        open_slots = [sl for sl in form.slots if sl.name not in picked]
        if not open_slots or self.over:
            return []
        head = open_slots[0]
        return [(v, name) for v, name in cat.candidates(self.world, self.book.projection()[0], head.type, picked)
                if self._completes(form, {**picked, head.name: v})]

    def _completes(self, form: cat.Form, picked: dict[str, object]) -> bool:
        """Whether some values of the form's unfilled slots make an order the seat can give now."""
        rest = [sl for sl in form.slots if sl.name not in picked]
        if not rest:
            return self.why_not(cat.build(form, picked)) is None
        head = rest[0]
        return any(self._completes(form, {**picked, head.name: v})
                   for v, _n in cat.candidates(self.world, self.book.projection()[0], head.type, picked))

    def may(self, seat: Seat | None = None) -> Callable[[Order], bool]:
        """A filter for the menu: the orders this seat may give (legality aside)."""
        table, who = self.table, seat or self.seat
        if table is None:
            return lambda _order: True
        return lambda order: table.refuse(who, order) is None

    def give(self, order: Order, *, undo: bool = False) -> Given:
        """The seat at the keyboard gives an order. An answer that would undo orders given today is refused with
        the first of them named, as the strategy API refuses it; `undo` gives it all the same, taking back the
        seat's own orders it undoes (`Given.undone`; see `undoing`)."""
        if self.over:
            return Given(order, False, "the campaign is over")
        if self.table is not None and (reason := self.table.refuse(self.seat, order)) is not None:
            return Given(order, False, reason)
        hit = self.undoing(order.event, order.choice) if isinstance(order, o.Choose) else None
        if hit is not None and not undo:
            return Given(order, False, hit.reason)
        got = self.book.give(order, self.seat.id, undo=undo, take_back=hit.cancels if hit is not None else ())
        if got.ok:
            self.dirty = True
            if isinstance(order, o.Inspect):
                self.visited.add(order.position)
        return got

    def answer(self, event: str, choice: str, *, undo: bool = False) -> Given:
        """Answer a pending decision (`undo`: even if it undoes orders given today, see `give`)."""
        return self.give(o.Choose(event, choice), undo=undo)

    def undoing(self, event: str, choice: str) -> Undoing | None:
        """Whether answering `event` with `choice` now would undo orders given today: the reason (one line, naming
        the first of them, or in a shared game saying only that it is another seat's), the seat's own orders
        giving it anyway would take back, and those that would stay and be refused tonight."""
        hit = self.book.undone_by(o.Choose(event, choice))
        if hit is None:
            return None
        reason, undone = hit
        mine = self.seat.id if self.shared else None
        cancels = tuple(e.order for e in undone if not e.answered and (mine is None or e.seat == mine))
        stays = tuple(e.order for e in undone if e.order not in cancels)
        if mine is not None and undone and undone[0].seat != mine:
            # each seat sees only its own orders: another seat's is not named
            reason = "this answer changes the morning another seat gave its orders for: one of them would be refused"
        return Undoing(reason, cancels, stays)

    def mine(self) -> list[Entry]:
        """The orders the seat at the keyboard has given today (every order, for a game of one seat)."""
        return self.book.of(self.seat.id if self.shared else None)

    def cancel(self, number: int) -> Cancelled:
        """Cancel the seat's own order numbered `number` (from 1, as 'orders' lists the seat's orders)."""
        got = self.book.cancel(number, self.seat.id if self.shared else None)
        if got.ok:
            self.dirty = True
        return got

    def answered(self) -> set[str]:
        """Events answered in today's book."""
        return {od.event for od in self.book.orders if isinstance(od, o.Choose)}

    def decisions(self, decides: Callable[[str], bool] | None = None) -> list[str]:
        """Pending events with choices that are not answered yet (for the seat `decides` accepts)."""
        w, done = self.world, self.answered()
        out = []
        for eid in self.state.pending:
            ev = w.event_by_id.get(eid)
            if ev is None or not ev.choices or eid in done:
                continue
            if decides is None or decides(eid):
                out.append(eid)
        return out

    def my_decisions(self) -> list[str]:
        """The decisions waiting for the seat at the keyboard (every one, for a game of one seat)."""
        table, seat = self.table, self.seat
        if table is None or not self.shared:
            return self.decisions()
        return self.decisions(lambda eid: table.answers(seat, eid))

    # ---- the day

    def _resolve(self) -> DayOutcome:
        c = self.campaign
        day = c.state.day
        entries = list(self.book.entries)
        briefed = set(morning_reports(c.world, c.state)) if self.briefed_day == day else set()
        res = c.end_day([e.order for e in entries])
        by = {id(e.order): e.seat for e in entries}
        self.book.clear()
        self.seen = {}
        self.dirty = True
        self.seat = self.seats[0]
        plain = tuple(e for e in res.fired if e in c.world.event_by_id and e not in c.state.pending
                      and e not in briefed)
        return DayOutcome(day, c.world.date(day), tuple(res.happenings), tuple(res.refused), plain,
                          tuple(self.decisions()), c.over, tuple(by.get(id(od), STAFF.id) for od, _ in res.refused))

    def end_day(self) -> DayOutcome | NotEnded:
        """Send today's orders and resolve the day."""
        if self.campaign.over:
            return NotEnded("the campaign is over")
        if self.paused:
            return NotEnded("the umpire has paused the game")
        return self._resolve()

    # ---- what a seat sees

    def sees(self, seat: Seat | None = None) -> frozenset[str]:
        return (seat or self.seat).sees

    def reads(self, h: Happening, seat: Seat | None = None) -> bool:
        """Whether the seat may read this line of the war diary."""
        who = seat or self.seat
        if "log" not in who.sees:
            return False
        if "stocks" not in who.sees and h.phase in ("supply", "stocks"):
            return False
        return self.table is None or not self.shared or self.table.reads(who, h)

    def diary(self, seat: Seat | None = None) -> list[Happening]:
        """The last day's happenings this seat may read."""
        if not self.campaign.log:
            return []
        return [h for h in self.campaign.log[-1].happenings if self.reads(h, seat)]

    def war_diary(self, seat: Seat | None = None) -> list[DiaryDay]:
        """The whole war diary so far, day by day, as this seat may read it: rebuilt from the command log, so
        a loaded game has all of it (the screen's log shows it again after a load)."""
        sees = self.sees(seat)
        if "log" not in sees:
            return []
        w = self.world
        # The same filter as the day's diary: in a shared lesson a seat reads only its own lines.
        return [DiaryDay(rec.day, w.date(rec.day), tuple(h for h in rec.happenings if self.reads(h, seat)))
                for rec in self.campaign.log]

    def briefing(self, seat: Seat | None = None) -> Briefing:
        """This morning's briefing, before any order is given (day 0, a lesson's first day, a loaded game):
        the situation, then the reports in hand this morning. Giving it marks the day as briefed, so its
        reports are not shown a second time when the day ends."""
        s, w = self.state, self.world
        sees = self.sees(seat)
        lines = tuple(situation(w, s, sees))
        if self.shared:
            # Seats share the game: each report goes to its own seat at its turn (the classroom's trays), so
            # the briefing gives the situation only and leaves the reports to be delivered with the day.
            return Briefing(s.day, w.date(s.day), lines, ())
        reports = tuple(morning_reports(w, s)) if "log" in sees else ()
        self.briefed_day = s.day
        return Briefing(s.day, w.date(s.day), lines, reports)

    # ---- the umpire

    def _log(self, action: str, note: str = "", event: str | None = None, **kw: Any) -> umpire.UmpireAction:
        c = self.campaign
        a = umpire.UmpireAction(len(c.log), c.state.day, action, event, note, **kw)
        self.umpire_actions.append(a)
        self.dirty = True
        return a

    def umpire_inject(self, event: str) -> umpire.UmpireAction:
        """Fire an event now (raises umpire.UmpireError)."""
        a = umpire.inject_event(self.campaign, event, force=True)
        self.umpire_actions.append(a)
        self.dirty = True
        return a

    def umpire_skip(self, event: str) -> umpire.UmpireAction:
        """Withdraw a pending event or cancel a future one (raises umpire.UmpireError)."""
        a = umpire.skip_event(self.campaign, event)
        self.umpire_actions.append(a)
        self.book.withdraw_answers(event)
        self.dirty = True
        return a

    def umpire_end(self, queued: Queued = "keep") -> umpire.UmpireAction | DayOutcome:
        """End the game now for the debrief (raises umpire.UmpireError). Today's orders are first carried out
        (`carry`: the day is played with them, and the game stops the next morning), dropped (`drop`), or
        kept as chosen but not carried out (`keep`: the save lists them, and the report says so). Returns the
        umpire's action, or the day's outcome if carrying the orders out ended the campaign by itself."""
        c = self.campaign
        if c.over:
            raise umpire.UmpireError("the campaign is already over")
        n = len(self.book)
        note = ""
        if n and queued == "carry":
            out = self._resolve()
            if out.over:
                return out
            note = f"{n} queued order(s) carried out first"
        elif n and queued == "drop":
            self.book.clear()
            note = f"{n} queued order(s) dropped"
        elif n:
            note = f"{n} queued order(s) kept as chosen, not carried out"
        a = umpire.end_early(c)
        if note:
            a = umpire.UmpireAction(a.at, a.day, a.action, a.event, note)
        self.umpire_actions.append(a)
        self.dirty = True
        return a

    def umpire_jump(self, preset: str, queued: Queued = "drop") -> Jumped:
        """Play as history went up to a preset's start (raises umpire.UmpireError). Today's orders are first
        carried out (`carry`: today is played with them, as the class's day) or dropped (`drop`); the decisions
        still open are then taken as history went. The lesson's preset and its first day do not change: the
        days jumped are the umpire's, in the log and in the report."""
        c = self.campaign
        p = umpire.preset_by_id(c.world, preset)
        target = c.world.day_of(p.start)
        if c.over:
            raise umpire.UmpireError("the campaign is over")
        if target < c.state.day:
            raise umpire.UmpireError(f"'{p.title}' starts on {p.start:%d %B}, before today")
        if target == c.state.day:
            raise umpire.UmpireError(f"'{p.title}' starts today: there is nothing to jump")
        n = len(self.book)
        carried: DayOutcome | None = None
        note = ""
        if n and queued == "carry":
            carried = self._resolve()
            note = f"{n} queued order(s) carried out first"
            if carried.over:
                return Jumped(c.state.day, carried, 0, None)
        elif n:
            self.book.clear()
            note = f"{n} queued order(s) dropped"
        start_at, start_day = len(c.log), c.state.day
        if target > c.state.day:
            umpire.advance_to(c, target)
        self.book.clear()
        self.seen = {}
        self.dirty = True
        self.seat = self.seats[0]
        a = umpire.UmpireAction(start_at, start_day, "jump", None, note, p.id, c.state.day)
        self.umpire_actions.append(a)
        umpire.log_line(c, f"Umpire: jumped to {p.title}, {c.world.date(c.state.day):%d %B} (the days between "
                           "played as history went).")
        return Jumped(c.state.day, carried, n if queued != "carry" else 0, a)

    def toggle_pause(self) -> bool:
        """Pause or resume the game (the umpire's log keeps it)."""
        self.paused = not self.paused
        self._log("pause" if self.paused else "resume")
        umpire.log_line(self.campaign, "Umpire: the game is paused." if self.paused else "Umpire: the game goes on.")
        return self.paused

    def set_sensitivity(self, value: str) -> str:
        """The umpire sets the text setting: full text or classroom summaries (logged)."""
        value = value if value in ("full", "summary") else "full"
        if value != self.sensitivity:
            self.sensitivity = value
            self._log("sensitivity", value)
        return self.sensitivity

    def umpire_reveal(self, event: str) -> umpire.UmpireAction:
        """The umpire shows an event's source in the archive (logged)."""
        if event not in self.world.event_by_id:
            raise umpire.UmpireError(f"no event '{event}'")
        return self._log("reveal", "", event)

    def lock_umpire(self, pin: str | None) -> None:
        """Set (or with None, remove) the umpire's PIN (ValueError if it is not a PIN)."""
        self.umpire_pin = PinLock.of(pin) if pin else None
        self.dirty = True

    # ---- saving and loading

    def meta(self) -> dict[str, Any]:
        """The session's own part of a save's meta, as `saves.SaveMeta` types it: the orders given so far today
        and who gave them (kept when the umpire stopped the game), the umpire's actions and PIN lock, the text
        setting, and for a game that is over the day its screen shows (`screen_day`)."""
        entries = self.book.entries if (not self.over or self.state.ending == umpire.UMPIRE_ENDING) else []
        out: dict[str, Any] = {"sensitivity": "summary" if self.sensitivity == "summary" else "full"}
        if entries:
            out[QUEUED_KEY] = [order_to_dict(e.order) for e in entries]
            out[QUEUED_SEATS_KEY] = [e.seat for e in entries]
        if self.umpire_actions:
            out[UMPIRE_KEY] = [a.to_dict() for a in self.umpire_actions]
        if self.umpire_pin is not None:
            out["umpire_pin"] = self.umpire_pin.model_dump(mode="json")
        if self.over:  # the slot list's label reads the day there: the state has moved past the ending
            out[ENDED_KEY] = screen_day(self.state)
        return out

    def save_meta(self, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """Everything a save keeps besides the command log: the classroom's data (and `extra`), then the
        session's own (`meta`). `saves.SaveMeta` validates the whole before anything is written."""
        meta: dict[str, Any] = dict(self.table.meta()) if self.table is not None else {}
        meta.update(extra or {})
        for key in (QUEUED_KEY, QUEUED_SEATS_KEY, UMPIRE_KEY, "umpire_pin", ENDED_KEY):
            meta.pop(key, None)
        meta.update(self.meta())
        return meta

    def save_file(self, extra: dict[str, Any] | None = None) -> saves.SaveFile:
        """The game in its save form (the command log and `save_meta`); SaveError if that data would not
        validate (a bug: nothing is written then)."""
        return saves.to_save(self.campaign, self.save_meta(extra))

    def save(self, path: Path, extra: dict[str, Any] | None = None, *, clean: bool = True) -> Path:
        """Save atomically: `game.fsio.FileRefused` if the file cannot be written (not a regular file, a full
        disk: the old save is then unchanged), `saves.SaveError` if the game's data would not validate.
        `clean=False` (an autosave) leaves unsaved progress unsaved."""
        saves.write_atomic(path, saves.save_json(self.save_file(extra)), what="save")
        if clean:
            self.dirty = False
        return path

    @classmethod
    def load(cls, path: Path, world: World, sensitivity: str = "full", *, pack_hint: str = "") -> Loaded:
        """Read a save and replay it as every front end does (`umpire.load_save`: the whole file validated,
        the packs checked, the umpire's actions re-applied, the hash compared); raises saves.SaveError.
        A game saved mid-day gets its orders of the day back, each with its seat; the save's own text setting
        and umpire's PIN hold (`sensitivity` is for a save that records none)."""
        sf, c = umpire.load_save(path, world, pack_hint=pack_hint)
        meta = sf.typed_meta
        s = cls(c, sensitivity=meta.sensitivity or sensitivity)
        s.loaded_meta = dict(sf.meta)
        s.umpire_actions = umpire.actions_of(sf)
        s.umpire_pin = PinLock.model_validate(meta.umpire_pin.model_dump()) if meta.umpire_pin else None
        restored, dropped = 0, False  # a list of today's orders that does not validate refuses the whole save
        queued = list(meta.queued)
        if queued and (not c.over or c.state.ending == umpire.UMPIRE_ENDING):
            s.book.restore(queued, meta.queued_seats)
            restored = len(queued)
            for e in s.book.entries:
                if isinstance(e.order, o.Inspect):
                    s.seen.setdefault(e.seat, set()).add(e.order.position)
        return Loaded(s, restored, dropped)
