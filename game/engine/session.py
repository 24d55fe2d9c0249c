"""The game being played: a campaign, the day's order book, the seats at the keyboard, the umpire's actions and
what a save keeps of them. No Textual here: the TUI shows a `Session` and sends it what the player does.

- `OrderBook.give(order)` applies the catalogue's replacement rule first (a new doctrine takes the place of
  today's), then asks the rules whether the order can be given on top of the rest (`catalogue.admissible`,
  staff time included). An information order (a visit, a talk) is answered at once and, its answer shown,
  can no longer be cancelled for a refund.
- `Session.end_day()` resolves the day with the book's orders and returns a typed `DayOutcome` (or `NotEnded`
  when the umpire has paused the game).
- A `Seat` owns the orders it gives; what it may give and see is decided by a `gate` the classroom layer sets
  (one seat, the whole staff, by default).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.engine import saves, umpire
from game.engine.campaign import Campaign
from game.rules import catalogue as cat
from game.rules import orders as o
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


@dataclass(frozen=True, slots=True)
class Seat:
    """A place at the keyboard: it gives orders and reads reports. One seat holds the whole staff in a game for
    one player; a classroom game has one seat per role or group of roles."""

    id: str
    name: str
    sees: frozenset[str] = PANELS


STAFF = Seat("staff", "The staff")

#: Why a seat may not give an order (None: it may). Set by the classroom layer.
Gate = Callable[[Seat, Order], str | None]


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

    @property
    def orders(self) -> list[Order]:
        return [e.order for e in self.entries]

    def __len__(self) -> int:
        return len(self.entries)

    def spent(self) -> int:
        """Staff time taken by today's orders."""
        return cat.staff_time(self.orders)

    def left(self) -> int:
        """Staff time left today."""
        return o.STAFF_TIME - self.spent()

    def why_not(self, order: Order) -> str | None:
        """Why `order` could not be given now (after the replacement rule), or None."""
        c = self.campaign
        kept = [e.order for e in self.entries if not cat.replaces(e.order, order)]
        return cat.admissible(c.world, c.state, kept, order)

    def give(self, order: Order, seat: str = STAFF.id) -> Given:
        """Add an order: first the replacement rule, then the rules' check on what is left (so changing today's
        doctrine on a full day is allowed: the new one takes the old one's staff time)."""
        reason = self.why_not(order)
        if reason is not None:
            return Given(order, False, reason)
        gone = [e for e in self.entries if cat.replaces(e.order, order)]
        self.entries = [e for e in self.entries if e not in gone]
        entry = Entry(order, seat)
        answer: tuple[str, ...] = ()
        if cat.spec_of(order).information:
            answer = tuple(self._answer(order))
            entry.answered = True
        self.entries.append(entry)
        return Given(order, True, None, tuple(e.order for e in gone), answer)

    def _answer(self, order: Order) -> list[str]:
        c = self.campaign
        match order:
            case o.Inspect(position=p):
                return position_report(c.world, c.state, p)
            case o.Consult(officer=who):
                return officer_report(c.world, c.state, who)
        return []

    def cancel(self, number: int) -> Cancelled:
        """Cancel the order numbered `number` (from 1, as 'orders' lists them)."""
        if not 1 <= number <= len(self.entries):
            return Cancelled(False, None, f"there is no order {number} (orders 1 to {len(self.entries)})"
                             if self.entries else "no order has been given today")
        e = self.entries[number - 1]
        if e.answered:
            return Cancelled(False, e.order, "it has been carried out: its answer is given and its staff time "
                                             "spent")
        del self.entries[number - 1]
        return Cancelled(True, e.order)

    def withdraw_answers(self, event: str) -> None:
        """Drop the answers to an event (the umpire withdrew it)."""
        self.entries = [e for e in self.entries if not (isinstance(e.order, o.Choose) and e.order.event == event)]

    def restore(self, orders: Iterable[Order], seat: str = STAFF.id) -> None:
        """Put back the orders of a game saved mid-day; information orders were answered before the save."""
        self.entries = [Entry(od, seat, cat.spec_of(od).information) for od in orders]

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


class Session:
    """One game being played."""

    def __init__(self, campaign: Campaign, *, sensitivity: str = "full",
                 seats: list[Seat] | None = None) -> None:
        self.campaign = campaign
        self.book = OrderBook(campaign)
        self.sensitivity = sensitivity if sensitivity in ("full", "summary") else "full"
        self.seats: list[Seat] = seats or [STAFF]
        self.seat: Seat = self.seats[0]
        #: Positions seen in person today (the place panel shows true figures there).
        self.visited: set[str] = set()
        #: Unsaved progress since the last save or load.
        self.dirty = False
        self.paused = False
        self.umpire_actions: list[umpire.UmpireAction] = []
        #: Set by the classroom layer: which orders a seat may give; what else goes into a save's meta.
        self.gate: Gate | None = None
        self.extra_meta: Callable[[], dict[str, Any]] | None = None
        #: The meta of the save this session was loaded from (the classroom layer restores itself from it).
        self.loaded_meta: dict[str, Any] = {}

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
        """Today's orders, as they will go out."""
        return self.book.orders

    def date(self, day: int | None = None) -> dt.date:
        return self.world.date(self.state.day if day is None else day)

    # ---- orders

    def why_not(self, order: Order, seat: Seat | None = None) -> str | None:
        """Why the seat (the one at the keyboard by default) cannot give this order now, or None."""
        if self.over:
            return "the campaign is over"
        if self.gate is not None and (reason := self.gate(seat or self.seat, order)) is not None:
            return reason
        return self.book.why_not(order)

    def may(self, seat: Seat | None = None) -> Callable[[Order], bool]:
        """A filter for the menu: the orders this seat's gate lets it give (legality aside)."""
        gate, who = self.gate, seat or self.seat
        if gate is None:
            return lambda _order: True
        return lambda order: gate(who, order) is None

    def give(self, order: Order) -> Given:
        """The seat at the keyboard gives an order."""
        if self.over:
            return Given(order, False, "the campaign is over")
        if self.gate is not None and (reason := self.gate(self.seat, order)) is not None:
            return Given(order, False, reason)
        got = self.book.give(order, self.seat.id)
        if got.ok:
            self.dirty = True
            if isinstance(order, o.Inspect):
                self.visited.add(order.position)
        return got

    def answer(self, event: str, choice: str) -> Given:
        """Answer a pending decision."""
        return self.give(o.Choose(event, choice))

    def cancel(self, number: int) -> Cancelled:
        got = self.book.cancel(number)
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

    # ---- the day

    def end_day(self) -> DayOutcome | NotEnded:
        """Send today's orders and resolve the day."""
        c = self.campaign
        if c.over:
            return NotEnded("the campaign is over")
        if self.paused:
            return NotEnded("the umpire has paused the game")
        day = c.state.day
        orders = self.book.orders
        res = c.end_day(orders)
        self.book.clear()
        self.visited = set()
        self.dirty = True
        self.seat = self.seats[0]
        plain = tuple(e for e in res.fired if e in c.world.event_by_id and e not in c.state.pending)
        return DayOutcome(day, c.world.date(day), tuple(res.happenings), tuple(res.refused), plain,
                          tuple(self.decisions()), c.over)

    # ---- what a seat sees

    def sees(self, seat: Seat | None = None) -> frozenset[str]:
        return (seat or self.seat).sees

    def diary(self, seat: Seat | None = None) -> list[Happening]:
        """The last day's happenings this seat may read."""
        sees = self.sees(seat)
        if "log" not in sees or not self.campaign.log:
            return []
        return [h for h in self.campaign.log[-1].happenings
                if "stocks" in sees or h.phase not in ("supply", "stocks")]

    # ---- the umpire

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

    def umpire_end(self) -> umpire.UmpireAction:
        """End the game now for the debrief (raises umpire.UmpireError)."""
        a = umpire.end_early(self.campaign)
        self.umpire_actions.append(a)
        self.book.clear()
        self.dirty = True
        return a

    def umpire_jump(self, preset: str) -> int:
        """Play historically up to a preset's start (raises umpire.UmpireError); returns the new day."""
        c = self.campaign
        p = umpire.preset_by_id(c.world, preset)
        target = c.world.day_of(p.start)
        if target < c.state.day:
            raise umpire.UmpireError(f"'{p.title}' starts on {p.start:%d %B}, before today")
        umpire.advance_to(c, target)
        self.book.clear()
        self.visited = set()
        self.dirty = True
        return c.state.day

    def toggle_pause(self) -> bool:
        self.paused = not self.paused
        return self.paused

    # ---- saving and loading

    def save_meta(self, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """Everything a save keeps besides the command log: the classroom's data (and `extra`), the umpire's
        actions, the orders given so far today."""
        meta: dict[str, Any] = dict(self.extra_meta()) if self.extra_meta is not None else {}
        meta.update(extra or {})
        if self.umpire_actions or UMPIRE_KEY in meta:
            meta = umpire.actions_meta(self.umpire_actions, meta)
        if self.book.entries and not self.over:
            meta[QUEUED_KEY] = [order_to_dict(od) for od in self.book.orders]
        return meta

    def save_file(self, extra: dict[str, Any] | None = None) -> saves.SaveFile:
        """The game in its save form (the command log and `save_meta`); SaveError if that data would not
        validate (a bug: nothing is written then)."""
        return saves.to_save(self.campaign, self.save_meta(extra))

    def save(self, path: Path, extra: dict[str, Any] | None = None) -> Path:
        """Save atomically: `game.fsio.FileRefused` if the file cannot be written (not a regular file, a full
        disk: the old save is then unchanged), `saves.SaveError` if the game's data would not validate."""
        saves.write_atomic(path, saves.save_json(self.save_file(extra)), what="save")
        self.dirty = False
        return path

    @classmethod
    def load(cls, path: Path, world: World, sensitivity: str = "full", *, pack_hint: str = "") -> Loaded:
        """Read a save and replay it as every front end does (`umpire.load_save`: the whole file validated,
        the packs checked, the umpire's actions re-applied, the hash compared); raises saves.SaveError.
        A game saved mid-day gets its orders of the day back."""
        sf, c = umpire.load_save(path, world, pack_hint=pack_hint)
        s = cls(c, sensitivity=sensitivity)
        s.loaded_meta = dict(sf.meta)
        s.umpire_actions = umpire.actions_of(sf)
        restored, dropped = 0, False  # a list of today's orders that does not validate refuses the whole save
        queued = list(sf.typed_meta.queued)
        if queued and not c.over:
            s.book.restore(queued)
            restored = len(queued)
            s.visited = {od.position for od in queued if isinstance(od, o.Inspect)}
        return Loaded(s, restored, dropped)
